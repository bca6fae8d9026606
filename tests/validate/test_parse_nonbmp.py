"""Characters beyond U+FFFF: the bash grammar's scanner crashed the process on some of
them (`{` then U+E0001), so they are parsed as a same-length stand-in. The crash was
intermittent (an out-of-bounds read), hence many parses in a child process."""
from __future__ import annotations

import subprocess
import sys

from agent_immune.validate import Policy, _judge

_CHILD = r"""
from agent_immune.validate import Policy, _judge
from agent_immune.validate.parse import parse
for s in ("{\U000E0001", "{\U000F0000", "{\U000f93e6", "echo {\U0001F600", "x=\U0010FFFF; {\U000E0001}"):
    for i in range(300):
        parse(s.encode(), "bash")
        parse(("x" * i + s).encode(), "bash")
        _judge("y" * i + s, "bash", Policy())
print("survived")
"""


def test_characters_beyond_the_bmp_do_not_crash_the_parser() -> None:
    run = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "survived" in run.stdout, run.stderr[-2000:]


def test_characters_beyond_the_bmp_keep_their_meaning_and_spans() -> None:
    assert _judge('git commit -m "\U0001F389 release"', "bash", Policy()).verdict == "allow"
    v = _judge("echo \U0001F600 && cat ~/.ssh/id_rsa", "bash", Policy())
    reason = next(r for r in v.reasons if r.rule == "secret-read")
    # columns count characters of the original text, and the snippet is the original text
    assert (reason.span.start_col, reason.span.snippet) == (14, "~/.ssh/id_rsa")
