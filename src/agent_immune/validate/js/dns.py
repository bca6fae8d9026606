"""DNS zones, records and domains administered from code (Route 53, Cloudflare, Cloud DNS, registrars), from TypeScript and JavaScript (session 23).

As python/dns.py: `client.send(new ChangeResourceRecordSetsCommand(…))` (a hijacking change blocked, a DELETE change
reviewed `irreversible`; MX pointed elsewhere is js/calls.py's), `fetch`/`axios` to Cloudflare's or PowerDNS's record
API, PowerDNS metadata opening transfers to anyone, a Cloudflare token minted in code that also sends elsewhere, and
the registrar's lock lifted together with the transfer code taken.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import dns_tables as dt

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "axios", "got", "ky"})
_COMMANDS = {"ChangeResourceRecordSetsCommand", "DisableDomainTransferLockCommand", "RetrieveDomainAuthCodeCommand",
             "TransferDomainToAnotherAwsAccountCommand"}
_METHOD = re.compile(r"""(?i)\bmethod\s*:\s*["'`](POST|PUT|PATCH|GET|DELETE)["'`]""")


class Dns:
    def visit_dns(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else (q or "").rpartition(".")[2]
        if name == "send":
            if args and args[0].type == "new_expression":
                ctor = args[0].child_by_field_name("constructor")
                cname = self.src(ctor).rpartition(".")[2] if ctor is not None else ""
                if cname in _COMMANDS:
                    self._dns_command(cname, args[0])
            return
        if name not in _SENDS or not args:
            return
        data = self.doc.data
        if not holds(data, b"api.cloudflare.com") and not holds(data, b"/api/v1/servers/"):
            return
        src = self.src(node)
        target = dt.api_target(src)
        if target is None:
            return
        m = _METHOD.search(src)
        method = m.group(1).upper() if m else name.upper() if name in ("post", "put", "patch") else "GET"
        if method not in ("POST", "PUT", "PATCH"):
            return
        found = dt.api_finding(target, f"`{self.src(fn)[:60]}`", src, data.decode("utf-8", "replace"))
        if found is not None:
            (self.block if found[0] == "block" else self.review)(dt.RULE, found[1], node)

    def _dns_command(self, cname: str, node) -> None:
        text = self.doc.data.decode("utf-8", "replace")
        shown = f"new {cname}"
        if cname == "ChangeResourceRecordSetsCommand":
            src = self.src(node)
            if dt.route53_deletes(src):
                self.review("irreversible", f"`{shown}` deletes DNS records of the hosted zone (`Action: DELETE`), "
                                            "with no undo: the names stop resolving; note the records' values and let "
                                            "the user run it", node)
                return
            found = dt.judge_records(dt.code_route53(src if "ResourceRecordSet" in src else text, text), text)
            if found is not None:
                (self.block if found[0] == "block" else self.review)(
                    dt.RULE, f"`{shown}` {found[1]}{dt.advice(found[0])}", node)
        elif cname == "TransferDomainToAnotherAwsAccountCommand":
            self.review(dt.RULE, f"`{shown}` hands the domain (its mail and every login under it) to another AWS "
                                 "account: a person should confirm that account is the organisation's", node)
        else:
            both = dt.registrar_step(text)
            (self.block if both else self.review)(dt.RULE, dt.registrar_message(shown, both), node)
