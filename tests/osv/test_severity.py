"""Severity from CVSS vectors and labels, MAL records, UNKNOWN, alias groups (real records)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent_immune.osv.severity import (
    Severity, cvss_score, group_ids, group_records, highest, label_for_score, record_severity,
)

RECORDS = Path(__file__).parent / "records"


def rec(rid: str) -> dict:
    return json.loads((RECORDS / f"{rid}.json").read_text())


def test_cvss_v3_from_real_record():
    # GHSA-77rm-9x9h-xj3g: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H, GHSA label HIGH
    assert record_severity(rec("GHSA-77rm-9x9h-xj3g")) == Severity("HIGH", 7.5)


def test_cvss_v4_and_v3_takes_the_highest():
    # GHSA-6vvc-c2m3-cjf3 carries a 3.1 vector (9.8) and a 4.0 vector (9.3)
    assert record_severity(rec("GHSA-6vvc-c2m3-cjf3")) == Severity("CRITICAL", 9.8)
    r = rec("RUSTSEC-2024-0445")
    v4 = [s["score"] for s in r["severity"] if s["type"] == "CVSS_V4"]
    assert v4 and record_severity(r).score == cvss_score("CVSS_V4", v4[0])


def test_cvss_v2_bands():
    # Constructed: no record in the snapshot has a CVSS_V2 vector. A common NVD v2 vector.
    assert cvss_score("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P") == 7.5
    r = {"id": "T-V2", "severity": [{"type": "CVSS_V2", "score": "AV:N/AC:L/Au:N/C:C/I:C/A:C"}]}
    assert record_severity(r) == Severity("HIGH", 10.0)  # v2 has no CRITICAL band
    assert label_for_score(10.0, "CVSS_V2") == "HIGH"
    assert label_for_score(4.0, "CVSS_V2") == "MEDIUM"


@pytest.mark.parametrize("score,label", [(9.0, "CRITICAL"), (8.9, "HIGH"), (7.0, "HIGH"), (6.9, "MEDIUM"),
                                         (4.0, "MEDIUM"), (3.9, "LOW"), (0.1, "LOW"), (0.0, "LOW")])
def test_v3_bands(score, label):
    assert label_for_score(score) == label


def test_ghsa_label_when_no_vector():
    r = rec("GHSA-6c3j-c64m-qhgq")
    no_vector = {k: v for k, v in r.items() if k != "severity"}
    assert record_severity(no_vector) == Severity("MEDIUM", None)  # MODERATE means MEDIUM
    assert record_severity(r) == Severity("MEDIUM", 6.1)


def test_affected_level_labels():
    r = {"id": "T-AFF", "affected": [
        {"package": {"ecosystem": "npm", "name": "a"}, "database_specific": {"severity": "LOW"}},
        {"package": {"ecosystem": "npm", "name": "b"}, "ecosystem_specific": {"severity": "HIGH"}},
    ]}
    assert record_severity(r) == Severity("HIGH", None)


def test_malformed_vector_falls_back_to_label():
    r = {"id": "T-BAD", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:garbage"}],
         "database_specific": {"severity": "CRITICAL"}}
    assert record_severity(r) == Severity("CRITICAL", None)


def test_mal_is_critical():
    assert record_severity(rec("MAL-2023-462")).label == "CRITICAL"


def test_unknown_when_nothing_says():
    assert record_severity(rec("PYSEC-2020-217")).label == "UNKNOWN"
    assert highest([]).label == "UNKNOWN"


def test_alias_groups_union_find():
    records = [rec("PYSEC-2020-217"), rec("GHSA-6vvc-c2m3-cjf3"), rec("PYSEC-2018-28")]
    groups = group_records(records)
    assert sorted(sorted(r["id"] for r in g) for g in groups) == [
        ["GHSA-6vvc-c2m3-cjf3", "PYSEC-2020-217"], ["PYSEC-2018-28"]]
    merged = next(g for g in groups if len(g) == 2)
    primary, others = group_ids(merged)
    assert primary == "GHSA-6vvc-c2m3-cjf3"
    assert others == ("CVE-2014-9390", "PYSEC-2020-217")
    assert highest(record_severity(r) for r in merged).label == "CRITICAL"


def test_transitive_grouping_through_a_shared_cve():
    # PYSEC-2013-32 and PYSEC-2013-33 do not name each other, only CVE-2013-2217.
    groups = group_records([rec("PYSEC-2013-32"), rec("PYSEC-2013-33")])
    assert len(groups) == 1


def test_primary_prefers_mal_then_non_cve():
    a = {"id": "CVE-2020-1", "aliases": ["GHSA-aaaa-bbbb-cccc"]}
    b = {"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2020-1", "MAL-2020-9"]}
    c = {"id": "MAL-2020-9", "aliases": ["GHSA-aaaa-bbbb-cccc"]}
    assert group_ids([a, b])[0] == "GHSA-aaaa-bbbb-cccc"
    assert group_ids([a, b, c])[0] == "MAL-2020-9"


def test_ubuntu_priority_label():
    r = {"id": "UBUNTU-CVE-T", "severity": [{"type": "Ubuntu", "score": "medium"}]}
    assert record_severity(r) == Severity("MEDIUM", None)
    r["severity"][0]["score"] = "negligible"
    assert record_severity(r).label == "LOW"
