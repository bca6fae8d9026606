"""What CI runners and agent platforms expose to a step: tokens, the files later steps read, workflows (helper A, session 10)."""
from __future__ import annotations

HANDLERS: dict = {}
