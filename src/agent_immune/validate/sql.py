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


# -- what a statement does on the server's machine: programs it runs, files it reads or writes (session 10) ------
# `COPY (SELECT …) TO PROGRAM 'curl …'` (psql's `\copy` runs it here, a server-side COPY on the server),
# `SELECT LOAD_FILE('/etc/shadow')`, `SELECT '…' INTO OUTFILE '/var/www/x.php'`, `EXEC xp_cmdshell '…'`: the SQL
# hands a shell command to the machine, or a file of it to the client. Read on the raw text (the strings hold the
# command and the paths); comments go first.
_SERVER_HINT = re.compile(r"(?i)program|load_file|pg_read|lo_import|lo_export|readfile|writefile|infile|outfile|"
                          r"dumpfile|xp_cmdshell|sys_exec|sys_eval|\bcopy\b")
_STR = r"(?:E?'((?:[^']|'')*)'|\$(\w*)\$(.*?)\$\3\$)"
_COMMENT = re.compile(r"--[^\n]*|/\*.*?(?:\*/|\Z)", re.S)
_PROGRAM = re.compile(r"(?is)\b(to|from)\s+program\s+" + _STR)
_COPY_FILE = re.compile(r"(?is)\bcopy\b[^;]*?\b(to|from)\s+" + _STR)
_READS = re.compile(r"(?is)\b(?:load_file|pg_read_file|pg_read_binary_file|lo_import|readfile)\s*\(\s*" + _STR +
                    r"|\bload\s+data\s+(?:low_priority\s+|concurrent\s+)?(?:local\s+)?infile\s+" + _STR)
_WRITES = re.compile(r"(?is)\binto\s+(?:outfile|dumpfile)\s+" + _STR +
                     r"|\b(?:lo_export\s*\([^,;]*,|writefile\s*\()\s*" + _STR)
_COMMANDS = re.compile(r"(?is)\b(?:xp_cmdshell|sys_exec|sys_eval)\s*\(?\s*N?" + _STR)


@dataclass(frozen=True)
class Effect:
    kind: str    # "program-to" (rows handed to a command), "program-from", "command", "read" or "write"
    value: str   # the command, or the file's path, as written
    verb: str    # the SQL that does it, for messages: `COPY … TO PROGRAM`, `LOAD_FILE`, `INTO OUTFILE` …


def _string(m: re.Match, first: int) -> str:
    """The value of the string literal whose groups start at `first` (a quoted string or a dollar-quoted one)."""
    quoted = m.group(first)
    return quoted.replace("''", "'") if quoted is not None else (m.group(first + 2) or "")


def judge_server(text: str, block, run) -> bool:
    """Judge what the SQL `text` does on the database's machine, for a shell client or a driver in code: a
    command it runs is handed to `run(line)` (judged as a command); the rows handed to a network program, a
    secret read, a start-up or system file written go to `block(rule, message)`. True when it blocked."""
    from . import paths
    from .bash.common import NET_SENDERS

    for effect in server_effects(text):
        v = effect.value
        if effect.kind.startswith("program") or effect.kind == "command":
            if effect.kind == "program-to" and any(
                    (part.split() or [""])[0].rsplit("/", 1)[-1] in NET_SENDERS for part in _STAGES.split(v)):
                block("exfiltration", f"`{effect.verb} '{v[:60]}'` hands the query's rows to a program that sends "
                                      "them off the machine; export to a file the user can look at")
                return True
            run(v)
        elif effect.kind == "read" and paths.is_secret(v):
            block("secret-read", f"`{effect.verb}` reads the secret {v} into the query's result; agents must not "
                                 "touch credentials")
            return True
        elif effect.kind == "write":
            kinds = paths.kinds(v)
            if paths.PERSISTENCE in kinds:
                block("persistence", f"`{effect.verb}` writes {v}, which runs code later (a start-up, cron or hook "
                                     "file); agents must not change it")
                return True
            if paths.SYSTEM in kinds and not paths.normalize(v).startswith(("/var/lib/", "/var/tmp/")):
                block("system-write", f"`{effect.verb}` writes the system path {v} (a web root, /etc …) from the "
                                      "database; write exports under the project or /tmp")
                return True
    return False


_STAGES = re.compile(r"[|;&]+")


def server_effects(text: str) -> list[Effect]:
    """Programs the SQL `text` runs and files it reads or writes on the machine it runs on, in order."""
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
    return out
