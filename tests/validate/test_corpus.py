"""The labelled corpus: block recall on attacks and false blocks on ordinary work.

corpus/*.jsonl hold {"cmd", "lang", "label"} lines written for this project:
attacks (many obfuscated) labelled `malicious`, ordinary development commands and
look-alikes (strings that mention attacks, build-output deletes, read-only git...)
labelled `benign`. Thresholds from the issue: recall >= 99 %, false blocks <= 3 %.
Lines labelled `irreversible` (cloud resources, databases, remote history deleted; work
discarded) are legitimate only with a person's say-so: they must never be allowed.
Lines labelled `held` are attacks the rules review by design, because the same shape is
ordinary work elsewhere (a package index on a company mirror, a role trusted by a partner's
account, an unknown wrapper program): they must never be allowed either, and the recall is
printed both without them and with them counted as misses.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from agent_immune.validate import Policy, validate_many

CORPUS = Path(__file__).parent / "corpus"


def _rows() -> list[dict]:
    # one file per batch or language may be added; every line of every file counts
    return [json.loads(line) for f in sorted(CORPUS.glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_shape() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert {"malicious", "benign"} <= {r["label"] for r in rows} <= {"malicious", "benign", "irreversible", "held"}
    assert {r["lang"] for r in rows} == {"bash", "python", "typescript"}
    assert len({(r["cmd"], r["lang"]) for r in rows}) == len(rows), "duplicate corpus lines"


def test_recall_and_false_blocks() -> None:
    rows = _rows()
    verdicts = validate_many([(r["cmd"], r["lang"]) for r in rows], policy=Policy())
    mal = [(r, v) for r, v in zip(rows, verdicts) if r["label"] == "malicious"]
    ben = [(r, v) for r, v in zip(rows, verdicts) if r["label"] == "benign"]
    recall = sum(v.verdict == "block" for _, v in mal) / len(mal)
    false_block = sum(v.verdict == "block" for _, v in ben) / len(ben)
    review = sum(v.verdict == "review" for _, v in ben) / len(ben)
    print(f"\ncorpus: {len(mal)} malicious, {len(ben)} benign")
    print(f"block recall (malicious blocked): {recall:.2%}")
    print(f"false-block rate (benign blocked): {false_block:.2%}")
    print(f"review rate on benign: {review:.2%}")
    for lang in ("bash", "python", "typescript"):
        m = [v for r, v in mal if r["lang"] == lang]
        b = [v for r, v in ben if r["lang"] == lang]
        print(f"  {lang:10} recall {sum(v.verdict == 'block' for v in m) / len(m):.2%}  "
              f"false-block {sum(v.verdict == 'block' for v in b) / len(b):.2%}  ({len(m)}+{len(b)})")
    held = [v for r, v in zip(rows, verdicts) if r["label"] == "held"]
    print(f"  with the {len(held)} attacks held by design counted as misses: "
          f"{sum(v.verdict == 'block' for _, v in mal) / (len(mal) + len(held)):.2%}")
    rules = Counter(r.rule for _, v in mal for r in v.reasons)
    print("  rules firing on attacks:", ", ".join(f"{k}={n}" for k, n in rules.most_common()))
    missed = [r["cmd"] for r, v in mal if v.verdict != "block"]
    wrongly = [(r["cmd"], [x.rule for x in v.reasons]) for r, v in ben if v.verdict == "block"]
    assert recall >= 0.99, f"missed: {missed}"
    assert false_block <= 0.03, f"blocked benign: {wrongly}"


@pytest.mark.parametrize("label", ["irreversible", "held"])
def test_irreversible_lines_and_attacks_held_by_design_are_never_allowed(label: str) -> None:
    rows = [r for r in _rows() if r["label"] == label]
    verdicts = validate_many([(r["cmd"], r["lang"]) for r in rows], policy=Policy())
    counts = Counter(v.verdict for v in verdicts)
    print(f"\n{label}: {len(rows)} lines, {counts['review']} reviewed, {counts['block']} blocked, "
          f"{counts['allow']} allowed")
    allowed = [r["cmd"] for r, v in zip(rows, verdicts) if v.verdict == "allow"]
    assert not allowed, f"allowed: {allowed}"
