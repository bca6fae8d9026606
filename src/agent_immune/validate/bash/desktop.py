"""Desktop applications built, signed and shipped from the shell: Electron, Tauri, Qt/GTK, Sparkle, signing and notarisation, installers, update feeds, app stores (session 24).

Filled this round: `HANDLERS` (command name -> [fn(a, cmd)]) and `SCREENS` (name -> screen(text) -> bool) are taken in
by rules_bash and the fast path's `_merge_screens`.
"""
from __future__ import annotations

HANDLERS: dict = {}
SCREENS: dict = {}
