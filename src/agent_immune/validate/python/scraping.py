"""Browser automation and scraping from code (Playwright, Puppeteer, Selenium, Scrapy, Crawlee, Apify), from Python
(session 23). The tables and the messages are validate/scraping_tables.py. Here:

- a request with a body computed at run time, from code that scrapes (a Scrapy item pipeline, a page driven by
  Playwright or Selenium, a parser of fetched pages), to a bare public address or a drop-box service that is not the
  site the code scrapes: the scraped records sent away, blocked (`exfiltration`); the project's own API, bucket or
  database by name stays allowed;
- a browser's logged-in session (`context.storage_state()`, `context.cookies()`, `driver.get_cookies()`) sent in a
  request's body to another host than the one the code opens: blocked;
- Windows DPAPI (`win32crypt.CryptUnprotectData`) in code that names the browser's password store (Chrome's
  `Local State` key, `Login Data`): the saved passwords decrypted, blocked (`secret-read`);
- a Delete (Close account, Remove …) control clicked in a loop by Selenium or Playwright aimed at a live host (not
  this machine, not a staging or test one): reviewed `irreversible`;
- Apify's `client.dataset(id).delete()` (key-value stores, request queues, actors …), a platform storage dropped
  (`Actor.open_dataset(…)` then `.drop()`), scrapyd's `delproject.json`/`delversion.json` (and python-scrapyd-api's
  `delete_project`), and Redis keys found by a SCAN deleted one by one on a server that is not a throwaway one:
  reviewed `irreversible`.
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import scraping_tables as st
from ..loops import in_loop

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_CLICKS = frozenset({"click", "dblclick", "tap"})
_DELETES = frozenset({"delete", "drop", "unlink"})
_NAMES = _SENDS | _CLICKS | _DELETES | frozenset({"CryptUnprotectData", "delete_project", "delete_version"})
_BROWSERS = re.compile(rb"selenium|webdriver|playwright|pyppeteer|undetected_chromedriver|splinter|helium")
_LOOPS = frozenset({"while_statement", "for_statement", "list_comprehension", "generator_expression"})
_FUNCTIONS = frozenset({"function_definition", "lambda", "module"})
_MODULE = frozenset({"module"})
_LITERALS = frozenset({"string", "integer", "float", "true", "false", "none", "comment", "concatenated_string"})
# what a page shows, read by the browser driver or a parser
_PAGE_READS = re.compile(r"\.(?:evaluate|eval_on_selector_all|eval_on_selector|inner_text|inner_html|text_content|"
                         r"all_inner_texts|all_text_contents|query_selector_all|find_elements|page_source|content|"
                         r"css|xpath|getall|get_text|find_all|select)\b")
_SESSION_READS = re.compile(r"\.(?:storage_state|cookies|get_cookies)\s*\(")
# a SCAN of keys (redis-py's `keys(pattern)` too; a dict's `keys()` takes no argument)
_REDIS_SCAN = re.compile(rb"\.(?:scan_iter|scan|sscan_iter|hscan_iter)\s*\(|\.keys\s*\(\s*[^)\s]")
_REDIS_ROOTS = ("redis", "aioredis", "valkey", "coredis")


class Scraping:
    def visit_scraping(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        if name in _SENDS:
            self._scrape_send(q, fn, meth, node, pos)
        elif name in _CLICKS:
            if meth is not None and in_input(_BROWSERS, self.doc.data):
                self._ui_delete(fn, node, pos)
        elif name == "CryptUnprotectData":
            self._dpapi(fn, node)
        elif name in ("delete_project", "delete_version"):
            if holds(self.doc.data, b"scrapyd_api") and meth is not None:
                host = self._scrapyd_host()
                if host is not None:
                    self.review("irreversible", st.scrapyd_message(self.src(fn)[:60], st.SCRAPYD_API[name], host),
                                node)
        elif meth is not None:
            self._platform_delete(fn, meth, node, pos)

    # -- scraped data and sessions sent ----------------------------------------------------------------------------
    def _scrape_send(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        data = self.doc.data
        scrapyd = holds(data, b"delproject") or holds(data, b"delversion")
        if not scrapyd and not in_input(st.SCRAPER_HINT, data):
            return
        parts = self._request_parts(q, fn, meth, node, pos)
        if parts is None:
            if not scrapyd or not pos:
                return
            what, url_node, payloads = self.src(fn)[:60], pos[0], []
        else:
            what, url_node, payloads = parts
        url = self._url_text(url_node) or ""
        from ..common_code import remote_target

        host = remote_target(url)
        if not host:
            return  # this machine, a relative URL or a host known only at run time
        m = st.SCRAPYD_DELETE.search(url)
        if m is not None:
            self.review("irreversible", st.scrapyd_message(what, m.group(1), host), node)
            return
        if not payloads or not in_input(st.SCRAPER_HINT, data):
            return
        navigated = st.navigated_hosts(data.decode("utf-8", "replace"))
        if st.same_site(host, navigated):
            return  # the site the code scrapes: posting to it is using the site (a search form, a login)
        text = " ".join(self._followed_text(p) for p in payloads)
        if _SESSION_READS.search(text):
            self.block("exfiltration", st.session_message(what, "the browser's logged-in session (its cookies and "
                                                                "storage state)", host), node)
            return
        if not st.stranger_sink(host) or not any(self._computed(p) for p in payloads):
            return
        said = "every item the spider scrapes (what its item pipeline collects)" if self._in_pipeline(node) else \
            "what the pages it scrapes show" if _PAGE_READS.search(data.decode("utf-8", "replace")) else \
            "the data the scraper collects"
        self.block("exfiltration", st.sent_message(what, said, host), node)

    def _computed(self, node) -> bool:
        """Whether the expression holds anything computed at run time (a name, a call), not only literals."""
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in ("identifier", "call", "attribute", "subscript"):
                return True
            if n.type not in _LITERALS:
                stack.extend(n.named_children)
        return False

    def _in_pipeline(self, node) -> bool:
        """Inside a class with Scrapy's item-pipeline or spider methods (`process_item`, `close_spider`, `parse`)."""
        up = node.parent
        while up is not None:
            if up.type == "class_definition":
                body = self.src(up)
                return re.search(r"\bdef\s+(?:process_item|close_spider|open_spider|item_scraped)\s*\(", body) \
                    is not None or re.search(r"\(\s*(?:scrapy\.)?(?:Spider|CrawlSpider|SitemapSpider)\s*\)", body) \
                    is not None
            up = up.parent
        return False

    # -- Windows browser passwords -----------------------------------------------------------------------------------
    def _dpapi(self, fn, node) -> None:
        text = self.doc.data.decode("utf-8", "replace")
        if st.BROWSER_STORE.search(text) is None:
            return  # an app's own secret protected with DPAPI
        self.block("secret-read", st.stealer_message(self.src(fn)[:60]), node)

    # -- deletes clicked in an admin UI ------------------------------------------------------------------------------
    def _ui_delete(self, fn, node, pos: list) -> None:
        if "scrape ui delete" in self.lists:
            return
        obj = fn.child_by_field_name("object") if fn.type == "attribute" else None
        if obj is None:
            return
        text = self.src(obj) + " " + " ".join(self.string(p) or "" for p in pos)
        if obj.type == "identifier":
            made = self.bound.get(self.src(obj))
            if made is not None:
                text += " " + self.src(made)
        m = st.DESTRUCTIVE_CONTROL.search(text)
        if m is None or not in_loop(node, _LOOPS, _MODULE):
            return
        hosts = [h for h in st.navigated_hosts(self.doc.data.decode("utf-8", "replace")) if st.production_host(h)]
        if not hosts:
            return  # this machine, a staging or test copy, or a host not written in the code
        self.lists["scrape ui delete"] = node
        self.review("irreversible", st.ui_delete_message(self.src(node)[:60], f"`{m.group(0)}`", hosts[0]), node)

    # -- platform deletes ----------------------------------------------------------------------------------------------
    def _platform_delete(self, fn, meth: str, node, pos: list) -> None:
        data = self.doc.data
        obj = fn.child_by_field_name("object") if fn.type == "attribute" else None
        if obj is None:
            return
        if holds(data, b"apify"):
            if meth == "delete" and obj.type == "call":
                f = obj.child_by_field_name("function")
                res = self.src(f.child_by_field_name("attribute")) if f is not None and f.type == "attribute" else None
                if res in st.APIFY_RESOURCES:
                    self.review("irreversible", st.apify_message(self.src(fn)[:60], st.APIFY_RESOURCES[res]), node)
                    return
            if meth == "drop" and in_input(st.PLATFORM_OPEN, data):
                self.review("irreversible", st.apify_message(self.src(fn)[:60], "the platform storage the code "
                                                                                 "opened, with all it holds"), node)
                return
        if meth not in ("delete", "unlink") or not in_input(_REDIS_SCAN, data):
            return
        pos = [a for a in self.args(node) if a.type != "keyword_argument"]  # (`*keys` too)
        if pos and any(self._computed(p) for p in pos):
            root, _, _ = self.origin(obj)
            if root is None or root.partition(".")[0] not in _REDIS_ROOTS:
                return
            if not self._scan_fed(node, pos):
                return
            self._pending(node, self.src(fn)[:60], "deletes every key a SCAN finds (each key it matches, one by one)",
                          obj, "redis")

    def _scan_fed(self, node, pos: list) -> bool:
        """Whether the keys deleted come from a SCAN: the delete sits in a loop over `scan_iter(…)`, or its
        arguments are names a `scan(…)` gave."""
        up = node.parent
        while up is not None and up.type not in _FUNCTIONS:
            if up.type == "for_statement":
                right = up.child_by_field_name("right")
                if right is not None and _REDIS_SCAN.search(self.src(right).encode()):
                    return True
            up = up.parent
        for p in pos:
            n = p.named_children[0] if p.type == "list_splat" and p.named_children else p
            if n.type == "identifier":
                name = self.src(n)
                if re.search(rf"\b{re.escape(name)}\b[^=\n]*=\s*(?:await\s+)?[\w.]+\.(?:scan|keys)\s*\(\s*[^)\s]",
                             self.doc.data.decode("utf-8", "replace")):
                    return True
        return False

    def _scrapyd_host(self) -> str | None:
        m = re.search(r"ScrapydAPI\(\s*['\"]([^'\"]+)['\"]", self.doc.data.decode("utf-8", "replace"))
        if m is None:
            return "the scrapyd server"
        from ..common_code import remote_target

        return remote_target(m.group(1))
