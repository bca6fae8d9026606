"""Forges' and registries' administration APIs called from the shell (`curl` to GitLab, Gitea/Forgejo, Nexus, Harbor,
Artifactory) (session 23). The requests are read as bash/api_calls.py reads them (curl, wget, HTTPie, xh, curlie);
what each call does is validate/forge_tables.py's: a mirror or webhook to an outside host, a writable deploy key or an
outsider's SSH key, an administrator made, a token minted for another user, a Groovy script stored or run, a project
made public in a loop, a proxy repointed, a Harbor project's signature and vulnerability policies turned off, garbage
collection started. A request to this machine, and every read, is left alone."""
from __future__ import annotations

from .. import forge_tables
from .commands import Cmd
from .words import Word

_LOOPS = frozenset({"for_statement", "while_statement", "c_style_for_statement", "until_statement"})
_FILE_KINDS = frozenset({"data", "data-ascii", "data-binary", "json", "upload-file", "body-file", "post-file"})


def _body(a, cmd: Cmd, tool: str, req) -> str:
    """The request's body as sent: inline words (a computed one as written, `$(jq -n '{…}')` shows its fields), a file
    an earlier command of this input wrote (`-d @s.json`), standard input (`-d @-`)."""
    from .api_calls import _file, fed_text

    kinds = req.kinds or ("",) * len(req.bodies)
    parts: list[str] = []
    for kind, w in zip(kinds, req.bodies):
        v = w.value
        if v is not None and kind in _FILE_KINDS and (v[:1] == "@" or kind in ("upload-file", "body-file",
                                                                               "post-file")):
            path = v[1:] if v[:1] == "@" else v
            got = fed_text(a, cmd) if path in ("-", ".") else _file(a, path)
            parts.append(got or "")
        else:
            parts.append(v if v is not None else w.text)
    return "&".join(parts)


def _bulk(cmd: Cmd) -> bool:
    """Sent once per item of a loop, or for each line `xargs` reads."""
    if cmd.xargs_opts is not None:
        return True
    up = cmd.node.parent
    while up is not None:
        if up.type in _LOOPS:
            return True
        up = up.parent
    return False


def _check(a, cmd: Cmd) -> None:
    from .api_calls import _READERS, _shown, _url_text

    tool = cmd.name
    requests = _READERS[tool](cmd.args)
    if not requests:
        return
    text = a.doc.data.decode("utf-8", "replace")
    for req in requests:
        method = (req.method.value or "").upper() if req.method is not None and req.method.value else \
            req.method.text.upper().strip("'\"") if req.method is not None else req.default
        body = None
        for url in req.urls:
            u = _url_text(a, url).replace('"', "").replace("'", "")
            if not any(h in u for h in forge_tables.API_HINTS):
                continue
            if body is None:
                body = _body(a, cmd, tool, req)
            shown = _shown(tool, req, Word(url.node, u, u))
            found = forge_tables.judge(u, method, body, shown=shown, text=text, bulk=_bulk(cmd))
            if found is not None:
                (a.block if found.verdict == "block" else a.review)(found.rule, found.message, url.node)
                return


HANDLERS: dict = {n: [_check] for n in ("curl", "wget", "http", "https", "xh", "xhs", "curlie")}


def _screen(text: str) -> bool:
    return any(h in text for h in forge_tables.API_HINTS)


# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = dict.fromkeys(HANDLERS, _screen)
