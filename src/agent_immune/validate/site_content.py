"""What is written into a content site's files (session 24): PHP in an uploads folder or a must-use plugin, a
theme's templates and partials, `.htaccess`, a host's `_redirects`, a site's web-server rules. Such a file is served or
run on every request, so what is written into it acts on every visitor.

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


def injected_markup(text: str) -> str | None:
    """What in `text` (HTML, PHP or JavaScript a page will serve: a template, a site-wide header option, a CMS's code
    injection setting) sends visitors, or what they type, to an outsider: a script loaded from an outside host, hidden
    links, a redirect; a short description for a message, or None. (Shared with bash/python/js cms.py, which find such
    text in `wp option update`, SQL updates and CMS APIs.)"""
    return None
