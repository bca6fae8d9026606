"""ERP, accounting, HR and payroll (NetSuite SuiteScript, Odoo's JSON-RPC, Xero, Gusto, SAP), from TypeScript
(session 30). The tables and the messages are validate/erp_tables.py.

Blocked:
- a payee's bank account set to an account written into the code: an employee's pay account through a payroll API
  (`fetch(…/employees/${id}/bank_accounts, { method: 'POST', body: … routing_number … })`), every vendor's bank
  fields rewritten by a SuiteScript over a search (`record.submitFields` in `.each`, a map/reduce stage), the bank
  records Odoo's RPC rewrites (one supplier's account alone is held);
- an Odoo user made through RPC with a password written into the code and groups, whose login is at a domain none of
  the script's URLs name (or who is put in the settings' administrators' group);
- SAP's user master read with its password hashes through node-rfc (`RFC_READ_TABLE` of USR02);
- what the script read sent to a drop-box service (a literal test payload stays allowed);
- SQL (`conn.exec`, `query`) that takes an account over, makes an administrator with a password the agent chose or
  turns the audit off.
Held: a SuiteScript user-event hook that ships every saved record whole (`rec.toJSON()`) to a host outside the
user's network (a person confirms it is the organisation's integration; a drop-box or a bare address is blocked);
`irreversible`: `record.delete` in a SuiteScript, Odoo records deleted through RPC (`unlink`), Xero invoices voided or
deleted (`updateInvoice(…, { status: 'VOIDED' })`).
"""
from __future__ import annotations

import re

from .. import erp_tables as et
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_SQL = frozenset({"exec", "execute", "query", "prepare"})
_NAMES = _SENDS | _SQL | et.XERO_UPDATES | {"submitFields", "setValue", "delete", "call", "execute_kw"}
_HOST = re.compile(r"(?i)^\W*https?://([^/:?#\s{}$`]+)")
_RPC = re.compile(rb"jsonrpc|xmlrpc|execute_kw")
_NS_RECORD = re.compile(rb"N/record|N/currentRecord")
_NS_HOOK = re.compile(rb"UserEventScript")
_NS_MAP_REDUCE = re.compile(rb"MapReduceScript")
_NS_HTTPS = re.compile(rb"N/https")
_MODEL = re.compile(r"^[a-z_]+(?:\.[a-z_]+)+$")
_LITERALS = frozenset({"string", "number", "true", "false", "null", "undefined", "object", "array", "pair",
                       "string_fragment", "escape_sequence", "property_identifier", "comment"})
_PAYEE_RECORDS = re.compile(rb"(?i)Type\.(?:VENDOR|EMPLOYEE|PARTNER|CUSTOMER)\b|type\s*:\s*['\"`](?:vendor|employee|partner|"
                            rb"customer|customrecord_2663_entity_bank_details)['\"`]")
_NS_FIELD = re.compile(r"""(?i)fieldId\s*:\s*["'`]([\w]*(?:iban|bank_?acc|bank_?acct|acct_?no|account_?(?:number|no)|"""
                       r"""routing|bic|swift)"""
                       r"""\w*)["'`][^}]{0,200}?\bvalue\s*:\s*["'`]([A-Z]{2}\d{2}[A-Z0-9]{10,30}|\d{6,20})["'`]""")
_PAYEE_TYPES = re.compile(r"(?i)Type\.(?:VENDOR|EMPLOYEE|PARTNER|CUSTOMER|ENTITY)\b|type\s*:\s*['\"`](?:vendor|employee|"
                          r"partner|customer)['\"`]")


class Erp:
    def visit_erp(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or not args:
            return
        if len(args) >= 2 and args[0].type == "string" and args[1].type == "string":
            self._odoo_call(node, args)  # `rpc('res.users', 'create', [...])`: a helper around Odoo's JSON-RPC
        if name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            self._erp_send(name, fn, node, args)
        elif name in _SQL:
            if prop is not None and not et.local_code(decoded(data)):
                text = self.string(args[0])
                found = et.sql_finding(text) if text else None
                if found is not None:
                    (self.block if found[0] == "block" else self.review)(found[1], found[2], node)
        elif name in ("submitFields", "setValue"):
            if in_input(_NS_RECORD, data):
                self._netsuite_bank(name, node)
        elif name == "delete":
            obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
            if obj is not None and self.src(obj) in ("record", "rec") and in_input(_NS_RECORD, data):
                self.review("irreversible", "`record.delete` removes the NetSuite record for good (NetSuite keeps no "
                                            "trash, and a posted transaction's deletion changes the books); export it "
                                            "and let the user run it", node)
        elif name == "call":
            if self.string(args[0]) in ("RFC_READ_TABLE", "BBP_RFC_READ_TABLE") and len(args) > 1:
                self._sap_hashes(node, args[1])
        elif name in et.XERO_UPDATES:
            status = et.voided(self.src(node))
            if status is not None:
                self.review("irreversible", f"`{name}(…)` sets the Xero records to {status}: a voided or deleted "
                                            "invoice cannot be brought back; let the user run it", node)

    # -- requests -------------------------------------------------------------------------------------------------------
    def _erp_send(self, name: str, fn, node, args: list) -> None:
        first = args[0]
        if first.type == "object":  # `https.post({ url, body })` (SuiteScript's N/https)
            self._netsuite_post(fn, node, first)
            return
        url = re.sub(r"[\x00-\x1f]", "…", self._url_text(first) or self.src(first))
        m = _HOST.match(url)
        host = m.group(1).lower() if m else None
        if host is None:
            return
        call = self.src(node)
        payee = et.payee_path(url)
        if payee and not et.sandbox(host):
            account = et.bank_literal(call)
            if account is not None and re.search(r"(?i)\b(?:method\s*:\s*['\"`](?:post|put|patch)|\.(?:post|put|"
                                                 r"patch)\s*\()", call):
                verdict, message = et.payee_message(f"{name}({url[:60]}…)", payee, account, host)
                if verdict == "block" or self._erp_loop(node):
                    self.block("exfiltration", message if verdict == "block" else
                               f"`{name}` in a loop: " + et.BULK_MESSAGE.format(account=account), node)
                else:
                    self.review("exfiltration", message, node)
                return
        bin_ = et.request_bin(host)
        if not (et.drop_site(host) or bin_) or not self._carries_values(args[1:]):
            return
        doc = decoded(self.doc.data)
        if bin_ and not et.names_held_records(doc) and not et.fetches_elsewhere(doc):
            self.review("exfiltration", f"`{name}` sends what the script computed to {et.stranger(url, host)}: a person "
                                        "should confirm it is a test event, not the organisation's data", node)
            return
        self.block("exfiltration", f"`{name}` sends what the script read to {et.stranger(url, host)}: the "
                                   "organisation's data leaves its systems; keep it here, or send it to the "
                                   "organisation's own service by name", node)

    def _carries_values(self, opts: list) -> bool:
        """Whether the request's options carry a body that is not spelled out in the code."""
        for o in opts:
            body = self._opt(o, "body") or self._opt(o, "data") or self._opt(o, "json") if o.type == "object" else o
            if body is None:
                continue
            stack, steps = [body], 0
            while stack and steps < 200:
                n = stack.pop()
                steps += 1
                if n.type == "template_string" and any(c.type == "template_substitution" for c in n.named_children):
                    return True
                if n.type == "call_expression":
                    f = n.child_by_field_name("function")
                    if f is not None and self.src(f) == "JSON.stringify":
                        stack.extend(self.args(n))
                        continue
                    return True
                if n.type not in _LITERALS and n.type != "template_string":
                    return True
                stack.extend(n.named_children)
        return False

    def _netsuite_post(self, fn, node, opts) -> None:
        """A SuiteScript user-event hook (`afterSubmit`) that posts the saved record whole to another host."""
        data = self.doc.data
        if not in_input(_NS_HOOK, data) or not in_input(_NS_HTTPS, data):
            return
        url_node, body = self._opt(opts, "url"), self._opt(opts, "body")
        if url_node is None or body is None or not re.search(r"\.toJSON\s*\(|\bgetFields\s*\(", self.src(body)):
            return
        url = self._url_text(url_node) or ""
        m = _HOST.match(url)
        host = m.group(1).lower() if m else None
        if host is None:
            return
        from ..secret_owner import own_network

        who = et.stranger(url, host)
        if who is not None:
            self.block("exfiltration", f"the user-event script sends every record saved, whole, to {who}; keep the "
                                       "records in NetSuite", node)
        elif not own_network(host) and not host.endswith(("netsuite.com", "oracle.com")):
            self.review("exfiltration", f"the user-event script sends every record saved, whole (`toJSON()`), to "
                                        f"{host}: a copy of the ERP's data at each save; a person should confirm the "
                                        "host is the organisation's integration", node)

    def _erp_loop(self, node) -> bool:
        """Whether `node` runs once per item: in a loop, in a callback of `.each`/`.forEach`/`.map`, or in a
        map/reduce script's `map`/`reduce` stage."""
        from ..loops import in_js_loop

        if in_js_loop(node):
            return True
        up = node.parent
        while up is not None and up.type != "program":
            if up.type in ("arrow_function", "function_expression", "function", "function_declaration"):
                holder = up if up.type == "function_declaration" else up.parent
                decl = holder
                if decl is not None and decl.type in ("variable_declarator", "function_declaration") and \
                        self.src(decl.child_by_field_name("name")) in ("map", "reduce") and \
                        in_input(_NS_MAP_REDUCE, self.doc.data):
                    return True
            up = up.parent
        return False

    # -- NetSuite -------------------------------------------------------------------------------------------------------
    def _netsuite_bank(self, name: str, node) -> None:
        call = self.src(node)
        m = _NS_FIELD.search(call)
        account = f"{m.group(1)} = {m.group(2)}" if m else et.bank_literal(call)
        if account is None:
            return
        if name == "submitFields" and not _PAYEE_TYPES.search(call) or \
                name == "setValue" and not in_input(_PAYEE_RECORDS, self.doc.data):
            return  # (a GL account's number, a deposit's bank reference: no payee's account)
        if self._erp_loop(node):
            self.block("exfiltration", f"`record.{name}` over a search: " + et.BULK_MESSAGE.format(account=account),
                       node)
        else:
            self.review("exfiltration", f"`record.{name}` sets a payee's bank details to ones written into the code "
                                        f"({account}): the next payments go there; a person should confirm it with "
                                        "the payee through a known channel", node)

    # -- Odoo -----------------------------------------------------------------------------------------------------------
    def _odoo_call(self, node, args: list) -> None:
        model, method = self.string(args[0]), self.string(args[1])
        if not model or not method or not _MODEL.match(model) or method not in ("unlink", "write", "create"):
            return
        if not in_input(_RPC, self.doc.data):
            return
        doc = decoded(self.doc.data)
        if et.throwaway_target(doc):
            return
        bulk = self._erp_loop(node) or any(a.type == "identifier" for a in args[2:])
        found = et.odoo_rpc(model, method, self.src(node), doc, bulk)
        if found is not None:
            (self.block if found[0] == "block" else self.review)(found[1], found[2], node)

    # -- SAP ------------------------------------------------------------------------------------------------------------
    def _sap_hashes(self, node, params) -> None:
        text = self.src(params)
        if not re.search(r"""QUERY_TABLE\s*:\s*["'`](?:USR02|USH02|USRPWDHISTORY)["'`]""", text, re.I):
            return
        if "FIELDS" in text and not re.search(r"(?i)PWDSALTEDHASH|BCODE|PASSCODE|PWDHISTORY", text):
            return
        self.block("secret-read", "the script reads SAP's user master with the password hashes (USR02): they are "
                                  "cracked offline into the users' logins; agents must not read them", node)
