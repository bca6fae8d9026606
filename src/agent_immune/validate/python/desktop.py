"""Desktop applications built, signed and shipped from Python: Electron, Tauri, Qt/GTK, Sparkle, signing and notarisation, installers, update feeds, app stores (session 24)."""
from __future__ import annotations


class Desktop:
    def visit_desktop(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        return
