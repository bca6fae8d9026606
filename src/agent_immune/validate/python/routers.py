"""Routers, switches, firewalls and VPNs administered from Python: netmiko, napalm, Junos PyEZ, nornir, scrapli,
paramiko, librouteros, the Meraki SDK, pynetbox, and the devices' REST APIs through requests (session 28).

What a device is told (a config set, a command, a napalm candidate, a PyEZ `load`, a librouteros `path(...).add`)
is read by routers_tables.cli_findings; a request to a controller's or device's API, or a Meraki SDK call, by
routers_tables.api_findings. Blocked: an administrator with a written password or key, logging or accounting turned
off, an interface's inbound access list or the management lines' taken off, a stranger's mailbox made an
organisation administrator (by keyword or by position), a firewall opened from anywhere, pf turned off through an
ssh client, a request to an outsider's host that carries what the script read of a device: its configuration or a
VPN's keys (`send_command("sh run")`, PyEZ's `get_config`, `cat /etc/wireguard/*.conf` over paramiko), through the
names given it or a file it was written to (routers_tables.dump_taint). Reviewed `irreversible`: a napalm candidate
that replaces the whole configuration committed, a Meraki network deleted or its devices removed, RouterOS files
removed, NetBox records deleted; reviewed too, the configuration sent to a server the input names alone. Reading
(`show …`, facts, getters), a merge compared and discarded, NTP and other ordinary lines pushed, and a heartbeat or a
notification sent by a script that also saves configurations stay allowed.
"""
from __future__ import annotations

import re

from .. import routers_tables as rt
from ..backups_tables import expanded
from ..per_input import decoded, in_input

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "delete"})
# what hands a device command lines: name -> the keyword arguments that carry them (positional ones too)
_CLI_CALLS = {
    "send_config_set": ("config_commands",), "send_command": ("command_string",),
    "send_command_timing": ("command_string",), "send_multiline": ("commands",), "send_commands": ("commands",),
    "send_configs": ("configs",), "send_config": ("config",), "send_multiline_timing": ("commands",),
    "exec_command": ("command",), "load_merge_candidate": ("config",), "load_replace_candidate": ("config",),
    "cli": ("command", "commands"), "load": ("template", "config"), "run": ("config_commands", "configuration",
                                                                           "command_string", "commands"),
    "configure": ("config",), "send_config_from_string": ("config",),
}
_DEVICE_LIBS = re.compile(rb"netmiko|napalm|jnpr|nornir|scrapli|paramiko|ncclient|pyeapi|asyncssh|fabric")
_MERAKI = re.compile(r"^(?:createOrganizationAdmin|deleteNetwork|removeNetworkDevices|"
                     r"updateNetworkAppliance(?:Security(?:Intrusion|Malware)|Firewall(?:PortForwardingRules|"
                     r"OneToOneNatRules|OneToManyNatRules|InboundFirewallRules)))$")
# the positional parameters of the Meraki SDK's calls read here, in order
_MERAKI_ARGS = {"createOrganizationAdmin": ("organizationId", "email", "name", "orgAccess"),
                "updateNetworkApplianceFirewallPortForwardingRules": ("networkId", "rules"),
                "updateNetworkApplianceFirewallOneToOneNatRules": ("networkId", "rules"),
                "updateNetworkApplianceFirewallOneToManyNatRules": ("networkId", "rules")}
_ROS_VERBS = {"add": "add", "update": "set", "set": "set", "remove": "remove"}
_VALUES = frozenset({"dictionary", "string", "concatenated_string", "call", "list"})
_FLAT = re.compile(r"""\{\s*["']|["']\s*\}""")


class Routers:
    def visit_routers(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None:
            return
        data = self.doc.data
        if name in _SENDS:
            if in_input(rt.API_BYTES, data):
                text = expanded(self, node, _VALUES)
                method = name.upper() if name in ("post", "put", "patch", "delete") else None
                self._routers_report(rt.api_findings(_FLAT.sub("", text) + "\n" + text, decoded(data), method), node)
            if name != "delete" and pos and in_input(rt.DUMP_MARKERS, data):
                self._routers_dump_sent(name, node, pos)
            if name != "delete" or b"pynetbox" not in data:
                return
        if name in _CLI_CALLS and in_input(_DEVICE_LIBS, data):
            if name == "run" and not re.search(r"send_config|send_command|configure|napalm_cli", self.src(node)):
                return
            text = "\n".join(self._routers_texts(node, pos, _CLI_CALLS[name]))
            found = rt.cli_findings(text, decoded(data))
            if name == "load_replace_candidate" and b"commit_config" in data:
                found.append(("review", "irreversible", "`load_replace_candidate` then `commit_config` replaces the "
                                                        "device's whole configuration with the candidate: what it "
                                                        "leaves out is deleted on the device; commit a merge, or let "
                                                        "the user run the replace"))
            self._routers_report(found, node)
        elif _MERAKI.match(name) and b"meraki" in data:
            # (the SDK's positional arguments read as the keywords they stand for)
            given = [f"{k}={self.src(v)}" for k, v in zip(_MERAKI_ARGS.get(name, ()), pos)]
            text = f"{name}(" + ", ".join(given) + " " + expanded(self, node, _VALUES)
            self._routers_report(rt.api_findings(text, decoded(data), "POST"), node)
        elif name in _ROS_VERBS and (b"librouteros" in data or b"routeros_api" in data) and fn is not None and \
                fn.type == "attribute":
            self._routers_ros(name, fn, node)
        elif name == "delete" and b"pynetbox" in data and not (q or "").startswith(("requests", "httpx", "urllib")):
            self.review("irreversible", "`.delete()` of NetBox records (addresses, prefixes, devices) removes them "
                                        "from the source of truth, with their history of assignments and no undo; "
                                        "export them first and let the user delete them", node)
        elif name == "request_system_zeroize" and b"jnpr" in data:
            self._routers_report(rt.cli_findings("request system zeroize"), node)

    def _routers_report(self, found: list, node) -> None:
        rt.report(found, self.block, self.review, node)

    def _routers_dump_sent(self, name: str, node, pos: list) -> None:
        """A request to an outsider that carries what the script read of a device (its configuration, a VPN's
        keys): a name given it, a file it was written to (routers_tables.dump_taint)."""
        arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
        args = node.child_by_field_name("arguments")
        if args is None:
            return
        names: list[str] = []
        strings: list[str] = []
        stack = [c for c in args.named_children if c != arg]
        while stack and len(names) + len(strings) < 256:
            n = stack.pop()
            up = n.parent
            if n.type == "identifier":
                # (a keyword's own name, and an attribute's other than self's, name no value of the script)
                if up is not None and (up.type == "keyword_argument" and up.child_by_field_name("name") == n or
                                       up.type == "attribute" and up.child_by_field_name("attribute") == n and
                                       self.src(up.child_by_field_name("object")) != "self"):
                    continue
                names.append(self.src(n))
            elif n.type == "string":
                s = self.string(n)
                if s is not None:
                    strings.append(s)
            stack.extend(n.named_children)
        if not rt.dump_sent(names, strings, self.src(args), decoded(self.doc.data)):
            return
        found = rt.dump_finding(self.src(arg), decoded(self.doc.data))
        if found:
            self._routers_report([found], node)

    def _routers_texts(self, node, pos: list, keys: tuple) -> list[str]:
        """The strings a call hands the device: its string and list arguments, the names given one."""
        out: list[str] = []
        values = list(pos) + [v for k in keys for v in [self.kwarg(node, k)] if v is not None]
        for v in values[:8]:
            s = self.string(v) if v.type != "identifier" else None
            if s is None and v.type == "identifier":
                made = self.given(v, frozenset({"string", "concatenated_string"}))
                s = self.string(made) if made is not None else None
            if s is not None:
                out.append(s)
            else:
                out.extend(self.string_items(v))
        return out

    def _routers_ros(self, verb: str, fn, node) -> None:
        """librouteros: `api.path("user").add(name=…, group="full", password=…)`, `services.update(**{…})` with
        `services = api.path("ip", "service")`: read as the RouterOS line it sends."""
        obj = fn.child_by_field_name("object")
        if obj is not None and obj.type == "identifier":
            obj = self.given(obj, frozenset({"call"}))
        if obj is None or obj.type != "call" or not self.src(obj.child_by_field_name("function")).endswith(
                ("path", "get_resource")):
            return
        words = [self.string(a) for a in self.args(obj)]
        if not words or None in words:
            return
        path = "/" + "/".join(w.strip("/") for w in words)  # type: ignore[union-attr]
        if path == "/file" and verb == "remove":
            self.review("irreversible", "`path(\"file\").remove(…)` deletes files of the router (its backups and "
                                        "exports), with no undo; let the user delete them", node)
            return
        pairs = []
        for m in re.finditer(r"""["']?([\w.-]+)["']?\s*[:=]\s*(?:["']([^"'\n]*)["']|(\w+))""",
                             self.src(node.child_by_field_name("arguments"))):
            pairs.append(f"{m.group(1)}={m.group(2) if m.group(2) is not None else m.group(3)}")
        line = f"{path} {_ROS_VERBS[verb]} " + " ".join(pairs)
        self._routers_report(rt.cli_findings(line, decoded(self.doc.data)), node)
