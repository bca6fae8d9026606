"""Per-ecosystem version order, as OSV ranges need it.

`sort_key(ecosystem, version)` returns a plain tuple (compared by Python's tuple
order, which is fast) or None when agent-immune has no order for the ecosystem; in
that case only a record's explicit `versions` list can match (see match.py).

Every key starts with a validity flag: a version the ecosystem's grammar rejects never
raises, it gets a *legacy* key `(0, parts...)` that sorts before every valid version
`(1, ...)` (the rule setuptools' LegacyVersion used). Legacy parts split the string
into runs of digits and of other characters; digit runs compare numerically and sort
after text runs.

Orders implemented (standard library only, so the scan path stays light):

* PyPI       PEP 440 (epoch, release with trailing zeros ignored, pre/post/dev, local)
* npm, crates.io, SEMVER ranges   SemVer 2.0 (prerelease identifiers, build ignored)
* Go         SemVer without the leading "v"; "+incompatible" ignored; pseudo-versions
             are ordinary prereleases so they order correctly
* Maven      Maven's ComparableVersion (qualifier aliases, "-"/"." items, trailing nulls)
* RubyGems   Gem::Version (segments split at letters; a letter makes a prerelease)
* NuGet      NuGet SemVer: up to four numeric parts, case-insensitive prerelease
* Packagist  Composer's normalisation (stability suffixes dev < alpha < beta < RC < stable < patch)
* Debian, Ubuntu   dpkg (epoch, upstream, revision; "~" sorts before everything)
* Hex, SwiftURL    SemVer 2.0; Pub: SemVer with build metadata ordered after the release
"""
from __future__ import annotations

import re
from typing import Callable

from .._lazyre import LazyRegex
from .names import base_ecosystem

Key = tuple

_CACHE_LIMIT = 200_000


# ASCII digits only: str.isdigit() also accepts "¹" and friends, which int() refuses.
_DIGITS = frozenset("0123456789")

# ---------------------------------------------------------------- legacy fallback

_LEGACY_RUNS = LazyRegex(r"[0-9]+|[^0-9.\-_+]+")


def _legacy_key(version: str) -> Key:
    parts = tuple((1, int(run), "") if run[0] in _DIGITS else (0, 0, run.lower()) for run in _LEGACY_RUNS.findall(version))
    return (0, parts)


# ---------------------------------------------------------------- PEP 440

_PEP440 = LazyRegex(
    r"""
    ^\s*v?
    (?:(?P<epoch>[0-9]+)!)?
    (?P<release>[0-9]+(?:\.[0-9]+)*)
    (?P<pre>[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre_n>[0-9]+)?)?
    (?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?))?
    (?P<dev>[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    \s*$
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)
_LOCAL_SEP = LazyRegex(r"[-_.]")
_PRE_RANK = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}


def pep440_key(version: str) -> Key:
    """Same order as packaging.version.Version, as a plain tuple.

    Sentinels are encoded as tuple prefixes: (0,) sorts before (1, ...) before (3,).
    """
    m = _PEP440.match(version)
    if m is None:
        return _legacy_key(version)
    release = [int(p) for p in m.group("release").split(".")]
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    if len(release) == 1 and release[0] == 0:
        release = [0]
    post_n = m.group("post_n1") or m.group("post_n2")
    has_post = m.group("post") is not None
    has_dev = m.group("dev") is not None
    if m.group("pre_l"):
        pre: tuple = (1, _PRE_RANK[m.group("pre_l").lower()], int(m.group("pre_n") or 0))
    elif has_dev and not has_post:
        pre = (0,)  # X.devN sorts before X.aN
    else:
        pre = (3,)
    post = (1, int(post_n or 0)) if has_post else (0,)
    dev = (0, int(m.group("dev_n") or 0)) if has_dev else (1,)
    local_s = m.group("local")
    if local_s:
        local: tuple = (1, tuple((1, int(p), "") if p.isdecimal() else (0, 0, p.lower()) for p in _LOCAL_SEP.split(local_s)))
    else:
        local = (0,)
    return (1, int(m.group("epoch") or 0), tuple(release), pre, post, dev, local)


def pep440_parts(version: str) -> tuple[int, tuple[int, ...], bool, bool, bool] | None:
    """(epoch, release, is_pre_or_dev, is_post, has_local) of a valid PEP 440 version; None if invalid."""
    m = _PEP440.match(version)
    if m is None:
        return None
    release = tuple(int(p) for p in m.group("release").split("."))
    return (
        int(m.group("epoch") or 0),
        release,
        bool(m.group("pre_l") or m.group("dev")),
        m.group("post") is not None,
        m.group("local") is not None,
    )


# ---------------------------------------------------------------- SemVer 2.0

_SEMVER = LazyRegex(
    r"^\s*[v=]?\s*(?P<major>0|[1-9]\d*|\d+)(?:\.(?P<minor>\d+))?(?:\.(?P<patch>\d+))?"
    r"(?:-(?P<pre>[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?(?:\+(?P<build>[0-9A-Za-z\-.]+))?\s*$",
    re.ASCII,
)


def _pre_ids(pre: str, fold: bool = False) -> tuple:
    # Numeric identifiers sort before alphanumeric ones; shorter lists first on a tie.
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p.lower() if fold else p) for p in pre.split(".")
    )


def semver_key(version: str) -> Key:
    """SemVer 2.0 precedence. Missing minor/patch count as 0; build metadata is ignored."""
    m = _SEMVER.match(version)
    if m is None:
        return _legacy_key(version)
    pre = m.group("pre")
    return (
        1,
        int(m.group("major")),
        int(m.group("minor") or 0),
        int(m.group("patch") or 0),
        (0, _pre_ids(pre)) if pre else (1,),
    )


def pub_key(version: str) -> Key:
    """Dart's pub_semver: SemVer, except that build metadata does order versions: a build
    sorts after the plain version, builds compared like prerelease identifiers."""
    m = _SEMVER.match(version)
    if m is None:
        return _legacy_key(version)
    build = m.group("build")
    return (*semver_key(version), (1, _pre_ids(build)) if build else (0,))


def go_key(version: str) -> Key:
    """Go module versions: SemVer, "v" optional, "+incompatible" carries no order."""
    if version.endswith("+incompatible"):
        version = version[: -len("+incompatible")]
    return semver_key(version)


# ---------------------------------------------------------------- NuGet

_NUGET = LazyRegex(
    r"^\s*v?(?P<nums>\d+(?:\.\d+){0,3})(?:-(?P<pre>[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?(?:\+[0-9A-Za-z\-.]+)?\s*$",
    re.ASCII,
)


def nuget_key(version: str) -> Key:
    """NuGet: four numeric parts (missing ones are 0), prerelease compared case-insensitively."""
    m = _NUGET.match(version)
    if m is None:
        return _legacy_key(version)
    nums = [int(p) for p in m.group("nums").split(".")]
    nums += [0] * (4 - len(nums))
    pre = m.group("pre")
    return (1, *nums, (0, _pre_ids(pre, fold=True)) if pre else (1,))


# ---------------------------------------------------------------- RubyGems

_GEM_OK = LazyRegex(r"^\s*[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*)?\s*$", re.ASCII)
_GEM_SEG = LazyRegex(r"[0-9]+|[a-zA-Z]+")
_GEM_END = (1, 0, 0)  # the implicit 0 that Gem::Version pads the shorter version with


def rubygems_key(version: str) -> Key:
    """Gem::Version#<=>: "-" means ".pre."; segments split where digits meet letters;
    trailing zeros of the numeric and of the prerelease part are dropped; a missing
    segment counts as 0, and a letter segment sorts before any number.

    To express the zero padding with plain tuple order, a real 0 carries the sign of
    the first non-zero segment after it: a 0 followed by letters is below the padding,
    a 0 followed by a positive number is above it.
    """
    if not _GEM_OK.match(version):
        return _legacy_key(version)
    parts: list = [int(s) if s.isdigit() else s for s in _GEM_SEG.findall(version.strip().replace("-", ".pre."))]
    first_str = next((i for i, p in enumerate(parts) if isinstance(p, str)), len(parts))
    release, pre = parts[:first_str], parts[first_str:]
    while release and release[-1] == 0:
        release.pop()
    while pre and pre[-1] == 0:
        pre.pop()
    canon = release + pre
    enc: list = []
    for i, p in enumerate(canon):
        if isinstance(p, str):
            enc.append((0, 0, p))
        elif p:
            enc.append((1, p, 0))
        else:
            nxt = next((q for q in canon[i + 1:] if q != 0), None)
            enc.append((1, 0, -1 if isinstance(nxt, str) else 1))
    enc.append(_GEM_END)
    return (1, tuple(enc))


# ---------------------------------------------------------------- Maven ComparableVersion

# ComparableVersion compares qualifiers by these strings: a known qualifier by its index,
# an unknown one as "7-<name>" (so after every known one, alphabetically).
_MAVEN_QUALIFIERS = ("alpha", "beta", "milestone", "rc", "snapshot", "", "sp")
_MAVEN_ALIASES = {"ga": "", "final": "", "release": "", "cr": "rc"}
_MAVEN_SHORT = {"a": "alpha", "b": "beta", "m": "milestone"}
_MAVEN_RELEASE = str(_MAVEN_QUALIFIERS.index(""))


def _maven_qualifier(text: str, followed_by_digit: bool) -> str:
    if followed_by_digit and text in _MAVEN_SHORT:
        text = _MAVEN_SHORT[text]
    text = _MAVEN_ALIASES.get(text, text)
    try:
        return str(_MAVEN_QUALIFIERS.index(text))
    except ValueError:
        return f"{len(_MAVEN_QUALIFIERS)}-{text}"


def _maven_items(version: str) -> list:
    """ComparableVersion.parseVersion: ints are ("i", n), qualifiers ("s", comparable string),
    sub-lists (after "-" or a digit/letter switch) nested Python lists."""
    version = version.lower()
    root: list = []
    stack = [root]
    cur = root
    start = 0
    is_digit = False

    def item(text: str, digit: bool, followed_by_digit: bool = False):
        return ("i", int(text)) if digit else ("s", _maven_qualifier(text, followed_by_digit))

    def push() -> list:
        sub: list = []
        cur.append(sub)
        stack.append(sub)
        return sub

    for i, c in enumerate(version):
        if c == "." or c == "-":
            cur.append(("i", 0) if i == start else item(version[start:i], is_digit))
            start = i + 1
            if c == "-":
                cur = push()
        elif c in _DIGITS:
            if not is_digit and i > start:
                cur.append(item(version[start:i], False, True))
                start = i
                cur = push()
            is_digit = True
        else:
            if is_digit and i > start:
                cur.append(item(version[start:i], True))
                start = i
                cur = push()
            is_digit = False
    if len(version) > start:
        cur.append(item(version[start:], is_digit))
    for lst in reversed(stack):
        # ListItem.normalize: drop trailing null items, looking through non-null sub-lists.
        for j in range(len(lst) - 1, -1, -1):
            it = lst[j]
            if _maven_is_null(it):
                del lst[j]
            elif not isinstance(it, list):
                break
        # The version-order spec trims nulls at every hyphen, so "1-ga-1" is "1-1": a
        # sub-list left holding only its own sub-list is that sub-list. (Not the top level:
        # "0.0.0-2021" keeps its leading list, which sorts below any number.)
        if lst is not root and len(lst) == 1 and isinstance(lst[0], list):
            lst[:] = lst[0]
    return root


def _maven_is_null(it) -> bool:
    if isinstance(it, list):
        return not it
    return it == ("i", 0) or it == ("s", _MAVEN_RELEASE)


def _maven_cmp(a, b) -> int:
    """Item.compareTo of ComparableVersion; b may be None (a missing item)."""
    if isinstance(a, list):
        if b is None:
            return _maven_cmp(a[0], None) if a else 0
        if isinstance(b, list):
            for i in range(max(len(a), len(b))):
                left = a[i] if i < len(a) else None
                right = b[i] if i < len(b) else None
                c = -_maven_cmp(right, None) if left is None else _maven_cmp(left, right)
                if c:
                    return c
            return 0
        return -1 if b[0] == "i" else 1
    kind, v = a
    if kind == "i":
        if b is None:
            return 1 if v else 0
        if isinstance(b, list) or b[0] == "s":
            return 1
        return (v > b[1]) - (v < b[1])
    other = _MAVEN_RELEASE if b is None else (None if isinstance(b, list) or b[0] == "i" else b[1])
    if other is None:
        return -1
    return (v > other) - (v < other)


class _MavenKey:
    """Parsed ComparableVersion items with its order.

    A class, not a tuple: ComparableVersion compares a missing item differently
    depending on what it meets, which plain tuple order cannot express.
    """

    __slots__ = ("items",)

    def __init__(self, items: list) -> None:
        self.items = items

    def _cmp(self, other: "_MavenKey") -> int:
        return _maven_cmp(self.items, other.items)

    def __lt__(self, other: "_MavenKey") -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: "_MavenKey") -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: "_MavenKey") -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: "_MavenKey") -> bool:
        return self._cmp(other) >= 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _MavenKey) and self._cmp(other) == 0

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"_MavenKey({self.items!r})"


def maven_key(version: str) -> Key:
    return (1, _MavenKey(_maven_items(version.strip())))


# ---------------------------------------------------------------- Packagist (Composer)

_COMPOSER = LazyRegex(
    r"^\s*v?(?P<nums>\d+(?:\.\d+){0,3})"
    r"(?:[._-]?(?P<stab>stable|beta|b|rc|alpha|a|patch|pl|p|dev)(?:[.-]?(?P<sn>\d+))?)?"
    r"(?:[.-]?dev)?\s*$",
    re.IGNORECASE | re.ASCII,
)
_COMPOSER_STAB = {"dev": 0, "alpha": 1, "a": 1, "beta": 2, "b": 2, "rc": 3, "stable": 4, "patch": 5, "pl": 5, "p": 5}


def packagist_key(version: str) -> Key:
    """Composer's VersionParser::normalize then version_compare order for normalised versions."""
    m = _COMPOSER.match(version)
    if m is None:
        return _legacy_key(version)
    nums = [int(p) for p in m.group("nums").split(".")]
    nums += [0] * (4 - len(nums))
    stab = (m.group("stab") or "stable").lower()
    dev_suffix = version.strip().lower().endswith("dev") and stab != "dev"
    rank = _COMPOSER_STAB[stab]
    return (1, tuple(nums), rank, int(m.group("sn") or 0), 0 if dev_suffix else 1)


# ---------------------------------------------------------------- Debian / Ubuntu (dpkg)

_DPKG_OK = LazyRegex(r"^(?:([0-9]+):)?([0-9][A-Za-z0-9.+~:\-]*?)(?:-([A-Za-z0-9.+~]+))?$")
_DPKG_PARTS = LazyRegex(r"([^0-9]*)([0-9]*)")
_DPKG_END = ((0,), 0)  # what an exhausted string compares as: no characters, number 0


def _dpkg_char(c: str) -> int:
    # dpkg's order of non-digit characters: "~" before the end of the string, letters
    # before every other character.
    if c == "~":
        return -1
    return ord(c) if c.isalpha() else ord(c) + 256


def _dpkg_part_key(text: str) -> tuple:
    """verrevcmp as a tuple: (non-digit run, number) pairs.

    verrevcmp compares a finished string as if it went on with empty runs and zeros
    forever. So a pair that looks exactly like that padding carries, as a third item,
    how the rest of its string compares with the padding; the terminator carries 0.
    """
    pairs = [(tuple(_dpkg_char(c) for c in nd) + (0,), int(d or 0)) for nd, d in _DPKG_PARTS.findall(text) if nd or d]
    while pairs and pairs[-1] == _DPKG_END:
        pairs.pop()
    out = []
    for i, pair in enumerate(pairs):
        tail = 0
        if pair == _DPKG_END:
            nxt = next((p for p in pairs[i + 1:] if p != _DPKG_END), None)
            tail = 0 if nxt is None else (1 if nxt > _DPKG_END else -1)
        out.append((*pair, tail))
    return (*out, (*_DPKG_END, 0))


def dpkg_key(version: str) -> Key:
    """dpkg's version comparison: epoch, then upstream and Debian revision by verrevcmp."""
    m = _DPKG_OK.match(version.strip())
    if m is None:
        return _legacy_key(version)
    epoch, upstream, revision = m.groups()
    return (1, int(epoch or 0), _dpkg_part_key(upstream), _dpkg_part_key(revision or ""))


# ---------------------------------------------------------------- dispatch

_ORDERS: dict[str, Callable[[str], Key]] = {
    "PyPI": pep440_key,
    "npm": semver_key,
    "crates.io": semver_key,
    "Go": go_key,
    "SEMVER": semver_key,  # OSV range type SEMVER, whatever the ecosystem
    "Maven": maven_key,
    "RubyGems": rubygems_key,
    "NuGet": nuget_key,
    "Packagist": packagist_key,
    "Debian": dpkg_key,
    "Ubuntu": dpkg_key,
    "Hex": semver_key,      # Elixir's Version is SemVer 2.0
    "Pub": pub_key,
    "SwiftURL": semver_key,  # Swift package versions are SemVer tags
}
_CACHES: dict[str, dict[str, Key]] = {name: {} for name in _ORDERS}


def supports(ecosystem: str) -> bool:
    """Whether range events of this ecosystem can be evaluated."""
    return base_ecosystem(ecosystem) in _ORDERS


_KEY_FUNCTIONS: dict[str, Callable[[str], Key]] = {}


def key_function(ecosystem: str) -> Callable[[str], Key] | None:
    """A cached key function for one ecosystem (None when unsupported).

    Hot loops fetch this once and call it per version, skipping the dispatch.
    """
    eco = base_ecosystem(ecosystem)
    fn = _KEY_FUNCTIONS.get(eco)
    if fn is not None:
        return fn
    order = _ORDERS.get(eco)
    if order is None:
        return None
    cache = _CACHES[eco]

    def key(version: str) -> Key:
        k = cache.get(version)
        if k is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            k = cache[version] = order(version)
        return k

    _KEY_FUNCTIONS[eco] = key
    return key


def sort_key(ecosystem: str, version: str) -> Key | None:
    """The sort key of `version` in `ecosystem`'s order, or None if unsupported."""
    fn = key_function(ecosystem)
    return None if fn is None else fn(version)


def compare(ecosystem: str, a: str, b: str) -> int:
    """-1, 0 or 1. Raises ValueError for an ecosystem without a known order."""
    fn = key_function(ecosystem)
    if fn is None:
        raise ValueError(f"no version order for ecosystem {ecosystem!r}")
    ka, kb = fn(a), fn(b)
    return (ka > kb) - (ka < kb)
