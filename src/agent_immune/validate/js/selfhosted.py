"""Self-hosted services administered from code (Home Assistant, Proxmox, Pi-hole, Nextcloud, TrueNAS, Traefik), from TypeScript.

The tables and the messages are validate/selfhosted_tables.py (python/selfhosted.py reads the same shapes):
- a Home Assistant service that opens the house or blinds its watch, called through its REST API
  (`fetch(`${HASS}/api/services/lock/unlock`, …)`, axios, ky) or a WebSocket `call_service` message
  (`ws.send(JSON.stringify({type: "call_service", domain: "lock", service: "unlock"}))`, home-assistant-js-websocket's
  `callService(conn, "lock", "unlock")`): reviewed; a door opened where the alarm or the cameras go off too, or beside
  a host outside the user's network: blocked. The recorder's purge: reviewed as irreversible;
- a long-lived access token minted over the WebSocket API: reviewed, blocked beside a host outside the user's network;
- proxmox-api: `proxmox.nodes.$(n).qemu.$(id).$delete()`: reviewed as irreversible.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import selfhosted_tables as t

_SENDS = frozenset({"fetch", "post", "request", "put", "$fetch", "ofetch"})
_WS_SENDS = frozenset({"send", "sendMessage", "sendMessagePromise"})
_NAMES = _SENDS | _WS_SENDS | t.SERVICE_CALLS | {"$delete", "$post"}
_ENTITY = re.compile(r"""entity_id["']?\s*:\s*["']([\w.]+)["']""")
_TEXT = frozenset({"string", "template_string", "object", "binary_expression", "call_expression"})


class SelfHosted:
    def visit_selfhosted(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call: judged by its name before anything else is read."""
        name = self.src(prop) if prop is not None else q.rpartition(".")[2] if q is not None else None
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS and args and holds(data, b"/api/services/"):
            m = t.SERVICE_URL.search(self._sh_text(args[0]))
            if m is not None:
                self._sh_service(fn, m.group(1), m.group(2), node, self.src(node))
        if name in t.SERVICE_CALLS and len(args) >= 2:
            # home-assistant-js-websocket's callService(conn, domain, service, data), hass.callService(domain, service)
            at = 1 if name == "callService" and prop is None else 0
            domain = self.string(args[at]) if len(args) > at else None
            service = self.string(args[at + 1]) if len(args) > at + 1 else None
            if domain and service:
                self._sh_service(fn, domain, service, node, self.src(node))
        if name in _WS_SENDS and args and (holds(data, b"call_service") or holds(data, b"long_lived")):
            text = self._sh_text(args[0])
            if t.MINT in text:
                self.report(t.mint_finding(self._sh_shown(fn), t.foreign_host(data)), node)
            found = t.ws_service(text)
            if found is not None:
                self._sh_service(fn, found[0], found[1], node, text)
        if name in ("$delete", "$post") and holds(data, b"proxmox"):
            segments = t.pve_segments(self.src(fn))
            what = t.pve_deleted(segments) if name == "$delete" else (
                "every change since the snapshot (a rollback)" if "rollback" in segments else None)
            if what is not None:
                self.review("irreversible", t.pve_message(self._sh_shown(fn), what), node)

    def _sh_service(self, fn, domain: str, service: str, node, text: str) -> None:
        shown = self._sh_shown(fn)
        purge = t.ha_purge(domain, service)
        if purge is not None:
            self.review("irreversible", t.purge_message(shown, purge), node)
            return
        m = _ENTITY.search(text)
        entity = m.group(1) if m else None
        found = t.ha_service(domain, service, entity)
        if found is None:
            return
        data = self.doc.data
        both = len(t.sides(data.decode("utf-8", "replace"))) > 1
        self.report(t.security_finding(shown, found[1], entity, domain, both, t.foreign_host(data)), node)

    def _sh_shown(self, fn) -> str:
        text = self.src(fn)
        return text if len(text) <= 60 else text.rpartition(".")[2]

    def _sh_text(self, node) -> str:
        return self.value_or_source(node, _TEXT)
