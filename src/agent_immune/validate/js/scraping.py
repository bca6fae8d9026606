"""Browser automation and scraping from code (Playwright, Puppeteer, Selenium, Scrapy, Crawlee, Apify), from TypeScript
and JavaScript (session 23). The tables and the messages are validate/scraping_tables.py. Here:

- a request (`fetch`, axios/got/ky's `post`, `navigator.sendBeacon`) whose body is computed at run time, from code
  that scrapes or drives a browser, to a bare public address or a drop-box service that is not the site the code
  opens: the scraped records sent away (what `page.$$eval` returned, a Crawlee `Dataset.getData()`), blocked
  (`exfiltration`); the project's own API, bucket or database by name stays allowed;
- a browser's logged-in session (`context.storageState()`, also when it is saved to a path too, `context.cookies()`)
  in a request's body to another host than the site the code opens: blocked;
- a page script (an init script, `page.evaluate`) that listens on the whole document and beacons what is typed into
  login fields: judged by webapp.py's rules where its cheap test on the snippet does not already send it there;
- a helper of the code's own that joins a path to the home folder and reads it, called with a credential file's
  path (`take('.aws/credentials')`): blocked (`secret-read`);
- a Delete (Close account, Remove …) control clicked in a loop by Playwright, Puppeteer or selenium-webdriver aimed at
  a live host (not this machine, not a staging or test one): reviewed `irreversible`;
- Apify's `client.dataset(id).delete()` (key-value stores, request queues, actors …), a platform storage dropped
  (`Actor.openDataset(…)` then `.drop()`), a request to scrapyd's `delproject.json`/`delversion.json`, and Redis keys
  found by a SCAN deleted on a server that is not a throwaway one: reviewed `irreversible`.
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import paths
from .. import scraping_tables as st
from ..loops import in_js_loop
from .network import _WRAPS

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "sendBeacon"})
_CLICKS = frozenset({"click", "dblclick", "tap"})
_NAMES = _SENDS | _CLICKS | frozenset({"delete", "drop", "del", "unlink"})
_BROWSERS = re.compile(rb"playwright|puppeteer|selenium-webdriver|webdriverio|crawlee|nightmare|cypress")
_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function", "function_declaration",
                        "method_definition", "generator_function_declaration"})
_LITERALS = frozenset({"string", "template_string", "number", "true", "false", "null", "undefined", "comment",
                       "property_identifier", "regex"})
# what a page shows, read through the automation library; a crawler's stored results
_PAGE_READS = frozenset({"$$eval", "$eval", "evaluate", "evaluateAll", "content", "innerText", "textContent",
                         "innerHTML", "allTextContents", "allInnerTexts", "inputValue", "getAttribute", "getText",
                         "getPageSource"})
_DATASET_READS = frozenset({"getData", "getValue", "getItems", "listItems", "exportToJSON", "exportToCSV"})
_SESSION_READS = frozenset({"storageState", "cookies", "getCookies"})
# a SCAN of keys (the KEYS command takes a pattern; `Object.keys(o)` is not it)
_REDIS_SCAN = re.compile(rb"\.(?:scan|scanStream|scanIterator|sscan|sScanIterator|sscanStream)\s*\(|"
                         rb"(?<!Object)\.keys\s*\(\s*[^)\s]")
_REDIS_MODULES = frozenset({"ioredis", "redis", "@redis/client", "ioredis-mock", "redis-mock", "@upstash/redis",
                            "iovalkey", "@valkey/valkey-glide"})
_FILE_READ = re.compile(r"\bread(?:File|FileSync|Json|JsonSync|JSON|JSONSync|TextFile)\b")
_HOME = re.compile(rb"homedir\s*\(|process\.env\.(?:HOME|USERPROFILE)\b|os\.homedir")
# a name given the home folder (`const h = homedir()`, `const home = process.env.HOME`)
_HOME_NAME = re.compile(r"(?:const|let|var)\s+(\w+)\s*(?::\s*\w+\s*)?=\s*(?:\w+\.)?homedir\(\)|"
                        r"(?:const|let|var)\s+(\w+)\s*(?::\s*\w+\s*)?=\s*process\.env\.(?:HOME|USERPROFILE)\b")


class Scraping:
    def visit_scraping(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        if prop is None and fn.type == "identifier" and args and in_input(_HOME, self.doc.data):
            self._helper_secret(fn, node, args)
        name = self.src(prop) if prop is not None else (q or "").rpartition(".")[2]
        if name not in _NAMES:
            return
        if name in _SENDS:
            if args:
                self._scrape_send(q, fn, name, node, args)
        elif name in _CLICKS:
            if prop is not None and in_input(_BROWSERS, self.doc.data):
                self._ui_delete(fn, node, args)
        elif prop is not None:
            self._platform_delete(fn, name, node, args)

    # -- scraped data and sessions sent ----------------------------------------------------------------------------
    def _scrape_send(self, q: str | None, fn, name: str, node, args: list) -> None:
        data = self.doc.data
        if holds(data, b"addEventListener") and name in ("sendBeacon", "fetch"):
            self._page_script(node)
        scrapyd = holds(data, b"delproject") or holds(data, b"delversion")
        if not scrapyd and not in_input(st.SCRAPER_HINT, data):
            return
        sent = self.request_sent(q, args)
        if sent is None:
            return
        url, body = sent
        text = self._url_text(url)
        from ..common_code import remote_target

        host = remote_target(text) if text is not None else None
        if not host:
            return  # this machine, the app's own origin, or a host known only at run time
        what = self.src(fn) if len(self.src(fn)) <= 40 else (q or name)
        m = st.SCRAPYD_DELETE.search(text or "")
        if m is not None:
            self.review("irreversible", st.scrapyd_message(what, m.group(1), host), node)
            return
        if not in_input(st.SCRAPER_HINT, data):
            return
        roots = [r for r in [*self._url_payload(url), *body] if r is not None]
        if not roots:
            return
        navigated = st.navigated_hosts(data.decode("utf-8", "replace"))
        if st.same_site(host, navigated):
            return  # the site the code opens: posting to it is using the site
        found = self._scrape_carried(roots)
        if "session" in found:
            self.block("exfiltration", st.session_message(what, "the browser's logged-in session (its cookies and "
                                                                "storage state)", host), found["session"])
            return
        if not st.stranger_sink(host) or not any(self._computed(r) for r in roots):
            return
        said = "the crawler's whole dataset" if "dataset" in found else \
            "what the pages it opens show (read by the automation library)" if "page" in found else \
            "the data the scraper collects"
        self.block("exfiltration", st.sent_message(what, said, host), node)

    def _scrape_carried(self, roots: list) -> dict:
        """kind -> node for what the expressions `roots` carry: "session" (storageState, cookies), "page" (what a
        page shows), "dataset" (a crawler's stored results); names followed to what they are given and what is
        pushed into them."""
        out: dict = {}
        stack = [(r, 0) for r in roots]
        seen: set = set()
        steps = 0
        while stack and steps < 400:
            n, depth = stack.pop()
            steps += 1
            if n is None or n.id in seen or n.type in _LITERALS:
                continue
            seen.add(n.id)
            t = n.type
            if t == "call_expression":
                f = n.child_by_field_name("function")
                if f is not None and f.type == "member_expression":
                    p = self.src(f.child_by_field_name("property"))
                    if p in _SESSION_READS and (holds(self.doc.data, b"playwright") or holds(self.doc.data, b"puppeteer") or
                                                holds(self.doc.data, b"crawlee")):
                        out.setdefault("session", n)
                        continue
                    if p in _PAGE_READS:
                        out.setdefault("page", n)
                    elif p in _DATASET_READS:
                        out.setdefault("dataset", n)
            elif t == "pair":
                key = n.child_by_field_name("key")
                if depth == 0 and key is not None and self.src(key).strip("'\"`").lower() in ("headers", "auth"):
                    continue  # a header authenticates the request
            elif t in ("identifier", "shorthand_property_identifier"):
                if depth < 5:
                    values, changes = self._values_of(n)
                    more = values + changes
                    if not more:
                        more = list(self._destructured().get(self.src(n), ()))
                    stack.extend((v, depth + 1) for v in more)
                continue
            stack.extend((c, depth) for c in n.named_children)
        return out

    def _computed(self, node) -> bool:
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in ("identifier", "shorthand_property_identifier", "call_expression", "member_expression",
                          "template_substitution"):
                return True
            if n.type not in _LITERALS or n.type == "template_string":
                stack.extend(n.named_children)
        return False

    def _page_script(self, node) -> None:
        """A listener script of a page (an init script, `page.evaluate`) beaconing what is typed: webapp.py's rules,
        run here when its cheap test on the snippet does not send the snippet there."""
        from .webapp import HINT

        if in_input(HINT, self.doc.data) or "scrape page script" in self._flows_state():
            return
        if not hasattr(self, "_web_attached"):
            self._web_attached = None
            self._web_defines = {}
        if self._web_sent(node):
            self._flows_state()["scrape page script"] = True

    # -- credential files read through a helper ----------------------------------------------------------------------
    def _helper_secret(self, fn, node, args: list) -> None:
        v = self.string(args[0])
        if not v or v.startswith(("/", "~", "$")) or len(v) > 120:
            return
        path = "~/" + v.lstrip("./") if v.startswith("./") else "~/" + v
        if not paths.is_secret(path):
            return
        name = self.src(fn)
        values, _ = self._values_of(fn)
        made = next((x for x in reversed(values) if x.type in _FUNCTIONS), None)
        if made is None:
            made = self._declared_function(name)
        body = self.src(made) if made is not None else ""
        if not body or not _FILE_READ.search(body) or not self._joins_home(body):
            return
        state = self._flows_state()
        if "scrape helper secret" in state:
            return
        state["scrape helper secret"] = True
        self.block("secret-read", f"`{self.src(node)[:60]}` reads {path} through `{name}`, a helper that joins the "
                                  "path to the home folder: agents must not read credentials; pass the service what "
                                  "it needs through its own configuration", node)

    def _joins_home(self, body: str) -> bool:
        """Whether a helper's code reaches the home folder: `homedir()`, `$HOME`, or a name given `homedir()`."""
        if _HOME.search(body.encode()):
            return True
        state = self._flows_state()
        names = state.get("scrape home names")
        if names is None:
            names = state["scrape home names"] = frozenset(
                a or b for a, b in _HOME_NAME.findall(self.doc.data.decode("utf-8", "replace")))
        return any(re.search(rf"(?<![\w$.]){re.escape(n)}(?![\w$])", body) for n in names)

    # -- deletes clicked in an admin UI ------------------------------------------------------------------------------
    def _ui_delete(self, fn, node, args: list) -> None:
        state = self._flows_state()
        if "scrape ui delete" in state:
            return
        obj = fn.child_by_field_name("object") if fn.type == "member_expression" else None
        if obj is None:
            return
        text = self.src(obj) + " " + " ".join(self.string(a) or "" for a in args)
        inner = obj
        while inner.type in _WRAPS and inner.named_children:
            inner = inner.named_children[0]
        if inner.type == "identifier":
            values, _ = self._values_of(inner)
            text += " " + " ".join(self.src(v) for v in values[-2:])
        m = st.DESTRUCTIVE_CONTROL.search(text)
        if m is None or not in_js_loop(node):
            return
        hosts = [h for h in st.navigated_hosts(self.doc.data.decode("utf-8", "replace")) if st.production_host(h)]
        if not hosts:
            return  # this machine, a staging or test copy, or a host not written in the code
        state["scrape ui delete"] = True
        shown = self.src(fn)
        self.review("irreversible", st.ui_delete_message(shown if len(shown) <= 60 else shown[:57] + "…",
                                                         f"`{m.group(0)}`", hosts[0]), node)

    # -- platform deletes ----------------------------------------------------------------------------------------------
    def _platform_delete(self, fn, name: str, node, args: list) -> None:
        data = self.doc.data
        obj = fn.child_by_field_name("object") if fn.type == "member_expression" else None
        if obj is None:
            return
        while obj.type in _WRAPS and obj.named_children:
            obj = obj.named_children[0]
        what = self.src(fn) if len(self.src(fn)) <= 60 else self.src(fn)[:57] + "…"
        if holds(data, b"apify"):
            if name == "delete" and obj.type == "call_expression":
                f = obj.child_by_field_name("function")
                res = self.src(f.child_by_field_name("property")) if f is not None and \
                    f.type == "member_expression" else None
                if res in st.APIFY_RESOURCES:
                    self.review("irreversible", st.apify_message(what, st.APIFY_RESOURCES[res]), node)
                    return
            if name == "drop" and in_input(st.PLATFORM_OPEN, data):
                self.review("irreversible", st.apify_message(what, "the platform storage the code opened, with all "
                                                                   "it holds"), node)
                return
        if name in ("del", "unlink") and args and in_input(_REDIS_SCAN, data) and \
                any(self._computed(a) for a in args):
            root, _, _ = self.origin(obj)
            if root is None or self.module(root)[0] not in _REDIS_MODULES or not self._scan_fed(node, args):
                return
            self._wipe(node, what, "deletes every key a SCAN finds (each key the pattern matches), on a server the "
                                   "code reaches by its URL", obj)

    def _scan_fed(self, node, args: list) -> bool:
        """Whether the keys deleted come from a SCAN: a loop over `scanIterator(…)`, a `scanStream`'s data handler, or
        names a `scan(…)`/`keys(pattern)` gave (`const [next, keys] = await redis.scan(…)`)."""
        up = node.parent
        while up is not None and up.type != "program":
            if up.type == "for_in_statement":
                right = up.child_by_field_name("right")
                if right is not None and _REDIS_SCAN.search(self.src(right).encode()):
                    return True
            elif up.type in ("arrow_function", "function_expression") and holds(self.doc.data, b"scanStream"):
                holder = up.parent
                call = holder.parent if holder is not None and holder.type == "arguments" else None
                f = call.child_by_field_name("function") if call is not None else None
                if f is not None and f.type == "member_expression" and self.src(f.child_by_field_name("property")) == "on":
                    return True
            up = up.parent
        text = self.doc.data.decode("utf-8", "replace")
        for a in args:
            n = a.named_children[0] if a.type == "spread_element" and a.named_children else a
            if n.type != "identifier":
                continue
            name = re.escape(self.src(n))
            if re.search(rf"(?:\b{name}\b[^=;\n]*=\s*(?:await\s+)?[\w$.]+\.(?:scan|sscan|keys)\s*\(\s*[^)\s])", text):
                return True
        return False
