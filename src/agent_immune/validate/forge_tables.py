"""Self-hosted forges' and registries' administration REST APIs, for every language's rules (session 23): GitLab
(`/api/v4`), Gitea and Forgejo (`/api/v1`), Nexus (`/service/rest`), Harbor (`/api/v2.0`) and Artifactory
(`/artifactory/api`). bash/forgeapi.py reads curl/wget/HTTPie requests, python/forges.py and js/forges.py read the HTTP
clients' calls; all of them hand a request's URL, method and body to `judge`.

What a request does is read from the service's own paths and field names. The organisation is the forge's own host
and domain (`git.example.com` -> `*.example.com`, this network's names and addresses) and, on the public code hosts,
the namespaces the request itself administers (`/repos/acme/…` -> `github.com/acme/…`):
- a push or remote mirror to a host outside the organisation copies the code there on every push (block); a webhook
  to a bare public address or plain HTTP elsewhere hands every push, merge request and job log to it (block), to
  another named host it is held for a person, and added to every project in a loop it is blocked;
- a deploy key with write access, or an SSH key added to an account, is held; one whose comment names an outside host
  or address is an outsider's way in (block);
- an account made administrator is held, and blocked when it is the anonymous user, when it is given a password the
  agent chose, or when the input names an outside e-mail for it; an impersonation or personal access token minted for
  another user through the admin API is blocked (it acts as that user);
- a Groovy script stored or run through Nexus's script API runs as the server: held, blocked when it runs programs;
- a project made public is held, in a loop (every project of a group) blocked;
- a proxy repository pointed at an upstream that is neither a known public registry nor the organisation's own: held
  when created, blocked when an existing one is repointed or the upstream is a bare address (every build fetches from
  it from then on);
- Harbor's content trust, cosign enforcement or vulnerability blocking turned off on a project: blocked;
- CI/CD variables read (they are the pipelines' secrets) by code that also sends to another host: blocked;
- garbage collection, tag retention runs, build discards that delete their artifacts, trash emptied: held
  `irreversible` (a DELETE is held by bash/api_calls.py and the HTTP client rules already).
Reads (GET) of everything else are allowed: an audit of hooks, keys, mirrors and members is ordinary work.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .hosts import addresses, ip_literal, loopback, registry_domain, stranger_host, url_host

# the API prefixes, for the cheap screens (`API_HINTS` in text, `API_BYTES` in a document's bytes)
API_HINTS = ("/api/v4/", "/api/v1/", "/service/rest/", "/api/v2.0/", "/artifactory/")
API_BYTES = tuple(h.rstrip("/").encode() for h in API_HINTS)
_PREFIX = re.compile(r"/(?:api/v4|api/v1|service/rest|api/v2\.0|artifactory/api)/")
# an upload of a package or file into a registry's storage (not its API): Artifactory `/artifactory/<repo>/…`,
# Nexus `/repository/<repo>/…`, GitLab's and Gitea's package registries
UPLOAD_PATH = re.compile(r"/artifactory/(?!api/)[^/?#]+/.|/repository/[^/?#]+/.|/api/v4/projects/[^/?#]+/packages/|"
                         r"/api/packages/[^/?#]+/|/service/rest/v1/components\b")


class Finding(NamedTuple):
    verdict: str  # "block" or "review"
    rule: str
    message: str


# -- a body's fields, whatever its syntax: JSON, a JS object, a Python dict, a form (`a=b&c=d`), a jq program -------
def fields(body: str, key: str) -> list[str]:
    """The values given to `key` in `body` (strings unquoted; `true`, `True`, `50` as written)."""
    rx = _FIELD_RX.get(key)
    if rx is None:
        rx = _FIELD_RX[key] = re.compile(
            r"""(?:^|[\s{,&(\[?;])(?:\\?["'])?%s(?:\\?["'])?\s*(?::=?|=)\s*(?:\\?"((?:[^"\\]|\\.)*?)\\?"|'([^']*)'|"""
            r"""`([^`]*)`|((?:\$\{[^}]*\}|[^\s,&}\])'";])+))""" % re.escape(key))
    return [next(g for g in m.groups() if g is not None) for m in rx.finditer(body)]


_FIELD_RX: dict[str, re.Pattern] = {}


def _true(v: str) -> bool:
    return v.strip().lower() in ("true", "1", "yes", "on")


def _false(v: str) -> bool:
    return v.strip().lower() in ("false", "0", "no", "off")


# -- whose a host is ---------------------------------------------------------------------------------------------------
_PUBLIC_CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "dev.azure.com",
                                "ssh.dev.azure.com", "git.sr.ht", "gitee.com"})
_INTRANET = (".internal", ".local", ".lan", ".corp", ".home.arpa", ".intranet", ".intra", ".localdomain")
_TWO_PART = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


def registrable(host: str) -> str:
    """`git.example.com` -> `example.com`, `nexus.acme.co.uk` -> `acme.co.uk` (near enough for an organisation)."""
    parts = host.lower().rstrip(".").split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in _TWO_PART:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def _owners(path: str) -> set[str]:
    """The namespaces a forge request administers: `/repos/acme/api` -> acme, `/groups/acme%2Fplatform` -> acme."""
    out = set()
    for m in re.finditer(r"/(?:repos|orgs|groups|projects|users|owner)/([^/?#&]+)", path):
        ns = m.group(1).replace("%2F", "/").replace("%2f", "/").split("/")[0].lower()
        if ns and not ns.isdigit() and "$" not in ns and "{" not in ns:
            out.add(ns)
    return out


def own_host(dest: str, forge: str | None, owners: set[str] = frozenset(), dest_url: str = "") -> bool:
    """Whether `dest` (a host) is the organisation's: the forge's own host or domain, this network's, or (on a public
    code host) a namespace the request administers."""
    d = dest.lower().rstrip(".")
    if loopback(d) or "." not in d and not ip_literal(d) or d.endswith(_INTRANET):
        return True
    if ip_literal(d):
        from .hosts import public_ip

        return not public_ip(d)
    if forge and (d == forge or registrable(d) == registrable(forge)):
        return True
    if d in _PUBLIC_CODE_HOSTS and owners:
        path = dest_url.split("://", 1)[-1].split("@", 1)[-1]
        path = path.split("/", 1)[1] if "/" in path else ""
        path = path.split(":", 1)[-1] if ":" in path.split("/", 1)[0] else path  # git@github.com:acme/x
        first = path.lstrip("/").split("/", 1)[0].lower()
        return first in owners
    return False


def _dest(url: str) -> tuple[str | None, str]:
    """(host, kind) of a destination URL: kind is "computed" (not known before it runs), "bare" (stranger_host) or
    "named"; an scp-style `git@host:path` counts as a URL."""
    u = url.strip().strip("'\"")
    m = re.match(r"^[\w.-]+@([\w.-]+):(?!//)", u)
    if m:
        u = "ssh://" + u.replace(":", "/", 1)
    host = url_host(u) if "//" in u else None
    if host is None or any(c in host for c in "${}`(") or not host:
        return None, "computed"
    if stranger_host(u) is not None:
        return host, "bare"
    return host, "named"


# services whose webhook receivers are everyday destinations
_RECEIVERS = re.compile(r"(?:^|\.)(?:slack\.com|discord(?:app)?\.com|office\.com|office365\.com|outlook\.com|"
                        r"webhook\.office\.com|mattermost\.com|pagerduty\.com|opsgenie\.com|sentry\.io|"
                        r"atlassian\.net|atlassian\.com|jenkins\.io|circleci\.com|buildkite\.com|netlify\.com|"
                        r"vercel\.com|readthedocs\.org|codecov\.io|teams\.microsoft\.com|chat\.googleapis\.com|"
                        r"zulipchat\.com|rocket\.chat|linear\.app|render\.com|heroku\.com)$")
# public registries a proxy repository fetches from every day
# (and the Python index's, npm's and Debian's domains: hosts.registry_domain)
_UPSTREAMS = re.compile(r"(?:^|\.)(?:npmjs\.com|yarnpkg\.com|maven\.org|"
                        r"maven\.apache\.org|gradle\.org|docker\.io|docker\.com|gcr\.io|ghcr\.io|quay\.io|k8s\.io|"
                        r"mcr\.microsoft\.com|public\.ecr\.aws|golang\.org|proxy\.golang\.org|rubygems\.org|"
                        r"crates\.io|nuget\.org|packagist\.org|conda\.anaconda\.org|anaconda\.org|anaconda\.com|"
                        r"cran\.r-project\.org|ubuntu\.com|fedoraproject\.org|centos\.org|"
                        r"rockylinux\.org|almalinux\.org|alpinelinux\.org|archlinux\.org|hashicorp\.com|"
                        r"helm\.sh|github\.com|githubusercontent\.com|gitlab\.com|jfrog\.io|google\.com|"
                        r"googleapis\.com|apache\.org|jcenter\.bintray\.com|spring\.io|jitpack\.io|"
                        r"cocoapods\.org|pub\.dev|hex\.pm|hackage\.haskell\.org|opam\.ocaml\.org)$")
# an address (read with hosts.addresses: a local part from where its run starts, and its domain)
_AT_DOMAIN = re.compile(r"@((?:[\w-]+\.)+[A-Za-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})\b")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++" + _AT_DOMAIN.pattern)
# an SSH public key's comment: `ssh-ed25519 AAAA… user@host` (`sk-…`'s word read up to the next `sk-` with more after
# it, whose own try reads the same rest: a word of them is read once)
_KEY_COMMENT = re.compile(r"(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-(?:(?!sk-\S)\S)++)\s+AAAA[\w+/=]+\s+"
                          r"([^\s\"'\\,}]+)")


def _outside_emails(text: str, forge: str | None) -> list[str]:
    return [email for email, domain in addresses(_EMAIL, _AT_DOMAIN, text)
            if not own_host(domain, forge) and not domain.lower().endswith(("example.com", "example.org"))
            or ip_literal(domain) and not own_host(domain, forge)]


def _outsider_key(body: str, forge: str | None) -> str | None:
    """The comment of an SSH key in `body` that names an outside host or address (`ops@203.0.113.77`)."""
    for m in _KEY_COMMENT.finditer(body):
        at = m.group(1).rpartition("@")[2]
        if "." in at and not own_host(at, forge):
            return m.group(1)
    return None


# -- the request ------------------------------------------------------------------------------------------------------
def judge(url: str, method: str, body: str, *, shown: str, text: str = "", bulk: bool = False) -> Finding | None:
    """What the request `method url` with `body` does to a forge or registry, if anything a person must see.
    `text`: the whole input (an e-mail or a password given elsewhere in it); `bulk`: sent in a loop."""
    m = _PREFIX.search(url)
    if m is None:
        return None
    forge = url_host(url.split("?", 1)[0])
    if forge is None or loopback(forge):
        return None
    if any(c in forge for c in "${}\x00\x01"):
        forge = None
    api = m.group(0)
    path = url[m.end() - 1:].split("?", 1)[0].split("#", 1)[0].rstrip("/")
    method = (method or "GET").upper()
    owners = _owners(path)
    for rx, methods, fn in _TABLE:
        if method in methods and (api_ok := rx.search(path)) is not None and _api_fits(api, fn):
            found = fn(api_ok, path, method, body, shown=shown, text=text, bulk=bulk, forge=forge, owners=owners)
            if found is not None:
                return found
    return None


def _api_fits(api: str, fn) -> bool:
    return api.strip("/") in _APIS.get(fn.__name__, (api.strip("/"),))


def _mirror(m, path, method, body, *, shown, text, bulk, forge, owners):
    urls = fields(body, "remote_address") + fields(body, "url")
    for u in urls:
        host, kind = _dest(u)
        if kind == "computed":
            where = u or "an address known only at run time"
            return Finding("review", "exfiltration", f"`{shown}` sets up a push mirror to {where}: every push is copied "
                           "there; a person should confirm it is the organisation's own")
        if kind == "bare" or not own_host(host, forge, owners, u):
            return Finding("block", "exfiltration", f"`{shown}` sets up a push mirror to {host}, outside the "
                           "organisation: every branch and tag (the private code) is copied there on every push; "
                           "mirror only to the organisation's own hosts or repositories")
    return None


def _hook(m, path, method, body, *, shown, text, bulk, forge, owners):
    for u in fields(body, "url"):
        host, kind = _dest(u)
        if kind == "computed" or own_host(host, forge, owners, u) or kind == "named" and _RECEIVERS.search(host):
            continue
        what = "every push, merge request and job event (with commit contents and job logs)"
        if kind == "bare" or bulk:
            why = f"{host}, a bare address no name vouches for" if kind == "bare" else \
                f"{host}, outside the organisation, on every project the loop reaches"
            return Finding("block", "exfiltration", f"`{shown}` adds a webhook that sends {what} to {why}; point "
                           "webhooks only at the organisation's own services")
        return Finding("review", "exfiltration", f"`{shown}` adds a webhook that sends {what} to {host}; a person "
                       "should confirm it is a service the organisation uses")
    return None


def _deploy_key(m, path, method, body, *, shown, text, bulk, forge, owners):
    gitlab = "/deploy_keys" in path
    if gitlab:
        writable = any(_true(v) for v in fields(body, "can_push"))
    else:  # Gitea's `read_only` is false unless given
        ro = fields(body, "read_only")
        writable = not ro or any(_false(v) for v in ro)
    if not writable:
        return None
    outsider = _outsider_key(body, forge)
    if outsider or bulk:
        who = f"a key of {outsider}, outside the organisation" if outsider else "the same key on every repository"
        return Finding("block", "privilege-escalation", f"`{shown}` adds a deploy key with write access ({who}): "
                       "whoever holds its private key can push to the repository; add it read-only, and let the user "
                       "grant write access")
    return Finding("review", "privilege-escalation", f"`{shown}` adds a deploy key with write access (it can push to "
                   "the repository); a person should confirm it, or add it read-only")


def _ssh_key(m, path, method, body, *, shown, text, bulk, forge, owners):
    outsider = _outsider_key(body, forge)
    if outsider:
        return Finding("block", "privilege-escalation", f"`{shown}` adds an SSH key of {outsider}, outside the "
                       "organisation, to an account: whoever holds it logs in and pushes as that account; let the "
                       "account's owner add their own keys")
    if "/admin/" in path or re.match(r"/users/[^/]+/keys", path):
        return Finding("review", "privilege-escalation", f"`{shown}` adds an SSH key to another user's account; let "
                       "the account's owner add their own keys, or have a person confirm it")
    return None


_ADMIN_ROLES = re.compile(r"(?i)\bnx-admin\b|\bnx-all\b|projectAdmin|\bsysadmin\b")


def _admin(m, path, method, body, *, shown, text, bulk, forge, owners):
    granted = [v for k in ("admin", "is_admin", "sysadmin_flag", "adminPrivileges") for v in fields(body, k)
               if _true(v)] or ([r.group(0) for r in [_ADMIN_ROLES.search(" ".join(fields(body, "roles")) + " " +
                                                                    _roles_text(body))] if r])
    if not granted:
        return None
    account = m.groupdict().get("user") or m.groupdict().get("user2") or next(iter(fields(body, "userId") + fields(body, "username") +
                                                     fields(body, "name")), "") or "an account"
    if any(c in account for c in "\x00\x01{}"):
        account = "an account"
    emails = _outside_emails(body + "\n" + text, forge)
    password = [v for k in ("password", "new_password") for v in fields(body, k) if v and "$" not in v]
    if account.lower() in ("anonymous", "guest", "nobody", "anonymous-user"):
        why = "the anonymous user: everyone who can reach the server, without logging in"
    elif emails:
        why = f"an account for the outside address {emails[0]}" if account == "an account" else \
            f"{account}, an account for the outside address {emails[0]}"
    elif password:
        why = f"{account}, with a password the agent chose (an account it can log in to)"
    else:
        return Finding("review", "privilege-escalation", f"`{shown}` makes {account} an administrator of the "
                       "server; a person should confirm it")
    return Finding("block", "privilege-escalation", f"`{shown}` gives administrator rights to {why}: the whole "
                   "server (every repository, package and credential it holds) is theirs; let the user grant "
                   "administrator rights")


def _roles_text(body: str) -> str:
    m = re.search(r"""["']?roles["']?\s*[:=]\s*\[([^\]]*)\]""", body)
    return m.group(1) if m else ""


def _token(m, path, method, body, *, shown, text, bulk, forge, owners):
    kind = "an impersonation token" if "impersonation" in path else "a personal access token"
    return Finding("block", "privilege-escalation", f"`{shown}` mints {kind} for another user through the admin API: "
                   "it acts as that user (their projects, their groups, their secrets); let the user create the "
                   "token they need")


def _member(m, path, method, body, *, shown, text, bulk, forge, owners):
    levels = fields(body, "access_level")
    perms = fields(body, "permission")
    if any(v.strip() == "50" for v in levels) or any(v.strip().lower() in ("admin", "owner") for v in perms):
        return Finding("review", "privilege-escalation", f"`{shown}` gives an account owner (or admin) rights over "
                       "the group or repository: it can delete it, add members and read its secrets; a person "
                       "should confirm who it is")
    return None


_RUNS_PROGRAMS = re.compile(r"\.execute\(\)|ProcessBuilder|Runtime\.getRuntime|\bexec\(|['\"](?:ba)?sh['\"]|"
                            r"\bcurl\b|\bwget\b|/dev/tcp/")


def _script(m, path, method, body, *, shown, text, bulk, forge, owners):
    if path.endswith("/run"):
        return Finding("review", "inline-exec", f"`{shown}` runs a stored Groovy script inside the Nexus server (with "
                       "the server's rights over every repository and the machine); a person should read the "
                       "script and run it")
    if _RUNS_PROGRAMS.search(body):
        return Finding("block", "inline-exec", f"`{shown}` stores a Groovy script in Nexus that runs programs on the "
                       "server (`{0}`); change the server through its REST settings, not scripts".format(
                           _RUNS_PROGRAMS.search(body).group(0)))
    return Finding("review", "inline-exec", f"`{shown}` stores a Groovy script in Nexus, which runs inside the server "
                   "with its rights; a person should read it first")


def _visibility(m, path, method, body, *, shown, text, bulk, forge, owners):
    public = any(v.strip().lower() == "public" for v in fields(body, "visibility")) or \
        any(_false(v) for v in fields(body, "private"))
    if not public:
        return None
    if bulk:
        return Finding("block", "exfiltration", f"`{shown}` in a loop makes every project it reaches public: "
                       "private code (and its history, issues and CI files) readable by anyone; make public only the "
                       "project the user named")
    return Finding("review", "exfiltration", f"`{shown}` makes a project public (its code and history readable by "
                   "anyone); a person should confirm it")


def _proxy(m, path, method, body, *, shown, text, bulk, forge, owners):
    if m.re is _ART_REPO:  # Artifactory: PUT creates a repository, POST changes one
        if not any(v.strip().lower() == "remote" for v in fields(body, "rclass")):
            return None
        urls, update = fields(body, "url"), method == "POST"
    else:  # Nexus: POST creates, PUT of a named one changes it
        urls, update = fields(body, "remoteUrl"), method != "POST" and bool(m.group("name"))
    for u in urls:
        host, kind = _dest(u)
        if kind == "computed" or kind == "named" and (_UPSTREAMS.search(host) or registry_domain(host) or
                                                   own_host(host, forge, owners, u)):
            continue
        if kind == "bare" or update:
            why = f"{host}, a bare address no name vouches for" if kind == "bare" else \
                f"{host}, neither a known public registry nor the organisation's"
            return Finding("block", "download-exec", f"`{shown}` points the proxy repository at {why}: every build "
                           "that fetches through it then installs what that host serves; keep proxies on the public "
                           "registries or the organisation's own mirrors")
        return Finding("review", "download-exec", f"`{shown}` creates a proxy repository fetching from {host}, "
                       "neither a known public registry nor the organisation's; a person should confirm the upstream")
    return None


_DEFENCES = {"enable_content_trust": "content trust (only signed images can be pulled)",
             "enable_content_trust_cosign": "cosign signature enforcement",
             "prevent_vul": "blocking of images with known vulnerabilities",
             "auto_scan": "vulnerability scanning on push"}


def _harbor_project(m, path, method, body, *, shown, text, bulk, forge, owners):
    off = [what for key, what in _DEFENCES.items() if any(_false(v) for v in fields(body, key))]
    if not off:
        return None
    return Finding("block", "permission-tamper", f"`{shown}` turns off {', '.join(off)} on the Harbor project: "
                   "unsigned or vulnerable images then reach whoever pulls from it; leave the project's policies on, "
                   "and ask the user if a release is blocked")


def _variables(m, path, method, body, *, shown, text, bulk, forge, owners):
    sends = [u for u in _URLS.findall(text) if (h := url_host(u)) and "$" not in h and "{" not in h and
             not own_host(h, forge, owners, u)]
    if not sends or not _SENDS.search(text):
        return None
    return Finding("block", "exfiltration", f"`{shown}` reads the CI/CD variables (the pipelines' secrets: deploy "
                   f"keys, cloud credentials, tokens) in code that also sends to {url_host(sends[0])}; never send "
                   "secrets off the forge")


_URLS = re.compile(r"""(?:https?|ssh)://[^\s"'`<>)]+""")
# (a `curl`'s scan stops at the next `curl`, whose own try finds the same flag: a line of them is read once)
_SENDS = re.compile(r"""(?i)\bmethod\s*:\s*["'](?:POST|PUT|PATCH)|\.(?:post|put|patch)\(|\bbody\s*:|"""
                    r"""curl\b(?:(?!curl\b)[^\n])*?\s-(?:d|F|T)\b""")


def _held(what: str, instead: str):
    def fn(m, path, method, body, *, shown, text, bulk, forge, owners):
        if "/schedule" in path and any(v.strip().lower() in ("none", "") for v in fields(body, "type")):
            return None  # the schedule switched off
        if any(_true(v) for v in fields(body, "dry_run") + fields(body, "dryRun")):
            return None
        return Finding("review", "irreversible", f"`{shown}` {what}, with no undo; {instead}")
    fn.__name__ = "_held"
    return fn


def _build_delete(m, path, method, body, *, shown, text, bulk, forge, owners):
    if not any(_true(v) for v in fields(body, "deleteArtifacts") + fields(body, "deleteBuildArtifacts") +
               fields(body, "deleteAll")):
        return None
    return Finding("review", "irreversible", f"`{shown}` deletes builds in Artifactory together with their artifacts "
                   "(the binaries every deployment of them fetches), with no undo; list what goes first and let the "
                   "user run it")


_ANY_WRITE = ("POST", "PUT", "PATCH")
_ART_REPO = re.compile(r"/repositories/(?P<name>[^/?#]+)$")
_TABLE: list = [
    # mirrors
    (re.compile(r"/repos/[^/]+/[^/]+/push_mirrors$"), _ANY_WRITE, _mirror),
    (re.compile(r"/projects/[^/]+/remote_mirrors(?:/[^/]+)?$"), _ANY_WRITE, _mirror),
    # webhooks: a project's, a group's or organisation's, a user's, the whole server's
    (re.compile(r"/(?:projects/[^/]+|groups/[^/]+|repos/[^/]+/[^/]+|orgs/[^/]+|user|admin)/hooks(?:/\d+|/\$\{?\w+\}?)?$"
                r"|/hooks$"), _ANY_WRITE, _hook),
    # keys
    (re.compile(r"/projects/[^/]+/deploy_keys$|/repos/[^/]+/[^/]+/keys$"), ("POST",), _deploy_key),
    (re.compile(r"/users/[^/]+/keys$|/user/keys$|/admin/users/[^/]+/keys$"), ("POST",), _ssh_key),
    # administrators
    (re.compile(r"/users$|/users/(?P<user>[^/]+)$|/admin/users$|/admin/users/(?P<user2>[^/]+)$"), _ANY_WRITE, _admin),
    (re.compile(r"/security/users(?:/(?P<user>[^/]+))?$"), _ANY_WRITE, _admin),
    (re.compile(r"/users/[^/]+/sysadmin$|/security/groups/[^/]+$"), _ANY_WRITE, _admin),
    (re.compile(r"/users/[^/]+/(?:impersonation_tokens|personal_access_tokens)$"), ("POST",), _token),
    (re.compile(r"/(?:groups|projects)/[^/]+/members(?:/[^/]+)?$|/repos/[^/]+/[^/]+/collaborators/[^/]+$"),
     _ANY_WRITE, _member),
    # Nexus's script API
    (re.compile(r"/v1/script(?:/[^/]+)?(?:/run)?$"), _ANY_WRITE, _script),
    # visibility
    (re.compile(r"/projects/[^/]+$|/groups/[^/]+$|/repos/[^/]+/[^/]+$"), ("PUT", "PATCH", "POST"), _visibility),
    # proxy repositories
    (re.compile(r"/v1/repositories/[^/]+/proxy(?:/(?P<name>[^/]+))?$"), _ANY_WRITE, _proxy),
    (_ART_REPO, _ANY_WRITE, _proxy),
    # Harbor's project policies
    (re.compile(r"/projects/[^/]+$"), ("PUT", "PATCH"), _harbor_project),
    # CI/CD variables read
    (re.compile(r"/(?:projects|groups)/[^/]+/variables$|/admin/ci/variables$"), ("GET",), _variables),
    # what has no undo
    (re.compile(r"/system/gc/schedule$|/system/gc$"), _ANY_WRITE,
     _held("starts Harbor's garbage collection, which deletes every blob no tag references (with `delete_untagged` "
           "also the untagged images)", "run it with `\"dry_run\": true` first and let the user start it")),
    (re.compile(r"/retentions/[^/]+/executions$"), ("POST",),
     _held("runs the tag retention policy, deleting every image tag it does not keep",
           "run it with `\"dry_run\": true` first and let the user start it")),
    (re.compile(r"/system/purgeaudit/schedule$"), _ANY_WRITE,
     _held("deletes Harbor's audit log entries", "leave it to the user")),
    (re.compile(r"/build/delete$|/build/retention/[^/]+$"), ("POST",), _build_delete),
    (re.compile(r"/trash/empty$|/system/storage/gc$|/trash/clean(?:/.*)?$"), ("POST",),
     _held("empties Artifactory's trash or collects its deleted binaries for good",
           "let the user run it")),
    (re.compile(r"/projects/[^/]+/housekeeping$"), ("POST",),
     _held("runs GitLab's housekeeping on the project (with `task=prune`, unreachable objects are deleted)",
           "let the user run it")),
]
# the APIs each reading applies to (default: all)
_APIS = {"_mirror": ("api/v4", "api/v1"), "_hook": ("api/v4", "api/v1"), "_deploy_key": ("api/v4", "api/v1"),
         "_ssh_key": ("api/v4", "api/v1"), "_token": ("api/v4",), "_member": ("api/v4", "api/v1"),
         "_script": ("service/rest",), "_visibility": ("api/v4", "api/v1"), "_harbor_project": ("api/v2.0",),
         "_variables": ("api/v4",), "_build_delete": ("artifactory/api",)}


# -- uploads into a registry of a download no name vouches for ----------------------------------------------------------
def upload_finding(shown: str, url: str, source: str) -> Finding:
    """An artifact uploaded to `url` (UPLOAD_PATH) whose content was downloaded from `source` (a stranger host)."""
    return Finding("block", "download-exec", f"`{shown}` publishes into the organisation's registry ({url_host(url)}) "
                   f"a file downloaded from {source}, a host no name vouches for: every build and machine that "
                   "installs it runs it; publish only what the project builds")


# -- the CLIs' output that is a credential ----------------------------------------------------------------------------
# `jf config export` prints a server's URL with its user and password or token (for `jf config import` elsewhere);
# `jf rt access-token-create` / `jf atc` mint a token; `gitea admin user generate-access-token` too
CREDENTIAL_PRINTERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "jf": (("config", "export"), ("c", "export"), ("rt", "access-token-create"), ("rt", "atc"),
           ("access-token-create",), ("atc",)),
    "jfrog": (("config", "export"), ("rt", "access-token-create"), ("rt", "atc")),
    "gitea": (("admin", "user", "generate-access-token"),),
    "forgejo": (("admin", "user", "generate-access-token"),),
}


def credential_printed(argv: list) -> str | None:
    """`jf config export` when the literal `argv` prints a forge's or registry's credential, else None."""
    if not argv or not argv[0]:
        return None
    name = argv[0].rsplit("/", 1)[-1]
    words = [w for w in argv[1:] if w]
    for way in CREDENTIAL_PRINTERS.get(name, ()):
        if words[:len(way)] == list(way):
            return f"`{name} {' '.join(way)}`"
    return None
