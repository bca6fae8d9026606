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
  removed, or a volume the code created, is not;
- the Kubernetes API turned against the cluster, read as the Python client's (kube_code.py): also the generic
  `KubernetesObjectApi`, `new Exec(kc).exec(…, command)` judged as a command in a running service's container, and
  `kc.exportConfig()` (the kubeconfig with its keys) gathered, blocked when the code also sends.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import kube_code
from ..common_code import ARG, UNKNOWN, value_state
from ..python.containers import (PRUNE_LOSS, VOLUME_LOSS, argv_of, flatten, judge_pods, judge_run, judge_settings,
                                 volume_held)

# the Kubernetes client's calls read by kube_code.py (by the names its API methods have: not `createElement`,
# `createServer`), and the child processes that may take a kind node's keys
_KUBE_API = re.compile(r"(?:create|replace|patch|delete)(?:Namespace|Cluster|Mutating|Validating|Collection|"
                       r"PersistentVolume|CustomResourceDefinition|Node)|execFile|execSync|spawn")
_KUBE_NAMES = frozenset({"exec", "exportConfig", "create", "replace", "patch", "delete"})
_GENERIC = frozenset({"create", "replace", "patch", "delete"})  # KubernetesObjectApi's: the object says its kind
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
        if name is None:
            return
        if name in _KUBE_NAMES or _KUBE_API.match(name):
            self._kube_api(name, q, fn, node, args)
        if name not in _NAMES and not name.startswith(_STARTS):
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

    def _kube_api(self, name: str, q: str | None, fn, node, args: list) -> None:
        """The Kubernetes API turned against the cluster (kube_code.py): bindings, admission webhooks, finalizers,
        tokens and the kubeconfig gathered, commands run in pods; the control plane's keys taken out of a kind node
        by a child process."""
        mod = self.module(q)[0] if q is not None else ""
        if mod == "child_process":
            if holds(self.doc.data, b"/etc/kubernetes") and args:  # execFileSync("docker", ["exec", NODE, "tar", …])
                st = _state()
                first = self._cvalue(args[0], 0, st)
                rest = self._cvalue(args[1], 0, st) if len(args) > 1 and name.startswith(("execFile", "spawn")) else []
                argv = argv_of(first) if not isinstance(rest, list) or not rest or not isinstance(first, str) else \
                    [first] + (argv_of(rest) or [])
                taken = kube_code.node_secrets(argv or [])
                if taken is not None:
                    self.gathered.append((node, taken))
            return
        if not self._imports(_K8S_MODULES):
            return
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        root = self.origin(fn.child_by_field_name("object"))[0] if fn.type == "member_expression" else None
        if name == "exportConfig":
            if root is None or root.endswith(".KubeConfig"):
                self.gathered.append((node, kube_code.KUBECONFIG + " (`exportConfig()`)"))
            return
        if name == "exec":  # new k8s.Exec(kc).exec(namespace, pod, container, command, …)
            if root is not None and root.endswith(".Exec") and len(args) > 3:
                judge_run(self, node, what, argv_of(self._cvalue(args[3], 0, _state())), [], entered=True)
            return
        op = kube_code.api(name)
        st = _state()
        values = [self._cvalue(a, 0, st) for a in args]
        if name in _GENERIC:  # k8s.KubernetesObjectApi.makeApiClient(kc).create({ kind: "ClusterRoleBinding", … })
            if root is None or "KubernetesObjectApi" not in root:
                return
            op = kube_code.generic(name, values[:1])
            if op is None:
                return
        made = kube_code.token_made(op, values)
        if made is not None:
            self.gathered.append((node, made))
        elif op.startswith("delete"):
            first = values[0] if values else UNKNOWN
            kube_code.admission_removed(self, node, what, op, first.get("name", UNKNOWN) if isinstance(first, dict)
                                        else first, self._kube_loop(node), values)
        elif not kube_code.binding(self, node, what, op, values, self.src(node)):
            text = self.doc.data.decode("utf-8", "replace") if "webhook" in op or holds(self.doc.data, b"finalizers") else ""
            if kube_code.webhook(self, node, what, op, values, text):
                return
            kube_code.finalizers(self, node, what, op, values, text, _names_body(args))

    def _kube_loop(self, node) -> str | None:
        """The text of the loop over a listing that `node` runs in (`for (const c of list.items)`,
        `items.forEach(c => …)`), in its own function; None when it runs once or loops over a literal array."""
        up = node.parent
        while up is not None and up.type not in ("function_declaration", "method_definition", "program",
                                                 "class_declaration"):
            if up.type in ("arrow_function", "function_expression"):
                call = up.parent.parent if up.parent is not None and up.parent.type == "arguments" else None
                f = call.child_by_field_name("function") if call is not None else None
                if f is None or f.type != "member_expression" or self.src(f.child_by_field_name("property")) not in (
                        "forEach", "map", "flatMap"):
                    return None
                listed = f.child_by_field_name("object")
                return self.src(call) if listed is not None and listed.type != "array" and "list" in self.src(
                    listed).lower() or listed is not None and listed.type == "member_expression" and \
                    self.src(listed).endswith(".items") else None
            if up.type == "for_in_statement":
                right = up.child_by_field_name("right")
                if right is not None and right.type != "array" and "list" in self.src(right).lower() or \
                        right is not None and self.src(right).endswith(".items"):
                    return self.src(up)
                return None
            up = up.parent
        return None

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


def _names_body(args: list) -> bool:
    """Whether a call is handed its body by a name (`patch…({ name, body: obj })`, `replace…(name, ns, obj)`)."""
    for a in args[:8]:
        if a.type == "identifier":
            return True
        if a.type == "object":
            for c in a.named_children:
                if c.type == "shorthand_property_identifier" and c.text == b"body" or c.type == "pair" and (
                        c.child_by_field_name("value") is not None and c.child_by_field_name("value").type ==
                        "identifier" and c.child_by_field_name("key").text == b"body"):
                    return True
    return False


def _state() -> dict:
    return value_state()
