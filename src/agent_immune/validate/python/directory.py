"""Legacy enterprise systems from Python (session 29): Oracle through oracledb/cx_Oracle, IBM MQ through pymqi,
Tomcat's files, SFTP transfers with paramiko.

As bash/directory.py, the texts read by directory_tables.py. Blocked:
- SQL a cursor runs that makes an administrator whose password the script chose (`CREATE USER … IDENTIFIED BY
  "literal"` + `GRANT DBA`), switches the audit trail off or reads the password hashes;
- Tomcat's users file given a manager-role user with a literal password, the manager's RemoteAddrValve removed, a
  JSP web shell written;
- a request to a bare public address or a drop service from a script that reads an MQ queue's messages
  (`Queue.get`), rows of an Oracle database or directory entries: what it read is what it sends (a SaaS the team
  uses, a tracker or a chat, gets its reports);
- files copied from one SFTP server to another at a bare public address;
- a view or middleware taking a debug or impersonation header (`request.headers.get("X-Debug-User")`) as the
  signed-in user (`g.user = …`, `login_user(…)`, `session['user_id'] = …`; held when a development setting guards
  it); a header handed beside the user (`load(uid, debug=d)`) is not that;
- a WLST (Jython) script decrypting the WebLogic domain's stored passwords and printing or sending them (held
  when it only logs in with them).
Reviewed `irreversible`: a schema or tablespace dropped, an MQ queue cleared or deleted through PCF
(`MQCMD_CLEAR_Q`, `MQCMD_DELETE_Q`).
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from .. import brokers_tables as bt
from .. import directory_tables as dt
from ..hosts import public_ip, url_host
from ..per_input import decoded, holds, in_input
from ..scraping_tables import stranger_sink

_SQL_RUNS = frozenset({"execute", "executemany", "callproc", "execute_async"})
_PCF_LOSSES = {"MQCMD_CLEAR_Q": "clears the queue (every message on it)",
               "MQCMD_DELETE_Q": "deletes the queue with its messages",
               "MQCMD_CLEAR_TOPIC_STRING": "clears the retained publications of the topic"}
_WRITES = frozenset({"write_text", "write", "write_bytes"})
_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_COPIES = frozenset({"putfo", "put"})
_NAMES = _SQL_RUNS | frozenset(_PCF_LOSSES) | _WRITES | _SENDS | _COPIES
# WebLogic's decryption of the domain's stored passwords (directory_tables.wls_decrypt)
_WLS = re.compile(rb"ClearOrEncryptedService|getEncryptionService|SerializedSystemIni")
_ORACLE = re.compile(rb"\b(?:oracledb|cx_Oracle)\b")
_CONTEXT = re.compile(rb"context\.xml")
# what a script read from the systems above, before it sends it
_READS = ((re.compile(rb"\bpymqi\b"), re.compile(rb"\.get\s*\("), "the messages of an MQ queue"),
          (_ORACLE, re.compile(rb"(?i)\bselect\b[^\n]{0,300}?\bfrom\b"), "rows of the Oracle database"),
          (re.compile(rb"\bldap3\b"), re.compile(rb"\.search\s*\("), "entries of the directory"))


@lru_cache(maxsize=8)
def _read(data: bytes) -> str | None:
    """What the script reads from a queue, a database or a directory (searched once per input)."""
    return next((w for lib, read, w in _READS if lib.search(data) and read.search(data)), None)


# the analysis that last asked header_user, per thread (not an attribute of the analysis: its instances keep their
# attributes few, test_code_api.test_analysis_attributes_stay_shared)
_HEADER_ASKED = threading.local()


class Directory:
    def visit_directory(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None:
            return
        self._directory_header_user(node)
        if name == "decrypt" and in_input(_WLS, self.doc.data):
            self.report(dt.wls_decrypt(decoded(self.doc.data)), node)
        if name not in _NAMES:
            return
        data = self.doc.data
        if name in _SQL_RUNS:
            if not pos or not in_input(_ORACLE, data):
                return
            sql = self.string(pos[0]) or self.src(pos[0])
            found = sorted(dt.oracle_sql(sql), key=lambda f: f[0] != "block")
            if not found or found[0][0] == "review":
                # the user created, or the statement built, elsewhere in the script (`CREATE USER x IDENTIFIED BY …`)
                found = [f] if (f := dt.script_sql_block(decoded(data))) else found
            if found:
                self.report(found[0], node)
        elif name in _PCF_LOSSES:
            self.review("irreversible", f"`{name}` {_PCF_LOSSES[name]}, with no undo; browse or copy the messages "
                                        "first and let the user run it", node)
        elif name in _WRITES:
            self._directory_written(node)
        elif name in _SENDS:
            self._directory_sent(name, node, pos)
        elif name in _COPIES and holds(data, b"SFTPClient"):
            far = [ip for ip in dt.bare_ips(decoded(data)) if public_ip(ip)]
            if far and data.count(b"connect(") + data.count(b"Transport(") >= 2:
                self.block("exfiltration", f"the script copies files from one SFTP server to {far[0]}, a bare "
                                           "address outside the organisation's network; send transfers only to the "
                                           "partners' known hosts", node)

    def _directory_header_user(self, node) -> None:
        """A view or middleware taking a debug or impersonation header as the signed-in user, reported once, at the
        top of the file."""
        data = self.doc.data
        asked = getattr(_HEADER_ASKED, "by", None)
        if asked is not None and asked[0] is self and asked[1] is self.doc:
            return  # (asked of the whole text: once per document, at its first call)
        _HEADER_ASKED.by = (self, self.doc)
        if not in_input(dt.HEADER_HINT, data) or (found := dt.header_user_finding(decoded(data))) is None:
            return
        while node.parent is not None:
            node = node.parent
        self.report(found, node)

    def _directory_written(self, node) -> None:
        data = self.doc.data
        found = dt.written_finding(decoded(data)) if holds(data, b"<%") or holds(data, b"tomcat-users") else None
        if found is not None and found[0] == "persistence":
            self.block("persistence", "the script writes a JSP page that runs the commands a request carries: a web "
                                      "shell on the application server; agents must not plant remote access", node)
        elif found is not None:
            self.block("privilege-escalation", f"the script writes {found[1]} (which deploys code) with a password "
                                               "the agent knows; let the user create administrators", node)
        elif in_input(_CONTEXT, data) and dt.valve_dropped_by_code(decoded(data)):
            # (judged by what the replacement removes: a subnet added to the valve's allow list keeps it)
            self.block("permission-tamper", "the script removes the RemoteAddrValve that keeps Tomcat's manager to "
                                            "this machine (or opens it to every address): the manager (which "
                                            "deploys code) answers every network; keep it", node)

    def _directory_sent(self, name: str, node, pos: list) -> None:
        data = self.doc.data
        what = _read(data)
        if what is None or not pos:
            return
        arg = self.src(pos[1] if name == "request" and len(pos) > 1 else pos[0])
        m = bt._SEND_URL.match(arg)
        host = url_host(m.group(1).strip("\"'")) if m else None
        # a bare address or a drop service: a SaaS the team uses (an issue tracker, chat) is ordinary reporting
        if host and stranger_sink(host):
            self.block("exfiltration", f"the script reads {what} and sends them to {host}, a host outside the "
                                       "organisation's network; keep them where they are", node)
