"""A developer environment's configuration (session 24): Nix's settings, version managers' settings and hooks, a dev
container's settings, a dotfiles manager's files.

Written from the shell (here-document, `tee`, `echo`, a redirect, `sed -i`), through server_config.py; written from
Python or TypeScript (a literal, or text the code builds), through common_code.judge_written.
"""
from __future__ import annotations

# the paths this module reads, as a regex source searched in a command's text (a fast-path screen: keep it specific)
CONFIG_TARGET = r"(?!x)x"


def config_kind(path: str) -> bool:
    """Whether `path` is a file this module judges the written text of."""
    return False


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` (for a `sed -i` edit, the edit's words joined by new lines); True when a finding
    was reported. `a` has only `block(rule, message, node)` and `review(rule, message, node)` when the writer is code."""
    return False
