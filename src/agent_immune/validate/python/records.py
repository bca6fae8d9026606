"""Customers' records (a CRM's or helpdesk's contacts, leads, tickets, users) taken out of their service and sent elsewhere, from Python (session 24).

The tables and whose a host is: validate/records_tables.py. Here:

- a request (requests, httpx, urlopen, a session's `.post`) with a body computed at run time, from code that reads the
  customer base (a SOQL query of people, a CRM's list endpoint, an SDK's `get_all`/`query_all`), to an outsider's
  host: blocked (`exfiltration`), also when the send is in a helper a thread runs;
- the same records put by an S3 client pointed at someone else's endpoint (`boto3.client("s3", endpoint_url=…)`);
- a customers' export file (`exports/customers_full.csv`) read and posted as a GitHub gist: published, blocked;
- a helpdesk's message endpoint called once per customer listed, with text that lures its readers to sign in or pay
  at an outsider's page: blocked (`phishing`);
- a helpdesk webhook registered for an outsider's URL: blocked;
- code written into a project file that forwards each incoming request's headers and body to an outsider (a support
  bot's handler patched): blocked.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import records_tables as rt
from ..limits import VALUE_CAP
from ..loops import in_loop

_REQUESTS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_S3_PUTS = frozenset({"put_object", "upload_file", "upload_fileobj"})
_WRITES = frozenset({"write_text", "write"})
_NAMES = _REQUESTS | _S3_PUTS | _WRITES
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression"})
_BOUNDS = frozenset({"function_definition", "class_definition"})
_ENDPOINT = re.compile(r"""endpoint_url\s*=\s*f?["']([^"']+)["']""")
_GIST = re.compile(r"(?i)https?://(?:api\.github\.com/gists|gist\.github\.com)")
_OPENED = re.compile(r"""(?:open|Path)\(\s*f?["']([^"']+)["']""")


class Records:
    def visit_records(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _WRITES:
            if meth is not None and rt.hints(data)[1] and pos:
                self._records_planted(node, pos[0])
            return
        if not rt.hints(data)[0] and not holds(data, b"gists"):
            return
        if name in _S3_PUTS:
            if meth is not None and holds(data, b"endpoint_url"):
                self._records_bucket(fn, node)
            return
        parts = self._request_parts(q, fn, meth, node, pos)
        if parts is None:
            return
        what, url_node, payloads = parts
        url = self._url_text(url_node) or ""
        text = data.decode("utf-8", "replace")
        if _GIST.match(url):
            self._records_gist(what, node, payloads, text)
            return
        from ..common_code import remote_target

        host = remote_target(url)
        if not host:
            return
        if rt.SEND_PATH.search(url) and in_loop(node, _LOOPS, _BOUNDS) and rt.records_read(text):
            found = rt.lure(" ".join(self._followed_text(p) for p in payloads))
            if found:
                self.block("phishing", rt.phishing_message(what, found), node)
                return
        if rt.HOOK_PATH.search(url) and not rt.outside(host, text):
            target = rt.hook_target(" ".join(self._followed_text(p) for p in payloads), text)
            if target:
                self.block("exfiltration", rt.hook_message(what, target), node)
            return
        if not rt.outside(host, text) or not any(self._computed(p) and not rt.count_only(self.src(p)) for p in payloads):
            return
        said = rt.records_read(text)
        if said:
            self.block("exfiltration", rt.sent_message(what, said, host), node)

    def _records_bucket(self, fn, node) -> None:
        """`s3.put_object(…)` on a client made with `endpoint_url="https://s3.storage-bucket.xyz"`: someone else's
        storage, in code that reads the customer base."""
        text = self.doc.data.decode("utf-8", "replace")
        for m in _ENDPOINT.finditer(text):
            host = rt.sink(m.group(1), text)
            said = rt.records_read(text) if host else None
            if said:
                self.block("exfiltration", rt.sent_message(self.src(fn)[:60], said, host) +
                           " (an S3 client pointed at another party's endpoint puts them in that party's bucket)", node)
                return

    def _records_gist(self, what: str, node, payloads: list, text: str) -> None:
        """A gist made of a customers' export file read in: the records published."""
        body = " ".join(self._followed_text(p) for p in payloads)
        for m in _OPENED.finditer(text):
            if rt.people_file(m.group(1)):
                self.block("exfiltration", f"`{what}` posts {m.group(1)}, an export of customers' records, as a GitHub "
                                           "gist: anyone with the link (anyone at all, for a public one) reads it; "
                                           "keep exports in the organisation's own storage", node)
                return
        said = rt.records_read(text)
        if said and re.search(r"[\"']content[\"']", body):
            self.block("exfiltration", f"`{what}` posts {said} as a GitHub gist: anyone with the link reads them; keep "
                                       "exports in the organisation's own storage", node)

    def _records_planted(self, node, content) -> None:
        """Code written into a project file whose added text sends each incoming request's headers or body to an
        outsider (`hook + src.replace("def handle(req):", "def handle(req):\\n    _fwd(req)")`)."""
        from .. import source_patch

        path = self._patched_path()
        if path is None:
            return
        written = self._records_pieces(content, node.start_byte, 0)
        if not rt.FORWARDED.search(written) or not source_patch._SENDER.search(written):
            return
        text = self.doc.data.decode("utf-8", "replace")
        for u in source_patch._URL.finditer(written):
            host = rt.sink(u.group(0), text)
            if host:
                self.block("exfiltration", rt.forward_message(f"{self.src(node)[:50]}", host) +
                           f" (planted in {path or 'the project source'})", node)
                return

    def _records_pieces(self, node, before: int, depth: int, seen: dict | None = None) -> str:
        """The literal text an expression puts together, names followed to the value they were last given before
        `before` (`src = hook + src.replace(…)` after `src = p.read_text()`). Each name's value is read once (`seen`)
        and the text is cut at VALUE_CAP: `a2 = [a1, a1, …]` of `a1 = [a0, a0, …]` multiplied the work by 32 a
        level (minutes for five levels)."""
        if node is None or depth > 8:
            return ""
        v = self.string(node)
        if v is not None:
            return v
        seen = {} if seen is None else seen
        if node.type == "identifier":
            name = self.src(node).encode()
            key = (name, before)
            if key in seen:
                return seen[key]
            seen[key] = ""
            last = None
            for m in re.finditer(rb"(?m)^[ \t]*" + re.escape(name) + rb"\s*[+]?=(?!=)", self.doc.data[:before]):
                last = m
            if last is None or self.root is None:
                return ""
            at = self.root.descendant_for_byte_range(last.start() + len(last.group(0)) - len(last.group(0).lstrip()),
                                                     last.end() - 1)
            while at is not None and at.type not in ("assignment", "augmented_assignment"):
                at = at.parent
            value = at.child_by_field_name("right") if at is not None else None
            seen[key] = self._records_pieces(value, at.start_byte, depth + 1, seen) if value is not None else ""
            return seen[key]
        if node.type == "string":
            return self.src(node)
        out, size = [], 0
        for c in node.named_children[:32]:
            out.append(self._records_pieces(c, before, depth + 1, seen))
            size += len(out[-1])
            if size > VALUE_CAP:
                break
        return "".join(out)
