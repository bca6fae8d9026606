"""Blockchain transactions sent from Python (web3.py, ccxt …): the tables and the policy are validate/chain.py.

- a contract function through web3.py (`token.functions.approve(spender, 2**256 - 1)`, `.renounceOwnership()`,
  `.burn(…)`, `.transferOwnership(…)`, `.upgradeToAndCall(…)`), or as a method of a contract object of brownie/ape:
  judged by chain.contract_call on the chain the code names;
- a transaction dict sent (`send_transaction({"to": …, "value": …})`, `sign_transaction(tx)`): the sender's balance
  sent to an address literal blocked (chain.send_funds);
- ccxt's `exchange.withdraw(code, amount, address)` to an address literal, outside sandbox mode: blocked;
- `pyperclip.copy("0x…")` in code that reads the clipboard and tests it: a clipboard hijacker, blocked;
- `src.replace("recipient", "… 0x… …")` (or `re.sub`) in code that writes a source file back: an address literal put
  in place of who gets control or funds, blocked (chain.rewritten);
- any other `src.replace(old, new)` / `re.sub(pattern, new, src)` in code that writes a source file back: what the
  edit adds or takes away judged by source_patch.judge (a check made to pass, a backdoor key, a sender planted next
  to passwords or cards, a bank account for payouts).
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import chain, source_patch

_EVM = frozenset({"web3", "brownie", "ape", "eth_account", "safe_eth", "gnosis", "ape_safe"})
_SENDS = frozenset({"send_transaction", "sign_transaction"})
_CLIP = frozenset({"pyperclip.copy", "clipboard.copy", "xerox.copy"})
_NAMES = chain.FUNCTIONS | _SENDS | {"withdraw", "copy", "clipboard_append", "replace", "sub", "subn"}
_WRITES = re.compile(rb"write_text\(|\.write\(|open\([^)]*['\"][wa]")
_CODE_PATH = re.compile(r"""["'][^"'\n]*\.(?:[cm]?[jt]sx?|sol|py|rs|vy)["']|getsourcefile|__file__""")
_CLIP_TESTED = re.compile(rb"paste\(|clipboard_get\(")

_PIECES = frozenset({"string", "concatenated_string", "binary_operator", "parenthesized_expression", "call",
                     "lambda", "conditional_expression"})
_DECL = frozenset({"dictionary", "binary_operator", "string", "integer", "call", "attribute", "identifier",
                    "parenthesized_expression", "unary_operator", "subscript"})


class Chain:
    def visit_chain(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call: settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in ("replace", "sub", "subn"):
            if data.find(b"0x", node.start_byte, node.end_byte) >= 0:
                self._chain_rewrite(name, q, node, pos)
            self._source_patch(name, q, node, pos)
            return
        if name in ("copy", "clipboard_append"):
            if (q in _CLIP or name == "clipboard_append") and pos:
                self._chain_clipboard(node, pos[0])
            return
        if name == "withdraw":
            if holds(data, b"ccxt") and len(pos) > 2:
                text = data.decode("utf-8", "replace")
                found = chain.withdraw(self._chain_shown(fn, name), self._chain_lit(pos[2]),
                                       chain.network(text) == "test")
                self.report(found, node)
            return
        if not any(v.partition(".")[0] in _EVM for v in self.alias.values()):
            return
        net = chain.network(data.decode("utf-8", "replace"))
        if net == "test":
            return
        shown = self._chain_shown(fn, name)
        if name in _SENDS:
            tx = self._chain_dict(pos[0]) if pos else None
            if tx is not None and "to" in tx:
                value = tx.get("value")
                text = self._chain_text(value) if value is not None else ""
                computed = value is not None and value.type not in ("integer", "float")
                self.report(chain.send_funds(self._chain_lit(tx["to"]), text, net, shown, computed), node)
            return
        obj = fn.child_by_field_name("object") if fn.type == "attribute" else None
        if obj is None:
            return
        if not (self.src(obj).endswith(".functions") or any(v.partition(".")[0] in ("brownie", "ape")
                                                             for v in self.alias.values())):
            return
        args = [(self._chain_lit(p), self._chain_text(p)) for p in pos]
        self.report(chain.contract_call(name, args, net, shown), node)

    # -- readers -----------------------------------------------------------------------------------------------------
    def _chain_shown(self, fn, name: str) -> str:
        text = self.src(fn)
        return text if len(text) <= 60 else name

    def _chain_lit(self, node):
        """The value of an argument when the code shows it (a string, True/False), else None."""
        return self.shown_value(node)

    def _chain_text(self, node) -> str:
        return self.text_with_names(node, _DECL)

    def _chain_dict(self, node):
        """{key: value node} of a dict literal, or of the dict a name was given."""
        for _ in range(3):
            if node is None:
                return None
            if node.type == "identifier":
                node = self.bound.get(self.src(node)) or self.declared(node, _DECL)
                continue
            break
        if node is None or node.type != "dictionary":
            return None
        out = {}
        for pair in node.named_children:
            if pair.type == "pair":
                k = self.string(pair.child_by_field_name("key"))
                if isinstance(k, str):
                    out[k] = pair.child_by_field_name("value")
        return out

    # -- the clipboard, code rewritten -------------------------------------------------------------------------------
    def _chain_clipboard(self, node, arg) -> None:
        read = _CLIP_TESTED.search(self.doc.data, 0, node.start_byte)
        if read is None:
            return
        value = self._chain_lit(arg)
        addr = chain.wallet_address(value) if isinstance(value, str) else None
        if addr is not None:
            self.block("exfiltration", chain.clipboard_swap(self.src(node.child_by_field_name("function")), addr),
                       node)

    def _chain_rewrite(self, name: str, q: str | None, node, pos: list) -> None:
        if name == "sub" and q not in ("re.sub", "regex.sub"):
            return
        if len(pos) < 2 or not in_input(_WRITES, self.doc.data) or not _CODE_PATH.search(
                self.doc.data.decode("utf-8", "replace")):
            return
        found = chain.source_rewrite(self.string(pos[0]), self.string(pos[1]))
        if found is not None:
            self.block(*found, node)

    # -- the project's source rewritten (source_patch.py) -------------------------------------------------------------
    def _source_patch(self, name: str, q: str | None, node, pos: list) -> None:
        """`src.replace(old, new)` / `re.sub(pattern, new, src)` in code that reads a source file and writes it back:
        what the edit adds or takes away (source_patch.judge)."""
        if name != "replace" and q not in ("re.sub", "re.subn", "regex.sub", "regex.subn") or len(pos) < 2:
            return
        path = self._patched_path()
        if path is None:
            return
        old = self.string(pos[0])
        new = self._patch_pieces(pos[1], 0)
        found = source_patch.judge(old if old is not None else self.src(pos[0]), new, path or None,
                                   self.doc.data.decode("utf-8", "replace"))
        if found is not None:
            self.block(*source_patch.message(found, "the code"), node)

    def _patched_path(self) -> str | None:
        """The source file a snippet rewrites ("" when its name is not written in it), None when it writes no code
        file back or nothing of source_patch's kinds can be in it (a cheap test of the whole snippet, once)."""
        memo = self.lists.get("source patch")
        if memo is None:
            data = self.doc.data
            text = data.decode("utf-8", "replace")
            found = source_patch.CODE_PATH.search(text) if in_input(_WRITES, data) and \
                source_patch.HINT.search(data) else None
            memo = self.lists["source patch"] = (found.group(0)[1:-1],) if found is not None else (None,)
        return memo[0]

    def _patch_pieces(self, node, depth: int) -> str:
        """The text an edit puts in, as far as the code shows it: the value of a literal, of a name given one, the
        literal pieces of an expression (`lambda m: m.group(1) + backdoor`)."""
        if node is None or depth > 6:
            return ""
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "identifier":
            made = self.declared(node, _PIECES)
            return self._patch_pieces(made, depth + 1) if made is not None else ""
        if node.type == "string":
            return self.src(node)
        return "".join(self._patch_pieces(c, depth + 1) for c in node.named_children[:32])
