"""Fixtures for the OSV database tests: a real-record bucket and a local HTTP server serving it.

`tests/osv/data` is a small bucket of real OSV records (see its README). Tests that
change the bucket work on a copy (`bucket`). `osv_server` is a real HTTP server on
127.0.0.1 (stdlib, in a thread) serving a directory with ETag / Last-Modified / 304,
and fault injection per path: HTTP 500, a body cut short with the full Content-Length
announced (connection dropped), a truncated file sent as if complete, a slow response.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import threading
import time
import zipfile
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from agent_immune.osv import _fetch

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data home and no user config."""
    home = tmp_path / "home"
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(home))
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(tmp_path / "config.toml"))
    # Real retries, short pauses.
    monkeypatch.setattr(_fetch, "RETRY_DELAYS", (0.01, 0.02, 0.03))
    return home


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    return _isolated_home


class Bucket:
    """A writable copy of the test bucket, with helpers to publish changes like the real one."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def zip_path(self, eco: str) -> Path:
        return self.root / eco / "all.zip"

    def docs(self, eco: str) -> dict[str, dict]:
        with zipfile.ZipFile(self.zip_path(eco)) as zf:
            return {n[:-5]: json.loads(zf.read(n)) for n in zf.namelist()}

    def write_zip(self, eco: str, docs: dict[str, dict], raw: dict[str, bytes] | None = None) -> None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for rid, doc in sorted(docs.items()):
                zf.writestr(f"{rid}.json", json.dumps(doc))
            for name, data in (raw or {}).items():
                zf.writestr(name, data)
        self.zip_path(eco).write_bytes(buf.getvalue())

    def publish_csv(self, eco: str) -> None:
        """modified_id.csv (newest first) and one <ID>.json per record, as the real bucket has."""
        docs = self.docs(eco)
        for rid, doc in docs.items():
            (self.root / eco / f"{rid}.json").write_text(json.dumps(doc))
        self._write_csv(eco, docs)

    def _write_csv(self, eco: str, docs: dict[str, dict]) -> None:
        lines = sorted(((d.get("modified", ""), rid) for rid, d in docs.items()), reverse=True)
        (self.root / eco / "modified_id.csv").write_text("".join(f"{m},{rid}\n" for m, rid in lines))

    def put(self, eco: str, doc: dict) -> None:
        """Add or replace a record everywhere the bucket publishes it."""
        docs = self.docs(eco)
        docs[doc["id"]] = doc
        self.write_zip(eco, docs)
        if (self.root / eco / "modified_id.csv").exists():
            (self.root / eco / f"{doc['id']}.json").write_text(json.dumps(doc))
            self._write_csv(eco, docs)

    def delete(self, eco: str, rid: str) -> None:
        docs = self.docs(eco)
        del docs[rid]
        self.write_zip(eco, docs)
        (self.root / eco / f"{rid}.json").unlink(missing_ok=True)
        if (self.root / eco / "modified_id.csv").exists():
            self._write_csv(eco, docs)


@pytest.fixture
def bucket(tmp_path: Path) -> Bucket:
    root = tmp_path / "bucket"
    shutil.copytree(DATA, root)
    return Bucket(root)


class _Handler(BaseHTTPRequestHandler):
    server: "OsvServer"

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        srv = self.server
        rel = self.path.split("?", 1)[0].lstrip("/")
        from urllib.parse import unquote

        rel = unquote(rel)
        with srv.lock:
            srv.log.append((rel, dict(self.headers)))
            queue = srv.faults.get(rel)
            fault = queue.pop(0) if queue else srv.always.get(rel)
        if fault == "slow":
            time.sleep(0.4)
            fault = None
        if fault == "500":
            self.send_error(500, "injected failure")
            return
        path = srv.root / rel
        if ".." in Path(rel).parts or not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        mtime = path.stat().st_mtime
        if srv.no_etag:
            etag = ""
        elif self.headers.get("If-None-Match") == etag:
            self._not_modified(etag)
            return
        ims = self.headers.get("If-Modified-Since")
        if ims and not self.headers.get("If-None-Match"):
            try:
                if int(mtime) <= parsedate_to_datetime(ims).timestamp():
                    self._not_modified(etag)
                    return
            except (TypeError, ValueError):
                pass
        if fault == "truncate":
            body = body[: len(body) // 2]
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.end_headers()
        if fault == "drop":
            # Announce the full length, send part of it, hang up.
            self.wfile.write(body[: len(body) // 3])
            self.wfile.flush()
            self.close_connection = True
            import socket

            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body)

    def _not_modified(self, etag: str) -> None:
        self.send_response(304)
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()


class OsvServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.lock = threading.Lock()
        self.log: list[tuple[str, dict]] = []
        self.faults: dict[str, list[str]] = {}   # path -> faults for the next requests
        self.always: dict[str, str] = {}         # path -> fault on every request
        self.no_etag = False                     # answer with Last-Modified only

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requested(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.log]


@pytest.fixture
def osv_server(bucket: Bucket) -> Iterator[OsvServer]:
    server = OsvServer(bucket.root)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def write_config(tmp_path: Path, **immune: object) -> Path:
    """Write the $AGENT_IMMUNE_CONFIG file the autouse fixture points at."""
    lines = ["[immune]"]
    for key, value in immune.items():
        lines.append(f"{key} = {json.dumps(value)}")
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path
