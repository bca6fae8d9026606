"""TypeScript / JavaScript rules (parsed with the TypeScript grammar, TSX as fallback).

Module bindings are tracked through `require`, `import`, destructuring and aliases
(`const {exec: e} = require("child_process")`, `import * as cp from "node:child_process"`,
`cp["ex" + "ec"]`), so renaming does not hide a call. Shell strings and literal argv
arrays are re-parsed and judged by the bash rules.
"""
from __future__ import annotations

import re

from .common_code import SHELL_NAMES, CodeAnalysis, argv_to_shell, check_env_name, check_path
from .engine import Context
from .parse import Doc

_ESC = re.compile(r"\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[0-7]{1,3}|\n|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_SHELL_EXEC = frozenset({"exec", "execSync"})
_ARGV_EXEC = frozenset({"spawn", "spawnSync", "execFile", "execFileSync", "fork"})
_VM = frozenset({"runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script",
                 "SourceTextModule", "SyntheticModule", "measureMemory"})
_FS_WRITE = frozenset({"writeFile", "writeFileSync", "appendFile", "appendFileSync", "createWriteStream", "copyFile",
                       "copyFileSync", "symlink", "symlinkSync", "rename", "renameSync", "cp", "cpSync", "chmod",
                       "chmodSync", "chown", "chownSync"})
_FS_DELETE = frozenset({"rm", "rmSync", "rmdir", "rmdirSync", "unlink", "unlinkSync"})
_GLOBALS = frozenset({"global", "globalThis", "window", "self", "process", "module", "require", "this"})
_NET_MODS = frozenset({"net", "node:net", "tls", "node:tls", "dgram", "node:dgram"})
_HTTP = re.compile(r"\b(fetch|axios|request|got|http\.request|https\.request|XMLHttpRequest|sendBeacon)\b")


def _unescape(body: str) -> str:
    def one(m: re.Match) -> str:
        e = m.group(1)
        try:
            if e.startswith("u{"):
                return chr(int(e[2:-1], 16))
            if e[0] in "ux" and len(e) > 1:
                return chr(int(e[1:], 16))
        except (ValueError, OverflowError):
            return ""
        if e == "\n":
            return ""
        if e[0] in "01234567" and e != "0":
            return chr(int(e, 8))
        return _SIMPLE.get(e, e)

    return _ESC.sub(one, body) if "\\" in body else body


class JsAnalysis(CodeAnalysis):
    def __init__(self, doc: Doc, ctx: Context) -> None:
        super().__init__(doc, ctx)
        self.shells: list = []

    # -- values ----------------------------------------------------------------------
    def string(self, node) -> str | None:
        if node is None:
            return None
        t = node.type
        if t == "string":
            return _unescape(self.src(node)[1:-1])
        if t == "template_string":
            out = []
            for c in node.named_children:
                if c.type == "string_fragment":
                    out.append(self.src(c))
                elif c.type == "escape_sequence":
                    out.append(_unescape(self.src(c)))
                elif c.type == "template_substitution":
                    inner = c.named_children[0] if c.named_children else None
                    v = self.string(inner)
                    if v is None:
                        return None
                    out.append(v)
            return "".join(out)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is None or op.type != "+":
                return None
            a, b = self.string(node.child_by_field_name("left")), self.string(node.child_by_field_name("right"))
            return a + b if a is not None and b is not None else None
        if t == "parenthesized_expression" and node.named_children:
            return self.string(node.named_children[0])
        if t == "identifier":
            return self.consts.get(self.src(node))
        if t in ("as_expression", "non_null_expression", "satisfies_expression") and node.named_children:
            return self.string(node.named_children[0])
        if t == "call_expression":
            q = self.qualname(node.child_by_field_name("function"))
            args = self.args(node)
            if q in ("os.homedir", "node:os.homedir"):
                return "~"
            if q in ("path.join", "path.resolve", "node:path.join", "node:path.resolve", "path.posix.join"):
                vals = [self.string(a) for a in args]
                if vals and None not in vals:
                    return "/".join(v.rstrip("/") for v in vals)  # type: ignore[union-attr]
            if q is not None and q.endswith(".join") and node.child_by_field_name("function").type == "member_expression":
                return None
        if t == "member_expression":
            q = self.qualname(node)
            if q in ("process.env.HOME", "process.env.USERPROFILE"):
                return "~"
        return None

    def qualname(self, node) -> str | None:
        if node is None:
            return None
        t = node.type
        if t == "identifier":
            name = self.src(node)
            return self.alias.get(name, name)
        if t in ("this", "super"):
            return t
        if t == "member_expression":
            return self.dotted(node, "object", "property")
        if t == "subscript_expression":
            obj = self.qualname(node.child_by_field_name("object"))
            key = self.string(node.child_by_field_name("index"))
            return f"{obj}.{key}" if obj and key else None
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type in ("identifier", "import") and self.src(fn) in ("require", "import"):
                args = self.args(node)
                return self.string(args[0]) if args else None
            return None
        if t in ("parenthesized_expression", "await_expression", "non_null_expression", "as_expression") and node.named_children:
            return self.qualname(node.named_children[0])
        return None

    @staticmethod
    def module(q: str | None) -> tuple[str, str]:
        """("child_process", "exec") for "node:child_process.exec"."""
        if not q:
            return "", ""
        q = q.replace("node:", "")
        mod, _, member = q.partition(".")
        return mod, member

    # -- walk ------------------------------------------------------------------------
    def run(self, root) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            t = node.type
            if t == "import_statement":
                self.visit_import(node)
            elif t == "variable_declarator":
                self.visit_declarator(node)
            elif t == "call_expression":
                self.visit_call(node)
            elif t == "new_expression":
                self.visit_new(node)
            elif t == "subscript_expression":
                obj = node.child_by_field_name("object")
                idx = node.child_by_field_name("index")
                if obj is not None and self.src(obj) in _GLOBALS and self.string(idx) is None:
                    self.block("js-dynamic-require", f"`{self.src(obj)}[...]` looks up a computed name on a global; "
                                                     "call what you need directly", node)
            elif t == "member_expression":
                q = self.qualname(node)
                prop = node.child_by_field_name("property")
                if q and (q.endswith(("constructor.constructor", "mainModule.require", "module.constructor._load"))
                          or q in ("process.binding", "process._linkedBinding", "process.dlopen", "module._load",
                                   "process.mainModule")):
                    self.block("js-dynamic-require", f"`{self.src(node)}` reaches Node internals or the Function "
                                                     "constructor; use the normal API", node)
                if prop is not None and self.src(prop) == "__proto__":
                    self.block("js-dynamic-require", "`__proto__` tampering (prototype pollution)", node)
            elif t == "assignment_expression":
                left = node.child_by_field_name("left")
                q = self.qualname(left)
                if q and q.startswith("process.env.") and left is not None:
                    check_env_name(self.ctx, self.doc, left, q.split(".", 2)[2])
            elif t in ("string", "template_string", "binary_expression"):
                v = self.string(node)
                if v is not None and len(v) < 512 and v.startswith(("~", "/")):
                    check_path(self.ctx, self.doc, node, v)
                if t == "binary_expression" and v is not None:
                    continue
            if node.named_child_count:  # leaves (names, numbers, string pieces) are about half the nodes
                stack.extend(reversed(node.named_children))
        if self.uses_net and self.shells:
            self.block("reverse-shell", "a shell is spawned next to a network socket (reverse shell)", self.shells[0])
        if self.env_whole:
            self.block("exfiltration", "the whole environment (process.env) is sent over the network", self.env_whole[0])

    def visit_import(self, node) -> None:
        source = node.child_by_field_name("source")
        mod = self.string(source) if source is not None else None
        if mod is None:
            return
        if mod.replace("node:", "") in _NET_MODS or mod in ("net", "tls", "dgram"):
            self.uses_net = True
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for c in clause.named_children:
                if c.type == "identifier":
                    self.alias[self.src(c)] = mod
                elif c.type == "namespace_import":
                    for i in c.named_children:
                        if i.type == "identifier":
                            self.alias[self.src(i)] = mod
                elif c.type == "named_imports":
                    for spec in c.named_children:
                        n, al = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                        if n is not None:
                            self.alias[self.src(al if al is not None else n)] = f"{mod}.{self.src(n)}"

    def visit_declarator(self, node) -> None:
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is None or value is None:
            return
        q = self.qualname(value)
        if name.type == "identifier":
            v = self.string(value)
            if v is not None and value.type in ("string", "template_string", "binary_expression"):
                self.consts[self.src(name)] = v
            elif q:
                self.alias[self.src(name)] = q
        elif name.type == "object_pattern" and q:
            for p in name.named_children:
                if p.type == "shorthand_property_identifier_pattern":
                    self.alias[self.src(p)] = f"{q}.{self.src(p)}"
                elif p.type == "pair_pattern":
                    k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
                    if k is not None and v is not None:
                        self.alias[self.src(v)] = f"{q}.{self.src(k).strip(chr(34) + chr(39))}"

    def visit_new(self, node) -> None:
        ctor = node.child_by_field_name("constructor")
        q = self.qualname(ctor)
        mod, member = self.module(q)
        args = self.args(node)
        if q in ("Function", "AsyncFunction", "GeneratorFunction"):
            self._code(args[-1] if args else None, node, "new Function")
        elif mod == "vm" and member in _VM:
            self.block("js-dynamic-code", f"`vm.{member}` compiles and runs code at run time", node)
        elif mod in ("net", "tls") and member in ("Socket",):
            self.uses_net = True
        elif q in ("Worker", "worker_threads.Worker") and args:
            opts = args[1] if len(args) > 1 else None
            if opts is not None and "eval" in self.src(opts):
                self._code(args[0], node, "new Worker(..., {eval: true})")

    def _code(self, arg, node, what: str) -> None:
        if arg is None:
            return
        code = self.string(arg)
        if code is None:
            self.block("js-dynamic-code", f"`{what}` of code computed at run time; write the code directly", node)
        else:
            self.ctx.nested(code, "typescript", self.doc, arg, None)

    def visit_call(self, node) -> None:
        fn = node.child_by_field_name("function")
        args = self.args(node)
        if fn is None:
            return
        if fn.type == "import" or (fn.type == "identifier" and self.src(fn) == "require"):
            spec = self.string(args[0]) if args else None
            if spec is None:
                self.block("js-dynamic-require", f"`{self.src(fn)}()` of a computed module name; import it by its "
                                                 "literal name", node)
            elif re.match(r"^(https?|data|blob|ftp):", spec):
                self.block("js-dynamic-require", f"`{self.src(fn)}()` loads remote code from {spec[:80]}", node)
            elif spec.replace("node:", "") in _NET_MODS:
                self.uses_net = True
            return
        q = self.qualname(fn)
        if q is None:
            return
        mod, member = self.module(q)
        if fn.type == "subscript_expression" and (q.rsplit(".", 1)[-1] in ("eval", "Function", "require") or mod in (
                "child_process", "vm")):
            idx = fn.child_by_field_name("index")
            if idx is not None and idx.type != "string":
                self.block("js-dynamic-code", f"`{q}` is reached through a computed property name to hide it; call it "
                                              "directly", fn)
        if q.replace("node:", "") in ("path.join", "path.resolve", "path.posix.join"):
            v = self.string(node)
            if v is not None:
                check_path(self.ctx, self.doc, node, v)
        if q.startswith(("eval.", "Function.")) or (q in ("Reflect.apply", "Reflect.construct") and any(
                self.src(x) in ("eval", "Function") for x in args)):
            self.block("js-dynamic-code", f"`{self.src(fn)}` calls eval/Function indirectly; write the code directly",
                       node)
            return
        if mod != "child_process" and b"child_process" in self.doc.data and mod not in {
                self.module(v)[0] for v in self.alias.values()} and (member in (_SHELL_EXEC | _ARGV_EXEC) - {"exec"} or (
                member == "exec" and args and args[0].type in ("string", "template_string", "binary_expression"))):
            # `import("child_process").then(cp => cp.exec(x))`: the binding is not tracked, so assume the worst
            mod = "child_process"
        if q in ("eval", "window.eval", "globalThis.eval", "global.eval", "Function", "execScript"):
            self._code(args[0] if args else None, node, q)
        elif q in ("setTimeout", "setInterval", "setImmediate", "window.setTimeout", "window.setInterval") and args and \
                args[0].type in ("string", "template_string", "binary_expression", "identifier"):
            if args[0].type != "identifier" or self.string(args[0]) is not None:
                self.block("js-dynamic-code", f"`{q}` with a string evaluates that string as code; pass a function",
                           node)
        elif mod == "vm" and member in _VM:
            self.block("js-dynamic-code", f"`vm.{member}` compiles and runs code at run time", node)
        elif mod == "child_process":
            self._child_process(member, node, args)
        elif mod in ("fs", "fs/promises") or q.startswith("fs.promises."):
            m = q.rsplit(".", 1)[-1]
            if (m in _FS_WRITE or m in _FS_DELETE) and args:
                idx = 1 if m in ("copyFile", "copyFileSync", "symlink", "symlinkSync", "rename", "renameSync", "cp",
                                 "cpSync") and len(args) > 1 else 0
                path = self.string(args[idx])
                if path is not None:
                    check_path(self.ctx, self.doc, args[idx], path, writing=True)
                    from . import paths

                    if m in _FS_DELETE and paths.normalize(path) in ("/", "~"):
                        self.block("destructive-rm", f"`fs.{m}` of {path}", node)
        elif mod in ("net", "tls", "dgram") and member in ("connect", "createConnection", "createServer", "Socket"):
            self.uses_net = True
        elif q in ("process.dlopen", "process.binding", "module.require"):
            self.block("js-dynamic-require", f"`{q}` loads native or internal modules directly", node)
        if _HTTP.search(q):
            for a in args:
                if re.search(r"process\.env(?!\.|\[)", self.src(a)):
                    self.env_whole.append(a)

    def _child_process(self, member: str, node, args: list) -> None:
        if not args:
            return
        opts = next((a for a in args[1:] if a.type == "object"), None)
        shell_on = opts is not None and re.search(r"\bshell\s*:\s*(?!false\b)", self.src(opts)) is not None
        first = args[0]
        cmd = self.string(first)
        if member in _SHELL_EXEC or (member in _ARGV_EXEC and shell_on):
            if cmd is None:
                self.block("js-shell-exec", f"`child_process.{member}` runs a shell command built at run time; use "
                                            "execFile/spawn with a literal argv array", node)
                return
            extra = args[1] if len(args) > 1 and args[1].type == "array" else None
            if extra is not None:
                vals = [self.string(c) for c in extra.named_children]
                cmd = cmd + " " + " ".join(v if v is not None else "ARG" for v in vals)
            self.ctx.nested(cmd, "bash", self.doc, first, None)
            return
        if member in _ARGV_EXEC:
            if cmd is None:
                self.review("js-subprocess-dynamic", f"`child_process.{member}` runs a program chosen at run time", node)
                return
            argv: list[str | None] = [cmd]
            arr = args[1] if len(args) > 1 and args[1].type == "array" else None
            if arr is not None:
                argv += [self.string(c) for c in arr.named_children]
            if cmd in SHELL_NAMES:
                self.shells.append(node)
                if len(argv) >= 3 and argv[1] in ("-c", "/c") and argv[2] is None:
                    self.block("js-shell-exec", f"`child_process.{member}` runs a shell on a command built at run "
                                                "time", node)
                    return
            self.ctx.nested(argv_to_shell(argv), "bash", self.doc, node, None)


def analyze(root, doc: Doc, ctx: Context) -> None:
    JsAnalysis(doc, ctx).run(root)
