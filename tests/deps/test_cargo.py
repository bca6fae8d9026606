"""Cargo.toml and Cargo.lock extraction: conformance corpus, behaviour and bad input."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent_immune.deps.cargo import cargo_lock, cargo_toml
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance

# Deliberate differences from the reference scanner.
KNOWN_DIFFERENCES_TOML = {
    "only-version-dependency.toml": "`regex = \"0.0.1\"` is the requirement ^0.0.1, not a pin: "
                                    "we report version '' with spec '0.0.1'; the reference reports 0.0.1 as the version",
    "two-dependencies.toml": "`futures = \"0.3\"` is the range ^0.3: reported as spec, not as version '0.3'",
}
KNOWN_DIFFERENCES_LOCK: dict[str, str] = {}


def test_cargo_lock_conformance(tmp_path):
    assert_conformance(run_conformance("cargolock", cargo_lock, tmp_path), KNOWN_DIFFERENCES_LOCK)


def test_cargo_toml_conformance(tmp_path):
    assert_conformance(run_conformance("cargotoml", cargo_toml, tmp_path), KNOWN_DIFFERENCES_TOML)


def write(tmp_path: Path, text: str, name: str = "Cargo.toml") -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def by_name(packages):
    return {p.name: p for p in packages}


def test_all_dependency_tables_with_groups_and_lines(tmp_path):
    p = write(tmp_path, """\
[package]
name = "app"
version = "0.2.0"

[dependencies]
serde = { version = "1.0", features = ["derive"] }
log = "=0.4.17"
my-rand = { package = "rand", version = "0.8" }
local = { path = "../local" }

[dev-dependencies]
proptest = "1"

[build-dependencies]
cc = "1.0.79"

[target.'cfg(unix)'.dependencies]
libc = "0.2"

[dependencies.tokio]
version = "1.28"
""")
    pkgs = by_name(cargo_toml(p))
    assert set(pkgs) == {"app", "serde", "log", "rand", "proptest", "cc", "libc", "tokio"}
    assert (pkgs["app"].version, pkgs["app"].spec) == ("0.2.0", None)
    assert (pkgs["serde"].version, pkgs["serde"].spec, pkgs["serde"].line) == ("", "1.0", 6)
    assert (pkgs["log"].version, pkgs["log"].spec) == ("0.4.17", None)
    assert pkgs["rand"].spec == "0.8"  # the renamed crate is reported under its real name
    assert pkgs["proptest"].groups == ("dev",)
    assert pkgs["cc"].groups == ("build",)
    assert pkgs["libc"].groups == () and pkgs["libc"].line == 18
    assert pkgs["tokio"].line == 20
    assert {(x.ecosystem, x.source) for x in pkgs.values()} == {("crates.io", str(p))}


def test_exact_requires_full_version(tmp_path):
    p = write(tmp_path, '[dependencies]\na = "=1.2"\nb = "= 1.2.3-beta.1"\n')
    pkgs = by_name(cargo_toml(p))
    assert (pkgs["a"].version, pkgs["a"].spec) == ("", "=1.2")
    assert (pkgs["b"].version, pkgs["b"].spec) == ("1.2.3-beta.1", None)


def test_same_dependency_in_two_tables_is_reported_once(tmp_path):
    p = write(tmp_path, '[dependencies]\nserde = "1"\n[dev-dependencies]\nserde = "1"\n')
    [pkg] = cargo_toml(p)
    assert pkg.groups == ()  # a normal dependency, even if tests also use it


def test_git_dependency_commit_only_when_rev_is_a_hash(tmp_path):
    sha = "0c0990399270277832fbb5b91a1fa118e6f63dba"
    p = write(tmp_path, f"""\
[dependencies]
a = {{ git = "https://example.invalid/a.git", rev = "{sha}" }}
b = {{ git = "https://example.invalid/b.git", branch = "main" }}
c = {{ git = "https://example.invalid/c.git", tag = "v1", version = "1.0" }}
""")
    pkgs = by_name(cargo_toml(p))
    assert set(pkgs) == {"a", "c"}
    assert (pkgs["a"].version, pkgs["a"].commit) == ("", sha)
    assert pkgs["c"].spec == "1.0"


def test_workspace_inheritance_from_enclosing_root(tmp_path):
    write(tmp_path, """\
[workspace]
members = ["crates/*"]
[workspace.package]
version = "3.1.0"
[workspace.dependencies]
anyhow = "1.0.70"
regex = { version = "=1.8.1", default-features = false }
""")
    member = write(tmp_path, """\
[package]
name = "member"
version.workspace = true
[dependencies]
anyhow.workspace = true
regex = { workspace = true, features = ["std"] }
missing = { workspace = true }
""", "crates/member/Cargo.toml")
    pkgs = by_name(cargo_toml(member))
    assert pkgs["member"].version == "3.1.0"
    assert pkgs["anyhow"].spec == "1.0.70"
    assert pkgs["regex"].version == "1.8.1"
    assert "missing" not in pkgs


def test_workspace_root_reports_its_dependency_declarations(tmp_path):
    p = write(tmp_path, '[workspace]\nmembers = []\n[workspace.dependencies]\nserde = "1"\n')
    [pkg] = cargo_toml(p)
    assert (pkg.name, pkg.spec, pkg.groups) == ("serde", "1", ("workspace",))


@pytest.mark.parametrize("text, line", [
    ("[package\nname = 1\n", 1),
    ('[dependencies]\na = "1"\nb = \n', 3),
    ("[dependencies]\na = 5\n", 2),
    ('[dependencies]\na = { git = { x = "y" } }\n', 2),
    ('dependencies = "x"\n', 1),
])
def test_cargo_toml_bad_input(tmp_path, text, line):
    p = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        cargo_toml(p)
    assert err.value.path == str(p)
    assert err.value.line == line


def test_cargo_lock_lines_and_local_packages(tmp_path):
    p = write(tmp_path, """\
version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde"]

[[package]]
name = "serde"
version = "1.0.160"
source = "registry+https://example.invalid/index"
""", "Cargo.lock")
    pkgs = cargo_lock(p)
    assert [(x.name, x.version, x.line, x.spec) for x in pkgs] == [("app", "0.1.0", 3, None), ("serde", "1.0.160", 8, None)]


@pytest.mark.parametrize("text", [
    'package = "x"\n',
    '[[package]]\nversion = "1"\n',
    '[[package]]\nname = "a"\n',
    "[[package]]\nname = 'a'\nversion = 1\n",
    "\x00\x01binary",
])
def test_cargo_lock_bad_input(tmp_path, text):
    p = write(tmp_path, text, "Cargo.lock")
    with pytest.raises(InputError):
        cargo_lock(p)


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError):
        cargo_lock(tmp_path / "Cargo.lock")
