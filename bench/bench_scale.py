"""Scale: a synthetic OSV database of 200,000 records against the small real one.

    python bench/bench_scale.py [--records 200000] [--packages 5000] [--runs 5]

Builds `<tmp>/bucket/npm/all.zip` with N synthetic records shaped like real GHSA npm
records (SEMVER ranges, CVSS vectors, aliases) spread over N/3 package names. A share of
the records (--hit-share, default 0.2%: 400 at 200k, about twice the real records the
lockfile's packages have) name a package of the benchmark lockfile, so the big database
also has more findings to match, group and report, as a bigger real database would. Imports it with `agent-immune db update`
and reports import time and on-disk size per 10,000 records. Then runs the same offline
scan of a 5,000-package package-lock.json against the big database and against the
small real one (tests/osv/data, the real-record test bucket). Target: big <= 1.5x small.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" / "agent-immune"
sys.path.insert(0, str(ROOT / "bench"))
from gen_package_lock import generate  # noqa: E402

REAL_BUCKET = ROOT / "tests" / "osv" / "data"
VECTORS = ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N",
           "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H")


def synthetic_records(n: int, lock_names: list[str], hit_share: float, seed: int = 1):
    rng = random.Random(seed)
    pool = [f"synthetic-pkg-{i}" for i in range(max(n // 3, 1))]
    for i in range(n):
        name = rng.choice(lock_names) if rng.random() < hit_share else rng.choice(pool)
        major = rng.randint(0, 9)
        fixed = f"{major}.{rng.randint(0, 30)}.{rng.randint(0, 30)}"
        rid = f"GHSA-syn{i:07d}"
        yield rid, {
            "id": rid, "modified": "2026-01-01T00:00:00Z", "published": "2025-01-01T00:00:00Z",
            "aliases": [f"CVE-2099-{i:07d}"], "summary": f"Synthetic advisory {i} for {name}",
            "details": "Synthetic record for the scale benchmark. " * 3,
            "severity": [{"type": "CVSS_V3", "score": rng.choice(VECTORS)}],
            "affected": [{"package": {"ecosystem": "npm", "name": name},
                          "ranges": [{"type": "SEMVER", "events": [{"introduced": f"{major}.0.0"}, {"fixed": fixed}]}],
                          "database_specific": {"source": "synthetic"}}],
            "database_specific": {"severity": rng.choice(("LOW", "MODERATE", "HIGH", "CRITICAL"))},
        }


def build_bucket(dest: Path, n: int, lock_names: list[str], hit_share: float) -> Path:
    (dest / "npm").mkdir(parents=True)
    with zipfile.ZipFile(dest / "npm" / "all.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        # The real records too: the big database is the small one plus N synthetic records.
        with zipfile.ZipFile(REAL_BUCKET / "npm" / "all.zip") as real:
            for member in real.namelist():
                zf.writestr(member, real.read(member))
        for rid, rec in synthetic_records(n, lock_names, hit_share):
            zf.writestr(f"{rid}.json", json.dumps(rec))
    (dest / "ecosystems.txt").write_text("npm\n")
    return dest


def cli(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "AGENT_IMMUNE_HOME": str(home), "AGENT_IMMUNE_CONFIG": str(home / "none.toml")}
    r = subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True)
    if check and r.returncode not in (0, 1):
        raise SystemExit(f"agent-immune {' '.join(args)} failed: {r.stderr.strip()}")
    return r


def timed_scan(home: Path, lock: Path, runs: int) -> float:
    cli(home, "scan", str(lock), "--offline", "--format", "json")  # warm the page cache
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        cli(home, "scan", str(lock), "--offline", "--format", "json")
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--packages", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--hit-share", type=float, default=0.002,
                    help="share of synthetic records that name a package of the lockfile")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lock_doc = generate(args.packages, seed=0, osv_zip=REAL_BUCKET / "npm" / "all.zip")
        lock = tmp / "app" / "package-lock.json"
        lock.parent.mkdir()
        lock.write_text(json.dumps(lock_doc))
        names = sorted({k.rsplit("node_modules/", 1)[-1] for k in lock_doc["packages"] if k})

        t = time.perf_counter()
        bucket = build_bucket(tmp / "bucket", args.records, names, args.hit_share)
        gen_s = time.perf_counter() - t

        big, small = tmp / "big", tmp / "small"
        t = time.perf_counter()
        cli(big, "db", "update", "--source", str(bucket), "--ecosystem", "npm")
        import_s = time.perf_counter() - t
        size = sum(f.stat().st_size for f in big.rglob("*") if f.is_file())
        cli(small, "db", "update", "--source", str(REAL_BUCKET), "--ecosystem", "npm")

        small_s = timed_scan(small, lock, args.runs)
        big_s = timed_scan(big, lock, args.runs)
        found_big = json.loads(cli(big, "scan", str(lock), "--offline", "--format", "json").stdout)
        found_small = json.loads(cli(small, "scan", str(lock), "--offline", "--format", "json").stdout)
        per10k = args.records / 10_000
        rows = [
            ("synthetic records", f"{args.records:,} ({args.hit_share:.1%} name a lockfile package)"),
            ("bucket generation", f"{gen_s:.1f} s"),
            ("import (db update)", f"{import_s:.1f} s  ({import_s / per10k:.2f} s per 10k records)"),
            ("on-disk size", f"{size / 1e6:.1f} MB  ({size / 1e6 / per10k:.2f} MB per 10k records)"),
            ("scan vs small real DB", f"{small_s * 1000:.0f} ms (median of {args.runs}); "
                                      f"{len(found_small['vulnerabilities'])} findings"),
            ("scan vs 200k DB", f"{big_s * 1000:.0f} ms (median of {args.runs}); "
                                f"{len(found_big['vulnerabilities'])} findings"),
            ("ratio big/small", f"{big_s / small_s:.2f}x  (target <= 1.5x)"),
        ]
        width = max(len(r[0]) for r in rows)
        print(f"bench_scale: {args.packages}-package package-lock.json, offline scan through the CLI")
        for k, v in rows:
            print(f"  {k:<{width}}  {v}")
        return 0 if big_s / small_s <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
