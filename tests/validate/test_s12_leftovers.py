"""The twelfth session's joins between helpers' files: `.npmrc` written by a here-document, uv's and pipx's index
options, and the indexes that are never a replacement (the PyTorch wheel index)."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_reviewed


@pytest.mark.parametrize("cmd", [
    "cat >> .npmrc <<EOF\nregistry=https://registry.npm-cdn.example/\nEOF",
    "cat > .npmrc <<'EOF'\nregistry=https://npm.corp.example/\nEOF\nnpm ci",
    "cat > frontend/.npmrc <<'EOF'\n@acme:registry=https://npm.acme.example/\nEOF",
])
def test_npmrc_heredoc_registry_for_unknown_host_reviewed(cmd: str) -> None:
    assert_reviewed(cmd, "download-exec")


@pytest.mark.parametrize("cmd", [
    "cat >> .npmrc <<EOF\n//registry.npm-cdn.example/:_authToken=${NPM_TOKEN}\nEOF",
    "cat > .npmrc <<EOF\nregistry=https://r.example/\n//r.example/:_authToken=$NODE_AUTH_TOKEN\nEOF",
])
def test_npmrc_heredoc_token_for_unknown_host_blocked(cmd: str) -> None:
    assert_blocked(cmd, "exfiltration")


@pytest.mark.parametrize("cmd", [
    "cat > .npmrc <<'EOF'\nengine-strict=true\nsave-exact=true\nEOF",
    "cat > .npmrc <<'EOF'\nregistry=https://npm.corp.internal/\nEOF",
    "cat > .npmrc <<'EOF'\n@acme:registry=https://acme.jfrog.io/artifactory/api/npm/npm/\nEOF",
    "pip install --index-url https://download.pytorch.org/whl/cu121 torch torchvision",
    "uv pip install torch --index-url https://download.pytorch.org/whl/cpu",
    "pip install --extra-index-url https://download.pytorch.org/whl/cu118 torch==2.1.2",
])
def test_ordinary_registry_settings_allowed(cmd: str) -> None:
    assert_allowed(cmd)
