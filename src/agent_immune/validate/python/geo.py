"""Geospatial and mapping work (PostGIS, GeoPandas, GDAL, GeoServer's REST API, QGIS, Mapbox and Google Maps keys),
from Python (session 30).

As bash/geo.py, whose hosts read as geo_tables says. Blocked, from a script that sends to an outsider's host (a
request, an FTP upload, a raw socket):
- people's positions tied to who they are, read from the database (a SELECT of e-mail or phone beside a home, a
  geometry or coordinates, through read_postgis, read_sql or a cursor: geo_tables.people_columns) when the request
  carries them (the rows whole, or an identity column beside a position: geo_tables.carries_people; a route planned
  from the rows' ids and coordinates carries nobody); a domain the input names nowhere else counts as an outsider's
  here (geo_tables.stranger), a GET's parameters as much as a POST's body;
- map keys harvested from files (a walk of a folder tree with a Mapbox or Google key pattern);
- QGIS's stored logins decrypted (`authManager()` … `loadAuthenticationConfig(…, True)`, `configMap()`);
- GeoServer's security folder read (its keystore, master password, users);
- the session's cloud credentials (`get_credentials()`, `get_frozen_credentials()`) written to a raw socket to a bare
  public address;
- what Mapbox's token API or Google's `get_key_string` answers.
Also blocked: GeoServer's security API opened to everyone, an administrator's password set to a default or a user with
a known password made ADMIN (geo_tables.geoserver_finding); a request carrying a Java call that runs a program; SQL
that grants a table of people's positions to PUBLIC or rewrites geometry on random rows (geo_tables.sql_finding); a
QGIS project given a macro that fetches or runs code (it runs when anyone opens the project); a page written to load
a script from a look-alike of a mapping vendor.
- a secret of the environment in a `/vsicurl/` address GDAL or rasterio opens (`gdal.Info('/vsicurl/https://…?t=' +
  os.environ['AWS_SECRET_ACCESS_KEY'])`) for a host that is not the secret's service (as bash/geo.py), or in GDAL's
  credential settings the script gives (`gdal.SetConfigOption('GDAL_HTTP_HEADERS', …)`, `os.environ[…] = …`,
  `rasterio.Env(…)`); object storage at an outsider's endpoint written (`gdal.VectorTranslate('/vsis3/…', …)`,
  `gdf.to_file('/vsis3/…')`) or opened with a credential that travels or a token exchange pointed elsewhere;
- people's positions read in bulk with the person's id beside them (`SELECT user_id, lat, lon FROM user_locations
  TABLESAMPLE SYSTEM (1)`, every row or a random sample of a table of people's positions) sent to such a host.
Allowed: reading and analysing data, writing files, geocoding and routing requests to their services.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import brokers_tables as bt
from .. import geo_tables as gt
from .. import warehouses_tables as wt
from ..hosts import public_ip, url_host
from ..per_input import decoded, in_input

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "storbinary", "storlines", "sendall",
                    "send", "sendto", "create_connection", "connect", "FTP", "FTP_TLS"})
_SQL_RUNS = frozenset({"execute", "executemany", "query", "sql", "read_sql", "read_sql_query", "read_postgis",
                       "exec_driver_sql", "ExecuteSQL"})
_WRITES = frozenset({"write", "write_text", "writeEntry", "writeEntryBool", "writeProject"})
_SQL_BYTES = re.compile(rb"(?i)public|row\s+level\s+security|random\s*\(")
_NAMES = _SENDS | _SQL_RUNS | _WRITES | {"get"}
_MARKERS = re.compile(rb"(?i)select|eyJ|AIza|authManager|/security|jceks|masterpw|qgis-auth|get_credentials|environ|"
                      rb"get_frozen_credentials|/tokens/v2|get_key_string|Runtime|ProcessBuilder")

# a walk of a folder tree, and a key's pattern (a Mapbox token, a Google API key, an AWS key id, a GitHub token)
_WALK = re.compile(r"\.rglob\s*\(|\bos\.walk\s*\(|\bglob\.i?glob\s*\(|\.glob\s*\(\s*[\"']\*\*")
_KEY_PATTERN = re.compile(r"\.eyJ|\beyJ\[|AIza|AKIA\[|ghp_\[|glpat-|xox[abp]-")
# QGIS's authentication database read with its secrets decrypted
_QGIS_AUTH = re.compile(r"\bauthManager\s*\(\s*\)")
# (bounded: a run of `loadAuthenticationConfig(` without a `)` made the unbounded `[^)]*` quadratic)
_QGIS_DECRYPT = re.compile(r"\bloadAuthenticationConfig\s*\([^)]{0,300}?\bTrue\b|\.configMap\s*\(\s*\)|\bmasterPassword")
_CLOUD_CREDS = re.compile(r"\bget_frozen_credentials\s*\(|\bget_credentials\s*\(\s*\)|\.secret_key\b|"
                          r"\bos\.(?:environ(?:\.get)?\s*[\[(]|getenv\s*\()\s*[\"'](?:AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|"
                          r"GOOGLE_APPLICATION_CREDENTIALS|AZURE_CLIENT_SECRET|AZURE_STORAGE_KEY|MAPBOX_SECRET_TOKEN)")
_SOCKET_BYTES = re.compile(rb"\bsocket\b|create_connection")
_SOCKETS = frozenset({"sendall", "send", "sendto", "create_connection", "connect"})
# a QGIS project's macros: Python that runs when the project is opened
_MACRO = re.compile(r"(?i)pythonCode|[\"']Macros[\"']")
_MACRO_RUNS = re.compile(r"\bexec\s*\(|\beval\s*\(|urlopen|\brequests\.|\bsubprocess\b|\bos\.system|\bsocket\b|"
                         r"__import__|\bcompile\s*\(")


@lru_cache(maxsize=8)
def _holds(doc: str) -> tuple[str | None, bool, bool]:
    """What the script holds that must not reach an outsider whatever it sends with, whether it holds the session's
    cloud credentials, whether it reads a key service: read once per input (a script can make thousands of calls)."""
    what = None
    if _WALK.search(doc) and _KEY_PATTERN.search(doc):
        what = "the map and cloud keys it collects from files"
    elif _QGIS_AUTH.search(doc) and _QGIS_DECRYPT.search(doc):
        what = "QGIS's stored logins, decrypted"
    elif gt.SECRET_PLACE.search(doc):
        what = "GeoServer's or QGIS's secret store (keystore, master password, users)"
    return what, _CLOUD_CREDS.search(doc) is not None, gt.KEY_READ.search(doc) is not None


def leak(doc: str, url: str | None, socket: bool, call: str = "", people_only: bool = False) -> tuple[str, str] | None:
    """(what the script holds, the outsider's host it sends to), else None. `url` is the destination written out (a
    URL, or a socket's or FTP server's host), `socket` whether it is a raw socket or FTP, `call` the request's text
    (what it carries); with `people_only` (a GET: it carries what its parameters hold, and reads a key service's
    answer rather than sending it) only people's positions count."""
    if not url:
        return None
    what, creds, keys = (None, False, False) if people_only else _holds(doc)
    if what is None and (cols := gt.people_read(doc)) is not None and gt.carries_people(call, doc):
        what = f"people's positions beside who they are ({cols}) read from the database"
    if what is None and not creds and not keys:
        return None
    named = gt.urls_named(doc)  # (the hosts it talks to; its `row.geom.x` is none)
    host = gt.stranger(url, named)
    if host is None:
        return None
    if what is not None:
        # (a mapping vendor geocodes and routes the rows it is given: the map at work)
        return (what, host) if not what.startswith("people's") or not gt.vendor(host) else None
    if socket and creds and public_ip(host):
        return "the session's cloud credentials", host
    return None


_GDAL_OPENS = frozenset({"Info", "Translate", "Warp", "Open", "OpenEx", "VectorTranslate", "BuildVRT", "DEMProcessing",
                         "open", "read_file", "read_dataframe", "VectorInfo", "Rasterize", "Grid", "to_file",
                         "write_dataframe", "cog_translate"})
# the calls that write, and which argument names what they write
_GDAL_WRITES = {"Translate": 0, "Warp": 0, "VectorTranslate": 0, "BuildVRT": 0, "DEMProcessing": 0, "Rasterize": 0,
                "Grid": 0, "to_file": 0, "write_dataframe": 1, "cog_translate": 1, "open": 0}
_ENV_SECRET = re.compile(r"""\b(?:environ(?:\.get)?\s*[\[(]|getenv\s*\()\s*["']([A-Z][A-Z0-9_]{1,80})["']""")
_VSICURL = re.compile(r"""/vsicurl(?:_streaming)?/(?:\?(?:[^&"']*&)*?url=)?(\w+://[^"'\s?#]+)""")
# GDAL's settings given by the script (`gdal.SetConfigOption('GDAL_HTTP_HEADERS', …)`, `os.environ['AWS_S3_ENDPOINT'] =
# …`, `rasterio.Env(AWS_S3_ENDPOINT=…)`, `gdal.config_options({…})`): the key, and the rest of its line
_PY_SETTING = re.compile(r"""["']?\b(""" + "|".join(sorted(gt.GDAL_KEYS)) + r""")\b["']?\s*+(?:,|=(?!=)|:|\]\s*+=(?!=))"""
                         r"""\s*+([^\n]{1,400})""")
_GDAL_KEY_BYTES = re.compile(rb"GDAL_HTTP|_ENDPOINT|_TOKEN|_SAS|SWIFT_|OS_AUTH|OS_PASSWORD|STS_ROOT|GOA2_|CONNECTION_STRING")
_QUOTED = re.compile(r"""["']([^"'\n]{1,300})["']""")


@lru_cache(maxsize=8)
def _py_settings(doc: str) -> dict[str, str]:
    """key -> the text that sets it (the rest of its line, with the values of the names it uses), once per input."""
    out: dict[str, str] = {}
    for k, m in enumerate(_PY_SETTING.finditer(doc)):
        if k >= 200:
            break
        out.setdefault(m.group(1), gt.expanded(m.group(2), doc, limit=4))
    return out


class Geo:
    def visit_geo(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES and name not in _GDAL_OPENS:
            return
        data = self.doc.data
        if name in _GDAL_OPENS:
            if pos and in_input(re.compile(rb"/vsicurl"), data):
                self._vsicurl(name, node, pos)
            if pos and in_input(_GDAL_KEY_BYTES, data) and in_input(re.compile(rb"/vsi|://"), data):
                self._gdal_settings(name, node, pos)
            if name not in _NAMES:
                return
        if name in _SQL_RUNS:
            if pos and in_input(_SQL_BYTES, data):
                found = gt.sql_finding(self.string(pos[0]) or self.src(pos[0]))
                if found is not None:
                    (self.block if found[0] == "block" else self.review)(found[1], f"`{name}`: {found[2]}", node)
            return
        if name in _WRITES:
            self._written(name, node, pos)
            return
        if not pos or not in_input(_MARKERS, data):
            return
        call = self.src(node)
        found = gt.java_exec(call)
        if found:
            self.block("inline-exec", gt.java_exec_message(found), node)
            return
        doc = decoded(data)
        where = pos[1] if name == "request" and len(pos) > 1 else pos[0]
        first = self.src(where)
        literal = self.string(where)  # (a URL held in a name: `url = 'http://…'; requests.post(url, …)`)
        if literal is not None and "//" in literal:
            first = repr(literal)
        if name in ("post", "put", "request") and "/security/" in first:
            method = (self.string(pos[0]) or "POST").upper() if name == "request" else name.upper()
            got = gt.geoserver_finding(method, literal if literal is not None else re.sub(r"^f?[\"']", "", first),
                                       gt.expanded(call, doc), doc)
            if got is not None:
                (self.block if got[0] == "block" else self.review)(got[1], f"`{name}(…)`: {got[2]}", node)
                return
        if name in _SOCKETS or name in ("FTP", "FTP_TLS"):
            if name in ("send", "sendall") and not in_input(_SOCKET_BYTES, data):
                return
            url = wt.socket_target(call if name in _SOCKETS else first, doc) or \
                (self.string(pos[0]) if name in ("FTP", "FTP_TLS") else None)
            socket = True
        else:
            m = bt._SEND_URL.match(first)
            url, socket = (m.group(1) if m else None), name in ("storbinary", "storlines")
            if socket and url is None:
                url = self._ftp_host(doc)
        got = leak(doc, url, socket, call, people_only=name == "get")
        if got is None and name != "get" and _holds(doc)[2]:
            full = literal if literal is not None and "//" in literal else re.sub(r"^f?[\"']", "", first)
            sink = gt.key_sink(full if url and url in full else url, gt.urls_named(doc))
            if sink is not None:
                said = f"the script sends to {sink[1]} and holds the API keys the key service answers with"
                if sink[0] == "block":
                    self.block("exfiltration", f"{said}, a host outside the organisation's network: whoever holds a "
                                               "key uses the account; keep keys in the secret store", node)
                else:
                    self.review("exfiltration", f"{said}, a domain the script names nowhere else: the organisation's "
                                                "config service or someone else's; a person should confirm it", node)
                return
        if got is not None:
            self.block("exfiltration", f"the script sends to {got[1]}, a host outside the organisation's network, and "
                                       f"holds {got[0]}; keep them inside the organisation", node)

    def _vsicurl(self, name: str, node, pos: list) -> None:
        text = self.src(pos[0])
        m = _VSICURL.search(text)
        if m is None:
            return
        from ..secret_owner import secret_name

        names = [n for n in _ENV_SECRET.findall(text) if secret_name(n)]
        got = gt.vsicurl_leak(m.group(1), names) if names else None
        if got is not None:
            self.block("exfiltration", f"`{name}` opens {m.group(1)[:80]} through /vsicurl/: the request puts "
                                       f"{got[0]} in its address and carries it to {got[1]}, which is not its "
                                       "service; send a token only to its own service", node)

    def _gdal_settings(self, name: str, node, pos: list) -> None:
        """GDAL's settings given by the script, for what this call opens: a credential setting carrying a secret of
        the environment to a host that is not its service, object storage written (or opened with a login) at an
        outsider's endpoint (as bash/geo.py)."""
        from ..secret_owner import owner, secret_name

        doc = decoded(self.doc.data)
        settings = _py_settings(doc)
        if not settings:
            return

        def secrets(keys) -> list[tuple[str, str]]:
            return [(k, n) for k in sorted(keys) if k in settings for n in _ENV_SECRET.findall(settings[k])
                    if secret_name(n)]

        def host_of(key: str) -> str | None:
            m = _QUOTED.search(settings.get(key, ""))
            return gt.setting_host(m.group(1)) if m else None

        texts = [self.string(p) or self.src(p) for p in pos[:2]]
        for t in texts:
            got = gt.gdal_url(t)
            host = url_host(got[0]) if got and "//" in got[0] else None
            if not host or "$" in host or "{" in host:
                continue
            for key, n in secrets(gt.GDAL_AUTH_KEYS):
                own = owner(n)
                if gt.dropish(host) or not public_ip(host) and gt.stranger_sink(host) or \
                        own is not None and own.stranger_in_header(host):
                    self.block("exfiltration", f"`{name}` opens {got[0][:80]} with {key} carrying {n}: the request "
                                               f"hands it to {host}, which is not its service; send a token only to "
                                               "its own service", node)
                    return
        stores = [t for t in texts if gt.STORE_PATH.search(t)]
        if not stores:
            return
        login = next(((k, h) for k in sorted(gt.GDAL_LOGIN_KEYS) if (h := host_of(k)) and gt.outside(h, doc)), None)
        if login is not None:
            self.block("exfiltration", f"`{name}` opens {stores[0][:60]} with {login[0]} at {login[1]}, outside the "
                                       "organisation's network: GDAL sends the login it holds there to be exchanged",
                       node)
            return
        endpoint = next(((k, h) for k in sorted(gt.GDAL_ENDPOINT_KEYS) if (h := host_of(k)) and gt.outside(h, doc)),
                        None)
        if endpoint is None:
            return
        creds = secrets(gt.GDAL_SENT_CREDENTIALS | gt.GDAL_AUTH_KEYS)
        if creds:
            self.block("exfiltration", f"`{name}` opens {stores[0][:60]} at {endpoint[1]} ({endpoint[0]}) with "
                                       f"{creds[0][0]} carrying {creds[0][1]}: the request hands it to a host outside "
                                       "the organisation's network", node)
            return
        at = _GDAL_WRITES.get(name)
        dst = self.string(pos[at]) if at is not None and len(pos) > at else None
        writes = dst is not None and gt.STORE_PATH.search(dst) is not None and (
            name != "open" or len(pos) > 1 and (self.string(pos[1]) or "")[:1] in ("w", "a"))
        if writes:
            self.block("exfiltration", f"`{name}` writes {dst[:60]} to object storage whose endpoint ({endpoint[0]}) is "
                                       f"{endpoint[1]}, outside the organisation's network; write to the "
                                       "organisation's own buckets", node)

    def _ftp_host(self, doc: str) -> str | None:
        m = re.search(r"""\bFTP(?:_TLS)?\s*\(\s*["']([\w.:-]+)["']""", doc)
        return m.group(1) if m else None

    def _written(self, name: str, node, pos: list) -> None:
        data = self.doc.data
        if in_input(gt.SCRIPT_HINT, data):
            found = gt.lookalike_script(gt.expanded(self.src(node), decoded(data)))
            if found:
                self.block("exfiltration", gt.lookalike_message(*found), node)
                return
        if in_input(re.compile(rb"pythonCode|Macros"), data):
            doc = decoded(data)
            if _MACRO.search(doc) and _MACRO_RUNS.search(doc) and re.search(r"\.qg[sz]\b|writeEntry", doc):
                self.block("persistence", f"`{name}` saves a QGIS project with a macro that fetches or runs code: "
                                          "QGIS runs it for everyone who opens the project (and trusts its macros); "
                                          "keep projects free of macros, or let a person review this one", node)
