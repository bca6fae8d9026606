"""CI runners and code-host automation from Python (session 15): what bash/ci.py reads on the command line, as
Python code does it.

- Lines written to the runner's `$GITHUB_ENV` / `$GITHUB_PATH` files (`open(os.environ["GITHUB_ENV"], "a")`,
  `Path(os.environ["GITHUB_PATH"]).write_text(…)`, `print(…, file=fh)`): the runner sets them for every later
  step of the job, so each line is judged as the `export NAME=value` it becomes (a `$GITHUB_PATH` line as a
  `PATH` entry), with its text decoded where the code decodes it (rot13, base64, hex) and a piece known only
  when the code runs read as a variable no rule reads. A folder put on PATH that holds a program this code
  downloaded from a host that is not a code host's versioned release is blocked (`download-exec`): every
  later step runs it in place of the real tool.
- PyGithub: branch protection removed (`branch.remove_protection()`, its review, admin, status-check, signature
  and push-restriction parts; also a DELETE of its REST path or GraphQL's `deleteBranchProtectionRule` through
  requests) is blocked (`permission-tamper`, as the shell's `gh api -X DELETE …/protection`): pushes then reach the
  branch without the review it required.
  A release asset (`release.upload_asset(path)`) or a package (`twine upload`, `python -m twine upload`,
  `gh release upload`, `uv`/`hatch`/`poetry`/`flit publish`, run through subprocess) made of a file this code
  downloaded from another host is blocked (`download-exec`): the project's users would install someone else's
  build. A workflow file updated (`repo.update_file(".github/workflows/…", …)`) with content computed at run
  time: the steps its known pieces add (a `run:` line decoded from base64) are judged as commands. Workflow
  runs and artifacts deleted in a loop over a listing (`for run in repo.get_workflow_runs(): run.delete()`)
  are held for review (`irreversible`), as the shell's loops are.
- A script written into a project's tool folder (`node_modules/.bin/jest`, `.venv/bin/pytest`): a program the
  next step (or the next job, through a cache) runs by name; its text is judged as that script (by its `#!`).
The helpers at the top are shared with the TypeScript reading (js/ci.py).
"""
from __future__ import annotations

import fnmatch
import re
import shlex

from .. import run_later
from ..common_code import _FETCHED, ARG, irreversible_message
from ..hosts import url_host

# -- shared with js/ci.py -------------------------------------------------------------------------------------------
RUNNER_FILES = frozenset({"GITHUB_ENV", "GITHUB_PATH"})
_NAME = re.compile(r"[A-Za-z_]\w*")
_ENV_LINE = re.compile(r"^([A-Za-z_]\w*)=(.*)$")
_ENV_BLOCK = re.compile(r"^([A-Za-z_]\w*)<<(\S+)$")
# what stands for a piece of a written value known only when the code runs: a variable no rule reads
RUN_VALUE = '"$GHA_VALUE"'
# `https://<code host>/<owner>/<repo>/releases/download/<tag>/<asset>` and GitLab's release links: what a project
# published under a version (as bash/exec.py reads a fetch; a piece known only at run time may stand anywhere in it)
_RELEASE_URL = re.compile(r"https://(?:github\.com/[\w.-]+/[\w.-]+/releases/download/[^/?#\s]+/|"
                          r"gitlab\.com/(?:[\w.-]+/)+-/releases/[^/?#\s]+/downloads/)[^?#\s]+")
_CODE_HOSTS = frozenset({"github.com", "api.github.com", "codeload.github.com", "objects.githubusercontent.com",
                         "uploads.github.com", "gitlab.com", "bitbucket.org", "codeberg.org"})
# a project's tool folders: the programs in them are run by name by the steps (and, through a cache, the jobs)
# after this one
TOOL_BIN = re.compile(r"(?:^|/)(?:node_modules/\.bin|\.venv/bin|venv/bin|\.tox/[^/]+/bin|\.nox/[^/]+/bin|"
                      r"\.cache/pre-commit/[^/]+/[^/]+/bin)/[^/]+$")
_SHEBANG = re.compile(r"^#!\s*(?:/usr/bin/env\s+(?:-S\s+)?)?(?:\S*/)?(\w+)")
_INTERPRETERS = {"sh": "bash", "bash": "bash", "dash": "bash", "zsh": "bash", "ksh": "bash", "node": "typescript",
                 "python": "python", "python3": "python"}
# publishing commands -> (options taking a value, what they publish when given no file)
_PUBLISHERS = {"twine": ({"-r", "--repository", "--repository-url", "-u", "--username", "-p", "--password",
                          "-c", "--comment", "--config-file", "--sign-with", "-i", "--identity", "--client-cert",
                          "--cert"}, None),
               "uv": ({"--index", "--publish-url", "--username", "-u", "--password", "-p", "--token", "-t",
                       "--trusted-publishing", "--check-url", "--keyring-provider", "--directory", "--project"},
                      "dist/*"),
               "hatch": ({"-r", "--repo", "-u", "--user", "-a", "--auth", "--ca-cert", "--client-cert",
                          "--client-key", "-o", "--option"}, "dist/*"),
               "poetry": ({"-r", "--repository", "-u", "--username", "-p", "--password", "--cert",
                           "--client-cert", "--dist-dir"}, "dist/*"),
               "flit": ({"--repository", "--pypirc", "--format"}, "dist/*"),
               "gh": ({"-R", "--repo"}, None)}
_PUBLISH_VERB = {"twine": "upload", "uv": "publish", "hatch": "publish", "poetry": "publish", "flit": "publish",
                 "gh": "release"}


def export_line(name: str, value: str | None, tail: str = "") -> str | None:
    """`export NAME='value'`, each piece of `value` known only at run time (ARG) standing as a variable no rule
    reads: what a runner-file line becomes for every later step, as the shell's rules read it. None when the name
    is not one."""
    if not _NAME.fullmatch(name):
        return None
    if value is None:
        return f"export {name}={RUN_VALUE}{tail}"
    quoted = RUN_VALUE.join("'" + p.replace("'", "'\\''") + "'" if p else "" for p in value.split(ARG))
    return f"export {name}={quoted or repr('')}{tail}"


def runner_file_lines(which: str, text: str) -> list[str]:
    """The `export` lines the text written to $GITHUB_ENV (`NAME=value`, `NAME<<DELIM` blocks) or $GITHUB_PATH (one
    folder a line, put in front of PATH) sets for the later steps."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines) and len(out) < 32:
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        if which == "GITHUB_PATH":
            got = export_line("PATH", line, '":$PATH"')
        elif block := _ENV_BLOCK.match(line):
            end = next((j for j in range(i, len(lines)) if lines[j].strip() == block.group(2)), len(lines))
            got = export_line(block.group(1), "\n".join(lines[i:end]))
            i = end + 1
        elif m := _ENV_LINE.match(line):
            got = export_line(m.group(1), m.group(2))
        else:
            got = None
        if got is not None:
            out.append(got)
    return out


def foreign(url: str | None) -> str | None:
    """Where a download came from when that is not a code host (nor a value the code is configured with): the host,
    "another host" when the address is not known; None for a code host's files and an address read at run time
    (`url` with ARG for a piece known only then)."""
    if url is None:
        return "another host"
    if url.startswith(ARG) or "://" not in url[:12] or ARG in url.split("://", 1)[1].split("/", 1)[0]:
        return None
    host = url_host(url)
    if host is None:
        return None
    if host in _CODE_HOSTS or host.endswith((".githubusercontent.com", ".github.com")):
        return None
    return host


def versioned_release(url: str | None) -> bool:
    """A code host's release asset published under a version (what the `@actions/tool-cache` pattern fetches)."""
    return url is not None and _RELEASE_URL.fullmatch(url.replace(ARG, "x")) is not None


def _literal(pattern: str) -> bool:
    """Whether a path pattern names something: not only `*` pieces (a path known only at run time)."""
    return re.search(r"[^*/.]", pattern) is not None


def same_file(a: str, b: str) -> bool:
    """Whether two path patterns (`*` for a piece known only at run time) may name the same files: `dist/*.whl`
    and `dist/*`, `dist/x.tgz` and `dist/x.tgz`, a file and the folder given in its place."""
    a, b = a.removeprefix("./"), b.removeprefix("./")
    if not _literal(a) or not _literal(b):
        return False
    return fnmatch.fnmatchcase(a, b) or fnmatch.fnmatchcase(b, a) or inside(a, b)


def inside(file: str, folder: str) -> bool:
    """Whether the file pattern `file` is in the folder pattern `folder`."""
    d = file.removeprefix("./").rpartition("/")[0]
    folder = folder.removeprefix("./").rstrip("/")
    return bool(d) and _literal(d) and _literal(folder) and (fnmatch.fnmatchcase(d, folder) or
                                                             fnmatch.fnmatchcase(folder, d))


def published(argv: list[str]) -> tuple[str, list[str]] | None:
    """(the command, the file patterns it publishes) of `twine upload dist/*`, `python -m twine upload …`,
    `gh release upload TAG FILE…`, `uv publish`, `hatch publish`, `poetry publish`, `flit publish`; None for any
    other command line."""
    at = next((i for i, w in enumerate(argv[:4]) if w.rsplit("/", 1)[-1] in _PUBLISHERS), None)
    if at is None or (at and argv[at - 1] != "-m" and argv[0].rsplit("/", 1)[-1] not in _PUBLISHERS):
        return None
    prog = argv[at].rsplit("/", 1)[-1]
    rest = argv[at + 1:]
    if rest[:1] != [_PUBLISH_VERB[prog]]:
        return None
    rest = rest[1:]
    if prog == "gh":
        if rest[:1] != ["upload"]:
            return None
        rest = rest[1:]
    takes_value, default = _PUBLISHERS[prog]
    files, skip = [], False
    for w in rest:
        if skip:
            skip = False
        elif w.startswith("-") and w != "-":
            skip = w in takes_value
        else:
            files.append(w.split("#", 1)[0] if prog == "gh" else w)
    if prog == "gh":
        files = files[1:]  # the tag
    if not files and default:
        files = [default]
    shown = " ".join(argv[at:at + 2] + (["upload"] if prog == "gh" else []))
    return (shown, files) if files else None


def workflow_steps(texts: list[str]) -> list[str]:
    """The `run:` scripts the known pieces of a workflow's new text add (`      - run: curl … | bash`, decoded by the
    code), each as the runner's shell receives it."""
    import textwrap

    import yaml

    out: list[str] = []
    for text in texts:
        if "run" not in text:
            continue
        try:
            data = yaml.safe_load(textwrap.dedent(text))
        except (yaml.YAMLError, RecursionError, ValueError):
            data = None
        found = _runs(data, 0) if data is not None else []
        if not found:  # a piece that is no YAML of its own: its `run:` lines
            found = [m.group(1) for m in re.finditer(r"(?m)^\s*(?:-\s+)?run:\s*([^|>\s].*)$", text)]
        out += [run_later.workflow_script(r) for r in found if r.strip()]
    return out[:16]


def _runs(data, depth: int) -> list[str]:
    if depth > 8:
        return []
    if isinstance(data, dict):
        run = data.get("run")
        return ([run] if isinstance(run, str) else []) + [r for k, v in data.items() if k != "run"
                                                           for r in _runs(v, depth + 1)]
    if isinstance(data, list):
        return [r for v in data for r in _runs(v, depth + 1)]
    return []


def script_lang(text: str) -> str | None:
    """The language a script written with a `#!` line is run as."""
    m = _SHEBANG.match(text)
    return _INTERPRETERS.get(m.group(1).rstrip("0123456789.") if m.group(1).startswith("python") else m.group(1)) \
        if m is not None else None


# REST paths of branch protection and rulesets (what a DELETE of them removes), as the search of
# `/(?:repos/\S+?/branches/\S+?/protection(?:/…)?|(?:repos/\S+?|orgs/[^/\s]+)/rulesets/[^/\s]+)/?$` finds them (only
# whether it does counts). A path is the word that ends the text: tried from its first `/repos/` only (a later one
# finds no more), and the branch read from each `/branches/` stops at the next one, which finds the same end, unless
# that one is the protection's parent itself (`…/branches/protection`): each word is read once
_PROTECTION_END = (r"protection(?:/(?:required_pull_request_reviews|required_status_checks(?:/contexts)?|"
                   r"enforce_admins|required_signatures|restrictions(?:/[\w-]+)?))?/?$")
PROTECTION_PATH = re.compile(r"(?<!\S)(?>\S*?/repos/)(?:\S+?/branches/(?:(?!/branches/(?!/?" + _PROTECTION_END + r"))"
                             r"\S)+?/" + _PROTECTION_END + r"|\S+?/rulesets/[^/\s]+/?$)|"
                             r"/orgs/[^/\s]+/rulesets/[^/\s]+/?$")
# GraphQL's mutations that do the same
# from the last `mutation` before the field only (the same answer): `.*` from every `mutation` read to the end
GRAPHQL_UNPROTECT = re.compile(r"(?s)mutation(?:(?!mutation).)*"
                               r"\b(?:deleteBranchProtectionRule|deleteRepositoryRuleset)\b")
PROTECTION_LOSS = ("pushes (and merges) then reach the branch without the review or checks it required, the gate "
                   "that keeps unreviewed code out; change branch protection in the repository's settings, as a person "
                   "with admin rights")


def upload_message(what: str, shown: str, source: str) -> str:
    return (f"`{what}` publishes {shown}, which this code downloaded from {source}: the project's users would "
            "install and run someone else's build; publish only what the project's own build made")


# -- Python --------------------------------------------------------------------------------------------------------
_WRITES = frozenset({"write", "writelines", "write_text", "write_bytes"})
_PROTECTIONS = {"remove_protection": "removes the branch's protection",
                "remove_required_pull_request_reviews": "removes the branch's required reviews",
                "remove_admin_enforcement": "lets administrators push past the branch's protection",
                "remove_required_status_checks": "removes the branch's required status checks",
                "remove_required_signatures": "removes the branch's required signatures",
                "remove_push_restrictions": "lets anyone with write access push to the branch"}
_RUNS = frozenset({"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
                   "subprocess.Popen", "os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput"})
# PyGithub listings of what a loop deletes one by one (workflow runs, their artifacts and caches)
_RUN_LISTINGS = frozenset({"get_workflow_runs", "get_runs", "get_artifacts"})
_NAMES = _WRITES | frozenset(_PROTECTIONS) | {"print", "upload_asset", "update_file", "create_file", "delete",
                                               "request", "post"} | \
    frozenset(q.rsplit(".", 1)[1] for q in _RUNS)
_GITHUB_METHODS = frozenset(_PROTECTIONS) | {"upload_asset", "update_file", "create_file", "delete"}
_OPENERS = frozenset({"open", "io.open", "codecs.open"})
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression",
                    "set_comprehension", "dictionary_comprehension"})
_PATH_KINDS = frozenset({"call", "subscript", "string", "binary_operator", "attribute", "identifier",
                         "concatenated_string"})
_LISTING = frozenset({"glob.glob", "glob.iglob"})
_SAME = frozenset({"str", "os.fspath", "pathlib.Path", "os.path.abspath", "os.path.realpath", "os.path.expanduser",
                   "os.path.normpath", "sorted", "list", "reversed", "pathlib.PurePath"})


class CiCode:
    """CI runner files, code-host admin calls and publishing from Python (see the module's docstring)."""

    def visit_ci(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A call: settled by its name before anything else is read."""
        name = meth if meth is not None else q.rpartition(".")[2] if q is not None else None
        if name not in _NAMES:
            return
        if name in _WRITES or name == "print":
            if meth is not None or q == "print":
                self._ci_write(name, fn, node, pos)
        elif q in _RUNS:
            if self.downloads or self.written:
                self._ci_publish(q, node, pos)
        elif q is not None and q.startswith(("requests.", "httpx.")):
            if name in ("delete", "request"):
                self._ci_http_delete(q, node, pos)
            elif name == "post" and b"mutation" in self.doc.data[node.start_byte:node.end_byte]:
                self._ci_graphql(q, node)
        elif meth not in _GITHUB_METHODS or not self._pygithub():
            return
        elif meth in _PROTECTIONS:
            self.block("permission-tamper", f"`{self.src(fn)[:60]}` {_PROTECTIONS[meth]}: {PROTECTION_LOSS}", node)
        elif meth == "upload_asset":
            path = pos[0] if pos else self.kwarg(node, "path")
            if path is not None and (self.downloads or self.written):
                self._ci_uploaded(self.src(fn)[:60], [(self._ci_pattern(path, 0), path)], node)
        elif meth in ("update_file", "create_file"):
            self._ci_workflow_update(node, pos)
        elif meth == "delete" and not pos:
            self._ci_run_delete(fn, node)

    def _ci_http_delete(self, q: str, node, pos: list) -> None:
        """`requests.delete(f"https://api.github.com/repos/{repo}/branches/main/protection")` (or
        `requests.request("DELETE", …)`): the same protection removed through the REST API."""
        if q.endswith(".request"):
            if len(pos) < 2 or (self.string(pos[0]) or "").upper() != "DELETE":
                return
            url = pos[1]
        else:
            url = pos[0] if pos else self.kwarg(node, "url")
        text = self._ci_text(url) if url is not None else None
        if text is not None and PROTECTION_PATH.search(text.split("?", 1)[0]):
            self.block("permission-tamper", f"`{q}` sends a DELETE of the branch protection {text[:80]}: "
                                               f"{PROTECTION_LOSS}", node)

    def _ci_graphql(self, q: str, node) -> None:
        """`requests.post("https://api.github.com/graphql", json={"query": "mutation {
        deleteBranchProtectionRule(…) }"})`."""
        for piece in self._ci_pieces(node.child_by_field_name("arguments"), 0, [32]):
            if GRAPHQL_UNPROTECT.search(piece):
                self.block("permission-tamper", f"`{q}` sends a GraphQL mutation that deletes branch protection: "
                                                f"{PROTECTION_LOSS}", node)
                return

    def _pygithub(self) -> bool:
        return any(v == "github" or v.startswith("github.") for v in self.alias.values())

    # -- the runner's files ------------------------------------------------------------------------------------
    def _ci_write(self, name: str, fn, node, pos: list) -> None:
        """`fh.write(line)` / `Path(p).write_text(text)` / `print(line, file=fh)` into $GITHUB_ENV or $GITHUB_PATH, or
        a script into a tool folder."""
        if name == "print":
            target = self.kwarg(node, "file")
            opened = self._ci_opened(target) if target is not None else None
            content = pos[0] if len(pos) == 1 else None
        else:
            obj = fn.child_by_field_name("object")
            opened = obj if name in ("write_text", "write_bytes") else self._ci_opened(obj)
            content = pos[0] if pos else None
        if opened is None or content is None:
            return
        path = self.string(opened)
        which = self._ci_runner_file(opened, 0) if path is None else None
        if path is None and which is None:
            where = self._ci_pattern(opened, 0)
            path = where if "*" not in where and not where.startswith("$") else None
        if which is not None:
            text = self._ci_text(content)
            if name == "writelines" and content.type in ("list", "tuple"):
                text = "\n".join(self._ci_text(c) or ARG for c in content.named_children)
            for line in runner_file_lines(which, text + ("\n" if name == "print" else "")) if text is not None else ():
                self.ctx.nested(line, "bash", self.doc, node, None)
            if which == "GITHUB_PATH" and self.downloads | set(self.written):
                self._ci_path_entry(self._ci_entry(content), node)
            return
        if path is not None and TOOL_BIN.search(path):
            text = self._ci_text(content)
            lang = script_lang(text) if text is not None else None
            if lang is not None:
                self.ctx.nested(text, lang, self.doc, content, None)

    def _ci_opened(self, obj):
        """The path expression a file object writes to: `open(p, "a")`, `Path(p).open("a")`, a name bound to one."""
        if obj is None:
            return None
        if obj.type == "identifier":
            obj = self.bound.get(self.src(obj))
        if obj is None or obj.type != "call":
            return None
        f = obj.child_by_field_name("function")
        args = [a for a in self.args(obj) if a.type != "keyword_argument"]
        if self.qualname(f) in _OPENERS:
            return args[0] if args else None
        if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) == "open":
            return f.child_by_field_name("object")
        return None

    def _ci_runner_file(self, node, depth: int) -> str | None:
        """"GITHUB_ENV" or "GITHUB_PATH" when `node` is that variable's file (`os.environ["GITHUB_ENV"]`,
        `os.getenv("GITHUB_PATH")`, `Path(…)` of one, a name given one, the variable's name decoded)."""
        if node is None or depth > 4:
            return None
        t = node.type
        if t == "identifier":
            return self._ci_runner_file(self.declared(node, _PATH_KINDS), depth + 1)
        key = None
        if t == "subscript" and self.qualname(node.child_by_field_name("value")) == "os.environ":
            key = node.child_by_field_name("subscript")
        elif t == "call":
            q = self.qualname(node.child_by_field_name("function"))
            args = [a for a in self.args(node) if a.type != "keyword_argument"]
            if q in ("os.environ.get", "os.getenv", "os.environ.__getitem__") and args:
                key = args[0]
            elif q in _SAME and len(args) == 1:
                return self._ci_runner_file(args[0], depth + 1)
        which = self._ci_text(key) if key is not None else None
        return which if which in RUNNER_FILES else None

    def _ci_text(self, node) -> str | None:
        return self.text_of(node, 0, {"budget": [512], "seen": set(), "edits": None, "names": {}}) \
            if node is not None else None

    def _ci_entry(self, content):
        """The folder expression of a `$GITHUB_PATH` line (`tools + "\\n"`, `f"{tools}\\n"`)."""
        if content.type == "binary_operator" and self.string(content.child_by_field_name("right")) in ("\n", "\r\n"):
            return content.child_by_field_name("left")
        if content.type == "string":
            fields = [c for c in content.children if c.type == "interpolation"]
            rest = "".join(self.src(c) for c in content.children if c.type == "string_content")
            if len(fields) == 1 and rest.strip() in ("", "\\n"):
                return fields[0].child_by_field_name("expression")
        return content

    def _ci_path_entry(self, folder, node) -> None:
        """A folder put in front of PATH for every later step: blocked when it holds a program this code downloaded
        from a host that is not a code host's versioned release."""
        if folder is None:
            return
        where = self._ci_pattern(folder, 0)
        for dest, dest_node, url in self._ci_downloads():
            source = foreign(url)
            if source is not None and not versioned_release(url) and (
                    inside(dest, where) or self._ci_first_part(dest_node) == self.src(folder)):
                self.block("download-exec", f"{self.src(folder)[:60]} is put in front of PATH for every later step of "
                                            f"the job, and holds {self.src(dest_node)[:60]}, which this code "
                                            f"downloaded from {source}: each step would run it in place of the real "
                                            "tool; install tools from a pinned release or the runner's own setup "
                                            "actions", node)
                return

    def _ci_first_part(self, node) -> str | None:
        """The folder expression a path is built on (`os.path.join(tools, "git")`, `f"{tools}/git"`,
        `tools / "git"`)."""
        if node is None:
            return None
        if node.type == "call" and self.qualname(node.child_by_field_name("function")) == "os.path.join":
            args = self.args(node)
            return self.src(args[0]) if args else None
        if node.type == "binary_operator" and self.src(node.child_by_field_name("operator")) in ("/", "+"):
            return self.src(node.child_by_field_name("left"))
        if node.type == "string":
            kids = [c for c in node.children if c.type in ("interpolation", "string_content")]
            if kids and kids[0].type == "interpolation":
                return self.src(kids[0].child_by_field_name("expression"))
        return None

    # -- downloads, and what is published or run from them -------------------------------------------------------
    def _ci_downloads(self) -> list:
        """(path pattern, path node, URL text or None) of each file this code downloaded."""
        out = []
        for key, made in list(self.written.items())[:64]:
            if made.type == "call" and self.qualname(made.child_by_field_name("function")) in (
                    "urllib.request.urlretrieve", "wget.download"):
                args = [a for a in self.args(made) if a.type != "keyword_argument"]
                dest = args[1] if len(args) > 1 else self.kwarg(made, "filename") or self.kwarg(made, "out")
                if dest is not None:
                    out.append((self._ci_pattern(dest, 0), dest, self._ci_text(args[0]) if args else None))
            elif key in self.downloads or _FETCHED.search(self.src(made)):
                dest = self._ci_dest(made)
                if dest is not None:
                    out.append((self._ci_pattern(dest, 0), dest, self._ci_url(made, 0)))
        return out

    def _ci_dest(self, content):
        """The path expression `content` was written to (`open(p, "wb").write(r.content)`,
        `Path(p).write_bytes(…)`)."""
        call = content.parent.parent if content.parent is not None else None
        if call is None or call.type != "call":
            return None
        f = call.child_by_field_name("function")
        if f is None or f.type != "attribute":
            return None
        obj = f.child_by_field_name("object")
        return obj if self.src(f.child_by_field_name("attribute")) in ("write_bytes", "write_text") else \
            self._ci_opened(obj)

    def _ci_url(self, node, depth: int) -> str | None:
        """The URL the request whose body `node` holds was sent to (`requests.get(u).content`, `r.read()` with
        `r = urlopen(u)`)."""
        if node is None or depth > 4:
            return None
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "call":
                q = self.qualname(n.child_by_field_name("function")) or ""
                if q.startswith(("requests.", "httpx.", "urllib.request.urlopen", "urllib3.")):
                    args = [a for a in self.args(n) if a.type != "keyword_argument"]
                    url = args[0] if args and q.rsplit(".", 1)[1] != "request" else args[1] if len(args) > 1 else \
                        self.kwarg(n, "url")
                    return self._ci_text(url) if url is not None else None
            elif n.type == "identifier":
                made = self.bound.get(self.src(n)) or self.declared(n, _PATH_KINDS)
                if made is not None:
                    found = self._ci_url(made, depth + 1)
                    if found is not None:
                        return found
                continue
            stack.extend(n.named_children)
        return None

    def _ci_pattern(self, node, depth: int) -> str:
        """The files a path expression may name, `*` for a piece known only at run time (`for w in
        glob.glob("dist/*.whl")` gives `w` the pattern `dist/*.whl`); `$NAME` for a variable of the environment."""
        if node is None or depth > 8:
            return "*"
        v = self.string(node)
        if v is not None:
            return v
        t = node.type
        if t == "identifier":
            made = self.bound.get(self.src(node)) or self.declared(node, _PATH_KINDS)
            return self._ci_pattern(made, depth + 1) if made is not None and made != node else "*"
        if t == "subscript" and self.qualname(node.child_by_field_name("value")) == "os.environ":
            key = self.string(node.child_by_field_name("subscript"))
            return f"${key}" if key else "*"
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) in ("/", "+"):
            left = self._ci_pattern(node.child_by_field_name("left"), depth + 1)
            right = self._ci_pattern(node.child_by_field_name("right"), depth + 1)
            sep = "/" if self.src(node.child_by_field_name("operator")) == "/" else ""
            return left.rstrip("/") + sep + right if sep else left + right
        if t == "string":  # an f-string
            return "".join(self._ci_pattern(c.child_by_field_name("expression"), depth + 1)
                           if c.type == "interpolation" else self.src(c) for c in node.children
                           if c.type in ("interpolation", "string_content"))
        if t != "call":
            return "*"
        f = node.child_by_field_name("function")
        q = self.qualname(f)
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        if q in ("os.environ.get", "os.getenv") and args:
            key = self.string(args[0])
            return f"${key}" if key else "*"
        if q == "os.path.join" and args:
            parts = [self._ci_pattern(a, depth + 1) for a in args]
            return "/".join(p.rstrip("/") for p in parts)
        if (q in _LISTING or q in _SAME) and args:
            return self._ci_pattern(args[0], depth + 1)
        if q in ("os.listdir", "os.scandir") and args:
            return self._ci_pattern(args[0], depth + 1).rstrip("/") + "/*"
        if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) in (
                "glob", "rglob", "joinpath") and args:
            return self._ci_pattern(f.child_by_field_name("object"), depth + 1).rstrip("/") + "/" + \
                self._ci_pattern(args[0], depth + 1)
        return "*"

    def _ci_publish(self, q: str, node, pos: list) -> None:
        """`subprocess.run(["twine", "upload", "dist/*"])` and the like, of files this code downloaded."""
        argv = self._ci_argv(pos[0]) if pos else None
        found = published(argv) if argv else None
        if found is not None:
            what, files = found
            self._ci_uploaded(what, [(f, None) for f in files], node)

    def _ci_argv(self, node) -> list[str] | None:
        if node.type == "identifier":
            node = self.lists.get(self.src(node)) or self.declared(node, frozenset({"list", "tuple", "string"})) or node
        if node.type in ("list", "tuple"):
            out = []
            for c in node.named_children[:32]:
                if c.type == "list_splat" and c.named_children:
                    out.append(self._ci_pattern(c.named_children[0], 0))
                elif c.type != "comment":
                    v = self.string(c)
                    out.append(v if v is not None else "python" if self.src(c) == "sys.executable" else
                               self._ci_pattern(c, 0))
            return out
        text = self.string(node)
        if text is None:
            return None
        try:
            return shlex.split(text)[:32]
        except ValueError:
            return None

    def _ci_uploaded(self, what: str, targets: list, node) -> None:
        """Block publishing a file this code downloaded from a host that is not a code host."""
        downloads = self._ci_downloads()
        for pattern, target in targets:
            for dest, dest_node, url in downloads:
                source = foreign(url)
                if source is not None and (same_file(dest, pattern) or target is not None and
                                           self.src(target) == self.src(dest_node)):
                    shown = self.src(target)[:60] if target is not None else pattern
                    self.block("download-exec", upload_message(what, shown, source), node)
                    return

    # -- PyGithub ----------------------------------------------------------------------------------------------
    def _ci_workflow_update(self, node, pos: list) -> None:
        """`repo.update_file(".github/workflows/x.yml", msg, content, sha)` with content computed at run time: the
        steps its known pieces add (agents.py reads a content known whole)."""
        path = self._ci_repo_path(self.kwarg(node, "path") or (pos[0] if pos else None), 0)
        content = self.kwarg(node, "content") or (pos[2] if len(pos) > 2 else None)
        if path is None or content is None or run_later.kind(path) not in ("workflow", "gitlab-ci") or \
                self.string(content) is not None:
            return
        for script in workflow_steps(self._ci_pieces(content, 0, [64])):
            self.ctx.nested(script, "bash", self.doc, node, None)

    def _ci_repo_path(self, node, depth: int) -> str | None:
        """A repository file's path: literal, or the `.path` of `repo.get_contents(".github/workflows/x.yml")`."""
        if node is None or depth > 4:
            return None
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "identifier":
            return self._ci_repo_path(self.bound.get(self.src(node)) or self.declared(node, _PATH_KINDS), depth + 1)
        if node.type == "attribute" and self.src(node.child_by_field_name("attribute")) == "path":
            return self._ci_repo_path(node.child_by_field_name("object"), depth + 1)
        if node.type == "call":
            f = node.child_by_field_name("function")
            args = [a for a in self.args(node) if a.type != "keyword_argument"]
            if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) == \
                    "get_contents" and args:
                return self.string(args[0])
        return None

    def _ci_pieces(self, node, depth: int, budget: list) -> list[str]:
        """The texts the parts of an expression are known to hold (decoded where the code decodes them)."""
        if node is None or depth > 8 or budget[0] <= 0:
            return []
        budget[0] -= 1
        if node.type in ("string", "call", "binary_operator", "concatenated_string", "subscript"):
            text = self._ci_text(node)
            if text is not None and text.strip() != ARG:
                return [text]
        if node.type == "identifier":
            made = self.declared(node, _PATH_KINDS)
            return self._ci_pieces(made, depth + 1, budget) if made is not None else []
        return [p for c in node.named_children for p in self._ci_pieces(c, depth + 1, budget)]

    def _ci_run_delete(self, fn, node) -> None:
        """`run.delete()` in a loop over every run (artifact) an unfiltered listing gives (item_loops.py's reading:
        `repo.get_workflow_runs(branch="x")` is narrowed and left alone)."""
        obj = fn.child_by_field_name("object")
        made = self.bound.get(self.src(obj)) if obj is not None and obj.type == "identifier" else None
        f = made.child_by_field_name("function") if made is not None and made.type == "call" else None
        listing = self.src(f.child_by_field_name("attribute")) if f is not None and f.type == "attribute" else None
        if listing not in _RUN_LISTINGS or not self._ci_in_loop(node):
            return
        from ..item_loops import _unfiltered

        if not _unfiltered(", ".join(self.src(a) for a in self.args(made))):
            return
        what = "artifact" if listing == "get_artifacts" else "workflow run"
        self.review("irreversible", irreversible_message(
            self.src(fn)[:60], f"deletes each {what} `{listing}()` lists, with its logs and artifacts; nothing narrows "
            "the listing, so that is every one", "github"), node)

    @staticmethod
    def _ci_in_loop(node) -> bool:
        up = node.parent
        while up is not None:
            if up.type in _LOOPS:
                return True
            if up.type in ("function_definition", "class_definition"):
                return False
            up = up.parent
        return False
