"""`agent-immune deps PATH... [--as FILENAME] [--format json|table]`."""
from __future__ import annotations

import argparse

from .common import add_format, write_json

HELP = "list the packages that manifests and lockfiles declare"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest, lockfile or directory (searched recursively)")
    parser.add_argument("--as", dest="as_name", metavar="FILENAME",
                        help="parse the file as if it had this name (e.g. requirements.txt)")
    parser.add_argument("--no-lockfile", action="store_true",
                        help="read manifests themselves even when a lockfile sits beside them")
    add_format(parser, ("json", "table"), "json")


def run(args: argparse.Namespace) -> int:
    from ..deps import collect

    manifests = collect(args.paths, args.as_name, use_lockfiles=not args.no_lockfile)
    packages = [p for m in manifests for p in m.packages]
    if args.format == "json":
        write_json([p.to_json() for p in packages])
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(packages)} packages in {len(manifests)} files")
    for col in ("name", "version", "ecosystem", "source"):
        table.add_column(col)
    for p in packages:
        version = p.version or (f"[yellow]{p.spec}[/]" if p.spec else "[dim](any)[/]")
        table.add_row(p.name, version, p.ecosystem, p.source + (f":{p.line}" if p.line else ""))
    Console().print(table)
    for m in manifests:
        if m.superseded:
            Console(stderr=True).print(f"[dim]{', '.join(m.superseded)}: using resolved versions from {m.path}[/]")
    return 0
