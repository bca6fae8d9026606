"""Bash as the oracle for the grammar: every command bash would run must be a command in
the tree the validator judges.

Scripts are generated from a small shell vocabulary in which command names (`c0`..`c9`,
`ls`, `rm`, ...) never appear as anything else, so the names bash runs can be read off
its own rendering of the script: `f() {⏎SCRIPT⏎}; declare -f f` makes bash parse the
script as a function body (without running it) and print it back canonically, one
command per line with operators normalised. A name there is either at a command position
or the generator is wrong. The tree (after `misread.reread`, as `_judge` reads it) must
then hold each of those names as a command name: a name that is missing is a command the
rules would never see. A tree with a syntax error or a reread that reports the input
unreadable is safe (the validator blocks it as malformed) and is only counted.
"""
from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate.bash.misread import reread
from agent_immune.validate.parse import parse

BASH = shutil.which("bash")

NAMES = tuple(f"c{i}" for i in range(10)) + ("ls", "sort", "head", "cat", "rm", "echo", "make")
_NAME_RX = r"(?:c\d|ls|sort|head|cat|rm|echo|make|\[\[?)"
# a name token anywhere in bash's rendering (arguments never look like one)
_TOKEN = re.compile(r"(?<![\w$./\[-])" + _NAME_RX + r"(?![\w./\[-])")
# a name token at a command position of bash's canonical rendering
_AT_COMMAND = re.compile(
    r"(?:^[ \t]*|(?<!>)[|&;({`][ \t]*|\$\([ \t]*|(?<![\w-])(?:then|do|else|elif|if|while|until)[ \t]+)"
    r"(?:![ \t]+)?(?:time(?:[ \t]+-p)?[ \t]+)?"  # `!` and `time` only where a pipeline starts
    r"(?:[A-Za-z_]\w*=(?:'[^']*'|\"[^\"]*\"|[^\s;&|'\"])*[ \t]+)*(" + _NAME_RX + r")(?=[\s;&|)`]|$)", re.M)
ARGS = ("a0", "a1", "a2", "a3", "-f", "--all", "x.txt", "1", "a/b", "./a3")


class Script:
    """Builds one script: its text and the command names bash will see, in order. Heredoc
    bodies wait for the next newline, as in bash."""

    def __init__(self, r: random.Random, depth: int = 0, budget: list[int] | None = None) -> None:
        self.r = r
        self.depth = depth
        self.budget = budget if budget is not None else [r.randrange(3, 14)]  # commands left, shared
        self.out: list[str] = []
        self.names: list[str] = []
        self.pending: list[tuple[str, list[str]]] = []
        self.heredocs = 0

    def emit(self, s: str) -> None:
        self.out.append(s)

    def nl(self) -> None:
        self.emit("\n")
        for delim, body in self.pending:
            self.emit("".join(line + "\n" for line in body) + delim + "\n")
        self.pending = []

    def text(self) -> str:
        if self.pending:
            self.nl()
        return "".join(self.out)

    # -- words -------------------------------------------------------------------------
    def sub(self) -> tuple[str, list[str]]:
        """A command substitution's inner text and its names (one or two lines)."""
        inner = Script(self.r, self.depth + 2, self.budget)
        inner.list_()
        if self.r.random() < 0.2:
            inner.nl()
            inner.list_()
        text = inner.text()
        if not inner.heredocs:  # a here-document's delimiter must stay alone on its line
            text = text.rstrip("\n")
        return (" " + text if text.startswith("(") else text), inner.names

    def word(self) -> str:
        r = self.r
        k = r.randrange(16 if self.depth < 4 and self.budget[0] > 0 else 11)
        if k <= 3:
            return r.choice(ARGS)
        if k == 4:
            return "'" + r.choice(ARGS) + " " + r.choice(("a b", "a;b", "a|b", "a\nb", "#a", "a`b")) + "'"
        if k == 5:
            return '"' + r.choice(ARGS) + r.choice((" $x", " ${x}", " a;b", "\na1", " 'a'", " \\\"a")) + '"'
        if k == 6:
            return "$'" + r.choice(("a\\nb", "a\\'b", "\\t", "a b")) + "'"
        if k == 7:
            return r.choice(("$x", "${x}", "${x:-a0}", "$1", "$@", '"$@"', "$((1+2))"))
        if k == 8:
            return r.choice(ARGS) + "\\ " + r.choice(ARGS)
        if k == 9:
            return r.choice(("a{1,2}", "a*", "~", "~/a0", "a=b", "--x=1"))
        if k == 10:
            return r.choice(ARGS)
        text, names = self.sub()
        self.names.extend(names)
        if k <= 12:
            return "$(" + text + ")"
        if k == 13:
            return '"$(' + text + ')"'
        if "`" in text or "\\" in text or "$(" in text or "'" in text or '"' in text or "\n" in text:
            return "$(" + text + ")"  # backquotes would change what's inside
        return "`" + text + "`"

    def redirect(self) -> str:
        r = self.r
        k = r.randrange(10)
        if k <= 5:
            return r.choice((">", ">>", "<", "2>", "&>", "<<<", "2>>", ">|")) + r.choice(("", " ")) + r.choice(
                ("a0", "a1", "x.txt", "/dev/null", '"a b"', "$x"))
        if k <= 7:
            return r.choice(("2>&1", ">&2", "1>&2", "<&0"))
        delim = r.choice(("EOF", "END", "X_1"))
        mark = r.choice((delim, "'" + delim + "'", '"' + delim + '"', "\\" + delim))
        dash = r.random() < 0.3
        lines = []
        for _ in range(r.randrange(4)):
            line = " ".join(r.choice(ARGS + ("$x", "#a", "a;b", "a |", "&&", "(", "'", '"', "a \\")) for _ in
                            range(r.randrange(1, 4)))
            lines.append(("\t" if dash and r.random() < 0.5 else "") + line)
        if mark == delim and self.budget[0] > 0 and r.random() < 0.3:  # an unquoted body runs its substitutions
            text, names = self.sub()
            if "\n" not in text and delim not in text:
                self.names.extend(names)
                lines.append("a $(" + text.rstrip("\n") + ") b")
        self.heredocs += 1
        self.pending.append((("\t" if dash and r.random() < 0.5 else "") + delim, lines))
        return ("<<-" if dash else "<<") + r.choice(("", " ")) + mark

    # -- commands ----------------------------------------------------------------------
    def simple(self) -> None:
        r = self.r
        parts = []
        self.budget[0] -= 1
        k = r.randrange(20)
        if k > 1 and r.random() < 0.1:
            parts.append(r.choice(("X=1", "X=$x", "X='a b'")))
        if r.random() < 0.08:
            parts.append(self.redirect())
        if k == 0:
            self.names.append("[")
            parts.append("[ " + r.choice(ARGS[:4]) + r.choice((" -lt ", " = ", " != ")) + r.choice(ARGS[:4]) + " ]")
            if r.random() < 0.3:
                parts.append(self.redirect())
            self.emit(" ".join(parts))
            return
        if k == 1:
            self.names.append("[[")
            parts.append("[[ " + r.choice(ARGS[:4]) + r.choice((" == ", " < ", " =~ ")) + r.choice(ARGS[:4]) + " ]]")
            self.emit(" ".join(parts))
            return
        parts.append(r.choice(NAMES))
        self.names.append(parts[-1])
        for _ in range(r.choice((0, 1, 1, 2, 2, 3, 4))):
            parts.append(self.redirect() if r.random() < 0.2 else self.word())
        self.emit(self._join(parts))

    def _join(self, parts: list[str]) -> str:
        out = parts[0]
        for p in parts[1:]:
            out += self.r.choice((" ", " ", " ", "  ", "\t", " \\\n  ")) + p
        return out

    def pipeline(self) -> None:
        r = self.r
        if r.random() < 0.1:
            self.emit("! ")
        if r.random() < 0.05:
            self.emit(r.choice(("time ", "time -p ")))
        for i in range(r.choice((1, 1, 1, 2, 2, 3, 3, 4, 5)) if self.budget[0] > 0 else 1):
            if i:
                op = r.choice(("|", "|", "|", "|&"))
                self.emit(" " + op + " ") if r.random() < 0.85 else (self.emit(" " + op), self.nl())
            self.command()

    def command(self) -> None:
        r = self.r
        k = r.randrange(14) if self.depth < 3 and self.budget[0] > 0 else 0
        if k <= 6:
            self.simple()
            return
        if k == 7:
            self.emit("( ")
            self._body()
            self.emit(" )")
        elif k == 8:
            self.emit("{ ")
            self._body()
            self.close("; }")
        elif k == 9:
            self.emit("if ")
            self._body()
            self.close("; then ")
            self._body()
            if r.random() < 0.3:
                self.close("; elif ")
                self._body()
                self.close("; then ")
                self._body()
            if r.random() < 0.4:
                self.close("; else ")
                self._body()
            self.close("; fi")
        elif k == 10:
            self.emit(r.choice(("while ", "until ")))
            self._body()
            self.close("; do ")
            self._body()
            self.close("; done")
        elif k == 11:
            self.emit(r.choice(("for v in a0 a1", "for v", "for ((i=0; i<2; i++))")) + "; do ")
            self._body()
            self.close("; done")
        elif k == 12:
            self.emit("case " + self.word() + " in ")
            for _ in range(r.randrange(1, 3)):
                self.emit(r.choice(("a0) ", "a*) ", "(a0|a1) ", "*) ")))
                self._body()
                self.emit(" " + r.choice((";;", ";;", ";&", ";;&")) + " ")
            self.emit("esac")
        else:
            self.emit(r.choice(("g", "fn_1", "function g", "function g ")) + "() { ")
            self._body()
            self.close("; }")
        if k != 13 and r.random() < 0.2:
            self.emit(" " + self.redirect())

    def _body(self) -> None:
        """A list inside a compound command, on one line or spread over several."""
        self.depth += 1
        try:
            self._lines()
        finally:
            self.depth -= 1

    def _lines(self) -> None:
        if self.r.random() < 0.3:
            self.nl()
            self.list_()
            if self.r.random() < 0.5:
                self.nl()
                self.list_()
            if self.r.random() < 0.5:
                self.nl()
        else:
            self.list_()

    def close(self, word: str) -> None:
        """`; word`, or `word` alone after a newline (a line cannot start with `;`)."""
        self.emit(word[2:] if self.out and self.out[-1].endswith("\n") else word)

    def list_(self) -> None:
        r = self.r
        for i in range(r.choice((1, 1, 2, 2, 3)) if self.budget[0] > 0 else 1):
            if i:
                op = r.choice(("&&", "||", ";", "&", "&&", "||"))
                if op in ("&&", "||") and r.random() < 0.15:
                    self.emit(" " + op)
                    self.nl()
                else:
                    self.emit(" " + op + " " if op != ";" else "; ")
            self.pipeline()

    def script(self) -> str:
        r = self.r
        for i in range(r.randrange(1, 7)):
            k = r.random() if i else 1.0
            if k < 0.1:
                self.emit("")
            elif k < 0.18:
                self.emit(r.choice(("# a0 a1", "  # a |", "#")))
            else:
                self.list_()
                if r.random() < 0.15:
                    self.emit(r.choice((" &", ";", " ;")))
                if r.random() < 0.15:
                    self.emit(" # " + r.choice(ARGS) + r.choice(("", " |", " &&", " a;b")))
            self.nl()
        return self.text()


def generate(r: random.Random) -> tuple[str, Counter]:
    s = Script(r)
    text = s.script()
    return text, Counter(s.names)


def bash_render(text: str) -> str | None:
    """bash's canonical rendering of `text` as a function body; None if bash rejects it."""
    if text.rstrip().endswith("\\"):
        return None
    p = subprocess.run([BASH, "--norc", "--noprofile", "-s"], input="f() {\n" + text + "\n}\ndeclare -f f\n",
                       capture_output=True, text=True, errors="replace", timeout=10)
    if p.returncode or p.stderr:
        return None
    return p.stdout


_HEREDOC_OP = re.compile(r"(?<!<)<<(?!<)(-?)[ \t]*(\\?)(['\"]?)([A-Za-z_]\w*)\3")


def _heredoc_bodies_marked(rendering: str) -> str:
    """The rendering with each here-document body line behind a NUL (a name there is no command:
    its line start is no command position) and quoted bodies, which bash does not expand, gone."""
    out, pending = [], []
    for line in rendering.split("\n"):
        if pending:
            delim, strip, quoted = pending[0]
            if (line.lstrip("\t") if strip else line) == delim:
                pending.pop(0)
                out.append(line)
            elif not quoted:
                out.append("\0" + line)
            continue
        out.append(line)
        pending += [(m.group(4), m.group(1) == "-", bool(m.group(2) or m.group(3))) for m in _HEREDOC_OP.finditer(line)]
    return "\n".join(out)


def bash_names(rendering: str) -> Counter | None:
    """The command names in bash's rendering; None when a name stands anywhere but at a command
    position (the generator's assumption failed: the case says nothing about the grammar)."""
    rendering = _heredoc_bodies_marked(rendering)
    at = Counter(m.group(1) for m in _AT_COMMAND.finditer(rendering))
    every = Counter(m.group(0) for m in _TOKEN.finditer(rendering))
    return at if at == every else None


def tree_names(text: str) -> tuple[str, Counter]:
    """('ok' | 'error' | 'unreadable', the command names of the tree `_judge` reads)."""
    data = text.encode()
    data, tree, odd = reread(data, parse(data, "bash"))
    if odd is not None:
        return "unreadable", Counter()
    if tree.root_node.has_error:
        return "error", Counter()
    names: Counter = Counter()
    stack = [tree.root_node]
    while stack:
        n = stack.pop()
        if n.type == "command":
            name = n.child_by_field_name("name")
            if name is not None:
                names[data[name.start_byte:name.end_byte].decode()] += 1
        elif n.type == "test_command":
            names["[[" if data[n.start_byte:n.start_byte + 2] == b"[[" else "["] += 1
        stack.extend(n.children)
    return "ok", names


def check(text: str, expected: Counter | None = None) -> str:
    """'skip' (bash rejects it, or the generator's names are not bash's), 'error' / 'unreadable'
    (the validator blocks it), 'ok'; a hidden command fails the assertion."""
    rendering = bash_render(text)
    if rendering is None:
        return "skip"
    seen = bash_names(rendering)
    if seen is None or (expected is not None and seen != expected):
        return "skip"
    state, names = tree_names(text)
    if state != "ok":
        return state
    missing = seen - names
    assert not missing, f"the tree hides {dict(missing)} in {text!r}"
    return "ok"


def _run(seed_or_random) -> str:
    r = seed_or_random if isinstance(seed_or_random, random.Random) else random.Random(seed_or_random)
    text, expected = generate(r)
    return check(text, expected)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_no_command_bash_runs_is_missing_from_the_tree(r: random.Random) -> None:
    _run(r)


def test_sweep_of_fixed_seeds() -> None:
    # the same 300 scripts on every run; the counts keep the oracle from going vacuous (most
    # scripts must be valid bash whose names the generator predicted, and many must parse)
    states = Counter(_run(seed) for seed in range(300))
    assert states["skip"] < 60, states
    assert states["ok"] > 60, states


@pytest.mark.parametrize("text, names", [
    ("ls | sort | head\nrm -rf ~ && ls", {"ls": 2, "sort": 1, "head": 1, "rm": 1}),
    ("X='a b' c1 >a0 | c2 <<EOF\n$(c3)\nEOF\n! while c4; do c5; done", {f"c{i}": 1 for i in range(1, 6)}),
    ("case a in a*) c1 ;; esac; f() { c2; }; echo `c3` \"$(c4)\"", {"c1": 1, "c2": 1, "echo": 1, "c3": 1, "c4": 1}),
    ("[ a0 = a1 ] && [[ a0 == a1 ]] || c1 \\\n  a0", {"[": 1, "[[": 1, "c1": 1}),
    ("c1 <<'EOF'\n$(c2)\nEOF\nc3 <<-X\n\t$(c4) a\n\tX", {"c1": 1, "c3": 1, "c4": 1}),
])
def test_bash_names_read_from_the_rendering(text: str, names: dict) -> None:
    assert bash_names(bash_render(text)) == Counter(names)


def test_invalid_scripts_are_skipped() -> None:
    assert bash_render("c1 && ; c2") is None
    assert check("if c1; then c2") == "skip"
    assert check("c1 <<EOF\nc2\nEOF") == "skip"  # a name as here-document text: not the generator's


def test_oracle_catches_a_hidden_command(monkeypatch) -> None:
    # without the reread, the grammar's issue-347 misreading must fail the check
    import agent_immune.validate.bash.misread as misread

    monkeypatch.setitem(globals(), "reread", lambda data, tree: (data, tree, None))
    with pytest.raises(AssertionError, match="hides"):
        check("ls | sort | head\nrm -rf ~ && ls")
    monkeypatch.undo()
    assert reread is misread.reread
    assert check("ls | sort | head\nrm -rf ~ && ls") == "ok"
