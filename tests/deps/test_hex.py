"""mix.lock extraction: own fixtures, the Elixir literal reader, refusal of code."""
from __future__ import annotations

import pytest

from agent_immune.deps.hex import Atom, mix_lock, parse_lock
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance


def test_own_fixtures(tmp_path):
    assert_conformance(run_conformance("../testdata_own/mixlock", mix_lock, tmp_path / "w"), {})


def test_literal_forms(tmp_path):
    text = '%{"a" => {:hex, :"quoted-atom", "1.0.0", "x\\"y", [], [{:b, "~> 1.0", [hex: :b, optional: true]}], "hexpm", nil}, # c\n b: {:hex, :b, "2.0.0"}}'
    entries = parse_lock(tmp_path / "mix.lock", text)
    (k1, v1, l1), (k2, v2, l2) = entries
    assert (k1, l1, k2, l2) == ("a", 1, "b", 2)
    assert v1[1] == Atom("quoted-atom") and v1[3] == 'x"y' and v1[-1] is None
    assert v1[5] == [(Atom("b"), "~> 1.0", [("hex", Atom("b")), ("optional", True)])]
    assert v2 == (Atom("hex"), Atom("b"), "2.0.0")


def test_unknown_scm_is_skipped(tmp_path):
    p = tmp_path / "mix.lock"
    p.write_text('%{"x": {:custom, "whatever"}, "y": {:hex, :y, "0.1.0"}}\n')
    assert [(x.name, x.version, x.ecosystem) for x in mix_lock(p)] == [("y", "0.1.0", "Hex")]


@pytest.mark.parametrize("text, line", [
    ('%{\n"a": {:hex, :a, "1.0.0"}\n', 2),
    ('%{\n"a": {:hex, :a, "#{System.cmd("id", [])}"}}\n', 2),
    ('%{\n"a": {:hex, :a, 1}}\n', 2),
    ('%{\n"a": "1.0.0"}\n', 2),
    ('%{\n"a": {:hex, :a, "1.0.0"]}\n', 2),
    ('%{"a" {:hex}}\n', 1),
    ("[1, 2]\n", 1),
    ('%{"a": {:git, "url"}}\n', 1),
    ("%{}\n%{}\n", 2),
    ("{" * 200 + "}" * 200, 1),
])
def test_bad_input(tmp_path, text, line):
    p = tmp_path / "mix.lock"
    p.write_text(text)
    with pytest.raises(InputError) as err:
        mix_lock(p)
    assert err.value.path == str(p)
    assert err.value.line == line
