"""HPC and research computing from Python: Globus's SDK and Transfer API, Dask and Ray clients, the group's data on the
cluster's shared storage (session 31). The tables and messages are validate/hpc_tables.py. Blocked:

- a request to a bare public address or a drop-box service (a tunnel, a request bin, a paste site) from a script that
  opens a file of the cluster's shared storage (`h5py.File("/gpfs/project/…")`, `xr.open_dataset("/lustre/…")`,
  `np.load("/project/…")`, the path or the URL held in a constant): the group's research data sent away;
- a Dask `Client` (or `ray.init`) connected to a scheduler at a tunnel or drop-box service: the tasks' data goes
  there and the client unpickles what comes back (a bare public address is reviewed: a cloud head node's);
- a Globus access rule (`TransferClient.add_endpoint_acl_rule`, `update_endpoint_acl_rule`, or a POST to
  `…/endpoint/ID/access`, globus_sdk's relative `endpoint/{ep}/access` too, the rule's items set after it was
  written included) giving write access to anyone or to a free mail address; reviewed: read access for a free mail
  address, write access for a named identity (hpc_tables.acl_finding), and a free mail address made a member of a
  Globus group (`GroupsManager.add_member`: the group's shares reach it).

Allowed: the cluster's own scheduler (`Client(cluster)`, a scheduler file, a private or named address), transfers
between the organisation's collections, read-only shares with named collaborators, results posted to the
organisation's own services.
"""
from __future__ import annotations

import re

from .. import hpc_tables as ht
from ..backups_tables import expanded
from ..per_input import decoded, once
from .http_calls import leak_sent

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_ACL_CALLS = frozenset({"add_endpoint_acl_rule", "update_endpoint_acl_rule"})
_MEMBERS = frozenset({"add_member", "invite_member"})
_NAMES = _SENDS | _ACL_CALLS | _MEMBERS | {"Client", "init"}
# what a rule or a request's body is built from before the call
_VALUES = frozenset({"dictionary", "string", "concatenated_string", "call", "list"})
_URLS = frozenset({"string", "concatenated_string", "binary_operator"})
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")
_ITEM_SET = re.compile(rb"(?m)^[^\S\n]*+([A-Za-z_]\w*+)\[[^\]\n]*+\][^\S\n]*+=[^\n]*+")


def _item_assignments(data: bytes) -> dict[str, list[str]]:
    """Each name's `name[key] = value` lines in the code (once per input)."""
    out: dict[str, list[str]] = {}
    for m in _ITEM_SET.finditer(data):
        out.setdefault(m.group(1).decode(), []).append(m.group(0).decode("utf-8", "replace"))
    return out


class Hpc:
    def visit_hpc(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        if name in _SENDS:
            if not pos:
                return
            at = pos[1] if name == "request" and len(pos) > 1 else pos[0]
            url = expanded(self, at, _URLS)
            if ht.ACL_PATH.search(url):
                self._acl(f"`{name}` to Globus's access API", node, pos)
                return
            leak_sent(self, name, node, pos, ht.CODE_MARKERS, lambda _arg, doc: ht.leak_finding(url, doc))
        elif name in _ACL_CALLS:
            self._acl(f"`{name}`", node, pos)
        elif name in _MEMBERS:
            self._member(name, node, pos)
        elif name == "Client" and (q or "").endswith("distributed.Client") or name == "init" and q == "ray.init":
            target = pos[0] if pos else self.kwarg(node, "address")
            if target is not None and target.type == "identifier":
                target = self.given(target, frozenset({"string"}))
            found = ht.scheduler_finding(self.string(target) if target is not None else None)
            if found:
                # (a bare address is a person's call, unless the script also reads the group's data: it goes there)
                path = ht.shared_read(decoded(self.doc.data)) if found[0] == "review" else None
                shown = f"`{q}`: {found[1]}" + (f"; the script reads {path[:80]} from the cluster's shared storage, "
                                                "which goes there with the tasks" if path else "")
                (self.block if found[0] == "block" or path else self.review)("exfiltration", shown, node)

    def _acl(self, shown: str, node, pos: list) -> None:
        body = expanded(self, node, _VALUES) + self._items_set(pos)
        found = ht.acl_finding(body)
        if found:
            (self.block if found[0] == "block" else self.review)(found[1], f"{shown}: {found[2]}", node)

    def _items_set(self, pos: list) -> str:
        """`rule['permissions'] = 'rw'` lines of the code for each name passed to the call: the rule as sent."""
        items = once(self.doc.data, _item_assignments, _item_assignments)
        out = [line for p in pos if p.type == "identifier" for line in items.get(self.src(p), ())]
        return "\n" + "\n".join(out) if out else ""

    def _member(self, name: str, node, pos: list) -> None:
        """`GroupsManager(gc).add_member(group, 'x@gmail.com', role='admin')`: the group's shares reach the member."""
        who = next((m.group(0) for p in pos[1:] for m in [_ADDRESS.search(self.string(p) or "")] if m), None)
        why = ht.free_mail(who)
        if why:
            role_node = self.kwarg(node, "role")
            role = (self.string(role_node) if role_node is not None else None) or "member"
            self.review("exfiltration", f"`{name}` makes {who} ({why}) {role} of a Globus group: every collection "
                                        "shared with the group is then shared with whoever reads that mailbox; a "
                                        "person should confirm it is a collaborator's", node)
