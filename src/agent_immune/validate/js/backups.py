"""Backups and storage (S3, GCS, Azure Blob, MinIO, restic/borg secrets), from TypeScript (session 29).

As python/backups.py: a request to an outsider's host (`fetch`, axios, got) from a script that reads a backup
repository's password, makes a signed link or reads the organisation's objects is blocked; so are a bucket replicated
into another AWS account (`new PutBucketReplicationCommand`) and a bucket whose name says it holds backups or private
data opened to anyone (`PutBucketPolicyCommand` or MinIO's `setBucketPolicy` for `Principal: "*"`,
`PutPublicAccessBlockCommand` turning the block off).
"""
from __future__ import annotations

from .. import backups_tables as bt

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios"})
_NAMES = _SENDS | {"send", "setBucketPolicy"}
_OPENING = ("PutBucketPolicyCommand", "PutPublicAccessBlockCommand")


class Backups:
    def visit_backups(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not args:
            return
        data = self.doc.data
        if name in _SENDS:
            if bt.CODE_MARKERS.search(data) is None:
                return
            found = bt.leak_finding(self.src(args[0]), data.decode("utf-8", "replace"))
            if found:
                self.block("exfiltration", found, node)
            return
        call = self.src(node)
        if name == "send":
            if "PutBucketReplicationCommand" in call:
                found = bt.replication_finding(call)
                if found:
                    self.block("exfiltration", f"`PutBucketReplicationCommand`: {found}", node)
                return
            if not any(o in call for o in _OPENING):
                return
            opened = bt.public_policy(call) if "PutBucketPolicyCommand" in call else \
                bt.block_lifted(call) and ["the public access block off"]
        else:
            opened = bt.public_policy(call)
        named = bt.private_bucket_in(call) if name == "send" else self.src(args[0]).strip("\"'`")
        if opened and bt.private_name(named):
            self.block("exfiltration", f"`{name}` opens {named} to anyone on the internet, and its name says it holds "
                                       "backups or private data; keep it private and share objects with signed links",
                       node)
