"""What a network device is told to do, read from its own languages: shared by bash/routers.py, python/routers.py and
js/routers.py (session 28).

Three readers:

- `cli_findings(text, doc)`: the command lines a router, switch or firewall is handed (Cisco IOS/IOS-XE/NX-OS/ASA/EOS,
  Junos `set` lines and operational commands, MikroTik RouterOS, VyOS, pf), however they reach it: an ssh command,
  text piped into `ssh -T`, netmiko's `send_config_set`, napalm's candidate, an Ansible `*_config` module's `lines`.
- `api_findings(text, doc, method)`: a request to a device's or a controller's management API (Meraki Dashboard,
  UniFi, RouterOS REST, OPNsense and pfSense, NetBox), read from the call's text (its URL, method and body, or the
  SDK's method name and keywords).
- `config_finding(path, text)`: a VPN's or an AAA server's own configuration written on this machine (FreeRADIUS,
  tac_plus, strongSwan).

Blocked: an administrator account made with its password or key written on the line, in one line or several
(`username x privilege 15 secret 0 …`, `username x secret …` then `username x priv 15`, `set system login user x
class super-user authentication ssh-ed25519 …`, `/user add group=full` then `/user set x password=…`, an organisation
administrator for a mailbox of a free-mail provider or a stranger's domain); the device's logging or accounting
turned off (`no logging enable`, `no aaa accounting …`, `delete system syslog`); its protection removed or opened to
everyone (an interface's inbound access list taken off without another put back, every firewall rule removed or
disabled, a `pass` from any to any on the WAN, a Junos policy from the untrusted zone for any source, destination
and application, an open SOCKS proxy, management services or ports opened to every address, intrusion prevention
disabled, RDP or ssh forwarded from anywhere, a DNS redirect to a stranger's server); its configuration copied to an
outsider's server (`copy run tftp://…`, `copy running-config tftp:` answered with the server, Junos `| save
scp://…`, `/tool fetch upload=yes`, the CISCO-CONFIG-COPY-MIB by address or in hex, a traffic mirror); a
configuration, a system image or a script loaded from an outsider (`request system software add https://…`, an image
copied to flash and booted, a RouterOS script fetched and imported, here or by another command of the input); a VPN
peer at a bare public address; an AAA server that accepts everyone (`Auth-Type := Accept` as DEFAULT's only check, a
RADIUS client for 0.0.0.0/0, a TACACS+ user with `default service = permit` and a clear-text password) or a VPN for
any address with a written pre-shared key.

Whose a server is (reach): the organisation's when another host of the input shares its name, an outsider's when it
is a bare public address, a paste, drop or chat service, a free-mail provider, or a name beside the organisation's
other domains that is none of them. A name alone (devices reached by address or short name, `scp://backup.acme.com`)
may be either: what goes there is held for a person, not blocked.

Reviewed: the device's configuration erased or reset (`write erase`, `erase startup-config`, `request system
zeroize`, `load factory-default`, `/system reset-configuration`), its saved backups deleted, a controller's site or
network deleted, a candidate replacing the whole configuration committed (`irreversible`); an administrator given a
password hash (`secret 9 $9$…`, `encrypted-password "$6$…"`: whose password it is, a person knows); one log server
removed with none added; a DEFAULT RADIUS entry that accepts one device by its MAC address.

Allowed: what only reads (`show …`, `display …`, `/export`, `print`), ordinary changes (NTP, descriptions, a route,
a VPN port opened on the WAN, an access list replaced by another, a log server moved), accounts whose secret is a
template variable, administrators of the organisation's own domain, and a script that reads configurations and
sends something else (a heartbeat, a notification) where the configuration is not in the request.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import brokers_tables as bt
from . import mail_tables as mt
from .hosts import ip_literal, loopback, public_ip, url_host
from .per_input import once
from .secret_owner import own_network

Finding = tuple  # (verdict "block" | "review", rule, message)
_MAX_LINES = 4000
_MAX_DOC = 400_000
_IRREVERSIBLE = "irreversible"


# -- whose host ---------------------------------------------------------------------------------------------------
# (a name followed by what ends a host in a command or a string: not code's `os.environ[`, `requests.post(`)
_HOST = re.compile(r"(?i)(?<![\w./-])((?:[a-z0-9-]++\.)++[a-z]{2,}+)(?=[\s:/\"'`@;,|)}>\]]|\.(?!\w)|$)")
_OWN_SUFFIX = re.compile(r"(?i)\.(?:internal|corp|lan|local|intranet|com|net|org|io)$")
# the endings a host name has: a country's two letters, or one of the common generic ones (not a file's: `rtr1.cfg`,
# `flash:c2960.bin`, `setup.py`, nor an attribute's: `r.text`)
_TLDS = frozenset("""com net org edu gov mil int io co ai app dev cloud info biz xyz top site online tech store shop
live club pro name mobi asia page link click email network systems solutions services digital host website space fun
icu internal corp lan local intranet home localdomain""".split())
_FILE_END = frozenset("""py js ts md sh rb go pl cs rs cc mk gz xz bz db so ps""".split())
_MESSENGERS = ("api.telegram.org", "discord.com", "discordapp.com")
_SHORT = 2048  # (an input shorter than this is read again rather than looked up)


def _per_input(doc: str, key, compute):
    """`compute(doc)`, once per input (per_input.once); a short text (a device's lines judged alone) directly."""
    return compute(doc) if len(doc) < _SHORT else once(doc, key, compute)


def _doc_hosts(doc: str) -> dict[str, frozenset[str]]:
    """The host names `doc` gives, by registrable part."""
    return _per_input(doc, _doc_hosts, _find_hosts)


def _find_hosts(doc: str) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for h in set(_HOST.findall(doc[:_MAX_DOC])):
        end = h.rsplit(".", 1)[-1].lower()
        if end in _TLDS or len(end) == 2 and end not in _FILE_END:
            out.setdefault(mt.base(h.lower()), set()).add(h.lower())
    return {b: frozenset(v) for b, v in out.items()}


@lru_cache(maxsize=1024)
def stranger(host: str) -> bool:
    """A host no organisation keeps its own servers at: a bare public address, a paste or file-drop service, a tunnel
    or a request bin, a chat bot's or webhook's service, a free-mail provider."""
    from .erp_tables import drop_site
    from .idp import FREE_MAIL
    from .scraping_tables import stranger_sink

    return stranger_sink(host) or drop_site(host) or mt.base(host) in FREE_MAIL or \
        any(host == d or host.endswith("." + d) for d in _MESSENGERS)


def reach(host: str | None, doc: str) -> str | None:
    """Whose `host` is, the whole input `doc` naming the organisation's hosts: None for the organisation's (this
    network's addresses and names, a name sharing its registrable part or its first label with another host of the
    input, the alerting and cloud application hosts); "far" for an outsider's (a stranger's host, or a name beside the
    organisation's other domains that is none of them); "unknown" for a name the input names no other domain beside
    (devices reached by address or short name, `backup.acme.com` alone): whose it is, a person knows."""
    if not host:
        return None
    h = host.strip("[]").lower().rsplit("@", 1)[-1].rstrip(".")
    if not h or "$" in h or "{" in h:
        return None
    if public_ip(h) or stranger(h):
        return "far"
    if ip_literal(h) or loopback(h) or h in bt.ALERTING or own_network(h):
        return None
    hosts = _doc_hosts(doc)
    base = mt.base(h)
    # (another host of the same registrable part vouches for it; the host itself, and names it is part of, do not)
    own = {b for b, names in hosts.items() if any(h not in n for n in names)}
    if not mt.outside(h, own):
        return None
    if any(h == d or h.endswith("." + d) for d in bt._CLOUD_APPS):
        return None
    label = base.split(".")[0]
    if any(b.split(".")[0] == label and b != base and _OWN_SUFFIX.search(b) for b in own):
        return None
    from .warehouses_tables import service

    # (a vendor's or a platform's domain beside it is no organisation's: `api.github.com` says nothing of `acme.com`)
    return "far" if any(not any(service(n) for n in hosts.get(b, ())) for b in own - {base} - mt.PROVIDERS) \
        else "unknown"


def far(host: str | None, doc: str) -> bool:
    """Is `host` an outsider's (reach: "far")?"""
    return reach(host, doc) == "far"


def sent(host: str | None, doc: str, rule: str, what: str,
         advice: str = "keep it on the organisation's own servers") -> Finding | None:
    """`what` (a sentence that ends where the host is named) done with `host`: blocked for an outsider's host, held
    for a person when the input does not say whose the host is (reach), nothing for the organisation's own."""
    r = reach(host, doc)
    if r == "far":
        return ("block", rule, f"{what} {host}, outside the organisation; {advice}")
    if r == "unknown":
        return ("review", rule, f"{what} {host}, a name the input names no other host of the organisation beside; a "
                                "person should confirm the server is the organisation's own")
    return None


def _host_of(target: str) -> str | None:
    """The host of a copy target (`tftp://203.0.113.9/x`, `scp://u@h/x`, `ftp://h:21/x`)."""
    return url_host(target) if "//" in target else None


def literal(value: str) -> bool:
    """A value written out, not a template's or the environment's (`{{ pw }}`, `$PASS`, `${PASS}`, `<password>`)."""
    v = value.strip().strip("\"'")
    return bool(v) and re.search(r"\{\{|\{%|\$\{|^\$[A-Za-z_]|<[A-Za-z_ -]+>|%\(|^\*+$", v) is None


# -- the command lines ----------------------------------------------------------------------------------------------
def _lines(text: str) -> list[str]:
    """The command lines of `text`: its lines, and the parts between `;` (RouterOS, `cli -c "a; b"`, shell)."""
    out: list[str] = []
    for raw in text.splitlines()[:_MAX_LINES]:
        for part in raw.split(";") if ";" in raw else (raw,):
            p = part.strip().strip("\"'").strip()
            if p:
                out.append(p)
    return out


_IOS_USER = re.compile(r"(?i)username\s++(\S++)\s++(.*+)")
# (IOS takes a word's first letters: `priv 15`)
_IOS_ADMIN = re.compile(r"(?i)\bpriv\w*+\s++15\b|\brole\s++(?:network-admin|priv-15|vdc-admin)\b")
_IOS_SECRET = re.compile(r"(?i)\b(secret|password)\s++(?:(0|5|7|8|9|sha256|sha512)\s++)?(\S++)")
_JUNOS_USER = re.compile(r"(?i)set\s++system\s++login\s++user\s++(\S++)\s++(.*+)")
_JUNOS_AUTH = re.compile(r"(?i)authentication\s++(plain-text-password-value|encrypted-password|"
                         r"(?:load-key-file|ssh-(?:rsa|dsa|dss|ecdsa|ed25519)))\s++(\S.*)$")
_VYOS_AUTH = re.compile(r"(?i)authentication\s++(plaintext-password|encrypted-password|public-keys\s++\S++\s++key)"
                        r"\s++(\S.*)$")
_ROS_USER = re.compile(r"(?i)/user(?:\s++|/)(add|set)\s++(.*+)")
_ROS_ARG = re.compile(r"""(?i)(?<![\w-])([\w-]++)=("[^"]*+"|'[^']*+'|\S*+)""")
_ROS_FIND_NAME = re.compile(r"""(?i)\[\s*+find\s++(?:where\s++)?name\s*+=\s*+["']?([^"'\]\s]++)""")
# a password kept as a one-way hash (`$9$…`, `$6$…`, Cisco's types 5, 8, 9): whoever reads it does not log in by it
_HASH = re.compile(r"^\$\w{1,3}\$\S*\$")


def _ros_args(line: str) -> dict[str, str]:
    return {k.lower(): v.strip("\"'") for k, v in _ROS_ARG.findall(line)}


def secret_kind(word: str, kind: str | None = None) -> str | None:
    """"clear" for a password anyone who reads it logs in with (written out, or Cisco's reversible type 7), "hash"
    for a one-way hash, None for a template's or the environment's."""
    v = word.strip("\"'")
    if not literal(v):
        return None
    if kind and kind.lower() in ("5", "8", "9", "sha256", "sha512", "encrypted-password") or _HASH.match(v):
        return "hash"
    return "clear"


def admin_finding(what: str, kind: str, rule: str = "privilege-escalation") -> Finding:
    if kind == "hash":
        return ("review", rule, f"{what} with a password hash written on the line: a hash made elsewhere lets "
                                "whoever knows its password log in with full rights; a person should confirm whose it "
                                "is")
    return ("block", rule, f"{what} with a password written on the line: whoever reads it logs in with full rights; "
                           "let the user create accounts, with secrets from the vault")


def _accounts(lines: list[str]) -> list[Finding]:
    out: list[Finding] = []
    # (an account's lines may come apart: `username x secret …` then `username x privilege 15`, `/user add …
    # group=full` then `/user set x password=…`)
    ios: dict[str, dict[str, str]] = {}
    ros: dict[str, dict[str, str]] = {}
    junos: dict[str, dict[str, str]] = {}
    for ln in lines:
        m = _IOS_USER.match(ln)
        if m:
            user = ios.setdefault(m.group(1), {})
            if _IOS_ADMIN.search(m.group(2)):
                user["admin"] = "1"
            s = _IOS_SECRET.search(m.group(2))
            kind = secret_kind(s.group(3), s.group(2)) if s else None
            if kind and user.get("kind") != "clear":
                user["kind"] = kind
            continue
        m = _JUNOS_USER.match(ln)
        if m:
            user = junos.setdefault(m.group(1), {})
            rest = m.group(2)
            c = re.match(r"(?i)class\s++(\S++)", rest)
            if c:
                user["class"] = c.group(1).lower()
            a = _JUNOS_AUTH.search(rest) or _VYOS_AUTH.search(rest)
            if a and literal(a.group(2)):
                if re.search(r"(?i)ssh-|key", a.group(1)):
                    user["auth"] = "key"
                elif user.get("auth") != "key":
                    kind = secret_kind(a.group(2), a.group(1))
                    user["auth"] = "password" if kind == "clear" or user.get("auth") == "password" else "hash"
            if re.match(r"(?i)(?:level\s++operator|class\s++(?:read-only|operator|unauthorized))", rest):
                user["low"] = "1"
            continue
        m = _ROS_USER.match(ln)
        if m:
            args = _ros_args(m.group(2))
            name = args.get("name")
            if m.group(1).lower() == "set":  # (`set x …`, `set [find name=x] …`, `set numbers=x …`)
                f = _ROS_FIND_NAME.search(m.group(2))
                first = m.group(2).split()[0] if m.group(2).split() else ""
                name = f.group(1) if f else args.get("numbers") or (first if "=" not in first and "[" not in first
                                                                     else None)
            user = ros.setdefault((name or "…").strip("\"'"), {})
            if args.get("group", "").lower() in ("full", "write"):
                user["group"] = args["group"]
            if literal(args.get("password", "")):
                user["password"] = "1"
            if "address" in args:
                user["address"] = args["address"]
    for name, user in ios.items():
        if user.get("admin") and user.get("kind"):
            out.append(admin_finding(f"`username {name} privilege 15` makes an administrator of the device",
                                      user["kind"]))
    for name, user in ros.items():
        if user.get("group") and user.get("password"):
            out.append(admin_finding(f"`/user add name={name} group={user['group']}` makes an administrator of the "
                                     "router" + (", reachable from any address," if user.get("address", "") in
                                                 ("", "0.0.0.0/0") else ""), "clear"))
    for name, user in junos.items():
        if "auth" not in user or user.get("low"):
            continue
        full = user.get("class") in (None, "super-user", "superuser")
        what = f"`set system login user {name}` gives the device an account" + \
            (" of class super-user" if user.get("class") else "")
        if user["auth"] == "key":
            out.append(("block", "persistence", f"{what} with a login key written on the line: whoever holds its "
                                                "private key logs in with full rights; let the user create accounts")
                       if full else ("review", "privilege-escalation", f"`set system login user {name}` adds a login "
                                                                       "key to a login of the device; a person should "
                                                                       "confirm who it is for"))
        elif full:
            out.append(admin_finding(what, "clear" if user["auth"] == "password" else "hash"))
        else:
            out.append(("review", "privilege-escalation", f"`set system login user {name}` adds a password to a login "
                                                          "of the device; a person should confirm who it is for"))
    return out


# logging and accounting turned off (a destination removed is a move when another is added in the same text, and
# one destination removed alone is held: a server retired)
# (`no logging console`, `no logging trap` only quiet the console or reset a level; a topic's rule removed by a
# `find` with a condition is tuning)
_LOG_OFF = re.compile(r"(?i)(?:no\s++logging(?:\s++(?:on|enable))?|clear\s++configure\s++logging|"
                      r"no\s++archive(?:\s++log\s++config)?|"
                      r"(?:delete|deactivate)\s++system\s++(?:syslog|accounting)|"
                      r"/system/?\s*+logging(?:\s++|/)(?:remove|disable)\s++\[\s*+find\s*+\]|"
                      r"/system/?\s*+logging(?:\s++|/)set\s++\[\s*+find\s*+\]\s++disabled=yes)$")
_LOG_HOST_OFF = re.compile(r"(?i)(?:no\s++logging\s++(?:host\s++)?(\S++)|no\s++logging\s++server\s++(\S++)|"
                           r"(?:delete|deactivate)\s++system\s++syslog\s++host\s++(\S++))")
# (a server given by address or by name: `logging host syslog.acme.com`, `logging 10.1.1.5`)
_LOG_HOST_ON = re.compile(r"(?i)^(?:logging\s++host\s++\S|logging\s++(?:\d|[a-z][\w-]*+\.[\w.-]++$)|"
                          r"logging\s++server\s|set\s++system\s++syslog\s++host\s)")
_ACCT_OFF = re.compile(r"(?i)no\s++aaa\s++accounting\b")
_ACCT_ON = re.compile(r"(?i)^aaa\s++accounting\b")


def _logging(lines: list[str]) -> list[Finding]:
    adds_host = any(_LOG_HOST_ON.match(ln) for ln in lines)
    adds_acct = any(_ACCT_ON.match(ln) for ln in lines)
    retired = None
    for ln in lines:
        m = _LOG_OFF.match(ln)
        if m is None and not adds_acct:
            m = _ACCT_OFF.match(ln)
        if m is not None:
            return [("block", "anti-forensics", f"`{ln[:80]}` turns off the device's logging or command accounting: "
                                                "what is done on it next is no longer recorded; leave logging on")]
        h = _LOG_HOST_OFF.match(ln)
        host = h and (h.group(1) or h.group(2) or h.group(3) or "")
        # (a destination is an address or a name with a dot: `no logging console` names a kind of logging)
        if h and not adds_host and retired is None and re.search(r"[.:]", host):
            retired = ln
    if retired is not None:
        return [("review", "anti-forensics", f"`{retired[:80]}` stops sending the device's logs to a server, and no "
                                             "other is added: a person should confirm the server is retired")]
    return []


# -- protections removed, access opened ------------------------------------------------------------------------------
_ACL_OFF = re.compile(r"(?i)no\s++(ip(?:v6)?\s++access-group|access-class|access-group)\s++(\S++)\s++in\b")
# an access list whose name says it guards the internet side, or the management lines' (`access-class` on the vty)
_EDGE_ACL = re.compile(r"(?i)wan|outside|internet|untrust|external|edge|inet|border|isp|mgmt|manage|vty|ssh")
_ACL_ON = re.compile(r"(?i)^(?:ip(?:v6)?\s++access-group|access-class|access-group)\s++\S++\s++in\b")
_INSPECT_OFF = re.compile(r"(?i)no\s++(?:ip\s++inspect\s++\S++\s++in|zone-member\s++security\b|aaa\s++new-model$)")
_MGMT_PORTS = frozenset({"22", "23", "80", "443", "8443", "8080", "8291", "8728", "8729", "161", "830", "3389",
                         "5900", "445", "21", "telnet", "ssh", "winbox", "www", "http", "https"})
_WAN_NAME = re.compile(r"(?i)wan|outside|internet|untrust|public|external|\bext")
_VYOS_RULE = re.compile(r"(?i)set\s++firewall\s++(?:(?:ipv4|ipv6)\s++)?(?:name\s++(\S++)|(input|forward)\s++filter)"
                        r"\s++rule\s++(\d++)\s++(.*+)")
_ROS_FILTER = re.compile(r"(?i)/ip/?\s*firewall/?\s*filter(?:\s++|/)add\s++(.*+)")
# (every rule, or every static one: `[find]`, `[find dynamic=no]`, `[find where !dynamic]`; removed, disabled, or set
# disabled)
_ROS_EVERY = r"\[\s*+find(?:\s++(?:where\s++)?(?:dynamic\s*+=\s*+no|!\s*+dynamic))?\s*+\]"
_ROS_ALL_OFF = re.compile(r"(?i)/ip/?\s*firewall/?\s*(?:filter|raw)(?:\s++|/)(?:(?:remove|disable)\s++" + _ROS_EVERY +
                          r"|set\s++" + _ROS_EVERY + r"\s++disabled=(?:yes|true))")
_ROS_SERVICE = re.compile(r"(?i)/ip/?\s*service(?:\s++|/)set\s++(.*+)")
_ROS_SOCKS = re.compile(r"(?i)/ip/?\s*socks(?:\s++|/)set\b.{0,200}\benabled=(?:yes|true)\b")
_ROS_NAT = re.compile(r"(?i)/ip/?\s*firewall/?\s*nat(?:\s++|/)add\s++(.*+)")
_ROS_DNS = re.compile(r"(?i)/ip/?\s*dns(?:\s++|/)set\b.{0,200}\bservers=(\S++)")
_JUNOS_POLICY = re.compile(r"(?i)set\s++security\s++policies\s++from-zone\s++(\S++)\s++to-zone\s++(\S++)\s++policy\s++"
                           r"(\S++)\s++(.*+)")
_JUNOS_WIPE = re.compile(r"(?i)(?:delete|deactivate)\s++(?:security\s++policies|security\s++screen|firewall)$")
# (`pass in on $lan_if all`, `pass quick on lo0 all` are the inside's; none named, or the outside's, is everyone)
_PF_PASS_ALL = re.compile(r"(?i)pass\s++in\s++(?:log\s++)?(?:quick\s++)?(?:on\s++\$?(?:ext|wan|egress|outside)\w*+\s++)?"
                          r"(?:inet6?\s++)?(?:all|from\s++any\s++to\s++any)\s*+$")


def _open_port(ports: str) -> str | None:
    for p in re.split(r"[,\s]+", ports.strip("\"'{}")):
        if p in _MGMT_PORTS:
            return p
    return None


def _anywhere(src: str | None) -> bool:
    return src is None or src.strip("\"'") in ("", "0.0.0.0/0", "::/0", "any", "all")


def _access(lines: list[str], doc: str) -> list[Finding]:
    from .bash.homelab import KNOWN_RESOLVERS

    out: list[Finding] = []
    acl_back = any(_ACL_ON.match(ln) for ln in lines)
    vyos: dict[tuple[str, str], dict[str, str]] = {}
    junos: dict[tuple[str, str, str], set[str]] = {}
    for ln in lines:
        m = _ACL_OFF.match(ln)
        if m and not acl_back:
            edge = m.group(1).lower() == "access-class" or _EDGE_ACL.search(m.group(2)) is not None
            out.append(("block" if edge else "review", "system-disruption",
                        f"`{ln[:80]}` takes the inbound access list off (an interface's or the management lines'), and "
                        "none is put back: what it kept out reaches the network or the device; replace a list rather "
                        "than removing it"))
            continue
        if _INSPECT_OFF.match(ln) or _JUNOS_WIPE.match(ln) or _ROS_ALL_OFF.match(ln):
            out.append(("block", "system-disruption", f"`{ln[:80]}` removes the device's firewall inspection, its "
                                                      "policies or its authentication; leave the protection on"))
            continue
        if _PF_PASS_ALL.match(ln):
            out.append(("block", "system-disruption", f"`{ln}` lets every connection in through the firewall; pass "
                                                      "only the ports the work needs"))
            continue
        if _ROS_SOCKS.match(ln):
            out.append(("block", "system-disruption", f"`{ln[:80]}` turns on the router's proxy: whoever reaches it "
                                                      "uses the network as their own; leave it off"))
            continue
        m = _ROS_SERVICE.match(ln)
        if m:
            args = _ros_args(m.group(1))
            if "address" in args and _anywhere(args["address"]):
                out.append(("block", "system-disruption", f"`{ln[:80]}` lets every address reach the router's "
                                                          "management service; keep it limited to the management "
                                                          "network"))
            continue
        m = _ROS_FILTER.match(ln)
        if m:
            args = _ros_args(m.group(1))
            port = _open_port(args.get("dst-port", ""))
            local = any(k in args for k in ("src-address-list", "in-interface-list", "in-interface")) and not \
                _WAN_NAME.search(args.get("in-interface-list", "") + args.get("in-interface", ""))
            if args.get("chain", "").lower() == "input" and args.get("action", "").lower() == "accept" and port and \
                    _anywhere(args.get("src-address")) and not local:
                out.append(("block", "system-disruption", f"`{ln[:80]}` lets every address reach port {port} of the "
                                                          "router itself; allow management from the management "
                                                          "network only"))
            continue
        m = _ROS_NAT.match(ln)
        if m:
            args = _ros_args(m.group(1))
            to = args.get("to-addresses", "").split("-")[0]
            if args.get("action", "").lower() == "dst-nat" and to and public_ip(to) and far(to, doc):
                out.append(("block", "exfiltration", f"`{ln[:80]}` sends the network's traffic to {to}, an address "
                                                     "outside the organisation; redirect only to the network's own "
                                                     "servers"))
            continue
        m = _ROS_DNS.match(ln)
        if m:
            bad = [s for s in m.group(1).strip("\"'").split(",") if public_ip(s) and s not in KNOWN_RESOLVERS]
            if bad:
                out.append(("block", "exfiltration", f"`{ln[:80]}` makes {bad[0]}, a public address that is no "
                                                     "well-known resolver, answer every name the network looks up"))
            continue
        m = _VYOS_RULE.match(ln)
        if m:
            rule = vyos.setdefault((m.group(1) or m.group(2).lower(), m.group(3)), {})
            rest = m.group(4)
            for key, rx in (("action", r"action\s++(\S++)"), ("port", r"destination\s++port\s++(\S++)"),
                            ("source", r"source\s++(?:address|group|geoip|mac-address)\b\s*(\S*)"),
                            ("iface", r"inbound-interface\s++(?:name\s++)?(\S++)")):
                f = re.match(rx, rest, re.I)
                if f:
                    rule[key] = f.group(1)
            continue
        m = _JUNOS_POLICY.match(ln)
        if m and _WAN_NAME.search(m.group(1)):
            rest = m.group(4).lower()
            seen = junos.setdefault((m.group(1), m.group(2), m.group(3)), set())
            # (each key its own line, or all of them on one: `match source-address any destination-address any
            # application any`)
            for key, rx in (("src", r"\bsource-address\s++any\b"), ("dst", r"\bdestination-address\s++any\b"),
                            ("app", r"\bapplication\s++any\b"), ("permit", r"\bthen\s++permit\b")):
                if re.search(rx, rest):
                    seen.add(key)
    for (name, num), rule in vyos.items():
        # (to the router itself, management's ports; forwarded inside, the ports of remote desktops, shells, shares
        # and databases: a web server behind WAN_IN is ordinary)
        local = name == "input" or re.search(r"(?i)local", name) is not None
        ports = re.split(r"[,\s]+", rule.get("port", "").strip("\"'{}"))
        port = _open_port(rule.get("port", "")) if local else next((p for p in ports if p in _RISKY_FORWARD), None)
        iface = rule.get("iface", "")
        outside = _WAN_NAME.search(name) or _WAN_NAME.search(iface) or name in ("input", "forward") and not iface
        if rule.get("action", "").lower() == "accept" and port and "source" not in rule and outside:
            out.append(("block", "system-disruption", f"the firewall rule {name or 'input'} {num} accepts port {port} "
                                                      "from every address of the internet side: the router's "
                                                      "management is open to anyone; limit the source"))
    for (src, dst, name), seen in junos.items():
        if seen >= {"src", "dst", "app", "permit"}:
            out.append(("block", "system-disruption", f"the policy {name} from {src} to {dst} permits any source to "
                                                      "any destination for any application: the firewall lets the "
                                                      "internet in; permit only what the work needs"))
    return out


# -- SNMP ------------------------------------------------------------------------------------------------------------
_SNMP_RW = re.compile(r"(?i)snmp-server\s++community\s++(\S++)\s++(?:view\s++\S++\s++)?rw\b|"
                      r"set\s++snmp\s++community\s++(\S++)\s++authorization\s++read-write|"
                      r"/snmp/?\s*community(?:\s++|/)(?:add|set)\b.{0,300}\bwrite-access=(?:yes|true)")
_SNMP_HOST = re.compile(r"(?i)snmp-server\s++host\s++(\S++)|set\s++snmp\s++trap-group\s++\S++\s++targets\s++(\S++)|"
                        r"/snmp(?:\s++|/)set\b.{0,300}\btrap-target=(\S++)")


def _snmp(lines: list[str], doc: str) -> list[Finding]:
    out: list[Finding] = []
    rw = None
    for ln in lines:
        m = _SNMP_HOST.match(ln)
        if m:
            host = (m.group(1) or m.group(2) or m.group(3) or "").strip("\"'")
            found = sent(host, doc, "exfiltration", f"`{ln[:80]}` sends the device's traps, with its community string, "
                                                    "to")
            if found:
                return [found]
        if rw is None and _SNMP_RW.match(ln):
            rw = ln
    if rw is not None:
        out.append(("review", "system-disruption", f"`{rw[:80]}` gives whoever knows the community string write "
                                                   "access to the device's configuration over SNMP; a person should "
                                                   "confirm it"))
    return out


# -- code and configurations in from outside, configurations out --------------------------------------------------
_URL = r"((?:tftp|ftp|sftp|scp|https?|rcp)://\S+)"
# (IOS takes a word's first letters: `copy run tftp://…`, `copy start …`)
_CONFIG_FILE = r"(?:(?:system:)?run[\w-]*+|(?:nvram:)?start[\w-]*+|(?:flash|bootflash|disk\d|nvram):\S*)"
_COPY_OUT = re.compile(r"(?i)copy\s++(?:/\w+\s++)*" + _CONFIG_FILE + r"\s++" + _URL)
# `copy running-config tftp:` asks for the server on the next line (`Address or name of remote host []?`)
_COPY_ASKS = re.compile(r"(?i)copy\s++(?:/\w+\s++)*" + _CONFIG_FILE + r"\s++(?:tftp|ftp|sftp|scp|rcp|https?):\s*+$")
_ANSWER_HOST = re.compile(r"(?i)^(?:[\w.-]*@)?((?:\d{1,3}\.){3}\d{1,3}|(?:[a-z0-9-]++\.)++[a-z]{2,})$")
_COPY_IN = re.compile(r"(?i)(?:copy\s++(?:/\w+\s++)*" + _URL + r"\s++(?:(?:system:)?run[\w-]*+|"
                      r"(?:nvram:)?start[\w-]*+)|configure\s++replace\s++" + _URL + r"|"
                      r"load\s++(?:override|merge|replace|set|update)\s++" + _URL + r"|"
                      r"(?:add\s++system\s++image|boot\s++system)\s++" + _URL + r"|"
                      r"request\s++system\s++software\s++add\s++(?:[\w-]++\s++)*+" + _URL + r"|"
                      r"install\s++add\s++file\s++" + _URL + ")")
# an image put in the device's storage from a server, then booted or installed from there
_COPY_IMAGE = re.compile(r"(?i)copy\s++(?:/\w+\s++)*" + _URL +
                         r"\s++(?:flash|bootflash|disk\d|harddisk|usbflash\d)\d?:")
_BOOTS = re.compile(r"(?i)^(?:boot\s++system\b|install\s++(?:add|activate)\b|request\s++system\s++software\s++add\b)")
# (Junos: `show configuration | save scp://…`, `save scp://…` in configuration mode)
_ARCHIVE_OUT = re.compile(r"(?i)(?:archive-sites\s++|^path\s++|file\s++copy\s++\S++\s++|(?:^|\|\s*+)save\s++)[\"']?" +
                          _URL)
_ROS_FETCH = re.compile(r"(?i)/tool/?\s*fetch\b")
_ROS_URL = re.compile(r"(?i)\burl=[\"']?((?:https?|ftp|sftp)://[^\s\"';]+)")
# (`/tool fetch mode=ftp upload=yes address=203.0.113.9 src-path=…`: the server by its address)
_ROS_ADDRESS = re.compile(r"(?i)/tool/?\s*+fetch\b[^;\n]{0,300}?\baddress=[\"']?([\w.:-]++)")
_ROS_RUNS = re.compile(r"(?i)/import\b|/system/?\s*script(?:\s++|/)run\b|/system/?\s*scheduler\b")
_ROS_UPLOAD = re.compile(r"(?i)\bupload=(?:yes|true)\b")
_ROS_SNIFF = re.compile(r"(?i)/tool/?\s*sniffer(?:\s++|/)set\b.{0,300}\bstreaming-server=([\w.:]+)")
_ERSPAN = re.compile(r"(?i)^(?:ip\s++address|erspan-id\s++\d+\s++ip\s++address|destination\s++ip)\s++([\d.]+)$")


def _runs_scripts(doc: str) -> bool:
    return _ROS_RUNS.search(doc[:_MAX_DOC]) is not None


def _transfers(lines: list[str], text: str, doc: str) -> list[Finding]:
    out: list[Finding | None] = []
    for i, ln in enumerate(lines):
        m = _COPY_OUT.match(ln) or _ARCHIVE_OUT.search(ln)
        if m:
            out.append(sent(_host_of(m.group(1)), doc, "exfiltration", f"`{ln[:80]}` copies the device's "
                                                                       "configuration (its passwords, keys and "
                                                                       "community strings) to"))
            continue
        if _COPY_ASKS.match(ln):
            answer = _ANSWER_HOST.match(lines[i + 1]) if i + 1 < len(lines) else None
            if answer:
                out.append(sent(answer.group(1), doc, "exfiltration", f"`{ln[:60]}`, answered `{answer.group(1)}`, "
                                                                      "copies the device's configuration (its "
                                                                      "passwords, keys and community strings) to"))
            continue
        m = _COPY_IN.match(ln)
        if m:
            url = next(g for g in m.groups() if g)
            out.append(sent(_host_of(url), doc, "download-exec", f"`{ln[:80]}` loads a configuration or a system image "
                                                                 "into the device (whoever serves it decides what the "
                                                                 "device runs) from", "load what the project keeps"))
            continue
        m = _COPY_IMAGE.match(ln)
        if m:
            if any(_BOOTS.match(b) for b in lines):
                out.append(sent(_host_of(m.group(1)), doc, "download-exec", f"`{ln[:80]}` puts a system image the "
                                                                            "device then boots (whoever serves it "
                                                                            "decides what the device runs) from",
                                "install images from the vendor or the organisation's own server"))
            continue
        m = _ROS_SNIFF.match(ln)
        if m and re.search(r"(?i)streaming-enabled=(?:yes|true)", text):
            out.append(sent(m.group(1).split(":")[0], doc, "exfiltration", f"`{ln[:80]}` streams the packets the "
                                                                           "router sees to"))
            continue
        m = _ERSPAN.match(ln)
        if m and re.search(r"(?i)erspan|monitor\s++session\s++\d+\s++type\s++(?:erspan|rspan)", text):
            out.append(sent(m.group(1), doc, "exfiltration", "the monitor session mirrors the device's traffic to"))
    if _ROS_FETCH.search(text):
        # (the script fetched may be run by another command: `ssh r '/tool fetch …' && ssh r '/import x'`)
        runs = _ROS_RUNS.search(text) is not None or _per_input(doc, _runs_scripts, _runs_scripts)
        for host, url in [(url_host(u), u) for u in _ROS_URL.findall(text)] + \
                [(h, h) for h in _ROS_ADDRESS.findall(text)]:
            if reach(host, doc) is None:
                continue
            if _ROS_UPLOAD.search(text):
                out.append(sent(host, doc, "exfiltration", "`/tool fetch upload=yes` sends the router's files (its "
                                                           "exports and backups, with their secrets) to"))
            elif runs:
                sched = re.search(r"(?i)/system/?\s*scheduler\b", text)
                out.append(sent(host, doc, "persistence" if sched else "download-exec",
                                f"the router fetches {url} and runs it (`/import`, a script"
                                + (", from a scheduler that repeats it" if sched else "") +
                                "): whoever serves it decides what the router does; it comes from",
                                "ship scripts with the project"))
            break
    return [f for f in out if f is not None]


# -- configurations erased, backups deleted --------------------------------------------------------------------------
_ERASE = re.compile(r"(?i)(?:wr(?:ite)?\s++erase|erase\s++(?:/all\s++)?(?:startup-config|nvram:|flash:|bootflash:)|"
                    r"format\s++(?:flash|bootflash|disk\d|nvram):|delete\s++/force\s++/recursive\s++\S+|"
                    r"delete\s++/recursive\s++/force\s++\S+|request\s++system\s++zeroize|"
                    r"load\s++factory-default|/system/?\s*reset-configuration|"
                    r"write\s++default-config|reset\s++saved-configuration)\b")
_ROS_FILE_RM = re.compile(r"(?i)/file/?\s*(?:remove|rm)\b(.*+)")


def _erased(lines: list[str]) -> list[Finding]:
    for ln in lines:
        m = _ERASE.match(ln)
        if m:
            return [("review", _IRREVERSIBLE, f"`{ln[:80]}` erases or resets the device's configuration (or "
                                              "storage), with no undo on the device: it comes back empty or with "
                                              "factory settings; let the user run it, with a backup taken")]
        m = _ROS_FILE_RM.match(ln)
        if m and re.search(r"(?i)\.backup|\.rsc|\[\s*find\s*\]|backup", m.group(1)):
            return [("review", _IRREVERSIBLE, f"`{ln[:80]}` deletes the router's saved backups or exports, with no "
                                              "undo; let the user delete them")]
    return []


# -- pf turned off ----------------------------------------------------------------------------------------------------
_PFCTL = re.compile(r"(?<![\w.-])(?:/sbin/)?pfctl\s++([^;&|\n]{0,300})")
_PF_OFF = re.compile(r"(?i)\bpf_enable\s*+=\s*+[\"']?NO\b|(?:\bservice\s++pf|/etc/rc\.d/pf)\s++(?:one)?stop\b")
PF_VALUED = "aDfFiKkLopsStTx"  # pfctl's options that take a value


def getopt(words: list[str], valued: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """The options and operands of `words` as getopt(3) reads them: letters glued in one word (`-vnf`), an option of
    `valued` taking the rest of its word or the next word as its value (`-sn -f x`: -s with `n`, -f with `x`); a
    long option (`--check`, `--file=x`) is kept whole, with no value. ([(option, value)], operands)"""
    opts: list[tuple[str, str | None]] = []
    operands: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        i += 1
        if w == "--":
            operands.extend(words[i:])
            break
        if w[:1] != "-" or w == "-":
            operands.append(w)
            continue
        if w[:2] == "--":
            opts.append((w, None))
            continue
        for j, ch in enumerate(w[1:]):
            if ch in valued:
                value: str | None = w[j + 2:]
                if not value:
                    value = words[i] if i < len(words) else None
                    i += 1
                opts.append((ch, value))
                break
            opts.append((ch, None))
    return opts, operands


def _pf_flush(value: str | None) -> bool:
    """`-F all`, `-Fa`, `-F rules`, `-Fr` (pfctl takes a modifier's first letters): the filter rules flushed."""
    v = (value or "").lower()
    return bool(v) and ("all".startswith(v) or "rules".startswith(v))


def firewall_off(text: str, pfctl: bool = True) -> list[Finding]:
    """pf turned off (`pfctl -d`, `pf_enable="NO"`, `service pf stop`) or its rules flushed (`pfctl -F all`) with no
    ruleset loaded in their place (`pfctl -F all -f /etc/pf.conf` is the handbook's reload). `pfctl=False` leaves
    pfctl's own commands to the caller."""
    if "pf" not in text:
        return []
    for m in _PFCTL.finditer(text) if pfctl else ():
        opts, _ = getopt(m.group(1).split(), PF_VALUED)
        if any(o == "d" for o, _ in opts):
            return [("block", "system-disruption", "`pfctl -d` turns the firewall off: every connection reaches what "
                                                   "it protected; change one rule instead")]
        flush = next((v for o, v in opts if o == "F" and _pf_flush(v)), None)
        reload = any(o == "f" and v not in (None, "", "/dev/null") for o, v in opts)
        if flush and not reload:
            return [("block", "system-disruption", f"`pfctl -F {flush}` flushes the firewall's rules: every "
                                                   "connection reaches what it protected; change one rule instead")]
    m = _PF_OFF.search(text)
    if m:
        return [("block", "system-disruption", f"`{m.group(0)}` turns the firewall off (now or at the next boot); "
                                               "leave it on")]
    return []


# the words a device's command text is recognised by (a cheap test before the readers above)
_CLI_WORDS = re.compile(r"(?i)username|login|logging|syslog|accounting|archive|access-group|access-class|inspect|"
                        r"zone-member|new-model|firewall|policies|socks|proxy|service|snmp|copy|configure\s+replace|"
                        r"load|image|boot\s+system|fetch|sniffer|erspan|erase|format|delete|zeroize|reset|/user|"
                        r"/file|/ip|pass\s+in|write\s+default|monitor|<rule>|save|software|install")


def cli_findings(text: str, doc: str = "", pf: bool = True) -> list[Finding]:
    """What the device command lines `text` do that is an attack (block) or has no undo (review); `doc` is the
    whole input (whose hosts are the organisation's). `pf=False` leaves pf's commands to the caller (a shell command
    judged as such already)."""
    if not text:
        return []
    off = firewall_off(text) if pf else []
    if _CLI_WORDS.search(text) is None:
        return off
    lines = _lines(text)
    doc = doc or text
    return off + _accounts(lines) + _logging(lines) + _access(lines, doc) + _snmp(lines, doc) + \
        _transfers(lines, text, doc) + _erased(lines) + xml_rules(text)


# pfSense's and OPNsense's config.xml: a `<rule>` of type pass on the WAN from any source to any destination
_XML_ANY = re.compile(r"<source>\s*+<any\s*+/?>")
_XML_ANY_DST = re.compile(r"<destination>\s*+<any\s*+/?>")


def xml_rules(text: str) -> list[Finding]:
    at = text.find("<rule>")
    n = 0
    while at >= 0 and n < 200:
        n += 1
        end = text.find("</rule>", at)
        chunk = text[at:end if 0 <= end - at < 4000 else at + 4000]
        if "<type>pass</type>" in chunk and re.search(r"<interface>[^<]{0,40}wan", chunk, re.I) and \
                _XML_ANY.search(chunk) and _XML_ANY_DST.search(chunk):
            return [("block", "system-disruption", "the configuration gets a firewall rule that passes any source to "
                                                   "any destination on the WAN: the internet reaches every host behind "
                                                   "it; pass only the ports the work needs")]
        at = text.find("<rule>", at + 6)
    return []


# -- SNMP sets of Cisco's configuration copy ---------------------------------------------------------------------------
# CISCO-CONFIG-COPY-MIB ccCopyTable (…9.9.96.1.1.1.1.N.row: 5 the server's address, 16 its newer form
# ccCopyServerAddressRev1, an InetAddress often set as hex `x CB00710A`; 2 the protocol, 3/4 the file types) and
# OLD-CISCO-SYS-MIB writeNet (…9.2.1.55.<server>): the device sends its configuration to the server named. (The OID
# may be written from `1.`, `.1.`, `iso.` or `enterprises.`, as snmpset prints it back.)
_ENTERPRISES = r"(?:(?:\.?1|iso)\.3\.6\.1\.4\.1|enterprises)"
_SET_VALUE = r"\s+(\S+)\s+([0-9A-Fa-f]{2}(?:\s[0-9A-Fa-f]{2}){3}(?!\S)|\S+)"  # (its type letter, its value)
CC_COPY = re.compile(_ENTERPRISES + r"\.9\.9\.96\.1\.1\.1\.1\.(?:5|16)\.\d+" + _SET_VALUE + "|"
                     r"ccCopyServerAddress(?:Rev1)?\.\d+" + _SET_VALUE + "|"
                     r"(?:" + _ENTERPRISES + r"\.9\.2\.1\.55|writeNet)\.(\d{1,3}(?:\.\d{1,3}){3})")
_HEX_ADDRESS = re.compile(r"(?:0x)?([0-9A-Fa-f]{2})[ :]?([0-9A-Fa-f]{2})[ :]?([0-9A-Fa-f]{2})[ :]?([0-9A-Fa-f]{2})")


def _copy_server(kind: str, value: str) -> str:
    """The server an SNMP set names: an address, a name, or 4 bytes of hex (`x CB00710A` is 203.0.113.10)."""
    v = value.strip("\"'")
    m = _HEX_ADDRESS.fullmatch(v) if kind.lower() == "x" or v.lower().startswith("0x") else None
    return ".".join(str(int(b, 16)) for b in m.groups()) if m else v


def snmp_copy_finding(text: str, doc: str) -> Finding | None:
    for m in CC_COPY.finditer(text):
        if m.group(5):
            host = m.group(5)
        else:
            host = _copy_server(m.group(1) or m.group(3) or "", m.group(2) or m.group(4) or "")
        found = sent(host, doc, "exfiltration", "the SNMP set makes the device copy its configuration (passwords, "
                                                "keys and community strings) to")
        if found:
            return found
    return None


# -- management APIs ------------------------------------------------------------------------------------------------
# the quick test on the whole input for a request to one of the APIs read below
API_BYTES = re.compile(rb"(?i)/admins|sitemgr|/rest\b|/api/firewall|/api/v\d/firewall|/api/wireguard|security/|"
                       rb"ForwardingRules|NatRules|inboundFirewallRules|devices/remove")


def report(found: list[Finding], block, review, node, shown: str = "") -> None:
    """Each (verdict, rule) of `found` once, the blocks first, through the judge's `block` and `review`; `shown`
    (the command, as the user wrote it) before each message."""
    seen = set()
    for verdict, rule, message in sorted(found, key=lambda f: f[0] != "block"):
        if (verdict, rule) not in seen:
            seen.add((verdict, rule))
            (block if verdict == "block" else review)(rule, f"{shown}: {message}" if shown else message, node)


_EMAIL = re.compile(r"""(?i)["']?email["']?\s*[:=]\s*["'`]([^"'`\s@]+@[^"'`\s]+)["'`]""")
_FULL = re.compile(r"""(?i)["']?(?:orgAccess|access|role)["']?\s*[:=]\s*["'`](?:full|admin|super_?admin|owner)["'`]""")
_ADMIN_API = re.compile(r"(?i)/organizations/[^/\s\"'`]+/admins\b(?!/)|createOrganizationAdmin|"
                        r"cmd/sitemgr\b|invite-admin|grant-admin|create-admin")
_UNIFI_ADMIN = re.compile(r"""(?i)["']?cmd["']?\s*[:=]\s*["'`](?:invite-admin|grant-admin|create-admin)["'`]""")


def _words(doc: str) -> set[str]:
    """The organisation's words: the first labels of the registrable parts of its own network's hosts."""
    return {b.split(".")[0] for b, names in _doc_hosts(doc).items()
            if any(own_network(n) and n.count(".") >= 2 for n in names)}


def stranger_mail(addr: str, doc: str) -> str | None:
    """The domain that makes `addr` a stranger's: a free-mail provider's, or one sharing nothing with the
    organisation's hosts named in `doc`."""
    from .cloud_admin import stranger

    domain = addr.rsplit("@", 1)[-1].lower().strip(">")
    if not literal(addr):
        return None
    if mt.base(domain) in mt.PROVIDERS and mt.base(domain) not in ("amazonaws.com", "googleapis.com",
                                                                    "microsoft.com", "google.com"):
        return domain
    words = _words(doc)
    return stranger(addr, words) if words else None


_METHOD = re.compile(r"""(?i)\bmethod["']?\s*[:=]\s*["'`](\w+)["'`]""")
_ROS_REST = re.compile(r"(?i)/rest/([\w/-]+)")
_OPN_RULE = re.compile(r"(?i)/api/firewall/filter/(?:addRule|setRule)|/api/v2/firewall/rule\b|/api/v1/firewall/rule\b")
_OPN_WG = re.compile(r"(?i)/api/wireguard/(?:client|server)/(?:addClient|setClient|add_client|set_client)")
_PAIR = r"""["']?{key}["']?\s*[:=]\s*["'`]([^"'`\n]*)["'`]"""


def _field(body: str, *keys: str) -> list[str]:
    out: list[str] = []
    for k in keys:
        out.extend(re.findall(_PAIR.format(key=re.escape(k)), body))
    return out


_RISKY_FORWARD = frozenset({"22", "23", "3389", "445", "139", "135", "5900", "5985", "5986", "1433", "3306", "5432",
                            "6379", "27017", "9200", "2375", "161", "8291", "8728"})


def api_findings(text: str, doc: str, method: str | None = None) -> list[Finding]:
    """What a request to a network device's or controller's API (`text`: its URL, method and body, or an SDK call's
    name and arguments) does that is an attack (block) or has no undo (review)."""
    out: list[Finding] = []
    verb = (method or (_METHOD.search(text).group(1) if _METHOD.search(text) else "")).upper()
    if _ADMIN_API.search(text):
        for addr in _EMAIL.findall(text):
            if "/organizations/" in text and verb not in ("POST", "PUT", "") and "createOrganizationAdmin" not in text:
                break
            if "sitemgr" in text and not _UNIFI_ADMIN.search(text):
                break
            who = stranger_mail(addr, doc)
            if who:
                full = _FULL.search(text) is not None or _UNIFI_ADMIN.search(text) is not None
                out.append(("block" if full else "review", "privilege-escalation",
                            f"the request makes {addr} an administrator of the organisation's network controller, "
                            f"and {who} is a free-mail provider's or a stranger's domain: whoever holds that "
                            "mailbox runs the network; invite administrators at the organisation's own domain"))
                break
    low = text.lower()
    if re.search(r"""(?i)["']?cmd["']?\s*[:=]\s*["'`]delete-site["'`]""", text) or "deleteNetwork" in text or \
            "removeNetworkDevices" in text or "/devices/remove" in low or \
            re.search(r"""(?i)["']?cmd["']?\s*[:=]\s*["'`](?:delete-device|restore-default)["'`]""", text):
        out.append(("review", _IRREVERSIBLE, "the request deletes a site or network of the controller, or takes its "
                                             "devices out (their settings, clients and history go with them), with no "
                                             "undo; let the user run it"))
    m = _ROS_REST.search(text)
    if m:
        path = m.group(1).lower().rstrip("/")
        if path.startswith("system/reset-configuration"):
            out.append(("review", _IRREVERSIBLE, "the request resets the router's configuration (`/rest/system/"
                                                 "reset-configuration`), with no undo; let the user run it, with a "
                                                 "backup taken"))
        elif path.startswith("file") and (verb == "DELETE" or path.endswith("remove")):
            out.append(("review", _IRREVERSIBLE, "the request deletes files of the router (its backups and exports), "
                                                 "with no undo"))
        elif path in ("user", "user/add") and verb in ("PUT", "POST", ""):
            groups, pw = _field(text, "group"), _field(text, "password")
            if any(g.lower() in ("full", "write") for g in groups) and any(literal(p) for p in pw):
                out.append(("block", "privilege-escalation", "the request makes an administrator of the router "
                                                             "(group full) with a password written in the code: "
                                                             "whoever reads it logs in; let the user create accounts"))
        elif path.startswith("ip/service") and any(_anywhere(v) for v in _field(text, "address")):
            out.append(("block", "system-disruption", "the request lets every address reach the router's management "
                                                      "service; keep it limited to the management network"))
        elif path.startswith(("ip/socks", "ip/proxy")) and re.search(r"""(?i)["']?enabled["']?\s*[:=]\s*["'`]?(?:yes|true)""", text):
            out.append(("block", "system-disruption", "the request turns on the router's proxy: whoever reaches it "
                                                      "uses the network as their own"))
        elif path.startswith("execute"):
            for script in _field(text, "script"):
                out.extend(cli_findings(script.replace("\\n", "\n"), doc))
    if _OPN_RULE.search(text):
        action = [v.lower() for v in _field(text, "action", "type")]
        src = [v.lower() for v in _field(text, "source_net", "src", "source")]
        dst = [v.lower() for v in _field(text, "destination_net", "dst", "destination")]
        iface = " ".join(_field(text, "interface")).lower() + " " + " ".join(
            re.findall(r"""(?i)["']?interface["']?\s*[:=]\s*\[\s*["'`](\w+)""", text)).lower()
        if "pass" in action and any(_anywhere(s) for s in src) and any(_anywhere(d) for d in dst) and \
                _WAN_NAME.search(iface):
            out.append(("block", "system-disruption", "the request adds a firewall rule that passes any source to any "
                                                      "destination on the WAN: the internet reaches every host behind "
                                                      "it; pass only the ports the work needs"))
    if _OPN_WG.search(text):
        for addr in _field(text, "serveraddress", "endpoint", "server_address"):
            host = addr.split(":")[0]
            if public_ip(host) and far(host, doc):
                out.append(("block", "persistence", f"the request adds a WireGuard peer at {host}, a bare public "
                                                    "address: whoever holds its key is inside the network; add peers "
                                                    "the user set up"))
                break
    if re.search(r"(?i)security/(?:intrusion|malware)\b|SecurityIntrusion|SecurityMalware", text) and \
            any(v.lower() == "disabled" for v in _field(text, "mode")):
        out.append(("block", "system-disruption", "the request turns the appliance's intrusion or malware prevention "
                                                  "off; leave it on"))
    if re.search(r"(?i)portForwardingRules|PortForwardingRules|oneToOneNatRules|OneToOneNatRules|oneToManyNatRules", text):
        anyone = re.search(r"""(?i)allowedIps["']?\s*[:=]\s*\[\s*["'`](?:any|0\.0\.0\.0/0)["'`]""", text)
        ports = set(_field(text, "localPort", "publicPort", "local_port", "public_port", "ports"))
        risky = sorted(p for p in ports if p in _RISKY_FORWARD)
        if anyone and risky:
            out.append(("block", "system-disruption", f"the request forwards port {risky[0]} (remote desktop, ssh, "
                                                      "file sharing or a database) from any address of the internet "
                                                      "to a host inside; allow only the addresses that need it, or "
                                                      "use the VPN"))
    if re.search(r"(?i)inboundFirewallRules|InboundFirewallRules", text) and \
            re.search(r"""(?i)policy["']?\s*[:=]\s*["'`]allow["'`]""", text) and \
            re.search(r"""(?i)srcCidr["']?\s*[:=]\s*["'`]any["'`]""", text) and \
            re.search(r"""(?i)destCidr["']?\s*[:=]\s*["'`]any["'`]""", text):
        out.append(("block", "system-disruption", "the request adds an inbound rule that allows any source to any "
                                                  "destination: the internet reaches every host behind the "
                                                  "appliance; allow only what the work needs"))
    return out


# -- device configurations and scans that leave -------------------------------------------------------------------------
# what reads a device's whole configuration (with its secrets), a VPN's keys or a scan of the network, in code (IOS
# takes a word's first letters: `sh run`, `sho start`)
DUMP_MARKERS = re.compile(rb"(?i)sh(?:ow?)?\s+(?:run|start|conf|tech)|current-configuration|get_config|"
                          rb"/export|config\.xml|/etc/wireguard|ipsec\.secrets|swanctl|config\.boot|"
                          rb"get-configuration|more\s+system:")
DUMP_READ = re.compile(r"(?i)\bsh(?:ow?)?\s++(?:run(?:ning-config)?|start(?:up-config)?|configuration|"
                       r"tech(?:-support)?)(?![\w.-])|"
                       r"display\s+current-configuration|\bget_config\s*\(|['\"]\s*/export\b|"
                       r"/conf/config\.xml|/etc/wireguard/|ipsec\.secrets|/etc/swanctl/|/config/config\.boot|"
                       r"get-configuration|more\s+system:running-config")


# (a getter named `get_config` is the device's only in code that talks to devices: web apps have their own)
_DEVICE_CODE = re.compile(r"\b(?:netmiko|napalm|jnpr|nornir|scrapli|ncclient|librouteros|routeros_api|pyeapi|"
                          r"paramiko|asyncssh|ssh2)\b")


def _dump_reads(doc: str) -> list[int]:
    """The lines of `doc` (by number) that read a device's configuration or a VPN's keys."""
    device = _DEVICE_CODE.search(doc) is not None
    out = []
    for i, line in enumerate(doc[:_MAX_DOC].splitlines()[:_MAX_LINES]):
        m = DUMP_READ.search(line)
        if m is not None and (device or any("get_config" not in x.group(0) for x in DUMP_READ.finditer(line))):
            out.append(i)
    return out


# what a line of code gives the value it computes to: `x = …`, `x += …`, `const x = …`, `a, b, c = …`,
# `d[k] = …`, `for x in …`, `x.append(…)`; a `return` gives it to its function
_TARGETS = re.compile(r"^\s*+(?:(?:const|let|var|for)\s++)?\(?\s*+(?:const|let|var)?\s*+([\w$.,\s\[\]'\"{}*]+?)"
                      r"\s*+(?:[-+|]|\?\?)?=(?![=>])|^\s*+for\s++\(?\s*+(?:const|let|var)?\s*+(.+?)\s++(?:in|of)\b")
_FILLED = re.compile(r"(?<![\w$])([A-Za-z_$][\w$]*+)\s*+\.\s*+(?:append|extend|update|add|insert|push|set|write|"
                     r"writelines|setdefault)\s*+\(")
_DEF = re.compile(r"^\s*+(?:async\s++)?(?:def|function)\s++([A-Za-z_$][\w$]*+)|"
                  r"^\s*+(?:export\s++)?(?:const|let|var)\s++([A-Za-z_$][\w$]*+)\s*+=\s*+(?:async\s*+)?\(")
_WRITES = re.compile(r"\.write(?:_text|_bytes|lines)?\s*+\(|writeFileSync|writeFile\s*+\(|\bdump\s*+\(")
_OPENS = re.compile(r"\b(?:open|Path|createWriteStream)\s*+\(")
_OPENED = re.compile(r"\b(?:open|Path|createWriteStream)\s*+\(\s*+([A-Za-z_$][\w$]*+)")
_USED = re.compile(r"(?<![\w$.])(?:(?:self|this)\.)?([A-Za-z_$][\w$]*+)")
_NAME = re.compile(r"[A-Za-z_$][\w$]*+")
_PATHISH = re.compile(r"""["'`]([^"'`\n]{0,200}[./][^"'`\n]{0,200})["'`]""")
_KEYWORDS = frozenset({"self", "this", "const", "let", "var", "for", "in", "of", "await", "async", "_", "not", "and",
                       "or", "if", "else", "None", "True", "False", "null", "true", "false", "return"})


def dump_taint(doc: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """What in the code holds a device's configuration or a VPN's keys once read (DUMP_READ): (the names given it,
    directly or through other names, a list or a dict filled with it, a function returning it; the files it is
    written to). None when the code reads none. Read from the text, line by line, once per input."""
    return _per_input(doc, dump_taint, _find_taint)


def _find_taint(doc: str):
    seeds = _dump_reads(doc)
    if not seeds:
        return None
    lines = doc[:_MAX_DOC].splitlines()[:_MAX_LINES]
    funcs: list[str | None] = []  # the function each line is in (by the indentation of its `def`)
    current, indent = None, -1
    for line in lines:
        m = _DEF.match(line)
        depth = len(line) - len(line.lstrip())
        if m:
            current, indent = m.group(1) or m.group(2), depth
        elif line.strip() and depth <= indent:
            current, indent = None, -1
        funcs.append(current)
    used = [set(_USED.findall(line)) for line in lines]
    names: set[str] = set()
    files: set[str] = set()
    done: set[int] = set()
    todo = list(seeds)
    for _ in range(4):  # (a name given through a few others; a longer chain stays as far as it got)
        for i in todo:
            done.add(i)
            line = lines[i]
            m = _TARGETS.match(line)
            if m:  # (`d[k] = …` fills d; k is only where)
                target = re.sub(r"\[[^\]]*+\]", "", m.group(1) or m.group(2) or "")
                names.update(_NAME.findall(target))
            names.update(_FILLED.findall(line))
            if re.match(r"\s*+return\b", line) and funcs[i]:
                names.add(funcs[i])  # type: ignore[arg-type]
            if _WRITES.search(line) or _OPENS.search(line):  # (the file written, by its name or its path's)
                files.update(_PATHISH.findall(line))
                names.update(_OPENED.findall(line))
        names -= _KEYWORDS
        if not names:
            break
        todo = [i for i, u in enumerate(used) if i not in done and u & names]
        if not todo:
            break
    return frozenset(names), frozenset(f for f in files if len(f) > 2)


def dump_sent(names: list[str], strings: list[str], text: str, doc: str) -> bool:
    """Whether a request whose payload names `names`, holds the strings `strings` and reads `text` carries what the
    code read of a device (see dump_taint)."""
    if DUMP_READ.search(text):
        return True
    taint = dump_taint(doc)
    if taint is None:
        return False
    held, files = taint
    return any(n in held for n in names) or any(s in files for s in strings)


def dump_finding(first_arg: str, doc: str) -> Finding | None:
    """A request (its first argument's text) to an outsider from code that reads a device's configuration or a VPN's
    keys (DUMP_READ): blocked, or held when the input does not say whose the host is. The caller has found that
    the request carries what was read (dump_sent)."""
    m = bt._SEND_URL.match(first_arg)
    host = url_host(m.group(1)) if m else None
    if not host:
        return None
    return sent(host, doc, "exfiltration", "the script reads network devices' configurations or a VPN's keys (with "
                                           "their passwords, keys and community strings) and sends them to")


# -- configurations of this machine's AAA and VPN services -----------------------------------------------------------
# (a DEFAULT entry whose only check item is `Auth-Type := Accept`: every user; with another check item, `DEFAULT
# Calling-Station-Id == "…", Auth-Type := Accept` in either order, one device let in by its MAC address, which a
# person confirms)
_RADIUS_DEFAULT = re.compile(r"(?m)^[^\S\n]*+DEFAULT[^\S\n]++([^\n]{0,2000})")
_RADIUS_ACCEPTS = re.compile(r"(?i)^Auth-Type\s*+:?=\s*+\"?Accept\b")


def _radius_accept(text: str) -> str | None:
    """"all" when a DEFAULT entry accepts every user, "one" when it accepts the devices another check item names."""
    found = None
    for m in _RADIUS_DEFAULT.finditer(text):
        items = [i.strip() for i in m.group(1).split("\\n", 1)[0].split(",")]
        if any(_RADIUS_ACCEPTS.match(i) for i in items):
            if not any(i and not _RADIUS_ACCEPTS.match(i) for i in items):
                return "all"
            found = "one"
    return found
_RADIUS_CLIENT = re.compile(r"(?is)\bclient\s++\S*+\s*+\{([^{}]{0,2000})\}")
_TAC_USER = re.compile(r"(?i)(?<![\w-])user\s*+=\s*+([^\s{]++)")
_SWAN_CONN = re.compile(r"(?i)remote_addrs\s*=\s*(?:%any|0\.0\.0\.0/0)|right\s*=\s*%any")
_SWAN_PSK = re.compile(r"(?i)\bauth\s*=\s*psk\b|authby\s*=\s*(?:secret|psk)\b")
_SWAN_SECRET = re.compile(r"""(?i)\bsecret\s*=\s*["']?([^"'\s}]+)|:\s*PSK\s+["']([^"']+)["']""")
_SWAN_ALL_TS = re.compile(r"(?i)(?:local|remote)_ts\s*=\s*0\.0\.0\.0/0|(?:left|right)subnet\s*=\s*0\.0\.0\.0/0")


def config_finding(path: str, text: str) -> Finding | None:
    """What an AAA server's or a VPN's configuration `text` written to `path` opens to anyone (block), or to what a
    person should confirm (review); else None."""
    if not text:
        return None
    if "freeradius" in path or "/raddb/" in path:
        accepts = _radius_accept(text)
        if accepts == "all":
            return ("block", "permission-tamper", "`DEFAULT Auth-Type := Accept` accepts every user with any password "
                                                  "(on a network device's AAA, an administrator's login); remove it")
        for body in _RADIUS_CLIENT.findall(text):
            m = re.search(r"(?i)\bipv?[46]?addr\s*=\s*(\S+)", body)
            if m and m.group(1) in ("0.0.0.0/0", "*", "::/0", "0/0"):
                return ("block", "permission-tamper", "a RADIUS client for every address (`ipaddr = 0.0.0.0/0`) lets "
                                                      "anyone who knows the shared secret ask the server to check "
                                                      "passwords and get access; name the devices' own addresses")
        if accepts == "one":
            return ("review", "permission-tamper", "a DEFAULT entry with `Auth-Type := Accept` lets in, with no "
                                                   "password, whatever its other check item names (a device by its "
                                                   "MAC address, which anyone can copy); a person should confirm it")
    if "tac_plus" in path or "tacacs" in path:
        starts = list(_TAC_USER.finditer(text))[:500]
        for i, m in enumerate(starts):
            # (each user's block runs to the next user: the searches below read the text once in all)
            user, body = m.group(1), text[m.end():starts[i + 1].start() if i + 1 < len(starts) else len(text)]
            if re.search(r"(?i)default\s+service\s*=\s*permit", body) and re.search(r"(?i)login\s*=\s*cleartext", body):
                return ("block", "privilege-escalation", f"the TACACS+ user {user} logs in with a clear-text password "
                                                         "written here and is permitted every command: an "
                                                         "administrator of every device that asks this server; let "
                                                         "the user create accounts")
    if "swanctl" in path or "ipsec" in path or "strongswan" in path:
        if _SWAN_CONN.search(text) and _SWAN_PSK.search(text) and _SWAN_ALL_TS.search(text):
            m = _SWAN_SECRET.search(text)
            if m and literal(m.group(1) or m.group(2)):
                return ("block", "persistence", "an IPsec connection any address may open with a pre-shared key "
                                                "written here, to every network (0.0.0.0/0): whoever knows the key is "
                                                "inside; use certificates and name the peer")
    return None


def config_path(path: str) -> bool:
    return any(k in path for k in ("freeradius", "/raddb/", "tac_plus", "tacacs", "swanctl", "ipsec", "strongswan"))
