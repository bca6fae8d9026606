"""Data warehouses, BI tools, product analytics and clinical data systems, from Python (session 29).

As bash/warehouses.py, whose host read as brokers_tables says. Blocked:
- a request or a socket to an outsider's host from a script that reads people's records in bulk (DICOM headers with
  pydicom, a FHIR search on patients, REDCap's record export, an analytics service's raw export) or a project's
  .env files: what it read is what it sends (warehouses_tables.code_read);
- a BigQuery table copied (`copy_table`) into a project, or extracted into a bucket, that carries none of the source
  project's names;
- a Snowflake share with another account added, a GRANT to PUBLIC, a grant to an address outside the organisation,
  run by a script that executes SQL (warehouses_tables.sql_finding over the script's text);
- a BI tool's user made for an address that is no colleague's (a free mail service, a look-alike of the tool's maker)
  in a script that gives a role named Admin.
Reviewed `irreversible`: Tableau content deleted through tableauserverclient, REDCap records deleted, Looker folders,
dashboards and looks deleted.
Allowed: reading, exporting into files, copies between the organisation's own projects.
"""
from __future__ import annotations

import re

from .. import brokers_tables as bt
from .. import warehouses_tables as wt
from ..per_input import decoded, in_input

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
                                                                   "create_user_credentials_email", "AccessEntry"}
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
            if not pos or not in_input(wt.CODE_MARKERS, data):
                return
            doc = decoded(data)
            what = wt.code_read(doc)
            if what is None:
                return
            arg = self.src(pos[1] if name == "request" and len(pos) > 1 else pos[0])
            if name in _SOCKETS:
                host = wt.socket_target(arg, doc)
            else:
                m = bt._SEND_URL.match(arg)
                host = wt.code_target(m.group(1), what, doc) if m else None
            if host:
                self.block("exfiltration", wt.leak_message(what, host), node)
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
        elif name == "delete" and fn is not None and fn.type == "attribute" and b"tableauserverclient" in data:
            obj = fn.child_by_field_name("object")
            if obj is not None and _TABLEAU_ITEMS.search(self.src(obj)):
                self.review("irreversible", f"`{self.src(fn)}(…)` deletes the item from Tableau (with what depends on "
                                            "it), with no undo; let the user run it, after a backup", node)

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
