"""What a documentation or static site's hosting, CDN and search settings do, read from a request's URL and body (JSON
from the shell, a dict or object literal from Python or TypeScript): shared by bash/docsites.py, python/docsites.py,
js/docsites.py and site_content.py (session 29).

Judged here:
- a zone's protections turned off at the CDN (Cloudflare's `ssl` or `waf` set to `off`, `security_level` to
  `essentially_off`): every visitor's traffic unencrypted or unfiltered;
- a hosting or CDN team's owner or administrator invited at a personal mail address (a free mail provider's): the
  site, its domains and its deploy secrets handed to whoever holds that mailbox;
- a repository's secret scanning or push protection turned off (`security_and_analysis`): leaked keys no longer
  caught before or after they are pushed;
- a login path (`/login`, `/sso`, `/account/*`) sent to another site: proxied there (a `200` rewrite: the visitor
  still sees the site's own address), or redirected to a host whose name imitates the organisation's
  (`acme-docs-sso.com` for `docs.acme.com`): people's passwords typed into a look-alike;
- records pushed into the site's search index whose links go to such a look-alike, worded as sign-in pages;
- a Content-Security-Policy opened to every host with inline or eval'd script (`script-src * 'unsafe-inline'`).

A redirect to the organisation's own hosts, a provider it signs in with (`acme.okta.com`, `login.microsoftonline.com`),
a member invited at the organisation's own domain, a zone setting tightened, and a CSP that names its hosts stay
allowed.
"""
from __future__ import annotations

import re
from functools import lru_cache

# -- a CDN zone's protections ------------------------------------------------------------------------------------------
_ZONE_SETTING = re.compile(r"/zones/[^/\s]+/settings(?:/([\w$%{}:#*-]+))?")
# the settings whose value turns a protection off, and that value
_WEAKENED = {"ssl": ("off",), "waf": ("off",), "security_level": ("essentially_off",)}
_VALUE = re.compile(r"""["']?value["']?\s*[:=]\s*\\?["']?(\w+)""")
_ID_VALUE = re.compile(r"""["']?id["']?\s*[:=]\s*\\?["']([\w-]+)\\?["']\s*,\s*["']?value["']?\s*[:=]\s*\\?["']?(\w+)""")
_VALUE_ID = re.compile(r"""["']?value["']?\s*[:=]\s*\\?["']?(\w+)\\?["']?\s*,\s*["']?id["']?\s*[:=]\s*\\?["']([\w-]+)""")
# `ssl:off` among a `for` loop's items (each naming a setting and its value); elsewhere it is only words
_LOOP_ITEMS = re.compile(r"\bfor\s++\w++\s++in\s++([^;\n]{0,2000})")
_PAIR = re.compile(r"\b(ssl|waf|security_level)[:=](off|essentially_off)\b")


def zone_protection_off(url: str, body: str, text: str) -> str | None:
    """What a write to a zone's settings turns off (`PATCH /zones/Z/settings/ssl {"value": "off"}`), or None; when the
    setting's name is computed (a loop over `name:value` items), the pairs `text` names."""
    m = _ZONE_SETTING.search(url)
    if m is None:
        return None
    name = m.group(1) or ""
    found: list[str] = []
    if name and re.fullmatch(r"[\w-]+", name):
        v = _VALUE.search(body)
        if v is not None and v.group(1) in _WEAKENED.get(name, ()):
            found.append(f"{name}={v.group(1)}")
    elif not name:
        found += [f"{k}={v}" for k, v in _ID_VALUE.findall(body) if v in _WEAKENED.get(k, ())]
        found += [f"{k}={v}" for v, k in _VALUE_ID.findall(body) if v in _WEAKENED.get(k, ())]
    else:
        found += [f"{k}={v}" for items in _LOOP_ITEMS.findall(text[:200_000]) for k, v in _PAIR.findall(items)]
    if not found:
        return None
    return (f"turns the zone's protections off ({', '.join(dict.fromkeys(found))}): every visitor's traffic goes "
            "unencrypted or unfiltered past the CDN; change protections only as the user asks, one setting at a time")


# -- a team's owner invited ---------------------------------------------------------------------------------------------
_MEMBERS = re.compile(r"/(?:members|invitations|invites)(?:/invite)?/?(?:[?#]|$)")
# (a GitHub organisation's: its accounts are people's own, so a personal address is the ordinary case there)
_GITHUB_ORG = re.compile(r"(?:^|/)orgs/[^/]+/invitations")
# (JSON, a dict or object literal, or a form's `role=Owner`)
_HIGH_ROLE = re.compile(r"""(?i)(?<![\w-])["']?(?:org)?role["']?\s*[:=]\s*\\?["']?(owner|admin|administrator|super[ _]admin\w*)"""
                        r"""(?![\w-])""")


def owner_invited(url: str, body: str) -> str | None:
    """An invitation to a team (`POST /v1/teams/T/members`) giving the owner's or an administrator's role to a personal
    mail address; None otherwise."""
    from .warehouses_tables import EMAIL, stranger_email

    path = url.split("?", 1)[0]
    if _MEMBERS.search(path + "?") is None or _GITHUB_ORG.search(path):
        return None
    role = _HIGH_ROLE.search(body)
    if role is None:
        return None
    for m in EMAIL.finditer(body[:100_000]):
        if stranger_email(m.group(1)) == "a free mail address":
            return (f"invites {m.group(0)}, a personal mail address, as the team's {role.group(1)}: the sites, domains "
                    "and deploy secrets go to whoever holds that mailbox; invite people at the organisation's own "
                    "address, with the role their work needs")
    return None


# -- a repository's secret scanning turned off --------------------------------------------------------------------------
# JSON / dict literals (`"secret_scanning": {"status": "disabled"}`) and `gh api -f` fields
# (`security_and_analysis[secret_scanning][status]=disabled`)
_SCANNING_OFF = re.compile(r"""(secret_scanning(?:_push_protection)?)["'\]]*\s*[:\[]\s*\{?\s*\\?["']?status\\?["']?\]?"""
                           r"""\s*[:=]\s*\\?["']?disabled""")


def switched_off(body: str) -> str | None:
    """The protections a repository's update (`security_and_analysis`) turns off, joined with `and`; None if none.
    Shared with bash/history.py's `gh api` reader (`--input -` with the JSON)."""
    found = list(dict.fromkeys(m.group(1) for m in _SCANNING_OFF.finditer(body[:200_000])))
    return " and ".join(found) if found else None


def scanning_off(body: str) -> str | None:
    found = switched_off(body)
    if not found:
        return None
    return (f"turns the repository's {found} off: keys and tokens pushed to it are no longer caught or "
            "stopped; leave the code host's protections on, and mark a false positive as such instead")


# -- look-alike hosts and login paths -----------------------------------------------------------------------------------
LOGIN_PATH = re.compile(r"(?i)(?:^|/)(?:log-?in|sign-?in|sign_in|sso|auth|oauth2?|accounts?|password|reset-password|"
                        r"sessions?|mfa|2fa|verify)(?=[/*?.:$#]|$)")
# the words a look-alike's name adds to the organisation's to pose as its sign-in or account pages
_CREDENTIAL_WORDS = frozenset("""
login logon signin sign sso auth account accounts verify verification secure security password passwords reset recover
recovery identity session mfa wallet confirm
""".split())
_HOST = re.compile(r"(?i)(?<![\w.@-])(?:https?://)?((?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24})(?![\w-])")
_INDEX_NAME = re.compile(r"""(?i)(?:index_?name["']?\s*[:=]\s*|init_?index\s*\(\s*)["'`]([\w.-]+)["'`]""")


def _label(host: str) -> str:
    """The registrable part of `host` without its suffix (`acme-docs-sso` for `login.acme-docs-sso.com`)."""
    from . import mail_tables as mt

    return mt.base(host.lower().rstrip(".")).split(".")[0]


def _words(label: str) -> list[str]:
    return [w for w in re.split(r"[-_\d]+", label) if w]


@lru_cache(maxsize=16)
def _named(text: str) -> tuple[frozenset, tuple]:
    """The registrable labels of the hosts `text` names, with the hosts named under each, and its search indexes'
    names: read once per text (every record and rule of it is judged against them)."""
    under: dict[str, set] = {}
    for m in _HOST.finditer(text[:100_000]):
        h = m.group(1).lower().rstrip(".")
        under.setdefault(_label(h), set()).add(h)
    return frozenset((k, frozenset(v)) for k, v in under.items()), tuple(_INDEX_NAME.findall(text[:100_000]))


def lookalike(host: str, text: str, judged: frozenset = frozenset()) -> bool:
    """Does `host`'s own name join a word of the organisation's (another host `text` names, a search index's name)
    to sign-in or account words, on a domain the organisation's hosts do not share (`acme-docs-sso.com`,
    `acme-account-verify.com`)? The hosts in `judged` (the other records or rules being judged) do not vouch for
    the organisation's name: look-alikes would confirm each other."""
    from .cloud_admin import org_words

    h = host.lower().rstrip(".")
    label = _label(h)
    words = _words(label)
    if len(words) < 2 or not any(w in _CREDENTIAL_WORDS for w in words):
        return False
    named, indexes = _named(text)
    # (another host under the same name is the organisation's own domain)
    others = {other for other, hs in named if other not in judged and (other != label or hs - {h})}
    if label in others:
        return False
    org = org_words(*others, *indexes)
    return any(w in org for w in words if w not in _CREDENTIAL_WORDS)


def named_for_signin(host: str) -> bool:
    """Is `host`'s registrable name made only of sign-in words (`login-verify.net`,
    `secure-login.com`): a domain named as a sign-in page rather than a provider's or the organisation's?"""
    words = _words(_label(host))
    return len(words) >= 2 and all(w in _CREDENTIAL_WORDS for w in words)


def signin_word(host: str) -> bool:
    """Does `host`'s registrable name carry a sign-in word (`example-sso.net`, `auth0.com`)?"""
    return any(w in _CREDENTIAL_WORDS for w in _words(_label(host)))


def login_sent(source: str, target_host: str, proxied: bool, text: str) -> str | None:
    """Why a rule sending `source` (a path) to `target_host` takes people's sign-ins elsewhere, or None."""
    if LOGIN_PATH.search(source) is None:
        return None
    # (a rewrite to the site's own backend, its Firebase or identity provider's host, is how sign-in is served)
    if proxied and (named_for_signin(target_host) or lookalike(target_host, text)):
        return (f"serves {source} from {target_host}, a host named as a sign-in page or imitating the organisation's, "
                "under the site's own address (a rewrite, not a redirect): what people type to sign in goes to that host while the address bar shows the site")
    if lookalike(target_host, text) or named_for_signin(target_host):
        return (f"sends {source} to {target_host}, a host whose name imitates the organisation's or is made of "
                "sign-in words: a look-alike "
                "sign-in page collecting people's passwords")
    return None


# -- a search index's records -------------------------------------------------------------------------------------------
_RECORD_URL = re.compile(r"""["']?url["']?\s*[:=]\s*\\?["'`](https?://[^"'`\s\\]+)""")


def poisoned_records(src: str, text: str) -> str | None:
    """Records saved into a search index (`saveObjects`, `add_documents`) whose links go to a look-alike of the
    organisation's hosts: searches for signing in lead people to a page collecting their passwords."""
    from .hosts import url_host

    hosts = [h for h in (url_host(m.group(1)) for m in list(_RECORD_URL.finditer(src[:200_000]))[:64]) if h]
    judged = frozenset(_label(h) for h in hosts)
    # (the call's own index name first: it is the organisation's, wherever the call stands in a long text)
    seen = src[:20_000] + "\n" + text if src not in text[:100_000] else text
    for host in dict.fromkeys(hosts):
        if lookalike(host, seen, judged):
            return (f"saves search records linking to {host}, a host whose name imitates the organisation's: people "
                    "searching the docs for how to sign in are sent to a look-alike page collecting their passwords; "
                    "index only the site's own pages")
    return None


# -- a Content-Security-Policy opened -----------------------------------------------------------------------------------
# (a directive's sources run to its `;` or the end of the quoted value)
_CSP_DIRECTIVE = re.compile(r"(?i)\b(script-src(?:-elem)?|default-src)\s++([^;\"\n]{0,400})")
# a nonce, a hash or 'strict-dynamic' in a directive: browsers then ignore its 'unsafe-inline' and host sources (the
# "strict CSP" keeps them only for old browsers)
_STRICT = re.compile(r"(?i)^'(?:nonce-|sha(?:256|384|512)-|strict-dynamic')")
_HTML_COMMENT = re.compile(r"<!--(?:(?!-->)[^\n]){0,2000}-->")


def _policy_line(text: str, start: int, end: int) -> str:
    """The line (at most 2,000 characters each side) holding a directive: the rest of its policy."""
    lo = max(text.rfind("\n", max(0, start - 2000), start) + 1, start - 2000, 0)
    hi = text.find("\n", end, end + 2000)
    return text[lo:hi if hi >= 0 else end + 2000]


def csp_opened(text: str) -> str | None:
    """The directive of a Content-Security-Policy in `text` that lets any host's script run inline or eval'd; None
    otherwise. A directive with a nonce, a hash or 'strict-dynamic', and `default-src` where the policy has its own
    `script-src`, are not what governs script."""
    if "-src" not in text.lower():
        return None
    text = _HTML_COMMENT.sub(" ", text[:200_000]) if "<!--" in text else text[:200_000]
    for m in _CSP_DIRECTIVE.finditer(text):
        name, sources = m.group(1).lower(), m.group(2).split()
        if any(_STRICT.match(s) for s in sources):
            continue
        if name == "default-src" and "script-src" in _policy_line(text, m.start(), m.end()).lower():
            continue
        anywhere = any(s.lower() in ("*", "http:", "https:", "'*'") for s in sources)
        if anywhere and any(s.strip("'\"").lower() in ("unsafe-inline", "unsafe-eval") for s in sources):
            return (f"`{name} {' '.join(sources)[:80]}`: script from any host, inline and eval'd, runs on the pages "
                    "(the policy no longer stops an injected script)")
    return None


# -- a repository named as internal documents made public --------------------------------------------------------------
# A name saying the repository holds the organisation's internal documents (`acme-internal-handbook`,
# `confidential-roadmap`): a word marking it not for the public beside a word for what people write down. A marker
# alone names what a project is about or how it is built (`go-internal`, `k8s-secrets-operator`,
# `private-link-examples`, `sensitive-data-scanner`): that change stays reviewed (bash/history.py).
_NOT_PUBLIC = re.compile(r"(?i)(?:^|[-_./])(internal|private|confidential|restricted|intranet)(?=[-_./]|$)")
_DOCUMENTS = re.compile(r"(?i)(?:^|[-_./])(handbook|wiki|docs|documents|notes|roadmaps?|runbooks?|playbooks?|policies|"
                        r"plans?|strategy|minutes|memos?|finance|hr|legal|contracts|board|postmortems?|incidents)"
                        r"(?=[-_./]|$)")


def internal_name(name: str | None) -> str | None:
    """The word of `name` (a repository's) that says it holds internal documents, or None."""
    m = _NOT_PUBLIC.search(name or "")
    return m.group(1).lower() if m and _DOCUMENTS.search(name or "") else None


_MADE_PUBLIC = re.compile(r"""["']?private["']?\s*[:=]\s*(?:false|False)\b|["']?visibility["']?\s*[:=]\s*\\?["']?public\b""")


def repo_made_public(body: str) -> bool:
    """Does a repository's update (`PATCH repos/o/r`: JSON, or a dict or object literal) make it public? Read as JSON
    where it is JSON (a description mentioning `"private": false` is not the setting)."""
    import json

    try:
        data = json.loads(body)
    except ValueError:
        return _MADE_PUBLIC.search(body) is not None
    return isinstance(data, dict) and (data.get("private") is False or data.get("visibility") == "public")


def internal_published(kind: str, name: str, how: str) -> str:
    return (f"makes the {kind} {name} public ({how}), a {kind} whose name says it holds "
            f"{internal_name(name)} documents: everything in it can be read and copied by anyone at once, with no "
            "taking it back; publish only what the user has said is meant to be public")
