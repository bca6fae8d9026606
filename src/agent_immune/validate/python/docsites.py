"""Documentation and static sites from Python (session 29): as bash/docsites.py, what a request to a hosting, CDN,
search or code-host API does (docsites_tables: a zone's protections turned off, a team's owner invited at a personal
address, secret scanning turned off, a login path forwarded to a look-alike host), records saved into a search index
linking to a look-alike (`index.save_objects([...])`), a file of secrets copied into a folder the site publishes
(`shutil.copy(".env.production", "static/env.txt")`), the whole environment served as a response
(`return jsonify(dict(os.environ))`). (A bucket opened to anyone is python/irreversible.py's.) The same calls with the
settings tightened, ordinary records and files, and responses built from named values stay allowed.
"""
from __future__ import annotations

import re

_SENDS = frozenset({"post", "put", "patch", "request"})
_RECORDS = frozenset({"save_objects", "save_object", "add_documents", "partial_update_objects", "replace_all_objects",
                      "add_objects", "upsert"})
_COPIES = frozenset({"copy", "copy2", "copyfile", "move"})
_RESPONDS = frozenset({"jsonify", "JSONResponse", "Response", "HttpResponse", "JsonResponse", "make_response",
                       "PlainTextResponse"})
_NAMES = _SENDS | _RECORDS | _COPIES | _RESPONDS
_HINT = re.compile(rb"/settings|/members|/invit|secret_scanning|forwarding_url|/indexes/|/pagerules|/repos/")
_WHOLE_ENV = re.compile(r"^(?:dict\s*\(\s*)?os\.environ(?:\.copy\s*\(\s*\))?\s*\)?$|^json\.dumps\s*\(\s*(?:dict\s*\(\s*)?"
                        r"os\.environ\b")


class Docsites:
    def visit_docsites(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        if name in _SENDS:
            self._docsites_request(q, name, node, pos)
        elif name in _RECORDS:
            from ..docsites_tables import poisoned_records

            why = poisoned_records(self.src(node), self.doc.data.decode("utf-8", "replace"))
            if why:
                self.block("exfiltration", f"`{name}` {why}", node)
        elif name in _COPIES:
            self._docsites_copy(q, name, fn, node, pos)
        elif pos and _WHOLE_ENV.match(self.src(pos[0]).strip()):
            self.block("exfiltration", f"`{name}({self.src(pos[0])[:40]})` answers a request with the whole "
                                       "environment: every secret the service runs with, to whoever asks; return "
                                       "only the values a health check needs", node)

    def _docsites_request(self, q: str | None, name: str, node, pos: list) -> None:
        if _HINT.search(self.doc.data) is None or not pos:
            return
        from ..bash.docsites import judge_request

        if name == "request":
            if len(pos) < 2:
                return
            method, url = (self.string(pos[0]) or "").upper(), pos[1]
        else:
            method, url = name.upper(), pos[0]
        found = judge_request(self.string(url) or self.src(url).strip("fr\"'"), method, self.src(node),
                              self.doc.data.decode("utf-8", "replace"))
        if found is not None:
            self.block(found[0], f"`{q or name}` {found[1]}", node)

    def _docsites_copy(self, q: str | None, name: str, fn, node, pos: list) -> None:
        """`shutil.copy(".env.production", "static/env.txt")`."""
        from ..bash.docsites import secret_published

        if not q or not q.startswith("shutil.") or len(pos) < 2:
            return
        src, dst = self.string(pos[0]), self.string(pos[1])
        why = secret_published(src or "", dst or "", self.doc.data.decode("utf-8", "replace")) if src and dst else None
        if why:
            self.block("exfiltration", f"`{q}` {why}", node)
