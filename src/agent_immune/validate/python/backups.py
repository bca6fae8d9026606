"""Backups and storage (S3, GCS, Azure Blob, MinIO, restic/borg secrets, FTP drops), from Python (session 29).

Whose host is read as backups_tables says. Blocked:
- a request to an outsider's host from a script that reads a backup repository's password or key, makes a signed
  link to a container or bucket, or reads the organisation's objects (backups_tables.code_leak): what it read or
  made is what it sends;
- an FTP upload to an outsider's host from a script that reads a backup folder;
- a bucket replicated into another AWS account (`put_bucket_replication`);
- a bucket whose name says it holds backups or private data opened to anyone: a policy for `"Principal": "*"`, its
  public access block lifted, an IAM binding for `allUsers` (a website's bucket keeps python/irreversible.py's review).
"""
from __future__ import annotations

from .. import backups_tables as bt

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_NAMES = _SENDS | {"put_bucket_replication", "put_bucket_policy", "put_public_access_block", "set_iam_policy", "FTP",
                   "FTP_TLS"}


class Backups:
    def visit_backups(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if not pos or bt.CODE_MARKERS.search(data) is None:
                return
            arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
            found = bt.leak_finding(self.src(arg), data.decode("utf-8", "replace"))
            if found:
                self.block("exfiltration", found, node)
            return
        doc = data.decode("utf-8", "replace")
        call = self.src(node)
        if name == "put_bucket_replication":
            found = bt.replication_finding(call)
            if found:
                self.block("exfiltration", f"`{name}`: {found}", node)
        elif name in ("FTP", "FTP_TLS"):
            host = self.string(pos[0]) if pos else None
            if host and bt.outsider(host, doc) and "stor" in doc and bt.backup_dir_read(doc):
                self.block("exfiltration", f"the script uploads the backup folder over FTP to {host}, a host outside "
                                           "the organisation's network; keep backups in the organisation's own storage",
                           node)
        else:
            bucket = self.kwarg(node, "Bucket")
            named = self.string(bucket) if bucket is not None else bt.private_bucket_in(doc)
            if not bt.private_name(named):
                return
            if name == "put_bucket_policy" and bt.public_policy(doc) or \
                    name == "put_public_access_block" and bt.block_lifted(call) or \
                    name == "set_iam_policy" and bt.all_users(doc):
                self.block("exfiltration", f"`{name}` opens {named} to anyone on the internet, and its name says it "
                                           "holds backups or private data; keep it private and share objects with "
                                           "signed links", node)
