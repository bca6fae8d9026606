"""Inline code reaches the Python/TypeScript rules through every spelling of an interpreter's
inline-code option: options with values before `-c`, long options, `deno eval`, the REPL
modules that read stdin, ipython, ts-node and tsx (also behind npx). Found by running the
red-team snippets through bash; `node --eval` and `bun --eval` were also let through by the
plain-command shortcut, so each form is checked with the shortcut on and off."""
from __future__ import annotations

import pytest

from agent_immune.validate import Policy, _judge

from .test_fastpath_equivalence import assert_same

PY = "import os; os.system(c)"
JS = 'require("child_process").exec(c)'

ATTACKS = [
    f"python3 -X dev -c '{PY}'", f"python3 -W ignore -c '{PY}'", f"python3 -q -X importtime -c '{PY}'",
    f"python3 -m asyncio <<< '{PY}'", f"echo '{PY}' | python3 -m code", f"python3 -masyncio <<< '{PY}'",
    f"ipython -c '{PY}'", f"ipython3 -c '{PY}'",
    f"deno eval '{JS}'", f"deno eval --quiet '{JS}'", f"bun --eval '{JS}'", f"bun --print '{JS}'",
    f"node --eval '{JS}'", f"node --eval='{JS}'", f"node --print '{JS}'",
    f"ts-node -e '{JS}'", f"tsx -e '{JS}'", f"tsx --eval '{JS}'", f"npx tsx -e '{JS}'", f"npx ts-node -e '{JS}'",
]
ORDINARY = [
    "python3 -c 'print(1)'", 'python3 -X dev -c "print(1)"', "python3 -m asyncio", "ipython",
    'deno eval "console.log(1)"', "tsx watch src/index.ts", "ts-node src/app.ts", "npx tsx scripts/build.ts",
    'node --eval "console.log(process.version)"', "python3 -m http.server 8000", "python -m pytest -q",
    "python3 -W error -m pytest", "bun run build", "deno run --allow-read main.ts",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_inline_code_is_judged(text: str) -> None:
    v = _judge(text, "bash", Policy())
    assert v.verdict == "block", text
    assert {r.rule for r in v.reasons} & {"py-shell-exec", "js-shell-exec"}
    assert_same(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_forms_stay_allowed(text: str) -> None:
    assert _judge(text, "bash", Policy()).verdict == "allow", text
    assert_same(text)


# Code that starts an interpreter from an argv list reads the same option table as the bash
# rules (bash/commands.INLINE_FLAGS); before they shared it, each of these was allowed.
ARGV_ATTACKS = [
    ('import subprocess\nsubprocess.run(["ts-node", "-e", code])', "python"),
    ('import subprocess\nsubprocess.run(["tsx", "--eval", code])', "python"),
    ('import subprocess\nsubprocess.run(["julia", "-e", code])', "python"),
    ('import subprocess\nsubprocess.run(["nodejs", "--print", code])', "python"),
    ('import subprocess\nsubprocess.run(["ipython", "-c", code])', "python"),
    ('import subprocess\nsubprocess.run(["/usr/bin/python3.12", "-c", code])', "python"),
    ('const cp = require("child_process"); cp.spawn("Rscript", ["-e", code])', "typescript"),
    ('const cp = require("child_process"); cp.execFile("ts-node", ["-p", code])', "typescript"),
]


@pytest.mark.parametrize("text, lang", ARGV_ATTACKS)
def test_computed_code_given_to_any_interpreter_in_an_argv_is_blocked(text: str, lang: str) -> None:
    assert _judge(text, lang, Policy()).verdict == "block", text


@pytest.mark.parametrize("text, lang", [
    ('import subprocess\nsubprocess.run(["ts-node", "-e", "console.log(1)"])', "python"),
    ('import subprocess\nsubprocess.run(["julia", "script.jl"])', "python"),
    ("deno run main.ts eval x", "bash"),
])
def test_literal_code_and_scripts_stay_allowed(text: str, lang: str) -> None:
    assert _judge(text, lang, Policy()).verdict == "allow", text
