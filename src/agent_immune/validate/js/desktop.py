"""Desktop applications built, signed and shipped from TypeScript: Electron, Tauri, Qt/GTK, Sparkle, signing and notarisation, installers, update feeds, app stores (session 24)."""
from __future__ import annotations


class Desktop:
    def visit_desktop(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        return
