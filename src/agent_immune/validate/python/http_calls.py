"""HTTP DELETE sent through Python's HTTP clients (rule `irreversible`, review): requests, httpx,
aiohttp, urllib3, http.client and urllib.request.

Deleting a repository, a project or a zone through a management REST API loses what `gh repo
delete` or `aws s3 rb` loses. A call is read as a DELETE only from what the code says: the function
(`requests.delete`), the method argument (`request("DELETE", url)`, `method="delete"`, in any case)
and a receiver followed back to the client it was made from (`s = requests.Session()`), so
`cursor.delete()`, `session.delete(obj)` of SQLAlchemy or a Flask test client's `.delete` are not
HTTP. Where it goes is read from the URL's literal text, or the client's `base_url`:

- this machine (hosts.loopback: `localhost`, `127.*`, `::1`, …): allowed, an agent testing the API
  it builds;
- a path with no base (`"/items/3"`): allowed, no client here sends it anywhere else;
- a host the code computes itself (`f"{api}/items/{i}"` with `api` a parameter): allowed, see
  common_code.remote_target;
- another host, or one read from the environment (`f"{os.environ['API']}/repos/{r}"`): held, as the
  shell rule holds `curl -X DELETE "$API/x"`.
An Elasticsearch `_delete_by_query` is held whatever its method (`requests.post(...)`), and so is a
call of an endpoint named for deleting with a sending method (`requests.post(".../api/chat.delete")`,
`c.post("/points/delete")`, `…/queues/q:purge`: endpoints.py) or a GET with a query string in the URL
to an RPC-style one (`.../files.delete?file=F1`, or `params={"file": "F1"}`, also a client's `.get` given
`params=`); a POST whose body is a GraphQL mutation that deletes (`json={"query": "mutation {
deleteRepository(…) }"}`, also through a name holding it, and the `gql` client's `client.execute(gql(…))` to its
transport's URL); and a POST, PUT or PATCH whose body asks for a delete (`json={"method": "collections.delete"}`,
a batch's DELETE sub-requests, `_bulk` delete lines: endpoints.deleting_body).

Clients served in process (httpx `app=` / `ASGITransport`, `MockTransport`) and code that mocks
HTTP (responses, requests-mock, respx, pytest-httpx, httpretty, aioresponses, pook) send nothing.
"""
from __future__ import annotations

import re

from ..cloud_admin import REPO_ADMIN, REPO_CONTROL, collaborator_message
from ..common_code import ARG, COMPUTED, ENVIRONMENT, remote_target
from ..per_input import decoded, in_input
from ..secret_owner import owner, secret_name
from .network import _PAYLOAD_KEYS

# where a secret a request carries comes from: the environment, a stored token, a file read (network._file_read)
_SECRET_SOURCES = re.compile(rb"environ|getenv|get_token|open\(|read_text|read_bytes|dotenv_values|sqlite3")

# constructor -> (position, keyword) of what its requests are relative to, and the scheme a bare host gets
_CLIENTS: dict[str, tuple[int | None, str | None, str]] = {
    "requests.Session": (None, None, ""), "requests.session": (None, None, ""),
    "requests.sessions.Session": (None, None, ""), "httpx.Client": (None, "base_url", ""),
    "httpx.AsyncClient": (None, "base_url", ""), "aiohttp.ClientSession": (0, "base_url", ""),
    "urllib3.PoolManager": (None, None, ""), "urllib3.ProxyManager": (None, None, ""),
    "urllib3.connection_from_url": (0, "url", ""), "urllib3.HTTPConnectionPool": (0, "host", "http://"),
    "urllib3.HTTPSConnectionPool": (0, "host", "https://"), "http.client.HTTPConnection": (0, "host", "http://"),
    "http.client.HTTPSConnection": (0, "host", "https://"),
}
# module functions -> the method (or the position and keyword it is given at), the URL's position and keyword
_FUNCTIONS: dict[str, tuple[str | tuple[int, str], tuple[int, str]]] = {
    **{f"{m}.{v}": (v.upper(), (0, "url")) for m in ("requests", "requests.api", "httpx")
       for v in ("delete", "post", "put", "patch", "get")},
    **{f: ((0, "method"), (1, "url")) for f in ("requests.request", "requests.api.request", "httpx.request",
                                                "httpx.stream", "urllib3.request", "aiohttp.request", "requests.Request",
                                                "requests.models.Request", "httpx.Request")},
    "urllib.request.Request": ((5, "method"), (0, "url")),  # Request(url, data, headers, host, unverifiable, method)
}
# client methods -> the same
_METHODS: dict[str, tuple[str | tuple[int, str], tuple[int, str]]] = {
    "delete": ("DELETE", (0, "url")), "post": ("POST", (0, "url")), "put": ("PUT", (0, "url")),
    "patch": ("PATCH", (0, "url")),
    **{m: ((0, "method"), (1, "url")) for m in ("request", "build_request", "stream", "urlopen", "putrequest")},
}
_IN_PROCESS = re.compile(r"(?:ASGI|WSGI|Mock)Transport$")
_MOCK_MODULES = frozenset({"responses", "requests_mock", "respx", "pytest_httpx", "httpretty", "aioresponses", "pook"})
# pytest fixtures of the mocking plugins, taken as parameters without an import
_MOCK_FIXTURES = re.compile(rb"\bdef\s+\w+\s*\([^)]*\b(?:requests_mock|httpx_mock|respx_mock)\b")
_URL_KINDS = frozenset({"string", "binary_operator", "concatenated_string", "call", "subscript", "boolean_operator"})
_ENV_READS = frozenset({"os.getenv", "os.environ.get", "os.environ.__getitem__"})
# where a request's body is given (requests/httpx `json=`, `data=`, `content=`; http.client and urllib3 `body=`)
_BODY_KEYS = ("json", "data", "content", "body")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_GQL_CALLS = frozenset({"execute", "execute_async"})  # the gql client's (and its session's) ways to send a document
# GitHub's (and GitHub Enterprise's `/api/v3`) REST path that adds a collaborator: the repository and the account
_COLLABORATOR = re.compile(r"/repos/([^/?#]+/[^/?#]+)/collaborators/([^/?#]+)")
_FIELD = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdrif]|\{[^{}]*\}")  # a `%` or `.format` replacement field


# a mailbox's forwarding rules and a service's user invitations (_account_change), and the quick test for them
_ACCOUNT_HINT = re.compile(rb"messageRules|mailboxSettings|/settings/(?:filters|forwardingAddresses|autoForwarding)|"
                           rb"teammates|[iI]nvitations|/invites?\b")
_MAIL_RULES = re.compile(r"/messageRules\b|/mailboxSettings\b|/gmail/v1/users/[^/]+/settings/(?:filters|"
                         r"forwardingAddresses|autoForwarding)\b")
_FORWARDS = re.compile(r"""["'](?:forwardTo|redirectTo|forwardAsAttachmentTo|forward|forwardingEmail)["']\s*:|"""
                       r"""["']enabled["']\s*:\s*True""")
_INVITES = re.compile(r"/teammates\b|/userInvitations\b|/invitations\b|/invites?\b")
_ADMIN_ROLE = re.compile(r"""["']is_admin["']\s*:\s*True|["'](?:ADMIN|admin|owner|OWNER|ACCOUNT_HOLDER|Admin|Owner|"""
                         r"""administrator)["']""")
# a shop's admin and payment APIs (_shop_call), and a webhook's signature check replaced in a source file
_SHOP_HINT = re.compile(rb"external_account|script_tag|wp/v2/users|scriptTag|construct_?[eE]vent|compare_digest|"
                        rb"[vV]erify_?(?:[wW]ebhook|[sS]ignature|[hH]mac)|[vV]alidate_?[wW]ebhook|timingSafeEqual|"
                        rb"Webhook\.verify|isValidSignature|hmac_?[vV]alid")


def shops_org(host: str) -> set[str]:
    """The organisation words of a request's host ("" when read from the environment: none)."""
    from ..cloud_admin import org_words

    return org_words(host) if host else set()


# what puts items into a collection a request's body is made of (`body.update(…)`, `found.append({…})`)
_FILLS = frozenset({"update", "setdefault", "append", "extend", "insert", "add"})


def leak_sent(w, name: str, node, pos: list, markers, finding) -> None:
    """A request call (`name` its last name, `pos` its positional arguments) to an outsider from a script that also
    holds what must stay in the organisation: `markers` (bytes) is the quick test on the whole input, `finding(first
    argument's text, input text)` the message. (python/backups.py, python/brokers.py)"""
    data = w.doc.data
    if not pos or not in_input(markers, data):
        return
    arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
    found = finding(w.src(arg), decoded(data))
    if found:
        w.block("exfiltration", found, node)


class HttpCalls:
    """DELETE (and `_delete_by_query`) requests to another machine."""

    BODY_KINDS = frozenset({"string", "concatenated_string", "dictionary", "call", "binary_operator", "list"})

    def visit_http(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A call: settled by its name (`requests.delete`, `.request`) before anything else is read."""
        base = None
        if q is not None and q in _FUNCTIONS:
            method_at, url_at = _FUNCTIONS[q]
        elif meth in _GQL_CALLS and fn.type == "attribute" and pos:
            self._gql(fn, node, pos[0])
            return
        elif (meth in _METHODS or meth == "get" and self.kwarg(node, "params") is not None) and fn.type == "attribute":
            # (a client's `.get` only with `params=`: most `.get` calls are a dict's, and a GET is read only with a query)
            root, chain, made = self.origin(fn.child_by_field_name("object"))
            if root is None and meth == "delete":  # `async def remove(client, id): await client.delete(…)`
                root, chain, made = self._client_passed(fn.child_by_field_name("object"))
            if root not in _CLIENTS or chain or made is None or self._in_process(made):
                return
            method_at, url_at = _METHODS.get(meth) or ("GET", (0, "url"))
            where, key, scheme = _CLIENTS[root]
            base_node = self._arg(made, where, key)
            if base_node is not None:  # a base not written out stands as computed (or from the environment)
                base = scheme + (self._url_text(base_node) or COMPUTED)
        else:
            return
        method = method_at if isinstance(method_at, str) else self._http_method(self._arg(node, *method_at))
        url_node = self._arg(node, *url_at) if method is not None else None
        if url_node is None:
            return
        text = None
        if method == "GET":  # only a literal `…/files.delete?file=F1`: a GET's URL is not followed through names
            text = self.string(url_node)
            if text is not None and "?" not in text:
                params = self.kwarg(node, "params")  # `params={"file": "F1"}` is the same query
                text = text + "?" if params is not None and self.src(params) not in ("{}", "None", "()", "[]") else None
            if text is None:
                return
        body = next((b for k in _BODY_KEYS for b in [self.kwarg(node, k)] if b is not None), None) \
            if method in _BODY_METHODS else None
        if body is None and method in _BODY_METHODS:
            body = self._arg(node, url_at[0] + 1, None)  # requests.post(url, data)
        if method == "PUT" and "/collaborators/" in self.src(url_node) + (self.src(self.declared(
                url_node, _URL_KINDS)) if url_node.type == "identifier" and self.declared(url_node, _URL_KINDS)
                                                                   is not None else ""):
            self._collaborator(fn, meth or q or "request", node, url_node, body)
        url_text = text or self._url_text(url_node)
        self.review_request(fn, meth or q or "request", node, url_node, url_text, base, method, body)
        if url_text is not None:  # an identity provider's admin API, or what code administering one sends elsewhere
            self.idp_request(fn, self.src(fn) if fn.end_byte - fn.start_byte <= 60 else (meth or q or "request"), node,
                             url_node, url_text, base, method, body)

    def visit_payload(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A request's body and query (`json=`, `data=`, `params=`, or the positional data) and its URL, handed to
        network.secrets_sent: a secret of one service sent to another's host."""
        if in_input(_SHOP_HINT, self.doc.data):
            self._shop_call(q, fn, meth, node, pos)
        if q is not None and q in _FUNCTIONS:
            url_at = _FUNCTIONS[q][1]
        elif q == "urllib.request.urlopen" or q == "urllib.request.Request":
            url_at = (0, "url")
        elif (meth in _METHODS or meth == "get") and fn is not None and fn.type == "attribute":
            url_at = (_METHODS.get(meth) or ("GET", (0, "url")))[1]
        else:
            return
        keyed = [(self.src(a.child_by_field_name("name")), a.child_by_field_name("value")) for a in self.args(node)
                 if a.type == "keyword_argument"]
        payloads = [v for k, v in keyed if k in _PAYLOAD_KEYS]
        headers = [v for k, v in keyed if k in ("headers", "auth")]
        if meth != "get" or q is not None and q in _FUNCTIONS:  # (a dict's `.get(k, default)` is no request)
            payloads += pos[url_at[0] + 1:url_at[0] + 3]  # requests.post(url, data, json), requests.get(url, params)
        url = self._arg(node, *url_at)
        if "project archive" in self.lists and (payloads or self.kwarg(node, "files") is not None):
            self._archive_sent(fn, meth or q or "request", node, url)
        if url is not None and url.type == "string" and b"{" in self.doc.data[url.start_byte:url.end_byte]:
            # f"http://203.0.113.5/hf?t={get_token()}": what the URL's query carries is sent as a body is
            payloads = payloads + [c.child_by_field_name("expression") for c in url.children
                                   if c.type == "interpolation" and c.child_by_field_name("expression") is not None]
        if payloads and url is not None and in_input(_ACCOUNT_HINT, self.doc.data):
            self._account_change(self.src(fn) if fn.end_byte - fn.start_byte <= 60 else (meth or q or "request"), node,
                                 url, payloads)
        if not (payloads or headers) or not in_input(_SECRET_SOURCES, self.doc.data):
            return
        if headers and self.secrets_in_headers(self.src(fn) if fn.end_byte - fn.start_byte <= 60 else
                                               (meth or q or "request"), url, headers) or not payloads:
            return
        if url is not None and url.type == "call" and q == "urllib.request.urlopen":  # urlopen(Request(url, data))
            payloads += [v for v in (self._arg(url, 1, "data"),) if v is not None]
            url = self._arg(url, 0, "url")
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else (meth or q or "request")
        payloads += self._stored_into(payloads)
        self.secrets_sent(what, node, url, payloads)
        self._collected_sent(what, node, url, payloads)

    def _shop_call(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A shop's admin and payment APIs (validate/shops.py): a connected account's payout destination set through
        stripe-python (`stripe.Account.create_external_account`, `Account.modify(…, external_account=…)`, a
        StripeClient's `accounts.external_accounts.create`) or its REST API, a storefront script tag registered with a
        foreign host's script, a WordPress administrator made through the REST API; and a webhook's signature check
        taken out of a source file by `str.replace` (python/code.py)."""
        from .. import shops

        name = meth or (q.rpartition(".")[2] if q else None)
        if name == "replace" and len(pos) >= 2:
            self.signature_replaced(fn, node, pos)
            return
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else (name or "request")
        if name in shops.PY_PAYOUT_CALLS or name == "modify" and (q or "").endswith("Account.modify") and \
                self.kwarg(node, "external_account") is not None or \
                name == "create" and self.src(fn).endswith("external_accounts.create"):
            if name == "modify_external_account" and "default_for_currency" not in self.src(node):
                return
            self._payout(shown, node, pos)
            return
        if q is not None and q in _FUNCTIONS and isinstance(_FUNCTIONS[q][0], str):
            method, url_at = _FUNCTIONS[q]
        elif meth in ("post", "put", "patch") and fn.type == "attribute":
            method, url_at = meth.upper(), (0, "url")
        else:
            return
        url_node = self._arg(node, *url_at)
        url = self._url_text(url_node) if url_node is not None else None
        host = remote_target(url) if url is not None else None
        if host is None:
            return  # this machine, or a host the code computes
        body_nodes = [b for k in _BODY_KEYS for b in [self.kwarg(node, k)] if b is not None] + pos[url_at[0] + 1:]
        body = " ".join(self.src(self.declared(b, frozenset({"dictionary", "string"})) or b)
                        if b.type == "identifier" else self.src(b) for b in body_nodes)
        own = shops_org(host)
        acct = shops.payout_request(url, method, body)
        if acct is not None:
            self._payout(shown, node, [], acct)
            return
        found = shops.request_finding(shown, url, method, body, own)
        self.report(found, node)

    def _payout(self, shown: str, node, pos: list, acct: str | None = None) -> None:
        """`acct`: the account a REST request names (shops.payout_request); else the SDK call's first argument."""
        from .. import shops

        up = node.parent
        while up is not None and up.type not in ("for_statement", "while_statement", "list_comprehension",
                                                  "generator_expression", "function_definition", "module"):
            up = up.parent
        looped = up is not None and up.type not in ("function_definition", "module")
        who = acct or shops.account_named(self.string(pos[0]) if pos else None)
        why = shops.payout_finding(shown, self.doc.data.decode("utf-8", "replace"), self.src(node), who, looped)
        if why is not None:
            self.block("exfiltration", why, node)

    def _account_change(self, what: str, node, url_node, payloads: list) -> None:
        """A request that makes a mailbox forward its mail elsewhere (Microsoft Graph's inbox `messageRules` with
        `forwardTo`/`redirectTo`, Gmail's REST `settings/filters` with a `forward` action, `forwardingAddresses`,
        `autoForwarding` enabled): blocked, every later message leaves unseen. One that invites a user with
        administrator rights to a service's account (SendGrid's `teammates` with `is_admin`, App Store Connect's
        `userInvitations` with the ADMIN role, a code host organisation's `invitations` as admin): reviewed, as a
        collaborator made admin of a repository is; whose address that is, a person knows."""
        url = self._url_text(url_node) or ""
        if remote_target(url) is None:
            return
        text = " ".join(self.src(self.declared(p, frozenset({"dictionary"})) or p) if p.type == "identifier" else
                        self.src(p) for p in payloads)
        if _MAIL_RULES.search(url) and _FORWARDS.search(text):
            self.block("exfiltration", f"`{what}` makes the mailbox forward mail to another address ({url[:80]}): "
                                       "every later message it matches leaves the mailbox unseen; set up forwarding in "
                                       "the mail settings yourself, if it is wanted", node)
        elif _INVITES.search(url) and _ADMIN_ROLE.search(text):
            self.review("privilege-escalation", f"`{what}` invites a user with administrator rights to the account "
                                                f"({url[:80]}): that address can then change its settings, keys and "
                                                "users. A person should confirm; invite with the narrowest role the "
                                                "task needs", node)

    def _collaborator(self, fn, fallback: str, node, url_node, body) -> None:
        """`requests.put(f"https://api.github.com/repos/{org}/{repo}/collaborators/{user}", json={"permission":
        "admin"})`: read as js/agents.py reads Octokit's addCollaborator. In a loop over repositories, another account
        given control of each (`persistence`, blocked); on one repository, administrator rights reviewed."""
        url = self._url_text(url_node) or ""
        m = _COLLABORATOR.search(url)
        if m is None or remote_target(url) is None:
            return
        for _ in range(4):  # json.dumps({...}).encode(), a name given the dict
            if body is None:
                break
            if body.type == "identifier":
                body = self.declared(body, frozenset({"dictionary", "call"}))
            elif body.type == "call":
                f = body.child_by_field_name("function")
                inner = [a for a in self.args(body) if a.type != "keyword_argument"]
                if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) == "encode":
                    body = f.child_by_field_name("object")
                elif self.qualname(f) in ("json.dumps", "dict") and inner:
                    body = inner[0]
                else:
                    break
            else:
                break
        given = next((p.child_by_field_name("value") for p in body.named_children if p.type == "pair" and
                      self.string(p.child_by_field_name("key")) == "permission"), None) \
            if body is not None and body.type == "dictionary" else None
        permission = "push" if given is None else self.string(given)
        if permission is not None and permission not in REPO_CONTROL:
            return  # pull, triage: read and label only
        permission = permission or "computed"
        user = m.group(2)
        user = f"the account {user}" if COMPUTED not in user and ENVIRONMENT not in user else \
            "an account named at run time"
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else fallback
        repo_computed = COMPUTED in m.group(1) or ENVIRONMENT in m.group(1)
        up = node.parent
        while up is not None and up.type not in ("for_statement", "while_statement", "list_comprehension",
                                                  "generator_expression", "function_definition", "module"):
            up = up.parent
        if repo_computed and up is not None and up.type not in ("function_definition", "module"):
            self.block("persistence", collaborator_message(shown, user, permission, True), node)
        elif permission in REPO_ADMIN:
            self.review("privilege-escalation", collaborator_message(shown, user, permission, False), node)

    def _archive_sent(self, fn, fallback: str, node, url) -> None:
        """`shutil.make_archive("/tmp/src", "zip", os.getcwd())` then the archive PUT or POSTed to another host: the
        whole working tree (its .env, keys and history) sent away, as the shell rule reads `tar czf - . | curl -T -`."""
        host = remote_target(self._url_text(url)) if url is not None else None
        if not host:
            return
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else fallback
        self.block("exfiltration", f"the code archives the whole working directory and `{shown}` sends data to "
                                   f"{host}: the project (its .env, keys and history with it) goes to that host; keep "
                                   "the archive here and let the user move it", node)
        self.lists.pop("project archive", None)

    def _stored_into(self, payloads: list) -> list:
        """What the code puts into a name a request's body is made of, by key, update or append (`summary["meta"] =
        {…}`, `body.update(…)`, `found.append(…)`, also on a parameter): the body holds it when it is sent."""
        out: list = []
        stack, seen = list(payloads), 0
        while stack and seen < 64:
            n = stack.pop()
            seen += 1
            if n is None:
                continue
            if n.type != "identifier":
                stack.extend(n.named_children)
                continue
            for use in (self.uses_of(n) or ())[:16]:
                up = use.parent
                if up is None:
                    continue
                if up.type == "subscript" and up.child_by_field_name("value") == use and up.parent is not None and \
                        up.parent.type == "assignment" and up.parent.child_by_field_name("left") == up:
                    out.append(up.parent.child_by_field_name("right"))
                elif up.type == "attribute" and self.src(up.child_by_field_name("attribute")) in _FILLS \
                        and up.parent is not None and up.parent.type == "call":
                    out += self.args(up.parent)
        return [o for o in out if o is not None]

    def _collected_sent(self, what: str, node, url_node, payloads: list) -> None:
        """A request's body holding what a helper collects from the environment: the whole of it (`def snapshot():
        return dict(os.environ)`, `include = staticmethod(lambda: {k: os.environ[k] for k in os.environ})`, called
        in the body as `self.include()`), or the variables a list of secret names computed in the code names (`{n:
        os.getenv(n) for n in _names}` with `_names = ["_".join(p) for p in (("HF", "TOKEN"), …)]`) sent to a host
        that is not their service: exfiltration, as a body with `os.environ` written in it is."""
        collectors = self._env_collectors() if b"environ" in self.doc.data else {}
        stack, seen = [(p, 0) for p in payloads], 0
        while stack and seen < 256:
            n, depth = stack.pop()
            seen += 1
            t = n.type
            if t == "call" and collectors:
                f = n.child_by_field_name("function")
                name = self.src(f.child_by_field_name("attribute")) if f is not None and f.type == "attribute" else \
                    self.src(f) if f is not None and f.type == "identifier" else None
                if name in collectors:
                    self.block("exfiltration", f"`{what}` sends the whole environment (every secret in it), collected "
                                               f"by {name}(); never send secrets off the machine", n)
                    return
            elif t == "dictionary_comprehension" and self._named_secrets(what, n, url_node):
                return
            elif t == "identifier" and depth < 3:
                made = self.declared(n, self.BODY_KINDS)
                if made is not None:
                    stack.append((made, depth + 1))
                continue
            stack.extend((c, depth) for c in n.named_children)

    def _env_collectors(self) -> dict:
        """name -> function or lambda of the code that returns the whole environment (read once per snippet)."""
        found = self.lists.get("env collectors")
        if found is not None:
            return found  # type: ignore[return-value]
        found = {}
        stack = [self.root] if self.root is not None else []
        while stack:
            n = stack.pop()
            if n.type == "return_statement" and n.named_children and self.mentions_env(n.named_children[0]):
                up = n.parent
                while up is not None and up.type not in ("function_definition", "lambda"):
                    up = up.parent
                if up is not None and up.type == "function_definition":
                    found[self.src(up.child_by_field_name("name"))] = up
            elif n.type == "lambda" and n.child_by_field_name("body") is not None and \
                    self.mentions_env(n.child_by_field_name("body")):
                up = n.parent
                while up is not None and up.type in ("argument_list", "call", "parenthesized_expression"):
                    up = up.parent  # include = staticmethod(lambda: …)
                left = up.child_by_field_name("left") if up is not None and up.type == "assignment" else None
                if left is not None and left.type in ("identifier", "attribute"):
                    found[self.src(left.child_by_field_name("attribute") if left.type == "attribute" else left)] = n
            stack.extend(n.named_children)
        self.lists["env collectors"] = found
        return found

    def _named_secrets(self, what: str, comp, url_node) -> bool:
        """`{n: os.getenv(n) for n in NAMES}` with NAMES a list of names the code spells or computes: blocked when
        one is a secret sent to a host that is not its own service (network.secrets_sent)."""
        body = comp.child_by_field_name("body")
        clauses = [c for c in comp.named_children if c.type == "for_in_clause"]
        value = body.child_by_field_name("value") if body is not None and body.type == "pair" else None
        if value is None or len(clauses) != 1 or value.type not in ("call", "subscript"):
            return False
        left, names = clauses[0].child_by_field_name("left"), clauses[0].child_by_field_name("right")
        read = value.child_by_field_name("subscript") if value.type == "subscript" else \
            next(iter(self.args(value)), None)
        if left is None or read is None or self.src(read) != self.src(left) or names is None or \
                self._env_read_of(value) is False:
            return False
        host = remote_target(self._url_text(url_node)) if url_node is not None else None
        if not host:
            return False
        for name in self.string_items(names):
            own = owner(name) if secret_name(name) else None
            if own is not None and not own.owns(host):
                self.block("exfiltration", f"`{what}` sends {name} (one of the variables the code reads by a list of "
                                           f"names) to {host}, which is not {own.described(name)}; send a token only "
                                           "to its own service, in an Authorization header", comp)
                return True
        return False

    def _env_read_of(self, value) -> bool:
        """Whether `value` reads one variable of the environment (`os.getenv(x)`, `os.environ.get(x)`,
        `os.environ[x]`)."""
        if value.type == "subscript":
            return self.qualname(value.child_by_field_name("value")) == "os.environ"
        return self.qualname(value.child_by_field_name("function")) in _ENV_READS

    def _gql(self, fn, node, document) -> None:
        """`client.execute(gql("mutation { deleteProject(id: 1) { id } }"))` of the `gql` package (also `execute_async`,
        a session from `with client as session`): sent to the URL of the client's transport
        (`RequestsHTTPTransport(url=…)`, `AIOHTTPTransport`, `HTTPXTransport`), as a POST with that document."""
        if not any(v[:3] == "gql" for v in self.alias.values()):
            return  # (`cursor.execute(…)` is the common call of this name)
        if document.type == "identifier":
            document = self.declared(document, frozenset({"call"}))
        if document is None or document.type != "call" or \
                self.qualname(document.child_by_field_name("function")) not in ("gql.gql", "gql"):
            return
        root, chain, made = self.origin(fn.child_by_field_name("object"))
        if root not in ("gql.Client", "gql.client.Client") or chain or made is None:
            return
        transport = self._arg(made, 0, "transport")
        if transport is None:
            return
        troot, tchain, tmade = self.origin(transport)
        if not (troot or "").startswith("gql.transport.") or tchain or tmade is None:
            return
        url = self._arg(tmade, 0, "url")
        if url is not None:
            self.review_request(fn, "execute", node, url, self._url_text(url), None, "POST", document)

    def _client_passed(self, obj) -> tuple:
        """origin() of a client a helper is handed (`remove(client, u["id"])` with `async with httpx.AsyncClient() as
        client` in the caller): what each call passes, followed to where that name is made (an assignment, or a
        `with … as` anywhere in the code, which the walk may not have reached yet)."""
        none: tuple = (None, [], None)
        if obj is None or obj.type != "identifier":
            return none
        rows = self.alternatives([obj]) or ()
        for value in [row.get(self.src(obj)) for row in rows] or [None]:
            if value is None or value.type != "identifier":
                return none
            made = self._with_bound(self.src(value)) or self.given(value, frozenset({"call", "await"}))
            found = self.origin(made) if made is not None else none
            if found[0] in _CLIENTS:
                return found
        return none

    def _with_bound(self, name: str):
        """The value of the one `with X as NAME` of the code (None when there is none, or more than one)."""
        table = self.lists.get("with targets")
        if table is None:
            table = {}
            stack = [self.root] if self.root is not None else []
            while stack:
                n = stack.pop()
                if n.type == "as_pattern":
                    target = n.child_by_field_name("alias")
                    if target is not None and target.named_children and n.named_children:
                        table.setdefault(self.src(target.named_children[0]), []).append(n.named_children[0])
                stack.extend(n.named_children)
            self.lists["with targets"] = table
        found = table.get(name, ())  # type: ignore[union-attr]
        return found[0] if len(found) == 1 else None

    def _arg(self, call, at: int | None, key: str | None):
        """The argument at position `at` or given as `key=`."""
        if key is not None:
            v = self.kwarg(call, key)
            if v is not None:
                return v
        if at is None:
            return None
        pos = [a for a in self.args(call) if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        return pos[at] if len(pos) > at else None

    def _http_method(self, node) -> str | None:
        """The HTTP method `node` names, upper case: `"delete"`, a name holding it, `HTTPMethod.DELETE`."""
        if node is None:
            return None
        v = self.string(node)
        if v is not None:
            return v.upper()
        return node.type == "attribute" and self.src(node).endswith("HTTPMethod.DELETE") and "DELETE" or None

    def _url_text(self, node, depth: int = 0) -> str | None:
        """A URL expression's text with COMPUTED / ENVIRONMENT for the parts known only at run time;
        None when nothing of it is literal."""
        v = self.string(node)
        if v is not None:
            return v
        t = node.type
        if depth > 8:
            return None
        if (t == "subscript" and self.qualname(node.child_by_field_name("value")) == "os.environ") or (
                t == "call" and self.qualname(node.child_by_field_name("function")) in _ENV_READS):
            return ENVIRONMENT
        if t == "string":  # an f-string: its literal pieces stay
            out = []
            for c in node.children:
                if c.type == "string_content":
                    out.append(self.src(c))
                elif c.type == "interpolation":
                    inner = c.child_by_field_name("expression")
                    out.append((self._url_text(inner, depth + 1) if inner is not None else None) or COMPUTED)
            return "".join(out)
        if t == "boolean_operator":  # os.environ.get("API") or "http://localhost:8000": the fallback is only a default
            return self._url_text(node.child_by_field_name("left"), depth + 1)
        if t == "binary_operator":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            op = self.src(node.child_by_field_name("operator"))
            a = self._url_text(left, depth + 1) if left is not None else None
            if op == "%":
                values = right.named_children if right is not None and right.type == "tuple" else [right]
                return self._fill(a, values, depth) if a is not None else None
            b = self._url_text(right, depth + 1) if right is not None else None
            return (a or COMPUTED) + (b or COMPUTED) if op == "+" else None
        if t == "concatenated_string":
            return "".join(self._url_text(c, depth + 1) or COMPUTED for c in node.named_children)
        if t == "identifier":
            value = self.declared(node, _URL_KINDS)
            return self._url_text(value, depth + 1) if value is not None else None
        if t == "subscript":  # cfg["resume_from"] of `cfg = {"resume_from": bytes.fromhex("…").decode()}`
            value, key = node.child_by_field_name("value"), node.child_by_field_name("subscript")
            entry = self.dict_entry(value, key) if value is not None and value.type == "identifier" and \
                key is not None else None
            return self._url_text(entry, depth + 1) if entry is not None else None
        if t == "attribute":  # self.endpoint, Settings.url: a class attribute given one value
            value = self._attr_value(node)
            return self._url_text(value, depth + 1) if value is not None and value.type in _URL_KINDS else None
        if t == "call":
            f = node.child_by_field_name("function")
            args = [a for a in self.args(node) if a.type != "keyword_argument"]
            if f is not None and f.type == "identifier" and not args and f.end_byte - f.start_byte < 64:
                found = self._returns().get(self.src(f))  # `_endpoint()` of `def _endpoint(): return …`
                if found is not None and len(found) == 1 and not found[0][0]:
                    return self._url_text(found[0][1], depth + 1)
            decoded = self.text_of(node, 0, {"budget": [64]})  # bytes.fromhex("6874…").decode(), base64
            if decoded is not None:
                return decoded.replace(ARG, COMPUTED)
            if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) == "format":
                fmt = self._url_text(f.child_by_field_name("object"), depth + 1)
                return self._fill(fmt, args, depth) if fmt is not None else None
            if self.qualname(f) in ("urllib.parse.urljoin", "urljoin") and len(args) == 2:
                path = self._url_text(args[1], depth + 1)
                return path if path is not None and "//" in path[:10] else self._url_text(args[0], depth + 1)
        return None

    def _fill(self, fmt: str, values: list, depth: int) -> str:
        """`fmt % values` / `fmt.format(*values)`: the fields filled in order (`"%s/x" % os.environ["API"]`)."""
        it = iter(values)

        def one(_m) -> str:
            v = next(it, None)
            return (self._url_text(v, depth + 1) if v is not None else None) or COMPUTED

        return _FIELD.sub(one, fmt)

    def _in_process(self, made) -> bool:
        """A client that answers from an app in this process (`httpx.Client(app=app)`,
        `AsyncClient(transport=ASGITransport(app))`, `MockTransport(handler)`)."""
        if made.type != "call":
            return False
        if self.kwarg(made, "app") is not None:
            return True
        transport = self.kwarg(made, "transport")
        if transport is None or transport.type != "call":
            return False
        name = self.qualname(transport.child_by_field_name("function")) or ""
        return _IN_PROCESS.search(name) is not None

    def mocks_http(self) -> bool:
        """Whether the code mocks HTTP, so what it sends reaches no server (asked only once a DELETE to another
        host is found, so not kept: one more attribute costs every snippet, see walk.py)."""
        return any(v.split(".")[0] in _MOCK_MODULES for v in self.alias.values()) or \
            in_input(_MOCK_FIXTURES, self.doc.data)
