"""Dangerous Python functions used as values (`map(os.system, cmds)`, `Thread(target=eval)`):
whatever calls them later passes arguments this code does not show.
"""
from __future__ import annotations

from .code import _CODE
from .deserialise import _DESERIALIZE
from .processes import _SHELL_STRING, _SPAWN, _SPAWN_PREFIX, _SUBPROCESS


# calls that take a callable and call it later (or elsewhere): a dangerous function handed to
# one of them runs with arguments this code does not show
_VALUE_HOLDERS = frozenset({"argument_list", "list", "tuple", "set", "pair", "lambda", "conditional_expression",
                            "keyword_argument", "return_statement", "expression_list"})
# the last names of the functions checked when used as values: anything else is skipped before it is resolved
_VALUE_LEAVES = frozenset({q.rsplit(".", 1)[-1] for q in _SHELL_STRING | _SUBPROCESS | _SPAWN | _CODE | _DESERIALIZE} |
                          {"SimpleHTTPRequestHandler"})


class Callables:
    """Functions handed over rather than called."""

    def visit_holder(self, node, t: str) -> None:
        """A dangerous function used as a value (`map(os.system, cmds)`, `Thread(target=os.system)`,
        `atexit.register(os.system, c)`, `[eval][0]`): whatever calls it later passes
        arguments this code does not show."""
        if t in ("keyword_argument", "pair"):
            kids = [node.child_by_field_name("value")]
        elif t == "lambda":
            kids = [node.child_by_field_name("body")]
        else:
            kids = node.named_children
        for c in kids:
            if c is None:
                continue
            if c.type == "attribute":  # settled by its last name before it is resolved
                attr = c.child_by_field_name("attribute")
                name = self.src(attr) if attr is not None else ""
                if not (name in _VALUE_LEAVES or name.startswith(("exec", "spawn", "posix_spawn"))):
                    continue
            elif c.type == "identifier":
                name = self.src(c)
                if name not in self.alias and name not in ("eval", "exec", "compile", "execfile"):
                    continue
            elif c.type != "subscript":
                continue
            self.visit_value(c)

    def visit_value(self, node, stored: bool = False) -> None:
        q = self.qualname(node)
        if not q:
            return
        if q.endswith("SimpleHTTPRequestHandler") and self.serves_files is None:
            holder = node.parent.parent if node.parent.type == "keyword_argument" else node.parent
            # the call it is given to: partial(SimpleHTTPRequestHandler, directory=...), TCPServer(..., handler)
            self.serves_files = holder.parent if holder.type == "argument_list" else node
        if q in _SHELL_STRING:
            self.block("py-shell-exec", f"`{q}` is passed on as a value, so the command it runs is not visible here; "
                                        "call subprocess.run with a literal argv list directly", node)
        elif q in _CODE:
            self.block("py-dynamic-code", f"`{q}` is passed on as a value to run code chosen elsewhere; write the "
                                          "code directly", node)
        elif q.startswith(_SPAWN_PREFIX) or q in _SPAWN:
            self.block("py-process-spawn", f"`{q}` is passed on as a value to start a process chosen elsewhere; use "
                                           "subprocess.run with a literal argv list", node)
        elif q in _DESERIALIZE:
            self.block("py-unsafe-deserialize", f"`{q}` is passed on as a value to load data that can run code; use "
                                                "json", node)
        elif q in _SUBPROCESS and not stored:
            call = node.parent.parent if node.parent.type == "argument_list" else None
            if call is not None and self._partial_target(call, self.qualname(call.child_by_field_name("function"))):
                return  # partial(subprocess.run, check=True) is an alias, judged where it is called
            self.review("py-subprocess-dynamic", f"`{q}` is passed on as a value; the program it runs is chosen "
                                                 "elsewhere", node)
