"""Blockchain work from the shell (Foundry's `cast`, the Solana CLI, The Graph's CLI): the tables and the policy are
validate/chain.py.

- `cast send TO [SIG ARGS…]`: the contract function judged by chain.contract_call (ownership or a proxy's admin handed
  to an address literal, a proxy upgraded to code at one, an unlimited allowance or an NFT operator granted to one:
  blocked; `renounceOwnership()`, `burn(…)`, ownership handed to a configured account: reviewed), ether sent to an
  address literal with the sender's balance as the amount (`--value $((BAL - fee))` after `cast balance`) blocked.
  The chain is read off `--rpc-url`/`--chain` (no `--rpc-url`: the variable ETH_RPC_URL, which the text does not
  show, so taken as live); a local node or a testnet is left alone;
- `solana program close` (not `--buffers`), `solana program set-upgrade-authority --final` or to another authority,
  `spl-token authorize … --disable`, `spl-token burn`: reviewed unless `--url` is devnet, testnet or localhost;
  `solana transfer ADDRESS ALL`: the whole balance to an address the command names, blocked;
- `graph remove --node URL NAME`: a deployed subgraph and its indexed data removed from a graph node (not this
  machine's), reviewed;
- `sed -i 's/initialOwner: deployer.address/initialOwner: "0x…"/' scripts/deploy.ts`: an address literal put in
  place of who gets control or funds in a source file, blocked (chain.rewritten);
- a clipboard writer (`xclip -selection clipboard`, `xsel -i`, `pbcopy`, `wl-copy`) handed a wallet address literal in
  a text that also reads the clipboard: a clipboard hijacker, blocked.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import chain
from .commands import Cmd, has_flag, option_value, positionals
from .common import mentions, pipeline_stage
from .sed import edited_files, substitutions

# `cast send`'s options that take a value
_CAST_VALUES = frozenset("""
--rpc-url -r --private-key --account --from -f --value --gas-limit --gas-price --priority-gas-price --nonce --chain
--keystore --password --password-file --mnemonic --mnemonic-derivation-path --mnemonic-index --mnemonic-passphrase
--etherscan-api-key -e --blob-gas-price --path --auth --access-list --confirmations --timeout --hd-path --create
--jwt-secret --rpc-timeout --chain-id --mnemonic-indexes --delegate --fee-history
""".split())


def _net_of(w) -> str | None:
    text = w.value if w.value is not None else w.text
    return chain.network(text)


def _cast(a, cmd: Cmd) -> None:
    args = cmd.args
    if not args or args[0].value != "send":
        return
    rest = args[1:]
    rpc = option_value(rest, "--rpc-url", "-r") + option_value(rest, "--chain", "--chain-id")
    net = None
    for w in rpc:
        net = _net_of(w) or net
        if net == "test":
            return
    pos = positionals(rest, _CAST_VALUES)
    if not pos:
        return
    to = pos[0]
    sig = pos[1].value if len(pos) > 1 else None
    value = option_value(rest, "--value")
    shown = " ".join(w.text for w in [cmd.words[0], args[0], *pos[:2]])[:100]
    found = None
    if sig and "(" in sig:
        name = sig.split("(", 1)[0].strip()
        vals = [(w.value, w.value if w.value is not None else w.text) for w in pos[2:]]
        found = chain.contract_call(name, vals, net, shown)
        if found is None and value:
            found = _sent(a, to, value[0], net, shown)
    elif value:
        found = _sent(a, to, value[0], net, shown)
    if found is not None:
        verdict, rule, msg = found
        (a.block if verdict == "block" else a.review)(rule, msg, cmd.node)


def _sent(a, to, value, net: str | None, shown: str):
    computed = value.value is None
    text = value.text
    if computed and holds(a.doc.data, b"balance"):  # BAL=$(cast balance …); --value $((BAL - fee))
        text += " balance"
    return chain.send_funds(to.value, text, net, shown, computed=computed)


# -- Solana ------------------------------------------------------------------------------------------------------------
_SOLANA_VALUES = frozenset({"--url", "-u", "--keypair", "-k", "--recipient", "--new-upgrade-authority",
                            "--upgrade-authority", "--fee-payer", "--commitment", "--with-compute-unit-price",
                            "--authority", "--owner", "--program-id", "--config", "-C", "--ws", "--from"})


def _solana_net(cmd: Cmd) -> str | None:
    urls = option_value(cmd.args, "--url", "-u")
    if not urls:
        return None
    w = urls[-1]
    return chain.solana_net(w.value if w.value is not None else w.text)


def _solana(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _SOLANA_VALUES)
    vals = [w.value for w in pos]
    if not vals:
        return
    net = _solana_net(cmd)
    if net == "test":
        return
    shown = " ".join(w.text for w in cmd.words[:3])
    if vals[:2] == ["program", "close"] and not has_flag(cmd.args, long=("--buffers",)):
        a.review("irreversible", f"`{shown}` closes a Solana program {chain.shown_net(net)}: its code is deleted and "
                                 f"its address can never be deployed to again; {chain.FIX_IRREVERSIBLE}", cmd.node)
    elif vals[:2] == ["program", "set-upgrade-authority"]:
        if has_flag(cmd.args, long=("--final",)):
            a.review("irreversible", f"`{shown} --final` makes the Solana program immutable {chain.shown_net(net)}: "
                                     f"it can never be upgraded or fixed again; {chain.FIX_IRREVERSIBLE}", cmd.node)
        elif option_value(cmd.args, "--new-upgrade-authority"):
            a.review("irreversible", f"`{shown}` hands the Solana program's upgrade authority to another key "
                                     f"{chain.shown_net(net)}; the current one cannot take it back: "
                                     f"{chain.FIX_IRREVERSIBLE}", cmd.node)
    elif vals[:1] == ["transfer"] and len(vals) > 2 and (vals[2] or "").upper() == "ALL":
        to = vals[1] or ""
        if re.fullmatch(r"[1-9A-HJ-NP-Za-km-z]{32,44}", to):
            a.block("exfiltration", f"`{shown} ALL` sends the wallet's whole balance to {to}, an address written into "
                                    f"the command, {chain.shown_net(net)}; {chain.FIX_FUNDS}", cmd.node)


def _spl_token(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _SOLANA_VALUES)
    vals = [w.value for w in pos]
    if not vals or vals[0] not in ("authorize", "burn"):
        return
    net = _solana_net(cmd)
    if net == "test":
        return
    if vals[0] == "authorize" and has_flag(cmd.args, long=("--disable",)):
        what = vals[2] if len(vals) > 2 else "an"
        a.review("irreversible", f"`spl-token authorize … --disable` revokes the token's {what} authority "
                                 f"{chain.shown_net(net)} for good (a fixed supply, no freezing): "
                                 f"{chain.FIX_IRREVERSIBLE}", cmd.node)
    elif vals[0] == "burn":
        a.review("irreversible", f"`spl-token burn` burns tokens {chain.shown_net(net)}: burnt supply cannot be "
                                 f"restored; {chain.FIX_IRREVERSIBLE}", cmd.node)


# -- The Graph ---------------------------------------------------------------------------------------------------------
def _graph(a, cmd: Cmd) -> None:
    from ..hosts import loopback, url_host

    pos = positionals(cmd.args, frozenset({"--node", "-g", "--access-token", "--ipfs", "-i"}))
    if not pos or pos[0].value != "remove":
        return
    nodes = option_value(cmd.args, "--node", "-g")
    if nodes and nodes[0].value and loopback((url_host(nodes[0].value) or "").split(":")[0]):
        return  # a graph node of this machine (docker compose's)
    name = pos[1].text if len(pos) > 1 else "a subgraph"
    a.review("irreversible", f"`graph remove` deletes the deployed subgraph {name} and its indexed data from the "
                             f"graph node; re-indexing it takes hours to days: have a person confirm it is meant",
             cmd.node)


# -- a source file's recipient rewritten ----------------------------------------------------------------------------------


def _sed(a, cmd: Cmd) -> None:
    if not holds(a.doc.data, b"0x"):
        return
    files = edited_files(cmd, chain.CODE_FILE)
    if not files:
        return
    for old, new in substitutions(cmd):
        found = chain.rewritten(old, new)
        if found is not None:
            a.block(found[0], f"`{cmd.name} -i` on {files[0]} {found[1]}", cmd.node)
            return


# -- the clipboard ---------------------------------------------------------------------------------------------------------
_CLIP_READ = re.compile(rb"\bpbpaste\b|\bwl-paste\b|\bxclip\b[^\n|;&]*\s-o(?:ut)?\b|\bxsel\b[^\n|;&]*\s(?:-\w*o|--output)\b|"
                        rb"get-clipboard")
_TESTED = re.compile(rb"\bgrep\b|=~|\bif\b|\bcase\b|\[\[|\btest\b")
_CLIP_OUT = frozenset({"-o", "-ou", "-out"})


def _clipboard(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if cmd.name == "xclip" and not _CLIP_OUT.isdisjoint(vals) or cmd.name == "xsel" and any(
            v == "--output" or v[:1] == "-" and v[1:2] != "-" and "o" in v[1:] for v in vals):
        return  # it reads the clipboard (xclip's options are words: `-selection`, `-o`/`-out`; xsel's letters)
    read = _CLIP_READ.search(a.doc.data)
    if read is None or read.start() > cmd.node.start_byte or not _TESTED.search(
            a.doc.data, read.end(), cmd.node.start_byte):
        return  # a swap reads the clipboard, tests what it holds, then writes it (`echo $ADDR | pbcopy; pbpaste` is not)
    texts = [w.value or w.text for w in cmd.args] if cmd.name == "wl-copy" else []
    found = pipeline_stage(cmd)
    if found is not None:
        stages, me = found
        texts += [a.src(s) for s in stages[:me]]
    for r in cmd.redirects:
        texts.append(a.src(r) if not isinstance(r, str) else r)
    for t in texts:
        addr = chain.wallet_address(t)
        if addr is not None:
            a.block("exfiltration", chain.clipboard_swap(cmd.name, addr), cmd.node)
            return


HANDLERS: dict = {"cast": [_cast], "solana": [_solana], "spl-token": [_spl_token], "graph": [_graph],
                  "sed": [_sed], "gsed": [_sed],
                  **{n: [_clipboard] for n in ("xclip", "xsel", "pbcopy", "wl-copy")}}
# What each handler reads (for fastpath's _merge_screens): `cast send`, the Solana verbs, `graph remove`, an address in
# an in-place edit, a clipboard written from a text that names an address
SCREENS: dict = {
    "cast": mentions("send"),
    "solana": mentions("close", "set-upgrade-authority", "ALL", "all"),
    "spl-token": mentions("authorize", "burn"),
    "graph": mentions("remove"),
    "sed": mentions("0x"), "gsed": mentions("0x"),
    **{n: mentions("0x", "bc1") for n in ("xclip", "xsel", "pbcopy", "wl-copy")},
}
