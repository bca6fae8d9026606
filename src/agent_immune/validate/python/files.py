"""What Python code writes or deletes: destructive deletes, writes to protected paths, start-up
files Python runs at every start.
"""
from __future__ import annotations

from ..common_code import check_path
from .strings import _PATH_CTORS


_DELETE = frozenset({"shutil.rmtree", "os.remove", "os.unlink", "os.rmdir", "os.removedirs"})
_WRITE_CALLS = frozenset({"shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move", "os.rename", "os.replace",
                          "os.symlink", "os.link"})
_PATH_WRITES = frozenset({"write_text", "write_bytes", "touch", "symlink_to", "hardlink_to", "chmod", "rename",
                          "replace"})
_WALKS = frozenset({"os.walk", "os.scandir", "os.listdir", "glob.glob", "glob.iglob", "os.fwalk"})


class Files:
    """Writes, deletes and start-up files."""

    def _startup_file(self, path_node, node, content=None) -> None:
        """A .pth, sitecustomize.py or usercustomize.py file: Python runs it at every start (a .pth only its
        `import` lines: one given a path alone, `content`, adds that directory to the import path, as
        `pip install -e .` does)."""
        if path_node is None:
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

    def _write_target(self, node, content=None) -> None:
        path = self.string(node) if node is not None else None
        if path is not None:
            check_path(self.ctx, self.doc, node, path, writing=True)
        elif node is not None:
            # Path(site.getusersitepackages(), "x.pth").write_text(...): where it lands is unknown, what it is is not
            self._startup_file(node, node, content)
            self.tail_written(self.path_tail(node), node)  # Path(top) / ".git" / "hooks" / "post-checkout"

    def _delete(self, target: str, node) -> None:
        from .. import paths

        n = paths.normalize(target)
        k = paths.kinds(target)
        if n in ("/", "~") or k & {paths.SYSTEM, paths.HOME, paths.SECRET, paths.PERSISTENCE}:
            self.block("destructive-rm", f"the code deletes {target}, a system, home or credential path", node)


_TEMPFILES = frozenset({"tempfile.NamedTemporaryFile", "tempfile.TemporaryFile", "tempfile.SpooledTemporaryFile"})
_OPENERS = frozenset({"open", "io.open", "codecs.open"})
_HANDLES = _TEMPFILES | _OPENERS  # calls whose result is a file object the code may write through


class WrittenFiles:
    """Files the code writes, by literal path or by the expression naming them (`f.name`):
    literal code written into a file something runs later is judged now; a file written with
    content computed at run time and then run or imported is generated code run."""

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

    def _written_through(self, obj) -> str | None:
        """The path key a `.write()` on `obj` writes to: a handle or `open(p, "w")` itself."""
        if obj.type == "identifier":
            return self.handles.get(self.src(obj))
        if obj.type == "call" and self.qualname(obj.child_by_field_name("function")) in _OPENERS:
            return self._opened_key(obj)
        return None

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
        if path is not None and (paths.normalize(path) in ("/", "~") or paths.kinds(path) & {paths.SECRET, paths.HOME}):
            self.archives.append((node, f"archives {path}"))
