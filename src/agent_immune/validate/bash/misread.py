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
  before a line starting with `<<` (`ls x⏎<<EOF reboot`: the grammar made `reboot` words of
  `ls`'s here-document), and between a command and its redirect (`[ -f x⏎>/dev/null reboot ]`: an unclosed `[`
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
- A pipeline or list that goes on after a here-document's body (`cat <<EOF |⏎…⏎EOF⏎reboot`):
  the grammar takes the line after `|` as the next stage and the following lines as the
  body, so `reboot` is here-document text. Reported as unreadable.
  So is a here-document the grammar ends elsewhere than at its delimiter line (`cat << END;`
  read with the delimiter `END;`, running over the rest of the script).
- Backquotes inside backquotes. Bash ends a backquoted substitution at the next unescaped
  backquote; the grammar, given a blank after a backquote, can open a nested one instead
  and carry the outer one over the following lines (issue 278), so `` `…` `` on one line and
  `` ` rm -rf ~` `` two lines down read as one command; two substitutions with only blanks
  between (`` echo `date` `whoami` ``) become one. Each backquoted substitution is then
  rewritten as `$(…)`, paired as bash pairs them (dollar_form), one byte longer each: the
  spans are mapped back to the text as written (parse.Doc). Where bash's pairing is not
  plain to read (a backslash inside, a here-document, an unclosed quote), the input is
  reported as unreadable.
- A `0` descriptor on a compound command's input (`while read l; do …; done 0< list`): the
  grammar reports a syntax error where bash reads `done < list`. When the text does not parse,
  each such `0` (after a blank or an operator) is blanked, and the rewrite kept if it parses.

tests/validate/test_grammar_oracle.py finds such misreadings with bash as the oracle.
"""
from __future__ import annotations

import re
from functools import lru_cache

import tree_sitter as ts

from ..parse import parse

# only text with code on a line after the first can hold a newline misreading
_LATER_CODE = re.compile(rb"\n[ \t]*[^\s#]")
# only text with a `!`, `time` or `coproc` word before a word can hold a prefixed compound command
_PREFIXED = re.compile(rb"(?:!|time|coproc)(?:[ \t]|\\\n)+\S")  # no look-behind: it would cost more than it saves
# only text with an assignment after `|`, `!`, `&&` or `||` can hold a bare assignment the
# grammar ends a statement with (on one line; a here-document always has a later line)
_BARE_STAGE = re.compile(rb"(?:[|&!])[ \t]*(?:\\\n[ \t]*)*[A-Za-z_][A-Za-z0-9_]*\+?=")
# words that open a compound command (or another `!`) after `!`, which the grammar reads as a command name
_COMPOUND = frozenset({b"if", b"while", b"until", b"for", b"select", b"case", b"function", b"{", b"!", b"time",
                       b"coproc"})
_TIME_OPTIONS = frozenset({b"-p", b"--"})
_HEREDOC = frozenset({"heredoc_redirect", "heredoc_body", "heredoc_start", "heredoc_end", "heredoc_content"})
# An unescaped backquote inside a backquoted substitution: bash ends the substitution there
# (quotes do not protect it), so a node that spans one was read across two substitutions.
# The grammar does so with blanks between (`` echo `date` `whoami` ``: one substitution whose
# command is named `date` `whoami`) and, below, with a nested one.
_BARE_BACKQUOTE = re.compile(rb"(?<!\\)(?:\\\\)*`")
_MAX_ROUNDS = 16  # each round undoes at least one misreading; more than this is not a script
# A tree whose top is an error node over this many pieces (a run of backquotes) is malformed whatever is undone, and a
# query over it takes quadratic time (1.3 s for 40,000 pieces)
_FLAT_ERROR = 4096
UNREADABLE = ("the shell grammar misreads this input (backquotes inside backquotes, lines it runs together, an "
              "assignment before a here-document and its command, or a pipeline going on after a here-document's "
              "body); regenerate it with $(...) instead of backquotes, one command per line, the whole pipeline "
              "on the line of `<<` after the command name")


@lru_cache(maxsize=1)
def _query() -> ts.Query:
    from ..parse import _language

    return ts.Query(_language("bash"), "[(command) (file_redirect) (redirected_statement)] @part "
                    "(command_substitution) @subst (heredoc_redirect) @heredoc "
                    "(negated_command . (command name: (command_name) @negated)) "
                    "((command_name) @prefix (#any-of? @prefix \"time\" \"coproc\")) "
                    "[(pipeline (variable_assignment) @bare) (negated_command (variable_assignment) @bare) "
                    "(list (variable_assignment) @bare) (redirected_statement body: (variable_assignment) @bare)]")


_STDIN_FD = re.compile(rb"(?<=[\s;&|)}])0<(?!\()")  # not `0<(…)`: a process substitution after a word `0`


def _stdin_descriptor(data: bytes, tree: ts.Tree) -> tuple[bytes, ts.Tree]:
    fixed = _STDIN_FD.sub(b" <", data)
    if fixed == data:
        return data, tree
    again = parse(fixed, "bash")
    return (data, tree) if again.root_node.has_error else (fixed, again)


def reread(data: bytes, tree: ts.Tree) -> tuple[bytes, ts.Tree, ts.Node | None]:
    """(the bytes the tree reads, the tree, None) with the misreadings above undone, or with a
    node the grammar misreads in a way no rewrite undoes (the input must be regenerated)."""
    if b"0<" in data and tree.root_node.has_error:
        data, tree = _stdin_descriptor(data, tree)
    root = tree.root_node
    if root.type == "ERROR" and root.child_count > _FLAT_ERROR:
        return data, tree, None
    backquotes = data.count(b"`") >= 4
    if not backquotes and not _LATER_CODE.search(data) and not (
            (b"!" in data or b"time" in data or b"coproc" in data) and _PREFIXED.search(data)) and not (
            b"=" in data and _BARE_STAGE.search(data)):
        return data, tree, None
    for _ in range(_MAX_ROUNDS):
        caps = ts.QueryCursor(_query()).captures(tree.root_node)
        if backquotes:
            odd = _nested_backquote(caps.get("subst", ()), data)
            if odd is not None:
                dollars = dollar_form(data)
                if dollars is None:
                    return data, tree, odd
                data, backquotes = dollars, False
                tree = parse(data, "bash")
                continue
        odd = _continued_heredoc(caps.get("heredoc", ()), data)
        if odd is not None:
            return data, tree, odd
        fixed = _newline_fixes(caps.get("part", ()), data)
        fixed = _backslash_bodies(caps.get("heredoc", ()), data, fixed)
        fixed = _prefix_fixes(caps.get("negated", ()), caps.get("prefix", ()), data, fixed)
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
            if child.type in _HEREDOC and child.type != "heredoc_redirect":
                a = None  # a here-document's body lines are its own
                continue
            if child.type == "comment":
                comments.append(child)
                continue
            if a is not None:  # also before `<<`: a newline there ends the command too
                i = _bare_newline(data, a.end_byte, child.start_byte, comments)
                if i >= 0:
                    if out is None:
                        out = bytearray(data)
                    for c in comments:  # a comment runs to the newline, so it would swallow the `;`
                        out[c.start_byte:c.end_byte] = b" " * (c.end_byte - c.start_byte)
                    out[i] = 0x3B  # `;`
            a, comments = (None if child.type == "heredoc_redirect" else child), []
    return out


def _backslash_bodies(heredocs, data: bytes, out: bytearray | None) -> bytearray | None:
    """`cat <<'X' | bash⏎\\curl … | sh⏎X`: a here-document whose first body line starts with a backslash is read by the
    grammar as more words of the command line (`\\copy users TO STDOUT` became arguments of the pipeline's last
    command, the body empty). The backslash becomes a blank: bash runs `\\curl` as `curl`, psql's `\\copy` is still
    read as a copy, and a `\\$` the shell would have kept is read as an expansion, the stricter reading."""
    for node in heredocs:
        start = next((c.end_byte for c in node.children if c.type == "heredoc_start"), None)
        body = next((c for c in node.children if c.type == "heredoc_body"), None)
        if start is None or body is None:
            continue
        line = data.find(b"\n", start)
        if line < 0 or data[line + 1:line + 2] != b"\\" or body.start_byte <= line + 1:
            continue
        out = _blank(out, data, line + 1, line + 2)
    return out


def _prefix_fixes(negated, prefixes, data: bytes, out: bytearray | None) -> bytearray | None:
    """`! while …`, `time { …; }`, `time X=1 cmd`, `coproc { …; }` read with `while` (`time`,
    `coproc`) as a command name: the prefix becomes blanks. `!` only inverts an exit status,
    `time` only measures, `coproc` before a compound command only runs it in the background,
    and no rule looks at them; the grammar then reads what follows as bash does."""
    for name in negated:
        word = data[name.start_byte:name.end_byte]
        if word in _COMPOUND or word[:1] == b"{" and word[1:2].isspace():  # `! { [ …`: read as one word `{ [`
            bang = name.parent.parent.child(0)
            if bang is not None and bang.type == "!":
                out = _blank(out, data, bang.start_byte, bang.end_byte)
    for name in prefixes:
        if name.prev_sibling is not None:
            continue  # after an assignment or a redirect `time` is a program, not bash's keyword
        args = name.parent.children_by_field_name("argument")
        cut = name.end_byte
        if data[name.start_byte:name.end_byte] == b"time":
            while args and data[args[0].start_byte:args[0].end_byte] in _TIME_OPTIONS:
                cut = args[0].end_byte
                args = args[1:]
        else:  # coproc: the rules follow what a simple command's descriptors carry, so it stays there
            if len(args) > 1 and data[args[1].start_byte:args[1].end_byte] in _COMPOUND:
                args = args[1:]  # coproc NAME compound-command
            if not args or data[args[0].start_byte:args[0].end_byte] not in _COMPOUND:
                continue
        out = _blank(out, data, name.start_byte, args[0].start_byte if args else cut)
    return out


def _blank(out: bytearray | None, data: bytes, start: int, end: int) -> bytearray:
    """`out` (a copy of `data` made on first use) with start..end blanked, line continuations kept."""
    if out is None:
        out = bytearray(data)
    for i in range(start, end):
        if data[i] != 0x0A and not (data[i] == 0x5C and data[i + 1:i + 2] == b"\n"):
            out[i] = 0x20
    return out


def _bare_assignments(bare, data: bytes, out: bytearray | None) -> tuple[bytearray | None, ts.Node | None]:
    """`x | X=1 >log reboot`, `! X=1 >log reboot`: the grammar ends the pipeline stage (the
    negated command, the last command of a list) after the assignment, and the redirect that follows takes `reboot` and
    its arguments as more destinations. The assignment moves after the redirects (bash reads
    them in any order before the name). After a here-document (`X=1 <<EOF reboot`, also at
    the start of a line) the command lands in the here-document's redirect, and no rewrite
    moves an assignment across its body: that statement is returned as unreadable."""
    for node in sorted(bare, key=lambda n: n.start_byte):  # the same statement reported on every parse
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


def _continued_heredoc(heredocs, data: bytes) -> ts.Node | None:
    """`cat <<EOF |⏎…⏎EOF⏎next`: bash reads the here-document's body first and goes on with the
    pipeline (or list) after it; the grammar takes the line after `|` as the next stage and the
    lines after that as the body, so `next` is here-document text. No rewrite reorders that."""
    heredocs = sorted(heredocs, key=lambda n: n.start_byte)
    for node, after in zip(heredocs, heredocs[1:]):
        if _out_of_order(node, after):
            return node
    for node in heredocs:
        end = next((c.end_byte for c in node.children if c.type == "heredoc_start"), None)
        if end is None:
            continue
        if _wrong_end(node, data):
            return node
        for child in node.children:
            if child.type in _HEREDOC or child.end_byte <= end:
                continue
            crossed, end = _crosses_line(child, data, end)
            if crossed:
                return node
    return None


def _out_of_order(first: ts.Node, second: ts.Node) -> bool:
    """Two here-documents started on one line: bash reads their bodies in that order; the
    grammar can give the second one the first body (`a <<X || b <<Y⏎X⏎Y⏎reboot⏎X` made
    `reboot` the first one's body)."""
    if first.start_point.row != second.start_point.row:
        return False
    ends = [c.end_byte for c in first.children if c.type == "heredoc_end"]
    body = next((c.start_byte for c in second.children if c.type in ("heredoc_body", "heredoc_end")), None)
    return bool(ends) and body is not None and ends[0] > body


def _wrong_end(node: ts.Node, data: bytes) -> bool:
    """Does the here-document end somewhere else than at its delimiter's line? The grammar can
    take `END;` as the delimiter, or run a first body over the second's (`a <<-X | b <<Y`),
    and then reads the commands after the real end as body text."""
    start = end = None
    for c in node.children:
        if c.type == "heredoc_start":
            start = c
        elif c.type == "heredoc_end":
            end = c
    if start is None or end is None:
        return False
    delimiter = _QUOTING.sub(b"", data[start.start_byte:start.end_byte])
    line = data[end.start_byte:end.end_byte].rstrip(b"\r\n")
    if node.child(0) is not None and node.child(0).type == "<<-":
        line = line.lstrip(b"\t")
    return line != delimiter


_QUOTING = re.compile(rb"[\"'\\]")


# nodes a line break may sit inside without ending bash's line: strings, substitutions
_OPAQUE = frozenset({"string", "raw_string", "ansi_c_string", "translated_string", "command_substitution",
                     "process_substitution"}) | _HEREDOC


def _crosses_line(node: ts.Node, data: bytes, after: int) -> tuple[bool, int]:
    """(is there a newline bash ends a line at between `after` and the end of `node`, where the
    scan stopped), looking between the parts of `node` only, not inside strings or substitutions."""
    if node.type in _OPAQUE or node.child_count == 0:
        return _bare_newline(data, after, node.start_byte, ()) >= 0, node.end_byte
    for child in node.children:
        crossed, after = _crosses_line(child, data, after)
        if crossed:
            return True, after
    return False, after


def _bare_newline(data: bytes, start: int, end: int, comments) -> int:
    """The first newline between two parts of a command that is not a line continuation
    (`\\⏎`, which bash removes before it reads words, so the command goes on), or -1.
    The gap holds only blanks, continuations and comments; a backslash ending a comment
    is the comment's own."""
    i = data.find(b"\n", start, end)
    while i > start and data[i - 1] == 0x5C and not any(c.start_byte < i <= c.end_byte for c in comments):
        i = data.find(b"\n", i + 1, end)
    return i


def dollar_form(data: bytes) -> bytes | None:
    """`data` with each backquoted substitution written `$(…)`, the backquotes paired as bash
    pairs them: a substitution ends at the next backquote, whatever quotes lie between, and
    no backquote opens one inside single quotes, `$'…'` or a comment. None when that reading
    is not plain: a backslash inside a substitution (bash removes some before it reads the
    command), a here-document (its body may or may not expand), an unclosed quote or backquote."""
    if b"<<" in data:
        return None
    out = bytearray()
    i, n, double = 0, len(data), False
    while i < n:
        c = data[i]
        if c == 0x5C:  # a backslash keeps the next byte as it is
            out += data[i:i + 2]
            i += 2
            continue
        if c == 0x60:  # a backquote
            end = data.find(b"`", i + 1)
            if end < 0 or data.find(b"\\", i + 1, end) >= 0:
                return None
            out += b"$(" + data[i + 1:end] + b")"
            i = end + 1
            continue
        if c == 0x22:
            double = not double
        elif not double and c == 0x27:  # single quotes, or `$'…'` with its escapes
            ansi = i > 0 and data[i - 1] == 0x24
            j = i + 1
            while j < n and data[j] != 0x27:
                j += 2 if ansi and data[j] == 0x5C else 1
            if j >= n:
                return None
            out += data[i:j + 1]
            i = j + 1
            continue
        elif not double and c == 0x23 and (i == 0 or data[i - 1] in b" \t\n;&|()"):
            j = data.find(b"\n", i)
            j = n if j < 0 else j
            out += data[i:j]
            i = j
            continue
        out.append(c)
        i += 1
    return None if double else bytes(out)


def _nested_backquote(substs, data: bytes) -> ts.Node | None:
    # in text order: captures can come back in another order on another parse of the same text
    for node in sorted(substs, key=lambda n: n.start_byte):
        if data[node.start_byte:node.start_byte + 1] != b"`":
            continue
        if _BARE_BACKQUOTE.search(data, node.start_byte + 1, node.end_byte - 1):
            return node
        up = node.parent
        while up is not None:
            if up.type == "command_substitution" and data[up.start_byte:up.start_byte + 1] == b"`":
                return node
            up = up.parent
    return None
