"""Build and package ecosystems' own hooks and settings: what runs on build or install, where each tool finds its registry (helper B, session 10)."""
from __future__ import annotations

HANDLERS: dict = {}
