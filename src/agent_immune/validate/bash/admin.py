"""The developer's own Linux machine administered: root's ordinary changes held for a person, the harmful ones blocked.

Setting up a dev VM writes files the system reads: a line for the project's dev host in /etc/hosts, a swap file's
line in /etc/fstab, a logrotate configuration, a systemd unit for the project's worker, a sysctl tunable, a limits
line, a WireGuard interface, an nginx site, a Host block in ~/.ssh/config. Blocking every write there as if it were
a backdoor makes the guard useless for that work; allowing it unread hands the same files to an attacker. So a
write to one of these files is judged by what it writes, when the text is known here (an echo or printf piped into
`sudo tee`, a here-document, a here-string): ordinary content is held for review (root changes the machine: a person
looks), content that redirects, hides or runs code is blocked with its own reason, and text not known here keeps
the block the path has (files.judge_write). ~/.ssh/config is the user's own: a Host block of names, users, jump
hosts and keys is allowed; a keyword that runs a program (ProxyCommand, LocalCommand, Match exec …) stays blocked.

Also here: folders made for a service (`install -d -o app /var/lib/app`), the files of a disk mounted from its
device edited from outside (`mount /dev/sda1 /mnt/h; sed -i … /mnt/h/etc/shadow`), the resolver pointed at an
unknown server for every name, remote forwards whose port is computed (`p=$((2000+22)); ssh -R $p:localhost:22`),
and deletes with no undo of a VM's disks (`virsh undefine --remove-all-storage`, `vol-delete`) or a PostgreSQL
cluster (`pg_dropcluster`).
"""
from __future__ import annotations

import ast
import ipaddress
import re

from .. import paths
from ..hosts import ip_literal, loopback
from .commands import PRIVILEGE, Cmd, has_flag, option_value, positionals
from .common import mentions
from .words import Word

# -- the text a command writes -------------------------------------------------------------------------------------
# A word known only at run time stands in the text by its source (`"UUID=$UUID /data ext4 …"`): each checker below
# decides which fields may be computed (a disk's UUID may, an address in /etc/hosts may not).
_SHOWN_SOURCE = re.compile(r'^"(.*)"$', re.S)


def _shown(w: Word) -> str:
    if w.value is not None:
        return w.value
    m = _SHOWN_SOURCE.match(w.text)
    return m.group(1) if m else w.text


def _printed(cmd: Cmd) -> str | None:
    """What echo/printf print, computed parts shown by their source."""
    from .written import printed_text

    if cmd.name not in ("echo", "printf"):
        return None
    out = printed_text(["echo" if cmd.name == "echo" else "printf"] + [_shown(w) for w in cmd.args])
    return None if out is None else out + "\n" if cmd.name == "echo" else out


def written_text(a, cmd: Cmd, target: Word) -> str | None:
    """The text `cmd` puts in `target`: what echo/printf print into a redirect, the here-document or here-string fed
    to cat/tee, what the stage before prints into `tee` (`printf … | sudo tee F`), nothing from `/dev/null`; None
    when it is not known here (a copy of another file, a download, a decoded blob)."""
    from .exec import stdin_text
    from .files import copy_sources
    from .written import piped_into

    if cmd.name in ("echo", "printf"):
        return _printed(cmd)
    if cmd.name in ("sed", "gsed"):
        return _sed_adds(cmd)
    if cmd.name == "install":
        sources = [w.value for w in copy_sources(cmd, target)]
        return "" if sources == ["/dev/null"] else None
    if cmd.name not in ("cat", "tee", "sponge"):
        return None
    fed = stdin_text(a, cmd)
    if fed is not None:
        return fed[0]
    if cmd.name == "cat" and cmd.args:
        return None  # `cat FILE > …`: another file's text
    before = piped_into(a, cmd)
    if before is None:
        return _cat_heredoc(a, cmd)
    if before.name == "cat" and not before.args:
        fed = stdin_text(a, before)
        return fed[0] if fed is not None else None
    return _printed(before)


def _cat_heredoc(a, cmd: Cmd) -> str | None:
    """`cat <<'EOF' | sudo tee -a F`: the grammar hangs the pipeline inside cat's here-document redirect, so the
    stage before `tee` is not found as a pipeline's; the here-document is what `cat` prints into it."""
    if cmd.name != "tee":
        return None
    node = cmd.node.parent
    while node is not None and node.type not in ("heredoc_redirect", "program"):
        node = node.parent
    if node is None or node.type != "heredoc_redirect" or node.parent is None:
        return None
    body = node.parent.child_by_field_name("body")
    name = body.child_by_field_name("name") if body is not None and body.type == "command" else None
    if name is None or a.src(name) != "cat" or body.child_by_field_name("argument") is not None:
        return None
    return next((a.src(h) for h in node.children if h.type == "heredoc_body"), None)


# `sed -i '1i Include config.d/*' FILE`, `sed -i '$a LINE' FILE`: one line inserted or appended, nothing else changed
_SED_ADD = re.compile(r"^\s*+(?:\d+|\$)?\s*+[ia]\s*+\\?\s*+([^\n;{}]*?)\s*$")


def _sed_adds(cmd: Cmd) -> str | None:
    """The line a `sed -i` script of one insert or append adds (None for any other script)."""
    if not has_flag(cmd.args, "i", ("--in-place",)) or option_value(cmd.args, "-f", "--file"):
        return None
    scripts = option_value(cmd.args, "-e", "--expression") or positionals(cmd.args, frozenset({"-f", "--file"}))[:1]
    if len(scripts) != 1 or scripts[0].value is None:
        return None
    m = _SED_ADD.match(scripts[0].value)
    return m.group(1) + "\n" if m and m.group(1) and "\\" not in m.group(1) else None


def appends(a, cmd: Cmd, target: Word) -> bool:
    """Does `cmd` add to the file rather than replace it (`tee -a`, `>>`, a sed insert)?"""
    if cmd.name == "tee":
        return has_flag(cmd.args, "a", ("--append",))
    if cmd.name in ("sed", "gsed"):
        return _sed_adds(cmd) is not None
    for r in cmd.redirects:
        if r.type == "file_redirect" and any(c.type in (">>", "&>>") for c in r.children):
            dest = r.children_by_field_name("destination")[:1]
            if dest and a.ev.word(dest[0]).value == target.value:
                return True
    return False


def _project_copy(cmd: Cmd, target: Word) -> bool:
    """Is `cmd` a copy (cp, install, rsync) of files of the project (relative paths that stay in it)?"""
    from .files import copy_sources

    if cmd.name not in ("cp", "install", "rsync"):
        return False
    sources = copy_sources(cmd, target)
    return bool(sources) and all(w.value is not None and paths.relative(w.value) is not None for w in sources)


# -- /etc/hosts ----------------------------------------------------------------------------------------------------
# names reserved for development and private networks (RFC 2606, 6761, 6762, 8375, and `.internal`): no public host
# has one, so a line for them redirects nobody's traffic
_DEV_SUFFIXES = (".test", ".localhost", ".local", ".internal", ".lan", ".home.arpa", ".example", ".invalid",
                 ".localdomain")
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_OWN_NAME = re.compile(r"^(?:\$\(hostname(?: -[sf])?\)|`hostname(?: -[sf])?`|\$\{?HOSTNAME\}?)$")
_SET_HOSTNAME = frozenset({"hostnamectl", "hostname"})


def _hostnames(a) -> set[str]:
    """Names this input gives the machine (`hostnamectl set-hostname N`, `hostname N`)."""
    out = set()
    for _, c in a.ctx.commands:
        if c.name in _SET_HOSTNAME:
            pos = [w.value for w in positionals(c.args) if w.value]
            if c.name == "hostnamectl" and pos[:1] in (["set-hostname"], ["hostname"]) and len(pos) > 1:
                out.add(pos[1].lower())
            elif c.name == "hostname" and len(pos) == 1:
                out.add(pos[0].lower())
    return out


def dev_name(name: str, own: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """A name no public host has: one label (`devbox`), a reserved suffix (`api.myapp.test`), the machine's own."""
    n = name.lower().rstrip(".")
    return bool(_LABEL.match(n)) or n.endswith(_DEV_SUFFIXES) or n in own or bool(_OWN_NAME.match(name))


def near_address(addr: str) -> bool:
    """This machine or the user's own network: loopback, RFC 1918, carrier-grade NAT (Tailscale), IPv6 unique-local
    and link-local. The documentation ranges (192.0.2.0/24 …) stand for public hosts here."""
    from .tools import _private_network

    try:
        ip = ipaddress.ip_address(addr.strip("[]"))
    except ValueError:
        return False
    return loopback(str(ip)) or _private_network(str(ip)) or ip.version == 6 and ip.is_link_local


_SED_DELETE = re.compile(r"^\s*(?:/(?:[^/\\]|\\.)+/|\\([^\w\s])(?:(?!\1).)+\1)I?\s*d\s*$")


def _deletes_lines(cmd: Cmd) -> str | None:
    """`sed -i '/api.myapp.test/d' /etc/hosts`: the lines a pattern matches removed, nothing added; the pattern."""
    if cmd.name not in ("sed", "gsed"):
        return None
    scripts = option_value(cmd.args, "-e", "--expression") or positionals(cmd.args, frozenset({"-f", "--file"}))[:1]
    if not scripts or option_value(cmd.args, "-f", "--file") or any(
            w.value is None or not _SED_DELETE.match(w.value) for w in scripts):
        return None
    return " ".join(w.value or "" for w in scripts)


def _line_deletes(cmd: Cmd, path: str) -> tuple[str, str, str] | None:
    deleted = _deletes_lines(cmd)
    if deleted is None:
        return None
    return ("review", "system-write", f"`{cmd.name} -i '{deleted}'` removes lines from {path}; root changes the machine")


def _hosts(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return _line_deletes(cmd, path)
    own = _hostnames(a)
    lines = [ln.split("#", 1)[0].split() for ln in text.splitlines()]
    lines = [f for f in lines if f]
    if not lines:
        return None
    for f in lines:
        addr, names = f[0], f[1:]
        bad = next((n for n in names if not dev_name(n, own)), None)
        if not names or not near_address(addr) or bad is not None:
            who = bad or (names[0] if names else "nothing")
            return ("block", "persistence",
                    f"`{cmd.name}` points {who} at {addr} in /etc/hosts: every program on the machine then reaches "
                    f"that address for the name (a code host, a registry, any public name); add only names reserved "
                    f"for development (.test, .localhost, .internal, .lan, one-label names) for loopback or private "
                    f"addresses")
    how = "adds" if append else "replaces /etc/hosts with"
    return ("review", "system-write", f"`{cmd.name}` {how} dev host names for local addresses "
                                      f"({' '.join(lines[0][:3])}); root changes the machine's name lookup")


# -- /etc/fstab ----------------------------------------------------------------------------------------------------
_BY_ID = re.compile(r"^(?:UUID|LABEL|PARTUUID|PARTLABEL)=\S+$")
# where a mount hides what the system keeps or reads: the system trees, the logs (the audit log under tmpfs), homes
_HIDDEN_UNDER = ("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/boot", "/root", "/var/log", "/proc",
                 "/sys", "/dev", "/run", "/var/spool/cron", "/var/lib/dpkg", "/var/lib/apt")
_HIDDEN_AT = frozenset({"/", "/var", "/home", "/var/lib"})


def hides(mount_point: str) -> bool:
    """Would a file system mounted at `mount_point` hide what the system keeps or reads there?"""
    p = paths.normalize(mount_point).rstrip("/") or "/"
    if p in _HIDDEN_AT or p == "~" or p.startswith("~/."):
        return True
    return any(p == h or p.startswith(h + "/") for h in _HIDDEN_UNDER) or bool(re.match(r"^/home/[^/]+/?$", p)) \
        or bool(re.match(r"^(?:/home/[^/]+|~)/\.", p))


def _fstab(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return _line_deletes(cmd, path)
    rows = [ln.split() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not rows:
        return None
    for f in rows:
        if len(f) < 4:
            return None
        spec, where, kind, opts = f[:4]
        computed = "$" in spec or "`" in spec
        if computed and not _BY_ID.match(spec) or "$" in where or "`" in where or "$" in kind or "$" in opts:
            return None  # a device or mount point known only at run time: the usual block
        if kind == "swap":
            if where not in ("none", "swap") or paths.kinds(spec) - {paths.DEVICE}:
                return None
            continue
        binds = "bind" in opts.split(",") or kind == "none"
        if hides(where) or binds and paths.kinds(spec) & {paths.SECRET, paths.PERSISTENCE}:
            return ("block", "system-disruption",
                    f"`{cmd.name}` adds an /etc/fstab line that mounts {spec} over {where}: at every boot it hides "
                    "what the system keeps there (its logs, the audit trail, its configuration) or exposes a "
                    "credential file; mount data disks on a new folder such as /data or /mnt/NAME")
    if not append:
        return ("block", "system-write", f"`{cmd.name}` replaces /etc/fstab: every other mount, the root file system's "
                                         "own line among them, is gone and the machine may not boot; append the line "
                                         "(`tee -a`, `>>`)")
    first = " ".join(rows[0][:3])
    return ("review", "system-write", f"`{cmd.name}` adds a line to /etc/fstab ({first}): the machine mounts it at "
                                      "every boot; root changes the machine")


# -- logrotate ------------------------------------------------------------------------------------------------------
_SCRIPT_START = re.compile(r"^\s*(postrotate|prerotate|firstaction|lastaction|preremove)\s*$")
_SCRIPT_END = re.compile(r"^\s*endscript\s*$")
# the system's own logs: rotating them from here is how a trail is cut short
_SYSTEM_LOGS = re.compile(r"^/var/log/(?:\*|auth\.log|syslog|kern\.log|messages|secure|wtmp|btmp|lastlog|faillog|"
                          r"sudo\.log|daemon\.log|audit(?:/|$)|journal(?:/|$)|\*\.log)")


def _logrotate(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return None
    script, inside, logs = [], False, []
    for line in text.splitlines():
        if inside:
            if _SCRIPT_END.match(line):
                inside = False
            else:
                script.append(line.strip())
            continue
        if _SCRIPT_START.match(line):
            inside = True
            continue
        if "{" in line:
            logs += [t.strip("\"'") for t in line.split("{", 1)[0].split()]
    bad = next((p for p in logs if _SYSTEM_LOGS.match(paths.normalize(p))), None)
    if bad is not None:
        return ("block", "anti-forensics", f"`{cmd.name}` writes a logrotate rule for {bad}, the system's own log: it "
                                           "rotates away the trail of what happened; rotate only the project's logs "
                                           "(/var/log/NAME/*.log)")
    found = _blocked_script(a, "\n".join(script))
    if found is not None:
        return ("block", found.rule, f"the logrotate script written to {path} runs as root at each rotation and would "
                                     f"be blocked here ({found.message})")
    return ("review", "system-write", f"`{cmd.name}` writes the logrotate rule {path}: root runs its scripts at each "
                                      "rotation; a person should look")


def _blocked_script(a, script: str):
    from .handed import blocked

    return blocked(a, script) if script.strip() else None


# -- kernel parameters ----------------------------------------------------------------------------------------------
# ordinary tunables a project's set-up asks for (search engines' map count, file watchers, connection backlogs, the
# forwarding containers need, databases' shared memory): anything else (a kernel protection relaxed, a helper
# program named, the memory policy) stays blocked
_TUNABLE = re.compile(
    r"^(?:vm\.(?:max_map_count|swappiness|dirty_\w+|vfs_cache_pressure|min_free_kbytes|nr_hugepages|zone_reclaim_mode)|"
    r"fs\.(?:inotify\.max_\w+|file-max|nr_open|aio-max-nr|pipe-max-size)|"
    r"net\.core\.(?:somaxconn|netdev_max_backlog|[rw]mem_(?:max|default)|optmem_max|default_qdisc)|"
    r"net\.ipv4\.(?:tcp_(?:fin_timeout|keepalive_\w+|max_syn_backlog|tw_reuse|[rw]mem|rmem|wmem|"
    r"congestion_control|fastopen|slow_start_after_idle|mtu_probing|max_tw_buckets)|ip_local_port_range|ip_forward|"
    r"conf\.[\w.-]+\.forwarding|udp_[rw]mem_min|ping_group_range|"
    # (session 30) the IP fragment reassembly ROS 2's DDS tuning guide raises for large messages
    r"ipfrag_(?:high|low)_thresh|ipfrag_time)|"
    r"net\.ipv6\.conf\.[\w.-]+\.(?:disable_ipv6|forwarding)|net\.bridge\.bridge-nf-call-ip6?tables|"
    r"net\.netfilter\.nf_conntrack_max|"
    r"kernel\.(?:pid_max|threads-max|shmmax|shmall|shmmni|sem|msgmax|msgmnb|msgmni|numa_balancing))$")


def tunable(key: str) -> bool:
    """Is the kernel parameter `key` (`vm.max_map_count`, `/` or `.` separated) an ordinary tunable?"""
    return bool(_TUNABLE.match(key.strip().replace("/", ".")))


def _sysctl_file(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return None
    keys = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        key, eq, _ = line.lstrip("-").partition("=")
        if not eq or not tunable(key) and not (key.strip() == "kernel.core_pattern" and core_file(_)):
            return ("block", "system-disruption",
                    f"`{cmd.name}` sets `{line}` in {path} at every boot: not an ordinary tunable (a kernel "
                    "protection relaxed, a helper program named, the memory policy changed); set only what the "
                    "project needs (vm.max_map_count, fs.inotify.*, net.core.somaxconn …)")
        keys.append(key.strip())
    if not keys:
        return None
    return ("review", "system-write", f"`{cmd.name}` sets the kernel tunables {', '.join(keys[:3])} in {path} at every "
                                      "boot; root changes the machine")


# -- resource limits -------------------------------------------------------------------------------------------------
_LIMIT_ITEMS = frozenset({"nofile", "nproc", "memlock", "stack", "core", "fsize", "as", "data", "rss", "cpu", "locks",
                          "sigpending", "msgqueue", "nice", "rtprio", "priority", "maxlogins", "maxsyslogins"})
_LIMIT_VALUE = re.compile(r"^(?:-?\d+|unlimited|infinity)$")


def _limits(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return ("review", "system-write", f"`{cmd.name}` installs the project's limits file {path}; root changes "
                                          "the machine") if _project_copy(cmd, _word(cmd, path)) else None
    rows = [ln.split() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not rows or any(len(f) != 4 or f[1] not in ("soft", "hard", "-") or f[2] not in _LIMIT_ITEMS or
                       not _LIMIT_VALUE.match(f[3]) for f in rows):
        return None
    return ("review", "system-write", f"`{cmd.name}` sets resource limits in {path} ({' '.join(rows[0])}); root "
                                      "changes the machine")


def _word(cmd: Cmd, path: str) -> Word:
    """The argument that names `path`: the file itself, or the folder a copy puts it in (`cp site.conf
    /etc/nginx/sites-available/`, whose file judge_write names after the source)."""
    folder = path.rpartition("/")[0]
    return next((w for w in cmd.args if w.value and paths.normalize(w.value) == path), None) or \
        next((w for w in cmd.args if w.value and paths.normalize(w.value) == folder), Word(cmd.node, path, path))


# -- systemd units -----------------------------------------------------------------------------------------------------
_EXEC_KEY = re.compile(r"^\s*(Exec(?:Start|StartPre|StartPost|Stop|StopPost|Reload|Condition))\s*=\s*(.*)$")
_ENV_KEY = re.compile(r"^\s*Environment\s*=\s*(.*)$")
_EXEC_PREFIX = re.compile(r"^[-@:+!|]+")
_ENV_NAME = re.compile(r"""(?:^|\s)["']?([A-Za-z_]\w*)=""")


def _unit(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    from .system import hijack_name

    if text is None:
        return None
    runs = []
    for line in text.splitlines():
        m = _EXEC_KEY.match(line)
        if m:
            command = _EXEC_PREFIX.sub("", m.group(2).strip())
            if command:
                runs.append(command)
            continue
        m = _ENV_KEY.match(line)
        if m:
            bad = next((n for n in _ENV_NAME.findall(m.group(1)) if hijack_name(n)), None)
            if bad is not None:
                return ("block", "env-hijack", f"the unit {path} sets {bad} for its service: the program then loads "
                                               "or runs code of that setting's choosing, as root at every start")
    found = _blocked_script(a, "\n".join(runs))
    if found is not None:
        return ("block", "persistence", f"the unit {path} runs, as root at every start, what would be blocked here "
                                        f"({found.rule}: {found.message}); a service should run a program of the "
                                        "project, not fetch or decode one")
    what = f"runs {runs[0].split()[0]} as a service" if runs else "starts a service on a schedule" \
        if path.endswith(".timer") else "changes how a service runs"
    return ("review", "persistence", f"`{cmd.name}` writes the systemd unit {path}, which {what} (at boot, once "
                                     "enabled); a person should look")


# -- WireGuard interfaces --------------------------------------------------------------------------------------------
_WG_LINE = re.compile(r"^\s*(\w+)\s*=\s*(.*?)\s*$")
_WG_HOOKS = frozenset({"PreUp", "PostUp", "PreDown", "PostDown"})


def _routes_everything(value: str) -> bool:
    """AllowedIPs that take every address (0.0.0.0/0, ::/0, or their halves /1)."""
    for part in value.split(","):
        part = part.strip()
        if "/" in part:
            try:
                if ipaddress.ip_network(part, strict=False).prefixlen <= 1:
                    return True
            except ValueError:
                return True
    return False


def _wireguard(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return None
    hooks, endpoint = [], "its peer"
    for line in text.splitlines():
        m = _WG_LINE.match(line)
        if m is None:
            continue
        key, value = m.group(1), m.group(2)
        if key == "Endpoint":
            endpoint = value
        elif key == "AllowedIPs" and ("$" in value or "`" in value or _routes_everything(value)):
            return ("block", "exfiltration", f"the WireGuard interface {path} sends every connection of the machine "
                                             f"(AllowedIPs = {value}) through {endpoint}: whoever runs that peer sees "
                                             "and can change all of it; route only the team network's ranges")
        elif key in _WG_HOOKS:
            hooks.append(value)
    from .homelab import bare_endpoint

    if append and endpoint != "its peer" and (far := bare_endpoint(endpoint)) is not None:
        # a peer added to a running interface that the machine itself dials (an Endpoint, kept open by keepalives):
        # a phone or laptop peer has none; a relay the user runs has a name
        return ("block", "persistence", f"`{cmd.name}` adds a peer at {far}, a bare public address, to the WireGuard "
                                        f"interface {path}: the machine connects out to it and whoever holds its key "
                                        "is inside this network; add peers the user set up, by their own names")
    found = _blocked_script(a, "\n".join(hooks))
    if found is not None:
        return ("block", found.rule, f"the WireGuard interface {path} runs, as root each time it comes up or down, "
                                     f"what would be blocked here ({found.message})")
    return ("review", "system-write", f"`{cmd.name}` writes the WireGuard interface {path}; root joins the machine to "
                                      "another network: a person should look")


# -- a home network's DNS server: Pi-hole, dnsmasq, unbound (session 22) -------------------------------------------------
def _dns_server(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    """`sed -i 's/^PIHOLE_DNS_1=.*/PIHOLE_DNS_1=203.0.113.53/' /etc/pihole/setupVars.conf`, `echo "203.0.113.66
    vault.home.example.com" | sudo tee -a /etc/pihole/custom.list`: every device of the network asks this server.
    An upstream at a public address no well-known resolver has, or a local name answered with a public address, hands
    the household's names to that machine (homelab.dns_hijack); other changes are root's, reviewed."""
    from .homelab import dns_hijack, sed_replacements

    if text is None:
        script = _sed_script(cmd)
        if script is None:
            return None
        text = sed_replacements(script)
    found = dns_hijack(text, hosts_file=path.endswith((".list", "/hosts")) or "/hosts/" in path)
    if found is not None:
        rule = "persistence" if found.startswith("a local record") else "system-disruption"
        return ("block", rule, f"`{cmd.name}` writes {found} into {path}; use the household's own addresses and the "
                               "resolvers the user chose")
    return ("review", "system-write", f"`{cmd.name}` changes {path}, the DNS server every device of the network asks; "
                                      "root changes the machine: a person should look")


# -- web servers' sites ----------------------------------------------------------------------------------------------
_WEB_CODE = re.compile(r"(?m)^[^\S\n]*+(?:load_module|perl_modules|perl_require|perl\s|js_import|\w+_by_lua\w*|"
                       r"LoadModule)\b")


def _web(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        target = _word(cmd, path)
        from .files import copy_sources

        sources = [w.value or "" for w in copy_sources(cmd, target)] if cmd.name in ("cp", "install", "ln") else []
        own = sources and all(s.startswith(("/etc/nginx/", "/etc/apache2/", "/etc/httpd/")) for s in sources)
        if not own and not _project_copy(cmd, target):
            return None
    elif _WEB_CODE.search(text):
        return None
    return ("review", "system-write", f"`{cmd.name}` installs the web server site {path}; root changes what the "
                                      "machine serves: a person should look")


# -- ~/.ssh/config -----------------------------------------------------------------------------------------------------
# keywords that only name where and as whom to connect, and how to keep the connection
_SSH_SAFE = frozenset(k.lower() for k in (
    "Host", "HostName", "User", "Port", "IdentityFile", "IdentitiesOnly", "ProxyJump", "ServerAliveInterval",
    "ServerAliveCountMax", "ConnectTimeout", "ConnectionAttempts", "Compression", "AddKeysToAgent", "UseKeychain",
    "LocalForward", "TCPKeepAlive", "LogLevel", "PreferredAuthentications", "PubkeyAuthentication", "HashKnownHosts",
    "ControlMaster", "ControlPath", "ControlPersist", "CertificateFile", "HostKeyAlias", "CheckHostIP",
    "AddressFamily", "BatchMode", "RequestTTY", "IPQoS", "ExitOnForwardFailure", "SetEnv"))
# keywords that run a program (or load a library) on this machine
_SSH_RUNS = frozenset(k.lower() for k in (
    "ProxyCommand", "LocalCommand", "PermitLocalCommand", "KnownHostsCommand", "PKCS11Provider",
    "SecurityKeyProvider", "Match", "RemoteCommand"))
_SSH_KEY = re.compile(r"^\s*([A-Za-z0-9]+)(?:\s*=\s*|\s+)?(.*)$")
# `Include config.d/*`: a file of ~/.ssh (a relative name is read from there), not one anyone else may write
_SSH_OWN_FILE = re.compile(r"^(?:~/\.ssh/)?(?!\.\.?(?:/|$))[\w.@*?-]+(?:/(?!\.\.?(?:/|$))[\w.@*?-]+)*$")


def _ssh_include(value: str) -> bool:
    """Does an Include line read only files of ~/.ssh (the user's own configuration, judged when written here)?"""
    names = value.replace('"', " ").split()
    return bool(names) and all(_SSH_OWN_FILE.match(n) for n in names)


def _ssh_config(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SSH_KEY.match(line)
        key = m.group(1).lower() if m else ""
        if key == "include" and m is not None and _ssh_include(m.group(2)):
            continue
        if key in _SSH_RUNS or key == "include":
            shown = line.split()[0].split("=", 1)[0]
            return ("block", "persistence", f"`{shown}` in {path} runs a program (or loads a library) on this "
                                            "machine each time ssh connects (an Include of a file outside ~/.ssh "
                                            "reads one written elsewhere); write only Host, HostName, User, Port, "
                                            "ProxyJump and IdentityFile lines")
        if key not in _SSH_SAFE:
            return None
    if not append and path == "~/.ssh/config":  # (a file of ~/.ssh/config.d is written whole: it is one host's)
        return ("review", "system-write", f"`{cmd.name}` replaces ~/.ssh/config: the hosts already in it are lost; "
                                          "append the Host block instead (`>>`, `tee -a`)")
    return ("allow", "", "")


def _proc_sys(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    # `echo 262144 | sudo tee /proc/sys/vm/max_map_count` is `sysctl -w`: system._proc_write judges it
    if tunable(path[len("/proc/sys/"):]):
        return ("allow", "", "")
    if path == "/proc/sys/kernel/core_pattern" and text is not None and core_file(text):
        return ("review", "system-write", f"`{cmd.name}` sets where the kernel writes crash dumps ({text.strip()}), "
                                          "as fuzzers ask; root changes the machine")
    return None


# `core`, `/var/crash/core.%e.%p`: where crash dumps go (AFL++ asks for `core`). One starting with `|` names a program
# the kernel runs as root at every crash: that keeps the block.
_CORE_FILE = re.compile(r"^[\w./%-]+$")


def core_file(value: str) -> bool:
    v = value.strip()
    return bool(_CORE_FILE.match(v)) and ".." not in v and not v.startswith(("/tmp/", "/dev/", "/proc/", "/sys/"))


# -- WSL's own configuration, and binary formats --------------------------------------------------------------------------
# /etc/wsl.conf: systemd on, drvfs metadata, the Windows PATH appended or not: WSL reads it at the distro's next start,
# a change a person approves. Its `[boot] command=` runs as root at every start: one that would be blocked here, or
# fetches or runs a downloaded or scratch program, is blocked.
_INI_SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*$")
_FETCHES = re.compile(r"(?<![\w-])(?:curl|wget|nc|ncat|socat|bash\s+-c|sh\s+-c)(?![\w-])|https?://|/tmp/|/dev/shm/|"
                      r"/var/tmp/|(?:^|\s)~/\.")


def _sed_script(cmd: Cmd) -> str | None:
    if cmd.name not in ("sed", "gsed") or option_value(cmd.args, "-f", "--file"):
        return None
    scripts = option_value(cmd.args, "-e", "--expression") or positionals(cmd.args, frozenset({"-f", "--file"}))[:1]
    vals = [w.value for w in scripts]
    return None if not vals or None in vals else "\n".join(vals)  # type: ignore[arg-type]


def _wsl_conf(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        script = _sed_script(cmd)
        if script is None or re.search(r"(?i)command|\[boot\]|default\s*=", script):
            return None  # a copy, a download, or an edit that may add a boot command: the path's block stays
        text = ""
    section = ""
    for line in text.splitlines():
        m = _INI_SECTION.match(line)
        if m:
            section = m.group(1).strip().lower()
            continue
        key, eq, value = line.partition("=")
        if not eq or section != "boot" or key.strip().lower() != "command":
            continue
        run = value.strip().strip("\"'")
        found = _blocked_script(a, run)
        if found is not None or _FETCHES.search(run):
            why = f"would be blocked here ({found.message})" if found is not None else \
                "fetches code or runs a program from a scratch or hidden folder"
            return ("block", "persistence", f"`{cmd.name}` writes a `[boot] command` into {path}: WSL runs it as root at "
                                            f"every start of the distro, and it {why}; start the project's services "
                                            "from the project instead")
    return ("review", "system-write", f"`{cmd.name}` changes WSL's configuration {path} (read at the distro's next "
                                      "start); root changes the machine: a person should look")


# binfmt_misc: `:name:type:offset:magic:mask:interpreter:flags`. Every file of that format then starts through the
# interpreter; WSL's `:WSLInterop:M::MZ::/init:PF` (Windows programs through /init) and qemu's user emulators are the
# usual entries. An interpreter outside the system's folders, or downloaded, is code run for any matching file: blocked.
_BINFMT_LINE = re.compile(r"^:([^:]*):([ME]):([^:]*):([^:]*):([^:]*):([^:]*):([A-Z]*)$")
_SYSTEM_INTERPRETERS = re.compile(r"^(?:/init|/usr/(?:s?bin|libexec|lib(?:64)?)/[\w.+/-]+|/bin/[\w.+-]+)$")


def _binfmt(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    from .toolchains import planted

    if text is None:
        return None
    entries = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith(("#", ";"))]
    if not entries:
        return None
    for line in entries:
        m = _BINFMT_LINE.match(line)
        if m is None:
            return None
        interp = m.group(6)
        if not _SYSTEM_INTERPRETERS.match(interp) or ".." in interp or planted(a, interp, interp):
            return ("block", "persistence", f"`{cmd.name}` registers {interp} to start every file of the format "
                                            f"`{m.group(1)}` ({path}): a program outside the system's folders run "
                                            "for any matching file; register only a system interpreter (/init, "
                                            "/usr/bin/qemu-*)")
    return ("review", "system-write", f"`{cmd.name}` registers a binary format in {path} (files of that format start "
                                      "through a system interpreter); root changes the machine: a person should look")


# udev rules: `SUBSYSTEM=="usb", ATTR{idVendor}=="0483", MODE="0660", GROUP="plugdev"` gives a group a debug probe or
# a serial adapter. A rule whose assignments only set the device node's owner, mode, name, links, tags and properties
# runs nothing: root's ordinary change, reviewed. RUN/PROGRAM/IMPORT run a program as root at every matching event
# (the path's persistence block stays), and a world-writable mode is only taken for a device class a developer plugs
# in (a disk or /dev/mem any user could write is root for anyone).
# (matched at 0 or after a `,`: the lookbehinds only keep a scan from starting inside a run of spaces or a key)
_UDEV_PAIR = re.compile(r'(?<!\s)\s*+(?<![A-Za-z_])([A-Za-z_]++)(\{[^}]*+\})?+\s*+(==|!=|\+=|-=|:=|=)\s*+"([^"]*+)"\s*+'
                        r'(?:,|$)')
_UDEV_SETS = frozenset({"MODE", "GROUP", "OWNER", "TAG", "SYMLINK", "ENV", "NAME", "OPTIONS", "GOTO", "LABEL",
                        "ATTR"})
_UDEV_PLUGGED = frozenset({"usb", "tty", "hidraw", "usbmisc", "gpio", "spidev", "i2c-dev", "usb_device", "input",
                           "video4linux", "sound"})


def _udev_rule(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return _udev_copied(a, cmd, path)
    rules = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not rules:
        return None
    for rule in rules:
        pairs, pos = [], 0
        while pos < len(rule):
            m = _UDEV_PAIR.match(rule, pos)
            if m is None:
                return None  # not read as key/value pairs: the path's block stays
            pairs.append((m.group(1), m.group(3), m.group(4)))
            pos = m.end()
        subsystems = {v for k, op, v in pairs if k in ("SUBSYSTEM", "SUBSYSTEMS") and op == "=="}
        for key, op, value in pairs:
            if op in ("==", "!="):
                continue
            if key not in _UDEV_SETS or key == "ENV" and "$" in value or key == "OPTIONS" and "program" in value:
                return None
            if key == "MODE" and re.fullmatch(r"0?[0-7]{3}", value) and int(value[-1]) & 2 and \
                    not (subsystems and subsystems <= _UDEV_PLUGGED):
                return None
    return ("review", "system-write", f"`{cmd.name}` adds the udev rule {path} (it sets a device's owner, group or "
                                      "mode and runs no program); root changes the machine: a person should look")


def _project_source(a, cmd: Cmd) -> str | None:
    """The project's own file a `cp`/`install` copies (`tools/udev/20-hw1.rules`, a relative path this input did not
    write): its text is in the repository for the person approving to read, not in the command."""
    from .files import _earlier_text, copy_sources, write_targets

    targets = write_targets(cmd) if cmd.name in ("cp", "install") else []
    sources = copy_sources(cmd, targets[0]) if len(targets) == 1 else []
    src = sources[0].value if len(sources) == 1 else None
    if not src or src[:1] in "/~-" or src.startswith("..") or "$" in src or _earlier_text(a, src) is not None or \
            paths.normalize(src) in a.downloaded:
        return None
    return src


def _udev_copied(a, cmd: Cmd, path: str) -> tuple[str, str, str] | None:
    src = _project_source(a, cmd)
    if src is None:
        return None
    return ("review", "system-write", f"`{cmd.name}` installs the project's udev rule {src} as {path}; its text is not "
                                      "in the command: read it before approving (a RUN, PROGRAM or IMPORT key runs a "
                                      "program as root at every matching device event)")


# -- apt's package sources: `deb [signed-by=/usr/share/keyrings/x.gpg] https://apt.example.com stable main` ------------
# A vendor's repository (HashiCorp's, Docker's, a database's) added the way its install page says: packages from it
# install as root with their maintainer scripts, as an unknown package index does elsewhere: held for a person. A
# source with its signature checks turned off (`trusted=yes`, `allow-insecure`) takes whatever anyone on the way serves.
_APT_LINE = re.compile(r"^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+\S+(?:\s+\S+)*$")
_APT_UNSAFE = re.compile(r"(?i)\b(?:trusted|allow-insecure|allow-weak|allow-downgrade-to-insecure)\s*[=:]\s*yes\b")
_APT_822_KEYS = frozenset({"types", "uris", "suites", "components", "signed-by", "architectures", "enabled",
                           "languages", "targets", "pdiffs", "by-hash", "x-repolib-name", "check-valid-until"})


def _apt_source(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return None
    if _APT_UNSAFE.search(text):
        return ("block", "permission-tamper", f"`{cmd.name}` adds a package source to {path} with its signature checks "
                                              "off: apt then installs, as root, whatever any server on the way hands "
                                              "it; keep `trusted`/`allow-insecure` off and install the vendor's key")
    uris: list[str] = []
    for ln in lines:
        m = _APT_LINE.match(ln)
        if m is not None:
            uris.append(m.group(3))
            continue
        key, sep, value = ln.partition(":")
        if not sep or key.strip().lower() not in _APT_822_KEYS:
            return None  # not read as a source: the path's block stays
        if key.strip().lower() == "uris":
            uris.extend(value.split())
    hosts = [u.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1] for u in uris]
    if not uris or any(not u.lower().startswith(("http://", "https://", "file:/", "cdrom:")) for u in uris) or \
            any(ip_literal(h.split(":", 1)[0].strip("[]")) and not loopback(h.split(":", 1)[0].strip("[]"))
                for h in hosts):
        return None  # a source at a bare address, or one apt reads through a program: the block stays
    return ("review", "download-exec", f"`{cmd.name}` adds the package source {', '.join(dict.fromkeys(uris))} to "
                                       f"{path}: packages from it install as root with their own scripts; a person "
                                       "should check the source and its signing key")


def _apt_key(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    """A vendor's signing key put where apt's sources name it (`signed-by=`): alone it installs nothing; the source
    that names it is judged where it is written. Root's change, held for a person."""
    what = f"makes {path}, the folder of package signing keys" if path.endswith("keyrings") else \
        f"installs the package signing key {path}: apt trusts what it signs for the sources that name it"
    return ("review", "system-write", f"`{cmd.name}` {what}; root changes the machine: a person should look")


# -- /etc/default/NAME: a service's start-up options (`ARGS="--collector.systemd"`) ---------------------------------------
# Its init script or unit reads the file as shell variables (sysvinit sources it: a `$(…)` or backquote runs as root at
# each start). Options for a service are root's ordinary change, reviewed; code in it, or the machine's own files here
# (grub's kernel command line, useradd's defaults, the firewall's, ssh's, locale and keyboard), keep the block.
_DEFAULT_SYSTEM = frozenset({"grub", "useradd", "ufw", "ssh", "sshd", "locale", "keyboard", "console-setup", "rcS",
                             "halt", "networking", "nss", "cron", "apport", "motd-news", "rsyslog", "auditd", "apparmor",
                             "docker", "kexec", "crda", "intel-microcode", "amd64-microcode", "acpid", "nftables",
                             "iptables", "netfilter-persistent", "sysstat", "cryptdisks", "grub.d", "dbus"})
# `${` with a `:`/`=` before its `}`; a scan stops at the next `${`, which reaches the same `}`, `:` or `=`
_SHELL_CODE = re.compile(r"\$\(|`|\$\{(?:[^}:=$]|\$(?!\{))*+[:=]|;|&&|\|\|")


def _etc_default(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    name = path.rsplit("/", 1)[1]
    if name in _DEFAULT_SYSTEM or name.startswith("grub"):
        return None
    if text is None:
        text = _sed_script(cmd)
    if text is None:
        return None
    if _SHELL_CODE.search(text.replace(r"\/", "/")):
        return ("block", "persistence", f"`{cmd.name}` writes shell code into {path}, which the service's start-up "
                                        "reads as shell as root; set plain options (`ARGS=\"--flag\"`) only")
    return ("review", "system-write", f"`{cmd.name}` changes the start-up options of the service {name} in {path}; "
                                      "root changes the machine: a person should look")


# -- an app's error reports or telemetry sent to a bare address ------------------------------------------------------------
# `sed -i 's|^SENTRY_DSN=.*|SENTRY_DSN=https://k@203.0.113.88/4|' /srv/app/.env`: where the app sends its error reports
# (request bodies, users' details, local variables of each stack frame) or traces, pointed at an address that is no
# named host of a service or of the user's network: everything the app reports goes to whoever holds it.
_TELEMETRY_SET = re.compile(r"(?im)(?:^|[\s|#;'\"])(?:export\s+)?(SENTRY_DSN|\w*_DSN|OTEL_EXPORTER_OTLP(?:_\w+)?_ENDPOINT|"
                            r"DD_(?:DD_|APM_DD_|LOGS_CONFIG_LOGS_DD_)?URL|ELASTIC_APM_SERVER_URL|NEW_RELIC_HOST|"
                            r"\w*(?:TELEMETRY|METRICS|TRACES|TRACING|ERRORS?|APM|LOGS?)_(?:URL|ENDPOINT|HOST))"
                            r"\s*=\s*[\"']?(?:\w+://)?(?:[^@/\s\"']*@)?\[?([0-9a-fA-F:.]+?)\]?(?=[:/\s\"'|]|$)")
_ENV_FILE = re.compile(r"(?:^|/)(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env|environment)$")


def _telemetry_to_address(a, cmd: Cmd, w: Word, path: str) -> bool:
    if cmd.name not in ("sed", "gsed", "echo", "printf", "tee", "cat") or not _ENV_FILE.search(path):
        return False
    text = _sed_script(cmd) if cmd.name in ("sed", "gsed") else written_text(a, cmd, w)
    for m in _TELEMETRY_SET.finditer(text or ""):
        addr = m.group(2)
        if not ip_literal(addr) or near_address(addr):
            continue
        a.block("exfiltration", f"`{cmd.name}` points {m.group(1)} in {path} at {addr}, a bare address rather than the "
                                "service's own host: the app's error reports or telemetry (request data, users' "
                                "details, secrets in stack frames) go to whoever holds it; use the service's host name",
                w.node)
        return True
    return False


# -- a mailbox's mail sent elsewhere: ~/.forward -------------------------------------------------------------------------
# The mail server reads a user's ~/.forward at each delivery: `\alice, archive@mail-sync.io` keeps a copy in the
# mailbox and sends another to that address (password resets and sign-in codes with it, unnoticed: the mailbox looks
# as before), and `"|/path/prog"` runs a program on every message (blocked; a system program such as procmail is
# reviewed). A plain forward to an address (the mail stops arriving here, which the user sees) is reviewed, and so is
# root's mail (`/root/.forward`: cron's and the system's reports) sent to an address.
_FORWARD_ENTRY = re.compile(r'\s*("[^"]*"|[^,\s][^,]*?)\s*(?:,|$)')


def _mail_forward(a, cmd: Cmd, w: Word, path: str) -> bool:
    if path not in ("~/.forward", "/root/.forward") and not re.match(r"^/home/[^/]+/\.forward$", path):
        return False
    text = written_text(a, cmd, w)
    entries = [m.group(1).strip().strip('"') for line in (text or "").splitlines()
               for m in _FORWARD_ENTRY.finditer(line) if m.group(1).strip() and not line.lstrip().startswith("#")]
    if text is None or not entries and cmd.name in ("cat", "tee"):  # (a copy, a download, a body not read here)
        a.review("exfiltration", f"`{cmd.name}` writes {path}: the mail server then sends this account's mail where it "
                                 "says; a person should look", w.node)
        return True
    program = next((e for e in entries if e.startswith("|")), None)
    if program is not None and _SYSTEM_INTERPRETERS.match((program[1:].split() or [""])[0]):
        a.review("persistence", f"`{cmd.name}` writes {path} with `{program[:60]}`: the mail server runs that program "
                                "on every message this account receives (a delivery agent such as procmail); a "
                                "person should look", w.node)
        return True
    if program is not None:
        a.block("persistence", f"`{cmd.name}` writes {path} with `{program[:60]}`: the mail server runs that program on "
                               "every message this account receives; agents must not install it", w.node)
        return True
    remote = [e for e in entries if "@" in e and not loopback(e.rsplit("@", 1)[1].strip("[]"))]
    if not remote:
        return False
    kept = any(e.startswith("\\") or "@" not in e for e in entries)
    addr = remote[0].rsplit("@", 1)[1].strip("[]")
    if path == "~/.forward" and kept or ip_literal(addr) and not near_address(addr):
        a.block("exfiltration", f"`{cmd.name}` writes {path} so that every mail this account receives is also sent to "
                                f"{remote[0]}{', while a copy stays in the mailbox' if kept else ''}: password resets "
                                "and sign-in codes go with it, unnoticed; agents must not forward the user's mail",
                w.node)
    else:
        a.review("exfiltration", f"`{cmd.name}` writes {path}: every mail this account receives goes to "
                                 f"{remote[0]}; a person should confirm the address is the user's own", w.node)
    return True


# -- a mail server copying every message: Postfix's always_bcc --------------------------------------------------------
# `postconf -e 'always_bcc = audit-copy@198.51.100.23'`: the server sends a blind copy of every message it handles to
# that address. A compliance archive on a named host is root's change a person confirms (review); a copy to a bare
# public address is every user's mail handed to whoever answers there (block).
_BCC_KEYS = frozenset({"always_bcc", "sender_bcc_maps", "recipient_bcc_maps"})


def _postconf(a, cmd: Cmd) -> None:
    from .handed import as_unknown

    as_unknown(a, cmd)
    for w in cmd.args:
        key, eq, value = (w.value or "").partition("=")
        key, value = key.strip(), value.strip()
        if not eq or key not in _BCC_KEYS or not value:
            continue
        domain = value.rsplit("@", 1)[1].strip("[]") if "@" in value else ""
        if key == "always_bcc" and ip_literal(domain) and not near_address(domain):
            a.block("exfiltration", f"`postconf {key} = {value}` makes the mail server send a blind copy of every "
                                    f"message it handles to {domain}, a bare address rather than a named host of the "
                                    "organisation: all of its users' mail goes to whoever holds it; agents must not "
                                    "copy mail elsewhere", w.node)
        else:
            a.review("exfiltration", f"`postconf {key} = {value}` makes the mail server send a blind copy of every "
                                     "message it handles there; a person should confirm it is the organisation's "
                                     "archive", w.node)
        return


# -- folders for a service ----------------------------------------------------------------------------------------------
_APP_ROOTS = ("/etc/", "/var/lib/", "/var/log/", "/var/cache/", "/srv/", "/opt/", "/run/", "/var/www/")
# the system's own folders there: taking them over, or writing into them, is a change of the system, not a service's
# (Postfix's files judged by their content are in _CHECKERS: main.cf, master.cf, the relay's login map)
_SYSTEM_DIRS = frozenset({
    "apt", "dpkg", "yum", "yum.repos.d", "dnf", "pacman.d", "rpm", "systemd", "ssh", "sudo", "sudoers.d", "pam.d",
    "security", "audit", "apparmor", "apparmor.d", "selinux", "polkit-1", "docker", "containerd", "containers", "cni",
    "kubernetes", "kubelet", "cron.d", "cron.daily", "cron.hourly", "cron.weekly", "cron.monthly", "init.d", "init",
    "rc.d", "profile.d", "ld.so.conf.d", "modprobe.d", "modules-load.d", "udev", "network", "NetworkManager",
    "netplan", "dhcp", "ppp", "default", "grub.d", "kernel", "initramfs-tools", "ssl", "pki", "ca-certificates",
    "skel", "xdg", "X11", "dconf", "update-motd.d", "bash_completion.d", "environment.d", "rsyslog.d", "logrotate.d",
    "sysctl.d", "cloud", "acpi", "gnupg", "postfix", "mail", "lightdm", "gdm3", "sddm", "iptables", "nftables.d",
    "ufw", "firewalld", "wireguard", "openvpn", "journal", "private", "lib", "bin", "sbin", "log", "tmp", "spool",
    "AccountsService", "snapd", "flatpak", "libvirt", "lxd", "nginx", "apache2", "httpd", "postgresql", "mysql",
    "redis", "mongodb", "letsencrypt", "alternatives", "opt", "systemd-resolved", "resolvconf", "sysconfig",
    # package managers' own settings (which caches and signatures they trust) and boot-time helpers
    "nix", "conda", "zypp", "portage", "apk", "guix", "binfmt.d", "tmpfiles.d", "sysusers.d",
    # the system's own logs under /var/log that have no dot in their name
    "syslog", "wtmp", "btmp", "lastlog", "faillog", "messages", "secure", "dmesg", "installer", "sa", "sysstat"})


def app_folder(path: str, inside: bool = False, made: bool = False) -> str | None:
    """The service a folder under a system tree is named for (`/var/lib/myapp`, `/var/log/myapp`; `/etc/myapp` when it
    is being `made`, as /etc's own entries are mostly files), or with `inside` the one a file in such a folder belongs
    to (`/etc/myapp/worker.env`; not a log file); None for the system's own folders and files."""
    p = paths.normalize(path)
    root = next((r for r in _APP_ROOTS if p.startswith(r)), None)
    if root is None or "*" in p or "$" in p or "`" in p or paths.kinds(p) & {paths.SECRET, paths.PERSISTENCE}:
        return None
    parts = p[len(root):].split("/")
    name = parts[0]
    if not name or name.startswith(".") or name in _SYSTEM_DIRS or name.startswith(("rc", "cron")) or \
            root == "/var/log/" and ("." in name or inside) or inside and len(parts) < 2 or \
            root == "/etc/" and len(parts) < 2 and not made:
        return None
    return name


# -- a security monitor's own rules: Falco, auditd ---------------------------------------------------------------------
# A detection rule added (`- rule: Shell spawned in acme api container`), an audit watch on the project's files
# (`-w /etc/acme/ -p wa -k acme_config`) are root's ordinary changes, reviewed. What blinds the monitor is blocked:
# Falco rules turned off, or its exception lists and macros (`user_known_*`, `known_*`, `*_allowed_*`) filled with
# what the attacker runs or a `*`; auditd's rules deleted (`-D`), auditing turned off (`-e 0`), events dropped
# (`-a never`, the `exclude` list).
_FALCO_BLINDS = re.compile(
    r"(?im)^[^\S\n]*+enabled\s*+:\s*+(?:false|no|off)\b|^[^\S\n]*+-\s*+(?:macro|list)\s*+:\s*+['\"]?+"
    r"(?:user_known_\w+|known_\w+|\w*(?:allowed|trusted|whitelist|allowlist|exception)\w*)\b|"
    r"^[^\S\n]*+(?:exceptions|items)\s*+:\s*+\[\s*+['\"]?+\*['\"]?+\s*+\]|^[^\S\n]*+exceptions\s*+:|"
    r"^[^\S\n]*+condition\s*+:\s*+\(?+\s*+never_true")


def _falco(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is not None:
        m = _FALCO_BLINDS.search(text)
        if m is not None:
            return ("block", "anti-forensics",
                    f"`{cmd.name}` writes `{m.group(0).strip()}` to {path}: it turns Falco's detections off or adds "
                    "exceptions to them, so what they watch for goes unreported; add rules, and leave tuning of "
                    "exceptions to a person")
    return ("review", "system-write", f"`{cmd.name}` writes the Falco rules {path}; root changes the machine: a person "
                                      "should look")


_AUDIT_LINE = re.compile(r"^-(?:w\s+\S+(?:\s+-p\s+[rwxa]+)?(?:\s+-k\s+\S+)?|"
                         r"a\s+(?:always,exit|exit,always|always,task|task,always|always,user|user,always)\b.*|"
                         r"[bfr]\s+\d+|e\s+[12]|i|c|-backlog_wait_time\s+\d+|-loginuid-immutable)\s*$")
_AUDIT_BLINDS = re.compile(r"^-(?:D|e\s+0|[aA]\s+\S*(?:never|exclude)\S*)\b")


def _audit_rules(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return ("review", "system-write", f"`{cmd.name}` installs the project's audit rules {path}; root changes the "
                                          "machine") if _project_copy(cmd, _word(cmd, path)) else None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    bad = next((ln for ln in lines if _AUDIT_BLINDS.match(ln)), None)
    if bad is not None:
        return ("block", "anti-forensics", f"`{cmd.name}` writes `{bad}` to {path}: it deletes the audit rules, turns "
                                           "auditing off or drops the events, so nothing is recorded; add watches "
                                           "(`-w PATH -p wa -k KEY`) instead")
    if not lines or any(not _AUDIT_LINE.match(ln) for ln in lines):
        return None
    return ("review", "system-write", f"`{cmd.name}` adds audit rules to {path} ({lines[0][:60]}); root changes the "
                                      "machine")


# -- a service's own protection turned off in its configuration --------------------------------------------------------
# `allow_anonymous true` with a listener on every interface (a broker anyone reaches without a password), a database's
# authorization disabled, anonymous FTP: written to the system's copy of the service's configuration by root. Lines
# naming what checks signatures or logins removed (`sed -i '/ArtifactVerifyKey/d' /etc/mender/mender.conf`) or
# commented out are the same change.
_AUTH_OFF = re.compile(
    r"(?im)^[^\S\n]*+(?:security\s*+:[^\S\n]*+\n\s*+)?authorization\s*+:\s*+['\"]?disabled|"
    r"^[^\S\n]*+xpack\.security\.enabled\s*+:\s*+false|^[^\S\n]*+anonymous_enable\s*+=\s*+YES|"
    r"^[^\S\n]*+PermitEmptyPasswords\s++yes|^[^\S\n]*+auth_enabled\s*+:\s*+false|"
    # (session 28) Kafka's authorizer letting through what no ACL names; OpenSearch's security plugin off
    r"^[^\S\n]*+allow\.everyone\.if\.no\.acl\.found\s*+=\s*+true|"
    r"^[^\S\n]*+(?:plugins|opendistro_security)\.security\.disabled\s*+:\s*+['\"]?true|"
    r"^[^\S\n]*+opendistro_security\.disabled\s*+:\s*+['\"]?true")
_ANONYMOUS = re.compile(r"(?im)^[^\S\n]*+allow_anonymous\s++true\b")
# the same settings as a sed edit writes them (appended with `a`, or the replacement of an `s` command)
_SED_ADDS_OFF = re.compile(r"(?i)allow\.everyone\.if\.no\.acl\.found\s*+=\s*+true|"
                           r"(?:plugins|opendistro_security)\.security\.disabled\s*+:\s*+['\"]?true|"
                           r"opendistro_security\.disabled\s*+:\s*+['\"]?true")
_LISTENER = re.compile(r"(?im)^[^\S\n]*+(?:listener\s++\d++(?:\s++(\S+))?|bind_address\s++(\S+))\s*$")
_CHECKS_SETTING = re.compile(r"(?i)verif|signature|sign(?:ing|ed)?_?key|gpg_?check|gpgkey|password_file|acl_file|"
                             r"require_certificate|requirepass|allow_anonymous|\bauth(?:entication|orization|_\w+)?\b|"
                             r"cafile|capath|trusted_?ca|tls_verify|ssl_verify")
_SED_SUBST = re.compile(r"^\s*(?:/[^/]*/\s*)?s(.)((?:(?!\1).)*)\1((?:(?!\1).)*)\1\w*\s*$")


def _protection_off(a, cmd: Cmd, path: str, text: str | None) -> str | None:
    """What turns a service's authentication or signature checks off in what `cmd` writes to `path`, else None."""
    if text is not None:
        m = _AUTH_OFF.search(text)
        if m is not None:
            return f"`{m.group(0).strip()}` lets anyone in without a password"
        from .backups import share_opened  # (session 29: a Samba guest share anyone writes, an export to `*`)

        if (opened := share_opened(path, text)) is not None:
            return opened
        if _ANONYMOUS.search(text):
            binds = [x or y for x, y in _LISTENER.findall(text)]
            if any(b not in ("localhost", "::1", "[::1]") and not b.startswith("127.") for b in binds):
                return "`allow_anonymous true` with a listener on every interface lets anyone reach the broker " \
                       "without a password"
    deleted = _deletes_lines(cmd)
    if deleted is not None and _CHECKS_SETTING.search(deleted):
        return f"`{cmd.name} -i '{deleted}'` removes the setting that checks signatures or logins"
    script = _sed_script(cmd)
    if script is not None and (m := _SED_ADDS_OFF.search(script)) is not None:
        # `sed -i '$a allow.everyone.if.no.acl.found=true'`, `s/…=false/…=true/`: the line the edit leaves
        return f"`{m.group(0).strip()}` lets anyone in without a password"
    if script is not None and deleted is None:
        for part in script.split(";"):
            m = _SED_SUBST.match(part)
            if m and _CHECKS_SETTING.search(m.group(2)) and (
                    not m.group(3).strip() or m.group(3).lstrip()[:1] in "#;" or _ANONYMOUS.search(m.group(3)) or
                    _AUTH_OFF.search(m.group(3))):
                return f"`{cmd.name}` comments out or turns off the setting that checks signatures or logins " \
                       f"(`{part.strip()}`)"
    return None


# -- an account with root's user id: /etc/passwd, of this machine or of an image being built ------------------------------
_UID0_LINE = re.compile(r"(?m)^[^\S\n]*+([^:#\s][^:\s]*+):[^:\n]*+:0:\d*+:")


def _uid0_account(text: str | None) -> str | None:
    if text is None:
        return None
    return next((m.group(1) for m in _UID0_LINE.finditer(text) if m.group(1) != "root"), None)


# -- a certificate authority a service trusts, fetched ------------------------------------------------------------------
# `curl -so /etc/mosquitto/ca_certificates/ca.crt http://…`: the broker (a database, a VPN) then accepts every client
# certificate that CA signs; whoever holds its key logs in. The system's trust store is _trust_update's.
_SERVICE_CA = re.compile(r"(?i)^/etc/.*(?:/ca[_-]?cert\w*/|/ca_certificates/|/trust\w*/|"
                         r"/(?:ca|cacert|ca[_-]bundle|root[_-]?ca|ca[_-]chain|client[_-]ca|trusted[_-]?ca\w*)"
                         r"\.(?:crt|pem|cer|der)$)")


def _fetched_into(a, cmd: Cmd, w: Word) -> str | None:
    """The address `cmd` downloads into the file `w` (`curl -o W URL`, `wget -O W URL`, `curl URL | tee W`)."""
    from .written import piped_into

    def url(d: Cmd) -> str:
        return next((x.value for x in d.args if (x.value or "").startswith(("http://", "https://", "ftp://"))),
                    "the network")

    if cmd.name in _FETCH_OUTPUT and any(
            x.value is not None and paths.normalize(x.value) == paths.normalize(w.value or "")
            for x in option_value(cmd.args, *_FETCH_OUTPUT[cmd.name], cluster=_FETCH_OUTPUT[cmd.name][0][1])):
        return url(cmd)
    if cmd.name == "tee":
        before = piped_into(a, cmd)
        if before is not None and before.name in _FETCH_OUTPUT:
            return url(before)
    return None


# -- the entry: files.judge_write hands each write of a system or start-up path here first -------------------------------
# -- Postfix's settings and its relay login, written as root (session 23) -------------------------------------------
# main.cf and master.cf written with known text: root's ordinary change, reviewed; what relays for anyone, copies mail
# out or runs a shell is blocked by mail_tables (server_config), which reads the same text. Text not known here keeps
# the block of the system's folder. /etc/postfix/sasl_passwd holds the login for the relay (`[smtp.sendgrid.net]:587
# apikey:$SENDGRID_API_KEY`): the password goes to the host its line names, so a secret named for a service
# (secret_owner) must be for that host; one for another host (`[smtp.mail-relay.io]:587 apikey:$SENDGRID_API_KEY`)
# hands it to that host and is blocked. The maps that route mail (virtual, transport, the bcc maps) keep the block.
_SASL_LINE = re.compile(r"^\s*\[?([A-Za-z0-9.-]+)\]?(?::\d+)?\s+(\S+)\s*$")


def _postfix_settings(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    if text is None:
        return None
    return "review", "system-write", f"`{cmd.name}` changes {path}, the mail server's settings; root changes the " \
                                     "machine: a person should look"


def _sasl_map(a, cmd: Cmd, path: str, text: str | None, append: bool) -> tuple[str, str, str] | None:
    from ..secret_owner import owner, secret_name

    if text is None:
        return None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SASL_LINE.match(line)
        if m is None or "$" in m.group(1):
            return None
        host = m.group(1).lower()
        for name in re.findall(r"\$\{?([A-Za-z_]\w*)\}?", m.group(2)):
            own = owner(name) if secret_name(name) else None
            if own is not None and not own.owns(host):
                return "block", "exfiltration", f"`{cmd.name}` writes ${name} into {path} as the login for {host}, " \
                                                f"which is not {own.described('$' + name)}: the mail server sends it " \
                                                "there with every message it relays; give a relay only its own login"
    return "review", "system-write", f"`{cmd.name}` writes {path}, the login the mail server uses for its relay; " \
                                     "root changes the machine: a person should look"


_CHECKERS = (
    (re.compile(r"^/etc/hosts$"), _hosts),
    (re.compile(r"^/etc/postfix/(?:main|master)\.cf$"), _postfix_settings),
    (re.compile(r"^/etc/postfix/sasl_passwd$"), _sasl_map),
    (re.compile(r"^/etc/fstab$"), _fstab),
    (re.compile(r"^/etc/logrotate\.d/[\w.@-]+$"), _logrotate),
    (re.compile(r"^/etc/sysctl\.d/[\w.@-]+\.conf$|^/etc/sysctl\.conf$"), _sysctl_file),
    (re.compile(r"^/etc/security/limits\.d/[\w.@-]+\.conf$|^/etc/security/limits\.conf$"), _limits),
    (re.compile(r"^/etc/systemd/system/[\w.@:-]+\.(?:service|timer|socket|path|target)$|"
                r"^/etc/systemd/system/[\w.@:-]+\.(?:service|timer|socket)\.d/[\w.@-]+\.conf$"), _unit),
    (re.compile(r"^/etc/wireguard/[\w.@-]+\.conf$"), _wireguard),
    (re.compile(r"^/etc/pihole/(?:setupVars\.conf|custom\.list|pihole\.toml|[\w.@-]+\.conf|hosts/[\w.@-]+)$|"
                r"^/etc/dnsmasq\.d/[\w.@-]+$|^/etc/dnsmasq\.conf$|^/etc/unbound/unbound\.conf(?:\.d/[\w.@-]+)?$"),
     _dns_server),
    # (session 32: the rtmp and stream modules' includes, `rtmp { include /etc/nginx/rtmp.d/*.conf; }`, are sites too)
    (re.compile(r"^/etc/(?:nginx/(?:sites-available|sites-enabled|conf\.d|snippets|(?:rtmp|streams?)(?:\.d|-available|"
                r"-enabled))|apache2/(?:sites-available|sites-enabled|"
                r"conf-available|conf-enabled)|httpd/conf\.d)/[\w.@-]+$"), _web),
    (re.compile(r"^~/\.ssh/config$|^~/\.ssh/config\.d/[\w.@-]+$"), _ssh_config),
    (re.compile(r"^/etc/wsl\.conf$"), _wsl_conf),
    (re.compile(r"^/(?:etc|usr/lib|run)/binfmt\.d/[\w.@-]+\.conf$|^/proc/sys/fs/binfmt_misc/register$"), _binfmt),
    (re.compile(r"^/proc/sys/[\w./-]+$"), _proc_sys),
    (re.compile(r"^/etc/udev/rules\.d/[\w.@-]+\.rules$"), _udev_rule),
    (re.compile(r"^/etc/default/[\w.@-]+$"), _etc_default),
    (re.compile(r"^/etc/apt/keyrings$|^/(?:usr/share|etc/apt)/keyrings/[\w.@-]+\.(?:gpg|asc)$|"
                r"^/etc/apt/trusted\.gpg\.d/[\w.@-]+\.(?:gpg|asc)$"), _apt_key),
    (re.compile(r"^/etc/apt/sources\.list$|^/etc/apt/sources\.list\.d/[\w.@-]+\.(?:list|sources)$"), _apt_source),
    (re.compile(r"^/etc/falco/[\w./@-]+\.ya?ml$"), _falco),
    (re.compile(r"^/etc/audit/(?:rules\.d/[\w.@-]+\.rules|audit\.rules)$"), _audit_rules),
)


# folders of the files judged above that a copy names instead of the file
_INTO_DIRS = frozenset({"/etc/udev/rules.d", "/etc/apt/sources.list.d", "/etc/apt/keyrings", "/usr/share/keyrings",
                        "/etc/apt/trusted.gpg.d", "/etc/sysctl.d", "/etc/logrotate.d", "/etc/systemd/system",
                        "/etc/nginx/sites-available", "/etc/nginx/sites-enabled", "/etc/nginx/conf.d",
                        "/etc/nginx/rtmp.d", "/etc/nginx/stream.d", "/etc/nginx/streams.d",
                        "/etc/apache2/sites-available", "/etc/apache2/sites-enabled", "/etc/httpd/conf.d"})


def _service_data(path: str) -> str | None:
    """The service whose data folder under /var/lib, /srv, /opt or /var/www holds `path` (not /etc, logs or caches)."""
    if not path.startswith(("/var/lib/", "/srv/", "/opt/", "/var/www/")):
        return None
    return app_folder(path, inside=True)


def root_change(a, cmd: Cmd) -> bool:
    """Is `cmd` a change of the machine a person approves as root's: run through sudo or doas, or in a shell string
    an outer command runs (`sudo sh -c '…'`)? A text judged on its own for another caller (what a container runs on
    its mounts of this machine's /etc) is not: there the system's files keep their block."""
    return any(n in PRIVILEGE for n, _ in cmd.wrappers) or a.doc.anchor is not None


def config_path(path: str) -> bool:
    """Is `path` (normalised) one of the configurations judged by content above?"""
    return any(rx.match(path) for rx, _ in _CHECKERS)


def judge_write(a, cmd: Cmd, w: Word, value: str, kinds: frozenset, how: str) -> bool:
    """Judge `cmd` writing the file `value` (of path kinds `kinds`) when it is one of the files above, a service's
    folder or a file of a disk mounted here; True when judged here (files.judge_write then adds nothing)."""
    inner = value[1:]
    from .directory import config_write  # (session 29) sssd, Shibboleth, Tomcat's users and JSP pages

    if config_write(a, cmd, w, value):
        return True
    from .geo import config_write as geo_write  # (session 30) MapServer's map-file guards, PostgreSQL's tuning

    if ("mapserver" in value or "postgresql.conf" in value) and geo_write(a, cmd, w, value):
        return True
    from .telecom import config_write as telecom_write  # (session 30) dialplans, PBX and SMS gateway settings

    if telecom_write(a, cmd, w, value):
        return True
    from .erp import config_write as erp_write  # (session 30) Odoo's master password, the loader's search path

    if erp_write(a, cmd, w, value):
        return True
    from .routers import config_write as routers_write  # (session 28) FreeRADIUS, tac_plus, strongSwan

    if routers_write(a, cmd, w, value):
        return True
    from .hpc import config_write as hpc_write  # (session 31) Slurm's, OnDemand's, JupyterHub's login; munge's key

    if hpc_write(a, cmd, w, value):
        return True
    from .secops import config_write as secops_write  # (session 29) security agents' settings, a unit's /dev/tcp

    if secops_write(a, cmd, w, value):
        return True
    if "env" in value and _telemetry_to_address(a, cmd, w, paths.normalize(value)):
        return True
    if value.endswith(".forward") and _mail_forward(a, cmd, w, paths.normalize(value)):
        return True
    if not kinds and "/etc/" not in inner and "/root/" not in inner and "/home/" not in inner:
        return False  # most writes: a project file
    path = paths.normalize(value)
    if _mounted_disk(a, w, path, how):
        return True
    if path.endswith("/etc/passwd") and path.startswith("/"):
        who = _uid0_account(written_text(a, cmd, w))
        if who is not None:
            a.block("persistence", f"`{cmd.name}` adds the account {who} with user id 0 to {path}: a second root login "
                                   "(in this machine or in every device the image is flashed to); add service accounts "
                                   "with their own id (`useradd --system`, the build system's user tables)", w.node)
            return True
    if path.startswith("/etc/") and (root_change(a, cmd) or not kinds):
        src = _fetched_into(a, cmd, w) if _SERVICE_CA.match(path) else None
        if src is not None:
            a.block("system-write", f"`{cmd.name}` replaces the certificate authority {path} with one fetched from "
                                    f"{src}: the service then accepts every client that CA signs, whoever holds its "
                                    "key; put the certificate in the project, check its fingerprint with the team, and "
                                    "let a person install it", w.node)
            return True
        off = _protection_off(a, cmd, path, written_text(a, cmd, w))
        if off is not None:
            a.block("permission-tamper", f"{off}: written to {path}, the service's own configuration; keep its "
                                         "authentication and signature checks on", w.node)
            return True
    if kinds == {paths.SYSTEM} and path[:1] == "/" and not root_change(a, cmd) and _service_data(path):
        # a job of the user's writing into a service's data folder it was given (a textfile collector's metrics,
        # an app's upload folder): outside the project, not the system's own files
        a.review("system-write", f"`{cmd.name}` writes {path}, in the folder of the service {_service_data(path)} "
                                 "outside the project: a person should look", w.node)
        return True
    if not kinds or path[:1] == "/" and not root_change(a, cmd):
        return False
    if cmd.name in ("cp", "install", "mv", "ln") and (path in _INTO_DIRS or (w.value or "").endswith("/")):
        from .files import copy_sources

        sources = copy_sources(cmd, w)
        if len(sources) == 1 and sources[0].value:  # `cp contrib/60-openocd.rules /etc/udev/rules.d/`
            path = path.rstrip("/") + "/" + sources[0].value.rstrip("/").rsplit("/", 1)[-1]
    for rx, check in _CHECKERS:
        if rx.match(path):
            found = check(a, cmd, path, written_text(a, cmd, w), appends(a, cmd, w))
            if found is None:
                return False
            verdict, rule, message = found
            if verdict == "block":
                a.block(rule, message, w.node)
            elif verdict == "review":
                a.review(rule, message, w.node)
            return True
    made = cmd.name == "install" and has_flag(cmd.args, "d", ("--directory",))
    name = app_folder(path, inside=not made, made=made)
    if name is not None:
        what = "makes the folder" if made else "writes"
        a.review("system-write", f"`{cmd.name}` {what} {path} for the service {name}; root changes the machine: a "
                                 "person should look", w.node)
        return True
    return False


def perm_change(a, cmd: Cmd, w: Word, mode: str, tightens: bool) -> bool:
    """`chown app:app /var/lib/app`, `chmod 0750 /var/log/app`, `chmod 600 /etc/wireguard/wg0.conf`: a service's
    folder handed to it, or a configuration above made private, held for review; True when judged here."""
    p = paths.normalize(w.value or "")
    if not root_change(a, cmd):
        return False
    from .hpc import perm_change as hpc_perm  # (session 31) the cluster's keys opened, its services' folders

    if hpc_perm(a, cmd, w, mode):
        return True
    if app_folder(p) is not None or tightens and config_path(p):
        a.review("permission-tamper", f"`{cmd.name} {mode}` on {p} (a service's folder or configuration); root "
                                      "changes the machine: a person should look", w.node)
        return True
    return False


# -- a disk mounted from its device, its files edited from outside ----------------------------------------------------
_MOUNT_ARG = frozenset({"-t", "--types", "-o", "--options", "-L", "--label", "-U", "--uuid", "-O",
                        "--test-opts", "-N", "--namespace"})


def _mounted_disk(a, w: Word, path: str, how: str) -> bool:
    """`mount /dev/sda1 /mnt/host` earlier, then `sed -i … /mnt/host/etc/shadow`: the machine's own system (or
    another's) edited from outside, where none of its own checks apply."""
    if not path.startswith("/"):
        return False
    for _, c in a.ctx.commands:
        if c.name != "mount":
            continue
        pos = positionals(c.args, _MOUNT_ARG)
        if len(pos) != 2 or pos[0].value is None or pos[1].value is None:
            continue
        dev, at = pos[0].value, paths.normalize(pos[1].value).rstrip("/")
        if not (paths.DEVICE in paths.kinds(dev) or _BY_ID.match(dev)) or not path.startswith(at + "/"):
            continue
        inner = path[len(at):]
        k = paths.kinds(inner)
        if k & {paths.PERSISTENCE, paths.SECRET}:
            rule = "persistence" if paths.PERSISTENCE in k else "secret-read"
            a.block(rule, f"{how} {path}: that is {inner} of the disk {dev} mounted at {at}, a system's own account, "
                          "start-up or credential file changed from outside it; agents must not change it", w.node)
            return True
    return False


# -- the resolver pointed at one server for every name -----------------------------------------------------------------
def _resolvectl(a, cmd: Cmd) -> None:
    """`resolvectl dns eth0 203.0.113.53` with `resolvectl domain eth0 '~.'`: every name the machine looks up is
    answered by that server, which can give any name its own address. Each half alone is the usual review."""
    pos = [w.value for w in positionals(cmd.args)]
    if len(pos) < 3 or pos[0] not in ("dns", "domain") or None in pos[:2]:
        return
    iface = pos[1]
    mine = _resolver_setting(pos)
    if mine is None:
        return
    for _, c in reversed(a.ctx.commands):
        if c.name != "resolvectl":
            continue
        other = _resolver_setting([w.value for w in positionals(c.args)])
        if other is None or other[0] == mine[0] or other[1] != iface:
            continue
        servers = mine[2] if mine[0] == "dns" else other[2]
        routes = (other if mine[0] == "dns" else mine)[2]
        far = [s for s in servers if not near_address(_server_address(s))]
        if "~." in routes and far:
            a.block("system-disruption", f"`resolvectl` sends every name the machine looks up (domain `~.` on {iface}) "
                                         f"to {far[0]}, a server outside your network: it can answer any name with "
                                         "an address of its choosing; set a DNS server for the team's own domain "
                                         "only (`resolvectl domain IFACE ~corp.example`)", cmd.node)
        return


def _server_address(server: str) -> str:
    """`203.0.113.53:53#dns.example` -> `203.0.113.53`; `[2001:db8::1]:53` -> `2001:db8::1`."""
    s = server.split("#", 1)[0]
    if s.startswith("["):
        return s[1:].split("]", 1)[0]
    return s.rsplit(":", 1)[0] if s.count(":") == 1 else s


def _resolver_setting(pos: list[str | None]) -> tuple[str, str, list[str]] | None:
    if len(pos) < 3 or pos[0] not in ("dns", "domain") or pos[1] is None:
        return None
    return pos[0], pos[1], [p or "$" for p in pos[2:]]


# -- remote forwards whose port is computed -------------------------------------------------------------------------
_ARITH = re.compile(r"^\$\(\((.*)\)\)$", re.S)
_VAR = re.compile(r"\$(?:\{(\w+)\}|(\w+))")
_ARITH_OK = re.compile(r"^[\d\s+\-*/%()]+$")
_ARITH_NAME = re.compile(r"\$?\{?([A-Za-z_]\w*)\}?")


def _number(a, name: str, at) -> str | None:
    """The value of `name` when it is a number, or arithmetic of numbers and such variables (`p=$((2000+22))`)."""
    from .files import _assigned_text

    known = a.ev.vars.get(name)
    if known is not None:
        return known if known.isdigit() else None
    text = _assigned_text(a, name, at)
    m = _ARITH.match(text or "")
    if m is None:
        return text if text and text.isdigit() else None
    expr = _ARITH_NAME.sub(lambda v: a.ev.vars.get(v.group(1)) or "x", m.group(1))  # (`$x` or bare `x` there)
    if not _ARITH_OK.match(expr):
        return None
    try:
        value = _evaluate(ast.parse(expr.strip(), mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
        return None
    return str(value) if 0 <= value < 1 << 20 else None


def _evaluate(node) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Div, ast.Mod)):
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right if abs(left * right) < 1 << 40 else 1 << 40
        return left % right if isinstance(node.op, ast.Mod) else left // right
    raise ValueError("not integer arithmetic")


def _ssh_computed_forward(a, cmd: Cmd) -> None:
    """`p=$((2000+22)); ssh -R $p:127.0.0.1:22 relay@h`: a remote forward written with a variable the shell fills in
    (arithmetic included) is judged as net.py judges the literal one; a computed listening port (whatever it turns
    out to be) does not change what it leads to."""
    from .net import judge_forward

    for w in option_value(cmd.args, "-R", cluster="R"):
        if w.value is not None or "$" not in w.text:
            continue
        text = w.text.strip("\"'")
        fields = text.split(":")
        spec = ":".join(_VAR.sub(lambda m: _number(a, m.group(1) or m.group(2), w.node) or "\0", f) for f in fields)
        parts = spec.split(":")
        shown = None
        if len(parts) >= 3 and "\0" in parts[-3] and "\0" not in ":".join(parts[-2:]):
            parts[-3] = "1"  # a listening port known only at run time: any port leads to the same place
            shown = ":".join(parts[:-3] + ["PORT"] + parts[-2:])
        spec = ":".join(parts)
        if "\0" in spec:
            continue
        if judge_forward(a, f"`{cmd.name} -R {text}` (that is `-R {shown or spec}`)", spec, w.node):
            return


# -- deletes with no undo: a VM's disks, a PostgreSQL cluster -----------------------------------------------------------
_VIRSH_ARG = frozenset({"-c", "--connect", "-d", "--debug", "-l", "--log", "-e", "--escape", "-k", "--keepalive-interval",
                        "-K", "--keepalive-count"})
_VIRSH_STORAGE = frozenset({"--remove-all-storage", "--storage", "--wipe-storage", "--delete-storage-volume-snapshots"})
_VIRSH_DELETES = {"vol-delete": "deletes the storage volume (a VM's disk) with the data on it",
                  "vol-wipe": "overwrites the storage volume (a VM's disk) with zeros",
                  "pool-delete": "deletes the storage pool's directory and the volumes in it",
                  "snapshot-delete": "deletes the VM's snapshot, and with it the state it kept"}
_REMOTE_URI = re.compile(r"^\w+(?:\+\w+)?://([^/]+)/")


def _virsh(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _VIRSH_ARG)
    verb = pos[0].value if pos else None
    if verb is None:
        return
    vals = {w.value for w in cmd.args}
    if verb in _VIRSH_DELETES:
        what = _VIRSH_DELETES[verb]
    elif verb == "undefine" and vals & _VIRSH_STORAGE:
        what = "deletes the VM and its disks with the data on them"
    else:
        return
    uris = [w.value for w in option_value(cmd.args, "-c", "--connect")] + \
        [w.value for n, w in cmd.assigns if n in ("LIBVIRT_DEFAULT_URI", "VIRSH_DEFAULT_CONNECT_URI")]
    m = _REMOTE_URI.match(next((u for u in uris if u), "") or "")
    host = m.group(1).rsplit("@", 1)[-1] if m and m.group(1) else None
    where = f" on {host}" if host and not loopback(host.split(":", 1)[0]) else ""
    a.review("irreversible", f"`virsh {verb}` {what}{where}, with no undo; back the disks up first (`virsh "
                             "vol-download`, a snapshot) and let the user run it", cmd.node)


def _pg_dropcluster(a, cmd: Cmd) -> None:
    if any(w.value in ("--help", "-h") for w in cmd.args):
        return
    pos = [w.value or w.text for w in positionals(cmd.args)]
    named = " ".join(pos[:2]) or "the cluster"
    a.review("irreversible", f"`pg_dropcluster {named}` deletes the PostgreSQL cluster's data directory, every database "
                             "in it, with no undo; dump it first (`pg_dumpall`) and let the user run it", cmd.node)


# `vagrant destroy` deletes the VM with its disk (what was installed and kept in it; the Vagrantfile only makes a new
# one), `vagrant snapshot delete` a saved state: both are held as `virsh undefine --remove-all-storage` is. halt,
# suspend, status, up, ssh and the rest keep the VM or make it again.
_VAGRANT_ARG = frozenset({"--provider", "--chdir"})


def _vagrant(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, _VAGRANT_ARG)]
    if any(w.value in ("-h", "--help") for w in cmd.args) or not pos:
        return
    if pos[0] == "destroy":
        named = " ".join(p or "…" for p in pos[1:3]) or "the machine"
        a.review("irreversible", f"`vagrant destroy` deletes {named} and its disk, with what was installed and kept in "
                                 "it, with no undo; take a snapshot or copy the data out first, halt it instead "
                                 "(`vagrant halt`), or let the user run it", cmd.node)
    elif pos[:2] == ["snapshot", "delete"]:
        a.review("irreversible", "`vagrant snapshot delete` deletes the VM's saved state, with no undo; let the user "
                                 "run it", cmd.node)


# -- a root certificate authority trusted for every program -------------------------------------------------------------
# `sudo curl http://host/corp-root.crt -o /usr/local/share/ca-certificates/corp-root.crt && sudo update-ca-certificates`:
# whoever holds that CA's key can then read and change every TLS connection the machine makes. A certificate copied
# from the project is the usual review (root changes the machine); one fetched in this input is blocked.
_ANCHORS = ("/usr/local/share/ca-certificates/", "/usr/share/ca-certificates/", "/etc/pki/ca-trust/source/anchors/",
            "/etc/ca-certificates/trust-source/anchors/", "/etc/ssl/certs/", "/usr/share/pki/trust/anchors/",
            "/etc/pki/trust/anchors/")
_FETCH_OUTPUT = {"curl": ("-o", "--output"), "wget": ("-O", "--output-document")}


def _anchor(value: str | None) -> bool:
    return value is not None and (paths.normalize(value).rstrip("/") + "/").startswith(_ANCHORS)


def _fetched_anchor(a, c: Cmd) -> str | None:
    """The address `c` downloads into the trust store: `curl -o ANCHOR URL`, `curl URL | sudo tee ANCHOR`, or a copy
    of a file this input downloaded."""
    from .toolchains import planted
    from .written import piped_into

    def url(d: Cmd) -> str:
        return next((w.value for w in d.args if (w.value or "").startswith(("http://", "https://", "ftp://"))),
                    "the network")

    if c.name in _FETCH_OUTPUT and any(_anchor(w.value) for w in option_value(c.args, *_FETCH_OUTPUT[c.name])):
        return url(c)
    if c.name == "tee" and any(_anchor(w.value) for w in positionals(c.args)):
        before = piped_into(a, c)
        if before is not None and before.name in _FETCH_OUTPUT:
            return url(before)
    if c.name in ("cp", "mv", "install") and a.downloaded:
        pos = [w.value for w in positionals(c.args, frozenset({"-m", "--mode", "-o", "--owner", "-g", "--group",
                                                               "-t", "--target-directory"}))]
        if len(pos) >= 2 and _anchor(pos[-1]) and any(v and planted(a, v, v) == "downloaded earlier in this input"
                                                      for v in pos[:-1]):
            return "a file downloaded earlier in this input"
    return None


def _trust_update(a, cmd: Cmd) -> None:
    if cmd.name == "trust" and not any(v == "anchor" for v in cmd.values()):
        return
    for _, c in a.ctx.commands:
        src = _fetched_anchor(a, c)
        if src is not None:
            a.block("system-write", f"`{cmd.name}` makes every program on the machine trust a root certificate fetched "
                                    f"from {src}: whoever holds its key can read and change every TLS connection; "
                                    "put the certificate in the project, check its fingerprint with the team, and "
                                    "let a person install it", cmd.node)
            return


# -- a board's flash erased or the chip locked for good -----------------------------------------------------------------
# Flashing the project's firmware (`esptool.py write_flash`, `openocd -c "program x.elf verify reset"`, `probe-rs
# download`, `STM32_Programmer_CLI -w`) replaces the image the build makes again. Erasing the whole flash or a region
# loses what only the board holds (its calibration, stored keys, bonding data, settings), and burning eFuses or setting
# read-out protection level 2 changes the chip for ever: each is held for a person.
_OPENOCD_ERASE = re.compile(r"(?i)\b(?:\w+\s+mass_erase|flash\s+erase_(?:sector|address)|\w+\s+(?:lock|"
                            r"options?_write|otp)\b|flash\s+protect\s+\d+\s+\d+\s+\S+\s+on)")
_ESPTOOL_ERASE = frozenset({"erase_flash", "erase-flash", "erase_region", "erase-region"})
_ESPEFUSE_READS = frozenset({"summary", "dump", "get_custom_mac", "get-custom-mac", "adc_info", "adc-info",
                             "check_error", "check-error", "execute_scripts"})
_ESP_VALUE = frozenset({"--chip", "-c", "--port", "-p", "--baud", "-b", "--before", "--after", "--connect-attempts",
                        "--trace", "--override-vddsdio", "--extend-efuse-table", "--virt", "--path-efuse-file"})
_STM32_ERASE = re.compile(r"(?i)^(?:-e|--erase)$")
_STM32_LOCK = re.compile(r"(?i)\b(?:RDP|WRP\w*|PCROP\w*|SECWM\w*|HDP\w*|BOOT_LOCK|TZEN|OTP)\s*=")
_NRFJPROG_ERASE = frozenset({"--eraseall", "-e", "--recover", "--rbp", "--eraseuicr", "--erasepage"})


def _board(a, cmd: Cmd) -> None:
    name, vals = cmd.name.removesuffix(".py").removesuffix(".exe"), cmd.values()
    what = None
    if name == "openocd":
        script = "\n".join(w.value or w.text for w in option_value(cmd.args, "-c", "--command"))
        m = _OPENOCD_ERASE.search(script)
        what = f"`{m.group(0)}` erases the board's flash or locks the chip" if m else None
    elif name == "esptool":
        verb = next((w.value for w in positionals(cmd.args, _ESP_VALUE)), None)
        if verb in _ESPTOOL_ERASE:
            what = f"`esptool {verb}` erases the board's flash (its stored settings, keys and calibration)"
    elif name == "espefuse":
        verb = next((w.value for w in positionals(cmd.args, _ESP_VALUE)), None)
        if verb is not None and verb not in _ESPEFUSE_READS and not verb.startswith(("-", "get")):
            what = f"`espefuse {verb}` burns one-time eFuses: the chip is changed for good (a key, a protection bit)"
    elif name == "STM32_Programmer_CLI":
        ob = [v for v in vals if v and _STM32_LOCK.search(v)]
        if ob:
            what = f"`{ob[0]}` sets the chip's option bytes: read-out protection (level 2 is for good) or a lock"
        elif any(v and _STM32_ERASE.match(v) for v in vals):
            what = "`-e` erases the board's flash"
    elif name == "st-flash":
        what = "`st-flash erase` erases the board's flash" if "erase" in vals else None
    elif name == "nrfjprog":
        opt = next((v for v in vals if v in _NRFJPROG_ERASE), None)
        what = f"`nrfjprog {opt}` erases the chip or locks its debug access" if opt else None
    elif name in ("pyocd", "probe-rs", "picotool"):
        if "erase" in vals[:2] or name == "pyocd" and "--chip-erase" in vals:
            what = f"`{name} erase` erases the board's flash"
    if what is not None:
        a.review("irreversible", f"{what}; there is no undo. Flash the project's image "
                                 "(write_flash, `program`, `download`) without erasing, or let the user run it",
                 cmd.node)


# -- a phone handed over: adb -------------------------------------------------------------------------------------------
# Installing the app being built (`adb install -r app/build/outputs/apk/debug/app-debug.apk`), granting it a permission
# or turning animations off for tests is daily work. What hands the phone to someone else is judged here:
# - an APK this input downloaded, installed (`download-exec`, as running the download: a code host's release asset is
#   reviewed, one checked against a literal checksum allowed); `-g` grants it every runtime permission besides;
# - Play Protect's package verification turned off (`settings put global package_verifier_enable 0`, adb installs left
#   unverified, apps from unknown sources allowed): every later install goes unchecked (`permission-tamper`, block);
# - an app installed from outside the project (a download, ~/Downloads, /tmp) made device owner or device admin, or
#   its accessibility service enabled: that app then reads the screen, types, and manages the phone (`persistence`,
#   block). Making the project's own app device owner (a kiosk app under development) is reviewed: only a factory
#   reset undoes it.
_VERIFIER_OFF = {"package_verifier_enable": "0", "verifier_verify_adb_installs": "0", "package_verifier_user_consent":
                 "-1", "install_non_market_apps": "1", "package_verifier_state": "0"}
_ADMIN_GRANTS = ("set-device-owner", "set-profile-owner", "set-active-admin")
_ADB_SCREEN = re.compile(r"dpm|accessibility|verifier|non_market")


def _device_words(cmd: Cmd) -> list[str | None] | None:
    """The words of `adb [options] shell …` as the phone's shell reads them (a quoted command split at blanks)."""
    from .appbuilds import _adb_parts

    words, _, _ = _adb_parts(cmd)
    if not words or words[0].value != "shell":
        return None
    out: list[str | None] = []
    for w in words[1:]:
        out += w.value.split() if w.value is not None else [None]
    return out


def _installed_apk(cmd: Cmd) -> Word | None:
    from .appbuilds import _adb_parts

    words, _, _ = _adb_parts(cmd)
    if not words or words[0].value not in ("install", "install-multiple"):
        return None
    files = [w for w in words[1:] if w.value is None or not w.value.startswith("-")]
    return files[-1] if files else None


def _outside_apk(a, w: Word) -> str | None:
    """Why the APK `w` is not the project's build: downloaded in this input, or a file outside the working tree."""
    from .toolchains import planted

    v = w.value
    if v is None:
        return "downloaded earlier in this input" if planted(a, v, w.text) else None
    if a.downloaded and a.downloaded.get(paths.normalize(a.in_cwd(v) or v)) == "download":
        return "downloaded earlier in this input"
    return None if paths.relative(v) is not None else f"taken from {v} rather than the project's build"


def _adb_device(a, cmd: Cmd) -> None:
    from .exec import _unchecked_run

    apk = _installed_apk(cmd)
    if apk is not None:
        key = paths.normalize(a.in_cwd(apk.value) or apk.value) if apk.value else None
        if a.downloaded and key and a.downloaded.get(key) == "download" and a.downloaded.vouched.get(key) != "checksum":
            granted = " with every runtime permission granted (`-g`)" if "-g" in cmd.values() else ""
            _unchecked_run(a, a.downloaded.vouched.get(key), apk.node,
                           f"`adb install` puts {apk.value}, downloaded earlier in this input, on the phone{granted}")
        return
    words = _device_words(cmd)
    if not words:
        return
    if words[:3] in (["settings", "put", "global"], ["settings", "put", "secure"]) and len(words) > 4:
        key, value = words[3], words[4]
        if key in _VERIFIER_OFF and value == _VERIFIER_OFF[key]:
            a.block("permission-tamper", f"`adb shell settings put {words[2]} {key} {value}` turns off Play Protect's "
                                         "checks of the apps installed on the phone: anything installed later goes "
                                         "unverified; leave the device's protections on", cmd.node)
            return
    grant = words[2] if words[:1] == ["dpm"] and len(words) > 2 and words[1] in _ADMIN_GRANTS else \
        words[4] if words[:4] == ["settings", "put", "secure", "enabled_accessibility_services"] and len(words) > 4 \
        else None
    if grant is None and words[:1] != ["dpm"]:
        return
    what = "device owner" if words[:2] == ["dpm", "set-device-owner"] else "profile owner" if words[1:2] == [
        "set-profile-owner"] else "a device administrator" if words[:1] == ["dpm"] else "an accessibility service"
    outside = next((why for _, c in a.ctx.commands if c.name == "adb" and c is not cmd
                    for w in [_installed_apk(c)] if w is not None for why in [_outside_apk(a, w)] if why), None)
    if grant is not None and outside is not None:
        a.block("persistence", f"`adb shell {' '.join(x or '…' for x in words[:3])}` makes {grant} {what} on the "
                               f"phone, after installing an app {outside}: that app then reads the screen, types and "
                               "manages the phone for whoever wrote it; install and enable only the project's own build",
                cmd.node)
    elif words[:2] == ["dpm", "set-device-owner"]:
        a.review("persistence", f"`adb shell dpm set-device-owner` makes {grant or 'an app'} device owner of the phone: "
                                "it manages the device from then on, and only a factory reset takes that back; a "
                                "person should confirm", cmd.node)


# -- Alertmanager silences: on-call blinded ------------------------------------------------------------------------------
# `amtool silence add 'alertname=~".+"' --duration=87600h`: every alert matched, for ten years: nothing pages anyone
# again. A silence of every alert for a maintenance window (a day at most), or a narrow one for over a month, is
# reviewed; a narrow, short silence (`alertname=DiskFull instance=db-1 -d 2h`) is ordinary on-call work.
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|y|w|d|h|m|s)")
_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
_MATCHER = re.compile(r"^\{?\s*(\w+)\s*(=~|!~|!=|=)\s*[\"']?(.*?)[\"']?\s*\}?$")
_AMTOOL_VALUE = frozenset({"-d", "--duration", "-c", "--comment", "-a", "--author", "--start", "--end",
                           "--alertmanager.url", "-o", "--output", "--config.file", "--timeout", "--http.config.file",
                           "-i", "--require-comment"})


def _seconds(text: str) -> float | None:
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * _SECONDS[u] for n, u in parts)


def _matches_all(matcher: str) -> bool:
    m = _MATCHER.match(matcher)
    if m is None:
        return False
    op, value = m.group(2), m.group(3)
    return op == "=~" and value in (".*", ".+", ".+?", ".*?", "(.*)", "(.+)") or op == "!=" and value == "" or \
        op == "!~" and value in ("^$", "")


def _amtool(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _AMTOOL_VALUE)
    vals = [w.value for w in pos]
    if vals[:2] != ["silence", "add"]:
        return
    matchers = [v for v in vals[2:] if v is not None]
    everything = not matchers or all(_matches_all(m) for m in matchers)
    spans = [w.value.split("=", 1)[1] if "=" in (w.value or "") else (w.value or "")
             for w in option_value(cmd.args, "-d", "--duration")]
    lasts = _seconds(spans[-1]) if spans else 3600.0
    long = lasts is None or lasts > 86400
    if everything and long:
        a.block("anti-forensics", f"`amtool silence add` silences every alert{'' if lasts is None else f' for {spans[-1]}'}: "
                                  "nothing pages anyone while it lasts; silence the alerts that are noisy, by name and "
                                  "instance, for the hours needed", cmd.node)
    elif everything or lasts is None or lasts > 30 * 86400:
        a.review("anti-forensics", "`amtool silence add` silences every alert or silences alerts for over a month: "
                                   "on-call may miss what happens meanwhile; a person should look", cmd.node)


# -- a service's password file: mosquitto_passwd, htpasswd ------------------------------------------------------------
# `mosquitto_passwd -b docker/mosquitto/config/passwd devsensor "$(openssl rand -hex 12)"`: an account for the
# project's dev broker, in the project. Their first operand is a file, not a command (`…/passwd` is no `passwd`). The
# password file of a service on this machine (/etc/…) changes who may log in to it: reviewed, as root's change.
_PASSWD_TOOL_ARG = frozenset({"-H", "-I", "-r"})


def _password_file(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _PASSWD_TOOL_ARG)
    if not pos or pos[0].value is None:
        return
    target = paths.normalize(pos[0].value)
    if target.startswith(("/", "~")) and paths.relative(pos[0].value) is None and not target.startswith("/tmp/"):
        a.review("system-write", f"`{cmd.name}` changes the accounts in {target}, who may log in to a service of this "
                                 "machine; a person should look", pos[0].node)


HANDLERS: dict = {
    "amtool": [_amtool], "postconf": [_postconf], "adb": [_adb_device],
    **{n: [_board] for n in ("openocd", "esptool", "esptool.py", "espefuse", "espefuse.py", "STM32_Programmer_CLI",
                             "STM32_Programmer_CLI.exe", "st-flash", "nrfjprog", "pyocd", "probe-rs", "picotool")},
    "update-ca-certificates": [_trust_update], "update-ca-trust": [_trust_update], "trust": [_trust_update],
    "vagrant": [_vagrant],
    "resolvectl": [_resolvectl],
    "ssh": [_ssh_computed_forward], "autossh": [_ssh_computed_forward],
    "virsh": [_virsh],
    "pg_dropcluster": [_pg_dropcluster],
    "mosquitto_passwd": [_password_file], "htpasswd": [_password_file],
}
SCREENS: dict = {**dict.fromkeys(("echo", "printf", "tee"), mentions(".forward")), "postconf": mentions("bcc"),
                 "adb": lambda text: bool(_ADB_SCREEN.search(text)) or "install" in text and any(
                     s in text for s in ("://", "Downloads", "/tmp/", "$")),
                 "vagrant": mentions("destroy", "snapshot"), "openocd": mentions("erase", "lock", "option", "otp",
                                                                                   "protect"),
                 **dict.fromkeys(("esptool", "esptool.py"), mentions("erase")),
                 **dict.fromkeys(("st-flash", "pyocd", "probe-rs", "picotool"), mentions("erase"))}


# -- root's read-only queries of a mail, name or forge server (session 23) --------------------------------------------
# `sudo postfix check`, `sudo named-checkzone example.com db.example.com`, `sudo rndc zonestatus example.com`, `sudo
# gitlab-rake gitlab:check`: root asks a server whether its configuration is sound, what its queue, zone or mailbox
# holds, or how its runners stand; nothing on the machine changes. Each tool is taken with its verbs and options that
# only read; a verb that changes state (`postqueue -f` delivers the queue, `rndc reload`, `pdnsutil rectify-zone` and
# `increase-serial`, `postmap` without `-q` rebuilds a map, `gitlab-runner verify --delete`), or one that prints a
# secret (`pdnsutil export-zone-key`, `list-tsig-keys`, `doveadm auth`, `rspamadm configdump`, `named-checkconf -p`)
# or a user's mail (`doveadm fetch`), keeps the usual review. They are registered with the shell's other root readers
# (system.inspection, by bash/history.py once both are loaded). Each reader: (all words, the words not starting with `-`) -> only reads.
def _split(vals: list[str], takes: frozenset) -> tuple[list[str], list[str]] | None:
    """(options, operands) of `vals`, the value of an option in `takes` dropped; None for `--` or a value missing."""
    opts: list[str] = []
    pos: list[str] = []
    i = 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v == "--":
            return None
        if v[:1] == "-" and len(v) > 1:
            opts.append(v)
            if v in takes:
                if i >= len(vals):
                    return None
                i += 1
        else:
            pos.append(v)
    return opts, pos


def _reader(takes: tuple = (), flags: tuple = (), verbs=None, need: tuple = (), operands: int = 99):
    """A reader that allows the options `takes` (with a value) and `flags` (without; `-vvv` repeats `-v`), the first
    operand among `verbs` when given, at least one of `need`, at most `operands` operands after the verb."""
    takes_set, flag_set = frozenset(takes), frozenset(flags)

    def reads(vals: list[str], pos: list[str]) -> bool:
        split = _split(vals, takes_set)
        if split is None:
            return False
        opts, ops = split
        for o in opts:
            if o not in takes_set and o not in flag_set and not (len(o) > 2 and o[1] != "-" and
                                                                 set(o[1:]) <= {"v"} and "-v" in flag_set):
                return False
        if need and not any(o in need for o in opts):
            return False
        if verbs is not None:
            if not ops or ops[0] not in verbs:
                return False
            ops = ops[1:]
        return len(ops) <= operands

    return reads


_POSTFIX_VERBS = frozenset({"check", "status"})
_QUEUE_ID = re.compile(r"^[0-9A-Za-z]{5,}$")


def _postcat(vals: list[str], pos: list[str]) -> bool:
    """`postcat -q ID`, `postcat -bhq ID`: queued messages shown by their ids; without -q its operands must be queue
    files. (-c takes the configuration folder; every other letter only chooses what is printed.)"""
    queue, operands, i = False, [], 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v[:1] != "-" or v == "-":
            operands.append(v)
        elif v == "-c":
            i += 1
        elif set(v[1:]) <= set("bdehoqrsv"):
            queue = queue or "q" in v
        else:
            return False
    if queue:
        return bool(operands) and all(_QUEUE_ID.match(o) for o in operands)
    return bool(operands) and all(paths.normalize(p).startswith("/var/spool/postfix/") and ".." not in p
                                  for p in operands)


# postmap/postalias: `-q KEY` looks one key up, `-s` lists the map; without either the map is rebuilt (and `-d`
# deletes, `-i` adds from standard input)
_MAP_READ = _reader(takes=("-q", "-c"), flags=("-s", "-N", "-n", "-f", "-v", "-b", "-h", "-F", "-m"),
                    need=("-q", "-s"))


_RNDC_ARG = frozenset({"-b", "-c", "-k", "-p", "-s", "-y"})


def _rndc(vals: list[str], pos: list[str]) -> bool:
    i = 0
    while i < len(vals) and vals[i][:1] == "-":  # rndc's own options come before the verb
        if vals[i] not in _RNDC_ARG and vals[i] not in ("-q", "-r", "-V"):
            return False
        i += 2 if vals[i] in _RNDC_ARG else 1
    if i >= len(vals):
        return False
    verb, sub = vals[i], vals[i + 1:i + 2]
    if verb in ("status", "zonestatus", "showzone", "tsig-list"):
        return True
    return (verb, *sub) in {("signing", "-list"), ("dnssec", "-status"), ("managed-keys", "status"),
                            ("nta", "-dump"), ("nta", "-d"), ("serve-stale", "status"), ("validation", "status")}


# pdnsutil's verbs that read: zone checks and listings, the public half of a zone's keys, a zone's metadata
_PDNS_READS = frozenset({"check-zone", "check-all-zones", "list-zone", "list-all-zones", "list-keys", "show-zone",
                         "get-meta", "export-zone-dnskey", "export-zone-ds", "list-member-zones", "list-networks",
                         "list-views", "list-view", "hash-zone-record", "zonemd-verify-file", "test-algorithms",
                         "lmdb-get-backend-version", "list-autoprimaries", "list-supermasters"})
_PDNS_GROUP_READS = {"zone": frozenset({"check", "check-all", "list", "list-all", "show"}),
                     "metadata": frozenset({"get", "list"})}


def _pdnsutil(vals: list[str], pos: list[str]) -> bool:
    split = _split(vals, frozenset({"--config-dir", "--config-name"}))
    if split is None or any(o.split("=", 1)[0] not in ("--config-dir", "--config-name", "-v", "--verbose")
                            for o in split[0]):
        return False
    ops = split[1]
    if not ops:
        return False
    if ops[0] in _PDNS_GROUP_READS:
        return len(ops) > 1 and ops[1] in _PDNS_GROUP_READS[ops[0]]
    return ops[0] in _PDNS_READS


# doveadm's commands that read: a mailbox's counters and names, quotas, who is logged in, the log's errors, a password
# hashed (`pw`: computed, stored nowhere). Not `fetch` (a user's mail itself), `auth` (the password database), `dump`,
# nor `-o` (a setting overridden for the run) or `-c` (another configuration)
_DOVEADM_READS = frozenset({("mailbox", "status"), ("mailbox", "list"), ("quota", "get"), ("who",), ("user",),
                            ("log", "errors"), ("stats", "dump"), ("pw",), ("service", "status"),
                            ("process", "status"), ("sieve", "list"), ("acl", "get"), ("acl", "debug"), ("search",),
                            ("instance", "list"), ("replicator", "status"), ("director", "status"), ("proxy", "list"),
                            ("penalty",), ("help",)})


def _doveadm(vals: list[str], pos: list[str]) -> bool:
    i = 0
    while i < len(vals) and vals[i][:1] == "-":
        v = vals[i]
        if v in ("-D", "-v"):
            i += 1
        elif v == "-f" and i + 1 < len(vals):
            i += 2
        else:
            return False  # -o, -c, -i: a setting or another configuration for the run
    words = [v for v in vals[i:i + 2] if v[:1] != "-"]
    return tuple(words[:1]) in _DOVEADM_READS or tuple(words[:2]) in _DOVEADM_READS


_RAKE_TASK = re.compile(r"^gitlab:(?:[a-z_]+:)*check(?:\[\w*\])?$|^gitlab:env:info$|^gitlab:doctor:secrets$|"
                        r"^gitlab:git:fsck$")
# the settings the checks read (`SANITIZE=true` hides project names in the output)
_RAKE_SETTING = re.compile(r"^(?:SANITIZE|VERBOSE|BATCH|ID_FROM|ID_TO|LIMIT)=[\w.-]*$")


def _gitlab_rake(vals: list[str], pos: list[str]) -> bool:
    return any(_RAKE_TASK.match(v) for v in vals) and all(_RAKE_TASK.match(v) or _RAKE_SETTING.match(v) for v in vals)


def _gitlab_runner(vals: list[str], pos: list[str]) -> bool:
    """`gitlab-runner list`, `gitlab-runner verify` (with --delete it unregisters the runners the server forgot)."""
    if vals in (["--version"], ["-v"], ["-h"], ["--help"]):
        return True
    verbs = [v for v in vals if v in ("list", "verify", "status")]
    return bool(verbs) and bool(pos) and pos[0] == verbs[0] and "--delete" not in vals and \
        not any(v.startswith("--delete=") for v in vals)


def _opendkim(vals: list[str], pos: list[str]) -> bool:
    """`opendkim -n`: the configuration parsed and checked, then it exits (without -n it starts the filter)."""
    split = _split(vals, frozenset({"-x"}))
    return split is not None and "-n" in split[0] and all(o in ("-n", "-x", "-v") for o in split[0]) and not split[1]


_RMQ_READS = frozenset({"list_queues", "list_exchanges", "list_bindings", "list_connections", "list_channels",
                        "list_consumers", "list_vhosts", "list_permissions", "list_user_permissions", "list_policies",
                        "list_operator_policies", "list_parameters", "list_global_parameters", "list_users",
                        "list_unresponsive_queues", "list_feature_flags", "list_deprecated_features", "status",
                        "cluster_status", "shovel_status", "federation_status", "node_health_check", "ping",
                        "await_startup", "report", "list_topic_permissions", "list_vhost_limits",
                        "list_user_limits", "list_stream_consumers", "list_stream_publishers", "list_quorum_queues"})
_RMQ_DIAG = frozenset({"status", "cluster_status", "ping", "check_running", "check_alarms", "check_local_alarms",
                       "check_port_connectivity", "check_virtual_hosts", "check_if_node_is_quorum_critical",
                       "check_if_node_is_mirror_sync_critical", "memory_breakdown", "listeners", "alarms",
                       "check_protocol_listener", "check_port_listener", "check_certificate_expiration",
                       "certificates", "server_version", "maybe_stuck", "observer", "log_tail", "quorum_status",
                       "list_network_interfaces", "runtime_thread_stats", "erlang_version"})
_RMQ_TAKES = frozenset({"-n", "--node", "-p", "--vhost", "-t", "--timeout", "--formatter", "-N", "--number"})
_RMQ_FLAGS = frozenset({"-q", "--quiet", "-s", "--silent", "--no-table-headers", "-l", "--longnames", "--online",
                        "--offline", "--local", "--verbose", "-v"})


def _rmq_reads(vals: list[str], pos: list[str], verbs: frozenset = _RMQ_READS) -> bool:
    """`rabbitmqctl list_queues name messages --formatter json`: the verb reads, its operands are column names."""
    ops: list[str] = []
    i = 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v[:1] == "-" and len(v) > 1:
            key = v.split("=", 1)[0]
            if key in _RMQ_TAKES:
                if "=" not in v:
                    i += 1
            elif key not in _RMQ_FLAGS:
                return False
        else:
            ops.append(v)
    return bool(ops) and ops[0] in verbs and all(re.fullmatch(r"[a-z_]+", o) for o in ops[1:])


ROOT_QUERIES = {
    "postfix": _reader(takes=("-c",), flags=("-v",), verbs=_POSTFIX_VERBS, operands=0),
    "postcat": _postcat, "postmap": _MAP_READ, "postalias": _MAP_READ,
    "opendkim-testkey": _reader(takes=("-d", "-s", "-k", "-x"), flags=("-v", "-V")),
    "opendkim": _opendkim,
    "named-checkconf": _reader(takes=("-t",), flags=("-h", "-j", "-l", "-v", "-z", "-c", "-i", "-n", "-a"),
                               operands=1),
    # (`-o FILE` writes the zone out, the only option that writes)
    "named-checkzone": _reader(takes=("-c", "-f", "-i", "-J", "-k", "-l", "-L", "-m", "-M", "-n", "-r", "-s", "-S",
                                      "-t", "-T", "-w", "-W"), flags=("-d", "-h", "-j", "-q", "-v", "-D"),
                               operands=2),
    "rndc": _rndc, "pdnsutil": _pdnsutil, "doveadm": _doveadm,
    "pflogsumm": lambda vals, pos: True,  # a report of the mail log
    "rspamadm": lambda vals, pos: bool(pos) and pos[0] in ("configtest", "confighelp") and all(
        v in ("-c", "--config", "-s", "--strict", "-q", "--quiet") or v[:1] != "-" for v in vals),
    "gitlab-rake": _gitlab_rake,
    "gitlab-ctl": lambda vals, pos: bool(pos) and pos[0] in ("status", "tail", "service-list", "help") and all(
        v[:1] != "-" or v in ("-h", "--help") for v in vals),
    "gitlab-runner": _gitlab_runner,
    # (session 28) a broker's state: its queues, connections and cluster (`sudo rabbitmqctl list_queues name messages
    # --formatter json`); not `list_users`' neighbours that print secrets (`export_definitions`, `environment`,
    # `eval`), nor any verb that changes the node
    "rabbitmqctl": lambda vals, pos: _rmq_reads(vals, pos),
    "rabbitmq-diagnostics": lambda vals, pos: _rmq_reads(vals, pos, _RMQ_DIAG),
    "rabbitmq-plugins": lambda vals, pos: _rmq_reads(vals, pos, frozenset({"list", "is_enabled"})),
}
from .directory import ROOT_QUERIES as _DIRECTORY_QUERIES  # (session 29) slapcat, adcli, sssctl, samba-tool checks

ROOT_QUERIES.update(_DIRECTORY_QUERIES)
from .telecom import ROOT_QUERIES as _TELECOM_QUERIES  # (session 30) the PBX's and SIP proxy's CLI queries

for _n, _q in _TELECOM_QUERIES.items():  # (another area's test of the same tool still counts: either passes)
    ROOT_QUERIES[_n] = _q if _n not in ROOT_QUERIES else \
        (lambda old, new: lambda vals, pos: old(vals, pos) or new(vals, pos))(ROOT_QUERIES[_n], _q)
from .routers import ROOT_QUERIES as _ROUTERS_QUERIES  # (session 28) VPN, AAA and pf status and config checks

for _n, _q in _ROUTERS_QUERIES.items():
    ROOT_QUERIES[_n] = _q if _n not in ROOT_QUERIES else \
        (lambda old, new: lambda vals, pos: old(vals, pos) or new(vals, pos))(ROOT_QUERIES[_n], _q)
from .office import ROOT_QUERIES as _OFFICE_QUERIES  # (session 31) print queues added, enabled, removed

for _n, _q in _OFFICE_QUERIES.items():
    ROOT_QUERIES[_n] = _q if _n not in ROOT_QUERIES else \
        (lambda old, new: lambda vals, pos: old(vals, pos) or new(vals, pos))(ROOT_QUERIES[_n], _q)

