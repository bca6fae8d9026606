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

`deleting_body` reads the same names where a body carries them: JSON-RPC's `method`, a batch item's `action` /
`op` / `operation`, a sub-request's DELETE, Elasticsearch `_bulk` and Solr `delete` lines, a multipart batch.
"""
from __future__ import annotations

import re
from functools import lru_cache

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
# (or a part known only at run time: common_code's COMPUTED and ENVIRONMENT placeholders, `f".../delete/{id}"`)
_ID = re.compile(r"^(?:\d+|[0-9a-fA-F-]{8,}|[\x00\x01]+)$")
# a method's version after its name (`/v1`, `/v0002`)
_VERSION = re.compile(r"^v\d{1,4}$")
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
    path, q, rest = url.partition("?")
    if rest.startswith("/"):  # a front controller routed by its query: TestRail's `index.php?/api/v2/delete_run/7&x=1`
        path, q, _ = rest.partition("&")
    if "#" in path:
        path = path.partition("#")[0]
    path = _AUTHORITY.sub("", path)
    segs = [s for s in path.split("/") if s]
    if not segs:
        return None
    last = segs[-1]
    item = len(segs) > 1 and _ID.match(last) is not None
    if item:
        segs.pop()
        last = segs[-1]
    if len(segs) > 2 and _VERSION.match(last) and segs[-2][:1].isupper():
        # a versioned method (Steam's Web API: `/ISteamLeaderboards/DeleteLeaderboard/v1/`): the name is before it
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
    # (a whole-store verb followed by one item's id is a folder's name: `PUT …/drop/{name}` uploads into a drop box)
    elif item or not (len(words) <= 2 and words[0] in _WHOLE and words[1:] in ([], ["all"]) or words[0] == "clear" and
              words[1:] in ([], ["all"]) and any(s.lower() in ("indexes", "indices") for s in segs)):
        return None
    # a bare verb is shown with what it acts on (`points/delete`), when the code wrote that part out
    return f"{segs[-2]}/{last}" if not rpc and len(segs) > 1 and segs[-2].isprintable() else last


def _deletes(words: list[str]) -> bool:
    """Does a name led or ended by `delete` / `destroy` say so (`deleteAll`, `batch_delete`), and nothing
    that makes it harmless (`soft_delete`, `delete_preview`)?"""
    return bool(words) and (words[0] in ("delete", "destroy") or words[-1] in ("delete", "destroy")) and not _NOT.intersection(words)


# -- deletes named inside a request body -------------------------------------------------------------
# A key naming the operation a body asks for, with its value: JSON-RPC's `method`, a batch item's `action` (Algolia
# `deleteObject`), `op` / `operation` (Salesforce bulk jobs: `hardDelete`), in JSON, a Python dict or a JavaScript
# object (quoted or bare key, `:` or a keyword's `=`), with the quotes of a JSON text inside a string literal escaped
# (`"{\"method\":\"x\"}"`); and the same key as a form field (`method=flickr.photos.delete`, an HTTPie item).
_OP = (r"""(?<![\w$])\\?["']?(method|action|op|operation)\\?["']?\s*[:=]\s*\\?["'`]([\w.:/$-]{1,120})\\?["'`]"""
       r"""|(?:^|[&?\s])(method|action)=([\w.:-]{1,120})(?=$|[&\s])""", re.I)
# a path an HTTP sub-request names, beside its method (Microsoft Graph / Salesforce `url`, Facebook `relative_url`)
_SUB_PATH = (r"""\\?["']?(?:url|path|relative_url|uri|href|resource)\\?["']?\s*[:=]\s*\\?["'`]([^"'`\\]{0,80})""",
             re.I)
# a JSON-RPC call (its method named `delete` alone is a call of it)
_RPC = (r"""\\?["']?(?:jsonrpc|params)\\?["']?\s*[:=]""", re.I)
# an object that only describes a request (a mock server's stub, a recorded exchange): it sends nothing
_DESCRIBED = (r"""(?:request|response|expect|match|stub|mapping)\\?["']?\s*[:=]\s*$""", re.I)
# Elasticsearch/OpenSearch `_bulk` and Solr `update` delete actions: the key `delete` over an object that names the
# document or a query (`{"delete":{"_index":"logs","_id":"1"}}`, `{"delete":{"query":"*:*"}}`); Firestore's
# `commit` / `batchWrite` writes name the document as a string (`{"delete":"projects/p/…/documents/c/d"}`)
_ACTION = (r"""(?<![\w$])\\?["']?delete\\?["']?\s*:\s*(?:\{\s*\\?["']?(?:_id|_index|id|ids|query|_type|routing)\b|"""
           r"""\\?["'`][^"'`]*/documents/)""", re.I)
# a `_bulk` action line that deletes (at the start of a line; in code, also after a string's quote or a `\n`)
_BULK_DELETE = (r"""(?:^|\n|\\n|["'`])\s*\{\s*\\?["']?delete\\?["']?\s*:""", 0)
# the path segments of a search, whose body names what to find
_SEARCH = frozenset({"_search", "_msearch", "_count", "_query", "_explain", "_validate", "search", "query"})
# a sub-request of a multipart batch (`DELETE /storage/v1/b/b/o/x HTTP/1.1`)
_MULTIPART = (r"(?m)^DELETE [^\s]+ HTTP/\d", 0)
_JSON_ESCAPE = (r"\\\\?u00([0-9a-fA-F]{2})", 0)
# (session 19) a JSON:API build's attribute set to expired (App Store Connect `PATCH /v1/builds/{id}`): the TestFlight
# build can never be tested again, and the API has no way back
_EXPIRED = (r"""\\?["']?expired\\?["']?\s*:\s*true\b""", 0)


@lru_cache(maxsize=None)
def _re(pattern: tuple[str, int]) -> re.Pattern:
    """One of the patterns above, compiled when a body first needs it (all of them at import would add about 2.5 ms
    to every process's start-up)."""
    return re.compile(*pattern)


_LEADING = frozenset({"drop", "truncate", "wipe", "purge"})
_CLEARED = frozenset({"index", "indices", "indexes", "collection", "collections", "table", "tables", "database",
                      "objects", "documents"})


def deleting_body(text: str, url: str = "", source: bool = False) -> str | None:
    """What in a request body `text` asks the service to delete, in words (`the method `collections.delete``,
    `a `DELETE /users/1` sub-request`, ``delete` actions`), or None. Read: a JSON-RPC / form `method` and a batch
    item's `action` / `op` / `operation` named for deleting (the names endpoint paths are read with, the verb
    leading or ending it; also `drop_table`, `truncateTable`, `purgeQueue`), a sub-request whose method is DELETE
    (beside its path), Elasticsearch/Solr `delete` action lines and Firestore `delete` writes, a multipart batch's
    `DELETE … HTTP/1.1` line. A word inside a message (`"text": "delete it"`) is none of these, and neither is
    the body of a search (`url` ending in `_search`, `_count`, `query` …: `{"term": {"action": "delete"}}` finds
    records). To an Elasticsearch `_bulk` only the action lines are read (the documents between them are data),
    and a body that does not end with a newline is rejected whole (nothing runs), unless `text` is the `source`
    code that builds the body, where the newline is not read."""
    if "xpired" in text and _re(_EXPIRED).search(text) is not None:
        return "`expired: true`, which expires the build for good (App Store Connect never makes it testable again)"
    if not mentions_verb(text) and "u00" not in text:
        return None
    if "u00" in text:  # JSON's `\u0064elete` is `delete` to the server
        text = _re(_JSON_ESCAPE).sub(lambda m: chr(int(m.group(1), 16)), text)
    path = url.partition("?")[0].partition("#")[0]
    if not mentions_verb(text) or not _SEARCH.isdisjoint(path.split("/")):
        return None
    if "_bulk" in path:
        return "`delete` actions" if _re(_BULK_DELETE).search(text) and (source or text.endswith("\n")) else None
    for m in _re(_OP).finditer(text):
        key, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if value.upper() == "DELETE" and key.lower() == "method":  # a batch's sub-request, or JSON-RPC's `delete`
            obj, before = _around(text, m.start())
            if _re(_DESCRIBED).search(before):
                continue
            sub = _re(_SUB_PATH).search(obj)
            if sub is not None:
                return f"a `DELETE {sub.group(1)[:60]}` sub-request"
            if _re(_RPC).search(obj):
                return f"the method `{value}`"
            continue
        if _method_deletes(value):
            return f"the {'method' if key.lower() == 'method' else key.lower()} `{value}`"
    if "elete" in text and _re(_ACTION).search(text) is not None:  # (`DELETE` is a method's, read above)
        return "`delete` actions"
    m = _re(_MULTIPART).search(text) if "HTTP/" in text else None
    return f"a `{m.group(0)[:-7]}` sub-request" if m is not None else None


def _around(text: str, at: int) -> tuple[str, str]:
    """The innermost `{…}` around position `at` of `text` (near enough: strings are not skipped), and up to 40
    characters before it."""
    depth, start = 0, 0
    for i in range(at - 1, max(at - 4000, 0) - 1, -1):
        c = text[i]
        if c == "}":
            depth += 1
        elif c == "{":
            if depth == 0:
                start = i
                break
            depth -= 1
    depth, end = 0, len(text)
    for i in range(at, min(at + 4000, len(text))):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                end = i + 1
                break
            depth -= 1
    return text[start:end], text[max(start - 40, 0):start]


def _method_deletes(name: str) -> bool:
    """Is the RPC method or batch action `name` (`collections.delete`, `deleteCollection`, `drop_table`,
    `hardDelete`) one that deletes? Its last part after `.`, `/` or `:` is read."""
    last = re.split(r"[./:]", name)[-1]
    words = [w.lower() for w in _WORDS.findall(last)]
    if not words or _NOT.intersection(words):
        return False
    if _deletes(words):  # (`session.destroy`, `destroySession`: a logout)
        return not ("destroy" in words and _SESSION.intersection(w.lower() for w in _WORDS.findall(name)))
    if words[0] in _LEADING:  # `drop_table`, `truncateTable`, `wipeData`, `purgeQueue` (not a cache: `purgeCache`)
        return len(words) > 1 and words[1] not in ("cache", "caches", "cdn") or words[0] in _WHOLE
    return words[0] == "clear" and bool(_CLEARED.intersection(words[1:]))


# -- a delete of what the same script made (session 19) ----------------------------------------------------------
# `EDIT=$(curl -X POST "$API/edits" | jq -r .id)` … `curl -X DELETE "$API/edits/$EDIT"`: the script removes a
# resource it created itself a moment before (a temporary Play edit, an upload session, a scratch object), which
# loses nothing that was there before it ran
_LAST_VAR = re.compile(r"""/\$\{?(\w+)\}?/?["']?$""")


def created_here(script: str, url: str) -> bool:
    """Whether the URL `url` (as written, `"$API/edits/$EDIT"`) ends in a variable that `script` assigned from a POST
    (a command substitution sending `-X POST`, `--request POST` or a body) to the URL's own parent
    (`EDIT=$(curl -X POST "$API/edits" | jq -r .id)`)."""
    m = _LAST_VAR.search(url)
    if m is None:
        return False
    parent = url[:m.start()].strip("\"'").rstrip("/")
    if not parent:
        return False
    for a in re.finditer(rf"(?m)(?:^|[\s;&(])(?:export\s+|local\s+|readonly\s+)?{re.escape(m.group(1))}="
                         r"\"?\$\(([^\n]*)\)", script):
        made = a.group(1)
        # (the URL may reach here with its leading variables expanded, `$API/edits` as `https://…/edits`: its last
        # segment is compared then)
        segment = re.escape(parent.rsplit("/", 1)[-1])
        if (parent in made or re.search(rf"/{segment}(?:[\"'\s)]|$)", made)) and re.search(r"(?:-X|--request)\s*['\"]?POST\b|\s(?:-d|--data[\w-]*|--json|-F|--form)\b",
                                        made):
            return True
    return False
