"""A conservative shortcut for plain commands (`git status`, `make test`, `ls -la | wc -l`).

The bash rules can only fire on (a) structure no shortcut covers — functions, while loops, `unset`, ANSI-C strings,
declarations other than plain assignments, assignments of sensitive variables or of
variables expanded later; (b) a command name that is not a plain word, or that some
rule or wrapper knows (for a few common ones, e.g. `git`, `rm`, `curl`, only together
with the arguments their rules look at); or (c) an argument naming a sensitive path or
a device. One tree-sitter query (run in C) finds (a) and every command name, also inside
substitutions; a scan of the path-like words, with quotes removed, covers (c). When none
is present, no rule could report anything and the full walk is skipped. Anything
unusual falls through to the full analysis.
"""
from __future__ import annotations

import re
from functools import lru_cache

import tree_sitter as ts

from .. import paths
from .commands import INTERPRETERS, PRIVILEGE, SHELLS, WRAPPERS, base_name
from .common import DOWNLOADERS, NET_SENDERS

_QUERY = """
[(function_definition) (while_statement) (unset_command) (ansi_c_string) (c_style_for_statement)] @slow
(declaration_command) @decl
(variable_assignment name: (variable_name) @var)
(command_name) @name
"""
_UNQUOTE = str.maketrans("", "", "'\"\\")
_SPLIT = re.compile(r"[\s|&;<>()]+")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_./+-]+")
_PATHY = re.compile(r"[^\s|&;<>()'\"`$]*[/~][^\s|&;<>()'\"`$]*")


@lru_cache(maxsize=1)
def _interesting() -> frozenset[str]:
    from ..rules_bash import HANDLERS

    return frozenset(HANDLERS) | WRAPPERS | SHELLS | INTERPRETERS | DOWNLOADERS | NET_SENDERS | PRIVILEGE | {
        "eval", "source", ".", "exec", "yes", "mkfifo", "mknod", "busybox"}


_GIT_TRIGGERS = frozenset({"-c", "config", "submodule", "rebase", "bisect", "filter-branch", "difftool", "mergetool",
                           "grep", "-u", "--exec-path", "--config-env"})
_TAR_TRIGGERS = ("--to-command", "--checkpoint-action", "--use-compress-program", "--info-script",
                 "--new-volume-script", "--rsh-command", "--rmt-command", "-I", "-F")
_CODE_FLAG = re.compile(r"^-[^-]*[ceEprs]")


def _git(tokens: set[str], text: str) -> bool:
    if "-u" in tokens and "clone" not in tokens:
        tokens = tokens - {"-u"}
    return bool(tokens & _GIT_TRIGGERS) or any(t.startswith(("--upload-pack", "--receive-pack", "--exec", "ext::", "fd::",
                                                              "-c")) for t in tokens)


def _rm(tokens: set[str], text: str) -> bool:
    return any(t in (".", "*", "~", "./*", "./", ".*", "./.*") or ".." in t or t.startswith(("/", "~", "--no-preserve", "$"))
               for t in tokens)


def _options(*prefixes: str, sends: bool = False):
    def check(tokens: set[str], text: str) -> bool:
        # a network sender in a pipeline or fed a substitution may be exfiltrating
        return any(t.startswith(prefixes) for t in tokens) or (sends and any(c in text for c in "|$`<"))
    return check


_FIND_EXEC = frozenset({"-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls"})
_FIND_SECRETS = ("id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", ".netrc", "credentials", "shadow", ".git-credentials",
                 ".pypirc", "hosts.yml", "kubeconfig", ".npmrc", "wallet.dat")


def _find(tokens: set[str], text: str) -> bool:
    from fnmatch import fnmatchcase

    return bool(tokens & _FIND_EXEC) or any(fnmatchcase(n, t) for t in tokens for n in _FIND_SECRETS)


_UPLOADS = ("-d", "--data", "-F", "--form", "-T", "--upload", "--post", "--body", "-K", "--config", "@")


def _download(tokens: set[str], text: str) -> bool:
    # piping, or running something after the download, or sending data: full rules
    return any(c in text for c in "|;&\n$`<>") or any(t.startswith(_UPLOADS) or "=@" in t for t in tokens)


def _interpreter(tokens: set[str], text: str) -> bool:
    # inline code (-c/-e/-p/-r, clustered like -pe), a pipe, a redirect or a substitution needs the full rules
    return "|" in text or "<" in text or "$" in text or "`" in text or "-" in tokens or any(_CODE_FLAG.match(t) and not t.startswith("--") for t in tokens)


def _tar(tokens: set[str], text: str) -> bool:
    return any(t.startswith(_TAR_TRIGGERS) for t in tokens)


def _kill(tokens: set[str], text: str) -> bool:
    return bool(tokens & {"1", "-1"})


def _chmod(tokens: set[str], text: str) -> bool:
    return any("s" in t and t[:1] in "ugoa+=-" or (len(t) == 4 and t.isdigit() and t[0] in "24567") for t in tokens)


# Names whose rules need specific arguments; when those are absent the name is harmless.
_CONDITIONAL = {"tee": lambda tokens, text: False, "git": _git, "rm": _rm, "rmdir": _rm, "tar": _tar, "kill": _kill, "chmod": _chmod, "find": _find,
                "sort": _options("--compress"), "rg": _options("--pre"), "curl": _download, "wget": _download,
                "ssh": _options("-o", "-S", "-D", sends=True), "scp": _options("-o", "-S", "-D", sends=True),
                "rsync": _options("-e", "--rsh", "--rsync-path", "-o", "-S", sends=True),
                **{n: _interpreter for n in ("python", "node", "nodejs", "deno", "bun", "ruby", "bash", "sh", "zsh",
                                             "dash")},
                **{n: (lambda tokens, text: False) for n in ("cp", "mv", "install", "ln", "touch", "mkdir", "unzip")}}


@lru_cache(maxsize=1)
def _cursor() -> ts.QueryCursor:
    from ..parse import _language

    return ts.QueryCursor(ts.Query(_language("bash"), _QUERY))


def plain(root, data: bytes) -> bool:
    """True when nothing in this command can trigger a rule (so it is allowed as is)."""
    caps = _cursor().captures(root)
    if "slow" in caps:
        return False
    for d in caps.get("decl", ()):
        if any(c.type != "variable_assignment" for c in d.named_children):
            return False  # `declare -p`, `export -f`: let the full rules see them
    if "var" in caps:
        if b"$" in data or b"`" in data:
            return False  # a variable set here may be expanded below (x=.ssh; cat ~/$x/id_rsa)
        for v in caps["var"]:
            if _risky_var(data[v.start_byte:v.end_byte].decode("utf-8", "replace")):
                return False
    interesting = _interesting()
    text = data.decode("utf-8", "replace")
    # quotes and backslashes only delimit or escape: drop them so `~/.ss''h` reads as `~/.ssh`
    clean = text.translate(_UNQUOTE).replace("${HOME}", "~").replace("$HOME", "~")
    tokens: set[str] | None = None
    for n in caps.get("name", ()):
        name = data[n.start_byte:n.end_byte].decode("utf-8", "replace")
        if not _PLAIN_NAME.fullmatch(name):
            return False
        base = base_name(name)
        if base in interesting:
            check = _CONDITIONAL.get(base)
            if check is None:
                return False
            if tokens is None:
                tokens = {t for t in _SPLIT.split(clean) if t}
            if check(tokens, text):
                return False
    for raw in _PATHY.findall(clean):
        for tok in {raw, raw.split("=", 1)[-1].lstrip("@")}:
            if tok.startswith("/dev/") or paths.kinds(tok) or (tok[:1] in "/~$" and ("*" in tok or "?" in tok or "[" in tok
                                                                                      or "{" in tok)):
                return False
    return True


def _risky_var(name: str) -> bool:
    from .system import _HIJACK, _HISTORY, _PROGRAM_VARS

    return name in _HIJACK or name in _PROGRAM_VARS or name in _HISTORY or name in ("PATH", "NODE_OPTIONS") or \
        name.startswith(("GIT_", "BASH_FUNC_", "LD_", "DYLD_"))
