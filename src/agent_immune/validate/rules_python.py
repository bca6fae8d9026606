"""Python rules: what the snippet runs, loads and touches.

Names are resolved through imports and simple aliases (`import os as o`, `from
subprocess import run as r`, `f = os.system`, `__import__("os")`, `getattr(os, "system")`,
`sys.modules["os"]`), so renaming does not hide a call. Shell strings and literal argv
lists handed to os.system/subprocess are re-parsed and judged by the bash rules.

The walk is in `python/walk.py`; what is judged lives in the theme modules under `python/`,
each a mixin of `PythonAnalysis`: `calls.py` (which theme judges each call),
`processes.py` (shell strings, subprocess, plumbum, fabric/invoke, spawns, a child's environment), `code.py`
(eval/exec, dynamic import, interpreter internals, code loaded from files),
`deserialise.py` (pickle and kin), `files.py` (deletes, writes, start-up files),
`network.py` (network use, the environment sent away), `irreversible.py` (databases, cloud,
cluster and code-host resources destroyed through libraries), `callables.py` (dangerous functions
passed as values), `names.py` (imports and aliases) and `strings.py` (literal values).
"""
from __future__ import annotations

from .engine import Context
from .parse import Doc
from .python.strings import _literal
from .python.walk import PythonAnalysis

__all__ = ["PythonAnalysis", "analyze", "_literal"]  # _literal: tests check the fast path against it


def analyze(root, doc: Doc, ctx: Context) -> None:
    PythonAnalysis(doc, ctx).run(root)
