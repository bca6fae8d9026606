"""What a handler asks of the whole input, answered once per input.

A handler that runs for every sender, call or request of an input and first searches the whole input (is a broker
named anywhere? a warehouse's SQL?) reads a long script once per command: 1,500 `ssh` lines, 1,500 searches of all of
them. These answers are kept for the last inputs seen, keyed by the input's bytes (a bytes object keeps its hash, so
a lookup does not read it again).
"""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)  # (each pattern asked of an input is one entry: room for every pattern of one input)
def in_input(rx: re.Pattern, data: bytes) -> bool:
    """Whether `rx` occurs anywhere in the input `data`."""
    return rx.search(data) is not None


@lru_cache(maxsize=4)
def decoded(data: bytes) -> str:
    """The input's text."""
    return data.decode("utf-8", "replace")
