"""PowerShell's grammar, loaded the first time PowerShell code is judged (never for other commands), and what a
command in it is: its name (aliases resolved, no case), its parameters and its values."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_PARSER = None


def parse(code: str):
    global _PARSER
    if _PARSER is None:
        import tree_sitter as ts
        import tree_sitter_powershell as tsp

        _PARSER = ts.Parser(ts.Language(tsp.language()))
    return _PARSER.parse(code.encode("utf-8", "surrogatepass"))


# the built-in aliases of Windows PowerShell 5.1 that name what an attacker reaches for (`curl`/`wget` too: there
# they are Invoke-WebRequest); names are compared without case
ALIASES = {
    "iex": "invoke-expression", "irm": "invoke-restmethod", "iwr": "invoke-webrequest", "curl": "invoke-webrequest",
    "wget": "invoke-webrequest", "saps": "start-process", "start": "start-process", "ni": "new-item",
    "sp": "set-itemproperty", "gp": "get-itemproperty", "ri": "remove-item", "rm": "remove-item", "del": "remove-item",
    "erase": "remove-item", "rd": "remove-item", "rmdir": "remove-item", "%": "foreach-object",
    "foreach": "foreach-object", "?": "where-object", "where": "where-object", "sc": "set-content",
    "ac": "add-content", "gc": "get-content", "cat": "get-content", "type": "get-content", "icm": "invoke-command",
    "ii": "invoke-item", "cpi": "copy-item", "copy": "copy-item", "cp": "copy-item", "mi": "move-item",
    "move": "move-item", "mv": "move-item", "sajb": "start-job", "ipmo": "import-module", "swmi": "set-wmiinstance",
    "gwmi": "get-wmiobject", "echo": "write-output", "write": "write-output", "gcb": "get-clipboard",
    "scb": "set-clipboard", "ls": "get-childitem", "dir": "get-childitem", "gci": "get-childitem",
    "iwmi": "invoke-wmimethod", "gcim": "get-ciminstance", "ncim": "new-ciminstance", "rp": "remove-itemproperty",
    "si": "set-item", "md": "mkdir", "tee": "tee-object", "ogv": "out-gridview", "h": "get-history",
    "sleep": "start-sleep", "kill": "stop-process", "spps": "stop-process", "spsv": "stop-service",
    "sasv": "start-service", "clc": "clear-content", "clhy": "clear-history",
}

_STRING_TYPES = frozenset({"string_literal", "expandable_string_literal", "verbatim_string_characters",
                           "expandable_here_string_literal", "verbatim_here_string_characters"})
_VAR = re.compile(r"\$\{?(env:)?(\w+)\}?", re.IGNORECASE)


@dataclass(slots=True)
class Arg:
    node: object
    text: str  # quotes taken off (`"$env:TEMP\a.exe"` -> `$env:TEMP\a.exe`), variables left in
    value: str | None  # the text when nothing of it is computed at run time
    items: list = field(default_factory=list)  # `'a','b'`: each item's text


@dataclass(slots=True)
class PsCmd:
    node: object
    name: str  # lower case, alias resolved, `.exe` and the folder taken off
    raw: str | None  # the name as written (None when computed: `& $x`)
    params: list  # (name lower without the dash, Arg | None) in order
    args: list  # positional Args
    words: list  # every element in order: ("param", name) or Arg, for native programs
    stage: int = 0  # its place in its pipeline
    pipeline: object = None
    invoked: bool = False  # `& …` / `. …`

    def param(self, full: str, least: int = 1):
        """The value(s) of a parameter given by any unambiguous abbreviation (`-ExclusionP` of -ExclusionPath);
        True for a switch given without a value, None when absent."""
        for name, arg in self.params:
            if len(name) >= least and full.startswith(name):
                return arg if arg is not None else True
        return None

    def has(self, prefix: str) -> bool:
        return any(name.startswith(prefix) for name, _ in self.params)


def text_of(node, data: bytes) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8", "replace")


def string_parts(node, data: bytes) -> tuple[str, bool]:
    """(the text of a value node with its quotes off, whether it is all literal)."""
    t = node.type
    while node.named_child_count == 1 and t not in _STRING_TYPES and t not in ("generic_token", "variable"):
        node = node.named_children[0]
        t = node.type
    raw = text_of(node, data)
    if t == "string_literal" and node.named_child_count == 1:
        node = node.named_children[0]
        t = node.type
    if t == "verbatim_string_characters":
        return raw[1:-1].replace("''", "'") if len(raw) >= 2 else raw, True
    if t == "verbatim_here_string_characters":
        return raw[2:-2].strip("\r\n"), True
    if t in ("expandable_string_literal", "expandable_here_string_literal"):
        inner = raw[2:-2].strip("\r\n") if t == "expandable_here_string_literal" else raw[1:-1]
        inner = re.sub(r"`(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r", "0": ""}.get(m.group(1), m.group(1)), inner)
        return inner, "$" not in inner
    if t == "generic_token":
        return raw, "$" not in raw
    if re.fullmatch(r"-?\d+(?:\.\d+)?|0x[0-9a-fA-F]+", raw):  # `-Value 0`: a number is as literal as a word
        return raw, True
    return raw, False


def commands(root, data: bytes) -> list[PsCmd]:
    """Every command of the code, nested ones (in `(…)`, `{…}`, `$(…)`) included."""
    out: list[PsCmd] = []
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "command":
            c = _command(n, data)
            if c is not None:
                out.append(c)
        stack.extend(reversed(n.children))
    return out


def _command(n, data: bytes) -> PsCmd | None:
    name_node = n.child_by_field_name("command_name") or next(
        (c for c in n.children if c.type in ("command_name", "command_name_expr")), None)
    if name_node is None:
        return None
    invoked = any(c.type == "command_invokation_operator" for c in n.children)
    raw: str | None
    if name_node.type == "command_name" or (name_node.named_child_count == 1 and
                                            name_node.named_children[0].type == "command_name"):
        raw = text_of(name_node, data)
    else:
        raw, literal = string_parts(name_node, data)
        if not literal:
            raw = None if not re.match(r"\$env:\w+", raw, re.IGNORECASE) else raw
    name = canonical(raw) if raw is not None else ""
    params: list = []
    args: list = []
    words: list = []
    elements = next((c for c in n.children if c.type == "command_elements"), None)
    last_param = None
    for el in elements.children if elements is not None else ():
        if el.type == "command_parameter":
            p = text_of(el, data).lstrip("-").rstrip(":").lower()
            params.append([p, None])
            words.append(("param", text_of(el, data)))
            last_param = len(params) - 1
            continue
        if el.type == "command_argument_sep":
            attached = [c for c in el.named_children if c.type not in ("command_argument_sep",)]
            if ":" in text_of(el, data)[:1] and attached and last_param is not None:
                params[last_param][1] = _arg(attached[0], data)
            continue
        if el.type in ("redirection", "redirections", "comment", "stop_parsing"):
            continue
        arg = _arg(el, data)
        words.append(arg)
        if last_param is not None and params[last_param][1] is None and params[last_param][0] not in SWITCHES:
            params[last_param][1] = arg
        else:
            args.append(arg)
        last_param = None
    cmd = PsCmd(n, name, raw, [tuple(p) for p in params], args, words, invoked=invoked)
    chain = n.parent
    if chain is not None and chain.type == "pipeline_chain":
        stages = [c for c in chain.named_children]
        cmd.stage = next((i for i, c in enumerate(stages) if c == n), 0)
        cmd.pipeline = chain
    return cmd


# parameters that take no value: the next word is a positional argument, not theirs
SWITCHES = frozenset({"recurse", "force", "usebasicparsing", "noprofile", "wait", "passthru", "whatif", "nonewwindow",
                      "online", "norestart", "r", "f", "ci", "verbose", "asjob", "nologo", "noninteractive",
                      "allowclobber", "skippublishercheck", "disablenamechecking", "raw", "all", "file", "directory",
                      "hidden", "literal", "confirm", "nop", "noexit", "sta", "mta"})


def _arg(el, data: bytes) -> Arg:
    inner = el
    while inner.named_child_count == 1 and inner.type not in _STRING_TYPES and inner.type != "generic_token" and \
            inner.type != "array_literal_expression":
        inner = inner.named_children[0]
    if inner.type == "array_literal_expression" and inner.named_child_count > 1:
        items = [string_parts(c, data) for c in inner.named_children]
        text = ",".join(t for t, _ in items)
        return Arg(el, text, text if all(ok for _, ok in items) else None, [t for t, _ in items])
    text, literal = string_parts(el, data)
    return Arg(el, text, text if literal else None, [text])


def canonical(raw: str) -> str:
    name = raw.strip().strip("'\"").replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name.endswith(".exe") and len(name) > 4:
        return name[:-4]
    return ALIASES.get(name, name)


def native(cmd: PsCmd) -> bool:
    """A program rather than a cmdlet, function or alias (`schtasks`, `cmd.exe`, `C:\\x\\tool.exe`)."""
    raw = cmd.raw
    if raw is None:
        return False
    low = raw.strip("'\"").lower()
    if low.endswith(".exe") or "/" in low or "\\" in low:
        return True
    return "-" not in cmd.name and low not in ALIASES and not low.startswith("$")
