"""The analysis context shared by every language's rules.

One `Context` per `validate()` call collects reasons, the simple commands seen (for the
policy's allow/deny patterns) and re-parses embedded code (`python -c`, heredocs,
`os.system("...")`, `execSync("...")`) with the right grammar, mapping positions back to
the outer text.
"""
from __future__ import annotations

from typing import Callable

from .parse import Doc, first_error, parse
from .verdict import BLOCK, REVIEW, Reason, Span

MAX_DEPTH = 8


class Context:
    __slots__ = ("reasons", "commands", "depth", "_seen")

    def __init__(self) -> None:
        self.reasons: list[Reason] = []
        # (span of the command, argv as written, argv after unwrapping) for policy patterns
        self.commands: list[tuple[Span, str, str]] = []
        self.depth = 0
        self._seen: set[tuple] = set()

    def add(self, rule: str, verdict: str, message: str, doc: Doc, node) -> None:
        span = doc.span(node)
        key = (rule, span.start_row, span.start_col, span.end_row, span.end_col)
        if key in self._seen:
            return
        self._seen.add(key)
        self.reasons.append(Reason(rule, message, verdict, span))

    def block(self, rule: str, message: str, doc: Doc, node) -> None:
        self.add(rule, BLOCK, message, doc, node)

    def review(self, rule: str, message: str, doc: Doc, node) -> None:
        self.add(rule, REVIEW, message, doc, node)

    def analyze(self, doc: Doc, lang: str) -> None:
        tree = parse(doc.data, lang)
        err = first_error(tree.root_node)
        if err is not None:
            what = "missing " + err.type if err.is_missing else "syntax error"
            self.block("malformed", f"{_LANG_NAME[lang]} does not parse ({what}); regenerate it", doc, err)
            return
        _rules(lang)(tree.root_node, doc, self)

    def nested(self, text: str, lang: str, outer: Doc, node, offset: int | None) -> None:
        """Judge `text`, code embedded in `node` of `outer`.

        `offset` is the column (in characters, from the start of `node`) where `text`
        begins verbatim, or None when quote removal changed it (then every reason points
        at the whole of `node`).
        """
        if self.depth >= MAX_DEPTH:
            self.block("nesting-too-deep", "code nested too deeply inside other code to judge", outer, node)
            return
        anchor = outer.span(node)
        exact = offset is not None and outer.exact and "\r" not in text
        doc = Doc(text.encode("utf-8", "surrogatepass"), anchor=anchor, row_off=anchor.start_row,
                  col_off=anchor.start_col + (offset or 0), exact=exact)
        self.depth += 1
        try:
            self.analyze(doc, lang)
        finally:
            self.depth -= 1


_LANG_NAME = {"bash": "the shell command", "python": "the Python code", "typescript": "the TypeScript/JavaScript code"}


def _rules(lang: str) -> Callable:
    if lang == "bash":
        from .rules_bash import analyze
    elif lang == "python":
        from .rules_python import analyze
    else:
        from .rules_js import analyze
    return analyze
