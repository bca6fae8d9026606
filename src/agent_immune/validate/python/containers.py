"""(stub for session 15's helper C: container SDKs (docker, dockerode, testcontainers, kubernetes clients))"""
from __future__ import annotations


class Containers:
    def visit_container(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A call: settled by its name before anything else is read."""
