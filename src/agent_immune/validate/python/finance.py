"""Back-office finance code (payment files, ledgers, card data, bank and accounting APIs), from Python.

The tables and the messages are validate/finance_tables.py; the customers' data sent to a stranger (card numbers,
identity documents, bank links' tokens read by a query) is judged with the other rows a request carries
(python/network.py's Carried). Here:

- the files a statement or KYC parser reads (`open(path, "rb").read()`, `files={"f": fh}`) sent to a bare public
  address, in code whose paths name bank statements, payment files or identity documents: blocked;
- SQL run on a database that is not a throwaway one that deletes AML alerts or the audit trail, turns an audit or
  balance trigger or the statement log off, clears sanctions hits, or changes the payee account of pending payouts
  to an account the code writes in: blocked (finance_tables.sql_harm);
- a rewrite of the project's code (`src.replace(old, new)` written back) that posts a rounding remainder to an account
  it names: blocked;
- a configuration written with host key or TLS checks off and a bare public address as the host: blocked;
- a feature-flag API told to turn off a fraud, AML or KYC check or lift a payout limit in production: blocked;
- deletes at accounting and banking APIs with no undo (QuickBooks' `?operation=delete`, Xero's VOIDED or DELETED
  status, Plaid's `item_remove` outside the sandbox): reviewed `irreversible`.
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import finance_tables as ft

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_SQL = frozenset({"execute", "executemany", "executescript", "exec_driver_sql", "query", "fetch", "fetchrow",
                  "fetchval", "run_sql"})
_WRITES_BACK = frozenset({"write_text", "write", "dump", "safe_dump", "write_bytes"})
_NAMES = _SENDS | _SQL | _WRITES_BACK | ft.PLAID_REMOVES | {"replace", "sub"}
# the documents finance code reads that are the bank's or the customers': statements, payment files, identity papers
_FINANCE_DOCS = re.compile(rb"(?i)camt0?5[234]|mt9[45]0|bai2|statement|pain\.?00[18]|nacha|\.ach\b|/ach/|payroll|"
                           rb"kyc|passport|id[_-]?documents?|selfie|driver[_-]?licen|/cards?/|cardholder")
_ADDRESS = re.compile(rb"//\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_FILE_READS = frozenset({"read", "read_bytes", "read_text", "readlines"})
_OPENERS = frozenset({"open", "io.open", "builtins.open", "gzip.open"})
_CODE_FILE = re.compile(r"""["'][^"'\n]*\.(?:py|[cm]?[jt]sx?|go|rb|java|kt|cs|php)["']""")

class Finance:
    def visit_finance(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call: judged by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        if name in _SENDS:
            self._finance_send(q, fn, meth, node, pos)
        elif name in _SQL:
            if meth is not None and pos:
                self._finance_sql(fn, node, pos[0])
        elif name in ("replace", "sub"):
            if len(pos) > 1 and (name == "replace" or q in ("re.sub", "regex.sub")):
                self._finance_rewrite(node, pos)
        elif name in _WRITES_BACK:
            self._finance_config(node)
        elif meth is not None and any(v.partition(".")[0] == "plaid" for v in self.alias.values()):
            self._plaid_remove(fn, meth, node)

    # -- requests ---------------------------------------------------------------------------------------------------
    def _finance_send(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        data = self.doc.data
        if not (holds(data, b"flag") or holds(data, b"intuit.com") or holds(data, b"xero.com") or
                in_input(_FINANCE_DOCS, data) and in_input(_ADDRESS, data)):
            return  # (settled by the bytes: most requests are none of these)
        parts = self._request_parts(q, fn, meth, node, pos)
        if parts is None:
            url_node = pos[0] if pos else None
            if url_node is None:
                return
            what, payloads = self.src(fn)[:60], []
        else:
            what, url_node, payloads = parts
        url = self._url_text(url_node) or ""
        from ..common_code import remote_target
        from ..hosts import public_ip

        host = remote_target(url) or ""
        call_text = self.src(node)
        if payloads and host and public_ip(host) and in_input(_FINANCE_DOCS, self.doc.data):
            read = self._file_content(payloads)
            if read is not None:
                self.block("exfiltration", f"`{what}` sends the content of the files the code reads (bank statements, "
                                           f"payment files or identity documents) to {host}, a bare address no name "
                                           "of the organisation vouches for; keep them on the user's systems, and "
                                           "send them only to the bank or vendor by its name", read)
                return
        lifted = ft.flag_lifted(call_text) if holds(self.doc.data, b"flag") else None
        if lifted is not None:
            self.block("permission-tamper", f"`{what}` turns off or lifts the flag {lifted} in production: payout "
                                            "limits and fraud, AML and KYC checks guard the money; change them "
                                            "through the flag service's approval flow, not from code", node)
            return
        from ..common_code import irreversible_message

        if "intuit.com" in url and ft.QBO_OPERATION.search(url) and "sandbox" not in url:
            op = ft.QBO_OPERATION.search(url).group(1).lower()
            self.review("irreversible", irreversible_message(what, f"{op}s records of the live QuickBooks company "
                                                                  "(`?operation=" + op + "`)", None), node)
        elif "xero.com" in url and ft.XERO_VOID.search(self._followed_text(node)):
            status = ft.XERO_VOID.search(self._followed_text(node)).group(1)
            self.review("irreversible", irreversible_message(what, f"sets posted records of the Xero organisation to "
                                                                  f"{status}, which cannot be reversed", None), node)

    def _file_content(self, payloads: list):
        """The read of a file's content a request's body carries (`fh.read()` of `with open(p, "rb") as fh`, a handle
        given to `files=`, `Path(p).read_bytes()`); None when it carries none."""
        stack, seen = list(payloads), 0
        while stack and seen < 128:
            n = stack.pop()
            seen += 1
            if n.type == "call":
                f = n.child_by_field_name("function")
                if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) in _FILE_READS:
                    return n
                if self.qualname(f) in _OPENERS:
                    return n
            elif n.type == "identifier":
                made = self.bound.get(self.src(n))
                if made is not None and made.type == "call":
                    f = made.child_by_field_name("function")
                    if self.qualname(f) in _OPENERS or f is not None and f.type == "attribute" and \
                            self.src(f.child_by_field_name("attribute")) == "open":
                        return n
                continue
            stack.extend(n.named_children)
        return None

    # -- SQL --------------------------------------------------------------------------------------------------------
    def _finance_sql(self, fn, node, arg) -> None:
        text = self._sql_text(arg)
        if not text:
            return
        found = ft.sql_harm(text, self.src(node))
        if found is None:
            return
        if self._throwaway_origin(fn.child_by_field_name("object")) is True:
            return
        self.block(found[0], found[1], node)

    # -- code and configuration rewritten ------------------------------------------------------------------------------
    def _finance_rewrite(self, node, pos: list) -> None:
        new = self.string(pos[1])
        if not new or "(" not in new:
            return
        posted = ft.skimmed(self.string(pos[0]), new)
        data = self.doc.data
        if posted is None or not (holds(data, b"write_text(") or holds(data, b".write(")) or \
                not _CODE_FILE.search(data.decode("utf-8", "replace")):
            return
        if posted is not None:
            self.block("exfiltration", f"the code rewrites the project's source so that it posts a remainder to an "
                                       f"account it names (`{posted}`): each conversion's rounding is skimmed there; "
                                       "round as the ledger's policy says and post differences to the booked "
                                       "accounts only", pos[1])

    def _finance_config(self, node) -> None:
        if "finance config" in self.lists:
            return
        self.lists["finance config"] = node
        self.report(ft.checks_off_to_address(self.doc.data.decode("utf-8", "replace")), node)

    def _plaid_remove(self, fn, meth: str, node) -> None:
        if holds(self.doc.data, b"Sandbox") or holds(self.doc.data, b"sandbox"):
            return
        from ..common_code import irreversible_message

        self.review("irreversible", irreversible_message(self.src(fn)[:60], f"revokes the bank links' access ({meth}): "
                                                         "the customers must link their banks again", None), node)
