"""The scan's freshness rule: is the local data young enough, and if not, refresh it.

Imported by every scan, so it imports only the store; the updater (sync.py, with the
download stack behind it) is imported when an ecosystem actually needs refreshing.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..errors import DatabaseError
from ..findings import EcosystemFreshness
from . import store
from .names import base_ecosystem

if TYPE_CHECKING:
    from ..config import Config


class FreshnessList(list):
    """ensure_fresh's result: a list of EcosystemFreshness plus `warnings` for the report."""

    def __init__(self, items: Sequence[EcosystemFreshness] = (), warnings: Sequence[str] = ()) -> None:
        super().__init__(items)
        self.warnings: list[str] = list(warnings)


def current_statuses(home: Path) -> dict[str, store.EcosystemStatus]:
    try:
        with store.OsvStore.open(home) as db:
            return {s.name: s for s in db.ecosystems()}
    except DatabaseError:
        return {}


def ensure_fresh(config: "Config", ecosystems: set[str], *, offline: bool) -> FreshnessList:
    """The scan's freshness rule: refresh what is older than the TTL unless offline.

    Returns one EcosystemFreshness per ecosystem (sorted), with `.warnings` naming any
    refresh that failed while older data was kept.
    """
    home = config.data_home()
    ttl = config.immune.osv_ttl_hours
    wanted = sorted({base_ecosystem(e) for e in ecosystems})
    current = current_statuses(home) if store.db_path(home).exists() else {}
    if offline and store.db_path(home).exists() and not current:
        store.OsvStore.open(home).close()  # raises the precise "corrupt"/"schema" error
    fresh = [store.freshness_of(n, current.get(n), ttl) for n in wanted]
    warnings: list[str] = []
    if offline:
        missing = [f.ecosystem for f in fresh if f.updated_at is None]
        if missing:
            hint = " ".join(f"--ecosystem {m}" for m in missing)
            noun = "ecosystem" if len(missing) == 1 else "ecosystems"
            raise DatabaseError(f"{noun} {', '.join(missing)} {'was' if len(missing) == 1 else 'were'} never "
                                f"imported; run `agent-immune db update {hint}`")
        return FreshnessList(fresh)
    stale = [f.ecosystem for f in fresh if f.stale]
    if not stale:
        return FreshnessList(fresh)
    try:
        from . import sync  # the updater, only when something must be refreshed

        results = {r.ecosystem: r for r in sync.update(home, config.immune.osv_source, stale)}
        failure = ""
    except DatabaseError as exc:
        results, failure = {}, str(exc)
    current = current_statuses(home)
    for name in stale:
        result = results.get(name)
        if result is not None and result.ok:
            continue
        why = result.message if result is not None else failure
        status = current.get(name)
        if status is None:
            raise DatabaseError(f"cannot import OSV data for {name}: {why}")
        warnings.append(f"could not refresh the OSV data for {name} ({why}); "
                        f"using data {status.age_hours:.1f} hours old")
    return FreshnessList([store.freshness_of(n, current.get(n), ttl) for n in wanted], warnings)
