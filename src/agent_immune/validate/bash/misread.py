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
  A line continuation (`\\⏎`) is no such newline: bash joins the lines. The same holds
  between a command and its redirect (`[ -f x⏎>/dev/null reboot ]`: an unclosed `[`
  takes the next line, whose redirect takes the command as destinations).
- `!` before a compound command. The grammar reads `! while c; do reboot; done` as a
  command `while c`, then `do reboot` (`reboot` an argument of `do`), then `done`; the
  same for `if`, `until`, `for`, `select`, `case`, `{`, `function` and a second `!`. The
  `!` is blanked (it only inverts an exit status) and the text parsed again.
- An assignment before a redirect, as a pipeline stage or after `!`: in
  `ls | X=1 >/dev/null reboot` the grammar ends the stage after `X=1`, and `reboot` becomes
  a second destination of the redirect. The assignment moves after the redirects (same
  bytes, reordered: bash takes assignments and redirects in any order before the name).
  After a here-document (`X=1 <<EOF reboot`, anywhere) the command words land in the
  here-document's redirect and no same-length rewrite moves the assignment past its body,
  so the input is reported as unreadable.
- Backquotes inside backquotes. Bash ends a backquoted substitution at the next unescaped
  backquote; the grammar, given a blank after a backquote, can open a nested one instead
  and carry the outer one over the following lines (issue 278), so `` `…` `` on one line and
  `` ` rm -rf ~` `` two lines down read as one command. No same-length rewrite undoes
  that, so the input is reported as unreadable.

tests/validate/test_grammar_oracle.py finds such misreadings with bash as the oracle.
"""
from __future__ import annotations

import re
from functools import lru_cache

import tree_sitter as ts

from ..parse import parse

# only text with code on a line after the first can hold a newline misreading
_LATER_CODE = re.compile(rb"\n[ \t]*[^\s#]")
# only text with a `!` word before a word can hold a negated compound command
_NEGATION = re.compile(rb"(?<![^\s;&|(`])!(?:[ \t]|\\\n)+[!{a-z]")
# only text with an assignment after a `|` or `!` can hold a pipeline stage read as a bare assignment
_BARE_STAGE = re.compile(rb"(?:\|&?|!)[ \t]*(?:\\\n[ \t]*)*[A-Za-z_][A-Za-z0-9_]*\+?=")
# words that open a compound command (or another `!`) after `!`, which the grammar reads as a command name
_COMPOUND = frozenset({b"if", b"while", b"until", b"for", b"select", b"case", b"function", b"{", b"!"})
_HEREDOC = frozenset({"heredoc_redirect", "heredoc_body", "heredoc_start", "heredoc_end", "heredoc_content"})
_MAX_ROUNDS = 16  # each round undoes at least one misreading; more than this is not a script
UNREADABLE = ("the shell grammar misreads this input (backquotes inside backquotes, lines it runs together, or "
              "an assignment before a here-document and its command); regenerate it with $(...) instead of "
              "backquotes, one command per line, the here-document after the command name")


@lru_cache(maxsize=1)
def _query() -> ts.Query:
    from ..parse import _language

    return ts.Query(_language("bash"), "[(command) (file_redirect) (redirected_statement)] @part (command_substitution) @subst "
                    "(negated_command . (command name: (command_name) @negated)) "
                    "[(pipeline (variable_assignment) @bare) (negated_command (variable_assignment) @bare) "
                    "(redirected_statement body: (variable_assignment) @bare)]")


def reread(data: bytes, tree: ts.Tree) -> tuple[bytes, ts.Tree, ts.Node | None]:
    """(the bytes the tree reads, the tree, None) with the misreadings above undone, or with a
    node the grammar misreads in a way no rewrite undoes (the input must be regenerated)."""
    backquotes = data.count(b"`") >= 4
    if not backquotes and not _LATER_CODE.search(data) and not (b"!" in data and _NEGATION.search(data)) and not (
            b"=" in data and _BARE_STAGE.search(data)):
        return data, tree, None
    for _ in range(_MAX_ROUNDS):
        caps = ts.QueryCursor(_query()).captures(tree.root_node)
        if backquotes:
            odd = _nested_backquote(caps.get("subst", ()), data)
            if odd is not None:
                return data, tree, odd
        fixed = _newline_fixes(caps.get("part", ()), data)
        fixed = _negation_fixes(caps.get("negated", ()), data, fixed)
        fixed, odd = _bare_assignments(caps.get("bare", ()), data, fixed)
        if odd is not None:
            return data, tree, odd
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
                i = _bare_newline(data, a.end_byte, child.start_byte, comments)
                if i >= 0:
                    if out is None:
                        out = bytearray(data)
                    for c in comments:  # a comment runs to the newline, so it would swallow the `;`
                        out[c.start_byte:c.end_byte] = b" " * (c.end_byte - c.start_byte)
                    out[i] = 0x3B  # `;`
            a, comments = child, []
    return out


def _negation_fixes(names, data: bytes, out: bytearray | None) -> bytearray | None:
    """`! while …` read as a command `while` (and `do …` as another): the `!` becomes a blank.
    It only inverts an exit status, which no rule looks at."""
    for name in names:
        if data[name.start_byte:name.end_byte] in _COMPOUND:
            bang = name.parent.parent.child(0)
            if bang is not None and bang.type == "!":
                if out is None:
                    out = bytearray(data)
                out[bang.start_byte] = 0x20
    return out


def _bare_assignments(bare, data: bytes, out: bytearray | None) -> tuple[bytearray | None, ts.Node | None]:
    """`x | X=1 >log reboot`, `! X=1 >log reboot`: the grammar ends the pipeline stage (or the
    negated command) after the assignment, and the redirect that follows takes `reboot` and
    its arguments as more destinations. The assignment moves after the redirects (bash reads
    them in any order before the name). After a here-document (`X=1 <<EOF reboot`, also at
    the start of a line) the command lands in the here-document's redirect, and no rewrite
    moves an assignment across its body: that statement is returned as unreadable."""
    for node in bare:
        body = node
        while body.parent is not None and body.parent.type != "redirected_statement" and (
                body.parent.end_byte == node.end_byte):
            body = body.parent
        stmt = body.parent
        if stmt is None or stmt.type != "redirected_statement" or stmt.child_by_field_name("body") != body:
            continue
        redirects = stmt.children_by_field_name("redirect")
        for last, r in enumerate(redirects):
            if r.type == "heredoc_redirect":
                if r.children_by_field_name("argument") or any(
                        len(x.children_by_field_name("destination")) > 1 for x in r.children_by_field_name("redirect")):
                    return out, stmt  # words after `<<EOF` on its line: the command bash runs
                continue
            if len(r.children_by_field_name("destination")) > 1:
                break
        else:
            continue
        if any(r.type == "heredoc_redirect" for r in redirects[:last]):
            return out, stmt
        end = redirects[last].children_by_field_name("destination")[0].end_byte
        first = redirects[0].start_byte
        if out is None:
            out = bytearray(data)
        out[node.start_byte:end] = data[first:end] + data[node.end_byte:first] + data[node.start_byte:node.end_byte]
    return out, None


def _bare_newline(data: bytes, start: int, end: int, comments) -> int:
    """The first newline between two parts of a command that is not a line continuation
    (`\\⏎`, which bash removes before it reads words, so the command goes on), or -1.
    The gap holds only blanks, continuations and comments; a backslash ending a comment
    is the comment's own."""
    i = data.find(b"\n", start, end)
    while i > start and data[i - 1] == 0x5C and not any(c.start_byte < i <= c.end_byte for c in comments):
        i = data.find(b"\n", i + 1, end)
    return i


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
