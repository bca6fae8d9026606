"""Telephony and messaging gateways (Asterisk, FreeSWITCH, Kamailio/OpenSIPS, coturn, Kannel/Jasmin SMS gateways,
Twilio/Vonage/Plivo): the tables and readers shared by bash/telecom.py, python/telecom.py and js/telecom.py (session
30).

- toll fraud: the number ranges fraud lists name for international revenue share fraud (the satellite and
  international networks, +881/+882/+883, Inmarsat, the premium-rate +979, and the small countries whose numbers
  fraudsters rent out), called or forwarded to by automation;
- what a PBX's dialplan lets a caller from outside do: run a shell (`System()`, `SHELL()`), reach the trunk
  (`include => outbound-international` in the inbound context, `exten => _011X.`, the number dialled sent on to a
  trunk or an outbound context, DISA without a password, FreeSWITCH's public context bridging any number), listen
  to others' calls (`ChanSpy`);
- the configurations that let strangers in: the Asterisk manager interface open to every address, FreeSWITCH's event
  socket on every interface without its ACL, Kamailio's authentication define commented out, a Kannel send-SMS user
  for every address, a SIP account or FreeSWITCH's default password set to a guessable one, coturn without auth;
- the PBX's secrets and records (its configuration folders, recordings, voicemail, CDRs, the SMS gateways' message
  logs) named, for the senders' rules;
- the text the manager interface (AMI) and the event socket (ESL) are sent, and Asterisk's call files: an
  `Originate`, an `Application: System`, a `Command`, an `api system …` in any `;;` part, a script the switch runs
  (`api luarun /tmp/x.lua`, `api lua ~CODE`, `&lua(F)`, `pyrun F`; what an ESL client's `api(cmd, arg)` sends); a
  call file's numbers (its `Channel:`, `Extension:`, `Dial`'s `Data:`), and those of every call file a whole input
  writes;
- where a number's webhook goes: a bare address, a drop site or a messenger's bot (blocked), a tunnel to a
  developer's machine (reviewed for one number or the account's default, blocked when code walks all of them); a
  number's calls forwarded by its settings (Vonage's `voiceCallbackValue`, Twilio's Forward, Find Me and Simulring
  twimlets, never another `PhoneNumber=`) or by TwiML's `<Dial>` given inline;
- numbers built when they run from a written country code (`+882${NUM}`, `"+882" + num`, a format's fields filled in
  order): read by their range, in the expression the number dialled is made of only; a PBX's and TwiML's dial
  strings need the international prefix written (bare digits are a national number there).

The guessable passwords the configurations are checked for are weak_passwords.py's, shared with the ERP's settings (its
list holds GeoServer's defaults too).

What stays allowed is said at each reader: calls and forwards to ordinary numbers, inbound contexts that dial the
organisation's own extensions, the manager bound to every interface with per-user `permit`s, strong passwords from
the environment or a template, the PBX's CLI queries.
"""
from __future__ import annotations

import re
from functools import lru_cache

# (passwords anyone tries first: one list for every area's settings)
from .weak_passwords import weak_password

Finding = tuple[str, str]  # (rule, message): always a block

# -- toll fraud --------------------------------------------------------------------------------------------------------
# International revenue share fraud: calls pumped to numbers whose operator pays the fraudster a share of the
# termination rate. The ranges below are those fraud reports (CFCA, the carriers' hot lists) name most, and the ones
# no business's automation calls: the satellite and international networks, Inmarsat, the international premium-rate
# service, and small countries whose numbers are rented out for it. (A big country's numbers are ordinary
# destinations: calls there stay allowed, however many.)
HIGH_RISK = {
    "881": "a satellite network's number (+881)", "882": "an international network's number (+882)",
    "883": "an international network's number (+883)", "870": "an Inmarsat number (+870)",
    "979": "an international premium-rate number (+979)", "239": "a São Tomé and Príncipe number (+239)",
    "675": "a Papua New Guinea number (+675)", "252": "a Somalia number (+252)", "247": "an Ascension number (+247)",
    "290": "a Saint Helena number (+290)", "674": "a Nauru number (+674)", "677": "a Solomon Islands number (+677)",
    "678": "a Vanuatu number (+678)", "682": "a Cook Islands number (+682)", "683": "a Niue number (+683)",
    "686": "a Kiribati number (+686)", "688": "a Tuvalu number (+688)", "690": "a Tokelau number (+690)",
    "691": "a Micronesia number (+691)", "692": "a Marshall Islands number (+692)",
}
# the ranges no business calls at all (the satellite and international networks, Inmarsat, premium rate): one call
# there is fraud; a small country's number may be a customer's, so one call there is a person's to confirm
NETWORK_RANGES = frozenset({"881", "882", "883", "870", "979"})
# a number as a dial string carries it: `+88213370011`, `0088213370$i`, `011239…`, `PJSIP/881631234567@trunk`
# (a run of digits read once: from each start of a run, never from the middle of one)
_NUMBER = re.compile(r"(?<![\w.+])(\+|00|011)?+(\d{5,16}+)(?![\d.])")
# a number whose international prefix and range are written and whose rest is filled in when it runs: `+882${NUM}`,
# `00882$n`, `+882%04d`, `f"+882{i}"`, code's `"+882" + num` (read with ARG for each piece not known here); the range
# is what decides, so the digits the run adds do not matter (bare digits with a run-time rest are anyone's)
_BUILT = re.compile(r"(?<![\w.+])(\+|00|011)(\d{3,4}+)(?=\$|\{|ARG|%[-0-9]*+[ds])")


def high_risk(prefix: str | None, digits: str) -> str | None:
    """What the number is when it is in a range of HIGH_RISK: `prefix` the international prefix it was dialled with
    (`+`, `00`, `011`) or None for bare digits, which count as an international number only from 11 digits on and
    not starting with the North American `1` (a 10-digit `239…` is a Florida number)."""
    if prefix is None and (len(digits) < 11 or digits[:1] in "01"):
        return None
    return HIGH_RISK.get(digits[:3])


def high_risk_in(text: str, prefixed: bool = False, built: bool = True) -> tuple[str, str] | None:
    """(the number as written, what it is) for the first number of `text` in a HIGH_RISK range; with `prefixed`, only
    numbers written with an international prefix (in a whole script a bare run of digits is an id, an account or an
    order number as often as a phone number; in a PBX's dial string it is a national number, the trunk's country's:
    Russia's and Kazakhstan's `8 812 …`, `8 701 …`). With `built`, a number built when it runs (`${CC}${NUM}` with
    CC=+882, code's `CC + num`) counts by its written prefix and range, and is shown with `…` for the rest: only for
    the expression the number dialled is made of (in the rest of a script `ORD-00252${id}` is an order's reference)."""
    for m in _NUMBER.finditer(text):
        if prefixed and m.group(1) is None:
            continue
        what = high_risk(m.group(1), m.group(2))
        if what is not None:
            return m.group(0), what
    if not built or not ("$" in text or "{" in text or "ARG" in text or "%" in text):
        return None
    for m in _BUILT.finditer(text):
        what = HIGH_RISK.get(m.group(2)[:3])
        if what is not None:
            return m.group(0) + "…", what
    return None


# the separators people write inside a number (`+882 1337 0011`, `(0)`, `-`, a form's `%20`): the number dialled has
# none
NUMBER_GAPS = re.compile(r"(?<=\d)[ ().-]++(?=[\d$%{])")


def dialled(number: str, prefixed: bool = False) -> tuple[str, str] | None:
    """high_risk_in of a number as written by a person or built by code (`+882 1337 0011`, `+882$`): its separators
    dropped first."""
    return high_risk_in(NUMBER_GAPS.sub("", number), prefixed) if number else None


# a format's fields: printf's and Python's `%06d`, `%s` (`%%` is a percent sign); `{}`, `{0}`, `{:06d}`
_PERCENT_FIELD = re.compile(r"%(?:\([^()]*+\))?[-+ #0]*+(?:\d++|\*)?(?:\.\d++)?([diouxXeEfFgGcrsa%])")
_BRACE_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*+)\}")


def formatted(fmt: str, values: list[str], braces: bool = False) -> str:
    """`fmt` with its fields filled in order with `values` (`$` for each field given nothing known here): what
    `"%s%s" % (CC, n)`, `"{}{}".format(CC, n)` or printf make of their pieces."""
    at = iter(values[:16])

    def percent(m: re.Match) -> str:
        return "%" if m.group(1) == "%" else next(at, "$")

    def brace(m: re.Match) -> str:
        if m.group(1) is None:
            return m.group(0)[0]
        name = m.group(1).split("!", 1)[0].split(":", 1)[0]
        if name.isdigit():
            return values[int(name)] if int(name) < len(values) else "$"
        return next(at, "$") if name == "" else "$"

    return _BRACE_FIELD.sub(brace, fmt) if braces else _PERCENT_FIELD.sub(percent, fmt)


def network_range(number: str) -> bool:
    """Is the number (as high_risk_in wrote it) in one of NETWORK_RANGES?"""
    digits = number.lstrip("+")
    digits = digits[3:] if digits.startswith("011") else digits[2:] if digits.startswith("00") else digits
    return digits[:3] in NETWORK_RANGES


def toll_fraud(number: str, what: str, how: str) -> Finding:
    return ("exfiltration", f"{how} {number}, {what}: a range that international revenue share fraud pumps calls "
                            "to, billed to the organisation's account while the range's holder takes a share; call "
                            "and forward only to the organisation's own destinations")


# -- a PBX's own folders and records -----------------------------------------------------------------------------------
# the configuration folders (every SIP, manager and trunk password of the PBX), the recordings and voicemail, the
# call records and the SMS gateways' message logs (every text, sign-in codes among them)
_CONFIG_DIR = re.compile(r"^(?:/etc/(?:asterisk|freeswitch|kamailio|opensips|kannel|jasmin|coturn)|"
                         r"/usr/local/freeswitch/conf|/opt/freeswitch/conf|/etc/turnserver\.conf)(?:/|$)")
_DATA_DIR = re.compile(r"^(?:/var/spool/asterisk/(?:monitor|voicemail|recording|outgoing)|/var/lib/asterisk/astdb|"
                       r"/var/lib/freeswitch/(?:recordings|storage|db)|/usr/local/freeswitch/(?:recordings|storage|db)|"
                       r"/var/log/asterisk/(?:cdr|cel)|/var/log/(?:jasmin|kannel)|/var/spool/kannel|"
                       r"/var/lib/kamailio|/var/spool/asterisk(?:/|$)|/var/lib/asterisk(?:/|$))")


def pbx_path(path: str | None) -> str | None:
    """What a path (absolute, normalised) of a PBX's or an SMS gateway's holds, when it is one of theirs."""
    if not path or path[:1] != "/":
        return None
    p = path.rstrip("/") or "/"
    if _CONFIG_DIR.match(p) or _CONFIG_DIR.match(p + "/"):
        return f"the PBX's configuration {p} (every SIP, trunk and manager password in it)"
    if _DATA_DIR.match(p) or _DATA_DIR.match(p + "/"):
        return f"the PBX's records {p} (calls, voicemail or text messages of the organisation's people)"
    return None


# -- the dialplan ------------------------------------------------------------------------------------------------------
# the contexts calls from outside land in: FreePBX's from-trunk/from-pstn/from-external, the `default` context chan_sip
# gives unauthenticated callers, FreeSWITCH's `public`, anything named inbound/incoming/guest
_OUTSIDE_CONTEXT = re.compile(r"(?i)^(?:from[-_](?:trunk|pstn|external|outside|did|carrier|provider|internet|sip[-_]?"
                              r"external|itsp)[\w-]*|(?:inbound|incoming|public|anonymous|unauth|guest|ext-did)[\w-]*|"
                              r"default)$")
# contexts that dial out of the organisation: international, long distance, the trunks' own
_INTERNAL = re.compile(r"(?i)^from[-_]internal$")
_DIALS_OUT = re.compile(r"(?i)outbound|international|\bintl|-intl|intl-|out(?:going)?[-_]|long[-_]?distance|"
                        r"from[-_]internal|pstn[-_]out|trunk[-_]out|to[-_](?:pstn|trunk|carrier)")
# an extension pattern that takes international numbers (`_011X.`, `_00X.`, `_+X.`, `_9011.`)
_INTL_PATTERN = re.compile(r"^_(?:9?011|9?00|\+)[XNZ\[.!]")
_EXTEN = re.compile(r"(?im)^[^\S\n]*+exten[^\S\n]*+=>?[^\S\n]*+([^,\n]++),")
_INCLUDE = re.compile(r"(?im)^[^\S\n]*+include[^\S\n]*+=>?[^\S\n]*+([\w-]++)")
_SECTION = re.compile(r"(?m)^[^\S\n]*+\[([^\]\n]++)\]")
_SPY = re.compile(r"(?i)\b(?:ChanSpy|ExtenSpy)\s*+\(")
# the number the caller dialled sent on through a trunk: `Dial(PJSIP/${EXTEN}@carrier)` (PJSIP's endpoint after the
# `@` is the trunk), `Dial(SIP/carrier/${EXTEN})`, or through a context that dials out: `Dial(Local/${EXTEN}@ctx)`,
# `Goto(from-internal,${EXTEN},1)`. (`Dial(PJSIP/${EXTEN})` rings the local phone of that name.)
_EXTEN_VAR = r"\$\{EXTEN(?::\d++)?\}"
_TRUNK_DIAL = re.compile(r"(?i)\bDial\s*+\(\s*+(?:(PJSIP|SIP|IAX2|Local)/[^,()\s@$]*+" + _EXTEN_VAR +
                         r"[^,()\s@]*+@([\w.-]++)|(?:SIP|IAX2|DAHDI)/[\w.-]++/[^,()\s$]*+" + _EXTEN_VAR + ")")
_GOTO_EXTEN = re.compile(r"(?i)\b(?:Goto|Gosub)\s*+\(\s*+([\w-]++)\s*+,\s*+" + _EXTEN_VAR)
# DISA without a password: a dial tone for whoever calls in
_OPEN_DISA = re.compile(r"(?i)\bDISA\s*+\(\s*+no-password\b")
# a FreeSWITCH condition that takes any number of digits (`^(\d+)$`, `^(.*)$`): what it captures is any number dialled
_OPEN_CAPTURE = re.compile(r"\((?:\\d|\[0-9\]|\.)(?:[+*]|\{\d++,\})\)")
_DIALLED = re.compile(r"\$\{destination_number\}|\$\d\b")
# (`${SHELL(…)}` in a dialplan, `dialplan eval function SHELL(…)` at the CLI; FreeSWITCH's `&system(…)` in an
# originate's dial string)
_SHELL_APPS = re.compile(r"(?i)\b(?:(?:Try)?System|SHELL)\s*+\(")
# an Asterisk function read (`${CALLERID(num)}`, `${CUT(x,-,1)}`): not shell syntax, so it is read as a plain variable
# (what is inside, a variable or another function, goes with it: `${STRFTIME(${EPOCH},,%F)}`; deeper ones in turns)
_AST_FUNCTION = re.compile(r"\$\{[^{}()]*+\((?:\$\{[^{}]*+\}|[^{}])*+\}")


def _balanced(text: str, start: int) -> str:
    """The text after an opening parenthesis at `start - 1` up to its closing one (or the end of the line)."""
    depth, i = 1, start
    while i < len(text):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        elif c == "\n":
            break
        i += 1
    return text[start:i]


# FreeSWITCH's XML read tag by tag (each tag's text stops at the next `<` or `>`: read once), then its attributes
_TAG = re.compile(r"<(context|condition|action|anti-action|param|X-PRE-PROCESS)\b([^<>]*+)", re.I)
_ATTR = re.compile(r"""(?<![\w-])([\w-]++)\s*+=\s*+["']([^"'<>]*+)["']""")


def _tags(text: str) -> list[tuple[str, dict[str, str]]]:
    """(tag name, lower-cased attribute names -> values) of FreeSWITCH's XML tags in `text`."""
    if "<" not in text:
        return []
    return [(m.group(1).lower(), {k.lower(): v for k, v in _ATTR.findall(m.group(2))}) for m in _TAG.finditer(text)]


def _fs_settings(text: str) -> dict[str, list[str]]:
    """A FreeSWITCH configuration's settings, lower-cased names -> values: each `name="…"` followed by `value="…"`
    (a whole `<param/>`, or the fragment a sed replacement writes), and vars.xml's `data="name=value"`."""
    out: dict[str, list[str]] = {}
    name = None
    for key, value in _ATTR.findall(text):
        key = key.lower()
        if key == "name":
            name = value.lower()
        elif key == "value" and name is not None:
            out.setdefault(name, []).append(value)
            name = None
        elif key == "data" and "=" in value:
            k, _, v = value.partition("=")
            out.setdefault(k.strip().lower(), []).append(v)
    return out


def shell_of(command: str) -> str:
    """A command the PBX runs, with its Asterisk function reads made plain variables."""
    for _ in range(4):
        plain = _AST_FUNCTION.sub("$ASTERISK_FUNCTION", command)
        if plain == command:
            break
        command = plain
    return command.strip()


def dialplan_commands(text: str) -> list[str]:
    """The shell commands a dialplan's `System()`, `TrySystem()` and `${SHELL()}` run (Asterisk), and FreeSWITCH's
    `system`/`bgsystem` actions: each is run by the PBX's user whenever a call reaches it."""
    out: list[str] = []
    end = 0
    for m in _SHELL_APPS.finditer(text):
        # (one inside another's parentheses is judged with it; each stretch of the text is read once)
        if m.start() < end:
            continue
        body = _balanced(text, m.end())
        end = m.end() + len(body)
        if body.strip():
            out.append(body)
            if len(out) >= 8:
                break
    out += [attrs.get("data", "") for tag, attrs in _tags(text) if tag in ("action", "anti-action") and
            attrs.get("application", "").lower() in ("system", "bgsystem")]
    return [shell_of(c) for c in out if c.strip()][:8]


# `#exec /path/prog args` in any of Asterisk's configuration files: run by the PBX at every load (with `execincludes`)
_EXEC_INCLUDE = re.compile(r"(?m)^[^\S\n]*+#exec[^\S\n]++([^\n]++)")


def config_commands(text: str) -> list[str]:
    """The programs an Asterisk configuration text runs when loaded (`#exec`)."""
    return [m.group(1).strip().strip("\"") for m in _EXEC_INCLUDE.finditer(text)][:8]


def _contexts(text: str) -> list[tuple[str, str]]:
    """(name, body) of each `[context]` of an Asterisk configuration text (a text with none is one unnamed body)."""
    heads = list(_SECTION.finditer(text))
    if not heads:
        return [("", text)]
    out = [("", text[:heads[0].start()])] if heads[0].start() else []
    for k, m in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        out.append((m.group(1).strip(), text[m.end():end]))
    return out


def _toll_route(name: str, how: str) -> Finding:
    return ("exfiltration", f"the `{name}` context (calls from outside) {how}: anyone calling in can dial out through "
                            "the organisation's trunk at its cost (toll fraud); route outside calls only to local "
                            "extensions")


def dialplan_finding(text: str, path: str = "") -> Finding | None:
    """What a dialplan text (Asterisk's extensions*.conf, FreeSWITCH's dialplan XML) lets a caller from outside do
    that is an attack: reach the international trunk from the inbound context (an `include` of an outbound or
    international context, an international pattern), listen to others' calls (`ChanSpy`, `ExtenSpy`, FreeSWITCH's
    `eavesdrop` in the public context). Inbound contexts that dial the organisation's extensions, and ChanSpy in an
    internal context (a supervisor's feature code) stay allowed."""
    public = "/dialplan/public/" in path.lower()
    if "<context" in text or public and "<action" in text:
        # (a file of dialplan/public/ is read into the public context)
        context, opened = ("public" if public else ""), False
        for tag, attrs in _tags(text):
            if tag == "context":
                context = attrs.get("name", "")
                continue
            if tag == "condition":
                opened = _OPEN_CAPTURE.search(attrs.get("expression", "")) is not None
                continue
            # (FreeSWITCH's `default` context is its registered users', unlike chan_sip's)
            if tag not in ("action", "anti-action") or context == "default" or not _OUTSIDE_CONTEXT.match(context):
                continue
            app, data = attrs.get("application", "").lower(), attrs.get("data", "")
            dialled = "${destination_number}" in data or opened and _DIALLED.search(data) is not None
            if app in ("bridge", "transfer") and ("gateway/" in data or "sofia/external/" in data) and dialled:
                return ("exfiltration", f"the `{context}` context (calls from outside) bridges the number they dial "
                                        "to the carrier's gateway: anyone can call through the organisation's trunk "
                                        "at its cost (toll fraud); route outside calls only to local extensions")
            if app == "transfer" and dialled:
                target = (data.split() + ["", "", ""])[2]
                if target == "default" or _DIALS_OUT.search(target):
                    return _toll_route(context, f"transfers any number dialled to the `{target}` context, whose "
                                                "users call out")
            if app == "eavesdrop":
                return ("exfiltration", f"`eavesdrop` in the `{context}` context lets callers from outside listen to "
                                        "the organisation's calls; keep it to authenticated internal users")
        return None
    for name, body in _contexts(text):
        if not name or not _OUTSIDE_CONTEXT.match(name):
            continue
        for m in _INCLUDE.finditer(body):
            # (simple setups register their phones into `default`: its including the phones' own context is theirs)
            if _DIALS_OUT.search(m.group(1)) and not (name == "default" and _INTERNAL.match(m.group(1))):
                return _toll_route(name, f"includes `{m.group(1)}`")
        # (`default` is also where simple setups put their phones, whose own outbound route it then holds)
        for m in _TRUNK_DIAL.finditer(body) if name != "default" else ():
            if m.group(1) is None or m.group(1).lower() != "local" or _DIALS_OUT.search(m.group(2)):
                return _toll_route(name, f"dials the number the caller dialled through `{m.group(0)}`")
        for m in _GOTO_EXTEN.finditer(body) if name != "default" else ():
            if _DIALS_OUT.search(m.group(1)):
                return _toll_route(name, f"sends the number dialled to `{m.group(1)}`")
        if _OPEN_DISA.search(body):
            return _toll_route(name, "gives callers a dial tone without a password (`DISA(no-password,…)`)")
        for m in _EXTEN.finditer(body):
            if _INTL_PATTERN.match(m.group(1).strip()):
                return ("exfiltration", f"the `{name}` context (calls from outside) dials international numbers "
                                        f"(`{m.group(1).strip()}`): anyone calling in can call abroad through the "
                                        "organisation's trunk at its cost (toll fraud)")
        if _SPY.search(body):
            return ("exfiltration", f"`ChanSpy` in the `{name}` context lets callers from outside listen to the "
                                    "organisation's calls; keep call monitoring in an internal, authenticated context")
    return None


# -- the configurations that let strangers in --------------------------------------------------------------------------
_INI_PAIR = re.compile(r"(?m)^[^\S\n]*+(password|secret|md5_cred)[^\S\n]*+=>?[^\S\n]*+([^;\s]*+)")
_PERMIT_ALL = re.compile(r"(?im)^[^\S\n]*+permit[^\S\n]*+=>?[^\S\n]*+0\.0\.0\.0/(?:0|0\.0\.0\.0)\b")
_KANNEL_ANY = re.compile(r"""(?im)^[^\S\n]*+(?:user|admin|box|sendsms|smsbox)-allow-ip[^\S\n]*+=[^\S\n]*+"?"""
                         r"""(?:\*\.\*\.\*\.\*|\*|0\.0\.0\.0/0)"?[^\S\n]*+(?:[;#]|$)""")
_TURN_NO_AUTH = re.compile(r"(?m)^[^\S\n]*+no-auth[^\S\n]*+$")
# (a STUN-only server relays nothing: without credentials it only tells callers their public address)
_TURN_STUN_ONLY = re.compile(r"(?m)^[^\S\n]*+stun-only[^\S\n]*+$")
_KAM_DEFINE = re.compile(r"#!define\s+WITH_AUTH\b")
_KAM_ACTIVE = re.compile(r"(?m)^[^\S\n]*+#!define\s+WITH_AUTH\b")  # (`##!define` is a comment)


def config_finding(path: str, text: str, removed: str, subs: list[tuple[str, str]]) -> Finding | None:
    """What a write to a PBX's, a SIP proxy's, a TURN server's or an SMS gateway's configuration `path` does that
    lets strangers in: `text` is what the write puts there (a here-document, an echo, a sed's replacements and added
    lines), `removed` what a sed removes, `subs` its substitutions (pattern, replacement)."""
    low = path.lower()
    name = low.rsplit("/", 1)[-1]
    # (FreePBX keeps its own accounts in manager_custom.conf; `#include manager.d/*.conf` reads the folder)
    manager = name.startswith("manager") and name.endswith(".conf") or "/manager.d/" in low
    if manager and _PERMIT_ALL.search(text):
        return ("permission-tamper", "a manager (AMI) account permitted from every address (`permit=0.0.0.0/0`): "
                                     "whoever reaches port 5038 and guesses or holds its secret originates calls and "
                                     "runs CLI commands, shell ones among them; permit the hosts that need it")
    if name.endswith(".conf") and ("asterisk" in low or name in ("pjsip.conf", "sip.conf", "iax.conf")):
        for key, value in _INI_PAIR.findall(text):
            if weak_password(value):
                return ("permission-tamper", f"a SIP account with the guessable {key} `{value}`: scanners try it "
                                             "within minutes and then call abroad on the organisation's trunk; "
                                             "generate long random secrets")
    if name.endswith(".xml") and ("freeswitch" in low or "vars.xml" in name):
        settings = _fs_settings(text)
        for key in ("default_password", "password", "vm-password"):
            weak = next((v for v in settings.get(key, ()) if weak_password(v)), None)
            if weak is not None and (key != "password" or "event_socket" not in name):
                return ("permission-tamper", f"FreeSWITCH's `{key}` set to the guessable `{weak}` (the shipped "
                                             "default every directory user gets): anyone registers as any extension "
                                             "and calls out; set a long random one")
        if "event_socket" in name and any(v.strip("[]") in ("0.0.0.0", "::") for v in settings.get("listen-ip", ())):
            acl_gone = "apply-inbound-acl" in removed or any(
                "apply-inbound-acl" in p and "apply-inbound-acl" not in r for p, r in subs)
            acl_any = any(v.lower() in ("any", "any_v4.auto", "0.0.0.0/0")
                          for v in settings.get("apply-inbound-acl", ()))
            default = any(weak_password(v) for v in settings.get("password", ()))
            if acl_gone or acl_any or default:
                return ("permission-tamper", "FreeSWITCH's event socket listens on every interface without its "
                                             "inbound ACL (or with its default password): whoever reaches port 8021 "
                                             "runs `api system …` as the switch's user and originates calls; keep it "
                                             "on loopback with its ACL")
    if "kamailio" in low or "opensips" in low:
        if "WITH_AUTH" in removed or any(_KAM_DEFINE.search(p) and not _KAM_ACTIVE.search(r) for p, r in subs):
            return ("permission-tamper", "`#!define WITH_AUTH` is turned off: the proxy then relays every REGISTER "
                                         "and INVITE without asking for a password, so anyone calls through the "
                                         "organisation's carriers; keep authentication on")
    if "kannel" in low and _KANNEL_ANY.search(text):
        return ("permission-tamper", "the SMS gateway's user is allowed from every address (`*.*.*.*`): anyone on "
                                     "the internet who has its password sends texts in the organisation's name and at "
                                     "its cost; allow the application servers' addresses only")
    if name == "turnserver.conf" and _TURN_NO_AUTH.search(text) and not _TURN_STUN_ONLY.search(text):
        return ("permission-tamper", "`no-auth` lets anyone relay through the TURN server (into the internal network "
                                     "too); keep its long-term or REST credentials on")
    return None


# the files config_finding and dialplan_finding read, for bash/fastpath.py (a write to one goes to the full analysis)
WRITE_TARGET = r"/etc/asterisk/|/etc/freeswitch/|/freeswitch/conf/|/etc/kamailio/|/etc/opensips/|/etc/kannel/|" \
               r"turnserver\.conf|/agi-bin/|/freeswitch/(?:scripts|mod|lua)/|/var/spool/asterisk/outgoing/"
_WRITTEN = re.compile(r"(?i)(?:" + WRITE_TARGET + r")")
# folders whose files the PBX runs: AGI scripts, FreeSWITCH's Lua/JavaScript/Python scripts
RUN_FOLDER = re.compile(r"(?i)/agi-bin/|/freeswitch/scripts/|/freeswitch/(?:mod/|lua/)")


# Asterisk's call files: each one put there is a call placed at once
CALL_SPOOL = "/var/spool/asterisk/outgoing/"


def esl_scripts(text: str) -> list[tuple[str, str]]:
    """(interpreter, file) of the files in folders anyone writes that an ESL text has the switch run (`api luarun
    /tmp/x.lua`)."""
    out: list[tuple[str, str]] = []
    for m in _ESL_LINE.finditer(text) if "run" in text or "lua" in text or "jsapi" in text or "python" in text or \
            "perl" in text or "javascript" in text else ():
        out += [(run[0], f) for part in fs_commands(m.group(1)) for run in fs_scripts(part)
                for f in [script_file(run[1])] if f]
        if len(out) >= 8:
            break
    return out[:8]


# the fields of a call file that name what is dialled: the channel called, the extension dialled once it answers
# (`Context:`/`Extension:`), what an `Application: Dial` dials (its `Data:`)
_CALL_FIELD = re.compile(r"(?i)(?:(?<![\w-])|(?<=\\[rn]))(Channel|Extension|Data):[^\S\n]*+([^\n\\]++)")
_CALL_DIAL = re.compile(r"(?i)(?:(?<!\w)|(?<=\\[rn]))Application:[^\S\n]*+Dial\b")


def call_fields(text: str) -> list[str]:
    """The values of a call file's fields that name a number dialled (Data only for `Application: Dial`)."""
    dial = _CALL_DIAL.search(text) is not None
    return [m.group(2) for m in _CALL_FIELD.finditer(text) if dial or m.group(1).lower() != "data"][:16]


def call_file(text: str) -> tuple[list[str], tuple[str, str] | None]:
    """(the shell commands a call file runs through `Application: System`, the HIGH_RISK number it calls or None).
    A dial string of the PBX counts a number written with its international prefix (bare digits are a national
    number of the trunk's country), or built from one when it runs (`PJSIP/+882%03d@trunk`)."""
    shells, _ = protocol_finding(text)
    return shells, next((h for f in call_fields(text) for h in [high_risk_in(f, prefixed=True)] if h), None)


@lru_cache(maxsize=8)  # (asked per file moved into the spool: read once per input)
def calls_in_input(text: str) -> tuple[list[str], tuple[str, str] | None]:
    """call_file of every call file the whole input writes somewhere (`text`), for a file put in the spool whose own
    text is not followed: what it runs, the number it calls, or, when a field's number is filled in when it runs
    (`PJSIP/%s@trunk`, `$n`), the first HIGH_RISK number the input writes with an international prefix."""
    if "hannel:" not in text and "HANNEL:" not in text:
        return [], None
    shells, hit = call_file(text)
    if hit is None and any("%" in f or "$" in f for f in call_fields(text)):
        hit = high_risk_in(text, prefixed=True, built=False)
    return shells, hit


def judged_write(path: str) -> bool:
    # (`mv x.call /var/spool/asterisk/outgoing`: the spool named without its slash)
    return _WRITTEN.search(path) is not None or path.rstrip("/") == CALL_SPOOL[:-1]


def dialplan_file(path: str) -> bool:
    low = path.lower()
    name = low.rsplit("/", 1)[-1]
    return "asterisk" in low and name.startswith("extensions") or "freeswitch" in low and "/dialplan/" in low


# -- the manager interface (AMI) and the event socket (ESL), as sent ---------------------------------------------------
_AMI_ORIGINATE = re.compile(r"(?i)Action:\s*+Originate\b")
# an ESL command line as written (its line breaks often `\n` escapes of the source): `api …` / `bgapi …`
_ESL_LINE = re.compile(r"(?im)(?:^|\\n|[\"'`])[^\S\n]*+(?:bg)?api[^\S\n]++([^\n\\\"'`]++)")
_ESL_ORIGINATE = re.compile(r"(?i)\b(?:bg)?api\s++originate\b")
# FreeSWITCH's commands that run a shell command: `system`, `bg_system`, `spawn`, `bg_spawn` (also after `expand`,
# which only expands variables first)
_FS_SHELL = re.compile(r"(?i)^(?:expand\s++)?(?:bg_)?(?:system|spawn)\s++(.+)$", re.S)
# an AMI action that runs a dialplan application: `Application: System` with its `Data:`
# (a header starts a line, or follows a `\r\n` escape of the source)
_HEADER = r"(?:(?<!\w)|(?<=\\[rn]))"
_AMI_SYSTEM_APP = re.compile(r"(?i)" + _HEADER + r"Application:[^\S\n]*+(?:Try)?System\b")
_AMI_DATA = re.compile(r"(?i)" + _HEADER + r"Data:[^\S\n]*+([^\r\n\\\"'`]++)")


# FreeSWITCH's commands that run a script in the switch, as its user: mod_lua's `lua`/`luarun`, mod_v8's `jsrun`/
# `jsapi`, mod_perl's `perlrun`, mod_python3's `pyrun`/`python` (also after `expand`); an argument that starts with
# `~` is the code itself
_FS_SCRIPT = re.compile(r"(?i)^(?:expand\s++)?(luarun|lua|jsrun|jsapi|perlrun|pyrun|python)\s++([^\r\n]++)")
_RUNNERS = {"lua": "lua", "luarun": "lua", "jsrun": "node", "jsapi": "node", "perlrun": "perl", "pyrun": "python",
            "python": "python", "javascript": "node", "perl": "perl"}
# the same modules' dialplan applications, named in an originate (`&lua(/tmp/x.lua)`) or a broadcast
# (`uuid_broadcast UUID lua::/tmp/x.lua`): the file runs in the call
_FS_APP_SCRIPT = re.compile(r"(?i)(?:&|(?<![\w-]))(lua|javascript|perl|python)(?:\(([^()\r\n]*+)\)|::([^\s'\"`]++))")
# folders anyone on the machine writes, and the homes (the agent's own among them): a script there is whoever put it
# there's code, not the switch's (its own scripts folder, where a bare name is looked up, stays allowed; a folder
# named by a variable not assigned here is the deployment's own)
_WRITABLE = re.compile(r"^(?:/tmp/|/var/tmp/|/dev/shm/|/run/user/|/home/|/root/)")


def fs_script(command: str) -> tuple[str, str] | None:
    """(the interpreter the code is for, the argument) when one FreeSWITCH API command runs a script, else None."""
    m = _FS_SCRIPT.match(command.strip())
    return (_RUNNERS[m.group(1).lower()], m.group(2).strip()) if m is not None else None


def fs_scripts(command: str) -> list[tuple[str, str]]:
    """(interpreter, argument) of each script one FreeSWITCH API command runs: the command itself (`luarun F`) or the
    applications it names (`originate … &lua(F)`)."""
    run = fs_script(command)
    if run is not None:
        return [run]
    if "(" not in command and "::" not in command:
        return []
    return [(_RUNNERS[m.group(1).lower()], (m.group(2) or m.group(3) or "").strip().lstrip("~"))
            for m in _FS_APP_SCRIPT.finditer(command)][:4]


def script_code(runner: str, arg: str) -> str | None:
    """The command line the shell rules judge for a script given inline (`lua ~os.execute(…)` is `lua -e …`)."""
    if arg[:1] != "~":
        return None
    import shlex

    return f"{runner} {'-c' if runner == 'python' else '-e'} {shlex.quote(arg[1:])}"


def script_file(arg: str) -> str | None:
    """The file a script command runs (its first word), when it is in a folder anyone or the agent writes, or named
    from the switch's scripts folder upwards out of it (`luarun ../../../../tmp/x.lua`: a relative name is looked up
    there, and its `..` leave it)."""
    path = arg.split(None, 1)[0] if arg[:1] != "~" and arg.strip() else ""
    if not path:
        return None
    if _WRITABLE.match(path):
        return path
    if path[:1] not in "/$~" and ".." in path.split("/"):
        import posixpath

        # (read from a scripts folder three deep, `/usr/share/freeswitch/scripts`: `../scripts/x.lua` and
        # `../lib/x.lua` stay in the switch's own folder, `../../../../tmp/x.lua` leaves it)
        if not posixpath.normpath(_SCRIPT_DIR + path).startswith(_SCRIPT_DIR.rsplit("/", 2)[0] + "/"):
            return path
    return None


_SCRIPT_DIR = "/usr/share/freeswitch/scripts/"


def script_message(how: str, path: str) -> str:
    return (f"{how} {path}, a file in a folder anyone on the machine (or the agent) writes, or out of the switch's "
            "scripts folder: its code runs in the switch as the switch's user, with the PBX's passwords and calls; a "
            "person should look at it, or install it into the switch's scripts folder")


def fs_shell(command: str) -> str | None:
    """The shell command one FreeSWITCH API command runs (`system …`, `bg_spawn …`, `expand system …`), or None."""
    m = _FS_SHELL.match(command.strip())
    return m.group(1).strip() if m is not None else None


def fs_commands(line: str) -> list[str]:
    """The API commands a FreeSWITCH console or ESL line runs: split at `;;` and at line breaks."""
    return [p.strip() for p in re.split(r";;|[\r\n]", line) if p.strip()]


def protocol_finding(text: str) -> tuple[list[str], Finding | None]:
    """What text sent to the manager interface or the event socket does: (the shell commands it has the PBX run: an
    ESL `api system …`, an AMI `Application: System`, a `SHELL(…)` function; a toll-fraud finding for calls originated
    to a HIGH_RISK number, or None)."""
    cmds: list[str] = []
    for m in _ESL_LINE.finditer(text):
        for part in fs_commands(m.group(1)):
            run = fs_script(part)
            c = fs_shell(part) if run is None else script_code(*run)
            if c:
                cmds.append(c)
        if len(cmds) >= 8:
            break
    app = _AMI_SYSTEM_APP.search(text)
    if app is not None:
        data = _AMI_DATA.search(text, app.end()) or _AMI_DATA.search(text)
        if data is not None:
            cmds.append(shell_of(data.group(1)))
    cmds += dialplan_commands(text) if "(" in text else []
    fraud = None
    if _AMI_ORIGINATE.search(text) or _ESL_ORIGINATE.search(text):
        hit = high_risk_in(text)
        if hit is not None:
            fraud = toll_fraud(hit[0], hit[1], "the code originates calls through the PBX to")
    return cmds[:8], fraud


def esl_sent(text: str) -> tuple[list[str], Finding | None, list[tuple[str, str]]]:
    """What code writing `text` to the manager interface or the event socket (or handing it to an ESL client's
    `api`) has the PBX do: (the shell commands it runs, a toll-fraud finding, the (interpreter, file) of the first
    script it runs from a folder anyone writes), for python/telecom.py and js/telecom.py."""
    shells, fraud = protocol_finding(text)
    return shells, fraud, esl_scripts(text)[:1]


# an ESL client library in code: FreeSWITCH's own binding (`ESL.ESLconnection`), Node's modesl, greenswitch, switchio;
# its `api(cmd, arg)` / `bgapi(…)` are the event socket's `api cmd arg`
ESL_CLIENT = re.compile(rb"\bESL\b|ESLconnection|modesl|greenswitch|switchio|\b8021\b")
ESL_CALLS = frozenset({"api", "bgapi", "sendRecv"})


def esl_call_text(name: str, args: list[str]) -> str:
    """The event socket's command line an ESL client's call sends: `api luarun /tmp/x.lua` for `con.api("luarun",
    "/tmp/x.lua")` (its `sendRecv(text)` sends the text as it is)."""
    if name == "sendRecv":
        return args[0] if args else ""
    return f"{name} " + " ".join(args[:2])


# -- what code sends: telecom data and the hosts it goes to ------------------------------------------------------------
# messengers' bot and webhook endpoints: whoever holds the bot or the webhook reads what is posted
_MESSENGERS = ("api.telegram.org", "discord.com", "discordapp.com")


# the communications providers' own API hosts: a request there is the account's own business
PROVIDER_DOMAINS = ("twilio.com", "nexmo.com", "vonage.com", "plivo.com", "telnyx.com", "bandwidth.com", "sinch.com",
                    "messagebird.com", "signalwire.com", "infobip.com", "textmagic.com", "clicksend.com")


def provider_host(host: str) -> bool:
    h = host.lower().rstrip(".")
    return any(h == d or h.endswith("." + d) for d in PROVIDER_DOMAINS)


def sink(url: str | None) -> str | None:
    """The host of `url` when what is sent there leaves for someone no name of the organisation vouches for: a bare
    public address, a drop-box or tunnel service, a messenger's bot or webhook. A domain named alone may as well be
    the organisation's (a look-alike cannot be told from a sister company's here: the providers' own hosts named
    beside it would count as the organisation's), so it is None."""
    from .hosts import url_host
    from .scraping_tables import stranger_sink

    if not url:
        return None
    host = url_host(url) if "//" in url else url.split("/", 1)[0].split(":", 1)[0]
    if not host or "$" in host or "{" in host or provider_host(host):
        return None
    if stranger_sink(host) or tunnel(host):
        return host
    if any(host == m or host.endswith("." + m) for m in _MESSENGERS) and ("/bot" in url or "/webhooks/" in url):
        return host
    return None


# -- what code holds of the PBX's or the provider's: read before a request to a sink sends it --------------------------
_HELD_IN_CODE = (
    (re.compile(r"""["'`]/etc/(?:asterisk|freeswitch|kamailio|opensips|kannel|jasmin)/|turnserver\.conf"""),
     "the PBX's configuration files (every SIP, trunk and manager password)"),
    (re.compile(r"""["'`]/var/spool/asterisk/|["'`]/var/lib/freeswitch/recordings|/Recordings/|\.recordings\b|"""
                r"""\bRecordingUrl\b|\brecording_url\b"""), "call recordings or voicemail"),
    (re.compile(r"(?i)\bfrom\s+(?:\w+\.)?(?:cdr|cel|cdrs|call_detail_records?)\b|Master\.csv|/cdr-csv/"),
     "the call detail records (who called whom, when)"),
    (re.compile(r"\bshort_message\b|\bdeliver_sm\b|set_message_received_handler|req\.body\.Body\b|"
                r"""["'`]/var/(?:log|spool)/(?:kannel|jasmin)/|"""
                r"""request\.(?:form|values|POST)(?:\.get\(|\[)\s*["']Body["']|\binbound[-_]?sms\b"""),
     "the text messages received (sign-in codes among them)"),
)
HELD_MARKERS = re.compile(rb"/etc/(?:asterisk|freeswitch|kamailio|opensips|kannel|jasmin)/|turnserver\.conf|"
                          rb"/var/spool/asterisk/|/var/lib/freeswitch/recordings|Recordings/|recordings|RecordingUrl|"
                          rb"recording_url|(?i:\bfrom\s+(?:\w+\.)?(?:cdr|cel|cdrs|call_detail_records?)\b)|Master\.csv|"
                          rb"cdr-csv|short_message|deliver_sm|set_message_received_handler|Body|inbound[-_]?sms|"
                          rb"kannel|jasmin")


@lru_cache(maxsize=8)  # (asked per request of an input: read once)
def held_in_code(text: str) -> str | None:
    """What of the PBX's or the provider's code `text` reads (its configuration files, recordings, CDRs, the texts
    it receives), described; None when none."""
    return next((what for rx, what in _HELD_IN_CODE if rx.search(text)), None)


_URL_IN = re.compile(r"""(?:https?|wss?)://[^\s"'`<>]+""")


def without_urls(text: str) -> str:
    """`text` without its URLs (whose ids and query values are not numbers called)."""
    return _URL_IN.sub(" ", text) if "//" in text else text


def first_url(text: str) -> str | None:
    m = _URL_IN.search(text)
    return m.group(0) if m else None


def held_sent(url_text: str, text: str) -> str | None:
    """A request whose URL (`url_text`, the first argument's text or the literal it names) reaches a sink, from code
    that holds the PBX's or the provider's records (held_in_code): the message, or None."""
    url = first_url(url_text)
    host = sink(url) if url else None
    what = held_in_code(text) if host else None
    return (f"the code sends to {host}, a bare address, a drop site, a tunnel or a messenger's bot, and holds {what}; "
            "keep the organisation's calls and texts on its own servers") if what else None


# -- calls listened to and bridged out (ARI) ---------------------------------------------------------------------------
_SNOOP = re.compile(r"/snoop\b|\bsnoop(?:Channel|_channel)\b")
_SPY_PARAM = re.compile(r"""\bspy["']?\s*[=:]\s*["']?(?:in|out|both)\b""")
_ENDPOINT_AT = re.compile(r"(?i)\b(?:PJSIP|SIP|IAX2)/[\w.+-]*@([\w.-]+)")


@lru_cache(maxsize=8)  # (asked per request of an input: read once)
def snoop_finding(text: str) -> Finding | None:
    """A script that snoops on the PBX's calls (ARI `…/snoop?spy=both`) and bridges them to an endpoint at a bare
    address or another sink: every call's audio streamed to a stranger."""
    if _SNOOP.search(text) is None or _SPY_PARAM.search(text) is None:
        return None
    from .hosts import public_ip

    for m in _ENDPOINT_AT.finditer(text):
        host = m.group(1)
        if public_ip(host) or sink(host):
            return ("exfiltration", f"the script listens in on the PBX's calls (ARI snoop) and bridges them to "
                                    f"{m.group(0)}, an endpoint outside the organisation: every call's audio goes "
                                    "there; record calls into the organisation's own storage")
    return None


# -- call records deleted ----------------------------------------------------------------------------------------------
CDR_DELETE = re.compile(r"(?i)\b(?:delete\s+from|truncate\s+(?:table\s+)?)\s*(?:[\w\"`]+\.)?[\"`]?"
                        r"(cdr|cel|cdrs|call_detail_records?)[\"`]?(?![\w.])")


# Kamailio's (and OpenSIPS's) permissions tables: a row there lets its addresses call without authenticating
_TRUSTED_INSERT = re.compile(r"(?i)\binsert\s++(?:ignore\s++)?into\s++(?:[`\"]?\w++[`\"]?\.)?[`\"]?(?:address|trusted)\b")
_ANY_ADDRESS = re.compile(r"'(?:0\.0\.0\.0(?:/0)?|::(?:/0)?)'")


def trusts_everyone(sql: str) -> bool:
    """An INSERT into the permissions module's `address`/`trusted` table of every address."""
    m = _TRUSTED_INSERT.search(sql)
    return m is not None and _ANY_ADDRESS.search(sql, m.end(), m.end() + 2000) is not None


def cdr_deleted(sql: str) -> str | None:
    m = CDR_DELETE.search(sql)
    return (f"deletes rows of `{m.group(1)}`, the PBX's call detail records (the billing and legal record of every "
            "call), with no undo; a person should confirm the retention cut") if m else None


# -- texts in bulk with a lure ----------------------------------------------------------------------------------------
def smishing(body: str, text: str) -> str | None:
    """A text message whose words ask the reader to sign in, verify or pay (mail_tables.LURE) at a link whose host
    is a sink or is named like a sign-in page (`acme-secure-login.top`): the description, or None."""
    from . import docsites_tables as dt
    from . import mail_tables as mt
    from .hosts import url_host

    found = mt.lure_links(body)
    if found is None:
        return None
    lure, _hosts = found
    for url in _URL_IN.findall(body):
        host = url_host(url) or ""
        if host and (sink(url) or dt.signin_word(host) or dt.lookalike(host, text)):
            return f"says \"{lure}\" and links to {host}, a host named like a sign-in page or outside the organisation"
    return None


# -- a number's webhooks pointed elsewhere, from code ------------------------------------------------------------------
# (status callbacks carry a delivery's status, not the text: a test bin for them is ordinary)
_HOOK_VALUE = re.compile(r"""(?i)\b(moCallBackUrl|drCallBackUrl|moHttpUrl|SmsUrl|VoiceUrl|SmsFallbackUrl|"""
                         r"""VoiceFallbackUrl|"""
                         r"""sms_url|voice_url|sms_fallback_url|voice_fallback_url|message_url|answer_url|hangup_url|"""
                         r"""inbound_url|event_url|webhook_url|inboundUrl|eventUrl|answerUrl|messageUrl|"""
                         r"""inbound_request_url|inboundRequestUrl)"""
                         r"""["']?\s*+[:=]\s*+f?["'`]((?:https?|wss?)(?::|%3A)(?://|%2F%2F)[^"'`\s]++)""")
# the tunnels that put a developer's own machine on the internet: the providers' quick starts point a number's webhook
# there while the project's server runs locally (anyone may hold such a name, so it is a person's to confirm)
_TUNNELS = ("ngrok.io", "ngrok-free.app", "ngrok.app", "ngrok-free.dev", "trycloudflare.com", "loca.lt",
            "serveo.net", "localhost.run", "lhr.life", "pinggy.link", "pinggy.io", "devtunnels.ms")
# the parameters that hand over every number of the account at once (Vonage's account settings: the inbound SMS
# webhook of every number without one of its own)
ACCOUNT_HOOKS = frozenset({"mocallbackurl", "drcallbackurl"})


def tunnel(host: str) -> bool:
    h = host.lower().rstrip(".")
    return any(h == d or h.endswith("." + d) for d in _TUNNELS)


# a number's calls forwarded by its settings: Vonage's number update with the number in `voiceCallbackValue` (E.164
# without its `+`, as Vonage writes numbers; a `sip:` URI's user part too), Twilio's twimlets as the voice webhook:
# Forward (`…twimlets.com/forward?PhoneNumber=…`), Find Me and Simulring (`PhoneNumbers[0]=…`, `PhoneNumbers[]=…`).
# (`PhoneNumber=` elsewhere is a number bought, a caller ID verified or a text's words: no forward)
_FORWARD_VALUE = re.compile(r"(?i)(?<![\w])voiceCallbackValue[\"']?\s*+[=:]\s*+[\"']?([^&\s\"',}]++)")
_TWIMLET = re.compile(r"(?i)twimlets\.com/(?:forward|findme|simulring)/?\?([^\s\"'`<>]++)")
_TWIMLET_NUMBER = re.compile(r"(?i)^PhoneNumbers?(?:\[\d*+\])?$")


def forwarded_to(text: str) -> tuple[str, str] | None:
    """(the number as written, what it is) when a number's settings in `text` forward its calls to a HIGH_RISK
    number (also URL-encoded, once or twice: a twimlet's query inside a form's field)."""
    if "allbackValue" not in text and "allbackvalue" not in text.lower() and "twimlets" not in text:
        return None
    for _ in range(3):
        for m in _FORWARD_VALUE.finditer(text):
            hit = dialled(hook_url(m.group(1)))
            if hit is not None:
                return hit
        for m in _TWIMLET.finditer(text):
            for param in m.group(1).split("&")[:16]:
                name, _, value = param.partition("=")
                hit = dialled(hook_url(value)) if _TWIMLET_NUMBER.match(hook_url(name)) else None
                if hit is not None:
                    return hit
        if "%" not in text:
            break
        text = hook_url(text)
    return None


# TwiML given inline (Twilio's `Twiml=` parameter of a call, the SDKs' `twiml=`): `<Dial>` and its `<Number>` forward
# the call to what they hold
_TWIML_DIAL = re.compile(r"(?i)<(?:Dial|Number)\b[^<>]*+>([^<]++)")


def twiml_dialled(text: str) -> tuple[str, str] | None:
    """(the number, what it is) a `<Dial>`/`<Number>` of TwiML in `text` (also URL-encoded) forwards to, in a
    HIGH_RISK range and written with its international prefix (as TwiML's numbers are)."""
    if "ial" not in text and "umber" not in text:
        return None
    if "%3C" in text or "%3c" in text:
        text = hook_url(text)
    for m in _TWIML_DIAL.finditer(text):
        hit = dialled(m.group(1).strip(), prefixed=True)
        if hit is not None:
            return hit
    return None


def hook_url(value: str) -> str:
    """A webhook's URL as the provider reads it (a form's `https%3A%2F%2F…` decoded)."""
    if "%" in value:
        from urllib.parse import unquote

        return unquote(value)
    return value


@lru_cache(maxsize=8)  # (asked per request of an input: read once)
def hook_redirect(text: str) -> tuple[str, str] | None:
    """(the parameter, the sink's host) of the first webhook parameter of a number or account that code points at a
    sink, else None."""
    for m in _HOOK_VALUE.finditer(text):
        host = sink(hook_url(m.group(2)))
        if host is not None:
            return m.group(1), host
    return None


def hook_verdict(host: str, every: bool) -> str:
    """How a webhook pointed at the sink `host` is judged: a tunnel is the providers' own quick start (`review`),
    also for the account's default webhook (Vonage's quick start sets `moCallBackUrl` to the developer's ngrok: an
    account of developers' test numbers is set up so); a bare address, a drop site, a messenger's bot, or a tunnel
    given each number of the account one by one (`every`: code that walks the numbers is not a quick start) is
    `block`."""
    if tunnel(host) and not every:
        return "review"
    return "block"


def hook_message(param: str, host: str, verdict: str = "block") -> str:
    what = "the texts every number of the account receives" if param.lower() in ACCOUNT_HOOKS else \
        "the number's texts and calls"
    if verdict == "review":
        return (f"`{param}` hands {what} (sign-in codes among them) to {host}, a tunnel to someone's machine (the "
                "providers' quick starts use one while developing); a person should confirm it is the developer's "
                "own")
    return (f"`{param}` hands {what} (sign-in codes among them) to {host}, a bare address, a drop site or a tunnel "
            "rather than the project's own webhook")
