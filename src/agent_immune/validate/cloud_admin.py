"""Administrator rights granted in a cloud account (rule `privilege-escalation`, review): a poisoned agent's
backdoor is a user or role that can do anything there, with a key sent to whoever asked for it. The same
reading for the shell (bash/infra.py: `aws iam attach-user-policy`, `gcloud … add-iam-policy-binding`,
`az role assignment create`) and the SDKs (boto3's `attach_user_policy`, the JavaScript SDK's
`AttachUserPolicyCommand`).

Read by the policy granted: AWS's `AdministratorAccess` and `IAMFullAccess` (which can grant itself the
rest), a policy document allowing every action, Google Cloud's basic `owner`/`editor` roles and the roles
that administer IAM, Azure's `Owner` and `User Access Administrator`. Narrower grants stay allowed.
"""
from __future__ import annotations

import re

ADMIN = re.compile(r"arn:aws:iam::aws:policy/(?:AdministratorAccess|IAMFullAccess)\b|"
                   r"[\"']?Action[\"']?\s*:\s*(?:\[\s*)?[\"']\*[\"']|"
                   r"roles/(?:owner|editor|resourcemanager\.projectIamAdmin|iam\.securityAdmin|"
                   r"resourcemanager\.organizationAdmin)\b")
AZURE_ADMIN = frozenset({"owner", "user access administrator"})
# the calls that attach or write a policy, in the shell's spelling and the SDKs'
AWS_OPS = frozenset({"attach-user-policy", "attach-role-policy", "attach-group-policy", "put-user-policy",
                     "put-role-policy", "put-group-policy", "create-policy-version"})
_CAMEL = frozenset("".join(p.title() for p in op.split("-")) for op in AWS_OPS)
# boto3's snake_case methods, the JavaScript SDK's v3 commands and v2 camelCase methods
SDK_CALLS = frozenset(op.replace("-", "_") for op in AWS_OPS) | frozenset(c + "Command" for c in _CAMEL) | frozenset(
    c[0].lower() + c[1:] for c in _CAMEL)


def message(shown: str) -> str:
    return (f"`{shown}` grants administrator rights in the cloud account: whoever holds that identity (and any "
            "key made for it) can do anything there. A person should confirm; grant the narrower policy the task "
            "needs")


# -- a code host's repositories handed to another account --------------------------------------------------------
# GitHub's repository permissions that let a collaborator push or administer (`pull` and `triage` only read and
# label); `push` is what the API gives when none is named
REPO_CONTROL = frozenset({"admin", "maintain", "push", "write"})
REPO_ADMIN = frozenset({"admin", "maintain"})


def collaborator_message(shown: str, user: str, permission: str, every: bool) -> str:
    """Why adding `user` as a collaborator with `permission` is held; `every`: on each repository of a loop."""
    if every:
        return (f"`{shown}` gives {user} {permission} rights on every repository the loop goes over: another account "
                "gets control of all of the user's code, and can push to it or take it "
                "over; add one collaborator to one named repository, with the narrowest permission, after a person "
                "confirms")
    return (f"`{shown}` gives {user} {permission} rights on the repository: that account can change its settings, "
            "secrets and protections. A person should confirm; grant `push` or less when that is what the task needs")


# -- whose account: the organisation's own, or a stranger's ---------------------------------------------------------
# An organisation's accounts sit on its own domain (`alice@acme.com` for the project `acme-shop-prod`, the GitHub team
# `github:acme:publishers` for the crate `acme-proto`). The validator knows none of the user's accounts, so an account
# is taken as a stranger's only when the command itself names the organisation (a word of the project, package, scope
# or repository owner that is not a generic one such as `prod` or `client`) and the account's domain or organisation
# shares none of its words; a domain reserved for examples or private networks, and a cloud's own service agents, are
# never a stranger's. An account that is only a user name (`alice`, `release-bot`) says nothing either way.
_GENERIC = frozenset("""
prod production preprod dev develop development staging stage test tests testing qa uat sandbox demo live beta alpha
app apps api apis web www site svc service services server servers client clients data db lab labs proj project
projects core common shared main ui kit sdk lib libs proto protos bot bots shop store cli tool tools infra platform
backend frontend mobile ios android internal public private team teams org group corp inc ltd llc company official
mail email smtp imap notify notifications build ci cd deploy release releases publish publishers maintainers owners
admin admins the and for new old net com gov edu pkg pkgs package packages module modules plugin plugins utils util
helper helpers config conf cloud cluster node nodes worker workers global region east west north south europe asia
us eu collection collections endpoints endpoint share shares sync backup backups archive archives ops sre security
""".split())
_RESERVED = (".example", ".test", ".internal", ".local", ".localhost", ".invalid", ".lan", ".home.arpa",
             ".localdomain")
_EXAMPLE = re.compile(r"(?:^|\.)example\.(?:com|net|org)$")
_WORD = re.compile(r"[a-z][a-z0-9]*")
_VARIABLE = re.compile(r"\$\{[^}]*\}?|\$\(+[^)]*\)*|\$\w*|`[^`]*`?")


def org_words(*names: str) -> set[str]:
    """The words of the names a command gives its resource that can name an organisation (`acme-shop-prod` -> acme)."""
    out: set[str] = set()
    for name in names:
        for w in _WORD.findall(_VARIABLE.sub(" ", name).lower()):
            if len(w) >= 3 and w not in _GENERIC and not w.isdigit():
                out.add(w)
    return out


def _own_domain(domain: str) -> bool:
    d = domain.lower().rstrip(".")
    return d.endswith(_RESERVED) or bool(_EXAMPLE.search(d)) or "." not in d or \
        d.endswith("gserviceaccount.com") and not d.endswith(".iam.gserviceaccount.com") or \
        d.startswith("gcp-sa-") or d.endswith(("cloudservices.gserviceaccount.com", "appspot.gserviceaccount.com"))


def stranger(account: str, words: set[str]) -> str | None:
    """The domain (or code host organisation) that makes `account` a stranger's to the organisation of `words`, or
    None: its own, or not known. `account`: an address (`user:x@d`, `x@d`, `x@[ip]`), a domain (`domain:d`) or a
    code host team (`github:org:team`)."""
    from .bash.admin import near_address

    acct = account.strip().strip("'\"")
    kind, _, rest = acct.partition(":")
    if kind.lower() in ("github", "gitlab") and rest.count(":") == 1:
        org = rest.split(":", 1)[0]
        return None if not words or "$" in org or words & org_words(org) or any(w in org.lower() for w in words) \
            else f"the {kind} organisation {org}"
    if kind.lower() in ("user", "group", "serviceaccount", "domain", "principal", "member"):
        acct = rest
    if "$" in acct or "`" in acct:
        return None
    domain = acct.rsplit("@", 1)[1] if "@" in acct else acct if kind.lower() == "domain" else None
    if not domain:
        return None
    domain = domain.strip("[]").lower()
    from .hosts import ip_literal

    if ip_literal(domain):
        return None if near_address(domain) else domain
    if _own_domain(domain) or not words:
        return None
    if domain.endswith(".iam.gserviceaccount.com"):
        inner = domain[:-len(".iam.gserviceaccount.com")]
        return None if words & org_words(inner) or any(w in inner for w in words) else domain
    labels = domain.split(".")
    body = ".".join(labels[:-1]) if len(labels) > 1 else domain
    return None if any(w in body for w in words) else domain
