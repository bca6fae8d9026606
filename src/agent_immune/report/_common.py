"""Helpers shared by the scan-report renderers."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..findings import SEVERITIES, Vulnerability

ADVISORY_URL = "https://osv.dev/vulnerability/{id}"


def sort_vulns(vulns) -> list[Vulnerability]:
    return sorted(vulns, key=lambda v: (SEVERITIES.index(v.severity) if v.severity in SEVERITIES else 99,
                                        v.package, v.id))


@lru_cache(maxsize=256)
def _lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def declaration_line(v: Vulnerability) -> int | None:
    """Where the package is declared in its manifest: the extractor's line, else a search.

    The search looks for the name as a token (quoted, or at the start of a line, or as a
    lockfile `name = "..."`), the way a reader would find it.
    """
    if v.line:
        return v.line
    name = re.escape(v.package)
    pattern = re.compile(rf'(^|["\'/\s])({name})(["\'@=<>~!:\s\[]|$)', re.IGNORECASE)
    for i, text in enumerate(_lines(v.manifest), 1):
        if pattern.search(text):
            return i
    return None
