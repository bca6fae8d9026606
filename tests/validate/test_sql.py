"""The one SQL reader behind the shell clients' rule and the drivers' rule (validate/sql.py)."""
from __future__ import annotations

import pytest

from agent_immune.validate.sql import Loss, loss


@pytest.mark.parametrize("text,verb,target", [
    ("DROP TABLE IF EXISTS users", "DROP TABLE", "users"),
    ('TRUNCATE "Order" CASCADE', "TRUNCATE", '"Order"'),
    ('DELETE FROM "users"', "DELETE", '"users"'),
    ("UPDATE ONLY t SET a = 1", "UPDATE", "t"),
    ("ALTER TABLE t DROP COLUMN email", "DROP COLUMN", "t"),
    ("SELECT 1; DROP SCHEMA app CASCADE", "DROP SCHEMA", "app"),
    ("DROP TABLE ?x", "DROP TABLE", "<computed>"),
    ("# note\nDELETE FROM t WHERE 1=1 ORDER BY id", "DELETE", "t"),
])
def test_losses(text: str, verb: str, target: str) -> None:
    assert loss(text) == Loss(verb, target)


@pytest.mark.parametrize("text", [
    'SELECT "drop table" AS note',          # a MySQL string, a Postgres identifier: no statement either way
    'SELECT * FROM "truncate table x"',
    "DELETE FROM t WHERE id = 1 RETURNING *",
    "ALTER TABLE t DROP CONSTRAINT c",
    "DROP VIEW v; DROP INDEX i",
    'SELECT "unterminated DROP TABLE t',
])
def test_keeps(text: str) -> None:
    assert loss(text) is None


def test_both_wordings_come_from_one_reading() -> None:
    found = loss("delete from sessions")
    assert found.statement() == "DELETE FROM without WHERE (every row)"
    assert found.phrase() == "deletes every row of sessions (no WHERE)"
