"""go.mod (and go.sum) extraction: conformance corpus, grammar, version conventions, bad input."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent_immune.deps.golang import go_mod, semver_key
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance

KNOWN_DIFFERENCES: dict[str, str] = {}


def test_go_mod_conformance(tmp_path):
    assert_conformance(run_conformance("gomod", go_mod, tmp_path), KNOWN_DIFFERENCES)


def write(tmp_path: Path, text: str, name: str = "go.mod") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def keys(packages):
    return sorted((p.name, p.version) for p in packages)


def test_grammar_quotes_comments_blocks_and_conventions(tmp_path):
    p = write(tmp_path, """\
// leading comment
module "example.com/app" // trailing

go 1.21

toolchain go1.22.1

require (
	"github.com/a/b" v1.2.3
	github.com/c/d v2.0.0+incompatible // indirect
	`github.com/e/f` v0.0.0-20210630005230-0f9fa26af87c // indirect; why
)
require github.com/g/h v1.0.0-rc.1
require ()

exclude github.com/a/b v1.2.2
retract (
	v1.0.1 // broken
	[v1.0.2, v1.0.3]
)
godebug default=go1.21
""")
    pkgs = {p.name: p for p in go_mod(p)}
    assert keys(pkgs.values()) == [
        ("github.com/a/b", "1.2.3"), ("github.com/c/d", "2.0.0+incompatible"),
        ("github.com/e/f", "0.0.0-20210630005230-0f9fa26af87c"), ("github.com/g/h", "1.0.0-rc.1"),
        ("stdlib", "1.22.1"),
    ]
    assert pkgs["github.com/a/b"].line == 9 and pkgs["github.com/a/b"].groups == ()
    assert pkgs["github.com/c/d"].groups == ("indirect",)
    assert pkgs["github.com/e/f"].groups == ("indirect",)
    assert pkgs["stdlib"].line == 6
    assert all(p.ecosystem == "Go" and p.spec is None for p in pkgs.values())


def test_stdlib_from_go_directive_without_toolchain(tmp_path):
    p = write(tmp_path, "module m\ngo 1.22.3\n")
    assert keys(go_mod(p)) == [("stdlib", "1.22.3")]


def test_replace_local_path_and_versioned(tmp_path):
    p = write(tmp_path, """\
module m
go 1.20
require (
	golang.org/x/net v1.2.3
	golang.org/x/text v0.3.0
	example.com/old v1.0.0
)
replace golang.org/x/net => ../net
replace golang.org/x/text v0.3.0 => golang.org/x/text v0.3.8
replace example.com/old v9.9.9 => example.com/new v1.0.0
""")
    assert keys(go_mod(p)) == [("../net", ""), ("example.com/old", "1.0.0"),
                               ("golang.org/x/text", "0.3.8"), ("stdlib", "1.20")]


def test_go_sum_read_only_for_old_modules_and_highest_version_wins(tmp_path):
    write(tmp_path, """\
github.com/x/y v1.0.0 h1:aaa=
github.com/x/y v1.0.0/go.mod h1:bbb=
github.com/x/y v1.10.0 h1:ccc=
github.com/x/y v1.9.0 h1:ddd=
github.com/only/gomod v1.0.0/go.mod h1:eee=
github.com/direct/dep v1.1.0 h1:fff=
""", "go.sum")
    old = write(tmp_path, "module m\ngo 1.16\nrequire github.com/direct/dep v1.2.0\n")
    got = {p.name: p for p in go_mod(old)}
    assert keys(got.values()) == [("github.com/direct/dep", "1.2.0"), ("github.com/x/y", "1.10.0"), ("stdlib", "1.16")]
    assert got["github.com/x/y"].groups == ("indirect",)
    assert got["github.com/x/y"].source.endswith("go.sum")
    new = write(tmp_path, "module m\ngo 1.17\nrequire github.com/direct/dep v1.2.0\n")
    assert keys(go_mod(new)) == [("github.com/direct/dep", "1.2.0"), ("stdlib", "1.17")]


def test_malformed_go_sum_names_go_sum(tmp_path):
    bad = write(tmp_path, "module m v1\n", "go.sum")
    p = write(tmp_path, "module m\ngo 1.15\n")
    with pytest.raises(InputError) as err:
        go_mod(p)
    assert (err.value.path, err.value.line) == (str(bad), 1)


def test_semver_order():
    order = ["0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0", "1.2.0", "1.10.0"]
    assert sorted(order, key=semver_key) == order


@pytest.mark.parametrize("text, line", [
    ("this is not a go.mod file!\n", 1),
    ("module m\n\nrequire (\n  a.b/c v1.0.0\n", 5),
    ("module m\nrequire a.b/c 1.0.0\n", 2),
    ("module m\nrequire a.b/c\n", 2),
    ('module m\nrequire "a.b/c v1.0.0\n', 2),
    ("module m\n/* no */\n", 2),
    ("module m\ngo one\n", 2),
    ("module m\ntoolchain gox\n", 2),
    ("module m\nreplace a.b/c => d.e/f\n", 2),
    ("module m\nreplace a.b/c d.e/f\n", 2),
    ("module m\nreplace a.b/c => ./x v1.0.0\n", 2),
    ("module m\nrequire (\n  a.b/c v1.0.0 (\n)\n", 3),
    ("go (\n)\n", 1),
    ("module m\n)\n", 2),
])
def test_bad_input_names_file_and_line(tmp_path, text, line):
    p = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        go_mod(p)
    assert err.value.path == str(p)
    assert err.value.line == line


def test_empty_and_comment_only(tmp_path):
    assert go_mod(write(tmp_path, "")) == []
    assert go_mod(write(tmp_path, "// nothing\n\n")) == []
