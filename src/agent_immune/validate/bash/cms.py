"""Content sites and CMSs administered from the shell: WordPress (wp-cli, REST), Drupal (drush), Ghost, Strapi, Directus, Contentful, Sanity, Netlify/Vercel/Cloudflare Pages (session 24).

What a site's own tools let an agent do to the site as a whole (the tables: validate/cms_tables.py; the shop's side,
security plugins turned off through wp-cli and PHP run by `wp eval`: bash/shops.py):

- an administrator for an outsider: `wp user create … --role=administrator` for an address whose domain has nothing to
  do with the site the input names anywhere (`wp core install --url=…`, `--admin_email=…`), or with the password set
  and no mail sent (`wp user create` sends none unless `--send-email`); `drush user:create --mail=…` then
  `user:role:add administrator`; an administrator row written by `wp db query` (prefix computed: `${p}usermeta`), or
  Strapi's and Drupal's by any SQL client: blocked; with nothing to tell whose the address is, reviewed;
- the site's admin address, or an administrator's, changed to an outsider's (`wp option update admin_email`, `wp user
  update 1 --user_email=… --skip-email`): blocked; to an address of the site's own or a dev one: allowed;
- a plugin or theme installed from a URL that is neither the WordPress directory, a code host nor the site's own:
  blocked when activated at once (`--activate`), reviewed otherwise; `wp eval-file` of a file this input downloaded:
  blocked as downloaded code run;
- a security plugin turned off by its files (its folder renamed or removed, the firewall's `auto_prepend_file`
  bootstrap taken out): blocked;
- markup every page serves written into the site's settings (`wp option update ihaf_insert_header '<script…'`, an SQL
  `UPDATE settings … codeinjection_head`): blocked when site_content.injected_markup says it sends visitors to an
  outsider;
- what has no undo: `wp site delete` (a sub-site's tables and uploads), `drush sql:drop`, `ghost uninstall`, `strapi
  import` (wipes the content first), `strapi transfer --to`, `contentful space [environment] delete`, `sanity dataset
  delete`: reviewed `irreversible`, unless the input says the site is a local one or the resource a throwaway copy.
"""
from __future__ import annotations

import re

from .. import cms_tables as ct
from .. import shops
from .commands import Cmd, has_flag, option_value, positionals
from .common import mentions
from .words import Word, file_key

RULE = "irreversible"


def _doc_text(a) -> str:
    return a.doc.data.decode("utf-8", "replace")


def _vals(words: list[Word]) -> list[str]:
    return [w.value if w.value is not None else w.text for w in words]


def _local(cmd: Cmd) -> bool:
    """The command's own site is this machine's or a dev one (`--url=http://localhost:8080`, `@local`, `*.test`)."""
    from ..hosts import loopback, url_host
    from .admin import dev_name

    for w in cmd.args:
        v = w.value or ""
        if v.startswith("@") and v[1:].lower() in ("local", "dev", "self", "docker", "lando", "ddev"):
            return True
        key, eq, val = v.partition("=")
        if eq and key in ("--url", "--uri", "-l", "--http"):
            host = (url_host(val) if "://" in val else val.split("/")[0]) or ""
            host = host.split(":")[0]
            if host and (loopback(host) or dev_name(host) or host.endswith((".lndo.site", ".ddev.site"))):
                return True
    return False


_LOCAL_SITE = re.compile(r"(?i)--(?:url|uri)=[\"']?(?:https?://)?(?:localhost|127\.0\.0\.1|[\w.-]+\.(?:local|test|localhost|"
                         r"lndo\.site|ddev\.site))\b|\bwp-env\b|\blando\b|\bddev\b")


def _local_input(a) -> bool:
    """The input sets up or works on a dev site of this machine (`wp core install --url=http://acme.local`, wp-env,
    Lando, DDEV): an account made there with a password of its own is the everyday dev loop."""
    return _LOCAL_SITE.search(_doc_text(a)) is not None


def _admin_finding(a, shown: str, email: str | None, hidden: bool, node, cmd: Cmd) -> None:
    """An administrator made for `email`: blocked for an outsider of the site the input names, or hidden (the
    password set, no mail sent) for an address that is not a dev one; reviewed by bash/shops.py otherwise."""
    if email is None or "@" not in email or ct.reserved_address(email):
        return
    domain = email.rsplit("@", 1)[1]
    who = ct.outsider(email, ct.site_words(_doc_text(a), skip=(email, domain)))
    if who is not None:
        a.block("privilege-escalation", f"`{shown}` makes an administrator account for {email}, on {who}, a domain that "
                                        "has nothing to do with the site this input works on: whoever holds that "
                                        "address controls the site (its users, content, plugins and so its code) and "
                                        f"keeps a way in; {shops.ADMIN_FIX}", node)
    elif hidden and not _local(cmd) and not _local_input(a):
        a.block("privilege-escalation", f"`{shown}` makes an administrator account for {email} whose password this "
                                        "command sets and whose owner is sent no mail: an account known only to "
                                        f"whoever wrote the command; {shops.ADMIN_FIX}", node)


# -- WP-CLI -----------------------------------------------------------------------------------------------------------
_ADMIN_USERS = frozenset({"1", "admin", "administrator"})


def _wp(a, cmd: Cmd) -> None:
    words = [w for w in cmd.args if w.value is None or w.value == "-" or not w.value.startswith("-")]
    if words and (words[0].value or "").startswith("@"):
        words = words[1:]
    vals = _vals(words)
    verb = tuple(vals[:2])
    if verb == ("user", "create"):
        roles = [w.value for w in option_value(cmd.args, "--role")]
        if any((r or "").lower() in shops.ADMIN_ROLES for r in roles):
            email = vals[3] if len(vals) > 3 else next((w.value for w in option_value(cmd.args, "--user_email")), None)
            hidden = bool(option_value(cmd.args, "--user_pass")) and not has_flag(cmd.args, long=("--send-email",))
            _admin_finding(a, "wp user create", email, hidden, words[1].node, cmd)
    elif verb == ("user", "update"):
        _wp_user_email(a, cmd, words)
    elif verb[:1] == ("option",) and verb[1:] and verb[1] in ("update", "add", "patch", "set"):
        _wp_option(a, cmd, words)
    elif verb[:1] in (("plugin",), ("theme",)) and verb[1:] == ("install",):
        _wp_install(a, cmd, words)
    elif verb[:1] == ("eval-file",) and len(words) > 1:
        _wp_eval_downloaded(a, words[1])
    elif verb == ("db", "query") and len(words) > 2:
        _sql(a, "wp db query", words[2], wp=True)
    elif verb == ("site", "delete"):
        from .history import _wp_remote

        if has_flag(cmd.args, long=("--keep-tables",)) or _local(cmd) or _wp_remote(cmd) is not None:
            return  # (a site reached elsewhere: history.py's)
        a.review(RULE, ct.lost_message("wp site delete", "the multisite network's sub-site: its tables and its "
                                       "uploads folder are dropped", "export it first (`wp db export --tables=…`, a "
                                       "copy of its uploads) and let the network's owner delete it, or archive it "
                                       "(`wp site archive`)"), cmd.node)


def _wp_user_email(a, cmd: Cmd, words: list[Word]) -> None:
    """`wp user update 1 --user_email=X --skip-email`: an administrator's address changed (password resets go there),
    the old owner not told."""
    new = next((w.value for w in option_value(cmd.args, "--user_email")), None)
    if not new or "@" not in new or ct.reserved_address(new):
        return
    users = [w.value or "" for w in words[2:]]
    text = _doc_text(a)
    roles = [w.value for w in option_value(cmd.args, "--role")]
    admin = any(u.lower() in _ADMIN_USERS for u in users) or any((r or "").lower() in shops.ADMIN_ROLES
                                                                  for r in roles)
    if not admin:
        return
    domain = new.rsplit("@", 1)[1]
    who = ct.outsider(new, ct.site_words(text, skip=(new, domain)))
    if who is not None or has_flag(cmd.args, long=("--skip-email",)):
        why = f"{who}, a domain that has nothing to do with the site" if who else \
            "and `--skip-email` keeps the account's owner from being told"
        a.block("privilege-escalation", f"`wp user update` changes the site administrator's address to {new}, {why}: "
                                        "password resets then go there, and whoever holds it takes the account over. "
                                        "Leave administrators' addresses to their owners (the profile screen, which "
                                        "confirms the change by mail)", words[1].node)


def _wp_option(a, cmd: Cmd, words: list[Word]) -> None:
    vals = _vals(words)
    at = 3 if vals[1] == "patch" else 2  # `wp option patch update KEY PATH VALUE`
    key = vals[at] if len(vals) > at else ""
    value_w = words[-1] if len(words) > at + 1 else None
    if value_w is None:
        return
    value = value_w.value if value_w.value is not None else value_w.text
    if key in ("admin_email", "new_admin_email") and "@" in value and not ct.reserved_address(value):
        domain = value.rsplit("@", 1)[1]
        who = ct.outsider(value, ct.site_words(_doc_text(a), skip=(value, domain)))
        shown = f"wp option {vals[1]} {key}"
        if who is not None:
            a.block("privilege-escalation", f"`{shown}` makes {value}, on {who}, a domain that has nothing to do with "
                                            "the site, its administration address: password resets and the site's "
                                            "notices go there. Leave it to the site's owner (Settings > General, "
                                            "which confirms the new address by mail)", value_w.node)
        else:
            a.review("privilege-escalation", f"`{shown}` makes {value} the site's administration address (password "
                                             "resets and notices go there) without the confirmation mail the admin "
                                             "screen sends; a person should confirm the address is the site's own",
                     value_w.node)
        return
    found = ct.injected(value)
    if found:
        a.block("exfiltration", ct.served_message(f"wp option {vals[1]} {key}", found, key), value_w.node)


def _wp_install(a, cmd: Cmd, words: list[Word]) -> None:
    """`wp plugin install https://…/x.zip --activate`: code from that host runs inside the site (its database, its
    keys, every visitor's page)."""
    from ..hosts import ip_literal, public_ip, url_host

    kind = words[0].value
    for w in words[2:]:
        v = w.value or ""
        if not v.lower().startswith(("http://", "https://", "ftp://")):
            continue
        host = (url_host(v) or "").lower()
        if not host or "$" in host:
            continue
        words_ = ct.site_words(_doc_text(a), skip=(v,))
        if ct.known_plugin_host(host, words_) and not v.lower().startswith("http://"):
            continue
        live = has_flag(cmd.args, long=("--activate", "--activate-network"))
        bare = ip_literal(host) and public_ip(host)
        what = (f"`wp {kind} install` installs {v[:100]}, a {kind} from {host}, which is neither the WordPress "
                f"directory, a code host nor the site's own: its PHP runs inside the site with the site's database "
                "and keys")
        if live or bare or v.lower().startswith("http://"):
            a.block("download-exec", f"{what}, and {'is activated at once' if live else 'anyone on the way can swap it'}"
                                     f". Install {kind}s from the directory by their slug (`wp {kind} install NAME`) or "
                                     "from a zip in the project a person has checked", w.node)
        else:
            a.review("download-exec", f"{what}; a person should check the file before it is activated", w.node)
        return


def _wp_eval_downloaded(a, w: Word) -> None:
    """`curl -o /tmp/x.php URL && wp eval-file /tmp/x.php`: downloaded PHP run with WordPress loaded."""
    if not a.downloaded:
        return
    from .exec import CHECKSUM, _unchecked_run

    key = file_key(w)
    kind = a.downloaded.get(key) if key is not None else None
    if kind == "download" and a.downloaded.vouched.get(key) != CHECKSUM:
        _unchecked_run(a, a.downloaded.vouched.get(key), w.node,
                       f"`wp eval-file {w.value or w.text}` runs PHP downloaded earlier in this script inside "
                       "WordPress (its database, its keys, its users)")
    elif kind == "decode":
        a.block("decode-exec", f"`wp eval-file {w.value or w.text}` runs PHP decoded from an encoded payload earlier "
                               "in this script inside WordPress", w.node)


# -- SQL run against a site's database ---------------------------------------------------------------------------
def _sql(a, shown: str, w: Word, wp: bool = False, node=None) -> None:
    text = w.value if w.value is not None else w.text
    node = node if node is not None else w.node
    _sql_text(a, shown, text, node, wp)


def _sql_text(a, shown: str, text: str, node, wp: bool) -> None:
    doc = _doc_text(a)
    if wp or ct.ADMIN_HINT.search(text):
        admin = ct.admin_sql(text, text, doc)
        # (WordPress's and Magento's tables run by a SQL client are datastores.py's)
        if admin is not None and (wp or shops.site_admin(text, text, doc) is None):
            (a.block if admin[0] == "block" else a.review)("privilege-escalation", f"`{shown}`: {admin[1]}", node)
            return
    found = ct.settings_sql(text)
    if found:
        a.block("exfiltration", ct.served_message(shown, found), node)


def _sql_client(a, cmd: Cmd) -> None:
    """`mysql … -e "UPDATE settings SET value='<script…>' WHERE key='codeinjection_head'"`, a Strapi administrator
    inserted by any SQL client."""
    from .datastores import _client_sql

    for text, node in _client_sql(a, cmd):
        _sql_text(a, cmd.name, text, node, False)


# -- the site's files: a security plugin turned off -------------------------------------------------------------------
_PLUGIN_DIR = re.compile(r"(?:^|/)wp-content/(?:mu-)?plugins/([^/]+)/?$")
_WAF_FILES = re.compile(r"(?:^|/)(?:wordfence-waf|ninjafirewall|\.?sucuri[\w-]*|aios-bootstrap|bbq-waf|"
                        r"wp-cerber-?\w*)\.php$")


def _security_target(path: str | None) -> str | None:
    if not path:
        return None
    p = path.rstrip("/")
    m = _PLUGIN_DIR.search(p)
    if m is not None and m.group(1).lower() in shops.SECURITY_PLUGINS:
        return m.group(1)
    if _WAF_FILES.search(p):
        return f"firewall ({p.rsplit('/', 1)[-1]}, its bootstrap)"
    return None


def _reinstalled(a, name: str) -> bool:
    """The input puts the plugin back (`unzip wordfence.zip -d wp-content/plugins`, `wp plugin install wordfence`)."""
    doc = _doc_text(a)
    return bool(re.search(r"\bunzip\b|\btar\b|\bwp\s+plugin\s+(?:install|update)\b|\bcomposer\s+(?:require|install|"
                          r"update)\b|\bgit\s+(?:clone|checkout)\b", doc)) and doc.count(name) > 1


def _files_off(a, cmd: Cmd) -> None:
    """`mv wp-content/plugins/wordfence wp-content/plugins/.wordfence-old`, `rm -rf …/plugins/sucuri-scanner`, `rm
    wordfence-waf.php`: the security plugin no longer loads (WordPress skips a plugin whose folder is gone)."""
    args = positionals(cmd.args)
    if cmd.name == "mv":
        if len(args) < 2:
            return
        dest = args[-1].value or ""
        for w in args[:-1]:
            name = _security_target(w.value)
            if name is not None and _security_target(dest) != name and not dest.rstrip("/").endswith("plugins"):
                _plugin_off(a, f"mv {w.value}", name, w.node)
                return
        return
    for w in args:
        name = _security_target(w.value)
        if name is not None and not _reinstalled(a, name):
            _plugin_off(a, f"rm {w.value}", name, w.node)
            return


def _plugin_off(a, shown: str, name: str, node) -> None:
    a.block("permission-tamper", f"`{shown}` turns off the site's security plugin {name} (its firewall, malware "
                                 "scanner, login protection or audit log) by its files, where the admin screen and "
                                 "its log do not show it: attacks on the site then go unblocked and unseen. Leave "
                                 "security plugins to the site's administrators; if one breaks something, report it",
            node)


# sed's commands that take a line out or rewrite it: `/re/d`, `5d`, `s/…/…/`, `/re/c\` (the change command itself: a bare
# `c` matched any letter c, so appending the firewall's bootstrap, `$a auto_prepend_file=…wordfence-waf.php`, was read
# as removing it)
_SED_REMOVES = re.compile(r"/\s*+d\b|s/|(?:/|^\s*+\d++)\s*+c(?![A-Za-z0-9_])|^\s*+\d*+\s*+d")


def _waf_edit(a, cmd: Cmd) -> None:
    """`sed -i '/auto_prepend_file/d' .user.ini .htaccess`: the PHP firewall's bootstrap (Wordfence's, NinjaFirewall's)
    taken out of the site's PHP settings, so it no longer runs before WordPress."""
    vals = [w.value or "" for w in cmd.args]
    if not any(v == "-i" or v.startswith(("-i", "--in-place")) for v in vals):
        return
    if not any("auto_prepend_file" in v and _SED_REMOVES.search(v) for v in vals):
        return
    targets = [v for v in vals if re.search(r"(?:^|/)(?:\.user\.ini|\.htaccess|php\.ini)$", v)]
    if targets:
        _plugin_off(a, f"sed -i … {targets[0]}", "firewall (its `auto_prepend_file` bootstrap)", cmd.node)


# -- Drupal's drush -------------------------------------------------------------------------------------------------
_DRUSH_ARG = frozenset({"-l", "--uri", "--root", "-r", "--mail", "--password", "--name", "--format", "--fields"})


def _drush(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _DRUSH_ARG)
    vals = _vals(pos)
    if vals and vals[0].startswith("@"):
        vals, pos = vals[1:], pos[1:]
    if not vals:
        return
    verb = vals[0]
    if verb in ("user:role:add", "urol", "user-add-role") and len(vals) > 2 and vals[1].lower() == "administrator":
        for user in vals[2:]:
            email = _drush_mail(a, user)
            hidden = email is not None  # (drush user:create sends no mail; its --password is the command's)
            if email is not None:
                _admin_finding(a, f"drush {verb} administrator {user}", email, hidden, pos[0].node, cmd)
            else:
                a.review("privilege-escalation", f"`drush {verb} administrator {user}` makes {user} an administrator "
                                                 "of the site (its users, content, modules and so its code); a person "
                                                 "should confirm whose account it is", pos[0].node)
    elif verb in ("sql:drop", "sql-drop"):
        if _local(cmd) or _alias_throwaway(cmd):
            return
        a.review(RULE, ct.lost_message(f"drush {verb}", "every table of the site's database", "dump it first "
                                       "(`drush sql:dump --result-file=…`) and let the site's owner drop it"), cmd.node)


def _alias_throwaway(cmd: Cmd) -> bool:
    alias = next((w.value[1:] for w in cmd.args if (w.value or "").startswith("@")), None)
    return alias is not None and ct.throwaway(alias.split(".")[-1])


def _drush_mail(a, user: str) -> str | None:
    """The address a `drush user:create USER --mail=…` of this input gives `user`."""
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name != "drush":
            continue
        p = _vals(positionals(c.args, _DRUSH_ARG))
        if p and p[0].startswith("@"):
            p = p[1:]
        if p[:1] and p[0] in ("user:create", "ucrt", "user-create") and p[1:2] == [user]:
            return next((w.value for w in option_value(c.args, "--mail")), None)
    return None


# -- Ghost, Strapi, Contentful, Sanity --------------------------------------------------------------------------------
def _ghost(a, cmd: Cmd) -> None:
    pos = _vals(positionals(cmd.args, frozenset({"-d", "--dir"})))
    if pos[:1] == ["uninstall"]:
        a.review(RULE, ct.lost_message("ghost uninstall", "the Ghost site: its content folder (images, themes) and its "
                                       "database", "export the content first (`ghost backup`) and let the site's owner "
                                       "uninstall it"), cmd.node)


def _strapi_words(a, cmd: Cmd, words: list[Word]) -> None:
    vals = _vals(words)
    if not vals:
        return
    verb = vals[0]
    env = dict((n, w.value) for n, w in cmd.assigns)
    dev = (env.get("NODE_ENV") or "").lower() in ("development", "test")
    if verb == "import" and not dev:
        a.review(RULE, ct.lost_message("strapi import", "every entry, file and setting of the Strapi project's "
                                       "database before it loads the archive", "export the current content first "
                                       "(`strapi export`) and let the project's owner run the import"), cmd.node)
    elif verb == "transfer" and option_value(cmd.args, "--to"):
        a.review(RULE, ct.lost_message("strapi transfer --to", "every entry and file of the destination project "
                                       "before it copies this one's", "export the destination first and let its owner "
                                       "run the transfer"), cmd.node)


def _strapi(a, cmd: Cmd) -> None:
    _strapi_words(a, cmd, positionals(cmd.args, frozenset({"--file", "-f", "--key", "-k", "--to", "--from"})))


def _npm_strapi(a, cmd: Cmd) -> None:
    """`npm run strapi -- import …`, `yarn strapi import …`: the project's own Strapi script."""
    pos = positionals(cmd.args, frozenset({"--file", "-f", "--key", "-k", "--to", "--from", "--prefix", "-w",
                                           "--workspace"}))
    vals = _vals(pos)
    if vals[:1] == ["run"] or vals[:1] == ["run-script"]:
        pos, vals = pos[1:], vals[1:]
    if vals[:1] == ["strapi"]:
        _strapi_words(a, cmd, pos[1:])


def _contentful(a, cmd: Cmd) -> None:
    pos = _vals(positionals(cmd.args, frozenset({"--space-id", "-s", "--environment-id", "-e", "--management-token",
                                                 "--mt", "--source", "--name"})))
    if pos[:3] == ["space", "environment", "delete"]:
        env = next((w.value for w in option_value(cmd.args, "--environment-id", "-e")), None)
        if env is None or not ct.throwaway(env):
            a.review(RULE, ct.lost_message("contentful space environment delete", f"the Contentful environment "
                                           f"{env or ''} with all its entries, assets and content types".replace(
                                               "  ", " "), "export it first (`contentful space export "
                                           "--environment-id …`) and let the space's owner delete it"), cmd.node)
    elif pos[:2] == ["space", "delete"]:
        a.review(RULE, ct.lost_message("contentful space delete", "the Contentful space with every environment, "
                                       "entry and asset", "export it first and let the space's owner delete it"),
                 cmd.node)


def _sanity(a, cmd: Cmd) -> None:
    pos = _vals(positionals(cmd.args, frozenset({"--project", "--dataset"})))
    if pos[:2] == ["dataset", "delete"]:
        name = pos[2] if len(pos) > 2 else None
        if name is None or not ct.throwaway(name):
            a.review(RULE, ct.lost_message("sanity dataset delete", f"the Sanity dataset {name or ''} with all its "
                                           "documents and assets".replace("  ", " "), "export it first (`sanity "
                                           "dataset export`) and let the project's owner delete it"), cmd.node)


HANDLERS: dict = {
    "wp": [_wp], "drush": [_drush], "ghost": [_ghost], "strapi": [_strapi], "contentful": [_contentful],
    "sanity": [_sanity], **{n: [_npm_strapi] for n in ("npm", "yarn", "pnpm")},
    **{n: [_sql_client] for n in ("mysql", "mariadb", "psql")},
    "mv": [_files_off], "rm": [_files_off], "sed": [_waf_edit],
}
# what each handler reads, as the fast path's screens
_WP = mentions("administrator", "super-admin", "option", "install", "eval-file", "query", "site", "user_email")
SCREENS: dict = {
    "wp": _WP,
    "drush": mentions("administrator", "drop"),
    "ghost": mentions("uninstall"),
    "strapi": mentions("import", "transfer"),
    **{n: mentions("strapi") for n in ("npm", "yarn", "pnpm")},
    "contentful": mentions("delete"),
    "sanity": mentions("delete"),
    **{n: lambda text: (ct.ADMIN_HINT.search(text) is not None or "<" in text and ct.markup(text))
       for n in ("mysql", "mariadb", "psql")},
    "mv": mentions("plugins/", "-waf"), "rm": mentions("plugins/", "waf.php", "ninjafirewall", "sucuri", "cerber"),
    "sed": mentions("auto_prepend_file"),
}
