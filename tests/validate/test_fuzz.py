"""Fuzz: random input never crashes and always yields a Verdict; the fast path is sound."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate import Policy, Verdict, _judge
from agent_immune.validate.engine import Context
from agent_immune.validate.parse import Doc

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_PIECES = list("abcdelrsuxy-_./~$'\"\\`|&;<>(){}[]*?=!# \n\t0123456789") + [
    "curl ", "bash", " -c ", "sudo ", "eval ", "$(", "<<EOF\n", "\nEOF\n", "python -c ", "rm -rf ", "/dev/tcp/",
    "base64 -d", "~/.ssh/id_rsa", "find . -exec ", "git -c ", "${IFS}", "$'\\x63'"]
SHELLISH = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@SETTINGS
@given(st.text(max_size=200), st.sampled_from(["bash", "python", "typescript"]))
def test_random_text_never_crashes(text: str, lang: str) -> None:
    v = _judge(text, lang, Policy())
    assert isinstance(v, Verdict) and v.verdict in ("allow", "review", "block")
    for r in v.reasons:
        assert r.span.start_row >= 0 and r.span.start_col >= 0
    v.to_json()


@SETTINGS
@given(SHELLISH)
def test_shell_like_text_never_crashes(text: str) -> None:
    assert _judge(text, "bash", Policy()).verdict in ("allow", "review", "block")


WORDS = ["git", "status", "log", "ls", "-la", "make", "test", "echo", "hi", "src/", "build", "rm", "-rf", "cp", "a", "b",
         "|", "&&", ";", ">", "out.txt", "/tmp/x", "~/.ssh/id_rsa", "~/.bashrc", "/etc/passwd", "-c", "sh", "curl", "x",
         "python", "-m", "pytest", "grep", "-n", "TODO", "wc", "-l", "..", "/", "*", "kill", "1", "chmod", "u+s", "find",
         "-delete", "-exec", "tar", "-I", "sort", "--compress-program=x", "/dev/sda", "PATH=.", "X=1", "yes",
         # shapes that once slipped past the shortcut: $HOME without a slash, `./..`, clustered flags,
         # variables expanded into paths, glued substitutions, quotes inside paths
         "> $HOME", "> ${HOME}", "./..", "-5lc", "`id`", "x=.ssh;", "~/$x/id_rsa", "~/.ss''h/id_rsa", "<<<", "ssh", "h",
         "&>", "$(env)", "env", "\"$HOME\"/.aws/credentials", "python3", "-", "<<EOF\nimport os\nEOF\n", "wget"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_fast_path_never_hides_a_finding(words: list[str]) -> None:
    text = " ".join(words)
    fast = Context(shortcut=True)
    fast.analyze(Doc(text.encode()), "bash")
    full = Context(shortcut=False)
    full.analyze(Doc(text.encode()), "bash")
    assert [r.rule for r in fast.reasons] == [r.rule for r in full.reasons], text


def test_pathologically_deep_input_is_blocked_not_crashed() -> None:
    for src, lang in (("x = " + "+".join(['"a"'] * 5000), "python"), ("x = " + "+".join(["'a'"] * 5000) + ";", "typescript"),
                      ("eval " + "'eval " * 12 + "ls" + "'" * 12, "bash")):
        v = _judge(src, lang, Policy())
        assert v.verdict in ("block", "allow", "review")
    assert _judge("x = " + "+".join(['"a"'] * 5000), "python", Policy()).reasons[0].rule == "nesting-too-deep"
