"""Geospatial and mapping work (PostGIS, GDAL/OGR, GeoServer, MapServer, osm2pgsql, Mapbox and Google Maps keys, QGIS,
people's location data): what the shell, Python and TypeScript rules of the area share (session 30).

Whose host: warehouses_tables.far_host's one guess (a bare public address, a drop-box service, or a domain named beside
another domain of the input that shares nothing with it), where a mapping vendor's domain is no such other domain and
a domain named as a paste or drop service (dropish) is a stranger's, unless a rule says otherwise; a domain named alone
may be the organisation's own tile server, geocoder or config service (held where what it would receive is sensitive:
position_sink, key_sink).

- the device's position with who its user is (position_sink), people's positions beside who they are read from the
  database (people_columns: each column read as its words; carries_people: what a request itself carries).

- GeoServer's REST API (geoserver_finding): the security rules opened to every role (`*`, ROLE_ANONYMOUS) for writing,
  administering or the REST API itself; the logged-in administrator's or the keystore's master password set to a
  default anyone tries (another literal password is held); a user made with a password written on the line and given
  the ADMIN role (the role given to an existing user is held). Reads, layers, workspaces, seeding stay allowed.
- an OGC request (WFS/WMS/WPS parameters, a filter, a property name) carrying a Java expression that runs a program
  (java_exec): GeoServer's property-name evaluation (CVE-2024-36401) runs it inside the server.
- SQL (sql_finding): a table whose name says it holds people's positions or profiles granted to PUBLIC (also in a
  list of tables, which warehouses_tables reads only one at a time; read as words, a thing's places, `store_locations`,
  `transit_trips`, are not people's) or its row level security turned off (held; with such a grant, blocked); geometry
  rewritten on rows picked by `random()` (in the WHERE, a FROM's subquery or a WITH: a quiet corruption of a random
  sample no later query can find). A cohort assigned at random, a geometry repaired with a WHERE, every row jittered
  (a masking), a test's made-up table, stay allowed.
- what a key service answers with: Mapbox's token API (`/tokens/v2`), Google's `get-key-string` (KEY_READ).
- a page's `<script src>` at a host that takes a mapping library's or vendor's name without being its maker's
  (lookalike_script): a skimmer dressed as the map's own code.
- the secret stores of the area's servers and desktop tools (SECRET_PLACE): GeoServer's security folder under a data
  directory (the keystore, the master password, the users' and roles' files), QGIS's authentication database. One
  file of it is paths.held_secret's (held_file); the folder whole, or the data directory, is what a backup copies,
  judged by where the copy goes (copy_verdict: the organisation's network allowed, an outsider blocked, a bucket or
  a domain named once held).
- GDAL's network file systems (gdal_url, the GDAL_* key tables, setting_host, outside): what a request carries,
  where object storage's endpoint is; people's positions read in bulk (people_sample: a random sample or every row).
"""
from __future__ import annotations

import functools
import re

from . import mail_tables as mt
from . import sql
from . import warehouses_tables as wt
from .hosts import ip_literal, loopback, named_alone, public_ip, url_host
from .weak_passwords import weak_password


def far(url: str | None, text: str) -> str | None:
    """The outsider's host `url` (a URL or a bare host) reaches, else None (see the notes). A mapping vendor's domain
    is no evidence that another domain is a stranger's: a Mapbox script names api.mapbox.com and the organisation's
    own config or deploy service (`config.acme.io`, Netlify's env API) beside it."""
    host = wt.far_host(url, text)
    if host is None:
        h = (url_host(url) if "//" in url else url.split("/", 1)[0].rsplit(":", 1)[0]) if url else None
        return h if h and "$" not in h and dropish(h) else None
    if stranger_sink(host) or dropish(host):
        return host
    base = mt.base(host)
    others = _other_bases(text) - {base}
    if not others:
        return None
    # (`ci.acme-corp.com` beside `acme.com` shares the organisation's word: the same organisation's)
    from .cloud_admin import org_words

    words = org_words(base.split(".")[0])
    return None if any(words & org_words(b.split(".")[0]) for b in others) else host


@functools.lru_cache(maxsize=8)
def _other_bases(text: str) -> frozenset[str]:
    """The registrable domains the input names that are neither a mapping vendor's nor a platform's (read once per
    input)."""
    by_base = wt._named(text)[0]  # (the hosts far_host itself weighs)
    return frozenset(b for b, hs in by_base.items() if b not in _VENDOR_DOMAINS and not all(wt.service(h) for h in hs)
                     and b.rsplit(".", 1)[-1] not in _GIS_FILES)


# the area's file names, which read like domains (`in.tif`, `roads.gpkg`): no host of anyone's
_GIS_FILES = frozenset("""tif tiff gpkg geojson shp shx dbf prj fgb pbf osm vrt nc jp2 mbtiles pmtiles kml kmz gml dxf lua
las laz grib grb hdf h5 img dem asc cog sqlite gdb mvt wkt wkb qgs qgz qml sld""".split())


def stranger_sink(host: str | None) -> bool:
    """A bare public address, a drop-box or tunnel service (scraping_tables.stranger_sink)."""
    from .scraping_tables import stranger_sink as sink

    return sink(host)


# a host named as a paste, drop or upload service (`paste.example-drop.io`, `files-upload.xyz`): nobody's own API
_DROPISH = re.compile(r"(?i)(?:^|[.-])(?:paste|pastes|(?:paste|haste|hook|request|text|code|post)bin|drop|drops|upload|"
                      r"uploads|exfil|dump|dumps|leak|leaks|grab|grabber|stash|collector|loot)(?:[.-]|$)")


def dropish(host: str) -> bool:
    """A domain whose registrable name says paste, drop or dump, or a paste service's own host (`paste.c-net.org`); a
    subdomain's other words (`uploads.acme.com`) say nothing."""
    h = host.lower()
    return "." in h and (_DROPISH.search(mt.base(h)) is not None or h.split(".", 1)[0] in _PASTE_LABELS)


_PASTE_LABELS = frozenset({"paste", "pastes", "pastebin", "hastebin", "dpaste", "termbin", "bin", "drop", "dump"})


def stranger(url: str | None, text: str) -> str | None:
    """A looser guess, for what only goes to a third party when it is stolen (people's positions tied to who they
    are, decrypted logins): also a domain the input names nowhere else (brokers_tables.outsider)."""
    if not url:
        return None
    host = url_host(url) if "//" in url else url.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    if not host or "$" in host or "{" in host or loopback(host):
        return None
    return _stranger_host(host, text)


def vendor(host: str) -> bool:
    """A mapping vendor's own host (a geocoder, a tile or routing API): a position sent there is the map at work."""
    return mt.base(host.lower().rstrip(".")) in _VENDOR_DOMAINS


def key_sink(url: str | None, text: str) -> tuple[str, str] | None:
    """("block" or "review", host) for a key a key service answered with (Mapbox's tokens, a Google API key) sent to
    `url` (a URL or a bare host): a bare address, a drop-box, paste or tunnel service, or a domain beside others that
    share nothing with it, blocked; a domain named once (the organisation's config service as likely as not) held;
    the vendors' own hosts (the key put to use) left alone."""
    if not url:
        return None
    host = url_host(url) if "//" in url else url.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    if not host or "$" in host or "{" in host or loopback(host) or vendor(host) or \
            host.lower().rstrip(".").endswith("googleapis.com"):
        return None
    if public_ip(host) or stranger_sink(host) or dropish(host) or far(host, text):
        return "block", host
    # (a deploy platform's or CI's store of settings, `api.netlify.com/…/env/MAPBOX_TOKEN`, `/api/secrets`: where the
    # key is meant to go)
    if "//" in url and _SECRET_STORE_PATH.search(url.split("//", 1)[1].partition("/")[2]):
        return None
    got = stranger(host, text)
    return ("review", got) if got else None


_SECRET_STORE_PATH = re.compile(r"(?i)(?:^|/)(?:env|envs|env-vars|environment|environment_variables|secrets?|"
                                r"variables|config[-_]?vars)(?:[/?]|$)")


@functools.lru_cache(maxsize=8)
def urls_named(code: str) -> str:
    """The URLs a program names, one a line: the hosts it talks to (its `pos.coords.longitude` and `JSON.stringify`
    are no host names)."""
    return "\n".join(m.group(0) for m in _URL_IN_CODE.finditer(code))


_URL_IN_CODE = re.compile(r"(?i)\b(?:https?|wss?)://[^\s\"'`<>]{1,300}")


def position_sink(url: str | None, text: str, strong: bool) -> tuple[str, str] | None:
    """("block" or "review", host) for a request carrying a device's position with who its user is to `url`; None for
    the app's own API (a relative path, a host beside the app's others, this network) and the mapping vendors. A bare
    address, a drop-box or tunnel service, or a domain beside others that share nothing with it is blocked; a domain
    named once may as well be the app's own backend (a driver's position posted to the fleet's API): held, unless the
    request also carries what only a tracker wants (the user agent, the cookies: `strong`)."""
    if not url or "//" not in url:
        return None
    host = url_host(url)
    if not host or "$" in host or "{" in host or loopback(host) or vendor(host):
        return None
    named = urls_named(text)
    if public_ip(host) or stranger_sink(host) or far(host, named):
        return "block", host
    got = stranger(url, named)
    if got is None:
        return None
    return ("block" if strong or dropish(host) else "review"), got


@functools.lru_cache(maxsize=256)
def _stranger_host(host: str, text: str) -> str | None:
    if public_ip(host) or far(host, text):
        return host
    return host if "." in host and _outsider(host, text) else None


# (brokers_tables.outsider's reading, once per input)
_outsider = named_alone


# -- GeoServer's REST API ------------------------------------------------------------------------------------------
_PAIR = re.compile(r"""["']([^"'\n]{1,200})["']\s*:\s*["']([^"'\n]{0,400})["']""")
# (the XML form: `<rules><rule resource="*.*.w">*</rule></rules>`)
_XML_RULE = re.compile(r"""<rule\s+resource\s*=\s*\\?["']([^"'<>\\]{1,200})\\?["']\s*>([^<]{0,400})</rule>""")
_ANYONE = re.compile(r"^\s*(?:\*|ROLE_ANONYMOUS|ANONYMOUS)\s*$")
# (a layer rule `ws.layer.r`, a service rule `wfs.Transaction`; GeoServer's own default lets everyone read layers)
_LAYER_WRITE = re.compile(r"\.[wa]$")
_SERVICE_WRITE = re.compile(r"(?i)^(?:\*|wfs|wps|wcs|wms|gwc|rest)\.(?:\*|transaction|execute|lockfeature|"
                            r"getfeaturewithlock)$|^wps\.")
_NEW_PASSWORD = re.compile(r"""["']?(?:newPassword|password|masterPassword|newMasterPassword)["']?\s*[:=]\s*"""
                           r"""["']([^"'\n]*)["']|<(?:newPassword|newMasterPassword)>([^<\n]*)</""")
# httpie's request items, `http POST …/acl/layers "*.*.w=*"` (a JSON field each)
_ITEM = re.compile(r"""(?:^|\s)["']?([\w.*/:@-]{1,200})=["']?([\w,*]{1,400})""")
# the REST rule's methods, `/**:GET` or `/rest/**:GET,HEAD`: reading only
_READ_METHODS = re.compile(r"(?i):\s*(?:GET|HEAD|OPTIONS)(?:\s*,\s*(?:GET|HEAD|OPTIONS))*\s*$")
_ADMIN_ROLE_PATH = re.compile(r"/security/roles/role/(ADMIN|ROLE_ADMINISTRATOR|GROUP_ADMIN|ROLE_ADMIN)/user/"
                              r"([^/?\s\"'`]+)")
_USER_MADE = re.compile(r"""(?s)/security/usergroup/(?:service/[^/\s]+/)?users?\b""")
_USER_LITERAL = re.compile(r"""["']?userName["']?\s*:\s*["'`]([\w.@-]{1,80})["'`]\s*,\s*["']?password["']?\s*:\s*"""
                           r"""["'`]([^"'`$\n{]{1,120})["'`]|<userName>([\w.@-]{1,80})</userName>\s*<password>"""
                           r"""([^<$]{1,120})</password>""")


@functools.lru_cache(maxsize=8)
def _users_made(text: str) -> frozenset[str]:
    """The GeoServer users the input makes with a password written on the line."""
    if not _USER_MADE.search(text):
        return frozenset()
    return frozenset((m.group(1) or m.group(3)) for m in _USER_LITERAL.finditer(text))


def geoserver_finding(method: str, url: str, body: str, text: str) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for a request to GeoServer's security API that opens it or plants a login, else
    None. `text` is the whole input (a user made by one request and made an administrator by another)."""
    path = url.split("?", 1)[0].rstrip("\"'` ")
    if "/security/" not in path:
        return None
    m = re.search(r"/security/acl/(layers|services|rest)\b", path)
    if m and method in ("POST", "PUT"):
        kind, read = m.group(1), None
        for key, roles in _PAIR.findall(body) + _XML_RULE.findall(body) + _ITEM.findall(body):
            if not any(_ANYONE.match(r) for r in roles.split(",")):
                continue
            if kind == "rest" and _READ_METHODS.search(key.strip()):
                read = read or ("review", "permission-tamper",
                                f"the rule `{key}: {roles}` lets every caller, logged in or not, read the REST API "
                                "(the catalog's settings and stores); a person should confirm it")
                continue
            if kind == "rest" or kind == "layers" and _LAYER_WRITE.search(key.strip()) or \
                    kind == "services" and _SERVICE_WRITE.search(key.strip()):
                what = {"rest": "the REST API (every setting, store password and user of the server)",
                        "layers": "writing or administering the layers",
                        "services": "the service's writing operations"}[kind]
                return ("block", "permission-tamper",
                        f"the rule `{key}: {roles}` gives every caller, logged in or not, {what}; give rules to the "
                        "roles that need them")
        if read is not None:
            return read
    if re.search(r"/security/(?:self/password|masterpw)(?:\.json|\.xml)?/?$", path) and method in ("PUT", "POST"):
        for pw in (a or b for a, b in _NEW_PASSWORD.findall(body)):
            if "$" in pw or "{" in pw:
                continue
            which = "keystore's master password" if "masterpw" in path else "logged-in administrator's password"
            if weak_password(pw):  # (weak_passwords.py: the one list every area reads)
                return ("block", "permission-tamper",
                        f"the request sets the {which} to `{pw}`, a password anyone tries first; keep the one the "
                        "user chose, or let the user set a new one")
            return ("review", "permission-tamper",
                    f"the request sets the {which} to a password written on the line: the agent knows it, and the "
                    "old one stops working; a person should choose it")
    m = _ADMIN_ROLE_PATH.search(path)
    if m and method in ("POST", "PUT"):
        user = m.group(2)
        if user in _users_made(text):
            return ("block", "privilege-escalation",
                    f"the request gives {m.group(1)} (every setting, store and user of GeoServer) to {user}, a user "
                    "this input made with a password written on the line: a login the agent knows; let the user "
                    "create administrators")
        return ("review", "privilege-escalation",
                f"the request gives {m.group(1)} (every setting, store and user of GeoServer) to {user}; a person "
                "should confirm it")
    return None


# -- a Java expression that runs a program, in an OGC request's parameters ----------------------------------------------
# (XPath's `exec(java.lang.Runtime.getRuntime(), 'id')`, Java's `getRuntime().exec(…)`, a ProcessBuilder, SpEL's
# `T(java.lang.Runtime)`; a mention of the runtime, `getRuntime().availableProcessors()`, runs nothing)
_JAVA_EXEC = re.compile(r"\bexec\s*+\(\s*+(?:java\.lang\.)?Runtime\b|getRuntime\s*+\(\s*+\)\s*+\.\s*+exec\s*+\(|"
                        r"\bnew\s++(?:java\.lang\.)?ProcessBuilder\s*+\(|java\.lang\.ProcessBuilder\b|"
                        r"\bT\s*+\(\s*+java\.lang\.Runtime\s*+\)")


def java_exec(text: str) -> str | None:
    """The Java call that runs a program, in a request's URL or body (GeoServer evaluates a WFS property name, a
    filter's function or a WMS parameter as an XPath expression that can call any Java method)."""
    m = _JAVA_EXEC.search(text)
    if m is None and "%" in text:
        from urllib.parse import unquote_plus

        m = _JAVA_EXEC.search(unquote_plus(text))  # (a URL's `exec%28java.lang.Runtime…`)
    return m.group(0) if m else None


def java_exec_message(found: str) -> str:
    return (f"the request carries `{found}`, a Java call that runs a program, where GeoServer evaluates expressions "
            "(a property name, a filter's function: CVE-2024-36401 runs it inside the server); agents must not run "
            "exploits")


# -- SQL: people's positions opened to everyone, geometry corrupted at random ------------------------------------------
# the words of a table's name that say it holds where people are or were (`courier_positions`, `gps_points`,
# `trips`), or who they are (`riders`, `profiles`); a word naming a thing beside them (`store_locations`,
# `transit_trips`, `hiking_tracks`, `homes_for_sale`, `weather_stations_telemetry`) says the places are its
_PLACE_WORDS = frozenset("""gps gnss trace traces track tracks tracking trackpoints location locations position
positions geofence geofences ping pings checkin checkins visit visits movement movements whereabouts sighting
sightings telemetry trip trips home homes""".split())
_PEOPLE_WORDS = frozenset("""courier couriers driver drivers rider riders passenger passengers profile profiles
visitor visitors""".split())
_THING_WORDS = frozenset("""store stores shop shops parking transit weather station stations hiking trail trails sale
sales stop stops route routes poi pois venue venues warehouse warehouses office offices branch branches building
buildings sensor sensors gtfs elevation terrain asset assets depot depots airport airports vessel vessels ship ships
tile tiles bus buses train trains flight flights vehicle vehicles hydrant hydrants tree trees""".split())
_NAME_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _name_words(name: str) -> list[str]:
    words = [w.lower() for w in _NAME_PARTS.findall(name)]
    # (`check_ins`, `geofence_events` read as one word)
    return words + [a + b.rstrip("s") for a, b in zip(words, words[1:]) if a == "check" and b in ("in", "ins")]


def place_table(name: str) -> bool:
    """A table whose name says it holds where people are or were (see above)."""
    words = set(_name_words(name.strip('"`').rsplit(".", 1)[-1]))
    return bool(words & _PLACE_WORDS) and not words & _THING_WORDS
SQL_HINT = re.compile(r"(?i)\bpublic\b|row\s+level\s+security|\brandom\s*\(")
_NAME = r"""[\w.$"`]+"""
# (a column list, `GRANT SELECT (lat, lon) ON …`; PUBLIC among other grantees, `TO app, PUBLIC`)
_GRANT_PUBLIC = re.compile(r"(?is)^\s*grant\s+(?:select|insert|update|delete|all(?:\s+privileges)?|references|"
                           r"trigger|truncate)\b[\w\s,()]{0,200}?\bon\s+(?:table\s+)?(" + _NAME + r"(?:\s*,\s*" +
                           _NAME + r")*)\s+to\s+(?:(?:role\s+|group\s+)?[\w\"]+\s*,\s*){0,16}(?:role\s+|group\s+)?"
                           r"public\b")
_RLS_OFF = re.compile(r"(?is)^\s*alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(" + _NAME + r")\s+"
                      r"(?:disable|no\s+force)\s+row\s+level\s+security\b")
# (after a WITH that picks the rows, `WITH r AS (SELECT id … WHERE random() < 0.1) UPDATE …`; an alias, `UPDATE stops s`)
_UPDATE = re.compile(r"(?is)^\s*(?:with\b[^;]{0,2000}?\)\s*)?update\s+(?:only\s+)?(" + _NAME +
                     r")(?:\s+(?:as\s+)?(?!set\b)\w+)?\s+set\b")
_WHERE = re.compile(r"(?i)\bwhere\b|\bfrom\b")
# a table of made-up rows: a test's, a demo's
_THROWAWAY_TABLE = re.compile(r"(?i)(?:^|_)(?:synthetic|test|tests|fake|mock|dummy|demo|sample|tmp|temp|scratch)(?:_|$)")
_RANDOM = re.compile(r"(?i)\b(?:random|rand)\s*\(\s*\)")
# what a SET that moves a feature writes: a geometry function, a geometry or coordinate column
_GEOMETRY_SET = re.compile(r"(?i)\bST_\w+\s*\(|\b(?:the_)?geom(?:etry)?\b|\bwkb_geometry\b|\bway\b|\blat(?:itude)?\b|"
                           r"\blon(?:gitude)?\b|\blng\b|\bshape\b|\bcoordinates?\b")


def _personal(name: str) -> bool:
    bare = name.strip('"`').rsplit(".", 1)[-1]
    words = set(_name_words(bare))
    return place_table(bare) or bool(words & _PEOPLE_WORDS) and not words & _THING_WORDS or \
        wt.PERSONAL.search(bare) is not None


def sql_finding(text: str) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for SQL that opens people's positions to every role of the database or corrupts
    geometry at random; None otherwise."""
    if len(text) > 50000 or SQL_HINT.search(text) is None:
        return None
    clean = sql._NOISE.sub(sql._quiet, text)
    granted, rls_off, found = [], [], None
    for stmt in clean.split(";"):
        m = _GRANT_PUBLIC.match(stmt)
        if m:
            granted += [n.strip() for n in m.group(1).split(",") if _personal(n.strip())]
            continue
        m = _RLS_OFF.match(stmt)
        if m:
            if _personal(m.group(1)):
                rls_off.append(m.group(1))
            continue
        m = _UPDATE.match(stmt)
        if m and found is None and not _THROWAWAY_TABLE.search(m.group(1).strip('"`').rsplit(".", 1)[-1]):
            # the rows are picked at random when random() is outside what SET writes: in the WHERE, the FROM's
            # subquery or the WITH before (a SET that jitters every row is a deliberate masking of all of them)
            where = _WHERE.search(stmt, m.end())
            picked = where is not None and _RANDOM.search(stmt, where.end()) or _RANDOM.search(stmt, 0, m.start(1))
            if picked and _GEOMETRY_SET.search(stmt[m.end():where.start() if where else len(stmt)]):
                found = ("block", "irreversible",
                         f"`UPDATE {m.group(1)} SET … WHERE random() …` rewrites the geometry or coordinates of rows "
                         "picked at random: a quiet corruption no later query can find or undo; change rows by what "
                         "they are")
    if found is not None:
        return found
    if granted:
        return ("block", "privilege-escalation",
                f"`GRANT … ON {', '.join(granted[:3])} … TO PUBLIC` lets every role of the database read where people "
                "are or were, and who they are; grant to the named roles that need them")
    if rls_off:
        return ("review", "privilege-escalation",
                f"row level security is turned off on {', '.join(rls_off[:3])}, a table of people's positions or "
                "profiles: every role that can read it then sees every row; a person with the data owner should "
                "confirm it")
    return None


# -- what a key service answers with ---------------------------------------------------------------------------------
# Mapbox's token API (a token created, or the account's tokens listed with their values), Google Cloud's API keys
KEY_READ = re.compile(r"api\.mapbox\.com/tokens/v2|\bget[-_]?key[-_]?string\b|\bgetKeyString\b|"
                      r"\bapi-keys\s+get-key-string\b")
KEY_BYTES = re.compile(rb"/tokens/v2|get[-_]?key[-_]?string|getKeyString")


# -- a page's script at a mapping vendor's look-alike ------------------------------------------------------------------
# the makers' own domains, and the words their names are made of
_VENDOR_DOMAINS = frozenset({
    "mapbox.com", "mapbox.cn", "maplibre.org", "leafletjs.com", "googleapis.com", "gstatic.com", "google.com",
    "arcgis.com", "arcgisonline.com", "esri.com", "openlayers.org", "cesium.com", "cesiumjs.org", "maptiler.com",
    "hereapi.com", "here.com", "openstreetmap.org", "osm.org", "tomtom.com", "carto.com", "cartocdn.com",
    "protomaps.com", "stadiamaps.com", "thunderforest.com", "opencagedata.com", "what3words.com", "deck.gl",
    "kepler.gl", "turfjs.org"})
_VENDOR_WORDS = ("mapbox", "maplibre", "leaflet", "googleapis", "gstatic", "arcgis", "esri", "openlayers", "cesium",
                 "maptiler", "hereapi", "openstreetmap", "tomtom", "cartocdn", "protomaps", "stadiamaps",
                 "thunderforest", "opencage", "what3words", "deckgl", "keplergl", "googlemaps", "google-maps")
SCRIPT_HINT = re.compile(rb"(?i)<script")
_SCRIPT_TAG = re.compile(r"(?i)<script\b")
_SRC = re.compile(r"""(?i)\bsrc\s*+=\s*+\\?["']?(?:https?:)?//([A-Za-z0-9.-]{1,253})""")
_MAX_TAGS = 64


def lookalike(host: str) -> str | None:
    """The vendor whose name `host` takes without being the vendor's own domain, else None."""
    h = host.lower().rstrip(".")
    b = mt.base(h)
    if b in _VENDOR_DOMAINS:
        return None
    label = b.rsplit(".", 1)[0].replace("_", "-")
    squeezed = label.replace("-", "")
    return next((v for v in _VENDOR_WORDS if v in label or v.replace("-", "") in squeezed), None)


def lookalike_script(text: str) -> tuple[str, str] | None:
    """(host, vendor) of the first `<script src>` in `text` served by a look-alike of a mapping vendor."""
    for k, tag in enumerate(_SCRIPT_TAG.finditer(text)):
        if k >= _MAX_TAGS:
            break
        end = text.find(">", tag.end(), tag.end() + 300)
        m = _SRC.search(text, tag.end(), end if end >= 0 else tag.end() + 300)
        vendor = lookalike(m.group(1)) if m else None
        if vendor:
            return m.group(1), vendor  # type: ignore[union-attr]
    return None


def lookalike_message(host: str, vendor: str) -> str:
    return (f"the page is made to load a script from {host}, a domain that takes {vendor}'s name without being its "
            "maker's: code that runs in every visitor's browser with the page's logins and forms (a skimmer dressed as "
            "the map's library); load the library from the vendor's own host or the project's bundle")


# -- the area's secret stores --------------------------------------------------------------------------------------
# GeoServer's security folder (its keystore `geoserver.jceks`, `masterpw.info`, the users' and roles' XML and the
# digest of their passwords), QGIS's authentication database (every stored login, decrypted with its master password)
# (anchored on a data directory: `org/geoserver/security/` in GeoServer's source tree and the REST API's
# `/geoserver/rest/security/acl/…` are no secret store)
_DATA_DIR = r"(?:data_?dir|GEOSERVER_DATA_DIR\}?|geoserver[_-]?data(?:[_-]?dir)?|geoserver/data)"
SECRET_PLACE = re.compile(r"(?i:" + _DATA_DIR + r")/security(?:/|[\"'`\s]|$)|"
                          r"\bgeoserver\.jceks\b|"
                          r"\bmasterpw(?:\.info|\.digest)\b|\bqgis-auth\.db\b")

# (what the folder holds, one file picked out of it; the folder itself, copied whole by a backup, is judged by where the
# copy goes: store_folder)
_HELD_FILE = re.compile(r"(?:^|/)(?i:" + _DATA_DIR + r")/security/(?![*.]?$).|"
                        r"(?:^|/)geoserver\.jceks$|"
                        r"(?:^|/)masterpw\.(?:info|digest)$|(?:^|/)qgis-auth\.db$")


def held_file(path: str) -> bool:
    """paths.held_secret's question for the area (a normalised path): a file of GeoServer's security folder (its
    keystore, master password, users' and roles' files), QGIS's authentication database. Read by their administrators,
    never sent anywhere one by one."""
    return _HELD_FILE.search(path) is not None


# GeoServer's security folder whole, or the data directory holding it (a GeoServer's: `data_dir` alone is any program's),
# as a path or a word (`$GEOSERVER_DATA_DIR/security/`, `security/*`)
_GS_DATA_DIR = r"(?:geoserver[\w.-]{0,40}/(?:data_?dir|data)|GEOSERVER_DATA_DIR\}?|geoserver[_-]?data(?:[_-]?dir)?)"
_STORE_FOLDER = re.compile(r"(?:^|/|\$\{?)(?i:" + _DATA_DIR + r")/security/?(?:\*|\.)?$")
_DATA_FOLDER = re.compile(r"(?:^|/|\$\{?)(?i:" + _GS_DATA_DIR + r")/?(?:\*|\.)?$")
STORE_WORDS = re.compile(r"(?i)security|geoserver")


def store_folder(path: str) -> str | None:
    """"security" for GeoServer's security folder whole (its keystore, master password, users and roles), "data" for
    its data directory whole (the security folder with the catalog), else None."""
    p = path.strip("\"'")
    if _STORE_FOLDER.search(p):
        return "security"
    return "data" if _DATA_FOLDER.search(p) else None


def store_what(kind: str) -> str:
    return ("GeoServer's security folder (its keystore, master password, users and roles)" if kind == "security" else
            "GeoServer's data directory (its security folder with the keystore, master password and users)")


def copy_verdict(host: str | None, text: str, kind: str) -> str | None:
    """"block" or "review" for a copy of GeoServer's secret store (store_folder's `kind`) to `host` (None or "?" for a
    host known only at run time), None where it may go: this machine, the organisation's network (a private address,
    `backup.acme.internal`, a name of the user's ssh configuration). A bare public address, a drop-box, paste or tunnel
    service, or a domain beside others sharing nothing with it is an outsider's; another named domain may as well be
    the organisation's backup host (held). The data directory whole is what a deploy copies to a server: held at a
    bare address, allowed at a named one."""
    from .secret_owner import own_network

    if not host or host == "?" or "$" in host:
        return "review" if kind == "security" else None
    h = host.strip("[]").lower().rstrip(".")
    if loopback(h):
        return None
    if ip_literal(h):
        return None if not public_ip(h) else "block" if kind == "security" else "review"
    if "." not in h or own_network(h):
        return None
    if stranger_sink(h) or dropish(h) or far(h, text):
        return "block"
    return "review" if kind == "security" else None


# -- people's positions read from the database beside who they are --------------------------------------------------
# A SELECT whose columns name who a person is (an e-mail, a phone, a name) and where (a home, a geometry, coordinates,
# an address), each column read as its words: `email_address` is an e-mail, not an address; `location_id` and
# `job_position` are no position. `SELECT *` from a table of people's positions (`user_locations`) reads both.
_SELECT = re.compile(r"(?i)\bselect\b")
_FROM = re.compile(r"(?i)\bfrom\b")
_MAX_SELECTS = 64
_IDENT = re.compile(r"[A-Za-z_]\w{0,80}")
_WHO_PARTS = frozenset("email mail phone mobile msisdn ssn passport".split())
_WHO_WORDS = frozenset("""full_name fullname first_name firstname last_name lastname surname given_name family_name
national_id""".split())
_WHERE_WORDS = frozenset("""home geom the_geom geometry geog geography way lat lon lng latitude longitude location
coords coordinates address""".split())
_WHERE_TAILS = ("_lat", "_lon", "_lng", "_latitude", "_longitude", "_geom", "_geog", "_geometry", "_location",
                "_coords", "_point", "_address")
_NOT_PLACE_ADDRESS = re.compile(r"(?i)^(?:email|e_mail|mail|ip|mac|web|wallet|contract|server|remote|url)_address$")
_STAR_FROM = re.compile(r"(?i)^\s*(?:[\w\"]+\s*\.\s*)?\*\s*$")
_TABLE = re.compile(r"""[\w."`]{1,120}""")


def _who(word: str) -> bool:
    w = word.lower()
    return w in _WHO_WORDS or not _WHO_PARTS.isdisjoint(w.split("_"))


def _where(word: str) -> bool:
    w = word.lower()
    return w in _WHERE_WORDS or w.endswith(_WHERE_TAILS) and not _NOT_PLACE_ADDRESS.match(w)


@functools.lru_cache(maxsize=8)
def people_columns(doc: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(identity columns, position columns) of the first SELECT that reads people's positions beside who they are,
    else None; `*` stands for every column of a table of people's positions."""
    for k, m in enumerate(_SELECT.finditer(doc)):
        if k >= _MAX_SELECTS:
            break
        f = _FROM.search(doc, m.end(), m.end() + 600)
        if f is None:
            continue
        cols = doc[m.end():f.start()]
        if _STAR_FROM.match(cols):
            t = _TABLE.match(doc[f.end():f.end() + 200].lstrip())
            if t and place_table(t.group(0)):
                return frozenset({"*"}), frozenset({"*"})
            continue
        words = _IDENT.findall(cols)
        who = frozenset(w for w in words if _who(w))
        where = frozenset(w for w in words if _where(w))
        if who and where:
            return who, where
        # (a table of people's positions read in bulk, whole or a random sample of it, with the person's id beside
        # the position: `SELECT user_id, lat, lon FROM user_locations TABLESAMPLE SYSTEM (1)`)
        ids = frozenset(w for w in words if _PERSON_ID.match(w)) if where else frozenset()
        t = _TABLE.match(doc[f.end():f.end() + 200].lstrip()) if ids else None
        if t and place_table(t.group(0)) and _in_bulk(doc, f.end()):
            return ids, where
    return None


# a person's id beside a position (`user_id`, `device_id`, `uid`): whose position it is
_PERSON_ID = re.compile(r"(?i)^(?:user|device|driver|courier|rider|customer|person|member|account|visitor|patient|"
                        r"employee|passenger|client|subscriber|owner|profile)_?id$|^uid$")
# rows picked at random (`TABLESAMPLE SYSTEM (1)`, `ORDER BY random() LIMIT n`, `WHERE random() < 0.05`), and what
# picks rows by what they are
_SAMPLED = re.compile(r"(?i)\btablesample\s++\w++\s*+\(|\border\s++by\s++(?:random|rand)\s*+\(\s*+\)|"
                      r"\bwhere\s++\(?\s*+(?:random|rand)\s*+\(\s*+\)\s*+[<>]=?\s*+[\d.]++\s*+\)?\s*+(?:;|$|\)|"
                      r"\border\b|\blimit\b)")
_PICKED = re.compile(r"(?i)\bwhere\b|\blimit\b|\bfetch\s++first\b|\bgroup\s++by\b")


def _in_bulk(doc: str, at: int) -> str | None:
    """"sample" when the statement from `at` (after its FROM) picks its rows at random, "whole" when it picks none,
    else None."""
    end = doc.find(";", at, at + 2000)
    rest = doc[at:end if end >= 0 else at + 2000]
    if _SAMPLED.search(rest):
        return "sample"
    return None if _PICKED.search(rest) else "whole"


_AGGREGATE_ONLY = re.compile(r"(?is)^\s*(?:(?:count|sum|avg|min|max|st_extent|st_union|st_collect|array_agg|"
                             r"string_agg|json_agg|jsonb_agg)\s*\([^()]{0,200}(?:\([^()]{0,200}\)[^()]{0,200})*\)"
                             r"(?:\s+(?:as\s+)?\w+)?\s*(?:,\s*|$))+$")


@functools.lru_cache(maxsize=32)
def people_sample(sql_text: str, sampled: bool = False) -> str | None:
    """What a query reads in bulk of people's positions: a random sample (TABLESAMPLE, `ORDER BY random()`, `WHERE
    random() <`) or every row of a table of people's positions, or of people's positions beside who they are; None for
    rows picked by what they are (`WHERE user_id = 42`), a count or an average, a table of things' places. With
    `sampled`, only a random sample."""
    if len(sql_text) > 50000:
        return None
    for k, m in enumerate(_SELECT.finditer(sql_text)):
        if k >= _MAX_SELECTS:
            break
        f = _FROM.search(sql_text, m.end(), m.end() + 600)
        if f is None:
            continue
        cols = sql_text[m.end():f.start()]
        if _AGGREGATE_ONLY.match(cols):
            continue
        bulk = _in_bulk(sql_text, f.end())
        if bulk is None or sampled and bulk != "sample":
            continue
        t = _TABLE.match(sql_text[f.end():f.end() + 200].lstrip())
        table = t.group(0).strip('"`') if t else "the table"
        words = _IDENT.findall(cols)
        star = _STAR_FROM.match(cols) is not None
        people = t is not None and place_table(t.group(0)) and (star or any(_where(w) for w in words)) or \
            any(_who(w) for w in words) and any(_where(w) for w in words)
        if people:
            return f"{'a random sample' if bulk == 'sample' else 'every row'} of {table} (people's positions)"
    return None


def people_read(doc: str) -> str | None:
    """The columns of a SELECT that reads people's positions beside who they are (people_columns), else None."""
    got = people_columns(doc)
    return None if got is None else f"{sorted(got[0])[0]}, {sorted(got[1])[0]}"


# the names a script binds to what it read from the database (`rows = cur.fetchall()`, `df = gpd.read_postgis(…)`,
# `const { rows } = await pool.query(…)`), and the values it assigns (one level, for what a request carries)
_ASSIGN = re.compile(r"(?m)^[ \t]*(?:(?:const|let|var)[ \t]+)?(?:\{[ \t]*)?([A-Za-z_$][\w$]{0,60})[^=\n(]{0,60}?"
                     r"(?<![=!<>])=(?![=>])[ \t]*([^\n]{1,400})")
_READS = re.compile(r"fetchall|fetchmany|read_postgis|read_sql|read_file|\.query\s*\(|\.rows\b|\$queryRaw|"
                    r"\bexecute\s*\(|\.all\s*\(|\.select\s*\(")
# a request carrying the rows whole (`json=cur.fetchall()`, `JSON.stringify(r.rows)`, `data=df.to_json()`)
_WHOLE = re.compile(r"fetchall\s*\(|fetchmany\s*\(|\.rows\b(?!\s*\[)|\.to_(?:json|dict|csv|records|string|wkt|"
                    r"parquet|geo_dict|numpy|markdown|html|excel)\s*\(|__geo_interface__|\.values\b(?!\s*\[)|"
                    r"\.itertuples\s*\(|\.iterrows\s*\(")
_INDEX = re.compile(r"\b\w+\s*\[\s*\d+\s*\](?!\s*[.\[])")
_MAX_ASSIGNS = 2000


@functools.lru_cache(maxsize=8)
def assigned(doc: str) -> tuple[dict[str, str], frozenset[str]]:
    """(name -> the text first assigned to it, the names bound to rows read from the database), once per input."""
    values: dict[str, str] = {}
    rows: set[str] = set()
    for k, m in enumerate(_ASSIGN.finditer(doc)):
        if k >= _MAX_ASSIGNS:
            break
        name, value = m.group(1), m.group(2)
        values.setdefault(name, value)
        if _READS.search(value):
            rows.add(name)
    return values, frozenset(rows)


_WORDS = re.compile(r"[A-Za-z_$][\w$]*")


def expanded(call: str, doc: str, limit: int = 16, rows: frozenset[str] = frozenset()) -> str:
    """`call` with the values assigned to the names it uses (one level: `json=payload`, `body` built beside), but
    those in `rows`."""
    values = assigned(doc)[0]
    extra = []
    for name in dict.fromkeys(_WORDS.findall(call)):
        v = values.get(name) if name not in rows else None
        if v is not None:
            extra.append(v)
            if len(extra) >= limit:
                break
    return call + "\n" + "\n".join(extra) if extra else call


def carries_people(call: str, doc: str) -> bool:
    """Whether a request (`call`, its text) carries the people's positions people_columns found: the rows whole, or
    an identity column beside a position column (`{'e': r.email, 'g': r.geom}`), or a row's fields by index."""
    got = people_columns(doc)
    if got is None:
        return False
    rows = assigned(doc)[1]
    # (a name bound to the rows is judged by how the request uses it: its value would bring the SELECT's columns)
    text = expanded(call, doc, rows=rows)
    if _WHOLE.search(text):
        return True
    for name in dict.fromkeys(_WORDS.findall(text)):
        if name in rows and re.search(r"(?<![\w$.])" + re.escape(name) + r"\b(?!\s*[.\[(])", text):
            return True
    if len(_INDEX.findall(text)) >= 2:
        return True
    words = set(_WORDS.findall(text))
    who, where = got
    return "*" not in who and bool(words & who) and bool(words & where)


# -- GDAL's network file systems ----------------------------------------------------------------------------------------
# GDAL matches its prefixes case-sensitively (`/VSICURL/…` is a local file's name and fetches nothing), and takes a
# `\` for the prefix's closing `/` (`/vsicurl\https://…`); a URL a tool is given bare, or behind a driver's prefix
# (`WFS:https://…`, `/vsizip//vsicurl/…`), is fetched as well
VSICURL = re.compile(r"/vsicurl(?:_streaming)?(?:[/\\]|\?)")
URL_OPERAND = re.compile(r"(?:https?|ftp)://[^\s\"'`<>|;&]{1,2000}")
STORE_PATH = re.compile(r"/vsi(?:s3|gs|az|adls|oss|swift|webhdfs)(?:_streaming)?[/\\]")
# `/vsicurl?url=…&proxy=…&proxyuserpwd=…&cookie=…`: the request's own settings, URL-encoded
QUERY_FORM = re.compile(r"/vsicurl(?:_streaming)?[/\\]?\?([^\s\"'`]{1,4000})")
# where object storage is, as GDAL's settings say (Azure's connection string names its `BlobEndpoint=https://…`)
GDAL_ENDPOINT_KEYS = frozenset({"AWS_S3_ENDPOINT", "CPL_GS_ENDPOINT", "OSS_ENDPOINT", "SWIFT_STORAGE_URL",
                                "SWIFT_AUTH_V1_URL", "AZURE_STORAGE_CONNECTION_STRING", "WEBHDFS_URL"})
ENDPOINT_URL = re.compile(r"https?://[^;\s\"'`]++")
# the settings that put a credential in each request (a header, a user and password, a bearer token, a cookie), and
# object storage's own credentials that travel as they are (a session token, a SAS, a bearer token, Swift's key; a
# secret key only signs the request and never leaves the machine)
GDAL_AUTH_KEYS = frozenset({"GDAL_HTTP_HEADERS", "GDAL_HTTP_USERPWD", "GDAL_HTTP_BEARER", "GDAL_HTTP_COOKIE",
                            "GDAL_HTTP_HEADER_FILE"})
GDAL_SENT_CREDENTIALS = frozenset({"AWS_SESSION_TOKEN", "AZURE_STORAGE_SAS_TOKEN", "AZURE_SAS",
                                   "AZURE_STORAGE_ACCESS_TOKEN", "AZURE_STORAGE_CONNECTION_STRING", "SWIFT_AUTH_TOKEN",
                                   "SWIFT_KEY", "OS_PASSWORD", "GS_OAUTH2_REFRESH_TOKEN", "GS_OAUTH2_CLIENT_SECRET"})
# where GDAL sends a login to have it exchanged for a token: the web identity token file's, the refresh token's, Swift's
# key
GDAL_LOGIN_KEYS = frozenset({"CPL_AWS_STS_ROOT_URL", "GOA2_AUTH_URL_TOKEN", "SWIFT_AUTH_V1_URL", "OS_AUTH_URL"})
GDAL_PROXY_KEYS = ("GDAL_HTTPS_PROXY", "GDAL_HTTP_PROXY")
GDAL_KEYS = GDAL_AUTH_KEYS | GDAL_SENT_CREDENTIALS | GDAL_LOGIN_KEYS | GDAL_ENDPOINT_KEYS | set(GDAL_PROXY_KEYS) | {
    "GDAL_HTTP_PROXYUSERPWD"}


def setting_host(value: str) -> str | None:
    """The host a GDAL setting names: a URL's, or `host[:port]`; None for one known only at run time."""
    v = value.strip("\"'")
    m = ENDPOINT_URL.search(v)
    host = url_host(m.group(0)) if m else v.split("/", 1)[0].rsplit("@", 1)[-1].rsplit(":", 1)[0]
    return host if host and "$" not in host and "{" not in host and "." in host else None


def outside(host: str | None, text: str) -> bool:
    """A host the organisation has no reason to send its data or logins to: a bare public address, a drop-box, paste or
    tunnel service, a domain beside others that share nothing with it (far)."""
    return bool(host) and not loopback(host) and (public_ip(host) or far(host, text) is not None)


def gdal_url(text: str) -> tuple[str, dict[str, str]] | None:
    """(the URL, the `/vsicurl?` form's own settings) GDAL fetches for a file name `text`, else None: behind /vsicurl/
    (however nested), a driver's prefix (`WFS:`, `GTIFF_DIR:1:`), or bare."""
    from urllib.parse import unquote

    q = QUERY_FORM.search(text) if "/vsicurl" in text else None
    if q is not None and "url=" in q.group(1):
        opts = {k.lower(): unquote(v) for k, _, v in (p.partition("=") for p in q.group(1).split("&")) if v}
        return opts.get("url", ""), opts
    m = URL_OPERAND.search(text)
    if m is None:
        return None
    before = text[:m.start()].lstrip("\"'")
    return (m.group(0), {}) if not before or before[-1] == ":" or VSICURL.search(before[-24:]) else None


# -- a secret in the address GDAL opens ----------------------------------------------------------------------------------
def vsicurl_leak(url: str, names: list[str]) -> tuple[str, str] | None:
    """(secret, host) when `url`, opened through /vsicurl/, carries the secret variable named in `names` to a host
    that is not its service: a known service's token anywhere but its own hosts, any secret to a bare public address
    or a drop-box service. A service guessed only from the variable's name (`$EE_TOKEN`, `$OSM_TOKEN`) is no evidence
    against the tile server it is sent to."""
    from .secret_owner import owner

    host = url_host(url) if "//" in url else None
    if not host or "$" in host or "{" in host or loopback(host):
        return None
    for name in dict.fromkeys(names):
        own = owner(name)
        if own is not None and own.hosts and not own.words and not own.owns(host) or stranger_sink(host):
            return name, host
    return None
