"""Customer-support and CRM administration from Python: Salesforce (sf, Apex, metadata), HubSpot, Zendesk, Intercom, Freshdesk, Front, Help Scout (session 24).

The tables are crm_tables.py. Here, in code that talks to a CRM or helpdesk (crm_tables.MARK):

- a request (`requests.post(f"{base}/webhooks", json=…)`) that adds a webhook to a stranger's host, makes an
  administrator or agent of a stranger's address (or of any address with a password the code sets, or no welcome
  mail), changes an agent's sign-in address to a stranger's, or turns the account's IP restriction or two-factor
  requirement off: blocked (an administrator for an address not known to be a stranger's: reviewed);
- simple_salesforce's `sf.User.create(…)` with the System Administrator profile: the same;
- a bulk or looped update (`sf.bulk.Partner_Payout__c.update(rows)`, HubSpot's `batch_api.update`) in code that
  writes one bank account into payout or bank fields: blocked;
- `sf project deploy` run by the code, deploying a Connected App with full access for a stranger's callback or Apex
  posting records to a stranger: blocked; a destructiveChanges.xml the code writes, deployed: reviewed;
- `sf.bulk.Lead.hard_delete(…)`, HubSpot's `gdpr_api.purge`, Zenpy's `permanently_delete`, a Tooling API DELETE:
  reviewed `irreversible`.
"""
from __future__ import annotations

import re

from .. import crm_tables as ct
from ..loops import in_loop

_REQUESTS = frozenset({"post", "put", "patch", "request"})
_WRITES = frozenset({"update", "upsert", "insert", "batch_update", "update_many", "create_or_update_many"})
_RUNS = frozenset({"run", "check_call", "check_output", "call", "Popen", "system"})
_NAMES = _REQUESTS | _WRITES | _RUNS | {"create", "hard_delete", "purge", "permanently_delete", "toolingexecute",
                                        "restful"}
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression"})
_BOUNDS = frozenset({"function_definition", "class_definition"})


class Crm:
    def visit_crm(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if not ct.crm_code(data):
            return
        shown = self.src(fn)[:60]
        if name in _REQUESTS:
            self.report(ct.call_finding(f"{shown}(…)", self.src(node), data.decode("utf-8", "replace")), node)
        elif name in _RUNS:
            call = self.src(node)
            if "deploy" in call or "apex" in call:
                self._crm_deploy(shown, call, node)
        elif name == "hard_delete":
            if "bulk" in shown:
                self.report(ct.hard_delete(shown, "the Bulk API"), node)
        elif name == "purge":
            if "gdpr" in shown:
                self.report(ct.gdpr_purge(shown), node)
        elif name == "permanently_delete":
            self.report(("review", "irreversible", f"`{shown}` permanently deletes the helpdesk users (and their "
                                                   "data), with no undo; let the user confirm"), node)
        elif name in ("toolingexecute", "restful"):
            call = self.src(node)
            if re.search(r"""method\s*=\s*["']DELETE["']""", call) and (name == "toolingexecute" or "tooling" in call):
                self.report(ct.sandbox_deleted(shown) if "SandboxInfo" in call else ct.tooling_delete(shown), node)
        elif name == "create":
            self._crm_user(shown, node)
        else:
            self._crm_payout(shown, node)

    def _crm_deploy(self, shown: str, call: str, node) -> None:
        for found in ct.run_findings(shown, call, self.doc.data.decode("utf-8", "replace")):
            self.report(found, node)

    def _crm_user(self, shown: str, node) -> None:
        """simple_salesforce's `sf.User.create({...})` with the System Administrator profile looked up."""
        if not shown.endswith("User.create"):
            return
        text = self.doc.data.decode("utf-8", "replace")
        if ct.SF_ADMIN_PROFILE.search(text) is None:
            return
        grant = self.src(node)
        hidden = re.search(r"set_?[pP]assword\w*|reset_?[pP]assword\w*", text)
        self.report(ct.admin_finding(shown, "Salesforce org", grant + ("\n" + hidden.group(0) if hidden else ""),
                                     text, admin=True), node)

    def _crm_payout(self, shown: str, node) -> None:
        if not ("bulk" in shown or "batch" in shown or "composite" in shown or in_loop(node, _LOOPS, _BOUNDS)):
            return
        account = ct.payout_literal(self.doc.data.decode("utf-8", "replace"))
        if account is not None:
            self.report(ct.payout_finding(shown, account), node)
