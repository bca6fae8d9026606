"""Customer-support and CRM administration from TypeScript: Salesforce (sf, Apex, metadata), HubSpot, Zendesk, Intercom, Freshdesk, Front, Help Scout (session 24)."""
from __future__ import annotations


class Crm:
    def visit_crm(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        return
