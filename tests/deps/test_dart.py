"""pubspec.lock extraction: own fixtures, sources, groups, bad input."""
from __future__ import annotations

import pytest

from agent_immune.deps.dart import pubspec_lock
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance


def test_own_fixtures(tmp_path):
    assert_conformance(run_conformance("../testdata_own/pubspeclock", pubspec_lock, tmp_path / "w"), {})


def test_groups_lines_and_hosted_name(tmp_path):
    p = tmp_path / "pubspec.lock"
    p.write_text("""\
packages:
  alias_key:
    dependency: "direct dev"
    description:
      name: real_name
      url: "https://example.invalid"
    source: hosted
    version: "1.0.0"
sdks:
  dart: ">=3.0.0 <4.0.0"
""")
    [pkg] = pubspec_lock(p)
    assert (pkg.name, pkg.version, pkg.groups, pkg.line, pkg.ecosystem) == ("real_name", "1.0.0", ("dev",), 2, "Pub")


def test_empty_document(tmp_path):
    p = tmp_path / "pubspec.lock"
    p.write_text("# nothing\n")
    assert pubspec_lock(p) == []


@pytest.mark.parametrize("text, line", [
    ("packages:\n  a: [x\n", 3),
    ("- a\n- b\n", 1),
    ("packages:\n  a: 1\n", 2),
    ("packages:\n  a:\n    source: hosted\n", 2),
    ("packages: &x\n  a: *x\n", 2),
    ("a: !!python/object:os.system x\n", 1),
])
def test_bad_input(tmp_path, text, line):
    p = tmp_path / "pubspec.lock"
    p.write_text(text)
    with pytest.raises(InputError) as err:
        pubspec_lock(p)
    assert err.value.path == str(p)
    if line is not None:
        assert err.value.line == line
