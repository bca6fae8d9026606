"""Self-hosted forges and package/artifact registries administered from code (GitLab, Gitea, Nexus, Harbor, Artifactory,
Verdaccio), from Python (session 23). A request of requests/httpx (or a client's `.post`/`.put`/…) to a forge's or
registry's admin API is judged by validate/forge_tables.py as the shell's curl is; and an artifact uploaded into a
registry (`requests.put(f"{ART}/libs-release-local/…", data=jar)`) whose content was downloaded from a host no name
vouches for (`jar = requests.get("http://198.51.100.70/…").content`) is blocked."""
from __future__ import annotations

import re

from ..per_input import holds
from .. import forge_tables
from ..hosts import stranger_host
from ..loops import in_loop

_VERBS = {"post": "POST", "put": "PUT", "patch": "PATCH", "get": "GET", "delete": "DELETE"}
_NAMES = frozenset({*_VERBS, "request"})
_BODY_KEYS = ("json", "data", "content", "body", "files")
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "dictionary_comprehension",
                    "set_comprehension", "generator_expression"})
_BOUNDS = frozenset({"function_definition", "module"})
_URLS = re.compile(r"""(?:https?|ftp)://[^\s"'`<>)]+""")
_READ = re.compile(r"^\s*([A-Za-z_]\w*)\s*\.\s*(?:content|text|raw|read\(\)|iter_content\(.*\))\s*$", re.S)


class Forges:
    def visit_forges(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name not in _NAMES:
            return
        hint = self.lists.get("forge hint")
        if hint is None:
            data = self.doc.data
            hint = self.lists["forge hint"] = any(h in data for h in forge_tables.API_BYTES) or holds(data, b"/repository/")
        if not hint:
            return
        if name == "request":
            method_node, url_node = self._arg(node, 0, "method"), self._arg(node, 1, "url")
            method = (self.string(method_node) or "").upper() if method_node is not None else ""
        else:
            method, url_node = _VERBS[name], self._arg(node, 0, "url")
        if url_node is None or not method:
            return
        url = self._url_text(url_node)
        if not url:
            return
        body = next((b for k in _BODY_KEYS for b in [self.kwarg(node, k)] if b is not None), None)
        if body is None and method in ("POST", "PUT", "PATCH") and len(pos) > 1:
            body = pos[1]
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 40 else name
        if method in ("PUT", "POST") and body is not None and forge_tables.UPLOAD_PATH.search(url):
            source = self._downloaded_from(body)
            if source is not None:
                self.report(forge_tables.upload_finding(shown, url, source), node)
                return
        if not any(h in url for h in forge_tables.API_HINTS):
            return
        text = self._forge_body(body) if body is not None else ""
        found = forge_tables.judge(url, method, text, shown=shown, text=self.doc.data.decode("utf-8", "replace"),
                                   bulk=in_loop(node, _LOOPS, _BOUNDS))
        self.report(found, node)

    def _forge_body(self, body) -> str:
        """The body's source, a name followed to the literal it was given (`json=payload`)."""
        if body.type == "identifier":
            value = self.declared(body, frozenset({"dictionary", "string", "call", "list", "concatenated_string"}))
            if value is not None:
                return self.src(value)
        return self.src(body)

    def _downloaded_from(self, body, depth: int = 0) -> str | None:
        """The stranger host whose download `body` holds: `data=jar` after `jar = requests.get(URL).content`, or
        `r = requests.get(URL)` then `data=r.content`."""
        if depth > 2:
            return None
        if body.type == "identifier":
            value = self.declared(body, frozenset({"call", "attribute", "subscript"}))
            if value is None:
                return None
            text = self.src(value)
        else:
            text = self.src(body)
        for u in _URLS.findall(text):
            host = stranger_host(u)
            if host is not None:
                return host
        m = _READ.match(text)
        if m is not None and depth < 2:
            ident = self._name_node(body if body.type != "identifier" else
                                    self.declared(body, frozenset({"call", "attribute", "subscript"})), m.group(1))
            if ident is not None:
                return self._downloaded_from(ident, depth + 1)
        return None

    @staticmethod
    def _name_node(node, name: str):
        todo = [node] if node is not None else []
        while todo:
            n = todo.pop()
            if n.type == "identifier" and n.text.decode("utf-8", "replace") == name:
                return n
            todo.extend(n.children)
        return None

