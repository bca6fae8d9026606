"""HPC and research computing: the tables the three languages' rules read (bash/hpc.py, python/hpc.py, js/hpc.py),
session 31.

- the cluster's own credentials, read by its administrators and never sent anywhere (paths.held_secret): Slurm's
  database password (slurmdbd.conf, acct_gather.conf), its JWT signing key, PBS's server_priv, Globus Connect
  Server's deployment key, Open OnDemand's portal settings (its OIDC client secret);
- what turns the cluster's authentication off where it is configured: Slurm's `AuthType=auth/none`,
  `CryptoType=crypto/none`, `CredType=cred/none`; Open OnDemand's portal with `Require all granted` in its `auth:`
  list or in the Location of the portal itself (`/`, `/pun`, `/nginx`, `/node`, `/rnode`), not in a public Location
  or the generated `<Directory>` blocks of `public_root`; JupyterHub's DummyAuthenticator (any name, one shared
  password) in the system's configuration;
- a Globus access rule (`add_endpoint_acl_rule`, `POST …/endpoint/ID/access`, `globus endpoint permission create`):
  write access for anyone (anonymous, every Globus account) or for a free mail address is blocked; read access for a
  free mail address and write access for a named identity are reviewed; read access for a named collaborator, and
  public read-only data, stay allowed;
- the group's research data (a file on the cluster's shared storage opened by code, its path written anywhere in
  the code) sent to a bare public address or a drop-box service (a tunnel, a request bin, a paste site);
- a Dask or Ray client connected to a scheduler at a tunnel or drop-box service (blocked: every task's data goes
  there, and the client unpickles what comes back) or at a bare public address (reviewed: a cloud cluster's head node
  is often reached so);
- the user's scratch area (`/scratch/…`, `/lustre/scratch/…`, `$SCRATCH`), where jobs write their output: a file
  written there anew is ordinary output, not the group's shared data.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .hosts import public_ip, url_host
from .scraping_tables import stranger_sink

# -- credentials held ------------------------------------------------------------------------------------------------
_HELD = re.compile(r"(?:^|/)(?:slurmdbd\.conf|acct_gather\.conf)$|"
                   r"^/(?:etc|var/spool|var/lib|opt)/slurm[\w.-]*/(?:.*/)?[^/]*jwt[^/]*$|"
                   r"^/var/spool/pbs/server_priv(?:/.*)?$|"
                   r"^/var/lib/globus-connect-server/.*(?:deployment|key|secret).*$|"
                   r"(?:^|/)deployment-key\.json$|^/etc/ood/config/ood_portal\.ya?ml$")


def held_file(path: str) -> bool:
    """A credential file of the cluster (see the module's notes), normalised."""
    return _HELD.search(path) is not None


# -- authentication turned off in a configuration ----------------------------------------------------------------------
SLURM_CONF = re.compile(r"(?:^|/)(?:slurm|slurmdbd|cgroup|gres|topology)\.conf$|^/etc/slurm[\w.-]*/")
_SLURM_OFF = re.compile(r"(?im)^[^\S\n]*+(?:AuthType|AuthAltTypes)[^\S\n]*+=[^\S\n]*+auth/none\b|"
                        r"^[^\S\n]*+CryptoType[^\S\n]*+=[^\S\n]*+crypto/none\b|"
                        r"^[^\S\n]*+CredType[^\S\n]*+=[^\S\n]*+cred/none\b")
OOD_PORTAL = re.compile(r"^/etc/ood/config/ood_portal\.ya?ml$|(?:^|/)ood-portal\.conf$")
_OOD_OPEN = re.compile(r"(?i)Require\s++all\s++granted")
JUPYTERHUB_CONF = re.compile(r"(?:^|/)jupyterhub_config\.py$")
_HUB_DUMMY = re.compile(r"(?m)^[^\S\n]*+c\.JupyterHub\.authenticator_class[^\S\n]*+=[^\S\n]*+[^\n#]*?"
                        r"(?i:dummy)|^[^\S\n]*+c\.DummyAuthenticator\.password[^\S\n]*+=")


def auth_off(path: str, text: str) -> str | None:
    """What in `text`, written to `path`, turns the cluster's authentication off (see the module's notes)."""
    if not text:
        return None
    if SLURM_CONF.search(path) and (m := _SLURM_OFF.search(text)):
        return (f"`{m.group(0).strip()}` turns Slurm's authentication off: any user can then submit and run jobs as "
                "any other, root included")
    if OOD_PORTAL.search(path) and _OOD_OPEN.search(text) and _portal_open(path, text):
        return ("`Require all granted` lets anyone who reaches Open OnDemand in without a login: every user's files, "
                "shells and jobs through the portal")
    if JUPYTERHUB_CONF.search(path) and _system_place(path) and (m := _HUB_DUMMY.search(text)):
        return (f"`{m.group(0).strip()[:70]}` makes JupyterHub's login the DummyAuthenticator (any name with one "
                "shared password, or none): whoever reaches the hub starts servers, and their shells, as the "
                "cluster's users")
    return None


# the portal's own places: the dashboard, the per-user servers and the proxies to the compute nodes
_PORTAL_ROOTS = frozenset({"/", "/pun", "/nginx", "/node", "/rnode"})
_LOCATION = re.compile(r"""(?i)<(/?)Location(Match)?\b[^\S\n]*+["']?([^"'>\s]*+)""")


def _portal_open(path: str, text: str) -> bool:
    """`Require all granted` where it opens the portal: an item of ood_portal.yml's `auth:` list, or a line inside a
    `<Location>` of the portal's own places (ood_portal.yml's directives written as Apache's, or ood-portal.conf).
    The generated `<Directory>` blocks of `public_root` and the OIDC discovery page hold it too, and so may a public
    Location a site adds: those open nothing."""
    in_auth, place = False, None
    yaml = path.endswith((".yml", ".yaml"))
    for line in text.splitlines():
        if yaml:
            if line.startswith("auth:"):
                if _OOD_OPEN.search(line):
                    return True
                in_auth = not line[5:].strip()
                continue
            if in_auth and line.strip() and not line.lstrip().startswith(("-", "#")):
                in_auth = False
            if in_auth and _OOD_OPEN.search(line):
                return True
        m = _LOCATION.search(line)
        if m is not None:
            place = None if m.group(1) else (m.group(2) or "", m.group(3))
        elif place is not None and _OOD_OPEN.search(line) and _portal_place(*place):
            return True
    return False


def _portal_place(match: str, where: str) -> bool:
    if not match:
        w = where.rstrip("/") or "/"
        return w in _PORTAL_ROOTS or any(w.startswith(r + "/") for r in _PORTAL_ROOTS if r != "/")
    return where in ("", "^/", "^/$", "/", ".*", "^.*", "^/.*") or any(k in where for k in ("pun", "node", "nginx"))


def _system_place(path: str) -> bool:
    """A configuration the service reads from the system (not a project's copy for a local test hub)."""
    return path.startswith(("/etc/", "/srv/", "/opt/", "/usr/local/etc/", "/var/lib/"))


# -- Globus access rules ---------------------------------------------------------------------------------------------
# a key's value in a rule's body: JSON or a dict (`"permissions": "rw"`), an item set later (`rule['permissions'] =
# 'rw'`), or after `=` unquoted too (httpie's `permissions=rw`, a form's `permissions=rw&…`); brokers_tables' pair
# reads only quoted values, and a value after `:` unquoted is a name (`permissions: mode`), not the value
_PAIR = r"""(?<![\w-])["']?{key}["']?\]?[^\S\n]*+(?::[^\S\n]*+["']([^"'\n]*+)["']|=[^\S\n]*+(?:["']([^"'\n]*+)["']|""" \
        r"""([^\s"',&}}\])]*+)))"""
_KEYS = {k: re.compile(_PAIR.format(key=k)) for k in ("principal_type", "principal", "permissions", "notify_email")}
_ANYONE = {"anonymous": "anyone on the internet", "all_authenticated_users": "every Globus account"}


def _last(key: str, body: str) -> str | None:
    """The key's value (the last one given: an item set after the dict was written replaces it)."""
    value = None
    for m in _KEYS[key].finditer(body):
        value = next(g for g in m.groups() if g is not None)
    return value


def free_mail(address: str | None) -> str | None:
    """Why the address is no colleague's (a free mail service, a look-alike domain), else None."""
    if not address or "@" not in address:
        return None
    from .warehouses_tables import stranger_email

    return stranger_email(address.rsplit("@", 1)[-1])


def acl_finding(body: str, where: str = "the collection") -> tuple[str, str, str] | None:
    """(verdict, rule, message) of a Globus access rule's body (`{"DATA_TYPE": "access", "principal_type": …}`),
    or None when it shares read-only with a named collaborator or publishes read-only data."""
    kind = (_last("principal_type", body) or "").lower()
    perms = (_last("permissions", body) or "").lower()
    who = _last("principal", body)
    email = _last("notify_email", body)
    writes = "w" in perms
    return grant_finding(kind, writes, who, email, where)


def grant_finding(kind: str, writes: bool, who: str | None, email: str | None,
                  where: str) -> tuple[str, str, str] | None:
    """The verdict of a Globus grant: `kind` the principal's type (identity, group, anonymous,
    all_authenticated_users), `who` the identity (a name, an address or an id), `email` where the invitation goes."""
    stranger = next(((a, why) for a in (who, email) if (why := free_mail(a))), None)
    if writes and kind in _ANYONE:
        return ("block", "permission-tamper", f"the access rule lets {_ANYONE[kind]} write to {where}: the lab's data "
                                              "can then be replaced or deleted by strangers; share read-only, with "
                                              "named identities")
    if stranger is not None:
        address, why = stranger
        if writes:
            return ("block", "exfiltration", f"the access rule gives {address} ({why}) write access to {where}: "
                                             "whoever reads that mailbox copies, replaces or deletes the lab's data; "
                                             "share with the collaborator's institutional identity")
        return ("review", "exfiltration", f"the access rule shares {where} with {address} ({why}): a person should "
                                          "confirm the address is a collaborator's")
    if writes:
        return ("review", "privilege-escalation", f"the access rule gives {who or 'another account'} write access to "
                                                  f"{where}: that account can replace or delete the data there. A "
                                                  "person should confirm it is a collaborator's (share read-only "
                                                  "when that is enough)")
    return None


# Transfer's access rules, `…/endpoint/ID/access[/RULE]`: the path whole or relative (globus_sdk's `tc.post(
# f"endpoint/{ep}/access")`), the ID written out, a `${…}` or `{…}` in a template, or joined in (`'/endpoint/' + ep +
# '/access'`)
ACL_PATH = re.compile(r"""(?:^|[/"'`])endpoint/(?:\$?\{[^{}\n]*+\}|["'`][^\S\n]*+\+[^+\n]{1,80}\+[^\S\n]*+["'`]|"""
                      r"""[^/\s"'`{}])++/access(?:/[^/\s"'`?]*+)?(?=[?"'`]|$)""")


# -- the group's data sent to a stranger's place -----------------------------------------------------------------------
# a file on the cluster's shared storage (bash/files._SHARED_FS's roots, the user's scratch too: a job's output there
# is the group's research data), its path written anywhere in the code (a constant, `os.path.join`'s first part)
CODE_MARKERS = re.compile(rb"/(?:projects?|lustre|gpfs|beegfs|fsx|nobackup|global|scratch|cluster|work|archive)/")
_SHARED_PATH = re.compile(r"""["'`](/(?:projects?|lustre|gpfs|beegfs|fsx|nobackup|global|scratch|cluster|work|"""
                          r"""archive)/[^"'`\n]*+)["'`]""")
# a call that opens or reads a file
_READER = re.compile(r"(?:\bh5py\.File|\bFile|\bopen|\bload|\bfromfile|\bread_(?:csv|parquet|hdf|table|feather|json|"
                     r"excel|pickle|bytes|text)|\bopen_(?:dataset|mfdataset|zarr|dataarray)|\bDataset|\bzarr\.open\w*+|"
                     r"\breadFileSync|\breadFile|\bcreateReadStream|\bloadtxt|\bgenfromtxt)\s*+\(")


@lru_cache(maxsize=4)
def shared_read(doc: str) -> str | None:
    """The path on the cluster's shared storage the code names (the first) when it also opens a file, else None
    (asked per request of an input: kept for the last few inputs, a string's hash being kept with it)."""
    if _READER.search(doc) is None:
        return None
    m = _SHARED_PATH.search(doc)
    return m.group(1) if m else None


_SEND_URL = re.compile(r"""^\s*(?:f|`|["'])?["']?((?:https?|wss?|tcp)://[^\s"'`/$?{]+)""")
# a request's options naming its host (`https.request({ hostname: 'abcd.trycloudflare.com' })`)
_OPTIONS_HOST = re.compile(r"""^\s*\{[^{}]{0,400}?\bhost(?:name)?["']?\s*:\s*["'`]([\w.-]+)["'`]""")


def leak_finding(first_arg: str, doc: str) -> str | None:
    """A request (its first argument's text, names in it replaced by their values) to a bare public address or a
    drop-box service from code that reads a file of the cluster's shared storage: the message, or None."""
    m = _SEND_URL.match(first_arg)
    host = url_host(m.group(1)) if m else None
    if host is None and (o := _OPTIONS_HOST.match(first_arg)):
        host = o.group(1).lower()
    if not host or not stranger_sink(host):
        return None
    path = shared_read(doc)
    if path is None:
        return None
    where = f"{host}, a bare address no name of the organisation vouches for" if public_ip(host) else \
        f"{host}, a drop-box service anyone can read"
    return (f"the script reads {path[:80]} from the cluster's shared storage and sends to {where}: the group's "
            "research data leaves the organisation; move data with the organisation's own transfer service "
            "(Globus, the data transfer nodes) to named collaborators")


def scheduler_finding(address: str | None) -> tuple[str, str] | None:
    """A Dask or Ray scheduler's address: (verdict, message) at a tunnel or drop-box service (block) or a bare public
    address (review: a cloud cluster's head node is often reached at its public address), else None."""
    if not address or "$" in address or "{" in address:
        return None
    host = url_host(address) if "://" in address else address.rsplit(":", 1)[0]
    if not host or not stranger_sink(host):
        return None
    what = ("every task's data and function goes there, and the client unpickles what it sends back (code run "
            "here); use the cluster's own scheduler (dask-jobqueue, a scheduler file)")
    if public_ip(host):
        return "review", (f"the client connects to a scheduler at {host}, a bare public address no name of the "
                          f"organisation vouches for: {what}. A person should confirm it is the group's own head node")
    return "block", f"the client connects to a scheduler at {host}, a tunnel or drop-box service: {what}"


# -- the user's scratch area ---------------------------------------------------------------------------------------
_SCRATCH = re.compile(r"^/(?:[\w.-]+/)?scratch\d*/|^\$\{?SCRATCH\}?/|^/tmp/|^/var/tmp/|^/dev/shm/")


def scratch_path(path: str | None) -> bool:
    """A path in a scratch area (`/scratch/jdoe/…`, `/lustre/scratch/jdoe/…`, `$SCRATCH/…`): jobs' working output,
    purged by the site, never the group's kept data."""
    return bool(path) and _SCRATCH.match(path) is not None  # type: ignore[arg-type]
