"""Reading files from an OSV export source: an http(s) base URL or a local directory.

Both follow the public bucket layout (`<base>/<Ecosystem>/all.zip`,
`<base>/ecosystems.txt`, `<base>/<Ecosystem>/modified_id.csv`,
`<base>/<Ecosystem>/<ID>.json`). HTTP downloads stream to a temporary file, check the
announced length, retry transient failures (5xx, refused or dropped connections) with
back-off, and honour ETag / Last-Modified validators. A local directory uses the
file's size and mtime as its validator, so an unchanged snapshot is not re-imported.
"""
from __future__ import annotations

import http.client
import os
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatabaseError

TIMEOUT_S = 60.0
# Pauses before each retry; tests shorten them.
RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0)
MAX_BYTES = 4 << 30
_CHUNK = 1 << 20
_USER_AGENT = "agent-immune-db-update"


@dataclass(frozen=True)
class Fetched:
    status: str                  # "ok" | "not_modified" | "missing"
    path: Path | None = None     # the content, when status == "ok"
    temporary: bool = False      # path is ours to delete
    etag: str | None = None
    last_modified: str | None = None
    size: int = 0

    def discard(self) -> None:
        if self.temporary and self.path is not None:
            self.path.unlink(missing_ok=True)


class _Transient(Exception):
    """A failure worth retrying."""


class Source:
    def __init__(self, spec: str) -> None:
        self.spec = spec
        parsed = urllib.parse.urlsplit(spec)
        self.is_http = parsed.scheme in ("http", "https")
        if parsed.scheme == "file":
            self.root: Path | None = Path(urllib.parse.unquote(parsed.path))
        elif self.is_http:
            self.root = None
        elif parsed.scheme and len(parsed.scheme) > 1:
            raise DatabaseError(f"unsupported OSV source {spec!r}: expected an http(s) URL or a directory")
        else:
            self.root = Path(spec).expanduser()
        if self.root is not None:
            if not self.root.is_dir():
                raise DatabaseError(f"OSV source directory {self.root} does not exist")
            # Recorded with the import and compared next time: make it independent of the cwd.
            self.root = self.root.resolve()
            self.spec = str(self.root)

    def location(self, rel: str) -> str:
        if self.is_http:
            return self.spec.rstrip("/") + "/" + urllib.parse.quote(rel)
        assert self.root is not None
        return str(self.root / rel)

    def fetch(self, rel: str, dest_dir: Path, *, etag: str | None = None,
              last_modified: str | None = None) -> Fetched:
        """Fetch `rel`; with validators, "not_modified" when the source has not changed it."""
        if not self.is_http:
            return self._fetch_local(rel, etag)
        return self._fetch_http(rel, dest_dir, etag, last_modified)

    def read(self, rel: str, dest_dir: Path, *, etag: str | None = None,
             last_modified: str | None = None) -> tuple[Fetched, bytes | None]:
        """Like fetch, for small files: the content in memory."""
        got = self.fetch(rel, dest_dir, etag=etag, last_modified=last_modified)
        if got.status != "ok" or got.path is None:
            return got, None
        try:
            return got, got.path.read_bytes()
        except OSError as exc:
            raise DatabaseError(f"cannot read {self.location(rel)}: {exc.strerror}") from None
        finally:
            got.discard()

    # ------------------------------------------------------------------ local directory

    def _fetch_local(self, rel: str, etag: str | None) -> Fetched:
        path = self.root / rel  # type: ignore[operator]
        try:
            st = path.stat()
        except FileNotFoundError:
            return Fetched("missing")
        except OSError as exc:
            raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
        validator = f'"{st.st_size}-{st.st_mtime_ns}"'
        if etag is not None and etag == validator:
            return Fetched("not_modified", etag=validator)
        return Fetched("ok", path=path, etag=validator, size=st.st_size)

    # ------------------------------------------------------------------ HTTP

    def _fetch_http(self, rel: str, dest_dir: Path, etag: str | None, last_modified: str | None) -> Fetched:
        url = self.location(rel)
        headers = {"User-Agent": _USER_AGENT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        last_error = ""
        for attempt in range(len(RETRY_DELAYS) + 1):
            if attempt:
                time.sleep(RETRY_DELAYS[attempt - 1])
            try:
                return self._get_once(url, headers, dest_dir)
            except _Transient as exc:
                last_error = str(exc)
        raise DatabaseError(f"download of {url} failed after {len(RETRY_DELAYS) + 1} attempts: {last_error}")

    def _get_once(self, url: str, headers: dict[str, str], dest_dir: Path) -> Fetched:
        request = urllib.request.Request(url, headers=headers)
        try:
            response = urllib.request.urlopen(request, timeout=TIMEOUT_S)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return Fetched("not_modified", etag=headers.get("If-None-Match"),
                               last_modified=headers.get("If-Modified-Since"))
            if exc.code in (404, 410):
                return Fetched("missing")
            if exc.code >= 500 or exc.code == 429:
                raise _Transient(f"HTTP {exc.code} {exc.reason}") from None
            raise DatabaseError(f"download of {url} refused: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise _Transient(f"connection failed ({reason})") from None
        with response:
            length_header = response.headers.get("Content-Length")
            expected = int(length_header) if length_header and length_header.isdigit() else None
            if expected is not None and expected > MAX_BYTES:
                raise DatabaseError(f"{url} is {expected} bytes, more than the {MAX_BYTES} byte limit")
            fd, name = tempfile.mkstemp(prefix=".download-", dir=dest_dir)
            path = Path(name)
            received = 0
            try:
                with os.fdopen(fd, "wb") as out:
                    while True:
                        try:
                            block = response.read(_CHUNK)
                        except (http.client.IncompleteRead, OSError, socket.timeout, http.client.HTTPException) as exc:
                            raise _Transient(f"connection dropped after {received} bytes ({type(exc).__name__})") from None
                        if not block:
                            break
                        received += len(block)
                        if received > MAX_BYTES:
                            raise DatabaseError(f"{url} exceeds the {MAX_BYTES} byte limit")
                        out.write(block)
                if expected is not None and received != expected:
                    raise _Transient(f"connection dropped: received {received} of {expected} bytes")
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            return Fetched("ok", path=path, temporary=True, etag=response.headers.get("ETag"),
                           last_modified=response.headers.get("Last-Modified"), size=received)

