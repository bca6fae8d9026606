"""Live streaming and video delivery from TypeScript and JavaScript: IVS and Mux stream keys, CloudFront's signed URLs
(session 32).

As python/streaming.py, for the AWS SDK v3 and node's request clients. Blocked:
- a request with a body (`fetch`, axios, got) to an outsider's host from code that gathers many stream keys
  (`GetStreamKeyCommand` for each key `ListStreamKeysCommand` lists, Mux's `liveStreams.list`);
- `new UpdateDistributionCommand(…)` sent by code that turns a cache behaviour's trusted key groups (or signers)
  off.
Allowed: one stream key read to configure an encoder. A CloudFront signer's module given a private key read from a
held or secret file is judged as any code reading that file (see python/streaming.py).
"""
from __future__ import annotations

from .. import streaming_tables as st
from ..per_input import holds, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request"})
_NAMES = _SENDS | {"send"}


class Streaming:
    def visit_streaming(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else (q or "").rpartition(".")[2]
        if name not in _NAMES or not args:
            return
        data = self.doc.data
        if name == "send":
            if args[0].type == "new_expression" and holds(data, b"UpdateDistributionCommand") and \
                    self.src(args[0].child_by_field_name("constructor")).endswith("UpdateDistributionCommand") and \
                    in_input(st.SIGNING_OFF_BYTES, data):
                self.block("exfiltration", f"`{self.src(fn)[:40]}(new UpdateDistributionCommand(…))` "
                                           f"{st.SIGNING_MESSAGE}", node)
            return
        what = st.keys_gathered(data)
        if what is not None:
            self._keys_sent(what, q, fn, node, args)

    def _keys_sent(self, what: str, q, fn, node, args: list) -> None:
        from .network import _CLIENTS, _FETCHES, _VERBS

        mod, member = self.module(q)
        if not ((mod, member) in _FETCHES and self._object(args[0]) is None or mod in _CLIENTS and member in _VERBS):
            return
        if len(args) < 2:
            return
        obj = self._object(args[1])
        if obj is not None and (mod, member) in _FETCHES and self._opt(obj, "body") is None:
            return  # a GET
        from ..common_code import remote_target

        host = remote_target(self._url_text(args[0]))
        verdict = st.keys_destination(host, self.doc.data) if host else None
        if verdict is not None:
            call = self.src(fn) if fn.end_byte - fn.start_byte <= 40 else (q or "request")
            getattr(self, verdict)("exfiltration", st.keys_message(what, call, host, verdict), node)

