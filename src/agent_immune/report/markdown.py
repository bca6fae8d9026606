"""Markdown for pull-request comments and chat: a verdict line, then a table per state."""
from __future__ import annotations

from ..findings import ScanReport, Vulnerability
from ._common import ADVISORY_URL, sort_vulns


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _short(text: str | None, limit: int = 120) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(vulns: list[Vulnerability]) -> list[str]:
    rows = ["| severity | vulnerability | package | installed | fixed | summary | manifest |",
            "|---|---|---|---|---|---|---|"]
    for v in vulns:
        ids = f"[{v.id}]({ADVISORY_URL.format(id=v.id)})" + (f" ({', '.join(v.aliases[:3])})" if v.aliases else "")
        score = f" {v.cvss_score:.1f}" if v.cvss_score is not None else ""
        rows.append(f"| {v.severity}{score} | {_cell(ids)} | {_cell(v.package)} ({v.ecosystem}) | "
                    f"{_cell(v.installed)} | {_cell(v.fixed) or '—'} | {_cell(_short(v.summary))} | {_cell(v.manifest)} |")
    return rows


def render(report: ScanReport) -> str:
    icon = "✅" if report.scan_status == "passed" else "⛔"
    lines = [f"## {icon} agent-immune scan: **{report.scan_status}**", ""]
    active = [v for v in report.vulnerabilities if v.ignored is None]
    ignored = [v for v in report.vulnerabilities if v.ignored is not None]
    lines.append(f"{report.dependencies} dependencies in {len(report.manifests)} file(s); "
                 f"{len(active)} vulnerabilit{'y' if len(active) == 1 else 'ies'}"
                 f"{f', {len(ignored)} ignored' if ignored else ''}; blocking at {report.fail_on} and above.")
    lines.append("")
    if report.introduced is not None:
        intro = sort_vulns(v for v in report.introduced if v.ignored is None)
        pre = sort_vulns(report.preexisting or ())
        lines += [f"### Introduced by the patch ({len(intro)})", ""]
        lines += (_table(intro) if intro else ["None."]) + [""]
        lines += [f"### Already present ({len(pre)})", ""]
        lines += (_table(pre) if pre else ["None."]) + [""]
    elif active:
        lines += _table(sort_vulns(active)) + [""]
    if ignored:
        lines += ["### Ignored", "", "| vulnerability | package | reason | until | approved by |", "|---|---|---|---|---|"]
        for v in sort_vulns(ignored):
            ig = v.ignored
            lines.append(f"| {v.id} | {_cell(v.package)} {_cell(v.installed)} | {_cell(ig.reason)} | "
                         f"{ig.until or '—'} | {_cell(ig.approved_by) or '—'} |")
        lines.append("")
    for w in report.warnings:
        lines.append(f"> ⚠️ {_cell(w)}")
    return "\n".join(lines).rstrip() + "\n"
