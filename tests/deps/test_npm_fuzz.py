"""Fuzz the npm-family parsers: whatever the input, a list of packages or an InputError."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.deps import npm
from agent_immune.deps.base import Package
from agent_immune.errors import InputError

EXTRACTORS = {
    "package.json": npm.package_json,
    "package-lock.json": npm.package_lock_json,
    "yarn.lock": npm.yarn_lock,
    "pnpm-lock.yaml": npm.pnpm_lock_yaml,
    "bun.lock": npm.bun_lock,
}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of the real formats, so random documents get past the first syntax check.
TOKENS = [
    "{", "}", "[", "]", ",", ":", '"', "'", "\n", "  ", "    ", "#", "//", "/*", "*/", "@", "/", "(", ")", "_",
    '"packages"', '"dependencies"', '"version"', '"resolved"', '"name"', '"link"', "true", "null", "1.2.3",
    '"node_modules/a"', '"a@1.0.0"', "__metadata:", "version:", "resolution:", 'version "1.0.0"',
    "lockfileVersion:", "'6.0'", "9.0", "5.3", "/a/1.0.0:", "/@s/b@2.0.0(c@1.0.0):", "a@^1.0.0:",
    '"a@npm:b@^1":', "packages:", "dev: true", "file:x", "npm:x@1", "#commit=abc", "git+ssh://h/r.git#ab12",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.sampled_from(["1.0.0", "npm:a@1", "file:x"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["", "a", "node_modules/a", "packages", "dependencies", "version", "name", "link",
                         "resolved", "dev", "x/node_modules/@s/b"]) | st.text(max_size=8),
        inner, max_size=4),
    max_leaves=20,
)


def _check(name: str, data: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        try:
            result = EXTRACTORS[name](path)
        except InputError as exc:
            assert exc.path == str(path)
            return
        assert isinstance(result, list)
        for pkg in result:
            assert isinstance(pkg, Package) and isinstance(pkg.name, str) and isinstance(pkg.version, str)
            assert pkg.ecosystem == "npm"


names = st.sampled_from(sorted(EXTRACTORS))


@SETTINGS
@given(names, st.text(max_size=300))
def test_random_text(name, text):
    _check(name, text)


@SETTINGS
@given(names, st.binary(max_size=200))
def test_random_bytes(name, data):
    _check(name, data)


@SETTINGS
@given(names, st.lists(st.sampled_from(TOKENS) | st.text(max_size=5), max_size=40))
def test_token_soup(name, tokens):
    _check(name, "".join(tokens))


@SETTINGS
@given(st.sampled_from(["package.json", "package-lock.json", "bun.lock"]), json_values)
def test_random_json_documents(name, value):
    _check(name, json.dumps(value))


@SETTINGS
@given(json_values)
def test_random_yaml_documents(value):
    # JSON is YAML: structured documents reach the pnpm and berry logic past the parser.
    _check("pnpm-lock.yaml", json.dumps({"lockfileVersion": "6.0", "packages": value}))
    _check("yarn.lock", "__metadata:\n  version: 8\n" + json.dumps({"a@npm:1": value})[1:-1] + "\n")
