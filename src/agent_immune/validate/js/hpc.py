"""HPC and research computing from TypeScript (session 31), as python/hpc.py: a Globus access rule made through the
Transfer API (`fetch(…/endpoint/${ep}/access, { method: "POST", body })`, the URL joined with `+` or held in a
constant, or @globus/sdk's `transfer.access.create({ payload })`) that gives write access to anyone or to a free mail
address is blocked (read access for a free mail address, write access for a named identity: reviewed); a request to a
bare public address or a drop-box service (its URL or its options' `hostname`, written out or held in a constant)
from a script that reads a file of the cluster's shared storage (`readFileSync("/project/…")`, the path in a
constant too) is blocked. The tables and messages are validate/hpc_tables.py.
"""
from __future__ import annotations

from .. import hpc_tables as ht
from ..backups_tables import expanded
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
# what a request's options and body are built from before the call
_VALUES = frozenset({"object", "string", "template_string", "call_expression", "array"})
_URLS = frozenset({"string", "template_string", "binary_expression", "object"})


class Hpc:
    def visit_hpc(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if not args or name not in _SENDS and not (name == "create" and self.src(fn).endswith("access.create")):
            return
        url = expanded(self, args[0], _URLS)
        if name == "create" or ht.ACL_PATH.search(url):
            found = ht.acl_finding(expanded(self, node, _VALUES))
            if found:
                (self.block if found[0] == "block" else self.review)(
                    found[1], f"`{name}` to Globus's access API: {found[2]}", node)
            return
        data = self.doc.data
        if in_input(ht.CODE_MARKERS, data):
            found = ht.leak_finding(url, decoded(data))
            if found:
                self.block("exfiltration", found, node)
