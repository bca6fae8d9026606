"""Kubernetes manifests read as the cluster will act on them: the objects a `kubectl apply -f -` here-document, a
file this input wrote or a Helm chart's template hands the API server, and what each one makes the cluster do.

bash/cloud.py already reads a manifest's text for pods that take a node (`pod_escape`); this module parses the
documents (YAML or JSON, a chart template's `{{ … }}` put aside) and judges the objects that hand the cluster to
someone else, as kube_code.py judges the same objects built in Python or TypeScript:

- a mutating admission webhook whose server is outside the cluster and this network (block: it sees and may rewrite
  every object it matches, containers injected into every pod); a validating one (review: it sees them);
- an OLM CatalogSource served from a bare public address (block: operators install cluster-wide from what it serves,
  as a Helm chart from a bare address is blocked);
- the EKS `aws-auth` map giving an IAM role or user `system:masters` (review: administrator of the cluster past every
  RBAC rule; the validator knows none of the user's AWS accounts, as with a role's trust policy);
- the command a workload's containers run (a Job, a CronJob, a Helm hook, a Deployment …), judged as a command: a
  reverse shell or data sent to a host outside the cluster (block, whatever the pod), and code fetched or decoded and
  run when the pod is given more than a fresh container is: a service account of its own, kube-system, a Helm hook's
  run at every install (a pod with the namespace's default account runs it on its own, as `docker run --rm` does).
  Reading the pod's own token and calling the API server inside the cluster stay allowed;
- a control-plane node's own files changed (a kind node is a container: `docker exec NODE …`; `kubectl debug
  node/…` mounts the node at /host): a static pod dropped into /etc/kubernetes/manifests with host powers or an image
  from a bare address (block: the kubelet runs it past the API server's admission), the API server's audit flags
  removed (block `anti-forensics`) or its authorization opened (`AlwaysAllow`, anonymous requests: block).
"""
from __future__ import annotations

import ipaddress
import json
import re

from .hosts import loopback, public_ip, url_host

_MAX_TEXT = 262144  # a manifest longer than this is not parsed (its text rules still apply)
_MAX_DOCS = 32
_MAX_NODES = 4000  # values walked per manifest: a bound on the work (and on YAML aliases' fan-out)

# names of objects reached inside the cluster or on this network
_INSIDE = (".svc", ".svc.cluster.local", ".cluster.local", ".local", ".internal", ".localhost", ".lan", ".home.arpa")

# a chart template's actions: a line that is only one (`{{- if .Values.x }}`, `{{- include … | nindent 4 }}`) goes,
# one inside a value stands for a word
_TEMPLATE_LINE = re.compile(r"(?m)^[ \t]*\{\{-?.*?-?\}\}[ \t]*$")
_TEMPLATE = re.compile(r"\{\{-?.*?-?\}\}")


def outside(url: str) -> str | None:
    """The host of `url` (or `host[:port]`) when it is neither this machine, this network, nor a name inside the
    cluster; None otherwise (also when the host is computed)."""
    host = url_host(url)
    if not host or not re.fullmatch(r"[\w.:-]+", host) or "HELM" in host:
        return None
    if loopback(host) or host.endswith(_INSIDE) or "." not in host and ":" not in host:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return host if public_ip(host) else None


def documents(text: str) -> list:
    """The objects of a manifest (`---`-separated YAML or JSON; a `kind: List`'s items; a chart template's actions
    put aside): dicts, at most _MAX_DOCS of them; [] when it does not parse."""
    if len(text) > _MAX_TEXT or "kind" not in text:
        return []
    if "{{" in text:
        text = _TEMPLATE.sub("HELM", _TEMPLATE_LINE.sub("", text))
    import yaml

    out: list = []
    try:
        for doc in yaml.safe_load_all(text):
            if len(out) >= _MAX_DOCS:
                break
            items = doc.get("items") if isinstance(doc, dict) and str(doc.get("kind", "")).endswith("List") else None
            out += [d for d in (items if isinstance(items, list) else [doc])[:_MAX_DOCS] if isinstance(d, dict)]
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return out
    return out[:_MAX_DOCS]


def _kind(doc: dict) -> str:
    return str(doc.get("kind") or "")


def _name(doc: dict) -> str:
    meta = doc.get("metadata")
    return str(meta.get("name") or "") if isinstance(meta, dict) else ""


def pod_specs(doc, budget: list[int] | None = None, depth: int = 0) -> list[dict]:
    """The pod specs anywhere in an object (a Pod's spec, a Deployment's template, a CronJob's job template): the
    dicts holding `containers`."""
    budget = [_MAX_NODES] if budget is None else budget
    out: list[dict] = []
    if depth > 12 or budget[0] <= 0:
        return out
    budget[0] -= 1
    if isinstance(doc, dict):
        if isinstance(doc.get("containers"), list):
            out.append(doc)
        for v in list(doc.values())[:64]:
            if isinstance(v, (dict, list)):
                out += pod_specs(v, budget, depth + 1)
    elif isinstance(doc, list):
        for v in doc[:64]:
            if isinstance(v, (dict, list)):
                out += pod_specs(v, budget, depth + 1)
    return out


def container_argvs(spec: dict) -> list[tuple[str, list[str]]]:
    """(container name, argv) of a pod spec's containers that name their command (`command` and `args`, strings)."""
    out = []
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for c in (spec.get(key) or [])[:16] if isinstance(spec.get(key), list) else []:
            if not isinstance(c, dict):
                continue
            argv = [x for x in (c.get("command") or []) + (c.get("args") or []) if isinstance(x, (str, int, float))] \
                if isinstance(c.get("command") or [], list) and isinstance(c.get("args") or [], list) else []
            if argv and c.get("command"):
                out.append((str(c.get("name") or "?"), [str(x) for x in argv]))
    return out


# -- what a manifest makes the cluster do ----------------------------------------------------------------------------
def judge(a, shown: str, text: str, node) -> bool:
    """Judge the objects of the manifest `text` that `shown` (what the messages call the source, quoted as they
    show it: "`kubectl apply -f -`", "the chart template …") hands the cluster. True when a finding was reported."""
    if not _HINT.search(text):
        return False  # most manifests: a Deployment, a Service, a ConfigMap with none of the words below
    for doc in documents(text):
        kind = _kind(doc)
        if kind in ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration") and _webhook(a, shown, doc, node):
            return True
        if kind == "CatalogSource" and _catalog(a, shown, doc, node):
            return True
        if kind == "ConfigMap" and _name(doc) == "aws-auth" and _aws_auth(a, shown, doc, node):
            return True
        if _workload(a, shown, doc, node):
            return True
    return False


_HINT = re.compile(r"WebhookConfiguration|CatalogSource|aws-auth|command")


def _webhook(a, shown: str, doc: dict, node) -> bool:
    hooks = doc.get("webhooks")
    for wh in hooks[:32] if isinstance(hooks, list) else []:
        cfg = wh.get("clientConfig") if isinstance(wh, dict) else None
        url = cfg.get("url") if isinstance(cfg, dict) else None
        host = outside(url) if isinstance(url, str) else None
        if host is None:
            continue
        if _kind(doc).startswith("Mutating"):
            a.block("privilege-escalation", f"{shown} points the mutating admission webhook {_name(doc) or ''} at "
                                            f"{host}, outside the cluster: that server sees and may rewrite every "
                                            "object it matches (containers injected into pods, secrets read); point "
                                            "webhooks at a Service in the cluster", node)
        else:
            a.review("privilege-escalation", f"{shown} points the validating admission webhook {_name(doc) or ''} "
                                             f"at {host}, outside the cluster: that server sees every object it "
                                             "matches (secrets included); a person should confirm it is the cluster "
                                             "owner's, or use a Service in the cluster", node)
        return True
    return False


def image_host(image: str) -> str | None:
    """The registry host of an image reference (`198.51.100.40:5000/catalog:latest` -> `198.51.100.40`), None for
    Docker Hub's short names."""
    first, sep, _ = image.partition("/")
    if not sep or not ("." in first or ":" in first or first == "localhost"):
        return None
    return url_host("//" + first)


def _catalog(a, shown: str, doc: dict, node) -> bool:
    """An OLM CatalogSource whose image or gRPC address is a bare public IP address."""
    spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
    for key in ("image", "address"):
        v = spec.get(key)
        host = (image_host(v) if key == "image" else url_host("//" + v)) if isinstance(v, str) else None
        if host and public_ip(host):
            a.block("download-exec", f"{shown} adds the operator catalog {_name(doc) or ''} served from {host}, a bare "
                                     "address: OLM installs operators from what it serves, cluster-wide and with the "
                                     "rights they ask for; use the publisher's catalog image from its registry",
                    node)
            return True
    return False


_ACCOUNT = re.compile(r"arn:aws[\w-]*:(?:iam|sts)::(\d{12}):")


def masters_entries(text: str) -> list[str]:
    """The ARNs (or user names) an aws-auth `mapRoles`/`mapUsers` text puts in `system:masters`."""
    import yaml

    try:
        entries = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return ["an identity"] if "system:masters" in text else []
    out = []
    for e in entries[:64] if isinstance(entries, list) else []:
        if isinstance(e, dict) and isinstance(e.get("groups"), list) and "system:masters" in e["groups"]:
            out.append(str(e.get("rolearn") or e.get("userarn") or e.get("username") or "an identity"))
    return out


def masters_review(a, shown: str, arns: list[str], node) -> None:
    """Review an IAM identity given `system:masters` (the cluster's administrator group, past RBAC)."""
    acct = next((m.group(1) for m in map(_ACCOUNT.search, arns) if m), None)
    whose = f"account {acct}" if acct else "that account"
    a.review("privilege-escalation", f"{shown} puts {arns[0]} in system:masters: that identity becomes administrator "
                                     "of the whole cluster, past every RBAC rule (and no RoleBinding shows it); this "
                                     f"check knows none of your AWS accounts, so a person should confirm {whose} is "
                                     "yours, or map it to a narrower group", node)


def _aws_auth(a, shown: str, doc: dict, node) -> bool:
    data = doc.get("data") if isinstance(doc.get("data"), dict) else {}
    arns = [x for k in ("mapRoles", "mapUsers") if isinstance(data.get(k), str) for x in masters_entries(data[k])]
    if arns:
        masters_review(a, shown, arns, node)
        return True
    return False


# what a workload's container does that no cluster holds in: its service account's token and the cluster's secrets
# are where it runs
_IN_CLUSTER_RULES = frozenset({"download-exec", "decode-exec", "exfiltration", "reverse-shell"})
_IP = r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])"
# a URL's host, a `user@host`'s, a bare address. A scheme runs from the first letter of a run of scheme characters
# that ends in `://` (and no address before it): the run is read once, from where it starts (see _hosts)
_HOSTS_IN = re.compile(r"(?:(?<![\w+.-])(?=[\w+.-]*+://[\w.-])(?:(?!" + _IP + r")[\w+.-])*?[a-z][\w+.-]*+://|@)"
                       r"([\w.-]+)|(" + _IP + ")", re.I)
_SCHEME_RUN = re.compile(r"([\w+.-]*+)(://[\w.-])?")
_LETTER_OR_IP = re.compile(r"([a-z])|" + _IP, re.I)
_SCHEME_HOST = re.compile(r"://([\w.-]+)")


def _hosts(text: str):
    """The hosts _HOSTS_IN names in `text`, in order, as a search from every character finds them: a match that ends
    inside a run of scheme characters (`h+x://y`, `1.2.3.4-x://y`) leaves the rest of the run, read on here."""
    pos, run_end, to_url = 0, -1, False
    while (m := _HOSTS_IN.search(text, pos)) is not None:
        yield m.group(1) or m.group(2)
        pos = m.end()
        while True:
            if pos >= run_end:
                run = _SCHEME_RUN.match(text, pos)
                run_end, to_url = run.end(1), run.group(2) is not None
            hit = _LETTER_OR_IP.search(text, pos, run_end) if to_url else None
            if hit is None or hit.group(1) is None:
                break  # (an address first: the search finds it)
            m = _SCHEME_HOST.match(text, run_end)
            yield m.group(1)
            pos = m.end()


def names_outside(text: str) -> str | None:
    """The first host `text` (a script) names that is outside the cluster and this network, or None."""
    for found in _hosts(text):
        host = outside("//" + found)
        if host is not None:
            return host
    return None


_CONTAINED = frozenset({"download-exec", "decode-exec"})


def in_cluster(a, shown: str, script: str, node, reach: str | None) -> bool:
    """Judge `script`, which a pod of the cluster runs: what no container holds in (a reverse shell, data sent to a
    host outside the cluster), and code of unknown content when the pod is given more than a fresh container is
    (`reach`: a service account of its own, kube-system, a Helm hook's place in every install). True when a finding
    was reported."""
    from .bash.handed import alone

    for r in alone(a, script):
        if r.rule not in _IN_CLUSTER_RULES or r.verdict not in ("block", "review"):
            continue
        if r.rule == "exfiltration" and names_outside(script) is None:
            continue  # (the pod's own token sent to the API server, `https://kubernetes.default.svc`)
        if r.rule in _CONTAINED and reach is None:
            continue  # (a pod with the namespace's default account runs it on its own, as `docker run --rm` does)
        given = f", with {reach}" if reach else ""
        (a.block if r.verdict == "block" else a.review)(
            r.rule, f"{shown} has the cluster run `{_short(script)}` in a pod{given}: {r.message} (build what the pod "
                    "runs into its image, and send nothing out of the cluster)", node)
        return True
    return False


def _reach(doc: dict, spec: dict) -> str | None:
    """What a workload's pods are given beyond a fresh container: a service account of their own (its token mounted),
    kube-system, a Helm hook's run at every install."""
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    notes = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
    if "helm.sh/hook" in notes:
        return "the release's rights, at every install (a Helm hook)"
    account = spec.get("serviceAccountName") or spec.get("serviceAccount")
    if spec.get("automountServiceAccountToken") is not False and isinstance(account, str) and account != "default":
        return f"the service account {account}'s token"
    if meta.get("namespace") == "kube-system":
        return "kube-system's place in the cluster"
    return None


def _workload(a, shown: str, doc: dict, node) -> bool:
    from .bash.containers import script_of

    for spec in pod_specs(doc)[:8]:
        for cname, argv in container_argvs(spec):
            script = script_of(argv)
            where = f"{shown} ({_kind(doc) or 'object'} {_name(doc) or ''}, container {cname})"
            if script and in_cluster(a, where, script, node, _reach(doc, spec)):
                return True
    return False


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


# -- a Helm chart's templates written ---------------------------------------------------------------------------------
# `cat > charts/app/templates/post-install-hook.yaml <<'YAML'`: every `helm install`/`upgrade` of the chart applies
# it (a hook runs first, with the release's service account); for bash/written.py, which dispatches written files
TARGET = r"templates/[\w.-]+\.ya?ml\b"  # (for written.CODE_TARGET, which the fast path also searches commands for)
_CHART_TEMPLATE = re.compile(r"(?:^|/)templates/[^/]+\.ya?ml$")


def chart_template(path: str) -> bool:
    return _CHART_TEMPLATE.search(path) is not None


def judge_written(a, path: str, text: str, node) -> bool:
    """A chart template (or another manifest) written by this input, judged as what `helm install` will apply."""
    return judge(a, f"the chart template {path}", text, node)


# -- a control-plane node's own files ----------------------------------------------------------------------------------
# (a copy's scan stops at the next `cp`/`mv`/`install`, whose own try finds the same folder, and blanks are read only
# from where they start: a line of them is read once)
_STATIC_POD_WRITE = re.compile(r"(?:>>?|\btee\b(?:\s++-a)?|"
                               r"\b(?:cp|mv|install)\b(?:(?!\b(?:cp|mv|install)\b)[^\n;|&])*?)"
                               r"(?:(?<!\s)\s*+)?[\"']?(?:/host)?/etc/kubernetes/manifests/")
_IMAGE = re.compile(r"""\bimage["']?\s*:\s*["']?([^\s"',}]+)""")
_AUDIT_OFF = re.compile(r"/--audit-[\w-]*/\s*d|s([/|#,])[^/|#,\n]*--audit-[\w-]*[^/|#,\n]*\1\1")
_AUTHZ_OPEN = re.compile(r"--authorization-mode=[\w,]*AlwaysAllow|--anonymous-auth=true|"
                         r"\bmode:\s*AlwaysAllow|--insecure-port=[1-9]")
_SED_LEFT = re.compile(r"\bs([/|#,])(?:(?!\1)[^\n])*\1")


def node_change(text: str) -> tuple[str, str] | None:
    """(rule, what) when `text`, run on a control-plane node, changes what the cluster enforces: a static pod that
    takes the node or comes from a bare address, the API server's audit flags removed, its authorization opened."""
    if "/etc/kubernetes" not in text and "kubelet" not in text:
        return None
    if _STATIC_POD_WRITE.search(text):
        from .bash.cloud import pod_escape

        what = pod_escape(text)
        bare = next((h for m in _IMAGE.finditer(text) if (h := image_host(m.group(1))) and public_ip(h)), None)
        if what or bare:
            power = what or f"an image from the bare address {bare}"
            return "privilege-escalation", (f"drops a static pod with {power} into the node's "
                                            "/etc/kubernetes/manifests: the kubelet runs it, and keeps it running, past "
                                            "the API server's admission and RBAC")
    if "kube-apiserver" in text and _AUDIT_OFF.search(text):
        return "anti-forensics", ("removes the API server's audit flags: nothing done to the cluster is recorded from "
                                  "then on")
    m = _AUTHZ_OPEN.search(_SED_LEFT.sub("s/", text))  # (what a sed replaces is not what it sets)
    if m is not None:
        return "privilege-escalation", (f"sets `{m.group(0)}` on the control plane: requests are authorised without "
                                        "RBAC (anyone reaching it is administrator)")
    return None


# -- finalizers stripped ----------------------------------------------------------------------------------------------
def finalizers_stripped(text: str) -> bool:
    """A patch (JSON patch, merge patch in JSON or YAML) that removes or empties `metadata.finalizers`."""
    if "finalizers" not in text:
        return False
    try:
        body = json.loads(text)
    except ValueError:
        import yaml

        try:
            body = yaml.safe_load(text)
        except (yaml.YAMLError, RecursionError, ValueError):
            return False
    from .kube_code import strips_finalizers

    return strips_finalizers(body)
