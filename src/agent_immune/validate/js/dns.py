"""DNS zones, records and domains administered from code (Route 53, Cloudflare, Cloud DNS, registrars), from TypeScript and JavaScript (session 23)."""
from __future__ import annotations


class Dns:
    def visit_dns(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        return
