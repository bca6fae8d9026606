"""Python code that gathers what is secret in the user's browsers and apps, or decrypted secrets of a hosting
service, and sends data to another host (rule `exfiltration`, block); and a driver binary this code downloaded
handed to Selenium to run (rule `download-exec`).

Gathered (each one a snippet-level fact, as the archives walk.py weighs against the network):
- every cookie of the user's browsers through a cookie-store library (`browser_cookie3.chrome()`, pycookiecheat,
  rookiepy), unless it is only handed to a request's `cookies=` (a session reused where it belongs);
- the cookies and storage of the user's own browser read through its debugging port (the `/json` list of a browser
  on 9222 and its `webSocketDebuggerUrl`, `connect_over_cdp`) with no browser launched by the code: an expression
  reading `document.cookie`/`localStorage`, or CDP's cookie listings;
- the Local Storage / Session Storage / IndexedDB files of a browser or an Electron app under the home (Discord's
  and Slack's session tokens);
- secrets a hosting API returns decrypted (`decrypt=true`).
Blocked when the code also sends a request with a body, a query or files to a literal host that is not this
machine (and not the API that returned them).
"""
from __future__ import annotations

import re

from ..per_input import in_input
from ..common_code import SCRIPT_SENDS, page_scripts, remote_target

HINT = re.compile(rb"browser_cookie3|browsercookie|pycookiecheat|rookiepy|webSocketDebuggerUrl|connect_over_cdp|"
                  rb"Local Storage|Session Storage|IndexedDB|decrypt|Service\(|executable_path|addEventListener|"
                  rb"document\.cookie|sendBeacon")
# script text for a page (a skimmer appended to built files, a tag injected into HTML): judged as the code it is
_SCRIPT_READS = re.compile(r"addEventListener|document\.cookie|localStorage|sessionStorage|FormData")
_COOKIE_LIBRARIES = ("browser_cookie3", "browsercookie", "pycookiecheat", "rookiepy")
_PAGE_SECRETS = re.compile(rb"document\.cookie|localStorage|sessionStorage|Network\.getAllCookies|Storage\.getCookies|"
                           rb"\.cookies\(\)")
_DEBUG_PORT = re.compile(rb"webSocketDebuggerUrl|connect_over_cdp|:9222\b|remote-debugging")
_LAUNCHED = re.compile(rb"\.launch(?:_persistent_context)?\(|--user-data-dir|webdriver\.")
# an app's Local Storage files under a home (the scan stops at the next home, whose own try finds the same folder,
# unless that home is the folder's parent itself: a line of them is read once)
_STORAGE_DIR = r"(?:Local Storage|Session Storage|IndexedDB)(?:/|$)"
_STORAGE_FILES = re.compile(r"(?:^~|/home/|/Users/|expanduser)(?:(?!(?:/home|/Users)/(?!" + _STORAGE_DIR + r")|"
                            r"expanduser).)*?/" + _STORAGE_DIR)
_SENDERS = frozenset({"requests.post", "requests.put", "requests.patch", "requests.request", "httpx.post", "httpx.put",
                      "httpx.patch", "urllib.request.urlopen", "requests.get"})
_PAYLOADS = ("json", "data", "files", "params", "content")
_DECRYPT = re.compile(r"""decrypt["']?\s*[:=]\s*["']?(?:true|1|True)""")


class Browser:
    """Browser and app secrets gathered and sent; drivers downloaded and run."""

    def browser_checks(self) -> None:
        """Once per snippet, after the walk, when HINT matched."""
        gathered: list = []  # (what, node, host that returned it or None)
        sends: list = []  # (call, what, host)
        data = self.doc.data
        attached = in_input(_DEBUG_PORT, data) and in_input(_PAGE_SECRETS, data) and \
            not in_input(_LAUNCHED, data)
        cookie_lib = any(self.alias.get(m, m) in _COOKIE_LIBRARIES or m in _COOKIE_LIBRARIES
                         for m in self.alias) or any(m.encode() in data for m in _COOKIE_LIBRARIES)
        stack = [self.root]
        while stack:
            n = stack.pop()
            t = n.type
            if t == "call":
                fn = n.child_by_field_name("function")
                q = self.qualname(fn) if fn is not None else None
                if cookie_lib and q and q.split(".")[0] in _COOKIE_LIBRARIES and not self._cookies_kwarg(n):
                    gathered.append(("every cookie of the user's browsers", n, None))
                if q in _SENDERS or (q and q.rpartition(".")[2] in ("post", "put", "patch") and
                                     q.split(".")[0] in ("requests", "httpx", "session", "s", "client")):
                    args = self.args(n)
                    pos = [a for a in args if a.type != "keyword_argument"]
                    url = pos[0] if pos else self.kwarg(n, "url")
                    text = self._url_text(url) if url is not None else None
                    host = remote_target(text) if text is not None else None
                    payload = [self.kwarg(n, k) for k in _PAYLOADS]
                    if q == "requests.get" and host and _DECRYPT.search(self.src(n)):
                        gathered.append((f"secrets {host} returned decrypted", n, host))
                    elif host and (any(p is not None for p in payload) or len(pos) > 1 and q.endswith("urlopen")):
                        sends.append((n, q, host))
                elif q and q.rpartition(".")[2] in ("Service", "Chrome", "Firefox", "Edge") and "webdriver" in q or \
                        q in ("Service",):
                    self._driver_run(q, n)
            elif t == "attribute" and cookie_lib:
                q = self.qualname(n)
                if q and q.split(".")[0] in _COOKIE_LIBRARIES and not self._cookies_kwarg(n):
                    gathered.append(("every cookie of the user's browsers", n, None))
            elif t == "string" or t == "concatenated_string":  # (session 29: a tag split over adjacent literals)
                v = self.string(n)
                if v is None:
                    v = self.src(n)
                if "http" in v and len(v) > 24 and SCRIPT_SENDS.search(v) and _SCRIPT_READS.search(v):
                    for script in page_scripts(v, _SCRIPT_READS):
                        self.ctx.nested(script, "typescript", self.doc, n, None)
                if ("Storage" in v or "IndexedDB" in v) and _STORAGE_FILES.search(v):
                    gathered.append(("the session tokens in an app's Local Storage files", n, None))
            if n.named_child_count:
                stack.extend(n.named_children)
        if attached:
            gathered.append(("the cookies and storage of the user's own browser (through its debugging port)",
                             self.root, None))
        for call, q, host in sends:
            for what, at, source in gathered:
                if source is not None and (source == host or host.endswith("." + source) or source.endswith("." + host)):
                    continue
                self.block("exfiltration", f"the code gathers {what} and `{q}` sends data to {host}: never send "
                                           "sessions, tokens or secrets off the machine", call if at is self.root
                           else at)
                return

    def _cookies_kwarg(self, node) -> bool:
        """`requests.get(u, cookies=browser_cookie3.chrome(domain_name=…))`: the session handed to its request."""
        up = node.parent
        for _ in range(4):
            if up is None:
                return False
            if up.type == "keyword_argument":
                name = up.child_by_field_name("name")
                return name is not None and self.src(name) == "cookies"
            up = up.parent
        return False

    def _driver_run(self, q: str, node) -> None:
        """`Service("/tmp/chromedriver")`, `webdriver.Chrome(executable_path=p)`: Selenium runs the driver binary."""
        args = self.args(node)
        pos = [a for a in args if a.type != "keyword_argument"]
        path = self.kwarg(node, "executable_path") or (pos[0] if pos and q.endswith("Service") else None)
        if path is None or not self.written:
            return
        self._runs_written([self._path_key(path)], node, q)
