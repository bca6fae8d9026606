"""Cryptocurrency miners (rule `resource-exhaustion`, block): a miner planted by a poisoned agent burns
the machine's CPU for somebody else, and hides as a cache warmer or a build helper.

Read from the text, in every language: a mining pool's address (`stratum+tcp://`, `stratum+ssl://`,
`stratum2+tcp://`), which nothing but a miner speaks, and the command names of the common miners.
"""
from __future__ import annotations

import re

_POOL = re.compile(rb"stratum2?\+(?:tcp|ssl|tls)://", re.IGNORECASE)
NAMES = frozenset({"xmrig", "xmr-stak", "cpuminer", "minerd", "ethminer", "t-rex", "lolminer", "nbminer",
                   "phoenixminer", "gminer", "nanominer", "srbminer-multi", "cgminer", "bfgminer"})
_MESSAGE = ("{what}: a cryptocurrency miner, which spends this machine's CPU for whoever set the pool; "
            "agents must not start miners")


def pool_address(data: bytes) -> bool:
    """Does the text name a mining pool (cheap for the text of nearly every command, which has no `+…://`)?"""
    return b"+" in data and b"://" in data and _POOL.search(data) is not None


def check_text(ctx, doc, root) -> None:
    """A mining pool's address anywhere in the text (a miner's arguments, in any language)."""
    m = _POOL.search(doc.data)
    if m is None:
        return
    node = root.descendant_for_byte_range(m.start(), m.end()) or root
    ctx.block("resource-exhaustion", _MESSAGE.format(what=f"`{m.group(0).decode()}` is a mining pool's address"),
              doc, node)


def check_command(a, cmd) -> None:
    a.block("resource-exhaustion", _MESSAGE.format(what=f"`{cmd.name}`"), cmd.node)


HANDLERS = {name: [check_command] for name in NAMES}
