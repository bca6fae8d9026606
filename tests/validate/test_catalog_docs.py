"""The README's Rules table is the rule catalog: every rule, its verdict and description."""
from __future__ import annotations

from pathlib import Path

from agent_immune.validate.catalog import RULES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_rules_table_matches_the_catalog() -> None:
    text = README.read_text(encoding="utf-8")
    head = "### Rules\n\n| rule | verdict | catches |\n|---|---|---|\n"
    start = text.index(head) + len(head)
    rows = text[start:text.index("\n\n", start)].splitlines()
    assert rows == [f"| `{rule}` | {verdict} | {what} |" for rule, (verdict, what) in RULES.items()]
