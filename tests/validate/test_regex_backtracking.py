"""No pattern of the rules can backtrack catastrophically.

Every compiled pattern kept at module level in `agent_immune.validate` is read by regexploit, which finds runs of
overlapping repeats that a failing match retries in cubic or exponential time (`\\s*\\\\?\\s*([^;]*?)\\s*$` on a line
of spaces). This replaces wall-clock limits: it does not depend on the machine's load, and it names the pattern and the
text that would make it slow. Quadratic scans (a search retried from every position) are not found here; the long
inputs the tests feed the readers, and `bench/`, cover those.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # regexploit reads patterns with sre_parse
    from regexploit.ast.repeat import FiniteRepeat
    from regexploit.ast.sre import SreOpParser
    from regexploit.redos import find

import agent_immune.validate as validate


class _Parser(SreOpParser):
    """regexploit predates atomic groups and possessive repeats (Python 3.11). Neither gives back what it took, so a
    possessive repeat is read as its fixed minimum and an atomic group as nothing a failure could retry."""

    def from_POSSESSIVE_REPEAT(self, data):
        minimum, _maximum, elements = data
        part = self.sequence_or_singleton(elements)
        return FiniteRepeat(part, minimum, minimum) if part is not None and minimum else None

    def from_ATOMIC_GROUP(self, _data):
        return None


def _patterns() -> list[tuple[str, re.Pattern]]:
    found = {}
    for info in pkgutil.walk_packages(validate.__path__, validate.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            # tables of patterns too (`_SCREENS = ((re.compile(…), "why"), …)`)
            items = value.items() if isinstance(value, dict) else enumerate(value) \
                if isinstance(value, (list, tuple, frozenset)) else ()
            pieces = [(name, value)] + [(f"{name}[{key}]", v) for key, item in items
                                        for v in (item if isinstance(item, tuple) else (item,))]
            for label, piece in pieces:
                if isinstance(piece, re.Pattern):
                    found.setdefault(id(piece), (f"{info.name}.{label}", piece))
    return sorted(found.values(), key=lambda item: item[0])


_ALL = _patterns()


def test_every_module_was_read() -> None:
    # a walk that silently found nothing would pass the test below
    assert len(_ALL) > 1000
    names = {name for name, _ in _ALL}
    assert "agent_immune.validate.sql._KEYED" in names and "agent_immune.validate.bash.sed.LINE_TEXT" in names


def _catastrophic(pattern: re.Pattern) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = _Parser().parse_sre(pattern.pattern if isinstance(pattern.pattern, str) else
                                     pattern.pattern.decode("latin-1"), pattern.flags & ~re.ASCII)
        for redos in find(parsed):
            if redos.starriness > 2:
                return f"{redos.starriness} overlapping repeats, slow on {redos.example()[:60]!r}"
    return None


# Patterns regexploit reads wrongly, each with why it is linear. Kept short and checked below, so that an entry
# goes when its pattern changes.
_MISREAD = {
    # each run is `(?:(?!\1).)*`: it stops at the delimiter the pattern captured, which regexploit cannot see
    "agent_immune.validate.bash.admin._SED_SUBST",
}


def test_no_pattern_backtracks_catastrophically() -> None:
    slow = [f"{name}: {why}" for name, pattern in _ALL if name not in _MISREAD and (why := _catastrophic(pattern))]
    assert not slow, "\n".join(slow)


def test_misread_patterns_are_still_misread() -> None:
    patterns = dict(_ALL)
    assert all(_catastrophic(patterns[name]) for name in _MISREAD)


@pytest.mark.parametrize("pattern, slow", [
    (r"^\s*a\s*\\?\s*([^\n;{}]*?)\s*$", True),    # the shape _SED_ADD had
    (r"x\s*(?:-\s*)?\s*:?\s*y", True),
    (r"^\s*+a\s*+\\?\s*+([^\n;{}]*?)\s*$", False),  # the same with possessive runs
    (r"(?>\s*)a(?>\s*)b", False),
    (r"[a-z]+@[a-z]+\.com", False),
])
def test_the_reader_finds_overlapping_repeats(pattern: str, slow: bool) -> None:
    assert (_catastrophic(re.compile(pattern)) is not None) == slow
