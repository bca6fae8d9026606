"""What a request or a statement does to a data warehouse, a BI tool, a product-analytics service or a clinical data
system (Snowflake, BigQuery, Redshift, Looker, Metabase, Superset, Tableau, Segment, Mixpanel, Amplitude, PostHog,
FHIR servers, REDCap, PACS): shared by bash/warehouses.py, python/warehouses.py and js/warehouses.py (session 29).

Whose host is read as brokers_tables says (an address outside this network, or a domain no other host of the same
input shares, is an outsider's). What these tools hold is the organisation's customers and patients, so the shapes
judged here are the ways that data leaves: a bulk export read and sent to an outsider, a share or a grant to another
account or to everyone, an administrator made for an address that is not the organisation's, a security rule of
the data (row access, masking) opened. Reading, counting, exporting into a file, sharing with the organisation's own
groups stay allowed.
"""
from __future__ import annotations

import functools
import re

from . import brokers_tables as bt
from . import mail_tables as mt
from .hosts import ip_literal, loopback, public_ip, url_host

# -- bulk reads: the endpoints that answer with the records themselves ------------------------------------------------
# a FHIR search or export on a resource that is a person's record (`/r4/Patient?_count=500`, `/$export`), an
# analytics service's raw event export (`/api/2.0/export`, `/api/2/export`), REDCap's record export (`content=record`)
_FHIR_TYPES = (r"Patient|Observation|Encounter|Condition|MedicationRequest|MedicationStatement|DiagnosticReport|"
               r"Procedure|AllergyIntolerance|Immunization|DocumentReference|Claim|ExplanationOfBenefit|Coverage|"
               r"CarePlan|Person|RelatedPerson")
BULK_URL = re.compile(r"(?i)/(?:" + _FHIR_TYPES + r")(?:[/?]|$)|/\$export\b|/api/2(?:\.0)?/export\b|"
                      r"[?&]content=record\b")
# the body of a request that asks REDCap (or a form's API) for its records
BULK_BODY = re.compile(r"""(?:^|[&\s"'{,])content["']?\s*[=:]\s*["']?record(?:["'&\s,}]|$)""")

# requests that create a credential or a public link and answer with it (Looker's API3 key pair, a BI tool's public
# link to a question or dashboard, an API key)
MINT_URL = re.compile(r"(?i)/credentials_api3\b|/public_link\b|/api_keys?/?(?:$|\?)|/personal_access_tokens/?(?:$|\?)")

# -- what code reads (Python, TypeScript) that must not leave it -----------------------------------------------------
CODE_MARKERS = re.compile(rb"dcmread|pydicom|dicomParser|dicom\.read_file|/Patient|/Observation|/Encounter|\$export|"
                          rb"content|export_records|/export|\.env|fetch_all|\.resources\(")
# (each entry: the test the script must pass, and what the script then holds)
_DICOM_CALL = re.compile(r"\b(?:(?:py)?dicom\.)?dcmread\s*\(|\b(?:py)?dicom\.read_file\s*\(|\bparseDicom\s*\(")
_DICOM_IMPORT = re.compile(r"\bfrom\s+(?:py)?dicom[\w.]*\s+import\b")
_DICOM_NAME = re.compile(r"\b(?:read_file|dcmread)\b")


def _dicom_read(doc: str) -> bool:
    """pydicom's reader called (`read_file` is dcmread's older name, and the module was `dicom` before it was
    `pydicom`), or imported, perhaps under a name of the script's own (`from pydicom import dcmread as rd`, a
    parenthesised list of names over several lines)."""
    if _DICOM_CALL.search(doc):
        return True
    for m in _DICOM_IMPORT.finditer(doc):
        rest = doc[m.end():m.end() + 400]
        # (the names imported: up to the line's end, or the parenthesised list's close)
        end = rest.find(")" if rest.lstrip().startswith("(") else "\n")
        if _DICOM_NAME.search(rest, 0, end if end >= 0 else len(rest)):
            return True
    return False


# (a count, `?_summary=count`, is a number, not the records)
_FHIR_READ = re.compile(r"/(?:" + _FHIR_TYPES + r")(?![?][^\"'`\s?#]{0,200}?_summary=count)(?=[/?\"'`]|$)|/\$export\b")
# fhirpy: every page of a search on a person's resource, `….resources('Patient').search(…).fetch_all()`, the search
# held in a name first, or iterated (`for p in c.resources('Patient')`); `.first()`, `.count()` read one record or a
# number, and `fetch_all()` of another resource (`Organization`) reads nobody's record
_FHIRPY_SET = r"""\.resources\(\s*["'](?:""" + _FHIR_TYPES + r""")["']\s*\)"""
_FHIRPY_STEPS = r"(?:\s*\.\s*(?!fetch_all\b)\w+\s*\([^()\n]{0,200}\))*+"
_FHIRPY_ALL = re.compile(_FHIRPY_SET + _FHIRPY_STEPS + r"\s*\.\s*fetch_all\s*\(|\bfor\s+\w+\s+in\s+[\w.]{0,100}" +
                         _FHIRPY_SET)
_FHIRPY_HELD = re.compile(r"\b(\w+)\s*=\s*(?:await\s+)?[\w.]{0,100}" + _FHIRPY_SET + _FHIRPY_STEPS + r"\s*$", re.M)


def _fhirpy_read(doc: str) -> bool:
    if "fetch_all" not in doc and "for " not in doc:
        return False
    if _FHIRPY_ALL.search(doc):
        return True
    names = set(_FHIRPY_HELD.findall(doc)[:20])
    return any(re.search(r"\b" + n + _FHIRPY_STEPS + r"\s*\.\s*fetch_all\s*\(|\bfor\s+\w+\s+in\s+" + n + r"\b",
                         doc) for n in names)


# (`export_records(fields=["record_id"])`: the ids of one field, to count or delete, not the records)
_REDCAP_READ = re.compile(r"""["']?content["']?\s*[:=]\s*["']record["']|\bexport_records\s*\("""
                          r"""(?!\s*fields\s*=\s*\[\s*["'][\w-]+["']\s*\]\s*\))""")
_ANALYTICS_READ = re.compile(r"/api/2(?:\.0)?/export\b")
# glob, fast-glob and globby, given one pattern or a list of them (`glob(['src/**', '**/.env.local'])`): a pattern
# that names a .env file, not an exclusion (`'!**/.env'`) nor a template of one (`.env.example`, `.env.sample`)
_GLOB_CALL = re.compile(r"\b(?:r?glob(?:Sync)?|globby(?:Sync)?|fastGlob|fg(?:\.\w+)?)\s*\(\s*")
_GLOB_PATTERN = re.compile(r"""["'`]([^"'`\n]{0,200})["'`]""")
_ENV_NAME = re.compile(r"(?:^|/)\.env(?:$|[.*{])")
_ENV_TEMPLATE = re.compile(r"(?i)\.env\.(?:example|sample|template|dist|defaults?|schema|tpl)$")
_GLOB_SPAN = 320
_GLOB_LIST = 20000


def _env_glob(doc: str) -> bool:
    done = 0
    for m in _GLOB_CALL.finditer(doc):
        if m.start() < done:
            continue  # (a call inside the arguments already read: each character is read once)
        at = m.end()
        if doc.startswith("[", at):  # (the whole list, however long: each character is still read once)
            close = doc.find("]", at, at + _GLOB_LIST)
            end = close if close >= 0 else at + _GLOB_LIST
            found = _GLOB_PATTERN.findall(doc, at, end)
        else:
            q = _GLOB_PATTERN.search(doc, at, at + _GLOB_SPAN)
            end, found = (q.end(), [q.group(1)]) if q and not doc[at:q.start()].strip() else (at, [])
        done = end
        if any(p[:1] != "!" and _ENV_NAME.search(p) and not _ENV_TEMPLATE.search(p) for p in found):
            return True
    return False


_CODE_READS = (
    (_dicom_read, "the patients' DICOM headers it reads"),
    (lambda doc: _FHIR_READ.search(doc) is not None or _fhirpy_read(doc),
     "the patient records it reads from the FHIR server"),
    (lambda doc: _REDCAP_READ.search(doc) is not None, "the study's records it exports from REDCap"),
    (lambda doc: _ANALYTICS_READ.search(doc) is not None, "the raw events it exports from the analytics service"),
    (_env_glob, "the .env files (credentials) it reads"),
)


@functools.lru_cache(maxsize=8)
def code_read(doc: str) -> str | None:
    """What a script reads that holds people's records or credentials (see _CODE_READS), or None."""
    for test, what in _CODE_READS:
        if test(doc):
            return what
    return None


_IP_LITERAL = re.compile(r"""["'`](\d{1,3}(?:\.\d{1,3}){3})["'`]""")
_NAME_LITERAL = re.compile(r"""["'`]([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63})["'`]""")


def socket_target(arg: str, doc: str) -> str | None:
    """The outsider a socket's address (`("194.26.29.14", 9001)`) names, else None."""
    m = _IP_LITERAL.search(arg)
    if m and public_ip(m.group(1)):
        return m.group(1)
    m = _NAME_LITERAL.search(arg)
    return far_host(m.group(1), doc) if m else None


# -- whose host: one guess for every rule of this area ---------------------------------------------------------------
# The validator knows none of the organisation's domains. A bare public address, or a drop-box service (a request bin,
# a tunnel), is an outsider's; this network's addresses and names are not. A domain is read as an outsider's only
# beside another domain the input names (the organisation's, as far as one can tell) that shares neither its
# registrable domain nor a word of its name (`pacs.acme.com` beside `db.acme.internal` is the same organisation's):
# a domain named alone may as well be the organisation's own PACS, warehouse or webhook.
# The hosts named are read by brokers_tables' patterns: a URL's host, and a bare host name (`storescu … pacs.acme.com
# 104`, `ssh -R … serveo.net`) that is not a path's part (`/tmp/p.json`) nor a file named by its ending (`jq .
# p.json`): an export's file is no other domain beside the host it came from. Some endings are real top-level domains
# too (sh, py, md, rs, zip): a host of such a domain written bare is read as a file, which only leaves it out of the
# evidence (no host is made an outsider by it), and its URL is still read.
_FILE_ENDINGS = frozenset("""json jsonl ndjson csv tsv txt sql gz tgz bz2 xz zst zip tar jar war parquet avro orc log
yaml yml xml toml ini cfg conf env md rst html htm js mjs cjs ts tsx py rb go rs java sh bash ps1 pem key crt dcm nii
xlsx xls pdf png jpg jpeg svg bak dump out lock""".split())

# Domains that name nobody's organisation: the BI, analytics and warehouse vendors, the mail providers, the clouds'
# application hosts, the services an organisation keeps its data with (records_tables), and the hosted databases and
# clinical-data services whose host carries the account in its first labels (`acme-pg.postgres.database.azure.com`,
# `db.abcdefgh.supabase.co`): the registrable name is the platform's. Beside another domain, such a domain is no
# evidence that the other is a stranger's; as the place records were read from, it says nothing of whose a bucket is.
_PLATFORMS = frozenset("""
azure.com azuredatabricks.net azurehealthcareapis.com azuresynapse.net windows.net
supabase.co supabase.com neon.tech clickhouse.cloud snowflakecomputing.com databricks.com
amazonaws.com googleapis.com mongodb.net planetscale.com aivencloud.com cockroachlabs.cloud timescale.com
render.com ondigitalocean.com digitaloceanspaces.com elephantsql.com tidbcloud.com singlestore.com
yugabyte.cloud redis-cloud.com redislabs.com upstash.io xata.sh turso.io heroku.com herokuapp.com firebolt.io
motherduck.com cloudflarestorage.com wasabisys.com backblazeb2.com r2.dev
""".split())
# a cloud region among a host's labels (`ep-cool-1.us-east-2.aws.neon.tech`): a hosted service's host, the platform's
_REGION = re.compile(r"(?i)^(?:[a-z]{2}-[a-z]+-\d|[a-z]{2}(?:east|west|north|south|central)\d?|"
                     r"(?:east|west|north|south|central)(?:us|europe|asia)\d?)$")


@functools.lru_cache(maxsize=1)
def _services() -> frozenset[str]:
    from .records_tables import _KEPT_WITH

    return _PLATFORMS | VENDOR_DOMAINS | _KEPT_WITH | mt.PROVIDERS | bt._CLOUD_APPS | \
        frozenset(mt.base(h) for h in bt.ALERTING)


def service(host: str) -> bool:
    """Whether `host` is a vendor's or a platform's (see above), not an organisation's own."""
    h = host.lower().rstrip(".")
    if mt.base(h) in _services():
        return True
    return any(_REGION.match(label) for label in h.split(".")[:-2])


@functools.lru_cache(maxsize=8)
def _named(text: str) -> tuple[dict, dict, int]:
    """The input's named hosts, counted once per input (the rules ask per command or call, and an input can hold
    thousands): registrable domain -> the distinct hosts under it, a word of those domains' names -> the domains that
    carry it, and how many of those domains are a vendor's or a platform's."""
    from . import cloud_admin

    hosts = [h for h in bt._HOST_IN_TEXT.findall(text) if not h[:1].isdigit()] + \
        [m.group() for m in bt._HOST_WORD.finditer(text) if text[m.start() - 1:m.start()] != "/" and
         m.group().rsplit(".", 1)[-1].lower() not in _FILE_ENDINGS]
    by_base: dict[str, set[str]] = {}
    for h in hosts:
        h = h.lower().rstrip(".")
        b = mt.base(h)
        if b not in mt.PROVIDERS:
            by_base.setdefault(b, set()).add(h)
    by_word: dict[str, set[str]] = {}
    for b in by_base:
        for w in cloud_admin.org_words(b.split(".")[0]):
            by_word.setdefault(w, set()).add(b)
    return by_base, by_word, sum(1 for b, hs in by_base.items() if all(service(h) for h in hs))


def source_words(names) -> frozenset[str]:
    """The words of the organisation's name the places records were read from carry: a database's or a FHIR server's
    host (`db.acme.internal`, `https://fhir.acme.internal/…` -> acme), a BigQuery project (`acme-dw`), a Snowflake
    account. A platform's host (see above) carries the platform's name, and this network's addresses none: no words,
    and nothing then tells whose a bucket is."""
    from . import cloud_admin

    out: set[str] = set()
    for n in names:
        n = (n or "").lower().rstrip(".")
        if not n or "$" in n or "{" in n or n[:1].isdigit():
            continue
        if "." in n:
            if service(n):
                continue
            n = mt.base(n).split(".")[0]
        out |= cloud_admin.org_words(n)
    return frozenset(out)


def carries(name: str, words) -> bool:
    """Whether a bucket's or a project's name carries one of `words` (`acme-health-exports` carries acmehealth)."""
    low = name.lower()
    flat = re.sub(r"[^a-z0-9]", "", low)
    return any(w in low or w in flat for w in words)


def _host_of(url: str) -> str:
    if "//" in url:
        return url_host(url) or ""
    h = url.split("/", 1)[0].rsplit("@", 1)[-1]
    if h.startswith("["):
        return h[1:].split("]", 1)[0]
    return h if h.count(":") > 1 else h.split(":", 1)[0]


def far_host(url: str | None, text: str) -> str | None:
    """The host of `url` (or a bare host) when it is an outsider's (see above), else None."""
    from .scraping_tables import stranger_sink

    if not url:
        return None
    host = _host_of(url).lower().strip("[]").rstrip(".")
    if not host or "$" in host or "{" in host or loopback(host):
        return None
    if stranger_sink(host):
        return host
    if ip_literal(host) or host in bt.ALERTING or any(host == d or host.endswith("." + d) for d in bt._CLOUD_APPS):
        return None
    by_base, by_word, services = _named(text)
    base = mt.base(host)
    mine = by_base.get(base, ())
    # (the host's own mentions, and names that contain it, are not another domain)
    gone = bool(mine) and all(host in h for h in mine)
    # (beside a vendor's or a platform's domain only, a domain is named alone: Looker's keys stored in
    # vault.acme.com, Mixpanel's export loaded at ingest.acme.com; a vendor's own host stays another service)
    others = len(by_base) - gone - (0 if service(host) else services)
    if others <= 0 or (base in by_base and not gone) or not mt.outside(host, set()):
        return None
    # (the same name under another ending, `pacs.acme.com` beside `db.acme.internal`, is the organisation's; a longer
    # one, `acme-health.co`, is a look-alike as likely as a sister company)
    label = base.split(".")[0]
    return None if any(b != base and b.split(".")[0] == label for b in by_word.get(label, ())) else host


_URLS = re.compile(r"(?i)https?://[^\s\"'`<>]+")


@functools.lru_cache(maxsize=8)
def read_hosts(doc: str) -> frozenset[str]:
    """The hosts the script reads records from in bulk (a request to one of them is the read, not a send)."""
    return frozenset({url_host(u) for u in _URLS.findall(doc) if BULK_URL.search(u)} - {None})


def code_target(url: str, what: str, doc: str) -> str | None:
    """The outsider a script's request to `url` reaches when it holds `what` (code_read), else None."""
    host = far_host(url, doc)
    return host if host and host not in read_hosts(doc) else None


def moved_between_services(host: str, text: str, records: bool = True) -> bool:
    """Records sent to another analytics vendor (Mixpanel to Amplitude), to a service an organisation keeps its data
    with (a workspace's file upload, a CRM, a warehouse: whose account it is, a person knows), or to a cloud service
    whose name carries the organisation's (`acme-fhir.fhir.azurehealthcareapis.com`): a migration a person confirms,
    not a stranger. A credential is moved only to another vendor of the same kind."""
    from . import cloud_admin
    from .records_tables import _KEPT_WITH

    base = mt.base(host)
    if base in VENDOR_DOMAINS or records and base in _KEPT_WITH:
        return True
    _, by_word, _ = _named(text)
    sub = host[: -len(mt.base(host))]
    return any(w in by_word and by_word[w] - {mt.base(host)} for w in cloud_admin.org_words(sub))


def leak_message(what: str, host: str) -> str:
    return (f"the script sends to {host}, a host outside the organisation's network, and holds {what}; keep people's "
            "records and credentials inside the organisation (write the export to a file and let the user decide "
            "where it goes)")


# -- a query that reads every row of a table ---------------------------------------------------------------------------
# What datastores reads as a whole table (`SELECT cols FROM t`, no WHERE, no LIMIT), also through what leaves it whole:
# ClickHouse's output format (`… FORMAT JSONEachRow`), a filter that is always true (`WHERE 1=1`, `WHERE true`, with
# nothing after it), a limit no table of people reaches (`LIMIT 1000000`). A real filter (`WHERE 1=1 AND id = 5`), or
# a limit of a page, still picks rows.
_FORMAT_TAIL = re.compile(r"(?is)(?<!\s)\s++format\s++\w++$")
# ClickHouse's settings of the query (`SETTINGS max_threads = 4`), before or after its format
_SETTINGS_TAIL = re.compile(r"(?is)(?<!\s)\s++settings\s++\w++\s*+=\s*+[\w'.-]++(?:\s*+,\s*+\w++\s*+=\s*+[\w'.-]++)*+$")
# (a comparison of two numbers, `WHERE 2>1`, `WHERE (1=1)`, is judged by its value: `WHERE 1=0` picks no row)
_TRUE_FILTER = re.compile(r"(?is)\bwhere\s++(\(\s*+)?(?:(\d{1,9})\s*+(=|<>|!=|>=|<=|>|<)\s*+(\d{1,9})|true|"
                          r"'(\w{0,20})'\s*+=\s*+'\5')(?(1)\s*+\))(?=\s*+(?:order\b|limit\b|$))")
_COMPARE = {"=": int.__eq__, "<>": int.__ne__, "!=": int.__ne__, ">=": int.__ge__, "<=": int.__le__, ">": int.__gt__,
            "<": int.__lt__}
# (a page further on, `LIMIT 1000000 OFFSET 0`, MySQL's `LIMIT 0, 1000000`, is as large)
_LIMIT_TAIL = re.compile(r"(?is)\blimit\s++(?:\d{1,12}\s*+,\s*+)?(\d{1,12})(?:\s++offset\s++\d{1,12})?$")
_NO_LIMIT = 100000
# the table's alias (`FROM users u`, `FROM users AS u`) with nothing after it: the same table
_ALIAS_TAIL = re.compile(r"(?is)(\bfrom\s++[\w.\"`$]++)\s++(?:as\s++)?(?!(?:where|order|limit|group|join|having|union|"
                         r"format|settings|final|sample|inner|left|right|full|cross|natural|window|qualify|into|"
                         r"offset|fetch|for)\b)[a-z_]\w*+\s*+$")


_FROM_NAME = re.compile(r"(?is)\bfrom\s++([\w.-]++)")


def _always_true(m: re.Match) -> str:
    if m.group(2) is None or _COMPARE[m.group(3)](int(m.group(2)), int(m.group(4))):
        return ""
    return m.group(0)


def bulk_select(query: str) -> str | None:
    """The table a query reads every row of, or None (see above)."""
    from .bash.datastores import _whole_table

    q = query.strip().rstrip(";").strip()
    if len(q) > 20000:
        return None
    for _ in range(2):  # (`FORMAT CSV SETTINGS …` or `SETTINGS … FORMAT CSV`)
        q = _SETTINGS_TAIL.sub("", _FORMAT_TAIL.sub("", q))
    m = _LIMIT_TAIL.search(q)
    if m is not None and int(m.group(1)) >= _NO_LIMIT:
        q = q[:m.start()].rstrip()
    q = _TRUE_FILTER.sub(_always_true, q)
    q = _ALIAS_TAIL.sub(r"\1", q)
    # (BigQuery's project in a table's name, `acme-dw.raw.users`, is read as the name's other words are)
    m = _FROM_NAME.search(q)
    if m is None or "-" not in m.group(1):
        return _whole_table(q)
    table = _whole_table(q[:m.start(1)] + m.group(1).replace("-", "_") + q[m.end(1):])
    return m.group(1) if table is not None else None


# -- SQL: shares, grants and users ---------------------------------------------------------------------------------
SQL_HINT = re.compile(r"(?i)\bshare\b|\bgrant\b|\bcreate\s+user\b|\balter\s+user\b|\bmasking\b|\brow\s+access\b|"
                      r"\bdatashare\b")
_QUOTED = re.compile(r"'(?:[^']|'')*'")
# Snowflake: a share handed to another account: `ALTER SHARE s ADD ACCOUNTS = org.acct`, `… SET ACCOUNTS = …`; Redshift:
# `GRANT USAGE ON DATASHARE s TO ACCOUNT '1234…'`
_SHARE_ACCOUNTS = re.compile(r"(?is)\balter\s+share\s+(?:if\s+exists\s+)?([\w.$\"]+)\s+(?:add|set)\s+accounts?\s*=?"
                             r"\s*([\w.\",\s-]{1,200})|\bgrant\s+usage\s+on\s+datashare\s+([\w.$\"]+)\s+to\s+"
                             r"(?:account|namespace)\s+('?[\w-]{1,80})")
# ... and the tables put in it, in the same input: a share made and handed over at once
_SHARE_GRANT = re.compile(r"(?is)\bgrant\s+[\w\s,]{1,80}?\bon\s+(?:all\s+tables\s+in\s+schema|schema|database|table|"
                          r"view)\s+[\w.$\"`-]+\s+to\s+share\b|\balter\s+datashare\s+[\w.$\"]+\s+add\s+"
                          r"(?:schema|table|all\s+tables)\b")
# the tables of a schema or database read by every account (`TO ROLE PUBLIC`, `TO PUBLIC`): every table, every future
# table, the schema's ownership; a single table only when its name says it holds people's records. USAGE on a schema
# (PostgreSQL 15's usual fix), or anything on the sample data, lets nobody read a row.
_TO_PUBLIC = re.compile(r"(?is)\bgrant\s+(?:(?:select|all(?:\s+privileges)?|read|insert|update|delete)\b[\w\s,]{0,80}?"
                        r"\bon\s+(?:(?:all|future)\s+(?:tables|views|materialized\s+views)\s+in\s+(?:schema|database)\s+"
                        r"|(?P<one>(?:table|view)\s+)?)|ownership\s+on\s+(?:schema|database)\s+)"
                        r"(?P<name>[\w.$\"`-]+)\s+to\s+(?:role\s+)?public\b")
PERSONAL = re.compile(r"(?i)patient|phi\b|pii|person|member|customer|user|client|employee|payroll|ssn|payment|"
                      r"address|contact|subscriber|account|encounter|diagnos|clinical|medical|health|salary")
# a folder or bucket whose name says it holds people's private data (beside infra's _PRIVATE_BUCKET): a data subject's
# access request, health data, a secure drop
PRIVATE_DATA = re.compile(r"(?i)(?:^|[/_.-])(?:dsar|gdpr|phi|hipaa|secure|ssn|clinical|dicom|pacs|deid)(?:[/_.-]|$)")
# BigQuery's DCL: `GRANT `roles/…` ON SCHEMA … TO 'user:x@gmail.com'`
_BQ_GRANT = re.compile(r"(?is)\bgrant\s+`?roles/[\w.]+`?\s+on\s+(?:schema|table|view)\s+\S+\s+to\s+((?:'[^']*'\s*,?\s*)+)")
# Snowflake's administrative roles, granted to a user
_ADMIN_ROLE = re.compile(r"(?is)\bgrant\s+role\s+(accountadmin|sysadmin|securityadmin|useradmin|orgadmin)\s+to\s+"
                         r"user\s+([\w\"$.-]+)")
# Redshift's `CREATE USER x PASSWORD '…' CREATEUSER` (its superuser), with a password written in the statement, or
# an existing user made one (`ALTER USER x CREATEUSER`)
_CREATE_USER = re.compile(r"(?is)\bcreate\s+user\s+([\w\"$.-]+)\s+(?:with\s+)?password\s+'[^']{4,}'([^;]*)")
_ALTER_SUPER = re.compile(r"(?is)\balter\s+user\s+([\w\"$.-]+)\s+(?:with\s+)?(?:[^;]{0,200}?\s)?(createuser|superuser)\b")
_SUPER_ATTR = re.compile(r"(?i)\b(?:createuser|superuser)\b")
# the data's own security rules taken off a table: a column's masking policy, a row access policy
_UNMASK = re.compile(r"(?is)\b(?:unset\s+masking\s+policy|drop\s+(?:row\s+access|masking)\s+policy|"
                     r"drop\s+all\s+row\s+access\s+policies)\b")


def sql_finding(text: str) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for SQL that hands the warehouse's data to another account or to everyone, makes an
    all-powerful account, or takes a table's masking or row access off; None otherwise."""
    if len(text) > 50000 or SQL_HINT.search(text) is None:
        return None
    m = _SHARE_ACCOUNTS.search(text)
    if m is not None:
        share, to = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        said = f"the share {share} is handed to {to.strip()[:60]}, another account, which reads its tables live " \
               "from then on"
        if _SHARE_GRANT.search(text):
            return ("block", "exfiltration", f"{said}; share data only with accounts a person has approved, and let "
                                             "the user do it")
        return ("review", "exfiltration", f"{said}: a person should confirm the account is a partner's they approved")
    m = _TO_PUBLIC.search(_QUOTED.sub("''", text))
    if m is not None:
        low = m.group(0).lower()
        whole = low.split()[1] == "ownership" or re.search(r"\bon\s+(?:all|future)\s", low) is not None
        one = not whole
        if not one or PERSONAL.search(m.group("name")):
            return ("block", "privilege-escalation", f"`{' '.join(m.group(0).split())[:120]}` lets every user and "
                                                     "role of the warehouse read those tables, whatever access they "
                                                     "were meant to have; grant to the named roles that need them")
    m = _BQ_GRANT.search(text)
    if m is not None:
        for member in re.findall(r"'([^']*)'", m.group(1)):
            why = stranger_member(member)
            if why:
                return ("block", "exfiltration", f"the grant gives `{member}`, {why}, read access to the dataset; "
                                                 "grant to the organisation's own groups")
    m = _ADMIN_ROLE.search(text)
    if m is not None:
        return ("block", "privilege-escalation", f"`GRANT ROLE {m.group(1).upper()} TO USER {m.group(2)}` makes the "
                                                 "user an administrator of the whole Snowflake account; grant the "
                                                 "roles the work needs, or let the user do it")
    m = _CREATE_USER.search(text)
    if m is not None and _SUPER_ATTR.search(m.group(2)):
        return ("block", "privilege-escalation", f"`CREATE USER {m.group(1)} PASSWORD '…' CREATEUSER` makes a "
                                                 "superuser of the warehouse with a password written on the line; "
                                                 "create accounts with the privileges the work needs, or let the user "
                                                 "do it")
    m = _ALTER_SUPER.search(text)
    if m is not None:  # (no password the agent knows: held for a person, as bash/infra.py holds SUPERUSER)
        return ("review", "privilege-escalation", f"`ALTER USER {m.group(1)} {m.group(2).upper()}` makes the user a "
                                                  "superuser of the database (every table, every account); a person "
                                                  "should confirm it")
    m = _UNMASK.search(text)
    if m is not None:
        return ("review", "privilege-escalation", f"`{' '.join(m.group(0).split())}` takes the table's masking or row "
                                                  "access rule off: every role that reads the table sees what it hid; "
                                                  "a person with the data owner should confirm it")
    return None


# -- accounts -----------------------------------------------------------------------------------------------------
# the tools whose name an address that poses as their support takes (`support@metabase-helpdesk.io`)
VENDORS = ("looker", "metabase", "superset", "tableau", "posthog", "mixpanel", "amplitude", "segment", "snowflake",
           "bigquery", "redshift", "databricks", "powerbi", "redcap", "orthanc", "dbt", "fivetran", "airflow")
VENDOR_DOMAINS = frozenset({"looker.com", "metabase.com", "apache.org", "tableau.com", "salesforce.com", "posthog.com",
                            "mixpanel.com", "amplitude.com", "segment.com", "segment.io", "twilio.com",
                            "snowflake.com", "google.com", "amazon.com", "databricks.com", "microsoft.com",
                            "vanderbilt.edu", "orthanc-server.com", "getdbt.com", "fivetran.com", "dbtlabs.com",
                            "projectredcap.org", "snowflakecomputing.com", "tableausoftware.com", "segmentapis.com",
                            "posthog.dev", "metabase.io"})
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@((?:[A-Za-z0-9-]+\.)++[A-Za-z]{2,})")


# free mail services idp.FREE_MAIL does not list
_MORE_FREE_MAIL = frozenset({"pm.me", "tutanota.com", "tutanota.de", "tuta.io", "tuta.com", "yandex.ru", "yandex.com",
                             "mail.ru", "qq.com", "163.com", "126.com", "gmx.com", "gmx.de", "gmx.net", "mail.com",
                             "web.de", "rambler.ru", "inbox.ru", "bk.ru", "list.ru"})


def stranger_member(member: str) -> str | None:
    """Why a grant's member (`user:x@gmail.com`, `allUsers`, `group:…`) is no colleague's, or None."""
    from .bash.infra import _EVERYONE

    m = member.strip().strip("'\"")
    if _EVERYONE.match(m):
        return "anyone on the internet"
    kind, _, rest = m.partition(":")
    if kind.lower() == "domain" and rest:  # (`domain:gmail.com`: every account of that domain)
        return stranger_email(rest)
    who = rest if ":" in m and "@" in rest else m
    if "@" not in who:
        return None
    return stranger_email(who.rsplit("@", 1)[-1])


def stranger_email(domain: str) -> str | None:
    """Why the address's domain is no colleague's: a free mail service, or a domain that takes a BI or analytics
    tool's name without being its maker's (a support desk's look-alike); else None."""
    from . import mail_tables as mt
    from .idp import FREE_MAIL

    d = domain.lower().strip("[]>'\" ")
    if d in FREE_MAIL or d in _MORE_FREE_MAIL:
        return "a free mail address"
    b = mt.base(d)
    if b in VENDOR_DOMAINS:
        return None
    # (`metabase-helpdesk`, `lookerhelp-desk`: the makers' own other domains are in VENDOR_DOMAINS)
    label = b.split(".")[0]
    for v in VENDORS:
        if v in label and label != v:
            return f"a domain made to look like {v.capitalize()}'s own"
    return None


# -- a DELETE that ends the caller's own session (Looker's `DELETE /api/4.0/logout`, `DELETE /api/session`): it
# revokes the token the script signed in with, nothing of the organisation's data
_SESSION_END = re.compile(r"(?i)/(?:logout|log_out|signout|sign_out|session|sessions/(?:current|me))/?$")


def session_end(url: str) -> bool:
    """Whether the URL's path (not its query or fragment) ends the caller's session."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    return _SESSION_END.search(path) is not None
