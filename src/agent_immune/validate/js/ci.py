"""CI runners and code-host automation from TypeScript (session 15): the GitHub Actions toolkit (`@actions/core`,
`@actions/tool-cache`, `@actions/github`) and Octokit, read as bash/ci.py reads the runner's files and `gh` on the
command line.

- `core.exportVariable(NAME, value)` sets NAME for every later step of the job: judged as the `export NAME=value`
  it becomes (`LD_PRELOAD`, `BASH_ENV`, `NODE_OPTIONS=--require …` are blocked as `env-hijack`; `VERSION=1.2.3`
  is not). So are lines an fs write appends to `process.env.GITHUB_ENV` / `GITHUB_PATH`, decoded where the code
  decodes them.
- `core.addPath(dir)` (and a `$GITHUB_PATH` line) puts a folder in front of PATH for the later steps: a literal
  relative or /tmp folder is judged as the shell's PATH is; a folder holding a program this code downloaded
  (`fetch` + `writeFileSync`, `tc.downloadTool`, `tc.cacheFile` of a download) is blocked (`download-exec`) unless
  the download is a code host's versioned release, or a named https host's versioned file (the tool-cache
  pattern `tc.downloadTool(".../releases/download/v1.2.3/tool")` stays allowed).
- `core.getIDToken(audience)` (or the runner's `ACTIONS_ID_TOKEN_REQUEST_URL` fetched with `audience=`) gives a
  token made for that audience's service; sent in a request to a host that is not that service's it is blocked
  (`exfiltration`): whoever holds it can act as the workflow there (assume its cloud role). An audience naming no
  host (`api://AzureADTokenExchange`) only holds a token sent to a bare IP address.
- Branch protection deleted (`repos.deleteBranchProtection`, its review, admin, status-check, signature and
  restriction parts, rulesets; also `octokit.request("DELETE /repos/{owner}/{repo}/branches/{branch}/protection")`,
  GraphQL's `deleteBranchProtectionRule` and a DELETE of such a URL through fetch or axios) is blocked
  (`permission-tamper`, as the shell's `gh api -X DELETE …/protection`): unreviewed pushes then reach the branch.
  A deploy key with write access added through `octokit.request("POST /repos/…/keys")` is blocked as agents.py
  blocks `createDeployKey` (`persistence`).
- `repos.uploadReleaseAsset` (or the `…/releases/{id}/assets` route), and `twine upload`, `gh release upload` …
  run through `@actions/exec` or child_process, of a file this code downloaded from a host that is not a code
  host are blocked (`download-exec`): the project's users would run someone else's build.
- `repos.createOrUpdateFileContents` of a workflow whose new content is computed at run time: the steps its known
  pieces add (a `run:` line decoded from base64) are judged as commands (agents.py reads content known whole).
  The same commit through a plain request (`fetch(".../repos/o/r/contents/.github/workflows/x.yml", { method: "PUT",
  body: JSON.stringify({ content: Buffer.from(wf).toString("base64") }) })`): the workflow's steps judged alike.
- The working directory archived by a command line (`execSync("tar czf - .")`, `zip -r - .`, `git archive`) in code
  that sends a request with a body to another host: blocked (`exfiltration`), as the shell's `tar czf - . | curl`.
- `actions.deleteWorkflowRun`, `deleteWorkflowRunLogs`, `deleteArtifact`, `deleteActionsCacheById`/`ByKey` in a loop
  (or a `forEach`/`map` callback) over runs a listing gives are held for review (`irreversible`); one run by its id
  is the everyday clean-up.
- A script written into a project's tool folder (`node_modules/.bin/eslint`, `.venv/bin/x`), the way a cache is
  poisoned for the next job (`cache.saveCache(["node_modules"], key)`): judged as the script it is (by its `#!`).
"""
from __future__ import annotations

import re
import shlex
from urllib.parse import unquote

from ..per_input import holds
from .. import agent_settings, run_later
from ..common_code import _FETCHED, ARG, COMPUTED, ENVIRONMENT, irreversible_message, remote_target
from ..python.ci import (GRAPHQL_UNPROTECT, PROTECTION_LOSS, PROTECTION_PATH, RUNNER_FILES, TOOL_BIN, export_line,
                         foreign, inside, published, runner_file_lines, same_file, script_lang, upload_message,
                         versioned_release, workflow_steps)
from .network import _CLIENTS, _FETCHES, _VERBS

_PROTECTIONS = {"deleteBranchProtection": "deletes the branch's protection",
                "deletePullRequestReviewProtection": "removes the branch's required reviews",
                "deleteAdminBranchProtection": "lets administrators push past the branch's protection",
                "removeStatusCheckProtection": "removes the branch's required status checks",
                "deleteRepoRuleset": "deletes a ruleset protecting the repository's branches",
                "deleteOrgRuleset": "deletes a ruleset protecting the organisation's branches",
                "deleteCommitSignatureProtection": "removes the branch's required signatures",
                "deleteAccessRestrictions": "lets anyone with write access push to the branch"}
_RUN_DELETES = {"deleteWorkflowRun": "the workflow run with its logs and artifacts",
                "deleteWorkflowRunLogs": "the workflow run's logs", "deleteArtifact": "the artifact",
                "deleteActionsCacheById": "the Actions cache", "deleteActionsCacheByKey": "the Actions cache"}
_CORE = frozenset({"exportVariable", "addPath", "getIDToken"})
_FS_WRITES = frozenset({"writeFileSync", "writeFile", "appendFileSync", "appendFile", "outputFileSync", "outputFile"})
_FS = frozenset({"fs", "fs/promises", "fs-extra"})
# programs run through @actions/exec or child_process: (module, member) -> whether the call takes an argv array
_RUNNERS = {("@actions/exec", "exec"): True, ("@actions/exec", "getExecOutput"): True,
            ("child_process", "execFileSync"): True, ("child_process", "execFile"): True,
            ("child_process", "spawnSync"): True, ("child_process", "spawn"): True, ("execa", "execa"): True,
            ("execa", ""): True, ("child_process", "execSync"): False, ("child_process", "exec"): False}
_TOOL_CACHE = frozenset({"cacheFile", "cacheDir", "extractTar", "extractZip", "extract7z", "extractXar"})
_NAMES = frozenset(_PROTECTIONS) | frozenset(_RUN_DELETES) | _CORE | _FS_WRITES | {
    "uploadReleaseAsset", "createOrUpdateFileContents", "request", "graphql", "fetch", "delete", "exec",
    "getExecOutput", "execFileSync", "execFile", "spawnSync", "spawn", "execa", "execSync"}
_NAME_BYTES = frozenset(n.encode() for n in _NAMES)
_ASSETS_ROUTE = re.compile(r"^POST\s+\S*/repos/\S+/releases/\S+/assets")
_KEYS_ROUTE = re.compile(r"^POST\s+/repos/[^/\s]+/[^/\s]+/keys$")
_AUDIENCE = re.compile(r"audience=([^&'\"`\s$]+)")
_WRAPS = frozenset({"await_expression", "parenthesized_expression", "as_expression", "non_null_expression",
                    "satisfies_expression"})
_VALUES = frozenset({"call_expression", "await_expression", "template_string", "binary_expression", "string",
                     "member_expression", "identifier", "subscript_expression", "as_expression", "non_null_expression",
                     "parenthesized_expression", "array", "object"})
# IPv6: a colon after the first character (`[0-9a-f:]+:` tried every colon, each reading to the end)
_IP = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:][0-9a-f]*+:[0-9a-f:]*+)$", re.I)
_VERSION = re.compile(r"/v?\d+\.\d+(?:\.\d+)?(?:[/_.-]|$)")
_READS = frozenset({"readFileSync", "readFile", "createReadStream"})
# a command line archiving the working directory: `tar czf - .`, `zip -r out.zip .`, `git archive HEAD`
_PROJECT_ARCHIVE = re.compile(r"(?:^|[;&|]\s*)(?:tar\s+(?:-?[a-zA-Z]*c[a-zA-Z]*|--create)\b[^;&|]*\s(?:\.|\./|\$PWD|"
                              r"\$\(pwd\))(?=\s|$)|zip\s+-\w*r\w*\s+\S+\s+\.(?=\s|$)|"
                              r"git\s+(?:archive|bundle\s+create)\b)")
# the contents API's path of a file of a repository (a PUT there commits it)
_CONTENTS_PATH = re.compile(r"/repos/[^/\s]+/[^/\s]+/contents/(\S+)$")


def _audience_owns(aud: str | None, host: str) -> bool:
    """Whether `host` is the service an OIDC token for `aud` is made for: the audience's host or its domain
    (`sts.amazonaws.com` -> `*.amazonaws.com`). An audience naming no host leaves only a bare IP address suspect."""
    if aud:
        bare = re.sub(r"^[A-Za-z][\w+.-]*:/*|^/+", "", aud.strip())
        name = re.split(r"[/:]", bare, 1)[0].lower()
        if "." in name:
            labels = name.split(".")
            keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
            domain = ".".join(labels[-keep:])
            return host == name or host == domain or host.endswith("." + domain)
    return _IP.match(host) is None


def _tool_url(url: str | None) -> bool:
    """A download a job may put on PATH: a code host's file (a versioned release above all), a file whose address
    is read at run time, or a versioned file of a named https host (the setup actions' tool-cache pattern); not a
    file of an IP address, nor one with no version in its path."""
    if url is None:
        return False
    if versioned_release(url):
        return True
    host = foreign(url)
    if host is None:
        return True
    return url.startswith("https://") and _IP.match(host) is None and _VERSION.search(url.split("?")[0]) is not None


class CiCode:
    """The Actions toolkit and Octokit: runner files, OIDC tokens, admin calls, publishing (see the module's
    docstring)."""

    def visit_ci(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call: settled by its name before anything else is read."""
        if prop is not None:
            if self.doc.data[prop.start_byte:prop.end_byte] not in _NAME_BYTES:  # most calls: one set lookup
                return
            name = self.src(prop)
        elif q is not None:
            name = q.rpartition(".")[2]
        elif fn.type == "subscript_expression":  # octokit.rest.repos["deleteBranchProtection"](…)
            name = self.decoded(fn.child_by_field_name("index"))
        else:
            return
        if name not in _NAMES:
            return
        mod, member = self.module(q)
        if name in _CORE:
            if mod == "@actions/core" and (args or name == "getIDToken"):
                self._ci_core(name, node, args)
        elif name in _PROTECTIONS:
            self.block("permission-tamper", f"`{self._ci_shown(fn, name)}` {_PROTECTIONS[name]}: {PROTECTION_LOSS}",
                       node)
        elif name in _RUN_DELETES:
            if self._ci_listed_loop(node):
                self.review("irreversible", irreversible_message(
                    self._ci_shown(fn, name), "deletes, for each item of an unfiltered listing the loop goes over, "
                    f"{_RUN_DELETES[name]}", "github"), node)
        elif name == "uploadReleaseAsset":
            opts = args[-1] if args else None
            if opts is not None:
                self._ci_uploaded(self._ci_shown(fn, name), self._opt(opts, "data"), None, node)
        elif name == "createOrUpdateFileContents":
            self._ci_workflow_update(node, args)
        elif name == "request":
            self._ci_route(fn, node, args)
        elif name == "graphql":  # octokit.graphql(`mutation { deleteBranchProtectionRule(…) }`)
            query = self._ci_text(args[0]) if args else None
            if query is not None and GRAPHQL_UNPROTECT.search(query):
                self.block("permission-tamper", f"`{self._ci_shown(fn, name)}` sends a GraphQL mutation that deletes "
                                                f"branch protection: {PROTECTION_LOSS}", node)
        elif name in _FS_WRITES:
            if mod in _FS and len(args) > 1:
                self._ci_fs_write(node, args)
        elif name in ("fetch", "delete"):
            if (mod, member) in _FETCHES or mod in _CLIENTS and member in _VERBS:
                self._ci_request(name, q, fn, node, args)
        elif (mod, member) in _RUNNERS and args:
            self._ci_project_archive(q, _RUNNERS[(mod, member)], node, args)
            if self._ci_may_download():
                self._ci_publish(q, _RUNNERS[(mod, member)], node, args)

    def _ci_shown(self, fn, name: str) -> str:
        text = self.src(fn)
        return text if len(text) <= 60 and "\n" not in text else name

    def _ci_text(self, node) -> str | None:
        return self.text_of(node, 0, {"budget": [512], "seen": set(), "edits": None, "names": {}}) \
            if node is not None else None

    def _ci_listed_loop(self, node) -> bool:
        """Whether `node` runs for each item of an unfiltered listing (item_loops.py's reading): `for (const run of
        runs)` with `runs = await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, { owner, repo })`,
        `data.artifacts.forEach(…)` with `const { data } = await octokit.rest.actions.listArtifactsForRepo(…)`, a
        `for (let i = 0; i < runs.length; i++)` over one. A listing narrowed by its arguments (`name: "coverage"`) or
        by a `.filter(…)` is left alone."""
        up, items = node.parent, None
        while up is not None and items is None:
            t = up.type
            if t == "for_in_statement":
                items = up.child_by_field_name("right")
            elif t == "for_statement":
                cond = up.child_by_field_name("condition")
                m = re.search(r"<=?\s*([\w$.]+)\.length\b", self.src(cond)) if cond is not None else None
                items = self._ci_named(m.group(1), up) if m is not None else None
                if items is None:
                    return False
            elif t == "call_expression":
                f = up.child_by_field_name("function")
                prop = f.child_by_field_name("property") if f is not None and f.type == "member_expression" else None
                if prop is not None and self.src(prop) in ("forEach", "map", "flatMap"):
                    items = f.child_by_field_name("object")
            elif t in ("function_declaration", "method_definition", "program"):
                return False
            up = up.parent
        if items is None or ".filter(" in self.src(items):
            return False
        from ..item_loops import _made_from, _unfiltered

        made = items if items.type in ("call_expression", "await_expression") else _made_from(self, items)
        while made is not None and made.type in _WRAPS and made.named_children:
            made = made.named_children[0]
        if made is None or made.type != "call_expression" or ".filter(" in self.src(made):
            return False
        fn = made.child_by_field_name("function")
        args = self.args(made)
        method = self.src(fn).rsplit(".", 1)[-1] if fn is not None else ""
        rest = args
        if method == "paginate" and args:  # octokit.paginate(the listing method, its arguments)
            method, rest = self.src(args[0]).rsplit(".", 1)[-1], args[1:]
        return "list" in method.lower() and _unfiltered(", ".join(self.src(a) for a in rest))

    def _ci_named(self, text: str, where):
        """The node a name of a loop's condition (`runs` of `i < runs.length`) stands for."""
        for n in [where.child_by_field_name("condition")]:
            stack = [n] if n is not None else []
            while stack:
                c = stack.pop()
                if c.type == "identifier" and self.src(c) == text.split(".")[0]:
                    return c if "." not in text else c.parent
                stack.extend(c.named_children)
        return None

    # -- @actions/core -----------------------------------------------------------------------------------------
    def _ci_core(self, name: str, node, args: list) -> None:
        if name == "exportVariable":
            var = self.decoded(args[0])
            line = export_line(var, self._ci_text(args[1]) if len(args) > 1 else None) if var else None
            if line is not None:
                self.ctx.nested(line, "bash", self.doc, node, None)
        elif name == "addPath":
            self._ci_path_entry(args[0], node)
        else:
            self._ci_token_sent(node, self.decoded(args[0]) if args else None, "`core.getIDToken`")

    def _ci_path_entry(self, folder, node, judged: bool = False) -> None:
        """A folder put in front of PATH for every later step: judged as the shell's PATH entry (unless `judged`
        already), and blocked when it holds a program this code downloaded from anywhere but a tool's versioned
        release."""
        line = export_line("PATH", self._ci_text(folder), '":$PATH"') if not judged else None
        if line is not None:
            self.ctx.nested(line, "bash", self.doc, node, None)
        if not self._ci_may_download():
            return
        where = self._ci_pattern(folder, 0)
        shown = self.src(folder)[:60]
        for dest, dest_node, url in self._ci_downloads():
            if not _tool_url(url) and (inside(dest, where) or self._ci_first_part(dest_node) == self.src(folder)):
                self._ci_path_block(shown, self.src(dest_node)[:60] if dest_node is not None else dest, url, node)
                return
        for url in self._ci_tool_sources(folder, 0):  # tc.cacheFile(await tc.downloadTool(url), …)
            if not _tool_url(url):
                self._ci_path_block(shown, "the tool the tool cache made of a download", url, node)
                return

    def _ci_path_block(self, folder: str, what: str, url: str | None, node) -> None:
        source = foreign(url) or "a file with no version"
        self.block("download-exec", f"{folder} is put in front of PATH for every later step of the job, and holds "
                                    f"{what}, which this code downloaded from {source}: each step would run it in "
                                    "place of the real tool; install tools from a versioned release or the runner's "
                                    "own setup actions", node)

    def _ci_first_part(self, node) -> str | None:
        """The folder expression a path is built on (`path.join(dir, "npm")`, `` `${dir}/npm` ``, `dir + "/npm"`)."""
        while node is not None and node.type in _WRAPS and node.named_children:
            node = node.named_children[0]
        if node is None:
            return None
        if node.type == "call_expression" and (self.qualname(node.child_by_field_name("function")) or "").replace(
                "node:", "") in ("path.join", "path.resolve"):
            args = self.args(node)
            return self.src(args[0]) if args else None
        if node.type == "binary_expression":
            return self.src(node.child_by_field_name("left"))
        if node.type == "template_string" and node.named_children and \
                node.named_children[0].type == "template_substitution" and node.named_children[0].named_children:
            return self.src(node.named_children[0].named_children[0])
        return None

    def _ci_tool_sources(self, node, depth: int) -> list:
        """The URLs `tc.downloadTool` fetched that the folder `node` was made from (`tc.cacheFile(bin, …)`,
        `tc.extractTar(file)`, through the names given them)."""
        if node is None or depth > 6:
            return []
        while node.type in _WRAPS and node.named_children:
            node = node.named_children[0]
        if node.type == "identifier":
            return [u for v in self._values_of(node)[0][:8] for u in self._ci_tool_sources(v, depth + 1)]
        if node.type != "call_expression":
            return []
        mod, member = self.module(self.qualname(node.child_by_field_name("function")))
        args = self.args(node)
        if mod != "@actions/tool-cache" or not args:
            return []
        if member == "downloadTool":
            return [self._ci_url_text(args[0])]
        return self._ci_tool_sources(args[0], depth + 1) if member in _TOOL_CACHE else []

    # -- the runner's OIDC token -------------------------------------------------------------------------------
    def _ci_token_sent(self, source, aud: str | None, what: str) -> None:
        """Block a request carrying the token `source` returns (`await core.getIDToken(aud)`, also through the names
        it is given) to a host that is not the audience's service."""
        holders = self._ci_holders(source)
        for call, url in self._ci_requests():
            if url is None or call == source:
                continue
            inline = source.start_byte >= call.start_byte and source.end_byte <= call.end_byte
            carried = inline or any(re.search(rf"(?<![\w$.]){re.escape(h)}\b", self.src(a)) for a in self.args(call)
                                    for h in holders)
            if not carried:
                continue
            text = self._url_text(url)
            host = remote_target(text)
            if not host or _audience_owns(aud, host):
                continue
            made = f"made for {aud}" if aud else "made for the workflow's default audience"
            self.block("exfiltration", f"the OIDC token {what} returns ({made}) is sent to {host}, which is not that "
                                       "audience's service: whoever holds it can act as this workflow there (assume "
                                       "its cloud role) until it expires; send it only to the service it is made for",
                       call)
            return

    def _ci_holders(self, source) -> set[str]:
        """The names the value of `source` is given, and the names given values made from those (`jwt`, then `body =
        JSON.stringify({ jwt })`)."""
        up = source
        while up.parent is not None and up.parent.type in _WRAPS | {"member_expression", "call_expression",
                                                                      "arguments"}:
            up = up.parent
        names: set[str] = set()
        if up.parent is not None and up.parent.type == "variable_declarator":
            names |= self._ci_bound(up.parent.child_by_field_name("name"))
        elif up.parent is not None and up.parent.type == "assignment_expression":
            names |= self._ci_bound(up.parent.child_by_field_name("left"))
        if not names:
            return names
        declarators = self._ci_declarators()
        for _ in range(4):
            grew = False
            for left, value in declarators:
                text = self.src(value)
                if any(re.search(rf"(?<![\w$.]){re.escape(h)}\b", text) for h in names):
                    new = self._ci_bound(left) - names
                    if new:
                        names |= new
                        grew = True
            if not grew:
                break
        return names

    def _ci_bound(self, left) -> set[str]:
        if left is None:
            return set()
        if left.type == "identifier":
            return {self.src(left)}
        out, stack = set(), [left]
        while stack:
            n = stack.pop()
            if n.type in ("identifier", "shorthand_property_identifier_pattern"):
                out.add(self.src(n))
            elif n.type == "pair_pattern":
                v = n.child_by_field_name("value")
                stack.extend([v] if v is not None else [])
            else:
                stack.extend(n.named_children)
        return out

    def _ci_found(self, key: str, cap: int, pick) -> list:
        """What `pick(node)` gives (None for nothing) over the whole tree, at most `cap` items, found once per input."""
        state = self._flows_state()
        found = state.get(key)
        if found is None:
            found, stack = [], [self.root]
            while stack and len(found) < cap:
                n = stack.pop()
                item = pick(n)
                if item is not None:
                    found.append(item)
                stack.extend(n.named_children)
            state[key] = found
        return found

    def _ci_declarators(self) -> list:
        return self._ci_found("ci declarators", 512, lambda n: (
            n.child_by_field_name("name"), n.child_by_field_name("value")) if n.type == "variable_declarator" and
            n.child_by_field_name("value") is not None else None)

    def _ci_requests(self) -> list:
        """(call, URL node) of each request the code sends through fetch and the HTTP clients."""
        return self._ci_found("ci requests", 256, self._ci_request_of)

    def _ci_request_of(self, n):
        if n.type != "call_expression":
            return None
        fn = n.child_by_field_name("function")
        mod, member = self.module(self.qualname(fn) if fn is not None else None)
        if not ((mod, member) in _FETCHES or mod in _CLIENTS and member in _VERBS):
            return None
        args = self.args(n)
        return n, (self._opt(args[0], "url") if args and self._object(args[0]) is not None else
                   args[0] if args else None)

    def _ci_request(self, name: str, q: str | None, fn, node, args: list) -> None:
        """fetch/axios: the runner's OIDC token fetched (`ACTIONS_ID_TOKEN_REQUEST_URL&audience=…`), or a DELETE of
        branch protection."""
        if not args:
            return
        url = self._opt(args[0], "url") if self._object(args[0]) is not None else args[0]
        text = self.src(url) if url is not None else ""
        if "ACTIONS_ID_TOKEN_REQUEST_URL" in text:
            aud = _AUDIENCE.search(text)
            self._ci_token_sent(node, unquote(aud.group(1)) if aud else None, "the runner's token service")
            return
        if name == "delete":
            method = "delete"
        else:  # fetch(url, { method }), fetch({ url, method })
            opts = args[1] if len(args) > 1 else args[0] if self._object(args[0]) is not None else None
            given = self._opt(opts, "method") if opts is not None else None
            method = (self.decoded(given) or "") if given is not None else ""
        if method.lower() == "put":
            self._ci_contents_put(fn, name, node, url, opts)
        if method.lower() == "delete":
            where = self._ci_url_text(url)
            if where is not None and PROTECTION_PATH.search(where.split("?", 1)[0]):
                self.block("permission-tamper", f"`{self._ci_shown(fn, name)}` sends a DELETE of the branch "
                                                   f"protection {where[:80]}: {PROTECTION_LOSS}", node)

    def _ci_contents_put(self, fn, name: str, node, url, opts) -> None:
        """`fetch("https://api.github.com/repos/o/r/contents/.github/workflows/x.yml", { method: "PUT", body:
        JSON.stringify({ content: Buffer.from(wf).toString("base64"), branch: "main" }) })`: the contents API's
        commit of a workflow through a plain request, judged as Octokit's createOrUpdateFileContents is (the steps
        of the workflow it commits, its text known)."""
        where = self._ci_url_text(url)
        m = _CONTENTS_PATH.search(where.split("?", 1)[0]) if where is not None else None
        if m is None or opts is None:
            return
        path = unquote(m.group(1))
        if run_later.kind(path) not in ("workflow", "gitlab-ci"):
            return
        body = self._opt(opts, "body") or self._opt(opts, "data")
        while body is not None and body.type in _WRAPS and body.named_children:
            body = body.named_children[0]
        if body is not None and body.type in ("identifier", "shorthand_property_identifier"):
            body = self.declared(body, _VALUES)
        if body is not None and body.type == "call_expression" and \
                self.src(body.child_by_field_name("function")) == "JSON.stringify" and self.args(body):
            body = self.args(body)[0]
        content = self._opt(body, "content") if body is not None else None
        text = self._base64_of(content) if content is not None else None
        if text is None and content is not None:
            for script in workflow_steps(self._ci_pieces(content, 0, [64])):
                self.ctx.nested(script, "bash", self.doc, node, None)
            return
        for command, _ in run_later.commands(path, text) if text else ():
            self.ctx.nested(command, "bash", self.doc, node, None)

    def _ci_project_archive(self, q: str, argv: bool, node, args: list) -> None:
        """`execSync("tar czf - --exclude=target .")` and a request sending a body to another host: the whole
        working tree (its .env, keys and history) sent away, as the shell's `tar czf - . | curl -T -` and Python's
        `shutil.make_archive(…, os.getcwd())` then a PUT are read."""
        if argv:
            words = [self.string(a) for a in ([args[0]] + (list(args[1].named_children) if len(args) > 1 and
                                                           args[1].type == "array" else []))]
            line = " ".join(w for w in words if w is not None)
        else:
            line = self.string(args[0]) or ""
        m = _PROJECT_ARCHIVE.search(line)
        if m is None:
            return
        made = " ".join(m.group(0).lstrip(";&| ").split()[:2])
        for call, url in self._ci_requests():
            opts = self.args(call)
            fn = call.child_by_field_name("function")
            verb = self.src(fn.child_by_field_name("property")) if fn is not None and \
                fn.type == "member_expression" else ""
            sends = verb in ("post", "put", "patch") or any(
                self._opt(o, k) is not None for o in opts[1:2] for k in ("body", "data", "json"))
            text = self._url_text(url) if url is not None else None
            host = remote_target(text) if text is not None else None
            if sends and host:
                self.block("exfiltration", f"the code archives the whole working directory (`{made} …`) "
                                           f"and `{self._ci_shown(fn, 'fetch')}` sends data to {host}: the project "
                                           "(its .env, keys and history with it) goes to that host; keep the archive "
                                           "here and let the user move it", call)
                return

    def _ci_url_text(self, node) -> str | None:
        """A URL's text with ARG for the pieces known only at run time."""
        text = self._ci_text(node)
        if text is None and node is not None:
            text = self._url_text(node)
            text = text.replace(COMPUTED, ARG).replace(ENVIRONMENT, ARG) if text is not None else None
        return text

    # -- Octokit routes --------------------------------------------------------------------------------------
    def _ci_route(self, fn, node, args: list) -> None:
        """`octokit.request("DELETE /repos/{owner}/{repo}/branches/{branch}/protection")`, `POST …/keys`,
        `POST …/releases/{release_id}/assets`."""
        route = self.decoded(args[0]) if args else None
        if not route or " " not in route:
            return
        verb, _, path = route.strip().partition(" ")
        opts = args[1] if len(args) > 1 else None
        if verb.upper() == "DELETE" and PROTECTION_PATH.search(path.strip()):
            self.block("permission-tamper", f"`{self._ci_shown(fn, 'request')}({route[:80]!r})` deletes branch "
                                               f"protection: {PROTECTION_LOSS}", node)
        elif _KEYS_ROUTE.match(route.strip()) and opts is not None:
            key = self._opt_text(self._opt(opts, "key"))
            ro = self._opt(opts, "read_only")
            if key is not None and agent_settings.PUBLIC_KEY.match(key) and (ro is None or ro.type != "true"):
                self.block("persistence", f"`request({route[:60]!r})` gives the key written in the code write access "
                                          "to the repository: whoever holds its private half can push to it from "
                                          "anywhere; add a read-only key, or the key the setup just made", node)
        elif _ASSETS_ROUTE.match(route.strip()) and opts is not None:
            self._ci_uploaded(f"request({route[:50]!r})", self._opt(opts, "data"), None, node)

    # -- the runner's files and the tool folders written -------------------------------------------------------
    def _ci_fs_write(self, node, args: list) -> None:
        """`appendFileSync(process.env.GITHUB_ENV, line)`, `writeFileSync("node_modules/.bin/x", "#!/bin/sh\\n…")`."""
        path = self.string(args[0])
        if path is None:
            which = self._ci_runner_file(args[0], 0)
            text = self._ci_text(args[1]) if which is not None else None
            if text is None:
                return
            for line in runner_file_lines(which, text):
                self.ctx.nested(line, "bash", self.doc, node, None)
            if which == "GITHUB_PATH" and self._ci_may_download():
                self._ci_path_entry(self._ci_entry(args[1]), node, judged=True)
        elif TOOL_BIN.search(path):
            text = self._ci_text(args[1])
            lang = script_lang(text) if text is not None else None
            if lang is not None:
                self.ctx.nested(text, lang, self.doc, args[1], None)

    def _ci_runner_file(self, node, depth: int) -> str | None:
        """"GITHUB_ENV" or "GITHUB_PATH" for `process.env.GITHUB_ENV` (`!`, `["GITHUB_PATH"]`, a decoded key, a name
        given one)."""
        if node is None or depth > 4:
            return None
        while node.type in _WRAPS and node.named_children:
            node = node.named_children[0]
        if node.type == "identifier":
            return self._ci_runner_file(self.declared(node, _VALUES), depth + 1)
        if node.type == "member_expression":
            q = self.qualname(node) or ""
            key = q[12:] if q.startswith("process.env.") else None
        elif node.type == "subscript_expression" and self.qualname(node.child_by_field_name("object")) == "process.env":
            key = self.decoded(node.child_by_field_name("index"))
        else:
            return None
        return key if key in RUNNER_FILES else None

    def _ci_entry(self, content):
        """The folder expression of a `$GITHUB_PATH` line (`` `${dir}\\n` ``, `dir + "\\n"`)."""
        if content.type == "binary_expression" and self.string(content.child_by_field_name("right")) in ("\n", "\r\n"):
            return content.child_by_field_name("left")
        if content.type == "template_string":
            subs = [c for c in content.named_children if c.type == "template_substitution"]
            rest = "".join(self.src(c) for c in content.named_children if c.type != "template_substitution")
            if len(subs) == 1 and subs[0].named_children and rest.strip() in ("", "\\n"):
                return subs[0].named_children[0]
        return content

    # -- downloads, and what is published from them -----------------------------------------------------------
    def _ci_may_download(self) -> bool:
        return bool(self.written) or holds(self.doc.data, b"downloadTool")

    def _ci_downloads(self) -> list:
        """(path pattern, path node or None, URL text or None) of each file this code downloaded: written from a
        response's body, or fetched by `tc.downloadTool(url, dest)`."""
        state = self._flows_state()
        found = state.get("ci downloads")
        if found is not None:
            return found
        found = []
        for key, content in list(self.written.items())[:64]:
            if _FETCHED.search(self.src(content)):
                holder = content.parent
                dest = holder.named_children[0] if holder is not None and holder.type == "arguments" and \
                    holder.named_children else None
                found.append((self._ci_pattern(dest, 0) if dest is not None else key, dest, self._ci_url(content, 0)))
        if holds(self.doc.data, b"downloadTool"):
            stack = [self.root]
            while stack:
                n = stack.pop()
                if n.type == "call_expression":
                    mod, member = self.module(self.qualname(n.child_by_field_name("function")))
                    args = self.args(n)
                    if mod == "@actions/tool-cache" and member == "downloadTool" and args:
                        dest = args[1] if len(args) > 1 else None
                        found.append((self._ci_pattern(dest, 0) if dest is not None else "*", dest,
                                      self._ci_url_text(args[0])))
                stack.extend(n.named_children)
        state["ci downloads"] = found
        return found

    def _ci_url(self, node, depth: int) -> str | None:
        """The URL of the request whose response `node` is made from (`Buffer.from(await res.arrayBuffer())` with
        `res = await fetch(url)`)."""
        if node is None or depth > 4:
            return None
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "call_expression":
                fn = n.child_by_field_name("function")
                mod, member = self.module(self.qualname(fn) if fn is not None else None)
                if (mod, member) in _FETCHES or mod in _CLIENTS and member in _VERBS:
                    args = self.args(n)
                    url = self._opt(args[0], "url") if args and self._object(args[0]) is not None else \
                        args[0] if args else None
                    return self._ci_url_text(url)
            elif n.type == "identifier":
                made = self.declared(n, _VALUES)
                found = self._ci_url(made, depth + 1) if made is not None else None
                if found is not None:
                    return found
                continue
            stack.extend(n.named_children)
        return None

    def _ci_pattern(self, node, depth: int) -> str:
        """The files a path expression may name, `*` for a piece known only at run time, `$NAME` for a variable of the
        environment."""
        if node is None or depth > 8:
            return "*"
        v = self.string(node)
        if v is not None:
            return v
        t = node.type
        if t in _WRAPS and node.named_children:
            return self._ci_pattern(node.named_children[0], depth + 1)
        if t in ("identifier", "shorthand_property_identifier"):
            made = self.declared(node, _VALUES)
            return self._ci_pattern(made, depth + 1) if made is not None else "*"
        if t == "member_expression":
            q = self.qualname(node) or ""
            return f"${q[12:]}" if q.startswith("process.env.") else "*"
        if t == "template_string":
            return "".join(self._ci_pattern(c.named_children[0], depth + 1) if c.type == "template_substitution" and
                           c.named_children else "*" if c.type == "template_substitution" else self.src(c)
                           for c in node.named_children)
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) == "+":
            return self._ci_pattern(node.child_by_field_name("left"), depth + 1) + \
                self._ci_pattern(node.child_by_field_name("right"), depth + 1)
        if t == "call_expression" and (self.qualname(node.child_by_field_name("function")) or "").replace(
                "node:", "") in ("path.join", "path.resolve", "path.posix.join"):
            return "/".join(self._ci_pattern(a, depth + 1).rstrip("/") for a in self.args(node))
        return "*"

    def _ci_uploaded(self, what: str, data, pattern: str | None, node) -> None:
        """Block publishing (a release asset's `data`, or the files `pattern` names) made of a download from a host
        that is not a code host."""
        target = None
        if data is not None:
            data = self._ci_read_of(data, 0)
            if data is None:
                return
            fn = data.child_by_field_name("function") if data.type == "call_expression" else None
            if fn is not None and self.src(fn).rsplit(".", 1)[-1] in _READS and self.args(data):
                target = self.args(data)[0]  # readFileSync(p): the file uploaded
                pattern = self._ci_pattern(target, 0)
            elif _FETCHED.search(self.src(data)):  # the response itself, uploaded as it came
                source = foreign(self._ci_url(data, 0))
                if source is not None:
                    self.block("download-exec", upload_message(what, "a response it fetched", source), node)
                return
        if pattern is None or not self._ci_may_download():
            return
        for dest, dest_node, url in self._ci_downloads():
            source = foreign(url)
            if source is not None and (same_file(dest, pattern) or target is not None and dest_node is not None and
                                       self.src(target) == self.src(dest_node)):
                shown = self.src(target)[:60] if target is not None else pattern
                self.block("download-exec", upload_message(what, shown, source), node)
                return

    def _ci_read_of(self, node, depth: int):
        """What a release asset's data is made of, through names and `Buffer.from(x)` / `x.toString()`: a
        `readFileSync(p)` / `createReadStream(p)` call, or the value itself."""
        while node is not None and node.type in _WRAPS and node.named_children:
            node = node.named_children[0]
        if node is None or depth > 4:
            return None
        if node.type in ("identifier", "shorthand_property_identifier"):
            made = self.declared(node, _VALUES)
            return self._ci_read_of(made, depth + 1) if made is not None else None
        fn = node.child_by_field_name("function") if node.type == "call_expression" else None
        if fn is not None and fn.type == "member_expression":
            name = self.src(fn.child_by_field_name("property"))
            args = self.args(node)
            inner = args[0] if name == "from" and args else fn.child_by_field_name("object") if name == "toString" \
                else None
            found = self._ci_read_of(inner, depth + 1) if inner is not None else None
            return found if found is not None else node
        return node

    def _ci_publish(self, q: str | None, argv_call: bool, node, args: list) -> None:
        """`exec.exec("twine", ["upload", "dist/*"])`, `execFileSync("gh", ["release", "upload", tag, f])`,
        `execSync("twine upload dist/*")`."""
        if argv_call:
            first = self.string(args[0])
            rest = args[1] if len(args) > 1 and args[1].type == "array" else None
            if first is None:
                return
            argv = shlex.split(first) if " " in first else [first]  # @actions/exec takes a command line too
            for c in rest.named_children[:32] if rest is not None else ():
                v = self.string(c)
                argv.append(v if v is not None else self._ci_pattern(c, 0))
        else:
            line = self.string(args[0])
            try:
                argv = shlex.split(line)[:32] if line is not None else []
            except ValueError:
                return
        found = published(argv) if argv else None
        if found is not None:
            what, files = found
            for f in files:
                self._ci_uploaded(what, None, f, node)

    # -- workflows written through the API -------------------------------------------------------------------
    def _ci_workflow_update(self, node, args: list) -> None:
        """A workflow's new content computed at run time: the steps its known pieces add."""
        opts = args[-1] if args else None
        path = self._opt_text(self._opt(opts, "path"))
        content = self._opt(opts, "content")
        if path is None or content is None or run_later.kind(path) not in ("workflow", "gitlab-ci") or \
                self._base64_of(content) is not None:
            return
        for script in workflow_steps(self._ci_pieces(content, 0, [64])):
            self.ctx.nested(script, "bash", self.doc, node, None)

    def _ci_pieces(self, node, depth: int, budget: list) -> list[str]:
        """The texts the parts of an expression are known to hold (decoded where the code decodes them)."""
        if node is None or depth > 10 or budget[0] <= 0:
            return []
        budget[0] -= 1
        if node.type in ("string", "template_string", "call_expression", "binary_expression"):
            text = self._ci_text(node)
            if text is not None and text.strip() != ARG:
                return [text]
        if node.type in ("identifier", "shorthand_property_identifier"):
            made = self.declared(node, _VALUES)
            return self._ci_pieces(made, depth + 1, budget) if made is not None else []
        return [p for c in node.named_children for p in self._ci_pieces(c, depth + 1, budget)]
