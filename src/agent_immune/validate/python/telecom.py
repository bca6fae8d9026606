"""Telephony and messaging from Python (session 30): the Twilio, Plivo and Vonage SDKs, smpplib, raw sockets to
Asterisk's manager interface (AMI) and FreeSWITCH's event socket (ESL), ARI over HTTP, the CDR database.

Blocked:
- an ESL `api system …` / `bgapi system …` written to a socket: judged as the shell command the switch runs;
- an AMI `Application: System` or a `SHELL(…)` sent on a socket, an ESL `api system` in any `;;` part, an ESL
  `api lua ~CODE` (judged as `lua -e CODE`), also through an ESL client (`con.api("system", …)`, `con.api("lua",
  "~…")`): judged as the shell command the PBX runs; an ESL `api luarun FILE` of a file in a folder anyone writes
  (/tmp, a home; the text sent as the code builds it, `f"api luarun {script}"`) is reviewed (its code runs as the
  switch's user), blocked when the code downloads it there or writes code into it that is;
- calls originated to a number in the ranges international revenue share fraud uses (telecom_tables.HIGH_RISK): an
  AMI `Action: Originate` sent on a socket, `client.calls.create(to=…)` (Twilio, Plivo), Vonage's
  `create_call`, the number written in the call, built there from a written country code (`CC + "1337%04d" % i`,
  `f"{CC}{num}"`, `"{}{}".format(CC, n)`, `"%s%s" % (CC, n)`, `"".join([CC, n])`, `dst = CC; dst += n`, a class's
  `self.CC`, spaced digits) or, when the call names it by a variable, written with its international prefix
  anywhere in the script (a list it loops over; a bare run of digits, or a reference built elsewhere, `ORD-00252{id}`,
  is an id as often as a number). One call to a small country's number is reviewed (a customer's, maybe); calls in a
  loop, and to the satellite and premium ranges, are blocked; TwiML forwarding the webhook's calls there
  (`VoiceResponse().dial(…)`, with the prefix written: bare digits are a national number; `twiml=` given to a call)
  and a number's voice webhook set to Twilio's twimlets or Vonage's `voiceCallbackValue` for one (through the SDK or
  `requests`) are blocked;
- a request to a sink (a bare address, a drop site, a tunnel, a messenger's bot: telecom_tables.sink) from code that
  holds the PBX's configuration files, recordings, CDRs (`COPY (SELECT * FROM cdr) TO STDOUT`) or the texts it
  receives (smpplib's `short_message`, a webhook's `Body`);
- a phone number's or a messaging service's webhook pointed at a bare address, a drop site or a messenger's bot
  (`number.update(sms_url=…)`, `inbound_request_url=`, Vonage's account settings by `requests`), or at a tunnel for
  every number of the account (in a loop
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
from ..per_input import decoded, holds, in_input
from ..secret_owner import own_network

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "urlretrieve"})
_SOCKET_WRITES = frozenset({"sendall", "send", "write"})
_CALLS = frozenset({"create_call", "create_outbound_call", "make_call", "originate"})
_HOOK_KWARGS = ("sms_url", "voice_url", "sms_fallback_url", "voice_fallback_url", "message_url", "answer_url",
                "hangup_url", "inbound_url", "event_url", "webhook_url", "inbound_request_url", "fallback_url")
_RELEASES = frozenset({"unrent", "cancel_number"})
_SQL_RUNS = frozenset({"execute", "executemany", "executescript", "exec_driver_sql", "raw", "query"})
# TwiML's `<Dial>` and its `<Number>`: where the call the webhook answers is forwarded
_FORWARDS = frozenset({"dial", "number"})
_NAMES = _SENDS | _SOCKET_WRITES | _CALLS | _RELEASES | _SQL_RUNS | _FORWARDS | tt.ESL_CALLS | {"create", "update"}
# (what an AMI action or an ESL command line starts with: the text written is read only in an input that has one)
_PROTOCOL = re.compile(rb"(?i)Action:|\b(?:bg)?api\s")
_STRING_KINDS = frozenset({"string", "concatenated_string"})
# what a number may be built from: a name given a literal, a concatenation, an f-string, a `%` or `.format` of one
_DIAL_KINDS = frozenset({"string", "concatenated_string", "binary_operator", "call", "parenthesized_expression",
                         "identifier", "attribute"})


@lru_cache(maxsize=8)
def _fraud_number(text: str) -> tuple[str, str] | None:
    """The first number of the script in a HIGH_RISK range written with an international prefix (its bare runs of
    digits are ids and accounts as often as numbers)."""
    return tt.high_risk_in(text, prefixed=True, built=False)


@lru_cache(maxsize=8)
def _forwarded(text: str) -> tuple[str, str] | None:
    return tt.forwarded_to(text)


# the calls that save what an address serves into a file
_FETCH_INTO = frozenset({"urlretrieve", "download_file", "download", "wget"})
# (a number's forward, a twimlet, a webhook parameter: the requests read for them, in an input that has one)
_FORWARD_HINT = re.compile(rb"(?i)voiceCallbackValue|twimlets")
_HOOK_HINT = re.compile(rb"(?i)CallBackUrl|moHttpUrl|SmsUrl|VoiceUrl|sms_url|voice_url|message_url|answer_url|"
                        rb"inbound_url|event_url|webhook_url|inboundUrl|eventUrl|answerUrl|messageUrl")


class Telecom:
    def visit_telecom(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SOCKET_WRITES:
            if pos and in_input(_PROTOCOL, data):
                self._tel_protocol(node, [self.src(pos[0]), self._tel_dial(pos[0])])
        elif name in tt.ESL_CALLS:
            if pos and in_input(tt.ESL_CLIENT, data):  # con.api("luarun", "/tmp/x.lua")
                self._tel_protocol(node, [tt.esl_call_text(name, [self._tel_dial(p) for p in pos])])
        elif name in _SENDS:
            if pos and in_input(tt.HELD_MARKERS, data):
                self._tel_held_sent(name, node, pos)
            if pos and (in_input(_FORWARD_HINT, data) or in_input(_HOOK_HINT, data)):
                self._tel_settings_sent(node, pos)
            if holds(data, b"snoop"):
                found = tt.snoop_finding(decoded(data))
                if found:
                    self.block(found[0], found[1], node)
        elif name == "create" or name in _CALLS:
            self._tel_created(fn, name, node)
        elif name == "update":
            self._tel_hooks(fn, node)
        elif name in _FORWARDS:
            if holds(data, b"twiml") or holds(data, b"VoiceResponse"):
                self._tel_forward(fn, node, pos)
        elif name in _RELEASES:
            if holds(data, b"plivo") or holds(data, b"vonage") or holds(data, b"nexmo"):
                self.review("irreversible", f"`{self.src(fn)}` releases the phone number from the provider's account "
                                            "(a released number may never come back); a person should confirm it",
                            node)
        elif pos and (holds(data, b"cdr") or holds(data, b"cel")):
            sql = self.string(pos[0])
            why = tt.cdr_deleted(sql) if sql else None
            if why:
                self.review("irreversible", f"`{self.src(fn)}` {why}", node)

    # -- the manager interface and the event socket ----------------------------------------------------------------
    def _tel_protocol(self, node, texts: list[str]) -> None:
        """Text written to the manager interface or the event socket, as written and as the code builds it (`f"api
        luarun {script}\\n\\n"` with `script = "/tmp/x.lua"`; a name not known here stands as `$`)."""
        for text in dict.fromkeys(texts):
            shells, _fraud, scripts = tt.esl_sent(text)
            for shell in shells:
                self.ctx.nested(shell, "bash", self.doc, node, None)
            for runner, path in scripts:
                self.review("privilege-escalation", tt.script_message("the code has FreeSWITCH's event socket run",
                                                                      path), node)
                self._tel_script_made(runner, path, node)
            if "Originate" in text or "originate" in text:
                hit = tt.high_risk_in(text) or _fraud_number(decoded(self.doc.data))
                if hit is not None:
                    rule, msg = tt.toll_fraud(hit[0], hit[1], "the code originates calls through the PBX to")
                    self.block(rule, msg, node)

    def _tel_script_made(self, runner: str, path: str, node) -> None:
        """The script the switch is told to run, when this code makes it: downloaded there (`urlretrieve(URL, PATH)`)
        is a download run by the switch; written with text the code shows (`open(PATH, "w").write(CODE)`,
        `Path(PATH).write_text(CODE)`) is judged as that code."""
        for call, name, args in self._tel_calls_naming(path):
            if name in _FETCH_INTO and any("://" in (self.string(x) or "") for x in args):
                self.block("download-exec", f"the code downloads {path} and has FreeSWITCH's event socket run it: the "
                                            "switch runs whatever that address served, as its own user; ship the "
                                            "switch's scripts with the project", node)
                return
            # (`open(PATH, "w").write(CODE)`, `Path(PATH).write_text(CODE)`)
            text = self.string(args[0]) if name in ("write", "write_text") and args else None
            if text:
                code = tt.script_code(runner, "~" + text)
                if code is not None:
                    self.ctx.nested(code, "bash", self.doc, node, None)
                return

    def _tel_calls_naming(self, path: str) -> list:
        """(call, its last name, its positional arguments) of each call the string literal `path` is given to (or
        whose object is made of it: `Path(PATH).write_text(…)`), at most four."""
        out: list = []
        data, key, at = self.doc.data, path.encode(), 0
        for _ in range(8):  # (the first places it is named: a long script's every use is not read at every use)
            if len(out) >= 4 or self.root is None:
                break
            at = data.find(key, at)
            if at < 0:
                break
            n = self.root.descendant_for_byte_range(at, at + len(key))
            at += len(key)
            up = n
            for _ in range(5):
                up = up.parent if up is not None else None
                if up is None or up.type == "call":
                    break
            if up is None or up.type != "call":
                continue
            call, fn = up, up.child_by_field_name("function")
            # (`Path(PATH).write_text(CODE)`: the call on what the path made)
            if call.parent is not None and call.parent.type == "attribute" and call.parent.parent is not None and \
                    call.parent.parent.type == "call":
                call, fn = call.parent.parent, call.parent
            name = self.src(fn.child_by_field_name("attribute")) if fn is not None and fn.type == "attribute" else \
                self.src(fn) if fn is not None else ""
            out.append((call, name, [x for x in self.args(call) if x.type != "keyword_argument"]))
        return out

    # -- requests ------------------------------------------------------------------------------------------------
    def _tel_url_of(self, arg) -> str:
        if arg.type == "identifier":
            bound = self.given(arg, _STRING_KINDS)
            if bound is not None:
                return self.src(bound)
        return self.src(arg)

    def _tel_settings_sent(self, node, pos: list) -> None:
        """A request to a provider's REST API (`requests.post("https://rest.nexmo.com/number/update", data={…})`) that
        forwards a number's calls to a HIGH_RISK number (Vonage's `voiceCallbackValue`, a twimlet as `VoiceUrl`) or
        hands a number's or the account's webhooks to a sink (`moCallBackUrl`): read as the SDKs' calls are."""
        from ..hosts import url_host

        url = tt.first_url(self._tel_url_of(pos[0]))
        if url is None or not tt.provider_host(url_host(url) or ""):
            return
        text = decoded(self.doc.data)
        forward = _forwarded(text)
        if forward is not None:
            rule, msg = tt.toll_fraud(forward[0], forward[1], "the request sets the number to forward its calls to")
            self.block(rule, msg, node)
            return
        hooked = tt.hook_redirect(text)
        if hooked is not None:
            verdict = tt.hook_verdict(hooked[1], self._tel_in_loop(node))
            getattr(self, verdict)("exfiltration", tt.hook_message(hooked[0], hooked[1], verdict), node)

    def _tel_held_sent(self, name: str, node, pos: list) -> None:
        arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
        found = tt.held_sent(self._tel_url_of(arg), decoded(self.doc.data))
        if found:
            self.block("exfiltration", found, node)

    # -- calls, texts and numbers ----------------------------------------------------------------------------------
    def _tel_dial(self, node, depth: int = 0) -> str:
        """The number an expression makes, `$` for each piece known only when the code runs (`CC + "1337%04d" % i`
        with CC = "+882" is `+8821337$`, `f"{CC}{num}"` and `"{}{}".format(CC, num)` are `+882$`, a name given a
        value and then grown, `dst = CC; dst += n`, is `+882$`): the prefix and range written are what
        telecom_tables.high_risk_in reads."""
        if node is None or depth > 6:
            return "$"
        v = self.string(node)
        if v is not None:
            return v
        t = node.type
        if t == "binary_operator":
            op = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op is not None and op.type == "+":
                return self._tel_dial(left, depth + 1) + self._tel_dial(right, depth + 1)
            if op is not None and op.type == "%" and right is not None:  # "%s%s" % (CC, n), "+882%06d" % i
                items = right.named_children if right.type == "tuple" else [right]
                return tt.formatted(self._tel_dial(left, depth + 1), [self._tel_dial(i, depth + 1) for i in items])
            return "$"
        if t == "string":  # an f-string with fields not known here
            return "".join(self._tel_dial(c.child_by_field_name("expression"), depth + 1) if c.type == "interpolation"
                           else self.src(c) if c.type == "string_content" else "" for c in node.children)
        if t == "parenthesized_expression" and node.named_children:
            return self._tel_dial(node.named_children[0], depth + 1)
        if t == "call":
            fn = node.child_by_field_name("function")
            attr = fn.child_by_field_name("attribute") if fn is not None and fn.type == "attribute" else None
            method = self.src(attr) if attr is not None else None
            obj = fn.child_by_field_name("object") if attr is not None else None
            args = [a for a in self.args(node) if a.type != "keyword_argument"]
            if method == "format":  # "+882{:06d}".format(i), "{}{}".format(CC, n)
                return tt.formatted(self._tel_dial(obj, depth + 1), [self._tel_dial(a, depth + 1) for a in args],
                                    braces=True)
            if method == "join" and len(args) == 1 and args[0].type in ("list", "tuple"):  # "".join([CC, n])
                return self._tel_dial(obj, depth + 1).join(self._tel_dial(i, depth + 1)
                                                           for i in args[0].named_children[:8])
            if method in ("encode", "strip", "lstrip", "rstrip", "replace", "decode"):
                return self._tel_dial(obj, depth + 1)
            return "$"
        if t == "identifier":
            made = self.given(node, _DIAL_KINDS)
            if made is not None:
                return self._tel_dial(made, depth + 1)
            grown = self._tel_grown(node)
            return self._tel_dial(grown, depth + 1) + "$" if grown is not None else "$"
        if t == "attribute":  # a class's own constant: `self.CC`, `cls.CC`, `Dialer.CC`
            value = self._tel_class_constant(node)
            return self._tel_dial(value, depth + 1) if value is not None else "$"
        return "$"

    def _tel_grown(self, ident):
        """What a name was first given when every later change only adds to its end (`dst = CC` then `dst += n`):
        the number it is built from starts with it."""
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
            if up is not None and up.type == "assignment" and up.child_by_field_name("left") == n and \
                    up.child_by_field_name("right") != values[0]:
                return None  # (given another value somewhere)
            if up is not None and up.type == "augmented_assignment" and up.child_by_field_name("left") == n:
                op = up.child_by_field_name("operator")
                if op is None or op.type != "+=":
                    return None
        return None

    def _tel_class_constant(self, node):
        """The value a class's body gives the attribute `node` reads (`CC = "+882"` under `class Dialer:`, read as
        `self.CC`), when the code is in that class or names it."""
        obj, attr = node.child_by_field_name("object"), node.child_by_field_name("attribute")
        if obj is None or attr is None or obj.type != "identifier":
            return None
        cls = node.parent
        while cls is not None and cls.type != "class_definition":
            cls = cls.parent
        if cls is None or self.src(obj) not in ("self", "cls"):
            return None
        body = cls.child_by_field_name("body")
        name = self.src(attr)
        found = [st.named_children[0].child_by_field_name("right") for st in (body.named_children if body else ())
                 if st.type == "expression_statement" and st.named_children and
                 st.named_children[0].type == "assignment" and
                 self.src(st.named_children[0].child_by_field_name("left")) == name]
        return found[0] if len(found) == 1 and found[0] is not None and found[0].type in _DIAL_KINDS else None

    def _tel_number(self, to, prefixed: bool = False) -> tuple[str, str] | None:
        """The HIGH_RISK number a `to=` value dials (written, or built from written pieces), or None."""
        return tt.dialled(self._tel_dial(to), prefixed)

    def _tel_forward(self, fn, node, pos: list) -> None:
        """TwiML that forwards the call the webhook answers (`VoiceResponse().dial(FWD)`, `dial.number(…)`): every
        call to the organisation's number then rings a HIGH_RISK number, at its cost."""
        to = pos[0] if pos else self.kwarg(node, "number")
        # (TwiML's numbers are E.164: bare digits are a national number, `8 (812) …` in Russia)
        hit = self._tel_number(to, prefixed=True) if to is not None else None
        if hit is not None:
            rule, msg = tt.toll_fraud(hit[0], hit[1], f"`{self.src(fn)}` forwards the calls the webhook answers to")
            self.block(rule, msg, node)

    def _tel_created(self, fn, name: str, node) -> None:
        chain = self.src(fn)
        if name in _CALLS or chain.endswith("calls.create"):
            if self._tel_twiml(chain, node):
                return
            # (a number written or built in the call is the one called; one given by a name the code does not build
            # may be any number of the script)
            to = self.kwarg(node, "to") or self.kwarg(node, "endpoint") or self.kwarg(node, "dst")
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

    def _tel_twiml(self, chain: str, node) -> bool:
        """TwiML given inline to a call (`twiml="<Response><Dial>+882…</Dial></Response>"`, also a built
        VoiceResponse's text): the call is forwarded to what `<Dial>` holds."""
        v = self.kwarg(node, "twiml")
        hit = tt.twiml_dialled(self._tel_dial(v)) if v is not None else None
        if hit is not None:
            rule, msg = tt.toll_fraud(hit[0], hit[1], f"`{chain}` has the call forwarded (its TwiML's `<Dial>`) to")
            self.block(rule, msg, node)
        return hit is not None

    def _tel_hooks(self, fn, node) -> None:
        data = self.doc.data
        if holds(data, b"twiml") and self._tel_twiml(self.src(fn), node):
            return
        if not holds(data, b"_url"):
            return
        every = holds(data, b"incoming_phone_numbers") and any(
            self._tel_in_loop(node, over) for over in ("incoming_phone_numbers", ".list(", ".stream("))
        for key in _HOOK_KWARGS:
            v = self.kwarg(node, key)
            url = self.string(v) if v is not None else None
            if not url or "//" not in url:
                continue
            url = tt.hook_url(url)
            forward = tt.forwarded_to(url)
            if forward is not None:  # (Twilio's Forward twimlet as the voice webhook)
                rule, msg = tt.toll_fraud(forward[0], forward[1], f"`{self.src(fn)}` sets the number to forward its "
                                                                  "calls to")
                self.block(rule, msg, node)
                return
            host = tt.sink(url)
            h = url_host(url) or ""
            if host is not None:
                verdict = tt.hook_verdict(host, every)
                getattr(self, verdict)("exfiltration", f"`{self.src(fn)}`: " + tt.hook_message(key, host, verdict),
                                       node)
                return
            if every and h and not loopback(h) and not own_network(h):
                # (the organisation's own webhook host as often as a stranger's: a person tells)
                self.review("exfiltration", f"`{self.src(fn)}` points every number of the account at {h} at once "
                                            "(their texts and calls, sign-in codes among them); a person should "
                                            "confirm that host is the organisation's own", node)
                return
