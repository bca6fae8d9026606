"""TypeScript code run from data: eval, the Function constructor, vm, and the Node internals
that reach them.

Code given as a literal is judged as the TypeScript it is (`vm.runInNewContext("price * qty", …)`,
`new Function("a", "b", "return a + b")`); code computed at run time is blocked, since what it runs
is not shown. The Function constructor's parameters are read with what its call passes them, so a
body that loads modules through a parameter (`new AsyncFunction("r", body)(require)`) is judged as
if it called `require` itself.
"""
from __future__ import annotations

import json
import re


_VM = frozenset({"runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script",
                 "SourceTextModule", "SyntheticModule", "measureMemory"})
# the vm functions (and classes) whose first argument is the code they compile; the others are blocked outright
_VM_CODE = frozenset({"runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script",
                      "SourceTextModule"})
_EVAL = frozenset({"eval", "window.eval", "globalThis.eval", "global.eval", "self.eval", "Function", "execScript"})
# what a compiled function may be handed that lets its body reach modules, processes or globals
_HANDED = frozenset({"require", "process", "module", "globalThis", "global", "eval", "Function", "import.meta"})
_PARAM = re.compile(r"[A-Za-z_$][\w$]*")
_WRAPS = frozenset({"parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression"})
_CALLS = "(call_expression function: (identifier) @f arguments: (arguments) @a)"
_METHOD_CALLS = ("(call_expression function: (member_expression object: (identifier) @o property: (property_identifier) "
                 "@p (#match? @p \"^runIn(This|New)?Context$\"))) @c")


def function_ctor(q: str | None) -> bool:
    """Whether the dotted name `q` is the Function constructor: `Function`, or `Function.prototype.constructor`
    reached through a function's prototype (`Object.getPrototypeOf(async function () {}).constructor`)."""
    return q == "Function" or q is not None and q.startswith("Function.prototype.") and q.endswith(".constructor")


class Code:
    """Code compiled at run time and the internals that lead to it."""

    def env_keys_written(self, q: str, node, args: list) -> None:
        """`writeFileSync(".env.production", env)` where the code sets payment keys to live keys it writes out
        (`.replace(/^STRIPE_SECRET_KEY=.*$/m, "STRIPE_SECRET_KEY=sk_live_…")`): the shop's payments then go to that
        key's account (validate/shops.py: both a secret and a publishable key swapped blocked, one reviewed)."""
        from ..shops import ENV_FILE, keys_message, keys_swapped

        path = self.string(args[0]) if args else None
        if path is None or not ENV_FILE.search(path):
            return
        found = keys_swapped(self.doc.data.decode("utf-8", "replace"))
        if found is None:
            return
        verdict, names = found
        fn = node.child_by_field_name("function")
        shown = self.src(fn) if fn is not None and fn.end_byte - fn.start_byte <= 60 else q
        (self.block if verdict == "block" else self.review)("exfiltration", keys_message(shown, path, verdict, names),
                                                            node)

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

    def _code(self, arg, node, what: str, prelude: str = "") -> None:
        if arg is None:
            return
        code = self.string(arg)
        if code is None:
            self.block("js-dynamic-code", f"`{what}` of code computed at run time; write the code directly", node)
        else:
            self.ctx.nested(prelude + code, "typescript", self.doc, arg, None)

    def _function_code(self, args: list, node, what: str) -> None:
        """`new Function("r", body)` / `Function(body)`: the body is the last argument, the parameters the
        others; the body is judged with each parameter bound to what the compiled function is called with."""
        if not args:
            return
        body = args[-1]
        if self.string(body) is None:
            self._code(body, node, what)
            return
        names: list[str | None] = []
        for a in args[:-1]:
            v = self.string(a)
            names += [n.strip() if _PARAM.fullmatch(n.strip()) else None for n in v.split(",")] if v is not None \
                else [None]
        given = self._compiled_call_args(node) if any(names) else None
        lines = []
        for name, value in zip(names, given or ()):
            bound = self._compiled_arg(value) if name else None
            if bound is None:
                continue
            expr, mod = bound
            lines.append(f"const {name} = {expr};\n")
            if mod in ("require", "child_process", "vm"):
                self.block("js-dynamic-code", f"`{what}` compiles a function and hands it `{self.src(value)[:40]}` as "
                                              f"`{name}`, so its body loads modules or runs processes where the import "
                                              "rules do not look; write that code as ordinary code", node)
        self._code(body, node, what, "".join(lines))

    def _compiled_arg(self, node) -> tuple[str, str] | None:
        """(the expression, in the compiled body's own terms, for what `node` passes a compiled function, the
        module it is or is of) when that is a way to modules or globals (`require`, `process`, a module
        imported here); None otherwise."""
        q = self.qualname(node)
        if not q:
            return None
        if self.is_require(q):
            return "require", "require"
        if q in _HANDED:
            return q, ""
        mod, member = self.module(q)
        if mod and any(self.module(v)[0] == mod for v in self.alias.values()):
            return f"require({json.dumps(mod)})" + (f".{member}" if member else ""), mod
        return None

    def _result_handed(self, result, what: str) -> None:
        """Block when what literal code evaluated to is called with `require` or child_process
        (`vm.runInThisContext("(function (r) { r('child_process')… })")(require)`): the code loads modules
        through its parameter, where neither it nor the import rules show which."""
        for value in self._compiled_call_args(result) or ():
            bound = self._compiled_arg(value)
            if bound is not None and bound[1] in ("require", "child_process", "vm"):
                self.block("js-dynamic-code", f"the function `{what}` evaluates to is handed `{self.src(value)[:40]}`, "
                                              "so it loads modules or runs processes where the import rules do not "
                                              "look; write that code as ordinary code", result)
                return

    def _bound_name(self, parent):
        """The constant name a value is bound to (`const f = await new F(…)`), from the node above the value."""
        while parent is not None and parent.type in ("await_expression", *_WRAPS):
            parent = parent.parent
        name = parent.child_by_field_name("name") if parent is not None and parent.type == "variable_declarator" \
            else None
        return None if name is None or name.type != "identifier" or self.mutable(self.src(name)) else name

    def _script_run(self, node):
        """The `.runInThisContext()` (or `runInNewContext`, `runInContext`) call that runs the `new vm.Script(…)`
        `node`: chained on it, or on the name it is bound to (its first such call); None when not found."""
        up = node
        while up.parent is not None and up.parent.type in _WRAPS:
            up = up.parent
        parent = up.parent
        if parent is not None and parent.type == "member_expression" and parent.parent is not None and \
                parent.parent.type == "call_expression":
            return parent.parent
        name = self._bound_name(parent)
        if name is None:
            return None
        from ..common_code import _cursor

        want = self.src(name)
        for _, caps in _cursor(self.grammar(), _METHOD_CALLS).matches(self.root):
            o, c = caps.get("o"), caps.get("c")
            if o and c and self.src(o[0]) == want and o[0].start_byte > name.start_byte:
                return c[0]
        return None

    def _compiled_call_args(self, node) -> list | None:
        """The arguments the function `node` compiles is called with: at once (`new F("r", b)(require)`), or
        under the name it is bound to (`const f = new F("r", b); await f(require)`, its first call)."""
        up = node
        while up.parent is not None and up.parent.type in _WRAPS:
            up = up.parent
        parent = up.parent
        if parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == up:
            return self.args(parent)
        name = self._bound_name(parent)
        if name is None:
            return None
        from ..common_code import _cursor

        want = self.src(name)
        for _, caps in _cursor(self.grammar(), _CALLS).matches(self.root):
            f, a = caps.get("f"), caps.get("a")
            if f and a and self.src(f[0]) == want and f[0].start_byte > name.start_byte:
                return [c for c in a[0].named_children if c.type != "comment"]
        return None

    def _vm_code(self, member: str, node, args: list) -> None:
        """vm's compilers: literal code is judged as TypeScript (`vm.runInNewContext("price * qty", sandbox)`,
        a formula in a sandbox); code computed at run time, and the other vm entry points, are blocked."""
        if member in _VM_CODE and args and self.string(args[0]) is not None:
            self._code(args[0], node, f"vm.{member}")
            result = self._script_run(node) if member in ("Script", "SourceTextModule") else node
            if result is not None:
                self._result_handed(result, f"vm.{member}")
        else:
            self.block("js-dynamic-code", f"`vm.{member}` compiles and runs code at run time; write the code directly",
                       node)
