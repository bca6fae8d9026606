"""Gemfile.lock extraction: conformance corpus, sections, platforms, bad input."""
from __future__ import annotations

import pytest

from agent_immune.deps.ruby import gemfile_lock
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance

KNOWN_DIFFERENCES: dict[str, str] = {}


def test_gemfile_lock_conformance(tmp_path):
    assert_conformance(run_conformance("gemfilelock", gemfile_lock, tmp_path), KNOWN_DIFFERENCES)


LOCK = """\
GIT
  remote: https://example.invalid/rack.git
  revision: 5904fc9a70683b8749aa2861257d0c8c01eae4aa
  specs:
    rack (3.0.0.beta1)

PATH
  remote: .
  specs:
    mygem (0.1.0)
      rack (>= 2)

GEM
  remote: https://example.invalid/
  specs:
    nokogiri (1.15.4-x86_64-linux)
      racc (~> 1.4)
    nokogiri (1.15.4-arm64-darwin)
      racc (~> 1.4)
    racc (1.7.1)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  mygem!
  nokogiri

CHECKSUMS
  racc (1.7.1) sha256=abc

BUNDLED WITH
   2.5.3
"""


def test_sections_platforms_and_git_commit(tmp_path):
    p = tmp_path / "Gemfile.lock"
    p.write_text(LOCK)
    got = {(x.name, x.version, x.commit, x.line) for x in gemfile_lock(p)}
    assert got == {
        ("rack", "3.0.0.beta1", "5904fc9a70683b8749aa2861257d0c8c01eae4aa", 5),
        ("mygem", "0.1.0", None, 10),
        ("nokogiri", "1.15.4", None, 16),  # two platforms, one gem version
        ("racc", "1.7.1", None, 20),
    }
    assert {x.ecosystem for x in gemfile_lock(p)} == {"RubyGems"}


def test_crlf_line_endings(tmp_path):
    p = tmp_path / "Gemfile.lock"
    p.write_bytes(b"GEM\r\n  remote: x\r\n  specs:\r\n    ast (2.4.2)\r\n")
    assert [(x.name, x.version) for x in gemfile_lock(p)] == [("ast", "2.4.2")]


@pytest.mark.parametrize("text, line", [
    ("GEM\n  specs:\n    broken (1.0\n", 3),
    ("GEM\n  specs:\n    two words (1.0)\n", 3),
    ('{"not": "a lockfile"}\n', 1),
])
def test_bad_input(tmp_path, text, line):
    p = tmp_path / "Gemfile.lock"
    p.write_text(text)
    with pytest.raises(InputError) as err:
        gemfile_lock(p)
    assert (err.value.path, err.value.line) == (str(p), line)
