"""RubyGems: Gemfile.lock (and gems.locked).

Every gem of a GEM, GIT, PATH or PLUGIN SOURCE section's `specs:` is reported; a
platform suffix is dropped ("nokogiri (1.13.3-x86_64-linux)" -> 1.13.3: RubyGems
versions never contain "-", so it always starts the platform), a GIT gem carries its
`revision` as commit. Bundler writes sections at column 0, their keys at two spaces,
specs at four and each spec's own requirements at six.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .base import Package, read_text

ECOSYSTEM = "RubyGems"

_SOURCE_SECTIONS = frozenset({"GEM", "GIT", "PATH", "PLUGIN SOURCE"})
_OTHER_SECTIONS = frozenset({"PLATFORMS", "DEPENDENCIES", "RUBY VERSION", "BUNDLED WITH", "CHECKSUMS"})
_SPEC = re.compile(r"^ {4}(?P<name>[^\s()!]+)(?: \((?P<version>[^()\s,]+)\))?$")


def gemfile_lock(path: Path) -> list[Package]:
    text = read_text(path)
    packages: dict[tuple[str, str, str | None], Package] = {}
    section: str | None = None
    in_specs = False
    revision: str | None = None
    seen_section = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if not line.startswith(" "):
            section = line.strip()
            if section not in _SOURCE_SECTIONS and section not in _OTHER_SECTIONS:
                # A newer Bundler may add sections; only an all-unknown file is rejected.
                section = None
            else:
                seen_section = True
            in_specs, revision = False, None
            continue
        if section not in _SOURCE_SECTIONS:
            continue
        if line.startswith("  ") and not line.startswith("   "):
            key, _, value = line.strip().partition(":")
            in_specs = key == "specs"
            if key == "revision":
                revision = value.strip() or None
            continue
        if not in_specs or line.startswith("      "):
            continue  # a spec's own requirements, not an installed gem
        m = _SPEC.match(line)
        if not m:
            raise InputError(f"malformed spec line in {section} section: {line.strip()!r}", path=path, line=number)
        if m.group("version") is None:
            continue  # a spec without a version cannot be matched
        version = m.group("version").split("-", 1)[0]
        commit = revision if section == "GIT" else None
        key = (m.group("name"), version, commit)
        packages.setdefault(key, Package(key[0], version, ECOSYSTEM, str(path), line=number, commit=commit))
    if text.strip() and not seen_section:
        raise InputError("not a Gemfile.lock: no GEM, PLATFORMS or DEPENDENCIES section", path=path, line=1)
    return list(packages.values())
