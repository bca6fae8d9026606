"""Live streaming and video delivery from Python: IVS and Mux stream keys, CloudFront's signed URLs (session 32).

The tables are validate/streaming_tables.py. Blocked:
- a request with a body to an outsider's host from code that gathers many stream keys (IVS's keys read for each
  channel listed, Mux's live streams listed with their keys): whoever holds a key broadcasts on that channel;
- `update_distribution` of code that turns a cache behaviour's trusted key groups (or signers) off: the paid and
  private video of the distribution open to anyone with its address.
Allowed: one stream key read to configure an encoder, and updates that leave the key groups alone. CloudFront's URL
signer given a private key read from a held or secret file is judged as any code reading that file: that the key's
text goes only into the signer is a data flow these rules do not follow, and the signer's name in the code could not
vouch for the other keys it reads.
"""
from __future__ import annotations

from .. import streaming_tables as st
from ..per_input import in_input

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_NAMES = _SENDS | {"update_distribution"}


class Streaming:
    def visit_streaming(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name == "update_distribution":
            if meth is not None and in_input(st.SIGNING_OFF_BYTES, data):
                self.block("exfiltration", f"`{self.src(fn)[:60]}` {st.SIGNING_MESSAGE}", node)
            return
        what = st.keys_gathered(data)
        if what is None:
            return
        parts = self._request_parts(q, fn, meth, node, pos)
        if parts is None or not parts[2]:
            return
        from ..common_code import remote_target

        host = remote_target(self._url_text(parts[1]))
        verdict = st.keys_destination(host, data) if host else None
        if verdict is not None:
            getattr(self, verdict)("exfiltration", st.keys_message(what, parts[0], host, verdict), node)

