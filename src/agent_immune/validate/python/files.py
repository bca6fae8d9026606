"""What Python code writes or deletes: destructive deletes, writes to protected paths, start-up
files Python runs at every start. Text appended to a source file (`p.write_text(p.read_text() + "…")`) is judged
as an edit adding it (source_patch.py: a route let in by a key written into the code).
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import source_patch
from ..common_code import ARG, UNKNOWN, check_path, coverage_startup, library_patch, merge
from .strings import _PATH_CTORS, _SAME_PATH


_DELETE = frozenset({"shutil.rmtree", "os.remove", "os.unlink", "os.rmdir", "os.removedirs"})
# calls that read the file their first argument names, or only ask about it (a copy reads its source)
_READ_CALLS = frozenset({"os.path.exists", "os.path.lexists", "os.path.isfile", "os.path.isdir", "os.path.islink",
                         "os.path.getsize", "os.path.getmtime", "os.path.getctime", "os.stat", "os.lstat", "os.access",
                         "filecmp.cmp", "shutil.copy", "shutil.copy2", "shutil.copyfile"})
# methods of a Path that read the file or ask about it, and attributes that are the path's own words
_READ_METHODS = frozenset({"read_text", "read_bytes", "exists", "is_file", "is_dir", "is_symlink", "stat", "lstat",
                           "samefile", "as_posix", "as_uri"})
_PATH_WORDS = frozenset({"name", "suffix", "suffixes", "stem"})
# calls and methods whose value names the same file (or one under it: a join) as the path they are given
_SAME_FILE = _SAME_PATH | _PATH_CTORS | frozenset({"os.path.expanduser", "os.path.expandvars", "pathlib.Path()"})
_SAME_METHODS = frozenset({"expanduser", "resolve", "absolute", "joinpath"})
# calls whose value is the list of the files a pattern names (and a list's copies): a loop over it gives each
_LISTINGS = frozenset({"glob.glob", "glob.iglob", "sorted", "list"})
_LOGS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical"})  # a logger's methods
_WRITE_CALLS = frozenset({"shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move", "os.rename", "os.replace",
                          "os.symlink", "os.link"})
_PATH_WRITES = frozenset({"write_text", "write_bytes", "touch", "symlink_to", "hardlink_to", "chmod", "rename",
                          "replace"})
# a disk mounted for repair or inspection, up to where its own root starts (its /etc, /root, /home, /var)
_MOUNT_POINT = re.compile(r"^/(?:mnt|media|run/media)(?:/[^/]+){1,2}?(?=/(?:etc|root|home|var/spool|usr/lib/systemd|"
                          r"lib/systemd)/)")
# PowerShell's profiles by their names (console, VS Code's and the ISE's host): `profile.ps1` alone is too common
_PS_PROFILE = re.compile(r"(?:^|/)Microsoft\.(?:PowerShell|VSCode|PowerShellISE)_profile\.ps1$", re.IGNORECASE)
# the text of a file read, that an append to it starts with
_READS_SOURCE = re.compile(r"\.read_text\(|\.read\(\)|\bopen\(")
_WALKS = frozenset({"os.walk", "os.scandir", "os.listdir", "glob.glob", "glob.iglob", "os.fwalk"})


# calls whose value is the file an imported module was loaded from, and its folder's (an installed library's code)
_SOURCE_FILE_OF = frozenset({"inspect.getsourcefile", "inspect.getfile", "inspect.getabsfile"})
_UNDER = _PATH_CTORS | _SAME_PATH | frozenset({"os.path.dirname"})


class Files:
    """Writes, deletes and start-up files."""

    def _library_source(self, path_node, depth: int = 0) -> str | None:
        """The module whose installed code the written path `path_node` is in (`inspect.getsourcefile(acc)`,
        `eth_account.__file__`, `importlib.util.find_spec("web3").origin`, a join under its folder), else None."""
        if path_node is None or depth > 6:
            return None
        t = path_node.type
        if t == "identifier":
            made = self.declared(path_node, frozenset({"call", "attribute", "binary_operator"}))
            return self._library_source(made, depth + 1)
        if t == "parenthesized_expression" and path_node.named_children:
            return self._library_source(path_node.named_children[0], depth + 1)
        if t == "binary_operator":  # Path(mod.__file__).parent / "x.py"
            return self._library_source(path_node.child_by_field_name("left"), depth + 1)
        if t == "attribute":
            obj, attr = path_node.child_by_field_name("object"), self.src(path_node.child_by_field_name("attribute"))
            if attr == "__file__" and obj is not None and obj.type in ("identifier", "attribute"):
                name = self.qualname(obj) or ""
                return name if self._imports_module(name) else None
            if attr == "origin" and obj is not None and obj.type == "call" and \
                    self.qualname(obj.child_by_field_name("function")) == "importlib.util.find_spec":
                pos = self.args(obj)
                return (self.string(pos[0]) or "a module") if pos else None
            if attr in ("parent", "parents") or attr == "__file__":
                return self._library_source(obj, depth + 1)
            return None
        if t != "call":
            return None
        fn = path_node.child_by_field_name("function")
        q = self.qualname(fn)
        pos = [a for a in self.args(path_node) if a.type != "keyword_argument"]
        if q in _SOURCE_FILE_OF and pos:
            name = self.qualname(pos[0]) or self.src(pos[0])
            return name if self._imports_module(name) else None
        if q in _UNDER and pos:
            return self._library_source(pos[0], depth + 1)
        if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) in (
                "joinpath", "with_name", "resolve"):
            return self._library_source(fn.child_by_field_name("object"), depth + 1)
        return None

    def _imports_module(self, name: str) -> bool:
        """Whether `name` (dotted) is a module this code imports (not the script's own `__main__`)."""
        top = name.split(".", 1)[0]
        return bool(top) and top != "__main__" and re.search(
            rb"(?m)^\s*(?:import\s+(?:[\w.]+\s*(?:as\s+\w+\s*)?,\s*)*|from\s+)" + re.escape(top.encode()) + rb"\b",
            self.doc.data) is not None

    def _library_written(self, path_node, node) -> bool:
        """A write onto an installed library's own code (see _library_source): the change runs in every program that
        imports it."""
        lib = self._library_source(path_node)
        if lib is None:
            return False
        self.report(library_patch(self.doc.data, lib), node)
        return True

    def _startup_file(self, path_node, node, content=None) -> None:
        """A .pth, sitecustomize.py or usercustomize.py file: Python runs it at every start (a .pth only its
        `import` lines: one given a path alone, `content`, adds that directory to the import path, as
        `pip install -e .` does)."""
        if path_node is None or content is not None and coverage_startup(self.string(content) or ""):
            return  # coverage.py's documented subprocess measurement, and nothing else
        if self._library_written(path_node, node):
            return
        if path_node.type == "identifier":  # p = os.path.join(site.getusersitepackages(), "sitecustomize.py")
            path_node = self.declared(path_node, frozenset({"call", "binary_operator"}))
            if path_node is None:
                return
        last = path_node
        if last.type == "call" and self.qualname(last.child_by_field_name("function")) in _PATH_CTORS:
            parts = self.args(last)
            last = parts[-1] if parts else None
        elif last.type == "binary_operator":
            last = last.child_by_field_name("right")
        elif last.type == "parenthesized_expression" and last.named_children:
            self._startup_file(last.named_children[0], node, content)
            return
        name = self.string(last) if last is not None else None
        if name and _PS_PROFILE.search(name) and self.project_path(path_node) is None:
            # PowerShell runs its profile, found by this name in the profile folders, at every session's start:
            # written to a folder found at run time (`for docs in glob.glob("/mnt/c/Users/*/Documents")`) it is that
            self.block("persistence", f"the code writes {name.rsplit('/', 1)[-1]} into a folder it finds at run time: "
                                      "PowerShell runs its profile at the start of every session; agents must not "
                                      "install start-up code (ask the user to change their profile)", node)
            return
        if name and name.endswith(".pth") and content is not None and self._path_only(content):
            return
        if name and (name.endswith(".pth") or name.rsplit("/", 1)[-1] in ("sitecustomize.py", "usercustomize.py")):
            self.block("persistence", f"the code writes {name}, which Python runs at every start; agents must not "
                                      "install start-up code", node)

    def _path_only(self, content) -> bool:
        """.pth content that is a directory and nothing else: a literal without an `import` line, or a path of the
        project (`str(Path("src").resolve()) + "\n"`)."""
        text = self.string(content)
        if text is not None:
            return not any(line.lstrip().startswith(("import ", "import\t")) for line in text.splitlines())
        if content.type == "binary_operator" and self.src(content.child_by_field_name("operator")) == "+" and \
                self.string(content.child_by_field_name("right")) in ("\n", ""):
            content = content.child_by_field_name("left")
        return self.project_path(content) is not None

    def spread_path(self, q: str | None, fn, node, args: list) -> None:
        """`Path.home().joinpath(*parts)`, `os.path.join(os.path.expanduser("~"), *segs)` with `parts` a literal list
        (of literal pieces: `"so" + "ps"`): the path the pieces make, judged as the literal path is."""
        if not any(a.type == "list_splat" for a in args):
            return
        base = [fn.child_by_field_name("object")] if q is None or not q.endswith("join") else []
        vals: list = []
        for a in base + args:
            if a is None or a.type == "keyword_argument":
                return
            if a.type != "list_splat":
                vals.append(self.string(a))
                continue
            inner = a.named_children[0] if a.named_children else None
            if inner is not None and inner.type == "identifier" and not self._list_changed(self.src(inner)):
                inner = self.lists.get(self.src(inner)) or self.declared(inner, frozenset({"list", "tuple"}))
            if inner is None or inner.type not in ("list", "tuple"):
                return
            vals += [self.string(c) for c in inner.named_children if c.type != "comment"]
        if vals and None not in vals and len(vals) <= 64:
            path = "/".join(v.rstrip("/") if i < len(vals) - 1 else v for i, v in enumerate(vals))
            if path.startswith(("~", "/")):
                check_path(self.ctx, self.doc, node, path)

    def _write_target(self, node, content=None) -> None:
        if content is not None and content.type == "binary_operator" and holds(self.doc.data, b"read"):
            self._appended_source(node, content)
        path = self.string(node) if node is not None else None
        if path is not None:
            check_path(self.ctx, self.doc, node, path, writing=True)
            self.mounted_system(node, path)
        elif node is not None:
            # Path(site.getusersitepackages(), "x.pth").write_text(...): where it lands is unknown, what it is is not
            self._startup_file(node, node, content)
            self.tail_written(self.path_tail(node), node)  # Path(top) / ".git" / "hooks" / "post-checkout"
            self.home_written(node)

    def _appended_source(self, target, content) -> None:
        """`p.write_text(p.read_text() + "…")`: text appended to a source file, judged as an edit adding it
        (source_patch.judge: a route let in by a key written into it). (The text alone is not judged as a program:
        it uses the names of the file it joins, `subprocess.run(cmd, shell=True)` with the file's own `cmd`.)"""
        left, right = content.child_by_field_name("left"), content.child_by_field_name("right")
        if left is None or right is None or self.src(content.child_by_field_name("operator")) != "+" or \
                not _READS_SOURCE.search(self.src(left)):
            return
        text = self.string(right)
        path = self.string(target) if target is not None else None
        if path is not None and not source_patch.CODE_FILE.search(path):
            return  # a log, a data file: not code that runs
        path = path if path is not None else self._patched_path()
        if text is None or path is None:
            return
        found = source_patch.judge(None, text, path or None, self.doc.data.decode("utf-8", "replace"))
        if found is not None:
            self.block(*source_patch.message(found, "the code"), content)

    def home_written(self, node) -> None:
        """A write into a home whose user's name is only known when the code runs (`Path(f"/mnt/c/Users/{user}/
        AppData/…/Startup") / "x.vbs"`, `/home/{u}/.bashrc`): judged as the same file of the home is."""
        from .. import paths
        from ..common_code import RUN_NAME

        for p in self.run_paths(node) or ():
            n = paths.normalize(p)
            if RUN_NAME in p and RUN_NAME not in n and n.startswith("~/"):
                check_path(self.ctx, self.doc, node, n, writing=True)

    def mounted_system(self, node, path: str) -> None:
        """A write under a mounted disk's system tree (`/mnt/vmroot/etc/shadow`, `/media/u/disk/root/.ssh/
        authorized_keys`): another system's accounts or start-up files changed from outside it, where none of its own
        checks apply (bash/admin.py judges `sed -i … /mnt/host/etc/shadow` after a mount the same way)."""
        m = _MOUNT_POINT.match(path)
        if m is None:
            return
        from .. import paths

        inner = path[m.end():]
        k = paths.kinds(inner)
        if k & {paths.PERSISTENCE, paths.SECRET}:
            self.block("persistence", f"the code writes {path}: that is {inner} of the disk mounted at {m.group(0)}, a "
                                      "system's own account, start-up or credential file changed from outside it; "
                                      "agents must not change it", node)

    def path_use(self, node):
        """How the code uses the path `node` (common_code.only_read): True when it reads the file or asks about it
        (`open(p)`, `p.read_text()`, `os.path.exists(p)`, `print(p)`), the name node when it is bound to a name, None
        for any other use (a write, a mode not known, a function the reader does not know)."""
        text = False  # the path is now part of a text (an f-string), which only a print may use
        for _ in range(16):
            up = node.parent
            if up is None:
                return None
            t = up.type
            if t == "parenthesized_expression":
                node = up
            elif t == "conditional_expression":  # `a if cond else b`: a test of the path reads nothing
                if up.named_children[1:2] == [node]:
                    return True
                node = up
            elif t == "binary_operator" and up.child_by_field_name("left") == node and \
                    self.src(up.child_by_field_name("operator")) in ("/", "+"):
                node = up  # a path under it
            elif t == "interpolation" and up.parent is not None:
                node, text = up.parent, True
            elif t == "assignment":
                left = up.child_by_field_name("left")
                if left == node:
                    return True  # given a new value here, not used
                return left if not text and left is not None and left.type == "identifier" else None
            elif t == "attribute":
                if up.child_by_field_name("object") != node or text:
                    return None  # (`x.rc`: another thing that has this name)
                attr = self.src(up.child_by_field_name("attribute"))
                call = up.parent if up.parent is not None and up.parent.type == "call" else None
                if call is None:
                    return True if attr in _PATH_WORDS else None
                if (attr in _READ_METHODS or (attr == "open" and self._reads_only(call, 0))) and not self.patched(attr):
                    return True
                if attr not in _SAME_METHODS:
                    return None
                node = call
            elif t == "argument_list" and up.parent is not None and up.parent.type == "call":
                call = up.parent
                fn = call.child_by_field_name("function")
                q = self.qualname(fn)
                meth = self.src(fn.child_by_field_name("attribute")) if fn.type == "attribute" else None
                if (q == "print" or meth in _LOGS) and not self.patched(q if meth is None else meth):
                    return True
                pos = [a for a in self.args(call) if a.type != "keyword_argument"]
                if text or not pos or pos[0] != node:
                    return None
                if q in _READ_CALLS or (q in ("open", "io.open", "codecs.open") and q == self.src(fn) and
                                        self._reads_only(call, 1)):
                    return True  # (`open` as written: a name of the code's own may preset a mode)
                if meth in ("read", "read_file") and not self.patched(meth):
                    return True  # configparser's read(path)
                if q not in _SAME_FILE and meth not in _SAME_METHODS and q not in _LISTINGS:
                    return None
                node = call
            elif t == "for_statement" and up.child_by_field_name("right") == node:
                # `for p in glob.glob("~/.vscode/extensions/*/package.json")`: each file is bound to `p`
                left = up.child_by_field_name("left")
                return left if not text and left is not None and left.type == "identifier" else None
            else:
                return None
        return None

    def computed_write(self):
        """The first call writing, moving, linking or chmod-ing onto a path computed at run time (`open(p, "a")`,
        `target.write_text(…)`, `shutil.copy(x, dest)`), or None."""
        stack = [self.root] if self.root is not None else []
        while stack:
            n = stack.pop()
            if n.type == "call":
                fn = n.child_by_field_name("function")
                q = self.qualname(fn)
                pos = [a for a in self.args(n) if a.type != "keyword_argument"]
                target = pos[0] if q in ("open", "io.open", "codecs.open", "os.chmod", "os.chown", "os.truncate") and \
                    pos and (q.startswith("os.") or not self._reads_only(n, 1)) else \
                    pos[1] if q in _WRITE_CALLS and len(pos) > 1 else None
                if target is None and fn is not None and fn.type == "attribute":
                    attr = self.src(fn.child_by_field_name("attribute"))
                    if attr in _PATH_WRITES or (attr == "open" and not self._reads_only(n, 0)):
                        target = fn.child_by_field_name("object")
                if self.unnamed_target(target):
                    return n
            if n.named_child_count:
                stack.extend(n.named_children)
        return None

    def _reads_only(self, call, at: int) -> bool:
        """Whether `open(p, mode)` (the mode at position `at`, or `mode=`) opens for reading only."""
        pos = [a for a in self.args(call) if a.type != "keyword_argument"]
        mode_node = pos[at] if len(pos) > at else self.kwarg(call, "mode")
        mode = self.string(mode_node) if mode_node is not None else "r"
        return mode is not None and not set(mode) & set("wax+")

    def _delete(self, target: str, node) -> None:
        from .. import paths

        n = paths.normalize(target)
        k = paths.kinds(target)
        if n in ("/", "~") or k & {paths.SYSTEM, paths.HOME, paths.SECRET, paths.PERSISTENCE}:
            self.block("destructive-rm", f"the code deletes {target}, a system, home or credential path", node)


# serialisers of an object, given it first (common_code.written_text reads the object; JSON is YAML too)
_SERIALISERS = frozenset({"json.dumps", "json.dump", "yaml.dump", "yaml.safe_dump", "ruamel.yaml.dump"})
# methods changing a dict or list in place: the change they make (common_code._apply)
_CHANGES = {"append": "append", "insert": "append", "extend": "extend", "update": "merge", "setdefault": "default"}
_CHAIN = frozenset({"subscript", "call", "parenthesized_expression"})  # what `x = d.setdefault("k", {})` binds to
_TEMPFILES = frozenset({"tempfile.NamedTemporaryFile", "tempfile.TemporaryFile", "tempfile.SpooledTemporaryFile"})
_OPENERS = frozenset({"open", "io.open", "codecs.open"})
_HANDLES = _TEMPFILES | _OPENERS  # calls whose result is a file object the code may write through


class WrittenFiles:
    """Files the code writes, by literal path or by the expression naming them (`f.name`):
    literal code written into a file something runs later is judged now; a file written with
    content computed at run time and then run or imported is generated code run."""

    EDITS = frozenset({"assignment", "augmented_assignment", "call"})

    def dumped(self, node, depth: int):
        """The object `json.dumps(cfg)`, `json.dump(cfg, f)`, `yaml.safe_dump(cfg, f)` serialise (also through a name
        given the text, and with a newline added); None for anything else."""
        if node is None or depth > 4:
            return None
        t = node.type
        if t == "identifier":
            return self.dumped(self.declared(node, frozenset({"call", "binary_operator"})), depth + 1)
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) == "+":
            return self.dumped(node.child_by_field_name("left"), depth + 1)
        if t != "call" or self.qualname(node.child_by_field_name("function")) not in _SERIALISERS:
            return None
        pos = [a for a in self.args(node) if a.type != "keyword_argument"]
        return pos[0] if pos else None

    def value_of(self, node, depth: int, st: dict, each=None):
        """The value of a Python expression as far as the code shows it (common_code.written_text): literals,
        names followed to the object they hold with the changes made to it, a file's content (`json.load(f)`) an
        empty dict whose keys the code then fills; UNKNOWN otherwise. `each` reads the parts of a dict or a list
        instead (a reader that knows more calls: python/containers.py's option sets)."""
        if node is None or depth > 24:
            return UNKNOWN
        t = node.type
        part = each or self.value_of
        if t == "dictionary":
            out: dict = {}
            for c in node.named_children[:256]:
                if c.type == "pair":
                    k = c.child_by_field_name("key")
                    key = self.text_of(k, depth + 1, st)
                    if key is None and each is not None:  # `{os.getcwd(): {"bind": "/src"}}`
                        key = v if isinstance(v := each(k, depth + 1, st), str) else None
                    out[ARG if key is None else key] = part(c.child_by_field_name("value"), depth + 1, st)
                elif c.type == "dictionary_splat" and c.named_children:
                    out = merge(out, part(c.named_children[0], depth + 1, st))
            return out
        if t in ("list", "tuple", "set"):
            items: list = []
            for c in node.named_children[:256]:
                if c.type == "list_splat" and c.named_children:
                    inner = part(c.named_children[0], depth + 1, st)
                    items += inner if isinstance(inner, list) else [UNKNOWN]
                elif c.type != "comment":
                    items.append(part(c, depth + 1, st))
            return items
        if t in ("integer", "float"):
            try:
                return int(self.src(node), 0) if t == "integer" else float(self.src(node))
            except ValueError:
                return UNKNOWN
        if t in ("true", "false", "none"):
            return {"true": True, "false": False, "none": None}[t]
        if t == "identifier":
            return self.name_value(node, depth, st)
        if t == "parenthesized_expression" and node.named_children:
            return self.value_of(node.named_children[0], depth + 1, st)
        if t == "conditional_expression" and len(node.named_children) == 3:  # json.load(f) if exists else {…}
            return merge(self.value_of(node.named_children[0], depth + 1, st),
                         self.value_of(node.named_children[2], depth + 1, st))
        if t == "boolean_operator":  # yaml.safe_load(f) or {"repos": []}
            return merge(self.value_of(node.child_by_field_name("left"), depth + 1, st),
                         self.value_of(node.child_by_field_name("right"), depth + 1, st))
        if t == "call":
            fn = node.child_by_field_name("function")
            q = self.qualname(fn)
            pos = [a for a in self.args(node) if a.type != "keyword_argument"]
            if q == "dict":  # dict(command="sh", args=[…]), dict(base, key=…)
                out = self.value_of(pos[0], depth + 1, st) if pos else {}
                out = out if isinstance(out, dict) else {}
                for a in self.args(node):
                    if a.type == "keyword_argument":
                        out[self.src(a.child_by_field_name("name"))] = self.value_of(
                            a.child_by_field_name("value"), depth + 1, st)
                return out
            if q in ("list", "tuple", "copy.copy", "copy.deepcopy") and len(pos) == 1:
                return self.value_of(pos[0], depth + 1, st)
            if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "copy" \
                    and not pos:
                return self.value_of(fn.child_by_field_name("object"), depth + 1, st)
        v = self.text_of(node, depth + 1, st)
        return UNKNOWN if v is None else v

    def edit_of(self, node):
        """(change, the part changed, the value) of `d["a"]["b"] = v`, `d.setdefault("a", {})`, `d["r"].append(v)`,
        `d.update(v)`, `d["l"] += v`; ("bind", name, part) of `s = d.setdefault("scripts", {})`; None otherwise."""
        t = node.type
        if t == "assignment":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                return None
            if left.type == "identifier":
                return ("bind", self.src(left), right) if right.type in _CHAIN else None
            return ("set", left, right) if left.type == "subscript" else None
        if t == "augmented_assignment":
            op = self.src(node.child_by_field_name("operator"))
            how = "extend" if op == "+=" else "merge" if op == "|=" else None
            return (how, node.child_by_field_name("left"), node.child_by_field_name("right")) if how else None
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "attribute":
            return None
        how = _CHANGES.get(self.src(fn.child_by_field_name("attribute")))
        pos = [a for a in self.args(node) if a.type != "keyword_argument"]
        if how is None or not pos:
            return None
        if how == "default":
            return ("default", node, pos[1] if len(pos) > 1 else None)
        return (how, fn.child_by_field_name("object"), pos[-1])

    def chain_of(self, node, st: dict):
        """(the name, the keys) of a part of an object: `cfg["mcpServers"]["x"]`, `cfg.setdefault("hooks", {})[k]`;
        a key known only when the code runs is ARG. None for anything else."""
        keys: list = []
        for _ in range(16):
            if node is None:
                return None
            t = node.type
            if t == "identifier":
                return self.src(node), keys[::-1]
            if t == "subscript":
                key = node.child_by_field_name("subscript")
                if key is not None and key.type == "integer":
                    keys.append(int(self.src(key), 0))
                else:
                    keys.append(self.text_of(key, 0, st) or ARG if key is not None else ARG)
                node = node.child_by_field_name("value")
            elif t == "call":
                fn = node.child_by_field_name("function")
                args = [a for a in self.args(node) if a.type != "keyword_argument"]
                if fn is None or fn.type != "attribute" or not args or \
                        self.src(fn.child_by_field_name("attribute")) not in ("setdefault", "get"):
                    return None
                keys.append(self.text_of(args[0], 0, st) or ARG)
                node = fn.child_by_field_name("object")
            elif t == "parenthesized_expression" and node.named_children:
                node = node.named_children[0]
            else:
                return None
        return None

    def _opened_key(self, call) -> str | None:
        """The path key of `open(p, "w")` (any writing mode), None when it only reads."""
        pos = [a for a in self.args(call) if a.type != "keyword_argument"]
        if not pos:
            return None
        mode_node = pos[1] if len(pos) > 1 else self.kwarg(call, "mode")
        mode = self.string(mode_node) if mode_node is not None else "r"
        return self._path_key(pos[0]) if mode and set(mode) & set("wax+") else None

    def _handle(self, name: str, call) -> None:
        """`f = open(p, "w")`, `with open(p, "w") as f`, `f = tempfile.NamedTemporaryFile(...)`."""
        q = self.qualname(call.child_by_field_name("function"))
        if q in _TEMPFILES:
            self.handles[name] = f"{name}.name"
        elif q in _OPENERS:
            key = self._opened_key(call)
            if key is not None:
                self.handles[name] = key
        else:
            key = self._path_opened_key(call)
            if key is not None:
                self.handles[name] = key

    def _path_opened_key(self, call) -> str | None:
        """The path key of `Path(P).open("a")`, `cfg.open("w")` with `cfg` a path the code named, when it writes."""
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "attribute" or self.src(fn.child_by_field_name("attribute")) != "open":
            return None
        pos = [a for a in self.args(call) if a.type != "keyword_argument"]
        mode_node = pos[0] if pos else self.kwarg(call, "mode")
        mode = self.string(mode_node) if mode_node is not None else "r"
        if not mode or not set(mode) & set("wax+"):
            return None
        obj = fn.child_by_field_name("object")
        return self._path_key(obj) if self.string(obj) is not None else None

    def _written_through(self, obj) -> str | None:
        """The path key a `.write()` on `obj` writes to: a handle or `open(p, "w")` itself."""
        if obj.type == "identifier":
            return self.handles.get(self.src(obj))
        if obj.type == "call" and self.qualname(obj.child_by_field_name("function")) in _OPENERS:
            return self._opened_key(obj)
        return self._path_opened_key(obj) if obj.type == "call" else None

    def _scripts(self, node) -> None:
        """`{"scripts": {"postinstall": "..."}}`: npm runs each value as a shell command."""
        value = node.child_by_field_name("value")
        if value is None or value.type != "dictionary" or self.string(node.child_by_field_name("key")) != "scripts":
            return
        for pair in value.named_children:
            if pair.type == "pair":
                self._npm_script(pair.child_by_field_name("value"))

    def _is_scripts(self, key) -> bool:
        return key is not None and self.string(key) == "scripts"

    def _scripts_table(self, value) -> bool:
        """`pkg["scripts"]`, `pkg.setdefault("scripts", {})`, `pkg.get("scripts")`: a package.json's scripts
        table, whose entries npm runs as shell commands."""
        if value.type == "identifier":  # scripts = pkg.setdefault("scripts", {}); scripts["postinstall"] = …
            made = self.declared(value, frozenset({"subscript", "call"}))
            return made is not None and self._scripts_table(made)
        if value.type == "subscript":
            return self._is_scripts(value.child_by_field_name("subscript"))
        if value.type != "call":
            return False
        fn = value.child_by_field_name("function")
        args = self.args(value)
        return fn is not None and fn.type == "attribute" and bool(args) and \
            self.src(fn.child_by_field_name("attribute")) in ("setdefault", "get") and self._is_scripts(args[0])

    def _archived(self, node) -> None:
        """An archive made of the home, / or a credential directory (sent off if the code uses the network)."""
        from .. import paths

        path = self.string(node) if node is not None else None
        if path in (".", "./") or node is not None and self.qualname(node.child_by_field_name("function")) in (
                "os.getcwd", "pathlib.Path.cwd") and node.type == "call":
            self.lists["project archive"] = node  # sent off if a request follows (http_calls._archive_sent)
        if path is not None and (paths.normalize(path) in ("/", "~") or paths.kinds(path) & {paths.SECRET, paths.HOME}):
            self.archives.append((node, f"archives {path}"))
