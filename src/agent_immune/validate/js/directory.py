"""Legacy enterprise systems from TypeScript (session 29): Oracle through node-oracledb, IBM MQ's REST API, LDAP
clients (ldapts, ldapjs), SFTP (ssh2-sftp-client), SAML settings and JSP pages written.

As python/directory.py, the texts read by directory_tables.py. Blocked:
- SQL `conn.execute` runs that makes an administrator with a password the script chose, switches the audit trail off
  or reads the password hashes;
- MQSC commands posted to MQ's REST API (`…/ibmmq/rest/…/mqsc`) that switch channel security off or run a channel
  as `mqm`;
- a JSP web shell written; a SAML configuration written with its signature checks off
  (`wantAssertionsSigned = false`);
- a request to a bare public address or a drop service from a script that searched the directory; files copied from
  one SFTP server to another at a bare public address.
- a middleware taking a debug or impersonation header (`req.header("X-…-Debug-User")`, Fastify's
  `request.headers[…]`) as the signed-in user, or skipping the sign-in check that follows when it is sent (held when
  a development setting guards it);
Allowed: a header read for logging, a request id or a proxy's user header, one handed beside the user, a cache's or
a rate limiter's bypass header; a test fixture written with a check off (`test/fixtures/…`), a SAML option set in code and not written.
Reviewed `irreversible`: a schema or tablespace dropped, MQ queues cleared or deleted through the REST API, directory
entries deleted (`client.del`), an SFTP folder removed with everything under it (`rmdir(path, true)`).
"""
from __future__ import annotations

import re
import threading

from .. import brokers_tables as bt
from .. import directory_tables as dt
from ..hosts import public_ip, url_host
from ..per_input import decoded, holds, in_input
from ..scraping_tables import stranger_sink

_NAMES = frozenset({"execute", "executeMany", "fetch", "writeFileSync", "writeFile", "del", "rmdir", "put",
                    "fastPut", "post"})
_LDAP = re.compile(rb"""from\s+["'](?:ldapts|ldapjs)["']|require\(\s*["'](?:ldapts|ldapjs)["']""")
_ORACLE = re.compile(rb"oracledb")
_SEARCH = re.compile(rb"\.search\s*\(")
_MQ_REST = re.compile(rb"/ibmmq/rest/")
# a fixture of a test suite: a bad configuration written on purpose, for the code under test to refuse
_FIXTURE = re.compile(r"(?i)(?:^|[/'\"`])(?:tests?|__tests__|spec|fixtures?|mocks?|testdata)/")
_NAME = re.compile(r"[A-Za-z_$][\w$]{0,60}")


# the analysis that last asked header_user, per thread (not an attribute of the analysis: its instances keep their
# attributes few, test_code_api.test_analysis_attributes_stay_shared)
_HEADER_ASKED = threading.local()


class Directory:
    def visit_directory(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None:
            return
        self._directory_header_user(node)
        if name not in _NAMES:
            return
        data = self.doc.data
        if name in ("execute", "executeMany"):
            if not args or not in_input(_ORACLE, data):
                return
            # the statement's value (`'NOAUDIT ALL'`, a constant holding it): its quotes are not SQL literals
            sql = self.string(args[0])
            found = sorted(dt.oracle_sql(sql if sql is not None else self.src(args[0])), key=lambda f: f[0] != "block")
            if found and found[0][0] == "review":
                # the user created by an earlier statement of the script (`CREATE USER x IDENTIFIED BY "…"`)
                found = [f] if (f := dt.script_sql_block(decoded(data))) else found
            if found:
                self.report(found[0], node)
        elif name == "fetch" or name == "post":
            self._directory_request(node, args)
        elif name in ("writeFileSync", "writeFile"):
            self._directory_written(node, args)
        elif name == "rmdir" and holds(data, b"ssh2-sftp-client") and len(args) > 1 and self.src(args[1]) == "true":
            self.review("irreversible", f"`rmdir({self.src(args[0])}, true)` removes the folder on the SFTP server with "
                                        "everything under it, with no undo; let the user run it", node)
        elif name in ("put", "fastPut") and holds(data, b"ssh2-sftp-client"):
            far = [ip for ip in dt.bare_ips(decoded(data)) if public_ip(ip)]
            if far and data.count(b".connect(") >= 2:
                self.block("exfiltration", f"the script copies files from one SFTP server to {far[0]}, a bare "
                                           "address outside the organisation's network; send transfers only to the "
                                           "partners' known hosts", node)

    def _directory_header_user(self, node) -> None:
        """A middleware taking a debug or impersonation header as the signed-in user (directory_tables.header_user),
        reported once, at the top of the file."""
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

    def _directory_written(self, node, args: list) -> None:
        data = self.doc.data
        if len(args) < 2:
            return
        found = dt.written_finding(decoded(data)) if holds(data, b"<%") else None
        if found is not None and found[0] == "persistence":
            self.block("persistence", "the script writes a JSP page that runs the commands a request carries: a "
                                      "web shell on the application server; agents must not plant remote access",
                       node)
            return
        if _FIXTURE.search(self.src(args[0])):
            return
        body = self.src(args[1])
        m = dt.SAML_OFF.search(body)
        if m is None and holds(data, b"false"):
            # a settings object built earlier and written here (`c.wantAuthnResponseSigned = false; …
            # writeFileSync(p, JSON.stringify(c))`): a line switching a check off that names what is written
            names = set(_NAME.findall(body)) - {"JSON", "stringify", "null"}
            for line in decoded(data).splitlines():
                if (hit := dt.SAML_OFF.search(line)) and names & set(_NAME.findall(line[:hit.start()])):
                    m = hit
                    break
        if m is not None:
            self.block("permission-tamper", f"the script writes a SAML configuration with `{m.group(0)}`: the "
                                            "app then accepts assertions nobody signed, so anyone can sign in as "
                                            "anyone; keep signature checks on", node)

    def _directory_request(self, node, args: list) -> None:
        if not args:
            return
        data = self.doc.data
        url = self.src(args[0])
        if in_input(_MQ_REST, data) and "mqsc" in url:
            found = sorted(dt.mqsc(decoded(data)), key=lambda f: f[0] != "block")
            if found:
                self.report(found[0], node)
            return
        if in_input(_LDAP, data) and in_input(_SEARCH, data):
            m = bt._SEND_URL.match(url)
            host = url_host(m.group(1).strip("\"'`")) if m else None
            # a bare address or a drop service: a chat or a tracker the team uses gets counts and reports
            if host and stranger_sink(host):
                self.block("exfiltration", f"the script searches the directory and sends what it found to {host}, a "
                                           "host outside the organisation's network; keep directory data where it "
                                           "is", node)
