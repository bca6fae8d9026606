"""The online OSV API as a vulnerability source (`scan --online`).

`POST /v1/querybatch` answers which vulnerability ids affect each (package, version);
`GET /v1/vulns/{id}` gives the records. The API's answer is authoritative for *which*
versions are affected; the records give severity, aliases and fixed versions. So each
record is returned with the queried version added to its affected `versions` list:
local matching then agrees with the API even where a record's ranges are written in a
way the local version order reads differently, or when a record cannot be fetched.

Requests: batches of at most 1000 queries (the API's limit), `next_page_token` followed,
timeouts, retries with exponential back-off on 429 / 5xx / connection errors (honouring
Retry-After), and at most `max_in_flight` requests at a time. Answers are cached in the
data home for the freshness TTL, so an identical scan within it sends no request.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import DatabaseError
from .names import base_ecosystem, normalize_name

BATCH_LIMIT = 1000


@dataclass(frozen=True)
class Query:
    ecosystem: str
    name: str
    version: str | None  # None: every vulnerability of the package (unpinned ranges)

    def body(self) -> dict[str, Any]:
        q: dict[str, Any] = {"package": {"ecosystem": self.ecosystem, "name": self.name}}
        if self.version:
            q["version"] = self.version
        return q

    def key(self) -> str:
        return json.dumps(self.body(), sort_keys=True, separators=(",", ":"))


class _Cache:
    """SQLite cache of query answers and records, each with the time it was fetched."""

    def __init__(self, path: Path, ttl_s: float) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.ttl_s = ttl_s
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("CREATE TABLE IF NOT EXISTS answer (key TEXT PRIMARY KEY, ids TEXT, fetched REAL)")
        self.db.execute("CREATE TABLE IF NOT EXISTS record (id TEXT PRIMARY KEY, json TEXT, fetched REAL)")
        self.db.commit()

    def _fresh(self, fetched: float) -> bool:
        return time.time() - fetched < self.ttl_s

    def answers(self, keys: Sequence[str]) -> dict[str, list[str]]:
        out = {}
        with self.lock:
            for k in keys:
                row = self.db.execute("SELECT ids, fetched FROM answer WHERE key = ?", (k,)).fetchone()
                if row and self._fresh(row[1]):
                    out[k] = json.loads(row[0])
        return out

    def put_answers(self, items: dict[str, list[str]]) -> None:
        now = time.time()
        with self.lock:
            self.db.executemany("INSERT OR REPLACE INTO answer VALUES (?, ?, ?)",
                                [(k, json.dumps(v), now) for k, v in items.items()])
            self.db.commit()

    def record(self, vid: str) -> dict | None | bool:
        """The cached record, None if cached as missing, False if not cached (or stale)."""
        with self.lock:
            row = self.db.execute("SELECT json, fetched FROM record WHERE id = ?", (vid,)).fetchone()
        if not row or not self._fresh(row[1]):
            return False
        return json.loads(row[0]) if row[0] else None

    def put_record(self, vid: str, record: dict | None) -> None:
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO record VALUES (?, ?, ?)",
                            (vid, json.dumps(record) if record else None, time.time()))
            self.db.commit()


class OsvApiClient:
    def __init__(self, base_url: str, cache_dir: Path, *, ttl_hours: float = 24.0, timeout_s: float = 30.0,
                 retries: int = 4, backoff_s: float = 0.5, max_in_flight: int = 8, batch_size: int = BATCH_LIMIT) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_in_flight = max_in_flight
        self.batch_size = min(batch_size, BATCH_LIMIT)
        self.cache = _Cache(cache_dir / "osv-api-cache.sqlite3", ttl_hours * 3600)
        self.requests_sent = 0  # for tests and diagnostics
        self._count_lock = threading.Lock()

    # -- HTTP -------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: Any = None) -> Any:
        url = self.base_url + path
        data = json.dumps(body).encode() if body is not None else None
        last: str = ""
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(url, data=data, method=method,
                                         headers={"Content-Type": "application/json", "User-Agent": "agent-immune"})
            with self._count_lock:
                self.requests_sent += 1
            delay = self.backoff_s * (2 ** attempt)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                    return json.loads(resp.read())
            except urllib.error.HTTPError as exc:
                if exc.code == 404 and method == "GET":
                    return None
                if exc.code != 429 and exc.code < 500:
                    raise DatabaseError(f"OSV API {method} {path}: HTTP {exc.code} {exc.reason}") from None
                last = f"HTTP {exc.code}"
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                if retry_after and retry_after.isdigit():
                    delay = max(delay, float(retry_after))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = str(getattr(exc, "reason", exc))
            except json.JSONDecodeError:
                last = "response is not JSON"
            if attempt < self.retries:
                time.sleep(min(delay, 30.0))
        raise DatabaseError(f"OSV API {method} {url} failed after {self.retries + 1} attempts: {last}")

    # -- API ----------------------------------------------------------------------------
    def _batch(self, queries: list[Query]) -> list[list[str]]:
        ids: list[list[str]] = [[] for _ in queries]
        pending = list(range(len(queries)))
        tokens: dict[int, str] = {}
        while pending:
            body = {"queries": []}
            for i in pending:
                q = queries[i].body()
                if i in tokens:
                    q["page_token"] = tokens[i]
                body["queries"].append(q)
            resp = self._request("POST", "/v1/querybatch", body)
            results = (resp or {}).get("results", [])
            if len(results) != len(pending):
                raise DatabaseError(f"OSV API answered {len(results)} results for {len(pending)} queries")
            again = []
            for i, result in zip(pending, results):
                ids[i].extend(v["id"] for v in result.get("vulns", []) if v.get("id"))
                token = result.get("next_page_token")
                if token:
                    tokens[i] = token
                    again.append(i)
            pending = again
        return ids

    def query(self, queries: Sequence[Query]) -> dict[Query, list[str]]:
        """Vulnerability ids per query, from the cache or the API."""
        unique = list(dict.fromkeys(queries))
        cached = self.cache.answers([q.key() for q in unique])
        out = {q: cached[q.key()] for q in unique if q.key() in cached}
        missing = [q for q in unique if q not in out]
        chunks = [missing[i:i + self.batch_size] for i in range(0, len(missing), self.batch_size)]
        with ThreadPoolExecutor(max_workers=self.max_in_flight) as pool:
            for chunk, answer in zip(chunks, pool.map(self._batch, chunks)):
                fresh = {}
                for q, ids in zip(chunk, answer):
                    out[q] = list(dict.fromkeys(ids))
                    fresh[q.key()] = out[q]
                self.cache.put_answers(fresh)
        return out

    def records(self, ids: Iterable[str]) -> dict[str, dict]:
        """Full records by id (ids the API does not know are left out)."""
        out: dict[str, dict] = {}
        todo = []
        for vid in dict.fromkeys(ids):
            hit = self.cache.record(vid)
            if hit is False:
                todo.append(vid)
            elif hit is not None:
                out[vid] = hit

        def fetch(vid: str) -> tuple[str, dict | None]:
            return vid, self._request("GET", f"/v1/vulns/{urllib.request.quote(vid, safe='')}")

        with ThreadPoolExecutor(max_workers=self.max_in_flight) as pool:
            for vid, record in pool.map(fetch, todo):
                self.cache.put_record(vid, record)
                if record is not None:
                    out[vid] = record
        return out


class OnlineSource:
    """The scan's vulnerability-source protocol (`records_for`, `get_many`) over the API."""

    def __init__(self, client: OsvApiClient, packages: Iterable[Any]) -> None:
        self.client = client
        queries: dict[Query, tuple[str, str]] = {}
        for p in packages:
            # PyPI names go in their PEP 503 form, which the API indexes; others as written.
            name = normalize_name(p.ecosystem, p.name) if base_ecosystem(p.ecosystem) == "PyPI" else p.name
            q = Query(p.ecosystem, name, p.version or None)
            queries[q] = (base_ecosystem(p.ecosystem), normalize_name(p.ecosystem, p.name))
        answers = client.query(list(queries))
        records = client.records(i for ids in answers.values() for i in ids)
        self._by_package: dict[tuple[str, str], dict[str, dict]] = {}
        for q, ids in answers.items():
            slot = self._by_package.setdefault(queries[q], {})
            for vid in ids:
                record = slot.get(vid) or json.loads(json.dumps(records.get(vid) or _placeholder(vid, q)))
                if q.version:
                    _assert_affected(record, q)
                slot[vid] = record
        self._records = records

    def records_for(self, ecosystem: str, names: Iterable[str]) -> dict[str, list[dict]]:
        eco = base_ecosystem(ecosystem)
        out = {}
        for name in names:
            norm = normalize_name(ecosystem, name)
            found = self._by_package.get((eco, norm))
            if found:
                out[norm] = list(found.values())
        return out

    def get_many(self, ids: Iterable[str]) -> dict[str, dict]:
        ids = list(ids)
        have = {i: self._records[i] for i in ids if i in self._records}
        have.update(self.client.records(i for i in ids if i not in have))
        return have


def _placeholder(vid: str, q: Query) -> dict:
    """A record the API named but would not return: enough to report the id honestly."""
    return {"id": vid, "summary": "(details unavailable from the OSV API)",
            "affected": [{"package": {"ecosystem": q.ecosystem, "name": q.name}, "versions": []}]}


def _assert_affected(record: dict, q: Query) -> None:
    eco, norm = base_ecosystem(q.ecosystem), normalize_name(q.ecosystem, q.name)
    entries = [a for a in record.get("affected", [])
               if base_ecosystem(a.get("package", {}).get("ecosystem", "")) == eco
               and normalize_name(q.ecosystem, a.get("package", {}).get("name", "")) == norm]
    if not entries:
        entries = [{"package": {"ecosystem": q.ecosystem, "name": q.name}, "versions": []}]
        record.setdefault("affected", []).extend(entries)
    for a in entries:
        versions = a.setdefault("versions", [])
        if q.version not in versions:
            versions.append(q.version)


def client_from_config(config: Any) -> OsvApiClient:
    return OsvApiClient(config.immune.osv_api_url, config.data_home(), ttl_hours=config.immune.osv_ttl_hours)
