"""DNS zones, records and domains administered from code (Route 53, Cloudflare, Cloud DNS, registrars), from Python (session 23)."""
from __future__ import annotations


class Dns:
    def visit_dns(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        return
