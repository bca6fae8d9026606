"""Office work from TypeScript: googleapis (Drive, the Admin SDK), the Microsoft Graph client, Nextcloud's OCS API
through fetch, ExcelJS, docx and JSZip writing documents (session 31). As python/office.py, through
office_tables.code_finding: Drive permissions for anyone or an outsider once per item (a loop, `forEach`/`map`,
`Promise.all`, or a function the code calls so), a guest from outside made a team's or group's owner, an account made
with a known password put into Nextcloud's admin group, a workbook whose formulas send its cells to an outsider or run
a program (ExcelJS's `{ formula: "cmd|' /C …'!A0" }` has no `=`), a document loading its template from a bare
address: blocked; a shared drive deleted (`drive.drives.delete`), a Graph group, site, list or item deleted
(`client.api(path).delete()`; not a subscription or a membership), messages deleted for good (`permanentDelete`):
reviewed `irreversible`.
"""
from __future__ import annotations

from .. import backups_tables as bt
from .. import office_tables as ot
from ..loops import in_js_loop
from ..per_input import decoded, in_input, once

_VALUES = frozenset({"object", "string", "template_string", "call_expression", "new_expression", "array"})
_FUNCTIONS = frozenset({"function_declaration", "method_definition", "arrow_function", "function_expression",
                        "function"})
_NODES_READ = 50_000  # (a search of the code for a helper's calls stops there)


def _function_name(node) -> bytes | None:
    """The name the function around `node` is called by (`function share(id) {…}`, `const share = async (id) => …`)."""
    fn = node.parent
    while fn is not None and fn.type not in _FUNCTIONS:
        fn = fn.parent
    if fn is None:
        return None
    name = fn.child_by_field_name("name")
    if name is None and fn.parent is not None and fn.parent.type == "variable_declarator":
        name = fn.parent.child_by_field_name("name")
    return name.text if name is not None else None


def _per_item_names(root) -> frozenset[bytes]:
    """The names the code calls once per item (`share(f.id)` in a `for…of`) or hands to an iterating call
    (`ids.map(share)`): read once per input, the first _NODES_READ nodes."""
    out: set[bytes] = set()
    stack, read = [root], 0
    while stack and read < _NODES_READ:
        n = stack.pop()
        read += 1
        if n.type == "identifier" and n.parent is not None:
            up = n.parent
            if (up.type == "call_expression" and up.child_by_field_name("function") == n or up.type == "arguments") \
                    and in_js_loop(n):
                out.add(n.text)
        stack.extend(n.children)
    return frozenset(out)


def _looped(node, data: bytes) -> bool:
    """in_js_loop, or in a function the code calls once per item (`share(f.id)` in a `for…of`, `ids.map(share)`)."""
    if in_js_loop(node):
        return True
    want = _function_name(node)
    if want is None:
        return False
    root = node
    while root.parent is not None:
        root = root.parent
    return want in once(data, _per_item_names, lambda _: _per_item_names(root))


class Office:
    def visit_office(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in ot.CODE_NAMES or not in_input(ot.CODE_HINT, self.doc.data):
            return
        text = decoded(self.doc.data)
        call = bt.expanded(self, node, _VALUES)
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        # (whether it runs per item matters to the sharing calls alone, and a helper's calls are searched for then)
        looped = _looped(node, self.doc.data) if "permissions" in call else in_js_loop(node)
        found = ot.code_finding(name, shown, call, text, looped)
        if found:
            getattr(self, found[0])(found[1], found[2], node)
