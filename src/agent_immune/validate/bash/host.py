"""The machine itself: its logs, power, security modules, memory of credential holders, disks
found at run time, cloud metadata credentials, and programs that load it until it gives out.

Shapes the third red-team round found open (each a family, not one line): a kernel log cleared
(`dmesg -C`), the machine powered off over D-Bus (`busctl call … login1 … PowerOff`), AppArmor
torn down, a root shell from `machinectl`, `stress-ng` with no end, a core dump of
`ssh-agent`, the instance's credentials read from the metadata address, a disk named by
`$(findmnt …)` overwritten, `openssl rand` of hundreds of gigabytes.
"""
from __future__ import annotations

import re
import shlex

from .commands import Cmd, option_value, positionals
from .common import DOWNLOADERS
from .files import HUGE, parse_size

# -- logs -----------------------------------------------------------------------------------
_DMESG_CLEAR = frozenset({"-C", "--clear", "-c", "--read-clear"})
_CLUSTER = re.compile(r"-[A-Za-z]*[cC][A-Za-z]*")  # `-TC`, `-xc`


def _dmesg(a, cmd: Cmd) -> None:
    for w in cmd.args:
        v = w.value or ""
        if v in _DMESG_CLEAR or _CLUSTER.fullmatch(v):
            a.block("anti-forensics", "`dmesg -C/-c` clears the kernel log; read it with `dmesg | tail` instead", w.node)
            return


# -- power and sessions over D-Bus --------------------------------------------------------------
_BUS_SERVICE = re.compile(r"login1|systemd1")
_BUS_METHOD = re.compile(r"(?:^|\.)(PowerOff|Reboot|Halt|KExec|Suspend|Hibernate|HybridSleep|SuspendThenHibernate|"
                         r"TerminateUser|TerminateSession|TerminateSeat|KillUser|KillSession|StopUnit|KillUnit|"
                         r"MaskUnitFiles|DisableUnitFiles|SetWallMessage)$")


def _dbus(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if not any(_BUS_SERVICE.search(v) for v in vals):
        return
    for w, v in zip(cmd.args, vals):
        m = _BUS_METHOD.search(v)
        if m:
            a.block("system-disruption", f"`{cmd.name}` calls {m.group(1)} on systemd/logind: it powers off, "
                                         "restarts, ends sessions or stops services; agents must not", w.node)
            return


# -- security modules ---------------------------------------------------------------------------
def _apparmor(a, cmd: Cmd) -> None:
    if cmd.name == "apparmor_parser" and not any(v in ("-R", "--remove") for v in cmd.values()):
        return
    a.block("system-disruption", f"`{cmd.name}` unloads or relaxes AppArmor profiles, turning off a protection "
                                 "of the machine; leave it on", cmd.node)


# -- root shells -------------------------------------------------------------------------------
def _machinectl(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    verb = next((v for v in vals if not v.startswith("-")), None)
    if verb not in ("shell", "login"):
        return
    uid = [w.value for w in option_value(cmd.args, "--uid")]
    target = vals[vals.index(verb) + 1:] if verb in vals else []
    host = next((v for v in target if not v.startswith("-")), "")
    if host.startswith("root@") or "0" in uid or "root" in uid:
        a.block("privilege-escalation", f"`machinectl {verb}` opens a root shell", cmd.node)
    else:
        a.review("privilege-escalation", f"`machinectl {verb}` opens a shell in another login session", cmd.node)


# -- load without end ----------------------------------------------------------------------------
def _stress(a, cmd: Cmd) -> None:
    t = option_value(cmd.args, "-t", "--timeout")
    if t and (t[-1].value is None or t[-1].value.rstrip("smhdy") not in ("0", "")):
        return  # a finite (or computed) time limit
    a.block("resource-exhaustion", f"`{cmd.name}` without a finite --timeout loads the machine until it is "
                                   "killed; give it --timeout (e.g. 10s)", cmd.node)


def _openssl(a, cmd: Cmd) -> None:
    vals = cmd.values()
    if not vals or vals[0] != "rand":
        return
    for w in cmd.args[1:]:
        n = parse_size(w.value) if w.value and w.value[:1].isdigit() else None
        if n is not None and n >= HUGE:
            a.block("resource-exhaustion", f"`openssl rand {w.value}` writes {w.value} bytes; this fills the disk",
                    w.node)
            return


# -- memory of programs that hold credentials ------------------------------------------------------
_HOLDERS = re.compile(r"ssh-agent|gpg-agent|gnome-keyring|keyring|kwallet|keepass|1password|bitwarden|"
                      r"secret-service|vault|sshd|git-credential|"
                      # browsers: their memory holds the session cookies and saved passwords of every site
                      r"(?<![\w-])(?:firefox|chromium|chrome|google-chrome|brave|brave-browser|msedge|vivaldi)(?![\w-])")


# tracers and dumpers: what they attach to is given by a process id (`-p PID`, `gcore PID`)
_TRACERS = frozenset({"strace", "ltrace"})
_GDB_ATTACH = re.compile(r"(?:^|\s)attach(?:\s|$)")


def _core_dump(a, cmd: Cmd) -> None:
    _dump_written(a, cmd)
    _attached(a, cmd)


def _attached(a, cmd: Cmd) -> None:
    """`gcore $(pidof ssh-agent)`, `gdb -p …`, `strace -p "$(pgrep -u alice ssh-agent)" -e trace=read`: a
    credential holder's memory dumped, or its reads and writes (the keys and passphrases it handles) traced,
    whatever names the process: the pid's substitution, a variable assigned one earlier, a pipeline or loop
    that feeds it."""
    if cmd.name in _TRACERS:
        pids = option_value(cmd.args, "-p", "--attach")
    elif cmd.name == "py-spy":
        pids = option_value(cmd.args, "-p", "--pid")  # `py-spy dump --locals --pid N`: its stacks and variables
    elif cmd.name == "gcore" or cmd.name == "procdump":
        pids = cmd.args
    elif any(v in ("-p", "--pid") or (v or "").startswith("--pid=") or _GDB_ATTACH.search(v or w.text)
             for w, v in zip(cmd.args, cmd.values())) or len(positionals(cmd.args, _GDB_ARG)) > 1:
        pids = cmd.args  # (a program gdb starts itself is no one's memory yet)
    else:
        return
    for w in pids:
        holder = _held_pid(a, cmd, w)
        if holder:
            verb = "traces the system calls of" if cmd.name in _TRACERS else "reads the stacks and variables of" \
                if cmd.name == "py-spy" else "dumps or attaches to the memory of"
            a.block("secret-read", f"`{cmd.name}` {verb} {holder}, a program that holds keys or passwords; debug "
                                   "the project's own processes instead", w.node)
            return


# gdb's commands that write the attached process's memory to a file
_GDB_CORE = re.compile(r"^\s*(?:generate-core-file|gcore)(?:\s+(\S+))?\s*$")


def _dump_written(a, cmd: Cmd) -> None:
    """The file a dump or trace is written into (`gcore -o F` writes F.PID, `strace -o F`, gdb's `generate-core-file
    F`), remembered for an upload of it later in this input (net.note_file)."""
    from .net import note_file

    if cmd.name == "gcore":
        out = option_value(cmd.args, "-o")
        prefix = out[-1].value if out else "core"
        if prefix:
            note_file(a, prefix + ".", "a core dump of a process's memory (`gcore`)", cmd.node, prefix=True)
    elif cmd.name in _TRACERS:
        for w in option_value(cmd.args, "-o", "--output"):
            if w.value:
                note_file(a, w.value, f"a trace of a process's reads and writes (`{cmd.name} -o`)", cmd.node,
                          prefix=True)  # (`-ff` writes F.PID)
    elif cmd.name == "gdb":
        for w in option_value(cmd.args, "-ex", "--ex", "-eval-command", "--eval-command"):
            m = _GDB_CORE.match(w.value or "")
            if m:
                note_file(a, m.group(1) or "core.", "a core dump of a process's memory (gdb `generate-core-file`)",
                          cmd.node, prefix=m.group(1) is None)


# -- packet captures ---------------------------------------------------------------------------------------
def _capture(a, cmd: Cmd) -> None:
    """`tcpdump -w F` (any interface): the capture, remembered for an upload of it later in this input. With `-C`
    or `-G` the file is rotated under F plus a number or a date."""
    from .net import note_file

    rotates = bool(option_value(cmd.args, "-C", "-G"))
    for w in option_value(cmd.args, "-w"):
        if w.value and w.value != "-":
            note_file(a, w.value, "a capture of the network traffic (`tcpdump -w`)", cmd.node, prefix=rotates)


_GDB_ARG = frozenset({"-ex", "-iex", "-x", "-ix", "-cd", "-d", "--directory", "-s", "--symbols", "-e", "--exec",
                      "-se", "-c", "--core", "--args", "-eval-command", "--eval-command", "-command", "--command",
                      "-p", "--pid"})


def _held_pid(a, cmd: Cmd, w) -> str | None:
    """The credential holder `w` (a pid) names: in its own text (`$(pidof gpg-agent)`), in the value of a variable
    assigned or looped over earlier (`pid=$(pgrep ssh-agent)`, `for p in $(pgrep sshd)`), or in a pipeline
    stage that feeds this command (`pgrep ssh-agent | xargs -I{} gdb -p {}`, `… | while read p; do gcore $p`)."""
    found = _holder_in(w.text)
    if found:
        return found
    if "$" in w.text:
        for name in dict.fromkeys(_VAR_NAME.findall(w.text)):
            text = _assigned(a, name, w.node.start_byte)
            found = _holder_in(text) if text else None
            if found:
                return found
    if "$" in w.text or "{" in w.text or cmd.xargs_opts is not None:
        return _fed_holder(a, cmd.node)
    return None


def _holder_in(text: str) -> str | None:
    """A credential holder named in `text`, or the user's own interactive shell looked up by its name (`pgrep -x
    bash`, `pidof zsh`: what is typed there, passwords and tokens among it, passes through its reads)."""
    m = _HOLDERS.search(text)
    if m:
        return m.group(0)
    if "pgrep" in text or "pidof" in text:
        shell = _shell_looked_up(text)
        if shell:
            return f"your interactive shell ({shell})"
    return None


_LOOKUP = re.compile(r"(?<![\w-])(?:pgrep|pidof)(?![\w-])([^|;&)`\n]*)")
_PGREP_ARG = frozenset({"-u", "-U", "-g", "-G", "-P", "-s", "-t", "-F", "--euid", "--uid", "--group", "--pgroup",
                        "--parent", "--session", "--terminal", "--pidfile", "--ns", "--nslist", "-d", "--delimiter",
                        "-o", "-S", "--signal"})
_SHELL_NAMES = frozenset({"bash", "zsh", "fish", "sh", "dash", "ksh", "tcsh", "csh", "-bash", "-zsh"})


def _shell_looked_up(text: str) -> str | None:
    """The shell whose pids a `pgrep`/`pidof` in `text` looks up by its name alone (`pgrep -u "$USER" -x bash`);
    not a pattern with more in it (`pgrep -f 'bash scripts/serve.sh'`, a script run by a shell)."""
    for m in _LOOKUP.finditer(text):
        try:
            words = shlex.split(m.group(1))
        except ValueError:
            words = m.group(1).split()
        i = 0
        while i < len(words):
            v = words[i]
            i += 1
            if v in _PGREP_ARG:
                i += 1
            elif not v.startswith("-") and v.strip("^$") in _SHELL_NAMES:
                return v.strip("^$")
    return None


_VAR_NAME = re.compile(r"\$\{?([A-Za-z_]\w*)")


def _assigned(a, name: str, before: int) -> str:
    """The text of the lines that assign `name` (`name=…`, `for name in …`, `read name`) before byte `before`."""
    data = a.doc.data
    out = []
    for key in (name.encode() + b"=", b"for " + name.encode() + b" ", b" " + name.encode()):
        i = data.find(key)
        while 0 <= i < before:
            if key[:1] != b" " or data.rfind(b"read", max(0, i - 40), i) >= 0:  # `read -r name`: its line's feed
                if key[:1] == b" " or i == 0 or data[i - 1:i] in b" \t\n;&|({":
                    end = data.find(b"\n", i)
                    start = data.rfind(b"\n", 0, i) + 1
                    out.append(data[start:end if end >= 0 else len(data)].decode("utf-8", "replace"))
            i = data.find(key, i + 1)
    return "\n".join(out)


def _fed_holder(a, node) -> str | None:
    """A credential holder named in a pipeline stage before the one that holds `node`."""
    child, parent = node, node.parent
    for _ in range(12):
        if parent is None:
            return None
        if parent.type == "pipeline":
            for stage in parent.named_children:
                if stage.start_byte >= child.start_byte:
                    break
                found = _holder_in(a.src(stage))
                if found:
                    return found
        child, parent = parent, parent.parent
    return None


# -- cloud instance metadata: the machine's own credentials ----------------------------------------
# AWS (also ECS's task address), Azure and Google Cloud (its name, or the short `metadata` with its path)
METADATA = re.compile(r"(?:169\.254\.169\.254|169\.254\.170\.2|\[?fd00:ec2::254\]?|metadata\.google\.internal|"
                      r"metadata(?=/computeMetadata))(?::\d+)?/(\S*)")
_CRED_PATH = re.compile(r"(?i)security-credentials|identity|token|credential|service-accounts|/v2/credentials")


_METADATA_ADDRESSES = frozenset({"169.254.169.254", "169.254.170.2", "fd00:ec2::254"})


def metadata_credentials(text: str) -> bool:
    """Does `text` (an argument, a URL in code) name the instance's credentials at a cloud metadata address? Also
    with the address written another way (`http://0xa9fea9fe/…`, `http://2852039166/…`, `[::ffff:169.254.169.254]`):
    the resolver takes every spelling."""
    m = METADATA.search(text)
    if m is not None:
        return _CRED_PATH.search(m.group(1)) is not None
    at = text.find("//")
    if at < 0:
        return False
    from ..hosts import canonical_host, url_host

    host = url_host(text[at:])  # (from the `//`: a URL inside a longer word, `url=http://…`)
    if host is None or canonical_host(host) not in _METADATA_ADDRESSES:
        return False
    rest = text[at + 2:]
    return "/" in rest and _CRED_PATH.search(rest.split("/", 1)[1]) is not None


def _metadata(a, cmd: Cmd) -> None:
    for w in cmd.args:
        if metadata_credentials(w.value or w.text):
            a.block("secret-read", "this reads the cloud instance's credentials from its metadata address; the "
                                   "agent must not take the machine's identity", w.node)
            return


# -- a disk named at run time -------------------------------------------------------------------
_DEVICE_FINDERS = frozenset({"findmnt", "lsblk", "blkid", "df", "losetup", "mount", "findfs"})


def _dd_found_device(a, cmd: Cmd) -> None:
    for w in cmd.args:
        if not (w.text.startswith("of=") and w.substitutions):
            continue
        if any(c.name in _DEVICE_FINDERS for c in a.visit_substs(w)):
            a.block("disk-wipe", f"`dd {w.text[:60]}` writes onto a device found at run time (a disk or "
                                 "partition); write to a file instead", w.node)
            return


HANDLERS = {
    "dmesg": [_dmesg],
    **{n: [_dbus] for n in ("busctl", "dbus-send", "gdbus", "qdbus", "qdbus6", "dbus-send-session")},
    **{n: [_apparmor] for n in ("aa-teardown", "aa-disable", "aa-complain", "apparmor_parser")},
    "machinectl": [_machinectl],
    "stress-ng": [_stress], "stress": [_stress],
    "openssl": [_openssl],
    **{n: [_core_dump] for n in ("gcore", "gdb", "procdump", "py-spy", *_TRACERS)},
    "tcpdump": [_capture],
    **{n: [_metadata] for n in DOWNLOADERS},
    "dd": [_dd_found_device],
}
