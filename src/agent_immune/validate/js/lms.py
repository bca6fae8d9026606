"""Learning-management systems (Moodle, Canvas, Open edX, LTI tools and platforms, gradebooks and rosters), from
TypeScript (session 31).

As python/lms.py: a request (`fetch`, axios, got) to a host no one vouches for from code that reads the people an
LMS API lists and names their addresses (to a named domain foreign to the input's: reviewed); a grade posted as the
assignment's maximum for a student the code names; a developer key for an outsider's redirect; an administrator made
(Canvas's `/admins`, Moodle's `core_role_assign_roles`) for an account the code makes with a password it writes or for
a stranger's address; SQL that writes grades by hand, clears a plagiarism report, opens Moodle's settings or points an
LTI registration at an outsider; an LTI platform registration written or registered (`writeFileSync`, ltijs's
`registerPlatform`) with its key set or login endpoint at an outsider's host; a code file written with a verifying
function that returns the token decoded, its signature never checked (`return decodeJwt<JWTPayload>(idToken)` in
`verifyLaunch`, or a name it assigned the decode to); a learning platform's credential sent to a host that is not the
school's (a lone host nothing ties to the school: reviewed); the site's log rows deleted for a user or all of them:
all blocked. SQL the script runs at once (not inside a function of the application) that deletes grades,
submissions, attempts or enrolments, and Moodle's web service delete functions called: reviewed `irreversible`; SQL
that writes a role assignment or one student's grade as a number, one student given full marks: reviewed.
"""
from __future__ import annotations

import re

from .. import lms_tables as lt
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "get", "post", "put", "patch", "request", "got", "axios"})
_SQL = frozenset({"query", "execute", "raw", "$executeRawUnsafe", "$executeRaw", "$queryRawUnsafe", "unsafe", "exec"})
_WRITES = frozenset({"writeFileSync", "writeFile", "registerPlatform", "outputFileSync", "outputFile"})
_WS_DELETE_B = re.compile(lt.WS_DELETE.pattern.encode())
_NAMES = _SENDS | _SQL | _WRITES
_LTI_HINT = re.compile(rb"(?i)lti|jwks|key_?set|registerPlatform")
_GUARD_HINT = re.compile(rb"(?i)decodeJwt|jwtDecode|jwt_decode|\.decode\(")
_SUBST = re.compile(r"\$\{[^{}]{0,200}\}")
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                        "generator_function_declaration", "function"})


class Lms:
    def visit_lms(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not args:
            return
        data = self.doc.data
        if name in _SENDS:
            if not in_input(lt.HINT, data):
                return
            text = decoded(data)
            url = self._lms_url(args[0])
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
            if not in_input(lt.HINT, data):
                return
            sql = self.string(args[0])
            if sql is None and args[0].type == "template_string":
                sql = _SUBST.sub("?", self.src(args[0])[1:-1])
            if sql:
                self._lms_sql(sql, node)
        else:
            self._lms_written(name, node, args)

    def _lms_url(self, node) -> str | None:
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "identifier":
            made = self.declared(node, frozenset({"string", "template_string"}))
            if made is None:
                return None
            node = made
            v = self.string(node)
            if v is not None:
                return v
        if node.type == "template_string":
            return _SUBST.sub("\x00", self.src(node)[1:-1])
        return None

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
        up = node.parent
        while up is not None:
            if up.type in _FUNCTIONS:
                return True
            up = up.parent
        return False

    def _lms_written(self, name: str, node, args: list) -> None:
        """A file written (or a platform registered): an LTI registration, a verifying function."""
        data = self.doc.data
        if in_input(_LTI_HINT, data):
            text = decoded(data)
            found = lt.lti_outsider(text)
            if found is not None:
                self.block("privilege-escalation", lt.lti_message("the code writes", *found), node)
                return
        if name == "registerPlatform" or len(args) < 2 or not in_input(_GUARD_HINT, data):
            return
        path = self.string(args[0])
        from ..source_patch import CODE_FILE

        if path is not None and not CODE_FILE.search(path):
            return
        content = args[1]
        code = self.string(content)
        if code is None and content.type in ("template_string", "string"):
            code = self.src(content)[1:-1]
        if code is None:
            return
        guard = lt.unverified_guard(code.replace("\\n", "\n"), "typescript")
        if guard is not None:
            self.block("privilege-escalation", lt.guard_message("the code", guard, path), node)
