"""TypeScript / JavaScript rules (parsed with the TypeScript grammar, TSX as fallback).

Module bindings are tracked through `require`, `import`, destructuring and aliases
(`const {exec: e} = require("child_process")`, `import * as cp from "node:child_process"`,
`cp["ex" + "ec"]`), so renaming does not hide a call. Shell strings and literal argv
arrays are re-parsed and judged by the bash rules.
"""
from __future__ import annotations

import re

from .common_code import NET_TOOLS, SHELL_NAMES, CodeAnalysis, argv_to_shell, check_env_value, check_path
from .engine import Context
from .limits import VALUE_CAP
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
# methods that send their arguments over a connection opened elsewhere (`req.end(body)`, `sock.write(x)`)
_SEND = frozenset({"end", "write", "send", "post", "put", "patch", "sendBeacon", "emit"})
_EVAL = frozenset({"eval", "window.eval", "globalThis.eval", "global.eval", "self.eval", "Function", "execScript"})
_VALUE_LEAVES = frozenset({"eval", "Function", "execScript", "exec", "execSync", "constructor", "runInNewContext",
                           "runInThisContext", "runInContext", "compileFunction", "Script"})
# where a function can be handed over as a value, and which child holds it
_VALUE_HOLDERS = {"arguments": None, "array": None, "sequence_expression": None, "spread_element": None,
                  "pair": "value", "ternary_expression": None, "return_statement": None, "arrow_function": "body",
                  "public_field_definition": "value", "assignment_expression": "right"}
# packages whose calls run a command line or an argv like child_process does: (module, member) -> the
# child_process function with the same meaning
_RUNNERS = {("shelljs", "exec"): "exec", ("execa", "execaCommand"): "exec", ("execa", "execaCommandSync"): "exec",
            ("execa", "command"): "exec", ("execa", "commandSync"): "exec", ("execa", ""): "execFile",
            ("execa", "execa"): "execFile", ("execa", "execaSync"): "execFile", ("cross-spawn", ""): "spawn",
            ("cross-spawn", "sync"): "spawnSync", ("Bun", "spawn"): "argv", ("Bun", "spawnSync"): "argv",
            ("Deno", "run"): "argv"}
_GLOBAL_OBJECTS = frozenset({"globalThis", "global", "window", "self"})
_LOOPS = frozenset({"while_statement", "for_statement", "do_statement"})
# calls that start a process or worker and do not wait for it
_STARTS = re.compile(r"\b(?:spawn|fork|exec|execFile|Worker|cluster\.fork)\s*\(")
_EXITS = re.compile(r"\b(?:break|return|throw|process\.exit)\b")
_FS_WALKS = frozenset({"readdir", "readdirSync", "opendir", "opendirSync"})
_ENV_OBJECTS = re.compile(r"process\.env|Deno\.env\.toObject|Bun\.env")


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
    RULES = ("js-shell-exec", "js-dynamic-code")
    ASSIGNMENTS = ("typescript", "(assignment_expression left: (identifier) @set) "
                                 "(augmented_assignment_expression left: (identifier) @change) "
                                 "(update_expression argument: (identifier) @change)",
                   frozenset({"string", "template_string"}))

    def __init__(self, doc: Doc, ctx: Context) -> None:
        super().__init__(doc, ctx)
        self.shells: list = []
        self.reading_shells = False  # a shell started without a script or -c reads commands from its input
        self.env_names: set[str] = set()  # names assigned the whole environment

    def grammar(self) -> str:
        from .parse import _language

        return "tsx" if self.root.kind_id == _language("tsx").id_for_node_kind("program", True) else "typescript"

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
            name = self.src(node)
            v = self.consts.get(name)
            return None if v is None or self.mutable(name) else v
        if t in ("as_expression", "non_null_expression", "satisfies_expression") and node.named_children:
            return self.string(node.named_children[0])
        if t == "call_expression":
            q = self.qualname(node.child_by_field_name("function"))
            args = self.args(node)
            if q in ("os.homedir", "node:os.homedir") or (q == "Deno.env.get" and args and self.string(args[0]) == "HOME"):
                return "~"
            if q in ("path.join", "path.resolve", "node:path.join", "node:path.resolve", "path.posix.join"):
                vals = [self.string(a) for a in args]
                if vals and None not in vals:
                    return "/".join(v.rstrip("/") for v in vals)  # type: ignore[union-attr]
            if q is not None and q.endswith(".join") and node.child_by_field_name("function").type == "member_expression":
                return None
        if t == "member_expression":
            q = self.qualname(node)
            if q in ("process.env.HOME", "process.env.USERPROFILE", "Bun.env.HOME"):
                return "~"
        return None

    def _qualname(self, node) -> str | None:
        t = node.type
        if t == "identifier":
            name = self.src(node)
            return self.alias.get(name, name)
        if t in ("this", "super"):
            return t
        if t == "member_expression":
            obj = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if prop is None:
                return None
            base = self.qualname(obj)
            if base is None:
                # (async () => {}).constructor is the (async) Function constructor
                if self.src(prop) == "constructor" and obj is not None and self._is_function(obj):
                    return "Function"
                return None
            # globalThis.process.binding is process.binding
            return self.src(prop) if base in _GLOBAL_OBJECTS else f"{base}.{self.src(prop)}"
        if t == "subscript_expression":
            obj = self.qualname(node.child_by_field_name("object"))
            key = self.string(node.child_by_field_name("index"))
            return f"{obj}.{key}" if obj and key else None
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is None:
                return None
            # the callee's name is resolved once: each branch below asking for it again would
            # make chained calls (f(a)(b)`x``y`...) cost 3^depth
            q = None if fn.type == "import" else self.qualname(fn)
            if fn.type == "import" or fn.type == "identifier" and q == "require":
                args = self.args(node)
                return self.string(args[0]) if args else None
            if fn.type == "member_expression" and q == "Reflect.get":
                args = self.args(node)  # Reflect.get(globalThis, "eval") is eval
                if len(args) == 2:
                    obj, key = self.qualname(args[0]), self.string(args[1])
                    if obj and key:
                        return key if obj in _GLOBALS else f"{obj}.{key}"
                return None
            if q in ("module.createRequire", "node:module.createRequire"):
                return "require"  # createRequire(import.meta.url) is a require function
            if q in ("util.promisify", "node:util.promisify"):
                args = self.args(node)  # promisify(exec) runs what exec runs
                return self.qualname(args[0]) if args else None
            if fn.type == "member_expression" and q and len(self.args(node)) <= 1:
                if q.endswith(".bind"):  # exec.bind(null) runs what exec runs
                    return q[:-len(".bind")]
                if q == "Object.getPrototypeOf" and self.args(node) and self._is_function(self.args(node)[0]):
                    return "Function.prototype"
            return None
        if t in ("parenthesized_expression", "await_expression", "non_null_expression", "as_expression") and node.named_children:
            return self.qualname(node.named_children[0])
        return None

    @staticmethod
    def _is_function(node) -> bool:
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        return node.type in ("arrow_function", "function_expression", "function", "generator_function")

    @staticmethod
    def module(q: str | None) -> tuple[str, str]:
        """("child_process", "exec") for "node:child_process.exec"."""
        if not q:
            return "", ""
        q = q.replace("node:", "")
        mod, _, member = q.partition(".")
        if member.startswith("default."):  # (await import("child_process")).default.exec
            member = member[8:]
        return mod, member

    # -- walk ------------------------------------------------------------------------
    def run(self, root) -> None:
        self.root = root
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
                key = self.string(idx)
                if obj is not None and self.src(obj) in _GLOBALS and key is None:
                    self.block("js-dynamic-require", f"`{self.src(obj)}[...]` looks up a computed name on a global; "
                                                     "call what you need directly", node)
                elif key == "mainModule":
                    self.block("js-dynamic-require", "`process.mainModule` reaches the module loader around the import "
                                                     "rules; import what you need", node)
            elif t in _VALUE_HOLDERS and t != "assignment_expression":
                self.visit_holder(node, t)
            elif t == "member_expression":
                q = self.qualname(node)
                prop = node.child_by_field_name("property")
                if q and (q.endswith(("constructor.constructor", "mainModule.require", "module.constructor._load"))
                          or q in ("process.binding", "process._linkedBinding", "process.dlopen", "module._load",
                                   "process.mainModule")):
                    self.block("js-dynamic-require", f"`{self.src(node)}` reaches Node internals or the Function "
                                                     "constructor; use the normal API", node)
                name = self.src(prop) if prop is not None else ""
                if name == "__proto__":
                    self.block("js-dynamic-require", "`__proto__` tampering (prototype pollution)", node)
                elif name in ("mainModule", "constructor") and self._internal(node, name):
                    self.block("js-dynamic-require", f"`{self.src(node)[:80]}` reaches Node internals or the Function "
                                                     "constructor; use the normal API", node)
            elif t == "assignment_expression":
                left = node.child_by_field_name("left")
                q = self.qualname(left)
                right = node.child_by_field_name("right")
                if q and q.startswith("process.env.") and left is not None:
                    self._env_value(left, q.split(".", 2)[2], right)
                if left is not None and left.type == "identifier" and right is not None and \
                        self.mentions_env(right):
                    self.env_names.add(self.src(left))
                self.visit_holder(node, t)  # `o.run = exec`
                if q and q.replace("node:", "") in ("module.prototype.require", "module._load", "module._resolveFilename",
                                                    "module.prototype._compile"):
                    self.block("js-dynamic-require", f"`{self.src(left)}` is replaced, so every later require runs this "
                                                     "code; do not patch the module loader", node)
            elif t in ("string", "template_string", "binary_expression"):
                v = self.string(node)
                if v is not None and len(v) < 512 and v.startswith(("~", "/")):
                    check_path(self.ctx, self.doc, node, v)
                if t == "binary_expression" and v is not None:
                    continue
            elif t in _LOOPS:
                body = node.child_by_field_name("body")
                text = self.src(body) if body is not None else ""
                if _STARTS.search(text) and self._endless(node, t) and not _EXITS.search(text):
                    self.endless.append(node)
            if node.named_child_count:  # leaves (names, numbers, string pieces) are about half the nodes
                stack.extend(reversed(node.named_children))
        if self.uses_net and self.shells:
            self.block("reverse-shell", "a shell is spawned next to a network socket (reverse shell)", self.shells[0])
        if self.env_whole:
            self.block("exfiltration", "the whole environment (process.env) is sent over the network", self.env_whole[0])
        self.report_walk_deletes()

    def _endless(self, node, t: str) -> bool:
        """`while (true)`, `for (;;)`, `do ... while (1)`."""
        if t == "for_statement":
            return node.child_by_field_name("condition") is None or self.src(
                node.child_by_field_name("condition")).strip(" ;") in ("", "true", "1")
        cond = node.child_by_field_name("condition")
        return cond is not None and self.src(cond).strip("() ") in ("true", "1", "!0", "!false")

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
            if q in _EVAL or (mod == "vm" and member in _VM):
                self.block("js-dynamic-code", f"`{self.src(c)}` is passed on as a value to run code chosen elsewhere; "
                                              "write the code directly", c)
            elif mod == "child_process" and member in _SHELL_EXEC:
                self.block("js-shell-exec", f"`{self.src(c)}` is passed on as a value, so the command it runs is not "
                                            "visible here; call execFile with a literal argv array directly", c)

    def mentions_env(self, node) -> bool:
        """Whether `node` holds the whole environment (`process.env`, `{...process.env}`, a name
        assigned from it), not one variable of it (`process.env.HOME`)."""
        txt = self.src(node)
        if "env" in txt and any(m.end() == len(txt) or txt[m.end()] not in ".[" for m in _ENV_OBJECTS.finditer(txt)):
            return True
        return bool(self.env_names) and any(re.search(rf"(?<![\w.$]){re.escape(n)}\b(?!\s*[.\[])", txt)
                                            for n in self.env_names if n in txt)

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
        if name.type == "identifier" and value.type not in ("identifier", "member_expression") and \
                self.mentions_env(value):
            self.env_names.add(self.src(name))
        if name.type == "identifier":
            v = self.string(value)
            if v is not None and len(v) <= VALUE_CAP and value.type in (
                    "string", "template_string", "binary_expression", "call_expression", "member_expression"):
                self.consts[self.src(name)] = v  # also `const dir = os.homedir()`
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
        elif (mod in ("net", "tls") and member in ("Socket",)) or q in ("WebSocket", "ws", "ws.WebSocket", "EventSource"):
            self.uses_net = True
        elif q == "Deno.Command" and args:
            opts = args[1] if len(args) > 1 and args[1].type == "object" else None
            argv: list[str | None] = [self._program(args[0])]
            if opts is not None:
                self._options(opts, q)
                arr = self._field(opts, "args")
                if arr is not None:
                    argv += [self.string(c) for c in arr.named_children] if arr.type == "array" else [None]
            self._run_argv(argv, node, q)
        elif q in ("Worker", "worker_threads.Worker") and args:
            opts = args[1] if len(args) > 1 else None
            if opts is not None and "eval" in self.src(opts):
                self._code(args[0], node, "new Worker(..., {eval: true})")
            elif re.search(r"createObjectURL|^\W*data:", self.src(args[0])):
                self.block("js-dynamic-code", f"`new {q}` runs code from a Blob or data: URL built at run time; put the "
                                              "worker in a file", node)

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
        prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
        http = _HTTP.search(self.src(fn)) is not None
        if http or (prop is not None and self.uses_net and self.src(prop) in _SEND):
            for a in args:
                if self.mentions_env(a):
                    self.env_whole.append(a)
        if fn.type == "import" or (fn.type == "identifier" and self.qualname(fn) == "require"):
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
            if fn.type == "subscript_expression" and self.module(self.qualname(fn.child_by_field_name("object")))[0] in (
                    "child_process", "vm"):  # require("child_process")[k](c) with k computed
                self.block("js-dynamic-code", f"`{self.src(fn)[:60]}` reaches a process or code function through a "
                                              "computed property name; call it directly", fn)
            return
        if q in ("Object.values", "Object.entries", "Object.keys", "Object.getOwnPropertyNames", "Reflect.ownKeys") and \
                args and self.module(self.qualname(args[0]))[0] in ("child_process", "vm"):
            self.block("js-dynamic-require", f"`{q}` lists child_process/vm to pick a function by position or computed "
                                             "name; call it directly", node)
        if q.endswith((".call", ".apply")) and fn.type == "member_expression":
            base = self.qualname(fn.child_by_field_name("object"))
            bmod, bmember = self.module(base)
            if base in _EVAL or bmod in ("child_process", "vm"):
                # exec.call(null, cmd) is exec(cmd); exec.apply(null, [cmd]) too
                if q.endswith(".call"):
                    args = args[1:]
                else:
                    args = args[1].named_children if len(args) > 1 and args[1].type == "array" else [fn]
                q = base  # type: ignore[assignment]
        if q.startswith("Function.prototype.") and q.endswith(".constructor"):
            q = "Function"
        mod, member = self.module(q)
        if not member and mod in (_SHELL_EXEC | _ARGV_EXEC) and q not in self.alias and b"child_process" in self.doc.data:
            # import("child_process").then(({ exec }) => exec(c)): a name bound by a parameter
            mod, member = "child_process", mod
        if mod in ("dns", "dgram", "net", "tls", "http2"):
            self.uses_net = True
            for a in args:
                if self.mentions_env(a):
                    self.env_whole.append(a)
        if prop is not None and self.src(prop) in ("write", "end") and self.reading_shells and args and \
                ".stdin" in self.src(fn) and self.string(args[0]) is None:
            self.block("js-shell-exec", "a command built at run time is written into a shell's input; run a literal "
                                        "argv with execFile", node)
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
        for a in args:  # the env of anything that starts a child: spawn, execa, Bun.spawn ...
            if a.type == "object":
                self._env_keys(self._field(a, "env"))
        runner = _RUNNERS.get((mod, member))
        if q in _EVAL:
            self._code(args[0] if args else None, node, q)
        elif q in ("setTimeout", "setInterval", "setImmediate", "window.setTimeout", "window.setInterval") and args and \
                args[0].type in ("string", "template_string", "binary_expression", "identifier", "call_expression"):
            if args[0].type == "call_expression":
                callee = args[0].child_by_field_name("function")
                name = self.src(callee).rsplit(".", 1)[-1] if callee is not None else ""
                if name in ("atob", "toString", "decodeURIComponent", "unescape", "fromCharCode", "join", "decode",
                            "String", "concat", "replace", "slice", "reverse"):
                    self.block("js-dynamic-code", f"`{q}` of a string decoded or built at run time evaluates it as "
                                                  "code; pass a function", node)
            elif args[0].type != "identifier" or self.string(args[0]) is not None:
                self.block("js-dynamic-code", f"`{q}` with a string evaluates that string as code; pass a function",
                           node)
        elif runner == "argv":
            self._argv_call(q, node, args)
        elif runner is not None:
            self._child_process(runner, node, args, what=q)
        elif q in ("Bun.$", "zx.$") and node.child_by_field_name("arguments").type == "template_string":
            self._shell_template(q, node.child_by_field_name("arguments"))
        elif q == "Object.assign" and len(args) > 1 and self.qualname(args[0]) == "process.env":
            for a in args[1:]:
                self._env_keys(a)
        elif q == "process._debugProcess" or (q.replace("node:", "") == "inspector.open" and len(args) > 1 and
                                               self.string(args[1]) not in (None, "127.0.0.1", "localhost", "::1")):
            self.block("js-dynamic-code", f"`{q}` opens the debugger to others, who can then run code in this process; "
                                          "debug on 127.0.0.1 only", node)
        elif q == "process.kill" and args and self.src(args[0]).replace(" ", "") == "-1":
            self.block("system-disruption", "`process.kill(-1, ...)` signals every process the user owns; signal only "
                                            "the process you started", node)
        elif q in ("Deno.writeTextFile", "Deno.writeFile", "Deno.writeTextFileSync", "Deno.writeFileSync", "Bun.write",
                   "Deno.remove", "Deno.removeSync") and args:
            path = self.string(args[0])
            if path is not None:
                check_path(self.ctx, self.doc, args[0], path, writing=True)
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
                if path is None and m in _FS_DELETE:
                    self.dynamic_deletes.append(node)
                if path is not None:
                    check_path(self.ctx, self.doc, args[idx], path, writing=True)
                    from . import paths

                    if m in _FS_DELETE and paths.normalize(path) in ("/", "~"):
                        self.block("destructive-rm", f"`fs.{m}` of {path}", node)
        if (mod in ("fs", "fs/promises") or q.startswith("fs.promises.")) and q.rsplit(".", 1)[-1] in _FS_WALKS and args:
            self.walk_root(self.string(args[0]), node)
        elif mod in ("net", "tls", "dgram") and member in ("connect", "createConnection", "createServer", "Socket"):
            self.uses_net = True
        elif q in ("process.dlopen", "process.binding", "module.require"):
            self.block("js-dynamic-require", f"`{q}` loads native or internal modules directly", node)

    def _child_process(self, member: str, node, args: list, what: str = "") -> None:
        if not args:
            return
        what = what or f"child_process.{member}"
        opts = next((a for a in args[1:] if a.type == "object"), None)
        shell_on = opts is not None and re.search(r"\bshell\s*:\s*(?!false\b)", self.src(opts)) is not None
        first = args[0]
        cmd = self.string(first)
        feed = self._field(opts, "input") if opts is not None else None
        head = (cmd or "").split()[:1]
        if feed is not None and head and self.string(feed) is None:
            prog = head[0].rsplit("/", 1)[-1]
            if prog in SHELL_NAMES or prog in ("node", "python", "python3", "perl", "ruby", "php"):
                self.block("js-shell-exec", f"`{what}` feeds data computed at run time to `{head[0]}` as code", node)
            elif prog in NET_TOOLS and self.mentions_env(feed):
                self.block("exfiltration", f"`{what}` feeds the whole environment to `{head[0]}`; never send secrets "
                                           "off the machine", node)
        if member in _SHELL_EXEC or (member in _ARGV_EXEC and shell_on):
            if cmd is None:
                self.block("js-shell-exec", f"`{what}` runs a shell command built at run time; use "
                                            "execFile/spawn with a literal argv array", node)
                return
            extra = args[1] if len(args) > 1 and args[1].type == "array" else None
            if extra is not None:
                vals = [self.string(c) for c in extra.named_children]
                cmd = cmd + " " + " ".join(v if v is not None else "ARG" for v in vals)
            self.ctx.nested(cmd, "bash", self.doc, first, None)
            return
        if member in _ARGV_EXEC:
            argv: list[str | None] = [self._program(first)]
            arr = args[1] if len(args) > 1 and args[1].type == "array" else None
            if arr is not None:
                argv += [self.string(c) for c in arr.named_children]
            if member == "fork":
                argv = ["node", *self._exec_argv(opts), *argv]
            self._run_argv(argv, node, what)

    def _program(self, node) -> str | None:
        """A program name, with node's own path (`process.execPath`) read as `node`."""
        if node.type == "member_expression" and self.qualname(node) in ("process.execPath", "process.argv0"):
            return "node"
        if node.type in ("member_expression", "binary_expression") and "process.env.SHELL" in self.src(node):
            return "sh"  # the user's shell
        return self.string(node)

    def _exec_argv(self, opts) -> list[str | None]:
        """fork's `execArgv` option: node flags put before the module (`["--eval", code]`)."""
        if opts is None:
            return []
        for pair in opts.named_children:
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            value = pair.child_by_field_name("value") if key is not None else None
            if key is not None and self.src(key).strip("'\"") == "execArgv" and value is not None:
                if value.type != "array":
                    return ["--eval", None]  # flags chosen at run time: assume the worst
                return [self.string(c) for c in value.named_children]
        return []

    def _run_argv(self, argv: list[str | None], node, what: str) -> None:
        if not argv or argv[0] is None:
            self.review("js-subprocess-dynamic", f"`{what}` runs a program chosen at run time", node)
            return
        if argv[0] in SHELL_NAMES or argv[0].rsplit("/", 1)[-1] in SHELL_NAMES:
            self.shells.append(node)
            self.reading_shells |= all(a is not None and a[:1] == "-" and a != "-c" for a in argv[1:])
        if self.computed_inline_code(argv, node, what):
            return
        self.ctx.nested(argv_to_shell(argv), "bash", self.doc, node, None)

    def _argv_call(self, q: str, node, args: list) -> None:
        """Bun.spawn(["sh", "-c", x]), Bun.spawn({cmd: [...]}), Deno.run({cmd: [...]})."""
        first = args[0] if args else None
        if first is not None and first.type == "object":
            self._options(first, q)
            first = self._field(first, "cmd")
        elif len(args) > 1 and args[1].type == "object":
            self._options(args[1], q)
        if first is None or first.type != "array":
            self.review("js-subprocess-dynamic", f"`{q}` runs a program chosen at run time", node)
            return
        items = first.named_children
        self._run_argv([self._program(items[0]) if items else None] + [self.string(c) for c in items[1:]], node, q)

    def _field(self, obj, name: str):
        for pair in obj.named_children:
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            if key is not None and self.src(key).strip("'\"") == name:
                return pair.child_by_field_name("value")
        return None

    def _options(self, opts, what: str) -> None:
        """The `env` of spawn/exec options: LD_PRELOAD, NODE_OPTIONS ... set for the child."""
        env = self._field(opts, "env")
        if env is not None:
            self._env_keys(env)

    def _env_keys(self, obj) -> None:
        if obj is None or obj.type != "object":
            return
        for pair in obj.named_children:
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            if key is not None:
                name = self.string(key) if key.type == "string" else self.src(key)
                if name:
                    self._env_value(pair, name, pair.child_by_field_name("value"))

    def _env_value(self, node, name: str, value) -> None:
        v = self.string(value)
        whole = v is not None
        if v is None and value is not None and value.type == "binary_expression":
            v = self.string(value.child_by_field_name("left"))  # "/tmp/x:" + process.env.PATH
        check_env_value(self.ctx, self.doc, node, name, v, whole)

    def _shell_template(self, q: str, tpl) -> None:
        """A zx or Bun `$` tagged template: its literal text is a shell command line and each
        substitution one quoted argument."""
        parts = []
        for c in tpl.named_children:
            if c.type == "template_substitution":
                inner = c.named_children[0] if c.named_children else None
                v = self.string(inner)
                parts.append("ARG" if v is None else v)
            else:
                parts.append(self.src(c) if c.type == "string_fragment" else _unescape(self.src(c)))
        self.ctx.nested("".join(parts), "bash", self.doc, tpl, None)


def analyze(root, doc: Doc, ctx: Context) -> None:
    JsAnalysis(doc, ctx).run(root)
