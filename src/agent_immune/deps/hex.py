"""Hex (Elixir/Erlang): mix.lock.

A mix.lock is an Elixir map literal: `%{"name": {:hex, :name, "1.2.3", ...}, ...}`.
It is parsed as data by a small reader for Elixir literals (maps, tuples, lists,
keyword lists, strings, atoms, numbers), never evaluated. `:hex` entries are reported
under their Hex package name (the second element, which differs from the key for a
renamed dependency); `:git` entries under their key with the locked commit.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

from ..errors import InputError
from .base import Package, line_of, read_text

ECOSYSTEM = "Hex"
_MAX_DEPTH = 64
_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\n,]+|\#[^\n]*)
  | (?P<open>%\{|[{\[])
  | (?P<close>[}\]])
  | (?P<arrow>=>)
  | (?P<string>"[^"\\]*(?:\\.[^"\\]*)*")(?P<strkey>:(?=[\s]))?
  | (?P<atom>:(?:"[^"\\]*(?:\\.[^"\\]*)*"|[A-Za-z_][A-Za-z0-9_@]*[?!]?|[-+*/<>=!&|.]+))
  | (?P<key>[A-Za-z_][A-Za-z0-9_@]*[?!]?:)(?=\s)
  | (?P<word>[A-Za-z_][A-Za-z0-9_@.]*[?!]?)
  | (?P<number>[-+]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?)
  | (?P<bad>.)
""", re.VERBOSE | re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "e": "\x1b", "s": " ", "0": "\0", "#": "#"}


@dataclass(frozen=True)
class Atom:
    name: str


class _Tok(NamedTuple):
    kind: str
    value: str
    offset: int


def _unquote(s: str) -> str:
    body = s[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body, flags=re.DOTALL)


def _tokens(path: Path, text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "bad":
            raise InputError(f"unexpected {m.group()!r} in mix.lock", path=path, line=line_of(text, m.start()))
        if kind == "strkey":
            kind = "key"
            value = _unquote(m.group("string")) + ":"
        else:
            value = m.group(kind)
        if kind == "string" and "#{" in value:
            raise InputError("string interpolation is not allowed in mix.lock", path=path, line=line_of(text, m.start()))
        out.append(_Tok(kind, value, m.start()))
    return out


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path, self.tokens, self.i = path, _tokens(path, text), 0
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, tok: _Tok) -> int:
        return bisect.bisect_left(self._newlines, tok.offset) + 1

    def error(self, msg: str) -> InputError:
        tok = self.tokens[min(self.i, len(self.tokens) - 1)] if self.tokens else None
        return InputError(msg, path=self.path, line=self.line(tok) if tok else None)

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next(self) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise self.error("unexpected end of mix.lock")
        self.i += 1
        return tok

    def value(self, depth: int = 0):
        if depth > _MAX_DEPTH:
            raise self.error("mix.lock is nested too deeply")
        tok = self.next()
        if tok.kind == "string":
            return _unquote(tok.value)
        if tok.kind == "atom":
            name = tok.value[1:]
            return Atom(_unquote(name) if name.startswith('"') else name)
        if tok.kind == "number":
            digits = tok.value.replace("_", "")
            return float(digits) if any(c in digits for c in ".eE") else int(digits)
        if tok.kind == "word":
            return {"true": True, "false": False, "nil": None}.get(tok.value, Atom(tok.value))
        if tok.kind == "open":
            closer = "]" if tok.value == "[" else "}"
            items = self.items(closer, depth, is_map=tok.value == "%{")
            return tuple(items) if tok.value == "{" else items
        raise self.error(f"unexpected {tok.value!r}")

    def items(self, closer: str, depth: int, is_map: bool) -> list | dict:
        """Elements up to closer. A map (or a keyword list) gives (key, value, line) pairs."""
        elements: list = []
        pairs: list[tuple[object, object, int]] = []
        while True:
            tok = self.peek()
            if tok is None:
                raise self.error(f"missing {closer!r}")
            if tok.kind == "close":
                if tok.value != closer:
                    raise self.error(f"expected {closer!r}, found {tok.value!r}")
                self.i += 1
                break
            if tok.kind == "key":
                self.i += 1
                pairs.append((tok.value[:-1], self.value(depth + 1), self.line(tok)))
                continue
            item = self.value(depth + 1)
            nxt = self.peek()
            if nxt is not None and nxt.kind == "arrow":
                self.i += 1
                pairs.append((item, self.value(depth + 1), self.line(tok)))
            elif is_map:
                raise self.error("a map entry needs `key => value` or `key: value`")
            else:
                elements.append(item)
        if is_map:
            return {"__pairs__": pairs}
        return elements + [(k, v) for k, v, _ in pairs]


def parse_lock(path: Path, text: str) -> list[tuple[str, object, int]]:
    """The top-level map of a mix.lock as (key, value, line) entries."""
    reader = _Reader(path, text)
    if reader.peek() is None:
        return []
    top = reader.value()
    if reader.peek() is not None:
        raise reader.error("unexpected text after the mix.lock map")
    if not isinstance(top, dict):
        raise InputError("mix.lock must be a map %{...}", path=path, line=1)
    return top["__pairs__"]


def mix_lock(path: Path) -> list[Package]:
    text = read_text(path)
    packages = []
    for key, value, line in parse_lock(path, text):
        if not isinstance(value, tuple) or not value or not isinstance(value[0], Atom):
            raise InputError(f"entry {key!r} is not a {{:scm, ...}} tuple", path=path, line=line)
        scm = value[0].name
        if scm == "hex":
            if len(value) < 3 or not isinstance(value[1], Atom) or not isinstance(value[2], str):
                raise InputError(f"hex entry {key!r} lacks a package name and version", path=path, line=line)
            packages.append(Package(value[1].name, value[2], ECOSYSTEM, str(path), line=line))
        elif scm == "git":
            if len(value) < 3 or not isinstance(value[2], str):
                raise InputError(f"git entry {key!r} lacks a commit", path=path, line=line)
            packages.append(Package(str(key), "", ECOSYSTEM, str(path), line=line, commit=value[2]))
        # other SCMs (path deps never appear; custom SCMs have nothing to match on)
    return packages
