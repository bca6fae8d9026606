#!/usr/bin/env python3
"""Maintainer tool: cut a small OSV snapshot (bucket layout) out of full OSV exports.

    python examples/make_snapshot.py                      # examples/osv-snapshot for `make demo`
    python examples/make_snapshot.py --out tests/osv/data --project '' \\
        --ecosystems PyPI npm crates.io Go Maven RubyGems NuGet Packagist GIT --extra 250

Every record that names a package declared under --project (read with agent-immune's
own extractors) is kept, then a seeded random sample of other records is added until
--extra more are in or the zip would exceed --budget bytes. Records are copied as they
are (re-serialised compactly); zips are deterministic (sorted members, fixed dates), so
re-running with the same inputs gives the same bytes. Not run by tests or the demo.
The licence notes live in the README beside the output, written by hand.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project_packages(project: Path) -> dict[str, set[str]]:
    """ecosystem -> normalized package names the project declares."""
    sys.path.insert(0, str(ROOT / "src"))
    from agent_immune.deps import collect
    from agent_immune.osv.names import normalize_name

    wanted: dict[str, set[str]] = {}
    for manifest in collect([project]):
        for pkg in manifest.packages:
            wanted.setdefault(pkg.ecosystem, set()).add(normalize_name(pkg.ecosystem, pkg.name))
    return wanted


def names_of(doc: dict) -> set[tuple[str, str]]:
    sys.path.insert(0, str(ROOT / "src"))
    from agent_immune.osv.names import base_ecosystem, normalize_name

    out = set()
    for entry in doc.get("affected") or []:
        pkg = entry.get("package") or {}
        if pkg.get("ecosystem") and pkg.get("name"):
            out.add((base_ecosystem(pkg["ecosystem"]), normalize_name(pkg["ecosystem"], pkg["name"])))
    return out


def deflated(doc: dict) -> int:
    """Approximate compressed size of one record in the zip."""
    import zlib

    return len(zlib.compress(json.dumps(doc, separators=(",", ":")).encode(), 9)) + 100


def write_zip(path: Path, docs: list[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for doc in sorted(docs, key=lambda d: d["id"]):
            info = zipfile.ZipInfo(f"{doc['id']}.json", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, json.dumps(doc, separators=(",", ":"), ensure_ascii=False), compresslevel=9)
    path.write_bytes(buf.getvalue())
    return len(buf.getvalue())


def cut(src_zip: Path, ecosystem: str, wanted: set[str], extra: int, budget: int, rng: random.Random) -> list[dict]:
    with zipfile.ZipFile(src_zip) as zf:
        docs = [json.loads(zf.read(n)) for n in sorted(zf.namelist()) if n.endswith(".json")]
    # Records naming no package at all (GIT-only ranges) are rare and worth keeping as examples.
    keep = [d for d in docs if not names_of(d)
            or any(eco == ecosystem and name in wanted for eco, name in names_of(d))]
    size = sum(deflated(d) for d in keep)
    if size > budget:
        print(f"warning: {ecosystem}: the project's own records already take ~{size} bytes", file=sys.stderr)
    kept_ids = {d["id"] for d in keep}
    rest = [d for d in docs if d["id"] not in kept_ids]
    rng.shuffle(rest)
    added = 0
    for doc in rest:
        if added >= extra:
            break
        cost = deflated(doc)
        if size + cost > budget:
            continue
        keep.append(doc)
        size += cost
        added += 1
    return keep


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=Path("/work/shared/osv"), help="full exports, bucket layout")
    ap.add_argument("--out", type=Path, default=ROOT / "examples" / "osv-snapshot")
    ap.add_argument("--project", default=str(ROOT / "examples" / "vulnerable-project"),
                    help="directory whose declared packages must be covered ('' for none)")
    ap.add_argument("--ecosystems", nargs="+", default=["PyPI", "npm", "crates.io", "Go"])
    ap.add_argument("--extra", type=int, default=300, help="other records per ecosystem")
    ap.add_argument("--budget", type=int, default=290_000, help="max zip bytes per ecosystem")
    ap.add_argument("--seed", type=int, default=20241010)
    args = ap.parse_args()

    wanted = project_packages(Path(args.project)) if args.project else {}
    rng = random.Random(args.seed)
    for eco in args.ecosystems:
        docs = cut(args.src / eco / "all.zip", eco, wanted.get(eco, set()), args.extra, args.budget, rng)
        size = write_zip(args.out / eco / "all.zip", docs)
        print(f"{eco:<10} {len(docs):>5} records {size:>8} bytes")
    (args.out / "ecosystems.txt").write_text("".join(f"{e}\n" for e in sorted(args.ecosystems)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
