"""The bash grammar's misreadings that hide a command, undone before any rule runs.

tree-sitter-bash (0.25.1, the newest release) reads some well-formed scripts wrongly and
reports no error, and in each case a command bash runs is missing from the tree:

- A newline inside a command. After a pipeline of three or more stages, a next line that
  goes on with `&&` or `||` is read as more arguments of the pipeline's last command
  (upstream issue 347): in `ls | sort | head⏎rm -rf ~ && ls`, `rm -rf ~` becomes three
  arguments of `head`. A single-bracket test before a redirect swallows the lines up to
  the next `[` the same way (issue 316). Bash ends a command at an unquoted newline, so a
  newline between two parts of one command (or of one redirect) is always such a
  misreading. It is rewritten to `;`, a comment just before it to blanks, and the text is
  parsed again: the same length, so every span still counts rows in the text as written.
- Backquotes inside backquotes. Bash ends a backquoted substitution at the next unescaped
  backquote; the grammar, given a blank after a backquote, can open a nested one instead
  and carry the outer one over the following lines (issue 278), so `` `…` `` on one line and
  `` ` rm -rf ~` `` two lines down read as one command. No same-length rewrite undoes
  that, so the input is reported as unreadable.
"""
from __future__ import annotations

import re
from functools import lru_cache

import tree_sitter as ts

from ..parse import parse

# only text with code on a line after the first can hold a newline misreading
_LATER_CODE = re.compile(rb"\n[ \t]*[^\s#]")
_HEREDOC = frozenset({"heredoc_redirect", "heredoc_body", "heredoc_start", "heredoc_end", "heredoc_content"})
_MAX_ROUNDS = 16  # each round undoes at least one misreading; more than this is not a script
UNREADABLE = ("the shell grammar misreads this input (backquotes inside backquotes, or lines it runs together); "
              "regenerate it with $(...) instead of backquotes, one command per line")


@lru_cache(maxsize=1)
def _query() -> ts.Query:
    from ..parse import _language

    return ts.Query(_language("bash"), "[(command) (file_redirect)] @part (command_substitution) @subst")


def reread(data: bytes, tree: ts.Tree) -> tuple[bytes, ts.Tree, ts.Node | None]:
    """(the bytes the tree reads, the tree, None) with newline misreadings undone, or with a
    node the grammar misreads in a way no rewrite undoes (the input must be regenerated)."""
    backquotes = data.count(b"`") >= 4
    if not backquotes and not _LATER_CODE.search(data):
        return data, tree, None
    for _ in range(_MAX_ROUNDS):
        caps = ts.QueryCursor(_query()).captures(tree.root_node)
        if backquotes:
            odd = _nested_backquote(caps.get("subst", ()), data)
            if odd is not None:
                return data, tree, odd
        fixed = _newline_fixes(caps.get("part", ()), data)
        if not fixed:
            return data, tree, None
        data = bytes(fixed)
        tree = parse(data, "bash")
    return data, tree, tree.root_node


def _newline_fixes(parts, data: bytes) -> bytearray | None:
    out = None
    for node in parts:
        start, end = node.start_byte, node.end_byte
        if data.find(b"\n", start, end) < 0:
            continue
        a = None  # the last part before `child` that is not a comment
        comments = []
        for child in node.children:
            if child.type in _HEREDOC:
                a = None  # a here-document's body lines are its own
                continue
            if child.type == "comment":
                comments.append(child)
                continue
            if a is not None:
                i = data.find(b"\n", a.end_byte, child.start_byte)
                if i >= 0:
                    if out is None:
                        out = bytearray(data)
                    for c in comments:  # a comment runs to the newline, so it would swallow the `;`
                        out[c.start_byte:c.end_byte] = b" " * (c.end_byte - c.start_byte)
                    out[i] = 0x3B  # `;`
            a, comments = child, []
    return out


def _nested_backquote(substs, data: bytes) -> ts.Node | None:
    for node in substs:
        if data[node.start_byte:node.start_byte + 1] != b"`":
            continue
        up = node.parent
        while up is not None:
            if up.type == "command_substitution" and data[up.start_byte:up.start_byte + 1] == b"`":
                return node
            up = up.parent
    return None
