"""The TypeScript walk: one pass over the tree hands each node to its theme, then the checks that
need the whole snippet (reverse shell, exfiltration, walks with deletes) run.
"""
from __future__ import annotations

import json
import re

from ..common_code import CodeAnalysis, check_path
from ..engine import Context
from ..parse import Doc
from .agents import HINT as AGENT_HINT
from .agents import AgentSdks
from .callables import _VALUE_HOLDERS, Callables
from .calls import Calls
from .chain import Chain
from .finance import Finance
from .identity import Identity
from .selfhosted import SelfHosted
from .mail import Mail
from .dns import Dns
from .forges import Forges
from .media import Media
from .scraping import Scraping
from .cms import Cms
from .crm import Crm
from .records import Records
from .desktop import Desktop
from .devenv import Devenv
from .serverless import Serverless
from .brokers import Brokers
from .frameworks import Frameworks
from .warehouses import Warehouses
from .docsites import Docsites
from .directory import Directory
from .backups import Backups
from .geo import Geo
from .industrial import Industrial
from .telecom import Telecom
from .erp import Erp
from .office import Office
from .routers import Routers
from .lms import Lms
from .hpc import Hpc
from .streaming import Streaming
from .mobile import Mobile
from .secops import Secops
from .games import Games
from .ci import CiCode
from .code import Code
from .containers import Containers
from .runtimes import Runtimes
from .files import Files
from .http_calls import HttpCalls
from .irreversible import Irreversible
from .names import _GLOBALS, Names
from .network import Network
from .processes import Processes
from .strings import ProjectPaths, Strings
from .webapp import HINT as WEBAPP_HINT
from .webapp import SIGNATURE_HINT
from .webapp import WebApp


_LOOPS = frozenset({"while_statement", "for_statement", "do_statement"})
# calls that start a process or worker and do not wait for it
_STARTS = re.compile(r"\b(?:spawn|fork|exec|execFile|Worker|cluster\.fork)\s*\(")
_SENDS = re.compile(rb"\bfetch\s*\(|\baxios\b|\bgot\s*\(|\bundici\b|https?\.request\s*\(")
_EXITS = re.compile(r"\b(?:break|return|throw|process\.exit)\b")
# a wait for the next connection, request or message: a loop that starts a worker after one is paced by its input
_WAITS = re.compile(r"\bawait\s+[\w$.]*(?:accept|nextRequest|receive|recv|read|readLine|next|question)\s*\(")
# the module functions that start a process or a worker, whatever name the code imports them under
_STARTERS = frozenset({("child_process", m) for m in ("spawn", "spawnSync", "fork", "exec", "execSync", "execFile",
                                                      "execFileSync")} | {("cluster", "fork"),
                                                                          ("worker_threads", "Worker")})


class JsAnalysis(Calls, Chain, Identity, SelfHosted, Finance, Mail, Dns, Forges, Media, Scraping,
                 Cms, Crm, Records, Desktop, Devenv, Serverless, Brokers, Frameworks, Warehouses, Docsites,
                 Directory, Backups, Geo, Industrial, Telecom, Erp, Office, Routers, Lms, Hpc, Streaming, Mobile, Games, Secops, Callables, Names, Code, Processes, Files, WebApp, Network,
                 Strings, ProjectPaths, Irreversible, HttpCalls,
                 AgentSdks, Containers, CiCode, Runtimes, CodeAnalysis):
    RULES = ("js-shell-exec", "js-dynamic-code")
    ASSIGNMENTS = ("typescript", "(assignment_expression left: (identifier) @set) "
                                 "(augmented_assignment_expression left: (identifier) @change) "
                                 "(update_expression argument: (identifier) @change)",
                   frozenset({"string", "template_string"}))
    DECLARATIONS = ("[(variable_declarator name: (identifier) @name value: (_) @value) "
                    "(assignment_expression left: (identifier) @name right: (_) @value)]")
    ORIGIN = ("call_expression", "function", "member_expression", "object", "property", "subscript_expression", "object",
              "new_expression", frozenset({"await_expression", "parenthesized_expression", "non_null_expression",
                                           "as_expression"}))

    def serialised(self, node) -> str | None:
        """`JSON.stringify({...})` of a literal: the JSON it writes."""
        if node is None or node.type != "call_expression" or \
                self.src(node.child_by_field_name("function")) != "JSON.stringify":
            return None
        args = [a for a in node.child_by_field_name("arguments").named_children if a.type != "comment"]
        try:
            return json.dumps(self._literal(args[0], 0)) if args else None
        except ValueError:
            return None

    def _literal(self, node, depth: int):
        """The value of a literal expression (strings, numbers, booleans, null, arrays, plain objects)."""
        t = node.type
        if depth > 32:
            raise ValueError("too deep")
        if t in ("string", "template_string"):
            v = self.string(node)
            if v is None:
                raise ValueError("computed")
            return v
        if t in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[t]
        if t == "number":
            return float(self.src(node))
        if t == "array":
            return [self._literal(c, depth + 1) for c in node.named_children if c.type != "comment"]
        if t == "object":
            out = {}
            for pair in node.named_children:
                if pair.type == "comment":
                    continue
                key = pair.child_by_field_name("key") if pair.type == "pair" else None
                if key is None or key.type not in ("property_identifier", "string"):
                    raise ValueError("not a plain object")  # spreads, shorthands, methods, computed keys
                out[self.string(key) if key.type == "string" else self.src(key)] = self._literal(
                    pair.child_by_field_name("value"), depth + 1)
            return out
        raise ValueError(t)

    def __init__(self, doc: Doc, ctx: Context) -> None:
        super().__init__(doc, ctx)
        self.shells: list = []
        self.reading_shells = False  # a shell started without a script or -c reads commands from its input
        self.env_names: set[str] = set()  # names assigned the whole environment
        self.arrays: dict[str, object] = {}  # const name -> the array literal it is bound to
        self.root_reads: list = []  # file reads of the home or / joined with a path from the request
        # (node, what): secrets the code gathers that must not leave the machine: every secret a store lists read
        # (common_code.store_dump), a cloud access key made
        self.gathered: list = []
        self.functions: set[str] = set()  # names bound to a function literal or declared as functions
        self.file_texts: dict[str, object] = {}  # file written -> the node of what was written to it (files.py)
        self.hook_dirs: list[str] = []  # directories made git's hooks directory by `git config core.hooksPath`
        self.publishers: list = []  # Octokit calls that publish what they are given (an issue, a gist: network.py)

    def grammar(self) -> str:
        from ..parse import _language

        return "tsx" if self.root.kind_id == _language("tsx").id_for_node_kind("program", True) else "typescript"

    def run(self, root) -> None:
        with self.paths_read():  # start-up files the code names: judged by how it uses them, once all is read
            self._walk(root)

    def _walk(self, root) -> None:
        self.root = root
        # the agent SDKs' options are read only where one of them is imported (a local, as in the Python walk)
        agent_sdk = AGENT_HINT.search(self.doc.data) is not None
        stack = [root]
        while stack:
            node = stack.pop()
            t = node.type
            if t == "import_statement":
                self.visit_import(node)
            elif t == "export_statement" and node.child_by_field_name("source") is not None:
                self.visit_import(node)  # export * from "https://…/mod.ts" loads the module as an import does
            elif t == "variable_declarator":
                self.visit_declarator(node)
            elif t in ("function_declaration", "generator_function_declaration"):
                name = node.child_by_field_name("name")
                if name is not None:
                    self.functions.add(self.src(name))
            elif t == "call_expression":
                self.visit_call(node)
                if agent_sdk:
                    self.visit_agent_call(node)
            elif t == "new_expression":
                self.visit_new(node)
                if agent_sdk:
                    self.visit_agent_new(node)
            elif t == "subscript_expression":
                obj = node.child_by_field_name("object")
                idx = node.child_by_field_name("index")
                key = self.string(idx)
                if key is not None and idx is not None and idx.type != "string":
                    self.pieced(idx, key)  # globalThis["req" + "uire"], cp[["exec", "Sync"].join("")]
                if obj is not None and self.src(obj) in _GLOBALS and key is None:
                    self.block("js-dynamic-require", f"`{self.src(obj)}[...]` looks up a computed name on a global; "
                                                     "call what you need directly", node)
                elif key == "mainModule":
                    self.block("js-dynamic-require", "`process.mainModule` reaches the module loader around the import "
                                                     "rules; import what you need", node)
            elif t in _VALUE_HOLDERS and t != "assignment_expression":
                self.visit_holder(node, t)
                if t == "pair":
                    self._scripts(node)
            elif t == "augmented_assignment_expression":
                q = self.qualname(node.child_by_field_name("left"))
                op = node.child_by_field_name("operator")
                if q and q.startswith("process.env.") and op is not None and self.src(op) == "+=":
                    self._env_value(node, q.split(".", 2)[2], node.child_by_field_name("right"), "append")
            elif t == "member_expression":
                q = self.qualname(node)
                prop = node.child_by_field_name("property")
                if q and (q.endswith(("constructor.constructor", "mainModule.require", "module.constructor._load"))
                          or q in ("process.binding", "process._linkedBinding", "process.dlopen", "module._load",
                                   "process.mainModule")):
                    self.block("js-dynamic-require", f"`{self.src(node)}` reaches Node internals or the Function "
                                                     "constructor; use the normal API", node)
                name = self.src(prop) if prop is not None else ""
                if name == "__proto__":
                    self.block("js-dynamic-require", "`__proto__` tampering (prototype pollution)", node)
                elif name in ("mainModule", "constructor") and self._internal(node, name):
                    self.block("js-dynamic-require", f"`{self.src(node)[:80]}` reaches Node internals or the Function "
                                                     "constructor; use the normal API", node)
            elif t == "assignment_expression":
                left = node.child_by_field_name("left")
                q = self.qualname(left)
                right = node.child_by_field_name("right")
                if q and q.startswith("process.env.") and left is not None:
                    self._env_value(left, q.split(".", 2)[2], right)
                elif q and ".scripts" in q and right is not None:
                    self._scripts_assigned(q, right)
                elif q and q.endswith(".name") and right is not None and right.type in ("string", "template_string"):
                    self.package_named(right)  # pkg.name = "lodahs" before `npm publish`
                if left is not None and left.type == "identifier" and right is not None and \
                        self.mentions_env(right):
                    self.env_names.add(self.src(left))
                self.visit_holder(node, t)  # `o.run = exec`
                if q and q.replace("node:", "") in ("module.prototype.require", "module._load", "module._resolveFilename",
                                                    "module.prototype._compile"):
                    self.block("js-dynamic-require", f"`{self.src(left)}` is replaced, so every later require runs this "
                                                     "code; do not patch the module loader", node)
            elif t in ("string", "template_string", "binary_expression"):
                v = self.string(node)
                if v is not None and len(v) < 512 and v.startswith(("~", "/")):
                    if not (".ssh/" in v and self.login_path(node, v)):  # ssh2's `privateKey`: as `ssh -i KEY`
                        check_path(self.ctx, self.doc, node, v)
                elif v is None and t == "template_string" and self.doc.data[node.start_byte:node.start_byte + 7] == b"`/proc/":
                    # `/proc/${pid}/mem`: another process's memory or environment, whichever process it is
                    check_path(self.ctx, self.doc, node, "".join(
                        "*" if c.type == "template_substitution" else self.src(c) for c in node.named_children))
                elif v is None and t == "template_string" and any(
                        c.type == "template_substitution" and c.named_children and
                        c.named_children[0].type == "ternary_expression" for c in node.named_children):
                    self._each_path(node)  # `${os.homedir()}/.ssh/${ed ? "id_ed25519" : "id_rsa"}`: each file it names
                if t != "binary_expression":
                    self.metadata_url(v, node)
                if t == "binary_expression" and v is not None:
                    continue
            elif t == "for_in_statement":  # `for (const d of [".ssh", …])`: `for … in` gives the indices
                if any(c.type == "of" for c in node.children):
                    self.note_loop(node.child_by_field_name("left"), node.child_by_field_name("right"),
                                   node.child_by_field_name("body"))
            elif t in _LOOPS:
                body = node.child_by_field_name("body")
                text = self.src(body) if body is not None else ""
                if self._endless(node, t) and not _EXITS.search(text):
                    started = self._starts(text)
                    if started is not None and _WAITS.search(text, 0, started) is None:
                        self.endless.append(node)
            if node.named_child_count:  # leaves (names, numbers, string pieces) are about half the nodes
                stack.extend(reversed(node.named_children))
        if self.uses_net and self.shells:
            self.block("reverse-shell", "a shell is spawned next to a network socket (reverse shell)", self.shells[0])
        if self.env_whole:
            self.block("exfiltration", "the whole environment (process.env) is sent over the network", self.env_whole[0])
        if self.gathered and (self.uses_net or self.publishers or _SENDS.search(self.doc.data)):
            node, what = self.gathered[0]
            self.block("exfiltration", f"the code {what} and sends data over the network; never send credentials off "
                                       "the machine", node)
        if WEBAPP_HINT.search(self.doc.data):  # visitors' and the browser's secrets sent elsewhere (webapp.py)
            self.webapp_checks()
        if SIGNATURE_HINT.search(self.doc.data) and re.search(rb"\b(?:req|request|c\.req)\b", self.doc.data):
            self.signature_bypass()  # a webhook's signature check skipped for a value in the code (webapp.py)
        self.report_walk_deletes()
        self.report_wipes()
        if self.root_reads and re.search(rb"createServer|\.listen\(", self.doc.data):
            node, where = self.root_reads[0]
            self.block("exfiltration", f"the code serves files under {where} chosen by the request, every key and "
                                       "credential in it; serve only a project directory", node)

    def _starts(self, text: str) -> int | None:
        """Where in a loop's body `text` a process or worker is first started, also through a name of the code's
        own (`import { spawn as _fork } from "node:child_process"`); None when none is."""
        m = _STARTS.search(text)
        at = m.start() if m is not None else None
        names = [re.escape(al) for al, q in self.alias.items() if self.module(q) in _STARTERS]
        if names:
            m = re.search(rf"(?<![\w$.])(?:{'|'.join(names)})\s*\(", text)
            if m is not None and (at is None or m.start() < at):
                at = m.start()
        return at

    def _endless(self, node, t: str) -> bool:
        """`while (true)`, `for (;;)`, `do ... while (1)`."""
        if t == "for_statement":
            return node.child_by_field_name("condition") is None or self.src(
                node.child_by_field_name("condition")).strip(" ;") in ("", "true", "1")
        cond = node.child_by_field_name("condition")
        return cond is not None and self.src(cond).strip("() ") in ("true", "1", "!0", "!false")
