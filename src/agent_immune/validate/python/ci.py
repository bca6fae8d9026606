"""(stub for session 15's helper G: CI runner and code-host automation from code)"""
from __future__ import annotations


class CiCode:
    def visit_ci(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A call: settled by its name before anything else is read."""
