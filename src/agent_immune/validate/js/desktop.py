"""Desktop applications built, signed and shipped from TypeScript: Electron, Tauri, Qt/GTK, Sparkle, signing and notarisation, installers, update feeds, app stores (session 24).

- `app.setLoginItemSettings({ openAtLogin: true, path: bin })` where `bin` is a file the same code wrote from a
  download: an unknown program started at every login, blocked. A login item for the app itself (no `path`, or
  `process.execPath`/`app.getPath('exe')`) is the ordinary "launch at login" switch and stays allowed.
"""
from __future__ import annotations

import re
from ..per_input import in_input

_LOGIN_PATH = re.compile(r"\bpath\s*:\s*([A-Za-z_$][\w$]*)\s*[,}]|\bpath\s*[,}]")
_FETCH = re.compile(rb"\bfetch\(|\bhttps?\.get\(|\baxios\b|\bgot\(|\bdownload\(|\bnet\.request\(")


class Desktop:
    def visit_desktop(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        if prop is None or self.src(prop) != "setLoginItemSettings" or not args:
            return
        data = self.doc.data
        if not in_input(_FETCH, data):
            return
        m = _LOGIN_PATH.search(self.src(args[0]))
        if m is None:
            return
        var = m.group(1) or "path"
        doc = data.decode("utf-8", "replace")
        # the file named `var` written with what a request returned (in the same statement)
        wrote = re.search(r"(?:writeFileSync|writeFile|createWriteStream|copyFileSync|renameSync)\(\s*" +
                          re.escape(var) + r"\b[^;\n]*", doc)
        if wrote is None or not (_FETCH.search(wrote.group(0).encode()) or re.search(r"arrayBuffer|\.body\b|pipe\(",
                                                                                     wrote.group(0))):
            return
        self.block("persistence", f"the app registers `{var}`, a program it downloaded and wrote itself, as a login "
                                  "item: it starts at every login, unseen; a login item is for the app itself "
                                  "(leave `path` out), switched on by the user", node)
