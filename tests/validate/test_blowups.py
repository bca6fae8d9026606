"""Inputs that once took exponential time in the rules (found by fuzzing and by probing deep
chains of each construct) are judged in bounded time.

They run together in a child process with a generous limit: before the fixes, each of them
alone would have run for hours, so the limit only catches a blow-up, never a slow machine.
"""
from __future__ import annotations

import json
import subprocess
import sys

# (text, language): chains whose resolution asked for the same sub-expression twice per level
BLOWUPS = [
    ('f("1"' + "``" * 200 + ")", "typescript"),  # tagged templates: nested calls
    ("exec" + ".bind()" * 200, "typescript"),
    ("f" + "(a)" * 200, "python"),  # operator.attrgetter(...)(x) look-up on every call of a call
    ("f" + "(a).b(a)" * 60, "python"),
    ("x = f" + "(a)" * 100 + "\nos.system(x)", "python"),
    # brace lists multiply: 2^40 words if expanded whole
    ("cat ~/" + "{a,b}" * 40, "bash"),
    ("cat ~/{" + ",".join(f"x{i}" for i in range(300)) + ",.ssh}/id_rsa" + "{,}" * 20, "bash"),
    # a variable doubled 40 times would be a 1 TiB value: past a cap it counts as unknown
    ("x=a; " + "; ".join(["x=$x$x"] * 40) + "; cat $x", "bash"),
    ("x=a; " + "; ".join(["x=$x$x"] * 40) + "; $x", "bash"),
    # the same doubling through Python and TypeScript constants
    ("s0 = 'a'\n" + "\n".join(f"s{i} = s{i-1} + s{i-1}" for i in range(1, 40)) + "\nimport os\nos.system(s39)", "python"),
    ("s0 = 'a'\n" + "\n".join(f"s{i} = f'{{s{i-1}}}{{s{i-1}}}'" for i in range(1, 40)) + "\nprint(s39)", "python"),
    ("const s0 = 'a';\n" + "\n".join(f"const s{i} = s{i-1} + s{i-1};" for i in range(1, 40)) +
     "\nrequire('child_process').exec(s39);", "typescript"),
    # each `q` (a coding agent, read as a wrapper of what follows it) hands the rest of the line on as a
    # command, whose judgement finds the next `q`: up to 8 tails per level, 8 levels deep, until one
    # bound was put on the strings judged per input (fuzzing found it: a second for 150 bytes)
    ("zz " + "q x " * 30 + "q r", "bash"),
    ("zz " + "q -i zq " * 10 + "q r", "bash"),
]

_CHILD = """
import json, sys
from agent_immune.validate import Policy, _judge
out = [_judge(text, lang, Policy()).verdict for text, lang in json.load(sys.stdin)]
print(json.dumps(out))
"""


def test_deep_chains_are_judged_in_bounded_time() -> None:
    proc = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(BLOWUPS), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    verdicts = json.loads(proc.stdout)
    assert verdicts[:4] == ["allow"] * 4
    assert verdicts[4] == "block"  # os.system of a computed string
    assert verdicts[5:7] == ["allow", "block"]  # past the first words, each alternative is still read
    assert verdicts[7:9] == ["allow", "block"]  # an unknown value as the command name is blocked
    assert verdicts[9:12] == ["block", "allow", "block"]  # too long to track: a computed command line
    assert verdicts[12:] == ["review", "review"]  # the strings past the bound are held, not waved through
