"""requirements.txt and the PEP 508 requirement strings of the Python family.

pip's requirements format is a superset of PEP 508 (options, includes, `${VAR}`,
continuation lines) and real files are sloppy, so `packaging` alone would refuse too
much. The rules here follow pip's line preprocessing (join continuations, strip
comments, expand variables) and then read each requirement loosely: a line we cannot
make sense of is skipped, as pip's resolver would refuse it anyway, rather than
failing the whole scan. Only I/O problems and missing `-r` includes are errors.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .base import Package, read_text

ECOSYSTEM = "PyPI"

# pip: COMMENT_RE in req_file.py; a '#' only starts a comment at the line start or after
# whitespace, so `--hash=sha256:x;#` keeps its '#'.
_COMMENT = re.compile(r"(^|\s+)#.*$")
# pip expands only upper-case POSIX names in this exact form.
_ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")
# Per-requirement options end the requirement; they must follow whitespace, so the name
# `foo17--hash` and the `-C` inside `foo18-Client` stay part of the requirement.
_PER_REQ_OPTION = re.compile(r"(?:^|\s)(?:--hash|--global-option|--install-option|--config-settings|-C)(?=[=\s]|$)")
# PEP 508 name (case-insensitive), then optional extras.
_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*")
_CLAUSE = re.compile(r"\s*(===|==|~=|!=|<=|>=|<|>)\s*(.*?)\s*$", re.S)
_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=-[rc]))(\S.*)$")
_VCS_COMMIT = re.compile(r"^(?:git|hg|bzr|svn)\+\S*?@([0-9a-fA-F]{40})(?:[#?]|$)")
_MAX_INCLUDE_DEPTH = 64


@dataclass(frozen=True)
class Requirement:
    """What one requirement string says, in the shape Package wants."""

    name: str
    version: str
    spec: str | None
    commit: str | None = None


def parse_requirement(text: str) -> Requirement | None:
    """Read one requirement loosely; None when it names no PyPI package we can report.

    Exact pins (a single `==` or `===` clause without a wildcard) give `version`; every
    other specifier is kept whole in `spec` with `version` "". `===` pins also keep
    their spec so a matcher can tell arbitrary (string) equality from `==`.
    """
    m = _NAME.match(text)
    if m is None:
        return None
    name, rest = m.group(1), text[m.end():]
    if rest.startswith("@"):
        # A direct reference is not a PyPI release; only a VCS URL pinned to a full
        # commit says something a scanner can check.
        url = rest[1:].split(";", 1)[0].strip()
        cm = _VCS_COMMIT.match(url)
        return Requirement(name, "", None, cm.group(1).lower()) if cm else None
    rest = rest.split(";", 1)[0].strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    if not rest:
        return Requirement(name, "", None)
    clauses = []
    for part in rest.split(","):
        cm = _CLAUSE.match(part)
        # An empty clause (`asdf==`), a bare word (`asdf 1.0`) or a still-literal
        # ${VAR} leave no version pip could install: not a requirement we can report.
        if cm is None or not cm.group(2) or "${" in cm.group(2):
            return None
        clauses.append((cm.group(1), cm.group(2)))
    if len(clauses) == 1 and clauses[0][0] in ("==", "===") and "*" not in clauses[0][1]:
        op, version = clauses[0]
        return Requirement(name, version, op + version if op == "===" else None)
    return Requirement(name, "", ",".join(op + v for op, v in clauses))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """pip's join_lines + ignore_comments: (first physical line, content) pairs."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        is_comment = _COMMENT.match(line) is not None
        if line.endswith("\\") and not is_comment:
            if not pending:
                start = number
            pending.append(line[:-1])
            continue
        if pending:
            # A comment line ends a continuation; the leading space keeps it a comment.
            pending.append(" " + line if is_comment else line)
            out.append((start, "".join(pending)))
            pending = []
        else:
            out.append((number, line))
    if pending:  # a trailing backslash on the last line
        out.append((start, "".join(pending)))
    cleaned = []
    for number, line in out:
        line = _COMMENT.sub("", line).strip()
        if line:
            cleaned.append((number, line))
    return cleaned


def _expand_env(line: str) -> str:
    # As pip does: a set variable is substituted, an unset one stays literal.
    return _ENV_VAR.sub(lambda m: os.environ.get(m.group(1), m.group(0)), line)


class _Reader:
    """Walks one requirements file and its includes, each file at most once."""

    def __init__(self) -> None:
        self.seen: set[Path] = set()
        self.packages: list[Package] = []

    def read(self, path: Path, constraints: bool, depth: int) -> None:
        self.seen.add(_key(path))
        text = read_text(path)
        for number, line in _logical_lines(text):
            line = _expand_env(line)
            if line.startswith("-"):
                self._option(path, number, line, constraints, depth)
                continue
            opt = _PER_REQ_OPTION.search(line)
            req = parse_requirement(line[: opt.start()] if opt else line)
            if req is None:
                continue
            self.packages.append(Package(
                name=req.name, version=req.version, ecosystem=ECOSYSTEM, source=str(path),
                spec=req.spec, line=number, commit=req.commit,
                groups=("constraints",) if constraints else (),
            ))

    def _option(self, path: Path, number: int, line: str, constraints: bool, depth: int) -> None:
        m = _INCLUDE.match(line)
        if m is None:
            return  # global options (-i, -f, --pre, ...) and -e editables name no release
        target_text = m.group(2).strip()
        if "://" in target_text:
            return  # a remote include would need the network; we stay local
        target = (path.parent / target_text) if not os.path.isabs(target_text) else Path(target_text)
        is_constraint = m.group(1) in ("-c", "--constraint")
        if not target.is_file():
            if is_constraint:
                # A constraints file adds no dependencies; without it the requirements
                # keep their declared ranges, which the scan treats conservatively.
                return
            raise InputError(f"included requirements file {target_text!r} not found", path=path, line=number)
        if _key(target) in self.seen:
            return
        if depth >= _MAX_INCLUDE_DEPTH:
            raise InputError(f"requirements includes nested deeper than {_MAX_INCLUDE_DEPTH}", path=path, line=number)
        self.read(target, constraints or is_constraint, depth + 1)


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def requirements_txt(path: Path) -> list[Package]:
    reader = _Reader()
    reader.read(path, constraints=False, depth=0)
    return reader.packages
