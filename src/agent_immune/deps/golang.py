"""Go: go.mod (with go.sum for modules whose go.mod predates complete requirement lists).

Versions follow OSV's convention: no leading "v" ("v1.2.3" -> "1.2.3"); "+incompatible"
is kept. The toolchain itself is reported as the package "stdlib", at the `toolchain`
version when one is given, else at the `go` directive's version.

The parser follows the go.mod grammar: lines of tokens, `//` comments, `verb ( ... )`
blocks, double-quoted and back-quoted strings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .base import Package, read_text

ECOSYSTEM = "Go"

_VERBS = frozenset({"module", "go", "toolchain", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore"})
_BLOCK_VERBS = _VERBS - {"module", "go", "toolchain"}
_SEMVER = re.compile(r"^v(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$")
_GO_VERSION = re.compile(r"^[1-9][0-9]*(?:\.(?:0|[1-9][0-9]*)){1,2}(?:(?:rc|beta)[1-9][0-9]*)?$")
_TOOLCHAIN = re.compile(r"^go([1-9][0-9]*(?:\.(?:0|[1-9][0-9]*)){1,2}(?:(?:rc|beta)[1-9][0-9]*)?)(?:[-+].*)?$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass
class Line:
    """One directive: its tokens (verb first), trailing comment and line number."""

    tokens: list[str]
    comment: str
    number: int


@dataclass
class _Lexer:
    path: Path
    text: str
    pos: int = 0
    line: int = 1
    lines: list[tuple[list[str], str, int]] = field(default_factory=list)

    def error(self, msg: str) -> InputError:
        return InputError(msg, path=self.path, line=self.line)

    def _quoted(self) -> str:
        quote = self.text[self.pos]
        self.pos += 1
        out = []
        while True:
            if self.pos >= len(self.text):
                raise self.error("unterminated quoted string")
            c = self.text[self.pos]
            if c == "\n" and quote == '"':
                raise self.error("newline in quoted string")
            self.pos += 1
            if c == quote:
                return "".join(out)
            if c == "\n":
                self.line += 1
            if c == "\\" and quote == '"':
                if self.pos >= len(self.text):
                    raise self.error("unterminated quoted string")
                e = self.text[self.pos]
                self.pos += 1
                if e not in _ESCAPES:
                    raise self.error(f"unsupported escape \\{e} in quoted string")
                c = _ESCAPES[e]
            out.append(c)

    def run(self) -> list[tuple[list[str], str, int]]:
        """Split the file into logical lines of tokens."""
        text = self.text
        tokens: list[str] = []
        comment = ""
        start = 1
        while self.pos < len(text):
            c = text[self.pos]
            if c == "\n":
                if tokens or comment:
                    self.lines.append((tokens, comment, start))
                tokens, comment = [], ""
                self.pos += 1
                self.line += 1
                continue
            if c in " \t\r":
                self.pos += 1
                continue
            if not tokens:
                start = self.line
            if text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                end = len(text) if end < 0 else end
                comment = text[self.pos + 2:end].strip()
                self.pos = end
                continue
            if text.startswith("/*", self.pos):
                raise self.error("go.mod files must use // comments, not /* */ comments")
            if c in "()":
                tokens.append(c)
                self.pos += 1
                continue
            if c in "\"`":
                tokens.append(self._quoted())
                continue
            begin = self.pos
            while self.pos < len(text) and text[self.pos] not in " \t\r\n()\"`" and not text.startswith("//", self.pos):
                self.pos += 1
            tokens.append(text[begin:self.pos])
        if tokens or comment:
            self.lines.append((tokens, comment, start))
        return self.lines


def parse(path: Path, text: str) -> list[Line]:
    """Directives of a go.mod, blocks flattened (each block line gets its verb prepended)."""
    out: list[Line] = []
    block: str | None = None
    for tokens, comment, number in _Lexer(path, text).run():
        if not tokens:
            continue  # a comment-only line
        if block is not None:
            if tokens == [")"]:
                block = None
                continue
            if "(" in tokens or ")" in tokens:
                raise InputError("unexpected parenthesis inside a block", path=path, line=number)
            out.append(Line([block] + tokens, comment, number))
            continue
        verb = tokens[0]
        if verb not in _VERBS:
            raise InputError(f"unknown directive: {verb}", path=path, line=number)
        if len(tokens) >= 2 and tokens[1] == "(":
            if verb not in _BLOCK_VERBS:
                raise InputError(f"{verb} does not take a block", path=path, line=number)
            rest = tokens[2:]
            if rest == [")"]:
                continue  # `require ()`
            if rest:
                raise InputError("a block must start at the end of its line", path=path, line=number)
            block = verb
            continue
        if "(" in tokens or ")" in tokens:
            raise InputError("unexpected parenthesis", path=path, line=number)
        out.append(Line(tokens, comment, number))
    if block is not None:
        raise InputError(f"unterminated {block} block", path=path, line=text.count("\n") + 1)
    return out


def osv_version(path: Path, version: str, line: int | None) -> str:
    """A module version in OSV's form: 'v1.2.3+incompatible' -> '1.2.3+incompatible'."""
    if not _SEMVER.match(version):
        raise InputError(f"invalid module version {version!r} (expected v1.2.3)", path=path, line=line)
    return version[1:]


def semver_key(version: str) -> tuple:
    """Sort key for versions without the 'v': release before its pre-releases sort lower."""
    m = _SEMVER.match("v" + version)
    if not m:
        return ((-1,), ())
    nums = tuple(int(g or 0) for g in m.group(1, 2, 3))
    pre = m.group(4)
    if pre is None:
        return (nums, (1,))
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (nums, (0,) + parts)


def _is_local(target: str) -> bool:
    return target.startswith(("./", "../", "/", ".\\", "..\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", target))


def _replacement(path: Path, line: Line) -> tuple[tuple[str, str | None], tuple[str, str]]:
    """A replace line -> ((old module, old version or None), (new module, new version))."""
    args = line.tokens[1:]
    if "=>" not in args:
        raise InputError("usage: replace module/path [v1.2.3] => other/module v1.4.5 | ./local/path", path=path, line=line.number)
    arrow = args.index("=>")
    old, new = args[:arrow], args[arrow + 1:]
    if len(old) not in (1, 2) or len(new) not in (1, 2):
        raise InputError("usage: replace module/path [v1.2.3] => other/module v1.4.5 | ./local/path", path=path, line=line.number)
    old_version = osv_version(path, old[1], line.number) if len(old) == 2 else None
    if len(new) == 1:
        if not _is_local(new[0]):
            raise InputError(f"replacement module {new[0]!r} needs a version (or a ./local path)", path=path, line=line.number)
        return (old[0], old_version), (new[0], "")
    if _is_local(new[0]):
        raise InputError("a local replacement path takes no version", path=path, line=line.number)
    return (old[0], old_version), (new[0], osv_version(path, new[1], line.number))


def _is_indirect(comment: str) -> bool:
    return comment == "indirect" or comment.startswith("indirect;")


def _go_sum(path: Path, known: set[str]) -> list[Package]:
    """Highest version of every module go.sum lists a source hash for and go.mod does not."""
    text = read_text(path)
    best: dict[str, tuple[str, int]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        fields = raw.split()
        if not fields:
            continue
        if len(fields) != 3 or not fields[1].startswith("v"):
            raise InputError("malformed go.sum line (expected: module version hash)", path=path, line=number)
        module, version = fields[0], fields[1]
        if version.endswith("/go.mod"):
            continue  # only the module's go.mod was needed, its code is not built
        version = osv_version(path, version, number)
        if module in known:
            continue
        if module not in best or semver_key(version) > semver_key(best[module][0]):
            best[module] = (version, number)
    return [Package(m, v, ECOSYSTEM, str(path), line=n, groups=("indirect",)) for m, (v, n) in best.items()]


def _needs_go_sum(go_version: str | None) -> bool:
    """Before go 1.17 go.mod lists only direct requirements; no `go` line means 1.16."""
    if go_version is None:
        return True
    parts = re.match(r"^(\d+)(?:\.(\d+))?", go_version)
    return bool(parts) and (int(parts.group(1)), int(parts.group(2) or 0)) <= (1, 16)


def go_mod(path: Path) -> list[Package]:
    text = read_text(path)
    lines = parse(path, text)
    go_version: tuple[str, int] | None = None
    toolchain: tuple[str, int] | None = None
    requires: list[tuple[str, str, Line]] = []
    replaces: dict[tuple[str, str | None], tuple[str, str]] = {}
    for line in lines:
        verb, args = line.tokens[0], line.tokens[1:]
        if verb == "go":
            if len(args) != 1 or not _GO_VERSION.match(args[0]):
                raise InputError("usage: go 1.23", path=path, line=line.number)
            go_version = (args[0], line.number)
        elif verb == "toolchain":
            if len(args) != 1:
                raise InputError("usage: toolchain go1.23.1", path=path, line=line.number)
            m = _TOOLCHAIN.match(args[0])
            if m:
                toolchain = (m.group(1), line.number)
            elif args[0] != "default":
                raise InputError(f"invalid toolchain {args[0]!r} (expected go1.23.1)", path=path, line=line.number)
        elif verb == "require":
            if len(args) != 2:
                raise InputError("usage: require module/path v1.2.3", path=path, line=line.number)
            requires.append((args[0], osv_version(path, args[1], line.number), line))
        elif verb == "replace":
            old, new = _replacement(path, line)
            replaces[old] = new
        elif verb == "module" and len(args) != 1:
            raise InputError("usage: module module/path", path=path, line=line.number)
        # exclude, retract, godebug, tool and ignore do not change what is built.

    packages: dict[tuple[str, str], Package] = {}
    for module, version, line in requires:
        name, ver = replaces.get((module, version)) or replaces.get((module, None)) or (module, version)
        groups = ("indirect",) if _is_indirect(line.comment) else ()
        packages.setdefault((name, ver), Package(name, ver, ECOSYSTEM, str(path), line=line.number, groups=groups))

    if _needs_go_sum(go_version[0] if go_version else None):
        go_sum = path.with_name("go.sum")
        if go_sum.is_file():
            known = {name for name, _ in packages}
            for p in _go_sum(go_sum, known):
                packages.setdefault((p.name, p.version), p)

    stdlib = toolchain or go_version
    if stdlib is not None:
        packages.setdefault(("stdlib", stdlib[0]), Package("stdlib", stdlib[0], ECOSYSTEM, str(path), line=stdlib[1]))
    return list(packages.values())
