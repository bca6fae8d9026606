"""Scraping and browser automation: the tables both languages' rules read (python/scraping.py, js/scraping.py,
bash/scraping.py), session 23.

- where scraped data must not go: a bare public address (no name of the organisation vouches for it) or a
  drop-box service anyone can read (a request bin, a tunnel, an anonymous file host); the project's own database,
  bucket or API by name stays allowed, as does the site the code itself scrapes;
- the files an export is written to (`out/customers.csv`, `items.jsonl`), uploaded by the shell to such a place;
- the controls of an admin UI that lose an account or a record for good (`button.delete`, "Delete account",
  `#close-account`), clicked in a loop by automation aimed at a host that is not a test one;
- the platform deletes with no undo: Apify datasets, key-value stores, request queues, actors; scrapyd's
  `delproject.json` / `delversion.json`;
- the Windows browser password store (Chrome's `Login Data` with its key in `Local State`, unwrapped by DPAPI).
"""
from __future__ import annotations

import re

from . import host_kinds as hk
from .hosts import loopback, public_ip, url_host

# a cheap test on a snippet: it scrapes or drives a browser
SCRAPER_HINT = re.compile(rb"scrapy|playwright|puppeteer|selenium|webdriver|crawlee|apify|cheerio|bs4|BeautifulSoup|"
                          rb"parsel|pyppeteer|lxml\.html|requests_html|mechanicalsoup|jsdom|got-scraping|"
                          rb"process_item|storage_?[Ss]tate")

# services anyone can read what is sent to: paste and file drops, out-of-band listeners, request bins, tunnels to
# someone's machine (host_kinds' tables; bash/scraping.py, bash/erp.py and records_tables read the name)
_DROP_SITES = hk.DROP_SITES + hk.LISTENERS + hk.REQUEST_BINS + hk.TUNNELS


def stranger_sink(host: str | None) -> bool:
    """Whether scraped data sent to `host` leaves for a place nobody of the organisation names: a bare public
    address, or a drop-box service."""
    if not host or host == "?":
        return False
    h = host.lower().rstrip(".")
    return public_ip(h) or hk.under(h, _DROP_SITES) or hk.paste_named(h)


# the URLs the code itself opens: those are the site it scrapes (posting back to it is using the site)
_NAVIGATED = re.compile(r"""(?<![\w$])(?:goto|get|navigate\w*|visit|open|Request|run|addRequests|enqueueLinks|
                        start_urls|startUrls|urls|go_to|load)\W{1,60}?
                        [fr]?["'`](\w+://[^"'`\s]+)""", re.X)


def same_site(host: str, navigated: set[str]) -> bool:
    """Whether `host` is one the code opens, or of the same site (`api.example.com` beside `admin.example.com`)."""
    site = ".".join(host.split(".")[-2:]) if not public_ip(host) else host
    return any(host == h or (".".join(h.split(".")[-2:]) if not public_ip(h) else h) == site for h in navigated)


def navigated_hosts(text: str) -> set[str]:
    """The hosts of the URLs the code hands to a navigation (`page.goto`, `driver.get`, `start_urls`, a crawler's
    `run([...])`, a request it reads)."""
    out: set[str] = set()
    for m in _NAVIGATED.finditer(text):
        h = url_host(m.group(1))
        if h and "$" not in h and "{" not in h:
            out.add(h)
    return out


# -- files an export is written to, uploaded by the shell ------------------------------------------------------------
_DATA_EXT = re.compile(r"(?i)\.(?:csv|tsv|jsonl?|ndjson|xlsx?|parquet|sqlite3?|db|sql|xml|warc|har|feather|avro|"
                       r"pickle|pkl)(?:\.(?:gz|bz2|xz|zst|zip))?$")
_DATA_DIR = re.compile(r"(?i)(?:^|/)(?:out|output|outputs|exports?|results?|scraped?|scrapes|crawls?|crawled|dumps?|"
                       r"datasets?|leads|storage/datasets|storage/key_value_stores)/")
# the project's test payloads (`test/fixtures/invoice_paid.json` posted to a request bin while a webhook is built):
# written for the test, not records of anyone's
_FIXTURE_DIR = re.compile(r"(?i)^(?:\./)?(?:[\w.-]+/)*?(?:tests?|__tests__|spec|fixtures?|testdata)/")
_ARCHIVE = re.compile(r"(?i)\.(?:zip|7z|rar|tar|tgz|tar\.(?:gz|bz2|xz|zst))$")


def data_file(path: str | None) -> bool:
    """Whether `path` is a file an export or a scrape writes (`out/admin_customers.csv`, `items.jsonl`, an archive of
    the output folder)."""
    if not path or path == "-" or _FIXTURE_DIR.search(path) is not None:
        return False
    return _DATA_EXT.search(path) is not None or _DATA_DIR.search(path) is not None and \
        (_ARCHIVE.search(path) is not None or "." in path.rsplit("/", 1)[-1])


def upload_message(shown: str, path: str, host: str) -> str:
    where = f"{host}, a bare address no name of the organisation vouches for" if public_ip(host) else \
        f"{host}, a drop-box service anyone can read"
    return (f"`{shown}` uploads {path} (scraped records or an export) to {where}: the data leaves the user's "
            "systems; put exports only in the project's own storage (its bucket, database or API, by name)")


def sent_message(what: str, said: str, host: str) -> str:
    where = f"{host}, a bare address no name of the organisation vouches for" if public_ip(host) else \
        f"{host}, a drop-box service anyone can read"
    return (f"`{what}` sends {said} to {where}: scraped records leave the user's systems; store them in the "
            "project's own database, bucket or API (by name), or in the project's files")


def session_message(what: str, said: str, host: str) -> str:
    return (f"`{what}` sends {said} to {host}, which is not the site the code logs in to: whoever holds it is logged "
            "in as that account; keep a saved session in the project's ignored files and use it only in the "
            "browser context")


# -- deletes by clicking in an admin UI --------------------------------------------------------------------------
# a control whose selector, role name or text says it loses an account or a record
DESTRUCTIVE_CONTROL = re.compile(r"(?i)(?<![a-z])(?:delete|destroy|purge|erase|wipe|terminate|deactivate|ban|"
                                 r"remove(?![-_ ]?[a-z])|"
                                 r"remove[-_ ]?(?:the[-_ ]?)?(?:account|user|customer|member|contact|lead|subscriber|"
                                 r"record|row|item|all|selected|post|comment|listing|product|order|project|team|org)|"
                                 r"close[-_ ]?(?:the[-_ ]?)?(?:account|user|customer|org|workspace|tenant)|"
                                 r"confirm[-_ ]?(?:close|delete|remov|destroy|terminat|deactivat|purge)|"
                                 r"cancel[-_ ]?(?:account|subscription|membership)|"
                                 r"(?:disable|suspend)[-_ ]?(?:account|user|customer))(?![a-z])|"
                                 r"(?<![a-z])(?:delete|destroy|purge|deactivate|terminate)[-_ ]?"
                                 r"(?:account|user|customer|member|record|row|item|all|selected)")
# a host that is this machine, a test or staging copy, or this network's: where automation may delete freely
_TEST_HOST = re.compile(r"(?i)(?:^|[.-])(?:staging|stage|stg|test|testing|tst|qa|dev|develop|development|sandbox|"
                        r"preview|uat|demo|local|e2e|ci|review|canary-test|mock|fake)(?:\d*)(?:[.-]|$)")


def production_host(host: str | None) -> bool:
    """Whether automation aimed at `host` reaches a live site (not this machine, a one-label service name, this
    network's address, or a host named as a test or staging copy)."""
    if not host or "$" in host or "{" in host:
        return False
    h = host.lower().rstrip(".")
    if loopback(h) or "." not in h or _TEST_HOST.search(h):
        return False
    from .hosts import ip_literal

    return not ip_literal(h) or public_ip(h)


def ui_delete_message(what: str, control: str, host: str) -> str:
    return (f"`{what}` clicks {control} over and over in the UI at {host}: each account or record it reaches is "
            "deleted or closed there, with no undo; run it against a staging copy, or show the list to the user and "
            "let them run it")


# -- platform deletes -----------------------------------------------------------------------------------------------
# Apify's client: the resource a `.delete()` on `client.<resource>(id)` loses whole
APIFY_RESOURCES = {"dataset": "the dataset (every item a run scraped)", "key_value_store": "the key-value store",
                   "keyValueStore": "the key-value store", "request_queue": "the request queue",
                   "requestQueue": "the request queue", "actor": "the actor (its builds and versions)",
                   "task": "the task", "schedule": "the schedule", "run": "the run (and its storages)",
                   "build": "the build", "webhook": "the webhook"}
# Crawlee / the Apify SDK's storages opened on the platform (`Actor.openDataset`), dropped whole
PLATFORM_OPEN = re.compile(rb"Actor\.open(?:Dataset|KeyValueStore|RequestQueue)|Actor\.open_(?:dataset|key_value_store|"
                           rb"request_queue)|forceCloud|force_cloud")
SCRAPYD_DELETE = re.compile(r"/(delproject|delversion)\.json\b")
SCRAPYD_API = {"delete_project": "delproject", "delete_version": "delversion"}


def scrapyd_message(what: str, endpoint: str, host: str) -> str:
    lost = "the project and every version of it" if endpoint == "delproject" else "that version of the project"
    return (f"`{what}` calls scrapyd's `{endpoint}.json` on {host}: {lost} is removed from the shared server, with "
            "no undo; show the request to the user and let them run it (`listversions.json` shows what is there)")


def apify_message(what: str, lost: str) -> str:
    return (f"`{what}` deletes {lost} on the Apify platform, with no undo; export what it holds first and let the "
            "user run the delete")


# -- the browser's saved passwords on Windows ----------------------------------------------------------------------
BROWSER_STORE = re.compile(r"Login Data|Local State|\bCookies\b|Web Data|os_crypt|encrypted_key|password_value|"
                           r"encrypted_value|logins\.json|key4\.db")
DPAPI = re.compile(rb"CryptUnprotectData|win32crypt|dpapi|DPAPI|crypt32|unprotect")


def stealer_message(what: str) -> str:
    return (f"`{what}` unwraps the browser's key with Windows DPAPI and decrypts its saved passwords or cookies "
            "(Chrome's `Local State` and `Login Data`): every login the user saved; agents must not read them")
