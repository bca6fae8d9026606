"""Red team of the project allow list (`[mouth] unlisted = "block"`): ways to run a program the
list does not name while the validator answers `allow`, each closed by shape.

Every probe here was answered `allow` before its fix (see docs/readme/validate-allowlist-redteam.md).
"""
from __future__ import annotations

import pytest

from agent_immune.validate import Policy, validate
from agent_immune.validate.allowlist import suggest
from agent_immune.validate.policy import dequoted

STRICT = Policy.build(allow=["git status", "git diff*", "make test", "ls*", "echo *", "cat *", "pytest*",
                             "python3 -m pytest*", "npm test*", "cd *", "timeout *"], unlisted="block")
# a looser list, for options of listed tools that make them run another program
TOOLS = Policy.build(allow=["git*", "make*", "bun*", "ls*", "echo *", "cd *"], unlisted="block")


def _verdict(text: str, policy: Policy = STRICT, lang: str = "bash") -> str:
    return validate(text, lang, policy=policy).verdict


# -- a glob's `*` finished the program's (or subcommand's, or module's) name ------------------------
@pytest.mark.parametrize("text", [
    "lsof -i", "lsblk", "ls/../curl x", "pytest-evil", "pytestx", "python3 -m pytest_evil", "python3 -m pytestx",
    "git difftool --tool=x", "git diffx", "git diff-files", "npm testx", "timeout 5 python3 -m pytest_evil",
    "ls\rnpm publish", "ls\vnpm publish", "ls\fnpm publish",
])
def test_a_glob_star_does_not_finish_the_name_of_what_runs(text: str) -> None:
    assert _verdict(text) == "block"


@pytest.mark.parametrize("text", [
    "ls", "ls -la", "ls\t-la", "pytest", "pytest -q tests/", "python3 -m pytest -x", "git diff", "git diff --stat",
    "timeout 60 pytest -q", "npm test", "npm test -- --watch=false", "cat foo.txt", "echo hi", "ls -la\r\n",
])
def test_listed_commands_still_pass(text: str) -> None:
    assert _verdict(text) == "allow"


def test_a_glob_in_an_argument_still_matches_inside_a_word() -> None:
    # only the words naming what runs are held to word ends: `cat foo*` still lists `cat foo.txt`
    policy = Policy.build(allow=["cat foo*", "make*", "re:^lso"], unlisted="block")
    assert _verdict("cat foo.txt", policy) == "allow"
    assert _verdict("make -j4 test", policy) == "allow"
    assert _verdict("makepkg -si", policy) == "block"
    assert _verdict("lsof", policy) == "allow"  # a regular expression says exactly what it means


# -- argv lists in code: the program's name kept whole through quote removal ----------------------
@pytest.mark.parametrize("code", [
    'import subprocess\nsubprocess.run(["ls;npm", "publish"])',
    'import subprocess\nsubprocess.run(["echo x; npm", "publish"])',
    'import subprocess\nsubprocess.run(["ls\\rnpm", "publish"])',
    'import subprocess\nsubprocess.run(["lsof"])',
])
def test_a_program_name_from_an_argv_list_is_one_word(code: str) -> None:
    assert _verdict(code, lang="python") == "block"


def test_dequoted_keeps_words_that_need_quotes() -> None:
    assert dequoted("make 'test'") == "make test"
    assert dequoted("'echo x; npm' 'publish'") == "'echo x; npm' publish"
    assert dequoted("ls\rnpm publish").startswith("'ls\rnpm'")


def test_ordinary_argv_lists_still_match() -> None:
    assert _verdict('import subprocess\nsubprocess.run(["ls", "-la", "; not a command"])', lang="python") == "allow"
    assert _verdict('import subprocess\nsubprocess.run(["make", "test"])', lang="python") == "allow"


# -- the program a process API runs instead of argv[0] -----------------------------------------------
@pytest.mark.parametrize("code,lang", [
    ('import subprocess\nsubprocess.run(["echo", "x"], executable="/usr/bin/npm")', "python"),
    ('import subprocess\nsubprocess.run(["ls"], executable="/bin/sh")', "python"),
    ('import subprocess\nsubprocess.run("ls", executable="/tmp/x", shell=True)', "python"),
    ('import { execFileSync } from "child_process";\nexecFileSync("ls", ["x"], {shell: "/tmp/x"});', "typescript"),
    ('import { execSync } from "child_process";\nexecSync("ls", {shell: "/usr/bin/npm"});', "typescript"),
])
def test_the_program_named_by_executable_or_shell_is_held_to_the_list(code: str, lang: str) -> None:
    assert _verdict(code, lang=lang) == "block"


def test_a_listed_executable_passes() -> None:
    policy = Policy.build(allow=["ls*", "/bin/bash"], unlisted="block")
    code = 'import subprocess\nsubprocess.run("ls -la", shell=True, executable="/bin/bash")'
    assert _verdict(code, policy, "python") == "allow"
    assert validate(code, "python").verdict == "allow"  # and the default policy is unchanged


# -- make: recipes and shell calls written on its command line ------------------------------------
@pytest.mark.parametrize("text", [
    "make --eval='x:;npm publish' x", "make -E 'x: ; curl x' x", "make -f /dev/stdin <<< 'x:;npm publish'",
    "make 'X:=$(shell curl x)'", "make 'X:=${shell curl x}'", "make 'X!=npm publish'",
])
def test_make_runs_what_its_command_line_defines(text: str) -> None:
    assert _verdict(text, TOOLS) == "block"


def test_make_with_ordinary_variables_passes() -> None:
    for text in ("make test", "make -j4 CFLAGS=-O2 all", "make V=1 test", "make --eval='X := 1' test"):
        assert _verdict(text, TOOLS) == "allow", text
        assert validate(text).verdict == "allow", text


# -- bun x runs a package's program like bunx --------------------------------------------------------
def test_bun_x_unwraps_to_what_it_runs() -> None:
    assert _verdict("bun x npm publish", TOOLS) == "block"
    assert _verdict("bun test", TOOLS) == "allow"


# -- --suggest-allow: patterns that list more than the history ran -----------------------------------
def _patterns(*commands: str) -> list[str]:
    return [p for p, _ in suggest([(c, "bash") for c in commands], Policy()).patterns]


@pytest.mark.parametrize("learnt,never_ran", [
    ("npm exec prettier --check .", "npm publish"),
    ("uv run pytest -q", "uv publish"),
    ("poetry run pytest", "poetry publish"),
    ("bundle exec rake test", "bundle config set path /tmp"),
    ("pipenv run pytest", "pipenv install evil"),
    ("source venv/bin/activate", "source /tmp/x.sh"),
])
def test_suggested_patterns_do_not_list_what_the_history_never_ran(learnt: str, never_ran: str) -> None:
    patterns = _patterns(learnt)
    policy = Policy.build(allow=patterns, unlisted="block")
    assert validate(learnt, policy=policy).verdict == "allow", patterns
    assert validate(never_ran, policy=policy).verdict == "block", patterns


def test_wrapper_patterns_name_the_subcommand() -> None:
    assert _patterns("npm exec prettier --check .") == ["npm exec *", "prettier *"]
    assert _patterns("conda run -n env pytest") == ["conda run *", "pytest"]
    assert "timeout *" in _patterns("timeout 60 pytest")


# -- git send-email runs the programs its options name ----------------------------------------------
@pytest.mark.parametrize("text", [
    "git send-email --smtp-server=/tmp/sh x.patch", "git send-email --smtp-server /tmp/x a.patch",
    "git send-email --sendmail-cmd='npm publish' x.patch", "git send-email --to-cmd=./who x.patch",
])
def test_git_send_email_programs_are_held_to_the_list(text: str) -> None:
    assert _verdict(text, TOOLS) == "block"


def test_git_send_email_to_a_server_passes() -> None:
    assert _verdict("git send-email --smtp-server=smtp.example.org x.patch", TOOLS) == "allow"
    assert validate("git send-email --smtp-server=smtp.example.org x.patch").verdict == "allow"


# -- Python modules whose attributes are programs ---------------------------------------------------
@pytest.mark.parametrize("code", [
    'import sh\nsh.npm("publish")', 'from sh import npm\nnpm("publish")', 'import sh\nsh.git.push("--force")',
    'from plumbum.cmd import npm\nnpm("publish")',
])
def test_programs_run_through_the_sh_library_are_held_to_the_list(code: str) -> None:
    assert _verdict(code, lang="python") == "block"


def test_the_sh_library_is_judged_by_the_shell_rules() -> None:
    assert validate('import sh\nsh.rm("-rf", "/home/u")', "python").verdict == "block"  # allowed before
    assert _verdict('import sh\nsh.git.status()\nsh.ls("-la")', lang="python") == "allow"
    assert validate('import sh\ntry:\n    pass\nexcept sh.ErrorReturnCode_1:\n    pass', "python").verdict == "allow"


# -- a listed program's option that writes or empties a path outside the project --------------------
@pytest.mark.parametrize("text", [
    "git diff --output=$HOME/.bashrc", "git -C src log --output ~/.bashrc", "pytest --basetemp=~",
    "pytest --basetemp=$HOME -q", "pytest --junitxml=~/.bashrc",
])
def test_listed_programs_writing_outside_the_project_are_blocked(text: str) -> None:
    assert _verdict(text) == "block"
    assert validate(text).verdict == "block"


@pytest.mark.parametrize("text", [
    "git diff --output=x.patch", "git log --output=out.txt -5", "git commit -m '--output=~/.bashrc'",
    "pytest --basetemp=/tmp/pt -q", "pytest --junitxml=report.xml",
])
def test_their_ordinary_use_passes(text: str) -> None:
    assert validate(text).verdict == "allow"
