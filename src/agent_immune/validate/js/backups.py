"""Backups and storage (S3, GCS, Azure Blob, MinIO, restic/borg secrets), from TypeScript (session 29).

As python/backups.py: a request to an outsider's host (`fetch`, axios, got) from a script that reads a backup
repository's password, makes a signed link or reads the organisation's objects is blocked; so are a bucket replicated
into another AWS account (`new PutBucketReplicationCommand`; a destination with no `Account` whose name shares nothing
with the source's is reviewed), and a bucket whose name says it holds backups or private data opened to anyone
(`PutBucketPolicyCommand` or MinIO's `setBucketPolicy` for `Principal: "*"`, `PutPublicAccessBlockCommand` turning the
block off, Google Cloud Storage's `makePublic`). The SDK's usual shape, a command built first and sent later
(`const cmd = new PutBucketPolicyCommand(input); await s3.send(cmd)`), its input in a name and the shorthand
`{ Bucket, Policy }`, is read as the literal those names hold.
"""
from __future__ import annotations

from .. import backups_tables as bt
from ..per_input import decoded, holds, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_NAMES = _SENDS | {"send", "setBucketPolicy", "makePublic"}
_OPENING = ("PutBucketPolicyCommand", "PutPublicAccessBlockCommand")
# what a command and its input are built from before `send`
_VALUES = frozenset({"object", "string", "template_string", "call_expression", "new_expression", "array"})


class Backups:
    def visit_backups(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not args and name != "makePublic":
            return
        data = self.doc.data
        if name == "makePublic":
            # (`new Storage().bucket('acme-db-backups').makePublic()`, `bucket.file(x).makePublic()`)
            named = bt.private_bucket_in(bt.expanded(self, node, _VALUES))
            if named:
                self.block("exfiltration", f"`makePublic` opens {named} (or an object of it) to anyone on the internet, "
                                           "and its name says it holds backups or private data; keep it private and "
                                           "share objects with signed links", node)
            return
        if name in _SENDS:
            if in_input(bt.CODE_MARKERS, data):
                found = bt.leak_finding(self.src(args[0]), decoded(data))
                if found:
                    self.block("exfiltration", found, node)
            return
        if name == "send":
            if not holds(data, b"Command"):
                return
            call = bt.expanded(self, args[0], _VALUES)
            if "PutBucketReplicationCommand" in call:
                found = bt.replication_finding(call, bt.first_bucket_in(call))
                if found:
                    (self.block if found[0] else self.review)(
                        "exfiltration", f"`PutBucketReplicationCommand`: {found[1]}", node)
                return
            if not any(o in call for o in _OPENING):
                return
            opened = bt.public_policy(call) if "PutBucketPolicyCommand" in call else \
                bt.block_lifted(call) and ["the public access block off"]
            named = bt.private_bucket_in(call)
            name = next(o for o in _OPENING if o in call)
        else:
            call = bt.expanded(self, node, _VALUES)
            opened = bt.public_policy(call)
            named = self.src(args[0]).strip("\"'`")
            if args[0].type == "identifier":
                named = bt.expanded(self, args[0], _VALUES).strip("\"'`")
        if opened and bt.private_name(named):
            self.block("exfiltration", f"`{name}` opens {named} to anyone on the internet, and its name says it holds "
                                       "backups or private data; keep it private and share objects with signed links",
                       node)
        elif opened and name != "PutPublicAccessBlockCommand":
            # (session 32) any bucket's policy, as bash/infra.py and python/irreversible.py read it: reading objects
            # only is a website's bucket, for a person; listing, writing or everything is blocked
            where = named or bt.first_bucket_in(call) or "the bucket"
            say = (f"`{name}` gives anyone on the internet (`\"Principal\": \"*\"`, no Condition) "
                   f"{', '.join(sorted(opened)[:4])} on {where}")
            if all(a.lower() in ("s3:getobject", "s3:getobjectversion") for a in opened):
                self.review("exfiltration", f"{say}: every object in it can be downloaded by anyone; if it is a "
                                            "website's bucket, let a person confirm it", node)
            else:
                self.block("exfiltration", f"{say}: everything in it can be listed and taken (or changed) by anyone; "
                                           "keep buckets private and share objects with signed links", node)
