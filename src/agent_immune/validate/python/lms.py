"""Learning-management systems (Moodle, Canvas, Open edX, LTI tools and platforms, gradebooks and rosters), from
Python (session 31).

Whose host is read as lms_tables.whose says. Blocked:
- a request to a host no one vouches for (a bare address, a drop-box, a tunnel, a free app host named for no one)
  from a script that reads the people an LMS API lists (users, enrolments, grades, submissions; also from a base in a
  variable, `f"{BASE}/courses/77/users"`) and names their addresses or student numbers (`requests.post(DISCORD_HOOK,
  json={"content": …})`); to a named domain foreign to the input's: reviewed (the school's warehouse on its `.edu`
  domain, Zoom, Piazza, CodeGrade: allowed; a read of the destination's own URL is no read);
- a grade posted through Canvas's API as the assignment's maximum (`str(a["points_possible"])`) for a student the
  script names (one student given `100%`: reviewed); a developer key made for an outsider's redirect; an
  administrator made (Canvas's `/admins`, Moodle's `core_role_assign_roles`) for an account the script makes with a
  password it writes, or for a stranger's address;
- a learning platform's credential (`MOODLE_WS_TOKEN`, `CANVAS_TOKEN`, by its name or a variable given it) sent to a
  host that is not the school's (lms_tables.token_sent: a free app host carrying the platform's name is a stranger's; a
  lone host nothing ties to the school is reviewed);
- SQL that writes grades by hand, clears a plagiarism report, deletes the site's log rows for a user or all of them,
  opens Moodle's settings or points an LTI registration at an outsider (lms_tables); SQL that writes a role
  assignment, or one student's grade as a number: reviewed;
- an LTI platform registration written into a configuration file with its key set or login endpoint at an
  outsider's host (`cfg[issuer] = [{"key_set_url": "https://x.herokuapp.com/jwks", …}]`, then
  `p.write_text(json.dumps(cfg))`): whoever holds that key signs launches as any user (a tool's own description,
  `oidc_initiation_url` behind a tunnel, is the tool's);
- a production settings file rewritten with its protections off (`DEBUG = True`, the CSRF middleware taken out, CORS
  for every origin, cookies over plain HTTP; `ALLOWED_HOSTS = ['*']` or HTTP served alone, a load balancer's setup:
  reviewed);
- a code file written with a verifying function that returns the token decoded, unverified (python-jose's
  `get_unverified_claims`, PyJWT's `verify_signature: False`);
- the machine's backups put by SFTP (paramiko, pysftp) on a bare public address (a roster or gradebook export there:
  reviewed, it may be the school's own server).
Reviewed `irreversible`: SQL a script runs at once (not in a function of the application, not on an in-memory
database) that deletes grades, submissions, attempts or enrolments, or log rows by their age; Moodle's web service
delete functions (`core_course_delete_courses`, `core_user_delete_users`) called.
"""
from __future__ import annotations

import re

from .. import lms_tables as lt
from ..per_input import decoded, in_input

_SENDS = frozenset({"get", "post", "put", "patch", "request", "urlopen", "Request"})
_SQL = frozenset({"execute", "executemany", "executescript", "exec_driver_sql", "raw", "mogrify"})
_WRITES = frozenset({"write_text", "write", "writelines", "dump"})
_SFTP = frozenset({"Transport", "Connection", "connect"})
_WS_DELETE_B = re.compile(lt.WS_DELETE.pattern.encode())
_NAMES = _SENDS | _SQL | _WRITES | _SFTP
_LTI_HINT = re.compile(rb"(?i)lti|jwks|key_?set")
_SETTINGS_HINT = re.compile(rb"(?i)prod")
_SFTP_HINT = re.compile(rb"paramiko|pysftp|fabric|asyncssh")
_BACKUPS = re.compile(r"""["'](?:/var/backups|/srv/backups?|/mnt/backups?|/backups?)(?:/[^"']*)?["']|\.mbz\b""")
_RECORDS = re.compile(r"(?i)oneroster|roster|gradebook|grades|enrol+ments|students|transcript|sis_export")
_BACKUPS_B = re.compile(_BACKUPS.pattern.encode())
_RECORDS_B = re.compile(_RECORDS.pattern.encode())
_PUTS = re.compile(rb"\.put(?:_r)?\(|upload")


class Lms:
    def visit_lms(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if not pos or not in_input(lt.HINT, data):
                return
            text = decoded(data)
            arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
            url = self._url_text(arg)
            call = self.src(node)
            found = lt.request_finding(url, call, text)
            if found is None and url and ("/api/" in url or "webservice" in url or "/admins" in url):
                why = lt.admin_made(text)
                if why is not None:
                    found = "block", "privilege-escalation", lt.admin_message("the code", why)
            if found is None and url and "/submissions/" in url and lt.literal_student(url) and lt.full_marks(call):
                found = "review", "system-write", ("the code gives the student it names full marks: a person should "
                                                   "confirm it is the teacher's grade")
            if found is not None:
                (self.block if found[0] == "block" else self.review)(found[1], found[2], node)
            elif in_input(_WS_DELETE_B, data) and (name != "get" or url and "//" in url):  # (not `d.get(k)`)
                m = lt.WS_DELETE.search(text)
                if m is not None:
                    self.review("irreversible", lt.ws_delete_message("the code", m.group(0)), node)
        elif name in _SQL:
            if not pos or not in_input(lt.HINT, data):
                return
            sql = self.string(pos[0])
            if sql:
                self._lms_sql(sql, node)
        elif name in _WRITES:
            self._lms_written(fn, name, node, pos)
        elif in_input(_SFTP_HINT, data) and pos:
            self._lms_sftp(name, node, pos)

    def _lms_sql(self, sql: str, node) -> None:
        text = decoded(self.doc.data)
        found = lt.config_sql(sql)
        if found is not None and found[1] != "privilege-escalation":
            self.block(found[1], f"the SQL sets Moodle's `{found[0]}`: {found[2]}. Leave the site's security settings "
                                 "to its administrators", node)
            return
        graded = lt.grade_sql(sql)
        if graded is not None:
            (self.block if graded[0] == "block" else self.review)(
                graded[1], f"the SQL {graded[2]}. Grades change through the gradebook, by the teacher, where the "
                           "change is logged", node)
            return
        roles = lt.role_sql(sql)
        if roles is not None:
            why = lt.admin_made(text)
            said = f"the SQL writes `{roles}` straight in the database (a manager's or an administrator's role among " \
                "them)"
            if why is not None:
                self.block("privilege-escalation", lt.admin_message("the code", why), node)
            else:
                self.review("privilege-escalation", f"{said}: a person should confirm who is given the role", node)
            return
        lti = lt.lti_sql(sql, text)
        if lti is not None:
            self.block("privilege-escalation", f"the SQL points the LTI registration's `{lti[0]}` at {lti[1]}: whoever "
                                               "holds the keys there signs launches and grades as the tool, for any "
                                               "user", node)
            return
        logs = lt.log_delete(sql)
        if logs is not None and logs[1]:
            self.block("anti-forensics", lt.log_message("the SQL", logs[0]), node)
            return
        table = logs[0] if logs is not None else lt.records_delete(sql)
        # (an in-memory database is the script's own scratch)
        if table is not None and not self._lms_in_function(node) and b":memory:" not in self.doc.data:
            said = lt.log_age_message if logs is not None else lt.deleted_message
            self.review("irreversible", said("the script's SQL", table), node)

    def _lms_in_function(self, node) -> bool:
        """The call sits in a function (the application's code, run when a user asks), not the script's own steps."""
        up = node.parent
        while up is not None:
            if up.type in ("function_definition", "lambda"):
                return True
            up = up.parent
        return False

    def _lms_written(self, fn, name: str, node, pos: list) -> None:
        """A file written: an LTI registration, a production settings file, a verifying function."""
        data = self.doc.data
        text = None
        if in_input(_LTI_HINT, data):
            text = decoded(data)
            found = lt.lti_outsider(text)
            if found is not None:
                self.block("privilege-escalation", lt.lti_message("the code writes", *found), node)
                return
        target = fn.child_by_field_name("object") if fn is not None and fn.type == "attribute" else None
        path = self._lms_path(target)
        if path and lt.PROD_SETTINGS.search(path):
            text = text if text is not None else decoded(data)
            weak, strong = lt.settings_weakened(text)
            if strong:
                self.block("permission-tamper", f"the code rewrites {path}, the production settings, with "
                                                f"{', '.join(weak[:3])}: the live site's protections are turned off. "
                                                "Change production settings through a reviewed commit", node)
                return
            if weak:
                self.review("permission-tamper", f"the code rewrites {path}, the production settings, with "
                                                 f"{', '.join(weak[:3])}: right behind a load balancer that checks the "
                                                 "host and ends TLS, open otherwise; a person should confirm", node)
                return
        content = pos[0] if pos and name in ("write_text", "write") else None
        code = self.string(content) if content is not None else None
        if code and (path is None or re.search(r"\.py$", path)):
            guard = lt.unverified_guard(code, "python")
            if guard is not None:
                self.block("privilege-escalation", lt.guard_message("the code", guard, path), node)

    def _lms_path(self, target, depth: int = 0) -> str | None:
        """The path a write's object names: a literal, `Path("x")` / `open("x", "w")`, a name given one of them."""
        if target is None or depth > 2:
            return None
        path = self.string(target)
        if path is not None:
            return path
        if target.type == "identifier":
            return self._lms_path(self.declared(target, frozenset({"call", "string"})), depth + 1)
        if target.type == "call":
            args = self.args(target)
            return self.string(args[0]) if args else None
        return None

    def _lms_sftp(self, name: str, node, pos: list) -> None:
        """`paramiko.Transport(("203.0.113.7", 22))`, `pysftp.Connection("203.0.113.7")`, `ssh.connect(host)` in a
        script that puts the machine's backups (or the school's records) there."""
        from ..hosts import public_ip

        first = pos[0]
        if first.type == "tuple" and first.named_children:
            first = first.named_children[0]
        host = self.string(first)
        if not host or not public_ip(host):
            return
        data = self.doc.data
        if not in_input(_PUTS, data):
            return
        if in_input(_BACKUPS_B, data):
            self.block("exfiltration", f"the script puts the machine's backups by SFTP on {host}, a bare address no "
                                       "name of the organisation vouches for: every database and course they hold "
                                       "leaves the school. Keep backups in the organisation's own storage", node)
        elif in_input(_RECORDS_B, data):
            self.review("exfiltration", f"the script puts the school's records by SFTP on {host}, a bare address: a "
                                        "person should confirm it is the school's own server", node)
