"""Fuzz the PyPI extractors: any input gives a list of packages or an InputError."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.deps import python as py
from agent_immune.deps.base import Package
from agent_immune.errors import InputError

EXTRACTORS = [
    ("requirements.txt", py.requirements_txt),
    ("pyproject.toml", py.pyproject_toml),
    ("poetry.lock", py.poetry_lock),
    ("uv.lock", py.uv_lock),
    ("Pipfile.lock", py.pipfile_lock),
    ("pdm.lock", py.pdm_lock),
    ("pylock.toml", py.pylock_toml),
]
IDS = [name for name, _ in EXTRACTORS]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _run(extractor, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        result = extractor(path)
    except InputError as exc:
        assert exc.path is not None  # every error names a file
        return
    assert isinstance(result, list)
    for pkg in result:
        assert isinstance(pkg, Package)
        assert isinstance(pkg.name, str) and pkg.name
        assert isinstance(pkg.version, str)
        assert pkg.spec is None or isinstance(pkg.spec, str)
        assert pkg.ecosystem == "PyPI"


@pytest.mark.parametrize(("name", "extractor"), EXTRACTORS, ids=IDS)
@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path, name, extractor, data):
    _run(extractor, tmp_path / name, data)


@pytest.mark.parametrize(("name", "extractor"), EXTRACTORS, ids=IDS)
@FUZZ
@given(text=st.text(max_size=400))
def test_random_text(tmp_path, name, extractor, text):
    _run(extractor, tmp_path / name, text.encode("utf-8", "surrogatepass"))


# Inputs assembled from the formats' own tokens reach much deeper than random text.
_REQ_TOKENS = st.sampled_from([
    "pkg", "Pkg_2.x", "a-b", "==", "===", ">=", "<", "!=", "~=", "1.0", "1.*", ",", ";",
    " python_version < '3'", "[extra]", "[", "]", "(", ")", "@", " git+https://h/r@" + "a" * 40,
    "-r ", "-c ", "--requirement=", "other.txt", "self.txt", "missing.txt", "-e ", "-i x",
    "--hash=sha256:1", " -C x", "${VAR}", "${", "#", " # c", "\\", "\n", "\n", " ", "\t",
])
_REQ_TEXT = st.lists(_REQ_TOKENS, max_size=40).map("".join)


@FUZZ
@given(top=_REQ_TEXT, other=_REQ_TEXT)
def test_requirements_grammar(tmp_path, top, other):
    (tmp_path / "other.txt").write_text(other)
    (tmp_path / "self.txt").write_text(top)
    _run(py.requirements_txt, tmp_path / "requirements.txt", top.encode())


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                     st.sampled_from(["1.0", "==1.0", "^1.2", "*", "a" * 40, ".", "x>=1", "python"]))
_KEYS = st.sampled_from(["name", "version", "source", "git", "ref", "revision", "editable", "virtual",
                         "groups", "category", "vcs", "commit-id", "directory", "resolved_reference",
                         "type", "dependencies", "optional-dependencies", "project", "tool", "poetry",
                         "package", "packages", "default", "develop", "path", "url", "rev", "dev"])
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)), max_leaves=25)
_DOCS = st.dictionaries(_KEYS, _VALUES, max_size=6)


@pytest.mark.parametrize(("name", "extractor"), EXTRACTORS[1:], ids=IDS[1:])
@FUZZ
@given(doc=_DOCS)
def test_structured_documents(tmp_path, name, extractor, doc):
    # JSON for Pipfile.lock; the TOML formats get the same shapes as TOML inline values.
    text = json.dumps(doc) if name == "Pipfile.lock" else _to_toml(doc)
    _run(extractor, tmp_path / name, text.encode())


def _to_toml(doc: dict) -> str:
    return "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in doc.items() if v is not None)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None) + "}"
    return '""'
