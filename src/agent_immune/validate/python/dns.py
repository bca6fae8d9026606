"""DNS zones, records and domains administered from code (Route 53, Cloudflare, Cloud DNS, registrars), from Python (session 23).

Judged as the shell's commands are (bash/dns.py, with dns_tables.judge_records): boto3's `change_resource_record_sets`
(MX pointed elsewhere is python/calls.py's; the delete is python/irreversible.py's), a request (`requests`, `httpx`,
`urllib`) to Cloudflare's or PowerDNS's record API, PowerDNS metadata opening transfers to anyone, a Cloudflare token
minted in code that also sends elsewhere, and `route53domains`' lock lifted together with the transfer code taken
(blocked; either alone is held for a person).
"""
from __future__ import annotations

from ..per_input import holds
from .. import dns_tables as dt

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "fetch"})
_REGISTRAR = frozenset({"disable_domain_transfer_lock", "retrieve_domain_auth_code",
                        "transfer_domain_to_another_aws_account"})
_NAMES = _SENDS | _REGISTRAR | {"change_resource_record_sets"}


class Dns:
    def visit_dns(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if holds(data, b"api.cloudflare.com") or holds(data, b"/api/v1/servers/"):
                self._dns_request(name, fn, node)
            return
        text = data.decode("utf-8", "replace")
        shown = self.src(fn)[:60]
        if name == "change_resource_record_sets":
            found = dt.judge_records(dt.code_route53(self._dns_batch(node, text), text), text)
            if found is not None:
                (self.block if found[0] == "block" else self.review)(
                    dt.RULE, f"`{shown}` {found[1]}{dt.advice(found[0])}", node)
        elif name == "transfer_domain_to_another_aws_account":
            self.review(dt.RULE, f"`{shown}` hands the domain (its mail and every login under it) to another AWS "
                                 "account: a person should confirm that account is the organisation's", node)
        else:
            both = dt.registrar_step(text)
            (self.block if both else self.review)(dt.RULE, dt.registrar_message(shown, both), node)

    def _dns_batch(self, node, text: str) -> str:
        """The change batch's source: the call's own, or the whole code's when the call passes a list built elsewhere."""
        src = self.src(node)
        return src if "ResourceRecordSet" in src else text

    def _dns_request(self, name: str, fn, node) -> None:
        src = self.src(node)
        target = dt.api_target(src)
        if target is None:
            return
        method = name.upper() if name in ("post", "put", "patch") else None
        if method is None:
            import re

            m = re.search(r"""(?i)method\s*=\s*["'](POST|PUT|PATCH|GET|DELETE)["']""", src)
            method = m.group(1).upper() if m else ("POST" if "data=" in src or "json=" in src else "GET")
        if method not in ("POST", "PUT", "PATCH"):
            return
        found = dt.api_finding(target, f"`{self.src(fn)[:60]}`", src, self.doc.data.decode("utf-8", "replace"))
        if found is not None:
            (self.block if found[0] == "block" else self.review)(dt.RULE, found[1], node)
