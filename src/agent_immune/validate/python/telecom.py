"""Telephony and messaging from Python (session 30): the Twilio, Plivo and Vonage SDKs, smpplib, raw sockets to
Asterisk's manager interface (AMI) and FreeSWITCH's event socket (ESL), ARI over HTTP, the CDR database.

Blocked:
- an ESL `api system …` / `bgapi system …` written to a socket: judged as the shell command the switch runs;
- an AMI `Application: System` or a `SHELL(…)` sent on a socket, an ESL `api system` in any `;;` part: judged as
  the shell command the PBX runs;
- calls originated to a number in the ranges international revenue share fraud uses (telecom_tables.HIGH_RISK): an
  AMI `Action: Originate` sent on a socket, `client.calls.create(to=…)` (Twilio, Plivo), Vonage's
  `create_call`, the number written in the call or, when the call names it by a variable, written with its
  international prefix anywhere in the script (a list it loops over, an f-string it builds; a bare run of digits
  elsewhere is an id as often as a number). One call to a small country's number is reviewed (a customer's, maybe);
  calls in a loop, and to the satellite and premium ranges, are blocked;
- a request to a sink (a bare address, a drop site, a tunnel, a messenger's bot: telecom_tables.sink) from code that
  holds the PBX's configuration files, recordings, CDRs (`COPY (SELECT * FROM cdr) TO STDOUT`) or the texts it
  receives (smpplib's `short_message`, a webhook's `Body`);
- a phone number's or a messaging service's webhook pointed at a bare address, a drop site or a messenger's bot
  (`number.update(sms_url=…)`, `inbound_request_url=`), or at a tunnel for every number of the account (in a loop
  over `incoming_phone_numbers.list()`); a tunnel for one number (the providers' quick start) and every number
  pointed at another named host (the organisation's webhook as often as not) are reviewed;
- texts sent in a loop whose words ask the reader to sign in, verify or pay at a link named like a sign-in page or
  at a sink (`phishing`);
- ARI snooping on calls and bridging them to an endpoint at a bare address.

Reviewed `irreversible`: a number released at Plivo or Vonage (`numbers.unrent`, `cancel_number`), call detail
records deleted (`DELETE FROM cdr …`, `TRUNCATE cel`). Sending texts and placing calls to ordinary numbers, status
callbacks to the project's host, reading CDRs and posting an alert to an address from the environment, recordings
archived to the organisation's bucket stay allowed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import telecom_tables as tt
from ..hosts import loopback, url_host
from ..per_input import decoded, in_input
from ..secret_owner import own_network

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "urlretrieve"})
_SOCKET_WRITES = frozenset({"sendall", "send", "write"})
_CALLS = frozenset({"create_call", "create_outbound_call", "make_call", "originate"})
_HOOK_KWARGS = ("sms_url", "voice_url", "sms_fallback_url", "voice_fallback_url", "message_url", "answer_url",
                "hangup_url", "inbound_url", "event_url", "webhook_url", "inbound_request_url", "fallback_url")
_RELEASES = frozenset({"unrent", "cancel_number"})
_SQL_RUNS = frozenset({"execute", "executemany", "executescript", "exec_driver_sql", "raw", "query"})
_NAMES = _SENDS | _SOCKET_WRITES | _CALLS | _RELEASES | _SQL_RUNS | {"create", "update"}
# (what an AMI action or an ESL command line starts with: the text written is read only in an input that has one)
_PROTOCOL = re.compile(rb"(?i)Action:|\b(?:bg)?api\s")
_STRING_KINDS = frozenset({"string", "concatenated_string"})


@lru_cache(maxsize=8)
def _fraud_number(text: str) -> tuple[str, str] | None:
    """The first number of the script in a HIGH_RISK range written with an international prefix (its bare runs of
    digits are ids and accounts as often as numbers)."""
    return tt.high_risk_in(text, prefixed=True)


class Telecom:
    def visit_telecom(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SOCKET_WRITES:
            if pos and in_input(_PROTOCOL, data):
                self._tel_protocol(node, pos[0])
        elif name in _SENDS:
            if pos and in_input(tt.HELD_MARKERS, data):
                self._tel_held_sent(name, node, pos)
            if b"snoop" in data:
                found = tt.snoop_finding(decoded(data))
                if found:
                    self.block(found[0], found[1], node)
        elif name == "create" or name in _CALLS:
            self._tel_created(fn, name, node)
        elif name == "update":
            self._tel_hooks(fn, node)
        elif name in _RELEASES:
            if b"plivo" in data or b"vonage" in data or b"nexmo" in data:
                self.review("irreversible", f"`{self.src(fn)}` releases the phone number from the provider's account "
                                            "(a released number may never come back); a person should confirm it",
                            node)
        elif pos and (b"cdr" in data or b"cel" in data):
            sql = self.string(pos[0])
            why = tt.cdr_deleted(sql) if sql else None
            if why:
                self.review("irreversible", f"`{self.src(fn)}` {why}", node)

    # -- the manager interface and the event socket ----------------------------------------------------------------
    def _tel_protocol(self, node, arg) -> None:
        text = self.src(arg)
        shells, _ = tt.protocol_finding(text)
        for shell in shells:
            self.ctx.nested(shell, "bash", self.doc, node, None)
        if "Originate" in text or "originate" in text:
            hit = tt.high_risk_in(text) or _fraud_number(decoded(self.doc.data))
            if hit is not None:
                rule, msg = tt.toll_fraud(hit[0], hit[1], "the code originates calls through the PBX to")
                self.block(rule, msg, node)

    # -- requests ------------------------------------------------------------------------------------------------
    def _tel_url_of(self, arg) -> str:
        if arg.type == "identifier":
            bound = self.given(arg, _STRING_KINDS)
            if bound is not None:
                return self.src(bound)
        return self.src(arg)

    def _tel_held_sent(self, name: str, node, pos: list) -> None:
        arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
        found = tt.held_sent(self._tel_url_of(arg), decoded(self.doc.data))
        if found:
            self.block("exfiltration", found, node)

    # -- calls, texts and numbers ----------------------------------------------------------------------------------
    def _tel_created(self, fn, name: str, node) -> None:
        chain = self.src(fn)
        if name in _CALLS or chain.endswith("calls.create"):
            # (a number written in the call is the one called; one given by a name may be any number of the script)
            to = self.kwarg(node, "to") or self.kwarg(node, "endpoint") or self.kwarg(node, "dst")
            fixed = self.string(to) if to is not None else None
            hit = tt.high_risk_in(fixed) if fixed is not None else \
                tt.high_risk_in(tt.without_urls(self.src(node))) or _fraud_number(decoded(self.doc.data))
            if hit is not None:
                rule, msg = tt.toll_fraud(hit[0], hit[1], f"`{chain}` places calls to")
                if tt.network_range(hit[0]) or self._tel_in_loop(node):
                    self.block(rule, msg, node)
                else:  # (one call to a small country's number may be a customer's)
                    self.review(rule, msg, node)
        elif chain.endswith("messages.create") or chain.endswith("sms.send") or chain.endswith("send_message"):
            if not self._tel_in_loop(node):
                return
            body = self.kwarg(node, "body") or self.kwarg(node, "text")
            text = self.string(body) if body is not None else None
            why = tt.smishing(text, decoded(self.doc.data)) if text else None
            if why:
                self.block("phishing", f"`{chain}` texts many recipients in a loop a message that {why}: credential "
                                       "phishing by SMS in the organisation's name", node)

    def _tel_in_loop(self, node, over: str | None = None) -> bool:
        up = node.parent
        while up is not None and up.type != "module":
            if up.type in ("for_statement", "list_comprehension", "generator_expression", "while_statement"):
                if over is None:
                    return True
                right = up.child_by_field_name("right")
                if right is not None and over in self.src(right):
                    return True
            up = up.parent
        return False

    def _tel_hooks(self, fn, node) -> None:
        data = self.doc.data
        if b"_url" not in data:
            return
        every = b"incoming_phone_numbers" in data and any(
            self._tel_in_loop(node, over) for over in ("incoming_phone_numbers", ".list(", ".stream("))
        for key in _HOOK_KWARGS:
            v = self.kwarg(node, key)
            url = self.string(v) if v is not None else None
            if not url or "//" not in url:
                continue
            url = tt.hook_url(url)
            host = tt.sink(url)
            h = url_host(url) or ""
            if host is not None:
                verdict = tt.hook_verdict(key, host, every)
                getattr(self, verdict)("exfiltration", f"`{self.src(fn)}`: " + tt.hook_message(key, host, verdict),
                                       node)
                return
            if every and h and not loopback(h) and not own_network(h):
                # (the organisation's own webhook host as often as a stranger's: a person tells)
                self.review("exfiltration", f"`{self.src(fn)}` points every number of the account at {h} at once "
                                            "(their texts and calls, sign-in codes among them); a person should "
                                            "confirm that host is the organisation's own", node)
                return
