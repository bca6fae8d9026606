"""What a backup or object store's configuration does, read from its text (JSON from the shell, a dict or object
literal from Python or TypeScript): shared by bash/backups.py, python/backups.py and js/backups.py (session 29).

Whose host is read as brokers_tables reads it (an address outside this network, or a domain no other host of the
input shares, is an outsider's). Whose account: an S3 replication rule names the role it runs as
(`arn:aws:iam::ACCOUNT:role/…`); a destination `Account` other than that one is another AWS account, someone else's
as far as the input shows; without one, the destination bucket's name against the source's (replication_finding).
A bucket's name says it holds private data as bash/infra.py's `_PRIVATE_BUCKET` reads it. Python's and TypeScript's
configurations kept in names before the call that sends them are read through `expanded`.
"""
from __future__ import annotations

import re

from .brokers_tables import outsider, outsider_url  # noqa: F401  (re-exported for the three modules)

_ROLE_ACCOUNT = re.compile(r"arn:aws[\w-]*:iam::(\d{12}):role/")
_DEST_ACCOUNT = re.compile(r"""["']?Account["']?\s*[:=]\s*["'](\d{12})["']""")
_DEST_BUCKET = re.compile(r"""["']?Bucket["']?\s*[:=]\s*["']arn:aws[\w-]*:s3:::([\w.-]+)["']""")


def replication_finding(body: str, source: str | None = None) -> tuple[bool, str] | None:
    """(blocked, why) for an S3 replication configuration that copies every object of the bucket `source` into a bucket
    that may not be the organisation's, else None. A destination `Account` other than the account of the rule's own
    role is someone else's (blocked). Without one (cross-account replication does not need it: the destination's
    policy lets the role in) only the names can tell, and a name is anyone's to choose: a destination sharing a word
    with the source (`acme-backups` -> `backups-dr-us-west-2`, `acme-dr`), starting with the source's name, or
    carrying the account number of the source or of the role is the organisation's; any other is left to a person.
    A source known only at run time (`--bucket "$BUCKET"`) leaves the names out: only `Account` is read."""
    if "Destination" not in body:
        return None
    own = set(_ROLE_ACCOUNT.findall(body))
    dests = _DEST_BUCKET.findall(body)
    accounts = _DEST_ACCOUNT.findall(body)
    for acct in accounts:
        if own and acct not in own:
            return True, (f"the replication rule copies every object of the bucket to {dests[0] if dests else 'a bucket'} "
                          f"in the AWS account {acct}, not the account of its own role ({sorted(own)[0]}): the backups "
                          "are mirrored to someone else; replicate only into the organisation's own accounts")
    # (every rule names an account, each the role's own: the organisation's)
    if not dests or not source or "$" in source or "{" in source or len(accounts) >= len(dests):
        return None
    stranger = next((d for d in dests if not _own_bucket(d, source, own)), None)
    if stranger is None:
        return None
    return False, (f"the replication rule copies every object of {source} to {stranger}, whose name shares nothing "
                   f"with {source}'s: it may be in another AWS account (a destination's owner needs no `Account` field "
                   "to receive the copies); a person should confirm the bucket is the organisation's")


# the words a bucket name is split into; a region's words (`us-west-2`) and short ones say nothing of its owner
_NAME_WORD = re.compile(r"[a-z0-9]+")
_REGION_WORDS = frozenset({"us", "eu", "ap", "sa", "ca", "me", "af", "il", "cn", "mx", "gov", "east", "west", "north",
                           "south", "central", "northeast", "southeast", "northwest", "southwest", "iso", "isob"})


def _name_words(name: str) -> set[str]:
    # (a number is a word only as an account number: `backups-123456789012-us-east-1`)
    return {w for w in _NAME_WORD.findall(name.lower()) if w not in _REGION_WORDS and
            (len(w) == 12 if w.isdigit() else len(w) >= 3)}


def _own_bucket(dest: str, source: str, role_accounts: set[str]) -> bool:
    d, s = dest.lower(), source.lower()
    return bool(_name_words(d) & _name_words(s)) or len(s) > 5 and d.startswith(s) or \
        any(acct in d for acct in role_accounts)


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


def first_bucket_in(text: str) -> str | None:
    """The first bucket (or container) named in `text` (`Bucket: 'acme-backups'`, `.bucket("b")`)."""
    m = _BUCKET_NAME.search(text)
    return m.group(1) if m else None


# -- from code: a configuration kept in a name before the call that sends it ----------------------------------------
# (`cfg = {...}; put_bucket_replication(…, ReplicationConfiguration=cfg)`, `const input = {...}; const cmd = new
# PutBucketPolicyCommand(input); await s3.send(cmd)`, the shorthand `{ Bucket, Policy }`): the names given one value
# each are read as that value, as deep as a configuration is usually built
_NAME_NODES = frozenset({"identifier", "shorthand_property_identifier"})
_NOT_READ = frozenset({"keyword_argument", "pair", "function_definition", "parameters", "formal_parameters"})


# (the raw text of the values read, all told: a value built from names given values built from names (`a2 = [a1, a1,
# …]`, `a3 = [a2, …]`) is otherwise read once per path to it, exponentially many times)
_EXPANDED_BUDGET = 100_000


def expanded(w, node, kinds: frozenset[str], depth: int = 0, budget: list[int] | None = None) -> str:
    """The text of `node` (a call, a command object, an argument) with each name in it that the code gives one value
    of the node `kinds` replaced by that value's text (`{ Bucket }` read as `Bucket: 'acme-backups'`). Past
    _EXPANDED_BUDGET characters of values read, the names left are kept as written."""
    data = w.doc.data
    if budget is None:
        budget = [_EXPANDED_BUDGET]
    if depth > 3:
        return data[node.start_byte:node.end_byte].decode("utf-8", "replace")
    names, stack = [], [node]
    while stack and len(names) < 16:
        n = stack.pop()
        if n.type in _NAME_NODES:
            up = n.parent
            # (a keyword's or a key's own name is no value: `Bucket=`, `{Bucket: …}`)
            if up is None or up.type not in _NOT_READ or up.child_by_field_name("value") == n:
                names.append(n)
        else:
            stack.extend(n.named_children)
    out, at = [], node.start_byte
    for n in sorted(names, key=lambda x: x.start_byte):
        if budget[0] <= 0:
            break
        v = w.given(n, kinds)
        if v is None or v.start_byte <= n.start_byte < v.end_byte:
            continue
        budget[0] -= v.end_byte - v.start_byte
        text = expanded(w, v, kinds, depth + 1, budget)
        if n.type == "shorthand_property_identifier":
            text = f"{data[n.start_byte:n.end_byte].decode('utf-8', 'replace')}: {text}"
        out += [data[at:n.start_byte].decode("utf-8", "replace"), text]
        at = n.end_byte
    out.append(data[at:node.end_byte].decode("utf-8", "replace"))
    return "".join(out)
