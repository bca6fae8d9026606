"""Machine-learning platforms' clients: model hubs, experiment trackers, model providers; and the model files and
caches ML code handles.

- Deleted for good on a platform (rule `irreversible`, review): huggingface_hub's `delete_folder`, `delete_files`,
  `super_squash_history` (every earlier revision gone), `delete_inference_endpoint` (also an endpoint object's
  `.delete()`), `delete_collection`, `delete_space_secret`, as module functions or `HfApi` methods (`delete_repo` and
  `delete_branch`: python/irreversible.py; one file's `delete_file` is an item's delete, allowed); MlflowClient's `delete_model_version` unless the tracking URI the code
  sets is this machine's or a local store (`file:`, `sqlite:`, a path); the OpenAI and Anthropic clients'
  `models.delete` (a fine-tuned model), `files.delete`, `vector_stores.delete`, `assistants.delete`,
  `threads.delete`. Listing, downloading and uploading stay allowed.
- A model or array file fetched from another host and unpickled (rule `py-unsafe-deserialize`, block):
  `torch.load(F)` without `weights_only=True` (torch before 2.6 unpickles by default) of a file
  `urllib.request.urlretrieve`, `wget.download`, `torch.hub.download_url_to_file`, a response's body written to it
  (`open(F, "wb").write(requests.get(u).content)`, also then read by pickle.load) or a notebook's `!wget -O F`
  saved from a host that is not a code host or a model hub (the URL read through `bytes.fromhex(…).decode()`,
  `"/".join(parts)`, a config dict's value, a helper's return: http_calls._url_text), and
  `torch.hub.load_state_dict_from_url(URL)` of such a host. `weights_only=True`, safetensors and the hubs' own files
  stay allowed; `pickle.load`/`joblib.load` of any download and `np.load(…, allow_pickle=True)` are blocked by
  python/deserialise.py already.
- `from_pretrained(REPO, trust_remote_code=True)` (also `pipeline(model=…)`, `load_dataset`, `SentenceTransformer`,
  the flag or the name from a class attribute, a config dict or `**{…}`) of a repository whose organisation is not a
  known publisher's but is named after a well-known model or publisher (`llama3-community-hub/…`,
  `bert-base-uncased-optimized/…`): blocked (`py-dynamic-code`), it runs that look-alike's Python unattended. A known
  organisation's repository, and an organisation's own repository, stay as python/calls.py judges them (reviewed
  with the flag); a flag unpacked from a dict is reviewed the same way.
- IPython's API in a cell: `get_ipython().system(cmd)` / `getoutput` judged as `!cmd`, `run_line_magic(name, line)`
  as `%name line`, `run_cell_magic(name, line, body)` as that cell, `run_cell`/`ex`/`ev` as Python; a command or code
  computed at run time is blocked (`py-shell-exec` / `py-dynamic-code`), as os.system's is.
- `importlib.import_module(name)` of a name read from the project's own configuration file (`yaml.safe_load(open(
  "configs/x.yaml"))`): reviewed (`py-dynamic-import`) unless an `assert name.startswith("pkg.models.")` confines it to
  one package first (then allowed, with `getattr(module, cls_name)` of it: python/code.py).
- The whole environment given to an experiment tracker (`wandb.init(config=dict(os.environ))`, `wandb.log`,
  `mlflow.log_params`, a run's or an experiment's `log*`/`connect`/`config.update`): blocked (`exfiltration`), it is
  uploaded to the tracker's servers.
- A recursive delete of a path that, for some item of a loop over literal paths, is the home or the root
  (`for cache in (hf_cache, torch_cache): shutil.rmtree(cache.parents[1])`): blocked (`destructive-rm`).
"""
from __future__ import annotations

import re

from ..per_input import holds
from ..common_code import COMPUTED, ENVIRONMENT, irreversible_message
from ..hosts import loopback, url_host
from .files import _DELETE

# huggingface_hub (module functions and HfApi methods) -> what the call loses
_HF_DELETES = {
    "delete_folder": "deletes the folder's files from the repository in a new commit (a later history squash or "
                     "rewrite loses them for good)",
    "delete_files": "deletes the files from the repository in a new commit (a later history squash or rewrite loses "
                    "them for good)",
    "super_squash_history": "squashes the branch's history into one commit: every earlier revision of every file is "
                            "gone",
    "delete_inference_endpoint": "deletes the Inference Endpoint: the deployed model's service, its URL and settings",
    "delete_collection": "deletes the collection",
    "delete_space_secret": "deletes the Space's secret (its value is never shown again)",
}
# the inference endpoints' objects, whose own `.delete()` deletes the endpoint
_ENDPOINTS = frozenset({"get_inference_endpoint", "list_inference_endpoints", "create_inference_endpoint",
                        "create_inference_endpoint_from_catalog"})
_MLFLOW_DELETES = {"delete_model_version": "deletes the registered model's version (its stage, aliases and lineage) "
                                           "from the registry"}
# OpenAI's and Anthropic's clients: the resource (singular, lower case) whose `.delete()` is held -> what it loses
PROVIDER_DELETES = {"model": "deletes the fine-tuned model: requests naming it fail from then on, and getting it "
                              "back costs another fine-tuning run",
                     "file": "deletes the uploaded file (training data, batch input, an assistant's knowledge)",
                     "vector_store": "deletes the vector store with its indexed files",
                     "assistant": "deletes the assistant with its instructions and settings",
                     "thread": "deletes the conversation thread with its messages"}
_PROVIDERS = ("openai", "anthropic")
_CHECKED = frozenset(_HF_DELETES) | frozenset(_MLFLOW_DELETES) | {"delete"}
_TRACKING_URI = re.compile(r"""(?:set_tracking_uri\(\s*|tracking_uri\s*=\s*|MlflowClient\(\s*|MLFLOW_TRACKING_URI['"]\s*"""
                           r"""(?:\]\s*=|,)\s*)(?:uri\s*=\s*)?['"]([^'"]*)['"]""")

# -- files fetched and unpickled ----------------------------------------------------------------------------------
# downloads: the call -> where the file it saves is given (position, keyword)
_FETCHES = {"urllib.request.urlretrieve": (1, "filename"), "urllib.urlretrieve": (1, "filename"),
            "wget.download": (1, "out"), "torch.hub.download_url_to_file": (1, "dst")}
# where code, model weights and datasets are published by the projects themselves
_OWN_HOSTS = frozenset({"github.com", "api.github.com", "codeload.github.com", "objects.githubusercontent.com",
                        "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co", "hf.co",
                        "cdn-lfs.huggingface.co", "download.pytorch.org", "storage.googleapis.com",
                        "dl.fbaipublicfiles.com", "zenodo.org"})
_OWN_SUFFIXES = (".githubusercontent.com", ".github.com", ".huggingface.co", ".hf.co")

# -- trust_remote_code --------------------------------------------------------------------------------------------
# what loads a hub repository's code when told to trust it
_LOADERS = frozenset({"from_pretrained", "pipeline", "load_dataset", "SentenceTransformer", "from_config"})
_REPO_KEYS = ("pretrained_model_name_or_path", "model", "model_name_or_path", "repo_id", "path", "model_id")
# organisations publishing models under their own name on the model hubs (lower case)
_KNOWN_ORGS = frozenset({
    "meta-llama", "facebook", "facebookai", "mistralai", "mistral-community", "google", "google-bert", "google-t5",
    "microsoft", "openai", "openai-community", "qwen", "tiiuae", "bigscience", "bigcode", "eleutherai", "huggingface",
    "huggingfaceh4", "huggingfacetb", "huggingfacem4", "stabilityai", "sentence-transformers", "deepseek-ai",
    "nvidia", "allenai", "thudm", "zai-org", "01-ai", "internlm", "baichuan-inc", "salesforce", "apple", "ibm",
    "ibm-granite", "amazon", "intfloat", "baai", "jinaai", "nomic-ai", "tinyllama", "databricks", "mosaicml",
    "togethercomputer", "lmsys", "nousresearch", "upstage", "moonshotai", "alibaba-nlp", "answerdotai",
    "black-forest-labs", "runwayml", "compvis", "laion", "timm", "unsloth", "thebloke", "coherelabs", "cohereforai",
    "llava-hf", "openbmb", "opengvlab", "snowflake", "mixedbread-ai", "cross-encoder", "distilbert", "minimaxai",
    "xai-org", "thenlper", "Alibaba-NLP".lower(), "llamafactory", "lmstudio-community", "bartowski", "huggingfacefw"})
# model families and publishers whose names a look-alike organisation borrows
_BORROWED = re.compile(r"^(?:llama|codellama|mistral|mixtral|qwen|gemma|phi|bert|roberta|distilbert|gpt|falcon|"
                       r"deepseek|t5|whisper|bloom|starcoder|stablelm|chatglm|baichuan|internlm|meta|google|microsoft|"
                       r"openai|facebook|huggingface|hf|nvidia|anthropic|claude|deepmind|alibaba|stabilityai)"
                       r"[\d.]*(?:v\d+|ai)?$")
_HOME_OR_ROOT = ("~", "/", "~/..")
# huggingface_hub's uploads -> (the keyword naming what is uploaded, its position when passed so; None: keyword only)
_HF_UPLOADS = {"upload_folder": ("folder_path", None), "upload_large_folder": ("folder_path", 1),
               "upload_file": ("path_or_fileobj", None), "CommitOperationAdd": ("path_or_fileobj", None)}
# IPython's shell object's methods -> how many of their first arguments must be known to judge them
_IPYTHON = {"system": 1, "system_raw": 1, "system_piped": 1, "getoutput": 1, "run_line_magic": 2,
            "run_cell_magic": 3, "magic": 1, "run_cell": 1, "ex": 1, "ev": 1}
_IPYTHON_SHELL = frozenset({"system", "system_raw", "system_piped", "getoutput"})
_IMPORTS = frozenset({"importlib.import_module", "__import__"})
# requests whose response body a file is written from
_GETS = frozenset({"requests.get", "httpx.get", "urllib.request.urlopen", "requests.request", "httpx.stream"})
# experiment trackers: what uploads a run's settings and values
_TRACKERS = frozenset({"wandb", "mlflow", "comet_ml", "clearml", "neptune", "aim"})
_TRACKER_CALLS = frozenset({"wandb.init", "wandb.log", "wandb.config.update", "mlflow.log_params", "mlflow.log_param",
                            "mlflow.log_dict", "mlflow.log_text", "mlflow.set_tags", "mlflow.start_run"})
_TRACKER_METHODS = frozenset({"log", "log_params", "log_parameters", "log_others", "log_dict", "log_text", "connect",
                              "set_tags", "update"})
# the calls _ml_call reads
_CALLS = frozenset(_FETCHES) | _IMPORTS | _TRACKER_CALLS | {"torch.load", "torch.hub.load_state_dict_from_url"}


class MlPlatforms:
    """Model hubs, experiment trackers and model providers; model files and caches."""

    def seed_fetched(self, fetched: dict[str, str]) -> None:
        """Files downloaded before this code runs (a notebook cell's `!wget -O F URL`: python/notebooks.py) -> URL."""
        self.lists.setdefault("ml fetched", {}).update(fetched)  # type: ignore[union-attr]
        self.downloads.update(fetched)

    def visit_ml(self, q: str | None, fn, meth, node, pos: list) -> None:
        """A call: settled by its name before anything else is read."""
        name = meth if meth is not None else q.rpartition(".")[2] if q is not None else None
        if name in _CHECKED:
            self._ml_delete(q, fn, name, node, pos)
        elif name in _HF_UPLOADS:
            self._hub_upload(name, node, pos)
        elif meth in _IPYTHON and self._ipython_shell(fn.child_by_field_name("object")):
            self._ipython_call(meth, node, pos)
        elif fn.type == "identifier" and self.bound:  # run = get_ipython().system; run("…")
            made = self.bound.get(self.src(fn))
            if made is not None and made.type == "attribute":
                attr = self.src(made.child_by_field_name("attribute"))
                if attr in _IPYTHON and self._ipython_shell(made.child_by_field_name("object")):
                    self._ipython_call(attr, node, pos)
        elif (meth == "write" or meth == "write_bytes") and pos and pos[0].type in ("attribute", "call"):
            self._fetched_write(meth, fn.child_by_field_name("object"), pos[0])
        elif meth in _TRACKER_METHODS and holds(self.doc.data, b"environ"):
            root = self.origin(fn.child_by_field_name("object"))[0]
            if root is not None and root.split(".")[0] in _TRACKERS:
                self._tracked_env(self.src(fn) if fn.end_byte - fn.start_byte <= 60 else meth, node)
        if q is None:
            return
        if q in _CALLS:
            self._ml_call(q, node, pos)
        elif q in _DELETE and pos and self.string(pos[0]) is None:
            self._climbing_delete(q, pos[0], node)
        data = self.doc.data
        if data.find(b"trust_remote_code", node.start_byte, node.end_byte) >= 0 or (
                name in _LOADERS and data.find(b"**", node.start_byte, node.end_byte) >= 0):
            self._remote_code(q, node, pos)  # (also `**opts` with `opts = {"trust_remote_" + "code": True}`)

    def _hub_upload(self, name: str, node, pos: list) -> None:
        """huggingface_hub's `upload_folder(folder_path=os.path.expanduser("~"))`, `upload_file(path_or_fileobj=
        "~/.aws/credentials")`, `CommitOperationAdd(path_or_fileobj=…)` of a `create_commit` (module functions or
        HfApi methods): the home, the root or a credential folder or file pushed to a hub repository, where its
        owner (or anyone, for a public one) reads it: exfiltration. A project folder or file stays allowed."""
        if not any(v.split(".")[0] == "huggingface_hub" for v in self.alias.values()):
            return
        key, at = _HF_UPLOADS[name]
        arg = self.kwarg(node, key)
        if arg is None and at is not None and len(pos) > at:
            arg = pos[at]
        path = self.string(arg) if arg is not None else None
        if path is None:
            return
        from .. import paths

        where = paths.normalize(path)
        if where in _HOME_OR_ROOT or where.rstrip("/") in ("~", "") or paths.kinds(where) & {paths.SECRET}:
            self.block("exfiltration", f"`{name}` uploads {path} to a model hub repository: every key, token and "
                                       "credential file in it goes to that repository's readers; upload only the "
                                       "project's own output folder", arg)

    def _tracked_env(self, what: str, node) -> None:
        """`wandb.init(config=dict(os.environ))`, `mlflow.log_params(os.environ)`, `run.log({"env": …})`: the whole
        environment uploaded to an experiment tracker's servers, where whoever reads the project reads every secret."""
        for a in self.args(node):
            if self.mentions_env(a):
                self.block("exfiltration", f"`{what}` uploads the whole environment (every secret in it) to the "
                                           "experiment tracker's servers; log the settings the run needs by name", a)
                return

    def _ml_call(self, q: str, node, pos: list) -> None:
        if q in _TRACKER_CALLS:
            if holds(self.doc.data, b"environ"):
                self._tracked_env(q, node)
        elif q in _FETCHES:
            self._fetch(q, node, pos)
        elif q == "torch.load":
            if pos:
                self._fetched_load(q, pos[0], node)
        elif q == "torch.hub.load_state_dict_from_url":
            url = pos[0] if pos else self.kwarg(node, "url")
            if url is not None and not self._weights_only(node):
                self._foreign_pickle(q, self._url_text(url), self.src(url), node)
        elif pos and pos[0].type == "identifier" and self.string(pos[0]) is None:  # import_module(name)
            source = self.config_source(pos[0])
            if source is not None and not self._asserted_prefix(pos[0], node):
                self.review("py-dynamic-import", f"`{q}` imports the module {source} names; check that it names a module "
                                                 "of the project, or confine it to one package first (`assert "
                                                 "name.startswith(\"pkg.models.\")`)", node)

    # -- IPython's own API: what `!cmd` and `%magic` lines are, spelled as calls ---------------------------------
    def _ipython_shell(self, obj) -> bool:
        """`get_ipython()`, or a name given it (`ip = get_ipython()`)."""
        for _ in range(3):
            if obj is None:
                return False
            if obj.type == "identifier":
                obj = self.bound.get(self.src(obj))
                continue
            return obj.type == "call" and (self.qualname(obj.child_by_field_name("function")) or "").endswith(
                "get_ipython")
        return False

    def _ipython_call(self, meth: str, node, pos: list) -> None:
        """`get_ipython().system(cmd)` is `!cmd`, `run_line_magic("env", "K=V")` is `%env K=V`, `run_cell_magic("bash",
        "", body)` a `%%bash` cell, `run_cell(code)` / `ex(code)` / `ev(expr)` Python: each judged as that (a value
        computed at run time: blocked, as os.system of one is)."""
        texts = [self.string(p) for p in pos[:3]]
        if not texts or None in texts[:_IPYTHON[meth]]:
            self.block("py-shell-exec" if meth in _IPYTHON_SHELL else "py-dynamic-code",
                       f"`get_ipython().{meth}` runs {'a command' if meth in _IPYTHON_SHELL else 'code'} built at run "
                       "time; write the command in the cell", node)
            return
        if meth in _IPYTHON_SHELL:
            self.ctx.nested(texts[0], "bash", self.doc, pos[0], None)
        elif meth == "run_line_magic":
            self.ctx.nested(f"%{texts[0]} {texts[1]}", "python", self.doc, node, None)
        elif meth == "run_cell_magic":
            self.ctx.nested(f"%%{texts[0]} {texts[1]}\n{texts[2]}", "python", self.doc, node, None)
        elif meth == "magic":
            self.ctx.nested(f"%{texts[0]}", "python", self.doc, node, None)
        else:
            self.ctx.nested(texts[0], "python", self.doc, pos[0], None)

    # -- deleted on a platform ------------------------------------------------------------------------------------
    def _ml_delete(self, q: str | None, fn, name: str, node, pos: list) -> None:
        obj = fn.child_by_field_name("object") if fn.type == "attribute" else None
        if obj is None:  # delete_inference_endpoint(…) imported from huggingface_hub
            if q is not None and q.startswith("huggingface_hub.") and name in _HF_DELETES:
                self._held(q, _HF_DELETES[name], "hf", node)
            return
        root, chain, _ = self.origin(obj)
        if root is None:
            return
        top = root.split(".")[0]
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 60 else name
        if top == "huggingface_hub":
            if name in _HF_DELETES:
                self._held(what, _HF_DELETES[name], "hf", node)
            elif name == "delete" and (root.rpartition(".")[2] in _ENDPOINTS or _ENDPOINTS.intersection(chain)):
                self._held(what, _HF_DELETES["delete_inference_endpoint"], "hf", node)
        elif top == "mlflow" and name in _MLFLOW_DELETES and not self._local_tracking():
            self._held(what, _MLFLOW_DELETES[name], "mlflow", node)
        elif top in _PROVIDERS and name == "delete":
            near = next((c for c in chain if c != "[]"), "")
            loss = PROVIDER_DELETES.get(re.sub(r"s$", "", near.lower()))
            if loss is not None:
                self._held(what, f"{loss} on {'OpenAI' if top == 'openai' else 'Anthropic'}'s platform", None, node)

    def _held(self, what: str, loss: str, family: str | None, node) -> None:
        self.review("irreversible", irreversible_message(what, loss, family), node)

    def _local_tracking(self) -> bool:
        """Whether the MLflow tracking URI the code sets is a store on this machine (`file:`, `sqlite:`, a path,
        localhost); a server elsewhere, or none set here (the environment's), is not."""
        found = _TRACKING_URI.findall(self.doc.data.decode("utf-8", "replace"))
        if not found:
            return False
        for uri in found:
            if "://" not in uri or uri.startswith(("file:", "sqlite:")):
                continue
            host = url_host(uri)
            if host is None or not loopback(host):
                return False
        return True

    # -- files fetched, then unpickled ----------------------------------------------------------------------------
    def _fetch(self, q: str, node, pos: list) -> None:
        """`urlretrieve(url, dest)` and kin: the file (its path, and the names the call's result is given) -> URL."""
        at, key = _FETCHES[q]
        url = pos[0] if pos else self.kwarg(node, "url")
        dest = pos[at] if len(pos) > at else self.kwarg(node, key)
        text = self._url_text(url) if url is not None else None
        if text is None:
            return
        table = self.lists.setdefault("ml fetched", {})
        keys = []
        if dest is not None:
            keys.append(self._path_key(dest))
        elif q == "wget.download":
            keys.append(text.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1])
        up = node.parent
        while up is not None and up.type in ("await", "parenthesized_expression"):
            up = up.parent
        if up is not None and up.type == "assignment":  # path, _ = urlretrieve(…); local = wget.download(…)
            left = up.child_by_field_name("left")
            names = left.named_children if left is not None and left.type in ("pattern_list", "tuple_pattern") else \
                [left]
            if names and names[0] is not None and names[0].type == "identifier":
                keys.append(self.src(names[0]))
        for k in keys:
            table[k] = text  # type: ignore[index]
            if q == "torch.hub.download_url_to_file":
                self.downloads.add(k)

    def _fetched_write(self, meth: str, obj, content) -> None:
        """`open(p, "wb").write(r.content)` / `f.write(requests.get(u).content)` / `Path(p).write_bytes(…)` with `r =
        requests.get(u)`: the file p holds what the URL served (noted as urlretrieve's file is)."""
        resp = content
        if resp.type == "call" and resp.child_by_field_name("function").type == "attribute" and \
                self.src(resp.child_by_field_name("function").child_by_field_name("attribute")) == "read":
            resp = resp.child_by_field_name("function").child_by_field_name("object")  # r.raw.read(), urlopen(u).read()
        while resp is not None and resp.type == "attribute" and self.src(resp.child_by_field_name("attribute")) in (
                "content", "raw", "body"):
            resp = resp.child_by_field_name("object")
        if resp is not None and resp.type == "identifier":
            resp = self.bound.get(self.src(resp))
        if resp is None or resp.type != "call" or resp == content:
            return
        q = self.qualname(resp.child_by_field_name("function")) or ""
        args = [a for a in self.args(resp) if a.type != "keyword_argument"]
        if q not in _GETS or not args:
            return
        url = self._url_text(args[0])
        if url is None:
            return
        target = obj
        if meth == "write" and target is not None and target.type == "identifier":
            target = self.bound.get(self.src(target))  # with open(p, "wb") as f
        if meth == "write":
            if target is None or target.type != "call" or self.qualname(target.child_by_field_name("function")) not in (
                    "open", "io.open") or not self.args(target):
                return
            target = self.args(target)[0]
        if target is not None:
            key = self._path_key(target)
            self.lists.setdefault("ml fetched", {})[key] = url  # type: ignore[index]
            self.downloads.add(key)

    def _fetched_load(self, q: str, arg, node) -> None:
        """`torch.load(F)` without `weights_only=True` of a file this code fetched from another host."""
        table = self.lists.get("ml fetched")
        if not table or self._weights_only(node):
            return
        url = table.get(self._path_key(arg))  # type: ignore[union-attr]
        if url is not None:
            self._foreign_pickle(q, url, self.src(arg), node)

    def _weights_only(self, node) -> bool:
        v = self.option(node, "weights_only")
        return v is not None and self.src(v) in ("True", "1")

    def _foreign_pickle(self, q: str, url: str | None, shown: str, node) -> None:
        host = _foreign(url)
        if host is not None:
            self.block("py-unsafe-deserialize", f"`{q}` unpickles {shown[:60]}, fetched from {host}: a checkpoint from "
                                                "a host that is not the model's publisher runs whatever code it holds "
                                                "when loaded; pass weights_only=True, or load safetensors", node)

    # -- trust_remote_code ----------------------------------------------------------------------------------------
    def _remote_code(self, q: str | None, node, pos: list) -> None:
        flag = self.option(node, "trust_remote_code")
        if flag is None or self._truth(flag) is False:
            return
        what = q or "the loader"
        repo_node = next((v for k in _REPO_KEYS for v in [self.kwarg(node, k)] if v is not None), None)
        if repo_node is None and pos:
            repo_node = pos[1] if q is not None and q.endswith("pipeline") and len(pos) > 1 else pos[0]
        repo = self._value_text(repo_node) if repo_node is not None else None
        borrowed = _lookalike(repo) if repo is not None else None
        if borrowed is not None:
            self.block("py-dynamic-code", f"`{what}` loads {repo} with trust_remote_code, which runs that repository's "
                                          f"Python on this machine; its owner {repo.split('/')[0]} is not a known "
                                          f"publisher but is named after {borrowed}: load the model from its "
                                          "publisher's own organisation, or without trust_remote_code", node)
        elif self.kwarg(node, "trust_remote_code") is None:  # (given directly, python/calls.py reviews it)
            self.review("py-dynamic-code", f"`{what}(..., trust_remote_code=True)` runs Python code downloaded with "
                                           "the model; use a model that needs none, or review its code first", node)

    def _value_text(self, node) -> str | None:
        """A string the code gives: a literal, a name, a config dict's entry, a class attribute (`s.repo_id`)."""
        v = self.string(node)
        if v is None and node.type == "attribute":
            made = self._attr_value(node)
            v = self.string(made) if made is not None else None
        return v

    def _truth(self, node) -> bool | None:
        """True / False for a flag the code spells out (also through a name or a class attribute given one value);
        None when it is computed."""
        for _ in range(4):
            if node is None:
                return None
            if node.type == "true" or self.src(node) == "1":
                return True
            if node.type in ("false", "none") or self.src(node) == "0":
                return False
            if node.type == "identifier":
                node = self.declared(node, frozenset({"true", "false", "none", "integer"}))
            elif node.type == "attribute":
                node = self._attr_value(node)
            else:
                return None
        return None

    # -- caches deleted through a path that climbs out of them ----------------------------------------------------
    def _climbing_delete(self, q: str, arg, node) -> None:
        from .. import paths

        for v in self.readings(arg):
            where = paths.normalize(v)
            if where in _HOME_OR_ROOT:
                self.block("destructive-rm", f"`{q}({self.src(arg)[:60]})` deletes {where} itself (the path is {v} "
                                             "for an item the code goes over); delete only the folder meant",
                           node)
                return


def _foreign(url: str | None) -> str | None:
    """The host of a URL that is not a code host, a model hub or this machine; None when it is one of those, or the
    host is not known (computed, from the environment)."""
    if not url or "://" not in url[:12]:
        return None
    host = url_host(url)
    if host is None or COMPUTED in host or ENVIRONMENT in host or "ARG" in host:
        return None
    if host in _OWN_HOSTS or host.endswith(_OWN_SUFFIXES) or loopback(host):
        return None
    return host


def _lookalike(repo: str) -> str | None:
    """What a hub repository's organisation is named after when it is not a known publisher's but borrows a
    well-known model's or publisher's name (`llama3-community-hub` borrows llama3); None for a local path, a
    repository without an organisation, a known publisher's, or one named otherwise."""
    if repo.startswith(("/", ".", "~")) or repo.count("/") != 1:
        return None
    org = repo.split("/")[0].lower()
    if org in _KNOWN_ORGS:
        return None
    borrowed = next((w for w in re.split(r"[-_.]+", org) if _BORROWED.match(w)), None)
    if borrowed is None and len(org) >= 4:
        near = next((k for k in sorted(_KNOWN_ORGS) if _near(org, k)), None)
        borrowed = f"the publisher {near} (misspelt)" if near is not None else None
    return borrowed


def _near(org: str, known: str) -> bool:
    """`org` is a slip of the known organisation: one edit from a name of five letters or more, two from one of
    eight or more (`mistrai` for mistralai); shorter names have too many honest neighbours to tell."""
    most = 2 if len(known) >= 8 else 1 if len(known) >= 5 else 0
    return most > 0 and abs(len(org) - len(known)) <= most and _distance(org, known, most) <= most


def _distance(a: str, b: str, most: int) -> int:
    """Edit distance (an adjacent swap counts one), stopping once every row exceeds `most`."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > most:
            return most + 1
        prev2, prev = prev, row
    return prev[-1]
