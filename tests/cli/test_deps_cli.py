"""`agent-immune deps`: output shape, the lockfile rule, and bad input (one line, exit 2)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_immune.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vulnerable-project"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agent_immune.cli", *args], capture_output=True, text=True)


def test_json_lists_packages_with_osv_names(capsys: pytest.CaptureFixture) -> None:
    assert main(["deps", str(EXAMPLE), "--format", "json"]) == 0
    packages = json.loads(capsys.readouterr().out)
    by_eco = {}
    for p in packages:
        assert {"name", "version", "ecosystem", "source"} <= set(p)
        by_eco.setdefault(p["ecosystem"], {})[p["name"]] = p["version"]
    assert by_eco["PyPI"]["requests"] == "2.19.0"
    assert by_eco["npm"]["lodash"] == "4.17.15"  # from package-lock.json, not package.json's ^4.17.15
    assert by_eco["crates.io"]["smallvec"] == "1.6.0"
    assert by_eco["Go"]["golang.org/x/net"] == "0.0.0-20210226172049-e18ecbb05110"  # no leading v
    assert by_eco["Go"]["stdlib"] == "1.20"
    sources = {p["source"] for p in packages if p["ecosystem"] == "npm"}
    assert sources == {str(EXAMPLE / "web" / "package-lock.json")}


def test_manifest_without_lockfile_reports_ranges(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"lodash": "^4.17.15", "left-pad": "1.3.0"}}')
    assert main(["deps", str(tmp_path)]) == 0
    packages = {p["name"]: p for p in json.loads(capsys.readouterr().out)}
    assert packages["lodash"]["version"] == "" and packages["lodash"]["spec"] == "^4.17.15"
    assert packages["left-pad"]["version"] == "1.3.0"


def test_as_parses_a_file_under_another_name(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    f = tmp_path / "deps.in"
    f.write_text("requests==2.19.0\n")
    assert main(["deps", str(f), "--as", "requirements.txt"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "requests"


def test_table_format(capsys: pytest.CaptureFixture) -> None:
    assert main(["deps", str(EXAMPLE / "requirements.txt"), "--format", "table"]) == 0
    assert "requests" in capsys.readouterr().out


def _one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for n in needles:
        assert n in lines[0], lines[0]


@pytest.mark.parametrize("name,content,needle", [
    ("package-lock.json", b'{"lockfileVersion": 3, "packages": {', "package-lock.json:1"),
    ("Cargo.lock", b"[[package]\nname = 1\n", "Cargo.lock"),
    ("pnpm-lock.yaml", b"lockfileVersion: '9.0'\npackages: [\n", "pnpm-lock.yaml"),
    ("poetry.lock", b"\x00\x01\x02\xff\xfe binary", "binary"),
    ("package-lock.json", b"", "package-lock.json"),
])
def test_malformed_files_give_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes, needle: str) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    _one_line_error(run_cli("deps", str(f)), needle)


def test_unknown_as_name(tmp_path: Path) -> None:
    f = tmp_path / "x"
    f.write_text("")
    _one_line_error(run_cli("deps", str(f), "--as", "setup.cfg"), "unknown manifest type 'setup.cfg'")


def test_missing_and_unreadable(tmp_path: Path) -> None:
    _one_line_error(run_cli("deps", str(tmp_path / "nope.txt")), "no such file")
    f = tmp_path / "requirements.txt"
    f.write_text("requests==2.19.0\n")
    f.chmod(0)
    if os.geteuid() == 0:
        # root reads any mode; /proc/self/mem fails on read (EIO) the way an unreadable file does.
        _one_line_error(run_cli("deps", "/proc/self/mem", "--as", "requirements.txt"), "cannot read")
    else:
        _one_line_error(run_cli("deps", str(f)), "cannot read")


def test_symlink_loop_directory_terminates(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "requirements.txt").write_text("flask==2.0.0\n")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    assert main(["deps", str(tmp_path)]) == 0
    names = [p["name"] for p in json.loads(capsys.readouterr().out)]
    assert names == ["flask"]
    _one_line_error(run_cli("deps", str(tmp_path / "self")), "self")


def test_skips_node_modules_and_git(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for d in ("node_modules/x", ".git", "vendor/y"):
        (tmp_path / d).mkdir(parents=True)
        (tmp_path / d / "requirements.txt").write_text("evil==1.0\n")
    (tmp_path / "requirements.txt").write_text("good==1.0\n")
    assert main(["deps", str(tmp_path)]) == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["good"]


def test_huge_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from agent_immune.deps import base
    from agent_immune.errors import InputError
    from agent_immune.deps import collect

    f = tmp_path / "requirements.txt"
    f.write_text("a==1\n" * 100)
    monkeypatch.setattr(base, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="too large"):
        collect([f])
