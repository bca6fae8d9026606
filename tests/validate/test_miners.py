"""miners.py: cryptocurrency miners, by a mining pool's address (any language) or a miner's name."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked
from .test_fastpath_equivalence import assert_same


@pytest.mark.parametrize("code,lang", [
    ("xmrig -o pool.example:3333 -u w --background", "bash"),
    ("nohup ./x -o STRATUM+TCP://203.0.113.9:3333 -u w >/dev/null 2>&1 &", "bash"),
    ("./.cache/node-gyp -o stratum2+tcp://203.0.113.9:3333", "bash"),
    ("sudo cpuminer -a sha256d -o http://203.0.113.9:8332", "bash"),
    ("import subprocess\nsubprocess.Popen(['./m', '-o', 'stratum+ssl://203.0.113.9:443', '-u', 'w'])", "python"),
    ('import { spawn } from "child_process";\nspawn("/tmp/.x", ["-o", "stratum+tcp://203.0.113.9:3333"], '
     '{ detached: true, stdio: "ignore" }).unref();', "typescript"),
])
def test_miners_are_blocked(code: str, lang: str) -> None:
    assert_blocked(code, "resource-exhaustion", lang)
    if lang == "bash":
        assert_same(code)


@pytest.mark.parametrize("code,lang", [
    ("echo 'the pool protocol is stratum over tcp'", "bash"),
    ("grep -rn stratum docs/", "bash"),
    ("pip install 'requests>=2' && curl -sS 'https://example.com/q?a=b+c'", "bash"),
    ("g++ -O2 -o miner_sim sim.cpp && ./miner_sim --blocks 10", "bash"),
    ("print('stratum is the protocol mining pools speak')", "python"),
])
def test_look_alikes_stay_allowed(code: str, lang: str) -> None:
    assert_allowed(code, lang)
    if lang == "bash":
        assert_same(code)
