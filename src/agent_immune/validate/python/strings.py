"""What a Python string expression evaluates to: literals, f-strings, joins and home-relative paths.

Every theme reads argument values through here, so renaming a literal into a name or a path
join does not hide it.
"""
from __future__ import annotations

import ast
import re

from ..per_input import holds
from ..common_code import ARG, decoded, pieced
from ..paths import join as _join, join_all as _join_all, relative as _relative, under as _under


_PATH_CTORS = frozenset({"os.path.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "posixpath.join"})
# calls whose value is their argument's, as far as where a path points is concerned
_SAME_PATH = frozenset({"str", "os.fspath", "os.path.abspath", "os.path.realpath", "os.path.normpath"})
_HOME_VAR = re.compile(r"^\$(?:HOME\b|\{HOME\})")
_LITERALS: dict[str, str | None] = {}  # string literal source -> its value, for literals seen before


def _literal(src: str) -> str | None:
    """The value of one string literal's source (`'a'`, `b"x"`, `r'\\d'`), None when it is not a plain string.

    ast.literal_eval runs the compiler, the dearest step of judging a short snippet, and the
    same literals come back again and again (and several times within one snippet)."""
    v = _LITERALS.get(src, _MISSING)
    if v is not _MISSING:
        return v  # type: ignore[return-value]
    try:
        lit = ast.literal_eval(src)
    except (ValueError, SyntaxError):
        lit = None
    except (MemoryError, RecursionError):
        return None  # depends on the moment, not on the text: not remembered
    v = lit.decode("latin-1") if isinstance(lit, bytes) else lit if isinstance(lit, str) else None
    if len(_LITERALS) < 4096:
        _LITERALS[src] = v
    return v


_MISSING = object()
_OPTION_KINDS = frozenset({"dictionary", "call"})  # what a dict unpacked into a call's options may be given
_COLLECTIONS = frozenset({"list", "tuple", "set", "list_comprehension", "generator_expression", "set_comprehension"})
_READ_KINDS = frozenset({"call", "attribute", "subscript", "binary_operator", "string", "parenthesized_expression"})
# calls decoding a literal: how (common_code.decoded); codecs.decode says how in its second argument
_DECODERS = {"base64.b64decode": "base64", "base64.standard_b64decode": "base64", "base64.urlsafe_b64decode":
             "base64url", "base64.decodebytes": "base64", "base64.b32decode": "base32", "base64.b16decode": "hex",
             "binascii.a2b_base64": "base64", "binascii.unhexlify": "hex", "binascii.a2b_hex": "hex",
             "bytes.fromhex": "hex", "bytearray.fromhex": "hex", "codecs.decode": ""}
_TEXT_METHODS = frozenset({"replace", "strip", "lstrip", "rstrip", "lower", "upper", "decode", "encode"})
_TEXT_KINDS = frozenset({"string", "concatenated_string", "binary_operator", "call", "subscript",
                         "parenthesized_expression"})


# what `os.environ.get(NAME)` holds where NAME is not set otherwise: the folders the XDG conventions name
_CONVENTIONAL = {"HOME": "~", "XDG_CACHE_HOME": "~/.cache", "XDG_CONFIG_HOME": "~/.config",
                 "XDG_DATA_HOME": "~/.local/share", "XDG_STATE_HOME": "~/.local/state",
                 # Windows' profile folders, as paths.py names them (`~/AppData/Local/Google/Chrome/User Data/…`)
                 "USERPROFILE": "~", "LOCALAPPDATA": "~/AppData/Local", "APPDATA": "~/AppData/Roaming"}

# `os.environ[NAME]` of a variable that names the home or a profile folder
_HOME_VARS = {n: _CONVENTIONAL[n] for n in ("HOME", "USERPROFILE", "LOCALAPPDATA", "APPDATA")}


def _env_default(vals: list) -> str | None:
    """`os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")`: a folder's variable read with a default under the
    home or the root is that default (what the code uses while the variable is unset), and the XDG folders'
    variables their conventional place; None for any other variable (a URL, a token: its value stays unknown)."""
    if not vals or vals[0] is None:
        return None
    if vals[0] == "HOME":
        return "~"
    if len(vals) > 1 and vals[1] is not None and vals[1][:1] in ("/", "~"):
        return vals[1]
    return _CONVENTIONAL.get(vals[0])


def _up(path: str | None, n: int) -> str | None:
    """The folder `n` levels above `path` (`Path.parent`, `.parents[n - 1]`): the path with `..` n times, read as
    paths.normalize reads it."""
    if path is None or n > 16:
        return None
    return path.rstrip("/") + "/.." * n


def _format(fn, vals: tuple) -> str | None:
    """`fmt % vals` / `fmt.format(*vals)` of known strings; None when the format does not fit them."""
    try:
        out = fn(*vals) if fn.__name__ == "format" else fn(vals)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return out if isinstance(out, str) else None


class Strings:
    """The values of string expressions and keyword arguments."""

    def string(self, node) -> str | None:
        """The value of a literal string expression (concatenations and joins of literals too)."""
        t = node.type
        if t == "string":
            if any(c.type == "interpolation" for c in node.children):
                return self._fstring(node)
            return _literal(self.src(node))
        if t == "concatenated_string":
            parts = [self.string(c) for c in node.named_children]
            return None if None in parts else "".join(parts)  # type: ignore[arg-type]
        if t == "binary_operator":
            op = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op is None or left is None or right is None:
                return None
            a = self.string(left)
            if a is not None and op.type == "%":  # "%s/.zshrc" % home
                vals = [self.string(c) for c in right.named_children] if right.type == "tuple" else [self.string(right)]
                return None if None in vals else _format(a.__mod__, tuple(vals))
            b = self.string(right)
            if a is None or b is None:
                return None
            if op.type == "+":
                return a + b
            if op.type == "/":
                return _join(a, b)
            return None
        if t == "identifier":
            name = self.src(node)
            v = self.consts.get(name)
            if v is None:
                return self.consts.get("for " + name)  # a loop's name (common_code.note_loop)
            return None if self.mutable(name) else v
        if t == "parenthesized_expression" and node.named_children:
            return self.string(node.named_children[0])
        if t == "call":
            q = self.qualname(node.child_by_field_name("function"))
            args = self.args(node)
            if q in _SAME_PATH and args:
                return self.string(args[0])
            if q == "chr" and len(args) == 1 and args[0].type == "integer":  # chr(126): "~" named obliquely
                try:
                    return chr(int(self.src(args[0]), 0))
                except ValueError:
                    return None
            if q == "os.path.expandvars" and args:  # "$HOME/.aws/credentials"
                v = self.string(args[0])
                v = _HOME_VAR.sub("~", v) if v is not None else None
                return v if v is not None and "$" not in v else None
            if q in ("pathlib.Path.home", "os.path.expanduser", "os.getenv", "os.environ.get") or q in _PATH_CTORS:
                if q == "pathlib.Path.home":
                    return "~"
                vals = [self.string(a) for a in args if a.type != "keyword_argument"]
                if q in ("os.getenv", "os.environ.get"):
                    return _env_default(vals)
                if None in vals or not vals:
                    return None
                return _join_all(vals)  # type: ignore[arg-type]
            if node.child_by_field_name("function") is not None and node.child_by_field_name("function").type == "attribute":
                fn = node.child_by_field_name("function")
                attr = fn.child_by_field_name("attribute")
                if attr is not None and self.src(attr) in ("expanduser", "resolve", "absolute"):
                    return self.string(fn.child_by_field_name("object"))
                if attr is not None and self.src(attr) == "format" and all(a.type not in (
                        "keyword_argument", "list_splat", "dictionary_splat") for a in args):
                    vals = [self.string(a) for a in args]  # "{}/.ssh/id_ed25519".format(home)
                    base = self.string(fn.child_by_field_name("object"))
                    return None if base is None or None in vals else _format(base.format, tuple(vals))
                if attr is not None and self.src(attr) == "join" and len(args) == 1:
                    return self._joined(fn.child_by_field_name("object"), args[0])
                if attr is not None and self.src(attr) == "join" and \
                        node.child_by_field_name("arguments").type == "generator_expression":
                    return self._joined(fn.child_by_field_name("object"), node.child_by_field_name("arguments"))
                if attr is not None and self.src(attr) == "joinpath":
                    vals = [self.string(fn.child_by_field_name("object"))] + [self.string(a) for a in args]
                    return None if None in vals else _join_all(vals)  # type: ignore[arg-type]
            elif q is not None and "." not in q:
                return self.returned_string(node)  # `_cache_root()` of `def _cache_root(): … return base / ".."`
        if t == "attribute" and self.src(node) in ("os.sep", "os.path.sep") and self.qualname(node) in (
                "os.sep", "os.path.sep"):
            return "/"  # os.path.join(os.sep, "etc", "shadow")
        if t == "attribute" and node.child_by_field_name("object").type == "identifier" and \
                self.src(node.child_by_field_name("object")) == "self":
            return self._self_attr(node)
        if t == "attribute" and node.child_by_field_name("object").type == "call":
            attr = node.child_by_field_name("attribute")
            if attr is not None and self.src(attr) == "pw_dir":  # pwd.getpwuid(os.getuid()).pw_dir
                return "~"
        if t == "attribute" and self.src(node.child_by_field_name("attribute")) == "parent":
            return _up(self.string(node.child_by_field_name("object")), 1)  # cache.parent
        if t == "subscript":
            value = node.child_by_field_name("value")
            key = node.child_by_field_name("subscript")
            if value is not None and value.type == "identifier" and key is not None and self.lists:
                entry = self.dict_entry(value, key)  # cfg["url"] of `cfg = {"url": "http://…"}`
                if entry is not None:
                    return self.string(entry)
            if value is not None and value.type == "attribute" and key is not None and key.type == "integer" and \
                    self.src(value.child_by_field_name("attribute")) == "parents":  # cache.parents[1]
                return _up(self.string(value.child_by_field_name("object")), int(self.src(key), 0) + 1)
            q = self.qualname(value)
            if q == "os.environ" and key is not None:
                return _HOME_VARS.get(self.string(key) or "")
        return None

    def readings(self, node, depth: int = 0) -> list[str]:
        """Every value the string expression `node` takes when the code runs, as far as the code shows: its value
        when it has one, else its value for each item of a loop over a literal collection a name in it comes from
        (`root = cache.parents[1]` in `for cache in (hf_cache, torch_cache)`), a name followed to what it was given."""
        v = self.string(node)
        if v is not None:
            return [v]
        if node is None or depth > 3:
            return []
        if node.type == "identifier":
            made = self.given(node, _READ_KINDS)
            if made is not None:
                return self.readings(made, depth + 1)
        loop = self._loop_name_in(node)
        if loop is None:
            return []
        out: list[str] = []
        with self._loop_name(self.src(loop)) as key:
            for row in (self.alternatives([loop]) or ())[:16]:
                item = row.get(self.src(loop))
                value = self.string(item) if item is not None else None
                if value is None:
                    continue
                self.consts[key] = value
                got = self.string(node) if node.type != "identifier" else value
                if got is not None:
                    out.append(got)
        return out

    def string_items(self, node, depth: int = 0) -> list[str]:
        """The strings a collection the code spells out holds: a literal list or tuple, a name given one, a
        comprehension over one (`["_".join(p) for p in (("HF", "TOKEN"), ("OPENAI", "API", "KEY"))]`); the items not
        known are left out."""
        if node is None or depth > 3:
            return []
        t = node.type
        if t == "identifier":
            made = self.lists.get(self.src(node)) or self.declared(node, _COLLECTIONS)
            return self.string_items(made, depth + 1) if made is not None and made.type in _COLLECTIONS else []
        if t in ("list", "tuple", "set"):
            return [v for v in (self.string(c) for c in node.named_children[:64]) if v is not None]
        if t not in ("list_comprehension", "generator_expression", "set_comprehension"):
            return []
        body = node.child_by_field_name("body")
        clauses = [c for c in node.named_children if c.type in ("for_in_clause", "if_clause")]
        if body is None or len(clauses) != 1 or clauses[0].type != "for_in_clause":
            return []
        left, seq = clauses[0].child_by_field_name("left"), clauses[0].child_by_field_name("right")
        if seq is not None and seq.type == "identifier":
            seq = self.lists.get(self.src(seq)) or self.declared(seq, _COLLECTIONS)
        if left is None or left.type != "identifier" or seq is None or seq.type not in ("list", "tuple"):
            return []
        name, out = self.src(left), []
        saved = self.lists.get(name)
        try:
            with self._loop_name(name) as key:
                for item in seq.named_children[:64]:
                    if item.type in ("list", "tuple"):  # "_".join(p) of a tuple of pieces
                        self.lists[name] = item
                        self.consts.pop(key, None)
                    else:
                        v = self.string(item)
                        if v is None:
                            continue
                        self.consts[key] = v
                    got = self.string(body)
                    if got is not None:
                        out.append(got)
        finally:
            if saved is None:
                self.lists.pop(name, None)
            else:
                self.lists[name] = saved
        return out

    def _loop_name_in(self, node):
        """The first name in the expression `node` (its objects, operands, arguments) that is a loop's name."""
        stack = [node]
        seen = 0
        while stack and seen < 64:
            n = stack.pop()
            seen += 1
            if n.type == "identifier":
                up = n.parent
                while up is not None and up.type not in ("for_statement", "function_definition", "module"):
                    up = up.parent
                if up is not None and up.type == "for_statement" and self.loop_name(up) == self.src(n):
                    return n
                continue
            stack.extend(reversed(n.named_children))
        return None

    def returned_string(self, call) -> str | None:
        """The value a call of a function of the module returns, when its last statement returns a string
        expression of the values it is given (`def _resolve(*parts): return Path("~", "".join(parts))` called as
        `_resolve(".", "net", "rc")`): its parameters stand for the call's arguments while it is read."""
        fn = call.child_by_field_name("function")
        found = self._returns().get(self.src(fn)) if fn is not None and fn.type == "identifier" else None
        if found is None or len(found) != 1:
            return None
        params, value = found[0]
        busy = self.lists.setdefault("returning", set())
        if fn.start_byte in busy or len(busy) > 4:  # (a function that calls itself)
            return None
        args = self.args(call)
        if any(a.type in ("keyword_argument", "dictionary_splat", "list_splat") for a in args):
            return None
        saved_consts, saved_lists = {}, {}
        try:
            busy.add(fn.start_byte)
            for i, p in enumerate(params):
                if p.type == "list_splat_pattern":  # *parts: the rest of the call's arguments
                    name = self.src(p.named_children[0]) if p.named_children else ""
                    saved_lists[name] = self.lists.get(name)
                    self.lists[name] = call.child_by_field_name("arguments")
                    if i:
                        return None
                    continue
                name = self.src(p.child_by_field_name("name") if p.type == "default_parameter" else p)
                arg = args[i] if i < len(args) else p.child_by_field_name("value")
                v = self.string(arg) if arg is not None else None
                if v is None:
                    return None
                saved_consts[name] = self.consts.get(name)
                self.consts[name] = v
            return self.string(value)
        finally:
            busy.discard(fn.start_byte)
            for name, old in saved_consts.items():
                if old is None:
                    self.consts.pop(name, None)
                else:
                    self.consts[name] = old
            for name, old in saved_lists.items():
                if old is None:
                    self.lists.pop(name, None)
                else:
                    self.lists[name] = old

    def _returns(self) -> dict:
        """name -> [(parameters, returned expression)] of the module's functions whose last statement returns a
        value and whose parameters are plain names or one `*args` (read once per snippet, from the module's top
        level only: the walk asks this of every call)."""
        table = self.lists.get("returns")
        if table:
            return table  # type: ignore[return-value]
        table = {}
        if self.root is not None and holds(self.doc.data, b"return"):
            for st in self.root.named_children:
                d = st.child_by_field_name("definition") if st.type == "decorated_definition" else st
                if d is None or d.type != "function_definition":
                    continue
                params = d.child_by_field_name("parameters")
                body = d.child_by_field_name("body")
                kids = [p for p in params.named_children if p.type != "comment"] if params is not None else []
                if body is None or not body.named_children or any(
                        p.type not in ("identifier", "default_parameter", "list_splat_pattern") for p in kids):
                    continue
                last = body.named_children[-1]
                if last.type == "return_statement" and last.named_children:
                    table.setdefault(self.src(d.child_by_field_name("name")), []).append((kids,
                                                                                          last.named_children[0]))
        self.lists["returns"] = table or {"": []}  # (an empty table is read again: kept non-empty)
        return table

    def dict_entry(self, name, key):
        """The value at the literal `key` of the dict literal the name `name` was given (and that is not changed
        after: `cfg = {"src": "http://…", "name": "x"}` then `cfg["src"]`); None otherwise."""
        table = self.lists.get("table " + self.src(name))
        if table is None or table.type != "dictionary":
            return None
        k = self.string(key)
        if k is None or self._list_changed(self.src(name)):
            return None
        return next((p.child_by_field_name("value") for p in table.named_children if p.type == "pair" and
                     self.string(p.child_by_field_name("key")) == k), None)

    def text_of(self, node, depth: int, st: dict) -> str | None:
        """The value of a string expression of a settings file the code writes (common_code.written_text): as
        `string` reads it, and also through a name given it once, a literal decoded (base64, hex, rot13, `[::-1]`,
        character codes) and a few string methods; in a concatenation or an f-string, a piece known only when the
        code runs stands as ARG. (`string` leaves decoded text unknown: code that runs it is held for decoding it.)"""
        v = self.string(node)
        if v is not None or depth > 12 or node is None:
            return v
        st["budget"][0] -= 1
        if st["budget"][0] <= 0:
            return None
        t = node.type
        if t == "identifier":
            made = self.declared(node, _TEXT_KINDS)
            return self.text_of(made, depth + 1, st) if made is not None else None
        if t == "parenthesized_expression" and node.named_children:
            return self.text_of(node.named_children[0], depth + 1, st)
        if t in ("binary_operator", "concatenated_string") and (t == "concatenated_string" or self.src(
                node.child_by_field_name("operator")) == "+"):
            parts = [self.text_of(c, depth + 1, st) for c in (node.named_children if t == "concatenated_string" else
                                                                (node.child_by_field_name("left"),
                                                                 node.child_by_field_name("right")))]
            return pieced(parts)
        if t == "string":  # an f-string with a field not known
            out = []
            for c in node.children:
                if c.type == "interpolation":
                    out.append(self.text_of(c.child_by_field_name("expression"), depth + 1, st) or ARG)
                elif c.type == "string_content":
                    out.append(self.src(c))
            return pieced(out)
        if t == "subscript":  # "hs | …"[::-1]
            key = node.child_by_field_name("subscript")
            if key is not None and key.type == "slice" and self.src(key).replace(" ", "") == "::-1":
                v = self.text_of(node.child_by_field_name("value"), depth + 1, st)
                return v[::-1] if v is not None else None
            return None
        if t != "call":
            return None
        fn = node.child_by_field_name("function")
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        q = self.qualname(fn)
        if q in _DECODERS and args:
            v = self.text_of(args[0], depth + 1, st)
            how = _DECODERS[q] if q != "codecs.decode" else \
                (self.string(args[1]) if len(args) > 1 else None) or "utf-8"
            return decoded(v, how) if v is not None else None
        if q in ("bytes", "bytearray") and args and args[0].type in ("list", "tuple"):
            try:
                return bytes(int(self.src(c), 0) for c in args[0].named_children).decode("utf-8")
            except (ValueError, UnicodeDecodeError, OverflowError):
                return None
        if q == "str" and len(args) == 1:
            return self.text_of(args[0], depth + 1, st)
        if fn is None or fn.type != "attribute":
            return None
        meth = self.src(fn.child_by_field_name("attribute"))
        obj = fn.child_by_field_name("object")
        if meth == "join" and len(args) == 1:
            sep = self.string(obj)
            seq = args[0]
            if sep is not None and seq.type == "call" and self.qualname(seq.child_by_field_name("function")) == \
                    "reversed" and len(self.args(seq)) == 1:  # "".join(reversed("…"))
                v = self.text_of(self.args(seq)[0], depth + 1, st)
                return sep.join(reversed(v)) if v is not None else None
            if sep is not None and seq.type in ("list", "tuple"):
                parts = [self.text_of(c, depth + 1, st) for c in seq.named_children[:256] if c.type != "comment"]
                return pieced(parts, sep)
            return None
        v = self.text_of(obj, depth + 1, st) if meth in _TEXT_METHODS else None
        if v is None:
            return None
        if meth == "replace" and len(args) >= 2:
            a, b = self.string(args[0]), self.string(args[1])
            return v.replace(a, b) if a is not None and b is not None else None
        return getattr(v, meth)() if meth in ("strip", "lstrip", "rstrip", "lower", "upper") and not args else \
            v if meth in ("decode", "encode") else None

    def _self_attr(self, node) -> str | None:
        """`self.path` in a method, when the class gives that attribute one value, in one place (`__init__`'s
        `self.path = os.path.expanduser("~")`): that value, so a `__del__` or a finaliser deleting it is read."""
        found = self.self_assignments(node)
        name = self.src(node)
        values = found[1].get(name, ()) if found is not None else ()
        value = values[0] if len(values) == 1 else None
        if value is None or name.encode() in self.doc.data[value.start_byte:value.end_byte]:
            return None
        return self.string(value)

    def self_assignments(self, node):
        """The class `node` is in, with what its body gives each `self.X` (the right-hand side of each `self.X = …`,
        None for each `self.X += …`; nested classes and lambdas left aside), read once per class; None outside a
        class."""
        cls = node.parent
        while cls is not None and cls.type != "class_definition":
            cls = cls.parent
        body = cls.child_by_field_name("body") if cls is not None else None
        if body is None:
            return None
        given = self.lists.get(f"class {cls.start_byte}")
        if given is None:
            given = {}
            stack = [body]
            while stack:
                n = stack.pop()
                if n.type in ("assignment", "augmented_assignment"):
                    left = n.child_by_field_name("left")
                    if left is not None and left.type == "attribute" and self.src(left).startswith("self."):
                        given.setdefault(self.src(left), []).append(
                            n.child_by_field_name("right") if n.type == "assignment" else None)
                elif n.type in ("class_definition", "lambda"):
                    continue
                stack.extend(n.named_children)
            self.lists[f"class {cls.start_byte}"] = given
        return cls, given

    def _joined(self, sep_node, seq) -> str | None:
        """`"".join([".", "ba", "sh", "rc"])`, `os.sep.join(parts)` (a literal list, or a name given one and not
        changed), `"".join(map(chr, [46, 98]))`: the string it makes of literal pieces."""
        sep = self.string(sep_node)
        if sep is None:
            return None
        if seq.type == "identifier":
            listed = self.lists.get(self.src(seq))
            if listed is None or self._list_changed(self.src(seq)):
                return None
            seq = listed
        backwards = False
        if seq.type == "call" and self.qualname(seq.child_by_field_name("function")) == "reversed" and \
                len(self.args(seq)) == 1:  # "".join(reversed(["password", "generic-", "find-", "security "]))
            seq, backwards = self.args(seq)[0], True
        if seq.type == "call" and self.qualname(seq.child_by_field_name("function")) == "map":
            fn_and_items = self.args(seq)
            if len(fn_and_items) != 2 or self.src(fn_and_items[0]) != "chr" or \
                    fn_and_items[1].type not in ("list", "tuple"):
                return None
            vals = _chars(self, fn_and_items[1])
            if vals is None:
                return None
        elif seq.type in ("generator_expression", "list_comprehension"):
            vals = _char_codes(self, seq)
            if vals is None:
                return None
        elif seq.type in ("list", "tuple", "argument_list"):  # (argument_list: a function's `*parts`)
            vals = [self.string(c) for c in seq.named_children if c.type != "comment"]
        else:
            return None
        if len(vals) > 256 or None in vals:
            return None
        return sep.join(reversed(vals) if backwards else vals)  # type: ignore[arg-type]

    def _fstring(self, node, given: dict[str, str] | None = None) -> str | None:
        """The value of an f-string whose every replacement field is itself a known string
        (`f"{Path.home()}/.ssh/id_rsa"`); `given`: values of names for one pass of a loop over literals."""
        first = node.children[0] if node.children else None
        if first is None or first.type != "string_start":
            return None
        start = self.src(first)
        quote = start.lstrip("rRbBfFuU")
        prefix = start[:len(start) - len(quote)].replace("f", "").replace("F", "")
        out = []
        for c in node.children:
            if c.type == "interpolation":
                if c.child_by_field_name("type_conversion") is not None or \
                        c.child_by_field_name("format_specifier") is not None:
                    return None
                expr = c.child_by_field_name("expression")
                v = given.get(self.src(expr)) if given and expr is not None and expr.type == "identifier" else None
                v = v if v is not None else self.string(expr)
            elif c.type == "string_content":
                v = _literal(prefix + quote + self.src(c).replace("{{", "{").replace("}}", "}") + quote)
            else:
                continue
            if v is None:
                return None
            out.append(v)
        return "".join(out)

    def kwarg(self, call, name: str):
        for a in self.args(call):
            if a.type == "keyword_argument":
                n = a.child_by_field_name("name")
                if n is not None and self.src(n) == name:
                    return a.child_by_field_name("value")
        return None

    def option(self, call, name: str):
        """The value of the keyword argument `name`, also when it is unpacked from a dict the code spells out
        (`**{"weights_" + "only": False}`, `**opts` with `opts = dict(allow_pickle=True)` or a dict literal)."""
        v = self.kwarg(call, name)
        if v is not None:
            return v
        for a in self.args(call):
            if a.type != "dictionary_splat" or not a.named_children:
                continue
            d = a.named_children[0]
            if d.type == "identifier":
                d = self.lists.get("table " + self.src(d)) or self.declared(d, _OPTION_KINDS)
            elif d.type == "subscript" and d.child_by_field_name("value") is not None:
                # a config dict's nested options (`**CFG["kwargs"]`)
                d = self.dict_entry(d.child_by_field_name("value"), d.child_by_field_name("subscript"))
            if d is None:
                continue
            if d.type == "dictionary":
                found = next((p.child_by_field_name("value") for p in d.named_children if p.type == "pair" and
                              self.string(p.child_by_field_name("key")) == name), None)
            elif d.type == "call" and self.qualname(d.child_by_field_name("function")) == "dict":
                found = self.kwarg(d, name)
            else:
                found = None
            if found is not None:
                return found
        return None


# calls whose value names the same place as their first argument, as far as being in the project goes
_PROJECT_SAME = _SAME_PATH | _PATH_CTORS | frozenset({"os.path.dirname", "pathlib.Path()"})
_WORKING_DIR = frozenset({"os.getcwd", "pathlib.Path.cwd"})
_PROJECT_METHODS = frozenset({"resolve", "absolute", "joinpath", "with_suffix", "with_name", "with_stem"})
_PROJECT_KINDS = frozenset({"call", "attribute", "binary_operator", "subscript", "string"})


_TAIL_KINDS = frozenset({"binary_operator", "call"})


class ProjectPaths:
    """Paths of the project's own files, found from where the code itself is (`__file__`) or the working
    directory: `Path(__file__).resolve().parent / "scripts" / "gen_version.py"`."""

    def project_path(self, node, depth: int = 0) -> str | None:
        """The path, relative to the project, `node` names when it is the code's own directory or the working
        directory with literal names under it ("." for the directory itself); None for anything else (a path
        from input, the home, a `..` out of it). `.parent` of the code's file is still the project (a script
        in `scripts/` finds the repository's root so)."""
        if node is None or depth > 8:
            return None
        t = node.type
        if t == "identifier":
            name = self.src(node)
            if name == "__file__":
                return "."
            v = self.string(node)
            if v is not None:
                return _relative(v)
            if self.mutable(name):
                return None
            made = self.given(node, _PROJECT_KINDS)
            if made is None:  # a parameter: its default (`def load(d=Path("plugins"))`), or what each call passes
                return self.agreed(node, self.project_path, depth)
            return self.project_path(made, depth + 1)
        if t in ("string", "concatenated_string"):
            v = self.string(node)
            if v is not None:
                return _relative(v)
            parts = [c for c in node.children if c.type in ("interpolation", "string_content")]
            if t == "string" and parts and parts[0].type == "interpolation":  # f"{HERE}/gen.py"
                base = self.project_path(parts[0].child_by_field_name("expression"), depth + 1)
                rest = "".join(self.src(c) for c in parts[1:] if c.type == "string_content")
                return _under(base, rest.lstrip("/")) if len(parts) == 1 or all(
                    c.type == "string_content" for c in parts[1:]) else None
            return None
        if t == "parenthesized_expression" and node.named_children:
            return self.project_path(node.named_children[0], depth + 1)
        if t == "attribute":
            attr = self.src(node.child_by_field_name("attribute"))
            return self.project_path(node.child_by_field_name("object"), depth + 1) if attr == "parent" else None
        if t == "subscript":  # Path(__file__).parents[1]
            value = node.child_by_field_name("value")
            if value is not None and value.type == "attribute" and \
                    self.src(value.child_by_field_name("attribute")) == "parents":
                return self.project_path(value.child_by_field_name("object"), depth + 1)
            return None
        if t == "binary_operator":
            op = self.src(node.child_by_field_name("operator"))
            right = self.string(node.child_by_field_name("right"))
            if op not in ("/", "+") or right is None:
                return None
            return _under(self.project_path(node.child_by_field_name("left"), depth + 1), right.lstrip("/"))
        if t != "call":
            return None
        fn = node.child_by_field_name("function")
        q = self.qualname(fn)
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        if q in _WORKING_DIR:
            return "."
        if fn is not None and fn.type == "attribute" and q not in _PROJECT_SAME:
            meth = self.src(fn.child_by_field_name("attribute"))
            if meth not in _PROJECT_METHODS:
                return None
            base = self.project_path(fn.child_by_field_name("object"), depth + 1)
            return _under(base, *(self.string(a) for a in args)) if meth == "joinpath" else base
        if q in _PROJECT_SAME and args:
            return _under(self.project_path(args[0], depth + 1), *(self.string(a) for a in args[1:]))
        return None

    def path_tail(self, node, depth: int = 0) -> str | None:
        """The literal names at the end of a path whose start is only known when the code runs
        (`Path(top) / ".git" / "hooks" / "post-checkout"` ends in `.git/hooks/post-checkout`); None when the
        path does not end in literal names."""
        if node is None or depth > 8:
            return None
        t = node.type
        if t == "identifier":
            return self.tail_of_name(node, _TAIL_KINDS, depth)
        if t == "parenthesized_expression" and node.named_children:
            return self.path_tail(node.named_children[0], depth + 1)
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) in ("/", "+"):
            return self.tail_joined(node.child_by_field_name("left"), node.child_by_field_name("right"), depth)
        if t != "call":
            return None
        fn = node.child_by_field_name("function")
        q = self.qualname(fn)
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "joinpath":
            args = [fn.child_by_field_name("object"), *args]
        elif q not in _SAME_PATH and q not in _PATH_CTORS:
            return None
        return self.tail_of_parts(args, depth)



_CODE_OPS = {"+": int.__add__, "-": int.__sub__, "^": int.__xor__}


def _char_codes(a, gen) -> list[str] | None:
    """`chr(c) for c in [99, 117, …]`, `chr(c ^ 7) for c in codes`: the characters a comprehension makes of literal
    numbers (a command spelled as character codes so that no literal holds it)."""
    body = gen.child_by_field_name("body")
    clauses = [c for c in gen.named_children if c.type == "for_in_clause"]
    if body is None or body.type != "call" or len(clauses) != 1 or len(gen.named_children) != 2 or \
            a.qualname(body.child_by_field_name("function")) != "chr":
        return None
    var, items = clauses[0].child_by_field_name("left"), clauses[0].child_by_field_name("right")
    inner = a.args(body)
    if var is None or var.type != "identifier" or items is None or len(inner) != 1:
        return None
    if items.type == "identifier" and not a._list_changed(a.src(items)):
        items = a.lists.get(a.src(items))
    if items is None or items.type not in ("list", "tuple") or len(items.named_children) > 4096:
        return None
    arg, op, key = inner[0], None, 0
    if arg.type == "binary_operator":  # chr(c ^ 7), chr(c - 3)
        left, right = arg.child_by_field_name("left"), arg.child_by_field_name("right")
        op = _CODE_OPS.get(a.src(arg.child_by_field_name("operator")))
        if op is None or left is None or right is None or right.type != "integer":
            return None
        arg, key = left, int(a.src(right), 0)
    if arg.type != "identifier" or a.src(arg) != a.src(var):
        return None
    return _chars(a, items, op, key)


def _chars(a, items, op=None, key: int = 0) -> list[str] | None:
    """The characters a literal list of numbers codes for (each first combined with `key` by `op`), None when an item
    is not a number or not a character."""
    try:
        return [chr(op(int(a.src(c), 0), key) if op else int(a.src(c), 0))
                for c in items.named_children if c.type != "comment"]
    except (ValueError, OverflowError, TypeError):
        return None
