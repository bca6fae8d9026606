"""Everyday tools told, by an option, to run a command of the caller's choosing; services that hand
the machine to whoever reaches a port; the session and the cluster ended.

The fourth red-team round found these open, each a family: `make SHELL=/tmp/x`, `cargo --config
'target.….runner = "…"'`, `tmux set-hook … 'run-shell "…"'`, `apt-get -o APT::Update::Pre-Invoke::=…`,
`less '+!CMD'`, `tox --override testenv.commands=…` (the command each runs is cut out and judged);
packages run straight from a plain-HTTP address (`npx http://…`, `uv run --with http://…`,
`pre-commit try-repo http://…`); `run-parts --regex` picking a shell out of `/bin`; notebooks, editors,
web terminals and the Docker daemon listening on every address without authentication;
`loginctl terminate-user`; `kubectl delete --all` across namespaces.
"""
from __future__ import annotations

import re
import shlex

from .commands import PRIVILEGE, SHELLS, Cmd, base_name, option_value, positionals
from .common import plain_http
from ..typosquat import NPM, PYPI
from .tools import (_NPM_ARG, _PIP_ARG, _nested_line, _npm_flags, check_index_replaced, check_indexes, check_packages,
                    check_trusted_hosts)
from .words import Word


# -- options that name a command --------------------------------------------------------------------
_STD_SHELL_DIRS = ("/bin/", "/usr/bin/", "/usr/local/bin/")


# make variables naming a program recipes run (`make CC='sh -c "…"'`): the value is judged as a command
_MAKE_PROGRAMS = frozenset({"CC", "CXX", "CPP", "LD", "AR", "AS", "FC", "RM", "INSTALL", "PYTHON", "PERL", "NPM",
                            "CARGO", "GO", "DOCKER", "MAKE", "STRIP", "OBJCOPY", "RANLIB", "NM"})


def _make(a, cmd: Cmd) -> None:
    """`make SHELL=/tmp/.sh`: every recipe line is run by that program."""
    for w in cmd.args:
        key, eq, value = (w.value or "").partition("=")
        if eq and key in _MAKE_PROGRAMS and value.strip():
            _nested_line(a, value, w.node)
            continue
        if not eq or key not in ("SHELL", ".SHELLFLAGS", "MAKESHELL"):
            continue
        if key == ".SHELLFLAGS":
            if value.strip() not in ("-c", "-ec", "-eu -c", "-euo pipefail -c", "-e -c", "-eu -o pipefail -c"):
                a.block("wrapper-exec", f"`make {key}={value}` changes how every recipe line is run; leave it as is",
                        w.node)
            continue
        if base_name(value) in SHELLS and ("/" not in value or value.startswith(_STD_SHELL_DIRS)):
            continue
        a.block("wrapper-exec", f"`make {key}={value}` makes make run every recipe line with that program; use a "
                                "system shell (/bin/bash)", w.node)


_CARGO_PROGRAM = re.compile(r"(?:^|\.)(?:runner|rustc-wrapper|rustc-workspace-wrapper|rustc|rustdoc|linker)\s*$")


def _cargo(a, cmd: Cmd) -> None:
    """`cargo --config 'target.X.runner = "sh -c …"' run`: the program cargo runs the build with."""
    for w in option_value(cmd.args, "--config"):
        key, eq, value = (w.value or "").partition("=")
        if not eq or not _CARGO_PROGRAM.search(key):
            continue
        value = value.strip()
        if value[:1] == "[":
            try:
                words = [t.strip().strip("'\"") for t in value.strip("[]").split(",")]
            except ValueError:
                continue
            code = " ".join(shlex.quote(t) for t in words if t)
        else:
            code = value.strip("'\"").replace('\\"', '"')
        _nested_line(a, code, w.node)


def _tmux_command(text: str) -> str | None:
    """The shell command of a tmux command line (`run-shell "CMD"`, `if-shell "TEST" …`), if any."""
    try:
        tokens = shlex.split(text)
    except ValueError:
        return None
    return _tmux_argv(tokens)


def _tmux_argv(tokens: list[str]) -> str | None:
    for j, t in enumerate(tokens):
        if t in ("run-shell", "run", "if-shell", "if", "new-window", "neww", "split-window", "splitw", "popup",
                 "display-popup", "respawn-pane", "respawnp"):
            rest = [x for x in tokens[j + 1:] if not x.startswith("-")]
            return rest[0] if rest else None
    return None


def _tmux(a, cmd: Cmd) -> None:
    """`tmux set-hook -g client-attached 'run-shell "…"'`, `tmux bind-key r run-shell '…'`: the command
    runs later, on the hook or the key."""
    vals = [w.value or "" for w in cmd.args]
    verb = next((v for v in vals if not v.startswith("-")), "")
    if verb not in ("set-hook", "bind-key", "bind", "set-option", "set"):
        return
    for w in cmd.args:
        if w.value and " " in w.value:
            code = _tmux_command(w.value)
            if code:
                _nested_line(a, code, w.node)
                return
    code = _tmux_argv(vals[vals.index(verb) + 1:])
    if code:
        _nested_line(a, code, cmd.node)


_APT_HOOK = re.compile(r"(?i)(?:Pre|Post)-Invoke(?:-Success)?|Pre-Install-Pkgs|::Update-Post-Invoke|AptListChanges")


def _apt(a, cmd: Cmd) -> None:
    """`apt-get -o APT::Update::Pre-Invoke::="CMD" update`: apt runs CMD (as root, under sudo)."""
    for w in option_value(cmd.args, "-o", "--option"):
        key, eq, value = (w.value or "").partition("=")
        if eq and _APT_HOOK.search(key):
            if value.strip():
                _nested_line(a, value, w.node)
            a.block("wrapper-exec", f"`{cmd.name} -o {key}=…` makes apt run a command of your choosing; install "
                                    "without hook options", w.node)
            return


# keys before the `!` (`+G!cmd`), but not a search (`+/error!` looks for "error!")
_LESS_SHELL = re.compile(r"^\+{1,2}[^!/?]*!(.+)$", re.S)


def _less(a, cmd: Cmd) -> None:
    """`less '+!CMD' f`: less runs the initial command, and `!` is its shell escape."""
    for w in cmd.args:
        m = _LESS_SHELL.match(w.value or "")
        if m:
            _nested_line(a, m.group(1), w.node)
            a.block("wrapper-exec", "`less +!…` runs a shell command through the pager; run the command itself",
                    w.node)
            return


_TOX_COMMANDS = re.compile(r"(?:^|[.:])commands(?:_pre|_post)?\s*[+]?$")


def _tox(a, cmd: Cmd) -> None:
    """`tox --override 'testenv.commands=sh -c …'`: the environment runs that command instead of the tests."""
    for w in option_value(cmd.args, "--override", "-x"):
        key, eq, value = (w.value or "").partition("=")
        if eq and _TOX_COMMANDS.search(key):
            _nested_line(a, value, w.node)


# -- a git driver that runs the project's own script ---------------------------------------------------------------
_DRIVER_RUNNERS = frozenset({"python", "python3", "node", "sh", "bash", "ruby", "perl", "uv", "poetry"})
_MODULE = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*")
_SHELL_SYNTAX = frozenset("|;&`$()<>\n")


def project_driver(value: str) -> bool:
    """`python3 tools/dump_fixture.py`, `python3 -m tools.parquet_dump`, `./scripts/textconv.sh`: a git driver (a
    diff textconv, a filter, a merge driver) that runs a script of the project itself, which the project's diffs show
    (exec.py's git config check may leave it alone). A file in /tmp, the home or a hidden folder (`.git/tc`), a parent
    folder's, a pipeline or a substitution is not one (a script this input writes there is judged as written)."""
    if not value or _SHELL_SYNTAX.intersection(value):
        return False
    try:
        argv = shlex.split(value)
    except ValueError:
        return False
    if argv and base_name(argv[0]) in ("uv", "poetry") and argv[1:2] == ["run"]:
        argv = argv[2:]
    if not argv:
        return False
    if base_name(argv[0]).rstrip("0123456789.") in _DRIVER_RUNNERS:
        rest = [x for x in argv[1:] if x not in ("-u", "-B", "-I", "-E", "-s", "-S")]
        if rest[:1] == ["-m"]:
            return len(rest) > 1 and _MODULE.fullmatch(rest[1]) is not None
        script = rest[0] if rest else None
    else:
        script = argv[0]
    return script is not None and _project_file(script)


def _project_file(path: str) -> bool:
    parts = path.removeprefix("./").split("/")
    return ("/" in path or path.endswith((".py", ".sh", ".js", ".mjs", ".cjs", ".rb", ".pl"))) and \
        not path.startswith(("/", "~", "-")) and ".." not in parts and \
        not parts[0].startswith(".") and all(p for p in parts)


# -- packages run straight from a plain-HTTP address ------------------------------------------------
def _from_plain_http(a, cmd: Cmd, words: list) -> None:
    for w in words:
        v = w.value or ""
        if plain_http(v) or plain_http(v.partition("@")[2].strip()) or v.startswith("git+http://"):
            a.block("download-exec", f"`{cmd.name}` fetches code over plain HTTP ({v}) and runs it; use an HTTPS "
                                     "source or a reviewed local file", w.node)
            return


_NPX_ARG = frozenset({"-p", "--package", "-c", "--call"})


def _npx(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _NPX_ARG | _NPM_ARG)
    # npx reads its own options before the package; the words after it are the program's (`npx playwright
    # screenshot --browser=chromium`: Playwright's browser, not npm's `browser` setting)
    own = cmd.args[:cmd.args.index(pos[0])] if pos and cmd.name in ("npx", "bunx", "pnpx") else cmd.args
    _npm_flags(a, Cmd(cmd.node, [cmd.words[0], *own], cmd.name))  # `npx --registry=http://… pkg`: npm's settings
    packages = pos[:1] + option_value(cmd.args, "-p", "--package")
    _from_plain_http(a, cmd, packages)
    # `npx creat-react-app x`: the package is fetched and its program run at once
    check_packages(a, cmd, cmd.name, packages, NPM)


def _npm_exec(a, cmd: Cmd) -> None:
    """`npm exec lodahs`, `pnpm dlx creat-vite`, `yarn dlx …`, `bun x …` (the runner's own words): as npx."""
    pos = positionals(cmd.args, _NPX_ARG | _NPM_ARG)
    if pos and pos[0].value in ("exec", "x", "dlx"):
        rest = cmd.args[cmd.args.index(pos[0]) + 1:]
        _npx(a, Cmd(cmd.node, [cmd.words[0]] + rest, cmd.name))


# the sources uv adds beside its default index (and asks first): `--index-url`/`--default-index` replace it
_UV_ADDED = ("--index", "--extra-index-url", "--find-links", "-f")
_UV_ARG = _PIP_ARG | frozenset({"--with", "--from", "--index", "--default-index", "--python", "-p", "--project",
                                "--directory", "--extra", "--group", "--optional", "--package", "--index-strategy",
                                "--resolution", "--prerelease", "--exclude-newer", "--link-mode", "--env-file",
                                "--with-requirements", "--with-editable", "--script", "--branch", "--tag", "--rev",
                                "--bounds", "--marker", "-m"})


def _uv(a, cmd: Cmd) -> None:
    _from_plain_http(a, cmd, option_value(cmd.args, "--with", "--from", "--index", "--index-url", "--extra-index-url",
                                          "--default-index", "-i", "--find-links", "-f", "--with-requirements"))
    # `uv pip install x`, `uv add x`, `uv tool install x`, `uvx x` / `uv tool run x` (the tool's package), `--with x`
    pos = positionals(cmd.args, _UV_ARG)
    vals = [w.value for w in pos[:2]]
    how, names = cmd.name, pos[:1] if cmd.name == "uvx" else []
    if vals[:2] in (["pip", "install"], ["tool", "install"], ["tool", "run"], ["pip", "download"]):
        how, names = f"uv {vals[0]} {vals[1]}", pos[2:] if vals[1] != "run" else pos[2:3]
    elif vals[:1] == ["add"] and cmd.name == "uv":
        how, names = "uv add", pos[1:]
    check_packages(a, cmd, how, names + option_value(cmd.args, "--with", "--from"), PYPI)
    check_indexes(a, cmd, how, option_value(cmd.args, *_UV_ADDED))
    check_index_replaced(a, f"{how} --default-index", option_value(cmd.args, "--index-url", "-i", "--default-index"))
    check_trusted_hosts(a, f"{how} --allow-insecure-host", option_value(cmd.args, "--allow-insecure-host"))


_PIPX_ARG = frozenset({"--spec", "--index-url", "-i", "--pip-args", "--python", "--suffix", "--global"})


def _pipx(a, cmd: Cmd) -> None:
    vals = cmd.values()
    if vals[:1] in (["run"], ["install"], ["inject"]):
        _from_plain_http(a, cmd, cmd.args[1:] + option_value(cmd.args, "--spec", "--index-url", "-i", "--pip-args"))
        pos = positionals(cmd.args[1:], _PIPX_ARG)
        # `pipx run reqeusts`, `pipx install x y`, `pipx inject VENV x`: each a package (run: the first only)
        names = pos[:1] if vals[0] == "run" else pos[1:] if vals[0] == "inject" else pos
        check_packages(a, cmd, f"pipx {vals[0]}", names + option_value(cmd.args, "--spec"), PYPI)
        # `--pip-args '--extra-index-url https://…'`: pip's own options, as pip reads them
        pip_args = [Word(w.node, t, t) for w in option_value(cmd.args, "--pip-args") if w.value
                    for t in w.value.replace("=", " ").split()]
        check_indexes(a, cmd, f"pipx {vals[0]}", option_value(pip_args, "--extra-index-url", "-f", "--find-links"))
        check_index_replaced(a, f"pipx {vals[0]} --index-url", option_value(cmd.args, "--index-url", "-i") +
                             option_value(pip_args, "--index-url", "-i"))


def _pre_commit(a, cmd: Cmd) -> None:
    if cmd.values()[:1] == ["try-repo"]:
        _from_plain_http(a, cmd, cmd.args[1:2])


# -- a shell picked out of a directory ----------------------------------------------------------------
_BIN_DIRS = ("/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")


def _run_parts(a, cmd: Cmd) -> None:
    """`sudo run-parts --regex '^bash$' /bin`: run-parts runs every program of the directory whose
    name the pattern matches, here a shell (as root under sudo)."""
    patterns = [w.value for w in option_value(cmd.args, "--regex") if w.value]
    dirs = [w.value for w in positionals(cmd.args, frozenset({"--regex", "-u", "--umask", "-a", "--arg"}))
            if w.value]
    if not patterns or not any(d.rstrip("/") in _BIN_DIRS for d in dirs):
        return
    for p in patterns:
        try:
            rx = re.compile(p)
        except re.error:
            continue
        shell = next((s for s in sorted(SHELLS) if rx.search(s)), None)
        if shell:
            root = any(n in PRIVILEGE for n, _ in cmd.wrappers)
            a.block("privilege-escalation" if root else "obfuscated-command",
                    f"`run-parts --regex {p}` runs {shell} out of {dirs[-1]}"
                    f"{' as root: a root shell' if root else ': a shell under another name'}; run the command itself",
                    cmd.node)
            return


# -- services that hand the machine to whoever reaches a port --------------------------------------------
_LOCAL_HOST = re.compile(r"^(?:localhost|127(?:\.\d+){3}|::1|\[::1\]|lo)(?::\d+)?$")


def _public(host: str | None) -> bool:
    return host is not None and not _LOCAL_HOST.match(host.strip("'\""))


def _jupyter(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    ips = [w.value for w in option_value(cmd.args, "--ip", "--NotebookApp.ip", "--ServerApp.ip")]
    no_auth = any(re.match(r"--(?:NotebookApp|ServerApp|IdentityProvider)\.(?:token|password)=(?:''|\"\")?$", v)
                  for v in vals) or "--no-auth" in vals
    if no_auth and any(_public(ip) for ip in ips):
        a.block("reverse-shell", f"`{cmd.name}` serves notebooks on {ips[-1]} without a token or password: anyone who "
                                 "reaches the port runs code here; keep the token, or listen on 127.0.0.1", cmd.node)


def _code_server(a, cmd: Cmd) -> None:
    auth = [w.value for w in option_value(cmd.args, "--auth")]
    binds = [w.value for w in option_value(cmd.args, "--bind-addr", "--host")]
    if "none" in auth and (not binds or any(_public((b or "").rsplit(":", 1)[0]) for b in binds)):
        a.block("reverse-shell", "`code-server --auth none` on a public address gives anyone who reaches the port a "
                                 "terminal here; keep authentication, or bind to 127.0.0.1", cmd.node)


def _web_terminal(a, cmd: Cmd) -> None:
    """`ttyd bash`, `gotty -w sh`: a shell served over the web (on every address unless told otherwise)."""
    iface = [w.value for w in option_value(cmd.args, "-i", "--interface", "-a", "--address")]
    if iface and not any(_public(i) for i in iface):
        return
    if any(base_name(w.value or "") in SHELLS for w in cmd.args):
        a.block("reverse-shell", f"`{cmd.name}` serves a shell over the web: anyone who reaches the port gets a "
                                 "shell here; agents must not", cmd.node)


def _dockerd(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-H", "--host"):
        v = w.value or ""
        if v.startswith("tcp://") and _public(v[6:].rsplit(":", 1)[0] if v[6:].count(":") == 1 else v[6:]):
            a.block("privilege-escalation", f"`dockerd -H {v}` opens the Docker API on the network without "
                                            "authentication: whoever reaches it is root here", w.node)
            return


def _git_daemon(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if vals[:1] != ["daemon"]:
        return
    from .. import paths

    roots = [w for w in option_value(cmd.args, "--base-path")] + [w for w in cmd.args[1:] if
                                                                  (w.value or "")[:1] in ("/", "~")]
    for w in roots:
        n = paths.normalize(w.value or "")
        if n in ("/", "~") or paths.kinds(w.value or "") & {paths.HOME, paths.SYSTEM, paths.SECRET}:
            a.block("exfiltration", f"`git daemon` serves {w.value} to anyone who reaches the port; serve only the "
                                    "project's repository", w.node)
            return


# -- the session and the cluster ----------------------------------------------------------------------
_LOGINCTL_ENDS = frozenset({"terminate-user", "terminate-session", "terminate-seat", "kill-user", "kill-session",
                            "poweroff", "reboot", "halt", "suspend", "hibernate", "lock-sessions"})


def _loginctl(a, cmd: Cmd) -> None:
    verb = next((v for v in cmd.values() if v and not v.startswith("-")), None)
    if verb in _LOGINCTL_ENDS:
        a.block("system-disruption", f"`loginctl {verb}` ends login sessions or powers the machine down; agents "
                                     "must not", cmd.node)


_WHOLE_CLUSTER = frozenset({"all", "ns", "namespace", "namespaces", "pv", "persistentvolumes", "nodes", "node", "crd",
                            "crds", "customresourcedefinitions"})


def _kubectl(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    if "delete" not in vals or "--all" not in vals and not any(v.startswith("--all=") for v in vals):
        return
    kinds = {k for v in vals[vals.index("delete") + 1:] if not v.startswith("-") for k in v.split(",")}
    if "-A" in vals or "--all-namespaces" in vals or kinds & _WHOLE_CLUSTER:
        a.block("system-disruption", "`kubectl delete --all` across namespaces or of namespaces, nodes or volumes "
                                     "deletes the cluster's workloads and data; delete the named resources", cmd.node)


HANDLERS = {
    "make": [_make], "gmake": [_make],
    "cargo": [_cargo],
    "tmux": [_tmux],
    **{n: [_apt] for n in ("apt", "apt-get", "aptitude")},
    "less": [_less],
    "tox": [_tox],
    **{n: [_npx] for n in ("npx", "bunx", "pnpx")},
    **{n: [_uv] for n in ("uv", "uvx")},
    "pipx": [_pipx],
    "pre-commit": [_pre_commit],
    "run-parts": [_run_parts],
    "jupyter": [_jupyter], **{n: [_jupyter] for n in ("jupyter-notebook", "jupyter-lab")},
    "code-server": [_code_server],
    **{n: [_web_terminal] for n in ("ttyd", "gotty")},
    "dockerd": [_dockerd],
    "git": [_git_daemon],
    "loginctl": [_loginctl],
    "kubectl": [_kubectl],
}

def _bundle(a, cmd: Cmd) -> None:
    """`bundle exec rake` after a Rakefile was written: ecosystems.py judges the build file the tool runs."""
    from .ecosystems import run_by_runner

    run_by_runner(a, cmd)


# runners commands.resolve unwraps (`npx PKG`, `uv run --with URL python`): checked on their own words too
OUTER = {**{n: _npx for n in ("npx", "bunx", "pnpx")}, **{n: _uv for n in ("uv", "uvx")}, "pipx": _pipx,
         "bundle": _bundle, **{n: _npm_exec for n in ("npm", "pnpm", "yarn", "bun")}}
