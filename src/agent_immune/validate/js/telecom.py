"""Telephony and messaging from TypeScript (session 30): the Twilio, Plivo and Vonage SDKs and REST APIs, ARI,
raw sockets to Asterisk's manager interface and FreeSWITCH's event socket, the CDR database, SMS webhooks.

Blocked, as python/telecom.py:
- an ESL `api system …` (in any `;;` part) or an AMI `Application: System` written to a socket (judged as the shell
  command the switch runs), calls originated to a number in the ranges international revenue share fraud uses (an
  AMI `Originate`, `client.calls.create({ to })`, a `fetch` of the providers' call APIs or ARI's channels: the number
  written in the call, or with its international prefix anywhere in the script; one call to a small country's
  number is reviewed, calls in a loop and to the satellite and premium ranges blocked);
- a request to a sink (a bare address, a drop site, a tunnel, a messenger's bot: telecom_tables.sink) from code that
  holds the PBX's configuration files, recordings (a recording's media fetched from the provider and sent on), CDRs or
  the texts it receives; a number's or an account's webhook (`voiceUrl`, `smsUrl`, Vonage's `moCallBackUrl`) pointed
  at a bare address, a drop site or a messenger's bot, or at a tunnel for the whole account or in a `.map` or loop
  over the numbers (a tunnel for one number, the providers' quick start, is reviewed; a `for` loop over the numbers
  to another host is js/network.py's);
- texts sent in a loop whose words ask the reader to sign in, verify or pay at a link named like a sign-in page;
- ARI snooping on calls and bridging them to an endpoint at a bare address.

Reviewed: an SMS webhook that forwards what it receives to another named host (`exfiltration`: a helpdesk or a
stranger's collector, a person tells); recordings, calls or messages deleted one by one in a loop or an `each`
callback, a number released at Plivo or Vonage, call detail records deleted (`irreversible`). A status callback to
the project's host, recordings archived to its bucket, one recording fetched stay allowed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import telecom_tables as tt
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_SOCKET_WRITES = frozenset({"write", "send", "end"})
_RELEASES = frozenset({"unrent", "cancelNumber", "cancel_number"})
_SQL_RUNS = frozenset({"query", "execute", "exec", "raw", "$executeRawUnsafe", "$queryRawUnsafe", "unsafe"})
_REMOVES = frozenset({"remove", "delete"})
_NAMES = _SENDS | _SOCKET_WRITES | _RELEASES | _SQL_RUNS | _REMOVES | {"create", "update", "createOutboundCall",
                                                                      "makeCall"}
_LOOPS = ("for_statement", "for_in_statement", "while_statement", "do_statement")
_EACH = (".each(", ".forEach(", ".map(", ".stream(")


@lru_cache(maxsize=8)
def _fraud_number(text: str) -> tuple[str, str] | None:
    """The first number of the script in a HIGH_RISK range written with an international prefix (its bare runs of
    digits are ids and accounts as often as numbers)."""
    return tt.high_risk_in(text, prefixed=True)


@lru_cache(maxsize=8)
def _hooked(text: str) -> tuple[str, str] | None:
    return tt.hook_redirect(text)


class Telecom:
    def visit_telecom(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if args:
                self._tel_sent(name, node, args)
        elif name in _SOCKET_WRITES:
            if args and (b"Originate" in data or b"system" in data or b"spawn" in data):
                self._tel_protocol(node, args[0])
        elif name in ("create", "createOutboundCall", "makeCall"):
            self._tel_created(fn, name, node, args)
        elif name == "update":
            self._tel_hooks(fn, node, args)
        elif name in _RELEASES:
            if b"plivo" in data or b"vonage" in data or b"nexmo" in data:
                self.review("irreversible", f"`{self.src(fn)}` releases the phone number from the provider's account "
                                            "(a released number may never come back); a person should confirm it",
                            node)
        elif name in _REMOVES:
            self._tel_removed(fn, node)
        elif args and (b"cdr" in data or b"cel" in data):
            sql = self.string(args[0])
            why = tt.cdr_deleted(sql) if sql else None
            if why:
                self.review("irreversible", f"`{self.src(fn)}` {why}", node)

    def _tel_url(self, arg) -> str:
        text = self._url_text(arg)
        return text if text is not None else self.src(arg)

    def _tel_sent(self, name: str, node, args: list) -> None:
        data = self.doc.data
        text = decoded(data)
        hooked = _hooked(text) if in_input(_HOOK_HINT, data) else None
        if hooked is not None:
            verdict = tt.hook_verdict(hooked[0], hooked[1], self._tel_in_loop(node))
            getattr(self, verdict)("exfiltration", tt.hook_message(hooked[0], hooked[1], verdict), node)
            return
        if in_input(_CALL_HINT, data):
            self._tel_api_call(node, args)
        if b"snoop" in data:
            found = tt.snoop_finding(text)
            if found:
                self.block(found[0], found[1], node)
                return
        if not in_input(tt.HELD_MARKERS, data):
            return
        url_text = self._tel_url(args[0])
        found = tt.held_sent(url_text, text)
        if found:
            self.block("exfiltration", found, node)
            return
        self._tel_mirror(node, url_text, text)

    def _tel_mirror(self, node, url_text: str, text: str) -> None:
        """An SMS webhook that posts what it receives on to another named host: a helpdesk, or a collector."""
        from ..hosts import loopback, url_host
        from ..secret_owner import own_network
        from .. import mail_tables as mt

        if tt.held_in_code(text) != "the text messages received (sign-in codes among them)":
            return
        url = tt.first_url(url_text)
        host = url_host(url) if url else None
        if not host or "$" in host or "{" in host or loopback(host) or own_network(host) or \
                mt.base(host) in mt.PROVIDERS:
            return
        self.review("exfiltration", f"the webhook posts the texts it receives (sign-in codes among them) on to "
                                    f"{host}; a person should confirm that host is the organisation's own", node)

    def _tel_api_call(self, node, args: list) -> None:
        """`fetch(…/Calls.json, { body: new URLSearchParams({ To: "+882…" }) })`: a call placed through the provider's
        REST API (or ARI's `/channels?endpoint=…`) to a HIGH_RISK number."""
        url = self._tel_url(args[0])
        if tt.first_url(url) is None or not _CALL_API.search(url):
            return
        hit = tt.high_risk_in(self.src(node), prefixed=True) or _fraud_number(decoded(self.doc.data))
        if hit is not None:
            rule, msg = tt.toll_fraud(hit[0], hit[1], "the request places a call through the provider's API to")
            if tt.network_range(hit[0]) or self._tel_in_loop(node):
                self.block(rule, msg, node)
            else:
                self.review(rule, msg, node)

    def _tel_protocol(self, node, arg) -> None:
        text = self.src(arg)
        shells, _ = tt.protocol_finding(text)
        for shell in shells:
            self.ctx.nested(shell, "bash", self.doc, node, None)
        if "riginate" in text:
            hit = tt.high_risk_in(text) or _fraud_number(decoded(self.doc.data))
            if hit is not None:
                rule, msg = tt.toll_fraud(hit[0], hit[1], "the code originates calls through the PBX to")
                self.block(rule, msg, node)

    def _tel_in_loop(self, node) -> bool:
        up = node.parent
        while up is not None and up.type != "program":
            if up.type in _LOOPS:
                return True
            if up.type in ("arrow_function", "function_expression") and up.parent is not None and \
                    up.parent.type == "arguments" and up.parent.parent is not None:
                callee = up.parent.parent.child_by_field_name("function")
                if callee is not None and any(self.src(callee).endswith(e[:-1]) for e in _EACH):
                    return True
            up = up.parent
        return False

    def _tel_created(self, fn, name: str, node, args: list) -> None:
        chain = self.src(fn)
        if name != "create" or chain.endswith("calls.create"):
            # (a number written in the call is the one called; one given by a name may be any number of the script)
            to = self._opt(args[0], "to") if args else None
            fixed = self.string(to) if to is not None else None
            hit = tt.high_risk_in(fixed) if fixed is not None else \
                tt.high_risk_in(tt.without_urls(self.src(node))) or _fraud_number(decoded(self.doc.data))
            if hit is not None:
                rule, msg = tt.toll_fraud(hit[0], hit[1], f"`{chain}` places calls to")
                if tt.network_range(hit[0]) or self._tel_in_loop(node):
                    self.block(rule, msg, node)
                else:  # (one call to a small country's number may be a customer's)
                    self.review(rule, msg, node)
        elif chain.endswith("messages.create") and args and self._tel_in_loop(node):
            body = self._opt(args[0], "body") or self._opt(args[0], "text")
            text = self.string(body) if body is not None else None
            why = tt.smishing(text, decoded(self.doc.data)) if text else None
            if why:
                self.block("phishing", f"`{chain}` texts many recipients in a loop a message that {why}: credential "
                                       "phishing by SMS in the organisation's name", node)

    def _tel_hooks(self, fn, node, args: list) -> None:
        if not args or b"incomingPhoneNumbers" not in self.doc.data and b"numbers" not in self.doc.data:
            return
        every = self._tel_in_loop(node)
        for key in ("smsUrl", "voiceUrl", "smsFallbackUrl", "voiceFallbackUrl", "appId", "messageUrl", "answerUrl",
                    "inboundRequestUrl", "fallbackUrl"):
            v = self._opt(args[0], key)
            url = self.string(v) if v is not None else None
            host = tt.sink(tt.hook_url(url)) if url and "//" in url else None
            if host is not None:
                verdict = tt.hook_verdict(key, host, every)
                getattr(self, verdict)("exfiltration", f"`{self.src(fn)}`: " + tt.hook_message(key, host, verdict),
                                       node)
                return

    def _tel_removed(self, fn, node) -> None:
        chain = self.src(fn)
        for kind in ("recordings", "calls", "messages", "transcriptions"):
            if f"{kind}(" in chain and b"twilio" in self.doc.data and self._tel_in_loop(node):
                self.review("irreversible", f"`{chain}` deletes the account's {kind} one by one (they do not come "
                                            "back); a person should confirm it", node)
                return


_CALL_HINT = re.compile(rb"(?i)/Calls|/v1/calls|/Call/|/ari/channels")
_CALL_API = re.compile(r"(?i)/Calls(?:\.json)?(?:[?/`]|$)|/v1/calls\b|/Call/?(?:[?`]|$)|/ari/channels(?:[?/`]|$)")
_HOOK_HINT = re.compile(rb"(?i)CallBackUrl|SmsUrl|VoiceUrl|sms_url|voice_url|message_url|answer_url|hangup_url|"
                           rb"inbound_url|event_url|webhook_url|inboundUrl|eventUrl|answerUrl|messageUrl")
