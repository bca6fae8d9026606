"""Server-side web frameworks (Rails, Laravel, Django, Flask/FastAPI, Phoenix, Spring Boot, NestJS/Express/Next.js) and their job queues, from TypeScript (session 28).

- a token signed with the app's own secret (`jwt.sign(claims, process.env.JWT_SECRET)`) and put into a request's body
  or URL for a host off the machine: blocked (`exfiltration`): whoever receives it signs in as the claims say for as
  long as it lasts. In an `Authorization` header it is the app calling an API, as services do;
- a BullMQ queue obliterated (`queue.obliterate()`) on a Redis that is not this machine's: reviewed `irreversible`;
- the project's source file written back with text put before what it held (`writeFileSync(f, inject + src)`):
  judged as an edit adding that text (source_patch.judge: a module imported by its URL, a sender by passwords).
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import frameworks_fw as fw
from .. import source_patch
from ..hosts import loopback
from ..item_loops import call_end

_NAMES = frozenset({"sign", "obliterate", "writeFileSync", "writeFile"})
# the names a compose file gives a Redis service: this machine's own stack, as hosts.loopback's names are
_LOCAL_SERVICES = frozenset({"redis", "valkey"})
_AUTH = re.compile(r"(?i)authorization|bearer|cookie")
_DECL = re.compile(r"(?:const|let|var)\s+(\w+)\s*=\s*([^;\n]*)")
# a call that sends a request (fetch, axios, got, ky, undici, node:http, a client's `.post(…)`): its `(` ends the match
_SENDER = re.compile(r"(?:(?<![\w$.])(?:fetch|ofetch|axios|got|ky|needle|superagent|request)|\$fetch|"
                     r"\.(?:get|post|put|patch|delete|request|fetch))\s*(?:<[^>()]*>)?\s*\(")
_HOST_OPT = re.compile(r"""\bhost\s*:\s*["'`]([^"'`]+)["'`]|rediss?://(?:[^@/\s"'`]*@)?([^:/\s"'`]+)""")


class Frameworks:
    def visit_frameworks(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name == "sign":
            if len(args) >= 2 and (holds(data, b"jsonwebtoken") or holds(data, b"jose")):
                self._fw_token_sent(node, args)
        elif name == "obliterate":
            self._fw_obliterate(fn, node)
        elif len(args) >= 2:
            self._fw_prepended(node, args)

    def _fw_token_sent(self, node, args: list) -> None:
        key = self.src(args[1]) if len(args) > 1 else ""
        if not re.search(r"(?i)process\.env|secret|private|key", key):
            return
        decl = node.parent
        while decl is not None and decl.type in ("await_expression", "parenthesized_expression", "as_expression",
                                                 "non_null_expression"):
            decl = decl.parent
        if decl is None or decl.type != "variable_declarator":
            return
        ident = decl.child_by_field_name("name")
        token = self.src(ident) if ident is not None else ""
        if not re.fullmatch(r"\w+", token):
            return
        text = self.doc.data[node.end_byte:node.end_byte + 20000].decode("utf-8", "replace")
        use = re.compile(r"\b" + re.escape(token) + r"\b")

        def carried(piece: str) -> bool:  # in an Authorization header it is the app calling an API, as services do
            return any(use.search(ln) and not _AUTH.search(ln) for ln in piece.splitlines())

        # a link or body built with the token and sent later (`const url = `https://x/t?v=${token}`; fetch(url)`)
        built = {m.group(1): m.group(2) for m in _DECL.finditer(text) if m.group(1) != token and carried(m.group(2))}
        for m in _SENDER.finditer(text):
            call = text[m.end() - 1:call_end(text, m.end(), m.end() + 3999)]  # (4,000 characters at most from its `(`)
            names = [n for n in built if re.search(rf"(?<![\w.$]){re.escape(n)}\b", call)]
            if not carried(call) and not names:
                continue  # a link mailed to the app's own user is ordinary: only a request that carries it counts
            host = fw.remote_in(call) or next((h for n in names if (h := fw.remote_in(built[n]))), None)
            if host:
                self.block("exfiltration", f"the code signs a token with the app's own key (`{self.src(args[1])[:40]}`)"
                                           f" and sends it to {host} in a request's body or URL: whoever holds it "
                                           "signs in as its claims say until it expires. Issue tokens only to the "
                                           "people and services they are for, through the app's sign-in", node)
                return

    def _fw_obliterate(self, fn, node) -> None:
        text = self.doc.data.decode("utf-8", "replace")
        hosts = [h for m in _HOST_OPT.finditer(text) for h in m.groups() if h]
        remote = [h for h in hosts if not loopback(h) and h.lower() not in _LOCAL_SERVICES and not h.startswith("$")]
        if not remote and "process.env" not in text.split("obliterate", 1)[0][-2000:]:
            return
        where = remote[0] if remote else "a Redis named by the environment"
        self.review("irreversible", f"`{self.src(fn)}` deletes the queue on {where} with every job in it, waiting or "
                                    "running: there is no undo. Drain or pause it instead, or have a person confirm",
                    node)

    def _fw_prepended(self, node, args: list) -> None:
        content = args[1]
        if content.type != "binary_expression" or self.src(content.child_by_field_name("operator")) != "+":
            return
        path = self.patched_path()
        if path is None:
            return
        written = self.string(args[0])
        if written is not None:
            if not source_patch.CODE_FILE.search(written):
                return
            path = written
        left = content.child_by_field_name("left")
        right = content.child_by_field_name("right")
        if right is None or left is None or not re.search(r"(?i)src|source|readFile|orig|content|text|code",
                                                          self.src(right)):
            return
        text = self.patch_pieces(left, 0)
        if not text:
            return
        found = source_patch.judge(None, text, path or None, self.doc.data.decode("utf-8", "replace"))
        if found is not None:
            self.block(*source_patch.message(found, "the code"), content)


def _call_text(text: str, start: int) -> str:
    """The call's arguments from their `(` at `start` to the bracket that closes it (a bounded read)."""
    depth = 0
    for i in range(start, min(len(text), start + 4000)):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
    return text[start:start + 4000]
