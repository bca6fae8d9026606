"""Packagist: composer.lock.

`packages` and `packages-dev` (group "dev") are reported. A leading "v" is dropped
("v5.4.0" -> "5.4.0", as Composer itself normalises it and OSV lists it); the
dist/source reference is the commit when it is a commit hash (Drupal packages put
the version there). A package with `extra.drupal` comes from Drupal's own Composer
repository, which OSV names as its own Packagist ecosystem.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InputError
from .base import Package, line_of, parse_json, read_text

ECOSYSTEM = "Packagist"
DRUPAL_ECOSYSTEM = "Packagist:https://packages.drupal.org/8"
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_V_PREFIX = re.compile(r"^[vV](?=\d)")


def _commit(entry: dict) -> str | None:
    for key in ("dist", "source"):
        ref = entry.get(key)
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str) and _COMMIT.match(ref["reference"]):
            return ref["reference"]
    return None


def composer_lock(path: Path) -> list[Package]:
    text = read_text(path)
    data = parse_json(text, path)
    if not isinstance(data, dict):
        raise InputError("composer.lock must be a JSON object", path=path, line=1)
    packages = []
    cursor = 0
    for key, groups in (("packages", ()), ("packages-dev", ("dev",))):
        entries = data.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise InputError(f"{key!r} must be a list", path=path)
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not isinstance(entry.get("version"), str):
                raise InputError(f"an entry of {key!r} lacks a string name or version", path=path)
            name = entry["name"]
            # Entries appear in file order, so each name is searched for after the last one.
            m = re.compile(r'"name"\s*:\s*' + re.escape(json.dumps(name))).search(text, cursor)
            line = None
            if m:
                cursor = m.end()
                line = line_of(text, m.start())
            extra = entry.get("extra")
            ecosystem = DRUPAL_ECOSYSTEM if isinstance(extra, dict) and "drupal" in extra else ECOSYSTEM
            packages.append(Package(name, _V_PREFIX.sub("", entry["version"]), ecosystem, str(path),
                                    line=line, commit=_commit(entry), groups=groups))
    return packages
