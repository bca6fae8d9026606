"""Identity and access administration (Keycloak, Auth0, Okta, Entra/Graph, Google Workspace, LDAP/AD, Vault), from
Python. The tables and the policy are validate/idp.py; this reads the calls:

- ldap3 / python-ldap: password attributes asked for (`attributes=["userPassword"]`, LAPS passwords): blocked; a
  member added to Domain Admins (and the other built-in administrator groups): blocked; entries deleted one by one
  in a loop: reviewed `irreversible`;
- hvac: a userpass user, an AppRole or a token role bound to the `root` policy, a policy granting every path
  written as `default`: blocked (on this machine's dev server: allowed);
- python-keycloak, auth0-python, the Okta SDK: a realm, an application, a connection or an identity provider
  deleted, users deleted in a loop: reviewed `irreversible`; an identity provider added that trusts an outsider's
  issuer's email claims: blocked;
- the Google Admin SDK (discovery client): a user's recovery email set to an outsider's address: blocked;
- `urlretrieve` of a Keycloak provider jar into its providers directory, a certificate or key set fetched from a
  bare address into what the code trusts: blocked;
- REST requests to the IdPs' admin APIs (read where python/http_calls.py reads a request, `idp_request`): an
  administrator role, tenant-wide consent, a federated credential, an event hook or log stream, MFA switched off, a
  recovery address, and what the code read from the IdP sent to an outsider's host.
"""
from __future__ import annotations

import re

from ..per_input import decoded, in_input
from .. import idp
from ..common_code import remote_target

# the method names read (a call of any other name returns at once)
_LDAP_SEARCH = frozenset({"search", "search_s", "search_st", "search_ext", "search_ext_s", "paged_search"})
_LDAP_DELETE = frozenset({"delete", "delete_s", "delete_ext", "delete_ext_s"})
_LDAP_MODIFY = frozenset({"modify", "modify_s", "modify_ext", "modify_ext_s", "add_members_to_groups"})
_VAULT_LOGINS = frozenset({"create_or_update_user", "create_or_update_approle", "create_or_update_role", "create_role",
                           "create_token", "create_or_update_token_role"})
_VAULT_POLICIES = frozenset({"create_or_update_policy", "create_or_update_acl_policy"})
# python-keycloak / the Okta SDK / auth0-python: method -> (what it loses, only when run in a loop)
_SDK_DELETES = {"delete_realm": (idp.LOSS_REALM, False), "delete_client": (idp.LOSS_CLIENT, False),
                "delete_idp": (idp.LOSS_IDP, False), "delete_user": (idp.LOSS_USERS, True),
                "deactivate_or_delete_user": (idp.LOSS_USERS, True), "delete_application": (idp.LOSS_CLIENT, False),
                "delete_connection": (idp.LOSS_CONNECTION, False), "delete_organization": (idp.LOSS_REALM, False)}
# auth0-python's managers whose `.delete(id)` loses: manager -> (loss, only in a loop)
_AUTH0_DELETES = {"users": (idp.LOSS_USERS, True), "clients": (idp.LOSS_CLIENT, False),
                  "connections": (idp.LOSS_CONNECTION, False), "organizations": (idp.LOSS_REALM, False),
                  "resource_servers": ("deletes the API: tokens for it stop being issued, and its scopes go", False)}
_IDP_LIBS = ("keycloak", "auth0", "okta", "hvac", "ldap3", "ldap", "msgraph", "googleapiclient")
_IDP_LIB_SET = frozenset(_IDP_LIBS)
_DOWNLOADS = frozenset({"urllib.request.urlretrieve", "urllib.request.urlopen", "requests.get", "httpx.get"})
_TRUST_CODE = re.compile(rb"x509|idp_?[cC]ert|jwks|wantAssertionsSigned|signing_?[cC]ert|trusted_?[cC]erts?|"
                         rb"certificate", re.I)
_NAMES = (_LDAP_SEARCH | _LDAP_DELETE | _LDAP_MODIFY | _VAULT_LOGINS | _VAULT_POLICIES | frozenset(_SDK_DELETES) |
          {"create_idp", "assign_role_to_user", "create_event_hook", "create_log_stream", "update", "patch"})

IDP_HINT = re.compile(rb"/api/v[12]/|graph\.microsoft\.com|/admin/realms|/admin/directory/|/v1/auth/|/v1/sys/polic")

_BODY_KINDS = frozenset({"dictionary", "string", "call", "list", "binary_operator", "concatenated_string"})


class Identity:
    def visit_identity(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call: judged by its name before anything else is read."""
        if q in _DOWNLOADS:
            if pos:
                self._idp_download(q, node, pos)
            return
        if name is None or name not in _NAMES or fn.type != "attribute" or not self._idp_libs():
            return
        root, chain, made = self.origin(fn.child_by_field_name("object"))
        lib = root.partition(".")[0] if root else None
        if lib not in _IDP_LIBS:
            return
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        if lib in ("ldap3", "ldap"):
            self._idp_ldap(name, shown, node, pos)
        elif lib == "hvac":
            self._idp_vault(name, shown, made, node, pos)
        elif name in _SDK_DELETES or name == "delete" and lib == "auth0":
            self._idp_delete(name, lib, chain, shown, made, node)
        elif name == "create_idp":
            self.report(idp.idp_added(shown, self._idp_text(node), self._idp_code()), node)
        elif name == "assign_role_to_user":
            m = idp.OKTA_ADMIN.search(self._idp_text(node))
            if m is not None:
                self.report(idp.admin_grant(shown, m.group(1), self._idp_code()), node)
        elif name in ("create_event_hook", "create_log_stream"):
            self.report(idp.sink(shown, self._idp_text(node), self._idp_code()), node)
        elif name in ("update", "patch") and lib == "googleapiclient" and chain[:1] == ["users"]:
            self.report(idp.recovery(shown, self._idp_text(node), self._idp_code()), node)

    # -- readers -----------------------------------------------------------------------------------------------------
    def _idp_libs(self) -> frozenset:
        """The IdP libraries the code imports (read once per snippet, at the first call of a name read here)."""
        found = self.lists.get("idp libs")
        if found is None:
            found = frozenset(v.partition(".")[0] for v in self.alias.values()) & _IDP_LIB_SET
            self.lists["idp libs"] = found
        return found  # type: ignore[return-value]

    def _idp_hint(self) -> bool:
        """Whether the code names an IdP's admin API (read once per snippet)."""
        found = self.lists.get("idp hint")
        if found is None:
            found = self.lists["idp hint"] = in_input(IDP_HINT, self.doc.data)
        return found  # type: ignore[return-value]

    def _idp_code(self) -> str:
        return decoded(self.doc.data)

    def _idp_text(self, node) -> str:
        """The call's arguments, with what the names in them were given."""
        return self.text_with_names(node, _BODY_KINDS)

    def _idp_local(self, made) -> bool:
        """The client was made for a server on this machine (`KeycloakAdmin(server_url="http://localhost:8080/")`,
        `hvac.Client(url="http://127.0.0.1:8200")`)."""
        if made is None:
            return False
        hosts = re.findall(r"(?:https?|ldaps?)://([\w.-]+|\[[^\]]+\])", self.src(made))
        if not hosts:
            for a in self.args(made):
                v = self.string(a) if a.type != "keyword_argument" else None
                if v:
                    hosts = [v]
                break
        from ..hosts import loopback

        return bool(hosts) and all(loopback(h.strip("[]")) for h in hosts)

    # -- the shapes --------------------------------------------------------------------------------------------------
    def _idp_ldap(self, name: str, shown: str, node, pos: list) -> None:
        if name in _LDAP_SEARCH:
            attrs = self.kwarg(node, "attributes") or self.kwarg(node, "attrlist") or (pos[3] if len(pos) > 3 else None)
            if attrs is not None:
                self.report(idp.directory_secrets(shown, self.text_with_names(attrs, _BODY_KINDS)), node)
        elif name in _LDAP_DELETE:
            if self._swept_by_loop(node):
                self.review("irreversible", idp.delete_message(shown, idp.LOSS_LDAP), node)
        elif name == "add_members_to_groups":
            groups = pos[1] if len(pos) > 1 else self.kwarg(node, "groups")
            if groups is not None:
                self.report(idp.privileged_group(shown, self.text_with_names(groups, _BODY_KINDS)), node)
        elif pos:
            change = self._idp_text(node)
            if re.search(r"MODIFY_ADD|MOD_ADD|['\"]add['\"]|MODIFY_REPLACE|MOD_REPLACE", change) and \
                    re.search(r"(?i)['\"]member['\"]", change):
                self.report(idp.privileged_group(shown, self.text_with_names(pos[0], _BODY_KINDS)), node)

    def _idp_vault(self, name: str, shown: str, made, node, pos: list) -> None:
        local = self._idp_local(made)
        if name in _VAULT_LOGINS:
            given = [v for k in ("policies", "token_policies") for v in [self.kwarg(node, k)] if v is not None]
            if given:
                self.report(idp.vault_login(shown, " ".join(self.text_with_names(v, _BODY_KINDS) for v in given),
                                            local), node)
        else:
            policy = self.kwarg(node, "policy") or (pos[1] if len(pos) > 1 else None)
            named = self.kwarg(node, "name") or (pos[0] if pos else None)
            if policy is not None:
                self.report(idp.vault_policy(shown, self.string(named) if named is not None else None,
                                             self.text_with_names(policy, _BODY_KINDS), local), node)

    def _idp_delete(self, name: str, lib: str, chain: list, shown: str, made, node) -> None:
        if name == "delete":
            found = _AUTH0_DELETES.get(chain[0]) if chain else None
        else:
            found = _SDK_DELETES[name]
        if found is None or self._idp_local(made):
            return
        loss, looped = found
        if not looped or self._swept_by_loop(node):
            self.review("irreversible", idp.delete_message(shown, loss), node)

    def _idp_download(self, q: str, node, pos: list) -> None:
        """`urlretrieve(url, "/opt/keycloak/providers/x.jar")`; a certificate or key set fetched in code that sets what
        the application trusts (`cfg["idp"]["x509cert"] = cert`)."""
        url = self._url_text(pos[0]) if pos else None
        if url is None:
            return
        shown = q.rpartition(".")[2]
        if q == "urllib.request.urlretrieve" and len(pos) > 1:
            dest = self._url_text(pos[1]) or ""
            found = idp.plugin_fetched(shown, url, dest)
            if found is not None:
                self.report(found, node)
                return
        if idp.TRUST_MATERIAL.search(url) and in_input(_TRUST_CODE, self.doc.data):
            self.report(idp.trust_fetched(shown, url), node)

    # -- REST (called from python/http_calls.py) ------------------------------------------------------------------
    def idp_request(self, fn, shown: str, node, url_node, url: str | None, base: str | None, method: str,
                    body) -> None:
        """A request to an identity provider's admin API, or from code that administers one to another host."""
        if url is None or not (self._idp_hint() or self._idp_libs()):
            return
        host = remote_target(url, base)
        if host is None:
            return  # this machine, or a host the code computes
        code = self._idp_code()
        text = self._idp_text(body) if body is not None else ""
        where = url + " " + self.src(url_node)
        self.report(idp.rest_finding(shown, method, url, text, code, where, host), node)
