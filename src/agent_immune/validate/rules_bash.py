"""Bash rules: walk the tree, resolve what each simple command runs, judge it.

The walk is here; what is judged lives in the theme modules under `bash/`:
`exec.py` (interpreters, eval, downloads and decoded payloads run, wrappers that
execute), `files.py` (destructive operations, persistence, secrets, redirects),
`system.py` (environment hijacking, privilege, anti-forensics, disruption, exhaustion)
and `net.py` (reverse shells, exfiltration).
"""
from __future__ import annotations

import re

from .bash import exec as ex
from .bash import (admin, agents, api_calls, appbuilds, chain, ci, cloud, containers, datastores, defined, ecosystems,
                   escapes, files, handed, history, hooks, host, infra, jsruntimes, keyrings, macos, migrations, net,
                   shops, system, toolchains, tools, windows, written)
from .bash import homelab, identity, patches
from .bash import dns, forgeapi, forges, mail, media, scraping
from .bash import cms, crm, desktop, devenv, records
from .bash import brokers, frameworks, serverless
from .bash import backups, directory, docsites, warehouses
from .bash import geo
from .bash import industrial
from .bash import telecom
from .bash import erp
from .bash import office
from .bash import routers
from .bash import lms
from .bash import hpc
from .bash import streaming
from .bash import mobile
from .bash import secops
from .bash import games
from . import miners, paths
from .bash.commands import Cmd, positionals, resolve
from .bash.words import ARG_WORDS, SUBST_TYPES, Evaluator, Word, glued_tail, static_print
from .engine import Context
from .loops import sensitive_item
from .parse import Doc

HANDLERS: dict = {}
for _mod in (ex, files, system, net, tools, host, escapes, written, hooks, history, infra, agents, api_calls, defined,
             miners, ci, ecosystems, datastores, toolchains, cloud, macos, keyrings, appbuilds, migrations, containers,
             jsruntimes, admin, windows, shops, chain, identity, homelab, patches, mail, dns, forges, forgeapi, media,
             scraping, cms, crm, records, desktop, devenv, serverless, brokers, frameworks, warehouses, docsites, directory,
             backups, geo, industrial, telecom, erp, office, routers, lms, hpc, streaming, mobile, secops, games):
    for _name, _fns in _mod.HANDLERS.items():
        HANDLERS.setdefault(_name, []).extend(_fns)

# (matched at a word's start; searched, a name is read only from where its run starts: each start read to the end)
_NAME = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*+$")
_ARRAY_ALL = re.compile(r'"?\$\{([A-Za-z_]\w*)\[[@*]\]\}"?')
_FD_VAR = re.compile(r"\{[A-Za-z_]\w*\}")
_SETS_VARS = frozenset({"printf", "read", "mapfile", "readarray"})
_READ_ARG = frozenset({"-a", "-d", "-i", "-n", "-N", "-p", "-t", "-u", "-C", "-c", "-O", "-s"})
_REDIRECTS = ("file_redirect", "heredoc_redirect", "herestring_redirect")
# word nodes whose evaluation can hold no substitution: redirect targets of these types are skipped
_NO_SUBST = frozenset({"word", "number", "file_descriptor", "raw_string"})
_HEREDOC_PARTS = ("<<", "<<-", "heredoc_start", "heredoc_body", "heredoc_end")
# a loop over more literal items than this, its body running the item as a command, is not judged item by item
_MAX_RUN_ITEMS = 32
# commands that may set any variable (`eval "t=rm"`, a sourced file), and those that set the variables they name
_SETS_ANY = frozenset({"eval", "source", "."})
_SETS_NAMED = frozenset({"read", "mapfile", "readarray", "printf", "getopts", "let", "declare", "typeset", "local",
                         "export", "readonly"})
_NOT_WORDS = frozenset({"variable_assignment", "comment", *_REDIRECTS})
# word nodes whose known value bash splits at blanks (unquoted expansions)
_SPLIT = frozenset({"simple_expansion", "expansion", "concatenation"})
_BLANK = re.compile(r"[ \t\n]")
_ODD_ITEM = re.compile(r"[ \t\n*?\[]|^$")
_MAX_ARGV = 16  # word lists `set --` and `shift` give the script's arguments, followed one by one
_MAX_PICKS = 16  # variable names a loop gives `${!k}`, each named in the word's text


def _split_fields(text: str, cmd: Cmd, n: int) -> list[str | None]:
    """`IFS=/ read -r a b <<< '.ssh/id_rsa'`: the fields `read` gives n names (the last takes the rest);
    unknown (None) for each when the separator is computed."""
    ifs = next((w.value for name, w in cmd.assigns if name == "IFS"), " \t\n")
    if ifs is None:
        return [None] * n
    if not ifs:
        return [text] + [""] * (n - 1)
    sep = "[" + re.escape(ifs) + "]" + ("+" if ifs.strip() == "" else "")
    parts = re.split(sep, text.strip(ifs) if ifs.strip() == "" else text, maxsplit=n - 1)
    return parts + [""] * (n - len(parts))


class BashAnalysis:
    __slots__ = ("doc", "ctx", "ev", "downloaded", "subst", "cwd", "fds", "streams", "fn_depth", "arg_runners",
                 "arrays", "staged", "defined", "calls", "leaked", "argv", "arg_calls", "code_values", "tainted",
                 "writes", "kept", "assigned", "placed", "memo")

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc = doc
        self.ctx = ctx
        self.ev = Evaluator(doc.data)
        # files a downloader (or a decoder) wrote earlier in this script -> "download" / "decode"; which of them
        # came from a code host's versioned release or passed a literal checksum (exec.Downloads)
        self.downloaded: ex.Downloads = ex.Downloads()
        self.subst: dict[int, list[Cmd]] = {}  # substitution start byte -> commands inside
        # where an earlier `cd`/`pushd` of this script went (None: the start, or unknown),
        # so that `cd ~; cat .ssh/id_rsa` reads as ~/.ssh/id_rsa
        self.cwd: str | None = None
        # file descriptors this script opened on a download, decoder or network program -> its kind
        self.fds: dict[str, str] = {}
        # an endless or huge source (yes, seq, /dev/zero ...) appeared: the pipeline checks that
        # look for one (system.check_fill, check_xargs_flood) run only then
        self.streams = False
        # inside a function body `"$@"` is the caller's arguments, not a computed name; the functions
        # that run their arguments (`run() { "$@"; }`) are wrappers: `run rm -rf ~` runs `rm -rf ~`
        self.fn_depth = 0
        self.arg_runners: set[str] = set()
        # arrays assigned a literal list (`cmd=(pytest -q)`): `"${cmd[@]}" x` runs `pytest -q x`
        self.arrays: dict[str, list[str]] = {}
        self.ev.arrays = self.arrays  # `${a[0]}`, `${a[$i]}`: the words evaluator reads the same lists
        # literal text this script wrote into a file that turns an agent's guard off, by normalised path, until a
        # later `cp`/`mv` installs it as the agent's settings (bash/written.py)
        self.staged: dict[str, tuple[str, object]] = {}
        # aliases and functions defined so far -> ("alias" | "function", the text bash runs in a call's place),
        # and the calls after them, judged again as expanded at the end (bash/defined.py; None: not again)
        self.defined: dict[str, tuple[str, object]] = {}
        self.calls: list | None = []
        # files an earlier command wrote secrets into (`gh auth token > /tmp/.t`) -> what they hold (bash/net.py)
        self.leaked: dict[str, str] = {}
        # at the script's top level `"$@"` is what its caller passed, judged with the caller's command; a `set -- …`
        # there replaces it: the word lists each one gave (and `shift`s of them), and the commands named `"$@"`,
        # judged with each list in its place once the whole script is read (judge_args)
        self.argv: list[list[Word]] = []
        self.arg_calls: list[Cmd] = []
        # variables assigned literal text that holds a command substitution (`x='a[$(curl …|sh)]'`), each such value,
        # and those assigned a download's or a decoder's output -> which: bash runs the substitution where the value
        # is evaluated as arithmetic (an array subscript in it) or expanded as a prompt (`${x@P}`) (exec.check_arith)
        self.code_values: dict[str, list[str]] = {}
        self.tainted: dict[str, str] = {}
        # a command of this text has written a file (a redirect, `tee`) that a later one may run: only then is there
        # anything for exec.check_written_run to find (written.text_written reads those commands)
        self.writes = False
        # files an earlier command wrote records read in bulk into (a FHIR search, `SELECT *`) -> what they hold
        # (warehouses._Kept), for an upload of them later, judged by whose host it reaches (bash/warehouses.py)
        self.kept: dict[str, object] = {}
        # each variable's assignments (and `for` loops over it) in this text, in order, indexed once on the first
        # question (bash/net.assignments_before): a script of 1,500 `V=…; curl "$V"` walked its tree 1,500 times
        self.assigned: tuple[object, dict[str, list]] | None = None
        # this text's commands judged so far, by where they start (bash/common.commands_in): the handlers that ask
        # which commands feed a sender read a few of them, not all of them per sender
        # (how many of ctx.commands are in, their start bytes, (order, cmd) in that order, name -> [(order, cmd)])
        self.placed: list = [0, [], [], {}]
        # what a theme module keeps of this text between its handlers' calls (an index it grows as commands are
        # judged), by a key of its own
        self.memo: dict = {}

    # -- reporting -----------------------------------------------------------------
    def block(self, rule: str, message: str, node) -> None:
        self.ctx.block(rule, message, self.doc, node)

    def review(self, rule: str, message: str, node) -> None:
        self.ctx.review(rule, message, self.doc, node)

    def nested(self, text: str, lang: str, node, offset: int | None, rows: int = 0) -> None:
        if not self.downloaded or lang != "bash":
            self.ctx.nested(text, lang, self.doc, node, offset, rows)
            return
        saved, self.ctx.carried = self.ctx.carried, self.downloaded  # analyze() takes it in
        try:
            self.ctx.nested(text, lang, self.doc, node, offset, rows)
        finally:
            self.ctx.carried = saved

    def src(self, node) -> str:
        return self.ev.src(node)

    # -- walk ----------------------------------------------------------------------
    def visit(self, node) -> list[Cmd]:
        fn = _VISITORS.get(node.type)
        if fn is not None:
            return fn(self, node)
        out: list[Cmd] = []
        for child in node.named_children:
            # the same dispatch, one call less per child; comments are skipped outright
            fn = _VISITORS.get(child.type, _GENERIC)
            if fn is _GENERIC:
                out += self.visit(child)
            elif fn is not _SKIP:
                out += fn(self, child)
        return out

    def visit_subst(self, node) -> list[Cmd]:
        if node.start_byte in self.subst:
            return self.subst[node.start_byte]
        out: list[Cmd] = []
        kids = node.named_children
        if len(kids) == 1 and kids[0].type == "file_redirect" and kids[0].children[0].type == "<":
            # `$(< FILE)` is bash's `$(cat FILE)`: judged as that command
            dest = kids[0].children_by_field_name("destination")[:1]
            if dest:
                cmd = Cmd(kids[0], [Word(kids[0], "cat", "cat"), self.ev.word(dest[0])], "cat")
                self.judge(cmd)
                out.append(cmd)
            self.subst[node.start_byte] = out
            return out
        for child in kids:
            out += self.visit(child)
        self.subst[node.start_byte] = out
        return out

    def substituted(self, words: list[Word]) -> list[Cmd]:
        """Commands run inside the command/process substitutions of `words`."""
        out: list[Cmd] = []
        for w in words:
            for s in w.substitutions:
                out += self.visit_subst(s)
        return out

    def visit_substs(self, w: Word) -> list[Cmd]:
        out: list[Cmd] = []
        for s in w.substitutions:
            out += self.visit_subst(s)
        return out

    def visit_command(self, node, redirects: list | None = None) -> list[Cmd]:
        ev = self.ev
        assigns: list[tuple[str, Word]] = []
        words: list[Word] = []
        redirects = list(redirects) if redirects else []
        data = ev.data
        last = None
        for c in node.children:
            t = c.type
            if last is not None and last.end_byte == c.start_byte and glued_tail(c):
                continue  # the end of the word before it, which the grammar split off (`x/$a$b/1`)
            last = c
            if t == "word":  # the commonest argument: Evaluator.word's first case, inline
                s = data[c.start_byte:c.end_byte].decode("utf-8", "replace")
                words.append(Word(c, s, s) if "\\" not in s and "*" not in s and "?" not in s and "[" not in s
                             else ev.word(c))
            elif t == "command_name":
                kids = c.children
                words.insert(0, ev.word(kids[0]) if kids else Word(c, "", ""))
            elif t == "variable_assignment":
                assigns.append(self._assign(c))
            elif t in _REDIRECTS:
                redirects.append(c)
            elif t != "comment" and c.is_named:
                words.append(ev.word(c))
        inner: list[Cmd] = []
        if redirects:
            for r in redirects:
                # `ls 2>/dev/null -la`: the grammar hangs later arguments on the redirect. Only a
                # redirect with two named children can have a second destination, and the field
                # look-up is the dearest call here, so it is made only then.
                if r.type == "file_redirect" and r.named_child_count > 1:
                    dests = r.children_by_field_name("destination")
                    words += [ev.word(d) for d in dests[1:] if not glued_tail(d)]
        for w in words:
            if w.substitutions:
                inner += self.visit_substs(w)
        for _, w in assigns:
            if w.substitutions:
                inner += self.visit_substs(w)
        for r in redirects:
            for d in r.named_children:
                t = d.type
                if t in _NO_SUBST:
                    continue  # evaluating these words finds no substitution (and has no side effect)
                if t != "heredoc_body":
                    w = ev.word(d)
                    if w.substitutions:
                        inner += self.visit_substs(w)
                else:
                    for s in d.named_children:
                        if s.type in SUBST_TYPES:
                            inner += self.visit_subst(s)
        if words and words[0].node.type in _SPLIT and words[0].value and _BLANK.search(words[0].value):
            # `c="rm -rf ~"; $c`: bash splits an unquoted value at blanks, the first field is the command
            words = [Word(words[0].node, x, x) for x in words[0].value.split()] + words[1:]
        if self.arrays and any(w.value is None and "]}" in w.text for w in words):
            words = self._spliced(words)
        elif len(words) > 1 and words[0].value == "exec" and redirects and _FD_VAR.fullmatch(words[1].text):
            words = self._fd_var(words, redirects)
        if not words and assigns and not redirects:
            # `d=/dev/tcp/$h1$h2/$p`: an assignment whose end the grammar read as a command (glued_tail)
            return [c for k in node.named_children if k.type == "variable_assignment" for c in self.visit_assignment(k)]
        cmd = resolve(words, node)
        if assigns:
            cmd.assigns = assigns + cmd.assigns
        if cmd.wrappers and words[0].value in _OUTER:
            # `xterm -display host:0 -e bash`, `npx http://…/x.tgz`: the runner is unwrapped, and what its
            # own options say still counts
            _OUTER[words[0].value](self, Cmd(node, words, words[0].value or "", assigns=cmd.assigns))
        cmd.redirects = redirects
        self.judge(cmd)
        if inner:
            inner.insert(0, cmd)
            return inner
        return [cmd]

    def _spliced(self, words: list[Word]) -> list[Word]:
        """`"${cmd[@]}" tests/` with `cmd=(pytest -q)` assigned above runs `pytest -q tests/`; `rm
        "${args[@]}"` with `args=(-rf ~/)` runs `rm -rf ~/`: each such word is the array's words."""
        out: list[Word] = []
        for w in words:
            m = _ARRAY_ALL.fullmatch(w.text) if w.value is None else None
            items = self.arrays.get(m.group(1)) if m else None
            out += [Word(w.node, v, v) for v in items] if items is not None else [w]
        return out

    def _fd_var(self, words: list[Word], redirects: list) -> list[Word]:
        """`exec {fd}< <(curl …)`: bash opens a descriptor (10 or more) and stores its number in `fd`;
        `{fd}` is part of the redirect, not a command. What it carries is remembered as for
        `exec 10< …`, so `bash /dev/fd/$fd` or `bash <&10` is judged by its source."""
        name = words[1].text[1:-1]
        fd = str(10 + len(self.fds))
        self.ev.vars[name] = fd
        for r in redirects:
            if r.type != "file_redirect" or not any(c.type in ("<", "<>") for c in r.children):
                continue
            for d in r.children_by_field_name("destination")[:1]:
                cmds = self.substituted([self.ev.word(d)])
                kind = ex.content_kind(cmds) if cmds else None
                if kind in ("download", "decode"):
                    self.fds[fd] = kind
                    self.downloaded[f"/dev/fd/{fd}"] = kind
        return words[:1] + words[2:]

    def judge_words(self, words: list[Word], node) -> Cmd:
        """Judge an argv that another command runs (find -exec, git bisect run ...)."""
        cmd = resolve(words, node)
        self.judge(cmd)
        return cmd

    def judge(self, cmd: Cmd) -> None:
        # Most commands have no wrappers, assignments or redirects: skip those checks cheaply.
        words = cmd.words
        if words:
            w = words[0]
            if w.value is None or w.glob or w.obfuscated:  # check_name reports nothing otherwise
                ex.check_name(self, cmd)
        if cmd.assigns:
            system.check_assigns(self, cmd.assigns, cmd.node, cmd.name)
        if cmd.wrappers or cmd.root_shell is not None or cmd.scheduled is not None:
            system.check_privilege(self, cmd)
            if cmd.wrappers:
                ex.note_fds(self, cmd)  # `coproc nc host port`
                if cmd.xargs_opts is not None and cmd.redirects:
                    system.check_xargs_flood(self, cmd)
        if self.defined and cmd.name in self.defined and self.calls is not None:
            defined.note_call(self, cmd)  # `alias g='wget -qO- URL'; g | sh`
        if cmd.name in self.arg_runners and cmd.args:
            self.judge_words(cmd.args, cmd.node)  # `run rm -rf ~` with `run() { "$@"; }`
        fetcher = cmd.name in ex.RELEASE_FETCHERS
        if fetcher:
            # the files this command downloads are a code host's release assets when every address it fetches is one
            self.downloaded.source = ex.release_fetch(cmd)
        fns = HANDLERS.get(cmd.name)
        if fns is not None:
            for fn in fns:
                fn(self, cmd)
        else:
            handed.check(self, cmd)  # a program no handler knows: are its quoted arguments commands?
        files.check_args(self, cmd)
        if self.downloaded:  # before this command's own redirects can add to it
            ex.check_downloaded_run(self, cmd)
        if self.writes and words and (cmd.name in ex.RUNS_FILES or "/" in (words[0].value or "")):
            ex.check_written_run(self, cmd)  # `cat > /tmp/.u <<'EOF' … EOF; /tmp/.u`
        if cmd.redirects:
            files.check_redirects(self, cmd)
            ex.check_stdin_code(self, cmd)
            written.check(self, cmd)  # `printf '…' > conftest.py`: code a tool runs later
            if cmd.name == "cat":  # (echo, printf and tee are its handlers) `cat > build.rs <<EOF`, a mirror's settings
                ecosystems.check_write(self, cmd)
                if b"mirroring" in self.doc.data:  # `cat > traefik/dynamic/m.yml <<EOF`, as `tee` is read
                    infra.traefik_mirror(self, cmd)
            if cmd.name != "tee":  # (tee's handler) a scanner's ignore file muting everything (session 29)
                secops.ignore_write(self, cmd)
            net.check_output_to_network(self, cmd)  # `exec > >(nc host port)`
        if fetcher:
            self.downloaded.source = None
        self.ctx.commands.append((self.doc, cmd))
        if cmd.redirects or cmd.name == "tee":
            self.writes = True
        if cmd.name in ("cd", "pushd"):
            self.cwd = self._cd_target(cmd)

    def _read_vars(self, cmd: Cmd) -> None:
        """`printf -v NAME ...`, `read NAME <<< WORD`, `mapfile NAME`: these assign variables
        too, so later words see the value (or know it is unknown) and sensitive names are judged."""
        args = cmd.args
        found: list[tuple[str, Word]] = []
        if cmd.name == "printf":
            if len(args) < 3 or args[0].value != "-v" or args[1].value is None:
                return
            vals = [w.value for w in args[2:]]
            out = static_print(["printf"] + vals) if None not in vals else None  # type: ignore[operator]
            found.append((args[1].value, Word(args[1].node, out, out if out is not None else args[2].text)))
        else:
            names = [w for w in positionals(args, _READ_ARG) if w.value]
            line = ex.stdin_text(self, cmd) if cmd.name == "read" and names else None
            text = line[0].strip() if line is not None and line[1] is not None else None
            parts = _split_fields(text, cmd, len(names)) if text is not None and len(names) > 1 else [text]
            for w, part in zip(names, parts + [None] * len(names)):
                found.append((w.value or "", Word(w.node, part, part if part is not None else "")))
            if cmd.name == "read" and names and text is None:
                ex.note_read(self, cmd, [w.value or "" for w in names])
        for name, w in found:
            self.ev.vars[name] = w.value
            if w.value is not None and ("$" in w.value or "`" in w.value):
                ex.note_code_value(self, name, w.value)  # `printf -v x 'a[$(…)]'`
        system.check_assigns(self, found, cmd.node)

    def in_cwd(self, path: str) -> str | None:
        """The path a relative `path` names, read from where an earlier `cd` of this script
        went; None when `path` is absolute, home- or variable-rooted, or that is unknown."""
        if self.cwd is None or path.startswith(("/", "~", "$")):
            return None
        return f"{self.cwd}/{path}"

    def _cd_target(self, cmd: Cmd) -> str | None:
        """The directory `cd`/`pushd` goes to, as far as the text tells (None when unknown)."""
        args = [w for w in cmd.args if not (w.value or "").startswith("-") or w.value == "-"]
        if not args:
            return "~" if cmd.name == "cd" else None
        v = args[0].value
        if v is None or v == "-":
            return None
        return v if v.startswith(("/", "~", "$")) else self.in_cwd(v)

    def visit_redirected(self, node) -> list[Cmd]:
        body = node.child_by_field_name("body")
        redirects, after, continuation = [], [], []
        for c in node.children:
            if c.type in _REDIRECTS:
                redirects.append(c)
                if c.type == "heredoc_redirect":
                    for h in c.named_children:
                        if h.type == "file_redirect":
                            redirects.append(h)
                        elif h.type == "pipeline":
                            continuation.append(h)
                        elif h.type == "heredoc_body" and b"`" in self.doc.data[h.start_byte:h.end_byte]:
                            ex.heredoc_backquotes(self, c, h)
                        elif h.type not in _HEREDOC_PARTS:
                            after.append(h)
        if body is None:
            # `> /var/log/auth.log`: a redirect with no command still opens (and truncates) the file
            files.check_redirects(self, Cmd(node, [], "", redirects=redirects))
            return []
        if body.type == "command":
            out = self.visit_command(body, redirects)
        elif body.type == "list" and body.named_children[-1].type == "command":
            # the grammar hangs the redirects of `mkdir -p d && cat > d/f <<EOF` on the whole list; bash gives
            # them to its last command, whose rules (code written into a file, writes) must see them
            *first, last = body.named_children
            out = [c for child in first for c in self.visit(child)]
            out += self.visit_command(last, redirects)
        else:
            out = self.visit(body)
            if body.type in ("while_statement", "for_statement", "c_style_for_statement"):
                net.check_loop_feed(self, out, redirects, node)
            elif body.type in ("compound_statement", "subshell"):
                written.grouped(self, out, body, redirects)
            # `a | b > f`: the redirect is written by the last stage of the pipeline
            last = body.named_children[-1] if body.type == "pipeline" and body.named_children else None
            stage = next((c for c in out if c.node == last), None) if last is not None else None
            probe = Cmd(body, stage.words if stage else [], stage.name if stage else "", redirects=redirects)
            files.check_redirects(self, probe)
            secops.ignore_write(self, probe, out)  # (session 29) `trivy … | jq … | sort -u >> .trivyignore`
            if body.type == "pipeline" and self.streams:
                target = files.written_file(self, redirects)
                if target is not None:
                    stages = [[c for c in out if c.node == s] for s in body.named_children if s.type != "comment"]
                    system.check_fill(self, stages, body, target)
        for pipe in continuation:
            stages = [out] + [self.visit(s) for s in pipe.named_children]
            net.check_pipeline(self, stages, pipe)
            ex.check_pipeline(self, stages, pipe)
            out = [c for s in stages for c in s]
        for other in after:
            out += self.visit(other)
        return out

    def visit_pipeline(self, node) -> list[Cmd]:
        stages = [self.visit(s) for s in node.named_children if s.type != "comment"]
        ex.check_pipeline(self, stages, node)
        net.check_pipeline(self, stages, node)
        mobile.check_pipeline(self, stages, node)  # (session 32: a signing key read into a sending pipeline)
        if len(stages) > 1:
            net.note_archived(self, stages)
        system.check_fill(self, stages, node)
        return [c for s in stages for c in s]

    def visit_function(self, node) -> list[Cmd]:
        name_node = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        self.fn_depth += 1
        try:
            out = self.visit(body) if body is not None else []
        finally:
            self.fn_depth -= 1
        if name_node is not None:
            system.check_fork_bomb(self, self.src(name_node), node, body)
            self.ctx.functions.append((self.doc, self.doc.data[name_node.start_byte:name_node.end_byte], node.end_byte))
            if any(c.words and c.words[0].text in ARG_WORDS for c in out):
                self.arg_runners.add(self.src(name_node))
            defined.note_function(self, self.src(name_node), body)
        return out

    def _assign(self, node) -> tuple[str, Word]:
        name_node = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        name = self.src(name_node) if name_node is not None else ""
        word = self.ev.word(value) if value is not None else Word(node, "", "")
        return name, word

    def visit_assignment(self, node) -> list[Cmd]:
        name, word = self._assign(node)
        value = node.child_by_field_name("value")
        if value is not None and value.type == "array":
            items = [self.ev.word(c) for c in value.named_children if c.type != "comment" and not glued_tail(c)]
            if "+=" not in self.src(node)[: len(name) + 2] and all(w.value is not None for w in items):
                self.arrays[name] = [w.value for w in items]  # type: ignore[misc]
            else:
                self.arrays.pop(name, None)
        elif name in self.arrays:
            self.arrays.pop(name, None)
        inner = self.substituted([word])
        system.check_assigns(self, [(name, word)], node)
        append = "+=" in self.src(node)[: len(name) + 2]
        if append:
            # `p=Administrator; p+=Access`: the value it had and what is added (unknown when either is)
            prev = self.ev.vars.get(name)
            self.ev.vars[name] = prev + word.value if prev is not None and word.value is not None else None
        else:
            self.ev.vars[name] = word.value
        if word.value is not None:
            if "$" in word.value or "`" in word.value:
                ex.note_code_value(self, name, word.value)
        elif inner:
            ex.note_tainted(self, name, word)
        if self.ev.picks or self.ev.held:
            self._hold(name, word, value, append)
        return inner

    def _hold(self, name: str, word: Word, value, append: bool) -> None:
        """`q+="$k=${!k}&"` in a loop over variable names: `$q` later reads as the text of what it was given."""
        ev = self.ev
        if word.value is None and value is not None and b"${!" in ev.data[value.start_byte:value.end_byte]:
            ev.held[name] = (ev.held.get(name, "") if append else "") + word.text
        elif not append:
            ev.held.pop(name, None)
        ev.picks.pop(name, None)

    def visit_declaration(self, node) -> list[Cmd]:
        out: list[Cmd] = []
        if node.child_count and not any(c.type == "variable_assignment" for c in node.named_children):
            # `declare -p`, `export -p`: prints variables, which matters when piped to the network
            kw = node.children[0]
            words = [Word(kw, self.src(kw), self.src(kw))] + [self.ev.word(c) for c in node.named_children]
            out.append(Cmd(node, words, self.src(kw)))
            for fn in HANDLERS.get(out[-1].name, ()):  # (bash/docsites.py: `export -p > public/env.txt`)
                fn(self, out[-1])
        nameref = any(c.type == "word" and self.src(c).startswith("-") and "n" in self.src(c)
                      for c in node.named_children)
        for c in node.named_children:
            if c.type == "variable_assignment":
                out += self.visit_assignment(c)
                if nameref:
                    # `declare -n h=HOME`: `$h` is `$HOME` (its value now, and unknown if unknown)
                    name, target = self._assign(c)
                    self.ev.vars[name] = self.ev.vars.get(target.value or "") if target.value else None
            elif c.type == "word" and self.src(c) in ("-f", "-fx") or glued_tail(c):
                continue
            else:
                w = self.ev.word(c)
                name, eq, value = (w.value or "").partition("=")
                if eq and _NAME.match(name) and c.type != "word":
                    # `export -- "LD_PRELOAD=/x"`: a quoted NAME=VALUE is still an assignment
                    system.check_assigns(self, [(name, Word(c, value, value))], c)
                    self.ev.vars[name] = value
                out += self.visit(c)
        return out

    def visit_unset(self, node) -> list[Cmd]:
        for c in node.named_children:
            name = self.ev.word(c).value or self.src(c)  # `unset 'HISTFILE'` unsets HISTFILE
            system.check_unset(self, name, c)
            self.ev.vars.pop(name, None)
        return []

    def visit_while(self, node) -> list[Cmd]:
        system.check_endless_loop(self, node)
        out: list[Cmd] = []
        for child in node.named_children:
            out += self.visit(child)
        system.check_encrypt_and_delete(self, out, node)
        return out

    def visit_for(self, node) -> list[Cmd]:
        var = node.child_by_field_name("variable")
        if var is not None:
            run = self._items_run(node, self.src(var))
            if run is not None:
                return self._each_item(node, self.src(var), run)
            # the loop variable stands for the most sensitive item of a literal list (`for f in
            # ~/.ssh/*; do cat "$f"`), so the body is judged as it would run on that item
            items = [self.ev.word(v) for v in node.children_by_field_name("value") if not glued_tail(v)]
            risky = next((w.value for w in items if w.value is not None and (files.path_kinds(w) or
                                                                               paths.held_secret(w.value))), None)
            if risky is None and items:  # `for d in .ssh Documents; do rm -rf ~/$d`: the item under the home
                risky = sensitive_item(w.value for w in items)
            name = self.src(var)
            self.ev.vars[name] = risky
            if items and all(w.value is not None and _NAME.match(w.value) for w in items) and \
                    b"${!" + name.encode() + b"}" in self.ev.data[node.start_byte:node.end_byte]:
                # `for k in AWS_SECRET_ACCESS_KEY GITHUB_TOKEN; do … "${!k}"`: the variables the loop names
                self.ev.picks[name] = [w.value for w in items][:_MAX_PICKS]  # type: ignore[misc]
            elif self.ev.picks:
                self.ev.picks.pop(name, None)
        system.check_spawn_loop(self, node)
        out: list[Cmd] = []
        for child in node.named_children:
            out += self.visit(child)
        system.check_encrypt_and_delete(self, out, node)
        return out

    def _items_run(self, node, var: str) -> list[str] | None:
        """`for t in node npm go; do "$t" --version; done`: the items, when the body runs the loop's name as a
        command and every item is a literal word; None otherwise (items computed, globbed or too many to judge one
        by one, or the name possibly set again in the body), and the name stays unknown as before."""
        items = node.children_by_field_name("value")
        if not items or len(items) > _MAX_RUN_ITEMS or self.ctx.budget[0] < len(items) - 1:
            return None
        body = node.child_by_field_name("body")
        if body is None or f"${var}".encode() not in self.ev.data[body.start_byte:body.end_byte] and \
                f"${{{var}".encode() not in self.ev.data[body.start_byte:body.end_byte]:
            return None
        words = [self.ev.word(v) for v in items]
        # (an item with blanks or pattern characters is split or expanded again where `$t` is unquoted)
        if any(w.value is None or w.glob or w.obfuscated or w.substitutions or _ODD_ITEM.search(w.value)
               for w in words):
            return None
        self.ev.vars[var] = None  # the name as written, to be found as a command name below
        runs = False
        stack = [body]
        while stack:
            n = stack.pop()
            t = n.type
            if t == "variable_name" and self.src(n) == var and n.parent is not None and \
                    n.parent.type not in ("simple_expansion", "expansion"):
                return None  # `t=…`, `((t=…))`, an inner `for t in`
            if t == "unset_command" and any(self.src(c) == var for c in n.named_children):
                return None
            if t == "command":
                found = self._runs_var(n, var)
                if found is None:
                    return None
                runs = runs or found
            stack.extend(n.named_children)
        return [w.value for w in words] if runs else None  # type: ignore[misc]

    def _runs_var(self, node, var: str) -> bool | None:
        """Does the simple command `node` run `$var` (also behind a wrapper: `timeout 5 "$t" --version`, or a
        function of this script that runs its arguments)?
        None when it may set `var` (`read t`, `printf -v t`, `eval …`, a function or alias of this script)."""
        name = node.child_by_field_name("name")
        head = self.src(name) if name is not None else ""
        if head in _SETS_ANY or head in self.defined and self._defined_mentions(head, var) or head in _SETS_NAMED \
                and any(self.src(c) == var or self.src(c).startswith(var + "=") for c in node.named_children):
            return None
        text = self.src(node)
        if f"${var}" not in text and f"${{{var}" not in text:
            return False
        words = [self.ev.word(c.children[0]) if c.type == "command_name" and c.children else self.ev.word(c)
                 for c in node.named_children if c.type not in _NOT_WORDS]
        cmd = resolve(words, node)
        run = cmd.words[1:2] if cmd.name in self.arg_runners else cmd.words[:1]  # `run "$t"`, `run() { "$@"; }`
        return bool(run) and run[0].text.strip('"') in (f"${var}", f"${{{var}}}")

    def _defined_mentions(self, name: str, var: str) -> bool:
        """Does the function or alias `name` of this script name `var` at all (and so may set it)?"""
        held = self.defined[name][1]
        text = held if isinstance(held, bytes) else held.encode() if isinstance(held, str) else \
            self.ev.data[held.start_byte:held.end_byte]
        return re.search(rb"(?<![\w$])" + re.escape(var.encode()) + rb"\b", text) is not None

    def _each_item(self, node, var: str, items: list[str]) -> list[Cmd]:
        """The loop's body judged once per item, with the loop's name standing for it, as bash runs it."""
        body = node.child_by_field_name("body")
        out: list[Cmd] = []
        for i, item in enumerate(items):
            if i:
                self.ctx.budget[0] -= 1  # each further pass is one more string judged (engine.MAX_JUDGED_STRINGS)
                if self.subst:  # the body's substitutions are read again with this item
                    self.subst = {k: v for k, v in self.subst.items() if not body.start_byte <= k < body.end_byte}
            self.ev.vars[var] = item
            out += self.visit(body)
        system.check_spawn_loop(self, node)
        system.check_encrypt_and_delete(self, out, node)
        return out

    # -- the script's own arguments: `set -- …`, `shift`, `exec "$@"` ----------------------------------------
    def _set_args(self, cmd: Cmd) -> None:
        """`set -- node server.js`, `set -e x y`: the words the script's top level now has as `"$@"`."""
        if self.fn_depth:
            return  # a function's own arguments: its calls are judged as the commands they run
        args = cmd.args
        i, start = 0, None
        while i < len(args):
            v = args[i].value
            if v in ("--", "-"):
                start = i + 1
                break
            if v is None or v[:1] not in "-+" or len(v) < 2:
                start = i
                break
            i += 2 if "o" in v[1:] else 1  # `set -o pipefail`, `set -eo pipefail`: -o takes an option name
        if start is None:
            return  # only options: the arguments stay what they were
        words: list[Word] = []
        for w in args[start:]:
            if w.value is not None and w.node.type in _SPLIT and len(w.value.split()) > 1:
                words += [Word(w.node, x, x) for x in w.value.split()]  # `set -- $cmd`: bash splits the value
            else:
                words.append(w)
        self._add_argv(words, cmd.node)

    def _shift(self, cmd: Cmd) -> None:
        """`shift [N]` after `set -- …`: `"$@"` is each list without its first N words."""
        if self.fn_depth or not self.argv:
            return
        n = cmd.args[0] if cmd.args else None
        if n is not None and not (n.value or "").isdigit():
            self._add_argv([Word(n.node, None, n.text)], cmd.node)  # shifted by a number not known here
            return
        k = int(n.value) if n is not None else 1  # type: ignore[arg-type]
        for words in list(self.argv):
            self._add_argv(words[k:], cmd.node)

    def _add_argv(self, words: list[Word], node) -> None:
        if len(self.argv) >= _MAX_ARGV:  # too many to follow: the arguments are not known
            self.argv[:] = [[Word(node, None, self.src(node))]]
            return
        self.argv.append(words)

    def judge_args(self) -> None:
        """Each top-level command named `"$@"` judged with every word list a `set --` of the script gave it (a
        branch or a loop may run any of them); a list that starts with the caller's arguments (`set -- "$@" -v`)
        runs what the caller chose."""
        for cmd in self.arg_calls:
            for words in self.argv:
                if words and words[0].text not in ARG_WORDS:
                    self.judge_words(words + cmd.words[1:], cmd.node)

    def own_args(self) -> bool:
        """Is `"$@"` at this script's top level what the input's caller passed? True for the input itself and for
        its text with its functions and aliases inlined (bash/defined.py, one level below); not for code inside
        it run by another program (`bash -c '"$@"' _ rm -rf ~`), whose arguments its own command line gives."""
        return self.ctx.depth == 0 or self.calls is None and self.ctx.depth == 1

    def visit_comment(self, node) -> list[Cmd]:
        return []


_DISPATCH = {
    "command": "visit_command",
    "redirected_statement": "visit_redirected",
    "pipeline": "visit_pipeline",
    "function_definition": "visit_function",
    "variable_assignment": "visit_assignment",
    "declaration_command": "visit_declaration",
    "unset_command": "visit_unset",
    "command_substitution": "visit_subst",
    "process_substitution": "visit_subst",
    "while_statement": "visit_while",
    "for_statement": "visit_for",
    "c_style_for_statement": "visit_while",  # an endless `for ((;;))` is judged as `while true`
    "comment": "visit_comment",
}


# node type -> unbound visitor: one dict look-up per node, no bound-method lookups by name
_VISITORS = {t: getattr(BashAnalysis, name) for t, name in _DISPATCH.items()}
for _name in _SETS_VARS:  # `printf -v`, `read`, `mapfile` assign variables: read them like assignments
    HANDLERS.setdefault(_name, []).append(BashAnalysis._read_vars)
HANDLERS.setdefault("set", []).append(BashAnalysis._set_args)
HANDLERS.setdefault("shift", []).append(BashAnalysis._shift)
_SKIP = _VISITORS["comment"]
# runners resolve() unwraps whose own options are judged too: terminals' displays, packages from plain HTTP
_OUTER = {**dict.fromkeys(escapes.TERMINALS, escapes.check_display), **hooks.OUTER, **devenv.OUTER}
_GENERIC = BashAnalysis.visit


def analyze(root, doc: Doc, ctx: Context) -> None:
    a = BashAnalysis(doc, ctx)
    if ctx.carried is not None:
        a.downloaded.update(ctx.carried)  # (dict's own update: it does not go through Downloads.__setitem__)
        a.downloaded.marks.update(ctx.carried.marks)
        a.downloaded.vouched.update(ctx.carried.vouched)
    a.visit(root)
    if a.arg_calls and a.argv:
        a.judge_args()
    data = doc.data
    if a.code_values or a.tainted or b"@P}" in data or a.subst and (b"((" in data or b"[[" in data or b"let " in data):
        ex.check_arith(a, root)
    if a.calls:
        defined.judge_calls(a)

