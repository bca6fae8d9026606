"""Instruction counts for validation vs bare parsing, which machine load does not disturb.

Run under callgrind twice per mode, with K=1 and K=3 rounds, and take half the difference
(so interpreter start-up and imports cancel out):

    for k in 1 3; do valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python bench/cg_validate.py SRC validate ordinary $k 2>&1 | grep Collected; done

SRC is a `src/` directory (this checkout's, or an older commit's worktree, to compare two
versions); MODE `parse` or `validate`; SET `ordinary` (benign corpus lines) or `mix` (all
bash corpus lines). 1,000 distinct commands per round, each corpus line with a distinct
trailing comment line, as in bench_validate.py.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    src, mode, which, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    sys.path.insert(0, src)
    from agent_immune.validate import Policy, _judge
    from agent_immune.validate.parse import parse

    rows = [json.loads(x) for x in (ROOT / "tests/validate/corpus/commands.jsonl").read_text().splitlines()
            if x.strip()]
    lines = [r["cmd"] for r in rows if r["lang"] == "bash" and (which == "mix" or r["label"] == "benign")]
    items = [f"{lines[i % len(lines)]}\n# run {i}" for i in range(1000)]
    policy = Policy()
    _judge("ls", "bash", policy)  # grammars, parsers, queries and rule tables built before the rounds
    parse(b"ls", "bash")
    for _ in range(k):
        if mode == "parse":
            for c in items:
                parse(c.encode(), "bash")
        else:
            for c in items:
                _judge(c, "bash", policy)


if __name__ == "__main__":
    main()
