"""`agent-immune validate`: judge a command, a script, or a JSONL batch.

    agent-immune validate [--lang L] [--format json|text] COMMAND
    agent-immune validate [--lang L] --file SCRIPT        (`-` reads stdin)
    agent-immune validate [--lang L] --jsonl FILE         (`-` reads stdin)
    agent-immune validate --suggest-allow --jsonl FILE    a [mouth] allow list for these commands

Exit status: 0 when everything is allowed, 1 when anything is `review` or `block`,
2 for bad input (the message names the file and line). With --suggest-allow: 0.
"""
from __future__ import annotations

import argparse
import sys

from .common import add_format

HELP = "judge a generated shell command or Python/TypeScript snippet"
LANG_CHOICES = ("bash", "python", "typescript", "sh", "py", "ts", "js", "javascript")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("command", nargs="?", help="the command or snippet to judge")
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--file", metavar="SCRIPT", help="judge the whole file (`-` for stdin)")
    src.add_argument("--jsonl", metavar="FILE",
                     help='one {"cmd": ..., "lang": ...} object per line in, one verdict per line out (`-` for stdin)')
    parser.add_argument("--lang", choices=LANG_CHOICES, default="bash", help="language of the input (default: bash)")
    parser.add_argument("--suggest-allow", action="store_true",
                        help="instead of verdicts, print [mouth] allow patterns covering the commands of the inputs "
                             "the rules allow (to start a project allow list; text: TOML, json: an object)")
    add_format(parser, ("json", "text"), "text")


def _read(name: str, *, binary_ok: bool = False) -> str:
    from ..errors import InputError

    try:
        data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=name) from None
    if b"\x00" in data:
        raise InputError("binary data, not text", path="<stdin>" if name == "-" else name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start})", path="<stdin>" if name == "-" else name,
                         line=line) from None


def _jsonl_items(text: str, where: str, default_lang: str) -> list[tuple[str, str]]:
    import json

    from ..errors import InputError
    from ..validate.parse import canonical_lang

    items = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON ({exc.msg})", path=where, line=n) from None
        if not isinstance(obj, dict):
            raise InputError('expected an object {"cmd": ..., "lang": ...}', path=where, line=n)
        cmd = obj.get("cmd")
        if not isinstance(cmd, str):
            raise InputError('"cmd" must be a string', path=where, line=n)
        lang = obj.get("lang", default_lang)
        if not isinstance(lang, str) or canonical_lang(lang) is None:
            raise InputError(f'"lang" must be bash, python or typescript, got {lang!r}', path=where, line=n)
        items.append((cmd, lang))
    return items


def _text(verdict, label: str = "") -> str:
    lines = [f"{label}{verdict.verdict}"]
    for r in verdict.reasons:
        s = r.span
        lines.append(f"  {r.verdict:6} {r.rule} at {s.start_row + 1}:{s.start_col + 1}-{s.end_row + 1}:{s.end_col + 1}: "
                     f"{r.message}")
        snippet = s.snippet.replace("\n", "\\n")
        lines.append(f"         {snippet[:120]}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    import json

    from ..errors import InputError
    from ..validate import validate, validate_many
    from ..validate.policy import configured

    given = sum(x is not None for x in (args.command, args.file, args.jsonl))
    if given != 1:
        raise InputError("give exactly one of COMMAND, --file SCRIPT or --jsonl FILE")
    policy = configured()
    items = _jsonl_items(_read(args.jsonl), "<stdin>" if args.jsonl == "-" else args.jsonl, args.lang) \
        if args.jsonl is not None else None
    if args.suggest_allow:
        from ..validate.allowlist import suggest
        from ..validate.parse import canonical_lang

        if items is None:
            items = [(_read(args.file) if args.file is not None else args.command, args.lang)]
        found = suggest([(text, canonical_lang(lang) or lang) for text, lang in items], policy)
        sys.stdout.write(json.dumps(found.to_json(), indent=2) + "\n" if args.format == "json" else found.to_toml())
        return 0
    if items is not None:
        verdicts = validate_many(items, policy=policy)
        out = sys.stdout
        for v in verdicts:
            out.write(json.dumps(v.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n")
        return 0 if all(v.verdict == "allow" for v in verdicts) else 1
    source = _read(args.file) if args.file is not None else args.command
    verdict = validate(source, args.lang, policy=policy)
    if args.format == "json":
        sys.stdout.write(json.dumps(verdict.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_text(verdict))
    return 0 if verdict.verdict == "allow" else 1
