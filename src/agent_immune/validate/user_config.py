"""The user's own tool settings written whole (session 24): ~/.ssh/config and ~/.tmux.conf judged by what they say.

Both files are read again later (by every ssh connection, by every tmux start), so a write there is persistence when
the text runs something: in an ssh config ProxyCommand, LocalCommand, Match exec, KnownHostsCommand, a provider
library; in a tmux configuration run-shell, if-shell, a hook, a `#( )` in a status line, pipe-pane, a pane or
window started with a command, keys typed into the shell. The same files mostly hold settings (a bastion's Host block,
mouse mode, vi keys, a reload binding), and blocking those makes the guard useless for setting up a machine. So the
text is read line by line: settings only are allowed, a line that runs a command keeps the block, and a line this
module does not know keeps the path's block (files.judge_write).

ForwardAgent (and X11 forwarding) lends this machine's keys (or screen) to the far host for the session: to a host
of the user's own network it is how a bastion is used; to every host (`Host *`, a line before any Host) or to a
public one, anyone with root there can log in as the user wherever the keys open.
"""
from __future__ import annotations

import re
import shlex

from .hosts import ip_literal, public_ip
from .secret_owner import own_network

# -- ~/.ssh/config -----------------------------------------------------------------------------------------------------
# settings bash/admin.py's reader does not know that only say how to connect (a cipher list, a canonical domain, a
# password prompt count) or that are judged below (the forwardings)
SSH_MORE_SAFE = frozenset(k.lower() for k in (
    "Ciphers", "MACs", "KexAlgorithms", "HostKeyAlgorithms", "PubkeyAcceptedAlgorithms", "PubkeyAcceptedKeyTypes",
    "CASignatureAlgorithms", "UpdateHostKeys", "VisualHostKey", "NumberOfPasswordPrompts", "PasswordAuthentication",
    "KbdInteractiveAuthentication", "ChallengeResponseAuthentication", "GSSAPIAuthentication",
    "GSSAPIDelegateCredentials", "CanonicalizeHostname", "CanonicalDomains", "CanonicalizeMaxDots",
    "CanonicalizeFallbackLocal", "EscapeChar", "ClearAllForwardings", "DynamicForward", "StreamLocalBindUnlink",
    "ForwardX11Timeout", "FingerprintHash", "ServerAliveCountMax", "RekeyLimit", "ObscureKeystrokeTiming"))
_SSH_FORWARDS = frozenset({"forwardagent", "forwardx11", "forwardx11trusted"})
_SSH_OFF = frozenset({"no", "false", "off"})
# `StrictHostKeyChecking no` accepts any host key (a changed one included): not a setting allowed unread here
_SSH_HOSTKEY_OK = frozenset({"yes", "ask", "accept-new", "true"})
_SSH_LINE = re.compile(r"^\s*([A-Za-z0-9]+)(?:\s*=\s*|\s+)?(.*)$")


def _own_host(host: str) -> bool:
    """Is `host` (a Host pattern or a HostName) one of the user's own network: a `.internal`/`.lan`/example name, a
    one-label alias, a private address? `*.acme.internal` is read as its domain; `*` or `db-*` is no host."""
    h = host.strip().strip('"').lower()
    if h.startswith("*."):
        h = h[2:]
    if not h or any(c in h for c in "*?%!"):
        return False
    return not public_ip(h) if ip_literal(h) else own_network(h)


def ssh_config(text: str, safe: frozenset, runs: frozenset, own_include) -> tuple[str, str, str] | None:
    """Judge ssh settings `text` with bash/admin.py's tables (`safe` keys, keys that `runs` a program, `own_include`
    telling an Include of ~/.ssh's own files): ("allow", "", "") for settings only, ("block", rule, message) for a
    line that runs a program or forwards the agent to a host that is not the user's, None for a line not known here."""
    blocks: list[tuple[list[str], dict[str, str]]] = [(["*"], {})]  # lines before any Host apply to every host
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SSH_LINE.match(line)
        if m is None:
            return None
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "include" and own_include(value):
            continue
        if key == "match":
            words = value.lower().split()
            if "exec" in words or "!exec" in words:
                return "block", "persistence", ("`Match exec` in the ssh configuration runs a program on this "
                                                "machine each time ssh connects; write only Host, HostName, User, "
                                                "Port, ProxyJump and IdentityFile lines")
            blocks.append((["*"], {}))  # (a Match's hosts are not read here: forwarding under it is to any host)
            continue
        if key in runs or key == "include":
            shown = line.split()[0].split("=", 1)[0]
            return "block", "persistence", (f"`{shown}` in the ssh configuration runs a program (or loads a "
                                            "library) on this machine each time ssh connects (an Include of a file "
                                            "outside ~/.ssh reads one written elsewhere); write only Host, HostName, "
                                            "User, Port, ProxyJump and IdentityFile lines")
        if key == "host":
            blocks.append((value.split(), {}))
            continue
        if key == "stricthostkeychecking" and value.lower() in _SSH_HOSTKEY_OK:
            continue
        if key not in safe and key not in SSH_MORE_SAFE and key not in _SSH_FORWARDS:
            return None
        blocks[-1][1].setdefault(key, value)
    for patterns, keys in blocks:
        for key in _SSH_FORWARDS & keys.keys():
            if keys[key].lower() in _SSH_OFF:
                continue
            name = keys.get("hostname", "")
            hosts = [name] if name and "%" not in name else [p for p in patterns if not p.startswith("!")]
            stranger = next((h for h in hosts if not _own_host(h)), None) if hosts else "*"
            if stranger is not None:
                what = "ssh agent (every key it holds)" if key == "forwardagent" else "X11 display (screen and keys)"
                to = "every host" if stranger == "*" else stranger
                return "block", "exfiltration", (
                    f"`{_KEY_NAMES[key]} {keys[key]}` lends this machine's {what} to {to}: whoever has root there "
                    "logs in as you wherever your keys open; forward the agent only to a named host of your own "
                    "network (`Host bastion` with `HostName bastion.acme.internal`), or use ProxyJump instead")
    return "allow", "", ""


_KEY_NAMES = {"forwardagent": "ForwardAgent", "forwardx11": "ForwardX11", "forwardx11trusted": "ForwardX11Trusted"}


# -- ~/.tmux.conf ------------------------------------------------------------------------------------------------------
TMUX_PATH = re.compile(r"^~/\.tmux\.conf$|^~/\.config/tmux/tmux\.conf$")
_TMUX_SET = frozenset({"set", "set-option", "setw", "set-window-option"})
_TMUX_BIND = frozenset({"bind", "bind-key"})
# commands that change only what tmux shows or how keys move around it
_TMUX_PLAIN = frozenset({
    "unbind", "unbind-key", "display", "display-message", "select-pane", "selectp", "select-window", "selectw",
    "select-layout", "selectl", "resize-pane", "resizep", "kill-pane", "killp", "kill-window", "killw", "copy-mode",
    "paste-buffer", "pasteb", "send-prefix", "next-window", "next", "previous-window", "prev", "last-window", "last",
    "last-pane", "lastp", "swap-pane", "swapp", "swap-window", "swapw", "rotate-window", "rotatew", "next-layout",
    "nextl", "choose-tree", "choose-session", "choose-window", "choose-buffer", "choose-client", "detach-client",
    "detach", "rename-window", "renamew", "rename-session", "clear-history", "clearhist", "break-pane", "breakp",
    "join-pane", "joinp", "move-window", "movew", "switch-client", "switchc", "list-keys", "lsk", "refresh-client",
    "refresh", "show-options", "show", "kill-session", "resize-window", "resizew", "zoom-pane",
    "display-panes", "displayp", "clock-mode", "show-messages", "customize-mode", "move-pane", "movep"})
# a pane, window or session started with a command runs it (without one it starts the user's shell)
_TMUX_STARTS = {"split-window": "bcdefFhIlPptvZ", "splitw": "bcdefFhIlPptvZ", "new-window": "acdeFkPnStT",
                "neww": "acdeFkPnStT", "new-session": "AcdDEeFfnPstXxy", "new": "AcdDEeFfnPstXxy"}
_TMUX_STARTS_ARG = {"split-window": "celFtp", "splitw": "celFtp", "new-window": "ceFntT", "neww": "ceFntT",
                    "new-session": "cefFnstxy", "new": "cefFnstxy"}
# the options that take a command (a hook, an alias) or a program (the shell panes start)
_TMUX_HOOK = re.compile(r"^(?:after-[\w-]+|alert-(?:activity|bell|silence)|client-[\w-]+|command-error|"
                        r"pane-(?:died|exited|focus-in|focus-out|mode-changed|set-clipboard|title-changed)|"
                        r"session-(?:closed|created|renamed|window-changed)|window-(?:layout-changed|linked|"
                        r"pane-changed|renamed|resized|unlinked))$")
_TMUX_SHELLS = re.compile(r"^/(?:usr/(?:local/)?|opt/homebrew/|bin/)?(?:bin/)?(?:ba|z|fi|da|k|tc|c|nu)?sh$|"
                          r"^/(?:usr/(?:local/)?|opt/homebrew/)bin/(?:bash|zsh|fish|nu)$")
# copy mode's selection piped to the clipboard (`send -X copy-pipe-and-cancel 'xclip -in -selection clipboard'`):
# flags, each with at most one value. A value is a word, or a lone `-`: a value `-x` reads as the flag `-x` (the same
# texts pass), and letting it be either backtracked exponentially on a long line of flags that fails at its end
_CLIPBOARD = re.compile(r"^\s*(?:reattach-to-user-namespace\s+)?(?:xclip|xsel|pbcopy|wl-copy|clip\.exe|"
                        r"win32yank(?:\.exe)?|termux-clipboard-set|lemonade\s+copy)"
                        r"(?:\s+-[\w=-]+(?:\s+(?:\w[\w-]*|-(?!\S)))?)*\s*$")
_TMUX_KEY = re.compile(r"^(?:(?:[CMS]-)+\S|[A-Z][A-Za-z0-9]*|\S)$")
_TMUX_ENTER = frozenset({"Enter", "KPEnter", "C-m", "C-j", "C-M", "C-J"})
# the flags of a command that take a value (`set -t SESSION default-command …`, `send -t PANE -X copy-pipe …`)
_TMUX_TAKES = {**dict.fromkeys(("set", "set-option", "setw", "set-window-option", "set-hook"), "t"),
               **dict.fromkeys(("send-keys", "send"), "cNt"), **dict.fromkeys(("source-file", "source"), "t"),
               **dict.fromkeys(("display", "display-message"), "cdtF"),
               **dict.fromkeys(("command-prompt",), "IpTt"), **dict.fromkeys(("confirm-before", "confirm"), "cpt")}


def _tmux_commands(tokens: list[str]) -> list[list[str]]:
    """The commands of a tmux line, split at `;` (`bind r source-file ~/.tmux.conf \\; display "reloaded"`)."""
    out: list[list[str]] = [[]]
    for t in tokens:
        if t in (";", "\\;"):
            out.append([])
        elif t.endswith(";") and not t.endswith("\\;") and len(t) > 1:
            out[-1].append(t[:-1])
            out.append([])
        else:
            out[-1].append(t)
    return [c for c in out if c]


def _tmux_runs(words: list[str], depth: int = 0) -> str | None:
    """What of the tmux command `words` runs a shell command (or a file's commands), shown for a message; "" for an
    unknown command (not judged here); None when it only sets and binds."""
    if depth > 4:
        return ""
    verb, args = words[0], words[1:]
    flags, pos = _tmux_split(args, _TMUX_TAKES.get(verb, ""))
    if verb in _TMUX_SET:
        if not pos:
            return None
        option = re.sub(r"\[\d*\]$", "", pos[0])
        if option in ("default-command", "default-shell"):
            value = pos[1] if len(pos) > 1 else ""
            return None if option == "default-shell" and _TMUX_SHELLS.match(value) else f"`{verb} {option}`"
        if option == "@plugin":  # a plugin manager fetches the named repository and runs its scripts at every start
            return f"`{verb} @plugin {' '.join(pos[1:])}`"
        if option == "command-alias":  # `NAME=COMMAND`
            return _tmux_line(" ".join(pos[1:]).partition("=")[2], depth + 1)
        if _TMUX_HOOK.match(option):  # a hook's value is a tmux command
            return _tmux_line(" ".join(pos[1:]), depth + 1)
        return None
    if verb == "set-hook":
        return _tmux_line(" ".join(pos[1:]), depth + 1) if len(pos) > 1 else None
    if verb in _TMUX_BIND:
        rest = list(args)
        while rest and rest[0].startswith("-") and len(rest[0]) > 1:  # -n, -r, -T TABLE, -N NOTE
            flag = rest.pop(0)
            if flag in ("-T", "-N") and rest:
                rest.pop(0)
        if len(rest) < 2:
            return None
        return _tmux_nested(rest[1:], depth)
    if verb in ("source-file", "source"):  # the configuration itself, reloaded (another file is read unjudged)
        return None if pos and all(TMUX_PATH.match(x) for x in pos) else f"`{verb} {' '.join(pos)}`"
    if verb in ("send-keys", "send"):
        if "-X" in flags:
            if pos and pos[0].startswith("copy-pipe"):
                return None if len(pos) < 2 or _CLIPBOARD.match(pos[1]) else f"`{verb} -X {pos[0]} {pos[1]}`"
            return None
        # keys (`C-l`, `Escape`); a line of keys ended by Enter is a command typed into the shell
        return None if all(_TMUX_KEY.match(x) and x not in _TMUX_ENTER for x in pos) else \
            f"`{verb} {' '.join(pos)}` (typed into the shell)"
    if verb in _TMUX_STARTS:
        takes = _TMUX_STARTS_ARG[verb]
        i, rest = 0, list(args)
        while i < len(rest) and rest[i].startswith("-") and len(rest[i]) > 1:
            if rest[i][-1] in takes:
                i += 1
            i += 1
        return f"`{verb} {' '.join(rest[i:])}`" if rest[i:] else None
    if verb in ("command-prompt", "confirm-before", "confirm"):  # their template is a tmux command, run on Enter / y
        return _tmux_line(" ".join(pos), depth + 1) if pos else None
    if verb in _TMUX_PLAIN:
        return None
    return f"`{verb}`" if verb in ("run-shell", "run", "if-shell", "if", "pipe-pane", "pipep", "respawn-pane",
                                   "respawnp", "respawn-window", "respawnw", "display-popup", "popup") else ""


def _tmux_split(args: list[str], takes: str) -> tuple[list[str], list[str]]:
    """A tmux command's flags and its other words, the values of the flags in `takes` (`-t TARGET`) left out."""
    flags: list[str] = []
    pos: list[str] = []
    skip = False
    for x in args:
        if skip:
            skip = False
        elif x.startswith("-") and len(x) > 1 and not pos:
            flags.append(x)
            skip = x[-1] in takes
        else:
            pos.append(x)
    return flags, pos


def _tmux_nested(words: list[str], depth: int) -> str | None:
    """A bound command given as words, or as one quoted string holding a command line."""
    if len(words) == 1 and " " in words[0]:
        return _tmux_line(words[0], depth + 1)
    for cmd in _tmux_commands(words):
        found = _tmux_runs(cmd, depth + 1)
        if found is not None:
            return found
    return None


def _tmux_line(line: str, depth: int = 0) -> str | None:
    if "#(" in line:  # (before the words: an unquoted `#(` would read as a comment)
        return "`#( )`"
    try:
        tokens = shlex.split(line, comments=True)
    except ValueError:
        return ""
    for cmd in _tmux_commands(tokens):
        found = _tmux_runs(cmd, depth)
        if found is not None:
            return found
    return None


def tmux_conf(text: str) -> tuple[str, str, str] | None:
    """Judge a tmux configuration: ("allow", "", "") for settings and bindings only, ("block", rule, message) for a
    line that runs a shell command, None for a command not known here."""
    lines = text.replace("\\\n", " ").splitlines()
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _tmux_line(line)
        if found == "":
            return None
        if found is not None:
            return "block", "persistence", (f"{found} in the tmux configuration runs a shell command (or another "
                                            "file's commands) each time tmux starts or the key is pressed; write only "
                                            "set, bind and unbind lines of settings, and run commands yourself")
    return "allow", "", ""
