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

# (`iam:*` can grant itself everything else; `iot:*` is every device, topic and shadow of the fleet, for whoever holds
# the certificate the IoT policy is attached to)
ADMIN = re.compile(r"arn:aws:iam::aws:policy/(?:AdministratorAccess|IAMFullAccess)\b|"
                   r"[\"']?Action[\"']?\s*:\s*(?:\[\s*)?[\"'](?:iam:|iot:)?\*[\"']|"
                   r"roles/(?:owner|editor|resourcemanager\.projectIamAdmin|iam\.securityAdmin|"
                   r"resourcemanager\.organizationAdmin)\b")
AZURE_ADMIN = frozenset({"owner", "user access administrator"})
# the calls that attach or write a policy, in the shell's spelling and the SDKs'
AWS_OPS = frozenset({"attach-user-policy", "attach-role-policy", "attach-group-policy", "put-user-policy",
                     "put-role-policy", "put-group-policy", "create-policy-version", "create-policy"})
_CAMEL = frozenset("".join(p.title() for p in op.split("-")) for op in AWS_OPS)
# boto3's snake_case methods, the JavaScript SDK's v3 commands and v2 camelCase methods
SDK_CALLS = frozenset(op.replace("-", "_") for op in AWS_OPS) | frozenset(c + "Command" for c in _CAMEL) | frozenset(
    c[0].lower() + c[1:] for c in _CAMEL)


def message(shown: str, text: str = "") -> str:
    """Why the grant `shown` is held; `text`: the policy granted, when it is known."""
    if re.search(r"[\"']iot:\*", text):
        return (f"`{shown}` allows every IoT action: whoever holds a certificate it is attached to controls the "
                "devices, topics and shadows it covers (with `Resource: *`, the whole fleet). A person should confirm; "
                "allow the actions, topics and things the task needs")
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


# -- a cloud account's data, keys or roles handed to another account -------------------------------------------------
# A snapshot, an image, a bucket or a key shared with an AWS account is a copy of the data for whoever holds that
# account. The validator knows none of the user's accounts, so it reads the code: an account id is the code's own when
# the code also names it outside a grant (a resource's ARN, `env: { account }`, a table of the organisation's
# accounts, a name it is bound to); one written only where access is granted is taken as an outside account's.
# the calls that share a resource with an account, in boto3's, the JavaScript SDK's (v3, v2) spelling -> what it hands
SHARES = {"modify_db_snapshot_attribute": "the database snapshot (a full copy of the database)",
          "modify_db_cluster_snapshot_attribute": "the cluster snapshot (a full copy of the database)",
          "modify_image_attribute": "the machine image (and the disks it is made of)",
          "modify_snapshot_attribute": "the disk snapshot (a copy of the volume)",
          "put_bucket_policy": "the bucket", "put_key_policy": "the encryption key (whatever it encrypted)",
          "create_grant": "the encryption key (whatever it encrypted)",
          "put_resource_policy": "the secret", "set_repository_policy": "the image repository",
          "modify_attribute": "the machine image or disk snapshot"}  # (boto3's resources: ec2.Image(i))
_CAMEL_SHARES = {"".join(p.title() for p in k.split("_")).replace("Db", "DB"): v for k, v in SHARES.items()}
SHARES.update({k + "Command": v for k, v in _CAMEL_SHARES.items()})
SHARES.update({k[0].lower() + k[1:]: v for k, v in _CAMEL_SHARES.items()})
# calls that let an account assume a role (what it holds, the role's permissions)
TRUSTS = frozenset({"create_role", "update_assume_role_policy", "CreateRoleCommand", "UpdateAssumeRolePolicyCommand",
                    "createRole", "updateAssumeRolePolicy"})
_ACCOUNT_ID = re.compile(r"(?<![\w.-])\d{12}(?![\w])")
# the text just before an account id that puts it where access is granted: a principal (`"AWS": "arn:aws:iam::X:root"`,
# `AccountPrincipal('X')`), a share's list (`ValuesToAdd=["X"]`, `{"UserId": "X"}`, `UserIds=[…]`)
_GRANTED = re.compile(r"(?:Principal|\bAWS|UserIds?|ValuesToAdd|GranteePrincipal|AccountIds?|Grantee)[\"']?\s*"
                      r"(?:[:=(]\s*)[\[{(]?\s*(?:[\"'][^\"'\n]{0,80}[\"']\s*,\s*){0,8}[\"'`]?"
                      r"(?:arn:aws[\w-]*:(?:iam|sts)::)?$")
# (a principal ARN counts when it is the whole account, `:root`: a named role or user of another account, an
# integration's, is granted by name on purpose)
_COMMENT = re.compile(r"(?m)(?:^|\s)(?:#|//).*$")
# a snapshot or image made public (`ValuesToAdd=["all"]`, `{"Group": "all"}`, `GroupNames=["all"]`)
_TO_ALL = re.compile(r"(?:ValuesToAdd|GroupNames)[\"']?\s*[:=]\s*\[\s*[\"']all[\"']|"
                     r"[\"']?Group[\"']?\s*:\s*[\"']all[\"']")
# a policy that lets the other account only put objects in (the load balancers' and CloudFront's log delivery)
_ACTION = re.compile(r"\b(?:s3|kms|sts|iam|secretsmanager|ecr|ec2|rds):[A-Za-z*]+|Action[\"']?\s*[:=]\s*[\"']\*[\"']")


def outside_account(text: str) -> str | None:
    """The AWS account `text` (a program's source) grants access to and names nowhere else, or None."""
    if not _ACCOUNT_ID.search(text):
        return None
    code = _COMMENT.sub("", text)
    granted: dict[str, int] = {}
    other: set[str] = set()
    for m in _ACCOUNT_ID.finditer(code):
        before = _GRANTED.search(code[max(0, m.start() - 200):m.start()])
        if before and (not before.group().endswith("::") or code.startswith(":root", m.end())):
            granted[m.group()] = granted.get(m.group(), 0) + 1
        else:
            other.add(m.group())
    outside = [a for a in granted if a not in other]
    if not outside:
        return None
    actions = {a if a[:6] != "Action" else "*" for a in _ACTION.findall(code)}
    if actions and all(a.lower().startswith(("s3:putobject", "s3:getbucketacl")) for a in actions):
        return None  # log delivery into the bucket
    return outside[0]


def made_public(text: str) -> bool:
    """A snapshot or image shared with every AWS account."""
    return _TO_ALL.search(text) is not None


def share_message(shown: str, what: str, account: str | None) -> str:
    if account is None:
        return (f"`{shown}` makes {what} public: every AWS account can copy it. Keep it private; share it with a named "
                "account of the organisation after a person confirms")
    return (f"`{shown}` hands {what} to AWS account {account}, which this code names nowhere else (not as one of its "
            "own resources): whoever holds that account gets the data. If the account is the organisation's own, let "
            "the user run it; do not share with accounts the task does not name")


def trust_message(shown: str, account: str, admin: bool) -> str:
    if admin:
        return (f"`{shown}` lets AWS account {account}, which this code names nowhere else, assume a role with "
                "administrator rights: a standing way into the whole account for whoever holds that one. Do not "
                "grant outside accounts admin roles; let the user set up cross-account access")
    return (f"`{shown}` lets AWS account {account}, which this code names nowhere else, assume the role with every "
            "permission it has; this check knows none of your own accounts, so a person should confirm it is yours")


# -- the organisation's mail pointed elsewhere ------------------------------------------------------------------------
# mail providers an MX record ordinarily names (a move to one is the everyday change)
MAIL_PROVIDERS = ("google.com", "googlemail.com", "outlook.com", "office365.us", "zoho.com", "zoho.eu", "zoho.in",
                  "protonmail.ch", "proton.me", "messagingengine.com", "fastmail.com", "icloud.com", "amazonaws.com",
                  "amazonses.com", "mailgun.org", "sendgrid.net", "mimecast.com", "pphosted.com", "ppe-hosted.com",
                  "barracudanetworks.com", "mailchannels.net", "cloudflare.net", "improvmx.com", "forwardemail.net",
                  "migadu.com", "yandex.net", "secureserver.net", "ovh.net", "kundenserver.de", "postmarkapp.com",
                  "emailsrvr.com", "mailbox.org", "posteo.de", "tutanota.de", "gandi.net", "privateemail.com",
                  "registrar-servers.com", "mxroute.com", "messagelabs.com", "iphmx.com", "hey.com", "titan.email",
                  "sophos.com", "trendmicro.com", "mail.ru", "one.com", "hostinger.com", "ionos.com")
_MX = re.compile(r"[\"']?Type[\"']?\s*[:=]\s*[\"']MX[\"']")
_MX_VALUE = re.compile(r"[\"']?Value[\"']?\s*[:=]\s*[\"']\s*\d+\s+([A-Za-z0-9.-]+?)\.?[\"']")
_RECORD_NAME = re.compile(r"[\"']?Name[\"']?\s*[:=]\s*[\"']([A-Za-z0-9.*_-]+?)\.?[\"']")
_UPSERT = re.compile(r"[\"']?Action[\"']?\s*[:=]\s*[\"'](?:UPSERT|CREATE)[\"']")


def _base(domain: str) -> str:
    labels = domain.lower().rstrip(".").split(".")
    two = len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "ac", "gov")
    return ".".join(labels[-3:] if two else labels[-2:])


def mail_taken(text: str) -> tuple[str, str] | None:
    """(the domain, the mail host) when a Route 53 change in `text` points a domain's MX at a host of another
    domain that is no mail provider; None otherwise."""
    if not _MX.search(text) or not _UPSERT.search(text):
        return None
    names = [n for n in _RECORD_NAME.findall(text) if "." in n]
    zone = _base(names[0].lstrip("*.")) if names else None
    for host in _MX_VALUE.findall(text):
        h = host.lower()
        if zone is None or _base(h) == zone or h.endswith(MAIL_PROVIDERS) or "$" in h or "{" in h:
            continue
        return zone, h
    return None


def mail_message(shown: str, zone: str, host: str) -> str:
    return (f"`{shown}` points the mail (MX) of {zone} at {host}, which is neither the domain's own nor a mail "
            "provider's: every email sent to the organisation goes there, password resets included. If the user is "
            "moving mail, let them make the change")


# -- remote access opened to the internet ------------------------------------------------------------------------------
_REMOTE_PORTS = frozenset({"22", "3389", "5985", "5986", "5900", "-1"})
_FROM_PORT = re.compile(r"[\"']?(?:FromPort|fromPort)[\"']?\s*[:=]\s*(-?\d+)|Port\.tcp\(\s*(\d+)\s*\)|Port\.allTraffic")
_CIDR = re.compile(r"[\"'](\d{1,3}(?:\.\d{1,3}){3})/(\d{1,2})[\"']")


def remote_access_range(text: str) -> str | None:
    """The public address range a security-group rule in `text` opens ssh, RDP, WinRM or VNC (or every port) to."""
    ports = {m.group(1) or m.group(2) or "-1" for m in _FROM_PORT.finditer(text)}
    if not ports & _REMOTE_PORTS:
        return None
    from .bash.admin import near_address

    for ip, bits in _CIDR.findall(text):
        if bits == "0" or not near_address(ip):
            return f"{ip}/{bits}"
    return None


def ingress_message(shown: str, cidr: str, why: str) -> str:
    return (f"`{shown}` opens remote login (ssh, RDP) from {cidr} {why}: a standing way in for whoever holds those "
            "addresses. Open one group to the address the task names, after a person confirms")


# -- an app's update feed pointed at another host ---------------------------------------------------------------------
# the files an installed app reads to find its next version: electron-updater's `latest*.yml` (and its channels),
# Squirrel.Windows' RELEASES, Sparkle's appcast, Tauri's `latest.json`. (A channel's run stops at the next name that
# is itself followed by `-x` or `.`, and an appcast's at the next `appcast`: their own tries read the same rest, so
# `latest-latest-…` is read once.)
FEED = re.compile(r"(?:latest|beta|alpha|stable|nightly)"
                  r"(?:-(?:(?!(?:latest|beta|alpha|stable|nightly)(?:-[\w-]|\.))[\w-])++)?\.ya?ml\b|\bRELEASES\b|"
                  r"appcast(?:(?!appcast)[\w-])*+\.xml\b|\blatest\.json\b")
_URL = re.compile(r"[\"'`](https?://[^\"'`\s{}$]+)")
# a cloud's own storage and CDN hosts, where an organisation's downloads ordinarily sit
_STORAGE_HOSTS = (".cloudfront.net", ".amazonaws.com", ".googleapis.com", ".core.windows.net", ".azureedge.net",
                  ".r2.dev", ".r2.cloudflarestorage.com", ".digitaloceanspaces.com", ".backblazeb2.com",
                  ".githubusercontent.com", ".fastly.net", ".akamaized.net")


def feed_host(text: str, owner: str) -> str | None:
    """The host outside the organisation (named by `owner`, the bucket's name) that the URLs an update feed in `text`
    is given point at; None when they stay with the organisation or a cloud's storage."""
    if not FEED.search(text):
        return None
    from .hosts import url_host

    words = org_words(owner)
    for url in _URL.findall(text):
        host = url_host(url)
        if not host or host.endswith(_STORAGE_HOSTS) or _own_domain(host) or any(w in url.lower() for w in words):
            continue
        if not words or stranger("domain:" + host, words) is not None:
            return host
    return None


def feed_message(shown: str, host: str) -> str:
    return (f"`{shown}` rewrites the app's update feed so that its downloads come from {host}, which is not the "
            "organisation's: every installed copy fetches and runs whatever that host serves as the next version. "
            "Publish updates with the project's release tooling, to its own hosts")
