"""A regular expression compiled on first use, for modules whose patterns most runs never touch."""
from __future__ import annotations

import re


class LazyRegex:
    """re.compile on first use: compiling at import costs start-up time in every run (the CLI's and the
    library's), for patterns only some inputs reach (one ecosystem's version grammar, a written CI file's
    reader)."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)
