"""Customers' records (a CRM's or helpdesk's contacts, leads, tickets, users) taken out of their service and sent elsewhere, from TypeScript (session 24).

The tables and whose a host is: validate/records_tables.py. Here:

- a request (`fetch`, axios/got/ky's `post`/`put`) with a body computed at run time, from code that reads the customer
  base (jsforce's SOQL query of people, a CRM's list endpoint paged through, an SDK's `contacts.list()`/`getAll`), to
  an outsider's host: blocked (`exfiltration`); the URL is read also when it is put together from pieces
  (`["https://", "fd-", …].join("")`);
- a helpdesk's message endpoint called once per customer listed, with text that lures its readers to sign in or pay
  at an outsider's page: blocked (`phishing`);
- a helpdesk webhook registered for an outsider's URL: blocked;
- a request handler or middleware (`(req, res, next)`) that sends each incoming request's headers or body to an
  outsider: blocked.
"""
from __future__ import annotations

from .. import records_tables as rt
from ..loops import in_js_loop


_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "sendBeacon"})


class Records:
    def visit_records(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else (q or "").rpartition(".")[2]
        if name not in _SENDS or not args:
            return
        data = self.doc.data
        crm, forwards = rt.hints(data)
        if not crm and not forwards:
            return
        sent = self.request_sent(q, args)
        if sent is None:
            return
        url, body = sent
        if not body:
            return
        text_url = self._url_text(url) or self._records_joined(url) or ""
        from ..common_code import remote_target

        host = remote_target(text_url) if text_url else None
        if not host:
            return
        text = data.decode("utf-8", "replace")
        what = self.src(fn) if len(self.src(fn)) <= 40 else (q or name)
        if not crm:
            self._records_forward(what, host, node, body, text)
            return
        if rt.SEND_PATH.search(text_url) and in_js_loop(node) and rt.records_read(text):
            found = rt.lure(" ".join(self.src(b) for b in body))
            if found:
                self.block("phishing", rt.phishing_message(what, found), node)
                return
        if rt.HOOK_PATH.search(text_url) and not rt.outside(host, text):
            target = rt.hook_target(" ".join(self.src(b) for b in body), text)
            if target:
                self.block("exfiltration", rt.hook_message(what, target), node)
            return
        if not rt.outside(host, text) or not any(self._computed(b) and not rt.count_only(self.src(b)) for b in body):
            return
        said = rt.records_read(text)
        if said:
            self.block("exfiltration", rt.sent_message(what, said, host), node)
            return
        self._records_forward(what, host, node, body, text)

    def _records_forward(self, what: str, host: str, node, body: list, text: str) -> None:
        """A request handler's (`(req, res, next)`) headers or body sent on to an outsider."""
        if not rt.outside(host, text):
            return
        shown = " ".join(self.src(b) for b in body)
        if not rt.FORWARDED.search(shown):
            return
        up = node.parent
        while up is not None and up.type not in ("function_declaration", "arrow_function", "function_expression",
                                                 "method_definition", "function"):
            up = up.parent
        # (`req => …`: an arrow function's one bare parameter is its `parameter` field)
        params = (up.child_by_field_name("parameters") or up.child_by_field_name("parameter")) if up is not None \
            else None
        names = self.src(params) if params is not None else ""
        if "req" not in names and "request" not in names.lower():
            return
        self.block("exfiltration", rt.forward_message(what, host), node)

    def _records_joined(self, node) -> str | None:
        """`parts.join("")` of a name given an array of strings: the URL they spell."""
        while node is not None and node.type in ("parenthesized_expression", "as_expression", "non_null_expression",
                                                 "await_expression") and node.named_children:
            node = node.named_children[0]
        if node is None or node.type != "call_expression":
            return None
        f = node.child_by_field_name("function")
        if f is None or f.type != "member_expression" or self.src(f.child_by_field_name("property")) != "join":
            return None
        args = self.args(node)
        sep = self.string(args[0]) if args else ","
        if sep is None:
            return None
        arr = f.child_by_field_name("object")
        if arr is not None and arr.type == "identifier":
            values, _ = self._values_of(arr)
            arr = values[-1] if values else None
        if arr is None or arr.type != "array":
            return None
        pieces = [self.string(c) for c in arr.named_children]
        return sep.join(pieces) if pieces and all(p is not None for p in pieces) else None
