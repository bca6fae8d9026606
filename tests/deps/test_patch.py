"""Unified diffs applied in memory: git and diff -u output, real tools producing them."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from agent_immune.deps.patch import apply_patch, parse_patch
from agent_immune.errors import InputError


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    r.mkdir()
    git(r, "init", "-q")
    git(r, "config", "user.email", "t@example.invalid")
    git(r, "config", "user.name", "t")
    (r / "requirements.txt").write_text("flask==2.0.0\nclick==8.1.7\n")
    (r / "web").mkdir()
    (r / "web" / "package.json").write_text('{\n  "dependencies": {\n    "lodash": "^4.17.21"\n  }\n}\n')
    (r / "old.txt").write_text("to be renamed\n")
    (r / "gone.txt").write_text("bye\n")
    git(r, "add", "-A")
    git(r, "commit", "-qm", "init")
    return r


def test_git_diff_modify_add_delete_rename(repo: Path) -> None:
    (repo / "requirements.txt").write_text("flask==2.0.0\nclick==8.1.7\nrequests==2.19.0\n")
    (repo / "new").mkdir()
    (repo / "new" / "Cargo.lock").write_text('version = 3\n')
    (repo / "gone.txt").unlink()
    git(repo, "mv", "old.txt", "renamed.txt")
    git(repo, "add", "-A")
    diff = git(repo, "diff", "--cached", "-M")
    git(repo, "reset", "-q", "--hard")  # back to the pre-patch tree
    changes = {c.path: c for c in apply_patch(diff, repo)}
    assert changes["requirements.txt"].after.endswith("requests==2.19.0\n")
    assert changes["requirements.txt"].before == "flask==2.0.0\nclick==8.1.7\n"
    assert changes["new/Cargo.lock"].before is None and changes["new/Cargo.lock"].after == "version = 3\n"
    assert changes["gone.txt"].after is None and changes["gone.txt"].before == "bye\n"
    assert changes["renamed.txt"].old_path == "old.txt"
    assert changes["renamed.txt"].after == "to be renamed\n"


def test_no_prefix_and_diff_u(repo: Path, tmp_path: Path) -> None:
    (repo / "requirements.txt").write_text("flask==0.12.2\nclick==8.1.7\n")
    no_prefix = git(repo, "diff", "--no-prefix")
    git(repo, "checkout", "-q", "--", ".")
    [c] = apply_patch(no_prefix, repo)
    assert c.path == "requirements.txt" and c.after.startswith("flask==0.12.2")

    new = tmp_path / "requirements.new"
    new.write_text("flask==0.12.2\nclick==8.1.7\n")
    diff_u = subprocess.run(["diff", "-u", "requirements.txt", str(new)], cwd=repo, capture_output=True, text=True).stdout
    diff_u = diff_u.replace(f"+++ {new}", "+++ requirements.txt")
    [c] = apply_patch(diff_u, repo)
    assert c.after.startswith("flask==0.12.2")


def test_hunk_with_offset_applies(repo: Path) -> None:
    diff = (
        "--- a/requirements.txt\n+++ b/requirements.txt\n"
        "@@ -5,2 +5,3 @@\n flask==2.0.0\n click==8.1.7\n+jinja2==2.10\n"
    )
    [c] = apply_patch(diff, repo)
    assert c.after == "flask==2.0.0\nclick==8.1.7\njinja2==2.10\n"


def test_failing_hunk_names_file_and_hunk(repo: Path) -> None:
    diff = "--- a/requirements.txt\n+++ b/requirements.txt\n@@ -1,1 +1,1 @@\n-django==1.0\n+django==1.1\n"
    with pytest.raises(InputError) as exc:
        apply_patch(diff, repo, name="x.patch")
    assert "hunk #1" in str(exc.value) and "requirements.txt" in str(exc.value) and exc.value.line == 3


def test_refuses_outside_repo_and_binary(repo: Path) -> None:
    with pytest.raises(InputError, match="outside the repository"):
        apply_patch("--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1 +1 @@\n-a\n+b\n", repo)
    with pytest.raises(InputError, match="outside the repository"):
        apply_patch("--- /dev/null\n+++ /etc/cron.d/x\n@@ -0,0 +1 @@\n+a\n", repo)
    binary = "diff --git a/logo.png b/logo.png\nnew file mode 100644\nindex 0000000..e69de29\nBinary files /dev/null and b/logo.png differ\n"
    with pytest.raises(InputError, match="binary patch"):
        apply_patch(binary, repo)


def test_not_a_diff_and_truncated() -> None:
    with pytest.raises(InputError, match="not a unified diff"):
        parse_patch("hello\nworld\n")
    with pytest.raises(InputError, match="truncated|shorter"):
        parse_patch("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n")


def test_no_newline_at_end_of_file(repo: Path) -> None:
    (repo / "requirements.txt").write_text("flask==2.0.0\nclick==8.1.7")
    dropped_eol = git(repo, "diff")
    [c] = apply_patch(dropped_eol, repo)
    assert c.after == "flask==2.0.0\nclick==8.1.7"
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "no eol")
    (repo / "requirements.txt").write_text("flask==2.0.1\nclick==8.1.7")
    diff = git(repo, "diff")
    git(repo, "checkout", "-q", "--", ".")
    [c] = apply_patch(diff, repo)
    assert c.after == "flask==2.0.1\nclick==8.1.7"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_fuzz_parser_only_raises_input_error(text: str) -> None:
    try:
        parse_patch(text)
    except InputError:
        pass
