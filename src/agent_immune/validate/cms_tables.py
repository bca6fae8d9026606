"""What the shell, Python and TypeScript rules of content sites and CMSs (bash/python/js cms.py) read alike
(session 24).

A content site is taken over through what its administrators may already do: an administrator account for someone
else (wp-cli, drush, the REST API, a row written straight into the database), the site's admin address changed to an
outsider's (password resets go there), code from an outside host installed or run inside the site, a script added to
the code every page serves (a header option, Ghost's code injection), every content change (and the token that signs
it) sent to an outside webhook. Whose an address or host is, is read as shops.py and cloud_admin.py read it: the site
the input names (`--url=`, a REST base, a drush alias) gives the organisation's words; an address on another domain is
an outsider's; an address reserved for examples or local use is a dev site's. The tables of what is destroyed with no
undo (a multisite's sub-site, a database, a Contentful environment, a Sanity dataset) are here too.
"""
from __future__ import annotations

import re

from .host_kinds import FREE_HOSTS
from .hosts import registry_domain

# -- whose a site, an address or a host is ---------------------------------------------------------------------------
_URL_HOST = re.compile(r"(?i)\bhttps?://(?:[^/\s\"'@<>`]*@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_SITE_OPTION = re.compile(r"""(?:^|\s)--(?:url|uri|domain|ssh|http|site-url|admin_url)[=\s]["']?([^\s"'&;|]+)""")
_ALIAS = re.compile(r"(?:^|\s)@([A-Za-z][\w-]*(?:\.[\w-]+)*)(?=\s)")


def site_words(text: str, skip: tuple[str, ...] = ()) -> set[str]:
    """The organisation words of the sites `text` names (URLs, `--url=`/`--uri=`/`--domain=`/`--ssh=`, a drush or
    wp-cli alias `@acme.prod`), leaving out `skip` (the address or URL being judged)."""
    from .cloud_admin import org_words
    from .mail_tables import PROVIDERS

    for s in skip:
        if s:
            text = text.replace(s, " ")
    hosts = [m.group(1) for m in _URL_HOST.finditer(text)] + \
        [m.group(1).split("://")[-1].split("/")[0].rsplit("@", 1)[-1] for m in _SITE_OPTION.finditer(text)]
    words: set[str] = set()
    for h in hosts:
        h = h.lower().split(":")[0]
        if any(h == p or h.endswith("." + p) for p in PROVIDERS | _SERVICE_HOSTS) or registry_domain(h):
            continue
        words |= org_words(h)
    for m in _ALIAS.finditer(text):
        words |= org_words(m.group(1))
    return words - {"local", "localhost", "lndo", "ddev", "example"}


def outsider(email: str | None, words: set[str]) -> str | None:
    """The domain that makes `email` an outsider's to the site whose organisation `words` names, or None (its own, a
    dev site's, not known)."""
    from .cloud_admin import stranger

    if not email or "@" not in email or not words:
        return None
    return stranger(email, words)


def reserved_address(email: str | None) -> bool:
    """An address on a domain reserved for examples or local use (a dev site's)."""
    from .cloud_admin import _own_domain

    return bool(email) and "@" in email and _own_domain(email.rsplit("@", 1)[1].strip("'\">").lower())


# hosts of the services a site's tools are run against (their URLs name no organisation). (Not host_kinds.FREE_HOSTS
# whole: a Ghost or Strapi site at `acme-blog.onrender.com` is named by its first label, which this skip would lose.)
_SERVICE_HOSTS = frozenset({"wordpress.org", "wp.com", "wordpress.com", "github.com", "githubusercontent.com",
                            "gitlab.com", "contentful.com", "ctfassets.net", "sanity.io", "netlify.com", "netlify.app",
                            "vercel.com", "vercel.app", "pages.dev", "cloudflare.com", "ghost.io", "drupal.org",
                            "packagist.org", "wpackagist.org", "npmjs.com", "strapi.io", "directus.io"})
# (and the npm registry's domain: hosts.registry_domain)

# where WordPress plugins and themes come from: the directory, its CDN, the code hosts and their release files
PLUGIN_HOSTS = frozenset({"wordpress.org", "downloads.wordpress.org", "wp.com", "wordpress.com", "github.com",
                          "codeload.github.com", "objects.githubusercontent.com", "gitlab.com", "bitbucket.org",
                          "wpackagist.org", "woocommerce.com", "automattic.com", "wpengine.com"})


def known_plugin_host(host: str, words: set[str]) -> bool:
    h = host.lower().rstrip(".")
    parts = h.split(".")
    if any(".".join(parts[i:]) in PLUGIN_HOSTS for i in range(len(parts) - 1)):
        return True
    return bool(words) and any(w in h for w in words)


# -- administrator accounts written straight into a site's database ------------------------------------------------
# A table name with the site's prefix computed (`${p}usermeta`, `{prefix}usermeta`, `$(wp db prefix)usermeta`):
# the prefix is read as WordPress's default so the tables are known by their names.
_PREFIX = re.compile(r"\$\{\w+\}(?=\w)|\$\w+(?=usermeta|users|options)|\$\([^()]*\)(?=\w)|\{\w*\}(?=\w)")
# Strapi's administrators (`admin_users`, v3's `strapi_administrator`: every row an administrator of the admin
# panel), Drupal's role rows (`user__roles`, 7's `users_roles`) giving the administrator role
_CMS_ADMIN = re.compile(r"(?is)\b(?:insert|replace)\s+(?:ignore\s+)?into\s+[`\"]?(admin_users|strapi_administrator|"
                        r"user__roles|users_roles)\b")
_SQL_EMAIL = re.compile(r"""['"]([^'"\s@]+@[^'"\s@]+\.[a-z]{2,})['"]""", re.I)
ADMIN_HINT = re.compile(r"(?i)usermeta|admin_user|strapi_administrator|users?_+roles")


def unprefixed(statement: str) -> str:
    return _PREFIX.sub("wp_", statement) if "$" in statement or "{" in statement else statement


def admin_sql(statement: str, call: str, code: str, words: set[str] = frozenset()) -> tuple[str, str] | None:  # type: ignore[assignment]
    """(verdict, message) for SQL that makes a site's administrator (WordPress's capability row, Magento's, Strapi's
    and Drupal's), read with the `call` running it (bound values) and the whole `code` (the account's address); None
    when it makes none, or only for an example or local address."""
    from . import shops

    statement, call = unprefixed(statement), unprefixed(call)
    found = shops.site_admin(statement, call, code)
    if found is not None:
        return found
    m = _CMS_ADMIN.search(statement)
    if m is None:
        return None
    table = m.group(1).lower()
    if table.endswith("roles") and "administrator" not in call.lower():
        return None
    email = _SQL_EMAIL.search(call) or _SQL_EMAIL.search(code)
    addr = email.group(1) if email else None
    got = shops.admin_account(addr, words, addr is not None)
    if got is None:
        return None
    return got[0], f"the SQL makes {got[1]}; {shops.ADMIN_FIX}"


# -- code every page serves, set in the site's settings ------------------------------------------------------------
# markup that loads, runs or sends somewhere (what site_content.injected_markup reads)
_MARKUP = re.compile(r"(?i)<\s*(?:script|iframe|a\s|meta\s|link\s|object|embed|form)|http-equiv|window\.location|"
                     r"document\.(?:write|createElement|location)|\.src\s*=")
# a settings table's row written: WordPress's `wp_options`, Ghost's `settings`, Drupal's `config`, Magento's
# `core_config_data`, Joomla's `extensions` params
_SETTINGS_SQL = re.compile(r"(?is)\b(?:update\s+[`\"]?\w*(?:options|settings|config|core_config_data|variable)\b|"
                           r"(?:insert|replace)\s+(?:ignore\s+)?into\s+[`\"]?\w*(?:options|settings|config|"
                           r"core_config_data|variable)\b)")
# (a string opens at a quote that is not escaped: tried from every `\'` of `'\'\'…` with no end, each ran to the end
# of the text, quadratic)
_SQL_STRING = re.compile(r"(?<!\\)'((?:[^'\\]|\\.|'')*)'|(?<!\\)\"((?:[^\"\\]|\\.)*)\"", re.S)
# the settings known to be printed in every page's head or foot (Ghost's code injection, WPCode / Insert Headers and
# Footers, Head & Footer Code, the theme customizer's extra code); any other holding markup is read the same way
HEADER_KEYS = re.compile(r"(?i)codeinjection_(?:head|foot)|ihaf_insert_(?:header|body|footer)|auhfc_|"
                         r"(?:header|footer|head|body)[_-]?(?:scripts?|code|html|tags)|insert_(?:header|footer)|"
                         r"custom_(?:js|html|head)")


def markup(text: str | None) -> bool:
    return bool(text) and _MARKUP.search(text) is not None  # type: ignore[arg-type]


def injected(text: str) -> str | None:
    """site_content.injected_markup of `text` (what it sends visitors or their typing to an outsider), or None."""
    if not markup(text):
        return None
    from . import site_content

    return site_content.injected_markup(text)


# a string literal of Python or TypeScript code (quotes only opened where not escaped, so an unclosed run stays linear)
_CODE_STRING = {"python": re.compile(r"""(?s)(?<!\\)(["'])(.*?)(?<!\\)\1"""),
                "typescript": re.compile(r"""(?s)(?<!\\)(["'`])(.*?)(?<!\\)\1""")}


def code_strings(text: str, lang: str):
    """The contents of the string literals of `text`, code in `lang` (`python` or `typescript`)."""
    return (m.group(2) for m in _CODE_STRING[lang].finditer(text))


def code_injected(text: str, lang: str) -> str | None:
    """injected() of the first string literal of the code `text` that sends visitors to an outsider, or None: Ghost's
    `codeinjection_head` sent through its Admin API, a post's content sent through WordPress's REST API."""
    return next((found for v in code_strings(text, lang) if (found := injected(v))), None)


def settings_sql(statement: str) -> str | None:
    """What a statement that writes a site's settings row puts on every page, when it sends visitors to an outsider
    (site_content.injected_markup of its string values), or None."""
    if not markup(statement) or _SETTINGS_SQL.search(statement) is None:
        return None
    values = [a or b for a, b in _SQL_STRING.findall(statement)]
    for v in values:
        v = v.replace("\\\"", "\"").replace("\\'", "'").replace("''", "'")
        found = injected(v)
        if found:
            return found
    return None


def served_message(shown: str, what: str, setting: str | None = None) -> str:
    where = f"the site's `{setting}` setting" if setting else "a setting the site prints on its pages"
    return (f"`{shown}` writes into {where}: {what}. It is live on every page at once, for every visitor; load "
            "scripts only from the site's own assets or a provider it already uses, and let a person add them")


# -- webhooks: every content change sent somewhere ---------------------------------------------------------------
# the services a CMS's webhooks ordinarily call: build and deploy hooks, search indexes, the CMS vendors' own apps, the
# clouds' and the free app hosts' functions (the site's own, as likely as anyone's)
HOOK_HOSTS = frozenset({"api.netlify.com", "netlify.com", "api.vercel.com", "vercel.com", "pages.cloudflare.com",
                        "api.cloudflare.com", "algolia.net", "algolianet.com", "algolia.io", "typesense.net",
                        "meilisearch.com", "contentful.com", "ctfassets.net", "sanity.io", "zapier.com",
                        "hooks.slack.com", "slack.com", "discord.com", "gatsbyjs.com", "gatsbyjs.io", "github.com",
                        "api.github.com", "gitlab.com", "bitbucket.org", "amplifyapp.com", "amazonaws.com",
                        "azurewebsites.net", "cloudfunctions.net", "run.app", "render.com"}) | frozenset(FREE_HOSTS)
_SECRETISH = re.compile(r"(?i)(?:token|secret|key|password|passwd|auth)")


def hook_host_known(host: str, words: set[str]) -> bool:
    from .hosts import loopback

    h = host.lower().rstrip(".")
    if loopback(h) or "$" in h or "{" in h:
        return True
    from .cloud_admin import _own_domain

    if _own_domain(h):
        return True
    parts = h.split(".")
    if any(".".join(parts[i:]) in HOOK_HOSTS for i in range(len(parts) - 1)):
        return True
    return bool(words) and any(w in h for w in words)


def hook_finding(shown: str, url: str | None, headers: str, words: set[str]) -> tuple[str, str, str] | None:
    """(verdict, rule, message) of a webhook a CMS is given: one whose headers carry a secret of the environment to
    a host that is not a known receiver nor the site's own: blocked; one to a host named as the organisation's
    stranger: blocked; another unknown host: reviewed."""
    from .hosts import url_host

    host = url_host(url) if url else None
    if not host or hook_host_known(host, words):
        return None
    if _SECRETISH.search(headers):
        return ("block", "exfiltration",
                f"`{shown}` adds a webhook to {host} whose every call carries a credential of this code's "
                "environment in its headers, with every content change: whoever runs that host gets the token and "
                "the content. Point webhooks at the site's own services and leave tokens out of their headers")
    return ("review", "exfiltration",
            f"`{shown}` adds a webhook that sends every content change to {host}, a host that is neither a known "
            "build, search or deploy service nor the site's own; a person should confirm it is the organisation's")


# -- what a CMS loses with no undo ----------------------------------------------------------------------------------
def throwaway(name: str | None) -> bool:
    """A resource named as a test, CI or preview copy (`ci-1234`, `pr-12`, `test`, `e2e`, `tmp-…`)."""
    from . import sql

    return bool(name) and (sql.throwaway_name(name) or re.match(r"(?i)(?:ci|pr|tmp|temp|scratch)[-_]?\d*(?:[-_]|$)",
                                                                 name or "") is not None)


def lost_message(shown: str, what: str, instead: str) -> str:
    return f"`{shown}` deletes {what}, with no undo; {instead}"
