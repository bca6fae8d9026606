"""Data warehouses, BI tools, product analytics and clinical data systems, from TypeScript (sessions 29 and 27's
mending).

As python/warehouses.py: a request (`fetch`, axios, got; the URL written out, held in a name or an object's property,
`new URL(path, base)`, `new Request(url)`, axios's `{ baseURL, url }` or an instance's `axios.create({ baseURL })`) or
a WebSocket's `send` to an outsider's host from a script that reads people's records in bulk or a project's .env files
(found with glob, fast-glob or globby; an exclusion, `'!**/.env'`, or a template, `.env.example`, reads none) is
blocked; so are a Snowflake share with another account,
a GRANT to PUBLIC or to an outsider's address in a script that runs SQL, a BigQuery dataset's or table's access opened
to allUsers or allAuthenticatedUsers, an invitation or a user for an address that is no colleague's (a free mail
service, a look-alike of the tool's maker), and a row-level security rule's clause set to always true. Looker content
deleted through the SDK (`delete_folder`, `delete_dashboard`, `delete_look`) is reviewed `irreversible`. Allowed: the
same requests to the organisation's own hosts, a server's reply (`res.send`), globs of source files.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import brokers_tables as bt
from .. import warehouses_tables as wt
from ..per_input import decoded, holds, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_SQL_RUNS = frozenset({"execute", "query", "executeAsync", "sql", "createQueryJob"})
_DELETES = frozenset({"delete_folder", "delete_dashboard", "delete_look", "delete_space"})
_NAMES = _SENDS | _SQL_RUNS | _DELETES | {"setMetadata", "setIamPolicy", "send"}
_SOCKETS = frozenset({"WebSocket", "ws", "ws.WebSocket", "ws.default"})
_EVERYONE = re.compile(r"""\b(?:specialGroup|iamMember|members?)["']?\s*:\s*\[?[^\]\n]{0,200}?["'`](?:allUsers|"""
                       r"""allAuthenticatedUsers)["'`]""")
_SQL_BYTES = re.compile(rb"(?i)share|grant|create\s+user|alter\s+user|masking|row\s+access")
_COMMENTS = re.compile(r"//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/")
# (a method of Looker's SDK only: kafkajs's admin.deleteRecords trims a topic, a test's own data)
_DELETE_CLIENTS = re.compile(rb"@looker/sdk")
# (a dev server on this machine seeding its own users)
_LOCAL = re.compile(r"""^\W*https?://(?:localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)(?:[:/]|$)""")
_SOCKET_URL = re.compile(r"(?i)^\s*wss?://([^\s\"'`/?#]+)")
_INVITE_PATH = re.compile(r"(?i)/(?:invites?|invitations|members|users?)(?:/|\b)")
_ADMIN_LEVEL = re.compile(r"""(?i)\b(?:level|role|membership_level)["']?\s*:\s*(?:15|8|["'`](?:admin|owner)["'`])""")


@lru_cache(maxsize=4)
def _script_sql(data: bytes) -> tuple[str, str, str] | None:
    """The finding of the statements the script holds outside its comments (a list of statements it loops over),
    read once per input: every `execute` call of a long script would read it again."""
    doc = _COMMENTS.sub(" ", decoded(data))
    return wt.sql_finding(doc) if wt.SQL_HINT.search(doc) else None


@lru_cache(maxsize=4)
def _opened(data: bytes) -> bool:
    """Whether the script gives allUsers or allAuthenticatedUsers a place in an access list, outside its comments
    (read once per input: a script may set many tables' policies)."""
    return (holds(data, b"allUsers") or holds(data, b"allAuthenticatedUsers")) and \
        _EVERYONE.search(_COMMENTS.sub(" ", decoded(data))) is not None


class Warehouses:
    def visit_warehouses(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if args:
                self._send(name, fn, node, args)
        elif name == "send":
            if args and fn is not None and fn.type == "member_expression" and in_input(wt.CODE_MARKERS, data):
                self._socket_sent(fn, node)
        elif name in _SQL_RUNS:
            # (the statement the call runs, or the list of statements the script loops over: not its comments)
            if not args or not in_input(_SQL_BYTES, data):
                return
            found = wt.sql_finding(self.src(args[0])) or _script_sql(data)
            if found is not None:
                (self.block if found[0] == "block" else self.review)(found[1], found[2], node)
        elif name in ("setMetadata", "setIamPolicy"):
            if _opened(data):
                self.block("exfiltration", "the dataset's access is given to allUsers/allAuthenticatedUsers: anyone "
                                           "with a Google account reads it; grant the organisation's own groups", node)
        elif name in _DELETES:
            if not in_input(_DELETE_CLIENTS, data):
                return
            self.review("irreversible", f"`{name}(…)` deletes the content for good (with what it holds), no undo; let "
                                        "the user run it, after a backup", node)

    def _send(self, name: str, fn, node, args: list) -> None:
        data = self.doc.data
        doc = decoded(data)
        first = self.src(args[0])
        call = self.src(node)
        if holds(data, b"rowlevelsecurity") and "rowlevelsecurity" in first and \
                re.search(r"""(?i)clause["']?\s*:\s*["'`]\s*(?:1\s*=\s*1|true|'1'\s*=\s*'1')\s*["'`]""", call):
            self.block("privilege-escalation", "the request sets a row-level security rule's clause to always true: "
                                               "every user sees every row it was hiding; change the rule's roles, "
                                               "not its filter", node)
            return
        if _INVITE_PATH.search(first) and _ADMIN_LEVEL.search(call) and not _LOCAL.search(first):
            for domain in wt.EMAIL.findall(call):
                why = wt.stranger_email(domain)
                if why:
                    self.block("privilege-escalation", f"the request invites {domain}, {why}, with an administrator's "
                                                       "level; invite the organisation's own people", node)
                    return
        if not in_input(wt.CODE_MARKERS, data):
            return
        what = wt.code_read(doc)
        if what is None:
            return
        m = bt._SEND_URL.match(self._send_url(fn, args[0]) or first)
        host = wt.code_target(m.group(1), what, doc) if m else None
        if host:
            self.block("exfiltration", wt.leak_message(what, host), node)

    def _send_url(self, fn, first) -> str | None:
        """The URL a request goes to, as the call gives it: written out, held in a name, `new URL(path, base)`, `new
        Request(url, …)`, an object's `url` (`cfg.url`, axios's `{ url }` after its `baseURL`), or a path given to an
        axios instance made with a `baseURL` (`const api = axios.create({ baseURL })`, then `api.post('/in', …)`)."""
        if first.type == "new_expression" and self.src(first.child_by_field_name("constructor")) == "Request":
            inner = self.args(first)
            first = inner[0] if inner else first
        base = None
        if self._object(first) is not None:
            base, first = self._opt(first, "baseURL"), self._opt(first, "url")
        elif first.type == "member_expression":
            obj, prop = first.child_by_field_name("object"), first.child_by_field_name("property")
            first = (self._opt(obj, self.src(prop)) if obj is not None and prop is not None else None) or first
        text = self._url_text(first) if first is not None else None
        if text is None or "//" in text[:12]:
            return text
        if base is None and fn is not None and fn.type == "member_expression":
            obj = fn.child_by_field_name("object")
            made = self.declared(obj, frozenset({"call_expression"})) if obj is not None and \
                obj.type == "identifier" else None
            made_fn = made.child_by_field_name("function") if made is not None else None
            if made_fn is not None and self.src(made_fn).endswith(".create") and self.args(made):
                base = self._opt(self.args(made)[0], "baseURL")
        prefix = self._url_text(base) if base is not None else None
        return prefix.rstrip("/") + "/" + text.lstrip("/") if prefix else text

    def _socket_sent(self, fn, node) -> None:
        """`ws.send(data)` on `const ws = new WebSocket('wss://…')`: sent to the socket's host (a server's reply,
        Express's `res.send`, is not)."""
        obj = fn.child_by_field_name("object")
        made = self.bound.get(self.src(obj)) if obj is not None and obj.type == "identifier" and \
            not self.mutable(self.src(obj)) else None
        if made is None or made.type != "new_expression":
            return
        ctor = self.qualname(made.child_by_field_name("constructor")) or ""
        made_args = self.args(made)
        if not made_args or ctor not in _SOCKETS and not ctor.endswith(".WebSocket"):
            return
        doc = decoded(self.doc.data)
        what = wt.code_read(doc)
        text = self._url_text(made_args[0]) or ""
        m = _SOCKET_URL.match(text)
        host = wt.code_target("https://" + m.group(1), what, doc) if m and what else None
        if host:
            self.block("exfiltration", wt.leak_message(what, host), node)
