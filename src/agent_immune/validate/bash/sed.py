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
# a line `a`/`i`/`c` adds (appends after, inserts before, changes into), at an optional address: `/re/a\ TEXT`, `3i
# TEXT`, `$a TEXT`. The address is read as `/(?:\\.|[^/\n])*/` was, a run of backslashes taken whole (an odd run
# before the `/` escapes it, or ends there; an even one ends there, or escapes it)
LINE_TEXT = re.compile(r"(?:^|[;\n{}])[^\S\n]*+(?:(?:/(?P<address>(?:[^\\/\n]|\\++[^\\/\n]|(?:\\\\)*+\\/|\\++(?=/)|"
                       r"(?:\\\\)++/)*)/|\d+|\$)\s*+)?(?P<cmd>[aic])\\?\s*(?P<text>.+)")


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


def line_edits(scripts: list[str]) -> list[tuple[str | None, str]]:
    """Each line an `a`/`i`/`c` command of the sed `scripts` writes, as an edit of the line its address matches: (that
    line's pattern, the text that stands there after the edit: the line and the added one, in their order, or the new
    one alone for `c`), escapes undone; no pattern for a numbered or last line."""
    out: list[tuple[str | None, str]] = []
    for v in scripts:
        for m in LINE_TEXT.finditer(v):
            at, text = m.group("address"), plain(m.group("text"))
            at = plain(at) if at else None
            if at is None or m.group("cmd") == "c":
                out.append((at, text))
            else:
                out.append((at, f"{at}\n{text}" if m.group("cmd") == "a" else f"{text}\n{at}"))
    return out


# -- a sed script read command by command ----------------------------------------------------------------------------
# A regex over the whole script cannot tell an `s` command from the letters of a line `a` adds (`a compare the stored
# hash` held an `s` whose flags read `e`), nor a line's text from commands (`s/x/y;a/e` is one `s` with the flag `e`).
# GNU sed reads a script left to right: an address, a command letter, then what that letter takes. So does this.
_NO_ARG = frozenset("=dDgGhHnNpPxzF")
_TO_EOL = frozenset("erRwW")  # a file name or a command, to the end of the line
_LABEL = frozenset(":btTv")  # a label (or a version), to a blank, `;` or the end of the line
_SKIP = " \t;"


def _regex_end(s: str, i: int, delim: str) -> int:
    """The index after the `delim` closing a regex or replacement that starts at `i` (a backslash escapes the next
    character); len(s) when it is not closed."""
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\" and delim != "\\":  # (`\\re\\` has no escapes: its delimiter is the backslash)
            i += 2
            continue
        if ch == delim or ch == "\n" and delim != "\n":
            return i + 1 if ch == delim else i
        i += 1
    return n


def _line_end(s: str, i: int, continued: bool = False) -> int:
    """The index of the newline ending the line that starts at `i`; with `continued`, a line ending in an odd run of
    backslashes goes on to the next (the text of `a`, `i`, `c`)."""
    n = len(s)
    while True:
        j = s.find("\n", i)
        if j < 0:
            return n
        run = len(s[i:j]) - len(s[i:j].rstrip("\\"))
        if not (continued and run % 2):
            return j
        i = j + 1


def _address(s: str, i: int) -> int:
    """The index after one address at `i` (`12`, `$`, `/re/I`, `\\%re%`, `first~step`, `+N`, `~N`), or `i`."""
    n = len(s)
    if i < n and s[i] in "+~" and i + 1 < n and s[i + 1].isdigit():
        i += 1
    if i < n and s[i].isdigit():
        while i < n and (s[i].isdigit() or s[i] == "~"):
            i += 1
        return i
    if i < n and s[i] == "$":
        return i + 1
    if i < n and (s[i] == "/" or s[i] == "\\" and i + 1 < n and s[i + 1] != "\n"):
        delim = "/" if s[i] == "/" else s[i + 1]
        i = _regex_end(s, i + (1 if s[i] == "/" else 2), delim)
        while i < n and s[i] in "IM":
            i += 1
    return i


def commands(script: str) -> list[tuple[str, str, str]]:
    """The commands of a sed `script`, in order: (letter, argument, flags). `s`/`y`: the pattern and replacement
    joined by a NUL, and for `s` its flags (a `w` flag with its file name); `a`/`i`/`c`: the text; `e`/`r`/`w`…: the
    command or file name; labels and other letters: what follows them on the line, or nothing."""
    s, out, i, n = script, [], 0, len(script)
    while i < n:
        while i < n and (s[i] in _SKIP or s[i] in "\n{}"):
            i += 1
        if i >= n:
            break
        if s[i] == "#":
            i = _line_end(s, i)
            continue
        j = _address(s, i)
        if j > i:
            while j < n and s[j] in " \t":
                j += 1
            if j < n and s[j] == ",":
                j = _address(s, j + 1 + len(s[j + 1:]) - len(s[j + 1:].lstrip(" \t")))
        while j < n and s[j] in " \t!":  # (GNU sed takes a `!` with no address too)
            j += 1
        i = j
        if i >= n:
            break
        letter = s[i]
        i += 1
        if letter in "{}":
            continue
        if letter in "sy":
            if i >= n or s[i] in "\n\\":
                out.append((letter, "", ""))
                continue
            delim = s[i]
            mid = _regex_end(s, i + 1, delim)
            end = _regex_end(s, mid, delim)
            body = s[i + 1:mid - 1] + "\0" + s[mid:end - 1]
            flags_end = end
            if letter == "s":
                while flags_end < n and (s[flags_end] in "gpiImMe" or s[flags_end].isdigit()):
                    flags_end += 1
                if flags_end < n and s[flags_end] == "w":
                    flags_end = _line_end(s, flags_end)
            out.append((letter, body, s[end:flags_end]))
            i = flags_end
        elif letter in "aic":
            while i < n and s[i] in " \t":
                i += 1
            if i < n and s[i] == "\\":
                i += 1
                if i < n and s[i] == "\n":
                    i += 1
            end = _line_end(s, i, continued=True)
            out.append((letter, s[i:end], ""))
            i = end
        elif letter in _TO_EOL:
            end = _line_end(s, i)
            out.append((letter, s[i:end].strip(" \t"), ""))
            i = end
        elif letter in _LABEL:  # (a label, or `v`'s version, ends at a blank: `:a e` is a label and an `e`)
            while i < n and s[i] in " \t":
                i += 1
            end = i
            while end < n and s[end] not in "; \t\n#":  # (a `#` there starts a comment)
                end += 1
            out.append((letter, s[i:end], ""))
            i = end
        elif letter == "#":  # (`!#…`: a comment where a command would be)
            i = _line_end(s, i)
        elif letter in "qQlL":
            end = i
            while end < n and (s[end].isdigit() or s[end] in " \t"):
                end += 1
            out.append((letter, s[i:end].strip(), ""))
            i = end
        else:
            out.append((letter, "", ""))  # (an unknown letter is an error to sed: the script does not run)
    return out


def runs_commands(script: str) -> bool:
    """Whether the sed `script` runs shell commands: the `e` command, or an `s` command's `e` flag."""
    return any(letter == "e" or letter == "s" and "e" in flags.split("w", 1)[0] for letter, _, flags in
               commands(script))


def writes_to(script: str) -> list[str]:
    """The files the sed `script` writes (`w FILE`, `W FILE`, an `s` command's `w FILE` flag)."""
    out = []
    for letter, arg, flags in commands(script):
        if letter in "wW" and arg:
            out.append(arg)
        elif letter == "s" and "w" in flags:
            name = flags.split("w", 1)[1].strip()
            if name:
                out.append(name)
    return out
