"""Modules named like the function they export (`agent_immune.scan`, `agent_immune.validate`).

Importing a submodule makes it the attribute of its package, so `agent_immune.scan`
is the module once anything imported it. The module forwards calls to its function,
so `agent_immune.scan(paths)` works whichever the attribute is.
"""
from __future__ import annotations

import sys
import types
from typing import Any, Callable


def forward_calls(module_name: str, func: Callable[..., Any]) -> None:
    class CallableModule(types.ModuleType):
        __doc__ = func.__doc__

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)

    sys.modules[module_name].__class__ = CallableModule
