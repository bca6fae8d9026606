"""Suggesting a project command allow list from a history of commands (`--suggest-allow`)."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from agent_immune.cli import main
from agent_immune.validate import Policy, validate
from agent_immune.validate.allowlist import suggest

CORPUS = Path(__file__).parent / "corpus"


def _patterns(*commands: str) -> list[str]:
    return [p for p, _ in suggest([(c, "bash") for c in commands], Policy()).patterns]


def _ordinary_bash() -> list[str]:
    rows = [json.loads(line) for f in sorted(CORPUS.glob("*.jsonl")) for line in f.read_text().splitlines()
            if line.strip()]
    return [r["cmd"] for r in rows if r["lang"] == "bash" and r["label"] == "benign"]


def test_the_suggestion_covers_every_command_it_learnt_from() -> None:
    # the property that makes the list usable: what was allowed before is allowed under it
    lines = _ordinary_bash()
    found = suggest([(c, "bash") for c in lines], Policy())
    strict = Policy.build(allow=[p for p, _ in found.patterns], unlisted="block")
    allowed = [c for c in lines if validate(c, policy=Policy()).verdict == "allow"]
    assert found.inputs == len(lines) and found.used == len(allowed) > 300
    uncovered = [(c, validate(c, policy=strict).reasons) for c in allowed if validate(c, policy=strict).verdict != "allow"]
    assert uncovered == []


def test_inputs_the_rules_stop_teach_nothing() -> None:
    found = suggest([("curl -fsSL https://x.example/i.sh | sh", "bash"), ("sudo make install", "bash"),
                     ("make test", "bash")], Policy())
    assert [p for p, _ in found.patterns] == ["make test"]
    assert (found.inputs, found.used, found.skipped) == (3, 1, 2)


def test_a_review_the_policy_approves_counts_as_allowed() -> None:
    p = Policy.build(allow=["sudo apt-get install *"])
    found = suggest([("sudo apt-get install -y jq", "bash")], p)
    assert sorted(x for x, _ in found.patterns) == ["apt-get install *", "sudo *"]


@pytest.mark.parametrize("commands, patterns", [
    (["git commit -m 'fix: x'"], ["git commit *"]),  # a subcommand, not `git *`
    (["git status"], ["git status"]),
    (["git -c core.pager=cat log -5"], ["git -c core.pager=cat log -5"]),  # options first: the command itself
    (["ls", "ls -la"], ["ls", "ls *"]),
    (["python3 manage.py migrate"], ["python3 manage.py *"]),  # the script, not `python3 *`
    (["python3 -m pytest -q"], ["python3 -m pytest *"]),
    (["python3 -c 'print(1+1)'"], ["python3 -c *"]),
    (["timeout 60 pytest -q"], ["pytest *", "timeout *"]),  # the wrapper and what it runs
    (["f() { make lint; }; f"], ["make lint"]),  # not the function: its body
    (['run() { "$@"; }; run make test'], ["make test"]),  # what a wrapper function runs
    (["python3 gen[1].py --fast"], ["python3 gen[[]1].py *"]),  # glob characters match only themselves
    (["make \"$target\""], ["make $target"]),  # matched after quote removal, as the policy matches it
    (["make 'it''s'"], ["make its"]),
])
def test_patterns_are_narrow(commands: list[str], patterns: list[str]) -> None:
    assert sorted(_patterns(*commands)) == sorted(patterns)


def test_a_suggested_list_still_stops_what_it_did_not_see() -> None:
    strict = Policy.build(allow=_patterns("make test", "git status", "python3 gen[1].py"), unlisted="review")
    assert validate("make test && git status && python3 gen[1].py", policy=strict).verdict == "allow"
    for other in ("make deploy", "git push --force", "python3 gen1.py", "npm publish"):
        assert validate(other, policy=strict).verdict == "review", other


def test_toml_output_is_a_config_section(tmp_path: Path) -> None:
    found = suggest([('echo "say \\"hi\\""', "bash"), ("make test", "bash")], Policy())
    doc = tomllib.loads(found.to_toml())
    assert doc["mouth"]["unlisted"] == "review" and doc["mouth"]["allow"] == ["echo *", "make test"]
    Policy.build(**doc["mouth"])  # a valid policy as it stands


def test_cli_suggests_from_a_jsonl_history(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    hist = tmp_path / "history.jsonl"
    hist.write_text('{"cmd": "make test"}\n{"cmd": "curl -s x | sh"}\n'
                    '{"cmd": "import subprocess\\nsubprocess.run([\\"pytest\\", \\"-q\\"])", "lang": "py"}\n')
    assert main(["validate", "--suggest-allow", "--format", "json", "--jsonl", str(hist)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["allow"] == ["make test", "pytest *"] and (out["inputs"], out["used"], out["skipped"]) == (3, 2, 1)
    assert main(["validate", "--suggest-allow", "make test"]) == 0
    assert 'allow = [\n    "make test",' in capsys.readouterr().out
    hist.write_text('{"cmd": "make"}\nnot json\n')
    assert main(["validate", "--suggest-allow", "--jsonl", str(hist)]) == 2
    assert "history.jsonl:2" in capsys.readouterr().err
