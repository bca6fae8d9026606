"""HTTP DELETE sent through TypeScript/JavaScript HTTP clients (rule `irreversible`, review): fetch
(global, node-fetch, cross-fetch, undici), ofetch (and Nuxt's global `$fetch`), axios, got, ky,
superagent, undici's request and Client, node's http/https.request, Angular's HttpClient (a class
field or constructor parameter typed `HttpClient`, or `inject(HttpClient)`, used as `this.http`; a
name bound to `inject(HttpClient)` or a function's parameter typed `HttpClient`, used as `http`),
graphql-request, and Apollo Client's `mutate` / urql's `mutation` (to the client's `uri` / `url`).

The same reading as python/http_calls.py: the method from the call (`axios.delete(…)`,
`fetch(url, { method: "DELETE" })`, `axios({ method: "delete", url })`, any case), the receiver
followed back to the client it was made from (`const api = axios.create({ baseURL })`), so
`map.delete(k)`, `set.delete(x)`, `prisma.user.delete(…)` or supertest's `request(app).delete(…)`
are not HTTP. The host comes from the URL's literal text, `new URL(path, base)`, or the client's
`baseURL` / `prefixUrl` / origin: this machine, paths with no base (the page's own origin in a
browser) and hosts the code computes itself (`${api}/items/${id}`) stay allowed; another host, or one
read from the environment (`process.env`, `import.meta.env`, `Deno.env`), is held, and so is an
Elasticsearch `_delete_by_query` whatever its method, a call of an endpoint named for deleting with a
sending method (`fetch(".../points/delete", { method: "POST" })`: endpoints.py), and a POST whose
body is a GraphQL mutation that deletes (`body: JSON.stringify({ query: "mutation { deleteX … }" })`,
graphql-request's `request(url, gql`mutation { deleteX … }`)`), or a POST, PUT or PATCH whose body asks for a
delete (a JSON-RPC `method`, a batch's DELETE sub-requests: endpoints.deleting_body). Code that mocks HTTP
(nock, msw, fetch-mock, axios-mock-adapter, undici's MockAgent, `jest.mock` / `vi.mock`) sends
nothing.
"""
from __future__ import annotations

import re

from ..per_input import in_input
from ..common_code import COMPUTED, ENVIRONMENT

# request functions taking (url, init) with `init.method`
_FETCHES = frozenset({("fetch", ""), ("node-fetch", ""), ("node-fetch", "default"), ("cross-fetch", ""),
                      ("cross-fetch", "default"), ("isomorphic-fetch", ""), ("undici", "fetch"), ("undici", "request"),
                      ("ofetch", "ofetch"), ("ofetch", "$fetch"), ("$fetch", "")})
_REQUESTS = frozenset({("Request", ""), ("node-fetch", "Request"), ("undici", "Request"), ("cross-fetch", "Request")})
# modules whose default export sends a request when called, and has a method per verb
_CALLABLE = frozenset({"axios", "got", "ky", "superagent"})
# their methods named for an HTTP method this rule reads (`del`: superagent's spelling)
_VERBS = {"delete": "DELETE", "del": "DELETE", "post": "POST", "put": "PUT", "patch": "PATCH"}
# GraphQL clients' calls that send a mutation: Apollo's `client.mutate({ mutation })`, urql's `client.mutation(doc, vars)`
_MUTATES = frozenset({"mutate", "mutation"})
_VERB_LENGTHS = frozenset(len(v) for v in (*_VERBS, *_MUTATES, "request"))
# the GraphQL clients whose endpoint option is read (an Apollo client's `uri`, or its `link`'s; urql's `url`)
_GRAPHQL_CLIENTS = {**{(m, "ApolloClient"): "uri" for m in ("@apollo/client", "@apollo/client/core")},
                    **{(m, f): "url" for m in ("urql", "@urql/core") for f in ("Client", "createClient")}}
_LINKS = frozenset({"HttpLink", "createHttpLink", "BatchHttpLink"})
# what makes a client instance -> the option (or position) holding the URL its requests are relative to
_INSTANCES: dict[tuple[str, str], str | int] = {
    ("axios", "create"): "baseURL", ("got", "extend"): "prefixUrl", ("ky", "create"): "prefixUrl",
    ("ky", "extend"): "prefixUrl", ("undici", "Client"): 0, ("undici", "Pool"): 0, ("ofetch", "ofetch.create"): "baseURL",
    ("ofetch", "$fetch.create"): "baseURL", ("graphql-request", "GraphQLClient"): 0}
# where a request's body is given, in the options of each kind of call
_BODY_OPTS = ("body", "data", "json")
_ANGULAR = "@angular/common/http.HttpClient"
# the first part of the names above, for a test that passes over every other call at once
_HEADS = frozenset(m.partition(".")[0] for m, _ in _FETCHES | _REQUESTS) | _CALLABLE | {
    "http", "https", "node:http", "node:https", "graphql-request"}
_MOCK_MODULES = frozenset({"nock", "msw", "msw/node", "msw/browser", "fetch-mock", "jest-fetch-mock", "vitest-fetch-mock",
                           "axios-mock-adapter"})
_MOCKING = re.compile(rb"\b(?:jest|vi)\.(?:mock|spyOn)\(|\bMockAgent\b")
_URL_KINDS = frozenset({"string", "template_string", "binary_expression", "new_expression", "call_expression",
                        "member_expression", "subscript_expression"})
_FUNCTIONS = frozenset({"method_definition", "function_declaration", "function_expression", "arrow_function", "function",
                        "generator_function_declaration"})
_ENV = re.compile(r"^(?:(?:process|Bun|import\.meta)\.env[.\[]|Deno\.env\.get\()")
# a shop's admin and payment APIs (_shop_request), and the calls that write a file (js/code.py: env_keys_written)
_SHOP_API = re.compile(rb"/v1/accounts/|script_tags|scriptTag|wp/v2/users")
_FILE_WRITES = frozenset({"writeFileSync", "writeFile", "appendFileSync", "appendFile", "outputFile", "outputFileSync",
                          "write"})


class HttpCalls:
    """DELETE (and `_delete_by_query`) requests to another machine."""

    BODY_KINDS = frozenset({"string", "template_string", "object", "call_expression", "binary_expression", "array"})

    def visit_http(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call: settled by its name before anything else is read (most calls are none of these)."""
        if q is not None and args and q.rpartition(".")[2] in _FILE_WRITES and b"_live_" in self.doc.data:
            self.env_keys_written(q, node, args)  # (js/code.py)
        mod, member = self.module(q) if q is not None and q.partition(".")[0] in _HEADS else ("", "")
        base = body = None
        if (mod, member) in _FETCHES:
            if args and self._is_request(args[0]):
                return  # fetch(new Request(url, { method })): judged at the `new`
            url, opts, method = self._url_first(args)
        elif mod in _CALLABLE and member in ("", "default", "request"):
            url, opts, method = self._callable(mod, args)
        elif mod in _CALLABLE and member in _VERBS:
            url, opts, method = (args[0] if args else None), (args[1] if len(args) > 1 else None), _VERBS[member]
            if mod == "axios" and method != "DELETE":  # axios.post(url, data, config)
                body, opts = opts, (args[2] if len(args) > 2 else None)
        elif mod in ("http", "https") and member == "request":
            self._node_request(mod, node, args)
            return
        elif mod == "graphql-request" and member in ("request", "rawRequest", "default"):
            if args and self._object(args[0]) is not None:  # request({ url, document })
                url, body = self._opt(args[0], "url"), self._opt(args[0], "document")
            else:
                url, body = (args[0] if args else None), (args[1] if len(args) > 1 else None)
            self._held(fn, node, url, None, None, "POST", body)
            return
        else:
            if prop is not None:  # api.delete(…), client.request(…)
                if prop.end_byte - prop.start_byte not in _VERB_LENGTHS:
                    return
                verb = self.src(prop)
                if verb in _MUTATES:
                    self._mutation(fn, node, verb, args)
                    return
                if verb not in _VERBS and verb != "request":
                    return
                obj = fn.child_by_field_name("object")
            elif fn.type == "identifier" and self.bound and self.src(fn) in self.bound:  # api(config): an instance called
                verb, obj = None, fn
            else:
                return
            if obj.type == "member_expression" and self._angular(obj) or obj.type == "identifier" and \
                    self._angular_name(obj):  # this.http.delete(url), http.delete(url)
                if verb == "request":  # request(method, url, options)
                    method = (self.string(args[0]) or "").upper() if args else ""
                    url, body = (args[1] if len(args) > 1 else None), self._opt(args[2] if len(args) > 2 else None, "body")
                else:
                    method, url, body = _VERBS[verb], (args[0] if args else None), (args[1] if len(args) > 1 else None)
                self._held(fn, node, url, None, None, method, body)
                return
            root, chain, made = self.origin(obj)
            kind = self.module(root)
            if verb == "request" and args and kind not in _INSTANCES and self._object(args[0]) is not None and \
                    self._opt(args[0], "url") is not None and self._opt(args[0], "method") is not None:
                # google-auth-library's (gaxios') `client.request({ url, method: "DELETE" })`
                self._held(fn, node, self._opt(args[0], "url"), None, args[0], self._http_method(args[0]))
                return
            if root is None or chain or made is None or kind not in _INSTANCES:
                return
            made_args = self.args(made)
            at = _INSTANCES[kind]
            option = (made_args[at] if len(made_args) > at else None) if isinstance(at, int) else \
                self._opt(made_args[0], at) if made_args else None
            if option is not None:  # a base not written out stands as computed (or from the environment)
                base = self._url_text(option) or COMPUTED
            if kind[0] == "undici":  # client.request({ method, path })
                opts = args[0] if args else None
                url, method = self._opt(opts, "path"), None
            elif kind[0] == "graphql-request":  # new GraphQLClient(url).request(document): the URL is the client's
                if verb in ("request", None) and option is not None:
                    body = self._opt(args[0], "document") if args and self._object(args[0]) is not None else \
                        (args[0] if args else None)
                    self._held(fn, node, option, None, None, "POST", body)
                return
            elif verb in _VERBS:
                url, opts, method = (args[0] if args else None), (args[1] if len(args) > 1 else None), _VERBS[verb]
                if method != "DELETE":  # axios.post(url, data, config), ky.post(url, options)
                    body = opts if kind[0] == "axios" else None
                    opts = args[2] if kind[0] == "axios" and len(args) > 2 else opts
            else:
                url, opts, method = self._callable(kind[0], args)
        self._held(fn, node, url, base, opts, method or self._http_method(opts), body)

    def visit_http_new(self, q: str | None, node, args: list) -> None:
        """`new Request(url, { method: "DELETE" })`: made to be sent."""
        if self.module(q) in _REQUESTS and args:
            opts = args[1] if len(args) > 1 else None
            self._held(node.child_by_field_name("constructor"), node, args[0], None, opts, self._http_method(opts))

    def _held(self, fn, node, url, base: str | None, opts, method: str, body=None) -> None:
        """Review a request of `url` that deletes (common_code.review_request) and goes to another host."""
        if url is None:
            return
        own_base = self._opt(opts, "baseURL") or self._opt(opts, "prefixUrl")
        if own_base is not None:
            base = self._url_text(own_base) or COMPUTED
        if body is None and method != "DELETE":
            body = next((b for k in _BODY_OPTS for b in [self._opt(opts, k)] if b is not None), None)
        if body is not None and in_input(_SHOP_API, self.doc.data):
            self._shop_request(fn, node, url, base, method, body)
        text = self._url_text(url)
        self.review_request(fn, "request", node, url, text, base, method, body)
        if text is not None:  # an identity provider's admin API, or what code administering one sends elsewhere
            self.idp_request(fn, node, url, text, base, method, body)

    def _shop_request(self, fn, node, url, base: str | None, method: str, body) -> None:
        """A shop's admin and payment APIs (validate/shops.py): a WordPress administrator made through the REST API,
        a storefront script tag registered with a foreign host's script, a connected account's payout destination
        set through Stripe's REST API."""
        from .. import shops
        from ..cloud_admin import org_words
        from ..common_code import remote_target

        text = self._url_text(url)
        host = remote_target(text, base) if text is not None else None
        if host is None:
            return  # this machine, or a host the code computes
        if body.type == "identifier":
            body = self.declared(body, self.BODY_KINDS) or body
        payload = self.src(body)
        own = org_words(host) if host else set()
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else "request"
        acct = shops.payout_request(text, method, payload)
        if acct is not None:
            why = shops.payout_finding(shown, self.doc.data.decode("utf-8", "replace"), payload, acct)
            if why is not None:
                self.block("exfiltration", why, node)
            return
        found = shops.request_finding(shown, text, method, payload, own)
        self.report(found, node)

    def _http_method(self, opts) -> str:
        """The method options ask for, upper case ("" when computed); GET when they name none."""
        node = self._opt(opts, "method")
        return "GET" if node is None else (self._opt_text(node) or "").upper()

    def _url_first(self, args: list):
        """(url, options, fixed method) of `f(url, options)` or `f(options)` with `options.url`."""
        if args and self._object(args[0]) is not None:
            return self._opt(args[0], "url"), args[0], None
        return (args[0] if args else None), (args[1] if len(args) > 1 else None), None

    def _callable(self, lib: str, args: list):
        """`axios(config)`, `axios(url, config)`, `got(url, options)`, `ky(url, options)`, `superagent(method, url)`."""
        if lib == "superagent":
            method = self.string(args[0]) if args else None
            return (args[1] if len(args) > 1 else None), None, (method or "").upper()
        return self._url_first(args)

    def _node_request(self, mod: str, node, args: list) -> None:
        """`https.request(url, { method })`, `https.request({ hostname, path, method })`."""
        opts = next((a for a in args if self._object(a) is not None), None)
        fn = node.child_by_field_name("function")
        if args and self._object(args[0]) is None:
            self._held(fn, node, args[0], None, None, self._http_method(opts))
            return
        host = self._opt(opts, "hostname") or self._opt(opts, "host")
        if host is not None:  # the host and the path are options of their own: read as a base and a path
            self._held(fn, node, self._opt(opts, "path") or host, f"{mod}://{self._url_text(host) or COMPUTED}", None,
                       self._http_method(opts))

    def _angular(self, member) -> bool:
        """Is `member` `this.name`, with `name` a field or constructor parameter of the enclosing class typed as
        Angular's HttpClient, or given `inject(HttpClient)`?"""
        obj, prop = member.child_by_field_name("object"), member.child_by_field_name("property")
        if obj is None or obj.type != "this" or prop is None or _ANGULAR not in self.alias.values():
            return False
        name = self.src(prop)
        body = member.parent
        while body is not None and body.type != "class_body":
            body = body.parent
        if body is None:
            return False
        for c in body.named_children:
            key = c.child_by_field_name("name")
            if key is None:
                continue
            if c.type == "public_field_definition" and self.src(key) == name:
                typ, value = c.child_by_field_name("type"), c.child_by_field_name("value")
                if value is not None and value.type == "call_expression" and \
                        self.src(value.child_by_field_name("function")) == "inject":
                    typ = (self.args(value) or [None])[0]
                return self._is_angular_client(typ)
            params = c.child_by_field_name("parameters")
            if c.type == "method_definition" and params is not None and self.src(key) == "constructor":
                for param in params.named_children:
                    pattern = param.child_by_field_name("pattern")
                    if pattern is not None and self.src(pattern) == name:
                        return self._is_angular_client(param.child_by_field_name("type"))
        return False

    def _angular_name(self, ident) -> bool:
        """Is the name `ident` Angular's HttpClient: bound to `inject(HttpClient)` (`const http = inject(HttpClient)`),
        or a parameter typed `HttpClient` of a function it is used in (a constructor's parameter without an access
        modifier, a function's)?"""
        if _ANGULAR not in self.alias.values():
            return False
        root, chain, made = self.origin(ident)
        if root is not None and self.module(root) == ("@angular/core", "inject"):
            made_args = self.args(made) if made is not None and not chain else []
            return bool(made_args) and self._is_angular_client(made_args[0])
        name = self.src(ident)
        n = ident.parent
        while n is not None:
            params = n.child_by_field_name("parameters") if n.type in _FUNCTIONS else None
            for param in params.named_children if params is not None else ():
                pattern = param.child_by_field_name("pattern")
                if pattern is not None and self.src(pattern) == name:  # the nearest function naming it decides
                    return self._is_angular_client(param.child_by_field_name("type"))
            n = n.parent
        return False

    def _mutation(self, fn, node, verb: str, args: list) -> None:
        """Apollo Client's `client.mutate({ mutation: DELETE_USER })`, urql's `client.mutation(DELETE_USER, vars)`,
        for a client made by the library (resolved through its import), sent to its `uri` / `url` (or an Apollo
        `HttpLink`'s): a POST of that document. A client without a literal endpoint follows the host policy of
        the other requests (computed: allowed; from the environment: held); one with none posts to `/graphql`
        of the page's own origin, and stays allowed."""
        root, chain, made = self.origin(fn.child_by_field_name("object"))
        key = _GRAPHQL_CLIENTS.get(self.module(root)) if root is not None and not chain and made is not None else None
        if key is None:
            return
        opts = (self.args(made) or [None])[0]
        url = self._opt(opts, key)
        link = self._opt(opts, "link") if url is None else None
        if link is not None and link.type in ("new_expression", "call_expression"):
            maker = link.child_by_field_name("constructor" if link.type == "new_expression" else "function")
            if self.module(self.qualname(maker))[1] in _LINKS:
                url = self._opt((self.args(link) or [None])[0], "uri")
        document = self._opt(args[0] if args else None, "mutation") if verb == "mutate" else (args[0] if args else None)
        if url is not None and document is not None:
            self._held(fn, node, url, None, None, "POST", document)

    def _is_angular_client(self, typ) -> bool:
        """A type annotation (or `inject`'s argument) naming `HttpClient` imported from @angular/common/http."""
        if typ is None:
            return False
        text = self.src(typ).lstrip(":").strip()
        return self.alias.get(text) == _ANGULAR

    def _is_request(self, node) -> bool:
        if node.type == "identifier":  # const req = new Request(…): kept by the walk (names.py)
            node = self.bound.get(self.src(node), node)
        return node.type == "new_expression" and self.module(self.qualname(node.child_by_field_name("constructor"))) \
            in _REQUESTS

    def _object(self, node):
        """The object literal `node` is, or a name declared as one."""
        if node is None:
            return None
        if node.type in ("identifier", "shorthand_property_identifier"):
            node = self.declared(node, frozenset({"object"}))
        return node if node is not None and node.type == "object" else None

    def _opt(self, obj, name: str):
        """The value of option `name` in an object literal (`{ method: "DELETE" }`, `{ method }`)."""
        obj = self._object(obj)
        if obj is None:
            return None
        found = None
        for pair in obj.named_children:  # the last spelling of a key wins, as in JavaScript
            if pair.type == "pair":
                key = pair.child_by_field_name("key")
                if key is not None and self.src(key).strip("'\"") == name:
                    found = pair.child_by_field_name("value")
            elif pair.type == "shorthand_property_identifier" and self.src(pair) == name:
                found = pair
        return found

    def _opt_text(self, node) -> str | None:
        """A string option's value, also when given by a name (`{ method }`)."""
        if node is None:
            return None
        if node.type == "shorthand_property_identifier":
            name = self.src(node)
            return None if self.mutable(name) else self.consts.get(name)
        return self.string(node)

    def _url_text(self, node, depth: int = 0) -> str | None:
        """A URL expression's text with COMPUTED for run-time parts; None when nothing of it is literal."""
        if node is None or depth > 8:
            return None
        v = self.string(node)
        if v is not None:
            return v
        t = node.type
        if (t in ("member_expression", "subscript_expression", "call_expression") and
                _ENV.match(self.src(node).replace(" ", ""))) or (t == "identifier" and _ENV.match(self.qualname(node) or "")):
            return ENVIRONMENT  # also `const { API_URL } = process.env`
        if t == "template_string":
            out = []
            for c in node.named_children:
                if c.type == "template_substitution":
                    inner = c.named_children[0] if c.named_children else None
                    out.append(self._url_text(inner, depth + 1) or COMPUTED)
                else:
                    out.append(self.src(c))
            return "".join(out)
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) in ("??", "||"):
            return self._url_text(node.child_by_field_name("left"), depth + 1)  # the fallback is only a default
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) == "+":
            a = self._url_text(node.child_by_field_name("left"), depth + 1)
            b = self._url_text(node.child_by_field_name("right"), depth + 1)
            return (a or COMPUTED) + (b or COMPUTED)
        if t in ("identifier", "shorthand_property_identifier"):
            v = self._opt_text(node)
            if v is not None:
                return v
            value = self.declared(node, _URL_KINDS)
            return self._url_text(value, depth + 1) if value is not None else None
        if t == "new_expression" and self.src(node.child_by_field_name("constructor")) == "URL":
            args = self.args(node)  # new URL(path, base)
            path = self._url_text(args[0], depth + 1) if args else None
            if len(args) > 1 and (path is None or "//" not in path[:10]):
                base = self._url_text(args[1], depth + 1)  # the host is the base's; the path (read for what the
                # endpoint does) is taken as joined to it
                return base if base is None or path is None else base.rstrip("/") + "/" + path.lstrip("/")
            return path
        if t in ("parenthesized_expression", "as_expression", "non_null_expression") and node.named_children:
            return self._url_text(node.named_children[0], depth + 1)
        if t == "member_expression" and self.src(node.child_by_field_name("property")) in ("href", "toString"):
            return self._url_text(node.child_by_field_name("object"), depth + 1)
        if t == "call_expression":  # url.toString()
            f = node.child_by_field_name("function")
            if f is not None and f.type == "member_expression" and not self.args(node):
                return self._url_text(f, depth + 1)
            return self.decoded(node)  # Buffer.from("6874…", "hex").toString(), rot("uggcf://…")
        return None

    def mocks_http(self) -> bool:
        """Whether the code mocks HTTP, so what it sends reaches no server (asked only once a DELETE to another
        host is found, so not kept: one more attribute costs every snippet, see walk.py)."""
        return any(self.module(v)[0] in _MOCK_MODULES for v in self.alias.values()) or \
            in_input(_MOCKING, self.doc.data)
