"""Ignore rules: accepted risks, each with a reason and optionally an expiry.

Rules come from `agent-immune.toml` at the scanned root (`[[ignore]]` tables) and from
`[[immune.ignore]]` in the config. An ignored finding stays in the report, marked with
why, and does not block. A rule past its `until` date no longer applies and is reported
as expired, so accepted risks cannot silently outlive their review.

A file that does not parse, or a rule without `id` or `reason`, is an error (exit 2),
never an empty rule list: a typo here must not quietly un-ignore or over-ignore.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import ConfigError
from .findings import Ignored, Vulnerability
from .osv.names import normalize_name

PROJECT_FILE = "agent-immune.toml"
_KEYS = {"id", "package", "ecosystem", "version", "reason", "until", "approved_by"}


@dataclass(frozen=True)
class IgnoreRule:
    id: str
    reason: str
    package: str | None = None
    ecosystem: str | None = None
    version: str | None = None       # exact version or a glob such as "4.17.*"
    until: dt.date | None = None
    approved_by: str | None = None
    origin: str = ""                 # file the rule came from, for messages

    def expired(self, today: dt.date) -> bool:
        return self.until is not None and today > self.until

    def matches(self, v: Vulnerability) -> bool:
        ids = {v.id.upper(), *(a.upper() for a in v.aliases)}
        if self.id.upper() not in ids:
            return False
        if self.ecosystem and self.ecosystem.split(":")[0] != v.ecosystem.split(":")[0]:
            return False
        if self.package and normalize_name(v.ecosystem, self.package) != normalize_name(v.ecosystem, v.package):
            return False
        if self.version and not fnmatch.fnmatchcase(v.installed, self.version):
            return False
        return True


def _parse_date(value: Any, origin: str, n: int) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"ignore rule #{n}: `until` must be a date like 2026-12-31, got {value!r}", path=origin)


def parse_rules(raw: Sequence[Any], origin: str) -> list[IgnoreRule]:
    rules = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise ConfigError(f"ignore rule #{n} must be a table", path=origin)
        unknown = set(item) - _KEYS
        if unknown:
            raise ConfigError(f"ignore rule #{n}: unknown key(s) {', '.join(sorted(unknown))}", path=origin)
        for key in ("id", "reason"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise ConfigError(f"ignore rule #{n}: `{key}` is required (a non-empty string)", path=origin)
        for key in ("package", "ecosystem", "version", "approved_by"):
            if key in item and not isinstance(item[key], str):
                raise ConfigError(f"ignore rule #{n}: `{key}` must be a string", path=origin)
        rules.append(IgnoreRule(
            id=item["id"].strip(), reason=item["reason"].strip(), package=item.get("package"),
            ecosystem=item.get("ecosystem"), version=item.get("version"),
            until=_parse_date(item.get("until"), origin, n), approved_by=item.get("approved_by"), origin=origin,
        ))
    return rules


def load_project_rules(root: Path) -> list[IgnoreRule]:
    """Rules from <root>/agent-immune.toml (none when the file does not exist)."""
    path = root / PROJECT_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read ignore file: {exc}", path=path) from None
    import tomllib  # only when the project has an ignore file (start-up time of every scan)

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=path) from None
    raw = doc.get("ignore", [])
    if not isinstance(raw, list):
        raise ConfigError("`ignore` must be an array of tables ([[ignore]])", path=path)
    return parse_rules(raw, str(path))


def load_rules(roots: Iterable[Path], config: Any = None) -> list[IgnoreRule]:
    """Project rules of every scanned root plus the config's [[immune.ignore]]."""
    rules: list[IgnoreRule] = []
    seen: set[Path] = set()
    for root in roots:
        root = root if root.is_dir() else root.parent
        key = root.resolve()
        if key not in seen:
            seen.add(key)
            rules.extend(load_project_rules(root))
    if config is not None and config.immune.ignore:
        rules.extend(parse_rules(config.immune.ignore, config.path or "config"))
    return rules


def apply_rules(vulns: Sequence[Vulnerability], rules: Sequence[IgnoreRule],
                today: dt.date | None = None) -> tuple[list[Vulnerability], list[str]]:
    """Mark ignored findings; return them with warnings about expired rules."""
    today = today or dt.date.today()
    out, warnings = [], []
    reported: set[int] = set()
    for v in vulns:
        applied = None
        for i, rule in enumerate(rules):
            if not rule.matches(v):
                continue
            if rule.expired(today):
                if i not in reported:
                    reported.add(i)
                    warnings.append(f"ignore rule for {rule.id} ({rule.origin}) expired on {rule.until.isoformat()}; "
                                    "the finding is no longer ignored")
                continue
            applied = rule
            break
        if applied is not None:
            v = dataclasses.replace(v, ignored=Ignored(applied.reason, applied.until.isoformat() if applied.until else None,
                                                       applied.approved_by))
        out.append(v)
    return out, warnings
