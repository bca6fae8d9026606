"""Severity of OSV records and of alias groups.

Rules (the README's scan section documents them):

* A record's score is the highest CVSS base score among its `severity[]` entries (and
  `affected[].severity[]`): CVSS_V2, CVSS_V3 (3.0/3.1) and CVSS_V4 vectors are scored with
  the `cvss` library. Labels from the score: v3/v4 bands 9.0 CRITICAL, 7.0 HIGH,
  4.0 MEDIUM, otherwise LOW (a 0.0 "None" score is reported as LOW); v2 bands 7.0 HIGH,
  4.0 MEDIUM, otherwise LOW.
* Without a usable vector, the label comes from `database_specific.severity` (GHSA
  labels; MODERATE means MEDIUM), `affected[].database_specific.severity` /
  `affected[].ecosystem_specific.severity`, or a `severity[]` entry of type "Ubuntu"
  (its priority; negligible means LOW), the highest one found.
* `MAL-` records (malicious packages) are CRITICAL whatever else they say.
* No severity anywhere: UNKNOWN (which blocks by default: fail closed).
* A record and its aliases are one vulnerability: matched records that share an id or
  an alias form one group (union-find); stored records of the group's aliases add their
  severity; the group is reported once at its highest severity.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

from .match import dicts, strings

RANK = {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1, "UNKNOWN": 0}
_LABELS = {"CRITICAL": "CRITICAL", "HIGH": "HIGH", "MODERATE": "MEDIUM", "MEDIUM": "MEDIUM", "LOW": "LOW",
           "NEGLIGIBLE": "LOW"}  # NEGLIGIBLE: Ubuntu's lowest priority


class Severity(NamedTuple):
    # A NamedTuple (immutable, cheap to define on the start-up path), like match.Match.
    label: str               # CRITICAL | HIGH | MEDIUM | LOW | UNKNOWN
    score: float | None      # the CVSS base score the label came from, if any


UNKNOWN = Severity("UNKNOWN", None)

# Key under which the local store keeps a record's severity as computed here at import
# time ([label, score]; see store.slim_record): a scan then neither imports the CVSS
# library nor parses vectors. A source that sets it is trusted exactly as much as the
# rest of the record it serves (it could state any vector too).
PRECOMPUTED = "_severity"


@lru_cache(maxsize=4096)
def cvss_score(kind: str, vector: str) -> float | None:
    """Base score of a CVSS vector, or None when it is not a valid vector of that kind."""
    # Imported here: the cvss package is only needed when a finding has a vector.
    from cvss import CVSS2, CVSS3, CVSS4
    from cvss.exceptions import CVSSError

    try:
        if kind == "CVSS_V2":
            return float(CVSS2(vector.removeprefix("CVSS:2.0/")).base_score)
        if kind == "CVSS_V3":
            return float(CVSS3(vector).base_score)
        if kind == "CVSS_V4":
            return float(CVSS4(vector).base_score)
    except (CVSSError, ValueError, KeyError, IndexError):
        return None
    return None


def label_for_score(score: float, kind: str = "CVSS_V3") -> str:
    if kind != "CVSS_V2" and score >= 9.0:
        return "CRITICAL"
    if score >= 7.0:
        return "HIGH"
    if score >= 4.0:
        return "MEDIUM"
    return "LOW"


def normalize_label(label: object) -> str | None:
    if not isinstance(label, str):
        return None
    return _LABELS.get(label.strip().upper())


def _severity_entries(record: dict) -> Iterable[dict]:
    yield from dicts(record.get("severity"))
    for entry in dicts(record.get("affected")):
        yield from dicts(entry.get("severity"))


def _labels(record: dict) -> Iterable[object]:
    # severity[] entries of type "Ubuntu" carry a priority label, not a vector.
    for entry in _severity_entries(record):
        if entry.get("type") == "Ubuntu":
            yield entry.get("score")
    block = record.get("database_specific")
    if isinstance(block, dict):
        yield block.get("severity")
    for entry in dicts(record.get("affected")):
        for field in ("database_specific", "ecosystem_specific"):
            block = entry.get(field)
            if isinstance(block, dict):
                yield block.get("severity")


def record_severity(record: dict) -> Severity:
    pre = record.get(PRECOMPUTED)
    if isinstance(pre, list) and len(pre) == 2 and pre[0] in RANK:
        return Severity(pre[0], pre[1])
    if str(record.get("id", "")).startswith("MAL-"):
        return Severity("CRITICAL", None)
    best: Severity | None = None
    for entry in _severity_entries(record):
        kind, vector = entry.get("type"), entry.get("score")
        if not isinstance(vector, str) or kind not in ("CVSS_V2", "CVSS_V3", "CVSS_V4"):
            continue
        score = cvss_score(kind, vector)
        if score is None:
            continue
        sev = Severity(label_for_score(score, kind), score)
        if best is None or (RANK[sev.label], score) > (RANK[best.label], best.score or 0.0):
            best = sev
    if best is not None:
        return best
    labels = [lab for lab in map(normalize_label, _labels(record)) if lab]
    if labels:
        return Severity(max(labels, key=RANK.__getitem__), None)
    return UNKNOWN


def highest(severities: Iterable[Severity]) -> Severity:
    best = UNKNOWN
    for sev in severities:
        if (RANK[sev.label], sev.score or -1.0) > (RANK[best.label], best.score or -1.0):
            best = sev
    return best


# ------------------------------------------------------------------ alias groups


def group_records(records: Sequence[dict]) -> list[list[dict]]:
    """Partition records into vulnerabilities: records sharing an id or alias are one.

    Union-find over ids; the groups keep the order in which their first record came.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for rec in records:
        rid = rec["id"]
        find(rid)
        for alias in strings(rec.get("aliases")):
            union(rid, alias)
    groups: dict[str, list[dict]] = {}
    for rec in records:
        groups.setdefault(find(rec["id"]), []).append(rec)
    return list(groups.values())


def _id_rank(vid: str) -> tuple:
    # Malware first (it is the finding that matters), then the advisory databases that
    # publish per-package records (GHSA, PYSEC, GO, RUSTSEC, ...), CVE last: a CVE id
    # names the flaw but not the package-level advisory a user can read and act on.
    if vid.startswith("MAL-"):
        return (0, vid)
    if vid.startswith("CVE-"):
        return (2, vid)
    return (1, vid)


def primary_id(matched: Sequence[dict]) -> str:
    """The id a group is reported under: one of the matched records (never an alias-only
    id), MAL- first, CVE- last, otherwise the alphabetically first."""
    return min((r["id"] for r in matched), key=_id_rank)


def group_ids(matched: Sequence[dict]) -> tuple[str, tuple[str, ...]]:
    """(primary id, every other id and alias of the group, sorted)."""
    primary = primary_id(matched)
    ids = set()
    for rec in matched:
        ids.add(rec["id"])
        ids.update(strings(rec.get("aliases")))
    ids.discard(primary)
    return primary, tuple(sorted(ids))
