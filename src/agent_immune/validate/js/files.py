"""What TypeScript code writes into files something else runs: package.json scripts, files
written and then run or imported, and files under the home served to the network.
"""
from __future__ import annotations

import re

# fs writes that take (path, content)
FS_CONTENT_WRITES = frozenset({"writeFile", "writeFileSync", "appendFile", "appendFileSync", "outputFile",
                               "outputFileSync"})
# file reads a server pipes back to whoever asked
_FS_READS = frozenset({"createReadStream", "readFile", "readFileSync", "sendFile"})
# the part of a request that names a file: q.url, req.path, req.params.f, url.pathname
_REQUESTED = re.compile(r"\.(?:url|path|pathname|params|query|originalUrl)\b")
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

