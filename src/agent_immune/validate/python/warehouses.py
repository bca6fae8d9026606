"""Data warehouses, BI tools, product analytics and clinical data systems, from Python (sessions 29 and 27's mending).

As bash/warehouses.py, whose host read as warehouses_tables.far_host says. Blocked:
- a request or a socket to an outsider's host from a script that reads people's records in bulk (DICOM headers with
  pydicom's `dcmread` or its older `read_file`, a FHIR search on patients, fhirpy's `fetch_all()` of one, REDCap's
  record export, an analytics service's raw export) or a project's .env files: what it read is what it sends
  (warehouses_tables.code_read); the URL written out or held in a name, a sum or an f-string, or given as `url=`
  (`requests.request('POST', url=…)`);
- a BigQuery table copied (`copy_table`) into a project, or extracted into a bucket, that carries none of the source
  project's names;
- a Snowflake share with another account added, a GRANT to PUBLIC, a grant to an address outside the organisation,
  run by a script that executes SQL (warehouses_tables.sql_finding over the statement the call runs);
- a BigQuery table's policy given allUsers/allAuthenticatedUsers (`client.set_iam_policy(table, policy)`, also by
  keyword): a binding that holds them added or set (also through a name, `EVERYONE = 'allUsers'`), not a comment, a
  binding removed or a filter that takes them out; a dataset's access entry for an address outside the organisation;
- a BI tool's user made for an address that is no colleague's (a free mail service, a look-alike of the tool's maker)
  in a script that gives a role named Admin.
Reviewed `irreversible`: Tableau content deleted through tableauserverclient, REDCap records deleted, Looker folders,
dashboards and looks deleted.
Allowed: reading, counting, exporting into files, sending within the organisation, copies between the organisation's
own projects, a bucket's own policy opened for a website, grants to the organisation's groups.
"""
from __future__ import annotations

import re

from .. import brokers_tables as bt
from .. import warehouses_tables as wt
from ..per_input import decoded, holds, in_input

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_SOCKETS = frozenset({"create_connection", "connect", "sendto"})
_SQL_RUNS = frozenset({"execute", "execute_string", "executemany", "query", "execute_async", "sql"})
_DELETES = frozenset({"delete_records", "delete_folder", "delete_dashboard", "delete_look", "delete_space"})
# (a method of the services' clients only: a function of the script's own with the same name deletes nothing of theirs)
_DELETE_CLIENTS = re.compile(rb"looker_sdk|redcap|PyCap|airtable|pyairtable")
_SQL_BYTES = re.compile(rb"(?i)share|grant|create\s+user|alter\s+user|masking|row\s+access")
# boto3's calls that give a database an address on the internet (`PubliclyAccessible=True`), as the shell's
# `--publicly-accessible` (bash/warehouses.py)
_PUBLIC_DB = frozenset({"modify_db_instance", "modify_db_cluster", "create_db_instance", "modify_cluster",
                        "create_cluster", "restore_db_instance_from_db_snapshot", "restore_from_cluster_snapshot"})
_PUBLICLY = re.compile(r"\bPubliclyAccessible\s*=\s*True\b")
_NAMES = _SENDS | _SOCKETS | _SQL_RUNS | _DELETES | _PUBLIC_DB | {"copy_table", "extract_table", "delete",
                                                                   "create_user_credentials_email", "AccessEntry",
                                                                   "set_iam_policy"}
# everyone given a place in a policy: a binding that holds allUsers or allAuthenticatedUsers added to its bindings
# (`.append({…, 'members': {'allUsers'}})`), set into it (`policy[role] = {…}`, `binding['members'] = […]`), or a
# name holding everyone (`EVERYONE = 'allUsers'`) put there later. A comment, a binding removed (`.remove({…})`), a
# test or filter that takes them out (`m not in PUBLIC['members']`) adds nobody.
_EVERYONE_BYTES = re.compile(rb"""["'](?:allUsers|allAuthenticatedUsers)["']""")
_ADDS = frozenset({"append", "add", "extend", "insert", "update", "union", "setdefault"})
_TAKES = frozenset({"remove", "discard", "pop", "difference", "difference_update", "index", "count", "get"})
_OPENED: dict[bytes, bool] = {}  # (the last scripts' answers, by their bytes)
_STOPS = frozenset({"module", "block", "expression_statement", "return_statement", "if_statement", "for_statement",
                    "while_statement", "function_definition", "class_definition", "lambda", "assert_statement"})
_TABLEAU_ITEMS = re.compile(r"\.(?:datasources|workbooks|projects|flows|views|sites|groups|users)$")
from ..backups_tables import _ALL_USERS as _EVERYONE  # noqa: E402  (the quoted allUsers/allAuthenticatedUsers)

_ENTITY = re.compile(r"""entity_id\s*=\s*["']([^"']+)["']""")


class Warehouses:
    def visit_warehouses(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS or name in _SOCKETS:
            if not in_input(wt.CODE_MARKERS, data):
                return
            doc = decoded(data)
            what = wt.code_read(doc)
            if what is None:
                return
            # (`requests.request('POST', url)`: the method first, the URL second or by keyword)
            at = 1 if name == "request" else 0
            target = pos[at] if len(pos) > at else self._url_keyword(node)
            if target is None:
                return
            arg = self.src(target)
            if name in _SOCKETS:
                host = wt.socket_target(arg, doc)
            else:
                # (the URL as the call gives it: written out, or held in a name, a sum, an f-string)
                m = bt._SEND_URL.match(arg) or bt._SEND_URL.match(self._url_text(target) or "")
                host = wt.code_target(m.group(1), what, doc) if m else None
            if host:
                self.block("exfiltration", wt.leak_message(what, host), node)
        elif name == "set_iam_policy":
            # (BigQuery's `client.set_iam_policy(table, policy)`, also by keyword; a bucket's own
            # `set_iam_policy(policy)` opened to everyone is a website's, judged by the bucket's name elsewhere)
            given = len(pos) + sum(1 for x in self.args(node) if x.type == "keyword_argument" and
                                   self.src(x.child_by_field_name("name")) in ("table", "policy"))
            if given >= 2 and holds(data, b"bigquery") and self._opened():
                self.block("exfiltration", "the table's policy gives allUsers/allAuthenticatedUsers a role: anyone "
                                           "with a Google account reads it; grant the organisation's own groups", node)
        elif name in _SQL_RUNS:
            # (the statement the call runs: its arguments, not the file's comments or other calls)
            if not pos or not in_input(_SQL_BYTES, data):
                return
            found = wt.sql_finding(self.src(pos[0]))
            if found is not None:
                (self.block if found[0] == "block" else self.review)(found[1], found[2], node)
        elif name in _PUBLIC_DB:
            if _PUBLICLY.search(self.src(node)):
                self.review("exfiltration", f"`{name}(…, PubliclyAccessible=True)` gives the database an address on "
                                            "the internet: only its security group then stands between it and "
                                            "everyone; reach it through a bastion or a VPN, or let a person confirm",
                            node)
        elif name in ("copy_table", "extract_table"):
            self._copy(name, node, pos)
        elif name == "AccessEntry":
            call = self.src(node)
            who = next((wt.stranger_member(m) for m in _ENTITY.findall(call) if wt.stranger_member(m)), None)
            if who and who != "anyone on the internet":
                self.block("exfiltration", f"the dataset's access entry is for {who}: an account outside the "
                                           "organisation reads it; grant the organisation's own groups", node)
            elif _EVERYONE.search(call):
                self.block("exfiltration", "the dataset's access entry for allUsers/allAuthenticatedUsers opens it to "
                                           "anyone with a Google account; grant the organisation's own groups", node)
        elif name == "create_user_credentials_email":
            for domain in wt.EMAIL.findall(self.src(node)):
                why = wt.stranger_email(domain)
                if why and re.search(rb"set_user_roles|role_ids|Admin", data):
                    self.block("privilege-escalation", f"the user the script makes, given an administrator's role, "
                                                       f"signs in with an address at {domain}, {why}; make accounts "
                                                       "for the organisation's own people", node)
                    return
        elif name in _DELETES:
            if fn is None or fn.type != "attribute" or not in_input(_DELETE_CLIENTS, data):
                return
            self.review("irreversible", f"`{name}(…)` deletes the records or content for good (the service keeps no "
                                        "copy to restore); let the user run it, after an export", node)
        elif name == "delete" and fn is not None and fn.type == "attribute" and holds(data, b"tableauserverclient"):
            obj = fn.child_by_field_name("object")
            if obj is not None and _TABLEAU_ITEMS.search(self.src(obj)):
                self.review("irreversible", f"`{self.src(fn)}(…)` deletes the item from Tableau (with what depends on "
                                            "it), with no undo; let the user run it, after a backup", node)

    def _opened(self) -> bool:
        """Whether the script gives everyone a place in a policy (see _EVERYONE_BYTES), read once per script: a long
        one calls `set_iam_policy` many times. (Kept by the script's bytes, not on the analysis: its attributes stay
        few, test_code_api.test_analysis_attributes_stay_shared.)"""
        data = self.doc.data
        found = _OPENED.get(data)
        if found is None:
            if len(_OPENED) >= 4:
                _OPENED.pop(next(iter(_OPENED)))
            found = _OPENED[data] = self._opens_policy()
        return found

    def _opens_policy(self) -> bool:
        data = self.doc.data
        if self.root is None or not in_input(_EVERYONE_BYTES, data):
            return False
        held: list[str] = []
        for m in list(_EVERYONE_BYTES.finditer(data))[:50]:
            kind, name = self._everyone_use(self.root.named_descendant_for_byte_range(m.start(), m.end()))
            if kind == "added":
                return True
            if kind == "held" and name not in held:
                held.append(name)
        for name in held[:10]:  # (`EVERYONE = 'allUsers'`, then `'members': {EVERYONE}` in a binding added)
            for m in list(re.finditer(rb"(?<![\w.])" + re.escape(name.encode()) + rb"\b", data))[:50]:
                n = self.root.named_descendant_for_byte_range(m.start(), m.end())
                if n is not None and n.type == "identifier" and self._everyone_use(n)[0] == "added":
                    return True
        return False

    def _everyone_use(self, node) -> tuple[str, str | None]:
        """What the statement around `node` (everyone's name, or a name holding it) does with it: "added" to a
        policy, "held" in a name (the name), or "none" (a comment, a removal, a test)."""
        if node is None or node.type not in ("string", "identifier"):
            return "none", None
        n = node
        for _ in range(16):
            p = n.parent
            if p is None or p.type in _STOPS:
                return "none", None
            if p.type in ("comparison_operator", "not_operator"):
                return "none", None
            if p.type == "call":
                fn = p.child_by_field_name("function")
                attr = fn.child_by_field_name("attribute") if fn is not None and fn.type == "attribute" else None
                meth = self.src(attr) if attr is not None else None
                if meth in _TAKES:
                    return "none", None
                if meth in _ADDS:
                    return "added", None
            elif p.type in ("assignment", "augmented_assignment"):
                left = p.child_by_field_name("left")
                if left is None or left is n or left.start_byte == n.start_byte:
                    return "none", None
                if left.type in ("subscript", "attribute"):
                    return "added", None
                return ("held", self.src(left)) if left.type == "identifier" else ("none", None)
            n = p
        return "none", None

    def _url_keyword(self, node):
        """The `url=` argument of a call (`requests.post(url=…, json=…)`), or None."""
        for a in self.args(node):
            if a.type == "keyword_argument" and self.src(a.child_by_field_name("name")) == "url":
                return a.child_by_field_name("value")
        return None

    def _copy(self, name: str, node, pos: list) -> None:
        """As bash/warehouses._bq's `bq cp`/`bq extract`: a table copied into a project named in full
        (`project.dataset.table`) that carries none of the source project's names, or a table of people's records
        extracted into a bucket that carries none; a `dataset.table` is the client's own project's."""
        from .. import cloud_admin

        if len(pos) < 2:
            return
        doc = decoded(self.doc.data)
        src, dst = self.src(pos[0]), self.src(pos[1])
        source = re.sub(r"^f?[\"']", "", src).rstrip("\"'")
        target = re.sub(r"^f?[\"']", "", dst).rstrip("\"'")
        if "{" in target.split(".", 1)[0] or "$" in target or not re.match(r"^[\w.:{}/-]+$", target):
            return
        m = re.search(r"""Client\(\s*project\s*=\s*["']([\w-]+)""", doc)
        project = source.split(".", 1)[0] if source.count(".") >= 2 else m.group(1) if m else None
        words = cloud_admin.org_words(project) if project else set()
        if not words:
            return
        if target.startswith("gs://"):
            head = target[5:].split("/", 1)[0]
            if not wt.PERSONAL.search(source.rsplit(".", 1)[-1]):
                return
        elif target.count(".") >= 2:
            head = target.split(".", 1)[0]
        else:
            return
        if not any(w in head.lower() for w in words):
            self.block("exfiltration", f"`{name}` copies {src} into {head}, which carries none of the source "
                                       "project's names: a project or bucket of someone else's is the table handed "
                                       "over; copy only into the organisation's own projects", node)
