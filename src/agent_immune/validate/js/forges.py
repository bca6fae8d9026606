"""Self-hosted forges and package/artifact registries administered from code (GitLab, Gitea, Nexus, Harbor, Artifactory,
Verdaccio), from TypeScript and JavaScript (session 23).

- fetch (and node-fetch, undici, ofetch), axios and got requests to a forge's or registry's admin API are judged by
  validate/forge_tables.py as the shell's curl is (an administrator made for an outside address, CI variables read by
  code that sends elsewhere, a mirror or webhook to an outside host ...);
- a registry's auth plugin (Verdaccio's `authenticate(user, password, cb)`) that calls back with success whatever the
  password is lets anyone in as anyone (block);
- what a forge's or registry's CLI prints that is a credential (`jf config export`, `jf rt access-token-create`:
  forge_tables.CREDENTIAL_PRINTERS), run through child_process and then put in a request, is sent off (block)."""
from __future__ import annotations

import re

from ..per_input import holds
from .. import forge_tables
from ..loops import in_loop

_FETCH_MODULES = frozenset({"fetch", "node-fetch", "cross-fetch", "isomorphic-fetch", "undici", "ofetch", "$fetch"})
_AXIOS_VERBS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
_FUNCTIONS = frozenset({"method_definition", "function_declaration", "function_expression", "arrow_function",
                        "function", "generator_function_declaration"})
# what makes a callback's call conditional on something: the password checked, a lookup's answer
_CONDITIONAL = frozenset({"if_statement", "ternary_expression", "switch_statement", "catch_clause",
                          "binary_expression", "conditional_expression"})
# the auth plugins' methods that decide a login (Verdaccio's `authenticate`, and the usual names elsewhere)
_AUTH_METHODS = frozenset({"authenticate", "login", "verifyPassword", "checkPassword", "validatePassword"})
_RUNS = frozenset({"execSync", "execFileSync", "spawnSync", "exec", "execFile"})
_SENDERS = r"(?:fetch|axios(?:\.\w+)?|got(?:\.\w+)?|request|post|put|send|write|\$fetch|ofetch)"


class Forges:
    _forge_hint: bool | None = None  # whether the document names a forge's or registry's API at all

    def visit_forges(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        if fn.type == "identifier":
            if args and args[0].type == "null" and holds(self.doc.data, b"authenticate") or \
                    holds(self.doc.data, b"password") and args and args[0].type == "null":
                self._any_password(fn, node, args)
            if q is None:
                return
        if q is None:
            return
        last = q.rpartition(".")[2]
        if last in _RUNS:
            if holds(self.doc.data, b"jf") or holds(self.doc.data, b"gitea") or holds(self.doc.data, b"forgejo"):
                self._credential_sent(q, fn, node)
            return
        hint = self._forge_hint
        if hint is None:
            hint = self._forge_hint = any(h in self.doc.data for h in forge_tables.API_BYTES)
        if not hint:
            return
        mod, member = self.module(q)
        if mod in _FETCH_MODULES and member in ("", "default", "fetch", "request", "ofetch", "$fetch"):
            url, opts, _ = self._url_first(args)
            method = self._http_method(opts) if opts is not None else "GET"
            body = self._opt(opts, "body") if opts is not None else None
        elif mod == "axios" and member in _AXIOS_VERBS:
            method = _AXIOS_VERBS[member]
            url = args[0] if args else None
            body = args[1] if len(args) > 1 and method in ("POST", "PUT", "PATCH") else None
        else:
            return
        if url is None or not method:
            return
        text = self._url_text(url)
        if not text or not any(h in text for h in forge_tables.API_HINTS):
            return
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 40 else last
        found = forge_tables.judge(text, method, self._forge_body(body) if body is not None else "", shown=shown,
                                   text=self.doc.data.decode("utf-8", "replace"),
                                   bulk=in_loop(node, _LOOPS, _FUNCTIONS))
        if found is not None:
            (self.ctx.block if found.verdict == "block" else self.ctx.review)(found.rule, found.message, self.doc, node)

    def _forge_body(self, body) -> str:
        """The body's source; `JSON.stringify(payload)` and a name followed to the object it was given."""
        if body.type == "call_expression" and self.src(body.child_by_field_name("function")) == "JSON.stringify":
            inner = self.args(body)
            if inner:
                body = inner[0]
        if body.type == "identifier":
            value = self.declared(body, frozenset({"object", "string", "template_string", "call_expression"}))
            if value is not None:
                return self.src(value)
        return self.src(body)

    # -- an auth plugin that lets every password in ---------------------------------------------------------------
    def _any_password(self, fn, node, args: list) -> None:
        """`authenticate(user, password, cb) { …; cb(null, [user, "admin"]); }`: the callback given success (no error,
        some groups) on a path that no check of the password decides."""
        callee = self.src(fn)
        up, method = node.parent, None
        while up is not None:
            if up.type in _CONDITIONAL:
                return
            if up.type in _FUNCTIONS:
                method = up
                break
            up = up.parent
        if method is None:
            return
        name = method.child_by_field_name("name")
        if name is None or self.src(name) not in _AUTH_METHODS:
            return
        params = method.child_by_field_name("parameters")
        names = [self.src(p.child_by_field_name("pattern") or p).split(":")[0].strip()
                 for p in (params.named_children if params is not None else []) if p.type != "comment"]
        if len(names) < 3 or callee != names[-1] or len(args) < 2 or args[1].type in ("false", "null", "undefined"):
            return
        pw = names[1]
        if not re.search(r"(?i)pass|secret|cred|pw", pw):
            return  # (`login(req, res, next)`: not a password check)
        body = method.child_by_field_name("body")
        if body is not None and re.search(r"(?:===?|!==?)\s*%s\b|\b%s\s*(?:===?|!==?)" % (re.escape(pw), re.escape(pw)),
                                          self.src(body)):
            return
        admin = " and puts every login in the `admin` group" if "admin" in self.src(args[1]) else ""
        self.ctx.block("privilege-escalation", f"`{self.src(name)}` calls `{callee}(null, …)` whatever the password "
                       f"is{admin}: the registry then lets anyone in as anyone (publish, unpublish, read private "
                       "packages); check the password against the user store and call back with an error otherwise",
                       self.doc, node)

    # -- a forge's or registry's credential printed and sent ------------------------------------------------------
    def _credential_sent(self, q: str, fn, node) -> None:
        argv = self._printing_argv(node, fn)
        what = forge_tables.credential_printed(argv) if argv else None
        if what is None:
            return
        up = node.parent
        while up is not None and up.type not in ("variable_declarator", "assignment_expression", "expression_statement",
                                                  "arguments"):
            up = up.parent
        rest = self.doc.data[node.end_byte:].decode("utf-8", "replace")
        sent = False
        if up is not None and up.type == "arguments":
            sent = re.search(_SENDERS + r"\s*$", self.src(up.parent.child_by_field_name("function") or up)) is not None
        elif up is not None and up.type in ("variable_declarator", "assignment_expression"):
            target = up.child_by_field_name("name") or up.child_by_field_name("left")
            if target is not None and target.type == "identifier":
                var = re.escape(self.src(target))
                sent = re.search(r"\b%s\s*\([^;]{0,400}?\b%s\b" % (_SENDERS, var), rest, re.S) is not None
        if sent:
            self.ctx.block("exfiltration", f"{what} prints a credential (the server's address with its user and "
                           "password or token), and the code sends it off the machine; never send credentials "
                           "anywhere", self.doc, node)
