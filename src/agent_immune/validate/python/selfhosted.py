"""Self-hosted services administered from code (Home Assistant, Proxmox, Pi-hole, Nextcloud, TrueNAS, Traefik), from Python.

The tables and the messages are validate/selfhosted_tables.py:
- a Home Assistant service that opens the house or blinds its watch, called through its REST API
  (`requests.post(f"{HASS}/api/services/lock/unlock", …)`), a WebSocket `call_service` message, a custom component's
  `hass.services.async_call("lock", "unlock", …)` or homeassistant_api's `client.trigger_service(…)`: reviewed; a door
  opened where the alarm or the cameras go off too, or beside a host outside the user's network: blocked. The
  recorder's purge: reviewed as irreversible;
- a long-lived access token minted over the WebSocket API: reviewed, blocked beside a host outside the user's network;
- `hass.config.path(".storage/auth")` (a credential store of Home Assistant) in code that sends to such a host: blocked;
- proxmoxer: a `.delete()` of a guest, a volume or a snapshot and a snapshot's rollback: reviewed as irreversible; an
  account, an API token or an Administrator grant: reviewed, blocked beside a host outside the user's network;
- TrueNAS's middleware client (`c.call("pool.dataset.delete", …)`): reviewed as irreversible (`midclt call …` through
  subprocess: python/processes.py).
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import selfhosted_tables as t

_SENDS = frozenset({"post", "request", "urlopen", "Request", "put"})
_WS_SENDS = frozenset({"send", "send_json", "send_str", "send_text"})
_PVE = frozenset({"delete", "post", "put", "create", "set"})
_NAMES = _SENDS | _WS_SENDS | _PVE | t.SERVICE_CALLS | {"path"}
_ENTITY = re.compile(r"""entity_id["']?\s*[:=]\s*["']([\w.]+)["']""")
_TEXT = frozenset({"string", "dictionary", "call", "binary_operator", "concatenated_string"})
_PVE_MODULES = ("proxmoxer",)
_TRUENAS_MODULES = ("truenas_api_client", "middlewared")


class SelfHosted:
    def visit_selfhosted(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call: judged by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS and holds(data, b"/api/services/"):
            url = pos[0] if pos else self.kwarg(node, "url")
            text = self._sh_text(url) if url is not None else ""
            m = t.SERVICE_URL.search(text)
            if m is not None:
                self._sh_service(fn, m.group(1), m.group(2), node)
        if name in t.SERVICE_CALLS and len(pos) >= 2 and (name != "call" or self.src(fn).endswith("services.call")):
            domain, service = self.string(pos[0]), self.string(pos[1])
            if domain and service:
                self._sh_service(fn, domain, service, node)
        if name in _WS_SENDS and pos and (holds(data, b"call_service") or holds(data, b"long_lived")):
            text = self._sh_text(pos[0])
            if t.MINT in text:
                self.report(t.mint_finding(self._sh_shown(fn), t.foreign_host(data)), node)
            found = t.ws_service(text)
            if found is not None:
                self._sh_service(fn, found[0], found[1], node, text)
        if name == "path" and pos and holds(data, b"hass"):
            self._sh_store(fn, node, pos[0])
        if name in _PVE and fn.type == "attribute" and holds(data, b"proxmox"):
            self._sh_proxmox(name, fn, node)
        if name == "call" and pos and (holds(data, b"truenas") or holds(data, b"middlewared")) and any(v.startswith(_TRUENAS_MODULES) for v in self.alias.values()):
            method = self.string(pos[0])
            found = t.truenas_call(method, self.src(node)) if method else None
            if found is not None:
                self.review("irreversible", found, node)

    # -- Home Assistant ---------------------------------------------------------------------------------------------
    def _sh_service(self, fn, domain: str, service: str, node, text: str | None = None) -> None:
        m = _ENTITY.search(text if text is not None else self._sh_text(node))
        entity = m.group(1) if m else None
        shown = self._sh_shown(fn)
        purge = t.ha_purge(domain, service)
        if purge is not None:
            self.review("irreversible", t.purge_message(shown, purge), node)
            return
        found = t.ha_service(domain, service, entity)
        if found is None:
            return
        side, verb = found
        data = self.doc.data
        both = len(t.sides(data.decode("utf-8", "replace"))) > 1
        self.report(t.security_finding(shown, verb, entity, domain, both, t.foreign_host(data)), node)

    def _sh_store(self, fn, node, arg) -> None:
        """`hass.config.path(".storage/auth")`: a credential store of Home Assistant's configuration folder."""
        if not self.src(fn).endswith("config.path"):
            return
        rel = self.string(arg)
        if rel is None or not t.HA_STORES.search(rel):
            return
        foreign = t.foreign_host(self.doc.data)
        if foreign:
            self.block("exfiltration", t.store_message(self._sh_shown(fn), rel, foreign), node)

    # -- Proxmox ----------------------------------------------------------------------------------------------------
    def _sh_proxmox(self, name: str, fn, node) -> None:
        root, chain, _ = self.origin(fn)
        if root is None or not root.startswith(_PVE_MODULES):
            return
        segments = list(reversed(chain))  # nodes, qemu, delete
        shown = self._sh_shown(fn)
        if name == "delete":
            what = t.pve_deleted(segments)
            if what is not None:
                self.review("irreversible", t.pve_message(shown, what), node)
            return
        if name == "post" and "rollback" in segments:
            self.review("irreversible", t.pve_message(shown, "every change since the snapshot (a rollback)"), node)
            return
        if "access" not in segments:
            return
        text = self.src(node)
        made = None
        if "acl" in segments and name in ("put", "set") and t.PVE_ADMIN_ROLES.search(text):
            made = "gives an administrator role on the Proxmox server"
        elif "users" in segments and name in ("post", "create") and "token" in segments:
            made = "mints a Proxmox API token"
        elif "users" in segments and name in ("post", "create"):
            made = "creates a Proxmox account"
        if made is None:
            return
        foreign = t.foreign_host(self.doc.data)
        if foreign:
            self.block("exfiltration", f"`{shown}` {made} in code that also sends to {foreign}, a host outside the "
                                       "user's network: a way in for whoever runs it; never send accounts or their "
                                       "passwords off the user's network", node)
        else:
            self.review("privilege-escalation", f"`{shown}` {made}: a new way into the server, which a person "
                                                "should approve; show the user the account and its role", node)

    # -- readers ----------------------------------------------------------------------------------------------------
    def _sh_shown(self, fn) -> str:
        text = self.src(fn)
        return text if len(text) <= 60 else text.rpartition(".")[2]

    def _sh_text(self, node) -> str:
        return self.value_or_source(node, _TEXT)
