"""What TypeScript code sends off the machine: socket modules, HTTP clients, send methods and
the whole environment handed to them (exfiltration).

Secrets sent to a host that is not theirs (rule `exfiltration`, block), as the shell and Python read them
(secret_owner.py): a request (fetch, axios, got, ky, undici, node's http/https `request`/`get` and the
`req.write`/`req.end` of one, `navigator.sendBeacon`) or a DNS lookup (node's `dns`, `Deno.resolveDns`,
`Bun.dns.lookup`) whose URL, query, body or headers carry
- a secret variable of the environment (`process.env.GITHUB_TOKEN`, also `Bun.env`, `import.meta.env`,
  `Deno.env.get`) to a host that is not its service's: `GITHUB_TOKEN` to api.github.com is how GitHub's API is
  called, the same token in the query string of an analytics "ping" is the token stolen. In a header a secret is
  held only to a known service's hosts (or a host carrying the service's name: GitHub Enterprise); a name that
  says no service (`API_KEY`) and a host read from the environment or computed are not judged;
- the whole environment (`process.env`, a copy of it, a Proxy on it, `Reflect.get(process, "env")`,
  `globalThis["pro" + "cess"]["en" + "v"]`) or variables of it picked at run time (`env[k]` for each key a filter
  keeps): sent anywhere but this machine;
- a credential file (`~/.ssh/id_ed25519`, `~/.aws/credentials`, also with its path decoded at run time) or a
  browser session Playwright saved (`storageState({ path })` read back, `context.cookies()`).
Beyond secrets (session 20): rows an ORM or driver reads in bulk (`prisma.customer.findMany`, `pool.query("SELECT
…")`) and the messages an MQTT client is delivered, sent to a literal public IP address (a copy of the database or of a
fleet's traffic where no name vouches for the receiver; to a named service it is a sync), an MQTT broker's messages
republished on a broker at such an address, and the environment or a credential file added to what an error
reporter sends (Sentry's `beforeSend`, `setContext`, Rollbar's payload): blocked.
Names are read through what the code binds them to (aliases, template literals, `URLSearchParams`, objects
changed later with `.set`/`.append`/`x.k = v`, a helper's parameters at each call), and what the code decodes
from its own literals is decoded (strings.Decoded: hex and base64 buffers, rot13, char-code shifts, XOR). A
signature or hash made with a secret (`createHmac(…, secret)`) and the response of another request are not the
secret. A token a program printed (`execa("gh", ["auth", "token"])`) in the argv of `curl` is written where it goes
(`sent_word`), for the shell rules to judge.
"""
from __future__ import annotations

import re
import shlex

from ..per_input import holds, in_input
from .. import paths
from ..bash.ecosystems import printed_token, published_url
from ..common_code import COMPUTED, ENVIRONMENT, remote_target
from ..hosts import loopback, url_host
from ..finance_tables import customer_query, customers_place, service_host, ssh_key_name
from ..secret_owner import _OWN_NETWORK, owner, secret_name
from .strings import _unescape


_NET_MODS = frozenset({"net", "node:net", "tls", "node:tls", "dgram", "node:dgram"})
_HTTP = re.compile(r"\b(fetch|axios|request|got|https?\.(?:request|get)|XMLHttpRequest|sendBeacon)\b|"
                   r"\brequire\(\s*[\x27\x22\x60](?:node:)?https?[\x27\x22\x60]\s*\)\.(?:request|get)$")
# methods that send their arguments over a connection opened elsewhere (`req.end(body)`, `sock.write(x)`)
_SEND = frozenset({"end", "write", "send", "post", "put", "patch", "sendBeacon", "emit"})
_ENV_OBJECTS = re.compile(r"process\.env|Deno\.env\.toObject|Bun\.env")

# -- secrets sent (see the module's docstring) ----------------------------------------------------------------------
_ENV_WHOLE = frozenset({"process.env", "Bun.env", "import.meta.env", "global.process.env"})
_ENV_PREFIXES = ("process.env.", "Bun.env.", "import.meta.env.")
_GLOBAL_OBJECTS = frozenset({"globalThis", "global", "window", "self"})
# request functions taking (url, options) or (options with `url`)
_FETCHES = frozenset({("fetch", ""), ("node-fetch", ""), ("node-fetch", "default"), ("cross-fetch", ""),
                      ("cross-fetch", "default"), ("isomorphic-fetch", ""), ("undici", "fetch"), ("undici", "request"),
                      ("ofetch", "ofetch"), ("ofetch", "$fetch"), ("$fetch", ""), ("ky", ""), ("ky", "default"),
                      ("got", ""), ("got", "default"), ("axios", ""), ("axios", "default"), ("axios", "request"),
                      ("needle", ""), ("superagent", "")})
_CLIENTS = frozenset({"axios", "got", "ky", "needle", "superagent", "ofetch"})
# the first part of the names above (and node's http, dns, sendBeacon), for a test that passes over every other call
_SEND_HEADS = frozenset({m.partition(".")[0] for m, _ in _FETCHES} | _CLIENTS | {
    "http", "https", "node:http", "node:https", "dns", "node:dns", "dns/promises", "node:dns/promises", "navigator"})
# the script runtimes' own DNS lookups, which leak a name as node's `dns` does
_RUNTIME_DNS = frozenset({"Deno.resolveDns", "Bun.dns.lookup", "Bun.dns.resolve"})
_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "del"})
_NODE_HTTP = frozenset({"http", "https"})
# what makes a client whose calls send to its base URL -> the option holding that base
_INSTANCE_VERBS = _VERBS | {"request"}
# methods that send through an object made elsewhere (`req.end(body)`, `ws.send(x)`, `api.post(…)`, `fetch.call(…)`)
_SEND_METHODS = _INSTANCE_VERBS | {"end", "write", "send", "call", "apply"}
# what a secret can come from (the environment, a file, a session) or the globals that reach them under another name
_SOURCES = re.compile(rb"env|process|global|window|self|Reflect|[Rr]ead|Bun|Deno|cookies|storageState|exec|spawn|assword|imapflow|"
                      rb"find|getMany|getRawMany|toArray|queryRaw|\.query\(|\.all\(|mqtt")
_SOCKET_URL = re.compile(r"^wss?://", re.I)
_MAKES_CLIENT = re.compile(rb"\.(?:create|extend)\s*\(")
_INSTANCES = {("axios", "create"): "baseURL", ("got", "extend"): "prefixUrl", ("ky", "create"): "prefixUrl",
              ("ky", "extend"): "prefixUrl", ("ofetch", "ofetch.create"): "baseURL"}
# option keys whose values authenticate the request rather than carry its data
_AUTH_KEYS = frozenset({"headers", "auth", "authorization", "proxy-authorization"})
_GLOBAL_FETCH = frozenset({"globalThis.fetch", "window.fetch", "self.fetch", "global.fetch", "fetch"})
_SENT_KEYS = ("body", "data", "json", "form")  # (request_sent: the options that carry a request's body)
# option keys whose values are the data a request carries (keys inside it name data, never the request's auth)
_BODY_KEYS = frozenset({"body", "data", "json", "form", "formdata", "payload", "params", "query", "searchparams"})
# calls whose result is derived from a secret without carrying it (a signature, a hash, a cipher text)
_ONE_WAY = re.compile(r"\b(?:createHmac|createHash|createSign|createCipheriv|sign|signSync|hash|hashSync|digest|"
                      r"encrypt|hmac|pbkdf2|pbkdf2Sync|scrypt|scryptSync|SignJWT|subtle)\b")
# constructors that open an SQLite file by its path (better-sqlite3, sqlite3's verbose Database, node:sqlite, bun:sqlite)
_SQLITE_OPENS = frozenset({"Database", "DatabaseSync"})
# the TLS options of a request or an https.Agent that authenticate the client in the handshake
_TLS_IDENTITY = frozenset({"key", "cert", "pfx", "ca", "passphrase"})
_FILE_READS = frozenset({"readFile", "readFileSync", "createReadStream", "readJson", "readJsonSync", "readJSON",
                         "readJSONSync", "Deno.readTextFile", "Deno.readFile", "Deno.readTextFileSync",
                         "Deno.readFileSync", "Bun.file"})
_FS = frozenset({"fs", "fs/promises", "fs-extra"})
# Playwright's saved sessions: `storageState({ path })` writes one, the call without a path returns it
_STORAGE_PATH = re.compile(r"storageState\s*\(\s*\{[^{}]*?\bpath\s*:\s*['\"`]([^'\"`]+)['\"`]")
_SESSION_CALLS = frozenset({"storageState", "cookies"})
# keys that sign requests or decrypt and are never sent themselves, in a header or anywhere (AWS's secret key signs
# SigV4 requests; an API's secret key goes only to that API)
_SIGNING = re.compile(r"SECRET_ACCESS_KEY|PRIVATE_KEY|SIGNING_KEY|SECRET_KEY$")
_SKIP = frozenset({"string", "number", "regex", "comment", "true", "false", "null", "undefined", "property_identifier",
                   "type_annotation", "type_arguments", "predefined_type", "template_literal_type"})
_WRAPS = frozenset({"parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression",
                    "await_expression", "type_assertion"})
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                        "generator_function_declaration", "generator_function", "function", "program"})
_CALLBACKS = frozenset({"map", "forEach", "flatMap", "filter", "reduce", "some", "every", "find"})
# the values names are given, and put into them after (`x.k = v`, `x.a.set(k, v)`, `Object.assign(x, …)`)
_NAMES_QUERY = """
(variable_declarator name: (identifier) @name value: (_) @value)
(variable_declarator name: (object_pattern [(pair_pattern key: (property_identifier) @out value: (identifier) @name)
                                            (shorthand_property_identifier_pattern) @name @out])
                     value: (_) @value (#match? @out "^(stdout|rows|recordset)$"))
(assignment_expression left: (identifier) @name right: (_) @value)
(augmented_assignment_expression left: (identifier) @name right: (_) @value)
(assignment_expression left: (member_expression object: [(identifier) @target
                                                         (member_expression object: (identifier) @target)]) right: (_) @put)
(assignment_expression left: (subscript_expression object: (identifier) @target) right: (_) @put)
(call_expression function: (member_expression object: [(identifier) @target
                                                       (member_expression object: (identifier) @target)]
                                              property: (property_identifier) @verb)
                 arguments: (arguments (_) @put)
                 (#match? @verb "^(set|append|push|unshift|add)$"))
(call_expression function: (member_expression object: (identifier) @o property: (property_identifier) @verb)
                 arguments: (arguments . (identifier) @target (_) @put)
                 (#eq? @o "Object") (#eq? @verb "assign"))
"""


class Network:
    """Whether an expression holds the whole environment; secrets handed to requests."""

    def request_sent(self, q: str | None, args: list):
        """`(url node, [body nodes])` of a call `q(…)` that sends a request with a body (`fetch(url, {body})`, an HTTP
        client's `post(url, data)`, `navigator.sendBeacon(url, data)`); None for any other call. (Body nodes may be
        empty: a fetch without one.)"""
        mod, member = self.module(q) if q else (None, None)
        if (mod, member) in _FETCHES or q in _GLOBAL_FETCH:
            opts = args[1] if len(args) > 1 else None
            return args[0], [v for k in _SENT_KEYS for v in [self._opt(opts, k)] if v is not None] if opts is not None \
                else []
        if mod in _CLIENTS and member in ("post", "put", "patch", "request") or q is not None and q.endswith("sendBeacon"):
            return args[0], args[1:2]
        return None

    def mentions_env(self, node) -> bool:
        """Whether `node` holds the whole environment (`process.env`, `{...process.env}`, a name
        assigned from it), not one variable of it (`process.env.HOME`)."""
        txt = self.src(node)
        if "env" in txt and any(m.end() == len(txt) or txt[m.end()] not in ".[" for m in _ENV_OBJECTS.finditer(txt)):
            return True
        return bool(self.env_names) and any(re.search(rf"(?<![\w.$]){re.escape(n)}\b(?!\s*[.\[])", txt)
                                            for n in self.env_names if n in txt)

    # -- the calls that send ---------------------------------------------------------------------------------------
    def visit_sent(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call that sends a request or a DNS query: what it carries, and where (see the module's docstring)."""
        if prop is not None and args and self.src(prop) in _OCTOKIT_PUBLISH:
            self._octokit_published(fn, node, args)
        if q is None:
            if fn.type == "subscript_expression":
                q = self._resolved(fn)  # g[dec([76, 79, …])](url, …): the name decoded
            elif prop is not None and self.src(prop) in ("end", "write"):
                self._request_body(fn, node, args)
            if q is None:
                return
        if q.endswith((".call", ".apply")) or q == "Reflect.apply":
            q, args = self._unwrapped(q, fn, args)
            if q is None:
                return
        if q in _RUNTIME_DNS and args:  # Deno.resolveDns(`${hex.slice(i, i + 60)}.x.example.com`, "A")
            self._dns_sent(q, node, args[0])
            self.dns_lookup(q, args[0], node)
            return
        head = q.partition(".")[0]
        pname = self.src(prop) if prop is not None else None
        if head not in _SEND_HEADS and pname not in _SEND_METHODS:
            return  # most calls: nothing here sends
        mod, member = self.module(q)
        if (mod, member) in _FETCHES or mod in _CLIENTS and member in _VERBS:
            if args and self._object(args[0]) is not None and (mod, member) in _FETCHES:
                url, rest = self._opt(args[0], "url"), args
            else:
                url, rest = (args[0] if args else None), args[1:]
            self._judge_sent(self._shown(fn, q), node, url, None, [(r, False) for r in rest])
        elif mod in _NODE_HTTP and member in ("request", "get"):
            self._node_sent(q, node, args, [])
        elif q == "navigator.sendBeacon" and args:
            self._judge_sent("navigator.sendBeacon", node, args[0], None, [(r, False) for r in args[1:]])
        elif mod in ("dns", "dns/promises") and args and member.startswith(("lookup", "resolve", "promises.")):
            self._dns_sent(q, node, args[0])
        elif pname in ("end", "write"):
            self._request_body(fn, node, args)
        elif pname == "send" and args:
            self._socket_send(fn, node, args)
        elif pname in _INSTANCE_VERBS and in_input(_MAKES_CLIENT, self.doc.data):
            self._instance_call(fn, node, args)

    def _shown(self, fn, q: str) -> str:
        text = self.src(fn)
        return text if len(text) <= 40 and "\n" not in text else q

    def _unwrapped(self, q: str, fn, args: list):
        """`Reflect.apply(fetch, thisArg, [url, init])`, `fetch.call(thisArg, url, init)`, `fetch.apply(thisArg, [url,
        init])`: the function called and its arguments."""
        if q == "Reflect.apply":
            if len(args) < 3 or args[2].type != "array":
                return None, args
            return self.qualname(args[0]) or self._resolved(args[0]), [c for c in args[2].named_children
                                                                       if c.type != "comment"]
        base = fn.child_by_field_name("object") if fn.type == "member_expression" else None
        if base is None:
            return None, args
        inner = self.qualname(base) or self._resolved(base)
        if q.endswith(".call"):
            return inner, args[1:]
        return inner, ([c for c in args[1].named_children if c.type != "comment"] if len(args) > 1 and
                       args[1].type == "array" else [])

    def _resolved(self, node, depth: int = 0) -> str | None:
        """The dotted name `node` stands for, with keys the code decodes at run time (`g[dec([…])]`) decoded."""
        q = self.qualname(node)
        if q is not None or node is None or depth > 6:
            return q
        t = node.type
        if t in _WRAPS and node.named_children:
            return self._resolved(node.named_children[0], depth + 1)
        if t not in ("subscript_expression", "member_expression"):
            return None
        obj = self._resolved(node.child_by_field_name("object"), depth + 1)
        if obj is None:
            return None
        if t == "member_expression":
            prop = node.child_by_field_name("property")
            key = self.src(prop) if prop is not None else None
        else:
            key = self.decoded(node.child_by_field_name("index"))
        if not key:
            return None
        return key if obj in _GLOBAL_OBJECTS else f"{obj}.{key}"

    def _node_sent(self, q: str, node, args: list, body: list) -> None:
        """`https.request(url, { headers })`, `https.request({ host, path, headers })`, `https.get(url)`; `body`: what
        a later `req.write(…)`/`req.end(…)` of it sends."""
        opts = next((a for a in args if self._object(a) is not None), None)
        if args and self._object(args[0]) is None:
            self._judge_sent(q, node, args[0], None, [(a, False) for a in args[1:] if a.type == "object"] + body)
            return
        host = self._opt(opts, "hostname") or self._opt(opts, "host")
        if host is None:
            return
        text = self._url_text(host) or COMPUTED
        scheme = "http" if self.module(q)[0] == "http" else "https"
        self._judge_sent(q, node, self._opt(opts, "path"), f"{scheme}://{text}", [
            (v, True) for k in ("headers", "auth") for v in [self._opt(opts, k)] if v is not None] + body)

    def _request_body(self, fn, node, args: list) -> None:
        """`req.write(body)` / `req.end(body)` of a request made by node's http/https (`const req = https.request(…)`)."""
        if not args or fn.type != "member_expression":
            return
        obj = fn.child_by_field_name("object")
        while obj is not None and obj.type in _WRAPS and obj.named_children:
            obj = obj.named_children[0]
        if obj is not None and obj.type == "identifier" and not self.mutable(self.src(obj)):
            obj = self.bound.get(self.src(obj))
        while obj is not None and obj.type in _WRAPS and obj.named_children:
            obj = obj.named_children[0]
        if obj is None or obj.type != "call_expression":
            return
        made = obj.child_by_field_name("function")
        q = self.qualname(made) if made is not None else None
        mod, member = self.module(q)
        if mod in _NODE_HTTP and member == "request":
            self._node_sent(q, node, self.args(obj), [(a, False) for a in args])

    def _socket_send(self, fn, node, args: list) -> None:
        """`ws.send(data)` on `const ws = new WebSocket(url)`: sent to the socket's host."""
        obj = fn.child_by_field_name("object")
        made = self.bound.get(self.src(obj)) if obj is not None and obj.type == "identifier" and \
            not self.mutable(self.src(obj)) else None
        if made is None or made.type != "new_expression":
            return
        ctor = self.qualname(made.child_by_field_name("constructor")) or ""
        made_args = self.args(made)
        if made_args and (ctor in ("WebSocket", "ws", "ws.WebSocket", "ws.default") or ctor.endswith(".WebSocket")):
            self._judge_sent(self.src(fn), node, made_args[0], None, [(a, False) for a in args])

    def _instance_call(self, fn, node, args: list) -> None:
        """`api.post(url, data)` with `api = axios.create({ baseURL })`: the client's base with the call's path."""
        root, chain, made = self.origin(fn.child_by_field_name("object"))
        kind = self.module(root) if root is not None else ("", "")
        if chain or made is None or kind not in _INSTANCES:
            return
        made_args = self.args(made)
        option = self._opt(made_args[0], _INSTANCES[kind]) if made_args else None
        base = (self._url_text(option) or COMPUTED) if option is not None else None
        headers = self._opt(made_args[0], "headers") if made_args else None
        verb = self.src(fn.child_by_field_name("property"))
        url = (self._opt(args[0], "url") if args and self._object(args[0]) is not None else args[0]) if args else None
        rest = args if verb == "request" else args[1:]
        self._judge_sent(self.src(fn) if len(self.src(fn)) <= 40 else verb, node, url, base,
                         [(r, False) for r in rest] + ([(headers, True)] if headers is not None else []))

    def _dns_sent(self, q: str, node, name) -> None:
        """A DNS lookup of a name carrying a secret: every resolver on the way and whoever answers for the domain
        reads it."""
        for kind, what, at, _ in self._carried([(name, False)]):
            if kind == "var" and not secret_name(what):
                continue
            said = f"${what}" if kind == "var" else _SAID.get(kind, "the environment")
            self.block("exfiltration", f"`{q}` looks up a name carrying {said}: each DNS query hands it to whoever "
                                       "answers for that domain; never put a secret in a host name", at)
            return

    # -- a mailbox's or a phone number's traffic sent on to another address --------------------------------------
    def visit_redirect(self, prop, fn, node, args: list) -> None:
        """Mail or text messages the user receives set to go on to another address: Gmail's automatic forwarding
        (`users.settings.updateAutoForwarding({ requestBody: { enabled: true, emailAddress } })`) or a filter that
        forwards, or an Outlook inbox rule of Microsoft Graph that forwards or redirects (`api("…/messageRules").post({
        actions: { redirectTo } })`). Each later message (sign-in codes, resets, invoices) reaches that address
        without anyone seeing it: a literal address at a real domain is blocked, one the code computes is reviewed. A
        rule that only moves or labels mail, forwarding turned off stay allowed. (Phone numbers' webhooks are
        js/telecom.py's.)"""
        verb = self.src(prop) if prop is not None else ""
        if verb not in _REDIRECT_VERBS or not args or not in_input(_REDIRECT_HINT, self.doc.data):
            return
        opts = self._object(args[0])
        if opts is None:
            return
        chain = self.src(fn)
        if verb == "updateAutoForwarding" or verb == "create" and chain.endswith("filters.create"):
            body = self._opt(opts, "requestBody") or self._opt(opts, "resource")
            if body is None:
                return
            if verb == "updateAutoForwarding":
                on = self._opt(body, "enabled")
                if on is None or self.src(on) == "false":
                    return
                where = self._opt(body, "emailAddress")
            else:
                action = self._opt(body, "action")
                where = self._opt(action, "forward") if action is not None else None
            if where is not None:
                self._mail_redirected("Gmail's automatic forwarding" if verb == "updateAutoForwarding"
                                      else "a Gmail filter", [where], node)
            return
        if verb in ("post", "patch", "update", "create") and holds(self.doc.data, b"messageRules"):
            target = fn.child_by_field_name("object")
            path = self.args(target)[0] if target is not None and target.type == "call_expression" and \
                self.args(target) else None
            if path is None or "messageRules" not in (self._url_text(path) or ""):
                return
            actions = self._opt(opts, "actions")
            sent = [v for k in ("forwardTo", "redirectTo", "forwardAsAttachmentTo") for v in
                    [self._opt(actions, k) if actions is not None else None] if v is not None]
            if sent:
                self._mail_redirected("an Outlook inbox rule", sent, node)

    def visit_store_upload(self, prop, fn, node, args: list) -> None:
        """Google Play's `edits.apks.upload` / `edits.bundles.upload` (googleapis' androidpublisher) of a binary the
        code downloaded from a bare address or over plain HTTP: the app every user installs becomes whatever that
        address served (or whoever sat on the connection), signed as the team's. A build made here, or fetched by
        name over HTTPS (the CI's artifacts), stays allowed."""
        if prop is None or self.src(prop) != "upload" or not args or not holds(self.doc.data, b"androidpublisher"):
            return
        if not self.src(fn).endswith(("apks.upload", "bundles.upload")):
            return
        media = self._opt(args[0], "media") if self._object(args[0]) is not None else None
        url = self._downloaded_from(self._opt(media, "body") if media is not None else None)
        if url is None:
            return
        if _untrusted_download(url):
            self.block("download-exec", f"`{self.src(fn)[:40]}` publishes to the store a binary downloaded from {url}: "
                                        "every user installs what that address served; publish only a build made "
                                        "from the project's source", node)

    def installs_download(self, key: str, node, what: str) -> None:
        """`adb install /tmp/x.apk` (dpkg -i, pip install of a file …) of a file this code wrote from a download from
        a bare address or over plain HTTP: the package's code runs on the phone or here, from wherever that address
        is. A build fetched by name over HTTPS (the team's EAS or CI artifacts) stays allowed."""
        content = self.written.get(key)
        url = self._downloaded_from(content) if content is not None else None
        if url is not None and _untrusted_download(url):
            self.block("download-exec", f"`{what}` installs {key}, which this code downloaded from {url}: its code "
                                        "runs with whatever that address served; install only builds made from the "
                                        "project or fetched by name over HTTPS", node)

    def _downloaded_from(self, node, depth: int = 0) -> str | None:
        """The literal URL a value was fetched from (`Buffer.from(await (await fetch(url)).arrayBuffer())`, through
        names and wrappers); None when it was not downloaded, or from a URL the code computes."""
        if node is None or depth > 20:
            return None
        t = node.type
        if t in ("identifier", "shorthand_property_identifier"):
            for v in self._values_of(node)[0][-1:]:
                got = self._downloaded_from(v, depth + 1)
                if got is not None:
                    return got
            return None
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            q = self.qualname(fn) if fn is not None and fn.type != "import" else None
            if q is not None and (self.module(q) in _FETCHES or self.module(q)[0] in _CLIENTS):
                args = self.args(node)
                text = self._url_text(args[0]) if args else None
                return text if text and "//" in text[:10] else None
        for c in node.named_children:
            if c.type in ("arguments", "array", "member_expression", "call_expression", "await_expression",
                          "parenthesized_expression", "as_expression", "non_null_expression", "identifier"):
                got = self._downloaded_from(c, depth + 1)
                if got is not None:
                    return got
        return None

    def _mail_item(self, ident) -> bool:
        """Whether `ident` is the name a loop gives each message an IMAP client fetches (imapflow's `for await (const
        msg of client.fetch("1:*", { source: true }))`)."""
        name = self.src(ident)
        up = ident.parent
        while up is not None and up.type != "program":
            if up.type == "for_in_statement" and self.loop_name(up) == name:
                right = up.child_by_field_name("right")
                return right is not None and re.search(r"\.(?:fetch|fetchAll|download)\s*\(", self.src(right)) is not None
            up = up.parent
        return False

    def _mail_redirected(self, what: str, values: list, node) -> None:
        addresses, computed = [], False
        for v in values:
            stack = [v]
            while stack:
                n = stack.pop()
                text = self.string(n) if n.type in ("string", "template_string", "identifier", "binary_expression",
                                                   "member_expression") else None
                if text is not None:
                    addresses.append(text)
                elif n.type in ("array", "object", "pair"):
                    kids = [n.child_by_field_name("value")] if n.type == "pair" else n.named_children
                    stack.extend(k for k in kids if k is not None and k.type != "comment")
                elif n.type not in ("property_identifier", "comment"):
                    computed = True
        outside = next((a for a in addresses if "@" in a and not _OWN_NETWORK.search(a.rsplit("@", 1)[1])), None)
        if outside is not None:
            self.block("exfiltration", f"{what} sends the mail this account receives on to {outside}: every later "
                                       "message (sign-in codes, resets, invoices) reaches that address unseen; do not "
                                       "forward a mailbox, let the user set it up in the mail settings", node)
        elif computed or addresses:
            self.review("exfiltration", f"{what} sends the mail this account receives on to another address; a person "
                                        "should confirm where the mailbox's messages go", node)

    # -- loggers that ship their entries to a host ---------------------------------------------------------------
    def visit_logger(self, q: str | None, fn, prop, node, args: list) -> None:
        """A winston logger whose entries go to another host (an Http, syslog, Logstash or Loki transport) and carry
        the whole environment: in the options every entry gets (`defaultMeta: { env: { ...process.env } }`) or in
        one log call (`logger.info("boot", { env: process.env })`). Each entry shipped hands every token and key in
        the environment to that host, as a request carrying it would."""
        if not holds(self.doc.data, b"winston") or q is None:
            return
        if self.module(q) == ("winston", "createLogger"):
            opts = self._object(args[0]) if args else None
            host = self._log_host(self._opt(opts, "transports")) if opts is not None else None
            if host is None:
                return
            for pair in opts.named_children:
                key = pair.child_by_field_name("key") if pair.type == "pair" else None
                value = pair.child_by_field_name("value") if key is not None else None
                if value is not None and self.src(key).strip("'\"") != "transports" and self.mentions_env(value):
                    self._logged_env(host, value)
                    return
            return
        if prop is None or self.src(prop) not in _LOG_LEVELS or not any(self.mentions_env(a) for a in args):
            return
        obj = fn.child_by_field_name("object")
        made = self.bound.get(self.src(obj)) if obj is not None and obj.type == "identifier" and \
            not self.mutable(self.src(obj)) else None
        if made is None or made.type != "call_expression" or \
                self.module(self.qualname(made.child_by_field_name("function"))) != ("winston", "createLogger"):
            return
        made_args = self.args(made)
        opts = self._object(made_args[0]) if made_args else None
        host = self._log_host(self._opt(opts, "transports")) if opts is not None else None
        if host is not None:
            self._logged_env(host, next(a for a in args if self.mentions_env(a)))

    def visit_broker(self, q: str | None, node, args: list) -> None:
        """kafkajs: a producer on brokers written as a public IP address in code that consumes another cluster's
        topics (`new Kafka({ brokers: ["203.0.113.61:9092"] }).producer()` beside a consumer of the company's
        brokers): every record read is copied to an address no name of the organisation vouches for, as a log
        shipper pointed at a bare address is (shippers.py). Reading from such a broker, or producing to a named one,
        is ordinary."""
        if not holds(self.doc.data, b"kafkajs") or self.module(q) != ("kafkajs", "Kafka") or not args or \
                not holds(self.doc.data, b".consumer("):
            return
        from ..hosts import public_ip

        brokers = self._opt(args[0], "brokers")
        if brokers is None or brokers.type != "array":
            return
        hosts = [h.rsplit(":", 1)[0] if h.count(":") == 1 else h for c in brokers.named_children
                 for h in [self.string(c)] if h]
        public = next((h for h in hosts if public_ip(h)), None)
        if public is None or not hosts or not all(public_ip(h) for h in hosts):
            return
        made = self._made_of(node)
        if "producer" in made and "consumer" not in made:
            self.block("exfiltration", f"this code consumes topics and produces to a Kafka broker at {public}, an "
                                       "address rather than a named host of the organisation: every record read is "
                                       "copied there; produce only to the organisation's own clusters", node)

    def _made_of(self, node) -> set:
        """The clients (`producer`, `consumer`, `admin`) made from the object `node` creates: chained on it
        (`new Kafka(…).producer()`) or called on the constant it is bound to."""
        up = node.parent
        while up is not None and up.type in _WRAPS:
            up = up.parent
        if up is not None and up.type == "member_expression":
            prop = up.child_by_field_name("property")
            return {self.src(prop)} if prop is not None else set()
        if up is None or up.type != "variable_declarator":
            return set()
        name = up.child_by_field_name("name")
        if name is None or name.type != "identifier" or self.mutable(self.src(name)):
            return set()
        text = self.doc.data.decode("utf-8", "replace")
        return set(re.findall(rf"(?<![\w$.]){re.escape(self.src(name))}\s*\.\s*(producer|consumer|admin)\s*\(",
                              text))

    def _logged_env(self, host: str, at) -> None:
        self.block("exfiltration", f"the logger ships every entry with the whole environment (process.env: every "
                                   f"token and key in it) to {host or 'a host read from the environment'}; log only "
                                   "the fields you need, never the environment", at)

    def _log_host(self, transports) -> str | None:
        """Where a remote transport of a winston logger sends its entries (`new winston.transports.Http({ host })`,
        winston-syslog, winston-logstash, winston-loki): the host, "" when read from the environment; None when the
        logger only writes to this machine (the console, a file, a transport to localhost)."""
        if transports is None:
            return None
        items = transports.named_children if transports.type == "array" else [transports]
        for item in items:
            while item.type in _WRAPS and item.named_children:
                item = item.named_children[0]
            if item.type != "new_expression":
                continue
            kind = self.module(self.qualname(item.child_by_field_name("constructor")))
            option = _LOG_TRANSPORTS.get(kind) or _LOG_TRANSPORTS.get((kind[0], kind[1].rpartition(".")[2]))
            made_args = self.args(item)
            if option is None or not made_args:
                continue
            where = next((v for o in option for v in [self._opt(made_args[0], o)] if v is not None), None)
            if where is None:
                continue
            text = self._url_text(where) or COMPUTED
            target = remote_target(text if "//" in text[:12] else "https://" + text)
            if target is not None:
                return target
        return None

    # -- the verdict -----------------------------------------------------------------------------------------------
    def _judge_sent(self, what: str, node, url, base: str | None, rest: list) -> None:
        """Block a request that carries a secret to a host that is not its service's (see the module's docstring).
        `url`: the URL (or path) node, `base` the client's base URL text, `rest` the option and body nodes, each with
        whether it is a header."""
        if not in_input(_SOURCES, self.doc.data):
            return  # no environment, file or session is read anywhere (nor a global reached to get one)
        text = self._url_text(url) if url is not None else None
        if text and _SOCKET_URL.match(text):
            text = "https://" + text.split("://", 1)[1]  # a WebSocket's host, read as any URL's
        local = self._local(text, base)
        if local:
            return
        roots = [(p, False) for p in self._url_payload(url)] + [(r, h) for r, h in rest if r is not None]
        found = self._carried(roots) if roots else None
        if not found:
            return
        host = remote_target(text, base)
        published = published_url(text or base)
        for kind, name, at, header in sorted(found, key=lambda f: f[2].start_byte):
            if kind in ("token", "var") and published and not header and (kind == "token" or secret_name(name)):
                self._publishes(what, f"the token {name} prints" if kind == "token" else name, at)
                return
            if kind == "token":
                continue  # a token made to call its API: sent there (in a header) all the time
            if kind == "var":
                if not secret_name(name) or not host:
                    continue
                own = owner(name)
                if own is None or own.owns(host) or own.serves(text or "") or service_host(name, host) or \
                        not header and self._token_exchange(at, text, host) or \
                        not header and self._hook_credential(at, own, host, found) or \
                        header and not _SIGNING.search(name.upper()) and not own.stranger_in_header(host):
                    continue  # a header authenticates (as the shell and Python rules read it) unless it goes to a
                    # stranger to the service; a signing key is never sent at all
                where = "a header" if header else "the request"
                self.block("exfiltration", f"`{what}` sends {name} in {where} to {host}, which is not "
                                           f"{own.described(name)}: the secret itself goes to that host; send a token "
                                           "only to its own service", at)
                return
            if kind == "mail":
                from ..hosts import public_ip

                if not host or not public_ip(host):
                    continue  # (a helpdesk's or a model's API reading mail is ordinary; an address no name vouches
                    # for is where a copy of the mailbox goes)
            if kind == "customer":
                if not host or customers_place(name, host):
                    continue  # (the project's own services by name, the card processor, the KYC or bank-data vendor)
                self.block("exfiltration", f"`{what}` sends the {name} to {host}, which the code does not name as the "
                                           "project's own service or the provider that keeps them: the customers' "
                                           "data leaves the user's systems; keep it in the vault it is read from", at)
                return
            if kind in ("rows", "messages"):
                from ..hosts import public_ip

                if not host or not public_ip(host):
                    continue  # (a CRM's, a search index's or a warehouse's API is where records are synced; a bare
                    # address no name vouches for is where a copy of the database goes)
                said = f"the rows `{name}` reads from the database (customers' and users' records)" if kind == "rows" \
                    else f"the messages an MQTT broker delivers (`{name}` of its message handler)"
                self.block("exfiltration", f"`{what}` sends {said} to {host}, an address no name of the organisation "
                                           "vouches for; send records only to the project's own services, by name", at)
                return
            if kind in ("session", "hashes") and not host or kind == "printed" and header:
                continue  # (a secret a vault prints, in a header: how a token is used)
            if kind == "printed":
                self.block("exfiltration", f"`{what}` sends what {name} prints, a secret its tool keeps, to "
                                           f"{host or 'another host'}; never send credentials off the machine", at)
                return
            said = _SAID[kind] if kind not in ("file", "hashes") else f"the credential file {name}" \
                if kind == "file" else f"users' password hashes (`{name}`: cracked offline, they give the passwords)"
            self.block("exfiltration", f"`{what}` sends {said} to {host or 'another host'}; never send credentials or "
                                       "the environment off the machine", at)
            return

    def _rows_read(self, call, fn) -> str | None:
        """`prisma.customer.findMany` when `call` reads rows of a database in bulk through an ORM or a driver (Prisma,
        Sequelize, TypeORM, Mongoose and MongoDB's cursors, a `SELECT` given to `query`/`all`); None for any other
        call (one record by its key, an array's `find`)."""
        if fn is None or fn.type != "member_expression":
            return None
        last = self.src(fn.child_by_field_name("property"))
        if last not in _ROW_READS:
            return None
        args = self.args(call)
        if last in ("find", "query", "all", "execute"):
            first = args[0] if args else None
            if last == "find" and not (first is None or first.type == "object"):
                return None  # items.find((x) => …): one item of an array
            if last != "find" and not (first is not None and re.match(r"\s*select\b", self.string(first) or "", re.I)):
                return None
            if last == "find" and not re.search(rb"mongoose|mongodb|typeorm|@mikro-orm", self.doc.data):
                return None
        shown = self.src(fn)
        return shown if len(shown) <= 60 and "\n" not in shown else last

    def visit_reporter(self, q: str | None, fn, prop, node, args: list) -> None:
        """An error reporter's or analytics SDK's calls (`Sentry.init({ beforeSend(event) { event.extra = { env: {
        ...process.env } } } })`, `Sentry.setContext("env", process.env)`, `new Rollbar({ payload })`) that add the
        whole environment or a credential file to what it reports: every event then carries each token and key to the
        service's host (the DSN's), as a request carrying them would. Reporting errors, releases and environment
        names is ordinary."""
        hint = self._flows_state().get("reporter")
        if hint is None:
            hint = self._flows_state()["reporter"] = in_input(_REPORTER_HINT, self.doc.data)
        if not hint or not args:
            return
        mod = self.module(q)[0]
        if not mod.startswith(_REPORTERS) and fn is not None and fn.type == "member_expression":
            root = self.origin(fn.child_by_field_name("object"))[0]  # Sentry.getCurrentScope().setExtras(…)
            mod = self.module(root)[0]
        if not mod.startswith(_REPORTERS):
            return
        opts = self._object(args[0])
        dsn = self._opt(opts, "dsn") if opts is not None else None
        text = self._url_text(dsn) if dsn is not None else None
        if text and "//" in text[:12] and loopback(url_host(text) or ""):
            return  # (a reporter on this machine, a local Sentry in development)
        for kind, name, at, _ in self._carried([(a, False) for a in args]):
            if kind not in ("env", "file") or self._only_looked_up(at, node):
                continue
            host = remote_target(text) if text else None
            said = _SAID["env"] if kind == "env" else f"the credential file {name}"
            shown = self.src(fn) if fn is not None and len(self.src(fn)) <= 40 else (q or mod)
            self.block("exfiltration", f"`{shown}` adds {said} to what {mod} reports, sent with every event to "
                                       f"{host or 'the service'}; report only the fields you need, never the "
                                       "environment or credentials", at)
            return

    def _only_looked_up(self, at, top) -> bool:
        """Whether the value at `at` is only searched or compared inside the reporter's call `top`, never put in what
        it reports: a hook scrubbing each secret of the environment out of an event (`for (const v of
        Object.values(process.env)) msg = msg.replaceAll(v, "[redacted]")`)."""
        child, up = at, at.parent
        while up is not None and up != top:
            t = up.type
            if t == "call_expression" and child.type == "arguments":
                fn = up.child_by_field_name("function")
                if fn is not None and self.src(fn).rpartition(".")[2] in _LOOKUPS:
                    return True
            elif t == "for_in_statement" and child == up.child_by_field_name("right") or \
                    t in ("if_statement", "while_statement", "ternary_expression") and \
                    child == up.child_by_field_name("condition"):
                return True
            elif t == "binary_expression" and self.src(up.child_by_field_name("operator")) in _COMPARES:
                return True
            child, up = up, up.parent
        return False

    def visit_bridge(self, prop, fn, node, args: list) -> None:
        """MQTT: what one client receives (`src.on("message", (topic, payload) => …)`) published by another client
        connected to a broker written as a public IP address (`sink = mqtt.connect("mqtt://203.0.113.33")`): every
        message of the fleet's broker is copied to an address no name of the organisation vouches for, as the Kafka
        relay of visit_broker is. Publishing to one's own broker, or bridging to a named one, is ordinary."""
        if prop is None or len(args) < 2 or self.src(prop) not in ("publish", "publishAsync") or \
                not in_input(_MQTT, self.doc.data):
            return
        sink = fn.child_by_field_name("object")
        if sink is None or sink.type != "identifier":
            return
        host = self._mqtt_host(sink)
        from ..hosts import public_ip

        if host is None or not public_ip(host):
            return
        handled = self._message_handler(node)
        if handled is None:
            return
        client, params = handled
        payload = self.src(args[1])
        if client == self.src(sink) or not any(re.search(rf"(?<![\w$.]){re.escape(p)}\b", payload) for p in params):
            return
        self.block("exfiltration", f"every message `{client}` receives is published by `{self.src(sink)}` to the "
                                   f"broker at {host}, an address rather than a named host of the organisation: the "
                                   "fleet's traffic is copied there; bridge only to the organisation's own brokers",
                   node)

    def _broker_message(self, ident) -> bool:
        """Whether `ident` is a parameter of the message handler of an MQTT client (`src.on("message", (topic,
        payload) => …)`): what the broker delivers."""
        state = self._flows_state()
        hint = state.get("mqtt")
        if hint is None:
            hint = state["mqtt"] = in_input(_MQTT, self.doc.data)
        if not hint:
            return False
        handled = self._message_handler(ident)
        if handled is None or self.src(ident) not in handled[1]:
            return False
        client = handled[0]
        made = self.bound.get(client) if re.fullmatch(r"[\w$]+", client) and not self.mutable(client) else None
        while made is not None and made.type in _WRAPS and made.named_children:
            made = made.named_children[0]
        callee = made.child_by_field_name("function") if made is not None and made.type == "call_expression" else None
        return callee is not None and self.module(self.qualname(callee)) in _MQTT_CONNECTS

    def _mqtt_host(self, ident) -> str | None:
        """The host of the broker the MQTT client `ident` (`const sink = mqtt.connect(url)`) connects to."""
        name = self.src(ident)
        made = self.bound.get(name) if not self.mutable(name) else None
        while made is not None and made.type in _WRAPS and made.named_children:
            made = made.named_children[0]
        if made is None or made.type != "call_expression":
            return None
        callee = made.child_by_field_name("function")
        if callee is None or self.module(self.qualname(callee)) not in _MQTT_CONNECTS:
            return None
        made_args = self.args(made)
        if not made_args:
            return None
        opts = self._object(made_args[0])
        if opts is not None:
            where = self._opt(opts, "host") or self._opt(opts, "hostname")
            return self.string(where) if where is not None else None
        text = self._url_text(made_args[0])
        return url_host(text) if text and "//" in text[:12] else None

    def _message_handler(self, node):
        """(the client, the handler's parameters) when `node` is inside a handler of a client's messages
        (`client.on("message", (topic, payload) => …)`, or a function of that name given to it)."""
        up = node.parent
        while up is not None and up.type not in ("arrow_function", "function_expression", "function",
                                                 "function_declaration"):
            up = up.parent
        if up is None:
            return None
        params = list(self.parameters(up) or {})
        holder = up.parent
        if holder is not None and holder.type == "arguments":
            call = holder.parent
            callee = call.child_by_field_name("function") if call is not None else None
            cargs = self.args(call) if call is not None else []
            if callee is None or callee.type != "member_expression" or \
                    self.src(callee.child_by_field_name("property")) not in ("on", "addListener", "once") or \
                    not cargs or self.string(cargs[0]) != "message":
                return None
            return self.src(callee.child_by_field_name("object")), params
        named = up.child_by_field_name("name") if up.type == "function_declaration" else \
            holder.child_by_field_name("name") if holder is not None and holder.type == "variable_declarator" else None
        if named is None:
            return None
        m = re.search(rf"([\w$.]+)\s*\.\s*(?:on|addListener|once)\(\s*[\x27\x22]message[\x27\x22]\s*,\s*"
                      rf"{re.escape(self.src(named))}\s*\)", self.doc.data.decode("utf-8", "replace"))
        return (m.group(1), params) if m is not None else None

    def _publishes(self, what: str, secret: str, at) -> None:
        self.block("exfiltration", f"`{what}` publishes {secret} in an issue, a comment, a gist or a release, where "
                                   "others read it: its body is public text, not authentication; never put "
                                   "credentials there", at)

    def _octokit_published(self, fn, node, args: list) -> None:
        """`octokit.issues.create({ …, body: `…${token}` })` (also `rest.`, `createComment`, `gists.create`, a
        release's notes): the body of what Octokit publishes, holding a token a program printed or a secret of the
        environment (its client's `auth` authenticates, and is not read here)."""
        root, chain, _ = self.origin(fn.child_by_field_name("object"))
        if root is None or not self.module(root)[0].startswith(("@octokit/", "octokit")) or \
                not chain or chain[0] not in _OCTOKIT_GROUPS:
            return
        self.publishers.append(node)  # (a sender for the secret stores read whole: walk.py)
        for kind, name, at, _ in self._carried([(a, False) for a in args]):
            if kind == "token" or kind == "var" and secret_name(name) or kind in ("file", "env"):
                said = f"the token {name} prints" if kind == "token" else name if kind == "var" else \
                    f"the credential file {name}" if kind == "file" else _SAID["env"]
                self._publishes(self._shown(fn, self.src(fn)), said, at)
                return

    def _token_printed(self, call, fn) -> str | None:
        """`gh auth token` when `call` runs a program that prints a token (child_process's execSync/execFileSync/
        spawnSync, execa's calls, `new Deno.Command(…).output()`, with a literal command), else None."""
        argv = self._printing_argv(call, fn)
        return printed_token(argv) if argv else None

    def _printing_argv(self, call, fn) -> list | None:
        """The argv of the program `call` runs and keeps the output of (see _token_printed); None for another call.
        Words the code computes are None."""
        if fn is None or fn.type == "import":
            return None
        q = self.qualname(fn)
        mod, member = self.module(q)
        if (mod, member) in _EXECA_PRINTING:  # execa("gh", ["auth", "token"]), execaCommand("gh auth token")
            member = "execSync" if "ommand" in member else "execFileSync"
        elif fn.type == "member_expression" and self.src(fn.child_by_field_name("property")) in ("output", "outputSync"):
            made = fn.child_by_field_name("object")  # new Deno.Command("gh", { args: ["auth", "token"] }).output()
            while made is not None and made.type in _WRAPS and made.named_children:
                made = made.named_children[0]
            if made is None or made.type != "new_expression" or \
                    self.qualname(made.child_by_field_name("constructor")) != "Deno.Command":
                return None
            args = self.args(made)
            opts = args[1] if len(args) > 1 and args[1].type == "object" else None
            rest = self._field(opts, "args") if opts is not None else None
            first = self.string(args[0]) if args else None
            if first is None:
                return None
            return [first] + ([self.string(c) for c in rest.named_children if c.type != "comment"]
                              if rest is not None and rest.type == "array" else [])
        elif mod != "child_process" or member not in _RUNS_PRINTING:
            return None
        args = self.args(call)
        first = self.string(args[0]) if args else None
        if first is None:
            return None
        if member.startswith("exec") and not member.startswith("execFile"):
            try:
                argv = shlex.split(first)
            except ValueError:
                return None
        else:
            rest = args[1] if len(args) > 1 and args[1].type == "array" else None
            argv = [first] + ([self.string(c) for c in rest.named_children if c.type != "comment"] if rest else [])
        return argv

    def sent_word(self, item) -> str | None:
        """An argv item of a network tool (`curl`) that carries a token a program printed or a secret variable of
        the environment, as the shell word it stands for: `"X-Debug: $(gh auth token)"`, `"t=$GITHUB_TOKEN"`, so
        the shell rules judge where it goes (a token in its own API's Authorization header stays allowed there);
        None when it carries neither."""
        if item is None or item.type not in ("identifier", "template_string", "member_expression", "call_expression",
                                             "binary_expression", "await_expression", "parenthesized_expression"):
            return None
        parts = [c for c in item.named_children] if item.type == "template_string" else None
        if parts is None:
            said = self._secret_said(item)
            return f'"{said}"' if said is not None else None
        out, found = [], False
        for c in parts:
            if c.type != "template_substitution":
                out.append(re.sub(r'([\\"$`])', r"\\\1", self.src(c) if c.type == "string_fragment" else
                                  _unescape(self.src(c))))
                continue
            inner = c.named_children[0] if c.named_children else None
            said = self._secret_said(inner) if inner is not None else None
            v = self.string(inner) if said is None and inner is not None else None
            found |= said is not None
            out.append(said if said is not None else re.sub(r'([\\"$`])', r"\\\1", v) if v is not None else "$ARG")
        return '"' + "".join(out) + '"' if found else None

    def _secret_said(self, node) -> str | None:
        """`$(gh auth token)` or `$GITHUB_TOKEN` for what `node` carries (sent_word), None for anything else."""
        for kind, name, _, _ in self._carried([(node, False)]):
            if kind == "token":
                return "$(" + name.strip("`") + ")"
            if kind == "var" and secret_name(name) and re.fullmatch(r"[A-Za-z_]\w*", name):
                return "$" + name
        return None

    @staticmethod
    def _local(text: str | None, base: str | None) -> bool:
        """Whether the request goes to this machine by its literal URL (or base)."""
        for t in (text, base):
            if t and t[:1] not in (COMPUTED, ENVIRONMENT) and "//" in t[:12]:
                h = url_host(t)
                return h is not None and COMPUTED not in h and ENVIRONMENT not in h and loopback(h)
        return False

    # -- what a request carries ------------------------------------------------------------------------------------
    def _url_payload(self, url, depth: int = 0) -> list:
        """The parts of a URL expression that are data rather than where it goes: all but a leading expression that
        is the destination itself (`${process.env.API_URL}/x`, `webhook`, `${base}/p`)."""
        if url is None or depth > 4:
            return []
        t = url.type
        if t in _WRAPS and url.named_children:
            return self._url_payload(url.named_children[0], depth + 1)
        if t in ("identifier", "shorthand_property_identifier"):
            values, changes = self._values_of(url)
            return [p for v in values for p in self._url_payload(v, depth + 1)] + changes
        if t == "template_string":
            kids = url.named_children
            lead = kids[0] if kids and kids[0].type == "template_substitution" else None
            return [c.named_children[0] for c in kids if c.type == "template_substitution" and c is not lead and
                    c.named_children]
        if t == "binary_expression" and self.src(url.child_by_field_name("operator")) == "+":
            parts, left = [], url
            while left.type == "binary_expression" and self.src(left.child_by_field_name("operator")) == "+":
                parts.append(left.child_by_field_name("right"))
                left = left.child_by_field_name("left")
            return [p for p in parts if p is not None]  # the leftmost operand is where it goes
        if t == "new_expression" and self.src(url.child_by_field_name("constructor")) == "URL":
            args = self.args(url)
            return self._url_payload(args[0], depth + 1) if len(args) < 2 else args[:1]
        if t == "member_expression" and self.src(url.child_by_field_name("property")) in ("href", "toString"):
            return self._url_payload(url.child_by_field_name("object"), depth + 1)
        if t == "call_expression":
            f = url.child_by_field_name("function")
            if f is not None and f.type == "member_expression" and not self.args(url):
                return self._url_payload(f, depth + 1)  # u.toString()
            return [url] if not self.may_decode(url) or self.decoded(url) is None else []
        if t in ("member_expression", "subscript_expression", "string"):
            return []  # process.env.WEBHOOK_URL, cfg.url: the destination
        return [url]

    def _carried(self, roots: list) -> list:
        """(kind, name, node, in a header) of what the expressions `roots` ((node, in a header) pairs) carry: a
        variable of the environment ("var", its name), the environment or variables of it picked at run time
        ("env"), a credential file ("file", its path), a saved browser session ("session")."""
        out: list = []
        stack = [(n, hdr, 0) for n, hdr in reversed(roots)]
        seen: set = set()
        steps = 0
        while stack and steps < 600:
            n, hdr, depth = stack.pop()
            steps += 1
            if n is None or (n.id, hdr) in seen:
                continue
            seen.add((n.id, hdr))  # (a value reached from a header and from the body is read for both)
            t = n.type
            if t in _SKIP:
                continue
            if t in ("identifier", "shorthand_property_identifier", "member_expression", "subscript_expression",
                     "call_expression"):
                got = self._env_read(n)
                if got is not None:
                    out.extend((kind, name, n, hdr is True) for kind, name in got)
                    continue
            if t == "member_expression":
                if self.src(n.child_by_field_name("property")) in _HASH_FIELDS:
                    out.append(("hashes", self.src(n), n, hdr is True))  # u.passwordHash of each user listed
                    continue
                picked = self._picked(n, 0)
                if picked is not None:  # smtp.host of `const smtp = { host, auth: { pass } }`: that value alone
                    stack.append((picked, hdr, depth + 1))
                    continue
            if t == "identifier" and holds(self.doc.data, b"imapflow") and self._mail_item(n):
                out.append(("mail", self.src(n), n, hdr is True))
                continue
            if t == "identifier" and self._broker_message(n):
                out.append(("messages", self.src(n), n, hdr is True))
                continue
            if t in ("identifier", "shorthand_property_identifier"):
                if depth < 6:
                    values, changes = self._values_of(n)
                    stack.extend((v, hdr, depth + 1) for v in values + changes)
                continue
            if t == "call_expression":
                fn = n.child_by_field_name("function")
                callee = self.src(fn) if fn is not None else ""
                if _HTTP.search(callee) or _ONE_WAY.search(callee):
                    continue  # another request's response, a signature or hash made with a secret
                read = self._file_read(n, fn)
                if read is not None:
                    out.append((*read, n, hdr is True))
                    continue
                argv = self._printing_argv(n, fn)
                token = printed_token(argv) if argv else None
                if token is not None:  # execSync("gh auth token")
                    out.append(("token", token, n, hdr is True))
                    continue
                kept = secret_output(argv) if argv else None
                if kept is not None:  # execSync("gpg --export-secret-keys --armor")
                    out.append(("printed", kept, n, hdr is True))
                    continue
                rows = self._rows_read(n, fn)
                if rows is not None:  # prisma.customer.findMany(…): the table's rows
                    args = self.args(n)
                    held = customer_query(self.string(args[0]) if args else None)
                    out.append(("customer", held, n, hdr is True) if held else ("rows", rows, n, hdr is True))
                    continue
                if hdr is False and depth + (n.parent is not None and n.parent.type == "pair"):
                    hdr = None  # what a call makes of its arguments (JSON.stringify(cfg)) is data, whatever its keys
            elif t == "pair":
                key = n.child_by_field_name("key")
                word = self.src(key).strip("'\"`").lower() if key is not None else ""
                # an `auth` or `headers` key of the request's options authenticates it; one inside the data sent
                # (`body: JSON.stringify({ smtp: { auth: { pass } } })`) is only more data
                inner = True if hdr is True or hdr is False and word in _AUTH_KEYS else \
                    None if hdr is None or word in _BODY_KEYS else False
                if hdr is not None and word in _TLS_IDENTITY and self._tls_options(n):
                    continue  # a client certificate and its key (an https.Agent's, the request's own options) sign
                    # the TLS handshake: nothing of them is sent, as with curl's --cert/--key
                stack.append((n.child_by_field_name("value"), inner, depth))
                continue
            elif t == "new_expression":
                made = self.src(n.child_by_field_name("constructor"))
                if made == "Headers":
                    hdr = True
                elif made.rsplit(".", 1)[-1] in _SQLITE_OPENS and self.args(n):
                    # better-sqlite3 / node:sqlite / bun:sqlite open the file itself: its rows are the file's content
                    # (VS Code's state.vscdb holds every extension's secrets)
                    path = self.decoded(self.args(n)[0])
                    if path is not None and _credential(path):
                        out.append(("file", path, n, hdr is True))
                        continue
            stack.extend((c, hdr, depth) for c in reversed(n.named_children))
        return out

    def _hook_credential(self, at, own, host: str, found: list) -> bool:
        """`body: JSON.stringify({ webhook: { endpoint: "https://escalations.acme.example.com/zendesk", authentication:
        { data: { token: process.env.ESCALATIONS_TOKEN } } } })` to the Zendesk API, authenticated with Zendesk's own
        token: a webhook registered with the credential the service presents to the hook's endpoint, the token's own
        service (as python/network.py reads it). Unauthenticated, or to a stranger's host, it is the token sent."""
        if not any(k == "var" and h and secret_name(n) and (o := owner(n)) is not None and o.owns(host)
                   for k, n, _, h in found):
            return False
        n, levels = at.parent, 0
        while n is not None and n.type not in ("call_expression", "new_expression") and levels < 6:
            if n.type == "object":
                levels += 1
                for pair in n.named_children:
                    v = pair.child_by_field_name("value") if pair.type == "pair" else None
                    text = self.string(v) if v is not None and v.type in ("string", "template_string") else None
                    if text and "://" in text and (h := remote_target(text)) and h != host and own.owns(h):
                        return True
            n = n.parent
        return False

    def _token_exchange(self, at, url: str | None, host: str) -> bool:
        """`fetch("https://login.acme.com/oauth2/token", { method: "POST", body: new URLSearchParams({ grant_type:
        "client_credentials", client_secret: process.env.KC_OPS_SECRET }) })`: an app's own credential exchanged for
        an access token at an OAuth token endpoint over TLS on a named host (finance_tables.TOKEN_PATH)."""
        from ..finance_tables import GRANTS, OAUTH_SECRET_KEYS, TOKEN_PATH
        from ..hosts import ip_literal

        if not url or ip_literal(host) or not TOKEN_PATH.match(url):
            return False
        up = at.parent
        while up is not None and up.type in _WRAPS:
            up = up.parent
        if up is None or up.type != "pair":
            return False
        key = up.child_by_field_name("key")
        if key is None or (self.string(key) or self.src(key)) not in OAUTH_SECRET_KEYS or up.parent is None:
            return False
        for pair in up.parent.named_children:
            k = pair.child_by_field_name("key") if pair.type == "pair" else None
            if k is not None and (self.string(k) or self.src(k)) == "grant_type":
                return self.string(pair.child_by_field_name("value")) in GRANTS
        return False

    def _tls_options(self, pair) -> bool:
        """Whether the object holding `pair` is the TLS options of a connection: `new https.Agent({...})`, undici's
        `new Agent({ connect: {...} })`, `tls.connect({...})`, `tls.createSecureContext({...})`, or the options of
        `https.request(url, {...})` / `https.get`."""
        obj = pair.parent
        for _ in range(2):
            if obj is None or obj.type != "object":
                return False
            up = obj.parent
            if up is not None and up.type == "pair":
                obj = up.parent
                continue
            if up is None or up.type != "arguments" or up.parent is None:
                return False
            call = up.parent
            fn = call.child_by_field_name("constructor" if call.type == "new_expression" else "function")
            name = self.src(fn).rpartition(".")[2] if fn is not None else ""
            if call.type == "new_expression":
                return name == "Agent"
            return name in ("connect", "createSecureContext") or name in ("request", "get") and \
                self.src(fn).split(".")[0] in ("https", "tls") and up.named_children[0] != obj
        return False

    def _picked(self, member, depth: int):
        """The value node `obj.key` reads when `obj` is a name given one object literal, never changed after, that
        has the key (`smtp.auth.pass`); None otherwise (the whole object is then followed)."""
        if depth > 6:
            return None
        obj, prop = member.child_by_field_name("object"), member.child_by_field_name("property")
        while obj is not None and obj.type in _WRAPS and obj.named_children:
            obj = obj.named_children[0]
        if obj is None or prop is None or prop.type != "property_identifier":
            return None
        if obj.type == "identifier":
            values, changes = self._values_of(obj)
            if len(values) != 1 or changes:
                return None
            made = values[0]
        elif obj.type == "member_expression":
            made = self._picked(obj, depth + 1)
        else:
            return None
        while made is not None and made.type in _WRAPS and made.named_children:
            made = made.named_children[0]
        if made is None or made.type != "object":
            return None
        key = self.src(prop)
        found = None
        for pair in made.named_children:
            if pair.type == "spread_element":
                return None
            k = pair.child_by_field_name("key") if pair.type == "pair" else pair
            if k is not None and (self.string(k) if k.type == "string" else self.src(k)) == key:
                found = pair.child_by_field_name("value") if pair.type == "pair" else pair
        return found

    def _values_of(self, ident) -> tuple[list, list]:
        """(the values the name `ident` is given in a scope around it, the values put into it after: `.set(k, v)`,
        `.append`, `.push`, `x.k = v`, `Object.assign(x, …)`); a helper's parameter stands for what each call
        passes it."""
        name = self.src(ident)
        table = self._name_table()
        given, changed = table.get(name, ((), ()))
        scope = _scope_of(ident)
        values = [v for v, where in given if _within(ident, where) and v.start_byte < ident.start_byte or
                  v.type in _FUNCTION_VALUES and _within(ident, where)]
        changes = [v for v, where in changed if _within(ident, where)]
        if not values and scope is not None and scope.type != "program":
            for row in self.alternatives([ident]) or ():
                v = row.get(name)
                if v is not None:
                    values.append(v)
        return values, changes

    def _name_table(self) -> dict:
        """name -> ([(value, the scope it is given in)], [(value put into it, scope)]) for the whole snippet, made once
        (by one query: the tree is not walked in Python)."""
        state = self._flows_state()
        table = state.get("names")
        if table is not None:
            return table
        from ..common_code import _cursor

        table = {}
        for _, caps in _cursor(self.grammar(), _NAMES_QUERY).matches(self.root) if self.root is not None else ():
            name, value = caps.get("name"), caps.get("value")
            changed = False
            if name is None:  # payload.token = …, u.searchParams.set(k, v), Object.assign(o, …)
                name, value, changed = caps.get("target"), caps.get("put"), True
            if not name or not value:
                continue
            for v in value:
                table.setdefault(self.src(name[0]), ([], []))[1 if changed else 0].append((v, _scope_of(v)))
        state["names"] = table
        return table

    def _env_read(self, n) -> list | None:
        """What of the environment `n` reads: [("var", NAME)…] for variables by name, [("env", None)] for the whole
        environment or variables picked at run time; [] for what carries none of it (`Object.keys(process.env)`:
        names only); None when `n` is not a read of the environment."""
        t = n.type
        if t == "call_expression":
            fn = n.child_by_field_name("function")
            q = self.qualname(fn) if fn is not None and fn.type != "import" else None
            args = self.args(n)
            if q == "Deno.env.get" and args:
                key = self.decoded(args[0])
                return [("var", key)] if key else [("env", None)]
            if q == "Deno.env.toObject":
                return [("env", None)]
            if q == "Reflect.get" and len(args) > 1 and self._env_object(args[0]):
                keys = self._keys_read(args[1])
                return [("var", k) for k in keys] if keys else [("env", None)]
            if q in ("Object.keys", "Object.getOwnPropertyNames", "Reflect.ownKeys") and args and \
                    self._env_object(args[0]):
                return []
            return None
        if t in ("identifier", "shorthand_property_identifier"):
            if self._env_object(n):
                return [("env", None)]
            q = self.qualname(n) if t == "identifier" else self.alias.get(self.src(n))
            if q and q.startswith(_ENV_PREFIXES):
                return [("var", q.split(".env.", 1)[1].split(".")[0])]
            return None
        obj = n.child_by_field_name("object")
        if obj is not None and self._env_object(obj):
            if t == "member_expression":
                prop = n.child_by_field_name("property")
                up = n.parent
                if prop is None or up is not None and up.type == "call_expression" and \
                        up.child_by_field_name("function") == n:
                    return None  # vals.join(","): a method of what was read, read on
                return [("var", self.src(prop))]
            keys = self._keys_read(n.child_by_field_name("index"))
            return [("var", k) for k in keys] if keys else [("env", None)]
        if self._env_object(n):  # process.env, g["pro" + "cess"]["env"], dotenv.config().parsed
            return [("env", None)]
        q = self._resolved(n)
        if q and q.startswith(_ENV_PREFIXES):
            return [("var", q.split(".env.", 1)[1].split(".")[0])]
        return None

    def _env_object(self, node, depth: int = 0) -> bool:
        """Whether `node` is the environment, or an object made of all of it (`{ ...process.env }`, `Env.parse(
        process.env)`, `new Proxy(process.env, …)`, a Proxy handler's target, a name bound to one of these)."""
        if node is None or depth > 6:
            return False
        memo = self._flows_state().setdefault("env objects", {})
        found = memo.get(node.id)
        if found is None:
            memo[node.id] = False  # (a name bound to itself)
            found = memo[node.id] = self._env_object_at(node, depth)
        return found

    def _env_object_at(self, node, depth: int) -> bool:
        t = node.type
        if t in _WRAPS and node.named_children:
            return self._env_object(node.named_children[0], depth + 1)
        if t == "identifier":
            name = self.src(node)
            if self.alias.get(name) in _ENV_WHOLE or name in self.env_names:
                return True
            if name in ("process", "globalThis", "global", "Bun", "Deno", "window"):
                return False
            if holds(self.doc.data, b"Proxy") and self._proxy_target(node):
                return True
            if self.mutable(name):
                return False
            made = self.bound.get(name) or self.declared(node, _ENV_COPIES)
            return made is not None and made != node and self._env_object(made, depth + 1)
        if t in ("member_expression", "subscript_expression"):
            if t == "member_expression" and self.src(node.child_by_field_name("property")) == "parsed":
                made = node.child_by_field_name("object")  # dotenv.config().parsed
                while made is not None and made.type in _WRAPS and made.named_children:
                    made = made.named_children[0]
                fn = made.child_by_field_name("function") if made is not None and made.type == "call_expression" \
                    else None
                return fn is not None and self.module(self.qualname(fn)) in (("dotenv", "config"),
                                                                             ("dotenv", "default.config"))
            return self._resolved(node) in _ENV_WHOLE
        if t == "object":
            return any(c.type == "spread_element" and c.named_children and self._env_object(c.named_children[0],
                                                                                             depth + 1)
                       for c in node.named_children)
        if t == "new_expression":
            ctor = self.src(node.child_by_field_name("constructor"))
            args = self.args(node)
            return ctor == "Proxy" and bool(args) and self._env_object(args[0], depth + 1)
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            q = self.qualname(fn) if fn is not None and fn.type != "import" else None
            if q in ("Object.keys", "Object.getOwnPropertyNames", "Reflect.ownKeys") or _HTTP.search(self.src(fn)):
                return False
            if q in ("Reflect.get",):
                return self._resolved(node) in _ENV_WHOLE
            if self.module(q) in (("dotenv", "parse"), ("dotenv", "default.parse")):
                return True  # the variables of the project's .env file
            args = self.args(node)
            return any(self._env_object(a, depth + 1) for a in args[:2] if a.type != "object") or \
                any(a.type == "object" and self._env_object(a, depth + 1) for a in args[:2])
        return False

    def _proxy_target(self, ident) -> bool:
        """Whether `ident` is the target parameter of a Proxy handler's trap (`new Proxy(process.env, { get(t, k) {
        … } })`): every read through it is a read of the environment."""
        name = self.src(ident)
        up = ident.parent
        while up is not None and up.type not in _FUNCTIONS:
            up = up.parent
        if up is None or up.type == "program":
            return False
        params = up.child_by_field_name("parameters")
        first = next((c for c in params.named_children if c.type != "comment"), None) if params is not None else None
        pat = first.child_by_field_name("pattern") if first is not None and first.type.endswith("_parameter") else first
        if pat is None or self.src(pat) != name:
            return False
        holder = up.parent
        if holder is not None and holder.type == "pair":
            holder = holder.parent
        if holder is None or holder.type != "object":
            return False
        outer = holder.parent
        if outer is not None and outer.type == "arguments":
            made = outer.parent
            if made is not None and made.type == "new_expression" and \
                    self.src(made.child_by_field_name("constructor")) == "Proxy":
                args = self.args(made)
                return len(args) > 1 and args[1] == holder and self._env_object(args[0])
            return False
        if outer is not None and outer.type == "variable_declarator":
            handler = outer.child_by_field_name("name")
            if handler is None or handler.type != "identifier":
                return False
            m = re.search(rf"new\s+Proxy\s*\(\s*([\w$.]+)\s*,\s*{re.escape(self.src(handler))}\s*\)",
                          self.doc.data.decode("utf-8", "replace"))
            return m is not None and (m.group(1) in _ENV_WHOLE or self.alias.get(m.group(1)) in _ENV_WHOLE)
        return False

    def _keys_read(self, index) -> list[str] | None:
        """The variable names `process.env[index]` reads: the index decoded, or the items of what a callback's or
        a loop's parameter goes over (`names.map((n) => process.env[n])` with `names` decoded); None when they are
        picked at run time."""
        if index is None:
            return None
        v = self.decoded(index)
        if v is not None:
            return [v]
        if index.type != "identifier":
            return None
        name = self.src(index)
        up = index.parent
        while up is not None:
            if up.type == "for_in_statement":
                left = up.child_by_field_name("left")
                if left is not None and self.src(left) == name:
                    return _names(self.evaluated(up.child_by_field_name("right")))
            elif up.type in ("arrow_function", "function_expression", "function"):
                params = self.parameters(up) or {}
                if name in params:
                    holder = up.parent
                    call = holder.parent if holder is not None and holder.type == "arguments" else None
                    fn = call.child_by_field_name("function") if call is not None else None
                    if fn is None or fn.type != "member_expression" or \
                            self.src(fn.child_by_field_name("property")) not in _CALLBACKS:
                        return None
                    at = params[name][0]
                    if at != (1 if self.src(fn.child_by_field_name("property")) == "reduce" else 0):
                        return None
                    return _names(self.evaluated(fn.child_by_field_name("object")))
            up = up.parent
        return None

    def _file_read(self, call, fn) -> tuple[str, str] | None:
        """("file", path) for a read of a credential file, ("session", path) for a Playwright session saved by this
        code (or one returned by `storageState()` / `cookies()`); None for any other call."""
        if fn is None or fn.type == "import":
            return None
        prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
        last = self.src(prop) if prop is not None else self.src(fn)
        args = self.args(call)
        if last in _SESSION_CALLS and prop is not None and not (last == "storageState" and args):
            return ("session", "") if holds(self.doc.data, b"playwright") or holds(self.doc.data, b"puppeteer") else None
        if last not in _FILE_READS and last != "file" and last not in ("readTextFile",):
            return None
        q = self.qualname(fn) or ""
        mod = self.module(q)[0]
        if not (mod in _FS or q.startswith("fs.promises.") or q in _FILE_READS) or not args:
            return None
        path = self.decoded(args[0])
        if path is None:
            found = next((p for p in self._read_paths(args[0], call) if _credential(p)), None)
            return ("file", found) if found is not None else None
        if _credential(path):
            return "file", path  # (a held one, `~/.claude.json`, Grafana's database, is read here but never sent)
        state = self._flows_state()
        saved = state.get("sessions")
        if saved is None:
            saved = state["sessions"] = frozenset(p.lstrip("./") for p in _STORAGE_PATH.findall(
                self.doc.data.decode("utf-8", "replace")))
        return ("session", path) if path.lstrip("./") in saved else None


    def _read_paths(self, node, call) -> list[str]:
        """The paths a read's path expression `node` names when the code runs, when they are not one literal: each
        reading of it (`/tmp/krb5cc_${uid}`, `path.join(os.homedir(), ".local/share/jupyter/runtime", f)`, a name
        only known then as `*`), its literal end under a start not known (`path.join(root, "android/app/release.jks")`)
        and, in a loop over a literal list (`for (const f of ["credentials.json", "android/app/release.jks"])`), the
        path each item makes."""
        from ..common_code import RUN_NAME

        out = [p.replace(RUN_NAME, "*") for p in self.run_paths(node) or ()]
        tail = self.path_tail(node)
        if tail:
            out.append(tail)
        text = self.src(node)
        if node.type == "identifier" and not self.mutable(text) and text in self.bound:
            text += " " + self.src(self.bound[text])
        up = call.parent
        while up is not None and up.type != "program":
            if up.type == "for_in_statement":
                name = self.loop_name(up)
                items = self.loop_items(up) if name and re.search(rf"(?<![\w$.]){re.escape(name)}\b", text) else None
                values = [self.string(i) for i in items or ()][:32]
                if values and all(v is not None for v in values):
                    with self._loop_name(name) as key:
                        for v in values:
                            self.consts[key] = v
                            out.extend(p.replace(RUN_NAME, "*") for p in self.run_paths(node) or ())
                            tail = self.path_tail(node)
                            if tail:
                                out.append(tail)
                    break
            up = up.parent
        return out



# child_process calls whose output code keeps (a token a program prints), and execa's

    # -- ssh clients: the key they log in with, the forwards they open ----------------------------------------------
    def login_path(self, node, value: str) -> bool:
        """Whether the path `value` (the string `node`) is an ssh key an ssh library is handed to log in with: the
        ssh2 `connect({privateKey: readFileSync(`${os.homedir()}/.ssh/id_ed25519`)})` (also node-ssh's and
        ssh2-sftp-client's `privateKey`/`privateKeyPath`), as `ssh -i KEY` is: the client signs with it and nothing of
        it is read into the code and sent. (For the walk to ask before a credential path is judged.)"""
        if ".ssh/" not in value or not in_input(_SSH_LIBRARIES, self.doc.data):
            return False
        name = paths.normalize(value).rpartition("/")[2]
        if not ssh_key_name(name):
            return False
        up = node.parent
        for _ in range(6):
            if up is None:
                return False
            if up.type == "pair":
                key = up.child_by_field_name("key")
                return key is not None and (self.string(key) or self.src(key)) in _KEY_OPTIONS
            if up.type == "call_expression":
                fn = up.child_by_field_name("function")
                callee = self.src(fn).rpartition(".")[2] if fn is not None else ""
                if callee not in ("readFileSync", "readFile", "join", "resolve"):
                    return False
            elif up.type not in ("arguments", "await_expression", "parenthesized_expression"):
                return False
            up = up.parent
        return False

    def visit_ssh_forward(self, prop, node, args: list) -> None:
        """ssh2's `conn.forwardIn("0.0.0.0", 2022, …)` has the other machine listen and hand each connection to this
        code, which joins it to a local port: listening on every interface of the other machine, or leading to this
        machine's sshd (RDP, VNC, the Docker API), hands this machine to whoever reaches that one (as `ssh -R`)."""
        if prop is None or not args or prop.end_byte - prop.start_byte not in (4, 9) or \
                not in_input(_SSH_LIBRARIES, self.doc.data):
            return
        if self.src(prop) in ("exec", "execCommand"):
            self._ssh_exec(prop, node, args)
            return
        if self.src(prop) != "forwardIn":
            return
        bind = self.string(args[0])
        if bind is None:
            return
        local = _LOCAL_SERVICE.search(self.doc.data)
        if bind in ("", "0.0.0.0", "::", "*") or not loopback(bind.strip("[]")):
            why = f"listens on {'every interface' if bind in ('', '0.0.0.0', '::', '*') else bind} of the other machine"
        elif local is not None:
            why = f"leads to this machine's port {local.group(1).decode()} (remote login or the Docker API)"
        else:
            return
        shown = ", ".join(self.src(x)[:30] for x in args[:2])
        self.block("reverse-shell", f"`forwardIn({shown})` {why}: whoever reaches that machine gets into this "
                                    "one; forward only a dev server's port, on the other side's loopback", node)


    def _ssh_exec(self, prop, node, args: list) -> None:
        """ssh2's `conn.exec("sudo rm -rf /var/lib/app/media/*")` (node-ssh's `execCommand`): the line runs on the
        host the client connects to, judged as `ssh HOST 'LINE'` is (a wipe there has no undo either)."""
        text = self.string(args[0])
        if text is None or (self.src(prop) == "exec" and in_input(_CHILD_PROCESS, self.doc.data)):
            return  # (child_process's exec is judged as a local command by the process rules)
        from ..bash.infra import _elsewhere

        _elsewhere(self, f"{self.src(node.child_by_field_name('function'))[:40]}", text, node, attacks_block=True)


def secret_output(argv: list) -> str | None:
    """`gpg --export-secret-keys` when the literal `argv` (words the code computes are None) prints a secret a tool
    keeps: private keys, the keychain's passwords (`security find-generic-password -w`), a password store's entry,
    a cluster's secrets, a credential helper's answer; None for any other program."""
    if not argv or not argv[0]:
        return None
    prog = argv[0].rsplit("/", 1)[-1]
    words = [w for w in argv[1:] if w]
    ways = _SECRET_OUTPUTS.get(prog)
    if ways is None:
        return None
    for way in ways:
        if all(any(w == p or p.startswith("-") and len(p) == 2 and w[:1] == "-" and w[1:2] != "-" and p[1] in w[1:]
                   for w in words) for p in way):
            return f"`{prog} {' '.join(way)}`"
    return None


# programs that print a secret they keep, by the words (all of one row) that make them print it; a short option
# also counts inside a cluster (`-gw`)
_SECRET_OUTPUTS = {
    "gpg": (("--export-secret-keys",), ("--export-secret-subkeys",)),
    "gpg2": (("--export-secret-keys",), ("--export-secret-subkeys",)),
    "security": (("find-generic-password", "-w"), ("find-generic-password", "-g"), ("find-internet-password", "-w"),
                 ("find-internet-password", "-g"), ("dump-keychain", "-d")),
    "pass": (("show",),),
    "op": (("read",), ("item", "get")),
    "vault": (("read",), ("kv", "get")),
    "git": (("credential", "fill"),),
    "getent": (("shadow",), ("gshadow",)),
    "kubectl": (("get", "secret"), ("get", "secrets")),
}

# the fields of a user record that hold the password's hash (Firebase Auth's `listUsers`, an ORM's user row)
_HASH_FIELDS = frozenset({"passwordHash", "passwordSalt", "password_hash", "hashedPassword", "hashed_password",
                          "encryptedPassword", "encrypted_password", "passwordDigest", "password_digest"})

# the methods that set where mail or texts go on to (visit_redirect), and the words code doing so holds
_REDIRECT_VERBS = frozenset({"updateAutoForwarding", "create", "post", "patch", "update"})
_REDIRECT_HINT = re.compile(rb"updateAutoForwarding|filters\.create|messageRules")

# winston's transports that send entries to another host, (module, member) -> the options naming it
_LOG_TRANSPORTS = {("winston", "transports.Http"): ("host", "url"), ("winston", "transports.Syslog"): ("host",),
                   ("winston-syslog", "Syslog"): ("host",),
                   ("winston-logstash", ""): ("host",), ("winston-logstash", "Logstash"): ("host",),
                   ("winston-loki", ""): ("host",), ("winston-loki", "LokiTransport"): ("host",)}
_LOG_LEVELS = frozenset({"log", "error", "warn", "info", "http", "verbose", "debug", "silly"})
_CHILD_PROCESS = re.compile(rb"""["'](?:node:)?child_process["']|\bexeca\b|["']zx["']""")
_RUNS_PRINTING = frozenset({"execSync", "execFileSync", "spawnSync", "exec", "execFile"})
_EXECA_PRINTING = frozenset({("execa", ""), ("execa", "execa"), ("execa", "execaSync"), ("execa", "execaCommand"),
                             ("execa", "execaCommandSync"), ("execa", "command"), ("execa", "commandSync")})
# the ORM's and drivers' reads of many rows (`find` only where a document or entity library is named; `query`,
# `all`, `execute` only of a literal SELECT)
_ROW_READS = frozenset({"findMany", "findAll", "findAndCountAll", "getMany", "getRawMany", "getManyAndCount", "toArray",
                        "$queryRaw", "$queryRawUnsafe", "find", "query", "all", "execute"})
# error reporters' and product analytics' SDKs, which send what they are given to their service with every event
_REPORTERS = ("@sentry/", "@bugsnag/", "rollbar", "@honeybadger-io/", "@datadog/browser-", "posthog-", "@logtail/",
              "@airbrake/", "raygun", "@highlight-run/", "logrocket", "@appsignal/", "elastic-apm-node", "@rollbar/")
_REPORTER_HINT = re.compile(rb"@sentry/|@bugsnag/|rollbar|@honeybadger-io/|@datadog/browser-|posthog-|@logtail/|"
                            rb"@airbrake/|raygun|@highlight-run/|logrocket|@appsignal/|elastic-apm-node")
# what searches or compares a value without carrying it on (a reporter's hook scrubbing secrets out of an event)
_LOOKUPS = frozenset({"replace", "replaceAll", "includes", "indexOf", "lastIndexOf", "split", "startsWith", "endsWith",
                      "test", "match", "matchAll", "has", "entries", "values", "keys", "some", "every", "search"})
_COMPARES = frozenset({"===", "!==", "==", "!=", "in", "instanceof", "<", ">", "<=", ">="})
_MQTT = re.compile(rb"""["'](?:mqtt|async-mqtt)["']""")
_MQTT_CONNECTS = frozenset({("mqtt", "connect"), ("mqtt", "connectAsync"), ("async-mqtt", "connect"),
                            ("async-mqtt", "connectAsync")})
# Octokit's methods that publish what they are given (an issue, a comment, a review, a gist, a release), and the
# groups they are in (`octokit.issues.createComment`, `octokit.rest.gists.create`)
_OCTOKIT_PUBLISH = frozenset({"create", "createComment", "update", "updateComment", "createReview",
                              "createReviewComment", "createRelease", "updateRelease", "createCommitComment",
                              "createDiscussion", "createDiscussionComment"})
_OCTOKIT_GROUPS = frozenset({"issues", "pulls", "gists", "repos", "teams", "rest"})
_SAID = {"env": "the environment (process.env: every token and key in it)",
         "mail": "the messages of the mailbox (every mail fetched over IMAP)",
         "session": "a browser session saved by Playwright (its cookies and tokens)"}
# a name's values followed even when given after its use: a function bound to it
_FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function"})
_ENV_COPIES = frozenset({"object", "call_expression", "new_expression", "member_expression", "subscript_expression",
                         "identifier", "as_expression", "await_expression", "parenthesized_expression"})


def _scope_of(node):
    """The function (or the program) `node` is in."""
    up = node.parent
    while up is not None and up.type not in _FUNCTIONS:
        up = up.parent
    return up


def _within(node, scope) -> bool:
    return scope is None or scope.start_byte <= node.start_byte < scope.end_byte


def _names(value) -> list[str] | None:
    """The strings of a decoded list (the variable names a loop or a callback goes over)."""
    if not isinstance(value, list) or not value or len(value) > 64 or not all(isinstance(v, str) for v in value):
        return None
    return value

_SSH_LIBRARIES = re.compile(rb"""["'](?:node:)?(?:ssh2|node-ssh|ssh2-sftp-client|ssh2-promise)["']""")
_KEY_OPTIONS = frozenset({"privateKey", "privateKeyPath"})
# a connection to one of this machine's services that hand it over (sshd, RDP, VNC, the Docker API)
_LOCAL_SERVICE = re.compile(rb"""\b(?:net\.)?(?:connect|createConnection)\(\s*(22|3389|590[0-2]|237[56])\s*[,)]""")


def _credential(path: str) -> bool:
    """A credential file, one of the project's `.env` files, or a credential read here every day but never sent."""
    return paths.is_secret(path) or paths.dotenv_file(path) or paths.held_secret(path)


def _untrusted_download(url: str) -> bool:
    from ..hosts import stranger_host

    return stranger_host(url) is not None