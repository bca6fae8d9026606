"""Routers, switches, firewalls and VPNs administered from the shell: Cisco/Juniper/Arista over ssh and Ansible,
MikroTik RouterOS, VyOS, pfSense/OPNsense, WireGuard/strongSwan/OpenVPN, SNMP, FreeRADIUS and tac_plus (session 28).

What a device is told is read by routers_tables.cli_findings wherever it reaches the device: the remote command of
`ssh`, the text piped or fed to `ssh -T` (`printf 'conf t\\n…' | ssh -T rtr`, `<<'EOF'` to `vbash -s`), an Ansible
network module's `lines`/`commands` (`ansible ios_routers -m cisco.ios.ios_config -a "lines=…"`), the rules piped to
`pfctl -f -`. Also blocked:

- pf turned off or flushed with nothing loaded in its place (`pfctl -d`, `pfctl -F all`; not the handbook's `pfctl
  -F all -f /etc/pf.conf`), on this machine or over ssh, as `iptables -F` is;
- the device's configuration copied to an outsider through SNMP (CISCO-CONFIG-COPY-MIB's ccCopyTable, writeNet);
- a request to a controller's or device's API that makes an administrator of a stranger's mailbox, opens the
  firewall or the device's management to everyone, turns intrusion prevention off (routers_tables.api_findings);
- what a device prints that holds its secrets (`show running-config`, `/export`, pfSense's config.xml, a VPN's
  keys), or a scan of the network, piped to a network program for an outsider's host;
- an AAA server's or a VPN's configuration written here that lets anyone in (routers_tables.config_finding, through
  bash/admin.py's judge_write).

Reviewed `irreversible`: a device's configuration erased or reset, its saved backups deleted over ssh (pfSense's
`/cf/conf/backup`, RouterOS `.backup` files), a controller's site deleted. Reviewed too: what the routers_tables
readers hold for a person (a configuration copied to a server the input names alone, a password hash, a log server
removed), and root's queries that are not only queries (ROOT_QUERIES below, read as getopt reads the options).

Allowed: reads (`show …`, `pfctl -sr`, `/ip firewall filter print`, `/export file=…` kept on the device), backups
copied home with scp, ordinary changes (a VPN port opened on the WAN, NTP servers), the organisation's own hosts.
"""
from __future__ import annotations

import re

from .. import routers_tables as rt
from ..per_input import in_input
from .commands import Cmd, option_value
from .common import NET_SENDERS, input_text, mentions, ssh_positionals

RULE = "irreversible"


def _report(a, found: list, node, shown: str) -> None:
    rt.report(found, a.block, a.review, node, shown)


def _fed(a, cmd: Cmd) -> str:
    """The text `cmd` reads on its standard input when this input says it: a here-document or here-string, or what
    the stage before prints (`printf '…' | ssh -T h`, `cat <<'EOF' | ssh h`)."""
    from .admin import _printed
    from .exec import stdin_text
    from .written import piped_into

    fed = stdin_text(a, cmd)
    if fed is not None:
        return fed[0]
    before = piped_into(a, cmd)
    if before is None:
        return ""
    if before.name == "cat" and not before.args:
        got = stdin_text(a, before)
        return got[0] if got is not None else ""
    return _printed(before) or ""


# -- ssh: the device's command lines ------------------------------------------------------------------------------
# a remote `rm` of a device's saved configurations (pfSense's config history, RouterOS exports, backups kept there)
_REMOTE_RM = re.compile(r"(?:^|[;&|]\s*+)(?:sudo\s++)?rm\s++(?:-\w++\s++)*+(?!/tmp/|/var/tmp/)(/[^;&|\n]*?(?:/backups?/|\.backup\b|"
                        r"\.rsc\b|/config/archive/|/conf/backup/)[^;&|\n]*)")


def _ssh_device(a, cmd: Cmd) -> None:
    words = ssh_positionals(cmd.args)[1:]
    remote = " ".join(w.value if w.value is not None else w.text for w in words)
    fed = _fed(a, cmd)
    text = remote + "\n" + fed
    if not text.strip():
        return
    # (a remote command written out is judged as a shell command too, pfctl's by _pfctl: read here once more, it
    # would be reported twice)
    found = rt.cli_findings(text, input_text(a), pf=False) + rt.firewall_off(fed) + \
        rt.firewall_off(remote, pfctl=any(w.value is None for w in words))
    m = _REMOTE_RM.search(remote)
    if m:
        found.append(("review", RULE, f"`rm {m.group(1).strip()[:60]}` deletes the device's saved configurations or "
                                      "backups, with no undo; let the user delete them"))
    if found:
        first = ssh_positionals(cmd.args)[:1]
        _report(a, found, cmd.node, f"`ssh {(first[0].value if first else None) or '…'}`")


def _pfctl(a, cmd: Cmd) -> None:
    """`pfctl -d`, `pfctl -F all`: pf turned off or emptied; `pfctl -f -` loads the rules piped in."""
    vals = [w.value or "" for w in cmd.args]
    _report(a, rt.firewall_off("pfctl " + " ".join(vals)), cmd.node, "")  # (its message names the command)
    if ("f", "-") in rt.getopt(vals, rt.PF_VALUED)[0]:
        _report(a, rt.cli_findings(_fed(a, cmd), input_text(a)), cmd.node, f"`pfctl {' '.join(vals)[:60]}`")


# -- Ansible's network modules --------------------------------------------------------------------------------------
_NET_MODULE = re.compile(r"(?:^|\.)(?:ios|iosxr|nxos|eos|junos|vyos|routeros|asa|aruba|dellos\d+|edgeos|icx|fortios|"
                         r"cli|net|panos|sros|ce|cnos|enos|exos|slxos|voss|frr|bigip)_\w*(?:config|command|commands)$|"
                         r"(?:^|\.)(?:cli_config|cli_command|net_config|network_cli)$|(?:^|\.)routeros\.command$")
# the user modules (`cisco.ios.ios_user name=x privilege=15 configured_password=…`): an account made on every device
_USER_MODULE = re.compile(r"(?:^|\.)(?:ios|iosxr|nxos|eos|junos|vyos|asa|net)_users?$")
# (`k=v` or JSON: `{"privilege": 15, "configured_password": "…"}`)
_USER_ADMIN = re.compile(r"""(?i)(?:^|[\s,{])["']?(?:privilege["']?\s*[=:]\s*["']?15\b|"""
                         r"""role["']?\s*[=:]\s*['"]?(?:network-admin|priv-15)|class["']?\s*[=:]\s*['"]?super-user|"""
                         r"""level["']?\s*[=:]\s*['"]?admin)""")
_USER_SECRET = re.compile(r"""(?i)(?:^|[\s,{])["']?(configured_password|password|sshkey|hashed_password|"""
                          r"""encrypted_password)["']?\s*[=:]\s*['"]?([^'"\s,}]+)""")
_LINES_KEY = re.compile(r"""(?:\b(?:lines|commands|command|src|config|before|after|parents)\s*[=:]\s*)""")


def _ansible_lines(a, cmd: Cmd) -> None:
    module = next((w.value for w in reversed(option_value(cmd.args, "-m", "--module-name"))), None)
    texts = option_value(cmd.args, "-a", "--args")
    if not module or not texts or texts[-1].value is None or not (_NET_MODULE.search(module) or
                                                                    _USER_MODULE.search(module)):
        return
    if any(w.value in ("--check", "-C") for w in cmd.args):
        return
    if _USER_MODULE.search(module):
        args = texts[-1].value
        secret = _USER_SECRET.search(args)
        if not (secret and rt.literal(secret.group(2)) and (_USER_ADMIN.search(args) or "vyos" in module)):
            return
        what = f"`ansible -m {module}` makes an administrator on every device it names"
        key = secret.group(1).lower()
        if key == "sshkey":
            a.block("persistence", f"{what} and adds a login key to it: whoever holds the private key logs in with "
                                   "full rights; let the user add keys", texts[-1].node)
        else:
            _report(a, [rt.admin_finding(what, "hash" if key.startswith(("hashed", "encrypted")) else
                                          rt.secret_kind(secret.group(2)) or "clear")], texts[-1].node, "")
        return
    text = _LINES_KEY.sub("\n", texts[-1].value)
    text = re.sub(r"""[\[\],]|(?<![\w!])['"]|['"](?![\w])""", "\n", text)
    found = rt.cli_findings(text, input_text(a))
    if found:
        _report(a, found, texts[-1].node, f"`ansible -m {module}` on every device it names")


# -- SNMP sets of the configuration copy ----------------------------------------------------------------------------
def _snmpset(a, cmd: Cmd) -> None:
    found = rt.snmp_copy_finding(" ".join(w.value or "" for w in cmd.args), input_text(a))
    if found:
        _report(a, [found], cmd.node, f"`{cmd.name}`")


# -- requests to management APIs, and what a device prints sent off -----------------------------------------------
_FEED_BYTES = re.compile(rb"(?i)ssh|scp|nmap|masscan|zmap|snmpwalk|snmpbulkwalk|arp-scan")
# what a device prints that holds its secrets: its whole configuration, a VPN's keys
# (IOS takes a word's first letters: `sh run`, `sho start`)
_DUMPED = re.compile(r"(?i)\bsh(?:ow?)?\s+(?:run|start|conf|tech)|display\s+current|/export\b|more\s+system:|"
                     r"config\.xml|/etc/wireguard|ipsec\.secrets|/etc/swanctl|config\.boot")
_SCANNERS = frozenset({"nmap", "masscan", "zmap", "snmpwalk", "snmpbulkwalk", "arp-scan", "netdiscover"})


def _sender(a, cmd: Cmd) -> None:
    from .net import http_requests

    data = a.doc.data
    reader = http_requests(cmd.name)
    if reader is not None and in_input(rt.API_BYTES, data):
        for r in reader(cmd.args):
            url = " ".join(u.value or u.text for u in r.urls)
            body = " ".join(b.value or b.text for b in r.bodies)
            found = rt.api_findings(f"{url}\n{body}", input_text(a), r.verb)
            if found:
                _report(a, found, cmd.node, f"`{cmd.name} -X {r.verb} {url[:80]}`")
                return
    if in_input(_FEED_BYTES, data):
        _dump_sent(a, cmd)


def _dump_sent(a, cmd: Cmd) -> None:
    from .brokers import _feeders, destinations
    from .common import commands_in
    from .net import _is_sender, _sends_off

    # (a copier's host is judged here by whose it is: net.py takes it for the user's own)
    if not _is_sender(cmd) or cmd.name not in ("scp", "rsync", "sftp") and not _sends_off(cmd):
        return
    doc = input_text(a)
    whose = {h: rt.reach(h, doc) for h in destinations(cmd) if h != "?"}
    hosts = sorted((h for h, r in whose.items() if r), key=lambda h: whose[h] != "far")
    if not hosts:
        return
    feeders = _feeders(a, cmd)
    # (or staged in a file first: `ssh r 'sh run' > /tmp/r.cfg && curl -T /tmp/r.cfg …`, `nmap -oX s.xml … ; nc h p
    # < s.xml`; the commands of the few kB before the sender, not the whole input's at each sender)
    files = _sent_files(a, cmd)
    if files:
        start = cmd.node.start_byte
        feeders += [c for c in commands_in(a, [(max(0, start - _STAGED_WINDOW), start)])[:64]
                    if (c.name == "ssh" or c.name in _SCANNERS) and files & _written_files(a, c)]
    for c in feeders:
        what = _dumped(c)
        if what:
            found = rt.sent(hosts[0], doc, "exfiltration", f"{what} is sent by `{cmd.name}` to",
                            "keep it inside the organisation")
            if found:
                _report(a, [found], cmd.node, "")
            return


_STAGED_WINDOW = 8192


def _dumped(c: Cmd) -> str | None:
    """What of a device or the network `c` prints: a device's configuration or keys, a scan."""
    if c.name == "ssh":
        remote = " ".join(w.value or w.text for w in ssh_positionals(c.args)[1:])
        if _DUMPED.search(remote):
            return f"the device's configuration or keys (`{remote[:60]}`), with their secrets,"
    elif c.name in _SCANNERS:
        return f"the `{c.name}` map of the network (its hosts, services and versions)"
    return None


def _sent_files(a, cmd: Cmd) -> set[str]:
    """The files a sender sends: an HTTP client's body (`-T F`, `-F f=@F`, `--data-binary @F`), scp's and rsync's
    local operands, what its standard input reads (`nc h p < F`)."""
    from .net import http_requests

    out: set[str] = set()
    reader = http_requests(cmd.name)
    for r in reader(cmd.args) if reader is not None else ():
        for kind, w in zip(r.kinds or ("",) * len(r.bodies), r.bodies):
            v = w.value or ""
            if kind == "upload-file" and v not in ("-", "."):
                out.add(v)
            elif "@" in v and v.rpartition("@")[2] not in ("-", ""):
                out.add(v.rpartition("@")[2].split(";")[0])
    if cmd.name in ("scp", "rsync"):
        out.update(w.value for w in cmd.args if w.value and w.value[:1] != "-" and ":" not in w.value)
    for r in cmd.redirects:
        if r.type == "file_redirect" and a.src(r).lstrip("0123456789")[:1] == "<":
            out.update(a.src(d).strip("\"'") for d in r.children_by_field_name("destination")[:1])
    return out


def _written_files(a, c: Cmd) -> set[str]:
    """The files `c` writes what it prints to: `> F`, `>> F`, a scanner's `-oX F`/`-oN F`/`-oG F`."""
    out = {w.value for w in option_value(c.args, "-oX", "-oN", "-oG", "-oA", "-o") if w.value} \
        if c.name in _SCANNERS else set()
    for r in c.redirects:
        if r.type == "file_redirect" and a.src(r).lstrip("0123456789&")[:1] == ">":
            out.update(a.src(d).strip("\"'") for d in r.children_by_field_name("destination")[:1])
    return out


# -- an AAA server's or a VPN's configuration written here ---------------------------------------------------------
def config_write(a, cmd: Cmd, w, value: str) -> bool:
    """A write of FreeRADIUS's, tac_plus's or strongSwan's configuration (bash/admin.py's judge_write); True when
    blocked here (a write held here goes on to the usual rules for root's writes)."""
    from .. import paths

    if not rt.config_path(value):
        return False
    from .admin import _sed_script, written_text
    from .sed import line_edits, substitutions

    path = paths.normalize(value)
    if not path.startswith(("/etc/", "/usr/local/etc/")):
        return False  # (a template kept in the project is not the service's configuration)
    script = _sed_script(cmd) if cmd.name in ("sed", "gsed") else None
    if script is not None:
        text = "\n".join([r for _, r in substitutions(cmd)] + [t for _, t in line_edits([script])])
    else:
        text = written_text(a, cmd, w) or ""
    found = rt.config_finding(path, text)
    if found is None:
        return False
    (a.block if found[0] == "block" else a.review)(found[1], f"`{cmd.name}` writes {path}: {found[2]}", w.node)
    return found[0] == "block"


HANDLERS: dict = {n: [_sender] for n in NET_SENDERS}
HANDLERS.setdefault("ssh", []).insert(0, _ssh_device)
HANDLERS.update({"pfctl": [_pfctl], "ansible": [_ansible_lines], "snmpset": [_snmpset]})
_DEVICE = mentions("username", "login", "logging", "syslog", "accounting", "archive", "access-group", "access-class",
                   "inspect", "zone-member", "new-model", "firewall", "policies", "socks", "proxy", "service", "snmp",
                   "copy", "replace", "load", "image", "boot", "fetch", "sniffer", "erspan", "erase", "format",
                   "delete", "zeroize", "reset", "/user", "/file", "/ip", "pass", "default-config", "monitor", "pf",
                   "rm ", "save", "software", "install", fold=True)
_API_WORDS = mentions("/admins", "sitemgr", "/rest", "/api/firewall", "/api/v1/firewall", "/api/v2/firewall",
                      "/api/wireguard", "security/", "ForwardingRules", "NatRules", "inboundFirewallRules",
                      "devices/remove")
_SCAN_WORDS = mentions(*sorted(_SCANNERS))
_DUMP_WORDS = mentions("show", "/export", "display", "more system", "config.xml", "wireguard", "ipsec.secrets",
                       "swanctl", "config.boot", words=("sh", "sho"), fold=True)


def _sender_screen(text: str) -> bool:
    return bool(_API_WORDS(text) or _SCAN_WORDS(text) or "ssh" in text and _DUMP_WORDS(text))


SCREENS: dict = {
    "pfctl": mentions("-d", "-F", "-f"),
    "ansible": mentions("_config", "_command", "cli_", "routeros.command", "_user"),
    "snmpset": mentions("9.9.96", "9.2.1.55", "ccCopy", "writeNet"),
    **{n: _sender_screen for n in NET_SENDERS},
}
SCREENS["ssh"] = (lambda old: lambda text: old(text) or _DEVICE(text))(SCREENS["ssh"])


# -- root's read-only queries of the VPN, AAA and firewall services (bash/admin.py's ROOT_QUERIES) --------------------
# `sudo ipsec statusall`, `sudo swanctl --list-sas`, `sudo pfctl -sr`, `sudo pfctl -nf pf.conf`
# (parsed, not loaded), `sudo freeradius -XC` and `sudo tac_plus -C /etc/tacacs+/tac_plus.conf -P` (the daemon's own
# configuration checked, the daemon not started): what the services hold, printed. `ipsec up`/`down`/`rereadsecrets`,
# `swanctl --load-*`/`--initiate`/`--terminate`, `pfctl -f` without `-n` (`-sn -f x` shows NAT and loads x), a
# daemon's check of another file (it prints each line it cannot read: a VPN's key), and the daemons started keep the
# usual review.
_IPSEC_READS = frozenset({"status", "statusall", "listall", "listcerts", "listcacerts", "listcrls", "listpubkeys",
                          "listalgs", "version", "--version", "--help"})
# (the first option is the command: -l list-sas, -L list-conns, -P list-pols, -B list-authorities, -x list-certs,
# -A list-pools, -g list-algs, -S stats, -T log, -m monitor-sa, -v version; after it, `-i`, `-c` … are its filters)
_SWANCTL_READS = re.compile(r"^--(?:list-\w+|stats|version|help|log|monitor-sa)$|^-[lLPBxAgSTmvh]$")
_SWANCTL_ARG = frozenset({"--ike", "-i", "--child", "-c", "--ike-id", "-I", "--uri", "-u", "--raw", "-r", "--pretty",
                          "-P", "--utc", "-U", "--noblock", "-N", "--loglevel", "-l", "--name", "-n"})
_PF_SHOW = frozenset("qvgnr")  # verbosity, -n (parse only), -r (no DNS); -s MODIFIER, -a ANCHOR, -t TABLE take values


def _swanctl_reads(vals: list[str], pos: list[str]) -> bool:
    if not vals or not _SWANCTL_READS.match(vals[0]):
        return False
    skip = False
    for v in vals[1:]:
        if skip:
            skip = False
            continue
        if v in _SWANCTL_ARG:
            skip = v not in ("--raw", "-r", "--pretty", "-P", "--utc", "-U", "--noblock", "-N")
        else:
            return False
    return True


def _pfctl_reads(vals: list[str], pos: list[str]) -> bool:
    """`pfctl -sr`, `-s info`, `-vvsr`, `-nf FILE` (parsed, not loaded), `-t TABLE -T show`. Read as getopt reads
    them: in `-sn -f FILE` the `n` is -s's value (NAT shown), and the file is loaded."""
    opts, operands = rt.getopt(vals, rt.PF_VALUED)
    parse_only = any(o == "n" for o, _ in opts)
    for o, v in opts:
        if o in _PF_SHOW or o in "sat" and v or o == "T" and v in ("show", "test") or o == "f" and parse_only and v:
            continue
        return False
    return bool(opts) and not operands


# the daemons' own configurations (a check prints each line it cannot read: another file's lines, secrets among them)
_TAC_CONF = re.compile(r"(?:/usr/local)?/etc/(?:tac_plus[\w.-]*|(?:tacacs\+?|tac_plus(?:-ng)?)/[\w.+/-]+)")
_RADDB = re.compile(r"(?:/usr/local)?/etc/(?:freeradius(?:/[\d.]+)?|raddb)/?")


def _checks_config(need: str, flags: str, valued: str, paths: dict):
    """A daemon asked only to check its configuration (`freeradius -XC`, `tac_plus -C FILE -P`): the options read as
    getopt reads them (`valued`: every option of the daemon that takes a value), `need` among them, every other one
    a flag of `flags` or an option of `paths` whose value is the daemon's own configuration; no operand."""
    def reads(vals: list[str], pos: list[str]) -> bool:
        opts, operands = rt.getopt(vals, valued)
        for o, v in opts:
            rx = paths.get(o)
            if not (o in flags or rx is not None and v and ".." not in v and rx.fullmatch(v)):
                return False
        return any(o == need for o, _ in opts) and not operands
    return reads


# (tac_plus: -C the configuration, -P parse it and exit; freeradius: -C check and exit, -X/-x debug, -f foreground,
# -d the configuration's folder)
_TAC_PLUS = _checks_config("P", "P", "CBdlmpQuw", {"C": _TAC_CONF})
_FREERADIUS = _checks_config("C", "CXxf", "dDilnp", {"d": _RADDB})


ROOT_QUERIES: dict = {
    "ipsec": lambda vals, pos: bool(vals) and vals[0] in _IPSEC_READS and len(vals) <= 2,
    "strongswan": lambda vals, pos: bool(vals) and vals[0] in _IPSEC_READS and len(vals) <= 2,
    "swanctl": _swanctl_reads, "pfctl": _pfctl_reads,
    "freeradius": _FREERADIUS, "radiusd": _FREERADIUS, "tac_plus": _TAC_PLUS,
}


# -- root's captures that hold no one's data, addresses banned --------------------------------------------------------
# `sudo tcpdump -ni wg0 -c 200 'icmp or udp port 51820' -w /tmp/x.pcap`: pings, ARP, IPsec's encrypted packets and
# WireGuard's (whose handshake carries nothing that can be cracked later) on any interface, into /tmp or the project.
# Any other filter word (a TCP port, `not`, a host's whole traffic) keeps the review (bash/system.py's loopback rule).
_CAPTURE_TERMS = frozenset({("icmp",), ("icmp6",), ("arp",), ("esp",), ("udp", "port", "51820"), ("port", "51820")})
_TCPDUMP_VALUED = frozenset("cCiwWsyBEFGMTVrz")


def control_capture(cmd: Cmd) -> str | None:
    """(bash/system.py's inspection) a capture of control packets only, as described above."""
    from .. import paths

    if cmd.name != "tcpdump":
        return None
    vals = [w.value for w in cmd.args]
    if None in vals:
        return None
    filt: list[str] = []
    i = 0
    while i < len(vals):
        v = vals[i]  # type: ignore[assignment]
        i += 1
        if v[:1] != "-" or v == "-":
            filt.extend(v.replace("(", " ( ").replace(")", " ) ").split())
            continue
        if v[:2] == "--":
            return None
        letters = v[1:]
        for j, ch in enumerate(letters):
            if ch in _TCPDUMP_VALUED:
                value = letters[j + 1:] or (vals[i] if i < len(vals) else "")
                if not letters[j + 1:]:
                    i += 1
                if ch in "zrVFEMTyGWC":
                    return None  # a program run on each file, files or secrets read, rotation
                if ch == "w" and value != "-" and not (value.startswith(("/tmp/", "/var/tmp/")) and ".." not in value
                                                        and not paths.kinds(value)):
                    return None
                break
            if ch not in "nvqletAXxSpKN#U":
                return None
    terms, term = [], []
    for f in filt + ["or"]:
        if f in ("or", "and"):
            terms.append(tuple(term))
            term = []
        elif f not in ("(", ")"):
            term.append(f)
    if not filt or any(t not in _CAPTURE_TERMS for t in terms):
        return None  # (`udp` alone, a TCP port, `not icmp`: others' traffic)
    return "a capture of control packets (pings, ARP, the VPN's encrypted packets)"


# the system's own rules (`nft -c -f FILE` prints each line it cannot read, and follows `include "…"`: another file's
# lines, a VPN's private key among them, printed by root; a file of the project or /tmp, or the standard input, may
# include any)
_NFT_RULES = re.compile(r"/etc/(?:nftables\.conf|sysconfig/nftables\.conf|nftables(?:\.d)?/[\w.+/-]+\.(?:conf|nft))")
_NFT_LONG = {"--check": "-c", "--file": "-f"}


def _nft_checks(vals: list) -> bool:
    """`nft -c -f /etc/nftables.conf` (`--check --file`, `-cf`): the system's rules checked, nothing applied."""
    if None in vals:
        return False
    words = [_NFT_LONG.get(v, "-f" + v[7:] if v.startswith("--file=") else v) for v in vals]
    opts, operands = rt.getopt(words, "f")
    return not operands and {o for o, _ in opts} == {"c", "f"} and \
        all(v and ".." not in v and _NFT_RULES.fullmatch(v) for o, v in opts if o == "f")


# `nft add element inet filter blocklist_v4 '{ 203.0.113.4, 198.51.100.0/24 }'`: public addresses put in a set whose
# name says it shuts them out (as fail2ban's `banip` does); an allow list, a private or whole range, stays held
_BAN_SET = re.compile(r"(?i)block|ban|deny|drop|blacklist|reject|abuse|attack|bad|bogon|threat|crowdsec")
_ALLOW_SET = re.compile(r"(?i)allow|permit|trust|white|accept|admin|mgmt|manage|vpn|office|exempt|except|bypass|"
                        r"ignore|skip")


def nft_ban(vals: list) -> str | None:
    """(bash/system.py) what root's `nft` may do without review: `nft add element FAMILY TABLE SET { ADDR, … }` of
    public addresses into a ban set, and `nft -c -f FILE` (the rules checked, nothing applied)."""
    from ..hosts import public_ip

    if _nft_checks(vals):
        return "the firewall's rules file checked"
    words = " ".join(v for v in vals if v).replace("{", " ").replace("}", " ").replace(",", " ").split()
    if words[:2] != ["add", "element"] or len(words) < 6:
        return None
    name, addrs = words[4], words[5:]
    if not _BAN_SET.search(name) or _ALLOW_SET.search(name):
        return None
    for a in addrs:
        host, _, bits = a.partition("/")
        if not public_ip(host) or bits and (not bits.isdigit() or int(bits) < (16 if ":" not in host else 32)):
            return None
    return f"public addresses shut out (the set {name})"
