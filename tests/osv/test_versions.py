"""Per-ecosystem version order: corner cases, agreement with packaging, SemVer properties."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.version import InvalidVersion, Version

from agent_immune.osv import versions
from agent_immune.osv.versions import compare, sort_key, supports

RECORDS = Path(__file__).parent / "records"


def ordered(eco: str, seq: list[str]) -> None:
    for i, a in enumerate(seq):
        for b in seq[i + 1:]:
            assert compare(eco, a, b) == -1, (a, b)
            assert compare(eco, b, a) == 1, (b, a)


# ------------------------------------------------------------------ PEP 440

def test_pep440_corner_cases():
    ordered("PyPI", [
        "0.9", "1.0.dev0", "1.0.dev1", "1.0a1.dev1", "1.0a1", "1.0a2", "1.0b1", "1.0rc1",
        "1.0", "1.0+local.1", "1.0+local.2", "1.0.post1.dev1", "1.0.post1", "1.0.1", "1.1", "1!0.1",
    ])


@pytest.mark.parametrize("a,b", [
    ("1.0", "1.0.0"), ("1.0", "1"), ("1.0alpha1", "1.0a1"), ("1.0-rc-1", "1.0rc1"),
    ("1.0-1", "1.0.post1"), ("v1.0", "1.0"), ("1.0.RC1", "1.0rc1"), ("0!1.0", "1.0"),
])
def test_pep440_equivalent_spellings(a, b):
    assert compare("PyPI", a, b) == 0


def test_pep440_invalid_versions_sort_first_and_never_raise():
    for bad in ("not-a-version", "", "1.0-beta-gamma", "$$$", "2024.01.01-nightly"):
        key = sort_key("PyPI", bad)
        assert key[0] == 0
        assert compare("PyPI", bad, "0.0.0.dev0") == -1
    assert compare("PyPI", "junk-1", "junk-2") == -1  # legacy order compares digit runs numerically
    assert compare("PyPI", "junk-10", "junk-9") == 1


_pep_release = st.lists(st.integers(0, 12), min_size=1, max_size=4).map(lambda xs: ".".join(map(str, xs)))
_pep_version = st.builds(
    lambda epoch, rel, pre, post, dev, local: f"{epoch}{rel}{pre}{post}{dev}{local}",
    st.sampled_from(["", "", "1!", "2!"]),
    _pep_release,
    st.sampled_from(["", "a1", "b2", "rc1", "a0", ".alpha3", "-rc.2", "c1", "pre1"]),
    st.sampled_from(["", ".post1", "-2", ".post0", "post3", ".rev1"]),
    st.sampled_from(["", ".dev0", ".dev3", "dev1"]),
    st.sampled_from(["", "+abc", "+1.2", "+abc.5", "+7", "+ubuntu-1"]),
)


@settings(max_examples=400, deadline=None)
@given(_pep_version, _pep_version)
def test_pep440_matches_packaging(a, b):
    va, vb = Version(a), Version(b)
    expected = (va > vb) - (va < vb)
    assert compare("PyPI", a, b) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(_pep_version, st.text(max_size=12)), st.one_of(_pep_version, st.text(max_size=12)),
       st.one_of(_pep_version, st.text(max_size=12)))
def test_pep440_total_order_on_any_string(a, b, c):
    ka, kb, kc = (sort_key("PyPI", x) for x in (a, b, c))
    # comparable, antisymmetric, transitive
    assert (ka < kb) + (ka == kb) + (ka > kb) == 1
    if ka <= kb <= kc:
        assert ka <= kc
    # invalid (per packaging) sorts before valid
    try:
        Version(a)
        valid_a = True
    except InvalidVersion:
        valid_a = False
    if not valid_a:
        assert ka[0] == 0


# ------------------------------------------------------------------ SemVer (npm, crates.io)

def test_semver_spec_precedence_example():
    # The example chain from the SemVer 2.0.0 specification, section 11.
    ordered("npm", ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                    "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"])
    ordered("crates.io", ["0.9.9", "0.10.0-0", "0.10.0", "0.10.1", "1.0.0-1", "1.0.0-a"])


def test_semver_build_metadata_ignored():
    assert compare("npm", "1.0.0+build.1", "1.0.0+other") == 0
    assert compare("crates.io", "1.0.0+x", "1.0.0") == 0


def _ref_semver_cmp(a: tuple, b: tuple) -> int:
    """Reference precedence written straight from the SemVer 2.0.0 spec text."""
    if a[:3] != b[:3]:
        return -1 if a[:3] < b[:3] else 1
    pa, pb = a[3], b[3]
    if pa == pb:
        return 0
    if not pa:
        return 1
    if not pb:
        return -1
    for x, y in zip(pa, pb):
        if x == y:
            continue
        xn, yn = x.isdigit(), y.isdigit()
        if xn and yn:
            return -1 if int(x) < int(y) else 1
        if xn != yn:
            return -1 if xn else 1
        return -1 if x < y else 1
    return -1 if len(pa) < len(pb) else (1 if len(pa) > len(pb) else 0)


_ident = st.one_of(st.integers(0, 20).map(str), st.sampled_from(["alpha", "beta", "rc", "x-y", "A", "a1", "0a"]))
_semver = st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3), st.lists(_ident, max_size=3).map(tuple))


@settings(max_examples=400, deadline=None)
@given(_semver, _semver)
def test_semver_matches_spec(a, b):
    def text(v):
        return f"{v[0]}.{v[1]}.{v[2]}" + ("-" + ".".join(v[3]) if v[3] else "")

    assert compare("npm", text(a), text(b)) == _ref_semver_cmp(a, b)


# ------------------------------------------------------------------ Go

def test_go_pseudo_versions_and_incompatible():
    ordered("Go", [
        "0.0.0-20160722212129-ac0cc4484ad4", "0.0.0-20200131131040-063a3fb69896", "0.1.0",
        "1.2.3", "1.2.4-0.20191109021931-daa7c04131f5", "1.2.4-pre", "1.2.4",
    ])
    assert compare("Go", "2.7.0-rc.0+incompatible", "2.7.0-rc.0") == 0
    assert compare("Go", "2.6.2+incompatible", "2.7.0-rc.0+incompatible") == -1
    assert compare("Go", "v1.2.3", "1.2.3") == 0


def test_go_real_record_event_order():
    rec = json.loads((RECORDS / "GO-2020-0004.json").read_text())
    events = rec["affected"][0]["ranges"][0]["events"]
    assert compare("Go", events[0]["introduced"], events[1]["fixed"]) == -1


# ------------------------------------------------------------------ Maven, RubyGems, NuGet, Packagist

def test_maven_comparable_version_orders():
    # Qualifier order and number order chains from Maven's ComparableVersion documentation/tests.
    ordered("Maven", ["1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11",
                      "1-rc", "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc",
                      "1-def", "1-pom-1", "1-1-snapshot", "1-1", "1-2", "1-123"])
    ordered("Maven", ["2.0", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1",
                      "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a",
                      "11b", "11c", "11m"])
    for a, b in [("1", "1.0.0"), ("1.0-ga", "1"), ("1.0.0.Final", "1.0"), ("1a1", "1-alpha-1"), ("1cr1", "1rc1"),
                 ("1-1", "1-ga-1"), ("1-foo", "1.0.0-foo.0.0"), ("1", "1.0.0-0.0.0"), ("1.1", "1.01"), ("1", "1-")]:
        assert compare("Maven", a, b) == 0, (a, b)
    # nulls are trimmed at every hyphen, but a leading hyphen list still sorts below a number
    assert compare("Maven", "0.0.0-2021-05-17T01-01-51-5ec03a8b", "20.0.0") == -1
    assert compare("Maven", "6.1.0rc3", "6.1H.5-beta") == -1
    assert compare("Maven", "20190126.230843", "1234567890.12345") == -1


def test_rubygems_gem_version_orders():
    cases = [("1.0", "1.0.0", 0), ("1.0", "1.0.a", 1), ("1.8.2", "1.8.2.a", 1), ("1.8.2.b", "1.8.2.a", 1),
             ("1.8.2.a10", "1.8.2.a9", 1), ("0.beta.1", "0.0.beta.1", 0), ("0.0.beta", "0.0.beta.1", -1),
             ("5.a", "5.0.0.rc2", -1), ("5.x", "5.0.0.rc2", 1), ("1.0-pre", "1.0", -1), ("1.a.0.b", "1.a", -1),
             ("1.a.0.1", "1.a", 1)]
    for a, b, want in cases:
        assert compare("RubyGems", a, b) == want, (a, b)


def test_nuget_four_parts_and_case_insensitive_prerelease():
    assert compare("NuGet", "1.0", "1.0.0.0") == 0
    assert compare("NuGet", "1.0.0-BETA", "1.0.0-beta") == 0
    ordered("NuGet", ["1.0.0-alpha", "1.0.0-Beta.2", "1.0.0-beta.10", "1.0.0", "1.0.0.1", "1.0.1"])


def test_packagist_stability_order():
    ordered("Packagist", ["1.0.0-dev", "1.0.0-alpha1", "1.0.0-beta", "1.0.0-beta2", "1.0.0-RC1", "1.0.0",
                          "1.0.0-p1", "1.0.1", "v1.1"])
    assert compare("Packagist", "1.0", "1.0.0.0") == 0


@pytest.mark.parametrize("eco", ["Maven", "RubyGems", "NuGet", "Packagist", "npm", "crates.io", "Go", "PyPI"])
def test_real_record_events_are_ordered(eco):
    """In every real record of the ecosystem, introduced < fixed within a range pair."""
    seen = 0
    for path in sorted(RECORDS.glob("*.json")):
        rec = json.loads(path.read_text())
        for entry in rec.get("affected", ()):
            if entry["package"]["ecosystem"].split(":")[0] != eco:
                continue
            for rng in entry.get("ranges", ()):
                if rng["type"] != "ECOSYSTEM":
                    continue
                evs = rng["events"]
                for prev, nxt in zip(evs, evs[1:]):
                    if "introduced" in prev and "fixed" in nxt and prev["introduced"] != "0":
                        assert compare(eco, prev["introduced"], nxt["fixed"]) == -1, (path.name, prev, nxt)
                        seen += 1
    assert seen or eco in ("npm", "crates.io", "Go", "PyPI")


def _ref_verrevcmp(a: str, b: str) -> int:
    """dpkg's verrevcmp, transcribed from its C loop (reference for the property test)."""
    def order(c):
        if c.isdigit():
            return 0
        if c.isalpha():
            return ord(c)
        if c == "~":
            return -1
        return ord(c) + 256 if c else 0

    i = j = 0
    while i < len(a) or j < len(b):
        first_diff = 0
        while (i < len(a) and not a[i].isdigit()) or (j < len(b) and not b[j].isdigit()):
            ac = order(a[i]) if i < len(a) else 0
            bc = order(b[j]) if j < len(b) else 0
            if ac != bc:
                return -1 if ac < bc else 1
            i += 1
            j += 1
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        while i < len(a) and a[i].isdigit() and j < len(b) and b[j].isdigit():
            if not first_diff:
                first_diff = ord(a[i]) - ord(b[j])
            i += 1
            j += 1
        if i < len(a) and a[i].isdigit():
            return 1
        if j < len(b) and b[j].isdigit():
            return -1
        if first_diff:
            return -1 if first_diff < 0 else 1
    return 0


def _ref_dpkg(a: str, b: str) -> int:
    def split(v):
        epoch, _, rest = v.rpartition(":") if ":" in v else ("0", "", v)
        up, sep, rev = rest.rpartition("-")
        return int(epoch), (up if sep else rest), (rev if sep else "")
    ea, ua, ra = split(a)
    eb, ub, rb = split(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _ref_verrevcmp(ua, ub) or _ref_verrevcmp(ra, rb)


_dpkg_piece = st.sampled_from(["0", "1", "2", "10", "01", "a", "b", "z", "+", ".", "~", "~~", "dfsg", "deb9u", "+b1"])
_dpkg = st.builds(
    lambda e, up, rev: (f"{e}:" if e else "") + "1" + "".join(up) + ("-" + "".join(rev) if rev else ""),
    st.sampled_from([0, 0, 1]), st.lists(_dpkg_piece, max_size=5), st.lists(_dpkg_piece, max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(_dpkg, _dpkg)
def test_dpkg_matches_verrevcmp(a, b):
    assert compare("Debian", a, b) == _ref_dpkg(a, b)


def test_dpkg_corner_cases():
    ordered("Debian", ["1.0~~", "1.0~", "1.0~rc1", "1.0", "1.0-1~bpo1", "1.0-1", "1.0-1+deb9u1", "1.0a", "1.0+",
                       "1.0.0", "1:0.1"])
    assert compare("Ubuntu", "1.0", "1.0-0") == 0
    # real record bounds (DLA-3008-1)
    assert compare("Debian:9", "1.1.0f-3+deb9u2", "1.1.0l-1~deb9u6") == -1


def test_hex_pub_swift_orders():
    ordered("Hex", ["1.0.0-alpha", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0"])
    assert compare("Hex", "1.0.0+build", "1.0.0") == 0
    # pub_semver orders builds after the release, and among themselves
    ordered("Pub", ["1.0.0-dev", "1.0.0", "1.0.0+1", "1.0.0+2", "1.0.0+10", "1.0.1"])
    rec = json.loads((RECORDS / "GHSA-qppj-fm5r-hxr3.json").read_text())
    (entry,) = [a for a in rec["affected"] if a["package"]["ecosystem"] == "SwiftURL"]
    assert compare("SwiftURL", "1.27.9", entry["ranges"][0]["events"][1]["fixed"]) == -1


def test_unknown_ecosystem_has_no_order():
    assert not supports("Alpine:v3.18")
    assert sort_key("Hackage", "1.0.0") is None
    with pytest.raises(ValueError):
        compare("Alpine", "1", "2")
    assert supports("PyPI") and supports("Go") and supports("Debian:12")


def test_key_function_is_cached():
    fn = versions.key_function("npm")
    assert fn("1.2.3") is fn("1.2.3")


_ORDERED = ["PyPI", "npm", "crates.io", "Go", "Maven", "RubyGems", "NuGet", "Packagist", "Debian", "Pub"]
_versionish = st.one_of(
    st.text(max_size=14),
    st.text(alphabet="0123456789.-+~_:abcrv", max_size=14),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_ORDERED), _versionish, _versionish, _versionish)
def test_every_order_is_total_on_any_string(eco, a, b, c):
    """No input raises, and keys form a total order (comparable, antisymmetric, transitive).

    Maven is exempt from transitivity: ComparableVersion itself is not transitive on odd
    strings ("" < ":" < "0A0" < ""), and we follow it rather than invent an order."""
    ka, kb, kc = (sort_key(eco, x) for x in (a, b, c))
    assert (ka < kb) + (ka == kb) + (ka > kb) == 1
    assert compare(eco, a, b) == -compare(eco, b, a)
    if eco != "Maven" and compare(eco, a, b) <= 0 and compare(eco, b, c) <= 0:
        assert compare(eco, a, c) <= 0


def test_maven_follows_comparable_version_even_where_it_is_not_transitive():
    assert compare("Maven", "", ":") == -1
    assert compare("Maven", ":", "0A0") == -1
    assert compare("Maven", "0A0", "") == -1


def test_orders_agree_with_real_versions_lists():
    """OSV fills an entry's `versions` by enumerating the registry's versions inside its
    ranges, so every listed version must fall inside the ranges in our order. Checked on
    the ~26,000 listed versions of the conformance corpus (Maven, PyPI, Packagist,
    RubyGems, NuGet, Debian)."""
    import zipfile
    from collections import Counter

    from agent_immune.osv.match import _range_key_fn, dicts, range_intervals

    checked: Counter = Counter()
    outside = set()
    with zipfile.ZipFile(RECORDS / "conformance" / "records.zip") as zf:
        for name in zf.namelist():
            rec = json.loads(zf.read(name))
            for entry in rec["affected"]:
                eco = entry.get("package", {}).get("ecosystem", "").split(":")[0]
                ranges = [(fn, range_intervals(r, fn)) for r in dicts(entry.get("ranges"))
                          for fn in [_range_key_fn(r.get("type"), eco)] if fn]
                if not ranges:
                    continue
                for v in entry.get("versions", ()):
                    checked[eco] += 1
                    if not any(iv.contains(fn(v)) for fn, ivs in ranges for iv in ivs):
                        outside.add((rec["id"], v))
    assert checked["Maven"] > 16000 and checked["PyPI"] > 7000 and checked["Packagist"] > 1000
    assert checked["RubyGems"] > 400 and checked["NuGet"] > 100 and checked["Debian"] > 60
    # The one disagreement is in the data: PYSEC-2023-61 lists 3.2a1 and 4.2rc1 although
    # its ranges start at 3.2 and 4.2 (a prerelease sorts before its release in PEP 440).
    assert outside == {("PYSEC-2023-61", v) for v in ("3.2a1", "3.2b1", "3.2rc1", "4.2a1", "4.2b1", "4.2rc1")}
