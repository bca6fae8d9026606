"""`agent-immune scan PATH... [--as NAME] [--format json|table] [--fail-on LEVEL] [--offline] [--strict-ranges]`.

Exit status: 0 passed, 1 blocked, 2 bad input (including a database that --offline
cannot use).
"""
from __future__ import annotations

import argparse
import sys

from .common import add_format, load_config, write_json

HELP = "scan manifests, lockfiles or a patch for known-vulnerable dependencies"

# Formats are looked up here so later renderers (sarif, cyclonedx, markdown) are one entry each.
FORMATS = ("json", "table")
FAIL_ON = ("critical", "high", "medium", "low", "any")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest, lockfile or directory (searched recursively)")
    parser.add_argument("--as", dest="as_name", metavar="NAME",
                        help="parse the file as if it had this name (e.g. requirements.txt)")
    add_format(parser, FORMATS, "table")
    parser.add_argument("--fail-on", choices=FAIL_ON, default=None,
                        help="lowest severity that blocks (default: [immune] fail_on, normally high); "
                             "UNKNOWN severity counts as high")
    parser.add_argument("--offline", action="store_true",
                        help="never refresh the OSV database; use the local copy whatever its age")
    parser.add_argument("--strict-ranges", action="store_true",
                        help="a version range that admits an affected version blocks even if it can also "
                             "resolve to an unaffected one")


def run(args: argparse.Namespace) -> int:
    from ..scan import scan

    config = load_config(args)
    report = scan(args.paths, as_name=args.as_name, fail_on=args.fail_on, offline=args.offline,
                  strict_ranges=args.strict_ranges, config=config)
    if args.format == "json":
        from ..report.json import report_json

        write_json(report_json(report))
    else:
        from ..report import table

        if args.offline:
            sys.stderr.write(table.database_line(report) + "\n")
        table.render(report, strict_ranges=args.strict_ranges)
    return 0 if report.passed else 1
