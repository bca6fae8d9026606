"""Generate a realistic, deterministic lockfileVersion 3 package-lock.json for benchmarks.

    python bench/gen_package_lock.py -n 5000 -o /tmp/package-lock.json [--seed 0] [--osv-zip npm/all.zip]

Names and versions are real where we have them: the npm packages of the conformance
fixtures (tests/deps/testdata), a list of widely used packages, and, with --osv-zip,
the packages an OSV npm export names (at versions inside and outside their affected
ranges, so a scan of the result has findings). The rest are synthetic names. About one
entry in ten is a second copy of a name nested under another package, as real trees have;
a few are git dependencies and workspace links. Same arguments, same bytes.
"""
from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import zipfile
from pathlib import Path

TESTDATA = Path(__file__).resolve().parent.parent / "tests" / "deps" / "testdata"
NPM_FIXTURE_FOLDERS = ("packagelockjson", "yarnlock", "pnpmlock", "bunlock")
# The registry is not named: benchmarks never fetch, and the URL shape is what matters.
REGISTRY = "https://registry.invalid/"

POPULAR = (
    "react", "react-dom", "lodash", "express", "chalk", "commander", "debug", "axios", "moment", "uuid",
    "semver", "glob", "minimist", "yargs", "tslib", "typescript", "webpack", "eslint", "prettier", "jest",
    "mocha", "rxjs", "vue", "@babel/core", "@babel/runtime", "@types/node", "@types/react", "core-js",
    "body-parser", "cookie", "qs", "mime", "ms", "ws", "inherits", "safe-buffer", "readable-stream",
    "string_decoder", "once", "wrappy", "graceful-fs", "mkdirp", "rimraf", "fs-extra", "async", "bluebird",
    "classnames", "prop-types", "redux", "react-redux", "dotenv", "cross-env", "nodemon", "postcss",
    "autoprefixer", "sass", "@vue/compiler-sfc", "@angular/core", "zone.js", "node-fetch", "follow-redirects",
    "minimatch", "brace-expansion", "balanced-match", "concat-map", "path-is-absolute", "inflight",
    "supports-color", "has-flag", "ansi-styles", "color-convert", "color-name", "escape-string-regexp",
    "js-tokens", "loose-envify", "object-assign", "scheduler", "picocolors", "nanoid", "source-map",
    "acorn", "esbuild", "rollup", "vite", "@rollup/rollup-linux-x64-gnu", "fsevents", "undici",
)
WORDS = (
    "alpha", "async", "buffer", "cache", "cli", "color", "config", "core", "data", "date", "deep", "diff",
    "dom", "event", "fast", "file", "flat", "format", "graph", "hash", "http", "json", "lazy", "lite", "log",
    "map", "merge", "mini", "node", "object", "parse", "path", "plugin", "query", "queue", "react", "safe",
    "schema", "semver", "shim", "stream", "string", "sync", "template", "tiny", "type", "url", "utils",
    "valid", "watch", "web", "yaml", "zip",
)


def _fixture_packages() -> list[tuple[str, str]]:
    out = []
    for folder in NPM_FIXTURE_FOLDERS:
        spec_file = TESTDATA / folder / "expected.json"
        if not spec_file.is_file():
            continue
        for fixture in json.loads(spec_file.read_text())["fixtures"].values():
            out += [(p["name"], p["version"]) for p in fixture["packages"] if p.get("version", "")[:1].isdigit()]
    return out


def _osv_packages(osv_zip: Path) -> list[tuple[str, str]]:
    """(name, version) pairs at the edges of each npm record's affected ranges."""
    out = []
    with zipfile.ZipFile(osv_zip) as z:
        for member in sorted(z.namelist()):
            record = json.loads(z.read(member))
            for affected in record.get("affected", []):
                pkg = affected.get("package", {})
                if pkg.get("ecosystem") != "npm":
                    continue
                versions = list(affected.get("versions", []))
                for rng in affected.get("ranges", []):
                    for event in rng.get("events", []):
                        versions += [v for k, v in event.items() if k in ("introduced", "fixed", "last_affected")]
                out += [(pkg["name"], v) for v in versions if v[:1].isdigit()]
    return out


def _version(rng: random.Random) -> str:
    v = f"{rng.choice((0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 7, 10, 12))}.{rng.randrange(30)}.{rng.randrange(20)}"
    if rng.random() < 0.03:
        v += f"-{rng.choice(('alpha', 'beta', 'rc', 'next'))}.{rng.randrange(10)}"
    return v


def _synthetic_name(rng: random.Random, i: int) -> str:
    base = "-".join(rng.sample(WORDS, rng.choice((1, 2, 2, 3))))
    if rng.random() < 0.15:
        return f"@{rng.choice(WORDS)}/{base}-{i}"
    return f"{base}-{i}"


def _integrity(rng: random.Random) -> str:
    return "sha512-" + base64.b64encode(rng.randbytes(64)).decode()


def generate(n: int = 5000, seed: int = 0, osv_zip: Path | None = None) -> dict:
    """A package-lock.json document (lockfileVersion 3) with n entries besides the root."""
    rng = random.Random(seed)
    real: dict[str, list[str]] = {}
    sources = _fixture_packages() + (_osv_packages(osv_zip) if osv_zip else [])
    for name, version in sources:
        real.setdefault(name, [])
        if version not in real[name]:
            real[name].append(version)
    for name in POPULAR:
        real.setdefault(name, [_version(rng)])

    # About 90% distinct names, the rest second copies nested under another package.
    distinct = max(1, n - n // 10)
    names = sorted(real)
    rng.shuffle(names)
    names = names[:distinct]
    i = 0
    while len(names) < distinct:
        names.append(_synthetic_name(rng, i))
        i += 1

    def pick_version(name: str) -> str:
        return rng.choice(real[name]) if name in real else _version(rng)

    entries: list[tuple[str, dict]] = []
    for name in names:
        entries.append((f"node_modules/{name}", {"version": pick_version(name)}))
    while len(entries) < n:
        name = rng.choice(names)
        parent = rng.choice(names)
        if parent == name:
            continue
        path = f"node_modules/{parent}/node_modules/{name}"
        entries.append((path, {"version": pick_version(name) if name in real else _version(rng)}))

    packages: dict[str, dict] = {}
    top_level: dict[str, str] = {}
    dev_top_level: dict[str, str] = {}
    for index, (path, info) in enumerate(entries):
        name = path.rsplit("node_modules/", 1)[1]
        base = name.rsplit("/", 1)[-1]
        roll = rng.random()
        if roll < 0.004:
            sha = rng.randbytes(20).hex()
            info["resolved"] = f"git+ssh://git@git.invalid/{base}/{base}.git#{sha}"
        elif roll < 0.006 and "/node_modules/" not in path[13:]:
            # a workspace: the link under node_modules and the folder it points at
            packages[path] = {"resolved": f"packages/{base}", "link": True}
            path = f"packages/{base}"
            info = {"name": name, "version": info["version"]}
        else:
            info["resolved"] = f"{REGISTRY}{name}/-/{base}-{info['version']}.tgz"
            info["integrity"] = _integrity(rng)
        if rng.random() < 0.3:
            info["dev"] = True
        elif rng.random() < 0.03:
            info["optional"] = True
        deps = rng.sample(names, min(len(names), rng.choice((0, 0, 1, 2, 3, 5))))
        if deps:
            info["dependencies"] = {d: f"^{pick_version(d)}" for d in deps if d != name}
        info["license"] = rng.choice(("MIT", "MIT", "ISC", "Apache-2.0", "BSD-3-Clause"))
        if rng.random() < 0.2:
            info["engines"] = {"node": f">={rng.choice((8, 10, 12, 14, 16, 18))}"}
        packages[path] = info
        if path.count("node_modules/") == 1 and index % 7 == 0:
            (dev_top_level if info.get("dev") else top_level)[name] = f"^{info['version']}"

    # A workspace adds two entries (link + folder): drop nested copies from the end to keep n.
    for extra in [k for k in reversed(packages) if "/node_modules/" in k][: max(0, len(packages) - n)]:
        del packages[extra]

    root = {"name": "bench-app", "version": "1.0.0", "license": "UNLICENSED",
            "dependencies": top_level, "devDependencies": dev_top_level}
    return {"name": "bench-app", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
            "packages": {"": root, **packages}}


def write(path: Path, n: int = 5000, seed: int = 0, osv_zip: Path | None = None) -> Path:
    path.write_text(json.dumps(generate(n, seed, osv_zip), indent=2) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="number of package entries (default 5000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--osv-zip", type=Path, help="an OSV npm all.zip: use its package names and versions")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("-n must be at least 1")
    if args.output:
        write(args.output, args.n, args.seed, args.osv_zip)
    else:
        json.dump(generate(args.n, args.seed, args.osv_zip), sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
