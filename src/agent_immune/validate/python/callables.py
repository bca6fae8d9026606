"""Dangerous Python functions used as values (`map(os.system, cmds)`, `Thread(target=eval)`):
whatever calls them later passes arguments this code does not show.
"""
from __future__ import annotations

from .code import _CODE
from .deserialise import _DESERIALIZE
from .files import _DELETE
from .network import _NET, _SEND
from .processes import _SHELL_STRING, _SPAWN, _SPAWN_PREFIX, _SUBPROCESS


# calls that take a callable and call it later (or elsewhere): a dangerous function handed to
# one of them runs with arguments this code does not show
_VALUE_HOLDERS = frozenset({"argument_list", "list", "tuple", "set", "pair", "lambda", "conditional_expression",
                            "keyword_argument", "return_statement", "expression_list", "default_parameter",
                            "typed_default_parameter", "named_expression"})
# holders that keep the value for later rather than hand it on: `def f(run=os.system)`, `(f := os.system)`
_BINDERS = frozenset({"default_parameter", "typed_default_parameter", "named_expression"})
# the last names of the functions checked when used as values: anything else is skipped before it is resolved
_VALUE_LEAVES = frozenset({q.rsplit(".", 1)[-1] for q in _SHELL_STRING | _SUBPROCESS | _SPAWN | _CODE | _DESERIALIZE} |
                          {"SimpleHTTPRequestHandler"})


# calls that call a function they are handed later, with arguments they are handed too: name -> (where the function
# is: a position or a keyword, where its arguments start: a position, or a keyword holding a tuple)
_DEFERRERS = {"threading.Timer": (1, "args"), "threading.Thread": ("target", "args"),
              "multiprocessing.Process": ("target", "args"), "atexit.register": (0, 1), "weakref.finalize": (1, 2),
              "asyncio.to_thread": (0, 1)}
_DEFERRING_METHODS = {"submit": (0, 1), "call_soon": (0, 1), "call_later": (1, 2), "call_at": (1, 2),
                      "run_in_executor": (1, 2), "apply_async": (0, "args"), "enter": (2, "argument"),
                      "enterabs": (2, "argument")}


class Callables:
    """Functions handed over rather than called."""

    def deferred(self, q: str | None, meth: str | None, call) -> None:
        """`threading.Timer(5, subprocess.run, args=(["sh", "-c", job],))`, `atexit.register(os.system, "…")`,
        `weakref.finalize(self, shutil.rmtree, self.path)`: a function handed over with its arguments, judged as
        the call it will make (a shell string or an argv run, a tree deleted)."""
        where = _DEFERRERS.get(q) if q is not None else None
        if where is None and meth is not None:
            where = _DEFERRING_METHODS.get(meth)
        if where is None:
            return
        args = self.args(call)
        pos = [a for a in args if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        at, rest = where
        fn = self.kwarg(call, at) if isinstance(at, str) else pos[at] if len(pos) > at else None
        if fn is None or fn.type not in ("attribute", "identifier"):
            return
        target = self.qualname(fn)
        if target not in _SHELL_STRING and target not in _SUBPROCESS and target not in _DELETE:
            return
        if isinstance(rest, str):  # args=(…,): a literal tuple or list
            packed = self.kwarg(call, rest)
            if packed is None and isinstance(at, int) and len(pos) > at + 1:
                packed = pos[at + 1]  # threading.Timer(1, subprocess.call, (argv,))
            if packed is None or packed.type not in ("tuple", "list"):
                return
            given = [c for c in packed.named_children if c.type != "comment"]
        else:
            given = pos[rest:]
        if not given or any(c.type in ("list_splat", "dictionary_splat") for c in given):
            return
        if target in _SHELL_STRING:
            self._shell_string(target, given[0], call)  # the value itself stays blocked (visit_value)
        elif target in _SUBPROCESS:
            self.lists[f"deferred {fn.start_byte}"] = fn  # judged here, not as a program chosen elsewhere
            self._subprocess(target, call, given)
        else:
            path = self.string(given[0])
            if path is not None:
                self._delete(path, given[0])
                if target == "shutil.rmtree":
                    self.held_tree_delete(target, path, call)

    def visit_holder(self, node, t: str) -> None:
        """A dangerous function used as a value (`map(os.system, cmds)`, `Thread(target=os.system)`,
        `atexit.register(os.system, c)`, `[eval][0]`): whatever calls it later passes
        arguments this code does not show."""
        if t in ("keyword_argument", "pair") or t in _BINDERS:
            kids = [node.child_by_field_name("value")]
            if t == "named_expression":
                self._walrus(node)
        elif t == "lambda":
            kids = [node.child_by_field_name("body")]
        else:
            kids = node.named_children
            if t in ("list", "tuple", "set") and len(kids) > 1 and kids[0].type in ("string", "binary_operator"):
                self.credential_list(node)  # [".kube/config", ".netrc", …] under the home
        for c in kids:
            if c is None:
                continue
            if c.type == "attribute":  # settled by its last name before it is resolved
                attr = c.child_by_field_name("attribute")
                name = self.src(attr) if attr is not None else ""
                if name in _SEND and t in ("argument_list", "keyword_argument"):
                    self._handed_sender(c, node, t)
                if not (name in _VALUE_LEAVES or name.startswith(("exec", "spawn", "posix_spawn"))):
                    continue
            elif c.type == "identifier":
                name = self.src(c)
                if name in self.alias and t in ("argument_list", "keyword_argument") and \
                        self.alias[name].rsplit(".", 1)[-1] in _SEND:
                    self._handed_sender(c, node, t)  # from urllib.request import urlopen; Thread(target=urlopen, …)
                if name in ("getattr", "__import__") and t == "argument_list":
                    # functools.reduce(getattr, ["sys" + "tem"], os): the name it fetches is chosen by the call
                    self.block("py-dynamic-import", f"`{name}` is passed on as a value, so what it fetches is chosen at "
                                                    "run time; fetch the attribute directly", c)
                    continue
                if name not in self.alias and name not in ("eval", "exec", "compile", "execfile"):
                    continue
            elif c.type != "subscript":
                continue
            self.visit_value(c, stored=t in _BINDERS)

    def _handed_sender(self, fn, holder, t: str) -> None:
        """A function that sends its arguments off the machine handed to a call that calls it later
        (`Thread(target=urlopen, args=(url, data))`, `executor.submit(requests.post, url, data=…)`,
        `loop.run_in_executor(None, requests.post, url, …)`, `asyncio.to_thread(urlopen, …)`,
        `partial(requests.post, url)(data=…)`): what it will send is judged as the direct call's arguments are."""
        q = self.qualname(fn)
        if fn.type == "identifier" and not (q and (q.startswith(_NET) or q.split(".")[0] in ("requests", "httpx"))):
            return
        call = holder.parent.parent if t == "keyword_argument" else holder.parent
        if call is None or call.type != "call":
            return
        if q and q.startswith(_NET):
            self.uses_net = True
        self._env_sent([a for a in self.args(call) if a != fn])
        up = call.parent
        if up is not None and up.type == "call" and up.child_by_field_name("function") == call:
            self._env_sent(self.args(up))  # partial(requests.post, url)(data=payload)
        elif up is not None and up.type == "assignment" and up.child_by_field_name("right") == call:
            left = up.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                self.lists["sender " + self.src(left)] = call  # send = partial(requests.post, url); send(data=…)

    def _walrus(self, node) -> None:
        """`(run := os.system)(c)`: the name is an alias, like one made by `=`."""
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is not None and value is not None and value.type in ("attribute", "identifier"):
            q = self.qualname(value)
            if q and ("." in q or q in ("eval", "exec", "compile")):
                self.alias[self.src(name)] = q

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
        elif q in _SUBPROCESS and not stored and f"deferred {node.start_byte}" not in self.lists:
            call = node.parent.parent if node.parent.type == "argument_list" else None
            if call is not None and self._partial_target(call, self.qualname(call.child_by_field_name("function"))):
                return  # partial(subprocess.run, check=True) is an alias, judged where it is called
            self.review("py-subprocess-dynamic", f"`{q}` is passed on as a value; the program it runs is chosen "
                                                 "elsewhere", node)
