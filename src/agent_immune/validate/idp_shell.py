"""Identity providers and directories as the shell's rules read them (bash/identity.py, and bash/api_calls.py for
curl to their admin APIs): what in an LDAP directory, a Keycloak realm, an Okta org, an Auth0 tenant or Microsoft
Entra ID is a secret, a way in, or a defence, by the names the services themselves use (LDAP attribute names,
Keycloak's realm representation, the admin REST paths). validate/idp.py holds the code rules' own tables.

- SECRET_ATTRS: LDAP attributes whose values are passwords or keys (a LAPS password is a computer's local
  administrator password in clear); asking a directory for them is reading secrets.
- ACCESS_ATTRS: attributes that, written on an account, let whoever holds a key log in as it (an SSH key sssd serves
  to every host, a shadow credential, a certificate mapping, delegation to a computer).
- admin_group(): Active Directory's built-in administrator groups and the hosts' usual ones.
- REALM_DEFENCES: Keycloak realm settings that, set false, turn off brute-force protection or the event logs.
- api_weakened(): a request to an IdP's admin API that turns off MFA, brute-force protection, a sign-on policy or
  the audit log stream.
- test_name(): a realm, tenant, org or directory whose name says it is for development or tests.
"""
from __future__ import annotations

import re

SECRET_ATTRS = frozenset(a.lower() for a in (
    "userPassword", "unicodePwd", "dBCSPwd", "ntPwdHistory", "lmPwdHistory", "supplementalCredentials",
    "ms-Mcs-AdmPwd", "ms-Mcs-AdmPwdHistory", "msLAPS-Password", "msLAPS-EncryptedPassword",
    "msLAPS-EncryptedPasswordHistory", "msLAPS-EncryptedDSRMPassword", "msLAPS-EncryptedDSRMPasswordHistory",
    "msDS-ManagedPassword", "msFVE-RecoveryPassword", "msTPM-OwnerInformation", "msPKIAccountCredentials",
    "msPKIDPAPIMasterKeys", "sambaNTPassword", "sambaLMPassword", "sambaPasswordHistory", "krbPrincipalKey",
    "userPKCS12"))

ACCESS_ATTRS = {
    "sshpublickey": "an SSH public key (every host that takes its users' keys from the directory, through sssd or "
                    "AuthorizedKeysCommand, then lets whoever holds the private key log in as that account)",
    "msds-keycredentiallink": "a key credential (\"shadow credentials\": whoever holds the key gets Kerberos "
                              "tickets as that account)",
    "altsecurityidentities": "a certificate mapping (whoever holds that certificate logs in as that account)",
    "msds-allowedtoactonbehalfofotheridentity": "delegation rights (the named account can act as any user, "
                                                "administrators included, towards that computer)",
}

# Active Directory's built-in privileged groups, and the usual names of the hosts' administrator groups
_AD_ADMIN_GROUPS = frozenset({"domain admins", "enterprise admins", "schema admins", "administrators",
                              "account operators", "backup operators", "server operators", "dnsadmins",
                              "group policy creator owners", "key admins", "enterprise key admins"})
_HOST_ADMIN_GROUPS = frozenset({"wheel", "sudo", "sudoers", "admin", "admins", "root", "sysadmins", "sysadmin",
                                "domain-admins", "linux-admins", "ldap-admins", "superusers"})

REALM_DEFENCES = {"bruteforceprotected": "brute-force protection", "eventsenabled": "the login event log",
                  "admineventsenabled": "the admin event log",
                  "admineventsdetailsenabled": "the details of the admin event log"}

_TEST_WORDS = re.compile(r"(?i)(?:^|[^a-z])(?:dev|devel|development|test|tests|testing|staging|stage|stg|qa|uat|"
                         r"sandbox|demo|local|localhost|e2e|ci|preview|tmp|playground)(?:[^a-z]|$)")


def test_name(*names: str) -> bool:
    """A realm, tenant, org or directory named for development or tests (`acme-dev`, `dc=staging`,
    `*.oktapreview.com`)."""
    return any(n and (_TEST_WORDS.search(n) or "oktapreview." in n.lower()) for n in names)


def ldif_changes(text: str) -> list[tuple[str, str, str, str]]:
    """(dn, operation, attribute, value) of each value an LDIF text adds or replaces: `add: member` then `member: …`
    in a modify, or the attributes of an entry added (`changetype: add`, or none: ldapadd)."""
    out: list[tuple[str, str, str, str]] = []
    # (LDIF folds long lines with a newline and one space)
    for record in re.split(r"\n\s*\n", text.replace("\r", "").replace("\n ", "")):
        dn, ctype, op, attr = "", "add", "", ""
        for line in record.split("\n"):
            if line.strip() == "-":
                op, attr = "", ""
                continue
            if not line or line[0] == "#" or ":" not in line:
                continue
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.lstrip(":< ").strip()
            if key == "dn":
                dn = value
            elif key == "changetype":
                ctype = value.lower()
            elif ctype == "modify" and key in ("add", "replace", "delete", "increment"):
                op, attr = key, value.lower()
            elif ctype == "modify":
                if op in ("add", "replace") and key == attr:
                    out.append((dn, op, key, value))
            elif ctype == "add":
                out.append((dn, "add", key, value))
    return out


_RDN = re.compile(r"(?i)^\s*cn\s*=\s*([^,]+)")


def admin_group(dn: str) -> str | None:
    """'ad' for an Active Directory built-in administrator group, 'host' for a hosts' administrator group."""
    m = _RDN.match(dn)
    if m is None:
        return None
    name = m.group(1).strip().lower()
    if name in _AD_ADMIN_GROUPS:
        return "ad"
    return "host" if name in _HOST_ADMIN_GROUPS else None


# -- the admin APIs ----------------------------------------------------------------------------------------------------
_OFF = re.compile(r'(?i)"?(?:enabled|isEnabled)"?\s*:\s*false\b|"status"\s*:\s*"(?:paused|inactive|suspended)"|'
                  r'"state"\s*:\s*"disabled"')
_REALM_OFF = re.compile(r'(?i)"(?:bruteForceProtected|eventsEnabled|adminEventsEnabled)"\s*:\s*false\b')
# (path, the methods that change it, a body that turns it off or None for any body, rule, what it does)
_API = [
    (re.compile(r"/api/v1/policies/[^/?#\s]+(?:/rules/[^/?#\s]+)?/lifecycle/deactivate"), ("POST",), None,
     "permission-tamper", "deactivates an Okta sign-on, MFA or password policy, so sign-ins skip what it required"),
    (re.compile(r"/api/v1/(?:org/factors|authenticators)/[^/?#\s]+/lifecycle/deactivate"), ("POST",), None,
     "permission-tamper", "turns off an Okta MFA factor for the whole org"),
    (re.compile(r"/api/v1/logStreams/[^/?#\s]+/lifecycle/deactivate"), ("POST",), None, "anti-forensics",
     "stops the Okta org's log stream, the audit trail its SIEM receives"),
    (re.compile(r"/api/v1/logStreams/[^/?#\s]+"), ("DELETE",), None, "anti-forensics",
     "deletes the Okta org's log stream, the audit trail its SIEM receives"),
    (re.compile(r"/api/v2/attack-protection/(?:brute-force-protection|breached-password-detection|"
                r"suspicious-ip-throttling)"), ("PATCH", "PUT"), _OFF, "permission-tamper",
     "turns off one of the Auth0 tenant's attack protections (brute force, breached passwords, suspicious IPs)"),
    (re.compile(r"/api/v2/guardian/factors/[^/?#\s]+"), ("PUT", "PATCH"), _OFF, "permission-tamper",
     "turns off an MFA factor of the Auth0 tenant"),
    (re.compile(r"/api/v2/guardian/policies"), ("PUT",), re.compile(r"^\s*\[\s*\]\s*$"), "permission-tamper",
     "sets the Auth0 tenant's MFA policy to never ask for a second factor"),
    (re.compile(r"/api/v2/log-streams/[^/?#\s]+"), ("DELETE",), None, "anti-forensics",
     "deletes the Auth0 tenant's log stream, the audit trail its SIEM receives"),
    (re.compile(r"/api/v2/log-streams/[^/?#\s]+"), ("PATCH",), _OFF, "anti-forensics",
     "pauses the Auth0 tenant's log stream, the audit trail its SIEM receives"),
    (re.compile(r"/admin/realms/[^/?#\s]+/?(?:$|[?#])"), ("PUT",), _REALM_OFF, "permission-tamper",
     "turns off the Keycloak realm's brute-force protection or event logs"),
    (re.compile(r"/admin/realms/[^/?#\s]+/events/config"), ("PUT",), _REALM_OFF, "anti-forensics",
     "turns off the Keycloak realm's event logs"),
    (re.compile(r"/admin/realms/[^/?#\s]+/(?:admin-)?events/?(?:$|[?#])"), ("DELETE",), None, "anti-forensics",
     "clears the Keycloak realm's event log"),
    (re.compile(r"/policies/identitySecurityDefaultsEnforcementPolicy"), ("PATCH",), _OFF, "permission-tamper",
     "turns off Entra ID's security defaults (MFA for every account)"),
    (re.compile(r"/identity/conditionalAccess/policies/[^/?#\s]+"), ("PATCH",), _OFF, "permission-tamper",
     "disables an Entra ID conditional access policy (the rules that require MFA or block risky sign-ins)"),
    (re.compile(r"/identity/conditionalAccess/policies/[^/?#\s]+"), ("DELETE",), None, "permission-tamper",
     "deletes an Entra ID conditional access policy (the rules that require MFA or block risky sign-ins)"),
]
# a cheap screen: one of these in a URL before the table is read
API_HINT = re.compile(r"/api/v[12]/|/admin/realms/|/policies/identitySecurity|/conditionalAccess/")


def api_weakened(url: str, method: str, body: str | None) -> tuple[str, str] | None:
    """(rule, what it does) when the request `method url` with `body` turns off a defence of an identity provider."""
    if API_HINT.search(url) is None:
        return None
    path = url.split("://", 1)[-1]
    path = path[path.find("/"):] if "/" in path else ""
    path = path.split("?", 1)[0].split("#", 1)[0]
    for rx, methods, off, rule, what in _API:
        if method in methods and rx.search(path) and (off is None or body is not None and off.search(body)):
            return rule, what
    return None


FIX_DEFENCE = ("leave it on; if a test needs to sign in without it, use a test user, realm or org set up for that "
               "(an Okta preview org, a dev tenant), not the live one")
FIX_AUDIT = "leave the audit trail as it is; if it is too noisy, filter it where it is read"


def fix_for(rule: str) -> str:
    return FIX_AUDIT if rule == "anti-forensics" else FIX_DEFENCE
