"""TypeScript / JavaScript rules (parsed with the TypeScript grammar, TSX as fallback).

Module bindings are tracked through `require`, `import`, destructuring and aliases
(`const {exec: e} = require("child_process")`, `import * as cp from "node:child_process"`,
`cp["ex" + "ec"]`), so renaming does not hide a call. Shell strings and literal argv
arrays are re-parsed and judged by the bash rules.

The walk is in `js/walk.py`; what is judged lives in the theme modules under `js/`, each a
mixin of `JsAnalysis`: `calls.py` (which theme judges each call or `new`, and fs),
`processes.py` (child_process and its kin, argv, a child's environment), `code.py` (eval,
Function of every kind, vm; literal code judged as TypeScript), `files.py` (npm scripts, files
written then run, package-manager registries, hooks under `core.hooksPath`, directories served),
`network.py` (network use, the environment sent away), `irreversible.py` (databases, cloud,
cluster and code-host resources destroyed through libraries), `callables.py`
(dangerous functions passed as values), `names.py` (require, import, aliases) and
`strings.py` (literal values).
"""
from __future__ import annotations

from .engine import Context
from .js.walk import JsAnalysis
from .parse import Doc

__all__ = ["JsAnalysis", "analyze"]


def analyze(root, doc: Doc, ctx: Context) -> None:
    JsAnalysis(doc, ctx).run(root)
