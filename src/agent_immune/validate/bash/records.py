"""Customers' records (a CRM's or helpdesk's contacts, leads, tickets, users) taken out of their service and sent elsewhere, from the shell (session 24).

The tables and whose a host is: validate/records_tables.py. Here:

- a file an export of people wrote (`sf data export bulk --query "SELECT … FROM Contact" --output-file /tmp/c.csv`,
  `sf data query … > leads.csv`), also compressed after (`/tmp/c.csv.gz`), uploaded by curl/wget/HTTPie to an
  outsider's host: blocked (`exfiltration`);
- a variable given such a query's output (`payload=$(sf data query …)`) sent in a request's body to an outsider,
  also when the URL is put together from variables: blocked;
- a helpdesk's message endpoint called in a loop over its customers with text that lures them to sign in or pay at an
  outsider's page: blocked (`phishing`);
- `tar czf - -C "$HOME" .sfdx .sf | curl …`: credential folders named relative to the folder tar changes into,
  archived into a program that sends them off: blocked.
"""
from __future__ import annotations

import re

from .. import paths
from .. import records_tables as rt
from ..per_input import in_input
from .commands import Cmd
from .mail import loop_of
from .common import input_text

_COMPRESSED = re.compile(r"\.(?:gz|bz2|xz|zst|zip|tgz|7z)$")
_VAR = re.compile(r"\$\{?([A-Za-z_]\w*)")
_HOME = frozenset({"$HOME", "${HOME}", "~", "$HOME/", "~/"})


def _src(a, node) -> str:
    return a.doc.data[node.start_byte:node.end_byte].decode("utf-8", "replace")


# -- requests ---------------------------------------------------------------------------------------------------------
def _sent(a, cmd: Cmd) -> None:
    from .api_calls import remote
    from .net import http_requests

    if not in_input(rt.HINT, a.doc.data):
        return  # (every rule below is about a CRM's or helpdesk's records)
    reader = http_requests(cmd.name)
    if reader is None:
        return
    text = input_text(a)
    for req in reader(cmd.args):
        for u in req.urls:
            host = remote(u)
            if host == "?":
                host = _resolved_host(a, u)
            if not host:
                continue
            shown = f"{cmd.name} {u.value or u.text}"[:80]
            if _phishing(a, cmd, req, u, shown, text):
                return
            if req.bodies and rt.HOOK_PATH.search(u.value or u.text) and not rt.outside(host, text):
                target = rt.hook_target(" ".join(w.value or w.text for w in req.bodies), text)
                if target:
                    a.block("exfiltration", rt.hook_message(shown, target), u.node)
                    return
            if not req.bodies or not rt.outside(host, text):
                continue
            for kind, w in zip(req.kinds or ("",) * len(req.bodies), req.bodies):
                said = _records_var(a, w) or _records_file(a, cmd, kind, w)
                if said:
                    a.block("exfiltration", rt.sent_message(shown, said, host), w.node)
                    return


def _resolved_host(a, u) -> str | None:
    """The host of a URL word made of variables the script gave literal values (`dst="https://${h}.${d}.${t}/x"`
    after `h=leads; d=crm-backup; t=io`), or None."""
    from ..hosts import url_host

    text = u.text.strip("\"'")
    for _ in range(3):
        names = _VAR.findall(text)
        if not names:
            break
        for n in dict.fromkeys(names):
            v = _literal_value(a, n, u.node.start_byte)
            if v is None:
                return None
            text = re.sub(r"\$\{" + n + r"\}|\$" + n + r"(?!\w)", lambda _m: v, text)
    if "$" in text:
        return None
    host = url_host(text) if "//" in text else None
    return host


def _literal_value(a, name: str, before: int) -> str | None:
    """The value last given to `name` before `before` by an assignment (quoted or not, variables kept as written)."""
    last = None
    for m in re.finditer(rb"(?<![\w$])" + re.escape(name.encode()) + rb"=(\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|]*)",
                         a.doc.data[:before]):
        last = m
    if last is None:
        return None
    v = last.group(1).decode("utf-8", "replace")
    if v[:1] == "'":
        return v[1:-1]
    v = v.strip('"')
    return None if "$(" in v or "`" in v else v


def _assigned_substs(a, name: str, before: int, near) -> list[list[Cmd]]:
    """The commands of every substitution in the value last given to `name` before `before`
    (`payload="$(sf data query …)"`), as net.assigned_substs reads one assignment."""
    from .net import assigned_substs

    last = None
    for m in re.finditer(rb"(?<![\w$])" + re.escape(name.encode()) + rb"=\"?(?=\$\(|`)", a.doc.data[:before]):
        last = m
    return assigned_substs(a, near, last.start(), last.end()) if last is not None else []


def _records_var(a, w) -> str | None:
    """What of the customer base a body word's variable holds (`payload=$(sf data query -q "SELECT … FROM Lead")`)."""
    if w.value is not None or "$" not in w.text:
        return None
    for name in dict.fromkeys(_VAR.findall(w.text)):
        for cmds in _assigned_substs(a, name, w.node.start_byte, w.node):
            for c in cmds:
                said = rt.records_read(_src(a, c.node))
                if said:
                    return said
    return None


_UPLOAD = re.compile(r"^[^=]*=\s*[@<]([^;]+)|^@(.+)$")


def _records_file(a, cmd: Cmd, kind: str, w) -> str | None:
    """What of the customer base the file a body word uploads holds (written earlier by an export, as it is or
    compressed)."""
    v = w.value if w.value is not None else w.text.strip("\"'")
    if kind in ("upload-file", "post-file", "body-file"):
        path = v
    else:
        m = _UPLOAD.match(v or "")
        path = (m.group(1) or m.group(2)).strip() if m else None
    if not path or path == "-":
        return None
    plain = _COMPRESSED.sub("", path)
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.node.start_byte >= cmd.node.start_byte or c.name not in ("sf", "sfdx"):
            continue
        written = _export_file(a, c)
        if written and paths.normalize(written) in (paths.normalize(path), paths.normalize(plain)):
            said = rt.records_read(_src(a, c.node))
            if said:
                return f"{path}, {said}"
    return None


def _export_file(a, c: Cmd) -> str | None:
    """The file `sf data export|query` writes (`--output-file F`, `-f F`, `> F`)."""
    from .commands import option_value
    from .net import _stdout_file

    out = option_value(c.args, "--output-file", "-f", "--file")
    if out and out[-1].value:
        return out[-1].value
    return _stdout_file(a, c.redirects) if c.redirects else None


def _phishing(a, cmd: Cmd, req, u, shown: str, text: str) -> bool:
    url = u.value or u.text
    loop = loop_of(cmd)
    if loop is None or not rt.SEND_PATH.search(url) or not rt.records_read(text):
        return False
    body = " ".join(w.value or w.text for w in req.bodies)
    found = rt.lure(body)
    if found:
        a.block("phishing", rt.phishing_message(shown, found), cmd.node)
        return True
    return False


# -- credential folders named under the folder tar changes into -----------------------------------------------------
_TAR_ARG = frozenset({"-f", "--file", "-C", "--directory", "-T", "--files-from", "-X", "--exclude-from", "-I",
                      "--use-compress-program", "-b", "-H", "--format", "--exclude", "--transform"})


def _tar_home(a, cmd: Cmd) -> None:
    from .commands import option_value, positionals

    into = option_value(cmd.args, "-C", "--directory")
    if not into:
        return
    base = into[0].value if into[0].value is not None else into[0].text.strip("\"'")
    base = "~" if base in _HOME else base
    if not base or "$" in base:
        return
    found = None
    for w in positionals(cmd.args, _TAR_ARG):
        v = w.value
        if not v or v.startswith(("-", "/")):
            continue
        joined = paths.join(base, v)
        if paths.credential_folder(joined) or paths.held_secret(joined) or paths.is_secret(joined):
            found = joined
            break
    if found is None:
        return
    from .mail import _sent_on

    sent = _sent_on(a, cmd)  # (a later stage of the pipeline sends what it reads to an outsider)
    if sent:
        a.block("exfiltration", f"`{cmd.name}` archives {found}, a folder holding a tool's credentials, and the "
                                f"archive is piped to `{sent[0]}`, which sends it to {sent[1]}; never send credentials "
                                "off the machine", cmd.node)


HANDLERS: dict = {"curl": [_sent], "wget": [_sent], "http": [_sent], "https": [_sent], "xh": [_sent],
                  **{n: [_tar_home] for n in ("tar", "gtar", "bsdtar")}}


_SCREEN_SENT = re.compile(r"\$|@|(?:^|\s)-T|--upload-file|--post-file|--body-file|webhooks|/messages|/tickets")


def _screen_sent(text: str) -> bool:
    """What _sent reads: a variable or a file in the request (`-d "$payload"`, `-F f=@c.csv`, `-T c.csv`), a
    helpdesk's webhook or message endpoint."""
    return _SCREEN_SENT.search(text) is not None or rt.HINT.search(text.encode()) is not None


def _screen_tar(text: str) -> bool:
    """What _tar_home reads: the names are read under the home folder (`-C "$HOME"`, `-C ~`)."""
    return ("-C" in text or "--directory" in text) and ("HOME" in text or "~" in text)


SCREENS: dict = {**{n: _screen_sent for n in ("curl", "wget", "http", "https", "xh")},
                 **{n: _screen_tar for n in ("tar", "gtar", "bsdtar")}}
