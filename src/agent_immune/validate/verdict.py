"""The verdict model: what `validate()` returns and how it becomes JSON.

`Verdict.verdict` is the most severe of its reasons' verdicts (`block` > `review` >
`allow`); a verdict with no reasons is `allow`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

ALLOW, REVIEW, BLOCK = "allow", "review", "block"


# The three value classes below are frozen dataclasses with a hand-written __init__: the
# generated one sets each field through object.__setattr__, which made building reasons a
# visible share of validating a batch. Setting the instance dict once gives the same object.
_set = object.__setattr__


@dataclass(frozen=True, init=False)
class Span:
    """Where a reason points, 0-based rows and columns (columns count characters)."""

    start_row: int
    start_col: int
    end_row: int
    end_col: int
    snippet: str

    def __init__(self, start_row: int, start_col: int, end_row: int, end_col: int, snippet: str) -> None:
        _set(self, "__dict__", {"start_row": start_row, "start_col": start_col, "end_row": end_row,
                                "end_col": end_col, "snippet": snippet})

    def contains(self, other: "Span") -> bool:
        return (self.start_row, self.start_col) <= (other.start_row, other.start_col) and (
            other.end_row,
            other.end_col,
        ) <= (self.end_row, self.end_col)

    def to_json(self) -> dict[str, Any]:
        return {
            "start": {"row": self.start_row, "column": self.start_col},
            "end": {"row": self.end_row, "column": self.end_col},
            "text": self.snippet,
        }


@dataclass(frozen=True, slots=True)
class CommandText:
    """One simple command that runs, as the policy's patterns see it."""

    span: Span
    written: str  # the command node's text (leading assignments included)
    run: str  # the words that run after unwrapping (`sudo make` -> `make`)
    named: str  # as written from the command name on (assignments left out, wrappers kept)
    local: bool = False  # named by a shell function the same input defined before it


@dataclass(frozen=True, init=False)
class Reason:
    """One finding: a rule id, a message the agent can act on, its verdict and where."""

    rule: str
    message: str
    verdict: str
    span: Span

    def __init__(self, rule: str, message: str, verdict: str, span: Span) -> None:
        _set(self, "__dict__", {"rule": rule, "message": message, "verdict": verdict, "span": span})

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, "verdict": self.verdict, "span": self.span.to_json()}

    def with_verdict(self, verdict: str) -> "Reason":
        return replace(self, verdict=verdict)


@dataclass(frozen=True, init=False)
class Verdict:
    verdict: str
    reasons: tuple[Reason, ...] = ()

    def __init__(self, verdict: str, reasons: tuple[Reason, ...] = ()) -> None:
        _set(self, "__dict__", {"verdict": verdict, "reasons": reasons})

    @classmethod
    def of(cls, reasons) -> "Verdict":
        reasons = tuple(reasons)
        best = ALLOW
        for r in reasons:
            if r.verdict == BLOCK:
                best = BLOCK
                break
            if r.verdict == REVIEW:
                best = REVIEW
        return cls(best, reasons)

    @property
    def allowed(self) -> bool:
        return self.verdict == ALLOW

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reasons": [r.to_json() for r in self.reasons]}
