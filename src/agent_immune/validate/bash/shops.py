"""An online shop administered from the shell: WP-CLI (`wp`), Magento's `bin/magento`, the Shopify CLI, and the theme
files they serve (the tables and the policy: validate/shops.py).

- `wp user create LOGIN EMAIL --role=administrator` (also `user update --role=`, `user set-role`, `user add-role`,
  `super-admin add`) and `bin/magento admin:user:create --admin-email=…`: an administrator account, reviewed; blocked
  for an address whose domain has nothing to do with the site the command names (`--url`, `--ssh`), or whose password
  the command sets while sending its owner no mail (`--user_pass=… --skip-email`); allowed for an address reserved for
  examples or local use, or on a local site (`--url=http://localhost:8080`);
- `wp plugin deactivate|delete|uninstall` of the shop's firewall, malware scanner, login protection or audit log
  (`wordfence`, `sucuri-scanner` …): blocked (`permission-tamper`);
- `wp eval CODE` / `wp eval-file FILE` / `wp shell`: PHP run inside WordPress, judged as `php -r` is (downloaded,
  decoded or computed code blocked);
- `bin/magento config:set design/head/includes '<script src=…>'` (any configuration value holding a `<script>`): the
  text goes on every page at once, judged by shops.storefront_script (a foreign host's script blocked there);
- a theme file written (`*.liquid`, `*.phtml`, `wp-content/themes/…`, `app/design/…`): a foreign host's script held,
  a form grabber or a bare address's script blocked (check_write); `shopify theme push --live` of a theme file this
  input wrote with a foreign host's script: blocked.
"""
from __future__ import annotations

import re

from .. import shops
from .commands import Cmd, has_flag, option_value
from .common import mentions
from .words import Word

# the files a storefront serves as pages (a theme's templates and layouts)
THEME_TARGET = re.compile(r"\.(?:liquid|phtml)\b|wp-content/(?:themes|mu-plugins)/|app/design/frontend/|"
                          r"view/frontend/(?:templates|layout)/|(?:^|/)(?:layout|templates|sections|snippets)/"
                          r"[\w.-]+\.(?:html|twig|hbs)\b")


def _site_words(urls: list[str]) -> tuple[set[str], bool]:
    """(the organisation words of the sites named, whether a site named is this machine or a dev name)."""
    from ..cloud_admin import org_words
    from ..hosts import loopback, url_host
    from .admin import dev_name

    words: set[str] = set()
    local = False
    for u in urls:
        host = url_host(u.rsplit("@", 1)[-1] if "://" not in u else u) or ""
        host = host.split(":")[0]
        if not host:
            continue
        if loopback(host) or dev_name(host):
            local = True
        words |= org_words(host)
    return words, local


def _admin(a, shown: str, email: str | None, words: set[str], hidden: bool, node) -> None:
    found = shops.admin_account(email, words, hidden)
    if found is None:
        return
    verdict, why = found
    msg = f"`{shown}` makes {why}; {shops.ADMIN_FIX}"
    if verdict == "block":
        a.block("privilege-escalation", msg, node)
    else:
        a.review("privilege-escalation", msg, node)


def _wp(a, cmd: Cmd) -> None:
    words = [w for w in cmd.args if w.value == "-" or not (w.value or "").startswith("-")]
    vals = [w.value for w in words]
    if vals[:1] and (vals[0] or "").startswith("@"):
        words, vals = words[1:], vals[1:]  # `wp @staging user create …`: an alias of the site
    verb = tuple(vals[:2])
    if verb[:1] in (("eval",), ("eval-file",), ("shell",)):
        _wp_code(a, cmd, words)
        return
    # (what `wp` is handed as a program no rule knows would be is judged by bash/history.py's handler of it)
    if verb[:1] == ("user",) and verb[1:] and verb[1] in ("create", "update", "set-role", "add-role"):
        roles = [w.value for w in option_value(cmd.args, "--role")]
        if verb[1] in ("set-role", "add-role"):
            roles += vals[3:4]
        if not any((r or "").lower() in shops.ADMIN_ROLES for r in roles):
            return
        email = vals[3] if verb[1] == "create" and len(vals) > 3 else None
        if verb[1] == "create" and email is None:
            email = next((w.value for w in option_value(cmd.args, "--user_email")), None)
        _wp_admin(a, cmd, f"wp user {verb[1]}", email, words[1])
    elif verb == ("super-admin", "add"):
        _wp_admin(a, cmd, "wp super-admin add", None, words[1])
    elif verb[:1] == ("plugin",) and verb[1:] and verb[1] in ("deactivate", "delete", "uninstall", "toggle"):
        hit = [w for w in words[2:] if (w.value or "").lower() in shops.SECURITY_PLUGINS]
        if hit:
            names = " ".join(w.value for w in hit if w.value)
            a.block("permission-tamper", f"`wp plugin {verb[1]} {names}` turns off the shop's security plugin "
                                         "(its firewall, malware scanner, login protection or audit log): attacks on "
                                         "the shop then go unblocked and unseen. Leave security plugins to the site's "
                                         "administrators; if one breaks something, report it", hit[0].node)


def _wp_admin(a, cmd: Cmd, shown: str, email: str | None, node_word: Word) -> None:
    urls = [w.value for w in option_value(cmd.args, "--url", "--ssh", "--http") if w.value]
    words, local = _site_words(urls)
    if local:
        return  # a dev site on this machine
    hidden = bool(option_value(cmd.args, "--user_pass")) and has_flag(cmd.args, long=("--skip-email",))
    _admin(a, shown, email, words, hidden, node_word.node)


def _wp_code(a, cmd: Cmd, words: list[Word]) -> None:
    """`wp eval CODE`, `wp eval-file FILE|-`, `wp shell`: PHP run with WordPress loaded (its database and keys)."""
    from .exec import _piped_from, _runs_substituted, content_kind, feed, feed_word

    verb = words[0].value
    arg = words[1] if len(words) > 1 else None
    if verb == "eval" and arg is not None:
        if arg.value is None:
            feed_word(a, arg, "`wp eval`", "run by")
        else:
            import shlex

            a.nested("php -r " + shlex.quote(arg.value), "bash", arg.node, None)
        return
    if verb == "eval-file" and arg is not None and arg.value in ("-", "/dev/stdin") or verb == "shell":
        kind = _piped_from(a, cmd.node)
        if kind is not None:
            feed(a, kind, cmd.node, f"`wp {verb}`", "piped into")
        return
    if verb == "eval-file" and arg is not None and arg.value is None and arg.substitutions:
        cmds = a.substituted([arg])
        kind = content_kind(cmds) if cmds else None
        if kind in ("download", "decode"):
            feed(a, kind, arg.node, "`wp eval-file`", "run by")
        return
    _runs_substituted(a, cmd)


# -- Magento -----------------------------------------------------------------------------------------------------------
_MAGENTO_VALUE_OPTS = frozenset({"--scope", "--scope-code", "-s", "-c"})


def _magento(a, cmd: Cmd) -> None:
    _magento_args(a, cmd, cmd.args, "bin/magento")


def _php(a, cmd: Cmd) -> None:
    """`php bin/magento …`: Magento's console run through the interpreter."""
    if cmd.args and (cmd.args[0].value or "").endswith("bin/magento"):
        _magento_args(a, cmd, cmd.args[1:], "php bin/magento")


def _magento_args(a, cmd: Cmd, args: list[Word], shown: str) -> None:
    from .commands import positionals

    pos = positionals(args, _MAGENTO_VALUE_OPTS)
    verb = pos[0].value if pos else None
    if verb == "admin:user:create":
        email = next((w.value for w in option_value(args, "--admin-email")), None)
        _admin(a, f"{shown} admin:user:create", email, set(), False,
               next(iter(option_value(args, "--admin-email")), pos[0]).node)
    elif verb == "config:set" and len(pos) > 2:
        value = pos[2]
        text = value.value if value.value is not None else value.text
        found = shops.storefront_script(text)
        if found is not None:
            path = pos[1].value or pos[1].text
            a.block("exfiltration", f"`{shown} config:set {path}` puts {found[1]} on the live shop's pages at once. "
                                    "Load scripts only from the shop's own assets or a provider it already uses, "
                                    "and let a person add them", value.node)


# -- theme files ---------------------------------------------------------------------------------------------------
def check_write(a, cmd: Cmd) -> None:
    """A theme file written by this command (`cat >> footer.php <<EOF`, `echo … >> layout/theme.liquid`, `tee`)."""
    from .written import _written, content

    if not (cmd.redirects or cmd.name == "tee"):
        return
    targets = [t for t in _written(a, cmd) if THEME_TARGET.search(t)]
    if not targets:
        return
    got = content(a, cmd)
    if got is None:
        return
    found = shops.storefront_script(got[0])
    if found is None:
        return
    if found[0] == "block":
        a.block("exfiltration", f"`{cmd.name}` writes into {targets[0]}, a page template of the shop, {found[1]}. "
                                "Agents must not add such code to a shop", got[1])
    else:
        a.review("exfiltration", f"`{cmd.name}` writes into {targets[0]}, a page template of the shop, {found[1]}. A "
                                 "person should confirm the script's host is one the shop uses", got[1])


def _shopify(a, cmd: Cmd) -> None:
    """`shopify theme push --live` of a theme file this input wrote with a foreign host's script: it is live at once."""
    from .written import _written, content

    vals = [w.value for w in cmd.args]
    if vals[:2] != ["theme", "push"] or not has_flag(cmd.args, "l", ("--live", "--allow-live", "--publish")):
        return
    only = [w.value for w in option_value(cmd.args, "--only", "-o") if w.value]
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.node == cmd.node or not (c.redirects or c.name == "tee"):
            continue
        targets = [t for t in _written(a, c) if THEME_TARGET.search(t)]
        if only:
            from fnmatch import fnmatchcase

            targets = [t for t in targets if any(fnmatchcase(t.removeprefix("./"), o.removeprefix("./")) or
                                                 t.endswith("/" + o) for o in only)]
        if not targets:
            continue
        got = content(a, c)
        found = shops.storefront_script(got[0]) if got is not None else None
        if found is not None:
            a.block("exfiltration", f"`shopify theme push --live` publishes {targets[0]}, which this input wrote with "
                                    f"{found[1]}; it reaches every shopper at once. Push to an unpublished theme "
                                    "and let a person review it", cmd.node)
            return


HANDLERS: dict = {"wp": [_wp], "magento": [_magento], "shopify": [_shopify], "php": [_php],
                  **{n: [check_write] for n in ("cat", "echo", "printf", "tee")}}
# What each handler reads (for fastpath's _merge_screens; `php` is always judged): the administrator roles, plugins,
# PHP run; Magento's admin accounts and configured scripts; a theme pushed live; a theme file written (THEME_TARGET
# names them all, and each holds one of these)
SCREENS: dict = {
    "wp": mentions("administrator", "super-admin", "plugin", "eval", "shell"),
    "magento": mentions("admin:user:create", "script"),
    "shopify": mentions("push"),
    **{n: mentions(".liquid", ".phtml", "wp-content/", "app/design/", "view/frontend/", "layout/", "templates/",
                   "sections/", "snippets/") for n in ("cat", "echo", "printf", "tee")},
}
