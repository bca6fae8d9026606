"""Endpoints that delete when they are called: the verb is in the URL, not in the HTTP method.

Many APIs delete with a POST to a path named for the action: RPC-style methods (`/api/chat.delete`,
`/2/files/delete_v2`, `/rpc/deleteUser`), vector and search stores (`/points/delete`,
`/vectors/delete`, `/collections/drop`, `/indexes/products/clear`, `/deleteByQuery`), Google-style
custom methods (`…/things:batchDelete`, `…/queues/q:purge`), and a few more (`…/actions/delete-permanent`,
`…/image/destroy`, `…/datasources/d/truncate`, `…/managedDevices/d/wipe`). The shell rule
(bash/api_calls.py) and the code rules (common_code.review_request) read a URL through this one test.

Chosen to keep false reviews rare:
- the verb must lead or end the name (`delete`, `deleteAll`, `batch_delete`, `permanently_delete`,
  `delete-permanent`); `undelete`, `soft_delete`, `deleted`, `delete_preview` are not it;
- `destroy` is not a logout (`/sessions/destroy`, `/auth/destroy`);
- `purge` only as a custom method (`:purge`): a `/purge`, `/purge_cache` or `/purge_all` segment is a
  CDN cache purge, which the cache refills;
- `clear` only under an `indexes` segment (a search index's records, rules or synonyms): a
  `/cache/clear` or `/notifications/clear` loses nothing;
- `drop`, `truncate`, `wipe` only as the whole name (`/collections/drop`, not `/drag-drop`);
- a GET (and a HEAD) is reading (`/api/delete` is a docs page) unless it carries a query string to an RPC-style
  method (`/api/files.delete?file=F1`, `/bot…/deleteMessage?chat_id=…`): those APIs take the
  arguments of a GET as they take a POST's.
"""
from __future__ import annotations

import re

# every name held below spells one of these: most URLs are passed over by this one search in C (on the text
# lower-cased: an alternation with IGNORECASE is tried branch by branch at every position, 6 times slower)
_CANDIDATE = re.compile(r"delete|destroy|purge|clear|drop|truncate|wipe")


def mentions_verb(text: str) -> bool:
    """Whether `text` holds one of the words a deleting endpoint is named with, in any case (the shell
    rule's screen: a URL that deletes cannot be spelled without one, once quotes are gone)."""
    return _CANDIDATE.search(text.lower()) is not None

_AUTHORITY = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#]*")
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# a segment that names one item, after the verb (`/users/delete/42`)
_ID = re.compile(r"^(?:\d+|[0-9a-fA-F-]{8,})$")
# the extension of a server script (`/admin/delete.php`): the name is before it
_SCRIPT = frozenset({"php", "asp", "aspx", "jsp", "cgi", "do", "action", "json"})
# words that make a deleting name something else: undone, previewed, asked about
_NOT = frozenset({"soft", "undo", "cancel", "preview", "dry", "can", "is", "check", "validate", "restore", "mark"})
_SESSION = frozenset({"session", "sessions", "logout", "signout", "login", "auth", "token", "tokens", "oauth",
                      "cookie", "cookies"})
_WHOLE = frozenset({"drop", "truncate", "wipe"})


def deleting_endpoint(url: str, method: str) -> str | None:
    """The end of `url`'s path that makes a request to it delete (`chat.delete`, `q:purge`, `points/delete`),
    or None. `method` is the request's method in upper case ("" when only known at run time: taken
    for a sending one). `url` may hold placeholders for run-time parts; only its path is read."""
    if not mentions_verb(url):
        return None
    path, q, _ = url.partition("?")
    if "#" in path:
        path = path.partition("#")[0]
    path = _AUTHORITY.sub("", path)
    segs = [s for s in path.split("/") if s]
    if not segs:
        return None
    last = segs[-1]
    if len(segs) > 1 and _ID.match(last):
        segs.pop()
        last = segs[-1]
    if method in ("HEAD", "OPTIONS"):
        return None
    reading = method == "GET"
    if reading and not q:
        return None
    head, colon, custom = last.rpartition(":")
    if colon and head:  # a Google-style custom method: `…/queues/q:purge`, `…/things:batchDelete`
        words = [w.lower() for w in _WORDS.findall(custom)]
        if words == ["purge"] or _deletes(words):
            return None if reading else last
        return None
    parts = last.split(".")
    if len(parts) > 1 and parts[-1].lower() in _SCRIPT:
        parts.pop()
    name = parts[-1]
    rpc = len(parts) > 1
    words = [w.lower() for w in _WORDS.findall(name)]
    if not words:
        return None
    if reading:  # only an RPC-style method taking its arguments as a query: `files.delete?file=F1`, `deleteMessage?…`
        return last if (rpc or (len(words) > 1 and name[:1].islower())) and _deletes(words) else None
    if _deletes(words):
        if "destroy" in words and (_SESSION.intersection(words) or
                                   _SESSION.intersection(s.lower() for s in segs[:-1])):
            return None
    elif not (len(words) <= 2 and words[0] in _WHOLE and words[1:] in ([], ["all"]) or words[0] == "clear" and
              words[1:] in ([], ["all"]) and any(s.lower() in ("indexes", "indices") for s in segs)):
        return None
    # a bare verb is shown with what it acts on (`points/delete`), when the code wrote that part out
    return f"{segs[-2]}/{last}" if not rpc and len(segs) > 1 and segs[-2].isprintable() else last


def _deletes(words: list[str]) -> bool:
    """Does a name led or ended by `delete` / `destroy` say so (`deleteAll`, `batch_delete`), and nothing
    that makes it harmless (`soft_delete`, `delete_preview`)?"""
    return bool(words) and (words[0] in ("delete", "destroy") or words[-1] in ("delete", "destroy")) and not _NOT.intersection(words)
