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

Session 27, also here:
- a theme's overrides and a built site's pages (MkDocs' `overrides/`, Sphinx's `_templates/`, `site/`, `_site/`,
  `public/`, `_build/`, a build's output) as a file area of server_config.py: a script taking visitors' cookies,
  storage or typing to another host, or loaded from a bare address or a drop-box, is blocked; in a template any other
  outside script or redirect is reviewed;
- a web server's rules (nginx `proxy_pass`, Apache `RewriteRule … [P]`, `ProxyPass`) serving a sign-in path from a
  look-alike, a host named only for signing in, a tunnel (blocked) or a bare public address or another sign-in host
  (reviewed); read as a second reader of the files site_content.py owns;
- Cloudflare's administrator role ids, a member promoted after a personal address is invited, a search key minted
  with every right (reviewed), and what code writes into a published folder (a file of secrets read, the whole
  environment).

Session 27's mend: pages are read with site_content's own reader (scan_markup: a script from a bare address or a
host posing as a CDN, hidden links, an invisible frame, a template's redirect; `static/`, `_static/`, GitHub Pages'
`docs/`, raw HTML in `docs/*.md` and Hugo's `content/`, `.jinja` overrides too); a form's script sending to a named
host no one knows is reviewed, to a bare address, tunnel or look-alike, or with passwords or the session, blocked; a
web server's rules are read wherever they are written (`nginx/conf.d/x.conf`, `apache/x.conf`, a Caddyfile), through
`upstream` blocks, `set $var` and `<Location>`; a promotion is held only when the promoted id comes from the team's
own answer in an input that invites a personal address.

A redirect to the organisation's own hosts, a provider it signs in with (`acme.okta.com`, `acme.us.auth0.com`,
`acme.clerk.accounts.dev`), a member invited at the organisation's own domain, a zone setting tightened, a CSP that
names its hosts, a proxy to a local upstream, ordinary edits of built pages, a documentation site's known comment,
search, analytics and form providers (giscus, utterances, Kapa, Umami, PostHog, Cloudflare Web Analytics, Formspree,
Buttondown…), a 404 page or a built "moved" page sending visitors on, and a key restricted to named indexes stay
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


# Cloudflare's account roles by id (the same in every account): Super Administrator - All Privileges, Administrator
_ADMIN_ROLE_IDS = {"33666b9c79b9a5273fc7344ff42f953d": "Super Administrator", "05784afa30c1afe1440e79d9351c7430":
                   "Administrator"}
_ADMIN_ROLE_ID = re.compile(r"\b(" + "|".join(_ADMIN_ROLE_IDS) + r")\b")


def _high_role(body: str) -> str | None:
    """The owner's or an administrator's role `body` gives (by name, or by Cloudflare's role id), or None."""
    m = _HIGH_ROLE.search(body)
    if m is not None:
        return m.group(1)
    m = _ADMIN_ROLE_ID.search(body[:100_000]) if "roles" in body or "role_ids" in body else None
    return _ADMIN_ROLE_IDS[m.group(1)] if m is not None else None


def _free_mail(body: str) -> str | None:
    """The first personal (free mail) address `body` names."""
    from .warehouses_tables import EMAIL, stranger_email

    return next((m.group(0) for m in EMAIL.finditer(body[:100_000])
                 if stranger_email(m.group(1)) == "a free mail address"), None)


def owner_invited(url: str, body: str) -> str | None:
    """An invitation to a team (`POST /v1/teams/T/members`) giving the owner's or an administrator's role to a personal
    mail address; None otherwise."""
    path = url.split("?", 1)[0]
    if _MEMBERS.search(path + "?") is None or _GITHUB_ORG.search(path):
        return None
    role = _high_role(body)
    address = _free_mail(body) if role is not None else None
    if address is None:
        return None
    return (f"invites {address}, a personal mail address, as the team's {role}: the sites, domains and deploy secrets "
            "go to whoever holds that mailbox; invite people at the organisation's own address, with the role their "
            "work needs")


# a member's own entry (`PUT /api/v1/ACCOUNT/members/MID`, `PATCH /v1/teams/T/members/UID`): where a role is changed,
# and the name its id is given by (`$MID`, `${MID}`, Python's `{mid}`, a template's `${mid}`, `'…/members/' + mid`)
_MEMBER_ENTRY = re.compile(r"/members/[^/?#\s]+/?$")
_ENTRY_NAME = re.compile(r"""/members/(?:\$\{?|\{|["'`]\s*\+\s*)([A-Za-z_]\w{0,63})""")
# a team's members or invitations as a whole (what an invitation is sent to, or a listing read), in the code's text
_COLLECTION = re.compile(r"""/(?:members|invitations|invites)(?:/invite)?(?=["'`\s?#)]|$)""", re.M)
# an address given as a value (a JSON, dict or object value, a form field): not a header's (`X-Auth-Email: me@…`,
# Cloudflare's key-and-address sign-in) nor a comment's
_VALUE_ADDRESS = re.compile(r"""(?<=["'`=])[\w.+-]{1,64}@((?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24})(?![\w.-])""")
_ASSIGNED = re.compile(r"""(?m)(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+|const\s+|let\s+|var\s+)?"""
                       r"""([A-Za-z_]\w{0,63})\s*=(?!=)|\b(?:const|let|var)\s*\{([^{}=\n]{1,300})\}\s*=(?!=)""")
_NAME = re.compile(r"[A-Za-z_]\w{0,63}")


@lru_cache(maxsize=8)
def _assignments(text: str) -> dict[str, list[int]]:
    """Where each name of the input (a shell variable, a Python or TypeScript name, one a TypeScript destructuring
    gives) is given a value: read once per input."""
    out: dict[str, list[int]] = {}
    for m in _ASSIGNED.finditer(text[:200_000]):
        for name in [m.group(1)] if m.group(1) else _NAME.findall(m.group(2))[:16]:
            out.setdefault(name, []).append(m.end())
    return out


def _given(name: str, text: str) -> str:
    """What `name` is given in `text`: the statements of its last few assignments."""
    return "\n".join(_statement(text, at) for at in _assignments(text).get(name, [])[-4:])


def _depth(piece: str) -> int:
    return piece.count("(") + piece.count("{") + piece.count("[") - piece.count(")") - piece.count("}") - \
        piece.count("]")


def _statement(text: str, at: int) -> str:
    """The statement holding `at`: its line, the lines before it that open a parenthesis or brace still open there
    (a call spread over lines), and the lines after it a `\\` continues or an open one holds; at most 3,000
    characters."""
    start = first = text.rfind("\n", max(0, at - 1500), at) + 1
    line, opened = start, 0
    for _ in range(8):  # (a call's first line, a few lines up: one that opens more than the lines after it close)
        if line <= 0 or at - line > 1500:
            break
        line = text.rfind("\n", max(0, line - 1500), line - 1) + 1
        depth = _depth(text[line:first])
        if depth > opened:
            start, opened = line, depth
    end, depth = start, 0
    while end < len(text) and end - start < 3000:
        nl = text.find("\n", end, start + 3000)
        nl = min(len(text), start + 3000) if nl < 0 else nl
        depth += _depth(text[end:nl])
        end = nl
        if not (text[start:end].rstrip().endswith("\\") or depth > 0):
            break
        end += 1
    return text[start:end]


def _stranger_address(text: str) -> str | None:
    from .warehouses_tables import stranger_email

    return next((m.group(0) for m in _VALUE_ADDRESS.finditer(text[:20_000])
                 if stranger_email(m.group(1)) == "a free mail address"), None)


@lru_cache(maxsize=8)
def _invited(text: str) -> str | None:
    """A personal (free mail) address the input invites into a team: a request to a team's members or invitations
    whose own body gives it (in the statement, or in a name the statement uses: `json=body`, `-d "$BODY"`)."""
    given = _assignments(text)
    for m in list(_COLLECTION.finditer(text[:200_000]))[:64]:
        stmt = _statement(text, m.start())
        names = [_given(n, text) for n in list(dict.fromkeys(_NAME.findall(stmt[:3000])))[:64] if n in given][:8]
        found = _stranger_address("\n".join([stmt, *names]))
        if found is not None:
            return found
    return None


def _from_members(name: str, text: str) -> bool:
    """Is the name `name` given (directly, or through one name: `mid = r.json()['id']` with `r = requests.post(…)`)
    what a request to a team's members or invitations answers, with no address of the organisation's picking a
    member of its own (`select(.email == "jane@acme.com")`)?"""
    from .warehouses_tables import EMAIL, stranger_email

    given = _assignments(text)
    seen = [_given(name, text)]
    seen += [_given(n, text) for n in list(dict.fromkeys(_NAME.findall(seen[0][:3000])))[:64]
             if n in given and n != name][:8]
    for value in seen:
        if _COLLECTION.search(value) is not None:
            return not any(stranger_email(e.group(1)) != "a free mail address" for e in EMAIL.finditer(value))
    return False


def promoted_after_invite(url: str, body: str, text: str) -> str | None:
    """A member raised to the owner's or an administrator's role (`PUT …/members/$MID {"role": "Owner"}`) whose id
    the input took from a team's members or invitations, in an input that invites a personal address there: the
    invitation asks for a small role, the second call gives the team away. A member named from outside (`$JANE_ID`,
    a function's parameter) is a promotion of someone the user knows, allowed as a promotion alone is."""
    path = url.split("?", 1)[0]
    if _MEMBER_ENTRY.search(path) is None or _GITHUB_ORG.search(path):
        return None
    name = _ENTRY_NAME.search(path)
    role = _high_role(body) if name is not None else None
    if role is None or not _from_members(name.group(1), text):
        return None
    address = _invited(text)
    if address is None:
        return None
    return (f"raises a member to the team's {role} in the same script that invites {address}, a personal mail "
            "address, and takes the member's id from the team's own answer: an invitation with a small role, then "
            "the team, its sites, domains and deploy secrets handed to whoever holds that mailbox; invite people at "
            "the organisation's own address, with the role their work needs")


# -- a search service's key minted with every right ---------------------------------------------------------------------
# Algolia's `POST /1/keys`, Meilisearch's and Typesense's `POST /keys`: `acl` / `actions` and the indexes it covers
_KEY_PATH = re.compile(r"(?:^|/)(?:1/)?keys/?$")
_KEY_RIGHTS = re.compile(r"""["']?(acl|actions)["']?\s*[:=]\s*\[([^\]]{0,1000})\]""")
_KEY_SCOPE = re.compile(r"""["']?(?:indexes|collections)["']?\s*[:=]\s*\[([^\]]{0,1000})\]""")
# rights that change or delete an index, its settings or other keys (a crawler's write key, restricted to its index,
# holds some; an unrestricted one holds the search service)
_ADMIN_RIGHTS = re.compile(r"""["'](?:\*|deleteIndex|editSettings|settings\.update|indexes\.\*|indexes\.delete|"""
                           r"""keys\.\*|keys\.create|\w+:\*)["']""")
_EVERY = re.compile(r"""["']\*["']""")


def key_minted(url: str, body: str) -> str | None:
    """A new search key with every right, or with rights over indexes and settings on every index (`{"acl": ["*"]}`,
    `{"acl": ["deleteIndex", "editSettings"]}` with no `indexes`): a second admin key that outlives the rotation of
    the first. Held for a person; a key restricted to named indexes (a crawler's) is not. Algolia's keys name their
    rights `acl`; Meilisearch's and Typesense's `actions`, always with the indexes or collections they cover (a key
    of another API with `actions` and no such list is not a search service's)."""
    if _KEY_PATH.search(url.split("?", 1)[0]) is None:
        return None
    rights = _KEY_RIGHTS.search(body[:100_000])
    if rights is None:
        return None
    scope = _KEY_SCOPE.search(body[:100_000])
    if rights.group(1) == "actions" and scope is None:
        return None
    admin = _ADMIN_RIGHTS.findall(rights.group(2))
    every_right = any(_EVERY.fullmatch(a) for a in admin)
    everywhere = scope is None or _EVERY.search(scope.group(1)) is not None
    if not admin or not everywhere and not every_right:
        return None
    what = "every right" if every_right else ", ".join(dict.fromkeys(a.strip(chr(34) + chr(39)) for a in admin))
    where = "on every index" if everywhere else f"on {scope.group(1).strip()[:60]}"
    return (f"creates a search key with {what} {where}: a second admin key, outside the one the project rotates; a "
            "person should confirm it is wanted, and restrict it to the indexes and rights the task needs")


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


def lookalike(host: str, text: str, judged: frozenset = frozenset(), indexes: tuple = ()) -> bool:
    """Does `host`'s own name join a word of the organisation's (another host `text` names, a search index's name)
    to sign-in or account words, on a domain the organisation's hosts do not share (`acme-docs-sso.com`,
    `acme-account-verify.com`)? The hosts in `judged` (the other records or rules being judged) do not vouch for
    the organisation's name: look-alikes would confirm each other. `indexes` names search indexes the text gives
    only in a URL's path (`/1/indexes/acme_docs/batch`)."""
    from .cloud_admin import org_words

    h = host.lower().rstrip(".")
    label = _label(h)
    words = _words(label)
    if len(words) < 2 or not any(w in _CREDENTIAL_WORDS for w in words):
        return False
    named, named_indexes = _named(text)
    # (another host under the same name is the organisation's own domain)
    others = {other for other, hs in named if other not in judged and (other != label or hs - {h})}
    if label in others:
        return False
    org = org_words(*others, *named_indexes, *indexes)
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
# (a record's link by any of the names the crawlers and themes give it)
_RECORD_URL = re.compile(r"""["']?(?:url|link|href|permalink)["']?\s*[:=]\s*\\?["'`](https?://[^"'`\s\\]+)""")


def poisoned_records(src: str, text: str, index: str = "") -> str | None:
    """Records saved into a search index (`saveObjects`, `add_documents`; `index` is its name where a REST call's path
    gives it) whose links go to a look-alike of the organisation's hosts: searches for signing in lead people to a
    page collecting their passwords."""
    from .hosts import url_host

    hosts = [h for h in (url_host(m.group(1)) for m in list(_RECORD_URL.finditer(src[:200_000]))[:64]) if h]
    judged = frozenset(_label(h) for h in hosts)
    # (the call's own index name first: it is the organisation's, wherever the call stands in a long text)
    seen = src[:20_000] + "\n" + text if src not in text[:100_000] else text
    for host in dict.fromkeys(hosts):
        if lookalike(host, seen, judged, (index,) if index else ()):
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


# -- a theme's overrides and a built site's pages (session 27) ---------------------------------------------------------
# Read through server_config.py, as site_content.py reads layouts and partials (and with its reader, scan_markup):
# MkDocs Material's `custom_dir` (`overrides/main.html`), Sphinx's `_templates/`, and the pages a generator has built
# or copies as they are (`site/`, `_site/`, `public/`, `_build/html`, a build's `build/`, `dist/`, `out/`, Hugo's
# `static/`, Sphinx's `_static/`, GitHub Pages' `docs/`), and raw HTML in the Markdown sources a generator renders
# (`docs/index.md`, Hugo's `content/`): the next deploy publishes them.
_PAGE_DIRS = r"overrides|_templates|_site|site|public|_build|build|dist|out|static|_static|docs|content"
# (a path's scan stops at the next folder of these names, whose own try reads the same rest: a run of them is read once)
CONFIG_TARGET = (rf"(?<![\w.-])(?:{_PAGE_DIRS})/(?:(?!(?:{_PAGE_DIRS})/)[^\s'\"<>|;&])*"
                 r"\.(?:html?|jinja2?|j2|md|markdown|mdx)\b")
# (a documentation theme's own templates; a build's pages are read for blocks only: a script from a CDN there is
# everyday work. An app's `templates/` are site_content.py's)
# (the folder searched anywhere in the path, after its ending is known: one pattern read once)
_TEMPLATE_DIR = re.compile(r"(?:^|/)(?:overrides|_templates)/")
_BUILT_DIR = re.compile(r"(?:^|/)(?:_site|site|public|_build|build|dist|out|static|_static|docs|content)/")
_SOURCE_DIR = re.compile(r"(?:^|/)(?:docs|content)/")
# what a page's form script reads that no form service needs: passwords, the visitor's session
_SECRET_READS = re.compile(r"(?i)type\s*=\s*\\?[\"']?password|\bpassword\b|document\.cookie|localStorage|"
                           r"sessionStorage")


def _page_kind(path: str) -> str | None:
    """"template" for a theme's override or template, "page" for a built page or a Markdown source, None for any
    other path."""
    p = path.strip().strip("'\"")
    low = p.lower()
    if low.endswith((".html", ".htm", ".jinja", ".jinja2", ".j2")):
        if _TEMPLATE_DIR.search(p):
            return "template"
        return "page" if low.endswith((".html", ".htm")) and _BUILT_DIR.search(p) else None
    return "page" if low.endswith((".md", ".markdown", ".mdx")) and _SOURCE_DIR.search(p) else None


def config_kind(path: str) -> bool:
    return _page_kind(path) is not None


# a documentation or content site's comment, search, chat, analytics, newsletter and form providers: their scripts
# and endpoints are what sites embed (a host or any name under it; `github.io` and `readthedocs.io` serve anyone's
# pages, so only their own hosts)
_WIDGET_HOSTS = frozenset("""
giscus.app utteranc.es kapa.ai inkeep.com mendable.ai umami.is posthog.com goatcounter.com gc.zgo.at
simpleanalyticscdn.com simpleanalytics.com matomo.cloud cloudflareinsights.com vercel-scripts.com vercel-insights.com
readthedocs.org readthedocs.com redoc.ly redocly.com buttons.github.io platform.twitter.com disqus.com disquscdn.com
cusdis.com hyvor.com commento.io asciinema.org tailwindcss.com identity.netlify.com buttondown.email buttondown.com
formspree.io getform.io submit-form.com web3forms.com formsubmit.co convertkit.com ck.page substack.com
""".split())
_ANY_HOST = re.compile(r"(?i)//([a-z0-9][a-z0-9.-]{0,252})")
# hosting platforms' shared names, under which each tenant's site has its own (`acme-docs.web.app`)
HOSTED_SUFFIXES = frozenset({"web.app", "firebaseapp.com", "pages.dev", "workers.dev", "netlify.app", "vercel.app",
                             "github.io", "gitlab.io", "herokuapp.com", "onrender.com", "fly.dev", "surge.sh",
                             "readthedocs.io", "azurewebsites.net", "azurestaticapps.net", "amplifyapp.com", "run.app",
                             "appspot.com", "glitch.me", "deno.dev"})
# a private address serves only the visitor's own network (a live-reload script a local build put in): read as
# this machine's when a page is judged
_PRIVATE_SRC = re.compile(r"(?i)(?<=//)(?:10|127|192\.168|172\.(?:1[6-9]|2\d|3[01]))(?:\.\d{1,3}){2,3}(?=[:/\"'\s>])")


def widget_host(host: str) -> bool:
    """Is `host` one of those providers' (site_content.py asks too: a layout's giscus or Cloudflare Web Analytics)?"""
    parts = host.lower().rstrip(".").split(".")
    return any(".".join(parts[i:]) in _WIDGET_HOSTS for i in range(len(parts) - 1))


def widget_hosts(text: str) -> set[str]:
    """The hosts of those providers `text` names (for shops.storefront_script, which takes a site's own names)."""
    return {h for h in (m.group(1).lower() for m in list(_ANY_HOST.finditer(text[:200_000]))[:256]) if widget_host(h)}


def _form_hosts(text: str) -> tuple[str | None, frozenset]:
    """(a host a page's form script sends what visitors type to that is blocked: a bare address, a tunnel or
    drop-box, a look-alike or sign-in-named host, or any host when the script reads passwords or the session; the
    other hosts such scripts send to, named and unknown: an organisation's feedback endpoint as often as a
    stranger's, which a person knows)."""
    from .hosts import loopback
    from .scraping_tables import stranger_sink
    from .shops import _ABSOLUTE, _INLINE_SCRIPT, _READS_FORM, _SENDS, script_host_known

    named: set[str] = set()
    if "<script" not in text.lower():
        return None, frozenset()
    for m in list(_INLINE_SCRIPT.finditer(text))[:32]:
        body = m.group(1)
        if not (_READS_FORM.search(body) and _SENDS.search(body)):
            continue
        for h in list(_ABSOLUTE.finditer(body))[:16]:
            host = h.group(1).lower()
            if loopback(host) or script_host_known(host) or widget_host(host):
                continue
            if stranger_sink(host) or _SECRET_READS.search(body) or named_for_signin(host) or lookalike(host, text):
                return host, frozenset(named)
            named.add(host)
    return None, frozenset(named)


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` (a page or a theme's template; for a `sed -i` edit, its words joined by new
    lines) as site_content.py judges a layout: a Content-Security-Policy opened, an inline script taking what
    visitors type or keep (judged as the TypeScript it is), a script from a bare address, a drop-box or a host
    posing as a CDN, hidden links, an invisible frame, a script sending a form's passwords or the session: blocked,
    wherever it is written; a redirect: blocked in a template (a 404 page's, and a built page's "moved" page, are
    ordinary); a script from a host no one knows, or a form sent to one: reviewed in a template (a build's pages
    load CDNs' scripts every day: only the form is reviewed there). True when a finding was reported."""
    from .hosts import url_host
    from .scraping_tables import stranger_sink
    from .site_content import _SCRIPT_LOADED, _SCRIPT_SRC, _page_scripts, _policy_opened, scan_markup

    kind = _page_kind(path)
    if kind is None or not text.strip() or len(text) > 200_000:
        return False
    if _policy_opened(a, path, text, node):
        return True
    low = text.lower()
    if "//" not in text or "<script" not in low and "<iframe" not in low and "<a" not in low and "<meta" not in low:
        return False
    where = f"{path}, a template of every page," if kind == "template" else path
    _page_scripts(a, text, node)
    urls = [m.group(1) for m in _SCRIPT_SRC.finditer(text)] + [m.group(1) for m in _SCRIPT_LOADED.finditer(text)]
    for url in urls[:32]:
        host = url_host(url)
        if host and stranger_sink(host):
            a.block("exfiltration", f"what is written to {where} loads a script from {host}, a bare address or a "
                                    "drop-box host, into the site's pages: whoever serves it runs code in every "
                                    "visitor's page and reads what they type there", node)
            return True
    sink, named = _form_hosts(text)
    if sink is not None:
        a.block("exfiltration", f"what is written to {where} puts a script on the site's pages that sends what "
                                f"visitors type into its forms to {sink} (a bare address, a tunnel or drop-box, a "
                                "host named for signing in or imitating the organisation's, or with the passwords "
                                "or the session it reads): a skimmer", node)
        return True
    redirects = kind == "template" and not re.search(r"(?:^|/)404\.[\w.]+$", path.strip().strip("'\""))
    found = scan_markup(_PRIVATE_SRC.sub("localhost", text), named, redirects)
    if found is not None and found[0] == "block":
        a.block("exfiltration", f"what is written to {where} puts {found[1]} on the site's pages. Load scripts from "
                                "the site's own assets or a provider it already uses, and link only what visitors "
                                "see", node)
        return True
    if named:
        a.review("exfiltration", f"what is written to {where} puts a script on the site's pages that sends what "
                                 f"visitors type into its forms to {sorted(named)[0]}: a person should confirm it is "
                                 "a service the site uses (a newsletter, a feedback or contact form)", node)
        return True
    if found is not None and kind == "template":
        a.review("exfiltration", f"what is written to {where} puts {found[1]}. A person should confirm the host is "
                                 "one the site uses", node)
        return True
    return False


# -- a sign-in path served from another host by a web server's rules (session 27) -------------------------------------
# nginx's `location /login { proxy_pass https://… }` (also through an `upstream` block or a `set $var`), Caddy's
# `handle /login* { reverse_proxy https://… }`, Apache's `RewriteRule ^login$ https://… [P]`, `ProxyPass /login
# https://…` and `<Location /login> ProxyPass https://…`: the visitor stays on the site's address while what they
# type to sign in goes to the upstream. A local upstream (`127.0.0.1:8080`, `http://app`, `oauth2-proxy:4180`), the
# organisation's own hosts and its identity provider are how sign-in is served; a host imitating the organisation's,
# one named only for signing in, or a tunnel or drop-box is not (blocked); a bare public address or another host named
# for signing in is the organisation's or a stranger's, which a person knows (reviewed).
_NGINX_TOKEN = re.compile(r"""(?i)\b(?:location|handle(?:_path)?|route)\s++(?:[=~^*]{1,2}\s*+)?("[^"\n]{0,300}"|"""
                          r"""'[^'\n]{0,300}'|[^\s{;'"]{1,300})\s*+\{|([{}])|\b(?:proxy_pass|reverse_proxy)\s++"""
                          r"""([^\s;{}]{1,400})""")
_APACHE_PROXY = re.compile(r"(?im)^[^\S\n]*+(?:RewriteRule[^\S\n]++(\S{1,400})[^\S\n]++(\S{1,400})[^\S\n]++"
                           r"\[([^\]\n]{0,200})\]|ProxyPass(?:Match)?[^\S\n]++(\S{1,400})(?:[^\S\n]++(\S{1,400}))?|"
                           r"<Location(?:Match)?[^\S\n]++([^>\n]{1,300})>|(</Location))")
# nginx's named upstreams and variables (`upstream sso { server acme-sso-login.com:443; }`, `set $idp https://…;`)
_UPSTREAM = re.compile(r"(?i)\bupstream\s++([\w.-]{1,100})\s*+\{[^}]{0,2000}?\bserver\s++([^\s;]{1,300})")
_SET = re.compile(r"(?i)\bset\s++\$(\w{1,100})\s++[\"']?([^\s;\"']{1,400})")
_REGEX_MARKS = re.compile(r"[()^$|\\?+]")
# the files a web server reads its rules from, in a project or on the machine (`nginx/conf.d/docs.conf`,
# `docker/nginx/default.conf.template`, `apache/docs.conf`, `httpd.conf`, a Caddyfile; any `.conf`, whose text
# says whether it is one)
ALSO_TARGET = r"\.conf(?:\.template)?\b|(?:^|/)Caddyfile\b|\.htaccess\b"
_ALSO_PATH = re.compile(r"(?:^|/)(?:[^/]+\.conf(?:\.template)?|Caddyfile|\.htaccess)$")


def also_judges(path: str) -> bool:
    """Is `path` a web server's rules (which site_content.py reads for redirects, where it reads them), read here for
    proxies too?"""
    return _ALSO_PATH.search(path.strip().strip("'\"")) is not None


def _proxies(text: str) -> list[tuple[str, str]]:
    """(the path a rule applies to, the upstream URL, with a named upstream's or a variable's server put in) of each
    proxying rule in `text`, nginx's, Caddy's or Apache's."""
    out: list[tuple[str, str]] = []
    if "proxy_pass" in text or "reverse_proxy" in text:
        upstreams = {m.group(1).lower(): m.group(2) for m in list(_UPSTREAM.finditer(text[:200_000]))[:64]}
        sets = {m.group(1): m.group(2) for m in list(_SET.finditer(text[:200_000]))[:64]}
        stack: list[str | None] = []
        for m in _NGINX_TOKEN.finditer(text[:200_000]):
            if m.group(1) is not None:
                stack.append(m.group(1).strip("'\""))
            elif m.group(2) == "{":
                stack.append(None)
            elif m.group(2) == "}":
                if stack:
                    stack.pop()
            elif m.group(3) is not None:
                where = next((s for s in reversed(stack) if s is not None), None)
                if where is not None:
                    out.append((where, _upstream(m.group(3), upstreams, sets)))
    if "Rewrite" in text or "ProxyPass" in text:
        inside: str | None = None
        for m in _APACHE_PROXY.finditer(text[:200_000]):
            if m.group(1) is not None:
                flags = {f.strip().upper() for f in m.group(3).split(",")}
                if flags & {"P", "PROXY"}:
                    out.append((m.group(1).strip("'\""), m.group(2).strip("'\"")))
            elif m.group(6) is not None:
                inside = m.group(6).strip().strip("'\"")
            elif m.group(7) is not None:
                inside = None
            elif m.group(5) is not None and "//" in m.group(5):
                out.append((m.group(4).strip("'\""), m.group(5).strip("'\"")))
            elif m.group(4) is not None and "//" in m.group(4) and inside is not None:
                out.append((inside, m.group(4).strip("'\"")))
    return out[:64]


def _upstream(target: str, upstreams: dict, sets: dict) -> str:
    """`target` with a variable set in the same rules (`$idp`) or a named upstream (`https://sso`) replaced by what it
    names."""
    target = target.strip("'\"")
    var = re.match(r"\$\{?(\w+)\}?", target)
    if var is not None and var.group(1) in sets:
        target = sets[var.group(1)] + target[var.end():]
    m = re.match(r"(?i)((?:https?:)?//)([\w-]+)(?=[:/]|$)", target)
    if m is not None and m.group(2).lower() in upstreams:
        server = upstreams[m.group(2).lower()].split("://", 1)[-1]
        target = m.group(1) + server + target[m.end():]
    return target


# hosted identity providers' names (a tenant's host under each): where a site's sign-in is served from by design
# (Auth0's custom-domain proxy, Firebase Auth's `/__/auth/` handler, Clerk's and Cognito's hosted pages)
_IDP_HOSTS = frozenset("""
okta.com oktapreview.com okta-emea.com okta-gov.com auth0.com onelogin.com onmicrosoft.com b2clogin.com ciamlogin.com
microsoftonline.com pingone.com pingidentity.com jumpcloud.com duosecurity.com amazoncognito.com accounts.dev clerk.com
clerk.dev kinde.com fusionauth.io zitadel.cloud stytch.com frontegg.com descope.com propelauth.com workos.com
cloudflareaccess.com firebaseapp.com identitytoolkit.googleapis.com securetoken.googleapis.com accounts.google.com
""".split())


def identity_provider(host: str) -> bool:
    parts = host.lower().rstrip(".").split(".")
    return any(".".join(parts[i:]) in _IDP_HOSTS for i in range(len(parts) - 1))


def signin_served(source: str, host: str, proxied: bool, text: str) -> tuple[str, str] | None:
    """("block" | "review", what the rule does) for a rule sending a sign-in path `source` to `host` (`proxied`:
    served under the site's own address), shared by the web servers' proxies here and site_content.py's redirect
    files: a look-alike or a host named only for signing in (blocked, redirected or proxied), a tunnel or drop-box
    proxied (blocked), a bare public address or another host named for signing in proxied (reviewed: the
    organisation's backend as often as a stranger's). An identity provider's host is how sign-in is served."""
    from .hosts import public_ip
    from .scraping_tables import stranger_sink

    if LOGIN_PATH.search(source) is None or identity_provider(host):
        return None
    why = login_sent(source, host, proxied, text)
    if why is not None:
        return "block", why
    if not proxied:
        return None
    if stranger_sink(host) and not public_ip(host):
        return "block", (f"serves {source} from {host}, a tunnel or drop-box host, under the site's own address: "
                         "what people type to sign in goes there")
    if public_ip(host) or signin_word(host):
        return "review", (f"serves {source} from {host} under the site's own address: what people type to sign in "
                          "goes there")
    return None


def proxied_signin(path: str, text: str, whole: str = "") -> tuple[str, str] | None:
    """("block" | "review", why) for a sign-in path the rules in `text` (written to `path`) serve from another
    host; None when none does. `whole`, the whole input, names the organisation's hosts."""
    from .hosts import loopback, url_host

    for source, target in _proxies(text):
        where = "/" + _REGEX_MARKS.sub("/", source).lstrip("/")
        host = url_host(target.strip("'\"")) if "//" in target else None
        # (an upstream block's name, a container's service name, a variable: the site's own backend)
        if not host or "$" in host or "." not in host or loopback(host):
            continue
        found = signin_served(where, host, True, whole or text)
        if found is not None and found[0] == "block":
            return "block", (f"a rule written to {path} {found[1]}; keep sign-in on the site's own backend or its "
                             "identity provider")
        if found is not None:
            return "review", (f"a rule written to {path} {found[1]}; a person should confirm it is the "
                              "organisation's backend or identity provider")
    return None


def judge_also(a, path: str, text: str, node) -> bool:
    """server_config.py's second reader of a web server's rules (site_content.py reads their redirects)."""
    if not also_judges(path) or "proxy_pass" not in text and "[" not in text and "ProxyPass" not in text and \
            "reverse_proxy" not in text:
        return False
    from .per_input import decoded

    # (the whole input may name the organisation's own hosts: a look-alike is told by them)
    doc = getattr(a, "doc", None)
    found = proxied_signin(path, text, decoded(doc.data) if doc is not None else text)
    if found is None:
        return False
    (a.block if found[0] == "block" else a.review)("exfiltration", found[1], node)
    return True


# -- what code writes into a published folder (session 27) -------------------------------------------------------------
# a file's text read by code: `Path(".env.production").read_text()`, `open(".env").read()`,
# `fs.readFileSync(".env.local")`, `await readFile(".env", "utf8")`
_FILE_READ = re.compile(r"""\b(?:open|Path|PurePath|readFileSync|readFile|readTextFile|readTextFileSync|file)\s*\(\s*"""
                        r"""[rbfu]{0,2}(["'`])([^"'`\n]{1,300})\1""")
def secret_read(text: str) -> str | None:
    """The file of secrets (`.env.production`, a key) whose text `text` (code) reads, or None."""
    from . import paths

    for m in list(_FILE_READ.finditer(text[:20_000]))[:16]:
        p = m.group(2)
        if paths.dotenv_file(p) or paths.is_secret(p):
            return p
    return None


def published_write(path: str | None, read: str | None, content: str, text: str, env: bool) -> str | None:
    """Why code writing a value to `path` publishes secrets: the file of secrets it reads (`read`, the languages'
    readers' finding, else what `content`, its source with what its names were given, reads), or (`env`: they judge
    the value written) the whole environment; None otherwise. `text` is the whole code."""
    from .bash.docsites import published

    if not path or not published(path, text):
        return None
    src = read or secret_read(content)
    if src is not None:
        return (f"writes the text of {src}, a file of secrets, to {path}, a folder the site publishes as it is: "
                "every key in it can be fetched from the deployed site by anyone; give the build the values it needs "
                "through the host's environment settings")
    if env:
        return (f"writes the whole environment, every key and token the process holds, to {path}, a folder the site "
                "publishes as it is: anyone can fetch it from the deployed site; publish only values meant to be "
                "public")
    return None
