"""Containers made through an SDK (the Docker SDK for Python, podman-py, aiodocker, testcontainers, the
Kubernetes client), judged as the `docker run` they amount to.

Three things are read off such a call:

- host control: a container given the host's root, /etc, the home or the Docker socket as a mount, run
  privileged, in the host's PID/network/IPC/user namespace, with SYS_ADMIN-like capabilities, a host disk or no
  security profile, is root on the host (block `privilege-escalation`, as the shell's `docker run --privileged`
  or `-v /:/host`), whatever the option names and values are built from (`"priv" + "ileged"`, `chr(47)`, `**kw`);
- what the container runs: its command (entrypoint and command, a string or an argv, decoded from base64 or
  hex where the code decodes it) is judged by the shell rules with each mount mapped back to the host path it
  shows (`/host/etc/passwd` of `{"/": {"bind": "/host"}}` is the host's /etc/passwd). What the command does
  to the container's own files is the container's business; a reverse shell or a fork bomb is not, whatever the
  container; a download run, decoded code or data sent off are when the container is given host paths or is a
  running service's entered with `exec` (as bash/containers.py reads `docker run` and `docker exec`);
- volumes deleted (`client.volumes.prune()`, `api.prune_volumes`, `.remove()` of a listed or named volume):
  review `irreversible`, as `docker volume rm`. A container removed, or a volume the code made itself, is not.

- the Kubernetes API turned against the cluster (kube_code.py, shared with TypeScript): cluster-admin bindings,
  admission webhooks pointed outside or the policy engine's deleted, finalizers stripped, a token made, every
  Secret handed to a kopf handler or a watch, a command run in a pod (`stream(…connect_get_namespaced_pod_exec…)`),
  a kind node's keys copied out with `docker exec` (then sent: gathered in `archives`).

The reading of option sets, mounts and pod specs below is shared with the TypeScript rules
(js/containers.py: dockerode, testcontainers, @kubernetes/client-node), which hand them plain values.
"""
from __future__ import annotations

import re
import shlex

from ..per_input import holds
from .. import kube_code
from ..bash.containers import ALWAYS
from ..common_code import ARG, SHELL_NAMES, UNKNOWN, argv_to_shell, irreversible_message, value_state


# -- shared with js/containers.py: option sets as plain values (dicts, lists, strings, UNKNOWN) ----------------------
def norm(key) -> str:
    """An option's name as both SDKs and the Engine API spell it: `pid_mode`, `PidMode`, `hostPID` -> `pidmode`,
    `hostpid`."""
    return key.replace("_", "").replace("-", "").lower() if isinstance(key, str) else ""


def normed(value) -> dict:
    """A dict with its keys normalised (`norm`); {} for anything else."""
    return {norm(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def flatten(opts) -> dict:
    """The settings of a container as one dict of normalised names: the SDK's keyword arguments or the Engine API's
    create body, its `HostConfig` (`host_config`) merged in."""
    out = normed(opts)
    for key in ("hostconfig", "config"):
        inner = out.pop(key, None)
        if isinstance(inner, dict):
            for k, v in flatten(inner).items():
                out.setdefault(k, v)
    return out


def _on(v) -> bool:
    return v is True or (isinstance(v, str) and v.strip().lower() in ("true", "1", "yes"))


def _host(v) -> bool:
    return isinstance(v, str) and v.strip().lower() == "host"


def _items(v) -> list:
    return v if isinstance(v, list) else [v] if v is not None and v is not UNKNOWN else []


# capabilities that hand the host to a container (the shell's `--cap-add` list)
_HOST_CAPS = frozenset({"ALL", "SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE"})
# namespaces of the host a container may be put in -> how the option reads
_NAMESPACES = {"pidmode": "the host's processes (PID namespace)", "pid": "the host's processes (PID namespace)",
               "networkmode": "the host's network", "network": "the host's network",
               "ipcmode": "the host's IPC namespace", "ipc": "the host's IPC namespace",
               "usernsmode": "the host's user namespace", "userns": "the host's user namespace"}


def host_control(settings: dict) -> str | None:
    """What in a container's settings (`flatten`) gives it the host, or None."""
    if _on(settings.get("privileged")):
        return "full privileges (privileged mode)"
    for key, what in _NAMESPACES.items():
        if _host(settings.get(key)):
            return what
    if any(_host(n) for n in _items(settings.get("networks"))):  # python-on-whales: networks=["host"]
        return _NAMESPACES["network"]
    caps = [c.upper().removeprefix("CAP_") for c in _items(settings.get("capadd")) if isinstance(c, str)]
    hit = next((c for c in caps if c in _HOST_CAPS), None)
    if hit is not None:
        return f"the {hit} capability"
    if any(isinstance(o, str) and "unconfined" in o for o in _items(settings.get("securityopt"))):
        return "no security profile (unconfined)"
    for dev in _items(settings.get("devices")):
        path = dev.split(":", 1)[0] if isinstance(dev, str) else normed(dev).get("pathonhost")
        if isinstance(path, str) and _device(path):
            return f"the host disk {path}"
    return mounted_host(mounts(settings))


def _device(path: str) -> bool:
    from .. import paths

    return paths.DEVICE in paths.kinds(path)


def mounted_host(found: list[tuple[str, str]]) -> str | None:
    """The first mount that hands the container the host (its root, /etc, the home, the Docker socket …)."""
    from ..bash.system import host_mount

    for src, dst in found:
        if ARG not in src and (host_mount(src) or _device(src)):
            return f"the host's {src} mounted at {dst}"
    return None


def _bind(text: str) -> tuple[str, str] | None:
    """`SRC:DST[:MODE]` of `-v`, Binds and volume lists; None for an anonymous volume (a container path alone)."""
    parts = text.split(":")
    return (parts[0], parts[1]) if len(parts) >= 2 and parts[0] and parts[1] else None


def mounts(settings: dict) -> list[tuple[str, str]]:
    """(source, target) of each mount in a container's settings: the Docker SDK's `volumes` ({src: {"bind": dst}} or
    ["src:dst:mode"]) and `mounts`, the Engine API's `Binds` and `Mounts`, testcontainers' bind mounts. A named
    volume's source is its name; the Engine API's `Volumes` ({"/data": {}}) are anonymous and left out."""
    out: list[tuple[str, str]] = []
    for key in ("volumes", "binds"):
        v = settings.get(key)
        if isinstance(v, dict):
            for src, spec in list(v.items())[:64]:
                dst = normed(spec).get("bind") if isinstance(spec, dict) else spec
                if isinstance(src, str) and isinstance(dst, str) and dst:
                    out.append((src, dst))
        else:
            for x in _items(v)[:64]:
                b = _bind(x) if isinstance(x, str) else tuple(x[:2]) if isinstance(x, list) and len(x) > 1 else None
                if b is not None and isinstance(b[0], str) and isinstance(b[1], str):
                    out.append(b)  # "src:dst:mode", python-on-whales' ("src", "dst", "mode")
    for m in _items(settings.get("mounts"))[:64]:
        if isinstance(m, list) and all(isinstance(x, str) for x in m):
            m = ",".join(m)  # python-on-whales: ["type=bind", "source=/", "target=/host"]
        if isinstance(m, str):
            b = _bind(m) if ":" in m else None
            pairs = dict(p.split("=", 1) for p in m.split(",") if "=" in p) if b is None else {}
            b = b or (pairs.get("source") or pairs.get("src"), pairs.get("target") or pairs.get("destination") or
                      pairs.get("dst"))
            if isinstance(b[0], str) and isinstance(b[1], str):
                out.append(b)
            continue
        m = normed(m)
        src = m.get("source", m.get("src"))
        dst = next((m[k] for k in ("target", "destination", "dst", "containerpath", "bind") if k in m), None)
        if isinstance(src, str) and isinstance(dst, str):
            out.append((src, dst))
    return out


def argv_of(value) -> list[str | None] | None:
    """A command as an argv: a list of words (None for those known only at run time), a string split as the SDKs
    split it; None when there is none."""
    if isinstance(value, str):
        try:
            return list(shlex.split(value))
        except ValueError:
            return [value]
    if isinstance(value, list):
        return [v if isinstance(v, str) else str(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
                else None for v in value[:256]]
    return None


def command(settings: dict) -> list[str | None] | None:
    """What the container runs: its entrypoint followed by its command (the image's own when neither is given)."""
    entry = argv_of(settings.get("entrypoint"))
    cmd = argv_of(settings.get("command", settings.get("cmd")))
    if entry is None and cmd is None:
        return None
    return (entry or []) + (cmd or [])


def pod_specs(value, out: list, depth: int = 0) -> list:
    """The pod specs (dicts with `containers`) anywhere in a Kubernetes object: a Pod's spec, a Deployment's,
    Job's or CronJob's template."""
    if depth > 12 or len(out) > 16:
        return out
    if isinstance(value, dict):
        n = normed(value)
        if isinstance(n.get("containers"), list):
            out.append(n)
        for v in list(value.values())[:64]:
            pod_specs(v, out, depth + 1)
    elif isinstance(value, list):
        for v in value[:64]:
            pod_specs(v, out, depth + 1)
    return out


_POD_NAMESPACES = {"hostpid": "hostPID", "hostnetwork": "hostNetwork", "hostipc": "hostIPC"}


def pod_runs(spec: dict) -> tuple[str | None, list]:
    """(what in a pod spec gives its containers the host, or None; (argv, mounts) of each container)."""
    why = next((f"{name}: true" for key, name in _POD_NAMESPACES.items() if _on(spec.get(key))), None)
    host_paths = {}
    for vol in _items(spec.get("volumes"))[:64]:
        vol = normed(vol)
        path = normed(vol.get("hostpath")).get("path")
        if isinstance(vol.get("name"), str) and isinstance(path, str):
            host_paths[vol["name"]] = path
    runs = []
    for key in ("initcontainers", "containers", "ephemeralcontainers"):
        for c in _items(spec.get(key))[:32]:
            c = normed(c)
            ctx = normed(c.get("securitycontext"))
            caps = [x.upper().removeprefix("CAP_") for x in _items(normed(ctx.get("capabilities")).get("add"))
                    if isinstance(x, str)]
            if why is None and _on(ctx.get("privileged")):
                why = "a privileged container (securityContext.privileged)"
            elif why is None and any(x in _HOST_CAPS for x in caps):
                why = "a capability over the host (securityContext.capabilities)"
            found = []
            for vm in _items(c.get("volumemounts"))[:64]:
                vm = normed(vm)
                if isinstance(vm.get("name"), str) and vm["name"] in host_paths and isinstance(vm.get("mountpath"), str):
                    found.append((host_paths[vm["name"]], vm["mountpath"]))
            why = why or mounted_host(found)
            argv = (argv_of(c.get("command")) or []) + (argv_of(c.get("args")) or [])
            runs.append((argv, found))
    return why, runs


HOST_FIX = ("root on the host, as `docker run --privileged` or `-v /:/host` would be; run containers without "
            "privileges, host namespaces or host mounts")
# findings about what a command reaches outside its container, whatever the container: kept for any container (a
# shell handed to another machine, a fork bomb: the kernel and the process table are the host's), as bash/containers.py
_REACHES = ALWAYS | {"nesting-too-deep", "parse-timeout"}  # (and a string past the judging budget)
# code of unknown content run, or data sent: the container's own business unless it is given host paths (a container
# given host control is blocked for that already)
_CONTAINED = frozenset({"download-exec", "decode-exec", "exfiltration"})
# findings about the text of the command, not about what it does
_TEXT_ONLY = frozenset({"malformed", "nonliteral-command", "obfuscated-command", "dynamic-exec"})


def host_paths(text: str, found: list[tuple[str, str]]) -> str:
    """`text` with each container path under a mount whose host side is known written as the host path it shows:
    `/host/etc/passwd` of `/` mounted at /host is `/etc/passwd`, `/h/.bashrc` of the home at /h is `~/.bashrc`."""
    where = {dst.rstrip("/"): src for src, dst in found if dst.startswith("/") and dst.rstrip("/") and
             ARG not in src and src[:1] in ("/", "~", ".")}
    if not where:
        return text
    # the container paths, longest first, as whole path words (not inside a URL or a longer name)
    rx = re.compile(r"(?<![\w.~/$-])(" + "|".join(map(re.escape, sorted(where, key=len, reverse=True))) +
                    r")(?=/|$|[\s'\"`;|&()<>:,*?\]\\])")

    def one(m: re.Match) -> str:
        src = where[m.group(1)].rstrip("/")  # the root: `/host/etc` is `/etc`, `/host` alone `/`
        return src or ("" if text[m.end():m.end() + 1] == "/" else "/")

    return rx.sub(one, text)


def _script(argv: list) -> str:
    """The shell text a container's argv amounts to: a shell's `-c` script itself (`["sh", "-c", S]` is S, read
    with exact places), any other argv quoted word by word."""
    if len(argv) >= 3 and argv[0] is not None and (argv[0] in SHELL_NAMES or argv[0].rsplit("/", 1)[-1] in
                                                    SHELL_NAMES) and argv[1] in ("-c", "-lc", "-ec", "-ic"):
        return argv[2] if argv[2] is not None else ARG
    return argv_to_shell(argv)


def judge_run(a, node, what: str, argv: list | None, found: list[tuple[str, str]], entered: bool = False) -> None:
    """Judge what a container runs, `argv`, with the mounts `found` mapped back to the host: a finding the mapping
    brings (its message, which names the path, differs from the unmapped reading's: the host's files touched through
    a mount) and one about reaching out of any container are reported; what the command does to the container's own
    files, or a finding that holds whatever the paths are (`useradd`, `su`), is left to it."""
    if not argv:
        return
    from ..bash.handed import alone

    text = _script(argv)
    on_host = host_paths(text, found)
    reasons = alone(a, on_host)
    if not reasons:
        return
    seen = {(r.rule, r.message) for r in alone(a, text)} if on_host != text else None
    short = " ".join(on_host.split())
    short = short if len(short) <= 80 else short[:77] + "..."
    through = " (paths under its mounts read as the host's)" if seen is not None else ""
    for r in reasons:
        if r.rule in _REACHES or r.rule in _CONTAINED and (found or entered) or (
                seen is not None and r.rule not in _TEXT_ONLY and (r.rule, r.message) not in seen):
            message = f"`{what}` runs `{short}` in a container{through}: {r.message}"
            (a.block if r.verdict == "block" else a.review)(r.rule, message, node)


def judge_settings(a, node, what: str, settings: dict) -> None:
    """A container made with `settings` (`flatten`): host control blocked, its command judged (judge_run)."""
    why = host_control(settings)
    if why is not None:
        a.block("privilege-escalation", f"`{what}` makes a container with {why}: {HOST_FIX}", node)
    judge_run(a, node, what, command(settings), mounts(settings))


def judge_pods(a, node, what: str, values: list) -> None:
    """A Kubernetes object created or replaced: each pod spec in it judged as its containers."""
    specs: list = []
    for v in values:
        pod_specs(v, specs)
    for spec in specs:
        why, runs = pod_runs(spec)
        if why is not None:
            a.block("privilege-escalation", f"`{what}` makes a pod with {why}: {HOST_FIX}", node)
        for argv, found in runs:
            judge_run(a, node, what, argv, found)


VOLUME_LOSS = "deletes the volume and the data in it (databases, uploads)"
PRUNE_LOSS = "deletes every volume no container uses, and the data in them (databases, uploads)"


def volume_held(a, node, what: str, loss: str) -> None:
    a.review("irreversible", irreversible_message(what, loss, None) + "; list them first (`docker volume ls`) and let "
             "the user run it", node)


# -- the Python SDKs ---------------------------------------------------------------------------------------------
# method (or function) names read here: settled before anything else of the call is
_NAMES = frozenset({"run", "create", "create_container", "create_host_config", "exec_run", "execute", "prune",
                    "prune_volumes", "remove", "remove_volume", "start", "create_or_replace", "create_from_dict"})
_PREFIXES = ("with_", "create_namespaced_", "replace_namespaced_", "patch_namespaced_")
_SDKS = frozenset({"docker", "podman", "aiodocker", "python_on_whales", "testcontainers", "kubernetes",
                   "kubernetes_asyncio"})
_DOCKERS = frozenset({"docker", "podman", "aiodocker", "python_on_whales"})
# the collections a container is made from: docker-py's `client.containers`, python-on-whales' `docker` and
# `docker.container`
_MAKERS = ([], ["containers"], ["container"])
# calls whose keyword arguments are the option set they make (docker.types.Mount, the Kubernetes models)
_MODELS = frozenset({"Mount", "create_host_config", "HostConfig", "DeviceRequest"})
_K8S_MODEL = re.compile(r"(?:[A-Z][a-z]+)?V\d\w+$")  # V1Pod, RbacV1Subject, AdmissionregistrationV1WebhookClientConfig
# testcontainers' methods -> the option they set
_TC_OPTIONS = {"with_command": "command", "with_entrypoint": "entrypoint"}
_KINDS = frozenset({"call", "dictionary", "list", "tuple", "true", "false"})
# the Kubernetes client's calls read by kube_code.py (and the kopf decorators, the programs run by subprocess)
_KUBE_API = re.compile(r"(?:create|replace|patch|delete)_(?:namespace|cluster|mutating|validating|collection|"
                       r"persistent_volume|custom_resource_definition|node)|connect_\w+_exec$|stream$|"
                       r"create_from_dict$")
_KUBE_CALLS = ("kopf.", "subprocess.", "os.system", "os.popen")
# a handler reading a Secret's values
_SECRET_DATA = re.compile(r"""["'](?:data|stringData)["']|\.(?:data|string_data)\b|b64decode""")


class Containers:
    """Containers and volumes through the Python SDKs (see the module's docstring)."""

    def visit_container(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A call: settled by its name before anything else is read."""
        name = meth if meth is not None else q.rpartition(".")[2] if q is not None else None
        if name is None:
            return
        if _KUBE_API.match(name) or q is not None and q.startswith(_KUBE_CALLS):
            self._kube_api(name, q, fn, node, pos)
        if name not in _NAMES and not name.startswith(_PREFIXES):
            return
        sdks = {v.partition(".")[0] for v in self.alias.values()} & _SDKS
        if not sdks:
            return
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        if name == "start" or name.startswith("with_"):
            if "testcontainers" in sdks:
                self._test_container(name, fn, node)
            return
        if sdks & {"kubernetes", "kubernetes_asyncio"} and (name.startswith(_PREFIXES[1:]) or name ==
                                                              "create_from_dict"):
            st = _state()
            judge_pods(self, node, what, [self._cvalue(a, 0, st) for a in self.args(node) if a.type not in (
                "keyword_argument", "list_splat", "dictionary_splat")] + [self._call_opts(node, st)])
            return
        obj = self._receiver(fn)
        if not sdks & _DOCKERS or obj is None:
            return
        root, chain, _ = self.origin(obj)
        if root is not None and root.partition(".")[0] not in _DOCKERS:
            return
        if name in ("run", "create", "create_or_replace") and chain[:1] in _MAKERS and (
                chain or root is not None and root.startswith("python_on_whales")):
            self._docker_run(what, node, pos)
        elif name in ("create_container", "create_host_config"):
            self._docker_run(what, node, pos)
        elif name in ("exec_run", "execute"):  # container.exec_run(cmd), python-on-whales' docker.execute(c, cmd)
            st = _state()
            at = 1 if name == "execute" else 0
            opts = self._call_opts(node, st)
            cmd = self._cvalue(pos[at], 0, st) if len(pos) > at else opts.get("cmd", opts.get("command"))
            judge_run(self, node, what, argv_of(cmd), [], entered=True)  # a running service's container
        elif name == "prune" and chain[:1] in (["volumes"], ["volume"]) or name == "prune_volumes":
            volume_held(self, node, what, PRUNE_LOSS)
        elif name == "remove_volume" or name == "remove" and (
                chain[:1] == ["volume"] or chain and chain[-1] == "volumes" and chain[-2:-1] != ["create"]):
            volume_held(self, node, what, VOLUME_LOSS)

    def _kube_api(self, name: str, q: str | None, fn, node, pos: list) -> None:
        """The Kubernetes API turned against the cluster (kube_code.py): bindings, admission webhooks, finalizers,
        tokens and Secrets gathered, commands run in pods; and the control plane's keys taken out of a kind node."""
        if q is not None and q.startswith(("subprocess.", "os.")):
            if holds(self.doc.data, b"/etc/kubernetes") and pos:  # subprocess.check_output(["docker", "exec", NODE, …])
                taken = kube_code.node_secrets(argv_of(self._cvalue(pos[0], 0, _state())) or [])
                if taken is not None:
                    self.archives.append((node, taken))
            return
        if q is not None and q.startswith("kopf."):
            self._kopf_secrets(node)
            return
        if not any(v.partition(".")[0] in ("kubernetes", "kubernetes_asyncio") for v in self.alias.values()):
            return
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        if name == "stream" or name.endswith("_pod_exec"):
            self._pod_exec(name, what, node, pos)
            return
        op = kube_code.api(name)
        st = _state()
        values = [self._cvalue(p, 0, st) for p in pos] + [self._call_opts(node, st)]
        if name == "create_from_dict":  # utils.create_from_dict(api_client, {"kind": "ClusterRoleBinding", …})
            op = kube_code.generic("create", values[1:]) or op
        made = kube_code.token_made(op, values)
        if made is not None:
            self.archives.append((node, made))
        elif op.startswith("delete"):
            kube_code.admission_removed(self, node, what, op, values[0] if pos else values[-1].get("name", UNKNOWN),
                                        self._kube_loop(node), values)
        elif not kube_code.binding(self, node, what, op, values, self.src(node)):
            text = self.doc.data.decode("utf-8", "replace") if "webhook" in op or holds(self.doc.data, b"finalizers") else ""
            if kube_code.webhook(self, node, what, op, values, text):
                return
            named = any(p.type == "identifier" for p in pos) or any(
                a.type == "keyword_argument" and a.child_by_field_name("value") is not None and
                a.child_by_field_name("value").type == "identifier" for a in self.args(node))
            kube_code.finalizers(self, node, what, op, values, text, named)

    def _pod_exec(self, name: str, what: str, node, pos: list) -> None:
        """`stream(v1.connect_get_namespaced_pod_exec, pod, ns, command=[…])` (or the exec call itself, as
        kubernetes_asyncio's WsApiClient makes it): the command judged as run in a running service's container."""
        if name == "stream" and not (pos and self.src(pos[0]).endswith("_pod_exec")):
            if pos and self.src(pos[0]).endswith(("list_secret_for_all_namespaces", "list_namespaced_secret")):
                self.archives.append((node, "watches every Secret of the cluster with its values"))
            return
        st = _state()
        cmd = self._call_opts(node, st).get("command", UNKNOWN)
        judge_run(self, node, what, argv_of(cmd), [], entered=True)

    def _kube_loop(self, node) -> str | None:
        """The text of the loop (or comprehension) over a listing that `node` runs in, in its own function; None when
        it runs once or loops over a list the code writes."""
        up = node.parent
        while up is not None and up.type not in ("function_definition", "lambda", "module", "class_definition"):
            if up.type == "for_statement" or up.type == "for_in_clause":
                right = up.child_by_field_name("right")
                if right is not None and right.type not in ("list", "tuple", "set") and "list" in self.src(right):
                    holder = up.parent if up.type == "for_in_clause" else up
                    return self.src(holder)
                return None
            up = up.parent
        return None

    def _kopf_secrets(self, node) -> None:
        """`@kopf.on.event("", "v1", "secrets")` (also create, update, resume, daemon, timer, index) on a handler
        that reads the Secrets' data: every Secret of the cluster, its values included, handed to the handler."""
        up = node.parent
        if up is None or up.type != "decorator" or up.parent is None or up.parent.type != "decorated_definition":
            return
        given = [a.child_by_field_name("value") if a.type == "keyword_argument" else a for a in self.args(node)[:8]]
        words = {v.lower() for v in (self.string(g) for g in given if g is not None) if isinstance(v, str)}
        if not words & {"secrets", "secret", "v1/secrets"}:
            return
        fn = up.parent.child_by_field_name("definition")
        body = fn.child_by_field_name("body") if fn is not None else None
        if body is not None and _SECRET_DATA.search(self.src(body)):
            self.archives.append((node, kube_code.SECRETS_FED + " (a kopf handler on Secrets)"))

    def _receiver(self, fn):
        """The object a method is called on: `client.containers` of `client.containers.run(…)`, also of
        `getattr(client.containers, "r" + "un")(…)`; None for a plain function."""
        if fn.type == "attribute":
            return fn.child_by_field_name("object")
        if fn.type == "call" and self.qualname(fn.child_by_field_name("function")) == "getattr":
            args = self.args(fn)
            return args[0] if len(args) > 1 else None
        return None

    def _docker_run(self, what: str, node, pos: list) -> None:
        """`containers.run(image, command, **kwargs)` (podman-py's too), `api.create_container(image, command,
        host_config=…)`, aiodocker's `containers.run(config={…})`."""
        st = _state()
        opts = self._call_opts(node, st)
        values = [self._cvalue(p, 0, st) for p in pos[:2]]
        for v in values:
            if isinstance(v, dict):  # aiodocker: the Engine API's create body
                opts.update(v)
        if len(values) > 1 and "command" not in opts and not isinstance(values[1], dict):
            opts["command"] = values[1]
        judge_settings(self, node, what, flatten(opts))

    def _test_container(self, name: str, fn, node) -> None:
        """testcontainers: `DockerContainer(image).with_command(…).with_volume_mapping(src, dst).with_kwargs(…)`,
        judged once, at the end of the chain (or at `.start()` of a name given the chain)."""
        if node.parent is not None and node.parent.type == "attribute":
            return  # not the end of the chain
        obj = fn.child_by_field_name("object")
        if name == "start" and (obj is None or obj.type == "identifier" and not self._made_here(obj)):
            return
        st = _state()
        opts: dict = {}
        volumes: list = []
        n, made = node, None
        for _ in range(32):
            if n is None:
                break
            t = n.type
            if t == "identifier" and self.src(n) in self.bound:
                n = self.bound[self.src(n)]
                continue
            if t != "call":
                break
            f = n.child_by_field_name("function")
            args = [a for a in self.args(n) if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
            if f is not None and f.type == "attribute":
                meth = self.src(f.child_by_field_name("attribute"))
                if meth in _TC_OPTIONS and args:
                    opts.setdefault(_TC_OPTIONS[meth], self._cvalue(args[0], 0, st))
                elif meth == "with_kwargs":
                    opts.update({k: v for k, v in self._call_opts(n, st).items() if k not in opts})
                elif meth == "with_volume_mapping" and len(args) > 1:
                    src, dst = (self._cvalue(x, 0, st) for x in args[:2])
                    volumes.append(f"{src if isinstance(src, str) else ARG}:{dst if isinstance(dst, str) else ARG}")
                n = f.child_by_field_name("object")
                continue
            q = self.qualname(f) or ""
            if q.startswith("testcontainers"):
                made = q.rpartition(".")[2]
                opts.update({k: v for k, v in self._call_opts(n, st).items() if k not in opts})
            break
        if made is not None:
            if not isinstance(opts.get("volumes"), dict):
                opts["volumes"] = volumes + _items(opts.get("volumes"))
            judge_settings(self, node, f"{made}(…).{name}", flatten(opts))

    def _made_here(self, ident) -> bool:
        """Whether a name was given a testcontainers chain that is not judged where it is written (a constructor
        with no `with_…` call after it)."""
        made = self.bound.get(self.src(ident))
        return made is not None and made.type == "call" and (made.child_by_field_name("function") is None or
                                                            made.child_by_field_name("function").type != "attribute")

    def _call_opts(self, node, st: dict) -> dict:
        """A call's keyword arguments as values, with those of dicts unpacked into it (`**opts`)."""
        out: dict = {}
        for a in self.args(node):
            if a.type == "keyword_argument":
                n = a.child_by_field_name("name")
                if n is not None:
                    out[self.src(n)] = self._cvalue(a.child_by_field_name("value"), 0, st)
            elif a.type == "dictionary_splat" and a.named_children:
                v = self._cvalue(a.named_children[0], 0, st)
                if isinstance(v, dict):
                    out.update(v)
        return out

    def _cvalue(self, node, depth: int, st: dict):
        """The value of an option expression as far as the code shows it (common_code.written_text's reading, names
        followed with the changes made to them), with docker.types.Mount(…) and the Kubernetes models (V1Pod(…))
        read as the dicts of their arguments and the working directory (`os.getcwd()`) as `.`."""
        if node is None or depth > 16:
            return UNKNOWN
        t = node.type
        if t in ("dictionary", "list", "tuple", "set"):  # its parts read by this reader
            return self.value_of(node, depth, st, each=self._cvalue)
        if t == "call":
            q = self.qualname(node.child_by_field_name("function")) or ""
            last = q.rpartition(".")[2]
            if last in _MODELS or _K8S_MODEL.match(last):
                out = self._call_opts(node, st)
                pos = [a for a in self.args(node) if a.type not in ("keyword_argument", "list_splat",
                                                                     "dictionary_splat")]
                for key, p in zip(("target", "source") if last == "Mount" else (), pos):
                    out.setdefault(key, self._cvalue(p, depth + 1, st))
                return out
        if t == "identifier":
            made = self.declared(node, _KINDS)
            if made is not None and made.type in ("true", "false"):
                return made.type == "true"  # priv = True; run(…, privileged=priv)
            if made is not None and made.type == "call":
                v = self._cvalue(made, depth + 1, st)
                if v is not UNKNOWN:
                    return v
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) == "+":
            left, right = (self._cvalue(node.child_by_field_name(k), depth + 1, st) for k in ("left", "right"))
            if isinstance(left, list) and isinstance(right, list):
                return left + right  # ["sh", "-c"] + [payload]
        v = self.value_of(node, depth, st)
        if isinstance(v, str) and v.startswith(ARG) or v is UNKNOWN:
            here = self.project_path(node) if v is UNKNOWN else self._leading_project(node)
            if here is not None:
                return here if v is UNKNOWN else here + v[len(ARG):]
        return v

    def _leading_project(self, node) -> str | None:
        """The project directory an f-string starts with (`f"{os.getcwd()}:/src"`), None otherwise."""
        if node.type != "string":
            return None
        first = next((c for c in node.children if c.type in ("interpolation", "string_content")), None)
        if first is None or first.type != "interpolation":
            return None
        return self.project_path(first.child_by_field_name("expression"))


def _state() -> dict:
    return value_state()
