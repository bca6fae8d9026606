"""Turning npm-family file text into Python values, with errors that name file and line.

JSON (package.json, package-lock.json) and YAML (pnpm-lock.yaml, yarn berry). PyYAML is imported only when a YAML file is read,
so the JSON paths (the large package-lock.json case) never pay for it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from .base import parse_json

def load_json_object(text: str, path: Path, what: str) -> dict:
    data = parse_json(text, path)
    if not isinstance(data, dict):
        got = "null" if data is None else type(data).__name__
        raise InputError(f"not a {what}: expected a JSON object at the top, got {got}", path=path)
    return data


# Only null and booleans are resolved implicitly: versions such as 1.10 must stay
# strings (a float would turn them into 1.1), and timestamps are never wanted.
_KEEP_TAGS = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"})


@lru_cache(maxsize=1)
def _yaml_loader():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, rx) for tag, rx in entries if tag in _KEEP_TAGS]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    return type("NpmLockLoader", (base,), {"yaml_implicit_resolvers": resolvers})


def load_yaml(text: str, path: Path) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(f"invalid YAML: {exc.problem or exc.context or 'syntax error'}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", path=path) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(f"invalid YAML: {exc}", path=path) from None
