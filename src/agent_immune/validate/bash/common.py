"""Small helpers shared by the bash theme modules."""
from __future__ import annotations

import bisect
import heapq
import re
from functools import lru_cache

from .commands import INLINE_FLAGS, INTERPRETERS, SHELLS, Cmd, base_name
from .words import Word

DOWNLOADERS = frozenset({"curl", "wget", "fetch", "aria2c", "http", "https", "xh", "lwp-download", "lwp-request",
                         "GET", "POST", "nc", "ncat", "netcat", "socat", "telnet", "ftp", "tftp", "ssh",
                         "nc.traditional", "nc.openbsd", "s3cmd", "gsutil",
                         # DNS lookups: a TXT record is a classic way to carry a payload (or a leak)
                         "dig", "nslookup", "drill", "kdig", "host"})
NET_SENDERS = DOWNLOADERS | {"scp", "sftp", "rsync", "mail", "sendmail", "mutt", "openssl"}
LANG_OF = {**{s: "bash" for s in SHELLS}, "python": "python", "pypy": "python", "ipython": "python", "node": "typescript",
           "nodejs": "typescript", "deno": "typescript", "bun": "typescript", "ts-node": "typescript",
           "tsx": "typescript"}
AWKS = frozenset({"awk", "gawk", "mawk", "nawk", "busybox-awk"})
# Programs a pager/editor/ssh-like variable or option may name without running anything else.
SAFE_TOOLS = frozenset({"cat", "less", "more", "most", "bat", "delta", "true", "false", ":", "vi", "vim", "nvim",
                        "nano", "emacs", "emacsclient", "code", "subl", "micro", "ed", "head", "tee", "diff-so-fancy",
                        "ssh", "gzip", "pigz", "zstd", "xz", "bzip2", "pbzip2", "lz4", "lzip", "lzma", "brotli",
                        "store", "cache", "osxkeychain", "manager", "manager-core", "libsecret", "wincred", "rsync",
                        "sudo"})
_META = re.compile(r"[;&|`$<>(){}\n]")


# where git and its credential helpers are installed: `/usr/lib/git-core/git-credential-libsecret` (Debian's
# documented helper), Git for Windows' Credential Manager as WSL's documentation has git call it
_HELPER_HOME = re.compile(r"^(?:/usr/(?:local/)?(?:lib|libexec|bin|share)/(?:git-core/|git/)?|/opt/homebrew/bin/|"
                          r"/mnt/[a-z]/Program(?:\\ | )Files(?: \(x86\)|\\ \\\(x86\\\))?/Git/"
                          r"(?:mingw64/(?:bin|libexec/git-core)|cmd)/)git-credential-[\w.-]+(?:\.exe)?$")


_HELPER_HEAD = re.compile(r"^(?:\"([^\"]+)\"|'([^']+)'|((?:\\ |\S)+))(?:\s|$)")


def _installed_helper(value: str) -> bool:
    """A credential helper given by the path git or Git for Windows installs it at (its name's spaces escaped as
    git's shell reads them, or quoted)."""
    head = _HELPER_HEAD.match(value.strip())
    return head is not None and bool(_HELPER_HOME.match(next(g for g in head.groups() if g is not None))) and \
        not _META.search(value.strip()[head.end():])  # its own options only, no second command


def is_safe_tool(value: str | None) -> bool:
    """`less -R`, `ssh -i key -p 22`, `zstd -19`: a known harmless program, no shell syntax."""
    if value is not None and "git-credential-" in value and _installed_helper(value):
        return True
    if value is None or _META.search(value):
        return False
    head = value.split()[0] if value.split() else ""
    if head.startswith("git-credential-"):
        return True
    low = value.lower()
    if "proxycommand" in low or "localcommand" in low:
        return False
    return base_name(head) in SAFE_TOOLS


_LOCAL_URL = re.compile(r"^http://(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?:[:/]|$)")


def plain_http(url: str | None) -> bool:
    """An `http://` address off this machine: whoever sits on the path can swap what it serves."""
    return bool(url) and url.startswith("http://") and not _LOCAL_URL.match(url)  # type: ignore[union-attr]


def verbatim_offset(a, w: Word) -> int | None:
    """Column where w.value starts verbatim inside w's node text, if it does."""
    if w.value is None:
        return None
    src = a.src(w.node)
    if src == w.value:
        return 0
    if len(src) >= 2 and src[0] in "'\"" and src[1:-1] == w.value:
        return 1
    return None


_PY_ARG = frozenset({"-W", "-X", "-Q"})
_SH_ARG = frozenset({"-o", "-O", "+o", "+O", "--rcfile", "--init-file"})
_NODE_ARG = frozenset({"-r", "--require", "--import", "--loader", "--experimental-loader", "-C", "--conditions",
                       "--inspect-port", "--env-file", "--input-type"})
_PERL_ARG = frozenset({"-I", "-M", "-m", "-x"})


def inline_code(cmd: Cmd) -> tuple[Word | None, bool]:
    """(code word, True) for `sh -c CODE`, `python -c`, `node -e`, `perl -e`, `ruby -e`, `php -r`...

    Returns (None, False) when the interpreter runs a file or reads stdin.
    """
    name, args = cmd.name, cmd.args
    if name in SHELLS:
        j = 0
        while j < len(args):
            v = args[j].value
            if v is None or not v.startswith(("-", "+")) or v in ("-", "--"):
                return None, False
            if v in _SH_ARG:
                j += 2  # `bash -o pipefail -c ...`: the option's value is not the script
                continue
            if v.startswith("-") and not v.startswith("--") and "c" in v[1:]:
                k = j + 1
                while k < len(args) and (args[k].value or "").startswith(("-", "+")) and args[k].value != "-":
                    k += 2 if args[k].value in _SH_ARG else 1
                return (args[k] if k < len(args) else None), True
            j += 1
        return None, False
    if name in ("python", "pypy", "ipython"):
        for j, w in enumerate(args):
            v = w.value
            if j > 0 and args[j - 1].value in _PY_ARG:
                continue  # `python3 -X dev -c CODE`: the option's value is not the script
            if v is None or not v.startswith("-") or v == "-":
                return None, False
            if v == "-m" or (v.startswith("-m") and len(v) > 2):
                return None, False
            if v.startswith("-") and not v.startswith("--") and "c" in v[1:]:
                idx = v.index("c")
                if idx + 1 < len(v):
                    return Word(w.node, v[idx + 1:], v[idx + 1:]), True
                return (args[j + 1] if j + 1 < len(args) else None), True
        return None, False
    if name == "deno":
        if args and args[0].value == "eval":
            rest = [w for w in args[1:] if not (w.value or "").startswith("-")]  # `deno eval --quiet CODE`
            return (rest[0] if rest else None), True
        return None, False
    if name == "perl":
        for j, w in enumerate(args):
            v = w.value
            if v is None or not v.startswith("-") or v == "-":
                return None, False
            if not v.startswith("--") and ("e" in v[1:] or "E" in v[1:]) and v[1] not in "IMmx":
                return (args[j + 1] if j + 1 < len(args) else None), True
        return None, False
    flags = INLINE_FLAGS.get(name)
    if flags:
        for j, w in enumerate(args):
            v = w.value
            if v in flags:
                return (args[j + 1] if j + 1 < len(args) else None), True
            if v and v.startswith("--eval="):
                return Word(w.node, v[7:], v[7:]), True
        return None, False
    return None, False


_STDIN_CODE = re.compile(r"/dev/stdin|/dev/fd/0|/proc/self/fd/0|(?:^|[\s;&|(])(?:source|\.)\s+-(?:$|[\s;&|)])")


def reads_stdin(cmd: Cmd) -> bool:
    """Does this interpreter take its program from standard input?"""
    name = cmd.name
    if name not in SHELLS and name not in INTERPRETERS or name in AWKS:
        if name in ("source", ".") and cmd.args and cmd.args[0].value in ("/dev/stdin", "-", "/proc/self/fd/0"):
            return True
        return False
    code, has = inline_code(cmd)
    if has:
        # `bash -c 'source /dev/stdin'`: inline code that runs what comes on stdin
        return name in SHELLS and code is not None and code.value is not None and bool(_STDIN_CODE.search(code.value))
    skip = _SH_ARG if name in SHELLS else _PY_ARG if name in ("python", "pypy") else \
        _NODE_ARG if name in LANG_OF else _PERL_ARG
    for j, w in enumerate(cmd.args):
        v = w.value
        if v is None:
            return False
        if v in ("-", "/dev/stdin", "-s"):
            return True
        if v == "-m" or (name in ("python", "pypy") and v.startswith("-m")):
            # the asyncio and code modules are interactive interpreters: they run what stdin says
            module = v[2:] if len(v) > 2 else (cmd.args[j + 1].value if j + 1 < len(cmd.args) else None)
            return module in ("asyncio", "code")
        if not v.startswith(("-", "+")):
            if j > 0 and cmd.args[j - 1].value in skip:
                continue
            if j == 0 and v == "run" and name in ("deno", "bun"):
                continue  # `deno run -A -`: the subcommand, then the program's options
            return False
    return True


def script_arg(cmd: Cmd) -> Word | None:
    """The script file an interpreter runs (`bash install.sh`, `python <(curl ...)`)."""
    code, has = inline_code(cmd)
    if has:
        return None
    skip = _SH_ARG | _PY_ARG | _NODE_ARG | _PERL_ARG
    for j, w in enumerate(cmd.args):
        v = w.value
        if v is None:
            return w
        if v == "-m" or (v.startswith("-m") and cmd.name in ("python", "pypy")):
            return None
        if v.startswith(("-", "+")):
            continue
        if j > 0 and cmd.args[j - 1].value in skip:
            continue
        return w
    return None


def pipeline_stage(cmd: Cmd) -> tuple[list, int] | None:
    """The stages of the pipeline `cmd` is a stage of (its redirects included) and the index of its own, or None
    when it is in no pipeline. The grammar hangs the rest of `psql app <<'SQL' | nc …` under the here-document: there
    the first stage is the here-document's command (its node without the redirects, which hold the rest)."""
    stage = cmd.node
    if stage.parent is not None and stage.parent.type == "redirected_statement":
        stage = stage.parent
    pipe = stage.parent
    if pipe is None or pipe.type != "pipeline":
        rest = _heredoc_pipeline(stage) if stage is not cmd.node else None
        if rest is None:
            return None
        return [cmd.node] + [c for c in rest.named_children if c.type != "comment"], 0
    stages = [c for c in pipe.named_children if c.type != "comment"]
    at = next((i for i, c in enumerate(stages) if c == stage), 0)
    head = heredoc_head(pipe)
    return ([head] + stages, at + 1) if head is not None else (stages, at)


def _heredoc_pipeline(statement):
    """The pipeline a here-document's line continues (`cat <<EOF | curl …`), if any (`| gzip | nc …` comes as a
    pipeline wrapped in another: the inner one)."""
    for r in statement.named_children:
        if r.type == "heredoc_redirect":
            pipe = next((p for p in r.named_children if p.type == "pipeline"), None)
            while pipe is not None and pipe.named_child_count == 1 and pipe.named_children[0].type == "pipeline":
                pipe = pipe.named_children[0]
            return pipe
    return None


def heredoc_head(pipe):
    """The command whose here-document starts the pipeline `pipe`, when it does (see pipeline_stage)."""
    up = pipe.parent if pipe is not None else None
    while up is not None and up.type == "pipeline" and up.named_child_count == 1:
        up = up.parent
    if up is None or up.type != "heredoc_redirect" or up.parent is None or up.parent.type != "redirected_statement":
        return None
    return up.parent.child_by_field_name("body")


def feeders(a, cmd: Cmd, names=None) -> list[Cmd]:
    """The commands of this input (named in `names`, when given) whose output reaches `cmd`: the earlier stages of its
    pipeline (loops and groups whole; the command a here-document pipeline starts with) and the substitutions among
    its own words; the latest first."""
    where = pipeline_stage(cmd)
    before = where[0][:where[1]] if where is not None else []
    ranges = [(cmd.node.start_byte, cmd.node.end_byte)] + [(s.start_byte, s.end_byte) for s in before]
    return [c for c in commands_in(a, ranges) if (names is None or c.name in names) and c.node != cmd.node]


def commands_in(a, ranges) -> list[Cmd]:
    """The commands of this input judged so far that lie inside one of `ranges` (start and end bytes), the latest
    judged first (the order of a.ctx.commands, reversed)."""
    starts, entries = _placed(a)[1:3]
    found: dict[int, Cmd] = {}
    for start, end in ranges:
        for at in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
            order, c = entries[at]
            if c.node.end_byte <= end:
                found[order] = c
    return [found[k] for k in sorted(found, reverse=True)]


def commands_named(a, names, latest_first: bool = True):
    """The commands of this input judged so far named in `names` (">": those with an output redirect), the latest
    judged first (or the earliest), as an iterator: the lists kept per name are merged as they are read, since most
    callers stop at the first command that answers (sorting them all at each call made 1,500 uploads quadratic)."""
    by_name = _placed(a)[3]
    runs = [run for name in names if (run := by_name.get(name))]
    if not latest_first:
        return iter(list(_once(runs[0] if len(runs) == 1 else heapq.merge(*runs, key=_order))))
    if len(runs) == 1:
        return (c for _, c in reversed(runs[0]))
    return _once(heapq.merge(*map(reversed, runs), key=_order, reverse=True))


def _order(entry: tuple) -> int:
    return entry[0]


def _once(entries):
    """The commands of `entries` (in order), each once: `cat > f` is kept under its name and under ">"."""
    last = -1
    for order, c in entries:
        if order != last:
            yield c
        last = order


def _placed(a) -> list:
    """a.placed with the commands judged since the last question taken in: a long script's handlers ask which
    commands feed a sender, or which wrote a file, at every command; the index answers without reading them all."""
    placed = a.placed
    commands = a.ctx.commands
    if placed[0] < len(commands):
        starts, entries, by_name = placed[1], placed[2], placed[3]
        for order in range(placed[0], len(commands)):
            doc, c = commands[order]
            if doc is a.doc:
                at = bisect.bisect_right(starts, c.node.start_byte)
                starts.insert(at, c.node.start_byte)
                entries.insert(at, (order, c))
                by_name.setdefault(c.name, []).append((order, c))
                if c.redirects:
                    by_name.setdefault(">", []).append((order, c))
        placed[0] = len(commands)
    return placed


# -- screens (bash/fastpath.py, and the theme modules that keep theirs beside their handlers) ----------
# A screen reads the command text with quotes and backslashes removed. Where a shell word starts and ends:
# at the blanks the grammar splits words on (ASCII ones only: `\x1d` or a no-break space is part of a word
# there, as in bash, though Python's `\s` matches it)
WORD_START = r"(?:^|(?<=[ \t\n\r\f\v|&;<>()`$]))"
WORD_END = r"(?=$|[ \t\n\r\f\v|&;<>()`$])"
# a one-dash word up to the flag letter sought: the checks read every character of such a word as a
# flag (commands.has_flag, git's clusters in history.py, an interpreter's -c: `-fu`, `-x-force`, `-[v`)
SHORT_CLUSTER = r"-(?:[^- \t\n\r\f\v|&;<>()`$][^ \t\n\r\f\v|&;<>()`$]*)?"


def input_text(a) -> str:
    """The whole input's text (decoded once per input: the handlers that read it ask per command)."""
    from ..per_input import decoded

    return decoded(a.doc.data)


def mentions(*subs: str, words: tuple[str, ...] = (), fold: bool = False):
    """A screen that passes when one of `subs` occurs anywhere in the text (no word boundaries: a value a
    rule compares can only be spelled with its characters in a row once quotes and backslashes are gone),
    or one of `words` as a whole word; `fold` ignores case."""
    parts = [re.escape(s) for s in subs]
    if words:
        parts.append(WORD_START + "(?:" + "|".join(map(re.escape, words)) + ")" + WORD_END)
    return Screen(re.compile("|".join(parts), re.I if fold else 0))


class Screen:
    """A screen that passes when its pattern occurs in the text (what `mentions` makes). It keeps the pattern so
    that the fast path can join the screens several modules keep for one name into one search (`joined`)."""

    __slots__ = ("rx",)

    def __init__(self, rx: re.Pattern) -> None:
        self.rx = rx

    def __call__(self, text: str) -> bool:
        return self.rx.search(text) is not None


def joined(screens: list[Screen]) -> Screen:
    """One screen passing when any of `screens` does: one search of the text instead of one per screen."""
    if len(screens) == 1:
        return screens[0]
    return Screen(re.compile("|".join(f"(?{'i' if s.rx.flags & re.I else ''}:{s.rx.pattern})" for s in screens)))


def short_flag(letters: str) -> re.Pattern:
    """A one-dash word holding one of the flag `letters` (see SHORT_CLUSTER)."""
    return re.compile(WORD_START + SHORT_CLUSTER + "[" + letters + "]")


SSH_ARG = frozenset({"-B", "-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o", "-P", "-p",
                     "-Q", "-R", "-S", "-W", "-w"})


def ssh_positionals(args: list[Word]) -> list[Word]:
    """ssh's host and remote command: the words after its options (a cluster's last letter may take the next word,
    `-fNR 2222:localhost:22 host`)."""
    i = 0
    while i < len(args):
        v = args[i].value
        if v is None or v[:1] != "-" or v == "-":
            break
        i += 1
        if v == "--":
            break
        if v in SSH_ARG or v[1:2] != "-" and len(v) > 2 and "-" + v[-1] in SSH_ARG and v[:2] not in SSH_ARG:
            i += 1
    return args[i:]


# -- what a variable was given earlier in this input -----------------------------------------------------------------
def assignments_before(a, node, name: str) -> list:
    """The `name=…` / `name+=…` assignments (with a value) and `for name in …` loops before `node` in this input,
    in the order they are written (the last is the latest)."""
    return [n for n in _given_before(a, node, name)
            if n.type == "for_statement" or n.child_by_field_name("value") is not None]


def last_assigned(a, node, name: str) -> str | None:
    """The text of the last `name=…` assignment before `node` in this input, quotes dropped (None: no assignment
    before it, or the last one assigned nothing: `X=`)."""
    found = [n for n in _given_before(a, node, name) if n.type == "variable_assignment"]
    value = found[-1].child_by_field_name("value") if found else None
    return a.src(value).replace('"', "").replace("'", "") if value is not None else None


def _given_before(a, node, name: str) -> list:
    if not _maybe_assigned(a.doc.data, name.encode()):
        return []  # most names: no assignment anywhere, no tree walked
    root = node
    while root.parent is not None:
        root = root.parent
    if a.assigned is None or a.assigned[0] != root:
        a.assigned = (root, _assignments(a, root))
    return [n for n in a.assigned[1].get(name, ()) if n.start_byte < node.start_byte]


@lru_cache(maxsize=1024)  # (per input and name: a long script asks of the same few names at every command)
def _maybe_assigned(data: bytes, key: bytes) -> bool:
    return key + b"=" in data or key + b"+=" in data or b"for " + key in data


def _assignments(a, root) -> dict[str, list]:
    """Every variable's assignments and `for` loops over it under `root`, in document order."""
    out: dict[str, list] = {}
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "variable_assignment":
            left = n.child_by_field_name("name")
            if left is not None:
                out.setdefault(a.src(left), []).append(n)
        elif n.type == "for_statement":
            var = n.child_by_field_name("variable")
            if var is not None:
                out.setdefault(a.src(var), []).append(n)
        stack.extend(reversed(n.named_children))
    return out
