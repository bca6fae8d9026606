"""Suggest a project command allow list from commands an agent actually ran.

`[mouth] unlisted = "review"` makes every command that matches no allow pattern wait for
a person. Writing that list by hand from nothing is where such a mode gets abandoned, so
`suggest()` reads a history of inputs (the JSONL an agent's commands were logged as, or a
script) and proposes patterns that cover the commands in them.

Only inputs the rules and the current policy allow contribute: a pattern learnt from a
blocked or reviewed input would approve exactly what the rules stopped (an allow pattern
also lifts reviews). Patterns are kept narrow: the program as written, plus its
subcommand for tools that have them (`git commit *`, not `git *`), plus the script or
module for interpreters (`python3 manage.py *`, not `python3 *`); wrappers get their own
pattern (`timeout *`), since both the wrapper and what it runs must be listed. A call of a
function the input defines gets none: the policy holds its body's commands to the list.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .policy import has_subcommands, head_length
from .verdict import ALLOW

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+@-]*")
_GLOB_SPECIAL = re.compile(r"([*?\[])")


@dataclass(frozen=True)
class Suggestion:
    """Allow patterns with how many commands each covers, and what was read."""

    patterns: tuple[tuple[str, int], ...]  # (glob pattern, commands covered), most used first
    inputs: int  # inputs read
    used: int  # inputs the rules and policy allowed, whose commands were learnt
    skipped: int  # inputs blocked or reviewed by a rule (or unjudgeable): nothing learnt

    def to_json(self) -> dict:
        return {"allow": [p for p, _ in self.patterns], "covers": dict(self.patterns), "inputs": self.inputs,
                "used": self.used, "skipped": self.skipped}

    def to_toml(self) -> str:
        lines = [f"# {self.inputs} inputs read: {self.used} allowed by the rules and learnt from, "
                 f"{self.skipped} skipped (blocked or reviewed by a rule)",
                 "# read it before use: each pattern lists every command it matches",
                 "[mouth]", 'unlisted = "review"', "allow = ["]
        width = max((len(_toml_str(p)) for p, _ in self.patterns), default=0)
        for p, n in self.patterns:
            lines.append(f"    {_toml_str(p) + ',':<{width + 1}}  # {n} command{'s' if n != 1 else ''}")
        lines.append("]")
        return "\n".join(lines) + "\n"


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _glob_literal(text: str) -> str:
    """`text` as a glob that matches only itself (blanks at its ends in brackets: a pattern is
    read stripped, and `sh -c 'make test\\n'` from `tmux send-keys` ends in one)."""
    glob = _GLOB_SPECIAL.sub(r"[\1]", text)
    core = glob.strip()
    if core == glob or not core:
        return glob
    lead, trail = glob[:len(glob) - len(glob.lstrip())], glob[len(glob.rstrip()):]
    return "".join(f"[{c}]" for c in lead) + core + "".join(f"[{c}]" for c in trail)


def _key(words: list[str], values: list[str | None]) -> tuple[str, int]:
    """(the narrow prefix a pattern lists: the program, then its subcommand, script or module;
    how many words it takes)."""
    source = values[0] in ("source", ".")  # listed with its script: `source venv/bin/activate`, not `source *`
    n = head_length(values, interpreter=source)
    if n == 2 and not source and has_subcommands(values[0]) and len(values) > 1 and (
            values[1] is None or not _PLAIN.fullmatch(values[1])):
        # options before the subcommand (`git -c core.pager=cat log`): `git *` would list every
        # git command, so the command itself is the pattern
        n = len(words)
    head = words[:n]
    return " ".join(_glob_literal(h) for h in head), len(head)


def _candidates(cmd, data: bytes) -> list[tuple[str, bool]]:
    """(key, has more words after it) for a resolved command: its wrappers, then what runs."""
    out = []
    heads = [w for _, w in cmd.wrappers] + cmd.words[:1]
    for i, (_, w) in enumerate(cmd.wrappers):
        # a wrapper's key is made like a command's from its words as written up to what it runs:
        # `npm exec prettier` gives `npm exec *`, never `npm *` (which lists `npm publish`)
        start, end = w.node.start_byte, heads[i + 1].node.start_byte if i + 1 < len(heads) else w.node.end_byte
        own = data[start:end].decode("utf-8", "replace").split() if end > start else []
        key = _key(own, own)[0] if own and own[0] == w.text else _glob_literal(w.text)
        out.append((key, True))  # a wrapper always has a command after it
    words = [w.text for w in cmd.words]
    values = [w.value for w in cmd.words]
    if not words:
        return out
    key, taken = _key(words, values)
    out.append((key, taken < len(words)))
    return out


def suggest(items: Iterable[tuple[str, str]], policy) -> Suggestion:
    """Allow patterns covering the commands of the `(source, lang)` items the rules allow."""
    from .engine import Context
    from .parse import Doc, ParseTimeout, source_bytes
    from .policy import compile_pattern, dequoted

    covers: Counter[str] = Counter()
    inputs = used = 0
    for text, lang in items:
        inputs += 1
        ctx = Context(shortcut=False)
        try:
            written, data = source_bytes(text, lang)
            ctx.analyze(Doc(data, written=written), lang)
        except (RecursionError, ParseTimeout):
            continue
        texts = ctx.command_texts()
        if any(r.verdict != ALLOW and r.rule != "policy-unlisted" for r in policy.apply(ctx.reasons, texts, text)):
            continue
        used += 1
        for (doc, cmd), c in zip(ctx.commands, texts):
            if c.local and c.run == c.named:
                continue  # a function this input defined (its body's commands are listed one by one), `"$@"` in it
            candidates = _candidates(cmd, doc.data)[1 if c.local and cmd.wrappers else 0:]
            keys = [(k + " *" if more else k) for k, more in candidates]
            pats = [compile_pattern(k) for k in keys]
            # the policy matches the command as written and as it runs; quotes and escapes make
            # those differ from the words the keys were built from, so whichever form no key
            # matches is listed as it stands
            for forms in (((c.run,),) if c.local else ((c.named, dequoted(c.named)), (c.run,))):
                if forms[0] and not any(p.matches(f) for p in pats for f in forms):
                    keys.append(_glob_literal(forms[0]))
                    pats.append(compile_pattern(keys[-1]))
            covers.update(dict.fromkeys(keys, 1))
    ordered = sorted(covers.items(), key=lambda kv: (-kv[1], kv[0]))
    return Suggestion(tuple(ordered), inputs, used, inputs - used)
