"""The Python and TypeScript walkers are built from one mixin per area (walk.py). A method two mixins both define is
silently taken from the first in the method order, so an area's private helper can switch off another area's rule
(session 23: a new `_in_loop` and `_body_text` made two older TypeScript readers answer wrongly). Only the methods
common_code.CodeAnalysis declares for each language to fill in may be defined twice."""
from __future__ import annotations

import pytest

from agent_immune.validate.common_code import CodeAnalysis
from agent_immune.validate.js.walk import JsAnalysis
from agent_immune.validate.python.walk import PythonAnalysis


@pytest.mark.parametrize("walker", [PythonAnalysis, JsAnalysis], ids=["python", "typescript"])
def test_no_two_mixins_define_the_same_method(walker):
    owners: dict[str, list[str]] = {}
    for base in walker.__mro__[1:]:
        if base in (object, CodeAnalysis):
            continue
        for name, value in vars(base).items():
            if not name.startswith("__") and (callable(value) or isinstance(value, (property, staticmethod,
                                                                                   classmethod))):
                owners.setdefault(name, []).append(f"{base.__module__}.{base.__name__}")
    declared = {n for n in vars(CodeAnalysis) if not n.startswith("__")}
    twice = {n: o for n, o in owners.items() if len(o) > 1 and n not in declared}
    assert not twice, twice
