"""Documentation and static sites from TypeScript (session 29): as bash/docsites.py, what a request (`fetch`) to a
hosting, CDN, search or code-host API does (docsites_tables), records saved into a search index linking to a look-alike
of the organisation's host (`client.saveObjects({ objects: [{ url: 'https://acme-account-verify.com/…' }] })`), a file
of secrets copied into a folder the site publishes (`fs.copyFileSync('.env.production', 'public/env.txt')`), and the
whole environment served as a response: a Pages Function or Worker answering `new Response(JSON.stringify(env))`,
Express's `res.json(process.env)`, Hono's `c.json(c.env)` (every binding and secret the function runs with, to
whoever asks; behind a "diagnostic" query parameter it is a back door).

Session 27: a request's options or body given through a name (`const init = { method: 'PATCH', body }` then
`fetch(url, init)`); the same settings changed through an SDK (Cloudflare's `cf.zones.settings.edit('ssl', {…})`
and `accounts.members.create`, Octokit's `repos.update`, `repos.updateInformationAboutPagesSite` and
`octokit.request('PATCH /repos/{owner}/{repo}', {…})`); a bucket's ACL opened by `new PutBucketAclCommand`
(blocked unless the bucket is named as a website's, which is reviewed; bash/infra.py's reading of bucket names); a
file of secrets or the whole environment written into a published folder (`fs.writeFileSync('public/env.txt',
fs.readFileSync('.env.production'))`, `fse.copy('.env', 'public/env.txt')`); the environment answered through a name
or a copy (`const e = process.env; res.json(e)`, `res.json(Object.assign({}, process.env))`).

Session 27's mend: the value written judged as a response's is (`Mustache.render(tpl, process.env)` and
`execSync(…, { env: process.env })` only use it); a file of secrets reached through a name, `path.join`, a
template's path, `dotenv.config({ path })`, a stream's `pipe` or `fs.linkSync`; routes answered by an arrow's value
(`fastify.get('/d', async () => process.env)`, Nitro's `defineEventHandler`), `NextResponse.json`; S3's second SDK
(`s3.putBucketAcl`), Meilisearch's and Typesense's keys (`createKey`, `keys().create`).

Responses built from named values, ordinary records and files, settings tightened and buckets kept private stay
allowed.
"""
from __future__ import annotations

import re
from ..per_input import in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request"})
_RECORDS = frozenset({"saveObjects", "saveObject", "addDocuments", "partialUpdateObjects", "replaceAllObjects",
                      "addOrUpdateDocuments", "updateDocuments", "import"})
_COPIES = frozenset({"copyFile", "copyFileSync", "cp", "cpSync", "rename", "renameSync", "symlink", "symlinkSync",
                     "copy", "copySync", "move", "moveSync", "link", "linkSync"})
_WRITES = frozenset({"writeFileSync", "writeFile", "appendFileSync", "appendFile", "outputFile", "outputFileSync",
                     "writeTextFile", "writeTextFileSync", "write"})
_RESPONDS = frozenset({"json", "send", "end"})
# SDK methods of the CDN's and the code host's clients (Cloudflare's, Octokit's)
_SDK = frozenset({"edit", "update", "create", "updateInformationAboutPagesSite", "createPagesSite", "addApiKey",
                  "createKey", "putBucketAcl"})
_KEYS_SDK = re.compile(r"(?:^|\.)keys(?:\(\))?\.create$")
# a route registered with a handler (Express's, Fastify's, Hono's `app.get('/x', h)`; Nitro's and h3's handlers)
_ROUTES = frozenset({"get", "post", "put", "patch", "delete", "all", "route", "defineEventHandler", "eventHandler",
                     "defineHandler"})
_NAMES = _SENDS | _RECORDS | _COPIES | _WRITES | _RESPONDS | _SDK | _ROUTES | {"pipe"}
_HINT = re.compile(rb"/settings|/members|/invit|secret_scanning|forwarding_url|/indexes/|/pagerules|/repos/|/keys")
# the whole environment: Node's, or a Worker's / Pages Function's bindings (`env`, `context.env`, `c.env`)
_ENV = r"(?:process\.env|(?:(?:context|ctx|c|event)\.)?env)"
_WHOLE_ENV = re.compile(rf"^(?:JSON\.stringify\s*\(\s*)?(?:\{{\s*\.\.\.)?{_ENV}(?:\s*\}})?\s*(?:,[^()]*)?\)?$")
# a request handler's response object (Express's `res`, Fastify's `reply`, Hono's `c`, Koa's `ctx`): other `send`s
# and `end`s are a process's IPC or a stream's
_RESPONSE = frozenset({"res", "reply", "response", "resp", "c", "ctx", "context", "h", "Response", "NextResponse"})
# a bare `env` that is a Worker's or Pages Function's bindings: the second parameter of its `fetch` handler, or a
# Pages Function's destructured context
_BINDINGS = re.compile(rb"\bfetch\s*\(\s*\w+\s*(?::\s*\w+\s*)?,\s*env\b|"
                       rb"\bonRequest\w*\s*(?::[^=\n]{0,120})?=\s*(?:async\s*)?\(\s*\{[^}]{0,200}\benv\b")
# what a name given a request's options, body or records may hold
_HELD = frozenset({"object", "array", "call_expression", "template_string", "string", "await_expression",
                   "member_expression", "identifier", "binary_expression"})
# (calls that copy what they are given: the environment passes through them whole)
_COPYING = frozenset({"JSON.stringify", "structuredClone", "Object.assign", "Object.fromEntries", "Object.entries",
                      "Object.values", "_.clone", "_.cloneDeep", "cloneDeep", "YAML.stringify", "yaml.dump",
                      "yaml.stringify", "util.inspect", "JSON5.stringify"})
_ROUTE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+(/\S*)$")
# an object's or a template's parts that hold a value
_HOLDS = frozenset({"spread_element", "pair", "template_substitution", "shorthand_property_identifier"})
# what reads a file's text
_FILE_READS = frozenset({"readFileSync", "readFile", "readTextFile", "readTextFileSync", "file", "parse"})
_ZONE_SDK = re.compile(r"(?:^|\.)zones\.settings(?:\.(\w+))?\.(?:edit|patch|update)$")
_MEMBERS_SDK = re.compile(r"(?:^|\.)accounts\.members\.(?:create|add)$")
_REPOS_SDK = re.compile(r"(?:^|\.)repos\.(update|updateInformationAboutPagesSite|createPagesSite)$")
_PARAM = r"""\b{name}\s*:\s*["'`]([\w.-]+)["'`]"""
# a bucket ACL that lets anyone read (and list) it
_PUBLIC_ACL = re.compile(r"""\bACL\s*:\s*["'`](public-read(?:-write)?|authenticated-read)["'`]|"""
                         r"""\bGrant(?:Read|Write|FullControl)\s*:\s*["'`][^"'`]*AllUsers""")
_BUCKET = re.compile(r"""\bBucket\s*:\s*["'`]([\w.-]+)["'`]""")
# a bucket named as a website's: its host name (`docs.acme.com`, what S3 website hosting asks for) or a site's word
_SITE_BUCKET = re.compile(r"(?i)^(?:[a-z0-9-]+\.)+[a-z]{2,}$|(?:^|[-_.])(?:www|site|website|static|assets|public|"
                          r"cdn|web|pages)(?:[-_.]|$)")


class Docsites:
    def visit_docsites(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not args:
            return
        if name in _ROUTES:
            self._docsites_route(name, node, args)
        if name in _SENDS:
            self._docsites_request(name, node, args)
            if name == "patch" and fn.type == "member_expression":
                self._docsites_sdk(name, fn, node, args)
        elif name in _RECORDS:
            if name == "import" and b"typesense" not in self.doc.data.lower():
                return
            from ..docsites_tables import poisoned_records
            from ..per_input import decoded

            why = poisoned_records(self._docsites_expanded(node), decoded(self.doc.data))
            if why:
                self.block("exfiltration", f"`{name}` {why}", node)
        elif name in _COPIES:
            if len(args) < 2:
                return
            from ..bash.docsites import BUILT, PUBLISHED, secret_published
            from ..per_input import decoded

            dst = self._docsites_path(args[1])
            if not dst or PUBLISHED.search(dst) is None and BUILT.search(dst) is None:
                return
            src = self._docsites_path(args[0])
            why = secret_published(src, dst, decoded(self.doc.data)) if src else None
            if why:
                self.block("exfiltration", f"`{q or name}` {why}", node)
        elif name in _WRITES:
            self._docsites_write(q or name, node, args)
        elif name == "pipe":  # fs.createReadStream('.env').pipe(fs.createWriteStream('public/env.txt'))
            self._docsites_piped(fn, node, args)
        elif name in _SDK:
            if fn is not None and fn.type == "member_expression":
                self._docsites_sdk(name, fn, node, args)
        elif fn is not None and fn.type == "member_expression" and self._docsites_root(fn) in _RESPONSE:
            self.env_answered(f"{self.src(fn)}(…)", node, args[0])

    def _docsites_root(self, fn) -> str | None:
        """The name a member call's chain starts at (`res` of `res.status(200).json`)."""
        for _ in range(8):
            if fn is None:
                return None
            if fn.type == "identifier":
                return self.src(fn)
            fn = fn.child_by_field_name("object") if fn.type == "member_expression" else \
                fn.child_by_field_name("function") if fn.type == "call_expression" else None
        return None

    def _docsites_expanded(self, node) -> str:
        """The call's source, then what each name it is given was given: an argument (`fetch(url, init)`), or a
        value in an object argument (`{ method: 'PATCH', body }` with `const body = JSON.stringify({…})`)."""
        out = [self.src(node)]
        todo, seen = list(self.args(node)), 0
        while todo and seen < 16:  # (an object given by a name may itself name its body: two steps at most)
            arg = todo.pop(0)
            if arg.type in ("identifier", "shorthand_property_identifier"):
                seen += 1
                made = self.declared(arg, _HELD)
                if made is not None:
                    out.append(self.src(made)[:20_000])
                    todo.append(made)
            elif arg.type == "object":
                for p in arg.named_children[:32]:
                    v = p if p.type == "shorthand_property_identifier" else \
                        p.child_by_field_name("value") if p.type == "pair" else None
                    if v is not None and v.type in ("identifier", "shorthand_property_identifier"):
                        todo.append(v)
        return "\n".join(out)

    def env_answered(self, shown: str, node, body) -> None:
        """`body` (a response's) is the whole environment: blocked."""
        text = self.src(body).strip()
        if _WHOLE_ENV.match(text) is None and not self._docsites_env(body, 0):
            return
        if "process.env" not in text and re.match(r"(?:JSON\.stringify\s*\(\s*)?(?:\{\s*\.\.\.)?env\b", text) and \
                not in_input(_BINDINGS, self.doc.data):
            return  # a value of the code's own named `env` (a config's, `$env/dynamic/public`, a parameter)
        self.block("exfiltration", f"`{shown}` answers a request with the whole environment ({text[:40]}): every "
                                   "secret and binding the function runs with, to whoever asks; return only the "
                                   "values a health check needs", node)

    def _docsites_env(self, node, depth: int, memo: dict | None = None) -> bool:
        """Is the value `node` Node's whole environment (or Deno's), through a copy (`Object.assign({}, process.env)`,
        `{ ...process.env }`), its JSON, a string holding it, an object holding it (`{ env: process.env }`) or a name
        given one of these (`const e = process.env`)? A call that only uses it (`Mustache.render(tpl, process.env)`,
        `execSync(…, { env: process.env })`), a membership test or its names are not it. Each node is read once per
        question."""
        if node is None or depth > 4:
            return False
        memo = {} if memo is None else memo
        key = (node.id, depth)
        if key not in memo:
            memo[key] = False  # (a name given itself)
            memo[key] = self._docsites_env_of(node, depth + 1, memo)
        return memo[key]

    def _docsites_env_of(self, node, deeper: int, memo: dict) -> bool:
        t = node.type
        if t in ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression",
                 "template_substitution", "spread_element", "satisfies_expression"):
            return bool(node.named_children) and self._docsites_env(node.named_children[0], deeper, memo)
        if t == "member_expression":
            return self.src(node) == "process.env"
        if t in ("identifier", "shorthand_property_identifier"):
            made = self.declared(node, _HELD)
            return made is not None and self._docsites_env(made, deeper, memo)
        if t == "call_expression":
            f = node.child_by_field_name("function")
            args = self.args(node)
            callee = self.src(f) if f is not None else ""
            if callee == "Deno.env.toObject":
                return True
            if callee not in _COPYING or not args:
                return False
            return any(self._docsites_env(a, deeper, memo) for a in (args if callee == "Object.assign" else args[:1]))
        if t in ("object", "array", "template_string"):
            return any(self._docsites_env(c.child_by_field_name("value") if c.type == "pair" else c, deeper, memo)
                       for c in node.named_children[:32] if t == "array" or c.type in _HOLDS)
        if t == "binary_expression":
            return self.src(node.child_by_field_name("operator")) == "+" and any(
                self._docsites_env(node.child_by_field_name(f), deeper, memo) for f in ("left", "right"))
        if t == "ternary_expression":  # (`DEBUG ? process.env : {}`: the environment when it is on)
            return any(self._docsites_env(node.child_by_field_name(f), deeper, memo)
                       for f in ("consequence", "alternative"))
        return False

    def visit_docsites_new(self, q: str | None, node, args: list) -> None:
        """`new Response(JSON.stringify(env))`; `new PutBucketAclCommand({ Bucket, ACL: 'public-read' })`."""
        if q in ("Response", "NextResponse") and args:
            self.env_answered(f"new {q}(…)", node, args[0])
        elif q and q.endswith("PutBucketAclCommand") and args:
            self._docsites_acl(node, "new PutBucketAclCommand")

    def _docsites_acl(self, node, callee: str) -> None:
        """A bucket's ACL opened to anyone: blocked, as `aws s3api put-bucket-acl --acl public-read` is, unless the
        bucket is named as a website's (its host name, `www-`, `-site`, `-static`…), which a person confirms."""
        from ..backups_tables import private_name

        call = self._docsites_expanded(node)
        acl = _PUBLIC_ACL.search(call)
        if acl is None:
            return
        m = _BUCKET.search(call)
        bucket = m.group(1) if m else None
        shown = f"`{callee}({{ ACL: '{acl.group(1) or 'AllUsers'}' }})`"
        if bucket and not private_name(bucket) and _SITE_BUCKET.search(bucket):
            self.review("exfiltration", f"{shown} lets anyone on the internet list and read {bucket}, a bucket named "
                                        "as a website's; a person should confirm it is meant to be public", node)
        else:
            self.block("exfiltration", f"{shown} lets anyone on the internet list and read {bucket or 'the bucket'} "
                                       "(every object in it); keep buckets private and share objects with presigned "
                                       "URLs", node)

    def _docsites_request(self, name: str, node, args: list) -> None:
        if not in_input(_HINT, self.doc.data):
            return
        from ..bash.docsites import held_request, judge_request
        from ..per_input import decoded

        url = self.string(args[0])
        if url is None and args[0].type == "template_string":
            # (a substitution kept as written: the name a member's id is given by, `${uid}`)
            url = "".join(self.src(c)[:80] for c in args[0].named_children)
        if url is None:
            return
        src = self._docsites_expanded(node)
        route = _ROUTE.match(url.strip()) if name == "request" else None
        if route is not None:  # Octokit's `request('PATCH /repos/{owner}/{repo}', { owner, repo, … })`
            method, url = route.group(1), self._docsites_filled(route.group(2), src)
        elif name == "fetch":
            m = re.search(r"""method\s*:\s*['"`](\w+)""", src)
            method = m.group(1) if m else "GET"
        else:
            method = name.upper()
        found = judge_request(url, method, src, decoded(self.doc.data))
        if found is not None:
            self.block(found[0], f"`{name}` {found[1]}", node)
            return
        found = held_request(url, method, src)
        if found is not None:
            self.review(found[0], f"`{name}` {found[1]}", node)

    @staticmethod
    def _docsites_filled(path: str, params: str) -> str:
        """An Octokit route's path with its `{owner}` and `{repo}` filled from the parameters' literal values."""
        for key in ("owner", "repo"):
            m = re.search(_PARAM.format(name=key), params)
            if m is not None:
                path = path.replace("{" + key + "}", m.group(1))
        return path

    def _docsites_sdk(self, name: str, fn, node, args: list) -> None:
        """Cloudflare's and Octokit's clients: the same settings as their REST calls (bash/docsites.judge_request)."""
        from .. import docsites_tables as dt
        from ..bash.docsites import judge_request
        from ..per_input import decoded

        callee = self.src(fn)
        if len(callee) > 200:
            return
        if name == "putBucketAcl":  # the AWS SDK's second version: `s3.putBucketAcl({ Bucket, ACL })`
            self._docsites_acl(node, callee)
            return
        m = _ZONE_SDK.search(callee)
        if m is not None:
            setting = m.group(1) or self.string(args[0]) or ""
            why = dt.zone_protection_off(f"/zones/Z/settings/{setting}", self._docsites_expanded(node),
                                         decoded(self.doc.data))
            if why:
                self.block("permission-tamper", f"`{callee}` {why}", node)
            return
        if _MEMBERS_SDK.search(callee):
            why = dt.owner_invited("/accounts/A/members", self._docsites_expanded(node))
            if why:
                self.block("privilege-escalation", f"`{callee}` {why}", node)
            return
        # Algolia's client (`addApiKey({ acl: ['deleteIndex', 'editSettings'] })`), Meilisearch's (`createKey`) and
        # Typesense's (`client.keys().create({ actions: ['*'], collections: ['*'] })`)
        if name in ("addApiKey", "createKey") or name == "create" and _KEYS_SDK.search(callee):
            why = dt.key_minted("/1/keys", self._docsites_expanded(node))
            if why:
                self.review("privilege-escalation", f"`{callee}` {why}", node)
            return
        m = _REPOS_SDK.search(callee)
        if m is None:
            return
        body = self._docsites_expanded(node)
        path = self._docsites_filled("/repos/{owner}/{repo}" + ("" if m.group(1) == "update" else "/pages"), body)
        found = judge_request(path, "PATCH" if m.group(1) == "update" else "PUT", body, decoded(self.doc.data))
        if found is not None:
            self.block(found[0], f"`{callee}` {found[1]}", node)

    def _docsites_write(self, shown: str, node, args: list) -> None:
        """`fs.writeFileSync('public/env.txt', fs.readFileSync('.env.production'))`, `writeFile('static/env.json',
        JSON.stringify(process.env))`: a file of secrets or the whole environment written into a published folder."""
        if len(args) < 2:
            return
        path = self._docsites_path(args[0])
        if not path or "/" not in path:
            return
        from ..bash.docsites import BUILT, PUBLISHED
        from ..docsites_tables import published_write
        from ..per_input import decoded

        if PUBLISHED.search(path) is None and BUILT.search(path) is None:
            return
        content = self.src(args[1])
        made = self.declared(args[1], _HELD) if args[1].type == "identifier" else None
        why = published_write(path, self._docsites_read(args[1]), content + ("\n" + self.src(made) if made is not None
                                                                           else ""),
                              decoded(self.doc.data), self._docsites_env(args[1], 0))
        if why:
            self.block("exfiltration", f"`{shown}` {why}", node)

    def _docsites_path(self, node, depth: int = 0) -> str | None:
        """The path `node` names, as far as the code says: its string, a template's text (`${dir}/public/env.json`),
        a name given one, `new URL('../public/x', import.meta.url)`, and for a path joined at run time
        (`path.join(root, '.env')`) its parts, the unknown ones as `$`: enough to tell a published folder or a file
        of secrets by its name."""
        if node is None or depth > 3:
            return None
        v = self.string(node)
        if v is not None:
            return v
        t = node.type
        if t == "template_string":
            return "".join("$" if c.type == "template_substitution" else self.src(c) for c in node.named_children)
        if t == "identifier":
            made = self.declared(node, _HELD)
            return self._docsites_path(made, depth + 1) if made is not None else None
        if t in ("call_expression", "new_expression"):
            f = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            callee = self.src(f) if f is not None else ""
            args = self.args(node)
            if callee == "URL" and args:
                return self._docsites_path(args[0], depth + 1)
            if callee.rsplit(".", 1)[-1] in ("join", "resolve") and callee.split(".", 1)[0] in ("path", "posix") \
                    and args:
                return "/".join(self._docsites_path(a, depth + 1) or "$" for a in args[:8])
        return None

    def _docsites_read(self, node) -> str | None:
        """The file of secrets whose text the value `node` reads (`fs.readFileSync('.env.production')`, through a name
        or a joined path, `dotenv.parse(…)`, `dotenv.config({ path: '.env.production' }).parsed`), or None."""
        from .. import paths

        todo, seen = [node], 0
        while todo and seen < 24:
            n = todo.pop()
            seen += 1
            if n is None:
                continue
            if n.type == "identifier":
                made = self.declared(n, _HELD)
                if made is not None:
                    todo.append(made)
                continue
            if n.type != "call_expression":
                todo += [c for c in n.named_children[:8] if c.type not in ("string", "comment")]
                continue
            f = n.child_by_field_name("function")
            args = self.args(n)
            callee = self.src(f).rsplit(".", 1)[-1] if f is not None else ""
            read = None
            if callee in _FILE_READS and args:
                read = self._docsites_path(args[0])
            elif callee == "config" and args and args[0].type == "object":  # dotenv.config({ path })
                given = next((p.child_by_field_name("value") for p in args[0].named_children
                              if p.type == "pair" and self.src(p.child_by_field_name("key")) == "path"), None)
                read = self._docsites_path(given) or (".env" if given is None else None)
            if read and (paths.dotenv_file(read) or paths.is_secret(read)):
                return read
            todo += args[:8] + ([f] if f is not None else [])
        return None

    def _docsites_piped(self, fn, node, args: list) -> None:
        """`fs.createReadStream('.env.production').pipe(fs.createWriteStream('public/env.txt'))`: a file of secrets
        streamed into a folder the site publishes."""
        from ..bash.docsites import secret_published
        from ..per_input import decoded

        source = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
        sink = args[0] if args else None
        if source is None or sink is None or source.type != "call_expression" or sink.type != "call_expression":
            return
        src_fn, dst_fn = source.child_by_field_name("function"), sink.child_by_field_name("function")
        if not (self.src(src_fn).endswith("createReadStream") and self.src(dst_fn).endswith("createWriteStream")):
            return
        src, dst = (self._docsites_path(self.args(c)[0]) if self.args(c) else None for c in (source, sink))
        why = secret_published(src, dst, decoded(self.doc.data)) if src and dst else None
        if why:
            self.block("exfiltration", f"`{self.src(fn)[:60]}` {why}", node)

    def _docsites_route(self, name: str, node, args: list) -> None:
        """A route answered by an arrow function's value (`fastify.get('/d', async () => process.env)`, Nitro's
        `defineEventHandler(() => process.env)`): judged as a response's body is."""
        if name in ("defineEventHandler", "eventHandler", "defineHandler"):
            handler = args[0]
        elif len(args) >= 2 and (self.string(args[0]) or "").startswith("/"):
            handler = args[-1]
        else:
            return
        body = handler.child_by_field_name("body") if handler.type == "arrow_function" else None
        if body is not None and body.type != "statement_block":
            self.env_answered(f"{name}(… => {self.src(body)[:30]})", node, body)
