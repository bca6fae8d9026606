"""The analysis context shared by every language's rules.

One `Context` per `validate()` call collects reasons, the simple commands seen (for the
policy's allow/deny patterns) and re-parses embedded code (`python -c`, heredocs,
`os.system("...")`, `execSync("...")`) with the right grammar, mapping positions back to
the outer text.
"""
from __future__ import annotations

from typing import Callable

from .bash.misread import UNREADABLE as _UNREADABLE, reread as _reread
from .miners import check_text, pool_address
from .bash.words import ARG_WORDS
from .parse import Doc, first_error, parse, source_bytes, typed_templates
from .verdict import BLOCK, REVIEW, CommandText, Reason

MAX_DEPTH = 8
# Strings judged on their own as commands per input (handed.blocked: a program's quoted argument, the
# command a wrapper or another machine would run, code written to a file). Each may hold more, so the
# work grows as this to the power of MAX_DEPTH without a bound on the whole; the corpus needs 3 at most.
MAX_JUDGED_STRINGS = 256


class Context:
    __slots__ = ("reasons", "commands", "functions", "depth", "_seen", "shortcut", "budget", "carried")

    def __init__(self, shortcut: bool = True) -> None:
        self.budget = [MAX_JUDGED_STRINGS]  # shared with every child(): one bound for the whole input
        # the plain-command shortcut skips collecting commands, so policy patterns turn it off
        self.shortcut = shortcut
        self.reasons: list[Reason] = []
        # (doc, resolved command) of every simple command, for the policy's patterns
        self.commands: list[tuple[Doc, object]] = []
        # (doc, name, end byte) of each shell function defined, for the policy's allow list
        self.functions: list[tuple[Doc, bytes, int]] = []
        self.depth = 0
        self._seen: dict[tuple, int] = {}  # rule and span -> index of its reason
        # what an outer shell script downloaded before the shell string being judged now (rules_bash.nested):
        # `curl -o /tmp/x URL && bash -c "sh /tmp/x"` runs the download as surely as `sh /tmp/x` does
        self.carried = None

    def add(self, rule: str, verdict: str, message: str, doc: Doc, node) -> None:
        span = doc.span(node)
        key = (rule, span.start_row, span.start_col, span.end_row, span.end_col)
        at = self._seen.get(key)
        if at is not None:
            # one reason per rule and span, the most severe: a block found after a review of the same place wins
            if verdict == BLOCK and self.reasons[at].verdict != BLOCK:
                self.reasons[at] = Reason(rule, message, verdict, span)
            return
        self._seen[key] = len(self.reasons)
        self.reasons.append(Reason(rule, message, verdict, span))

    def block(self, rule: str, message: str, doc: Doc, node) -> None:
        self.add(rule, BLOCK, message, doc, node)

    def review(self, rule: str, message: str, doc: Doc, node) -> None:
        self.add(rule, REVIEW, message, doc, node)

    def analyze(self, doc: Doc, lang: str, tree=None) -> None:
        """Judge `doc`; `tree` is its parse when the caller already has it."""
        if tree is None:
            tree = parse(doc.data, lang)
            if lang == "bash":
                data, tree, odd = _reread(doc.data, tree)
                if data is not doc.data:  # before any span is taken: `odd` is a node of the rewritten text
                    doc.reread(data)
                if odd is not None:
                    self.block("malformed", _UNREADABLE, doc, odd)
                    return
        err = first_error(tree.root_node)
        if err is not None and lang == "typescript":
            typed = typed_templates(doc.data)  # `$queryRaw<{ id: number }[]>\`…\``: a grammar gap (parse.py)
            if typed is not None:
                doc.reread(typed[0])
                tree, err = typed[1], None
        if err is not None:
            if lang == "python" and _cell(self, doc):
                return  # an IPython cell: `!cmd` and `%magic` lines among the Python (python/notebooks.py)
            what = "missing " + err.type if err.is_missing else "syntax error"
            self.block("malformed", f"{_LANG_NAME[lang]} does not parse ({what}); regenerate it", doc, err)
            return
        if pool_address(doc.data):  # in any language (bash's top level: validate._judge)
            check_text(self, doc, tree.root_node)
        if lang == "bash" and self.shortcut and self.depth == 0:
            if _plain(tree.root_node, doc.data):
                return
        _rules(lang)(tree.root_node, doc, self)

    def child(self) -> Context | None:
        """A context for a string judged on its own, one level deeper, sharing this input's budget of such
        strings; None when the budget is spent."""
        if self.budget[0] <= 0:
            return None
        self.budget[0] -= 1
        sub = Context(shortcut=False)
        sub.depth, sub.budget = self.depth + 1, self.budget
        return sub

    def command_texts(self) -> list[CommandText]:
        """Each simple command that runs, for the policy's patterns."""
        out = []
        for doc, cmd in self.commands:
            node = cmd.node
            run = " ".join(w.text for w in cmd.words)
            name = node.child_by_field_name("name") if node.type == "command" else None
            if name is not None:
                named = doc.data[name.start_byte:node.end_byte].decode("utf-8", "replace")
                called = doc.data[name.start_byte:name.end_byte]
                local = any(d is doc and fn == called and end <= name.start_byte for d, fn, end in self.functions)
                if called.decode("utf-8", "replace") in ARG_WORDS and _in_function(node):
                    local, run = True, named  # what it runs is held to the list at each call
            else:
                named, local = doc.text(node), False
            out.append(CommandText(doc.span(node), doc.text(node), run, named, local))
        return out

    def nested(self, text: str, lang: str, outer: Doc, node, offset: int | None, rows: int = 0) -> None:
        """Judge `text`, code embedded in `node` of `outer`.

        `offset` is the column (in characters, from the start of `node`) where `text`
        begins verbatim, or None when quote removal changed it (then every reason points
        at the whole of `node`). With `rows`, the text begins that many rows below the
        start of `node`, and `offset` is its column on that row.
        """
        if self.depth >= MAX_DEPTH:
            self.block("nesting-too-deep", "code nested too deeply inside other code to judge", outer, node)
            return
        anchor = outer.span(node)
        exact = offset is not None and outer.exact and "\r" not in text
        written, data = source_bytes(text, lang)
        col = (offset or 0) if rows else anchor.start_col + (offset or 0)
        doc = Doc(data, anchor=anchor, row_off=anchor.start_row + rows, col_off=col, exact=exact, written=written)
        self.depth += 1
        try:
            self.analyze(doc, lang)
        finally:
            self.depth -= 1


def _in_function(node) -> bool:
    """Is `node` inside a shell function's body? There `"$@"` runs what each call is given, and
    the rules judge each call (in this input) as the command it runs."""
    up = node.parent
    while up is not None:
        if up.type == "function_definition":
            return True
        up = up.parent
    return False


_LANG_NAME = {"bash": "the shell command", "python": "the Python code", "typescript": "the TypeScript/JavaScript code"}


_ANALYZERS: dict[str, Callable] = {}


def _plain(root, data: bytes) -> bool:
    global _plain
    from .bash.fastpath import plain

    _plain = plain  # import once, on first use
    return plain(root, data)


def _cell(ctx: Context, doc: Doc) -> bool:
    from .python.notebooks import judge_cell  # only for Python that does not parse

    return judge_cell(ctx, doc)


def _rules(lang: str) -> Callable:
    fn = _ANALYZERS.get(lang)
    if fn is None:
        if lang == "bash":
            from .rules_bash import analyze as fn
        elif lang == "python":
            from .rules_python import analyze as fn
        else:
            from .rules_js import analyze as fn
        _ANALYZERS[lang] = fn
    return fn
