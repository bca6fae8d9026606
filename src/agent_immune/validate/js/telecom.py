"""Telephony and messaging from TypeScript (session 30): the Twilio, Plivo and Vonage SDKs and REST APIs, ARI,
raw sockets to Asterisk's manager interface and FreeSWITCH's event socket, the CDR database, SMS webhooks.

Blocked, as python/telecom.py:
- an ESL `api system …` (in any `;;` part), an ESL `api lua ~CODE` or an AMI `Application: System` written to a socket
  or given to an ESL client (modesl's `conn.api(…)`) (judged as the shell command the switch runs), calls originated
  to a number in the ranges international revenue share fraud uses (an AMI `Originate`, `client.calls.create({ to })`,
  a `fetch` of the providers' call APIs or ARI's channels: the number written in the call or built there from a
  written country code (`CC + num`, `` `${CC}${n}` ``, `[CC, n].join("")`, `CC.concat(n)`, `cfg.cc + n`, `let to =
  CC; to += n`), or with its international prefix anywhere in the script; one call to a small country's number is
  reviewed, calls in a loop and to the satellite and premium ranges blocked), TwiML's `dial()` forwarding the
  webhook's calls there (its prefix written), `twiml:` given to a call, a number's voice webhook set to Twilio's
  twimlets or Vonage's `voiceCallbackValue` for one (through the SDK or `fetch`);
- a request to a sink (a bare address, a drop site, a tunnel, a messenger's bot: telecom_tables.sink) from code that
  holds the PBX's configuration files, recordings (a recording's media fetched from the provider and sent on), CDRs or
  the texts it receives; a number's or an account's webhook (`voiceUrl`, `smsUrl`, Vonage's `moCallBackUrl`) pointed
  at a bare address, a drop site or a messenger's bot, or at a tunnel in a `.map` or loop over the numbers (a tunnel
  for one number or as the account's default, the providers' quick starts, is reviewed);
- texts sent in a loop whose words ask the reader to sign in, verify or pay at a link named like a sign-in page;
- ARI snooping on calls and bridging them to an endpoint at a bare address.

Reviewed: an SMS webhook that forwards what it receives to another named host, every number the account lists pointed
at another named host at once (`exfiltration`: the organisation's own webhook, a helpdesk or a stranger's collector,
a person tells); an ESL `api luarun FILE` of a file in a folder anyone writes (`privilege-escalation`; its code judged
when the code writes it with `fs.writeFileSync`); every number walked by Twilio's `.each` or an index loop over the
numbers listed, pointed at another named host (`exfiltration`); recordings,
calls or messages deleted one by one in a loop or an `each` callback, a number released at Plivo or Vonage, call
detail records deleted (`irreversible`). A status callback to the project's host, recordings archived to its bucket,
one recording fetched stay allowed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import telecom_tables as tt
from ..per_input import decoded, holds, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_SOCKET_WRITES = frozenset({"write", "send", "end"})
_RELEASES = frozenset({"unrent", "cancelNumber", "cancel_number"})
_SQL_RUNS = frozenset({"query", "execute", "exec", "raw", "$executeRawUnsafe", "$queryRawUnsafe", "unsafe"})
_REMOVES = frozenset({"remove", "delete"})
# TwiML's `<Dial>` and its `<Number>`: where the call the webhook answers is forwarded
_FORWARDS = frozenset({"dial", "number"})
_NAMES = _SENDS | _SOCKET_WRITES | _RELEASES | _SQL_RUNS | _REMOVES | _FORWARDS | tt.ESL_CALLS | {
    "create", "update", "createOutboundCall", "makeCall"}
# what a number may be built from: a name given a literal, a concatenation, a template
_DIAL_KINDS = frozenset({"string", "template_string", "binary_expression", "call_expression",
                         "parenthesized_expression", "identifier", "member_expression", "non_null_expression"})
_LOOPS = ("for_statement", "for_in_statement", "while_statement", "do_statement")
_EACH = (".each(", ".forEach(", ".map(", ".stream(")


@lru_cache(maxsize=8)
def _fraud_number(text: str) -> tuple[str, str] | None:
    """The first number of the script in a HIGH_RISK range written with an international prefix (its bare runs of
    digits are ids and accounts as often as numbers)."""
    return tt.high_risk_in(text, prefixed=True, built=False)


@lru_cache(maxsize=8)
def _hooked(text: str) -> tuple[str, str] | None:
    return tt.hook_redirect(text)


@lru_cache(maxsize=8)
def _forwarded(text: str) -> tuple[str, str] | None:
    return tt.forwarded_to(text)


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
            if args and in_input(_PROTOCOL, data):
                self._tel_protocol(node, [self.src(args[0]), self._tel_dial(args[0])])
        elif name in tt.ESL_CALLS:
            if args and in_input(tt.ESL_CLIENT, data):  # conn.api("luarun /tmp/x.lua", cb)
                self._tel_protocol(node, [tt.esl_call_text(name, [self._tel_dial(x) for x in args
                                                                  if x.type not in _CALLBACKS])])
        elif name in ("create", "createOutboundCall", "makeCall"):
            self._tel_created(fn, name, node, args)
        elif name == "update":
            self._tel_hooks(fn, node, args)
        elif name in _FORWARDS:
            if args and (holds(data, b"twiml") or holds(data, b"VoiceResponse")):
                self._tel_forward(fn, node, args)
        elif name in _RELEASES:
            if holds(data, b"plivo") or holds(data, b"vonage") or holds(data, b"nexmo"):
                self.review("irreversible", f"`{self.src(fn)}` releases the phone number from the provider's account "
                                            "(a released number may never come back); a person should confirm it",
                            node)
        elif name in _REMOVES:
            self._tel_removed(fn, node)
        elif args and (holds(data, b"cdr") or holds(data, b"cel")):
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
        forward = _forwarded(text) if in_input(_FORWARD_HINT, data) else None
        if forward is not None:
            rule, msg = tt.toll_fraud(forward[0], forward[1], "the request sets the number to forward its calls to")
            self.block(rule, msg, node)
            return
        hooked = _hooked(text) if in_input(_HOOK_HINT, data) else None
        if hooked is not None:
            verdict = tt.hook_verdict(hooked[1], self._tel_in_loop(node))
            getattr(self, verdict)("exfiltration", tt.hook_message(hooked[0], hooked[1], verdict), node)
            return
        if in_input(_CALL_HINT, data):
            self._tel_api_call(node, args)
        if holds(data, b"snoop"):
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

    def _tel_protocol(self, node, texts: list[str]) -> None:
        """Text written to the manager interface or the event socket, as written and as the code builds it (a
        template's `${script}` given "/tmp/x.lua"; a name not known here stands as `$`)."""
        for text in dict.fromkeys(texts):
            shells, _fraud, scripts = tt.esl_sent(text)
            for shell in shells:
                self.ctx.nested(shell, "bash", self.doc, node, None)
            for runner, path in scripts:
                self.review("privilege-escalation", tt.script_message("the code has FreeSWITCH's event socket run",
                                                                      path), node)
                self._tel_script_made(runner, path, node)
            if "riginate" in text:
                hit = tt.high_risk_in(text) or _fraud_number(decoded(self.doc.data))
                if hit is not None:
                    rule, msg = tt.toll_fraud(hit[0], hit[1], "the code originates calls through the PBX to")
                    self.block(rule, msg, node)

    def _tel_script_made(self, runner: str, path: str, node) -> None:
        """The script the switch is told to run, when this code writes it with text it shows
        (`fs.writeFileSync(PATH, CODE)`, `await writeFile(PATH, CODE)`): judged as that code."""
        data, key, at = self.doc.data, path.encode(), 0
        for _ in range(4):
            at = data.find(key, at)
            if at < 0 or self.root is None:
                return
            n = self.root.descendant_for_byte_range(at, at + len(key))
            at += len(key)
            up = n.parent if n is not None else None  # (the string, its arguments, the call)
            call = up.parent if up is not None and up.type == "arguments" else \
                up.parent.parent if up is not None and up.parent is not None and up.parent.type == "arguments" \
                else None
            fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" \
                else None
            name = self.src(fn.child_by_field_name("property") or fn) if fn is not None and \
                fn.type == "member_expression" else self.src(fn) if fn is not None else ""
            args = [c for c in call.child_by_field_name("arguments").named_children] if fn is not None else []
            if name in ("writeFileSync", "writeFile") and len(args) > 1:
                text = self.string(args[1])
                code = tt.script_code(runner, "~" + text) if text else None
                if code is not None:
                    self.ctx.nested(code, "bash", self.doc, node, None)
                return

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

    def _tel_dial(self, node, depth: int = 0) -> str:
        """The number an expression makes, `$` for each piece known only when the code runs (`CC + "1337" + i` with
        CC = "+882" is `+8821337$`; `` `${CC}${num}` ``, `[CC, n].join("")`, `CC.concat(n)`, `cfg.cc + n` with
        `const cfg = { cc: "+882" }` and `let to = CC; to += n` are `+882$`): the prefix and range written are what
        telecom_tables.high_risk_in reads."""
        if node is None or depth > 6:
            return "$"
        v = self.string(node)
        if v is not None:
            return v
        t = node.type
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is None or op.type != "+":
                return "$"
            return self._tel_dial(node.child_by_field_name("left"), depth + 1) + \
                self._tel_dial(node.child_by_field_name("right"), depth + 1)
        if t == "template_string":
            return "".join(self.src(c) if c.type == "string_fragment" else
                           self._tel_dial(c.named_children[0] if c.named_children else None, depth + 1)
                           if c.type == "template_substitution" else "" for c in node.named_children)
        if t in ("parenthesized_expression", "non_null_expression", "as_expression") and node.named_children:
            return self._tel_dial(node.named_children[0], depth + 1)
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is None or fn.type != "member_expression":
                return "$"
            obj, method = fn.child_by_field_name("object"), self.src(fn.child_by_field_name("property") or fn)
            args = [c for c in (node.child_by_field_name("arguments") or fn).named_children] \
                if node.child_by_field_name("arguments") is not None else []
            if method == "join" and obj is not None:  # [CC, n].join("")
                items = obj if obj.type == "array" else self.given(obj, frozenset({"array"}))
                sep = self.string(args[0]) if args else ","
                if items is not None and items.type == "array" and sep is not None:
                    return sep.join(self._tel_dial(i, depth + 1) for i in items.named_children[:8])
                return "$"
            if method == "concat":  # CC.concat(n)
                return "".join(self._tel_dial(x, depth + 1) for x in [obj] + args[:8])
            if method in ("trim", "replace", "replaceAll", "toString", "valueOf"):
                return self._tel_dial(obj, depth + 1)
            return "$"
        if t == "member_expression":  # cfg.cc of `const cfg = { cc: "+882" }`
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            value = self._opt(obj, self.src(prop)) if obj is not None and obj.type == "identifier" and \
                prop is not None else None
            return self._tel_dial(value, depth + 1) if value is not None else "$"
        if t in ("identifier", "shorthand_property_identifier"):
            made = self.given(node, _DIAL_KINDS)
            if made is not None:
                return self._tel_dial(made, depth + 1)
            grown = self._tel_grown(node)
            return self._tel_dial(grown, depth + 1) + "$" if grown is not None else "$"
        return "$"

    def _tel_grown(self, ident):
        """What a name was first given when every later change only adds to its end (`let to = CC; to += n`): the
        number it is built from starts with it."""
        name = self.src(ident)
        self.declared(ident, _DIAL_KINDS)  # (reads every assignment once)
        values = [v for v in (self._declared or {}).get(name, ()) if v.start_byte < ident.start_byte]
        if len(values) != 1 or self.root is None:
            return None
        data, key, at = self.doc.data, name.encode(), 0
        for _ in range(8):
            at = data.find(key, at)
            if at < 0:
                return values[0]
            n = self.root.descendant_for_byte_range(at, at + len(key))
            at += len(key)
            up = n.parent if n is not None else None
            if up is not None and up.type == "assignment_expression" and up.child_by_field_name("left") == n and \
                    up.child_by_field_name("right") != values[0]:
                return None  # (given another value somewhere)
            if up is not None and up.type == "augmented_assignment_expression" and \
                    up.child_by_field_name("left") == n:
                op = up.child_by_field_name("operator")
                if op is None or op.type != "+=":
                    return None
        return None

    def _tel_number(self, to, prefixed: bool = False) -> tuple[str, str] | None:
        """The HIGH_RISK number a `to` value dials (written, or built from written pieces), or None."""
        return tt.dialled(self._tel_dial(to), prefixed)

    def _tel_forward(self, fn, node, args: list) -> None:
        """TwiML that forwards the call the webhook answers (`twiml.dial(FWD)`, `dial.number(…)`): every call to the
        organisation's number then rings a HIGH_RISK number, at its cost."""
        to = args[1] if len(args) > 1 and self._object(args[0]) is not None else args[0]
        # (TwiML's numbers are E.164: bare digits are a national number, `8 (812) …` in Russia)
        hit = self._tel_number(to, prefixed=True)
        if hit is not None:
            rule, msg = tt.toll_fraud(hit[0], hit[1], f"`{self.src(fn)}` forwards the calls the webhook answers to")
            self.block(rule, msg, node)

    def _tel_created(self, fn, name: str, node, args: list) -> None:
        chain = self.src(fn)
        if name != "create" or chain.endswith("calls.create"):
            if args and self._tel_twiml(chain, node, args[0]):
                return
            # (a number written or built in the call is the one called; one given by a name the code does not build
            # may be any number of the script)
            to = self._opt(args[0], "to") if args else None
            fixed = self.string(to) if to is not None else None
            hit = tt.dialled(fixed) if fixed is not None else \
                (self._tel_number(to) if to is not None else None) or \
                tt.high_risk_in(tt.without_urls(self.src(node)), built=False) or _fraud_number(decoded(self.doc.data))
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

    def _tel_twiml(self, chain: str, node, opts) -> bool:
        """TwiML given inline to a call (`{ twiml: "<Response><Dial>+882…</Dial></Response>" }`): the call is
        forwarded to what `<Dial>` holds."""
        v = self._opt(opts, "twiml")
        hit = tt.twiml_dialled(self._tel_dial(v)) if v is not None else None
        if hit is not None:
            rule, msg = tt.toll_fraud(hit[0], hit[1], f"`{chain}` has the call forwarded (its TwiML's `<Dial>`) to")
            self.block(rule, msg, node)
        return hit is not None

    def _tel_hooks(self, fn, node, args: list) -> None:
        """A number's webhook pointed elsewhere: at a sink (telecom_tables.hook_verdict), at Twilio's Forward twimlet
        for a HIGH_RISK number (blocked), or, for every number of the account at once (a loop over
        `incomingPhoneNumbers.list()`), at another named host: the organisation's own webhook as often as a
        stranger's, so a person tells (as python/telecom.py)."""
        from ..hosts import loopback, url_host
        from ..secret_owner import own_network

        if args and holds(self.doc.data, b"twiml") and self._tel_twiml(self.src(fn), node, args[0]):
            return
        if not args or not holds(self.doc.data, b"incomingPhoneNumbers") and not holds(self.doc.data, b"numbers"):
            return
        every = self._tel_in_loop(node)
        named = None
        for key in ("smsUrl", "voiceUrl", "smsFallbackUrl", "voiceFallbackUrl", "appId", "messageUrl", "answerUrl",
                    "inboundRequestUrl", "fallbackUrl"):
            v = self._opt(args[0], key)
            url = self.string(v) if v is not None else None
            if not url or "//" not in url:
                continue
            url = tt.hook_url(url)
            forward = tt.forwarded_to(url)
            if forward is not None:
                rule, msg = tt.toll_fraud(forward[0], forward[1], f"`{self.src(fn)}` sets the number to forward its "
                                                                  "calls to")
                self.block(rule, msg, node)
                return
            host = tt.sink(url)
            if host is not None:
                verdict = tt.hook_verdict(host, every)
                getattr(self, verdict)("exfiltration", f"`{self.src(fn)}`: " + tt.hook_message(key, host, verdict),
                                       node)
                return
            h = url_host(url) or ""
            if named is None and h and not loopback(h) and not own_network(h) and not tt.provider_host(h):
                named = h
        if named is not None and "incomingPhoneNumbers" in self.src(fn) and self._tel_every_number(node):
            self.review("exfiltration", f"`{self.src(fn)}` points every number of the account at {named} at once "
                                        "(their texts and calls, sign-in codes among them); a person should confirm "
                                        "that host is the organisation's own", node)

    def _tel_every_number(self, node) -> bool:
        """Is `node` run for each number the account lists (`for (const n of await client.incomingPhoneNumbers
        .list())`, `numbers.map(…)` / `.forEach(…)` of such a list)?"""
        up = node.parent
        while up is not None and up.type != "program":
            if up.type == "for_in_statement":
                if self._tel_lists_numbers(up.child_by_field_name("right")):
                    return True
            elif up.type == "for_statement":  # for (let i = 0; i < nums.length; i++) of a listed `nums`
                cond = up.child_by_field_name("condition")
                m = _LENGTH_OF.search(self.src(cond)) if cond is not None else None
                ident = self._tel_named(up, m.group(1)) if m is not None else None
                if ident is not None and self._tel_lists_numbers(ident):
                    return True
            elif up.type == "call_expression":
                callee = up.child_by_field_name("function")
                if callee is not None and callee.type == "member_expression" and (
                        self._tel_lists_numbers(callee.child_by_field_name("object")) or
                        # (Twilio Node's own iterator over every number: `client.incomingPhoneNumbers.each(cb)`)
                        self.src(callee).endswith("incomingPhoneNumbers.each")):
                    return True
            up = up.parent
        return False

    def _tel_named(self, scope, name: str):
        """The identifier node `name` inside `scope` (the first), to follow what it was given."""
        stack = [scope]
        while stack:
            n = stack.pop()
            if n.type == "identifier" and self.src(n) == name:
                return n
            stack.extend(reversed(n.named_children[:16]))
        return None

    def _tel_lists_numbers(self, n, depth: int = 0) -> bool:
        if n is None or depth > 3:
            return False
        if n.type == "identifier":
            made = self.given(n, _LISTED_KINDS)
            return made is not None and self._tel_lists_numbers(made, depth + 1)
        text = self.src(n)
        return ".list(" in text or ".stream(" in text or ".listAll(" in text

    def _tel_removed(self, fn, node) -> None:
        chain = self.src(fn)
        for kind in ("recordings", "calls", "messages", "transcriptions"):
            if f"{kind}(" in chain and holds(self.doc.data, b"twilio") and self._tel_in_loop(node):
                self.review("irreversible", f"`{chain}` deletes the account's {kind} one by one (they do not come "
                                            "back); a person should confirm it", node)
                return


_LENGTH_OF = re.compile(r"(?<![\w$])([A-Za-z_$][\w$]*+)\.length\b")
_LISTED_KINDS = frozenset({"call_expression", "await_expression", "parenthesized_expression", "member_expression"})
_CALL_HINT = re.compile(rb"(?i)/Calls|/v1/calls|/Call/|/ari/channels")
_CALL_API = re.compile(r"(?i)/Calls(?:\.json)?(?:[?/`]|$)|/v1/calls\b|/Call/?(?:[?`]|$)|/ari/channels(?:[?/`]|$)")
_HOOK_HINT = re.compile(rb"(?i)CallBackUrl|moHttpUrl|SmsUrl|VoiceUrl|sms_url|voice_url|message_url|answer_url|"
                        rb"hangup_url|inbound_url|event_url|webhook_url|inboundUrl|eventUrl|answerUrl|messageUrl|"
                        rb"inbound_?request_?url")
_FORWARD_HINT = re.compile(rb"(?i)voiceCallbackValue|twimlets")
# (what an AMI action or an ESL command line holds: the text written to a socket is read only in an input with one)
_PROTOCOL = re.compile(rb"(?i)Originate|system|spawn|lua|jsrun|jsapi|perlrun|pyrun|python")
# an ESL client's callback argument, not part of the command
_CALLBACKS = frozenset({"arrow_function", "function_expression", "function"})
