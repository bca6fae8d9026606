"""DNS: BIND, PowerDNS, CoreDNS, nsupdate, Route 53, Cloudflare, Cloud DNS, registrars (session 23).

Record changes are read from each tool's own spelling and judged by dns_tables.judge_records (what a change hands to
whom): `aws route53 change-resource-record-sets --change-batch` (inline or a file this input wrote), `gcloud dns
record-sets create|update|transaction add`, Cloudflare's and PowerDNS's HTTP APIs by curl, an nsupdate script (a
here-document or a file written here), `pdnsutil add-record|replace-rrset`. A name server or resolver told to hand its
zones to anyone or to ask a stranger (`pdnsutil set-meta … ALLOW-AXFR-FROM 0.0.0.0/0`, CoreDNS's ConfigMap applied
with `forward . 203.0.113.53`) is blocked. A domain's registrar lock lifted in an input that also takes its transfer
code is blocked (the two steps of moving the domain away); either alone is held for a person, as is a transfer to
another AWS account. A Cloudflare API token minted whose value goes on to another command that sends is blocked; a
token over every account or zone minted alone is held.
"""
from __future__ import annotations

import json
import re

from .. import dns_tables as dt
from .commands import Cmd, option_value, positionals
from .common import input_text, mentions, pipeline_stage

RULE = dt.RULE


def _report(a, found: tuple[str, str] | None, shown: str, node) -> bool:
    if found is None:
        return False
    severity, what = found
    (a.block if severity == "block" else a.review)(RULE, f"`{shown}` {what}{dt.advice(severity)}", node)
    return True


# -- Route 53 and its registrar -----------------------------------------------------------------------------------------
_AWS_ARG = frozenset({"--profile", "--region", "--output", "--endpoint-url", "--query", "--ca-bundle", "--color",
                      "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format"})
_LOCK_OFF = re.compile(r"disable-domain-transfer-lock|disable_domain_transfer_lock|DisableDomainTransferLock")
_AUTH_CODE = re.compile(r"retrieve-domain-auth-code|retrieve_domain_auth_code|RetrieveDomainAuthCode|"
                        r"get-domain-auth-code|authcode|auth_code|EppCode|epp_code", re.I)


def route53_records(changes: list) -> list[dt.Rec]:
    out = []
    for c in changes:
        rs = c.get("ResourceRecordSet") if isinstance(c, dict) else None
        if not isinstance(rs, dict):
            continue
        values = tuple(str(r.get("Value", "")) for r in rs.get("ResourceRecords") or () if isinstance(r, dict))
        out.append(dt.Rec(str(c.get("Action") or ""), str(rs.get("Name") or "") or None, str(rs.get("Type") or ""),
                          values))
    return out


def _aws(a, cmd: Cmd) -> None:
    path = [w.value for w in positionals(cmd.args, _AWS_ARG, stop_at_end=True)[:2]]
    if len(path) < 2 or path[1] is None:
        return
    service, op = path
    if service == "route53" and op == "change-resource-record-sets":
        from .cloud import dns_changes

        text = input_text(a)
        for w, changes in dns_changes(a, cmd):
            if _report(a, dt.judge_records(route53_records(changes), text), "aws route53 change-resource-record-sets",
                       w.node):
                return
    elif service == "route53domains":
        if op in ("disable-domain-transfer-lock", "retrieve-domain-auth-code"):
            text = input_text(a)
            both = _LOCK_OFF.search(text) is not None and _AUTH_CODE.search(text.replace(op, "", 1)) is not None
            (a.block if both else a.review)(RULE, dt.registrar_message(f"aws route53domains {op}", both), cmd.node)
        elif op == "transfer-domain-to-another-aws-account":
            a.review(RULE, "`aws route53domains transfer-domain-to-another-aws-account` hands the domain (its mail and "
                           "every login under it) to another AWS account: a person should confirm that account is "
                           "the organisation's", cmd.node)
        elif op == "update-domain-nameservers":
            domain = next((w.value for w in option_value(cmd.args, "--domain-name") if w.value), None)
            hosts = [m for w in option_value(cmd.args, "--nameservers") for m in
                     re.findall(r"Name=([\w.-]+)", w.value or "")]
            found = dt.judge_records([dt.Rec(None, f"x.{domain}", "NS", tuple(hosts))], "") if domain else None
            if found is not None:
                _report(a, ("block", found[1].replace(f"x.{domain}", domain)), "aws route53domains "
                                                                                  "update-domain-nameservers", cmd.node)


# -- Cloud DNS --------------------------------------------------------------------------------------------------------------
_GCLOUD_ARG = frozenset({"--project", "--account", "--configuration", "--format", "--verbosity", "--zone", "-z",
                         "--type", "--ttl", "--rrdatas", "--name", "--filter", "--transaction-file", "--billing-project",
                         "--impersonate-service-account", "--location"})


def _gcloud(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, _GCLOUD_ARG, stop_at_end=True)]
    if pos[:2] != ["dns", "record-sets"] or len(pos) < 3:
        return
    op = pos[2]
    rest = pos[3:]
    if op == "transaction" and rest[:1] == ["add"]:
        name = next((w.value for w in option_value(cmd.args, "--name")), None)
        values = tuple(v for v in rest[1:] if v)
    elif op in ("create", "update"):
        name = rest[0] if rest else next((w.value for w in option_value(cmd.args, "--name")), None)
        values = ()
    else:
        return
    typ = next((w.value for w in option_value(cmd.args, "--type")), None)
    values += tuple(v for w in option_value(cmd.args, "--rrdatas") if w.value for v in w.value.split(","))
    rec = dt.Rec(op, name, typ, values)
    _report(a, dt.judge_records([rec], input_text(a)), f"gcloud dns record-sets {op}", cmd.node)


# -- HTTP APIs by curl (Cloudflare, PowerDNS) ----------------------------------------------------------------------------
_CF_RECORDS = re.compile(r"api\.cloudflare\.com/client/v4/zones/[^/\s]+/dns_records")
_CF_TOKENS = re.compile(r"api\.cloudflare\.com/client/v4/(?:user|accounts/[^/\s]+)/tokens/?(?:$|\?)")
_PDNS = re.compile(r"/api/v1/servers/[^/\s]+/zones/([^/\s?]+)(/metadata(?:/[\w-]+)?)?/?(?:$|\?)")
# the record a request edits by id, found by its name earlier in the input (`dns_records?name=login.example.com`)
_LOOKED_UP = re.compile(r"dns_records\?[^\s\"'`]*?\bname=([\w.*-]+)")
_SENDERS = re.compile(r"(?<![\w-])(?:curl|wget|nc|ncat|socat|http|https|xh|ssh|scp|rsync|python3?|node)(?![\w-])")


def api_records(body, default_name: str | None = None) -> list[dt.Rec]:
    """The record changes a Cloudflare or PowerDNS request body (parsed JSON) makes, wherever they sit in it (a
    Cloudflare batch's `posts`/`patches`/`puts`, PowerDNS's `rrsets`)."""
    out: list[dt.Rec] = []

    def walk(x) -> None:
        if isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            if "rrsets" in x:
                for rr in x.get("rrsets") or ():
                    if isinstance(rr, dict):
                        vals = tuple(str(r.get("content", "")) for r in rr.get("records") or () if isinstance(r, dict))
                        out.append(dt.Rec(str(rr.get("changetype") or ""), rr.get("name"), rr.get("type"), vals))
                return
            if "content" in x and isinstance(x.get("content"), str):
                out.append(dt.Rec(None, x.get("name") or default_name, x.get("type"), (x["content"],)))
                return
            for y in x.values():
                walk(y)

    walk(body)
    return out


def _body(a, req) -> object | None:
    from .api_calls import _file

    for w in req.bodies:
        v = w.value
        if v is None:
            continue
        if v.startswith("@") and v != "@-":
            v = _file(a, v[1:]) or ""
        try:
            return json.loads(v)
        except ValueError:
            continue
    return None


def _sent_on(a, cmd: Cmd) -> bool:
    """Does what `cmd` prints go on to a command that sends it (a later pipeline stage, or a variable it is captured
    in that a sender then uses)?"""
    stage = pipeline_stage(cmd)
    if stage is not None:
        stages, i = stage
        if any(_SENDERS.search(a.src(s)) for s in stages[i + 1:]):
            return True
    node = cmd.node.parent
    while node is not None and node.type not in ("variable_assignment", "program"):
        node = node.parent
    if node is not None and node.type == "variable_assignment":
        var = a.src(node).split("=", 1)[0]
        use = re.compile(r"(?m)^.*\$\{?" + re.escape(var) + r"\b.*$")
        return any(_SENDERS.search(m.group(0)) for m in use.finditer(input_text(a)[node.end_byte:]))
    return False


def _curl(a, cmd: Cmd) -> None:
    from .api_calls import curl_requests

    for req in curl_requests(cmd.args):
        method = req.verb
        if method not in ("POST", "PUT", "PATCH"):
            continue
        for u in req.urls:
            url = u.value or u.text
            if _CF_TOKENS.search(url):
                _cf_token(a, cmd, req)
                return
            if _CF_RECORDS.search(url):
                body = _body(a, req)
                m = _LOOKED_UP.search(input_text(a))
                recs = api_records(body, m.group(1) if m else None) if body is not None else []
                if _report(a, dt.judge_records(recs, input_text(a)), f"curl -X {method} …/dns_records", u.node):
                    return
            m = _PDNS.search(url)
            if m is not None:
                body = _body(a, req)
                if m.group(2):
                    _pdns_meta(a, body, u.node, f"curl -X {method} …/zones/{m.group(1)}/metadata")
                    return
                recs = api_records(body) if body is not None else []
                if _report(a, dt.judge_records(recs, input_text(a)), f"curl -X {method} …/zones/{m.group(1)}", u.node):
                    return


def _cf_token(a, cmd: Cmd, req) -> None:
    body = json.dumps(_body(a, req) or "")
    broad = '"*"' in body or ".*" in body
    if _sent_on(a, cmd):
        a.block(RULE, "`curl …/client/v4/…/tokens` mints a Cloudflare API token and hands its value to another command "
                      "that sends it: whoever receives it controls the account's DNS, and with it the organisation's "
                      "mail and logins. Mint tokens in the dashboard and keep them in the secret store", cmd.node)
    elif broad:
        a.review(RULE, "`curl …/client/v4/…/tokens` mints a Cloudflare API token over every account or zone "
                       "(`*`): a person should confirm a token that broad is needed; scope it to the zone the task "
                       "names", cmd.node)


def _pdns_meta(a, body, node, shown: str) -> None:
    items = body if isinstance(body, list) else [body]
    for x in items:
        if not isinstance(x, dict) or str(x.get("kind", "")).upper() not in ("ALLOW-AXFR-FROM", "ALLOW-DNSUPDATE-FROM"):
            continue
        vals = x.get("metadata") or []
        wide = next((v for v in vals if isinstance(v, str) and dt._WIDE.search(v)), None)
        if wide is not None:
            a.block(RULE, dt.transfer_message(f"`{shown}`", f"`{x['kind']}` {wide}"), node)
            return


# -- nsupdate, pdnsutil -----------------------------------------------------------------------------------------------------
def _nsupdate(a, cmd: Cmd) -> None:
    from .api_calls import fed_text
    from .written import text_written

    text = fed_text(a, cmd)
    if text is None:
        files = [w.value for w in positionals(cmd.args, frozenset({"-k", "-y", "-l", "-p", "-r", "-t", "-u"}))
                 if w.value]
        got = text_written(a, files[-1]) if files else None
        text = got[0] if got is not None else None
    if text:
        _report(a, dt.judge_records(dt.nsupdate_records(text), input_text(a)), "nsupdate", cmd.node)


def _pdnsutil(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, frozenset({"--config-dir", "--config-name"}))]
    if not pos or pos[0] is None:
        return
    op = pos[0]
    if op in ("set-meta", "add-meta") and len(pos) > 3 and (pos[2] or "").upper() in ("ALLOW-AXFR-FROM",
                                                                                      "ALLOW-DNSUPDATE-FROM"):
        wide = next((v for v in pos[3:] if v and dt._WIDE.search(v)), None)
        if wide is not None:
            a.block(RULE, dt.transfer_message(f"`pdnsutil {op}`", f"`{pos[2]}` {wide}"), cmd.node)
    elif op in ("add-record", "replace-rrset") and len(pos) > 4 and pos[1] and pos[2]:
        zone, name = pos[1].rstrip("."), pos[2]
        fq = zone if name == "@" else name if name.endswith(".") or name.endswith(zone) else f"{name}.{zone}"
        rest = [v for v in pos[3:] if v is not None]
        typ = rest[0] if rest else None
        values = [v for v in rest[1:] if not v.isdigit()] if typ and typ.upper() != "MX" else [" ".join(rest[1:])]
        if rest and rest[0].isdigit():  # `pdnsutil add-record ZONE NAME TYPE [TTL] CONTENT`: the TTL comes after
            typ, values = None, []
        rec = dt.Rec(op, fq, typ, tuple(values))
        _report(a, dt.judge_records([rec], input_text(a)), f"pdnsutil {op}", cmd.node)


# -- CoreDNS's configuration in a cluster ------------------------------------------------------------------------------------
_CLUSTER_WRITES = frozenset({"apply", "replace", "create", "patch", "edit", "set"})


def _kubectl(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, frozenset({"-n", "--namespace", "-f", "--filename", "-p", "--patch",
                                                             "--context", "-o", "--output", "--type", "-l"}))]
    if not pos or pos[0] not in _CLUSTER_WRITES:
        return
    text = input_text(a)
    if not re.search(r"(?i)coredns|corefile|kube-dns|node-local-dns", text):
        return
    ip = dt.stranger_resolver(dt._edit_text(text.replace("\\n", "\n")))
    if ip is not None:
        a.block(RULE, dt.resolver_message(f"`kubectl {pos[0]}` of CoreDNS's configuration", ip), cmd.node)


def printed_secret(c: Cmd) -> str | None:
    """What a DNS tool prints that is a credential, for bash/net.py's leak sources (not wired yet): the domain's
    transfer code, which lets whoever holds it move the domain to another registrar."""
    vals = c.values()
    if c.name == "aws" and "route53domains" in vals and "retrieve-domain-auth-code" in vals:
        return "the domain's transfer code (`aws route53domains retrieve-domain-auth-code`)"
    return None


HANDLERS: dict = {"aws": [_aws], "gcloud": [_gcloud], "curl": [_curl], "nsupdate": [_nsupdate],
                  "pdnsutil": [_pdnsutil], "kubectl": [_kubectl]}
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {
    "aws": mentions("change-resource-record-sets", "route53domains"),
    "gcloud": mentions("record-sets"),
    "curl": mentions("api.cloudflare.com", "/api/v1/servers/"),
    "kubectl": mentions("coredns", "Corefile", "kube-dns", "node-local-dns", fold=True),
    "pdnsutil": mentions("meta", "add-record", "replace-rrset"),
}
