"""Ecosystem and package-name canonical forms, shared by the store, the matcher and the API client.

OSV names ecosystems with optional suffixes ("Debian:12", "Alpine:v3.18",
"Packagist:https://packages.drupal.org/8"); the base name picks the version order and
the export folder. Package names are compared in each ecosystem's canonical form.
"""
from __future__ import annotations

import re
from collections.abc import Callable

_PEP503 = re.compile(r"[-_.]+")

# Ecosystems whose registries treat names case-insensitively.
_CASE_INSENSITIVE = frozenset({"PyPI", "NuGet", "Packagist", "Hex", "Pub", "crates.io"})


def base_ecosystem(ecosystem: str) -> str:
    """'Debian:12' -> 'Debian'; 'PyPI' -> 'PyPI'."""
    return ecosystem.split(":", 1)[0]


def normalize_name(ecosystem: str, name: str) -> str:
    """The form under which a package is indexed and looked up."""
    eco = base_ecosystem(ecosystem)
    if eco == "PyPI":
        return _PEP503.sub("-", name).lower()
    if eco == "crates.io":
        # crates.io treats '-' and '_' as the same crate name, case-insensitively.
        return name.replace("_", "-").lower()
    if eco in _CASE_INSENSITIVE:
        return name.lower()
    return name


def normalizer(eco: str) -> Callable[[str], str]:
    """normalize_name for one ecosystem, resolved once per batch.

    A scan normalizes thousands of names, and the generic function costs more than the
    index look-up itself. Ecosystems whose canonical form is the name itself or its
    lower case are detected by probing normalize_name (so it stays the single source
    of truth); PyPI gets a fast path for names that only need lower-casing.
    """
    eco = base_ecosystem(eco)
    probe = "Aa_.-"
    canonical = normalize_name(eco, probe)
    if canonical == probe:
        return str
    if canonical == probe.lower():
        return str.lower
    if eco == "PyPI":
        def pypi(name: str) -> str:
            low = name.lower()
            if "_" in low or "." in low or "--" in low:
                return normalize_name(eco, name)
            return low
        return pypi
    return lambda name: normalize_name(eco, name)
