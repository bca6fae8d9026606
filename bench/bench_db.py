#!/usr/bin/env python3
"""Benchmark the local OSV database: import per ecosystem, look-up latency, storage format.

Reads the full exports in ../shared/osv when present (else the test bucket), imports each
ecosystem into a fresh temporary data home, and prints tables of figures.
"""
from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from agent_immune.osv import store, sync  # noqa: E402

SHARED = ROOT.parent / "shared" / "osv"
SOURCE = SHARED if SHARED.is_dir() else ROOT / "tests" / "osv" / "data"


def table(title: str, header: list[str], rows: list[list[object]]) -> None:
    cells = [header] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    for i, r in enumerate(cells):
        print("  ".join(c.rjust(w) if j else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))


def bench_import() -> Path:
    ecosystems = [line.strip() for line in (SOURCE / "ecosystems.txt").read_text().splitlines() if line.strip()]
    rows = []
    for eco in ecosystems:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            result = sync.update(Path(tmp), str(SOURCE), [eco])[0]
            secs = time.perf_counter() - t
            size = store.db_path(Path(tmp)).stat().st_size
        zip_bytes = (SOURCE / eco / "all.zip").stat().st_size
        rows.append([eco, result.records, f"{zip_bytes / 1e6:.2f}", f"{secs:.3f}",
                     f"{result.records / secs:,.0f}", f"{size / 1e6:.2f}"])
    table(f"import, one ecosystem into a fresh home (source {SOURCE})",
          ["ecosystem", "records", "zip MB", "seconds", "records/s", "DB MB"], rows)
    home = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    results = sync.update(home, str(SOURCE), ecosystems)
    secs = time.perf_counter() - t
    total = sum(r.records for r in results)
    t = time.perf_counter()
    again = sync.update(home, str(SOURCE), ecosystems)
    noop = time.perf_counter() - t
    table("import, all ecosystems in one update", ["what", "value"], [
        ["ecosystems", len(results)], ["records (per folder, summed)", total], ["seconds", f"{secs:.2f}"],
        ["DB MB", f"{store.db_path(home).stat().st_size / 1e6:.2f}"],
        ["unchanged re-run seconds", f"{noop:.3f} ({', '.join(sorted({r.status for r in again}))})"],
    ])
    return home


def bench_lookup(home: Path) -> None:
    rows = []
    with store.OsvStore.open(home) as db:
        for eco in ("PyPI", "npm", "Go", "crates.io"):
            real = [r[0] for r in db._query(
                "SELECT DISTINCT name_normalized FROM affected_pkg WHERE ecosystem_base = ? LIMIT 250", (eco,))]
            for n, label in ((100, "100"), (5000, "5000")):
                names = (real + [f"no-such-package-{i}" for i in range(n)])[:n]
                timings = []
                for _ in range(7):
                    t = time.perf_counter()
                    found = db.records_for(eco, names)
                    timings.append(time.perf_counter() - t)
                hits = sum(len(v) for v in found.values())
                index = []
                for _ in range(7):
                    t = time.perf_counter()
                    db._query(
                        "SELECT a.name_normalized, a.record_id FROM json_each(?2) AS j "
                        "JOIN affected_pkg a ON a.ecosystem_base = ?1 AND a.name_normalized = j.value",
                        (eco, json.dumps(sorted(set(names)))))
                    index.append(time.perf_counter() - t)
                rows.append([eco, label, hits, f"{statistics.median(index) * 1e3:.2f}",
                             f"{statistics.median(timings) * 1e3:.2f}"])
        ids = [r[0] for r in db._query("SELECT id FROM record LIMIT 1000")]
        t = time.perf_counter()
        db.get_many(ids)
        get_ms = (time.perf_counter() - t) * 1e3
    table("records_for: one batched query per call (median of 7); 'index' = the look-up alone, "
          "'records_for' adds reading and parsing the matching records",
          ["ecosystem", "names", "records", "index ms", "records_for ms"], rows)
    table("get_many", ["ids", "ms"], [[len(ids), f"{get_ms:.2f}"]])


def bench_storage(home: Path) -> None:
    conn = sqlite3.connect(store.db_path(home))
    texts = [r[0] for r in conn.execute("SELECT json FROM record")]
    conn.close()
    packed = [zlib.compress(t.encode(), 1) for t in texts]
    t = time.perf_counter()
    for s in texts:
        json.loads(s)
    plain = time.perf_counter() - t
    t = time.perf_counter()
    for b in packed:
        json.loads(zlib.decompress(b))
    z = time.perf_counter() - t
    table(f"record storage format ({len(texts)} records): why compact JSON, not zlib",
          ["format", "MB", "decode all, s", "us/record"], [
              ["compact JSON (used)", f"{sum(map(len, texts)) / 1e6:.2f}", f"{plain:.3f}", f"{plain / len(texts) * 1e6:.1f}"],
              ["zlib level 1", f"{sum(map(len, packed)) / 1e6:.2f}", f"{z:.3f}", f"{z / len(texts) * 1e6:.1f}"],
          ])


def main() -> int:
    home = bench_import()
    bench_lookup(home)
    bench_storage(home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
