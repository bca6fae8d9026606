"""npm-family extractors: conformance with the osv-scalibr corpus plus the behaviours
the corpus does not cover (package.json ranges, groups, lines, bad input)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent_immune.deps import extract_file
from agent_immune.deps import npm
from agent_immune.deps._npm_git import try_extract_commit
from agent_immune.jsonc import jsonc_to_json
from agent_immune.deps._npm_pnpm import dependency_path
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance

# Every fixture conforms; a deliberate difference would be listed here with its reason.
KNOWN_DIFFERENCES: dict[str, dict[str, str]] = {
    "packagelockjson": {},
    "yarnlock": {},
    "pnpmlock": {},
    "bunlock": {},
}


# The harness keeps a fixture's own name when it is a real one, so the two
# npm-shrinkwrap.json fixtures are read as shrinkwraps (and win over a package-lock.json).
@pytest.mark.parametrize("folder,extractor,count", [
    ("packagelockjson", npm.package_lock_json, 31),
    ("yarnlock", npm.yarn_lock, 25),
    ("pnpmlock", npm.pnpm_lock_yaml, 31),
    ("bunlock", npm.bun_lock, 19),
])
def test_conformance(folder, extractor, count, tmp_path):
    result = run_conformance(folder, extractor, tmp_path)
    assert result.total == count
    assert_conformance(result, KNOWN_DIFFERENCES[folder])


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def _by_name(pkgs):
    return {p.name: p for p in pkgs}


# ------------------------------------------------------------------ package.json

PACKAGE_JSON = """{
  "name": "app",
  "version": "1.0.0",
  "dependencies": {
    "left-pad": "1.3.0",
    "lodash": "^4.17.0",
    "exact-eq": "=2.0.1",
    "string-width-cjs": "npm:string-width@^4.2.0",
    "from-git": "git+ssh://git@example.org/o/r.git#abc1234",
    "local": "file:../local",
    "shorthand": "owner/repo#v1.0.0"
  },
  "devDependencies": {
    "jest": ">=29.0.0 <30",
    "ws-pkg": "workspace:*"
  },
  "optionalDependencies": {
    "fsevents": "~2.3.2"
  },
  "peerDependencies": {
    "react": "^18.0.0",
    "fsevents": "~2.3.2"
  }
}
"""


def test_package_json_ranges_pins_groups_and_lines(tmp_path):
    pkgs = npm.package_json(_write(tmp_path, "package.json", PACKAGE_JSON))
    by = _by_name(pkgs)
    assert len(pkgs) == 11
    assert (by["left-pad"].version, by["left-pad"].spec, by["left-pad"].groups) == ("1.3.0", None, ("prod",))
    assert (by["exact-eq"].version, by["exact-eq"].spec) == ("2.0.1", None)
    assert (by["lodash"].version, by["lodash"].spec) == ("", "^4.17.0")
    assert (by["jest"].spec, by["jest"].groups) == (">=29.0.0 <30", ("dev",))
    assert by["react"].groups == ("peer",)
    # listed as optional and peer with the same range: one package, both groups
    assert by["fsevents"].groups == ("optional", "peer")
    # an alias reports the package it installs, with the raw spec
    assert "string-width-cjs" not in by
    assert (by["string-width"].version, by["string-width"].spec) == ("", "npm:string-width@^4.2.0")
    for name, spec in [("from-git", "git+ssh://git@example.org/o/r.git#abc1234"), ("local", "file:../local"),
                       ("shorthand", "owner/repo#v1.0.0"), ("ws-pkg", "workspace:*")]:
        assert (by[name].version, by[name].spec) == ("", spec)
    lines = PACKAGE_JSON.splitlines()
    for p in pkgs:
        assert p.ecosystem == "npm" and p.source == str(tmp_path / "package.json")
        key = "string-width-cjs" if p.name == "string-width" else p.name
        assert f'"{key}"' in lines[p.line - 1], p
    assert by["fsevents"].line == 18  # the first section that lists it


@pytest.mark.parametrize("spec,expected", [
    ("1.2.3", ("a", "1.2.3")), ("=1.2.3", ("a", "1.2.3")), ("v1.2.3", ("a", "1.2.3")),
    (" 1.2.3-rc.1+b7 ", ("a", "1.2.3-rc.1+b7")), ("1.2", ("a", "")), ("^1.2.3", ("a", "")),
    ("1.2.3 || 2.0.0", ("a", "")), ("latest", ("a", "")), ("*", ("a", "")), ("", ("a", "")),
    ("npm:@s/real@1.0.0", ("@s/real", "")), ("npm:real", ("real", "")), ("npm:", ("a", "")),
])
def test_package_json_exact_pin_rule(spec, expected):
    assert npm._declared("a", spec) == expected


def test_package_json_line_of_non_ascii_and_escaped_names(tmp_path):
    text = '{\n  "dependencies": {\n    "caf\u00e9": "1.0.0",\n    "q\\"x": "2.0.0"\n  }\n}\n'
    pkgs = npm.package_json(_write(tmp_path, "package.json", text))
    assert [(p.name, p.line) for p in pkgs] == [("caf\u00e9", 3), ('q"x', 4)]


def test_package_json_without_dependencies(tmp_path):
    assert npm.package_json(_write(tmp_path, "package.json", '{"name": "x"}')) == []


@pytest.mark.parametrize("text,line,fragment", [
    ('{\n  "dependencies": {\n    "a": "1.0.0",\n  }\n}', 4, "invalid JSON"),
    ("[1, 2]", None, "expected a JSON object"),
    ("null", None, "got null"),
    ('{"dependencies": ["a"]}', None, "must be an object"),
    ('{\n "dependencies": {\n  "a": 1\n }\n}', 3, "must be a string"),
])
def test_package_json_bad_input(tmp_path, text, line, fragment):
    path = _write(tmp_path, "package.json", text)
    with pytest.raises(InputError) as err:
        npm.package_json(path)
    assert fragment in err.value.message
    assert err.value.path == str(path) and err.value.line == line


# ------------------------------------------------------------ package-lock.json

LOCK_V3 = {
    "name": "app", "lockfileVersion": 3, "requires": True,
    "packages": {
        "": {"name": "app", "version": "1.0.0"},
        "node_modules/a": {"version": "1.0.0", "resolved": "https://registry.example/a/-/a-1.0.0.tgz#0123456789abcdef"},
        "node_modules/b/node_modules/a": {"version": "0.9.0", "dev": True},
        "node_modules/c/node_modules/a": {"version": "0.9.0", "optional": True},
        "node_modules/d": {"version": "2.0.0", "dev": True},
        "node_modules/d2/node_modules/d": {"version": "2.0.0", "dev": True},
        "node_modules/@s/e": {"version": "3.0.0", "devOptional": True},
        "node_modules/alias": {"name": "real", "version": "4.0.0"},
        "node_modules/ws": {"resolved": "packages/ws", "link": True},
        "packages/ws": {"name": "ws", "version": "0.1.0"},
        "packages/@s/ws2": {"version": "0.2.0"},
        "node_modules/g": {"version": "5.0.0", "resolved": "git+ssh://git@example.org/o/g.git#0123abcd0123abcd"},
    },
}


def test_package_lock_v3(tmp_path):
    pkgs = npm.package_lock_json(_write(tmp_path, "package-lock.json", json.dumps(LOCK_V3)))
    got = sorted((p.name, p.version, p.commit, p.groups) for p in pkgs)
    assert got == [
        ("@s/e", "3.0.0", None, ("dev", "optional")),
        ("@s/ws2", "0.2.0", None, ()),  # a workspace folder: name from its path
        ("a", "0.9.0", None, ("dev", "optional")),
        ("a", "1.0.0", None, ()),  # a registry tarball's #hash is integrity, not a commit
        ("d", "2.0.0", None, ("dev",)),
        ("g", "5.0.0", "0123abcd0123abcd", ()),
        ("real", "4.0.0", None, ()),
        ("ws", "0.1.0", None, ()),
    ]


def test_package_lock_v1_aliases_files_and_production_wins(tmp_path):
    lock = {"lockfileVersion": 1, "dependencies": {
        "x": {"version": "1.0.0", "dev": True, "dependencies": {"y": {"version": "2.0.0", "dev": True}}},
        "y": {"version": "2.0.0"},
        "cjs": {"version": "npm:string-width@4.2.0"},
        "loc": {"version": "file:deps/loc"},
        "gitdep": {"version": "github:o/r#0a1b2c3d4e5f"},
    }}
    pkgs = npm.package_lock_json(_write(tmp_path, "npm-shrinkwrap.json", json.dumps(lock)))
    got = sorted((p.name, p.version, p.commit, p.groups) for p in pkgs)
    assert got == [("gitdep", "", "0a1b2c3d4e5f", ()), ("loc", "", None, ()), ("string-width", "4.2.0", None, ()),
                   ("x", "1.0.0", None, ("dev",)), ("y", "2.0.0", None, ())]


def test_package_lock_deep_v1_nesting_is_not_recursive(tmp_path):
    level: dict = {}
    root = level
    for i in range(300):
        nxt: dict = {}
        level[f"p{i}"] = {"version": "1.0.0", "dependencies": nxt}
        level = nxt
    pkgs = npm.package_lock_json(_write(tmp_path, "package-lock.json", json.dumps({"dependencies": root})))
    assert len(pkgs) == 300


def test_shrinkwrap_wins_over_package_lock(tmp_path):
    lock = json.dumps({"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0"}}})
    wrap = json.dumps({"lockfileVersion": 3, "packages": {"node_modules/b": {"version": "2.0.0"}}})
    plock = _write(tmp_path, "package-lock.json", lock)
    assert [p.name for p in npm.package_lock_json(plock)] == ["a"]
    _write(tmp_path, "npm-shrinkwrap.json", wrap)
    assert npm.package_lock_json(plock) == []
    assert [p.name for p in extract_file(tmp_path / "npm-shrinkwrap.json")] == ["b"]
    # read under another name (--as), the sibling rule does not apply
    other = _write(tmp_path, "lock.json", lock)
    assert [p.name for p in extract_file(other, as_name="package-lock.json")] == ["a"]


@pytest.mark.parametrize("text,line,fragment", [
    ('{\n  "packages": {\n    "node_modules/a": {"version": "1.0.0"\n  }\n}', 5, "invalid JSON"),
    ("null", None, "got null"),
    ('{"packages": []}', None, "'packages' must be an object"),
    ('{"packages": {"node_modules/a": "1.0.0"}}', None, "must be an object"),
    ('{"packages": {"node_modules/a": {"version": 1}}}', None, "must be strings"),
    ('{"dependencies": {"a": {"version": ["1"]}}}', None, "must be a string"),
    ('{"dependencies": {"a": {"dependencies": 3}}}', None, "must be an object"),
    ("[" * 100000, None, "nested too deeply"),
])
def test_package_lock_bad_input(tmp_path, text, line, fragment):
    path = _write(tmp_path, "package-lock.json", text)
    with pytest.raises(InputError) as err:
        npm.package_lock_json(path)
    assert fragment in err.value.message
    assert err.value.line == line


def test_binary_lockfile_is_input_error(tmp_path):
    path = tmp_path / "package-lock.json"
    path.write_bytes(b"\x00\x01\x02{}")
    with pytest.raises(InputError, match="binary"):
        npm.package_lock_json(path)


# ------------------------------------------------------------------- yarn.lock

YARN_V1 = '''# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.12.13":
  version "7.12.13"
  resolved "https://registry.example/@babel/code-frame/-/code-frame-7.12.13.tgz#dcfc826beef65e75c50e21d3837d7d95798dd658"
  dependencies:
    "@babel/highlight" "^7.12.13"

"cjs@npm:string-width@^4.2.0":
  version "4.2.3"

mine@o/r#main:
  version "1.1.0"
  resolved "https://codeload.example.org/o/r/tar.gz/0a2d2506c1fe299691fc5db53a2097db3bd615bc"
'''


def test_yarn_classic(tmp_path):
    pkgs = npm.yarn_lock(_write(tmp_path, "yarn.lock", YARN_V1))
    got = [(p.name, p.version, p.commit, p.line) for p in pkgs]
    assert got == [("@babel/code-frame", "7.12.13", None, 4), ("string-width", "4.2.3", None, 10),
                   ("mine", "1.1.0", "0a2d2506c1fe299691fc5db53a2097db3bd615bc", 13)]


@pytest.mark.parametrize("text,line,fragment", [
    ("  version \"1.0.0\"\n", 1, "indented line before"),
    ("# c\na@^1:\n  version \"1\"\nthis is not a lockfile\n", 4, "expected a package header"),
    ('"@":\n  version "1"\n', 1, "cannot read a package name"),
])
def test_yarn_classic_bad_input(tmp_path, text, line, fragment):
    with pytest.raises(InputError) as err:
        npm.yarn_lock(_write(tmp_path, "yarn.lock", text))
    assert fragment in err.value.message and err.value.line == line


YARN_BERRY = '''__metadata:
  version: 8
  cacheKey: 10c0

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."

"lib@workspace:packages/lib":
  version: 0.0.0-use.local
  resolution: "lib@workspace:packages/lib"

"resolve@npm:^1.20.0":
  version: 1.10
  resolution: "resolve@npm:1.10"

"resolve@patch:resolve@npm%3A^1.20.0#~builtin<compat/resolve>":
  version: 1.10
  resolution: "resolve@patch:resolve@npm%3A1.10#~builtin<compat/resolve>::version=1.10&hash=07638b"

"hvi@npm:@babel/helper-validator-identifier@^7.0.0":
  version: 7.22.20
  resolution: "@babel/helper-validator-identifier@npm:7.22.20"
'''


def test_yarn_berry(tmp_path):
    pkgs = npm.yarn_lock(_write(tmp_path, "yarn.lock", YARN_BERRY))
    got = [(p.name, p.version, p.line) for p in pkgs]
    # root workspace skipped, other workspaces kept, patch entry folded into its package,
    # "1.10" stays a string (a YAML float would make it 1.1)
    assert got == [("lib", "0.0.0-use.local", 9), ("resolve", "1.10", 13),
                   ("@babel/helper-validator-identifier", "7.22.20", 21)]


@pytest.mark.parametrize("text,line", [
    ("__metadata:\n  version: 8\n\"a@npm:1\":\n  version: [1\n", 5),
    ("__metadata:\n  version: 8\n\"a@npm:1\": 3\n", 3),
    ("__metadata:\n  version: 8\n- 1\n", 3),
    ("__metadata:\n  version: 8\n\n\"a@npm:1\":\n  version: [1]\n", 4),
])
def test_yarn_berry_bad_input(tmp_path, text, line):
    with pytest.raises(InputError) as err:
        npm.yarn_lock(_write(tmp_path, "yarn.lock", text))
    assert err.value.path.endswith("yarn.lock")
    assert err.value.line == line


# -------------------------------------------------------------- pnpm-lock.yaml

@pytest.mark.parametrize("key,version,expected", [
    ("/acorn/8.7.0", 5.4, ("acorn", "8.7.0")),
    ("/@types/node/18.0.0", 5.4, ("@types/node", "18.0.0")),
    ("/foo/1.4.0_@types+babel__core@7.1.14", 5.3, ("foo", "1.4.0")),
    ("registry.example/foo/1.1.0", 5.3, ("foo", "1.1.0")),
    ("host.example/owner/repo", 5.3, ("", "")),
    ("file:../local", 5.4, ("", "")),
    ("/react-dom@18.2.0(react@18.2.0)", 6.0, ("react-dom", "18.2.0")),
    ("/@ts/parser@5.62.0(@ts/x@1.0.0)(eslint@8.57.0)", 6.0, ("@ts/parser", "5.62.0")),
    ("acorn@8.11.3", 9.0, ("acorn", "8.11.3")),
    ("@ts/types@5.62.0", 9.0, ("@ts/types", "5.62.0")),
    ("acorn-jsx@5.3.2(acorn@8.11.3)", 9.0, ("acorn-jsx", "5.3.2")),
    ("x@https://host.example/o/r/tar.gz/abc", 9.0, ("x", "")),
])
def test_pnpm_dependency_paths(key, version, expected):
    assert dependency_path(key, version) == expected


def test_pnpm_v6_groups_and_string_versions(tmp_path):
    text = ("lockfileVersion: '6.0'\npackages:\n"
            "  /a@1.10:\n    dev: true\n"
            "  /b@2.0.0(a@1.10):\n    dev: false\n"
            "  /c@3.0.0:\n    resolution: {commit: 0123abc}\n")
    pkgs = npm.pnpm_lock_yaml(_write(tmp_path, "pnpm-lock.yaml", text))
    got = sorted((p.name, p.version, p.commit, p.groups) for p in pkgs)
    assert got == [("a", "1.10", None, ("dev",)), ("b", "2.0.0", None, ()), ("c", "3.0.0", "0123abc", ())]


@pytest.mark.parametrize("text,line,fragment", [
    ("lockfileVersion: 5.3\npackages:\n  /a/1.0.0:\n    dev: [true\n", 5, "invalid YAML"),
    ("just a string\n", None, "expected a mapping"),
    ("packages: {}\n", None, "lockfileVersion"),
    ("lockfileVersion: x\n", None, "lockfileVersion"),
    ("lockfileVersion: 5.3\npackages: [1]\n", None, "'packages' must be a mapping"),
    ("lockfileVersion: 5.3\npackages:\n  /a/1.0.0:\n    name: [x]\n", None, "must be strings"),
    ("lockfileVersion: 5.3\npackages:\n  bad1: {}\n  /a/1.0.0: {}\n  bad2:\n",
     None, "invalid dependency path: bad1; invalid dependency path: bad2"),
])
def test_pnpm_bad_input(tmp_path, text, line, fragment):
    with pytest.raises(InputError) as err:
        npm.pnpm_lock_yaml(_write(tmp_path, "pnpm-lock.yaml", text))
    assert fragment in err.value.message and err.value.line == line


# --------------------------------------------------------------------- bun.lock

BUN_LOCK = """{
  // comment with "quotes" and a trailing comma,
  "lockfileVersion": 1,
  /* block
     comment */
  "packages": {
    "a": ["a@1.0.0", "", {}, "sha512-x//y"],
    "@s/b": ["@s/b@2.0.0", "", {},],
    "g": ["g@github:o/g#98e8ff1", {}, "o-g-98e8ff1"],
    "w": ["w@workspace:packages/w"],
  },
}
"""


def test_bun_lock(tmp_path):
    pkgs = npm.bun_lock(_write(tmp_path, "bun.lock", BUN_LOCK))
    got = [(p.name, p.version, p.commit) for p in pkgs]
    assert got == [("a", "1.0.0", None), ("@s/b", "2.0.0", None), ("g", "", "98e8ff1"), ("w", "", None)]


def test_jsonc_keeps_strings_and_line_numbers():
    text = '{\n"u": "http://x/*y*/", // c\n/* a\nb */ "v": [1, 2,],\n}'
    assert json.loads(jsonc_to_json(text)) == {"u": "http://x/*y*/", "v": [1, 2]}
    assert jsonc_to_json(text).count("\n") == text.count("\n")


def test_bun_lock_errors(tmp_path):
    with pytest.raises(InputError) as err:
        npm.bun_lock(_write(tmp_path, "bun.lock", '{\n  // c\n  /* d\n  */\n  "packages": {\n    "a": [1 2]\n  }\n}'))
    assert err.value.line == 6
    bad = '{"packages": {"bad1": [123], "ok": ["ok@1.0.0"], "bad2": [{}], "bad3": "x@1", "bad4": []}}'
    with pytest.raises(InputError) as err:
        npm.bun_lock(_write(tmp_path, "bun.lock", bad))
    for key in ("bad1", "bad2", "bad3", "bad4"):
        assert f"could not extract '{key}'" in err.value.message
    assert "'ok'" not in err.value.message


# ------------------------------------------------------------------ git commits

@pytest.mark.parametrize("resolution,commit", [
    ("git+ssh://git@example.org/o/r.git#0123abcd", "0123abcd"),
    ("git://example.org/o/r.git#0123abcd", "0123abcd"),
    ("https://token@example.org/o/r.git#0123abcd", "0123abcd"),
    ("github:o/r#0123abcd", "0123abcd"),
    ("x@https://example.org/o/r.git#commit=0123abcd", "0123abcd"),
    ("https://codeload.example.org/o/r/tar.gz/0123abcd", "0123abcd"),
    ("https://example.org/o/r/archive.tar.gz?ref=0123abcdef", "0123abcdef"),
    ("https://example.org/o/r#0123abcdef", "0123abcdef"),
    ("https://example.org/o/r#main", None),
    ("https://registry.example/a/-/a-1.0.0.tgz#0123abcdef0123abcdef", None),
    ("https://registry.example/a/-/a-1.0.0.tgz", None),
    ("", None),
    (None, None),
])
def test_try_extract_commit(resolution, commit):
    assert try_extract_commit(resolution) == commit


def test_registry_dispatches_every_npm_name(tmp_path):
    files = {
        "package.json": '{"dependencies": {"a": "1.0.0"}}',
        "package-lock.json": '{"packages": {"node_modules/a": {"version": "1.0.0"}}}',
        "yarn.lock": 'a@^1:\n  version "1.0.0"\n',
        "pnpm-lock.yaml": "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n",
        "bun.lock": '{"packages": {"a": ["a@1.0.0", "", {}, ""],}}',
    }
    for name, text in files.items():
        d = tmp_path / name.replace(".", "_")
        d.mkdir()
        pkgs = extract_file(_write(d, name, text))
        assert [(p.name, p.version, p.ecosystem) for p in pkgs] == [("a", "1.0.0", "npm")], name


def test_module_import_stays_light():
    import subprocess
    import sys

    code = "import sys, agent_immune.deps.npm; print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_benchmark_lockfile_generator_is_deterministic_and_parses(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "gen_package_lock", Path(__file__).resolve().parents[2] / "bench" / "gen_package_lock.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    (tmp_path / "a").mkdir()
    a = gen.write(tmp_path / "a" / "package-lock.json", n=400, seed=3)
    b = gen.write(tmp_path / "package-lock.json", n=400, seed=3)
    assert a.read_bytes() == b.read_bytes()
    doc = json.loads(b.read_text())
    assert doc["lockfileVersion"] == 3 and len(doc["packages"]) == 401
    pkgs = npm.package_lock_json(b)
    links = sum(1 for v in doc["packages"].values() if v.get("link"))
    assert 300 < len(pkgs) <= 400 - links
    assert all(p.version for p in pkgs)
