"""Benchmark: every pattern of the rules on long runs of one piece.

test_regex_backtracking.py finds the patterns that backtrack in cubic or exponential time without running them. A
quadratic scan is not found that way: `(?m)^\\s*X` over a run of blank lines (each line start consumes all the blank
lines after it), `[\\w.-]+@` over a long word (tried from each of its characters, each try reading to its end).
Nor is a scan that starts at one of the pattern's words and reads on (`(?:^|/)nginx/(?:[^/]+/)*[^/]+\\.conf$` over
`nginx/nginx/…`, `\\bcurl\\b[^\\n]*?\\|\\s*sh` over `curl curl …`). Here each pattern (module-level and in tables, as
the test collects them) searches SIZE characters made of one piece repeated: the generic pieces below, and each of
the pattern's own words (up to WORDS of them) followed by `/`, a space or `-`. A linear pattern takes well under a
millisecond per piece; target: none over LIMIT_MS (exit status 1 otherwise, with the pattern and the piece).
Arguments, if any, keep the patterns whose name holds one of them (`bench_patterns.py bash/sed source_patch`).
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "validate"))

from test_regex_backtracking import _ALL  # noqa: E402

SIZE = 20_000
LIMIT_MS = 50.0
PIECES = [" ", "a", "a.", "a@", "a-", "a_", "a:", "a/", "a,", "0.", "\n", "-", "=", "'", '"', "/", "\\", "x=",
          "${", "$(", "--a ", "<a ", "<script ", "https://"]
_LEADING = re.compile(r"(?:\(\?[a-zA-Z]+\))?\^?(?:\\b)?([A-Za-z_<>./-]{3,})")
_WORD = re.compile(r"(?<![\\\w])([A-Za-z_][\w-]{2,})")  # a literal word of a pattern (not an escape's letter)
WORDS = 40


def pieces(pattern: str) -> list[str]:
    lead = _LEADING.match(pattern)
    words = list(dict.fromkeys(_WORD.findall(pattern)))[:WORDS]
    return PIECES + ([lead.group(1), lead.group(1) + " "] if lead else []) + [
        w + end for w in words for end in ("/", " ", "-")]


def _search_ms(rx: re.Pattern, subject) -> float:
    started = time.perf_counter()
    for _ in rx.finditer(subject):
        pass
    return (time.perf_counter() - started) * 1000


def main(only: list[str]) -> int:
    slow, worst, count = [], (0.0, "", ""), 0
    started = time.perf_counter()
    chosen = [(name, rx) for name, rx in _ALL if not only or any(o in name for o in only)]
    for name, rx in chosen:
        text_pattern = rx.pattern if isinstance(rx.pattern, str) else rx.pattern.decode("latin-1")
        for piece in pieces(text_pattern):
            text = piece * (SIZE // len(piece)) + "!"
            subject = text if isinstance(rx.pattern, str) else text.encode("latin-1", "replace")
            took = _search_ms(rx, subject)
            if took > LIMIT_MS:  # (measured again: a collection or another process's burst can stall one search)
                took = min(took, _search_ms(rx, subject), _search_ms(rx, subject))
            count += 1
            worst = max(worst, (took, name, piece))
            if took > LIMIT_MS:
                slow.append(f"  {name}: {piece!r} * n: {took:.0f} ms")
    print(f"patterns: {len(chosen)} patterns x their pieces = {count} searches of {SIZE // 1000} kB in "
          f"{time.perf_counter() - started:.1f} s; worst {worst[0]:.1f} ms ({worst[1]} on {worst[2]!r} * n), "
          f"limit {LIMIT_MS:.0f} ms")
    if slow:
        print(f"over the limit ({len(slow)}):\n" + "\n".join(slow))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
