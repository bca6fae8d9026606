"""Customers' records (a CRM's or helpdesk's contacts, leads, tickets, users) taken out of their service and sent elsewhere, from the shell (session 24).

Filled this round: `HANDLERS` (command name -> [fn(a, cmd)]) and `SCREENS` (name -> screen(text) -> bool) are taken in
by rules_bash and the fast path's `_merge_screens`.
"""
from __future__ import annotations

HANDLERS: dict = {}
SCREENS: dict = {}
