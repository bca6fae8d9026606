"""Customers' records (a CRM's or helpdesk's contacts, leads, tickets, users) taken out of their service and sent elsewhere, from Python (session 24)."""
from __future__ import annotations


class Records:
    def visit_records(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        return
