"""Pulling OSV exports: directory and HTTP sources, failures, locking, 304s, incremental updates, TTL."""
from __future__ import annotations

import json
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from agent_immune.config import load_config
from agent_immune.errors import DatabaseError
from agent_immune.osv import store, sync

from .conftest import DATA, Bucket, OsvServer, write_config


def _counts(home: Path) -> dict[str, int]:
    with store.OsvStore.open(home) as db:
        return {s.name: s.records for s in db.ecosystems()}


def _zip_count(eco: str) -> int:
    with zipfile.ZipFile(DATA / eco / "all.zip") as zf:
        return len(zf.namelist())


def _snapshot(home: Path) -> dict:
    """Everything a reader sees, to prove a failed update changed nothing."""
    with store.OsvStore.open(home) as db:
        return {
            "status": [(s.name, s.records, s.updated_at) for s in db.ecosystems()],
            "lodash": [d["id"] for d in db.records_for("npm", ["lodash"])["lodash"]],
            "requests": [d["id"] for d in db.records_for("PyPI", ["requests"])["requests"]],
        }


# ------------------------------------------------------------------ sources


def test_directory_source_imports_every_record(home: Path) -> None:
    results = sync.update(home, str(DATA), ["PyPI", "npm", "crates.io", "Go"])
    assert [(r.ecosystem, r.status) for r in results] == [
        ("PyPI", "imported"), ("npm", "imported"), ("crates.io", "imported"), ("Go", "imported")]
    assert _counts(home) == {e: _zip_count(e) for e in ("PyPI", "npm", "crates.io", "Go")}
    assert all(r.records == r.changed == _zip_count(r.ecosystem) for r in results)


def test_url_source_gives_the_same_database(tmp_path: Path, home: Path, osv_server: OsvServer) -> None:
    sync.update(home, osv_server.url, ["PyPI", "npm"])
    other = tmp_path / "other-home"
    sync.update(other, str(DATA), ["PyPI", "npm"])
    assert _snapshot(home)["lodash"] == _snapshot(other)["lodash"]
    with store.OsvStore.open(home) as a, store.OsvStore.open(other) as b:
        names = ["requests", "urllib3", "jinja2", "django"]
        assert a.records_for("PyPI", names) == b.records_for("PyPI", names)
        assert a.ecosystem("npm").source == osv_server.url
    assert "PyPI/all.zip" in osv_server.requested()


def test_default_ecosystems_skip_what_the_source_lacks(home: Path) -> None:
    results = {r.ecosystem: r for r in sync.update(home, str(DATA), None)}
    assert set(results) == set(sync.DEFAULT_ECOSYSTEMS)
    assert results["Pub"].status == "skipped" and "ecosystems.txt" in results["Pub"].message
    assert results["Hex"].status == "skipped"
    assert results["PyPI"].status == "imported"
    # Next time the default is what was imported.
    again = sync.update(home, str(DATA), None)
    assert {r.ecosystem for r in again} == {"PyPI", "npm", "crates.io", "Go", "Maven", "RubyGems", "NuGet", "Packagist"}
    assert {r.status for r in again} == {"not_modified"}


def test_default_ecosystem_missing_without_ecosystems_txt_is_skipped(home: Path, bucket: Bucket) -> None:
    (bucket.root / "ecosystems.txt").unlink()
    results = {r.ecosystem: r for r in sync.update(home, str(bucket.root), None)}
    assert results["Hex"].status == "skipped" and "has no" in results["Hex"].message
    assert results["npm"].status == "imported"


def test_explicit_unknown_ecosystem_fails(home: Path) -> None:
    results = sync.update(home, str(DATA), ["npm", "Nope"])
    assert [(r.ecosystem, r.status) for r in results] == [("npm", "imported"), ("Nope", "failed")]
    assert "Nope" in results[1].message


def test_missing_source_directory_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        sync.update(home, str(tmp_path / "nowhere"), ["npm"])
    assert not store.db_path(home).exists()


def test_unsupported_source_scheme(home: Path) -> None:
    with pytest.raises(DatabaseError, match="unsupported OSV source"):
        sync.update(home, "ftp://example.invalid/osv", ["npm"])


# ------------------------------------------------------------------ failures keep the previous data


def _broken_zip_member(bucket: Bucket, eco: str, member: str, data: bytes) -> None:
    docs = bucket.docs(eco)
    bucket.write_zip(eco, docs, raw={member: data})


@pytest.mark.parametrize("fault,match", [
    ("truncate", r"PyPI/all\.zip is not a valid zip archive"),
    ("500", r"PyPI/all\.zip failed after 4 attempts: HTTP 500"),
    ("drop", r"PyPI/all\.zip failed after 4 attempts: connection dropped"),
])
def test_http_failures_keep_previous_database(home: Path, osv_server: OsvServer, fault: str, match: str) -> None:
    sync.update(home, osv_server.url, ["PyPI", "npm"])
    before = _snapshot(home)
    osv_server.always["PyPI/all.zip"] = fault
    results = sync.update(home, osv_server.url, ["PyPI", "npm"], force=True)
    assert [r.status for r in results] == ["failed", "imported"]
    assert results[0].message and __import__("re").search(match, results[0].message), results[0].message
    after = _snapshot(home)
    assert after["requests"] == before["requests"] and after["lodash"] == before["lodash"]
    assert [s[:2] for s in after["status"]] == [s[:2] for s in before["status"]]
    leftovers = [p.name for p in store.db_path(home).parent.iterdir() if p.name.startswith((".download", "osv.sqlite3.tmp"))]
    assert leftovers == []


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_transient_failure_is_retried(home: Path, osv_server: OsvServer, fault: str) -> None:
    osv_server.faults["npm/all.zip"] = [fault, fault]
    results = sync.update(home, osv_server.url, ["npm"])
    assert results[0].status == "imported" and results[0].records == _zip_count("npm")
    assert osv_server.requested().count("npm/all.zip") == 3


def test_first_import_failure_creates_no_database(home: Path, osv_server: OsvServer) -> None:
    osv_server.always["npm/all.zip"] = "500"
    results = sync.update(home, osv_server.url, ["npm"])
    assert results[0].status == "failed"
    assert not store.db_path(home).exists()


@pytest.mark.parametrize("member,data,match", [
    ("BROKEN-1.json", b"{not json", r"member BROKEN-1\.json is not valid JSON"),
    ("BROKEN-2.json", b'{"id": "OTHER", "affected": []}', r"member BROKEN-2\.json has id 'OTHER', expected 'BROKEN-2'"),
    ("BROKEN-3.json", b'["a list"]', r"member BROKEN-3\.json: not an OSV record"),
])
def test_bad_record_fails_the_ecosystem_and_names_it(home: Path, bucket: Bucket, member: str, data: bytes,
                                                      match: str) -> None:
    sync.update(home, str(bucket.root), ["npm", "PyPI"])
    before = _snapshot(home)
    _broken_zip_member(bucket, "npm", member, data)
    results = sync.update(home, str(bucket.root), ["npm"], force=True)
    assert results[0].status == "failed"
    assert __import__("re").search(match, results[0].message), results[0].message
    assert "npm/all.zip" in results[0].message
    assert _snapshot(home) == before


def test_crc_corruption_is_detected(home: Path, bucket: Bucket) -> None:
    sync.update(home, str(bucket.root), ["npm"])
    before = _snapshot(home)
    raw = bytearray(bucket.zip_path("npm").read_bytes())
    with zipfile.ZipFile(bucket.zip_path("npm")) as zf:
        info = zf.infolist()[5]
    # Flip a byte inside the member's compressed data (after its local header).
    pos = info.header_offset + 30 + len(info.filename.encode()) + 10
    raw[pos] ^= 0xFF
    bucket.zip_path("npm").write_bytes(bytes(raw))
    results = sync.update(home, str(bucket.root), ["npm"], force=True)
    assert results[0].status == "failed"
    assert f"member {info.filename}" in results[0].message
    assert _snapshot(home) == before


def test_empty_zip_is_refused(home: Path, bucket: Bucket) -> None:
    sync.update(home, str(bucket.root), ["npm"])
    bucket.write_zip("npm", {})
    results = sync.update(home, str(bucket.root), ["npm"], force=True)
    assert results[0].status == "failed" and "holds no OSV records" in results[0].message
    assert _counts(home) == {"npm": _zip_count("npm")}


# ------------------------------------------------------------------ locking


def test_concurrent_updates_serialise_and_both_land(home: Path, osv_server: OsvServer) -> None:
    osv_server.always["PyPI/all.zip"] = "slow"
    osv_server.always["npm/all.zip"] = "slow"
    errors: list[BaseException] = []

    def run(eco: str) -> None:
        try:
            results = sync.update(home, osv_server.url, [eco])
            assert results[0].status == "imported", results
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in ("PyPI", "npm")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert _counts(home) == {"PyPI": _zip_count("PyPI"), "npm": _zip_count("npm")}


def test_lock_timeout_is_a_clear_error(home: Path) -> None:
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with store.update_lock(home):
            held.set()
            release.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    try:
        assert held.wait(10)
        with pytest.raises(DatabaseError, match="another `agent-immune db update` holds"):
            with store.update_lock(home, timeout=0.2):
                pass
    finally:
        release.set()
        t.join()


# ------------------------------------------------------------------ conditional requests


def test_304_only_refreshes_updated_at(home: Path, osv_server: OsvServer) -> None:
    sync.update(home, osv_server.url, ["npm"])
    with store.update_lock(home), store.writer(home) as w:
        w.touch("npm", updated_at="2020-01-01T00:00:00Z")
    with store.OsvStore.open(home) as db:
        old = db.ecosystem("npm")
    osv_server.log.clear()
    results = sync.update(home, osv_server.url, ["npm"])
    assert results[0].status == "not_modified" and results[0].records == _zip_count("npm")
    (path, headers), = [entry for entry in osv_server.log if entry[0] == "npm/all.zip"]
    assert headers.get("If-None-Match") == old.etag and headers.get("If-Modified-Since") == old.last_modified
    with store.OsvStore.open(home) as db:
        new = db.ecosystem("npm")
    assert new.updated_at > old.updated_at and new.imported_at == old.imported_at
    assert new.age_hours < 1


def test_last_modified_alone_gives_304(home: Path, osv_server: OsvServer) -> None:
    osv_server.no_etag = True
    sync.update(home, osv_server.url, ["npm"])
    with store.OsvStore.open(home) as db:
        status = db.ecosystem("npm")
    assert status.etag is None and status.last_modified
    osv_server.log.clear()
    assert sync.update(home, osv_server.url, ["npm"])[0].status == "not_modified"
    (_, headers), = [e for e in osv_server.log if e[0] == "npm/all.zip"]
    assert headers.get("If-Modified-Since") == status.last_modified and "If-None-Match" not in headers


def test_force_downloads_again(home: Path, osv_server: OsvServer) -> None:
    sync.update(home, osv_server.url, ["npm"])
    osv_server.log.clear()
    results = sync.update(home, osv_server.url, ["npm"], force=True)
    assert results[0].status == "imported"
    (_, headers), = [entry for entry in osv_server.log if entry[0] == "npm/all.zip"]
    assert "If-None-Match" not in headers


def test_changed_zip_is_downloaded(home: Path, bucket: Bucket, osv_server: OsvServer) -> None:
    sync.update(home, osv_server.url, ["npm"])
    docs = bucket.docs("npm")
    rid = sorted(docs)[0]
    docs[rid]["summary"] = "changed upstream"
    bucket.write_zip("npm", docs)
    results = sync.update(home, osv_server.url, ["npm"])
    assert results[0].status == "imported"
    with store.OsvStore.open(home) as db:
        assert db.get_many([rid])[rid]["summary"] == "changed upstream"


def test_directory_source_detects_unchanged_files(home: Path, bucket: Bucket) -> None:
    sync.update(home, str(bucket.root), ["npm"])
    assert sync.update(home, str(bucket.root), ["npm"])[0].status == "not_modified"
    docs = bucket.docs("npm")
    del docs[sorted(docs)[0]]
    bucket.write_zip("npm", docs)
    result = sync.update(home, str(bucket.root), ["npm"])[0]
    assert result.status == "imported" and result.removed == 1 and result.records == len(docs)


def test_directory_source_is_recorded_absolute(home: Path, bucket: Bucket, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bucket.root.parent)
    sync.update(home, bucket.root.name, ["npm"])
    with store.OsvStore.open(home) as db:
        assert db.ecosystem("npm").source == str(bucket.root.resolve())
    monkeypatch.chdir(home.parent.parent)
    assert sync.update(home, str(bucket.root), ["npm"])[0].status == "not_modified"


def test_other_source_means_full_import(home: Path, bucket: Bucket, osv_server: OsvServer) -> None:
    sync.update(home, str(bucket.root), ["npm"])
    result = sync.update(home, osv_server.url, ["npm"])[0]
    assert result.status == "imported"
    assert _counts(home) == {"npm": _zip_count("npm")}


# ------------------------------------------------------------------ incremental updates


def _bump(doc: dict, modified: str, summary: str) -> dict:
    doc = json.loads(json.dumps(doc))
    doc["modified"] = modified
    doc["summary"] = summary
    return doc


def test_incremental_update_fetches_only_changed_records(home: Path, bucket: Bucket, osv_server: OsvServer) -> None:
    bucket.publish_csv("PyPI")
    first = sync.update(home, osv_server.url, ["PyPI"])[0]
    assert first.status == "imported"  # nothing imported yet: the full export
    docs = bucket.docs("PyPI")
    changed_id = sorted(docs)[3]
    bucket.put("PyPI", _bump(docs[changed_id], "2099-01-01T00:00:00Z", "changed upstream"))
    new = _bump(docs[sorted(docs)[4]], "2099-01-02T00:00:00.5Z", "a new advisory")
    new["id"] = "PYSEC-2099-1"
    new["aliases"] = ["CVE-2099-0001"]
    bucket.put("PyPI", new)
    osv_server.log.clear()

    result = sync.update(home, osv_server.url, ["PyPI"])[0]
    assert result.status == "incremental", result
    assert result.changed == 2 and result.records == len(docs) + 1
    assert sorted(osv_server.requested()) == sorted(
        ["ecosystems.txt", "PyPI/modified_id.csv", f"PyPI/{changed_id}.json", "PyPI/PYSEC-2099-1.json"])
    with store.OsvStore.open(home) as db:
        got = db.get_many([changed_id, "CVE-2099-0001"])
        assert got[changed_id]["summary"] == "changed upstream"
        assert got["CVE-2099-0001"]["id"] == "PYSEC-2099-1"
        status = db.ecosystem("PyPI")
        assert status.mode == "incremental" and status.cursor.startswith("2099-01-02T00:00:00.5")

    # Nothing changed since: the csv answers 304.
    osv_server.log.clear()
    again = sync.update(home, osv_server.url, ["PyPI"])[0]
    assert again.status == "not_modified"
    assert osv_server.requested() == ["ecosystems.txt", "PyPI/modified_id.csv"]
    assert "If-None-Match" in osv_server.log[1][1]


def test_incremental_update_from_a_directory(home: Path, bucket: Bucket) -> None:
    bucket.publish_csv("crates.io")
    sync.update(home, str(bucket.root), ["crates.io"])
    docs = bucket.docs("crates.io")
    rid = sorted(docs)[0]
    bucket.put("crates.io", _bump(docs[rid], "2099-03-01T00:00:00+00:00", "changed"))
    result = sync.update(home, str(bucket.root), ["crates.io"])[0]
    assert (result.status, result.changed) == ("incremental", 1)
    assert sync.update(home, str(bucket.root), ["crates.io"])[0].status == "not_modified"


def test_deleted_record_falls_back_to_full_export(home: Path, bucket: Bucket, osv_server: OsvServer) -> None:
    bucket.publish_csv("npm")
    sync.update(home, osv_server.url, ["npm"])
    docs = bucket.docs("npm")
    gone = sorted(docs)[0]
    bucket.delete("npm", gone)
    osv_server.log.clear()
    result = sync.update(home, osv_server.url, ["npm"])[0]
    assert result.status == "imported" and "incremental update not possible" in result.message
    assert "the source lists" in result.message
    assert result.records == len(docs) - 1 and result.removed == 1
    (_, headers), = [e for e in osv_server.log if e[0] == "npm/all.zip"]
    assert "If-None-Match" not in headers  # the index was in doubt: no 304 accepted
    with store.OsvStore.open(home) as db:
        assert gone not in db.get_many([gone])


def test_missing_csv_uses_the_zip(home: Path, bucket: Bucket, osv_server: OsvServer) -> None:
    sync.update(home, osv_server.url, ["npm"])
    docs = bucket.docs("npm")
    rid = sorted(docs)[1]
    docs[rid] = _bump(docs[rid], "2099-01-01T00:00:00Z", "changed")
    bucket.write_zip("npm", docs)
    result = sync.update(home, osv_server.url, ["npm"])[0]
    assert result.status == "imported"
    assert "npm/modified_id.csv" in osv_server.requested()


def test_malformed_csv_falls_back(home: Path, bucket: Bucket, osv_server: OsvServer) -> None:
    bucket.publish_csv("npm")
    sync.update(home, osv_server.url, ["npm"])
    (bucket.root / "npm" / "modified_id.csv").write_text("garbage without a comma\n")
    result = sync.update(home, osv_server.url, ["npm"])[0]
    assert result.status == "imported" and "line 1 is malformed" in result.message


def test_too_many_changes_fall_back(home: Path, bucket: Bucket, monkeypatch: pytest.MonkeyPatch) -> None:
    bucket.publish_csv("npm")
    sync.update(home, str(bucket.root), ["npm"])
    docs = bucket.docs("npm")
    for rid in sorted(docs)[:3]:
        bucket.put("npm", _bump(docs[rid], "2099-01-01T00:00:00Z", "changed"))
    monkeypatch.setattr(sync, "INCREMENTAL_MAX", 2)
    result = sync.update(home, str(bucket.root), ["npm"])[0]
    assert result.status == "imported" and "3 records changed" in result.message


def test_listed_but_missing_record_falls_back(home: Path, bucket: Bucket, osv_server: OsvServer) -> None:
    bucket.publish_csv("npm")
    sync.update(home, osv_server.url, ["npm"])
    docs = bucket.docs("npm")
    rid = sorted(docs)[0]
    bucket.put("npm", _bump(docs[rid], "2099-01-01T00:00:00Z", "changed"))
    (bucket.root / "npm" / f"{rid}.json").unlink()
    result = sync.update(home, osv_server.url, ["npm"])[0]
    assert result.status == "imported" and "is listed but missing" in result.message
    with store.OsvStore.open(home) as db:
        assert db.get_many([rid])[rid]["summary"] == "changed"


def test_corrupt_incremental_record_fails_and_keeps_data(home: Path, bucket: Bucket, osv_server: OsvServer) -> None:
    bucket.publish_csv("npm")
    sync.update(home, osv_server.url, ["npm"])
    before = _snapshot(home)
    docs = bucket.docs("npm")
    rid = sorted(docs)[0]
    bucket.put("npm", _bump(docs[rid], "2099-01-01T00:00:00Z", "changed"))
    (bucket.root / "npm" / f"{rid}.json").write_text("{truncated")
    result = sync.update(home, osv_server.url, ["npm"])[0]
    assert result.status == "failed" and f"npm/{rid}.json is not valid JSON" in result.message
    assert _snapshot(home) == before


# ------------------------------------------------------------------ ensure_fresh (the scan's rule)


def test_offline_missing_ecosystem_is_an_error(home: Path) -> None:
    config = load_config()
    with pytest.raises(DatabaseError, match=r"ecosystem npm was never imported; run `agent-immune db update --ecosystem npm`"):
        sync.ensure_fresh(config, {"npm"}, offline=True)
    sync.update(home, str(DATA), ["PyPI"])
    with pytest.raises(DatabaseError, match="ecosystem npm was never imported"):
        sync.ensure_fresh(config, {"npm", "PyPI"}, offline=True)


def test_offline_stale_is_reported_not_refreshed(tmp_path: Path, home: Path, osv_server: OsvServer) -> None:
    write_config(tmp_path, osv_source=osv_server.url, osv_ttl_hours=1)
    sync.update(home, osv_server.url, ["npm", "PyPI"])
    with store.update_lock(home), store.writer(home) as w:
        w.touch("npm", updated_at="2020-01-01T00:00:00Z")
    osv_server.log.clear()
    fresh = sync.ensure_fresh(load_config(), {"npm", "PyPI"}, offline=True)
    assert osv_server.log == []
    by = {f.ecosystem: f for f in fresh}
    assert by["npm"].stale is True and by["npm"].age_hours > 24 * 300
    assert by["PyPI"].stale is False and by["PyPI"].records == _zip_count("PyPI")
    assert fresh.warnings == []


def test_online_refreshes_stale_and_missing(tmp_path: Path, home: Path, osv_server: OsvServer) -> None:
    write_config(tmp_path, osv_source=osv_server.url, osv_ttl_hours=24)
    sync.update(home, osv_server.url, ["npm"])
    with store.update_lock(home), store.writer(home) as w:
        w.touch("npm", updated_at="2020-01-01T00:00:00Z")
    fresh = sync.ensure_fresh(load_config(), {"npm", "PyPI"}, offline=False)
    assert [(f.ecosystem, f.stale) for f in fresh] == [("PyPI", False), ("npm", False)]
    assert fresh.warnings == []
    assert osv_server.requested().count("PyPI/all.zip") == 1


def test_online_fresh_data_is_not_fetched(tmp_path: Path, home: Path, osv_server: OsvServer) -> None:
    write_config(tmp_path, osv_source=osv_server.url)
    sync.update(home, osv_server.url, ["npm"])
    osv_server.log.clear()
    fresh = sync.ensure_fresh(load_config(), {"npm"}, offline=False)
    assert osv_server.log == [] and fresh[0].stale is False


def test_online_failure_keeps_old_data_with_a_warning(tmp_path: Path, home: Path, osv_server: OsvServer) -> None:
    write_config(tmp_path, osv_source=osv_server.url, osv_ttl_hours=24)
    sync.update(home, osv_server.url, ["npm"])
    with store.update_lock(home), store.writer(home) as w:
        w.touch("npm", updated_at="2020-01-01T00:00:00Z")
    osv_server.always["npm/all.zip"] = "500"
    fresh = sync.ensure_fresh(load_config(), {"npm"}, offline=False)
    assert fresh[0].stale is True and fresh[0].records == _zip_count("npm")
    assert len(fresh.warnings) == 1 and "could not refresh the OSV data for npm" in fresh.warnings[0]
    assert "HTTP 500" in fresh.warnings[0]


def test_online_failure_without_data_is_an_error(tmp_path: Path, home: Path, osv_server: OsvServer) -> None:
    write_config(tmp_path, osv_source=osv_server.url)
    osv_server.always["npm/all.zip"] = "500"
    with pytest.raises(DatabaseError, match="cannot import OSV data for npm"):
        sync.ensure_fresh(load_config(), {"npm"}, offline=False)


def test_online_unreachable_source_keeps_old_data(tmp_path: Path, home: Path) -> None:
    sync.update(home, str(DATA), ["npm"])
    with store.update_lock(home), store.writer(home) as w:
        w.touch("npm", updated_at="2020-01-01T00:00:00Z")
    write_config(tmp_path, osv_source=str(tmp_path / "gone"))
    fresh = sync.ensure_fresh(load_config(), {"npm"}, offline=False)
    assert fresh[0].stale is True and "does not exist" in fresh.warnings[0]


def test_ecosystem_suffixes_are_reduced_to_base(home: Path) -> None:
    sync.update(home, str(DATA), ["Packagist"])
    fresh = sync.ensure_fresh(load_config(), {"Packagist:https://packages.drupal.org/8", "Packagist"}, offline=True)
    assert [f.ecosystem for f in fresh] == ["Packagist"]


# ------------------------------------------------------------------ fuzzing the parsers of source data

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_record = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=10)},
    optional={
        "modified": st.text(max_size=30) | st.integers(),
        "aliases": st.lists(st.text(max_size=6) | st.integers(), max_size=3) | _json,
        "withdrawn": _json,
        "affected": st.lists(
            st.fixed_dictionaries({}, optional={
                "package": st.fixed_dictionaries({}, optional={
                    "ecosystem": st.sampled_from(["PyPI", "npm", "Debian:12", "", "crates.io"]) | _json,
                    "name": st.text(max_size=10) | _json}) | _json,
                "ranges": _json}) | _json,
            max_size=3) | _json,
    },
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_record, _json))
def test_prepare_record_never_crashes(doc: object) -> None:
    try:
        row = store.prepare_record(doc, "X.json")
    except DatabaseError as exc:
        assert str(exc).startswith("X.json: ")
        return
    assert json.loads(zlib.decompress(row.full)) == doc
    assert json.loads(row.json) == store.slim_record(doc)
    assert all(isinstance(e, str) and isinstance(n, str) for e, n in row.packages)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_csv_parser_accepts_or_falls_back(data: bytes) -> None:
    try:
        entries = sync._parse_csv(data)
    except sync._Fallback as why:
        assert "modified_id.csv" in str(why)
        return
    assert all(isinstance(m, str) and rid and "/" not in rid for m, rid in entries)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()))
def test_normalize_timestamp_never_raises(ts: str) -> None:
    out = store.normalize_timestamp(ts)
    assert isinstance(out, str)


def test_unwritable_data_home_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data home should be")
    with pytest.raises(DatabaseError, match="cannot update the OSV database"):
        sync.update(blocker, str(DATA), ["npm"])
