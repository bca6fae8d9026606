"""Routers, switches, firewalls and VPNs administered from TypeScript: the Meraki Dashboard, UniFi, RouterOS REST,
OPNsense and pfSense APIs through fetch/axios/got, and device commands through ssh2 (session 28).

As python/routers.py: a request's URL, method and body (names given one value read as that value: `${api}/client/
addClient` with `const api = "https://…/api/wireguard"`) are read by routers_tables.api_findings; the command an
ssh2 client runs by routers_tables.cli_findings (pf turned off, a device's logging or accounts). Blocked: a
stranger's mailbox made an administrator (Meraki `/admins`, UniFi `invite-admin`), a router account of group full
with a written password, management or a firewall opened to everyone, intrusion prevention off, RDP or ssh forwarded
from any address, a WireGuard peer at a bare public address, a request to an outsider that carries what the code
read of a device (its configuration, a VPN's keys: routers_tables.dump_taint). Reviewed `irreversible`: a RouterOS configuration reset, a UniFi site deleted, a
Meraki network's devices removed. Reads (device lists, statistics, rules compared) stay allowed.
"""
from __future__ import annotations

import re

from .. import routers_tables as rt
from ..backups_tables import expanded
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "delete", "request", "got", "axios"})
_VALUES = frozenset({"object", "string", "template_string", "call_expression", "new_expression", "array"})
_FLAT = re.compile(r"""\$?\{\s*["'`]|["'`]\s*\}""")


class Routers:
    def visit_routers(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or not args:
            return
        data = self.doc.data
        if name in _SENDS:
            if in_input(rt.API_BYTES, data):
                text = expanded(self, node, _VALUES)
                method = name.upper() if name in ("post", "put", "patch", "delete") else None
                self._routers_report(rt.api_findings(_FLAT.sub("", text) + "\n" + text, decoded(data), method), node)
            if in_input(rt.DUMP_MARKERS, data) and self._routers_carries(node, args):
                found = rt.dump_finding(self.src(args[0]), decoded(data))
                if found:
                    self._routers_report([found], node)
        elif name == "write" and prop is not None and b"routeros" in data:
            # node-routeros: `conn.write("/user/add", ["=name=x", "=group=full", "=password=…"])`
            path = self.string(args[0])
            arr = args[1] if len(args) > 1 else None
            words = [w for w in (self.string(c) for c in arr.named_children[:64]) if w is not None] \
                if arr is not None and arr.type == "array" else []
            if path is not None and path.startswith("/"):
                line = path + " " + " ".join(w.lstrip("=") for w in words)
                self._routers_report(rt.cli_findings(line, decoded(data)), node)
        elif name in ("exec", "shell") and prop is not None and b"ssh2" in data:
            text = self.string(args[0])
            if text is not None:
                self._routers_report(rt.cli_findings(text, decoded(data)), node)

    def _routers_report(self, found: list, node) -> None:
        rt.report(found, self.block, self.review, node)

    def _routers_carries(self, node, args: list) -> bool:
        """Whether the request (its arguments after the URL) carries what the code read of a device (its
        configuration, a VPN's keys): a name given it, a file it was written to (routers_tables.dump_taint)."""
        names: list[str] = []
        strings: list[str] = []
        stack = list(args[1:])
        while stack and len(names) + len(strings) < 256:
            n = stack.pop()
            if n.type in ("identifier", "shorthand_property_identifier"):
                names.append(self.src(n))
            elif n.type == "member_expression" and self.src(n.child_by_field_name("object")) == "this":
                names.append(self.src(n.child_by_field_name("property")))
            elif n.type == "string":
                s = self.string(n)
                if s is not None:
                    strings.append(s)
            stack.extend(n.named_children)
        text = " ".join(self.src(a) for a in args[1:])
        return rt.dump_sent(names, strings, text, decoded(self.doc.data))
