"""DevSecOps (scanners' ignore files, SIEM rules and findings, security agents, log retention), from TypeScript
(session 29). As python/secops.py, with the texts read by secops_tables:

Blocked: a scanner's ignore file written with an entry that matches everything, or filled by code that runs the
scanner (`execFileSync("trivy", …)`) and writes what it computed from the findings; detection rules turned off
(`isEnabled: false`, Kibana's `_bulk_action` with `action: "disable"`) or findings dismissed (`state: "dismissed"`,
Octokit's `PATCH /repos/{owner}/{repo}/dependabot/alerts/{alert_number}`, `codeScanning.updateAlert`) for every item
of a listing (a `for` loop, `forEach`/`map`, `ids: data.map(…)`) (rule `anti-forensics`); an Elasticsearch superuser
made with a password written in the code (`es.security.putUser`); a security agent's DaemonSet deleted
(`deleteNamespacedDaemonSet({ name: "falco", … })`); every Kyverno policy of a listing switched to `Audit` or its
webhook to `failurePolicy: Ignore` (rule `permission-tamper`).
Reviewed `irreversible`: an index lifecycle whose delete phase starts within a day (`es.ilm.putLifecycle`), a log
group's retention cut to a week or less (`logs.send(new PutRetentionPolicyCommand({ retentionInDays: 1 }))`).
One rule disabled or one alert dismissed by its number, a report read, an ignore entry for one CVE stay allowed.
"""
from __future__ import annotations

import re

from .. import secops_tables as st
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "delete", "request", "got", "axios"})
_WRITES = frozenset({"writeFileSync", "writeFile", "appendFileSync", "appendFile", "outputFileSync", "outputFile"})
_CLIENT = frozenset({"putLifecycle", "putUser", "updateAlert", "deleteNamespacedDaemonSet",
                     "deleteNamespacedDeployment", "deleteNamespace", "replaceClusterCustomObject",
                     "patchClusterCustomObject", "send"})
_NAMES = _SENDS | _WRITES | _CLIENT
_HINT = re.compile(rb"detection_engine|security_monitoring|alerting|alertRules|saved/searches|rules/files|alerts|"
                   rb"analysis|findings?\b|do_transition|change_status|ignore|_security/user|_ilm|_ism|qualitygates|"
                   rb"vulnerabilit")
_IGNORE_B = re.compile(st.WRITE_TARGET.encode())
_SCANNER_RUN = re.compile(rb"""["'`](?:""" + "|".join(re.escape(s) for s in sorted(st.SCANNERS)).encode() +
                          rb""")["'`]""")
_SUBST = re.compile(r"\$\{[^{}]{0,200}\}")
_ROUTE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+(\S+)")
# what a request's body or a client's arguments are built from before the call
_VALUES = frozenset({"object", "string", "template_string", "call_expression", "array"})
_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
_ITERATORS = frozenset({"forEach", "map", "flatMap", "filter", "reduce", "some", "every"})
_FUNCTIONS = frozenset({"function_declaration", "method_definition", "program", "class_declaration"})
_POLICY_OFF = re.compile(r"""validationFailureAction\s*+=\s*+["'`]Audit["'`]|failurePolicy\s*+=\s*+["'`]Ignore["'`]|"""
                         r"""enforcementAction\s*+=\s*+["'`](?:dryrun|warn)["'`]""")


class Secops:
    def visit_secops(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not args:
            return
        data = self.doc.data
        if name in _WRITES:
            if in_input(_IGNORE_B, data):
                self._secops_written(name, node, args)
        elif name in _SENDS:
            if in_input(_HINT, data):
                self._secops_request(name, node, args)
        elif name == "putLifecycle":
            age = st.ilm_delete_age(self.text_with_names(node, _VALUES))
            if age:
                self.review("irreversible", st.ilm_message("the code", age), node)
        elif name == "send":
            sent = args[0]
            if sent.type == "identifier":  # `const cmd = new PutRetentionPolicyCommand({…}); await logs.send(cmd)`
                sent = self.declared(sent, frozenset({"new_expression"})) or sent
            m = re.search(r"PutRetentionPolicyCommand\s*\(\s*\{[^{}]{0,400}?retentionInDays\s*:\s*(\d+)\b",
                          self.src(sent))
            if m and int(m.group(1)) <= st.SHORT_RETENTION_DAYS:
                self.review("irreversible", st.retention_message("the code", int(m.group(1))), node)
        elif name == "putUser":
            role = st.literal_superuser(self.text_with_names(node, _VALUES))
            if role and st.remote_cluster(self.doc.data):
                self.block("privilege-escalation", st.superuser_message("the code", role), node)
        elif name == "updateAlert":
            what = st.dismisses(self.text_with_names(node, _VALUES))
            if what and self._secops_looped(node):
                self.block("anti-forensics", st.findings_message("the code", what), node)
        elif name in ("replaceClusterCustomObject", "patchClusterCustomObject"):
            self._secops_policies(name, node)
        else:
            self._secops_agent_deleted(name, node, args)

    def _secops_looped(self, node) -> bool:
        """The call runs once per item of a listing: in a loop, or in a callback of forEach/map … (its own function
        ends the search)."""
        up = node.parent
        while up is not None and up.type not in _FUNCTIONS:
            if up.type in _LOOPS:
                right = up.child_by_field_name("right")
                if right is None or right.type != "array":  # (`for (const n of [12, 14])`: a handful named)
                    return True
            if up.type in ("arrow_function", "function_expression"):
                call = up.parent.parent if up.parent is not None and up.parent.type == "arguments" else None
                f = call.child_by_field_name("function") if call is not None else None
                if f is not None and f.type == "member_expression" and \
                        self.src(f.child_by_field_name("property")) in _ITERATORS and \
                        (f.child_by_field_name("object") is None or f.child_by_field_name("object").type != "array"):
                    return True
            up = up.parent
        return False

    def _secops_url(self, node) -> str | None:
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

    def _secops_request(self, name: str, node, args: list) -> None:
        url = self._secops_url(args[0])
        if not url:
            return
        call = self.text_with_names(node, _VALUES)  # (`body: JSON.stringify(payload)`, the payload built before)
        route = _ROUTE.match(url)
        if route is not None:  # Octokit's `request("PATCH /repos/{owner}/{repo}/…", {…})`
            method, url = route.group(1), route.group(2)
        else:
            m = re.search(r"""\bmethod\s*:\s*["'`](\w+)""", call)
            method = m.group(1).upper() if m else name.upper() if name in ("post", "put", "patch", "delete") else "GET"
        path = url.split("?", 1)[0]
        wholesale = self._secops_looped(node) or ".map(" in call
        if method in ("POST", "PUT", "PATCH", "DELETE") and st.RULES_PATH.search(path):
            rid = st.input_silenced(self.doc.data) if "/rules/files/" in path else None
            if rid is not None:
                self.block("anti-forensics", st.wazuh_message("the code", rid), node)
                return
            what = st.disables(path + "\n" + call) or ("DELETE" if method == "DELETE" else None)
            if what and (wholesale or st.bulk_all(path, call)):
                self.block("anti-forensics", st.rules_message("the code", what), node)
                return
        if method in ("POST", "PUT", "PATCH") and st.FINDINGS_PATH.search(path):
            what = st.dismisses(call)
            if what and wholesale:
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

    def _secops_written(self, name: str, node, args: list) -> None:
        path = self.string(args[0])
        if not st.ignore_file(path) or len(args) < 2:
            return
        text = self.string(args[1])
        entry = st.catch_all(path, text)  # type: ignore[arg-type]
        if entry is not None:
            self.block("permission-tamper", st.ignore_message("the code writes", path, entry), node)  # type: ignore
            return
        data = self.doc.data
        if text is None and in_input(_SCANNER_RUN, data) and st.report_ids(data):
            self.block("permission-tamper", st.wholesale_message("the code writes", path, "of the scanner it runs"),
                       node)  # type: ignore[arg-type]

    def _secops_agent_deleted(self, name: str, node, args: list) -> None:
        from ..bash.system import _security_unit

        first = args[0]
        named = self.string(first)
        if named is None and first.type == "object":
            m = re.search(r"""\bname\s*:\s*["'`]([\w.-]+)["'`]""", self.src(first))
            named = m.group(1) if m else None
        if named and _security_unit(named):
            self.block("system-disruption", f"`{name}` takes the cluster's security monitor {named} off its nodes (it "
                                            "watches them for intrusions and reports them); leave it running, and tune "
                                            "its rules if it is too noisy", node)

    def _secops_policies(self, name: str, node) -> None:
        """`for (const p of list.items) { p.spec.validationFailureAction = "Audit"; await
        custom.replaceClusterCustomObject({ plural: "clusterpolicies", … }) }`."""
        call = self.src(node)
        if "polic" not in call or not self._secops_looped(node):
            return
        m = _POLICY_OFF.search(decoded(self.doc.data))
        if m is not None:
            self.block("permission-tamper", f"`{name}` writes back every admission policy of a listing with "
                                            f"`{m.group(0)}`: the cluster stops enforcing them (violations are only "
                                            "reported, or let through when the webhook fails); change one policy in a "
                                            "reviewed manifest", node)
