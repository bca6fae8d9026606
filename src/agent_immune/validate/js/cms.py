"""Content sites and CMSs administered from TypeScript: WordPress (wp-cli, REST), Drupal (drush), Ghost, Strapi, Directus, Contentful, Sanity, Netlify/Vercel/Cloudflare Pages (session 24).

The tables and whose an address or host is: validate/cms_tables.py. Here:

- a WordPress administrator made through the REST API with the base URL held in a name (`${base}/users`): judged as
  shops.request_finding judges the literal `/wp-json/wp/v2/users` (an outsider's address blocked);
- Ghost's code injection set through the Admin API (`api.settings.edit([{ key: "codeinjection_head", value }])`):
  blocked when site_content.injected_markup says the markup sends visitors to an outsider;
- a Contentful webhook (`space.createWebhook({ url, headers })`) carrying a token of the environment to a host neither
  a known build, search or deploy service nor the site's own: blocked; another unknown host: reviewed;
- a CMS extension's hook on logins (Directus `filter("auth.login", …)`, `action("auth.login", …)`) that sends the
  password it is handed to another host: blocked, every login's credentials leave;
- what is lost with no undo: a Contentful environment or space deleted (`(await space.getEnvironment("x")).delete()`),
  a Sanity dataset (`client.datasets.delete("x")`), a Directus collection or field (`deleteCollection("x")`):
  reviewed `irreversible`, unless named as a throwaway copy.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import cms_tables as ct

_SENDS = frozenset({"post", "put", "patch", "request"})
_NAMES = _SENDS | {"edit", "createWebhook", "createWebhookWithId", "delete", "deleteCollection", "deleteField"}
_HOOK_EVENT = re.compile(r"(?i)auth\.|login|password|users\.(?:create|update)")
_PASSWORD_READ = re.compile(r"(?i)\.\s*(?:password|passwd|pwd)\b|\bpassword\s*[,}]")
# a value of the environment that is a credential, or a bearer token, in a webhook's headers
_SECRET_HEADER = re.compile(r"(?i)(?:process\.env|import\.meta\.env|Deno\.env\.get\(|env\()[^\n,}\]]{0,80}?(?:token|"
                            r"secret|key|passw|auth|credential)|bearer\s")
_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function", "function_declaration"})

# a string literal, opened by a quote that is not escaped (tried from every `\"` of `"\"\"…` with no end, each try ran
# to the end of the text: quadratic)


class Cms:
    def visit_cms(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        if prop is not None and self.src(prop) == "redirect" and (holds(self.doc.data, b"refer") or holds(self.doc.data, b"agent")):
            # a middleware or handler that sends search visitors (or everyone but crawlers) to another site
            from ..site_content import cloaked_redirect

            why = cloaked_redirect(self.doc.data.decode("utf-8", "replace"))
            if why is not None:
                self.block("exfiltration", f"the handler {why}: keep redirects within the site", node)
                return
        name = self.src(prop) if prop is not None else (self.src(fn) if fn.type == "identifier" else None)
        if name is None or name not in _NAMES and name != "fetch":
            return
        data = self.doc.data
        if name == "fetch" or name in _SENDS and prop is not None:
            if holds(data, b"wp-json") and holds(data, b"/users") and not holds(data, b"wp/v2/users"):
                self._cms_wp_users(fn, node, name, args)  # (the literal path is http_calls.py's)
            if holds(data, b"password") and (holds(data, b"filter(") or holds(data, b"action(") or holds(data, b"defineHook")):
                self._cms_login_hook(fn, node, args)
        elif name == "edit":
            if holds(data, b"codeinjection"):
                self._cms_served(fn, node)
        elif name in ("createWebhook", "createWebhookWithId"):
            if holds(data, b"contentful") and args:
                self._cms_webhook(fn, node, args[-1])
        elif name == "delete":
            self._cms_delete(fn, node, args)
        elif name in ("deleteCollection", "deleteField") and prop is None and holds(data, b"@directus/sdk"):
            what = self.string(args[0]) if args else None
            if what is not None and ct.throwaway(what):
                return
            lost = (f"the Directus collection {what or ''}: its table and every item in it" if name ==
                    "deleteCollection" else "the Directus field: its column and the value every item held in it")
            self.review("irreversible", ct.lost_message(name, lost.replace("  ", " "), "export the items first "
                                                        "(`readItems` to a file) and let the project's owner delete it"),
                        node)

    def _cms_wp_users(self, fn, node, name: str, args: list) -> None:
        if not args:
            return
        if name == "fetch":
            opts = args[1] if len(args) > 1 else None
            body = self._opt(opts, "body")
            method = self._http_method(opts)
        else:
            body = args[1] if len(args) > 1 else None
            method = name.upper()
        if body is not None:
            self._shop_request(fn, node, args[0], None, method, body)

    def _cms_login_hook(self, fn, node, args: list) -> None:
        """A request sent from a function registered for a login event, carrying the password it was handed."""
        if not args or _PASSWORD_READ.search(self.src(node)) is None:
            return
        from ..common_code import remote_target

        url = self._url_text(args[0])
        host = remote_target(url) if url is not None else None
        if host is None:
            return
        up = node.parent
        while up is not None:
            if up.type in _FUNCTIONS and up.parent is not None and up.parent.type == "arguments":
                call = up.parent.parent
                first = up.parent.named_children[0] if up.parent.named_children else None
                event = self.string(first) if first is not None and first != up else None
                callee = call.child_by_field_name("function") if call is not None and \
                    call.type == "call_expression" else None
                hook = callee is not None and (self.src(callee) in ("filter", "action") or self.src(callee).endswith(
                    (".filter", ".action")))  # (Directus's registrations; a web route is not a login hook)
                if hook and event and _HOOK_EVENT.search(event):
                    self.block("exfiltration", f"`{self.src(fn)}` in the hook on `{event}` sends the password each "
                                               f"user signs in with to {host or 'a host read from the environment'}:"
                                               " every login's credentials leave the site. A hook on logins may "
                                               "record who signed in, never the password", node)
                    return
            up = up.parent

    def _cms_served(self, fn, node) -> None:
        text = self.src(node)
        if "codeinjection_" not in text:
            return
        found = ct.code_injected(text, "typescript")
        if found:
            self.block("exfiltration", ct.served_message(self.src(fn), found, "codeinjection_head"), node)

    def _cms_webhook(self, fn, node, data) -> None:
        obj = self._object(data)
        if obj is None:
            return
        url = self._opt_text(self._opt(obj, "url"))
        if url is None:
            return
        from ..hosts import url_host

        host = url_host(url) or ""
        headers = self._opt(obj, "headers")
        secret = headers is not None and _SECRET_HEADER.search(self.src(headers)) is not None
        words = ct.site_words(self.doc.data.decode("utf-8", "replace"), skip=(url, host))
        self.report(ct.hook_finding(self.src(fn), url, "token" if secret else "", words), node)

    def _cms_delete(self, fn, node, args: list) -> None:
        data = self.doc.data
        src = self.src(fn)
        if src.endswith(".datasets.delete") and holds(data, b"sanity"):
            name = self.string(args[0]) if args else None
            if name is None or not ct.throwaway(name):
                self.review("irreversible", ct.lost_message(src, f"the Sanity dataset {name or ''} with all its "
                                                            "documents".replace("  ", " "), "export it first (`sanity "
                                                            "dataset export`) and let the project's owner delete it"),
                            node)
            return
        if not holds(data, b"contentful") or fn.type != "member_expression":
            return
        recv = fn.child_by_field_name("object")
        while recv is not None and recv.type in ("parenthesized_expression", "await_expression"):
            recv = recv.named_children[0] if recv.named_children else None
        if recv is not None and recv.type == "identifier":
            recv = self.declared(recv, frozenset({"await_expression", "call_expression"}))
        while recv is not None and recv.type in ("parenthesized_expression", "await_expression"):
            recv = recv.named_children[0] if recv.named_children else None
        if recv is None or recv.type != "call_expression":
            return
        callee = self.src(recv.child_by_field_name("function"))
        given = recv.child_by_field_name("arguments")
        name = self.string(given.named_children[0]) if given is not None and given.named_children else None
        if callee.endswith((".getEnvironment", ".createEnvironmentWithId")):
            if name is not None and ct.throwaway(name):
                return
            what = f"the Contentful environment {name or ''} with all its entries, assets and content types"
        elif callee.endswith(".getSpace"):
            what = "the Contentful space with every environment, entry and asset"
        else:
            return
        self.review("irreversible", ct.lost_message(src, what.replace("  ", " "), "export it first (`contentful space "
                                                    "export`) and let the space's owner delete it"), node)
