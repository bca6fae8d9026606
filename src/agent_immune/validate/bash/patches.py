"""The project's own source rewritten in place from the shell (`sed -i`, `perl -pi -e`): the edit's substitutions and
deleted lines judged by validate/source_patch.py (a verification commented out or deleted, a check made to return
success, a backdoor key, a sender planted next to passwords, a bank account for payouts). Renames, version bumps
and logging added stay allowed.
"""
from __future__ import annotations

import re

from .. import source_patch
from .commands import Cmd
from .sed import edited_files, line_edits, plain, substitutions

# a line address deleted: `/pattern/d`, `/a/,/b/d`, `\%pattern%d`
_DELETE = re.compile(r"(?:^|[;\n{}\s])(?:/((?:\\.|[^/\\])*)/|\\(.)((?:\\.|(?!\2)[^\\])*)\2)"
                     r"(?:\s*,\s*/(?:\\.|[^/\\])*/)?\s*d\b")
_HINT = re.compile(source_patch.HINT.pattern.decode())


def _in_place(a, cmd: Cmd) -> None:
    files = edited_files(cmd, source_patch.CODE_FILE)
    if not files:
        return
    path = files[0]
    vals = [w.value for w in cmd.args if w.value]
    if not any(_HINT.search(v) for v in vals):
        return  # (the file's name may be the hint: `sed -i 's/return False/return True/' app/auth.py`)
    data = a.doc.data.decode("utf-8", "replace")
    edits = substitutions(cmd)
    if cmd.name != "perl":  # (a line `a`dded after the one an address matches: `/def check(pw):/a\    if pw == …`)
        edits += line_edits([v for v in vals if not v.startswith("-") and v not in files])
    for old, new in edits:
        found = source_patch.judge(old, new, path, data)
        if found is not None:
            a.block(*source_patch.message(found, f"`{cmd.name} -i`"), cmd.node)
            return
    for v in vals:
        for m in _DELETE.finditer(v):
            pattern = plain(m.group(1) if m.group(1) is not None else m.group(3))
            name = source_patch.guard_call(pattern)
            if name is not None:
                a.block("privilege-escalation", f"`{cmd.name} -i` rewrites the project's source: it deletes the lines "
                                                f"of {path} that call `{name}`: the verification no longer runs, so "
                                                f"a forged or unsigned request passes. Fix the check itself, or ask "
                                                f"the user", cmd.node)
                return


HANDLERS: dict = {"sed": [_in_place], "gsed": [_in_place], "perl": [_in_place]}
# an in-place edit whose text names something source_patch reads
SCREENS: dict = {name: (lambda text: _HINT.search(text) is not None) for name in ("sed", "gsed", "perl")}
