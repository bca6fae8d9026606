"""The names `agent_immune` exports resolve, and `scan` / `validate` stay callable
whether or not their modules were imported first."""
from __future__ import annotations

import subprocess
import sys

import agent_immune


def test_every_export_resolves() -> None:
    for name in agent_immune.__all__:
        assert getattr(agent_immune, name) is not None, name
    assert agent_immune.scan_patch.__module__ == "agent_immune.patchscan"


def test_scan_and_validate_are_callable_either_way() -> None:
    code = """
import agent_immune, importlib, sys
order = sys.argv[1]
if order == "module-first":
    import agent_immune.scan, agent_immune.validate
v = agent_immune.validate("ls -la")
assert v.verdict == "allow", v
assert agent_immune.validate.validate_many(["ls", "rm -rf /"])[1].verdict == "block"
import agent_immune.validate as m
assert m("rm -rf /").verdict == "block"
assert callable(agent_immune.scan) and agent_immune.scan.scan_packages
"""
    for order in ("module-first", "attribute-first"):
        r = subprocess.run([sys.executable, "-c", code, order], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
