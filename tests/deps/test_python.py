"""PyPI extractors: conformance with the osv-scalibr corpus plus targeted behaviour."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent_immune.deps import python as py
from agent_immune.errors import InputError
from tests.deps.conformance import assert_conformance, run_conformance


# Every Python fixture conforms; a deliberate difference would be listed here with why.
KNOWN_DIFFERENCES: dict[str, dict[str, str]] = {}

FORMATS = [
    ("requirements", py.requirements_txt),
    ("pyprojecttoml", py.pyproject_toml),
    ("poetrylock", py.poetry_lock),
    ("uvlock", py.uv_lock),
    ("pipfilelock", py.pipfile_lock),
    ("pdmlock", py.pdm_lock),
    ("pylock", py.pylock_toml),
]


@pytest.mark.parametrize(("folder", "extractor"), FORMATS, ids=[f for f, _ in FORMATS])
def test_conformance(folder, extractor, tmp_path, monkeypatch):
    # env_var.txt expects the line using an unset ${MY_VARIABLE_1} to be dropped.
    monkeypatch.delenv("MY_VARIABLE_1", raising=False)
    result = run_conformance(folder, extractor, tmp_path)
    assert result.total > 0
    assert_conformance(result, KNOWN_DIFFERENCES.get(folder, {}))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _brief(packages) -> list[tuple]:
    return [(p.name, p.version, p.spec, p.line) for p in packages]


# ---------------------------------------------------------------- requirements.txt

def test_requirements_pin_versus_range(tmp_path):
    path = _write(tmp_path, "requirements.txt", "\n".join([
        "a==1.0", "b===1.0-weird", "c>=1.0,<2", "d==1.0.*", "e~=1.1", "f", "g!=3",
        "h (>=1.0)", "I_Am-Mixed.Case==2",
    ]))
    assert _brief(py.requirements_txt(path)) == [
        ("a", "1.0", None, 1), ("b", "1.0-weird", "===1.0-weird", 2), ("c", "", ">=1.0,<2", 3),
        ("d", "", "==1.0.*", 4), ("e", "", "~=1.1", 5), ("f", "", None, 6), ("g", "", "!=3", 7),
        ("h", "", ">=1.0", 8), ("I_Am-Mixed.Case", "2", None, 9),
    ]


def test_requirements_extras_markers_hashes_comments(tmp_path):
    path = _write(tmp_path, "requirements.txt", (
        "# header\n"
        "pyjwt[crypto]==2.1.0 ; python_version >= '3.8'  # trailing comment\n"
        "celery [redis, pytest] == 4.4.7 --hash=sha256:abc --hash=sha256:def\n"
        "x==1;#not-a-comment-without-space\n"
    ))
    assert _brief(py.requirements_txt(path)) == [
        ("pyjwt", "2.1.0", None, 2), ("celery", "4.4.7", None, 3), ("x", "1", None, 4),
    ]


def test_requirements_continuation_reports_first_line(tmp_path):
    path = _write(tmp_path, "requirements.txt", (
        "\n"
        "pkgA==1.0 \\\n"
        "    --hash=sha256:123 \\\n"
        "    --hash=sha256:456\n"
        "pkgB \\\n"
        "  >= 2.0\n"
        "last==3 \\"
    ))
    assert _brief(py.requirements_txt(path)) == [
        ("pkgA", "1.0", None, 2), ("pkgB", "", ">=2.0", 5), ("last", "3", None, 7),
    ]


def test_requirements_env_vars(tmp_path, monkeypatch):
    monkeypatch.setenv("PKG_VERSION", "1.2.3")
    monkeypatch.delenv("UNSET_VERSION", raising=False)
    monkeypatch.setenv("lower_case", "9")
    path = _write(tmp_path, "requirements.txt", (
        "a==${PKG_VERSION}\n"
        "b==${UNSET_VERSION}\n"      # stays literal, so no installable version: dropped
        "c>=${PKG_VERSION}\n"
        "d==${lower_case}\n"         # pip only expands upper-case names: literal, dropped
        "${PKG_NAME}==2\n"
    ))
    monkeypatch.setenv("PKG_NAME", "from-env")
    assert _brief(py.requirements_txt(path)) == [
        ("a", "1.2.3", None, 1), ("c", "", ">=1.2.3", 3), ("from-env", "2", None, 5),
    ]


def test_requirements_editable_url_path_and_options_skipped(tmp_path):
    sha = "a" * 40
    path = _write(tmp_path, "requirements.txt", "\n".join([
        "-i https://example.invalid/simple",
        "--index-url https://example.invalid/simple",
        "-f ./wheels",
        "--pre",
        "-e .",
        "-e git+https://example.invalid/x.git#egg=x",
        "./downloads/numpy-1.9.2-cp34-none-win32.whl",
        "https://example.invalid/pkg-1.0.tar.gz",
        "urllib3 @ https://example.invalid/urllib3-1.26.8.zip",
        f"pinned @ git+https://example.invalid/pinned.git@{sha}",
        "kept==1.0",
    ]))
    got = py.requirements_txt(path)
    assert [(p.name, p.version, p.commit) for p in got] == [("pinned", "", sha), ("kept", "1.0", None)]


def test_requirements_invalid_lines_are_skipped_not_errors(tmp_path):
    path = _write(tmp_path, "requirements.txt", "asdf==\n==1.0\nasdf 1.0\n-foo==1.0\nok==1\n")
    assert _brief(py.requirements_txt(path)) == [("ok", "1", None, 5)]


def test_requirements_includes_are_relative_and_attributed(tmp_path):
    top = _write(tmp_path, "requirements.txt", "a==1\n-r sub/base.txt\n--constraint=sub/pins.txt\nz==9\n")
    _write(tmp_path, "sub/base.txt", "# base\nb==2\n-rmore.txt\n")
    _write(tmp_path, "sub/more.txt", "c==3\n")
    _write(tmp_path, "sub/pins.txt", "d==4\n")
    got = py.requirements_txt(top)
    assert [(p.name, Path(p.source).relative_to(tmp_path).as_posix(), p.line, p.groups) for p in got] == [
        ("a", "requirements.txt", 1, ()),
        ("b", "sub/base.txt", 2, ()),
        ("c", "sub/more.txt", 1, ()),
        ("d", "sub/pins.txt", 1, ("constraints",)),
        ("z", "requirements.txt", 4, ()),
    ]


def test_requirements_include_loop_reads_each_file_once(tmp_path):
    a = _write(tmp_path, "requirements.txt", "a==1\n-r b.txt\n-r ./requirements.txt\n")
    _write(tmp_path, "b.txt", "b==1\n-r requirements.txt\n-r b.txt\n")
    assert [p.name for p in py.requirements_txt(a)] == ["a", "b"]


def test_requirements_missing_include_names_including_file_and_line(tmp_path):
    path = _write(tmp_path, "requirements.txt", "a==1\n\n--requirement missing.txt\n")
    with pytest.raises(InputError) as err:
        py.requirements_txt(path)
    assert err.value.path == str(path)
    assert err.value.line == 3
    assert "missing.txt" in err.value.message


def test_requirements_missing_constraints_file_is_tolerated(tmp_path):
    path = _write(tmp_path, "requirements.txt", "-c constraints.txt\na>=1\n")
    assert _brief(py.requirements_txt(path)) == [("a", "", ">=1", 2)]


def test_requirements_binary_and_bad_utf8_are_input_errors(tmp_path):
    binary = tmp_path / "requirements.txt"
    binary.write_bytes(b"a==1\n\x00\x01\x02")
    with pytest.raises(InputError, match="binary"):
        py.requirements_txt(binary)
    latin = tmp_path / "requirements-2.txt"
    latin.write_bytes(b"a==1\nb==\xe9\n")
    with pytest.raises(InputError) as err:
        py.requirements_txt(latin)
    assert err.value.line == 2


# ---------------------------------------------------------------- pyproject.toml

PYPROJECT = """\
[project]
name = "demo"
dependencies = [
    "requests>=2.20,<3",
    "flask[async]==3.1.1 ; python_version >= '3.9'",
    "numpy",
]

[project.optional-dependencies]
dev = ["pytest==8.0.0"]

[dependency-groups]
test = ["coverage~=7.0", {include-group = "lint"}]
lint = ["ruff===0.5.0", "coverage~=7.0"]

[tool.poetry.dependencies]
python = "^3.11"
exact = "1.2.3"
exact-eq = "==1.2.4"
caret = "^1.2"
tilde = "~1.2"
wild = "1.2.*"
any = "*"
arbitrary = "===1.0-custom"
table = { version = "^2.0", extras = ["x"] }
multi = [
    { version = "<2", python = "<3.9" },
    { version = "2.0.1", python = ">=3.9" },
]
gitdep = { git = "https://example.invalid/g.git", rev = "0123456789abcdef0123456789abcdef01234567" }
branchdep = { git = "https://example.invalid/b.git", branch = "main" }
local = { path = "../local" }

[tool.poetry.group.docs.dependencies]
sphinx = "7.2.6"
"""


def test_pyproject_everything(tmp_path):
    path = _write(tmp_path, "pyproject.toml", PYPROJECT)
    got = [(p.name, p.version, p.spec, p.line, p.commit, p.groups) for p in py.pyproject_toml(path)]
    assert got == [
        ("requests", "", ">=2.20,<3", 4, None, ()),
        ("flask", "3.1.1", None, 5, None, ()),
        ("numpy", "", None, 6, None, ()),
        ("pytest", "8.0.0", None, 10, None, ("dev",)),
        ("coverage", "", "~=7.0", 13, None, ("test",)),
        ("ruff", "0.5.0", "===0.5.0", 14, None, ("lint",)),
        ("coverage", "", "~=7.0", 14, None, ("lint",)),
        ("exact", "1.2.3", None, 18, None, ("main",)),
        ("exact-eq", "1.2.4", None, 19, None, ("main",)),
        ("caret", "", "^1.2", 20, None, ("main",)),
        ("tilde", "", "~1.2", 21, None, ("main",)),
        ("wild", "", "1.2.*", 22, None, ("main",)),
        ("any", "", None, 23, None, ("main",)),
        ("arbitrary", "1.0-custom", "===1.0-custom", 24, None, ("main",)),
        ("table", "", "^2.0", 25, None, ("main",)),
        ("multi", "", "<2", 26, None, ("main",)),
        ("multi", "2.0.1", None, 26, None, ("main",)),
        ("gitdep", "", None, 30, "0123456789abcdef0123456789abcdef01234567", ("main",)),
        ("branchdep", "", None, 31, None, ("main",)),
        ("sphinx", "7.2.6", None, 35, None, ("docs",)),
    ]


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("[project]\ndependencies = 3\n", None, "must be an array"),
    ("[project]\ndependencies = [1]\n", None, "must be a string"),
    ("[project]\ndependencies = [\n  'ok',\n  'not a valid ( requirement',\n]\n", 4, "invalid requirement"),
    ("[project]\nname = 'x'\n[project\n", 3, "invalid TOML"),
    ("[tool.poetry.dependencies]\nfoo = 3\n", 2, "string or a table"),
    ("project = 'x'\n", None, "must be a table"),
])
def test_pyproject_malformed(tmp_path, text, line, fragment):
    path = _write(tmp_path, "pyproject.toml", text)
    with pytest.raises(InputError) as err:
        py.pyproject_toml(path)
    assert err.value.path == str(path)
    assert err.value.line == line
    assert fragment in err.value.message


# ---------------------------------------------------------------- lockfiles

def test_poetry_lock_groups_and_git_commit(tmp_path):
    path = _write(tmp_path, "poetry.lock", """\
[[package]]
name = "a"
version = "1.0"
groups = ["main", "dev"]

[[package]]
name = "b"
version = "2.0"
category = "dev"

[package.source]
type = "git"
url = "https://example.invalid/b"
reference = "main"
resolved_reference = "ABCDEF0123456789ABCDEF0123456789ABCDEF01"
""")
    got = [(p.name, p.version, p.commit, p.groups, p.spec) for p in py.poetry_lock(path)]
    assert got == [("a", "1.0", None, ("main", "dev"), None),
                   ("b", "2.0", "abcdef0123456789abcdef0123456789abcdef01", ("dev",), None)]


def test_uv_lock_skips_project_and_workspace_members(tmp_path):
    path = _write(tmp_path, "uv.lock", """\
version = 1
[[package]]
name = "root"
version = "0.1.0"
source = { editable = "." }
[[package]]
name = "member"
version = "0.1.0"
source = { virtual = "packages/member" }
[[package]]
name = "dep"
version = "1.0"
source = { registry = "https://example.invalid/simple" }
""")
    assert [(p.name, p.version) for p in py.uv_lock(path)] == [("dep", "1.0")]


def test_pipfile_lock_merges_identical_entries(tmp_path):
    doc = {
        "_meta": {},
        "default": {"a": {"version": "==1.0"}, "b": {"version": "==2.0"},
                    "g": {"git": "https://example.invalid/g", "ref": "f" * 40}},
        "develop": {"a": {"version": "==1.0"}, "b": {"version": "==2.1"},
                    "e": {"editable": True, "path": "."}},
    }
    path = _write(tmp_path, "Pipfile.lock", json.dumps(doc))
    got = [(p.name, p.version, p.commit, p.groups) for p in py.pipfile_lock(path)]
    assert got == [("a", "1.0", None, ("default", "develop")), ("b", "2.0", None, ("default",)),
                   ("g", "", "f" * 40, ("default",)), ("b", "2.1", None, ("develop",))]


def test_pdm_lock_groups_and_editable(tmp_path):
    path = _write(tmp_path, "pdm.lock", """\
[[package]]
name = "a"
version = "1.0"
groups = ["default", "dev"]
[[package]]
name = "self"
version = "0.0.0"
editable = true
path = "."
""")
    assert [(p.name, p.groups) for p in py.pdm_lock(path)] == [("a", ("default", "dev"))]


@pytest.mark.parametrize(("name", "extractor", "text", "line"), [
    ("poetry.lock", py.poetry_lock, "package = 3\n", None),
    ("poetry.lock", py.poetry_lock, "[[package]]\nversion = '1'\n", None),
    ("uv.lock", py.uv_lock, "version = 1\n[[package]]\nname = 'x'\nsource = 'nope'\n", None),
    ("uv.lock", py.uv_lock, "version = 1\n\n[[package]\n", 3),
    ("pdm.lock", py.pdm_lock, "[[package]]\nname = 'x'\ngroups = 'dev'\n", None),
    ("pylock.toml", py.pylock_toml, "packages = ['x']\n", None),
    ("pylock.toml", py.pylock_toml, "[[packages]]\nname = 'x'\nversion = 1\n", None),
    ("Pipfile.lock", py.pipfile_lock, '{\n  "default": {\n    "a": {"version": ==1}\n}}', 3),
    ("Pipfile.lock", py.pipfile_lock, '[1, 2]', None),
    ("Pipfile.lock", py.pipfile_lock, '{"default": []}', None),
    ("Pipfile.lock", py.pipfile_lock, '{"develop": {"a": {"version": 1}}}', None),
])
def test_lockfile_malformed(tmp_path, name, extractor, text, line):
    path = _write(tmp_path, name, text)
    with pytest.raises(InputError) as err:
        extractor(path)
    assert err.value.path == str(path)
    assert err.value.line == line


def test_deeply_nested_input_is_an_input_error(tmp_path):
    toml_path = _write(tmp_path, "uv.lock", "x = " + "[" * 100000)
    with pytest.raises(InputError):
        py.uv_lock(toml_path)
    json_path = _write(tmp_path, "Pipfile.lock", "[" * 100000)
    with pytest.raises(InputError):
        py.pipfile_lock(json_path)


def test_registry_resolves_every_python_extractor():
    from agent_immune.deps.registry import lookup

    for name, func in [("requirements.txt", py.requirements_txt), ("requirements-dev.txt", py.requirements_txt),
                       ("constraints.txt", py.requirements_txt), ("pyproject.toml", py.pyproject_toml),
                       ("poetry.lock", py.poetry_lock), ("uv.lock", py.uv_lock),
                       ("Pipfile.lock", py.pipfile_lock), ("pdm.lock", py.pdm_lock),
                       ("pylock.toml", py.pylock_toml), ("pylock.dev.toml", py.pylock_toml)]:
        fmt = lookup(name)
        assert fmt is not None and fmt.extractor() is func, name
