"""Cloud accounts and clusters turned against their owner: what a poisoned agent does with the cloud CLIs and
kubectl once it holds their credentials. The deletes that lose data are infra.py's (`irreversible`); these are
the attacks, read by each CLI's command path (`aws [global options] SERVICE OPERATION`), never by a pattern
over the whole text:

- audit switched off (`anti-forensics`, block): CloudTrail stopped or deleted, GuardDuty's detector deleted or
  disabled, Security Hub and AWS Config's recorder turned off, VPC flow logs deleted, an Azure diagnostic setting
  or a Google Cloud log sink deleted. A comment calling it a cost cleanup changes nothing: the next step of an
  intrusion is what those would have recorded.
- a way in for someone else: an ssh key written into a project's or an instance's metadata, or an Azure VM
  user's keys (`persistence`, block; `aws ec2-instance-connect send-ssh-public-key` lasts 60 seconds and stays
  allowed); a role's trust policy letting another account assume it (`privilege-escalation`, review: the
  validator knows none of the user's accounts, so a person says whether that account is theirs).
- a node of the cluster taken (`privilege-escalation`, block): a pod asked for with `privileged: true`, the
  host's root (or /etc, the docker socket, an .ssh folder) mounted, an added capability over the host, or the
  host's namespaces with `nsenter -t 1` / `chroot /host` -- in a manifest applied from a here-document, a pipe,
  a file this script wrote or base64 it decoded, or in `kubectl run --overrides`. Manifests without those, and
  the read-only /proc and /sys mounts of monitoring agents, stay allowed.
- a credential plugin kubectl runs on every call (`kubectl config set-credentials --exec-command`) that was
  downloaded by this script (`download-exec`) or sits in a temporary folder or a hidden file (`persistence`).
- a Helm chart from plain HTTP or a bare address (`download-exec`, block), or from an https host that is neither
  a code host nor a registry product's nor the user's own network: reviewed when the chart is a URL, blocked when
  it is installed with cluster-wide power (kube-system, cluster-admin, privileged or host namespaces set).
- cloud credentials sent off the machine (`exfiltration`, block): a new access key (`aws iam
  create-access-key`), a service principal's password, or the instance metadata service's role credentials
  (169.254.169.254, its IPv6 and numeric spellings, metadata.google.internal) piped into, or substituted into, a
  program that sends them to another host (reading them at all is secret-read's, elsewhere), and a key file
  `gcloud iam service-accounts keys create` or a redirect wrote, uploaded later.
- cluster-admin bound to anyone who reaches the API server (block) or to a named account (review), and the
  commands `aws ssm send-command` runs on instances (judged as infra.py judges `gcloud compute ssh --command`).
- records deleted from DNS (`aws route53 change-resource-record-sets` with a DELETE change) and keys scheduled
  for deletion (`gcloud kms keys versions destroy`): `irreversible`, review.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re

from .. import paths
from ..cloud_audit import AWS_AUDIT_OFF, DETECTOR_DISABLED, FIX as FIX_AUDIT
from ..hosts import canonical_host, loopback, url_host
from .commands import Cmd, base_name, option_value, positionals
from .common import NET_SENDERS, commands_in, mentions, pipeline_stage
from .words import Word

_ANTI = "anti-forensics"
_ESCALATE = "privilege-escalation"


def _path(args: list[Word], with_arg: frozenset, limit: int) -> list[str | None]:
    return [w.value for w in positionals(args, with_arg, stop_at_end=True)[:limit]]


def _flag_off(args: list[Word], off: tuple[str, ...], on: tuple[str, ...] = ()) -> bool:
    """An option turning something off: one of `off` (`--no-enable`, `--disabled`) or one of `on` given a false
    value (`--enable=false`)."""
    for w in args:
        key, eq, val = (w.value or "").partition("=")
        if key in off and val.lower() not in ("false", "0") or key in on and eq and val.lower() in ("false", "0",
                                                                                                    "no"):
            return True
    return False


def _literal_or_file(a, w: Word) -> str | None:
    """A JSON argument's text: the literal, or `file://x.json` this script wrote (None when unknown)."""
    v = w.value
    if v is None:
        return None
    if v.startswith(("file://", "fileb://")):
        from .written import text_written

        got = text_written(a, v.split("://", 1)[1])
        return got[0] if got is not None else None
    return v


# -- AWS --------------------------------------------------------------------------------------------
_AWS_ARG = frozenset({"--profile", "--region", "--output", "--endpoint-url", "--query", "--ca-bundle", "--color",
                      "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format"})
# audit switched off by the operation (cloud_audit.py); an operation whose service word is computed
# (`svc=guard; svc+=duty; aws $svc delete-detector`) is read by the operation alone.
_AUDIT_LOG_GROUP = re.compile(r"(?i)cloudtrail|audit|^/aws/eks/[^/]+/cluster$")


def _aws_audit(a, cmd: Cmd, service: str | None, op: str) -> bool:
    found = AWS_AUDIT_OFF.get(op)
    what = None
    if found is not None and service in (found[0], None) and not (service is None and op == "delete-flow-logs"):
        what = found[2]
    elif service == "guardduty" and op == "update-detector" and _flag_off(cmd.args, ("--no-enable",), ("--enable",)):
        what = DETECTOR_DISABLED
    elif service == "cloudtrail" and op in ("put-event-selectors", "update-trail"):
        what = _trail_emptied(cmd, op)
    elif service == "logs" and op == "delete-log-group":
        names = option_value(cmd.args, "--log-group-name")
        if names and names[0].value and _AUDIT_LOG_GROUP.search(names[0].value):
            what = f"deletes the log group {names[0].value}, which holds audit records"
    if what is None:
        return False
    shown = f"aws {service or '…'} {op}"
    a.block(_ANTI, f"`{shown}` {what}; {FIX_AUDIT}", cmd.node)
    return True


def _trail_emptied(cmd: Cmd, op: str) -> str | None:
    """`put-event-selectors --event-selectors '[]'` (or every selector `ReadWriteType: None`): a trail that logs
    nothing; `update-trail --no-include-global-service-events` or `--no-is-multi-region-trail` narrows it."""
    if op == "update-trail":
        if _flag_off(cmd.args, ("--no-include-global-service-events", "--no-is-multi-region-trail")):
            return "narrows the CloudTrail trail so that IAM and other regions' calls are no longer recorded"
        return None
    for w in option_value(cmd.args, "--event-selectors", "--advanced-event-selectors"):
        try:
            body = json.loads(w.value or "null")
        except ValueError:
            continue
        if body == [] or isinstance(body, list) and all(
                isinstance(s, dict) and s.get("ReadWriteType") == "None" or isinstance(s, dict) and
                s.get("IncludeManagementEvents") is False and not s.get("DataResources") for s in body):
            return "empties the CloudTrail trail's event selectors: it records nothing from now on"
    return None


# `"Principal": {"AWS": "arn:aws:iam::123456789012:root"}` / `"AWS": ["123456789012", …]` / `"AWS": "*"`
_PRINCIPAL_ACCOUNT = re.compile(r"arn:aws[\w-]*:(?:iam|sts)::(\d{12}):|^(\d{12})$")


def _principals(doc) -> list[str]:
    """The AWS principals a policy document's Allow statements name."""
    out: list[str] = []
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    for s in statements if isinstance(statements, list) else [statements]:
        if not isinstance(s, dict) or s.get("Effect") != "Allow":
            continue
        p = s.get("Principal")
        if p == "*":
            out.append("*")
        elif isinstance(p, dict):
            aws = p.get("AWS")
            out += [x for x in (aws if isinstance(aws, list) else [aws]) if isinstance(x, str)]
    return out


def _aws_trust(a, cmd: Cmd, op: str) -> None:
    """`aws iam update-assume-role-policy` / `create-role`: another account allowed to assume the role."""
    words = option_value(cmd.args, "--policy-document" if op == "update-assume-role-policy"
                         else "--assume-role-policy-document")
    text = _literal_or_file(a, words[0]) if words else None
    if not text:
        return
    try:
        doc = json.loads(text)
    except ValueError:
        return
    for p in _principals(doc):
        m = _PRINCIPAL_ACCOUNT.search(p)
        if p in ("*", "arn:aws:iam::*:root"):
            a.review(_ESCALATE, f"`aws iam {op}` lets any AWS account (`*`) assume the role, with every permission the "
                                "role has, unless a Condition narrows it; name the accounts that need it, and let a "
                                "person confirm", words[0].node)
            return
        if m is not None and _admin_trusted(a, cmd, m.group(1) or m.group(2)):
            from ..cloud_admin import trust_message

            a.block(_ESCALATE, trust_message(f"aws iam {op}", m.group(1) or m.group(2), True), words[0].node)
            return
        if m is not None:
            a.review(_ESCALATE, f"`aws iam {op}` lets account {m.group(1) or m.group(2)} assume the role, with every "
                                "permission the role has; this check knows none of your own accounts, so a person "
                                "should confirm that one is yours (a trust granted to an outside account is a lasting "
                                "way into this one)", words[0].node)
            return


def _admin_trusted(a, cmd: Cmd, account: str) -> bool:
    """Whether the input also gives the role that `account` may now assume administrator rights (`aws iam
    attach-role-policy --role-name R --policy-arn …AdministratorAccess`, or a policy allowing every action), and
    names that account nowhere else: a standing way into the whole account for its holder, as the SDKs' spelling is
    read (cloud_admin.trust_message)."""
    from ..cloud_admin import ADMIN, outside_account

    text = a.doc.data.decode("utf-8", "replace")
    if ADMIN.search(text) is None or outside_account(text) != account:
        return False
    role = next((w.value for w in option_value(cmd.args, "--role-name") if w.value), None)
    for doc, c in a.ctx.commands + [(a.doc, cmd)]:
        if doc is not a.doc or c.name != "aws":
            continue
        path = _path(c.args, _AWS_ARG, 2)
        if path[:1] != ["iam"] or path[1:2] not in (["attach-role-policy"], ["put-role-policy"], ["create-role"]):
            continue
        named = next((w.value for w in option_value(c.args, "--role-name") if w.value), None)
        given = " ".join(w.value or "" for w in option_value(c.args, "--policy-arn", "--policy-document"))
        if (role is None or named == role) and ADMIN.search(given):
            return True
    return False


def _admin_after_trust(a, cmd: Cmd, op: str) -> None:
    """The same pair as _admin_trusted, the other way round: a role another account was let assume earlier in the
    input is given administrator rights now."""
    from ..cloud_admin import ADMIN, outside_account, trust_message

    given = " ".join(w.value or "" for w in option_value(cmd.args, "--policy-arn", "--policy-document"))
    if ADMIN.search(given) is None:
        return
    text = a.doc.data.decode("utf-8", "replace")
    account = outside_account(text)
    if account is None:
        return
    role = next((w.value for w in option_value(cmd.args, "--role-name") if w.value), None)
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name != "aws":
            continue
        path = _path(c.args, _AWS_ARG, 2)
        if path[:1] != ["iam"] or path[1:2] not in (["update-assume-role-policy"], ["create-role"]):
            continue
        named = next((w.value for w in option_value(c.args, "--role-name") if w.value), None)
        trust = " ".join(w.value or "" for w in option_value(c.args, "--policy-document",
                                                              "--assume-role-policy-document"))
        if named == role and account in trust:
            a.block(_ESCALATE, trust_message(f"aws iam {op}", account, True), cmd.node)
            return


def dns_changes(a, cmd: Cmd):
    """(the option's word, its list of changes) for each `--change-batch` of `aws route53 change-resource-record-sets`
    given inline or in a file this input wrote."""
    for w in option_value(cmd.args, "--change-batch"):
        text = _literal_or_file(a, w)
        try:
            batch = json.loads(text) if text else None
        except ValueError:
            continue
        changes = batch.get("Changes") if isinstance(batch, dict) else None
        yield w, [c for c in changes if isinstance(c, dict)] if isinstance(changes, list) else []


def _aws_dns(a, cmd: Cmd) -> None:
    """`aws route53 change-resource-record-sets --change-batch '{"Changes":[{"Action":"DELETE", …}]}'`."""
    for w, changes in dns_changes(a, cmd):
        names = [str((c.get("ResourceRecordSet") or {}).get("Name", "?")) for c in changes
                 if c.get("Action") == "DELETE"]
        if names:
            a.review("irreversible", f"`aws route53 change-resource-record-sets` deletes the DNS record "
                                     f"{names[0]}{' and others' if len(names) > 1 else ''}, with no undo: what it "
                                     "pointed at stops being reachable by that name; note the record's values and let "
                                     "the user run it", w.node)
            return


def _aws(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _AWS_ARG, 2)
    if len(path) < 2 or path[1] is None:
        return
    service, op = path[0], path[1]
    if _aws_audit(a, cmd, service, op):
        return
    if cmd.redirects and op in ("create-access-key", "create-service-specific-credential", "assume-role"):
        _key_file(a, cmd)
    if service == "iam" and op in ("update-assume-role-policy", "create-role"):
        _aws_trust(a, cmd, op)
    elif service == "iam" and op in ("attach-role-policy", "put-role-policy"):
        _admin_after_trust(a, cmd, op)
    elif service == "route53" and op == "change-resource-record-sets":
        _aws_dns(a, cmd)
    elif service == "ssm" and op == "send-command":
        _ssm_commands(a, cmd)


def _ssm_commands(a, cmd: Cmd) -> None:
    """`aws ssm send-command --document-name AWS-RunShellScript --parameters 'commands=["…"]'`: the commands run on
    every instance it targets, judged as infra.py judges `gcloud compute ssh --command` (held when they would be
    blocked or held here)."""
    from .infra import _elsewhere

    for w in option_value(cmd.args, "--parameters"):
        v = w.value or ""
        try:
            body = json.loads(v) if v.startswith("{") else None
        except ValueError:
            body = None
        if isinstance(body, dict):
            lines = body.get("commands")
        elif v.startswith("commands="):
            rest = v[len("commands="):]
            try:
                lines = json.loads(rest) if rest.startswith("[") else rest.split(",")
            except ValueError:
                lines = [rest.strip("[]")]
        else:
            continue
        if isinstance(lines, list) and lines and all(isinstance(x, str) for x in lines):
            # (a fleet chosen by tag is every instance that carries it, as an Ansible inventory's group is)
            _elsewhere(a, "aws ssm send-command", "\n".join(lines), w.node,
                       attacks_block=bool(option_value(cmd.args, "--targets")))
            return


# -- Google Cloud -----------------------------------------------------------------------------------
_GCLOUD_ARG = frozenset({"--project", "--account", "--configuration", "--format", "--verbosity",
                         "--impersonate-service-account", "--billing-project", "--flags-file", "--trace-token",
                         "--zone", "--region", "--filter", "--limit", "--sort-by", "--page-size", "--location",
                         "--metadata", "--metadata-from-file", "--keyring", "--key", "--version", "--organization",
                         "--folder", "--bucket", "--log-filter", "--iam-account", "--key-file-type", "--member", "--role",
                         "--condition"})
_SSH_KEY_KEYS = frozenset({"ssh-keys", "sshKeys"})


def _gcloud(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _GCLOUD_ARG, 5)
    if path[:1] == ["beta"] or path[:1] == ["alpha"]:
        path = path[1:]
    if path[:2] == ["iam", "service-accounts"]:
        _key_file(a, cmd)
    if path[:1] == ["compute"] and path[1:2] in (["project-info"], ["instances"]) and "add-metadata" in path:
        for w in option_value(cmd.args, "--metadata", "--metadata-from-file"):
            keys = {item.split("=", 1)[0].strip() for item in (w.value or w.text).split(",") if "=" in item}
            if keys & _SSH_KEY_KEYS:
                where = "every instance of the project" if path[1] == "project-info" else "the instance"
                a.block("persistence", f"`gcloud compute {path[1]} add-metadata` writes an ssh key into the metadata "
                                       f"of {where}: whoever holds the private key logs in there from now on (as root "
                                       "when it says so); connect with `gcloud compute ssh`, whose keys are the "
                                       "user's own", w.node)
                return
    elif path[:2] == ["logging", "sinks"] and path[2:3] == ["delete"] or \
            path[:2] == ["logging", "sinks"] and path[2:3] == ["update"] and _flag_off(cmd.args, ("--disabled",)):
        a.block(_ANTI, f"`gcloud logging sinks {path[2]}` stops a log sink: the project's logs (audit logs among "
                       f"them) no longer reach where they are kept; {FIX_AUDIT}", cmd.node)
    elif path[:2] == ["logging", "logs"] and path[2:3] == ["delete"]:
        a.block(_ANTI, f"`gcloud logging logs delete` deletes the log's entries; {FIX_AUDIT}", cmd.node)
    elif path[:1] == ["kms"] and "versions" in path and "destroy" in path:
        a.review("irreversible", "`gcloud kms keys versions destroy` destroys the key version once its wait is over: "
                                 "everything encrypted with it can never be read again; disable the version instead "
                                 "(`… versions disable`) and let the user decide", cmd.node)
    elif "add-iam-policy-binding" in path:
        named = [p for p in path[path.index("add-iam-policy-binding") + 1:][:1] if p]
        _grant_to_stranger(a, cmd, f"gcloud {' '.join(p for p in path if p and p not in named)}", named,
                           option_value(cmd.args, "--member"), option_value(cmd.args, "--role"))
    elif path[:3] == ["secrets", "versions", "destroy"]:
        a.review("irreversible", "`gcloud secrets versions destroy` destroys the secret version's value for good (a "
                                 "disabled version can be enabled again, a destroyed one cannot); disable it instead "
                                 "(`gcloud secrets versions disable`) and let the user decide", cmd.node)


# -- administrator rights handed to a stranger's account -------------------------------------------------------------
# `gcloud projects add-iam-policy-binding acme-shop-prod --member=user:x@telemetry-cdn.io --role=roles/owner`: an
# administrator grant is reviewed (bash/infra.py, cloud_admin.message); made to an account whose domain has nothing to
# do with the organisation the command names (cloud_admin.stranger), or to everyone, it is a way back in for someone
# else: blocked.
_ALL_USERS = frozenset({"allusers", "allauthenticatedusers"})


def _grant_to_stranger(a, cmd: Cmd, shown: str, named: list[str], members: list[Word], roles: list[Word]) -> None:
    from ..cloud_admin import ADMIN, AZURE_ADMIN, org_words, stranger

    admin = [w for w in roles if w.value and (ADMIN.search(w.value) or w.value.lower() in AZURE_ADMIN)]
    if not admin:
        return
    words = org_words(*named, *(w.value or "" for w in option_value(cmd.args, "--project", "--organization",
                                                                        "--scope", "-g", "--resource-group")))
    for w in members:
        member = w.value or ""
        who = "everyone" if member.lower() in _ALL_USERS else stranger(member, words)
        if who is None:
            continue
        where = named[0] if named else "the account"
        holder = "anyone" if who == "everyone" else f"an account of {who}, a domain that is not the organisation's,"
        a.block("persistence", f"`{shown}` makes {member} {admin[0].value} of {where}: {holder} then controls it and "
                               "keeps a way in whatever else is cleaned up; grant administrator rights only to the "
                               "organisation's own accounts, and let a person do it", w.node)
        return


# -- a Firebase database opened to everyone ----------------------------------------------------------------------------
# `echo '{"rules": {".read": true, ".write": true}}' > database.rules.json && firebase deploy --only database`: the
# rules a deploy sends decide who reads and writes the project's data; rules this input wrote that let anyone read or
# write the whole database (Realtime Database's root `.read`/`.write` true, a Firestore or Storage `match /{x=**}`
# with `allow read, write;` or `: if true`) give every user's data to whoever asks. Rules written for the emulator,
# or deployed with a condition (`auth != null`), stay allowed.
_RULES_FILE = re.compile(r"(?:^|/)[\w.-]*(?:\.rules\.json|\.rules)$")
_OPEN_SECURITY = re.compile(r"match\s+/\{\w+=\*\*\}\s*\{[^{}]*?\ballow\s++([\w\s,]+?)\s*(?::\s*if\s+true\s*)?;")
_DEPLOYED = frozenset({"database", "firestore", "storage"})


def _open_rules(text: str) -> str | None:
    """What of the data `text` (a rules file) opens to anyone: `read and write`, `write`, `read`; None."""
    try:
        rules = json.loads(text).get("rules") if text.lstrip().startswith("{") else None
    except (ValueError, AttributeError):
        rules = None
    if isinstance(rules, dict):
        opened = [k[1:] for k in (".read", ".write") if rules.get(k) is True or str(rules.get(k)).strip() == "true"]
        return " and ".join(opened) or None
    m = _OPEN_SECURITY.search(text)
    if m is None:
        return None
    verbs = {v.strip() for v in m.group(1).split(",")}
    write = verbs & {"write", "create", "update", "delete"}
    return "read and write" if write and verbs & {"read", "get", "list"} else "write" if write else "read"


def _firebase(a, cmd: Cmd) -> None:
    from .written import _written, text_written

    vals = [w.value or "" for w in cmd.args]
    if vals[:1] != ["deploy"]:
        return
    only = {p.split(":", 1)[0] for w in option_value(cmd.args, "--only") for p in (w.value or "").split(",")}
    if only and not only & _DEPLOYED:
        return
    project = next((w.value for w in option_value(cmd.args, "--project", "-P") if w.value), "the project")
    seen = set()
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.node.start_byte >= cmd.node.start_byte:
            continue
        for target in _written(a, c):
            if target in seen or not _RULES_FILE.search(target):
                continue
            seen.add(target)
            got = text_written(a, target)
            opened = _open_rules(got[0]) if got else None
            if opened:
                a.block("permission-tamper", f"`firebase deploy` sends the rules {target} this command wrote to "
                                             f"{project}: they let anyone on the internet {opened} the whole "
                                             "database, every user's data with it; deploy rules that check "
                                             "`auth` (`\".read\": \"auth != null\"`, `if request.auth != null`), and "
                                             "keep open rules for the emulator", cmd.node)
                return


# -- a Globus collection shared ---------------------------------------------------------------------------------------
# `globus endpoint permission create COLLECTION:/path/ --identity x@uni.edu --permissions r`: sharing data with a
# collaborator, what Globus is for (allowed). Write access is a change a person confirms (another account can then
# replace or delete the lab's data); write access for anyone (`--anonymous`, `--all-authenticated`) is blocked.
def _globus(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if vals[:3] != ["endpoint", "permission", "create"] and vals[:2] != ["collection", "share"]:
        return
    perms = [w.value for w in option_value(cmd.args, "--permissions")]
    writes = any(p is None or "w" in p for p in perms)
    anyone = "--anonymous" in vals or "--all-authenticated" in vals
    target = next((w for w in cmd.args[3:] if w.value is None or not w.value.startswith("-")), None)
    where = target.text if target is not None else "the collection"
    who = "anyone" if "--anonymous" in vals else "every Globus user" if anyone else next(
        (w.value or w.text for w in option_value(cmd.args, "--identity", "--group")), "another account")
    if writes and anyone:
        a.block("permission-tamper", f"`globus endpoint permission create` lets {who} write to {where}: the lab's data "
                                     "can then be replaced or deleted by strangers; share read-only, with named "
                                     "identities", cmd.node)
    elif writes:
        a.review("privilege-escalation", f"`globus endpoint permission create` gives {who} write access to {where}: "
                                         "that account can replace or delete the data there. A person should confirm "
                                         "it is a collaborator's (share read-only when that is enough)", cmd.node)


# -- Azure ------------------------------------------------------------------------------------------
_AZ_ARG = frozenset({"--subscription", "-g", "--resource-group", "-n", "--name", "-o", "--output", "--query", "-u",
                     "--username", "--resource", "--ssh-key-value"})


def _az(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _AZ_ARG, 4)
    if path[:3] == ["vm", "user", "update"] and option_value(cmd.args, "--ssh-key-value"):
        a.block("persistence", "`az vm user update --ssh-key-value` adds an ssh key to a user of the virtual machine: "
                               "whoever holds the private key logs in there from now on; connect with `az ssh vm`, "
                               "whose keys are the user's own", cmd.node)
    elif path[:3] == ["role", "assignment", "create"]:
        _grant_to_stranger(a, cmd, "az role assignment create", [], option_value(cmd.args, "--assignee"),
                           option_value(cmd.args, "--role"))
    elif path[:3] in (["monitor", "diagnostic-settings", "delete"], ["monitor", "log-profiles", "delete"]):
        a.block(_ANTI, f"`az monitor {path[1]} delete` stops sending the resource's logs (its audit logs among them) "
                       f"where they are kept; {FIX_AUDIT}", cmd.node)


# -- Kubernetes: pods that take the node ------------------------------------------------------------
_PRIVILEGED = re.compile(r"""["']?privileged["']?\s*:\s*["']?true\b""")
_HOST_NS = re.compile(r"""["']?host(PID|IPC|Network)["']?\s*:\s*["']?true\b""")
_HOST_PATH = re.compile(r"""["']?hostPath["']?\s*:\s*\{?[^{}]{0,200}?["']?\bpath["']?\s*:\s*["']?([^"'\s,}\]]+)""")
_CAPS_ADD = re.compile(r"""["']?add["']?\s*:\s*(\[[^\]]*\]|(?:\s*-\s*["']?\w+["']?)+)""")
_HOST_CAP = re.compile(r"\b(?:CAP_)?(?:SYS_ADMIN|SYS_PTRACE|SYS_MODULE|ALL)\b")
# the host's first process entered, or the host's root (mounted at /host) made the container's
_NODE_ENTER = re.compile(r"""\bnsenter\b[^\n]{0,80}?(?:--target|-t)[\s"',=]{0,4}1\b|\bchroot[\s"',]{1,4}/host""")
_SSH_TRUST = re.compile(r"authorized_keys")
# host paths that hand the node over: its root and configuration, the container runtime's socket, the kubelet's
# credentials, the homes and their ssh keys (a monitoring agent's read-only /proc and /sys are not among them)
_NODE_PATHS = frozenset({"/", "/etc", "/root", "/home", "/var/run/docker.sock", "/run/docker.sock",
                         "/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock",
                         "/var/run/crio/crio.sock", "/var/lib/kubelet", "/etc/kubernetes", "/var/lib/docker", "/boot",
                         "/usr", "/bin", "/sbin", "/lib", "/var/run", "/run", "/dev"})
_ADMIN_BINDING = re.compile(r"""kind["']?\s*:\s*["']?ClusterRoleBinding\b(?=[\s\S]*\bname["']?\s*:\s*["']?cluster-admin\b)""")
_SUBJECT = re.compile(r"""\bname["']?\s*:\s*["']?(system:(?:anonymous|unauthenticated|authenticated))\b""")
_POD_HINT = re.compile(r"privileged|host(?:PID|IPC|Network|Path)|nsenter|chroot|authorized_keys|SYS_|ALL")


def _node_path(p: str) -> bool:
    p = p.rstrip("/") or "/"
    return p in _NODE_PATHS or p.startswith(("/root/", "/home/", "/etc/kubernetes/", "/var/lib/kubelet/")) or bool(
        paths.kinds(p) & {paths.SECRET, paths.PERSISTENCE})


def pod_escape(text: str) -> str | None:
    """What in a pod's spec (YAML or JSON, a manifest or `--overrides`) gives it the node, or None."""
    if not _POD_HINT.search(text):
        return None  # most manifests: none of the words, nothing more read
    found: list[str] = []
    if _PRIVILEGED.search(text):
        found.append("a privileged container")
    mounts = [m.group(1) for m in _HOST_PATH.finditer(text)]
    bad = [p for p in mounts if _node_path(p)]
    if bad:
        found.append(f"the node's {bad[0]} mounted")
    if any(_HOST_CAP.search(m.group(1)) for m in _CAPS_ADD.finditer(text)):
        found.append("a capability over the node (SYS_ADMIN, ALL …)")
    ns = sorted({"host" + m.group(1) for m in _HOST_NS.finditer(text)})
    if ns and _NODE_ENTER.search(text):
        found.append(f"{'/'.join(ns)} with the node's own processes entered (`nsenter -t 1`, `chroot /host`)")
    if found and _SSH_TRUST.search(text):
        found.append("an ssh key written into the node's authorized_keys")
    return ", ".join(found) if found else None


def _pod_block(a, shown: str, what: str, node) -> None:
    a.block(_ESCALATE, f"`{shown}` asks the cluster for a pod with {what}: root on the node, and from there the "
                       "cluster's credentials and every other pod on it (as `docker run --privileged` or `-v /:/host` "
                       "would be on this machine); run workloads without host mounts, privileges or host "
                       "namespaces, or let the user do it", node)


_KUBE_ARG = frozenset({"-n", "--namespace", "--context", "--cluster", "--user", "--kubeconfig", "-s", "--server",
                       "--token", "--as", "--as-group", "--request-timeout", "-v", "--v", "-o", "--output", "-l",
                       "--selector", "-f", "--filename", "-k", "--kustomize", "--image", "--overrides", "-p",
                       "--patch", "--type", "--restart", "--field-manager", "--timeout", "--exec-command",
                       "--exec-api-version", "--exec-arg", "--exec-env", "--patch-file"})
_B64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_DECODES = re.compile(r"\bbase64\b[^|;&)]*\s(?:-d|--decode|-D)\b")
_WHOLE_VAR = re.compile(r'^--[\w-]+=["\']?\$\{?([A-Za-z_]\w*)\}?["\']?$|^["\']?\$\{?([A-Za-z_]\w*)\}?["\']?$')


def _decoded(text: str) -> str | None:
    """The text of `$(echo BASE64 | base64 -d)` (or `base64 -d <<< BASE64`) when that is all it does."""
    if not _DECODES.search(text):
        return None
    m = max(_B64.findall(text), key=len, default=None)
    if m is None:
        return None
    try:
        return base64.b64decode(m + "=" * (-len(m) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _var_texts(a, w: Word) -> list[str]:
    """What a word that is one variable (`"$ov"`, `--overrides="$ov"`) was assigned earlier in this input: the
    literal, or what a base64 decode of a literal gave."""
    m = _WHOLE_VAR.match(w.text)
    if m is None:
        return []
    name = m.group(1) or m.group(2)
    out: list[str] = []
    for value in map(a.src, _assignments(a, w.node, name)):
        text = _decoded(value)
        if text is not None:
            out.append(text)
        elif "$" not in value and "`" not in value:
            out.append(value.strip("'\""))
    return out


def _assignments(a, node, name: str) -> list:
    """The value nodes of the assignments to `name` before `node` in this input."""
    from .net import assignments_before

    return [n.child_by_field_name("value") for n in assignments_before(a, node, name) if n.type == "variable_assignment"]


def _option_texts(a, cmd: Cmd, *names: str) -> list[tuple[str, object]]:
    """The texts of options whose value may be a variable assigned (or decoded) earlier: (text, node)."""
    out: list[tuple[str, object]] = [(w.value, w.node) for w in option_value(cmd.args, *names) if w.value]
    for i, w in enumerate(cmd.args):
        if w.value is not None:
            continue
        if any(w.text.startswith(n + "=") for n in names) or i and cmd.args[i - 1].value in names:
            out += [(t, w.node) for t in _var_texts(a, w)]
    return out


def _fed_decoded(a, cmd: Cmd) -> str | None:
    """`echo BASE64 | base64 -d | kubectl apply -f -`: the manifest the pipeline decodes into kubectl; `printf
    '%s\\n' 'spec:' '  hostPID: true' … | kubectl apply -f -`: the lines a printf before it prints."""
    where = pipeline_stage(cmd)
    if where is None or where[1] == 0:
        return None
    stages, at = where
    text = "".join(a.src(s) + "|" for s in stages[:at])
    if at == 1:
        prev = next((c for doc, c in reversed(a.ctx.commands) if doc is a.doc and c.name == "printf" and
                     stages[0].start_byte <= c.node.start_byte and c.node.end_byte <= stages[0].end_byte), None)
        vals = [w.value for w in prev.words] if prev is not None else []
        if vals and None not in vals:
            fmt = vals[1].replace("\\n", "\n").replace("\\t", "\t") if len(vals) > 1 else ""
            k = fmt.count("%s")
            if k and fmt.count("%") == k:  # the format reused until the arguments run out
                rest = vals[2:]
                return "".join(fmt.replace("%s", "{}").format(*(rest[i:i + k] + [""] * k)[:k])
                               for i in range(0, max(len(rest), 1), k))
    return _decoded(text)


def _expand_known(a, r, text: str) -> str:
    """An unquoted here-document's text with the variables known here put in (`h=hostPath; … $h: {path: /}`)."""
    head = a.src(r).split("\n", 1)[0]
    if "$" not in text or "'" in head or '"' in head or "\\" in head:
        return text
    return _VAR.sub(lambda m: a.ev.vars.get(m.group(1)) or m.group(0), text)


def _manifests(a, cmd: Cmd) -> list[tuple[str, object]]:
    """The manifests `kubectl apply|create|replace -f …` reads that this input holds: a here-document or a decoded
    pipe on stdin, or a file this script wrote."""
    from .exec import stdin_text
    from .written import text_written

    out: list[tuple[str, object]] = []
    files = option_value(cmd.args, "-f", "--filename")
    if cmd.args and cmd.args[-1].value in ("-f", "--filename"):
        files.append(Word(cmd.args[-1].node, "-", "-"))  # (`-f - <<EOF`: the grammar drops a `-` before `<<`)
    for w in files:
        if w.value == "-":
            fed = stdin_text(a, cmd)
            if fed is not None:
                here = next((r for r in cmd.redirects if r.type == "heredoc_redirect"), None)
                out.append((_expand_known(a, here, fed[0]) if here is not None else fed[0], fed[2] or cmd.node))
            else:
                text = _fed_decoded(a, cmd)
                if text is not None:
                    out.append((text, cmd.node))
        elif w.value and "://" not in w.value:
            got = text_written(a, w.value)
            if got is not None:
                out.append((got[0], w.node))
    return out


def _kubectl(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _KUBE_ARG, 3)
    verb = path[0] if path else None
    tool = cmd.name
    if verb == "create" and path[1:2] == ["clusterrolebinding"]:
        roles = [w.value for w in option_value(cmd.args, "--clusterrole")]
        words = _option_words(cmd, "--user", "--group", "--serviceaccount")
        subjects = [w.value or "" for w in words]
        # `--user=$(gcloud config get-value account)`: the user's own account, as GKE's set-up guides have it
        own = words and all(w.value is None and _OWN_ACCOUNT.search(w.text) for w in words)
        if "cluster-admin" in roles and not own:
            _cluster_admin(a, cmd.node, f"{tool} create clusterrolebinding --clusterrole=cluster-admin", subjects)
    elif verb in ("apply", "create", "replace"):
        for text, node in _manifests(a, cmd):
            if _manifest(a, f"{tool} {verb} -f", text, node):
                return
    elif verb == "run":
        for text, node in _option_texts(a, cmd, "--overrides"):
            what = pod_escape(text)
            if what:
                _pod_block(a, f"{tool} run --overrides", what, node)
                return
        if any(w.value in ("--privileged", "--privileged=true") for w in cmd.args):
            _pod_block(a, f"{tool} run --privileged", "a privileged container", cmd.node)
    elif verb == "patch":
        for text, node in _option_texts(a, cmd, "-p", "--patch"):
            what = pod_escape(text)
            if what:
                _pod_block(a, f"{tool} patch", what, node)
                return
            if _patched(a, cmd, text, node):
                return
    elif verb == "config" and path[1:2] in (["set-credentials"], ["set"]):
        _exec_plugin(a, cmd, path[1])
    elif verb in ("delete", "scale"):
        _policy_removed(a, cmd, verb)


def _manifest(a, shown: str, text: str, node) -> bool:
    """Judge a manifest this input hands the cluster: pods that take a node, cluster-admin bound, and the objects
    kube_manifests.py reads (webhooks, catalogs, aws-auth, what workloads run). True when a finding was reported."""
    from ..kube_manifests import judge

    what = pod_escape(text)
    if what:
        _pod_block(a, shown, what, node)
        return True
    if _ADMIN_BINDING.search(text):
        _cluster_admin(a, node, f"{shown} (a ClusterRoleBinding to cluster-admin)",
                       [m.group(1) for m in _SUBJECT.finditer(text)])
        return True
    return judge(a, f"`{shown}`", text, node)


def _patched(a, cmd: Cmd, text: str, node) -> bool:
    """`kubectl patch … -p '[{"op":"remove","path":"/metadata/finalizers"}]'` (irreversible: the object goes
    without its controller's cleanup), `kubectl patch cm aws-auth -p '…system:masters…'`."""
    from ..kube_manifests import finalizers_stripped

    if finalizers_stripped(text) and _local_cluster(a, cmd) is None:
        target = " ".join(w.value or "…" for w in positionals(cmd.args, _KUBE_ARG, stop_at_end=True)[1:3])
        a.review("irreversible", f"`{cmd.name} patch {target}` strips the object's finalizers: the cluster deletes it "
                                 "without its controller's cleanup (the cloud resources, volumes or records it manages "
                                 "are orphaned or lost), with no undo; let the controller finish, or have the user "
                                 "remove them", node)
        return True
    return _masters_text(a, f"{cmd.name} patch", text, node)


# the contexts of clusters on this machine (kind's `kind-NAME`, k3d's `k3d-NAME`, minikube, Docker Desktop …): their
# objects are test fixtures
_LOCAL_CONTEXT = re.compile(r"^(?:kind|k3d|minikube|docker-desktop|docker-for-desktop|rancher-desktop|orbstack|colima|"
                            r"microk8s)(?:$|-)")


def _local_cluster(a, cmd: Cmd) -> str | None:
    """The context `cmd` acts on (`--context X`, else the last `kubectl config use-context X` before it in this
    input) when it is a cluster on this machine; None otherwise (also when it is not known)."""
    ctx = next((w.value for w in option_value(cmd.args, "--context")), None)
    if ctx is None:
        last = -1
        for doc, c in a.ctx.commands:
            if doc is a.doc and c.name in ("kubectl", "oc") and last < c.node.start_byte < cmd.node.start_byte:
                p = _path(c.args, _KUBE_ARG, 3)
                if p[:2] == ["config", "use-context"] and len(p) == 3:
                    ctx, last = p[2], c.node.start_byte
    return ctx if ctx and _LOCAL_CONTEXT.match(ctx) else None


# -- the cluster's policy enforcement taken away ---------------------------------------------------------------------
# the kinds that hold a cluster's admission control: webhook configurations, admission policies, Kyverno's policies
_ADMISSION_KINDS = frozenset({"mutatingwebhookconfiguration", "validatingwebhookconfiguration",
                              "validatingadmissionpolicy", "validatingadmissionpolicybinding",
                              "mutatingadmissionpolicy", "mutatingadmissionpolicybinding", "clusterpolicy", "cpol"})
_ENGINE_HOMES = frozenset({"ns", "namespace", "deploy", "deployment", "ds", "daemonset", "sts", "statefulset"})


def _kube_kind(word: str) -> str:
    """`validatingwebhookconfigurations.admissionregistration.k8s.io` -> `validatingwebhookconfiguration`."""
    kind = word.lower().split("/", 1)[0].split(".", 1)[0]
    return kind[:-3] + "y" if kind.endswith("ies") else kind[:-1] if kind.endswith("s") and kind != "ns" else kind


def _policy_removed(a, cmd: Cmd, verb: str) -> None:
    """`kubectl delete validatingwebhookconfiguration kyverno-…`, `kubectl -n gatekeeper-system scale deploy --all
    --replicas=0`, `kubectl delete ns kyverno`: the admission control that stops privileged pods, host mounts and
    unsigned images deleted or scaled to nothing. Another webhook (the project's own operator's) deleted by name,
    and a policy engine scaled to one or more replicas, are ordinary."""
    from ..kube_code import POLICY_ENGINE

    args = cmd.args
    if verb == "scale" and not any(w.value in ("0", "00") for w in option_value(args, "--replicas")):
        return
    pos = [w.value for w in positionals(args, _KUBE_ARG | {"--replicas", "--grace-period", "--cascade"},
                                        stop_at_end=True)[1:12]]
    if not pos or pos[0] is None:
        return
    kinds = {_kube_kind(k) for k in (pos[0].split(",") if "/" not in pos[0] else [p for p in pos if p])}
    names = [p.rsplit("/", 1)[-1] for p in (pos if "/" in pos[0] else pos[1:]) if p]
    names += [w.value for w in option_value(args, "-l", "--selector") if w.value]  # (`-l app=kyverno`)
    every = any(w.value in ("--all", "--all-namespaces", "-A") for w in args)
    spaces = [w.value for w in option_value(args, "-n", "--namespace") if w.value]
    engine = next((n for n in names if POLICY_ENGINE.search(n)), None)
    what = None
    if kinds & _ADMISSION_KINDS and verb == "delete":
        if engine is not None:
            what = f"the policy engine's admission control ({engine})"
        elif every:
            what = "every admission webhook configuration or policy of that kind"
    elif kinds & _ENGINE_HOMES:
        home = next((s for s in spaces if POLICY_ENGINE.search(s)), None)
        if engine is not None or home is not None and (every or names):
            what = f"the policy engine {engine or home}" + (" (scaled to no replicas)" if verb == "scale" else "")
    if what is not None:
        a.block("privilege-escalation", f"`{cmd.name} {verb}` takes away {what}: what stops privileged pods, host "
                                        "mounts and unsigned images in the cluster is gone; fix the objects the "
                                        "policies reject, or ask the cluster's owner for an exception", cmd.node)


# -- the EKS aws-auth map: an IAM identity made the cluster's administrator -----------------------------------------
_ARN = re.compile(r"arn:aws[\w-]*:(?:iam|sts)::\d{12}:[\w/+=,.@-]+")
_AUTH_MAP = re.compile(r"map(?:Roles|Users)|aws-auth")


def _masters_text(a, shown: str, text: str, node) -> bool:
    """An edit of aws-auth's `mapRoles`/`mapUsers` (a yq or sed expression, a patch) that puts an identity in
    system:masters: reviewed, as a role trusted by another account is."""
    from ..kube_manifests import masters_review

    if "system:masters" not in text or not _AUTH_MAP.search(text):
        return False
    masters_review(a, f"`{shown}`", _ARN.findall(text.replace("\\n", "\n")) or ["an identity"], node)
    return True


def _aws_auth_edit(a, cmd: Cmd) -> None:
    """`yq -i '.data.mapRoles += "- rolearn: …\\n  groups:\\n    - system:masters"' aws-auth.yaml`, `eksctl create
    iamidentitymapping --arn … --group system:masters`."""
    if cmd.name == "eksctl":
        if [w.value for w in positionals(cmd.args, frozenset({"--cluster", "--arn", "--group", "--username",
                                                              "--region", "--profile", "-r", "-p", "-c"}))[:2]] != \
                ["create", "iamidentitymapping"] or not any(
                    w.value == "system:masters" for w in option_value(cmd.args, "--group")):
            return
        arns = [w.value or w.text for w in option_value(cmd.args, "--arn")] or ["an identity"]
        from ..kube_manifests import masters_review

        masters_review(a, "`eksctl create iamidentitymapping --group system:masters`", arns, cmd.node)
        return
    for w in cmd.args:
        if _masters_text(a, cmd.name, w.value or w.text, w.node):
            return


_OWN_ACCOUNT = re.compile(r"gcloud\s+config\s+get(?:-value)?\s+(?:core/)?account")


def _option_words(cmd: Cmd, *names: str) -> list[Word]:
    """option_value's words, and those of `--name=$(…)` (a computed word it skips), as they are written."""
    return option_value(cmd.args, *names) + [Word(w.node, None, w.text.split("=", 1)[1]) for w in cmd.args if
                                               w.value is None and w.text.split("=", 1)[0] in names]


# who anyone reaching the API server is: a binding to them opens the cluster to the network
_EVERYONE = frozenset({"system:anonymous", "system:unauthenticated", "system:authenticated"})


def _cluster_admin(a, node, shown: str, subjects: list[str]) -> None:
    """cluster-admin bound to anyone (block) or to a named user, group or service account (review, as a cloud
    account's administrator grant is: cloud_admin.py)."""
    everyone = next((s for s in subjects if s in _EVERYONE), None)
    if everyone is not None:
        a.block(_ESCALATE, f"`{shown}` makes {everyone} (anyone who reaches the API server) administrator of the "
                           "cluster; bind a named account to the narrowest role the task needs", node)
    else:
        a.review(_ESCALATE, f"`{shown}` makes {', '.join(subjects) or 'its subjects'} administrator of the whole "
                            "cluster (every secret, every node's pods); a person should confirm, or bind the narrower "
                            "role the task needs", node)


# -- kubectl's credential plugin -------------------------------------------------------------------
_EXEC_KEY = re.compile(r"^users\.[^ ]+\.exec\.command$")


def _exec_plugin(a, cmd: Cmd, sub: str) -> None:
    """`kubectl config set-credentials U --exec-command=/tmp/.kube-auth`, `kubectl config set
    users.U.exec.command X`: a program kubectl runs, with the cluster's credentials at hand, on every call."""
    if sub == "set-credentials":
        words = option_value(cmd.args, "--exec-command")
        words += [Word(w.node, None, w.text[len("--exec-command="):]) for w in cmd.args
                  if w.value is None and w.text.startswith("--exec-command=")]
    else:
        pos = positionals(cmd.args, _KUBE_ARG)
        words = [pos[i + 1] for i, w in enumerate(pos[:-1]) if w.value and _EXEC_KEY.match(w.value)]
    from .words import file_key

    if sub == "set-credentials" and _plugin_script(a, cmd, words):
        return
    for w in words:
        key = file_key(w) if w.value is not None else _home_key(w.text)
        if key is None:
            continue
        if a.downloaded.get(key) in ("download", "decode"):
            a.block("download-exec", f"`kubectl config {sub}` makes {w.value or w.text}, downloaded by this script, "
                                     "the credential plugin kubectl runs on every call with the cluster's credentials; "
                                     "install the cluster's own login plugin from its publisher", w.node)
            return
        base = key.rsplit("/", 1)[-1]
        if key.startswith(paths.SCRATCH) or base.startswith(".") and len(base) > 1:
            a.block("persistence", f"`kubectl config {sub}` makes {w.value or w.text} (a temporary or hidden file) the "
                                   "credential plugin kubectl runs on every call with the cluster's credentials; use "
                                   "the cluster's own login plugin, installed where programs live", w.node)
            return


def _plugin_script(a, cmd: Cmd, words: list[Word]) -> bool:
    """`--exec-command=sh --exec-arg=-c --exec-arg='curl … | sh'`: a shell or an interpreter made the credential
    plugin, its code given in `--exec-arg`s; kubectl runs that code on every call. Judged as the command it is (a
    plugin script that would be blocked here is blocked). True when a finding was reported."""
    from .commands import INTERPRETERS, SHELLS
    from .containers import script_of
    from .handed import alone

    prog = next((w.value for w in words if w.value), None)
    if prog is None or base_name(prog) not in SHELLS | INTERPRETERS:
        return False
    argv = [prog] + [w.value for w in option_value(cmd.args, "--exec-arg") if w.value is not None]
    lang = "bash" if base_name(prog) in SHELLS else _INLINE_LANG.get(base_name(prog).rstrip("0123456789."))
    script = script_of(argv) if lang == "bash" else _inline_code(argv)
    if not script or lang is None:
        return False
    for r in sorted(alone(a, script, lang), key=lambda r: r.verdict != "block"):
        if r.verdict in ("block", "review") and r.rule not in _NOT_FOUND:
            (a.block if r.verdict == "block" else a.review)(
                r.rule, f"`kubectl config set-credentials --exec-command={prog}` has kubectl run `{script[:80]}` on "
                        f"every call, with the cluster's credentials at hand: {r.message}", cmd.node)
            return True
    return False


_NOT_FOUND = frozenset({"malformed", "parse-timeout", "nesting-too-deep", "nonliteral-command", "obfuscated-command"})
_INLINE_LANG = {"python": "python", "node": "typescript", "nodejs": "typescript", "deno": "typescript",
                "bun": "typescript"}


def _inline_code(argv: list[str]) -> str | None:
    """The code of `python -c CODE` / `node -e CODE`."""
    for i, v in enumerate(argv[1:-1], 1):
        if v in ("-c", "-e", "--eval"):
            return argv[i + 1]
    return None


_HOME_VAR = re.compile(r'^["\']?(?:\$HOME|\$\{HOME\}|~)(/[^\s$`"\']*)["\']?$')


def _home_key(text: str) -> str | None:
    m = _HOME_VAR.match(text)
    return paths.normalize("~" + m.group(1)) if m else None


# -- Helm: charts from where ----------------------------------------------------------------------
_HELM_ARG = frozenset({"-n", "--namespace", "--kube-context", "--kubeconfig", "--version", "--repo", "-f",
                       "--values", "--set", "--set-string", "--set-file", "--set-json", "--timeout", "--username",
                       "--password", "--ca-file", "--cert-file", "--key-file", "--description", "--post-renderer",
                       "--registry-config", "--repository-config", "--repository-cache", "-o", "--output"})
_HELM_INSTALLS = frozenset({"install", "upgrade", "template"})
# settings that give a release the cluster or its nodes: a power word whose setting (up to its `=`) is true or a
# path, or `cluster-admin` anywhere; read by _helm_power (the words in a lookahead: `hostipcluster-admin` holds two,
# and the second is the one that counts)
_HELM_POWER = re.compile(r"(?i)(?=(privileged|clusteradmin|cluster-admin|hostnetwork|hostpid|hostipc|hostpath))")
_HELM_SET_END = re.compile(r"[=,]")
_HELM_TRUE = re.compile(r"(?i)=\s*(?:true|/)")


def _helm_power(sets: str) -> str | None:
    """The first setting of `sets` that gives the release power (the word to its `=true`/`=/…`, else a bare
    `cluster-admin`). Every power word before the same `=` or `,` shares that end: it is looked up once, so that a
    run of them with no `=` is read once, not from each."""
    end = -1
    true = None
    for m in _HELM_POWER.finditer(sets):
        if m.start() >= end:  # a new setting: where it ends, and whether that end is `=true` or `=/`
            stop = _HELM_SET_END.search(sets, m.end(1))
            end = stop.start() if stop else len(sets)
            true = _HELM_TRUE.match(sets, end) if stop else None
        if true is not None:
            return sets[m.start():true.end()]
        if "-" in m.group(1):  # `cluster-admin`, the only word with a `-`, counts anywhere
            return m.group(1)
    return None


# code hosts and their pages sites, where most charts' own repositories are published
_CODE_HOSTS = frozenset({"github.com", "raw.githubusercontent.com", "objects.githubusercontent.com", "gitlab.com",
                         "codeberg.org"})
_CODE_PAGES = (".github.io", ".gitlab.io", ".githubusercontent.com")


def _chart_host(url: str) -> tuple[str, str] | None:
    """(host, "plain" | "unknown") for a chart source that is plain HTTP or a public address, or an https host that
    is neither a code host, a registry product's nor the user's own network; None for the others."""
    from .tools import known_index_host

    host = url_host(url)
    if not host or loopback(host) or not url.startswith(("http://", "https://", "oci://")):
        return None
    try:
        ipaddress.ip_address(host)
        literal = True
    except ValueError:
        literal = False
    if known_index_host(host):
        return None
    if url.startswith("http://") or literal:
        return host, "plain"
    if host in _CODE_HOSTS or host.endswith(_CODE_PAGES) or url.startswith("oci://"):
        # (an OCI registry serves charts as it serves the images a cluster pulls anyway)
        return None
    return host, "unknown"


def _helm_repos(a, cmd: Cmd) -> dict[str, str]:
    """Repositories `helm repo add NAME URL` added earlier in this input: name -> URL."""
    out: dict[str, str] = {}
    for doc, c in a.ctx.commands:
        if doc is a.doc and c.name == "helm" and c.node.start_byte < cmd.node.start_byte:
            p = _path(c.args, _HELM_ARG, 4)
            if p[:2] == ["repo", "add"] and len(p) == 4 and p[2] and p[3]:
                out[p[2]] = p[3]
    return out


def _helm(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _HELM_ARG, 4)
    verb = path[0] if path else None
    if verb == "repo" and path[1:2] == ["add"] and len(path) == 4 and path[3]:
        found = _chart_host(path[3])
        if found is not None and found[1] == "plain":
            a.block("download-exec", f"`helm repo add {path[2]} {path[3]}` takes charts over plain HTTP or from a bare "
                                     "address: whoever is on the path (or behind the address) chooses what the "
                                     "cluster runs; use the chart's publisher's https repository", cmd.node)
        return
    if verb not in _HELM_INSTALLS or verb == "template":
        return
    chart = path[2] if len(path) > 2 else path[1] if len(path) == 2 and any(
        w.value == "--generate-name" for w in cmd.args) else None
    repo = next((w.value for w in option_value(cmd.args, "--repo") if w.value), None)
    source = repo or (chart if chart and "://" in chart else None)
    if source is None and chart and "/" in chart:
        source = _helm_repos(a, cmd).get(chart.split("/", 1)[0])
    found = _chart_host(source) if source else None
    if found is None:
        return
    host, kind = found
    sets = " ".join(w.value or "" for w in option_value(cmd.args, "--set", "--set-string", "--set-json"))
    ns = next((w.value for w in option_value(cmd.args, "-n", "--namespace")), None)
    power = "kube-system" if ns == "kube-system" else _helm_power(sets)
    shown = f"helm {verb} {path[1] or ''}".rstrip()
    if kind == "plain" or power:
        why = "over plain HTTP or from a bare address" if kind == "plain" else f"from {host}, a host no rule knows,"
        a.block("download-exec", f"`{shown}` installs a chart {why} into the cluster"
                                 f"{f' with {power}' if power else ''}: its templates decide what runs there, with "
                                 "the rights it is given; use the chart's publisher's https repository and let the "
                                 "user confirm the settings", cmd.node)
    elif source == chart or repo:
        a.review("download-exec", f"`{shown}` installs a chart fetched from {host}, which is neither a code host nor a "
                                  "registry product's: its templates decide what runs in the cluster; have the user "
                                  "confirm the source, or add it as a named repository they chose", cmd.node)


# -- cloud credentials sent off the machine ----------------------------------------------------------
# hosts of the instance metadata services (AWS, its IPv6 address, Google Cloud, ECS tasks, Alibaba)
_METADATA = frozenset({"169.254.169.254", "fd00:ec2::254", "metadata.google.internal", "metadata",
                       "169.254.170.2", "100.100.100.200"})
_METADATA_CREDS = re.compile(r"/meta-data/(?:iam/security-credentials|identity-credentials)|/service-accounts/|"
                             r"/metadata/identity/oauth2/token|/v2/credentials|/ram/security-credentials")
_HTTP = frozenset({"curl", "wget", "http", "https", "xh"})
# senders to the user's own machines, over their own ssh keys (net.py reads them the same for dumps)
_OWN_HOSTS = frozenset({"ssh", "scp", "sftp", "rsync"})
# (tool, service or group, operation) -> what it prints
_KEY_PRINTERS = {
    ("aws", "iam", "create-access-key"): "the new access key `aws iam create-access-key` prints",
    ("aws", "iam", "create-service-specific-credential"): "the new credential `aws iam "
                                                          "create-service-specific-credential` prints",
    ("aws", "sts", "assume-role"): "the role credentials `aws sts assume-role` prints",
    ("az", "sp", "create-for-rbac"): "the service principal's password `az ad sp create-for-rbac` prints",
    ("az", "credential", "reset"): "the new password `az ad sp credential reset` prints",
}


def _metadata_host(host: str) -> bool:
    # (`2852039166`, `0xa9fea9fe`, `0251.0376.0251.0376`, `::ffff:169.254.169.254`: the same address spelled otherwise)
    return host in _METADATA or canonical_host(host) in _METADATA


def _metadata_url(text: str) -> bool:
    host = url_host(text.replace('"', "").replace("'", ""))
    return host is not None and _metadata_host(host)


_PRINTF_SPEC = re.compile(r"%[-+ #0]*\d*([diusxXo%])")
_VAR = re.compile(r"\$\{?([A-Za-z_]\w*)\}?")


def _printf(values: list[str | None]) -> str | None:
    """What `printf '%d.%d.%d.%d' 169 254 169 254` (numbers and strings only) prints; None otherwise."""
    if len(values) < 2 or values[0] != "printf" or any(v is None for v in values):
        return None
    fmt, rest = values[1], iter(values[2:])
    try:
        return _PRINTF_SPEC.sub(lambda m: "%" if m.group(1) == "%" else str(next(rest)) if m.group(1) == "s" else
                                format(int(next(rest), 0), {"x": "x", "X": "X", "o": "o"}.get(m.group(1), "d")), fmt)
    except (StopIteration, ValueError):
        return None


def _expanded(a, w: Word) -> str:
    """A computed word's text with the variables assigned a printed value earlier in this input put in (`ip=$(printf
    '%d.%d.%d.%d' 169 254 169 254); curl http://$ip/…`): an address spelled so that no text search finds it."""
    if w.value is not None:
        return w.value

    def value(m: re.Match) -> str:
        for v in _assignments(a, w.node, m.group(1)):
            for doc, c in a.ctx.commands:
                if doc is a.doc and v.start_byte <= c.node.start_byte and c.node.end_byte <= v.end_byte:
                    from .words import static_print

                    vals = [x.value for x in c.words]
                    got = _printf(vals) or (static_print(vals) if None not in vals else None)  # type: ignore[arg-type]
                    if got is not None:
                        return got.strip()
        return m.group(0)

    return _VAR.sub(value, w.text) if "$" in w.text else w.text


def _cloud_secret(a, c: Cmd) -> str | None:
    """What cloud credential the command prints, or None."""
    if c.name in _HTTP:
        from .net import http_requests

        for r in http_requests(c.name)(c.args):
            for u in r.urls:
                text = _expanded(a, u)
                if _metadata_url(text) and (_METADATA_CREDS.search(text) or "169.254.170.2" in text):
                    return "the role credentials of the instance metadata service"
        return None
    if c.name not in ("aws", "az"):
        from .identity import printed_secret

        return printed_secret(c)  # (an identity provider's client secret: `kcadm.sh get clients/ID/client-secret`)
    p = _path(c.args, _AWS_ARG | _AZ_ARG, 4)
    if c.name == "az":
        if p == ["storage", "account", "keys", "list"]:
            return "the storage account's keys `az storage account keys list` prints"
        p = p[1:] if p[:1] == ["ad"] else []
        if p[:2] == ["app", "credential"] and p[2:3] == ["reset"]:
            return "the app registration's new secret `az ad app credential reset` prints"
        if p[:1] == ["sp"] and p[1:2] == ["credential"]:
            p = p[1:]
    return _KEY_PRINTERS.get((c.name, *(p[:2])))  # type: ignore[arg-type]


def _key_file(a, cmd: Cmd) -> None:
    """`gcloud iam service-accounts keys create key.json …`, `aws iam create-access-key … > k.json`: the file now
    holds a credential; an upload of it, earlier or later in this input, is blocked (net.note_file)."""
    from .files import written_file
    from .net import note_file

    if cmd.name == "gcloud":
        p = _path(cmd.args, _GCLOUD_ARG, 5)
        if p[:4] != ["iam", "service-accounts", "keys", "create"] or len(p) < 5 or not p[4]:
            return
        target, what = p[4], "a service account key (`gcloud iam service-accounts keys create`)"
    else:
        target, what = written_file(a, cmd.redirects), _cloud_secret(a, cmd)
        if not target or not what or target.startswith("/dev/"):
            return
    note_file(a, target, what, cmd.node)


def _sends_off(a, c: Cmd) -> bool:
    """Does the sender `c` send to another host (not this machine, not the metadata service itself)?"""
    from .net import http_requests

    reader = http_requests(c.name)
    if reader is None:
        if c.name == "openssl":
            return "s_client" in c.values()
        hosts = [w.value for w in positionals(c.args) if w.value is None or not w.value.isdigit()]
        return not hosts or not all(h and loopback(h.strip("[]")) for h in hosts)  # (`nc localhost 9000`: here)
    from .api_calls import remote

    hosts = [(u, remote(u)) for r in reader(c.args) for u in r.urls]
    return not hosts or any(h is not None and not _metadata_url(_expanded(a, u)) for u, h in hosts)


def _keys_sent(a, cmd: Cmd) -> None:
    """`aws iam create-access-key … | curl -d @- https://…`, `curl 169.254.169.254/…/security-credentials/r | nc …`,
    `curl -d "$(aws iam create-access-key …)" …`: a cloud credential fed to a program that sends it away."""
    where = pipeline_stage(cmd)
    dollar = any("$" in w.text or "`" in w.text for w in cmd.args)
    if (where is None or where[1] == 0) and not dollar or cmd.name in _OWN_HOSTS:
        return  # nothing flows into it, or it goes to the user's own machines
    ranges = [(s.start_byte, s.end_byte) for s in where[0][:where[1]]] if where is not None else []
    if dollar:
        ranges.append((cmd.node.start_byte, cmd.node.end_byte))
        for w in cmd.args:
            for name in re.findall(r"\$\{?([A-Za-z_]\w*)", w.text):
                ranges += [(v.start_byte, v.end_byte) for v in _assignments(a, cmd.node, name)]
    if not ranges or not _sends_off(a, cmd):
        return
    for c in commands_in(a, ranges):
        if c is not cmd and c.node != cmd.node:
            what = _cloud_secret(a, c)
            if what:
                a.block("exfiltration", f"`{cmd.name}` sends {what} off the machine: with it anyone acts as that "
                                        "identity; never send credentials anywhere", c.node)
                return


def _fed_manifest(a, cmd: Cmd, text: str, node) -> None:
    """`cat pod.yaml-like-text | kubectl apply -f -` (exec.FED_TEXT: the literal text piped into kubectl)."""
    path = _path(cmd.args, _KUBE_ARG, 1)
    if path and path[0] in ("apply", "create", "replace") and _stdin_free(cmd) and (any(
            w.value == "-" for w in option_value(cmd.args, "-f", "--filename")) or cmd.args[-1].value in ("-f", "--filename")):
        _manifest(a, f"{cmd.name} {path[0]} -f -", text, node)


def _stdin_free(cmd: Cmd) -> bool:
    """No here-document or here-string of its own (which _kubectl reads instead)."""
    return not any(r.type in ("heredoc_redirect", "herestring_redirect") for r in cmd.redirects)


HANDLERS: dict = {"aws": [_aws], "gcloud": [_gcloud], "az": [_az], "kubectl": [_kubectl], "oc": [_kubectl],
                  "helm": [_helm], "firebase": [_firebase], "globus": [_globus],
                  **dict.fromkeys(("yq", "sed", "gsed", "eksctl"), [_aws_auth_edit])}
for _n in NET_SENDERS:
    HANDLERS.setdefault(_n, []).append(_keys_sent)


def _register_fed() -> None:
    from .exec import chain_fed

    for name in ("kubectl", "oc"):
        chain_fed(name, _fed_manifest)


_register_fed()

# fastpath screens: the words each handler above reads (NET_SENDERS are judged always)
_AWS_WORDS = mentions(*AWS_AUDIT_OFF, "update-detector", "put-event-selectors", "update-trail", "delete-log-group",
                      "assume-role", "create-role", "change-resource-record-sets", "create-access-key",
                      "create-service-specific-credential", "send-command", "--endpoint-url")
def _s3_foreign_upload(a, cmd: Cmd) -> None:
    from .net import s3_foreign_upload  # (net.py's upload rules; registered here so `aws` keeps its screen)

    s3_foreign_upload(a, cmd)


HANDLERS["aws"].append(_s3_foreign_upload)

_KUBE_WORDS = mentions("cluster-admin", "privileged", "hostPID", "hostIPC", "hostNetwork", "hostPath", "nsenter", "chroot",
                       "SYS_", "capabilities", "authorized_keys", "overrides", "exec-command", "exec.command",
                       "base64", "WebhookConfiguration", "CatalogSource", "aws-auth", "system:masters",
                       "finalizers", "webhookconfiguration", "admissionpolic", "clusterpolic", "cpol", "--replicas",
                       "command")


def _kube_screen(text: str) -> bool:
    from ..kube_code import POLICY_ENGINE

    return _KUBE_WORDS(text) or POLICY_ENGINE.search(text) is not None  # (`kubectl delete ns kyverno`)
SCREENS: dict = {
    "aws": _AWS_WORDS,
    "gcloud": mentions("add-metadata", "sinks", "logging", "destroy", "keys", "add-iam-policy-binding"),
    "az": mentions("ssh-key-value", "diagnostic-settings", "log-profiles", "assignment"),
    "kubectl": _kube_screen, "oc": _kube_screen,
    "helm": mentions("://", "repo", "--repo"),
    **dict.fromkeys(("yq", "sed", "gsed", "eksctl"), mentions("system:masters")),
    "firebase": mentions("deploy"), "globus": mentions("permission", "share"),
}
