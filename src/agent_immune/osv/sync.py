"""Pull-only updates of the local OSV database (the scan's freshness rule is in freshness.py).

An update takes, per ecosystem, the cheapest correct path:

1. already imported from the same source, not `force`: read `<Eco>/modified_id.csv`
   (sent with its previous validators; a 304 only refreshes `updated_at`), fetch
   `<Eco>/<ID>.json` for the records modified since the last import, and check the
   result against the csv's record count;
2. otherwise, or when the csv is missing, malformed, lists more changes than
   INCREMENTAL_MAX, or disagrees with the index: download `<Eco>/all.zip`
   (conditionally when nothing in the index is in doubt), validate every member, and
   replace that ecosystem's records.

All ecosystems of one call are applied to one private copy of the database, each in
its own savepoint; the copy replaces the live file once at the end (see store.py). An
ecosystem that fails is rolled back alone and reported; the others still land.
"""
from __future__ import annotations

import json
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Iterator, Sequence

from ..errors import DatabaseError
from . import store
# The scan's freshness rule lives in freshness.py (imported on every scan, so kept light);
# it is re-exported here, where the updater it calls lives.
from .freshness import FreshnessList, current_statuses, ensure_fresh  # noqa: F401

if TYPE_CHECKING:
    from ._fetch import Fetched, Source

# The download stack (_fetch: http, ssl, email, urllib) and zipfile are imported by the
# functions that download or unpack, not at module level.

DEFAULT_ECOSYSTEMS = ("PyPI", "npm", "crates.io", "Go", "Maven", "RubyGems", "NuGet", "Packagist", "Pub", "Hex")
# Beyond this many changed records one zip download is cheaper than one request each.
INCREMENTAL_MAX = 2000


@dataclass(frozen=True)
class UpdateResult:
    ecosystem: str
    status: str          # "imported" | "incremental" | "not_modified" | "skipped" | "failed"
    records: int         # records the ecosystem holds after the update
    changed: int = 0     # records added or replaced
    removed: int = 0
    downloaded_bytes: int = 0
    seconds: float = 0.0
    source: str = ""
    message: str = ""    # why it failed / was skipped / fell back to the full export

    @property
    def ok(self) -> bool:
        return self.status != "failed"


class SourceMissing(DatabaseError):
    """The source has no export for an ecosystem."""


class _Fallback(Exception):
    """The incremental path cannot be trusted; use the full export."""


# ---------------------------------------------------------------------------- zip reading


class _ZipRecords:
    """Iterate a validated export zip as RecordRows; collects count and newest `modified`."""

    def __init__(self, path: Path, label: str) -> None:
        self.path, self.label = path, label
        self.count = 0
        self.cursor = ""

    def __iter__(self) -> Iterator[store.RecordRow]:
        import zipfile

        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise DatabaseError(f"{self.label} is not a valid zip archive ({exc})") from None
        with archive:
            for info in archive.infolist():
                if info.is_dir() or not info.filename.endswith(".json"):
                    continue
                where = f"{self.label}, member {info.filename}"
                try:
                    data = archive.read(info)  # checks the CRC too
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
                    raise DatabaseError(f"{where} is corrupt ({exc})") from None
                row = _parse_record(data, where, PurePosixPath(info.filename).stem)
                self.count += 1
                key = store.normalize_timestamp(row.modified)
                if key > self.cursor:
                    self.cursor = key
                yield row
        if self.count == 0:
            raise DatabaseError(f"{self.label} holds no OSV records")


def _parse_record(data: bytes, where: str, expected_id: str) -> store.RecordRow:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DatabaseError(f"{where} is not valid JSON ({exc})") from None
    row = store.prepare_record(doc, where)
    if row.id != expected_id:
        raise DatabaseError(f"{where} has id {row.id!r}, expected {expected_id!r}")
    return row


# ---------------------------------------------------------------------------- modified_id.csv


def _parse_csv(data: bytes) -> list[tuple[str, str]]:
    """[(normalized modified, id)] in file order (newest first)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Fallback("modified_id.csv is not UTF-8") from None
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        modified, sep, rid = line.partition(",")
        if not sep or not rid or "/" in rid or not modified[:1].isdigit():
            raise _Fallback(f"modified_id.csv line {lineno} is malformed")
        entries.append((store.normalize_timestamp(modified), rid.strip()))
    return entries


# ---------------------------------------------------------------------------- one ecosystem


class _Updater:
    def __init__(self, w: store.StoreWriter, src: Source, work: Path, force: bool) -> None:
        self.w, self.src, self.work, self.force = w, src, work, force

    def run(self, name: str) -> UpdateResult:
        started = time.monotonic()
        prev = self.w.status(name)
        same_source = prev is not None and prev.source == self.src.spec
        note = ""
        conditional = same_source and not self.force
        if conditional:
            assert prev is not None
            got, data = self.src.read(f"{name}/modified_id.csv", self.work,
                                      etag=prev.csv_etag, last_modified=prev.csv_last_modified)
            if got.status == "not_modified":
                self.w.touch(name)
                return self._result(name, "not_modified", started)
            if got.status == "ok" and data is not None:
                try:
                    return self._incremental(name, prev, got, data, started)
                except _Fallback as why:
                    note = f"incremental update not possible ({why}); used the full export"
                    conditional = False  # the index is in doubt: do not accept a 304 for the zip
        return self._full(name, prev if conditional else None, started, note)

    def _result(self, name: str, status: str, started: float, **kw: object) -> UpdateResult:
        return UpdateResult(ecosystem=name, status=status, records=self.w.member_count(name),
                            seconds=round(time.monotonic() - started, 3), source=self.src.spec, **kw)  # type: ignore[arg-type]

    def _full(self, name: str, prev: store.EcosystemStatus | None, started: float, note: str) -> UpdateResult:
        rel = f"{name}/all.zip"
        got = self.src.fetch(rel, self.work, etag=prev.etag if prev else None,
                             last_modified=prev.last_modified if prev else None)
        if got.status == "missing":
            raise SourceMissing(f"the OSV source has no {self.src.location(rel)}")
        if got.status == "not_modified":
            self.w.touch(name)
            return self._result(name, "not_modified", started, message=note)
        try:
            assert got.path is not None
            before = set(self.w.member_modified(name))
            records = _ZipRecords(got.path, self.src.location(rel))
            self.w.clear(name)
            self.w.upsert(name, records)
            after = set(self.w.member_modified(name))
            self.w.set_status(name, source=self.src.spec, mode="full", changed=True, etag=got.etag,
                              last_modified=got.last_modified, cursor=records.cursor)
        finally:
            got.discard()
        return self._result(name, "imported", started, changed=records.count, removed=len(before - after),
                            downloaded_bytes=got.size, message=note)

    def _incremental(self, name: str, prev: store.EcosystemStatus, csv: Fetched, data: bytes,
                     started: float) -> UpdateResult:
        entries = _parse_csv(data)
        listed = {rid for _, rid in entries}
        stored = {rid: store.normalize_timestamp(m) for rid, m in self.w.member_modified(name).items()}
        cursor = prev.cursor or ""
        wanted: dict[str, None] = {}  # ordered set
        for modified, rid in entries:
            if cursor and modified < cursor:
                break  # newest first: everything below was seen by the last import
            if stored.get(rid) != modified:
                wanted[rid] = None
        if len(wanted) > INCREMENTAL_MAX:
            raise _Fallback(f"{len(wanted)} records changed, more than {INCREMENTAL_MAX}")
        new = sum(1 for rid in wanted if rid not in stored)
        if len(stored) + new != len(listed):
            raise _Fallback(f"the index holds {len(stored)} records plus {new} new, the source lists {len(listed)}")
        rows = []
        downloaded = len(data)
        for rid in wanted:
            rel = f"{name}/{rid}.json"
            got, body = self.src.read(rel, self.work)
            if got.status != "ok" or body is None:
                raise _Fallback(f"{self.src.location(rel)} is listed but missing")
            downloaded += len(body)
            rows.append(_parse_record(body, self.src.location(rel), rid))
        self.w.upsert(name, rows)
        newest = max((m for m, _ in entries), default=cursor)
        self.w.set_status(name, source=self.src.spec, mode="incremental", changed=bool(rows), etag=prev.etag,
                          last_modified=prev.last_modified, csv_etag=csv.etag,
                          csv_last_modified=csv.last_modified, cursor=max(newest, cursor))
        return self._result(name, "incremental", started, changed=len(rows), downloaded_bytes=downloaded)


# ---------------------------------------------------------------------------- public API


def _available(src: Source, work: Path) -> set[str] | None:
    got, data = src.read("ecosystems.txt", work)
    if got.status != "ok" or data is None:
        return None
    return {line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()}


def update(home: Path, source: str, ecosystems: Sequence[str] | None = None, *,
           force: bool = False) -> list[UpdateResult]:
    """Update the named ecosystems (default: those imported, else DEFAULT_ECOSYSTEMS).

    Per-ecosystem failures are returned as status "failed" with a message, the previous
    data of that ecosystem kept; a missing or unusable source raises DatabaseError.
    """
    from ._fetch import Source

    home = Path(home)
    src = Source(source)
    try:
        with store.update_lock(home):
            return _update_locked(home, src, ecosystems, force)
    except (sqlite3.Error, OSError) as exc:
        # Disk full, permissions, a vanished directory: the live database is untouched.
        raise DatabaseError(f"cannot update the OSV database in {home / 'osv'}: {exc}") from None


def _update_locked(home: Path, src: Source, ecosystems: Sequence[str] | None, force: bool) -> list[UpdateResult]:
    explicit = bool(ecosystems)
    results: list[UpdateResult] = []
    work = home / "osv"
    for leftover in work.glob(".download-*"):
        leftover.unlink(missing_ok=True)  # from a crashed update; we hold the lock
    names = list(dict.fromkeys(ecosystems)) if explicit else (
        # An unreadable or old-schema file is rebuilt with the ecosystems it held.
        sorted(current_statuses(home)) or store.imported_names(home) or list(DEFAULT_ECOSYSTEMS))
    available = _available(src, work)
    with store.writer(home) as w:
        updater = _Updater(w, src, work, force)
        for name in names:
            if available is not None and name not in available:
                msg = f"the OSV source does not list {name} in its ecosystems.txt"
                results.append(UpdateResult(name, "failed" if explicit else "skipped", w.member_count(name),
                                            source=src.spec, message=msg))
                continue
            started = time.monotonic()
            try:
                with w.ecosystem_change(name):
                    results.append(updater.run(name))
            except DatabaseError as exc:
                skip = not explicit and isinstance(exc, SourceMissing) and w.status(name) is None
                status = "skipped" if skip else "failed"
                results.append(UpdateResult(name, status, w.member_count(name),
                                            seconds=round(time.monotonic() - started, 3),
                                            source=src.spec, message=str(exc)))
    return results
