"""Coding agents started with their guard off. Rule `unguarded-agent` (block): a second agent
that approves its own tool calls runs commands no check sees."""
from __future__ import annotations

HANDLERS: dict = {}
# name -> check on the command text (quotes and backslashes removed): False only when no handler
# here could report anything for that text (bash/fastpath.py merges these into its screens)
SCREENS: dict = {}
