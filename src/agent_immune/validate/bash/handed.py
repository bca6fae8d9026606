"""Programs no rule knows, handed a quoted string (or, unquoted, a command line) that is itself a
command the rules block.

The rules know the runners they list (wrappers, task runners, terminals, `ssh host CMD` …),
and every red-team round found more: watchers, process managers, `gosu`, `xvfb-run`,
`pm2 start '…'`, `foreman run '…'`. Whatever the program is, a quoted argument that would
be blocked as a command on its own is reviewed: if the program runs it, a person should
look; if it is only a message (`gh issue create --title 'rm -rf / in cleanup'`), they wave
it through. A review, not a block, because such strings are also ordinary text. Unquoted
arguments from a name some rule knows on (`eatmydata rm -rf ~/`) are read the same way, as the
command such a wrapper would run (`wrapped-command`, also a review).
"""
from __future__ import annotations

import re

from ..per_input import holds
from ..engine import MAX_DEPTH, MAX_JUDGED_STRINGS
from ..parse import Doc, source_bytes
from ..verdict import BLOCK, Reason, Span
from .commands import Cmd, base_name

_QUOTED = frozenset({"raw_string", "string"})
# findings about the string as text or about the shape of its first word (`'*.py'` is a glob
# as a command name), not about what it would run
_NOT_A_FINDING = frozenset({"malformed", "parse-timeout", "nesting-too-deep", "nonliteral-command",
                            "obfuscated-command"})
# code hosts' CLIs take a resource and a verb first (`gh run watch ID`, `glab ci view`): a verb that is also a
# runner's name (`watch`) runs nothing of what follows
_VERBS_FIRST = {"gh": 2, "glab": 2, "tea": 2,
                # Xcode's simulator control takes its verb first (`simctl shutdown all`, `simctl erase all`): the
                # simulators are disposable test devices, not this machine
                "simctl": 1, "notarytool": 1, "devicectl": 2}
_VERB = re.compile(r"[\w:.-]+")
_MAX_STRINGS = 8  # quoted arguments judged per command: a bound on the work, far above real use
_KNOWN: frozenset[str] = frozenset()
_SPENT = Reason("nesting-too-deep", f"the input hands more than {MAX_JUDGED_STRINGS} strings to other programs to "
                "judge each; split it", BLOCK, Span(0, 0, 0, 0, ""))


def _known() -> frozenset[str]:
    global _KNOWN
    from .fastpath import known_names  # the screens' own list, so that both agree on "unknown"

    _KNOWN = known_names()
    return _KNOWN


def check(a, cmd: Cmd) -> None:
    if cmd.name in (_KNOWN or _known()):
        return
    if holds(a.doc.data, b"clone") and "/" in cmd.words[0].text:
        from .net import token_to_clone

        token_to_clone(a, cmd)  # `./tools/install.sh --token "$(gh auth token)"` after cloning tools
    as_unknown(a, cmd)


def as_unknown(a, cmd: Cmd) -> None:
    """Judge what `cmd` is handed as a program no rule knows would be: for known programs that may run
    their arguments too (a code host's CLI, a coding agent given a prompt), which a known name loses."""
    if a.ctx.depth + 1 >= MAX_DEPTH:
        return
    # one finding per command: `gosu root sh -c 'reboot'` is a blocked tail and a blocked string inside
    # it, and the tail (the command the wrapper runs, string and all) is reported
    if not _tail(a, cmd):
        _strings(a, cmd)


def _strings(a, cmd: Cmd) -> bool:
    """Review the first quoted argument that would be blocked as a command; True when one was."""
    judged = 0
    verbs = _VERBS_FIRST.get(cmd.name, 0)
    for w in cmd.args:
        text = w.value
        if verbs and text and not text.startswith("-") and _VERB.fullmatch(text):
            verbs -= 1  # (a verb, quoted by code that builds the argv: `execFileSync("xcrun", ["simctl", "shutdown"])`)
            continue
        if text is None or w.node.type not in _QUOTED or not text.strip():
            continue
        judged += 1
        if judged > _MAX_STRINGS:
            return False
        found = blocked(a, text)
        if found is not None:
            a.review("command-string", f"`{cmd.name}` is handed a string that would be blocked as a command "
                                       f"({found.rule}: {found.message}); if `{cmd.name}` runs it, run that "
                                       "command itself so it can be judged", w.node)
            return True
    return False


def _tail(a, cmd: Cmd) -> bool:
    """`eatmydata rm -rf ~/`, `cgexec -g cpu:/ sh -c "$(curl …)"`: the arguments from a name some rule
    knows on, read as the command such a wrapper would run. Reviewed when that command is blocked
    (a review like the strings': `tldr rm -rf ~`-like programs only print their arguments)."""
    from .fastpath import known_runners

    runners = known_runners()
    args = cmd.args
    tried = 0
    verbs = _VERBS_FIRST.get(cmd.name, 0)
    for w in args:
        v = w.value
        if not v or v.startswith("-"):
            continue
        if verbs:  # (options before the verbs take no values in these CLIs' verb position)
            verbs -= 1
            continue
        if base_name(v) not in runners:
            continue
        tried += 1
        if tried > _MAX_STRINGS:
            return False
        text = a.ev.data[w.node.start_byte:args[-1].node.end_byte].decode("utf-8", "replace")
        found = blocked(a, text)
        if found is None and cmd.redirects:
            found = _fed_shell(a, cmd, args[args.index(w):])
        if found is not None:
            a.review("wrapped-command", f"`{cmd.name}` is given the command `{v} …`, which would be blocked on its "
                                       f"own ({found.rule}: {found.message}); run that command itself, without "
                                       f"`{cmd.name}`, so it can be judged", w.node)
            return True
    return False


def _fed_shell(a, cmd: Cmd, tail: list):
    """`lxc exec web -- sh <<'EOF' … EOF`, `multipass exec vm -- bash -s <<< "…"`: a shell at the end that reads its
    commands from the here-document or here-string `cmd` is fed; the first block finding of those commands."""
    from .exec import remote_shell_reads_stdin, stdin_text

    if not remote_shell_reads_stdin([w.value for w in tail]):
        return None
    fed = stdin_text(a, cmd)
    return blocked(a, fed[0]) if fed is not None and fed[0].strip() else None


def blocked(a, text: str, lang: str = "bash", ignore: frozenset = frozenset()):
    """The first block finding of `text` judged on its own (as a command, or code of `lang`), or None;
    findings of the rules in `ignore` do not count."""
    return first_block(alone(a, text, lang), ignore)


def alone(a, text: str, lang: str = "bash") -> list[Reason]:
    """The reasons of `text` judged on its own, one level below `a`: none when it is too deep to judge or
    plain words no rule reads; past the input's budget of such strings, one `nesting-too-deep` block."""
    from .fastpath import simple

    if a.ctx.depth + 1 >= MAX_DEPTH:
        return []
    written, data = source_bytes(text, lang)
    if lang == "bash" and simple(data):
        return []  # nothing to find, and no parse needed
    sub = a.ctx.child()
    if sub is None:  # a string left unjudged counts as one that would be blocked: the caller holds it
        return [_SPENT]
    sub.analyze(Doc(data, written=written), lang)
    return sub.reasons


def first_block(reasons: list[Reason], ignore: frozenset = frozenset()) -> Reason | None:
    return next((r for r in reasons if r.verdict == "block" and r.rule not in ignore and
                 (r.rule not in _NOT_A_FINDING or r is _SPENT)), None)
