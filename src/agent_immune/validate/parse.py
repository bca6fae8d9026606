"""tree-sitter parsing: cached grammars and parsers, malformed-input detection, spans.

Language objects are built once per process and Parser objects once per thread
(building them is the expensive part); `parse()` is then a single C call. JavaScript is parsed with the
TypeScript grammar and, when that fails (JSX), with the TSX grammar.
"""
from __future__ import annotations

import os
import re
import select
import signal
import threading
import time
from bisect import bisect_left
from functools import lru_cache

import tree_sitter as ts

from . import time_limit
from .verdict import Span

LANG_ALIASES = {
    "bash": "bash", "sh": "bash", "shell": "bash", "zsh": "bash",
    "python": "python", "py": "python", "python3": "python",
    "typescript": "typescript", "ts": "typescript", "javascript": "typescript",
    "js": "typescript", "tsx": "typescript", "jsx": "typescript", "node": "typescript",
}
LANGS = ("bash", "python", "typescript")


def canonical_lang(lang: str) -> str | None:
    return LANG_ALIASES.get(lang.lower()) if isinstance(lang, str) else None


@lru_cache(maxsize=None)
def _language(name: str) -> ts.Language:
    if name == "bash":
        import tree_sitter_bash as mod

        return ts.Language(mod.language())
    if name == "python":
        import tree_sitter_python as mod

        return ts.Language(mod.language())
    import tree_sitter_typescript as mod

    return ts.Language(mod.language_tsx() if name == "tsx" else mod.language_typescript())


_local = threading.local()


def parser(name: str) -> ts.Parser:
    """This thread's parser for `name` (a Parser keeps state while it parses, so threads do not share one)."""
    cache = _local.__dict__.setdefault("parsers", {})
    p = cache.get(name)
    if p is None:
        p = cache[name] = ts.Parser(_language(name))
    return p


# A 4-byte UTF-8 sequence: a character outside the Basic Multilingual Plane (emoji, private use).
_NON_BMP = re.compile(rb"[\xf0-\xf4][\x80-\xbf]{3}")
# Two U+00D7 (a symbol: not a letter, digit, space or shell syntax), the same four bytes long.
_BMP_STAND_IN = b"\xc3\x97\xc3\x97"


class ParseTimeout(Exception):
    """The grammar could not parse the input within PARSE_LIMIT_S seconds."""


# The grammars also take quadratic time on some long input: bash on a run of `a@` or `a?` (its scanner looks ahead
# for an extglob's `(` from each one: 12 s for 40 kB), TypeScript on a run of unclosed quotes (5 s for 100 kB, parsed
# twice). Those parses do call their progress callback every few milliseconds, so input from WATCH_BYTES up is parsed
# with a deadline and cancelled in process.
WATCH_BYTES = 2048


# tree-sitter's error recovery takes exponential time on some malformed input: a pipeline with an
# empty stage, many more stages and an option word at the end (`b| | e|e|...|e|-d `, found by
# fuzzing) took 1 s at 24 stages and doubles about every two more, in every tree-sitter and
# bash-grammar release tried. The parse holds the GIL and calls its progress callback only between
# steps (one step ran for 8 s), so it cannot be interrupted in process. Input with that many pipe
# characters is therefore parsed first in a forked child under a time limit, and here only if the
# child finished. Below the threshold the same shape costs about a millisecond.
PIPE_GUARD = 12
PARSE_LIMIT_S = 2.0  # of the parsing thread's (or the forked child's) processor time
_BACKSTOP = 15  # the forked child's wall-clock bound, in PARSE_LIMIT_S


def parse(data: bytes, lang: str) -> ts.Tree:
    """Parse `data`. Positions in the tree are byte offsets into `data` itself.
    Raises ParseTimeout for input the grammar cannot parse in PARSE_LIMIT_S seconds."""
    if lang == "bash" and data.count(b"|") >= PIPE_GUARD and not _parses_in_time(data, lang):
        raise ParseTimeout(lang)
    return _parse(data, lang)


def _parses_in_time(data: bytes, lang: str) -> bool:
    """Does `_parse(data, lang)` finish within PARSE_LIMIT_S of processor time? Asked of a forked child, which the
    kernel ends when its parse has used that much (a profiling timer, whose default action ends the process: no
    Python code needs to run inside the stuck parse). Processor time, not wall-clock time, so that the answer does
    not depend on how busy the machine is. (A fork costs about a millisecond, and only input that could hit the
    blow-up pays it.)"""
    if not hasattr(os, "fork"):
        return True
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare (pids limit): judge in process, as before the guard
        os.close(r)
        os.close(w)
        return True
    if pid == 0:  # the child: parse, answer, leave without running any of the parent's exit code
        try:
            os.close(r)
            signal.signal(signal.SIGPROF, signal.SIG_DFL)  # (the judgement's limit may have set a handler)
            signal.setitimer(signal.ITIMER_PROF, PARSE_LIMIT_S)
            _parse(data, lang)
            os.write(w, b"1")
        finally:
            os._exit(0)
    os.close(w)
    answered, status = False, 0
    try:
        # readable = the child answered or ended; the wall-clock wait is only a backstop for a machine so loaded
        # that the child gets no processor at all
        if select.select([r], [], [], PARSE_LIMIT_S * _BACKSTOP)[0]:
            answered = os.read(r, 1) == b"1"
    finally:
        os.close(r)
        if not answered:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        try:
            status = os.waitpid(pid, 0)[1]
        except ChildProcessError:  # a caller that ignores SIGCHLD: the kernel reaped it
            pass
    # a child that failed some other way leaves the in-process parse to meet the same failure: only a child ended
    # by its timer (or the backstop) counts as too slow
    return answered or not (os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGPROF, signal.SIGKILL))


def _parse(data: bytes, lang: str) -> ts.Tree:
    if lang == "bash" and not data.isascii():
        # The bash grammar's scanner reads out of bounds on some characters beyond U+FFFF (`{`
        # then U+E0001 or U+F0000 crashed the process now and then). Such a character is
        # only ever part of a word, so it is parsed as a same-length stand-in symbol: every
        # offset stays valid for `data`, from which all text is read.
        data = _NON_BMP.sub(_BMP_STAND_IN, data)
    # (TypeScript always: a 100-byte input of unclosed templates and generics took 280 s to parse, found by fuzzing)
    # (processor time of this thread: a parse does not wait on anything, and a busy machine must not change a verdict)
    deadline = time.thread_time() + PARSE_LIMIT_S if len(data) >= WATCH_BYTES or lang == "typescript" else None
    tree = _parse_by(parser(lang), data, deadline, lang)
    if lang == "typescript" and tree.root_node.has_error:
        alt = _parse_by(parser("tsx"), data, deadline, lang)
        if not alt.root_node.has_error:
            return _kept(parser("tsx"), data, alt, deadline)
    return _kept(parser(lang), data, tree, deadline)


def _parse_by(p: ts.Parser, data: bytes, deadline: float | None, lang: str) -> ts.Tree:
    """`p.parse(data)`; from WATCH_BYTES up (a `deadline`) through a reader, cancelled at the deadline (the callback
    is only consulted when the input comes from a reader) or when the judgement's time limit runs out meanwhile
    (then Expired, raised once the parse is over)."""
    if deadline is None:
        return p.parse(data)
    time_limit.defer()
    try:
        tree = p.parse(lambda offset, _point: data[offset:offset + 65536],
                       progress_callback=lambda *_state: time.thread_time() > deadline or time_limit.pending())
    except ValueError:
        # cancelled: a parser keeps a cancelled parse and would resume it on the next input
        p.reset()
        tree = None
    except BaseException:
        p.reset()  # the same for an interrupt (^C) raised in the reader or the callback
        raise
    finally:
        expired = time_limit.resume()
    if expired:
        raise time_limit.Expired
    if tree is None:
        raise ParseTimeout(lang)
    return tree


def _kept(p: ts.Parser, data: bytes, tree: ts.Tree, deadline: float | None) -> ts.Tree:
    """The tree parse() returns. One parsed through a reader keeps the reader as its source, and py-tree-sitter's
    Node.text then calls it, a Python function: the time limit's alarm raised inside it reaches C code that does not
    check for an error, and the process died (a segfault at `node.text` once a slow rule ran out of time, found in the
    twenty-ninth round). The same text parsed again from bytes, reusing the tree, gives a tree whose text is read with
    no Python code; that parse ends (the first one did, on the same bytes) and takes no callback the alarm could
    interrupt. Only the tree kept is parsed again (not a TypeScript parse given up for the TSX one)."""
    return tree if deadline is None else p.parse(data, tree)


# -- a grammar gap: type arguments before a tagged template ----------------------------------------------------------
# `prisma.$queryRaw<{ id: number }[]>\`SELECT …\``, `styled.div<{ $on: boolean }>\`…\``, `gql<{ … }>\`…\``: the
# TypeScript grammar reads `f<number>\`…\`` (as comparisons) but not type arguments holding an object or array type,
# and such a file was blocked as malformed. Type arguments carry nothing that runs, so the text is reparsed with them
# blanked (same length: every span stays where it was). Blanking must never change how the rest is read (an unmatched
# quote or brace blanked lets a string or a `${` swallow code the rules would then never see), so a region is blanked
# only when, read from its `<`, its quotes close, each bracket is closed by its own kind, its `<…>` closes exactly at
# its end, it holds no statement break (`;` or a newline outside braces) nor a word that runs something outside a type
# (`new`, `await`), and no parenthesis, `=`, `/`, backslash or backquote at all; and the reparse is kept only when,
# in the new tree, each blanked region lies between a call's function (ending at the `<`) and its template argument
# (starting right after the `>`): the very place TypeScript reads type arguments.
_TYPED_TEMPLATE = re.compile(rb">[ \t]*`")
_TYPE_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$ \t\r\n{}[];:,|&?.<>\"'")
_CLOSER = {0x3C: 0x3E, 0x7B: 0x7D, 0x5B: 0x5D}  # `<` `{` `[` and what closes each
_CLOSERS = frozenset(_CLOSER.values())
_OPEN_BRACE, _OPEN_SQUARE = 0x7D, 0x5D  # (awaited: a brace or a square bracket is open)
# a word that runs something when the text is read as an expression (a property named so, `{ new?: T }`, is a name)
_RUNS_WORD = re.compile(rb"(?<![\w$.])(?:new|await|yield|delete)(?![\w$])(?![ \t]*\??:)")
_MAX_TYPED = 256
_MAX_TYPE_LEN = 400


def _type_region(data: bytes, gt: int) -> int | None:
    """The start (its `<`) of the type arguments closed by the `>` at `gt`, or None when the bytes there are not
    plainly a type argument list (see above)."""
    depth, i = 0, gt
    while i >= 0 and gt - i <= _MAX_TYPE_LEN:  # back to the `<` that matches, over type bytes only
        c = data[i]
        if c not in _TYPE_BYTES:
            return None
        depth += c == 0x3E  # '>'
        depth -= c == 0x3C  # '<'
        if depth == 0:
            break
        i -= 1
    if i < 1 or depth != 0 or data[i] != 0x3C or not (chr(data[i - 1]).isalnum() or data[i - 1] in b"_$"):
        return None
    # forward from the `<`, as the language reads it: quotes, and each bracket closed by its own kind (a `}` never
    # closes a `[`, nor anything opened before the region)
    quote, stack = 0, bytearray()  # (the closers awaited, innermost last)
    code = bytearray()  # the region less its string literals, for the words
    for j in range(i, gt + 1):
        c = data[j]
        if quote:
            if c == quote:
                quote = 0
            elif c == 0x0A:
                return None
            continue
        code.append(c)
        if c in (0x22, 0x27):
            quote = c
            code.append(0x20)
        elif c in _CLOSER:
            stack.append(_CLOSER[c])
        elif c in _CLOSERS:
            if not stack or stack.pop() != c or not stack and j != gt:
                return None
        elif c in b";\n" and _OPEN_BRACE not in stack and _OPEN_SQUARE not in stack:
            return None
    if quote or stack:
        return None
    return None if _RUNS_WORD.search(code) else i


def _tagged_at(root: ts.Node, lt: int, gt: int) -> bool:
    """Is the blank from `lt` to `gt` the gap between a call's function and its template argument in `root`?"""
    node = root.descendant_for_byte_range(gt + 1, gt + 2)
    while node is not None and node.start_byte == gt + 1 and node.type != "template_string":
        node = node.parent
    if node is None or node.type != "template_string" or node.start_byte != gt + 1:
        return False
    call = node.parent
    if call is None or call.type != "call_expression":
        return False
    fn, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
    return fn is not None and fn.end_byte == lt and args is not None and args.start_byte == node.start_byte


def typed_templates(data: bytes) -> tuple[bytes, ts.Tree] | None:
    """(`data` with the type arguments of its tagged templates blanked, its parse) when that parse is clean and
    every blank sits where TypeScript reads type arguments; None otherwise (the input stays malformed)."""
    if b"`" not in data or b"<" not in data:
        return None
    regions = []
    for k, m in enumerate(_TYPED_TEMPLATE.finditer(data)):
        if k >= _MAX_TYPED:
            break
        lt = _type_region(data, m.start())
        if lt is not None:
            regions.append((lt, m.start()))
    if not regions:
        return None
    out = bytearray(data)
    for lt, gt in regions:
        out[lt:gt + 1] = b" " * (gt + 1 - lt)
    new = bytes(out)
    tree = parse(new, "typescript")
    if first_error(tree.root_node) is not None:
        return None
    if not all(_tagged_at(tree.root_node, lt, gt) for lt, gt in regions):
        return None
    return new, tree


_CONTINUATION = re.compile(rb"\\\n")
# where bash keeps a backslash-newline as it is (or reads it later, as code of its own)
_LITERAL_TYPES = frozenset({"raw_string", "ansi_c_string", "heredoc_body", "heredoc_content", "comment"})
_BLANK = frozenset(b" \t\n")


def source_bytes(text: str, lang: str) -> tuple[bytes, bytes]:
    """(`text` as written, the bytes to parse and judge it as): UTF-8, and for bash with
    its line continuations read as bash reads them (the same object when it has none).

    bash deletes a backslash-newline before it splits words, while the grammar takes it
    for a blank: `cat ~/.ss\\⏎h/id_rsa` reads ~/.ssh/id_rsa to bash but two words to the
    grammar, and `--priv\\⏎ileged` would hide `--privileged`. Each continuation is
    rewritten in place, at the same length (so every position and span stays valid): as
    two spaces next to a blank, where it only continues the line; as `""`, an empty
    string that joins like the deleted pair, inside a word or a double-quoted string
    (`$\\⏎HOME` becomes `""$HOME`: `$""` would be a translated string). Single-quoted
    and ANSI-C strings, here-document bodies (judged as code of their own when run) and
    comments are left as they are."""
    written = text.encode("utf-8", "surrogatepass")
    return written, (join_continuations(written) if lang == "bash" else written)


def join_continuations(data: bytes) -> bytes:
    """`data` with its bash line continuations rewritten (see source_bytes); `data` itself
    when it has none."""
    if b"\\\n" not in data:
        return data
    root = None
    out = bytearray(data)
    for m in _CONTINUATION.finditer(data):
        i = m.start()
        j = i
        while j > 0 and data[j - 1] == 0x5C:   # an escaped backslash before the newline: no continuation
            j -= 1
        if (i - j) % 2:
            continue
        if root is None:
            root = parse(data, "bash").root_node
        node = root.descendant_for_byte_range(i, i + 1)   # what holds the backslash
        if node is not None and (node.type in _LITERAL_TYPES or
                                 (node.parent is not None and node.parent.type == "heredoc_body")):
            continue
        quoted = node is not None and node.type in ("string", "string_content")
        before = data[i - 1] if i else 0x20
        after = data[i + 2] if i + 2 < len(data) else 0x20
        if not quoted and (before in _BLANK or after in _BLANK):
            out[i:i + 2] = b"  "
        elif before == 0x24 and out[i - 1] == 0x24:    # `$` then the continuation
            out[i - 1:i + 2] = b'""$'
        else:
            out[i:i + 2] = b'""'
    return bytes(out)


def first_error(node: ts.Node) -> ts.Node | None:
    """The first ERROR or MISSING node in document order (None when the tree is clean)."""
    if not node.has_error:
        return None
    if node.is_error or node.is_missing:
        return node
    for child in node.children:
        if child.has_error or child.is_missing:
            found = first_error(child)
            if found is not None:
                return found
    return node


class Doc:
    """The text being judged, with what is needed to turn nodes into character spans.

    A nested document (inline code re-parsed from an argument or a heredoc) carries an
    `anchor`: when its text sits verbatim in the outer document (`exact`), spans are
    shifted to outer coordinates; otherwise (quotes with escapes were removed) spans
    point at the whole outer argument.
    """

    __slots__ = ("data", "ascii", "_lines", "anchor", "row_off", "col_off", "exact", "written", "_shifts")

    def __init__(self, data: bytes, anchor: Span | None = None, row_off: int = 0, col_off: int = 0,
                 exact: bool = True, written: bytes | None = None) -> None:
        self.data = data
        # The text as written when `data` is a same-length rewrite of it (join_continuations):
        # spans count its rows and show its snippets.
        self.written = written if written is not None and written is not data else None
        self._shifts = _dollar_shifts(data, self.written) if self.written is not None else ()
        self.ascii = data.isascii()
        self._lines: list[bytes] | None = None
        self.anchor = anchor
        self.row_off = row_off
        self.col_off = col_off
        self.exact = exact

    def reread(self, data: bytes) -> None:
        """Judge `data`, a rewrite of this text, from now on (spans stay on the text as written): of the
        same length, or with backquoted substitutions as `$(…)` (misread.dollar_form)."""
        if self.written is None:
            self.written = self.data
        self.data = data
        self._shifts = _dollar_shifts(data, self.written)

    def _col(self, row: int, byte_col: int) -> int:
        if self.ascii:
            return byte_col
        if self._lines is None:
            self._lines = (self.written or self.data).split(b"\n")
        line = self._lines[row] if row < len(self._lines) else b""
        return len(line[:byte_col].decode("utf-8", "replace"))

    def text(self, node: ts.Node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def span(self, node: ts.Node, snippet_limit: int = 200) -> Span:
        if self.anchor is not None and not self.exact:
            return self.anchor
        start, end = node.start_byte, node.end_byte
        if self.written is None:
            (sr, sc), (er, ec) = node.start_point, node.end_point
        else:
            if self._shifts:
                start, end = start - bisect_left(self._shifts, start), end - bisect_left(self._shifts, end)
            (sr, sc), (er, ec) = _point(self.written, start), _point(self.written, end)
        if not self.ascii:  # byte columns are character columns in ASCII text
            sc, ec = self._col(sr, sc), self._col(er, ec)
        if sr == 0:
            sc += self.col_off
        if er == 0:
            ec += self.col_off
        snippet = (self.written or self.data)[start:end].decode("utf-8", "replace")
        if len(snippet) > snippet_limit:
            snippet = snippet[:snippet_limit] + "..."
        return Span(sr + self.row_off, sc, er + self.row_off, ec, snippet)


def _dollar_shifts(data: bytes, written: bytes) -> tuple[int, ...]:
    """Where `data`, longer than `written`, has a `$(` for a backquote of it: the byte each such `$`
    adds. A span's offset in `data` less the number of these before it is its offset in `written`."""
    if len(data) == len(written):
        return ()
    out, i, j = [], 0, 0
    while i < len(data) and j < len(written):
        if written[j] == 0x60 and data[i] == 0x24 and data[i + 1:i + 2] == b"(":
            out.append(i)
            i += 1
        i += 1
        j += 1
    return tuple(out)


def _point(buf: bytes, offset: int) -> tuple[int, int]:
    """(row, byte column) of `offset` in `buf`, as tree-sitter counts them."""
    return buf.count(b"\n", 0, offset), offset - (buf.rfind(b"\n", 0, offset) + 1)
