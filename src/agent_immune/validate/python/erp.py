"""ERP, accounting, HR and payroll (Odoo, SAP, QuickBooks, Xero, Workday, ADP/Gusto), from Python (session 30). The tables
and the messages are validate/erp_tables.py.

Blocked:
- a payee's bank account set to an account written into the code: an employee's pay account through a payroll API
  (`requests.post(…/employees/{id}/bank_accounts, json={…routing_number…})`), the bank records Odoo's RPC finds and
  rewrites (`execute_kw(…, "res.partner.bank", "write", [ids, {"acc_number": …}])`), a QuickBooks vendor made with a
  bank account and billed at once (the vendor, or one supplier's account, alone is held);
- an Odoo user made through RPC with a password written into the code and the settings' administrators' groups, or
  with groups and a login at a domain none of the script's URLs name;
- SAP's user master read with its password hashes (`RFC_READ_TABLE` of USR02 with PWDSALTEDHASH, BCODE);
- what the script read or fetched sent to a drop-box service (`requests.post("https://webhook.site/…", data=…)`), and
  files of records (exports, dumps, payroll) sent to a chat bot's channel (a Telegram bot's `sendDocument`); a
  literal test payload stays allowed;
- SQL (`cursor.execute`) that takes an account over, makes an administrator with a password the agent chose, turns
  the audit off or reads SAP's password hashes, on a database that is not a throwaway one.
Held `irreversible`: Odoo records deleted through RPC (`unlink`) on a server that is not this machine nor a database
named for tests, an invoice voided or deleted through Xero's SDK (`update_invoice(…, status="VOIDED")`).
Allowed: reading and reporting, sandbox and demo companies (`sandbox-quickbooks`, `api.gusto-demo.com`), payment
files built with the payees' accounts (`sepaxml`), records written on this machine's Odoo.
"""
from __future__ import annotations

import re

from .. import erp_tables as et
from ..loops import in_loop
from ..per_input import decoded, in_input

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_SQL = frozenset({"execute", "executemany", "exec_driver_sql", "run_sql"})
_NAMES = _SENDS | _SQL | et.XERO_UPDATES | {"execute_kw", "call", "write", "create"}
_BODY_KEYS = ("data", "json", "files", "content", "body", "params")
_LITERALS = frozenset({"string", "integer", "float", "true", "false", "none", "dictionary", "list", "tuple", "pair",
                       "set", "keyword_argument", "string_start", "string_end", "string_content", "escape_sequence",
                       "comment", "unary_operator"})
_HOST = re.compile(r"(?i)^\W*https?://([^/:?#\s{}]+)")
_SAP_TABLES = frozenset({"USR02", "USH02", "USRPWDHISTORY"})
_SAP_HASH_FIELDS = re.compile(r"(?i)PWDSALTEDHASH|BCODE|PASSCODE|PWDHISTORY")


# (a loop's body runs once per item; a function's own body bounds what repeats)
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression",
                    "dictionary_comprehension", "set_comprehension"})
_STOPS = frozenset({"function_definition", "module"})


def _per_item(node) -> bool:
    return in_loop(node, _LOOPS, _STOPS)


class Erp:
    def visit_erp(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        if name in _SENDS:
            if pos:
                self._erp_send(name, node, pos)
        elif name in _SQL:
            if meth is not None and pos:
                self._erp_sql(fn, node, pos[0])
        elif name == "execute_kw":
            if len(pos) > 4:
                self._odoo_rpc(node, self.string(pos[3]), self.string(pos[4]), pos[5:])
        elif name in ("write", "create"):
            self._odoo_env(fn, name, node, pos)
        elif name == "call":
            if pos and self.string(pos[0]) in ("RFC_READ_TABLE", "BBP_RFC_READ_TABLE", "/BODS/RFC_READ_TABLE"):
                self._sap_hashes(node)
        elif meth is not None:
            status = et.voided(self.src(node))
            if status is not None and in_input(_XERO, self.doc.data):
                self.review("irreversible", f"`{meth}(…)` sets the Xero records to {status}: a voided or deleted "
                                            "invoice cannot be brought back; let the user run it", node)

    # -- requests -------------------------------------------------------------------------------------------------------
    def _erp_send(self, name: str, node, pos: list) -> None:
        url_node = pos[1] if name == "request" and len(pos) > 1 else pos[0]
        if url_node.type == "call" and name == "urlopen":
            return  # (`urlopen(Request(…))`: the Request is judged)
        url = _CONTROL.sub("…", self._url_text(url_node) or self.src(url_node))
        m = _HOST.match(url)
        host = m.group(1).lower() if m else None
        call = self._erp_call_text(node)
        if host is None:
            return
        payee = et.payee_path(url)
        verb = (self.string(pos[0]) or "").upper() if name == "request" else None
        if payee and (verb is None or verb in ("POST", "PUT", "PATCH")) and not et.sandbox(host):
            account = et.bank_literal(call)
            if account is not None:
                verdict, message = et.payee_message(f"requests.{name}({url[:60]}…)", payee, account, host)
                if verdict == "block" or _per_item(node):
                    self.block("exfiltration", message if verdict == "block" else
                               f"`requests.{name}` in a loop: " + et.BULK_MESSAGE.format(account=account), node)
                else:
                    self.review("exfiltration", message, node)
                return
        if "intuit.com" in host and re.search(r"/vendor\b", url) and not et.sandbox(host):
            found = et.iban(call)
            account = re.search(re.escape(found), call) if found else None
            if account is not None:
                billed = in_input(_BILLED, self.doc.data)
                message = (f"the script makes a QuickBooks vendor with a bank account written into the code "
                           f"({account.group(0)})")
                if billed:
                    self.block("exfiltration", f"{message} and bills it at once: a payee of the agent's choosing is "
                                               "paid; new suppliers and their bank details go through the verified "
                                               "onboarding", node)
                else:
                    self.review("exfiltration", f"{message}; a person should confirm the supplier and its account",
                                node)
                return
        chat, bin_ = et.chat_drop(url), et.request_bin(host)
        who = et.stranger(url, host) if (chat or bin_ or et.drop_site(host)) else None
        if who is None:
            return
        carried = self._carried_values(node, pos)
        if not carried:
            return
        doc = decoded(self.doc.data)
        if chat:
            if self.kwarg(node, "files") is None or not et.names_records(doc):
                return  # (a build's notice or its artifact to the team's chat)
            if not in_input(_BOT_TOKEN, self.doc.data):
                # (the bot's token from the environment: the organisation's own bot and its channel)
                self.review("exfiltration", f"`requests.{name}` uploads a file of records to {who}: a person should "
                                            "confirm the channel is the organisation's", node)
                return
        elif bin_ and not et.names_held_records(doc) and not et.fetches_elsewhere(doc):
            # (a webhook tester takes the developer's test events: what the script computed is for a person to see)
            self.review("exfiltration", f"`requests.{name}` sends what the script computed to {who}: a person should "
                                        "confirm it is a test event, not the organisation's data", node)
            return
        self.block("exfiltration", f"`requests.{name}` sends what the script read to {who}: the organisation's data "
                                   "leaves its systems; keep it here, or send it to the organisation's own service by "
                                   "name", node)

    def _erp_call_text(self, node) -> str:
        """The call's text with the dicts its body names are given (`json=payload`, `payload = {...}` earlier)."""
        text = self.src(node)
        for key in _BODY_KEYS:
            v = self.kwarg(node, key)
            if v is not None and v.type == "identifier":
                made = self.given(v, frozenset({"dictionary", "call"}))
                if made is not None:
                    text += "\n" + self.src(made)
        return text

    def _carried_values(self, node, pos: list) -> list:
        """The body arguments of a request that are not spelled out in the code (a name, a call, a file handle)."""
        found = []
        args = [self.kwarg(node, k) for k in _BODY_KEYS] + (pos[1:2] if len(pos) > 1 else [])
        for v in args:
            if v is None:
                continue
            stack, steps = [v], 0
            while stack and steps < 200:
                n = stack.pop()
                steps += 1
                if n.type == "identifier":  # (`json=payload` with `payload = {...}` written in the script)
                    made = self.given(n, frozenset({"dictionary", "list"}))
                    if made is not None and made is not n:
                        stack.append(made)
                        continue
                if n.type == "string" and any(c.type == "interpolation" for c in n.children) or \
                        n.type not in _LITERALS:
                    found.append(n)
                    break
                stack.extend(n.named_children)
        return found

    # -- Odoo -----------------------------------------------------------------------------------------------------------
    def _odoo_rpc(self, node, model: str | None, method: str | None, rest: list) -> None:
        if not model or not method:
            return
        doc = decoded(self.doc.data)
        if et.throwaway_target(doc):
            return
        call = self.src(node)
        bulk = _per_item(node) or any(self._searched(r) for r in rest)
        found = et.odoo_rpc(model, method, call, doc, bulk)
        if found is not None:
            (self.block if found[0] == "block" else self.review)(found[1], found[2], node)

    def _searched(self, arg) -> bool:
        """Whether an RPC's record list comes from a search (`[ids, {...}]` with `ids = m.execute_kw(…, "search", …)`)
        rather than ids written in."""
        stack, steps = [arg], 0
        while stack and steps < 64:
            n = stack.pop()
            steps += 1
            if n.type == "identifier":
                made = self.given(n, frozenset({"call", "list", "list_comprehension"}))
                if made is None or made.type != "list" or any(c.type != "integer" for c in made.named_children):
                    return True
                continue
            if n.type == "list_comprehension":
                return True
            if n.type in ("list", "tuple"):
                stack.extend(n.named_children)
        return False

    def _odoo_env(self, fn, name: str, node, pos: list) -> None:
        """`env["res.partner.bank"].search([...]).write({...})` in an Odoo shell script."""
        if fn is None or fn.type != "attribute" or not in_input(_ENV_MODELS, self.doc.data):
            return
        obj = fn.child_by_field_name("object")
        if obj is not None and obj.type == "identifier":  # `moves = env["…"].search(…)`, then `moves.write(…)`
            obj = self.given(obj, frozenset({"call", "subscript"})) or obj
        m = re.search(r"""\benv\[\s*["']([\w.]+)["']\s*\]""", self.src(obj)) if obj is not None else None
        if m is None:
            return
        doc = decoded(self.doc.data)
        if et.throwaway_target(doc) or in_input(et.TEST_CODE_B, self.doc.data):
            return  # (a test case's records: its database is rolled back)
        bulk = _per_item(node) or ".search(" in self.src(obj)
        found = et.odoo_rpc(m.group(1), name, self.src(node), doc, bulk)
        if found is not None and found[1] != "irreversible":
            # (a module's install hook runs on every database the module is installed on, the demo ones first: a
            # person decides whether its accounts belong in production)
            hook = found[0] == "block" and in_input(_HOOK, self.doc.data)
            (self.block if found[0] == "block" and not hook else self.review)(found[1], found[2], node)

    # -- SAP ------------------------------------------------------------------------------------------------------------
    def _sap_hashes(self, node) -> None:
        table = self.kwarg(node, "QUERY_TABLE")
        if table is None or (self.string(table) or "").upper() not in _SAP_TABLES:
            return
        fields = self.kwarg(node, "FIELDS")
        if fields is not None and not _SAP_HASH_FIELDS.search(self.src(fields)):
            return
        doc = decoded(self.doc.data)
        from ..hosts import loopback
        from ..secret_owner import own_network

        far = [h for h in et.url_hosts(doc) if not loopback(h) and not own_network(h)]
        if far:
            self.block("exfiltration", f"the script reads SAP's user master with the password hashes "
                                       f"({(self.string(table) or '').upper()}) and sends to {far[0]}: the hashes are "
                                       "cracked offline into the users' logins; agents must not read or send them",
                       node)
        else:
            self.block("secret-read", f"the script reads SAP's user master with the password hashes "
                                      f"({(self.string(table) or '').upper()}): they are cracked offline into the "
                                      "users' logins; agents must not read them", node)

    # -- SQL ------------------------------------------------------------------------------------------------------------
    def _erp_sql(self, fn, node, arg) -> None:
        if in_input(et.TEST_CODE_B, self.doc.data):
            return  # (a test's fixture sets the passwords of the users it made)
        text = self._sql_text(arg)  # (`sql = """UPDATE …"""; cur.execute(sql)`: the name read for what it holds)
        if not text or not et.SQL_HINT.search(text):
            return
        found = et.sql_finding(text)
        if found is None or self._throwaway_origin(fn.child_by_field_name("object")) is True:
            return
        (self.block if found[0] == "block" else self.review)(found[1], found[2], node)


_CONTROL = re.compile(r"[\x00-\x1f]")  # (http_calls' marks for the parts of a URL known only at run time)
_BILLED = re.compile(rb"/bill(?:payment)?\b")
_ENV_MODELS = re.compile(rb"\benv\[")
_XERO = re.compile(rb"(?i)xero")
# (a Telegram bot's token or a Discord webhook's address written into the script: not the organisation's own bot)
_BOT_TOKEN = re.compile(rb"\d{6,12}:[\w-]{30,}|api\.telegram\.org/bot\d|discord(?:app)?\.com/api/webhooks/\w")
_HOOK = re.compile(rb"(?m)^def (?:pre|post)_init_hook\(|^def uninstall_hook\(")
