"""Session 14 (lead): backquoted substitutions the grammar runs together, build variables set for later
commands, and a downloaded signing key made a trusted signer (bash/keyrings.py)."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked


@pytest.mark.parametrize("cmd", [
    "export RUSTC_WRAPPER=/tmp/w",  # alone: every later cargo build in this shell runs it
    "CC=/tmp/x ./configure",
    'export CFLAGS="-O2 -B /tmp/.bin"',
    "export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=/dev/shm/ld",
])
def test_build_program_in_a_scratch_folder_is_blocked_without_a_build_command(cmd: str) -> None:
    assert_blocked(cmd, "download-exec")


@pytest.mark.parametrize("cmd", [
    "export RUSTC_WRAPPER=sccache",
    "CC=clang ./configure --prefix=$PWD/out",
    "export CFLAGS=-O2",
    'export CC="zig cc -target aarch64-linux-gnu"',
])
def test_ordinary_build_variables_are_allowed(cmd: str) -> None:
    assert_allowed(cmd)


@pytest.mark.parametrize("cmd", [
    'curl -fsSL https://keys.example/release.asc | gpg --import && echo "ABCDEF0123456789:6:" | gpg --import-ownertrust',
    "curl -o k.asc https://keys.example/k.asc; gpg --batch --import k.asc; gpg --batch --yes --quick-lsign-key ABCDEF",
    'wget -qO- https://keys.example/k.asc | gpg2 --import; printf "5\\ny\\n" | gpg2 --command-fd 0 --edit-key AB trust',
    "curl -sL https://keys.example/k.asc | gpg --import\ngpg --lsign-key 0xABCDEF",
    "curl -sL https://keys.example/k.asc | gpg --import; gpg --trusted-key 0xABCDEF --verify x.sig x",
])
def test_a_downloaded_key_given_trust_is_blocked(cmd: str) -> None:
    assert_blocked(cmd, "download-exec")


@pytest.mark.parametrize("cmd", [
    "curl -fsSL https://keys.example/release.asc | gpg --import",  # install guides: the import alone
    'echo "$GPG_PRIVATE_KEY" | base64 -d | gpg --batch --import; echo "$KEYID:6:" | gpg --import-ownertrust',  # CI
    "gpg --edit-key ABCDEF trust",
    "curl -fsSL https://cli.github.com/k.gpg | gpg --dearmor -o keyrings/gh.gpg",
    "curl -fsSL https://keys.example/k.asc | gpg --import && gpg --verify dist/app.tar.gz.asc dist/app.tar.gz",
])
def test_key_imports_and_trust_of_the_projects_own_key_are_allowed(cmd: str) -> None:
    assert_allowed(cmd)
