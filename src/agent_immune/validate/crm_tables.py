"""Customer-support and CRM administration (Salesforce, HubSpot, Zendesk, Freshdesk, Intercom, Front, Help Scout): the
tables and judgements the shell rules (bash/crm.py) and the code rules (python/crm.py, js/crm.py) share (session 24).

A helpdesk or CRM is attacked through what its administrators may do: an administrator or agent added for someone
else's address (or an agent's sign-in address changed to it), a webhook that copies every ticket to someone else's
server, the account's IP restriction or two-factor requirement turned off, a Connected App or an Apex callout that
hands the org's records to another host, and the payout bank details of every vendor rewritten to one account.

Whose address: the validator knows none of the organisation's domains, so it reads them from the same command or
script: the tenant it administers (`acme.zendesk.com`, `acme.freshdesk.com`, `acme.my.salesforce.com`, Zenpy's
`subdomain="acme"`, the sf CLI's `--target-org acme-prod`) gives the organisation's words (cloud_admin.org_words), and
addresses the script names in another role give its domains (mail_tables.own_domains). A domain holding none of
those is a stranger's; one reserved for examples or a private network is the organisation's own; with nothing named
at all the address is not known, and an administrator for it is held for a person.

What has no undo is held `irreversible`: Salesforce hard deletes (the Bulk API's `hardDelete`, `sf data delete bulk
--hard-delete`), the recycle bin emptied, a sandbox deleted, destructive metadata deploys, HubSpot's GDPR purge.
"""
from __future__ import annotations

import functools
import re

from . import mail_tables as mt
from .host_kinds import FREE_HOSTS

# -- is this text about a CRM at all (a screen over the code's bytes) ------------------------------------------------
MARK = re.compile(rb"(?i)zendesk|freshdesk|freshservice|hubapi|hubspot|salesforce|force\.com|jsforce|zenpy|"
                  rb"intercom|frontapp|helpscout|sfdx|\bsf\b|destructiveChanges|emptyRecycleBin|hard_?delete")


@functools.lru_cache(maxsize=4)
def crm_code(data: bytes) -> bool:
    """MARK of a snippet's bytes, read once per snippet: the Python hook asks on every call of a common name (`update`,
    `run`, `create`), and MARK, with no literal to skip ahead by, costs about a millisecond per 10 kB."""
    return MARK.search(data) is not None


# the vendors' API hosts
VENDOR_HOST = re.compile(r"(?i)(?:^|\.)(?:zendesk\.com|freshdesk\.com|freshservice\.com|hubapi\.com|hubspot\.com|"
                         r"salesforce\.com|force\.com|intercom\.io|frontapp\.com|helpscout\.net|gorgias\.com|"
                         r"kustomerapp\.com|zohodesk\.com)$")

# -- the organisation, as the text names it ------------------------------------------------------------------------
# (a name is read from its first character only: started at every `\b` inside `a-b-c-…`, each try ran to the end of
# the name, minutes on 100 kB of it)
_TENANT = re.compile(r"(?i)(?<![\w-])([a-z0-9][a-z0-9-]*)\.(?:zendesk|freshdesk|freshservice|gorgias|kustomerapp)\.com\b|"
                     r"(?<![\w-])([a-z0-9][a-z0-9-]*?)(?:--[a-z0-9]+)?\.(?:my|lightning|sandbox\.my)\.(?:salesforce|force)"
                     r"\.com\b")
_SUBDOMAIN = re.compile(r"""(?i)\bsubdomain["']?\s*[=:]\s*["']([a-z0-9-]+)["']""")
_ORG_ALIAS = re.compile(r"""--target-org(?:=|["']?\s*,?\s*["']?)([A-Za-z0-9][\w.@-]*)""")


def tenant_words(text: str) -> set[str]:
    """The organisation's words the text names as the tenant it administers (`acme.zendesk.com` -> acme)."""
    from .cloud_admin import org_words

    names = [a or b for a, b in _TENANT.findall(text)] + _SUBDOMAIN.findall(text) + _ORG_ALIAS.findall(text)
    return org_words(*names) if names else set()


# (read from the first character of a run only: a try from every character of a long run each scanned the rest of it)
_ADDR = re.compile(r"(?<![\w.+%'-])[\w.+%'-]+@(?:(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}|\[?\d{1,3}(?:\.\d{1,3}){3}\]?)")
# hosts that receive webhooks as a service of their own: chat, paging, ticketing, automation, the CRMs themselves
_KNOWN_HOOK_HOSTS = frozenset("""
slack.com pagerduty.com opsgenie.com atlassian.net atlassian.com office.com office365.com microsoft.com discord.com
zapier.com make.com integromat.com workato.com tray.io twilio.com segment.io segment.com salesforce.com force.com
hubspot.com hubapi.com zendesk.com intercom.io freshdesk.com frontapp.com helpscout.net linear.app asana.com
monday.com github.com gitlab.com statuspage.io datadoghq.com sentry.io webex.com googleapis.com
""".split())
# hosting platforms, the clouds' and the free app hosts: a name there is anyone's, the organisation's or not
_HOSTING = frozenset("""
amazonaws.com cloudfunctions.net azurewebsites.net run.app azure-api.net appspot.com
""".split()) | frozenset(FREE_HOSTS)


def whose(domain: str, words: set[str], text: str, skip=()) -> str:
    """"own", "stranger" or "unknown" for a domain (or host) the text gives access or data to, given the
    organisation's words (tenant_words) and the script's text, `skip` being the words judged (left out of what
    names the organisation)."""
    from .bash.admin import near_address
    from .cloud_admin import _own_domain, stranger
    from .hosts import ip_literal
    from .secret_owner import own_network

    d = domain.lower().strip(".[]")
    if not d or "$" in d or "{" in d:
        return "unknown"
    if ip_literal(d):
        return "own" if near_address(d) else "stranger"
    if _own_domain(d) or own_network(d):
        return "own"
    base = mt.base(d)
    own = mt.own_domains(text, skip=skip)
    if base in own:
        return "own"
    if words and stranger("x@" + d, words) is None:
        return "own"
    if base in _HOSTING:
        return "unknown"
    return "stranger" if words or own else "unknown"


def _addresses(text: str) -> list[str]:
    return list(dict.fromkeys(a for a in _ADDR.findall(text) if "{{" not in a))


# -- administrators and agents ---------------------------------------------------------------------------------------
_ADMIN = re.compile(r"""(?i)["'`]?\brole["'`]?\s*[:=]\s*\\?["'`](?:admin|administrator|account_admin|owner)\\?["'`]|"""
                    r"""["'`]?\bsuper_?admin["'`]?\s*[:=]\s*(?:true|1)\b|\brole_ids\b[^\n]{0,80}?admin|"""
                    r"""System Administrator|\bModifyAllData\b|\bis_admin["']?\s*[:=]\s*(?:true|1)\b""")
# the account is made without its owner being told: a password set by the script, the welcome or verification mail
# left out
_HIDDEN = re.compile(r"""(?i)\bset_?password\b|["'`]?\bpassword["'`]?\s*[:=]\s*["'`][^"'`$\s{]{6,}|"""
                     r"""["'`]?\bsend_?welcome_?email["'`]?\s*[:=]\s*(?:false|0)\b|\bskip_verify_email\b|"""
                     r"""["'`]?\bverified["'`]?\s*[:=]\s*(?:true|1)\b""")
# Salesforce: a User made with an administrator's profile (its id looked up by the profile's name)
SF_ADMIN_PROFILE = re.compile(r"(?i)\bName\s*=\s*\\?'System Administrator\\?'|System Administrator")


def admin_finding(shown: str, service: str, grant: str, text: str, *, admin: bool, words: set[str] | None = None
                  ) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for `grant` (a request body, a call, the values of a record) that makes a user or an
    agent of `service`, an administrator when `admin`; `text` is the whole command or script."""
    emails = _addresses(grant)
    if words is None:
        words = tenant_words(text)
    kinds = [(e, whose(mt.address_domain(e), words, text, skip=emails)) for e in emails]
    bad = next((e for e, k in kinds if k == "stranger"), None)
    what = "an administrator" if admin else "an agent"
    if bad is not None:
        return ("block", "privilege-escalation",
                f"`{shown}` makes {bad} {what} of the organisation's {service}, and {mt.address_domain(bad)} is "
                "nothing the command names as the organisation's: whoever holds that address reads every customer's "
                f"records{' and controls the account' if admin else ''}; {ADMIN_FIX}")
    shown_who = next((e for e, _ in kinds), "an address known only at run time")
    if admin and _HIDDEN.search(grant):
        return ("block", "privilege-escalation",
                f"`{shown}` makes {shown_who} {what} of the organisation's {service} with a password the script sets "
                f"or no mail to its owner: an account known only to whoever wrote the command; {ADMIN_FIX}")
    if not admin:
        return None
    if kinds and all(k == "own" for _, k in kinds):
        return ("review", "privilege-escalation",
                f"`{shown}` makes {shown_who} an administrator of the organisation's {service}; a person should "
                "confirm it")
    return ("review", "privilege-escalation",
            f"`{shown}` makes {shown_who} an administrator of the organisation's {service}, and nothing here says the "
            "address is the organisation's; a person should confirm it")


def takeover_finding(shown: str, service: str, body: str, text: str) -> tuple[str, str, str] | None:
    """An existing agent's or user's sign-in address changed (`PUT /api/v2/agents/ID {"email": …}`) to a stranger's:
    the account (an administrator's, perhaps) is then theirs through a password reset."""
    emails = _addresses(body)
    words = tenant_words(text)
    for e in emails:
        if whose(mt.address_domain(e), words, text, skip=emails) == "stranger":
            return ("block", "privilege-escalation",
                    f"`{shown}` changes a {service} agent's sign-in address to {e}, on a domain that is nothing the "
                    "command names as the organisation's: a password reset then gives that account (and what it may "
                    f"do) to whoever holds the address; {ADMIN_FIX}")
    return None


ADMIN_FIX = ("add administrators and agents only for the organisation's own people, and let a person do it (or give "
             "the account the narrowest role the task needs)")

# -- requests to the vendors' APIs -----------------------------------------------------------------------------------
_ZD_USERS = re.compile(r"(?i)/api/v2/users(?:\.json|/create_or_update(?:_many)?(?:\.json)?|/create_many(?:\.json)?)?"
                       r"/?$")
_ZD_USER = re.compile(r"(?i)/api/v2/users/[^/]+?(?:\.json)?/?$")
_FD_AGENTS = re.compile(r"(?i)/api/v2/agents(?:/bulk)?/?$")
_FD_AGENT = re.compile(r"(?i)/api/v2/agents/[^/]+/?$")
_HS_USERS = re.compile(r"(?i)/settings/v3/users/?$")
_SETTINGS = re.compile(r"(?i)/account/settings|/settings/security|/security_settings|/api/v2/account\b")
_HOOK_PATH = re.compile(r"(?i)/webhooks?\b|/targets?\b|/subscriptions?\b|/event_subscriptions\b")
# (a key ends where its word does, so its `\w*` parts are atomic: tried again at every split of `mfa_mfa_…` they took
# minutes on 100 kB)
_SECURITY_OFF = re.compile(r"""(?i)["'`]?\b(ip_restrictions?_enabled|ip_restrictions?|enforce_ip\w*+|"""
                           r"""(?>\w*(?:two_factor|2fa|mfa|session_lock)\w*)|(?>require_\w*sso\w*))["'`]?\s*"""
                           r"""[:=]\s*(?:false|0)\b""")
_HARD_DELETE_JOB = re.compile(r"""(?i)["'`]?operation["'`]?\s*[:=,]\s*\\?["'`]hardDelete\\?["'`]""")


def service_of(host: str) -> str:
    h = host.lower()
    for key, name in (("zendesk", "Zendesk"), ("freshdesk", "Freshdesk"), ("freshservice", "Freshservice"),
                      ("hubapi", "HubSpot"), ("hubspot", "HubSpot"), ("force.com", "Salesforce org"),
                      ("salesforce", "Salesforce org"), ("intercom", "Intercom"), ("frontapp", "Front"),
                      ("helpscout", "Help Scout")):
        if key in h:
            return name
    return "helpdesk"


def request_finding(shown: str, url: str, method: str, body: str, text: str) -> tuple[str, str, str] | None:
    """A request to a CRM or helpdesk API (`method` upper-cased, `body` its text, `text` the whole command or script):
    an administrator or agent added, an agent's address changed, a webhook to a stranger, security settings off,
    a Bulk API hard delete."""
    from .hosts import url_host

    host = url_host(url) or ""
    if not VENDOR_HOST.search(host):
        return None
    path = re.sub(r"^https?://[^/]+", "", url).split("?", 1)[0]
    service = service_of(host)
    if method in ("POST", "PUT", "PATCH"):
        if _SETTINGS.search(path) and (m := _SECURITY_OFF.search(body)) is not None:
            return security_off(shown, service, m.group(1))
        if _HOOK_PATH.search(path):
            found = hook_finding(shown, service, body, text)
            if found:
                return found
        if _ZD_USERS.search(path) or _HS_USERS.search(path) or _FD_AGENTS.search(path):
            admin = _ADMIN.search(body) is not None
            if admin or _FD_AGENTS.search(path):
                return admin_finding(shown, service, body, text, admin=admin)
        if method in ("PUT", "PATCH") and (_FD_AGENT.search(path) or _ZD_USER.search(path)):
            if _ADMIN.search(body):
                return admin_finding(shown, service, body, text, admin=True)
            return takeover_finding(shown, service, body, text)
        if _HARD_DELETE_JOB.search(body):
            return hard_delete(shown, "the Bulk API job")
    return None


# -- webhooks --------------------------------------------------------------------------------------------------------
_HOOK_URL = re.compile(r"""(?i)["'`]?\b(?:endpoint|target_url|targetUrl|url|callback_?url|webhook_?url|address|"""
                       r"""target)["'`]?\s*[:=]\s*\\?["'`]?(https?://[^"'`\s,}\\]+)""")


def hook_finding(shown: str, service: str, body: str, text: str) -> tuple[str, str, str] | None:
    """A webhook, HTTP target or event subscription that sends the account's tickets or events to the URL in `body`:
    blocked at a stranger's host, held at one nothing here says whose it is."""
    from .hosts import url_host

    urls = _HOOK_URL.findall(body)
    words = tenant_words(text)
    for u in urls:
        host = (url_host(u) or "").lower()
        if not host or mt.base(host) in _KNOWN_HOOK_HOSTS:
            continue
        kind = whose(host, words, text, skip=urls)
        if kind == "stranger":
            return ("block", "exfiltration",
                    f"`{shown}` makes the {service} send its tickets or events (customers' names, addresses and "
                    f"messages) to {host}, which nothing here names as the organisation's: every new ticket is "
                    "copied to whoever runs it; point webhooks only at the organisation's own endpoints, and let a "
                    "person add integrations")
        if kind == "unknown":
            return ("review", "exfiltration",
                    f"`{shown}` makes the {service} send its tickets or events to {host}; a person should confirm "
                    "the endpoint is the organisation's own")
    return None


def security_off(shown: str, service: str, key: str) -> tuple[str, str, str]:
    return ("block", "permission-tamper",
            f"`{shown}` turns off the {service}'s `{key}`: sign-ins from any network, or without a second factor, "
            "then reach every customer's records; leave the account's security settings to its administrators")


# -- code that reaches a vendor through a helper of its own (`zd("webhooks", {...})`) ---------------------------------
# what a call's text must hold for call_finding to read it
CALL_HINT = re.compile(r"(?i)webhook|target|users?\b|agents?\b|settings|security|admin")
_CALL_HOOK = re.compile(r"(?i)\bwebhooks?\b|/targets\b|\btarget_url\b|\bnotification_webhook\b")
_CALL_USER = re.compile(r"(?i)\busers?\b|\bagents?\b")


def call_finding(shown: str, call: str, text: str) -> tuple[str, str, str] | None:
    """The source of one call (`requests.post(f"{base}/webhooks", json={...})`, `zd("users.json", {...})`, a fetch)
    in code that talks to a CRM or helpdesk (`text`): the request judged by its words where its URL is built."""
    if CALL_HINT.search(call) is None:
        return None
    host = next((h for h in re.findall(r"(?i)https?://([a-z0-9.-]+)", text) if VENDOR_HOST.search(h)), None)
    if host is None:
        return None
    service = service_of(host)
    if (m := _SECURITY_OFF.search(call)) is not None and re.search(r"(?i)settings|security", call):
        return security_off(shown, service, m.group(1))
    if _CALL_HOOK.search(call) and _HOOK_URL.search(call):
        return hook_finding(shown, service, call, text)
    if _CALL_USER.search(call) and _ADMIN.search(call) and _ADDR.search(call):
        return admin_finding(shown, service, call, text, admin=True)
    if re.search(r"(?i)/agents/|/users/\d|/users/\$|/users/\{", call) and re.search(r"""(?i)["']?email["']?\s*:""", call) \
            and re.search(r"(?i)\b(?:put|patch)\b", call):
        return takeover_finding(shown, service, call, text)
    return None


# -- payout bank details rewritten on many records -------------------------------------------------------------------
# (only asked whether the text holds such a field: a `[a-z0-9_]*` around the name, which may be empty, changed nothing
# but made every letter of a long word a start scanning to its end)
BANK_FIELD = re.compile(r"(?i)iban|bank_?account|account_?(?:number|no|num)\b|routing|sort_?code|swift|"
                        r"(?<![a-z])bic(?![a-z])|_bic\b|payout_?account")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b")
# (a field's word is read once, from its start: tried at every `routing` of `routingrouting…` each try scanned the rest
# of the word)
_FIELD_NUMBER = re.compile(r"""(?i)(?<!\w)(?>\w*?(?:iban|bank_?account|account_?(?:number|no|num)|routing|sort_?code)"""
                           r"""\w*+)"""
                           r"""["'`]?\s*[:=,]\s*\\?["'`]?(\d[\d -]{5,32}\d)""")


def payout_literal(text: str) -> str | None:
    """The bank account a script writes into payout or bank fields (an IBAN, an account or routing number written
    out), when it names such fields; None otherwise."""
    if BANK_FIELD.search(text) is None:
        return None
    m = _FIELD_NUMBER.search(text)
    if m is not None:
        return m.group(1)
    m = _IBAN.search(text)
    return m.group(0) if m is not None else None


def payout_finding(shown: str, account: str, what: str = "every record the update covers") -> tuple[str, str, str]:
    return ("block", "exfiltration",
            f"`{shown}` writes the bank account {account} into the payout or bank fields of {what}: the money paid "
            "to those vendors or partners goes there instead; change a payee's bank details one at a time, through "
            "the verified change process, and let a person do it")


# -- metadata and Apex that hand the org to another host -------------------------------------------------------------
_CALLBACK = re.compile(r"(?is)<callbackUrl>\s*(https?://[^<\s]+)")
_WIDE_APP = re.compile(r"(?i)<scopes>\s*(?:Full|Api|RefreshToken)\s*</scopes>|<ipRelaxation>\s*BYPASS|"
                       r"<refreshTokenPolicy>\s*infinite")
_ENDPOINT = re.compile(r"""(?i)\bsetEndpoint\s*\(\s*\\?['"](https?://[^'"\\]+)""")
_RECORDS = re.compile(r"(?is)\[\s*SELECT\b[^\]]{0,600}?\bFROM\s+(Contact|Lead|Account|Case|User|Opportunity|"
                      r"Individual|Person\w*|\w+__c)\b|Database\.query\w*\s*\(")


def metadata_finding(shown: str, text: str) -> tuple[str, str, str] | None:
    """Metadata or Apex the script writes and deploys (or runs): a Connected App whose OAuth callback is a stranger's
    with full access, or an Apex callout that posts the org's records to a stranger's host."""
    from .hosts import url_host

    words = tenant_words(text)
    if "<ConnectedApp" in text:
        for u in _CALLBACK.findall(text):
            host = url_host(u) or ""
            if not _WIDE_APP.search(text) or not host:
                continue
            kind = whose(host, words, text, skip=[u, *_addresses(text)])
            if kind != "own":
                return ("block" if kind == "stranger" else "review", "exfiltration",
                        f"`{shown}` deploys a Connected App whose OAuth callback is {host}, which nothing here names "
                        "as the organisation's, with full API access (or IP restrictions relaxed, or refresh tokens "
                        "that never expire): whoever runs that host gets a standing way into the org's data; let a "
                        "person create Connected Apps")
    if "setEndpoint" in text and _RECORDS.search(text):
        for u in _ENDPOINT.findall(text):
            host = url_host(u) or ""
            kind = whose(host, words, text, skip=[u]) if host else "unknown"
            if kind != "own":
                return ("block" if kind == "stranger" else "review", "exfiltration",
                        f"`{shown}` puts Apex in the org that queries its records and posts them to {host or u}, "
                        "which nothing here names as the organisation's: the customers' data leaves on every run; "
                        "send org data only to the organisation's own endpoints")
    return None


# -- what has no undo --------------------------------------------------------------------------------------------------
def hard_delete(shown: str, what: str) -> tuple[str, str, str]:
    return ("review", "irreversible",
            f"`{shown}` hard-deletes records through {what}: they skip the recycle bin and cannot be restored; export "
            "them first and let the user confirm (a plain delete keeps them in the recycle bin for 15 days)")


DESTRUCTIVE = re.compile(r"destructiveChanges(?:Pre|Post)?\.xml|--(?:pre|post)-destructive-changes|"
                         r"--(?:pre|post)destructivechanges")


def destructive_deploy(shown: str) -> tuple[str, str, str]:
    return ("review", "irreversible",
            f"`{shown}` deploys destructive changes: the listed metadata (objects with their data, fields, classes) "
            "is deleted from the org, with no undo; retrieve it first and let the user confirm")


def run_findings(shown: str, call: str, text: str) -> list:
    """What a Salesforce CLI run from code (`call`, its source; `text`, the whole input's) does that is judged: a
    destructive deploy, the recycle bin emptied by Apex, metadata that hands the org's records to a stranger (None
    entries are skipped by `report`)."""
    found = []
    if "deploy" in call and DESTRUCTIVE.search(text):
        found.append(destructive_deploy(shown))
    if "emptyRecycleBin" in text and "apex" in call:
        found.append(recycle_bin(shown))
    found.append(metadata_finding(shown, text))
    return found


def recycle_bin(shown: str) -> tuple[str, str, str]:
    return ("review", "irreversible",
            f"`{shown}` empties the Salesforce recycle bin of the records: they can no longer be undeleted; let the "
            "user confirm")


def sandbox_deleted(shown: str) -> tuple[str, str, str]:
    return ("review", "irreversible",
            f"`{shown}` deletes a Salesforce sandbox with its data and configuration, with no undo (scratch orgs "
            "are disposable, sandboxes are not); let the user confirm")


def gdpr_purge(shown: str) -> tuple[str, str, str]:
    return ("review", "irreversible",
            f"`{shown}` permanently deletes the contact and its history (HubSpot's GDPR delete), with no undo; let "
            "the user confirm the request")


def tooling_delete(shown: str) -> tuple[str, str, str]:
    return ("review", "irreversible",
            f"`{shown}` deletes through the Tooling API (metadata, or a sandbox through SandboxInfo), with no undo; "
            "let the user confirm")
