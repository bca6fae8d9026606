"""The verdict model: what `validate()` returns and how it becomes JSON.

`Verdict.verdict` is the most severe of its reasons' verdicts (`block` > `review` >
`allow`); a verdict with no reasons is `allow`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

ALLOW, REVIEW, BLOCK = "allow", "review", "block"
_RANK = {ALLOW: 0, REVIEW: 1, BLOCK: 2}


def worst(verdicts) -> str:
    best = ALLOW
    for v in verdicts:
        if _RANK[v] > _RANK[best]:
            best = v
    return best


@dataclass(frozen=True)
class Span:
    """Where a reason points, 0-based rows and columns (columns count characters)."""

    start_row: int
    start_col: int
    end_row: int
    end_col: int
    snippet: str

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


@dataclass(frozen=True)
class Reason:
    """One finding: a rule id, a message the agent can act on, its verdict and where."""

    rule: str
    message: str
    verdict: str
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, "verdict": self.verdict, "span": self.span.to_json()}

    def with_verdict(self, verdict: str) -> "Reason":
        return replace(self, verdict=verdict)


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reasons: tuple[Reason, ...] = ()

    @classmethod
    def of(cls, reasons) -> "Verdict":
        reasons = tuple(reasons)
        return cls(worst(r.verdict for r in reasons), reasons)

    @property
    def allowed(self) -> bool:
        return self.verdict == ALLOW

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reasons": [r.to_json() for r in self.reasons]}
