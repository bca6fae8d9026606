"""Shell libraries and script runtimes of TypeScript: Bun, Deno, zx, dax, execa, shelljs.

These run shell commands without child_process: a shell tag (`` $`git push origin --delete ${b}` `` of Bun, zx, dax
or execa, also renamed, given options, or zx's global `$`) runs its template as a command line, each substitution
one quoted argument (processes._shell_template hands it to the bash rules); shelljs's `rm`/`cp`/`mv`/`ln`/`chmod`
are the commands they are named after; Deno's and Bun's sockets beside a shell are a reverse shell; `Deno.remove(p,
{ recursive: true })` is `rm -r p`; Bun's `SQL` client and deno-postgres run SQL as the other database clients do
(js/irreversible.py), reviewed when it drops or empties tables of a database that is not a throwaway one.
"""
from __future__ import annotations

import re
import shlex

from ..per_input import in_input
from .. import paths
from ..common_code import RUN_NAME, irreversible_message, sql_loss


# the packages whose `$` is a shell tag (named as _package gives them), and dax, whose default export is
_TAG_PACKAGES = frozenset({"bun", "zx", "execa", "@david/dax", "dax", "dax-sh", "deno.land/x/dax"})
_DAX = frozenset({"@david/dax", "dax", "dax-sh", "deno.land/x/dax"})
# `$.sync`, `$.s` (execa, zx), `$.raw` (dax, interpolations unquoted): the same tag
_TAG_FORMS = (".sync", ".raw", ".s")
# execa's own functions also take a template (`` execa`npm run build` ``): an argv, no shell
_EXECA_TAGS = frozenset({"execa", "execaSync", "execaNode"})
# a module specifier's package: `npm:zx@8.1.0` -> zx, `jsr:@david/dax` -> @david/dax, a Deno land URL ->
# deno.land/x/NAME (not the npm package of that name: deno.land/x/postgres is deno-postgres, not postgres.js)
_SPEC = re.compile(r"(?:npm:|jsr:)?(?:https?://(?:(deno\.land/x/)|esm\.sh/(?:jsr/)?|cdn\.jsdelivr\.net/npm/|"
                   r"unpkg\.com/|jsr\.io/))?(@[\w-]+/[\w-]+|[\w-]+)")
# deno-postgres (jsr and deno.land/x), whose clients run SQL by queryArray/queryObject
_DENO_PG = frozenset({"@db/postgres", "deno.land/x/postgres", "deno-postgres"})
_PG_QUERIES = frozenset({"queryArray", "queryObject"})
_BUN_SQL = frozenset({"bun.SQL", "Bun.SQL"})
# zx's globals are in scope under its shebang (`#!/usr/bin/env zx`, `npx zx`) or `import "zx/globals"`
_ZX_HINT = re.compile(rb"\A#![^\n]*\bzx\b|[\x27\x22`]zx/globals[\x27\x22`]")
# a `$` of the code's own: then a bare `$` tag is not zx's
_OWN_DOLLAR = re.compile(rb"(?:\bfunction\s*\*?\s*|\b(?:const|let|var|class)\s+)\$(?![\w$])")
_SOCKETS = frozenset({"Deno.connect", "Deno.connectTls", "Deno.listen", "Deno.listenTls", "Deno.startTls",
                      "Bun.connect", "Bun.listen"})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
_REMOVES = frozenset({"Deno.remove", "Deno.removeSync"})
_RECURSIVE = re.compile(r"\brecursive\s*:\s*true")
# shelljs's commands that are the Unix command of their name, judged as that command line by the bash rules
_SHELLJS_COMMANDS = frozenset({"rm", "cp", "mv", "ln", "chmod"})


def _package(spec: str | None) -> str | None:
    """The package a module specifier (or a dotted name starting with one) names: `npm:zx@8.1.0` -> zx."""
    if not spec:
        return None
    m = _SPEC.match(spec)
    if m is None:
        return None
    return (m.group(1) or "") + m.group(2)


def _whole_spec(q: str) -> bool:
    """Whether the name `q` is a module specifier itself (what a default import is bound to), not a member of one."""
    m = _SPEC.match(q)
    return m is not None and (m.end() == len(q) or q[m.end()] in "@/")


class Runtimes:
    """Shell tags, shelljs, Deno's and Bun's own calls."""

    _zx: bool | None = None  # whether zx's global `$` is in scope (read on first use)

    def visit_runtime(self, q: str | None, fn, prop, node, args: list) -> None:
        tpl = node.child_by_field_name("arguments")
        if tpl is not None and tpl.type == "template_string":
            kind = self.shell_tag(q, fn)
            if kind is not None:
                self._shell_template(kind, tpl)
                return
            client = self._runtime_client(fn, _BUN_SQL)
            if client is None and prop is not None and self.src(prop) in _PG_QUERIES:
                client = self._runtime_client(fn.child_by_field_name("object"), None)
            if client is not None or q == "Bun.sql":  # db`DROP TABLE audit_events` with db = new SQL(url)
                self._runtime_sql(node, self.src(fn), self._sql_text(tpl), client)
            return
        if q is None:
            if prop is not None and args and self.src(prop) in _PG_QUERIES:
                self._pg_query(fn, node, args)
            return
        if q in _SOCKETS:
            if not self._loopback(args[0] if args else None):
                self.uses_net = True  # a shell spawned beside it is a reverse (or bind) shell
        elif q in _REMOVES and len(args) > 1 and _RECURSIVE.search(self.src(args[1])):
            self._removed(q, node, args[0])
        elif prop is not None and args and self.src(prop) in _PG_QUERIES:
            self._pg_query(fn, node, args)
        elif "shelljs" in q:
            mod, member = self.module(q)
            if mod == "shelljs" and member in _SHELLJS_COMMANDS:
                self._shelljs(member, node, args)

    # -- shell tags ---------------------------------------------------------------------------------------------
    def shell_tag(self, q: str | None, fn, depth: int = 0) -> str | None:
        """What `fn` is as a tag: the name of the shell tag it is (`bun $`, `zx $`, `dax $`, `execa $`, `Bun.$`),
        None when it is none. Also reached as `$({ cwd })` (options given first), a name bound to that, `$.sync`."""
        if depth > 3:
            return None
        if q is None:
            if fn is not None and fn.type == "call_expression":  # $({ verbose: true })`…`
                inner = fn.child_by_field_name("function")
                return self.shell_tag(self.qualname(inner), inner, depth + 1) if inner is not None else None
            return None
        if fn is not None and fn.type == "identifier" and q == self.src(fn) and q != "$":
            made = None if self.mutable(q) else self.bound.get(q)  # const sh = $({ stdio: "inherit" })
            return self.shell_tag(None, made, depth + 1) if made is not None and made.type == "call_expression" \
                else None
        for form in _TAG_FORMS:
            if q.endswith(form):
                q = q[:-len(form)]
                break
        q = q.replace(".default.", ".")
        if q == "Bun.$":
            return q
        if q == "$":
            return "zx $" if self._zx_globals() else None
        if q.endswith(".$"):
            pkg = _package(q[:-2])
            return f"{pkg} $" if pkg in _TAG_PACKAGES else None
        base, _, last = q.rpartition(".")
        if last in _EXECA_TAGS and _package(base) == "execa":
            return f"execa {last}"
        return "dax $" if _package(q) in _DAX and _whole_spec(q) else None  # import $ from "jsr:@david/dax"

    def _zx_globals(self) -> bool:
        """Whether a bare `$` is zx's: under its shebang or `zx/globals`, or in code that defines no `$` of its own
        (no runtime but zx's CLI gives scripts a global `$`)."""
        if self._zx is None:
            data = self.doc.data
            self._zx = in_input(_ZX_HINT, data) or (
                not in_input(_OWN_DOLLAR, data) and "$" not in self.functions and "$" not in self.bound)
        return self._zx

    # -- Deno and Bun ---------------------------------------------------------------------------------------------
    def _loopback(self, opts) -> bool:
        """`Deno.connect({ hostname: "127.0.0.1", port })`: a socket to this machine only."""
        if opts is None or opts.type != "object":
            return False
        host = self._field(opts, "hostname")
        return host is not None and self.string(host) in _LOOPBACK

    def _removed(self, q: str, node, target) -> None:
        """`Deno.remove(p, { recursive: true })`: `rm -r p` (the home or / blocked, a tree with no undo held)."""
        where = self.string(target)
        found = [where] if where is not None else self.run_paths(target) or []
        for p in found:
            n = paths.normalize(p)
            if RUN_NAME not in n and n in ("/", "~"):
                self.block("destructive-rm", f"`{q}` of {p} with recursive: true deletes the whole home or system; "
                                             "delete only project paths", node)
                return
            self.held_tree_delete(q, p, node, built=where is None)

    # -- shelljs ----------------------------------------------------------------------------------------------------
    def _shelljs(self, member: str, node, args: list) -> None:
        """`shell.rm("-rf", os.homedir())`: the command line it is, with the home as `$HOME`, judged by the bash
        rules; a recursive delete of a path built at run time is read as fs's is (held_tree_delete)."""
        words: list[str] = [member]
        computed = []
        for a in args:
            items = a.named_children if a.type == "array" else [a]  # shell.rm("-rf", [a, b])
            for it in items:
                v = self.string(it)
                if v is None:
                    computed.append(it)
                words.append(_shell_word(v, it, self))
        line = " ".join(words)
        self.ctx.nested(line, "bash", self.doc, node, None)
        flags = "".join(self.string(a) or "" for a in args[:1])
        if member == "rm" and flags.startswith("-") and "r" in flags.lower():
            for it in computed:
                for p in self.run_paths(it) or ():
                    self.held_tree_delete(f"shell.rm({flags!r}, …)", p, node, built=True)

    # -- SQL clients ---------------------------------------------------------------------------------------------
    def _runtime_client(self, obj, ctors: frozenset | None):
        """The `new …(url)` the object `obj` was made by: Bun's `new SQL(url)` (ctors), or a client or pool of
        deno-postgres (ctors None: any constructor of that package, followed through `pool.connect()`)."""
        if obj is None:
            return None
        if ctors is not None:
            if obj.type != "identifier" or self.mutable(self.src(obj)):
                return None
            made = self.bound.get(self.src(obj))
            while made is not None and made.type in ("await_expression", "parenthesized_expression",
                                                     "non_null_expression", "as_expression") and made.named_children:
                made = made.named_children[0]
            if made is None or made.type != "new_expression":
                return None
            return made if self.qualname(made.child_by_field_name("constructor")) in ctors else None
        root, _, call = self.origin(obj)
        return call if call is not None and _package(root) in _DENO_PG else None

    def _pg_query(self, fn, node, args: list) -> None:
        """`client.queryArray("DROP SCHEMA public CASCADE")` of deno-postgres."""
        client = self._runtime_client(fn.child_by_field_name("object"), None)
        if client is not None:
            self._runtime_sql(node, self.src(fn), self._sql_text(args[0]), client)

    def _runtime_sql(self, node, what: str, text: str | None, client) -> None:
        """SQL a client sends: judged as on the database's machine, and held at the end when it drops or empties
        tables of a database that is not a throwaway one (report_wipes)."""
        if not text:
            return
        self.sql_server(text, node)
        loss = sql_loss(text)
        if loss is not None:
            self.wipes.append((node, irreversible_message(what, f"runs SQL that {loss}", None),
                               self._throwaway_client(client) if client is not None else None))


def _shell_word(value: str | None, node, a) -> str:
    """A value as one shell word: quoted, the home as `"$HOME"` (the rules read a quoted `~` literally), a value
    known only at run time as a variable named after what holds it (`"$dir"`, `"$DEPLOY_ENV"`)."""
    if value is None:
        return '"$' + _var_name(node, a) + '"'
    if value == "~" or value.startswith("~/"):
        return '"$HOME"' + (shlex.quote(value[1:]) if len(value) > 1 else "")
    return shlex.quote(value)


_SHELL_NAME = re.compile(r"[A-Za-z_]\w*")
_ENV_READ = re.compile(r"^(?:process\.env|Bun\.env|import\.meta\.env)\.(\w+)$|^Deno\.env\.get$")


def _var_name(node, a) -> str:
    """The shell variable a run-time value is written as: its JavaScript name, or the environment variable it
    reads (`process.env.DEPLOY_ENV`, `Deno.env.get("DEPLOY_ENV")`); ARG otherwise."""
    while node is not None and node.type in ("parenthesized_expression", "non_null_expression", "as_expression") \
            and node.named_children:
        node = node.named_children[0]
    if node is None:
        return "ARG"
    if node.type == "identifier":
        name = a.src(node)
        return name if _SHELL_NAME.fullmatch(name) else "ARG"
    if node.type in ("member_expression", "call_expression"):
        fn = node.child_by_field_name("function") if node.type == "call_expression" else node
        q = a.qualname(fn) or ""
        m = _ENV_READ.match(q)
        if m is not None and m.group(1):
            return m.group(1)
        if m is not None and node.type == "call_expression":
            args = a.args(node)
            key = a.string(args[0]) if args else None
            if key and _SHELL_NAME.fullmatch(key):
                return key
    return "ARG"
