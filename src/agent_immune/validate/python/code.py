"""Python code run from data or reached by a computed name: eval/exec, dynamic import,
introspection of interpreter internals, module namespaces read as tables, code loaded from files.
"""
from __future__ import annotations

import re

from .deserialise import _DESERIALIZE
from .processes import _SHELL_STRING, _SPAWN, _SPAWN_PREFIX, _SUBPROCESS


_CODE = frozenset({"eval", "exec", "compile", "builtins.eval", "builtins.exec", "builtins.compile", "execfile",
                   "code.InteractiveInterpreter", "code.InteractiveConsole", "code.interact", "runpy.run_path",
                   "runpy.run_module", "zipimport.zipimporter"})
_IMPORTERS = frozenset({"__import__", "importlib.import_module", "importlib.__import__", "builtins.__import__",
                        "imp.load_source", "importlib.machinery.SourceFileLoader"})
_INTROSPECTION = frozenset({"__subclasses__", "__globals__", "__builtins__", "__code__", "__mro__", "__bases__",
                            "__getattribute__", "func_globals", "f_globals", "f_locals", "gi_frame", "f_back",
                            "__closure__", "co_code"})
_INDIRECT = re.compile(r"__import__|getattr|globals\(|locals\(|vars\(|sys\.modules|import_module|__builtins__|"
                       r"__dict__|attrgetter|methodcaller")
_RISKY_MODULES = frozenset({"os", "posix", "nt", "subprocess", "builtins", "pty", "shutil", "importlib", "runpy",
                            "pickle", "marshal", "code", "ctypes", "socket"})

# attribute names a computed getattr could reach to run code, a program, a loader or the network: a
# constant prefix that starts none of them (`f"cmd_{name}"`, `"visit_" + kind`) is a dispatch table
_REACHABLE = frozenset(q.rsplit(".", 1)[-1] for q in _CODE | _IMPORTERS | _SHELL_STRING | _SUBPROCESS | _SPAWN |
                       _DESERIALIZE) | frozenset({
    "system", "popen", "spawn", "exec", "fork", "forkpty", "kill", "killpg", "load", "loads", "open", "remove",
    "unlink", "rmdir", "rmtree", "rename", "replace", "chmod", "chown", "symlink", "link", "truncate", "putenv",
    "environ", "getenv", "modules", "builtins", "import_module", "reload", "CDLL", "cdll", "PyDLL", "pydll",
    "windll", "memmove", "dlopen", "urlopen", "urlretrieve", "request", "get", "post", "put", "patch", "delete",
    "send", "sendall", "sendto", "connect", "create_connection", "socket", "getoutput", "getstatusoutput",
    "setuid", "setgid", "write", "write_text", "write_bytes", "unpack_archive", "extractall", "globals", "locals",
    "vars", "getattr", "setattr", "delattr", "breakpoint", "input", "help"})


class Code:
    """Dynamic code and names computed at run time."""

    def dispatch_name(self, node) -> bool:
        """`f"cmd_{name}"`, `"handle_" + kind`: a computed attribute name with a constant prefix that no
        attribute able to run code or a program starts with, so whatever it picks is one of the object's own
        handlers (a CLI's `cmd_*`, a visitor's `visit_*`)."""
        prefix = None
        if node.type == "string" and node.named_children and node.named_children[0].type == "string_start" and \
                len(node.named_children) > 1 and node.named_children[1].type == "string_content":
            prefix = self.src(node.named_children[1])
        elif node.type == "binary_operator" and self.src(node.child_by_field_name("operator")) == "+":
            prefix = self.string(node.child_by_field_name("left"))
        return bool(prefix) and len(prefix) >= 2 and prefix[0] != "_" and prefix.isidentifier() and \
            not any(n.startswith(prefix) for n in _REACHABLE)

    def visit_subscript(self, node) -> None:
        value = node.child_by_field_name("value")
        key = node.child_by_field_name("subscript")
        if value is None or key is None:
            return
        base = self.src(value).replace(" ", "")
        q = self.qualname(value)
        if base in ("globals()", "locals()", "vars()", "__builtins__", "__builtins__.__dict__", "builtins.__dict__") or \
                q in ("sys.modules",) or (q or base).endswith(".__dict__"):
            k = self.string(key)
            if k is None:
                self.block("py-dynamic-import", f"`{base}[...]` looks up a computed name; call what you need directly", node)

    def _module_table(self, obj, node) -> None:
        """`os.__dict__.items()`, `vars(os)`, `inspect.getmembers(os)` as a whole: a way to pick
        os.system & co by a name computed from the table."""
        q = self.qualname(obj) if obj is not None else None
        if q in _RISKY_MODULES:
            self.block("py-dynamic-import", f"the code reads the whole `{q}` namespace to pick a function by a "
                                            "computed name; call what you need directly", node)

    def _indirect(self, fn) -> bool:
        """Whether the called function is reached by name at run time rather than imported:
        `__import__("os").system`, `getattr(os, "system")`, `vars(os)["system"]`,
        `import_module` under another name (`im("os").system`)."""
        if _INDIRECT.search(self.src(fn)):
            return True
        while fn is not None and fn.type in ("attribute", "subscript"):
            fn = fn.child_by_field_name("object" if fn.type == "attribute" else "value")
        return fn is not None and fn.type == "call" and self.qualname(fn.child_by_field_name("function")) in (
            _IMPORTERS | {"getattr", "operator.attrgetter", "vars"})

    def _methodcaller(self, fn, node) -> None:
        """`operator.methodcaller("system", cmd)(os)` calls os.system(cmd)."""
        inner_args = self.args(fn)
        outer = self.args(node)
        name = self.string(inner_args[0]) if inner_args else None
        target = self.qualname(outer[0]) if outer else None
        if not name or not target:
            return
        q = f"{target}.{name}"
        if q in _SHELL_STRING | _SUBPROCESS | _SPAWN | _CODE | _DESERIALIZE or q.startswith(_SPAWN_PREFIX):
            self.block("py-dynamic-import", f"`{q}` is reached through operator.methodcaller to hide it; call it "
                                            "directly", node)
            if q in _SHELL_STRING:
                self._shell_string(q, inner_args[1] if len(inner_args) > 1 else None, node)

    def _load_file(self, q: str, arg, node) -> None:
        from .. import paths

        path = self.string(arg)
        key = self._path_key(arg)
        if key in self.written:
            self._runs_written([key], node, q)
        elif path is None:
            self.block("py-dynamic-code", f"`{q}` loads code from a file chosen at run time; import it by name",
                       node)
        elif paths.normalize(path) in self.downloads:
            self.block("download-exec", f"`{q}` loads {path}, downloaded by this code; download, inspect, then run",
                       node)
        elif path.startswith(("/", "~")):
            self.block("py-dynamic-code", f"`{q}` loads code from {path}, outside the project; import project "
                                          "modules only", node)
