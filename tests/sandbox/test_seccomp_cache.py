"""The on-disk cache of compiled seccomp filters: the same program as a fresh compile,
and never taken from a file someone else could have written."""
from __future__ import annotations

import os
import signal

import pytest

from agent_immune.sandbox import seccomp

from .conftest import ROOT_ONLY, run


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(tmp_path))
    seccomp.build_filter.cache_clear()
    yield tmp_path / "sandbox"
    seccomp.build_filter.cache_clear()


def cached_file(directory) -> str:
    (name,) = [n for n in os.listdir(directory) if n.endswith(".bpf")]
    return os.path.join(directory, name)


def test_cached_program_is_the_compiled_one(cache_home):
    compiled = seccomp.build_filter("python", False, True)
    path = cached_file(cache_home)
    assert os.stat(cache_home).st_mode & 0o777 == 0o700 and os.stat(path).st_mode & 0o777 == 0o600
    seccomp.build_filter.cache_clear()
    assert seccomp.build_filter("python", False, True) == compiled == seccomp._compile("python", False, True)
    # another key, another file
    seccomp.build_filter("python", True, True)
    assert len([n for n in os.listdir(cache_home) if n.endswith(".bpf")]) == 2


@pytest.mark.parametrize("spoil", ["group-writable", "other-owner", "symlink", "wrong-key", "truncated"])
def test_a_file_it_cannot_trust_is_ignored(cache_home, tmp_path, spoil):
    good = seccomp.build_filter("default", False, False)
    path = cached_file(cache_home)
    key = seccomp._cache_key("default", False, False)
    # what an attacker would want: a program that allows everything (SECCOMP_RET_ALLOW)
    allow_all = (6).to_bytes(2, "little") + b"\0\0" + (0x7FFF0000).to_bytes(4, "little")
    forged = seccomp._MAGIC + key + allow_all
    if spoil == "group-writable":
        open(path, "wb").write(forged)
        os.chmod(path, 0o620)
    elif spoil == "other-owner":
        open(path, "wb").write(forged)
        os.chown(path, 65534, -1)
    elif spoil == "symlink":
        target = tmp_path / "elsewhere.bpf"
        target.write_bytes(forged)
        os.unlink(path)
        os.symlink(target, path)
    elif spoil == "wrong-key":
        open(path, "wb").write(seccomp._MAGIC + bytes(32) + allow_all)
    else:
        open(path, "wb").write(seccomp._MAGIC + key + good[:-3])
    assert seccomp._cache_read(key) is None
    seccomp.build_filter.cache_clear()
    assert seccomp.build_filter("default", False, False) == good


def test_a_directory_others_can_write_is_not_used(cache_home):
    seccomp.build_filter("default", False, False)
    os.chmod(cache_home, 0o777)
    assert seccomp._cache_read(seccomp._cache_key("default", False, False)) is None


@ROOT_ONLY
def test_sandbox_with_a_cached_filter_still_refuses(cache_home, workdir):
    seccomp.build_filter("default", False, False)
    seccomp.build_filter.cache_clear()   # the next run reads the file
    r = run(["unshare", "-U", "-r", "id"], workdir=str(workdir))
    assert r.status == "violation" and r.signal == signal.SIGSYS, r
    assert any(v.syscall == "unshare" and v.detail.startswith("killed") for v in r.violations)
