"""Python calls: which theme judges each resolved call (one ordered chain, first match wins)."""
from __future__ import annotations

import re

from .. import git_libs
from .. import cloud_admin
from ..per_input import in_input
from ..cloud_admin import ADMIN, SDK_CALLS, message as admin_message
from ..common_code import KEY_MADE, SECRET_READS, STORE_READ, check_env_value, check_path, sets_setuid, store_dump
from .callables import _DEFERRERS, _DEFERRING_METHODS
from .code import _CODE, _IMPORTERS
from .deserialise import _DESERIALIZE, _PICKLE_OPT_IN
from .files import _DELETE, _HANDLES, _PATH_WRITES, _WALKS, _WRITE_CALLS
from .native import NATIVE_FIX
from .network import _NET, _PUBLISHES, _SEND, STREAM_SENDS
from .processes import _FABRIC_METHODS, _PROGRAM_MODULES, _SHELL_STRING, _SPAWN, _SPAWN_PREFIX, _SUBPROCESS


# serialisers writing an object to a file object (`json.dump` of a literal is read as its JSON text)
_DUMPS = frozenset({"json.dump", "tomli_w.dump", "toml.dump", "tomlkit.dump", "yaml.dump", "yaml.safe_dump"})
# name lookups: the name itself goes out in the query
_DNS_LOOKUPS = frozenset({"socket.gethostbyname", "socket.gethostbyname_ex", "socket.getaddrinfo",
                          "socket.getfqdn", "dns.resolver.resolve", "dns.resolver.query", "asyncio.get_event_loop().getaddrinfo"})
# names only hidden (`"sys" + "tem"`, `"".join(["o", "s"])`) to get past a text search
_HIDDEN_NAMES = frozenset({"os", "subprocess", "pty", "ctypes", "builtins", "socket", "marshal", "pickle", "system",
                           "popen", "exec", "eval", "compile", "__import__", "spawnv", "execv", "execve", "execl",
                           "execvp", "check_output", "getoutput", "Popen", "run", "call", "loads", "import_module"})
_SITE_DIRS = re.compile(r"getsitepackages|getusersitepackages|USER_SITE|sysconfig|purelib|platlib")
_SDK_NAMES = SDK_CALLS | SECRET_READS | {"create_access_key"}
# (session 21) boto3 calls read for what they hand to someone else (cloud_admin.py) or gather
_STATE_READS = frozenset({"get_object", "download_file", "download_fileobj"})
_FEED_WRITES = frozenset({"put_object", "upload_file", "upload_fileobj"})
_FEED_HINT = re.compile(rb"\.ya?ml\b|RELEASES|appcast|latest\.json")
_PULUMI_EXPORTS = {"export_stack": "exports the Pulumi stack's deployment (its state, with the secrets in it)",
                   "get_all_config": "reads every configuration value of the Pulumi stack, secrets decrypted"}
_HANDED = frozenset(cloud_admin.SHARES) | cloud_admin.TRUSTS | _STATE_READS | _FEED_WRITES | frozenset(
    _PULUMI_EXPORTS) | {"change_resource_record_sets", "authorize_security_group_ingress"}
_METHODS = _SEND | STREAM_SENDS | _PATH_WRITES | {"extractall", "extract", "open", "unlink", "rmdir", "rglob", "glob", "iterdir",
                                    "walk", "write", "writelines", "communicate", "add"}


# what makes a notebook cell or a cron job from the code it runs (nbformat, python-crontab): call -> (language, keyword)
_WRITTEN_CODE = {"nbformat.v4.new_code_cell": ("python", "source"), "nbformat.v4.nbbase.new_code_cell": ("python", "source"),
                 "nbformat.v3.new_code_cell": ("python", "input"), "crontab.CronTab.new": ("bash", "command")}


class Calls:
    """The call dispatcher and the checks that hold whatever object a method is called on."""

    def visit_call(self, node) -> None:
        fn = node.child_by_field_name("function")
        q = self.qualname(fn)
        args = self.args(node)
        pos = [a for a in args if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        if self.doc.data.find(b"env", node.start_byte, node.end_byte) >= 0:
            env = self.kwarg(node, "env")
            if env is not None:  # subprocess, pexpect, asyncio, Popen wrappers: any call that starts a child
                self._env_keys(env)
        meth = None
        if fn is not None and fn.type == "attribute":
            if q is not None:
                meth = q.rpartition(".")[2]
            else:
                attr = fn.child_by_field_name("attribute")
                meth = self.src(attr) if attr is not None else ""
            if meth in _METHODS:  # settled by the name before anything else is read
                self._method(meth, fn.child_by_field_name("object"), node, args, pos)
            if meth in ("update", "setdefault") and len(self.env_names) > 1:
                obj = fn.child_by_field_name("object")
                if obj is not None and obj.type == "identifier" and self.src(obj) in self.env_names:
                    # env = os.environ.copy(); env.update(LD_PRELOAD=p): the environment handed to a child
                    if meth == "update":
                        for a in args:
                            self._env_keys(a)
                    elif pos and self.string(pos[0]):
                        self._env_value(node, self.string(pos[0]), pos[1] if len(pos) > 1 else None)
            if meth in _PUBLISHES:
                self.code_host_publish(meth, node, args)
            if meth in ("connect", "connect_async") and b".subscribe(" in self.doc.data and \
                    b".publish(" in self.doc.data:
                self.mqtt_relay(fn, node, pos)
            if meth == "new" and b"crontab" in self.doc.data and q not in _WRITTEN_CODE:
                root, chain, _ = self.origin(fn.child_by_field_name("object"))
                if root == "crontab.CronTab" and not chain:  # cron = CronTab(user=True); cron.new(command=…)
                    self._written_code("crontab.CronTab.new", node, pos)
            if meth in _FABRIC_METHODS:
                self.fabric_call(meth, fn.child_by_field_name("object"), node, pos)
            self._cloud_sdk(meth, fn, node)
            if meth in ("upload_file", "upload_fileobj", "put_object"):
                self.s3_foreign_upload(meth, fn, node)
            if self._gitpython() and (meth in git_libs.PY_METHODS or self.src(fn).endswith(".git." + meth)):
                self._git_library(fn, meth, node, pos)
        elif fn is not None and fn.type == "identifier" and q is not None and q.rpartition(".")[2] in _SDK_NAMES and \
                q != self.src(fn):
            self._cloud_sdk(q.rpartition(".")[2], fn, node)  # mk = getattr(iam, "create_" + "access_" + "key"); mk(…)
        elif fn is not None and fn.type == "identifier" and self.lists and "sender " + self.src(fn) in self.lists:
            self._env_sent(args)  # send = partial(requests.post, url); send(data=payload)
        elif fn is not None and fn.type == "identifier" and self.bound and q == self.src(fn):
            made = self.bound.get(q)  # call = operator.methodcaller("system", cmd); call(os)
            if made is not None and made.type == "call" and \
                    self.qualname(made.child_by_field_name("function")) == "operator.methodcaller":
                self._methodcaller(made, node)
        if (q in _DEFERRERS or meth in _DEFERRING_METHODS) and len(args) > 1:
            self.deferred(q, meth, node)
        if fn is not None:
            self.visit_irreversible(q, fn, meth, node, pos)
            self.visit_container(q, fn, meth, node, pos)
            # the last name of the call, which each area's hook settles on first
            name = meth if meth is not None else q.rpartition(".")[2] if q is not None else None
            self.visit_chain(q, fn, meth, name, node, pos)
            self.visit_identity(q, fn, meth, name, node, pos)
            self.visit_selfhosted(q, fn, meth, name, node, pos)
            self.visit_finance(q, fn, meth, name, node, pos)
            self.visit_mail(q, fn, meth, name, node, pos)
            self.visit_dns(q, fn, meth, name, node, pos)
            self.visit_forges(q, fn, meth, name, node, pos)
            self.visit_media(q, fn, meth, name, node, pos)
            self.visit_scraping(q, fn, meth, name, node, pos)
            self.visit_cms(q, fn, meth, name, node, pos)
            self.visit_crm(q, fn, meth, name, node, pos)
            self.visit_records(q, fn, meth, name, node, pos)
            self.visit_desktop(q, fn, meth, name, node, pos)
            self.visit_devenv(q, fn, meth, name, node, pos)
            self.visit_serverless(q, fn, meth, name, node, pos)
            self.visit_brokers(q, fn, meth, name, node, pos)
            self.visit_frameworks(q, fn, meth, name, node, pos)
            self.visit_warehouses(q, fn, meth, name, node, pos)
            self.visit_docsites(q, fn, meth, name, node, pos)
            self.visit_directory(q, fn, meth, name, node, pos)
            self.visit_backups(q, fn, meth, name, node, pos)
            self.visit_geo(q, fn, meth, name, node, pos)
            self.visit_industrial(q, fn, meth, name, node, pos)
            self.visit_telecom(q, fn, meth, name, node, pos)
            self.visit_erp(q, fn, meth, name, node, pos)
            self.visit_office(q, fn, meth, name, node, pos)
            self.visit_routers(q, fn, meth, name, node, pos)
            self.visit_lms(q, fn, meth, name, node, pos)
            self.visit_hpc(q, fn, meth, name, node, pos)
            self.visit_streaming(q, fn, meth, name, node, pos)
            self.visit_mobile(q, fn, meth, name, node, pos)
            self.visit_games(q, fn, meth, name, node, pos)
            self.visit_secops(q, fn, meth, name, node, pos)
            self.visit_ml(q, fn, meth, node, pos)
            self.visit_ci(q, fn, meth, node, pos)
            if args:
                self.visit_payload(q, fn, meth, node, pos)
                self.request_carries(q, fn, meth, node, pos)
            if q is None and fn.type == "subscript" and self.uses_plumbum:
                self.visit_plumbum(fn, pos)
        if q is None:
            if fn is not None and fn.type == "call":
                inner = self.qualname(fn.child_by_field_name("function"))
                inner_pos = [a for a in self.args(fn) if a.type != "keyword_argument"] if inner == "getattr" else []
                if inner == "getattr" and len(inner_pos) >= 2 and (self.dispatch_name(inner_pos[1]) or
                                                                   self.namespace_lookup(fn)):
                    pass  # getattr(cli, f"cmd_{name}")(args), getattr(torch.optim, name)(…): a table's own entries
                elif inner in _IMPORTERS or inner == "getattr":
                    self.block("py-dynamic-import", "a module or attribute is chosen by a computed name; import and "
                                                    "call it directly", fn)
                elif inner == "operator.methodcaller":
                    self._methodcaller(fn, node)
            return
        base = q.split(".")[-1]
        if self.doc.data.find(b"base", node.start_byte, node.end_byte) >= 0 and \
                self.doc.data.find(b"_key", node.start_byte, node.end_byte) >= 0:
            self.sdk_client_pointed(q, node)  # OpenAI(base_url="http://203.0.113.9/v1", api_key=…)
        if not pos and any(a.type in ("list_splat", "dictionary_splat") for a in args) and (
                q in _SHELL_STRING or q in _CODE):
            self.block("py-shell-exec" if q in _SHELL_STRING else "py-dynamic-code",
                       f"`{q}` of arguments unpacked at run time (`*args`); pass a literal", node)
            return
        if q in _HANDLES or base == "open":  # (and a path's own `p.open("a")`)
            holder = node.parent
            if holder is not None and holder.type == "as_pattern":  # with open(p, "w") as f
                target = holder.child_by_field_name("alias")
                if target is not None and target.named_children and target.named_children[0].type == "identifier":
                    self._handle(self.src(target.named_children[0]), node)
        if q in _IMPORTERS or q == "getattr":
            name = pos[1] if q == "getattr" and len(pos) > 1 else pos[0] if q != "getattr" and pos else None
            if name is not None and name.type != "string" and self.string(name) in _HIDDEN_NAMES:
                self.block("py-dynamic-import", f"`{self.string(name)}` is assembled from pieces ({self.src(name)[:60]}) "
                                                "to hide it; write the name literally", name)
            if q in ("imp.load_source", "importlib.machinery.SourceFileLoader") and len(pos) > 1:
                self._load_file(q, pos[1], node)
            if self.written and q != "getattr" and pos and self.string(pos[0]):
                self._runs_written([self.string(pos[0]).replace(".", "/") + ".py"], node, q)
            if q in ("importlib.import_module", "__import__") and pos and self.string(pos[0]) is None:
                var = self.env_module(pos[0])
                if var is not None:  # import_module(os.environ.get("APP_SETTINGS", "config.settings.dev"))
                    self.review("py-dynamic-import", f"`{q}` imports the module named by ${var}, chosen outside this "
                                                     "code; check that it names a module of the project", node)
                    return
            if (q == "getattr" and len(pos) >= 2 and self.string(pos[1]) is None and
                    not self.dispatch_name(pos[1]) and not self.namespace_lookup(node)) or (
                    q != "getattr" and pos and self.string(pos[0]) is None and not (
                        q in ("importlib.import_module", "__import__", "importlib.__import__") and
                        (self.own_module(pos[0]) or self.package_module(pos[0], node)))):
                self.block("py-dynamic-import", f"`{q}` with a computed name; import and call it directly", node)
            return
        if fn is not None and (q in _SHELL_STRING | _SUBPROCESS | _SPAWN | _CODE | _DESERIALIZE or
                               q.startswith(_SPAWN_PREFIX)) and self._indirect(fn):
            self.block("py-dynamic-import", f"`{q}` is reached indirectly (__import__, getattr, globals(), "
                                            "sys.modules) to hide it; call it directly", fn)
        if q in _SHELL_STRING:
            self._shell_string(q, pos[0] if pos else None, node)
        elif q in _SUBPROCESS:
            self._subprocess(q, node, pos)
        elif q.startswith(_PROGRAM_MODULES):
            self._program_call(q, node, pos)
        elif q.startswith(_SPAWN_PREFIX) and self.exec_literal(q, node, pos):
            pass  # os.execvp("npm", ["npm", "publish"]): judged as the command it runs
        elif q.startswith(_SPAWN_PREFIX) or q in _SPAWN:
            self.block("py-process-spawn", f"`{q}` replaces or spawns a process outside the shell rules; use "
                                           "subprocess.run with a literal argv list", node)
            if q == "pty.spawn" or q.startswith("os.exec"):
                self.shell_io.append(node)
        elif q in _CODE:
            if q.startswith("code."):
                self.block("py-dynamic-code", f"`{q}` opens an interactive interpreter that runs whatever it is fed",
                           node)
                return
            if q in ("runpy.run_path", "runpy.run_module") and pos and self.project_code(q, pos[0], node):
                return
            code = self.string(pos[0]) if pos else None
            if code is None and pos and base in ("exec", "eval", "compile") and self.project_source(q, pos[0], node):
                return  # exec(compile(Path("docs/conf.py").read_text(), …)): the project's own code, as `import`
            if code is None:
                if base == "compile" and self.compiled_only(node):
                    return  # a syntax check (`compile(src, path, "exec")` in a try): the code object is never run
                if pos:
                    fix = "; to check syntax, use ast.parse(source)" if base == "compile" else ""
                    self.block("py-dynamic-code", f"`{base}` of code computed at run time; write the code "
                                                  f"directly{fix}", node)
            elif base in ("eval", "exec", "compile"):
                self.ctx.nested(code, "python", self.doc, pos[0], None)
            else:
                self.block("py-dynamic-code", f"`{q}` runs code from a file or module chosen at run time", node)
        elif q in _DESERIALIZE and self._project_pickle(q, pos):
            pass  # the project's own cache or model (python/deserialise.py)
        elif q in _DESERIALIZE or (q in ("yaml.load", "yaml.load_all") and not self._safe_yaml(node)) or (
                meth in ("load", "load_all") and self.ruamel_typ(fn.child_by_field_name("object")) == "unsafe"):
            self.block("py-unsafe-deserialize", f"`{q}` can run code hidden in the data; use json or yaml.safe_load",
                       node)
        elif self.doc.data.find(b"trust_remote_code", node.start_byte, node.end_byte) >= 0 and \
                self.kwarg(node, "trust_remote_code") is not None and \
                self.src(self.kwarg(node, "trust_remote_code")) not in ("False", "0", "None"):
            self.review("py-dynamic-code", f"`{q}(..., trust_remote_code=True)` runs Python code downloaded with the "
                                           "model; use a model that needs none, or review its code first", node)
        elif q in _PICKLE_OPT_IN and self._pickle_opt_in(q, node):
            self.block("py-unsafe-deserialize", f"`{q}` is told to unpickle, which runs code hidden in the file; "
                                                "load plain arrays/weights only (allow_pickle=False, weights_only=True)",
                       node)
        elif q.split(".")[0] in ("ctypes", "cffi", "_ctypes") and not self.library_lookup_only() and \
                not self.ordinary_native():
            self.block("py-ctypes", f"`{q}` calls native code directly; {NATIVE_FIX}", node)
        elif q in _DELETE:
            target = self.string(pos[0]) if pos else None
            if target is not None:
                self._delete(target, pos[0])
                if q == "shutil.rmtree":
                    self.held_tree_delete(q, target, node)
            else:
                self.dynamic_deletes.append(node)
        elif q in _WRITE_CALLS and len(pos) >= 2:
            dest = self.string(pos[1])
            if dest is not None:
                check_path(self.ctx, self.doc, pos[1], dest, writing=True)
                self.mounted_system(pos[1], dest)
            elif _SITE_DIRS.search(self.src(pos[1])):
                self._startup_file(pos[0], node)  # shutil.copy("x.pth", site.getsitepackages()[0])
                self._startup_file(pos[1], node)
            else:
                self.tail_written(self.path_tail(pos[1]), pos[1])  # shutil.copy(src, Path(top) / ".git/hooks/x")
        elif q in ("open", "io.open", "os.open", "codecs.open") and pos:
            path = self.string(pos[0])
            mode_node = pos[1] if len(pos) > 1 else self.kwarg(node, "mode")
            mode = self.string(mode_node) if mode_node is not None else "r"
            writing = bool(mode and set(mode) & set("wax+"))
            if path is not None and not (not writing and ".ssh/" in path and self.login_path(pos[0], path)):
                check_path(self.ctx, self.doc, pos[0], path, writing=writing)
                if writing:
                    self.mounted_system(pos[0], path)
            elif writing:
                # open(os.path.join(site_dir, "x.pth"), "w"): where it lands is unknown, what it is is not
                self._startup_file(pos[0], node)
                self.tail_written(self.path_tail(pos[0]), pos[0])
        elif q in ("os.chmod", "os.chown", "os.lchown") and pos:
            if q == "os.chmod" and len(pos) > 1 and sets_setuid(self.src(pos[1])):
                self.block("privilege-escalation", f"`os.chmod(…, {self.src(pos[1])})` sets the setuid/setgid bit", node)
            path = self.string(pos[0])
            if path is None:
                self.dynamic_chmods.append(node)
            else:
                from .. import paths

                if paths.kinds(path) & {paths.SYSTEM, paths.HOME}:
                    self.block("permission-tamper", f"`{q}` of the system path {path}", pos[0])
        elif q in ("os.setuid", "os.setgid", "os.seteuid", "os.setreuid"):
            self.review("privilege-escalation", f"`{q}` changes the process's user", node)
        elif q in ("os.dup2",):
            self.shell_io.append(node)
        elif q in ("os.putenv", "os.environ.setdefault", "os.environ.__setitem__") and pos:
            k = self.string(pos[0])
            if k:
                self._env_value(node, k, pos[1] if len(pos) > 1 else None)
        elif q == "os.environ.update":
            for a in args:
                self._env_keys(a)
        elif q.startswith(("socket.socket", "socket.create_connection")):
            self.uses_socket = True
        elif q.endswith(".subprocess_shell") and len(pos) > 1:  # loop.subprocess_shell(protocol, cmd)
            self._shell_string(q, pos[1], node)
        elif q in ("sys.path.insert", "sys.path.append", "site.addsitedir") and pos:
            where = self.string(pos[-1])
            if self.downloads and self._path_key(pos[-1]) in self.downloads:
                # a downloaded wheel or zip put on the import path: the next `import` runs its code
                self.block("download-exec", f"`{q}` puts {self.src(pos[-1])}, downloaded by this code, on the import "
                                            "path, so importing from it runs the download; install a pinned package "
                                            "instead", node)
            elif where is not None:
                check_env_value(self.ctx, self.doc, node, "PYTHONPATH", where)
        elif q == "debugpy.listen" and pos and self._public_host(pos[0]):
            self.block("py-dynamic-code", "`debugpy.listen` on a public address lets anyone who reaches the port run "
                                          "code in this process; listen on 127.0.0.1", node)
        elif q in ("vars", "inspect.getmembers") and pos and (node.parent is None or node.parent.type != "subscript"):
            self._module_table(pos[0], node)
        elif q in _DNS_LOOKUPS or (q.endswith((".resolve", ".query")) and q.startswith("dns.")):
            self.dns_lookup(q, pos[0] if pos else self.kwarg(node, "qname"), node)
        elif q in _WRITTEN_CODE:
            self._written_code(q, node, pos)
        elif q in ("keyring.get_password", "keyring.get_credential"):
            self.keyring_read(q, node, pos)
        elif q == "os.chdir" and pos:
            where = self.string(pos[0])
            if where is not None:
                from .. import paths

                if paths.normalize(where) in ("/", "~"):
                    self.served_root = where
        elif q in ("os.kill", "os.killpg") and pos and self.src(pos[0]).replace(" ", "") in ("-1", "0-1"):
            self.block("system-disruption", f"`{q}(-1, ...)` signals every process the user owns; signal only the "
                                            "process you started", node)
        elif q == "os.truncate" and pos:
            path = self.string(pos[0])
            if path is not None:
                check_path(self.ctx, self.doc, pos[0], path, writing=True)
        elif q == "shutil.unpack_archive":
            dest = pos[1] if len(pos) > 1 else self.kwarg(node, "extract_dir")
            self._write_target(dest)
        elif q == "os.write" and len(pos) > 1 and pos[0].type == "identifier" and self.src(pos[0]) in self.handles:
            self._wrote(self.handles[self.src(pos[0])], pos[1])  # os.write(fd, data) to a mkstemp file
        elif q == "shutil.copyfileobj" and len(pos) > 1:
            key = self._written_through(pos[1])  # copyfileobj(urlopen(u), open("x.sh", "wb"))
            if key is not None:
                self._wrote(key, pos[0])
        elif q in _DUMPS and len(pos) > 1:
            key = self._written_through(pos[1])  # json.dump(settings, open(".claude/settings.json", "w"))
            if key is not None:
                self._wrote(key, node)
        elif q == "shutil.make_archive":
            self._archived(pos[2] if len(pos) > 2 else self.kwarg(node, "root_dir"))
        elif q in _WALKS and pos:
            self.walk_root(self.string(pos[0]), node)
        elif q in ("urllib.request.urlretrieve", "wget.download"):
            dest = pos[1] if len(pos) > 1 else self.kwarg(node, "filename" if q.startswith("urllib") else "out")
            if dest is not None:  # a literal path, or the expression naming it (`path`), as written files are keyed
                self.downloads.add(self._path_key(dest))
                self.written[self._path_key(dest)] = node  # also run from a command line (`chmod +x F && F`)
        elif q == "importlib.util.spec_from_file_location" and len(pos) > 1:
            self._load_file(q, pos[1], node)
        elif q in ("pip.main", "pip._internal.main", "pip._internal.main.main", "pip._internal.cli.main.main"):
            argv = [self.string(c) for c in pos[0].named_children] if pos and pos[0].type in ("list", "tuple") else [None]
            self._argv(["pip", *argv], node, q)
        if q.startswith(_NET) or q.split(".")[0] in ("requests", "httpx"):
            self.uses_net = True
            self._env_sent(args)

    def _written_code(self, q: str, node, pos: list) -> None:
        """A notebook cell or a cron job made with the code it runs: judged as that code, which runs when someone runs
        the notebook, or each time the job is due."""
        lang, key = _WRITTEN_CODE[q]
        given = pos[0] if pos else self.kwarg(node, key)
        code = self.string(given) if given is not None else None
        if code is not None and code.strip():
            self.ctx.nested(code, lang, self.doc, given, None)

    def _cloud_sdk(self, meth: str, fn, node) -> None:
        """Cloud and cluster SDK calls: an administrator policy attached (its ARN also as a value built at run time:
        `"arn:aws:iam::aws:policy/" + "".join(map(chr, […]))`), a new access key or every secret of a store read
        (sent off when the same code also uses the network)."""
        granted = self._policy_text(node) if meth in SDK_CALLS else ""
        if ADMIN.search(granted):  # iam.attach_user_policy(…AdministratorAccess)
            self.review("privilege-escalation", admin_message(self.src(fn), granted), node)
        elif meth == "create_access_key" and any(v.startswith("boto3") for v in self.alias.values()):
            self.archives.append((node, KEY_MADE))
        elif meth in SECRET_READS and store_dump(self.doc.data, meth, self.src(node)):
            self.archives.append((node, STORE_READ))
        elif meth in _HANDED:
            self._handed(meth, fn, node)
        elif meth == "paginate":  # ssm.get_paginator("get_parameters_by_path").paginate(WithDecryption=True, …)
            made = fn.child_by_field_name("object")
            if made is not None and made.type == "identifier":
                made = self.declared(made, frozenset({"call"}))
            inner = made.child_by_field_name("function") if made is not None and made.type == "call" else None
            args = self.args(made) if inner is not None and self.src(inner).endswith("get_paginator") else []
            op = self.string(args[0]) if args else None
            if op in SECRET_READS and store_dump(self.doc.data, op, self.src(node)):
                self.archives.append((node, f"reads every secret of a secret store (paginated {op})"))

    def _handed(self, meth: str, fn, node) -> None:
        """(session 21) boto3 calls that hand the account's data, keys, mail or login to someone else: a snapshot,
        image, bucket or key shared with an account the code names nowhere else, a role that account may assume, the
        domain's mail pointed at a stranger's host, ssh opened to a public range on every group, an app's update
        feed rewritten to download from another host; and what they gather, sent when the code uses the network
        (Terraform state files read from their bucket, a Pulumi stack's secrets exported)."""
        if meth in _PULUMI_EXPORTS:
            if any(v.startswith("pulumi") for v in self.alias.values()):
                self.archives.append((node, _PULUMI_EXPORTS[meth]))
            return
        if not any(v.startswith(("boto3", "aioboto3", "botocore", "aiobotocore")) for v in self.alias.values()):
            return
        if meth in _STATE_READS:  # (the everyday S3 read: settled by the bytes before the text is decoded)
            if b".tfstate" in self.doc.data or b"tfstate" in self.doc.data[node.start_byte:node.end_byte]:
                self.archives.append((node, "reads Terraform state files from their bucket (they hold the "
                                            "infrastructure's passwords and keys in plain text)"))
            return
        if meth in _FEED_WRITES and not in_input(_FEED_HINT, self.doc.data):
            return
        text = self.doc.data.decode("utf-8", "replace")
        shown = self.src(fn)[:60]
        if meth in _FEED_WRITES:
            bucket = self.kwarg(node, "Bucket")
            pos = [a for a in self.args(node) if a.type != "keyword_argument"]
            if bucket is None and len(pos) > 1:
                bucket = pos[1]
            host = cloud_admin.feed_host(text, self.string(bucket) or "" if bucket is not None else "")
            if host is not None:
                self.block("download-exec", cloud_admin.feed_message(shown, host), node)
        elif meth == "change_resource_record_sets":
            taken = cloud_admin.mail_taken(text)
            if taken is not None:
                self.block("exfiltration", cloud_admin.mail_message(shown, *taken), node)
        elif meth == "authorize_security_group_ingress":
            cidr = cloud_admin.remote_access_range(self.src(node))
            why = "on every security group the loop goes over" if self._swept_by_loop(node) else \
                "and imports an ssh key pair for it" if "import_key_pair" in text else None
            if cidr is not None and why is not None:
                self.block("persistence", cloud_admin.ingress_message(shown, cidr, why), node)
        elif meth in cloud_admin.TRUSTS:
            account = cloud_admin.outside_account(text)
            if account is not None:
                admin = ADMIN.search(text) is not None
                (self.block if admin else self.review)("privilege-escalation",
                                                       cloud_admin.trust_message(shown, account, admin), node)
        elif cloud_admin.made_public(self.src(node)):
            self.block("exfiltration", cloud_admin.share_message(shown, cloud_admin.SHARES[meth], None), node)
        else:
            account = cloud_admin.outside_account(text)
            if account is not None:
                self.block("exfiltration", cloud_admin.share_message(shown, cloud_admin.SHARES[meth], account), node)

    def _policy_text(self, node) -> str:
        """The policy a cloud SDK call grants, as far as the code spells it: the call's text, each argument's string
        (also built at run time), and the dict a `json.dumps(doc)` argument serialises."""
        texts = [self.src(node)]
        for a in self.args(node):
            value = a.child_by_field_name("value") if a.type == "keyword_argument" else a
            if value is None or value.type == "comment":
                continue
            texts.append(self.string(value) or "")
            inner = self.args(value) if value.type == "call" and self.src(value.child_by_field_name("function")
                                                                          ).endswith("dumps") else []
            if inner and inner[0].type == "identifier":
                doc = self.declared(inner[0], frozenset({"dictionary"}))
                texts.append(self.src(doc) if doc is not None else "")
        return "\n".join(texts)

    def _git_library(self, fn, meth: str, node, pos: list) -> None:
        """GitPython calls, judged as the git command line they run (git_libs.py)."""
        kw = {k: self._git_value(v) for k, v in self._kwargs(node).items() if v is not None}
        through_git = self.src(fn.child_by_field_name("object")).endswith(".git")
        if through_git and meth == "execute":  # repo.git.execute(["git", "push", "--force"])
            argv = [self.string(c) for c in pos[0].named_children] if pos and pos[0].type in ("list", "tuple") else []
            if len(argv) > 1 and argv[0] == "git" and argv[1]:
                self.ctx.nested(git_libs.line(argv[1], argv[2:]), "bash", self.doc, node, None)
            return
        words = [self.string(p) for p in pos]
        if through_git:  # repo.git.push("--force", "origin", "main"), repo.git.reset("--hard", "HEAD~3")
            sub = meth.replace("_", "-")
        elif meth == "push":  # repo.remote("origin").push(refspec="HEAD:main", force=True)
            sub, words = "push", words + [kw.pop("refspec", None)]
        elif meth == "reset" and kw.pop("working_tree", None) is True:  # repo.head.reset("HEAD~3", working_tree=True)
            sub, words = "reset", ["--hard"] + words[:1]
            kw.clear()
        else:
            return
        opts = [git_libs.option(k, v) for k, v in kw.items() if isinstance(v, (bool, str))]
        self.ctx.nested(git_libs.line(sub, [o for o in opts if o] + words), "bash", self.doc, node, None)

    def _gitpython(self) -> bool:
        """Is GitPython imported (module `git`)? Asked before any text of a call is read."""
        return any(v == "git" or v.startswith("git.") for v in self.alias.values())

    def _git_value(self, node):
        return True if node.type == "true" else False if node.type in ("false", "none") else self.string(node)

    def _archiving(self) -> bool:
        return any(v.startswith(("tarfile", "zipfile")) for v in self.alias.values())

    def _method(self, meth: str, obj, node, args: list, pos: list) -> None:
        """Checks that hold whatever object the method is called on (`tarfile.open(f).extractall("/")`,
        `Path.home().joinpath(".bashrc").write_text(x)`, `sock.sendall(...)`)."""
        if meth in _SEND:
            self._env_sent(args)
        if meth in STREAM_SENDS:
            self.file_streamed(meth, node, pos)
        if obj is None:
            return
        if meth in ("write", "writelines", "communicate"):
            if pos and self._feeds_shell(obj) and self.string(pos[0]) is None:
                self.block("py-shell-exec", "a command built at run time is written into a shell's input; run a literal "
                                            "argv list instead", node)
            key = self._written_through(obj) if meth != "communicate" and pos else None
            if key is not None:
                self._wrote(key, pos[0])
                self._kept(key, pos[0])
            elif meth == "write" and pos and self._archiving():
                self._archived(pos[0])  # ZipFile.write(path)
            return
        if meth == "add":
            if pos and self._archiving():
                self._archived(pos[0])  # TarFile.add(path)
            return
        if meth in ("extractall", "extract"):
            i = 0 if meth == "extractall" else 1
            self._write_target(pos[i] if len(pos) > i else self.kwarg(node, "path"))
        elif meth in _PATH_WRITES or (meth == "open" and pos and set(self.string(pos[0]) or "") & set("wax+")):
            self._write_target(obj, pos[0] if meth == "write_text" and pos else None)
            if meth in ("write_text", "write_bytes") and pos:
                self._wrote(self._path_key(obj), pos[0])
                self._kept(self._path_key(obj), pos[0])
                if self.string(obj) is None:  # Path(top) / ".husky" / "pre-commit": judged as the hook it is
                    self.tail_content(self.path_tail(obj), pos[0])
        elif meth in ("unlink", "rmdir"):
            target = self.string(obj)
            if target is not None:
                self._delete(target, obj)
            elif obj.type != "call":
                self.dynamic_deletes.append(node)
        elif meth in ("rglob", "glob", "iterdir", "walk"):
            root = self.string(obj)
            self.walk_root(root, node)
            pattern = self.string(pos[0]) if pos and meth != "iterdir" else None
            if root is not None and pattern:  # Path.home().glob(".ssh/id_*")
                check_path(self.ctx, self.doc, node, root.rstrip("/") + "/" + pattern)
