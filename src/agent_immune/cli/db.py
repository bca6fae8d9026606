"""`agent-immune db update|status`: manage the local OSV database."""
from __future__ import annotations

import argparse
import sys

from .common import add_format, load_config, write_json

HELP = "manage the local OSV database (update, status)"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    upd = sub.add_parser("update", help="download or refresh OSV records (pull-only)",
                         description="Download or refresh OSV records into the local database.")
    upd.add_argument("--source", metavar="URL_OR_DIR",
                     help="http(s) base URL or local directory in the OSV bucket layout (default: [immune] osv_source)")
    upd.add_argument("--ecosystem", action="append", metavar="NAME", dest="ecosystems",
                     help="ecosystem to update, as OSV names it (repeatable; default: those already imported)")
    upd.add_argument("--force", action="store_true", help="download full exports even when unchanged")
    add_format(upd, ("text", "json"), "text")
    st = sub.add_parser("status", help="show ecosystems, record counts and age of the local database",
                        description="Show what the local OSV database holds.")
    add_format(st, ("table", "json"), "table")


def run(args: argparse.Namespace) -> int:
    config = load_config()
    if args.action == "update":
        return _update(args, config)
    return _status(args, config)


def _update(args: argparse.Namespace, config) -> int:
    from ..osv import store, sync

    home = config.data_home()
    source = args.source or config.immune.osv_source
    results = sync.update(home, source, args.ecosystems, force=args.force)
    failed = [r for r in results if not r.ok]
    if args.format == "json":
        write_json({
            "database": str(store.db_path(home)),
            "source": results[0].source if results else source,
            "results": [_result_json(r) for r in results],
            "ok": not failed,
        })
    else:
        skipped = [r.ecosystem for r in results if r.status == "skipped"]
        for r in results:
            if r.status == "skipped":
                continue
            line = f"{r.ecosystem:<12} {r.status:<13} {r.records:>7} records"
            if r.changed or r.removed:
                line += f"  (+{r.changed} changed, -{r.removed} removed)"
            if r.message and r.ok:
                line += f"  note: {r.message}"
            sys.stdout.write(line + "\n")
        if skipped:
            sys.stdout.write(f"skipped (the source has no export for them): {', '.join(skipped)}\n")
    for r in failed:
        sys.stderr.write(f"agent-immune db: error: {r.ecosystem}: {r.message}\n")
    return 2 if failed else 0


def _result_json(r) -> dict:
    return {
        "ecosystem": r.ecosystem,
        "status": r.status,
        "records": r.records,
        "changed": r.changed,
        "removed": r.removed,
        "downloaded_bytes": r.downloaded_bytes,
        "seconds": r.seconds,
        "message": r.message or None,
    }


def _status(args: argparse.Namespace, config) -> int:
    from ..osv import store

    home = config.data_home()
    with store.OsvStore.open(home) as db:
        statuses = db.ecosystems()
        total = db.record_count()
    ttl = config.immune.osv_ttl_hours
    rows = [
        {
            "name": s.name,
            "records": s.records,
            "updated_at": s.updated_at,
            "imported_at": s.imported_at,
            "age_hours": s.age_hours,
            "stale": s.age_hours > ttl,
            "mode": s.mode,
            "source": s.source,
        }
        for s in statuses
    ]
    path = store.db_path(home)
    if args.format == "json":
        write_json({
            "database": str(path),
            "schema_version": store.SCHEMA_VERSION,
            "size_bytes": path.stat().st_size,
            "records": total,
            "ttl_hours": ttl,
            "ecosystems": rows,
        })
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"OSV database {path} ({total} records, TTL {ttl:g} h)")
    for col, justify in (("ecosystem", "left"), ("records", "right"), ("last update (UTC)", "left"),
                         ("age", "right"), ("source", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in rows:
        age = f"{r['age_hours']:.1f} h" + (" (stale)" if r["stale"] else "")
        table.add_row(r["name"], str(r["records"]), r["updated_at"], age, r["source"])
    Console(width=max(100, Console().width)).print(table)
    return 0
