"""TypeScript code run from data: eval, the Function constructor, vm, and the Node internals
that reach them.
"""
from __future__ import annotations


_VM = frozenset({"runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script",
                 "SourceTextModule", "SyntheticModule", "measureMemory"})
_EVAL = frozenset({"eval", "window.eval", "globalThis.eval", "global.eval", "self.eval", "Function", "execScript"})


class Code:
    """Code compiled at run time and the internals that lead to it."""

    def _internal(self, node, prop: str) -> bool:
        """`x.mainModule` (the module loader behind process) and `x.constructor.constructor`
        (the Function constructor), whatever `x` is: `[].constructor.constructor(code)`."""
        if prop == "mainModule":
            return True
        if prop == "constructor":
            obj = node.child_by_field_name("object")
            inner = obj.child_by_field_name("property") if obj is not None and obj.type == "member_expression" else None
            return inner is not None and self.src(inner) == "constructor"
        return False

    def _code(self, arg, node, what: str) -> None:
        if arg is None:
            return
        code = self.string(arg)
        if code is None:
            self.block("js-dynamic-code", f"`{what}` of code computed at run time; write the code directly", node)
        else:
            self.ctx.nested(code, "typescript", self.doc, arg, None)
