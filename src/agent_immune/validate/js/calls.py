"""TypeScript calls and `new`: which theme judges each resolved call (one ordered chain, first
match wins); the fs checks live here, being a few lines of it.
"""
from __future__ import annotations

import re

from .. import git_libs
from .. import cloud_admin
from ..per_input import holds
from ..cloud_admin import ADMIN, SDK_CALLS, message as admin_message
from ..shops import JS_PAYOUT_CALLS, account_named, payout_finding
from ..common_code import KEY_MADE, RUN_NAME, SECRET_READS, STORE_READ, check_path, sets_setuid, store_dump
from ..loops import in_js_loop
from .code import _EVAL, _VM, function_ctor
from .files import FS_CONTENT_WRITES
from .network import _HTTP, _NET_MODS, _SEND
from .processes import _ARGV_EXEC, _CALLBACK_LOOPS, _RUNNERS, _SHELL_EXEC


_FS_WRITE = FS_CONTENT_WRITES | frozenset({"createWriteStream", "copyFile", "copyFileSync", "symlink", "symlinkSync",
                                           "rename", "renameSync", "cp", "cpSync", "chmod", "chmodSync", "chown",
                                           "chownSync"})
_FS_DELETE = frozenset({"rm", "rmSync", "rmdir", "rmdirSync", "unlink", "unlinkSync", "remove", "removeSync", "emptyDir",
                        "emptyDirSync"})
# names only hidden to get past a text search
_HIDDEN_NAMES = frozenset({"require", "eval", "Function", "child_process", "vm", "exec", "execSync", "spawn",
                           "spawnSync", "execFile", "execFileSync", "fork", "mainModule", "binding", "constructor",
                           "getBuiltinModule", "worker_threads", "module"})
_FS_MODULES = frozenset({"fs", "fs/promises", "fs-extra"})
# packages that delete a tree: (module, member), "" for the default export
_TREE_DELETES = frozenset({("rimraf", ""), ("rimraf", "rimraf"), ("rimraf", "sync"), ("rimraf", "rimrafSync"),
                           ("del", ""), ("del", "deleteAsync"), ("del", "deleteSync")})
_FS_READS = frozenset({"readFile", "readFileSync", "createReadStream", "open", "openSync", "readJson", "readJsonSync",
                      "readJSON", "readJSONSync", "copyFile", "copyFileSync", "cp", "cpSync"})
_FS_WALKS = frozenset({"readdir", "readdirSync", "opendir", "opendirSync"})
# (session 21) constructors read for what they hand to someone else (cloud_admin.py): the SDK's commands, and the
# infrastructure-as-code resources (Pulumi, CDK, CDKTF) that grant an account access
_HANDING = frozenset(cloud_admin.SHARES) | cloud_admin.TRUSTS | {
    "ChangeResourceRecordSetsCommand", "AuthorizeSecurityGroupIngressCommand", "Role", "AccountPrincipal",
    "ArnPrincipal", "BucketPolicy", "AmiLaunchPermission", "SnapshotCreateVolumePermission", "KeyPolicy", "CfnOutput",
    "TerraformOutput"}
# the stack outputs a cloud access key's secret must not be put in (printed on every deploy, kept in the stack)
_PULUMI_EXPORTS = {"exportStack": "exports the Pulumi stack's deployment (its state, with the secrets in it)",
                   "getAllConfig": "reads every configuration value of the Pulumi stack, secrets decrypted"}
_KEY_SECRET = re.compile(r"\bsecretAccessKey\b|\.secret\b[^,}]*unsafeUnwrap|\bunsecret\s*\(")


class Calls:
    """The call and constructor dispatchers."""

    def visit_new(self, node) -> None:
        ctor = node.child_by_field_name("constructor")
        q = self.qualname(ctor)
        mod, member = self.module(q)
        args = self.args(node)
        self.visit_new_irreversible(q, node, args)
        self.visit_broker(q, node, args)  # records relayed to a bare address (network.py)
        self.visit_reporter(q, None, None, node, args)  # new Rollbar({ payload: { env: process.env } }) (network.py)
        self.visit_docsites_new(q, node, args)  # new Response(JSON.stringify(env)) (docsites.py)
        if q and q.rsplit(".", 1)[-1] in SDK_CALLS and ADMIN.search(self.src(node)):  # new AttachUserPolicyCommand(…)
            self.review("privilege-escalation", admin_message(f"new {q.rsplit('.', 1)[-1]}", self.src(node)), node)
        if q and q.rsplit(".", 1)[-1] in SECRET_READS and store_dump(self.doc.data, q.rsplit(".", 1)[-1],
                                                                      self.src(node)):
            self.gathered.append((node, STORE_READ))  # new GetSecretValueCommand(…) for each of ListSecretsCommand
        if q and q.rsplit(".", 1)[-1] == "CreateAccessKeyCommand":
            self.gathered.append((node, KEY_MADE))
        if q and q.rsplit(".", 1)[-1] in _HANDING:
            self._handed(q.rsplit(".", 1)[-1], node)
        if q in ("AsyncFunction", "GeneratorFunction") or function_ctor(q):
            # new (Function.prototype.constructor)(…) is new Function(…)
            self._function_code(args, node, "new Function")
        elif q == "URL":
            v = self.string(node)  # new URL("file:///etc/shadow")
            if v is not None:
                check_path(self.ctx, self.doc, node, v)
        elif mod == "vm" and member in _VM:
            self._vm_code(member, node, args)
        elif (mod in ("net", "tls") and member in ("Socket",)) or q in ("WebSocket", "ws", "ws.WebSocket", "EventSource"):
            self.uses_net = True
        elif q == "Deno.Command" and args:
            opts = args[1] if len(args) > 1 and args[1].type == "object" else None
            argv: list[str | None] = [self._program(args[0])]
            items = [args[0]]
            if opts is not None:
                self._options(opts, q)
                arr = self._field(opts, "args")
                if arr is not None:
                    argv += [self._word(c) for c in arr.named_children] if arr.type == "array" else [None]
                    items += arr.named_children if arr.type == "array" else []
            self._run_argv(argv, node, q, items)
        elif (q == "Worker" or (mod, member) == ("worker_threads", "Worker")) and args:
            opts = args[1] if len(args) > 1 else None
            if opts is not None and "eval" in self.src(opts):
                self._code(args[0], node, "new Worker(..., {eval: true})")
            elif re.search(r"createObjectURL|^\W*data:", self.src(args[0])):
                self.block("js-dynamic-code", f"`new {q}` runs code from a Blob or data: URL built at run time; put the "
                                              "worker in a file", node)

    def _handed(self, name: str, node) -> None:
        """(session 21) `new X(…)` that hands the account's data, keys, mail or login to someone else (the SDK's
        commands as python/calls.py reads boto3's calls): a snapshot, image, bucket or key shared with an account the
        code names nowhere else, a role that account may assume (blocked when the code gives a role administrator
        rights), the domain's mail pointed at a stranger's host, ssh opened to a public range on every group, a new
        access key's secret put in the stack's outputs."""
        shown = f"new {name}" if node.type == "new_expression" else self.src(node.child_by_field_name("function"))[:60]
        if name in ("CfnOutput", "TerraformOutput"):
            if _KEY_SECRET.search(self.src(node)):
                self.block("secret-read", f"`{shown}` puts a cloud access key's secret in the stack's outputs: it is "
                                          "printed on every deploy and kept readable by anyone who can read the stack; "
                                          "store it in a secret store (Secrets Manager) and output its name", node)
            return
        if name == "Role" and not re.search(r"assumeRolePolicy|assumedBy", self.src(node)):
            return
        text = self.doc.data.decode("utf-8", "replace")
        if name == "ChangeResourceRecordSetsCommand":
            taken = cloud_admin.mail_taken(text)
            if taken is not None:
                self.block("exfiltration", cloud_admin.mail_message(shown, *taken), node)
            return
        if name == "AuthorizeSecurityGroupIngressCommand":
            cidr = cloud_admin.remote_access_range(self.src(node))
            why = "on every security group the loop goes over" if in_js_loop(node) else \
                "and imports an ssh key pair for it" if "ImportKeyPair" in text else None
            if cidr is not None and why is not None:
                self.block("persistence", cloud_admin.ingress_message(shown, cidr, why), node)
            return
        if name in cloud_admin.TRUSTS or name in ("Role", "AccountPrincipal", "ArnPrincipal"):
            account = cloud_admin.outside_account(text)
            if account is not None:
                admin = ADMIN.search(text) is not None or re.search(
                    r"fromAwsManagedPolicyName\(\s*['\"`](?:AdministratorAccess|IAMFullAccess)", text) is not None
                (self.block if admin else self.review)("privilege-escalation",
                                                       cloud_admin.trust_message(shown, account, admin), node)
            return
        what = cloud_admin.SHARES.get(name) or {
            "BucketPolicy": "the bucket", "AmiLaunchPermission": "the machine image",
            "SnapshotCreateVolumePermission": "the disk snapshot", "KeyPolicy": "the encryption key"}.get(name)
        if what is None:
            return
        if cloud_admin.made_public(self.src(node)):
            self.block("exfiltration", cloud_admin.share_message(shown, what, None), node)
            return
        account = cloud_admin.outside_account(text)
        if account is not None:
            self.block("exfiltration", cloud_admin.share_message(shown, what, account), node)

    def _git_library(self, meth: str, node, args: list) -> None:
        """simple-git and isomorphic-git calls, judged as the git command line they run (git_libs.py)."""
        if b"-git" not in self.doc.data:
            return  # `arr.push(x)`: most of these calls are not git's, and neither library is named
        mods = {v.split(".", 1)[0] for v in self.alias.values()}
        if b"require(" in self.doc.data:  # `const git = require("simple-git")()`: a factory's result is not aliased
            mods |= {m for m in git_libs.JS_MODULES if re.search(rf"require\(\s*[\x27\x22\x60]{m}[\x27\x22\x60]",
                                                                 self.doc.data.decode("utf-8", "replace"))}
        if "isomorphic-git" in mods and meth == "push" and args and args[0].type == "object":
            opts = args[0]
            force, delete, remote, ref = (self._field(opts, k) for k in ("force", "delete", "remote", "ref"))
            words = ["--force" if force is not None and self.src(force) == "true" else None,
                     "--delete" if delete is not None and self.src(delete) == "true" else None,
                     self.string(remote) if remote is not None else "origin",
                     self.string(ref) if ref is not None else None]
        elif "simple-git" in mods:
            words = []
            for a in args:
                if a.type == "array":
                    words += [self.string(c) for c in a.named_children]
                elif a.type == "object":  # { "--force": null }
                    words += [self.src(k).strip("'\"") for p in a.named_children if p.type == "pair"
                              for k in [p.child_by_field_name("key")] if k is not None]
                elif meth == "reset" and (mode := git_libs.reset_mode(self.string(a) or self.src(a))) is not None:
                    words.append(mode)
                elif meth == "clean" and a is args[0]:
                    words += git_libs.clean_mode(self.string(a) or self.src(a))
                else:
                    words.append(self.string(a))
            if meth == "raw":
                if not words or not words[0]:
                    return
                meth, words = words[0], words[1:]
        else:
            return
        self.ctx.nested(git_libs.line(meth, words), "bash", self.doc, node, None)

    def _bound_call(self, fn, args: list):
        """(the function, the arguments it gets) for `f.bind(thisArg, a, …)(b, …)` when `f` runs code or a
        process; None otherwise."""
        inner = fn.child_by_field_name("function")
        if inner is None or inner.type != "member_expression" or self.src(inner.child_by_field_name("property")) != "bind":
            return None
        base = self.qualname(inner.child_by_field_name("object"))
        if base is None or not (base in _EVAL or self.module(base)[0] in ("child_process", "vm")):
            return None
        return base, self.args(fn)[1:] + args

    def _piped_to_file(self, call, stream) -> None:
        """`res.pipe(w)` with `w = fs.createWriteStream(f)`: the file holds what the stream carried, a
        download when the pipe sits in an HTTP request's callback (`https.get(url, res => …)`)."""
        made = self.bound.get(self.src(stream))
        if made is None or made.type != "call_expression":
            return
        q = self.qualname(made.child_by_field_name("function")) or ""
        made_args = self.args(made)
        if not q.endswith("createWriteStream") or not made_args:
            return
        source = call
        up = call.parent
        while up is not None:
            if up.type == "call_expression" and _HTTP.search(self.src(up.child_by_field_name("function"))):
                source = up  # the request whose response is piped
                break
            up = up.parent
        self._wrote(self._path_key(made_args[0]), source)

    def _each_path(self, node, writing: bool = False) -> None:
        """Judge every path a path expression may be when the code runs (both arms of a `? :`, common_code.run_paths),
        those of it that are wholly known."""
        from .. import paths

        for p in self.run_paths(node) or ():
            if RUN_NAME not in p:
                check_path(self.ctx, self.doc, node, p, writing=writing)
            elif writing and paths.PERSISTENCE in paths.kinds(p.replace(RUN_NAME, "*")):
                # whatever the name turns out to be (each folder a readdir lists under ~/.vscode/extensions), the
                # file written is one something else runs
                check_path(self.ctx, self.doc, node, p.replace(RUN_NAME, "*"), writing=True)

    def _deleted_each(self, m: str, node, args: list, idx: int) -> None:
        """`for (const d of ["dist", ".cache", ""]) rmSync(`${homedir()}/${d}`, { recursive: true })`: the path each
        run deletes, judged as a literal one is (an empty item makes it the home itself)."""
        from .. import paths

        recursive = len(args) > idx + 1 and re.search(r"\brecursive\s*:\s*true", self.src(args[idx + 1])) is not None
        for path in self.row_strings(args[idx]) or ():
            if paths.normalize(path) in ("/", "~"):
                self.block("destructive-rm", f"`fs.{m}` of {path} (one run of the loop over its list) deletes the "
                                             "whole home or system; delete only project paths", node)
                return
            check_path(self.ctx, self.doc, args[idx], path, writing=True)
            if recursive:
                self.held_tree_delete(self.src(node.child_by_field_name("function")), path, node)

    def _callback_loop(self, items, func) -> None:
        """`["Cookies", "Login Data"].map((f) => path.join(base, f))`: the callback's parameter stands for the
        items of a literal array as a `for … of` loop's name does (common_code.note_loop)."""
        if items is None or not (items.type == "array" or items.type == "identifier" and self.src(items) in self.arrays):
            return
        param = func.child_by_field_name("parameter")
        if param is None:
            params = func.child_by_field_name("parameters")
            kids = [c for c in params.named_children if c.type != "comment"] if params is not None else []
            param = kids[0].child_by_field_name("pattern") if kids and kids[0].type == "required_parameter" else None
        if param is not None and param.type == "identifier":
            self.note_loop(param, items, func.child_by_field_name("body"))

    def pieced(self, node, value: str) -> None:
        """A name of the module loader, eval or child_process written in pieces (`"req" + "uire"`,
        `["child", "process"].join("_")`): no ordinary code spells them so, malware does to pass a text search."""
        if value.replace("node:", "") in _HIDDEN_NAMES:
            self.block("js-dynamic-require", f"`{value}` is assembled from pieces ({self.src(node)[:60]}) to hide "
                                             "it; write the name literally", node)

    def visit_call(self, node) -> None:
        fn = node.child_by_field_name("function")
        args = self.args(node)
        if fn is None:
            return
        prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
        name = self.src(prop) if prop is not None else None
        if name in SDK_CALLS and ADMIN.search(self.src(node)):  # v2: iam.attachUserPolicy
            self.review("privilege-escalation", admin_message(self.src(fn), self.src(node)), node)
        if name in git_libs.JS_METHODS:
            self._git_library(name, node, args)
        elif name in JS_PAYOUT_CALLS and (name == "createExternalAccount" or "default_for_currency" in self.src(node)):
            # stripe.accounts.createExternalAccount(acct.id, { external_account }): a seller's payouts sent elsewhere
            why = payout_finding(self.src(fn), self.doc.data.decode("utf-8", "replace"), self.src(node),
                                 account_named(self.string(args[0]) if args else None), in_js_loop(node))
            if why is not None:
                self.block("exfiltration", why, node)
        elif name in SECRET_READS and store_dump(self.doc.data, name, self.src(node)):
            self.gathered.append((node, STORE_READ))  # secretsManager.getSecretValue(…) for each of listSecrets(…)
        elif name in cloud_admin.SHARES and b"aws-sdk" in self.doc.data:  # v2: rds.modifyDBSnapshotAttribute(…)
            self._handed(name, node)
        elif name == "createAccessKey" and b"aws-sdk" in self.doc.data:  # v2: iam.createAccessKey({ UserName })
            self.gathered.append((node, KEY_MADE))
        elif name is None and fn.type == "identifier" and self.src(fn).startswith("paginate") and \
                self.src(fn)[8:] + "Command" in SECRET_READS and \
                store_dump(self.doc.data, self.src(fn)[8:] + "Command", self.src(node)):
            self.gathered.append((node, STORE_READ))  # paginateGetParametersByPath({ client }, { WithDecryption })
        elif name in _PULUMI_EXPORTS and b"@pulumi/pulumi/automation" in self.doc.data:
            self.gathered.append((node, _PULUMI_EXPORTS[name]))
        elif name == "pipe" and len(args) == 1 and args[0].type == "identifier":
            self._piped_to_file(node, args[0])
        elif name in _CALLBACK_LOOPS and args and args[0].type in ("arrow_function", "function_expression", "function"):
            self._callback_loop(fn.child_by_field_name("object"), args[0])
        http = _HTTP.search(self.src(fn)) is not None
        if http or (name is not None and self.uses_net and name in _SEND):
            for a in args:
                if self.mentions_env(a):
                    self.env_whole.append(a)
        q = None if fn.type == "import" else self.qualname(fn)
        if fn.type != "import":
            self.visit_sent(q, fn, prop, node, args)  # a secret in a request to another host (network.py)
            self.visit_logger(q, fn, prop, node, args)  # the environment in entries a logger ships (network.py)
            self.visit_redirect(prop, fn, node, args)  # a mailbox or phone numbers sent on elsewhere (network.py)
            self.visit_store_upload(prop, fn, node, args)  # a downloaded binary published to Play (network.py)
            self.visit_reporter(q, fn, prop, node, args)  # the environment in every error report (network.py)
            self.visit_bridge(prop, fn, node, args)  # a broker's messages relayed to a bare address (network.py)
        self.visit_irreversible(q, fn, prop, node, args)
        self.visit_container(q, fn, prop, node, args)
        self.visit_chain(q, fn, prop, node, args)
        self.visit_identity(q, fn, prop, node, args)
        self.visit_selfhosted(q, fn, prop, node, args)
        self.visit_finance(q, fn, prop, node, args)
        self.visit_mail(q, fn, prop, node, args)
        self.visit_dns(q, fn, prop, node, args)
        self.visit_forges(q, fn, prop, node, args)
        self.visit_media(q, fn, prop, node, args)
        self.visit_scraping(q, fn, prop, node, args)
        self.visit_cms(q, fn, prop, node, args)
        self.visit_crm(q, fn, prop, node, args)
        self.visit_records(q, fn, prop, node, args)
        self.visit_desktop(q, fn, prop, node, args)
        self.visit_devenv(q, fn, prop, node, args)
        self.visit_serverless(q, fn, prop, node, args)
        self.visit_brokers(q, fn, prop, node, args)
        self.visit_frameworks(q, fn, prop, node, args)
        self.visit_warehouses(q, fn, prop, node, args)
        self.visit_docsites(q, fn, prop, node, args)
        self.visit_directory(q, fn, prop, node, args)
        self.visit_backups(q, fn, prop, node, args)
        self.visit_geo(q, fn, prop, node, args)
        self.visit_industrial(q, fn, prop, node, args)
        self.visit_telecom(q, fn, prop, node, args)
        self.visit_erp(q, fn, prop, node, args)
        self.visit_office(q, fn, prop, node, args)
        self.visit_routers(q, fn, prop, node, args)
        self.visit_lms(q, fn, prop, node, args)
        self.visit_hpc(q, fn, prop, node, args)
        self.visit_streaming(q, fn, prop, node, args)
        self.visit_mobile(q, fn, prop, node, args)
        self.visit_secops(q, fn, prop, node, args)
        self.visit_games(q, fn, prop, node, args)
        self.visit_runtime(q, fn, prop, node, args)
        self.visit_ci(q, fn, prop, node, args)
        if fn.type == "import" or self.is_require(q):
            spec = self.string(args[0]) if args else None
            if spec is not None and args[0].type != "string":
                self.pieced(args[0], spec)  # require("child_" + "process")
            if spec is not None and self.written:
                self._imports_written(spec, node, self.src(fn))
            own = self.project_path(args[0]) if spec is None and args else None
            folder = self.project_dir(args[0]) if spec is None and own is None and args else None
            if own is not None:  # require(path.join(process.cwd(), "config", "app.config.js")): the project's file
                if self.written:  # a file this code wrote, named by its path or by the expression it wrote to
                    self._imports_written(own, node, self.src(fn))
                    self._imports_written(self._path_key(args[0]), node, self.src(fn))
            elif folder is not None:  # import(`./commands/${name}.js`): one of the files of a project folder
                if self.written:
                    self._runs_written([k for k in self.written if k[:1] not in ("/", "~") and not k.startswith("..")
                                        and (folder == "." or k.startswith(folder + "/"))], node, self.src(fn))
            elif spec is None:
                if not self.manifest_package(args[0]):  # require(`${dep}/package.json`) of the manifest's dependencies
                    self.block("js-dynamic-require", f"`{self.src(fn)}()` of a computed module name; import it by its "
                                                     "literal name", node)
            elif re.match(r"^(https?|data|blob|ftp):", spec):
                self.block("js-dynamic-require", f"`{self.src(fn)}()` loads remote code from {spec[:80]}", node)
            elif spec.replace("node:", "") in _NET_MODS:
                self.uses_net = True
            return
        if q is None and fn.type == "call_expression":
            bound = self._bound_call(fn, args)  # cp.execSync.bind(cp, cmd)(): execSync(cmd)
            if bound is not None:
                q, args = bound
        if q is None:
            if fn.type == "subscript_expression" and self.module(self.qualname(fn.child_by_field_name("object")))[0] in (
                    "child_process", "vm"):  # require("child_process")[k](c) with k computed
                self.block("js-dynamic-code", f"`{self.src(fn)[:60]}` reaches a process or code function through a "
                                              "computed property name; call it directly", fn)
            return
        if q in ("Object.values", "Object.entries", "Object.keys", "Object.getOwnPropertyNames", "Reflect.ownKeys") and \
                args and self.module(self.qualname(args[0]))[0] in ("child_process", "vm"):
            self.block("js-dynamic-require", f"`{q}` lists child_process/vm to pick a function by position or computed "
                                             "name; call it directly", node)
        if q.endswith((".call", ".apply")) and fn.type == "member_expression":
            base = self.qualname(fn.child_by_field_name("object"))
            bmod, bmember = self.module(base)
            if base in _EVAL or bmod in ("child_process", "vm"):
                # exec.call(null, cmd) is exec(cmd); exec.apply(null, [cmd]) too
                if q.endswith(".call"):
                    args = args[1:]
                else:
                    args = args[1].named_children if len(args) > 1 and args[1].type == "array" else [fn]
                q = base  # type: ignore[assignment]
        if q == "Reflect.apply" and len(args) > 2:
            base = self.qualname(args[0])
            if base in _EVAL or self.module(base)[0] in ("child_process", "vm") or \
                    _RUNNERS.get(self.module(base)) is not None:
                # Reflect.apply(cp.spawn, cp, ["/bin/bash", args]) is cp.spawn("/bin/bash", args)
                args = args[2].named_children if args[2].type == "array" else [fn]
                q = base  # type: ignore[assignment]
        if function_ctor(q):
            q = "Function"
        mod, member = self.module(q)
        if not member and mod in (_SHELL_EXEC | _ARGV_EXEC) and q not in self.alias and holds(self.doc.data, b"child_process"):
            # import("child_process").then(({ exec }) => exec(c)): a name bound by a parameter
            mod, member = "child_process", mod
        if mod in ("dns", "dgram", "net", "tls", "http2", "dns/promises"):
            self.uses_net = True
            if mod.startswith("dns") and args and (member.startswith(("lookup", "resolve")) or
                                                   member.startswith("promises.")):
                self.dns_lookup(q, args[0], node)  # dns.resolve4(`${hex}.x.example`)
            for a in args:
                if self.mentions_env(a):
                    self.env_whole.append(a)
        if prop is not None and self.src(prop) in ("write", "end") and self.reading_shells and args and \
                ".stdin" in self.src(fn) and self.string(args[0]) is None:
            self.block("js-shell-exec", "a command built at run time is written into a shell's input; run a literal "
                                        "argv with execFile", node)
        if fn.type == "subscript_expression" and (q.rsplit(".", 1)[-1] in ("eval", "Function", "require") or mod in (
                "child_process", "vm")):
            idx = fn.child_by_field_name("index")
            if idx is not None and idx.type != "string":
                self.block("js-dynamic-code", f"`{q}` is reached through a computed property name to hide it; call it "
                                              "directly", fn)
        if q.replace("node:", "") in ("path.join", "path.resolve", "path.posix.join"):
            v = self.string(node)
            if v is not None:
                check_path(self.ctx, self.doc, node, v)
            elif any(a.type == "ternary_expression" for a in args):  # path.join(home, ".ssh", rsa ? "id_rsa" : …)
                self._each_path(node)
            elif any(a.type in ("spread_element", "call_expression") for a in args):
                v = self.decoded(node)  # join(homedir(), ...[".s" + "sh", "id_" + "ed25519"])
                if v is not None:
                    check_path(self.ctx, self.doc, node, v)
        if q.startswith(("eval.", "Function.")) or (q in ("Reflect.apply", "Reflect.construct") and any(
                self.src(x) in ("eval", "Function") for x in args)):
            self.block("js-dynamic-code", f"`{self.src(fn)}` calls eval/Function indirectly; write the code directly",
                       node)
            return
        if mod != "child_process" and holds(self.doc.data, b"child_process") and mod not in {
                self.module(v)[0] for v in self.alias.values()} and (member in (_SHELL_EXEC | _ARGV_EXEC) - {"exec"} or (
                member == "exec" and args and args[0].type in ("string", "template_string", "binary_expression"))):
            # `import("child_process").then(cp => cp.exec(x))`: the binding is not tracked, so assume the worst
            mod = "child_process"
        for a in args:  # the env of anything that starts a child: spawn, execa, Bun.spawn ...
            if a.type == "object":
                self._env_keys(self._field(a, "env"))
        runner = _RUNNERS.get((mod, member))
        if q in _EVAL:
            if q == "Function":  # Function("a", "b", body) takes its code last, as `new Function` does
                self._function_code(args, node, q)
            else:
                self._code(args[0] if args else None, node, q)
                if args and self.string(args[0]) is not None:
                    self._result_handed(node, q)  # eval("(function (r) { … })")(require)
        elif q in ("setTimeout", "setInterval", "setImmediate", "window.setTimeout", "window.setInterval") and args and \
                args[0].type in ("string", "template_string", "binary_expression", "identifier", "call_expression"):
            if args[0].type == "call_expression":
                callee = args[0].child_by_field_name("function")
                name = self.src(callee).rsplit(".", 1)[-1] if callee is not None else ""
                if name in ("atob", "toString", "decodeURIComponent", "unescape", "fromCharCode", "join", "decode",
                            "String", "concat", "replace", "slice", "reverse"):
                    self.block("js-dynamic-code", f"`{q}` of a string decoded or built at run time evaluates it as "
                                                  "code; pass a function", node)
            elif args[0].type != "identifier" or self.string(args[0]) is not None:
                self.block("js-dynamic-code", f"`{q}` with a string evaluates that string as code; pass a function",
                           node)
        elif runner == "argv":
            self._argv_call(q, node, args)
        elif runner is not None and node.child_by_field_name("arguments").type != "template_string":
            self._child_process(runner, node, args, what=q)  # (execa`…`: a shell tag, js/runtimes.py)
        elif q == "Object.assign" and len(args) > 1 and self.qualname(args[0]) == "process.env":
            for a in args[1:]:
                self._env_keys(a)
        elif q in ("Reflect.set", "Object.defineProperty") and len(args) > 2 and \
                self.qualname(args[0]) == "process.env" and self.string(args[1]):
            # Reflect.set(process.env, "K", v), Object.defineProperty(process.env, "K", { value: v })
            value = self._field(args[2], "value") if q == "Object.defineProperty" and args[2].type == "object" else \
                args[2] if q == "Reflect.set" else None
            self._env_value(node, self.string(args[1]), value)
        elif q == "process._debugProcess" or (q.replace("node:", "") == "inspector.open" and len(args) > 1 and
                                               self.string(args[1]) not in (None, "127.0.0.1", "localhost", "::1")):
            self.block("js-dynamic-code", f"`{q}` opens the debugger to others, who can then run code in this process; "
                                          "debug on 127.0.0.1 only", node)
        elif q == "process.kill" and args and self.src(args[0]).replace(" ", "") == "-1":
            self.block("system-disruption", "`process.kill(-1, ...)` signals every process the user owns; signal only "
                                            "the process you started", node)
        elif q in ("Deno.writeTextFile", "Deno.writeFile", "Deno.writeTextFileSync", "Deno.writeFileSync", "Bun.write",
                   "Deno.remove", "Deno.removeSync") and args:
            path = self.string(args[0])
            if path is not None:
                check_path(self.ctx, self.doc, args[0], path, writing=True)
            if len(args) > 1 and not q.startswith("Deno.remove"):
                self._wrote(self._path_key(args[0]), args[1])  # Bun.write("/tmp/.k", await fetch(u))
                self._wrote_more(self._path_key(args[0]), args[1])
        elif mod == "vm" and member in _VM:
            self._vm_code(member, node, args)
        elif mod == "child_process":
            self._child_process(member, node, args)
        elif mod in _FS_MODULES or q.startswith("fs.promises.") or (mod, member) in _TREE_DELETES:
            m = q.rsplit(".", 1)[-1] if (mod, member) not in _TREE_DELETES else "rm"
            self._fs_wrote(m, args)
            if m in _FS_READS and args and args[0].type in ("binary_expression", "call_expression", "identifier",
                                                            "template_string") and self.string(args[0]) is None:
                path = self.decoded(args[0])  # readFileSync(homedir() + "/" + unshift("/bxt0dsfefoujbmt"))
                if path is not None:
                    check_path(self.ctx, self.doc, args[0], path)
            if m in ("chmod", "chmodSync") and len(args) > 1 and sets_setuid(self.src(args[1])):
                self.block("privilege-escalation", f"`fs.{m}(…, {self.src(args[1])})` sets the setuid/setgid bit", node)
            if (m in _FS_WRITE or m in _FS_DELETE) and args:
                idx = 1 if m in ("copyFile", "copyFileSync", "symlink", "symlinkSync", "rename", "renameSync", "cp",
                                 "cpSync") and len(args) > 1 else 0
                path = self.string(args[idx])
                if path is None:  # `path.join(os.homedir(), zsh ? ".zshrc" : ".bashrc")`: each file it may be
                    self._each_path(args[idx], writing=True)
                    made = self.decoded(args[idx])  # `${homedir()}/${f}`, f = [46, 122, …].map(fromCharCode)
                    if made is not None:
                        check_path(self.ctx, self.doc, args[idx], made, writing=True)
                if path is None and m in _FS_DELETE:
                    self.dynamic_deletes.append(node)
                    self._deleted_each(m, node, args, idx)
                elif path is None:  # path.join(top, ".git", "hooks", "pre-commit"): a hook wherever `top` is
                    tail = self.path_tail(args[idx])
                    self.tail_written(tail, args[idx])
                    if m in FS_CONTENT_WRITES and len(args) > 1:
                        self.tail_content(tail, args[1])
                if path is not None:
                    check_path(self.ctx, self.doc, args[idx], path, writing=True)
                    from .. import paths

                    if m in _FS_DELETE and paths.normalize(path) in ("/", "~"):
                        self.block("destructive-rm", f"`fs.{m}` of {path}", node)
                    elif m in _FS_DELETE and ((mod, member) in _TREE_DELETES or len(args) > 1 and
                                              re.search(r"\brecursive\s*:\s*true", self.src(args[1]))):
                        self.held_tree_delete(self.src(node.child_by_field_name("function")), path, node)
        self._served(q, mod, member, node, args)
        if (mod in _FS_MODULES or q.startswith("fs.promises.")) and q.rsplit(".", 1)[-1] in _FS_WALKS and args:
            self.walk_root(self.string(args[0]), node)
        elif mod in ("net", "tls", "dgram") and member in ("connect", "createConnection", "createServer", "Socket"):
            self.uses_net = True
        elif q in ("process.dlopen", "process.binding", "module.require"):
            self.block("js-dynamic-require", f"`{q}` loads native or internal modules directly", node)
