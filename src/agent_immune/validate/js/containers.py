"""Containers made through an SDK from TypeScript/JavaScript (dockerode, testcontainers, @kubernetes/client-node),
judged as the `docker run` they amount to; the reading is python/containers.py's, shared:

- dockerode's `createContainer({Image, Cmd, HostConfig: {Binds, Privileged, PidMode, …}})` and `docker.run(image,
  cmd, streams, {HostConfig…})`, testcontainers' `new GenericContainer(image).withPrivilegedMode()
  .withBindMounts([{source: "/", …}]).withCommand([…])`, a Kubernetes pod created with hostPID, privileged or a
  hostPath of /: host control, blocked (`privilege-escalation`), whatever the keys are built from (`[k]: true`
  with `k = ["Priv", "ileged"].join("")`);
- the command such a container (or `container.exec({Cmd})`) runs, judged by the shell rules with its mounts
  mapped back to host paths: what reaches out of any container, or touches the host through a mount;
- `getVolume(name).remove()` and `pruneVolumes()`: review `irreversible`, as `docker volume rm`; a container
  removed, or a volume the code created, is not.
"""
from __future__ import annotations

from ..common_code import ARG, UNKNOWN
from ..python.containers import (PRUNE_LOSS, VOLUME_LOSS, argv_of, flatten, judge_pods, judge_run, judge_settings,
                                 volume_held)

# method names read here: settled before anything else of the call is
_NAMES = frozenset({"createContainer", "run", "exec", "remove", "pruneVolumes", "start"})
_K8S = ("createNamespaced", "replaceNamespaced", "patchNamespaced")
_STARTS = ("with", *_K8S)
_DOCKERODE = frozenset({"dockerode"})
_K8S_MODULES = frozenset({"@kubernetes/client-node"})
# testcontainers' methods -> the option they set (a value, or the argument list as one)
_TC_VALUES = {"withCommand": "command", "withEntrypoint": "entrypoint", "withNetworkMode": "networkmode",
              "withIpcMode": "ipcmode", "withBindMounts": "mounts"}
_TC_LISTS = {"withAddedCapabilities": "capadd", "withSecurityOpt": "securityopt"}
_FLAGS = frozenset({"true", "false"})
_WRAPPED = frozenset({"await_expression", "parenthesized_expression", "non_null_expression", "as_expression",
                      "satisfies_expression"})


class Containers:
    """Containers and volumes through the TypeScript SDKs (see the module's docstring)."""

    def visit_container(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call: settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else q.rpartition(".")[2] if q is not None else None
        if name is None or (name not in _NAMES and not name.startswith(_STARTS)):
            return
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        if name == "start" or name.startswith("with"):
            if self._testcontainers():
                self._test_container(name, fn, node)
            return
        if name.startswith(_K8S):
            if self._imports(_K8S_MODULES):
                st = _state()
                judge_pods(self, node, what, [self._cvalue(a, 0, st) for a in args])
            return
        if fn.type not in ("member_expression", "subscript_expression") or not self._imports(_DOCKERODE):
            return
        root, chain, _ = self.origin(fn.child_by_field_name("object"))  # (also of docker["createContainer"](…))
        if root is not None and self.module(root)[0] not in _DOCKERODE:
            return
        st = _state()
        if name == "createContainer" and args:
            judge_settings(self, node, what, flatten(self._cvalue(args[0], 0, st)))
        elif name == "run" and len(args) > 1:  # docker.run(image, cmd, streams, createOptions, startOptions)
            opts = flatten(self._cvalue(args[3], 0, st)) if len(args) > 3 else {}
            opts.setdefault("cmd", self._cvalue(args[1], 0, st))
            judge_settings(self, node, what, opts)
        elif name == "exec" and args and args[0].type == "object":  # container.exec({ Cmd: [...] })
            judge_run(self, node, what, argv_of(flatten(self._cvalue(args[0], 0, st)).get("cmd")), [], entered=True)
        elif name == "pruneVolumes":
            volume_held(self, node, what, PRUNE_LOSS)
        elif name == "remove" and chain[-1:] == ["getVolume"]:
            volume_held(self, node, what, VOLUME_LOSS)

    def _testcontainers(self) -> bool:
        return any(v.startswith(("testcontainers", "@testcontainers/")) for v in self.alias.values())

    def _test_container(self, name: str, fn, node) -> None:
        """`new GenericContainer(image).withPrivilegedMode().withBindMounts([…]).withCommand([…]).start()`: judged
        once, at the end of the chain (or at `.start()` of a name given the bare constructor)."""
        up = node.parent
        while up is not None and up.type in _WRAPPED:
            up = up.parent
        if up is not None and up.type == "member_expression":
            return  # not the end of the chain
        obj = fn.child_by_field_name("object") if fn.type == "member_expression" else None
        if name == "start" and (obj is None or obj.type == "identifier" and not self._made_here(obj)):
            return
        st = _state()
        opts: dict = {}
        n, made = node, None
        for _ in range(32):
            if n is None:
                break
            t = n.type
            if t in _WRAPPED and n.named_children:
                n = n.named_children[0]
                continue
            if t == "identifier" and self.src(n) in self.bound:
                n = self.bound[self.src(n)]
                continue
            if t == "new_expression":
                q = self.qualname(n.child_by_field_name("constructor")) or ""
                if self.module(q)[0].startswith(("testcontainers", "@testcontainers/")):
                    made = q.rpartition(".")[2]
                break
            f = n.child_by_field_name("function") if t == "call_expression" else None
            if f is None or f.type != "member_expression":
                break
            meth = self.src(f.child_by_field_name("property"))
            args = self.args(n)
            if meth == "withPrivilegedMode":
                opts.setdefault("privileged", not args or self.src(args[0]) != "false")
            elif meth in _TC_VALUES and args:
                opts.setdefault(_TC_VALUES[meth], self._cvalue(args[0], 0, st))
            elif meth in _TC_LISTS:
                opts.setdefault(_TC_LISTS[meth], [self._cvalue(a, 0, st) for a in args])
            n = f.child_by_field_name("object")
        if made is not None:
            judge_settings(self, node, f"new {made}(…).{name}", opts)

    def _made_here(self, ident) -> bool:
        """Whether a name was given a bare testcontainers constructor (its chain was not judged where written)."""
        made = self.bound.get(self.src(ident))
        while made is not None and made.type in _WRAPPED and made.named_children:
            made = made.named_children[0]
        return made is not None and made.type == "new_expression"

    def _cvalue(self, node, depth: int, st: dict):
        """The value of an option expression as far as the code shows it (common_code.written_text's reading), with
        the working directory (`process.cwd()`, also at the start of a template) read as `.`."""
        if node is None or depth > 16:
            return UNKNOWN
        t = node.type
        if t in ("object", "array"):  # its parts read by this reader
            return self.value_of(node, depth, st, each=self._cvalue)
        if t in _WRAPPED and node.named_children:
            return self._cvalue(node.named_children[0], depth + 1, st)
        if t == "identifier":
            made = self.declared(node, _FLAGS)
            if made is not None:
                return made.type == "true"  # const priv = true; { Privileged: priv }
        v = self.value_of(node, depth, st)
        if v is UNKNOWN or isinstance(v, str) and v.startswith(ARG):
            here = self.project_path(node) if v is UNKNOWN else self._leading_project(node)
            if here is not None and "\x00" not in here:
                return here if v is UNKNOWN else here + v[len(ARG):]
        return v

    def _leading_project(self, node) -> str | None:
        """The project directory a template starts with (`${process.cwd()}:/src`), None otherwise."""
        kids = node.named_children if node.type == "template_string" else []
        if not kids or kids[0].type != "template_substitution" or not kids[0].named_children:
            return None
        return self.project_path(kids[0].named_children[0])


def _state() -> dict:
    return {"budget": [4096], "seen": set(), "edits": None, "names": {}}
