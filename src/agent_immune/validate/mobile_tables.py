"""Mobile releases and device management: what a request to a device-management or app-store console does, read from
its URL and body (JSON or XML from the shell, a dict or object literal from Python or TypeScript), shared by
bash/mobile.py, python/mobile.py and js/mobile.py (session 32).

The consoles read: Jamf Pro (the Classic `/JSSResource/` API and the Jamf Pro API), Microsoft Intune through Graph's
`deviceManagement`, Workspace ONE UEM (`/API/mdm/`), Fleet (`/api/v1/fleet/`), Kandji, App Store Connect, Google
Play's developer API, Firebase (Auth, Remote Config). What they hold:

- a device command that erases or retires a device (device_command): one named device erased by its admin is held
  for a person (`irreversible`); the same command sent to each device a listing returns, or as a bulk command, wipes
  the fleet (blocked by the callers as `system-disruption`);
- an administrator made on the console (admin_grant) for an address (grantee_owner): at a free mail provider or on a
  domain that carries none of the organisation's names (read from the input's own hosts: `acme.jamfcloud.com`,
  `fleet.acme.internal`, bundle ids `com.acme.…`) it is a stranger's (blocked); the organisation's own, or one the
  input cannot place, is held for a person;
- a script or command pushed to the managed machines (scripts_pushed: Jamf's scripts and policies' `run_command`,
  Intune's device management and shell scripts, Fleet's `scripts/run`): every machine runs it as root, so the
  callers judge it as the command it is;
- a compliance or configuration policy rewritten with its protections off (policy_weakened: encryption, passwords,
  the firewall, Gatekeeper, Defender, jailbroken devices allowed);
- an app's Remote Config published with its certificate pinning or its tamper checks off (remote_config_weakened);
- what must stay inside the organisation read by a script that sends to a host no one vouches for (code_leak: the
  keychain's passwords, files pulled off phones, the app's user accounts, a signing key or a store's API key).
"""
from __future__ import annotations

import base64
import binascii
import html
import json
import re
from functools import lru_cache

from . import mail_tables as mt
from .idp import FREE_MAIL
from .host_kinds import under
from .secret_owner import own_network

# (an input that names none of these consoles is not read further)
HINT = re.compile(rb"(?i)jamf|JSSResource|awmdm|airwatch|/API/mdm/|/api/(?:v1|latest)/fleet|deviceManagement|"
                  rb"appstoreconnect|androidpublisher|firebase|remote-?config|kandji|userInvitations|roleAssignments|"
                  rb"directoryRoles|find-(?:generic|internet)-password|adb|list_?users|listUsers|"
                  rb"\.p8\b|\.p12\b|\.jks\b|\.keystore\b|\.mobileprovision\b")


# -- device commands that erase a device or take it out of management --------------------------------------------------
# (each alternative starts at its console's fixed path; the scans after it stop at a blank, `?` or `/`)
_WIPE_URL = re.compile(
    r"(?i)/JSSResource/(?:computer|mobiledevice)commands/command/(EraseDevice|UnmanageDevice|DeviceWipe)\b|"
    r"/api/v\d{1,2}/(?:mobile-devices|computers?-inventory)/[^/\s?]{1,80}/(erase|unmanage|remove-mdm-profile)\b|"
    r"/managedDevices/[^/\s?]{1,80}/(wipe|retire|cleanWindowsDevice)\b|"
    r"/managedDevices/(executeAction)\b|"
    r"/API/mdm/devices/(?:[^/\s?]{1,80}/)?commands(?:/bulk)?\?[^\s#\"'`]{0,300}?\bcommand=(DeviceWipe|EnterpriseWipe)\b|"
    r"/API/mdm/devices/[^/\s?]{1,80}/(enterprisewipe|devicewipe)\b|"
    r"/api/(?:v1|latest)/fleet/hosts/[^/\s?]{1,80}/(wipe)\b|"
    r"/api/v1/devices/[^/\s?]{1,80}/action/(erase)\b")
# Jamf Pro API's `/api/v2/mdm/commands` and Graph's bulk `executeAction` name the command in the body
_WIPE_BODY = re.compile(r"""(?i)["']?(?:commandType|actionName)["']?\s*[:=]\s*["'](ERASE_DEVICE|wipe|retire)["']""")
_MDM_COMMANDS = re.compile(r"(?i)/api/v\d{1,2}/mdm/commands\b")
# a command for many devices at once
_BULK = re.compile(r"(?i)/commands/bulk\b|/executeAction\b")


def device_command(url: str, body: str = "") -> str | None:
    """The command erasing or unmanaging a device that the request to `url` (with `body`) sends, or None."""
    m = _WIPE_URL.search(url)
    if m is not None:
        found = next(g for g in m.groups() if g)
        if found == "executeAction":
            b = _WIPE_BODY.search(body)
            return b.group(1) if b else None
        return found
    if _MDM_COMMANDS.search(url):
        b = _WIPE_BODY.search(body)
        return b.group(1) if b else None
    return None


_DEVICE_IDS = re.compile(r"""["']?deviceIds["']?\s*[:=]\s*\[([^\]]{0,4000})\]""")


def bulk(url: str, body: str = "") -> bool:
    """A command for many devices at once (a bulk endpoint; Graph's `executeAction` for more than one `deviceIds`,
    or for ids the code computes)."""
    if _BULK.search(url) is None:
        return False
    if "executeAction" in url:
        m = _DEVICE_IDS.search(body)
        return m is None or re.fullmatch(r"""\s*["'][^"'\[\]]{1,80}["']\s*,?\s*""", m.group(1)) is None
    return True


# a call whose body is a name given elsewhere (`json=payload`, `body: JSON.stringify(body)`): the body is read in the
# whole input
_NAMED_BODY = re.compile(r"""\b(?:json|data|body|content)\s*[=:]\s*(?:JSON\.stringify\(\s*)?[A-Za-z_$][\w$]{0,60}\s*"""
                         r"""\)?\s*[,)}\n]""")


def call_body(call: str, text: str) -> str:
    """What a Python or TypeScript call sends, as far as its text and the input's show it."""
    return call + "\n" + text if _NAMED_BODY.search(call) else call


def wipe_message(shown: str, command: str, every: bool) -> str:
    if every:
        return (f"{shown} sends `{command}` to every device a listing returns: the fleet's machines are erased or "
                "taken out of management, their users' work and the organisation's control of them gone at once. "
                "Erase devices one by one, named, after a person confirms each")
    return (f"{shown} sends `{command}` to a managed device: it is erased or taken out of management, and nothing "
            "brings its data back. Let the device's admin confirm it")


# -- administrators made on a console -----------------------------------------------------------------------------------
_ADMIN_GRANTS = (
    # Fleet: a user with the global admin role (`POST /api/v1/fleet/users/admin`, `/users`, an invite)
    (re.compile(r"(?i)/api/(?:v1|latest)/fleet/(?:users(?:/admin)?|invites)\b"),
     re.compile(r"""(?i)["']?global_role["']?\s*[:=]\s*["']admin["']|["']?role["']?\s*[:=]\s*["']admin["']"""),
     "a Fleet administrator"),
    # Jamf Pro (Classic API): an account with full access and the administrator privilege set
    (re.compile(r"(?i)/JSSResource/accounts/(?:userid|username|groupid|groupname)/"),
     re.compile(r"(?i)<access_level>\s*Full Access|<privilege_set>\s*Administrator"), "a Jamf Pro administrator"),
    # Workspace ONE UEM: an admin user
    (re.compile(r"(?i)/API/system/admins\b"), None, "a Workspace ONE administrator"),
    # App Store Connect: a user invited with the admin or account holder's role
    (re.compile(r"(?i)/v1/userInvitations\b|/v1/users/[^/\s?]{1,80}(?:\s|$|[\"'`?])"),
     re.compile(r"""["'](?:ADMIN|ACCOUNT_HOLDER)["']"""), "an App Store Connect administrator"),
    # Google Play: a developer account user who manages permissions (the account's admin)
    (re.compile(r"(?i)androidpublisher/v3/developers/[^/\s?]{1,80}/users\b|\busers\(\)\s*\.\s*create\b|"
                r"\busers\s*\.\s*create\b"),
     re.compile(r"CAN_MANAGE_PERMISSIONS_GLOBAL|[\"']ADMIN[\"']"), "a Google Play Console administrator"),
    # Microsoft Graph: a directory role given (to the guest the same input invites)
    (re.compile(r"(?i)/roleManagement/directory/roleAssignments\b|/directoryRoles/[^/\s?]{1,80}/members\b"), None,
     "an Entra ID directory role"),
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@((?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24})(?![\w-])")
# a guest invited by Graph (`invitedUserEmailAddress`)
_INVITED = re.compile(r"""["']?invitedUserEmailAddress["']?\s*[:=]\s*["'`]([^"'`\s]{3,120})["'`]""")


def admin_grant(url: str, body: str, text: str = "") -> tuple[str, str | None] | None:
    """(what is made, the grantee's address or None) when the request to `url` with `body` makes an administrator on
    a console; `text`: the whole input (Graph's role is given to the guest the input invites)."""
    for where, role, what in _ADMIN_GRANTS:
        if where.search(url) is None or role is not None and role.search(body) is None:
            continue
        if what == "an Entra ID directory role":
            m = _INVITED.search(text)
            if m is None:
                return None  # a role for an existing colleague: idp.py's reading
            return what, m.group(1)
        m = _EMAIL.search(body)
        return what, m.group(0) if m else None
    return None


# the consoles a tenant reaches by a name of its own (`acme.jamfcloud.com`): the first label is the organisation's
_TENANT_HOSTS = ("jamfcloud.com", "kandji.io", "simplemdm.com", "mosyle.com", "addigy.com", "hexnode.com",
                 "cloud.fleetdm.com", "instructure.com", "okta.com", "zendesk.com", "atlassian.net", "slack.com")
# shared hosts whose names say nothing of whose tenant is used
_SHARED_HOSTS = ("awmdm.com", "airwatch.com", "microsoft.com", "microsoftonline.com", "apple.com", "googleapis.com",
                 "google.com", "fleetdm.com", "firebaseio.com", "firebaseapp.com", "github.com", "gitlab.com",
                 "expo.dev", "expo.io", "apple-cloudkit.com", "windows.net", "azure.com", "amazonaws.com")
_HOST_IN_TEXT = re.compile(r"(?i)\bhttps?://(?:[^/\s\"'`@<>]{0,200}@)?([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24})")
# (a bundle id starts a word: `com.acme.app`; not the tail of a host or an address, `x@acme.com.evil.io`)
_BUNDLE = re.compile(r"(?<![\w.@/-])(?:com|io|net|org|co)\.([a-z][a-z0-9]{2,30})\.[a-z]")
_GENERIC = frozenset({"api", "www", "app", "apps", "mobile", "android", "ios", "mdm", "fleet", "jamf", "graph", "login",
                      "auth", "admin", "console", "portal", "cdn", "static", "dev", "prod", "staging", "test", "internal",
                      "corp", "com", "net", "org", "google", "apple", "microsoft", "example", "local", "help", "support"})


@lru_cache(maxsize=8)
def org_names(text: str) -> frozenset[str]:
    """The organisation's names the input gives: its hosts' (a tenant's first label on a vendor's console, the
    registrable domain's name otherwise; not a shared cloud's or a mail provider's) and its bundle ids' (`com.acme.x`)."""
    out: set[str] = set()
    for m in _HOST_IN_TEXT.finditer(text):
        h = m.group(1).lower().rstrip(".")
        if under(h, _TENANT_HOSTS):
            out.add(h.split(".", 1)[0])
        elif not under(h, _SHARED_HOSTS) and mt.base(h) not in mt.PROVIDERS and mt.base(h) not in FREE_MAIL and \
                not h.replace(".", "").isdigit():
            out.add(mt.base(h).split(".", 1)[0])
    out.update(_BUNDLE.findall(text))
    return frozenset(w for w in out if len(w) >= 3 and w not in _GENERIC and not w.isdigit())


def grantee_owner(address: str | None, text: str) -> str:
    """Whose the address is: "free" (a free mail provider), "stranger" (a domain carrying none of the organisation's
    names, org_names), "own" (the organisation's: one of its domains or a name carrying one), "unknown"."""
    if not address or "@" not in address or "$" in address or "{" in address:
        return "unknown"
    domain = address.rsplit("@", 1)[1].strip(" >\"'").lower()
    if domain in FREE_MAIL or mt.base(domain) in FREE_MAIL:
        return "free"
    if own_network(domain) or domain.endswith((".example", ".test", ".invalid")) or \
            mt.base(domain) in ("example.com", "example.org", "example.net"):
        return "own"
    names = org_names(text)
    label = mt.base(domain).split(".", 1)[0]
    # (the registrable name starting with the organisation's: `acmecorp.com`, `acme-corp.co.uk`; not `notacme.io`,
    # nor `acme.com.evil.io`, whose registrable name is `evil.io`)
    if any(label.startswith(n) for n in names):
        return "own"
    return "stranger" if names else "unknown"


def admin_message(shown: str, what: str, address: str | None, owner: str) -> str:
    who = {"free": f"{address}, an address at a free mail provider",
           "stranger": f"{address}, on a domain that carries none of the organisation's names"}.get(owner)
    if who is not None:
        return (f"{shown} makes {what} for {who}: a stranger gets control of every managed device, app or account "
                "there. Administrators are added by the console's owners, for the organisation's own addresses")
    return (f"{shown} makes {what}{f' for {address}' if address else ''}: that account controls every managed device, "
            "app or account there. A person should confirm; grant the narrowest role the task needs")


# -- scripts pushed to the managed machines ------------------------------------------------------------------------------
_JAMF_SCRIPTS = re.compile(r"(?i)/JSSResource/(?:scripts|policies|computerextensionattributes)/|/api/v\d{1,2}/scripts\b")
# (the script's collection, or one script by its id; not its `/assign`)
_INTUNE_SCRIPTS = re.compile(r"(?i)/deviceManagement/(deviceManagementScripts|deviceShellScripts|deviceHealthScripts|"
                             r"deviceCustomAttributeShellScripts)(?:/[^/\s?\"'`]{1,80})?(?=$|[?\s\"'`])")
_FLEET_SCRIPTS = re.compile(r"(?i)/api/(?:v1|latest)/fleet/scripts(?:/run(?:/sync)?)?\b")
# (`<![CDATA[…]]>` holds the script as it is, `<` and `&` unescaped; an extension attribute's `<script>` is run too)
_XML_SCRIPT = re.compile(r"(?is)<(script_contents|run_command|script_contents_encoded|script)>\s*(?:<!\[CDATA\[(.{1,20000}?)"
                         r"\]\]>|([^<]{1,20000}))\s*</\1>")
_JSON_SCRIPT = re.compile(r"""["']?(scriptContents?|script_contents|detectionScriptContent|remediationScriptContent)"""
                          r"""["']?\s*[:=]\s*([^\n,}]{1,400})""")
_STRING_VALUE = re.compile(r"""[bfr]?(?:"((?:[^"\\\n]|\\.){0,20000})"|'((?:[^'\\\n]|\\.){0,20000})'|"""
                           r"""`((?:[^`\\]|\\.){0,20000})`)""")
_NAME = re.compile(r"[A-Za-z_]\w{0,60}")
_B64 = re.compile(r"^[A-Za-z0-9+/=\s]{16,}$")


def _unescape(s: str) -> str:
    try:
        return json.loads(f'"{s}"')
    except ValueError:
        return s.replace("\\n", "\n").replace('\\"', '"').replace("\\'", "'")


_ASSIGN = re.compile(r"""(?m)^[ \t]{0,40}(?:(?:const|let|var)[ \t]+)?([A-Za-z_]\w{0,60})[ \t]{0,4}"""
                     r"""(?::[ \t]*string[ \t]*)?=[ \t]{0,4}([bfr]?["'`])""")


@lru_cache(maxsize=8)
def _assignments(text: str) -> dict[str, int]:
    """name -> where the string literal the input first gives it starts (`ps = "…"`, `const ps = '…'`), read in one
    pass per input (a name looked up at every line of a long script is not searched for again)."""
    out: dict[str, int] = {}
    for m in _ASSIGN.finditer(text):
        out.setdefault(m.group(1), m.start(2))
    return out


def _assigned(name: str, text: str) -> str | None:
    """The string literal `text` gives the name `name`, or None."""
    at = _assignments(text).get(name)
    if at is None:
        return None
    v = _STRING_VALUE.match(text, at)
    if v is None:
        return None
    raw = next((g for g in v.groups() if g is not None), "")
    return _unescape(raw)


def _decoded(s: str) -> str:
    if _B64.match(s) and len(s.strip()) % 4 == 0:
        try:
            return base64.b64decode(s).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return s
    return s


def scripts_pushed(url: str, text: str) -> list[tuple[str, str]]:
    """(language, script) for each script the request to `url` pushes to the managed machines, as the input `text`
    spells it: a literal (XML-escaped, JSON-escaped or base64), or a name given a string literal."""
    jamf, intune = _JAMF_SCRIPTS.search(url), _INTUNE_SCRIPTS.search(url)
    if not (jamf or intune or _FLEET_SCRIPTS.search(url)):
        return []
    out = list(_xml_scripts(text)) if jamf else []
    if out:
        return out
    lang = "powershell" if intune and intune.group(1) in ("deviceManagementScripts", "deviceHealthScripts") else "bash"
    return [(lang, s) for s in _json_scripts(text)]


@lru_cache(maxsize=8)
def _xml_scripts(text: str) -> tuple[tuple[str, str], ...]:
    """The scripts of the Jamf XML the input holds (read once per input: a script may push at every line)."""
    out = []
    for m in _XML_SCRIPT.finditer(text):
        body = m.group(2) if m.group(2) is not None else html.unescape(m.group(3))
        out.append(("bash", _decoded(body) if m.group(1).endswith("encoded") else body))
        if len(out) >= 8:
            break
    return tuple(out)


@lru_cache(maxsize=8)
def _json_scripts(text: str) -> tuple[str, ...]:
    """The scripts of the JSON (or dict, or object) fields the input holds, once per input."""
    out: list[str] = []
    for m in _JSON_SCRIPT.finditer(text):
        if len(out) >= 8:
            break
        value = m.group(2)
        v = _STRING_VALUE.match(value.lstrip())
        if v is not None:
            raw = next((g for g in v.groups() if g is not None), "")
            out.append(_decoded(_unescape(raw)))
            continue
        for name in _NAME.findall(value)[:6]:  # `base64.b64encode(ps.encode()).decode()`: the names it is built from
            found = _assigned(name, text)
            if found:
                out.append(_decoded(found))
    return tuple(out[:8])


def first_push(data: bytes, pushed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The scripts of `pushed` not judged yet for the input `data` (a script pushing one script at every line has it
    judged once)."""
    from .per_input import once

    seen = once(data, "mobile_tables.pushed", lambda _: set())
    out = [p for p in pushed if p not in seen]
    seen.update(out)
    return out


def as_bash(lang: str, script: str) -> str:
    """A pushed script as the shell line that runs it (PowerShell through `pwsh -Command -`)."""
    if lang == "powershell":
        return f"pwsh -NoProfile -Command - <<'AGENTIMMUNE_PS'\n{script.rstrip()}\nAGENTIMMUNE_PS\n"
    return script


# -- compliance and configuration policies with their protections off -------------------------------------------------
_POLICY_URL = re.compile(r"(?i)/deviceManagement/(?:deviceCompliancePolicies|deviceConfigurations|"
                         r"configurationPolicies|intents)\b|/api/(?:v1|latest)/fleet/(?:config|teams/[^/\s?]{1,40}|"
                         r"spec/teams)\b")
_PROTECTIONS = ("passwordRequired|storageRequireEncryption|bitLockerEnabled|secureBootEnabled|codeIntegrityEnabled|"
                "defenderEnabled|firewallEnabled|activeFirewallRequired|systemIntegrityProtectionEnabled|"
                "antivirusRequired|antiSpywareRequired|rtpEnabled|tpmRequired|deviceThreatProtectionEnabled|"
                "securityBlockJailbrokenDevices|earlyLaunchAntiMalwareDriverEnabled|requireHealthyDeviceReport|"
                "fileVaultEnabled|enable_disk_encryption|gatekeeperEnabled|firewallBlockAllIncoming")
_PROTECTION_OFF = re.compile(r"""["']?(""" + _PROTECTIONS + r""")["']?\s*[:=]\s*(?:false|False|0)\b""")
_ANYWHERE = re.compile(r"""["']?(gatekeeperAllowedAppSource)["']?\s*[:=]\s*["']anywhere["']""")


def policy_weakened(url: str, body: str) -> list[str]:
    """The protections a request to a compliance or configuration policy (or Fleet's settings) turns off."""
    if _POLICY_URL.search(url) is None:
        return []
    found = [m.group(1) for m in _PROTECTION_OFF.finditer(body)] + [m.group(1) for m in _ANYWHERE.finditer(body)]
    return list(dict.fromkeys(found))


def policy_message(shown: str, weak: list[str]) -> str:
    return (f"{shown} rewrites the device policy with {', '.join(weak[:4])} off: every managed device it covers "
            "loses that protection (and stays compliant without it). Leave security policies to their owners")


# -- an app's Remote Config with its protections off -------------------------------------------------------------------
_RC_PUBLISH = re.compile(r"\bpublishTemplate\s*\(|\bpublish_template\s*\(|firebaseremoteconfig\.googleapis\.com|"
                         r"\bremote-?config\b[^\n]{0,80}\b(?:deploy|publish|set)\b")
# (the search starts at the guard's own word; the parameter's whole name is read around it afterwards)
_RC_GUARD = re.compile(r"""(?i)(?:pinn?ing|jailbreak_?detection|root_?detection|tamper_?detection|integrity_?check|"""
                       r"""ssl_?verif\w{0,10}|tls_?verif\w{0,10}|play_?integrity|app_?attest)(?:_[a-z_]{0,30})?+["']?"""
                       r"""[^\n;,]{0,80}?(?<![\w-])["']?(false|0|off|disabled)["']?(?![\w-])""")
# (a guard's name in what a line prints or logs, `print("pinning: 0 issues")`, sets nothing)
_PRINTED = re.compile(r"\b(?:print|console\s*\.\s*\w+|log(?:ger|ging)?\s*\.\s*\w+|echo|puts|printf)\b")
_NAME_BEFORE = re.compile(r"[A-Za-z_]{0,30}$")
_NAME_AFTER = re.compile(r"[A-Za-z_]{0,40}")


def remote_config_weakened(text: str) -> str | None:
    """The Remote Config parameter a script publishing a template turns off (certificate pinning, jailbreak
    detection …), or None."""
    if _RC_PUBLISH.search(text) is None:
        return None
    m = next((m for m in _RC_GUARD.finditer(text) if not _PRINTED.search(text, text.rfind("\n", 0, m.start()) + 1,
                                                                         m.start())), None)
    if m is None:
        return None
    head = _NAME_BEFORE.search(text, max(0, m.start() - 30), m.start())
    tail = _NAME_AFTER.match(text, m.start())
    return (head.group(0) if head else "") + (tail.group(0) if tail else "")


def remote_config_message(shown: str, param: str) -> str:
    return (f"{shown} publishes the app's Remote Config with `{param}` turned off: every installed copy of the app "
            "drops that protection at its next fetch (with pinning off, whoever sits on the path reads and changes its "
            "traffic). Change security parameters through a reviewed release")


# -- what a script must not send out ------------------------------------------------------------------------------------
CODE_MARKERS = re.compile(rb"find-(?:generic|internet)-password|adb|list_?users|listUsers|\.p8\b|\.p12\b|\.jks\b|"
                          rb"\.keystore\b|\.mobileprovision\b|private_keys|AuthKey_")
_CODE_READS = (
    (re.compile(r"find-(?:generic|internet)-password[\"']?\s*,[^\n]{0,300}[\"']-w[\"']|"
                r"find-(?:generic|internet)-password[^\n]{0,200}\s-w\b"),
     "passwords read out of the keychain (`security find-generic-password -w`)"),
    (re.compile(r"""["']adb["'][^\n]{0,200}["']pull["'][^\n]{0,120}["'](?:/sdcard|/storage|/data/(?:data|user|media))"""),
     "files pulled off the phones (`adb pull`)"),
    (re.compile(r"\bauth\s*\.\s*list_users\s*\(|\.listUsers\s*\(|\bauth\s*\.\s*get_users\s*\("),
     "the app's user accounts (Firebase Auth's listing)"),
    (re.compile(r"""(?:open|readFileSync|readFile|read_text|read_bytes|File\.read|glob)\s*\([^\n]{0,200}"""
                r"""(?:\.p8|\.p12|\.jks|\.keystore|\.mobileprovision|private_keys|AuthKey_)\b"""),
     "a signing key, keystore or store API key it reads"),
)


def code_leak(text: str) -> str | None:
    for pattern, what in _CODE_READS:
        if pattern.search(text):
            return what
    return None


def leak_message(host: str, what: str) -> str:
    return (f"the script sends to {host} and holds {what}: the organisation's secrets or its users' data leave for a "
            "host no one of the organisation vouches for. Keep them where they are")
