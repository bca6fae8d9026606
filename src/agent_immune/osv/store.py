"""The local OSV database: a SQLite index of OSV records, keyed by package.

Layout of `<data_home>/osv/osv.sqlite3` (schema version in `meta`):

    record(id, modified, withdrawn, json, full_z) one row per OSV record: `json` is its matching
                                                  form (see slim_record), `full_z` the whole
                                                  record, compact JSON compressed with zlib
    member(ecosystem, record_id)                  which export folder(s) a record came from
    affected_pkg(ecosystem_base, name_normalized, record_id)
                                                  every `affected[].package`, in canonical form
    alias(alias, record_id)                       `aliases` of each record
    ecosystem(name, records, updated_at, source, etag, last_modified, cursor, ...)

A record can come from several export folders (the bucket copies a record into every
ecosystem it names, and into GIT when it has a GIT range); `member` tracks that, so
re-importing one folder only drops records no other folder still holds. The package
index is derived from the record content alone, so a record is found under every
package it names whichever folder delivered it. Records with no package (GIT-only
ranges) are stored but have no `affected_pkg` row.

The live file is never written in place. Every change goes to a copy beside it (under
an exclusive lock file), is checked, and replaces the live file with `os.replace`: a
reader holds either the old or the new file, never a half-built one, and a crash at
any point leaves the previous database usable.

Schema versions: 1 stored whole records in `json`; 2 (current) stores the matching form
there and the whole record in `full_z`. Readers refuse any other version with a message
naming `agent-immune db update`, which rebuilds the file from the source (keeping the
list of ecosystems the old file held).
"""
from __future__ import annotations

import fcntl
import gc
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence

from ..errors import DatabaseError
from ..findings import EcosystemFreshness
from .names import base_ecosystem, normalize_name, normalizer

SCHEMA_VERSION = 2
DB_NAME = "osv.sqlite3"
LOCK_NAME = ".update.lock"
_TMP_PREFIX = DB_NAME + ".tmp-"
LOCK_TIMEOUT_S = 900.0
_BATCH = 500

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE record(
    id TEXT PRIMARY KEY,
    modified TEXT NOT NULL,
    withdrawn INTEGER NOT NULL,
    json TEXT NOT NULL,
    full_z BLOB NOT NULL
);
CREATE TABLE member(ecosystem TEXT NOT NULL, record_id TEXT NOT NULL,
                    PRIMARY KEY(ecosystem, record_id)) WITHOUT ROWID;
CREATE INDEX member_record ON member(record_id);
CREATE TABLE affected_pkg(ecosystem_base TEXT NOT NULL, name_normalized TEXT NOT NULL,
                          record_id TEXT NOT NULL,
                          PRIMARY KEY(ecosystem_base, name_normalized, record_id)) WITHOUT ROWID;
CREATE INDEX affected_record ON affected_pkg(record_id);
CREATE TABLE alias(alias TEXT NOT NULL, record_id TEXT NOT NULL,
                   PRIMARY KEY(alias, record_id)) WITHOUT ROWID;
CREATE INDEX alias_record ON alias(record_id);
CREATE TABLE ecosystem(
    name TEXT PRIMARY KEY,
    records INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    source TEXT NOT NULL,
    mode TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    csv_etag TEXT,
    csv_last_modified TEXT,
    cursor TEXT
) WITHOUT ROWID;
"""


def db_path(home: Path) -> Path:
    return Path(home) / "osv" / DB_NAME


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _age_hours(updated_at: str, now: datetime | None = None) -> float:
    then = datetime.fromisoformat(updated_at.replace("Z", "+00:00"))
    now = now or datetime.now(timezone.utc)
    return max(0.0, (now - then).total_seconds() / 3600.0)


class EcosystemStatus(NamedTuple):
    # A NamedTuple, not a frozen dataclass: equally immutable, and defining it costs a
    # fraction of a dataclass's import time, which every scan pays (like match.Match).
    name: str
    records: int
    updated_at: str            # ISO 8601 UTC: last time the source was checked (304 included)
    age_hours: float
    source: str
    imported_at: str = ""      # last time records actually changed
    mode: str = "full"         # how the last change arrived: "full" | "incremental"
    etag: str | None = None
    last_modified: str | None = None
    csv_etag: str | None = None
    csv_last_modified: str | None = None
    cursor: str | None = None  # newest `modified` seen, where the next incremental update starts


class RecordRow(NamedTuple):
    """A validated record ready to store: the derived index keys, its matching form
    (compact JSON) and the whole record (compact JSON, zlib-compressed).

    A NamedTuple for the same reason as EcosystemStatus."""

    id: str
    modified: str
    withdrawn: bool
    json: str
    full: bytes
    packages: tuple[tuple[str, str], ...]   # (ecosystem_base, name_normalized)
    aliases: tuple[str, ...]


def prepare_record(doc: Any, origin: str) -> RecordRow:
    """Check an OSV document's shape and compute what the index needs.

    `origin` names where it came from (file and member) for the error message.
    """
    if not isinstance(doc, dict):
        raise DatabaseError(f"{origin}: not an OSV record (expected a JSON object)")
    rid = doc.get("id")
    if not isinstance(rid, str) or not rid:
        raise DatabaseError(f"{origin}: OSV record has no string `id`")
    modified = doc.get("modified", "")
    if not isinstance(modified, str):
        raise DatabaseError(f"{origin}: `modified` is not a string")
    affected = doc.get("affected")
    affected = [] if affected is None else affected
    if not isinstance(affected, list):
        raise DatabaseError(f"{origin}: `affected` is not a list")
    packages: set[tuple[str, str]] = set()
    for entry in affected:
        if not isinstance(entry, dict):
            raise DatabaseError(f"{origin}: an `affected` entry is not an object")
        pkg = entry.get("package")
        if not isinstance(pkg, dict):
            continue  # GIT-only entries name a repository, not a package
        eco, name = pkg.get("ecosystem"), pkg.get("name")
        if isinstance(eco, str) and isinstance(name, str) and eco and name:
            packages.add((base_ecosystem(eco), normalize_name(eco, name)))
    import zlib  # writers and full_records only (start-up time of a scan)

    aliases = doc.get("aliases")
    aliases = [] if aliases is None else aliases
    if not isinstance(aliases, list):
        raise DatabaseError(f"{origin}: `aliases` is not a list")
    return RecordRow(
        id=rid,
        modified=modified,
        withdrawn=bool(doc.get("withdrawn")),
        json=json.dumps(slim_record(doc), separators=(",", ":"), ensure_ascii=False),
        full=zlib.compress(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")),
        packages=tuple(sorted(packages)),
        aliases=tuple(sorted({a for a in aliases if isinstance(a, str) and a and a != rid})),
    )


# Fields of a record that matching and reporting read (match.py, severity.py,
# scan._summary); everything else (details, references, credits, Go's imports and
# symbols, ...) only costs decoding time on every scan, so the `json` column leaves it out.
_KEEP = ("id", "aliases", "summary", "modified", "withdrawn", "severity")
_KEEP_AFFECTED = ("package", "ranges", "versions", "severity")
_SEVERITY_BLOCKS = ("database_specific", "ecosystem_specific")


def _severity_block(block: object) -> dict | None:
    """Only `severity` of a database_specific / ecosystem_specific block is ever read."""
    if isinstance(block, dict) and "severity" in block:
        return {"severity": block["severity"]}
    return None


def slim_record(doc: dict) -> dict:
    """The matching form of a validated record: what the scan reads, nothing else.

    `details` is kept only as its first line, and only when there is no usable
    `summary` (the scan's summary falls back to exactly that line). The record's
    severity, computed by severity.py, is stored under severity.PRECOMPUTED so a scan
    neither imports the CVSS library nor parses vectors.
    """
    from . import severity as _sev  # import time only; severity.py pulls in the matcher

    out = {k: doc[k] for k in _KEEP if k in doc}
    summary = doc.get("summary")
    details = doc.get("details")
    if not (isinstance(summary, str) and summary.strip()) and isinstance(details, str) and details.strip():
        out["details"] = details.strip().splitlines()[0]
    block = _severity_block(doc.get("database_specific"))
    if block is not None:
        out["database_specific"] = block
    if "affected" in doc:
        affected = []
        for entry in doc["affected"] or ():
            slim = {k: entry[k] for k in _KEEP_AFFECTED if k in entry}
            for field in _SEVERITY_BLOCKS:
                block = _severity_block(entry.get(field))
                if block is not None:
                    slim[field] = block
            affected.append(slim)
        out["affected"] = affected
    out[_sev.PRECOMPUTED] = list(_sev.record_severity(doc))
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing records allocates many containers but no cycles; with a large heap already
    alive (a scan's results), the collector's passes cost more than the parse itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"OSV database at {path} is unreadable ({exc}); run `agent-immune db update --force`"
        ) from None
    if row is None or row[0] != str(SCHEMA_VERSION):
        found = row[0] if row else "none"
        raise DatabaseError(
            f"OSV database at {path} has schema version {found}, expected {SCHEMA_VERSION}; "
            "run `agent-immune db update` to rebuild it"
        )


def imported_names(home: Path) -> list[str]:
    """Ecosystems the database file lists, whatever its schema version (the `ecosystem`
    table has kept its shape): what `db update` rebuilds an old-version file with.
    Empty when there is no readable file."""
    path = db_path(home)
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return sorted(str(r[0]) for r in conn.execute("SELECT name FROM ecosystem"))
        finally:
            conn.close()
    except sqlite3.Error:
        return []


class OsvStore:
    """Read-only view of the local OSV database."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, home: Path) -> "OsvStore":
        path = db_path(home)
        if not path.is_file():
            raise DatabaseError(f"no OSV database at {path}; run `agent-immune db update`")
        try:
            # immutable: the live file is only ever replaced, never written, so SQLite may
            # skip locking; an open reader keeps the file it opened across a replace.
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open OSV database at {path}: {exc}") from None
        _check_schema(conn, path)
        return cls(conn, path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "OsvStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _guard(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(
                f"OSV database at {self.path} is corrupt ({exc}); run `agent-immune db update --force`"
            ) from None

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._guard(lambda: self._conn.execute(sql, params).fetchall())

    def records_for(self, ecosystem: str, names: Iterable[str]) -> dict[str, list[dict]]:
        """normalized name -> non-withdrawn records (matching form, see slim_record) naming that package in the base ecosystem.

        Every requested name is a key (an empty list when nothing is known). A record
        is parsed once per call even if it names several of the requested packages.
        """
        eco = base_ecosystem(ecosystem)
        norm = normalizer(eco)
        wanted = sorted({norm(n) for n in names})
        result: dict[str, list[dict]] = {n: [] for n in wanted}
        parsed: dict[str, dict] = {}
        # One query for the whole batch: the names travel as one JSON array parameter that
        # drives the join (faster than IN-lists or chunks of bound parameters, no limit).
        rows = self._query(
            "SELECT a.name_normalized, r.id, r.json FROM json_each(?2) AS j "
            "JOIN affected_pkg a ON a.ecosystem_base = ?1 AND a.name_normalized = j.value "
            "JOIN record r ON r.id = a.record_id WHERE r.withdrawn = 0 ORDER BY a.name_normalized, r.id",
            (eco, json.dumps(wanted)),
        )
        with _gc_paused():
            for name, rid, text in rows:
                doc = parsed.get(rid)
                if doc is None:
                    doc = parsed[rid] = json.loads(text)
                result[name].append(doc)
        return result

    def full_records(self, ids: Iterable[str]) -> dict[str, dict]:
        """id -> the whole OSV record as imported (records_for and get_many give the
        matching form), for the ids that are stored."""
        import zlib

        rows = self._query("SELECT id, full_z FROM record WHERE id IN (SELECT value FROM json_each(?))",
                           (json.dumps(sorted(set(ids))),))
        return {rid: json.loads(zlib.decompress(blob)) for rid, blob in rows}

    def get_many(self, ids: Iterable[str]) -> dict[str, dict]:
        """id -> record (matching form), for ids that are record ids or aliases of stored records.

        An alias shared by several records maps to the newest-modified of them.
        """
        wanted = sorted(set(ids))
        found: dict[str, dict] = {}
        parsed: dict[str, dict] = {}

        def doc_of(rid: str, text: str) -> dict:
            if rid not in parsed:
                parsed[rid] = json.loads(text)
            return parsed[rid]

        rows = self._query(
            "SELECT id, json FROM record WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(wanted),)
        )
        with _gc_paused():
            for rid, text in rows:
                found[rid] = doc_of(rid, text)
        missing = [i for i in wanted if i not in found]
        if missing:
            rows = self._query(
                "SELECT a.alias, r.id, r.json FROM alias a JOIN record r ON r.id = a.record_id "
                "WHERE a.alias IN (SELECT value FROM json_each(?)) ORDER BY a.alias, r.modified, r.id",
                (json.dumps(missing),),
            )
            with _gc_paused():
                for alias, rid, text in rows:
                    found[alias] = doc_of(rid, text)  # the last row (newest modified) wins
        return found

    def record_count(self) -> int:
        return int(self._query("SELECT count(*) FROM record")[0][0])

    def ecosystems(self) -> list[EcosystemStatus]:
        return self._guard(_statuses, self._conn)

    def ecosystem(self, name: str) -> EcosystemStatus | None:
        found = self._guard(_statuses, self._conn, name)
        return found[0] if found else None

    def member_modified(self, ecosystem: str) -> dict[str, str]:
        """record id -> `modified`, for the records an export folder delivered."""
        return self._guard(_member_modified, self._conn, ecosystem)

    def freshness(self, ecosystems: Iterable[str], ttl_hours: float) -> list[EcosystemFreshness]:
        """One entry per requested ecosystem; never-imported ones have records=0 and stale=True."""
        known = {s.name: s for s in self.ecosystems()}
        return [freshness_of(name, known.get(name), ttl_hours) for name in sorted(set(ecosystems))]


def _statuses(conn: sqlite3.Connection, name: str | None = None) -> list[EcosystemStatus]:
    sql = ("SELECT name, records, updated_at, source, imported_at, mode, etag, last_modified, "
           "csv_etag, csv_last_modified, cursor FROM ecosystem")
    rows = conn.execute(sql + " WHERE name = ?", (name,)) if name else conn.execute(sql + " ORDER BY name")
    now = datetime.now(timezone.utc)
    return [
        EcosystemStatus(
            name=r[0], records=r[1], updated_at=r[2], age_hours=round(_age_hours(r[2], now), 3),
            source=r[3], imported_at=r[4], mode=r[5], etag=r[6], last_modified=r[7],
            csv_etag=r[8], csv_last_modified=r[9], cursor=r[10],
        )
        for r in rows.fetchall()
    ]


def _member_modified(conn: sqlite3.Connection, ecosystem: str) -> dict[str, str]:
    rows = conn.execute(
        "SELECT r.id, r.modified FROM member m JOIN record r ON r.id = m.record_id WHERE m.ecosystem = ?",
        (ecosystem,),
    )
    return dict(rows.fetchall())


def freshness_of(name: str, status: EcosystemStatus | None, ttl_hours: float) -> EcosystemFreshness:
    if status is None:
        return EcosystemFreshness(ecosystem=name, records=0, updated_at=None, age_hours=None, stale=True)
    return EcosystemFreshness(
        ecosystem=name, records=status.records, updated_at=status.updated_at,
        age_hours=status.age_hours, stale=status.age_hours > ttl_hours,
    )


# --------------------------------------------------------------------------- writing


class StoreWriter:
    """Changes applied to a private copy of the database (see `writer`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # Nothing changed -> the live file is left alone (no copy replaces it).
        self.dirty = False

    @contextmanager
    def ecosystem_change(self, name: str) -> Iterator[None]:
        """A savepoint: an ecosystem whose update fails is rolled back alone."""
        dirty = self.dirty
        self.conn.execute("SAVEPOINT eco")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO eco")
            self.conn.execute("RELEASE eco")
            self.dirty = dirty
            raise
        self.conn.execute("RELEASE eco")

    def status(self, name: str) -> EcosystemStatus | None:
        found = _statuses(self.conn, name)
        return found[0] if found else None

    def member_modified(self, ecosystem: str) -> dict[str, str]:
        return _member_modified(self.conn, ecosystem)

    def _put_batch(self, batch: list[RecordRow]) -> None:
        self.dirty = True
        old = dict(self.conn.execute(
            "SELECT id, modified FROM record WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps([r.id for r in batch]),),
        ).fetchall())
        # Another folder may already have delivered a newer copy of a record: keep that one.
        keep = [r for r in batch
                if r.id not in old or normalize_timestamp(old[r.id]) <= normalize_timestamp(r.modified)]
        replaced = json.dumps([r.id for r in keep if r.id in old])
        self.conn.execute("DELETE FROM affected_pkg WHERE record_id IN (SELECT value FROM json_each(?))", (replaced,))
        self.conn.execute("DELETE FROM alias WHERE record_id IN (SELECT value FROM json_each(?))", (replaced,))
        self.conn.executemany(
            "INSERT OR REPLACE INTO record(id, modified, withdrawn, json, full_z) VALUES (?,?,?,?,?)",
            [(r.id, r.modified, int(r.withdrawn), r.json, r.full) for r in keep],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO affected_pkg VALUES (?,?,?)", [(e, n, r.id) for r in keep for e, n in r.packages]
        )
        self.conn.executemany("INSERT OR IGNORE INTO alias VALUES (?,?)", [(a, r.id) for r in keep for a in r.aliases])

    def upsert(self, ecosystem: str, rows: Iterable[RecordRow]) -> int:
        """Add or replace records delivered by `ecosystem`; returns how many were given."""
        n = 0
        batch: list[RecordRow] = []
        for row in rows:
            batch.append(row)
            if len(batch) == _BATCH:
                n += self._flush(ecosystem, batch)
        return n + self._flush(ecosystem, batch)

    def _flush(self, ecosystem: str, batch: list[RecordRow]) -> int:
        """Write a batch of rows (statements per batch, not per record) and empty it."""
        if not batch:
            return 0
        # A zip may name the same member twice; the last copy wins, as in extraction.
        unique = list({r.id: r for r in batch}.values())
        self._put_batch(unique)
        self.conn.executemany("INSERT OR IGNORE INTO member VALUES (?,?)", [(ecosystem, r.id) for r in unique])
        n = len(batch)
        batch.clear()
        return n

    def clear(self, ecosystem: str) -> None:
        """Forget what `ecosystem` delivered; records no other folder holds are dropped."""
        self.dirty = True
        self.conn.execute("DELETE FROM member WHERE ecosystem = ?", (ecosystem,))
        self._drop_orphans()

    def remove(self, ecosystem: str, ids: Iterable[str]) -> None:
        self.dirty = True
        self.conn.executemany("DELETE FROM member WHERE ecosystem = ? AND record_id = ?",
                              [(ecosystem, i) for i in ids])
        self._drop_orphans()

    def _drop_orphans(self) -> None:
        orphan = "SELECT id FROM record WHERE id NOT IN (SELECT record_id FROM member)"
        self.conn.execute(f"DELETE FROM affected_pkg WHERE record_id IN ({orphan})")
        self.conn.execute(f"DELETE FROM alias WHERE record_id IN ({orphan})")
        self.conn.execute("DELETE FROM record WHERE id NOT IN (SELECT record_id FROM member)")

    def member_count(self, ecosystem: str) -> int:
        return int(self.conn.execute("SELECT count(*) FROM member WHERE ecosystem = ?", (ecosystem,)).fetchone()[0])

    def set_status(self, name: str, *, source: str, mode: str, changed: bool, etag: str | None = None,
                   last_modified: str | None = None, csv_etag: str | None = None,
                   csv_last_modified: str | None = None, cursor: str | None = None,
                   updated_at: str | None = None) -> None:
        self.dirty = True
        now = updated_at or utc_now()
        prev = self.status(name)
        imported_at = now if changed or prev is None else prev.imported_at
        self.conn.execute(
            "INSERT OR REPLACE INTO ecosystem(name, records, updated_at, imported_at, source, mode, etag, "
            "last_modified, csv_etag, csv_last_modified, cursor) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (name, self.member_count(name), now, imported_at, source, mode, etag, last_modified,
             csv_etag, csv_last_modified, cursor),
        )

    def touch(self, name: str, updated_at: str | None = None) -> None:
        """The source said nothing changed: the data is as fresh as now."""
        self.dirty = True
        self.conn.execute("UPDATE ecosystem SET updated_at = ? WHERE name = ?", (updated_at or utc_now(), name))

    def check(self) -> None:
        """Integrity of the file and of the index's own invariants, before it goes live."""
        result = self.conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise DatabaseError(f"the rebuilt OSV database failed its integrity check: {result}")
        bad = self.conn.execute(
            "SELECT e.name FROM ecosystem e WHERE e.records != (SELECT count(*) FROM member m WHERE m.ecosystem = e.name)"
        ).fetchall()
        if bad:
            raise DatabaseError(f"the rebuilt OSV database is inconsistent for {', '.join(r[0] for r in bad)}")


def normalize_timestamp(ts: str) -> str:
    """'2024-01-02T03:04:05.1+00:00' -> '2024-01-02T03:04:05.100000000Z'.

    RFC 3339 timestamps then compare correctly as text (UTC, 9 fraction digits).
    """
    ts = ts.strip()
    if not ts:
        return ""
    try:
        main, frac = ts, ""
        tail = ""
        if ts.endswith("Z") or ts.endswith("z"):
            main, tail = ts[:-1], "+00:00"
        elif len(ts) > 6 and ts[-6] in "+-" and ts[-3] == ":":
            main, tail = ts[:-6], ts[-6:]
        if "." in main:
            main, frac = main.split(".", 1)
        dt = datetime.fromisoformat(main + (tail or "+00:00")).astimezone(timezone.utc)
        digits = (frac + "000000000")[:9] if frac.isdigit() or not frac else "000000000"
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + "." + digits + "Z"
    except (ValueError, OverflowError):
        return ts


def _connect_rw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    # The file is private until it replaces the live one: a crash only loses the copy,
    # so durability is bought once with an fsync before the rename, not per statement.
    conn.execute("PRAGMA journal_mode=MEMORY")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-65536")
    return conn


def _usable(path: Path) -> bool:
    try:
        store = OsvStore.open(path.parent.parent)
    except DatabaseError:
        return False
    try:
        store._query("SELECT count(*) FROM ecosystem")
        return True
    except DatabaseError:
        return False
    finally:
        store.close()


@contextmanager
def update_lock(home: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Exclusive lock for updaters; readers never take it."""
    directory = Path(home) / "osv"
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DatabaseError(
                        f"another `agent-immune db update` holds {directory / LOCK_NAME}; try again later"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextmanager
def writer(home: Path, *, fresh: bool = False) -> Iterator[StoreWriter]:
    """Open a private copy of the database for changes; on success it replaces the live one.

    The caller must hold `update_lock(home)`. `fresh=True` starts from an empty database
    (also what happens when the live file is missing or unusable).
    """
    live = db_path(home)
    live.parent.mkdir(parents=True, exist_ok=True)
    for stale in live.parent.glob(_TMP_PREFIX + "*"):
        stale.unlink(missing_ok=True)  # left by a crashed update; we hold the lock
    tmp = live.parent / f"{_TMP_PREFIX}{os.getpid()}-{time.monotonic_ns()}"
    start_empty = fresh or not live.is_file() or not _usable(live)
    if not start_empty:
        import shutil  # writers only: keeps the scan's start-up free of it

        shutil.copyfile(live, tmp)
    conn = _connect_rw(tmp)
    try:
        if start_empty:
            conn.executescript(_SCHEMA)
            conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            conn.execute("INSERT INTO meta VALUES ('created_at', ?)", (utc_now(),))
        conn.execute("BEGIN IMMEDIATE")
        w = StoreWriter(conn)
        yield w
        conn.execute("COMMIT")
        if not w.dirty:
            raise _Unchanged
        w.check()
        # Re-imports free whole pages; reclaim them once they are a quarter of the file.
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        if free * 4 > conn.execute("PRAGMA page_count").fetchone()[0]:
            conn.execute("VACUUM")
        conn.execute("PRAGMA optimize")
        conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, live)
        dir_fd = os.open(live.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException as exc:
        try:
            conn.close()
        except sqlite3.Error:
            pass
        tmp.unlink(missing_ok=True)
        if not isinstance(exc, _Unchanged):
            raise


class _Unchanged(Exception):
    """Internal: the writer made no change, so the live file stays as it is."""
