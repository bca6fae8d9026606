"""How much of what the rules let through would a project allow list hold?

    .venv/bin/python bench/allowlist_fresh.py SRC [BATCH ...]

Learns an allow list (`--suggest-allow`) from the ordinary lines of this checkout's
`commands.jsonl`, then judges each batch file of this checkout's corpus (default: every
`batch-*.jsonl`) with the validator in SRC, a `src/` directory: once with the default policy
and once with `unlisted = "review"` and the learnt list. SRC is usually a worktree of the
commit before a red-team round's fixes (`git worktree add /tmp/pre <commit>`), so the batch
is seen as it was when written: fresh shapes the rules did not know.

Prints, per batch: attacks the rules let through and how many of those the list held;
ordinary lines the rules allowed and how many of those the list held (the price).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests/validate/corpus"


def _rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    from agent_immune.validate import Policy, validate
    from agent_immune.validate.allowlist import suggest

    learn = [(r["cmd"], r["lang"]) for r in _rows(CORPUS / "commands.jsonl") if r["label"] == "benign"]
    found = suggest(learn, Policy())
    strict = Policy.build(allow=[p for p, _ in found.patterns], unlisted="review")
    print(f"allow list: {len(found.patterns)} patterns learnt from {found.used} ordinary lines of commands.jsonl")
    batches = [Path(b) for b in sys.argv[2:]] or sorted(CORPUS.glob("batch-*.jsonl"))
    print(f"{'batch':40} {'attacks':>7} {'through':>7} {'held':>5} | {'ordinary':>8} {'allowed':>7} {'held':>5}")
    for path in batches:
        rows = _rows(path)
        bad = [r for r in rows if r["label"] == "malicious"]
        good = [r for r in rows if r["label"] == "benign"]
        through = [r for r in bad if validate(r["cmd"], r["lang"], policy=Policy()).verdict == "allow"]
        held = [r for r in through if validate(r["cmd"], r["lang"], policy=strict).verdict != "allow"]
        allowed = [r for r in good if validate(r["cmd"], r["lang"], policy=Policy()).verdict == "allow"]
        price = [r for r in allowed if validate(r["cmd"], r["lang"], policy=strict).verdict != "allow"]
        print(f"{path.name:40} {len(bad):7} {len(through):7} {len(held):5} | {len(good):8} {len(allowed):7} "
              f"{len(price):5}")


if __name__ == "__main__":
    main()
