"""Documentation and static sites from Python (session 29): as bash/docsites.py, what a request to a hosting, CDN,
search or code-host API does (docsites_tables: a zone's protections turned off, a team's owner invited at a personal
address, secret scanning turned off, a login path forwarded to a look-alike host), records saved into a search index
linking to a look-alike (`index.save_objects([...])`), a file of secrets copied into a folder the site publishes
(`shutil.copy(".env.production", "static/env.txt")`), the whole environment served as a response
(`return jsonify(dict(os.environ))`). (A bucket opened to anyone is python/irreversible.py's.)

Session 27: a request's body or a search batch's records given through a name (`payload = {...}` then
`requests.patch(url, json=payload)`); the same settings changed through an SDK (Cloudflare's
`cf.zones.settings.ssl.patch(z, data={"value": "off"})`, `client.accounts.members.create(…)`; PyGithub's
`repo.edit(security_and_analysis=…)` and `repo.add_to_collaborators(user, permission="admin")`, held as Octokit's
is); a file of secrets or the whole environment written into a published folder
(`Path("public/env.txt").write_text(Path(".env.production").read_text())`, `os.replace(".env", "static/env.txt")`);
a route returning the whole environment (`@app.get("/debug") … return dict(os.environ)`, `jsonify(**os.environ)`).

Session 27's mend: the value written is judged, not the text around it (`docsites_env`, each node once); the
environment's items or values, a loop writing them, `print(…, file=f)`, YAML dumps; a file of secrets reached
through a name, a joined path or `dotenv_values`, linked or symlinked; `JSONResponse(content=…)`, Sanic's `json`.

The same calls with the settings tightened, ordinary records and files, a named value returned, the environment
handed to a child process or filling a template (`Template(t).safe_substitute(os.environ)`), a membership test, its
names or their count, and a test's `@mock.patch` stay allowed.
"""
from __future__ import annotations

import re
from ..per_input import in_input

_SENDS = frozenset({"post", "put", "patch", "request"})
_RECORDS = frozenset({"save_objects", "save_object", "add_documents", "partial_update_objects", "replace_all_objects",
                      "add_objects", "upsert"})
_COPIES = frozenset({"copy", "copy2", "copyfile", "move", "rename", "replace", "copytree", "symlink", "link",
                     "symlink_to", "hardlink_to"})
# (a serialiser's `dump(value, file)`, and `print(value, file=f)`)
_DUMPS = frozenset({"json.dump", "yaml.dump", "yaml.safe_dump", "toml.dump", "tomli_w.dump", "pickle.dump"})
_DUMP_NAMES = frozenset(q.rsplit(".", 1)[1] for q in _DUMPS)
_WRITES = frozenset({"write_text", "write_bytes", "write", "writelines", "print"}) | _DUMP_NAMES
_RESPONDS = frozenset({"jsonify", "JSONResponse", "Response", "HttpResponse", "JsonResponse", "make_response",
                       "json_response", "PlainTextResponse", "ORJSONResponse", "UJSONResponse"})
# SDK methods of the CDN's and the code host's clients (Cloudflare's, PyGithub's)
_SDK = frozenset({"edit", "update", "create", "add_to_collaborators", "add_api_key", "create_key"})
_KEYS_SDK = re.compile(r"(?:^|\.)keys\.create$")
_NAMES = _SENDS | _RECORDS | _COPIES | _WRITES | _RESPONDS | _SDK
_HINT = re.compile(rb"/settings|/members|/invit|secret_scanning|forwarding_url|/indexes/|/pagerules|/repos/|/keys")
# what a name given a request's body, its records or a response may hold
_HELD = frozenset({"dictionary", "list", "call", "string", "concatenated_string", "binary_operator",
                   "dictionary_comprehension", "attribute"})
_ZONE_SDK = re.compile(r"(?:^|\.)zones\.settings(?:\.(\w+))?\.(?:edit|patch|put|update)$")
_MEMBERS_SDK = re.compile(r"(?:^|\.)accounts\.members\.(?:create|post|add)$")
_GET_REPO = re.compile(r"""\bget_repo\s*\(\s*f?["']([\w.-]+/[\w.-]+)["']""")
# a function that answers a web framework's route (Flask, FastAPI, Starlette, Quart, Sanic, Django Ninja)
# (a test's `@mock.patch("app.settings.load")` patches; it answers nothing)
_ROUTE = re.compile(r"@(?!(?:unittest\.)?mock\.|patch\b|pytest\.)[\w.]*\.(?:get|post|put|patch|delete|head|options|"
                    r"route|api_route|websocket)\s*\(")
# calls that hand on what they are given whole: a copy, its JSON, YAML or text
_COPYING = frozenset({"dict", "str", "repr", "json.dumps", "flask.json.dumps", "orjson.dumps", "ujson.dumps",
                      "simplejson.dumps", "yaml.dump", "yaml.safe_dump", "toml.dumps", "tomli_w.dumps",
                      "pprint.pformat", "jsonify", "flask.jsonify", "JSONResponse", "fastapi.responses.JSONResponse",
                      "starlette.responses.JSONResponse", "sanic.json", "sanic.response.json",
                      "aiohttp.web.json_response"})
_SEQUENCES = frozenset({"list", "tuple", "sorted", "set"})
# what builds a path from parts, and what reads an environment file into values
_PATH_JOINS = frozenset({"os.path.join", "posixpath.join", "pathlib.Path", "Path", "pathlib.PurePath", "PurePath"})
_ENV_FILE_READERS = frozenset({"dotenv.dotenv_values", "dotenv_values", "dotenv.main.dotenv_values", "open", "io.open"})
_COMPREHENSIONS = frozenset({"dictionary_comprehension", "list_comprehension", "set_comprehension",
                             "generator_expression"})


class Docsites:
    def visit_docsites(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        if name in _SENDS:
            self._docsites_request(q, name, node, pos)
            if name in ("patch", "put") and fn.type == "attribute":
                self._docsites_sdk(name, fn, node, pos)
        elif name in _RECORDS:
            from ..docsites_tables import poisoned_records
            from ..per_input import decoded

            why = poisoned_records(self._docsites_expanded(node), decoded(self.doc.data))
            if why:
                self.block("exfiltration", f"`{name}` {why}", node)
        elif name in _COPIES:
            self._docsites_copy(q, name, fn, node, pos)
        elif name in _WRITES:
            if name == "print":  # print(dict(os.environ), file=f)
                out = self.kwarg(node, "file")
                if out is not None and pos:
                    self._docsites_written("print", self._written_through(out), pos[0], node)
            elif name not in _DUMP_NAMES:
                self._docsites_write(name, fn, node, pos)
            elif q in _DUMPS and len(pos) > 1:  # json.dump(dict(os.environ), open("public/env.json", "w"))
                self._docsites_written(q, self._written_through(pos[1]), pos[0], node)
        elif name in _SDK:
            if fn.type == "attribute":
                self._docsites_sdk(name, fn, node, pos)
        else:
            body = pos[0] if pos else next((a for a in self.args(node) if a.type == "dictionary_splat"), None) or \
                self.kwarg(node, "content") or self.kwarg(node, "body")
            if body is not None and self.docsites_env(body):
                self.block("exfiltration", f"`{name}({self.src(body)[:40]})` answers a request with the whole "
                                           "environment: every secret the service runs with, to whoever asks; return "
                                           "only the values a health check needs", node)

    def _docsites_expanded(self, node) -> str:
        """The call's source, then what each name it is given (an argument, a keyword's value, `**opts`) was given:
        a body built in a name before the request (`payload = {"value": "off"}`)."""
        out = [self.src(node)]
        todo, seen = list(self.args(node)), 0
        while todo and seen < 16:  # (a name given another name: followed a few steps)
            arg = todo.pop(0)
            v = arg.child_by_field_name("value") if arg.type == "keyword_argument" else \
                arg.named_children[0] if arg.type in ("dictionary_splat", "list_splat") and arg.named_children else arg
            if v is not None and v.type == "identifier":
                seen += 1
                made = self.bound.get(self.src(v)) or self.declared(v, _HELD)
                if made is not None and made != v:
                    out.append(self.src(made)[:20_000])
                    todo.append(made)
        return "\n".join(out)

    def _docsites_request(self, q: str | None, name: str, node, pos: list) -> None:
        if not in_input(_HINT, self.doc.data) or not pos:
            return
        from ..bash.docsites import held_request, judge_request
        from ..per_input import decoded

        if name == "request":
            if len(pos) < 2:
                return
            method, url = (self.string(pos[0]) or "").upper(), pos[1]
        else:
            method, url = name.upper(), pos[0]
        target, body = self.string(url) or self.src(url).strip("fr\"'"), self._docsites_expanded(node)
        found = judge_request(target, method, body, decoded(self.doc.data))
        if found is not None:
            self.block(found[0], f"`{q or name}` {found[1]}", node)
            return
        found = held_request(target, method, body)
        if found is not None:
            self.review(found[0], f"`{q or name}` {found[1]}", node)

    def _docsites_copy(self, q: str | None, name: str, fn, node, pos: list) -> None:
        """`shutil.copy(".env.production", "static/env.txt")`, `os.replace(".env", "public/env.txt")`,
        `Path(".env").rename("public/env.txt")`."""
        from ..bash.docsites import BUILT, PUBLISHED, secret_published
        from ..per_input import decoded

        if q and q.startswith(("shutil.", "os.")) and len(pos) >= 2:
            dst = self.string(pos[1])
            src = self._docsites_path(pos[0]) if dst else None
        elif name in ("rename", "replace") and fn.type == "attribute" and pos:
            dst = self.string(pos[0])
            src = self._docsites_path(fn.child_by_field_name("object")) if dst else None
        elif name in ("symlink_to", "hardlink_to") and fn.type == "attribute" and pos:
            dst = self.string(fn.child_by_field_name("object"))
            src = self._docsites_path(pos[0]) if dst else None
        else:
            return
        # (`text.replace(a, b)` is everywhere: the folder is read before the whole code is)
        if not src or not dst or PUBLISHED.search(dst) is None and BUILT.search(dst) is None:
            return
        why = secret_published(src, dst, decoded(self.doc.data))
        if why:
            self.block("exfiltration", f"`{q or name}` {why}", node)

    def _docsites_write(self, name: str, fn, node, pos: list) -> None:
        """`Path("public/env.txt").write_text(Path(".env.production").read_text())`, `open("static/env.json",
        "w").write(json.dumps(dict(os.environ)))`: a file of secrets or the whole environment written into a folder
        the site publishes."""
        if not pos or fn.type != "attribute":
            return
        obj = fn.child_by_field_name("object")
        self._docsites_written(self.src(fn)[:60], self.string(obj) if name != "write" else self._written_through(obj),
                               pos[0], node)

    def _docsites_written(self, shown: str, path: str | None, content, node) -> None:
        """`content` (a call: its arguments and what their names were given) written to the file `path`."""
        if not path or "/" not in path:
            return
        from ..bash.docsites import published
        from ..docsites_tables import published_write
        from ..per_input import decoded

        text = decoded(self.doc.data)
        if not published(path, text):
            return
        expanded = self._docsites_expanded(content) if content.type == "call" else self.src(content) + "\n" + (
            self.src(made) if content.type == "identifier" and (made := self.declared(content, _HELD)) else "")
        why = published_write(path, self._docsites_read(content), expanded, text, self.docsites_env(content))
        if why:
            self.block("exfiltration", f"`{shown}` {why}", node)

    def _docsites_sdk(self, name: str, fn, node, pos: list) -> None:
        """Cloudflare's and PyGithub's clients: the same settings as their REST calls (bash/docsites.judge_request)."""
        from .. import docsites_tables as dt
        from ..per_input import decoded

        callee = self.src(fn)
        if len(callee) > 200:
            return
        m = _ZONE_SDK.search(callee)
        if m is not None:
            named = self.kwarg(node, "setting_id") or self.kwarg(node, "setting_name")
            setting = m.group(1) or (self.string(pos[0]) if pos else None) or \
                (self.string(named) if named is not None else None) or ""
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
        if name == "create_key" or name == "create" and _KEYS_SDK.search(callee):
            # Meilisearch's `client.create_key({...})`, Typesense's `client.keys.create({...})`
            found = dt.key_minted("/keys", self._docsites_expanded(node))
            if found:
                self.review("privilege-escalation", f"`{callee}` {found}", node)
        elif name == "add_api_key":  # Algolia's client: `add_api_key(["deleteIndex", "editSettings"], {...})`
            found = dt.key_minted("/1/keys", f"acl: {self.src(pos[0])}\n" + self._docsites_expanded(node)
                                  if pos else self._docsites_expanded(node))
            if found:
                self.review("privilege-escalation", f"`{callee}` {found}", node)
        elif name == "edit":
            self._docsites_repo_edit(callee, fn, node)
        elif name == "add_to_collaborators":
            self._docsites_collaborator(callee, node, pos)

    def _docsites_repo_edit(self, callee: str, fn, node) -> None:
        """PyGithub's `repo.edit(security_and_analysis={…"disabled"…})`, `repo.edit(private=False)` of a repository
        whose name says it holds internal documents."""
        from .. import docsites_tables as dt

        body = self._docsites_expanded(node)
        why = dt.scanning_off(body)
        if why:
            self.block("permission-tamper", f"`{callee}` {why}", node)
            return
        private = self.kwarg(node, "private")
        visibility = self.kwarg(node, "visibility")
        if not (private is not None and self.src(private) == "False" or
                visibility is not None and self.string(visibility) == "public"):
            return
        obj = fn.child_by_field_name("object")
        made = self.bound.get(self.src(obj)) or self.declared(obj, _HELD) if obj.type == "identifier" else obj
        m = _GET_REPO.search(self.src(made) if made is not None else "")
        if m and dt.internal_name(m.group(1)):
            self.block("exfiltration", f"`{callee}` {dt.internal_published('repository', m.group(1), 'private=False')}",
                       node)

    def _docsites_collaborator(self, callee: str, node, pos: list) -> None:
        """PyGithub's `repo.add_to_collaborators("user", permission="admin")`: held as Octokit's addCollaborator."""
        from ..cloud_admin import REPO_ADMIN, collaborator_message

        given = self.kwarg(node, "permission") or (pos[1] if len(pos) > 1 else None)
        permission = self.string(given) if given is not None else None
        if permission not in REPO_ADMIN:
            return
        user = self.string(pos[0]) if pos else None
        self.review("privilege-escalation", collaborator_message(
            callee, f"the account {user}" if user else "an account named at run time", permission, False), node)

    def _docsites_path(self, node, depth: int = 0) -> str | None:
        """The path `node` names, as far as the code says: its string, a name given one, `Path(x).resolve()`, and for
        a path joined at run time (`os.path.join(ROOT, ".env")`, `Path(ROOT) / ".env"`) its last literal part after
        `$/`: enough to tell a file of secrets by its name."""
        if node is None or depth > 3:
            return None
        v = self.string(node)
        if v is not None:
            return v
        t = node.type
        if t == "identifier":
            made = self.bound.get(self.src(node)) or self.declared(node, _HELD)
            return self._docsites_path(made, depth + 1) if made is not None and made != node else None
        if t == "parenthesized_expression" and node.named_children:
            return self._docsites_path(node.named_children[0], depth + 1)
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) == "/":
            last = self.string(node.child_by_field_name("right"))
            return "$/" + last if last else None
        if t != "call":
            return None
        f = node.child_by_field_name("function")
        if f is not None and f.type == "attribute" and \
                self.src(f.child_by_field_name("attribute")) in ("resolve", "absolute", "expanduser"):
            return self._docsites_path(f.child_by_field_name("object"), depth + 1)
        args = self.args(node)
        if args and self.qualname(f) in _PATH_JOINS:
            last = self.string(args[-1])
            return "$/" + last if last else None
        return None

    def _docsites_read(self, node) -> str | None:
        """The file of secrets whose text the value `node` reads (`Path(".env.production").read_text()`,
        `open(os.path.join(ROOT, ".env")).read()`, `src.read_text()` with `src = Path(".env")`,
        `dotenv_values(".env.production")`, a name given one of these), or None."""
        from .. import paths

        todo, seen = [node], 0
        while todo and seen < 24:
            n = todo.pop()
            seen += 1
            if n is None:
                continue
            if n.type == "identifier":
                made = self.bound.get(self.src(n)) or self.declared(n, _HELD)
                if made is not None and made != n:
                    todo.append(made)
                continue
            if n.type != "call":
                todo += [c for c in n.named_children[:8] if c.type not in ("string", "comment")]
                continue
            f = n.child_by_field_name("function")
            args = self.args(n)
            read = None
            if f is not None and f.type == "attribute" and \
                    self.src(f.child_by_field_name("attribute")) in ("read_text", "read_bytes", "read", "readlines"):
                obj = f.child_by_field_name("object")
                opened = obj if obj is not None and obj.type == "call" and \
                    self.qualname(obj.child_by_field_name("function")) in ("open", "io.open") else None
                read = self._docsites_path(self.args(opened)[0] if opened is not None and self.args(opened) else obj)
            elif args and self.qualname(f) in _ENV_FILE_READERS:
                read = self._docsites_path(args[0])
            if read and (paths.dotenv_file(read) or paths.is_secret(read)):
                return read
            todo += args[:8] + ([f] if f is not None else [])
        return None

    # -- the whole environment answered -------------------------------------------------------------------------------
    def docsites_env(self, node, depth: int = 0, memo: dict | None = None) -> bool:
        """Is the value `node` the whole environment (`os.environ`, `dict(os.environ)`, `os.environ.copy()`,
        `{**os.environ}`, its items or values, an unfiltered comprehension over it, its JSON or YAML, a string or a
        dict holding it, a name given one of these)? A call that only uses it (`Template(t).substitute(os.environ)`,
        `subprocess.run(…, env=os.environ)`), a membership test, its names or their count are not it. Each node is
        read once per question and a literal's first 32 entries only (a dict naming another dict many times, three
        deep, was read once per path to it)."""
        if node is None or depth > 4:
            return False
        memo = {} if memo is None else memo
        key = (node.id, depth)
        if key not in memo:
            memo[key] = False  # (a name given itself)
            memo[key] = self._docsites_env(node, depth, memo)
        return memo[key]

    def _docsites_env(self, node, depth: int, memo: dict) -> bool:
        t = node.type
        deeper = depth + 1
        if t in ("attribute", "identifier") and self.qualname(node) == "os.environ":
            return True
        if t in ("dictionary_splat", "list_splat", "parenthesized_expression", "await", "interpolation"):
            return bool(node.named_children) and self.docsites_env(node.named_children[0], deeper, memo)
        if t == "call":
            f = node.child_by_field_name("function")
            args = self.args(node)
            attr = self.src(f.child_by_field_name("attribute")) if f is not None and f.type == "attribute" else None
            if attr in ("copy", "items", "values"):
                return self.docsites_env(f.child_by_field_name("object"), deeper, memo)
            if (attr == "join" or self.qualname(f) in _SEQUENCES) and args:
                # (over the mapping itself: its names only; over its items or values, or a comprehension: all of it)
                given = args[0].child_by_field_name("function") if args[0].type == "call" else None
                pairs = args[0].type in _COMPREHENSIONS or given is not None and given.type == "attribute" and \
                    self.src(given.child_by_field_name("attribute")) in ("items", "values")
                return pairs and self.docsites_env(args[0], deeper, memo)
            if self.qualname(f) in _COPYING and args:
                return self.docsites_env(args[0], deeper, memo)
            return False
        if t == "dictionary":
            return any(self.docsites_env(c if c.type == "dictionary_splat" else c.child_by_field_name("value"), deeper,
                                         memo)
                       for c in node.named_children[:32] if c.type in ("dictionary_splat", "pair"))
        if t in ("list", "tuple", "set", "concatenated_string", "string"):
            return any(self.docsites_env(c, deeper, memo) for c in node.named_children[:32]
                       if c.type not in ("string_start", "string_content", "string_end", "escape_sequence"))
        if t == "binary_operator":
            return self.src(node.child_by_field_name("operator")) in ("+", "%") and any(
                self.docsites_env(node.child_by_field_name(f), deeper, memo) for f in ("left", "right"))
        if t == "conditional_expression":  # (`dict(os.environ) if DEBUG else {}`: the environment when it is on)
            return any(self.docsites_env(c, deeper, memo) for c in node.named_children[:3:2])
        if t in _COMPREHENSIONS:
            return self._docsites_env_loop(node, deeper, memo)
        if t == "identifier":
            made = self.bound.get(self.src(node)) or self.declared(node, _HELD)
            if made is None:
                return self._docsites_env_looped(node, deeper, memo)
            return made != node and self.docsites_env(made, deeper, memo)
        return False

    def _docsites_env_looped(self, node, depth: int, memo: dict) -> bool:
        """A loop's value variable over the environment (`v` of `for k, v in os.environ.items():`, of `for v in
        os.environ.values():`): writing it in the loop writes every value."""
        name = self.src(node)
        up = node.parent
        for _ in range(12):
            if up is None or up.type in ("function_definition", "module"):
                return False
            if up.type == "for_statement":
                left, right = up.child_by_field_name("left"), up.child_by_field_name("right")
                names = [self.src(c) for c in left.named_children] if left is not None and \
                    left.type in ("pattern_list", "tuple_pattern") else [self.src(left)] if left is not None else []
                f = right.child_by_field_name("function") if right is not None and right.type == "call" else None
                attr = self.src(f.child_by_field_name("attribute")) if f is not None and f.type == "attribute" else None
                value = names[1:2] if attr == "items" else names[:1] if attr == "values" else []
                return name in value and self.docsites_env(right, depth, memo)
            up = up.parent
        return False

    def _docsites_env_loop(self, node, depth: int, memo: dict) -> bool:
        """A comprehension over the environment's items (`{k: v for k, v in os.environ.items()}`) or over its names
        reading each value (`{k: os.environ[k] for k in os.environ}`), with no condition choosing or masking some of
        them (`if k.startswith("PUBLIC_")`, `'***' if 'KEY' in k else v`)."""
        kids = node.named_children
        body = kids[0] if kids else None
        if body is None or any(c.type == "if_clause" for c in kids) or \
                any(c.type == "conditional_expression" for c in (body, body.child_by_field_name("value"))
                    if c is not None):
            return False
        loop = next((c for c in kids if c.type == "for_in_clause"), None)
        over = loop.child_by_field_name("right") if loop is not None else None
        if over is None:
            return False
        if over.type == "call":  # `.items()`, `.values()`
            return self.docsites_env(over, depth, memo)
        return self.docsites_env(over, depth, memo) and f"{self.src(over)}[" in self.src(body)

    def visit_docsites_return(self, node) -> None:
        """`return dict(os.environ)` in a route's function (`@app.get("/debug")`): the whole environment answered."""
        value = node.named_children[0] if node.named_children else None
        if value is None or value.type == "call" and self.src(value.child_by_field_name("function")) in _RESPONDS:
            return  # (a response's call is judged as a call)
        shown = self.src(value)
        if "environ" not in shown and value.type != "identifier" or not self.docsites_env(value, 0):
            return
        up = node.parent
        while up is not None and up.type not in ("function_definition", "lambda", "module"):
            up = up.parent
        holder = up.parent if up is not None and up.type == "function_definition" else None
        if holder is None or holder.type != "decorated_definition" or \
                not any(_ROUTE.match(self.src(d)) for d in holder.named_children if d.type == "decorator"):
            return
        self.block("exfiltration", f"`return {shown[:40]}` answers a route's requests with the whole environment: "
                                   "every secret the service runs with, to whoever asks; return only the values a "
                                   "health check needs", node)
