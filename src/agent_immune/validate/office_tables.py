"""Office work's tables (session 31): printers and their drivers, Nextcloud's settings, Google Workspace's and
Microsoft 365's sharing, and what an office document may carry that runs or sends. The shell's, Python's and
TypeScript's readers (bash/office.py, python/office.py, js/office.py) ask the same questions here.

Whose host or address that is: a bare public address (however it is spelled: `[::ffff:203.0.113.7]`, `134744072`,
`0x08080808`) or a drop service (scraping_tables.stranger_sink) is an outsider's wherever it appears; a domain the
input does not otherwise name is a stranger's (brokers_tables.outsider's reading, the input's hosts read once per
input: `outsider`); a mail address at a free mail provider (idp.FREE_MAIL) is nobody's of the organisation. A printer,
a document server or a template host on this network (a private address, an `.internal` name) is the organisation's
own. A domain the input names nowhere else may be the organisation's own (its Nextcloud, its template server): where
only a person can tell, that is reviewed, and where the setting is the everyday first step of an install (a trusted
domain, the office server's URL) it stays allowed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .hosts import canonical_host, ip_literal, loopback, named_alone, public_ip, url_host
from .idp import FREE_MAIL
from .scraping_tables import stranger_sink
from .secret_owner import own_network
from .warehouses_tables import EMAIL as _ADDRESS


def address_owner(address: str, text: str) -> str | None:
    """"free" for a free mail provider's address, "stranger" for a domain the input names nowhere else (`text`: the
    whole input), None for the organisation's own (or an address not written out)."""
    m = _ADDRESS.search(address)
    if m is None or "$" in address:
        return None
    domain = m.group(1).lower()
    if domain in FREE_MAIL:
        return "free"
    # (the domain of another address the input names, the account acted on: `gam user cfo@acme.com …`, is its own)
    others = _address_domains(text).get(domain, set())
    if others - {m.group(0).lower()}:
        return None
    return "stranger" if outsider(domain, text) else None


@lru_cache(maxsize=8)
def _address_domains(text: str) -> dict[str, set[str]]:
    """domain -> the addresses of the input at it (read once per input)."""
    out: dict[str, set[str]] = {}
    for m in _ADDRESS.finditer(text):
        out.setdefault(m.group(1).lower(), set()).add(m.group(0).lower())
    return out


# whose a domain is: brokers_tables.outsider's reading, once per input (hosts.named_alone)
outsider = named_alone


def far_host(host: str | None, text: str) -> bool:
    """A host outside the organisation: a bare public address, a drop service or tunnel, a domain the input does not
    otherwise name."""
    if not host or "$" in host or "`" in host or "{" in host:
        return False
    return dropped(host) or outsider(host, text)


def dropped(host: str | None) -> bool:
    """A bare public address (however spelled) or a drop service or tunnel: no organisation's, whatever the input
    says."""
    return bool(host) and "$" not in host and stranger_sink(canonical_host(host))  # type: ignore[operator]


def own_host(host: str | None) -> bool:
    """This machine or this network: a private address, a one-label or `.internal` name."""
    if not host:
        return False
    h = canonical_host(host) or ""
    return loopback(h) or (not public_ip(h) if ip_literal(h) else own_network(h))


# -- printers -----------------------------------------------------------------------------------------------------------
# CUPS's backends that reach a printer (what `lpinfo -v` lists); `file:`, `pipe:`, a program of one's own are not
PRINTER_SCHEMES = frozenset({"ipp", "ipps", "http", "https", "socket", "lpd", "usb", "dnssd", "smb", "hp", "hpfax",
                             "implicitclass", "driverless", "ippusb", "serial", "parallel", "beh", "snmp", "bjnp",
                             "cups-pdf"})
# backends whose "host" is a name on this machine or this network found by discovery, not an address to reach
_LOCAL_SCHEMES = frozenset({"dnssd", "usb", "ippusb", "serial", "parallel", "implicitclass", "cups-pdf"})
# the backends that wrap another device URI (`beh:/1/3/5/socket://…`, `driverless:ipp://…`)
_WRAPPED = re.compile(r"^(?:beh:/+(?:\d+/){0,3}|driverless:|implicitclass:/*)(?=[a-z][\w+.-]*:)", re.I)
# HPLIP's network printers: `hp:/net/HP_LaserJet?ip=10.0.0.7`, `…?hostname=printer.acme.internal` (`zc=`: found by
# mDNS on this network)
_HP_HOST = re.compile(r"[?&](?:ip|hostname)=([^&#\s]+)", re.I)
# where a driver's PPD lives once a package or the administrator installed it (root's folders; under /opt, a printer
# maker's own folder: /opt/homebrew, /opt/conda or an application's folder may be the user's to write)
_SYSTEM_PPD = re.compile(r"^/(?:usr/share/(?:ppd|cups/model)|usr/lib/cups/|etc/cups/ppd/|"
                         r"opt/(?:brother|epson[\w-]*|Epson[\w-]*|XeroxOffice|Xerox|xerox|kyocera[\w-]*|Kyocera[\w-]*|"
                         r"ricoh|Ricoh|canon|Canon|lexmark|Lexmark|sharp|Sharp|konica[\w-]*|KONICA[\w-]*|"
                         r"hp|HP|samsung|Samsung|toshiba|Toshiba|dymo|zebra|oki|OKI|sindoh|pantum|Pantum)/)"
                         r"[\w./+-]*$")
# `lpadmin -m`: the driverless queue, a CUPS driver file, a driver program's model (`escpr:0/…`,
# `openprinting-ppds:0/…`, `gutenprint.5.3://…`: what `lpinfo -m` lists, from root's driver folders)
_MODEL = re.compile(r"^(?:everywhere|raw|drv:///[\w./:+-]+|lsb/[\w./+-]+|gutenprint[\w.]*(?::/+)?[\w./+-]*|"
                    r"[\w-]+:\d+/[\w./%+-]+|foomatic(?::|-db-compressed-ppds:)[\w./:+-]+|hplip:[\w./+-]+|"
                    r"postscript-hp:[\w./+-]+|[\w+-]+(?:/[\w.+-]+)*\.ppd(?:\.gz)?)$", re.I)


def printer_uri(uri: str) -> tuple[str, str | None]:
    """(scheme, host) of a device URI (`socket://10.30.4.21:9100`, `ipp://printer-3f.acme.internal/ipp/print`,
    `hp:/net/HP?ip=10.0.0.7`, `beh:/1/3/5/socket://…` read through to the device it wraps); the host in its dotted
    form when it is an IPv4 address spelled another way; None for a device found on this machine or network."""
    scheme = uri.split(":", 1)[0].lower() if ":" in uri else ""
    inner = uri
    for _ in range(3):
        m = _WRAPPED.match(inner)
        if m is None:
            break
        inner = inner[m.end():]
    if inner is not uri:
        return scheme, printer_uri(inner)[1]
    if scheme in ("hp", "hpfax"):
        m = _HP_HOST.search(uri)
        return scheme, canonical_host(m.group(1)) if m else None
    if scheme in _LOCAL_SCHEMES or "//" not in uri:
        return scheme, None
    return scheme, canonical_host(url_host(uri))


def device_ok(uri: str) -> bool:
    """A device URI of a printer on this machine or this network."""
    scheme, host = printer_uri(uri)
    return scheme in PRINTER_SCHEMES and (host is None or own_host(host))


def system_ppd(path: str) -> bool:
    return ".." not in path and _SYSTEM_PPD.match(path) is not None


def known_model(model: str) -> bool:
    """An installed driver's model, or the driverless one built from a printer on this network (`driverless:URI`:
    CUPS builds the PPD from what that printer's IPP server answers, and a stranger's server answers with commands)."""
    if model[:11].lower() == "driverless:":
        return device_ok(model[11:])
    return model.lower() == "driverless" or _MODEL.match(model) is not None and ".." not in model


# a PPD's keywords whose value CUPS runs: foomatic-rip's command line (and its per-format ones), a filter of the PPD's own
_PPD_RUNS = re.compile(r"\*(?:FoomaticRIPCommandLine\w*|cupsFilter2?|cupsPreFilter|FoomaticRIPOptionSetting\w*)\s*:")
_PPD_FETCH = re.compile(r"(?i)\b(?:curl|wget|nc|ncat|socat|telnet|python[23]?|perl|ruby|php|node|lua|bash|sh|zsh|"
                        r"base64|openssl)\b|/dev/(?:tcp|udp)/|https?://")
# a value's longest reading: a quoted PPD value runs over lines to its closing quote (foomatic's are written so)
_PPD_VALUE_CAP = 4000


@lru_cache(maxsize=8)
def ppd_runs(text: str) -> str | None:
    """The PPD text's own command (foomatic-rip runs it as the print system's user for every job) when it fetches or
    starts a shell or an interpreter: `*FoomaticRIPCommandLine: "curl … | sh"`, also spread over several lines."""
    for k, m in enumerate(_PPD_RUNS.finditer(text)):
        if k >= 32:
            break
        at = m.end()
        while at < len(text) and text[at] in " \t":
            at += 1
        if text[at:at + 2] == '\\"':  # (an `echo "…\"…\""`'s escaped quote)
            at += 1
        if text[at:at + 1] == '"':
            end = text.find('"', at + 1, at + _PPD_VALUE_CAP)
            value = text[at + 1:end if end >= 0 else min(len(text), at + _PPD_VALUE_CAP)]
        else:
            end = text.find("\n", at)
            value = text[at:end if end >= 0 else len(text)]
            if "\\n" in value:
                value = value[:value.index("\\n")]  # (a printf's escaped newline ends the PPD's line)
        if _PPD_FETCH.search(value) is not None:
            return " ".join((m.group(0) + " " + value).split())[:120]
    return None


# cups-browsed.conf / cupsd.conf lines that take printers from or hand the server to another machine
_BROWSE_POLL = re.compile(r"""(?i)(?<![\w-])(BrowsePoll|BrowseAllow|Allow)[ \t]+(?:from[ \t]+)?([^\s#'"]+)""")


def _conf_host(value: str) -> str:
    """The address of a BrowsePoll/Allow value (`203.0.113.9:631`, `[::ffff:203.0.113.9]:631`, `10.0.0.0/8`)."""
    v = value.split("/", 1)[0]
    if v.startswith("["):
        v = v[1:v.find("]")] if "]" in v else v[1:]
    elif v.count(":") == 1:
        v = v.split(":", 1)[0]
    return canonical_host(v) or ""


@lru_cache(maxsize=8)
def cups_conf_far(text: str) -> tuple[str, str] | None:
    """(rule, setting) of a cups-browsed or cupsd setting in `text` that reaches an outsider's address: printers polled
    from it (they arrive with the outsider's drivers and attributes: the 2024 cups-browsed chain) or the server opened
    to it, or to every address (`Allow all`, `BrowseAllow all`)."""
    for m in _BROWSE_POLL.finditer(text):
        key, value = m.group(1), m.group(2)
        opened = key.lower() in ("allow", "browseallow") and value.lower() in ("all", "any", "*")
        host = _conf_host(value)
        if opened or public_ip(host) or dropped(host):
            return "download-exec" if key.lower() != "allow" else "permission-tamper", f"{key} {value}"
    return None


# -- Nextcloud's settings (occ config:system:set / config:app:set) -----------------------------------------------------
_NC_OFF = re.compile(r"(?i)^(?:false|0|no|off|disabled?)$")
# protections: setting -> what turning it off does
_NC_WEAK = {
    "auth.bruteforce.protection.enabled": "turns off Nextcloud's brute-force protection (password guessing without "
                                          "throttling)",
    "ratelimit.protection.enabled": "turns off Nextcloud's rate limits",
    "check_data_directory_permissions": "stops Nextcloud checking that its data folder is private",
}
# apps that are protections: disabled, a defence is gone
NC_GUARD_APPS = frozenset({"bruteforcesettings", "twofactor_totp", "twofactor_webauthn", "twofactor_u2f",
                           "twofactor_backupcodes", "twofactor_nextcloud_notification", "twofactor_email",
                           "suspicious_login", "admin_audit", "password_policy", "files_antivirus", "twofactor_gateway",
                           "files_accesscontrol", "workflow_script_blocker"})
# app settings that name where the app sends documents or takes them from (the office server's, the WOPI host's)
_NC_SERVER_KEYS = re.compile(r"(?i)^(?:wopi_url|public_wopi_url|DocumentServerUrl|DocumentServerInternalUrl|"
                             r"StorageUrl|wopi_callback_url|serverUrl|server_url|url)$")
# trusted_domains / trusted_proxies given every host
_NC_EVERY = re.compile(r"^(?:\*|0\.0\.0\.0/0|::/0|\*\.\*)$")
# retention settings whose value keeps a day at most (`auto, 1`, `1, 1`, `0, auto`); `disabled` keeps them for ever
# (Nextcloud's config.sample.php)
_RETENTION = frozenset({"trashbin_retention_obligation", "versions_retention_obligation"})
_SHORT = re.compile(r"(?i)^\s*(?:(?:auto|[01])\s*,\s*[01]|[01]\s*,\s*auto)\s*$")


def nc_system_setting(key: str, value: str, text: str) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for `occ config:system:set KEY --value=VALUE`. The instance's own name set (a
    trusted domain, the URL links are built with) is how every install starts: only a tunnel or a bare public
    address is nobody's instance."""
    base = key.split(" ", 1)[0]
    if base in _NC_WEAK and _NC_OFF.match(value):
        return "block", "permission-tamper", f"{_NC_WEAK[base]}; leave it on"
    if base in ("trusted_domains", "trusted_proxies") and _NC_EVERY.match(value.strip()):
        return ("block", "permission-tamper", f"sets Nextcloud's {base} to {value!r}: every host name (or every "
                "proxy) is trusted, so the instance answers links and password resets built for any domain, and a "
                "forged client address passes; list the instance's own names")
    host = url_host(value) if "//" in value else value.split(":", 1)[0]
    if base in ("trusted_domains", "overwrite.cli.url", "overwritehost") and value and dropped(host):
        return ("block", "exfiltration", f"sets Nextcloud's {base} to {value}, a tunnel or a bare public address: "
                "links in shares and password-reset mails point there, outside the organisation")
    if base in _RETENTION and _SHORT.match(value.replace('"', "")):
        return ("review", "irreversible", f"sets Nextcloud's {base} to {value!r}: deleted files and earlier versions "
                "are expired after a day (the next `trashbin:expire`/`versions:expire` or background job removes "
                "them for good); let the user decide how long they are kept")
    return None


def nc_app_setting(app: str, key: str, value: str, text: str) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for `occ config:app:set APP KEY --value=VALUE`: the office server repointed to a
    tunnel or a bare public address (a domain of its own is the documented setup of Collabora's or OnlyOffice's)."""
    if not _NC_SERVER_KEYS.match(key) or "//" not in value:
        return None
    host = url_host(value)
    if dropped(host):
        return ("block", "exfiltration", f"points Nextcloud's {app} at {value}: every document users open in the "
                "office editor is sent to that host, a tunnel or a bare public address, which can also write them "
                "back; use the organisation's own document server")
    return None


# -- what a sed or perl script writes -----------------------------------------------------------------------------------
# an `s` command and its delimiter (after a separator or an address: `s#…#…#`, `/re/s/…/…/`, `$s|…|…|`)
_S_CMD = re.compile(r"(?:^|(?<=[;\s{}/\d$!]))s([^\w\s\\;{}])")


def substitutions(script: str) -> tuple[list[tuple[str, str]], str]:
    """The (pattern, replacement) of each `s` command of a sed or `perl -pe` script, and the script's other text
    (what `a`, `i`, `c` add; an echo's whole text): what a script writes is its replacements and that other text,
    never what its patterns search for."""
    subs: list[tuple[str, str]] = []
    rest: list[str] = []
    i, n = 0, len(script)
    while i < n:
        m = _S_CMD.search(script, i)
        if m is None:
            rest.append(script[i:])
            break
        rest.append(script[i:m.start()])
        d, j, parts = m.group(1), m.end(), []
        for _ in range(2):
            k = j
            while k < n and script[k] != d:
                k += 2 if script[k] == "\\" else 1
            parts.append(script[j:min(k, n)])
            j = k + 1
        subs.append((parts[0], parts[1]))
        i = j
    return subs, "".join(rest)


def written_side(script: str) -> str:
    """The text a sed or perl script writes (see substitutions), as one string."""
    subs, rest = substitutions(script)
    return " ".join([rest, *(r for _, r in subs)])


# OnlyOffice's request signing turned off: `"enable": false` under its token settings, JWT_ENABLED=false
_JWT_OFF = re.compile(r'"enable"\s*:\s*false\b|JWT_ENABLED=false\b|"browser"\s*:\s*false\b')


def onlyoffice_jwt_off(script: str) -> bool:
    """A sed script or a setting that turns OnlyOffice's request signing off (`s/"enable": true/"enable": false/`,
    `JWT_ENABLED=false`): then anyone who reaches the document server can have it fetch, open and save documents."""
    return _JWT_OFF.search(written_side(script)) is not None


# -- LibreOffice's profile ----------------------------------------------------------------------------------------------
# the user's macros (what `vnd.sun.star.script:…?location=user` runs) and its settings
LO_SCRIPTS = re.compile(r"(?i)/(?:libreoffice|openoffice|\.openoffice\.org\d?)/[\w.-]{1,12}/user/(?:Scripts|basic)(?:/|$)")
LO_SETTINGS = "registrymodifications.xcu"
# MacroSecurityLevel 0 runs every macro without asking (the setting written whole, or a substitution's value after a
# group of the pattern: `\g<1>0`)
_MACRO_LOW = re.compile(r'MacroSecurityLevel"[^<>]{0,40}>\s*<value>\s*0\s*<|MacroSecurityLevel[^\n]{0,80}?\\g<1>0|'
                        r"MacroSecurityLevel\W{1,40}0\b")
# a replacement that writes the value 0 after what its pattern kept (`${1}0`, `\10`, `\g<1>0`, `>0<`)
_GROUP_REF = re.compile(r"\\g<\w+>|\$\{?\d+\}?|\\\d|&")
_ZERO_VALUE = re.compile(r"(?:^|>)\s*0\s*(?:<|$)")


def macro_security_low(text: str) -> bool:
    """Whether `text` (code, a settings file's text) writes LibreOffice's macro security at its lowest level."""
    return "MacroSecurityLevel" in text and _MACRO_LOW.search(text) is not None


def macro_security_lowered(script: str) -> bool:
    """Whether a sed or perl script (or an echo's text) writes MacroSecurityLevel 0; not one that raises it from 0."""
    if "MacroSecurityLevel" not in script:
        return False
    subs, rest = substitutions(script)
    if macro_security_low(rest):
        return True
    for pattern, replacement in subs:
        if macro_security_low(replacement):
            return True
        if "MacroSecurityLevel" in pattern and _ZERO_VALUE.search(_GROUP_REF.sub("", replacement)):
            return True
    return False


# -- what an office document carries -------------------------------------------------------------------------------------
# a formula that runs a program through DDE (`=cmd|' /C …'!A0`, `=MSEXCEL|…`, `=DDE("cmd";…)`), and the same link
# written without its `=` (ExcelJS's `{ formula: … }`, a string joined to "=")
_DDE = re.compile(r"""(?i)^\s*[=+@-]\s*(?:[\w.]{1,20}\|\s*['"]|DDE(?:AUTO)?\s*\()""")
_DDE_LINK = re.compile(r"""(?<![\w.])[\w.]{1,20}\|\s*'[^'\n]{0,200}'\s*!\s*[\w$]""")
# a formula that fetches a URL when the workbook is opened or recalculated (and with it, the cells it appends);
# IMAGE fetches a picture (a logo by a cell's domain), HYPERLINK nothing until someone clicks it
_FETCH_FORMULA = re.compile(r"""(?i)\b(WEBSERVICE|IMPORTDATA|IMPORTXML|IMPORTHTML|IMPORTFEED|IMPORTRANGE|IMAGE)\s*\(
                            \s*(?:CONCAT(?:ENATE)?\s*\(\s*)?\\?["'](https?://[^"'\\\s)]+)""", re.X)
_CELL_REF = re.compile(r"(?<![\w$])\$?[A-Z]{1,3}\$?(?:\d+|\$?\{)|ENCODEURL", re.I)
# a host written as a name of the code (`f"http://{host}/…"`, `${host}`), and the literals the code's names are given
_PLACEHOLDER = re.compile(r"^\$?\{(\w{1,60})\}$")
_ASSIGNED = re.compile(r"""(?<![\w.])(\w{1,60})[ \t]{0,8}[:=][ \t]{0,8}["'`]([^"'`\s]{1,200})["'`]""")


@lru_cache(maxsize=8)
def _literals(text: str) -> dict[str, str]:
    """name -> the first literal the code gives it (`host = "203.0.113.9"`), read once per input."""
    out: dict[str, str] = {}
    for m in _ASSIGNED.finditer(text):
        out.setdefault(m.group(1), m.group(2))
    return out


def formula_finding(value: str, text: str) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for a cell's formula that runs a program (DDE) or sends the sheet's cells to an
    outsider's host (`text`: the whole code); to a bare public address or a drop service it is blocked, a domain the
    input names nowhere else reviewed (a picture's host only when it is no one's)."""
    if _DDE.match(value) or _DDE_LINK.search(value):
        return ("block", "download-exec", f"the cell's formula `{value[:80]}` starts a program through DDE when the "
                "workbook is opened (and the user clicks through): code run on whoever opens the file")
    m = _FETCH_FORMULA.search(value)
    if m is None or _CELL_REF.search(value, m.end()) is None:
        return None
    host = url_host(m.group(2))
    p = _PLACEHOLDER.match(host or "")
    if p is not None:
        literal = _literals(text).get(p.group(1))
        host = url_host(literal) if literal and "//" in literal else literal
    if dropped(host) or m.group(1).upper() != "IMAGE" and far_host(host, text):
        return ("block" if dropped(host) else "review", "exfiltration", f"the cell's formula sends other cells' "
                f"values to {host} (`{value[:80]}`) each time the workbook is opened or recalculated: the sheet's data "
                "leaves for a host outside the organisation")
    return None


FORMULA_HINT = re.compile(rb"(?i)WEBSERVICE|IMPORT(?:DATA|XML|HTML|FEED|RANGE)|IMAGE\s*\(|DDE(?:AUTO)?\s*\(|"
                          rb"\|\s*\\?['\"]")
# a relationship that makes Word fetch a template, a frame or an object when the file opens (from a URL, a UNC path:
# `\\host\share\t.dotm` also hands the user's NTLM hash over)
_TARGET = r"""(https?://[^"'\\\s]+|file:/{2,4}[^"'\s]+|\\{2,4}[^"'\s]+)"""
_EXTERNAL_REL = re.compile(r"""(?i)Type=\\?["'][^"']*/(attachedTemplate|oleObject|frame|subDocument)\\?["'][^>]{0,400}?"""
                           r"""Target=\\?["']""" + _TARGET)
_EXTERNAL_REL2 = re.compile(r"""(?i)Target=\\?["']""" + _TARGET + r"""\\?["'][^>]{0,400}?"""
                            r"""Type=\\?["'][^"']*/(attachedTemplate|oleObject|frame|subDocument)\\?["']""")
_UNC_HOST = re.compile(r"^(?:file:/{2,4})?\\*([\w.:\[\]-]{1,253})")


def _target_host(target: str) -> str | None:
    if target[:4].lower() == "http":
        return url_host(target)
    m = _UNC_HOST.match(target.replace("/", "\\") if target[:5].lower() != "file:" else target[5:].lstrip("/"))
    return m.group(1) if m else None


def external_template(text: str) -> tuple[str, str, str] | None:
    """(verdict, kind, target) of a relationship in `text` that loads a template or object from outside the
    organisation: blocked from a bare public address or a drop service, or over plain HTTP (anyone on the path can
    swap the macros), reviewed from a domain the input names nowhere else over HTTPS or a share (a company's template
    server is how templates are shared)."""
    found = None
    for kind, target in [(m.group(1), m.group(2)) for m in _EXTERNAL_REL.finditer(text)] + \
            [(m.group(2), m.group(1)) for m in _EXTERNAL_REL2.finditer(text)]:
        host = _target_host(target)
        if dropped(host):
            return "block", kind, target
        if far_host(host, text):
            if target[:7].lower() == "http://":
                return "block", kind, target
            found = found or ("review", kind, target)
    return found


# -- workplace suites' sharing ----------------------------------------------------------------------------------------
# Microsoft 365 tenant settings that let anyone open what is shared (`Anyone` links): the capability is the default
# of a new tenant (reviewed), anonymous links as the default link type go further (blocked)
M365_ANYONE = frozenset({"externaluserandguestsharing", "anonymousaccess", "anyone"})
# the suites' own DELETEs that only take an access away: a Drive or Graph sharing permission, a Calendar ACL rule, a
# Nextcloud share (the OCS Share API, on the instance's own host)
_SEG = r"[^/?#\s]+"
_GRAPH_PERMISSION = re.compile(r"(?i)^(?:https://graph\.microsoft(?:\.us)?\.com)?(?:/(?:v1\.0|beta))?"
                               rf"(?:(?:/me|/(?:users|groups|sites)/{_SEG})?/drive|/drives/{_SEG})"
                               rf"/(?:items/{_SEG}|root|root:[^?#]*?:)/permissions/{_SEG}/?$|"
                               rf"^(?:https://graph\.microsoft(?:\.us)?\.com)?(?:/(?:v1\.0|beta))?/sites/{_SEG}"
                               rf"/permissions/{_SEG}/?$")
_GOOGLE_PERMISSION = re.compile(rf"(?i)^https://(?:www|drive|content)\.googleapis\.com/(?:drive/v[23]/files/{_SEG}"
                                rf"/permissions|calendar/v3/calendars/{_SEG}/acl)/{_SEG}/?$")
_NC_SHARE = re.compile(rf"(?i)^(?:https?://{_SEG})?(?:/[\w.-]+)*?/ocs/v[12]\.php/apps/files_sharing/api/v1/shares/"
                       rf"{_SEG}/?$")
# a `.`, `..` or percent-encoded dot segment: curl, urllib3 and WHATWG URLs remove them, so `…/permissions/..` is the
# item itself
_DOT_SEGMENT = re.compile(r"(?i)/(?:\.|%2e){1,2}(?:/|$)")


def access_revoked(url: str) -> bool:
    """Whether a DELETE of `url` only revokes an access (a sharing permission or link): nothing of the service's
    is lost, and the access can be granted again."""
    path = url.strip().split("#", 1)[0].split("?", 1)[0]
    if _DOT_SEGMENT.search(path):
        return False
    return _GRAPH_PERMISSION.match(path) is not None or _GOOGLE_PERMISSION.match(path) is not None or \
        _NC_SHARE.match(path) is not None


# -- what code does with the suites' APIs and documents (python/office.py, js/office.py) -----------------------------
# a cheap test on a snippet: it talks to a workplace suite or writes an office document
CODE_HINT = re.compile(rb"(?i)cups|permissions|roleAssignments|invitations|/cloud/users|files_sharing|openpyxl|"
                       rb"exceljs|xlsx|docx|zipfile|registrymodifications|\.api\(|drives|emptyTrash|load_workbook|"
                       rb"WEBSERVICE|attachedTemplate|permanentDelete|writerows?\(|to_excel|to_csv")
CODE_NAMES = frozenset({"addPrinter", "create", "insert", "update", "patch", "post", "put", "request", "fetch",
                        "delete", "emptyTrash", "save", "writeFile", "writeBuffer", "writestr", "write", "write_text",
                        "writeFileSync", "writerow", "writerows", "to_excel", "to_csv"})
_WRITES = frozenset({"save", "writeFile", "writeBuffer", "writestr", "write", "write_text", "writeFileSync",
                     "writerow", "writerows", "to_excel", "to_csv"})
_URL_IN = re.compile(r"""(?:ipps?|socket|lpd|https?)://[^"'`\s)]+""")
_DEVICE_ARG = re.compile(r"""\bdevice\s*=\s*["']([^"'\n]{1,400})["']""")
_PPD_ARG = re.compile(r"""\bfilename\s*=\s*["']([^"'\n]{1,400})["']""")
_API_PATH = re.compile(r"""\.api\(\s*[`'"]([^`'"]+)[`'"]""")
_LITERAL_PASSWORD = re.compile(r"""["'`]?(?:password|userPassword)["'`]?\s*[:=]\s*["'`](?![\s"'`])[^"'`$\n{]{4,}["'`]""")
_INVITEE = re.compile(r"""["'`]?invitedUserEmailAddress["'`]?\s*[:=]\s*["'`]([^"'`\s]+)""")
_PUBLIC_SHARE = re.compile(r"""["'`]?shareType["'`]?\s*[:=]\s*["'`]?3\b""")
_ANYONE = re.compile(r"""["'`]?type["'`]?\s*[:=]\s*["'`]anyone["'`]""")
_PERM_ROLE = re.compile(r"""["'`]?role["'`]?\s*[:=]\s*["'`](\w+)["'`]""")
_PERM_ADDRESS = re.compile(r"""["'`]?emailAddress["'`]?\s*[:=]\s*["'`]([^"'`\s]+@[^"'`\s]+)["'`]""")
_OWNER_ROLE = re.compile(r"""/owners\b|["'`]?roles["'`]?\s*[:=]\s*\[\s*["'`]owner["'`]""")
_PERMANENT = re.compile(r"/permanentDelete\b")
_ADMIN_GROUP = re.compile(r"""["'`]?groupid["'`]?\s*[:=]\s*["'`]admin["'`]""", re.I)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.){0,2000}+"|\'(?:[^\'\\\n]|\\.){0,2000}+\'|`(?:[^`\\]|\\.){0,2000}+`')
SHARED_FILE = re.compile(r"^(?:/(?:mnt|srv|media|net|nas|data|shares?|Volumes)/|//|\\\\)")
_WORKBOOK_EDIT = re.compile(r"\bdel\s+\w+\[|\.remove(?:_sheet)?\(|\.delete_(?:rows|cols)\(|\.removeWorksheet\(|"
                            r"\.spliceRows\(")
# the Drive API's shared drive deleted (`drive.drives().delete(…)`, `drive.drives.delete({…})`)
_DRIVE_DELETE = re.compile(r"\bdrives\s*(?:\(\s*\))?\s*\.\s*delete\s*\(")
# Graph's collections whose item, deleted, takes data with it (a group with its mailbox and files, a site, a list, a
# drive item, a user, a channel, a mail folder, what the directory's recycle bin kept); a message or an event goes to
# Deleted Items, a subscription or a membership (`…/members/{id}/$ref`) holds no data
_GRAPH_LOSS = frozenset({"groups", "teams", "sites", "lists", "items", "drives", "users", "channels", "mailfolders",
                         "calendars", "deleteditems", "plans", "buckets", "applications", "serviceprincipals",
                         "notebooks", "sections", "sectiongroups", "contactfolders", "onlinemeetings"})
_ENCODED_DOT = re.compile(r"(?i)%2e")
_SAVED_TO = re.compile(r"""(?:filename\s{0,8}=\s{0,8})?[rbfu]{0,2}["'`]([^"'`\n]{1,400})["'`]""", re.I)


@lru_cache(maxsize=8)
def _facts(text: str) -> dict:
    """What the whole code says, read once per input (each call asks it again)."""
    inv = _INVITEE.search(text) if "/invitations" in text else None
    facts = {
        "password": _LITERAL_PASSWORD.search(text) is not None,
        "super": "isSuperAdminRole" in text or "superAdmin" in text,
        "invitee": inv.group(1) if inv else None,
        "redeem": inv is not None and "inviteRedeemUrl" in text,
        "nc_users": "/cloud/users" in text,
        "public_share": "files_sharing" in text and _PUBLIC_SHARE.search(text) is not None,
        "workbook_edit": _WORKBOOK_EDIT.search(text) is not None,
        "document": None,
    }
    template = external_template(text) if "ttached" in text or "oleObject" in text or "subDocument" in text or \
        "relationships/frame" in text else None
    if LO_SETTINGS in text and macro_security_low(text):
        facts["document"] = ("block", "permission-tamper", "writes LibreOffice's settings with its macro security at "
                             "the lowest level (MacroSecurityLevel 0): every document's macros run without asking; "
                             "leave it as the user set it")
    elif template is not None:
        facts["document"] = (template[0], "download-exec", f"writes a document that loads its {template[1]} from "
                             f"{template[2]} when opened: the template's macros (or the object) come from a host "
                             "outside the organisation (remote template injection)"
                             + ("; keep templates inside the document" if template[0] == "block" else
                                "; a person should confirm the host is the organisation's template server"))
    elif FORMULA_HINT.search(text.encode("utf-8", "replace")):
        for k, m in enumerate(_STRING.finditer(text)):
            if k >= 4096:
                break
            value = m.group(0)[1:-1].replace('\\"', '"').replace("\\'", "'")
            found = formula_finding(value, text)
            if found:
                facts["document"] = (found[0], found[1], f"saves a workbook in which {found[2]}")
                if found[0] == "block":
                    break
    return facts


def code_finding(name: str, shown: str, call: str, text: str, looped: bool) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for the call named `name` (`shown` as written, `call` its source with the values of
    the names it uses) in code whose whole text is `text`; `looped` when it runs once per item of a loop."""
    if name == "addPrinter":
        return _printer_added(shown, call, text)
    if name in ("create", "insert", "update", "patch") and "permissions" in call:
        return _permission(shown, call, text, looped)
    if name == "insert" and "roleAssignments" in call:
        made = _facts(text)["password"]
        if made or _facts(text)["super"]:
            return ("block" if made else "review", "privilege-escalation",
                    f"`{shown}` gives an account a Workspace administrator role"
                    + (", an account the code made with a password it knows: an administrator the agent can sign in "
                       "as" if made else "; a person should confirm it")
                    + "; let the user grant administrator roles")
    if name in ("insert", "update", "patch") and "users" in call and "recovery" in call:
        from .idp import recovery

        found = recovery(shown, call, text)
        if found:
            return found
    if name in ("delete", "emptyTrash"):
        return _deleted(name, shown, call)
    if name in ("post", "put", "patch", "request", "fetch"):
        return _request(name, shown, call, text)
    if name in _WRITES:
        return _document(name, shown, call, text)
    return None


def _printer_added(shown: str, call: str, text: str) -> tuple[str, str, str] | None:
    """pycups' `addPrinter(name, device=…, filename=PPD)`: a queue whose jobs go to an outsider, or whose PPD runs a
    command of its own."""
    m = _DEVICE_ARG.search(call) or _URL_IN.search(call)
    device = m.group(m.lastindex or 0) if m is not None else ""
    host = printer_uri(device)[1] if device else None
    if dropped(host):
        return ("block", "exfiltration", f"`{shown}` adds a print queue whose device is {device}, a host outside the "
                "organisation: every job printed there is a copy for someone else; use the printer's address on this "
                "network")
    ppd = _PPD_ARG.search(call)
    if ppd is not None and not system_ppd(ppd.group(1)) and (line := ppd_runs(text)):
        return ("block", "download-exec", f"`{shown}` installs the PPD {ppd.group(1)}, which runs its own command for "
                f"every job (`{line}`): code fetched or a shell started as the print system's user; install the "
                "vendor's driver package instead")
    return None


def _permission(shown: str, call: str, text: str, looped: bool) -> tuple[str, str, str] | None:
    role = _PERM_ROLE.search(call)
    role_name = role.group(1).lower() if role else ""
    if _ANYONE.search(call):
        if looped:
            return ("block", "exfiltration", f"`{shown}` shares file after file with anyone who has the link (`type: "
                    "anyone`): the organisation's documents open to the internet; share them with named people")
        return ("review", "exfiltration", f"`{shown}` shares the file with anyone who has the link; a person should "
                "confirm it is meant to be public")
    m = _PERM_ADDRESS.search(call)
    if m is None:
        return None
    who = address_owner(m.group(1), text)
    if who == "free" and (looped or role_name in ("writer", "organizer", "fileorganizer", "owner")) or \
            who == "stranger" and looped:
        return ("block", "exfiltration", f"`{shown}` gives {m.group(1)}, an address outside the organisation, "
                f"{role_name or 'access'} rights on the organisation's files{' one after another' if looped else ''}: "
                "they can be read, copied or removed from outside; share with the organisation's own accounts")
    if who == "free":
        # (a named partner's address is how files are shared every day; a free mail account may be anyone's)
        return ("review", "exfiltration", f"`{shown}` shares the organisation's files with {m.group(1)}, a free mail "
                "address; a person should confirm whose it is")
    return None


def graph_loss(path: str) -> bool:
    """Whether a Graph DELETE of `path` (`/groups/{id}`, `/sites/{s}/lists/{l}`) takes data with it (_GRAPH_LOSS)."""
    segs: list[str] = []
    for seg in path.split("?", 1)[0].split("/"):
        seg = _ENCODED_DOT.sub(".", seg)
        if seg == "..":
            segs = segs[:-1]  # (the client removes dot segments: `…/items/{id}/permissions/..` is the item)
        elif seg and seg != ".":
            segs.append(seg)
    return len(segs) >= 2 and segs[-2].lower() in _GRAPH_LOSS


def _deleted(name: str, shown: str, call: str) -> tuple[str, str, str] | None:
    if name == "emptyTrash":
        return ("review", "irreversible", f"`{shown}` empties the Drive trash: the files in it are gone for good; let "
                "the user confirm")
    if _DRIVE_DELETE.search(call):
        return ("review", "irreversible", f"`{shown}` deletes a shared drive (with `allowItemDeletion`, every file in "
                "it): no undo; let the user confirm")
    m = _API_PATH.search(call)
    if m is not None and not access_revoked(m.group(1)) and graph_loss(m.group(1)):
        return ("review", "irreversible", f"`{shown}` deletes {m.group(1)[:80]} through Microsoft Graph (a group or "
                "team with its mailbox and files, a list, an item): outside the project, with no undo past the "
                "recycle bin; let the user confirm")
    return None


def _request(name: str, shown: str, call: str, text: str) -> tuple[str, str, str] | None:
    m = _API_PATH.search(call)
    url = _URL_IN.search(call) if m is None else None
    path = m.group(1) if m is not None else url.group(0) if url is not None else ""
    if _PERMANENT.search(call):
        return ("review", "irreversible", f"`{shown}` deletes the item for good (`permanentDelete`: not even the "
                "recoverable items keep it); let the user confirm")
    facts = _facts(text)
    invitee = facts["invitee"]
    if ("/owners" in call or "/members" in call) and invitee and "/invitations" not in path:
        who = address_owner(invitee, text)
        if who and _OWNER_ROLE.search(call):
            return ("block", "privilege-escalation", f"`{shown}` makes {invitee}, a guest invited from outside the "
                    "organisation, an owner of the group or team: its files, mail and members are theirs to manage; "
                    "let the user invite guests and grant ownership")
        if who == "free":
            return ("review", "exfiltration", f"`{shown}` adds {invitee}, a free mail guest, to the group or team; a "
                    "person should confirm it")
    if "/groups" in path and facts["nc_users"] and _ADMIN_GROUP.search(call) and facts["password"]:
        return ("block", "privilege-escalation", f"`{shown}` puts an account the code made with a password it knows "
                "into Nextcloud's admin group: an administrator the agent can sign in as; let the user create "
                "administrators")
    host = url_host(path) if "//" in path else None
    if host and far_host(host, text):
        if facts["public_share"]:
            return ("block", "exfiltration", f"`{shown}` sends to {host}, outside the organisation, from code that "
                    "makes a public share link (`shareType: 3`): whoever holds the link reads the files; share with "
                    "named accounts")
        if facts["redeem"]:
            return ("block", "exfiltration", f"`{shown}` sends to {host}, outside the organisation, from code that "
                    "invites a guest: the invitation's redeem link lets whoever holds it into the tenant")
    return None


def _document(name: str, shown: str, call: str, text: str) -> tuple[str, str, str] | None:
    facts = _facts(text)
    if facts["document"]:
        verdict, rule, what = facts["document"]
        return verdict, rule, f"`{shown}` {what}"
    if name == "save" and facts["workbook_edit"]:
        # (the call's own argument: in `call`, the names before it are expanded too, `load_workbook("/mnt/…").save(…)`)
        at = call.rfind("." + name + "(")
        m = _SAVED_TO.match(call[at + len(name) + 2 if at >= 0 else call.find("(") + 1:].lstrip())
        target = m.group(1) if m is not None else ""
        if SHARED_FILE.match(target):
            return ("review", "irreversible", f"`{shown}` writes the workbook back over {target}, a file outside the "
                    "project on a share, after removing sheets or rows: the original is replaced for good; save to a "
                    "new file and let the user swap them")
    return None
