"""Aliases and functions the input defines, judged where they are called.

Each definition is judged on its own where it is written, but what it does at a call depends on the
call: `alias g='wget -qO- URL'; g | sh` pipes a download into a shell, `alias x='rm -rf'; x ~` deletes
the home, `f() { curl -s URL; }; bash <(f)` runs a download. bash expands an alias as text, in place of
the command's first word, and runs a function's body in place of the command; so the input is judged
once more with each call after its definition replaced that way, and a rule that finds there (and
not in the input as written) is reported at the first call. bash expands an alias only in lines read after the definition ran, and a
non-interactive bash only with `shopt -s expand_aliases`; every call after the definition is expanded
here, since that is what the input asks for (and what it does when its lines reach bash one by one).

A function whose body reads its arguments (`$1`, `"$@"`) is left alone: the body alone, away from its
call, would read the script's own arguments, and a runner like `retry() { "$@"; }` is judged at each
call already (BashAnalysis.arg_runners). One level is inlined: a call inside the inlined text is not
expanded again, so a recursive function costs one more pass, not a nesting limit.
"""
from __future__ import annotations

import re

from ..parse import Doc, parse
from .commands import Cmd

# characters bash refuses in an alias name (and what would make the name text rather than a word)
_ALIAS_NAME = re.compile(r"^[^\s/$`='\"\\|&;()<>]+$")
_POSITIONAL = re.compile(rb"\$(?:[0-9@*#]|\{[#!]?[0-9@*#])")


def note_alias(a, cmd: Cmd) -> None:
    """`alias NAME=VALUE ...`: remember each literal definition from here on."""
    for w in cmd.args:
        v = w.value
        if v is None or "=" not in v:
            continue
        name, _, value = v.partition("=")
        if _ALIAS_NAME.match(name) and value.strip():
            a.defined[name] = ("alias", value.encode())


def note_function(a, name: str, body) -> None:
    """`NAME() { BODY; }`: remember the body, unless it reads the call's arguments."""
    if body is None:
        return
    text = a.doc.data[body.start_byte:body.end_byte]
    if _POSITIONAL.search(text):
        a.defined.pop(name, None)  # a later definition replaces an earlier one
        return
    a.defined[name] = ("function", text)


def note_call(a, cmd: Cmd) -> None:
    """A command whose first word names an alias or function defined before it: where its text changes."""
    node = cmd.node
    if cmd.wrappers or node.type != "command":
        return  # `sudo g`, `env g`: bash expands neither there, and a program runs, not the function
    name_node = node.child_by_field_name("name")
    if name_node is None or a.doc.data[name_node.start_byte:name_node.end_byte] != cmd.name.encode():
        return  # quoted or escaped (`\g`, `'g'`): bash does not expand an alias spelled so
    kind, text = a.defined[cmd.name]
    if kind == "alias":
        a.calls.append((name_node.start_byte, name_node.end_byte, text, node))
    else:
        a.calls.append((node.start_byte, node.end_byte, text, node))


def judge_calls(a) -> None:
    """Judge the input once more with every noted call replaced by what bash runs there."""
    sub = a.ctx.child()
    if sub is None:
        return
    data = a.doc.data
    out, pos = bytearray(), 0
    for start, end, text, _ in sorted(a.calls, key=lambda c: c[0]):
        if start < pos:
            continue  # inside a call already replaced (`f "$(g)"`)
        out += data[pos:start]
        out += text
        pos = end
    out += data[pos:]
    tree = parse(bytes(out), "bash")
    if tree.root_node.has_error:
        return  # an alias that is half a command (`alias x='if true'`): bash would fail the same way
    from ..rules_bash import BashAnalysis

    inner = BashAnalysis(Doc(bytes(out)), sub)
    inner.calls = None  # one level: calls in the inlined text stay as they are
    inner.visit(tree.root_node)
    first = min(a.calls, key=lambda c: c[0])[3]
    called = a.doc.text(first.child_by_field_name("name") or first)
    # what the definitions or the calls as written already gave (`c ~/.ssh/id_rsa` reads a key whatever `c` is)
    known = {(r.rule, r.verdict) for r in a.ctx.reasons}
    for r in sub.reasons:
        if (r.rule, r.verdict) not in known and (r.rule, "block") not in known:
            known.add((r.rule, r.verdict))
            a.ctx.add(r.rule, r.verdict, f"with `{called}` expanded as defined above: {r.message}", a.doc, first)


HANDLERS = {"alias": [note_alias]}
