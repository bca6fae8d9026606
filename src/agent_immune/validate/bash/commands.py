"""What a simple command actually runs: wrappers unwrapped, assignments split off.

`sudo -u x env FOO=1 timeout 5 nice -n 3 c''url ...` runs `curl`; the rules judge
`curl` with the wrappers and assignments kept on the side. Wrappers that take a shell
string (`su -c`, `env -S`, `watch`, `script -c`, `flock -c`) become `sh -c STRING` so the
shell rules see the string.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace

from .words import Word

SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "fish", "csh", "tcsh", "ash", "yash", "rbash"})
INTERPRETERS = frozenset({"python", "pypy", "ipython", "perl", "ruby", "node", "nodejs", "deno", "bun", "php", "lua",
                          "luajit", "tclsh", "Rscript", "osascript", "pwsh", "powershell", "irb", "ts-node", "tsx", "jshell",
                          "julia", "guile", "racket", "expect", "wish", "gawk", "awk", "mawk", "nawk"})
PRIVILEGE = frozenset({"sudo", "doas", "su", "pkexec", "runuser"})
RUNS_FILES = SHELLS | INTERPRETERS | {"source", "."}  # programs that run a file they are given
_JS_INLINE = ("-e", "--eval", "-p", "--print")


class _PwshFlags(tuple):
    """PowerShell's options have no case and may be shortened (`-Command`, `-c`, `-com`; `-EncodedCommand`, `-enc`,
    `-e`, `-ec`) and start with `-`, `--` or `/`: membership reads them so."""

    def __contains__(self, v) -> bool:
        if not isinstance(v, str) or len(v) < 2 or v[0] not in "-/":
            return tuple.__contains__(self, v)
        name = v.lstrip("-/").lower()
        return name in ("c", "e", "ec") or (len(name) >= 3 and "command".startswith(name)) or (
            len(name) >= 2 and "encodedcommand".startswith(name))

    def __add__(self, other):
        return _PwshFlags(tuple(self) + tuple(other))


_PWSH_INLINE = _PwshFlags(("-c", "-Command", "-command", "-EncodedCommand", "-enc", "-e"))
# interpreter -> the options whose next argument is code it runs: read for bash commands
# (common.inline_code, which also knows clustered and attached forms) and for argv lists in
# Python/TypeScript code (common_code.inline_code_at), one table so the two never drift
INLINE_FLAGS: dict[str, tuple[str, ...]] = {
    "python": ("-c",), "pypy": ("-c",), "ipython": ("-c",), "perl": ("-e", "-E"), "deno": ("eval",),
    **dict.fromkeys(("node", "nodejs", "bun", "ts-node", "tsx"), _JS_INLINE), "ruby": ("-e",), "php": ("-r",),
    "lua": ("-e",), "luajit": ("-e",), "Rscript": ("-e",), "osascript": ("-e",), "julia": ("-e", "--eval"),
    "pwsh": _PWSH_INLINE, "powershell": _PWSH_INLINE}

_VERSION = re.compile(r"(?<![\d.])[\d.]++$")


_VERSIONED = SHELLS | INTERPRETERS | {"pip", "python"}
_BASE_NAMES: dict[str, str] = {}  # value -> base name, for the few hundred names an agent uses


def base_name(value: str) -> str:
    """`/usr/bin/python3.12` -> `python`; `./build.sh` stays `build.sh`."""
    base = _BASE_NAMES.get(value)
    if base is not None:
        return base
    name = value.rsplit("/", 1)[-1] if "/" in value else value
    if name[-4:].lower() == ".exe" and len(name) > 4:
        # WSL runs Windows programs by their file name (`gh.exe`, `/mnt/c/Windows/System32/curl.exe`): they do
        # what the program of the same name does, and are judged as it is (Windows names have no case: `CMD.EXE`)
        name = name[:-4].lower()
    stem = _VERSION.sub("", name)
    base = stem if stem != name and stem in _VERSIONED else name
    if len(_BASE_NAMES) < 4096:
        _BASE_NAMES[value] = base
    return base


@dataclass(slots=True)
class Cmd:
    node: object  # the command node, for spans
    words: list[Word]  # argv after unwrapping; words[0] is what runs
    name: str  # base name of words[0] ('' when not static)
    wrappers: list[tuple[str, Word]] = field(default_factory=list)
    assigns: list[tuple[str, Word]] = field(default_factory=list)
    redirects: list = field(default_factory=list)
    root_shell: Word | None = None  # sudo -i / su without -c: an interactive root shell
    scheduled: Word | None = None  # systemd-run --on-calendar/--on-active...: the command runs later, again
    xargs_opts: list[Word] | None = None  # the options of an `xargs` wrapper (-I R, -P 0 ...)

    @property
    def args(self) -> list[Word]:
        return self.words[1:]

    def values(self) -> list[str | None]:
        return [w.value for w in self.words[1:]]


def _synthetic(value: str, like: Word) -> Word:
    return Word(like.node, value, value)


def _computed_option(w: Word, with_arg: frozenset) -> bool:
    """An option given its value at run time (`-P"$(nproc)"`, `-u"$SVC"`, `--max-procs=$N`): still that option,
    not a command name computed at run time."""
    t = w.text
    return len(t) > 2 and t[:2] in with_arg or "=" in t and t.partition("=")[0] in with_arg


def _skip_opts(words: list[Word], i: int, with_arg: frozenset, *, clusters: bool = False) -> int:
    """Index of the first non-option word from i, skipping `-x VAL` for options in with_arg
    (with `clusters`, also a cluster whose last letter takes a value: `-dmS name`)."""
    while i < len(words):
        v = words[i].value
        if v is None:
            if _computed_option(words[i], with_arg):
                i += 1
                continue
            return i
        if not v.startswith("-") or v == "-":
            return i
        i += 1
        if v == "--":
            return i
        if v in with_arg or (clusters and v[1:2] != "-" and len(v) > 2 and "-" + v[-1] in with_arg):
            i += 1
    return i


_SUDO_ARG = frozenset({"-u", "-g", "-h", "-p", "-C", "-r", "-t", "-U", "-D", "-R", "-T", "--user", "--group",
                       "--host", "--prompt", "--close-from", "--role", "--type", "--other-user", "--chdir",
                       "--chroot", "--command-timeout"})
_TIMEOUT_ARG = frozenset({"-s", "-k", "--signal", "--kill-after"})
_NICE_ARG = frozenset({"-n", "--adjustment"})
_IONICE_ARG = frozenset({"-c", "-n", "-p", "-P", "-u", "--class", "--classdata"})
_XARGS_ARG = frozenset({"-I", "-L", "-n", "-P", "-d", "-E", "-s", "-a", "--arg-file", "--delimiter", "--max-args",
                        "--max-procs", "--max-lines", "--replace", "--eof", "--max-chars", "--process-slot-var"})
_ENV_ARG = frozenset({"-u", "--unset", "-C", "--chdir"})
_STDBUF_ARG = frozenset({"-i", "-o", "-e"})
_SETPRIV_ARG = frozenset({"--reuid", "--regid", "--groups", "--inh-caps", "--bounding-set"})
# wrapper -> (options that take a value, positional words before the command: a duration, a mask, a dir, a lock file)
_OPTION_WRAPPERS = {
    "timeout": (_TIMEOUT_ARG, 1), "ionice": (_IONICE_ARG, 0), "stdbuf": (_STDBUF_ARG, 0),
    "chrt": (frozenset({"-p", "--pid"}), 1), "taskset": (frozenset({"-p", "--pid"}), 1),
    "chroot": (frozenset({"--userspec", "--groups"}), 1), "setpriv": (_SETPRIV_ARG, 0), "xargs": (_XARGS_ARG, 0),
    "flock": (frozenset({"-w", "--timeout", "-E", "--conflict-exit-code"}), 1),
}
_SIMPLE = frozenset({"nohup", "setsid", "time", "builtin", "command", "exec", "unbuffer", "proxychains", "proxychains4",
                     "torsocks", "tsocks", "catchsegv", "caffeinate", "xvfb-run", "dbus-launch", "fakeroot",
                     "chronic", "busybox", "ltrace", "strace", "nsenter", "unshare", "firejail", "faketime",
                     "coproc"})
# wrappers that run a shell string or type keys into a terminal: they become `sh -c STRING`
_SHELL_STRING = frozenset({"tmux", "screen", "parallel", "systemd-run"})
# tools that run the command after their own subcommand and options (`poetry run CMD`,
# `conda run -n env CMD`): subcommands that run (empty: the tool itself), options with a value
_RUNNERS: dict[str, tuple[frozenset, frozenset]] = {
    **{n: (frozenset({"run"}), frozenset({"-C", "--directory", "-P", "--project", "-e", "--env"}))
       for n in ("poetry", "pipenv", "pdm", "hatch", "rye")},
    "uv": (frozenset({"run"}), frozenset({"--with", "--python", "-p", "--project", "--directory", "--extra", "--group",
                                          "--package", "--env-file", "--index", "--index-url", "--from", "-w"})),
    **{n: (frozenset({"exec"}), frozenset()) for n in ("bundle", "rbenv", "pyenv", "asdf")},
    "mise": (frozenset({"exec", "x"}), frozenset({"-C", "--cd", "-j", "--jobs"})),
    **{n: (frozenset({"run"}), frozenset({"-n", "--name", "-p", "--prefix", "--cwd"}))
       for n in ("conda", "mamba", "micromamba")},
    **{n: (frozenset({"exec", "x", "dlx"}), frozenset({"-p", "--package", "-w", "--workspace", "--call", "-c"}))
       for n in ("npm", "pnpm", "yarn")},
    **{n: (frozenset(), frozenset({"-p", "--package", "-c", "--call", "--python", "--spec", "--from", "--with"}))
       for n in ("npx", "uvx", "bunx")},
    "pipx": (frozenset({"run"}), frozenset({"--spec", "--python", "--pip-args"})),
    "bun": (frozenset({"x"}), frozenset({"-p", "--package"})),  # `bun x` is bunx
    "valgrind": (frozenset(), frozenset()),
    "perf": (frozenset({"stat", "record", "trace"}), frozenset({"-e", "-o", "-p", "-t", "-C", "-r", "-c", "-F",
                                                               "--event", "--output", "--pid", "--repeat"})),
    "direnv": (frozenset({"exec"}), frozenset()),
    # Xcode's tool runner: `xcrun simctl …`, `xcrun clang …` run that tool (`-f`/`--find` only prints its path)
    "xcrun": (frozenset(), frozenset({"-sdk", "--sdk", "-toolchain", "--toolchain", "-f", "--find"})),
    # a cluster's schedulers run their command on a compute node (`srun -N1 -t 1:00:00 python3 …`, `salloc … CMD`):
    # what runs there is judged as it would be here
    **dict.fromkeys(("srun", "salloc"), (frozenset(), frozenset({
        "-A", "--account", "-b", "--begin", "-c", "--cpus-per-task", "-d", "--dependency", "-D", "--chdir", "-e",
        "--error", "-i", "--input", "-J", "--job-name", "-L", "--licenses", "-m", "--distribution", "-M", "--clusters",
        "-n", "--ntasks", "-N", "--nodes", "-o", "--output", "-p", "--partition", "-q", "--qos", "-r", "--relative",
        "-S", "--core-spec", "-t", "--time", "-T", "--threads", "-w", "--nodelist", "-x", "--exclude", "-W", "--wait",
        "-C", "--constraint", "-G", "--gpus", "-B", "--extra-node-info", "--mem", "--mem-per-cpu", "--mem-per-gpu",
        "--gres", "--gpus-per-node", "--gpus-per-task", "--cpus-per-gpu", "--ntasks-per-node", "--export", "--mpi",
        "--reservation", "--time-min", "--signal", "--cpu-bind", "--mail-type", "--mail-user", "--comment",
        "--container", "--jobid", "--network", "--open-mode", "--prolog", "--epilog", "--task-prolog",
        "--task-epilog", "--ntasks-per-core", "--ntasks-per-socket", "--sockets-per-node", "--cores-per-socket",
        "--threads-per-core", "--tmp", "--uid", "--gid", "--hint", "--mem-bind", "--profile", "--gpu-bind",
        "--cpu-freq", "--tres-per-task", "--mincpus", "--priority", "--het-group", "--wckey", "--nice"}))),
}
# MPI launchers: options with one value, and those with two (`--mca btl self,tcp`, `-x VAR`, `-genv NAME VALUE`)
_MPI_ARG = frozenset({"-n", "-np", "-c", "-N", "--n", "--np", "-H", "--host", "-host", "-hostfile", "--hostfile",
                      "-machinefile", "--machinefile", "-f", "--map-by", "--bind-to", "--rank-by", "-x", "-wdir",
                      "--wdir", "-wd", "-ppn", "--ppn", "-npernode", "--npernode", "--prefix", "-prefix", "-genvlist",
                      "-envlist", "-launcher", "-bootstrap", "-iface", "--report-bindings-file", "--output-filename",
                      "--tag-output-file", "-rf", "--rankfile", "--app", "-env-file", "--timeout", "-s", "--stdin"})
_MPI_ARG2 = frozenset({"--mca", "-mca", "--gmca", "-gmca", "-genv", "-env", "--env"})
# terminals and watchers: the command follows an option (`xterm -e CMD`, `nix develop -c CMD`),
# or an option's value is a shell string (`nix-shell --run STR`, `nodemon --exec STR`)
_ARGV_AFTER = {"xterm": ("-e",), "konsole": ("-e",), "alacritty": ("-e", "--command"), "x-terminal-emulator": ("-e",),
               "gnome-terminal": ("--", "-x", "--execute"), "urxvt": ("-e",), "st": ("-e",), "nix": ("-c", "--command")}
_STRING_OPTION = {"nix-shell": ("--run", "--command"), "nodemon": ("--exec", "-x"), "sbatch": ("--wrap",),
                  "hyperfine": ("-p", "--prepare", "-s", "--setup", "-c", "--cleanup", "--conclude")}
_WATCHER_ARG = frozenset({"-e", "--exts", "-w", "--watch", "-i", "--ignore", "-d", "--debounce", "--shell", "-f",
                          "--filter", "--delay-run", "-j", "--signal", "--stop-signal", "--project-origin"})
# tools that run a command with variables loaded from a file or a secrets store (`dotenv -e .env.production -- CMD`,
# `dotenvx run -f F -- CMD`, `env-cmd -f F CMD`, `op run -- CMD`): the subcommand that runs (empty: the tool itself),
# the options that take a value, and how many positional words (a directory, a profile) come before the command
_ENV_LOADERS: dict[str, tuple[frozenset, frozenset, int]] = {
    **dict.fromkeys(("dotenv", "dotenv-cli"), (frozenset(), frozenset({"-e", "-v", "-p", "-c"}), 0)),
    "dotenvx": (frozenset({"run"}), frozenset({"-f", "--env-file", "-fk", "--env-keys-file", "-fv", "--env-vault-file",
                                               "-e", "--env", "--convention", "-l", "--log-level"}), 0),
    "env-cmd": (frozenset(), frozenset({"-f", "--file", "-e", "--environments", "-r", "--rc-file"}), 0),
    "envdir": (frozenset(), frozenset(), 1), "envchain": (frozenset(), frozenset(), 1),
    "op": (frozenset({"run"}), frozenset({"--env-file", "--account", "--config", "--session", "--cache"}), 0),
    "doppler": (frozenset({"run"}), frozenset({"-p", "--project", "-c", "--config", "-t", "--token", "--scope",
                                               "--fallback", "--mount", "--name-transformer"}), 0),
    "infisical": (frozenset({"run"}), frozenset({"--env", "--path", "--projectId", "--token", "--domain", "--tags"}), 0),
    "aws-vault": (frozenset({"exec"}), frozenset({"-d", "--duration", "--region", "-t", "--mfa-token", "--backend"}), 1),
    "chamber": (frozenset({"exec"}), frozenset({"--backend", "-r", "--retries"}), 1),
}
# their options that take the command as a shell string (`doppler run --command 'CMD'`, `env-cmd --use-shell`)
_LOADER_SHELL = frozenset({"--command", "--cmd"})
_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
WRAPPERS = frozenset({"sudo", "doas", "pkexec", "runuser", "su", "env", "timeout", "nice", "renice", "ionice", "stdbuf",
                      "chrt", "taskset", "chroot", "flock", "setpriv", "xargs", "watch", "script"}) | _SIMPLE | \
    _SHELL_STRING | frozenset(_RUNNERS) | frozenset(_ARGV_AFTER) | frozenset(_STRING_OPTION) | frozenset(_ENV_LOADERS) | \
    {"watchexec", "entr", "sg", "mpirun", "mpiexec", "orterun", "prterun"}


def resolve(words: list[Word], node) -> Cmd:
    """Unwrap prefix wrappers until the command that really runs."""
    if words:
        # most commands run a literal name that wraps nothing: answer those without the loop
        head = words[0]
        v = head.value
        if v is not None and not head.glob:
            name = _BASE_NAMES.get(v)
            if name is None:
                name = base_name(v)
            if name not in WRAPPERS:
                return Cmd(node, words, name)
    cmd = Cmd(node, words, "")
    for _ in range(16):
        if not cmd.words:
            return cmd
        head = cmd.words[0]
        if head.value is None or head.glob:
            return cmd  # the rules report non-literal names; nothing to unwrap
        name = base_name(head.value)
        cmd.name = name
        rest = cmd.words[1:]
        nxt = _unwrap(name, rest, cmd, head)
        if nxt is None:
            return cmd
        cmd.wrappers.append((name, head))
        cmd.words = nxt
        cmd.name = ""
    return cmd


def _unwrap(name: str, rest: list[Word], cmd: Cmd, head: Word) -> list[Word] | None:
    if name not in WRAPPERS:
        return None
    if name in ("sudo", "doas", "pkexec", "runuser"):
        i, shell_flag = 0, False
        while i < len(rest):
            v = rest[i].value
            if v is None and _computed_option(rest[i], _SUDO_ARG):
                i += 1
                continue
            if v is None or not v.startswith("-") or v == "-":
                break
            i += 1
            if v == "--":
                break
            if v in ("-i", "-s", "--login", "--shell") or (len(v) > 2 and v[1] != "-" and ("i" in v or "s" in v)
                                                           and not any(c in v for c in "ugCphrtUDRT")):
                shell_flag = True
            if v in _SUDO_ARG:
                i += 1
        while i < len(rest) and rest[i].value and _ASSIGN.match(rest[i].value):
            n, _, _ = rest[i].value.partition("=")
            cmd.assigns.append((n, _split_assign(rest[i])))
            i += 1
        if i < len(rest):
            return rest[i:]
        if shell_flag or name == "pkexec":
            cmd.root_shell = head
        return None
    if name == "su":
        code = _command_option(rest, head)
        if code is not None:
            return code
        for w in rest:
            if w.value and w.value.startswith("--command="):
                code = w.value.split("=", 1)[1]
                return [_synthetic("sh", head), _synthetic("-c", head), Word(w.node, code, code)]
        cmd.root_shell = head
        return None
    if name == "env":
        i = 0
        while i < len(rest):
            v = rest[i].value
            if v is None:
                if _ASSIGN.match(rest[i].text):  # `env -i PATH=$PATH make`: a value known only at run time
                    cmd.assigns.append((rest[i].text.partition("=")[0], _split_assign(rest[i])))
                    i += 1
                    continue
                break
            if v in ("-S", "--split-string") and i + 1 < len(rest):
                return [_synthetic("sh", head), _synthetic("-c", head)] + rest[i + 1:i + 2]
            if v.startswith("--split-string=") or (v.startswith("-S") and len(v) > 2):
                code = v.split("=", 1)[1] if v.startswith("--") else v[2:]
                return [_synthetic("sh", head), _synthetic("-c", head), Word(rest[i].node, code, code)]
            if _ASSIGN.match(v):
                n, _, _ = v.partition("=")
                cmd.assigns.append((n, _split_assign(rest[i])))
                i += 1
                continue
            if v.startswith("-") and v != "-":
                i += 2 if v in _ENV_ARG else 1
                continue
            break
        return rest[i:] if i < len(rest) else None
    if name in _OPTION_WRAPPERS:
        if name == "flock":
            code = _command_option(rest, head)
            if code is not None:
                return code
        with_arg, skip = _OPTION_WRAPPERS[name]
        i = _skip_opts(rest, 0, with_arg) + skip
        if name == "xargs":
            cmd.xargs_opts = rest[:i]
        return rest[i:] or None
    if name == "nice" or name == "renice":
        i = 0
        while i < len(rest) and rest[i].value and rest[i].value.startswith("-"):
            i += 2 if rest[i].value in _NICE_ARG else 1
        return rest[i:] or None
    if name in ("watch", "script"):
        if name == "script":
            return _command_option(rest, head)
        i = _skip_opts(rest, 0, frozenset({"-n", "--interval", "-d"}))
        if i >= len(rest):
            return None
        if any(w.value is None for w in rest[i:]):
            return [_synthetic("sh", head), _synthetic("-c", head)] + rest[i:]
        code = " ".join(w.value for w in rest[i:])  # type: ignore[misc]
        return [_synthetic("sh", head), _synthetic("-c", head), Word(rest[i].node, code, code)]
    if name in _SHELL_STRING:
        return _shell_string(name, rest, cmd, head)
    if name == "sg":  # `sg [-] GROUP [-c] COMMAND`: /bin/sh runs COMMAND with the group
        i = (1 if rest and rest[0].value == "-" else 0) + 1
        i += 1 if i < len(rest) and rest[i].value == "-c" else 0
        return _as_shell(rest[i:], head)
    if name in ("mpirun", "mpiexec", "orterun", "prterun"):
        i = 0
        while i < len(rest):
            v = rest[i].value
            if v is None or not v.startswith("-") or v == "-":
                break
            i += 1 + (2 if v in _MPI_ARG2 else 1 if v in _MPI_ARG else 0)
            if v == "--":
                break
        return rest[i:] or None
    if name in _RUNNERS or name in _ARGV_AFTER or name in _STRING_OPTION or name in ("watchexec", "entr"):
        return _runner(name, rest, head)
    if name in _ENV_LOADERS:
        return _env_loader(name, rest, head)
    if name in _SIMPLE:
        if name == "command" and rest and rest[0].value in ("-v", "-V"):
            return None  # `command -v x` looks x up, it does not run it
        i = _skip_opts(rest, 0, _NSENTER_ARG if name == "nsenter" else _TRACER_ARG if
                       name in ("strace", "ltrace", "exec") else frozenset())
        if name in ("coproc", "time"):  # shell keywords: the command after them may start with assignments
            while i < len(rest) and rest[i].value and _ASSIGN.match(rest[i].value):
                cmd.assigns.append((rest[i].value.partition("=")[0], _split_assign(rest[i])))
                i += 1
        return rest[i:] or None
    return None


_TRACER_ARG = frozenset({"-a", "-o", "-e", "-p", "-t", "-u", "-s", "-E", "-S", "--target", "--"})
# nsenter's options with a value (`-a`, `-m`, `-p` … only pick namespaces: `nsenter -t 1 -a sh -c …` runs `sh`)
_NSENTER_ARG = frozenset({"-t", "--target", "-S", "--setuid", "-G", "--setgid"})


def _command_option(rest: list[Word], head: Word) -> list[Word] | None:
    """`-c CMD` / `--command CMD` / a cluster ending in c (`-qc CMD`) of su, flock, script as `sh -c CMD`."""
    for j, w in enumerate(rest):
        v = w.value or ""
        if (v == "--command" or (v[:1] == "-" and v[1:2] != "-" and v.endswith("c") and v[1:].isalpha())) \
                and j + 1 < len(rest):
            return [_synthetic("sh", head), _synthetic("-c", head), rest[j + 1]]
    return None


def _as_shell(words: list[Word], head: Word, keys: bool = False) -> list[Word] | None:
    """`sh -c` of the words joined, as the program that receives them runs them; `keys`: the
    words are typed into a terminal (tmux send-keys, screen stuff), where Enter ends a line."""
    if not words:
        return None
    if any(w.value is None for w in words):
        return [_synthetic("sh", head), _synthetic("-c", head)] + [w for w in words if w.value is None][:1]
    vals = [w.value or "" for w in words]
    if keys:
        vals = ["\n" if v in _ENTER_KEYS else v.replace("\\n", "\n").replace("\\r", "\n") for v in vals]
    code = vals[0] if len(vals) == 1 else " ".join(vals)
    w0 = words[0]
    return [_synthetic("sh", head), _synthetic("-c", head), w0 if w0.value == code else Word(w0.node, code, code)]


_ENTER_KEYS = frozenset({"Enter", "C-m", "KPEnter", "C-j"})
_TMUX_RUNS = frozenset({"new-session", "new", "new-window", "neww", "split-window", "splitw", "respawn-pane", "respawnp",
                        "respawn-window", "respawnw", "run-shell", "run", "display-popup", "popup", "if-shell", "if"})
_TMUX_ARG = frozenset({"-s", "-n", "-c", "-t", "-x", "-y", "-F", "-e", "-f", "-l", "-p", "-L", "-S", "-N", "-w",
                       "-h", "-d", "-b", "-T"}) - {"-d", "-h"}
_SCREEN_ARG = frozenset({"-S", "-c", "-e", "-h", "-p", "-T", "-t", "-s", "-L", "-Logfile"})
_PARALLEL_ARG = frozenset({"-j", "--jobs", "-P", "-N", "-n", "--max-args", "-S", "--sshlogin", "-a", "--arg-file",
                           "-d", "--delimiter", "-E", "-I", "--delay", "--timeout", "--joblog", "--results",
                           "--tmpdir", "--workdir", "--env", "--tag-string", "--colsep", "-C"})
_SYSTEMD_RUN_ARG = frozenset({"-u", "--unit", "-p", "--property", "--description", "--slice", "-E", "--setenv",
                              "--uid", "--gid", "-M", "--machine", "-H", "--host", "--working-directory",
                              "--path-property", "--socket-property", "--timer-property", "--service-type"})


def _runner(name: str, rest: list[Word], head: Word) -> list[Word] | None:
    if name in _STRING_OPTION:
        # hyperfine also takes its benchmarked commands as positional shell strings
        strings = option_value(rest, *_STRING_OPTION[name])
        if name == "hyperfine":
            strings += positionals(rest, frozenset(_STRING_OPTION[name]) | {"-w", "--warmup", "-r", "--runs", "-m",
                                                                             "-M", "-n", "--command-name", "--export-json",
                                                                             "--export-markdown", "-S", "--shell"})
        if not strings:
            return None
        if any(w.value is None for w in strings):
            return _as_shell([w for w in strings if w.value is None][:1], head)
        code = "\n".join(w.value or "" for w in strings)
        return [_synthetic("sh", head), _synthetic("-c", head), Word(strings[0].node, code, code)]
    if name in _ARGV_AFTER:
        for j, w in enumerate(rest):
            if w.value in _ARGV_AFTER[name]:
                tail = rest[j + 1:]
                # `xterm -e 'bash -c "..."'`: a single word is run by the terminal's shell
                return _as_shell(tail, head) if len(tail) == 1 else tail or None
        return None
    if name in ("watchexec", "entr"):
        i = _skip_opts(rest, 0, _WATCHER_ARG if name == "watchexec" else frozenset(), clusters=True)
        shell = name == "watchexec" or any(w.value and w.value.startswith("-") and "s" in w.value[1:]
                                           for w in rest[:i])
        tail = rest[i:]
        return (_as_shell(tail, head) if shell else tail) or None
    subs, with_arg = _RUNNERS[name]
    i = 0
    if subs:
        i = _skip_opts(rest, 0, with_arg)
        if i >= len(rest) or rest[i].value not in subs:
            return None
        i += 2 if name == "direnv" else 1  # `direnv exec DIR CMD`
    for j, w in enumerate(rest[:_skip_opts(rest, i, with_arg)]):
        if w.value in ("-c", "--call") and j + 1 < len(rest):  # `npx -c STR`, `npm exec -c STR`
            return _as_shell(rest[j + 1:j + 2], head)
    i = _skip_opts(rest, i, with_arg)
    tail = rest[i:]
    if tail and name in _PACKAGE_RUNNERS and tail[0].value:
        m = _PINNED_PACKAGE.fullmatch(tail[0].value)
        if m:  # `npx @scope/tool@1.2.3`, `uvx ruff@latest`: the program is the package's, whatever the version
            tail = [replace(tail[0], value=m.group(1)), *tail[1:]]
    return tail or None


def _env_loader(name: str, rest: list[Word], head: Word) -> list[Word] | None:
    """The command a variable loader runs: after `--` when there is one, else after its options and operands
    (`env-cmd -f .env.test jest`); a `--command STR` is a shell string."""
    subs, with_arg, operands = _ENV_LOADERS[name]
    i = 0
    if subs:
        i = _skip_opts(rest, 0, with_arg)
        if i >= len(rest) or rest[i].value not in subs:
            return None
        i += 1
    for j in range(i, len(rest)):
        v = rest[j].value
        if v == "--":
            return rest[j + 1:] or None
        if v is not None and (v in _LOADER_SHELL or v == "--use-shell"):
            if v == "--use-shell":  # env-cmd: the command line after its options is one shell string
                k = _skip_opts(rest, j + 1, with_arg)
                return _as_shell(rest[k:], head)
            return _as_shell(rest[j + 1:j + 2], head)
        if v is not None and v.startswith(("--command=", "--cmd=")):
            code = v.split("=", 1)[1]
            return [_synthetic("sh", head), _synthetic("-c", head), Word(rest[j].node, code, code)]
    i = _skip_opts(rest, i, with_arg) + operands
    return rest[i:] or None


# runners whose first operand is a package, perhaps with a version or dist-tag after an `@`
_PACKAGE_RUNNERS = frozenset({"npx", "bunx", "uvx", "npm", "pnpm", "yarn", "bun"})
_PINNED_PACKAGE = re.compile(r"(?<![^/@\s])(@[^/@\s]++/[^/@\s]++|[^/@\s]++)@[^/@\s]*+")


def _shell_string(name: str, rest: list[Word], cmd: Cmd, head: Word) -> list[Word] | None:
    if name == "tmux":
        for j, w in enumerate(rest):  # `tmux -c CMD`: tmux runs CMD as a shell command
            if w.value == "-c" and j + 1 < len(rest):
                return _as_shell(rest[j + 1:j + 2], head)
        i = _skip_opts(rest, 0, frozenset({"-L", "-S", "-f", "-T"}))
        if i >= len(rest):
            return None
        sub, tail = rest[i].value, rest[i + 1:]
        if sub in ("send-keys", "send"):
            k = _skip_opts(tail, 0, frozenset({"-t", "-N"}), clusters=True)
            return _as_shell(tail[k:], head, keys=True)
        if sub in _TMUX_RUNS:
            k = _skip_opts(tail, 0, _TMUX_ARG, clusters=True)
            return _as_shell(tail[k:], head)
        return None
    if name == "screen":
        for j, w in enumerate(rest):
            if w.value == "-X" and j + 1 < len(rest):
                verb, args = rest[j + 1].value, rest[j + 2:]
                if verb == "stuff":
                    return _as_shell(args, head, keys=True)
                if verb in ("exec", "screen"):
                    k = _skip_opts(args, 0, frozenset({"-t", "-T", "-h"}), clusters=True)
                    return args[k:] or None
                return None
        i = _skip_opts(rest, 0, _SCREEN_ARG, clusters=True)
        return rest[i:] or None
    if name == "parallel":
        i = _skip_opts(rest, 0, _PARALLEL_ARG, clusters=True)
        seps = [j for j in range(i, len(rest)) if rest[j].value in (":::", "::::", ":::+", "::::+")]
        if not seps:
            return rest[i:] or None  # the commands come from stdin
        template, args = rest[i:seps[0]], [w for w in rest[seps[0] + 1:] if w.value not in (":::", ":::+")]
        if rest[seps[0]].value.startswith("::::"):
            args = []  # arguments read from files
        if not template:
            return _as_shell(args, head) if args else None
        t = " ".join(w.value if w.value is not None else w.text for w in template)
        if any(w.value is None for w in template + args):
            return _as_shell(template + args, head)
        # parallel quotes each argument it puts into the command line
        lines = [t.replace("{}", shlex.quote(a.value)) if "{}" in t else f"{t} {shlex.quote(a.value)}"
                 for a in args if a.value is not None] or [t]
        code = "\n".join(lines)
        return [_synthetic("sh", head), _synthetic("-c", head), Word(template[0].node, code, code)]
    # systemd-run: runs the command now in a unit, or later and again with a timer option
    i = 0
    while i < len(rest):
        v = rest[i].value
        if v is None or not v.startswith("-") or v == "-":
            break
        if v.startswith("--on-") or v.startswith("--timer-property"):
            cmd.scheduled = rest[i]
        i += 1
        if v == "--":
            break
        if v in _SYSTEMD_RUN_ARG or (v.startswith("--on-") and "=" not in v):
            i += 1
    return rest[i:] or None


def _split_assign(w: Word) -> Word:
    """The value half of a NAME=VALUE word."""
    if w.value is None:
        return Word(w.node, None, w.text.split("=", 1)[-1], substitutions=w.substitutions)
    v = w.value.split("=", 1)[1]
    return Word(w.node, v, v)


def option_value(words: list[Word], *names: str, cluster: str = "") -> list[Word]:
    """Values of `-x VAL`, `-xVAL`, `--name VAL`, `--name=VAL` for any of names; with
    `cluster`, also of those letters after flags in one word (`curl -sSLo FILE`, `wget -qO-`)."""
    out: list[Word] = []
    wanted = set(names)
    for j, w in enumerate(words):
        v = w.value
        if not v or v[0] != "-":
            continue
        if v in wanted:
            if j + 1 < len(words):
                out.append(words[j + 1])
        elif v.startswith("--"):
            key, eq, tail = v.partition("=")
            if eq and key in wanted:
                out.append(Word(w.node, tail, tail))
        elif len(v) > 2 and v[:2] in wanted:
            out.append(Word(w.node, v[2:], v[2:]))
        elif cluster:
            for k in range(1, len(v)):
                if not v[k].isalpha():
                    break
                if v[k] in cluster:  # flags before it, its value after it or in the next word
                    tail = v[k + 1:]
                    if tail:
                        out.append(Word(w.node, tail, tail))
                    elif j + 1 < len(words):
                        out.append(words[j + 1])
                    break
    return out


def has_flag(words: list[Word], short: str = "", long: tuple[str, ...] = ()) -> bool:
    """True when a short flag letter (alone or clustered: -rf) or a long flag is present."""
    for w in words:
        v = w.value
        if not v or v[0] != "-" or v == "-":
            continue
        if v.startswith("--"):
            if v in long or v.split("=", 1)[0] in long:
                return True
        elif short and any(c in v[1:] for c in short):
            return True
    return False


def positionals(words: list[Word], with_arg: frozenset = frozenset(), *, stop_at_end: bool = False) -> list[Word]:
    """The words that are not options or the values of the options in `with_arg`; with `stop_at_end`,
    none after `--` (what follows is another command's, or paths)."""
    out, i, end = [], 0, False
    while i < len(words):
        v = words[i].value
        if not end and v is not None and v.startswith("-") and v != "-":
            if v == "--":
                if stop_at_end:
                    break
                end = True
            elif v in with_arg:
                i += 1
        else:
            out.append(words[i])
        i += 1
    return out
