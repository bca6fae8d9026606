"""Blockchain transactions sent from TypeScript/JavaScript (ethers, viem, @solana/web3.js, Safe …): the tables and the
policy are validate/chain.py.

- a contract method of ethers/hardhat (`nft.setApprovalForAll("0x…", true)`, `pa.transferOwnership("0x…")`,
  `upgrades.admin.transferProxyAdminOwnership(proxy, owner)`, `.renounceOwnership()`, `.burn(…)`) or viem's
  `writeContract({functionName, args})`: judged by chain.contract_call on the chain the code names;
- `sendTransaction({to: "0x…", value: bal - fee})`: the sender's balance sent to an address literal, blocked;
- the Safe SDK's `createAddOwnerTx({ownerAddress: "0x…"})` / `createSwapOwnerTx({newOwnerAddress: "0x…"})`: an owner
  the code names added to a multisig, blocked;
- ccxt's `exchange.withdraw(code, amount, "0x…")` outside sandbox mode: blocked;
- spl-token's `setAuthority(…, null)` (an authority revoked for good) and Metaplex's `isMutable: false`: reviewed;
  an authority handed to a key written into the code: blocked;
- `clipboard.writeText("0x…")` in code that reads the clipboard (Electron's, the browser's): a hijacker, blocked;
- `src.replace("args: [amount, recipient]", "… 0x… …")` in code that writes a source file back: blocked
  (chain.rewritten);
- any other `src.replace(old | /pattern/, new)` in code that writes a source file back: what the edit adds or takes
  away judged by source_patch.judge (a check made to pass, a backdoor key, a sender planted next to passwords or
  cards, a bank account for payouts).
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import chain, source_patch

_EVM = frozenset({"ethers", "viem", "hardhat", "web3", "wagmi", "@wagmi/core", "@openzeppelin/hardhat-upgrades",
                  "@nomicfoundation/hardhat-ethers", "@nomicfoundation/hardhat-viem", "@safe-global/protocol-kit"})
_SOLANA = frozenset({"@solana/spl-token", "@metaplex-foundation/mpl-token-metadata", "@metaplex-foundation/js",
                     "@metaplex-foundation/umi", "@solana/web3.js"})
_WRITE_CONTRACT = frozenset({"writeContract", "writeContractAsync"})
_SAFE_OWNER = {"createAddOwnerTx": "ownerAddress", "createSwapOwnerTx": "newOwnerAddress"}
# spl-token: the call -> the index of the new authority
_SET_AUTHORITY = {"setAuthority": 5, "createSetAuthorityInstruction": 3}
_METADATA = frozenset({"updateV1", "updateMetadataAccountV2", "createUpdateMetadataAccountV2Instruction", "updateNft",
                       "updateAsAuthorityV2", "updateAsUpdateAuthorityV2"})
_NAMES = (chain.FUNCTIONS | _WRITE_CONTRACT | frozenset(_SAFE_OWNER) | frozenset(_SET_AUTHORITY) | _METADATA |
          {"sendTransaction", "withdraw", "writeText", "replace", "replaceAll"})
_IMMUTABLE = re.compile(r"\bisMutable\s*:\s*false\b")
_TESTED = re.compile(rb"\.test\(|\.match\(|startsWith\(|===|\bif\s*\(")
_WRITES = re.compile(rb"\bwriteFile(?:Sync)?\s*\(")
_PATCH_WRITES = re.compile(rb"\b(?:writeFile|appendFile|outputFile)(?:Sync)?\s*\(|\bDeno\.writeTextFile|\bBun\.write\(")
_CODE_PATH = re.compile(r"""["'`][^"'`\n]*\.(?:[cm]?[jt]sx?|sol|py|rs)["'`]|require\.resolve""")
_WRAPPED = frozenset({"await_expression", "parenthesized_expression", "non_null_expression", "as_expression",
                      "satisfies_expression"})

_PIECES = frozenset({"string", "template_string", "binary_expression", "parenthesized_expression", "call_expression",
                     "arrow_function", "function_expression", "ternary_expression", "as_expression"})
_DECL = frozenset({"object", "binary_expression", "string", "number", "call_expression", "member_expression",
                    "await_expression", "identifier", "parenthesized_expression", "unary_expression", "new_expression"})


class Chain:
    def visit_chain(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call: settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else q.rpartition(".")[2] if q is not None else None
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in ("replace", "replaceAll"):
            if data.find(b"0x", node.start_byte, node.end_byte) >= 0:
                self._chain_rewrite(node, args)
            self._source_patch(node, args)
            return
        if name == "writeText":
            if args and holds(data, b"readText"):
                self._chain_clipboard(fn, node, args[0])
            return
        text = data.decode("utf-8", "replace")
        net = chain.network(text)
        if name == "withdraw":
            if holds(data, b"ccxt") and len(args) > 2:
                self.report(chain.withdraw(self._chain_shown(fn, name), self._chain_lit(args[2]),
                                                  net == "test"), node)
            return
        if net == "test":
            return
        shown = self._chain_shown(fn, name)
        if name in _SET_AUTHORITY or name in _METADATA:
            if self._imports(_SOLANA):
                self._chain_solana(name, shown, node, args, net)
            return
        if not self._imports(_EVM):
            return
        if name in _SAFE_OWNER:
            opts = self._chain_object(args[0]) if args else {}
            who = opts.get(_SAFE_OWNER[name])
            lit = self._chain_lit(who) if who is not None else None
            if chain.outside(lit):
                self.block("privilege-escalation", f"`{shown}` makes {lit}, an address written into the code, an "
                                                   f"owner of the Safe {chain.shown_net(net)}: with the threshold it "
                                                   f"sets, that address can move the Safe's funds; "
                                                   f"{chain.FIX_CONTROL}", node)
            return
        if name == "sendTransaction":
            tx = self._chain_object(args[0]) if args else {}
            if "to" in tx:
                value = tx.get("value")
                text = self._chain_text(value) if value is not None else ""
                computed = value is not None and value.type != "number"
                self.report(chain.send_funds(self._chain_lit(tx["to"]), text, net, shown, computed), node)
            return
        if name in _WRITE_CONTRACT:
            opts = self._chain_object(args[0]) if args else {}
            fname = self._chain_lit(opts["functionName"]) if "functionName" in opts else None
            call_args = opts.get("args")
            while call_args is not None and call_args.type in _WRAPPED and call_args.named_children:
                call_args = call_args.named_children[0]
            items = [c for c in call_args.named_children if c.type != "comment"] if call_args is not None and \
                call_args.type == "array" else []
            if isinstance(fname, str) and fname in chain.FUNCTIONS:
                found = chain.contract_call(fname, [(self._chain_lit(c), self._chain_text(c)) for c in items], net,
                                            f"{name}({fname})")
                self.report(found, node)
            return
        if fn.type != "member_expression":
            return
        found = chain.contract_call(name, [(self._chain_lit(a), self._chain_text(a)) for a in args], net, shown)
        self.report(found, node)

    # -- readers -----------------------------------------------------------------------------------------------------
    def _chain_shown(self, fn, name: str) -> str:
        text = self.src(fn)
        return text if len(text) <= 60 else name

    def _chain_lit(self, node):
        """The value of an argument when the code shows it (a string, true/false, null as False), else None."""
        if node is None:
            return None
        while node.type in _WRAPPED and node.named_children:
            node = node.named_children[0]
        if node.type == "new_expression":  # new PublicKey("…")
            a = self.args(node)
            return self._chain_lit(a[0]) if a else None
        return self.shown_value(node)

    def _chain_text(self, node) -> str:
        return self.text_with_names(node, _DECL)

    def _chain_object(self, node) -> dict:
        """{key: value node} of an object literal, or of the object a name was given."""
        for _ in range(4):
            if node is None:
                return {}
            if node.type in _WRAPPED and node.named_children:
                node = node.named_children[0]
            elif node.type == "identifier":
                node = self.bound.get(self.src(node)) or self.declared(node, _DECL)
            else:
                break
        if node is None or node.type != "object":
            return {}
        out = {}
        for c in node.named_children:
            if c.type == "pair":
                k = c.child_by_field_name("key")
                key = self.string(k) if k is not None and k.type == "string" else self.src(k) if k is not None else ""
                out[key] = c.child_by_field_name("value")
            elif c.type == "shorthand_property_identifier":
                out[self.src(c)] = c
        return out

    # -- Solana ------------------------------------------------------------------------------------------------------
    def _chain_solana(self, name: str, shown: str, node, args: list, net: str | None) -> None:
        if name in _METADATA:
            if _IMMUTABLE.search(self.src(node)):
                self.review("irreversible", f"`{shown}` with `isMutable: false` locks the NFT's metadata "
                                            f"{chain.shown_net(net)} for good: it can never be corrected again; "
                                            f"{chain.FIX_IRREVERSIBLE}", node)
            return
        at = _SET_AUTHORITY[name]
        if len(args) <= at:
            return
        new = args[at]
        if new.type in ("null", "undefined"):
            self.review("irreversible", f"`{shown}(…, null)` revokes the token's authority {chain.shown_net(net)} "
                                        f"for good (minting or freezing can never be done again); "
                                        f"{chain.FIX_IRREVERSIBLE}", node)
            return
        lit = self._chain_lit(new)
        if isinstance(lit, str) and chain.wallet_address(lit) is not None:
            self.block("privilege-escalation", f"`{shown}` hands the token's authority to {lit}, a key written into "
                                               f"the code, {chain.shown_net(net)}; {chain.FIX_CONTROL}", node)

    # -- the clipboard, code rewritten -------------------------------------------------------------------------------
    def _chain_clipboard(self, fn, node, arg) -> None:
        at = self.doc.data.find(b"readText", 0, node.start_byte)
        if at < 0 or not _TESTED.search(self.doc.data, at, node.start_byte):
            return  # a swap reads the clipboard, tests what it holds, then writes another address
        value = self._chain_lit(arg)
        addr = chain.wallet_address(value) if isinstance(value, str) else None
        if addr is not None:
            self.block("exfiltration", chain.clipboard_swap(self._chain_shown(fn, "writeText"), addr), node)

    def _chain_rewrite(self, node, args: list) -> None:
        if len(args) < 2 or not in_input(_WRITES, self.doc.data) or not _CODE_PATH.search(
                self.doc.data.decode("utf-8", "replace")):
            return
        found = chain.source_rewrite(self.string(args[0]), self.string(args[1]))
        if found is not None:
            self.block(*found, node)

    # -- the project's source rewritten (source_patch.py) -------------------------------------------------------------
    def _source_patch(self, node, args: list) -> None:
        """`src.replace(old | /pattern/, new)` in code that reads a source file and writes it back: what the edit adds
        or takes away (source_patch.judge)."""
        if len(args) < 2:
            return
        path = self.patched_path()
        if path is None:
            return
        first = args[0]
        if first.type == "regex":
            pattern = first.child_by_field_name("pattern")
            old = self.src(pattern) if pattern is not None else self.src(first)
        else:
            old = self.string(first)
            old = old if old is not None else self.src(first)
        found = source_patch.judge(old, self.patch_pieces(args[1], 0), path or None,
                                   self.doc.data.decode("utf-8", "replace"))
        if found is not None:
            self.block(*source_patch.message(found, "the code"), node)

    def patched_path(self) -> str | None:
        """The source file a snippet rewrites ("" when its name is not written in it), None when it writes no code
        file back or nothing of source_patch's kinds can be in it (a cheap test of the whole snippet, once)."""
        state = self._flows_state()
        if "source patch" not in state:
            data = self.doc.data
            found = source_patch.CODE_PATH.search(data.decode("utf-8", "replace")) if in_input(_PATCH_WRITES, data) and \
                source_patch.HINT.search(data) else None
            state["source patch"] = found.group(0)[1:-1] if found is not None else None
        return state["source patch"]

    def patch_pieces(self, node, depth: int) -> str:
        """The text an edit puts in, as far as the code shows it: the value of a literal, of a name given one, the
        literal pieces of an expression (`(m) => m + inject`)."""
        if node is None or depth > 6:
            return ""
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "identifier":
            made = self.bound.get(self.src(node)) or self.declared(node, _PIECES)
            return self.patch_pieces(made, depth + 1) if made is not None and made != node else ""
        if node.type in ("string", "template_string"):
            return self.src(node)[1:-1]
        return "".join(self.patch_pieces(c, depth + 1) for c in node.named_children[:32])
