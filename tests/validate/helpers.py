"""Assertions shared by the rule tests."""
from __future__ import annotations

from agent_immune.validate import Policy, Verdict, validate


def judge(source: str, lang: str = "bash") -> Verdict:
    return validate(source, lang, policy=Policy())


def assert_blocked(source: str, rule: str, lang: str = "bash") -> Verdict:
    v = judge(source, lang)
    rules = {r.rule for r in v.reasons if r.verdict == "block"}
    assert v.verdict == "block" and rule in rules, f"{source!r}: expected block by {rule}, got {v}"
    return v


def assert_reviewed(source: str, rule: str, lang: str = "bash") -> Verdict:
    v = judge(source, lang)
    assert v.verdict == "review" and rule in {r.rule for r in v.reasons}, f"{source!r}: expected review by {rule}, got {v}"
    return v


def assert_held(source: str, rule: str, lang: str = "bash") -> Verdict:
    """Reviewed or blocked, with `rule` among the reasons (a held command may also be blocked by another rule)."""
    v = judge(source, lang)
    assert v.verdict != "allow" and rule in {r.rule for r in v.reasons}, f"{source!r}: expected {rule}, got {v}"
    return v


def assert_allowed(source: str, lang: str = "bash") -> Verdict:
    v = judge(source, lang)
    assert v.verdict == "allow", f"{source!r}: expected allow, got {v}"
    return v


def check(source: str, lang: str, want: str, rule: str | None = None) -> Verdict:
    """The verdict is `want` (with `rule` among the reasons, when given); for bash, the fast path agrees with the full
    analysis."""
    from .test_fastpath_equivalence import assert_same

    v = judge(source, lang)
    assert v.verdict == want, (source, v.verdict, [(r.rule, r.message) for r in v.reasons])
    if rule is not None:
        assert rule in {r.rule for r in v.reasons}, (source, [(r.rule, r.message) for r in v.reasons])
    if lang == "bash":
        assert_same(source)
    return v
