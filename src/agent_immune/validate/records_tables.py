"""Customers' records kept by a CRM or a helpdesk (Salesforce, HubSpot, Zendesk, Freshdesk, Intercom, Front, Help
Scout ...): the tables and judgements the shell's, Python's and TypeScript's rules share (bash/records.py,
python/records.py, js/records.py), session 24.

- what reads the customer base: a SOQL query of people (`SELECT Name, Email, Phone FROM Contact`), a list endpoint
  of a CRM's API (`/api/v2/users.json`, `/contacts`, `/tickets`), an SDK's list of every record
  (`hs.crm.contacts.get_all()`, `sf.query_all(…)`, `ic.contacts.list()`);
- whose a host is: the CRM's own service, a service organisations keep such data in (a warehouse, a cloud's storage,
  a mail or chat provider), the organisation's own (this network, the names reserved for examples, a host carrying
  the organisation's name as the CRM account is named: `acme` of `acme.zendesk.com` or `--target-org acme-prod`);
  any other host, a bare public address, a drop-box service, is an outsider's;
- the records sent to an outsider (a POST, an upload, an S3 client pointed at someone's endpoint, a public gist):
  blocked, `exfiltration`; an export kept in local files, loaded into the organisation's own warehouse, or synced into
  another CRM it uses, is not judged;
- every customer messaged through the helpdesk (tickets, in-app messages, e-mails sent from the shared inbox) with
  a lure to sign in, verify or pay at an outsider's page: blocked, `phishing`;
- a helpdesk's webhook pointed at an outsider (every conversation then copied there): blocked;
- code that forwards each incoming request's headers and body (its Authorization, cookies, what customers typed)
  to an outsider, written directly (an Express middleware) or planted into a handler: blocked.
"""
from __future__ import annotations

import functools
import re
from functools import lru_cache

from .hosts import ip_literal, loopback, public_ip, url_host

# a cheap test on a snippet or a script: it talks to a CRM or a helpdesk, or names its customers' export
HINT = re.compile(rb"(?i)zendesk|freshdesk|intercom|frontapp|hubspot|hubapi|salesforce|jsforce|helpscout|sforce|"
                  rb"sobject|soql|pipedrive|zoho|gorgias|kustomer|\bsf\s+data\b|sfdx|force:data|"
                  rb"\bFROM\s+(?:Contact|Lead|User|Case|Account)\b")

# the CRMs' and helpdesks' own hosts (their registrable names)
CRM_SERVICES = frozenset("""
zendesk.com zdassets.com freshdesk.com freshworks.com freshservice.com intercom.io intercom.com frontapp.com
hubapi.com hubspot.com salesforce.com force.com sforce.com salesforce-sites.com helpscout.net helpscout.com
pipedrive.com zoho.com zohoapis.com zoho.eu gorgias.com kustomerapp.com close.com copper.com attio.com
""".split())
# services an organisation keeps, syncs or announces such data with: warehouses, clouds' storage, mail and chat
# providers, product analytics, observability (who owns the account is the user's to say, not an outsider's drop)
_KEPT_WITH = frozenset("""
googleapis.com google.com snowflakecomputing.com amazonaws.com azure.com windows.net core.windows.net
databricks.com cloud.databricks.com bigquery.googleapis.com segment.io segment.com mailchimp.com sendgrid.com
mailgun.net postmarkapp.com customer.io braze.com amplitude.com mixpanel.com slack.com office.com
microsoft.com atlassian.net atlassian.com notion.so notion.com airtable.com twilio.com stripe.com
datadoghq.com datadoghq.eu sentry.io newrelic.com honeycomb.io fivetran.com stitchdata.com hightouch.com
census.dev getcensus.com rudderstack.com supabase.co neon.tech planetscale.com mongodb.net elastic-cloud.com
cloud.es.io clickhouse.cloud
""".split())
# services anyone can read what is sent to (kept in scraping_tables)
from .scraping_tables import _DROP_SITES  # noqa: E402

# the organisation's own network by name, and the names reserved for examples (secret_owner's)
from .secret_owner import _OWN_NETWORK  # noqa: E402

def _under(host: str, names) -> bool:
    h = host.lower().rstrip(".")
    return any(h == n or h.endswith("." + n) for n in names)


# the account a CRM is reached under: `acme` of acme.zendesk.com, acme.my.salesforce.com, `--target-org acme-prod`
# (the whole name before the dot read once for both kinds of host, then a Salesforce name before `--sandbox`: each
# start of a long `a-a-a-…` read 41 characters fewer times)
_TENANT = re.compile(r"(?i)\b([a-z0-9][a-z0-9-]{1,40}+)\.(?:zendesk|freshdesk|freshservice|gorgias|kustomerapp|"
                     r"pipedrive|zendesk-staging|(?:my|lightning|sandbox\.my)\.(?:salesforce|force))\.com\b|"
                     r"\b([a-z0-9][a-z0-9-]{1,40}?)--\w+\.(?:my|lightning|sandbox\.my)\.(?:salesforce|force)\.com\b|"
                     r"(?:--target-org|--target-username)[ =][\"']?([A-Za-z0-9][\w.-]{1,40})")
_NOT_ORG = frozenset({"api", "app", "www", "my", "login", "test", "prod", "production", "dev", "uat", "sandbox",
                      "staging", "example", "gmail", "outlook", "hotmail", "yahoo", "users", "support", "admin",
                      "scratch", "default", "org", "partial", "full", "qa", "mail", "noreply", "no-reply"})


@lru_cache(maxsize=4)
def org_words(text: str) -> frozenset[str]:
    """The organisation's name as the script reaches its CRM account (`acme` of acme.zendesk.com). Cached: outside
    asks it of the same snippet for each host (a message with 2,000 links took 15 s)."""
    out = set()
    for m in _TENANT.finditer(text):
        v = next(g for g in m.groups() if g).lower()
        for part in re.split(r"[-_.@]", v):
            if len(part) >= 3 and part not in _NOT_ORG and not part.isdigit():
                out.add(part)
                break
    return frozenset(out)


def outside(host: str | None, text: str) -> bool:
    """Whether records sent to `host` leave for an outsider: not this machine or network, not the CRM or a service
    organisations keep such data with, not a host carrying the organisation's name (org_words of `text`); a bare
    public address and a drop-box service always are."""
    if not host or host == "?" or any(c in host for c in "${}`("):
        return False
    h = host.lower().strip("[]").rstrip(".")
    if loopback(h):
        return False
    if ip_literal(h):
        return public_ip(h)
    if _under(h, _DROP_SITES):
        return True
    if _OWN_NETWORK.search(h) or _under(h, CRM_SERVICES) or _under(h, _KEPT_WITH):
        return False
    labels = h.split(".")[:-1]
    words = org_words(text)
    # (the name whole, or with a company suffix: `acme-account-verify.io` is a look-alike, not the organisation's)
    return not any(re.fullmatch(re.escape(w) + _ORG_SUFFIX, label) for w in words for label in labels)


_ORG_SUFFIX = r"(?:-?(?:corp|inc|hq|group|labs|co|cloud|data|internal|dw|analytics|warehouse))?"


def sink(url: str | None, text: str) -> str | None:
    """The outsider's host `url` sends to (outside), or None."""
    if not url:
        return None
    host = url_host(url) if "//" in url else None
    return host if host and outside(host, text) else None


# -- what reads the customer base ----------------------------------------------------------------------------------
_SOQL = re.compile(r"(?is)\bSELECT\s+(.{1,600}?)\s+FROM\s+(Contact|Lead|User|Case|Account|PersonAccount|"
                   r"Individual|Opportunity|Customer\w*|Patient\w*|Member\w*|Subscriber\w*)\b")
_PERSONAL = re.compile(r"(?i)\b(?:\w*email\w*|\w*phone\w*|mobile\w*|\w*name|\w*address\w*|\w*street|birthdate|"
                       r"\w*city|ssn|\w*postal\w*)\b")
# (the host's labels and the path's length bounded: a lazy scan over the rest of the text from every `https://` took
# minutes on 100 kB of them)
_API_LIST = re.compile(r"(?i)https?://(?:[\w-]{1,63}\.){0,8}(?:zendesk\.com|freshdesk\.com|freshservice\.com|"
                       r"intercom\.io|frontapp\.com|hubapi\.com|helpscout\.net|pipedrive\.com|zohoapis\.com|gorgias\.com|"
                       r"kustomerapp\.com)/[^\s\"'`?]{0,200}?/?(contacts|users|tickets|leads|customers|conversations|"
                       r"people|persons|end_users|requesters|objects/contacts|search)(?:\.json)?\b")
# (the chain before the collection bounded: unbounded, every word of a long `a.a.a…` started a scan to its end)
_SDK_LIST = re.compile(r"(?<![\w$])(?:\w+\.){0,8}(?:contacts|users|tickets|leads|customers|conversations|people|"
                       r"persons)\s*\.\s*(?:get_all|getAll|list|list_all|listAll|search|get_page|all|basic_api\s*\."
                       r"get_page|basicApi\s*\.\s*getPage)\s*\(|\.query_all(?:_iter)?\s*\(|\.bulk2?\s*\.\s*"
                       r"(?:Contact|Lead|User|Case|Account)\s*\.\s*query")


def records_read(text: str) -> str | None:
    """What the code or script reads of the customer base, for a message; None when it reads none of it."""
    m = _SOQL.search(text)
    if m is not None:
        cols = [c.group(0) for c in _PERSONAL.finditer(m.group(1))]
        if m.group(1).strip() == "*" or "FIELDS(ALL)" in m.group(1).upper() or cols:
            return f"the {m.group(2)} records ({', '.join(cols[:4]) or 'every field'}) the query selects"
    m = _API_LIST.search(text)
    if m is not None:
        return f"the {m.group(1).rpartition('/')[2]} listed from the service's API"
    if HINT.search(text.encode()) is not None:
        m = _SDK_LIST.search(text)
        if m is not None:
            return f"the records `{m.group(0).strip().rstrip('(')}` lists"
    return None


# a file an export of the customers is kept in (`exports/customers_full.csv`, `contacts.csv.gz`)
_PEOPLE_FILE = re.compile(r"(?i)(?:customer|contact|lead|user|subscriber|member|client|people|person|requester|"
                          r"account|crm)s?[\w.-]{0,120}\.(?:csv|tsv|jsonl?|ndjson|xlsx?|parquet)"
                          r"(?:\.(?:gz|bz2|xz|zst|zip))?$")


# a body that is only a count of what was read (`str(len(rows))`, `String(out.length)`, `f"{len(rows)}"`,
# `${rows.length}` in a template)
# (matched on the stripped text: a blank run around the optional parentheses, read by two `\s*` in a row, took
# quadratic time)
# (and a name read only from where its word starts, blanks only from where they start: searched, each start read the
# rest of the run; a match found from inside a run is found from the run's start)
_COUNT_ONLY = re.compile(r"(?:(?:str|String|int|Number)?\(?|f[\"']\{|`\$\{)(?:(?<!\s)\s*+)?(?:len\(\s*+[\w.]++\s*+\)|"
                         r"(?<![\w.])[\w.]+\.(?:length|size|count)|(?<![\w.])(?>[\w.]*count)[\w.]*+)"
                         r"\s*+(?:\)|\}[\"'`])?", re.I)


def count_only(text: str) -> bool:
    return _COUNT_ONLY.fullmatch(text.strip()) is not None


def people_file(path: str | None) -> bool:
    return bool(path) and _PEOPLE_FILE.search(path.rsplit("/", 1)[-1]) is not None


# -- phishing through the helpdesk ----------------------------------------------------------------------------------
# where a helpdesk's API sends a message to a customer (a ticket's public comment, an in-app message, an e-mail from
# the shared inbox, a conversation)
SEND_PATH = re.compile(r"(?i)/(?:tickets|messages|conversations|channels/[^/\s\"'`]+/messages|emails?|replies|"
                       r"notes|outbound|chats?)(?:\.json)?(?:[/?\"'`\s]|$)")


def lure(text: str) -> str | None:
    """`says "verify" and links to acme-account-verify.io`, when `text` asks its readers to sign in, verify or pay at
    an outsider's page (mail_tables' lures; whose the link is as outside says)."""
    from .mail_tables import KNOWN_LINK_HOSTS, base as mail_base, lure_links

    found = lure_links(text)
    if found is None:
        return None
    said, hosts = found
    bad = [h for h in hosts if outside(h, text) and mail_base(h) not in KNOWN_LINK_HOSTS]
    return f"says \"{said}\" and links to {bad[0]}, a host that is neither the organisation's nor its helpdesk's" \
        if bad else None


def phishing_message(shown: str, found: str) -> str:
    return (f"`{shown}` messages every customer the helpdesk lists, and the message {found}: credential or payment "
            "phishing sent in the organisation's name; agents must not send such messages (link to the organisation's "
            "own site, and let the user send announcements)")


def sent_message(shown: str, said: str, host: str) -> str:
    where = f"{host}, a bare address no name of the organisation vouches for" if public_ip(host) else \
        f"{host}, which is neither the CRM nor a host of the organisation's own"
    return (f"`{shown}` sends {said} to {where}: the customers' personal data leaves the user's systems; keep exports "
            "in local files or the organisation's own warehouse or bucket (by its name), and let the user move them")


# -- webhooks -----------------------------------------------------------------------------------------------------
HOOK_PATH = re.compile(r"(?i)/(?:webhooks?|subscriptions|hooks|targets|integrations)(?:\.json)?(?:[/?\"'`\s]|$)")
_BODY_URL = re.compile(r"(?i)\b(?:https?)://[^\s\"'`<>\\]+")


def hook_target(body: str, text: str) -> str | None:
    """The outsider's host a helpdesk webhook's body points at, or None."""
    for m in _BODY_URL.finditer(body):
        host = url_host(m.group(0))
        if host and outside(host, text):
            return host
    return None


def hook_message(shown: str, host: str) -> str:
    return (f"`{shown}` points a helpdesk webhook at {host}, which is neither the helpdesk nor a host of the "
            "organisation's own: every conversation and customer it fires for is copied there; point webhooks only "
            "at the organisation's own receiver")


# -- every incoming request forwarded -----------------------------------------------------------------------------
# an incoming request's headers (its Authorization and cookies), put into what is sent (a proxy passes them as its
# own request's headers, to the API it fronts: not judged)
FORWARDED = re.compile(r"\b(?:req|request|ctx\.request|ctx\.req|c\.req)\s*\.\s*(?:headers|cookies)\b(?!\s*[.\[(])")
FORWARD_HINT = re.compile(rb"\b(?:req|request)\s*\.\s*(?:headers|cookies)\b")


@functools.lru_cache(maxsize=4)
def hints(data: bytes) -> tuple[bool, bool]:
    """(HINT, FORWARD_HINT) of a snippet's bytes, read once per snippet: the code hooks ask on every request and write
    call, and a search of the whole snippet each time made long snippets quadratic."""
    return HINT.search(data) is not None, FORWARD_HINT.search(data) is not None


def forward_message(shown: str, host: str) -> str:
    return (f"`{shown}` sends each incoming request's headers and body (its Authorization header, cookies, what "
            f"customers send) to {host}, which is not a host of the organisation's own: every user's credentials and "
            "messages are copied there as the service runs; log to the organisation's own logging, with secrets "
            "redacted")
