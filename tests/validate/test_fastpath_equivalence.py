"""The plain-command shortcut in `_judge` (parse, then the fast path, before any analysis
object exists) must give exactly the verdict of the full analysis: on every corpus line,
on corpus lines combined with each other, and on random shell-like text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate import Policy, Verdict, _judge
from agent_immune.validate.engine import Context
from agent_immune.validate.parse import Doc, parse
from agent_immune.validate.bash.fastpath import plain

from .test_fuzz import SHELLISH, WORDS

_CORPUS = Path(__file__).parent / "corpus" / "commands.jsonl"
BASH_LINES = [r["cmd"] for r in map(json.loads, filter(str.strip, _CORPUS.read_text().splitlines()))
              if r["lang"] == "bash"]


def full_verdict(text: str) -> Verdict:
    """The verdict with the shortcut off: every command walked and judged by the rules."""
    ctx = Context(shortcut=False)
    if text.strip():
        ctx.analyze(Doc(text.encode("utf-8", "surrogatepass")), "bash")
    return Verdict.of(ctx.reasons)


def assert_same(text: str) -> None:
    fast = _judge(text, "bash", Policy())
    assert fast == full_verdict(text), text


def test_corpus_lines_agree_and_the_shortcut_is_taken() -> None:
    taken = 0
    for line in BASH_LINES:
        for text in (line, f"{line}\n# run 7"):
            assert_same(text)
        data = line.encode()
        root = parse(data, "bash").root_node
        taken += (not root.has_error) and plain(root, data)
    # the shortcut must answer for a real share of the corpus, or it is not doing its job
    assert taken >= len(BASH_LINES) // 5


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BASH_LINES), st.sampled_from(BASH_LINES), st.sampled_from([" && ", " | ", "; ", "\n", " || "]))
def test_combined_corpus_lines_agree(a: str, b: str, sep: str) -> None:
    assert_same(a + sep + b)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_word_soup_agrees(words: list[str]) -> None:
    assert_same(" ".join(words))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHELLISH)
def test_shell_like_text_agrees(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize("text", [
    "", "   \n", "ls", "cat $HOME", "cat ${HOME}/.aws/credentials", 'c"a"t ~/.ss""h/id_rsa', "x=1 ls",
    "git status", "git -c core.pager=sh log", "/usr/bin/python3.12 -c 'import os'", "ls /dev/sda",
    "echo hi > /etc/passwd", "ls ~/*", "make test 2>&1 | tee build.log",
])
def test_known_shapes_agree(text: str) -> None:
    assert_same(text)
