"""Bounds that keep one judgement's time and memory bounded whatever the input."""
from __future__ import annotations

# A value longer than this is not tracked (it counts as unknown, as a value known only at run
# time does): `x=$x$x` in bash or `s = s + s` in Python doubles it per line, and 32 lines built
# gigabytes over minutes.
VALUE_CAP = 65536
