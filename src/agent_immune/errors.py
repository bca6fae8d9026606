"""The few exception types a user of agent-immune ever sees.

Every layer raises these (never a bare ValueError escaping to the CLI), so the CLI
can turn them into one line on stderr and the documented exit status.
"""
from __future__ import annotations

from pathlib import Path


class AgentImmuneError(Exception):
    """Base class. `exit_code` is what the CLI exits with."""

    exit_code = 2


class InputError(AgentImmuneError):
    """Bad input: a malformed manifest, an unreadable file, an unknown option value.

    Carries the file and line (when known) so the message can point at them.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class ConfigError(InputError):
    """The config file (~/.autonomic/config.toml or a project file) is invalid."""


class DatabaseError(AgentImmuneError):
    """The local OSV database is missing, stale under --offline, or an update failed."""


class PolicyError(AgentImmuneError):
    """A policy cannot be applied as asked (e.g. an unknown profile or level)."""


class SandboxUnavailable(AgentImmuneError):
    """The kernel or machine lacks a mechanism the chosen sandbox level needs.

    Raised instead of silently running with weaker isolation (fail closed).
    """
