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

    def _startup_file(self, path_node, node) -> None:
        """A .pth, sitecustomize.py or usercustomize.py file: Python runs it at every start."""
        if path_node is None:
            return
        last = path_node
        if last.type == "call" and self.qualname(last.child_by_field_name("function")) in _PATH_CTORS:
            parts = self.args(last)
            last = parts[-1] if parts else None
        elif last.type == "binary_operator":
            last = last.child_by_field_name("right")
        name = self.string(last) if last is not None else None
        if name and (name.endswith(".pth") or name.rsplit("/", 1)[-1] in ("sitecustomize.py", "usercustomize.py")):
            self.block("persistence", f"the code writes {name}, which Python runs at every start; agents must not "
                                      "install start-up code", node)

    def _write_target(self, node) -> None:
        path = self.string(node) if node is not None else None
        if path is not None:
            check_path(self.ctx, self.doc, node, path, writing=True)

    def _delete(self, target: str, node) -> None:
        from .. import paths

        n = paths.normalize(target)
        k = paths.kinds(target)
        if n in ("/", "~") or k & {paths.SYSTEM, paths.HOME, paths.SECRET, paths.PERSISTENCE}:
            self.block("destructive-rm", f"the code deletes {target}, a system, home or credential path", node)
