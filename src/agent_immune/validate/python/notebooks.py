"""IPython notebook cells sent as Python (agents driving Jupyter send a cell's text as `lang: python`).

A cell is Python with IPython's own lines mixed in, which the Python grammar cannot read (so the whole cell
would be `malformed`). Each is judged as what it runs, positions kept on the cell's rows:

- `!cmd`, `!!cmd`, `x = !cmd`, `%sx cmd`, `%system cmd`, and the shell aliases IPython defines (`%ls`, `%rm`, `%cp`,
  `%mv`, `%mkdir`, `%cat` …): shell commands. All of a cell's commands form one script, each on its own row, so a
  download on one line and its run on the next are read together as in a shell script;
- `%pip …`, `%conda …`, `%mamba …`, `%cd …`, `%pushd …`: the same command line (`pip install …`); `%env K=V`,
  `%env K V`, `%set_env K V`: the assignment `K=V`, set for every later command (LD_PRELOAD, PATH …); `%run
  [opts] script.py args` / `%run -m mod`: `python script.py args`; `%alias name cmd`: `cmd`;
- `%time stmt`, `%timeit [opts] stmt`, `%prun [opts] stmt`, `%debug stmt`, `%memit stmt`: the statement is Python,
  judged with the rest of the cell (it becomes `0; stmt` in place);
- cell magics on the first line: `%%bash`, `%%sh`, `%%script bash|sh|zsh`, `%%sx`/`%%system`/`%%!`: the body is a
  shell script; `%%time`, `%%timeit [setup]`, `%%capture`, `%%prun`, `%%python3`, `%%script python`: the body is
  Python (a cell again); `%%writefile [-a] path` / `%%file`: judged as `cat > path <<'EOF'` with the body, so a
  written script, start-up or settings file is judged by what it holds; `%%perl`, `%%ruby`, `%%script X`: judged
  as `X <<'EOF'` with the body; `%%javascript`: as TypeScript; `%%sql` and `%sql`: the SQL, held when it loses
  tables or rows (sql.loss); `%%html`, `%%markdown`, `%%latex`, `%%svg` only display;
- `obj?`, `??obj`, `%matplotlib inline`, `%load_ext x`, `%autoreload 2`, `%config …` and the other magics
  change only the session (inert); `pip install x`, `cd x`, `run x.py` written without `%` (automagic) are read as
  with it.

A line is IPython's only where a Python statement may start (not inside brackets, a string or after a
backslash). The Python left is parsed with those lines replaced in place by `0` (so every position holds); a cell
that still does not parse stays `malformed`. A shell line's Python fields (`!rm -rf {target}`), which IPython
evaluates, stay in the Python as `0 [target]`, and each value the Python gives is put in the command before the
shell script is judged. Files a shell line downloads (`wget -O F URL`, `curl -o F URL`) are known to the Python that
loads them after (python/ml.py: a pickle fetched from another host). IPython's API spelled as calls
(`get_ipython().system(…)`, `run_cell_magic(…)`) is read in python/ml.py.
"""
from __future__ import annotations

import re
import shlex

from ..parse import Doc, first_error, join_continuations, parse

# a line of the cell that may be IPython's: the quick test before any line is read
_AUTO_NAMES = rb"(?:pip|conda|mamba|cd|run|load_ext|reload_ext|matplotlib|autoreload|env|set_env)"
_MARK = re.compile(rb"(?m)^[ \t]*(?:[!%?]|[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[!%]|[\w.]+\?|" + _AUTO_NAMES +
                   rb"[ \t])")
_ASSIGN = re.compile(rb"^([ \t]*[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*)(?=[!%])")
_MAGIC = re.compile(rb"%([A-Za-z_]\w*)[ \t]*")
_HELP = re.compile(rb"^[ \t]*(?:\?\??[\w.]+|[\w.]+(?:\(\))?\?\??)[ \t]*$")
# magics IPython runs without their `%` (automagic), when the word after them is no Python operator
_AUTOMAGIC = re.compile(rb"^[ \t]*(" + _AUTO_NAMES + rb")[ \t]+(?![=(\[,:;+*/%&|^<>!)\]}]|-[ \t=]|\.[A-Za-z_])\S")
# IPython's default shell aliases (posix): `%rm -rf x` runs rm
_ALIASES = frozenset({b"cat", b"cp", b"ldir", b"less", b"lf", b"lk", b"ll", b"ls", b"lx", b"man", b"mkdir", b"more",
                      b"mv", b"rm", b"rmdir", b"clear"})
# line magics that are a shell command line of the same name
_COMMANDS = frozenset({b"pip", b"conda", b"mamba", b"micromamba", b"uv", b"cd", b"pushd", b"popd", b"dirs", b"pwd"})
_SHELL = frozenset({b"sx", b"system"})
# line magics whose argument is a Python statement (after their options), and the options that take a value
_PY_ARG = frozenset({b"time", b"timeit", b"prun", b"debug", b"memit", b"lprun"})
_OPT_VALUES = frozenset({b"-n", b"-r", b"-p", b"-s", b"-l", b"-T", b"-D", b"-f", b"-m", b"-i"})
_OPTION = re.compile(rb"-\w+[ \t]*")
# (IPython drops the blank lines before a cell magic)
_CELL = re.compile(rb"^(?:[ \t]*\r?\n)*%%(!|[A-Za-z_]\w*)[ \t]*([^\n]*)")
_BASH_CELLS = frozenset({"bash", "sh", "sx", "system", "!"})
_PY_CELLS = frozenset({"time", "timeit", "capture", "prun", "python", "python3", "pypy", "debug", "memit",
                       "snakeviz"})
_INERT_CELLS = frozenset({"html", "markdown", "latex", "svg"})
_SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh"})
_PYTHONS = re.compile(r"^(?:python[\d.]*|pypy[\d.]*|ipython[\d.]*)$")
_SCRIPT_OPTS = frozenset({"--out", "--err", "--proc"})
_EOF = "__IPYTHON_CELL_EOF__"
_FIELD = re.compile(rb"(?<![$\\{])\{[^{}\n]+\}(?!\})")  # IPython's `{expr}` in a shell line (not `${var}`, `{{`)
_PLAIN_FIELD = re.compile(rb"[\w.,/~*+-]*")
_COMMAND_START = re.compile(rb"(?:^|[|;&(])[ \t]*$")
_SAFE_PATH = re.compile(r"[\w./~+@%-]+")


class _Place:
    """A span of the cell for a reason that no parsed node holds (a `%sql` line): what Doc.span reads."""

    __slots__ = ("start_byte", "end_byte", "start_point", "end_point")

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self.start_byte, self.end_byte = start, end
        self.start_point = (data.count(b"\n", 0, start), start - (data.rfind(b"\n", 0, start) + 1))
        self.end_point = (data.count(b"\n", 0, end), end - (data.rfind(b"\n", 0, end) + 1))


def judge_cell(ctx, doc: Doc) -> bool:
    """Judge `doc`, Python that does not parse, as an IPython cell; False when it has none of IPython's lines (it
    is then malformed as it stands)."""
    data = doc.data
    if _MARK.search(data) is None:
        return False
    cell = _CELL.match(data)
    if cell is not None:
        return _cell_magic(ctx, doc, cell)
    return _lines(ctx, doc, data)


def _sub(doc: Doc, data: bytes, same: bool) -> Doc:
    """A document for a rewrite of the cell, on the cell's rows: its text shown as written when the rewrite kept
    every length (`same`)."""
    return Doc(data, anchor=doc.anchor, row_off=doc.row_off, col_off=doc.col_off, exact=doc.exact,
               written=(doc.written or doc.data) if same and len(data) == len(doc.written or doc.data) else None)


# -- cell magics -------------------------------------------------------------------------------------------------
def _cell_magic(ctx, doc: Doc, m) -> bool:
    data = doc.data
    name = m.group(1).decode()
    args = m.group(2).decode("utf-8", "replace").strip()
    head = m.end()  # the magic's line's end
    blank = re.sub(rb"[^\n]", b" ", data[:head])
    body = data[head + 1:] if head < len(data) else b""
    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
    if name == "script":
        while words and words[0].startswith("--"):
            words = words[2:] if words[0] in _SCRIPT_OPTS else words[1:]
        prog = words[0].rsplit("/", 1)[-1] if words else ""
        name = "bash" if prog in _SHELLS else "python" if _PYTHONS.match(prog) else ""
        if not name:
            _fed(ctx, doc, " ".join(shlex.quote(w) for w in words) or "sh", body)
            return True
    if name in _BASH_CELLS:
        _bash(ctx, _sub(doc, join_continuations(blank + data[head:]), True))
    elif name in _PY_CELLS:
        first = blank
        if name == "timeit":  # `%%timeit -n 10 setup`: the setup statement runs first
            rest = _after_options(m.group(2))
            if rest.strip():
                line_at = data.rfind(b"\n", 0, head) + 1
                first = blank[:line_at] + b"0;" + b" " * (head - line_at - len(rest) - 2) + rest
        ctx.analyze(_sub(doc, first + data[head:], True), "python")  # (its own IPython lines: judge_cell again)
    elif name in ("writefile", "file"):
        line_at = data.rfind(b"\n", 0, m.start(1)) + 1
        _written(ctx, doc, words, body, data[line_at:head].decode("utf-8", "replace"))
    elif name in ("perl", "ruby"):
        _fed(ctx, doc, name, body)
    elif name in ("javascript", "js"):
        ctx.analyze(_sub(doc, blank + data[head:], True), "typescript")
    elif name == "sql":
        _sql(ctx, doc, data, head + 1, len(data))
    elif name not in _INERT_CELLS:  # an extension's cell magic (`%%cython`): its body is read as Python
        ctx.analyze(_sub(doc, blank + data[head:], True), "python")
    return True


def _after_options(args: bytes) -> bytes:
    """What follows a magic's leading options (`-n 10 -r 3 stmt` -> `stmt`)."""
    rest = args
    while rest.startswith(b"-"):
        m = _OPTION.match(rest)
        if m is None:
            break
        flag = rest[:m.end()].strip()
        rest = rest[m.end():]
        if flag in _OPT_VALUES and rest and not rest.startswith(b"-"):
            value = re.match(rb"\S+[ \t]*", rest)
            rest = rest[value.end():] if value else rest
    return rest


def _written(ctx, doc: Doc, words: list[str], body: bytes, line: str) -> None:
    """`%%writefile [-a] path`: the body written to the file, judged as the here-document that writes it (the path
    at its column of the magic's line when it fits, the home expanded as IPython expands it)."""
    append = any(w in ("-a", "--append") for w in words)
    files = [w for w in words if not w.startswith("-")]
    if not files:
        return
    path = files[-1]
    shown = path if _SAFE_PATH.fullmatch(path) else shlex.quote(path)
    redirect = "cat >> " if append else "cat > "
    col = line.rfind(path)
    head = redirect.ljust(col) if col >= len(redirect) and shown == path else redirect
    text = body.decode("utf-8", "replace")
    script = f"{head}{shown} <<'{_EOF}'\n{text}{'' if text.endswith(chr(10)) else chr(10)}{_EOF}\n"
    _bash(ctx, _sub(doc, join_continuations(script.encode()), False))


def _fed(ctx, doc: Doc, program: str, body: bytes) -> None:
    """`%%perl`, `%%script X`: the body fed to the program, as `X <<'EOF'` would."""
    text = body.decode("utf-8", "replace")
    script = f"{program} <<'{_EOF}'\n{text}{'' if text.endswith(chr(10)) else chr(10)}{_EOF}\n"
    _bash(ctx, _sub(doc, join_continuations(script.encode()), False))


def _bash(ctx, doc: Doc) -> None:
    if doc.data.strip():
        ctx.analyze(doc, "bash")


def _sql(ctx, doc: Doc, data: bytes, start: int, end: int) -> None:
    """`%sql …` / `%%sql`: SQL run against the session's connection, held when it loses tables or rows."""
    from ..sql import loss

    text = data[start:end].decode("utf-8", "replace")
    found = loss(text)
    if found is not None:
        ctx.review("irreversible", f"the cell's SQL runs {found.statement()} on {found.target}; it has no undo: have "
                                   "a person confirm it is meant (and back it up first), or run it on a throwaway "
                                   "copy", doc, _Place(data, start, end))


# -- line by line ------------------------------------------------------------------------------------------------
def _lines(ctx, doc: Doc, data: bytes) -> bool:
    """A cell of Python lines and IPython's: the Python with those lines replaced in place (the Python fields of a
    shell line, `{expr}`, kept as what IPython evaluates), then the shell lines judged as one script with each field's
    value in its place where the Python gives it."""
    py: list[bytes] = []
    sh: list[bytes] = []
    sql: list[tuple[int, int]] = []
    fields: list[tuple[int, int, int]] = []  # (row, start, end) of each `{expr}` of a shell line, in the cell
    same = True
    changed = False
    quote, depth, cont, shell_cont = None, 0, False, False
    at = 0
    for row, line in enumerate(data.split(b"\n")):
        start = at
        at += len(line) + 1
        if shell_cont:  # a shell line continued with a backslash
            py.append(b" " * len(line))
            sh.append(line)
            shell_cont = line.rstrip(b"\r").endswith(b"\\")
            continue
        if quote is None and depth == 0 and not cont:
            got = _ipython_line(line)
            if got is not None:
                p, s, kind, found = got
                changed = True
                py.append(p)
                sh.append(s if s is not None else b" " * len(line))
                same = same and (s is None or len(s) == len(line))
                fields += [(row, start + a, start + b) for a, b in found]
                if kind == "sql":  # (the statement after `%sql`: sql.loss reads a DELETE at its start)
                    sql.append((start + re.search(rb"sql[ \t]*", line).end(), start + len(line)))
                shell_cont = s is not None and line.rstrip(b"\r").endswith(b"\\")
                continue
        py.append(line)
        sh.append(b" " * len(line))
        quote, depth, cont = _python_state(line, quote, depth)
    if not changed:
        return False
    script = b"\n".join(sh)
    fetched = _fetches(script) if script.strip() else {}
    values = _python(ctx, _sub(doc, b"\n".join(py), True), fetched, fields)
    for start, end in sql:
        _sql(ctx, doc, data, start, end)
    if script.strip():
        if fields:
            sh = [_FIELD.sub(_filler(values.get(row, [])), line) for row, line in enumerate(sh)]
            filled = b"\n".join(sh)
            same = same and len(filled) == len(script)
            script = filled
        _bash(ctx, _sub(doc, join_continuations(script), same))
    return True


def _filler(row_values: list):
    """`_FIELD.sub` of one shell line: each `{expr}` in turn as its value where known, else as _field reads it."""
    it = iter(row_values)

    def one(m) -> bytes:
        v = next(it, None)
        return v.encode() if v is not None else _field(m)

    return one


def _python(ctx, doc: Doc, fetched: dict[str, str], fields: list) -> dict[int, list]:
    """Judge the cell's Python (IPython's lines replaced), with the files its shell lines download made known;
    row -> the value of each of its shell fields, in order (None when not known)."""
    if not fetched and not fields:
        ctx.analyze(doc, "python")
        return {}
    tree = parse(doc.data, "python")
    if first_error(tree.root_node) is not None:
        ctx.analyze(doc, "python", tree)  # malformed, as it is reported for any code
        return {}
    from ..miners import check_text, pool_address
    from .walk import PythonAnalysis

    if pool_address(doc.data):
        check_text(ctx, doc, tree.root_node)
    a = PythonAnalysis(doc, ctx)
    if fetched:
        a.seed_fetched(fetched)
    a.run(tree.root_node)
    values: dict[int, list] = {}
    for row, start, end in fields:
        node = tree.root_node.descendant_for_byte_range(start + 1, end - 1) if doc.data[start:start + 1] == b"[" \
            else None
        v = a.string(node) if node is not None and node.start_byte == start + 1 and node.end_byte == end - 1 else None
        values.setdefault(row, []).append(v if v is None or "\n" not in v else None)
    return values


def _ipython_line(line: bytes) -> tuple[bytes, bytes | None, str, list] | None:
    """(the line for the Python, the line for the shell script or None, what it is, where its Python fields are) of
    one of IPython's lines; None for a Python line."""
    body = line.rstrip(b"\r")
    tail = line[len(body):]
    stripped = body.lstrip(b" \t")
    if not stripped:
        return None
    ind = len(body) - len(stripped)
    lhs = b""
    m = _ASSIGN.match(body)
    if m is not None:
        lhs, ind, stripped = m.group(1), m.end(), body[m.end():]
    head = body[:ind] if not lhs else lhs
    found: list[tuple[int, int]] = []

    def placeholder(stmt_at: int | None = None, fields_at: int | None = None) -> bytes:
        """`0` in place of the IPython text; `0;` and the statement at `stmt_at` when one is run (`%time f()`); with
        `fields_at`, each `{expr}` of the shell text from there kept in place as `[expr]` (`0 [expr]`), the Python
        IPython evaluates to fill it in."""
        if stmt_at is not None:
            return head + b"0;" + b" " * (stmt_at - 2) + stripped[stmt_at:] + tail
        out = bytearray(b"0" + b" " * (len(stripped) - 1))
        if fields_at is not None:
            for f in _FIELD.finditer(stripped, fields_at):
                inner = f.group(0)[1:-1]
                if f.start() > 0 and b":" not in inner and b"!" not in inner:
                    out[f.start()], out[f.end() - 1] = 0x5B, 0x5D
                    out[f.start() + 1:f.end() - 1] = inner
                    found.append((ind + f.start(), ind + f.end()))
        return head + bytes(out) + tail

    def shell(at: int, text: bytes | None = None) -> bytes:
        """The shell line: blanks up to column `ind + at`, then the command (`text`, else the line from there)."""
        return b" " * (ind + at) + (stripped[at:] if text is None else text) + tail

    got: tuple | None = None
    if stripped[:1] == b"!":
        at = 2 if stripped[:2] == b"!!" else 1
        got = placeholder(fields_at=at), shell(at), "shell"
    elif stripped[:1] == b"%" and stripped[:2] != b"%%":
        mm = _MAGIC.match(stripped)
        if mm is not None:
            got = _line_magic(mm.group(1), mm.end(), stripped, placeholder, shell)
    elif not lhs and _HELP.match(body):
        got = placeholder(), None, "inert"
    elif not lhs:
        am = _AUTOMAGIC.match(body)
        if am is not None:
            name = am.group(1)
            args_at = len(stripped) - len(stripped[len(name):].lstrip(b" \t"))
            got = _line_magic(name, args_at, stripped, placeholder, shell, automagic=True)
    return (*got, found) if got is not None else None


def _field(m) -> bytes:
    """A `{expr}` of a shell line: kept when the shell reads it as a word or a brace expansion (`{f}`, `{a,b}`),
    else a variable of the same length (`{" ".join(pkgs)}`: IPython puts the value there, the shell never sees it)."""
    inner = m.group(0)[1:-1]
    first = _COMMAND_START.search(m.string, 0, m.start()) is not None  # (`{x}` there would open a command group)
    return m.group(0) if _PLAIN_FIELD.fullmatch(inner) and not first else b"$" + b"_" * (len(m.group(0)) - 1)


def _line_magic(name: bytes, args_at: int, stripped: bytes, placeholder, shell, automagic: bool = False):
    """One line magic `%name args` (`args_at`: where its arguments start in `stripped`)."""
    name_at = 0 if automagic else 1
    args = stripped[args_at:]
    if name in _ALIASES or name in _COMMANDS:
        return placeholder(fields_at=args_at), shell(name_at), "shell"
    if name in _SHELL:
        return placeholder(fields_at=args_at), shell(args_at), "shell"
    if name in (b"env", b"set_env"):
        return placeholder(fields_at=args_at), _env_line(args, args_at, shell), "shell"
    if name == b"run":
        return placeholder(fields_at=args_at), _run_line(args, shell), "shell"
    if name == b"alias":
        parts = args.split(None, 1)
        if len(parts) == 2:
            return placeholder(), shell(len(stripped) - len(parts[1])), "shell"
        return placeholder(), None, "inert"
    if name in _PY_ARG:
        rest = _after_options(args)
        if rest.strip():
            return placeholder(len(stripped) - len(rest)), None, "python"
        return placeholder(), None, "inert"
    if name == b"sql":
        return placeholder(), None, "sql"
    return placeholder(), None, "inert"


def _env_line(args: bytes, args_at: int, shell) -> bytes | None:
    """`%env K=V` / `%env K V` / `%set_env K V`: the assignment `K=V` in place (a listing or a read of one
    variable: nothing)."""
    m = re.match(rb"([A-Za-z_]\w*)(?:=|[ \t]+)(.*)$", args)
    if m is None:
        return None
    value = m.group(2)
    assignment = m.group(1) + b"=" + value
    return shell(args_at, assignment + b" " * (len(args) - len(assignment)))


def _run_line(args: bytes, shell) -> bytes | None:
    """`%run [-i -e -t -d -p -G -N n] script.py args` / `%run -m mod args`: `python script.py args`."""
    module = re.search(rb"(?:^|[ \t])-m[ \t]+(.*)$", args)
    if module is not None:
        return shell(0, b"python -m " + module.group(1))
    rest = args
    while rest.startswith(b"-"):
        m = re.match(rb"-(?:N[ \t]*\d+|b[ \t]*\S+|\w+)[ \t]*", rest)
        if m is None:
            break
        rest = rest[m.end():]
    return shell(0, b"python " + rest) if rest.strip() else None


# -- Python's own lines: where a statement may start -------------------------------------------------------------
def _python_state(line: bytes, quote: bytes | None, depth: int) -> tuple[bytes | None, int, bool]:
    """After `line` of Python, given the open string `quote` and bracket `depth` before it: (the string still open,
    the bracket depth, whether a backslash continues the line)."""
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quote is not None:
            if c == 0x5C:
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
            i += 1
            continue
        if c == 0x23:  # a comment to the line's end
            return None, depth, False
        if c in (0x22, 0x27):
            three = line[i:i + 3]
            quote = three if three in (b'"""', b"'''") else line[i:i + 1]
            i += len(quote)
            continue
        if c in (0x28, 0x5B, 0x7B):
            depth += 1
        elif c in (0x29, 0x5D, 0x7D):
            depth = max(0, depth - 1)
        i += 1
    cont = line.rstrip(b"\r").endswith(b"\\")
    if quote is not None and len(quote) == 1 and not cont:
        quote = None  # an unterminated one-line string: the grammar reports it
    return quote, depth, cont


# -- what the shell lines download -------------------------------------------------------------------------------
_FETCHERS = frozenset({"wget", "curl"})
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})


def _fetches(script: bytes) -> dict[str, str]:
    """The files the shell lines save from a URL (`wget -O F URL`, `wget -P DIR URL`, `curl -o F URL`, `curl -O URL`)
    -> that URL, for the Python after them."""
    from ..paths import normalize

    out: dict[str, str] = {}
    for raw in script.decode("utf-8", "replace").splitlines():
        if "wget" not in raw and "curl" not in raw:
            continue
        try:
            words = shlex.split(raw, comments=True)
        except ValueError:
            continue
        cmd: list[str] = []
        for w in words + [";"]:
            if w in _SEPARATORS:
                got = _fetched(cmd)
                if got is not None:
                    out[normalize(got[0])] = got[1]
                cmd = []
            else:
                cmd.append(w)
    return out


def _fetched(words: list[str]) -> tuple[str, str] | None:
    """(the file, the URL) of one wget/curl command that saves one URL; None otherwise."""
    while words and words[0] in ("sudo", "env", "nohup", "time"):
        words = words[1:]
    if not words or words[0].rsplit("/", 1)[-1] not in _FETCHERS:
        return None
    prog = words[0].rsplit("/", 1)[-1]
    out = folder = None
    remote_name = prog == "wget"
    urls = []
    i = 1
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w in ("-O", "--output-document") and prog == "wget" or w in ("-o", "--output") and prog == "curl":
            out, i = nxt, i + 2
            continue
        if w.startswith("--output-document=") or w.startswith("--output="):
            out = w.split("=", 1)[1]
        elif w in ("-P", "--directory-prefix") and prog == "wget":
            folder, i = nxt, i + 2
            continue
        elif w.startswith("--directory-prefix="):
            folder = w.split("=", 1)[1]
        elif w in ("-O", "--remote-name") and prog == "curl":
            remote_name = True
        elif "://" in w and not w.startswith("-"):
            urls.append(w)
        i += 1
    if len(urls) != 1 or out == "-":
        return None
    url = urls[0]
    if out is None and remote_name:
        out = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    if not out:
        return None
    return (folder.rstrip("/") + "/" + out if folder and not out.startswith("/") else out), url
