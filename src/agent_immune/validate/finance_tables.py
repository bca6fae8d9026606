"""Back-office finance: the tables both languages' rules read (python/finance.py, js/finance.py, the network rules).

- what a query reads that is a customer's, not the business's: card numbers (a PAN column of a card vault), identity
  documents' numbers (a KYC table), bank links' access tokens (Plaid's, decrypted): sent to a host the code does not
  otherwise name as its own, each is blocked as a table of password hashes is;
- SQL that hides or steals: AML alerts, sanctions hits or the audit trail deleted, an audit or balance trigger turned
  off, the server's statement log turned off, the payee account of pending payouts changed to an account the code
  writes in;
- OAuth token endpoints (an app's client secret or refresh token is exchanged there for an access token) and the
  accounting and banking services whose sign-in is another host of the same company (QuickBooks' is intuit.com);
- money moved by a rewrite of the project's own code (a rounding remainder posted to an account the code names);
- feature flags in production that lift a payout limit or turn a fraud, AML or KYC check off;
- deletes at accounting and banking APIs that have no undo (QuickBooks `?operation=delete`, Xero's VOIDED/DELETED
  status, Plaid's `item_remove`).
"""
from __future__ import annotations

import re

# -- ssh: the files under ~/.ssh that are not a key a client logs in with ---------------------------------------------
_NOT_KEYS = re.compile(r"^(?:authorized_keys\d?|known_hosts(?:\.old)?|environment|rc|config|agent.*|.*\.sock)$")


def ssh_key_name(name: str) -> bool:
    """Whether a file of ~/.ssh by that name is a private key (`id_ed25519`, `acme_bank_sftp`, `deploy.pem`): what an
    ssh client is handed to log in with, as `ssh -i KEY` is; not a public key, known_hosts or authorized_keys."""
    return bool(name) and not name.endswith(".pub") and _NOT_KEYS.match(name) is None


# -- OAuth token endpoints ------------------------------------------------------------------------------------------
# the path of a token endpoint: OAuth 2 (`/oauth2/token`, `/oauth/token`, Okta's `/oauth2/default/v1/token`), OpenID
# Connect (`/protocol/openid-connect/token`, IdentityServer's `/connect/token`), Intuit's `/oauth2/v1/tokens/bearer`
TOKEN_PATH = re.compile(r"(?i)^https://[^/?#]+(?:/[^?#]*)?/(?:oauth2?|openid-connect|connect|auth|identity|"
                        r"token)(?:/[^?#]*)?/tokens?(?:/bearer)?/?(?:$|\?)")
# the body's keys that carry an app's own credential to be exchanged, and the grants that do so
OAUTH_SECRET_KEYS = frozenset({"client_secret", "refresh_token", "client_assertion", "assertion", "code"})
GRANTS = frozenset({"client_credentials", "refresh_token", "authorization_code",
                    "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:token-exchange"})
# accounting, banking and payroll services whose API and sign-in are the company's own hosts, by a word of a
# variable's name (QBO_REFRESH_TOKEN is QuickBooks', signed in at oauth.platform.intuit.com)
SERVICE_HOSTS = {
    "qbo": ("intuit.com",), "quickbooks": ("intuit.com",), "intuit": ("intuit.com",), "xero": ("xero.com",),
    "plaid": ("plaid.com",), "netsuite": ("netsuite.com",), "ns": ("netsuite.com",), "sage": ("sage.com",),
    "freshbooks": ("freshbooks.com",), "gusto": ("gusto.com",), "brex": ("brex.com",), "ramp": ("ramp.com",),
    "mercury": ("mercury.com",), "wise": ("wise.com", "transferwise.com"), "adyen": ("adyen.com",),
    "truelayer": ("truelayer.com",), "yapily": ("yapily.com",), "tink": ("tink.com",), "finicity": ("finicity.com",),
    "mx": ("mx.com",), "codat": ("codat.io",), "checkout": ("checkout.com",), "paypal": ("paypal.com",),
}


def service_host(name: str, host: str) -> bool:
    """Whether `host` is a host of the accounting or banking service the variable `name` is named for."""
    host = host.lower().rstrip(".")
    for w in re.split(r"[^a-z0-9]+", name.lower()):
        for h in SERVICE_HOSTS.get(w, ()):
            if host == h or host.endswith("." + h):
                return True
    return False


# -- what a query reads that is the customers' -------------------------------------------------------------------------
# `SELECT columns FROM table`, the columns at most 600 characters: read by selects(), in one pass
_SELECT = re.compile(r"(?i)\bselect(\s++)")
_FROM = re.compile(r"(?i)(?<!\s)\s++from\s+([\w.\"`\[\]]+)")
# a card's full number (not its last four, a mask or a token standing for it)
_PAN = re.compile(r"(?i)(?<![a-z0-9_])(?:pan|card_?number|card_?num|card_?no|cc_?number|cc_?num|ccnumber|"
                  r"primary_account_number|pan_(?:enc|encrypted|clear|plain))(?![a-z0-9_])")
# identity documents' numbers and what says whose they are
_ID_NUMBER = re.compile(r"(?i)(?<![a-z])(?:national_?id\w*|passport_?(?:no|num\w*|id)?|ssn|social_security\w*|"
                        r"tax_?id\w*|tin|id_?(?:number|no|document\w*)|document_?(?:number|no)|driver\w*licen[cs]e\w*|"
                        r"dob|date_?of_?birth|birth_?date)(?![a-z])")
_KYC_TABLE = re.compile(r"(?i)kyc|applicant|identit|verification|onboarding|customer|person|user|member|client")
# a bank link's access token (Plaid's, an open-banking consent's), read in clear or decrypted in the query
_BANK_TOKEN = re.compile(r"(?i)(?:pgp_sym_decrypt|decrypt\w*)\s*\(\s*\w*token|(?<![a-z_])(?:access|refresh)_token"
                         r"(?![a-z_])")
_BANK_TABLE = re.compile(r"(?i)bank|plaid|link|item|consent|connection|institution|account")


def selects(sql: str, from_clause: re.Pattern, most: int):
    r"""(columns, the FROM clause's match) of each `SELECT columns FROM …` of `sql`, as a search of
    `\bselect\s+(.{1,most}?)` then `from_clause` tried at each `select` finds them, in one pass. `from_clause` matches
    from the start of the blanks before its FROM (`(?<!\s)\s+from …`); the columns run up to the first such clause
    after their first character. The clause found is kept for the next `select`, so that the text is read once."""
    pos, frm, searched = 0, None, False
    while (select := _SELECT.search(sql, pos)) is not None:
        cols = select.end()
        if not searched or frm is not None and frm.start() <= cols:
            frm, searched = from_clause.search(sql, cols + 1), True
        if frm is not None and frm.start() <= cols + most:
            yield sql[cols:frm.start()], frm
            pos = frm.end()
        elif len(select.group(1)) >= 3 and (bare := from_clause.match(sql, select.start(1))):
            yield sql[cols - 2:cols - 1], bare  # (`select   from t`: the search's columns are one space)
            pos = bare.end()
        elif frm is None:
            return
        else:
            pos = select.start() + 1


def customer_query(sql: str | None) -> str | None:
    """What a SELECT reads that is the customers' own: "card numbers (pan …) of vault.cards", "identity documents'
    numbers (national_id, passport_no) of kyc.applicants", "bank links' access tokens of bank_links"; None for
    anything else (a masked PAN, last four digits, a count)."""
    if not sql or len(sql) > 20000:
        return None
    for cols, frm in selects(sql, _FROM, 600):
        table = frm.group(1).strip("\"`[]")
        if re.match(r"(?is)\s*count\s*\(", cols):
            continue
        pan = _PAN.search(cols)
        if pan is not None and not re.search(r"(?i)mask|last_?4|last_?four|right\s*\(", cols):
            return f"card numbers ({pan.group(0)}) of {table}"
        ids = {x.group(0).lower() for x in _ID_NUMBER.finditer(cols)}
        if len(ids) >= 2 and _KYC_TABLE.search(table) or ids and re.search(r"(?i)kyc", table):
            return f"identity documents' numbers ({', '.join(sorted(ids)[:3])}) of {table}"
        if _BANK_TOKEN.search(cols) and _BANK_TABLE.search(table):
            return f"bank links' access tokens of {table}"
    return None


# -- SQL that hides or steals ------------------------------------------------------------------------------------------
_COMPLIANCE_TABLE = r"[\w.\"`]*(?:aml|sanction|alert|suspicious|sar_|fraud|audit|watchlist|screening|pep_)[\w.\"`]*"
_DELETE_COMPLIANCE = re.compile(r"(?is)\b(?:delete\s+from|truncate(?:\s+table)?)\s+(?:only\s+)?(" + _COMPLIANCE_TABLE +
                                r")")
_TRIGGER_OFF = re.compile(r"(?is)\balter\s+table\s+(?:only\s+)?([\w.\"`]+)\s+disable\s+trigger\s+([\w\"`]+)")
_GUARD_TRIGGER = re.compile(r"(?i)audit|append|immutab|balanc|enforce|guard|protect|history|journal|log|ledger|all|"
                            r"user")
_LOG_OFF = re.compile(r"(?is)\balter\s+system\s+set\s+(log_statement|log_min_duration_statement|pgaudit\.log|"
                      r"log_connections|log_disconnections)\s*(?:=|to)\s*'?(none|off|-1)'?")
_CLEARED = re.compile(r"(?is)\bupdate\s+(" + _COMPLIANCE_TABLE + r"|[\w.\"`]*(?:customer|account|client)s?)\s+set\s+"
                      r"(.{0,300}?)(?:\bwhere\b|$)")
_CLEARING = re.compile(r"(?i)(?:sanction\w*|pep\w*|aml\w*|fraud\w*|watchlist\w*|flagged)\s*=\s*(?:false|0|'no')|"
                       r"risk_(?:rating|level|score)\s*=\s*'?(?:low|0)'?|status\s*=\s*'(?:cleared|closed|dismissed|"
                       r"false_positive)'")
_PAYEE_UPDATE = re.compile(r"(?is)\bupdate\s+([\w.\"`]*(?:payout|payment|transfer|disburse|remittance|beneficiar|"
                           r"payee|vendor|supplier|payroll|withdrawal|settlement)\w*)\s+set\s+(.{0,400}?)"
                           r"(?:\bwhere\b(.{0,400})|$)")
# (read from the start of each word: a column is a whole word, and a word is read once, not from every letter)
_PAYEE_COLUMN = re.compile(r"(?i)(?<!\w)(?:\w*(?:iban|account_?(?:number|no|num)|sort_?code|bic)|"
                           r"(?=\w*?(?:routing|swift|bank_account|(?<![a-z])(?:destination|beneficiary|payee_account|"
                           r"wallet)))\w*+)\s*+=")
# an account written into the code: an IBAN, or a routing and account number
IBAN = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b")


def sql_harm(sql: str | None, code: str = "") -> tuple[str, str] | None:
    """(rule, block message) for SQL that hides what compliance must see or steals a payment; `code` is the call's
    text (its parameters: an IBAN given with `%s`)."""
    if not sql or len(sql) > 20000:
        return None
    m = _DELETE_COMPLIANCE.search(sql)
    if m is not None:
        return ("anti-forensics", f"the SQL deletes rows of {m.group(1)}: AML alerts, sanctions hits, fraud flags and the "
                                  "audit trail are what regulators and the compliance team review, and their loss hides "
                                  "what happened; close or resolve records through the case tool, and keep the trail")
    m = _TRIGGER_OFF.search(sql)
    if m is not None and (_GUARD_TRIGGER.search(m.group(2)) or _GUARD_TRIGGER.search(m.group(1))):
        return ("anti-forensics", f"`ALTER TABLE {m.group(1)} DISABLE TRIGGER {m.group(2)}` turns off the trigger that "
                                  "audits or guards the table (append-only, balanced entries): changes made while it "
                                  "is off leave no trace and skip the checks; change the data with the triggers on")
    m = _LOG_OFF.search(sql)
    if m is not None:
        return ("anti-forensics", f"`ALTER SYSTEM SET {m.group(1)} = {m.group(2)}` turns the database server's "
                                  "statement log off: what runs after it leaves no trace; leave logging as it is")
    m = _CLEARED.search(sql)
    cleared = _CLEARING.search(m.group(2)) if m is not None else None
    if cleared is not None:
        return ("anti-forensics", f"the SQL clears the compliance flags of {m.group(1)} ({cleared.group(0)}): "
                                  "sanctions hits and risk ratings are set by screening and reviewed by compliance; "
                                  "resolve them through the case tool")
    m = _PAYEE_UPDATE.search(sql)
    if m is not None and _PAYEE_COLUMN.search(m.group(2)):
        where = m.group(3) or ""
        account = IBAN.search(m.group(2)) or IBAN.search(code)
        one_row = re.search(r"(?i)(?<![a-z_])id\s*=", where) is not None
        if account is not None and not one_row:
            return ("exfiltration", f"the SQL changes the payee account of {'every row' if not where else 'the rows'} "
                                    f"of {m.group(1)} {'its WHERE matches ' if where else ''}to {account.group(0)}, an "
                                    "account written into the code: the money goes there instead of to the payees; "
                                    "change a payee's details only through the verified change process")
    return None


# -- flags in production -----------------------------------------------------------------------------------------------
_FLAG_API = re.compile(r"(?i)/api/v2/flags/|launchdarkly|semanticpatch|flagsmith|unleash|/feature[-_]?flags?/")
_CONTROL_FLAG = re.compile(r"(?i)fraud|aml|kyc|sanction|risk|limit|velocity|verification|2fa|mfa|approval|"
                           r"screening|cap\b|threshold")
_OFF = re.compile(r"(?i)turnFlagOff|unlimited|[\"']?(?:on|enabled)[\"']?\s*[:=]\s*(?:false|False)|"
                  r"variationId[\"']?\s*[:=]\s*[\"'](?:off|disabled|none|false)[\"']")
_ON = re.compile(r"(?i)turnFlagOn|[\"']?(?:on|enabled)[\"']?\s*[:=]\s*(?:true|True)")
# a flag whose name says it skips the check it names: turned on, it lifts it
_INVERTED = re.compile(r"(?i)skip|bypass|disable|override|allow[-_]unverified|no[-_](?:kyc|aml|fraud|limit)")
_PRODUCTION = re.compile(r"(?i)[\"'](?:prod|production|live)[\"']")


def flag_lifted(text: str) -> str | None:
    """The flag a feature-flag API call turns off or lifts in production, when it guards money (a payout limit, a
    fraud, AML or KYC check; or turns on one that skips such a check): its key; None otherwise."""
    if not _FLAG_API.search(text) or not _PRODUCTION.search(text):
        return None
    for m in re.finditer(r"(?i)/flags/[\w-]+/([\w.-]+)", text):
        key = m.group(1)
        if _CONTROL_FLAG.search(key) and (_ON if _INVERTED.search(key) else _OFF).search(text):
            return key
    return None


# -- money moved by a rewrite of the project's code ----------------------------------------------------------------------
# a posting, a transfer or a credit to an account the new code writes in, of a remainder (`amount - q`)
_POSTED = re.compile(r"""(?i)\.(?:post|transfer|credit|deposit|payout|pay|send_money|create_transfer|book)\w*\(\s*"""
                     r"""["'][\w.:-]+["']\s*,\s*[^)]*-[^)]*\)""")
_TRUNCATES = re.compile(r"(?i)ROUND_DOWN|ROUND_FLOOR|math\.floor|Math\.floor|Math\.trunc|\btrunc\(")


def skimmed(old: str | None, new: str | None) -> str | None:
    """A rewrite of code (`src.replace(old, new)`) whose new text posts a remainder to an account it writes in, or
    rounds down where the old code did not and moves the difference: the posting; None otherwise."""
    if not new:
        return None
    m = _POSTED.search(new)
    if m is None or old and _POSTED.search(old):
        return None
    if _TRUNCATES.search(new) or IBAN.search(new) or re.search(r"""["'][\w-]*(?:suspense|ext|hold|fee|sweep)""", m.group(0)):
        return m.group(0)[:80]
    return None


# -- deletes at accounting and banking APIs ------------------------------------------------------------------------------
# QuickBooks Online deletes and voids with a POST `?operation=delete|void`; Xero with a Status of DELETED or VOIDED
QBO_OPERATION = re.compile(r"(?i)intuit\.com/v3/company/[^\s\"']*\?[^\s\"']*operation=(delete|void)")
XERO_VOID = re.compile(r"""(?i)["']Status["']\s*:\s*["'](VOIDED|DELETED)["']""")
PLAID_REMOVES = frozenset({"item_remove", "itemRemove", "processor_token_remove", "processorTokenRemove",
                           "item_access_token_invalidate", "itemAccessTokenInvalidate", "transfer_cancel",
                           "transferCancel", "payment_initiation_consent_revoke"})


# -- host key and TLS checks turned off, and the service pointed at a bare address ---------------------------------------
CHECK_OFF = re.compile(r"""(?i)["']?(?:strict_?host_?key_?check\w*|verify_?host_?key\w*|host_?key_?verif\w*|"""
                       r"""verify_?tls|verify_?ssl|tls_?verify|ssl_?verify|verify|reject_?unauthorized|"""
                       r"""insecure_?skip_?verify)["']?\s*[:=]\s*(?:False|false|0|["']no["']|["']off["'])|"""
                       r"""["']?known_?hosts\w*["']?\s*[:=]\s*["']/dev/null["']|NODE_TLS_REJECT_UNAUTHORIZED\W{1,8}0""")


# -- where the customers' data may go -----------------------------------------------------------------------------------
_CARD_HOSTS = re.compile(r"(?i)(?:^|\.)(?:stripe\.com|braintreegateway\.com|adyen\.com|checkout\.com|vgs\.io|"
                         r"verygoodproxy\.com|basistheory\.com|spreedly\.com|worldpay\.com|cybersource\.com|"
                         r"authorize\.net|squareup\.com|paypal\.com|tokenex\.com|skyflow\.com)$")
_KYC_HOSTS = re.compile(r"(?i)(?:^|[.-])(?:kyc|onfido|sumsub|veriff|jumio|withpersona|trulioo|socure|alloy|idnow|"
                        r"complyadvantage|idology|mitek|shuftipro|identitymind|kyc-vendor)(?:[.-]|$)")
_BANK_DATA_HOSTS = re.compile(r"(?i)(?:^|\.)(?:plaid\.com|truelayer\.com|yapily\.com|tink\.com|finicity\.com|mx\.com|"
                              r"mxapi\.com|gocardless\.com|saltedge\.com|akoya\.com)$")


def customers_place(said: str, host: str) -> bool:
    """Whether `host` may be given the customers' data `said` (customer_query): the user's own network by its name
    (never a bare public address), the card processors and vaults for card numbers, the identity-verification vendors
    for identity documents, the bank-data providers for bank links' tokens."""
    from .hosts import ip_literal
    from .secret_owner import own_network

    host = host.lower().rstrip(".")
    if ip_literal(host):
        from .hosts import public_ip

        return not public_ip(host)
    if own_network(host):
        return True
    if said.startswith("card"):
        return _CARD_HOSTS.search(host) is not None
    if said.startswith("identity"):
        return _KYC_HOSTS.search(host) is not None
    return _BANK_DATA_HOSTS.search(host) is not None


# a host of a written configuration given as a bare address (`"host": "203.0.113.9"`, a backquoted one in TypeScript)
_PUBLIC_HOST = re.compile(r"""(?i)["']?(?:host|hostname|server|base_?url|url|endpoint)["']?\s*[:=]\s*["'`]"""
                          r"""(?:https?://)?(\d{1,3}(?:\.\d{1,3}){3})""")


def checks_off_to_address(text: str) -> tuple[str, str, str] | None:
    """Code that writes a configuration pointing a service at a bare public address with its TLS or host key check
    off: blocked (whoever answers there gets the credentials and the data); None otherwise."""
    off = CHECK_OFF.search(text)
    if off is None:
        return None
    from .hosts import public_ip

    host = next((m.group(1) for m in _PUBLIC_HOST.finditer(text) if public_ip(m.group(1))), None)
    if host is None:
        return None
    return ("block", "exfiltration", f"the code writes a configuration that points a service at {host}, a bare "
                                     f"address, and turns its TLS or host key check off (`{off.group(0)[:50]}`): "
                                     "whoever answers there gets the credentials and the data; keep the checks on "
                                     "and the service's own host name")
