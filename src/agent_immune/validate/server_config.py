"""A server's own configuration written from the shell (session 23): a mail server's, a name server's, a forge's or a
registry's, a media worker's. Such a file is read by a daemon from its next reload on, so what is written into it
(a relay opened, a zone handed out, an upstream repointed, a hook that runs a command) acts as a command would.

Each area keeps its own readers (mail_tables, dns_tables, forge_config, media_tables; since session 24 also a content
site's files, site_content, a desktop app's build and update settings, desktop_tables, and a developer environment's,
devenv_tables); this module only finds which one a path belongs to, for bash/written.py (here-documents, `tee`,
redirects, `sed -i`) and, for the last three, common_code.judge_written (files code writes).
"""
from __future__ import annotations

import re

from . import desktop_tables, devenv_tables, dns_tables, docsites_tables, forge_config, frameworks_tables, \
    mail_tables, media_tables, site_content, testing_tables

_AREAS = (mail_tables, dns_tables, forge_config, media_tables, site_content, desktop_tables, devenv_tables,
          frameworks_tables, testing_tables, docsites_tables)
# the areas whose readers also take a file written from code (they report through `block` and `review` alone)
_CODE_AREAS = (site_content, desktop_tables, devenv_tables, frameworks_tables, testing_tables, docsites_tables)
# (session 27) second readers of files another area owns: a web server's rules, whose proxies docsites_tables reads
_ALSO = (docsites_tables,)
# (session 31) Moodle's config.php (a PHP file, site_content's) and an LTI tool's verifying code, lms_tables reads
from . import lms_tables  # noqa: E402

_ALSO += (lms_tables,)
# (session 32) a media server's settings: mediamtx's, SRS's, Wowza's administrators (streaming_tables)
from . import streaming_tables  # noqa: E402

_AREAS += (streaming_tables,)
# (session 32) a game server's settings, ban lists, operators and admins, LinuxGSM's sources, an editor script's
# commands (games_tables); code writes them too (`writeFile("…/banned-players.json", "[]")`)
from . import games_tables  # noqa: E402

_AREAS += (games_tables,)
_CODE_AREAS += (games_tables,)
TARGET = "|".join(f"(?:{m.CONFIG_TARGET})" for m in _AREAS)
# (session 27: a web server's rules where no area's own path reaches them: `nginx/conf.d/docs.conf`, `apache/x.conf`)
TARGET += f"|(?:{docsites_tables.ALSO_TARGET})"
_NAMED = re.compile(TARGET)


def kind(path: str):
    """The area module whose configuration `path` is, or None."""
    if _NAMED.search(path) is None:
        return None
    return next((m for m in _AREAS if m.config_kind(path)), None)


def judge(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` by its area's reader; True when a finding was reported."""
    m = kind(path)
    found = m is not None and m.judge_config(a, path, text, node)
    return _also(a, path, text, node) or found


def _also(a, path: str, text: str, node) -> bool:
    """The second readers, each of them whatever the first reader found (session 27: a review there masked a block
    here)."""
    return any([x.judge_also(a, path, text, node) for x in _ALSO])


def judge_code(a, path: str, text: str, node) -> bool:
    """judge, for a file code writes: only the areas whose readers take code's writes (session 24)."""
    m = kind(path)
    found = m is not None and m in _CODE_AREAS and m.judge_config(a, path, text, node)
    return _also(a, path, text, node) or found


def code_kind(path: str) -> bool:
    """Is `path` a file one of the readers that take code's writes judges (the site's, a desktop app's, a dev
    environment's)?"""
    return kind(path) in _CODE_AREAS
