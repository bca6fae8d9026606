"""`agent-immune microvm build|status`: image state, cache reuse, backend naming, usage errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent_immune.cli import main
from agent_immune.sandbox.microvm import ACCEL_ENV, image


def test_status_of_an_empty_image_dir(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(image.IMAGES_ENV, str(tmp_path))
    monkeypatch.setenv(ACCEL_ENV, "tcg")
    assert main(["microvm", "status", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["built"] is False
    assert info["image"]["dir"] == str(tmp_path)
    assert info["image"]["id"] == image.expected_image(tmp_path).id
    assert (info["backend"], info["accelerator"], info["result_backend"]) == ("qemu", "tcg", "qemu-tcg")
    assert "forced" in info["reason"]


def test_status_text_says_how_to_build(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(image.IMAGES_ENV, str(tmp_path))
    monkeypatch.setenv(ACCEL_ENV, "tcg")
    assert main(["microvm", "status"]) == 0
    out = capsys.readouterr().out
    assert "not built" in out and "agent-immune microvm build" in out and "qemu-tcg" in out


def test_a_configured_firecracker_needs_kvm(tmp_path: Path, monkeypatch, capsys) -> None:
    # A firecracker binary and rootfs are configured, but without KVM the QEMU backend
    # under TCG runs, and the status says so instead of claiming Firecracker.
    fake = tmp_path / "firecracker"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    config = tmp_path / "config.toml"
    config.write_text(f'[muscle]\nfirecracker_binary = "{fake}"\nfirecracker_rootfs = "{tmp_path}/rootfs.ext4"\n')
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(config))
    monkeypatch.setenv(image.IMAGES_ENV, str(tmp_path))
    monkeypatch.setenv(ACCEL_ENV, "tcg")
    assert main(["microvm", "status", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["result_backend"] == "qemu-tcg"
    assert "KVM unusable" in info["reason"]
    monkeypatch.setenv(ACCEL_ENV, "kvm")
    assert main(["microvm", "status", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["result_backend"] == "firecracker"


def test_bad_accel_override_is_one_line_exit_2(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(image.IMAGES_ENV, str(tmp_path))
    monkeypatch.setenv(ACCEL_ENV, "hvf")
    assert main(["microvm", "status"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and ACCEL_ENV in err


def test_usage_errors_exit_2(capsys) -> None:
    assert main(["microvm"]) == 2
    assert main(["microvm", "rebuild"]) == 2


@pytest.mark.microvm
def test_build_reuses_the_cached_image(monkeypatch, capsys) -> None:
    built = image.find_image()
    if built is None:
        pytest.skip("the microVM image is not built (run `make microvm`)")
    monkeypatch.setenv(image.IMAGES_ENV, str(Path(built.kernel).parent.parent))
    before = Path(built.kernel).stat().st_mtime_ns, Path(built.initramfs).stat().st_mtime_ns
    assert main(["microvm", "build", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["id"] == built.id
    assert info["kernel_sha256"] == image.sha256_file(Path(built.kernel))
    assert (Path(built.kernel).stat().st_mtime_ns, Path(built.initramfs).stat().st_mtime_ns) == before
    assert main(["microvm", "status", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["built"] is True
