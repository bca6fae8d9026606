"""What a TypeScript string expression evaluates to: literals with their escapes, templates,
concatenations, path joins and the home directory.
"""
from __future__ import annotations

import base64
import binascii
import json
import math
import re
import urllib.parse
from functools import lru_cache

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


# -- values decoded at run time from the code's own literals -------------------------------------------------------
# Malware hides a host, an environment variable's name or a path by encoding it and decoding it as the code runs:
# `Buffer.from("6578…", "hex").toString()`, a rot13 or char-code shift written as a small function, an XOR of a
# number array. `Strings.decoded` runs such code on its literals in a small, bounded interpreter of the pure part
# of JavaScript (strings, numbers, arrays, arrow functions, the string and array methods decoders use), so what the
# code sends and where is judged by what it is, not by how it is spelled. Anything else (I/O, the environment, a
# name bound more than once, a loop past the step budget) leaves the value unknown.
_STEPS = 4000  # interpreter steps per value decoded (a rot13 of a URL takes some 600)
_LONGEST = 8192  # longest string or array built
_ANY_VALUE = frozenset({"string", "template_string", "number", "array", "object", "call_expression", "binary_expression",
                        "member_expression", "subscript_expression", "arrow_function", "function_expression",
                        "function", "parenthesized_expression", "as_expression", "ternary_expression", "unary_expression",
                        "true", "false", "null", "new_expression", "await_expression", "non_null_expression",
                        "satisfies_expression", "regex", "identifier"})
_BUILTINS = frozenset({"String", "Buffer", "JSON", "Math", "Number", "parseInt", "parseFloat", "atob", "btoa",
                       "decodeURIComponent", "encodeURIComponent", "decodeURI", "encodeURI", "unescape", "escape",
                       "Array", "Object", "undefined", "NaN", "Infinity"})
_WRAPPED = frozenset({"parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression",
                      "type_assertion", "await_expression"})
# built-ins that decode a string or build one from pieces (`...`: an array spread into a call)
_DECODING = re.compile(rb"\.\.\.|fromCharCode|fromCodePoint|Buffer|atob|btoa|decodeURI|unescape|JSON\.parse|reverse|"
                       rb"split|replace|charCodeAt|codePointAt")
_NAME_IN = re.compile(rb"(?<![\w$.])[A-Za-z_$][\w$]*")
_HOME_VARS = frozenset({"process.env.HOME", "process.env.USERPROFILE", "Bun.env.HOME"})  # the home's path
_FUNCTION_NODES = frozenset({"arrow_function", "function_expression", "function"})
_PATH_JOINS = frozenset({"path.join", "path.resolve", "path.posix.join", "path.posix.resolve"})
_JS_NUMBER = re.compile(r"^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9_]+)?)n?$")


class _Fail(Exception):
    """The value is not known from the code's literals."""


class _Undefined:
    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()


class _Regex:
    __slots__ = ("rx", "every")

    def __init__(self, rx: re.Pattern, every: bool) -> None:
        self.rx, self.every = rx, every


class _Builtin:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _Fn:
    """A function literal of the code with the scope it was made in."""
    __slots__ = ("node", "scope")

    def __init__(self, node, scope) -> None:
        self.node, self.scope = node, scope


class _Return(Exception):
    def __init__(self, value) -> None:
        self.value = value


class _Scope:
    __slots__ = ("names", "up")

    def __init__(self, up=None) -> None:
        self.names: dict = {}
        self.up = up

    def find(self, name: str):
        s = self
        while s is not None:
            if name in s.names:
                return s
            s = s.up
        return None


def _js_str(v) -> str:
    if isinstance(v, str):
        return v
    if v is True or v is False:
        return "true" if v else "false"
    if v is None:
        return "null"
    if v is UNDEFINED:
        return "undefined"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return "NaN"
        if v in (float("inf"), float("-inf")):
            return "Infinity" if v > 0 else "-Infinity"
        return str(int(v)) if v.is_integer() and abs(v) < 1e21 else repr(v)
    if isinstance(v, list):
        return ",".join("" if x is None or x is UNDEFINED else _js_str(x) for x in v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, dict):
        return "[object Object]"
    raise _Fail


def _js_num(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    if v is None:
        return 0
    if isinstance(v, str):
        s = v.strip()
        if not s:
            return 0
        try:
            return int(s, 0) if s[:2].lower() in ("0x", "0o", "0b") else float(s) if any(c in s for c in ".eE") else int(s)
        except ValueError:
            return float("nan")
    if isinstance(v, list) and len(v) <= 1:
        return _js_num(v[0]) if v else 0
    return float("nan")


def _int32(v) -> int:
    n = _js_num(v)
    if isinstance(n, float):
        if n != n or n in (float("inf"), float("-inf")):
            return 0
        n = int(n)
    n &= 0xFFFFFFFF
    return n - (1 << 32) if n >= 1 << 31 else n


def _truthy(v) -> bool:
    if v is None or v is UNDEFINED or v is False:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v == v and v != 0
    if isinstance(v, str):
        return v != ""
    return True


def _number(text: str):
    t = text.replace("_", "").rstrip("n")
    if not _JS_NUMBER.match(text):
        raise _Fail
    if t[:2].lower() in ("0x", "0o", "0b"):
        return int(t, 0)
    if any(c in t for c in ".eE"):
        f = float(t)
        return int(f) if f.is_integer() and abs(f) < 2 ** 53 else f
    return int(t)


def _arith(op: str, a, b):
    if op == "+":
        if isinstance(a, (str, list, dict)) or isinstance(b, (str, list, dict)):
            out = _js_str(a) + _js_str(b)
            if len(out) > _LONGEST:
                raise _Fail
            return out
        return _js_num(a) + _js_num(b)
    if op in ("-", "*", "/", "%", "**"):
        x, y = _js_num(a), _js_num(b)
        try:
            if op == "-":
                return x - y
            if op == "*":
                return x * y
            if op == "**":
                return x ** y if abs(y) < 64 else float("nan")
            if op == "/":
                r = x / y
                return int(r) if r.is_integer() and abs(r) < 2 ** 53 else r
            if isinstance(x, int) and isinstance(y, int):
                return int(math.fmod(x, y))
            return math.fmod(x, y)
        except (ZeroDivisionError, OverflowError, ValueError):
            return float("nan")
    if op in ("^", "&", "|"):
        x, y = _int32(a), _int32(b)
        return x ^ y if op == "^" else x & y if op == "&" else x | y
    if op in ("<<", ">>", ">>>"):
        x, y = _int32(a), _int32(b) & 31
        if op == ">>>":
            return (x & 0xFFFFFFFF) >> y
        return _int32(x << y) if op == "<<" else x >> y
    if op in ("<", ">", "<=", ">="):
        if isinstance(a, str) and isinstance(b, str):
            x, y = a, b
        else:
            x, y = _js_num(a), _js_num(b)
        return x < y if op == "<" else x > y if op == ">" else x <= y if op == "<=" else x >= y
    if op in ("===", "!==", "==", "!="):
        same = a == b if type(a) is type(b) or op in ("==", "!=") else False
        if op in ("==", "!=") and type(a) is not type(b) and not isinstance(a, (list, dict)) and \
                not isinstance(b, (list, dict)):
            same = (a is None or a is UNDEFINED) and (b is None or b is UNDEFINED) or \
                (a not in (None, UNDEFINED) and b not in (None, UNDEFINED) and _js_num(a) == _js_num(b))
        return same if op in ("===", "==") else not same
    raise _Fail


@lru_cache(maxsize=256)
def _regex(body: str, flags: str) -> _Regex:
    pattern = body.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")
    try:
        rx = re.compile(pattern, (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0) |
                        (re.S if "s" in flags else 0))
    except (re.error, RecursionError):
        raise _Fail from None
    return _Regex(rx, "g" in flags)


class _Evaluator:
    """Runs the pure part of the code's JavaScript on its literals (see above)."""

    def __init__(self, a) -> None:
        self.a = a
        self.steps = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > _STEPS:
            raise _Fail

    # -- expressions -----------------------------------------------------------------------------------------------
    def value(self, node, scope, depth: int = 0):
        self.tick()
        if node is None or depth > 48:
            raise _Fail
        t = node.type
        a = self.a
        if t == "string":
            return _unescape(a.src(node)[1:-1])
        if t == "template_string":
            out = []
            for c in node.named_children:
                if c.type == "string_fragment":
                    out.append(a.src(c))
                elif c.type == "escape_sequence":
                    out.append(_unescape(a.src(c)))
                elif c.type == "template_substitution":
                    out.append(_js_str(self.value(c.named_children[0] if c.named_children else None, scope, depth + 1)))
            return "".join(out)
        if t == "number":
            return _number(a.src(node))
        if t in ("true", "false"):
            return t == "true"
        if t == "null":
            return None
        if t == "undefined":
            return UNDEFINED
        if t == "regex":
            pat, flags = node.child_by_field_name("pattern"), node.child_by_field_name("flags")
            return _regex(a.src(pat) if pat is not None else "", a.src(flags) if flags is not None else "")
        if t == "identifier" or t == "shorthand_property_identifier":
            return self.name(node, scope, depth)
        if t in _WRAPPED and node.named_children:
            return self.value(node.named_children[0], scope, depth + 1)
        if t == "array":
            out = []
            for c in node.named_children:
                if c.type == "comment":
                    continue
                if c.type == "spread_element":
                    v = self.value(c.named_children[0] if c.named_children else None, scope, depth + 1)
                    out.extend(list(v) if isinstance(v, (str, list)) else self.fail())
                else:
                    out.append(self.value(c, scope, depth + 1))
                if len(out) > _LONGEST:
                    raise _Fail
            return out
        if t == "object":
            obj: dict = {}
            for c in node.named_children:
                if c.type == "pair":
                    key = c.child_by_field_name("key")
                    k = self.value(key, scope, depth + 1) if key is not None and key.type == "string" else \
                        a.src(key) if key is not None and key.type in ("property_identifier", "number") else self.fail()
                    obj[_js_str(k)] = self.value(c.child_by_field_name("value"), scope, depth + 1)
                elif c.type == "shorthand_property_identifier":
                    obj[a.src(c)] = self.name(c, scope, depth)
                elif c.type != "comment":
                    raise _Fail
            return obj
        if t in _FUNCTION_NODES:
            return _Fn(node, scope)
        if t == "binary_expression":
            op = a.src(node.child_by_field_name("operator"))
            left = self.value(node.child_by_field_name("left"), scope, depth + 1)
            if op == "&&":
                return self.value(node.child_by_field_name("right"), scope, depth + 1) if _truthy(left) else left
            if op == "||":
                return left if _truthy(left) else self.value(node.child_by_field_name("right"), scope, depth + 1)
            if op == "??":
                return left if left is not None and left is not UNDEFINED else \
                    self.value(node.child_by_field_name("right"), scope, depth + 1)
            return _arith(op, left, self.value(node.child_by_field_name("right"), scope, depth + 1))
        if t == "unary_expression":
            op = a.src(node.child_by_field_name("operator"))
            v = self.value(node.child_by_field_name("argument"), scope, depth + 1)
            if op == "-":
                return -_js_num(v)
            if op == "+":
                return _js_num(v)
            if op == "!":
                return not _truthy(v)
            if op == "~":
                return ~_int32(v)
            if op == "void":
                return UNDEFINED
            raise _Fail
        if t == "ternary_expression":
            cond = self.value(node.child_by_field_name("condition"), scope, depth + 1)
            return self.value(node.child_by_field_name("consequence" if _truthy(cond) else "alternative"), scope,
                              depth + 1)
        if t == "sequence_expression":
            v = UNDEFINED
            for c in node.named_children:
                v = self.value(c, scope, depth + 1)
            return v
        if t == "member_expression":
            if a.qualname(node) in _HOME_VARS:
                return "~"
            obj = self.value(node.child_by_field_name("object"), scope, depth + 1)
            return self.member(obj, a.src(node.child_by_field_name("property")))
        if t == "subscript_expression":
            obj = self.value(node.child_by_field_name("object"), scope, depth + 1)
            key = self.value(node.child_by_field_name("index"), scope, depth + 1)
            return self.member(obj, key)
        if t == "call_expression":
            return self.call(node, scope, depth)
        if t in ("assignment_expression", "augmented_assignment_expression", "update_expression"):
            return self.assign(node, scope, depth)
        raise _Fail

    @staticmethod
    def fail():
        raise _Fail

    def name(self, node, scope, depth: int):
        """A name: a local of the function being run, a built-in, or a constant of the code bound once."""
        a = self.a
        name = a.src(node)
        s = scope.find(name) if scope is not None else None
        if s is not None:
            return s.names[name]
        if name in _BUILTINS:
            return UNDEFINED if name == "undefined" else float("nan") if name == "NaN" else \
                float("inf") if name == "Infinity" else _Builtin(name)
        if a.mutable(name):
            raise _Fail
        v = a.consts.get(name)
        if v is not None:
            return v
        made = a.declared(node, _ANY_VALUE)
        if made is None:
            made = a.function_node(name) if name in a.functions else None
            if made is None:
                raise _Fail
            return _Fn(made, None)
        return self.value(made, None, depth + 1)

    def member(self, obj, key):
        if isinstance(key, float) and key.is_integer():
            key = int(key)
        if isinstance(obj, _Builtin):
            name = f"{obj.name}.{_js_str(key)}"
            if name in ("String.fromCharCode", "String.fromCodePoint", "JSON.parse", "JSON.stringify", "Buffer.from",
                        "Math.floor", "Math.abs", "Math.ceil", "Math.round", "Math.min", "Math.max", "Array.from",
                        "Object.keys", "Object.values", "Object.entries", "Object.fromEntries", "Array.isArray",
                        "Number.parseInt"):
                return _Builtin(name)
            raise _Fail
        if isinstance(obj, (str, list)):
            if key == "length":
                return len(obj)
            if isinstance(key, int) and not isinstance(key, bool):
                return obj[key] if 0 <= key < len(obj) else UNDEFINED
            if isinstance(key, str) and key.isdigit():
                k = int(key)
                return obj[k] if k < len(obj) else UNDEFINED
            return _Builtin(("str." if isinstance(obj, str) else "list.") + _js_str(key)), obj
        if isinstance(obj, dict):
            return obj.get(_js_str(key), UNDEFINED)
        if isinstance(obj, bytes):
            if key == "length":
                return len(obj)
            return _Builtin("bytes." + _js_str(key)), obj
        raise _Fail

    def call(self, node, scope, depth: int):
        a = self.a
        fn = node.child_by_field_name("function")
        arg_nodes = a.args(node)
        if fn is None or fn.type == "import" or node.child_by_field_name("arguments") is None or \
                node.child_by_field_name("arguments").type != "arguments":
            raise _Fail
        if fn.type == "member_expression" or fn.type == "identifier" and (scope is None or scope.find(a.src(fn)) is None):
            q = (a.qualname(fn) or "").replace("node:", "")
            if q == "os.homedir" or q == "Deno.env.get" and arg_nodes and a.string(arg_nodes[0]) == "HOME":
                return "~"  # (as Strings.string reads them)
            if q in _PATH_JOINS:  # path.join(homedir(), ...parts)
                parts = [_js_str(x) for x in self.call_args(arg_nodes, scope, depth)]
                return _join_all(parts) if q.endswith("resolve") else "/".join(p.rstrip("/") for p in parts)
        if fn.type == "member_expression":
            obj = self.value(fn.child_by_field_name("object"), scope, depth + 1)
            target = self.member(obj, a.src(fn.child_by_field_name("property")))
        elif fn.type == "subscript_expression":
            obj = self.value(fn.child_by_field_name("object"), scope, depth + 1)
            target = self.member(obj, self.value(fn.child_by_field_name("index"), scope, depth + 1))
        else:
            target = self.value(fn, scope, depth + 1)
        return self.apply(target, self.call_args(arg_nodes, scope, depth), depth)

    def call_args(self, arg_nodes: list, scope, depth: int) -> list:
        args: list = []
        for c in arg_nodes:
            if c.type == "spread_element":
                v = self.value(c.named_children[0] if c.named_children else None, scope, depth + 1)
                if not isinstance(v, (list, str)):
                    raise _Fail
                args.extend(v)
            else:
                args.append(self.value(c, scope, depth + 1))
        return args

    def apply(self, target, args: list, depth: int):
        self.tick()
        if isinstance(target, _Fn):
            return self.run(target, args, depth + 1)
        if isinstance(target, tuple):
            method, this = target
            return self.method(method.name, this, args, depth)
        if isinstance(target, _Builtin):
            return self.builtin(target.name, args, depth)
        raise _Fail

    def run(self, fn: _Fn, args: list, depth: int):
        """Call a function literal of the code with `args`."""
        if depth > 40:
            raise _Fail
        node = fn.node
        scope = _Scope(fn.scope)
        single = node.child_by_field_name("parameter")
        if single is not None:
            scope.names[self.a.src(single)] = args[0] if args else UNDEFINED
        else:
            params = node.child_by_field_name("parameters")
            i = 0
            for p in params.named_children if params is not None else ():
                if p.type not in ("required_parameter", "optional_parameter", "identifier", "assignment_pattern",
                                  "rest_pattern"):
                    continue
                pat = p.child_by_field_name("pattern") if p.type.endswith("_parameter") else p
                default = p.child_by_field_name("value") if p.type.endswith("_parameter") else None
                if pat is not None and pat.type == "assignment_pattern":
                    default, pat = pat.child_by_field_name("right"), pat.child_by_field_name("left")
                if pat is None:
                    raise _Fail
                if pat.type == "rest_pattern":
                    inner = pat.named_children[0] if pat.named_children else None
                    if inner is None or inner.type != "identifier":
                        raise _Fail
                    scope.names[self.a.src(inner)] = list(args[i:])
                    break
                if pat.type != "identifier":
                    raise _Fail
                v = args[i] if i < len(args) else UNDEFINED
                if v is UNDEFINED and default is not None:
                    v = self.value(default, scope, depth + 1)
                scope.names[self.a.src(pat)] = v
                i += 1
        body = node.child_by_field_name("body")
        if body is None:
            raise _Fail
        if body.type != "statement_block":
            return self.value(body, scope, depth + 1)
        try:
            self.block(body, scope, depth + 1)
        except _Return as r:
            return r.value
        return UNDEFINED

    # -- statements (function bodies of decoders: declarations, loops, returns) ------------------------------------
    def block(self, body, scope, depth: int) -> None:
        for st in body.named_children:
            self.statement(st, scope, depth)

    def statement(self, st, scope, depth: int) -> None:
        self.tick()
        t = st.type
        if t == "comment" or t == "empty_statement":
            return
        if t in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                if d.type != "variable_declarator":
                    continue
                name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
                if name is None or name.type != "identifier":
                    raise _Fail
                scope.names[self.a.src(name)] = self.value(value, scope, depth + 1) if value is not None else UNDEFINED
            return
        if t == "return_statement":
            kids = [c for c in st.named_children if c.type != "comment"]
            raise _Return(self.value(kids[0], scope, depth + 1) if kids else UNDEFINED)
        if t == "expression_statement":
            if st.named_children:
                self.value(st.named_children[0], scope, depth + 1)
            return
        if t == "statement_block":
            self.block(st, _Scope(scope), depth + 1)
            return
        if t == "if_statement":
            cond = self.value(st.child_by_field_name("condition"), scope, depth + 1)
            branch = st.child_by_field_name("consequence") if _truthy(cond) else st.child_by_field_name("alternative")
            if branch is not None:
                if branch.type == "else_clause":
                    branch = branch.named_children[0] if branch.named_children else None
                if branch is not None:
                    self.statement(branch, scope, depth + 1)
            return
        if t == "for_in_statement" and any(c.type == "of" for c in st.children):
            left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
            seq = self.value(right, scope, depth + 1)
            if left is None or left.type != "identifier" or not isinstance(seq, (list, str)):
                raise _Fail
            for item in list(seq):
                inner = _Scope(scope)
                inner.names[self.a.src(left)] = item
                self.statement(st.child_by_field_name("body"), inner, depth + 1)
            return
        if t == "for_statement":
            inner = _Scope(scope)
            init = st.child_by_field_name("initializer")
            if init is not None:
                self.statement(init, inner, depth + 1) if init.type in ("lexical_declaration", "variable_declaration") \
                    else self.value(init, inner, depth + 1)
            cond, step = st.child_by_field_name("condition"), st.child_by_field_name("increment")
            while True:
                if cond is not None:
                    c = cond.named_children[0] if cond.type == "expression_statement" and cond.named_children else cond
                    if c.type != "empty_statement" and not _truthy(self.value(c, inner, depth + 1)):
                        break
                self.statement(st.child_by_field_name("body"), inner, depth + 1)
                if step is not None:
                    self.value(step, inner, depth + 1)
            return
        raise _Fail

    def assign(self, node, scope, depth: int):
        """`out += c`, `i++`, `x = y` of a local of the function being run (the code's own constants stay as bound)."""
        t = node.type
        target = node.child_by_field_name("argument" if t == "update_expression" else "left")
        if target is None or target.type != "identifier" or scope is None:
            raise _Fail
        name = self.a.src(target)
        holder = scope.find(name)
        if holder is None:
            raise _Fail
        old = holder.names[name]
        if t == "update_expression":
            op = "+" if "++" in self.a.src(node) else "-"
            new = _arith(op, _js_num(old), 1)
            holder.names[name] = new
            return old if self.a.src(node).startswith(name) else new
        right = self.value(node.child_by_field_name("right"), scope, depth + 1)
        if t == "augmented_assignment_expression":
            op = self.a.src(node.child_by_field_name("operator"))[:-1]
            right = _arith(op, old, right)
        holder.names[name] = right
        return right

    # -- the built-in functions and methods decoders use -----------------------------------------------------------
    def builtin(self, name: str, args: list, depth: int):
        first = args[0] if args else UNDEFINED
        if name in ("String.fromCharCode", "String.fromCodePoint"):
            try:
                out = "".join(chr(_int32(x) & 0xFFFF if name.endswith("CharCode") else int(_js_num(x))) for x in args)
            except (ValueError, OverflowError, TypeError):
                raise _Fail from None
            return out
        if name == "String":
            return _js_str(first) if args else ""
        if name == "Number":
            return _js_num(first) if args else 0
        if name in ("parseInt", "Number.parseInt"):
            base = int(_js_num(args[1])) if len(args) > 1 else 10
            m = re.match(r"\s*([+-]?[0-9a-zA-Z]+)", _js_str(first))
            try:
                return int(m.group(1), base or 10) if m else float("nan")
            except ValueError:
                return float("nan")
        if name == "parseFloat":
            try:
                return float(_js_str(first).strip())
            except ValueError:
                return float("nan")
        if name == "atob":
            return _b64(_js_str(first)).decode("latin-1")
        if name == "btoa":
            return base64.b64encode(_js_str(first).encode("latin-1", "replace")).decode()
        if name in ("decodeURIComponent", "decodeURI", "unescape"):
            return urllib.parse.unquote(_js_str(first))
        if name in ("encodeURIComponent", "encodeURI", "escape"):
            return urllib.parse.quote(_js_str(first), safe="-_.!~*'()" if name != "encodeURI" else "-_.!~*'();/?:@&=+$,#")
        if name == "JSON.parse":
            try:
                return _from_json(json.loads(_js_str(first)))
            except (ValueError, RecursionError):
                raise _Fail from None
        if name == "JSON.stringify":
            return json.dumps(_to_json(first), separators=(",", ":"))
        if name == "Buffer.from":
            enc = _js_str(args[1]).lower() if len(args) > 1 else "utf8"
            if isinstance(first, list):
                return bytes(_int32(x) & 0xFF for x in first)
            if isinstance(first, bytes):
                return first
            return _encode(_js_str(first), enc)
        if name.startswith("Math."):
            nums = [_js_num(x) for x in args]
            op = name[5:]
            try:
                return {"floor": lambda: math.floor(nums[0]), "ceil": lambda: math.ceil(nums[0]),
                        "round": lambda: math.floor(nums[0] + 0.5), "abs": lambda: abs(nums[0]),
                        "min": lambda: min(nums), "max": lambda: max(nums)}[op]()
            except (IndexError, ValueError, OverflowError):
                raise _Fail from None
        if name == "Array.from":
            seq = list(first) if isinstance(first, (str, list, bytes)) else self.fail()
            if len(args) > 1:
                return [self.apply(args[1], [x, i], depth) for i, x in enumerate(seq)]
            return seq
        if name == "Array.isArray":
            return isinstance(first, list)
        if name in ("Object.keys", "Object.values", "Object.entries") and isinstance(first, (dict, list)):
            d = first if isinstance(first, dict) else {str(i): v for i, v in enumerate(first)}
            return list(d) if name.endswith("keys") else list(d.values()) if name.endswith("values") else \
                [[k, v] for k, v in d.items()]
        if name == "Object.fromEntries" and isinstance(first, list):
            return {_js_str(p[0]): p[1] if len(p) > 1 else UNDEFINED for p in first if isinstance(p, list) and p}
        raise _Fail

    def method(self, name: str, this, args: list, depth: int):
        kind, _, meth = name.partition(".")
        first = args[0] if args else UNDEFINED
        if kind == "bytes":
            if meth == "toString":
                enc = _js_str(first).lower() if args else "utf8"
                return _decode(this, enc)
            raise _Fail
        if kind == "str":
            s: str = this
            if meth in ("charCodeAt", "codePointAt"):
                i = int(_js_num(first)) if args else 0
                return ord(s[i]) if 0 <= i < len(s) else float("nan")
            if meth in ("charAt", "at"):
                i = int(_js_num(first)) if args else 0
                if meth == "at" and i < 0:
                    i += len(s)
                return s[i] if 0 <= i < len(s) else ("" if meth == "charAt" else UNDEFINED)
            if meth == "split":
                if not args or first is UNDEFINED:
                    return [s]
                if isinstance(first, _Regex):
                    return first.rx.split(s)
                sep = _js_str(first)
                return list(s) if sep == "" else s.split(sep)
            if meth in ("slice", "substring", "substr"):
                return _slice(s, meth, args)
            if meth in ("toUpperCase", "toLocaleUpperCase"):
                return s.upper()
            if meth in ("toLowerCase", "toLocaleLowerCase"):
                return s.lower()
            if meth in ("trim", "trimStart", "trimEnd"):
                return s.strip() if meth == "trim" else s.lstrip() if meth == "trimStart" else s.rstrip()
            if meth == "concat":
                return s + "".join(_js_str(x) for x in args)
            if meth == "repeat":
                n = int(_js_num(first))
                if n < 0 or n * len(s) > _LONGEST:
                    raise _Fail
                return s * n
            if meth in ("padStart", "padEnd"):
                width, fill = int(_js_num(first)), _js_str(args[1]) if len(args) > 1 else " "
                if width > _LONGEST or not fill:
                    raise _Fail
                pad = (fill * width)[:max(0, width - len(s))]
                return pad + s if meth == "padStart" else s + pad
            if meth in ("replace", "replaceAll"):
                return self.replace(s, first, args[1] if len(args) > 1 else UNDEFINED, meth == "replaceAll", depth)
            if meth in ("indexOf", "includes", "startsWith", "endsWith"):
                sub = _js_str(first)
                return s.find(sub) if meth == "indexOf" else sub in s if meth == "includes" else \
                    s.startswith(sub) if meth == "startsWith" else s.endswith(sub)
            if meth in ("toString", "valueOf", "normalize"):
                return s
            if meth == "match" and isinstance(first, _Regex):
                return first.rx.findall(s) if first.every else self.fail()
            raise _Fail
        items: list = this
        if meth in ("map", "filter", "forEach", "flatMap", "some", "every", "find"):
            fn = first
            out = []
            for i, x in enumerate(list(items)):
                r = self.apply(fn, [x, i, items], depth)
                if meth == "map":
                    out.append(r)
                elif meth == "flatMap":
                    out.extend(r if isinstance(r, list) else [r])
                elif meth == "filter" and _truthy(r):
                    out.append(x)
                elif meth == "some" and _truthy(r):
                    return True
                elif meth == "every" and not _truthy(r):
                    return False
                elif meth == "find" and _truthy(r):
                    return x
            return {"map": out, "flatMap": out, "filter": out, "forEach": UNDEFINED, "some": False, "every": True,
                    "find": UNDEFINED}[meth]
        if meth in ("reduce", "reduceRight"):
            seq = list(items) if meth == "reduce" else list(reversed(items))
            if len(args) > 1:
                acc, start = args[1], 0
            elif seq:
                acc, start = seq[0], 1
            else:
                raise _Fail
            for i in range(start, len(seq)):
                acc = self.apply(first, [acc, seq[i], i, items], depth)
            return acc
        if meth == "join":
            sep = "," if not args or first is UNDEFINED else _js_str(first)
            out = sep.join("" if x is None or x is UNDEFINED else _js_str(x) for x in items)
            if len(out) > _LONGEST:
                raise _Fail
            return out
        if meth in ("reverse", "toReversed"):
            return list(reversed(items))
        if meth in ("slice",):
            return _slice(items, "slice", args)
        if meth == "concat":
            out = list(items)
            for x in args:
                out.extend(x if isinstance(x, list) else [x])
            return out
        if meth in ("includes", "indexOf"):
            return first in items if meth == "includes" else (items.index(first) if first in items else -1)
        if meth == "at":
            i = int(_js_num(first))
            return items[i] if -len(items) <= i < len(items) else UNDEFINED
        if meth == "push":
            items.extend(args)
            if len(items) > _LONGEST:
                raise _Fail
            return len(items)
        if meth == "flat":
            return [y for x in items for y in (x if isinstance(x, list) else [x])]
        if meth == "toString":
            return _js_str(items)
        raise _Fail

    def replace(self, s: str, pattern, repl, every: bool, depth: int) -> str:
        if isinstance(pattern, _Regex):
            rx, every = pattern.rx, pattern.every or every
        else:
            rx = re.compile(re.escape(_js_str(pattern)))
        count = 0 if every else 1

        def one(m: re.Match) -> str:
            if isinstance(repl, (_Fn, _Builtin, tuple)):
                return _js_str(self.apply(repl, [m.group(0), *[g if g is not None else UNDEFINED for g in m.groups()],
                                                 m.start(), s], depth))
            return _js_str(repl).replace("$&", m.group(0))

        out = rx.sub(one, s, count=count)
        if len(out) > _LONGEST:
            raise _Fail
        return out


def _slice(v, meth: str, args: list):
    n = len(v)
    a = int(_js_num(args[0])) if args and args[0] is not UNDEFINED else 0
    if meth == "substr":
        length = int(_js_num(args[1])) if len(args) > 1 and args[1] is not UNDEFINED else n
        a = max(0, n + a) if a < 0 else a
        return v[a:a + max(0, length)]
    b = int(_js_num(args[1])) if len(args) > 1 and args[1] is not UNDEFINED else n
    if meth == "substring":
        a, b = max(0, min(a, n)), max(0, min(b, n))
        return v[min(a, b):max(a, b)]
    return v[slice(a, b)]


def _b64(text: str) -> bytes:
    t = re.sub(r"\s+", "", text).replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(t + "=" * (-len(t) % 4), validate=True)
    except (ValueError, binascii.Error):
        raise _Fail from None


def _encode(text: str, enc: str) -> bytes:
    if enc == "hex":
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise _Fail from None
    if enc in ("base64", "base64url"):
        return _b64(text)
    if enc in ("latin1", "binary", "ascii"):
        return text.encode("latin-1", "replace")
    return text.encode("utf-8", "replace")


def _decode(data: bytes, enc: str) -> str:
    if enc == "hex":
        return data.hex()
    if enc == "base64":
        return base64.b64encode(data).decode()
    if enc == "base64url":
        return base64.urlsafe_b64encode(data).decode().rstrip("=")
    if enc in ("latin1", "binary", "ascii"):
        return data.decode("latin-1")
    return data.decode("utf-8", "replace")


def _from_json(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
        return int(v)
    if isinstance(v, list):
        return [_from_json(x) for x in v]
    if isinstance(v, dict):
        return {k: _from_json(x) for k, x in v.items()}
    return v


def _to_json(v):
    if v is UNDEFINED:
        return None
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, list):
        return [_to_json(x) for x in v]
    if isinstance(v, dict):
        return {k: _to_json(x) for k, x in v.items() if x is not UNDEFINED}
    raise _Fail


class Decoded:
    """What an expression evaluates to when it is decoded at run time from the code's literals (see above)."""

    _flows: dict | None = None  # per-snippet caches of the secret-flow reading, made on first use (network.py)

    def _flows_state(self) -> dict:
        if self._flows is None:
            self._flows = {}
        return self._flows

    def decoded(self, node) -> str | None:
        """The string `node` evaluates to: its literal value (`string`), or what decoding its literals as the code
        does at run time gives (`Buffer.from(hex, "hex").toString()`, `rot("uggcf://…")` of a rot13 the code defines,
        `String.fromCharCode(...[104, 116].map((x) => x ^ 0))`); None when that is not known."""
        v = self.string(node)
        if v is not None or node is None or not self.may_decode(node):
            return v
        v = self.evaluated(node)
        return v if isinstance(v, str) else None

    def may_decode(self, node) -> bool:
        """Whether `node` can decode something: it calls a decoding built-in, spreads an array, or calls a function
        of the code's own (the only ways a value is computed from literals); a cheap test before the interpreter."""
        if node.type == "identifier" and not self.mutable(self.src(node)):
            made = self.bound.get(self.src(node)) or self.declared(node, _ANY_VALUE)  # const p = unshift("…")
            if made is None or made.type == "identifier":
                return False
            node = made
        text = self.doc.data[node.start_byte:node.end_byte]
        if _DECODING.search(text):
            return True
        names = self.functions
        if names and any(n.encode() in text for n in names):
            return True
        # a name in it bound to what decodes (`homedir() + "/" + f` with `f = String.fromCharCode(…)`)
        for m in _NAME_IN.finditer(text, 0, 512):
            made = self.bound.get(m.group().decode())
            if made is not None and made.type != "identifier" and made.end_byte - made.start_byte < 2048 and \
                    _DECODING.search(self.doc.data, made.start_byte, made.end_byte) and \
                    not self.mutable(m.group().decode()):
                return True
        return False

    def evaluated(self, node):
        """The value (a str, number, list, dict …) `node` evaluates to from the code's literals; None when not known.
        Only expressions that can decode something are run: a call, a name, a template, a concatenation, a lookup."""
        if node is None or node.type not in ("call_expression", "identifier", "template_string", "binary_expression",
                                             "subscript_expression", "member_expression", "parenthesized_expression",
                                             "as_expression", "array", "await_expression", "non_null_expression"):
            return None
        memo = self._flows_state().setdefault("decoded", {})
        key = node.id
        if key in memo:
            return memo[key]
        memo[key] = None  # (a name bound to itself)
        try:
            v = _Evaluator(self).value(node, None)
        except (_Fail, _Return, RecursionError, TypeError, ValueError, OverflowError, IndexError, KeyError,
                AttributeError, UnicodeError):
            v = None
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        if not isinstance(v, (str, int, float, list, dict)) or isinstance(v, bool):
            v = None
        memo[key] = v
        return v

    def function_node(self, name: str):
        """The `function name(…) {…}` declaration of `name` (declared once), for the interpreter."""
        state = self._flows_state()
        table = state.get("function_nodes")
        if table is None:
            table = {}
            counts: dict[str, int] = {}
            stack = [self.root] if self.root is not None else []
            while stack:
                n = stack.pop()
                if n.type == "function_declaration":
                    nm = n.child_by_field_name("name")
                    if nm is not None:
                        key = self.src(nm)
                        counts[key] = counts.get(key, 0) + 1
                        table[key] = n
                stack.extend(n.named_children)
            table = {k: v for k, v in table.items() if counts[k] == 1}
            state["function_nodes"] = table
        return table.get(name)


class Strings(Decoded):
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
            if q in _HOME_VARS:
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


