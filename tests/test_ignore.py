from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from agent_immune.config import load_config
from agent_immune.errors import ConfigError
from agent_immune.findings import Vulnerability
from agent_immune.ignore import apply_rules, load_rules, parse_rules


def vuln(id="PYSEC-2018-28", aliases=("CVE-2018-18074", "GHSA-x84v-xcm2-53pg"), package="Requests",
         ecosystem="PyPI", installed="2.19.0") -> Vulnerability:
    return Vulnerability(id, aliases, package, ecosystem, installed, "2.20.0", "HIGH", 7.5, "s", "requirements.txt")


def rules(text: str, tmp_path: Path):
    (tmp_path / "agent-immune.toml").write_text(text)
    return load_rules([tmp_path])


def test_alias_package_version_selectors(tmp_path: Path) -> None:
    rs = rules('''
[[ignore]]
id = "cve-2018-18074"
package = "requests"
ecosystem = "PyPI"
version = "2.19.*"
reason = "proxy auth not used"
approved_by = "alice"
''', tmp_path)
    [v], warnings = apply_rules([vuln()], rs)
    assert v.ignored is not None and v.ignored.reason == "proxy auth not used" and v.ignored.approved_by == "alice"
    assert warnings == []
    [v], _ = apply_rules([vuln(installed="2.20.0")], rs)
    assert v.ignored is None
    [v], _ = apply_rules([vuln(ecosystem="npm")], rs)
    assert v.ignored is None


def test_expired_rule_stops_applying_and_is_reported(tmp_path: Path) -> None:
    rs = rules('[[ignore]]\nid = "PYSEC-2018-28"\nreason = "r"\nuntil = 2026-01-31\n', tmp_path)
    [v], warnings = apply_rules([vuln()], rs, today=dt.date(2026, 1, 31))
    assert v.ignored is not None and v.ignored.until == "2026-01-31"
    out, warnings = apply_rules([vuln(), vuln(package="requests")], rs, today=dt.date(2026, 2, 1))
    assert all(v.ignored is None for v in out)
    assert len(warnings) == 1 and "expired on 2026-01-31" in warnings[0]


@pytest.mark.parametrize("text,message", [
    ('[[ignore]]\nid = "X"\n', "`reason` is required"),
    ('[[ignore]]\nreason = "r"\n', "`id` is required"),
    ('[[ignore]]\nid = "X"\nreason = "r"\nuntill = 2026-01-01\n', "unknown key"),
    ('[[ignore]]\nid = "X"\nreason = "r"\nuntil = "next week"\n', "must be a date"),
    ('ignore = 3\n', "array of tables"),
    ('[[ignore]\nid = "X"\n', "invalid TOML"),
])
def test_bad_ignore_file_is_an_error_not_an_empty_list(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as exc:
        rules(text, tmp_path)
    assert "agent-immune.toml" in str(exc.value)


def test_rules_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[[immune.ignore]]\nid = "GHSA-x84v-xcm2-53pg"\nreason = "accepted"\n')
    rs = load_rules([tmp_path], load_config(cfg))
    [v], _ = apply_rules([vuln()], rs)
    assert v.ignored is not None and v.ignored.reason == "accepted"
    cfg.write_text('[immune.ignore]\nid = "GHSA-x84v-xcm2-53pg"\nreason = "single table"\n')
    [v], _ = apply_rules([vuln()], load_rules([tmp_path], load_config(cfg)))
    assert v.ignored.reason == "single table"


def test_parse_rules_rejects_non_tables() -> None:
    with pytest.raises(ConfigError, match="must be a table"):
        parse_rules(["x"], "cfg")
