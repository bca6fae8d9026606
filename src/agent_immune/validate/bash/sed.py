"""What an in-place edit (`sed -i`, `perl -pi -e`) writes, read once for every rule that judges one: the files it
edits and its substitutions. The rules differ in what they look for (an address swapped, a check made to pass, a
CI step added); the way sed's text is read is the same for all of them.
"""
from __future__ import annotations

import re

from .commands import Cmd, has_flag

# `s<d>PATTERN<d>REPLACEMENT<d>` with any delimiter, where a sed command starts: at the start, after a separator, or
# after a line address (`3s/…`, `$s/…`, `/re/s/…`, `/a/,/b/!s/…`); not the `s` ending a word or a path's letter
SUBST = re.compile(r"(?:^|(?<=[;\n{}\s\d$/!,]))s([^\w\s\\])((?:\\.|(?!\1)[^\\])*)\1((?:\\.|(?!\1)[^\\])*)\1")
_ESCAPED = re.compile(r"\\([^0-9n])")


def plain(text: str) -> str:
    """A sed pattern or replacement with its escapes undone (`\\/` is `/`, `\\n` a new line); back-references kept."""
    return _ESCAPED.sub(r"\1", text).replace("\\n", "\n")


def edited_files(cmd: Cmd, kind: re.Pattern[str]) -> list[str]:
    """The files of kind `kind` (a pattern on the name) an in-place edit rewrites; [] when it edits none in place."""
    if not has_flag(cmd.args, "i", ("--in-place",)):
        return []
    return [w.value for w in cmd.args if w.value and not w.value.startswith("-") and kind.search(w.value)]


def substitutions(cmd: Cmd) -> list[tuple[str, str]]:
    """Each substitution's pattern and replacement, escapes undone, in the order the edit gives them."""
    return [(plain(m.group(2)), plain(m.group(3))) for w in cmd.args if w.value for m in SUBST.finditer(w.value)]
