"""The guest image build: reproducible initramfs, cache keys that follow their inputs."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from agent_immune.sandbox.microvm import image


@pytest.mark.skipif(shutil.which("gcc") is None or not image.BUSYBOX.is_file(),
                    reason="needs gcc and busybox-static (make sysdeps)")
def test_initramfs_is_reproducible_and_complete(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "i.cpio", tmp_path / "b" / "i.cpio"
    image._build_initramfs(a)
    image._build_initramfs(b)
    assert a.read_bytes() == b.read_bytes()
    listing = subprocess.run(["cpio", "-itv"], input=a.read_bytes(), capture_output=True, check=True).stdout.decode()
    names = {line.split()[-1] for line in listing.splitlines() if "->" not in line}
    assert {"init", "bin/busybox", "bin/ai-run", "dev/console", "newroot"} <= names
    assert "1970" not in listing  # every entry has the fixed mtime


def test_cpio_entries_are_sorted_with_fixed_metadata(tmp_path: Path) -> None:
    dest = tmp_path / "x.cpio"
    image.write_cpio({"b": (0o100644, b"bb", (0, 0)), "a": (0o100644, b"a", (0, 0))}, dest)
    blob = dest.read_bytes()
    assert blob.index(b"a\0") < blob.index(b"b\0") < blob.index(b"TRAILER!!!")
    header = blob[:110]
    assert header[:6] == b"070701"
    assert int(header[46:54], 16) == image.SOURCE_DATE_EPOCH


def test_cache_keys_follow_inputs_and_are_separate(monkeypatch) -> None:
    k, i = image.kernel_key(), image.initramfs_key()
    real = image.guest_file
    monkeypatch.setattr(image, "guest_file", lambda name: real(name) + (b"\n# edit" if name == "init.sh" else b""))
    assert image.kernel_key() == k           # editing the agent does not rebuild the kernel
    assert image.initramfs_key() != i


def test_missing_image_names_the_build_command(tmp_path: Path) -> None:
    from agent_immune.errors import SandboxUnavailable

    with pytest.raises(SandboxUnavailable, match="microvm build"):
        image.require_image(tmp_path)
