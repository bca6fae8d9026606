"""The system: environment hijacking, privilege, anti-forensics, disruption, exhaustion."""
from __future__ import annotations

import re

from .. import paths
from . import containers, toolchains
from .commands import PRIVILEGE, SHELLS, Cmd, option_value, positionals
from .files import STREAMING, endless_source
from .common import inline_code, is_safe_tool, mentions, plain_http, script_arg
from .words import Word

# Variables that make a later, innocent-looking program load or run attacker code.
_HIJACK = frozenset({
    "LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH",
    "BASH_ENV", "ENV", "PROMPT_COMMAND", "SHELLOPTS", "BASHOPTS", "PERL5OPT", "PERL5DB", "RUBYOPT", "PYTHONSTARTUP",
    "PYTHONINSPECT", "LESSOPEN", "LESSCLOSE", "GIT_SSH", "GIT_PROXY_COMMAND", "GIT_EXTERNAL_DIFF", "GIT_ASKPASS",
    "SSH_ASKPASS", "SUDO_ASKPASS", "GIT_CONFIG_PARAMETERS", "GIT_EXEC_PATH", "GIT_TEMPLATE_DIR", "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM", "IFS", "PS4", "NODE_PATH", "BROWSER", "GCONV_PATH", "LD_DEBUG_OUTPUT", "MALLOC_CHECK_",
})
# Variables naming a program: fine when it is a known pager/editor/ssh, hijacking otherwise.
_PROGRAM_VARS = frozenset({"PAGER", "MANPAGER", "GIT_PAGER", "EDITOR", "VISUAL", "GIT_EDITOR", "SUDO_EDITOR",
                           "GIT_SSH_COMMAND", "GIT_SEQUENCE_EDITOR", "SYSTEMD_PAGER", "RSYNC_RSH"})
# module search paths: fine for project directories, hijacking when they name world-writable ones
LIB_PATHS = frozenset({"PYTHONPATH", "PERL5LIB", "PERLLIB", "RUBYLIB"})
# JVM option variables: fine for heap sizes, hijacking when they load an agent or run a program
JVM_OPTS = frozenset({"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS", "MAVEN_OPTS",
                      "GRADLE_OPTS", "SBT_OPTS", "ANT_OPTS", "KOTLIN_OPTS"})
_JVM_LOADS = re.compile(r"-javaagent:|-agentpath:|-agentlib:(?!jdwp)|-XX:\+?On(?:OutOfMemory)?Error=|-Xbootclasspath")
# package managers read their index or registry from these too (`PIP_INDEX_URL=http://… pip install`)
_INDEX_VARS = re.compile(r"(?i)^(?:PIP_(?:EXTRA_)?INDEX_URL|PIP_FIND_LINKS|UV_(?:EXTRA_|DEFAULT_)?INDEX(?:_URL)?|"
                         r"UV_FIND_LINKS|NPM_CONFIG_REGISTRY|NPM_CONFIG_@[\w.-]+:REGISTRY|YARN_REGISTRY|"
                         r"YARN_NPM_REGISTRY_SERVER|BUN_CONFIG_REGISTRY|PIPENV_PYPI_MIRROR|POETRY_REPOSITORIES_\w+_URL|"
                         r"CARGO_REGISTRIES_\w+_INDEX|GOPROXY|PIP_TRUSTED_HOST|UV_INSECURE_HOST|BUNDLE_MIRROR__\w+|HEX_MIRROR|"
                         r"HEX_CDN|PUB_HOSTED_URL)$")
# ... of those, the ones that add a source beside the index (the others replace it), and those that turn certificate
# checks off for a host
_ADDED_INDEX_VARS = re.compile(r"(?i)^(?:PIP_EXTRA_INDEX_URL|PIP_FIND_LINKS|UV_EXTRA_INDEX_URL|UV_INDEX|UV_FIND_LINKS)$")
_TRUSTED_VARS = frozenset({"PIP_TRUSTED_HOST", "UV_INSECURE_HOST"})
# npm settings given through the environment that name a program or code npm runs
_NPM_PROGRAM_ENV = frozenset({"npm_config_script_shell", "npm_config_shell", "npm_config_node_options",
                              "npm_config_git", "npm_config_editor", "npm_config_browser", "npm_config_viewer"})
_SPLITTERS = frozenset({"read", "mapfile", "readarray"})
_HISTORY = frozenset({"HISTFILE", "HISTSIZE", "HISTFILESIZE", "HISTCONTROL", "HISTIGNORE"})


def hijack_name(name: str) -> bool:
    """A variable that makes a program it is set for load or run other code (LD_PRELOAD, BASH_ENV …)."""
    return name in _HIJACK and name != "NODE_PATH" or name.startswith(("BASH_FUNC_", "GIT_CONFIG_KEY_"))


def _path_bad(value: str) -> str | None:
    for part in value.split(":"):
        if part in ("", ".", "./") or (not part.startswith(("/", "$", "~")) and part != ""):
            return part or "(empty)"
        if part.startswith(("/tmp", "/dev/shm", "/var/tmp")):
            return part
    return None


# prompts bash expands again each time it prints them (PS4 before every traced line of `set -x`, PS1 at each
# prompt): a parameter expansion shows a value, a command substitution runs a command every time
_PROMPTS = frozenset({"PS1", "PS4"})
# what a prompt may expand: `$NAME`, `$LINENO`, `$$`, and `${…}` of a name with literal operator words
# (`${BASH_SOURCE##*/}`, `${FUNCNAME[0]:+${FUNCNAME[0]}(): }`), innermost first; no substitution, no arithmetic
# (`$((x))` evaluates x's value, where `a[$(cmd)]` runs cmd), no indirection (`${!x}`), no subscript but a number
_PROMPT_BRACED = re.compile(r"\$\{(?!!)[^${}`\[\]]*(?:\[(?:\d+|[@*])\][^${}`\[\]]*)?\}")
_PROMPT_PARAM = re.compile(r"\$(?:[A-Za-z_]\w*|[0-9#?$!@*-])")
# a prompt's backslash escapes are decoded before its expansions: an octal one can spell `$(` (`\044(id)`)
_PROMPT_OCTAL = re.compile(r"\\[0-7]")
_PROMPT_ESCAPE = re.compile(r"\\.", re.S)


def prompt_runs_code(value: str) -> bool:
    """Does the prompt string `value` (its text, when computed) run commands when bash prints it?"""
    if "@P" in value or _PROMPT_OCTAL.search(value):
        return True  # `${x@P}` expands x's value as a prompt in turn: its `$(…)` runs
    rest = _PROMPT_ESCAPE.sub("", value)  # `\$` prints `$` (or `#`), escaped against further expansion
    for _ in range(8):
        stripped = _PROMPT_BRACED.sub("", rest)
        if stripped == rest:
            break
        rest = stripped
    rest = _PROMPT_PARAM.sub("", rest)
    return "$" in rest or "`" in rest


def check_assigns(a, assigns: list[tuple[str, Word]], node, prefix_of: str = "") -> None:
    """Judge NAME=VALUE assignments; `prefix_of` names the command they prefix, if any."""
    go = False
    for name, w in assigns:
        v = w.value
        shown = v if v is not None else w.text
        if name[:2] == "GO" and name in toolchains.GO_VARS:
            go = True  # judged together below: a proxy matters with the checksum settings beside it
            if name == "GOPROXY" and (plain_http(v) or v is None and "http:" in shown):
                a.block("download-exec", f"{name}={shown!r} makes go fetch modules over plain HTTP; use an HTTPS "
                                         "proxy", w.node)
            continue
        if toolchains.build_var(name):
            toolchains.judge_build_var(a, name, w)
            continue
        if name in _PROMPTS:
            # `PS4='+ ${BASH_SOURCE}:${LINENO}: '` labels each traced line: allowed; `PS4='$(curl …)'` runs it
            if prompt_runs_code(shown):
                a.block("env-hijack", f"{name}={shown!r} runs a command every time bash prints it (PS4: before "
                                      "each line `set -x` traces, PS1: at each prompt); keep only literals and "
                                      "parameters such as ${BASH_SOURCE}, ${LINENO}, ${FUNCNAME[0]}", w.node)
            continue
        if name in _HIJACK:
            if name == "NODE_PATH" or (name == "LD_LIBRARY_PATH" and v == ""):
                continue
            if name in _LIBRARY_PATHS and _project_libraries(a, shown):
                continue  # `LD_LIBRARY_PATH="$PWD/build/lib" ./build/bin/x`: the project's own libraries
            if name == "LD_PRELOAD" and prefix_of and _own_preload(a, v, node):
                continue
            if name == "IFS" and (prefix_of in _SPLITTERS or v is not None and not v.strip(" \t\n")):
                # `IFS=, read -r a b`: the separator of this one read, the usual idiom; and blanks only (the
                # strict mode's `IFS=$'\n\t'`, `IFS=`), which split less than the default and build no names
                continue
            a.block("env-hijack", f"setting {name} makes other programs load or run code of your choosing; "
                                  "do not set it", w.node if w.node != node else node)
        elif name in _PROGRAM_VARS:
            if not is_safe_tool(v) and v not in ("", None) or v is None:
                a.block("env-hijack", f"{name}={shown!r} makes git/man/editors run that program; use a plain "
                                      "pager or editor (cat, less, vim, true)", w.node)
        elif name in LIB_PATHS:
            bad = next((p for p in shown.split(":") if p.startswith(("/tmp", "/dev/shm", "/var/tmp"))), None)
            if bad:
                a.block("env-hijack", f"{name} contains {bad!r}, a world-writable directory; modules planted there "
                                      "would be loaded by every program of that language", w.node)
        elif name == "PATH":
            bad = _path_bad(shown)
            if bad:
                a.block("env-hijack", f"PATH contains {bad!r}, a relative or world-writable directory; commands "
                                      "would resolve to files planted there", w.node)
        elif name.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_", "GIT_CONFIG_COUNT", "BASH_FUNC_")):
            a.block("env-hijack", f"{name} injects git configuration or shell functions through the environment", w.node)
        elif name in JVM_OPTS and _JVM_LOADS.search(shown):
            a.block("env-hijack", f"{name} with -javaagent/-agentpath/-XX:OnError loads code into every JVM "
                                  "started (or runs a program); keep only heap and property options", w.node)
        elif name == "NODE_OPTIONS" and re.search(r"(^|\s)(-r|--require|--import|--loader|--experimental-loader)\b", shown):
            a.block("env-hijack", "NODE_OPTIONS with --require/--import preloads code into every node process", w.node)
        elif name == "AGENT_IMMUNE_CONFIG":
            a.block("env-hijack", "AGENT_IMMUNE_CONFIG points agent-immune at another configuration, whose [mouth] "
                                  "section decides what it blocks; leave the guard's configuration alone", w.node)
        elif _INDEX_VARS.match(name):
            if plain_http(v) or v is None and "http:" in shown:
                a.block("download-exec", f"{name}={shown!r} makes the package manager fetch packages over plain HTTP "
                                         "and run their install scripts; use an HTTPS index", w.node)
            elif v:
                _index_var(a, name, w)
        elif name.lower() in _NPM_PROGRAM_ENV and not is_safe_tool(v):
            a.block("env-hijack", f"{name}={shown!r} makes npm run that program or code for every script; leave "
                                  "it unset", w.node)
        elif name in _HISTORY and (v in ("/dev/null", "0", "") or name == "HISTIGNORE" and v in ("*", "'*'")):
            a.block("anti-forensics", f"{name}={shown!r} stops the shell from keeping history", w.node)
    if go:
        toolchains.go_assigns(a, assigns)


# the loader's search path may name the project's own build output (`$PWD/build/lib`, `target/release/deps`) or
# the system's library folders; a scratch folder, a hidden folder, a folder outside the project or one a download
# of this input went into stays env-hijack
_LIBRARY_PATHS = frozenset({"LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"})
_PWD_PREFIX = re.compile(r"^(?:\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`)(?=/|$)")
# (root's folders: /usr/local holds SDKs unpacked by hand, the SAP NW RFC SDK's /usr/local/sap/nwrfcsdk/lib)
_SYSTEM_LIBS = ("/usr/lib", "/usr/lib64", "/usr/local/", "/opt/")
_LEADING_VAR = re.compile(r"^\$(?:\{(\w+)\}|(\w+))")
_OLD_VALUE = re.compile(r"^\$\{?(?:LD|DYLD)_LIBRARY_PATH(?:[:-][^}]*)?\}?$")


def _project_libraries(a, value: str) -> bool:
    """Is every entry of a library search path the project's (relative, or under $PWD, with no `..` and no hidden
    folder), a system library folder, or the variable's old value, and none a folder this input downloaded into?"""
    from .toolchains import planted

    parts = [p for p in value.strip("\"'").split(":") if p]
    if not parts:
        return False
    for part in parts:
        if _OLD_VALUE.match(part):
            continue
        if (m := _LEADING_VAR.match(part)) and (known := a.ev.vars.get(m.group(1) or m.group(2))):
            # `export SAPNWRFC_HOME=/usr/local/sap/nwrfcsdk; … "$SAPNWRFC_HOME/lib:…"`: the value this input gave
            part = known + part[m.end():]
        rel = _PWD_PREFIX.sub(".", part, count=1)
        if rel.startswith("/"):
            if not rel.startswith(_SYSTEM_LIBS) or "/." in rel:
                return False
            continue
        if rel[:1] in ("~", "$", "`") or any(c.startswith(".") and c != "." for c in rel.split("/")) or \
                rel.strip("./") == "":
            return False
        if planted(a, rel, rel) or a.downloaded and _downloaded_into(a, paths.normalize(rel).rstrip("/")):
            return False
    return True


# `LD_PRELOAD=./build/libfaketime_test.so ./build/tests/scheduler_test`: a shim the project built, loaded into a test
# program the project built, for that one run. A library from elsewhere (a scratch or hidden folder, a download, an
# absolute path), or one loaded into another program (a system tool, sudo, a shell), stays env-hijack.
_SHARED_LIB = re.compile(r"^(?:\./)?(?:[\w+-][\w.+-]*/)*lib[\w.+-]*\.so(?:\.\d+)*$")
_OWN_PROGRAM = re.compile(r"^(?:\./)?(?:[\w+-][\w.+-]*/)+[\w.+-]+$")


def _own_preload(a, value: str | None, node) -> bool:
    from .toolchains import planted

    libs = (value or "").replace(":", " ").split()
    if not libs or any(not _SHARED_LIB.match(p) or ".." in p or planted(a, p, p) for p in libs):
        return False
    name = node.child_by_field_name("name") if node is not None and node.type == "command" else None
    program = a.src(name) if name is not None else ""
    return bool(_OWN_PROGRAM.match(program)) and ".." not in program and planted(a, program, program) is None and \
        not any(c.startswith(".") and c != "." for c in program.split("/"))


def _downloaded_into(a, folder: str) -> bool:
    """Did a download (or an archive unpacked) of this input put files in `folder`?"""
    from .exec import _UNPACKED_IN

    return _UNPACKED_IN + folder + "/" in a.downloaded or any(
        k.rsplit("/", 1)[0] == folder for k, kind in a.downloaded.items() if kind == "download")


def _index_var(a, name: str, w: Word) -> None:
    """`PIP_INDEX_URL=https://pkgs.example.net/simple pip install x`, `export npm_config_registry=https://…`: the
    package source given through the environment, held as the same option would be (bash/tools.py)."""
    from .tools import check_index_replaced, check_indexes, check_trusted_hosts

    words = [Word(w.node, p, p) for p in (w.value or "").replace(",", " ").split()]
    if name.upper() in _TRUSTED_VARS:
        check_trusted_hosts(a, name, words, sep="=")
    elif _ADDED_INDEX_VARS.match(name):
        check_indexes(a, None, f"{name}=…", words)
    elif name.upper() != "GOPROXY" and words:
        check_index_replaced(a, name, words[:1], shown=f"`{name}={words[0].value}`")


def check_privilege(a, cmd: Cmd) -> None:
    if cmd.scheduled is not None:
        a.block("persistence", f"`systemd-run {_flag(cmd.scheduled)}` schedules a command to run later (a timer "
                               "unit); run the command now instead", cmd.scheduled.node)
    if cmd.root_shell is not None:
        a.block("privilege-escalation", "this opens an interactive root shell; run the specific command instead",
                cmd.root_shell.node)
        return
    if any(n == "nsenter" for n, _ in cmd.wrappers):
        w = next(w for n, w in cmd.wrappers if n == "nsenter")
        a.block("privilege-escalation", "`nsenter` enters another process's namespaces (escapes a container)", w.node)
    wrappers = [(n, w) for n, w in cmd.wrappers if n in PRIVILEGE]
    if not wrappers:
        return
    n, w = wrappers[0]
    if cmd.name == "bpftool":
        _bpftool(a, cmd)  # (loading needs root: judged with the sudo that gives it, which keeps the shortcut off)
    if cmd.name in SHELLS and not inline_code(cmd)[1] and script_arg(cmd) is None:
        a.block("privilege-escalation", f"`{n} {cmd.name}` opens a root shell", w.node)
    elif cmd.name in ("su", "passwd", "visudo", "chpasswd") and inspection(cmd) is None:
        a.block("privilege-escalation", f"`{n} {cmd.name}` changes or takes over an account", w.node)
    elif cmd.name not in _ACCOUNT_TOOLS and _shell_path(cmd) is not None or cmd.name == "capsh" and "--" in cmd.values():
        # `sudo start-stop-daemon --exec /bin/sh`, `sudo ip netns exec x /bin/sh`, `sudo capsh --`: a
        # program that starts the shell it is given (capsh: the one after `--`) as root
        shell = _shell_path(cmd)
        a.block("privilege-escalation", f"`{n} {cmd.name}` is given {shell.value if shell else 'a shell (`--`)'}: a "
                                        "root shell; run the specific command instead", (shell or w).node)
    elif (not root_programs(a, cmd) or inspection(cmd) is None and not distro_install(cmd) and
          not _perf_attached(a, cmd) and not _stops_own_job(a, cmd)) and not _as_service_user(a, cmd, wrappers) or \
            _piped_to_network(a, cmd):
        a.review("privilege-escalation", f"`{n}` runs `{cmd.name or 'a command'}` as another user (usually root)", w.node)


# `sudo -u vhserver ./vhserver update`, `sudo -u www-data php bin/magento cache:clean`: the command run as a named
# account other than root (the service's own) gains nothing root has; what it does is judged as the command itself
# (a secret read keeps its own rule). Only `-u NAME` (and -H, -n) may be given: a group, a preserved environment, a
# computed or numeric user, root by any name or a database server's superuser keeps the review.
_SERVICE_USER = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
# (a database server's account is its superuser: every database, and files and programs through it)
_ROOT_NAMES = frozenset({"root", "toor", "admin", "administrator", "wheel", "sudo", "postgres", "pgsql", "mysql",
                         "mariadb", "mongodb", "mongod", "oracle", "mssql", "sa", "clickhouse", "cassandra"})
_SUDO_QUIET = frozenset({"-H", "--set-home", "-n", "--non-interactive"})


def _as_service_user(a, cmd: Cmd, wrappers: list) -> bool:
    if len(wrappers) != 1 or wrappers[0][0] != "sudo" or len(cmd.wrappers) != 1 or cmd.assigns:
        return False
    head = wrappers[0][1]
    between = a.ev.src_range(head.node.end_byte, cmd.words[0].node.start_byte).split()
    user = None
    i = 0
    while i < len(between):
        v = between[i]
        i += 1
        if v in ("-u", "--user") and i < len(between):
            user, i = between[i], i + 1
        elif v.startswith("--user="):
            user = v.split("=", 1)[1]
        elif v.startswith("-u") and len(v) > 2:
            user = v[2:]
        elif v not in _SUDO_QUIET:
            return False
    return user is not None and bool(_SERVICE_USER.match(user)) and user not in _ROOT_NAMES


# `sudo perf stat -p PID -- sleep 10`: perf counts (or samples) a running process for the time `sleep` takes; the
# program run as root is `sleep` alone. An output file (`-o`) is root writing a path, and `perf trace` prints other
# processes' system calls with their strings: both keep the usual review.
_PERF_OUTPUT = re.compile(r"(?:^|\s)(?:-o|--output)(?:[\s=]|$)|(?:^|\s)-[A-Za-z]*o\S")


def _perf_attached(a, cmd: Cmd) -> bool:
    if cmd.name != "sleep" or len(cmd.args) != 1 or not re.fullmatch(r"\d+(?:\.\d+)?[smh]?", cmd.args[0].value or ""):
        return False
    names = [n for n, _ in cmd.wrappers]
    if names.count("perf") != 1 or any(n not in PRIVILEGE and n not in ("perf", "timeout", "nice") for n in names):
        return False
    head = next(w for n, w in cmd.wrappers if n == "perf")
    between = a.ev.src_range(head.node.end_byte, cmd.words[0].node.start_byte)
    verb = between.split(None, 1)[:1]
    return verb in (["stat"], ["record"]) and not _PERF_OUTPUT.search(between)


# `sudo strace -c -p "$PID" & SPID=$!; sleep 10; sudo kill -INT "$SPID"`: the job this script started as root, stopped
# by root (it is root's process) with an ordinary signal. `$!` is the last job started in the background, so the word
# is `$!` itself or a variable whose last assignment above is `$!`.
_STOP_SIGNALS = re.compile(r"^-(?:SIG)?(?:INT|TERM|HUP|USR1|USR2|QUIT)$|^-(?:2|15|1|3)$")
_JOB_WORD = re.compile(r'^"?\$(?:!|\{?([A-Za-z_]\w*)\}?)"?$')


def _stops_own_job(a, cmd: Cmd) -> bool:
    if cmd.name != "kill" or not cmd.args:
        return False
    words = cmd.args[1:] if _STOP_SIGNALS.match(cmd.args[0].text) else cmd.args
    if not words:
        return False
    before = a.ev.data[:cmd.node.start_byte].decode("utf-8", "replace")
    for w in words:
        m = _JOB_WORD.match(w.text)
        if m is None:
            return False
        if m.group(1) is not None:
            sets = re.findall(rf"(?:^|[\s;&|(])(?:local\s+|export\s+|declare\s+)?{m.group(1)}=(\S*)", before)
            if not sets or sets[-1].strip("\"'") != "$!":
                return False
    return "&" in before


# a later pipeline stage naming a program that talks to other machines: root's reading then leaves the machine
_NETWORK_STAGE = re.compile(r"(?<![\w.-])(?:curl|wget|nc|ncat|netcat|socat|ssh|scp|rsync|sftp|telnet|openssl|http|"
                            r"https|xh|aws|gsutil|gcloud|az|rclone|mail|sendmail)(?![\w.-])")


def _piped_to_network(a, cmd: Cmd) -> bool:
    """`sudo journalctl -u ssh | curl -d @- https://…`: what root read is sent off, so the read is not only a
    read; the usual review stays (the rules on senders judge the rest)."""
    node, up = cmd.node, cmd.node.parent
    while up is not None and up.type in ("redirected_statement", "negated_command"):
        node, up = up, up.parent
    if up is None or up.type != "pipeline":
        return False
    later = [c for c in up.named_children if c.start_byte > node.start_byte]
    return any(_NETWORK_STAGE.search(a.src(c)) for c in later)


# -- packages from the distribution's own sources: what `sudo apt-get` may do without review ---------------------
# `sudo apt-get update`, `sudo apt-get install -y build-essential clang`: named packages from the sources the machine
# is configured with, whose signatures apt checks. A .deb file or URL, hook options (`-o`, hooks.py), unsigned or
# downgraded packages, a purge, or anything else under sudo keeps the usual review.
_APT = frozenset({"apt-get", "apt"})
_APT_VERBS = frozenset({"update", "install"})
_APT_FLAGS = frozenset({"-y", "--yes", "--assume-yes", "-q", "-qq", "--quiet", "--no-install-recommends",
                        "--no-install-suggests", "-V", "--verbose-versions", "--fix-missing", "-f", "--fix-broken",
                        "--only-upgrade", "--no-upgrade", "-qy", "-yq", "--show-progress", "-m",
                        "--ignore-missing"})
_APT_PACKAGE = re.compile(r"^[a-z0-9][a-z0-9+.-]*(?::[a-z0-9-]+)?(?:=[A-Za-z0-9.:~+-]+)?$")
_APT_ENV = frozenset({"DEBIAN_FRONTEND", "NEEDRESTART_MODE", "APT_LISTCHANGES_FRONTEND", "TZ"})


def distro_install(cmd: Cmd) -> bool:
    """`apt-get update` / `apt-get install [-y] NAME…` of named packages, and nothing more."""
    if cmd.name not in _APT or not cmd.args or any(n not in _APT_ENV for n, _ in cmd.assigns):
        return False
    vals = [w.value for w in cmd.args]
    if None in vals:
        return False
    opts = [v for v in vals if v[:1] == "-"]  # type: ignore[index]
    pos = [v for v in vals if v[:1] != "-"]  # type: ignore[index]
    if not pos or pos[0] not in _APT_VERBS or any(o not in _APT_FLAGS for o in opts):
        return False
    names = pos[1:]
    if pos[0] == "update":
        return not names
    return bool(names) and all(_APT_PACKAGE.match(n) and not n.endswith(".deb") for n in names)  # type: ignore[arg-type]


# -- root's read-only inspection: what `sudo` may run without review ------------------------------------------
# Reading the firewall, the journal, the sockets or the kernel log needs root and changes nothing; each reader is
# taken with the options that only read (anything else, or a word not known, leaves the usual review).
_IPTABLES = frozenset({"iptables", "ip6tables", "iptables-legacy", "iptables-nft", "ip6tables-legacy", "ip6tables-nft"})
_IPT_LIST = frozenset({"-L", "--list", "-S", "--list-rules"})
_IPT_FLAGS = frozenset({"-n", "--numeric", "-v", "--verbose", "-x", "--exact", "--line-numbers", "-w", "--wait"})
_IPT_ARG = frozenset({"-t", "--table", "-W", "--wait-interval"})
_NFT_FLAGS = frozenset({"-a", "--handle", "-n", "--numeric", "-s", "--stateless", "-j", "--json", "-y", "--numeric-priority",
                        "-p", "--numeric-protocol", "-T", "--numeric-time", "-N", "--reversedns", "-t", "--terse"})
# journalctl's options that write: delete, rotate or move the journal, make sealing keys, rebuild the catalog
_JOURNAL_WRITES = ("--vacuum", "--rotate", "--flush", "--relinquish-var", "--smart-relinquish-var", "--setup-keys",
                   "--sync", "--update-catalog")
_LOOPBACK_IF = frozenset({"lo", "lo0"})
_NFT_CLUSTER = re.compile(r"-[ansjyptTN]+")
_NFT_WORD = re.compile(r"[\w.-]+")  # `list table inet filter`: no `;` or newline starting another command
_SS_WRITES = re.compile(r"^-[A-Za-z]*K|^--kill$")
_DMESG_WRITES = re.compile(r"^-[A-Za-z]*[cCDEn]|^--(?:clear|read-clear|console-off|console-on|console-level)\b")


# settings given to root's query that change only how it prints, or which database it asks
_QUIET_ENV = frozenset({"LANG", "LANGUAGE", "TZ", "TERM", "COLUMNS", "LINES", "NO_COLOR", "DEBIAN_FRONTEND", "PGHOST",
                        "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGCONNECT_TIMEOUT", "PGSSLMODE"})


def _keeps_env(cmd: Cmd) -> bool:
    """A `sudo` that keeps the caller's environment (`-E`, `-nE`, `--preserve-env`, `--preserve-env=HOME`): root's
    query then reads the caller's HOME and settings (kamctl sources `~/.kamctlrc` and `$MYLIBDIR/kamctl.base` as shell
    code, a pager or editor variable names a program), so it is no longer a mere read."""
    from .commands import _SUDO_ARG

    for name, head in cmd.wrappers:
        if name != "sudo" or not cmd.words or not head.node.end_byte <= cmd.words[0].node.start_byte:
            continue
        src = cmd.node.text if cmd.node is not None else b""
        start = cmd.node.start_byte if cmd.node is not None else 0
        opts = src[head.node.end_byte - start:cmd.words[0].node.start_byte - start].decode("utf-8", "replace").split()
        skip = False
        for o in opts:
            if skip:
                skip = False
                continue
            if o[:1] != "-":
                break  # (the next wrapper: its options are its own)
            # (in a cluster, the letters after one that takes a value are that value: `-uE` is the user E)
            if o.startswith("--preserve-env") or o[1:2] != "-" and "E" in re.split("[ugCphrtUDRT]", o[1:], 1)[0]:
                return True
            skip = o in _SUDO_ARG
    return False


# Where the programs root runs without review come from (session 31): sudo's secure_path, and the vendor trees of a
# cluster's scheduler and file system, which only root writes. A program given by any other path (`./zpool`, a home,
# /tmp, a project or an application tree a software account writes) is whoever wrote it, whatever its name; so is one
# the input itself writes into those folders (`cp ./x /usr/local/bin/squeue`, `tar -x -C /usr/local/bin`).
_SECURE_PATH = frozenset({"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/snap/bin"})
_SYSTEM_PROGRAM = re.compile(r"^/(?:usr/(?:local/)?)?s?bin/[^/]++$|^/snap/bin/[^/]++$|^/usr/lpp/mmfs/bin/[^/]++$|"
                             r"^/(?:opt|usr/local)/(?:slurm|pbs|torque)(?:/[\w.+-]++)?/s?bin/[^/]++$|"
                             r"^/opt/ood/[\w-]++/sbin/[^/]++$")
_BIN_WRITES = re.compile(rb"(?P<sep>[\n;&|()])|(?P<write>>|(?<![\w./-])(?:cp|mv|install|ln|rsync|tee|dd|curl|wget|"
                         rb"tar|unzip|cpio|scp|ditto|patch|gcc|cc|go)(?![\w.-]))|"
                         rb"(?P<path>(?<![\w.~$/-])/[^\s;&|<>()'\"`]++)")


def _bin_writes(data: bytes) -> frozenset[str]:
    """The absolute paths the input names after a redirect or a program that writes files, in the same command (once
    per input)."""
    out, writing = set(), False
    for m in _BIN_WRITES.finditer(data):
        if m.lastgroup == "sep":
            writing = False
        elif m.lastgroup == "write":
            writing = True
        elif writing:
            out.add(m.group("path").decode("utf-8", "replace").rstrip("/") or "/")
    return frozenset(out)


def root_programs(a, cmd: Cmd) -> bool:
    """Whether every program the privilege wrapper runs (the wrappers after it, `sudo nice …`, and the command) is the
    system's: a bare name, or a path in the folders above; and none of them written by the input."""
    from ..per_input import once

    after = False
    runs = []
    for name, w in cmd.wrappers:
        if after:
            runs.append(w)
        after = after or name in PRIVILEGE
    runs += cmd.words[:1]
    written = None
    for w in runs:
        v = w.value
        if not v or "$" in v or "`" in v or ".." in v or "/" in v and not _SYSTEM_PROGRAM.match(v):
            return False
        written = written if written is not None else once(a.doc.data, _bin_writes, _bin_writes)
        if not written:
            continue
        name = v.rsplit("/", 1)[-1]
        places = (v.rsplit("/", 1)[0],) if "/" in v else tuple(_SECURE_PATH)
        if any(p in written or f"{p}/{name}" in written for p in places):
            return False
    return True


def inspection(cmd: Cmd) -> str | None:
    """What `cmd` reads when it only reads (the firewall's rules, the journal, a loopback capture …), else None."""
    name, args = cmd.name, cmd.args
    if _keeps_env(cmd):
        return None
    if name in _DEVICE_UPKEEP and (found := _DEVICE_UPKEEP[name](cmd)):
        return found
    vals = [w.value for w in args] if name not in _PID_TOOLS else _pid_tool_vals(cmd)
    if None in vals:
        from .backups import dated_upkeep  # (session 29: `zfs snapshot tank@pre-$(date +%F)`)

        from .secops import dated_upkeep as dated_scan  # (session 29: `clamscan --log=/var/log/x-$(date +%F).log`)

        return dated_upkeep(cmd) or dated_scan(cmd)  # a word known only at run time may be any option
    if name in _IPTABLES:
        return "the firewall's rules" if _iptables_lists(vals) else None  # type: ignore[arg-type]
    if name == "nft":
        pos = [v for v in vals if v not in _NFT_FLAGS and not _NFT_CLUSTER.fullmatch(v or "")]
        ok = pos[:1] == ["list"] and all(_NFT_WORD.fullmatch(v or "") for v in pos)
        return "the firewall's rules" if ok else _nft_ban(vals)
    if name == "ufw":
        return "the firewall's state" if vals[:1] == ["status"] and vals[1:] in ([], ["verbose"], ["numbered"]) else None
    if name == "journalctl":
        return None if any((v or "").startswith(_JOURNAL_WRITES) for v in vals) else "the system journal"
    if name in ("tcpdump", "tshark", "dumpcap"):
        from .routers import control_capture  # (session 28) pings, ARP, a VPN's encrypted packets

        return "a capture of the loopback interface" if _loopback_capture(cmd) else control_capture(cmd)
    if name == "ss":
        return None if any(_SS_WRITES.match(v or "") for v in vals) else "the sockets"
    if name in ("netstat", "lsof"):
        return "the sockets and open files"
    if name == "dmesg":
        return None if any(_DMESG_WRITES.match(v or "") for v in vals) else "the kernel log"
    reader = _READERS.get(name) or _root_query(name)
    if any(n not in _QUIET_ENV and not n.startswith("LC_") for n, _ in cmd.assigns):
        return None  # `sudo APT_CONFIG=/tmp/x apt-get -s …`, `PGOPTIONS=…`: a setting that may load or run code
    if reader is not None and reader(vals, [v for v in vals if v[:1] != "-"]):  # type: ignore[index]
        return f"`{name}`'s read-only query"
    from .backups import root_upkeep  # (session 29: scrubs, snapshots, borgmatic's jobs, shares mounted nosuid)
    from .hpc import root_upkeep as cluster_upkeep  # (session 31: the scheduler's and GPFS's queries, nodes drained)

    from .mobile import root_upkeep as management_upkeep  # (session 32: fdesetup, profiles, jamf's status)

    from .secops import root_upkeep as security_upkeep  # (session 29: CrowdSec's listings, ClamAV's scans, Lynis)

    return root_upkeep(cmd, vals) or cluster_upkeep(cmd, vals) or \
        management_upkeep(cmd, vals) or security_upkeep(cmd, vals)  # type: ignore[arg-type]


# Root's upkeep of the devices a developer plugs in (session 30): the user put in the groups that own serial ports,
# USB gadgets and buses (`usermod -aG dialout "$USER"`, what Arduino, PlatformIO and ROS 2 ask first), a CAN
# interface brought up at its bit rate, udev's rules reloaded and replayed (a rule itself is judged when written).
# Groups that read the keyboard, the screen or the terminals (input, video, tty) and root's equals stay reviewed.
DEVICE_GROUPS = frozenset({"dialout", "plugdev", "uucp", "i2c", "gpio", "spi", "render", "lock", "bluetooth",
                           # (SANE's scanners; not `lp`, which reads every job in CUPS's spool, nor `lpadmin`)
                           "scanner"})
_OWN_USER = frozenset({"$USER", "${USER}", "$LOGNAME", "$(whoami)", "$(id -un)", "`whoami`"})
_CAN_LINK = re.compile(r"^(?:v|sl|vx)?can\d{1,3}$")
_CAN_WORDS = frozenset({"type", "can", "vcan", "up", "down", "bitrate", "dbitrate", "restart-ms", "sample-point",
                        "fd", "on", "off", "berr-reporting", "listen-only", "loopback", "triple-sampling", "txqueuelen",
                        "qlen"})


def _device_groups(cmd: Cmd) -> str | None:
    """`usermod -aG dialout,plugdev "$USER"`: only device groups added, to one named user."""
    args = [w.value if w.value is not None else w.text.strip('"') for w in cmd.args]
    if len(args) < 2 or args[0] not in ("-aG", "-a") or args[0] == "-a" and (len(args) < 4 or args[1] != "-G"):
        return None
    groups, rest = (args[1], args[2:]) if args[0] == "-aG" else (args[2], args[3:])
    user = rest[0] if len(rest) == 1 else None
    if not user or not set(groups.split(",")) <= DEVICE_GROUPS or not (user in _OWN_USER or
                                                                     re.fullmatch(r"[a-z_][\w.-]{0,31}", user)):
        return None
    return f"access to the devices of {groups.replace(',', ', ')}"


def _can_link(cmd: Cmd) -> str | None:
    """`ip link set can0 type can bitrate 500000`, `ip link set up can0`: a CAN bus interface set up."""
    vals = [w.value for w in cmd.args]
    if None in vals or vals[:2] not in (["link", "set"], ["l", "set"]):
        return None
    rest = vals[2:]
    dev = rest[rest.index("dev") + 1] if "dev" in rest and rest.index("dev") + 1 < len(rest) else \
        next((v for v in rest if _CAN_LINK.match(v)), None)
    ok = dev is not None and _CAN_LINK.match(dev) and all(v == dev or v == "dev" or v in _CAN_WORDS or v.isdigit() or
                                                         re.fullmatch(r"0?\.\d{1,3}", v) for v in rest)
    return f"the CAN interface {dev} set up" if ok else None


def _udev_reload(cmd: Cmd) -> str | None:
    """`udevadm control --reload-rules`, `udevadm trigger [--subsystem-match=tty]`, `udevadm settle`."""
    vals = [w.value for w in cmd.args]
    if None in vals or not vals:
        return None
    if vals[0] == "control":
        ok = len(vals) == 2 and vals[1] in ("--reload", "--reload-rules", "-R")
    elif vals[0] == "trigger":
        ok = all(re.fullmatch(r"--(?:action=(?:add|change)|(?:subsystem|attr|property|sysname)-match=[\w.:*=-]+)|"
                              r"-[vnq]|--verbose|--dry-run|--settle|-w", v) for v in vals[1:])
    else:
        ok = vals[0] == "settle" and all(v.startswith("--timeout") or v == "-t" or v.isdigit() for v in vals[1:])
    return "udev's rules reloaded" if ok else None


_DEVICE_UPKEEP = {"usermod": _device_groups, "ip": _can_link, "udevadm": _udev_reload}


# Root's other read-only queries, each with the words that keep it one: a status, a listing, a configuration check
# (`visudo -c`, `nginx -t`), a cache flushed (`resolvectl flush-caches`). A word outside them (a verb that sets,
# an option that writes or prints a private key) leaves the usual review. name -> (all words, positional words) -> ok
def _no_options(*bad: str):
    return lambda vals, pos: not any(v.split("=", 1)[0] in bad for v in vals)


def _options_in(*ok: str, need: tuple[str, ...] = (), operands: bool = True):
    """Every option among `ok` (values of `--x=V` included), at least one of `need` when given, operands allowed."""
    allowed = frozenset(ok)
    return lambda vals, pos: all(v.split("=", 1)[0] in allowed for v in vals if v[:1] == "-") and \
        (not need or any(v.split("=", 1)[0] in need for v in vals)) and (operands or not pos)


def _verbs(*ok: str, prefixes: tuple[str, ...] = (), bare: bool = True, operands: int = 99):
    """The first operand (the verb) among `ok` or starting with one of `prefixes` (none at all when `bare`), with at
    most `operands` operands after it."""
    allowed = frozenset(ok)
    return lambda vals, pos: (not pos and bare) or bool(pos) and (pos[0] in allowed or pos[0].startswith(prefixes)) \
        and len(pos) - 1 <= operands


def _wg_show(vals: list[str], pos: list[str]) -> bool:
    # `wg show all dump`, `wg show wg0 private-key` print the interface's private key
    return not pos or pos[0] == "show" and not ({"private-key", "preshared-keys", "dump"} & set(pos))


def _ip_reads(vals: list[str], pos: list[str]) -> bool:
    if "-n" in vals or "-netns" in vals or "-b" in vals or "-batch" in vals:
        return False  # another namespace, or commands read from a file
    return len(pos) <= 1 or pos[1] in ("show", "list", "lst", "get", "s", "sh", "ls") and pos[0] != "netns"


def _nmcli_reads(vals: list[str], pos: list[str]) -> bool:
    return len(pos) <= 1 or pos[1] in ("status", "show", "list", "s", "sh", "l") and (pos[0][:1] != "g" or len(pos) == 2)


_SMART_READS = ("-H", "--health", "-i", "--info", "-a", "--all", "-x", "--xall", "-A", "--attributes", "-c",
                "--capabilities", "-l", "--log", "-d", "--device", "-n", "--nocheck", "-j", "--json", "-q",
                "--quietmode", "--scan", "--scan-open", "-r", "--report", "-g", "--get", "--identify", "-T",
                "--tolerance", "-f", "--format")
_FIREWALLD_READS = ("--list-", "--get-", "--query-", "--info-")


def _smartctl_reads(vals: list[str], pos: list[str]) -> bool:
    # the values of -d/-l/-n/-g/-q/-r/-T/-f are words such as `sat`, `error`, `standby`: operands here
    return all(v.split("=", 1)[0] in _SMART_READS for v in vals if v[:1] == "-") and \
        all(p.startswith("/dev/") or p.isalnum() or "," in p for p in pos)


def _firewalld_reads(vals: list[str], pos: list[str]) -> bool:
    reads = [v for v in vals if v.startswith(_FIREWALLD_READS) or v in ("--state", "--check-config")]
    return bool(reads) and all(v.startswith(_FIREWALLD_READS) or v in ("--state", "--check-config", "--permanent", "-q",
                                                                     "--quiet") or v.startswith("--zone=") for v in vals)


def _resolved_reads(vals: list[str], pos: list[str]) -> bool:
    if not pos or pos[0] in ("status", "query", "statistics", "show-cache", "show-server-state", "flush-caches",
                             "reset-statistics", "reset-server-features", "monitor", "service", "openpgp", "tlsa"):
        return True
    # `resolvectl dns eth0` shows the interface's servers; with a server after it, it sets them
    return pos[0] in ("dns", "domain", "default-route", "llmnr", "mdns", "dnssec", "dnsovertls", "nta", "log-level") \
        and len(pos) <= 2


def _passwd_status(vals: list[str], pos: list[str]) -> bool:
    return any(v in ("-S", "--status") for v in vals) and all(v in ("-S", "--status", "-a", "--all") for v in vals
                                                              if v[:1] == "-") and len(pos) <= 1


def _root_query(name: str):
    """The read-only query test of a mail, name or forge server's tool (admin.ROOT_QUERIES), or None."""
    from .admin import ROOT_QUERIES  # (imported here: admin.py imports this module's neighbours first)

    return ROOT_QUERIES.get(name)


_READERS = {
    **dict.fromkeys(("aa-status", "apparmor_status", "blkid", "lsblk", "findmnt", "lspci", "lsusb", "lsmod", "lscpu",
                     "lsns", "free", "uptime", "df", "du", "ls", "stat", "lsattr", "getfacl", "id", "whoami", "true",
                     "getenforce", "sestatus", "modinfo", "pvs", "vgs", "lvs", "pvdisplay", "vgdisplay", "lvdisplay",
                     "iptables-save", "ip6tables-save", "dpkg-query"), lambda vals, pos: True),
    "lshw": _no_options("-dump"), "dmidecode": _no_options("--dump-bin", "--from-dump"),
    # the mail queue listed and the mail server's settings printed (`postconf -e`/`-X`/`-#` and `k=v` change them)
    "postqueue": lambda vals, pos: bool(vals) and all(v in ("-p", "-j") for v in vals),
    "mailq": lambda vals, pos: not vals,
    "postconf": lambda vals, pos: not any(v in ("-e", "-X", "-#") or v[:1] == "-" and v[1:2] != "-" and
                                          set(v[1:]) & set("eX#") or "=" in v for v in vals),
    "fuser": lambda vals, pos: not any(v in ("-k", "--kill") or v[:1] == "-" and v[1:2] != "-" and "k" in v for v in vals),
    "wg": _wg_show,
    "ip": _ip_reads, "nmcli": _nmcli_reads, "networkctl": _verbs("list", "status", "lldp"),
    "resolvectl": _resolved_reads,
    "systemctl": _verbs("status", "show", "cat", "is-active", "is-enabled", "is-failed", "is-system-running",
                        "list-units", "list-unit-files", "list-timers", "list-sockets", "list-dependencies", "list-jobs",
                        "get-default", "show-environment", "help"),
    "timedatectl": _verbs("status", "show", "list-timezones", "timesync-status", "show-timesync"),
    "hostnamectl": _verbs("status", operands=0), "localectl": _verbs("status", prefixes=("list-",)),
    "loginctl": _verbs("session-status", "user-status", "seat-status", prefixes=("list-", "show-")),
    "sysctl": lambda vals, pos: not any(v in ("-w", "--write", "-p", "--load", "--system") or v.startswith("--load=")
                                        or "=" in v and v[:1] != "-" for v in vals),
    "apt-mark": _verbs(prefixes=("show",), bare=False), "apt-cache": _verbs(
        "policy", "show", "showpkg", "showsrc", "search", "depends", "rdepends", "madison", "pkgnames", "stats",
        bare=False),
    "apt": _verbs("list", "show", "search", "policy", "depends", "rdepends", "showsrc", bare=False),
    "dpkg": _options_in("-l", "--list", "-L", "--listfiles", "-s", "--status", "-S", "--search", "-p", "--print-avail",
                        "-c", "--contents", "-I", "--info", "--get-selections", "--print-architecture",
                        "--print-foreign-architectures", "--compare-versions", "--audit", "-C", "-V", "--verify",
                        "--version", need=("-l", "--list", "-L", "--listfiles", "-s", "--status", "-S", "--search", "-p",
                                           "--print-avail", "-c", "--contents", "-I", "--info", "--get-selections",
                                           "--print-architecture", "--print-foreign-architectures",
                                           "--compare-versions", "--audit", "-C", "-V", "--verify", "--version")),
    "snap": _verbs("list", "info", "version", "services", "connections", "changes", "find", bare=False),
    "flatpak": _verbs("list", "info", "remotes", "remote-ls", "history", bare=False),
    "firewall-cmd": _firewalld_reads, "smartctl": _smartctl_reads,
    "nvme": _verbs("list", "list-subsys", "smart-log", "id-ctrl", "id-ns", "error-log", "fw-log", "version", bare=False),
    "auditctl": lambda vals, pos: bool(vals) and all(v in ("-l", "-s") for v in vals),
    "passwd": _passwd_status, "chage": _options_in("-l", "--list", need=("-l", "--list")),
    "visudo": _options_in("-c", "--check", "-q", "--quiet", "-s", "--strict", "-f", "--file",
                          need=("-c", "--check")),
    "nginx": _options_in("-t", "-T", "-v", "-V", "-q", "-c", "-p", need=("-t", "-T", "-v", "-V")),
    "sshd": _options_in("-t", "-T", "-f", "-C", need=("-t", "-T")),
    **dict.fromkeys(("apachectl", "apache2ctl"), lambda vals, pos: vals in (
        ["configtest"], ["-t"], ["-S"], ["-M"], ["-v"], ["-V"], ["-t", "-D", "DUMP_VHOSTS"], ["-t", "-D", "DUMP_MODULES"])),
    "logrotate": lambda vals, pos: any(v in ("-d", "--debug") for v in vals),
    "losetup": _options_in("-a", "--all", "-l", "--list", "-j", "--associated", "-J", "--json", "-n", "--noheadings",
                           "-O", "--output", "--raw"),
    **dict.fromkeys(("fdisk", "sfdisk"), _options_in("-l", "--list", "-s", "--show-size", "-d", "--dump", "-J",
                                                     "--json", need=("-l", "--list", "-s", "--show-size", "-d",
                                                                     "--dump", "-J", "--json"))),
    "parted": lambda vals, pos: vals in (["-l"], ["--list"]) or pos[1:] == ["print"] and
    all(v in ("-s", "--script", "-m", "--machine") for v in vals if v[:1] == "-"),
    "conntrack": _options_in("-L", "--dump", "-S", "--stats", "-C", "--count", "-n", "-o", "--output",
                             # (session 28) the listing's filters: `-L -p udp --dport 4500` (deleting is -D)
                             "-p", "--proto", "--dport", "--sport", "-s", "--src", "-d", "--dst", "-f", "--family",
                             "--state", "-m", "--mark", "--zone",
                             need=("-L", "--dump", "-S", "--stats", "-C", "--count")),
    "hostname": lambda vals, pos: not pos and all(v in ("-f", "-s", "-i", "-I", "-d", "-A", "--fqdn", "--short")
                                                  for v in vals),
}


# -- more of root's read-only queries (session 16, second round): storage pools, the logs, the audit trail, a
# database's catalogue. Each is taken with the words that keep it a query; anything else keeps the usual review.
def _named(token: str, names: tuple[str, ...]) -> str | None:
    """The one name `token` abbreviates (btrfs takes any unambiguous prefix: `btrfs sub li`), else None."""
    if token in names:
        return token
    found = [n for n in names if n.startswith(token)]
    return found[0] if len(found) == 1 else None


# btrfs's command groups, each with every verb it has; the verbs that only read are listed apart
_BTRFS_GROUPS = {
    "subvolume": ("create", "delete", "snapshot", "list", "show", "sync", "set-default", "get-default", "find-new"),
    "filesystem": ("df", "du", "show", "sync", "defragment", "resize", "label", "usage", "mkswapfile"),
    "device": ("add", "delete", "remove", "ready", "scan", "stats", "usage"),
    "scrub": ("start", "cancel", "resume", "status", "limit"), "balance": ("start", "pause", "cancel", "resume", "status"),
    "qgroup": ("assign", "remove", "create", "destroy", "show", "limit", "clear-stale"),
    "property": ("get", "set", "list"), "replace": ("start", "status", "cancel"), "check": (), "inspect-internal": (),
    "quota": (), "receive": (), "rescue": (), "restore": (), "send": (), "version": ()}
_BTRFS_READS = {"subvolume": {"list", "show", "get-default"}, "filesystem": {"df", "du", "show", "usage"},
                "device": {"stats", "usage"}, "scrub": {"status"}, "balance": {"status"}, "qgroup": {"show"},
                "property": {"get", "list"}, "replace": {"status"}}
_BTRFS_GROUP_NAMES = tuple(_BTRFS_GROUPS)


def _btrfs_reads(vals: list[str], pos: list[str]) -> bool:
    if vals in (["version"], ["--version"]):
        return True
    group = _named(pos[0], _BTRFS_GROUP_NAMES) if len(pos) >= 2 else None
    verb = _named(pos[1], _BTRFS_GROUPS[group]) if group is not None else None
    if verb is None or verb not in _BTRFS_READS.get(group, ()):  # type: ignore[arg-type]
        return False
    # `btrfs device stats -z` sets the error counters back to zero: the trail of a failing disk is gone
    return not (verb == "stats" and any(v in ("-z", "--reset") or v[:1] == "-" and v[1:2] != "-" and "z" in v
                                        for v in vals))


_ZPOOL_READS = frozenset({"status", "list", "iostat", "history", "get", "events", "version"})
_ZFS_READS = frozenset({"list", "get", "holds", "userspace", "groupspace", "projectspace", "diff", "version"})


def _zpool_reads(vals: list[str], pos: list[str]) -> bool:
    # `zpool events -c` clears the pool's event log
    return bool(pos) and pos[0] in _ZPOOL_READS and not (pos[0] == "events" and "-c" in vals)


# apt's dry runs: the solver's answer is printed and nothing is downloaded or installed
_APT_SIMULATE = frozenset({"-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act"})
_APT_SIMULATED = frozenset({"install", "remove", "purge", "upgrade", "dist-upgrade", "full-upgrade", "autoremove",
                            "autopurge", "reinstall", "build-dep", "satisfy"})
_APT_CLUSTER = re.compile(r"^-[qyVmfs]*s[qyVmfs]*$")


def _apt_simulates(vals: list[str], pos: list[str]) -> bool:
    """`apt-get -s dist-upgrade`: the plan only. A configuration option (`-o`, `-c`: hooks.py reads those, and a
    hook runs even in a dry run) leaves the usual review."""
    if not pos or pos[0] not in _APT_SIMULATED:
        return False
    if any(v.split("=", 1)[0] in ("-o", "--option", "-c", "--config-file") or v.startswith(("-o", "-c"))
           for v in vals):
        return False
    return any(v in _APT_SIMULATE or _APT_CLUSTER.match(v) for v in vals)


# readers of the system's logs: every file they are given is under /var/log (the secrets keep their own rule). Each
# reader's options that take a value, and those that read or write another file (grep -f, wc --files0-from, less -o)
_LOG_ROOT = "/var/log"
_LOG_VALUE = {"tail": ("-n", "--lines", "-c", "--bytes", "-s", "--sleep-interval", "--pid", "--max-unchanged-stats"),
              "head": ("-n", "--lines", "-c", "--bytes"),
              "grep": ("-e", "--regexp", "-m", "--max-count", "-A", "--after-context", "-B", "--before-context", "-C",
                       "--context", "--label", "--include", "--exclude", "--exclude-dir", "--color", "--colour", "-d",
                       "--directories", "-D", "--devices", "--binary-files")}
_LOG_OTHER_FILE = ("--file", "--files0-from", "--log-file", "--LOG-FILE", "--lesskey-file")
_GREPS = frozenset({"grep", "egrep", "fgrep", "zgrep", "zegrep", "zfgrep", "bzgrep", "xzgrep"})
_PAGERS = frozenset({"less", "more", "zless", "zmore"})


_LOG_LETTERS = {"tail": "ncs", "head": "nc", "grep": "emABCdD"}  # short options that take a value
_LOG_BAD_LETTERS = {"grep": "f", "less": "oOk"}  # a pattern file (a secret's lines matched), a log file written


def _log_reads(name: str):
    kind = "grep" if name in _GREPS else "less" if name in _PAGERS else name
    takes = frozenset(_LOG_VALUE.get(kind, ()))
    letters, bad = _LOG_LETTERS.get(kind, ""), _LOG_BAD_LETTERS.get(kind, "")

    def reads(vals: list[str], pos: list[str]) -> bool:
        files, pattern_given, i = [], False, 0
        while i < len(vals):
            v = vals[i]
            i += 1
            opt = v.split("=", 1)[0]
            if v[:1] != "-" or v == "-":
                if v[:1] == "+" and kind == "less":
                    return False  # `less +!cmd`: commands the pager runs at start
                files.append(v)
            elif opt in _LOG_OTHER_FILE:
                return False
            elif v[:2] == "--":
                pattern_given = pattern_given or opt == "--regexp"
                i += opt in takes and "=" not in v
            else:
                for k, c in enumerate(v[1:]):
                    if c in bad:
                        return False
                    if c in letters:
                        pattern_given = pattern_given or c == "e"
                        i += k == len(v) - 2  # the value is the next word unless glued (`-n50`, `-A3`)
                        break
        if kind == "grep" and not pattern_given:
            files = files[1:]  # the pattern
        return bool(files) and all(_under_logs(f) or _public_config(f) for f in files)

    return reads


# the kernel's trace buffer (`bpf_printk` output, ftrace events): read as root, it changes nothing
_TRACE_FILES = ("/sys/kernel/debug/tracing/", "/sys/kernel/tracing/")


def _under_logs(path: str) -> bool:
    p = paths.normalize(path)
    if p.startswith(_TRACE_FILES):
        return p.rsplit("/", 1)[-1] in ("trace", "trace_pipe", "available_events", "available_filter_functions",
                                        "available_tracers", "current_tracer", "tracing_on", "format")
    return (p == _LOG_ROOT or p.startswith(_LOG_ROOT + "/")) and not paths.is_secret(p)


# psql run as the database's owner with statements that only read: a SELECT of the catalogue's size functions, SHOW,
# a listing meta-command. A function not listed here (pg_read_file reads any file as the server, set_config,
# pg_terminate_backend, lo_export …), INTO, a lock, a second statement, or a file of statements leaves the usual review.
_PSQL_VALUE = frozenset({"-c", "--command", "-d", "--dbname", "-U", "--username", "-h", "--host", "-p", "--port",
                         "-F", "--field-separator", "-R", "--record-separator", "-P", "--pset", "-v", "--set",
                         "--variable", "-T", "--table-attr"})
_PSQL_FLAGS = re.compile(r"^-[AaeEnqSstXxwW0z]+$")
_PSQL_META = re.compile(r"^\s*\\(?:l|list|d[A-Za-z]{0,3}|conninfo|encoding)\+?(?:\s+[\w.*\"]+)?\s*$")
_SQL_READ = re.compile(r"(?is)^\s*(?:select|show|table|values)\b[^;]*;?\s*$")
# INTO makes a table, FOR UPDATE locks rows; the catalogues of password hashes are secrets; a quoted name or a comment
# before a parenthesis would hide which function is called
_SQL_LOCKS = re.compile(r"(?i)\binto\b|\bfor\s+(?:update|share|no\s+key|key)\b|pg_authid|pg_shadow|pg_user_mapping|"
                        r"\"\s*\(|/\*|--")
_SQL_CALL = re.compile(r"(?<!\w)(\w++)\s*+\(")  # from a word's start only
_SQL_CALLS = frozenset((
    # SQL's own words before a parenthesis
    "select in exists any all some values over filter within as on using from where join and or not by case when then "
    "else cast coalesce nullif greatest least extract position overlay trim substring interval lateral row array "
    # types
    "numeric decimal varchar char character int integer bigint float real double timestamp timestamptz time date "
    # aggregates, arithmetic and text
    "count sum avg min max round floor ceil ceiling abs trunc lower upper length char_length octet_length left right "
    "substr concat concat_ws format replace split_part regexp_replace regexp_match string_agg array_agg json_agg "
    "jsonb_agg json_build_object jsonb_build_object jsonb_pretty to_json to_jsonb row_to_json array_to_string "
    "string_to_array unnest generate_series array_length row_number rank dense_rank lag lead percentile_cont "
    "to_char to_date to_timestamp date_trunc date_part age now clock_timestamp statement_timestamp justify_interval "
    # what the server says about itself and its databases
    "version current_setting current_database current_schema current_user session_user inet_server_addr "
    "inet_server_port pg_backend_pid pg_postmaster_start_time pg_conf_load_time pg_is_in_recovery "
    "pg_last_xact_replay_timestamp pg_last_wal_receive_lsn pg_last_wal_replay_lsn pg_current_wal_lsn "
    "pg_wal_lsn_diff pg_size_pretty pg_size_bytes pg_database_size pg_relation_size pg_total_relation_size "
    "pg_table_size pg_indexes_size pg_tablespace_size pg_column_size pg_get_userbyid pg_get_indexdef "
    "pg_get_viewdef pg_get_constraintdef pg_get_triggerdef pg_get_functiondef pg_get_expr pg_encoding_to_char "
    "pg_typeof pg_blocking_pids pg_relation_filenode pg_tablespace_location has_table_privilege "
    "has_database_privilege has_schema_privilege obj_description col_description shobj_description quote_ident "
    "quote_literal format_type").split())


def _sql_reads(statement: str) -> bool:
    if _PSQL_META.match(statement):
        return True
    if not _SQL_READ.match(statement) or _SQL_LOCKS.search(statement):
        return False
    return all(m.group(1).lower() in _SQL_CALLS for m in _SQL_CALL.finditer(statement))


def _psql_reads(vals: list[str], pos: list[str]) -> bool:
    statements, i = [], 0
    while i < len(vals):
        v = vals[i]
        i += 1
        opt = v.split("=", 1)[0]
        if opt in ("-c", "--command") or _PSQL_FLAGS.match(v[:-1]) and v[-1:] == "c":
            if "=" in v and opt == "--command":
                statements.append(v.split("=", 1)[1])
            elif i < len(vals):
                statements.append(vals[i])
                i += 1
            else:
                return False
        elif opt in _PSQL_VALUE:
            i += "=" not in v
        elif v[:1] == "-" and not _PSQL_FLAGS.match(v) and v not in ("--no-psqlrc", "--csv", "--html", "--echo-all",
                                                                     "--tuples-only", "--no-align", "--quiet",
                                                                     "--expanded", "-l", "--list"):
            return False  # -f (a file of statements), -o/-L (writes a file), -s and the rest
    lists = any(v in ("-l", "--list") for v in vals)
    return (bool(statements) or lists) and all(_sql_reads(s) for s in statements)


_FAIL2BAN_READS = frozenset({"status", "ping", "get", "banned", "version", "help", "--version", "-V", "-h", "--help"})


_READERS_APT = _READERS["apt"]
_READERS.update({
    "btrfs": _btrfs_reads, "zpool": _zpool_reads,
    "zfs": lambda vals, pos: bool(pos) and pos[0] in _ZFS_READS,
    "apt-get": _apt_simulates,
    "apt": lambda vals, pos: _READERS_APT(vals, pos) or _apt_simulates(vals, pos),
    **{n: _log_reads(n) for n in ("cat", "tac", "head", "tail", "wc", "zcat", "bzcat", "xzcat", "zstdcat") + tuple(_GREPS)
       + tuple(_PAGERS)},
    # the audit trail searched and summed up (`--checkpoint` writes a file)
    **dict.fromkeys(("ausearch", "aureport"), _no_options("--checkpoint")),
    # (`set JAIL banip ADDR…` only adds a ban: an address shut out, as fail2ban itself does; unbanip and
    # addignoreip let one in, and stay reviewed)
    "fail2ban-client": lambda vals, pos: bool(vals) and (vals[0] in _FAIL2BAN_READS or
                                                         vals[0] == "set" and vals[2:3] == ["banip"]),
    "psql": _psql_reads,
    "bpftool": lambda vals, pos: _bpftool_reads(pos), "bpftrace": lambda vals, pos: _bpftrace_checks(vals),
    "certbot": lambda vals, pos: pos == ["certificates"] or pos == ["renew"] and "--dry-run" in vals and not any(
        v.split("=", 1)[0] in _CERTBOT_RUNS for v in vals),
    "squid": lambda vals, pos: vals in (["-k", "parse"], ["-k", "check"], ["-v"], ["--version"]),
    # ZeroTier's node and its networks shown (`join`/`leave`/`set`/`orbit` change them); `-j` prints JSON
    "zerotier-cli": lambda vals, pos: bool(pos) and pos[0] in _ZEROTIER_READS and
    all(v in ("-j", "-h") for v in vals if v[:1] == "-"),
    "perf": lambda vals, pos: _perf_reads(vals, pos),
    "py-spy": lambda vals, pos: _pyspy_reads(vals, pos), "strace": lambda vals, pos: _strace_counts(vals, pos),
    "rsyslogd": lambda vals, pos: _rsyslog_checks(vals, pos),
    "datadog-agent": lambda vals, pos: _datadog_reads(vals, pos),
})
_ZEROTIER_READS = frozenset({"info", "listnetworks", "listpeers", "peers", "listmoons", "get", "status", "dump"})


# -- root's queries of a home server (session 22): the jobs, the caches, the tailnet, the LAN, certbot's files -------
# `sudo cat /etc/letsencrypt/renewal/x.conf`, `sudo head /etc/letsencrypt/live/x/fullchain.pem`: certbot's record of
# how a certificate renews and the public certificate chain it got, in a tree that is partly root's alone (live/ and
# archive/). The keys beside them (privkey.pem, accounts/), and other configurations read as root (sshd_config,
# nginx.conf: tests/validate/test_s16_o2_admin.py keeps those reviewed), keep the usual review.
_PUBLIC_CONFIG = re.compile(
    r"^/etc/letsencrypt/(?:renewal/[^/]+\.conf|cli\.ini|(?:live|archive)/[^/]+/(?:cert|chain|fullchain)\d*\.pem|"
    r"live/[^/]+/README)$")


# (a key, a password file or an env file dropped beside the configuration, in a folder of these families)
_SECRET_NAME = re.compile(r"(?i)^\.|key|secret|passw|token|cred|\.(?:pem|p12|pfx|env|jks)$")
_CERT_NAME = re.compile(r"^(?:cert|chain|fullchain)\d*\.pem$")


def _public_config(path: str) -> bool:
    p = paths.normalize(path)
    if not p.startswith("/etc/") or _PUBLIC_CONFIG.match(p) is None:
        return False
    name = p.rsplit("/", 1)[-1]
    return (_CERT_NAME.match(name) is not None or _SECRET_NAME.search(name) is None) and not paths.is_secret(p) and \
        not paths.held_secret(p)


def _crontab_lists(vals: list[str], pos: list[str]) -> bool:
    """`crontab -l [-u NAME]`: an account's jobs listed (`-r` removes them, `-e` edits, a file operand installs)."""
    listed, i = False, 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v == "-l":
            listed = True
        elif v == "-u" and i < len(vals) and vals[i][:1] != "-":
            i += 1
        elif not (v.startswith("-u") and len(v) > 2):
            return False
    return listed


# sss_cache marks SSSD's cached users and groups stale (the next lookup asks the directory again): a cache flushed, as
# `resolvectl flush-caches` is; it removes no account or rule
_SSS_CACHE = ("-E", "--everything", "-U", "--users", "-G", "--groups", "-N", "--netgroups", "-S", "--services", "-A",
              "--autofs-maps", "-u", "--user", "-g", "--group", "-n", "--netgroup", "-s", "--service", "-a",
              "--autofs-map", "-d", "--domain")
# tailscale's views of this node and the tailnet; `up`/`set`/`serve`/`funnel`/`cert` change what the node offers, and
# `status --web` serves a page
_TAILSCALE_READS = frozenset({"status", "ip", "netcheck", "version", "whois", "ping", "bugreport"})


def _tailscale_reads(vals: list[str], pos: list[str]) -> bool:
    if any(v.split("=", 1)[0] in ("--web", "--listen") for v in vals) or not pos:
        return False
    return pos[0] in _TAILSCALE_READS or pos[0] in ("serve", "funnel", "dns") and pos[1:2] == ["status"] or \
        pos[0] == "exit-node" and pos[1:2] in (["list"], ["suggest"])


# `sudo nmap -sn 192.168.1.0/24 -oG -`: which hosts of the user's own network answer (raw packets need root), and the
# ports and services they offer, printed. A script (`--script`, `-sC`, `-A`: Lua run as root), a file read or written (`-iL`,
# `-oN FILE`, `--resume`, `--datadir`), spoofed or decoy packets, or a target that is a name or a public address keeps
# the review.
_NMAP_FLAGS = re.compile(r"^-(?:s[nPLSTUVAFNXWY]|P[nREPMO]|n|R|F|O|6|T[0-5]|v+|d+|v\d|d\d|r|P[SAUY][\d,-]*|"
                         r"-(?:open|reason|traceroute|system-dns|packet-trace|version-light|version-all|osscan-guess|"
                         r"privileged|unprivileged|disable-arp-ping|send-eth|send-ip|max-os-tries=\d+|stats-every=\w+))$")
_NMAP_VALUES = frozenset({"-p", "--top-ports", "-e", "--host-timeout", "--max-retries", "--min-rate", "--max-rate",
                          "--exclude", "--min-parallelism", "--max-parallelism", "--scan-delay", "--max-scan-delay",
                          "--min-hostgroup", "--max-hostgroup", "--version-intensity", "--initial-rtt-timeout",
                          "--max-rtt-timeout", "--min-rtt-timeout", "--exclude-ports"})
_NMAP_OUTPUTS = frozenset({"-oG", "-oN", "-oX", "-oS"})
_NMAP_TARGET = re.compile(r"^((?:\d{1,3}(?:-\d{1,3})?|\*)(?:\.(?:\d{1,3}(?:-\d{1,3})?|\*)){3})(?:/(\d{1,2}))?$")


def _nmap_reads(vals: list[str], pos: list[str]) -> bool:
    targets, i = 0, 0
    while i < len(vals):
        v = vals[i]
        i += 1
        opt, eq, val = v.partition("=")
        if _NMAP_FLAGS.match(v):
            continue
        if v in _NMAP_OUTPUTS or opt in _NMAP_VALUES:
            if not eq:
                if i >= len(vals):
                    return False
                val, i = vals[i], i + 1
            if v in _NMAP_OUTPUTS and val != "-":
                return False  # a file written as root
            continue
        if v[:1] == "-" or not _private_range(v):
            return False
        targets += 1
    return targets > 0


def _private_range(target: str) -> bool:
    """`192.168.1.0/24`, `10.0.0.1-50`, `192.168.1.*`: addresses of this network only (private, loopback or
    link-local at both ends of every range)."""
    import ipaddress

    m = _NMAP_TARGET.match(target)
    if m is None:
        return False
    ends = []
    for pick in (0, -1):
        octets = []
        for part in m.group(1).split("."):
            span = [0, 255] if part == "*" else [int(x) for x in part.split("-")]
            octets.append(str(span[pick]))
        ends.append(".".join(octets))
    try:
        nets = [ipaddress.ip_network(f"{e}/{m.group(2) or 32}", strict=False) for e in ends]
    except ValueError:
        return False
    return all(n.is_private or n.is_loopback or n.is_link_local for n in nets)


_READERS.update({"crontab": _crontab_lists, "sss_cache": _options_in(*_SSS_CACHE, need=_SSS_CACHE, operands=True),
                 "tailscale": _tailscale_reads, "nmap": _nmap_reads})


# -- a running process looked at by its id: stacks sampled, system calls counted ---------------------------------------
# `sudo py-spy dump --pid "$(pgrep -f 'celery worker')"`, `sudo strace -c -f -p "$PID" -o /tmp/x`: root reads what one
# process is doing and changes nothing. The id is usually known only at run time (a `pgrep` substitution, a variable):
# such a word is taken as the id when it is the value of `-p`/`--pid` and is one variable or one `$(…)` (a `pgrep`'s
# numbers; a word that is no number makes the tool fail). A program started under them (`py-spy record -- python x.py`, `strace ./x`) runs as root, strace
# without `-c` prints the data each call carries (what is read and written: passwords typed, tokens sent), and
# `-e inject=`/`fault=` changes what the process sees: those keep the usual review. An output file goes into the
# project or /tmp. py-spy and strace of a credential holder (ssh-agent, a browser) stay blocked (secret-read).
_PID_TOOLS = frozenset({"py-spy", "strace", "bpftrace"})
_PID_OPTS = frozenset({"-p", "--pid", "--attach"})
_OUT_OPTS = frozenset({"-o", "--output"})
_WHOLE_SUBST = re.compile(r'^"?\$(?:\{?\w+\}?|\((?:[^()]|\([^()]*\))*\))"?$')
# a relative path whose directory part is literal (`profiles/worker-$(date +%s).svg`): a file of the project
_PROJECT_OUT = re.compile(r"^(?!\.\.?/)[\w.-]+/[^\s'\"`]*$")
_BPF_PID = re.compile(r"(?<=[=!<>] )\$(?:\{?\w+\}?|\((?:[^()]|\([^()]*\))*\))(?=/|\s*&&|\s*\|\|)")
_DATE_STAMP = re.compile(r"\$\(date(?: [+%\w:-]+)?\)")


def _pid_tool_vals(cmd: Cmd) -> list[str | None]:
    out: list[str | None] = []
    prev = ""
    for w in cmd.args:
        v = w.value
        if v is None and prev in _PID_OPTS and _WHOLE_SUBST.match(w.text):
            v = "0"
        elif v is None and prev == "-e" and cmd.name == "bpftrace":
            v = _BPF_PID.sub("0", w.text)  # `/pid == '"$(pgrep -x api)"'/`: the id found at run time
        elif v is None and prev in _OUT_OPTS and _PROJECT_OUT.match(_DATE_STAMP.sub("0", w.text)) and ".." not in w.text:
            v = w.text.split("$", 1)[0] + "x"
        out.append(v)
        prev = v or ""
    return out


def _own_output(path: str) -> bool:
    """A file root may write for the user: inside the project (relative, not climbing out) or under /tmp."""
    if path[:1] in ("/", "~"):
        return path.startswith(("/tmp/", "/var/tmp/")) and ".." not in path and not paths.kinds(path)
    return ".." not in path.split("/") and not paths.kinds(path)


_PYSPY_FLAGS = frozenset({"-n", "--native", "-l", "--locals", "-j", "--json", "--nonblocking", "-s", "--subprocesses",
                          "--full-filenames", "-g", "--gil", "-i", "--idle", "-t", "--threads", "-F", "--function",
                          "--hideprogress", "--nolineno", "-c", "--capture"})
_PYSPY_VALUES = frozenset({"-r", "--rate", "-d", "--duration", "-f", "--format", "--delay"})


def _pyspy_reads(vals: list[str], pos: list[str]) -> bool:
    if not vals or vals[0] not in ("dump", "record", "top"):
        return False
    pid, i = False, 1
    while i < len(vals):
        v = vals[i]
        opt, eq, val = v.partition("=")
        i += 1
        if opt in _PID_OPTS or opt in _OUT_OPTS or opt in _PYSPY_VALUES:
            if not eq:
                if i >= len(vals):
                    return False
                val, i = vals[i], i + 1
            if opt in _PID_OPTS:
                pid = bool(val) and val[:1] != "-"  # (a word that is no number fails: py-spy runs nothing)
            elif opt in _OUT_OPTS and not _own_output(val):
                return False
        elif v not in _PYSPY_FLAGS:
            return False  # `--` and the program after it, or an option not known
    return pid


_STRACE_FLAGS = re.compile(r"^-[cfwq]+$|^--(?:summary-only|follow-forks|summary-wall-clock|quiet)$")
_STRACE_VALUES = frozenset({"-S", "--summary-sort-by", "-e", "-U", "--summary-columns", "-P", "--trace-path"})
_STRACE_FILTERS = re.compile(r"^(?:trace|t|signal|signals|s|status|quiet|q)=[\w,!%?/.-]*$")


def _strace_counts(vals: list[str], pos: list[str]) -> bool:
    """`strace -c -f -p PID [-o FILE] [-e trace=…]`: the calls of a running process counted, none of their data."""
    pid = summary = False
    i = 0
    while i < len(vals):
        v = vals[i]
        opt, eq, val = v.partition("=") if v[:2] == "--" else (v, "", "")
        i += 1
        if _STRACE_FLAGS.match(v):
            summary = summary or v == "--summary-only" or v[:2] != "--" and "c" in v
        elif opt in _PID_OPTS or opt in _OUT_OPTS or opt in _STRACE_VALUES or opt in ("--trace", "--signal"):
            if not eq and opt not in ("--trace", "--signal"):
                if i >= len(vals):
                    return False
                val, i = vals[i], i + 1
            if opt in _PID_OPTS:
                pid = bool(val) and val[:1] != "-"
            elif opt in _OUT_OPTS and not _own_output(val):
                return False
            elif opt == "-e" and not _STRACE_FILTERS.match(val):
                return False  # `-e inject=…`, `-e fault=…` change what the process sees; `-e read=3` dumps data
        else:
            return False  # a program to start, or an option not known
    return pid and summary


# -- configuration checks and agents' status ---------------------------------------------------------------------------
# `rsyslogd -N1` parses the configuration and exits; `datadog-agent status` / `check NAME` print what the running agent
# does and run one check once, printing its metrics (no `flare`, which uploads the configuration and logs)
_DATADOG_READS = frozenset({"status", "health", "version", "configcheck", "check", "hostname", "diagnose"})


def _rsyslog_checks(vals: list[str], pos: list[str]) -> bool:
    check, i = False, 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v in ("-N1", "-N2", "-N3") or v == "-N" and i < len(vals) and vals[i] in ("1", "2", "3"):
            check, i = True, i + (v == "-N")
        elif v == "-f" and i < len(vals):
            i += 1
        elif not v.startswith("-f") or len(v) < 3:
            return False
    return check


def _datadog_reads(vals: list[str], pos: list[str]) -> bool:
    if not pos or pos[0] not in _DATADOG_READS or any(v.split("=", 1)[0] in ("-c", "--cfgpath", "--flare", "-f",
                                                                                "--file") for v in vals):
        return False
    return len(pos) <= (2 if pos[0] in ("check", "diagnose") else 1)
# `perf script` / `perf report` print a recording made earlier (perf.data, root's after `sudo perf record`): a read.
# `perf script -s x.py` runs a script as root, `-g`/`--gen-script` writes one, `--dlfilter` loads a library, and
# `--objdump`/`--addr2line` name the program perf runs: those keep the usual review.
_PERF_READS = frozenset({"script", "report", "annotate", "list", "buildid-list", "evlist", "version", "diff", "kallsyms"})
_PERF_RUNS = re.compile(r"^(?:--(?:script|gen-script|dlfilter|dlarg|objdump|addr2line|symfs|kallsyms|vmlinux|output)\b|"
                        r"-[A-Za-z]*[sgo]|--input=/dev/)")


def _perf_reads(vals: list[str], pos: list[str]) -> bool:
    if not pos or pos[0] not in _PERF_READS:
        return False
    opts = [v for v in vals if v[:1] == "-"]
    if pos[0] == "report":  # report's `-s` / `-g` pick the columns and the call graph
        return not any(re.match(r"^--(?:objdump|addr2line|symfs|vmlinux|output)\b|^-o", v) for v in opts)
    return not any(_PERF_RUNS.match(v) for v in opts)


# bpftool's object kinds and the verbs that only show them; `dump … file F` writes a file, `pin`/`load`/`attach`/
# `update`/`delete` change the kernel
_BPFTOOL_SHOWS = frozenset({"show", "list", "dump", "lookup", "getnext", "peek", "tree", "probe"})
_BPFTOOL_KINDS = frozenset({"prog", "map", "link", "net", "cgroup", "btf", "feature", "perf", "struct_ops", "iter"})
# certbot options that name a program it runs as root during the renewal, or another configuration
_CERTBOT_RUNS = frozenset({"--pre-hook", "--post-hook", "--deploy-hook", "--renew-hook", "--manual-auth-hook",
                           "--manual-cleanup-hook", "-c", "--config", "--config-dir", "--work-dir", "--logs-dir"})


def _bpftool_reads(pos: list[str]) -> bool:
    if pos in (["version"], ["help"]):
        return True
    return len(pos) >= 2 and pos[0] in _BPFTOOL_KINDS and pos[1] in _BPFTOOL_SHOWS and "file" not in pos


def _bpftrace_checks(vals: list[str]) -> bool:
    """`bpftrace -l 'tracepoint:syscalls:*'` lists probes, `--dry-run` parses and checks a program without running its
    actions, `--info` prints what the kernel supports. A program that runs (even one aimed at one process) reads any
    process's memory as root, `--unsafe` lets it run commands, `-c` runs a program as root, `-o` writes a file: those
    keep the usual review (and check_bpftrace blocks the harmful ones)."""
    if any(v in ("--unsafe", "-c", "-o") for v in vals):
        return False
    if any(v in ("-l", "--dry-run", "--info", "-V", "--version") for v in vals):
        return True
    # `bpftrace -e 'profile:hz:99 /pid == 4242/ { @[ustack] = count(); }'`: a profile of one process (filtered on its id
    # or name), each clause only counting (or summing) by stacks, ids and names; what a probe's arguments point at (str(), buf(), printf) is never
    # read. Another file of probes (`bpftrace x.bt`) is not read here and keeps the review.
    if len(vals) != 2 or vals[0] != "-e":
        return False
    prog = vals[1].strip()
    clauses, pos = [], 0  # the program is its clauses, one after the other, and nothing else
    while pos < len(prog) and (m := _BPF_CLAUSE.match(prog, pos)):
        clauses.append(m.groups(""))
        pos = m.end()
    return bool(clauses) and pos == len(prog) and all(
        _bpf_counts(probe, flt, body) for probe, flt, body in clauses)


# read from the start or where the previous clause's `}` ended, never from inside a word or a list: one pass
_BPF_CLAUSE = re.compile(r"(?<![^}])\s*+([\w:*./-]+(?:\s*+,\s*+[\w:*./-]+)*)\s*+(/[^/{}]*/)?\s*+\{([^{}]*)\}")
_BPF_PROBES = re.compile(r"^(?:profile:(?:hz|s|ms|us):\d+|tracepoint:[\w*]+:[\w*]+|software:[\w-]+:\d*|"
                         r"hardware:[\w-]+:\d*|interval:(?:s|ms):\d+|END)$")
_BPF_FILTER = re.compile(r"^/\s*(?:(?:pid|tid|cpu|uid)\s*[=!<>]=?\s*\d+|comm\s*[=!]=\s*\"[\w.:-]*\")"
                         r"(?:\s*(?:&&|\|\|)\s*(?:(?:pid|tid|cpu|uid)\s*[=!<>]=?\s*\d+|comm\s*[=!]=\s*\"[\w.:-]*\"))*\s*/$")
_BPF_KEY = r"(?:ustack|kstack|ustack\(\d+\)|kstack\(\d+\)|comm|pid|tid|cpu|probe|func|cgroup)"
_BPF_AGG = re.compile(rf"^@\w*(?:\[\s*{_BPF_KEY}(?:\s*,\s*{_BPF_KEY})*\s*\])?\s*=\s*"
                      r"(?:count\(\)|(?:sum|avg|min|max|hist|stats)\((?:nsecs|elapsed|cpu|pid|1)?\))$")


def _bpf_counts(probe: str, flt: str, body: str) -> bool:
    statements = [x.strip() for x in body.split(";") if x.strip()]
    if not all(_BPF_PROBES.match(p.strip()) for p in probe.split(",")) or flt and not _BPF_FILTER.match(flt):
        return False
    if probe.startswith("interval:") or probe == "END":
        return statements in (["exit()"], []) or all(re.fullmatch(r"(?:clear|print)\(@\w*\)", x) for x in statements)
    # aimed at one process (`/pid == N/`, `/comm == "api"/`): every process's calls counted stays reviewed
    one = bool(flt) and re.search(r"(?:pid|tid|comm)\s*==", flt) is not None and "||" not in flt
    return one and bool(statements) and all(_BPF_AGG.match(x) for x in statements)



def _iptables_lists(vals: list[str]) -> bool:
    """`iptables -L -n -v`, `iptables -t nat -S`, `iptables -nvL INPUT --line-numbers`: a listing and nothing else."""
    listing, chains, i = False, 0, 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v in _IPT_LIST:
            listing = True
        elif v in _IPT_FLAGS:
            continue
        elif v in _IPT_ARG:
            i += 1
        elif v.startswith("-") and not v.startswith("--") and len(v) > 2 and set(v[1:]) <= set("nvxLS"):
            listing = listing or "L" in v or "S" in v  # `-nvL`
        elif not v.startswith("-"):
            chains += 1  # the chain listed
        else:
            return False
    return listing and chains <= 1


def _loopback_capture(cmd: Cmd) -> bool:
    """tcpdump on the loopback interface only, running no program (`-z CMD` runs one on each file written, as
    root), writing only an ordinary file."""
    ifaces = option_value(cmd.args, "-i", "--interface")
    if not ifaces or any(w.value not in _LOOPBACK_IF for w in ifaces):
        return False
    if any((w.value or "")[:1] == "-" and (w.value or "")[1:2] != "-" and "z" in (w.value or "") for w in cmd.args):
        return False
    for w in option_value(cmd.args, "-w"):
        out = w.value or ""
        if out != "-" and not out.startswith(("/tmp/", "/var/tmp/")) and paths.kinds(out):
            return False  # root writing a start-up, system or credential file
    return True


def _shell_path(cmd: Cmd) -> Word | None:
    """An argument that is a shell given by its path (`/bin/sh`; a bare `bash` is as often a package
    name, `sudo apt-get install zsh`)."""
    from .commands import base_name

    return next((w for w in cmd.args if w.value and "/" in w.value and not w.value.endswith("/")
                 and base_name(w.value) in SHELLS and w.value.startswith(("/", "./"))), None)


def _flag(w: Word) -> str:
    return (w.value or w.text).split("=", 1)[0]


def check_unset(a, name: str, node) -> None:
    if name in ("HISTFILE", "HISTSIZE", "HISTFILESIZE"):
        a.block("anti-forensics", f"`unset {name}` stops the shell from keeping history", node)


def check_fork_bomb(a, name: str, node, body) -> None:
    if body is None:
        return
    text = a.src(body)
    calls = _uses(text, name)
    if len(calls) >= 2 and ("|" in text or "&" in text) or any(text[end:].lstrip()[:1] == "&" for end in calls):
        a.block("resource-exhaustion", f"the function `{name}` starts copies of itself (a fork bomb)", node)


def _uses(text: str, name: str) -> list[int]:
    """Where each use of `name` as a whole word (not inside a longer name) ends in `text`. (Found without a pattern
    made of the name: a script defining 1,500 functions compiled 1,500 patterns.)"""
    out = []
    at = text.find(name) if name else -1
    while at >= 0:
        end = at + len(name)
        if not (at and _in_name(text[at - 1])) and not (end < len(text) and _in_name(text[end])):
            out.append(end)
        at = text.find(name, at + 1)
    return out


def _in_name(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


_ENDLESS = ("true", ":", "[ 1 ]", "[[ 1 ]]", "((1))", "/bin/true")
_NEVER = ("false", "/bin/false", "! true", "! :", "[ 0 = 1 ]", "((0))")  # `until` of these never stops


# commands that leave something behind on each turn: directories, files, copies, links
_CREATES = re.compile(r"(?:^|[\s;&|(])(?:mkdir|touch|cp|ln|fallocate|truncate|mktemp|dd|tee)\s")


def _spawns(btext: str) -> bool:
    """The loop body starts background jobs and never waits for them."""
    return bool(re.search(r"[^&]&\s*(;|\n|done)", btext)) and "wait" not in btext


# `while sleep 0`: a condition that is always true and waits for nothing
_NO_WAIT = re.compile(r"sleep\s+0*(?:\.0*)?[smhd]?")


def check_endless_loop(a, node) -> None:
    cond = node.child_by_field_name("condition")
    body = node.child_by_field_name("body")
    if body is None or cond is None and node.type != "c_style_for_statement":
        return
    if cond is not None:  # `for ((i=0;;i++))` has none: it never ends
        ctext = a.src(cond).strip().rstrip(";").strip()
        if node.children and node.children[0].type == "until":
            if ctext not in _NEVER:
                return
        elif ctext not in _ENDLESS and not re.fullmatch(r"(true|:)", ctext) and not _NO_WAIT.fullmatch(ctext):
            return
    btext = a.src(body)
    if re.search(r"\b(break|exit|return)\b", btext):
        return
    if _spawns(btext) or ((">>" in btext or _CREATES.search(btext)) and not re.search(r"\b(sleep|read|wait)\b", btext)):
        a.block("resource-exhaustion", "an endless loop starts processes or creates or appends to files without "
                                       "stopping", node)


_RANGE = re.compile(r"\{(-?\d+)\.\.(-?\d+)(?:\.\.-?\d+)?\}|\$\(\s*seq\s+(?:-?\d+\s+)?(\d+)\s*\)")
MANY = 1000  # background jobs started at once that exhaust a small machine's process table
SOURCE_NAMES = STREAMING | {"yes", "seq", "head"}  # the commands endless_source / _big_source can say yes to


# -- ransomware: a loop that encrypts each file and deletes the original -------------------------------
_VAR_REF = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9@])")
_DELETERS = frozenset({"rm", "shred", "unlink", "srm"})


def _encrypts(c: Cmd) -> bool:
    vals = [v or "" for v in c.values()]
    if c.name == "openssl":
        return bool(vals) and (vals[0] == "enc" and "-d" not in vals or vals[0].startswith(("aes-", "des", "chacha",
                                                                                              "camellia")))
    if c.name in ("gpg", "gpg2"):
        return any(v in ("-c", "--symmetric", "-e", "--encrypt") or v.startswith("-") and not v.startswith("--")
                   and ("c" in v or "e" in v) for v in vals) and not any(v in ("-d", "--decrypt") for v in vals)
    if c.name in ("age", "ccrypt", "rage"):
        return not any(v in ("-d", "--decrypt") for v in vals)
    return c.name in ("zip", "7z", "7za") and any(v in ("-e", "-P") or v.startswith("-p") for v in vals)


def check_encrypt_and_delete(a, cmds: list[Cmd], node) -> None:
    """`… | while read f; do openssl enc … -in "$f" -out "$f.locked" && rm -f "$f"; done`: every file the loop
    reaches encrypted with a key the user does not hold, and its original deleted (ransomware)."""
    encrypted = {m.group(1) for c in cmds if _encrypts(c) for w in c.args for m in _VAR_REF.finditer(w.text)}
    if not encrypted:
        return
    for c in cmds:
        if c.name in _DELETERS and any(m.group(1) in encrypted for w in c.args for m in _VAR_REF.finditer(w.text)):
            a.block("destructive-rm", f"the loop encrypts each file and then deletes it with `{c.name}`: the files "
                                      "are lost to whoever lacks the key (ransomware); keep the originals", node)
            return


def check_spawn_loop(a, node) -> None:
    """`for i in {1..100000}; do sleep 1000 & done`: a long list, one background job each."""
    body = node.child_by_field_name("body")
    if body is None:
        return
    m = _RANGE.search(a.ev.data[node.start_byte:body.start_byte].decode("utf-8", "replace"))
    if m is None:
        return
    count = int(m.group(3)) if m.group(3) else abs(int(m.group(2)) - int(m.group(1))) + 1
    if count >= MANY and _spawns(a.src(body)):
        a.block("resource-exhaustion", f"the loop starts {count} background jobs without waiting; run them a few at "
                                       "a time (xargs -P 4)", node)


def _big_source(c: Cmd, a) -> bool:
    """Endless output, or a `seq` of MANY lines or more."""
    if endless_source(c, a):
        return True
    nums = [int(v) for v in c.values() if v and v.isdigit()] if c.name == "seq" else []
    return bool(nums) and nums[-1] >= MANY


def _unlimited_xargs(c: Cmd) -> bool:
    return c.xargs_opts is not None and any(w.value in ("0", "-P0", "--max-procs=0") for w in c.xargs_opts)


def check_fill(a, stages: list[list[Cmd]], node, redirect_target: str | None = None) -> None:
    """An endless source piped, through filters that pass it on, into a file writer (`cat
    /dev/zero | tee f`, `cat /dev/urandom | gzip > f`: `redirect_target` is what the last stage
    writes) or into `xargs -P 0` (a new process for every line, with no limit)."""
    if not a.streams:
        return
    first = next((i for i, s in enumerate(stages) if any(c.name in SOURCE_NAMES and _big_source(c, a) for c in s)),
                 None)
    if first is None:
        return
    endless = any(endless_source(c, a) for c in stages[first])
    for k, s in enumerate(stages[first + 1:], first + 1):
        for c in s:
            writes = endless and (c.name in ("split", "csplit") or c.name == "tee" and any(w.value not in (None, "/dev/null") and
                                                          not (w.value or "").startswith("-") for w in c.args) or
                                  c.name == "dd" and not any((w.value or "").startswith("count=") for w in c.args) and
                                  any((w.value or "").startswith("of=") and w.value != "of=/dev/null" for w in c.args))
            if writes or _unlimited_xargs(c):
                what = "writes it to a file until the disk is full" if writes else "starts a process per line without limit"
                a.block("resource-exhaustion", f"an endless stream is piped into `{c.name or 'xargs'}`, which {what}",
                        node)
                return
            if c.name not in STREAMING:
                return  # `| head -c 32`: bounded from here on
            if k == len(stages) - 1 and endless and redirect_target and not redirect_target.startswith("/dev/"):
                a.block("resource-exhaustion", f"an endless stream is written through `{c.name}` into "
                                               f"{redirect_target}; this fills the disk", node)
                return


def check_xargs_flood(a, cmd: Cmd) -> None:
    """`xargs -P 0 ... < <(seq 100000)`: unlimited parallel processes fed a huge list."""
    if not a.streams or not _unlimited_xargs(cmd):
        return
    for r in cmd.redirects:
        for d in r.children_by_field_name("destination")[:1] if r.type == "file_redirect" else ():
            w = a.ev.word(d)
            if any(_big_source(c, a) for c in a.substituted([w])):
                a.block("resource-exhaustion", "`xargs -P 0` starts a process for every one of a huge list at once; "
                                               "use -P 4", cmd.node)
                return


# -- command handlers ------------------------------------------------------------------------------
def _history(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    if any(v.startswith("-") and set(v[1:]) & set("cdw") for v in vals):
        a.block("anti-forensics", "`history -c/-d/-w` clears or rewrites the shell history", cmd.node)


def _set(a, cmd: Cmd) -> None:
    vals = cmd.values()
    for i, v in enumerate(vals):
        if v == "+o" and i + 1 < len(vals) and vals[i + 1] == "history":
            a.block("anti-forensics", "`set +o history` stops the shell from keeping history", cmd.node)


def _note_stream(a, cmd: Cmd) -> None:
    a.streams = True  # `yes`, `seq`: sources system.check_fill looks for


def _shopt(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    opts = "".join(v[1:] for v in vals if v.startswith("-"))
    if "u" in opts and "o" in opts and "history" in vals:
        a.block("anti-forensics", "`shopt -u -o history` stops the shell from keeping history", cmd.node)


def _auditctl(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    if "-D" in vals or "-e0" in vals or any(v == "-e" and j + 1 < len(vals) and vals[j + 1] == "0"
                                            for j, v in enumerate(vals)):
        a.block("anti-forensics", "`auditctl -D` / `-e 0` deletes the audit rules or turns kernel auditing off",
                cmd.node)


def _setenforce(a, cmd: Cmd) -> None:
    if any((v or "").lower() in ("0", "permissive") for v in cmd.values()):
        a.block("system-disruption", "`setenforce 0` turns SELinux enforcement off for the whole machine", cmd.node)


_IP_OBJECTS = {"link": "l", "address": "a", "addr": "a", "route": "r", "neighbour": "n", "neigh": "n", "rule": "ru"}


def _network_down(a, cmd: Cmd) -> None:
    """Commands that take the machine off the network or break its routing."""
    vals = [v or "" for v in cmd.values()]
    pos = [v for v in vals if not v.startswith("-")]
    n = cmd.name
    if n == "ip":
        obj, verb = (pos + ["", ""])[:2]
        obj = _IP_OBJECTS.get(obj, obj)
        bad = obj in ("link", "l") and (verb in ("del", "delete") or verb == "set" and "down" in pos) or \
            obj in ("a", "r", "n", "ru", "address", "route") and verb in ("flush", "del", "delete")
    elif n == "ifconfig":
        bad = "down" in pos
    elif n == "nmcli":
        bad = "off" in pos or any(v in ("down", "disconnect", "delete") for v in pos[1:])
    elif n == "rfkill":
        bad = "block" in pos
    elif n == "tc":
        bad = pos[:1] == ["qdisc"] and pos[1:2] in (["add"], ["replace"], ["change"], ["del"], ["delete"])
    else:  # ifdown
        bad = True
    if bad:
        a.block("system-disruption", f"`{n} {' '.join(pos[:3])}` takes the machine off the network or breaks its "
                                     "routing", cmd.node)


def _clock(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    if cmd.name == "date":
        bad = any(v == "--set" or v.startswith(("--set=", "-s")) for v in vals)
    else:  # timedatectl
        bad = "set-time" in vals or "set-ntp" in vals and any(v in ("false", "no", "0", "off") for v in vals)
    if bad:
        a.block("system-disruption", f"`{cmd.name}` sets the system clock, which breaks TLS, builds and logs; "
                                     "use `faketime` or a variable for a test", cmd.node)


_VITAL = frozenset({"sshd", "init", "systemd", "dockerd", "containerd", "systemd-journald", "journald", "dbus-daemon",
                    "NetworkManager", "systemd-networkd", "systemd-logind", "auditd", "rsyslogd", "kubelet"})


def _kill(a, cmd: Cmd) -> None:
    for w in cmd.args:  # `kill -9 $(pgrep -x sshd)`: the pids of a service the machine depends on
        for c in a.substituted([w]) if w.value is None else ():
            if c.name in ("pgrep", "pidof") and any((v or "") in _VITAL for v in c.values()):
                a.block("system-disruption", f"`kill` of `{c.name}` {' '.join(v or '' for v in c.values())} stops a "
                                             "service the machine depends on", w.node)
    for w in positionals(cmd.args, frozenset({"-s", "-n", "--signal"})):
        if w.value in ("1", "-1"):
            a.block("system-disruption", f"`kill {w.value}` signals init or every process you can reach", w.node)
    vals = cmd.values()
    if len(vals) >= 2 and vals[-1] == "-1":
        a.block("system-disruption", "`kill ... -1` signals every process you can reach", cmd.node)


def _pkill(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, frozenset({"-u", "-U", "-g", "-G", "-s", "-t", "-P", "--signal"}))
    vals = cmd.values()
    targets = {w.value for w in pos}
    if cmd.name == "killall5" or targets & {"init", "systemd", "sshd", "dockerd", "containerd", "."} or (
            "-u" in vals and not pos) or ("-f" in vals and targets & {".", ".*", ""}):
        a.block("system-disruption", f"`{cmd.name}` kills system services or every process of a user", cmd.node)


def _power(a, cmd: Cmd) -> None:
    if cmd.name in ("init", "telinit") and not (cmd.args and cmd.args[0].value in ("0", "1", "6", "s", "S")):
        return
    a.block("system-disruption", f"`{cmd.name}` shuts down or restarts the machine", cmd.node)


# Outgoing traffic dropped to where the machine's logs and alerts go: a SIEM or log host by its name, or the ports log
# shippers and agents send on (syslog 514/6514, Splunk 9997/8088, Datadog's log intake 10516, Beats 5044, Wazuh
# 1514/1515, Fluentd 24224, GELF 12201). The machine goes on working while no one sees what happens on it.
_MONITOR_HOST = re.compile(r"(?i)(?:^|[.-])(?:siem|splunk\w*|wazuh|ossec|graylog|logstash|sumo\w*|sentinel|qradar|arcsight|"
                           r"syslog|loghost|log-?intake|logs?|elk|elastic\w*|loki|falco\w*|crowdstrike|datadog\w*|"
                           r"security|soc|audit)(?:[.-]|$)")
_MONITOR_PORTS = frozenset({"514", "6514", "9997", "8088", "10516", "5044", "1514", "1515", "24224", "12201", "5140"})


def _blinds_monitoring(a, cmd: Cmd, vals: list[str]) -> bool:
    if not any(v in ("-A", "-I", "--append", "--insert") for v in vals) or "OUTPUT" not in vals and "FORWARD" not in \
            vals:
        return False
    jump = next((vals[i + 1] for i, v in enumerate(vals[:-1]) if v in ("-j", "--jump")), "")
    if jump not in ("DROP", "REJECT"):
        return False
    hosts = [vals[i + 1] for i, v in enumerate(vals[:-1]) if v in ("-d", "--destination", "--dst")]
    ports = [vals[i + 1] for i, v in enumerate(vals[:-1]) if v in ("--dport", "--destination-port", "--dports")]
    host = next((h for h in hosts if _MONITOR_HOST.search(h.split("/", 1)[0])), None)
    port = next((p for p in ports if set(p.replace(":", ",").split(",")) & _MONITOR_PORTS), None)
    if host is None and port is None:
        return False
    what = f"to {host}" if host is not None else f"on port {port}"
    a.block("anti-forensics", f"`{cmd.name}` drops the machine's outgoing traffic {what}, where its logs and security "
                              "alerts go: what happens next is no longer seen; leave the monitoring path open", cmd.node)
    return True


def _nft_ban(vals: list) -> str | None:
    """(session 28) public addresses put in a ban set (fail2ban's work, not the firewall emptied), the system's rules
    checked: what root's `nft` does without review (bash/routers.py)."""
    from .routers import nft_ban

    return nft_ban(vals)


def _firewall(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    if cmd.name in ("iptables", "ip6tables", "iptables-legacy", "iptables-nft", "ebtables", "arptables"):
        if any(v in ("-F", "--flush", "-X", "--delete-chain", "-Z") for v in vals) or (
                "-P" in vals or "--policy" in vals):
            a.block("system-disruption", f"`{cmd.name}` flushes the firewall or changes its default policy", cmd.node)
        elif _redirected_away(a, cmd):
            return
        elif _blinds_monitoring(a, cmd, vals):
            return
        elif any(v in ("-A", "-I", "-D", "--append", "--insert", "--delete") for v in vals):
            a.review("system-disruption", f"`{cmd.name}` changes firewall rules", cmd.node)
    elif cmd.name == "nft" and any(v in ("flush", "delete", "add", "insert") for v in vals) and not _nft_ban(vals):
        a.block("system-disruption", "`nft` changes or flushes the firewall", cmd.node)
    elif cmd.name == "ufw":
        _ufw(a, cmd, [v for v in vals if v[:1] != "-"])


# `ufw allow 8080/tcp`, `ufw default deny incoming`, `ufw enable`: a firewall set up or a dev port opened, held for
# review as root's other changes; turning it off, resetting it or letting every incoming connection in stays blocked
def _ufw(a, cmd: Cmd, pos: list[str]) -> None:
    verb = pos[0] if pos else ""
    if verb in ("disable", "reset") or verb == "default" and "allow" in pos[1:2] and pos[2:3] in ([], ["incoming"],
                                                                                                    ["routed"]):
        a.block("system-disruption", f"`ufw {' '.join(pos[:3])}` turns the firewall off or lets every connection in; "
                                     "open only the port the work needs (`ufw allow 8080/tcp`)", cmd.node)
    elif verb in ("allow", "deny", "reject", "limit", "default", "enable", "delete", "insert", "route", "reload",
                  "prepend", "logging"):
        a.review("system-disruption", f"`ufw {' '.join(pos[:4])}` changes the firewall's rules; root changes the "
                                      "machine", cmd.node)


_NAT_TARGET = frozenset({"DNAT", "NETMAP"})


def _redirected_away(a, cmd: Cmd) -> bool:
    """`iptables -t nat -A OUTPUT -p tcp -d 140.82.112.0/20 --dport 443 -j DNAT --to-destination 203.0.113.30:443`:
    the machine's own connections (or those it forwards) sent to another host than the one they were made to."""
    from .admin import near_address

    if not any(w.value in _NAT_TARGET for w in option_value(cmd.args, "-j", "--jump")):
        return False
    own = any(w.value == "OUTPUT" for w in cmd.args)  # the machine's own connections (not those it forwards)
    for w in option_value(cmd.args, "--to-destination", "--to"):
        if w.value is None and not own:
            continue  # a VM's address filled in at run time (a port forward into a guest)
        target = (w.value or "$").split("-", 1)[0]
        host = target[1:].split("]", 1)[0] if target.startswith("[") else target.rsplit(":", 1)[0] \
            if target.count(":") == 1 else target
        if not near_address(host.split("/", 1)[0]):
            a.block("system-disruption", f"`{cmd.name} -j DNAT --to-destination {w.value or w.text}` sends the "
                                         "machine's connections to another host than the one they were made to "
                                         "(whoever runs it sees and answers them); redirect only to this machine or "
                                         "your own network", w.node)
            return True
    return False


def _profiling(setting: str) -> bool:
    """`kernel.perf_event_paranoid=1` (or 2): perf may profile the user's own processes (kernel included), the step a
    profiling session asks for; 0 and -1 open every CPU's and process's events to every user and stay blocked."""
    key, _, value = setting.partition("=")
    if key.strip().replace("/", ".") == "kernel.core_pattern":
        from .admin import core_file

        return core_file(value)  # crash dumps written to a file (AFL++ asks for `core`); `|prog` stays blocked
    return key.strip().replace("/", ".") == "kernel.perf_event_paranoid" and value.strip() in ("1", "2", "3", "4")


def _sysctl(a, cmd: Cmd) -> None:
    """`sysctl -w vm.max_map_count=262144`: an ordinary tunable (admin.tunable) is held for review; a kernel
    protection relaxed, a helper program named or another parameter stays blocked. `sysctl --system` / `-p` load the
    files the machine has (those written here are judged as they are written)."""
    from .admin import tunable

    vals = [v or "" for v in cmd.values()]
    sets = [v for v in vals if "=" in v and not v.startswith("-")]
    loads = any(v in ("-p", "--load", "--system") or v.startswith(("--load=", "-p/")) for v in vals)
    if not sets and not loads and not any(v in ("-w", "--write") for v in vals):
        return
    bad = next((v for v in sets if not tunable(v.split("=", 1)[0]) and not _profiling(v)), None)
    loaded = _loaded_bad(a, cmd) if loads and bad is None else None
    if bad is not None or loaded is not None or not sets and not loads:
        what = f"`sysctl {bad or ' '.join(vals)}` changes a kernel parameter" if loaded is None else \
            f"`sysctl -p {loaded[0]}` loads `{loaded[1]}`, a kernel parameter" if loaded[1] else \
            f"`sysctl -p {loaded[0]}` loads a file whose settings are not known here, and may set a kernel parameter"
        a.block("system-disruption", f"{what} that is not an ordinary tunable (a protection relaxed, a helper program, "
                                     "the memory policy); set only what the project needs (vm.max_map_count, "
                                     "fs.inotify.*, net.core.somaxconn)", cmd.node)
    elif sets:
        a.review("system-disruption", f"`sysctl {' '.join(sets[:3])}` changes kernel parameters; root changes the "
                                      "machine", cmd.node)
    else:
        a.review("system-disruption", "`sysctl` loads the kernel parameters of the machine's files; root changes the "
                                      "machine", cmd.node)


def _systemctl(a, cmd: Cmd) -> None:
    pos = [v for v in (w.value for w in positionals(cmd.args, frozenset({"-H", "--host", "-M", "--machine", "-p",
                                                                          "--property", "-t", "--type", "-n", "--lines",
                                                                          "-o", "--output", "--state"}))) if v]
    verb = pos[0] if pos else ""
    if _stops_logging(a, cmd, verb, pos[1:]):
        return
    if verb in ("enable", "reenable") and any(n in PRIVILEGE for n, _ in cmd.wrappers) and \
            not any(w.value in ("--user", "--global") for w in cmd.args):
        # `sudo systemctl enable --now postgresql`: a system unit (whose file, when written here, was judged as it was
        # written) started at boot: root's change, reviewed as the others
        a.review("persistence", f"`systemctl {verb} {' '.join(pos[1:3])}` starts the unit at every boot; root changes "
                                "the machine", cmd.node)
    elif verb in ("enable", "link", "edit", "set-default", "preset", "reenable", "add-wants", "add-requires",
                  "set-environment", "import-environment"):
        a.block("persistence", f"`systemctl {verb}` makes a service start automatically", cmd.node)
    elif verb in _USER_CYCLE and _own_session(cmd):
        return  # `systemctl --user mask tracker-miner-fs-3.service`: the user's own services, as the work needs
    elif verb in ("poweroff", "reboot", "halt", "kexec", "suspend", "hibernate", "rescue", "emergency", "isolate",
                  "mask", "soft-reboot"):
        a.block("system-disruption", f"`systemctl {verb}` stops the machine or its services", cmd.node)
    elif verb in ("stop", "kill", "disable", "restart", "start", "daemon-reload", "daemon-reexec", "reload",
                  "try-restart", "unmask"):
        a.review("system-disruption", f"`systemctl {verb}` changes running services", cmd.node)


def _loaded_bad(a, cmd: Cmd) -> tuple[str, str] | None:
    """`sysctl -p /tmp/s.conf` of a file this input wrote: its settings judged as `sysctl -w` of each; a file not
    written here that is neither the machine's own (/etc/sysctl*) nor the project's is unknown. (the file, the
    setting that is no ordinary tunable, '' when unknown), or None."""
    from .admin import tunable
    from .written import text_written

    for w in option_value(cmd.args, "-p", "--load"):
        where = w.value
        if where is not None and where.startswith("-"):
            continue  # `sysctl -p -q`: the machine's own /etc/sysctl.conf
        got = text_written(a, where) if where is not None else None
        if got is None:
            if where is None or where.startswith(("/", "~")) and not where.startswith("/etc/sysctl"):
                return w.text, ""
            continue
        for line in got[0].splitlines():
            line = line.strip()
            if line and line[0] not in "#;" and not tunable(line.lstrip("-").split("=", 1)[0]):
                return w.text, line
    return None


# what the user may do to the units of their own session manager: start and stop them, and keep one from starting
# (`mask`, `disable`), which touches no one else's services (`enable` makes one start at every login: persistence)
_USER_CYCLE = frozenset({"start", "stop", "restart", "reload", "try-restart", "reload-or-restart", "daemon-reload",
                         "kill", "mask", "unmask", "disable", "reset-failed"})
# options that reach beyond the user's own session manager: every user's defaults, another machine or container
_NOT_OWN = frozenset({"--global", "-H", "--host", "-M", "--machine", "--system"})


def _own_session(cmd: Cmd) -> bool:
    """`systemctl --user VERB …` of the user's own session manager, not run as another user (`sudo systemctl --user`
    needs root's session) and not reaching every user's defaults or another machine."""
    vals = [w.value for w in cmd.args]
    return "--user" in vals and not any(v is None or v.split("=", 1)[0] in _NOT_OWN for v in vals) and \
        not any(n in PRIVILEGE for n, _ in cmd.wrappers)


_LOGGERS = frozenset({"rsyslog", "rsyslogd", "syslog", "syslog-ng", "auditd", "systemd-journald", "journald",
                      "systemd-journald.socket", "rsyslog.service", "auditd.service", "systemd-journald.service"})
_STOPS = frozenset({"stop", "kill", "disable", "mask"})


# the machine's protections as services: stopping one turns it off for every program
# security, audit and logging agents (python/processes.py keeps the same list)
_SECURITY_AGENTS = frozenset({
    "auditd", "auditbeat", "falco", "falcon-sensor", "falcond", "osqueryd", "wazuh-agentd", "wazuh-modulesd",
    "ossec-agentd", "sysdig", "clamd", "aide", "rsyslogd", "syslog-ng", "systemd-journald", "elastic-agent",
    "elastic-endpoint", "sentinelagent", "cbagentd", "xagt", "mdatp", "wdavdaemon", "tetragon", "tracee", "suricata",
    "snort", "zeek", "velociraptor", "splunkd", "fail2ban-server", "qualys-cloud-agent", "ir_agent", "cylancesvc",
    "sophosav", "esets", "kesl", "filebeat",
    # (session 29) ClamAV's scanners (not its updater, which `freshclam` run by hand needs stopped), CrowdSec and its
    # bouncer, Wazuh's manager, the Splunk forwarder's unit
    "clamav-daemon", "clamav-clamonacc", "clamonacc", "crowdsec",
    "crowdsec-firewall-bouncer", "wazuh-manager", "SplunkForwarder", "splunkforwarder"})
_GUARDS = frozenset({"apparmor", "apparmor.service", "ufw", "ufw.service", "firewalld", "firewalld.service",
                     "fail2ban", "fail2ban.service"})


# a unit named for the agent, or for one of its flavours (`falco-modern-bpf.service`, `falco-kmod`, `wazuh-agent`)
_UNIT_FLAVOUR = re.compile(r"(?:\.service)?$")


def _security_unit(unit: str) -> bool:
    name = _UNIT_FLAVOUR.sub("", unit, count=1)
    return name in _SECURITY_AGENTS or name in ("wazuh-agent", "falcon-sensor", "crowdstrike", "osquery") or any(
        name.startswith(agent + "-") and agent in ("falco", "falcon-sensor", "wazuh", "tetragon", "tracee", "osqueryd")
        for agent in _SECURITY_AGENTS | {"wazuh"})


def _stops_logging(a, cmd: Cmd, verb: str, units: list[str]) -> bool:
    if verb in _STOPS and any(u in _LOGGERS for u in units):
        a.block("anti-forensics", f"`{cmd.name} {verb}` of a logging or audit service hides what happens next",
                cmd.node)
        return True
    agent = next((u for u in units if _security_unit(u)), None) if verb in _STOPS else None
    if agent is not None:
        shown = f"service {agent} {verb}" if cmd.name == "service" else f"{cmd.name} {verb} {agent}"
        a.block("system-disruption", f"`{shown}` turns off a security monitor of the machine (it "
                                     "watches for intrusions and reports them); leave it running, and tune its rules "
                                     "if it is too noisy", cmd.node)
        return True
    guard = next((u for u in units if u in _GUARDS), None) if verb in _STOPS else None
    if guard is not None:
        a.block("system-disruption", f"`{cmd.name} {verb} {guard}` turns off a protection of the machine (its "
                                     "security profiles or firewall); leave it running", cmd.node)
        return True
    return False


# kubectl's and helm's options that take a value (the words between them are the verb and its objects)
_CLUSTER_ARG = frozenset({"-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-l", "--selector",
                          "--replicas", "-p", "--patch", "--type", "-o", "--output", "--timeout", "--kube-context",
                          "--field-selector", "--grace-period", "--cascade", "-s", "--server", "--token"})
# what takes a workload off a cluster's nodes: deleting it, scaling it to nothing, patching it (a node selector no node
# matches, zero replicas)
_UNSCHEDULES = frozenset({"delete", "scale", "patch", "uninstall", "del", "un"})
_WORKLOADS = frozenset({"ds", "daemonset", "daemonsets", "deploy", "deployment", "deployments", "sts", "statefulset",
                        "statefulsets", "ns", "namespace", "namespaces"})


def _cluster_agent(a, cmd: Cmd) -> None:
    """`kubectl scale ds/falco --replicas=0`, `kubectl -n falco delete ds falco`, `kubectl delete ns falco`, a patch
    of its node selector, `helm uninstall falco`: a cluster's security monitor (Falco, Tetragon, Wazuh, a vendor's
    sensor) taken off the nodes, as `systemctl stop falco` takes it off one machine. Scaling to one or more replicas
    and reading its objects are ordinary."""
    words = positionals(cmd.args, _CLUSTER_ARG)
    pos = [w.value.lower() for w in words if w.value]
    if not pos or pos[0] not in _UNSCHEDULES:
        return
    if pos[0] == "scale" and not any(v.value in ("0", "00") for v in option_value(cmd.args, "--replicas")):
        return
    if pos[0] == "patch" and not re.search(r"nodeSelector|\"replicas\"\s*:\s*0\b|replicas:\s*0\b",
                                           " ".join(w.value or "" for w in option_value(cmd.args, "-p", "--patch"))):
        return
    if cmd.name == "helm":
        names = pos[1:]  # the release
    else:
        kind = pos[1].partition("/")[0].partition(".")[0] if len(pos) > 1 else ""
        if kind not in _WORKLOADS:
            return  # a pod, a config map: recreated, or not the monitor itself
        names = [n.rpartition("/")[2] for n in pos[1:]] if "/" in pos[1] else pos[2:]
        if pos[0] == "delete" and kind not in ("ns", "namespace", "namespaces") and \
                any(w.value == "--all" for w in cmd.args):
            names += [w.value for w in option_value(cmd.args, "-n", "--namespace") if w.value]  # -n falco delete ds --all
    agent = next((n for n in names if _security_unit(n)), None)
    if agent is not None:
        a.block("system-disruption", f"`{cmd.name} {pos[0]}` takes the cluster's security monitor {agent} off its "
                                     "nodes (it watches them for intrusions and reports them); leave it running, and "
                                     "tune its rules if it is too noisy", cmd.node)


def _service(a, cmd: Cmd) -> None:
    pos = [v for v in cmd.values() if v and not v.startswith("-")]
    if len(pos) < 2 or _stops_logging(a, cmd, pos[1], pos[:1]):
        return
    if pos[1] in ("stop", "restart", "start", "reload", "force-reload"):
        a.review("system-disruption", f"`service {pos[0]} {pos[1]}` changes running services", cmd.node)


def _setcap(a, cmd: Cmd) -> None:
    for w in cmd.args:
        v = (w.value or "").lower()
        if re.search(r"cap_(setuid|setgid|sys_admin|dac_override|dac_read_search|sys_ptrace|sys_module|chown|fowner)|"
                     r"^all[+=]", v) and re.search(r"[+=]\w*[ep]", v):
            a.block("privilege-escalation", f"`setcap {w.value}` gives a program root powers; run it normally", w.node)
            return


def _loginctl(a, cmd: Cmd) -> None:
    if "enable-linger" in cmd.values():
        a.block("persistence", "`loginctl enable-linger` keeps the user's services running without a login "
                               "(and starts them at boot)", cmd.node)


def _launchctl(a, cmd: Cmd) -> None:
    if any(v in ("load", "bootstrap", "enable", "submit") for v in cmd.values()):
        a.block("persistence", "`launchctl` registers a job that starts automatically", cmd.node)


# -- accounts ---------------------------------------------------------------------------------------------------------
# Setting up a machine makes a service's account (`useradd --system --shell /usr/sbin/nologin app`), a CI runner's
# (`adduser --disabled-password ci-runner`), or adds the developer to the docker group: held for review (the docker
# group, and lxd's, are root's equals: any member can start a container with the host's / mounted; the message says
# so). A second root (uid or gid 0, a duplicate uid), a member of the groups that give root (sudo, wheel, admin) or its
# secrets (shadow, disk), a password the agent chose or none at all, and the account tools that replace passwords or
# the tables wholesale stay blocked.
_ACCOUNT_TOOLS = frozenset({"useradd", "usermod", "userdel", "adduser", "deluser", "passwd", "chpasswd", "visudo",
                            "groupadd", "groupmod", "groupdel", "delgroup", "gpasswd", "addgroup", "vipw", "vigr", "chsh",
                            "newusers", "chage"})
_ROOT_GROUPS = frozenset({"sudo", "wheel", "admin", "root", "shadow", "disk", "sudoers", "0"})
_ROOT_EQUAL_GROUPS = frozenset({"docker", "lxd", "libvirt", "incus-admin", "podman"})
_USERADD_ARG = frozenset({"-u", "--uid", "-g", "--gid", "-G", "--groups", "-p", "--password", "-s", "--shell", "-d",
                          "--home-dir", "--home", "-c", "--comment", "--gecos", "-e", "--expiredate", "-f", "--inactive",
                          "-k", "--skel", "-K", "--key", "-b", "--base-dir", "-R", "--root", "-P", "--prefix",
                          "-Z", "--selinux-user", "--ingroup", "--firstuid", "--lastuid", "--add-extra-groups",
                          "-h", "-S", "--extrausers"})


def _accounts(a, cmd: Cmd) -> None:
    why = _account_harm(cmd)
    if why is not None:
        a.block("privilege-escalation", f"`{cmd.name}` {why}", cmd.node)
        return
    if cmd.name in ("passwd", "visudo", "chage") and inspection(cmd) is not None:
        return  # `passwd -S ci`, `visudo -c`, `chage -l`: status and checks
    pos = [w.value or w.text for w in positionals(cmd.args, _USERADD_ARG)]
    groups = _groups_joined(cmd)
    if cmd.name == "usermod" and _device_groups(cmd):
        return  # `usermod -aG dialout "$USER"`: the serial port's group (inspection: root's device upkeep)
    equal = sorted(set(groups) & _ROOT_EQUAL_GROUPS)
    what = {"useradd": "creates the account", "adduser": "creates the account", "usermod": "changes the account",
            "groupadd": "creates the group", "addgroup": "creates the group", "groupmod": "changes the group",
            "gpasswd": "changes the members of the group"}.get(cmd.name)
    if what is None:
        a.block("privilege-escalation", f"`{cmd.name}` changes or deletes user accounts, groups or passwords; let the "
                                        "user run it", cmd.node)
    elif equal:
        user = next((p for p in pos if p not in groups), "the user")
        a.review("privilege-escalation", f"`{cmd.name}` puts {user} in the {equal[0]} group, which is root's equal: any "
                                         f"member can start a container with the host's / mounted; let the user "
                                         "confirm it", cmd.node)
    else:
        a.review("privilege-escalation", f"`{cmd.name}` {what} {' '.join(pos[:2]) or ''} as root; let the user "
                                         "confirm it", cmd.node)


def _account_harm(cmd: Cmd) -> str | None:
    """Why an account command makes a second root or takes over an account, or None."""
    n, vals = cmd.name, [v or "" for v in cmd.values()]
    if n in ("chpasswd", "newusers", "vipw", "vigr", "chsh") or n == "visudo" and inspection(cmd) is None:
        return "replaces passwords, account tables or the sudo rules; let the user run it"
    if n in ("passwd",) and inspection(cmd) is None:
        return "changes or removes a password (an account anyone can then log in to, or one the agent holds)"
    uid = [w.value for w in option_value(cmd.args, "-u", "--uid", "-g", "--gid", "--ingroup")]
    if "0" in uid or "root" in uid or any(v in ("-o", "--non-unique") for v in vals):
        return "gives an account uid or gid 0 (or another's uid): a second root"
    if option_value(cmd.args, "-p", "--password") and n in ("useradd", "usermod", "groupadd", "groupmod"):
        return "sets a password the agent chose (or none): an account it can log in to"
    if any(v in ("-U", "--unlock") for v in vals) and n == "usermod" or n == "gpasswd" and "-r" in vals:
        return "unlocks an account or removes a group's password"
    bad = sorted(set(_groups_joined(cmd)) & _ROOT_GROUPS)
    if bad:
        return f"adds an account to the {bad[0]} group, which gives root (or its secrets); let the user do it"
    pos = [w.value for w in positionals(cmd.args, _USERADD_ARG)]
    if n == "usermod" and "root" in pos:
        return "changes the root account"
    return None


def _groups_joined(cmd: Cmd) -> list[str]:
    """The groups an account command puts a user in: `-G a,b`, `-aG a`, `--groups`, `adduser USER GROUP`,
    `gpasswd -a USER GROUP`, `usermod -g GROUP` (the primary group)."""
    out = [g for w in option_value(cmd.args, "-G", "--groups", "-g", "--gid", "--ingroup", cluster="G")
           for g in (w.value or "").split(",") if g]
    pos = [w.value or "" for w in positionals(cmd.args, _USERADD_ARG)]
    if cmd.name in ("adduser", "addgroup") and len(pos) == 2 or cmd.name == "gpasswd" and any(
            v in ("-a", "--add", "-M", "--members") for v in cmd.values()):
        out.append(pos[-1])
    return out


# `insmod ./acme_trace.ko`, `rmmod acme_trace`: the kernel module this project builds, loaded and unloaded in the
# module developer's loop; a person looks. A module from elsewhere (downloaded, from a scratch or hidden folder, by
# an absolute path) or another module unloaded still changes the kernel unseen: blocked.
_KO = re.compile(r"^(?:\./)?(?:[\w.+-]+/)*([\w+-]+)\.ko$")


def _own_module(a, cmd: Cmd) -> str | None:
    pos = [w for w in cmd.args if (w.value or "-")[:1] != "-" and "=" not in (w.value or "=")]
    if cmd.name == "insmod":
        if not pos:
            return None
        w = pos[0]
        m = _KO.match(w.value or "")
        if m is None or ".." in (w.value or "") or toolchains.planted(a, w.value, w.text):
            return None
        if a.downloaded and a.downloaded.get(paths.normalize(a.in_cwd(w.value) or w.value)) is not None:
            return None
        return m.group(1)
    if cmd.name == "rmmod" and len(pos) == 1 and re.fullmatch(r"[\w-]+", pos[0].value or ""):
        name = pos[0].value
        src = a.ev.src_range(0, cmd.node.start_byte)
        built = re.search(r"insmod\s+(?:-\S+\s+)*(?:\./)?(?:[\w.+-]+/)*" + re.escape(name) + r"\.ko(?!\S)", src)
        return name if built else None
    return None


# what a module written in this same input does when it is a rootkit: makes a process root, finds or rewrites the
# system call table, turns off the kernel's write protection, runs programs from the kernel, or hides itself
_ROOTKIT = re.compile(rb"\b(?:commit_creds|prepare_kernel_cred|sys_call_table|kallsyms_lookup_name|write_cr0|"
                      rb"native_write_cr0|call_usermodehelper\w*|set_memory_rw|filldir\w*|override_creds)\b|"
                      rb"list_del(?:_init)?\s*\(\s*&\s*THIS_MODULE")


def _kernel(a, cmd: Cmd) -> None:
    rootkit = _ROOTKIT.search(a.doc.data) if cmd.name == "insmod" else None
    if rootkit is not None:
        a.block("system-disruption", f"`insmod` loads a module whose source, written here, calls "
                                     f"`{rootkit.group(0).decode(errors='replace')}`: it takes root or hides from the "
                                     "kernel's own checks; do not load it", cmd.node)
        return
    if cmd.name in ("insmod", "rmmod") and (own := _own_module(a, cmd)) is not None:
        verb = "loads" if cmd.name == "insmod" else "unloads"
        a.review("system-disruption", f"`{cmd.name}` {verb} the kernel module `{own}` this project builds; a "
                                      "person should look before the running kernel changes", cmd.node)
        return
    if cmd.name == "swapoff" or cmd.name in ("insmod", "rmmod", "kexec") or (
            cmd.name == "modprobe" and not any(v in ("-n", "--dry-run", "-c", "--showconfig") for v in cmd.values())):
        a.block("system-disruption", f"`{cmd.name}` changes the running kernel", cmd.node)


# bpftrace probes that read what people type or what their programs encrypt: a shell's `readline` (every command
# line typed), the terminal's writes, TLS libraries' plaintext, PAM's passwords. Root's program sees every user's.
_SNOOPS = re.compile(r"u(?:ret)?probe:[^:\s'\"]*(?:bash|zsh|sh|dash|fish|ksh|readline[^:\s]*):\s*readline\b|"
                     r"probe:[^\s'\"]*:\s*(?:SSL_(?:read|write|read_ex|write_ex)|gnutls_record_(?:recv|send)|"
                     r"PR_(?:Read|Write)|pam_get_authtok|pam_authenticate|pam_sm_authenticate|getpass|crypt)\b|"
                     r"kprobe:(?:tty_write|pty_write|n_tty_receive_buf\w*|tty_insert_flip_string\w*)\b")
# ... and the read/write system calls' buffers printed for the programs that carry passwords and sessions (sshd, sudo,
# su, login, ssh, gpg's pinentry, a shell): what is typed at their prompts, and each session's traffic
_IO_CALLS = re.compile(r"(?:tracepoint:syscalls:sys_(?:enter|exit)_|kprobe:(?:__x64_|__arm64_)?sys_|t:syscalls:"
                       r"sys_(?:enter|exit)_)(?:write|read|writev|readv|pwrite64|pread64|sendto|recvfrom|sendmsg|"
                       r"recvmsg)\b")
_IO_BUFFER = re.compile(r"\b(?:str|buf)\s*\(\s*args(?:->|\.)(?:buf|ubuf|vec)")
_LOGIN_PROGRAMS = re.compile(r"\bcomm\s*==\s*\"(?:sshd|sshd-session|ssh|sudo|su|login|passwd|gpg|gpg-agent|"
                             r"pinentry[\w-]*|ssh-agent|ssh-add|bash|zsh|sh|fish|polkit-agent-helper-1|pkexec|"
                             r"doas|agetty)\"")
_SYSTEM_CALL = re.compile(r"\bsystem\s*\(")
_KILLS = re.compile(r"\b(?:kill|pkill|killall|rm|shutdown|reboot|systemctl\s+(?:stop|disable|mask))\b")


def _bpftrace(a, cmd: Cmd) -> None:
    """`bpftrace -e 'uretprobe:/bin/bash:readline { … str(retval) }'` logs every command line any user types, and
    `--unsafe` with `system("kill -9 %d", pid)` kills a program each time it starts: as root, a keylogger and a
    guard that keeps a program (a security agent) down. Both blocked; other `system()` programs are held."""
    progs = [w.value or w.text for w in option_value(cmd.args, "-e")]
    text = "\n".join(progs)
    if not text:
        return
    snoop = _SNOOPS.search(text)
    if snoop is None and _IO_BUFFER.search(text) and (io := _IO_CALLS.search(text)) is not None:
        # the buffers printed for a login program, or with no filter on which program (every process's)
        login = _LOGIN_PROGRAMS.search(text)
        if login is not None or not re.search(r"\b(?:comm|pid|cgroup)\b", text):
            whose = f"of {login.group(0).split(chr(34))[1]}" if login is not None else "of every process"
            a.block("secret-read", f"`bpftrace` prints the buffers `{io.group(0)}` carries {whose}: what is typed at "
                                   "login, sudo and ssh prompts (passwords) and each session's traffic; filter on the "
                                   "project's own program, or count calls instead of printing their data", cmd.node)
            return
    if snoop:
        a.block("secret-read", f"`bpftrace` attaches to `{snoop.group(0)}`: it records what every user types or "
                               "sends (command lines, passwords, TLS plaintext); trace the project's own functions "
                               "instead", cmd.node)
        return
    if "--unsafe" in cmd.values() and _SYSTEM_CALL.search(text):
        agent = next((n for n in _SECURITY_AGENTS if re.search(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", text)),
                     None)
        if agent is not None or _KILLS.search(text):
            what = f"the security agent `{agent}`" if agent else "what the probe matches"
            a.block("system-disruption", f"`bpftrace --unsafe` runs a command from the kernel each time its probe "
                                         f"fires, here against {what}; stop a process once, by its id, if it must "
                                         "stop", cmd.node)
        else:
            a.review("privilege-escalation", "`bpftrace --unsafe` runs a shell command (`system()`) each time its "
                                             "probe fires; a person should look", cmd.node)


# `sudo bpftool prog load OBJ PIN`, `prog loadall`, `struct_ops register OBJ`: a BPF program put into the kernel as root.
# The project's own object (built here) keeps the usual review; one downloaded in this input or taken from a
# scratch or hidden folder is code from elsewhere run in the kernel, as a downloaded module is (`insmod /tmp/x.ko`).
_BPF_LOADS = frozenset({"load", "loadall", "register"})


def _bpftool(a, cmd: Cmd) -> None:
    pos = [w for w in cmd.args if (w.value or w.text)[:1] != "-"]
    if len(pos) < 3 or pos[0].value not in ("prog", "struct_ops") or pos[1].value not in _BPF_LOADS:
        return
    obj = pos[2]
    why = toolchains.planted(a, obj.value, obj.text)
    if why is None and obj.value is not None and obj.value.startswith("/") and \
            not obj.value.startswith(("/usr/lib/", "/usr/share/", "/usr/local/lib/")):
        why = "outside the project and the system's folders"
    if why is not None:
        a.block("system-disruption", f"`bpftool {pos[0].value} {pos[1].value}` puts the BPF object {obj.value or obj.text} "
                                     f"({why}) into the running kernel as root; build the program in the project and "
                                     "load that object", obj.node)


def _mount(a, cmd: Cmd) -> None:
    opts = ",".join(w.value or "" for w in option_value(cmd.args, "-o", "--options")).split(",")
    if cmd.name == "mount" and "remount" in opts and "ro" in opts and "/" in cmd.values():
        a.block("system-disruption", "`mount -o remount,ro /` makes the running system read-only", cmd.node)
        return
    if cmd.name == "mount" and ("bind" in opts or "rbind" in opts or "tmpfs" in [w.value for w in option_value(
            cmd.args, "-t", "--types")] or any(w.value in ("--bind", "--rbind", "-B") for w in cmd.args)):
        from .admin import hides

        where = [w.value for w in positionals(cmd.args, _MOUNT_VALUE)][-1:]
        if where and where[0] and hides(where[0]):
            a.block("system-disruption", f"`mount` puts another file system over {where[0]}: it hides what the "
                                         "system keeps there (its logs, the audit trail, its configuration); mount on "
                                         "a new folder such as /mnt/NAME", cmd.node)
            return
    from .backups import storage_upkeep  # (a share of this network or a snapshot under /mnt: session 29)

    if cmd.name != "mount" and _own_mount(cmd) or storage_upkeep(a, cmd):
        return
    if cmd.args and not all(v in ("-l", "--list", "-t") for v in cmd.values()):
        a.review("system-disruption", f"`{cmd.name}` changes mounted file systems", cmd.node)


def _own_mount(cmd: Cmd) -> bool:
    """`fusermount -u ~/mnt/devbox`, `umount -l ~/mnt/devbox`: the user's own mount (sshfs, rclone) under their home
    taken down; it hides nothing of the system's and loses nothing."""
    where = [w.value for w in positionals(cmd.args, _MOUNT_VALUE)]
    return bool(where) and all(v is not None and paths.normalize(v).startswith("~/") and "/.." not in v and
                               not paths.held_secret(v) for v in where)


_MOUNT_VALUE = frozenset({"-t", "--types", "-o", "--options", "-L", "--label", "-U", "--uuid", "-O", "--test-opts"})


def _journal(a, cmd: Cmd) -> None:
    if any((v or "").startswith(("--vacuum", "--rotate", "--flush")) for v in cmd.values()):
        a.block("anti-forensics", "`journalctl --vacuum/--rotate` deletes system logs", cmd.node)


def _proc_write(a, cmd: Cmd) -> None:
    from .admin import tunable, written_text

    for w in cmd.args:
        if w.value and w.value.startswith(("/proc/sys/", "/proc/sysrq-trigger", "/sys/")) and cmd.name == "tee":
            if w.value.startswith("/proc/sys/") and (tunable(w.value[len("/proc/sys/"):]) or _profiling(
                    f"{w.value[len('/proc/sys/'):]}={written_text(a, cmd, w) or '|'}")):
                a.review("system-disruption", f"writing {w.value} changes a kernel tunable (as `sysctl -w`); root "
                                              "changes the machine", w.node)
                continue
            a.block("system-disruption", f"writing {w.value} changes the running kernel", w.node)


# (`--ipc=host` is not among them: it shares the host's shared-memory segments, not its processes, files or network;
# it is how PyTorch and vLLM containers are told to run, for the memory their workers share)
_HOST_NETWORK = re.compile(r"^--net(?:work)?=host$")
_CONTAINER_ESCAPE = re.compile(r"^(--privileged|--pid=host|--userns=host|"
                               r"--cap-add=(ALL|SYS_ADMIN|SYS_PTRACE|SYS_MODULE)|--security-opt=\S*unconfined)$")


def _container(a, cmd: Cmd) -> None:
    """`docker run --privileged`, `-v /:/host`, the docker socket: root on the host. A mount is read from its text
    when the shell fills it in (`-v "$HOME":/h` is the home)."""
    args = cmd.args
    if not any(w.value in ("run", "create", "exec") for w in args):
        return
    for j, w in enumerate(args):
        v = w.value
        if v is None:
            if w.text.startswith(("--volume=", "--mount=")):  # `--volume="$HOME":/h`
                _mounted(a, cmd, Word(w.node, None, w.text.split("=", 1)[1]), w.text.startswith("--mount"), w)
            continue
        after = args[j + 1] if j + 1 < len(args) else None
        dev = after.value if v == "--device" and after is not None else \
            v.split("=", 1)[1] if v.startswith("--device=") else None
        if dev is not None and paths.DEVICE in paths.kinds(dev.split(":", 1)[0]):
            a.block("privilege-escalation", f"`{cmd.name} --device {dev}` hands a host disk to the container", w.node)
        if _HOST_NETWORK.match(v) or v in ("--net", "--network") and after is not None and after.value == "host":
            # the host's network namespace: its loopback services and ports, not its root (ROS 2, DDS, Home
            # Assistant need it); a person looks
            said = v if "=" in v else f"{v} host"
            a.review("privilege-escalation", f"`{cmd.name} {said}` shares the host's network with the container: "
                                             "services listening only on the host's loopback become reachable", w.node)
            continue
        if _CONTAINER_ESCAPE.match(v) or v in ("--pid", "--privileged") and after is not None and after.value == "host":
            a.block("privilege-escalation", f"`{cmd.name} {v}` gives the container control of the host", w.node)
            continue
        spec = after if v in ("-v", "--volume", "--mount") else \
            Word(w.node, v.split("=", 1)[1], v.split("=", 1)[1]) if v.startswith(("--volume=", "--mount=")) else None
        if spec is not None:
            _mounted(a, cmd, spec, v.startswith("--mount"), w)


def _mounted(a, cmd: Cmd, spec: Word, long: bool, w: Word) -> None:
    mount = containers.mount_of(spec, long=long)
    src = mount.host if mount is not None else None
    if src is None or not host_mount(src):
        return
    if src in containers.SOCKETS:
        if containers.socket_scanner(cmd):
            return
        manager = containers.socket_manager(cmd)
        if manager == "once":
            return  # `containrrr/watchtower --run-once app`: the named containers updated, then it exits
        if manager == "kept":
            a.review("privilege-escalation", f"`{cmd.name}` hands {src} to a container manager that keeps running: it "
                                             "controls every container on this host from then on; a person should "
                                             "look (Watchtower's `--run-once` updates the named containers and exits)",
                     w.node)
            return
    a.block("privilege-escalation", f"`{cmd.name}` mounts {src} into the container (host takeover)", w.node)


def host_mount(src: str) -> bool:
    """A host path that, mounted into a container, hands it the host: the root, /etc, the home folders, the
    Docker socket, /proc, /sys, /dev."""
    return src[:1] == "/" and src.rstrip("/") in _HOST_MOUNTS or paths.normalize(src) in ("~", "/home")


_HOST_MOUNTS = frozenset({"", "/etc", "/root", "/var/run/docker.sock", "/run/docker.sock", "/proc", "/sys", "/dev"})


# -- the Docker Engine API called directly (`curl --unix-socket /var/run/docker.sock … /containers/create`) --------
_ENGINE_URL = re.compile(r"/containers/(?:create|[^/\s]+/exec)\b|/services/create\b|:237[56]\b|"
                         r"docker\.sock|podman\.sock")
_ENGINE_ESCAPES = (
    (re.compile(r'(?i)"Privileged"\s*:\s*true'), '"Privileged": true'),
    (re.compile(r'(?i)"(?:PidMode|NetworkMode|IpcMode|UsernsMode)"\s*:\s*"host"'), "a host namespace"),
    (re.compile(r'(?i)"CapAdd"\s*:\s*\[[^\]]*"(?:CAP_)?(?:ALL|SYS_ADMIN|SYS_PTRACE|SYS_MODULE)"'),
     "a capability over the host"),
    (re.compile(r'(?i)"SecurityOpt"\s*:\s*\[[^\]]*unconfined'), "no security profile"),
)
_ENGINE_BINDS = re.compile(r'(?i)"Binds"\s*:\s*\[([^\]]*)\]')
_ENGINE_STRING = re.compile(r'"([^"]*)"')
_ENGINE_SOURCE = re.compile(r'(?i)"(?:Source|PathOnHost)"\s*:\s*"([^"]*)"')


def _docker_api(a, cmd: Cmd) -> None:
    """`curl --unix-socket /var/run/docker.sock -d '{"HostConfig":{"Binds":["/:/h"]}}' http://localhost/containers/
    create`: the container `docker run -v /:/h` would make, asked of the Docker Engine API itself."""
    if not any(_ENGINE_URL.search(w.value or w.text) for w in cmd.args):
        return  # most requests: no Engine address or socket among the words, nothing to read
    from .net import http_requests

    socket = [w.value or w.text for w in option_value(cmd.args, "--unix-socket", "--abstract-unix-socket")]
    requests = http_requests(cmd.name)(cmd.args)
    if not any(_ENGINE_URL.search(s) for s in socket) and not any(
            _ENGINE_URL.search(u.value or u.text) for r in requests for u in r.urls):
        return
    for r in requests:
        for w in r.bodies:
            text = w.value if w.value is not None else w.text
            if text in ("@-", "-", "@/dev/stdin"):
                from .exec import stdin_text

                fed = stdin_text(a, cmd)
                text = fed[0] if fed is not None else ""
            why = _engine_escape(text)
            if why:
                a.block("privilege-escalation", f"`{cmd.name}` asks the Docker Engine API for a container with {why}: "
                                                "root on the host, as `docker run --privileged` or `-v /:/host` "
                                                "would be; create containers without host mounts or privileges",
                        w.node)
                return


def _engine_escape(body: str) -> str | None:
    """What in a container's settings (the Engine API's JSON) gives it the host."""
    for rx, what in _ENGINE_ESCAPES:
        if rx.search(body):
            return what
    sources = [m.group(1).split(":", 1)[0] for b in _ENGINE_BINDS.finditer(body)
               for m in _ENGINE_STRING.finditer(b.group(1))]
    sources += [m.group(1) for m in _ENGINE_SOURCE.finditer(body)]
    for src in sources:
        if host_mount(src) or paths.DEVICE in paths.kinds(src):
            return f"the host's {src} mounted"
    return None


HANDLERS = {
    "history": [_history],
    "set": [_set],
    "kill": [_kill],
    "pkill": [_pkill], "killall": [_pkill], "killall5": [_pkill],
    **{n: [_power] for n in ("shutdown", "reboot", "poweroff", "halt", "init", "telinit")},
    **{n: [_firewall] for n in ("iptables", "ip6tables", "iptables-legacy", "iptables-nft", "ebtables", "arptables",
                                "nft", "ufw")},
    "sysctl": [_sysctl],
    "systemctl": [_systemctl],
    "launchctl": [_launchctl],
    **{n: [_accounts] for n in ("useradd", "usermod", "userdel", "adduser", "deluser", "passwd", "chpasswd", "visudo",
                                "groupadd", "groupmod", "gpasswd", "addgroup", "vipw", "chsh", "newusers")},
    **{n: [_kernel] for n in ("swapoff", "insmod", "rmmod", "modprobe", "kexec")},
    "mount": [_mount], "umount": [_mount], "bpftrace": [_bpftrace],
    "journalctl": [_journal],
    "tee": [_proc_write],
    "shopt": [_shopt],
    "yes": [_note_stream], "seq": [_note_stream],
    "auditctl": [_auditctl],
    "setenforce": [_setenforce],
    **{n: [_network_down] for n in ("ip", "ifconfig", "ifdown", "nmcli", "rfkill", "tc")},
    "service": [_service], "setcap": [_setcap], "loginctl": [_loginctl],
    "date": [_clock], "timedatectl": [_clock],
    "docker": [_container], "podman": [_container], "nerdctl": [_container], "buildah": [_container],
    **{n: [_docker_api] for n in ("curl", "wget", "http", "https", "xh")},
    **{n: [_cluster_agent] for n in ("kubectl", "oc", "helm")},
}
# fastpath: the Docker Engine check reads a request only with an Engine address or socket among its words (the
# fetch screen does not send on a body given with `--json`)
SCREENS: dict = {**dict.fromkeys(("curl", "wget", "http", "https", "xh"), mentions(
    "docker.sock", "podman.sock", "/containers/", "/services/create", ":2375", ":2376")),
    # _cluster_agent: a verb that takes a workload off the nodes
    **dict.fromkeys(("kubectl", "oc", "helm"), mentions("scale", "patch", "delete", "uninstall", "del", "un"))}

