"""packages.lock.json extraction: own fixtures, per-framework de-duplication, bad input."""
from __future__ import annotations

import json

import pytest

from agent_immune.deps.nuget import packages_lock_json
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance


def test_own_fixtures(tmp_path):
    assert_conformance(run_conformance("../testdata_own/packageslockjson", packages_lock_json, tmp_path / "w"), {})


def test_direct_wins_over_transitive_and_lines(tmp_path):
    lock = {"version": 1, "dependencies": {
        "net6.0": {"Foo": {"type": "Transitive", "resolved": "1.0.0"}},
        "net8.0": {"Foo": {"type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0"},
                   "Bar": {"type": "Direct", "resolved": "2.0.0"}},
    }}
    p = tmp_path / "packages.lock.json"
    p.write_text(json.dumps(lock, indent=2))
    got = {x.name: x for x in packages_lock_json(p)}
    assert got["Foo"].groups == () and got["Foo"].line == 11
    assert (got["Bar"].version, got["Bar"].line, got["Bar"].ecosystem) == ("2.0.0", 16, "NuGet")


@pytest.mark.parametrize("text", [
    "[]", '{"dependencies": []}', '{"dependencies": {"net8.0": []}}',
    '{"dependencies": {"net8.0": {"Foo": "1.0"}}}', '{"dependencies": {"net8.0": {"Foo": {"resolved": 1}}}}', "{",
])
def test_bad_input(tmp_path, text):
    p = tmp_path / "packages.lock.json"
    p.write_text(text)
    with pytest.raises(InputError) as err:
        packages_lock_json(p)
    assert err.value.path == str(p)
