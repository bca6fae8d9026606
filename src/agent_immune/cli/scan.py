"""`agent-immune scan PATH... | --patch FILE|- [--repo DIR]` with [--as NAME]
[--format json|table|sarif|cyclonedx|markdown] [--fail-on LEVEL] [--offline | --online] [--strict-ranges].

Exit status: 0 passed, 1 blocked, 2 bad input (including a database that --offline
cannot use).
"""
from __future__ import annotations

import argparse
import gc
import sys

from .common import add_format, load_config, write_json

HELP = "scan manifests, lockfiles or a patch for known-vulnerable dependencies"

# Formats are looked up here so later renderers (sarif, cyclonedx, markdown) are one entry each.
FORMATS = ("json", "table", "sarif", "cyclonedx", "markdown")
FAIL_ON = ("critical", "high", "medium", "low", "any")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="manifest, lockfile or directory (searched recursively)")
    parser.add_argument("--patch", metavar="FILE",
                        help="scan what a unified diff would change (FILE, or - for stdin) instead of PATHs")
    parser.add_argument("--repo", metavar="DIR", default=".",
                        help="repository the patch applies to (default: the current directory)")
    parser.add_argument("--as", dest="as_name", metavar="NAME",
                        help="parse the file as if it had this name (e.g. requirements.txt)")
    add_format(parser, FORMATS, "table")
    parser.add_argument("--fail-on", choices=FAIL_ON, default=None,
                        help="lowest severity that blocks (default: [immune] fail_on, normally high); "
                             "UNKNOWN severity counts as high")
    net = parser.add_mutually_exclusive_group()
    net.add_argument("--offline", action="store_true",
                     help="never refresh the OSV database; use the local copy whatever its age")
    net.add_argument("--online", action="store_true",
                     help="ask the OSV API (osv_api_url) instead of the local database; answers are cached for the TTL")
    parser.add_argument("--strict-ranges", action="store_true",
                        help="a version range that admits an affected version blocks even if it can also "
                             "resolve to an unaffected one")


def _read_patch(name: str) -> tuple[str, str]:
    from ..errors import InputError

    if name == "-":
        data = sys.stdin.buffer.read()
        label = "<stdin>"
    else:
        try:
            with open(name, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read patch: {exc.strerror}", path=name) from None
        label = name
    try:
        return data.decode("utf-8"), label
    except UnicodeDecodeError:
        raise InputError("patch is not UTF-8 text", path=label) from None


def run(args: argparse.Namespace) -> int:
    # A scan allocates tens of thousands of containers (the parsed lockfile, packages,
    # records) and makes no reference cycles worth collecting; the collector's passes
    # over that young heap cost about a tenth of a scan. Restored for in-process callers.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if was_enabled:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    from ..errors import InputError

    config = load_config()
    if args.patch is not None:
        if args.paths or args.as_name:
            raise InputError("--patch scans the files a diff touches; give no PATH or --as with it")
        from ..patchscan import scan_patch

        text, label = _read_patch(args.patch)
        report = scan_patch(text, args.repo, name=label, fail_on=args.fail_on, offline=args.offline,
                            online=args.online, strict_ranges=args.strict_ranges, config=config)
    else:
        if not args.paths:
            raise InputError("give at least one PATH to scan, or --patch FILE")
        from ..scan import scan

        report = scan(args.paths, as_name=args.as_name, fail_on=args.fail_on, offline=args.offline,
                      online=args.online, strict_ranges=args.strict_ranges, config=config)
    if args.format == "json":
        from ..report.json import report_json

        write_json(report_json(report))
    elif args.format == "sarif":
        from ..report import sarif

        write_json(sarif.render(report))
    elif args.format == "cyclonedx":
        from ..report import cyclonedx

        sys.stdout.write(cyclonedx.render(report) + "\n")
    elif args.format == "markdown":
        from ..report import markdown

        sys.stdout.write(markdown.render(report))
    else:
        from ..report import table

        if args.offline:
            sys.stderr.write(table.database_line(report) + "\n")
        table.render(report, strict_ranges=args.strict_ranges)
    return 0 if report.passed else 1
