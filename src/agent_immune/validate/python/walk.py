"""The Python walk: one pass over the tree hands each node to its theme, then the checks that
need the whole snippet (reverse shell, exfiltration, walks with deletes, served home) run.
"""
from __future__ import annotations

import ast
import json
import re

from ..per_input import in_input
from ..common_code import CodeAnalysis, check_path
from ..engine import Context
from ..limits import VALUE_CAP
from ..parse import Doc
from .agents import HINT as AGENT_HINT
from .agents import AgentSdks
from .browser import HINT as BROWSER_HINT
from .browser import Browser
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
from .games import Games
from .secops import Secops
from .ci import CiCode
from .code import _INTROSPECTION, Code
from .containers import Containers
from .ml import MlPlatforms
from .deserialise import Deserialise
from .files import Files, WrittenFiles
from .http_calls import HttpCalls
from .irreversible import Irreversible
from .names import Names
from .native import Native
from .network import Carried, Network
from .processes import Processes
from .strings import ProjectPaths, Strings


# calls that start a process or thread and do not wait for it
_STARTS = re.compile(r"\b(?:Popen|fork|forkpty|spawn\w*|start_new_thread|create_subprocess_\w+)\s*\(|\.start\(\)")
_PROC = (b'"/proc/', b"'/proc/")  # after an f-string's `f`
_EXITS = re.compile(r"\b(?:break|return|raise|sys\.exit|exit)\b")
_ENDLESS_ITER = re.compile(r"^(?:iter\(\s*int\s*,|(?:itertools\.)?(?:count|repeat|cycle)\()")
# a wait for the next request, message or line: a loop that starts a worker after one is paced by its input (a
# threaded server), not a fork bomb
_WAITS = re.compile(r"\.(?:accept|recv|recvfrom|recv_into|recvmsg|recv_json|recv_string|recv_multipart|receive|"
                    r"readline|get_message|serve_forever)\s*\(|\.get\(\s*(?:\)|block|timeout|True)|\binput\s*\(|"
                    r"\bselect\.(?:select|poll)\s*\(|\.select\s*\(")
# functions that start a process, once imported under a name of the code's own (`from subprocess import Popen as p`)
_STARTERS = frozenset({"subprocess.Popen", "os.fork", "os.forkpty", "multiprocessing.Process", "os.posix_spawn",
                       "os.posix_spawnp", "pty.fork", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell"})


class PythonAnalysis(Calls, Chain, Identity, SelfHosted, Finance, Mail, Dns, Forges, Media, Scraping,
                     Cms, Crm, Records, Desktop, Devenv, Serverless, Brokers, Frameworks, Warehouses, Docsites,
                     Directory, Backups, Geo, Industrial, Telecom, Erp, Office, Routers, Lms, Hpc, Streaming, Mobile, Secops, Games, Callables, Names, Code, Processes, Deserialise, Files,
                     WrittenFiles, Browser, Network, Carried, Strings,
                     ProjectPaths, Irreversible, HttpCalls, AgentSdks, Native, Containers, CiCode, MlPlatforms,
                     CodeAnalysis):
    RULES = ("py-shell-exec", "py-dynamic-code")
    ASSIGNMENTS = ("python", "(assignment left: (identifier) @set) (augmented_assignment left: (identifier) @change) "
                   "(for_statement left: (identifier) @change) (named_expression name: (identifier) @change) "
                   "(as_pattern_target (identifier) @change)",
                   frozenset({"string", "concatenated_string"}))
    # (`iv, ct = f(blob), g(blob)`: each name paired with the item in its own place, up to the fourth; a name after
    # a starred or dotted target is not: `data, key = {…}, os.environ["T"]` gives `data` the dict only: session 30)
    DECLARATIONS = ("[(assignment left: (identifier) @name right: (_) @value) "
                    + " ".join("(assignment left: (pattern_list .%s (identifier) @name) right: (expression_list .%s (_) "
                               "@value))" % (" (identifier) ." * i, " (_) ." * i) for i in range(4)) + "]")
    ORIGIN = ("call", "function", "attribute", "object", "attribute", "subscript", "value", "",
              frozenset({"await", "parenthesized_expression"}))

    def serialised(self, node) -> str | None:
        """`json.dumps({...})` (or `json.dump({...}, f)`) of a literal: the JSON it writes (literal_eval reads
        literals only)."""
        if node is None or node.type != "call" or \
                self.qualname(node.child_by_field_name("function")) not in ("json.dumps", "json.dump"):
            return None
        args = [a for a in node.child_by_field_name("arguments").named_children if a.type != "keyword_argument"]
        if not args or args[0].end_byte - args[0].start_byte > VALUE_CAP:
            return None
        try:
            return json.dumps(ast.literal_eval(self.src(args[0])))
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None

    def __init__(self, doc: Doc, ctx: Context) -> None:
        super().__init__(doc, ctx)
        self.star: list[str] = []  # modules imported with `*`, in order
        self.uses_socket = False
        self.shell_io: list = []
        self.env_names: set[str] = {"os.environ"}  # names holding the whole environment
        self.downloads: set[str] = set()  # literal paths a download in this code writes to
        self.served_root: str | None = None  # the home or / when the code changed into it
        self.serves_files = None  # a use of http.server's file handler
        # name -> the list/tuple literal assigned to it; "which NAME" -> `shutil.which("x") or "x"` assigned to NAME
        # (processes._program; None once NAME is bound twice): kept here, as one more attribute costs every lookup
        self.lists: dict[str, object] = {}
        self.handles: dict[str, str] = {}  # file object name -> the path key it writes to
        self.reading_shells: set[str] = set()  # names of shells started without a script (they read stdin)
        # (node, what) of secrets gathered: archives made of the home or a credential directory, the output of a
        # program that prints secrets; sent off when the code also uses the network
        self.archives: list = []
        self.uses_plumbum = False

    def run(self, root) -> None:
        with self.paths_read():  # start-up files the code names: judged by how it uses them, once all is read
            self._walk(root)

    def _walk(self, root) -> None:
        self.root = root
        # the agent SDKs' options are read only where one may be named (a local: one more attribute on
        # the analysis would take its instances past CPython's 30 shared dict keys, and every attribute
        # lookup would then cost a dict search, about 4 % of a snippet's judgement)
        agent_sdk = in_input(AGENT_HINT, self.doc.data)
        stack = [root]
        while stack:
            node = stack.pop()
            t = node.type
            if t == "identifier":  # the commonest node: settled by its length before its text is read
                if node.end_byte - node.start_byte == 12 and self.src(node) == "__builtins__":
                    self.block("py-dynamic-import", "`__builtins__` reaches the builtins by name; call them directly", node)
            elif t == "import_statement" or t == "import_from_statement":
                self.visit_import(node)
            elif t == "assignment":
                self.visit_assignment(node)
                if agent_sdk:
                    self.visit_agent_assignment(node)
            elif t == "augmented_assignment":
                left = node.child_by_field_name("left")
                if left is not None and self.qualname(left) == "os.environ":  # os.environ |= {...}
                    self._env_keys(node.child_by_field_name("right"))
            elif t == "attribute":
                attr = node.child_by_field_name("attribute")
                name = self.src(attr) if attr is not None else ""
                if name in _INTROSPECTION:
                    self.block("py-dynamic-import", f"`.{name}` reaches interpreter internals (a sandbox "
                                                    "escape trick); use the normal API", node)
                elif name == "__dict__" and node.parent is not None and node.parent.type != "subscript":
                    self._module_table(node.child_by_field_name("object"), node)
            elif t == "subscript":
                self.visit_subscript(node)
                if self.uses_plumbum:
                    self.visit_plumbum(node)
            elif t in _VALUE_HOLDERS:
                self.visit_holder(node, t)
                if t == "pair":
                    self._scripts(node)
                elif t == "return_statement":  # a route answering with the whole environment (docsites.py)
                    self.visit_docsites_return(node)
            elif t == "string" or t == "concatenated_string":
                v = self.string(node)
                if v is not None and len(v) < 512 and ("/" in v or v.startswith("~")) and not (
                        ".ssh/" in v and self.login_path(node, v)):  # a key or ~/.ssh/config an ssh client logs in with
                    check_path(self.ctx, self.doc, node, v)
                elif v is None and t == "string" and self.doc.data[node.start_byte + 1:node.start_byte + 8] in _PROC:
                    # f"/proc/{pid}/mem": another process's memory or environment, whichever process it is
                    check_path(self.ctx, self.doc, node, self._pattern(node))
                self.metadata_url(v, node)
                if t == "concatenated_string":
                    continue
            elif t in ("binary_operator", "call"):
                v = self.string(node)
                if v is not None and v.startswith(("~", "/")) and not (t == "call" and self._same_path(node, v)) and \
                        not (".ssh/" in v and self.login_path(node, v)) and not self._joined_further(node):
                    check_path(self.ctx, self.doc, node, v)
                if t == "call":
                    self.visit_call(node)
                    if agent_sdk:
                        self.visit_agent_call(node)
                elif self.uses_plumbum and self.src(node.child_by_field_name("operator")) == "|" and not (
                        node.parent.type == "binary_operator" and node.parent.child_by_field_name("operator").type == "|"):
                    self.plumbum_pipe(node)
            elif t == "as_pattern":  # with engine.connect() as conn
                target = node.child_by_field_name("alias")
                if target is not None and target.named_children:
                    self._bind(target.named_children[0], node.named_children[0])
            elif t in ("while_statement", "for_statement"):
                if t == "for_statement":
                    self._bind(node.child_by_field_name("left"), node.child_by_field_name("right"))
                body = node.child_by_field_name("body")
                if t == "for_statement":
                    self.note_loop(node.child_by_field_name("left"), node.child_by_field_name("right"), body)
                text = self.src(body) if body is not None else ""
                if "fork()" in text:
                    self.block("resource-exhaustion", "`os.fork()` inside a loop starts processes without end", node)
                elif self._endless(node, t) and not _EXITS.search(text):
                    started = self._starts(text)
                    if started is not None and not _paced(text, started):
                        self.endless.append(node)
            if node.named_child_count:  # leaves (names, numbers, string pieces) are about half the nodes
                stack.extend(reversed(node.named_children))
        if self.uses_socket and self.shell_io:
            self.block("reverse-shell", "a socket is wired to a process's input/output (reverse shell)", self.shell_io[0])
        if self.uses_net and self.env_whole:
            self.block("exfiltration", "the whole environment is sent over the network; never send secrets off the "
                                       "machine", self.env_whole[0])
        if self.uses_net and "file sent" in self.lists:
            self.block("exfiltration", "the project's .env or a credential file is sent over the network (a socket, "
                                       "mail, FTP or SFTP); never send secrets off the machine", self.lists["file sent"])
        if in_input(BROWSER_HINT, self.doc.data):  # browsers' and apps' secrets gathered and sent (browser.py)
            self.browser_checks()
        self.report_walk_deletes()
        self.report_wipes()
        if self.archives and self.uses_net:
            node, what = self.archives[0]
            self.block("exfiltration", f"the code {what} and uses the network; never send the home or "
                                       "credentials off the machine", node)
        if self.serves_files is not None:
            directory = self.kwarg(self.serves_files, "directory") if self.serves_files.type == "call" else None
            where = self.string(directory) if directory is not None else self.served_root
            from .. import paths

            if where is not None and paths.normalize(where) in ("/", "~"):
                self.block("exfiltration", f"the code serves {where} over HTTP, every key and credential in it; "
                                           "serve only a project directory", self.serves_files)

    def _joined_further(self, node) -> bool:
        """`Path.home() / ".ssh"` inside `Path.home() / ".ssh" / "config"`: only the whole path, which is known, is
        judged (a name joined on that is not known leaves the part judged)."""
        up = node.parent
        return up is not None and up.type == "binary_operator" and up.child_by_field_name("left") == node and \
            self.src(up.child_by_field_name("operator")) == "/" and self.string(up) is not None

    def _pattern(self, node) -> str:
        """An f-string's text with `*` for each replacement field (`f"/proc/{pid}/mem"` -> `/proc/*/mem`)."""
        return "".join("*" if c.type == "interpolation" else self.src(c) for c in node.children
                       if c.type not in ("string_start", "string_end"))

    def _same_path(self, call, v: str) -> bool:
        """`os.path.realpath("~/.ssh/x")`: a call whose value is its argument's, judged there."""
        args = self.args(call)
        return bool(args) and args[0].type == "string" and self.string(args[0]) == v

    def _starts(self, text: str) -> int | None:
        """Where in a loop's body `text` a process or thread is first started (also through a name of the
        code's own for Popen or fork); None when none is."""
        m = _STARTS.search(text)
        at = m.start() if m is not None else None
        names = [re.escape(al) for al, q in self.alias.items() if q in _STARTERS or q.startswith("os.spawn")]
        if names:
            m = re.search(rf"(?<![\w.])(?:{'|'.join(names)})\s*\(", text)
            if m is not None and (at is None or m.start() < at):
                at = m.start()
        return at

    def _endless(self, node, t: str) -> bool:
        """`while True:`, `while 1:`, `for _ in iter(int, 1)`, `for _ in itertools.count()`."""
        if t == "while_statement":
            cond = node.child_by_field_name("condition")
            return cond is not None and self.src(cond) in ("True", "1", "not False", "(True)")
        right = node.child_by_field_name("right")
        return right is not None and _ENDLESS_ITER.match(self.src(right)) is not None


def _paced(text: str, started: int) -> bool:
    """Whether a loop body waits for a request, a message or a line (`srv.accept()`, `q.get()`, `input()`)
    before it starts a worker: each run then needs one more input, as a server's does."""
    m = _WAITS.search(text, 0, started)
    return m is not None
