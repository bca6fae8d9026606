"""Git commit of a dependency resolved from a repository, shared by the npm-family lockfiles.

npm, yarn and pnpm record git dependencies as URLs in several shapes (`git+ssh://...#sha`,
`github:owner/repo#sha`, yarn berry's `...#commit=sha`, a host's tarball download
`.../tar.gz/sha`, an archive with `?ref=sha`). The commit is what OSV's git ranges match,
so it is worth recovering from all of them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

# Compiled on first use (_compiled): most lockfiles hold no git dependency at all, and
# compiling these at import is start-up time of every scan.
_SOURCES = (
    # ssh://, git://, git+ssh://, git+https:// (optionally preceded by "name@")
    r"(?:^|.+@)(?:git(?:\+(?:ssh|https))?|ssh)://.+#(\w+)$",
    # https://....git#sha
    r"(?:^|.+@)https://.+\.git#(\w+)$",
    # a code host's tarball-download endpoint: https://codeload.<host>/owner/repo/tar.gz/sha
    r"https://codeload\.[\w.-]+(?:/[\w.-]+){2}/tar\.gz/(\w+)$",
    # yarn berry: ...#commit=sha or #commit:sha
    r".+#commit[:=](\w+)$",
    # npm's host shorthands: github:owner/repo#sha, gitlab:..., bitbucket:...
    r"^(?:github|gitlab|bitbucket):.+#(\w+)$",
)
_SHA = r"[0-9a-fA-F]{7,40}"
# A registry tarball's fragment is its integrity hash (hex sha1 too), never a commit.
_ARCHIVE_SUFFIXES = (".tgz", ".tar.gz", ".tar", ".zip")


@lru_cache(maxsize=None)
def _compiled() -> tuple[tuple[re.Pattern, ...], re.Pattern]:
    return tuple(re.compile(p) for p in _SOURCES), re.compile(_SHA)


def try_extract_commit(resolution: str | None) -> str | None:
    """The commit a resolved URL points at, or None."""
    if not resolution or ("#" not in resolution and "/tar.gz/" not in resolution and "ref=" not in resolution):
        return None  # the common registry case, decided without a regex
    patterns, sha = _compiled()
    for pattern in patterns:
        m = pattern.search(resolution)
        if m:
            return m.group(1)
    try:
        url = urlsplit(resolution)
    except ValueError:
        return None
    if url.scheme not in ("http", "https") or not url.netloc:
        return None
    if url.query:
        ref = parse_qs(url.query).get("ref")
        return ref[0] if ref and sha.fullmatch(ref[0]) else None
    if url.fragment and sha.fullmatch(url.fragment) and not url.path.endswith(_ARCHIVE_SUFFIXES):
        return url.fragment
    return None
