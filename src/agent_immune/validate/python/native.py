"""ctypes used the ordinary way: a numeric or system library loaded by name and its functions called
(`libm = ctypes.CDLL(ctypes.util.find_library("m")); libm.cos(0.0)`).

ctypes is held (rule `py-ctypes`) because it calls native code around every Python-level check. What
makes that an escape is which library and which function: the C library's `system`/`execve`, the
loader's `dlopen`, the interpreter's own `PyRun_SimpleString` (`ctypes.pythonapi`, `CDLL(None)`), raw
memory (`memmove`, `string_at`, `from_address`) or a library the code downloaded or found in /tmp.
Code whose every use of ctypes is a load of another library by a literal name (or `find_library` of
one), the type and structure helpers, and calls of functions that are none of those, is allowed.

A library handle answers for the libraries it depends on too (dlsym searches them: `libm.system` is
libc's), so the function names are judged whatever library the handle is.
"""
from __future__ import annotations

import re
from ..per_input import holds, in_input

# members of ctypes an ordinary binding uses: loading by name, the types, structures and buffers
_MEMBERS = frozenset({"util", "util.find_library", "CDLL", "cdll.LoadLibrary", "POINTER", "pointer", "Structure",
                      "Union", "BigEndianStructure", "LittleEndianStructure", "byref", "sizeof", "alignment",
                      "create_string_buffer", "create_unicode_buffer", "CFUNCTYPE", "ArgumentError", "get_errno",
                      "Array", "util.find_msvcrt"})
_LOADS = frozenset({"ctypes.CDLL", "ctypes.cdll.LoadLibrary"})
# libraries whose functions run programs or code, or load other libraries: the C library, the loader, the
# interpreter itself, libutil (forkpty)
_RISKY_LIBRARY = re.compile(r"^(?:lib)?(?:c|dl|util|python[\d.]*\w*)(?:[.\-_]|$)")
# functions (of whichever library: a handle reaches its dependencies) that run a program, load code, change
# privileges or memory, or write, delete and send around the Python-level checks
_RISKY_FUNCTIONS = frozenset({
    "system", "popen", "fork", "vfork", "clone", "clone3", "daemon", "fexecve", "ptrace", "process_vm_writev",
    "mprotect", "mmap", "munmap", "syscall", "prctl", "setuid", "setgid", "seteuid", "setegid", "setreuid",
    "setregid", "setresuid", "setresgid", "setgroups", "capset", "chroot", "unshare", "setns", "mount", "umount",
    "umount2", "pivot_root", "reboot", "kill", "killpg", "tgkill", "init_module", "finit_module", "delete_module",
    "sethostname", "open", "open64", "openat", "creat", "fopen", "fopen64", "freopen", "write", "pwrite", "fwrite",
    "unlink", "unlinkat", "remove", "rmdir", "rename", "renameat", "renameat2", "link", "symlink", "symlinkat",
    "chmod", "fchmod", "fchmodat", "chown", "lchown", "fchown", "truncate", "ftruncate", "mkfifo", "mknod",
    "socket", "connect", "bind", "listen", "accept", "send", "sendto", "sendmsg", "putenv", "setenv", "unsetenv",
    "clearenv", "memcpy", "memmove", "memset", "forkpty", "openpty", "login_tty"})
_RISKY_PREFIXES = ("Py", "_", "exec", "posix_spawn", "dl")  # ("_": `lib.__getattr__("system")`, `lib._handle`)
# what reads or writes memory at an address, whatever ctypes object it is taken from (`(c_char * 8).from_address(a)`)
_RAW_MEMORY = frozenset({"from_address", "in_dll", "_handle", "_objects", "_b_base_", "_FuncPtr"})
_FETCHES = re.compile(rb"urlretrieve|urlopen|requests\.|httpx\.|aiohttp|\bwget\b|\bcurl\b|download")
NATIVE_FIX = ("use the library's Python binding, or load one library by its name (not the C library, the loader or the "
              "interpreter) and call only its own functions")
_KEY = "\x00native"  # consts key of the answer (no name in code has a NUL): the analysis keeps its attributes few


# a board's flash erased from Python (as bash/admin.py's `_board` holds `esptool erase_flash`, `pyocd erase`): pyocd's
# FlashEraser exists only to erase (chip, mass or sectors), a target's `mass_erase()`, esptool's own entry point given
# an erase command
_ERASE_VERBS = re.compile(r"""["'](?:erase_flash|erase-flash|erase_region|erase-region|burn_\w+|burn-\w+)["']""")


class Native:
    """ctypes bindings of ordinary libraries."""

    def board_erase(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """Review erasing an attached board's flash (what only the board holds: calibration, keys, bonding data) or
        burning its eFuses; asked of every call, settled by the names before anything is read."""
        if q == "pyocd.flash.eraser.FlashEraser":
            what = "pyocd's `FlashEraser` erases the attached board's flash"
        elif meth == "mass_erase" and holds(self.doc.data, b"pyocd"):
            what = "`mass_erase()` erases the attached board's whole flash"
        elif q in ("esptool.main", "espefuse.main", "esptool.cmds.erase_flash", "esptool.cmds.erase_region") and (
                q.startswith("esptool.cmds") or any(_ERASE_VERBS.search(self.src(p)) for p in pos[:1])):
            what = f"`{q}` erases the board's flash or burns its eFuses"
        else:
            return
        self.review("irreversible", f"{what}; what only the board holds (calibration, stored keys, bonding data) is "
                                    "lost with no undo. Flash the project's image without erasing, or let the user "
                                    "run it", node)

    def ordinary_native(self) -> bool:
        """Whether every use of ctypes in the code is an ordinary binding (see the module's docstring); asked only
        of code naming ctypes, read once from the whole tree."""
        memo = self.consts.get(_KEY)
        if memo is None:
            memo = "1" if self.root is not None and self._ordinary_native() else ""
            self.consts[_KEY] = memo
        return memo == "1"

    def _ordinary_native(self) -> bool:
        names: dict[str, str] = {}  # local name -> what of ctypes it is ("ctypes", "ctypes.CDLL", …)
        nodes = []
        stack = [self.root]
        while stack:
            n = stack.pop()
            t = n.type
            if t in ("import_statement", "import_from_statement"):
                if not self._native_import(n, names):
                    return False
                continue
            if t in ("identifier", "attribute", "call"):
                nodes.append(n)
            stack.extend(n.named_children)
        loads = 0
        for n in nodes:
            if n.type == "call":
                q = self._native_name(n.child_by_field_name("function"), names)
                if q in _LOADS:
                    if not self._native_load(n, names):
                        return False
                    loads += 1
                elif q == "cffi.FFI":
                    found = self._cffi_instance(n, names)
                    if found is None:
                        return False
                    loads += found
                continue
            if n.type == "attribute" and self.src(n.child_by_field_name("attribute")) in _RAW_MEMORY:
                return False
            up = n.parent
            if up is not None and up.type == "attribute" and (n.type == "identifier" or
                                                              up.child_by_field_name("object") == n):
                continue  # only whole chains: `ctypes.util.find_library`, not `ctypes.util` inside it
            if up is not None and up.type == "keyword_argument" and up.child_by_field_name("name") == n:
                continue
            q = self._native_name(n, names)
            if q is not None and q.startswith("cffi"):
                if q != "cffi.FFI" or up is None or up.type != "call" or up.child_by_field_name("function") != n:
                    return False  # (the FFI() calls are judged above)
                continue
            if q is None or not q.startswith("ctypes"):
                continue
            member = q[7:]
            if not (member in _MEMBERS or member.startswith("c_") and "." not in member):
                return False
        return loads > 0

    def _native_import(self, node, names: dict[str, str]) -> bool:
        """Note what an import of ctypes binds; False for one that takes more than an ordinary binding needs (a
        `*`, `_ctypes`, a member outside _MEMBERS)."""
        if node.type == "import_statement":
            for c in node.named_children:
                name, alias = (c, None) if c.type == "dotted_name" else (
                    c.child_by_field_name("name"), c.child_by_field_name("alias"))
                full = self.src(name) if name is not None else ""
                if full.split(".")[0] == "_ctypes" or full.split(".")[0] == "cffi" and full != "cffi":
                    return False
                if full == "cffi":
                    names[self.src(alias) if alias is not None else "cffi"] = "cffi"
                if full.split(".")[0] == "ctypes":
                    names[self.src(alias) if alias is not None else "ctypes"] = full if alias is not None else "ctypes"
            return True
        mod_node = node.child_by_field_name("module_name")
        mod = self.src(mod_node) if mod_node is not None else ""
        if mod.split(".")[0] == "_ctypes" or mod.split(".")[0] == "cffi" and mod != "cffi":
            return False
        if mod == "cffi":
            for c in node.named_children:
                if c == mod_node:
                    continue
                name, alias = (c, c) if c.type == "dotted_name" else (c.child_by_field_name("name"),
                                                                       c.child_by_field_name("alias"))
                if name is None or alias is None or self.src(name) != "FFI":
                    return False  # `from cffi import *`, the API-mode builders, the backends
                names[self.src(alias)] = "cffi.FFI"
            return True
        if mod.split(".")[0] != "ctypes":
            return True
        for c in node.named_children:
            if c == mod_node:
                continue
            if c.type == "wildcard_import":
                return False
            name, alias = (c, c) if c.type == "dotted_name" else (c.child_by_field_name("name"),
                                                                   c.child_by_field_name("alias"))
            if name is None or alias is None:
                return False
            full = f"{mod}.{self.src(name)}"
            member = full[7:]
            if not (member in _MEMBERS or member.startswith("c_") or member == "cdll"):
                return False
            names[self.src(alias)] = full
        return True

    def _native_name(self, node, names: dict[str, str]) -> str | None:
        """The ctypes name an identifier or attribute chain stands for, through the imports noted in `names`."""
        if node is None:
            return None
        if node.type == "identifier":
            return names.get(self.src(node))
        if node.type == "attribute":
            base = self._native_name(node.child_by_field_name("object"), names)
            attr = node.child_by_field_name("attribute")
            return f"{base}.{self.src(attr)}" if base is not None and attr is not None else None
        return None

    def _native_load(self, call, names: dict[str, str]) -> bool:
        """`CDLL("libm.so.6")`, `cdll.LoadLibrary(find_library("m"))`: a library other than the C library, the loader
        or the interpreter, named literally, whose handle is used only to call functions that are not risky."""
        pos = [a for a in self.args(call) if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        if not pos or not self._ordinary_library(pos[0], names):
            return False
        up = call.parent
        if up is not None and up.type == "attribute":
            return self._native_function(up.child_by_field_name("attribute"))
        if up is None or up.type != "assignment" or up.child_by_field_name("left") is None or \
                up.child_by_field_name("left").type != "identifier":
            return False
        handle = self.src(up.child_by_field_name("left"))
        if self.mutable(handle):
            return False
        for m in re.finditer(rb"(?<![\w.])" + re.escape(handle).encode() + rb"\b", self.doc.data):
            n = self.root.named_descendant_for_byte_range(m.start(), m.end())
            if n is None or n.type != "identifier":
                continue  # in a string or a comment
            p = n.parent
            if p is not None and p.type == "assignment" and p.child_by_field_name("left") == n:
                continue
            if p is None or p.type != "attribute" or p.child_by_field_name("object") != n or \
                    not self._native_function(p.child_by_field_name("attribute")):
                return False  # handed on, looked up by a computed name, or a risky function
        return True

    def _native_function(self, attr) -> bool:
        name = self.src(attr) if attr is not None else ""
        return bool(name) and name not in _RISKY_FUNCTIONS and not name.startswith(_RISKY_PREFIXES)

    def _ordinary_library(self, arg, names: dict[str, str]) -> bool:
        """A library named literally (or through `find_library` of a literal, or a name given one once) that is
        not the C library, the loader or the interpreter, nor a file in /tmp, the home or fetched by this code."""
        if arg.type == "identifier":
            arg = self.declared(arg, frozenset({"string", "call", "concatenated_string"}))
            if arg is None:
                return False
        arg = self._path_literal(arg)
        if arg.type == "call":
            inner = [a for a in self.args(arg) if a.type != "keyword_argument"]
            if self._native_name(arg.child_by_field_name("function"), names) != "ctypes.util.find_library" or \
                    len(inner) != 1:
                return False
            arg = inner[0]
        lib = self.string(arg)
        if not lib:
            return False  # CDLL(None) is the process itself: the C library and the interpreter
        if "/" in lib:
            from .. import paths

            if lib.startswith(("/tmp", "/var/tmp", "/dev/shm", "~", "/home", "/root")) or \
                    ".." in lib.split("/") or paths.HOME in paths.kinds(lib) or in_input(_FETCHES, self.doc.data):
                return False
        return _RISKY_LIBRARY.match(lib.rsplit("/", 1)[-1]) is None

    def _path_literal(self, arg):
        """`str(Path("target/release/libx.so").resolve())`, `os.path.abspath("build/libx.so")`: the literal path
        inside the conversions a binding wraps it in (a library the project just built, loaded by its path)."""
        for _ in range(6):
            if arg is None or arg.type != "call":
                return arg
            fn = arg.child_by_field_name("function")
            inner = [a for a in self.args(arg) if a.type != "keyword_argument"]
            name = self.src(fn) if fn is not None else ""
            if name in _PATH_WRAPS and len(inner) == 1:
                arg = inner[0]
            elif fn is not None and fn.type == "attribute" and not inner and \
                    self.src(fn.child_by_field_name("attribute")) in ("resolve", "absolute"):
                arg = fn.child_by_field_name("object")
            else:
                return arg
        return arg

    def _cffi_instance(self, call, names: dict[str, str]) -> int | None:
        """`ffi = FFI(); ffi.cdef("int acme_size(const char *);"); lib = ffi.dlopen("./build/libacme.so")`: cffi's ABI
        mode binding one library. Every use of the instance is one of the ordinary members, every function the cdef
        declares is one an ordinary binding may call, and the library opened is an ordinary one (not None, which is
        the C library). The number of libraries opened, or None when it is more than an ordinary binding."""
        up = call.parent
        if up is None or up.type != "assignment" or up.child_by_field_name("left") is None or \
                up.child_by_field_name("left").type != "identifier":
            return None
        inst = self.src(up.child_by_field_name("left"))
        if self.mutable(inst):
            return None
        opened = 0
        for m in re.finditer(rb"(?<![\w.])" + re.escape(inst).encode() + rb"\b", self.doc.data):
            n = self.root.named_descendant_for_byte_range(m.start(), m.end())
            if n is None or n.type != "identifier":
                continue
            p = n.parent
            if p is not None and p.type == "assignment" and p.child_by_field_name("left") == n:
                continue
            if p is None or p.type != "attribute" or p.child_by_field_name("object") != n:
                return None
            member = self.src(p.child_by_field_name("attribute"))
            if member not in _FFI_MEMBERS:
                return None
            if member in ("cdef", "dlopen"):
                c = p.parent
                pos = [a for a in self.args(c) if a.type not in ("keyword_argument", "list_splat",
                                                                  "dictionary_splat")] if c is not None and \
                    c.type == "call" else []
                if not pos:
                    return None
                if member == "cdef":
                    text = self.string(pos[0])
                    if text is None or not all(self._native_function_name(f) for f in _C_DECLARED.findall(text)):
                        return None
                elif not self._ordinary_library(pos[0], names):
                    return None
                else:
                    opened += 1
        return opened

    def _native_function_name(self, name: str) -> bool:
        return bool(name) and name not in _RISKY_FUNCTIONS and not name.startswith(_RISKY_PREFIXES)


# conversions around a library's path
_PATH_WRAPS = frozenset({"str", "os.fspath", "os.path.abspath", "os.path.realpath", "os.path.normpath", "Path",
                         "pathlib.Path", "PurePath", "pathlib.PurePath"})
# cffi's members an ABI-mode binding uses (cast, buffer, from_buffer and memmove reach raw memory; set_source,
# compile and verify build C code)
_FFI_MEMBERS = frozenset({"cdef", "dlopen", "dlclose", "new", "string", "unpack", "NULL", "sizeof", "typeof",
                          "alignof", "errno", "gc", "new_handle", "from_handle", "integer_const", "getctype", "list_types"})
# the names a cdef declares as functions (a type in parentheses, `(*cb)(int)`, names no function)
_C_DECLARED = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
