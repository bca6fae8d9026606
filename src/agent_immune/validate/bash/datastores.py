"""Destructive verbs of data and operations tools (secret stores, service registries, schedulers, ML stores, image registries) (helper D, session 10)."""
from __future__ import annotations

HANDLERS: dict = {}
