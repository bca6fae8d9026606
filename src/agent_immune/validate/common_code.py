"""Checks shared by the Python and TypeScript rules: paths in code, shell strings, argv."""
from __future__ import annotations

import re
import shlex
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from . import agent_settings, paths, run_later, sql, taskfiles
from .bash.commands import INLINE_FLAGS, SHELLS, base_name
from .endpoints import deleting_body, deleting_endpoint
from .hosts import loopback, url_host
from .limits import VALUE_CAP
from .office_tables import access_revoked

SHELL_NAMES = frozenset({"sh", "bash", "dash", "zsh", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/zsh",
                         "/bin/dash", "cmd.exe", "cmd", "powershell", "pwsh", "/usr/bin/sh"})
_ENV_HIJACK = frozenset({"LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "ENV",
                         "PROMPT_COMMAND", "NODE_OPTIONS", "PYTHONSTARTUP", "PERL5OPT", "RUBYOPT", "GIT_SSH_COMMAND",
                         "GIT_SSH", "GIT_PAGER", "PAGER", "EDITOR", "GIT_EDITOR", "VISUAL", "IFS", "PATH",
                         "GIT_CONFIG_PARAMETERS", "GIT_EXTERNAL_DIFF", "GIT_PROXY_COMMAND", "LESSOPEN"})
# content that came off the network rather than out of a decoder
_FETCHED = re.compile(r"urlopen|urlretrieve|requests\.|httpx\.|aiohttp|\.get\(|\.text\b|\.content\b|\.iter_content|"
                      r"fetch\(|axios|\.text\(\)|\.arrayBuffer\(\)|\.body\b|\bcurl\b|\bwget\b")
# iterables that may be a listing of a store's items (a call, or a page or field of one)
_LISTED = frozenset({"call", "call_expression", "subscript", "subscript_expression", "member_expression", "attribute",
                     "await", "await_expression"})
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NAMES = frozenset({"identifier", "shorthand_property_identifier"})  # a name's uses (`{ p }` hands `p` on too)
# the tree whose names were indexed last, and its index (CodeAnalysis.uses_of): a tuple replaced whole, so threads
# judging at once see either the old one or the new one
_NAME_INDEX: tuple | None = None


def _names(data: bytes, root) -> dict[bytes, list]:
    """The leaf nodes of a name's types under `root`, by their text."""
    out: dict[bytes, list] = {}
    stack = [root]
    while stack:
        n = stack.pop()
        if n.named_child_count:
            stack.extend(n.named_children)
        elif n.type in _NAMES:
            out.setdefault(data[n.start_byte:n.end_byte], []).append(n)
    return out
_COMPREHENSION = re.compile(rb"\[[^\]\n]*\bfor\b")  # `[expr for p in …]` somewhere in the code (note_loop)
# a host name carrying data: hex/base32/base64 encoded, or cut into label-sized chunks
_ENCODED_NAME = re.compile(r"hexlify|b(?:16|32|64|85)encode|\.hex\(\)|toString\(\s*['\"](?:hex|base64|base64url)['\"]|"
                           r"\bbtoa\(|base32|\[\s*[\w.]+\s*:\s*[\w.]+\s*\+|\.(?:slice|substr|substring)\(\s*\w+\s*,\s*\w+\s*\+")
# a secret read from the environment (`os.environ["GITHUB_TOKEN"]`, `process.env.NPM_TOKEN`)
_ENV_SECRET = re.compile(r"(?:environ|getenv|process\.env|Deno\.env|Bun\.env)\W{1,8}\w*(?i:token|secret|passw|api_?key|"
                         r"access_?key|private_?key|credential)")
_SEGMENTS = re.compile(r"[;&|\n]+")  # the simple commands of a command line, near enough
_GLOB_TAIL = re.compile(r"(/\*\*?)+$")  # ~/* and ~/** list the home itself
_SHELL_FLAGS = re.compile(r"-[a-z]*c")  # sh -c, bash -lc, sh -ec
_ARGV_LISTS = frozenset({"list", "array", "tuple"})


class CodeAnalysis:
    """What the Python and TypeScript analyzers share: the document, the context, reporting."""

    def __init__(self, doc, ctx) -> None:
        self.doc, self.ctx = doc, ctx
        self.alias: dict[str, str] = {}  # local name -> "module" or "module.member"
        # local name -> literal string assigned to it; "for NAME" -> the item of a loop's literal list that NAME
        # stands for (loops.py; kept here, not in an attribute of its own: see test_analysis_attributes_stay_shared)
        self.consts: dict[str, str] = {}
        self.uses_net = False
        self.env_whole: list = []  # nodes sending the whole environment somewhere
        self.root = None
        self._mutable: frozenset[str] | None = None
        self.walk_roots: list = []  # (node, path) of listings/walks of the home or system trees
        self.dynamic_deletes: list = []  # deletes of paths computed at run time
        self.dynamic_chmods: list = []  # chmod/chown of paths computed at run time
        self.endless: list = []  # endless loops that start processes
        self.written: dict[str, object] = {}  # path key -> content computed at run time written there
        self.bound: dict[str, object] = {}  # name -> the expression last bound to it (what an object is made from)
        self.db_targets: list[bool] = []  # for each database the code opens, whether it is a throwaway one
        self.wipes: list = []  # (node, message, throwaway or None) of database wipes, judged at the end

    # (language, tree-sitter query capturing @set for assignments and @change for in-place updates,
    # node types of a right-hand side that keeps a name a literal)
    ASSIGNMENTS: tuple[str, str, frozenset[str]] = ("", "", frozenset())

    RULES = ("", "")  # this language's rule ids for (a shell, other code) run from a string
    # node kinds `origin` walks: (call, its callee field, member access, its object and name fields, subscript, its
    # object field, `new`, expressions that stand for their only child)
    ORIGIN: tuple = ("", "", "", "", "", "", "", "", frozenset())

    # tree-sitter query capturing `@name = @value` declarations of plain names (per language)
    DECLARATIONS = ""
    _declared: dict | None = None

    def declared(self, ident, kinds: frozenset[str]):
        """The value the name `ident` was last given before it, when that value is one of the node
        `kinds` (a dict or object literal, a string built at run time) and the name is given no
        other value anywhere; None otherwise. Read only on the rare calls that need it."""
        if self._declared is None:
            found: dict[str, list] = {}
            if self.root is not None and self.DECLARATIONS:
                for _, caps in _cursor(self.grammar(), self.DECLARATIONS).matches(self.root):
                    name, value = caps.get("name"), caps.get("value")
                    if name and value:
                        found.setdefault(self.src(name[0]), []).append(value[0])
            self._declared = found
        name = self.src(ident)
        values = self._declared.get(name, ())
        if len(values) != 1 or self.mutable(name) or values[0].start_byte > ident.start_byte:
            return None
        return values[0] if values[0].type in kinds else None

    def origin(self, node) -> tuple[str | None, list[str], object]:
        """(the imported name the object `node` is made from, the attributes and methods taken on the
        way, nearest first, the call or `new` at the root): `s3.Bucket("b").objects.all()` with
        `s3 = boto3.resource("s3")` is ("boto3.resource", ["all", "objects", "Bucket"], that call).
        Names are followed through what they were last bound to (`cur` <- `conn.cursor()`)."""
        call_t, callee, member_t, obj_f, name_f, sub_t, sub_f, new_t, through = self.ORIGIN
        chain: list[str] = []
        for _ in range(24):  # `x = x.child()` binds a name to itself
            t = node.type
            if t == new_t:
                return self.qualname(node.child_by_field_name("constructor")), chain, node
            if t == call_t:
                fn = node.child_by_field_name(callee)
                top = fn
                while top is not None and top.type == member_t:
                    top = top.child_by_field_name(obj_f)
                if top is None:
                    break
                if top.type == "identifier" and self.src(top) in self.alias:
                    return self.qualname(fn), chain, node  # boto3.client(…), MongoClient(…)
                if fn.type == "identifier" and self.src(fn) in self.bound:
                    node = self.bound[self.src(fn)]  # a factory kept in a name
                elif fn.type == member_t:
                    chain.append(self.src(fn.child_by_field_name(name_f)))
                    node = fn.child_by_field_name(obj_f)
                elif fn.type == call_t and self.qualname(fn) is not None:
                    return self.qualname(fn), chain, node  # require("knex")({ … })
                else:
                    break
            elif t == member_t:
                chain.append(self.src(node.child_by_field_name(name_f)))
                node = node.child_by_field_name(obj_f)
            elif t == sub_t:
                chain.append("[]")
                node = node.child_by_field_name(sub_f)
            elif t in through and node.named_children:
                node = node.named_children[0]
            elif t == "identifier" and self.src(node) in self.bound:
                node = self.bound[self.src(node)]
            elif t == "identifier" and self.src(node) in self.alias:
                return self.alias[self.src(node)], chain, None
            else:
                break
            if node is None:
                break
        return None, chain, None

    def report_wipes(self) -> None:
        """Review each database wipe unless it reaches a throwaway database: its own, or, when where it
        goes cannot be followed (a fixture parameter, `db` of Flask-SQLAlchemy), the only kind this code opens."""
        only_throwaway = bool(self.db_targets) and all(self.db_targets)
        for node, message, throwaway in self.wipes:
            if throwaway is True or (throwaway is None and only_throwaway):
                continue
            self.review("irreversible", message, node)

    def computed_inline_code(self, argv: list[str | None], node, what: str) -> bool:
        """Block `sh -c X` / `python -c X` / `node -e X` in an argv when X is computed at run
        time; True when it did."""
        code = inline_code_at(argv)
        if code is None or argv[code[0]] is not None:
            return False
        prog = code[1]
        if is_cmd(prog) and self._built_cmd_line(argv, code[0], node):
            return True
        if prog in SHELL_NAMES or prog.rsplit("/", 1)[-1] in SHELL_NAMES or is_cmd(prog):
            self.block(self.RULES[0], f"`{what}` runs a shell on a command built at run time", node)
        else:
            self.block(self.RULES[1], f"`{what}` runs `{prog} {argv[code[0] - 1]}` on code built at run time; write "
                                      "the code to a file in the project and run that", node)
        return True

    def _built_cmd_line(self, argv: list[str | None], at: int, node) -> bool:
        """`["cmd.exe", "/c", f"echo %{name}%"]` in a helper called only with literals (`winenv("LOCALAPPDATA")`), or
        in a loop over a literal list: each line it runs is judged as a cmd.exe line (bash/windows.py reads `%VAR%`,
        `&` and `^` as cmd.exe does); True when it was. A line with a piece that cannot be followed stays held by the
        caller."""
        item = self._argv_item(node, len(argv), at)
        pieces = _template_pieces(self, item) if item is not None else None
        if not pieces:
            return False
        exprs = [p for p in pieces if not isinstance(p, str)]
        if not exprs or any(e.type != "identifier" for e in exprs):
            return False
        rows = self.alternatives(exprs)
        if not rows:
            return False
        lines: dict[str, None] = {}
        for row in rows:
            parts = []
            for p in pieces:
                v = p if isinstance(p, str) else row.get(self.src(p))
                v = v if isinstance(v, str) or v is None else self.string(v)
                if v is None:
                    return False
                parts.append(v)
            lines["".join(parts)] = None
        for line in lines:
            whole = list(argv)
            whole[at] = line
            self.ctx.nested(argv_to_shell(whole), "bash", self.doc, node, None)
        return True

    def _argv_item(self, call, n: int, at: int):
        """The node of item `at` of the `n`-item argv a call runs: a list written in the call (or given to a name
        once), which holds the whole argv or all of it but the program (`execFile("cmd.exe", ["/c", …])`)."""
        if call is None or call.child_by_field_name("arguments") is None:
            return None
        for arg in self.args(call):
            if arg.type == "identifier":
                arg = self.declared(arg, _ARGV_LISTS)
            if arg is None or arg.type not in _ARGV_LISTS:
                continue
            kids = [c for c in arg.named_children if c.type != "comment"]
            if any("spread" in c.type or "splat" in c.type for c in kids):
                return None
            skip = n - len(kids)
            if skip in (0, 1) and 0 <= at - skip < len(kids):
                return kids[at - skip]
        return None

    def _path_key(self, node) -> str:
        """What names a file the code writes or runs: its literal path, else the expression's text (`f.name`)."""
        v = self.string(node)
        return paths.normalize(v) if v is not None else self.src(node)

    def serialised(self, node) -> str | None:
        """The JSON text of `json.dumps(…)` / `JSON.stringify(…)` of a literal (each language says how)."""
        return None

    def _wrote(self, key: str, content) -> None:
        """`content` written to the file `key`: judged now when literal, remembered when computed."""
        from . import server_config

        lang = written_lang(key)
        v = self.string(content)
        exact = self.serialised(content) if v is None and (lang in _EDITED or lang in _TASK_DATA) else None
        if exact is not None and lang != "json-scripts":
            # settings are usually written as a serialised literal (a package.json's `scripts` object is
            # judged wherever it appears in code already)
            v = exact
        if v is not None:
            judge_written(self.ctx, self.doc, content, key, v, self.placed)
            return
        if (lang in _EDITED or lang in _PIECEWISE) and exact is None:
            # an object built in the code, or read from the file, changed and written back: what the code puts in it
            # is judged as the file's text (the rest of the file is not known); a task, build or CI file's text built
            # from pieces (an f-string, a `%` format, a decoded literal, `text.replace(step, evil + step)`) is read
            # as far as the pieces tell
            text = self.written_text(content)
            before = len(self.ctx.reasons)
            if text is not None:
                judge_written(self.ctx, self.doc, content, key, text, self.placed)
            if len(self.ctx.reasons) == before and lang in _PIECEWISE:
                # `textwrap.dedent("""…""")`, `src.replace("package main", '//go:generate …')`: each literal the
                # text is made from, read as a part of the file
                for piece in self._literal_pieces(content):
                    before = len(self.ctx.reasons)
                    judge_written(self.ctx, self.doc, content, key, piece, self.placed)
                    if len(self.ctx.reasons) > before:
                        break
        elif exact is None and server_config.code_kind(key):
            # a site's page, `.htaccess` or redirects built from pieces (`rule + ht.read_text()`): what is known of
            # the text, else each literal it is made from, read by the site's reader
            reporter = _Reporter(self.ctx, self.doc)
            text = self.written_text(content)
            if text is None or not server_config.judge_code(reporter, key, text, content):
                for piece in self._literal_pieces(content):
                    if server_config.judge_code(reporter, key, piece, content):
                        break
        elif lang in ("python", "typescript", "bash"):
            # code built from pieces (`plugin + src.replace("plugins: [", "plugins: [" + hook)`): what is known of it,
            # and each literal it is made from, may decode a command
            text = self.written_text(content)
            judged = _Reporter(self.ctx, self.doc)
            if not (text is not None and taskfiles.decoded_block(judged, key, text, content)):
                lines: set[str] = set()
                for piece in self._literal_pieces(content, lines):
                    if taskfiles.decoded_block(judged, key, piece, content) or \
                            _piece_blocked(judged, key, lang, piece, content, piece in lines):
                        break
        self.written[key] = content
        if lang == "agent-settings":
            # read, changed and written back (`d["permissions"]["defaultMode"] = "bypassPermissions"`): what
            # the file ends up holding is computed, so read the code's own words as an edit of it, like a
            # `jq` filter in the shell (the rest of the file is not known, only what this code puts in)
            why = agent_settings.edit_unguards(key, [self.doc.data.decode("utf-8", "replace")])
            if why is not None:
                self.block("unguarded-agent", why, content)

    def _literal_pieces(self, content, lines: set[str] | None = None) -> list[str]:
        """The literal strings a text computed at run time is made from: those of its own expression, and those of
        what the names it uses are given anywhere in the code (`src = src.replace("package main", '//go:generate …')`,
        `cfg = readFileSync(f).replace("plugins: [", "plugins: [" + hook)`, `const hook = `…``), each dedented; and
        those added to a list the text is joined from (`lines.insert(1, inject)`, `lines.append(…)`, `lines.push(…)`,
        `lines[1:1] = [...]`), which are whole lines of the file (put in `lines` when given)."""
        import textwrap

        names: set[str] = set()
        out: list[str] = []

        def strings(top, follow: bool, line: bool = False) -> None:
            stack, seen = [top], 0
            while stack and seen < 1024 and len(out) < 16:
                n = stack.pop()
                seen += 1
                if n.type in _STRING_NODES:
                    v = self.string(n)
                    if v is not None:
                        if v.strip() and v not in out:
                            out.append(textwrap.dedent(v))
                        if line and lines is not None and v.strip():
                            lines.add(textwrap.dedent(v))
                        continue
                if follow and n.type == "identifier":
                    names.add(self.src(n))
                    if line:
                        listed.add(self.src(n))
                stack.extend(reversed(n.named_children))

        listed: set[str] = set()  # names given a line added to the file's lines (`inject` of `lines.insert(1, inject)`)
        strings(content, True)
        done: set[str] = set()
        for _ in range(3):  # names given other names' texts (`cfg = src.replace(x, x + hook)`), three deep
            todo = names - done
            if not todo or self.root is None:
                break
            done |= todo
            stack, seen = [self.root], 0
            while stack and seen < 65536 and len(out) < 16:
                n = stack.pop()
                seen += 1
                if n.type in _BINDINGS:
                    left = n.child_by_field_name("left") or n.child_by_field_name("name")
                    right = n.child_by_field_name("right") or n.child_by_field_name("value")
                    if left is not None and right is not None and self.src(left) in todo:
                        strings(right, True, self.src(left) in listed)
                        continue
                    if left is not None and right is not None and left.type in ("subscript", "subscript_expression") \
                            and self.src(left).split("[", 1)[0].strip() in todo:
                        strings(right, True, True)  # `lines[1:1] = [inject]`
                        continue
                elif n.type in ("call", "call_expression"):
                    fn = n.child_by_field_name("function")
                    obj = fn.child_by_field_name("object") if fn is not None and fn.type in (
                        "attribute", "member_expression") else None
                    name = (fn.child_by_field_name("attribute") or fn.child_by_field_name("property")) \
                        if obj is not None else None
                    if obj is not None and name is not None and self.src(obj) in todo and \
                            self.src(name) in _LIST_ADDS:
                        args = n.child_by_field_name("arguments")
                        if args is not None:
                            strings(args, True, True)  # `lines.insert(1, inject)`: a line of the file
                        continue
                stack.extend(n.named_children)
        return out

    def placed(self, value: str) -> str | None:
        """Why a program or folder a VS Code setting names is not the machine's or the project's own: downloaded by
        this code (`urlretrieve(u, so)`, `curl -o F` it runs), or where the shell's rule says (_placed)."""
        key = paths.normalize(value)
        made = self.written.get(key)  # (and Python's urlretrieve targets, kept apart)
        if key in getattr(self, "downloads", ()) or (made is not None and _FETCHED.search(self.src(made))):
            return "downloaded by this code"
        return _placed(value)

    # -- what a settings file written from code holds ---------------------------------------------------
    # An object the code builds (`task = {"command": "curl " + u + " | sh", …}`) or reads from the file and changes
    # (`cfg["mcpServers"]["x"] = {…}`, `dc.postStartCommand = "…"`) before it serialises it: its value as far as
    # literals show it, decoded where the code decodes literals (base64, hex, rot13, a string reversed, character
    # codes), a piece known only when the code runs standing as ARG. Each language reads its own expressions:
    # `dumped` (the object a serialiser is given), `value_of`, `text_of`, `edit_of` and `chain_of`.
    EDITS: frozenset[str] = frozenset()  # node kinds that may change an object in place (per language)

    def shown_value(self, node):
        """The value `node` makes when the code shows it whole: a string with no part known only at run time, True or
        False; None otherwise."""
        v = self.value_of(node, 0, value_state())
        if isinstance(v, bool):
            return v
        if isinstance(v, str):
            return None if ARG in v or "\x00" in v or "\x01" in v else v
        return None

    def value_or_source(self, node, kinds: frozenset[str]) -> str:
        """The text of a URL or a message: its value when the code shows it, else its source (a name given one of the
        node `kinds` once: that value, or its source)."""
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "identifier":
            made = self.declared(node, kinds)
            if made is not None:
                v = self.string(made)
                return v if v is not None else self.src(made)
        return self.src(node)

    def text_with_names(self, node, kinds: frozenset[str]) -> str:
        """`node`'s source, then what each name in it was given (once, as one of the node `kinds`): `bal - fee` with
        the text of `bal`'s value."""
        out = [self.src(node)]
        stack, seen = [node], 0
        while stack and seen < 32:
            n = stack.pop()
            seen += 1
            if n.type == "identifier":
                made = self.bound.get(self.src(n)) or self.declared(n, kinds)
                if made is not None and made != node:
                    out.append(self.src(made)[:400])
            stack.extend(n.named_children)
        return " ".join(out)

    def written_text(self, content) -> str | None:
        """The text `content` writes: the JSON of the object it serialises (JSON is YAML too), or its text decoded;
        None when nothing of it is known."""
        import json

        st = value_state()
        obj = self.dumped(content, 0)
        if obj is not None:
            try:
                return json.dumps(_plain(self.value_of(obj, 0, st), 0, [16384]))
            except (ValueError, TypeError, RecursionError):
                return None
        return self.text_of(content, 0, st)

    def dumped(self, node, depth: int):  # per language: the object node a serialiser call is given, or None
        return None

    def value_of(self, node, depth: int, st: dict):  # per language: the value `node` makes, UNKNOWN when not known
        return UNKNOWN

    def text_of(self, node, depth: int, st: dict) -> str | None:  # per language: a string's value, decoded, ARG parts
        return None

    def edit_of(self, node):  # per language: (op, target node, value node) of an edit, or ("bind", name, chain)
        return None

    def chain_of(self, node, st: dict):  # per language: (root name, [keys]) of `cfg["a"].b`, or None
        return None

    def name_value(self, ident, depth: int, st: dict):
        """The value of the object the name `ident` holds where it is written: what it was given (once), then
        every change the code makes to it or to a part of it (through a name bound to that part too), in order."""
        name = self.src(ident)
        if name in st["names"]:  # each name read once per text (values are never changed: _apply copies)
            return st["names"][name]
        st["budget"][0] -= 1
        if depth > 12 or name in st["seen"] or st["budget"][0] <= 0:
            return UNKNOWN
        st["seen"].add(name)
        try:
            made = self.declared(ident, _MADE_OF)
            value = self.value_of(made, depth + 1, st) if made is not None else UNKNOWN
            if value is UNKNOWN:
                v = self.text_of(ident, depth + 1, st)
                value = v if v is not None else UNKNOWN
            value = self._edited(name, value, depth, st)
        finally:
            st["seen"].discard(name)
        st["names"][name] = value
        return value

    def _edits(self, st: dict) -> dict:
        """The code's edits (`edit_of`) by the name they change (or, for a bind, the name of the object it binds a part
        of), each (op, target, source) in the code's order; read once per text judged."""
        if st["edits"] is None:
            index: dict = {}
            stack, seen = [self.root] if self.root is not None else [], 0
            while stack and seen < 65536:
                n = stack.pop()
                seen += 1
                if n.type in self.EDITS:
                    edit = self.edit_of(n)
                    if edit is not None:
                        index.setdefault(_leftmost(self, edit[2] if edit[0] == "bind" else edit[1]), []).append(edit)
                if n.named_child_count:
                    stack.extend(reversed(n.named_children))
            st["edits"] = index
        return st["edits"]

    def _edited(self, name: str, value, depth: int, st: dict):
        """`value` with the changes the code makes to the object `name` applied."""
        index = self._edits(st)
        found, names = [], [name]
        for n in names:  # the name and the names bound to parts of it
            for edit in index.get(n, ())[:256]:
                found.append(edit)
                if edit[0] == "bind" and edit[1] not in names and len(names) < 16:
                    names.append(edit[1])
        found.sort(key=lambda e: (e[1] if e[0] != "bind" else e[2]).start_byte)
        parts = {name: []}  # names standing for a part of the object -> the keys of that part
        for op, target, source in found:
            if op == "bind":  # scripts = pkg.setdefault("scripts", {})
                chain = self.chain_of(source, st)
                if chain is not None and chain[0] in parts and target != name:
                    parts[target] = parts[chain[0]] + chain[1]
                continue
            chain = self.chain_of(target, st)
            if chain is None or chain[0] not in parts:
                continue
            keys = parts[chain[0]] + chain[1]
            if not keys and op == "set":
                continue  # the name given another value: not read as a change
            new = self.value_of(source, depth + 1, st) if source is not None else UNKNOWN
            value = _apply(value, keys, op, new)
            st["budget"][0] -= 1
            if st["budget"][0] <= 0:
                break
        return value

    def _runs_written(self, keys: list, node, what: str) -> None:
        """Block running a file this code wrote from content computed at run time."""
        for k in keys:
            content = self.written.get(k)
            if content is None:
                continue
            if _FETCHED.search(self.src(content)):
                self.block("download-exec", f"`{what}` runs {k}, which this code wrote from downloaded content; "
                                            "download it, inspect it, then run it", node)
            else:
                self.block("decode-exec", f"`{what}` runs {k}, which this code wrote from content computed at run "
                                          "time; write the code literally, or check it in and run that", node)
            return

    def _runs_written_line(self, line: str, node, what: str) -> None:
        """`os.system("sh x.sh")`, `execSync("node stage.js")`: a command line running a file this
        code wrote from content computed at run time."""
        for segment in _SEGMENTS.split(line):
            try:
                argv = shlex.split(segment)
            except ValueError:
                continue
            self._runs_written([paths.normalize(argv[i]) for i in run_operands(argv)], node, what)

    def command_line(self, line: str, node, what: str) -> None:
        """A command line the code runs, one of several: it may run a file this code wrote or an earlier
        command downloaded (zx's `curl -o /tmp/.b URL`, then `sh /tmp/.b`), which no one command shows."""
        if self.written:
            self._runs_written_line(line, node, what)
        if "curl" not in line and "wget" not in line:
            return
        for segment in _SEGMENTS.split(line):
            try:
                fetched = download_option(shlex.split(segment))
            except ValueError:
                continue
            if fetched is not None:  # remembered as written with the command's text, which names its fetcher
                self.written[paths.normalize(fetched)] = node

    def argv_line(self, argv: list[str | None], node, what: str) -> None:
        """An argv the code runs: a download it makes (`curl -o F`), and the command line a shell in it is given
        (`sh -c "chmod +x /tmp/.x && /tmp/.x"`), read as `command_line` reads a line."""
        fetched = download_option(argv)
        if fetched is not None:
            self.written[paths.normalize(fetched)] = node
        at = inline_code_at(argv)
        if at is not None and argv[at[0]] is not None and (at[1] in SHELL_NAMES or
                                                           at[1].rsplit("/", 1)[-1] in SHELL_NAMES):
            self.command_line(argv[at[0]], node, what)

    def _npm_script(self, value) -> None:
        """A value under `scripts` of a package.json: npm runs it as a shell command."""
        cmd = self.string(value) if value is not None else None
        if cmd is not None:
            self.ctx.nested(cmd, "bash", self.doc, value, None)

    def walk_root(self, root: str | None, node) -> None:
        """Note a listing or walk of `root` (`os.walk`, `Path.rglob`, `fs.readdirSync`) when it
        is the home or a system tree."""
        if root is None:
            return
        top = _GLOB_TAIL.sub("", root) or "/"
        if paths.normalize(top) in ("/", "~") or paths.kinds(top) & {paths.SYSTEM, paths.HOME}:
            self.walk_roots.append((node, root))

    def report_walk_deletes(self) -> None:
        """A walk of ~ or / next to deletes of computed paths empties that tree file by file;
        an endless loop that starts processes exhausts the machine."""
        if self.walk_roots and self.dynamic_deletes:
            node, root_path = self.walk_roots[0]
            self.block("destructive-rm", f"the code walks {root_path} and deletes the files it finds; delete only "
                                         "paths inside the project", node)
        if self.walk_roots and self.dynamic_chmods:
            node, root_path = self.walk_roots[0]
            self.block("permission-tamper", f"the code walks {root_path} and changes the permissions of what it "
                                            "finds; change only project files", node)
        if self.endless:
            self.block("resource-exhaustion", "an endless loop starts processes or threads without end; bound the "
                                              "loop or use a pool", self.endless[0])

    # -- start-up files read, not changed ---------------------------------------------------------------
    @contextmanager
    def paths_read(self):
        """Around the walk: a persistence path the code names (check_path) is judged once every use of it is
        known. Reading a start-up file that holds no secret is ordinary (`~/.vimrc` read for its indent width,
        `~/.gitconfig` for `autocrlf`); a path used otherwise (written, appended, copied or linked onto, chmod-ed,
        handed to a function the reader does not know) is blocked as persistence, as before."""
        held: tuple = (self.doc, [])
        token = _NAMED.set(held)
        try:
            yield
        finally:
            _NAMED.reset(token)
        elsewhere = self.computed_write() if held[1] else None
        for node, value in held[1]:
            if elsewhere is not None:  # the file read may be the one written, under a name the code computes
                self.block("persistence", f"the code reads {value}, a start-up/ssh/cron/git-hook file, and writes a file "
                                          f"whose name it computes at run time (`{self.src(elsewhere)[:60]}`), which "
                                          "may be that file; write to files the code names, or leave start-up files "
                                          "alone", node)
            elif not self.only_read(node):
                self.block("persistence", persistence_message(value), node)

    def only_read(self, node, depth: int = 0) -> bool:
        """Whether the path `node` names is only read: by a read where it stands (each language's `path_use`), or
        bound to a name that every use of reads (and that is used: a name never used here is for other code, an
        importer of the module, to use)."""
        use = self.path_use(node)
        if use is None:
            use = self._loop_variable(node)
        if use is None or use is True:
            return bool(use)
        uses = self.uses_of(use) if depth < 4 else None
        return bool(uses) and all(self.only_read(u, depth + 1) for u in uses)

    # `for p in [Path("/etc/pip.conf"), Path.home() / ".config/pip/pip.conf"]: cfg.read(p)`: each path of a literal
    # list is bound in turn to the loop's name, read as every use of that name is. Between the path and the list only
    # what builds a path may stand: a path constructor's call (`Path(…)`, `path.join(…)`) or a `/` or `+` join.
    _LISTS = frozenset({"list", "tuple", "array"})
    _LOOPS = frozenset({"for_statement", "for_in_statement"})
    _PATH_MAKER = re.compile(r"(?:^|\.)(?:Path|PurePath|PosixPath|WindowsPath|expanduser|join|resolve|normpath|"
                             r"abspath|realpath)$")

    def _loop_variable(self, node):
        for _ in range(6):
            up = node.parent
            if up is None:
                return None
            if up.type in self._LISTS:
                loop = up.parent
                if loop is None or loop.type not in self._LOOPS or loop.child_by_field_name("right") != up:
                    return None
                left = loop.child_by_field_name("left")
                if left is not None and left.type in ("lexical_declaration", "variable_declaration"):
                    decl = left.named_children[0] if left.named_children else None
                    left = decl.child_by_field_name("name") if decl is not None else None
                return left if left is not None and left.type == "identifier" else None
            if up.type in ("argument_list", "arguments"):
                call = up.parent
                fn = call.child_by_field_name("function") if call is not None else None
                if fn is None or not self._PATH_MAKER.search(self.src(fn)):
                    return None
                node = call
            elif up.type in ("binary_operator", "binary_expression") and \
                    self.src(up.child_by_field_name("operator")) in ("/", "+"):
                node = up
            elif up.type == "parenthesized_expression":
                node = up
            else:
                return None
        return None

    def path_use(self, node):  # per language: True for a read, the name node a path is bound to, None otherwise
        return None

    def computed_write(self):  # per language: a write (or chmod, link, move) onto a path computed at run time, or None
        return None

    def unnamed_target(self, node) -> bool:
        """Whether a path written is computed at run time, neither a literal nor the project's own file."""
        return node is not None and self.string(node) is None and self.project_path(node) is None

    def patched(self, name: str) -> bool:
        """Whether the code may give the function or method `name` a body of its own (`Path.read_text = …`,
        `console.log = …`, `def info(…)`, a `setattr` or `defineProperty`): a call of it then reads nothing for sure."""
        data = self.doc.data
        word = re.escape(name.encode())
        return re.search(rb"\.\s*" + word + rb"\s*=(?!=)|\b(?:def|function)\s+" + word + rb"\s*\(", data) is not None \
            or b"setattr" in data or b"defineProperty" in data

    def uses_of(self, ident) -> list | None:
        """Every other node of the code spelled as the name `ident` (a property or keyword of that spelling too, which
        path_use then does not take for a read); None when there are too many to read."""
        if self.root is None:
            return None
        global _NAME_INDEX
        index = _NAME_INDEX
        if index is None or index[0] != self.root:  # (a 1,500-line file asks of a name at most lines: one walk)
            index = _NAME_INDEX = (self.root, _names(self.doc.data, self.root))
        key = self.doc.data[ident.start_byte:ident.end_byte]
        out = [n for n in index[1].get(key, ()) if n != ident]
        return out if len(out) <= 32 else None

    def grammar(self) -> str:
        """The grammar the tree was parsed with (a query only matches trees of its own grammar)."""
        return self.ASSIGNMENTS[0]

    def dns_lookup(self, what: str, name, node) -> None:
        """A DNS lookup of a name built from encoded data (`gethostbyname(f"{i}.{hexlify(tok)[i:i+60]}.t.x")`,
        `dns.resolve4(`${Buffer.from(k).toString("hex")}.x`)`): every query carries a piece of it to whoever
        answers for the domain, past any HTTP proxy (DNS exfiltration); so does a name made of a secret from the
        environment. A name read from configuration is neither."""
        if name is None or self.string(name) is not None:
            return
        texts = [self.src(name)]
        for ident in set(_IDENT.findall(texts[0])) & self.bound.keys():
            texts.append(self.src(self.bound[ident]))  # h = binascii.hexlify(tok).decode()
        if any(_ENCODED_NAME.search(t) or _ENV_SECRET.search(t) for t in texts):
            self.block("exfiltration", f"`{what}` looks up a name built from a secret or encoded data: each DNS query "
                                       "carries it to whoever runs that domain; never send data off the machine", node)

    def sql_server(self, text: str, node) -> None:
        """SQL a driver sends that acts on the database's machine (`COPY … TO PROGRAM 'curl …'`, `LOAD_FILE`),
        judged as the shell clients' SQL is."""
        from .sql import judge_server

        judge_server(text, lambda rule, message: self.block(rule, message, node),
                     lambda line: self.ctx.nested(line, "bash", self.doc, node, None))

    def metadata_url(self, value: str | None, node) -> None:
        """A string naming the instance's credentials at a cloud metadata address (`http://169.254.169.254/latest/
        meta-data/iam/security-credentials/…`), as the shell rule reads it (bash/host.py); `value` is the string's
        value, None when computed (its text as written is read then)."""
        data, start, end = self.doc.data, node.start_byte, node.end_byte
        if data.find(b"backend.default", start, end) >= 0 and value is not None:
            self._open_airflow_api(value, node)
        if data.find(b"169.254.", start, end) < 0 and data.find(b"metadata", start, end) < 0:
            return  # nearly every string: no metadata address in it
        from .bash.host import metadata_credentials

        if metadata_credentials(value if value is not None else self.src(node)):
            self.block("secret-read", "the code reads the cloud instance's credentials from its metadata address; "
                                      "the agent must not take the machine's identity", node)

    def _open_airflow_api(self, value: str, node) -> None:
        """`airflow.api.auth.backend.default` as Airflow's API auth backend (airflow.cfg's `[api] auth_backends`,
        `AIRFLOW__API__AUTH_BACKENDS`): the REST API then takes every request without a login (trigger DAGs, read
        connections and variables). With the webserver put on every interface (`0.0.0.0`) in the same code, blocked;
        alone, held for a person."""
        if "airflow.api.auth.backend.default" not in [v.strip() for v in value.split(",")]:
            return
        exposed = b"0.0.0.0" in self.doc.data
        say = ("Airflow's API then accepts every request without a login (`airflow.api.auth.backend.default`): "
               "whoever reaches it can trigger DAGs and read connections and variables")
        if exposed:
            self.block("privilege-escalation", f"{say}, and the code puts the webserver on every interface "
                                               "(0.0.0.0); keep `airflow.api.auth.backend.session` or basic_auth", node)
        else:
            self.review("privilege-escalation", f"{say}; keep `airflow.api.auth.backend.session` or basic_auth", node)

    def held_tree_delete(self, what: str, path: str, node, built: bool = False) -> None:
        """A recursive delete of `path` (`shutil.rmtree`, `fs.rmSync(…, {recursive: true})`) read as `rm -r` of it
        is: the repository's history, a home folder or a project beside this one, a mounted volume (rule
        `irreversible`, review; bash/files.unrecoverable), the whole parent directory (`destructive-rm`, blocked
        as `rm -rf ..` is; bash/files.outside_loss). With `built`, `path` was built at run time (the languages'
        `run_paths`), with RUN_NAME for each name only known then: `~/.local/share/` + RUN_NAME is an
        application's data whatever the name, `../` + RUN_NAME a folder beside the project; a path whose first
        name under the home is computed is not guessed at."""
        from .bash.files import outside_loss, unrecoverable

        n = paths.normalize(path)
        if RUN_NAME in n:
            # (a computed name near the root says nothing; one under a known folder, `/mnt/d/backups/<name>`, does)
            if n.startswith((RUN_NAME, "~/" + RUN_NAME)) or n[:1] == "/" and RUN_NAME in "/".join(n.split("/")[:3]):
                return
            n = n.replace(RUN_NAME, "<name>")
        lost = unrecoverable(n)
        rule = "irreversible"
        if lost is None and n.startswith(".."):
            rule, lost = outside_loss(n) or (rule, None)
        if lost is None:
            return
        say = f"`{what}` of {n + ' (a path built at run time)' if built else path} deletes {lost}"
        if rule == "destructive-rm":
            self.block(rule, say, node)
        else:
            self.review(rule, f"{say}; nothing brings it back: move it aside or ask the user", node)

    def run_paths(self, node, depth: int = 0) -> list[str] | None:
        """The paths `node` names when the code runs, as far as the code shows them (for held_tree_delete): a
        literal, a name followed to what it is bound to, else what the language reads in the expression
        (`built_path`: the working directory is `.`, the home `~`, joins and parents followed); a name computed
        at run time is RUN_NAME. None when where the path starts is not known (a parameter, `__file__`)."""
        v = self.string(node)
        if v is not None:
            return [v]
        if depth > 8:
            return None
        if node.type == "identifier" and self.src(node) in self.bound:
            return self.run_paths(self.bound[self.src(node)], depth + 1)
        return self.built_path(node, depth)

    def built_path(self, node, depth: int) -> list[str] | None:  # each language reads its own expressions
        return None

    def tail_of_parts(self, parts: list, depth: int) -> str | None:
        """The literal end of a path join's parts (each language's path_tail reads the join): the literal parts
        after the last one that is not known, with that one's own literal end."""
        out: list[str] = []
        for a in reversed(parts):
            v = self.string(a)
            if v is None:
                inner = self.path_tail(a, depth + 1)
                if inner:
                    out.append(inner)
                break
            out.append(v.strip("/"))
        return "/".join(reversed([o for o in out if o])) or None

    def path_tail(self, node, depth: int = 0) -> str | None:  # each language reads its own expressions
        return None

    def tail_of_name(self, ident, kinds: frozenset[str], depth: int) -> str | None:
        """path_tail of what the name `ident` was given once (one of the node `kinds`)."""
        made = self.given(ident, kinds)
        return self.path_tail(made, depth + 1) if made is not None else None

    def tail_joined(self, left, right, depth: int) -> str | None:
        """path_tail of `left + "/x"` (and Python's `left / "x"`): the literal right side under the left's tail."""
        r = self.string(right)
        if r is None:
            return None
        tail = self.path_tail(left, depth + 1)
        return tail.rstrip("/") + "/" + r.lstrip("/") if tail else r.lstrip("/") or None

    def given(self, ident, kinds: frozenset[str]):
        """The node the name `ident` stands for: what it was bound to, or given once as one of the node `kinds`;
        None when the name is given other values too (or never one of those)."""
        name = self.src(ident)
        if self.mutable(name):
            return None
        return self.bound.get(name) or self.declared(ident, kinds)

    def joined_paths(self, base, parts: list, depth: int) -> list[str] | None:
        """`join(base, *parts)`: every reading of each (at most 8), a part not known standing for any name."""
        out = self.run_paths(base, depth + 1) if base is not None else None
        for part in parts:
            if out is None:
                return None
            got = self.run_paths(part, depth + 1) if part is not None else None
            out = [paths.join(o, g) for o in out for g in (got or [RUN_NAME])][:8]
        return out

    # -- what a name stands for where a command is run: a loop's items, a helper's arguments ---------------
    # (per language) node kinds of a function definition, and of a loop over a collection
    FUNCTIONS: frozenset[str] = frozenset()
    FOR_LOOP = ""
    _ROWS_CAP = 16  # runs read per name: a longer table stays unknown, as it was

    def alternatives(self, names: list, depth: int = 0) -> list[dict] | None:
        """What the names `names` (the operands of one call that are plain names) stand for when the code
        runs, one dict name -> value node per run: the items of a literal list a loop goes over (`for cmd in
        CHECKS`), or what each call of the function they are parameters of passes (`def sh(args)` called as
        `sh(["docker", "build", "."])`), so a helper's command is judged at each of its calls, as the shell rules
        judge a function's "$@" at each call. A value that is itself such a name at its call is followed
        (`for (const s of steps) await runStep(s)`). None when no name is one of these, when the name is given
        another value inside, when a call passes what cannot be read (a splat, a missing argument), or when the
        function is used as a value or called more often than is read: then the command stays unknown."""
        idents = [n for n in names if n is not None and n.type == "identifier"]
        if not idents or depth > 3:
            return None
        found = self._binding_scope(idents[0])
        if found is None:
            return None
        scope, params = found
        if scope.type == self.FOR_LOOP:
            bound = [self.src(idents[0])]
            items = self.loop_items(scope)
            rows = [{bound[0]: it} for it in items] if items is not None else None
        else:
            bound = [self.src(n) for n in idents if self.src(n) in params]
            rows = self._call_rows(scope, params, bound)
        body = scope.child_by_field_name("body")
        if not rows or len(rows) > self._ROWS_CAP or body is None or self._rebinds(self.src(body), bound):
            return None
        out: list[dict] = []
        for row in rows:  # values that are names of an outer loop or function at the call: followed there
            grown = [row]
            for key, value in row.items():
                if value is None or value.type != "identifier" or self.known_name(value):
                    continue
                inner = self.alternatives([value], depth + 1)
                if inner:
                    grown = [{**r, key: alt[self.src(value)]} for r in grown for alt in inner]
            out += grown
            if len(out) > self._ROWS_CAP:
                return None
        return out

    def agreed(self, ident, read, depth: int = 0):
        """What `read` makes of every value the name `ident` (a parameter, a loop's name) is given when the code
        runs (`alternatives`): a parameter's default when each call omits it (`loadPlugins()` of `function
        loadPlugins(dir = path.resolve("plugins"))`); None when the values are not known or `read` makes different
        things of them (a call passing `os.homedir()` keeps the code held)."""
        rows = self.alternatives([ident])
        name = self.src(ident)
        found = {read(row[name], depth + 1) for row in rows or () if row.get(name) is not None}
        return found.pop() if rows and len(found) == 1 else None

    def _binding_scope(self, ident):
        """(the loop or function that gives `ident` its value, that function's parameters: name -> (position,
        default node), position -1 for a parameter passed by keyword only, -2 for `*args`); None when neither
        does."""
        name = self.src(ident)
        up = ident.parent
        while up is not None:
            if up.type == self.FOR_LOOP and self.loop_name(up) == name and self._inside(ident, up):
                return up, {}
            if up.type in self.FUNCTIONS:
                params = self.parameters(up)
                if params is None:
                    return None
                if name in params:
                    return up, params
            up = up.parent
        return None

    @staticmethod
    def _inside(node, loop) -> bool:
        """Whether `node` is in the body of `loop` (not its header)."""
        body = loop.child_by_field_name("body")
        return body is not None and body.start_byte <= node.start_byte < body.end_byte

    def _call_rows(self, func, params: dict, bound: list[str]) -> list[dict] | None:
        """For each call of the function `func` in the code, its arguments for the parameters `bound`; None when
        the function is used otherwise than called by name (passed as a value, exported), or a call's argument
        cannot be read."""
        sites = self.call_sites(func)
        if not sites:
            return None
        rows = []
        for args in sites:
            if any(a.type in self.SPLATS for a in args):
                return None
            positional = [a for a in args if a.type != self.KEYWORD]
            row = {}
            for name in bound:
                at, default = params[name]
                if at == -2:
                    return None  # `*args`: the whole tail of each call
                value = positional[at] if 0 <= at < len(positional) else self.keyword(args, name)
                if value is None:
                    value = default
                if value is None:
                    return None
                row[name] = value
            rows.append(row)
            if len(rows) > self._ROWS_CAP:
                return None
        return rows

    def call_sites(self, func) -> list[list] | None:
        """The arguments of every call of `func` by its name (`sh(…)`, `self.sh(…)`, `this.run(…)`) in the code;
        None when its name is also used otherwise (a value handed on, an export)."""
        name = self.function_name(func)
        if not name or self.root is None:
            return None
        call_t, callee, member_t, _, name_f = self.ORIGIN[:5]
        key = name.encode()
        data = self.doc.data
        out = []
        stack = [self.root]
        while stack:
            n = stack.pop()
            if n.end_byte - n.start_byte == len(key) and not n.named_child_count:
                if n.type not in ("identifier", "property_identifier") or data[n.start_byte:n.end_byte] != key:
                    continue
                holder = n.parent
                if holder is not None and holder.type == member_t and holder.child_by_field_name(name_f) == n:
                    target = holder
                else:
                    target = n
                up = target.parent
                if n == func.child_by_field_name("name") or self._names_function(n, func):
                    continue
                if up is None or up.type != call_t or up.child_by_field_name(callee) != target:
                    return None
                out.append(self.args(up))
                continue
            if data.find(key, n.start_byte, n.end_byte) >= 0:
                stack.extend(reversed(n.named_children))  # in the code's order: a download, then its run
        return out

    def _names_function(self, n, func) -> bool:  # the name a function expression is bound to (per language)
        return False

    def _rebinds(self, body: str, names: list[str]) -> bool:
        """Whether the text `body` gives one of `names` another value or changes it in place."""
        return any(re.search(self.REBIND.replace("NAME", re.escape(n)), body) for n in names if n in body)

    REBIND = ""  # a regex of NAME given another value or changed in place (per language)
    SPLATS: frozenset[str] = frozenset()  # argument kinds that unpack a collection (per language)
    KEYWORD = ""  # the node kind of a keyword argument

    def keyword(self, args: list, name: str):
        """The value a call's arguments `args` give the parameter `name` by keyword (per language)."""
        return None

    def parameters(self, func) -> dict | None:  # per language; see _binding_scope
        return None

    def function_name(self, func) -> str | None:  # the name a function is called by (per language)
        return None

    def loop_name(self, loop) -> str | None:  # the one plain name a loop binds (per language)
        return None

    def loop_items(self, loop) -> list | None:  # the items of the literal collection a loop goes over
        return None

    def known_name(self, node) -> bool:
        """Whether the name `node` already reads as a known value (a literal, a literal list)."""
        return self.string(node) is not None

    def tail_written(self, tail: str | None, node) -> None:
        """A file written whose directory is only known when the code runs (`git rev-parse --show-toplevel`, a
        parameter) but whose literal tail is known (`tail`, from the language's `path_tail`): a git hook or git's
        configuration is persistence wherever the repository is, as `*/.git/hooks/*` is in paths.py."""
        if not tail:
            return
        where = "<dir>/" + tail.lstrip("/")
        if paths.PERSISTENCE in paths.kinds(where):
            self.block("persistence", f"the code writes {where} (its directory found when the code runs): a git hook "
                                      "or git's configuration runs what it names at every later git command; agents "
                                      "must not change it", node)

    def tail_content(self, tail: str | None, content) -> None:
        """Literal `content` written to a file whose literal tail names what runs it (`Path(top) / ".husky" /
        "pre-commit"`, `path.join(dir, "setup.py")`): judged as that code, as a file of a literal path is."""
        lang = written_lang(tail) if tail and content is not None else None
        if lang is None or paths.PERSISTENCE in paths.kinds("<dir>/" + tail):
            return
        v = self.string(content)
        if v is not None:
            judge_written(self.ctx, self.doc, content, tail, v)
        elif lang == "run-later":
            # a folder-open task or a devcontainer command put into each repository a loop finds, as an object
            # serialised or read, changed and written back: what the code puts in is judged as the file's text
            self._wrote("<dir>/" + tail.lstrip("/"), content)

    def note_loop(self, name, items, body) -> None:
        """`for d in [".ssh", "Documents"]` / `for (const d of [...])`: the name stands for the list's most
        sensitive item (loops.py), when the list is a literal one. Over a listing of a remote store, a body that
        deletes each item is a mass delete (item_loops.py)."""
        if items is not None and items.type == "call" and name is not None and name.type == "identifier":
            homes = self._homes_listed(items)  # for home in Path("/mnt/c/Users").iterdir(): as `/home/*` is
            if homes is not None:
                self.consts["for " + self.src(name)] = homes
                return
        if items is not None and items.type in _LISTED:
            from . import item_loops

            root = self.origin(items)[0]
            item_loops.check(self, name, items, body, self.family_of(root) if root else None)
            return
        if name is None or name.type != "identifier" or items is None:
            return
        if items.type == "identifier":  # stale = [home / p for p in ("", ".cache")]; for d in stale
            # the languages' tables of names bound to literal lists first; the declarations' query only for code
            # with a comprehension (it costs a walk of the tree)
            table = getattr(self, "lists", None) or getattr(self, "arrays", None) or {}
            literal = table.get(self.src(items))
            items = literal if literal is not None else \
                self._bound_once(items) if _COMPREHENSION.search(self.doc.data) else None
        if items is not None and items.type == "list_comprehension":
            values = self._comprehension_items(items)
        elif items is not None and items.type in ("list", "tuple", "array"):
            values = [self.string(c) for c in items.named_children]
        else:
            return
        from .loops import sensitive_item

        item = sensitive_item(values)
        if item is None and body is not None:
            item = self._joined_item(self.src(name), values, body)
        if item is not None:
            self.consts["for " + self.src(name)] = item

    def _homes_listed(self, call) -> str | None:
        """`Path("/home").iterdir()`, `glob.glob("/mnt/c/Users/*")`: the folder of the users' homes listed, as the
        pattern `/home/*` (Python's listings that give whole paths)."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return None
        if fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "iterdir":
            folder = self.string(fn.child_by_field_name("object"))
        elif self.qualname(fn) in ("glob.glob", "glob.iglob") and len(self.args(call)) == 1:
            folder = self.string(self.args(call)[0])
            folder = folder[:-2] if folder is not None and folder.endswith("/*") else None
        else:
            return None
        if folder is None or paths.normalize(folder.rstrip("/\\") + "/x") != "~":
            return None  # (a folder of homes is one whose every entry is a home, as paths reads `/home/<user>`)
        return folder.rstrip("/\\") + "/*"

    JOINS: frozenset[str] = frozenset()  # node kinds that join a path from parts (per language)

    def _joined_item(self, name: str, values: list[str | None], body) -> str | None:
        """The first item that makes a path the loop's body joins from the name and a known base sensitive
        (`for (const f of ["Login Data", "Cookies"]) copyFileSync(path.join(profile, f), …)` with `profile` a
        browser profile): the item alone names nothing, its base with it a credential store."""
        from .loops import sensitive_path

        text = self.src(body)
        if not re.search(rf"(?<![\w$.]){re.escape(name)}\b", text):
            return None
        joins, stack, seen = [], [body], 0
        word = re.compile(rf"(?<![\w$.]){re.escape(name)}\b")
        while stack and len(joins) < 16 and seen < 256:  # (bounded: a long body is read in its first parts)
            n = stack.pop()
            seen += 1
            if n.named_child_count and word.search(self.src(n)):
                if n.type in self.JOINS:
                    joins.append(n)
                stack.extend(n.named_children)
        if not joins:
            return None
        with self._loop_name(name) as key:
            for v in [v for v in values if v][:32]:
                self.consts[key] = v
                if any(sensitive_path(self.string(j)) for j in joins):
                    return v
        return None

    @contextmanager
    def _loop_name(self, name: str):
        """Bind a loop's name for a while (the caller sets `consts[key]` to each item in turn), with what it
        stood for before put back after."""
        key = "for " + name
        saved, shadow = self.consts.pop(key, None), self.consts.pop(name, None)
        try:
            yield key
        finally:
            self.consts.pop(key, None)
            if saved is not None:
                self.consts[key] = saved
            if shadow is not None:
                self.consts[name] = shadow

    def _bound_once(self, ident):
        """The list, tuple or comprehension the name `ident` is given once, before it; None otherwise."""
        kinds = frozenset({"list", "tuple", "array", "list_comprehension"})
        self.declared(ident, kinds)  # fills the table of names' values
        values = (self._declared or {}).get(self.src(ident), ())
        if len(values) != 1 or values[0].start_byte > ident.start_byte or values[0].type not in kinds:
            return None
        return values[0]

    def _comprehension_items(self, comp) -> list[str | None]:
        """`[base / p for p in ("", ".cache")]` over a literal list: the value of the body for each item (a Python
        comprehension with one `for` and no `if`); [] for any other comprehension."""
        body = comp.child_by_field_name("body")
        clauses = [c for c in comp.named_children if c.type in ("for_in_clause", "if_clause")]
        if body is None or len(clauses) != 1 or clauses[0].type != "for_in_clause":
            return []
        left, right = clauses[0].child_by_field_name("left"), clauses[0].child_by_field_name("right")
        if left is None or left.type != "identifier" or right is None or right.type not in ("list", "tuple"):
            return []
        out: list[str | None] = []
        with self._loop_name(self.src(left)) as key:
            for c in right.named_children[:32]:
                v = self.string(c)
                if v is None:
                    out.append(None)
                    continue
                self.consts[key] = v
                out.append(self.string(body))
        return out

    def mutable(self, name: str) -> bool:
        """Whether `name` is given a non-literal value (or changed in place) anywhere in the code.

        A name assigned a literal is read as that literal only when nothing else is ever
        assigned to it: `s = ""` followed by `s += chunk` in a loop, or a loop that
        re-reads `cmd = input()` after `os.system(cmd)`, would otherwise run the first
        literal instead of what the code really runs."""
        if self._mutable is None:
            _, query, literal = self.ASSIGNMENTS
            found: set[str] = set()
            sets: dict[str, list[bool]] = {}  # name -> for each assignment, whether it assigns a literal
            if self.root is not None:
                for tag, nodes in _cursor(self.grammar(), query).captures(self.root).items():
                    for n in nodes:
                        if tag == "change":
                            found.add(self.src(n))
                        else:
                            right = n.parent.child_by_field_name("right") if n.parent is not None else None
                            sets.setdefault(self.src(n), []).append(right is not None and right.type in literal)
            # one assignment defines the name; a second one that is not a literal changes it
            found.update(name for name, lits in sets.items() if len(lits) > 1 and not all(lits))
            self._mutable = frozenset(found)
        return name in self._mutable

    def src(self, node) -> str:
        return self.doc.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def block(self, rule: str, message: str, node) -> None:
        self.ctx.block(rule, message, self.doc, node)

    def review(self, rule: str, message: str, node) -> None:
        self.ctx.review(rule, message, self.doc, node)

    def report(self, found, node) -> None:
        """A finding (verdict, rule, message) reported as its verdict says; None reports nothing."""
        if found is not None:
            (self.block if found[0] == "block" else self.review)(found[1], found[2], node)

    def mocks_http(self) -> bool:
        """Whether the code mocks HTTP, so that what it sends reaches no server (each language says how)."""
        return False

    def review_request(self, fn, fallback: str, node, url_node, url: str | None, base: str | None,
                       method: str, body=None) -> None:
        """Review a request that deletes, sent by the call `node` (made through `fn`; `fallback` names it when
        `fn` is long) to `url_node`, whose text is `url`, when it goes to another host (remote_target, with the
        client's `base`) from code that does not mock HTTP: a DELETE; an Elasticsearch `_delete_by_query`
        whatever the method; a call of an endpoint named for deleting (endpoints.py: `/api/chat.delete`,
        `…/points/delete`, `…:purge`); a POST whose `body` (the node holding it) is a GraphQL mutation that
        deletes; a POST, PUT or PATCH whose body asks for a delete (endpoints.deleting_body: a JSON-RPC method,
        a batch's DELETE sub-request or `deleteObject` action, `_bulk` delete lines). `method` is upper case, ""
        when only known at run time."""
        by_query = endpoint = False
        if method == "DELETE" and url is not None and _LOGOUT.search(url.split("?", 1)[0]):
            return  # the client's own session ended (Pi-hole's `DELETE /api/auth`): nothing of the service's is lost
        if method == "DELETE" and url is not None and access_revoked(url):
            return  # a sharing link or permission taken away (office_tables): access narrowed, no data lost
        if method != "DELETE":
            by_query = url is not None and BY_QUERY in url
            endpoint = not by_query and url is not None and deleting_endpoint(url, method)
            if not (by_query or endpoint or body is not None and method in _SENDING):
                return
        host = remote_target(url, base)
        if host is None:
            return
        mutation = operation = None
        if method != "DELETE" and not by_query and not endpoint:
            from .bash.history import GRAPHQL_DELETE  # (here: only a request with a body to another host pays it)

            text = self._body_text(body)
            m = GRAPHQL_DELETE.search(text) if method in ("POST", "") else None
            if m is not None:
                mutation = m.group(1)  # the field: `.*` is greedy, the last one
            else:
                operation = deleting_body(text, url or "", source=True)
                if operation is None:
                    return
        if self.mocks_http():
            return
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else fallback
        self.review("irreversible", http_delete_message(what, host, self.src(url_node), url, by_query,
                                                        endpoint or None, mutation, operation), node)

    BODY_KINDS: frozenset[str] = frozenset()  # the values a name in a request body is followed to (per language)

    def _body_text(self, body) -> str:
        """A request body's source, with the values of the names in it (`json={"query": Q}`), to read a GraphQL
        document in."""
        parts = [self.src(body)]
        stack, seen = [body], 0
        while stack and seen < 64:  # (names followed into names: `body = {"query": Q}`)
            n = stack.pop()
            seen += 1
            if n.type in ("identifier", "shorthand_property_identifier"):
                v = self.declared(n, self.BODY_KINDS)
                if v is not None:
                    parts.append(self.src(v))
                    stack.append(v)
            else:
                stack.extend(n.named_children)
        return "\n".join(parts)

    def args(self, call) -> list:
        """The argument nodes of a call (both grammars name the field `arguments`)."""
        al = call.child_by_field_name("arguments")
        return [c for c in al.named_children if c.type != "comment"] if al is not None else []

    _memo: dict | None = None

    def qualname(self, node) -> str | None:
        """The dotted name `node` resolves to, through imports and aliases (`_qualname`, per language).

        The resolvers ask for the same sub-expression more than once (the callee of a call, then
        again as what a getter or a bind applies to), which on chained calls (`f(a)(b)(c)...`,
        `` f`x``y` ``) costs exponential time. Answers are kept for the length of one outermost
        resolution, during which no alias can change."""
        if node is None:
            return None
        memo = self._memo
        if memo is not None:
            key = node.id
            if key not in memo:
                memo[key] = self._qualname(node)
            return memo[key]
        self._memo = {}
        try:
            return self._qualname(node)
        finally:
            self._memo = None

    def _qualname(self, node) -> str | None:  # pragma: no cover - each language defines it
        raise NotImplementedError

    def dotted(self, node, obj_field: str, prop_field: str) -> str | None:
        """`a.b` of an attribute/member node, with `a` resolved through imports and aliases."""
        obj = self.qualname(node.child_by_field_name(obj_field))
        prop = node.child_by_field_name(prop_field)
        return None if obj is None or prop is None else f"{obj}.{self.src(prop)}"


@lru_cache(maxsize=None)
def _query(lang: str, query: str):
    import tree_sitter as ts

    from .parse import _language

    return ts.Query(_language(lang), query)


def _cursor(lang: str, query: str):
    import tree_sitter as ts

    return ts.QueryCursor(_query(lang, query))


_WRAPPERS = frozenset({"env", "nice", "nohup", "exec", "command", "stdbuf", "setsid", "sudo", "doas", "time"})
NET_TOOLS = frozenset({"curl", "wget", "nc", "ncat", "netcat", "socat", "ssh", "scp", "sftp", "telnet", "openssl",
                       "ftp", "rsync"})


def inline_code_at(argv: list[str | None]) -> tuple[int, str] | None:
    """(the index of the argument an interpreter in `argv` runs as code, the interpreter):
    `python -c CODE`, `node -e CODE`, `sh -lc CODE`, also behind `env`/`nice`/`sudo`; None
    when it runs none."""
    start = 0
    while start < len(argv) and argv[start] is not None and argv[start].rsplit("/", 1)[-1] in _WRAPPERS:
        start += 1  # the wrapper, then its options and VAR=value words
        while start < len(argv) and argv[start] is not None and (argv[start][:1] == "-" or "=" in argv[start]):
            start += 1
    if start:
        at = inline_code_at(argv[start:]) if start < len(argv) else None
        return None if at is None else (at[0] + start, at[1])
    if not argv or argv[0] is None:
        return None
    prog = argv[0].rsplit("/", 1)[-1]
    shell = argv[0] in SHELL_NAMES or prog in SHELL_NAMES or is_cmd(argv[0])
    flags = ("-c", "/c", "/C", "/k", "/K", "/r", "/R", "-Command") if shell else INLINE_FLAGS.get(base_name(prog), ())
    for i in range(1, len(argv) - 1):
        a = argv[i]
        if a in flags or (shell and a is not None and _SHELL_FLAGS.fullmatch(a)):
            return i + 1, argv[0]
    return None


def reads_commands(argv: list[str | None]) -> bool:
    """A shell started without a script or -c (`["bash"]`, `["sh", "-s"]`): it runs the commands
    written to its input."""
    return bool(argv) and argv[0] is not None and argv[0].rsplit("/", 1)[-1] in SHELL_NAMES and all(
        a is not None and a[:1] == "-" and not _SHELL_FLAGS.fullmatch(a) for a in argv[1:])


def _template_pieces(a, node) -> list | None:
    """An f-string's or a template literal's pieces: its text (str) and the expression nodes in it; None for
    another expression, or a field with a conversion or a format (`{x!r}`, `{x:>8}`)."""
    out: list = []
    if node.type == "string":  # Python
        start = node.children[0] if node.children else None
        prefix = a.src(start).lower() if start is not None else ""
        if "f" not in prefix:
            return None
        for c in node.children:
            if c.type == "string_content":
                out.append(a.src(c) if "r" in prefix else _unescaped(a.src(c)))
            elif c.type == "interpolation":
                kids = c.named_children
                if len(kids) != 1:
                    return None
                out.append(kids[0])
        return out
    if node.type == "template_string":  # TypeScript
        for c in node.named_children:
            if c.type == "template_substitution":
                if len(c.named_children) != 1:
                    return None
                out.append(c.named_children[0])
            elif c.type in ("string_fragment", "escape_sequence"):
                out.append(a.src(c) if c.type == "string_fragment" else _unescaped(a.src(c)))
        return out
    return None


def _unescaped(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), text)


def is_cmd(prog: str | None) -> bool:
    """cmd.exe however it is named (`cmd`, `CMD.EXE`, `C:\\Windows\\System32\\cmd.exe`, `/mnt/c/…/cmd.exe`): its
    command line is cmd's, which bash/windows.py reads (`%VAR%`, `&`, `^`), not a POSIX shell's."""
    return prog is not None and base_name(prog.replace("\\", "/")) == "cmd"


def argv_to_shell(argv: list[str | None]) -> str:
    """An argv list as the shell command it is equivalent to (unknown items as a placeholder).
    Every argument is quoted, as each one is a single string the program receives: so a
    program no rule knows, handed `["gosu", "root", "sh", "-c", "reboot"]`, has its string
    arguments judged as commands (bash/handed.py) the way a quoted shell word is."""
    if not argv:
        return ""
    return " ".join([shlex.quote(argv[0] if argv[0] is not None else "ARG")] +
                    ["'" + (a if a is not None else "ARG").replace("'", "'\\''") + "'" for a in argv[1:]])


# (the document a code analysis is reading now, the persistence paths its code names without being seen to write
# them): check_path is called from every theme of both languages, and how a path is used is only known once the
# whole code has been read (CodeAnalysis.paths_read)
_NAMED: ContextVar[tuple | None] = ContextVar("named_paths", default=None)


def check_path(ctx, doc, node, value: str, writing: bool = False) -> None:
    k = paths.kinds(value)
    if not k:
        return
    if paths.SECRET in k and not writing:
        ctx.block("secret-read", f"the code touches the credential file {value}; agents must not read secrets", doc, node)
    elif paths.PERSISTENCE in k:
        held = _NAMED.get() if not writing else None
        if held is not None and held[0] is doc:
            held[1].append((node, value))  # judged by how the code uses it, once it has all been read
            return
        ctx.block("persistence", persistence_message(value), doc, node)
    elif paths.SECRET in k:
        ctx.block("secret-read", f"the code touches the credential file {value}; agents must not read secrets", doc, node)
    elif writing and paths.LOG in k:
        ctx.block("anti-forensics", f"the code deletes or overwrites the log {value}; leave logs alone", doc, node)
    elif writing and (k & {paths.SYSTEM, paths.HOME, paths.DEVICE}):
        ctx.block("system-write", f"the code writes to or deletes the system path {value}", doc, node)


def persistence_message(value: str) -> str:
    return (f"the code refers to {value}, a start-up/ssh/cron/git-hook file, and does more than read it; agents must "
            "not change it (reading it is fine)")


def _hijack_names() -> frozenset[str]:
    global _ALL_HIJACK
    if _ALL_HIJACK is None:
        from .bash.system import _HIJACK

        _ALL_HIJACK = _ENV_HIJACK | _HIJACK  # one list with the shell rules' (BROWSER, GIT_ASKPASS ...)
    return _ALL_HIJACK


_ALL_HIJACK: frozenset[str] | None = None


def check_env_name(ctx, doc, node, name: str) -> None:
    if name in _hijack_names() or name.startswith(("GIT_CONFIG_", "BASH_FUNC_")):
        ctx.block("env-hijack", f"setting {name} makes other programs load or run code of your choosing", doc, node)


_TMP_DIRS = ("/tmp", "/dev/shm", "/var/tmp")
_SEARCH_PATHS = frozenset({"PYTHONPATH", "NODE_PATH", "PERL5LIB", "RUBYLIB"})
# node options that load or run code
_NODE_LOADS = re.compile(r"(?:^|\s)(?:-r|--require|--import|--loader|--experimental-loader|-e|--eval|-p|--print|"
                         r"--inspect\S*|--experimental-\S*-loader)\b")
# programs that are set as pager/editor to make a tool non-interactive, not to run code
_QUIET_PROGRAMS = frozenset({"cat", "less", "more", "true", "false", ":", "vi", "vim", "nvim", "nano", "emacs", "code",
                             "head", "tail", "tee"})


def check_env_value(ctx, doc, node, name: str, value: str | None, whole: bool | str = True) -> None:
    """A variable set for a child process (`env={...}` in code) to `value`: its literal text,
    or (`whole` False) the literal start of it (`"/tmp/x:" + os.environ["PATH"]`), or None
    when unknown.

    PATH and the pager/editor variables are set by ordinary code (PATH with a tool
    directory in front, `GIT_EDITOR=true`); they are judged by what they are set to.
    `whole` "append": `value` is added after the variable's current value
    (`NODE_OPTIONS += " --max-old-space-size=4096"`)."""
    if name.lower().startswith("npm_config_"):
        if value is not None:
            check_npm_setting(ctx, doc, node, name[11:], value.strip(), rule="env-hijack")
        return
    if name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "UV_INDEX_URL", "UV_EXTRA_INDEX_URL"):
        from .bash.common import plain_http

        if value is not None and any(plain_http(u) for u in value.split()):
            ctx.block("env-hijack", f"{name} makes pip fetch packages, and run their build scripts, over plain HTTP; "
                                    "use an HTTPS index", doc, node)
        return
    if whole == "append":
        if name == "PATH" or (name == "NODE_OPTIONS" and value is not None and not _NODE_LOADS.search(value)):
            return  # entries after the system directories; node tuning options
        if name in _SEARCH_PATHS and value is not None:
            check_env_value(ctx, doc, node, name, value.strip(":"), True)
            return
        whole = True
    if name in _SEARCH_PATHS:  # module search paths: project directories are ordinary, /tmp is not
        if value is not None:
            bad = next((e for e in value.split(":") if e.startswith(_TMP_DIRS)), None)
            if bad is not None:
                ctx.block("env-hijack", f"{name} puts {bad!r} on the module search path, so imports load code from "
                                        "a shared temporary directory; keep it to the project", doc, node)
        return
    if name == "PATH":
        if value is None:
            return
        entries = value.split(":") if whole else value.split(":")[:-1]
        bad = next((e for e in entries if not e.startswith(("/", "~", "$")) or
                    e.startswith(_TMP_DIRS)), None)
        if bad is not None:
            ctx.block("env-hijack", f"PATH puts {bad or '.'!r} before the system directories, so programs are looked "
                                    "up there first; keep PATH to system and project tool directories", doc, node)
        return
    if whole and value is not None and value.split()[:1] and value.split()[0].rsplit("/", 1)[-1] in _QUIET_PROGRAMS \
            and name in ("PAGER", "GIT_PAGER", "EDITOR", "VISUAL", "GIT_EDITOR"):
        return
    if whole and value is not None and name == "NODE_OPTIONS" and not _NODE_LOADS.search(value):
        return  # --max-old-space-size, --enable-source-maps ...: tuning, not code
    check_env_name(ctx, doc, node, name)


# -- objects written to settings files (CodeAnalysis.written_text) ---------------------------------
ARG = "ARG"  # a piece of a written value known only when the code runs (a word no rule reads as anything)


def value_state(budget: int = 4096) -> dict:
    """A fresh state for one question asked of `value_of` / `text_of` (their budget, the names being read)."""
    return {"budget": [budget], "seen": set(), "edits": None, "names": {}}


UNKNOWN = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()  # a value not known (ARG where text is)
# the langs of written files whose content is judged even when the code computes it (written_lang)
_EDITED = frozenset({"agent-settings", "run-later", "json-scripts", "direnv"})
# what a name may be given that `name_value` follows (both languages' node kinds)
_MADE_OF = frozenset({"dictionary", "list", "tuple", "call", "conditional_expression", "boolean_operator", "object",
                      "array", "call_expression", "ternary_expression", "binary_expression", "await_expression",
                      "parenthesized_expression", "string", "template_string", "concatenated_string",
                      "binary_operator", "subscript", "subscript_expression", "member_expression", "attribute",
                      "as_expression", "satisfies_expression", "non_null_expression", "identifier"})


def _leftmost(a, node) -> str:
    """The text of the first leaf of an expression: the name a chain (`cfg["a"].b`, `(cfg.hooks ??= {}).x`,
    `d.setdefault("k", {})`) starts from."""
    for _ in range(32):
        if node is None or not node.named_child_count:
            break
        node = node.named_children[0]
    return a.src(node) if node is not None else ""


def merge(a, b):
    """Two readings of one value (`json.load(f) if exists else {"mcpServers": {}}`): dicts merged, a known value
    over an unknown one."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = merge(out[k], v) if k in out else v
        return out
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    return a if b is UNKNOWN or (b is None and a is not UNKNOWN) else b


def pieced(parts: list, sep: str = "") -> str | None:
    """Pieces of a string joined, ARG for each not known; None when none is known or the whole is too long to read (a
    name doubled in each of a few lines is longer than any file)."""
    if all(p is None for p in parts) or sum(len(p) for p in parts if p is not None) > VALUE_CAP:
        return None
    return sep.join(ARG if p is None else p for p in parts)


def decoded(text: str, how: str) -> str | None:
    """`text` decoded as `how` says ("base64", "base64url", "base32", "hex", "rot13"; "utf-8" and the like leave it
    as it is), as UTF-8 text; None when it does not decode."""
    import base64
    import binascii
    import codecs

    how = how.lower().replace("-", "_")
    try:
        if how in ("rot13", "rot_13"):
            return codecs.decode(text, "rot13")
        if how in ("base64", "base64url", "base32"):
            pad = text.strip() + "=" * (-len(text.strip()) % (8 if how == "base32" else 4))
            raw = base64.b32decode(pad) if how == "base32" else base64.urlsafe_b64decode(
                pad.replace("+", "-").replace("/", "_"))
        elif how in ("hex", "base16"):
            raw = bytes.fromhex(text)
        elif how in ("utf_8", "utf8", "ascii", "latin_1", "latin1", ""):
            return text
        else:
            return None
        return raw.decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _apply(value, keys: list, op: str, new):
    """`value` with one change made to it: `set` (`d["a"]["b"] = v`), `default` (`setdefault`, `??=`), `append`
    (`.append`, `.push`), `extend` (`.extend`, `+=` of a list) or `merge` (`.update`, `Object.assign`) at the part
    `keys` (a string, or an int for an item of a list); a part missing or of another kind is made an object (the code
    would fail otherwise). Values are shared between readings of a name: the parts on the way are copied, never
    changed."""
    if not keys:
        if op in ("append", "extend"):
            items = list(value) if isinstance(value, list) else []
            if op == "append":
                items.append(new)
            elif isinstance(new, list):
                items.extend(new)
            return items
        if op == "merge" and isinstance(new, dict):
            return merge(value if isinstance(value, dict) else {}, new)
        return value
    head, rest = keys[0], keys[1:]
    if isinstance(value, list):
        if not (isinstance(head, int) and -len(value) <= head < len(value)):
            return value  # an item not known: not guessed at
        out: list | dict = list(value)
        current = value[head]
    else:
        out = dict(value) if isinstance(value, dict) else {}
        current = out.get(head, UNKNOWN)
    if rest:
        out[head] = _apply(current if isinstance(current, (dict, list)) else {}, rest, op, new)
    elif op == "set" or (op == "default" and current is UNKNOWN):
        out[head] = new
    elif op in ("append", "extend"):
        out[head] = _apply(current, [], op, new)
    elif op == "merge" and isinstance(new, dict):
        out[head] = merge(current, new)
    return out


def _plain(value, depth: int, left: list):
    """`value` as JSON can hold it: an unknown value as ARG; at most `left[0]` parts (a name's value is shared by each
    place the name is used, so a few lines of code can make a value of any size)."""
    left[0] -= 1
    if depth > 32 or left[0] <= 0:
        return ARG
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1, left) for k, v in list(value.items())[:256]}
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1, left) for v in list(value)[:256]]
    if value is UNKNOWN:
        return ARG
    return value


# -- files the code writes: what runs them later, and what a later run of them does -------------
_CODE_SUFFIXES = {".py": "python", ".pyw": "python", ".sh": "bash", ".bash": "bash", ".zsh": "bash", ".js": "typescript",
                  ".mjs": "typescript", ".cjs": "typescript", ".ts": "typescript", ".mts": "typescript",
                  ".cts": "typescript"}
_HOOK_DIRS = (".husky/", ".githooks/", ".git/hooks/")
# interpreters an argv hands a script file to (their first operand is the file they run)
_SCRIPT_RUNNERS = frozenset({"python", "pypy", "node", "nodejs", "deno", "bun", "ts-node", "tsx", "perl", "ruby", "php",
                             "lua", "Rscript", "julia", "source", "."})


def written_lang(path: str) -> str | None:
    """The language a file of this name is run as (`setup.py`, `x.sh`, `.husky/pre-commit`,
    `postinstall.js`), `json-scripts` for a package.json, `npmrc` for an .npmrc, `direnv` for an .envrc
    (a shell script), `task:KIND` for a task or build file (taskfiles.kind: a Makefile, tox.ini, a Go source),
    `build-file` for a build file a tool evaluates (a Gradle script, a Rakefile, a Podfile), `instructions` for an
    agent's instruction file, `agent-settings` and `run-later` for the files those modules read; None for data."""
    name = path.rsplit("/", 1)[-1]
    if agent_settings.kind(path):
        return "agent-settings"
    if agent_settings.instructions_kind(path) == "agent":
        return "instructions"
    if run_later.kind(path):
        return "run-later"
    task = taskfiles.kind(path)
    if task is not None and task != "nox":  # (a noxfile is Python, and read as one too: judge_written)
        return "task:" + task
    if _build_file(path):
        return "build-file"  # a Gradle script, a Rakefile, a Podfile, a Fastfile: code the build tool evaluates
    if name == "package.json":
        return "json-scripts"
    if name == ".npmrc":
        return "npmrc"
    if name == ".envrc":
        return "direnv"  # a shell script direnv runs on entering the folder, once allowed (`direnv allow`)
    dot = name.rfind(".")
    if dot > 0 and name[dot:] in _CODE_SUFFIXES:
        return _CODE_SUFFIXES[name[dot:]]
    if dot <= 0 and any(h in "/" + path for h in ("/" + d for d in _HOOK_DIRS)):
        return "bash"  # a git hook has no suffix
    return None


def _build_file(path: str) -> bool:
    from .bash import appbuilds, ecosystems

    return ecosystems.build_kind(path) not in (None, "composer") or appbuilds.build_file(path)


def judge_written(ctx, doc, node, path: str, content: str, placed=None) -> None:
    """Literal `content` written to `path`: code a later step runs (`conftest.py` under pytest,
    `setup.py`, a hook, an npm script, an .npmrc setting) is judged as that code now. `placed` says why
    a program a VS Code setting names is not the machine's or the project's own (editor_load)."""
    from . import server_config

    server_config.judge_code(_Reporter(ctx, doc), path, content, node)  # a site's template, an app's update feed
    lang = written_lang(path)
    if lang is None:
        return
    task = taskfiles.kind(path)
    if task is not None:
        _task_written(ctx, doc, node, path, content, task)
        if lang.startswith("task:"):
            return
    if lang == "instructions":  # an agent's instruction file: every later session reads and follows it
        from .bash.written import _instructions

        _instructions(_Reporter(ctx, doc), path, content, node)
        return
    if lang == "build-file":  # judged as bash/written.py judges the same file written from the shell
        from .bash import appbuilds, ecosystems

        reporter = _Reporter(ctx, doc)
        if not ecosystems.judge_build_file(reporter, path, content, node) and appbuilds.build_file(path):
            appbuilds.judge_build_file(reporter, path, content, node)
        return
    if lang == "json-scripts":
        import json

        try:
            data = json.loads(content)
        except ValueError:
            return
        scripts = data.get("scripts") if isinstance(data, dict) else None
        if isinstance(scripts, dict):
            for cmd in scripts.values():
                if isinstance(cmd, str):
                    ctx.nested(cmd, "bash", doc, node, None)
        return
    if lang == "agent-settings":
        settings = agent_settings.read(path, content)
        if settings is not None and settings.unguarded:
            ctx.block("unguarded-agent", settings.unguarded, doc, node)
        elif settings is not None:
            for cmd in settings.commands:
                ctx.nested(cmd, "bash", doc, node, None)
            for load in settings.loads:
                editor_load(ctx, doc, node, path, load, placed or _placed)
        return
    if lang == "run-later":  # a VS Code task run when the folder opens, a dev container's or pre-commit's command
        for cmd, _ in run_later.commands(path, content):
            ctx.nested(cmd, "bash", doc, node, None)
        return
    if lang == "npmrc":
        for line in content.splitlines():
            key, eq, value = line.partition("=")
            if eq:
                check_npm_setting(ctx, doc, node, key.strip(), value.strip())
        return
    from .parse import ParseTimeout, parse, source_bytes

    if lang == "direnv":
        lang = "bash"
    try:
        broken = parse(source_bytes(content, lang)[1], lang).root_node.has_error
    except ParseTimeout:
        broken = True
    if not broken:
        ctx.nested(content, lang, doc, node, None)
    elif lang == "bash":
        # a piece of a script written in parts (`f.write("for f in *; do\n")`): bash runs a script
        # line by line, so each line that is a whole command is judged on its own
        for line in content.splitlines():
            try:
                whole = bool(line.strip()) and not parse(source_bytes(line, lang)[1], lang).root_node.has_error
            except ParseTimeout:
                whole = True  # judged, and blocked, as the nested text
            if whole:
                ctx.nested(line, lang, doc, node, None)
    # Python and TypeScript do not run a file that does not parse: a piece is judged once whole


# the langs of written task and build files, and those of them whose text code usually builds as an object and
# serialises (`yaml.safe_dump(tf, f)`, `tomlkit.dumps(doc)`)
_TASK_FILES = frozenset("task:" + k for k, _ in taskfiles._KINDS)
_TASK_DATA = frozenset({"task:taskfile", "task:cargo", "task:yarnrc", "task:pip"})
# files whose text code builds from pieces (`text.replace(step, evil + step)`, `read_text() + hook`): each literal
# piece is read as a part of the file when the text as a whole says nothing
_PIECEWISE = _TASK_FILES | {"run-later", "build-file", "instructions"}
# the code runs the tool that reads the file it wrote (`subprocess.run(["make", "squash-main"])`, `execSync("tox -e
# x")`, `spawnSync("just", …)`): its commands that would be irreversible are held as running them would be
_RUNNERS_IN_CODE = {"makefile": re.compile(rb"""["'`](?:make|gmake)\b"""), "justfile": re.compile(rb"""["'`]just\b"""),
                    "taskfile": re.compile(rb"""["'`](?:task|go-task)\b"""), "tox": re.compile(rb"""["'`]tox\b"""),
                    "nox": re.compile(rb"""["'`]nox\b""")}


_STRING_NODES = frozenset({"string", "concatenated_string", "template_string"})
_BINDINGS = frozenset({"assignment", "augmented_assignment", "variable_declarator", "assignment_expression",
                       "augmented_assignment_expression"})


_LIST_ADDS = frozenset({"insert", "append", "extend", "push", "unshift", "splice", "appendleft"})


def _piece_blocked(a, path: str, lang: str, piece: str, node, whole_line: bool = False) -> bool:
    """A literal of several lines that code splices into a code file it rewrites (`setup.py` read, a hook inserted
    after its imports, written back), or one line it adds to the file's lines (`lines.insert(1, inject)` before
    `"\\n".join(lines)`): judged as code of that file's language, which runs with the file (at install, at import,
    at the server's start); only what would be blocked counts, and not how code is written (a file is not run by being
    written)."""
    if piece.count("\n") < 2 and not whole_line or len(piece) > 4096:
        return False
    from .bash.handed import blocked
    from .bash.written import _STYLE

    hit = blocked(a, piece, lang, _STYLE)
    if hit is None:
        return False
    a.block(hit.rule, f"the code puts into {path} code that would be blocked ({hit.message}); it runs whenever "
                      f"{path} does; write code that passes on its own", node)
    return True


class _Reporter:
    """A code analysis's reporting, for the readers shared with the shell (taskfiles.py judges through `ctx`, `block`
    and `review`)."""

    __slots__ = ("ctx", "doc")

    def __init__(self, ctx, doc) -> None:
        self.ctx, self.doc = ctx, doc

    def block(self, rule: str, message: str, node) -> None:
        self.ctx.block(rule, message, self.doc, node)

    def review(self, rule: str, message: str, node) -> None:
        self.ctx.review(rule, message, self.doc, node)


def _task_written(ctx, doc, node, path: str, content: str, task: str) -> None:
    """A task or build file written from code (`open("Makefile", "a").write(rule)`, `yaml.safe_dump(tf, f)` of a
    Taskfile): its commands judged as taskfiles.py reads them, and, when the code also runs the tool, the ones that
    would be irreversible reviewed."""
    runner = _RUNNERS_IN_CODE.get(task)
    run = () if runner is not None and runner.search(doc.data) else None
    taskfiles.judge(_Reporter(ctx, doc), path, content, node, run=run)


def _placed(value: str) -> str | None:
    """Why a program or folder a VS Code setting names is not the machine's or the project's own (a scratch folder, a
    hidden one of the home), read as the shell's rule reads it (agent_settings.placed, bash/toolchains.planted)."""
    from types import SimpleNamespace

    from .bash.toolchains import planted

    return agent_settings.placed(value, lambda v: planted(SimpleNamespace(downloaded={}), v, v))


def editor_load(ctx, doc, node, path: str, load, placed) -> None:
    """What a VS Code setting written from code has the editor load or run (agent_settings.editor_loads), judged
    as bash/written.py judges the same setting written from the shell: a terminal variable as the shell's `export`
    of it, each folder of a search path and a program by where it is (`placed`), a terminal profile's command line
    as a command."""
    if load.what == "env":
        ctx.nested(load.shell, "bash", doc, node, None)
    elif load.what != "program":
        ctx.nested(load.value, "bash", doc, node, None)
    found = agent_settings.misplaced(load, path, placed)
    if found is not None:
        ctx.block(found[0], found[1], doc, node)


def check_npm_setting(ctx, doc, node, key: str, value: str, rule: str = "persistence") -> None:
    """An npm setting (an .npmrc line, an `npm_config_*` variable) that makes npm run a program
    of the code's choosing or fetch packages over plain HTTP."""
    from .bash.common import plain_http
    from .bash.tools import _NPM_PROGRAM_KEYS, _REGISTRY_KEY

    key = key.lower().replace("_", "-")
    if key == "node-options" and not _NODE_LOADS.search(value):
        return  # --max-old-space-size ...: tuning, not code
    if key in _NPM_PROGRAM_KEYS:
        ctx.block(rule, f"the npm setting {key}={value} makes every later npm command run that program; "
                        "leave npm's programs alone", doc, node)
    elif _REGISTRY_KEY.search(key) and plain_http(value):
        ctx.block(rule, f"the npm setting {key}={value} fetches packages, and their install scripts, over "
                        "plain HTTP; use an HTTPS registry", doc, node)


_COVERAGE_STEPS = frozenset({"import coverage", "coverage.process_startup()"})


_SETID_NAME = re.compile(r"\bS_IS[UG]ID\b")


def sets_setuid(mode: str) -> bool:
    """A chmod mode as the code writes it with the setuid or setgid bit: `0o4755`, `0o2755`, `2541` (decimal),
    `stat.S_ISUID | 0o755`, Node's `"4755"` (a string is octal). The program then runs as its owner (root, for a
    copy of a shell the agent made root's), as `chmod u+s` / `chmod 4755` does in the shell."""
    if _SETID_NAME.search(mode):
        return True
    text = mode.strip().replace("_", "")
    quoted = text[:1] in "'\"`" and text[-1:] == text[:1]
    try:
        n = int(text[1:-1], 8) if quoted else int(text, 0)
    except ValueError:
        return False
    return bool(n & 0o6000)


def coverage_startup(text: str) -> bool:
    """A `.pth` line or a sitecustomize.py that only starts coverage.py's measurement of subprocesses (`import
    coverage; coverage.process_startup()`, the set-up its documentation gives; it measures only when
    COVERAGE_PROCESS_START names a configuration): a start-up file that runs nothing else."""
    steps = [s.strip() for line in text.splitlines() for s in line.split("#", 1)[0].split(";")]
    steps = [s for s in steps if s]
    return bool(steps) and set(steps) == _COVERAGE_STEPS


def run_operands(argv: list[str | None]) -> list[int]:
    """Indices of the argv items that are run as programs or scripts: the program itself, and
    the script an interpreter or shell is given (`bash x.sh`, `python stage2.py`)."""
    if not argv:
        return []
    out = [0]
    prog = (argv[0] or "").rsplit("/", 1)[-1]
    shell = prog in SHELL_NAMES or base_name(prog) in SHELLS
    if shell or base_name(prog) in _SCRIPT_RUNNERS:
        # options after which there is no script file: inline code, a module
        stop = ("-c",) if shell else INLINE_FLAGS.get(base_name(prog), ()) + ("-m",)
        for i in range(1, len(argv)):
            a = argv[i]
            if a in stop or (shell and a is not None and _SHELL_FLAGS.fullmatch(a)):
                break
            if a is not None and a[:1] == "-":
                continue
            if a in ("run",) and base_name(prog) in ("deno", "bun"):
                continue
            out.append(i)
            break
    return out



# -- secret stores read whole ------------------------------------------------------------------
# the calls of the secret stores' SDKs that return a secret's value (Vault's hvac, AWS Secrets Manager and
# SSM, GCP Secret Manager, Azure Key Vault; Python and TypeScript spellings)
SECRET_READS = frozenset({"read_secret_version", "read_secret", "get_secret_value", "access_secret_version",
                          "get_secret", "batch_get_secret_value", "get_parameters_by_path", "getSecretValue",
                          "accessSecretVersion", "getSecret", "GetSecretValueCommand",
                          "BatchGetSecretValueCommand", "GetParametersByPathCommand",
                          # the Kubernetes clients (Python `kubernetes`, TypeScript `@kubernetes/client-node`): a
                          # Secret object carries its values, so listing Secrets reads them all
                          "read_namespaced_secret", "readNamespacedSecret", *(_KUBE_LISTS := (
                              "list_secret_for_all_namespaces", "list_namespaced_secret",
                              "listSecretForAllNamespaces", "listNamespacedSecret"))})
_STORE_LISTS = re.compile(rb"\b(?:list_secrets|list_properties_of_secrets|list_secret_versions|listSecrets|"
                          rb"listPropertiesOfSecrets|ListSecretsCommand|list_secret_for_all_namespaces|"
                          rb"list_namespaced_secret|listSecretForAllNamespaces|listNamespacedSecret)\b")
# what the code gathers, in the message of the block when it also sends (python/walk.py, js/walk.py)
# what, written into a library's installed code, makes every program that imports it send, fetch or run something
PLANTED = re.compile(rb"urlopen|urllib|requests\.|http\.client|httpx|socket|subprocess|os\.system|os\.popen|"
                     rb"\bexec\(|\beval\(|__import__|https?://|child_process|fetch\(|\bnet\.connect|WebSocket")


# the paths a DELETE of which ends the caller's own session (a logout), not a resource of the service
_LOGOUT = re.compile(r"(?i)/(?:api/)?(?:auth|sessions?(?:/(?:current|me|self))?|logout|log_out|sign_?out)/?$")


def library_patch(data: bytes, lib: str) -> tuple[str, str, str]:
    """The finding for code that rewrites the installed code of the library `lib`: blocked when the code carries a
    request, a socket or a command to plant there (a signing library made to send the keys it is given), else held
    for a person (a local fix of a bug is a fork or a patch-package patch)."""
    say = f"the code rewrites the installed code of `{lib}`: whatever it adds runs in every program that imports it"
    if PLANTED.search(data):
        return ("block", "persistence", f"{say}, and the code carries a request or a command to put there; change the "
                                        "project's own code, or pin a fixed version of the library")
    return ("review", "persistence", f"{say}; change the project's own code, or patch the library with the project's "
                                     "tools (a fork, patch-package, a pinned fixed version)")


STORE_READ = "reads every secret of a secret store"
KEY_MADE = "creates a cloud access key"


def store_dump(data: bytes, meth: str, call_text: str) -> bool:
    """Does code that reads a secret's value with `meth` read the whole store: a listing of every secret read
    one by one (`{k: c.secrets.kv.v2.read_secret_version(path=k) for k in keys}` after `list_secrets`), or SSM's
    whole tree decrypted? One secret read to call its API is what such SDKs are for."""
    if meth in ("get_parameters_by_path", "GetParametersByPathCommand"):
        return re.search(r"WithDecryption\W+True|WithDecryption\W+true", call_text) is not None
    if meth in _KUBE_LISTS:
        return True  # every Secret of a namespace (or the cluster), values included
    return _STORE_LISTS.search(data) is not None


_CURL_FLAGS = frozenset("sSfLkvgiIqNR#46")  # curl's and wget's short options that take no value
_WGET_FLAGS = frozenset("qvcnNrkSxEmpKb46")


def download_option(argv: list[str | None]) -> str | None:
    """The file `curl -o F` / `wget -O F` writes the download to."""
    if not argv or argv[0] is None or argv[0].rsplit("/", 1)[-1] not in ("curl", "wget"):
        return None
    curl = argv[0].rsplit("/", 1)[-1] == "curl"
    letter, long, flags = ("o", "--output", _CURL_FLAGS) if curl else ("O", "--output-document", _WGET_FLAGS)
    for i, a in enumerate(argv):
        if a is None or a[:1] != "-" or a == "-":
            continue
        if a.startswith(long + "="):
            return a[len(long) + 1:]
        if a == long:
            return argv[i + 1] if i + 1 < len(argv) else None
        at = a.find(letter, 1) if a[1:2] != "-" else -1
        if at > 0 and set(a[1:at]) <= flags:  # -o F, -sSo F, -qO F, -ofile, -qO/tmp/x (after options taking no value)
            return a[at + 1:] or (argv[i + 1] if i + 1 < len(argv) else None)
    return None


# -- irreversible operations done through libraries (rule `irreversible`, review) ---------------
RUN_NAME = "\x00"  # in a path built at run time (held_tree_delete): a name only known when the code runs


def parent_path(p: str) -> str | None:
    """`os.path.dirname`, `Path.parent`, `path.dirname` of a path text; None when the text does not say (the
    home's or the root's parent)."""
    n = paths.normalize(p)
    if n in (".", ""):
        return ".."
    if n == ".." or n.endswith("/.."):
        return n + "/.."
    if n in ("~", "/") or "/" not in n:
        return None if n in ("~", "/") else "."
    return n.rsplit("/", 1)[0] or "/"


def sql_loss(text: str) -> str | None:
    """What the SQL `text` loses for good, in words (`drops the table users and every row in it`)."""
    found = sql.loss(text)
    return found.phrase() if found is not None else None


def redis_loss(word: str | None) -> str | None:
    """`FLUSHALL` / `FLUSHDB` sent as a raw command."""
    w = (word or "").strip().upper()
    return {"FLUSHALL": "deletes every key of every Redis database", "FLUSHDB": "deletes every key of the Redis "
            "database"}.get(w)


# databases that live only as long as the code (tests): a wipe of one loses nothing anyone keeps
# (fullmatch only: `\A` keeps the `.*` from being retried at every character by a search)
_EPHEMERAL_URL = re.compile(r"(?:sqlite|duckdb)(?:\+\w+)?://(?:/?:memory:)?|sqlite::memory:?|(?:file:)?:memory:.*|\A.*"
                            r"[?&]mode=memory\b.*", re.I)
_TEMP_EXPR = re.compile(r"\b(?:tmp_path|tmpdir|tmp_path_factory|tempfile|mkdtemp|TemporaryDirectory|os\.tmpdir|mkdtempSync)\b")


def ephemeral_db(value: str | None, text: str) -> bool:
    """Whether a database opened on `value` (its literal target, None when computed; `text` is the
    argument's source) lives in memory or in a temporary directory."""
    if value is not None:
        return value == "" or _EPHEMERAL_URL.fullmatch(value) is not None or value.startswith(("/tmp/", "/dev/shm/"))
    return ":memory:" in text or _TEMP_EXPR.search(text) is not None


# cloud, cluster and code-host calls: the provider each module family belongs to
PROVIDERS = {"aws": "AWS", "gcp": "Google Cloud", "azure": "Azure", "k8s": "the Kubernetes cluster",
             "github": "GitHub", "stripe": "Stripe", "hf": "the Hugging Face Hub", "mlflow": "the MLflow tracking server",
             "cloudflare": "Cloudflare", "vercel": "Vercel", "wandb": "Weights & Biases"}
# item-level deletes: one object, message or row named by its key, the everyday way these stores
# are used (like `os.remove` of one file or `DELETE … WHERE id = %s`); a person is asked about the
# containers and the mass deletes
ITEM_DELETES = frozenset({"deleteobject", "deletemessage", "deletemessagebatch", "deleteitem", "deleteobjecttagging",
                          "deleteblob", "deleteentity", "deletefile", "deletedocument"})  # lower case, no "_"
_K8S_LOSS = re.compile(r"\Adelete_?(?:namespace$|collection|.*persistent_?volume|custom_?resource_?definition$)", re.I)


def cloud_loss(family: str | None, meth: str) -> bool:
    """Whether `meth` (`delete_bucket`, `terminateInstances`, `begin_delete`) on a client of
    `family` deletes a resource for good (item-level deletes are not asked about)."""
    low = meth.lower()
    if family == "k8s":
        return _K8S_LOSS.match(meth) is not None
    if low.replace("_", "") in ITEM_DELETES:
        return False
    return low.startswith(("delete", "terminate", "purge", "deregister", "begin_delete", "begindelete", "batch_delete",
                           "batchdelete"))


# search engines, vector stores, model hubs and hosting APIs (Python and TypeScript SDKs): what a call loses, by
# family, keyed by the method or `attribute.method` (the receiver's nearest attribute: `es.indices.delete`), both
# lower case without "_" (`delete_by_query` and `deleteByQuery` are one key). Deletes of one document, vector,
# point or record by id are not in it.
_INDEX = "deletes the index with every document in it"
STORE_LOSS = {
    "search": {"indices.delete": _INDEX, "index.delete": _INDEX, "deleteindex": _INDEX,
               "initindex.delete": "deletes the index with every record in it",
               "indices.deletedatastream": "deletes the data stream with its backing indices and their documents",
               "deletebyquery": "deletes every document the query matches",
               "deletealldocuments": "deletes every document of the index",
               "clearobjects": "deletes every record of the index",
               "collections.delete": "deletes the collection with every document in it"},  # typesense
    "vector": {"deleteindex": "deletes the index with every vector in it",
               "deletecollection": "deletes the collection with every vector and object in it",
               "dropcollection": "deletes the collection with every vector in it",
               "collections.delete": "deletes the collection with every object in it",
               "collections.deleteall": "deletes every collection with every object in them",
               "schema.deleteall": "deletes every class with every object in them",
               "schema.deleteclass": "deletes the class with every object in it",
               "deleteall": "deletes every vector of the index's namespace",
               "droptable": "deletes the table with every vector in it",
               "reset": "deletes every collection of the database"},
    "mlflow": {"deleteregisteredmodel": "deletes the registered model with every version of it"},
    "hf": {"deleterepo": "deletes the repository with every file, revision and discussion",
           "deletebranch": "deletes the branch with the commits only it holds",
           "deletespacestorage": "deletes the Space's persistent storage"},
    # Weights & Biases' public API (`wandb.Api()`): a run with its history and files, an artifact version, a whole
    # artifact collection; deleting one file of a run (`run.file("x").delete()`) is an item's delete
    "wandb": {**dict.fromkeys(("run.delete", "runs.delete"), "deletes the run with its logged history, metrics and "
                                                             "files"),
              **dict.fromkeys(("artifact.delete", "artifacts.delete", "artifactversions.delete",
                               "loggedartifacts.delete", "usedartifacts.delete"), "deletes the artifact version"),
              **dict.fromkeys(("artifactcollection.delete", "artifactcollections.delete", "collection.delete",
                               "collections.delete"), "deletes the artifact collection with every version of it")},
    "vercel": {"deleteproject": "deletes the project with its deployments, domains and environment variables",
               "deleteteam": "deletes the team with its projects",
               "deleteedgeconfig": "deletes the Edge Config store and its items",
               "deletedomain": "gives up the domain (its DNS records with it)"},
}
# Cloudflare resources whose `.delete(…)` takes everything in them (a zone's DNS records, a bucket's objects)
_CLOUDFLARE_CONTAINERS = frozenset({"zones", "buckets", "namespaces", "database", "projects", "indexes", "queues",
                                    "accounts", "scripts"})


def store_loss(family: str | None, chain: list[str], meth: str) -> str | None:
    """What the call `meth` on an object reached through `chain` (nearest first) of a client of `family` loses:
    `es.indices.delete` the index, `pc.delete_index` the vector index, `cf.zones.delete` the zone."""
    near = next((c for c in chain if c != "[]"), "")  # `client.collections["books"].delete()`: the collection
    if family == "cloudflare":
        return f"deletes the {near.rstrip('s')} with everything in it" if meth == "delete" and \
            near in _CLOUDFLARE_CONTAINERS else None
    table = STORE_LOSS.get(family or "")
    if table is None:
        return None
    key = meth.replace("_", "").lower()
    return table.get(f"{near.replace('_', '').lower()}.{key}") or table.get(key) if near else table.get(key)


def resource_noun(chain: list[str]) -> str:
    """What an object made by the methods `chain` (nearest first) is: `the bucket` for
    `storage.bucket("b")`, `the container` for `getContainerClient("c")`, `every resource of the
    collection` for `objects.all()`."""
    near = chain[0] if chain else ""
    if near in ("all", "filter", "limit", "page_size", "[]"):
        return "every resource of the collection"
    word = re.sub(r"^(?:get_?|lookup_?|create_?)|_?[Cc]lient$", "", near)
    word = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", word).replace("_", " ").strip().lower()
    return f"the {word}" if word else "the resource"


def irreversible_message(what: str, action: str, family: str | None) -> str:
    """The review message: what is lost, and what to do instead."""
    where = PROVIDERS.get(family or "", "")
    place = f" in {where}" if where and where not in action else ""
    return (f"`{what}` {action}{place}; it lives outside the project and has no undo: have a person confirm it is "
            "meant (and back it up first), or point the code at a throwaway or in-memory copy")


# -- HTTP DELETE through client libraries (rule `irreversible`, review) --------------------------
# stand in a URL's text for the parts only known when the code runs: a value of the code's own (a
# parameter, a field of its configuration), and a value read from the environment
COMPUTED, ENVIRONMENT = "\x00", "\x01"
BY_QUERY = "/_delete_by_query"  # Elasticsearch/OpenSearch: deletes every document a query matches, whatever the method
_SENDING = frozenset({"POST", "PUT", "PATCH", ""})  # the methods whose body is read for a delete it asks for
_ABSOLUTE = re.compile(r"^(?:https?:)?//", re.I)


# script text for a page (a tag injected into HTML, a skimmer appended to built files): what sends from it, and the
# elements whose bodies are its code
SCRIPT_SENDS = re.compile(r"sendBeacon\s*\(|\bfetch\s*\(|new\s+Image\b|XMLHttpRequest|WebSocket\s*\(")
_SCRIPT_OPEN = re.compile(r"<script\b", re.I)
_SCRIPT_CLOSE = re.compile(r"</script>", re.I)


def script_bodies(text: str) -> list[str]:
    """The bodies of `text`'s script elements, as findall of `<script\\b[^>]*>(.*?)</script>` (re.S | re.I) gives
    them, in one pass: a tag's `>` is the first after it, its body runs to the first `</script>` after that, and where
    either is missing no later tag has one (the pattern, tried from every `<script` of a run with no `>` or no
    `</script>`, read the rest again from each)."""
    bodies, pos = [], 0
    while (tag := _SCRIPT_OPEN.search(text, pos)) is not None:
        opened = text.find(">", tag.end())
        close = _SCRIPT_CLOSE.search(text, opened + 1) if opened >= 0 else None
        if close is None:
            break
        bodies.append(text[opened + 1:close.start()])
        pos = close.end()
    return bodies


def page_scripts(text: str, reads: re.Pattern) -> list[str]:
    """The scripts of `text` (its script elements' bodies, or the whole text when it has none) that read what `reads`
    finds and send it (SCRIPT_SENDS): code to judge as TypeScript where a program injects it into a page."""
    scripts = script_bodies(text) if "<script" in text.lower() else [text]
    return [s for s in scripts if SCRIPT_SENDS.search(s) and reads.search(s)]


def remote_target(url: str | None, base: str | None = None) -> str | None:
    """Where a request for `url` (its text with COMPUTED / ENVIRONMENT for run-time parts; None when
    wholly computed) sent by a client with base URL `base` goes, when that is not this machine: the
    host, or "" when the host is read from the environment. None when it goes to this machine, to a
    host the code computes itself, or nowhere a client would send it (a path with no base: the page's
    own origin in a browser, an error in requests).

    A host from the environment is held as the shell rule holds `curl -X DELETE "$API/x"`: set
    outside the code, it points wherever the machine is configured to. A host from the code's own
    values (`${api}/items/${id}` with `api` a parameter) is the everyday shape of an app or a test
    calling the API it is built with, and nothing in the text says it is elsewhere."""
    if url is None:
        url = COMPUTED
    if url[:1] == ENVIRONMENT:
        return ""
    if url[:1] == COMPUTED:  # `f"{base}/items/{id}"` is a path under a known base as often as a whole URL
        return remote_target(base) if base is not None else None
    if _ABSOLUTE.match(url):
        host = url_host(url)
        if host is None or COMPUTED in host:
            return None
        return "" if ENVIRONMENT in host else None if loopback(host) else host
    return remote_target(base) if base is not None else None


def http_delete_message(what: str, host: str, url: str, text: str | None, by_query: bool = False,
                        endpoint: str | None = None, mutation: str | None = None, operation: str | None = None) -> str:
    """The review message of a DELETE, a `_delete_by_query`, a call of an `endpoint` that deletes or a GraphQL
    `mutation` that does, sent to `host` ("" when read from the environment); `url` is the URL expression as
    written, `text` what `remote_target` was given for it."""
    relative = text is not None and text[:1] not in (COMPUTED, ENVIRONMENT) and not _ABSOLUTE.match(text)
    shown = f"the client's base URL + {url[:80]}" if relative else url[:80]
    where = host if host else f"a host read from the environment when the code runs ({shown})"
    if by_query:
        sends, loss, first = ("an Elasticsearch `_delete_by_query`", "the index deletes every document the query "
                              "matches", "a `_search` with the same query")
    elif endpoint:
        sends, loss, first = (f"a call of `{endpoint}`", "that endpoint deletes what the request names (messages, "
                              "files, vectors, a collection, an index's records …)", "a read of the same items")
    elif mutation:
        sends, loss, first = (f"a GraphQL mutation `{mutation}`", "the service deletes what it names",
                              "a query of the same object")
    elif operation:
        sends, loss, first = (f"a body asking for a delete ({operation})", "the service deletes what it names",
                              "a read of the same items")
    else:
        sends, loss, first = "an HTTP DELETE", "the service deletes what the URL names", "a GET of the same URL"
    return (f"`{what}` sends {sends} to {where}: {loss}, which lives outside the project and has no undo. Show the "
            f"request to the user and have a person confirm it is meant ({first} shows what would go), or point the "
            "code at a local test server (localhost)")


# -- agent SDKs started with the guard off (rule `unguarded-agent`, block) ------------------------
# an allowed-tools entry that approves every shell command (the Claude SDKs' `_whole_tool_allowed`, and the
# entries agent_settings.py reads in a settings file)
WHOLE_BASH = agent_settings.ALL_BASH | {"Bash()"}
# the CLI flag the SDKs' extra arguments pass on (`{"dangerously-skip-permissions": None}`)
SKIP_PERMISSIONS = re.compile(r"^(?:--)?dangerously-skip-permissions$")


def unguarded_agent_message(what: str, setting: str, fix: str) -> str:
    """The block message of an agent SDK started with its guard off, worded as the shell rule's."""
    return (f"`{what}` starts another coding agent with {setting}: every command it decides to run goes straight to "
            f"the shell and passes no check. {fix}, or run it inside `agent-immune sandbox`")
