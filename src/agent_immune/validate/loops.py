"""A loop over a literal list, read as the item that makes its body most dangerous.

`for d in .ssh .gnupg Documents; do rm -rf ~/$d; done` (and the same loop in Python or TypeScript) runs
its body once per item; the rules judge the body once, with the loop's name standing for one item. The
item chosen is the one that names a credential, start-up or system path, on its own or under the home
or the root, which is where a loop's body puts it when it is dangerous. When no item does, the name
stays unknown, as it was: choosing a harmless item would hide one that is harmful another way (a word
run as a command).
"""
from __future__ import annotations

from collections.abc import Iterable

from . import paths

_SENSITIVE = frozenset({paths.SECRET, paths.PERSISTENCE, paths.SYSTEM, paths.HOME})


def in_loop(node, loops: frozenset[str], stops: frozenset[str] = frozenset()) -> bool:
    """Whether the tree-sitter `node` runs once per item: inside a node of a type in `loops` before one of a type in
    `stops` (the function or module that bounds what repeats)."""
    up = node.parent
    while up is not None:
        if up.type in loops:
            return True
        if up.type in stops:
            return False
        up = up.parent
    return False


_JS_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
# the array and promise methods that call their callback once per item (cheerio's `each` too)
_JS_ITERATING = frozenset({"forEach", "map", "flatMap", "reduce", "each", "all", "allSettled"})


def in_js_loop(node) -> bool:
    """Whether the TypeScript `node` runs once per item: inside a loop statement, or inside the arguments of
    `items.map(…)`, `forEach`, `Promise.all(…)` and the like (a callback, or the list of calls handed over).
    The receiver of such a call (`(await list()).map(…)`) runs once, and is not counted."""
    child, up = node, node.parent
    while up is not None:
        if up.type in _JS_LOOPS:
            return True
        if up.type == "call_expression" and child.type == "arguments":
            fn = up.child_by_field_name("function")
            prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
            if prop is not None and prop.text.decode("utf-8", "replace") in _JS_ITERATING:
                return True
        child, up = up, up.parent
    return False


def sensitive_path(v: str | None) -> bool:
    """Whether the path `v` (None when unknown) is a credential, start-up, system or home path."""
    return v is not None and bool(paths.kinds(v) & _SENSITIVE)


def sensitive_item(items: Iterable[str | None]) -> str | None:
    """The first item naming a sensitive path as it is, under `~/` or under `/`; None when none does."""
    for v in items:
        if not v:
            continue
        if paths.kinds(v) & _SENSITIVE:
            return v
        if not v.startswith(("/", "~", "$", ".")) or v.startswith(".") and not v.startswith(("./", "../")):
            bare = v.lstrip("/")
            if paths.kinds("~/" + bare) & _SENSITIVE or paths.kinds("/" + bare) & _SENSITIVE:
                return v
    return None
