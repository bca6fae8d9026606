"""Python loaders that run code hidden in data: pickle and its kin, unsafe YAML, and the
array/model loaders told to unpickle.
"""
from __future__ import annotations


_DESERIALIZE = frozenset({"pickle.loads", "pickle.load", "pickle.Unpickler", "cPickle.loads", "cPickle.load",
                          "_pickle.loads", "_pickle.load", "dill.loads", "dill.load", "marshal.loads", "marshal.load",
                          "shelve.open", "jsonpickle.decode", "yaml.unsafe_load", "yaml.full_load",
                          "yaml.unsafe_load_all", "yaml.full_load_all",
                          "pandas.read_pickle", "joblib.load", "cloudpickle.loads", "cloudpickle.load"})
_PICKLE_OPT_IN = frozenset({"numpy.load", "numpy.lib.npyio.load", "torch.load", "keras.models.load_model",
                            "keras.saving.load_model", "tensorflow.keras.models.load_model"})


class Deserialise:
    """Which loads can run code from the data they read."""

    def _pickle_opt_in(self, q: str, node) -> bool:
        """numpy.load(..., allow_pickle=True) and torch.load(..., weights_only=False) unpickle."""
        if q in ("numpy.load", "numpy.lib.npyio.load"):
            v = self.kwarg(node, "allow_pickle")
            return v is not None and self.src(v) not in ("False", "0", "None")
        if q.endswith("load_model"):  # keras: safe_mode=False deserializes Lambda layers (code)
            v = self.kwarg(node, "safe_mode")
            return v is not None and self.src(v) in ("False", "0", "None")
        if q == "torch.load":
            v = self.kwarg(node, "weights_only")
            return v is not None and self.src(v) in ("False", "0", "None")
        return False

    def _safe_yaml(self, call) -> bool:
        loader = self.kwarg(call, "Loader")
        args = [a for a in self.args(call) if a.type != "keyword_argument"]
        if loader is None and len(args) > 1:
            loader = args[1]
        return loader is not None and "Safe" in self.src(loader)
