"""A time limit on judging one input, so that no input can hang the agent a verdict guards.

The parse has its own deadline (parse.py); the rules have none of their own. Each pattern is checked for
catastrophic backtracking and benchmarked on long runs of its own pieces, but a quadratic scan not yet found
still costs seconds on 100 kB of crafted text. A one-shot timer bounds the whole judgement instead: its
Python-level handler raises Expired at the next bytecode, and the regular-expression engine polls for signals while
it matches, so a slow search is interrupted too.

The timer counts the processor time the process uses (ITIMER_PROF, SIGPROF), not wall-clock time: a judgement only
computes, and on a machine busy with other work (parallel CI jobs) a wall-clock limit cut long inputs that an idle
machine judged in a second, so the verdict of the same text depended on the load. Time spent waiting for the
processor is not the input's doing.

Signals reach only the main thread, and a caller may use SIGPROF itself (a sampling profiler): the limit is armed
only on the main thread, with no profiling timer of the caller's running and no handler of the caller's installed
(a judgement nested in another finds the outer one's timer running and runs under it). Elsewhere the input is
judged without a limit, as before.
"""
from __future__ import annotations

import signal
import threading

JUDGE_LIMIT_S = 5.0


class Expired(BaseException):
    """The time limit ran out. A BaseException, so that a rule's `except Exception` does not swallow it."""


# Code the limit must not interrupt: a parse, whose reader and progress callback are Python code the tree-sitter
# binding calls (an exception raised in one comes out as a SystemError, with the parse kept half done). An alarm
# that comes meanwhile is noted; the parse's progress callback reads the note and cancels, and the parse raises
# Expired once it is out of the grammar.
_deferring = False
_pending = False


def _expired(_signum, _frame) -> None:
    global _pending
    if _deferring:
        _pending = True
        return
    raise Expired


# (the three below act on the main thread only, where the limit is armed: another thread's parse neither defers
# the main thread's alarm nor takes it)
def _main() -> bool:
    return threading.current_thread() is threading.main_thread()


def defer() -> None:
    global _deferring
    if _main():
        _deferring = True


def pending() -> bool:
    """Whether an alarm came since defer()."""
    return _pending and _main()


def resume() -> bool:
    """End a defer(); whether an alarm came meanwhile (the caller raises Expired once it is safe)."""
    global _deferring, _pending
    if not _main():
        return False
    _deferring = False
    came, _pending = _pending, False
    return came


class TimeLimit:
    """One armed limit: `arm()` starts it (None when it cannot be armed here), `disarm()` stops it (idempotent)."""

    __slots__ = ("_previous",)

    def __init__(self, previous) -> None:
        self._previous = previous

    @classmethod
    def arm(cls, seconds: float) -> TimeLimit | None:
        if not _main():
            return None
        previous = signal.getsignal(signal.SIGPROF)
        # (our own handler still installed means a disarm() that an alarm interrupted; a timer running means a
        # caller's profiling timer, or this limit around an outer judgement)
        if previous not in (signal.SIG_DFL, _expired) or signal.getitimer(signal.ITIMER_PROF)[0] > 0:
            return None
        global _pending
        _pending = False
        signal.signal(signal.SIGPROF, _expired)
        signal.setitimer(signal.ITIMER_PROF, seconds)
        return cls(signal.SIG_DFL if previous is _expired else previous)

    def disarm(self) -> None:
        try:
            signal.setitimer(signal.ITIMER_PROF, 0)  # first: SIGPROF under the default handler ends the process
        finally:
            signal.signal(signal.SIGPROF, self._previous)


def run_limited(seconds: float, work, on_expiry, *args):
    """`work(*args)`, or `on_expiry(*args)` when it takes more than `seconds`. Where the limit cannot be armed, `work`
    simply runs (under an outer limit, whose Expired passes through). The alarm comes once; when it arrives while
    the limit is being disarmed, it is still caught here and the limit disarmed again."""
    limit = TimeLimit.arm(seconds)
    if limit is None:
        return work(*args)
    try:
        try:
            return work(*args)
        finally:
            limit.disarm()
    except Expired:
        limit.disarm()
        return on_expiry(*args)
