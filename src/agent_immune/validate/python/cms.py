"""Content sites and CMSs administered from Python: WordPress (wp-cli, REST), Drupal (drush), Ghost, Strapi, Directus, Contentful, Sanity, Netlify/Vercel/Cloudflare Pages (session 24).

The tables and whose an address or host is: validate/cms_tables.py. Here:

- a WordPress administrator made through the REST API with the base URL held in a name (`f"{base}/users"`): judged
  as shops.request_finding judges the literal `/wp-json/wp/v2/users` (an outsider's address blocked);
- an administrator row written by SQL the code runs (`cur.execute("INSERT INTO admin_users …")`, Strapi's; WordPress's
  with its prefix computed): blocked unless the address is a dev one;
- markup every page serves written into a settings row (`UPDATE settings SET value='<script…' WHERE
  key='codeinjection_head'`) or sent to Ghost's settings: blocked when site_content.injected_markup says it sends
  visitors to an outsider;
- a post's or page's content sent through the REST API with such markup the code holds (`json={"content": raw +
  snippet}`): blocked;
- a Contentful webhook (`cma.webhooks(space).create({...})`) that carries a token of the environment in its headers
  to a host neither a known build, search or deploy service nor the site's own: blocked; to another unknown host:
  reviewed;
- a Contentful environment or space deleted (`cma.environments(space).find("x").delete()`): reviewed `irreversible`,
  unless it is named as a throwaway copy (`ci-…`, `pr-…`, `test`).
"""
from __future__ import annotations

import functools
import re

from ..per_input import holds
from .. import cms_tables as ct

_REQUESTS = frozenset({"post", "put", "patch"})
_SQL_RUNS = frozenset({"execute", "executemany", "executescript", "exec_driver_sql", "raw", "query"})
_NAMES = _REQUESTS | _SQL_RUNS | {"create", "delete", "edit"}
_URL_KEY = re.compile(r"""["']url["']\s*:\s*f?["']([^"']+)["']""")
_HEADERS_AT = re.compile(r"""["']headers["']\s*:""")
# a value of the environment that is a credential, or a bearer token, in a webhook's headers (the scan stops at the
# next read of the environment, whose own try finds the same name nearer)
_SECRET_HEADER = re.compile(r"(?i)(?:environ|getenv|process\.env|env\()(?:(?!environ|getenv|process\.env|env\()"
                            r"[^\n,}\]]){0,80}?(?:token|secret|key|passw|auth|credential)|bearer\s")

# a string literal, opened by a quote that is not escaped (tried from every `\"` of `"\"\"…` with no end, each try ran
# to the end of the text: quadratic)


@functools.lru_cache(maxsize=4)
def _markup_strings(data: bytes) -> tuple[str, ...]:
    """The string literals of a snippet that hold markup, read once per snippet (every request of it asks)."""
    return tuple(v for v in ct.code_strings(data.decode("utf-8", "replace"), "python") if ct.markup(v))


class Cms:
    def visit_cms(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _REQUESTS:
            if holds(data, b"wp-json") and holds(data, b"/users") and not holds(data, b"wp/v2/users") and meth is not None:
                self._shop_call(q, fn, meth, node, pos)  # (the literal path is http_calls.py's)
            if holds(data, b"codeinjection"):
                self._cms_served(fn, node)
            elif holds(data, b"wp-json") and (holds(data, b"/posts") or holds(data, b"/pages")):
                self._cms_content(fn, node)
        elif name in _SQL_RUNS:
            if pos and meth is not None and (holds(data, b"INSERT") or holds(data, b"insert") or holds(data, b"UPDATE") or
                                             holds(data, b"update")):
                self._cms_sql(fn, node, pos[0])
        elif name == "create":
            if meth is not None and holds(data, b"contentful") and ".webhooks(" in self.src(fn):
                self._cms_webhook(fn, node, pos)
        elif name == "edit":
            if holds(data, b"codeinjection"):
                self._cms_served(fn, node)
        elif name == "delete" and meth is not None and holds(data, b"contentful_management"):
            self._cms_contentful_delete(fn, node)

    def _cms_served(self, fn, node) -> None:
        """Ghost's settings sent with code injection holding markup that sends visitors to an outsider."""
        text = self.src(node)
        if "codeinjection_" not in text:
            return
        found = ct.code_injected(text, "python")
        if found:
            shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else "the request"
            self.block("exfiltration", ct.served_message(shown, found, "codeinjection_head"), node)

    def _cms_content(self, fn, node) -> None:
        """A post's or page's content sent to WordPress's REST API (`json={"content": raw + snippet}`) with markup the
        code holds that sends visitors to an outsider: every reader of those posts loads it."""
        text = self.src(node)
        if not re.search(r"""["']content["']\s*:""", text):
            return
        for value in _markup_strings(self.doc.data):
            found = ct.injected(value)
            if found:
                shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else "the request"
                self.block("exfiltration", ct.served_message(shown, found, "post content"), node)
                return

    def _cms_sql(self, fn, node, stmt) -> None:
        from .. import shops

        text = self.string(stmt)
        if text is None and stmt.type == "identifier":
            made = self.declared(stmt, frozenset({"string", "concatenated_string"}))
            text = self.string(made) if made is not None else None
        if text is None:
            text = self.src(stmt)
        doc = self.doc.data.decode("utf-8", "replace")
        call = self.src(node)
        if ct.ADMIN_HINT.search(text):
            admin = ct.admin_sql(text, call, doc)
            if admin is not None and shops.site_admin(text, call, doc) is None:  # (irreversible.py's otherwise)
                (self.block if admin[0] == "block" else self.review)(
                    "privilege-escalation", f"`{self.src(fn)}`: {admin[1]}", node)
                return
        found = ct.settings_sql(text)
        if found:
            self.block("exfiltration", ct.served_message(self.src(fn), found), node)

    def _cms_webhook(self, fn, node, pos: list) -> None:
        body = pos[-1] if pos else None
        if body is None:
            return
        if body.type == "identifier":
            body = self.declared(body, frozenset({"dictionary"})) or body
        text = self.src(body)
        m = _URL_KEY.search(text)
        if m is None:
            return
        url = m.group(1)
        h = _HEADERS_AT.search(text)
        headers = text[h.end():] if h is not None else ""
        from ..hosts import url_host

        host = url_host(url) or ""
        words = ct.site_words(self.doc.data.decode("utf-8", "replace"), skip=(url, host))
        found = ct.hook_finding(self.src(fn) if fn.end_byte - fn.start_byte <= 60 else "webhooks.create", url,
                                "token" if _SECRET_HEADER.search(headers) else "", words)
        self.report(found, node)

    def _cms_contentful_delete(self, fn, node) -> None:
        """`env.delete()` with `env = cma.environments(space).find("x")`; `cma.spaces().find(id).delete()`."""
        recv = fn.child_by_field_name("object")
        if recv is None:
            return
        made = recv
        if recv.type == "identifier":
            made = self.declared(recv, frozenset({"call"}))
            if made is None:
                return
        text = self.src(made)
        m = re.search(r"\.(environments|spaces)\([^()]*\)\.find\(\s*([^)]*)\)", text)
        if m is None:
            return
        name = self.string(made.child_by_field_name("arguments").named_children[0]) \
            if made.type == "call" and made.child_by_field_name("arguments") is not None and \
            made.child_by_field_name("arguments").named_children else None
        if m.group(1) == "environments":
            if name is not None and ct.throwaway(name):
                return
            what = f"the Contentful environment {name or 'it finds'} with all its entries, assets and content types"
        else:
            what = "the Contentful space with every environment, entry and asset"
        self.review("irreversible", ct.lost_message(self.src(fn), what, "export it first (`contentful space export`) "
                                                    "and let the space's owner delete it"), node)
