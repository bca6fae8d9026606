"""ERP, accounting, HR and payroll (NetSuite SuiteScript, Odoo's JSON-RPC, Xero, Gusto, SAP), from TypeScript
(sessions 30, 31). The tables and the messages are validate/erp_tables.py.

Blocked:
- a payee's bank account set to an account written into the code: an employee's pay account through a payroll API
  (`fetch(…/employees/${id}/bank_accounts, { method: 'POST', body: … routing_number … })`, the options or the body
  kept in a name, axios' config object, a client's `baseURL`, ky's and got's `json`), every vendor's bank fields
  rewritten by a SuiteScript over a search (`record.submitFields` in `.each`, a map/reduce stage, `setSublistValue`,
  Electronic Bank Payments' bank-details record), the bank records Odoo's RPC rewrites (a helper's `rpc(model,
  method, …)`, the xmlrpc package's `methodCall('execute_kw', …)`, JSON-RPC posted by hand, the values read through
  their names); one supplier's account alone, or any payee's at a host known only at run time outside tests, is held;
- an Odoo user made through RPC with a password written into the code and groups, whose login is at a domain none of
  the script's URLs name (or who is put in the settings' administrators' group);
- SAP's user master read with its password hashes through node-rfc (`RFC_READ_TABLE` of USR02);
- what the script read sent to a drop-box service (a literal test payload stays allowed, also kept in a name, with
  its time stamp);
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
from ..common_code import COMPUTED, ENVIRONMENT
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_VERBS = {"post": "POST", "put": "PUT", "patch": "PATCH"}
# a time stamp in a test event (`new Date().toISOString()`, `Date.now()`)
_NOW = re.compile(r"(?:new\s+Date\(\s*\)|Date\.now\(\s*\))(?:\.\w+\(\s*\))?$")
_SQL = frozenset({"exec", "execute", "query", "prepare"})
_NAMES = _SENDS | _SQL | et.XERO_UPDATES | {"submitFields", "setValue", "setSublistValue", "setCurrentSublistValue",
                                            "delete", "call", "execute_kw"}
_HOST = re.compile(r"(?i)^\W*https?://([^/:?#\s{}$`]+)")
_RPC = re.compile(rb"jsonrpc|xmlrpc|execute_kw")
_EXECUTE_KW = re.compile(rb"execute_kw")
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
# (Electronic Bank Payments keeps each payee's accounts in its own record, `customrecord_2663_entity_bank_details`)
_PAYEE_TYPES = re.compile(r"(?i)Type\.(?:VENDOR|EMPLOYEE|PARTNER|CUSTOMER|ENTITY)\b|type\s*:\s*['\"`](?:vendor|employee|"
                          r"partner|customer|customrecord\w{0,40}bank_?details?\w{0,40})['\"`]")


class Erp:
    def visit_erp(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or not args:
            return
        if len(args) >= 2 and args[0].type == "string" and args[1].type == "string":
            self._odoo_call(node, args[0], args[1], args[2:])  # `rpc('res.users', 'create', [...])`: a helper
        elif name == "methodCall" and len(args) >= 2 and args[1].type == "array" and \
                self.string(args[0]) == "execute_kw":  # the xmlrpc package: `[db, uid, key, model, method, args]`
            items = args[1].named_children
            if len(items) > 4:
                self._odoo_call(node, items[3], items[4], items[5:])
        if name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if in_input(_EXECUTE_KW, data) and self._erp_rpc_posted(node, args):
                return
            self._erp_send(name, fn, node, args)
        elif name in _SQL:
            if prop is not None and not et.local_code(decoded(data)):
                text = self.string(args[0])
                found = et.sql_finding(text) if text else None
                if found is not None:
                    (self.block if found[0] == "block" else self.review)(found[1], found[2], node)
        elif name in ("submitFields", "setValue", "setSublistValue", "setCurrentSublistValue"):
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
        if args[0].type == "object":  # `https.post({ url, body })` (SuiteScript's N/https)
            self._netsuite_post(fn, node, args[0])
        url_node, method, sent = self._erp_request(name, fn, args)
        raw = self._erp_url(fn, url_node) if url_node is not None else None
        if raw is None:
            return
        url = re.sub(r"[\x00-\x1f]", "…", raw)
        m = _HOST.match(url)
        host = m.group(1).lower() if m else None
        # (a host known only at run time may be a sandbox: held; in a test, it is the server the test started)
        if et.payee_path(url) and method in ("POST", "PUT", "PATCH") and not et.sandbox(host) and \
                (host is not None or raw[:1] in (COMPUTED, ENVIRONMENT) and not in_input(et.TEST_CODE_B,
                                                                                        self.doc.data)):
            found = et.payee_change(url, self._erp_expanded([node]))
            if found is not None:
                kind, account = found
                verdict, message = et.payee_message(f"{name}({url[:60]}…)", kind, account, host)
                if host is not None and verdict == "review" and self._erp_loop(node):
                    self.block("exfiltration", f"`{name}` in a loop: " + et.BULK_MESSAGE.format(account=account), node)
                else:
                    (self.block if verdict == "block" else self.review)("exfiltration", message, node)
                return
        bin_ = et.request_bin(host)
        if host is None or not (et.drop_site(host) or bin_) or not self._carries_values(sent):
            return
        doc = decoded(self.doc.data)
        if bin_ and not et.names_held_records(doc) and not et.fetches_elsewhere(doc):
            self.review("exfiltration", f"`{name}` sends what the script computed to {et.stranger(url, host)}: a person "
                                        "should confirm it is a test event, not the organisation's data", node)
            return
        self.block("exfiltration", f"`{name}` sends what the script read to {et.stranger(url, host)}: the "
                                   "organisation's data leaves its systems; keep it here, or send it to the "
                                   "organisation's own service by name", node)

    def _erp_request(self, name: str, fn, args: list) -> tuple:
        """(the URL's node, the method, the nodes that carry the body) of a request call, read as http_calls reads
        them: `fetch(url, opts)` with `opts` an object or a name given one, `axios(config)` / `client.request({ url,
        method, data })`, `axios.put(url, data, config)`, `got.post(url, { json })`."""
        verb = _VERBS.get(name)
        cfg = self._object(args[0])
        if cfg is not None:
            method = verb or self._http_method(cfg)
            return self._opt(cfg, "url"), method, [b for k in ("body", "data", "json") for b in [self._opt(cfg, k)]
                                                   if b is not None]
        url, opts = args[0], (args[1] if len(args) > 1 else None)
        if verb is not None:  # (axios's second argument is the data; got's and ky's, the options)
            body = [b for k in ("body", "data", "json") for b in [self._opt(opts, k)] if b is not None]
            return url, verb, body or args[1:2]
        return url, self._http_method(opts) if opts is not None else "GET", \
            [b for k in ("body", "data", "json") for b in [self._opt(opts, k)] if b is not None]

    def _erp_url(self, fn, url_node) -> str | None:
        """The URL's text (http_calls' reading), under the `baseURL` / `prefixUrl` of the client it is sent with
        (`const api = axios.create({ baseURL })`, then `api.put("/employees/…")`)."""
        from .http_calls import _INSTANCES

        url = self._url_text(url_node)
        if url is None or "//" in url[:10] or url[:1] in (COMPUTED, ENVIRONMENT) or fn is None or \
                fn.type != "member_expression":
            return url
        root, chain, made = self.origin(fn.child_by_field_name("object"))
        kind = self.module(root) if root is not None else None
        if chain or made is None or kind not in _INSTANCES:
            return None
        at, made_args = _INSTANCES[kind], self.args(made)
        option = (made_args[at] if len(made_args) > at else None) if isinstance(at, int) else \
            self._opt(made_args[0], at) if made_args else None
        if option is None:
            return None
        return (self._url_text(option) or COMPUTED).rstrip("/") + "/" + url.lstrip("/")

    def _erp_expanded(self, nodes: list) -> str:
        """The text of `nodes` with what the names in them were given (`opts` = `{ method, body: JSON.stringify(body)
        }`, `body` = `{ routing_number: … }`), each name read once."""
        parts, stack, steps, seen = [self.src(n) for n in nodes], list(nodes), 0, set()
        while stack and steps < 256:
            n = stack.pop()
            steps += 1
            if n.type in ("identifier", "shorthand_property_identifier"):
                name = self.src(n)
                made = self.declared(n, self.BODY_KINDS) if name not in seen else None
                seen.add(name)
                if made is not None:
                    parts.append(self.src(made))
                    stack.append(made)
                continue
            stack.extend(n.named_children)
        return "\n".join(parts)

    def _carries_values(self, bodies: list) -> bool:
        """Whether a request's body is not spelled out in the code (a name given a literal is read for it; a time
        stamp, `new Date().toISOString()`, is a test event's own)."""
        for body in bodies:
            stack, steps = [body], 0
            while stack and steps < 200:
                n = stack.pop()
                steps += 1
                if n.type in ("identifier", "shorthand_property_identifier"):
                    made = self.declared(n, self.BODY_KINDS)
                    if made is None:
                        return True
                    stack.append(made)
                    continue
                if n.type == "template_string" and any(c.type == "template_substitution" for c in n.named_children):
                    return True
                if n.type in ("call_expression", "new_expression"):
                    text = self.src(n)
                    if _NOW.match(text):
                        continue
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
                name != "submitFields" and not in_input(_PAYEE_RECORDS, self.doc.data):
            return  # (a GL account's number, a deposit's bank reference: no payee's account)
        if self._erp_loop(node):
            self.block("exfiltration", f"`record.{name}` over a search: " + et.BULK_MESSAGE.format(account=account),
                       node)
        else:
            self.review("exfiltration", f"`record.{name}` sets a payee's bank details to ones written into the code "
                                        f"({account}): the next payments go there; a person should confirm it with "
                                        "the payee through a known channel", node)

    # -- Odoo -----------------------------------------------------------------------------------------------------------
    def _odoo_call(self, node, model_node, method_node, rest: list) -> None:
        model, method = self.string(model_node), self.string(method_node)
        if not model or not method or not _MODEL.match(model) or method not in ("unlink", "write", "create"):
            return
        if not in_input(_RPC, self.doc.data):
            return
        doc = decoded(self.doc.data)
        if et.throwaway_target(doc):
            return
        bulk = self._erp_loop(node) or bool(rest) and self._erp_searched(rest[0])
        found = et.odoo_rpc(model, method, self._erp_expanded([node]), doc, bulk)
        if found is not None:
            (self.block if found[0] == "block" else self.review)(found[1], found[2], node)

    def _erp_rpc_posted(self, node, args: list) -> bool:
        """Odoo's JSON-RPC posted by hand (`fetch(`${url}/jsonrpc`, { body: JSON.stringify({ params: { service:
        'object', method: 'execute_kw', args: [db, uid, key, model, method, [[7], vals]] } }) })`): judged as
        execute_kw is."""
        stack, steps = list(args), 0
        while stack and steps < 128:
            n = stack.pop()
            steps += 1
            if n.type in ("identifier", "shorthand_property_identifier"):
                made = self.declared(n, frozenset({"object"}))
                if made is not None:
                    stack.append(made)
                continue
            items = n.named_children
            if n.type == "array" and len(items) > 4:
                for i in range(len(items) - 1):
                    model, method = self.string(items[i]), self.string(items[i + 1])
                    if model and method in ("write", "create", "unlink") and _MODEL.match(model):
                        self._odoo_call(node, items[i], items[i + 1], items[i + 2:])
                        return True
            if n.type in ("object", "pair", "array", "call_expression", "arguments"):
                stack.extend(items)
        return False

    def _erp_searched(self, arg) -> bool:
        """Whether an RPC's records come from a search or a loop (`[ids, vals]` with `ids = await rpc(…, 'search',
        …)`, a name given anything else) rather than ids written in (`[[7], vals]`, `[[partnerId], vals]`)."""
        if arg.type == "identifier":
            arg = self.declared(arg, frozenset({"array"})) or arg
        if arg.type != "array" or not arg.named_children:
            return arg.type != "array"
        ids = arg.named_children[0]
        if ids.type == "identifier":
            made = self.declared(ids, frozenset({"array", "call_expression", "await_expression"}))
            return made is None or made.type != "array" or any(c.type != "number" for c in made.named_children)
        if ids.type == "array":
            return any(c.type not in ("number", "identifier", "member_expression") for c in ids.named_children)
        return ids.type != "number"

    # -- SAP ------------------------------------------------------------------------------------------------------------
    def _sap_hashes(self, node, params) -> None:
        text = self.src(params)
        if not re.search(r"""QUERY_TABLE\s*:\s*["'`](?:USR02|USH02|USRPWDHISTORY)["'`]""", text, re.I):
            return
        if "FIELDS" in text and not re.search(r"(?i)PWDSALTEDHASH|BCODE|PASSCODE|PWDHISTORY", text):
            return
        self.block("secret-read", "the script reads SAP's user master with the password hashes (USR02): they are "
                                  "cracked offline into the users' logins; agents must not read them", node)
