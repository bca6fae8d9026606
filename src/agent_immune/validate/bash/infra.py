"""Operations that destroy state outside the working tree: cloud resources, infrastructure
managed as code, cluster objects, container volumes, databases and backups. Rule
`irreversible` (review): a person says whether it is meant.

Each tool is read by its command path (the subcommand words after its global options), never by
a pattern over the whole text: `aws --profile prod s3 rm s3://b --recursive` is service `s3`,
operation `rm`. What such a command loses lives on another machine, so neither the sandbox nor
git can bring it back; the verdict is a review because each of these is also ordinary when the
user asked for it. SQL given to a database client (`-c`, `-e`, a here-document, a pipe) is read
statement by statement, with comments and string literals taken out first.
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import sql
from . import escapes as _escapes  # noqa: F401  (its FED_TEXT entries first: the SQL readers chain onto them)
from .commands import Cmd, base_name, has_flag, option_value, positionals, resolve
from .containers import RUN_VALUE
from .common import mentions, pipeline_stage, short_flag
from .exec import chain_fed, stdin_text
from .handed import alone, first_block
from .words import Word

RULE = "irreversible"


def _held(a, cmd: Cmd, shown: str, lost: str, instead: str, node=None) -> None:
    a.review(RULE, f"`{shown}` {lost}, with no undo; {instead}", node if node is not None else cmd.node)


def _path(args: list[Word], with_arg: frozenset = frozenset(), limit: int = 4) -> list[str | None]:
    """The first `limit` positional words (the command path: `s3 rm`, `compute instances delete`),
    skipping options and the values of those in `with_arg`; None for a computed word. Stops at `--`."""
    return [w.value for w in positionals(args, with_arg, stop_at_end=True)[:limit]]


def _after(args: list[Word], word: str) -> list[Word]:
    """The words after the first `word` (a subcommand's own options and arguments)."""
    for i, w in enumerate(args):
        if w.value == word:
            return args[i + 1:]
    return []


def _flag(args: list[Word], *names: str) -> bool:
    """A long or single-dash option present, alone or as `--name=VALUE` (not `=false`)."""
    for w in args:
        v = w.value
        if v and v[:1] == "-":
            key, eq, val = v.partition("=")
            if key in names and val.lower() not in ("false", "0", "none"):
                return True
    return False


def _dry(args: list[Word]) -> bool:
    return _flag(args, "--dry-run", "--dryrun")


# -- infrastructure as code ---------------------------------------------------------------------------
# Terraform's Go flags take `-x VALUE` as well as `-x=VALUE`; these would otherwise read as a plan file
_TF_ARG = frozenset({"-var", "-var-file", "-target", "-replace", "-exclude", "-out", "-state", "-state-out",
                     "-backup", "-lock-timeout", "-parallelism", "-chdir", "-config", "-generate-config-out",
                     "--terragrunt-working-dir", "--terragrunt-config", "--working-dir", "--config",
                     "--terragrunt-source", "--source", "--queue-include-dir", "--queue-exclude-dir"})
_TF_DESTROY = ("deletes every resource the configuration manages (servers, databases and their data, DNS, "
               "buckets)")
_TF_SHOW = "show what would go with `terraform plan -destroy` and let the user run it"


def _tf_flag(args: list[Word], name: str) -> bool:
    """`-auto-approve`, `--auto-approve`, `-auto-approve=true` (Go flags take one or two dashes)."""
    return _flag(args, name, "-" + name)


def _terraform(a, cmd: Cmd) -> None:
    args = cmd.args
    path = _path(args, _TF_ARG, 3)
    if cmd.name == "terragrunt" and path[:1] in (["run-all"], ["run"]):
        path = path[1:]  # `terragrunt run-all destroy`, `terragrunt run --all -- destroy`
        if not path:
            path = [w.value for w in _after(args, "--")[:1]]
    if not path:
        return
    sub = path[0]
    shown = f"{cmd.name} {sub}" if sub else cmd.name
    if sub == "destroy" and not _tf_flag(args, "-help"):
        _held(a, cmd, shown, _TF_DESTROY, _TF_SHOW)
    elif sub in ("apply", None) and _tf_flag(args, "-destroy"):
        _held(a, cmd, f"{cmd.name} apply -destroy", _TF_DESTROY, _TF_SHOW)
    elif sub in ("apply", None) and len(path) < 2 and (_tf_flag(args, "-auto-approve") or cmd.name == "terragrunt"
                                                        and _flag(args, "--terragrunt-non-interactive",
                                                                  "--non-interactive")):
        # a saved plan file (`apply tf.plan`) was made, and can be shown, before it is applied
        _held(a, cmd, f"{shown} -auto-approve", "applies a plan no one has seen, and a plan can replace or delete "
                      "resources (a database whose settings changed is destroyed and created again)",
              f"save the plan with `{cmd.name} plan -out=tf.plan`, show it, then `{cmd.name} apply tf.plan`")
    elif sub == "state" and path[1:2] == ["rm"] and not _tf_flag(args, "-dry-run"):
        # (the resources stay: what is lost is the team's record of them, until each is imported again)
        a.review(RULE, f"`{shown} rm` changes the state the whole team works from: Terraform forgets the resources "
                       "(they run on unmanaged until imported again, and an apply of a configuration that still "
                       "declares them creates them twice); with Terraform 1.7 or later write a `removed` block with "
                       "`lifecycle { destroy = false }` and apply it through a plan, or back the state up with "
                       f"`{cmd.name} state pull > backup.tfstate` and let the user run it", cmd.node)
    elif sub == "state" and path[1:2] == ["push"]:
        _held(a, cmd, f"{shown} push", "overwrites the shared state the whole team works from", "back the state up "
              f"with `{cmd.name} state pull > backup.tfstate` and let the user run it")
    elif sub == "workspace" and path[1:2] == ["delete"]:
        _held(a, cmd, f"{shown} delete", "deletes the workspace's state (the record of what it manages)",
              "let the user run it")


_PULUMI_ARG = frozenset({"-C", "--cwd", "-s", "--stack", "--color", "--config-file", "-m", "--message", "-t",
                         "--target", "--parallel", "-p", "--tracing", "--profiling", "--verbose", "-v", "-c",
                         "--config", "--replace", "--exclude", "--secrets-provider"})


def _pulumi(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _PULUMI_ARG, 2)
    sub = path[0] if path else None
    if sub in ("destroy", "down"):
        _held(a, cmd, f"pulumi {sub}", "deletes every resource of the stack (servers, databases and their data)",
              "show what would go with `pulumi preview --destroy` and let the user run it")
    elif sub == "stack" and path[1:2] == ["rm"]:
        _held(a, cmd, "pulumi stack rm", "deletes the stack with its configuration and deployment history",
              "export it first (`pulumi stack export`) and let the user run it")
    elif sub == "state" and path[1:2] == ["delete"]:
        _held(a, cmd, "pulumi state delete", "makes Pulumi forget a resource (it runs on unmanaged)",
              "let the user run it")
    elif sub in ("up", "update") and has_flag(cmd.args, "yf", ("--yes", "--skip-preview")):
        _held(a, cmd, f"pulumi {sub} --yes", "applies changes no one has seen, and an update can replace or delete "
                      "resources", "show them with `pulumi preview`, then run `pulumi up` for the user to confirm")


_CDK_ARG = frozenset({"-a", "--app", "-c", "--context", "--profile", "-o", "--output", "--role-arn", "-p",
                      "--plugin"})


def _cdk(a, cmd: Cmd) -> None:
    if _path(cmd.args, _CDK_ARG, 1) == ["destroy"]:
        _held(a, cmd, f"{cmd.name} destroy", "deletes the stacks' resources (databases and buckets whose removal "
                      "policy is not RETAIN go with their data)", f"show them with `{cmd.name} diff` and let the "
                      "user run it")


# -- cloud CLIs: the verbs that destroy --------------------------------------------------------------
_AWS_ARG = frozenset({"--profile", "--region", "--output", "--endpoint-url", "--query", "--ca-bundle", "--color",
                      "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format"})
_AWS_VERBS = ("delete-", "terminate-", "purge-", "deregister-", "batch-delete-")
_AWS_OPS = frozenset({"schedule-key-deletion"})


def _aws(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _AWS_ARG, 2)
    if len(path) < 2 or path[1] is None or _dry(cmd.args):
        return
    service, op = path[0], path[1]
    if service in ("s3api", "s3control") and op in _OPENING:
        _s3_public(a, cmd, service, op)
    elif service == "route53" and op == "change-resource-record-sets":
        _sign_in_repointed(a, cmd)
    elif service == "s3":
        if op in ("rm", "rb") or op == "sync" and _flag(cmd.args, "--delete"):
            what = {"rm": "deletes the objects (every one under the prefix with --recursive)",
                    "rb": "deletes the bucket (with --force, every object in it)",
                    "sync": "deletes every object at the destination that the source does not have"}[op]
            _held(a, cmd, f"aws s3 {op}", what, "see what goes with `--dryrun` and let the user run it")
    elif op.startswith(_AWS_VERBS) or op in _AWS_OPS:
        _held(a, cmd, f"aws {service or '…'} {op}", "deletes or terminates cloud resources (and the data they hold)",
              "check it with `--dry-run` where the operation has one, snapshot or back up first, and let the user "
              "run it")


# An S3 bucket opened to anyone, judged as boto3's `put_bucket_policy`/`put_bucket_acl` are (python/irreversible.py):
# a policy letting every principal (`"Principal": "*"`, no Condition) only download objects is a website's bucket
# (held for a person), unless the bucket's name says it holds Terraform state, secrets or private data; one that also
# lets anyone list, write or do anything, and a canned public ACL or a grant to the AllUsers group, are blocked.
# Removing the public access block (or turning its settings off) is what lets such a policy take effect: it loses
# nothing (`put-public-access-block` puts it back), so it is asked about as the opening it prepares, not as a delete.
_OPENING = frozenset({"put-bucket-policy", "put-bucket-acl", "delete-public-access-block", "put-public-access-block"})
_PUBLIC_ACL = frozenset({"public-read", "public-read-write", "authenticated-read"})
_ALL_USERS = re.compile(r"(?i)acs\.amazonaws\.com/groups/global/(?:AllUsers|AuthenticatedUsers)")
# (the four settings by name: `BlockPublic\w*` retried from every mention of a long run of names is quadratic)
_BLOCK_OFF = re.compile(r"(?i)(?:BlockPublic(?:Acls|Policy)|IgnorePublicAcls|RestrictPublicBuckets)\W{1,8}+false")
# a bucket holding Terraform state or credentials (every secret the configuration manages is in the state, in clear)
_SECRETS_BUCKET = re.compile(r"(?i)tf-?state|terraform|(?:^|[-_.])state(?:[-_.]|$)|credential|vault")


def _s3_public(a, cmd: Cmd, service: str, op: str) -> None:
    import json

    from ..python.irreversible import _public_actions
    from .cloud import _literal_or_file

    bucket = next((w.value for w in option_value(cmd.args, "--bucket") if w.value), None)
    shown = f"aws {service} {op}"
    if op in ("delete-public-access-block", "put-public-access-block"):
        conf = " ".join(w.value or "" for w in option_value(cmd.args, "--public-access-block-configuration"))
        if op == "delete-public-access-block" or _BLOCK_OFF.search(conf):
            where = f"bucket {bucket}" if bucket else "account" if service == "s3control" else "bucket"
            # (session 29) a bucket whose name says it holds backups, secrets or private data is never a website's
            opening = a.block if bucket and (_SECRETS_BUCKET.search(bucket) or _PRIVATE_BUCKET.search(bucket)) \
                else a.review
            opening("exfiltration", f"`{shown}` lifts the {where}'s block on public access: a policy or ACL can then "
                                     "open it to anyone on the internet; keep the block, and grant the people who "
                                     "need access by name", cmd.node)
        return
    name = f"s3://{bucket}" if bucket else "the bucket"
    if op == "put-bucket-acl":
        acl = {w.value for w in option_value(cmd.args, "--acl")}
        grants = option_value(cmd.args, "--grant-read", "--grant-read-acp", "--grant-write", "--grant-full-control")
        if not acl.isdisjoint(_PUBLIC_ACL) or any(_ALL_USERS.search(w.value or "") for w in grants):
            a.block("exfiltration", f"`{shown}` lets anyone on the internet list and read {name} (every object in "
                                    "it); keep buckets private and share objects with presigned URLs", cmd.node)
        return
    words = option_value(cmd.args, "--policy")
    text = _literal_or_file(a, words[0]) if words else None
    try:
        actions = _public_actions(json.loads(text)) if text else None
    except ValueError:
        return
    if not actions:
        return
    say = f"`{shown}` gives anyone on the internet (`\"Principal\": \"*\"`, no Condition) " \
          f"{', '.join(sorted(actions)[:4])} on {name}"
    private = bucket is not None and (_SECRETS_BUCKET.search(bucket) or _PRIVATE_BUCKET.search(bucket))
    if all(x.lower() in ("s3:getobject", "s3:getobjectversion") for x in actions) and not private:
        a.review("exfiltration", f"{say}: every object in it can be downloaded by anyone; if it is a website's bucket, "
                                 "let a person confirm it, otherwise share objects with presigned URLs", cmd.node)
    else:
        why = "its name says it holds Terraform state, secrets or private data, and " if private else ""
        a.block("exfiltration", f"{say}: {why}everything in it can be taken by anyone; keep it private and share "
                                "objects with presigned URLs", cmd.node)


# Route 53 records of the names people sign in or receive mail at, pointed at an address: whoever answers there gets
# the passwords typed into that page. A record pointed elsewhere is also ordinary work (a server moved), so a person
# confirms the address is the organisation's; other names, and names pointed at a host name, are left alone.
_SIGN_IN_NAME = re.compile(r"(?i)^(?:login|signin|sign-in|sso|auth|oauth|idp|id|accounts?|secure|mail|smtp|imap|"
                           r"webmail|vpn|portal)\.")


def _sign_in_repointed(a, cmd: Cmd) -> None:
    from ..hosts import public_ip
    from .cloud import dns_changes

    for w, changes in dns_changes(a, cmd):
        for change in changes:
            rs = change.get("ResourceRecordSet")
            if not isinstance(rs, dict) or change.get("Action") not in ("UPSERT", "CREATE") or \
                    rs.get("Type") not in ("A", "AAAA") or not _SIGN_IN_NAME.match(str(rs.get("Name", ""))):
                continue
            values = [str(r.get("Value", "")) for r in rs.get("ResourceRecords") or () if isinstance(r, dict)]
            far = next((v for v in values if public_ip(v)), None)
            if far is not None:
                a.review("exfiltration", f"`aws route53 change-resource-record-sets` points {rs['Name']}, a name "
                                         f"people sign in at, to {far}: whoever answers there receives what they "
                                         "type; a person should confirm the address is the organisation's", w.node)
                return


_GCLOUD_ARG = frozenset({"--project", "--account", "--configuration", "--format", "--verbosity",
                         "--impersonate-service-account", "--billing-project", "--flags-file", "--trace-token",
                         "--zone", "--region", "--filter", "--limit", "--sort-by", "--page-size", "--location"})


def _gcloud(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _GCLOUD_ARG, 6)
    if "delete" in path or "storage" in path and "rm" in path:
        verb = "delete" if "delete" in path else "rm"
        shown = " ".join(p for p in path[:path.index(verb) + 1] if p)
        _held(a, cmd, f"gcloud {shown}", "deletes cloud resources (a project takes every resource and its data "
              "with it)", "let the user run it, after a backup or export where the data matters")
    elif "storage" in path and "rsync" in path and _flag(cmd.args, "--delete-unmatched-destination-objects"):
        _held(a, cmd, "gcloud storage rsync --delete-unmatched-destination-objects", "deletes every object at the "
              "destination that the source does not have", "see what goes with `--dry-run` and let the user run it")


_GSUTIL_ARG = frozenset({"-o", "-h", "-u", "-i"})


# a bucket opened to anyone on the internet: `gsutil iam ch allUsers:objectViewer gs://b`, `gsutil acl ch -u AllUsers:R`.
# A website's assets are published so (reviewed: a person says the bucket is meant to be public); a bucket whose name
# says it holds personal data, backups or secrets is blocked.
_EVERYONE = re.compile(r"(?i)^(?:-[ugp]\s*)?(?:allUsers|allAuthenticatedUsers|AllUsers|AllAuthenticatedUsers)(?::|$)")
_PRIVATE_BUCKET = re.compile(r"(?i)pii|private|secret|backup|confiden|customer|payroll|patient|medical|financ|personal|"
                             r"internal|users?-?data|hr-|-hr\b|warehouse|datalake|data-lake|dump|export")


def _gsutil_public(a, cmd: Cmd, path: list[str | None]) -> bool:
    if path[:1] not in (["iam"], ["acl"], ["defacl"]):
        return False
    vals = [w.value or "" for w in cmd.args]
    if not any(_EVERYONE.match(v) for v in vals):
        return False
    bucket = next((v for v in vals if v.startswith("gs://")), "the bucket")
    if _PRIVATE_BUCKET.search(bucket):
        a.block("exfiltration", f"`gsutil {path[0]} ch` makes {bucket} readable by anyone on the internet, and its name "
                                "says it holds private data; keep it private and grant the people who need it by name",
                cmd.node)
    else:
        a.review("exfiltration", f"`gsutil {path[0]} ch` makes {bucket} readable by anyone on the internet; a person "
                                 "should confirm it is meant to be public (a website's assets)", cmd.node)
    return True


def _gsutil(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _GSUTIL_ARG, 1)
    if _gsutil_public(a, cmd, _path(cmd.args, _GSUTIL_ARG, 2)):
        return
    if path in (["rm"], ["rb"]):
        _held(a, cmd, f"gsutil {path[0]}", "deletes the objects or the bucket", "list what goes with `gsutil ls` "
              "and let the user run it")
    elif path == ["rsync"]:
        own = _after(cmd.args, "rsync")
        if has_flag(own, "d") and not has_flag(own, "n"):
            _held(a, cmd, "gsutil rsync -d", "deletes every object at the destination that the source does not have",
                  "see what goes with `-n` (dry run) and let the user run it")


_AZ_ARG = frozenset({"--subscription", "-g", "--resource-group", "-n", "--name", "-o", "--output", "--query"})


def _az(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _AZ_ARG, 5)
    verb = next((p for p in path if p in ("delete", "delete-batch", "purge")), None)
    if verb is not None and not _dry(cmd.args):
        shown = " ".join(p for p in path[:path.index(verb) + 1] if p)
        _held(a, cmd, f"az {shown}", "deletes Azure resources (a resource group takes everything in it)",
              "let the user run it, after a backup where the data matters")


# tool -> (options with a value, how deep the verb may sit, the verbs that destroy, what goes)
_CLOUD: dict[str, tuple[frozenset, int, frozenset, str]] = {
    "doctl": (frozenset({"-t", "--access-token", "-c", "--config", "--context", "-o", "--output"}), 4,
              frozenset({"delete", "rm", "del", "d"}), "deletes DigitalOcean resources (droplets, databases, "
                                                        "volumes and their data)"),
    **dict.fromkeys(("fly", "flyctl"), (frozenset({"-a", "--app", "-c", "--config", "-t", "--access-token", "-o",
                                                   "--org"}), 3, frozenset({"destroy", "delete", "rm", "remove"}),
                                        "destroys the app, machines or volumes (and their data)")),
    **dict.fromkeys(("vercel", "vc"), (frozenset({"-t", "--token", "-S", "--scope", "--cwd", "-A",
                                                  "--local-config", "-Q", "--global-config"}), 2,
                                       frozenset({"remove", "rm"}), "removes the project, deployments, domains or "
                                                                    "settings")),
    "bq": (frozenset({"--project_id", "--location", "--dataset_id", "--format"}), 1, frozenset({"rm"}),
           "deletes the dataset, table or model (with -r every table in the dataset)"),
    "s3cmd": (frozenset({"-c", "--config"}), 1, frozenset({"del", "rm", "rb"}), "deletes the objects or the bucket"),
    # hosted databases: Turso (libSQL), Neon and PlanetScale (Postgres, MySQL)
    "turso": (frozenset({"-c", "--config-path"}), 3, frozenset({"destroy"}), "destroys the database, group or "
                                                                              "organisation and its data"),
    **dict.fromkeys(("neonctl", "neon"), (frozenset({"--api-key", "--project-id", "--org-id", "--context-file",
                                                     "--config-dir", "-o", "--output"}), 3,
                                          frozenset({"delete", "rm"}), "deletes the project, branch, database or "
                                                                       "role (a project takes every branch with it)")),
    "pscale": (frozenset({"--org", "--config", "--api-token", "--service-token", "--service-token-id", "--api-url",
                          "-f", "--format"}), 3, frozenset({"delete"}), "deletes the database, branch or backup "
                                                                         "(a database takes every branch with it)"),
    # hosting: Hetzner Cloud, Linode (and its object storage: `obj rb`, `obj del`)
    "hcloud": (frozenset({"--context", "--config", "--poll-interval", "-o", "--output"}), 3, frozenset({"delete"}),
               "deletes the server, volume, floating IP or other resource (and the data on it)"),
    "linode-cli": (frozenset({"--as-user", "--config", "--format", "--delimiter"}), 2,
                   frozenset({"delete", "rb", "del"}), "deletes the Linode, volume, domain, bucket or object (and "
                                                       "the data on it)"),
    # tunnels: a named Cloudflare tunnel (its credentials and the routes to it), ngrok's reserved domains and
    # addresses, endpoints and credentials (`ngrok api reserved-domains delete ID`: the URL may be claimed by others)
    "cloudflared": (frozenset({"--config", "--origincert", "--loglevel", "--logfile", "--metrics", "--cred-file",
                               "--credentials-file"}), 3, frozenset({"delete"}),
                    "deletes the named tunnel and its credentials: the hostnames routed to it stop answering"),
    "ngrok": (frozenset({"--config", "--api-key", "--authtoken", "--log", "--log-format", "--log-level"}), 3,
              frozenset({"delete"}), "deletes the account's reserved domain, address, endpoint or credential: a "
                                     "released domain may be claimed by someone else"),
}


def _cloud(a, cmd: Cmd) -> None:
    with_arg, depth, verbs, lost = _CLOUD[cmd.name]
    path = _path(cmd.args, with_arg, depth)
    verb = next((p for p in path if p in verbs), None)
    if verb is not None and not _dry(cmd.args) and not (cmd.name == "s3cmd" and has_flag(cmd.args, "n")):
        shown = " ".join(p for p in path[:path.index(verb) + 1] if p)
        _held(a, cmd, f"{cmd.name} {shown}", lost, "let the user run it, after a backup where the data matters")


# first-word verbs (`heroku apps:destroy`, `firebase firestore:delete`): tool -> verbs, what goes
_HEROKU = frozenset({"apps:destroy", "destroy", "pg:reset", "addons:destroy", "pg:backups:delete",
                     "pg:backups:restore", "pg:copy", "pg:push"})
_FIREBASE = frozenset({"database:remove", "database:set", "hosting:disable"})


def _colon_verbs(a, cmd: Cmd) -> None:
    path = _path(cmd.args, frozenset({"-a", "--app", "-r", "--remote", "-P", "--project", "--site", "--auth"}), 1)
    verb = path[0] if path else None
    if verb is None:
        return
    if cmd.name == "heroku" and verb in _HEROKU:
        lost = ("overwrites the target database with another one" if verb in ("pg:copy", "pg:push",
                                                                               "pg:backups:restore")
                else "deletes the app, add-on, database contents or backup")
        _held(a, cmd, f"heroku {verb}", lost, "capture a backup (`heroku pg:backups:capture`) and let the user run it")
    elif cmd.name in ("netlify", "firebase") and (verb.endswith(":delete") or cmd.name == "firebase" and
                                                  verb in _FIREBASE):
        _held(a, cmd, f"{cmd.name} {verb}", "deletes or overwrites hosted data (sites, documents, functions)",
              "export what matters first and let the user run it")


def _supabase(a, cmd: Cmd) -> None:
    path = _path(cmd.args, frozenset({"--workdir", "--project-ref", "--db-url", "-o", "--output"}), 2)
    if path == ["db", "reset"]:
        # a plain `supabase db reset` rebuilds the local database from migrations and seed: a dev loop
        if _flag(cmd.args, "--linked") or option_value(cmd.args, "--db-url"):
            _held(a, cmd, "supabase db reset --linked", "empties the linked (remote) project's database",
                  "reset the local database (`supabase db reset` without --linked), or dump the remote one first "
                  "and let the user run it")
    elif path in (["projects", "delete"], ["branches", "delete"], ["storage", "rm"]):
        _held(a, cmd, f"supabase {' '.join(path)}", "deletes the project, branch or stored files",
              "let the user run it")


# -- more hosting CLIs: the command path after the global options ----------------------------------------
_EKSCTL_ARG = frozenset({"-n", "--name", "-r", "--region", "-p", "--profile", "-f", "--config-file", "-C", "--color",
                         "-v", "--verbose", "--cluster", "--timeout"})


def _eksctl(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _EKSCTL_ARG, 2)
    if path[:1] == ["delete"] and not _flag(cmd.args, "--help", "-h"):
        what = path[1] if len(path) > 1 and path[1] else "…"
        _held(a, cmd, f"eksctl delete {what}", "deletes the EKS cluster or its parts (node groups with the volumes "
              "and local data of their nodes, add-ons, service accounts) and the CloudFormation stacks eksctl made "
              "for them", "list what goes with `eksctl get` and let the user run it")


_WRANGLER_ARG = frozenset({"-c", "--config", "-e", "--env", "--env-file", "--cwd"})
# kv keys and R2 objects: Wrangler 3 deletes them in the Cloudflare account unless told `--local`, Wrangler 4 in
# the local storage of `wrangler dev` unless told `--remote`; the version is not in the text, so only an explicit
# `--local` counts
_WRANGLER_LOCAL_TOO = (["kv", "key"], ["kv", "bulk"], ["r2", "object"])


def _wrangler(a, cmd: Cmd) -> None:
    args = cmd.args
    if _dry(args) or _flag(args, "--help", "-h"):
        return
    # the older colon spellings (`wrangler kv:namespace delete`) are the same command path
    path = [p for v in _path(args, _WRANGLER_ARG, 5) for p in (v.split(":") if v and v.startswith("kv:") else [v])]
    verb = next((p for p in path if p and (p == "delete" or p.startswith("delete-"))), None)
    if verb is not None:
        if path[:1] == ["auth"] or path[:2] in _WRANGLER_LOCAL_TOO and _flag(args, "--local"):
            return  # a login profile on this machine; the local storage of `wrangler dev`
        shown = " ".join(p for p in path[:path.index(verb) + 1] if p)
        _held(a, cmd, f"wrangler {shown}", "deletes the Worker, database, bucket, namespace, queue or other "
              "Cloudflare resource (and the data it holds)", "let the user run it, after an export or backup where "
              "the data matters (`wrangler d1 export`)")
    elif path[:2] == ["d1", "execute"] and _flag(args, "--remote"):
        # without --remote the SQL runs on the local database of `wrangler dev`
        for w in option_value(args, "--command"):
            _sql_held(a, cmd, w.value if w.value is not None else w.text, w.node)


def _turso_shell(a, cmd: Cmd) -> None:
    """`turso db shell DB "DROP TABLE t"`: SQL run on the hosted database."""
    path = _path(cmd.args, _CLOUD["turso"][0], 4)
    if path[:2] == ["db", "shell"]:
        for text in path[3:]:
            if text is not None:
                _sql_held(a, cmd, text, cmd.node)


def _neon_reset(a, cmd: Cmd) -> None:
    """`neon branches reset|restore`: the branch's own changes are replaced, unless kept under another name."""
    path = _path(cmd.args, _CLOUD["neon"][0], 2)
    if path[:1] in (["branches"], ["branch"]) and path[1:2] in (["reset"], ["restore"]) and \
            not option_value(cmd.args, "--preserve-under-name"):
        _held(a, cmd, f"{cmd.name} branches {path[1]}", "replaces the branch's data with its parent's (or another "
              "point's), dropping its own changes", "keep the old state with `--preserve-under-name NAME` and let "
              "the user run it")


# Commands these CLIs run on another machine (`gcloud compute ssh vm --command '…'`, `heroku run …`):
# while the tools were unknown to the rules, such a string was judged by handed.py (`command-string`);
# now that they are known it is judged here, the same way. tool -> (the verb, options holding the command)
_REMOTE: dict[str, tuple[str, tuple[str, ...]]] = {
    "gcloud": ("ssh", ("--command",)), **dict.fromkeys(("fly", "flyctl"), ("ssh", ("-C", "--command"))),
    "az": ("run-command", ("--scripts",)), "doctl": ("ssh", ("--ssh-command",)), "heroku": ("run", ()),
}


def _remote(a, cmd: Cmd) -> None:
    from .exec import remote_shell_reads_stdin, stdin_text

    if cmd.name == "fab":  # Fabric: `fab -H HOST -- CMD` runs CMD on each host, as `ssh HOST CMD` does
        from .exec import _judge_shell_words

        _judge_shell_words(a, _after(cmd.args, "--"), cmd)
        return
    verb, options = _REMOTE[cmd.name]
    path = _path(cmd.args, _GCLOUD_ARG | _AZ_ARG | _CLOUD["fly"][0] | _CLOUD["doctl"][0], 4)
    if verb not in path or (cmd.name == "heroku" and path[0] != "run"):
        return
    words = option_value(cmd.args, *options) if options else \
        [w for w in _after(cmd.args, "run") if not (w.value or "-").startswith("-")]
    if cmd.name == "gcloud":
        words += _after(cmd.args, "--")
    if cmd.redirects and (not words or remote_shell_reads_stdin([w.value for w in words])):
        fed = stdin_text(a, cmd)  # `gcloud compute ssh vm <<'EOF'`: the remote shell runs the here-document
        if fed is not None and fed[0].strip():
            _elsewhere(a, f"{cmd.name} … {verb}", fed[0].strip(), fed[2] if fed[2] is not None else cmd.node)
            return
    if not words or any(w.value is None for w in words):
        return
    _elsewhere(a, f"{cmd.name} … {verb}", " ".join(w.value for w in words), words[0].node)  # type: ignore[misc]


# bazel's options that name a program it runs: `--workspace_status_command` at every build, `--run_under` before each
# target of `bazel run`/`bazel test` (a label `//tools:x` is a target of the project). The program is judged as the
# command it is; bazel's own verbs (`bazel shutdown`, `bazel clean --expunge`) act on its server and output base only.
_BAZEL_RUNS = ("--workspace_status_command", "--run_under")


def _bazel(a, cmd: Cmd) -> None:
    args = cmd.args
    for i, w in enumerate(args):
        v = w.value or ""
        opt, eq, text = v.partition("=")
        if opt not in _BAZEL_RUNS:
            continue
        if not eq:
            nxt = args[i + 1] if i + 1 < len(args) else None
            text = nxt.value if nxt is not None and nxt.value is not None else ""
        if text and not text.startswith(("//", "@", ":")):
            a.nested(text, "bash", w.node, None)


# what a command is blocked for here that is an attack on any machine (a backdoor account, a payload run, a
# shell or secrets sent out): on the hosts an inventory names it is blocked as here. Wipes and system writes
# stay reviews there: on a server they are also the administrator's ordinary work.
_ATTACKS = frozenset({"privilege-escalation", "persistence", "reverse-shell", "exfiltration", "secret-read",
                      "download-exec", "decode-exec", "obfuscated-command", "unguarded-agent", "anti-forensics"})


def _elsewhere(a, shown: str, text: str, node, attacks_block: bool = False) -> None:
    """`text` is a command run on other machines: one that would be blocked here is reviewed (`command-string`),
    or with `attacks_block` blocked when the block is for an attack (_ATTACKS); one held here (`dropdb prod`) is
    held the same way, since what it loses is lost there."""
    if shown.endswith(".sudo") and text.lstrip()[:1] == "-":  # fabric's `c.sudo("-u postgres psql …")`: sudo's words
        text = "sudo " + text.lstrip()
    reasons = alone(a, text)
    found = first_block(reasons)
    attacks = {r.rule: r for r in reasons if r.verdict == "block" and r.rule in _ATTACKS} if attacks_block else {}
    for attack in attacks.values():
        a.block(attack.rule, f"`{shown}` runs `{text}` on every host it names: {attack.message}", node)
    if attacks:
        return
    if found is not None:
        a.review("command-string", f"`{shown}` runs `{text}` on another machine, where it would be blocked here "
                                   f"({found.rule}: {found.message}); let the user run it", node)
        return
    held = next((r for r in reasons if r.rule == RULE), None)
    if held is not None:
        a.review(RULE, f"`{shown}` runs `{text}` on another machine: {held.message}", node)
    elif (found_delete := remote_find_delete(text)) is not None:
        a.review(RULE, f"`{shown}` runs `{found_delete}` on another machine: it deletes the files it finds there, "
                       "with no undo; list them first (without `-delete`) and let the user run the delete", node)


# Ansible ad-hoc commands (`ansible PATTERN -m MODULE -a ARGS`) act on every host the pattern names. The
# command modules' text is judged as the command it is there; the modules below delete with `state=absent`.
_ANSIBLE_ABSENT = {
    "file": "deletes the path on every host (a directory with everything in it)",
    "postgresql_db": "drops the database on every host", "mysql_db": "drops the database on every host",
    "mongodb_db": "drops the database on every host",
    "docker_volume": "deletes the volume and its data on every host",
    "k8s": "deletes the cluster objects (a namespace with everything in it)",
    "s3_bucket": "deletes the bucket (with force, every object in it)",
}
_ANSIBLE_COMMANDS = frozenset({"command", "shell", "raw"})
_ANSIBLE_ARG = frozenset({"-m", "--module-name", "-a", "--args", "-i", "--inventory", "-u", "--user", "-e",
                          "--extra-vars", "-f", "--forks", "-l", "--limit", "-B", "--background", "-P", "--poll", "-t",
                          "--tree", "-c", "--connection", "-T", "--timeout", "--private-key", "--key-file", "-M",
                          "--module-path", "--become-user", "--become-method", "--vault-password-file", "--vault-id",
                          "--playbook-dir", "--task-timeout", "--ssh-common-args", "--ssh-extra-args",
                          "--sftp-extra-args", "--scp-extra-args", "--become-password-file",
                          "--connection-password-file"})
_ABSENT = re.compile(r"""(?i)(?:^|[\s,{])["']?state["']?\s*[=:]\s*["']?absent\b""")
# modules that write a file on each host, and where their arguments name it
_ANSIBLE_FILE_WRITES = frozenset({"copy", "lineinfile", "blockinfile", "template"})
_PRODUCTION_WORD = re.compile(r"(?i)(?<![a-z])prod(?:uction)?(?![a-z])")
_ANSIBLE_SRC = re.compile(r"""(?:^|[\s,{])["']?(?:src|path)["']?\s*[=:]\s*["']?([^\s"',}]+)""")
_ANSIBLE_DEST = re.compile(r"""(?:^|[\s,{])["']?(?:dest|path|name)["']?\s*[=:]\s*["']?([^\s"',}]+)""")


def _ansible(a, cmd: Cmd) -> None:
    args = cmd.args
    if _flag(args, "--check", "-C", "--list-hosts", "--help", "-h", "--syntax-check"):
        return  # check mode changes nothing (and skips command modules); the others only print
    module = next((w.value for w in reversed(option_value(args, "-m", "--module-name"))), "command")
    texts = option_value(args, "-a", "--args", "--arg", "--ar")
    if module is None or not texts or texts[-1].value is None:
        return
    module, text, node = module.rsplit(".", 1)[-1], texts[-1].value, texts[-1].node
    pattern = next(iter(_path(args, _ANSIBLE_ARG, 1)), None) or "…"
    if module in _ANSIBLE_COMMANDS:
        _elsewhere(a, f"ansible {pattern} -m {module}", text, node, attacks_block=True)
    elif module in ("fetch", "slurp"):
        from .. import paths

        src = next((m.group(1) for m in _ANSIBLE_SRC.finditer(text)), None)
        if src is not None and paths.SECRET in paths.kinds(src):
            a.block("secret-read", f"`ansible {pattern} -m {module} src={src}` reads {src}, a secret, from every host "
                                   "it names; agents must not touch credentials (read only what the task needs)", node)
    elif module == "authorized_key" and _ABSENT.search(text):
        # one group's key rotated is ordinary; the key taken off every host, or a production inventory's, locks out
        # whoever else logs in with it
        inventory = " ".join(w.value or "" for w in option_value(args, "-i", "--inventory"))
        if pattern not in ("all", "*") and not _PRODUCTION_WORD.search(inventory + " " + pattern):
            return
        _held(a, cmd, f"ansible {pattern} -m authorized_key state=absent", "takes the login key off every host it "
              "names: whoever logs in with it is locked out", "run it with `--check --diff` first and let the user "
              "run it", node)
    elif module == "authorized_key":
        a.block("persistence", f"`ansible {pattern} -m authorized_key` adds a login key to every host it names: whoever "
                               "holds the private key logs in from then on; let the user add keys", node)
    elif module in _ANSIBLE_FILE_WRITES and not _ABSENT.search(text):
        from .. import paths

        dest = next((m.group(1) for m in _ANSIBLE_DEST.finditer(text)), None)
        if dest is not None and paths.PERSISTENCE in paths.kinds(dest):
            a.block("persistence", f"`ansible {pattern} -m {module}` writes {dest} on every host it names, a "
                                   "start-up, login or privilege file; let the user change it", node)
    elif module in _ANSIBLE_ABSENT and _ABSENT.search(text):
        _held(a, cmd, f"ansible {pattern} -m {module} state=absent", _ANSIBLE_ABSENT[module],
              "run it with `--check --diff` first to see what goes, and let the user run it", node)


# -- clusters ---------------------------------------------------------------------------------------
_KUBE_ARG = frozenset({"-n", "--namespace", "--context", "--cluster", "--user", "--kubeconfig", "-s", "--server",
                       "--token", "--as", "--as-group", "--as-uid", "--request-timeout", "-v", "--v", "--cache-dir",
                       "--certificate-authority", "--client-certificate", "--client-key", "--tls-server-name",
                       "--profile", "--profile-output", "-o", "--output", "-l", "--selector", "--field-selector",
                       "-f", "--filename", "-k", "--kustomize", "--grace-period", "--timeout", "--cascade"})
# kind (any spelling, API group dropped) -> what deleting it loses
_KIND_LOSS = {
    **dict.fromkeys(("namespace", "namespaces", "ns", "project", "projects"),
                    "deletes the namespace and everything in it (workloads, volume claims and their data, secrets)"),
    **dict.fromkeys(("persistentvolume", "persistentvolumes", "pv", "persistentvolumeclaim",
                     "persistentvolumeclaims", "pvc"),
                    "deletes the volume and, with the usual Delete reclaim policy, the data on it"),
    **dict.fromkeys(("customresourcedefinition", "customresourcedefinitions", "crd", "crds"),
                    "deletes the resource definition and every object of that kind in the cluster"),
    **dict.fromkeys(("node", "nodes", "no"), "removes the node from the cluster"),
    **dict.fromkeys(("statefulset", "statefulsets", "sts"), "stops the stateful workload (a database); with a "
                                                           "Delete claim retention policy its volumes go too"),
    **dict.fromkeys(("secret", "secrets"), "deletes the secret, whose value may exist nowhere else (generated "
                                           "passwords, certificates)"),
    **dict.fromkeys(("volumesnapshot", "volumesnapshots", "vs"), "deletes the snapshot (a backup)"),
    "all": "deletes every workload of the namespace",
}
_RECREATED = frozenset({"pod", "pods", "po"})  # a controller starts them again


def _kube_kinds(targets: list[str | None]) -> set[str]:
    if not targets or targets[0] is None:
        return set()
    if "/" in targets[0]:  # `kubectl delete ns/prod pvc/data-0`
        return {(t or "").split("/", 1)[0].split(".", 1)[0].lower() for t in targets}
    return {k.split(".", 1)[0].lower() for k in targets[0].split(",")}


# Labels and annotations that take a namespace (or a workload) out of the cluster's admission policies: image
# signatures no longer checked (sigstore's policy-controller, Connaisseur), Pod Security's `privileged` level, a
# Gatekeeper exemption. Whatever is deployed there next runs unchecked.
_POLICY_EXEMPT = re.compile(
    r"^(?:(?:policy|cosigned)\.sigstore\.dev/include(?:=(?!true$).*|-)$|"
    r"admission\.gatekeeper\.sh/ignore(?:=.*)?$|"
    r"securesystemsengineering\.connaisseur/webhook=ignore$|"
    r"policies\.kyverno\.io/\w*exclu\w*=.*$)")


# Pod Security's `privileged` level is also what a dev cluster's node agents ask for (a CNI, an exporter): reviewed.
_PRIVILEGED_LEVEL = re.compile(r"^pod-security\.kubernetes\.io/enforce(?:=privileged|-)$")


def _policy_exempt(a, cmd: Cmd, path: list) -> None:
    what = " ".join(v or "…" for v in path[1:3])
    bad = next((v for v in path[2:] if v and _POLICY_EXEMPT.match(v)), None)
    if bad is not None:
        a.block("permission-tamper", f"`{cmd.name} {path[0]} {what} {bad}` takes it out of the cluster's admission "
                                     "policies (image signatures checked): whatever is deployed there next runs "
                                     "unchecked; deploy a signed image that passes them, or let a person change the "
                                     "policy", cmd.node)
        return
    lax = next((v for v in path[2:] if v and _PRIVILEGED_LEVEL.match(v)), None)
    if lax is not None:
        a.review("permission-tamper", f"`{cmd.name} {path[0]} {what} {lax}` lets pods there run privileged (host "
                                      "access); a person should confirm", cmd.node)


# manifests of the project's tests and samples, named relative to it: what a test applies and deletes again
# (the last such folder of the path is the one taken, atomically: an earlier one has the same rest after it and more,
# and a try from each `tests/` of a run of them read the rest again)
_TEST_MANIFEST = re.compile(r"^(?:\./)?(?>(?:[\w.-]+/)*(?:tests?|e2e|testdata|fixtures|config/samples)/)"
                            r"(?!.*\.\./)[\w./-]*$")


def _kubectl(a, cmd: Cmd) -> None:
    args = cmd.args
    path = _path(args, _KUBE_ARG, 8)
    verb = path[0] if path else None
    tool = cmd.name
    if verb in ("label", "annotate"):
        _policy_exempt(a, cmd, path)
    if verb == "delete":
        if _flag(args, "--dry-run"):  # `--dry-run`, `--dry-run=client|server` (`=none` deletes)
            return
        kinds = _kube_kinds(path[1:])
        held = sorted(k for k in kinds if k in _KIND_LOSS)
        files = option_value(args, "-f", "--filename", "-k", "--kustomize")
        if files and all(_TEST_MANIFEST.match(w.value or "") for w in files):
            pass  # a test's own fixtures taken down again (`kubectl delete -f tests/fixtures/memcached.yaml`)
        elif files:
            _held(a, cmd, f"{tool} delete -f", "deletes every object the manifests list (they may list namespaces, "
                  "volume claims, resource definitions)", f"show them with `{tool} delete --dry-run=client -f …` "
                  "and let the user run it")
        elif len(path) == 1 and cmd.xargs_opts is not None or path[1:2] == [None]:
            # `… | xargs kubectl delete`, `kubectl delete $(kubectl get ns -o name)`: named at run time
            _held(a, cmd, f"{tool} delete", "deletes whatever objects are named at run time (namespaces and volume "
                  "claims as readily as pods)", f"list them with `{tool} get`, and delete the named ones")
        elif held:
            _held(a, cmd, f"{tool} delete {held[0]}", _KIND_LOSS[held[0]], f"see what goes with `{tool} get` and "
                  f"`{tool} delete --dry-run=client …`, and let the user run it")
        elif (_flag(args, "--all", "--all-namespaces", "-A") or option_value(args, "-l", "--selector",
                                                                              "--field-selector")) \
                and not (kinds and kinds <= _RECREATED):
            _held(a, cmd, f"{tool} delete {' '.join(sorted(kinds)) or '…'} --all/--selector", "deletes every "
                  "object of that kind the selection matches", f"list them with `{tool} get` and delete the named "
                  "ones")
    elif verb == "exec":
        _inside(a, cmd, _argv_after(_after(args, "exec"), _RUN_ARG))
    elif verb == "drain" and _flag(args, "--delete-emptydir-data", "--delete-local-data", "--force"):
        _held(a, cmd, f"{tool} drain", "evicts every pod from the node and deletes their local (emptyDir) data and "
              "the pods no controller recreates", "drain without those options (it stops on such pods) and let "
              "the user decide")
    elif verb == "replace" and _flag(args, "--force"):
        _held(a, cmd, f"{tool} replace --force", "deletes the objects and creates them again (a volume claim "
              "recreated this way loses its data)", f"use `{tool} apply`, or let the user run it")


_HELM_ARG = frozenset({"-n", "--namespace", "--kube-context", "--kubeconfig", "--kube-apiserver", "--kube-token",
                       "--kube-as-user", "--kube-as-group", "--kube-ca-file", "--registry-config",
                       "--repository-config", "--repository-cache", "--burst-limit", "--qps", "--timeout",
                       "--description", "--cascade"})


def _helm(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _HELM_ARG, 1)
    if path and path[0] in ("uninstall", "delete", "del", "un") and not _dry(cmd.args):
        _held(a, cmd, f"helm {path[0]}", "deletes the release and every object it installed (volume claims and "
              "their data, secrets)", "see what goes with `helm uninstall --dry-run` and `helm get manifest`, and "
              "let the user run it")


# -- containers -------------------------------------------------------------------------------------
_DOCKER_ARG = frozenset({"-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "--tlscacert",
                         "--tlscert", "--tlskey", "-f", "--file", "-p", "--project-name", "--project-directory",
                         "--env-file", "--profile", "--ansi", "--progress", "--parallel", "--url", "--connection",
                         "--root", "--runroot", "--storage-driver", "--namespace", "-n", "--address"})
_VOLUMES_KEPT = ("a build or a pull cannot bring back what a volume held; list them with `docker volume ls`, "
                 "back up what matters and let the user run it")


def _docker(a, cmd: Cmd) -> None:
    path = _path(cmd.args, _DOCKER_ARG, 3)
    if cmd.name in ("docker-compose", "podman-compose"):
        path = ["compose"] + path
    if path[:1] == ["volume"] and path[1:2] in (["rm"], ["remove"], ["prune"]):
        _held(a, cmd, f"{cmd.name} volume {path[1]}", "deletes the volumes and the data in them (databases, "
              "uploads)", _VOLUMES_KEPT)
    elif path[:2] == ["system", "prune"] and _flag(_after(cmd.args, "prune"), "--volumes"):
        # without --volumes a prune loses only what a build or a pull recreates (images, stopped
        # containers, networks, build cache), like `docker rm` and `docker image prune`
        _held(a, cmd, f"{cmd.name} system prune --volumes", "also deletes every volume no container uses, and "
              "the data in it", _VOLUMES_KEPT)
    elif path[:1] == ["compose"] and path[1:2] in (["down"], ["rm"]) and has_flag(_after(cmd.args, path[1]), "v",
                                                                                     ("--volumes",)) and \
            not _test_project(cmd):
        _held(a, cmd, f"{cmd.name} {'' if cmd.name.endswith('-compose') else 'compose '}{path[1]} -v",
              "also deletes the project's volumes and the data in them (its databases)",
              f"`{cmd.name if cmd.name.endswith('-compose') else cmd.name + ' compose'} {path[1]}` without -v "
              "keeps them")
    elif path[:1] in (["exec"], ["run"]) or path[:1] == ["compose"] and path[1:2] in (["exec"], ["run"]):
        verb = path[1] if path[0] == "compose" else path[0]
        _inside(a, cmd, _argv_after(_after(cmd.args, verb), _RUN_ARG), compose=path[0] == "compose")


def _test_project(cmd: Cmd) -> bool:
    """`docker compose -f docker-compose.test.yml down -v`, `docker compose -p app-e2e down -v`: the compose project a
    test suite starts for its run (its databases are created empty by its `up` and seeded by the tests), every file
    and the project name, when given, named as a test or CI copy; a production file or name is no test's."""
    named = [w.value for w in option_value(cmd.args, "-f", "--file", "-p", "--project-name")]
    if not named or any(v is None for v in named):
        return False
    stems = [v.rsplit("/", 1)[-1] for v in named if v]
    return all(sql.throwaway_name(re.sub(r"\.ya?ml$", "", v)) for v in stems)


# -- commands run inside a container or pod ---------------------------------------------------------
# `docker compose exec db psql -c 'DROP DATABASE app'`, `kubectl exec pg-0 -- dropdb app`: the database
# is in the container, and what the command loses is lost there. Only this module's handlers judge the
# inner command (what a container does to itself is not the host's business for the other rules).
_RUN_ARG = frozenset({"-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys", "--index",
                      "-v", "--volume", "-p", "--publish", "--name", "--network", "--net", "--entrypoint", "-l",
                      "--label", "--mount", "--platform", "-h", "--hostname", "--cpus", "-m", "--memory",
                      "--restart", "--add-host", "--dns", "--cap-add", "--cap-drop", "--device", "--gpus", "--ipc",
                      "--pid", "--shm-size", "--ulimit", "--log-driver", "--log-opt", "--tmpfs", "--security-opt",
                      "--stop-signal", "--pull", "-c", "--container", "-n", "--namespace", "--context",
                      "--kubeconfig", "--pod-running-timeout"}) | RUN_VALUE  # (and every other of docker run's)


def _argv_after(args: list[Word], with_arg: frozenset) -> list[Word]:
    """The argv after the options and the container (or image, pod): `-it db psql -c x` -> `psql -c x`;
    after `--` when there is one (`kubectl exec pg-0 -c db -- psql`)."""
    for i, w in enumerate(args):
        if w.value == "--":
            return args[i + 1:]
    i = 0
    while i < len(args):
        v = args[i].value
        if v is None or v[:1] != "-" or v == "-":
            return args[i + 1:]
        i += 2 if v in with_arg else 1
    return []


_CONTAINER_TOOLS = frozenset({"docker", "podman", "nerdctl", "docker-compose", "podman-compose"})


def container_argv(cmd: Cmd) -> list[Word]:
    """The argv `cmd` runs in a container or pod (`docker compose exec -T api env`, `kubectl exec pod -- env`:
    `env`); empty when it runs none there."""
    if cmd.name in ("kubectl", "oc"):
        if _path(cmd.args, _KUBE_ARG, 1) != ["exec"]:
            return []
        return _argv_after(_after(cmd.args, "exec"), _RUN_ARG)
    if cmd.name not in _CONTAINER_TOOLS:
        return []
    path = _path(cmd.args, _DOCKER_ARG, 2)
    if cmd.name in ("docker-compose", "podman-compose") or path[:1] in (["compose"], ["container"]):
        path = path[1:] if path[:1] in (["compose"], ["container"]) else path
    verb = path[0] if path else None
    if verb not in ("exec", "run"):
        return []
    return _argv_after(_after(cmd.args, verb), _RUN_ARG)


def run_inside(cmd: Cmd, words: list[Word] | None = None) -> Cmd | None:
    """The command `cmd` runs in a container or pod (the argv `words`, by default container_argv's), resolved as a
    command of its own, with what is fed to `cmd` reaching it (`docker exec -i db psql <<'SQL'`: the here-document);
    None when it runs none. For the modules judging a client's commands there (bash/directory.py, bash/homelab.py)."""
    words = container_argv(cmd) if words is None else words
    if not words:
        return None
    inner = resolve(words, cmd.node)
    inner.redirects = cmd.redirects
    return inner


def _inside(a, cmd: Cmd, words: list[Word], compose: bool = False) -> None:
    inner = run_inside(cmd, words)
    if inner is None:
        return
    if compose:  # on the compose project's network: `-h db` is one of its services (_COMPOSE)
        inner.wrappers = [*inner.wrappers, (_COMPOSE, cmd.words[0])]
    for fn in HANDLERS.get(inner.name, ()):
        fn(a, inner)


# -- databases --------------------------------------------------------------------------------------
def sql_loss(text: str) -> str | None:
    """What the SQL `text` destroys (`DROP DATABASE`, `TRUNCATE`, `DELETE FROM without WHERE` ...), or None."""
    found = sql.loss(text)
    return found.statement() if found is not None else None


def _sql_held(a, cmd: Cmd, text: str, node, local: bool = False) -> None:
    """Hold SQL that loses data; with `local` (the client reaches this machine's or a throwaway database) only a
    statement naming a production database (`DROP DATABASE shop_prod`)."""
    found = sql.loss(text)
    if found is not None and not (local and not sql.production_name(found.target)):
        _held(a, cmd, f"{cmd.name} … {found.statement()}", "destroys data on the database server", "take a dump or "
              "snapshot first, try it in a transaction (`BEGIN; …; ROLLBACK;`) or on a copy, and let the user run it",
              node)


# client -> the options whose value is SQL it runs (clusters: `psql -XAtc '…'`, `mysql -Ne '…'`)
_SQL_OPTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "psql": (("-c", "--command"), "c"),
    **dict.fromkeys(("mysql", "mariadb"), (("-e", "--execute"), "e")),
    "sqlcmd": (("-Q", "-q", "--query"), ""),
    "clickhouse-client": (("--query", "-q"), ""),
    "clickhouse": (("--query", "-q"), ""),
    "cockroach": (("-e", "--execute"), ""),
    # warehouses and query engines (session 12): Snowflake, Databricks SQL, Trino/Presto, Spark, Hive, Impala,
    # Cassandra, and usql's one client for all of them
    "snowsql": (("-q", "--query"), ""),
    "dbsqlcli": (("-e", "--execute"), ""),
    **dict.fromkeys(("trino", "presto"), (("--execute",), "")),
    **dict.fromkeys(("spark-sql", "beeline", "hive"), (("-e",), "")),
    "impala-shell": (("-q", "--query"), ""),
    "cqlsh": (("-e", "--execute"), ""),
    "usql": (("-c", "--command"), ""),
}
# client -> the options naming a file of SQL it runs (read when this input wrote it: `cat > drop.sql <<EOF … EOF;
# snowsql -f drop.sql`)
_SQL_FILES: dict[str, tuple[str, ...]] = {
    "psql": ("-f", "--file"), "snowsql": ("-f", "--filename"), **dict.fromkeys(("trino", "presto"), ("-f", "--file")),
    **dict.fromkeys(("spark-sql", "beeline", "hive"), ("-f",)), "impala-shell": ("-f", "--query_file"),
    "cqlsh": ("-f", "--file"), "usql": ("-f", "--file"), "sqlcmd": ("-i", "--input-file"),
    "clickhouse-client": ("--queries-file",),
}


# client -> (options naming the server, options naming the database, the variables of the environment standing for
# them, whether its first positional word is the database, a URL or a conninfo string)
_SQL_TARGET: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, str], bool]] = {
    "psql": (("-h", "--host"), ("-d", "--dbname"), ("PGHOST", "PGDATABASE"), True),
    **dict.fromkeys(("mysql", "mariadb"), (("-h", "--host"), ("-D", "--database"), ("MYSQL_HOST", ""), True)),
    **dict.fromkeys(("clickhouse-client", "clickhouse"), (("-h", "--host"), ("-d", "--database"),
                                                          ("CLICKHOUSE_HOST", ""), False)),
    "cockroach": (("--host",), ("-d", "--database"), ("COCKROACH_HOST", ""), False),
    "usql": ((), (), ("", ""), True),
}
# options of the clients above that take a value (so it is not read as the database): psql's and usql's, MySQL's (whose
# `-p` is a password written onto it, or asked for)
_PSQL_ARG = frozenset({"-c", "--command", "-d", "--dbname", "-f", "--file", "-h", "--host", "-p", "--port", "-U",
                       "--username", "-v", "--set", "--variable", "-o", "--output", "-L", "--log-file", "-F",
                       "--field-separator", "-R", "--record-separator", "-T", "--table-attr", "-P", "--pset"})
_MYSQL_ARG = frozenset({"-e", "--execute", "-D", "--database", "-u", "--user", "-h", "--host", "-P", "--port", "-S",
                        "--socket", "--defaults-file", "--defaults-extra-file", "--login-path",
                        "--default-character-set", "--protocol", "--ssl-ca", "--ssl-cert", "--ssl-key", "--ssl-mode",
                        "--init-command"})
_CONNINFO = re.compile(r"(?:^|\s)(host|hostaddr|dbname)\s*=\s*'?([^'\s]*)")
_COMPOSE = "docker compose"  # the wrapper _inside names for a command run in a compose project's container


def _local_sql(a, cmd: Cmd) -> bool:
    """Whether the SQL client reaches this machine's database or a throwaway one (sql.local_database): `psql -h
    localhost -U postgres app_test`, `mysql -h 127.0.0.1 shop`, `psql postgres://postgres@localhost/app_dev`, `psql
    -h db …` run in a compose project's container, `psql app_test` with no host. A host or database given at run time
    (`-h "$DB_HOST"`, `"$DATABASE_URL"`) is not known to be local."""
    target = _SQL_TARGET.get(cmd.name)
    if target is None:
        return False
    host_opts, db_opts, (host_env, db_env), positional = target
    service = any(name == _COMPOSE for name, _ in cmd.wrappers)
    urls = option_value(cmd.args, "--url") if cmd.name == "cockroach" else []
    names = option_value(cmd.args, *db_opts) if db_opts else []
    if positional:
        names += positionals(cmd.args, _MYSQL_ARG if cmd.name in ("mysql", "mariadb") else _PSQL_ARG)[:1]
    hosts = option_value(cmd.args, *host_opts) if host_opts else []
    host = _one(hosts) if hosts else _assigned(a, cmd, host_env)
    name = None
    for w in urls + names:
        v = w.value
        if v is None:
            return False
        if "://" in v:
            return sql.local_url(v, service)
        found = dict(_CONNINFO.findall(v))
        if found:
            host = found.get("host") or found.get("hostaddr") or host
            name = found.get("dbname") or name
        else:
            name = v
    if name is None:
        name = _assigned(a, cmd, db_env)
    if host == "$":
        return False
    return sql.local_database(host, name, service)


def _one(words: list[Word]) -> str:
    """The last of an option's values (the one the client keeps); "$" when it is computed."""
    v = words[-1].value
    return "$" if v is None else v


def _assigned(a, cmd: Cmd, name: str) -> str | None:
    """The variable `name` the command runs with (its prefix, or set earlier in this script); "$" when computed."""
    if not name:
        return None
    prefix = [w for n, w in cmd.assigns if n == name]
    if prefix:
        return _one(prefix)
    if name in a.ev.vars:
        return a.ev.vars[name] if a.ev.vars[name] is not None else "$"
    return None


def _sql_client(a, cmd: Cmd) -> None:
    if cmd.name in ("cockroach", "clickhouse") and _path(cmd.args, frozenset(), 1) not in (["sql"], ["client"]):
        return
    local = _local_sql(a, cmd)
    options, cluster = _SQL_OPTIONS[cmd.name]
    for w in option_value(cmd.args, *options, cluster=cluster):
        # `psql -c "DROP TABLE $t"`: the text as written still says what it does
        _sql_held(a, cmd, w.value if w.value is not None else w.text, w.node, local)
    fed = stdin_text(a, cmd)
    if fed is not None:
        _sql_held(a, cmd, fed[0], fed[2] or cmd.node, local)
    if cmd.name in _SQL_FILES:
        from .written import text_written

        for w in option_value(cmd.args, *_SQL_FILES[cmd.name]):
            got = text_written(a, w.value) if w.value else None
            if got is not None:
                _sql_held(a, cmd, got[0], w.node, local)


def _databricks(a, cmd: Cmd) -> None:
    """`databricks api post /api/2.0/sql/statements --json '{"statement": "DROP TABLE …", …}'` (and the statement
    execution command's `--statement`): the SQL the warehouse runs."""
    import json

    for w in option_value(cmd.args, "--statement"):
        _sql_held(a, cmd, w.value if w.value is not None else w.text, w.node)
    for w in option_value(cmd.args, "--json"):
        try:
            body = json.loads(w.value or "")
        except ValueError:
            continue
        if isinstance(body, dict) and isinstance(body.get("statement"), str):
            _sql_held(a, cmd, body["statement"], w.node)


def _dump_file(a, cmd: Cmd) -> None:
    """`pg_dump -f /tmp/d.sql`: the dump's file, remembered for an upload of it later (net.dump_file)."""
    from .net import dump_file

    dump_file(a, cmd)


_DUMPERS = ("pg_dump", "pg_dumpall", "mysqldump", "mariadb-dump", "mysqlpump", "mongodump")


def _bq_query(a, cmd: Cmd) -> None:
    if _path(cmd.args, _CLOUD["bq"][0], 1) == ["query"]:
        for w in _after(cmd.args, "query"):
            if w.value and not w.value.startswith("-"):
                _sql_held(a, cmd, w.value, w.node)


def _sqlite(a, cmd: Cmd) -> None:
    """sqlite3 (and duckdb) on a file outside the working tree (`~/…/History`, `/var/lib/app/app.db`); the project's
    own development database is part of the work and stays allowed."""
    path = _path(cmd.args, frozenset({"-cmd", "-separator", "-newline", "-nullvalue", "-init", "-vfs", "-A",
                                      "-maxsize", "-mmap", "-pagecache", "-lookaside", "-heap", "-c", "-s"}), 8)
    if cmd.name == "duckdb":  # `duckdb DB -c "SQL"`
        path += [w.value for w in option_value(cmd.args, "-c", "-s")]
    db = path[0] if path else None
    if not db or not db.startswith(("/", "~")) or db.startswith(("/tmp/", "/var/tmp/", "/dev/shm/")):
        return
    for text in path[1:]:
        if text is not None:
            _sql_held(a, cmd, text, cmd.node)
    fed = stdin_text(a, cmd)
    if fed is not None:
        _sql_held(a, cmd, fed[0], fed[2] or cmd.node)


# a database named for tests (Rails' `app_test`, Django's `test_app`): test set-ups drop and recreate it
_TEST_DB = re.compile(r"(?:^|[_-])test(?:s|ing)?(?:$|[_-])", re.IGNORECASE)
_DROPDB_ARG = frozenset({"-h", "--host", "-p", "--port", "-U", "--username", "--maintenance-db"})


def _dropdb(a, cmd: Cmd) -> None:
    if _flag(cmd.args, "--help", "-?", "--version", "-V"):
        return
    names = _path(cmd.args, _DROPDB_ARG)
    if names and names[-1] is not None and _TEST_DB.search(names[-1]):
        return
    _held(a, cmd, "dropdb", "deletes the database and all its data", "dump it first (`pg_dump`) and let the user run it")


def _mysqladmin(a, cmd: Cmd) -> None:
    if any(v and v.lower() == "drop" for v in _path(cmd.args, frozenset({"-u", "--user", "-h", "--host", "-P",
                                                                         "--port", "-S", "--socket"}), 8)):
        _held(a, cmd, "mysqladmin drop", "deletes the database and all its data", "dump it first (`mysqldump`) and "
              "let the user run it")


_REDIS_ARG = frozenset({"-h", "-p", "-a", "-n", "-u", "-s", "-r", "-i", "-d", "--user", "--pass", "--cacert",
                        "--cacertdir", "--cert", "--key", "--sni", "--tls-ciphers", "--tls-ciphersuites", "--eval",
                        "--pattern", "--count", "--quoted-pattern", "--rdb", "--pipe-timeout", "-D"})
_FLUSH = re.compile(r"(?i)(?<![\w-])flush(?:all|db)\b")


def _redis(a, cmd: Cmd) -> None:
    words = _path(cmd.args, _REDIS_ARG, 16)
    if _redis_plants(a, cmd, " ".join(v for v in words if v), cmd.node):
        return
    # also inside a script (`EVAL "redis.call('flushall')" 0`)
    found = next((m for v in words if v for m in [_FLUSH.search(v)] if m), None)
    if found is not None:
        if not _local_redis(cmd):
            _redis_held(a, cmd, found.group(0), cmd.node)
        return
    fed = stdin_text(a, cmd)
    if fed is not None:
        _redis_text(a, cmd, fed[0], fed[2] or cmd.node)
    if cmd.xargs_opts is not None and _redis_key_wipe(a, cmd):
        return
    _redis_deletes(a, cmd, (words[0] or "") if words else "")


_REDIS_DELETES = frozenset({"del", "unlink"})


def _redis_deletes(a, cmd: Cmd, verb: str) -> bool:
    """`redis-cli -u "$STAGING_REDIS_URL" DEL k`, `… --scan | xargs redis-cli -h cache.example.net UNLINK`: keys
    deleted on a server that is not this machine (a shared cache, staging, production), which nothing brings back.
    The local development server's keys (no -h, 127.0.0.1, localhost) are the agent's to delete."""
    if verb.lower() not in _REDIS_DELETES:
        return False
    server = _redis_server(cmd)
    if server is None:
        return False
    fed = cmd.xargs_opts is not None
    _held(a, cmd, f"{'… | xargs ' if fed else ''}{cmd.name} {verb.upper()}", f"deletes {'the keys fed to it' if fed else 'keys'} "
          f"on {server}, another machine's database", "list what would go first (`--scan --pattern …` without the "
          "delete), save a snapshot (`BGSAVE`), and let the user run it")
    return True


def _local_redis(cmd: Cmd) -> bool:
    """`redis-cli -h localhost -n 1 FLUSHDB`, `-u redis://127.0.0.1:6379/1`, `-h redis` in a compose project's
    container: the server named is this machine's (a development or test instance, emptied by test set-ups). With no
    server named the client's default may be a tunnel or a config's: held, as before."""
    words = option_value(cmd.args, "-u") + option_value(cmd.args, "-h")
    if not words or any(w.value is None for w in words):
        return False
    service = any(name == _COMPOSE for name, _ in cmd.wrappers)
    return all(sql.local_url(w.value, service) if "://" in w.value else  # type: ignore[operator]
               sql.local_database(w.value, None, service) for w in words)


def _redis_server(cmd: Cmd) -> str | None:
    """The server `redis-cli` talks to when it is not this machine: `-h HOST`, `-u redis://…@HOST:6379/0`, or one
    known only at run time (`-u "$STAGING_REDIS_URL"`); None for the local default."""
    from ..hosts import loopback, url_host

    for w in option_value(cmd.args, "-u") + option_value(cmd.args, "-h"):
        if w.value is None:
            return f"a server known only at run time ({w.text})"
        host = url_host(w.value) if "://" in w.value else w.value.strip("[]").lower()
        if host and not loopback(host) and not host.startswith("/"):
            return host
    return None


# The classic Redis file write: `CONFIG SET dir /var/spool/cron/crontabs`, `CONFIG SET dbfilename root`, then a key
# holding a cron line and `SAVE` (sql.redis_plant, which code's clients share)
_REDIS_TOKEN = re.compile(r"[^\s'\",()\[\]{}]+")


def _redis_plants(a, cmd: Cmd, line: str, node) -> bool:
    """`CONFIG SET dir /root/.ssh`, `CONFIG SET dbfilename authorized_keys` (also several pairs in one `CONFIG SET`,
    or inside a script): Redis told to write its snapshot where the system runs or trusts it. Blocked as
    persistence; a data directory (`/var/lib/redis`, `/data`) and its usual file names stay allowed."""
    if "onfig" not in line and "ONFIG" not in line:
        return False
    toks = _REDIS_TOKEN.findall(line)
    for i in range(len(toks) - 1):
        found = sql.redis_planted_pair(toks[i:], command=True)
        if found is not None:
            a.block("persistence", sql.redis_plant_message(cmd.name, *found), node)
            return True
    return False


_REDIS_CLIS = frozenset({"redis-cli", "valkey-cli", "keydb-cli"})
_EVERY_KEY = re.compile(r"\*+")


def _redis_key_wipe(a, cmd: Cmd) -> bool:
    """`redis-cli --scan | xargs redis-cli del`, `redis-cli KEYS '*' | xargs redis-cli unlink`: every key listed,
    then deleted a batch at a time, which is FLUSHDB spelled out. (Whether it was held.)"""
    verb = next(iter(_path(cmd.args, _REDIS_ARG, 1)), None)
    if (verb or "").lower() not in ("del", "unlink"):
        return False
    feed = _fed_by(a, cmd)
    if feed is None or feed.name not in _REDIS_CLIS:
        return False
    if any(v == "--scan" for v in feed.values()):
        pattern = option_value(feed.args, "--pattern", "--quoted-pattern")
        every = not pattern or pattern[-1].value is not None and _EVERY_KEY.fullmatch(pattern[-1].value)
    else:
        words = _path(feed.args, _REDIS_ARG, 2)
        every = len(words) == 2 and (words[0] or "").lower() == "keys" and _EVERY_KEY.fullmatch(words[1] or "")
    if every:
        _held(a, cmd, f"… | xargs {cmd.name} {verb}", "deletes every key the listing before it names, which is "
              "every key of the database", "delete the keys you mean with a narrower `--pattern`, or save a "
              "snapshot first (`BGSAVE`) and let the user run it")
    return bool(every)


def _fed_by(a, cmd: Cmd) -> Cmd | None:
    """The command of the pipeline stage just before `cmd`'s (`A | xargs B`: A), as judged already."""
    where = pipeline_stage(cmd)
    if where is None or where[1] == 0:
        return None
    stages, at = where
    prev = stages[at - 1]
    return next((c for doc, c in reversed(a.ctx.commands) if doc is a.doc and
                 prev.start_byte <= c.node.start_byte and c.node.end_byte <= prev.end_byte), None)


def _redis_held(a, cmd: Cmd, verb: str, node) -> None:
    _held(a, cmd, f"{cmd.name} {verb.upper()}", "deletes every key of the database (FLUSHALL: of every database on "
          "the server)", "delete the keys you mean by name, or save a snapshot first (`BGSAVE`) and let the user run "
          "it", node)


def _redis_text(a, cmd: Cmd, text: str, node) -> None:
    if any(_redis_plants(a, cmd, line, node) for line in text.splitlines()):
        return
    m = _FLUSH.search(text)
    if m:
        if not _local_redis(cmd):
            _redis_held(a, cmd, m.group(0), node)
        return
    for line in text.splitlines():  # `redis-cli -h cache.example.net < keys.txt` of `DEL …` lines
        if _redis_deletes(a, cmd, (line.split() or [""])[0]):
            return


_MONGO_LOSS = re.compile(r"\bdropDatabase\b|\.drop\s*\(|\.(?:deleteMany|remove)\s*\(\s*\{\s*\}\s*[,)]")


_MONGO_ARG = frozenset({"--eval", "--host", "--port", "-u", "--username", "-p", "--password", "--authenticationDatabase",
                        "--authenticationMechanism", "-f", "--file", "--tlsCAFile", "--tlsCertificateKeyFile",
                        "--apiVersion", "--awsAccessKeyId", "--awsSecretAccessKey", "--awsSessionToken", "--keyVaultNamespace",
                        "--kmsURL", "--retryWrites"})


def _local_mongo(cmd: Cmd) -> bool:
    """`mongosh mongodb://localhost:27017/app_test`, `mongosh --host 127.0.0.1 app`, `mongosh app_test`: the
    server named is this machine's (or a compose service's, from its container), or the database a test copy."""
    service = any(name == _COMPOSE for name, _ in cmd.wrappers)
    hosts = option_value(cmd.args, "--host")
    first = next(iter(positionals(cmd.args, _MONGO_ARG)), None)
    if first is not None and first.value is None or any(w.value is None for w in hosts):
        return False
    target = first.value if first is not None else None
    if target is not None and "://" in target:
        return sql.local_url(target, service)
    host, name = None, target
    if target is not None and "/" in target:  # `localhost:27017/app`
        host, name = target.split("/", 1)
        host = host.rsplit(":", 1)[0]
    if hosts:
        given = hosts[-1].value or ""
        if "://" in given:
            return sql.local_url(given, service) and not sql.production_name(name)
        host = given.rsplit(":", 1)[0]
    return sql.local_database(host or None, name, service)


def _mongo(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "--eval"):
        _mongo_text(a, cmd, w.value if w.value is not None else w.text, w.node)
    fed = stdin_text(a, cmd)
    if fed is not None:
        _mongo_text(a, cmd, fed[0], fed[2] or cmd.node)


def _mongo_text(a, cmd: Cmd, text: str, node) -> None:
    m = _MONGO_LOSS.search(text)
    if m and not _local_mongo(cmd):
        _held(a, cmd, f"{cmd.name} … {m.group(0).strip('.(')}", "drops the database or collection, or deletes every "
              "document", "dump it first (`mongodump`) and let the user run it", node)


def _fed_sql(a, cmd: Cmd, text: str, node) -> None:
    if cmd.name in ("cockroach", "clickhouse") and _path(cmd.args, frozenset(), 1) not in (["sql"], ["client"]):
        return
    _sql_held(a, cmd, text, node, _local_sql(a, cmd))


# -- framework commands that empty the database the configuration points at --------------------------
# Ordinary in a development loop and catastrophic on the wrong DATABASE_URL; which database that is
# lives in a file or the environment the validator does not see, so they are held (a project allows
# its own dev loop: `[mouth] allow = ["bin/rails db:reset"]`).
_RAILS_TASKS = frozenset({"db:drop", "db:drop:all", "db:drop:_unsafe", "db:reset", "db:purge", "db:purge:all",
                          "db:truncate_all", "db:migrate:reset", "db:schema:load", "db:structure:load",
                          "db:seed:replant"})
_FRAMEWORK_INSTEAD = ("if this is the local development database, approve it (or list it in `[mouth] allow`); "
                      "otherwise back the database up first and let the user run it")
_FRAMEWORK_LOSS = "empties or drops the database the project's configuration points at"


_LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1", "[::1]"})
_TEST_WORDS = frozenset({"test", "tests", "testing", "e2e", "ci", "spec"})


def _local_test_db(a, cmd: Cmd) -> bool:
    """Whether the `DATABASE_URL` the command runs with (its prefix, or assigned earlier in this script) names a test
    database on this machine (`postgres://dev:dev@localhost:5432/app_test`, `file:./test.db`): a test suite's own
    database, which it empties and rebuilds on every run. A URL from the environment or a file is not known here."""
    prefix = [w.value for name, w in cmd.assigns if name == "DATABASE_URL"]
    url = prefix[-1] if prefix else a.ev.vars.get("DATABASE_URL")
    if not url:
        return False
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme == "file":  # SQLite: a file of the project's
        name, host = (parts.path or parts.netloc).rsplit("/", 1)[-1], ""
    else:
        name = parts.path.lstrip("/")
    if host not in _LOCAL_HOSTS and not host.startswith("127.") or "/" in name or not name:
        return False
    return any(t in _TEST_WORDS or t.startswith("test") for t in re.split(r"[^a-z0-9]+", name.lower()))


def _framework_held(a, cmd: Cmd, shown: str, lost: str = _FRAMEWORK_LOSS) -> None:
    if not _local_test_db(a, cmd) and not development_env(cmd) and not _exported_development(a, cmd):
        _held(a, cmd, shown, lost, _FRAMEWORK_INSTEAD)


def _exported_development(a, cmd: Cmd) -> bool:
    """`export RAILS_ENV=test` earlier in the script (its value where the command runs), and the command names no
    environment of its own."""
    if any(n in ENV_VARS for n, _ in cmd.assigns) or option_value(cmd.args, "-e", "--environment", "--env"):
        return False
    values = [a.ev.vars[n] for n in ENV_VARS if a.ev.vars.get(n) is not None]
    return bool(values) and all(v in _DEV_ENVS for v in values)


# variables (and options) naming the environment a framework runs in: one set to development or test says the
# database is the developer's own (`RAILS_ENV=development bin/rails db:drop`, `rails db:reset -e test`)
ENV_VARS = frozenset({"RAILS_ENV", "RACK_ENV", "MIX_ENV", "NODE_ENV", "APP_ENV", "ENV", "ENVIRONMENT", "STAGE",
                      "FLASK_ENV", "DJANGO_ENV", "KNEX_ENV", "DJANGO_SETTINGS_MODULE", "DATABASE_ENV"})
_DEV_ENVS = frozenset({"development", "dev", "test", "testing"})


def development_env(cmd: Cmd) -> bool:
    """The command says it runs in development or test, in its prefix, its `-e`/`--env` option or a `RAILS_ENV=…`
    argument (rake's), and names no other environment."""
    values = [w.value for n, w in cmd.assigns if n in ENV_VARS]
    values += [w.value for w in option_value(cmd.args, "-e", "--environment", "--env")]
    values += [(w.value or "").partition("=")[2] for w in cmd.args if (w.value or "").partition("=")[0] in ENV_VARS]
    return bool(values) and all(v in _DEV_ENVS for v in values)


def _rails(a, cmd: Cmd) -> None:
    task = next((v for v in cmd.values() if v in _RAILS_TASKS), None)
    if task is not None:
        _framework_held(a, cmd, f"{cmd.name} {task}")


def _prisma(a, cmd: Cmd) -> None:
    path = _path(cmd.args, frozenset({"--schema"}), 2)
    if path == ["migrate", "reset"] or path == ["db", "push"] and _flag(cmd.args, "--force-reset",
                                                                        "--accept-data-loss"):
        _framework_held(a, cmd, f"prisma {' '.join(path)}", _FRAMEWORK_LOSS if path[0] == "migrate" else
                        "drops the database's tables (or the columns the schema no longer has) and their data")


# script or module -> its subcommands that wipe the database
_SCRIPT_WIPES = {"manage.py": frozenset({"flush", "reset_db"}), "django-admin": frozenset({"flush", "reset_db"}),
                 "artisan": frozenset({"migrate:fresh", "migrate:reset", "migrate:refresh", "db:wipe"}),
                 "sequelize": frozenset({"db:drop"}), "sequelize-cli": frozenset({"db:drop"}),
                 "typeorm": frozenset({"schema:drop"}), "typeorm-ts-node-commonjs": frozenset({"schema:drop"}),
                 "typeorm-ts-node-esm": frozenset({"schema:drop"})}


def _script_wipe(a, cmd: Cmd) -> None:
    """`python manage.py flush`, `./manage.py flush`, `python -m django flush`, `php artisan migrate:fresh`,
    `sail artisan db:wipe`, `sequelize db:drop`, `typeorm schema:drop`."""
    words = [w.value for w in cmd.words]
    script = cmd.name if cmd.name in _SCRIPT_WIPES else None
    rest = words[1:]
    if script is None:
        for i, v in enumerate(rest[:4]):
            if v and (base_name(v) in _SCRIPT_WIPES or v == "django" and i and rest[i - 1] == "-m"):
                script, rest = ("django-admin" if v == "django" else base_name(v)), rest[i + 1:]
                break
    if script is None:
        return
    verb = next((v for v in rest if v and not v.startswith("-")), None)
    if verb in _SCRIPT_WIPES[script]:
        _framework_held(a, cmd, f"{script} {verb}")


# -- backups and object stores ----------------------------------------------------------------------
def _rclone(a, cmd: Cmd) -> None:
    path = _path(cmd.args, frozenset({"--config"}), 1)
    verb = path[0] if path else None
    if _dry(cmd.args) or has_flag(cmd.args, "n"):
        return
    if verb in ("purge", "delete", "deletefile", "rmdirs", "cleanup"):
        _held(a, cmd, f"rclone {verb}", "deletes the files at the remote (cleanup empties its trash)",
              "see what goes with `--dry-run` and let the user run it")
    elif verb == "sync" and not option_value(cmd.args, "--backup-dir"):
        # with --backup-dir what sync deletes or overwrites is moved aside: it can be brought back
        _held(a, cmd, "rclone sync", "deletes every file at the destination that the source does not have (a "
              "wrong or empty source empties the backup)", "see what goes with `--dry-run`, or keep what it "
              "removes with `--backup-dir`")


def _restic_borg(a, cmd: Cmd) -> None:
    with_arg = frozenset({"-r", "--repo", "--repository-file", "--password-file", "-p", "--password-command",
                          "--cache-dir", "-o", "--option", "--remote-path", "--rsh", "--lock-wait", "--umask"})
    path = _path(cmd.args, with_arg, 1)
    verbs = ("forget", "prune") if cmd.name == "restic" else ("delete", "prune")
    if path and path[0] in verbs and not _dry(cmd.args) and not has_flag(_after(cmd.args, path[0]), "n"):
        _held(a, cmd, f"{cmd.name} {path[0]}", "deletes backup snapshots (archives) and the data only they hold",
              "see what goes with `--dry-run` and let the user run it")


def _mc(a, cmd: Cmd) -> None:
    path = _path(cmd.args, frozenset({"-C", "--config-dir"}), 1)
    verb = path[0] if path else None
    if _dry(cmd.args) or verb is None:
        return
    if verb in ("rm", "rb") or verb == "mirror" and _flag(cmd.args, "--remove"):
        _held(a, cmd, f"mc {verb}", "deletes objects or buckets from the object store", "see what goes with "
              "`--dry-run` (or `mc ls`) and let the user run it")


# -- administrator rights granted in a cloud account (cloud_admin.py) ----------------------------------
def _admin_grant(a, cmd: Cmd) -> None:
    from ..cloud_admin import ADMIN, AWS_OPS, AZURE_ADMIN, message

    vals = [w.value or "" for w in cmd.args]
    if cmd.name == "aws":
        path = _path(cmd.args, _AWS_ARG, 2)
        ok = path[:1] in (["iam"], ["iot"]) and len(path) > 1 and path[1] in AWS_OPS and \
            any(ADMIN.search(v) for v in vals)
        shown = f"aws {' '.join(p or '…' for p in path[:2])}"
    elif cmd.name == "gcloud":
        ok = "add-iam-policy-binding" in vals and any(ADMIN.search(w.value or "") for w in option_value(cmd.args, "--role"))
        shown = "gcloud … add-iam-policy-binding"
    else:
        path = _path(cmd.args, frozenset({"--role", "--assignee", "--scope", "--subscription"}), 3)
        ok = path[:3] == ["role", "assignment", "create"] and any(
            (w.value or "").lower() in AZURE_ADMIN for w in option_value(cmd.args, "--role"))
        shown = "az role assignment create"
    if ok:
        a.review("privilege-escalation", message(shown, " ".join(vals)), cmd.node)


# -- local volumes: ZFS datasets and pools, LVM volumes, btrfs subvolumes -----------------------------
_VOLUMES = {("zfs", "destroy"): "destroys the dataset (with `-r`/`-R` its children and snapshots too)",
            ("zfs", "rollback"): "rolls the dataset back, discarding every change since the snapshot (with `-r`, "
                                 "the later snapshots too)",
            ("zpool", "destroy"): "destroys the pool and every dataset in it",
            ("btrfs", "subvolume"): "deletes the subvolume and everything in it"}
_LVM = {"lvremove": "the logical volume", "vgremove": "the volume group and its volumes",
        "pvremove": "the physical volume's LVM label"}
_ZFS_ARG = frozenset({"-o", "-t", "-s", "-d"})


def _volumes(a, cmd: Cmd) -> None:
    """`zfs destroy`, `zpool destroy`, `btrfs subvolume delete`, `lvremove`: what is on the volume is gone."""
    if cmd.name in _LVM:
        if not _flag(cmd.args, "--help", "-h", "--test", "-t"):
            _held(a, cmd, cmd.name, f"deletes {_LVM[cmd.name]} with the data on it", "back it up first and let the "
                  "user run it")
        return
    path = _path(cmd.args, _ZFS_ARG, 2)
    verb = path[0] if path else None
    if cmd.name == "btrfs" and (path[1:2] not in (["delete"], ["del"]) or verb not in ("subvolume", "sub", "subvol")):
        return
    what = _VOLUMES.get((cmd.name, "subvolume" if cmd.name == "btrfs" else verb))
    if what is not None and not has_flag(cmd.args, "n", ("--dry-run",)):  # `zfs destroy -nrv`: a dry run
        _held(a, cmd, f"{cmd.name} {verb}", what, "take a snapshot or backup first (`zfs snapshot`, `btrfs subvolume "
              "snapshot`) and let the user run it")


HANDLERS = {
    **{n: [_volumes] for n in ("zfs", "zpool", "btrfs", *_LVM)},
    **{n: [_terraform] for n in ("terraform", "tofu", "terragrunt")},
    "pulumi": [_pulumi],
    **{n: [_cdk] for n in ("cdk", "cdktf", "aws-cdk")},
    "aws": [_aws], "gcloud": [_gcloud, _remote], "gsutil": [_gsutil], "az": [_az, _remote],
    **{n: [_bazel] for n in ("bazel", "bazelisk")},
    **{n: [_cloud] for n in _CLOUD if n != "bq"}, "bq": [_cloud, _bq_query],
    **{n: [_colon_verbs] for n in ("heroku", "netlify", "firebase")},

    "supabase": [_supabase],
    **{n: [_kubectl] for n in ("kubectl", "oc")},
    "helm": [_helm],
    **{n: [_docker] for n in ("docker", "podman", "nerdctl", "docker-compose", "podman-compose")},
    **{n: [_sql_client] for n in _SQL_OPTIONS},
    "sqlite3": [_sqlite], "duckdb": [_sqlite], "databricks": [_databricks],
    **{n: [_dump_file] for n in _DUMPERS},
    "dropdb": [_dropdb], "mysqladmin": [_mysqladmin],
    **{n: [_redis] for n in ("redis-cli", "valkey-cli", "keydb-cli")},
    **{n: [_mongo] for n in ("mongosh", "mongo")},
    **{n: [_rails] for n in ("rails", "rake")},
    "prisma": [_prisma],
    **{n: [_script_wipe] for n in ("python", "php", "sail", *_SCRIPT_WIPES)},
    "rclone": [_rclone], "restic": [_restic_borg], "borg": [_restic_borg], "mc": [_mc],
    "eksctl": [_eksctl], "wrangler": [_wrangler], "ansible": [_ansible],
}
HANDLERS["turso"].append(_turso_shell)
for _n in ("aws", "gcloud", "az"):
    HANDLERS[_n].append(_admin_grant)
for _n in ("neonctl", "neon"):
    HANDLERS[_n].append(_neon_reset)
for _n in ("fly", "flyctl", "doctl", "heroku"):
    HANDLERS[_n].append(_remote)
HANDLERS["fab"] = [_remote]
for _n in _SQL_OPTIONS:
    chain_fed(_n, _fed_sql)
for _n in ("redis-cli", "valkey-cli", "keydb-cli"):
    chain_fed(_n, _redis_text)
for _n in ("mongosh", "mongo"):
    chain_fed(_n, _mongo_text)


# -- screens: the words each handler above reads ----------------------------------------------------
# The text they get has quotes and backslashes removed but keeps its case (SQL is matched without it).
# No screen for names other rules always judge (php, an interpreter; gsutil and s3cmd, downloaders):
# fastpath would ignore it (it keeps such names always judged), so it would only mislead a reader.
_SQL_SCREEN = mentions("drop", "truncate", "delete", "update", fold=True)
_FLUSH_WORD = mentions("flush", fold=True)
_REDIS_DEL_WORD = mentions(words=("del", "unlink"), fold=True)
_SHORT_V = short_flag("v")
_PULUMI_WORDS = mentions("destroy", "down", "stack", "state", "yes", "skip-preview")
_SHORT_YF = short_flag("yf")
_SHORT_A = short_flag("a")

_RCLONE_DELETES = mentions(words=("purge", "delete", "deletefile", "rmdirs", "cleanup", "sync", "bisync"))
_RCLONE_COPIES = mentions(words=("copy", "copyto", "move", "moveto"))
_RCLONE_INLINE = re.compile(r"(?:^|\s):\w")  # an inline remote (`:webdav,url=https://…:`, `:s3,endpoint=…:`)
_RCLONE_CREDS = re.compile(r"~|HOME|--include|--filter|(?:^|[\s/=])\.\w")  # (a dot folder; `./dist` is not one)

_AWS_WORDS = mentions("delet", "terminat", "purge", "deregister", "-policy", "-acl", "public-access",
                      "change-resource-record-sets", words=("rm", "rb"))
_GCLOUD_WORDS = mentions("delet", "ssh", "iam-policy-binding", words=("rm",))
_STATE_REF = re.compile(r"(?i)tf-?state|terraform|state")


def _state_copied(text: str) -> bool:
    return text.count("://") > 1 and _STATE_REF.search(text) is not None


SCREENS: dict = {
    **dict.fromkeys(("terraform", "tofu", "terragrunt"), mentions("destroy", "approve", "interactive", "state",
                                                              "workspace")),
    "pulumi": lambda text: _PULUMI_WORDS(text) or _SHORT_YF.search(text) is not None,
    **dict.fromkeys(("cdk", "cdktf", "aws-cdk"), mentions("destroy")),
    # (and net.state_copy: a bucket's Terraform state copied into another bucket)
    "aws": lambda text: _AWS_WORDS(text) or _state_copied(text),
    "gcloud": lambda text: _GCLOUD_WORDS(text) or _state_copied(text),
    "az": mentions("delete", "purge", "run-command", "assignment"),
    "doctl": mentions("delete", "ssh", words=("rm", "del", "d")),
    **dict.fromkeys(("fly", "flyctl"), mentions("destroy", "delete", "ssh", words=("rm", "remove"))),
    **dict.fromkeys(("vercel", "vc"), mentions(words=("rm", "remove"))),
    "bq": lambda text: _SQL_SCREEN(text) or mentions(words=("rm",))(text),
    "heroku": mentions("destroy", "reset", "delete", "restore", "copy", "push", words=("run",)),
    "netlify": mentions("delete"), "firebase": mentions("delete", "remove", "set", "disable"),
    "supabase": mentions("reset", "delete", words=("rm",)),
    **dict.fromkeys(("kubectl", "oc"), mentions("delete", "drain", "replace", "sigstore", "pod-security",
                                                "gatekeeper", "connaisseur", "kyverno")),  # (and _runs_inside, below)
    "helm": mentions("uninstall", "delete", words=("del", "un")),
    **dict.fromkeys(("docker", "podman", "nerdctl", "docker-compose", "podman-compose"),
                    lambda text: "volume" in text or _SHORT_V.search(text) is not None),  # (and _runs_inside)
    **dict.fromkeys(_SQL_OPTIONS, _SQL_SCREEN),
    **dict.fromkeys(("sqlite3", "duckdb"), lambda text: ("/" in text or "~" in text) and _SQL_SCREEN(text)),
    "databricks": _SQL_SCREEN,
    # _dump_file: the options naming the dump's file
    **dict.fromkeys(_DUMPERS, mentions("-f", "--file", "-r", "--result-file", "--archive")),
    "mysqladmin": mentions("drop", fold=True),
    # (and _redis_plants: `CONFIG SET dir|dbfilename …`)
    **dict.fromkeys(("redis-cli", "valkey-cli", "keydb-cli"),
                    lambda text: _FLUSH_WORD(text) or _REDIS_DEL_WORD(text) or
                    "set" in (low := text.lower()) and ("dir" in low or "dbfilename" in low)),
    **dict.fromkeys(("mongosh", "mongo"), mentions("drop", "deleteMany", "remove")),
    **dict.fromkeys(("rails", "rake"), mentions("db:")),
    "prisma": mentions("reset", "--accept-data-loss"),
    **dict.fromkeys(("python", "sail", *_SCRIPT_WIPES), mentions(*sorted({v for vs in _SCRIPT_WIPES.values() for v in vs}))),
    # (and net.rclone_out: credentials copied to a remote, from the home or a dot folder, or anything to an inline
    # `:webdav,url=…:` remote)
    "rclone": lambda text: _RCLONE_DELETES(text) or _RCLONE_COPIES(text) and (
        _RCLONE_CREDS.search(text) is not None or _RCLONE_INLINE.search(text) is not None),
    "restic": mentions("forget", "prune"), "borg": mentions("delete", "prune"),
    "mc": mentions("--remove", words=("rm", "rb")),
    "eksctl": mentions("delete"),
    "wrangler": lambda text: "delete" in text or "remote" in text and _SQL_SCREEN(text),
    "turso": lambda text: "destroy" in text or "shell" in text and _SQL_SCREEN(text),
    **dict.fromkeys(("neonctl", "neon"), mentions("delete", "reset", "restore", words=("rm",))),
    "pscale": mentions("delete"), "hcloud": mentions("delete"), "cloudflared": mentions("delete"),
    "ngrok": mentions("delete", "file:", fold=True),  # (and net._ngrok_files: a folder published)
    "linode-cli": mentions("delete", words=("rb", "del")),
    "ansible": lambda text: "--ar" in text or "absent" in text or _SHORT_A.search(text) is not None,
}

_RUNS_INSIDE = mentions(words=("exec", "run"))
_NAME_TOKEN = re.compile(r"[^\s|&;<>()`$]+", re.ASCII)


def _runs_inside(text: str) -> bool:
    """`exec`/`run` and a name this module judges, with what its own screen reads (_inside)."""
    if not _RUNS_INSIDE(text):
        return False
    for token in set(_NAME_TOKEN.findall(text)):
        name = base_name(token)
        if name in HANDLERS:
            check = _OWN_SCREENS.get(name)
            if check is None or check(text):
                return True
    return False


_OWN_SCREENS = dict(SCREENS)  # before the container tools' screens take _runs_inside in
for _n in ("docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc"):
    SCREENS[_n] = (lambda own: lambda text: own(text) or _runs_inside(text))(_OWN_SCREENS[_n])


# `find … -delete` (or `-exec rm`) handed to another machine: judged here by where it looks, there it deletes on a
# server with no trash and no working tree
# A `find` (after a separator, perhaps as `sudo [-opts] find`) with a `-delete` (`-exec[dir] [/path/]rm`) after its
# first blanks, before a `;`, `&` or `|`: _find_delete gives what
#     (?:^|[\s;&|(])(?:sudo\s+(?:-\S+\s+)*)?find\s+([^;&|]*?)\s-(?:delete\b|exec(?:dir)?\s+(?:\S*/)?rm\b)
# matches first, and its group. Tried from each `find`, that scan read the rest of the command again; here the next
# `-delete` and the next `;`, `&` or `|` are each looked up once for all the `find`s before them.
_FIND_START = re.compile(r"(?=(?:^|[\s;&|(])(?:sudo\s+(?:-\S+\s+)*)?find(\s+))")
_FIND_DELETES = re.compile(r"\s-(?:delete\b|exec(?:dir)?\s+(?:\S*/)?rm\b)")
_FIND_END = re.compile(r"[;&|]")


def _find_delete(text: str) -> tuple[str, str] | None:
    """The first `find … -delete` of `text` and what the `find` is given before the `-delete`."""
    deletes = end = -1
    deletes_from = end_from = len(text) + 1  # (where each was looked up from: none yet)
    for start in _FIND_START.finditer(text):
        at = start.end(1)  # past the `find`'s blanks
        if not deletes_from <= at <= deletes:
            found = _FIND_DELETES.search(text, at)
            deletes, deletes_from = found.start() if found else len(text), at
        if not end_from <= at <= end:
            found = _FIND_END.search(text, at)
            end, end_from = found.start() if found else len(text), at
        if deletes < end:
            return text[start.start():_FIND_DELETES.match(text, deletes).end()], text[at:deletes]
        # (the blanks given back but one: `find  -delete`, the `-delete` right after them)
        if at - start.start(1) > 1 and (tail := _FIND_DELETES.match(text, at - 1)) is not None:
            return text[start.start():tail.end()], ""
    return None


_SCRATCH = ("/tmp/", "/var/tmp/", "/dev/shm/")


# `… | xargs -r rm -rf` there: what it deletes is a listing made there, so judged by the folders the line names
_XARGS_RM = re.compile(r"(?:^|[\s;&|(])xargs\s+(?:-\S+\s+)*(?:sudo\s+(?:-\S+\s+)*)?(?:\S*/)?rm\b[^;&|]*")
_ABS_PATH = re.compile(r"(?:^|[\s=])(/[^\s;&|'\"]*)")


def remote_find_delete(text: str) -> str | None:
    """The `find … -delete` (or `… | xargs rm`) of the command line `text` run on another machine, unless it only
    looks in scratch folders (`find /tmp -name '*.tar.gz' -delete`)."""
    found = _find_delete(text)
    if found is None:
        x = _XARGS_RM.search(text)
        if x is None:
            return None
        named = _ABS_PATH.findall(text)
        if named and all((p.rstrip("/") + "/").startswith(_SCRATCH) for p in named):
            return None
        return x.group(0).strip(" ;&|(")[:100]
    roots = [r for r in found[1].split() if not r.startswith(("-", "(", "!", "\\"))][:1]
    if roots and (roots[0].rstrip("/") + "/").startswith(_SCRATCH):
        return None
    return found[0].strip(" ;&|(")[:100]


# -- rsync mirroring onto, or moving files off, another machine ------------------------------------------------
_RSYNC_ARG = frozenset({"-e", "--rsh", "-f", "--filter", "--exclude", "--include", "--exclude-from", "--include-from",
                        "--files-from", "-T", "--temp-dir", "-M", "--remote-option", "-B", "--block-size",
                        "--rsync-path", "--log-file", "--password-file", "--partial-dir", "--backup-dir", "--suffix",
                        "--compare-dest", "--copy-dest", "--link-dest", "--chmod", "--chown", "--port", "--timeout",
                        "--bwlimit", "--max-delete", "--max-size", "--min-size", "--out-format", "--info", "--debug"})
_RSYNC_DELETES = ("--delete", "--del", "--delete-before", "--delete-during", "--delete-delay", "--delete-after",
                  "--delete-excluded", "--delete-missing-args")
_REMOTE_SPEC = re.compile(r"^(?:rsync://|(?:[\w.-]+@)?[\w.-]+::?(?!//))")


def _rsync_remote_delete(a, cmd: Cmd) -> None:
    """`rsync -a --delete ./build/ deploy@prod:/var/www/html/` deletes every file of the server's folder that the
    local copy lacks; `rsync --remove-source-files host:/exports/ ./archive/` deletes the files on the other machine
    once copied. Neither has a trash there. Local mirrors (`rsync -a --delete ./public/ ./build/`) are ordinary, and
    a dry run (`-n`) deletes nothing."""
    vals = [w.value or "" for w in cmd.args]
    deletes = next((v for v in vals if v.split("=", 1)[0] in _RSYNC_DELETES), None)
    moves = "--remove-source-files" in vals
    if not (deletes or moves) or "--dry-run" in vals or has_flag(cmd.args, "n") or "--list-only" in vals:
        return
    pos = [w for w in positionals(cmd.args, _RSYNC_ARG) if w.value is not None]
    if len(pos) < 2:
        return
    dest, sources = pos[-1], pos[:-1]
    # (`--backup`/`--backup-dir`: what the mirror deletes or overwrites is moved aside there, and can be brought back)
    kept = "--backup" in vals or any(v.startswith("--backup-dir") for v in vals) or has_flag(cmd.args, "b")
    if deletes and _REMOTE_SPEC.match(dest.value or "") and not kept:
        a.review(RULE, f"`rsync {deletes}` deletes every file in {dest.value} (on another machine) that "
                                 "the local copy lacks, with no undo there; run it with `-n` (dry run) to see what "
                                 "goes and let the user run it", cmd.node)
    elif moves and (far := next((w.value for w in sources if _REMOTE_SPEC.match(w.value or "")), None)):
        a.review(RULE, f"`rsync --remove-source-files` deletes the files of {far} on the other machine "
                                 "once they are copied, with no undo there; copy without it and let the user delete "
                                 "the originals", cmd.node)


HANDLERS.setdefault("rsync", []).append(_rsync_remote_delete)
_RSYNC_LOSES = mentions("--del", "--remove-source-files")
# (a delete is held only on another machine, `host:path`: a local mirror keeps the shortcut)
SCREENS["rsync"] = _OWN_SCREENS["rsync"] = lambda text: ":" in text and bool(_RSYNC_LOSES(text))
# net._git_proxy (git's proxy and certificate checks): the fast path judges `git config` only for the keys it knows
SCREENS["git"] = mentions("proxy", "sslverify", fold=True)


# -- certificates revoked, artifacts deleted from the company's store ---------------------------------------------
_STEP_ARG = frozenset({"--ca-url", "--root", "--context", "--offline", "--provisioner", "--token", "--password-file",
                       "--cert", "--key", "--reason", "--reasonCode", "--kid", "--issuer"})
_JF_ARG = frozenset({"--url", "--server-id", "--access-token", "--user", "--password", "--spec", "--spec-vars",
                     "--build", "--bundle", "--props", "--exclude-props", "--exclusions", "--threads", "--limit",
                     "--offset", "--sort-by", "--sort-order", "--retries", "--retry-wait-time", "--project"})


def _revoke(a, cmd: Cmd) -> None:
    """`step ca revoke`, `certbot revoke`: a revoked certificate is refused by every client that checks, and cannot
    be brought back; the service is down until a new one is issued and deployed."""
    path = _path(cmd.args, _STEP_ARG if cmd.name == "step" else frozenset({"--cert-path", "--cert-name", "--key-path",
                                                                             "--reason", "--config", "-c"}), 3)
    if (path[:2] in (["ca", "revoke"], ["certificate", "revoke"]) if cmd.name == "step" else path[:1] == ["revoke"]) \
            and not _flag(cmd.args, "--help", "-h", "--staging", "--test-cert", "--dry-run"):
        _held(a, cmd, f"{cmd.name} {' '.join(p or '' for p in path[:2 if cmd.name == 'step' else 1])}",
              "revokes the certificate: clients refuse it from then on, and a revocation cannot be taken back",
              "issue and deploy the new certificate first, and let the user revoke the old one")


def _jfrog(a, cmd: Cmd) -> None:
    """`jf rt delete "generic-releases/agentd/2.2.*" --recursive`: published artifacts deleted from Artifactory
    (whatever builds or installs them by version breaks); `--dry-run` only lists them."""
    path = _path(cmd.args, _JF_ARG, 3)
    verb = next((p for p in path[:3] if p in ("delete", "del", "rm", "delete-props")), None)
    if verb in ("delete", "del", "rm") and path[:1] in (["rt"], ["rt" if cmd.name == "jfrog" else "rt"]) and \
            not _dry(cmd.args) and not _flag(cmd.args, "--help", "-h"):
        _held(a, cmd, f"{cmd.name} rt {verb}", "deletes the artifacts from the artifact store (every build and install "
              "that fetches them breaks)", "list what goes with `--dry-run` (or `jf rt search`) and let the user run it")


# -- a reverse proxy's traffic mirrored to an outside address -------------------------------------------------------
_MIRROR_URL = re.compile(rb"""(?i)\burl\s*[:=]\s*["']?https?://\[?([^/"'\s\]]+?)\]?(?::\d+)?[/"'\s]""")


def _traefik_mirror(a, cmd: Cmd) -> None:
    """A Traefik dynamic configuration written with `mirroring:` and a mirror service whose server is a public
    address: every request to the service (with its cookies and tokens) is copied there. Mirrors to the project's
    own services (names, private addresses) are ordinary."""
    data = a.doc.data
    if not holds(data, b"mirroring") or not holds(data, b"mirrors"):
        return
    from .net import public_ip

    far = next((m.group(1).decode() for m in _MIRROR_URL.finditer(data) if public_ip(m.group(1).decode())), None)
    if far is not None:
        a.block("exfiltration", f"the Traefik configuration written here mirrors a service's requests to {far}, an "
                                "outside address: every request, with the cookies and tokens in it, is copied there; "
                                "mirror only to the project's own services", cmd.node)


def _rclone_out(a, cmd: Cmd) -> None:
    from .net import rclone_out

    rclone_out(a, cmd)


HANDLERS["rclone"].append(_rclone_out)


def _state_copy(a, cmd: Cmd) -> None:
    from .net import state_copy  # (net.py's upload rules; registered here, beside this module's screens)

    state_copy(a, cmd)


for _n in ("aws", "gsutil", "gcloud"):
    HANDLERS[_n].append(_state_copy)
HANDLERS["step"] = [_revoke]
HANDLERS["certbot"] = HANDLERS.get("certbot", []) + [_revoke]
HANDLERS["jf"] = [_jfrog]
HANDLERS["jfrog"] = [_jfrog]
# (`cat > traefik/dynamic/x.yml <<EOF` reaches traefik_mirror through rules_bash's hook for `cat` writes: cat stays
# off this table, where it would cost every plain `cat` the shortcut)
HANDLERS.setdefault("tee", []).append(_traefik_mirror)
traefik_mirror = _traefik_mirror
SCREENS["step"] = mentions("revoke")
SCREENS["certbot"] = mentions("revoke")
SCREENS["jf"] = SCREENS["jfrog"] = mentions(words=("delete", "del", "rm"))
SCREENS["tee"] = mentions("mirroring")


# -- (session 19) mail purged on the server, signing identities, OTA updates, archives and published keys ------------
# IMAP/POP3 requests curl sends (`-X 'UID STORE 1:* +FLAGS (\Deleted)'`, `-X EXPUNGE`): what they remove from the
# mailbox is gone from the server (no trash behind an expunge)
_MAIL_URL = re.compile(r"^(?:imaps?|pop3s?)://", re.I)
_MAIL_LOSS = re.compile(r"(?i)^\s*(?:uid\s+)?(?:expunge\b|dele\b|delete\s+\S|store\b.*\\deleted)")


def _curl_mail(a, cmd: Cmd) -> None:
    """`curl imaps://host/INBOX -X 'UID STORE 1:* +FLAGS (\\Deleted)'` then `-X EXPUNGE`, `curl pop3s://… -X 'DELE 1'`,
    `-X 'DELETE Archive'`: messages (or a whole mailbox) deleted on the mail server, which keeps no copy."""
    if not any(_MAIL_URL.match(w.value or "") for w in cmd.args):
        return
    for w in option_value(cmd.args, "-X", "--request"):
        if w.value and _MAIL_LOSS.match(w.value):
            _held(a, cmd, f"curl -X '{w.value[:40]}'", "deletes messages (or a mailbox) on the mail server for good",
                  "move them to an archive folder instead (`UID MOVE`/`COPY`), and let the user purge it", w.node)
            return


# `fastlane match nuke <type>`: every certificate of the type revoked and every provisioning profile deleted on the
# Apple Developer account (and in match's storage); each app signed with them must be signed anew
def _fastlane(a, cmd: Cmd) -> None:
    path = _path(cmd.args, frozenset({"--env", "-e"}), 3)
    if (path[:2] == ["match", "nuke"] or path[:2] == ["run", "match_nuke"]) and not _flag(cmd.args, "--help", "-h"):
        _held(a, cmd, "fastlane match nuke", "revokes every signing certificate of that type and deletes its provisioning "
              "profiles on the Apple Developer account (and in match's storage); builds signed with them stop "
              "installing", "let the user run it (and back up match's storage first)")


# Expo's EAS CLI: `eas branch:delete`, `eas channel:delete`, `eas update:delete`, `eas env:delete`: published
# over-the-air updates, the channels apps read them from, stored secrets, deleted on Expo's servers
def _eas(a, cmd: Cmd) -> None:
    path = _path(cmd.args, frozenset({"--profile", "-p", "--platform", "-e", "--environment"}), 1)
    verb = path[0] if path else None
    if verb and verb.endswith(":delete") and not _flag(cmd.args, "--help", "-h"):
        _held(a, cmd, f"{cmd.name} {verb}", "deletes it on Expo's servers (a branch takes its published updates with it: "
              "apps on a channel that points there get nothing)", "let the user run it")


# a key's revocation published: keyservers never drop a revocation once they have it
_REVOCATION = re.compile(rb"(?i)--(?:gen-revoke|generate-revocation|desig-revoke)\b|--import\s+\S*(?:revo|rev\.asc)|"
                         rb"openpgp-revocs\.d|\brevkey\b")


def _gpg_revoke(a, cmd: Cmd) -> None:
    """`gpg --import release-key-revoke.asc && gpg --keyserver … --send-keys KEY`: the revocation is published and the
    key is dead for everyone who refreshes it (no keyserver takes a revocation back)."""
    if not _flag(cmd.args, "--send-keys", "--send-key") or not in_input(_REVOCATION, a.doc.data):
        return
    _held(a, cmd, f"{cmd.name} --send-keys", "publishes the key's revocation to the keyserver: every user who refreshes "
          "the key sees it revoked, and keyservers never drop a revocation", "let the user publish it")


# Globus: `globus delete ENDPOINT:/path --recursive`, `globus rm -r ENDPOINT:/path`: a delete task on a collection
# (an archive, a project store), which keeps no trash
_GLOBUS_ARG = frozenset({"--label", "--deadline", "--notify", "--submission-id", "--batch", "--format", "-F",
                         "--jmespath", "--jq", "--timeout", "--polling-interval", "--local-user"})


def _globus(a, cmd: Cmd) -> None:
    words = positionals(cmd.args, _GLOBUS_ARG, stop_at_end=True)[:3]
    if not words or words[0].value not in ("delete", "rm") or _flag(cmd.args, "--help", "-h"):
        return
    # (the collection is mostly a variable: `"$EP:/~/tmp/x"`; the path after it is read as written)
    where = [(w.value or w.text.strip("'\"")).partition(":")[2] for w in words[1:]]
    if where and all(_scratch_path(p) for p in where):
        return
    _held(a, cmd, f"globus {words[0].value}", f"deletes {where[0] or 'the paths given' if where else 'the paths given'} on the Globus collection "
          "(collections keep no trash)", "let the user run it")


# HPSS's shell: `hsi "rm -R /home/acme/archive/run_2019"`, `hsi -q 'cd x; rmdir y'`: the tape archive, often the only
# long-term copy
_HSI_ARG = frozenset({"-l", "-h", "-A", "-k", "-p", "-O", "-o", "-P", "-s"})
_HSI_DELETES = frozenset({"rm", "rmdir", "delete", "mdelete", "mrm"})


def _hsi(a, cmd: Cmd) -> None:
    words = positionals(cmd.args, _HSI_ARG)
    if any(w.value is None for w in words):
        return
    text = " ".join(w.value or "" for w in words)
    for part in re.split(r"[;\n]", text):
        head = part.split()
        if head and head[0] in _HSI_DELETES:
            target = next((x for x in head[1:] if not x.startswith("-")), "")
            if target and _scratch_path(target):
                continue
            _held(a, cmd, f"hsi {' '.join(head[:3])[:60]}", "deletes it from the HPSS tape archive (often the only "
                  "long-term copy, with no trash)", "let the user run it")
            return


def _scratch_path(p: str) -> bool:
    """A temporary path: under /tmp, or with a temporary folder on the way (`/~/tmp/x`)."""
    return p.startswith(("/tmp/", "/var/tmp/")) or any(s.lower() in ("tmp", "temp", ".tmp") for s in p.split("/"))


HANDLERS.setdefault("curl", []).append(_curl_mail)
HANDLERS["fastlane"] = HANDLERS.get("fastlane", []) + [_fastlane]
for _n in ("eas", "eas-cli"):
    HANDLERS[_n] = HANDLERS.get(_n, []) + [_eas]
for _n in ("gpg", "gpg2"):
    HANDLERS.setdefault(_n, []).append(_gpg_revoke)
HANDLERS["globus"] = HANDLERS.get("globus", []) + [_globus]
HANDLERS["hsi"] = HANDLERS.get("hsi", []) + [_hsi]
SCREENS["curl"] = lambda text: ("imap" in text or "pop3" in text or "IMAP" in text or "POP3" in text) and \
    ("-X" in text or "--request" in text)
SCREENS["fastlane"] = mentions("nuke")
SCREENS["eas"] = SCREENS["eas-cli"] = mentions(":delete")
SCREENS["gpg"] = SCREENS["gpg2"] = mentions("--send-key")
SCREENS["globus"] = mentions(words=("delete", "rm"))
SCREENS["hsi"] = mentions(words=tuple(_HSI_DELETES))
