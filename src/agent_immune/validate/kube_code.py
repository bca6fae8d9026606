"""The Kubernetes API turned against the cluster's owner from code (the Python `kubernetes` client and kopf, the
TypeScript `@kubernetes/client-node`): read by python/containers.py and js/containers.py, which hand the calls'
arguments here as plain values (dicts, lists, strings, UNKNOWN), so both languages judge the same shapes alike.

- cluster-admin bound to anyone who reaches the API server (`system:authenticated`, block) or to a named account
  (review), as bash/cloud.py judges `kubectl create clusterrolebinding`;
- a mutating admission webhook pointed at a host outside the cluster and this machine (block: that server sees
  and rewrites every object the webhook matches, and can inject containers into every pod); a validating one
  (review: it sees every object it matches);
- the cluster's policy enforcement removed: a Kyverno, Gatekeeper, Kubewarden … webhook configuration, every
  admission policy or binding listed, or a whole collection deleted (block);
- finalizers stripped from an object (`{"metadata": {"finalizers": None}}`, a JSON patch removing
  /metadata/finalizers): the cluster deletes it without its controller's cleanup (review `irreversible`);
- credentials gathered (sent off when the code also uses the network: walk.py's `archives` / `gathered`): a service
  account token made, the kubeconfig exported with its keys, a handler fed every Secret of the cluster with its
  values, the control plane's CA keys or admin kubeconfig copied out of its node (`docker exec … tar
  /etc/kubernetes/pki`, as a kind cluster's node is a container).
"""
from __future__ import annotations

import re

from .common_code import UNKNOWN, irreversible_message
from .hosts import ip_literal, loopback, public_ip, url_host

# the roles that are the whole cluster
_ADMIN_ROLES = frozenset({"cluster-admin"})
# who anyone reaching the API server is: a binding to them opens the cluster to the network (bash/cloud.py's)
EVERYONE = frozenset({"system:anonymous", "system:unauthenticated", "system:authenticated"})
# the admission controllers that enforce a cluster's policy, by the names their configurations carry
POLICY_ENGINE = re.compile(r"(?i)kyverno|gatekeeper|kubewarden|jspolicy|polaris|datree|open-policy-agent|\bopa\b|"
                           r"pod-security-webhook|k-rail|kube-policy")
_POLICY_WORD = re.compile(r"(?i)polic(?:y|ies)|admission")
# names of objects reached inside the cluster or on this network
_INSIDE = (".svc", ".svc.cluster.local", ".cluster.local", ".local", ".internal", ".localhost", ".lan", ".home.arpa")
# the control plane's own secrets on its node: the CA, etcd and service-account signing keys (the pki folder, a
# `.key` in it; its `.crt` files are public), the kubeconfigs with their client keys
_NODE_SECRETS = re.compile(r"(?<![\w./-])/etc/kubernetes(?:/pki(?:/etcd)?/?(?![\w./-])|/pki/[\w./-]*\.key\b|"
                           r"/(?:super-admin|admin|controller-manager|scheduler|kubelet)\.conf\b|/?(?![\w./-]))")
_NODE_TOOLS = frozenset({"docker", "podman", "nerdctl", "crictl"})


def api(meth: str) -> str:
    """A client method's name as both clients spell it: `create_cluster_role_binding`, `createClusterRoleBinding`
    -> `createclusterrolebinding`."""
    return meth.replace("_", "").lower()


def _norm(key) -> str:
    return key.replace("_", "").replace("-", "").lower() if isinstance(key, str) else ""


def _get(value, *keys):
    """value[k1][k2]… with keys read as both clients spell them (`role_ref`, `roleRef`)."""
    for key in keys:
        if not isinstance(value, dict):
            return UNKNOWN
        value = next((v for k, v in value.items() if _norm(k) == key), UNKNOWN)
    return value


def _bodies(values: list) -> list:
    """The objects a call is handed: its arguments, and the `body` field of the newer TypeScript client's single
    parameter object (`createClusterRoleBinding({ body })`)."""
    out = []
    for v in values[:8]:
        body = _get(v, "body")
        out.append(body if isinstance(body, (dict, list)) else v)
    return out


# the kinds that live outside any namespace, as the typed clients name their methods (`create_cluster_role_binding`,
# not `create_namespaced_…`)
_CLUSTER_KINDS = frozenset({"clusterrolebinding", "clusterrole", "mutatingwebhookconfiguration",
                            "validatingwebhookconfiguration", "validatingadmissionpolicy",
                            "validatingadmissionpolicybinding", "namespace", "persistentvolume", "node",
                            "customresourcedefinition"})


def generic(verb: str, values: list) -> str | None:
    """The typed method a generic call amounts to (`utils.create_from_dict(client, obj)`, the TypeScript
    `KubernetesObjectApi`'s `create(obj)`): its verb and the object's `kind`."""
    for body in _bodies(values):
        kind = _get(body, "kind")
        if isinstance(kind, str) and kind.isalpha():
            kind = kind.lower()
            return verb + ("" if kind in _CLUSTER_KINDS else "namespaced") + kind
    return None


# -- RBAC --------------------------------------------------------------------------------------------------------
_BINDINGS = frozenset({"createclusterrolebinding", "replaceclusterrolebinding", "patchclusterrolebinding"})
_ROLE_BINDINGS = frozenset({"createnamespacedrolebinding", "replacenamespacedrolebinding",
                            "patchnamespacedrolebinding"})
_SUBJECT_TEXT = re.compile(r"""\bname["']?\s*[:=]\s*["'](system:(?:anonymous|unauthenticated|authenticated))\b""")


def binding(a, node, what: str, op: str, values: list, text: str) -> bool:
    """A (cluster) role binding made: cluster-admin for anyone blocked, for a named account reviewed; any role of a
    namespace for anyone blocked. True when judged."""
    if op not in _BINDINGS and op not in _ROLE_BINDINGS:
        return False
    for body in _bodies(values):
        role = _get(body, "roleref", "name")
        subjects = [_get(s, "name") for s in (_get(body, "subjects") if isinstance(_get(body, "subjects"), list)
                                              else [])[:32]]
        subjects = [s for s in subjects if isinstance(s, str)] or [m.group(1) for m in _SUBJECT_TEXT.finditer(text)]
        if not isinstance(role, str):
            continue
        if op in _BINDINGS and role in _ADMIN_ROLES:
            cluster_admin(a, node, what, subjects)
            return True
        everyone = next((s for s in subjects if s in EVERYONE), None)
        if everyone is not None:
            a.block("privilege-escalation", f"`{what}` gives {everyone} (anyone who reaches the API server) the role "
                                            f"{role}; bind a named account to the narrowest role the task needs", node)
            return True
    if "cluster-admin" in text and op in _BINDINGS:  # the body built where the values are not followed
        cluster_admin(a, node, what, [m.group(1) for m in _SUBJECT_TEXT.finditer(text)])
        return True
    return False


def cluster_admin(a, node, what: str, subjects: list[str]) -> None:
    """cluster-admin bound to anyone (block) or to a named user, group or service account (review)."""
    everyone = next((s for s in subjects if s in EVERYONE), None)
    if everyone is not None:
        a.block("privilege-escalation", f"`{what}` makes {everyone} (anyone who reaches the API server) administrator "
                                        "of the cluster; bind a named account to the narrowest role the task needs",
                node)
    else:
        a.review("privilege-escalation", f"`{what}` makes {', '.join(subjects[:4]) or 'its subjects'} administrator of "
                                         "the whole cluster (every secret, every node's pods); a person should "
                                         "confirm, or bind the narrower role the task needs", node)


# -- admission -----------------------------------------------------------------------------------------------------
_WEBHOOK_WRITE = re.compile(r"^(?:create|replace|patch)(mutating|validating)webhookconfiguration$")
_ADMISSION_DELETE = re.compile(r"^delete(collection)?(?:(mutating|validating)webhookconfiguration|"
                               r"validatingadmissionpolicy(?:binding)?)$")
# a webhook's client config given a URL in the code's text: `wh.client_config.url = "https://…"`, a dict's
# `"clientConfig": {"url": …}`, a manifest's `clientConfig:\n  url: …`
_CLIENT_URL = re.compile(r"client_?[cC]onfig\W{0,40}?\burl\W{0,8}((?:https?:)?//[^\s\"'`]+)")


def outside(url: str) -> str | None:
    """The host of `url` when it is neither this machine, this network, nor a name inside the cluster; None
    otherwise (also when the host is computed)."""
    host = url_host(url)
    if not host or "ARG" in host or not re.fullmatch(r"[\w.:-]+", host):
        return None
    if loopback(host) or host.endswith(_INSIDE) or "." not in host and ":" not in host:
        return None
    if ip_literal(host):
        return host if public_ip(host) else None
    return host


def _urls(value, out: list, depth: int = 0) -> list:
    """The `url` fields anywhere in a value (a webhook's clientConfig)."""
    if depth > 10 or len(out) > 16:
        return out
    if isinstance(value, dict):
        for k, v in list(value.items())[:64]:
            if _norm(k) == "url" and isinstance(v, str):
                out.append(v)
            else:
                _urls(v, out, depth + 1)
    elif isinstance(value, list):
        for v in value[:64]:
            _urls(v, out, depth + 1)
    return out


def webhook(a, node, what: str, op: str, values: list, doc_text: str) -> bool:
    """A webhook configuration written whose server is outside: mutating blocked, validating reviewed."""
    m = _WEBHOOK_WRITE.match(op)
    if m is None:
        return False
    urls = _urls(values, [])
    urls += [u.group(1) for u in _CLIENT_URL.finditer(doc_text)] if "onfig" in doc_text else []
    host = next((h for h in map(outside, urls) if h is not None), None)
    if host is None:
        return True
    if m.group(1) == "mutating":
        a.block("privilege-escalation", f"`{what}` points a mutating admission webhook at {host}, outside the cluster: "
                                        "that server sees and may rewrite every object it matches (containers "
                                        "injected into pods, secrets read); point webhooks at a Service in the "
                                        "cluster", node)
    else:
        a.review("privilege-escalation", f"`{what}` points a validating admission webhook at {host}, outside the "
                                         "cluster: that server sees every object it matches (secrets included); a "
                                         "person should confirm it is the cluster owner's, or use a Service in the "
                                         "cluster", node)
    return True


def _selector(values: list) -> str | None:
    """The label or field selector a collection delete is given (`label_selector=`, `{ labelSelector }`)."""
    for v in values:
        for k, x in (v.items() if isinstance(v, dict) else ()):
            if _norm(k) in ("labelselector", "fieldselector"):
                return x if isinstance(x, str) else ""
    return None


def admission_removed(a, node, what: str, op: str, name, loop_text: str | None, values: list) -> bool:
    """The cluster's policy enforcement deleted: a whole collection (or the policy engine's part of it), a policy
    engine's configuration by its name, or every webhook or admission policy a listing returns (unfiltered, or
    filtered for the policy engines)."""
    m = _ADMISSION_DELETE.match(op)
    if m is None:
        return False
    why = None
    chosen = _selector(values) if m.group(1) else None
    if m.group(1) and (chosen is None or POLICY_ENGINE.search(chosen)):
        why = "every admission webhook configuration or policy of that kind" if chosen is None else \
            f"the policy engine's admission control ({chosen})"
    elif isinstance(name, str) and POLICY_ENGINE.search(name):
        why = f"the policy engine's admission control ({name})"
    elif not isinstance(name, str) and loop_text is not None and (
            POLICY_ENGINE.search(loop_text) or _POLICY_WORD.search(loop_text) and "if" in loop_text or
            not re.search(r"\bif\b|\.filter\(", loop_text)):
        why = "the admission webhooks or policies a listing returns (the cluster's policy enforcement)"
    if why is None:
        return True
    a.block("privilege-escalation", f"`{what}` deletes {why}: what stops privileged pods, host mounts and unsigned "
                                    "images is gone; fix the objects the policies reject, or ask the cluster's "
                                    "owner for an exception", node)
    return True


# -- finalizers ----------------------------------------------------------------------------------------------------
_STRIPPED_TEXT = re.compile(r"""\[\s*["']finalizers["']\s*\]\s*=\s*(?:\[\s*\]|None|null|undefined)|"""
                            r"""\.finalizers\s*=\s*(?:\[\s*\]|None|null|undefined)|"""
                            r"""\bdel\s+[^\n]{0,80}\[\s*["']finalizers["']\s*\]|"""
                            r"""\bdelete\s+[^\n]{0,80}\.finalizers\b|\.pop\(\s*["']finalizers["']""")


def strips_finalizers(value, depth: int = 0) -> bool:
    """A body that strips finalizers: `metadata.finalizers` None or [], a JSON patch removing or emptying
    /metadata/finalizers (also kube_manifests' reading of a patch's text)."""
    if depth > 4:
        return False
    if isinstance(value, list):
        return any(strips_finalizers(v, depth + 1) for v in value[:32])
    if not isinstance(value, dict):
        return False
    path = _get(value, "path")
    if isinstance(path, str) and path.startswith("/metadata/finalizers"):
        op = _get(value, "op")
        return op == "remove" or op == "replace" and _get(value, "value") in ([], None)
    meta = _get(value, "metadata")
    if isinstance(meta, dict) and any(_norm(k) == "finalizers" for k in meta):
        return _get(meta, "finalizers") in ([], None)
    return any(strips_finalizers(v, depth + 1) for v in list(value.values())[:16] if isinstance(v, (dict, list)))


def finalizers(a, node, what: str, op: str, values: list, doc_text: str, named_body: bool) -> bool:
    """Finalizers stripped by a patch or a replace: the body says so, or (a body held in a name) the code empties
    the finalizers of what it hands over."""
    if not op.startswith(("patch", "replace")) or "finalizers" not in doc_text:
        return False
    if not (any(strips_finalizers(v) for v in _bodies(values)) or named_body and _STRIPPED_TEXT.search(doc_text)):
        return False
    a.review("irreversible", irreversible_message(
        what, "strips the object's finalizers, so the cluster deletes it without its controller's cleanup (the "
              "cloud resources, volumes or records it manages are orphaned or lost)", "k8s") +
        "; let the controller finish, or have the user remove them", node)
    return True


# -- credentials gathered ----------------------------------------------------------------------------------------
TOKEN_MADE = "creates a service account token (a credential to the cluster)"
KUBECONFIG = "exports the kubeconfig with its credentials"
SECRETS_FED = "receives every Secret of the cluster with its values"


def token_made(op: str, values: list) -> str | None:
    """A service account token made (TokenRequest, or a legacy token Secret the controller fills)."""
    if op == "createnamespacedserviceaccounttoken":
        return TOKEN_MADE
    if op in ("createnamespacedsecret", "replacenamespacedsecret") and any(
            _get(b, "type") == "kubernetes.io/service-account-token" for b in _bodies(values)):
        return TOKEN_MADE
    return None


def node_secrets(argv: list[str | None]) -> str | None:
    """The control plane's secrets taken out of a node that is a container (kind, k3d, minikube's docker driver):
    `docker exec NODE tar cf - /etc/kubernetes/pki`, `docker exec NODE cat /etc/kubernetes/admin.conf`, `docker cp
    NODE:/etc/kubernetes/pki DIR`; None otherwise."""
    if not argv or argv[0] is None or argv[0].rsplit("/", 1)[-1] not in _NODE_TOOLS:
        return None
    words = [w for w in argv[1:64] if isinstance(w, str)]
    sub = next((w for w in words if not w.startswith("-")), None)
    if sub == "cp":
        found = [w.split(":", 1)[1] for w in words if ":" in w and not w.startswith("-")]
    elif sub == "exec":
        found = words
    else:
        return None
    hit = next((m.group(0) for m in map(_NODE_SECRETS.search, found) if m is not None), None)
    if hit is None:
        return None
    return f"copies the cluster's control-plane secrets ({hit}: its CA and signing keys, or its admin kubeconfig) " \
           "out of its node"
