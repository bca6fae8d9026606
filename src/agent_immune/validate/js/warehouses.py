"""Data warehouses, BI tools, product analytics and clinical data systems, from TypeScript (session 29).

As python/warehouses.py: a request (`fetch`, axios, got) to an outsider's host from a script that reads people's
records in bulk or a project's .env files is blocked; so are a Snowflake share with another account, a GRANT to
PUBLIC or to an outsider's address in a script that runs SQL, a BigQuery dataset's access opened to allUsers or
allAuthenticatedUsers, an invitation or a user for an address that is no colleague's (a free mail service, a look-alike
of the tool's maker), and a row-level security rule's clause set to always true. Looker content deleted through the
SDK (`delete_folder`, `delete_dashboard`, `delete_look`) is reviewed `irreversible`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import brokers_tables as bt
from .. import warehouses_tables as wt
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_SQL_RUNS = frozenset({"execute", "query", "executeAsync", "sql", "createQueryJob"})
_DELETES = frozenset({"delete_folder", "delete_dashboard", "delete_look", "delete_space"})
_NAMES = _SENDS | _SQL_RUNS | _DELETES | {"setMetadata", "setIamPolicy"}
_EVERYONE = re.compile(r"""\b(?:specialGroup|iamMember|members?)["']?\s*:\s*\[?[^\]\n]{0,200}?["'`](?:allUsers|"""
                       r"""allAuthenticatedUsers)["'`]""")
_SQL_BYTES = re.compile(rb"(?i)share|grant|create\s+user|alter\s+user|masking|row\s+access")
_COMMENTS = re.compile(r"//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/")
# (a method of Looker's SDK only: kafkajs's admin.deleteRecords trims a topic, a test's own data)
_DELETE_CLIENTS = re.compile(rb"@looker/sdk")
# (a dev server on this machine seeding its own users)
_LOCAL = re.compile(r"""^\W*https?://(?:localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)(?:[:/]|$)""")
_INVITE_PATH = re.compile(r"(?i)/(?:invites?|invitations|members|users?)(?:/|\b)")
_ADMIN_LEVEL = re.compile(r"""(?i)\b(?:level|role|membership_level)["']?\s*:\s*(?:15|8|["'`](?:admin|owner)["'`])""")


@lru_cache(maxsize=4)
def _script_sql(data: bytes) -> tuple[str, str, str] | None:
    """The finding of the statements the script holds outside its comments (a list of statements it loops over),
    read once per input: every `execute` call of a long script would read it again."""
    doc = _COMMENTS.sub(" ", decoded(data))
    return wt.sql_finding(doc) if wt.SQL_HINT.search(doc) else None


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
                self._send(name, node, args)
        elif name in _SQL_RUNS:
            # (the statement the call runs, or the list of statements the script loops over: not its comments)
            if not args or not in_input(_SQL_BYTES, data):
                return
            found = wt.sql_finding(self.src(args[0])) or _script_sql(data)
            if found is not None:
                (self.block if found[0] == "block" else self.review)(found[1], found[2], node)
        elif name in ("setMetadata", "setIamPolicy"):
            if _EVERYONE.search(decoded(data)):
                self.block("exfiltration", "the dataset's access is given to allUsers/allAuthenticatedUsers: anyone "
                                           "with a Google account reads it; grant the organisation's own groups", node)
        elif name in _DELETES:
            if not in_input(_DELETE_CLIENTS, data):
                return
            self.review("irreversible", f"`{name}(…)` deletes the content for good (with what it holds), no undo; let "
                                        "the user run it, after a backup", node)

    def _send(self, name: str, node, args: list) -> None:
        data = self.doc.data
        doc = decoded(data)
        first = self.src(args[0])
        call = self.src(node)
        if b"rowlevelsecurity" in data and "rowlevelsecurity" in first and \
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
        m = bt._SEND_URL.match(first)
        host = wt.code_target(m.group(1), what, doc) if m else None
        if host:
            self.block("exfiltration", wt.leak_message(what, host), node)
