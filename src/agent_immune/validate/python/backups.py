"""Backups and storage (S3, GCS, Azure Blob, MinIO, restic/borg secrets, FTP drops), from Python (session 29).

Whose host is read as backups_tables says. Blocked:
- a request to an outsider's host from a script that reads a backup repository's password or key, makes a signed
  link to a container or bucket, or reads the organisation's objects (backups_tables.code_leak): what it read or
  made is what it sends;
- an FTP upload to an outsider's host from a script that reads a backup folder;
- a bucket replicated into another AWS account (`put_bucket_replication`); a destination with no `Account` whose name
  shares nothing with the source's is reviewed (a source known only at run time leaves the names out);
- a bucket whose name says it holds backups or private data opened to anyone: a policy for `"Principal": "*"`, its
  public access block lifted, an IAM binding for `allUsers`, Google Cloud Storage's `make_public` on it or on one of its
  objects (a website's bucket keeps python/irreversible.py's review).
A configuration kept in a name before the call (`cfg = {...}; put_public_access_block(…,
PublicAccessBlockConfiguration=cfg)`) is read as the literal it holds. Replication into the organisation's own
buckets, and a bucket's block turned on, stay allowed.
"""
from __future__ import annotations

from .. import backups_tables as bt
from ..per_input import decoded
from .http_calls import leak_sent

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_NAMES = _SENDS | {"put_bucket_replication", "put_bucket_policy", "put_public_access_block", "set_iam_policy", "FTP",
                   "FTP_TLS", "make_public"}
# what a configuration is built from before the call that sends it
_VALUES = frozenset({"dictionary", "string", "concatenated_string", "call", "list"})


class Backups:
    def visit_backups(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        if name in _SENDS:
            leak_sent(self, name, node, pos, bt.CODE_MARKERS, bt.leak_finding)
            return
        doc = decoded(self.doc.data)
        if name == "put_bucket_replication":
            found = bt.replication_finding(bt.expanded(self, node, _VALUES), self._backups_bucket(node))
            if found:
                (self.block if found[0] else self.review)("exfiltration", f"`{name}`: {found[1]}", node)
        elif name in ("FTP", "FTP_TLS"):
            host = self.string(pos[0]) if pos else None
            if host and bt.outsider(host, doc) and "stor" in doc and bt.backup_dir_read(doc):
                self.block("exfiltration", f"the script uploads the backup folder over FTP to {host}, a host outside "
                                           "the organisation's network; keep backups in the organisation's own storage",
                           node)
        elif name == "make_public":
            # (`client.bucket('acme-db-backups').make_public(recursive=True)`, `bucket.blob(x).make_public()`: the
            # bucket named in the chain, through the names it was kept in)
            named = bt.private_bucket_in(bt.expanded(self, node, _VALUES))
            if named:
                self.block("exfiltration", f"`make_public` opens {named} (or an object of it) to anyone on the internet, "
                                           "and its name says it holds backups or private data; keep it private and "
                                           "share objects with signed links", node)
        else:
            named = self._backups_bucket(node) or bt.private_bucket_in(doc)
            if not bt.private_name(named):
                return
            if name == "put_bucket_policy" and bt.public_policy(doc) or \
                    name == "put_public_access_block" and bt.block_lifted(bt.expanded(self, node, _VALUES)) or \
                    name == "set_iam_policy" and bt.all_users(doc):
                self.block("exfiltration", f"`{name}` opens {named} to anyone on the internet, and its name says it "
                                           "holds backups or private data; keep it private and share objects with "
                                           "signed links", node)

    def _backups_bucket(self, node) -> str | None:
        """The call's `Bucket=` (a literal, or a name given one)."""
        bucket = self.kwarg(node, "Bucket")
        if bucket is not None and bucket.type == "identifier":
            bucket = self.given(bucket, frozenset({"string"}))
        return self.string(bucket) if bucket is not None else None
