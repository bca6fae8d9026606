"""The [mouth] policy: disabled rules, deny patterns and allow patterns.

Patterns are shell-style globs (`fnmatch`, case-sensitive) or, when written
`re:...`, Python regular expressions (searched). Each pattern is matched against every
simple command, both as written and after wrappers are unwrapped (`sudo env X=1 make
test` is also matched as `make test`), and against the whole input.

Precedence, most secure first:
1. a deny match blocks (rule `policy-deny`), whatever else is found;
2. `block` reasons stand: an allow pattern never lifts a block;
3. an allow match downgrades `review` reasons inside the matching command to `allow`;
4. a disabled rule's reasons are dropped (`malformed`, `policy-deny` and
   `nesting-too-deep` cannot be disabled).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache

from ..errors import ConfigError
from .catalog import RULES, UNDISABLEABLE
from .verdict import ALLOW, BLOCK, REVIEW, Reason, Span


@dataclass(frozen=True)
class Pattern:
    source: str
    regex: re.Pattern

    def matches(self, text: str) -> bool:
        return bool(self.regex.search(text)) if self.source.startswith("re:") else bool(self.regex.match(text))


def compile_pattern(p: str, where: str = "[mouth]") -> Pattern:
    if not isinstance(p, str) or not p.strip():
        raise ConfigError(f"{where}: empty pattern")
    try:
        rx = re.compile(p[3:]) if p.startswith("re:") else re.compile(translate(p.strip()))
    except re.error as exc:
        raise ConfigError(f"{where}: bad regular expression {p!r}: {exc}") from None
    return Pattern(p, rx)


@dataclass(frozen=True)
class Policy:
    disabled_rules: frozenset[str] = frozenset()
    deny: tuple[Pattern, ...] = ()
    allow: tuple[Pattern, ...] = ()

    @classmethod
    def build(cls, disabled_rules=(), deny=(), allow=()) -> "Policy":
        for r in disabled_rules:
            if r not in RULES:
                raise ConfigError(f"[mouth] disabled_rules: unknown rule {r!r}")
            if r in UNDISABLEABLE:
                raise ConfigError(f"[mouth] disabled_rules: rule {r!r} cannot be disabled")
        return cls(frozenset(disabled_rules), tuple(compile_pattern(p, "[mouth] deny") for p in deny),
                   tuple(compile_pattern(p, "[mouth] allow") for p in allow))

    @classmethod
    def from_config(cls, mouth) -> "Policy":
        return cls.build(mouth.disabled_rules, mouth.deny, mouth.allow)

    def apply(self, reasons: list[Reason], commands: list[tuple[Span, str, str]], source: str) -> list[Reason]:
        out = [r for r in reasons if r.rule not in self.disabled_rules]
        if self.deny:
            whole = source.strip()
            for pat in self.deny:
                hit = next((c for c in commands if pat.matches(c[1]) or pat.matches(c[2])), None)
                if hit is not None:
                    out.append(Reason("policy-deny", f"matches the deny pattern {pat.source!r} of the [mouth] policy",
                                      BLOCK, hit[0]))
                elif pat.matches(whole):
                    out.append(Reason("policy-deny", f"matches the deny pattern {pat.source!r} of the [mouth] policy",
                                      BLOCK, Span(0, 0, 0, 0, whole[:200])))
        if self.allow and any(r.verdict == REVIEW for r in out):
            allowed = [c[0] for c in commands if any(p.matches(c[1]) or p.matches(c[2]) for p in self.allow)]
            whole_ok = any(p.matches(source.strip()) for p in self.allow)
            out = [r.with_verdict(ALLOW) if r.verdict == REVIEW and (whole_ok or any(s.contains(r.span) for s in allowed))
                   else r for r in out]
        return out


DEFAULT = Policy()


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Policy:
    from ..config import load_config
    from pathlib import Path

    return Policy.from_config(load_config(Path(path)).mouth)


def configured() -> Policy:
    """The policy of the active config file (re-read when the file changes)."""
    from .._paths import config_path

    path = config_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return DEFAULT
    return _cached(str(path), mtime)
