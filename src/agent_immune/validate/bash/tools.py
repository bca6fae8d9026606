"""Tools that run shell code, or serve files, from their own arguments or config: sqlite3
dot-commands, make recipes fed on stdin, expect scripts, npm/pip settings, ad-hoc file
servers, zsh's TCP module."""
from __future__ import annotations

import re

from .. import paths
from .commands import Cmd, option_value, positionals
from .common import is_safe_tool, plain_http
from .words import Word


def _nested_line(a, code: str, node) -> None:
    if code.strip():
        a.nested(code, "bash", node, None)


# -- sqlite3: `.shell CMD`, `.system CMD`, `.output FILE` / `.once |CMD` ------------------------
_SQLITE_ARG = frozenset({"-cmd", "-separator", "-nullvalue", "-newline", "-init", "-escape", "-A", "-vfs"})
_SQLITE_OUT = (".output", ".once", ".log", ".excel")


def _sqlite(a, cmd: Cmd) -> None:
    from .exec import stdin_text
    from .files import judge_write

    pos = positionals(cmd.args, _SQLITE_ARG)
    words = pos[1:] + option_value(cmd.args, "-cmd")
    texts = [(w.value, w.node) for w in words if w.value]
    found = stdin_text(a, cmd)
    if found is not None:
        texts.append((found[0], found[2] or cmd.node))
    for text, node in texts:
        for line in text.splitlines():
            verb, _, rest = line.strip().partition(" ")
            rest = rest.strip()
            if verb in (".shell", ".system"):
                _nested_line(a, rest, node)
            elif verb in _SQLITE_OUT:
                target = " ".join(t for t in rest.split() if not t.startswith("-")).strip("'\"")
                if target.startswith("|"):
                    _nested_line(a, target[1:], node)
                elif target:
                    judge_write(a, cmd.name, Word(node, target, target), f"`sqlite3 {verb}` writes to")


# -- make with a makefile from stdin or --eval: its recipes and $(shell ...) are shell code ------
_MAKE_SHELL = re.compile(r"\$[({]shell\s+([^)}]*)[)}]")
# `target: prereqs ; recipe` (a recipe on the rule's line) and `VAR != command` (a shell assignment)
_MAKE_INLINE = re.compile(r"^[ ]*[^\s#=:;][^=:;#]*::?(?!=)[^=;#]*;(.*)$", re.M)
_MAKE_BANG = re.compile(r"^[ ]*[^\s#=:;!]+[ ]*!=(.*)$", re.M)


def _make(a, cmd: Cmd) -> None:
    from .exec import stdin_text

    # command-line variables are makefile assignments: `make 'X:=$(shell curl …)'` runs at once
    texts = [(w.value, w.node) for w in cmd.args if w.value and not w.value.startswith("-") and "=" in w.value]
    if any((w.value or "").startswith(("-f", "-E", "--eval", "--file", "--makefile")) for w in cmd.args):
        texts += [(w.value, w.node) for w in option_value(cmd.args, "--eval", "-E") if w.value]
        if any(w.value in ("-", "/dev/stdin") for w in option_value(cmd.args, "-f", "--file", "--makefile")):
            found = stdin_text(a, cmd)
            if found is not None:
                texts.append((found[0], found[2] or cmd.node))
    for text, node in texts:
        for line in makefile_commands(text):
            _nested_line(a, line, node)


def makefile_commands(text: str) -> list[str]:
    """The shell commands of a makefile: `$(shell …)` calls, `VAR != …`, recipe lines and recipes
    on a rule's own line (`x: ; cmd`) (also for a makefile written by the script, bash/written.py)."""
    text = text.replace("$$", "$")
    out = [m.group(1) for m in _MAKE_SHELL.finditer(text)]
    out += [m.group(1).strip() for rx in (_MAKE_INLINE, _MAKE_BANG) for m in rx.finditer(text)]
    out += [line.strip().lstrip("@-+") for line in text.splitlines() if line.startswith("\t")]
    return out


# -- expect -c: `spawn CMD` and `exec CMD` start programs -------------------------------------
_TCL_RUN = re.compile(r"(?:^|[;\[{\n])\s*(?:spawn|exec)\s+((?:-\w+\s+)*)([^;\]}\n]+)")


def _expect(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-c"):
        if w.value is None:
            from .exec import feed_word

            feed_word(a, w, "`expect`", "run by")
            continue
        for m in _TCL_RUN.finditer(w.value):
            _nested_line(a, m.group(2), w.node)


# -- npm / pnpm / yarn and pip settings that make later commands run code ---------------------
_NPM_PROGRAM_KEYS = frozenset({"script-shell", "shell", "editor", "browser", "viewer", "git", "onload-script",
                               "init-module", "node-options", "init.module"})
_INDEX_KEY = re.compile(r"(?:^|\.)(?:index-url|extra-index-url|find-links|index)$")
_REGISTRY_KEY = re.compile(r"(?:^|:)(?:registry|npmRegistryServer)$")


def _key_value(args: list[Word]) -> tuple[Word, str | None] | None:
    """(key word, value) of `set KEY VALUE` / `set KEY=VALUE` after the verb."""
    pos = [w for w in args if not (w.value or "").startswith("-")]
    if not pos or pos[0].value is None:
        return None
    key, eq, val = pos[0].value.partition("=")
    if eq:
        return Word(pos[0].node, key, key), val
    return (pos[0], pos[1].value) if len(pos) > 1 else None


_NPM_VERBS = frozenset({"install", "i", "add", "pkg", "set-script", "config", "set"})


def _plain_http_install(a, cmd: Cmd, words: list[Word]) -> None:
    """`pip install http://host/x.tar.gz`, `pip install -i http://host/simple x`: a package
    fetched over plain HTTP from another machine is run (setup scripts) as it installs."""
    for w in words:
        if plain_http(w.value):
            a.block("download-exec", f"`{cmd.name} install` fetches a package over plain HTTP ({w.value}) and runs "
                                     "its install scripts; use an HTTPS index or a reviewed local file", w.node)
            return


def _npm(a, cmd: Cmd) -> None:
    _npm_flags(a, cmd)
    if not cmd.args or cmd.args[0].value not in _NPM_VERBS:
        return
    vals = [w.value for w in cmd.args]
    if vals[0] in ("install", "i", "add"):
        _plain_http_install(a, cmd, cmd.args[1:])
        return
    if vals[0] == "pkg" and len(vals) > 1 and vals[1] == "set":
        for w in cmd.args[2:]:
            key, eq, code = (w.value or "").partition("=")
            if eq and key.startswith("scripts."):
                _nested_line(a, code, w.node)  # runs on the next `npm install` / `npm run`
        return
    if vals[0] == "set-script" and len(cmd.args) > 2 and cmd.args[2].value:
        _nested_line(a, cmd.args[2].value, cmd.args[2].node)
        return
    rest = cmd.args[2:] if vals[0] == "config" and len(vals) > 1 and vals[1] == "set" else \
        cmd.args[1:] if vals[0] == "set" else None
    kv = _key_value(rest) if rest else None
    if kv is None:
        return
    key, value = kv
    if _REGISTRY_KEY.search(key.value or "") and plain_http(value):
        a.block("persistence", f"`{cmd.name} config set {key.value} {value}` makes every later install fetch and run "
                               "packages from that host over plain HTTP; keep the configured registry", key.node)
    elif (key.value or "").lower() in _NPM_PROGRAM_KEYS and not (key.value == "node-options" and not value) and \
            not is_safe_tool(value):
        a.block("persistence", f"`{cmd.name} config set {key.value}` stores a program or code {cmd.name} runs for "
                               "later scripts and commands; leave the setting alone", key.node)


def npm_setting(key: str, value: str) -> str | None:
    """What an npm setting (a `--key=value` flag, an `.npmrc` line) makes later commands do:
    "registry" (fetch packages, and run their install scripts, over plain HTTP), "program" (run
    a program or code of its choosing), or None."""
    if _REGISTRY_KEY.search(key) and plain_http(value):
        return "registry"
    if key.lower() in _NPM_PROGRAM_KEYS and value and not is_safe_tool(value):
        return "program"
    return None


def _npm_flags(a, cmd: Cmd) -> None:
    """`npm test --script-shell=/tmp/x`, `npm i --registry=http://…`: every npm setting is also a flag."""
    for w in cmd.args:
        key, eq, value = (w.value or "").partition("=")
        if not key.startswith("--") or key == "--":
            continue
        key = key[2:]
        if not eq:
            continue
        risk = npm_setting(key, value)
        if risk == "registry":
            a.block("download-exec", f"`{cmd.name} --{key}={value}` fetches packages from that host over plain HTTP "
                                     "and runs their install scripts; use the configured registry", w.node)
            return
        if risk == "program":
            a.block("wrapper-exec", f"`{cmd.name} --{key}=…` makes {cmd.name} run that program or code for its "
                                    "scripts; drop the option", w.node)
            return


def _pip(a, cmd: Cmd) -> None:
    vals = [w.value for w in cmd.args]
    if vals[:1] in (["install"], ["download"], ["wheel"]):
        _plain_http_install(a, cmd, cmd.args[1:] + option_value(cmd.args, "-i", "--index-url", "--extra-index-url",
                                                                "-f", "--find-links"))
        return
    if len(vals) < 2 or vals[0] != "config" or vals[1] != "set":
        return
    kv = _key_value(cmd.args[2:])
    if kv is None:
        return
    key, value = kv
    if _INDEX_KEY.search(key.value or "") and plain_http(value):
        a.block("persistence", f"`pip config set {key.value} {value}` makes every later install fetch and run "
                               "packages from that host over plain HTTP; keep the configured index", key.node)


def _gem_cargo(a, cmd: Cmd) -> None:
    """`gem install --source http://…`, `cargo install --git http://…`: the same as pip's plain HTTP
    index (gems run extension builds, crates run build.rs, as they install)."""
    if cmd.args and cmd.args[0].value in ("install", "i", "update", "add"):
        _plain_http_install(a, cmd, cmd.args[1:])


def _go(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if vals[:1] == ["env"] and "-w" in vals:
        for w in cmd.args:
            key, eq, value = (w.value or "").partition("=")
            if eq and key in ("GOPROXY", "GOPRIVATE", "GONOSUMDB", "GOINSECURE") and (
                    any(plain_http(p) for p in value.split(",")) or key != "GOPROXY" and value in ("*", "")):
                a.block("persistence", f"`go env -w {key}={value}` makes later builds fetch modules over plain HTTP "
                                       "or skip their checksums; keep the default module settings", w.node)


# -- file servers started on the home, the root or a credential directory --------------------
def _served(a, cmd: Cmd, where: Word | None, default: str | None) -> None:
    v = where.value if where is not None else default
    if v is None:
        return
    n = paths.normalize(v)
    if n in ("/", "~") or paths.kinds(v) & {paths.HOME, paths.SYSTEM, paths.SECRET}:
        a.block("exfiltration", f"`{cmd.name}` serves {v} over HTTP: anyone who reaches the port can download "
                                "it; serve only the project's own output directory",
                where.node if where is not None else cmd.node)


def _python_module(cmd: Cmd) -> tuple[str, list[Word]] | None:
    """(module, its arguments) of `python -m MODULE ARGS`."""
    for j, w in enumerate(cmd.args):
        v = w.value or ""
        if v == "-m" and j + 1 < len(cmd.args):
            return cmd.args[j + 1].value or "", cmd.args[j + 2:]
        if v.startswith("-m") and len(v) > 2:
            return v[2:], cmd.args[j + 1:]
        if not v.startswith("-"):
            return None
    return None


def _file_server(a, cmd: Cmd) -> None:
    args = cmd.args
    vals = [w.value for w in args]
    if cmd.name in ("python", "pypy"):
        mod = _python_module(cmd)
        if mod is not None and mod[0] == "pip":  # `python3 -m pip ...` is pip
            _pip(a, Cmd(cmd.node, [Word(cmd.words[0].node, "pip", "pip")] + mod[1], "pip"))
            return
        if mod is None or mod[0] != "http.server":
            return
        dirs = option_value(args, "-d", "--directory")
    elif cmd.name == "php":
        if not any((v or "").startswith("-S") for v in vals):
            return
        dirs = option_value(args, "-t", "--docroot")
    else:  # httpd (busybox httpd)
        dirs = option_value(args, "-h")
    _served(a, cmd, dirs[-1] if dirs else None, a.cwd if not dirs else None)


# -- zsh's TCP module: the zsh spelling of /dev/tcp -------------------------------------------
def _ztcp(a, cmd: Cmd) -> None:
    if cmd.name == "zmodload" and not any((w.value or "").startswith(("zsh/net/tcp", "zsh/net/socket"))
                                          for w in cmd.args):
        return
    a.block("reverse-shell", f"`{cmd.name}` opens raw network connections from the shell (zsh/net/tcp); agents "
                             "must not open raw sockets", cmd.node)


HANDLERS = {
    **{n: [_gem_cargo] for n in ("gem", "cargo", "composer")},
    "sqlite3": [_sqlite],
    "make": [_make], "gmake": [_make],
    "expect": [_expect],
    "npm": [_npm], "pnpm": [_npm], "yarn": [_npm],
    "pip": [_pip],
    "go": [_go],
    "python": [_file_server], "pypy": [_file_server], "php": [_file_server], "httpd": [_file_server],
    "ztcp": [_ztcp], "zmodload": [_ztcp], "zsocket": [_ztcp],
}


# -- SQL that runs programs or reads and writes files on the machine it runs on (session 10) ------------------
# client -> the options whose value is SQL (clustered with these letters: `psql -XAtc '…'`, `mysql -Ne '…'`)
_SQL_TEXT: dict[str, tuple[tuple[str, ...], str]] = {
    "psql": (("-c", "--command"), "c"), **dict.fromkeys(("mysql", "mariadb"), (("-e", "--execute"), "e")),
    "sqlcmd": (("-Q", "-q", "--query"), ""), "sqlite3": (("-cmd",), ""),
}


def _sql_texts(a, cmd: Cmd) -> list[tuple[str, object]]:
    """The SQL `cmd` runs: its option's values, and what reaches its standard input (a here-document or string, a
    file this script wrote, the literal output of an `echo`/`printf` piped in)."""
    from .api_calls import fed_text

    options, cluster = _SQL_TEXT[cmd.name]
    texts = [(w.value, w.node) for w in option_value(cmd.args, *options, cluster=cluster) if w.value]
    if cmd.name == "sqlite3":  # `sqlite3 DB 'SQL' …`
        texts += [(w.value, w.node) for w in positionals(cmd.args, _SQLITE_ARG)[1:] if w.value]
    fed = fed_text(a, cmd)
    if fed is not None:
        texts.append((fed, cmd.node))
    return texts


def _sql_server(a, cmd: Cmd) -> None:
    """`psql -c "\\copy (SELECT …) TO PROGRAM 'curl …'"`, `mysql -e "SELECT LOAD_FILE('/etc/shadow')"`: what the SQL
    does on the database's machine (sql.judge_server), its commands judged as command lines of this input."""
    from .. import sql

    for text, node in _sql_texts(a, cmd):
        if sql.judge_server(text, lambda rule, message: a.block(rule, message, node),
                            lambda line: _nested_line(a, line, node)):
            return


for _n in _SQL_TEXT:
    HANDLERS.setdefault(_n, []).append(_sql_server)
# fastpath (merged with the other modules' screens of a name): the words sql.server_effects looks for
SCREENS: dict = dict.fromkeys(_SQL_TEXT, lambda text: sql_server_hint(text))


def sql_server_hint(text: str) -> bool:
    from ..sql import _SERVER_HINT

    return _SERVER_HINT.search(text) is not None
