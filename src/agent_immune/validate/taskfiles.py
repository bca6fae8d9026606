"""Task and build files a tool runs commands from, read as the commands they hold (session 15, helper L).

The fifteenth session's red team lived off the project's own build tools: it wrote its commands into the files
`make`, `just`, `task`, `tox`, `nox`, CMake, Meson, cargo and `go generate` read, and ran the tool. Both the shell
side (bash/written.py, for text echo/printf/here-documents write) and the code side (common_code, for text Python or
TypeScript writes) read such a file here, as the tool would:

- makefiles: variables with every flavour of assignment (`=`, `:=`, `?=`, `+=`, `!=`, `define`), expanded where the
  recipe uses them (`CACHE_ROOT ?= $(HOME)` then `rm -rf $(CACHE_ROOT)/`); make's functions, `$(shell …)` as the
  shell's `$(…)` (a decoder of a literal as the text it prints), `$(file >…,…)` as the write it is, `$(eval …)` as
  more makefile text, `$(call …)`, `$(subst …)` …; the makefiles it includes that this input wrote; the rules run
  for the targets a `make` names.
- justfiles: `:=` variables, backticks, `{{…}}`, exported variables and a `.env` loaded by `set dotenv-load`.
- Taskfiles: `vars` (`sh:` as the command it runs), `{{.VAR}}`, `cmds`, `deps`, included taskfiles.
- tox.ini: `commands`, `commands_pre`, `commands_post` with tox's substitutions (`{env:X:default}`, `{posargs}`).
- noxfiles: `session.run(…)`, `session.install(…)` as the command lines they are.
- CMake: `execute_process`, `add_custom_command`/`add_custom_target`, `file(DOWNLOAD …)` as a download,
  `file(WRITE …)` as a write, `include(…)` of a file this input wrote; Meson's `run_command`; cargo's runners and
  wrappers; `//go:generate` lines and a Go program's `exec.Command`; build.rs.
- pip.conf (its index and trusted hosts) and `.yarnrc.yml` (`yarnPath`, plugins): what every later install runs.

A command that would be blocked on its own blocks the write. When the same input also runs the tool, the commands
it runs that would be reviewed as irreversible (`git push --force`, `terraform destroy`, `DROP SCHEMA`) are reviewed
as the command itself would be. Any such file also has its encoded literals read (base64, hex, rot13, character
codes, a string reversed): a decoded text that would be blocked as a command blocks the write.
"""
from __future__ import annotations

import re
import shlex
from typing import Callable, NamedTuple

from .._lazyre import LazyRegex

Files = Callable[[str], "str | None"]  # a path (or a glob) -> the text this input wrote there, or None


class Command(NamedTuple):
    line: str  # the command line, as the shell reads it
    when: str  # what runs it ("`make` runs it")
    unit: str  # the target, recipe, task, env or session it belongs to ("" when the file's reading runs it)
    lang: str = "bash"


# -- what a file is ------------------------------------------------------------------------------------------------
_STAGING_EXT = (".tmp", ".temp", ".new", ".part", ".bak", ".orig")
_KINDS = (
    ("makefile", LazyRegex(r"(?:^|/)(?:GNUmakefile|[Mm]akefile|[^/]+\.mk)$")),
    ("justfile", LazyRegex(r"(?:^|/)(?:[Jj]ustfile|\.justfile|[^/]+\.just)$")),
    ("taskfile", LazyRegex(r"(?:^|/)[Tt]askfile(?:\.dist)?\.ya?ml$")),
    ("tox", LazyRegex(r"(?:^|/)tox\.ini$")),
    ("nox", LazyRegex(r"(?:^|/)noxfile\.py$")),
    ("cmake", LazyRegex(r"(?:^|/)CMakeLists\.txt$|\.cmake$")),
    ("meson", LazyRegex(r"(?:^|/)meson\.build$")),
    ("cargo", LazyRegex(r"(?:^|/)\.cargo/config(?:\.toml)?$")),
    ("rust", LazyRegex(r"(?:^|/)build\.rs$")),
    ("go", LazyRegex(r"\.go$")),
    ("pip", LazyRegex(r"(?:^|/)pip\.(?:conf|ini)$")),
    ("yarnrc", LazyRegex(r"(?:^|/)\.yarnrc\.yml$")),
    ("hosting", LazyRegex(r"(?:^|/)(?:netlify\.toml|vercel\.json|wrangler\.toml|firebase\.json)$")),
    ("dbt", LazyRegex(r"(?:^|/)dbt_project\.ya?ml$")),
)
# the file names, for the screens (bash/written.py adds this to its targets)
TARGET = (r"[Mm]akefile|\.mk\b|[Jj]ustfile|\.just\b|[Tt]askfile|tox\.ini|noxfile|CMakeLists|\.cmake\b|meson\.build|"
          r"\.cargo/config|build\.rs|\.go\b|pip\.(?:conf|ini)|\.yarnrc|netlify\.toml|vercel\.json|wrangler\.toml|"
          r"firebase\.json|dbt_project\.ya?ml")
# what each runner reads, by default, when it is started (the file names it looks for, in order)
RUNNERS = {"make": ("makefile", ("GNUmakefile", "makefile", "Makefile")),
           "gmake": ("makefile", ("GNUmakefile", "makefile", "Makefile")),
           "just": ("justfile", ("justfile", "Justfile", ".justfile")),
           "task": ("taskfile", ("Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml",
                                 "Taskfile.dist.yml")),
           "go-task": ("taskfile", ("Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml")),
           "tox": ("tox", ("tox.ini",)), "nox": ("nox", ("noxfile.py",))}
_RUN_BY = {"makefile": "`make`", "justfile": "`just`", "taskfile": "`task`", "tox": "`tox`", "nox": "`nox`",
           "cmake": "CMake", "meson": "`meson setup`", "cargo": "cargo", "rust": "`cargo build`",
           "go": "`go generate` / `go run`", "hosting": "the hosting platform's build"}
_UNIT = {"makefile": "target", "justfile": "recipe", "taskfile": "task", "tox": "environment", "nox": "session"}


def kind(path: str) -> str | None:
    """Which task or build file `path` is (a key of _KINDS), or None."""
    for ext in _STAGING_EXT:  # `… > Makefile.new && mv Makefile.new Makefile`: judged by its real name
        if path.endswith(ext):
            path = path[:-len(ext)]
            break
    return next((k for k, rx in _KINDS if rx.search(path)), None)


def runs(name: str) -> tuple[str, tuple[str, ...]] | None:
    """(the kind of file, the names it reads by default) of a runner's command name, or None."""
    return RUNNERS.get(name)


_NAME = LazyRegex(r"[A-Za-z_]\w*")
_ENV_REF = LazyRegex(r"\$\{?([A-Za-z_]\w*)\}?")
_PLAIN_WORD = LazyRegex(r"[\w./~+@%:,{}$-]+")
_NOX_PARAMS = LazyRegex(r"(?:-\d[\d.]*|\(.*\))$")  # `tests-3.12`, `tests(django='4')`: the session `tests`


# -- the commands a file holds -------------------------------------------------------------------------------------
_MAX_COMMANDS = 96  # commands read per file: a bound on the work, far above what a task file holds
_MAX_DEPTH = 6  # includes and `$(eval …)` followed this deep


def commands(what: str, text: str, files: Files | None = None, env: dict | None = None,
             overrides: dict | None = None, programs: bool = True) -> list[Command]:
    """The commands the file of kind `what` holding `text` runs. `files` reads the files it includes that this input
    wrote; `env` is the environment a runner is started with, `overrides` the variables it is given (`make X=1`);
    `programs` has a makefile's `SHELL :=`, `CC =` … read as the `make NAME=…` they amount to (not for make's own
    command-line variables, which bash/hooks.py judges as such)."""
    try:
        if what == "makefile":
            return _Make(files, env or {}, overrides or {}, programs).read(text)[:_MAX_COMMANDS]
        if what == "justfile":
            return _justfile(text, files, env or {})[:_MAX_COMMANDS]
        if what == "taskfile":
            return _taskfile(text, files, env or {}, "", 0)[:_MAX_COMMANDS]
        if what == "tox":
            return _tox(text, env or {})[:_MAX_COMMANDS]
        if what == "nox":
            return _nox(text)[:_MAX_COMMANDS]
        if what == "cmake":
            return _cmake(text, files, 0)[:_MAX_COMMANDS]
        if what == "meson":
            return _meson(text)[:_MAX_COMMANDS]
        if what == "cargo":
            return _cargo(text)[:_MAX_COMMANDS]
        if what == "go":
            return _go(text)[:_MAX_COMMANDS]
        if what == "hosting":
            return _hosting(text)[:_MAX_COMMANDS]
    except RecursionError:
        return []
    return []


def for_run(what: str, text: str, units: tuple[str, ...], files: Files | None = None, env: dict | None = None,
            overrides: dict | None = None) -> list[Command]:
    """The commands a runner started on the file runs for `units` (its default when empty), with what the file's
    reading runs."""
    try:
        if what == "makefile":
            make = _Make(files, env or {}, overrides or {})
            return selected(make.read(text), units, make.deps)[:_MAX_COMMANDS]
        if what == "justfile":
            return selected(_justfile(text, files, env or {}), units, just_deps(text))[:_MAX_COMMANDS]
        if what == "taskfile":
            return selected(_taskfile(text, files, env or {}, "", 0), units or ("default",),
                            task_deps(text))[:_MAX_COMMANDS]
        if what == "nox":  # `nox -s tests-3.12`: the session `tests`, for that Python
            units = tuple(_NOX_PARAMS.sub("", u) for u in units)
    except RecursionError:
        return []
    return selected(commands(what, text, files, env, overrides), units)


def selected(found: list[Command], units: tuple[str, ...], deps: dict[str, list[str]] | None = None) -> list[Command]:
    """The commands that run for the named units (with what the file's reading runs); all of them when none is named
    (the default of a file written in part is not known here)."""
    if not units:
        return found
    want = set(units)
    for u in units:  # (the dependencies a unit runs first: a makefile's prerequisites, a task's deps)
        stack = [u]
        while stack and len(want) < 256:
            for d in (deps or {}).get(stack.pop(), ()):
                if d not in want:
                    want.add(d)
                    stack.append(d)
    return [c for c in found if not c.unit or c.unit in want or c.unit.split(":")[-1] in want]


# -- a command's output known from its text: a literal piped through decoders -----------------------------------------
_ROT13_SETS = frozenset({("A-Za-z", "N-ZA-Mn-za-m"), ("a-zA-Z", "n-za-mN-ZA-M"), ("A-Z a-z", "N-ZA-M n-za-m")})


def static_output(command: str) -> str | None:
    """What `echo LITERAL | base64 -d` (base32, `xxd -r -p`, `rev`, a rot13 `tr`, in any chain) prints: a variable
    a makefile, a justfile or a Taskfile computes so is that text where it is used. None for any other command."""
    import base64
    import binascii

    stages = command.split("|")
    if not 2 <= len(stages) <= 5:
        return None
    try:
        first = shlex.split(stages[0])
        rest = [shlex.split(st) for st in stages[1:]]
    except ValueError:
        return None
    if not first or first[0] not in ("echo", "printf") or any(not argv for argv in rest):
        return None
    args = [x for x in first[1:] if x not in ("-n", "-e", "-E", "--")]
    text = args[1] if first[0] == "printf" and len(args) == 2 and args[0] in ("%s", "%s\\n") else \
        args[0] if first[0] == "printf" and len(args) == 1 else " ".join(args) if first[0] == "echo" else None
    if text is None:
        return None
    try:
        for argv in rest:
            name, flags = argv[0], [x for x in argv[1:] if x.startswith("-")]
            if name in ("base64", "base32") and ({"-d", "-D", "--decode"} & set(flags)):
                data = "".join(text.split())
                raw = base64.b64decode(data + "=" * (-len(data) % 4)) if name == "base64" else \
                    base64.b32decode(data + "=" * (-len(data) % 8))
                text = raw.decode("utf-8")
            elif name == "xxd" and "-r" in flags and "-p" in flags:
                text = bytes.fromhex("".join(text.split())).decode("utf-8")
            elif name == "rev" and len(argv) == 1:
                text = "\n".join(line[::-1] for line in text.split("\n"))
            elif name == "tr" and tuple(argv[1:3]) in _ROT13_SETS:
                import codecs

                text = codecs.decode(text, "rot13")
            else:
                return None
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return text.rstrip("\n")


# -- makefiles -----------------------------------------------------------------------------------------------------
_MK_ASSIGN = LazyRegex(r"^(?P<pre>(?:(?:export|override|private)\s+)*)(?P<name>[^\s:#=!?+]+)\s*"
                        r"(?P<op>::?=|:::=|\?=|\+=|!=|=)\s*(?P<value>.*)$", re.S)
_MK_RULE = LazyRegex(r"^(?P<targets>[^:=#\t][^:=#]*?)\s*(?P<colon>::?)(?![=])\s*(?P<rest>.*)$", re.S)
_MK_DEFINE = LazyRegex(r"^(?:(?:export|override|private)\s+)*define\s+(\S+)\s*(::?=|:::=|\?=|\+=|!=|=)?\s*$")
_MK_INCLUDE = LazyRegex(r"^[-s]?include\s+(.+)$")
_MK_SKIP = LazyRegex(r"^(?:ifeq|ifneq|ifdef|ifndef|else|endif|vpath|unexport|undefine)\b")
_MK_EXPORT = LazyRegex(r"^export\s+([^\s=:]+(?:\s+[^\s=:]+)*)\s*$")
_MK_FUNCTION = LazyRegex(r"([\w-]+)[ \t]+")
_MK_FUNCS = frozenset({"shell", "file", "eval", "call", "value", "subst", "patsubst", "strip", "findstring", "filter",
                       "filter-out", "sort", "word", "words", "wordlist", "firstword", "lastword", "dir", "notdir",
                       "suffix", "basename", "addsuffix", "addprefix", "join", "wildcard", "realpath", "abspath", "if",
                       "or", "and", "foreach", "origin", "flavor", "error", "warning", "info", "let", "intcmp",
                       "guile"})
_SHELL_DOLLAR = "\x01"  # a `$` of the shell's (`$$`, the `$(…)` a `$(shell …)` becomes): never read as make's again
_MAX_EXPANDED = 65536
# make's automatic variables: what each names, read for the rule the recipe line belongs to
_AUTOMATIC = frozenset("@<^+?*|%")
# variables make itself knows: the program names and options its built-in rules use
_MK_BUILTIN = {"MAKE": "make", "CURDIR": "${PWD}", "SHELL": "/bin/sh", "RM": "rm -f", "CC": "cc", "CXX": "g++",
               "AR": "ar", "MAKEFLAGS": "", "MAKECMDGOALS": ""}
# make variables naming a program (or the shell) its recipes run with: `SHELL := /tmp/.sh` in a makefile is `make
# SHELL=/tmp/.sh` (bash/hooks.py judges the command line)
_PROGRAM_VARS = frozenset({"SHELL", ".SHELLFLAGS", "CC", "CXX", "CPP", "LD", "AR", "AS", "FC", "RM", "INSTALL",
                           "PYTHON", "PERL", "NPM", "CARGO", "GO", "DOCKER", "STRIP", "OBJCOPY", "RANLIB", "NM"})


class _Make:
    """One reading of a makefile: its variables, rules and the commands its reading and its recipes run."""

    def __init__(self, files: Files | None, env: dict, overrides: dict, programs: bool = True) -> None:
        self.files, self.env, self.overrides, self.programs = files, env, dict(overrides), programs
        self.vars: dict[str, tuple[str, str]] = {}  # name -> ("simple" | "recursive", value)
        self.rules: list[tuple[list[str], list[str], list[str]]] = []  # (targets, prerequisites, raw recipe lines)
        self.found: list[Command] = []
        self.deps: dict[str, list[str]] = {}
        self.depth = 0
        self.unit = ""
        self.budget = [4096]  # expansions per reading: a makefile that refers to itself is cut short
        self.oneshell = False

    # -- reading -------------------------------------------------------------------------------------------------------
    def read(self, text: str) -> list[Command]:
        self.parse(text)
        for name, value in self.overrides.items():  # `make CC=…`: a program the recipes run
            if name in _PROGRAM_VARS and value.strip():
                self._program(name, value)
        for targets, prereqs, recipe in self.rules:
            self.unit = targets[0] if targets else ""
            for t in targets:
                self.deps.setdefault(t, []).extend(prereqs)
            lines = [self._shell(self.expand(line, targets, prereqs)) for line in recipe]
            lines = [ln for ln in (_recipe_command(x) for x in lines) if ln]
            for t in targets[:1]:
                if self.oneshell and len(lines) > 1:
                    self.found.append(Command("\n".join(lines), "`make` runs it", t))
                else:
                    self.found.extend(Command(ln, "`make` runs it", t) for ln in lines)
        return self.found

    def parse(self, text: str) -> None:
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:
                return
            self._parse(text)
        finally:
            self.depth -= 1

    def _parse(self, text: str) -> None:
        lines = _logical_lines(text)
        current: list[str] | None = None  # the recipe of the rule being read
        i = 0
        while i < len(lines) and i < 4096:
            line = lines[i]
            i += 1
            if line.startswith("\t"):
                if current is not None:
                    current.append(line[1:])
                elif line.strip():  # a recipe line of a rule not in this text (a fragment appended)
                    self.rules.append(([""], [], [line[1:]]))
                    current = self.rules[-1][2]
                continue
            stripped = _mk_comment(line).strip()
            if not stripped:
                continue
            m = _MK_DEFINE.match(stripped)
            if m is not None:
                body = []
                while i < len(lines) and lines[i].strip() != "endef":
                    body.append(lines[i])
                    i += 1
                i += 1
                self._assign(m.group(1), m.group(2) or "=", "\n".join(body))
                current = None
                continue
            if _MK_SKIP.match(stripped):
                continue
            m = _MK_INCLUDE.match(stripped)
            if m is not None:
                self._include(m.group(1))
                current = None
                continue
            if stripped.startswith("$(eval") or stripped.startswith("${eval") or \
                    stripped.startswith(("$(shell", "${shell", "$(file", "${file", "$(info", "$(warning", "$(error")):
                self.expand(stripped, [], [])  # run at once: its effects are recorded as it is read
                continue
            m = _MK_ASSIGN.match(stripped)
            if m is not None:
                self._assign(self.expand(m.group("name"), [], []), m.group("op"), m.group("value"),
                             "override" in m.group("pre"))
                current = None
                continue
            m = _MK_EXPORT.match(stripped)
            if m is not None:
                continue
            m = _MK_RULE.match(stripped)
            if m is not None:
                targets = self.expand(m.group("targets"), [], []).split()
                rest = m.group("rest")
                if _MK_ASSIGN.match(rest) and not rest.lstrip().startswith(";"):
                    continue  # a target's own variable (`t: X = 1`)
                prereqs, _, inline = rest.partition(";")
                if ".ONESHELL" in targets:
                    self.oneshell = True
                self.rules.append((targets, self.expand(prereqs, targets, []).split(), [inline] if inline.strip()
                                   else []))
                current = self.rules[-1][2]
                continue
            current = None

    def _include(self, spec: str) -> None:
        if self.files is None:
            return
        for path in self.expand(spec, [], []).replace(_SHELL_DOLLAR, "$").split()[:8]:
            text = self.files(path)
            if text:
                self.parse(text)

    def _assign(self, name: str, op: str, value: str, override: bool = False) -> None:
        name = name.strip()
        if not name or (name in self.overrides and not override):
            return
        if op == "?=":
            if name in self.vars or name in self.env:
                return
            self.vars[name] = ("recursive", value)
        elif op == "+=":
            flavour, old = self.vars.get(name, ("recursive", ""))
            add = self.expand(value, [], []) if flavour == "simple" else value
            self.vars[name] = (flavour, (old + " " + add).strip())
        elif op == "!=":
            command = self.expand(value, [], [])
            self._record(command, "make runs it while it reads the makefile, even for `make -n`")
            self.vars[name] = ("simple", _SHELL_DOLLAR + "(" + command + ")")
        elif op in (":=", "::=", ":::="):
            self.vars[name] = ("simple", self.expand(value, [], []))
        else:
            self.vars[name] = ("recursive", value)
            self.expand(value, [], [])  # the commands a `$(shell …)` in it runs where it is used
        if name in _PROGRAM_VARS or name == "MAKEFLAGS":
            self._program(name, self._shell(self.value(name, [], [])))

    def _program(self, name: str, value: str) -> None:
        """`SHELL := /tmp/.sh`, `CC = sh -c '…'`, `MAKEFLAGS += CC=…`: judged as `make NAME=VALUE` is."""
        if not self.programs:
            return
        if name == "MAKEFLAGS":
            for word in value.split():
                key, eq, val = word.partition("=")
                if eq and key in _PROGRAM_VARS:
                    self._program(key, val)
            return
        if name in ("SHELL", ".SHELLFLAGS") or value.strip() and value.split()[0].rsplit("/", 1)[-1] not in (
                "cc", "gcc", "clang", "g++", "clang++", "ld", "ar", "as", "python", "python3", "perl", "npm",
                "cargo", "go", "docker", "strip", "objcopy", "ranlib", "nm", "install", "rm", "cpp"):
            self._record("make " + shlex.quote(f"{name}={value}"), "`make` runs its recipes with it")

    def _record(self, command: str, when: str) -> None:
        command = self._shell(command).strip()
        if command and len(self.found) < _MAX_COMMANDS:
            self.found.append(Command(command, when, ""))

    @staticmethod
    def _shell(text: str) -> str:
        return text.replace(_SHELL_DOLLAR, "$")

    # -- expansion -----------------------------------------------------------------------------------------------------
    def value(self, name: str, targets: list[str], prereqs: list[str]) -> str:
        if name in self.overrides:
            return self.overrides[name]
        if name in self.vars:
            flavour, raw = self.vars[name]
            return raw if flavour == "simple" else self.expand(raw, targets, prereqs)
        if name in self.env:
            return self.env[name]
        if name in _MK_BUILTIN:
            return _MK_BUILTIN[name]
        return "${" + name + "}" if _NAME.fullmatch(name) else ""  # the environment's, as the shell's

    def expand(self, text: str, targets: list[str], prereqs: list[str]) -> str:
        """`text` with make's references expanded (a shell `$` kept as _SHELL_DOLLAR)."""
        if "$" not in text:
            return text
        self.budget[0] -= 1
        if self.budget[0] <= 0 or self.depth > 24:
            return text.replace("$", _SHELL_DOLLAR)
        self.depth += 1
        try:
            out, i = [], 0
            while i < len(text):
                c = text[i]
                if c != "$" or i + 1 >= len(text):
                    out.append(c)
                    i += 1
                    continue
                nxt = text[i + 1]
                if nxt == "$":
                    out.append(_SHELL_DOLLAR)
                    i += 2
                elif nxt in "({":
                    end = _closing(text, i + 1)
                    if end < 0:
                        out.append(text[i:])
                        break
                    out.append(self._reference(text[i + 2:end], targets, prereqs))
                    i = end + 1
                else:
                    out.append(self._automatic(nxt, targets, prereqs) if nxt in _AUTOMATIC else
                               self.value(nxt, targets, prereqs))
                    i += 2
                if sum(len(x) for x in out) > _MAX_EXPANDED:
                    break
            return "".join(out)
        finally:
            self.depth -= 1

    @staticmethod
    def _automatic(c: str, targets: list[str], prereqs: list[str]) -> str:
        if c == "@":
            return targets[0] if targets and targets[0] else "target"
        if c in "<":
            return prereqs[0] if prereqs else "prerequisite"
        if c in "^+?|":
            return " ".join(prereqs) or "prerequisite"
        return "stem"

    def _reference(self, inner: str, targets: list[str], prereqs: list[str]) -> str:
        head = _MK_FUNCTION.match(inner)
        if head is not None and head.group(1) in _MK_FUNCS:
            return self._function(head.group(1), inner[head.end():], targets, prereqs)
        if inner[:1] in _AUTOMATIC and inner[1:] in ("D", "F"):  # `$(@D)`, `$(<F)`
            whole = self._automatic(inner[0], targets, prereqs)
            return whole.rsplit("/", 1)[0] if inner[1] == "D" and "/" in whole else \
                "." if inner[1] == "D" else whole.rsplit("/", 1)[-1]
        name = self.expand(inner, targets, prereqs)
        name, colon, subst = name.partition(":")  # `$(SRC:.c=.o)`
        value = self.value(name.strip(), targets, prereqs)
        if colon and "=" in subst:
            old, new = subst.split("=", 1)
            value = " ".join(w[:-len(old)] + new if old and w.endswith(old) else w for w in value.split())
        return value

    def _function(self, fn: str, rest: str, targets: list[str], prereqs: list[str]) -> str:
        def arg(s: str) -> str:
            return self.expand(s, targets, prereqs)

        if fn == "shell":
            command = self._shell(arg(rest))
            self._record(command, "make runs it while it reads the makefile (even for `make -n`), or where the "
                                  "variable holding it is used")
            out = static_output(command)  # `$(shell echo Y3Vy… | base64 -d)`: the text it decodes to
            return out.replace("$", _SHELL_DOLLAR) if out is not None else _SHELL_DOLLAR + "(" + command + ")"
        args = _split_args(rest)
        if fn == "file":
            spec = arg(args[0]).strip()
            if spec.startswith((">>", ">")):
                op = ">>" if spec.startswith(">>") else ">"
                where = spec[len(op):].strip()
                content = arg(",".join(args[1:])) if len(args) > 1 else ""
                self._record(f"printf '%s\\n' {shlex.quote(self._shell(content))} {op} {_double_quoted(where)}",
                             "make writes it while it reads the makefile, even for `make -n`")
            return ""
        if fn == "eval":
            self.parse(self._shell(arg(rest)))
            return ""
        if fn == "call":
            name = arg(args[0]).strip()
            saved = {str(k): self.vars.get(str(k)) for k in range(1, len(args))}
            for k, a in enumerate(args[1:], 1):
                self.vars[str(k)] = ("simple", arg(a))
            try:
                flavour, raw = self.vars.get(name, ("simple", self.value(name, targets, prereqs)))
                return raw if flavour == "simple" else arg(raw)
            finally:
                for k, old in saved.items():
                    if old is None:
                        self.vars.pop(k, None)
                    else:
                        self.vars[k] = old
        if fn == "value":
            return self.vars.get(arg(rest).strip(), ("", ""))[1]
        if fn in ("error", "warning", "info", "origin", "flavor", "guile"):
            if fn in ("origin", "flavor"):
                return "file"
            arg(rest)
            return ""
        vals = [arg(a) for a in args]
        if fn == "subst" and len(vals) >= 3:
            return vals[2].replace(vals[0], vals[1]) if vals[0] else vals[2]
        if fn == "patsubst" and len(vals) >= 3:
            return " ".join(_patsubst(vals[0].strip(), vals[1].strip(), w) for w in vals[2].split())
        if fn == "strip":
            return " ".join(vals[0].split()) if vals else ""
        if fn in ("sort", "filter", "filter-out", "wildcard", "realpath", "abspath"):
            return " ".join(vals[-1].split()) if vals else ""
        if fn == "findstring" and len(vals) >= 2:
            return vals[0] if vals[0] in vals[1] else ""
        if fn == "words":
            return str(len(vals[0].split())) if vals else "0"
        if fn == "word" and len(vals) >= 2:
            words = vals[1].split()
            n = int(vals[0]) if vals[0].strip().isdigit() else 0
            return words[n - 1] if 0 < n <= len(words) else ""
        if fn == "wordlist" and len(vals) >= 3:
            words = vals[2].split()
            s = int(vals[0]) if vals[0].strip().isdigit() else 1
            e = int(vals[1]) if vals[1].strip().isdigit() else len(words)
            return " ".join(words[max(s, 1) - 1:e])
        if fn in ("firstword", "lastword"):
            words = vals[0].split() if vals else []
            return (words[0] if fn == "firstword" else words[-1]) if words else ""
        if fn in ("dir", "notdir", "suffix", "basename"):
            words = vals[0].split() if vals else []
            if fn == "dir":
                return " ".join(w.rsplit("/", 1)[0] + "/" if "/" in w else "./" for w in words)
            if fn == "notdir":
                return " ".join(w.rsplit("/", 1)[-1] for w in words)
            if fn == "suffix":
                return " ".join("." + w.rsplit(".", 1)[1] for w in words if "." in w.rsplit("/", 1)[-1])
            return " ".join(w.rsplit(".", 1)[0] if "." in w.rsplit("/", 1)[-1] else w for w in words)
        if fn in ("addsuffix", "addprefix") and len(vals) >= 2:
            return " ".join(w + vals[0] if fn == "addsuffix" else vals[0] + w for w in vals[1].split())
        if fn == "join" and len(vals) >= 2:
            a, b = vals[0].split(), vals[1].split()
            return " ".join(x + y for x, y in zip(a + [""] * (len(b) - len(a)), b + [""] * (len(a) - len(b))))
        if fn == "if":
            return (vals[1] if len(vals) > 1 else "") if vals and vals[0].strip() else (vals[2] if len(vals) > 2
                                                                                        else "")
        if fn == "or":
            return next((v for v in vals if v.strip()), "")
        if fn == "and":
            return vals[-1] if vals and all(v.strip() for v in vals) else ""
        if fn == "foreach" and len(args) >= 3:
            name = arg(args[0]).strip()
            saved = self.vars.get(name)
            out = []
            for w in arg(args[1]).split()[:64]:
                self.vars[name] = ("simple", w)
                out.append(arg(",".join(args[2:])))
            if saved is None:
                self.vars.pop(name, None)
            else:
                self.vars[name] = saved
            return " ".join(out)
        return " ".join(vals)


def _logical_lines(text: str) -> list[str]:
    """The lines of a makefile with backslash-newline continuations joined (a recipe line's next part loses its tab)."""
    out: list[str] = []
    pending = ""
    for line in text.split("\n")[:8192]:
        line = line.rstrip("\r")
        if pending:
            line = pending + (line[1:] if line.startswith("\t") else line.lstrip())
            pending = ""
        if line.endswith("\\") and not line.endswith("\\\\"):
            pending = line[:-1] + ("" if line.startswith("\t") else " ")
            continue
        out.append(line)
    if pending:
        out.append(pending)
    return out


def _mk_comment(line: str) -> str:
    """A makefile line without its comment (`#` not escaped, outside a reference)."""
    if "#" not in line:
        return line
    depth = 0
    for i, c in enumerate(line):
        if c in "({":
            depth += 1
        elif c in ")}":
            depth = max(0, depth - 1)
        elif c == "#" and depth == 0 and (i == 0 or line[i - 1] != "\\"):
            return line[:i]
    return line


def _closing(text: str, at: int) -> int:
    """The index of the bracket closing the one at `at` (make counts only its own kind), or -1."""
    open_c = text[at]
    close_c = ")" if open_c == "(" else "}"
    depth = 0
    for j in range(at, len(text)):
        if text[j] == open_c:
            depth += 1
        elif text[j] == close_c:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _split_args(text: str) -> list[str]:
    """A make function's arguments: split at the commas outside brackets."""
    out, depth, start = [], 0, 0
    for j, c in enumerate(text):
        if c in "({":
            depth += 1
        elif c in ")}":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(text[start:j])
            start = j + 1
    out.append(text[start:])
    return out


def _patsubst(pattern: str, replacement: str, word: str) -> str:
    if "%" not in pattern:
        return replacement if word == pattern else word
    head, tail = pattern.split("%", 1)
    if word.startswith(head) and word.endswith(tail) and len(word) >= len(head) + len(tail):
        stem = word[len(head):len(word) - len(tail)]
        return replacement.replace("%", stem, 1)
    return word


def _recipe_command(line: str) -> str:
    """A recipe line as the shell runs it: make's `@`, `-` and `+` prefixes off."""
    return line.strip().lstrip("@-+ \t")


def _double_quoted(text: str) -> str:
    """`text` as one shell word, its `~` and `${…}` references left for the shell to expand (a path like
    `${HOME}/.bashrc`, `~/.profile`)."""
    if _PLAIN_WORD.fullmatch(text) and not text.startswith("-"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`") + '"'


# -- justfiles -----------------------------------------------------------------------------------------------------
_JUST_SET = LazyRegex(r"^set\s+([\w-]+)\s*(?::=\s*(.+))?$")
_JUST_ASSIGN = LazyRegex(r"^(export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.+)$")
_JUST_RECIPE = LazyRegex(r"^@?([A-Za-z_][\w-]*)((?:\s+[^:=]*?)?)\s*:(?!=)\s*(.*)$")
_JUST_TOKEN = LazyRegex(r"\s*(?:(```[\s\S]*?```|`[^`]*`)|('''[\s\S]*?'''|'[^']*')|(\"\"\"[\s\S]*?\"\"\"|"
                         r"\"(?:\\.|[^\"\\])*\")|([A-Za-z_][\w-]*)(\s*\()?|([+/]))")
_JUST_INTERP = LazyRegex(r"\{\{(.*?)\}\}", re.S)


def _justfile(text: str, files: Files | None, env: dict) -> list[Command]:
    values: dict[str, str] = {}
    exported: set[str] = set()
    dotenv, export_all = None, False
    found: list[Command] = []
    recipes: list[tuple[str, list[str], list[str]]] = []  # (name, dependencies, body lines)
    body: list[str] | None = None
    for raw in text.split("\n")[:8192]:
        line = raw.rstrip("\r")
        if line[:1] in (" ", "\t"):
            if line.strip():
                if body is None:  # a recipe line of a recipe not in this text (a fragment appended)
                    recipes.append(("", [], []))
                    body = recipes[-1][2]
                body.append(line)
            continue
        body = None
        stripped = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not stripped or stripped.startswith(("[", "import ", "mod ", "alias ")):
            continue
        m = _JUST_SET.match(stripped)
        if m is not None:
            key, val = m.group(1), (m.group(2) or "true").strip()
            if key == "dotenv-load" and val == "true":
                dotenv = dotenv or ".env"
            elif key in ("dotenv-filename", "dotenv-path"):
                dotenv = val.strip("'\"")
            elif key == "export" and val == "true":
                export_all = True
            continue
        m = _JUST_ASSIGN.match(stripped)
        if m is not None:
            values[m.group(2)] = _just_value(m.group(3), values, found)
            if m.group(1):
                exported.add(m.group(2))
            continue
        m = _JUST_RECIPE.match(stripped)
        if m is not None:
            deps = [d.strip("()") for d in m.group(3).split() if d and not d.startswith("#")]
            recipes.append((m.group(1), deps, []))
            body = recipes[-1][2]
    shell_env = dict(env)
    if dotenv and files is not None:
        shell_env.update(_dotenv(files(dotenv) or ""))
    shell_env.update({k: v for k, v in values.items() if k in exported or export_all})
    for name, _deps, lines in recipes:
        lines = [_JUST_INTERP.sub(lambda m: _just_value(m.group(1), values, found), x) for x in lines]
        lines = [_with_env(x, shell_env) for x in lines]
        strip = [x.strip() for x in lines]
        if strip and strip[0].startswith("#!"):  # a shebang recipe: its body is one script
            lang = _script_lang(strip[0])
            found.append(Command("\n".join(strip[1:]), "`just` runs it", name, lang))
            continue
        found.extend(Command(x.lstrip("@-").strip(), "`just` runs it", name) for x in strip if x and x[0] != "#")
    return found


def just_deps(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in text.split("\n")[:8192]:
        if line[:1] in (" ", "\t", "#") or ":=" in line:
            continue
        m = _JUST_RECIPE.match(line.strip())
        if m is not None:
            out[m.group(1)] = [d.strip("()") for d in m.group(3).split() if d and not d.startswith("#")]
    return out


def _just_value(expr: str, values: dict[str, str], found: list[Command]) -> str:
    """The text a just expression makes: strings joined, a backtick as the shell's `$(…)` (its command run when
    just reads the file), a variable's value; what is not known as a word."""
    out, pos = [], 0
    while pos < len(expr):
        m = _JUST_TOKEN.match(expr, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        if m.group(1):
            command = m.group(1).strip("`").strip()
            found.append(Command(command, "`just` runs it when it reads the justfile", ""))
            decoded = static_output(command)
            out.append(decoded if decoded is not None else "$(" + command + ")")
        elif m.group(2):
            out.append(m.group(2).strip("'"))
        elif m.group(3):
            q = m.group(3)
            inner = q[3:-3] if q.startswith('"""') else q[1:-1]
            out.append(inner.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\"))
        elif m.group(4):
            if m.group(5):  # a function's value
                depth, j = 1, pos
                while j < len(expr) and depth:
                    depth += {"(": 1, ")": -1}.get(expr[j], 0)
                    j += 1
                pos = j
                out.append("justvalue")
            elif m.group(4) not in ("if", "else"):
                out.append(values.get(m.group(4), "${" + m.group(4).replace("-", "_") + "}"))
        elif m.group(6) == "/":
            out.append("/")
    return "".join(out)


def _dotenv(text: str) -> dict[str, str]:
    """The variables a `.env` file sets (`KEY=value`, `export KEY="value"`)."""
    out: dict[str, str] = {}
    for line in text.split("\n")[:1024]:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if _NAME.fullmatch(key.strip()):
            out[key.strip()] = value
    return out


def _with_env(line: str, env: dict[str, str]) -> str:
    """`line` with the environment's variables it names (`$X`, `${X}`) put in as their values."""
    if "$" not in line or not env:
        return line
    return _ENV_REF.sub(lambda m: env.get(m.group(1), m.group(0)) if (
        m.group(0).startswith("${") == m.group(0).endswith("}")) else m.group(0), line)


def _script_lang(shebang: str) -> str:
    who = shebang.lower()
    return "python" if "python" in who else "typescript" if any(n in who for n in ("node", "deno", "bun")) else "bash"


# -- Taskfiles (go-task) -------------------------------------------------------------------------------------------
_TASK_TEMPLATE = LazyRegex(r"\{\{\s*\.?([A-Za-z_][\w]*)?[^}]*\}\}")


def _taskfile(text: str, files: Files | None, env: dict, prefix: str, depth: int) -> list[Command]:
    import yaml

    if depth > _MAX_DEPTH or len(text) > 1 << 20:
        return []
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return []
    if not isinstance(data, dict):
        return []
    found: list[Command] = []
    values = _task_vars(data.get("vars"), {}, found, prefix)
    shell_env = dict(env)
    for dotenv in data.get("dotenv") or [] if isinstance(data.get("dotenv"), list) else []:
        if isinstance(dotenv, str) and files is not None:
            shell_env.update(_dotenv(files(dotenv) or ""))
    shell_env.update(_task_vars(data.get("env"), values, found, prefix))
    includes = data.get("includes")
    if isinstance(includes, dict) and files is not None:
        for ns, spec in list(includes.items())[:16]:
            path = spec.get("taskfile") if isinstance(spec, dict) else spec
            if not isinstance(path, str):
                continue
            sub = files(path) or files(path.rstrip("/") + "/Taskfile.yml")
            if sub:
                found += _taskfile(sub, files, shell_env, f"{prefix}{ns}:", depth + 1)
    tasks = data.get("tasks")
    if not isinstance(tasks, dict):
        return found
    for name, spec in list(tasks.items())[:256]:
        unit = f"{prefix}{name}"
        if isinstance(spec, (str, list)):
            spec = {"cmds": spec if isinstance(spec, list) else [spec]}
        if not isinstance(spec, dict):
            continue
        own = dict(values)
        own.update(_task_vars(spec.get("vars"), own, found, unit))
        task_env = dict(shell_env)
        task_env.update(_task_vars(spec.get("env"), own, found, unit))
        items = []
        for key in ("preconditions", "status", "cmds"):
            got = spec.get(key)
            items += got if isinstance(got, list) else [got] if isinstance(got, str) else []
        for item in items[:128]:
            line = item if isinstance(item, str) else (item.get("cmd") or item.get("sh") or item.get("defer")) \
                if isinstance(item, dict) else None
            if isinstance(line, str) and line.strip():
                line = _with_env(_task_template(line, own), task_env)
                found.append(Command(line.strip(), "`task` runs it", unit))
    return found


def task_deps(text: str) -> dict[str, list[str]]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return {}
    tasks = data.get("tasks") if isinstance(data, dict) else None
    out: dict[str, list[str]] = {}
    for name, spec in (tasks.items() if isinstance(tasks, dict) else ()):
        deps = spec.get("deps") if isinstance(spec, dict) else None
        called = [c.get("task") for c in spec.get("cmds") or [] if isinstance(c, dict)] if isinstance(spec, dict) \
            and isinstance(spec.get("cmds"), list) else []
        out[str(name)] = [d if isinstance(d, str) else d.get("task", "") for d in (deps or []) if
                          isinstance(d, (str, dict))] + [c for c in called if isinstance(c, str)]
    return out


def _task_vars(spec, known: dict[str, str], found: list[Command], unit: str) -> dict[str, str]:
    """A Taskfile's `vars`/`env`: a literal's text, a `sh:` variable as the shell's `$(…)` (its command, run when the
    task runs, is recorded)."""
    out: dict[str, str] = {}
    if not isinstance(spec, dict):
        return out
    for name, value in list(spec.items())[:128]:
        if isinstance(value, dict) and isinstance(value.get("sh"), str):
            command = _task_template(value["sh"], {**known, **out}).strip()
            found.append(Command(command, "`task` runs it to compute a variable", unit))
            decoded = static_output(command)
            out[str(name)] = decoded if decoded is not None else "$(" + command + ")"
        elif isinstance(value, (str, int, float)):
            out[str(name)] = _task_template(str(value), {**known, **out})
    return out


def _task_template(text: str, values: dict[str, str]) -> str:
    return _TASK_TEMPLATE.sub(lambda m: values.get(m.group(1) or "", "taskvalue"), text)


# -- tox.ini -------------------------------------------------------------------------------------------------------
_TOX_KEYS = ("commands_pre", "commands", "commands_post", "install_command", "list_dependencies_command")
_TOX_SUB = LazyRegex(r"\{([^{}]*)\}")


def _tox(text: str, env: dict) -> list[Command]:
    import configparser

    if text.lstrip().startswith("{"):  # a ConfigParser the code filled and wrote (common_code reads it as JSON)
        text = _ini_of_json(text)

    parser = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",), comment_prefixes=("#",),
                                       inline_comment_prefixes=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.MissingSectionHeaderError:
        try:
            parser.read_string("[testenv]\n" + text)
        except configparser.Error:
            return []
    except configparser.Error:
        return []
    found: list[Command] = []
    sections = [s for s in parser.sections() if s == "testenv" or s.startswith("testenv:")]
    for section in sections[:64]:
        unit = section.split(":", 1)[1] if ":" in section else ""
        own_env = dict(env)
        for key in ("setenv", "set_env"):
            for line in parser.get(section, key, fallback="").splitlines():
                k, eq, v = line.partition("=")
                if eq and k.strip() and k.strip() not in env:
                    own_env[k.strip()] = v.strip()
        for key in _TOX_KEYS:
            raw = parser.get(section, key, fallback=None)
            if not raw:
                continue
            for line in _tox_lines(raw):
                line = _tox_substituted(line, own_env, parser, unit)
                if line.strip():
                    found.append(Command(line, f"`tox` runs it ({key})", unit))
    return found


def _ini_of_json(text: str) -> str:
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return ""
    lines: list[str] = []
    for section, keys in list(data.items())[:64] if isinstance(data, dict) else ():
        if isinstance(keys, dict):
            lines.append(f"[{section}]")
            lines += [f"{k} = " + str(v).replace("\n", "\n    ") for k, v in list(keys.items())[:64]
                      if isinstance(v, (str, int, float))]
    return "\n".join(lines) + "\n"


def _tox_lines(raw: str) -> list[str]:
    out, pending = [], ""
    for line in raw.splitlines():
        line = pending + line.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if line and not line.startswith("#"):
            out.append(line.lstrip("-!").strip())
    return out[:64]


def _tox_substituted(line: str, env: dict, parser, unit: str, depth: int = 0) -> str:
    """tox's `{…}` substitutions: `{env:KEY:default}` from the environment the run is given, `{posargs:default}`, the
    folders, `{[section]key}`."""
    def one(m: re.Match) -> str:
        inner = m.group(1)
        if inner.startswith("env:"):
            _, key, *default = inner.split(":", 2)
            return env.get(key, default[0] if default else "${" + key + "}")
        if inner.startswith("posargs"):
            return inner.split(":", 1)[1] if ":" in inner else ""
        if inner.startswith("tty:"):
            parts = inner.split(":")
            return parts[-1]
        if inner.startswith("[") and "]" in inner and depth < 4:
            section, key = inner[1:].split("]", 1)
            got = parser.get(section, key.strip(), fallback="") if parser.has_section(section) else ""
            return _tox_substituted(" ".join(_tox_lines(got)), env, parser, unit, depth + 1)
        return _TOX_DIRS.get(inner, m.group(0)).replace("NAME", unit or "py")

    return _TOX_SUB.sub(one, line)


_TOX_DIRS = {"toxinidir": ".", "tox_root": ".", "toxworkdir": ".tox", "work_dir": ".tox", "envdir": ".tox/NAME",
             "env_dir": ".tox/NAME", "envpython": "python", "env_python": "python", "envbindir": ".tox/NAME/bin",
             "env_bin_dir": ".tox/NAME/bin", "envtmpdir": ".tox/NAME/tmp", "env_tmp_dir": ".tox/NAME/tmp",
             "envname": "NAME", "env_name": "NAME", "homedir": "${HOME}", "/": "/", ":": ":", "packages": "pkg",
             "opts": ""}


# -- noxfiles ------------------------------------------------------------------------------------------------------
_NOX_RUNS = frozenset({"run", "run_always", "run_install", "install", "conda_install", "run_in_venv"})


def _nox(text: str) -> list[Command]:
    """`session.run("bash", "-c", …)` as the command line it starts; `session.install(x)` as `pip install x`."""
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        import textwrap

        try:
            tree = ast.parse(textwrap.dedent(text))
        except (SyntaxError, ValueError, RecursionError):
            return []
    found: list[Command] = []
    strings = _ast_strings(tree)
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        name = fn.name
        session = fn.args.args[0].arg if fn.args.args else "session"
        for deco in fn.decorator_list:
            for kw in deco.keywords if isinstance(deco, ast.Call) else ():
                if kw.arg == "name" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    name = kw.value.value
        for call in ast.walk(fn):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and
                    call.func.attr in _NOX_RUNS):
                continue
            if not (isinstance(call.func.value, ast.Name) and call.func.value.id == session):
                continue  # (`subprocess.run([…])` in a session is the Python rules')
            argv = [_ast_text(a, strings) for a in call.args if not isinstance(a, ast.Starred)]
            if call.func.attr in ("install", "conda_install"):
                argv = ["pip" if call.func.attr == "install" else "conda", "install", *argv]
            if argv:
                from .common_code import argv_to_shell

                found.append(Command(argv_to_shell(argv), "`nox` runs it", name))
            if len(found) >= _MAX_COMMANDS:
                return found
    return found


def _ast_strings(tree) -> dict[str, str]:
    """The module's and functions' names assigned one literal string (`URL = "…"`), for the calls that use them."""
    import ast

    out: dict[str, str | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = node.value
            name = node.targets[0].id
            out[name] = value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) and \
                name not in out else None
    return {k: v for k, v in out.items() if v is not None}


def _ast_text(node, strings: dict[str, str]) -> str | None:
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return strings.get(node.id)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            piece = _ast_text(v.value, strings) if isinstance(v, ast.FormattedValue) else _ast_text(v, strings)
            parts.append(piece if piece is not None else "ARG")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _ast_text(node.left, strings), _ast_text(node.right, strings)
        return None if left is None and right is None else (left or "ARG") + (right or "ARG")
    return None


# -- CMake and Meson -----------------------------------------------------------------------------------------------
_CMAKE_CALL = LazyRegex(r"(?im)^[ \t]*(execute_process|add_custom_command|add_custom_target|file|include|set)"
                         r"[ \t]*\(")
_CMAKE_TOKEN = LazyRegex(r'\s*(?:"((?:\\.|[^"\\])*)"|\[(=*)\[(.*?)\]\2\]|#[^\n]*|([^\s()#"]+))', re.S)
_CMAKE_KEYWORDS = frozenset({"WORKING_DIRECTORY", "TIMEOUT", "RESULT_VARIABLE", "RESULTS_VARIABLE", "OUTPUT_VARIABLE",
                             "ERROR_VARIABLE", "INPUT_FILE", "OUTPUT_FILE", "ERROR_FILE", "OUTPUT_QUIET",
                             "ERROR_QUIET", "COMMAND_ECHO", "OUTPUT_STRIP_TRAILING_WHITESPACE",
                             "ERROR_STRIP_TRAILING_WHITESPACE", "ENCODING", "ECHO_OUTPUT_VARIABLE",
                             "ECHO_ERROR_VARIABLE", "COMMAND_ERROR_IS_FATAL", "OUTPUT", "DEPENDS", "COMMENT",
                             "VERBATIM", "BYPRODUCTS", "USES_TERMINAL", "ALL", "SOURCES", "MAIN_DEPENDENCY",
                             "IMPLICIT_DEPENDS", "DEPFILE", "JOB_POOL", "JOB_SERVER_AWARE", "COMMAND_EXPAND_LISTS",
                             "TARGET", "PRE_BUILD", "PRE_LINK", "POST_BUILD", "APPEND", "CODEGEN"})
_CMAKE_DIRS = {"CMAKE_BINARY_DIR": "build", "CMAKE_CURRENT_BINARY_DIR": "build", "PROJECT_BINARY_DIR": "build",
               "CMAKE_SOURCE_DIR": ".", "CMAKE_CURRENT_SOURCE_DIR": ".", "PROJECT_SOURCE_DIR": ".",
               "CMAKE_CURRENT_LIST_DIR": ".", "CMAKE_COMMAND": "cmake"}
_CMAKE_REF = LazyRegex(r"\$(ENV)?\{([\w.+-]+)\}")


def _cmake(text: str, files: Files | None, depth: int) -> list[Command]:
    """The commands a CMake file runs, in order, as one script (a download and the run of what it fetched together):
    `execute_process` when CMake configures, custom commands and targets when the build runs them."""
    if depth > _MAX_DEPTH:
        return []
    values = dict(_CMAKE_DIRS)
    script: list[str] = []
    built: list[str] = []
    for m in _CMAKE_CALL.finditer(text):
        args = _cmake_args(text, m.end(), values)
        if args is None:
            continue
        fn = m.group(1).lower()
        if fn == "set" and len(args) >= 2:
            values[args[0]] = " ".join(args[1:3])
        elif fn == "include" and args and files is not None and depth < _MAX_DEPTH:
            sub = files(args[0]) or files(args[0] + ".cmake")
            if sub:
                script += [c.line for c in _cmake(sub, files, depth + 1)]
        elif fn == "file" and len(args) >= 3 and args[0].upper() == "DOWNLOAD":
            script.append(f"curl -fsSL -o {_cmake_word(args[2])} {_cmake_word(args[1])}")
        elif fn == "file" and len(args) >= 3 and args[0].upper() in ("WRITE", "APPEND"):
            op = ">" if args[0].upper() == "WRITE" else ">>"
            script.append(f"printf '%s' {shlex.quote(' '.join(args[2:]))} {op} {_cmake_word(args[1])}")
        elif fn == "execute_process":
            stages = _cmake_commands(args)
            if stages:
                script.append(" | ".join(stages))
        elif fn in ("add_custom_command", "add_custom_target"):
            built += _cmake_commands(args)
    found = [Command("\n".join(script), "CMake runs it when it configures the build", "")] if script else []
    return found + [Command(c, "the build runs it", "") for c in built[:_MAX_COMMANDS]]


def _cmake_args(text: str, at: int, values: dict[str, str]) -> list[str] | None:
    out: list[str] = []
    pos, depth = at, 0
    while pos < len(text) and len(out) < 256:
        if text[pos:pos + 1].isspace():
            pos += 1
            continue
        if text[pos] == ")":
            if depth == 0:
                return out
            depth -= 1
            pos += 1
            continue
        if text[pos] == "(":
            depth += 1
            pos += 1
            continue
        m = _CMAKE_TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            return None
        pos = m.end()
        if m.group(1) is not None:
            out.append(_cmake_value(m.group(1).replace('\\"', '"').replace("\\\\", "\\"), values))
        elif m.group(3) is not None:
            out.append(m.group(3))
        elif m.group(4) is not None:
            out.append(_cmake_value(m.group(4), values))
    return None


def _cmake_value(word: str, values: dict[str, str]) -> str:
    return _CMAKE_REF.sub(lambda m: "${" + m.group(2) + "}" if m.group(1) else values.get(m.group(2), "${" + m.group(2)
                                                                                           .replace(".", "_") + "}"),
                          word)


def _cmake_word(word: str) -> str:
    return _double_quoted(word) if "${" in word else shlex.quote(word)


def _cmake_commands(args: list[str]) -> list[str]:
    out: list[str] = []
    current: list[str] | None = None
    for a in args:
        if a == "COMMAND":
            current = []
            out.append("")
            continue
        if a in _CMAKE_KEYWORDS:
            current = None
            continue
        if current is not None:
            current.append(a)
            out[-1] = " ".join(_cmake_word(w) if not w.startswith("-") or " " in w else w for w in current)
    return [c for c in out if c][:32]


_MESON_CALL = LazyRegex(r"\b(run_command|custom_target|run_target)\s*\(")
_MESON_STRING = LazyRegex(r"'((?:\\.|[^'\\])*)'|(\[)|(\])|(\w+)\s*:|([^,'\[\]()\s]+)")


def _meson(text: str) -> list[Command]:
    """`run_command('sh', '-c', …)` as the command line it runs (`meson setup` runs it); a target's `command:`."""
    found: list[Command] = []
    for m in _MESON_CALL.finditer(text):
        depth, j = 1, m.end()
        while j < len(text) and depth:
            c = text[j]
            if c == "'":
                k = j + 1
                while k < len(text) and text[k] != "'":
                    k += 2 if text[k] == "\\" else 1
                j = k
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            j += 1
        inner = text[m.end():j - 1]
        argv: list[str | None] = []
        keyword = None
        for t in _MESON_STRING.finditer(inner):
            if t.group(4):
                keyword = t.group(4)
                continue
            if t.group(1) is not None and (keyword is None and m.group(1) == "run_command" or keyword == "command"):
                argv.append(t.group(1).replace("\\'", "'").replace("\\n", "\n"))
        if argv:
            from .common_code import argv_to_shell

            found.append(Command(argv_to_shell(argv), "`meson setup` runs it" if m.group(1) == "run_command" else
                                 "the build runs it", ""))
    return found


# -- cargo's configuration -----------------------------------------------------------------------------------------
_CARGO_PROGRAMS = LazyRegex(r"^(?:build\.(?:rustc-wrapper|rustc-workspace-wrapper|rustc|rustdoc)|"
                             r"target\..+\.(?:runner|linker)|host\.(?:runner|linker)|"
                             r"registr(?:y|ies)\..*credential-provider|registry\.global-credential-providers)$")


def _leaves(data, key: str = "", depth: int = 0):
    """(dotted key, value) of each value of a parsed settings file that is not a table (`build.rustc-wrapper`,
    `context.production.command`), tables followed a bounded depth and width."""
    if depth > 6:
        return
    if not isinstance(data, dict):
        yield key, data
        return
    for k, v in list(data.items())[:128]:
        yield from _leaves(v, f"{key}.{k}" if key else str(k), depth + 1)


def _cargo(text: str) -> list[Command]:
    """The programs cargo's configuration has it run: a wrapper of rustc, a target's runner or linker (a list is
    the program and its arguments), a credential provider."""
    import tomllib

    from .common_code import argv_to_shell

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return []
    found: list[Command] = []
    for key, node in _leaves(data):
        if len(found) >= _MAX_COMMANDS:
            break
        if not _CARGO_PROGRAMS.match(key):
            continue
        if isinstance(node, str) and node.strip():
            found.append(Command(node.strip(), f"cargo runs it (`{key}`)", ""))
        elif isinstance(node, list) and node and all(isinstance(x, str) for x in node):
            found.append(Command(argv_to_shell(node), f"cargo runs it (`{key}`)", ""))
    return found


# -- hosting platforms' build settings ----------------------------------------------------------------------------
# the keys whose value is a command line the platform's builder runs, with the site's environment (its deploy
# secrets among it): netlify.toml's `[build] command` (and `[context.*]`, `[dev]`), vercel.json's `buildCommand`,
# `installCommand`, `devCommand`, wrangler.toml's `[build] command`, firebase.json's `predeploy`/`postdeploy` hooks
# (a list of command lines)
_HOSTING_KEYS = LazyRegex(r"(?:^|\.)(?:command|buildCommand|installCommand|devCommand|ignoreCommand|predeploy|"
                          r"postdeploy)$")


def _hosting(text: str) -> list[Command]:
    import json
    import tomllib

    try:
        data = json.loads(text) if text.lstrip()[:1] == "{" else tomllib.loads(text)  # (TOML may open with `[build]`)
    except (ValueError, RecursionError):
        return []
    found: list[Command] = []
    for key, node in _leaves(data):
        if not _HOSTING_KEYS.search(key):
            continue
        for line in (node[:32] if isinstance(node, list) else [node]):
            if isinstance(line, str) and line.strip() and len(found) < _MAX_COMMANDS:
                found.append(Command(line.strip(), f"the hosting platform's build runs it (`{key}`)", ""))
    return found


# -- dbt: the SQL its hooks hand the warehouse -----------------------------------------------------------------------
# dbt_project.yml's `on-run-start` / `on-run-end` and the `pre-hook` / `post-hook` of models, seeds and snapshots are
# SQL the warehouse runs on every `dbt run` (with the project's credentials, on the target's database): read as the
# SQL a client would be handed (sql.judge_server, sql.privilege).
_DBT_HOOKS = frozenset({"on-run-start", "on-run-end", "pre-hook", "post-hook", "+pre-hook", "+post-hook"})


def _dbt_sql(text: str) -> list[str]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return [text]  # (Jinja a YAML reader cannot take: the text as a whole)
    found: list[str] = []
    for key, node in _leaves(data):
        if key.rsplit(".", 1)[-1] not in _DBT_HOOKS and not any(p in _DBT_HOOKS for p in key.split(".")):
            continue
        for item in (node[:64] if isinstance(node, list) else [node]):
            if isinstance(item, str) and item.strip():
                found.append(item)
    return found[:_MAX_COMMANDS]


def dbt_hooks(a, path: str, text: str, node) -> bool:
    """Block a dbt_project.yml whose hooks hold SQL that would be blocked handed to a client: rows unloaded to
    someone else's storage or database, a program run by the server, an account made all-powerful. True when it
    was."""
    from . import sql
    from .bash.handed import alone, first_block

    hooks = _dbt_sql(text)
    script = ";\n".join(hooks)

    def run(line: str) -> None:
        hit = first_block(alone(a, line, "bash"))
        if hit is not None:
            found.append((hit.rule, f"it runs `{_short(line)}` on the database's machine ({hit.message})"))

    found: list[tuple[str, str]] = []
    if not sql.judge_server(script, lambda rule, message: found.append((rule, message)), run):
        got = sql.privilege(script)
        if got is not None:
            found.append(got)
    if not found:
        return False
    rule, message = found[0]
    a.block(rule, f"a hook in {path} written here hands the warehouse SQL that would be blocked: {message}; dbt runs "
                  "its hooks on every run: keep hooks to the project's own tables", node)
    return True


# -- Go: `//go:generate` and a program's exec.Command --------------------------------------------------------------
_GO_GENERATE = LazyRegex(r"^[ \t]*//go:generate[ \t]+(.+)$", re.M)
_GO_ALIAS = LazyRegex(r"^\s*-command\s+\S+\s+")
_GO_EXEC = LazyRegex(r"\bexec\.Command(?:Context)?\s*\(((?:[^()\"`]|\"(?:\\.|[^\"\\])*\"|`[^`]*`)*)\)")
_GO_STRING = LazyRegex(r'"((?:\\.|[^"\\])*)"|`([^`]*)`|([^,\s]+)')


def _go(text: str) -> list[Command]:
    found = [Command(_GO_ALIAS.sub("", m.group(1)).strip(), "`go generate` runs it", "")
             for m in _GO_GENERATE.finditer(text)][:_MAX_COMMANDS]
    for m in _GO_EXEC.finditer(text):
        argv: list[str | None] = []
        for t in _GO_STRING.finditer(m.group(1)):
            if t.group(1) is not None:
                argv.append(t.group(1).encode("latin-1", "backslashreplace").decode("unicode_escape", "replace"))
            elif t.group(2) is not None:
                argv.append(t.group(2))
            else:
                argv.append(None)
        if argv and m.group(0).startswith("exec.CommandContext"):
            argv = argv[1:]
        if argv and argv[0] is not None:
            from .common_code import argv_to_shell

            found.append(Command(argv_to_shell(argv), "the Go program runs it (`go run`, `go generate`)", ""))
    return found[:_MAX_COMMANDS]


# -- encoded literals ----------------------------------------------------------------------------------------------
# A literal decoded where the file's code runs (`Buffer.from("…", "base64")`, `bytes.fromhex("…")`,
# `codecs.decode("…", "rot13")`, `String.fromCharCode(99, 117, …)`, `vec![114, 109, …]`, `"…"[::-1]`): the text
# it decodes to is what the code hands on, read as a command line
_QUOTED = LazyRegex(r"""(?<![\w\\])[bBrRuUfF]{0,2}(?:"((?:\\.|[^"\\\n])*)"|'((?:\\.|[^'\\\n])*)'|`([^`\\$]*)`)""")
_B64 = LazyRegex(r"[A-Za-z0-9+/_-]{12,}={0,2}")
_HEX = LazyRegex(r"(?:[0-9a-fA-F]{2}){8,}")
_CODES = LazyRegex(r"(?<![\w.])(?:\d{1,3}\s*,\s*){5,}\d{1,3}(?![\w.])")
_ROT13_AFTER = LazyRegex(r"""\s*,\s*['"]rot_?13['"]""", re.I)
_REVERSED_AFTER = LazyRegex(r"""\s*(?:\[\s*::\s*-1\s*\]|\.split\(\s*(['"])\1\s*\)\s*\.reverse\(\)\s*\.join\()""")
_HEX_HINT = LazyRegex(r"fromhex|unhexlify|a2b_hex|['\"]hex['\"]|hex\.DecodeString|xxd|from_hex|decode_hex|hex::", re.I)
_DIGITS = LazyRegex(r"\d+")
_MAX_DECODED = 16  # texts decoded per file: a bound on the work


def decoded_texts(text: str) -> list[str]:
    """The texts the encoded literals of `text` decode to (printable, holding a blank: a command line or code, not
    a word or a binary blob)."""
    out: list[str] = []
    hex_hint = _HEX_HINT.search(text) is not None
    for m in _QUOTED.finditer(text):
        raw = next((g for g in m.groups() if g is not None), "")
        if len(raw) < 8:
            continue
        after = text[m.end():m.end() + 48]
        got = None
        if _ROT13_AFTER.match(after):
            import codecs

            got = codecs.decode(raw, "rot13")
        elif _REVERSED_AFTER.match(after):
            got = raw[::-1]
        elif hex_hint and _HEX.fullmatch(raw):
            try:
                got = bytes.fromhex(raw).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                got = None
        elif _B64.fullmatch(raw) and not raw.isalpha() and not raw.isdigit():
            got = _b64(raw)
        if got is not None and _texty(got) and got not in out:
            out.append(got)
            if len(out) >= _MAX_DECODED:
                return out
    for m in _CODES.finditer(text):
        codes = [int(x) for x in _DIGITS.findall(m.group(0))]
        if all(9 <= c < 127 for c in codes):
            got = "".join(map(chr, codes))
            if _texty(got) and got not in out:
                out.append(got)
                if len(out) >= _MAX_DECODED:
                    break
    return out


def _b64(raw: str) -> str | None:
    import base64
    import binascii

    data = raw.rstrip("=")
    if len(data) % 4 == 1:
        return None
    try:
        got = base64.b64decode(data + "=" * (-len(data) % 4), altchars=b"-_" if "-" in data or "_" in data else None,
                               validate=True)
        return got.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _texty(text: str) -> bool:
    return " " in text and all(c.isprintable() or c in "\n\t\r" for c in text)


# -- judging -------------------------------------------------------------------------------------------------------
def judge(a, path: str, text: str, node, files: Files | None = None, run: tuple[str, ...] | None = None,
          env: dict | None = None, overrides: dict | None = None) -> bool:
    """Judge `text`, written to the task or build file `path`: a command it holds that would be blocked on its own
    blocks the write, and so does an encoded literal of it that decodes to one. `run` (the units a runner started in
    the same input names; empty for its default) has the irreversible commands of what runs reviewed. `a` is either
    side's analysis (its `ctx`, `block` and `review`). True when a finding was added."""
    what = kind(path)
    if what is None:
        return False
    if what == "pip":
        return pip_conf(a, path, text, node)
    if what == "dbt":
        return dbt_hooks(a, path, text, node) or decoded_block(a, path, text, node)
    if what == "cargo" and not hasattr(a, "downloaded") and _cargo_settings(a, path, text, node):
        return True
    found = commands(what, text, files, env, overrides)
    if judge_commands(a, path, what, found, node, run, files=files):
        return True
    return decoded_block(a, path, text, node)


class _CodeSide:
    """Code's reporter seen as the shell's analysis by the cargo readers (no download of this input is known)."""

    __slots__ = ("_a", "downloaded")

    def __init__(self, a) -> None:
        self._a, self.downloaded = a, {}

    def __getattr__(self, name: str):
        return getattr(self._a, name)


def _cargo_settings(a, path: str, text: str, node) -> bool:
    """Cargo's configuration written from code (`cfg.write_text(text + '[build]\\nrustc-wrapper = "/tmp/.rw"')`):
    its source replacement and the programs it names judged as the shell's write of the same text is
    (bash/ecosystems.py, through ecosystems.check_write on that side)."""
    from .bash.ecosystems import _cargo_config

    before = len(a.ctx.reasons)
    return _cargo_config(_CodeSide(a), path, text, node) or len(a.ctx.reasons) > before


def judge_commands(a, path: str, what: str, found: list[Command], node, run: tuple[str, ...] | None,
                   blocks: bool = True, files: Files | None = None) -> bool:
    """Block the first of `found` that would be blocked on its own (or whose program is a file this input wrote
    that would be); with `run`, review the first that would be reviewed as irreversible. True when one was."""
    from .bash.handed import alone, first_block

    runner = _RUN_BY.get(what, "the tool")
    held = None
    for c in found:
        if not c.line.strip():
            continue
        reasons = alone(a, c.line, c.lang)
        where = f"the {_UNIT.get(what, 'file')} `{c.unit}` of " if c.unit else ""
        hit = first_block(reasons) if blocks else None
        if hit is not None:
            a.block(hit.rule, f"`{_short(c.line)}`, in {where}{path} written here, would be blocked ({hit.message}); "
                              f"{c.when}: write {_UNIT.get(what, 'step')}s that pass on their own", node)
            return True
        program = _program_file(c.line, files) if blocks and files is not None else None
        if program is not None:
            hit = first_block(alone(a, program[1], _script_lang(program[1].split("\n", 1)[0])))
            if hit is not None:
                a.block(hit.rule, f"`{_short(c.line)}`, in {where}{path} written here, runs {program[0]}, which this "
                                  f"input wrote with code that would be blocked ({hit.message}); {c.when}", node)
                return True
        if run is not None and held is None:
            review = next((r for r in reasons if r.rule == "irreversible"), None)
            if review is not None:
                held = (c, where, review)
    if held is not None:
        c, where, review = held
        a.review("irreversible", f"`{_short(c.line)}`, in {where}{path} written here, is run by {runner} in this same "
                                 f"input: {review.message}", node)
        return True
    return False


def _program_file(line: str, files: Files) -> tuple[str, str] | None:
    """(path, text) of the program `line` starts, when it is a file this input wrote (`.cargo/rw`, `sh x/run`)."""
    try:
        argv = shlex.split(line)
    except ValueError:
        return None
    while argv and argv[0].rsplit("/", 1)[-1] in ("sh", "bash", "dash", "zsh", "env", "exec", "nohup"):
        argv = argv[1:]
        while argv and argv[0].startswith("-"):
            argv = argv[1:]
    if not argv or "/" not in argv[0] and not argv[0].startswith("."):
        return None
    path = argv[0].replace("$PWD/", "").replace("${PWD}/", "")
    text = files(path)
    return (path, text) if text and text.strip() else None


_INNER_QUOTED = LazyRegex(r'\\"([^"\\\s]{8,})\\"')


def decoded_block(a, path: str, text: str, node) -> bool:
    """Block `text` written to `path` when an encoded literal of it decodes to a command that would be blocked."""
    from .bash.handed import blocked

    found = decoded_texts(text)
    if '\\"' in text:  # `python -c "exec(b64decode(\\"aW1w…\\"))"`: a literal quoted inside a shell string
        inner = " ".join(f'"{lit}"' for lit in _INNER_QUOTED.findall(text)[:64])
        found += [t for t in decoded_texts(inner) if t not in found]
    for got in found:
        hit = blocked(a, got, "bash")
        lang = _code_language(got) if hit is None else None
        if lang is not None:  # `exec(base64.b64decode("aW1wb3J0IG9z…"))`: the decoded text is Python (or JS) code
            hit = blocked(a, got, lang, _CODE_STYLE)
        if hit is not None:
            a.block(hit.rule, f"the code written to {path} decodes `{_short(got)}` from an encoded literal, which "
                              f"would be blocked as a command ({hit.message}); write the code plainly", node)
            return True
    return False


# a decoded text that is code rather than a command line: Python's imports, node's require
_PY_CODE = LazyRegex(r"^\s*(?:import\s+[\w.]+|from\s+[\w.]+\s+import\b)|\b__import__\(|\bos\.(?:system|popen)\(|"
                     r"\bsubprocess\.\w+\(")
_JS_CODE = LazyRegex(r"\brequire\(\s*['\"]|\bchild_process\b|\bprocess\.env\b|=>")
# how code is written, which ordinary code does too: only what the decoded code does to the machine counts
_CODE_STYLE = frozenset({"py-dynamic-code", "py-dynamic-import", "py-shell-exec", "py-process-spawn", "js-shell-exec",
                         "js-dynamic-code", "js-dynamic-require", "dynamic-exec", "nonliteral-command"})


def _code_language(text: str) -> str | None:
    if _PY_CODE.search(text):
        return "python"
    if _JS_CODE.search(text):
        return "typescript"
    return None


def _short(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= 80 else one[:77] + "…"


# -- pip's and yarn's configuration --------------------------------------------------------------------------------
_PIP_INDEX = LazyRegex(r"^\s*(index-url|extra-index-url|find-links|trusted-host|index)\s*[=:]\s*(.+?)\s*$", re.M)


def pip_conf(a, path: str, text: str, node, decoded: tuple[str, ...] = ()) -> bool:
    """`index-url`/`extra-index-url`/`trusted-host` written to a pip.conf: every later `pip install` of that
    environment (or user) takes its packages there. Over plain HTTP, or with an address built from text decoded at
    run time, blocked; a host no rule knows held for review (bash/tools.py's index policy)."""
    from .bash.common import plain_http
    from .bash.tools import check_index_replaced, check_indexes, check_trusted_hosts
    from .bash.words import Word
    from .hosts import url_host

    before = len(a.ctx.reasons)
    for m in _PIP_INDEX.finditer(text):
        key, value = m.group(1), m.group(2)
        for v in value.split():
            host = url_host(v) if "://" in v else v
            if key != "trusted-host" and plain_http(v):
                a.block("persistence", f"`{key} = {v}` written to {path} makes every later `pip install` fetch "
                                       "packages over plain HTTP and run their install scripts; use an HTTPS index",
                        node)
                return True
            piece = next((d for d in decoded if d and host and d in host), None)
            if piece is not None:
                a.block("download-exec", f"`{key} = {v}` written to {path} names a host built from `{piece}`, decoded "
                                         "from an encoded literal at run time: nothing here says where every later "
                                         "`pip install` takes its packages from; write the index's address literally",
                        node)
                return True
            w = [Word(node, v, v)]
            if key == "trusted-host":
                check_trusted_hosts(a, f"`trusted-host = {v}` written to {path},", w, sep="")
            elif key == "extra-index-url" or key == "find-links":
                check_indexes(a, None, f"{key} in {path}", w)
            else:
                check_index_replaced(a, "", w, later=True, shown=f"`{key} = {v[:100]}` written to {path}")
    return len(a.ctx.reasons) > before


_YARN_PATH = LazyRegex(r"^\s*(yarnPath|path)\s*:\s*[\"']?([^\"'\s#]+)", re.M)


def yarn_paths(text: str) -> list[tuple[str, str]]:
    """(setting, file) of the code `.yarnrc.yml` has yarn run: `yarnPath` (yarn itself), a plugin's `path`."""
    return [(m.group(1), m.group(2)) for m in _YARN_PATH.finditer(text)][:16]
