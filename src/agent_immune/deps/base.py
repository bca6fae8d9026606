"""Values and helpers shared by every extractor.

An extractor is a function `extract(path: Path) -> list[Package]`. It reads the file
itself (siblings too, such as `-r` includes, go.sum or a parent pom.xml), and raises
InputError naming the file and line for anything it cannot make sense of.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

# Lockfiles of a few hundred MB exist in monorepos; past this we refuse rather than
# exhaust memory of the agent's host.
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Package:
    """One dependency as a manifest or lockfile declares it.

    version: the exact version in OSV's convention for the ecosystem (Go without the
             leading "v"), or "" when the file does not pin one.
    spec:    the declared requirement when it is not an exact pin (">=1.0,<2", "^1.2.3",
             "~> 2.0"), for the scan's range rule; None for lockfile entries.
    """

    name: str
    version: str
    ecosystem: str
    source: str
    spec: str | None = None
    line: int | None = None
    commit: str | None = None
    groups: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        out: dict = {"name": self.name, "version": self.version, "ecosystem": self.ecosystem, "source": self.source}
        if self.spec is not None:
            out["spec"] = self.spec
        if self.line is not None:
            out["line"] = self.line
        if self.commit is not None:
            out["commit"] = self.commit
        if self.groups:
            out["groups"] = list(self.groups)
        return out


@dataclass(frozen=True)
class Manifest:
    """One file that was read, with what it yielded."""

    path: str
    kind: str  # the registry name it was parsed as, e.g. "package-lock.json"
    packages: tuple[Package, ...]
    superseded: tuple[str, ...] = ()  # manifests whose ranges this lockfile replaced


def read_bytes(path: Path) -> bytes:
    """Read a whole input file, turning every OS-level problem into one InputError."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is too large ({size} bytes, limit {MAX_BYTES})", path=path)
        return path.read_bytes()
    except InputError:
        raise
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None


def read_text(path: Path) -> str:
    """UTF-8 text (a BOM is allowed); binary junk is refused with a clear message."""
    data = read_bytes(path)
    if b"\x00" in data[:8192]:
        raise InputError("binary data, not a text manifest", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # what the utf-8-sig codec does, without importing it (start-up time)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start})", path=path, line=line) from None


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


# Patterns used only on error paths stay strings (re caches them when used): compiling
# at import would be start-up time of every command.
_TOML_POS = r"\s*\(at line (\d+), column \d+\)"


def parse_json(text: str, path: Path) -> Any:
    """json.loads, with a syntax error turned into an InputError naming the line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=path, line=exc.lineno) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path=path) from None


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """tomllib.loads, with a syntax error turned into an InputError naming the line."""
    import tomllib  # TOML manifests only; the parser compiles regexes at import (start-up time)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(_TOML_POS, msg)
        raise InputError(f"invalid TOML: {re.sub(_TOML_POS, '', msg).strip()}", path=path,
                         line=int(m.group(1)) if m else None) from None
    except (ValueError, RecursionError) as exc:  # nesting deeper than the parser's stack
        raise InputError(f"invalid TOML: {type(exc).__name__}", path=path) from None
