"""The firecracker backend against Firecracker's own API description.

No Firecracker can run here, so the backend is checked against its contract: a local
unix-socket HTTP server records every request the backend sends; each must name a
path and method the Swagger document defines, carry a body that validates against the
operation's schema (Firecracker rejects unknown fields, so objects are closed), and
come in the order Firecracker needs (configuration before InstanceStart, InstanceStart
last and once).
"""
from __future__ import annotations

import copy
import json
import re
import socketserver
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from agent_immune.errors import SandboxUnavailable
from agent_immune.sandbox.microvm import firecracker
from agent_immune.sandbox.microvm.image import Image
from agent_immune.sandbox.policy import Policy

SPEC = yaml.safe_load((Path(__file__).parent / "firecracker-api" / "firecracker.yaml").read_text())


def _close_objects(schema: Any) -> Any:
    """Swagger 2.0 schema -> JSON Schema draft 4, with objects closed like Firecracker's serde."""
    if isinstance(schema, dict):
        out = {k: _close_objects(v) for k, v in schema.items() if not k.startswith("x-")}
        if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_close_objects(v) for v in schema]
    return schema


DEFINITIONS = _close_objects(copy.deepcopy(SPEC["definitions"]))


def _operation(method: str, path: str) -> tuple[dict[str, Any], dict[str, str]]:
    for template, item in SPEC["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        pattern = "^" + re.sub(r"{\w+}", "([^/]+)", template) + "$"
        m = re.match(pattern, path)
        if m and method.lower() in item:
            return item[method.lower()], dict(zip(names, m.groups()))
    raise AssertionError(f"{method} {path} is not in Firecracker's API description")


def validate_request(method: str, path: str, body: bytes) -> None:
    op, path_params = _operation(method, path)
    body_params = [p for p in op.get("parameters", []) if p["in"] == "body"]
    assert body_params, f"{method} {path} takes no body"
    schema = {"definitions": DEFINITIONS, **_close_objects(body_params[0]["schema"])}
    jsonschema.Draft4Validator(schema).validate(json.loads(body))
    for name, value in path_params.items():
        # Firecracker refuses a body whose id differs from the one in the path.
        doc = json.loads(body)
        if name in doc:
            assert doc[name] == value


class _Recorder(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, refuse: str | None = None) -> None:
        self.requests: list[tuple[str, str, bytes]] = []
        self.refuse = refuse
        super().__init__(path, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Recorder

    def address_string(self) -> str:  # unix sockets have no peer address
        return "local"

    def log_message(self, *args: Any) -> None:
        pass

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append(("PUT", self.path, body))
        if self.server.refuse and self.path == self.server.refuse:
            payload = json.dumps({"fault_message": "The kernel file cannot be opened"}).encode()
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def recorder(tmp_path):
    servers = []

    def start(refuse: str | None = None) -> _Recorder:
        server = _Recorder(str(tmp_path / "api.sock"), refuse)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


IMAGE = Image(id="x", kernel="/images/vmlinux", initramfs="/images/initramfs.cpio", kernel_key="k",
              initramfs_key="i")


def _spec(policy: Policy, vsock: str | None = None) -> firecracker.VmSpec:
    drives = [firecracker.Drive("job", "/run/job.img", True), firecracker.Drive("rootfs", "/images/rootfs.ext4", True),
              firecracker.Drive("work", "/run/work.img", False)]
    spec = firecracker.spec_for(policy, IMAGE, drives)
    return spec if vsock is None else firecracker.VmSpec(**{**spec.__dict__, "vsock_uds": vsock})


@pytest.mark.parametrize("cpus,memory", [(1.0, 512 * 1024 * 1024), (3.0, 2 * 1024 ** 3), (0.5, 256 * 1024 * 1024)])
def test_every_request_validates_in_order(recorder, tmp_path, cpus, memory):
    server = recorder()
    policy = Policy(level="firecracker", cpus=cpus, memory_bytes=memory)
    firecracker.configure_and_start(firecracker.ApiClient(str(tmp_path / "api.sock")), _spec(policy))
    paths = [path for _, path, _ in server.requests]
    assert paths == ["/boot-source", "/drives/job", "/drives/rootfs", "/drives/work", "/machine-config", "/actions"]
    for method, path, body in server.requests:
        validate_request(method, path, body)
    bodies = [json.loads(b) for _, _, b in server.requests]
    assert bodies[-1] == {"action_type": "InstanceStart"}
    machine = bodies[4]
    assert machine["mem_size_mib"] == memory // (1024 * 1024)
    assert machine["vcpu_count"] == 1 or machine["vcpu_count"] % 2 == 0
    assert machine["vcpu_count"] >= cpus
    boot = bodies[0]
    assert boot["kernel_image_path"] == IMAGE.kernel and boot["initrd_path"] == IMAGE.initramfs
    assert "reboot=k" in boot["boot_args"]  # how the guest makes Firecracker exit
    assert [b["is_read_only"] for b in bodies[1:4]] == [True, True, False]
    assert not any(b["is_root_device"] for b in bodies[1:4])


def test_optional_vsock_comes_before_start(recorder, tmp_path):
    server = recorder()
    firecracker.configure_and_start(firecracker.ApiClient(str(tmp_path / "api.sock")),
                                    _spec(Policy(level="firecracker"), vsock=str(tmp_path / "v.sock")))
    paths = [path for _, path, _ in server.requests]
    assert paths[-2:] == ["/vsock", "/actions"]
    for request in server.requests:
        validate_request(*request)


def test_the_validator_rejects_what_firecracker_would():
    # The contract check itself must be able to fail: an unknown field, a wrong type,
    # a missing required field, an unknown path, a wrong method.
    with pytest.raises(jsonschema.ValidationError):
        validate_request("PUT", "/machine-config", b'{"vcpu_count": 1, "mem_size_mib": 512, "memory": 1}')
    with pytest.raises(jsonschema.ValidationError):
        validate_request("PUT", "/machine-config", b'{"vcpu_count": "1", "mem_size_mib": 512}')
    with pytest.raises(jsonschema.ValidationError):
        validate_request("PUT", "/drives/job", b'{"drive_id": "job"}')
    with pytest.raises(jsonschema.ValidationError):
        validate_request("PUT", "/actions", b'{"action_type": "Start"}')
    with pytest.raises(AssertionError):
        validate_request("PUT", "/kernel", b"{}")
    with pytest.raises(AssertionError):
        validate_request("POST", "/boot-source", b"{}")
    with pytest.raises(AssertionError):
        validate_request("PUT", "/drives/job", b'{"drive_id": "other", "is_root_device": false}')


def test_a_refused_request_stops_before_start(recorder, tmp_path):
    server = recorder(refuse="/boot-source")
    with pytest.raises(SandboxUnavailable, match="kernel file cannot be opened"):
        firecracker.configure_and_start(firecracker.ApiClient(str(tmp_path / "api.sock")),
                                        _spec(Policy(level="firecracker")))
    assert [p for _, p, _ in server.requests] == ["/boot-source"]


def test_no_socket_is_an_unavailable_sandbox(tmp_path):
    with pytest.raises(SandboxUnavailable):
        firecracker.ApiClient(str(tmp_path / "missing.sock")).put("/actions", {"action_type": "InstanceStart"})


def test_vcpu_count_is_one_or_even():
    assert [firecracker.vcpu_count(c) for c in (0.25, 1, 1.5, 2, 3, 4)] == [1, 1, 2, 2, 4, 4]
