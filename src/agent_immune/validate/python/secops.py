"""DevSecOps (scanners' ignore files, SIEM rules and findings, security agents, log retention), from Python (session
29). What the texts say is read by secops_tables; bash/secops.py judges the same acts from the shell.

Blocked:
- a scanner's ignore file written with an entry that matches everything (`Path(".semgrepignore").write_text("*")`),
  or filled by a script that runs the scanner and writes what it computed from the findings (`ids = {v
  ["VulnerabilityID"] …}` then `open(".trivyignore", "a").write(…)`) (rule `permission-tamper`);
- detection rules turned off or findings dismissed, suppressed or marked false positives by requests sent in a loop
  (`for al in alerts: s.patch(…/code-scanning/alerts/N, json={"state": "dismissed", …})`, Dependency-Track's
  `analysisState: FALSE_POSITIVE, suppressed: True` for each finding); a Wazuh rule set to level 0 through its API
  (rule `anti-forensics`);
- an Elasticsearch superuser made with a password written in the code (`put_user`, `_security/user`); a SonarQube
  quality gate created with no condition and made the default; a security agent's DaemonSet deleted
  (`delete_namespaced_daemon_set(name="falco", …)`).
Reviewed `irreversible`: an index lifecycle whose delete phase starts within a day (`es.ilm.put_lifecycle`, a PUT to
`_ilm/policy`), a CloudWatch log group's retention cut to a week or less (`put_retention_policy`), Velociraptor's
`hunt_delete(…, really_do_it=TRUE)` sent through pyvelociraptor (`VQLRequest(VQL=…)`; `subprocess` runs of
`velociraptor query` are judged as the shell command).
One rule disabled or one finding dismissed (no loop), an ignore entry for one CVE, a report read, a scan uploaded to
the organisation's own tracker stay allowed.
"""
from __future__ import annotations

import re

from .. import secops_tables as st
from ..per_input import in_input

_SENDS = frozenset({"post", "put", "patch", "delete", "request", "urlopen", "Request"})
_WRITES = frozenset({"write", "write_text", "writelines"})
_CLIENT = frozenset({"put_retention_policy", "put_lifecycle", "put_user", "delete_namespaced_daemon_set",
                     "delete_namespaced_deployment", "delete_namespace", "open", "VQLRequest"})
_NAMES = _SENDS | _WRITES | _CLIENT
_HINT = re.compile(rb"detection_engine|security_monitoring|alerting|alertRules|saved/searches|rules/files|alerts|"
                   rb"analysis|findings?\b|do_transition|change_status|ignore|_security/user|_ilm|_ism|qualitygates|"
                   rb"vulnerabilit")
_IGNORE_B = re.compile(st.WRITE_TARGET.encode())
# a scanner run by the script (its name as an argument of a process call)
_SCANNER_RUN = re.compile(rb"""["'](?:""" + "|".join(re.escape(s) for s in sorted(st.SCANNERS)).encode() +
                          rb""")["']""")
# what a request's body or a client's arguments are built from before the call
_VALUES = frozenset({"dictionary", "string", "concatenated_string", "list", "call"})
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "set_comprehension",
                    "generator_expression", "dictionary_comprehension"})
_AGENTS_B = re.compile(rb"falco|wazuh|osquery|tetragon|tracee|sysdig|crowdstrike|falcon|sentinel|datadog|elastic-agent|"
                       rb"filebeat|fluent|auditbeat|kube-bench|trivy|kyverno|gatekeeper")


_LITERALS = frozenset({"list", "tuple", "set"})


def in_loop(node) -> bool:
    """The call is run once per item of a listing: in a loop or comprehension over anything but items written out
    (`for n in (12, 14)`: a handful the user named). A function's own body ends the search."""
    up = node.parent
    while up is not None:
        if up.type in _LOOPS:
            right = up.child_by_field_name("right")
            if right is None and up.type != "while_statement":
                clause = next((c for c in up.named_children if c.type == "for_in_clause"), None)
                right = clause.child_by_field_name("right") if clause is not None else None
            if right is None or right.type not in _LITERALS:
                return True
        if up.type in ("function_definition", "lambda", "module"):
            return False
        up = up.parent
    return False


class Secops:
    def visit_secops(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name == "open":
            self._secops_opened(node, pos)
        elif name in _WRITES:
            if in_input(_IGNORE_B, data):
                self._secops_written(fn, name, node, pos)
        elif name in _SENDS:
            if pos and in_input(_HINT, data):
                self._secops_request(name, node, pos)
        elif name == "put_retention_policy":
            days = self.kwarg(node, "retentionInDays")
            n = self.src(days) if days is not None else ""
            if n.isdigit() and int(n) <= st.SHORT_RETENTION_DAYS:
                self.review("irreversible", st.retention_message("the code", int(n)), node)
        elif name == "put_lifecycle":
            age = st.ilm_delete_age(self.text_with_names(node, _VALUES))
            if age:
                self.review("irreversible", st.ilm_message("the code", age), node)
        elif name == "VQLRequest":  # pyvelociraptor's query, as `velociraptor query` takes it
            fn_name = st.vql_delete(self.text_with_names(node, _VALUES))
            if fn_name:
                self.review("irreversible", st.vql_message("the code", fn_name), node)
        elif name == "put_user":
            role = st.literal_superuser(self.text_with_names(node, _VALUES))
            if role and st.remote_cluster(self.doc.data):
                self.block("privilege-escalation", st.superuser_message("the code", role), node)
        elif in_input(_AGENTS_B, data):
            self._secops_agent_deleted(name, node, pos)

    # -- requests ------------------------------------------------------------------------------------------------
    def _secops_request(self, name: str, node, pos: list) -> None:
        arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
        url = self._url_text(arg)
        if not url or "/" not in url:
            return
        method = {"post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}.get(name)
        if method is None and name == "request":
            method = (self.string(pos[0]) or "").upper()
        call = self.text_with_names(node, _VALUES)  # (`json=payload`, the payload built before the call)
        path = url.split("?", 1)[0]
        if method in ("POST", "PUT", "PATCH", "DELETE") and st.RULES_PATH.search(path):
            rid = st.input_silenced(self.doc.data) if "/rules/files/" in path else None
            if rid is not None:
                self.block("anti-forensics", st.wazuh_message("the code", rid), node)
                return
            what = st.disables(path + "\n" + call) or ("DELETE" if method == "DELETE" else None)
            if what and (st.bulk_all(path, call) or in_loop(node)):
                self.block("anti-forensics", st.rules_message("the code", what), node)
                return
        if method in ("POST", "PUT", "PATCH") and st.FINDINGS_PATH.search(path):
            what = st.dismisses(call)
            if what and in_loop(node):
                self.block("anti-forensics", st.findings_message("the code", what), node)
                return
        if method in ("POST", "PUT") and "/_security/user/" in path and (role := st.literal_superuser(call)) and \
                st.remote_cluster(self.doc.data):
            self.block("privilege-escalation", st.superuser_message("the code", role), node)
        elif method in ("POST", "PUT") and ("/_ilm/policy/" in path or "/_ism/policies/" in path) and \
                (age := st.ilm_delete_age(call)):
            self.review("irreversible", st.ilm_message("the code", age), node)
        elif method == "POST" and st.GATE_DEFAULT.search(path) and \
                st.empty_gate(self.doc.data):
            self.block("permission-tamper", st.gate_message("the code"), node)

    # -- ignore files ----------------------------------------------------------------------------------------------
    def _secops_opened(self, node, pos: list) -> None:
        """`with open(".trivyignore", "a") as fh`: the name the file is written through."""
        if not pos or not in_input(_IGNORE_B, self.doc.data):
            return
        path = self.string(pos[0])
        mode = self.string(pos[1]) if len(pos) > 1 else self.string(self.kwarg(node, "mode")) \
            if self.kwarg(node, "mode") is not None else "r"
        if not st.ignore_file(path) or not mode or not set(mode) & set("wax"):
            return
        up = node.parent
        alias = None
        if up is not None and up.type == "as_pattern":
            target = up.child_by_field_name("alias")
            alias = self.src(target).strip() if target is not None else None
        elif up is not None and up.type == "assignment":
            left = up.child_by_field_name("left")
            alias = self.src(left) if left is not None and left.type == "identifier" else None
        if alias:
            opened = getattr(self, "_secops_files", None)
            if opened is None:
                opened = self._secops_files = {}
            opened[alias] = path

    def _secops_path(self, fn) -> str | None:
        target = fn.child_by_field_name("object") if fn is not None and fn.type == "attribute" else None
        if target is None:
            return None
        if target.type == "identifier":
            opened = getattr(self, "_secops_files", None) or {}
            if self.src(target) in opened:
                return opened[self.src(target)]
            made = self.declared(target, frozenset({"call", "string"}))
            target = made if made is not None else target
        path = self.string(target)
        if path is None and target.type == "call":
            args = self.args(target)
            path = self.string(args[0]) if args else None
        return path

    def _secops_written(self, fn, name: str, node, pos: list) -> None:
        path = self._secops_path(fn)
        if not st.ignore_file(path) or not pos:
            return
        text = self.string(pos[0])
        entry = st.catch_all(path, text)  # type: ignore[arg-type]
        if entry is not None:
            self.block("permission-tamper", st.ignore_message("the code writes", path, entry), node)  # type: ignore
            return
        data = self.doc.data
        if text is None and in_input(_SCANNER_RUN, data) and st.report_ids(data):
            self.block("permission-tamper", st.wholesale_message("the code writes", path, "of the scanner it runs"),
                       node)  # type: ignore[arg-type]

    # -- a security agent's workload deleted ------------------------------------------------------------------------
    def _secops_agent_deleted(self, name: str, node, pos: list) -> None:
        from ..bash.system import _security_unit

        arg = self.kwarg(node, "name")
        named = self.string(arg) if arg is not None else self.string(pos[0]) if pos else None
        if named and _security_unit(named):
            self.block("system-disruption", f"`{name}` takes the cluster's security monitor {named} off its nodes (it "
                                            "watches them for intrusions and reports them); leave it running, and tune "
                                            "its rules if it is too noisy", node)
