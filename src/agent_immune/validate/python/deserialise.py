"""Python loaders that run code hidden in data: pickle and its kin, unsafe YAML, and the
array/model loaders told to unpickle.
"""
from __future__ import annotations

import re


_DESERIALIZE = frozenset({"pickle.loads", "pickle.load", "pickle.Unpickler", "cPickle.loads", "cPickle.load",
                          "_pickle.loads", "_pickle.load", "dill.loads", "dill.load", "marshal.loads", "marshal.load",
                          "shelve.open", "jsonpickle.decode", "yaml.unsafe_load", "yaml.full_load",
                          "yaml.unsafe_load_all", "yaml.full_load_all",
                          "pandas.read_pickle", "joblib.load", "cloudpickle.loads", "cloudpickle.load"})
_PICKLE_OPT_IN = frozenset({"numpy.load", "numpy.lib.npyio.load", "torch.load", "keras.models.load_model",
                            "keras.saving.load_model", "tensorflow.keras.models.load_model"})


# loaders given a file (an open file object or a path), not bytes
_FILE_LOADERS = frozenset({"pickle.load", "cPickle.load", "_pickle.load", "dill.load", "joblib.load",
                           "pandas.read_pickle", "cloudpickle.load", "pickle.Unpickler"})

# loaders given the bytes themselves: judged by where the bytes are read from
_BYTES_LOADERS = frozenset({"pickle.loads", "cPickle.loads", "_pickle.loads", "dill.loads", "cloudpickle.loads"})
# ... and the calls that make such bytes from an object in memory (a round trip loads back only that object)
# PyYAML's loaders that build only plain data, and those that build Python objects (FullLoader: some of them)
_SAFE_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"})
_UNSAFE_LOADERS = frozenset({"Loader", "CLoader", "UnsafeLoader", "CUnsafeLoader", "FullLoader", "CFullLoader"})
_DUMPERS = frozenset({"pickle.dumps", "cPickle.dumps", "_pickle.dumps", "dill.dumps", "cloudpickle.dumps"})


class Deserialise:
    """Which loads can run code from the data they read."""

    def _project_pickle(self, q: str, pos: list) -> bool:
        """`pickle.load(open(".cache/emb.pkl", "rb"))`, `joblib.load("models/clf.joblib")`: a file of the project
        named by a literal relative path, which this code did not download. A project's own cache or model is
        ordinary data science; pickles from elsewhere (a download, `/tmp`, the home, a computed path) still
        run whatever code they hold."""
        if pos and q in _BYTES_LOADERS and self._round_trip(pos[0]):
            return True
        if not pos or q not in _FILE_LOADERS and (q not in _BYTES_LOADERS or pos[0].type != "call"):
            return False
        arg = pos[0]
        if q in _BYTES_LOADERS:
            path = self._read_path(arg)  # pickle.loads(CACHE.read_bytes()), pickle.loads(open(P, "rb").read())
        else:
            path = self.string(arg)  # a literal, or a name given one (`MODEL = Path("models/rf.joblib")`)
        if path is None and q in _BYTES_LOADERS:
            return False
        if path is None and arg.type == "identifier":
            # a file object: `with open(P, "rb") as f`, `with MODEL.open("rb") as f`, `f = open(P, "rb")` earlier
            made = self.bound.get(self.src(arg))
            path = self._opened_path(made) if made is not None else None
            if path is None:
                name = re.escape(self.src(arg))
                m = re.search(rf"open\(\s*(['\"])([^'\"\n]+)\1[^)\n]*\)\s+as\s+{name}\b|"
                              rf"\b{name}\s*=\s*open\(\s*(['\"])([^'\"\n]+)\3",
                              self.doc.data.decode("utf-8", "replace"))
                path = (m.group(2) or m.group(4)) if m else None
        elif path is None and arg.type == "call":
            path = self._opened_path(arg)
        if not path or path.startswith(("/", "~", "$", "\\")) or ".." in path.split("/") or "://" in path:
            return False
        from .. import paths

        return paths.normalize(path) not in self.downloads

    def _round_trip(self, arg) -> bool:
        """`pickle.loads(pickle.dumps(snap))`, or `b = pickle.dumps(snap)` then `pickle.loads(b)`: bytes this code
        pickled from its own object a moment before (a test that the object survives pickling, a deep copy), which
        hold nothing but what the code already had. A name given anything else anywhere is not followed."""
        if arg.type == "identifier":
            if self.mutable(self.src(arg)):
                return False
            arg = self.declared(arg, frozenset({"call"}))
        if arg is None or arg.type != "call":
            return False
        q = self.qualname(arg.child_by_field_name("function")) or ""
        return q in _DUMPERS

    def _read_path(self, call) -> str | None:
        """The literal path whose bytes `P.read_bytes()` or `open(P, "rb").read()` reads; None for other values."""
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "attribute" or self.args(call):
            return None
        meth, obj = self.src(fn.child_by_field_name("attribute")), fn.child_by_field_name("object")
        if meth == "read_bytes":
            return self.string(obj)
        return self._opened_path(obj) if meth == "read" else None

    def _opened_path(self, call) -> str | None:
        """The literal path a file object is opened on: `open(P, "rb")`, `io.open(P)`, `Path(P).open("rb")`,
        `P.open("rb")` with `P` a name given a literal path."""
        if call.type != "call":
            return None
        fn = call.child_by_field_name("function")
        inner = [a for a in self.args(call) if a.type != "keyword_argument"]
        if self.qualname(fn) in ("open", "io.open"):
            return self.string(inner[0]) if inner else None
        if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "open":
            mode = self.string(inner[0]) if inner else "r"
            return self.string(fn.child_by_field_name("object")) if mode is not None and "w" not in mode else None
        return None

    def _pickle_opt_in(self, q: str, node) -> bool:
        """numpy.load(..., allow_pickle=True) and torch.load(..., weights_only=False) unpickle (the option also
        unpacked from a dict: `**{"weights_" + "only": False}`, `**opts`)."""
        if q in ("numpy.load", "numpy.lib.npyio.load"):
            v = self.option(node, "allow_pickle")
            return v is not None and self.src(v) not in ("False", "0", "None")
        if q.endswith("load_model"):  # keras: safe_mode=False deserializes Lambda layers (code)
            v = self.option(node, "safe_mode")
            return v is not None and self.src(v) in ("False", "0", "None")
        if q == "torch.load":
            v = self.option(node, "weights_only")
            return v is not None and self.src(v) in ("False", "0", "None")
        return False

    def ruamel_typ(self, obj) -> str | None:
        """The `typ` of the ruamel.yaml `YAML(...)` instance a name is bound to ("rt" when not given), None
        when the name is not one. Only `typ="unsafe"` builds arbitrary Python objects; the default
        round-trip loader and "safe"/"base"/"rt" build plain data."""
        if obj is None or obj.type != "identifier":
            return None
        made = self.bound.get(self.src(obj))
        if made is None or made.type != "call":
            return None
        q = self.qualname(made.child_by_field_name("function")) or ""
        if not (q == "ruamel.yaml.YAML" or q.endswith(".ruamel.yaml.YAML") or q == "ruamel.yaml.main.YAML"):
            return None
        typ = self.kwarg(made, "typ")
        if typ is None:
            return "rt"
        v = self.string(typ)
        if v is None and typ.type == "list" and typ.named_children:
            v = self.string(typ.named_children[0])
        return v if v is not None else "unsafe"  # chosen at run time: the worst reading

    def _safe_yaml(self, call) -> bool:
        fn = call.child_by_field_name("function")
        typ = self.ruamel_typ(fn.child_by_field_name("object")) if fn is not None and fn.type == "attribute" else None
        if typ is not None:  # `yaml = YAML()` shadows the module name: it is ruamel's instance
            return typ != "unsafe"
        loader = self.kwarg(call, "Loader")
        args = [a for a in self.args(call) if a.type != "keyword_argument"]
        if loader is None and len(args) > 1:
            loader = args[1]
        if loader is None:
            return False
        last = self._yaml_loader_name(self.src(loader))
        if last in _SAFE_LOADERS or last in _UNSAFE_LOADERS:
            return last in _SAFE_LOADERS
        if loader.type == "identifier" and re.search(rf"(?m)^[ \t]*class[ \t]+{re.escape(self.src(loader))}\b",
                                                     self.doc.data.decode("utf-8", "replace")):
            return self._safe_loader_class(self.src(loader))
        return "Safe" in self.src(loader)

    def _yaml_loader_name(self, text: str) -> str:
        """The last name of the loader class `text` stands for, through the imports (`from yaml import FullLoader as
        L` -> FullLoader)."""
        head, _, rest = text.strip().partition(".")
        full = self.alias.get(head, head) + ("." + rest if rest else "")
        return full.rsplit(".", 1)[-1]

    def _safe_loader_class(self, name: str, depth: int = 0) -> bool:
        """`class CfnLoader(yaml.SafeLoader): pass` with its own tags added (CloudFormation's `!Ref`, `!Sub`): a loader
        this code derives only from safe ones builds plain data, unless it is taught Python's own tags
        (`construct_python_object`, `python/object`)."""
        data = self.doc.data.decode("utf-8", "replace")
        m = re.search(rf"(?m)^[ \t]*class[ \t]+{re.escape(name)}[ \t]*\(([^)]*)\)[ \t]*:", data)
        if m is None or depth > 4 or re.search(r"construct_python|python/(?:object|name|module)|UnsafeConstructor|"
                                               r"FullConstructor", data):
            return False
        bases = [b.strip() for b in m.group(1).split(",") if b.strip()]
        return bool(bases) and all(
            self._yaml_loader_name(b) in _SAFE_LOADERS or
            re.fullmatch(r"\w+", b) is not None and b != name and self._safe_loader_class(b, depth + 1) for b in bases)
