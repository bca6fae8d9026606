"""How a TypeScript name resolves to what it calls: require, import, destructuring, aliases,
Reflect.get, promisify, bind. Separate so that the themes judge `child_process.exec`
whatever spelling reached it.
"""
from __future__ import annotations

import ipaddress
import re

from ..hosts import loopback, url_host
from ..limits import VALUE_CAP
from .network import _NET_MODS


_MADE = frozenset({"call_expression", "new_expression", "member_expression", "await_expression", "identifier",
                   "subscript_expression"})
_FUNCTION_KINDS = frozenset({"arrow_function", "function_expression", "function", "generator_function"})
_GLOBALS = frozenset({"global", "globalThis", "window", "self", "process", "module", "require", "this"})
_GLOBAL_OBJECTS = frozenset({"globalThis", "global", "window", "self"})
# modules whose functions keep their meaning when copied into another object (`{ ...cp }`,
# `Object.assign({}, cp)`, `new Proxy(cp, {})`)
_COPIED_MODULES = frozenset({"child_process", "vm", "fs", "fs/promises", "module", "worker_threads"})
# the module loader's factory of require functions, whichever way the Module class is reached
_CREATE_REQUIRE = re.compile(r"module(?:\.Module|\.default|\.constructor)*\.createRequire")
# the module CDNs and code hosts a Deno or browser module is imported from by URL (runtimes._SPEC reads their paths)
_MODULE_HOSTS = frozenset({"deno.land", "esm.sh", "cdn.jsdelivr.net", "unpkg.com", "jsr.io", "cdn.skypack.dev",
                           "ga.jspm.io", "esm.run", "cdnjs.cloudflare.com", "raw.githubusercontent.com",
                           "gist.githubusercontent.com", "github.com", "gitlab.com", "bitbucket.org", "codeberg.org"})


def _raw_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class Names:
    """Imports, declarations and aliases: the dotted name each expression stands for."""

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
            if self.src(prop) == "constructor" and obj is not None and self._function_value(obj):
                # (async () => {}).constructor, `f.constructor` of `async function f() {}`: the (async) Function
                # constructor
                return "Function"
            if base is None:
                return None
            # globalThis.process.binding is process.binding
            return self.src(prop) if base in _GLOBAL_OBJECTS else f"{base}.{self.src(prop)}"
        if t == "subscript_expression":
            obj = self.qualname(node.child_by_field_name("object"))
            key = self.string(node.child_by_field_name("index"))
            if key == "constructor" and self._function_value(node.child_by_field_name("object")):
                return "Function"  # (async () => {})["constructor"]
            # globalThis["req" + "uire"] is require, as globalThis.require is
            return (key if obj in _GLOBAL_OBJECTS else f"{obj}.{key}") if obj and key else None
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) in ("??", "||"):
            # `globalThis.require ?? module.require`: either side is what is called
            return self.qualname(node.child_by_field_name("left")) or self.qualname(node.child_by_field_name("right"))
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is None:
                return None
            # the callee's name is resolved once: each branch below asking for it again would
            # make chained calls (f(a)(b)`x``y`...) cost 3^depth
            q = None if fn.type == "import" else self.qualname(fn)
            if fn.type == "import" or self.is_require(q):
                args = self.args(node)
                return self.string(args[0]) if args else None
            if q == "Object.assign":  # Object.assign({}, require("child_process"))
                return self._copied(self.args(node)[1:])
            if fn.type == "member_expression" and q == "Reflect.get":
                args = self.args(node)  # Reflect.get(globalThis, "eval") is eval
                if len(args) == 2:
                    obj, key = self.qualname(args[0]), self.string(args[1])
                    if obj and key:  # (Reflect.get(process, "env") is process.env)
                        return key if obj in _GLOBAL_OBJECTS else f"{obj}.{key}"
                return None
            if q is not None and q.endswith("createRequire") and _CREATE_REQUIRE.fullmatch(q.replace("node:", "")):
                # createRequire(import.meta.url) is a require function, also reached through the Module class
                # (`module.constructor.createRequire(__filename)`, `Module.createRequire`)
                return "require"
            if q in ("util.promisify", "node:util.promisify"):
                args = self.args(node)  # promisify(exec) runs what exec runs
                return self.qualname(args[0]) if args else None
            if fn.type == "member_expression" and q and len(self.args(node)) <= 1:
                if q.endswith(".bind"):  # exec.bind(null) runs what exec runs
                    return q[:-len(".bind")]
                if q in ("Object.getPrototypeOf", "Reflect.getPrototypeOf") and self.args(node) and \
                        self._function_value(self.args(node)[0]):
                    return "Function.prototype"
            return None
        if t in ("parenthesized_expression", "await_expression", "non_null_expression", "as_expression") and node.named_children:
            return self.qualname(node.named_children[0])
        if t == "new_expression" and self.src(node.child_by_field_name("constructor")) == "Proxy":
            args = self.args(node)  # new Proxy(cp, handler): the module behind it
            return self._copied(args[:1])
        if t == "object":  # { ...require("child_process") }
            return self._copied([c.named_children[0] for c in node.named_children
                                 if c.type == "spread_element" and c.named_children])
        return None

    @staticmethod
    def is_require(q: str | None) -> bool:
        """`require`, and the loaders that are require under another path (`require.main.require`,
        `module.require`, `createRequire(...)`, `process.getBuiltinModule`)."""
        return q == "require" or (q is not None and q.endswith((".require", ".getBuiltinModule")) and q.split(".")[0] in (
            "require", "module", "process"))

    def _copied(self, sources: list) -> str | None:
        """The module a copy is made of, when it is one whose functions the rules judge."""
        for a in reversed(sources):
            q = self.qualname(a)
            if q and self.module(q)[0] in _COPIED_MODULES and not self.module(q)[1]:
                return q
        return None

    @staticmethod
    def _is_function(node) -> bool:
        while node.type in ("parenthesized_expression", "as_expression", "non_null_expression") and node.named_children:
            node = node.named_children[0]
        return node.type in _FUNCTION_KINDS

    def _function_value(self, node) -> bool:
        """A function literal, or a name only ever bound to one (`async function f() {}`, `const g = function* ()
        {}`): its `.constructor` is the Function constructor of its kind."""
        if self._is_function(node):
            return True
        return node.type == "identifier" and self.src(node) in self.functions and not self.mutable(self.src(node))

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

    def visit_import(self, node) -> None:
        source = node.child_by_field_name("source")
        mod = self.string(source) if source is not None else None
        if mod is None:
            return
        if mod[:7].lower() in ("http://", "https:/") and source is not None:  # (not node's own `https` module)
            self.remote_module(mod, source)
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

    def remote_module(self, spec: str, node) -> None:
        """`import "https://203.0.113.50/m/init.ts"` (also `export … from`): Deno fetches and runs the module at start,
        whatever it holds that day. From a raw IP address, or over plain http to another machine, nobody can say whose
        code it is: blocked. From a host that is no module CDN or code host the project is known to use, held for a
        person (a company's own module server is one). The registries' specifiers (`jsr:`, `npm:`) and the module
        CDNs keep their judgement (allowed; a typosquat is the typosquat rules')."""
        host = url_host(spec)
        if host is None or loopback(host):
            return  # a module served by the project's own dev server
        if _raw_ip(host) or spec[:5].lower() == "http:":
            how = "a raw IP address" if _raw_ip(host) else "plain http"
            self.block("download-exec", f"the code imports and runs the module {spec[:80]} from {how}: whoever serves "
                                        "it decides what runs; vendor the module into the project or import it from "
                                        "a registry (jsr:, npm:)", node)
        elif host not in _MODULE_HOSTS:
            self.review("download-exec", f"the code imports and runs the module {spec[:80]} from {host}, which is no "
                                         "known module registry or code host; check the host, or vendor the module "
                                         "into the project", node)

    def visit_declarator(self, node) -> None:
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is None or value is None:
            return
        q = self.qualname(value)
        if name.type == "identifier" and value.type not in ("identifier", "member_expression") and \
                self.mentions_env(value):
            self.env_names.add(self.src(name))
        if name.type == "identifier" and self._is_function(value):
            self.functions.add(self.src(name))  # const f = async () => {}: `f.constructor` is AsyncFunction
        elif name.type == "object_pattern" and q is None and self._is_function(value):
            q = "Function.prototype"  # const { constructor: F } = async () => {}
        if name.type == "identifier" and value.type == "array":
            self.arrays[self.src(name)] = value  # const args = ["-c", cmd]; spawn("sh", args)
        if name.type == "identifier":
            if value.type in _MADE:
                self.bound[self.src(name)] = value
            v = self.string(value)
            if v is not None and len(v) <= VALUE_CAP and value.type in (
                    "string", "template_string", "binary_expression", "call_expression", "member_expression",
                    "non_null_expression"):  # (`Deno.env.get("HOME")!`)
                self.consts[self.src(name)] = v  # also `const dir = os.homedir()`
            elif q:
                self.alias[self.src(name)] = q
        elif name.type == "object_pattern" and q:
            self._pattern(name, q)

    def _pattern(self, pattern, q: str) -> None:
        """Names bound by `const { exec, spawn: s, default: { execSync }, ["ex" + "ec"]: e } = q`."""
        for p in pattern.named_children:
            if p.type == "shorthand_property_identifier_pattern":
                self.alias[self.src(p)] = f"{q}.{self.src(p)}"
            elif p.type == "pair_pattern":
                k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
                if k is None or v is None:
                    continue
                if k.type == "computed_property_name":
                    key = self.string(k.named_children[0]) if k.named_children else None
                    if key is None:
                        if self.module(q)[0] in ("child_process", "vm"):
                            self.block("js-dynamic-require", f"a function of `{q}` is picked by a computed name; "
                                                             "destructure it by its literal name", p)
                        continue
                else:
                    key = self.src(k).strip(chr(34) + chr(39))
                if v.type == "object_pattern":
                    self._pattern(v, f"{q}.{key}")
                elif v.type == "identifier":
                    self.alias[self.src(v)] = f"{q}.{key}"
                elif v.type == "assignment_pattern" and v.child_by_field_name("left") is not None:
                    self.alias[self.src(v.child_by_field_name("left"))] = f"{q}.{key}"

    # -- packages named by the project's own manifest ------------------------------------------------------------
    def manifest_package(self, node) -> bool:
        """Whether the module a `require()`/`import()` loads is a package the project's own manifest names: `dep`,
        `${dep}/package.json` or `path.join(dep, "package.json")` with `dep` a key of the dependencies of
        package.json (or a lockfile's packages) the code read, as a license checker or a dependency report does.
        Such a name resolves in node_modules, never to a URL or a file the code wrote."""
        lead, rest = _leading_name(self, node)
        if lead is None or rest is None or "://" in rest or ".." in rest:
            return False
        return self._from_manifest(lead)

    def _from_manifest(self, ident) -> bool:
        """Whether the name `ident` goes over the dependencies of the project's manifest: the name of a `for … of`
        loop, or the first parameter of a callback handed to `.map`/`.forEach`/…, over `Object.keys(pkg.dependencies)`
        (or `Object.entries`, a name bound to one, narrowed with `.filter`/`.sort`)."""
        name = self.src(ident)
        up = ident.parent
        while up is not None:
            if up.type == "for_in_statement":
                left = up.child_by_field_name("left")
                if left is not None and _first_name(self, left) == name:
                    return self._lists_manifest(up.child_by_field_name("right"), 0)
            elif up.type in _FUNCTION_KINDS:
                params = up.child_by_field_name("parameters")
                first = up.child_by_field_name("parameter")
                if first is None and params is not None:
                    kids = [c for c in params.named_children if c.type != "comment"]
                    first = kids[0].child_by_field_name("pattern") if kids else None
                if first is not None and _first_name(self, first) == name:
                    holder = up.parent
                    call = holder.parent if holder is not None and holder.type == "arguments" else None
                    fn = call.child_by_field_name("function") if call is not None else None
                    return fn is not None and fn.type == "member_expression" and \
                        self.src(fn.child_by_field_name("property")) in _ITEM_CALLBACKS and \
                        self._lists_manifest(fn.child_by_field_name("object"), 0)
                if params is not None and name in self.src(params):
                    return False  # another parameter of the function
            up = up.parent
        return False

    def _lists_manifest(self, node, depth: int) -> bool:
        """`Object.keys(pkg.dependencies ?? {})`, `Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })`,
        `Object.keys(lock.packages)` with `pkg`/`lock` read from the project's manifest."""
        while node is not None and node.type in _UNWRAPPED and node.named_children:
            node = node.named_children[0]
        if node is None or depth > 6:
            return False
        t = node.type
        if t == "identifier":
            made = None if self.mutable(self.src(node)) else self.bound.get(self.src(node)) or self.declared(
                node, frozenset({"call_expression", "member_expression", "object"}))
            return made is not None and self._lists_manifest(made, depth + 1)
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) in ("??", "||"):
            return self._lists_manifest(node.child_by_field_name("left"), depth + 1)
        if t == "member_expression":
            prop = self.src(node.child_by_field_name("property"))
            return prop in _DEPENDENCY_TABLES and self._is_manifest(node.child_by_field_name("object"), depth + 1)
        if t == "object":
            spreads = [c.named_children[0] for c in node.named_children if c.type == "spread_element" and
                       c.named_children]
            return bool(spreads) and len(spreads) == len([c for c in node.named_children if c.type != "comment"]) and \
                all(self._lists_manifest(s, depth + 1) for s in spreads)
        if t != "call_expression":
            return False
        fn = node.child_by_field_name("function")
        args = self.args(node)
        if fn is not None and fn.type == "member_expression" and \
                self.src(fn.child_by_field_name("property")) in _NARROWS:
            return self._lists_manifest(fn.child_by_field_name("object"), depth + 1)  # Object.keys(…).filter(…)
        q = self.qualname(fn) if fn is not None else None
        return q in ("Object.keys", "Object.entries") and bool(args) and self._lists_manifest(args[0], depth + 1)

    def _is_manifest(self, node, depth: int) -> bool:
        """A name bound to the project's package.json or lockfile read as JSON (`JSON.parse(readFileSync(
        "package.json", "utf8"))`, `require("./package.json")`, `import pkg from "../package.json"`)."""
        while node is not None and node.type in _UNWRAPPED and node.named_children:
            node = node.named_children[0]
        if node is None or depth > 6:
            return False
        if node.type == "identifier":
            name = self.src(node)
            target = self.alias.get(name)
            if target is not None:
                return bool(_MANIFEST_FILE.search(f'"{target}"'))
            made = None if self.mutable(name) else self.bound.get(name) or self.declared(
                node, frozenset({"call_expression"}))
            return made is not None and self._is_manifest(made, depth + 1)
        if node.type != "call_expression":
            return False
        text = self.src(node)
        return len(text) < 400 and _MANIFEST_FILE.search(text) is not None and _MANIFEST_READ.search(text) is not None \
            and "://" not in text


_UNWRAPPED = frozenset({"parenthesized_expression", "await_expression", "as_expression", "non_null_expression",
                        "satisfies_expression"})
_DEPENDENCY_TABLES = frozenset({"dependencies", "devDependencies", "peerDependencies", "optionalDependencies",
                                "bundledDependencies", "bundleDependencies", "packages"})
_ITEM_CALLBACKS = frozenset({"map", "forEach", "flatMap", "filter", "some", "every", "find", "reduce"})
_NARROWS = frozenset({"filter", "sort", "slice", "toSorted", "reverse", "concat"})
# the project's manifest or lockfile by a relative path (`package.json`, `../package.json`, `packages/ui/package.json`)
_MANIFEST_FILE = re.compile(r"""['"`](?![/~])(?:[\w@.-]*/)*(?:package|package-lock|npm-shrinkwrap)\.json['"`]""")
_MANIFEST_READ = re.compile(r"\b(?:readFileSync|readFile|readJsonSync|readJson|readJSONSync|readJSON|require|import)\b")


def _first_name(a, pattern) -> str | None:
    """The name a loop or a parameter binds first: `dep`, `[name, version]` -> name, `{ name }` -> name."""
    if pattern.type == "identifier":
        return a.src(pattern)
    if pattern.type in ("array_pattern", "object_pattern"):
        kids = [c for c in pattern.named_children if c.type != "comment"]
        if kids and kids[0].type in ("identifier", "shorthand_property_identifier_pattern"):
            return a.src(kids[0])
    return None


def _leading_name(a, node):
    """(the name a module path starts with, the literal rest) of `dep`, `${dep}/package.json`, `dep + "/x"`,
    `path.join(dep, "package.json")`; (None, None) for any other shape."""
    t = node.type
    if t == "identifier":
        return node, ""
    if t == "template_string":
        kids = node.named_children
        if not kids or kids[0].type != "template_substitution" or not kids[0].named_children or \
                kids[0].named_children[0].type != "identifier" or \
                any(c.type == "template_substitution" for c in kids[1:]):
            return None, None
        return kids[0].named_children[0], "".join(a.src(c) for c in kids[1:])
    if t == "binary_expression" and a.src(node.child_by_field_name("operator")) == "+":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        rest = a.string(right)
        return (left, rest) if left is not None and left.type == "identifier" and rest is not None else (None, None)
    if t == "call_expression" and (a.qualname(node.child_by_field_name("function")) or "").replace("node:", "") in (
            "path.join", "path.posix.join"):
        args = a.args(node)
        rest = [a.string(x) for x in args[1:]]
        if args and args[0].type == "identifier" and None not in rest:
            return args[0], "/" + "/".join(rest)  # type: ignore[arg-type]
    return None, None
