"""PowerShell code with its constant strings put together: `'System.Management.Automation.A' + 'msi' + 'Utils'`,
`('am','siIn','itFailed') -join ''`, `'{0}{1}' -f 'i','ex'` and a variable assigned such a constant once
(`$a = 'Amsi' + 'Utils'; …GetType($a)`) read as the one string they make, so a name split into pieces to slip past
the rules is matched as the name it is. Text only: what a string is used for is the rules' business."""
from __future__ import annotations

import re

_SQ = r"'(?:[^']|'')*'"
_DQ = r'"[^"$`]*"'  # a double-quoted string with nothing expanded in it
_STR = rf"(?:{_SQ}|{_DQ})"
# a first operand never starts right after a quote (`''` is one, escaped): tried there, each quote of a run read on
_STR1 = rf"(?:(?<!'){_SQ}|{_DQ})"
_CONCAT = re.compile(rf"({_STR1})\s*\+\s*({_STR})")
_PAREN = re.compile(rf"\(\s*({_STR})\s*\)")
_JOIN = re.compile(rf"\(\s*({_STR}(?:\s*,\s*{_STR})+)\s*\)\s*-join\s*({_STR})", re.IGNORECASE)
_FORMAT = re.compile(rf"({_STR1})\s*-f\s*({_STR}(?:\s*,\s*{_STR})*)", re.IGNORECASE)
_ASSIGN = re.compile(rf"(?m)(?:^|[;{{(]\s*)\$(\w+)\s*=\s*({_STR})\s*(?=;|$|\}}|\))")
_ANY_ASSIGN = re.compile(r"\$(\w+)\s*=(?!=)")


def _value(tok: str) -> str:
    return tok[1:-1].replace("''", "'") if tok[0] == "'" else tok[1:-1]


def _quote(v: str) -> str:
    return "'" + v.replace("'", "''") + "'"


def _items(text: str) -> list[str]:
    return [_value(m.group(0)) for m in re.finditer(_STR, text)]


def _pass(code: str) -> str:
    for _ in range(32):
        new = _CONCAT.sub(lambda m: _quote(_value(m.group(1)) + _value(m.group(2))), code)
        new = _JOIN.sub(lambda m: _quote(_value(m.group(2)).join(_items(m.group(1)))), new)
        new = _FORMAT.sub(_format, new)
        new = _PAREN.sub(lambda m: m.group(1), new) if new != code else new
        if new == code:
            return code
        code = new
    return code


def _format(m: re.Match) -> str:
    args = _items(m.group(2))
    try:
        return _quote(re.sub(r"\{(\d+)\}", lambda x: args[int(x.group(1))], _value(m.group(1))))
    except IndexError:
        return m.group(0)


def fold(code: str) -> str:
    """The code with its constant string expressions joined and the variables assigned one (once) put in place; the
    same text when there is nothing to fold (the usual case, and a cheap one: no `+`, `-join`, `-f`, no `=`)."""
    if not re.search(r"['\"]\s*\+|-join\b|-f\b|\$\w+\s*=", code, re.IGNORECASE):
        return code
    out = _pass(code)
    counts: dict[str, int] = {}
    for m in _ANY_ASSIGN.finditer(out):
        counts[m.group(1).lower()] = counts.get(m.group(1).lower(), 0) + 1
    consts = {m.group(1).lower(): m.group(2) for m in _ASSIGN.finditer(out) if counts.get(m.group(1).lower()) == 1}
    if consts:
        def use(m: re.Match) -> str:
            got = consts.get(m.group(1).lower())
            after = out[m.end():m.end() + 3]
            return m.group(0) if got is None or re.match(r"\s*=(?!=)", after) else got

        out = _pass(re.sub(r"\$(\w+)\b(?!:)", use, out))
    return out
