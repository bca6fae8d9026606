"""(stub for session 15's helper K: commands run inside containers, judged on the host paths they reach)"""
from __future__ import annotations

HANDLERS: dict = {}
SCREENS: dict = {}
