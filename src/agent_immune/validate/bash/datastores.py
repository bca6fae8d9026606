"""Destructive verbs of data and operations tools: secret stores, service registries, schedulers, data and model
stores, image registries, message brokers, backup and deployment tools (rule `irreversible`, review).

Each tool is read by its command path (the subcommand words after its options, as infra.py reads the cloud
CLIs), never by a pattern over the text: `vault -address=$A kv metadata delete secret/x` is `kv metadata
delete`. What these lose lives on another machine (a secret's every version, a registry's image, a cluster's
whole key-value tree, a model repository), so neither the sandbox nor git can bring it back. Verbs that can be
undone are left alone and the way to undo them is named in the table (`vault kv delete` is undone by `vault kv
undelete`, `mlflow experiments delete` by `mlflow experiments restore`), as are deletes of one item by key (one
Consul key, one etcd key).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .commands import Cmd, has_flag
from .common import mentions
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
    "velero": (_VELERO_ARG, 2, (
        _Verb(("backup", "delete"), "deletes the backups and their stored data", _LET),
        _Verb(("schedule", "delete"), "deletes the backup schedule (no more backups are taken)", _LET),
    )),
}


def _tool(a, cmd: Cmd) -> None:
    with_arg, depth, verbs = _TOOLS[cmd.name]
    args = cmd.args
    if _flag(args, "-h", "--help", "-help", "--dry-run", "-dry-run", "--dryrun"):
        return
    path = tuple(_path(args, with_arg, depth)) if depth else ()
    for verb in verbs:
        if path[:len(verb.path)] == verb.path and (verb.when is None or verb.when(args)):
            shown = " ".join((cmd.name,) + verb.path)
            _held(a, cmd, shown, verb.lost, verb.instead)
            return


HANDLERS: dict = {name: [_tool] for name in _TOOLS}

# The words each tool's verbs are spelled with (quotes and backslashes removed), for the shortcut
# (bash/fastpath.py): `dotnet build`, `vault kv get`, `dvc pull` keep it.
SCREENS: dict = {name: mentions("delete", "destroy", "disable", "purge", "restore", "snapshot", "reset", "-purge",
                                "_queue", "_vhost", words=("gc", "del", "stop")) for name in _TOOLS}
