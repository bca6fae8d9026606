"""Geospatial and mapping work (web maps, the browser's geolocation, GeoServer's REST API, Mapbox and Google Maps
keys, PostGIS from Node), from TypeScript (session 30).

As python/geo.py, whose hosts read as geo_tables says. Judged per request, on what the request itself carries (its
arguments, and the values of the names it uses: `body` or `payload` built beside it):
- the device's position (`pos.coords`) carried beside who the user is: with what only a tracker wants (the user
  agent, the cookies, a fingerprint) to a host the input names nowhere else, blocked; with an id (`userId`, an id from
  localStorage) to a bare address, a drop-box or tunnel service or a domain beside others that share nothing with it,
  blocked, and to a domain named once (the app's own backend as likely as not) held
  (geo_tables.position_sink); to a relative path, this network, a mapping vendor (a geocoder, tiles) or without an id,
  allowed;
- people's positions beside who they are read from the database (a SELECT of e-mail or phone beside a home or a
  geometry) carried to such a host (geo_tables.carries_people), blocked;
- what Mapbox's token API answers (the account's tokens) sent on to an outsider's host;
- GeoServer's security API opened to everyone, an administrator's password set to a default, a user with a password
  written in the code made ADMIN (geo_tables.geoserver_finding over the whole script: the user is made by one request
  and promoted by another); a request carrying a Java call that runs a program;
- a page written (`writeFileSync`, `writeFile`) to load a script from a look-alike of a mapping vendor's host;
- SQL a driver runs (`pool.query`, `$queryRawUnsafe`) that grants a table of people's positions to PUBLIC or rewrites
  geometry on random rows (geo_tables.sql_finding).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import brokers_tables as bt
from .. import geo_tables as gt
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "post", "put", "patch", "request", "got", "axios", "sendBeacon", "get", "send"})
_WRITES = frozenset({"writeFileSync", "writeFile", "appendFileSync", "appendFile", "outputFile", "outputFileSync"})
_SQL_RUNS = frozenset({"query", "execute", "$queryRawUnsafe", "$executeRawUnsafe", "raw", "unsafe"})
_SQL_BYTES = re.compile(rb"(?i)public|row\s+level\s+security|random\s*\(")
_NAMES = _SENDS | _WRITES | _SQL_RUNS
_MARKERS = re.compile(rb"(?i)geolocation|select|/tokens/v2|/security/|Runtime|ProcessBuilder")
_GEOLOCATION = re.compile(rb"\bgeolocation\b")
# the device's position, carried by a request
_POSITION = re.compile(r"\.coords\b|\b(?:latitude|longitude)\b")
# who the user is: what only a tracker sends (the app's own API has the user agent and the cookies without asking) ...
_TRACKER = re.compile(r"\bnavigator\.userAgent\b|\bdocument\.cookie\b|\bfingerprint\w*\b|\bvisitorId\b")
# ... and the ids an app sends its own backend
_IDENTITY = re.compile(r"\b(?:local|session)Storage\.getItem\(\s*[\"'`][\w.:-]{0,40}?"
                       r"(?:id|uid|user|session|token|device|visitor)[\w.:-]{0,40}[\"'`]|"
                       r"\bdeviceId\b|\b(?:uid|userId|user_id|driver_id|driverId)\s*[:,}]")
_METHOD = re.compile(r"""\bmethod\s*:\s*["'`](\w+)["'`]""")
_URL_HEAD = re.compile(r"""^\s*[`"']([^`"']*)""")
_SOCKET = re.compile(r"""\bnew\s+WebSocket\s*\(\s*[`"']([^`"'$]+)""")


@lru_cache(maxsize=8)
def _key_read(doc: str) -> bool:
    """Whether the script reads a key service (once per input: a page can send thousands of requests)."""
    return gt.KEY_READ.search(doc) is not None


class Geo:
    def visit_geo(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not args:
            return
        data = self.doc.data
        if name in _SQL_RUNS:
            if in_input(_SQL_BYTES, data):
                found = gt.sql_finding(self.string(args[0]) or self.src(args[0]))
                if found is not None:
                    (self.block if found[0] == "block" else self.review)(found[1], f"`{name}`: {found[2]}", node)
            return
        if name in _WRITES:
            if len(args) > 1 and in_input(gt.SCRIPT_HINT, data):
                found = gt.lookalike_script(gt.expanded(self.src(args[1]), decoded(data)))
                if found:
                    self.block("exfiltration", gt.lookalike_message(*found), node)
            return
        if not in_input(_MARKERS, data):
            return
        call = self.src(node)
        found = gt.java_exec(call)
        if found:
            self.block("inline-exec", gt.java_exec_message(found), node)
            return
        doc = decoded(data)
        first = self.src(args[0])
        url = self.string(args[0])  # (a URL held in a name: `const u = 'https://…'; fetch(u, …)`)
        if name == "send":  # a WebSocket's: `const ws = new WebSocket('wss://…'); ws.send(…)`
            obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
            held = gt.assigned(doc)[0].get(self.src(obj)) if obj is not None and obj.type == "identifier" else None
            m = _SOCKET.search(held) if held else None
            if m is None:
                return
            url = m.group(1)
        if "/security/" in (url or first):
            m = _METHOD.search(call)
            method = m.group(1).upper() if m else "POST" if name in ("post", "sendBeacon") else \
                "PUT" if name == "put" else "GET"
            head = _URL_HEAD.match(first)
            got = gt.geoserver_finding(method, url or (head.group(1) if head else first), gt.expanded(call, doc), doc)
            if got is not None:
                (self.block if got[0] == "block" else self.review)(got[1], f"`{name}(…)`: {got[2]}", node)
                return
        head = _URL_HEAD.match(first)
        full = url if url and "//" in url else head.group(1) if head else first  # (its path: a settings store's)
        m = bt._SEND_URL.match('"' + re.sub(r"^ws(s?)://", r"http\1://", url)) if url and "//" in url else \
            bt._SEND_URL.match(first)
        url = m.group(1) if m else None
        if url is None:
            return
        if in_input(_GEOLOCATION, data):
            carried = gt.expanded(call, doc)
            if _POSITION.search(carried) and (_TRACKER.search(carried) or _IDENTITY.search(carried)):
                got = gt.position_sink(url, doc, _TRACKER.search(carried) is not None)
                if got is not None:
                    said = f"`{name}` sends the device's position with who the user is to {got[1]}"
                    if got[0] == "block":
                        self.block("exfiltration", f"{said}, a host outside the organisation's network; keep "
                                                   "people's whereabouts inside the organisation", node)
                    else:
                        self.review("exfiltration", f"{said}, a domain the script names nowhere else: the app's "
                                                    "own backend or someone else's; a person should confirm it", node)
                    return
        if name == "get":
            return
        cols = gt.people_read(doc)
        if cols is not None and gt.carries_people(call, doc):
            host = gt.stranger(url, gt.urls_named(doc))
            if host is not None and not gt.vendor(host):
                self.block("exfiltration", f"the script sends to {host}, a host outside the organisation's network, "
                                           f"people's positions beside who they are ({cols}) read from the database; "
                                           "keep them inside the organisation", node)
                return
        if in_input(gt.KEY_BYTES, data) and _key_read(doc):
            sink = gt.key_sink(full if url in full else url, gt.urls_named(doc))
            if sink is not None:
                said = f"the script sends to {sink[1]} and holds the API keys the key service answers with"
                if sink[0] == "block":
                    self.block("exfiltration", f"{said}, a host outside the organisation's network: whoever holds a "
                                               "key uses the account; keep keys in the secret store", node)
                else:
                    self.review("exfiltration", f"{said}, a domain the script names nowhere else: the organisation's "
                                                "config service or someone else's; a person should confirm it", node)
