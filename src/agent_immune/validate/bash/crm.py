"""Customer-support and CRM administration from the shell: Salesforce (sf, Apex, metadata), HubSpot, Zendesk, Intercom, Freshdesk, Front, Help Scout (session 24).

Whose address or host is read as crm_tables says (the tenant the command administers names the organisation). Here:

- `sf data create record --sobject User` with the System Administrator profile, and curl to Zendesk's `users`,
  Freshdesk's `agents` or HubSpot's `settings/v3/users` making an administrator or agent of a stranger's address (or
  changing an agent's sign-in address to one): blocked; an administrator for another address is reviewed;
- a webhook or HTTP target to a stranger's host, the account's IP restriction or two-factor requirement turned off:
  blocked;
- `sf data update|upsert|import bulk` (or a vendor's batch update) writing one bank account into the payout or bank
  fields the script names: blocked;
- `sf project deploy` or `sf apex run` of Apex that posts the org's records to a stranger's host, or of a Connected
  App with full access whose callback is a stranger's: blocked;
- `sf data delete bulk --hard-delete`, `sf org delete sandbox`, destructive deploys (`--post-destructive-changes`, a
  destructiveChanges.xml the script writes), `sf project delete source`, Apex that empties the recycle bin, a Bulk
  API `hardDelete` job: reviewed `irreversible`. A scratch org deleted, a plain delete, a deploy of ordinary
  metadata, queries and exports stay allowed.
"""
from __future__ import annotations

import re

from .. import crm_tables as ct
from ..per_input import once
from .commands import Cmd
from .common import input_text, mentions


def _report(a, found, node) -> None:
    if found is not None:
        getattr(a, found[0])(found[1], found[2], node)


def _in_loop(cmd: Cmd) -> bool:
    n = getattr(cmd.node, "parent", None)
    while n is not None:
        if n.type in ("for_statement", "while_statement", "c_style_for_statement"):
            return True
        n = n.parent
    return cmd.xargs_opts is not None


def _option(cmd: Cmd, *names: str):
    """The words given to the options `names` (`--values X`, `--values=X`, `-v X`), as written."""
    out = []
    args = cmd.args
    for i, w in enumerate(args):
        v = w.value if w.value is not None else w.text.strip("'\"")
        for n in names:
            if v == n and i + 1 < len(args):
                out.append(args[i + 1].value if args[i + 1].value is not None else args[i + 1].text)
            elif v.startswith(n + "="):
                out.append(v.split("=", 1)[1])
    return out


_BULK_WRITE = frozenset({"update", "upsert", "import"})


def _sf(a, cmd: Cmd) -> None:
    vals = [v if v is not None else "" for v in cmd.values()]
    pos = []
    for v in vals:
        if v.startswith("-"):
            break
        pos.append(v)
    topic = tuple(pos[:3])
    flags = set(v.split("=", 1)[0] for v in vals if v.startswith("-"))
    shown = f"{cmd.name} {' '.join(topic)}".strip()
    text = input_text(a)
    if cmd.name == "sfdx" and pos:  # the old CLI's `force:source:deploy`, `force:apex:execute`
        topic = tuple(pos[0].split(":")[1:]) if pos[0].startswith("force:") else topic
        shown = f"sfdx {pos[0]}"
        flags = {f.lower() for f in flags}
    if topic[:3] == ("data", "delete", "bulk") and "--hard-delete" in flags:
        _report(a, ct.hard_delete(shown + " --hard-delete", "the Bulk API"), cmd.node)
    elif topic[:3] == ("org", "delete", "sandbox"):
        _report(a, ct.sandbox_deleted(shown), cmd.node)
    elif topic[:2] in (("project", "deploy"), ("source", "deploy"), ("mdapi", "deploy")) and \
            topic[2:3] not in (("preview",), ("validate",), ("report",)) and "--dry-run" not in flags and \
            not (cmd.name == "sfdx" and flags & {"--checkonly", "-c"}):
        if any("destructive" in f for f in flags) or \
                ct.DESTRUCTIVE.search(text) and flags & {"--metadata-dir", "-d", "--deploydir", "--manifest", "-x"}:
            _report(a, ct.destructive_deploy(shown), cmd.node)
        _report(a, ct.metadata_finding(shown, text), cmd.node)
    elif topic[:3] == ("project", "delete", "source") or topic[:2] == ("source", "delete"):
        _report(a, ("review", "irreversible", f"`{shown}` deletes the metadata from the org (and the project), with "
                                             "no undo for what it held (a custom object's data); let the user "
                                             "confirm"), cmd.node)
    elif topic[:2] in (("apex", "run"), ("apex", "execute")):
        if "emptyRecycleBin" in text:
            _report(a, ct.recycle_bin(shown), cmd.node)
        _report(a, ct.metadata_finding(shown, text), cmd.node)
    elif topic[:3] == ("data", "create", "record") or topic[:2] == ("data", "record"):
        sobject = _option(cmd, "--sobject", "-s", "--sobjecttype")
        if sobject and sobject[0].strip("'\"").lower() == "user" and ct.SF_ADMIN_PROFILE.search(text):
            grant = " ".join(_option(cmd, "--values", "-v"))
            _report(a, ct.admin_finding(shown + " --sobject User", "Salesforce org", grant, text, admin=True),
                    cmd.node)
    elif topic[:1] == ("data",) and topic[1:2] and topic[1] in _BULK_WRITE and \
            (topic[2:3] in (("bulk",), ("tree",)) or _in_loop(cmd)) or topic[:2] == ("data", "bulk"):
        account = ct.payout_literal(text)
        if account is not None:
            _report(a, ct.payout_finding(shown, account), cmd.node)


def _api(a, cmd: Cmd) -> None:
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return
    text = input_text(a)
    for r in reader(cmd.args):
        body = _body(r.bodies, text)
        method = r.verb
        for u in r.urls:
            url = u.value if u.value is not None else u.text.strip("'\"")
            if not ct.VENDOR_HOST.search((re.match(r"(?i)(?:https?://)?([^/:?#\s]+)", url) or ["", ""])[1] or ""):
                continue
            shown = f"{cmd.name} -X {method} {url.split('?', 1)[0]}"
            found = ct.request_finding(shown, url, method, body, text)
            if found is None and method in ("POST", "PUT", "PATCH") and \
                    re.search(r"(?i)/batch/(?:update|upsert)|/composite/sobjects|/sobjects/", url):
                account = ct.payout_literal(body)
                if account is not None and (re.search(r"/batch/|/composite/", url) or _in_loop(cmd)):
                    found = ct.payout_finding(shown, account)
            _report(a, found, cmd.node)
            if found is not None:
                return


_VAR = re.compile(r"\$\{?([A-Za-z_]\w*)")


def _body(words, text: str) -> str:
    """A request's body as the script gives it: a variable set earlier (`-d "$BODY"`) read from its assignment's
    line, a file or standard input (`-d @-`, `-d @body.json`) from the whole script (a here-document, the command
    that wrote it)."""
    parts = []
    for w in words:
        v = w.value if w.value is not None else w.text
        parts.append(v)
        if v.startswith(("@", "'@", '"@')):
            parts.append(text)
            continue
        assigned = once(text, _line_values, _line_values)
        parts += [assigned[name] for name in _VAR.findall(v) if name in assigned]
    return "\n".join(parts)


_LINE_ASSIGNED = re.compile(r"(?m)^[ \t]*(?:export[ \t]+|local[ \t]+)?([A-Za-z_]\w*)=(.*)$")


def _line_values(text: str) -> dict[str, str]:
    """Each variable's first assignment at the start of a line of `text` -> the rest of that line."""
    out: dict[str, str] = {}
    for m in _LINE_ASSIGNED.finditer(text):
        out.setdefault(m.group(1), m.group(2))
    return out


# command name -> [fn(a, cmd)]
HANDLERS: dict = {
    "sf": [_sf], "sfdx": [_sf],
    **{n: [_api] for n in ("curl", "http", "https", "wget", "xh")},
}
_SF_SCREEN = mentions("hard-delete", "sandbox", "destructive", "emptyrecyclebin", "setendpoint", "connectedapp",
                      "system administrator", "iban", "bank", "routing", "swift", "sort_code", "sortcode", "bic",
                      "delete source", "source:delete", "payout", fold=True)
_VENDORS = mentions("zendesk.com", "freshdesk.com", "freshservice.com", "hubapi.com", "hubspot.com", "salesforce.com",
                    "force.com", "intercom.io", "frontapp.com", "helpscout.net", fold=True)
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {
    "sf": _SF_SCREEN, "sfdx": _SF_SCREEN,
    **{n: _VENDORS for n in ("curl", "http", "https", "wget", "xh")},
}
