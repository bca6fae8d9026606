"""What a TypeScript string expression evaluates to: literals with their escapes, templates,
concatenations, path joins and the home directory.
"""
from __future__ import annotations

import re

from ..paths import join_all as _join_all, normalize as _normalize, relative as _relative, under as _under


_ESC = re.compile(r"\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[0-7]{1,3}|\n|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescape(body: str) -> str:
    def one(m: re.Match) -> str:
        e = m.group(1)
        try:
            if e.startswith("u{"):
                return chr(int(e[2:-1], 16))
            if e[0] in "ux" and len(e) > 1:
                return chr(int(e[1:], 16))
        except (ValueError, OverflowError):
            return ""
        if e == "\n":
            return ""
        if e[0] in "01234567" and e != "0":
            return chr(int(e, 8))
        return _SIMPLE.get(e, e)

    return _ESC.sub(one, body) if "\\" in body else body


class Strings:
    """The values of string expressions."""

    def string(self, node) -> str | None:
        if node is None:
            return None
        t = node.type
        if t == "string":
            return _unescape(self.src(node)[1:-1])
        if t == "template_string":
            out = []
            for c in node.named_children:
                if c.type == "string_fragment":
                    out.append(self.src(c))
                elif c.type == "escape_sequence":
                    out.append(_unescape(self.src(c)))
                elif c.type == "template_substitution":
                    inner = c.named_children[0] if c.named_children else None
                    v = self.string(inner)
                    if v is None:
                        return None
                    out.append(v)
            return "".join(out)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is None or op.type != "+":
                return None
            a, b = self.string(node.child_by_field_name("left")), self.string(node.child_by_field_name("right"))
            return a + b if a is not None and b is not None else None
        if t == "parenthesized_expression" and node.named_children:
            return self.string(node.named_children[0])
        if t == "identifier":
            name = self.src(node)
            v = self.consts.get(name)
            if v is None:
                return self.consts.get("for " + name)  # a loop's name (common_code.note_loop)
            return None if self.mutable(name) else v
        if t in ("as_expression", "non_null_expression", "satisfies_expression") and node.named_children:
            return self.string(node.named_children[0])
        if t == "call_expression":
            q = self.qualname(node.child_by_field_name("function"))
            args = self.args(node)
            if q in ("os.homedir", "node:os.homedir") or (q == "Deno.env.get" and args and self.string(args[0]) == "HOME"):
                return "~"
            if q in ("path.join", "path.resolve", "node:path.join", "node:path.resolve", "path.posix.join",
                     "path.posix.resolve"):
                vals = [self.string(a) for a in args]
                if vals and None not in vals:
                    if q.endswith("resolve"):  # starts again at an absolute part, as os.path.join does
                        return _join_all(vals)  # type: ignore[arg-type]
                    # join concatenates: `path.join("dist", "/etc")` is dist/etc
                    return "/".join(v.rstrip("/") for v in vals)  # type: ignore[union-attr]
            fn = node.child_by_field_name("function")
            prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
            if prop is not None and self.src(prop) == "join":
                # ["child", "process"].join("_"): a name or address cut into literal pieces
                items = fn.child_by_field_name("object")
                if items is not None and items.type == "identifier":
                    items = self._array(items)  # const lines = ["registry=…", "fund=false"]; lines.join("\n")
                sep = self.string(args[0]) if args else ","
                if items is not None and items.type == "array" and sep is not None and len(items.named_children) <= 64:
                    vals = [self.string(c) for c in items.named_children]
                    return sep.join(vals) if None not in vals else None  # type: ignore[arg-type]
                return None
        if t in ("member_expression", "subscript_expression"):
            q = self.qualname(node)
            if q in ("process.env.HOME", "process.env.USERPROFILE", "Bun.env.HOME"):
                return "~"
            if t == "member_expression" and self.src(node).replace(" ", "").endswith("userInfo().homedir"):
                return "~"  # os.userInfo().homedir
            if q is not None and q.replace("node:", "") in ("path.sep", "path.posix.sep"):
                return "/"
        if t == "new_expression" and self.src(node.child_by_field_name("constructor")) == "URL":
            args = self.args(node)  # new URL("file:///etc/shadow")
            v = self.string(args[0]) if len(args) == 1 else None
            return v[7:] if v is not None and v.startswith("file:///") else None
        return None


_HERE = frozenset({"__dirname", "__filename", "import.meta.url", "import.meta.dirname", "import.meta.filename",
                   "process.cwd()"})
_PATH_CALLS = frozenset({"path.join", "path.resolve", "path.dirname", "path.normalize", "path.posix.join",
                         "path.posix.resolve", "url.fileURLToPath", "url.pathToFileURL", "fileURLToPath",
                         "pathToFileURL", "String"})
_LISTINGS = frozenset({"readdir", "readdirSync", "fs.promises.readdir", "glob", "globSync", "fg", "fastGlob.sync"})
_NARROWING = frozenset({"filter", "sort", "slice", "toSorted", "reverse"})  # keep the listing's names as they are
# a listing bound to NAME changed in place after it is made
_CHANGED = r"(?<![\w$.])NAME\s*(?:\.\s*(?:push|unshift|splice|fill|copyWithin)\s*\(|\[[^\]]*\]\s*=(?!=))"
_ENTRY = "\x00"  # a name a listing of a project directory gives (one name, no `/`)


_TAIL_KINDS = frozenset({"call_expression", "template_string", "binary_expression"})
_PROJECT_KINDS = frozenset({"call_expression", "member_expression", "template_string", "binary_expression",
                            "new_expression"})
_LISTING_KINDS = frozenset({"call_expression", "await_expression", "parenthesized_expression"})


class ProjectPaths:
    """Paths of the project's own files, found from where the code is (`__dirname`, `import.meta.url`) or the
    working directory: `path.join(process.cwd(), "config", "app.config.js")`."""

    def project_path(self, node, depth: int = 0) -> str | None:
        """The path, relative to the project, `node` names when it is the code's own directory or the working
        directory with literal names (or the names a listing of such a directory gives) under it; None for
        anything else (a path from input, the home, a `..` out of it)."""
        if node is None or depth > 8:
            return None
        t = node.type
        text = self.src(node).replace(" ", "")
        if text in _HERE:
            return "."
        if t in ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression") and \
                node.named_children:
            return self.project_path(node.named_children[0], depth + 1)
        if t == "identifier":
            v = self.string(node)
            if v is not None:
                return _relative(v)
            if self.mutable(self.src(node)):
                return None
            if self._listed_entry(node):
                return _ENTRY
            made = self.given(node, _PROJECT_KINDS)
            if made is None:  # a parameter: its default, or what each call passes
                return self.agreed(node, self.project_path, depth)
            return self.project_path(made, depth + 1)
        if t in ("string", "template_string"):
            v = self.string(node)
            if v is not None:
                return _relative(v)
            kids = node.named_children
            if t == "template_string" and kids and kids[0].type == "template_substitution" and all(
                    c.type == "string_fragment" for c in kids[1:]) and kids[0].named_children:  # `${root}/x.js`
                return _under(self.project_path(kids[0].named_children[0], depth + 1),
                                   "".join(self.src(c) for c in kids[1:]).lstrip("/"))
            return None
        if t == "member_expression" and self.src(node.child_by_field_name("property")) in ("href", "pathname"):
            return self.project_path(node.child_by_field_name("object"), depth + 1)
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) == "+":
            right = self.string(node.child_by_field_name("right"))
            return _under(self.project_path(node.child_by_field_name("left"), depth + 1),
                               right.lstrip("/") if right is not None else None)
        if t == "new_expression" and self.src(node.child_by_field_name("constructor")) == "URL":
            args = self.args(node)  # new URL("./plugins/", import.meta.url)
            if len(args) == 2 and self.project_path(args[1], depth + 1) is not None:
                v = self.string(args[0])
                return _relative(v) if v is not None else None
            return None
        if t != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        args = self.args(node)
        if fn is not None and fn.type == "member_expression" and self.src(fn.child_by_field_name("property")) == \
                "toString" and not args:
            return self.project_path(fn.child_by_field_name("object"), depth + 1)
        q = (self.qualname(fn) or "").replace("node:", "")
        if q not in _PATH_CALLS or not args:
            return None
        base = self.project_path(args[0], depth + 1)
        parts = [self.string(a) if self.string(a) is not None else _ENTRY if self._listed_entry(a) else None
                 for a in args[1:]]
        return _under(base, *parts)

    def project_dir(self, node, depth: int = 0) -> str | None:
        """The project directory a module path only partly known starts in: the literal start of a template or
        concatenation (`./commands/${name}.js` is a file of `commands`), or the literal parts of a join from the
        code's own directory before the first part known only when the code runs (`path.join(__dirname, "routes",
        name)`). A relative path names a file, never a built-in module or a package, so `import()` of one loads
        the project's own code. None when the start is not such a directory: a bare name (a package), an absolute
        or home path, a URL, or a `..` that climbs out of the project rather than into a folder of it."""
        if node is None or depth > 8:
            return None
        t = node.type
        if t in ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression") and \
                node.named_children:
            return self.project_dir(node.named_children[0], depth + 1)
        if t == "identifier":
            made = None if self.mutable(self.src(node)) else self.given(node, _PROJECT_KINDS)
            return self.project_dir(made, depth + 1) if made is not None else None
        if t == "member_expression" and self.src(node.child_by_field_name("property")) in ("href", "pathname"):
            return self.project_dir(node.child_by_field_name("object"), depth + 1)
        if t == "new_expression" and self.src(node.child_by_field_name("constructor")) == "URL":
            args = self.args(node)  # new URL(`./plugins/${name}.js`, import.meta.url)
            if len(args) == 2 and self.project_path(args[1], depth + 1) is not None:
                return self.project_dir(args[0], depth + 1)
            return None
        if t == "template_string":
            parts = [c.named_children[0] if c.type == "template_substitution" and c.named_children else c
                     for c in node.named_children]
        elif t == "binary_expression" and self.src(node.child_by_field_name("operator")) == "+":
            parts, left = [], node
            while left.type == "binary_expression" and self.src(left.child_by_field_name("operator")) == "+":
                parts.append(left.child_by_field_name("right"))
                left = left.child_by_field_name("left")
            parts = [left, *reversed(parts)]
        elif t == "call_expression" and (self.qualname(node.child_by_field_name("function")) or "").replace(
                "node:", "") in ("path.join", "path.resolve", "path.posix.join"):
            args = self.args(node)
            base = self.project_path(args[0], depth + 1) if args else None
            known, rest = [], None
            for a in args[1:]:
                v = self.string(a)
                if v is None:
                    rest = a
                    break
                known.append(v)
            if base is None or rest is None or self._grown_listing(rest):
                return None  # a join of literals only is project_path's to judge
            return _project_dir(f"./{base}/" + "/".join(known) + "/")
        else:
            return None
        text = ""  # the literal start, up to the first part known only when the code runs
        for i, c in enumerate(parts):
            v = self.src(c) if c.type == "string_fragment" else _unescape(self.src(c)) if c.type == "escape_sequence" \
                else self.string(c)
            if v is None and i == 0:
                base = self.project_path(c, depth + 1)  # `${__dirname}/commands/${name}`
                if base is None:
                    return None
                v = f"./{base}"
            if v is None:
                if self._grown_listing(c):
                    return None
                break
            text += v
        return _project_dir(text)

    def _grown_listing(self, node) -> bool:
        """Whether `node` is the name of a `for … of` loop over a list the code adds to (`files.push("../../x.js")`):
        then the name may be a path of the code's choosing, not one a listing or the user gives."""
        if node.type != "identifier":
            return False
        name = self.src(node)
        up = node.parent
        while up is not None:
            left = up.child_by_field_name("left") if up.type == "for_in_statement" else None
            if left is not None and left.type == "identifier" and self.src(left) == name:
                seq = up.child_by_field_name("right")
                while seq is not None and seq.type in ("parenthesized_expression", "await_expression") and \
                        seq.named_children:
                    seq = seq.named_children[0]
                if seq is None or seq.type != "identifier":
                    return False
                listed = self.src(seq)
                return self.mutable(listed) or re.search(_CHANGED.replace("NAME", re.escape(listed)),
                                                         self.doc.data.decode("utf-8", "replace")) is not None
            up = up.parent
        return False

    def _listed_entry(self, node) -> bool:
        """Whether the name `node` is the name of a `for (const f of await readdir(dir))` over a project
        directory: one of the names that directory holds."""
        if node.type != "identifier":
            return False
        name = self.src(node)
        up = node.parent
        while up is not None:
            if up.type == "for_in_statement":
                left = up.child_by_field_name("left")
                if left is not None and left.type == "identifier" and self.src(left) == name:
                    return self._project_listing(up.child_by_field_name("right"))
            up = up.parent
        return False

    def _project_listing(self, node) -> bool:
        """`await readdir(dir)` of a project directory, also narrowed (`.filter(…)`, `.sort()`) and bound to a
        name first (`const files = (await readdir(dir)).filter(…); for (const f of files.sort())`)."""
        for _ in range(8):
            if node is None:
                return False
            if node.type in ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression") \
                    and node.named_children:
                node = node.named_children[0]
                continue
            if node.type == "identifier":
                name = self.src(node)
                if self.mutable(name) or re.search(_CHANGED.replace("NAME", re.escape(name)),
                                                   self.doc.data.decode("utf-8", "replace")):
                    return False  # `files.push("../../x.js")`: no longer only what the directory holds
                node = self.given(node, _LISTING_KINDS)
                continue
            if node.type != "call_expression":
                return False
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "member_expression" and \
                    self.src(fn.child_by_field_name("property")) in _NARROWING:
                node = fn.child_by_field_name("object")  # (await readdir(dir)).filter((f) => f.endsWith(".js"))
                continue
            q = (self.qualname(fn) or "").replace("node:", "")
            args = self.args(node)
            return bool(args) and (q in _LISTINGS or q.rsplit(".", 1)[-1] in ("readdir", "readdirSync")) and \
                self.project_path(args[0]) is not None
        return False

    def path_tail(self, node, depth: int = 0) -> str | None:
        """The literal names at the end of a path whose start is only known when the code runs
        (`path.join(top, ".git", "hooks", "pre-commit")`, `${top}/.git/config`); None when it ends otherwise."""
        if node is None or depth > 8:
            return None
        t = node.type
        if t == "identifier":
            return self.tail_of_name(node, _TAIL_KINDS, depth)
        if t in ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression") and \
                node.named_children:
            return self.path_tail(node.named_children[0], depth + 1)
        if t == "template_string":
            out: list[str] = []
            for c in reversed(node.named_children):
                if c.type == "template_substitution":
                    break
                out.append(self.src(c) if c.type == "string_fragment" else _unescape(self.src(c)))
            return "".join(reversed(out)).lstrip("/") or None
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) == "+":
            return self.tail_joined(node.child_by_field_name("left"), node.child_by_field_name("right"), depth)
        if t != "call_expression":
            return None
        q = (self.qualname(node.child_by_field_name("function")) or "").replace("node:", "")
        if q not in ("path.join", "path.resolve", "path.posix.join", "path.posix.resolve"):
            return None
        return self.tail_of_parts(self.args(node), depth)


def _project_dir(start: str) -> str | None:
    """The directory the literal start of a relative module path names (`./commands/cmd-` is `commands`), when
    it stays in the project: at most two `..` and then a folder named after them."""
    if not start.startswith(("./", "../")):
        return None  # a package, an absolute or home path, a URL
    where = _normalize(start[:start.rfind("/") + 1]).rstrip("/") or "."
    names = [n for n in where.split("/") if n not in ("", ".")]
    ups = sum(1 for n in names if n == "..")
    if ups > 2 or names[:ups] != [".."] * ups or (ups and len(names) == ups):
        return None
    return where

