#!/usr/bin/env python3
"""Benchmark `agent-immune scan`: a warm offline scan of a 5,000-package package-lock.json.

    python bench/bench_scan.py [-n 5000] [--runs 7]

The database is imported from ../shared/osv (npm export) when present, else from the
test records. The floor is the cost of merely parsing the same file in a fresh Python
process: `python3 -c "import json; json.load(open(F))"`. Both are timed in the same run
as whole processes (the CLI through .venv/bin/agent-immune), median of N runs after one
warm-up each (which also writes the bytecode caches an installed tool has). Target: the
scan at most 3x the floor. A second table breaks one
in-process scan into its stages.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

SHARED = ROOT.parent / "shared" / "osv"
CLI = ROOT / ".venv" / "bin" / "agent-immune"


def table(title: str, header: list[str], rows: list[list[object]]) -> None:
    cells = [header] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    for i, r in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))


def _source(work: Path) -> Path:
    if (SHARED / "npm" / "all.zip").is_file():
        return SHARED
    # Fall back to a bucket built from the test records.
    sys.path.insert(0, str(ROOT))
    from tests.test_scan import make_bucket

    return make_bucket(work / "bucket")


def _lockfile(path: Path, n: int, osv_zip: Path | None) -> Path:
    try:
        from gen_package_lock import generate
    except ImportError:  # the generator lives beside this script; keep working without it
        generate = None
    if generate is not None:
        doc = generate(n, 0, osv_zip) if osv_zip else generate(n, 0)
    else:
        doc = {"name": "bench", "lockfileVersion": 3, "packages": {"": {"name": "bench"}}}
        for i in range(n):
            doc["packages"][f"node_modules/pkg-{i}"] = {"version": f"1.{i % 50}.{i % 7}"}
    path.write_text(json.dumps(doc, indent=2))
    return path


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _time_pair(floor_argv: list[str], scan_argv: list[str], env: dict, runs: int) -> dict[str, list[float]]:
    """Alternate floor and scan runs so both see the same machine load.

    Records wall time and CPU time (user + system) of each child: on a busy machine the
    CPU time is the steadier figure."""
    for argv in (floor_argv, scan_argv):
        subprocess.run(argv, env=env, capture_output=True)  # warm-up
    out: dict[str, list[float]] = {"floor": [], "scan": [], "floor_cpu": [], "scan_cpu": []}
    for _ in range(runs):
        for name, argv, ok in (("floor", floor_argv, (0,)), ("scan", scan_argv, (0, 1))):
            t, c = time.perf_counter(), _cpu()
            p = subprocess.run(argv, env=env, capture_output=True)
            out[name].append(time.perf_counter() - t)
            out[name + "_cpu"].append(_cpu() - c)
            if p.returncode not in ok:
                raise SystemExit(f"{argv[0]} exited {p.returncode}: {p.stderr.decode()[:500]}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5000, help="packages in the generated lockfile")
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args(argv)

    from agent_immune.osv import sync

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = _source(work)
        home = work / "home"
        t = time.perf_counter()
        sync.update(home, str(source), ["npm"])
        import_s = time.perf_counter() - t
        lock = _lockfile(work / "package-lock.json", args.n, source / "npm" / "all.zip")
        env = {**os.environ, "AGENT_IMMUNE_HOME": str(home), "AGENT_IMMUNE_CONFIG": str(work / "none.toml")}
        # Warm means an installed tool: bytecode caches written (the warm-up run writes them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)

        t = _time_pair([sys.executable, "-c", f"import json; json.load(open({str(lock)!r}))"],
                       [str(CLI), "scan", str(lock), "--offline", "--format", "json"], env, args.runs)
        out = subprocess.run([str(CLI), "scan", str(lock), "--offline", "--format", "json"], env=env,
                             capture_output=True, text=True)
        doc = json.loads(out.stdout)

        med = {k: statistics.median(v) for k, v in t.items()}
        rows = []
        for label, key in (("floor: python3 json.load", "floor"),
                           ("agent-immune scan --offline --format json", "scan")):
            rows.append([label, f"{med[key]:.3f}", f"{min(t[key]):.3f}", f"{med[key] / med['floor']:.2f}",
                         f"{med[key + '_cpu']:.3f}", f"{med[key + '_cpu'] / med['floor_cpu']:.2f}"])
        table(f"warm offline scan, {doc['dependencies']} packages ({lock.stat().st_size // 1024} KiB lockfile), "
              f"median of {args.runs}, load average {os.getloadavg()[0]:.1f}",
              ["what", "wall s", "min wall s", "x floor", "cpu s", "cpu x floor"], rows)
        ratio = med["scan"] / med["floor"]
        print(f"\nfindings: {len(doc['vulnerabilities'])}, scan_status: {doc['scan_status']}, "
              f"npm records: {doc['database'][0]['records'] if doc['database'] else 0}, "
              f"db import {import_s:.2f} s; target <= 3.00x floor (wall): {'met' if ratio <= 3 else 'NOT met'}")

        # Stage breakdown, in process (second run, caches warm).
        os.environ["AGENT_IMMUNE_HOME"] = str(home)
        os.environ["AGENT_IMMUNE_CONFIG"] = str(work / "none.toml")
        from agent_immune.config import load_config
        from agent_immune.deps import collect
        from agent_immune.osv.store import OsvStore
        from agent_immune.report.json import report_json
        from agent_immune.scan import scan_packages

        import gc

        gc.disable()  # as `agent-immune scan` runs (cli/scan.py)
        rows = []
        for _ in range(2):
            rows = []
            t0 = time.perf_counter()
            cfg = load_config()
            manifests = collect([lock])
            t1 = time.perf_counter()
            pkgs = [p for m in manifests for p in m.packages]
            with OsvStore.open(cfg.data_home()) as st:
                t2 = time.perf_counter()
                report = scan_packages(pkgs, source=st, manifests=[m.path for m in manifests])
                t3 = time.perf_counter()
            json.dumps(report_json(report), indent=2)
            t4 = time.perf_counter()
            rows = [["parse lockfile (collect)", f"{(t1 - t0) * 1000:.1f}"], ["open store", f"{(t2 - t1) * 1000:.1f}"],
                    ["look-up + match + group", f"{(t3 - t2) * 1000:.1f}"], ["render JSON", f"{(t4 - t3) * 1000:.1f}"]]
        gc.enable()
        table("in-process stages (warm)", ["stage", "ms"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
