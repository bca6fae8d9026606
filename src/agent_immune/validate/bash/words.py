"""Static evaluation of bash words: what a word is after quote removal, if it is known.

A word is *static* when its value does not depend on run time: plain words, single and
double quotes without expansions, ANSI-C strings, and variables assigned a literal
earlier in the same script. Anything else (`$x` of unknown x, `$(...)`, `${x,,}`,
arithmetic) makes the value unknown (`value is None`); `text` then keeps the source of
the dynamic parts so patterns can still look at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..limits import VALUE_CAP

_GLOB = re.compile(r"(?<!\\)[*?\[]")
_ANSI = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|.)", re.S)
_SIMPLE_ESC = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b",
               "f": "\f", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}
_DQ_ESC = re.compile(r'\\([$`"\\\n])')
_BARE_ESC = re.compile(r"\\(.)", re.S)
SUBST_TYPES = ("command_substitution", "process_substitution")
_SPEC = re.compile(r"%.?")
COMPUTED = "computed"  # Word.obfuscated when a substitution's known output is part of the value
_DEFAULT_OPS = frozenset({":?", "?", ":-", "-", ":=", "="})
_FALLBACK_OPS = frozenset({":-", "-", ":=", "="})
# `$(git rev-parse --show-toplevel)`: where the project is, which the rules read as `.` (the project), so that
# `BIN="$(git rev-parse --show-toplevel)/bin"; "$BIN/golangci-lint"` runs a program of the project; and where its
# repository keeps its files, `.git` (`$(git rev-parse --git-path hooks)/post-merge` is `.git/hooks/post-merge`)
_WHERE_THE_PROJECT_IS = (["git", "rev-parse", "--show-toplevel"],)
_GIT_DIR = frozenset({"--git-dir", "--absolute-git-dir", "--git-common-dir"})


class _Where(str):
    """The output of a command that says where the project is (told apart from the same text printed by `echo`,
    which is still a name computed at run time)."""


_PROJECT = _Where(".")


def _where(values: list[str]) -> _Where | None:
    """Where `git rev-parse` says the project or its repository's files are (None for any other command)."""
    if values in _WHERE_THE_PROJECT_IS:
        return _PROJECT
    if values[:2] != ["git", "rev-parse"] or len(values) not in (3, 4):
        return None
    if len(values) == 3 and values[2] in _GIT_DIR:
        return _Where(".git")
    if len(values) == 4 and values[2] == "--git-path" and values[3] and not values[3].startswith(("/", "-")):
        return _Where(".git/" + values[3])
    return None


@dataclass(slots=True)
class Word:
    node: object
    value: str | None
    text: str
    # quotes glued into a bare word, backslash escapes, ANSI-C strings; COMPUTED (also true) when
    # part of the value is the known output of a substitution (`$(echo ~/.ssh)`)
    obfuscated: bool | str = False
    glob: bool = False  # unquoted pattern characters or brace expansion
    # command/process substitution nodes in the word; a shared empty tuple unless the word
    # was evaluated node by node (Evaluator.word gives those a list of their own to fill)
    substitutions: list | tuple = ()


_PLAIN_VAR = re.compile(r'^"?\$(?:\{(\w+)\}|(\w+))([\w./-]*)"?$')


def file_key(w: Word) -> str | None:
    """What names the file a word stands for, to match a later use: its path, or `$f` / `$t/i.sh` for a
    variable whose value is not known here (`f=/tmp/.c-$RANDOM; base64 -d > "$f"; sh "$f"`)."""
    if w.value is not None:
        from .. import paths

        return paths.normalize(w.value)
    m = _PLAIN_VAR.match(w.text)
    return "$" + (m.group(1) or m.group(2)) + m.group(3) if m else None


def _ansi_decode(body: str) -> str:
    def one(m: re.Match) -> str:
        e = m.group(1)
        if e[0] in "xuU" and len(e) > 1:
            try:
                return chr(int(e[1:], 16))
            except (ValueError, OverflowError):
                return ""
        if e[0] in "01234567":
            return chr(int(e, 8) & 0xFF)
        if e[0] == "c" and len(e) == 2:
            return chr(ord(e[1]) & 0x1F)
        return _SIMPLE_ESC.get(e, "\\" + e)

    return _ANSI.sub(one, body)


# a command name that is the arguments of the function it is in (`run() { "$@"; }`)
ARG_WORDS = frozenset({'"$@"', "$@", '"${@}"', "${@}", '"$*"', "$*"})
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DIGIT = re.compile(r"[0-9]")  # `$1…`: a positional parameter glued on
# `${x^^}`, `${x,,}`, `${x^}`, `${x,}`, `${x@U}`, `${x@u}`, `${x@L}`: a known value with its letters' case changed
_CASE = {"^^": str.upper, ",,": str.lower, "^": lambda v: v[:1].upper() + v[1:], ",": lambda v: v[:1].lower() + v[1:],
         "U": str.upper, "L": str.lower, "u": lambda v: v[:1].upper() + v[1:]}
# nodes whose last child may be a `$` the grammar split from the name after it (`x/$a$b/1`: see Evaluator._glue)
_GLUE_HOLDERS = frozenset({"command_name", "variable_assignment"})
_BLANKS = " \t\n"
_BLANK_BYTES = b" \t\n"


def glued_tail(node) -> bool:
    """Is `node` the rest of the word before it? The grammar reads `x/$a$b/1` (and `d=/dev/tcp/$h1$h2/$p`) as
    `x/$a$` and a second word `b/1`; bash reads one word, `$b/1` its end. Evaluator.word of the first gives the
    whole word, so the walk skips the second."""
    prev = node.prev_sibling
    if prev is None or prev.end_byte != node.start_byte:
        return False
    while prev.type in _GLUE_HOLDERS and prev.children:
        prev = prev.children[-1]
    return prev.type == "concatenation" and prev.children[-1].type == "$"


class Evaluator:
    """Evaluates word nodes of one document; `vars` holds literal assignments seen so far."""

    __slots__ = ("data", "vars", "arrays", "picks", "held")

    def __init__(self, data: bytes, vars: dict[str, str | None] | None = None) -> None:
        self.data = data
        self.vars: dict[str, str | None] = {"HOME": "~"} if vars is None else vars
        # arrays assigned a literal list (the walk shares its own): `${a[0]}` is the first item, and `${a[$i]}` any
        # of them, read as the most sensitive
        self.arrays: dict[str, list[str]] = {}
        # a loop's name over literal variable names (`for k in AWS_ACCESS_KEY_ID GITHUB_TOKEN`): `${!k}` is each
        self.picks: dict[str, list[str]] = {}
        # the text an unknown variable stands for when it was assigned such picked variables (`q+="$k=${!k}&"`):
        # `$q` reads as that text, so the rules that look for a secret variable in a word see it
        self.held: dict[str, str] = {}

    def src(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def src_range(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", "replace")

    def word(self, node) -> Word:
        t = node.type
        if t == "word" or t == "number":
            s = self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")
            if "\\" not in s and "*" not in s and "?" not in s and "[" not in s:
                return Word(node, s, s)
        w = Word(node, "", "", substitutions=[])
        self._eval(node, w, top=True)
        return w

    def _var(self, name: str, w: Word, raw: str) -> None:
        val = self.vars.get(name)
        if val is None or len(val) + len(w.text) > VALUE_CAP:
            w.value = None
            w.text += self.held.get(name, raw) if self.held else raw
        else:
            if w.value is not None:
                w.value += val
            w.text += val

    def _add(self, w: Word, s: str) -> None:
        if w.value is not None:
            w.value += s
        w.text += s

    def _eval(self, node, w: Word, top: bool = False) -> None:
        t = node.type
        if t in ("word", "number", "heredoc_content", "special_variable_name"):
            s = self.src(node)
            if t == "word":
                if _GLOB.search(s):
                    w.glob = True
                if "\\" in s:
                    w.obfuscated = True
                    s = _BARE_ESC.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), s)
            self._add(w, s)
        elif t == "raw_string":
            if not top:
                w.obfuscated = True
            self._add(w, self.src(node)[1:-1])
        elif t == "ansi_c_string":
            w.obfuscated = True
            self._add(w, _ansi_decode(self.src(node)[2:-1]))
        elif t in ("string", "translated_string"):
            if not top:
                w.obfuscated = True
            end = None
            for c in node.children:
                ct = c.type
                # the grammar leaves a newline between two content nodes out of both: it is
                # still part of the string (`bash -c "ls⏎rm -rf ~"` runs two commands)
                if end is not None and c.start_byte > end:
                    self._add(w, self.src_range(end, c.start_byte))
                end = c.end_byte
                if (ct == "simple_expansion" or ct == "expansion") and self.data[c.start_byte] in _BLANK_BYTES:
                    # `"${a} ${b}"`: the grammar puts the blank before an expansion into the expansion's `$` or `${`
                    s = self.src(c)
                    self._add(w, s[:len(s) - len(s.lstrip(_BLANKS))])
                if ct == "string_content":
                    s = self.src(c)
                    self._add(w, _DQ_ESC.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), s) if "\\" in s else s)
                elif ct in ('"', '$"'):
                    continue
                else:
                    self._eval(c, w)
        elif t == "concatenation":
            glued = False
            kids = node.children
            for i, c in enumerate(kids):
                if c.type == "word" and self.src(c) in ("{", "}"):
                    w.glob = True  # brace expansion `{a,b}` splits into words at run time
                if c.type == "$" and i == len(kids) - 1 and self._glue(node, w):
                    break
                self._eval(c, w)
                glued = glued or (i == 0 and c.type != "word" and w.value == "~")
            if glued and w.value is not None and w.value[1:2] not in ("", "/"):
                # `"$HOME"x` is the home's path with more letters, a sibling of the home (not `~x`, user x's
                # home, which the text would otherwise read as): where it is is not known here
                w.value = None
        elif t == "simple_expansion":
            name = self.src(node).lstrip(_BLANKS)[1:]  # (the blank string_parts adds, which the grammar put here)
            self._var(name, w, "$" + name)
        elif t == "expansion":
            kids = [c.type for c in node.children]
            if kids == ["${", "variable_name", "}"]:
                self._var(self.src(node.children[1]), w, self.src(node))
            elif kids == ["${", "!", "variable_name", "}"] and _IDENT.fullmatch(self.vars.get(self.src(node.children[2])) or ""):
                # `n=HOME; "${!n}"`: the variable named by n's value (named so in the text when its value is unknown)
                target = self.vars[self.src(node.children[2])] or ""
                self._var(target, w, "${" + target + "}")
            elif kids == ["${", "!", "variable_name", "}"] and self.picks and self.src(node.children[2]) in self.picks:
                # `for k in AWS_SECRET_ACCESS_KEY GITHUB_TOKEN; do … ${!k} …`: any of the variables the loop names
                w.value = None
                w.text += "".join("${" + n + "}" for n in self.picks[self.src(node.children[2])])
            elif (len(kids) == 4 and kids[2] in _CASE or len(kids) == 5 and kids[2] == "@") and \
                    kids[1] == "variable_name" and self.vars.get(self.src(node.children[1])) is not None:
                self._case(node, w)
            elif kids == ["${", "subscript", "}"] and self.arrays and self._item(node.children[1], w):
                pass
            elif len(kids) >= 4 and kids[1] == "variable_name" and kids[2] in _DEFAULT_OPS and \
                    self.vars.get(self.src(node.children[1])) is not None:
                # `${HOME:?}`, `${HOME:-/x}`: a set variable expands to itself (HOME always is)
                self._var(self.src(node.children[1]), w, self.src(node))
            elif len(kids) >= 5 and kids[1] == "variable_name" and kids[2] in _FALLBACK_OPS and kids[-1] == "}" and \
                    self.src(node.children[1]) not in self.vars:
                # `${PYTHON:-python3}` of a name this input never set: the script runs the fallback unless the
                # user's environment says otherwise, and what it says is the user's (a name the input set to
                # something computed stays unknown)
                for c in node.children[3:-1]:
                    self._eval(c, w)
            else:
                w.value = None
                w.text += self.src(node)
                self._collect_subst(node, w)
        elif t in SUBST_TYPES:
            w.substitutions.append(node)
            out = self._static_output(node) if t == "command_substitution" else None
            if out is None:
                w.value = None
                w.text += self.src(node)
            elif type(out) is _Where:  # where the project is: not a name hidden behind a substitution
                self._add(w, str(out))
            else:
                w.obfuscated = COMPUTED
                self._add(w, out)
        else:  # arithmetic, brace_expression, extglob and anything newer: unknown at parse time
            if t == "brace_expression":
                w.glob = True
            w.value = None
            w.text += self.src(node)
            self._collect_subst(node, w)

    def _case(self, node, w: Word) -> None:
        """`${x^^}`, `${x@L}` …: a known value with its case changed (`${x@Q}` and the other operators: unknown)."""
        kids = node.children
        op = kids[3].type if kids[2].type == "@" else kids[2].type
        change = _CASE.get(op) if kids[2].type != "@" or op in ("U", "L", "u") else None
        if change is None or kids[-1].type != "}":
            w.value = None
            w.text += self.src(node)
            return
        val = self.vars[self.src(kids[1])] or ""
        out = change(val)
        if out != val:
            w.obfuscated = True  # `c=RM; ${c,,} -rf ~`: a name spelled otherwise than it runs
        self._add(w, out)

    def _item(self, sub, w: Word) -> bool:
        """`${a[0]}` of an array assigned a literal list: that item; `${a[$i]}`, `${a[i]}`: an item not known here,
        read as the most sensitive of them (as a loop's name over them is); False when neither applies."""
        kids = sub.children
        items = self.arrays.get(self.src(kids[0])) if kids and kids[0].type == "variable_name" else None
        if items is None or len(kids) != 4:
            return False
        index = self.src(kids[2])
        if index in ("@", "*"):
            return False  # every item: the walk splices `"${a[@]}"` into words
        if index.isdigit():
            if int(index) >= len(items):
                return False
            self._add(w, items[int(index)])
            return True
        from ..loops import sensitive_item

        picked = sensitive_item(items)
        if picked is None:
            return False
        self._add(w, picked)
        return True

    def _glue(self, node, w: Word) -> bool:
        """The concatenation `node` ends in a `$` the grammar split from the word after it (see glued_tail): add
        `$NAME…` of that word to `w`. False when no word follows (a lone `$` is itself)."""
        tail = node
        while tail.next_sibling is None and tail.parent is not None and tail.parent.type in _GLUE_HOLDERS:
            tail = tail.parent
        tail = tail.next_sibling
        if tail is None or not tail.is_named or tail.start_byte != node.end_byte:
            return False
        if tail.type == "command_name" and tail.children:
            tail = tail.children[0]
        kids = tail.children if tail.type == "concatenation" else [tail]
        first = self.src(kids[0]) if kids[0].type == "word" else ""
        m = _IDENT.match(first) or _DIGIT.match(first)
        if m is None:
            w.value = None
            w.text += "$"
            self._eval(tail, w)
            return True
        self._var(m.group(0), w, "$" + m.group(0))
        rest = first[m.end():]
        if _GLOB.search(rest):
            w.glob = True
        self._add(w, rest)
        for i, c in enumerate(kids[1:], 1):
            if c.type == "$" and i == len(kids) - 1 and self._glue(tail, w):
                break
            self._eval(c, w)
        return True

    def _static_output(self, node) -> str | None:
        """What `$(echo TEXT)`, `$(printf %s TEXT)` or `$(printf TEXT)` prints when TEXT is
        static (trailing newlines removed, as bash does); None for anything else."""
        inner = [c for c in node.named_children if c.type != "comment"]
        if len(inner) == 1 and inner[0].type == "redirected_statement":
            return self._heredoc_output(inner[0])
        if len(inner) != 1 or inner[0].type != "command":
            return None
        values: list[str] = []
        for k in inner[0].named_children:
            if k.type == "command_name" and k.children:
                v = self.word(k.children[0]).value
            elif k.type in ("variable_assignment", "file_redirect", "herestring_redirect", "heredoc_redirect"):
                return None
            else:
                v = self.word(k).value
            if v is None:
                return None
            values.append(v)
        if values[:1] == ["git"]:
            where = _where(values)
            if where is not None:
                return where
        out = static_print(values)
        return None if out is None else out.rstrip("\n")

    def _heredoc_output(self, stmt) -> str | None:
        """`$(cat <<'EOF' … EOF)`, the shell's way of writing a multi-line string (a commit message, a script for
        `bash -c`): the here-document's text when nothing in it is expanded (a quoted delimiter, or none of `$`, a
        backquote or a backslash in the body), tabs stripped for `<<-`; None for anything else."""
        body = stmt.child_by_field_name("body")
        redirects = [c for c in stmt.named_children if c != body]
        if body is None or body.type != "command" or len(redirects) != 1 or redirects[0].type != "heredoc_redirect":
            return None
        if [self.src(k) for k in body.named_children] not in (["cat"], ["cat", "-"]):
            return None
        r = redirects[0]
        parts = {k.type: k for k in r.named_children}
        if set(parts) - {"heredoc_start", "heredoc_body", "heredoc_end"} or "heredoc_body" not in parts:
            return None
        text = self.src(parts["heredoc_body"])
        start = self.src(parts["heredoc_start"]) if "heredoc_start" in parts else ""
        if not any(q in start for q in "'\"\\") and any(ch in text for ch in "$`\\"):
            return None  # (expanded by the shell: left unknown)
        if r.children and r.children[0].type == "<<-":
            text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
        return text.rstrip("\n")

    def _collect_subst(self, node, w: Word) -> None:
        stack = list(node.children)
        while stack:
            n = stack.pop()
            if n.type in SUBST_TYPES:
                w.substitutions.append(n)
            else:
                stack.extend(n.children)


def static_print(values: list[str]) -> str | None:
    """What `echo ARGS`, `printf %s ARGS` or `printf TEXT` (argv `values`, all static) prints;
    None for other commands and for escapes or formats left to the decoder rules."""
    if not values:
        return None
    name, args = values[0].rsplit("/", 1)[-1], values[1:]
    if name == "echo":
        if args and args[0] == "-n":
            args = args[1:]
        if args and args[0].startswith("-") and len(args[0]) > 1 and set(args[0][1:]) <= set("neE"):
            return None  # -e decodes escapes: left to the decoder rules
        out = " ".join(args)
    elif name == "printf" and args:
        if args[0] == "--":  # the end of printf's options: the format follows (`printf -- '-javaagent:%s' …`)
            args = args[1:]
            if not args:
                return None
        fmt, rest = args[0].replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r"), args[1:]
        specs = _SPEC.findall(fmt)
        if "\\" in fmt or any(x not in ("%s", "%%") for x in specs):
            return None  # escapes and other conversions are left to the decoder rules
        k = specs.count("%s")
        if k == 0:
            return fmt.replace("%%", "%")
        out = ""
        for i in range(0, max(len(rest), 1), k):  # the format is reused until the arguments run out
            it = iter(rest[i:i + k] + [""] * k)
            out += _SPEC.sub(lambda m: next(it) if m.group(0) == "%s" else "%", fmt)
    else:
        return None
    return out
