"""GNU sed as the oracle for bash/sed.commands: whether a script runs shell commands (the `e` command, or an `s`
command's `e` flag) is what sed itself parses it to.

`sed --debug` parses a script without reading any input and prints it back canonically: one command per line,
indented two spaces per block level (a line an `a`/`i`/`c` text continues on is printed as it is, unindented), each
`s` command with `/` as its delimiter. A script sed refuses does nothing and is not compared. Scripts are drawn from
the characters sed's grammar turns on (addresses, `!`, blocks, labels, comments, the commands that take text to the
end of the line), where the regex reading this replaced went wrong in both directions: `a compare the stored hash`
read as an `s` with the flag `e`, and `:a e` (a label, then an `e`) read as a label.
"""
from __future__ import annotations

import random
import re
import shutil
import subprocess

import pytest

from agent_immune.validate.bash.sed import _regex_end, commands, runs_commands, writes_to

SED = shutil.which("sed")
_ADDR = r"(?:/(?:\\.|[^/\\])*/[IM]*|\d+(?:~\d+)?|\$|\+\d+|~\d+)"
_PREFIX = re.compile(rf"^(?:{_ADDR}(?:,{_ADDR})?)?\s*!?\s*")


def _gnu_runs(script: str, cwd) -> bool | None:
    """Whether GNU sed's parse of `script` holds an `e` (None when sed refuses the script)."""
    r = subprocess.run([SED, "--debug", "-n", "-e", script], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       errors="replace", timeout=10, cwd=cwd)
    if r.returncode != 0 or "SED PROGRAM:\n" not in r.stdout:
        return None
    program = r.stdout.split("SED PROGRAM:\n", 1)[1]
    for line in program.split("\n"):
        if not line.startswith("  "):
            continue  # (a text's continued line)
        t = _PREFIX.sub("", line.strip(), count=1)
        if re.match(r"e(?:\s|$)", t):
            return True
        if t.startswith("s/"):
            mid = _regex_end(t, 2, "/")
            end = _regex_end(t, mid, "/")
            if "e" in t[end:].split("w", 1)[0]:
                return True
    return False


_ALPHABET = ["s", "e", "/", ";", "\n", "a", "i", "c", " ", "x", "\\", "{", "}", "1", "$", "!", ",", "g", "p", "|",
             "y", "#", ":", "b", "I", "v"]


@pytest.mark.skipif(SED is None or subprocess.run([SED, "--debug", "-n", "p"], stdin=subprocess.DEVNULL,
                                                  capture_output=True).returncode != 0,
                    reason="needs GNU sed with --debug")
def test_runs_commands_agrees_with_gnu_sed(tmp_path) -> None:
    rng = random.Random(26)
    compared, wrong = 0, []
    while compared < 1000:
        # (no `w`: sed opens a `w` command's file when it parses the script)
        script = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 10)))
        gnu = _gnu_runs(script, tmp_path)
        if gnu is None:
            continue
        compared += 1
        if gnu != runs_commands(script):
            wrong.append((script, gnu))
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("script,runs", [
    ("/x/a Compare against the stored hash.", False),
    ("/^MIDDLEWARE = \\[/a\\    'core.middleware.observability.ObservabilityMiddleware',", False),
    ("s/x/y;a/e", True),
    ("s|a|b|ge", True),
    ("/x/{s/a/b/e}", True),
    ("1e id", True),
    ("a foo\\\ne id", False),  # the text goes on to the next line
    ("a foo\ne id", True),
    (":a e", True),
    ("v 4.2 e", True),
    (":a#x;e", False),
    ("\\\\i\\!e pc", True),
    ("$!N;s/\\n/ /", False),
    ("s/a/b/w /tmp/e", False),
])
def test_runs_commands_cases(script: str, runs: bool) -> None:
    assert runs_commands(script) is runs, commands(script)


def test_writes_to() -> None:
    assert writes_to("s/a/b/w /etc/cron.d/x") == ["/etc/cron.d/x"]
    assert writes_to("/x/w ~/.bashrc") == ["~/.bashrc"]
    assert writes_to("/x/a w ~/.bashrc") == []
