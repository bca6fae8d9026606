"""Identity providers administered from code or the shell (Keycloak, Auth0, Okta, Entra/Microsoft Graph, Google
Workspace, LDAP/Active Directory, Vault): which changes hand someone else the keys, as python/identity.py,
js/identity.py (and the shell's rules, which may reuse these tables) read them alike.

An identity provider is attacked through what its administrators already do: an administrator account or role for
someone else, an outside application consented to tenant-wide, a federated credential or identity provider trusting
an outside issuer, the login events streamed (or a login Action posting them) to another host, MFA and brute-force
protection switched off, an account's recovery address pointed elsewhere, password hashes and client secrets read
out. Whose address, host or repository that is, the code says: the organisation is named by its IdP tenant
(`acme.okta.com`), its realms (`acme-prod`), its directory (`dc=acme`), its apps and its own addresses
(`it@acme.example.com`); an address, domain or repository owner that shares none of those words, or a bare public
address, is an outsider's (cloud_admin.stranger). When the code names no organisation, who it is cannot be told and
a person is asked.

Each function takes the text of what the code sends (a body, an SDK call's arguments, with the names in it
followed) and returns a finding (verdict, rule, message) or None.
"""
from __future__ import annotations

import re

from .cloud_admin import _own_domain, org_words as _words, stranger
from .per_input import once
from .hosts import addresses, ip_literal, loopback, public_ip, stranger_host, url_host

# -- whose: the organisation's words ------------------------------------------------------------------------------
# hosts of an IdP tenant: the first labels name the organisation (`acme.okta.com`, `acme.eu.auth0.com`)
TENANT_SUFFIXES = ("okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "auth0.com", "onelogin.com",
                   "onmicrosoft.com", "b2clogin.com", "pingone.com", "jumpcloud.com", "my.salesforce.com")
# words of an IdP's vocabulary that name no organisation
_IDP_WORDS = frozenset("""
login logins auth oauth oauth2 sso idp idps identity identities accounts account keycloak okta oktapreview auth0 graph
microsoft microsoftonline azure entra google googleapis workspace ldap ldaps vault example master realm realms users
user people groups directory customer customers admin admins administrators domain partner partners portal ops
automation hooks hook events event logs log token tokens oidc saml connect openid web console manage management
""".split())
_URL_HOST = re.compile(r"""(?i)\b(?:https?|ldaps?)://([a-z0-9.-]+)""")
_REALM = re.compile(r"""(?:\brealm(?:Name|_name)?["']?\s*[:=]\s*["'`]|/realms/|\brealms/|\s-r\s+["']?)([\w.-]+)""")
# an address (read with hosts.addresses: a local part from where its run starts, and its domain)
_AT_DOMAIN = re.compile(r"""@([a-z0-9-]+(?:\.[a-z0-9-]+)+)""", re.I)
_EMAIL = re.compile(r"""(?<![\w.+-])[\w.+-]++""" + _AT_DOMAIN.pattern, re.I)
_DC = re.compile(r"(?i)\bdc=([a-z0-9-]+)")
_DISPLAY = re.compile(r"""(?i)display_?name\s*(?:eq\s*\\?['"]|["']?\s*[:=]\s*["'`])([\w .-]+)""")
_REPO = re.compile(r"""(?i)(?:github\.com[/:]|/repos/)([a-z0-9][a-z0-9-]*)/""")


def org_words(code: str, leave: str = "") -> set[str]:
    """The words naming the organisation whose identity provider `code` administers; `leave`: the candidate
    outsider, whose own words never count."""
    names: list[str] = []
    leave = leave.lower()
    for m in _URL_HOST.finditer(code):
        host = m.group(1).lower().rstrip(".")
        if any(host == s or host.endswith("." + s) for s in TENANT_SUFFIXES):
            names.append(host.split(".")[0])
        elif _own_domain(host) and not ip_literal(host):
            names.append(".".join(host.split(".")[:-1]))  # login.acme.example.com: acme
    for email, domain in addresses(_EMAIL, _AT_DOMAIN, code):
        domain = domain.lower()
        if domain in leave or email.lower() == leave:
            continue
        if _own_domain(domain) or any(domain.endswith(s) for s in TENANT_SUFFIXES):
            names.append(".".join(domain.split(".")[:-1]))
    names += [m.group(1) for m in _REALM.finditer(code)]
    names += [m.group(1) for m in _DC.finditer(code)]
    names += [m.group(1) for m in _DISPLAY.finditer(code)]
    names += [m.group(1) for m in _REPO.finditer(code) if m.group(1).lower() not in leave]
    return {w for w in _words(*names) if w not in _IDP_WORDS}


# well-known services an IdP's events, hooks and federation legitimately point at (a host or any name under it)
KNOWN_HOSTS = frozenset("""
okta.com oktapreview.com auth0.com onelogin.com microsoftonline.com microsoft.com windows.net azure.com azure.net
google.com googleapis.com github.com githubusercontent.com gitlab.com apple.com facebook.com linkedin.com
amazonaws.com amazoncognito.com splunkcloud.com splunk.com datadoghq.com datadoghq.eu sumologic.com logz.io
elastic-cloud.com cloud.es.io sentinel.azure.com loganalytics.io newrelic.com pagerduty.com slack.com
office.com webhook.office.com servicenow.com service-now.com atlassian.net atlassian.com salesforce.com
panther.io sekoia.io crowdstrike.com rapid7.com cloudflare.com
""".split())


def _known(host: str) -> bool:
    parts = host.lower().rstrip(".").split(".")
    return any(".".join(parts[i:]) in KNOWN_HOSTS for i in range(len(parts) - 1))


def host_owner(host: str | None, words: set[str]) -> str:
    """"own" (this machine, the user's network, a reserved name, a well-known service, or a name holding one of the
    organisation's words), "stranger" (a bare public address, or a name sharing none of them), "unknown" (no words
    to tell, or a host known only at run time)."""
    if not host or "$" in host or "{" in host:
        return "unknown"
    h = host.lower().rstrip(".")
    if ip_literal(h):
        return "stranger" if public_ip(h) else "own"
    if loopback(h) or _own_domain(h) or _known(h) or "." not in h:
        return "own"
    if not words:
        return "unknown"
    body = ".".join(h.split(".")[:-1])
    return "own" if any(w in body for w in words) else "stranger"


def _hosts_in(text: str) -> list[str]:
    return [m.group(1).lower().rstrip(".") for m in _URL_HOST.finditer(text)]


def _email_owner(email: str, words: set[str]) -> str:
    domain = email.rsplit("@", 1)[-1].lower()
    if _own_domain(domain) or any(domain.endswith(s) for s in TENANT_SUFFIXES):
        return "own"
    if not words:
        return "unknown"
    return "stranger" if stranger(email, words) else "own"


# -- administrator roles ---------------------------------------------------------------------------------------------
# Okta's administrator role types (READ_ONLY_ADMIN and REPORT_ADMIN only read); Keycloak's realm administrator roles;
# Entra's Global Administrator and Privileged Role Administrator role templates; Graph application permissions that
# let an app rule the tenant (write the directory, grant itself roles, read every mailbox and file)
OKTA_ADMIN = re.compile(r"""["'`]?type["'`]?\s*[:=]\s*["'`](SUPER_ADMIN|ORG_ADMIN|APP_ADMIN|USER_ADMIN|"""
                        r"""GROUP_MEMBERSHIP_ADMIN|API_ACCESS_MANAGEMENT_ADMIN|MOBILE_ADMIN|HELP_DESK_ADMIN)["'`]""")
KC_ADMIN_ROLE = re.compile(r"""["'`](realm-admin|manage-realm|manage-users|admin|create-realm)["'`]""")
ENTRA_ADMIN = re.compile(r"(?i)62e90394-69f5-4237-9190-012177145e10|e8611ab8-c189-46e8-94e1-60213ab1f814|"
                         r"Global Administrator|Privileged Role Administrator|Company Administrator")
GRAPH_POWER = re.compile(r"\b(?:Directory\.ReadWrite\.All|RoleManagement\.ReadWrite\.Directory|"
                         r"AppRoleAssignment\.ReadWrite\.All|Application\.ReadWrite\.All|User\.ReadWrite\.All|"
                         r"Group\.ReadWrite\.All|Mail\.ReadWrite|Mail\.Read|Mail\.Send|Files\.ReadWrite\.All|"
                         r"Sites\.FullControl\.All|Policy\.ReadWrite\.ConditionalAccess|"
                         r"UserAuthenticationMethod\.ReadWrite\.All|full_access_as_app)\b")
# a password the code itself sets for the account it makes (Okta's `credentials.password.value`, a `password`
# field given a literal or a name)
_PASSWORD_SET = re.compile(r"""["'`]?password["'`]?\s*[:=]\s*(?:\{\s*["'`]?value["'`]?\s*:\s*)?(["'`][^"'`\n]{4,}["'`]|"""
                           r"""[A-Za-z_]\w*)|\bpassword\s*[,}]""")
_NOT_PASSWORD = frozenset({"None", "null", "undefined", "True", "False", "true", "false", "os", "process", "getpass",
                           "input", "secrets", "generate_password", "randomPassword"})
FIX_ADMIN = ("give administrator roles only to the organisation's own people, and let a person do it (or grant the "
             "narrowest role the task needs)")


def hidden_password(code: str) -> bool:
    """Whether `code` sets a password it wrote itself for an account it makes (so only its author knows it)."""
    for m in _PASSWORD_SET.finditer(code):
        v = m.group(1)
        if v is None or v[:1] in "\"'`" or v not in _NOT_PASSWORD and not v.startswith(("os", "process")):
            return True
    return False


def admin_grant(shown: str, role: str, code: str) -> tuple[str, str, str]:
    """An administrator role (`role`, as the code names it) granted in the identity provider: blocked when the
    account is an outsider's (an address of the code on a domain that is not the organisation's) or one whose
    password the code sets itself; reviewed otherwise."""
    emails = sorted({email for email, _ in addresses(_EMAIL, _AT_DOMAIN, code)})
    for e in emails:
        if _email_owner(e, org_words(code, e.rsplit("@", 1)[1])) == "stranger":
            return ("block", "privilege-escalation",
                    f"`{shown}` gives {role} to an account of {e}, an address on a domain that is not the "
                    f"organisation's: whoever holds it then administers every user and app of the identity provider "
                    f"(and every system that trusts it); {FIX_ADMIN}")
    if hidden_password(code) and re.search(r"(?i)\bcreate|/users\b|\.add\(", code):
        return ("block", "privilege-escalation",
                f"`{shown}` gives {role} to an account whose password this code sets itself: a way into the identity "
                f"provider known only to whoever wrote the code; {FIX_ADMIN}")
    return ("review", "privilege-escalation",
            f"`{shown}` gives {role} in the identity provider: that account then administers its users and apps. "
            f"A person should confirm; {FIX_ADMIN}")


# an Entra service principal made in the code from the appId of an application it does not register: an
# application published in another tenant (multi-tenant), given power over this one
_APP_ID = re.compile(r"""["'`]?appId["'`]?\s*[:=]\s*["'`]([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})""",
                     re.I)
_MS_APPS = frozenset({"00000003-0000-0000-c000-000000000000", "00000002-0000-0ff1-ce00-000000000000",
                      "00000003-0000-0ff1-ce00-000000000000", "797f4846-ba00-4fd7-ba43-dac1f8f63013"})


def app_consent(shown: str, code: str) -> tuple[str, str, str] | None:
    """An application permission (or a delegated grant for every user) given tenant-wide: judged by the permission
    the code names; blocked when the service principal is made here for another tenant's application."""
    power = GRAPH_POWER.search(code)
    if power is None:
        return None
    outside = [g for g in _APP_ID.findall(code) if g.lower() not in _MS_APPS and
               len(re.findall(re.escape(g), code, re.I)) == 1 and not re.search(r"/applications\b|create_?[aA]pplication",
                                                                              code)]
    if outside:
        return ("block", "privilege-escalation",
                f"`{shown}` consents, for the whole tenant, to {power.group()} for the application {outside[0]}, "
                "registered in another tenant (the code makes its service principal here and names it nowhere else): "
                "its publisher can then act on every user and mailbox. Consent to outside applications only through "
                "the admin consent workflow, after a person reviews the publisher")
    return ("review", "privilege-escalation",
            f"`{shown}` grants {power.group()} for the whole tenant: the application can then act on every user. A "
            "person should confirm; grant the narrowest permission the task needs")


# -- trust handed to outside issuers ---------------------------------------------------------------------------------
_SUBJECT = re.compile(r"""["'`]?subject["'`]?\s*[:=]\s*["'`]repo:([\w.-]+)/([\w.-]+)""")
_ISSUER = re.compile(r"""["'`]?issuer["'`]?\s*[:=]\s*["'`](https?://[^"'`\s]+)""")


def federated(shown: str, body: str, code: str) -> tuple[str, str, str] | None:
    """A federated identity credential: tokens of the issuer (a CI's, for a repository) become the application's
    credentials, with no secret. The repository's owner (or the issuer) an outsider's: blocked."""
    m = _SUBJECT.search(body)
    if m is not None:
        owner = m.group(1)
        words = org_words(code, owner)
        if words and not (words & _words(owner) or any(w in owner.lower() for w in words)):
            return ("block", "persistence",
                    f"`{shown}` lets the GitHub repository {owner}/{m.group(2)}, whose owner is not the organisation, "
                    "sign in as the application with no secret: every workflow run there gets its permissions. Trust "
                    "only the organisation's own repositories")
        return None if words else ("review", "privilege-escalation",
                                   f"`{shown}` lets the repository {owner}/{m.group(2)} sign in as the application with "
                                   "no secret. A person should confirm that the repository is the organisation's")
    iss = _ISSUER.search(body)
    host = url_host(iss.group(1)) if iss is not None else None
    if host is not None and host_owner(host, org_words(code, host)) == "stranger":
        return ("block", "persistence", f"`{shown}` lets tokens issued by {host}, an outsider's issuer, sign in as the "
                                        "application with no secret; trust only the organisation's own issuers")
    return None


_TRUST_EMAIL = re.compile(r"""["'`]?(?:trustEmail|trust_email|linkOnly|is_domain_connection)["'`]?\s*[:=]\s*(?:true|True|["'`]true)|"""
                          r"""auto-?link|["'`]?syncMode["'`]?\s*[:=]\s*["'`]FORCE|hideOnLogin["'`]?\s*[:=]\s*true|"""
                          r"""["'`]?(?:domain_aliases|account_linking)\b""", re.I)


def idp_added(shown: str, body: str, code: str) -> tuple[str, str, str] | None:
    """An identity provider (a broker, an enterprise connection) added: its users sign in to the realm. One whose
    issuer is an outsider's host, set to link accounts by email (`trustEmail`, a silent first-login flow): anyone
    it vouches for takes over the account of that address, blocked; another outsider's issuer held."""
    for host in _hosts_in(body):
        who = host_owner(host, org_words(code, host))
        if who == "stranger":
            if _TRUST_EMAIL.search(body):
                return ("block", "persistence",
                        f"`{shown}` adds {host}, an outsider's identity provider, and links the accounts it vouches "
                        "for to existing users by email: whoever runs it can sign in as any user. Add identity "
                        "providers only for the organisation's own or well-known issuers, and without trusting their "
                        "email claims")
            return ("review", "privilege-escalation",
                    f"`{shown}` adds {host} as an identity provider: the accounts it vouches for can sign in. A person "
                    "should confirm that it is a partner's")
    return None


# -- events and login code sent elsewhere ----------------------------------------------------------------------------
_DEST = re.compile(r"""["'`]?(?:uri|url|httpEndpoint|notificationUrl|endpoint|http_endpoint|httpContentEndpoint)["'`]?"""
                   r"""\s*[:=]\s*["'`]((?:https?:)?//[^"'`\s]+)""")


def sink(shown: str, body: str, code: str, what: str = "the identity provider's events") -> tuple[str, str, str] | None:
    """An event hook, log stream or change subscription: `what` (every sign-in, password change, new token) sent to
    the destination the body names. An outsider's host: blocked; one the code's words cannot place: reviewed."""
    for m in _DEST.finditer(body):
        host = url_host(m.group(1))
        who = host_owner(host, org_words(code, host or ""))
        if who == "stranger":
            return ("block", "exfiltration",
                    f"`{shown}` streams {what} to {host}, an outsider's host: every sign-in, password change and new "
                    "token is reported there from now on. Send events only to the organisation's own SIEM or a "
                    "well-known log service")
        if who == "unknown" and host:
            return ("review", "exfiltration",
                    f"`{shown}` streams {what} to {host}. A person should confirm that it is the organisation's own "
                    "SIEM")
    return None


# what an Auth0 Action, Rule or Hook sees of each login: the user's profile and tokens, the request, the Action's
# own secrets
_LOGIN_DATA = re.compile(r"\b(?:event\.(?:user|request|secrets|authorization|transaction)|api\.(?:accessToken|idToken)|"
                         r"user\.|context\.|configuration\.)")


def login_code(shown: str, body: str, code: str) -> tuple[str, str, str] | None:
    """Code deployed to run at every login (an Auth0 Action, Rule or Hook) that sends to a host: an outsider's, or a
    bare address, blocked; another host the code's words cannot place, when it sends what the login carries,
    reviewed."""
    for host in _hosts_in(body):
        who = host_owner(host, org_words(code, host))
        if who == "stranger":
            return ("block", "exfiltration",
                    f"`{shown}` deploys code that runs at every login and sends to {host}, an outsider's host: each "
                    "user's profile, tokens and the Action's secrets go there. Call only the organisation's own "
                    "services from login code")
        if who == "unknown" and _LOGIN_DATA.search(body):
            return ("review", "exfiltration",
                    f"`{shown}` deploys code that runs at every login and sends what it sees to {host}. A person "
                    "should confirm that host is the organisation's")
    return None


# -- protections switched off ----------------------------------------------------------------------------------------
_WEAKENED = re.compile(
    r"""(?:["'`]?(?:requireFactor|bruteForceProtected|eventsEnabled|adminEventsEnabled|adminEventsDetailsEnabled|"""
    r"""mfa_required|otpRequired)["'`]?\s*[:=]\s*(?:false|False|["'`]false))|"""
    r"""["'`]?state["'`]?\s*[:=]\s*["'`]disabled|"""
    r"""["'`]?factorMode["'`]?\s*[:=]\s*["'`]1FA|/lifecycle/deactivate""")
_PROTECTION = re.compile(r"(?i)\bmfa\b|factor|sign_?on|brute|otp|conditionalAccess|guardian|events|policy|policies")
_LOCAL_WORDS = re.compile(r"(?i)(?:^|[^a-z])(?:dev|test|testing|sandbox|local|e2e|ci)(?:[^a-z]|$)|_DEV_|DEV_|staging")


def weakened(shown: str, text: str, where: str, code: str) -> tuple[str, str, str] | None:
    """MFA, the sign-on policy's factor, brute-force protection or the audit events switched off (`text`: what is
    sent) on the identity provider at `where` (its URL, "" when known only at run time): a local one allowed; one
    named for development or tests reviewed; any other blocked."""
    m = _WEAKENED.search(text)
    if m is None or not _PROTECTION.search(text + " " + where + " " + code[:2000]):
        return None
    host = url_host(where) if "//" in where else None
    if host is not None and loopback(host):
        return None
    what = m.group(0).strip("\"'` ")
    # (the events and log streams are the record of who did what: turned off, `anti-forensics`, as the shell's rules
    # read `kcadm.sh update realms/x -s eventsEnabled=false`; MFA and lockout are permissions, `permission-tamper`)
    rule = "anti-forensics" if re.search(r"(?i)events|logStreams", what) else "permission-tamper"
    if _LOCAL_WORDS.search(where):
        return ("review", rule,
                f"`{shown}` turns a protection of the identity provider off ({what}). A person should confirm that "
                "this is a development tenant; for tests, use a test user exempt from MFA instead")
    return ("block", rule,
            f"`{shown}` turns a protection of the identity provider off ({what}): sign-ins without MFA, password "
            "guessing without lockout or no record of who did what, for every user. Leave the policy on; for tests, "
            "use a test user or a development tenant exempt from it")


# -- account recovery ------------------------------------------------------------------------------------------------
_RECOVERY = re.compile(r"""["'`]?(recoveryEmail|recoveryPhone|secondEmail|otherMails|emailAddress|phoneNumber|"""
                       r"""recovery_email)["'`]?\s*[:=]\s*\[?\s*["'`]([^"'`]+)["'`]""")


FREE_MAIL = frozenset({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
                       "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "aol.com",
                       "fastmail.com", "yandex.com", "mail.com", "zoho.com",
                       # (session 31: the regional and privacy providers attackers favour; one list for every area)
                       "gmx.net", "gmx.at", "gmx.ch", "web.de", "tutanota.com", "tutanota.de", "tuta.io", "tuta.com",
                       "tutamail.com", "pm.me", "protonmail.ch", "yandex.ru", "ya.ru", "mail.ru", "inbox.ru", "bk.ru",
                       "list.ru", "rambler.ru", "yahoo.co.uk", "yahoo.fr", "outlook.fr", "hotmail.co.uk", "msn.com",
                       "qq.com", "163.com", "126.com", "cock.li", "mailfence.com", "disroot.org", "riseup.net",
                       "hushmail.com", "zohomail.com", "guerrillamail.com"})


def recovery(shown: str, body: str, code: str) -> tuple[str, str, str] | None:
    """An account's recovery address (or second email, an authentication email method) set: whoever holds that
    address can reset the account's password. An outsider's address: blocked; one the code cannot place:
    reviewed; the organisation's own: allowed."""
    for m in _RECOVERY.finditer(body):
        value = m.group(2)
        if "@" not in value:
            continue
        who = _email_owner(value, org_words(code, value.rsplit("@", 1)[1]))
        if who == "stranger":
            # (a free mail address may be the owner's own; whose, a person knows)
            free = value.rsplit("@", 1)[1].lower() in FREE_MAIL
            return ("review" if free else "block", "persistence",
                    f"`{shown}` sets the account's {m.group(1)} to {value}, an address on a domain that is not the "
                    "organisation's: its holder can reset the password and take the account over. Leave recovery "
                    "settings to the account's owner")
        if who == "unknown":
            return ("review", "persistence",
                    f"`{shown}` sets the account's {m.group(1)} to {value}: its holder can reset the password. A "
                    "person should confirm the address is the owner's")
    return None


# -- secrets read out ------------------------------------------------------------------------------------------------
# directory attributes holding passwords, their hashes or the local administrator passwords LAPS keeps
SECRET_ATTRS = re.compile(r"""(?i)["'`](userPassword|unicodePwd|ms-Mcs-AdmPwd|msLAPS-Password|msLAPS-EncryptedPassword|"""
                          r"""sambaNTPassword|sambaLMPassword|ntPwdHistory|lmPwdHistory|supplementalCredentials|"""
                          r"""dBCSPwd|msDS-ManagedPassword|authPassword|krbPrincipalKey)["'`]""")


def directory_secrets(shown: str, attrs: str) -> tuple[str, str, str] | None:
    m = SECRET_ATTRS.search(attrs)
    if m is None:
        return None
    return ("block", "secret-read",
            f"`{shown}` reads {m.group(1)} from the directory: the accounts' passwords (or their hashes), which crack "
            "or replay into every system that trusts the directory; agents must not touch credentials. Read only the "
            "attributes the task needs")


# the calls that hand the code an IdP's client secrets or a new credential
SECRET_CALLS = re.compile(r"\b(?:getClientSecret|generateNewClientSecret|regenerateSecret|get_client_secrets?|"
                          r"generate_client_secrets|rotateClientSecret|rotate_client_secret|addPassword|add_password|"
                          r"getClientSecretRotation)\b")
# (from the start of a word: its first letter, `_` or `$` starts the name, and each word is read once)
_ASSIGNED = re.compile(r"(?<![\w$])[^\W_A-Za-z]*+([A-Za-z_$][\w$]*+)\s*+(?:\[[^\]\n]*+\]\s*+)?=[^=\n][^\n;]*+$")


_MAKES_USER = re.compile(r"(?i)\busers?\s*\.\s*create\b|create_?user|/api/v[12]/users\b|/users/?[\"'`?]|"
                         r"auth/[\w-]+/users/")
_GENERATED = re.compile(r"[\"'`]|random|secrets\.|crypto|uuid|token_|nanoid|Date\.now")
_READ_IN = re.compile(r"environ|process\.env|getenv|getpass|input\(|argv|readFile|read_text|open\(")


def credential_names(code: str) -> set[str]:
    """Names the code keeps an IdP credential in: what a client-secret read is assigned to (`secrets[c.clientId] =
    (await kc.clients.getClientSecret(…)).value`), and the password it sets for an account it makes."""
    read: set[str] = set()
    for m in SECRET_CALLS.finditer(code):
        line_start = code.rfind("\n", 0, m.start()) + 1
        a = _ASSIGNED.search(code[line_start:m.start()] + " x")
        if a is not None:
            read.add(a.group(1))
    out: set[str] = set()
    for m in _PASSWORD_SET.finditer(code):
        if not _MAKES_USER.search(code, max(0, m.start() - 600), m.start()):
            continue  # a password sent to log in somewhere, not one set for an account the code makes
        v = m.group(1) or "password"
        if v[:1] in "\"'`" or v in _NOT_PASSWORD or len(v) < 2:
            continue
        made = re.search(rf"(?<![\w.$]){re.escape(v)}\s*=\s*([^\n;]*)", code)
        if made is not None and _GENERATED.search(made.group(1)) and not _READ_IN.search(made.group(1)):
            out.add(v)  # the code made the password up itself (a literal, random or a token)
    return read | out


def sent_out(shown: str, host: str, sent: str, code: str) -> tuple[str, str, str] | None:
    """A request from code that administers an identity provider, to `host`, carrying `sent` (its body and URL): an
    IdP credential the code holds in it, or any of it to a bare public address or an outsider's host: blocked."""
    if not host:
        return None
    # (asked of the whole code at each request: once per input and host, 1,500 requests read it once)
    names = once(code, credential_names, credential_names)
    hit = next((n for n in names if re.search(rf"(?<![\w.$]){re.escape(n)}\b", sent)), None)
    who = host_owner(host, once(code, (org_words, host), lambda c: org_words(c, host)))
    if hit is not None and who != "own":
        return ("block", "exfiltration",
                f"`{shown}` sends {hit}, a credential of the identity provider (a client secret it read, a password "
                f"it set), to {host}: whoever gets it signs in as that client or user. Keep credentials in the IdP or "
                "the project's secret store")
    if who == "stranger" and sent.strip():
        # (a bare public address is no one's service; a domain sharing none of the organisation's words may still be
        # a supplier the code does not name, so a person is asked)
        bare = ip_literal(host)
        whose = "a bare public address" if bare else "a host that is not the organisation's"
        return ("block" if bare else "review", "exfiltration",
                f"`{shown}` sends what the code reads from the identity provider to {host}, {whose}: the directory's "
                "users, secrets or accounts leave the organisation. Keep the data here and let the user move it")
    return None


# -- Vault ---------------------------------------------------------------------------------------------------------
_ROOT_POLICY = re.compile(r"""["'`]root["'`]""")
_ALL_PATHS = re.compile(r"""path\s+\\?["']\*\\?["']\s*\{[^}]*capabilities\s*=\s*\[[^\]]*\\?["'](?:sudo|update|create)""")


def vault_login(shown: str, policies: str, local: bool) -> tuple[str, str, str] | None:
    """A Vault login (a userpass user, an AppRole, a token role) bound to the `root` policy: whoever holds it
    controls every secret and setting of Vault. On this machine's dev server: allowed."""
    if local or not _ROOT_POLICY.search(policies):
        return None
    return ("block", "privilege-escalation",
            f"`{shown}` binds a Vault login to the root policy: whoever holds its password or secret id controls "
            "every secret, auth method and policy of Vault, and no audit shows it as an administrator's. Give logins "
            "a policy that covers the paths the task needs")


def vault_policy(shown: str, name: str | None, policy: str, local: bool) -> tuple[str, str, str] | None:
    """A Vault policy granting every path: as `default` (attached to every token) blocked, under another name
    reviewed."""
    if local or not _ALL_PATHS.search(policy):
        return None
    if name == "default":
        return ("block", "privilege-escalation",
                f"`{shown}` rewrites Vault's default policy to allow every path: every token, of every app and user, "
                "then reads and changes every secret. Keep `default` narrow and write the rights the task needs into "
                "a policy of its own")
    return ("review", "privilege-escalation",
            f"`{shown}` writes a Vault policy allowing every path: a person should confirm; allow only the paths "
            "the task needs")


# -- Active Directory --------------------------------------------------------------------------------------------------
PRIVILEGED_GROUPS = re.compile(r"(?i)\bCN=(Domain Admins|Enterprise Admins|Schema Admins|Administrators|"
                               r"Account Operators|Backup Operators|Server Operators|DnsAdmins|"
                               r"Group Policy Creator Owners|Key Admins|Enterprise Key Admins)\s*,")


def privileged_group(shown: str, dn: str) -> tuple[str, str, str] | None:
    """A member added to a built-in administrators' group of Active Directory: administrator of every machine of
    the domain (its controllers too), blocked."""
    m = PRIVILEGED_GROUPS.search(dn)
    if m is None:
        return None
    return ("block", "privilege-escalation",
            f"`{shown}` adds a member to {m.group(1)}: that account becomes an administrator of every machine of the "
            "domain, its controllers included (a classic way to keep control of a network). Let a domain "
            "administrator make this change, or use a delegated group with the rights the task needs")


# -- trust material and server plugins fetched from strangers --------------------------------------------------------
TRUST_MATERIAL = re.compile(r"(?i)\.(?:crt|cer|pem|der|jwks?)\b|jwks|x509|certs?\b|metadata\.xml|/metadata\b")
PLUGIN_DIR = re.compile(r"(?i)keycloak/(?:providers|deployments|standalone/deployments)\b|/opt/keycloak/|"
                        r"/opt/jboss/keycloak/")


def fetched_from(url: str | None) -> str | None:
    """The host of a download no one vouches for (hosts.stranger_host), the organisation's own domains apart."""
    host = stranger_host(url)
    if host is None or not ip_literal(host) and _own_domain(host):
        return None
    return host


def trust_fetched(shown: str, url: str) -> tuple[str, str, str] | None:
    """A certificate, key set or IdP metadata downloaded from a bare public address (or over plain HTTP) in code that
    installs it as what the application trusts: whoever serves it signs assertions or tokens it accepts."""
    host = fetched_from(url)
    if host is None:
        return None
    return ("block", "persistence",
            f"`{shown}` fetches signing trust (a certificate or key set) from {host}, an address no one vouches for, "
            "and installs it: tokens or SAML assertions signed by whoever serves it are then accepted as any user. "
            "Take the IdP's certificate from its own metadata URL, and check its fingerprint")


def plugin_fetched(shown: str, url: str | None, dest: str) -> tuple[str, str, str] | None:
    """A Keycloak provider (a jar run inside the identity provider) downloaded into its providers directory: from a
    bare address or over plain HTTP blocked, from any other host reviewed."""
    if not PLUGIN_DIR.search(dest):
        return None
    host = fetched_from(url)
    if host is not None:
        return ("block", "persistence",
                f"`{shown}` installs a Keycloak provider downloaded from {host}, an address no one vouches for: its "
                "code runs inside the identity provider, sees every password and token, and can sign in as anyone. "
                "Install providers the project builds or pins by checksum")
    return ("review", "persistence",
            f"`{shown}` installs a Keycloak provider (code that runs inside the identity provider, seeing every "
            "password and token). A person should confirm where it comes from")


# -- deletes -----------------------------------------------------------------------------------------------------
LOSS_REALM = "deletes the realm with every user, client, role and setting in it"
LOSS_CLIENT = "deletes the application: its client id and secret stop working for good, and its settings go"
LOSS_CONNECTION = "deletes the connection, and with it every user stored in it"
LOSS_IDP = "deletes the identity provider: the accounts linked through it can no longer sign in"
LOSS_USERS = "deletes users one after another (their accounts, group links and history cannot be brought back)"
LOSS_LDAP = "deletes directory entries one after another (an entry deleted loses its attributes and group links)"


def delete_message(shown: str, loss: str) -> str:
    return (f"`{shown}` {loss}, in the identity provider. A person should confirm; list what it would delete first "
            "and let the user run it")


# REST: the admin API paths read, on the URL a request goes to
_OKTA_ROLES = re.compile(r"/api/v1/(?:users|groups)/[^/?]+/roles/?(?:[?#]|$)")
_GRAPH_CONSENT = re.compile(r"/servicePrincipals/[^/?]+/(?:appRoleAssignments|appRoleAssignedTo)\b|"
                            r"/oauth2PermissionGrants\b")
_GRAPH_ROLES = re.compile(r"/directoryRoles/[^/?]+/members\b|/roleManagement/directory/roleAssignments\b")
_FEDERATED = re.compile(r"/(?:applications|servicePrincipals)/[^/?]+/federatedIdentityCredentials\b")
_SINKS = re.compile(r"/api/v1/(?:eventHooks|logStreams|inlineHooks)\b|/api/v2/(?:log-streams|hooks)\b|"
                    r"/(?:v1\.0|beta)/subscriptions\b")
_LOGIN_CODE = re.compile(r"/api/v2/(?:actions/actions|rules)\b")
_IDPS = re.compile(r"/admin/realms/[^/?]+/identity-provider/instances\b|/api/v1/idps\b")
_RECOVERY_PATH = re.compile(r"/admin/directory/v1/users/[^/?]+/?(?:[?#]|$)|"
                            r"/authentication/(?:emailMethods|phoneMethods)\b|/api/v1/users/[^/?]+/?(?:[?#]|$)")
_PROTECTIONS = re.compile(r"/api/v1/policies/[^/?]+/rules/|/api/v1/(?:policies|logStreams|eventHooks)/[^/?]+/lifecycle/"
                          r"deactivate|/admin/realms/[^/?]+/?(?:[?#]|$)|/admin/realms/[^/?]+/events/config\b|"
                          r"/conditionalAccess/policies/|/api/v2/guardian/")
_VAULT_REST_LOGIN = re.compile(r"/v1/auth/[^?]+/(?:users|role)/[^/?]+")
_VAULT_REST_POLICY = re.compile(r"/v1/sys/polic(?:y|ies/acl)/([^/?]+)")


def rest_finding(shown: str, method: str, url: str, text: str, code: str, where: str, host: str | None):
    """The finding for a request `shown` sends with `method` to `url` (its body's text `text`, the whole code `code`,
    `where` the URL as written too) at `host`: an identity provider's admin API asked to grant, trust, send or weaken
    (both languages' REST readers), or the provider's data sent elsewhere; None for any other request."""
    from .common_code import COMPUTED, ENVIRONMENT

    found = None
    if method in ("POST", "PUT", "PATCH"):
        if _OKTA_ROLES.search(url):
            m = OKTA_ADMIN.search(text)
            found = admin_grant(shown, m.group(1), code) if m is not None else None
        elif _GRAPH_CONSENT.search(url):
            found = app_consent(shown, code)
        elif _GRAPH_ROLES.search(url):
            m = ENTRA_ADMIN.search(text + " " + code)
            found = admin_grant(shown, "Global Administrator", code) if m is not None else None
        elif _FEDERATED.search(url):
            found = federated(shown, text, code)
        elif _SINKS.search(url):
            found = sink(shown, text, code)
        elif _LOGIN_CODE.search(url):
            found = login_code(shown, text, code)
        elif _IDPS.search(url):
            found = idp_added(shown, text, code)
        elif _VAULT_REST_LOGIN.search(url):
            found = vault_login(shown, text, False)
        elif _VAULT_REST_POLICY.search(url):
            found = vault_policy(shown, _VAULT_REST_POLICY.search(url).group(1), text, False)
        if found is None and _RECOVERY_PATH.search(url):
            found = recovery(shown, text, code)
        if found is None and _PROTECTIONS.search(url):
            found = weakened(shown, text + "\n" + code, where, code)
    if found is None and host and COMPUTED not in host and ENVIRONMENT not in host:
        found = sent_out(shown, host, url + " " + text, code)
    return found
