"""Fuzz: any text fed to these extractors gives a list of packages or an InputError.

Two strategies per format: arbitrary text, and text assembled from the format's own
vocabulary (so the fuzzer gets past the first line and into the parsers' deeper paths).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.deps.base import Package
from agent_immune.deps.cargo import cargo_lock, cargo_toml
from agent_immune.deps.dart import pubspec_lock
from agent_immune.deps.golang import go_mod
from agent_immune.deps.hex import mix_lock
from agent_immune.deps.maven import gradle_lockfile, pom_xml
from agent_immune.deps.nuget import packages_lock_json
from agent_immune.deps.php import composer_lock
from agent_immune.deps.ruby import gemfile_lock
from agent_immune.errors import InputError

FORMATS = {
    "Cargo.toml": (cargo_toml, ["[package]", "[dependencies]", "[dev-dependencies]", "[target.'cfg(unix)'.dependencies]",
                                "[workspace.dependencies]", 'name = "a"', 'version = "1.0"', 'a = "=1.2.3"',
                                'b = { git = "u", rev = "0c0990399270277832fbb5b91a1fa118e6f63dba" }', "c.workspace = true",
                                'd = { version = 1 }', "e = []", "[dependencies.f]", "\n"]),
    "Cargo.lock": (cargo_lock, ["[[package]]", 'name = "a"', 'version = "1.0.0"', 'source = "git+u#abc"', "version = 3",
                                "package = 1", "\n"]),
    "go.mod": (go_mod, ["module m", "go 1.16", "go 1.21", "toolchain go1.22.1", "require (", ")", "require a.b/c v1.2.3",
                        "a.b/c v1.0.0 // indirect", "replace a.b/c => ./x", "replace a.b/c v1.0.0 => d.e/f v2.0.0",
                        "exclude a.b/c v0.1.0", "retract [v1.0.0, v1.1.0]", '"q"', "`r`", "//", "\n"]),
    "Gemfile.lock": (gemfile_lock, ["GEM", "GIT", "PATH", "PLATFORMS", "DEPENDENCIES", "  remote: x", "  revision: abc",
                                    "  specs:", "    rack (2.2.3)", "    nokogiri (1.0-x86_64-linux)", "      rack (>= 1)",
                                    "    bare", "    bad (", "\n"]),
    "composer.lock": (composer_lock, ['{"packages": [', '{"name": "a/b", "version": "v1.0.0"}', ",", "]", "}",
                                      '"packages-dev": null', '{"dist": {"reference": 1}}', "null", "\n"]),
    "pom.xml": (pom_xml, ["<project>", "</project>", "<dependencies>", "</dependencies>", "<dependency>", "</dependency>",
                          "<groupId>g</groupId>", "<artifactId>${a}</artifactId>", "<version>[1,2)</version>",
                          "<properties><a>${a}</a></properties>", "<parent><relativePath>..</relativePath></parent>",
                          "<!DOCTYPE x>", "&amp;", "<?xml version='1.0'?>", "\n"]),
    "gradle.lockfile": (gradle_lockfile, ["# c", "a:b:1.0=compileClasspath", "empty=", "a:b", "=", ":", "\n"]),
    "packages.lock.json": (packages_lock_json, ['{"version": 1, "dependencies": {', '"net8.0": {', '"Foo": {',
                                                '"type": "Project"', '"resolved": "1.0.0"', "}", ",", "[]", "\n"]),
    "pubspec.lock": (pubspec_lock, ["packages:", "  a:", "    source: hosted", "    source: sdk", '    version: "1.0.0"',
                                    "    description:", "      resolved-ref: abc", "&x", "*x", "- ", "{", "\n"]),
    "mix.lock": (mix_lock, ["%{", "}", '"a":', "{:hex, :a, ", '"1.0.0"', "}", "[", "]", "hex: :b", "=>", ":git", "#{",
                            "nil", "1.5", ",", "\n"]),
}


def check(extractor, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        result = extractor(path)
    except InputError:
        return
    assert isinstance(result, list)
    assert all(isinstance(p, Package) and isinstance(p.version, str) for p in result)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)


@pytest.mark.parametrize("name", sorted(FORMATS))
@FUZZ
@given(data=st.data())
def test_arbitrary_text(workdir, name, data):
    extractor, _ = FORMATS[name]
    check(extractor, workdir / name, data.draw(_TEXT))


@pytest.mark.parametrize("name", sorted(FORMATS))
@FUZZ
@given(data=st.data())
def test_format_vocabulary(workdir, name, data):
    extractor, words = FORMATS[name]
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(words), st.text(max_size=6)), max_size=40))
    check(extractor, workdir / name, "".join(p if p == "\n" else p + data.draw(st.sampled_from(["\n", " ", ""]))
                                             for p in pieces))


@pytest.mark.parametrize("name, text", [
    ("Cargo.toml", "a = " + "[" * 100_000 + "]" * 100_000),
    ("Cargo.lock", "a = " + "{x=" * 5_000 + "1" + "}" * 5_000),
    ("composer.lock", "[" * 100_000 + "]" * 100_000),
    ("packages.lock.json", '{"dependencies":' + "[" * 100_000 + "]" * 100_000 + "}"),
    ("pubspec.lock", "[" * 100_000 + "]" * 100_000),
    ("mix.lock", "%{" * 100_000),
    ("pom.xml", "<project>" + "<a>" * 100_000 + "</a>" * 100_000 + "</project>"),
])
def test_deep_nesting_is_input_error_or_empty(workdir, name, text):
    extractor, _ = FORMATS[name]
    check(extractor, workdir / name, text)
