"""Helpers for code that runs in a forked child before exec (no imports there)."""
from __future__ import annotations

import os
import signal
from typing import NoReturn


def restore_signals() -> None:
    """Python ignores SIGPIPE and SIGXFSZ; an exec'd command expects the defaults
    (`yes | head` ends, a file past RLIMIT_FSIZE raises SIGXFSZ)."""
    for sig in DEFAULT_SIGNALS:
        signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, ())


def prefork_enabled() -> bool:
    """Whether children may be forked ahead of their run (standby.py, spare.py)."""
    return os.environ.get("AGENT_IMMUNE_SANDBOX_STANDBY", "1") != "0"


DEFAULT_SIGNALS = (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM)


def die(ctl: int, kind: str, exc: BaseException) -> NoReturn:
    """Report why set-up ("S") or exec ("X") failed on the control socket, then exit
    without running the caller's cleanup handlers."""
    try:
        msg = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        os.write(ctl, f"{kind}:{msg}".encode()[:4000])
    finally:
        os._exit(127)


def kill_and_reap(pid: int) -> None:
    """SIGKILL a pre-forked child we own and collect it; gone already is fine."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
