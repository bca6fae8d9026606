"""STUB (helper X, session 14): database migration and application-runner tools. Replace this docstring."""
from __future__ import annotations

HANDLERS: dict = {}
SCREENS: dict = {}
