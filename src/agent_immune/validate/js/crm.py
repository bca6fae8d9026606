"""Customer-support and CRM administration from TypeScript: Salesforce (sf, Apex, metadata), HubSpot, Zendesk, Intercom, Freshdesk, Front, Help Scout (session 24).

The tables are crm_tables.py. Here, in code that talks to a CRM or helpdesk (crm_tables.MARK):

- a fetch, or a helper of the code's own that wraps one (`zd("webhooks", {...})`), that adds a webhook to a
  stranger's host, makes an administrator of a stranger's address (or of any address with no verification mail or a
  password the code sets), changes an agent's sign-in address to a stranger's, or turns the account's IP
  restriction or two-factor requirement off: blocked;
- jsforce's `conn.sobject("User").create(…)` with the System Administrator profile looked up: the same;
- a batch or looped update (`hs.crm.companies.batchApi.update(…)`, `sobject(X).update([...])`) writing one bank
  account into payout or bank fields: blocked;
- `sf project deploy` run by the code with a destructive manifest: reviewed; with a Connected App or Apex for a
  stranger: blocked;
- a Bulk API `hardDelete` (`bulk2.loadAndWaitForResults({ operation: "hardDelete" })`, `destroyHardBulk`), the
  recycle bin emptied (`emptyRecycleBin`), a Tooling API destroy (a sandbox's SandboxInfo), HubSpot's
  `gdprApi.purge`: reviewed `irreversible`.
"""
from __future__ import annotations

import re

from ..per_input import in_input
from .. import crm_tables as ct
from ..loops import in_js_loop

_REQUESTS = frozenset({"fetch", "post", "put", "patch", "request"})
_WRITES = frozenset({"update", "upsert", "updateBulk", "upsertBulk"})
_RUNS = frozenset({"execFileSync", "execSync", "spawnSync", "spawn", "execFile", "exec", "execa", "$"})
_HARD = frozenset({"loadAndWaitForResults", "createJob", "load", "deleteHardBulk", "destroyHardBulk", "bulkload"})
_NAMES = _REQUESTS | _WRITES | _RUNS | _HARD | {"create", "destroy", "delete", "del", "purge", "_invoke",
                                                "emptyRecycleBin", "invoke"}


class Crm:
    def visit_crm(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else (q or "").rpartition(".")[2]
        wrapper = prop is None and fn.type == "identifier" and name not in _NAMES
        if name not in _NAMES and not wrapper:
            return
        state = self._flows_state()
        crm = state.get("crm")
        if crm is None:
            crm = state["crm"] = in_input(ct.MARK, self.doc.data)
        if not crm:
            return
        shown = self.src(fn)[:60]
        if wrapper or name in _REQUESTS:
            if args:
                self.report(ct.call_finding(f"{shown}(…)", self.src(node), self.doc.data.decode("utf-8", "replace")),
                            node)
        elif name in _RUNS:
            call = self.src(node)
            if "deploy" in call or "apex" in call:
                for found in ct.run_findings(shown, call, self.doc.data.decode("utf-8", "replace")):
                    self.report(found, node)
        elif name in _HARD:
            if name in ("deleteHardBulk", "destroyHardBulk") or "hardDelete" in self.src(node):
                self.report(ct.hard_delete(shown, "the Bulk API"), node)
        elif name in ("_invoke", "invoke", "emptyRecycleBin"):
            if name == "emptyRecycleBin" or "emptyRecycleBin" in self.src(node):
                self.report(ct.recycle_bin(shown), node)
        elif name in ("destroy", "delete", "del"):
            if ".tooling." in shown or "SandboxInfo" in shown:
                self.report(ct.sandbox_deleted(shown) if "SandboxInfo" in shown else ct.tooling_delete(shown), node)
        elif name == "purge":
            if "gdpr" in shown.lower():
                self.report(ct.gdpr_purge(shown), node)
        elif name == "create":
            self._crm_user(shown, node)
        else:
            if "bulk" in shown.lower() or "batch" in shown.lower() or in_js_loop(node):
                account = ct.payout_literal(self.doc.data.decode("utf-8", "replace"))
                if account is not None:
                    self.report(ct.payout_finding(shown, account), node)

    def _crm_user(self, shown: str, node) -> None:
        """jsforce's `conn.sobject("User").create({...})` with the System Administrator profile looked up."""
        if not re.search(r"""sobject\(\s*["'`]User["'`]\s*\)\.create$|\.User\.create$""", shown):
            return
        text = self.doc.data.decode("utf-8", "replace")
        if ct.SF_ADMIN_PROFILE.search(text) is None:
            return
        hidden = re.search(r"setPassword|resetPassword", text)
        grant = self.src(node) + ("\nsetPassword" if hidden else "")
        self.report(ct.admin_finding(shown, "Salesforce org", grant, text, admin=True), node)
