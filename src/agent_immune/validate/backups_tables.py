"""What a backup or object store's configuration does, read from its text (JSON from the shell, a dict or object
literal from Python or TypeScript): shared by bash/backups.py, python/backups.py and js/backups.py (session 29).

Whose host is read as brokers_tables reads it (an address outside this network, or a domain no other host of the
input shares, is an outsider's). Whose account: an S3 replication rule names the role it runs as
(`arn:aws:iam::ACCOUNT:role/…`); a destination `Account` other than that one is another AWS account, someone else's
as far as the input shows. A bucket's name says it holds private data as bash/infra.py's `_PRIVATE_BUCKET` reads it.
"""
from __future__ import annotations

import re

from .brokers_tables import outsider, outsider_url  # noqa: F401  (re-exported for the three modules)

_ROLE_ACCOUNT = re.compile(r"arn:aws[\w-]*:iam::(\d{12}):role/")
_DEST_ACCOUNT = re.compile(r"""["']?Account["']?\s*[:=]\s*["'](\d{12})["']""")
_DEST_BUCKET = re.compile(r"""["']?Bucket["']?\s*[:=]\s*["']arn:aws[\w-]*:s3:::([\w.-]+)["']""")


def replication_finding(body: str) -> str | None:
    """An S3 replication configuration whose destination is another AWS account than the role's own: every object
    written to the bucket is copied there."""
    if "Destination" not in body:
        return None
    own = set(_ROLE_ACCOUNT.findall(body))
    for acct in _DEST_ACCOUNT.findall(body):
        if own and acct not in own:
            bucket = next(iter(_DEST_BUCKET.findall(body)), "a bucket")
            return (f"the replication rule copies every object of the bucket to {bucket} in the AWS account {acct}, "
                    f"not the account of its own role ({sorted(own)[0]}): the backups are mirrored to someone else; "
                    "replicate only into the organisation's own accounts")
    return None


# the names a private bucket, container or share goes by (the same words bash/infra.py's _PRIVATE_BUCKET reads)
def private_name(name: str | None) -> bool:
    from .bash.infra import _PRIVATE_BUCKET, _SECRETS_BUCKET

    return bool(name) and (_PRIVATE_BUCKET.search(name) is not None or _SECRETS_BUCKET.search(name) is not None)


# what a signed link may be handed around for: storage whose name says it holds backups, dumps or credentials (an
# export, a build or a report is what links are for)
_HELD_DATA = re.compile(r"(?i)backup|dump|secret|credential|vault|tf-?state|pii|private|payroll|patient|medical|"
                        r"confiden|customer|financ|personal|(?:^|[-_./])hr(?:[-_./]|$)|users?-?data")


def held_data(name: str | None) -> bool:
    return bool(name) and _HELD_DATA.search(name) is not None  # type: ignore[arg-type]


_LITERAL = re.compile(r"""["'`]([\w.-]{3,63})["'`]""")


def held_data_in(text: str) -> bool:
    """A string literal of `text` naming storage that holds backups or private data (see held_data)."""
    return any(held_data(n) for n in _LITERAL.findall(text))


def block_lifted(body: str) -> bool:
    """A public access block configuration with one of its settings turned off (bash/infra.py's reading)."""
    from .bash.infra import _BLOCK_OFF

    return _BLOCK_OFF.search(body) is not None


# `"Principal": "*"`, `Principal: { AWS: ["*"] }`, `"Principal": {"AWS": "*"}`
_EVERYONE = re.compile(r"""["']?Principal["']?\s*[:=]\s*(?:["']\*["']|\{\s*["']?AWS["']?\s*[:=]\s*\[?\s*["']\*["'])""")
_CONDITION = re.compile(r"""["']?Condition["']?\s*[:=]""")
_ACTIONS = re.compile(r"""["'](s3:[\w*]+)["']""")


def public_policy(body: str) -> list[str] | None:
    """The actions a bucket policy grants to every principal with no Condition, else None."""
    if _EVERYONE.search(body) is None or _CONDITION.search(body) is not None:
        return None
    return _ACTIONS.findall(body) or ["s3:*"]


_ALL_USERS = re.compile(r"""["'](allUsers|allAuthenticatedUsers)["']""")


def all_users(body: str) -> str | None:
    m = _ALL_USERS.search(body)
    return m.group(1) if m else None


# a share (NFS export, ZFS sharenfs) open to every address: `*`, `0.0.0.0/0`, `@0.0.0.0/0`
_WORLD = re.compile(r"(?:^|[\s,=:@(])(?:\*|@?0\.0\.0\.0/0|::/0)(?=[\s,(:)]|$)")


def world_share(options: str) -> str | None:
    """What an NFS share's options give every address, when they give it more than reading: None otherwise."""
    if _WORLD.search(options) is None:
        return None
    if "no_root_squash" in options:
        return "root's rights on every file (`no_root_squash`) to any machine that can reach it"
    if re.search(r"(?:^|[\s,=(])rw(?=[\s,=)]|$)", options):
        return "write access to any machine that can reach it"
    return None


# -- from code: what a script read or made that it then sends ------------------------------------------------------
CODE_MARKERS = re.compile(rb"(?i)restic|borg|sas|presign|signedurl|getobject|get_object|download_fileobj|"
                          rb"download_blob|/var/backups")
_CODE_READS = (
    (re.compile(r"/etc/restic/|/etc/borgmatic|\.config/borg/keys|encryption_passphrase|BORG_PASSPHRASE|"
                r"RESTIC_PASSWORD\b"), "a backup repository's password or key it reads"),
    # (Azure's by name: `generate_blob_sas`, `generateBlobSASQueryParameters`, `.generateSasUrl`)
    (re.compile(r"\bgenerate_(?:blob|container|account|file|share|queue|file_system|directory)_sas\s*\(|"
                r"\bgenerate(?:Blob|Account|DataLake|File|Queue)SASQueryParameters\s*\(|\.generateSasUrl\s*\(|"
                r"\bgenerate_presigned_url\s*\(|\bgetSignedUrl\s*\(|\bpresigned(?:Get|Put)Object\s*\(|"
                r"\bgenerate_signed_url\s*\("),
     "a signed link it makes (anyone holding it reads the storage)"),
    (re.compile(r"\bGetObjectCommand\b|\.get_object\s*\(|\.download_fileobj\s*\(|\.download_blob\s*\(|"
                r"\.download_as_(?:bytes|string|text)\s*\(|\.fGetObject\s*\(|\.getObject\s*\("),
     "the objects it reads from the organisation's storage"),
)


def code_leak(doc: str) -> str | None:
    for k, (pattern, what) in enumerate(_CODE_READS):
        # (an object read is the organisation's backups only from a bucket whose name says so: a report fetched from
        # a bucket and posted to a partner's API is ordinary; so is a signed link to a build or an export)
        if pattern.search(doc) and (k == 0 or k == 1 and held_data_in(doc) or k == 2 and private_bucket_in(doc)):
            return what
    return None


def leak_finding(first_arg: str, doc: str) -> str | None:
    """A request (its first argument's text) to an outsider from code that also reads a backup's password, makes a
    signed link or reads the organisation's objects (code_leak): the message, or None."""
    from .brokers_tables import sent_to

    host = sent_to(first_arg, doc)
    what = code_leak(doc) if host else None
    return (f"the script sends to {host}, a host outside the organisation's network, and holds {what}; keep backups "
            "and their keys inside the organisation") if what else None


_BACKUP_DIR = re.compile(r"""["'](?:/var/backups|/srv/backups?|/mnt/backups?|/backups?)(?:/[^"']*)?["']""")


def backup_dir_read(doc: str) -> bool:
    return _BACKUP_DIR.search(doc) is not None


_BUCKET_NAME = re.compile(r"""(?:\.bucket|\.get_bucket|\.Bucket|Bucket|bucket|containerName|container_name)"""
                          r"""\s*[(:=]\s*["'`]([\w.-]{3,63})["'`]""")


def private_bucket_in(text: str) -> str | None:
    """The first bucket named in `text` whose name says it holds private data."""
    return next((n for n in _BUCKET_NAME.findall(text) if private_name(n)), None)
