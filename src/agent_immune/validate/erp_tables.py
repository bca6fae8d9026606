"""ERP, accounting, HR and payroll (Odoo, ERPNext, SAP/HANA, NetSuite, QuickBooks, Xero, Workday, ADP/Gusto, bank
files): the tables the three languages' rules read (bash/erp.py, python/erp.py, js/erp.py), session 30.

- the credential files of these systems (Odoo's server settings with its master and database passwords, ERPNext's
  site settings, HANA's secure user store, an integration's saved OAuth tokens): read here, never sent (paths.py's
  held_secret asks held_file);
- a payee's bank account (an employee's direct deposit, ADP's pay-distribution event, a supplier's or a partner's bank
  record, NetSuite's bank-details record or an entity's bank fields through SuiteTalk REST) set to an account
  written into the code, at a production service: the money goes there instead of to the payee;
- SQL that takes an account over (a user's password set to a value written on the line, its second factor cleared),
  makes an administrator with a password the agent chose, turns the database's audit off, or deletes its backups;
- the places data must not go: a drop-box anyone reads (scraping_tables' list and more paste services), a chat bot's
  upload endpoint (a bare public address only for a whole record stream: it may be the user's own server); a tunnel
  to the developer's own machine (ngrok) is no drop-box, and a webhook tester (webhook.site) takes test events;
- (a web route written into an application's source that runs what a request carries is source_patch's.)
"""
from __future__ import annotations

import re
from functools import lru_cache

# -- credential files ------------------------------------------------------------------------------------------------
# Odoo's server settings (`admin_passwd`, the master password of the database manager, beside `db_password`), under
# /etc or as the user's `~/.odoorc`; ERPNext's site settings (`db_password`, `encryption_key`); HANA's secure user
# store (every stored key's password); the SuiteCloud CLI's saved account logins; the OAuth tokens an integration
# keeps in its own settings folder (`~/.config/acme-qbo-sync/tokens.json`: the refresh token is the company's books)
_HELD = re.compile(
    r"^/etc/(?:odoo|openerp)[\w.-]*/[\w.-]+\.(?:conf|cfg|ini)$|^/etc/(?:odoo|openerp)[\w.-]*\.(?:conf|cfg)$|"
    r"^~/\.(?:odoorc|openerp_serverrc)$|(?:^|/)sites/[\w.-]+/site_config\.json$|"
    r"^~/\.hdb/[^/]+/SSFS_HDB\.(?:DAT|KEY)$|^/usr/sap/[^/]+/home/\.hdb/[^/]+/SSFS_HDB\.(?:DAT|KEY)$|"
    r"^~/\.suitecloud-sdk/credentials[^/]*$")
# an integration's saved OAuth tokens (`~/.config/acme-qbo-sync/tokens.json`): not held (the integration reads one
# field of it into its own service's requests: `Authorization: Bearer $(jq -r .access_token …)`), but never sent whole
_TOKEN_FILE = re.compile(r"^~/\.config/[\w.-]+/(?:[\w.-]*[-_.])?(?:tokens?|oauth|credentials?)\.json$")


def held_file(p: str) -> bool:
    """Whether the normalised path `p` is one of the credential files above."""
    return ("odoo" in p or "openerp" in p or "site_config" in p or "SSFS" in p or "suitecloud" in p) and \
        _HELD.search(p) is not None


def token_file(p: str) -> bool:
    """Whether the normalised path `p` is an integration's saved OAuth tokens (sent whole: never)."""
    return p[:10] == "~/.config/" and _TOKEN_FILE.search(p) is not None


# -- where the data must not go ----------------------------------------------------------------------------------------
# the paste and file-drop services (host_kinds' table, which scraping_tables.stranger_sink reads too)
from .host_kinds import DROP_SITES as _MORE_DROPS  # noqa: E402
# a chat bot's or a chat webhook's upload endpoints: the channel is whoever made the bot or the hook
_CHAT_DROP = re.compile(r"(?i)^https?://(?:api\.telegram\.org/bot[^/\s]*/send\w*|(?:\w+\.)?discord(?:app)?\.com/api/"
                        r"webhooks/)")


def drop_site(host: str | None) -> bool:
    """A paste, file-drop or request-bin service anyone can read (not a bare address: see scraping_tables)."""
    if not host:
        return False
    from .hosts import public_ip
    from .scraping_tables import stranger_sink

    h = host.lower().rstrip(".")
    if _under(h, _TUNNELS) or _under(h, _REQUEST_BINS):
        return False  # (tunnel(), request_bin(): the developer's own machine, a webhook tester)
    return stranger_sink(h) and not public_ip(h) or _under(h, _MORE_DROPS)


# a tunnel to the developer's own machine (the webhook under development answers there), not a drop-box
# ... and a webhook tester: whoever holds the bin's address reads what arrives (the developer's test events, mostly)
from .host_kinds import REQUEST_BINS as _REQUEST_BINS, TUNNELS as _TUNNELS  # noqa: E402


def _under(h: str, names: tuple) -> bool:
    from .host_kinds import under

    return under(h, names)


def tunnel(host: str | None) -> bool:
    return bool(host) and _under(host.lower().rstrip("."), _TUNNELS)  # type: ignore[union-attr]


def request_bin(host: str | None) -> bool:
    """A webhook tester (webhook.site, pipedream): a test event sent there is ordinary; the organisation's data not."""
    return bool(host) and _under(host.lower().rstrip("."), _REQUEST_BINS)  # type: ignore[union-attr]


def chat_drop(url: str | None) -> bool:
    """A Telegram bot's send endpoint or a Discord webhook."""
    return bool(url) and _CHAT_DROP.match(url) is not None  # type: ignore[arg-type]


def stranger(url: str | None, host: str | None) -> str | None:
    """Who receives what `url` (its host `host`) is sent, when that is nobody of the organisation: a drop-box service,
    a chat bot's channel, a bare public address; None otherwise."""
    from .hosts import public_ip

    if chat_drop(url):
        return f"{host}, a chat bot's channel (whoever made the bot reads it)"
    if drop_site(host):
        return f"{host}, a drop-box service anyone can read"
    if request_bin(host):
        return f"{host}, a webhook tester whoever holds the address reads"
    if host and public_ip(host):
        return f"{host}, a bare address no name of the organisation vouches for"
    return None


# what the organisation's records are stored as: exports, dumps and backups (scraping_tables.data_file reads the rest)
_HELD_RECORDS = re.compile(r"(?i)\.(?:dump|bak|backup|sql|sqlite3?|db|mdb|accdb|qbw|qbb|ofx|qif|sta|mt940)"
                           r"(?:\.(?:gz|bz2|xz|zst|zip|gpg|age))?$|(?:^|/)(?:var/)?backups?/|payroll|(?:^|/)exports?/|"
                           r"(?:^|/)(?:hr|finance|accounting|ledger|bank)/")


def held_records(path: str | None) -> bool:
    """A dump, a backup, a payroll, HR or bank file (not any data file: a webhook's test event is JSON too)."""
    return bool(path) and path != "-" and (_HELD_RECORDS.search(path) is not None or  # type: ignore[arg-type]
                                           BANK_FILE.search(path) is not None)  # type: ignore[arg-type]


def records_file(path: str | None) -> bool:
    """A file that holds the organisation's records: an export, a dump, a backup, a payroll or bank file."""
    if not path or path == "-":
        return False
    from .scraping_tables import data_file

    return data_file(path) or _HELD_RECORDS.search(path) is not None


# -- bank accounts written in ------------------------------------------------------------------------------------------
# a field holding a bank account (an IBAN, an account or routing number, a sort code, SAP's BANKN, NetSuite's custom
# `custentity_…_iban`) set to a value written in: `"acc_number": "LT60…"`, `routing_number: '031101279'`
# (the key is read from its start, the word ahead once)
_BANK_FIELD = re.compile(
    r"""(?i)(?<![\w-])["']?((?=[\w-]*?(?:iban|acc_?number|acct_?(?:num|no)|account_?(?:number|num|no)|"""
    r"""routing|bank_?(?:account|acct|acc)|bankn|sort_?code|aba_?number))[\w-]*+)["']?\s*[:=]\s*"""
    r"""["'`]([A-Z]{2}\d{2}[A-Z0-9 ]{10,34}|\d[\d -]{4,30}\d)["'`]""")


# (the fields a strict reading takes: an entity record's own `accountNumber` is the organisation's account with the
# supplier, not a bank's; its bank fields say so, `custentity_bank_iban`)
_BANK_WORD = re.compile(r"(?i)iban|bank|routing|sort_?code|aba_?number")


def bank_literal(text: str | None, strict: bool = False) -> str | None:
    """The account a bank field of `text` is set to, when it is written into the text (`acc_number = 'GB33…'`);
    `strict`: only a field whose name says it is a bank's."""
    if not text or len(text) > 50000:
        return None
    for m in _BANK_FIELD.finditer(text):
        if not strict or _BANK_WORD.search(m.group(1)):
            return f"{m.group(1)} = {m.group(2)}"
    return None


# the endpoints of a payee's bank record at a payroll, HR or accounting API (Gusto's `/employees/{id}/bank_accounts`,
# ADP's pay distributions, a vendor's or a contact's bank details)
_PAYEE_PATH = re.compile(r"(?i)/(?:employees?|contractors?|workers?|vendors?|suppliers?|payees?|partners?|contacts?|"
                         r"people|members?|beneficiar\w*|recipients?)/[^/?#\s]+/(?:bank[_-]?accounts?|bankaccounts|"
                         r"pay[_-]?distributions?|direct[_-]?deposits?|payment[_-]?(?:methods?|details?|elections?)|"
                         r"bank[_-]?details?)")
# where the money is the pay of the person the record is; a member's payment method is what they are charged from
_PAYROLL_PATH = re.compile(r"(?i)/(?:employees?|contractors?|workers?|people)/")
_MEMBER_PATH = re.compile(r"(?i)/members?/")
# ADP's writes are events posted by name (`POST /events/payroll/v1/worker.pay-distribution.change`), not a PUT of the
# worker's record
_PAYEE_EVENT = re.compile(r"(?i)/events/[\w-]+/v\d+/(?:worker|associate)\.(?:pay-distribution|direct-deposit)s?\.\w+")
# NetSuite's SuiteTalk REST records: a bank-details record (Electronic Bank Payments'
# `customrecord_2663_entity_bank_details`), or an entity record (`/record/v1/vendor/94`) whose bank fields are set
_NS_RECORD = re.compile(r"(?i)/record/v\d+/(?:(\w*bank_?details?\w*|\w*bank_?accounts?)|(employee)|"
                        r"(vendor|partner|customer|contact|entity))(?=[/?#\s]|$)")
# a test or demo service: a sandbox company's accounts are made up
# (`sandbox` anywhere in a label, as Paylocity's `apisandbox`; NetSuite's sandbox accounts `1234567-sb1`, Sage's `sbx`)
_SANDBOX = re.compile(r"(?i)sandbox|(?:^|[.-])(?:demo|test|testing|staging|stage|stg|dev|uat|qa|impl|preview|mock|sbx|"
                      r"sb\d)(?:[.-]|\d|$)")


def sandbox(host: str | None) -> bool:
    from .hosts import loopback

    return bool(host) and (loopback(host) or _SANDBOX.search(host) is not None)  # type: ignore[arg-type]


def payee_path(url: str | None) -> str | None:
    """`employee`, `vendor` or `payee` when `url` is the endpoint of a payee's bank record, else None."""
    return (_payee_kind(url) or (None, False))[0]


def _payee_kind(url: str | None) -> tuple[str, bool] | None:
    """(kind, whether only fields named for a bank count) of the payee's bank record `url` is the endpoint of."""
    if not url:
        return None
    m = _PAYEE_PATH.search(url)
    if m is not None:
        if _PAYROLL_PATH.match(m.group(0)):
            return "employee", False
        return ("payee" if _MEMBER_PATH.match(m.group(0)) else "vendor"), False
    if _PAYEE_EVENT.search(url):
        return "employee", False
    if "/record/v" in url:
        n = _NS_RECORD.search(url)
        if n is not None:
            return ("employee" if n.group(2) else "vendor"), n.group(1) is None
    return None


def payee_change(url: str | None, body: str | None) -> tuple[str, str] | None:
    """(kind, account) when `url` is the endpoint of a payee's bank record (payee_path) and `body` sets it to an
    account written into it; None otherwise (the method and the host are the caller's)."""
    found = _payee_kind(url)
    if found is None:
        return None
    account = bank_literal(body, strict=found[1])
    return (found[0], account) if account is not None else None


_WHOSE = {"employee": "an employee's", "vendor": "a supplier's", "payee": "a payee's"}


def payee_message(what: str, kind: str, account: str, host: str | None) -> tuple[str, str]:
    """(verdict, message) for a request that sets a payee's bank account to one written in the code (`host` None: a
    host known only at run time, which may as well be a sandbox)."""
    if host is None:
        return "review", (f"`{what}` sets {_WHOSE[kind]} bank account, at a host "
                          f"known only at run time, to an account written into the command ({account}): unless that "
                          "host is a sandbox, the next payments go there; a person should confirm it")
    if kind == "employee":
        return "block", (f"`{what}` sets an employee's pay account at {host} to an account written into the command "
                         f"({account}): their wages go there instead; employees change their own deposit accounts in "
                         "the payroll service, with its checks")
    return "review", (f"`{what}` sets {_WHOSE[kind]} bank account at {host} to one "
                      f"written into the command ({account}): the next payments go there; a person should confirm the "
                      "change with the payee through a known channel")


BULK_MESSAGE = ("the bank account of every payee it finds is set to {account}, an account written into the code: "
                "the payments go there instead of to the payees; change a payee's details only through the verified "
                "change process")


# -- SQL ---------------------------------------------------------------------------------------------------------------
# (the words sql_finding needs, case folded: a screen for the shell's shortcut too)
SQL_WORDS = (r"password|passwd|pwd|totp|otp_|mfa|two_?factor|audit|backup\s+catalog|identified\s+by|pwdsaltedhash|"
             r"bcode|passcode|bank|iban|lfbk|knbk|usr02|ush02|usrpwdhistory")
SQL_HINT = re.compile(SQL_WORDS, re.I)
_COMMENTS = re.compile(r"--[^\n]*|/\*(?:[^*]|\*(?!/))*\*/")
# (the SQL is split into statements once and each statement read once: a long script stays linear)
_STATEMENT = re.compile(r"[^;]+")
# `UPDATE [ONLY] name [[AS] alias] SET … [WHERE …]`: the name read possessively (a quoted `"res_users"`, a schema),
# what it names tested apart (_ACCOUNT_TABLE, _BANK_TABLE)
_UPDATE = re.compile(r"(?is)update\s++(?:only\s++)?([\w.\"`\[\]$]{1,160}+)(?:\s++(?:as\s++)?(?!set\b)\w++)?\s++set"
                     r"\s++(.*?)(?:\bwhere\b(.*))?\Z")
# the tables of logins: `res_users`, Django's `auth_user`, ERPNext's `tabUser` and `__Auth`, SAP's USR02, `"user"`
_ACCOUNT_TABLE = re.compile(r"(?i)^(?:\w*_)?(?:users?|accounts?|logins?|members?|admins?|administrators?|operators?|"
                            r"staff|principals?)$|^tab(?:user|member)$|^__auth$|^usr\d\d$")
_BANK_TABLE = re.compile(r"(?i)bank|lfbk|knbk|iban")
_PASSWORD_SET = re.compile(r"""(?i)(?<![\w])["`\[]?(?:password|passwd|pwd|password_hash|encrypted_password|"""
                           r"""hashed_password|password_crypt|pass)["`\]]?\s*=\s*'([^']+)'""")
# the second factor itself (its secret, its switch), not a reminder, a policy or a counter about it
_MFA_CLEARED = re.compile(r"""(?i)(?<![\w])["`\[]?((?:totp|otp|mfa|2fa|two_?factor|tfa)(?:_?(?:secret|seed|key|token|"""
                          r"""enabled|enrolled|active|on|status|method|type|device))?)["`\]]?\s*=\s*(?:null|''|false|0|"""
                          r"""'f'|'false'|'0')(?![\w'])""")
# a WHERE that picks accounts by who they are (`login = 'cfo@acme.com'`, `id = :id`): a reset of those accounts;
# without one (`WHERE mfa_enabled IS NULL`, no WHERE) it is a migration's default for a new column
_WHO = re.compile(r"""(?i)(?<![\w])(?:\w+\.)?["`]?(?:login|email|e_?mail|username|user_?name|name|id|uid|user_?id|"""
                  r"""bname)["`]?\s*(?:=|\bin\b)\s*(?:'|\d|:\w|%s|\?|\$\d|\()""")
_CREATE_USER = re.compile(r"(?is)create\s++(?:user|login)\s++([\w\"`\[\]@.%'-]++)(.{0,400})")
_LITERAL_PASSWORD = re.compile(r"(?i)\b(?:password\s*(?:=\s*)?|identified\s+by\s+)('[^']+'|\"[^\"]+\"|[^\s;'\"?:$]+)")
# (the grantee of a GRANT statement: its first `TO name`, the statement read once)
_GRANT_TO = re.compile(r"(?i)\bto\s+([\w\"`\[\]@.%'-]+)")
# what makes an administrator: the administration privileges, the server's own roles, every privilege on every
# database (`ON *.*`); every privilege on the one database an application uses is how its user is made
_ADMIN_PRIVS = re.compile(r"(?i)\b(?:user|role|data|database|catalog|inifile|audit|backup|trace|license|credential|"
                          r"certificate|session)\s+admin\b|\b(?:dba|sysdba|sysadmin|superuser|db_owner)\b|"
                          r"\ball(?:\s+privileges)?\s+on\s+\*\.\*")
_SERVER_ROLE = re.compile(r"(?is)\balter\s+server\s+role\s+sysadmin\s+add\s+member\s+([\w\"\[\]@.-]+)|"
                          r"\bsp_addsrvrolemember\s+'?([\w@.-]+)'?\s*,\s*'?sysadmin")
_AUDIT_OFF = re.compile(
    r"(?is)global_auditing_state\W{0,6}=\s*'?(?:false|off|0)\b|\balter\s+audit\s+policy\s+[\w\"]+\s+disable\b|"
    r"\bdrop\s+audit\s+policy\b|\bnoaudit\s|\balter\s+system\s+set\s+audit_trail\s*=\s*'?none\b|"
    r"\balter\s+(?:server|database)\s+audit(?:\s+specification)?\s+[\w\[\]\"]+\s+with\s*\(\s*state\s*=\s*off\b|"
    r"\buninstall\s+(?:plugin|component)\s+['\"]?(?:file://component_)?audit|"
    r"\bset\s+(?:global|persist)\s+audit_log\w*\s*=\s*'?(?:off|0|false)\b")
_BACKUP_CATALOG = re.compile(r"(?is)\bbackup\s+catalog\s+delete\b(.{0,200})")
# a routing number or a sort code alone names the bank, not the account the money goes to (a bank's merger)
_ROUTING_ONLY = re.compile(r"(?i)routing|sort_?code|aba_?number|bankl|bank_?code|blz")
_ONE_ROW = re.compile(r"(?i)(?<![\w.])(?:id|\w+_id)\s*=\s*'?\d+'?\s*(?:;|$|\band\b)")
# SAP's user master with the password hashes (USR02, the history in USH02 and USRPWDHISTORY): its hash columns, its
# every column (`SELECT *`), the table exported whole
_HASH_TABLE = re.compile(r"(?i)\bfrom\s+[\w.\"]{0,80}?(?:usr02|ush02|usrpwdhistory)\b|"
                         r"\bexport\s+[\w.\"]{0,80}?(?:usr02|ush02|usrpwdhistory)\b")
_HASH_FIELD = re.compile(r"(?i)\b(?:pwdsaltedhash|bcode|passcode|pwdhistory)\b|\bselect\s+(?:\w+\.)?\*\s|\bexport\s")


def _last_name(name: str) -> str:
    return name.replace('"', "").replace("`", "").replace("[", "").replace("]", "").rsplit(".", 1)[-1]


def sql_finding(sql: str | None) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for SQL run on a database that is not a throwaway one (the caller's to tell): an account
    taken over, an administrator with a password the agent chose, the audit turned off, the backups deleted, SAP's
    password hashes read; None otherwise."""
    if not sql or len(sql) > 20000 or SQL_HINT.search(sql) is None:
        return None
    sql = _COMMENTS.sub(" ", sql)
    creates, grants, held = [], {}, None
    for st in _STATEMENT.finditer(sql):
        text = st.group(0)
        head = text.lstrip()[:7].lower()
        if head.startswith("update"):
            found = _update_finding(text)
            if found is not None and (held is None or found[0] == "block"):
                held = found
                if found[0] == "block":
                    return found
        elif head.startswith("create"):
            m = _CREATE_USER.match(text.lstrip())
            if m is not None:
                creates.append(m)
        elif head.startswith("grant"):
            g = _GRANT_TO.search(text)
            grantee = g.group(1).strip("\"`[]'").lower() if g is not None else None
            if grantee is not None and grantee not in grants:  # (each grantee's first administrator grant, once)
                st_ = text.strip()
                at = st_.find(g.group(0))
                privs = st_[5:at]
                if _ADMIN_PRIVS.search(privs) or _ADMIN_PRIVS.search(st_[at + len(g.group(0)):]):
                    grants[grantee] = privs
    sysadmins = {(r.group(1) or r.group(2) or "").strip("\"[]'").lower() for r in _SERVER_ROLE.finditer(sql)} \
        if creates and "sysadmin" in sql.lower() else set()
    for m in creates:
        user = m.group(1).strip("\"`[]'")
        if _LITERAL_PASSWORD.search(m.group(2)) is None:
            continue
        privs = grants.get(user.lower())
        if privs is not None:
            return ("block", "privilege-escalation",
                    f"the SQL creates the user {user} with a password written on the line and grants it "
                    f"`{' '.join(privs.split())[:60]}`: an administrator whose login the agent knows; let the user "
                    "create administrators")
        if user.lower() in sysadmins:
            return ("block", "privilege-escalation",
                    f"the SQL creates the login {user} with a password written on the line and makes it a sysadmin: an "
                    "administrator whose login the agent knows; let the user create administrators")
    if held is not None:
        return held
    m = _AUDIT_OFF.search(sql)
    if m is not None:
        return ("block", "anti-forensics",
                f"`{' '.join(m.group(0).split())[:80]}` turns the database's audit off: what runs after it leaves no "
                "trace for the auditors; leave the audit on")
    if any(_HASH_FIELD.search(sql, max(0, t.start() - 800), t.start() + 7) for t in _HASH_TABLE.finditer(sql)):
        return ("block", "secret-read", "the SQL reads SAP's user master password hashes (USR02/USH02): they are "
                                        "cracked offline into the users' logins; agents must not read them")
    m = _BACKUP_CATALOG.search(sql)
    if m is not None:
        files = " and, with COMPLETE, the backup files themselves" if re.search(r"(?i)\bcomplete\b", m.group(1)) \
            else ""
        return ("review", "irreversible",
                f"`BACKUP CATALOG DELETE` removes the backups from the catalog{files}: the database can no longer be "
                "recovered to a point before them; let the user run it")
    return None


def _update_finding(text: str) -> tuple[str, str, str] | None:
    """One UPDATE statement: an account's login taken over, a payee's bank account rewritten."""
    m = _UPDATE.match(text.lstrip())
    if m is None:
        return None
    table, sets, where = _last_name(m.group(1)), m.group(2), m.group(3)
    if _ACCOUNT_TABLE.match(table):
        pw, mfa = _PASSWORD_SET.search(sets), _MFA_CLEARED.search(sets)
        literal = pw is not None and "$" not in pw.group(1) and "%" not in pw.group(1)
        if mfa is not None and literal:
            return ("block", "privilege-escalation",
                    f"the SQL clears the second factor of the accounts of {table} (`{mfa.group(0).strip()}`) and sets "
                    "their password to a value written on the line: whoever knows the password signs in without the "
                    "code; let the user reset a login through the application, with its checks")
        if literal:
            return ("block", "privilege-escalation",
                    f"the SQL sets the password of accounts of {table} to a value written on the line: a login "
                    "the agent knows; let the user reset passwords through the application")
        if mfa is not None and where is not None and _WHO.search(where):
            return ("review", "privilege-escalation",
                    f"the SQL clears the second factor of chosen accounts of {table} (`{mfa.group(0).strip()}`): "
                    "they sign in with the password alone; a person should confirm the reset is the account owner's")
        return None
    if not _BANK_TABLE.search(table):
        return None
    sets = sets.replace(" = ", "=").replace("= ", "=")
    account = bank_literal(sets)
    if account is None:
        return None
    if all(_ROUTING_ONLY.search(f.group(1)) for f in _BANK_FIELD.finditer(sets)):
        return ("review", "exfiltration", f"the SQL sets the bank code in {table} to one written on the line "
                                          f"({account}): a person should confirm the bank's change")
    if where is not None and _ONE_ROW.search(where):
        return ("review", "exfiltration", f"the SQL sets a payee's bank account in {table} to one written on the line "
                                          f"({account}): the next payments go there; a person should confirm it with "
                                          "the payee through a known channel")
    return ("block", "exfiltration", f"the SQL changes {table}: " + BULK_MESSAGE.format(account=account))


# -- Odoo's RPC: a model's method called on the server -----------------------------------------------------------------
BANK_MODELS = re.compile(r"^(?:res\.partner\.bank|account\.journal|hr\.employee|account\.payment\.method\.line|"
                         r"res\.bank)$")
# a partner's or a company's own record, whose `bank_ids` make and rewrite its bank records (`[(0, 0, {…})]`)
_BANKS_OF = re.compile(r"^res\.(?:partner|company)$")
# the groups whose members administer the database (Settings, Access Rights)
ADMIN_GROUPS = re.compile(r"\b(?:base\.)?group_(?:system|erp_manager)\b|\bgroup_no_one\b")
# (a password anyone would try first: short, a word, a word and a year; one list with the PBXs' settings)
from .weak_passwords import weak_password  # noqa: E402,F401


def odoo_rpc(model: str, method: str, call: str, doc: str, bulk: bool) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for `method` of `model` called through Odoo's RPC (`call` the call's text, `doc` the
    input's, `bulk` whether its records come from a search or a loop)."""
    if method == "unlink":
        return ("review", "irreversible", f"`{model}.unlink` deletes the records from the database, with what depends "
                                          "on them (Odoo keeps no trash); export them first and let the user run it")
    if method in ("write", "create") and (BANK_MODELS.match(model) or _BANKS_OF.match(model) and "bank_ids" in call):
        account = bank_literal(call)
        if account is None:
            return None
        if method == "write" and bulk:
            return ("block", "exfiltration", f"`{model}.write`: " + BULK_MESSAGE.format(account=account))
        return ("review", "exfiltration", f"`{model}.{method}` sets a payee's bank account to one written into the code "
                                          f"({account}): the next payments go there; a person should confirm it with "
                                          "the payee through a known channel")
    if method in ("write", "create") and model == "res.users":
        pw = re.search(r"""["']?password["']?\s*[:=]\s*["']([^"'\n]+)["']""", call)
        if pw is None:
            return None
        if method == "write":
            # (the SQL form, `UPDATE res_users SET password = '…'`, is the same act; so is the user found by a search,
            # `env['res.users'].search([('login', '=', 'admin')]).write(…)`, or every user a search finds)
            whose = "the password of the users a search or a loop finds" if bulk else "a user's password"
            return ("block", "privilege-escalation", f"`res.users.write` sets {whose} to a value written into the "
                                                     "code: a login the agent knows; let the user reset passwords "
                                                     "through the application")
        if "groups_id" not in call and "group_ids" not in call and "sel_groups" not in call:
            return None
        if _OUTSIDE_GROUPS.search(call) and not ADMIN_GROUPS.search(call):
            return None  # (a customer's portal login: the portal shows them their own documents)
        if _admin_groups(doc):
            return ("block", "privilege-escalation", f"`res.users.{method}` makes a user of the settings' "
                                                     "administrators' group with a password written into the code: a "
                                                     "login the agent knows with every right on the database; let the "
                                                     "user create administrators")
        login = _LOGIN.search(call)
        if login is not None and _stranger_login(login.group(1), doc):
            return ("block", "privilege-escalation", f"`res.users.{method}` makes a user with groups and a password "
                                                     f"written into the code who signs in as {login.group(0)[-60:]}, "
                                                     "an address of none of the organisation's domains: a login for "
                                                     "someone else that the agent knows; make accounts for the "
                                                     "organisation's own people")
    return None


_OUTSIDE_GROUPS = re.compile(r"\bgroup_(?:portal|public)\b|\bportal\b")
_LOGIN = re.compile(r"""["']?login["']?\s*[:=]\s*["'][^"'@\s]+@([\w.-]+)["']""")


@lru_cache(maxsize=4)
def _admin_groups(doc: str) -> bool:
    return ADMIN_GROUPS.search(doc) is not None


@lru_cache(maxsize=4)
def url_bases(doc: str) -> frozenset[str]:
    """The registrable domains of the URLs the script names (read once per input)."""
    from . import mail_tables as mt

    return frozenset(mt.base(h) for h in _URLS.findall(doc))


@lru_cache(maxsize=4)
def url_hosts(doc: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(h.lower() for h in _URLS.findall(doc)))


@lru_cache(maxsize=4)
def fetches_elsewhere(doc: str) -> bool:
    """Whether the script also talks to a service that is not a webhook tester, a tunnel or this machine (what it
    sends a tester is then that service's data, not a test event)."""
    from .hosts import loopback

    return any(not (request_bin(h) or tunnel(h) or loopback(h.strip("[]"))) for h in url_hosts(doc))


def _stranger_login(domain: str, doc: str) -> bool:
    """Whether a login at `domain` is at none of the domains the script's URLs name (the ERP's own host)."""
    from . import mail_tables as mt
    from .secret_owner import own_network

    if own_network(domain):
        return False
    own = url_bases(doc)
    return bool(own) and mt.base(domain) not in own


# the server's URL and the database the script names (`url, db = "https://erp.acme.com", "acme_prod"`)
_DB_NAME = re.compile(r"""(?m)\b(?:db|dbname|db_name|database)\s*[:=]\s*["']([\w.-]+)["']|"""
                      r"""\burl\s*,\s*db\s*=\s*f?["'][^"'\n]*["']\s*,\s*["']([\w.-]+)["']""")
_URLS = re.compile(r"""(?i)\bhttps?://([\w.-]+|\[[\d:a-f]+\])""")


# a copy of production's data (`acme_staging`, `erp_restored`, `staging-db`): where a restored database is neutralized
# and its administrator's password reset, the one test the shell's SQL, Odoo's RPC and `neutralize` share
_COPY_NAME = re.compile(r"(?i)(?:^|[_\-.])(?:staging|stage|stg|copy|clone|restored?|neutrali[sz]ed|sandbox|demo|qa|uat|"
                        r"preprod|training)(?:[_\-.]|\d|$)")
# a compose project's database service by its conventional one-label name (`psql -h db`)
DB_SERVICE = re.compile(r"(?i)db|database|postgres(?:ql)?|pg|mysql|mariadb|odoo-db|erpnext-db|mssql|sqlserver|hana")


def copy_name(name: str | None) -> bool:
    """A database or host named as a test copy or a copy of production (sql.throwaway_name, _COPY_NAME)."""
    from . import sql

    return bool(name) and (sql.throwaway_name(name) or _COPY_NAME.search(name) is not None)  # type: ignore[arg-type]


@lru_cache(maxsize=4)
def throwaway_target(doc: str) -> bool:
    """Whether the script's Odoo is this machine's or its database a throwaway one (`acme_test`)."""
    from .hosts import loopback

    hosts = _URLS.findall(doc)
    if hosts and all(loopback(h.strip("[]")) for h in hosts):
        return True
    names = [a or b for a, b in _DB_NAME.findall(doc)]
    return bool(names) and all(copy_name(n) for n in names)


# -- status changes with no undo at the accounting services' SDKs ----------------------------------------------------
VOIDED = re.compile(r"""(?i)\bstatus\b["']?\s*[:=]\s*(?:["'`](VOIDED|DELETED)["'`]|[\w.]*StatusEnum\.(VOIDED|DELETED))""")
XERO_UPDATES = frozenset({"updateInvoice", "updateOrCreateInvoices", "updateCreditNote", "updateOrCreateCreditNotes",
                          "updateBankTransaction", "updateOrCreateBankTransactions", "updateManualJournal",
                          "updateOrCreateManualJournals", "updateOverpayment", "deletePayment", "update_invoice",
                          "update_or_create_invoices", "update_credit_note", "update_or_create_credit_notes",
                          "update_bank_transaction", "update_or_create_bank_transactions", "update_manual_journal",
                          "update_or_create_manual_journals", "delete_payment"})


def voided(call: str) -> str | None:
    m = VOIDED.search(call)
    return (m.group(1) or m.group(2)).upper() if m else None


# -- a server's settings: Odoo's master password -----------------------------------------------------------------------
# (an Odoo's own settings folder, `/opt/odoo/config/prod.conf`, names them whatever it likes)
ODOO_CONF = re.compile(r"(?:^|/)(?:odoo|openerp)[\w.-]*\.(?:conf|cfg)$|(?:^|/)\.(?:odoorc|openerp_serverrc)$|"
                       r"(?:^|/)(?:odoo|openerp)[\w.-]*/(?:[\w-]+/){0,3}[\w.-]+\.(?:conf|cfg)$")
_MASTER = re.compile(r"(?m)^[ \t]*admin_passwd[ \t]*=[ \t]*(\S[^\n]*)")
LOCAL_DB_HOST = re.compile(r"(?m)^[ \t]*db_host[ \t]*=[ \t]*(?:localhost|127\.0\.0\.1|::1|False)?[ \t]*$")
_DB_MANAGER = re.compile(r"(?m)^[ \t]*(?:list_db[ \t]*=[ \t]*(?:True|true|1)|dbfilter[ \t]*=[ \t]*\.\*)[ \t]*$")


def odoo_master(text: str | None) -> str | None:
    """What an Odoo server's settings `text` do that opens its database manager to anyone who tries: the master
    password set to a value written on the line that anyone would guess, or with the database list turned on."""
    if not text:
        return None
    m = _MASTER.search(text)
    if m is None:
        return None
    value = m.group(1).strip()
    if "$" in value or "`" in value:
        return None
    if weak_password(value):
        return (f"`admin_passwd = {value}` sets the master password of the database manager (which backs up, "
                "restores and drops every database) to one anyone would try")
    if _DB_MANAGER.search(text):
        return ("`admin_passwd` is set to a value written on the line and the database manager is listed for every "
                "visitor (`list_db`/`dbfilter`)")
    return None


# -- bank statements ---------------------------------------------------------------------------------------------------
BANK_FILE = re.compile(r"(?i)\.(?:sta|mt9[45]0|940|942|bai2?|ofx|qfx|qif|aba|ach|nacha)$|camt\.?05[234]|"
                       r"pain\.?00[18]|mt9[45]0")


# the settings files bash/erp.py judges by what is written to them, for the shell's shortcut (`> ~/.odoorc`)
WRITE_TARGET = r"(?:odoo|openerp)[\w.-]*\.(?:conf|cfg)\b|\.odoorc\b|\.openerp_serverrc\b|" \
               r"/(?:odoo|openerp)[\w.-]*/(?:[\w-]+/){0,3}[\w.-]+\.(?:conf|cfg)\b"


# an account written into the code: an IBAN (a vendor's `AcctNum` in QuickBooks holds one when it is a bank's); a tax
# number has the same letters and digits (`NL123456789B01`), but not the IBAN's check digits (iban())
IBAN_OR_ACCOUNT = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b")


def iban(text: str) -> str | None:
    """The first IBAN of `text` whose check digits hold (ISO 13616's mod 97)."""
    for m in IBAN_OR_ACCOUNT.finditer(text[:50000]):
        v = m.group(0)
        digits = "".join(str(int(c, 36)) for c in v[4:] + v[:4])
        if int(digits) % 97 == 1:
            return v
    return None


def names_held_records(doc: str) -> bool:
    """Whether a string of the script names a dump, a backup, a payroll, HR or bank file (held_records)."""
    return any(held_records(v) for v in _QUOTED.findall(doc))


# test code: a pytest test or fixture, an Odoo or unittest test case, a TypeScript test (their databases are made and
# rolled back for the test)
TEST_CODE = (r"(?m)^[ \t]*(?:async[ \t]+)?def[ \t]+test_\w*[ \t]*\(|@pytest\.fixture|\b(?:TransactionCase|SavepointCase|"
             r"HttpCase|SingleTransactionCase|unittest\.TestCase)\b|^[ \t]*(?:describe|it|test)\s*\(\s*['\"`]")
TEST_CODE_B = re.compile(TEST_CODE.encode())
_TEST_CODE = re.compile(TEST_CODE)
# the script's database is an in-memory one, or every host it names is this machine (`host: 'localhost'`, HANA's
# `serverNode: 'localhost:39015'`), or every database it names is a test copy (`database: 'app_test'`)
_MEMORY_DB = re.compile(r"""["'`]:memory:["'`]""")
_DB_HOST = re.compile(r"""\b(?:host|hostname|server|serverNode)\s*[:=]\s*["'`]([\w.-]+|\[[\d:a-f]+\])""")
_DB_NAMED = re.compile(r"""\b(?:database|dbname|db)\s*[:=]\s*["'`]([\w.-]+)["'`]""")


@lru_cache(maxsize=4)
def local_code(doc: str) -> bool:
    """Whether the script's SQL runs on a test's database: test code, an in-memory database, this machine's server or
    a database named for tests."""
    from .hosts import loopback

    if _TEST_CODE.search(doc) or _MEMORY_DB.search(doc):
        return True
    hosts = _DB_HOST.findall(doc)
    if hosts and all(loopback(h.strip("[]")) or h.lower() == "localhost" for h in hosts):
        return True
    names = _DB_NAMED.findall(doc)
    return bool(names) and all(copy_name(n) for n in names)
_QUOTED = re.compile(r"""["']([^"'\n]{3,200})["']""")


@lru_cache(maxsize=4)
def names_records(doc: str) -> bool:
    """Whether a string of the script names a file of records (records_file), read once per input."""
    return any(records_file(v) for v in _QUOTED.findall(doc))
