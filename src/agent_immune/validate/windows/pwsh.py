"""PowerShell code judged as what it runs (`pwsh -c CODE`, `powershell.exe -EncodedCommand B64`, code piped to
`pwsh -Command -`): download cradles, encoded and computed code, Defender and AMSI turned off, persistence in the
registry, scheduled tasks, WMI and the profile, UAC bypasses, the credential stores, irreversible cmdlets. The
programs it starts (`schtasks`, `reg`, `cmd /c`, `curl.exe`) and the file cmdlets that have a shell twin
(Remove-Item, Get-Content, Copy-Item, an upload with Invoke-RestMethod) are handed to the shell rules as that
command. Every reason points at the shell word that holds the code."""
from __future__ import annotations

import base64
import binascii
import re

from . import grammar, tamper, twins
from .fold import fold
from .grammar import PsCmd, native
from .winpaths import sh_word, to_wsl

DOWNLOADERS = frozenset({"invoke-webrequest", "invoke-restmethod", "start-bitstransfer"})
_NET_MEMBER = re.compile(r"\.\s*(?:DownloadString|DownloadData|DownloadFile|OpenRead|GetStringAsync|GetByteArrayAsync|"
                         r"GetStreamAsync|UploadString|UploadData|UploadFile|UploadValues)\s*\(", re.IGNORECASE)
_FETCH_MEMBER = re.compile(r"\.\s*(?:DownloadString|DownloadData|OpenRead|GetStringAsync|GetByteArrayAsync|"
                           r"GetStreamAsync)\s*\(", re.IGNORECASE)
_DECODE = re.compile(r"FromBase64String|\bGetString\s*\(|-bxor|\[char\[\]\]|-join\b|\.Replace\(|-replace\b|"
                     r"\bDeflateStream|\bGZipStream|\bReverse\(", re.IGNORECASE)
_SCRIPTBLOCK = re.compile(r"\[\s*(?:System\.Management\.Automation\.)?ScriptBlock\s*\]\s*::\s*Create\s*\(",
                          re.IGNORECASE)
_EXECUTORS = frozenset({"invoke-expression", "invoke-command", "start-job", "start-threadjob"})
_MARK = "AGENTIMMUNEARG"  # a value the shell fills in at run time, inside the code (bash/exec.py)


# -- the command line: pwsh -Command / -EncodedCommand / - ---------------------------------------------------------
def is_encoded_flag(v: str | None) -> bool:
    if not v or v[0] not in "-/":
        return False
    name = v.lstrip("-/").lower()
    return name in ("e", "ec") or (len(name) >= 2 and "encodedcommand".startswith(name))


def is_command_flag(v: str | None) -> bool:
    if not v or v[0] not in "-/":
        return False
    name = v.lstrip("-/").lower()
    return name == "c" or (len(name) >= 3 and "command".startswith(name))


def decode_encoded(value: str) -> str | None:
    """The code `-EncodedCommand` runs: base64 of UTF-16LE text; None when it is not that."""
    v = value.strip()
    if not re.fullmatch(r"[A-Za-z0-9+/]+=*", v) or len(v) % 4:
        return None
    try:
        text = base64.b64decode(v, validate=True).decode("utf-16-le")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return text if text.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in text) else None


def judge_line(a, cmd, code, marked: str | None = None, after: list | None = None) -> bool:
    """`pwsh`/`powershell` with inline code (`code`, the word after -Command or -EncodedCommand). True when judged
    here; False leaves the word to the caller's rules for a computed value."""
    if code is None:
        return True
    at = cmd.args.index(code) if code in cmd.args else -1
    flag = cmd.args[at - 1].value if at > 0 else None
    if is_encoded_flag(flag):
        text = decode_encoded(code.value) if code.value is not None else _encoded_here(a, code)
        if text is None and code.value is None:
            return False
        if text is None:
            a.block("decode-exec", "PowerShell runs a base64-encoded command that does not decode to readable code; "
                                   "run the plain code", code.node)
            return True
        judge_code(a, text, code.node, cmd)
        return True
    if code.value == "-":
        return True  # the code comes on stdin: judged with what feeds it (bash/exec.py check_pipeline)
    text = code.value if marked is None else marked
    if text is None:
        return False
    rest = [w.value for w in cmd.args[at + 1:]] if at >= 0 else []
    if after is not None and marked is None:
        rest = after
    if rest and all(v is not None for v in rest) and marked is None:
        text = " ".join([text, *rest])  # -Command takes every word after it as the code
    judge_code(a, text, code.node, cmd)
    return True


_ENCODES = r"\$\(\s*printf\s+(?:'%s'|\"%s\")\s+(?:\"\$\{?(\w+)\}?\"|'([^']*)')\s*\|\s*iconv\s+(?:-f\s+\S+\s+)?-t\s+" \
           r"UTF-?16LE\s*\|\s*base64(?:\s+-w\s*0)?\s*\)"


def _encoded_here(a, word) -> str | None:
    """`enc=$(printf '%s' "$script" | iconv -t UTF-16LE | base64 -w0); powershell.exe -EncodedCommand "$enc"`: the
    code encoded by this same script from a literal, read back (the usual way to pass code with quotes to
    powershell.exe from WSL)."""
    m = re.fullmatch(r'"?\$\{?(\w+)\}?"?', word.text)
    if m is None:
        return None
    found = re.findall(r"(?:^|[\s;&|])" + m.group(1) + r"=(\S.*)", a.ev.data.decode("utf-8", "replace"))
    if len(found) != 1:
        return None
    enc = re.match(_ENCODES, found[0])
    if enc is None:
        return None
    return enc.group(2) if enc.group(1) is None else a.ev.vars.get(enc.group(1))


# -- the code ----------------------------------------------------------------------------------------------------
def judge_code(a, code: str, node, outer=None, depth: int = 0) -> None:
    """Judge PowerShell `code`; every reason is reported at `node` of the shell text."""
    if depth > 4 or not code.strip():
        return
    folded = fold(code)
    if folded != code:
        # the same code with its constant strings put together (`'Amsi' + 'Utils'`, `$a = 'i'+'ex'; & $a`): judged
        # too, so a name split into pieces is seen whole
        judge_code(a, folded, node, outer, depth + 1)
    tree = grammar.parse(code)
    data = code.encode("utf-8", "surrogatepass")
    root = tree.root_node
    low = code.lower()
    cmds = grammar.commands(root, data)
    j = _Judge(a, node, code, low, data, cmds, depth)
    if _MARK in code and _bare_mark(root, data):
        j.block("dynamic-exec", "code held in a shell variable or computed at run time is run by PowerShell; write "
                                "the code literally")
    if root.has_error:
        j.unparsed()
    j.run()
    tamper.check(j)
    if outer is not None and j.reads_clipboard():
        j.clipboard_out(outer)


_QUOTED = frozenset({"string_literal", "expandable_string_literal", "verbatim_string_characters",
                     "expandable_here_string_literal", "verbatim_here_string_characters"})


def _bare_mark(root, data: bytes) -> bool:
    """Is a value the shell fills in (`pwsh -c "$CODE"`, `pwsh -c "Get-Item $f; $cmd"`) code rather than text inside a
    PowerShell string (`ParseFile('$f')`)?"""
    mark = _MARK.encode()
    at = data.find(mark)
    while at >= 0:
        n = root.descendant_for_byte_range(at, at + len(mark))
        while n is not None and n.type not in _QUOTED:
            n = n.parent
        if n is None:
            return True
        at = data.find(mark, at + 1)
    return False


class _Judge:
    def __init__(self, a, node, code: str, low: str, data: bytes, cmds: list[PsCmd], depth: int) -> None:
        self.a, self.node, self.code, self.low, self.data, self.cmds, self.depth = a, node, code, low, data, cmds, depth
        self.vars = _assignments(data, code)

    # reporting: one place so every rule points at the shell word
    def block(self, rule: str, message: str) -> None:
        self.a.block(rule, message, self.node)

    def review(self, rule: str, message: str) -> None:
        self.a.review(rule, message, self.node)

    def nested_shell(self, text: str) -> None:
        self.a.nested(text, "bash", self.node, None)

    def src(self, n) -> str:
        return grammar.text_of(n, self.data)

    # -- what an expression holds ----------------------------------------------------------------------------
    def kind(self, n) -> str:
        """download / decode / literal / dynamic: what the text an expression gives is."""
        text = n if isinstance(n, str) else self.src(n)
        if self._downloads(text):
            return "download"
        if _DECODE.search(text) or any(self.vars.get(v) == "decode" for v in _vars(text)):
            return "decode"
        if re.fullmatch(r"\s*\(?\s*(?:'[^']*'|\"[^\"$`]*\")\s*\)?\s*", text):
            return "literal"
        return "dynamic"

    def _downloads(self, text: str) -> bool:
        if _FETCH_MEMBER.search(text):
            return True
        if any(self.vars.get(v) == "download" for v in _vars(text)):
            return True
        sub = grammar.parse(text)
        return any(c.name in DOWNLOADERS and not c.param("outfile", 2) and not c.param("infile", 2)
                   for c in grammar.commands(sub.root_node, text.encode("utf-8", "surrogatepass")))

    def unparsed(self) -> None:
        """Code the grammar cannot read: the plain cradle shapes still found in its text."""
        if re.search(r"\b(?:iex|invoke-expression)\b", self.low) and (
                re.search(r"\b(?:irm|iwr|invoke-restmethod|invoke-webrequest)\b", self.low) or
                _FETCH_MEMBER.search(self.code)):
            self.block("download-exec", "PowerShell runs code it downloads (Invoke-Expression of a web request); "
                                        "download the script, inspect it, then run the file")

    def run(self) -> None:
        outfiles: dict[str, PsCmd] = {}
        for c in self.cmds:
            self._expression(c)
            got = self._outfile(c)
            if got:
                outfiles[got] = c
        for m in re.finditer(r"\.\s*DownloadFile\s*\(\s*[^,]+,\s*(['\"])(.+?)\1", self.code, re.IGNORECASE):
            outfiles[_key(m.group(2))] = None
        for c in self.cmds:
            ran = self._runs_file(c)
            if ran and _key(ran) in outfiles:
                self.block("download-exec", f"PowerShell downloads {ran} and then runs it; download it, inspect it, "
                                            "then run it yourself")
                break
        if _SCRIPTBLOCK.search(self.code) and (_FETCH_MEMBER.search(self.code) or any(
                c.name in DOWNLOADERS for c in self.cmds)):
            self.block("download-exec", "PowerShell makes a script block of downloaded text and runs it; download "
                                        "the script, inspect it, then run the file")
        for c in self.cmds:
            self._as_shell(c)

    def _expression(self, c: PsCmd) -> None:
        """Invoke-Expression (and the like) of downloaded, decoded or computed text; a literal string is judged as the
        code it is."""
        if c.name not in _EXECUTORS:
            return
        if c.name != "invoke-expression":
            sb = c.param("scriptblock", 1) if c.name == "invoke-command" else (c.args[0] if c.args else None)
            if sb is not None and sb is not True and _SCRIPTBLOCK.search(sb.text) and \
                    self.kind(sb.node) in ("download", "decode"):
                self._fed(self.kind(sb.node), c.name)
            return
        given = c.param("command", 1) or (c.args[0] if c.args else None)
        if given is not None and given is not True:
            if given.value is not None and _MARK not in given.value:
                judge_code(self.a, given.value, self.node, None, self.depth + 1)
                return
            # `IEX (New-Object Net.WebClient).DownloadString(…)`: the member call is read as words after the object
            rest = self.data[given.node.start_byte:c.node.end_byte].decode("utf-8", "replace")
            self._fed(self.kind(rest), "Invoke-Expression")
            return
        if c.pipeline is not None and c.stage > 0:
            stages = c.pipeline.named_children[:c.stage]
            kinds = {self.kind(s) for s in stages}
            for k in ("download", "decode", "dynamic"):
                if k in kinds:
                    self._fed(k, "Invoke-Expression", "piped into")
                    return
            for s in stages:
                text, ok = grammar.string_parts(s, self.data)
                if ok:
                    judge_code(self.a, text, self.node, None, self.depth + 1)

    def _fed(self, kind: str, sink: str, how: str = "run by") -> None:
        if kind == "download":
            self.block("download-exec", f"downloaded code is {how} PowerShell's {sink}; download the script, inspect "
                                        "it, then run the file")
        elif kind == "decode":
            self.block("decode-exec", f"decoded or transformed code is {how} PowerShell's {sink}; run the plain code")
        elif kind == "dynamic":
            self.block("dynamic-exec", f"code computed at run time is {how} PowerShell's {sink}; write the code "
                                       "literally")

    def _outfile(self, c: PsCmd) -> str | None:
        if c.name in ("invoke-webrequest", "invoke-restmethod"):
            out = c.param("outfile", 1)
        elif c.name == "start-bitstransfer":
            out = c.param("destination", 1) or (c.args[1] if len(c.args) > 1 else None)
        else:
            return None
        return _key(out.text) if out is not None and out is not True else None

    def _runs_file(self, c: PsCmd) -> str | None:
        if c.name in ("start-process", "invoke-item"):
            f = c.param("filepath", 1) or c.param("path", 1) or (c.args[0] if c.args else None)
            return f.text if f is not None and f is not True else None
        if c.raw is not None and (c.invoked or native(c)):
            return c.raw.strip("'\"")
        return None

    # -- handed to the shell rules ---------------------------------------------------------------------------
    def _as_shell(self, c: PsCmd) -> None:
        line = self._shell_line(c)
        if line:
            self.nested_shell(line)

    def _shell_line(self, c: PsCmd) -> str | None:
        name = c.name
        twin = twins.shell_line(c)
        if twin:
            return twin
        if name == "remove-item":
            targets = _paths(c)
            if not targets:
                return None
            flags = "-rf" if c.param("recurse", 1) is not None else "-f"
            return "rm " + flags + " " + " ".join(sh_word(t) for t in targets)
        if name == "get-content":
            targets = _paths(c)
            return "cat " + " ".join(sh_word(t) for t in targets) if targets else None
        if name in ("copy-item", "move-item"):
            src = c.param("path", 1) or c.param("literalpath", 1) or (c.args[0] if c.args else None)
            dst = c.param("destination", 1) or (c.args[1] if len(c.args) > 1 else None)
            s = to_wsl(src.text) if src not in (None, True) else None
            d = to_wsl(dst.text) if dst not in (None, True) else None
            if s is None or d is None:
                return None
            return ("cp -r " if name == "copy-item" else "mv ") + sh_word(s) + " " + sh_word(d)
        if name in ("invoke-webrequest", "invoke-restmethod"):
            return _curl(c)
        if name == "start-process":
            f = c.param("filepath", 1) or (c.args[0] if c.args else None)
            if f in (None, True) or f.value is None:
                return None
            al = c.param("argumentlist", 1) or (c.args[1] if len(c.args) > 1 else None)
            rest = al.items if al not in (None, True) else []
            if len(rest) == 1:
                import shlex

                try:
                    rest = shlex.split(rest[0], posix=False)
                except ValueError:
                    return None
                rest = [r[1:-1] if len(r) > 1 and r[0] == r[-1] and r[0] in "'\"" else r for r in rest]
            return " ".join(sh_word(v) for v in [f.value, *rest])
        if native(c) and c.raw is not None and not c.raw.startswith("$"):
            argv = [c.raw.strip("'\"")]
            if c.node.has_error:
                # (the arguments after the program's own word; an error node may hold no word at all)
                text = self.src(c.node)
                head = text.split(None, 1)[:1]
                argv += _native_tokens(text[text.index(head[0]) + len(head[0]):] if head else "")
            else:
                argv += [w[1] if isinstance(w, tuple) else _native_value(w) for w in c.words]
            return " ".join(sh_word(v) for v in argv)
        return None

    # -- the clipboard ---------------------------------------------------------------------------------------
    def reads_clipboard(self) -> bool:
        return any(c.name == "get-clipboard" for c in self.cmds) or "clipboard]::gettext" in self.low

    def clipboard_out(self, outer) -> None:
        from ..bash.commands import base_name
        from ..bash.common import NET_SENDERS, pipeline_stage

        sent = any(c.name in DOWNLOADERS for c in self.cmds) or bool(_NET_MEMBER.search(self.code))
        found = pipeline_stage(outer)
        if not sent and found is not None:
            stages, me = found
            for s in stages[me + 1:]:
                head = s.child_by_field_name("name") if s.type == "command" else None
                if head is not None and base_name(self.a.src(head).strip("'\"")) in NET_SENDERS:
                    sent = True
        if sent:
            self.block("exfiltration", "PowerShell's clipboard is sent to a network program; never send what the "
                                       "user copied (passwords, tokens) off the machine")


_NATIVE_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"`]|`.)*\"|[^\s,'\"]+")


def _native_tokens(text: str) -> list[str | None]:
    """A native program's arguments read the way PowerShell passes them, for a line its grammar cannot read
    (`rundll32.exe C:\\…\\comsvcs.dll, MiniDump $p out.dmp full`: the comma makes an array, each item an argument);
    a PowerShell variable is a value known only at run time."""
    out: list[str | None] = []
    for m in _NATIVE_TOKEN.finditer(text):
        t = m.group(0)
        if t[0] in "'\"":
            t = t[1:-1]
        if "$" in t and m.group(0)[0] != "'":
            out.append(to_wsl(t) if re.match(r"\$(?:env:\w+|home\b)[\\/]", t, re.IGNORECASE) else None)
            continue
        out.append(to_wsl(t) if re.match(r"(?:\$env:\w+|~|[A-Za-z]:\\|\\\\wsl)", t, re.IGNORECASE) else t)
    return out


def _native_value(w) -> str | None:
    """An argument as the program gets it, a Windows path as WSL names it (`$env:USERPROFILE\\.aws\\credentials` ->
    `~/.aws/credentials`, `C:\\x` -> `/mnt/c/x`); other text as it is (`HKCU\\Software\\…` is a key, not a path)."""
    t = w.value if w.value is not None else w.text
    if _MARK in t:
        return None
    if re.match(r"(?:\$env:\w+|\$home\b|~|[A-Za-z]:\\|\\\\wsl)", t, re.IGNORECASE):
        return to_wsl(t)
    return w.value


def _paths(c: PsCmd) -> list[str]:
    given = c.param("path", 1) or c.param("literalpath", 1)
    items = given.items if given not in (None, True) else [x for a in c.args for x in a.items]
    out = []
    for t in items:
        p = to_wsl(t)
        if p is None or _MARK in p:
            return []
        out.append(p)
    return out


def _curl(c: PsCmd) -> str | None:
    """Invoke-RestMethod / Invoke-WebRequest as the curl command that sends the same file: an upload of a
    credential is then judged as `curl -T` of it is."""
    infile = c.param("infile", 1)
    if infile in (None, True):
        return None
    uri = c.param("uri", 1) or (c.args[0] if c.args else None)
    path = to_wsl(infile.text)
    if path is None or uri in (None, True):
        return None
    method = c.param("method", 1)
    m = method.value if method not in (None, True) and method.value else "POST"
    return f"curl -X {sh_word(m.upper())} -T {sh_word(path)} {sh_word(uri.value)}"


def _key(path: str) -> str:
    return path.strip().strip("'\"").replace("/", "\\").lower().lstrip(".\\")


_ASSIGN = re.compile(r"\$(\w+)\s*=(?!=)\s*(.+?)(?:;|\n|$)")


def _assignments(data: bytes, code: str) -> dict[str, str]:
    """Variables holding downloaded or decoded text (`$r = irm …`, `$b = [Convert]::FromBase64String(…)`)."""
    out: dict[str, str] = {}
    for m in _ASSIGN.finditer(code):
        rhs = m.group(2)
        if _FETCH_MEMBER.search(rhs) or re.search(r"\b(?:irm|iwr|invoke-restmethod|invoke-webrequest|curl|wget)\b",
                                                  rhs, re.IGNORECASE) and not re.search(r"-outf", rhs, re.IGNORECASE):
            out[m.group(1).lower()] = "download"
        elif _DECODE.search(rhs):
            out[m.group(1).lower()] = "decode"
        elif any(out.get(v) for v in _vars(rhs)):
            out[m.group(1).lower()] = next(out[v] for v in _vars(rhs) if out.get(v))
    return out


def _vars(text: str) -> list[str]:
    return [v.lower() for v in re.findall(r"\$(\w+)", text)]
