"""What a TypeScript string expression evaluates to: literals with their escapes, templates,
concatenations, path joins and the home directory.
"""
from __future__ import annotations

import re

from ..paths import join_all as _join_all


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
