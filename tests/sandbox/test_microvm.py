"""The microVM level for real: each test boots the guest image (QEMU, KVM or TCG).

Skipped only when the image is not built and $CI is unset; under CI a missing image
fails, because `make test` builds it first.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from agent_immune.sandbox import microvm
from agent_immune.sandbox.microvm import image, qemu
from agent_immune.sandbox.microvm.protocol import GUEST_PATH
from agent_immune.sandbox.policy import DEFAULT_SECRET_PATHS, Policy

pytestmark = pytest.mark.microvm


@pytest.fixture(scope="module")
def built() -> image.Image:
    found = image.find_image()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("the microVM image is not built under CI; `make test` builds it first")
        pytest.skip("the microVM image is not built (run `make microvm`)")
    return found


@pytest.fixture
def vm(built, monkeypatch, tmp_path):
    # Pin the image directory: other tests may point the data home elsewhere.
    monkeypatch.setenv(image.IMAGES_ENV, str(Path(built.kernel).parent.parent))
    work = tmp_path / "work"
    work.mkdir()

    def run(argv, **policy):
        policy.setdefault("workdir", str(work))
        policy.setdefault("timeout_s", 60.0)
        # The host's PATH may start with wrappers (pyenv shims) that are slow to boot
        # under emulation; the guest's standard PATH finds the system's programs.
        policy.setdefault("env", (("PATH", GUEST_PATH),))
        return microvm.run(argv, Policy(level="firecracker", **policy))

    run.work = work
    return run


def test_exit_status_and_output(vm):
    result = vm(["sh", "-c", 'echo out; printf "%s|" "$@" >&2; exit 7', "sh", "a b", "$HOME", "it's", ""])
    assert result.exit_code == 7 and result.status == "failed" and result.signal is None
    assert result.stdout == b"out\n"
    assert result.stderr == b"a b|$HOME|it's||"
    assert result.level == "firecracker"
    assert result.backend in ("qemu-tcg", "qemu-kvm")  # never called firecracker here
    assert result.policy["backend"] == result.backend
    assert result.peak_rss_kb and result.peak_rss_kb > 0
    total = next(d for d in result.diagnostics if d.startswith("guest_mem_total_kb="))
    assert int(total.split("=")[1]) <= 512 * 1024


def test_signal_is_not_an_exit_code(vm):
    result = vm(["sh", "-c", "kill -TERM $$"])
    assert result.signal == 15 and result.exit_code is None and result.status == "killed"
    assert result.shell_status == 128 + 15


def test_root_writes_are_discarded_and_workdir_writes_kept(vm):
    marker = f"agent-immune-{uuid.uuid4().hex}"
    script = f"echo x > /etc/{marker} && echo x > /usr/{marker} && echo kept > out.txt && cat /etc/{marker}"
    first = vm(["sh", "-c", script])
    assert first.status == "ok", first
    assert first.stdout == b"x\n"
    assert not Path(f"/etc/{marker}").exists() and not Path(f"/usr/{marker}").exists()
    assert (vm.work / "out.txt").read_text() == "kept\n"
    second = vm(["sh", "-c", f"test -e /etc/{marker}"])
    assert second.exit_code == 1


def test_no_network_device_unless_granted(vm):
    closed = vm(["ls", "/sys/class/net"])
    assert closed.stdout.split() == [b"lo"]
    opened = vm(["ls", "/sys/class/net"], allow_net=True)
    assert sorted(opened.stdout.split()) == [b"eth0", b"lo"]


def test_memory_bound_and_oom(vm):
    # Grows 16 MiB at a time (each chunk written) until the guest kernel's OOM killer acts.
    grow = "chunks = []\nwhile True:\n    chunks.append(b'x' * (16 << 20))\n"
    result = vm(["python3", "-c", grow], memory_bytes=256 * 1024 * 1024)
    assert result.oom_killed and result.status == "oom", result
    total = next(d for d in result.diagnostics if d.startswith("guest_mem_total_kb="))
    assert int(total.split("=")[1]) <= 256 * 1024


def test_timeout_kills_the_vm(vm):
    result = vm(["sleep", "600"], timeout_s=8.0)
    assert result.timed_out and result.status == "timeout" and result.exit_code is None


def test_secrets_are_hidden_from_the_guest(vm):
    base = Path.home() / f".agent-immune-test-{uuid.uuid4().hex[:8]}"
    (base / "secret-dir").mkdir(parents=True)
    try:
        (base / "secret-dir" / "id_key").write_text("PRIVATE")
        (base / "token").write_text("TOKEN")
        (base / "visible").write_text("PUBLIC")
        result = vm(["sh", "-c", f"cd {base} && cat visible token; ls -A secret-dir; echo end; wc -c < /etc/shadow"],
                    secret_paths=DEFAULT_SECRET_PATHS + (str(base / "secret-dir"), str(base / "token")))
        assert result.stdout == b"PUBLICend\n0\n", result
        assert b"PRIVATE" not in result.stdout + result.stderr
    finally:
        shutil.rmtree(base)


def test_console_transport_used_by_firecracker(built, tmp_path):
    # Firecracker has no virtio-serial: the guest frames the streams on the serial
    # console. The same guest agent runs here over QEMU's serial port.
    launch = qemu.Launch(image=built, accel="tcg", transport="console")
    payload = "".join(chr(c) for c in range(1, 256) if c != 10) * 50
    policy = Policy(level="firecracker", workdir=str(tmp_path), timeout_s=60.0, env=(("PATH", GUEST_PATH),))
    result = qemu.run(["python3", "-c", f"import sys; sys.stdout.write({payload!r}); sys.stderr.write('e'); sys.exit(3)"],
                      policy, launch)
    assert result.exit_code == 3
    assert result.stdout.decode() == payload
    assert result.stderr == b"e"


def test_output_streams_are_bounded(vm):
    result = vm(["sh", "-c", "head -c 300000 /dev/zero; echo done >&2"], output_limit_bytes=100_000)
    assert result.status == "ok"
    assert result.stdout == b"\0" * 100_000 and result.stdout_truncated
    assert result.stderr == b"done\n" and not result.stderr_truncated


def test_sinks_receive_the_output_live(built, monkeypatch, tmp_path):
    monkeypatch.setenv(image.IMAGES_ENV, str(Path(built.kernel).parent.parent))
    seen: dict[str, list[bytes]] = {"out": [], "err": []}
    result = microvm.run(["sh", "-c", "echo one; echo two >&2; echo three"],
                         Policy(level="firecracker", workdir=str(tmp_path), timeout_s=60.0),
                         stdout_sink=seen["out"].append, stderr_sink=seen["err"].append)
    assert b"".join(seen["out"]) == result.stdout == b"one\nthree\n"
    assert b"".join(seen["err"]) == result.stderr == b"two\n"
