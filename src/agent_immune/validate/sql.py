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
