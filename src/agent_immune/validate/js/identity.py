"""Identity and access administration (Keycloak, Auth0, Okta, Entra/Graph, Google Workspace, LDAP/AD, Vault), from
TypeScript. The tables and the policy are validate/idp.py; python/identity.py reads the same shapes in Python.

- the Keycloak admin client: a realm, client or identity provider deleted (users and groups in a loop): reviewed
  `irreversible`; an identity provider added that trusts an outsider's issuer's email claims: blocked; a realm
  updated with brute-force protection or its events off: blocked;
- the Auth0 Management client: an application, a connection (with its users) deleted, users deleted in a loop:
  reviewed; an Action, Rule or Hook whose code sends to an outsider's host, a log stream to one: blocked; every role
  of the tenant given to one user: held as an administrator grant;
- the Okta SDK: users deleted in a loop, an application deleted: reviewed; an administrator role assigned, an event
  hook to an outsider's host: judged as idp.py says;
- googleapis' Admin SDK: a user's recovery email or phone set to an outsider's address: blocked; users deleted in a
  loop: reviewed;
- ldapjs (and ldapts, the same verbs promised): a member added to Domain Admins (and the other built-in administrator
  groups), password attributes asked for: blocked; entries deleted in a loop: reviewed;
- node-vault: a login bound to the `root` policy: blocked;
- fetch / axios requests to the IdPs' admin APIs (read where js/http_calls.py reads a request, `idp_request`), and
  what code administering an IdP sends to an outsider's host.
"""
from __future__ import annotations

import re

from ..per_input import decoded, in_input
from .. import idp
from ..common_code import remote_target
from ..python.identity import IDP_HINT
from ..loops import in_js_loop

_KC = "@keycloak/keycloak-admin-client"
_OKTA = "@okta/okta-sdk-nodejs"
_MODULES = frozenset({_KC, "auth0", _OKTA, "googleapis", "ldapjs", "ldapts", "node-vault",
                      "@microsoft/microsoft-graph-client"})
# (module, manager, method) -> (what it loses, only when run in a loop)
_DELETES = {
    (_KC, "realms", "del"): (idp.LOSS_REALM, False), (_KC, "clients", "del"): (idp.LOSS_CLIENT, False),
    (_KC, "identityProviders", "del"): (idp.LOSS_IDP, False), (_KC, "users", "del"): (idp.LOSS_USERS, True),
    (_KC, "groups", "del"): ("deletes groups one after another (their members lose the roles they gave)", True),
    ("auth0", "users", "delete"): (idp.LOSS_USERS, True), ("auth0", "clients", "delete"): (idp.LOSS_CLIENT, False),
    ("auth0", "connections", "delete"): (idp.LOSS_CONNECTION, False),
    ("auth0", "organizations", "delete"): (idp.LOSS_REALM, False),
    ("auth0", "resourceServers", "delete"): ("deletes the API: tokens for it stop being issued, and its scopes go",
                                             False),
    (_OKTA, "userApi", "deleteUser"): (idp.LOSS_USERS, True),
    (_OKTA, "applicationApi", "deleteApplication"): (idp.LOSS_CLIENT, False),
    (_OKTA, "groupApi", "deleteGroup"): ("deletes groups one after another (their members lose the apps they gave)",
                                         True),
    ("googleapis", "users", "delete"): ("deletes Workspace users one after another, with their mail and Drive files",
                                        True),
    ("googleapis", "groups", "delete"): ("deletes the Google group with its membership and archive", False),
}
_NAMES = frozenset({m for _, _, m in _DELETES} | {"create", "update", "patch", "assignRoles", "assignRoleToUser",
                                                 "createEventHook", "createLogStream", "modify", "search", "del",
                                                 "updateFactor", "setPolicies", "write", "addPolicy", "post", "put"})
_GRAPH = "@microsoft/microsoft-graph-client"
_BODY_KINDS = frozenset({"object", "string", "template_string", "call_expression", "array", "binary_expression",
                         "await_expression", "member_expression"})


class Identity:
    _idp_mods: frozenset | None = None
    _idp_api: bool | None = None

    def visit_identity(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call: judged by its name before anything else is read."""
        if prop is None or prop.end_byte - prop.start_byte > 17:
            return
        name = self.src(prop)
        if name not in _NAMES or not self._idp_modules():
            return
        root, chain, made = self.origin(fn.child_by_field_name("object"))
        mod = self.module(root)[0] if root is not None else None
        if mod not in _MODULES:
            return
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        manager = chain[0] if chain else ""
        loss = _DELETES.get((mod, manager, name))
        if loss is not None:
            if not self._idp_local(made) and (not loss[1] or in_js_loop(node)):
                self.review("irreversible", idp.delete_message(shown, loss[0]), node)
            return
        if mod == _GRAPH:
            if name in ("post", "put", "patch"):
                self._idp_graph(fn, name, node, args)
            return
        if mod in ("ldapjs", "ldapts"):  # (ldapts: the same verbs, promised)
            self._idp_ldap(name, shown, node, args)
            return
        if self._idp_local(made):
            return
        code = decoded(self.doc.data)
        text = self._idp_text(args)
        found = None
        if mod == _KC:
            if manager == "identityProviders" and name in ("create", "update"):
                found = idp.idp_added(shown, text, code)
            elif manager == "realms" and name == "update":
                where = (self.src(made) if made is not None else "") + " " + (self.src(args[0]) if args else "")
                found = idp.weakened(shown, text, where, code)
        elif mod == "auth0":
            if manager in ("actions", "rules", "hooks") and name in ("create", "update"):
                found = idp.login_code(shown, text, code)
            elif manager == "logStreams" and name in ("create", "update"):
                found = idp.sink(shown, text, code)
            elif manager == "users" and name == "assignRoles" and re.search(r"\broles\s*\.\s*map\s*\(", text):
                found = idp.admin_grant(shown, "every role of the tenant", code)
            elif manager == "guardian" and name in ("updateFactor", "setPolicies") and (
                    re.search(r"\benabled\s*:\s*false", text) or re.search(r"setPolicies\s*\(\s*\[\s*\]", text)):
                found = idp.weakened(shown, "requireFactor: false " + text, "", code)
        elif mod == _OKTA:
            if name == "assignRoleToUser":
                m = idp.OKTA_ADMIN.search(text)
                found = idp.admin_grant(shown, m.group(1), code) if m is not None else None
            elif name in ("createEventHook", "createLogStream"):
                found = idp.sink(shown, text, code)
        elif mod == "googleapis":
            if manager == "users" and name in ("update", "patch"):
                found = idp.recovery(shown, text, code)
        elif mod == "node-vault" and name == "write" and args:
            path = self.string(args[0]) or ""
            if re.match(r"/?auth/.+/(?:users|role)/", path):
                found = idp.vault_login(shown, text, False)
            elif re.match(r"/?sys/polic(?:y|ies/acl)/", path):
                found = idp.vault_policy(shown, path.rsplit("/", 1)[-1], text, False)
        self.report(found, node)

    # -- readers -----------------------------------------------------------------------------------------------------
    def _idp_modules(self) -> frozenset:
        """The IdP modules the code imports (read once per snippet)."""
        found = self._idp_mods
        if found is None:
            found = frozenset(self.module(v)[0] for v in self.alias.values()) & _MODULES
            self._idp_mods = found
        return found

    def _idp_hint(self) -> bool:
        """Whether the code names an IdP's admin API (read once per snippet)."""
        if self._idp_api is None:
            self._idp_api = in_input(IDP_HINT, self.doc.data)
        return self._idp_api

    def _idp_text(self, nodes: list) -> str:
        """The arguments' text, with what the names in them (shorthand properties too: `{ name, code }`) were
        given."""
        out = []
        for a in nodes:
            out.append(self.text_with_names(a, _BODY_KINDS))
            stack, seen = [a], 0
            while stack and seen < 64:
                n = stack.pop()
                seen += 1
                if n.type == "shorthand_property_identifier":
                    made = self.declared(n, _BODY_KINDS)
                    if made is not None:
                        out.append(self.src(made)[:2000])
                stack.extend(n.named_children)
        return " ".join(out)

    def _idp_local(self, made) -> bool:
        """The client was made for a server on this machine (`new KcAdminClient({ baseUrl: "http://localhost:8080"
        })`, `ldap.createClient({ url: "ldap://127.0.0.1" })`)."""
        if made is None:
            return False
        hosts = re.findall(r"(?:https?|ldaps?)://([\w.-]+|\[[^\]]+\])", self.src(made))
        from ..hosts import loopback

        return bool(hosts) and all(loopback(h.strip("[]")) for h in hosts)

    def _idp_ldap(self, name: str, shown: str, node, args: list) -> None:
        if name == "del":
            if in_js_loop(node):
                self.review("irreversible", idp.delete_message(shown, idp.LOSS_LDAP), node)
        elif name == "search" and len(args) > 1:
            self.report(idp.directory_secrets(shown, self._idp_text(args[1:2])), node)
        elif name == "modify" and len(args) > 1:
            change = self._idp_text(args[1:2])
            if re.search(r"""operation\s*:\s*["'`](?:add|replace)["'`]""", change) and \
                    re.search(r"""(?i)type\s*:\s*["'`]member["'`]""", change):
                self.report(idp.privileged_group(shown, self._idp_text(args[:1])), node)

    def _idp_graph(self, fn, verb: str, node, args: list) -> None:
        """The Graph SDK's `client.api("/servicePrincipals/…/appRoleAssignments").post(body)`: a request to Microsoft
        Graph, read as fetch's is."""
        obj = fn.child_by_field_name("object")
        for _ in range(8):
            if obj is None or obj.type != "call_expression":
                return
            f = obj.child_by_field_name("function")
            if f is None or f.type != "member_expression":
                return
            if self.src(f.child_by_field_name("property")) == "api":
                path_args = self.args(obj)
                path = self._url_text(path_args[0]) if path_args else None
                if path is not None:
                    url = path if "//" in path[:10] else "https://graph.microsoft.com/v1.0/" + path.lstrip("/")
                    self.idp_request(fn, node, path_args[0], url, None, verb.upper(), args[0] if args else None)
                return
            obj = f.child_by_field_name("object")

    # -- REST (called from js/http_calls.py) --------------------------------------------------------------------------
    def idp_request(self, fn, node, url_node, url: str | None, base: str | None, method: str, body) -> None:
        """A request to an identity provider's admin API, or from code that administers one to another host."""
        if url is None or not self._idp_modules() and not self._idp_hint():
            return
        host = remote_target(url, base)
        if host is None:
            return
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else "request"
        code = decoded(self.doc.data)
        text = self._idp_text([body]) if body is not None else ""
        where = url + " " + self.src(url_node)
        self.report(idp.rest_finding(shown, method, url, text, code, where, host), node)
