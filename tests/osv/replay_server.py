"""A loopback OSV API that replays recorded exchanges (tests/osv/api_replay/).

Each recorded querybatch is indexed per query, so any batching of the same queries gets
the recorded answers. `GET /v1/vulns/{id}` answers from the recorded GETs and from
records.jsonl, 404 otherwise. Faults (status codes to return first), pagination and a
per-request delay can be switched on to exercise the client's retry and paging logic.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "api_replay"


def _key(query: dict) -> str:
    q = {"package": query.get("package"), **({"version": query["version"]} if "version" in query else {})}
    if "commit" in query:
        q = {"commit": query["commit"]}
    return json.dumps(q, sort_keys=True, separators=(",", ":"))


class ReplayState:
    def __init__(self) -> None:
        self.answers: dict[str, list[dict]] = {}
        self.records: dict[str, dict] = {}
        for name in ("interactions.jsonl", "interactions-2025-08-vulns-by-id.jsonl"):
            for line in (DATA / name).read_text().splitlines():
                d = json.loads(line)
                if d["method"] == "POST":
                    for q, r in zip(d["request_body"]["queries"], d["response_body"]["results"]):
                        self.answers.setdefault(_key(q), r.get("vulns", []))
                elif d["status"] == 200:
                    self.records[d["path"].rsplit("/", 1)[1]] = d["response_body"]
        for line in (DATA / "records.jsonl").read_text().splitlines():
            r = json.loads(line)
            self.records.setdefault(r["id"], r)
        self.log: list[tuple[str, str, dict | None]] = []
        self.unknown_queries: list[dict] = []
        self.fail_next: list[int] = []
        self.page_size: int | None = None
        self.delay_s = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    state: ReplayState

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: object) -> None:
        # The request stops counting as in flight before its answer goes out: a client may
        # send its next request as soon as it has read this one, before this thread runs on.
        self._leave()
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 429:
            self.send_header("Retry-After", "0")
        self.end_headers()
        self.wfile.write(data)

    def _enter(self, body: dict | None) -> int | None:
        self._left = False
        s = self.state
        with s.lock:
            s.log.append((self.command, self.path, body))
            s.in_flight += 1
            s.max_in_flight = max(s.max_in_flight, s.in_flight)
            fault = s.fail_next.pop(0) if s.fail_next else None
        if s.delay_s:
            time.sleep(s.delay_s)
        return fault

    def _leave(self) -> None:
        if getattr(self, "_left", False):
            return
        self._left = True
        with self.state.lock:
            self.state.in_flight -= 1

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        fault = self._enter(body)
        try:
            if fault:
                return self._send(fault, {"code": fault, "message": "injected"})
            if self.path != "/v1/querybatch":
                return self._send(404, {"message": "not found"})
            results = []
            for q in body.get("queries", []):
                vulns = self.state.answers.get(_key(q))
                if vulns is None:
                    self.state.unknown_queries.append(q)
                    vulns = []
                size = self.state.page_size
                if size:
                    start = int(q.get("page_token") or 0)
                    page = vulns[start:start + size]
                    result = {"vulns": page} if page else {}
                    if start + size < len(vulns):
                        result["next_page_token"] = str(start + size)
                    results.append(result)
                else:
                    results.append({"vulns": vulns} if vulns else {})
            self._send(200, {"results": results})
        finally:
            self._leave()

    def do_GET(self) -> None:
        fault = self._enter(None)
        try:
            if fault:
                return self._send(fault, {"code": fault, "message": "injected"})
            vid = self.path.rsplit("/", 1)[1]
            record = self.state.records.get(vid) if self.path.startswith("/v1/vulns/") else None
            if record is None:
                return self._send(404, {"code": 5, "message": "Bug not found."})
            self._send(200, record)
        finally:
            self._leave()


class ReplayServer:
    def __init__(self) -> None:
        self.state = ReplayState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "ReplayServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
