"""ScanReport -> a rich table for people (rich is imported only here)."""
from __future__ import annotations

from typing import TextIO

from ..findings import ScanReport

_SUMMARY = 90  # characters of the summary shown; the JSON output has it whole
_ALIASES = 3   # aliases listed per finding; the JSON output lists all
_STYLE = {"CRITICAL": "bold red", "HIGH": "red", "MEDIUM": "yellow", "LOW": "cyan", "UNKNOWN": "magenta"}


def render(report: ScanReport, file: TextIO | None = None, *, strict_ranges: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..scan import blocks

    console = Console(file=file, highlight=False)
    n = len(report.vulnerabilities)
    title = (f"{n} vulnerabilit{'y' if n == 1 else 'ies'} in {report.dependencies} dependencies "
             f"({len(report.manifests)} file{'s' if len(report.manifests) != 1 else ''})")
    if n:
        table = Table(title=title, title_justify="left")
        for col in ("severity", "id", "package", "installed", "fixed", "summary", "where"):
            # ids and severities are read whole; the prose columns give way on narrow terminals
            table.add_column(col, overflow="fold", no_wrap=col in ("severity", "id"))
        for v in report.vulnerabilities:
            sev = Text(v.severity + (f" {v.cvss_score:.1f}" if v.cvss_score is not None else ""),
                       style=_STYLE.get(v.severity, ""))
            installed = Text(v.installed, style="yellow" if v.range_admits_affected else "")
            if v.range_can_resolve_fixed:
                installed.append(" (can resolve unaffected)", style="dim")
            ident = Text(v.id)
            if v.aliases:
                shown = "\n".join(v.aliases[:_ALIASES])
                more = len(v.aliases) - _ALIASES
                ident.append("\n" + shown + (f"\n+{more} more" if more > 0 else ""), style="dim")
            summary = Text(v.summary if len(v.summary) <= _SUMMARY else v.summary[:_SUMMARY - 1] + "…")
            if v.ignored is not None:
                summary.append(f"\nignored: {v.ignored.reason}", style="dim")
            elif v.range_can_resolve_fixed and not strict_ranges:
                summary.append("\n(the range can resolve to an unaffected version: not blocking)", style="dim")
            elif not blocks(v, report.fail_on, strict_ranges):
                summary.append("\n(below threshold, not blocking)", style="dim")
            package = Text(v.package)
            package.append("\n" + v.ecosystem, style="dim")
            # Text, not markup strings: names, versions and paths may contain "[".
            where = Text(v.manifest + (f":{v.line}" if v.line else ""))
            table.add_row(sev, ident, package, installed, Text(v.fixed or "-"), summary, where)
        console.print(table)
    else:
        console.print(title)
    status_style = "bold green" if report.passed else "bold red"
    console.print(Text(f"scan {report.scan_status} (fail-on {report.fail_on})", style=status_style))
    err = Console(stderr=True, highlight=False) if file is None else console
    for w in report.warnings:
        err.print(Text(f"warning: {w}", style="yellow"))


def database_line(report: ScanReport) -> str:
    """One line on the age of the data each ecosystem was checked against."""
    parts = []
    for f in report.database:
        if f.updated_at is None:
            parts.append(f"{f.ecosystem}: never imported")
        else:
            parts.append(f"{f.ecosystem}: {f.records} records, {f.age_hours:.1f} h old{' (stale)' if f.stale else ''}")
    return "OSV data: " + ("; ".join(parts) if parts else "not consulted")
