"""Tables and judgements shared by the shell and code rules (session 23); and the configuration files of
media tools and workers (ImageMagick policy.xml, watch-folder workers' hooks) written from the shell, judged through server_config.py.
"""
from __future__ import annotations

# a regular expression (source text) that finds this area's configuration files' paths in a command (a screen: it is
# taken into bash/written.CODE_TARGET, which the fast path searches commands for); it never matches until filled
CONFIG_TARGET = r"(?!x)x"


def config_kind(path: str) -> bool:
    """Whether `path` is a configuration file this area judges the written text of."""
    return False


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to the configuration file `path` (a here-document, `tee`, `echo`, a redirect, or the
    expression of a `sed -i`/`perl -pi` edit of it); True when a finding was reported."""
    return False
