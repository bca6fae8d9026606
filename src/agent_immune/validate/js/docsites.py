"""Documentation and static sites from TypeScript (session 29): as bash/docsites.py, what a request (`fetch`) to a
hosting, CDN, search or code-host API does (docsites_tables), records saved into a search index linking to a look-alike
of the organisation's host (`client.saveObjects({ objects: [{ url: 'https://acme-account-verify.com/…' }] })`), a file
of secrets copied into a folder the site publishes (`fs.copyFileSync('.env.production', 'public/env.txt')`), and the
whole environment served as a response: a Pages Function or Worker answering `new Response(JSON.stringify(env))`,
Express's `res.json(process.env)`, Hono's `c.json(c.env)` (every binding and secret the function runs with, to
whoever asks; behind a "diagnostic" query parameter it is a back door). Responses built from named values, ordinary
records and files stay allowed.
"""
from __future__ import annotations

import re

_SENDS = frozenset({"fetch", "post", "put", "patch", "request"})
_RECORDS = frozenset({"saveObjects", "saveObject", "addDocuments", "partialUpdateObjects", "replaceAllObjects",
                      "addOrUpdateDocuments", "updateDocuments", "import"})
_COPIES = frozenset({"copyFile", "copyFileSync", "cp", "cpSync", "rename", "renameSync", "symlink", "symlinkSync"})
_RESPONDS = frozenset({"json", "send", "end"})
_NAMES = _SENDS | _RECORDS | _COPIES | _RESPONDS
_HINT = re.compile(rb"/settings|/members|/invit|secret_scanning|forwarding_url|/indexes/|/pagerules|/repos/")
# the whole environment: Node's, or a Worker's / Pages Function's bindings (`env`, `context.env`, `c.env`)
_ENV = r"(?:process\.env|(?:(?:context|ctx|c|event)\.)?env)"
_WHOLE_ENV = re.compile(rf"^(?:JSON\.stringify\s*\(\s*)?(?:\{{\s*\.\.\.)?{_ENV}(?:\s*\}})?\s*(?:,[^()]*)?\)?$")
# a request handler's response object (Express's `res`, Fastify's `reply`, Hono's `c`, Koa's `ctx`): other `send`s
# and `end`s are a process's IPC or a stream's
_RESPONSE = frozenset({"res", "reply", "response", "resp", "c", "ctx", "context", "h"})
# a bare `env` that is a Worker's or Pages Function's bindings: the second parameter of its `fetch` handler, or a
# Pages Function's destructured context
_BINDINGS = re.compile(rb"\bfetch\s*\(\s*\w+\s*(?::\s*\w+\s*)?,\s*env\b|"
                       rb"\bonRequest\w*\s*(?::[^=\n]{0,120})?=\s*(?:async\s*)?\(\s*\{[^}]{0,200}\benv\b")


class Docsites:
    def visit_docsites(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not args:
            return
        if name in _SENDS:
            self._docsites_request(name, node, args)
        elif name in _RECORDS:
            if name == "import" and b"typesense" not in self.doc.data.lower():
                return
            from ..docsites_tables import poisoned_records

            why = poisoned_records(self.src(node), self.doc.data.decode("utf-8", "replace"))
            if why:
                self.block("exfiltration", f"`{name}` {why}", node)
        elif name in _COPIES:
            from ..bash.docsites import secret_published

            if len(args) < 2:
                return
            src, dst = self.string(args[0]), self.string(args[1])
            why = secret_published(src or "", dst or "", self.doc.data.decode("utf-8", "replace")) if src and dst \
                else None
            if why:
                self.block("exfiltration", f"`{q or name}` {why}", node)
        elif fn is not None and fn.type == "member_expression" and self._docsites_root(fn) in _RESPONSE:
            self.env_answered(f"{self.src(fn)}(…)", node, args[0])

    def _docsites_root(self, fn) -> str | None:
        """The name a member call's chain starts at (`res` of `res.status(200).json`)."""
        for _ in range(8):
            if fn is None:
                return None
            if fn.type == "identifier":
                return self.src(fn)
            fn = fn.child_by_field_name("object") if fn.type == "member_expression" else \
                fn.child_by_field_name("function") if fn.type == "call_expression" else None
        return None

    def env_answered(self, shown: str, node, body) -> None:
        """`body` (a response's) is the whole environment: blocked."""
        text = self.src(body).strip()
        if _WHOLE_ENV.match(text) is None:
            return
        if "process.env" not in text and re.match(r"(?:JSON\.stringify\s*\(\s*)?(?:\{\s*\.\.\.)?env\b", text) and \
                _BINDINGS.search(self.doc.data) is None:
            return  # a value of the code's own named `env` (a config's, `$env/dynamic/public`, a parameter)
        self.block("exfiltration", f"`{shown}` answers a request with the whole environment ({text[:40]}): every "
                                   "secret and binding the function runs with, to whoever asks; return only the "
                                   "values a health check needs", node)

    def visit_docsites_new(self, q: str | None, node, args: list) -> None:
        """`new Response(JSON.stringify(env))`."""
        if q in ("Response", "NextResponse") and args:
            self.env_answered(f"new {q}(…)", node, args[0])

    def _docsites_request(self, name: str, node, args: list) -> None:
        if _HINT.search(self.doc.data) is None:
            return
        from ..bash.docsites import judge_request

        url = self.string(args[0])
        if url is None and args[0].type == "template_string":
            url = "".join("$" if c.type == "template_substitution" else self.src(c) for c in args[0].named_children)
        if url is None:
            return
        src = self.src(node)
        if name == "fetch":
            m = re.search(r"""method\s*:\s*['"`](\w+)""", src)
            method = m.group(1) if m else "GET"
        else:
            method = name.upper()
        found = judge_request(url, method, src, self.doc.data.decode("utf-8", "replace"))
        if found is not None:
            self.block(found[0], f"`{name}` {found[1]}", node)
