"""Scraping output and scraping servers from the shell (session 23). The tables and the messages are
validate/scraping_tables.py.

- an export or a scrape's output (`out/admin_customers.csv`, `items.jsonl`, an archive of the output folder) uploaded
  by curl (`-T`, `-F f=@file`, `--data-binary @file`) or wget (`--post-file`, `--body-file`) to a bare public address
  or a drop-box service: the records leave the user's systems, blocked (`exfiltration`). The project's own bucket,
  database or API by name, and this network's addresses, stay allowed;
- a request to scrapyd's `delproject.json` or `delversion.json` on a server that is not this machine: the project (or
  a version) removed from the shared server, reviewed `irreversible`.
"""
from __future__ import annotations

import re

from .. import scraping_tables as st
from .api_calls import _READERS, remote
from .commands import Cmd

UPLOAD_KINDS = frozenset({"upload-file", "data-binary", "data", "data-ascii", "data-urlencode", "json", "form",
                           "post-file", "body-file"})
_FORM_FILE = re.compile(r"^[^=]*=\s*[@<]([^;]+)")


def uploaded(kind: str, w) -> str | None:
    """The file a body word sends (`-T f`, `--data-binary @f`, `-F file=@f`, `--post-file=f`), or None."""
    v = w.value
    if v is None:
        return None
    if kind in ("upload-file", "post-file", "body-file"):
        return v
    if kind == "form":
        m = _FORM_FILE.match(v)
        return m.group(1).strip() if m else None
    return v[1:] if v[:1] == "@" else None


def _check(a, cmd: Cmd) -> None:
    reader = _READERS.get(cmd.name)
    if reader is None:
        return
    for req in reader(cmd.args):
        for u in req.urls:
            host = remote(u)
            if not host or host == "?":
                continue
            text = u.value if u.value is not None else u.text
            m = st.SCRAPYD_DELETE.search(text)
            if m is not None:
                a.review("irreversible", st.scrapyd_message(f"{cmd.name} {text}", m.group(1), host), u.node)
                return
            if not st.stranger_sink(host):
                continue
            kinds = req.kinds or ("",) * len(req.bodies)
            for kind, w in zip(kinds, req.bodies):
                if kind not in UPLOAD_KINDS:
                    continue
                path = uploaded(kind, w)
                if path and st.data_file(path):
                    shown = f"{cmd.name} … {path} {text}"
                    a.block("exfiltration", st.upload_message(shown if len(shown) <= 100 else shown[:97] + "…",
                                                              path, host), w.node)
                    return


HANDLERS: dict = {"curl": [_check], "wget": [_check]}


def _screen(text: str) -> bool:
    """What _check reads: a scrapyd delete, or a file sent (`-T`, `@`, `--post-file`, `--body-file`) to an address
    written as digits or a drop-box service."""
    if "delproject" in text or "delversion" in text:
        return True
    if not ("-T" in text or "@" in text or "upload-file" in text or "post-file" in text or "body-file" in text):
        return False
    return _FAR.search(text) is not None


_FAR = re.compile(r"//\[?[0-9a-fA-F:.]*\d\.\d|//\[[0-9a-fA-F:]+\]|" +
                  "|".join(re.escape(d) for d in st._DROP_SITES))
SCREENS: dict = {"curl": _screen, "wget": _screen}
