"""eval, Function, vm or child_process.exec handed over as a value (`.then(eval)`,
`cmds.forEach(exec)`): whatever calls them later passes what this code does not show.
"""
from __future__ import annotations

from .code import _EVAL, _VM, function_ctor
from .processes import _SHELL_EXEC


_VALUE_LEAVES = frozenset({"eval", "Function", "execScript", "exec", "execSync", "constructor", "runInNewContext",
                           "runInThisContext", "runInContext", "compileFunction", "Script"})
# where a function can be handed over as a value, and which child holds it
_VALUE_HOLDERS = {"arguments": None, "array": None, "sequence_expression": None, "spread_element": None,
                  "pair": "value", "ternary_expression": None, "return_statement": None, "arrow_function": "body",
                  "public_field_definition": "value", "assignment_expression": "right"}


class Callables:
    """Functions handed over rather than called."""

    def visit_holder(self, node, t: str) -> None:
        """eval, Function or child_process.exec handed over as a value (`.then(eval)`,
        `cmds.forEach(exec)`, `(0, eval)(code)`, `[eval][0](code)`): whatever calls it
        later passes code or a command line this code does not show."""
        field = _VALUE_HOLDERS[t]
        kids = [node.child_by_field_name(field)] if field else node.named_children
        for c in kids:
            if c is None or c.type not in ("identifier", "member_expression", "subscript_expression"):
                continue
            if c.type == "member_expression":
                prop = c.child_by_field_name("property")
                if prop is None or self.src(prop) not in _VALUE_LEAVES:
                    continue  # settled by its last name before it is resolved
            elif c.type == "identifier":
                name = self.src(c)
                if name not in self.alias and name not in _EVAL:
                    continue
            if t == "arguments" and node.parent is not None:
                callee = self.qualname(node.parent.child_by_field_name("function"))
                if callee and callee.replace("node:", "") == "util.promisify":
                    return  # an alias, judged where it is called
            q = self.qualname(c)
            if not q:
                continue
            mod, member = self.module(q)
            if q in _EVAL or function_ctor(q) or (mod == "vm" and member in _VM):
                self.block("js-dynamic-code", f"`{self.src(c)}` is passed on as a value to run code chosen elsewhere; "
                                              "write the code directly", c)
            elif mod == "child_process" and member in _SHELL_EXEC:
                self.block("js-shell-exec", f"`{self.src(c)}` is passed on as a value, so the command it runs is not "
                                            "visible here; call execFile with a literal argv array directly", c)
