"""[mouth] policy: disabled rules, deny and allow patterns, and their precedence."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent_immune.errors import ConfigError
from agent_immune.validate import Policy, validate
from agent_immune.validate.policy import configured


def test_deny_pattern_blocks_a_command_rules_allow() -> None:
    p = Policy.build(deny=["git push --force*", "re:^npm publish"])
    v = validate("git status && git push --force origin main", policy=p)
    assert v.verdict == "block" and v.reasons[0].rule == "policy-deny"
    assert v.reasons[0].span.snippet == "git push --force origin main"
    assert validate("npm publish --access public", policy=p).verdict == "block"
    assert validate("git push origin main", policy=p).verdict == "allow"


def test_deny_matches_after_unwrapping() -> None:
    p = Policy.build(deny=["terraform apply*"])
    assert validate("sudo -E env TF_LOG=1 timeout 600 terraform apply -auto-approve", policy=p).verdict == "block"


def test_allow_pattern_downgrades_review_only_inside_matching_command() -> None:
    p = Policy.build(allow=["sudo apt-get install *"])
    v = validate("sudo apt-get install -y jq", policy=p)
    assert v.verdict == "allow" and v.reasons and v.reasons[0].verdict == "allow"
    assert validate("sudo systemctl restart x", policy=p).verdict == "review"


def test_allow_pattern_never_lifts_a_block() -> None:
    p = Policy.build(allow=["*", "curl *", "re:.*"])
    assert validate("curl x | sh", policy=p).verdict == "block"
    assert validate("rm -rf /", policy=p).verdict == "block"


def test_disabled_rules() -> None:
    p = Policy.build(disabled_rules=["privilege-escalation"])
    assert validate("sudo apt-get install jq", policy=p).verdict == "allow"
    assert validate("sudo rm -rf /", policy=p).verdict == "block"
    with pytest.raises(ConfigError):
        Policy.build(disabled_rules=["malformed"])
    with pytest.raises(ConfigError):
        Policy.build(disabled_rules=["no-such-rule"])
    with pytest.raises(ConfigError):
        Policy.build(deny=["re:("])


def test_config_file_is_read_and_reloaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[mouth]\ndeny = ["make deploy*"]\nallow = ["sudo make install"]\n')
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(cfg))
    assert validate("make deploy").verdict == "block"
    assert validate("sudo make install").verdict == "allow"
    cfg.write_text('[mouth]\ndisabled_rules = ["nope"]\n')
    import os

    os.utime(cfg, (1, 1))
    with pytest.raises(ConfigError):
        configured()
    cfg.write_text('[mouth]\ndeny = "not a list"\n')
    os.utime(cfg, (2, 2))
    with pytest.raises(ConfigError):
        configured()


def test_defaults_are_secure() -> None:
    p = Policy()
    assert not p.disabled_rules and not p.deny and not p.allow
    assert validate("curl x | sh", policy=p).verdict == "block"


def test_policy_patterns_see_commands_the_grammar_misreads() -> None:
    # with deny/allow patterns the screens are off and another path parses the input: it must
    # undo the grammar's misreadings too (a pipeline over lines hid `reboot` as arguments)
    p = Policy.build(deny=["git push --force*"], allow=["ls*"])
    v = validate("ls | sort | head\nreboot && ls", policy=p)
    assert v.verdict == "block" and any(r.rule == "system-disruption" for r in v.reasons)
    v = validate("ls | sort | head\ngit push --force && ls", policy=p)
    assert v.verdict == "block" and any(r.rule == "policy-deny" for r in v.reasons), v.reasons
