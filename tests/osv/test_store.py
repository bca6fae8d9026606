"""The SQLite index: look-ups by package and alias, per-ecosystem replacement, atomic writes."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_immune.errors import DatabaseError
from agent_immune.osv import store, sync
from agent_immune.osv.names import normalize_name, normalizer

from .conftest import DATA, Bucket


def _zip_docs(eco: str) -> dict[str, dict]:
    with zipfile.ZipFile(DATA / eco / "all.zip") as zf:
        return {n[:-5]: json.loads(zf.read(n)) for n in zf.namelist()}


def _import(home: Path, *ecosystems: str, source: Path = DATA) -> None:
    results = sync.update(home, str(source), list(ecosystems))
    assert all(r.ok for r in results), results


def _expected_for(eco: str, name: str, docs: dict[str, dict]) -> set[str]:
    """What the store must return, computed straight from the zip."""
    want = normalize_name(eco, name)
    return {
        rid for rid, d in docs.items()
        if not d.get("withdrawn") and any(
            (a.get("package") or {}).get("ecosystem", "").split(":")[0] == eco
            and normalize_name(eco, a["package"]["name"]) == want
            for a in d.get("affected", []) if a.get("package")
        )
    }


def test_open_missing_database_says_how_to_create_it(home: Path) -> None:
    with pytest.raises(DatabaseError, match=r"no OSV database at .*osv\.sqlite3; run `agent-immune db update`"):
        store.OsvStore.open(home)


def test_open_corrupt_database_is_a_clear_error(home: Path) -> None:
    path = store.db_path(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="unreadable|corrupt"):
        store.OsvStore.open(home)


def test_open_wrong_schema_version(home: Path) -> None:
    path = store.db_path(home)
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', '999')")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="schema version 999"):
        store.OsvStore.open(home)


# Schema version 1 as it shipped: whole records in `json`, no `full_z` column.
_SCHEMA_V1 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE record(id TEXT PRIMARY KEY, modified TEXT NOT NULL, withdrawn INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE member(ecosystem TEXT NOT NULL, record_id TEXT NOT NULL, PRIMARY KEY(ecosystem, record_id)) WITHOUT ROWID;
CREATE TABLE affected_pkg(ecosystem_base TEXT NOT NULL, name_normalized TEXT NOT NULL, record_id TEXT NOT NULL,
                          PRIMARY KEY(ecosystem_base, name_normalized, record_id)) WITHOUT ROWID;
CREATE TABLE alias(alias TEXT NOT NULL, record_id TEXT NOT NULL, PRIMARY KEY(alias, record_id)) WITHOUT ROWID;
CREATE TABLE ecosystem(name TEXT PRIMARY KEY, records INTEGER NOT NULL, updated_at TEXT NOT NULL,
    imported_at TEXT NOT NULL, source TEXT NOT NULL, mode TEXT NOT NULL, etag TEXT, last_modified TEXT,
    csv_etag TEXT, csv_last_modified TEXT, cursor TEXT) WITHOUT ROWID;
"""


def _write_v1_database(home: Path, ecosystems: dict[str, dict[str, dict]]) -> None:
    """A schema-1 file holding the given {ecosystem: {id: record}} (as the old writer stored them)."""
    path = store.db_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(_SCHEMA_V1)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    for eco, docs in ecosystems.items():
        for rid, doc in docs.items():
            conn.execute("INSERT OR REPLACE INTO record VALUES (?,?,?,?)",
                         (rid, doc.get("modified", ""), int(bool(doc.get("withdrawn"))), json.dumps(doc)))
            conn.execute("INSERT INTO member VALUES (?,?)", (eco, rid))
        conn.execute("INSERT INTO ecosystem VALUES (?,?,?,?,?,?,NULL,NULL,NULL,NULL,NULL)",
                     (eco, len(docs), store.utc_now(), store.utc_now(), str(DATA), "full"))
    conn.commit()
    conn.close()


def test_old_schema_database_is_refused_with_the_command_that_rebuilds_it(home: Path) -> None:
    from agent_immune.config import Config

    _write_v1_database(home, {"npm": _zip_docs("npm")})
    with pytest.raises(DatabaseError, match=r"schema version 1, expected 2; run `agent-immune db update` to rebuild it"):
        store.OsvStore.open(home)
    # The scan's offline freshness check gives the same message, not a traceback.
    assert Config().data_home() == home
    with pytest.raises(DatabaseError, match="schema version 1"):
        sync.ensure_fresh(Config(), {"npm"}, offline=True)


def test_db_update_rebuilds_an_old_schema_database_with_its_ecosystems(home: Path) -> None:
    _write_v1_database(home, {"npm": _zip_docs("npm"), "crates.io": _zip_docs("crates.io")})
    assert store.imported_names(home) == ["crates.io", "npm"]
    results = sync.update(home, str(DATA))  # no ecosystem named: those the old file held
    assert sorted(r.ecosystem for r in results) == ["crates.io", "npm"]
    assert all(r.status == "imported" for r in results), results
    docs = _zip_docs("npm")
    with store.OsvStore.open(home) as db:
        assert {s.name for s in db.ecosystems()} == {"crates.io", "npm"}
        found = db.records_for("npm", ["lodash"])["lodash"]
        assert {d["id"] for d in found} == _expected_for("npm", "lodash", docs)
        assert db.full_records([found[0]["id"]])[found[0]["id"]] == docs[found[0]["id"]]


def test_slim_record_keeps_what_matching_reads_and_the_computed_severity() -> None:
    from agent_immune.osv import severity

    for eco in ("PyPI", "npm", "Go", "crates.io"):
        for doc in _zip_docs(eco).values():
            slim = store.slim_record(doc)
            assert slim["id"] == doc["id"]
            assert "references" not in slim
            assert severity.record_severity(slim) == severity.record_severity(doc)
            del slim[severity.PRECOMPUTED]
            assert severity.record_severity(slim) == severity.record_severity(doc)  # from what it kept
            for field in ("aliases", "modified", "withdrawn", "summary", "severity"):
                assert slim.get(field) == doc.get(field)
            assert [(a.get("package"), a.get("ranges"), a.get("versions")) for a in slim.get("affected", [])] == \
                [(a.get("package"), a.get("ranges"), a.get("versions")) for a in doc.get("affected", [])]


def test_records_for_matches_the_zip_content(home: Path) -> None:
    _import(home, "PyPI", "npm", "crates.io", "Go")
    cases = {
        "PyPI": ["Requests", "urllib3", "Jinja2", "PyYAML", "flask", "click", "not-a-package"],
        "npm": ["lodash", "minimist", "qs", "ws"],
        "crates.io": ["smallvec", "hyper", "serde"],
        "Go": ["golang.org/x/text", "golang.org/x/net", "stdlib"],
    }
    with store.OsvStore.open(home) as db:
        for eco, names in cases.items():
            docs = _zip_docs(eco)
            found = db.records_for(eco, names)
            assert set(found) == {normalize_name(eco, n) for n in names}
            for name in names:
                got = {d["id"] for d in found[normalize_name(eco, name)]}
                assert got == _expected_for(eco, name, docs), (eco, name)
        # The demo's pins really are covered.
        assert "PYSEC-2018-28" in {d["id"] for d in db.records_for("PyPI", ["requests"])["requests"]}
        assert db.records_for("PyPI", ["click"]) == {"click": []}


def test_records_for_large_batch_equals_single_lookups(home: Path) -> None:
    _import(home, "PyPI")
    docs = _zip_docs("PyPI")
    real = sorted({a["package"]["name"] for d in docs.values() for a in d["affected"] if a.get("package")})
    names = real + [f"nonexistent-{i}" for i in range(5000)]
    with store.OsvStore.open(home) as db:
        batch = db.records_for("PyPI", names)
        assert len(batch) == len({normalize_name("PyPI", n) for n in names})
        for name in real[:40]:
            single = db.records_for("PyPI", [name])
            key = normalize_name("PyPI", name)
            assert [d["id"] for d in batch[key]] == [d["id"] for d in single[key]]
        assert sum(1 for v in batch.values() if v) == len({normalize_name("PyPI", n) for n in real
                                                           if _expected_for("PyPI", n, docs)})


def test_withdrawn_records_are_stored_but_not_matched(home: Path) -> None:
    docs = _zip_docs("crates.io")
    withdrawn = [d for d in docs.values() if d.get("withdrawn")]
    assert withdrawn, "the fixture must hold a withdrawn record"
    rec = withdrawn[0]
    name = rec["affected"][0]["package"]["name"]
    _import(home, "crates.io")
    with store.OsvStore.open(home) as db:
        assert rec["id"] not in {d["id"] for d in db.records_for("crates.io", [name])[normalize_name("crates.io", name)]}
        assert db.get_many([rec["id"]])[rec["id"]]["withdrawn"] == rec["withdrawn"]


def db_full(home: Path, rid: str) -> dict:
    with store.OsvStore.open(home) as db:
        return db.full_records([rid, "NO-SUCH-ID"])[rid]


def test_get_many_resolves_ids_and_aliases(home: Path) -> None:
    _import(home, "PyPI")
    docs = _zip_docs("PyPI")
    rec = next(d for d in docs.values() if d.get("aliases"))
    alias = rec["aliases"][0]
    with store.OsvStore.open(home) as db:
        got = db.get_many([rec["id"], alias, "NO-SUCH-ID"])
    assert set(got) == {rec["id"], alias}
    assert got[rec["id"]] == store.slim_record(rec)  # the matching form
    assert db_full(home, rec["id"]) == rec  # the whole stored record round-trips exactly
    assert alias in got[alias]["aliases"] or got[alias]["id"] == alias


def test_record_naming_several_ecosystems_is_indexed_under_each(home: Path) -> None:
    docs = _zip_docs("PyPI")
    multi = next(d for d in docs.values()
                 if len({a["package"]["ecosystem"] for a in d["affected"] if a.get("package")}) > 1)
    _import(home, "PyPI")
    with store.OsvStore.open(home) as db:
        for entry in multi["affected"]:
            eco, name = entry["package"]["ecosystem"], entry["package"]["name"]
            found = db.records_for(eco, [name])[normalize_name(eco, name)]
            assert multi["id"] in {d["id"] for d in found}, (eco, name)


def test_ecosystem_suffixes_use_the_base_ecosystem(home: Path) -> None:
    _import(home, "Packagist")
    docs = _zip_docs("Packagist")
    suffixed = [(a["package"]["ecosystem"], a["package"]["name"], d["id"]) for d in docs.values()
                for a in d["affected"] if ":" in a.get("package", {}).get("ecosystem", "")]
    assert suffixed, "fixture has a Packagist:<repo> record"
    eco, name, rid = suffixed[0]
    with store.OsvStore.open(home) as db:
        assert rid in {d["id"] for d in db.records_for("Packagist", [name])[normalize_name(eco, name)]}
        assert rid in {d["id"] for d in db.records_for(eco, [name])[normalize_name(eco, name)]}


def test_packageless_git_records_are_stored_not_indexed(home: Path) -> None:
    docs = _zip_docs("GIT")
    bare = [rid for rid, d in docs.items() if not any(a.get("package") for a in d.get("affected", []))]
    assert bare
    _import(home, "GIT")
    with store.OsvStore.open(home) as db:
        assert set(db.get_many(bare)) == set(bare)
        assert db.ecosystem("GIT").records == len(docs)
    conn = sqlite3.connect(store.db_path(home))
    n = conn.execute(f"SELECT count(*) FROM affected_pkg WHERE record_id IN ({','.join('?' * len(bare))})", bare)
    assert n.fetchone()[0] == 0
    conn.close()


def test_reimport_replaces_only_that_ecosystems_rows(home: Path, bucket: Bucket) -> None:
    _import(home, "PyPI", "GIT", "npm", source=bucket.root)
    pypi = bucket.docs("PyPI")
    git = bucket.docs("GIT")
    shared = sorted(set(pypi) & set(git))
    assert shared, "fixture has records in both the PyPI and GIT folders"
    only_pypi = next(rid for rid in sorted(pypi) if rid not in git)
    for rid in shared + [only_pypi]:
        del pypi[rid]
    bucket.write_zip("PyPI", pypi)
    results = sync.update(home, str(bucket.root), ["PyPI"])
    assert results[0].status == "imported" and results[0].removed == len(shared) + 1
    with store.OsvStore.open(home) as db:
        statuses = {s.name: s.records for s in db.ecosystems()}
        assert statuses == {"PyPI": len(pypi), "GIT": len(git), "npm": len(_zip_docs("npm"))}
        got = db.get_many(shared + [only_pypi])
        assert set(got) == set(shared)  # still delivered by GIT; the PyPI-only one is gone
        # ...and still found by package, since the index follows the record, not the folder.
        rec = got[shared[0]]
        pkg = next(a["package"] for a in rec["affected"] if a.get("package"))
        assert shared[0] in {d["id"] for d in db.records_for("PyPI", [pkg["name"]])[normalize_name("PyPI", pkg["name"])]}


def test_newest_copy_of_a_record_wins_across_folders(home: Path, bucket: Bucket) -> None:
    pypi, git = bucket.docs("PyPI"), bucket.docs("GIT")
    rid = sorted(set(pypi) & set(git))[0]
    git[rid] = dict(git[rid], modified="2099-01-01T00:00:00Z", summary="newer, from GIT")
    bucket.write_zip("GIT", git)
    _import(home, "GIT", "PyPI", source=bucket.root)
    with store.OsvStore.open(home) as db:
        assert db.get_many([rid])[rid]["summary"] == "newer, from GIT"
    pypi[rid] = dict(pypi[rid], modified="2100-01-01T00:00:00Z", summary="newest, from PyPI")
    bucket.write_zip("PyPI", pypi)
    _import(home, "PyPI", source=bucket.root)
    with store.OsvStore.open(home) as db:
        assert db.get_many([rid])[rid]["summary"] == "newest, from PyPI"
        assert {s.name: s.records for s in db.ecosystems()} == {"PyPI": len(pypi), "GIT": len(git)}


def test_failed_write_leaves_live_database_and_no_temp_files(home: Path) -> None:
    _import(home, "npm")
    before = store.db_path(home).read_bytes()
    with pytest.raises(RuntimeError):
        with store.update_lock(home), store.writer(home) as w:
            w.clear("npm")
            raise RuntimeError("boom")
    assert store.db_path(home).read_bytes() == before
    assert [p.name for p in store.db_path(home).parent.iterdir() if ".tmp-" in p.name] == []


def test_process_killed_mid_update_leaves_previous_database(home: Path) -> None:
    _import(home, "npm")
    before = store.db_path(home).read_bytes()
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from agent_immune.osv import store\n"
        "with store.update_lock(Path(sys.argv[1])), store.writer(Path(sys.argv[1])) as w:\n"
        "    w.clear('npm')\n"
        "    os._exit(9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(home)], timeout=60)
    assert proc.returncode == 9
    assert store.db_path(home).read_bytes() == before
    leftovers = [p for p in store.db_path(home).parent.iterdir() if ".tmp-" in p.name]
    assert leftovers  # the crashed copy is still there...
    _import(home, "PyPI")
    assert not [p for p in store.db_path(home).parent.iterdir() if ".tmp-" in p.name]  # ...until the next update
    with store.OsvStore.open(home) as db:
        assert {s.name for s in db.ecosystems()} == {"npm", "PyPI"}


def test_open_reader_survives_a_replace(home: Path) -> None:
    _import(home, "npm")
    with store.OsvStore.open(home) as db:
        first = db.records_for("npm", ["lodash"])
        _import(home, "PyPI")
        os.sync()
        assert db.records_for("npm", ["lodash"]) == first
        assert [s.name for s in db.ecosystems()] == ["npm"]  # the file it opened
    with store.OsvStore.open(home) as db:
        assert [s.name for s in db.ecosystems()] == ["PyPI", "npm"]


def test_freshness_reports_age_and_staleness(home: Path) -> None:
    _import(home, "npm", "Go")
    with store.update_lock(home), store.writer(home) as w:
        w.touch("Go", updated_at="2020-01-01T00:00:00Z")
    with store.OsvStore.open(home) as db:
        fresh = {f.ecosystem: f for f in db.freshness({"npm", "Go", "PyPI"}, ttl_hours=24)}
    assert fresh["npm"].stale is False and fresh["npm"].records == 171
    assert fresh["Go"].stale is True and fresh["Go"].age_hours > 24 * 365
    assert fresh["PyPI"].updated_at is None and fresh["PyPI"].stale is True


@pytest.mark.parametrize("doc,match", [
    ([], "expected a JSON object"),
    ({"affected": []}, "no string `id`"),
    ({"id": "X", "affected": {}}, "`affected` is not a list"),
    ({"id": "X", "affected": ["nope"]}, "entry is not an object"),
    ({"id": "X", "aliases": "CVE-1"}, "`aliases` is not a list"),
    ({"id": "X", "modified": 5}, "`modified` is not a string"),
])
def test_prepare_record_rejects_malformed_records(doc: object, match: str) -> None:
    with pytest.raises(DatabaseError, match=match):
        store.prepare_record(doc, "X.json")


@pytest.mark.parametrize("a,b", [
    ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000Z"),
    ("2024-01-02T03:04:05.5Z", "2024-01-02T03:04:05.500000000Z"),
    ("2024-01-02T05:04:05+02:00", "2024-01-02T03:04:05Z"),
])
def test_normalize_timestamp_equates_equal_instants(a: str, b: str) -> None:
    assert store.normalize_timestamp(a) == store.normalize_timestamp(b)


def test_normalize_timestamp_orders_by_time() -> None:
    assert store.normalize_timestamp("2024-01-02T03:04:05.9Z") < store.normalize_timestamp("2024-01-02T03:04:06Z")
    assert store.normalize_timestamp("0001-01-01T00:00:00Z") < store.normalize_timestamp("2020-01-01T00:00:00Z")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["PyPI", "npm", "crates.io", "Go", "Maven", "NuGet", "Packagist", "RubyGems", "Hex", "Pub",
                        "Debian:12"]),
       st.text(alphabet="aAbZ09-_.~/:@ÄßİK", max_size=12))
def test_batch_normalizer_agrees_with_names(eco: str, name: str) -> None:
    assert normalizer(eco)(name) == normalize_name(eco, name)


def test_data_home_with_unusual_characters(tmp_path: Path) -> None:
    home = tmp_path / "my data #1 ?x=y%20"
    _import(home, "npm")
    with store.OsvStore.open(home) as db:
        assert db.records_for("npm", ["lodash"])["lodash"]


def test_freed_space_is_reclaimed(home: Path, bucket: Bucket) -> None:
    _import(home, "PyPI", "npm", source=bucket.root)
    size = store.db_path(home).stat().st_size
    docs = bucket.docs("PyPI")
    bucket.write_zip("PyPI", dict(sorted(docs.items())[:10]))  # upstream shrank a lot
    assert sync.update(home, str(bucket.root), ["PyPI"])[0].records == 10
    assert store.db_path(home).stat().st_size < size * 0.6
