"""Server-side web frameworks (Rails, Laravel, Django, Flask/FastAPI, Phoenix, Spring Boot, NestJS/Express/Next.js) and their job queues, from Python (session 28).

- Django's own secrets (`settings.SECRET_KEY`, `settings.DATABASES`, a password setting) in a request to a host off
  the machine: blocked (`exfiltration`), directly or through a name given them (`manage.py shell -c "…"` reaches here
  through bash/frameworks.py, its code judged as Python);
- a script that loads the production settings (`DJANGO_SETTINGS_MODULE=…production`, `django.setup()`) and makes a
  superuser or sets an account's password: blocked (`privilege-escalation`, an account the agent knows the password
  of); deletes rows through the ORM (`Order.objects.filter(…).delete()`): reviewed `irreversible`.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import frameworks_fw as fw

_SENDS = frozenset({"urlopen", "post", "put", "patch", "get", "request", "Request", "send", "sendall"})
_ADMIN = frozenset({"create_superuser", "set_password"})
_NAMES = _SENDS | _ADMIN | {"delete"}
_SETTINGS_IMPORT = re.compile(r"\bfrom\s+django\.conf\s+import\s+settings(?:\s+as\s+(\w+))?")


# a key of one database's settings that is its credential or where it lives; `NAME`, `ENGINE`, `PORT` are not secret
# (both matched where a name or a subscript starts, as the reader uses them: a word's letters and a run of blanks
# are not each a start again, which made a search of them quadratic)
_DB_SECRET_KEY = re.compile(r"(?i)(?<!\w)(?=\w*?(?:PASSWORD|USER|HOST))\w+")
_SUBSCRIPT = re.compile(r"(?<!\s)\s*\[\s*(?:[rbuf]{0,2}[\x27\x22]([^\x27\x22\n]{0,80})[\x27\x22]|[^\]\n]{0,80})\s*\]")


def _secret_read(secret: re.Pattern, text: str) -> str | None:
    """The first read of a secret setting in `text`; `DATABASES` counts whole, or one connection whole, or by a key
    that is a credential (`settings.DATABASES['default']['NAME']` in a deploy message is no secret)."""
    for m in secret.finditer(text):
        if not m.group(0).rstrip("\x27\x22").endswith("DATABASES"):
            return m.group(0)
        keys, end = [], m.end()
        while (k := _SUBSCRIPT.match(text, end)) is not None and len(keys) < 4:
            keys.append(k.group(1))
            end = k.end()
        if len(keys) < 2 or keys[1] is None or _DB_SECRET_KEY.fullmatch(keys[1]):
            return text[m.start():end]
    return None


class Frameworks:
    def visit_frameworks(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if holds(data, b"django") and holds(data, b"settings"):
                self._fw_settings_sent(node)
            return
        if not holds(data, b"django") or not fw.PRODUCTION_SETTINGS.search(data.decode("utf-8", "replace")):
            return
        if name in _ADMIN:
            if self._fw_literal_password(node, 0 if name == "set_password" else 2):
                self.block("privilege-escalation", f"`{self.src(fn)}` runs with the production settings: it makes or "
                                                   "opens an account in the production database with a password "
                                                   "this script knows, a way in no one granted. Ask the user to "
                                                   "create accounts there through the site's own admin", node)
            else:
                self.review("privilege-escalation", f"`{self.src(fn)}` runs with the production settings: it makes "
                                                    "or opens an account in the production database. A person "
                                                    "should confirm it is wanted, or create it through the site's "
                                                    "own admin", node)
        elif holds(data, b".objects") and ".objects" in self.src(fn):
            self.review("irreversible", f"`{self.src(fn)}` deletes rows of the production database (the script "
                                        "loads the production settings): there is no undo. Count them first, keep "
                                        "a backup, and have a person confirm", node)

    def _fw_literal_password(self, node, at: int) -> bool:
        """Whether the call's password argument (`password=` or the positional one at `at`) is written in the script:
        a literal, or a name bound to one. One the person types (`getpass()`) or the environment holds is not."""
        args = node.child_by_field_name("arguments")
        kids = args.named_children if args is not None else []
        given = next((c.child_by_field_name("value") for c in kids if c.type == "keyword_argument"
                      and self.src(c.child_by_field_name("name")) in ("password", "raw_password")), None)
        if given is None:
            plain = [c for c in kids if c.type not in ("keyword_argument", "comment")]
            given = plain[at] if len(plain) > at and plain[at].type not in ("list_splat", "dictionary_splat") \
                else None
        if given is None:
            return False
        if given.type in ("string", "concatenated_string"):
            return True
        if given.type == "identifier":
            text = self.doc.data.decode("utf-8", "replace")
            return re.search(r"(?m)^[^\S\n]*+" + re.escape(self.src(given)) +
                             r"[^\S\n]*+(?::[^=\n]*)?=[^\S\n]*+[rbuf]{0,2}[\x27\x22]", text) is not None
        return False

    def _fw_settings_sent(self, node) -> None:
        text = self.doc.data.decode("utf-8", "replace")
        aliases = {m.group(1) or "settings" for m in _SETTINGS_IMPORT.finditer(text)} | {"settings"}
        secret = fw.settings_secret_rx(aliases)
        args = node.child_by_field_name("arguments")
        # (what goes in a header or as the request's authentication is a credential presented, not sent away)
        call = self.src(node.child_by_field_name("function")) + " ".join(
            self.src(c) for c in (args.named_children if args is not None else [])
            if not (c.type == "keyword_argument" and self.src(c.child_by_field_name("name")) in ("headers", "auth")))
        shown = _secret_read(secret, call) or ""
        if not shown:  # `body = json.dumps({"key": settings.SECRET_KEY}); urlopen(url, body)`
            bound = {m.group(1): s for m in re.finditer(r"(?m)^[^\S\n]*+(\w+)\s*=[^=\n][^\n]*", text)
                     for s in [_secret_read(secret, m.group(0))] if s is not None}
            shown = next((f"{n}, made of {bound[n]}" for n in sorted(bound)[:16]
                          if re.search(r"\b" + re.escape(n) + r"\b", call)), "")
        if not shown:
            return
        host = fw.remote_in(call) or fw.remote_in(text)
        if host:
            self.block("exfiltration", f"the code sends the framework's own secrets (`{shown}`: the key "
                                       f"that signs sessions, the database's password) to {host}; never send them "
                                       "off the machine", node)
