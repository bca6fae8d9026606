"""Programs whose own command language has a way out to the shell, and other doors to a shell.

The third red-team round ran commands through programs no rule read: the `\\!` of the mysql
and psql clients, ed's `!`, Emacs Lisp's `shell-command` / `call-process`, CMake's
`execute_process` in a script read from stdin. What each escape runs is cut out of the
program's code and judged as a shell command (so `mysql -e '\\! ls'` stays allowed). Also
here: a terminal opened on another machine's X display (a remote shell), websocat's
`sh-c:`/`exec:` addresses, and `enable -f`, which loads a shared library into bash.
"""
from __future__ import annotations

import re
import shlex

from .commands import INTERPRETERS, SHELLS, Cmd, base_name, option_value, positionals
from .exec import FED_TEXT, stdin_text
from .tools import _nested_line


RUNS_CODE = SHELLS | INTERPRETERS


_BARE = re.compile(r"[\w./~:=@%+,-]+")


def _judge_argv(a, argv: list[str], node) -> None:
    """An argv another program runs, judged as the shell line that runs it (plain words left bare,
    so `~/.ssh/id_rsa` is read as the path it names)."""
    _nested_line(a, " ".join(t if _BARE.fullmatch(t) else shlex.quote(t) for t in argv), node)


def _code_words(a, cmd: Cmd, *options: str) -> list[tuple[str, object]]:
    """(code, node) of each option's value and of the text on stdin."""
    out = [(w.value, w.node) for w in option_value(cmd.args, *options) if w.value]
    fed = stdin_text(a, cmd)
    if fed is not None:
        out.append((fed[0], fed[2] or cmd.node))
    return out


# -- database clients: `\! CMD` (mysql, mariadb, psql) and mysql's `system CMD` ----------------
# (no newline before the command: the line it stands on is a start of its own; `\s*` re-read every blank line after)
_SQL_SHELL = re.compile(r"(?m)(?:^|;)[^\S\n]*+(?:\\!|system\s)\s*([^\n;]*)")


def _sql_client(a, cmd: Cmd) -> None:
    for code, node in _code_words(a, cmd, "-e", "--execute", "-c", "--command"):
        _sql_text(a, cmd, code, node)


def _sql_text(a, cmd: Cmd, code: str, node) -> None:
    for m in _SQL_SHELL.finditer(code):
        _nested_line(a, m.group(1), node)


# -- ed: `!CMD`, `r !CMD`, `w !CMD`, `e !CMD` -----------------------------------------------------
_ED_SHELL = re.compile(r"(?m)^\s*(?:[\d.,$;'a-z+-]*[erwW]\s*)?!(.*)$")


def _ed(a, cmd: Cmd) -> None:
    fed = stdin_text(a, cmd)
    if fed is not None:
        _ed_text(a, cmd, fed[0], fed[2] or cmd.node)


def _ed_text(a, cmd: Cmd, text: str, node) -> None:
    for m in _ED_SHELL.finditer(text):
        _nested_line(a, m.group(1), node)


# -- Emacs Lisp given with --eval ------------------------------------------------------------------
_ELISP_SHELL = re.compile(r"\((?:async-)?shell-command(?:-to-string)?\s+\"((?:\\.|[^\"\\])*)\"|"
                          r"\((?:call|start)-process-shell-command\s+(?:\"(?:\\.|[^\"\\])*\"\s+)*?"
                          r"(?:nil\s+)?\"((?:\\.|[^\"\\])*)\"\s*\)")
_ELISP_ARGV = re.compile(r"\((?:call-process|start-process|process-lines|make-process)\b([^()]*)\)")
_ELISP_STRING = re.compile(r"\"((?:\\.|[^\"\\])*)\"")


def _emacs(a, cmd: Cmd) -> None:
    for code, node in _code_words(a, cmd, "--eval", "-eval"):
        for m in _ELISP_SHELL.finditer(code):
            _nested_line(a, (m.group(1) or m.group(2) or "").replace('\\"', '"'), node)
        for m in _ELISP_ARGV.finditer(code):
            argv = [s.replace('\\"', '"') for s in _ELISP_STRING.findall(m.group(1))]
            if m.group(0).startswith("(start-process"):
                argv = argv[2:]  # the process name and its buffer come before the program
            if argv:
                _judge_argv(a, argv, node)


# -- CMake scripts read from stdin: execute_process(COMMAND …) ----------------------------------------
_CMAKE_RUN = re.compile(r"(?is)execute_process\s*\((.*?)\)")
_CMAKE_KEYWORDS = frozenset({"WORKING_DIRECTORY", "TIMEOUT", "RESULT_VARIABLE", "RESULTS_VARIABLE",
                             "OUTPUT_VARIABLE", "ERROR_VARIABLE", "INPUT_FILE", "OUTPUT_FILE", "ERROR_FILE",
                             "OUTPUT_QUIET", "ERROR_QUIET", "COMMAND_ECHO", "ECHO_OUTPUT_VARIABLE",
                             "ECHO_ERROR_VARIABLE", "ENCODING", "COMMAND_ERROR_IS_FATAL", "OUTPUT_STRIP_TRAILING_WHITESPACE",
                             "ERROR_STRIP_TRAILING_WHITESPACE"})
_CMAKE_ENV = re.compile(r"\$ENV\{(\w+)\}")


_DASH_SCRIPT = re.compile(r"(?:^|\s)-P\s+-(?:\s|$)")


def _cmake(a, cmd: Cmd) -> None:
    scripts = [w.value for w in option_value(cmd.args, "-P")]
    # the grammar drops a lone `-` word (`cmake -P - <<'C'` reaches here as `cmake -P`): read the text
    if not any(s in ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0") for s in scripts) and not (
            "-P" in cmd.values() and cmd.redirects and
            _DASH_SCRIPT.search(a.ev.src_range(cmd.node.start_byte, cmd.redirects[0].start_byte))):
        return
    fed = stdin_text(a, cmd)
    if fed is None:
        return
    _cmake_text(a, cmd, fed[0], fed[2] or cmd.node)


def _cmake_text(a, cmd: Cmd, text: str, node) -> None:
    for m in _CMAKE_RUN.finditer(text):
        try:
            # $ENV{HOME} is the home (`~` to the path rules); other variables stay unknown values
            tokens = shlex.split(_CMAKE_ENV.sub(lambda e: "~" if e.group(1) == "HOME" else "$" + e.group(1),
                                                m.group(1)))
        except ValueError:
            continue
        argv: list[str] | None = None  # the words of the COMMAND being read, None outside one
        for t in tokens + ["COMMAND"]:
            if t == "COMMAND" or t in _CMAKE_KEYWORDS:
                if argv:
                    _judge_argv(a, argv, node)
                argv = [] if t == "COMMAND" else None
            elif argv is not None:
                argv.append(t)


# -- a terminal on another machine's display ------------------------------------------------------------
_LOCAL_DISPLAY = re.compile(r"^(?:unix|localhost|127\.0\.0\.1|\[?::1\]?)?:\d+(?:\.\d+)?$")


def check_display(a, cmd: Cmd) -> None:
    shown = [w for w in option_value(cmd.args, "-display", "--display", "-d")]
    shown += [w for name, w in cmd.assigns if name == "DISPLAY"]
    for w in shown:
        v = w.value
        if v and not _LOCAL_DISPLAY.match(v):
            a.block("reverse-shell", f"`{cmd.name}` opens a terminal on the display {v} of another machine: whoever "
                                     "sits there gets a shell here", w.node)
            return


# -- websocat: addresses that run a program ------------------------------------------------------
_WEBSOCAT_RUN = re.compile(r"(?i)^(?:[\w-]+:)*?(sh-c|exec|cmd):")


def _websocat(a, cmd: Cmd) -> None:
    for w in cmd.args:
        if w.value and _WEBSOCAT_RUN.match(w.value):
            a.block("reverse-shell", "websocat connects a program (a shell) to a network socket", w.node)
            return


# -- enable -f: a shared library loaded into bash ------------------------------------------------------
def _enable(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-f"):
        if not (w.value or "").startswith(("/usr/lib/bash/", "/usr/local/lib/bash/", "/usr/lib64/bash/")):
            a.block("env-hijack", f"`enable -f {w.value or w.text}` loads a shared library into the shell (native "
                                  "code runs in it); use the shell's own builtins", w.node)
            return


# -- a shell under another name -------------------------------------------------------------------
def _hash(a, cmd: Cmd) -> None:
    """`hash -p /bin/bash ls`: from here on `ls` runs bash, and every later rule reads `ls`."""
    vals = cmd.values()
    if "-p" not in vals or vals.index("-p") + 1 >= len(vals):
        return
    i = vals.index("-p")
    path = vals[i + 1] or ""
    for w in cmd.args[i + 2:]:
        if w.value and base_name(path) != w.value:
            a.block("obfuscated-command", f"`hash -p {path} {w.value}` makes the name `{w.value}` run {path}; call "
                                          "the program by its own name", w.node)
            return


_DISGUISE_ARG = frozenset({"-m", "--mode", "-o", "--owner", "-g", "--group", "-S", "--suffix", "-t",
                           "--target-directory"})


def _disguise(a, cmd: Cmd) -> None:
    """`ln -s /bin/bash ./lint`, `cp /bin/sh /tmp/x`: a shell or interpreter copied or linked under
    another name, so that what later runs `./lint -c …` is a shell no rule recognises."""
    pos = [w for w in positionals(cmd.args, _DISGUISE_ARG) if w.value]
    if len(pos) < 2 or pos[-1].value.endswith("/"):
        return
    dest = base_name(pos[-1].value)
    for w in pos[:-1]:
        src = base_name(w.value)
        if "/" in w.value and src in RUNS_CODE and dest not in RUNS_CODE and dest != src and "." not in dest:
            a.block("obfuscated-command", f"`{cmd.name}` puts {w.value} under the name `{dest}`: a shell or "
                                          "interpreter in disguise; call it by its own name", pos[-1].node)
            return


TERMINALS = ("xterm", "uxterm", "urxvt", "rxvt", "aterm", "xfce4-terminal", "konsole", "gnome-terminal", "terminator",
              "kitty", "alacritty", "x-terminal-emulator", "lxterminal", "mate-terminal", "st", "tilix", "eterm")

HANDLERS = {
    **{n: [_sql_client] for n in ("mysql", "mariadb", "psql")},
    **{n: [_ed] for n in ("ed", "red")},
    **{n: [_emacs] for n in ("emacs", "emacsclient")},
    "cmake": [_cmake],
    **{n: [check_display] for n in TERMINALS},
    "websocat": [_websocat],
    "enable": [_enable],
    "hash": [_hash],
    **{n: [_disguise] for n in ("ln", "cp", "install")},
}

FED_TEXT.update({**{n: _sql_text for n in ("mysql", "mariadb", "psql")}, **{n: _ed_text for n in ("ed", "red")}})
