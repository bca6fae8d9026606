"""Rebuild this conformance corpus from the shared test data (not run by the tests).

    AGENT_IMMUNE_HOME=<home with every ecosystem imported from ../shared/osv> \
        python tests/osv/records/conformance/build.py /path/to/shared

Writes queries.json (every distinct package/version query of the recorded OSV API
querybatch exchanges, with the ids the API answered) and records.zip (every record the
local snapshot holds for the queried packages).
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from agent_immune.config import load_config
from agent_immune.osv.names import base_ecosystem, normalize_name
from agent_immune.osv.store import OsvStore

HERE = Path(__file__).parent


def main(shared: Path) -> None:
    store = OsvStore.open(load_config().data_home())
    imported = {s.name for s in store.ecosystems()}
    queries, records, seen = [], {}, set()
    for line in (shared / "osv-api-cassettes" / "interactions.jsonl").read_text().splitlines():
        it = json.loads(line)
        if it["path"] != "/v1/querybatch" or it["status"] != 200:
            continue
        for q, res in zip(it["request_body"]["queries"], it["response_body"].get("results", [])):
            pkg = q.get("package") or {}
            if "version" not in q or not pkg.get("ecosystem") or base_ecosystem(pkg["ecosystem"]) not in imported:
                continue
            key = (pkg["ecosystem"], pkg["name"], q["version"])
            if key in seen:
                continue
            seen.add(key)
            eco = base_ecosystem(pkg["ecosystem"])
            for rec in store.records_for(eco, [pkg["name"]])[normalize_name(eco, pkg["name"])]:
                records[rec["id"]] = rec
            queries.append({"ecosystem": pkg["ecosystem"], "name": pkg["name"], "version": q["version"],
                            "api_ids": sorted({v["id"] for v in res.get("vulns", [])})})
    (HERE / "queries.json").write_text(json.dumps(queries, indent=1) + "\n")
    with zipfile.ZipFile(HERE / "records.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rid in sorted(records):
            zf.writestr(f"{rid}.json", json.dumps(records[rid], separators=(",", ":")))
    print(f"{len(queries)} queries, {len(records)} records")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
