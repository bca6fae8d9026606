"""The online OSV client against a loopback replay of real recorded API exchanges."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent_immune.deps.base import Package
from agent_immune.errors import DatabaseError
from agent_immune.osv.api import OnlineSource, OsvApiClient, Query

from .replay_server import ReplayServer

STDLIB = Query("Go", "stdlib", "1.22.4")
MINIMIST = Query("npm", "minimist", "0.0.8")
FLASK = Query("PyPI", "flask", "0.12.2")


@pytest.fixture
def server():
    with ReplayServer() as s:
        yield s


def client(server: ReplayServer, home: Path, **kw) -> OsvApiClient:
    kw.setdefault("backoff_s", 0.01)
    return OsvApiClient(server.url, home, **kw)


def test_query_returns_recorded_ids(server: ReplayServer, tmp_path: Path) -> None:
    answers = client(server, tmp_path).query([STDLIB, MINIMIST, FLASK, Query("npm", "left-pad", "1.3.0")])
    assert len(answers[STDLIB]) == 52 and answers[STDLIB][0] == "GO-2024-2963"
    assert sorted(answers[MINIMIST]) == ["GHSA-vh95-rmgr-6w4m", "GHSA-xvch-5gv4-984h"]
    assert len(answers[FLASK]) == 8
    assert answers[Query("npm", "left-pad", "1.3.0")] == []
    posts = [entry for entry in server.state.log if entry[0] == "POST"]
    assert len(posts) == 1 and len(posts[0][2]["queries"]) == 4


def test_second_identical_scan_within_ttl_sends_nothing(server: ReplayServer, tmp_path: Path) -> None:
    packages = [Package("minimist", "0.0.8", "npm", "package-lock.json"), Package("flask", "0.12.2", "PyPI", "r.txt")]
    first = client(server, tmp_path)
    OnlineSource(first, packages)
    assert first.requests_sent == 1 + 2 + 8  # one batch, then every record once
    second = client(server, tmp_path)
    source = OnlineSource(second, packages)
    assert second.requests_sent == 0
    assert set(source.records_for("npm", ["minimist"])["minimist"][0]) >= {"id", "affected"}
    expired = client(server, tmp_path, ttl_hours=0)
    OnlineSource(expired, packages)
    assert expired.requests_sent > 0


def test_records_and_missing_details(server: ReplayServer, tmp_path: Path) -> None:
    c = client(server, tmp_path)
    source = OnlineSource(c, [Package("Flask", "0.12.2", "PyPI", "requirements.txt")])
    records = source.records_for("PyPI", ["Flask"])["flask"]
    assert len(records) == 8
    full = [r for r in records if "details unavailable" not in r.get("summary", "")]
    placeholders = [r for r in records if r not in full]
    assert len(full) == 3 and len(placeholders) == 5
    for r in records:  # every record says the queried version is affected, as the API did
        assert any("0.12.2" in a.get("versions", []) for a in r["affected"])


def test_recorded_vulns_by_id(server: ReplayServer, tmp_path: Path) -> None:
    records = client(server, tmp_path).records(["GHSA-whgm-jr23-g3j9", "NOPE-1"])
    assert list(records) == ["GHSA-whgm-jr23-g3j9"]
    assert records["GHSA-whgm-jr23-g3j9"]["affected"][0]["package"]["name"] == "ansi-html"


def test_retries_on_429_and_5xx(server: ReplayServer, tmp_path: Path) -> None:
    server.state.fail_next = [429, 500, 503]
    answers = client(server, tmp_path).query([MINIMIST])
    assert len(answers[MINIMIST]) == 2
    assert len(server.state.log) == 4


def test_gives_up_with_a_clear_error(server: ReplayServer, tmp_path: Path) -> None:
    server.state.fail_next = [503] * 10
    with pytest.raises(DatabaseError, match="failed after 3 attempts: HTTP 503"):
        client(server, tmp_path, retries=2).query([MINIMIST])
    server.state.fail_next = [400]
    with pytest.raises(DatabaseError, match="HTTP 400"):
        client(server, tmp_path / "x").query([MINIMIST])


def test_connection_refused_is_a_database_error(tmp_path: Path) -> None:
    c = OsvApiClient("http://127.0.0.1:9", tmp_path, retries=1, backoff_s=0.01, timeout_s=2)
    with pytest.raises(DatabaseError, match="failed after 2 attempts"):
        c.query([MINIMIST])


def test_follows_next_page_token(server: ReplayServer, tmp_path: Path) -> None:
    server.state.page_size = 10
    answers = client(server, tmp_path).query([STDLIB, MINIMIST])
    assert len(answers[STDLIB]) == 52 and len(answers[MINIMIST]) == 2
    posts = [e for e in server.state.log if e[0] == "POST"]
    assert len(posts) == 6  # 52 ids in pages of 10
    assert all(q.get("page_token") for q in posts[-1][2]["queries"])


def test_respects_batch_limit_and_in_flight_bound(server: ReplayServer, tmp_path: Path) -> None:
    queries = [Query("npm", f"pkg-{i}", "1.0.0") for i in range(2500)]
    client(server, tmp_path).query(queries)
    sizes = [len(e[2]["queries"]) for e in server.state.log if e[0] == "POST"]
    assert sorted(sizes) == [500, 1000, 1000]
    server.state.delay_s = 0.05
    server.state.max_in_flight = 0
    ids = [f"GO-2024-{n}" for n in range(3100, 3140)]
    client(server, tmp_path / "b", max_in_flight=3).records(ids)
    assert 1 < server.state.max_in_flight <= 3
