"""JSON with comments and trailing commas (JSONC), as bun.lock and VS Code's files are written: one
reading for the dependency files (deps/npm.py) and the editor files the validator reads
(validate/run_later.py).
"""
from __future__ import annotations

import re

# Strings are matched first so that "//" or "/*" inside a string is left alone.
# Strings, compiled by re on first use (bun.lock only): not at import, which every scan pays.
_COMMENT = r'("(?:[^"\\\n]|\\.)*")|//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)'
_TRAILING_COMMA = r'("(?:[^"\\\n]|\\.)*")|,(?=\s*[\]}])'


def _blank_comment(m: re.Match) -> str:
    if m.group(1) is not None:
        return m.group(1)
    return "\n" * m.group(0).count("\n")  # keep line numbers right for error messages


def jsonc_to_json(text: str) -> str:
    """Strip // and /* */ comments and trailing commas outside strings."""
    if "/" in text:
        text = re.sub(_COMMENT, _blank_comment, text)
    return re.sub(_TRAILING_COMMA, lambda m: m.group(1) or "", text)
