"""What TypeScript code writes into files something else runs: package.json scripts, files
written and then run or imported, package-manager settings (a registry, a login), files made
git's hooks by `git config core.hooksPath`, and files under the home served to the network.
"""
from __future__ import annotations

import re
import shlex

# fs writes that take (path, content)
FS_CONTENT_WRITES = frozenset({"writeFile", "writeFileSync", "appendFile", "appendFileSync", "outputFile",
                               "outputFileSync"})
# file reads a server pipes back to whoever asked
_FS_READS = frozenset({"createReadStream", "readFile", "readFileSync", "sendFile"})
# the part of a request that names a file: q.url, req.path, req.params.f, url.pathname
_REQUESTED = re.compile(r"\.(?:url|path|pathname|params|query|originalUrl)\b")
# package managers' settings files that name the registry installs fetch from (and a login for it)
_REGISTRY_FILES = frozenset({".npmrc", ".yarnrc", ".yarnrc.yml", "bunfig.toml"})
# a `key: value` (YAML), `key "value"` (.yarnrc) or `key = value` (TOML) line, the value unquoted
_SETTING = re.compile(r"""^\s*(?:-\s+)?["']?([^\s"':=]+(?::[^\s"':=]+)?)["']?\s*(?:[:=]\s*|\s+)["']?([^"'#\s]*)""")
_AUTH_SETTINGS = frozenset({"npmAuthToken", "npmAuthIdent", "_authToken", "token"})
_HOOKS_KEY = "core.hookspath"
_SEGMENTS = re.compile(r"[;&|\n]+")
# packages that serve a directory's files over HTTP: (module, member) with "" for the default export
_STATIC = frozenset({("express", "static"), ("serve-static", ""), ("sirv", ""), ("koa-static", ""),
                     ("serve-handler", "")})


class Files:
    """npm scripts, written files, served directories."""

    def _scripts(self, pair) -> None:
        """`{ scripts: { postinstall: "..." } }`: npm runs each value as a shell command."""
        key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if key is None or value is None or value.type != "object" or self.src(key).strip("'\"") != "scripts":
            return
        for p in value.named_children:
            if p.type == "pair":
                self._npm_script(p.child_by_field_name("value"))

    def _scripts_assigned(self, q: str, right) -> None:
        """`pkg.scripts.prepare = "..."`, `pkg.scripts = { ...pkg.scripts, build: "..." }`."""
        last = q.rsplit(".", 2)
        if last[-2:-1] == ["scripts"]:
            self._npm_script(right)
        elif last[-1] == "scripts" and right.type == "object":
            for p in right.named_children:
                if p.type == "pair":
                    self._npm_script(p.child_by_field_name("value"))

    def _fs_wrote(self, member: str, args: list) -> None:
        if member in FS_CONTENT_WRITES and len(args) > 1:
            self._wrote(self._path_key(args[0]), args[1])
            self._wrote_more(self._path_key(args[0]), args[1])

    def _wrote_more(self, key: str, content) -> None:
        """What `_wrote` (common_code) does not judge of a file written: a registry or a login for a package
        manager, and a file of a directory made, before or after, git's hooks directory."""
        name = key.rsplit("/", 1)[-1]
        if name in _REGISTRY_FILES:
            text = self.string(content)
            if text is not None:
                self._registry_settings(key, name, text, content)
        self.file_texts[key] = content
        for where in self.hook_dirs:
            if key.startswith(where + "/"):
                self._hook_written(key, content, where)

    def _registry_settings(self, path: str, name: str, text: str, node) -> None:
        """`npmRegistryServer: "https://…"` in a .yarnrc.yml, `registry "…"` in a .yarnrc, `registry = "…"` in a
        bunfig.toml: every later install takes its packages, and runs their install scripts, from that host. Read
        as the shell's rules read an .npmrc the script writes (bash/tools.py judge_npmrc): a host no rule knows is
        reviewed, a token of the environment given to it (also `//host/:_authToken=${NPM_TOKEN}` in an .npmrc)
        blocked, plain HTTP blocked (for an .npmrc, judge_written already says so)."""
        from ..bash.tools import judge_npmrc
        from ..common_code import check_npm_setting

        if name == ".npmrc":
            # only its logins: a project .npmrc naming a registry written from code is kept allowed by an older
            # look-alike test (test_code_redteam4), which the shell's rules (review) and this one disagree with
            text = "\n".join(line for line in text.splitlines()[:256] if line.lstrip().startswith("//"))
        else:
            lines, scope = [], None
            for raw in text.splitlines()[:256]:
                m = _SETTING.match(raw)
                if m is None:
                    continue
                key, value = m.group(1), m.group(2)
                if key.startswith(("//", "http://", "https://")) and not value:
                    scope = key.split("://", 1)[-1].lstrip("/").rstrip("/")  # npmRegistries: "//host":
                elif key in _AUTH_SETTINGS and scope:
                    lines.append(f"//{scope}/:_authToken={value}")
                elif value:
                    lines.append(f"{key}={value}")
                    if key in ("npmRegistryServer", "registry"):
                        check_npm_setting(self.ctx, self.doc, node, "registry", value)
            text = "\n".join(lines)
        judge_npmrc(self, path, text, node)

    def hooks_path_line(self, line: str, node) -> None:
        """A shell command line the code runs that may set `core.hooksPath` (see hooks_path)."""
        if _HOOKS_KEY not in line.lower():
            return
        for segment in _SEGMENTS.split(line):
            try:
                self.hooks_path(shlex.split(segment), node)
            except ValueError:
                continue

    def hooks_path(self, argv: list, node) -> None:
        """`git config core.hooksPath DIR` (also `git -c core.hooksPath=DIR …`) run by the code: the files it
        writes into DIR, before or after, are git hooks that run at every later commit or checkout. Each is
        judged as the hook it becomes; one whose text is computed at run time is blocked."""
        if not any(a is not None and a.rsplit("/", 1)[-1] == "git" for a in argv[:4]):
            return
        from .. import paths

        where = None
        for i, a in enumerate(argv):
            low = (a or "").lower()
            if low == _HOOKS_KEY:
                where = next((v for v in argv[i + 1:] if v is None or not v.startswith("-")), None)
            elif low.startswith(_HOOKS_KEY + "="):
                where = a[len(_HOOKS_KEY) + 1:]
            else:
                continue
            break
        if not where:
            return
        where = paths.normalize(where)
        self.hook_dirs.append(where)
        for key, content in list(self.file_texts.items()):
            if key.startswith(where + "/"):
                self._hook_written(key, content, where)

    def _hook_written(self, key: str, content, where: str) -> None:
        from ..common_code import judge_written, written_lang

        if written_lang(key) is not None:
            return  # judged as code where it was written (`.githooks/pre-commit`, `x.sh`)
        text = self.string(content)
        if text is None:
            self.block("persistence", f"the code writes {key} from content computed at run time and makes {where} "
                                      "git's hooks directory (core.hooksPath): git runs it at every later commit or "
                                      "checkout; write the hook literally, or leave git's hooks alone", content)
            return
        first = text.split("\n", 1)[0]
        suffix = ".py" if first.startswith("#!") and "python" in first else \
            ".js" if first.startswith("#!") and ("node" in first or "bun" in first or "deno" in first) else ""
        # judged as the hook it now is (common_code reads a file under .git/hooks as a shell script)
        judge_written(self.ctx, self.doc, content, ".git/hooks/" + key.rsplit("/", 1)[-1] + suffix, text)

    def _imports_written(self, spec: str, node, what: str) -> None:
        """`import("./p.mjs")` / `require("./p")` of a file this code wrote."""
        from .. import paths

        key = paths.normalize(spec)
        self._runs_written([key, key + ".js", key + ".mjs", key + ".cjs"], node, what)

    def _served(self, q: str, mod: str, member: str, node, args: list) -> None:
        """A static file server of the home or /, or a file read of the home or / joined with a
        path chosen at run time (the request's URL, in a server)."""
        from .. import paths

        if (mod, member) in _STATIC and args:
            where = self.string(args[0])
            if where is not None and (paths.normalize(where) in ("/", "~") or paths.kinds(where) & {paths.SECRET}):
                self.block("exfiltration", f"`{q}` serves {where} over HTTP, every key and credential in it; serve "
                                           "only a project directory", node)
        elif member in _FS_READS and args and args[0].type in ("call_expression", "binary_expression",
                                                                 "template_string") and _REQUESTED.search(self.src(args[0])):
            where = self._known_root(args[0])
            if where is not None:
                self.root_reads.append((node, where))

    def _known_root(self, node) -> str | None:
        """"~" or "/" when `node` joins the home or / with a part known only at run time."""
        from .. import paths

        if self.string(node) is not None:
            return None
        if node.type == "call_expression":
            parts = self.args(node)
            q = self.qualname(node.child_by_field_name("function")) or ""
            if not q.replace("node:", "").startswith("path.") or not parts:
                return None
            head = self.string(parts[0])
        elif node.type == "binary_expression":
            head = self.string(node.child_by_field_name("left"))
        else:
            return None
        return head if head is not None and paths.normalize(head) in ("/", "~") else None

