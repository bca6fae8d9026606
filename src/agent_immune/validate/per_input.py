"""What a handler asks of the whole input, answered once per input.

A handler that runs for every sender, call or request of an input and first searches the whole input (is a broker
named anywhere? a warehouse's SQL?) reads a long script once per command: 1,500 `ssh` lines, 1,500 searches of all of
them. These answers are kept for the last few inputs asked about, found by identity (the handlers of one judgement
all hold the same bytes object), so the memory kept is a few inputs whatever their size.
"""
from __future__ import annotations

import re
from functools import lru_cache

# (input, its answers so far), the newest last; replaced whole, never changed in place, so that threads judging
# at once at worst answer a question twice
_RECENT: tuple[tuple[bytes, dict], ...] = ()
_KEPT = 4  # an input and the code nested in it (a heredoc's script, `python -c` text) take turns asking
_SHORT = 2048  # a search of fewer bytes costs no more than a lookup


def _answers(data: bytes) -> dict:
    global _RECENT
    recent = _RECENT
    if recent and recent[-1][0] is data:
        return recent[-1][1]
    for i, (kept, answers) in enumerate(recent):
        if kept is data:
            # the newest again: an input whose commands each judge a nested one (`ssh h 'cmd'` lines) must not be
            # pushed out by them
            _RECENT = recent[:i] + recent[i + 1:] + (recent[i],)
            return answers
    answers = {}
    _RECENT = recent[1 - _KEPT:] + ((data, answers),)
    return answers


def in_input(rx: re.Pattern, data: bytes) -> bool:
    """Whether `rx` occurs anywhere in the input `data`."""
    if len(data) < _SHORT:
        return rx.search(data) is not None
    answers = _answers(data)
    found = answers.get(rx)
    if found is None:
        found = answers[rx] = rx.search(data) is not None
    return found


def holds(data: bytes, word: bytes) -> bool:
    """Whether `word` occurs in the input `data`."""
    if len(data) < _SHORT:
        return word in data
    answers = _answers(data)
    found = answers.get(word)
    if found is None:
        found = answers[word] = word in data
    return found


def first_end(rx: re.Pattern, data: bytes) -> int | None:
    """Where the first match of `rx` in `data` ends (None: nowhere): `first_end(rx, data) <= n` asks whether the
    text before byte n holds it, without a search of that text per question."""
    answers = _answers(data)
    key = (rx, "end")
    if key not in answers:
        m = rx.search(data)
        answers[key] = m.end() if m is not None else None
    return answers[key]


def once(data, key, compute):
    """`compute(data)`, worked out once per input and `key` (a module-level function or a name of one)."""
    answers = _answers(data)
    if key not in answers:
        answers[key] = compute(data)
    return answers[key]


@lru_cache(maxsize=4)
def decoded(data: bytes) -> str:
    """The input's text."""
    return data.decode("utf-8", "replace")
