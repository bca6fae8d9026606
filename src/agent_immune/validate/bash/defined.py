"""Aliases and functions the input defines, judged where they are called.

Each definition is judged on its own where it is written, but what it does at a call depends on the
call: `alias g='wget -qO- URL'; g | sh` pipes a download into a shell, `alias x='rm -rf'; x ~` deletes
the home, `f() { curl -s URL; }; bash <(f)` runs a download. bash expands an alias as text, in place of
the command's first word, and runs a function's body in place of the command; so the input is judged
once more with each call after its definition replaced that way, and a rule that finds there (and
not in the input as written) is reported at the first call. bash expands an alias only in lines read after the definition ran, and a
non-interactive bash only with `shopt -s expand_aliases`; every call after the definition is expanded
here, since that is what the input asks for (and what it does when its lines reach bash one by one).

A function whose body reads its arguments (`del() { rm -rf "$1"; }; del ~`) is inlined with each
argument first assigned to a name of its own and read from there (`{ __ai1=~; { rm -rf "$__ai1"; }; }`),
when every argument of the call is literal; a call with an argument known only at run time adds nothing
to the body judged alone. A runner like `retry() { "$@"; }` is left alone: it is judged at each call
already (BashAnalysis.arg_runners). One level is inlined: a call inside the inlined text is not
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
    """`NAME() { BODY; }`: remember the body (the node itself when it reads the call's arguments)."""
    if body is None:
        return
    text = a.doc.data[body.start_byte:body.end_byte]
    if name in a.arg_runners:
        a.defined.pop(name, None)  # a later definition replaces an earlier one
    elif _POSITIONAL.search(text):
        a.defined[name] = ("arguments", body)
    else:
        a.defined[name] = ("function", text)


def _with_arguments(a, body, args: list) -> bytes | None:
    """The body of a function that reads its arguments, run with `args` (literal words of a call): each
    argument assigned to a name of its own first, and each positional reference read from that name;
    None when the body reads them in a way not modelled here (`${@:2}`, `shift`)."""
    data = a.doc.data
    n = len(args)
    names = [f"${{__ai{i + 1}}}" for i in range(n)]
    edits: list[tuple[int, int, str]] = []
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type in ("simple_expansion", "expansion"):
            kids = node.children
            ref = next((c for c in kids if c.type in ("variable_name", "special_variable_name")), None)
            key = data[ref.start_byte:ref.end_byte].decode() if ref is not None else ""
            if ref is not None and ref.type == "variable_name" and key.isdigit() and key != "0":
                edits.append((ref.start_byte, ref.end_byte, f"__ai{key}"))
            elif ref is not None and ref.type == "special_variable_name" and key in "@*#":
                if len(kids) != (2 if node.type == "simple_expansion" else 3):
                    return None  # `${@:2}`, `${#*}`: slices and lengths
                if key == "#":
                    text = str(n)
                elif key == "@" and node.parent is not None and node.parent.type == "string":
                    text = '" "'.join(names)  # `"$@"`: one word per argument
                else:
                    text = " ".join(names)
                edits.append((node.start_byte, node.end_byte, text))
            continue
        if node.type == "command_name" and data[node.start_byte:node.end_byte] == b"shift":
            return None
        stack.extend(node.children)
    out, pos = bytearray(b"{ "), body.start_byte
    for i, w in enumerate(args):
        out += f"__ai{i + 1}=".encode() + data[w.node.start_byte:w.node.end_byte] + b"; "
    for start, end, text in sorted(edits):
        out += data[pos:start] + text.encode()
        pos = end
    out += data[pos:body.end_byte] + b"; }"
    return bytes(out)


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
        return
    if kind == "arguments":
        if any(w.value is None for w in cmd.args):
            return
        text = _with_arguments(a, text, cmd.args)
        if text is None:
            return
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
