"""Back-office finance code (payment files, ledgers, card data, bank and accounting APIs), from TypeScript.

The tables and the messages are validate/finance_tables.py; a request carrying the customers' data (card numbers,
identity documents, bank links' tokens read by a query) is judged with what requests carry (js/network.py). Here:

- `s3.send(new PutObjectCommand({ Body }))` on an `S3Client` given keys written into the code and an endpoint that
  is not the user's network, with a Body made of what the code gathered (the customers' rows, a credential file, the
  environment): blocked, as the same data in a request to a stranger is;
- SQL given to `query`/`execute` that deletes AML alerts or the audit trail, turns an audit trigger or the statement
  log off, clears sanctions hits, or changes pending payouts' payee account to one the code writes in: blocked;
- a configuration written (`writeFileSync`) with TLS or host key checks off and a bare public address as the host
  (`NODE_TLS_REJECT_UNAUTHORIZED=0`, `verifyTls: false`, `baseUrl: "https://192.0.2.14"`): blocked.
"""
from __future__ import annotations

from ..per_input import holds
from .. import finance_tables as ft

_WRITES = frozenset({"writeFileSync", "writeFile", "appendFileSync", "appendFile", "outputFileSync", "outputFile",
                     "writeJsonSync", "writeJson"})
_SQL = frozenset({"query", "execute", "exec", "raw", "unsafe", "none", "any", "many"})
_NAMES = _WRITES | _SQL | {"send"}
_PUTS = frozenset({"PutObjectCommand", "UploadPartCommand", "CompleteMultipartUploadCommand"})

class Finance:
    def visit_finance(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call: judged by its name before anything else is read."""
        if not args:
            return
        name = self.src(prop) if prop is not None else (q or "").rpartition(".")[2]
        if name not in _NAMES or prop is None and name not in _WRITES:
            return
        if name == "send":
            if args[0].type == "new_expression" and holds(self.doc.data, b"S3Client"):
                self._foreign_put(fn, node, args[0])
        elif name in _SQL:
            text = self.string(args[0])
            found = ft.sql_harm(text, self.src(node)) if text else None
            if found is not None:
                self.block(found[0], found[1], node)
        else:
            self._finance_config(node)

    def _foreign_put(self, fn, node, command) -> None:
        made = self.src(command.child_by_field_name("constructor")).rpartition(".")[2]
        if made not in _PUTS:
            return
        obj = fn.child_by_field_name("object") if fn.type == "member_expression" else None
        client = None
        if obj is not None and obj.type == "identifier":
            values, _ = self._values_of(obj)
            client = next((v for v in values if v.type == "new_expression"), None)
        if client is None or not self.src(client.child_by_field_name("constructor")).endswith("S3Client"):
            return
        opts = self.args(client)[0] if self.args(client) else None
        creds = self._opt(opts, "credentials") if opts is not None else None
        key = self._opt(creds, "accessKeyId") if creds is not None else None
        if key is None or self.string(key) is None:
            return  # the user's own configured credentials
        endpoint = self._opt(opts, "endpoint")
        url = self.string(endpoint) if endpoint is not None else None
        from ..hosts import loopback, url_host
        from ..secret_owner import own_network

        host = (url_host(url) if url else None) or "another account's S3"
        if url and (loopback(host) or own_network(host)):
            return
        params = self.args(command)[0] if self.args(command) else None
        body = self._opt(params, "Body") if params is not None else None
        found = self._carried([(body, None)]) if body is not None else []
        kind = next((f for f in found if f[0] in ("customer", "rows", "file", "env", "var", "hashes")), None)
        if kind is None:
            return
        said = kind[1] if kind[0] == "customer" else f"the rows {kind[1]} reads" if kind[0] == "rows" else \
            f"the credential file {kind[1]}" if kind[0] == "file" else "secrets of the environment"
        self.block("exfiltration", f"`{self.src(fn)[:40]}` uploads {said} to {host} with keys written into the code: "
                                   "storage that is not the user's; export data only with the user's own configured "
                                   "credentials, to their own bucket", node)

    def _finance_config(self, node) -> None:
        state = self._flows_state()
        if "finance config" in state:
            return
        state["finance config"] = True
        self.report(ft.checks_off_to_address(self.doc.data.decode("utf-8", "replace")), node)
