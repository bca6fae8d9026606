"""A verdict is a pure function of (text, language, policy): it must not change with the
interpreter's string-hash seed, which decides the order sets iterate in. (It did: after
`from json import *` and `from pickle import *`, `loads(data)` was read as whichever module
the set listed first, and allowed under some seeds.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_CORPUS = Path(__file__).parent / "corpus"
_STAR = [
    "from json import *\nfrom pickle import *\nloads(data)",
    "from pickle import *\nfrom json import *\nloads(data)",
    "from shutil import *\nfrom subprocess import *\nrun(cmd, shell=True)",
    "from subprocess import *\nfrom shutil import *\nrun(cmd, shell=True)",
    "from os import *\nfrom json import *\nsystem(cmd)",
]
_SCRIPT = """
import json, sys
from agent_immune.validate import Policy, _judge
rows = json.load(sys.stdin)
out = [_judge(r["cmd"], r["lang"], Policy()).to_json() for r in rows]
print(json.dumps(out))
"""


def _verdicts(rows: list[dict], seed: str) -> list:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-c", _SCRIPT], input=json.dumps(rows), capture_output=True, text=True,
                          env=env, check=True)
    return json.loads(done.stdout)


def test_verdicts_do_not_depend_on_the_hash_seed() -> None:
    rows = [json.loads(x) for f in sorted(_CORPUS.glob("*.jsonl"))
            for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows += [{"cmd": c, "lang": "python"} for c in _STAR]
    first = _verdicts(rows, "1")
    for seed in ("2", "3"):
        assert _verdicts(rows, seed) == first
    star = first[-len(_STAR):]
    assert all(v["verdict"] != "allow" for v in star), star


def test_the_reported_misreading_is_the_same_on_every_parse() -> None:
    # tree-sitter's captures come back in an order that can differ from one parse of the same
    # text to the next (found by differential fuzzing); the node reported must not
    from agent_immune.validate.bash.misread import reread
    from agent_immune.validate.parse import parse

    # a backslash inside a substitution: no $(...) rewrite reads it (misread.dollar_form), so it stays unreadable
    data = b"echo `echo a`\n\necho ` x` `echo b`\n\necho ` y` `echo c`\n\necho ` z` `echo d`\n\necho ` \\w`\n" * 2
    found = set()
    for _ in range(30):
        _, _, odd = reread(data, parse(data, "bash"))
        assert odd is not None
        found.add((odd.start_byte, odd.end_byte))
    assert len(found) == 1, found
