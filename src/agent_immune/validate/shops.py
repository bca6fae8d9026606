"""An online shop's admin tools and payment APIs, as the shell rules (bash/shops.py, bash/api_calls.py) and the code
rules (python/http_calls.py, js/http_calls.py, python/code.py, js/code.py) read them alike.

A shop is attacked through what it already lets its operators do: a script added to every page (the Magecart
skimmer: a theme file, Magento's `design/head/includes`, Shopify's `script_tags`), an administrator account for
someone else, a connected seller's payouts pointed at another bank account, the shop's payment keys swapped for
another account's, the webhook's signature check taken out. These tables say which of those an agent may do:

- a storefront script from a well-known tag, payment or CDN host, or the shop's own, is ordinary; one from any other
  host is held in a file of the project (a person looks before it ships) and blocked where it goes live at once; a
  bare address, or a script that reads form fields and sends them to another host, is blocked everywhere;
- an administrator account for an address on a domain reserved for examples or local use (a dev site's) is
  ordinary; another address is held (`privilege-escalation`, as a cloud administrator grant is); one whose domain
  has nothing to do with the site the command names, or whose password the command sets while telling no one, is
  blocked;
- a payout bank account added or set on a connected account is blocked, unless the input is in test mode (a test
  key, a Stripe test token);
- a webhook's signature check replaced by code that does not check is blocked.
"""
from __future__ import annotations

import re

# -- storefront scripts ----------------------------------------------------------------------------------------------
# hosts whose scripts shops load every day: tag managers and analytics, payment and buy-now-pay-later providers, the
# platforms' own CDNs, public CDNs, reviews, chat, consent and marketing tools (a host or any name under it)
KNOWN_SCRIPT_HOSTS = frozenset("""
googletagmanager.com google-analytics.com googleadservices.com googlesyndication.com doubleclick.net gstatic.com
google.com recaptcha.net googleapis.com googleoptimize.com connect.facebook.net facebook.net clarity.ms bing.com
analytics.tiktok.com pinimg.com sc-static.net licdn.com ads-twitter.com redditstatic.com amazon-adsystem.com
criteo.net criteo.com hotjar.com segment.com segment.io mixpanel.com amplitude.com plausible.io usefathom.com
js.stripe.com stripe.com stripe.network paypal.com paypalobjects.com braintreegateway.com braintree-api.com adyen.com
adyenpayments.com klarna.com klarnacdn.net klarnaservices.com afterpay.com clearpay.co.uk affirm.com sezzle.com
checkout.com squarecdn.com squareup.com mollie.com razorpay.com paddle.com shopify.com shopifycdn.com shopifysvc.com
shopifycloud.com magento.com adobe.com adobedtm.com typekit.net wp.com wordpress.com woocommerce.com gravatar.com
jsdelivr.net unpkg.com cdnjs.cloudflare.com challenges.cloudflare.com jquery.com bootstrapcdn.com jsdelivr.com
klaviyo.com trustpilot.com yotpo.com judge.me okendo.io stamped.io loox.io reviews.io intercom.io intercomcdn.com
zendesk.com zdassets.com hubspot.com hs-scripts.com hsforms.net hs-analytics.net tawk.to crisp.chat livechatinc.com
gorgias.chat gorgias.io cookiebot.com onetrust.com cookielaw.org usercentrics.eu algolia.net algolianet.com
sentry-cdn.com newrelic.com nr-data.net datadoghq-browser-agent.com optimizely.com visualwebsiteoptimizer.com
privy.com omnisend.com chimpstatic.com list-manage.com attentivemobile.com youtube.com vimeo.com
""".split())

# a tag ends at the next `<` too: read from every `<script` to the end of the text, a long run of them was quadratic
_SCRIPT_SRC = re.compile(r"""(?is)<script\b[^<>]*?\bsrc\s*=\s*\\?["']?\s*([^"'\s>\\]+)""")
_INLINE_SCRIPT = re.compile(r"(?is)<script\b[^<>]*>(.*?)(?:</script\s*>|$)")
# what a form grabber reads, and how it sends it
_READS_FORM = re.compile(r"(?i)\bFormData\b|\.elements\b|addEventListener\s*\(\s*['\"](?:submit|change|input|blur)|"
                         r"\bonsubmit\b|querySelector(?:All)?\s*\([^)]*(?:input|card|cc[-_]|cvv|cvc|pan\b|exp)|"
                         r"getElementsByTagName\s*\(\s*['\"]input|\bcc[-_]?(?:num|number|cvv|cvc|exp)\b")
_SENDS = re.compile(r"(?i)\bsendBeacon\s*\(|\bfetch\s*\(|\bXMLHttpRequest\b|new\s+Image\b|\bWebSocket\s*\(|"
                    r"\.src\s*=|\$\.(?:post|ajax|get)\s*\(|\bxhr\.open\s*\(")
_ABSOLUTE = re.compile(r"""(?i)["'`](?:https?:|wss?:)?//([^/"'`\s:?#]+)""")


def script_host_known(host: str, own: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """Is `host` one of the well-known script hosts, or the shop's own (a name holding one of `own`, its words)?"""
    h = host.lower().rstrip(".")
    parts = h.split(".")
    if any(".".join(parts[i:]) in KNOWN_SCRIPT_HOSTS for i in range(len(parts) - 1)):
        return True
    return bool(own) and any(w in h for w in own)


def storefront_script(text: str, own: set[str] = frozenset()) -> tuple[str, str] | None:  # type: ignore[assignment]
    """What HTML or template text put on a shop's pages loads or runs, when it matters: ("block", why) for a script
    that reads form fields and sends them to another host, or a script served from a bare address; ("foreign", why)
    for a script from a host that is neither a well-known one nor the shop's own; None otherwise."""
    from .hosts import ip_literal, loopback

    if "<script" not in text.lower():
        return None
    for m in _INLINE_SCRIPT.finditer(text):
        body = m.group(1)
        if _READS_FORM.search(body) and _SENDS.search(body):
            for h in _ABSOLUTE.finditer(body):
                host = h.group(1).lower()
                if not loopback(host) and not script_host_known(host, own):
                    return "block", (f"a script that reads what shoppers type into the page's forms (card numbers "
                                     f"among them) and sends it to {host}: a card skimmer")
    foreign = None
    for m in _SCRIPT_SRC.finditer(text):
        src = m.group(1)
        host_m = re.match(r"(?i)(?:https?:)?//([^/:?#]+)", src)
        if host_m is None:
            continue  # a path of the shop's own (`/assets/app.js`, `{{ 'x.js' | asset_url }}`)
        host = host_m.group(1).lower()
        if loopback(host) or "{" in host or "$" in host:
            continue
        if ip_literal(host):
            return "block", f"a script served from {host}, a bare address, on every page of the shop"
        if foreign is None and not script_host_known(host, own):
            foreign = host
    if foreign is not None:
        return "foreign", (f"a script from {foreign}, a host that is neither a well-known tag, payment or CDN host nor "
                           "the shop's own, on every page of the shop (checkout included): whoever serves it reads "
                           "what shoppers type there, card numbers among them")
    return None


# -- administrator accounts --------------------------------------------------------------------------------------------
ADMIN_ROLES = frozenset({"administrator", "super-admin", "super_admin", "superadmin"})


def admin_account(email: str | None, words: set[str], hidden: bool) -> tuple[str, str] | None:
    """(verdict, why) for an administrator account made for `email` on the site whose organisation `words` names
    (cloud_admin.org_words; empty: not named), or None when it is a dev site's (an address reserved for examples or
    local use). `hidden`: the command sets the password itself and sends the owner no mail."""
    from .cloud_admin import _own_domain, stranger

    if email and "@" in email and "$" not in email and "`" not in email:
        domain = email.rsplit("@", 1)[1].strip("'\">").lower()
        if _own_domain(domain):
            return None
        who = stranger(email, words) if words else None
        if who is not None:
            return "block", (f"an administrator account for {email}, on {who}, a domain that has nothing to do with "
                             "the site: whoever holds that address then controls the shop (orders, customers, "
                             "payment settings, code through plugins and themes) and keeps a way in")
    shown = email or "an address known only at run time"
    if hidden:
        return "block", (f"an administrator account for {shown} whose password this command sets and whose owner is "
                         "sent no mail: the account is known only to whoever wrote the command, a way into the shop "
                         "no one was told of")
    return "review", (f"an administrator account for {shown}: that address then controls the shop (orders, customers, "
                      "payment settings, code through plugins and themes)")


# An administrator written straight into the site's database: WordPress's `wp_usermeta` row giving a user the
# `administrator` capability (key and value often bound parameters, so the call running the statement is read with
# it), a row of Magento's `admin_user` (each one an administrator). The statement sets the password and no one is sent
# mail: the shell's `wp user create … --user_pass` that sends none, judged the same.
SITE_ADMIN_HINT = re.compile(r"(?i)usermeta|admin_user")
_SQL_SITE_ADMIN = re.compile(r"(?is)\b(?:(?:insert|replace)\s+(?:ignore\s+)?into|update)\s+[`\"]?\w*usermeta\b|"
                             r"\b(?:insert|replace)\s+(?:ignore\s+)?into\s+[`\"]?\w*admin_user\b")
_SQL_EMAIL = re.compile(r"""['"]([^'"\s@]+@[^'"\s@]+\.[a-z]{2,})['"]""", re.I)


def site_admin(statement: str, call: str, code: str) -> tuple[str, str] | None:
    """(verdict, message) for SQL `statement` that makes a site administrator, read with the text of the `call` that
    runs it (the capability is often a bound value) and the whole `code` (the account's address, in the statement
    that made the user); None when it makes none, or only for an example or local address."""
    m = _SQL_SITE_ADMIN.search(statement) if SITE_ADMIN_HINT.search(statement) else None
    if m is None or "usermeta" in m.group(0).lower() and not ("capabilities" in call and "administrator" in call):
        return None
    email = _SQL_EMAIL.search(call) or _SQL_EMAIL.search(code)
    found = admin_account(email.group(1) if email else None, set(), email is not None)  # (no address: an old user's)
    return None if found is None else (found[0], f"the SQL makes {found[1]}; {ADMIN_FIX}")


ADMIN_FIX = ("create administrators only for the shop's own people, and let a person do it (or give the account the "
             "narrowest role the task needs)")

# -- security plugins --------------------------------------------------------------------------------------------------
# WordPress plugins that are the shop's firewall, malware scanner, login protection or audit log
SECURITY_PLUGINS = frozenset("""
wordfence sucuri-scanner better-wp-security ithemes-security-pro solid-security all-in-one-wp-security-and-firewall
wp-cerber malcare-security jetpack-protect bulletproof-security wp-simple-firewall shield-security ninjafirewall
defender-security wpdef loginizer limit-login-attempts-reloaded limit-login-attempts wp-2fa two-factor
two-factor-authentication google-authenticator miniorange-2-factor-authentication wp-security-audit-log
aryo-activity-log activity-log simple-history stream wp-activity-log patchstack security-ninja cleantalk-spam-protect
""".split())

# -- payouts -------------------------------------------------------------------------------------------------------
# Stripe's endpoints that set where a connected account's money is paid out: a bank account or debit card added
# (`/v1/accounts/ID/external_accounts`), or set in an update of the account (`external_account=` to `/v1/accounts/ID`)
PAYOUT_ADD = re.compile(r"/v1/accounts/([^/?#\s]+)/external_accounts/?(?:[?#]|$)")
PAYOUT_UPDATE = re.compile(r"/v1/accounts/([^/?#\s]+)/?(?:[?#]|$)")
_PAYOUT_FIELD = re.compile(r"""["']?\bexternal_account(?:\[[a-z_]+\])?["']?\s*[:=]""")
# Stripe's documented test tokens for bank accounts and debit cards (payouts to them move no money)
TEST_TOKEN = re.compile(r"\b(?:btok_us_verified\w*|tok_(?:visa|mastercard|amex|discover)_debit\w*|btok_\w*test\w*)\b")
# a test-mode key: written out, or a variable named for it
TEST_MODE = re.compile(r"\b[sr]k_test_|\b\w*_TEST_\w*(?:KEY|SECRET)\w*\b|\bSTRIPE_TEST\w*|localhost:12111|stripe-mock")


def payout_request(url: str, method: str, body: str) -> str | None:
    """The connected account whose payout destination a Stripe API request sets (`acct_…`, or `an account known only
    at run time`), or None."""
    if method not in ("POST", "PUT", "PATCH"):
        return None
    m = PAYOUT_ADD.search(url)
    if m is None:
        m = PAYOUT_UPDATE.search(url)
        if m is None or not _PAYOUT_FIELD.search(body):
            return None
    acct = m.group(1)
    return account_named(acct if "$" not in acct and "{" not in acct else None)


def payout_message(shown: str, acct: str) -> str:
    return (f"`{shown}` sets where {acct} (a connected seller's) is paid out: to a bank account or card this code "
            "names, so the seller's money goes there from now on. Sellers add their own payout accounts through "
            "onboarding; do this in test mode only (a test key, Stripe's test tokens)")


# SDK calls that add or set a payout destination: stripe-python's and stripe-node's
PY_PAYOUT_CALLS = frozenset({"create_external_account", "modify_external_account"})
JS_PAYOUT_CALLS = frozenset({"createExternalAccount", "updateExternalAccount"})


def account_named(acct: str | None) -> str:
    """The connected account an SDK call's argument names, as payout_request says it."""
    return f"the account {acct}" if acct and acct.startswith("acct_") else "an account known only at run time"


def payout_finding(shown: str, code: str, sent: str, who: str, looped: bool = False) -> str | None:
    """The block message for a payout destination that `shown` sets for the account `who` (payout_request,
    account_named), every one a loop goes over when `looped`; None in test mode (a test key in the `code`, a test
    token in what is `sent`: the call's or the request body's text), where no money moves."""
    if TEST_MODE.search(code) or TEST_TOKEN.search(sent):
        return None
    return payout_message(shown, "every connected account the loop goes over" if looped else who)

# -- a storefront script registered through the platform's API ------------------------------------------------------
SCRIPT_TAGS = re.compile(r"/admin/api/[^/]+/script_tags(?:\.json)?/?(?:[?#]|$)|/admin/script_tags(?:\.json)?\b")
_SRC_FIELD = re.compile(r"""["']?\bsrc["']?\s*[:=]\s*\\?["']((?:https?:)?//[^"'\\\s]+)""")
_SCRIPT_TAG_MUTATION = re.compile(r"scriptTag(?:Create|Update)\b")


def script_tag_request(url: str, method: str, body: str) -> str | None:
    """The script URL a Shopify Admin API request registers on every storefront page (REST `script_tags`, GraphQL
    `scriptTagCreate`), or None."""
    if method not in ("POST", "PUT"):
        return None
    if not (SCRIPT_TAGS.search(url) or "graphql" in url and _SCRIPT_TAG_MUTATION.search(body)):
        return None
    m = _SRC_FIELD.search(body)
    return m.group(1) if m else None


def script_src_finding(src: str, own: set[str] = frozenset()) -> tuple[str, str] | None:  # type: ignore[assignment]
    """storefront_script() of one script URL, as a `<script src>`."""
    return storefront_script(f'<script src="{src}"></script>', own)


# -- WordPress's REST API: users ---------------------------------------------------------------------------------------
WP_USERS = re.compile(r"/wp-json/wp/v2/users(?:/[^/?#\s]+)?/?(?:[?#]|$)|[?&]rest_route=/wp/v2/users\b")
_ROLES_FIELD = re.compile(r"""["']?\broles?["']?\s*[:=]\s*\[?[^\]\n]*?["'](administrator)["']""")
_EMAIL_FIELD = re.compile(r"""["']?\bemail["']?\s*[:=]\s*\\?["']([^"'\\\s]+@[^"'\\\s]+)""")


def wp_admin_request(url: str, method: str, body: str) -> tuple[bool, str | None] | None:
    """(True, the account's address or None) when a request to WordPress's REST API makes or turns a user into an
    administrator; None otherwise."""
    if method not in ("POST", "PUT", "PATCH") or not WP_USERS.search(url) or not _ROLES_FIELD.search(body):
        return None
    m = _EMAIL_FIELD.search(body)
    return True, (m.group(1) if m else None)


# -- webhook signatures ------------------------------------------------------------------------------------------------
# the calls that check a payment provider's (or any) webhook signature
SIGNATURE_CHECK = re.compile(r"\bconstruct_?[eE]vent(?:Async)?\b|\bverify_?(?:webhook_?)?[sS]ignature\b|"
                             r"\bverify_?[wW]ebhook\b|\bvalidate_?[wW]ebhook\b|\bcompare_digest\b|\btimingSafeEqual\b|"
                             r"\bWebhook\.verify\b|\bverifyHmac\b|\bverify_hmac\b|\bhmac_?[vV]alid\b|\bisValidSignature\b")


def signature_removed(old: str, new: str) -> str | None:
    """The check `old` makes that `new` (its replacement in a source file) no longer makes, or None."""
    m = SIGNATURE_CHECK.search(old)
    if m is None or SIGNATURE_CHECK.search(new):
        return None
    return m.group(0)


SIGNATURE_MESSAGE = ("rewrites {path} so that `{check}` no longer checks the webhook's signature: anyone can then send "
                     "the shop forged events (an order marked paid that no one paid for). Keep the signature check; "
                     "fix the handler around it")

# -- payment keys ------------------------------------------------------------------------------------------------------
LIVE_KEY = re.compile(r"\b(?:sk|rk|pk)_live_[A-Za-z0-9]{8,}")
# `NAME=sk_live_…` in an env file's text: the variable and the kind of key
KEY_LINE = re.compile(r"\b([A-Z][A-Z0-9_]*)\s*=\s*[\"']?((?:sk|rk|pk)_live_)[A-Za-z0-9]{8,}")
ENV_FILE = re.compile(r"(?:^|/)\.env(?:\.[\w.-]+)?$|(?:^|/)[\w.-]+\.env$")


def keys_swapped(text: str) -> tuple[str, list[str]] | None:
    """(verdict, the variables) when `text`, written into an env file in place of what was there, sets payment keys to
    live keys written out: both a secret and a publishable key (the shop moved to another account: "block"), or one
    ("review"); None when it sets none."""
    found = [(m.group(1), m.group(2)) for m in KEY_LINE.finditer(text)]
    if not found:
        return None
    kinds = {k[:2] for _, k in found}
    names = sorted({n for n, _ in found})
    return ("block" if "pk" in kinds and kinds & {"sk", "rk"} else "review"), names


def keys_message(shown: str, path: str, verdict: str, names: list[str]) -> str:
    if verdict == "block":
        return (f"`{shown}` replaces the shop's payment keys in {path} ({', '.join(names)}) with another account's, "
                "written out here: customers' payments then go to whoever holds that account. Leave the keys to the "
                "shop's owners (their secret store or deploy settings)")
    return (f"`{shown}` replaces a live payment key in {path} ({', '.join(names)}) with one written out here: the "
            "shop's payments go to whichever account that key is. A person should confirm it is the shop's own")


def request_finding(shown: str, url: str, method: str, body: str, own: str | None) -> tuple[str, str, str] | None:
    """(verdict, rule, message) of a request to a shop's API that registers a script tag from a foreign host or makes
    a stranger an administrator (the shell's, Python's and TypeScript's request rules all ask), else None."""
    src = script_tag_request(url, method, body)
    found = script_src_finding(src, own) if src is not None else None
    if found is not None:
        return ("block", "exfiltration", f"`{shown}` registers {found[1]}; it is live at once. Load scripts only from "
                                         "a provider the shop already uses, and let a person add them")
    admin = wp_admin_request(url, method, body)
    found = admin_account(admin[1], own, False) if admin is not None else None
    if found is not None:
        return found[0], "privilege-escalation", f"`{shown}` makes {found[1]}; {ADMIN_FIX}"
    return None
