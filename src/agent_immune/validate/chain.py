"""Blockchain transactions an agent's command or code would send: what moves funds or control to an address, and what
can never be undone on a chain (the shell's, Python's and TypeScript's readers share these tables).

A chain has no undo and no administrator to call: what a transaction gives away is gone. The attacks are the ordinary
calls of a wallet or a contract pointed at someone else: the whole balance sent to an address the text names, an
unlimited token allowance or an NFT operator granted to one, a contract's ownership, a proxy's admin or a Safe's owner
handed to one, a proxy upgraded to code at one, an exchange's funds withdrawn to one. So:

- funds or control going to an address written into the text (a literal, not one of the public test accounts or the
  well-known routers and marketplaces an allowance is normally given to) are blocked; to an address the project
  configures (an environment variable, a config file, the deployer itself) they are ordinary;
- a step that cannot be taken back (ownership or a role renounced, a proxy's admin handed over, tokens burnt, a
  Solana program closed or made immutable, a mint's authority revoked, an NFT's metadata locked, a subgraph removed)
  is reviewed (`irreversible`);
- on a local chain or a testnet none of this matters and nothing is reported.

Which chain: `network()` reads the text (an RPC URL, the name of the variable holding it, viem's `chain:`, a chain id,
Solana's `--url`). A local chain or a fork (localhost, 127.0.0.1, anvil, a hardhat or foundry chain, a test file with
`describe`/`it` or `def test_`, sandbox mode of an exchange) or a testnet (sepolia, holesky, goerli, devnet, testnet,
amoy, …, and their chain ids) is `test`; `mainnet` anywhere (MAINNET_RPC_URL, mainnet-beta, viem's `mainnet`, chain
id 1) or another production chain named (base, arbitrum, optimism, polygon …) is `main`; nothing said is None, read
as live: a literal recipient is blocked there too, an irreversible step reviewed.
"""
from __future__ import annotations

import re

ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_ADDRESS_IN = re.compile(r"(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])")
# Solana and Bitcoin addresses (base58, bech32): the clipboard swappers' other targets
_ADDRESSES_IN = re.compile(r"(?<![0-9A-Za-z])(?:0x[0-9a-fA-F]{40}|(?:bc1|ltc1)[02-9ac-hj-np-z]{11,71}|"
                           r"[13][1-9A-HJ-NP-Za-km-z]{25,34}|[1-9A-HJ-NP-Za-km-z]{43,44})(?![0-9A-Za-z])")

# the accounts anvil and hardhat make from the public test mnemonic ("test test … junk"), and the zero address
TEST_ACCOUNTS = frozenset(a.lower() for a in """
0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 0x70997970C51812dc3A010C7d01b50e0d17dc79C8
0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC 0x90F79bf6EB2c4f870365E785982E1f101E93b906
0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc
0x976EA74026E726554dB657fA54763abd0C3a0aa6 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955
0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720
0x0000000000000000000000000000000000000000
""".split())
# contracts an allowance or an operator approval is normally given to: DEX routers, aggregators, Permit2, marketplaces
KNOWN_SPENDERS = frozenset(a.lower() for a in """
0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D 0xE592427A0AEce92De3Edee1F18E0157C05861564
0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45 0x3fC91A3afd70395Cd496C647d5a8CC9d4B2b7FAD
0x66a9893cC07D91D95644AEDD05D03f95e1dBA8Af 0xEf1c6E67703c7BD7107eed8303Fbe6EC2554BF6B
0x000000000022D473030F116dDEE9F6B43aC78BA3 0x1111111254EEB25477B68fb85Ed929f73A960582
0x111111125421cA6dc452d289314280a0f8842A65 0xDef1C0ded9bec7F1a1670819833240f027b25EfF
0xBA12222222228d8Ba445958a75a0704d566BF2C8 0xd9e1cE17f2641f24aE83637ab66a2cca9C378B9F
0x1E0049783F008A0085193E00003D00cd54003c71 0x00000000000000ADc04C56Bf30aC9d3c0aAF14dC
0x0000000000000068F116a894984e2DB1123eB395 0x00000000000001ad428e4906aE43D8F9852d0dD6
0x6131B5fae19EA4f9D964eAc0408E4408b66337b5 0x9008D19f58AAbD9eD0D60971565AA8510560ab41
""".split())


def is_address(value) -> bool:
    return isinstance(value, str) and ADDRESS.fullmatch(value.strip()) is not None


def outside(value, spenders: bool = False) -> bool:
    """Whether `value` is an address written into the text that is not a public test account (nor, with `spenders`, a
    well-known router or marketplace)."""
    if not is_address(value):
        return False
    v = value.strip().lower()
    return v not in TEST_ACCOUNTS and not (spenders and v in KNOWN_SPENDERS)


# -- which chain ------------------------------------------------------------------------------------------------------
_LOCAL = re.compile(r"(?i)\blocalhost\b|\b127\.0\.0\.1\b|\b0\.0\.0\.0:|\banvil\b|\bganache\b|\blocalnet\b|"
                    r"--network[= ]hardhat\b|--network[= ]localhost\b|chain:\s*(?:hardhat|foundry|localhost|anvil)\b|"
                    r"\bchain_?id\W{1,4}(?:31337|1337)\b|\bloadFixture\b|\bimpersonateAccount\b|"
                    r"\bhardhat_\w+|\banvil_\w+|--fork-url\b|\bforking\b|EthereumTesterProvider|"
                    r"set_?[sS]andbox_?[mM]ode\(\s*(?:True|true)\b|['\"]?sandbox['\"]?\s*[:=]\s*(?:True|true)\b|"
                    r"\bsolana-test-validator\b|(?:^|\s)-u\s*l\b|--url[= ]l(?:ocalhost)?\b|"
                    r"(?:^|\n)[^\S\n]*+(?:describe|it)\(|(?:^|\n)[^\S\n]*+def test_\w*\(")
_TESTNET = re.compile(r"(?i)\b(?:sepolia|goerli|holesky|hoodi|devnet|testnet|amoy|mumbai|fuji|chiado|"
                      r"alfajores|baseSepolia|arbitrumSepolia|optimismSepolia)\b|sepolia|devnet|testnet|"
                      r"\bchain_?id\W{1,4}(?:11155111|17000|5|80002|84532|421614|11155420|97|43113)\b|"
                      r"(?:^|\s)-u\s*[dt]\b|--url[= ][dt]\b")
_MAINNET = re.compile(r"(?i)mainnet|\bchain_?id\W{1,4}(?:1|10|56|137|8453|42161|43114|324|59144)\b|"
                      r"\bPROD(?:UCTION)?_\w*(?:RPC|NODE)|(?:^|\s)-u\s*m\b|--url[= ]m\b|"
                      r"\bchain:\s*(?:base|arbitrum|optimism|polygon|bsc|avalanche|zksync|linea|scroll|blast|gnosis)\b")


def network(text: str) -> str | None:
    """"test" for a local chain, a fork or a testnet, "main" for a production chain, None when the text does not say
    (see the module's docstring). A local chain wins over a mainnet named (a fork of mainnet is local); a mainnet
    named wins over a testnet named (a script that reads one chain and writes to the other is taken as live)."""
    if _LOCAL.search(text):
        return "test"
    if _MAINNET.search(text):
        return "main"
    if _TESTNET.search(text):
        return "test"
    return None


def shown_net(net: str | None) -> str:
    return "on mainnet" if net == "main" else "on a chain the text does not name (taken as live)"


# -- amounts ----------------------------------------------------------------------------------------------------------
# the largest allowance: 2**256-1 spelled every way the libraries and the code spell it
MAX_AMOUNT = re.compile(r"(?i)max_?uint_?256|max-uint|uint_?256_?max|MaxUint256|type\(uint256\)\.max|"
                        r"2n?\s*\*\*\s*256n?|1n?\s*<<\s*256n?|0x[fF]{64}\b|uint256\(-1\)|U256::MAX|"
                        r"115792089237316195423570985008687907853269984665640564039457584007913129639935|"
                        r"\bMAX_(?:UINT|INT|ALLOWANCE|APPROVAL)\w*|\bunlimited\b|ethers\.constants\.MaxUint256")
# an amount read off the sender's balance (the whole of it, less the fee)
BALANCE = re.compile(r"(?i)balance|\bbal\b")

FIX_FUNDS = ("send funds only to addresses the project configures (an environment variable, a config file, the "
             "deployer itself), or try it on a local fork or a testnet; let the user make transfers to other addresses")
FIX_CONTROL = ("hand control only to addresses the project configures (its multisig, from an environment variable or a "
               "config file), and let a person do it on mainnet")
FIX_IRREVERSIBLE = ("have a person confirm it is meant, or try it on a local fork (anvil, hardhat) or a testnet first")


# -- contract functions -----------------------------------------------------------------------------------------------
# function -> the index of the argument naming who gets control (a new owner or admin)
CONTROL_TO = {"transferOwnership": 0, "transferProxyAdminOwnership": 1, "changeProxyAdmin": 1, "changeAdmin": 0,
              "setAdmin": 0, "transferAdmin": 0, "beginDefaultAdminTransfer": 0, "setPendingAdmin": 0,
              "nominateNewOwner": 0, "setOwner": 0, "addOwnerWithThreshold": 0, "swapOwner": 2, "setGovernance": 0,
              "setGuardian": 0}
# function -> the index of the argument naming the implementation a proxy is upgraded to
UPGRADE_TO = {"upgradeTo": 0, "upgradeToAndCall": 0, "upgradeAndCall": 1, "upgrade": 1}
RENOUNCE = frozenset({"renounceOwnership", "renounceRole", "renounceAdmin", "renounceMinter", "renouncePauser",
                      "renounceUpgradeability", "renounceDefaultAdmin"})
BURN = frozenset({"burn", "burnFrom"})
APPROVE = frozenset({"approve", "increaseAllowance"})
FUNCTIONS = frozenset(CONTROL_TO) | frozenset(UPGRADE_TO) | RENOUNCE | BURN | APPROVE | {"setApprovalForAll",
                                                                                         "transfer"}


def contract_call(name: str, args: list, net: str | None, shown: str) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for the contract function `name` called with `args` — each (value, text): the value
    when the text shows it (a string, True/False), else None; the text is the argument's source with what a name in it
    was given — on the chain `net`; None when it is ordinary. `shown` is the call as written, for the message."""
    if net == "test":
        return None

    def arg(i: int):
        return args[i] if 0 <= i < len(args) else (None, "")

    if name in CONTROL_TO:
        who = arg(CONTROL_TO[name])
        if outside(who[0]):
            return "block", "privilege-escalation", (
                f"`{shown}` hands control of the contract ({name}) to {who[0]}, an address written into the code "
                f"{shown_net(net)}: whoever holds it can then upgrade, pause or drain it; {FIX_CONTROL}")
        if name == "setOwner" or name == "swapOwner" or name == "addOwnerWithThreshold":
            return None
        return "review", "irreversible", (
            f"`{shown}` hands control of the contract ({name}) to another account {shown_net(net)}; the sender "
            f"cannot take it back: {FIX_IRREVERSIBLE}")
    if name in UPGRADE_TO:
        impl = arg(UPGRADE_TO[name])
        if outside(impl[0]):
            return "block", "privilege-escalation", (
                f"`{shown}` upgrades the proxy to code at {impl[0]}, an address written into the code, not an "
                f"implementation this project built and deployed ({shown_net(net)}): that code then holds the "
                f"proxy's funds and storage. Deploy the implementation from the project's sources (`upgrades."
                f"upgradeProxy`, a deploy script) and let a person run the upgrade")
        return None
    if name in RENOUNCE:
        return "review", "irreversible", (
            f"`{shown}` gives up the contract's {'ownership' if 'Owner' in name else 'role'} {shown_net(net)} for "
            f"good: no one can use what it guarded again; {FIX_IRREVERSIBLE}")
    if name in BURN:
        return "review", "irreversible", (
            f"`{shown}` burns tokens {shown_net(net)}: burnt supply cannot be restored; {FIX_IRREVERSIBLE}")
    if name in APPROVE:
        spender, amount = arg(0), arg(1)
        if outside(spender[0], spenders=True) and MAX_AMOUNT.search(amount[1]):
            return "block", "exfiltration", (
                f"`{shown}` lets {spender[0]}, an address written into the code, spend all of the sender's tokens "
                f"(an unlimited allowance, {shown_net(net)}): that address can take them at any time; approve only "
                f"the amount a step needs, to a contract the project deploys or configures")
        return None
    if name == "setApprovalForAll":
        operator, on = arg(0), arg(1)
        if outside(operator[0], spenders=True) and on[0] is not False and "false" not in on[1].lower():
            return "block", "exfiltration", (
                f"`{shown}` lets {operator[0]}, an address written into the code, move every NFT the sender holds in "
                f"the collection ({shown_net(net)}); approve only an operator the project deploys or configures")
        return None
    if name == "transfer":
        to, amount = arg(0), arg(1)
        if outside(to[0]):
            return send_funds(to[0], amount[1], net, shown)
    return None


def send_funds(to: str | None, value_text: str, net: str | None, shown: str,
               computed: bool = True) -> tuple[str, str, str] | None:
    """Funds sent to `to` (an address or None), the amount's text `value_text` (with what its names were given):
    the sender's balance sent to an address written into the text is blocked, another amount reviewed on mainnet;
    None when the recipient is the project's own or the chain a test one. `computed`: the amount is not a literal."""
    if net == "test" or not outside(to):
        return None
    if computed and BALANCE.search(value_text):
        return "block", "exfiltration", (
            f"`{shown}` sends the sender's balance (all of it, less the fee) to {to}, an address written into the "
            f"text, {shown_net(net)}; {FIX_FUNDS}")
    if net == "main":
        return "review", "exfiltration", (
            f"`{shown}` sends funds on mainnet to {to}, an address written into the text; a transfer cannot be taken "
            f"back: {FIX_FUNDS}")
    return None


def withdraw(shown: str, address, sandbox: bool) -> tuple[str, str, str] | None:
    """An exchange's withdrawal (ccxt `withdraw(code, amount, address)`) to an address written into the code."""
    if sandbox or not isinstance(address, str) or not (_ADDRESSES_IN.fullmatch(address.strip()) or is_address(address)):
        return None
    if address.strip().lower() in TEST_ACCOUNTS:
        return None
    return "block", "exfiltration", (
        f"`{shown}` withdraws the exchange account's funds to {address.strip()}, an address written into the code: "
        f"withdrawals leave the exchange for good; withdraw only to addresses the user configures and whitelists on "
        f"the exchange, or use its sandbox")


# -- Solana ------------------------------------------------------------------------------------------------------------
def solana_net(url: str | None) -> str | None:
    """The chain of a Solana `--url` value (or the RPC text of the code): devnet, testnet, localhost are "test"."""
    if url is None:
        return None
    u = url.strip().lower()
    if u in ("d", "t", "l", "devnet", "testnet", "localhost"):
        return "test"
    if u in ("m", "mainnet-beta"):
        return "main"
    return network(url)


# -- the clipboard, and code rewritten --------------------------------------------------------------------------------
def wallet_address(text: str) -> str | None:
    """A wallet address (EVM, Bitcoin, Solana) in `text`, or None."""
    m = _ADDRESSES_IN.search(text)
    if m is None:
        return None
    found = m.group(0)
    if found.lower() in TEST_ACCOUNTS:
        return None
    if not found.startswith("0x") and not (any(c.isdigit() for c in found) and any(c.isupper() for c in found) or
                                           found.startswith(("bc1", "ltc1"))):
        return None  # (a long word of letters alone is not an address)
    return found


def clipboard_swap(shown: str, address: str) -> str:
    return (f"`{shown}` puts {address}, a wallet address written into the text, on the clipboard in place of what the "
            f"user copied: a clipboard hijacker, so that payments go to that address. Never rewrite what the user "
            f"copied")


# a name in the replaced text that says who gets control or funds
ROLE = re.compile(r"(?i)owner|admin|recipient|receiver|beneficiary|treasury|payee|spender|operator|feeTo|"
                  r"deployer|msg\.sender|signer|authority|governance|withdraw|payout|\bto\s*:")
CONTROL_ROLE = re.compile(r"(?i)owner|admin|operator|authority|governance|signer|deployer")
CODE_FILE = re.compile(r"\.(?:[cm]?[jt]sx?|sol|py|rs|vy|move|cairo)$")


def source_rewrite(old, new) -> tuple[str, str] | None:
    """(rule, message) for code that replaces the text `old` of a source file with `new` (both as the code shows
    them: a string, else None) when `rewritten` says so."""
    found = rewritten(old, new) if isinstance(old, str) and isinstance(new, str) else None
    return None if found is None else (found[0], f"the code rewrites a source file: it {found[1]}")


def rewritten(old: str, new: str) -> tuple[str, str] | None:
    """(rule, what) when an edit of source code puts an address literal in place of text that names who gets control
    or funds (`initialOwner: deployer.address` -> `initialOwner: "0x…"`, `recipient` -> `big ? "0x…" : recipient`);
    None otherwise."""
    found = _ADDRESS_IN.search(new)
    if found is None or found.group(0).lower() in TEST_ACCOUNTS or _ADDRESS_IN.search(old) is not None:
        return None
    role = ROLE.search(old)
    if role is None:
        return None
    rule = "privilege-escalation" if CONTROL_ROLE.search(old) else "exfiltration"
    return rule, (f"puts {found.group(0)}, an address written into the edit, in place of `{old.strip()[:60]}`: "
                  f"control or funds the code gave to {role.group(0)} then go to that address. Agents must not "
                  f"hard-code who owns or receives funds; keep it configured (an environment variable, the deployer)")
