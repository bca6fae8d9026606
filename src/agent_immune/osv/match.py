"""Does an OSV record affect a package version (or a declared version range)?

Semantics follow the OSV schema:

* Only `affected[]` entries whose package names the same base ecosystem ("Debian:12"
  matches "Debian") and the same package name (in the ecosystem's canonical form, PEP 503
  for PyPI) are considered; a record can have several such entries and each counts.
* `versions`: an explicit list; a version is affected when it is listed (string equality,
  or equality in the ecosystem's version order, so PyPI "1.0" matches "1.0.0").
* `ranges` of type ECOSYSTEM (the ecosystem's order) and SEMVER (SemVer 2.0; evaluated in
  the ecosystem's order where there is one, which agrees with SemVer on SemVer versions
  and also orders the ecosystem's other versions) are evaluated; GIT ranges name commits,
  not package versions, and are ignored. Events are sorted by version (introduced "0" first); a version is affected
  from an `introduced` up to (not including) a `fixed`, or up to and including a
  `last_affected`; `limit` events cap the range (version < some limit, "*" = no cap).
* An ecosystem without a version order here (see versions.supports) is matched on
  `versions` lists and SEMVER ranges only.
* Withdrawn records never match.

Ranges are turned into intervals of version keys, which serves both questions: is one
version inside, and does a declared requirement (an unpinned manifest entry) overlap them.
"""
from __future__ import annotations

from typing import Callable, Iterable, NamedTuple, Sequence

from . import versions as _v
from .names import base_ecosystem, normalize_name

# A bound is (key, closed); None as a lower bound is -infinity, as an upper +infinity.
Bound = tuple
KeyFn = Callable[[str], tuple]

# The values here are NamedTuples rather than frozen dataclasses: equally immutable, but
# creating the classes at import and their instances in the matching loop is several times
# cheaper, and both sit on the start-up path of every scan.


class Interval(NamedTuple):
    lo: Bound | None
    hi: Bound | None
    fixed: str | None = None  # the `fixed` event that ends this interval, if any

    def contains(self, key: tuple) -> bool:
        lo, hi = self.lo, self.hi
        if lo is not None and (key < lo[0] or (not lo[1] and key == lo[0])):
            return False
        if hi is not None and (key > hi[0] or (not hi[1] and key == hi[0])):
            return False
        return True


EVERYTHING = (Interval(None, None),)


class Match(NamedTuple):
    """How one record affects one package version."""

    affected: bool
    fixed: str | None = None  # lowest fixed version strictly above the installed one


class RangeMatch(NamedTuple):
    """How one record relates to a declared requirement."""

    admits_affected: bool
    affected: tuple[Interval, ...]  # the record's affected set, for the caller's union


# ------------------------------------------------------------------ interval algebra


def _nonempty(lo: Bound | None, hi: Bound | None) -> bool:
    if lo is None or hi is None:
        return True
    return lo[0] < hi[0] or (lo[0] == hi[0] and lo[1] and hi[1])


def _max_lo(a: Bound | None, b: Bound | None) -> Bound | None:
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0]:
        return a if not a[1] else b  # an open bound starts later
    return a if a[0] > b[0] else b


def _min_hi(a: Bound | None, b: Bound | None) -> Bound | None:
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0]:
        return a if not a[1] else b
    return a if a[0] < b[0] else b


def _max_hi(a: Bound | None, b: Bound | None) -> Bound | None:
    if a is None or b is None:
        return None
    if a[0] == b[0]:
        return a if a[1] else b
    return a if a[0] > b[0] else b


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    out = []
    for x in a:
        for y in b:
            lo, hi = _max_lo(x.lo, y.lo), _min_hi(x.hi, y.hi)
            if _nonempty(lo, hi):
                out.append(Interval(lo, hi))
    return out


def _lo_sort(iv: Interval) -> tuple:
    # -infinity first; at equal keys a closed bound starts first.
    return (0,) if iv.lo is None else (1, iv.lo[0], 0 if iv.lo[1] else 1)


def complement(intervals: Iterable[Interval]) -> list[Interval]:
    """The versions in none of the intervals."""
    gaps: list[Interval] = []
    covered: Bound | None = None  # upper bound covered so far; meaningful once started
    started = False
    for iv in sorted((i for i in intervals if _nonempty(i.lo, i.hi)), key=_lo_sort):
        if iv.lo is not None:
            gap_hi = (iv.lo[0], not iv.lo[1])
            gap_lo = None if not started else (covered[0], not covered[1])  # type: ignore[index]
            if not started or (covered is not None and _nonempty(gap_lo, gap_hi)):
                gaps.append(Interval(gap_lo, gap_hi))
        covered = iv.hi if not started else _max_hi(covered, iv.hi)
        started = True
        if covered is None:
            return gaps
    if not started:
        return [Interval(None, None)]
    gaps.append(Interval((covered[0], not covered[1]), None))  # type: ignore[index]
    return gaps


def subtract(a: Sequence[Interval], b: Iterable[Interval]) -> list[Interval]:
    return intersect(a, complement(b))


# ------------------------------------------------------------------ records


def dicts(value: object) -> list[dict]:
    """The dict items of a JSON list; anything else (a malformed record) yields nothing."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]


def strings(value: object) -> list[str]:
    """The string items of a JSON list (`versions`, `aliases`)."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str)]


def entries_for(record: dict, ecosystem: str, name: str) -> list[dict]:
    """The `affected[]` entries of a record that name this package."""
    eco = base_ecosystem(ecosystem)
    want = normalize_name(eco, name)
    out = []
    for entry in dicts(record.get("affected")):
        pkg = entry.get("package")
        if not isinstance(pkg, dict):
            continue
        pe, pn = pkg.get("ecosystem"), pkg.get("name")
        if not isinstance(pe, str) or not isinstance(pn, str) or base_ecosystem(pe) != eco:
            continue
        if normalize_name(eco, pn) == want:
            out.append(entry)
    return out


def _range_key_fn(rtype: object, ecosystem: str) -> KeyFn | None:
    if rtype == "ECOSYSTEM":
        return _v.key_function(ecosystem)
    if rtype == "SEMVER":
        # The ecosystem's own order agrees with SemVer on SemVer versions and also copes
        # with its other versions (Maven "2.13.4.2", PyPI "1.0.post1"), which SemVer would
        # treat as invalid and sort below everything. Without an order, SemVer itself.
        return _v.key_function(ecosystem) or _v.key_function("SEMVER")
    return None  # GIT and unknown range types name no package versions


def range_intervals(rng: dict, key: KeyFn) -> list[Interval]:
    """The affected intervals one ECOSYSTEM/SEMVER range describes."""
    events = []
    limits: list[str] = []
    for ev in dicts(rng.get("events")):
        if "introduced" in ev:
            v = str(ev["introduced"])
            events.append(((0,) if v == "0" else (1, key(v)), "introduced", v))
        elif "fixed" in ev:
            v = str(ev["fixed"])
            events.append(((1, key(v)), "fixed", v))
        elif "last_affected" in ev:
            v = str(ev["last_affected"])
            events.append(((1, key(v)), "last_affected", v))
        elif "limit" in ev:
            limits.append(str(ev["limit"]))
    # Stable sort on the version alone: events at the same version keep record order.
    events.sort(key=lambda e: e[0])
    out: list[Interval] = []
    start: Bound | None = None
    open_ = False
    for sk, kind, v in events:
        if kind == "introduced":
            if not open_:
                start = None if sk == (0,) else (sk[1], True)
                open_ = True
        elif open_:
            hi = (sk[1], kind == "last_affected")
            if _nonempty(start, hi):
                out.append(Interval(start, hi, v if kind == "fixed" else None))
            open_ = False
    if open_:
        out.append(Interval(start, None))
    if limits and "*" not in limits:
        cap = max(key(x) for x in limits)
        out = [
            Interval(iv.lo, hi, iv.fixed if hi is iv.hi else None)
            for iv in out
            for hi in [_min_hi(iv.hi, (cap, False))]
            if _nonempty(iv.lo, hi)
        ]
    return out


def _listed(entry: dict, version: str, key: KeyFn | None) -> bool:
    listed = strings(entry.get("versions"))
    if version in listed:
        return True
    if key is None or not listed:
        return False
    k = key(version)
    return any(key(str(v)) == k for v in listed)


def match_version(record: dict, ecosystem: str, name: str, version: str) -> Match:
    """Is `version` of the package affected by `record`, and what is the lowest fix above it?"""
    if record.get("withdrawn"):
        return Match(False)
    eco = base_ecosystem(ecosystem)
    eco_key = _v.key_function(eco)
    affected = False
    fixes: list[tuple[tuple, str]] = []
    unordered_fix: str | None = None
    for entry in entries_for(record, eco, name):
        entry_affected = _listed(entry, version, eco_key)
        later_fixes: list[tuple[tuple, str]] = []
        for rng in dicts(entry.get("ranges")):
            key = _range_key_fn(rng.get("type"), eco)
            if key is None:
                continue
            vk = key(version)
            for iv in range_intervals(rng, key):
                if iv.contains(vk):
                    entry_affected = True
                    if iv.fixed is not None:
                        fixes.append((iv.hi[0], iv.fixed))  # type: ignore[index]
                elif iv.fixed is not None and iv.hi[0] > vk:  # type: ignore[index]
                    later_fixes.append((iv.hi[0], iv.fixed))  # type: ignore[index]
        if entry_affected:
            affected = True
            if not fixes and later_fixes:
                # Listed in `versions` only: the next fix any of its ranges names.
                fixes.extend(later_fixes)
            elif eco_key is None:
                # No order for this ecosystem: a single fix the entry names is still the answer.
                named = {str(ev["fixed"]) for rng in dicts(entry.get("ranges")) if rng.get("type") == "ECOSYSTEM"
                         for ev in dicts(rng.get("events")) if "fixed" in ev}
                if len(named) == 1:
                    unordered_fix = named.pop()
    if not affected:
        return Match(False)
    fixed = min(fixes, key=lambda f: f[0])[1] if fixes else unordered_fix
    return Match(True, fixed)


def affected_intervals(record: dict, ecosystem: str, name: str) -> list[Interval]:
    """Every version the record marks affected for this package, as intervals of the
    ecosystem's order. Empty when the ecosystem has no order here (ranges cannot be
    compared with a requirement then)."""
    if record.get("withdrawn"):
        return []
    eco = base_ecosystem(ecosystem)
    eco_key = _v.key_function(eco)
    if eco_key is None:
        return []
    out: list[Interval] = []
    for entry in entries_for(record, eco, name):
        for v in strings(entry.get("versions")):
            k = eco_key(v)
            out.append(Interval((k, True), (k, True)))
        for rng in dicts(entry.get("ranges")):
            # A SEMVER range is compared with the ecosystem's own order here: the
            # requirement's bounds are keys of that order.
            if rng.get("type") in ("SEMVER", "ECOSYSTEM"):
                out.extend(range_intervals(rng, eco_key))
    return out


def match_requirement(record: dict, ecosystem: str, name: str, requirement: Sequence[Interval]) -> RangeMatch:
    affected = affected_intervals(record, ecosystem, name)
    return RangeMatch(bool(intersect(requirement, affected)), tuple(affected))


def can_avoid(requirement: Sequence[Interval], affected: Iterable[Interval]) -> bool:
    """Does the requirement admit some version that none of the affected sets contain?"""
    return bool(subtract(requirement, affected))


# ------------------------------------------------------------------ requirements (unpinned manifests)
#
# A requirement string becomes a union of intervals of version keys. The version space
# is treated as dense (a registry may publish any version), so results are "could
# resolve to", never a claim about what the registry actually has.


def parse_requirement(ecosystem: str, spec: str) -> list[Interval] | None:
    """Intervals a requirement admits, or None when it cannot be understood
    (a tag, a URL, a path, or an ecosystem without requirement syntax here)."""
    eco = base_ecosystem(ecosystem)
    parser = _REQUIREMENT_PARSERS.get(eco)
    if parser is None:
        return None
    key = _v.key_function(eco)
    assert key is not None
    try:
        return parser(spec.strip(), key)
    except _Unparseable:
        return None


class _Unparseable(Exception):
    pass


def _point(k: tuple) -> list[Interval]:
    return [Interval((k, True), (k, True))]


def _and(parts: Iterable[list[Interval]]) -> list[Interval]:
    acc: list[Interval] = list(EVERYTHING)
    for p in parts:
        acc = intersect(acc, p)
    return acc


def _bump(nums: Sequence[int], index: int) -> list[int]:
    """nums with nums[index] + 1 and the rest dropped (upper bound of ^, ~ and x-ranges)."""
    return [*nums[:index], nums[index] + 1]


# ---- SemVer family (npm, crates.io)

_NPM_PARTIAL = _v.LazyRegex(
    r"^v?(?P<maj>\d+|[xX*])(?:\.(?P<min>\d+|[xX*]))?(?:\.(?P<pat>\d+|[xX*]))?"
    r"(?:-(?P<pre>[0-9A-Za-z\-.]+))?(?:\+[0-9A-Za-z\-.]+)?$"
)
_WILD = ("x", "X", "*")


def _partial(text: str) -> tuple[list[int], str | None]:
    m = _NPM_PARTIAL.match(text)
    if m is None:
        raise _Unparseable(text)
    nums: list[int] = []
    for g in ("maj", "min", "pat"):
        part = m.group(g)
        if part is None or part in _WILD:
            break
        nums.append(int(part))
    return nums, m.group("pre") if len(nums) == 3 else None


def _sv(nums: Sequence[int], pre: str | None, key: KeyFn) -> tuple:
    full = list(nums) + [0] * (3 - len(nums))
    return key(".".join(map(str, full)) + (f"-{pre}" if pre else ""))


def _sv_floor(nums: Sequence[int], key: KeyFn) -> tuple:
    # The lowest version with this prefix: its first prerelease "-0".
    return _sv(nums, "0", key)


def _semver_comparator(op: str, text: str, key: KeyFn) -> list[Interval]:
    nums, pre = _partial(text)
    if op in ("", "="):
        if len(nums) == 3:
            return _point(_sv(nums, pre, key))
        if not nums:
            return list(EVERYTHING)
        return [Interval((_sv(nums, None, key), True), (_sv_floor(_bump(nums, len(nums) - 1), key), False))]
    if not nums:  # ">=*" and friends
        return list(EVERYTHING) if op in (">=", "<=") else []
    exact = len(nums) == 3
    if op == ">=":
        return [Interval((_sv(nums, pre, key), True), None)]
    if op == ">":
        if exact:
            return [Interval((_sv(nums, pre, key), False), None)]
        return [Interval((_sv_floor(_bump(nums, len(nums) - 1), key), True), None)]
    if op == "<":
        return [Interval(None, ((_sv(nums, pre, key) if exact else _sv_floor(nums, key)), False))]
    if op == "<=":
        if exact:
            return [Interval(None, (_sv(nums, pre, key), True))]
        return [Interval(None, (_sv_floor(_bump(nums, len(nums) - 1), key), False))]
    raise _Unparseable(op)


def _caret(text: str, key: KeyFn) -> list[Interval]:
    nums, pre = _partial(text)
    if not nums:
        return list(EVERYTHING)
    lo = (_sv(nums, pre, key), True)
    # The first non-zero part among those given is the one that may not change.
    # ^0 -> <1, ^0.0 -> <0.1, ^0.0.3 -> <0.0.4
    idx = next((i for i, n in enumerate(nums) if n != 0), len(nums) - 1)
    return [Interval(lo, (_sv_floor(_bump(nums, idx), key), False))]


def _tilde(text: str, key: KeyFn) -> list[Interval]:
    nums, pre = _partial(text)
    if not nums:
        return list(EVERYTHING)
    lo = (_sv(nums, pre, key), True)
    idx = 1 if len(nums) >= 2 else 0
    return [Interval(lo, (_sv_floor(_bump(nums, idx), key), False))]


_NPM_TOKEN = _v.LazyRegex(r"\s*(\^|~>|~|>=|<=|>|<|=)?\s*([^\s]+)")
_NPM_HYPHEN = _v.LazyRegex(r"(\S+)\s+-\s+(\S+)")
_CARGO_ITEM = _v.LazyRegex(r"(\^|~|>=|<=|>|<|=)?\s*(\S+)")


def _npm_requirement(spec: str, key: KeyFn) -> list[Interval]:
    if spec in ("", "*", "latest", "x", "X"):
        if spec == "latest":
            raise _Unparseable(spec)
        return list(EVERYTHING)
    union: list[Interval] = []
    for alt in spec.split("||"):
        alt = alt.strip()
        hyphen = _NPM_HYPHEN.fullmatch(alt)
        if hyphen:
            lo_nums, lo_pre = _partial(hyphen.group(1))
            hi = _semver_comparator("<=", hyphen.group(2), key)
            lo = [Interval((_sv(lo_nums, lo_pre, key), True), None)] if lo_nums else list(EVERYTHING)
            union.extend(intersect(lo, hi))
            continue
        parts = []
        for op, text in _NPM_TOKEN.findall(alt):
            if op == "^":
                parts.append(_caret(text, key))
            elif op in ("~", "~>"):
                parts.append(_tilde(text, key))
            else:
                parts.append(_semver_comparator(op, text, key))
        union.extend(_and(parts) if parts else EVERYTHING)
    return union


def _cargo_requirement(spec: str, key: KeyFn) -> list[Interval]:
    if spec in ("", "*"):
        return list(EVERYTHING)
    parts = []
    for item in spec.split(","):
        item = item.strip()
        m = _CARGO_ITEM.fullmatch(item)
        if m is None:
            raise _Unparseable(item)
        op, text = m.group(1) or "", m.group(2)
        if op in ("", "^") and not any(c in text for c in _WILD):
            parts.append(_caret(text, key))  # Cargo: a bare version means ^version
        elif op == "~":
            parts.append(_tilde(text, key))
        else:
            parts.append(_semver_comparator(op if op != "^" else "=", text, key))
    return _and(parts)


# ---- PEP 440 (PyPI), with Poetry's ^ ~ and || on top

_PEP440_OP_SPACE = _v.LazyRegex(r"(~=|===|==|!=|<=|>=|<|>|\^|~)\s+")
_PEP440_SEP = _v.LazyRegex(r"[,\s]+")
_PEP440_CLAUSE = _v.LazyRegex(r"^(~=|===|==|!=|<=|>=|<|>|\^|~|=)?\s*(\S+)$")


def _pep_parts(text: str) -> tuple[int, list[int]]:
    parts = _v.pep440_parts(text)
    if parts is None:
        raise _Unparseable(text)
    return parts[0], list(parts[1])


def _pep_release(epoch: int, nums: Sequence[int], suffix: str = "") -> str:
    return (f"{epoch}!" if epoch else "") + ".".join(map(str, nums)) + suffix


def _pep_clause(op: str, text: str, key: KeyFn) -> list[Interval]:
    if text.endswith(".*"):
        if op not in ("==", "!=", "", "="):
            raise _Unparseable(text)
        epoch, nums = _pep_parts(text[:-2])
        prefix = [Interval((key(_pep_release(epoch, nums, ".dev0")), True),
                           (key(_pep_release(epoch, _bump(nums, len(nums) - 1), ".dev0")), False))]
        return complement(prefix) if op == "!=" else prefix
    if text == "*" and op in ("", "=", "=="):
        return list(EVERYTHING)
    parts = _v.pep440_parts(text)
    if parts is None:
        if op == "===":
            return _point(key(text))
        raise _Unparseable(text)
    epoch, nums, is_pre, is_post, has_local = parts
    k = key(text)
    if op in ("==", "===", "", "="):
        return _point(k)
    if op == "!=":
        return complement(_point(k))
    if op == ">=":
        return [Interval((k, True), None)]
    if op == "<=":
        return [Interval(None, (k, True))]
    if op == ">":
        return [Interval((k, False), None)]
    if op == "<":
        # "<V" admits no prerelease of V unless V is one itself.
        if not (is_pre or is_post or has_local):
            k = key(_pep_release(epoch, list(nums), ".dev0"))
        return [Interval(None, (k, False))]
    if op == "~=":
        if len(nums) < 2:
            raise _Unparseable(text)
        upper = _bump(list(nums[:-1]), len(nums) - 2)
        return [Interval((k, True), (key(_pep_release(epoch, upper, ".dev0")), False))]
    if op == "^":  # Poetry
        idx = next((i for i, n in enumerate(nums) if n != 0), len(nums) - 1)
        return [Interval((k, True), (key(_pep_release(epoch, _bump(list(nums), idx), ".dev0")), False))]
    if op == "~":  # Poetry
        idx = 1 if len(nums) >= 2 else 0
        return [Interval((k, True), (key(_pep_release(epoch, _bump(list(nums), idx), ".dev0")), False))]
    raise _Unparseable(op)


def _pypi_requirement(spec: str, key: KeyFn) -> list[Interval]:
    spec = spec.split(";", 1)[0].strip()  # an environment marker does not narrow versions
    if spec in ("", "*"):
        return list(EVERYTHING)
    union: list[Interval] = []
    for alt in spec.split("||"):
        # PEP 440 allows spaces inside a clause (">= 1.0"); Poetry also separates clauses by spaces.
        alt = _PEP440_OP_SPACE.sub(r"\1", alt.strip())
        parts = []
        for clause in filter(None, _PEP440_SEP.split(alt)):
            m = _PEP440_CLAUSE.match(clause)
            if m is None:
                raise _Unparseable(clause)
            parts.append(_pep_clause(m.group(1) or "", m.group(2), key))
        union.extend(_and(parts))
    return union


# ---- Maven version ranges: [1.0,2.0) (,1.0] [1.5,) [1.2.3], unions separated by commas

_MAVEN_RANGE = _v.LazyRegex(r"\s*([\[(])([^\])]*)([\])])\s*(?:,|$)")


def _maven_requirement(spec: str, key: KeyFn) -> list[Interval]:
    if not spec.startswith(("[", "(")):
        if not spec or any(c in spec for c in ",[]()"):
            raise _Unparseable(spec)
        return _point(key(spec))  # a "soft" requirement: Maven uses that version
    union: list[Interval] = []
    pos = 0
    while pos < len(spec):
        m = _MAVEN_RANGE.match(spec, pos)
        if m is None:
            raise _Unparseable(spec)
        opening, body, closing = m.groups()
        bounds = [b.strip() for b in body.split(",")]
        if len(bounds) == 1:
            if opening != "[" or closing != "]" or not bounds[0]:
                raise _Unparseable(spec)
            union.extend(_point(key(bounds[0])))
        elif len(bounds) == 2:
            lo = (key(bounds[0]), opening == "[") if bounds[0] else None
            hi = (key(bounds[1]), closing == "]") if bounds[1] else None
            union.append(Interval(lo, hi))
        else:
            raise _Unparseable(spec)
        pos = m.end()
    return union


_REQUIREMENT_PARSERS: dict[str, Callable[[str, KeyFn], list[Interval]]] = {
    "PyPI": _pypi_requirement,
    "npm": _npm_requirement,
    "crates.io": _cargo_requirement,
    "Maven": _maven_requirement,
}
