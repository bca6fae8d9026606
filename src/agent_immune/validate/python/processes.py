"""What Python code runs as a process: shell strings, argv lists, spawns and the environment
a child is given. Commands are handed to the bash rules.
"""
from __future__ import annotations

import re
import shlex

from ..per_input import holds, in_input
from ..common_code import (NET_TOOLS, SHELL_NAMES, argv_to_shell, check_env_value, download_option, reads_commands,
                           run_operands)
from ..bash.commands import INTERPRETERS
from ..bash.ecosystems import printed_token, published_url, way_of
from .network import _NET, _SEND
from .strings import _literal


# programs that run the program after their own options: `sudo /tmp/.x`, `env A=1 ./x`, `timeout 30 ./x`. A file this
# code wrote and then runs through one of them is run all the same (and as root, through sudo).
_LAUNCHERS = frozenset({"sudo", "doas", "pkexec", "env", "nice", "ionice", "nohup", "timeout", "stdbuf", "setsid",
                        "chrt", "taskset", "runuser", "time"})
_LAUNCHER_VALUES = {"sudo": ("-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"), "doas": ("-u", "-C"),
                    "pkexec": ("--user",), "env": ("-u", "--unset", "-C", "--chdir", "-S"), "nice": ("-n",),
                    "ionice": ("-c", "-n", "-p", "-t"), "timeout": ("-s", "--signal", "-k", "--kill-after"),
                    "stdbuf": ("-i", "-o", "-e"), "chrt": (), "taskset": (), "runuser": ("-u", "-g", "-l")}


def launched_operands(argv: list[str | None]) -> list[int]:
    """run_operands of an argv, and of the argv a launcher at its head runs (`["sudo", "/tmp/.x"]` runs /tmp/.x)."""
    out, base, depth = list(run_operands(argv)), 0, 0
    while depth < 4 and base < len(argv) and (argv[base] or "").rsplit("/", 1)[-1] in _LAUNCHERS:
        name = (argv[base] or "").rsplit("/", 1)[-1]
        i = base + 1
        takes = _LAUNCHER_VALUES.get(name, ())
        while i < len(argv):
            a = argv[i]
            if a is None:
                break
            if a == "--":
                i += 1
                break
            if a in takes:
                i += 2
                continue
            if a[:1] == "-" or name == "env" and "=" in a:
                i += 1
                continue
            if name == "timeout" and re.fullmatch(r"\d+(?:\.\d+)?[smhd]?", a) or name in ("chrt", "taskset") and \
                    re.fullmatch(r"[\dxa-fA-F,-]+", a):
                i += 1
                continue
            break
        if i >= len(argv):
            break
        base, depth = i, depth + 1
        out += [base + j for j in run_operands(argv[base:])]
    return out


_SHELL_STRING = frozenset({"os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput",
                           "commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput",
                           "platform.popen", "asyncio.create_subprocess_shell", "popen2.popen2", "popen2.popen3",
                           "invoke.run", "sarge.run", "os.popen3"})
_SUBPROCESS = frozenset({"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
                         "subprocess.Popen", "asyncio.create_subprocess_exec", "sh.Command", "plumbum.local"})
_SPAWN_PREFIX = ("os.exec", "os.spawn", "os.posix_spawn")
# modules whose attributes are programs: `sh.npm("publish")`, `from plumbum.cmd import npm`
_PROGRAM_MODULES = ("sh.", "plumbum.cmd.")
_SH_API = frozenset({"Command", "RunningCommand", "CommandNotFound", "TimeoutException", "glob", "contrib", "pushd",
                     "which", "ErrorReturnCode", "SignalException"})
# calls that never return to their caller: the other branch of `shutil.which("x") or sys.exit(…)` is the program
_ENDS_PROGRAM = frozenset({"sys.exit", "exit", "quit", "os._exit", "os.abort", "builtins.exit", "builtins.quit"})
_SPAWN = frozenset({"pty.spawn", "os.forkpty", "pexpect.spawn", "pexpect.run"})
# fabric and invoke: objects whose run/local/sudo take a shell command line
_FABRIC = frozenset({"fabric.Connection", "fabric.connection.Connection", "fabric.Group", "fabric.SerialGroup",
                     "fabric.ThreadingGroup", "fabric.group.SerialGroup", "fabric.group.ThreadingGroup", "invoke.Context",
                     "invoke.context.Context", "invoke.MockContext"})
_FABRIC_METHODS = frozenset({"run", "local", "sudo"})
# fabric objects whose run/sudo act on other machines (an invoke Context, and `local`, run here)
_REMOTE_FABRIC = frozenset({"fabric.Connection", "fabric.connection.Connection", "fabric.Group", "fabric.SerialGroup",
                            "fabric.ThreadingGroup", "fabric.group.SerialGroup", "fabric.group.ThreadingGroup"})
# methods judged as a command or a tunnel on another machine (visit_remote), settled by the name first
REMOTE_METHODS = frozenset({"exec_command", "request_port_forward"})
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", "localhost.localdomain"})
_UNKNOWN = "\x00"  # in a command line built at run time (_shell_text): a piece only known when the code runs
_FORMAT_FIELD = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdrif]|\{[^{}]*\}")
# the shell rules' findings for a piece not known that is the program or the code run (`${ARG} --all`, `sh -c ${ARG}`)
_UNKNOWN_RUN = frozenset({"nonliteral-command", "dynamic-exec"})
# a loop over the machine's processes that kills each one it meets (psutil), and what in its tests picks a few out
_PROCESS_LISTS = frozenset({"psutil.process_iter", "psutil.pids"})
# security, audit and logging agents: a loop that kills them by name blinds the machine (the shell rules name
# stopping auditd `anti-forensics`)
_SECURITY_AGENTS = frozenset({
    "auditd", "auditbeat", "audisp", "kauditd", "falco", "falcon-sensor", "falcond", "falcoctl", "osqueryd", "osquery",
    "wazuh-agentd", "wazuh-modulesd", "wazuh-logcollector", "wazuh-syscheckd", "wazuh-execd", "ossec-agentd",
    "ossec-syscheckd", "sysdig", "sysdig-agent", "clamd", "freshclam", "clamav-daemon", "apparmor", "aide",
    "tripwire", "rsyslogd", "rsyslog", "syslog-ng", "systemd-journald", "journald", "elastic-agent",
    "elastic-endpoint", "sentinelagent", "sentinelone", "cbagentd", "cbdaemon", "xagt", "mdatp", "wdavdaemon",
    "tetragon", "tracee", "suricata", "snort", "zeek", "velociraptor", "splunkd", "fail2ban-server", "crowdstrike",
    "qualys-cloud-agent", "rapid7_agent", "ir_agent", "cylancesvc", "sophosav", "sav-protect", "esets", "kesl",
    "filebeat", "auditctl"})
_NAME_LISTS = frozenset({"set", "list", "tuple", "call"})
_PICKS = re.compile(r"(?<![\w])(?:name|cmdline|exe|cwd|connections|net_connections|laddr|port|ppid|parent|children|"
                    r"create_time|status|environ|terminal|cpu_percent|memory_info|memory_percent|open_files|"
                    r"cpu_times)\b|\bpid\s*(?:==|in\b)")
_PTY = re.compile(rb"\bpty\b")
_EVERY_INTERFACE = frozenset({"", "0.0.0.0", "::", "*"})
_LOCAL_SSHD = re.compile(rb"\(\s*[\"'](?:127\.0\.0\.1|localhost|::1)?[\"']\s*,\s*22\s*\)")
_TASK_DECORATORS = frozenset({"invoke.task", "fabric.task", "invoke.tasks.task", "fabric.tasks.task"})
# a program named by a path built at run time whose end says what it is (`Path(tmp) / "venv" / "bin" / "python"`)
_BIN_TOOL = re.compile(r"(?:^|/)bin/((?:python|pip|pytest)[\d.]*)$")
_STR_CASTS = frozenset({"str", "os.fspath"})


# (session 28) nox: a session's `run` (and `run_always`, `run_install`) runs its arguments as a program and its
# arguments, `external=True` letting it be any program on PATH; `install`/`conda_install` run pip (conda) install with
# them. The session is the first parameter of a function decorated `@nox.session` (nox_poetry's too)
QA_SESSION_METHODS = frozenset({"run", "run_always", "run_install", "install", "conda_install"})
_QA_NOX_DECORATORS = frozenset({"nox.session", "nox_poetry.session", "nox.registry.session_decorator"})
_QA_NOX_TYPES = frozenset({"nox.Session", "nox.sessions.Session", "nox_poetry.Session"})


# a request's arguments that authenticate it or shape it, not what it sends
_NOT_PAYLOAD = frozenset({"headers", "auth", "cookies", "timeout", "verify", "cert", "proxies", "stream"})
# programs whose arguments name the code or the program they run: arguments added at run time after them alone
# can make them run anything (`["sh"] + args` may be `sh -c CODE`)
_RUNNERS = frozenset({"python", "python3", "node", "perl", "ruby", "php", "deno", "bun", "env", "sudo", "doas",
                      "timeout", "nice", "nohup", "xargs", "setsid", "stdbuf", "ionice", "time", "exec", "su",
                      "osascript", "ssh", "eval", "command", "busybox"})


def _tail_args(argv: list) -> bool:
    """Whether the arguments a literal argv prefix is given at run time (the Nones) are only arguments of the
    program it names: its first word is no shell or runner, or the script, module or code is named already
    (`["python", "-m", "mypy", "--strict"] + pkgs`)."""
    known = []
    for a in argv:
        if a is None:
            break
        known.append(a)
    if not known or any(a is not None for a in argv[len(known):]):
        return False  # a piece not known in the middle: what follows it may be anything
    prog = known[0].rsplit("/", 1)[-1]
    if prog not in SHELL_NAMES and prog not in _RUNNERS and not prog.startswith("python"):
        return True
    if prog in ("env", "sudo", "doas", "timeout", "nice", "nohup", "xargs", "setsid", "stdbuf", "ionice", "time",
                "exec", "su", "ssh", "eval", "command", "busybox"):
        return False  # a wrapper: the program it runs may be in what is added
    rest = known[1:]
    for i, w in enumerate(rest):
        if w in ("-m", "-c", "-e", "--eval") and i + 1 < len(rest):
            return True
        if not w.startswith("-"):
            return True  # the script: what follows are its arguments
    return False


# secret stores' command-line tools: the ways each lists its secrets, and reads one secret's value. A listing with a
# read, or a read run in a loop over something not written here (`for f in glob(…)`), reads the whole store; some
# commands print every secret at once (`bw list items`, `doppler secrets download`)
_STORE_CLIS: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], str]] = {
    "op": ((("item", "list"), ("items", "list")), (("item", "get"), ("read",)), "1Password"),
    "aws": ((("secretsmanager", "list-secrets"), ("ssm", "describe-parameters")),
            (("secretsmanager", "get-secret-value"), ("ssm", "get-parameter")), "AWS Secrets Manager"),
    "vault": ((("kv", "list"), ("list",)), (("kv", "get"), ("read",)), "Vault"),
    "gcloud": ((("secrets", "list"),), (("secrets", "versions", "access"),), "Google Secret Manager"),
    "az": ((("keyvault", "secret", "list"),), (("keyvault", "secret", "show"),), "Azure Key Vault"),
    "bw": ((("list", "items"),), (("get", "password"), ("get", "item")), "Bitwarden"),
    "lpass": ((("ls",),), (("show",),), "LastPass"), "pass": ((("ls",),), (("show",),), "pass"),
    "sops": ((), (("-d",), ("--decrypt",), ("decrypt",)), "the sops-encrypted files"),
}
# ... and those that print every secret at once
_STORE_WHOLE = {"bw": (("list", "items"), ("export",)), "lpass": (("export",),), "keepassxc-cli": (("export",),),
                "doppler": (("secrets", "download"),),
                "kubectl": (("get", "secrets", "-o"), ("get", "secret", "-o"))}
_STORE_NAMES = frozenset(_STORE_CLIS) | frozenset(_STORE_WHOLE)
# what a name carrying a request's body may have been given
_HOLDERS = frozenset({"string", "dictionary", "call", "binary_operator", "list", "tuple", "concatenated_string"})
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "dictionary_comprehension",
                    "set_comprehension", "generator_expression"})


def _plain_program(prog: str) -> bool:
    """A program whose arguments are only its own: no shell, interpreter or wrapper, which an argument can make run
    other code (an argv extended item by item, `cmd += ["-t", tag]`, may then hold unknown items anywhere)."""
    name = prog.rsplit("/", 1)[-1]
    return name not in SHELL_NAMES and name not in _RUNNERS and not name.startswith("python")


def mac_secret_output(argv: list) -> str | None:
    """What a macOS program run with `argv` captures that is a secret: a keychain item's password
    (`security find-generic-password -w`, `dump-keychain -d`), a password asked for in a fake dialog (`osascript`
    with `hidden answer`), the screen (`screencapture`); None otherwise."""
    name = (argv[0] or "").rsplit("/", 1)[-1] if argv else ""
    words = [v or "" for v in argv[1:]]
    if name == "security":
        if any(w in ("find-generic-password", "find-internet-password") for w in words) and \
                any(w in ("-w", "-g") for w in words):
            return "a keychain password (`security find-…-password -w`)"
        if "dump-keychain" in words:
            return "the keychain (`security dump-keychain`)"
    if name == "osascript" and any("hidden answer" in w for w in words):
        return "a password typed into a dialog (`display dialog … with hidden answer`)"
    if name == "screencapture":
        return "the screen (`screencapture`)"
    return None


# database dumpers -> their options naming a file to write the dump to (without one, the dump is their output)
_DUMPERS = {**dict.fromkeys(("pg_dump", "pg_dumpall"), ("-f", "--file")),
            **dict.fromkeys(("mysqldump", "mariadb-dump"), ("-r", "--result-file")), "mysqlpump": ("--result-file",),
            "mongoexport": ("-o", "--out"), "mongodump": ()}
# uploads into the user's own cloud storage (a backup bucket), as the shell rules leave `pg_dump | aws s3 cp - s3://…`
_CLOUD_UPLOADS = frozenset({"put_object", "upload_file", "upload_fileobj", "upload_blob", "upload_from_string",
                            "upload_from_file", "upload_from_filename", "create_blob_from_bytes"})


def db_dump_output(argv: list) -> str | None:
    """What a database dumper run with `argv` prints when that is the whole database: `pg_dump URL`, `mysqldump
    --all-databases`, `mongodump --archive`, `mongoexport --collection users`; None when it writes a file (`-f F`,
    `--archive=F`, mongodump's directory) or is no dumper."""
    name = (argv[0] or "").rsplit("/", 1)[-1] if argv else ""
    if name not in _DUMPERS:
        return None
    words = [w or "" for w in argv[1:]]
    if name == "mongodump":
        if "--archive" not in words and "--archive=-" not in words:
            return None
    else:
        opts = _DUMPERS[name]
        for i, w in enumerate(words):
            key, eq, val = w.partition("=")
            if w in opts:
                val = words[i + 1] if i + 1 < len(words) else ""
            elif not (eq and key in opts) and not (w[:2] in opts and len(w) > 2 and not w.startswith("--")):
                continue
            elif not eq:
                val = w[2:]
            if val not in ("-", "/dev/stdout"):
                return None
    return f"a dump of the database (`{name}`)"


# a security monitor's rule files, and a rule's switch set off in code (`item["enabled"] = False`)
_MONITOR_RULES = ("/etc/falco/", "/etc/audit/", "/etc/suricata/rules", "/var/ossec/", "/etc/wazuh")
_RULE_OFF = re.compile(r"""\[\s*["']enabled["']\s*\]\s*=\s*(?:False|0|["'](?:false|no)["'])|"""
                       r"""["']enabled["']\s*:\s*(?:False|["']false["'])|enabled:\s*false""")

class Processes:
    """Shell strings, subprocess argv and the environment of children."""

    # what `alternatives` (common_code) reads: a helper's parameters, a loop over a literal list
    FUNCTIONS = frozenset({"function_definition"})
    FOR_LOOP = "for_statement"
    JOINS = frozenset({"call", "binary_operator"})  # os.path.join(base, d), base / d (common_code._joined_item)
    SPLATS = frozenset({"list_splat", "dictionary_splat"})
    KEYWORD = "keyword_argument"
    REBIND = (r"(?m)^[ \t]*(?:[\w.\[\]\s]*,\s*)?NAME\s*(?:,[^=\n]*)?(?:[-+*/|&]|//)?=(?!=)|\bas\s+NAME\b|\bNAME\s*:=|"
              r"\bfor\s+(?:[\w\s,]*,\s*)?NAME\b[^:\n]*\bin\b|"
              r"(?<![\w.])NAME\s*(?:\.\s*(?:append|extend|insert|remove|pop|clear)\s*\(|\[[^\]]*\]\s*=(?!=))")

    def parameters(self, func) -> dict | None:
        """name -> (position, default) of a function's parameters (`self`/`cls` of a method left out, as a call
        through the object does not pass it)."""
        params = func.child_by_field_name("parameters")
        if params is None:
            return None
        up = func.parent.parent if func.parent is not None and func.parent.type == "decorated_definition" else func
        method = up is not None and up.parent is not None and up.parent.type == "block" and \
            up.parent.parent is not None and up.parent.parent.type == "class_definition"
        out: dict = {}
        at, keyword_only = 0, False
        for i, c in enumerate(c for c in params.named_children if c.type != "comment"):
            t = c.type
            inner = c.named_children[0] if t == "typed_parameter" and c.named_children else c
            if inner.type in ("list_splat_pattern", "dictionary_splat_pattern"):
                if inner.named_children:
                    out[self.src(inner.named_children[0])] = (-2, None)
                keyword_only = True
                continue
            if t in ("keyword_separator", "positional_separator"):
                keyword_only = keyword_only or t == "keyword_separator"
                continue
            name_node = c.child_by_field_name("name") if t in ("default_parameter", "typed_default_parameter") else inner
            if name_node is None or name_node.type != "identifier":
                at += 1
                continue
            name = self.src(name_node)
            if i == 0 and method and name in ("self", "cls"):
                continue
            out[name] = (-1 if keyword_only else at, c.child_by_field_name("value"))
            at += 1
        return out

    def function_name(self, func) -> str | None:
        name = func.child_by_field_name("name")
        return self.src(name) if name is not None else None

    def loop_name(self, loop) -> str | None:
        left = loop.child_by_field_name("left")
        if left is not None and left.type in ("pattern_list", "tuple_pattern") and self._paired(loop) is not None:
            names = [c for c in left.named_children if c.type != "comment"]
            # `for name, cmd in TASKS.items()` / `for i, cmd in enumerate(CMDS)`: the second name is the item
            return self.src(names[1]) if len(names) == 2 and names[1].type == "identifier" else None
        return self.src(left) if left is not None and left.type == "identifier" else None

    def _paired(self, loop):
        """The collection a loop over `X.items()` or `enumerate(X)` takes its items from (X), None for other loops."""
        seq = loop.child_by_field_name("right")
        if seq is None or seq.type != "call":
            return None
        fn, args = seq.child_by_field_name("function"), self.args(seq)
        if fn is not None and fn.type == "attribute" and not args and self.src(fn.child_by_field_name("attribute")) \
                == "items":
            return fn.child_by_field_name("object")
        return args[0] if len(args) == 1 and self.qualname(fn) == "enumerate" else None

    def loop_items(self, loop) -> list | None:
        paired = self._paired(loop)
        seq = paired if paired is not None else loop.child_by_field_name("right")
        if seq is not None and seq.type == "call" and not self.args(seq):  # TASKS.values()
            fn = seq.child_by_field_name("function")
            if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "values":
                seq = fn.child_by_field_name("object")
        if seq is not None and seq.type == "identifier" and not self._list_changed(self.src(seq)):
            if self._pair_loop(loop):  # TASKS = {"lint": [...], …}
                seq = self.declared(seq, frozenset({"dictionary"})) or seq
            else:
                # (a table declared below the helper that runs each item is not read yet: found by its declaration)
                seq = self.lists.get(self.src(seq)) or self.declared(seq, frozenset({"list", "tuple"})) or seq
        if seq is not None and seq.type == "dictionary" and self._pair_loop(loop):
            pairs = [c for c in seq.named_children if c.type != "comment"]
            if any(c.type != "pair" for c in pairs):
                return None  # `{**base, ...}`: entries not written here
            return [c.child_by_field_name("value") for c in pairs]
        if seq is None or seq.type not in ("list", "tuple"):
            return None
        items = [c for c in seq.named_children if c.type != "comment"]
        return None if any(c.type in self.SPLATS for c in items) else items

    def _pair_loop(self, loop) -> bool:
        """A loop over a dict's `.items()` or `.values()`: its name stands for each value."""
        seq = loop.child_by_field_name("right")
        fn = seq.child_by_field_name("function") if seq is not None and seq.type == "call" else None
        return fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) in (
            "items", "values")

    def keyword(self, args: list, name: str):
        for a in args:
            if a.type == "keyword_argument" and self.src(a.child_by_field_name("name")) == name:
                return a.child_by_field_name("value")
        return None

    def known_name(self, node) -> bool:
        return self._program(node) is not None or (self.src(node) in self.lists and
                                                   not self._list_changed(self.src(node)))

    def _shell_string(self, q: str, arg, node, depth: int = 0) -> None:
        if arg is None:
            return
        cmd = self.string(arg)
        if cmd is None and arg.type == "identifier" and depth < 4:
            rows = self.alternatives([arg])  # a helper's parameter, a loop's name: each command it is given
            if rows:
                for row in rows:
                    self._shell_string(q, row[self.src(arg)], node, depth + 1)
                return
        if cmd is None:
            self.block("py-shell-exec", f"`{q}` runs a shell command built at run time; use subprocess.run with a "
                                        "literal argv list", node)
        else:
            self.review("py-shell-exec", f"`{q}` runs the command through a shell; prefer subprocess.run with a "
                                         "literal argv list", node)
            self.command_line(cmd, node, q)
            self._hooks_line(cmd, node)
            self.ctx.nested(cmd, "bash", self.doc, arg, None)

    def _hooks_line(self, cmd: str, node) -> None:
        """A command line with `git config core.hooksPath DIR` in it (see _hooks_path)."""
        if "hookspath" not in cmd.lower() or not any(k.startswith("wrote ") for k in self.lists):
            return
        for segment in re.split(r"&&|\|\||;|\n", cmd):
            try:
                argv = shlex.split(segment)
            except ValueError:
                continue
            if argv[:1] == ["git"] and "config" in argv and any(a.lower() == "core.hookspath" for a in argv):
                self._hooks_path(argv, node)

    def _subprocess(self, q: str, node, pos: list, depth: int = 0) -> None:
        first = pos[0] if pos else self.kwarg(node, "args")
        if first is not None and first.type == "identifier" and depth < 4 and not self.known_name(first):
            rows = self.alternatives([first])  # `def sh(args): run(args)`, `for cmd in CHECKS: run(cmd)`
            if rows:
                for row in rows:
                    self._subprocess(q, node, [row[self.src(first)], *pos[1:]], depth + 1)
                return
        if first is not None and first.type == "conditional_expression" and depth < 4:
            # `run([…, "--without-uploading"] if env != "native" else […])`: either branch may run, each judged
            branches = [c for c in first.named_children if c.type != "comment"]
            if len(branches) == 3:
                for branch in (branches[0], branches[2]):
                    self._subprocess(q, node, [branch, *pos[1:]], depth + 1)
                return
        if first is not None and first.type == "attribute" and depth < 4:
            rows = self._ctor_rows(first)
            if rows:  # `class Step: def __init__(self, argv): self.argv = argv … run(self.argv)`; `Step([…])`
                for value in rows:
                    self._subprocess(q, node, [value, *pos[1:]], depth + 1)
                return
        if first is None:
            splat = next((a for a in self.args(node) if a.type in ("list_splat", "dictionary_splat")), None)
            if splat is not None and re.search(r"""["']shell["']\s*:\s*(?!False\b|0\b|None\b)""", self.src(splat)):
                self.block("py-shell-exec", f"`{q}` with shell=True hidden in unpacked arguments; pass a literal argv "
                                            "list without shell=True", node)
            elif splat is not None:
                self.review("py-subprocess-dynamic", f"`{q}` runs a command unpacked at run time", node)
            return
        if first.type in ("list", "tuple") and first.named_children:  # subprocess.run(["security", "find-…", …])
            self._leak([self.string(c) for c in self._items(first)], node)
        feed = self.kwarg(node, "input")
        if feed is not None and self.string(feed) is None:
            head = self.string(first) if first.type not in ("list", "tuple") else (
                self.string(first.named_children[0]) if first.named_children else None)
            if head is not None and head.split()[:1] and head.split()[0].rsplit("/", 1)[-1] in NET_TOOLS and \
                    self.mentions_env(feed):
                self.block("exfiltration", f"`{q}` feeds the whole environment to `{head.split()[0]}`; never send "
                                           "secrets off the machine", node)
            if head is not None and head.split()[:1] and head.split()[0].rsplit("/", 1)[-1] in (
                    "sh", "bash", "dash", "zsh", "python", "python3", "node", "perl", "ruby"):
                self.block("py-shell-exec", f"`{q}` feeds data computed at run time to `{head.split()[0]}` as code",
                           node)
        shell = self.kwarg(node, "shell")
        shell_on = shell is not None and self.src(shell) not in ("False", "0", "None")
        exe = self.kwarg(node, "executable")
        if exe is not None and self._program(exe) is not None:
            # `executable=` is the program that runs (the shell, with shell=True): a command of its own
            self.ctx.nested(shlex.quote(self._program(exe)), "bash", self.doc, exe, None)
        if q == "asyncio.create_subprocess_exec":  # create_subprocess_exec(sys.executable, "-m", "pytest", …)
            self._argv([self._program(a) for a in pos], node, q, pos)
            return
        for kw in ("stdin", "stdout", "stderr"):
            v = self.kwarg(node, kw)
            if v is not None and "fileno" in self.src(v):
                self.shell_io.append(node)
        if first.type == "identifier" and self.src(first) in self.lists and not self._list_changed(self.src(first)):
            first = self.lists[self.src(first)]  # argv = ["bash", "-c", x]; subprocess.run(argv)
        if first.type in ("list", "tuple"):
            items = self._items(first)
            argv = [self._program(c) for c in items]
            if argv and argv[0] is not None and argv[0].rsplit("/", 1)[-1] in SHELL_NAMES and self._splat_first(items):
                self.block("py-shell-exec", f"`{q}` starts a shell with arguments unpacked at run time (`*args`), "
                                            "so the code it runs is not visible; pass a literal argv list", node)
                return
            if shell_on:
                if argv and argv[0] is not None:
                    self.ctx.nested(argv[0], "bash", self.doc, items[0], None)
                else:
                    self.block("py-shell-exec", f"`{q}(..., shell=True)` of a command built at run time", node)
                return
            rows = self._loop_rows(first) if argv and argv[0] is None else [{}]
            if rows != [{}]:  # `for name, flags in ROWS: run([name, *flags])`: each literal row is a command
                for row in rows:
                    items = self._row_items(first, row)
                    self._argv([self._program(c) for c in items], node, q, items)
                return
            looped = self._fstring_loop(items) if argv and argv[0] is not None and None in argv else None
            if looped is not None:  # `for db in OLD_DBS: run(["psql", …, "-c", f"DROP DATABASE {db}"])`
                for each in looped:
                    self._argv(each, node, q, items)
                return
            spread = self._spread_rows(items) if not shell_on else None
            if spread is not None:  # `def git(*args): run(["git", *args])`: the argv each call makes
                for row in spread:
                    self._argv([self._program(c) for c in row], node, q, row)
                return
            runs = self.alternatives([items[0]]) if argv and argv[0] is None and depth < 4 else None
            if runs:  # `def install(npm): run([npm, "ci"])`: the program each call names
                for row in runs:
                    each = [row.get(self.src(c), c) if c.type == "identifier" else c for c in items]
                    self._argv([self._program(c) for c in each], node, q, each)
                return
            self._argv(argv, node, q, items)
            return
        # `def run(*cmd): subprocess.run(cmd)`: the bare tuple too is each call's words
        star = self._star_param(first) if not shell_on else None
        rows = self._star_rows(star) if star is not None else None
        if rows is not None:  # `def run(*args): subprocess.run(list(map(str, args)))`: each call's arguments
            for row in rows:
                self._argv([self._program(c) for c in row], node, q, row)
            return
        cmd = self.string(first)
        if cmd is None and shell_on and first.type == "call" and depth < 4 and self._joined_rows(q, first, node):
            return  # `for cmd in STEPS: run(" ".join(cmd), shell=True)`: each literal row's line, judged
        parts = self._argv_parts(first) if cmd is None and not shell_on else None
        if parts is not None and parts[0][0] is not None and (None not in parts[0] or _tail_args(parts[0]) or (
                first.type == "identifier" and self._list_changed(self.src(first)) and _plain_program(parts[0][0]))):
            # `["python", "-m", "mypy", "--strict"] + pkgs`: a literal program with arguments added; `k + ["-w"]`
            # with `k = "security find-generic-password".split()`: a whole literal argv
            argv = [a for a in parts[0] if a is not None]
            self._leak(argv, node)
            self._argv(argv, node, q, [c for c, a in zip(parts[1], parts[0]) if a is not None])
            return
        if cmd is None:
            if shell_on:
                self.block("py-shell-exec", f"`{q}(..., shell=True)` of a command built at run time; pass a "
                                            "literal argv list without shell=True", node)
            else:
                self.review("py-subprocess-dynamic", f"`{q}` runs a command chosen at run time", node)
            return
        self.command_line(cmd, node, q)
        self._hooks_line(cmd, node)
        self.ctx.nested(cmd, "bash", self.doc, first, None)

    def _joined_rows(self, q: str, first, node) -> bool:
        """`" ".join(cmd)` run with shell=True, `cmd` a loop's (or a helper's parameter's) name over literal argv
        lists: each list joined is a command line known from the code, judged as that line; False when a row is not
        known whole."""
        fn = first.child_by_field_name("function")
        args = [a for a in self.args(first) if a.type != "keyword_argument"]
        if fn is None or fn.type != "attribute" or self.src(fn.child_by_field_name("attribute")) != "join" or \
                len(args) != 1 or args[0].type != "identifier" or self.known_name(args[0]):
            return False
        sep = self.string(fn.child_by_field_name("object"))
        rows = self.alternatives([args[0]]) if sep is not None and sep.strip() == "" else None
        if not rows:
            return False
        lines = []
        for row in rows:
            seq = row[self.src(args[0])]
            items = self._items(seq) if seq is not None and seq.type in ("list", "tuple") else [None]
            words = [self._program(c) if c is not None and c.type != "list_splat" else None for c in items]
            if not words or None in words:  # (sys.executable is the interpreter: _program knows it)
                return False
            lines.append(sep.join(words))
        for line in lines:
            self.ctx.nested(line, "bash", self.doc, first, None)
        return True

    def exec_literal(self, q: str, node, pos: list) -> bool:
        """`os.execvp("npm", ["npm", "publish"])`, `os.execlp("git", "git", "fetch")`, `os.spawnvp(os.P_WAIT, …)`,
        `os.posix_spawnp(…)` of an ordinary program with a literal argv: judged as that command (True). A shell, an
        interpreter, or any piece computed stays the py-process-spawn block (False)."""
        name = q.rpartition(".")[2]
        at = 1 if name.startswith("spawn") else 0
        if len(pos) < at + 2:
            return False
        program = self.string(pos[at])
        if name.startswith(("execv", "spawnv", "posix_spawn")):
            if pos[at + 1].type not in ("list", "tuple"):
                return False
            items = self._items(pos[at + 1])
        else:  # execl*, spawnl*: the arguments themselves (execle's last is the environment)
            items = pos[at + 1:-1] if name.endswith("e") else pos[at + 1:]
        words = [self.string(c) for c in items]
        if program is None or not words or None in words:
            return False
        base = program.rsplit("/", 1)[-1]
        if program in SHELL_NAMES or base in SHELL_NAMES or base.rstrip("0123456789.") in INTERPRETERS:
            return False
        self._argv([program, *words[1:]], node, q, [pos[at], *items[1:]])
        return True

    def _fstring_loop(self, items: list) -> list[list[str | None]] | None:
        """The argv for each value of an enclosing `for NAME in [literal strings]` that the argv's f-strings
        fill in (`f'DROP DATABASE "{db}";'`); None when no f-string names such a loop's variable."""
        names = {self.src(e) for c in items if c.type == "string" for i in c.named_children
                 if i.type == "interpolation" for e in [i.child_by_field_name("expression")]
                 if e is not None and e.type == "identifier"}
        n = items[0].parent if items else None
        while n is not None and names:
            if n.type == "for_statement":
                left, seq = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and left.type == "identifier" and self.src(left) in names and seq is not None:
                    if seq.type == "identifier" and not self._list_changed(self.src(seq)):
                        seq = self.lists.get(self.src(seq)) or self.declared(seq, frozenset({"list", "tuple"})) or seq
                    vals = [self.string(c) for c in seq.named_children] if seq.type in ("list", "tuple") else [None]
                    if not vals or None in vals or len(vals) > 16:
                        return None
                    name = self.src(left)
                    return [[self._fstring(c, {name: v}) if c.type == "string" else self._program(c) for c in items]
                            for v in vals]  # type: ignore[misc]
            if n.type in ("function_definition", "class_definition", "module"):
                return None
            n = n.parent
        return None

    def _ctor_rows(self, attr) -> list | None:
        """`self.argv` in a method of a class whose `__init__` gives it one of its parameters (`self.argv = argv`),
        and only that: what each construction of the class (`Step(["gpg", "--export-secret-keys"])`) passes for it;
        None when the class is used otherwise than constructed by name, or the attribute is given other values."""
        obj = attr.child_by_field_name("object")
        found = self.self_assignments(attr) if obj is not None and self.src(obj) == "self" else None
        if found is None:
            return None
        cls, given = found
        init = None
        for stmt in cls.child_by_field_name("body").named_children:
            fn = stmt.named_children[-1] if stmt.type == "decorated_definition" and stmt.named_children else stmt
            if fn.type == "function_definition" and self.function_name(fn) == "__init__":
                init = fn
        values = given.get(self.src(attr), ())
        value = values[0] if len(values) == 1 else None  # (None too for a `+=`)
        params = self.parameters(init) if init is not None else None
        if value is None or value.type != "identifier" or not params or self.src(value) not in params or \
                not self._inside_function(value, init):
            return None
        rows = self._call_rows(cls, params, [self.src(value)])
        return [row[self.src(value)] for row in rows] if rows else None

    @staticmethod
    def _inside_function(node, func) -> bool:
        return func.start_byte <= node.start_byte and node.end_byte <= func.end_byte

    def _star_param(self, node):
        """The `*args` parameter of the enclosing function that the argv expression `node` is made of whole:
        `args`, `list(args)`, `list(map(str, args))`, `[str(a) for a in args]`; None for anything else."""
        t = node.type
        if t == "identifier":
            found = self._binding_scope(node)
            return node if found is not None and found[0].type == "function_definition" and \
                found[1].get(self.src(node), (None,))[0] == -2 else None
        if t == "call":
            args = self.args(node)
            q = self.qualname(node.child_by_field_name("function"))
            if q in ("list", "tuple") and len(args) == 1:
                return self._star_param(args[0])
            if q == "map" and len(args) == 2 and self.qualname(args[0]) in _STR_CASTS:
                return self._star_param(args[1])
            return None
        if t == "list_comprehension":
            body = node.child_by_field_name("body")
            clauses = [c for c in node.named_children if c.type in ("for_in_clause", "if_clause")]
            if body is None or len(clauses) != 1 or clauses[0].type != "for_in_clause":
                return None
            left, right = clauses[0].child_by_field_name("left"), clauses[0].child_by_field_name("right")
            if left is None or right is None or left.type != "identifier":
                return None
            if body.type == "call" and self.qualname(body.child_by_field_name("function")) in _STR_CASTS and \
                    len(self.args(body)) == 1:
                body = self.args(body)[0]
            return self._star_param(right) if self.src(body) == self.src(left) else None
        return None

    def _star_rows(self, ident) -> list[list] | None:
        """The arguments each call of the function whose `*args` parameter is `ident` gives it (one list of
        nodes per call; an argument unpacked at the call stays one node, read as unknown); None when the
        function is used otherwise than called, changes the name, or is called more often than is read."""
        scope, params = self._binding_scope(ident)
        body = scope.child_by_field_name("body")
        if body is None or self._rebinds(self.src(body), [self.src(ident)]):
            return None
        fixed = sum(1 for at, _ in params.values() if at >= 0)
        sites = self.call_sites(scope)
        if not sites or len(sites) > self._ROWS_CAP:
            return None
        rows = []
        for args in sites:
            call = args[0].parent.parent if args else None
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is None or (fn.type == "attribute" and self.src(fn.child_by_field_name("object")) not in ("self", "cls")):
                continue  # no argument (no program), or another object's method of the same name (`subprocess.run`)
            rows.append([a for a in args if a.type != "keyword_argument"][fixed:])
        return rows or None

    def _spread_rows(self, items: list) -> list[list] | None:
        """`["git", *args]` with `args` the `*args` of the enclosing function: the argv items of each call."""
        at = next((i for i, c in enumerate(items) if c.type == "list_splat" and c.named_children and
                   self._star_param(c.named_children[0]) is not None), None)
        if at is None:
            return None
        rows = self._star_rows(items[at].named_children[0])
        return [items[:at] + row + items[at + 1:] for row in rows] if rows is not None else None

    def _kept(self, key: str, content) -> None:
        """Keep the literal text written to the file `key` (a file this code writes may become a hook later)."""
        if self.string(content) is not None and len(self.lists) < 256:
            self.lists["wrote " + key] = content

    def _hooks_path(self, argv: list, node) -> None:
        """`git config core.hooksPath DIR` after this code wrote files into DIR: git runs each as a hook at every
        later commit, checkout or push, so their text is judged as the shell script it is."""
        at = next(i for i, a in enumerate(argv) if (a or "").lower() == "core.hookspath")
        where = argv[at + 1] if at + 1 < len(argv) else None
        if not where:
            return
        from .. import paths

        top = paths.normalize(where).rstrip("/") + "/"
        for key, content in list(self.lists.items()):
            if key.startswith("wrote ") and key[6:].startswith(top) and "/" not in key[6 + len(top):]:
                text = self.string(content)
                if text is not None:
                    self.ctx.nested(text, "bash", self.doc, content, None)

    def _leak(self, argv: list, node) -> None:
        """Note a program whose output is a secret (sent off when the code also uses the network)."""
        from ..bash.net import secret_output

        leak = secret_output(argv)
        if leak is not None:
            self.archives.append((node, f"captures {leak}"))
            return
        leak = mac_secret_output(argv) or db_dump_output(argv)
        if leak is not None:
            self._carry(node, leak, argv)
            return
        token = printed_token(argv)
        if token is not None:
            self._carry(node, f"the token {token} prints", argv, key="token ")

    def _store_read(self, argv: list, node) -> None:
        """A secret store's tool run to list its secrets or read one (_STORE_CLIS): both in the same code, a read in
        a loop over what the code finds at run time, or a command that prints every secret, read the whole store;
        sent off when the code also uses the network (walk.py)."""
        name = argv[0].rsplit("/", 1)[-1]
        if self._kept_local(node):
            return  # `out = check_output(["sops", "-d", f])` handed to `kubectl apply -f -` or written to a file
        whole = way_of(argv, _STORE_WHOLE)
        if whole is not None:
            self._store_whole(node, f"`{name} {' '.join(whole)}`, which prints every secret of the store")
            return
        lists, reads, store = _STORE_CLIS.get(name, ((), (), ""))
        way = way_of(argv, {name: lists})
        if way is not None:
            self.lists.setdefault(f"store lists {name}", (node, way))
        else:
            way = way_of(argv, {name: reads})
            if way is None:
                return
            self.lists.setdefault(f"store reads {name}", (node, way))
            if self._in_found_loop(node):
                self._store_whole(node, f"`{name} {' '.join(way)}` run for each item of a loop over what the code "
                                        f"finds, reading every secret of {store}")
                return
        listed, read = self.lists.get(f"store lists {name}"), self.lists.get(f"store reads {name}")
        if listed is not None and read is not None:
            self._store_whole(read[0], f"`{name} {' '.join(listed[1])}` and `{name} {' '.join(read[1])}`: it lists "
                                       f"every secret of {store} and reads each")

    def _kept_local(self, call) -> bool:
        """Whether what the program run by `call` prints goes only to this machine: the call writes it to a file
        (`stdout=f`), or its value is bound to a name whose every use feeds another program (`input=out`) or a file
        (`f.write(out)`)."""
        if self.kwarg(call, "stdout") is not None and self.kwarg(call, "capture_output") is None and \
                self.src(self.kwarg(call, "stdout")) not in ("subprocess.PIPE", "PIPE"):
            return True
        up = call
        while up.parent is not None and up.parent.type in ("attribute", "call", "parenthesized_expression"):
            up = up.parent  # `.stdout`, `.decode()`, `.strip()`
        holder = up.parent
        left = holder.child_by_field_name("left") if holder is not None and holder.type == "assignment" else None
        if left is None or left.type != "identifier" or self.mutable(self.src(left)):
            return False
        uses = self.uses_of(left)
        if not uses:
            return False
        for use in uses:
            at = use.parent
            if at is not None and at.type == "keyword_argument" and self.src(at.child_by_field_name("name")) == "input":
                continue
            call_up = at.parent if at is not None and at.type == "argument_list" else None
            fn = call_up.child_by_field_name("function") if call_up is not None and call_up.type == "call" else None
            if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) in (
                    "write", "write_text", "write_bytes"):
                continue
            return False
        return True

    def _store_whole(self, node, what: str) -> None:
        if "store whole" not in self.lists:
            self.lists["store whole"] = node
            self.archives.append((node, f"reads every secret of a secret store ({what})"))

    def _in_found_loop(self, node) -> bool:
        """Whether `node` runs in a loop (or comprehension) whose items are not a literal list of the code's."""
        up = node.parent
        while up is not None and up.type not in ("function_definition", "class_definition", "module"):
            if up.type in _LOOPS:
                return up.type != "for_statement" or self.loop_items(up) is None
            up = up.parent
        if up is not None and up.type == "function_definition":  # the helper's callers: one in a loop or comprehension
            sites = self.call_sites(up) or []
            return any(self._in_found_loop(args[0].parent.parent) for args in sites if args and args[0].parent)
        return False

    def _carry(self, call, what: str, argv: list, key: str = "carrier ") -> None:
        """Note where a secret a program prints goes: the name its output is bound to (`tok = run(…).stdout`), the
        file it is written to (`stdout=open(P, "w")`, screencapture's image); sent when a request's body, query or
        upload, or a network program's arguments, carry it (exfiltration). A keychain token put in an
        Authorization header goes to the API it is for, as the shell rules allow."""
        out = self.kwarg(call, "stdout")
        opened = self._opened_key(out) if out is not None and out.type == "call" else None
        if opened is not None:
            self.lists[key + opened] = (call, what)
        if argv[0] and argv[0].rsplit("/", 1)[-1] == "screencapture" and argv[-1] and not argv[-1].startswith("-"):
            self.lists[key + argv[-1]] = (call, what)
        up, depth = call, 0
        while up.parent is not None and depth < 8:
            holder, depth = up.parent, depth + 1
            if holder.type == "assignment":
                left = holder.child_by_field_name("left")
                if left is not None and left.type == "identifier" and holder.child_by_field_name("right") == up:
                    self.lists[key + self.src(left)] = (call, what)
                return
            if holder.type == "keyword_argument" and self.src(holder.child_by_field_name("name")) in _NOT_PAYLOAD:
                return
            if holder.type == "call" and holder.child_by_field_name("function") != up and self._sends(holder):
                if key != "carrier ":
                    self._published(self.args(holder), holder, [(None, (call, what))], call)
                elif not (what.startswith("a dump of the database") and self._kept_here(self.args(holder))):
                    self._carried(call, what, holder)  # requests.post(url, data=subprocess.check_output([...]))
                return
            up = holder

    def _sends(self, call) -> bool:
        fn = call.child_by_field_name("function")
        q = self.qualname(fn) or ""
        return q.startswith(_NET) or q.split(".")[0] in ("requests", "httpx") or (
            fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) in _SEND)

    def carried_sent(self, args: list, node) -> None:
        """A request whose arguments (but its headers) carry a captured secret or database dump (see _carry); a dump
        put into the user's cloud storage (`s3.put_object(Body=dump)`) is a backup, as in the shell rules. A token
        made to call an API (`gh auth token`) is judged only where it is published (_published)."""
        tokens = [(k[6:], v) for k, v in self.lists.items() if k.startswith("token ")]
        if tokens:
            self._published(args, node, tokens)
        carriers = [(k[8:], v) for k, v in self.lists.items() if k.startswith("carrier ")]
        if self._kept_here(args):
            carriers = [(k, v) for k, v in carriers if not v[1].startswith("a dump of the database")]
        for a in args:
            if a.type == "keyword_argument" and self.src(a.child_by_field_name("name")) in _NOT_PAYLOAD:
                continue
            text = self.src(a)
            for name, (call, what) in carriers:
                if name in text and (not name.isidentifier() or re.search(rf"(?<![\w.]){re.escape(name)}\b", text)):
                    self._carried(call, what, node)
                    return

    def _published(self, args: list, node, tokens: list, direct=None) -> None:
        """A request to a code host's API that publishes its body (an issue, a comment, a gist: PUBLISHED_PATH)
        whose body holds a token a program printed (`tokens`: (the name it is bound to, (the call, what)); `direct`:
        the call itself is the argument): the token is published (exfiltration). In a header it authenticates the
        request."""
        first = next((a for a in args if a.type != "keyword_argument"), None)
        if first is None:
            call = args[0].parent.parent if args and args[0].parent is not None else None
            first = self.kwarg(call, "url") if call is not None and call.type == "call" else None
        url = self._url_text(first) if first is not None else None
        if not published_url(url):
            return
        for a in args:
            if a.type == "keyword_argument" and self.src(a.child_by_field_name("name")) in _NOT_PAYLOAD or a is first:
                continue
            for name, (call, what) in tokens:
                if direct is not None and direct.start_byte >= a.start_byte and direct.end_byte <= a.end_byte or \
                        name is not None and self._holds_name(a, name, 0):
                    self.block("exfiltration", f"the code writes {what} into the body of a request that publishes it "
                                               f"({url[:80]}: an issue, a comment or a gist is public text, not "
                                               "authentication); never put credentials where others read them", call)
                    return

    def _holds_name(self, node, name: str, depth: int) -> bool:
        """Whether the expression `node` holds the name `name`, also through names given a value once (`body =
        f"…{token}…"`, then `json={"body": body}`), a few levels deep."""
        text = self.src(node)
        if re.search(rf"(?<![\w.]){re.escape(name)}\b", text):
            return True
        if depth >= 3:
            return False
        stack, seen = [node], 0
        while stack and seen < 128:
            n = stack.pop()
            seen += 1
            if n.type == "identifier":
                made = self.declared(n, _HOLDERS)
                if made is not None and made != node and self._holds_name(made, name, depth + 1):
                    return True
                continue
            stack.extend(n.named_children)
        return False

    def _kept_here(self, args: list) -> bool:
        """Whether the call `args` are given to keeps a dump with the user: a cloud storage SDK's upload
        (_CLOUD_UPLOADS), or a request to this machine (`requests.post("http://localhost:8000/import", …)`)."""
        from ..hosts import loopback, url_host

        call = args[0].parent.parent if args and args[0].parent is not None else None
        if call is None or call.type != "call":
            return False
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) in _CLOUD_UPLOADS:
            return True
        first = next((a for a in args if a.type != "keyword_argument"), None) or self.kwarg(call, "url")
        url = self.string(first) if first is not None else None
        host = url_host(url) if url and "://" in url else None
        return host is not None and loopback(host)

    def _carried(self, call, what: str, send) -> None:
        self.block("exfiltration", f"the code captures {what} and sends it over the network "
                                   f"(`{self.src(send)[:60]}`); never send credentials or the database's data off the "
                                   "machine", call)

    def _argv_parts(self, node, depth: int = 0) -> tuple[list, list] | None:
        """(values, nodes) of an argv built of pieces: literal lists joined with `+`, names given one, a literal
        command line split (`"security find-generic-password".split()`); a piece not known is one None (its
        arguments are not known). None when the argv is not built so."""
        if depth > 6:
            return None
        t = node.type
        if t in ("list", "tuple"):
            items = self._items(node)
            return [None if c.type == "list_splat" else self._program(c) for c in items], items
        if t == "identifier":
            if self._list_changed(self.src(node)):
                return self._extended_list(node)
            made = self.lists.get(self.src(node))
            made = made or self.declared(node, frozenset({"binary_operator", "call", "list", "tuple"}))
            return self._argv_parts(made, depth + 1) if made is not None else None
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) == "+":
            left = self._argv_parts(node.child_by_field_name("left"), depth + 1)
            if left is None:
                return None
            right = self._argv_parts(node.child_by_field_name("right"), depth + 1) or ([None], [node])
            return left[0] + right[0], left[1] + right[1]
        if t == "call" and not self.args(node):
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "split":
                line = self.string(fn.child_by_field_name("object"))
                if line is not None and len(line) <= 4096:
                    words = line.split()
                    return words, [node] * len(words)
        return None

    def _extended_list(self, ident) -> tuple[list, list] | None:
        """`cmd = ["docker", "buildx", "build"]` then `cmd += ["-t", t]` (also in a loop), `cmd.append(x)`,
        `cmd.extend([…])` before the run: the literal list with each extension's items in the order written, an item
        not known a None; None when the name is also bound otherwise (a second assignment, a loop's name, an item
        assigned or removed) or its first value is no literal list."""
        name, end = self.src(ident), ident.start_byte
        first, values, nodes = None, [], []
        stack = [self.root] if self.root is not None else []
        found: list = []
        while stack:
            n = stack.pop()
            if n.type == "identifier":
                if n.start_byte < end and self.src(n) == name:
                    found.append(n)
                    if len(found) > 64:
                        return None  # a bound on the work: a list built in so many places stays unknown
                continue
            stack.extend(n.named_children)
        for n in sorted(found, key=lambda x: x.start_byte):
            up = n.parent
            if up is None:
                return None
            if up.type == "assignment" and up.child_by_field_name("left") == n:
                right = up.child_by_field_name("right")
                if first is not None or right is None or right.type not in ("list", "tuple"):
                    return None
                first = right
                items = self._items(right)
                values, nodes = [self._program(c) for c in items], items
            elif up.type == "augmented_assignment" and up.child_by_field_name("left") == n:
                right = up.child_by_field_name("right")
                if first is None or self.src(up.child_by_field_name("operator")) != "+=" or right is None or \
                        right.type not in ("list", "tuple"):
                    return None
                items = self._items(right)
                values += [None if c.type == "list_splat" else self._program(c) for c in items]
                nodes += items
            elif up.type == "attribute" and up.child_by_field_name("object") == n:
                method = self.src(up.child_by_field_name("attribute"))
                call = up.parent if up.parent is not None and up.parent.type == "call" else None
                if method in ("append", "extend") and call is not None and first is not None:
                    args = self.args(call)
                    items = self._items(args[0]) if method == "extend" and args and args[0].type in ("list", "tuple") \
                        else args[:1]
                    values += [None if method == "extend" and c is args[0] else self._program(c) for c in items]
                    nodes += items
                elif method in ("insert", "remove", "pop", "clear", "reverse", "sort", "__setitem__"):
                    return None
            elif up.type == "subscript" and up.parent is not None and up.parent.type == "assignment" and \
                    up.parent.child_by_field_name("left") == up and first is not None:
                # `cmd[2] = user`: an argument replaced at run time, the program kept (its index is a literal past it)
                at = up.child_by_field_name("subscript")
                k = int(self.src(at)) if at is not None and at.type == "integer" and self.src(at).isdigit() else 0
                right = up.parent.child_by_field_name("right")
                if not 0 < k < len(values) or right is None:
                    return None
                values[k], nodes[k] = self._program(right), right
            elif up.type in ("for_statement", "for_in_clause", "named_expression", "as_pattern_target",
                             "pattern_list", "tuple_pattern") or up.type == "subscript" and \
                    up.parent is not None and up.parent.type in ("assignment", "augmented_assignment") and \
                    up.parent.child_by_field_name("left") == up:
                return None
        return (values, nodes) if first is not None else None

    def _program_call(self, q: str, node, pos: list) -> None:
        """`sh.git.commit("-m", "x")` runs `git commit -m x` (the `sh` library; plumbum.cmd alike):
        the bash rules and the allow list see that argv."""
        names = q.split(".")[2 if q.startswith("plumbum.") else 1:]
        if not names or names[0] in _SH_API or names[0].startswith(("ErrorReturnCode_", "SignalException_", "_")):
            return
        if names[-1] == "bake":
            names = names[:-1]
        self._argv([*names, *(self.string(a) for a in pos)], node, q)

    def plumbum_argv(self, node) -> tuple[list, list] | None:
        """(argv, its nodes) of a plumbum command with bound arguments: `local["rm"]["-rf", home]`,
        `local.cmd.git["push"]["--force"]`, `rm["-rf", x]` with `from plumbum.cmd import rm`; None
        for anything else."""
        q = self.qualname(node) if node.type in ("identifier", "attribute", "subscript") else None
        if q is not None and q.startswith("plumbum.cmd.") and q.count(".") == 2:
            return [q[12:]], [node]
        if node.type == "subscript":
            inner = self.plumbum_argv(node.child_by_field_name("value"))
            if inner is None:
                return None
            keys = node.children_by_field_name("subscript")
            if len(keys) == 1 and keys[0].type == "tuple":
                keys = keys[0].named_children
            return inner[0] + [self.string(k) for k in keys], inner[1] + list(keys)
        return None

    def visit_plumbum(self, node, call_args: list | None = None) -> None:
        """A bound plumbum command (`local["bash"]["-c", cmd]`, run by `()`, `& FG`, `.run()`): the
        argv it runs, judged like subprocess's. Judged once, at the outermost binding or call."""
        up = node.parent
        if call_args is None and up is not None and (
                (up.type == "subscript" and up.child_by_field_name("value") == node) or
                (up.type == "call" and up.child_by_field_name("function") == node)):
            return
        got = self.plumbum_argv(node)
        if got is None or len(got[0]) < 2 and call_args is None:
            return
        argv, items = got
        if call_args:
            argv, items = argv + [self.string(a) for a in call_args], items + list(call_args)
        self._argv(argv, node.parent if call_args is not None else node, "plumbum", items)

    def plumbum_pipe(self, node) -> None:
        """`local["curl"][url] | local["sh"]`: the pipeline the shell rules would see."""
        parts, stack = [], [node]
        while stack:
            n = stack.pop()
            op = n.child_by_field_name("operator") if n.type == "binary_operator" else None
            if op is not None and op.type == "|":
                stack += [n.child_by_field_name("right"), n.child_by_field_name("left")]
                continue
            got = self.plumbum_argv(n)
            if got is None:
                return
            parts.append(argv_to_shell(got[0]))
        self.ctx.nested(" | ".join(parts), "bash", self.doc, node, None)

    def fabric_call(self, meth: str, obj, node, pos: list) -> None:
        """`c.run("…")`, `c.local("…")`, `c.sudo("…")` on a fabric Connection or an invoke Context
        (made in the code, or the first parameter of a `@task`): a shell command line. A line built at run time
        is judged with each piece not known as a variable (`f"mkdir -p {release}"` is `mkdir -p ${ARG}`); one run on
        another machine (a Connection's or a fabric task's run/sudo) is that machine's business unless it is an
        attack (bash/infra._elsewhere, as for ansible's hosts)."""
        if not any(v.startswith(("fabric", "invoke")) for v in self.alias.values()):
            return
        root, chain, made = self.origin(obj)
        task = self._task_context(obj) if not (root in _FABRIC and not chain) else None
        if not (root in _FABRIC and not chain) and not task:
            return
        arg = pos[0] if pos else self.kwarg(node, "command")
        if arg is None:
            return
        q = f"{root or task or 'invoke.Context'}.{meth}"
        remote = meth != "local" and (task == "fabric.task" or (root in _REMOTE_FABRIC and not self._local_target(made)))
        self._run_line(q, arg, node, remote)

    def _run_line(self, q: str, arg, node, remote: bool, depth: int = 0) -> None:
        """The command line `arg` run by `q`, here or (`remote`) on another machine."""
        cmd = self.string(arg)
        text = cmd if cmd is not None else self._shell_text(arg, 0)
        if text is None and arg.type == "identifier" and depth < 4:
            rows = self.alternatives([arg])  # `def run(ssh, cmd): ssh.exec_command(cmd)`: each command it is given
            if rows:
                for row in rows:
                    self._run_line(q, row[self.src(arg)], node, remote, depth + 1)
                return
        if text is None or text.strip() == _UNKNOWN:
            self.block("py-shell-exec", f"`{q}` runs a shell command built at run time; pass a literal command "
                                        "line", node)
            return
        built, text = _UNKNOWN in text, text.replace(_UNKNOWN, "${ARG}")
        if remote:
            from ..bash.handed import alone
            from ..bash.infra import _elsewhere

            reasons = alone(self, text) if built else []
            if any(r.rule in _UNKNOWN_RUN for r in reasons):
                self.block("py-shell-exec", f"`{q}` runs a command whose program or code is only known when the code "
                                            f"runs (`{text[:60]}`); pass a literal command line", node)
                return
            _elsewhere(self, q, text, arg, attacks_block=True)
            if built and not any(r.verdict == "block" or r.rule == "irreversible" for r in reasons) and \
                    _tree_delete(text):  # (what _elsewhere reported already is not said twice)
                self.review("irreversible", f"`{q}` runs `{text[:80]}` on another machine: it deletes a folder whose "
                                            "path is only known when the code runs, with everything in it, on a "
                                            "server that has no trash; have a person confirm the paths (print them "
                                            "first), or move them aside instead", node)
            return
        if cmd is not None:
            self.command_line(cmd, node, q)
        self.ctx.nested(text, "bash", self.doc, arg, None)

    def _local_target(self, made) -> bool:
        """Whether a fabric Connection (or paramiko's connect call) `made` names this machine
        (`Connection("localhost")`): what it runs runs here."""
        if made is None or made.type != "call":
            return False
        first = next((a for a in self.args(made) if a.type != "keyword_argument"), None)
        host = self.kwarg(made, "host") or self.kwarg(made, "hostname") or first
        value = self.string(host) if host is not None else None
        return value is not None and value.rsplit("@", 1)[-1].split(":")[0].lower() in _LOCAL_HOSTS

    def _shell_text(self, node, depth: int) -> str | None:
        """A command line built at run time, with _UNKNOWN for each piece only known then: f-strings, `+`, `%` and
        `.format` of a literal, `" ".join(args)` of a list written in the code (with _UNKNOWN for what is added to
        it later); None when nothing of it is known."""
        v = self.string(node)
        if v is not None or depth > 6:
            return v
        t = node.type
        if t == "string":
            first = node.children[0] if node.children else None
            quote = self.src(first).lstrip("rRbBfFuU") if first is not None else '"'
            prefix = self.src(first)[:len(self.src(first)) - len(quote)].replace("f", "").replace("F", "") \
                if first is not None else ""
            out = []
            for c in node.children:
                if c.type == "interpolation":
                    inner = c.child_by_field_name("expression")
                    out.append((self._shell_text(inner, depth + 1) if inner is not None else None) or _UNKNOWN)
                elif c.type == "string_content":
                    piece = _literal(prefix + quote + self.src(c).replace("{{", "{").replace("}}", "}") + quote)
                    out.append(piece if piece is not None else _UNKNOWN)
            return "".join(out)
        if t == "concatenated_string" or (t == "binary_operator" and self.src(node.child_by_field_name("operator"))
                                          == "+"):
            kids = node.named_children if t == "concatenated_string" else [node.child_by_field_name("left"),
                                                                            node.child_by_field_name("right")]
            parts = [self._shell_text(k, depth + 1) if k is not None else None for k in kids]
            return None if all(p is None for p in parts) else "".join(p or _UNKNOWN for p in parts)
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) == "%":
            fmt = self.string(node.child_by_field_name("left"))
            right = node.child_by_field_name("right")
            values = right.named_children if right is not None and right.type == "tuple" else [right]
            return self._filled(fmt, values, depth) if fmt is not None else None
        if t == "parenthesized_expression" and node.named_children:
            return self._shell_text(node.named_children[0], depth + 1)
        if t == "identifier":
            made = self.declared(node, frozenset({"string", "binary_operator", "call", "concatenated_string"}))
            return self._shell_text(made, depth + 1) if made is not None else None
        if t != "call":
            return None
        fn = node.child_by_field_name("function")
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        if fn is None or fn.type != "attribute":
            return None
        meth, obj = self.src(fn.child_by_field_name("attribute")), fn.child_by_field_name("object")
        if meth == "format" and all(a.type not in self.SPLATS for a in self.args(node)):
            fmt = self.string(obj)
            return self._filled(fmt, args, depth) if fmt is not None else None
        if meth == "join" and len(args) == 1 and self.string(obj) is not None:
            return self._joined_line(self.string(obj), args[0], depth)
        return None

    def _filled(self, fmt: str, values: list, depth: int) -> str:
        it = iter(values)

        def one(_m) -> str:
            v = next(it, None)
            return (self._shell_text(v, depth + 1) if v is not None else None) or _UNKNOWN

        return _FORMAT_FIELD.sub(one, fmt)

    def _joined_line(self, sep: str, seq, depth: int) -> str | None:
        """`" ".join(args)`: a literal list's items (one not known as _UNKNOWN); a name given a list once and only
        grown after (`args += ["-k", k]`, `.append`, `.extend`) is its first items and then _UNKNOWN."""
        grown = False
        if seq.type == "identifier":
            name = self.src(seq)
            self.declared(seq, frozenset({"list"}))  # fills the table of names' values
            values = (self._declared or {}).get(name, ())
            if len(values) != 1 or values[0].type != "list" or values[0].start_byte > seq.start_byte:
                return None
            text = self.doc.data.decode("utf-8", "replace")
            if re.search(rf"(?<![\w.]){re.escape(name)}\s*(?:\.\s*(?:insert|remove|pop|clear|reverse|sort|__setitem__)\b|"
                         rf"\[[^\]]*\]\s*=(?!=)|[-*|&]=)", text) or len(re.findall(
                            rf"(?m)^[ \t]*{re.escape(name)}\s*=(?!=)", text)) != 1:
                return None  # changed otherwise than grown at its end
            grown = re.search(rf"(?<![\w.]){re.escape(name)}\s*(?:\+=|\.\s*(?:append|extend)\b)", text) is not None
            seq = values[0]
        if seq.type not in ("list", "tuple"):
            return None
        items = [c for c in seq.named_children if c.type != "comment"]
        if any(c.type in self.SPLATS for c in items):
            return None
        parts = [(self._shell_text(c, depth + 1) or _UNKNOWN) for c in items[:256]]
        return sep.join(parts + ([_UNKNOWN] if grown else []))

    def visit_remote(self, meth: str, fn, node, pos: list) -> None:
        """paramiko: `client.exec_command(cmd)` runs the command on the host the client connected to (judged as
        fabric's run: here when that is this machine); `transport.request_port_forward(addr, port)` has the
        other machine listen and forward each connection into this one (a reverse tunnel, as `ssh -R`)."""
        if meth == "request_port_forward":
            self._port_forward(node, pos)
            return
        if not any(v.startswith("paramiko") for v in self.alias.values()) or not pos:
            return
        obj = fn.child_by_field_name("object") if fn.type == "attribute" else None
        made = self._connected(obj) if obj is not None and obj.type == "identifier" else None
        self._run_line(f"{self.src(fn)[:40]}", pos[0], node, not self._local_target(made))

    def _connected(self, client):
        """The `NAME.connect(host, …)` call of the client named `client`, when the code makes one."""
        key = (self.src(client) + ".connect").encode()
        at = self.doc.data.find(key)
        if at < 0 or self.root is None:
            return None
        n = self.root.named_descendant_for_byte_range(at, at + len(key))
        while n is not None and n.type != "call":
            n = n.parent
        fn = n.child_by_field_name("function") if n is not None else None
        return n if fn is not None and self.src(fn) == key.decode() else None

    def _port_forward(self, node, pos: list) -> None:
        addr_node = pos[0] if pos else self.kwarg(node, "address")
        addr = self.string(addr_node) if addr_node is not None else None
        port = self.src(pos[1]) if len(pos) > 1 else "?"
        if addr in _EVERY_INTERFACE:
            why = f"has the other machine listen on every interface (port {port})"
        elif in_input(_LOCAL_SSHD, self.doc.data):
            why = "leads to this machine's ssh server (port 22)"
        elif self.shell_io or in_input(_PTY, self.doc.data):
            why = "hands a shell of this machine to the connections"
        else:
            return
        self.block("reverse-shell", f"`request_port_forward` opens a reverse tunnel that {why}: whoever reaches that "
                                    "machine gets into this one; forward to a service's own port on the other side's "
                                    "loopback instead (as `ssh -R 8080:localhost:3000`)", node)

    def _task_context(self, obj) -> str | None:
        """The `@task` decorator (fabric.task or invoke.task) of the function whose first parameter `obj` names;
        None when it names no such parameter."""
        if obj.type != "identifier":
            return None
        name = self.src(obj)
        up = obj.parent
        while up is not None and up.type != "function_definition":
            up = up.parent
        if up is None or up.parent is None or up.parent.type != "decorated_definition":
            return None
        params = up.child_by_field_name("parameters")
        first = next((p for p in params.named_children), None) if params is not None else None
        if first is None or self.src(first).split(":")[0].strip() != name:
            return None
        for d in up.parent.named_children:
            if d.type == "decorator" and d.named_children:
                target = d.named_children[0]
                if target.type == "call":
                    target = target.child_by_field_name("function")
                if self.qualname(target) in _TASK_DECORATORS:
                    return "fabric.task" if self.qualname(target).startswith("fabric") else "invoke.task"
        return None

    def qa_session_run(self, meth: str, obj, node, pos: list) -> None:
        """`session.run("sh", "-c", "curl … | sh", external=True)` in a noxfile: the arguments are an argv, judged as
        the command they make; `session.install(…)` as `pip install …`. Arguments unpacked at run time
        (`*session.posargs`) after a literal program are its own arguments, left out."""
        if not pos or not holds(self.doc.data, b"nox") or not self._qa_nox_session(obj):
            return
        items: list = []
        for c in pos:
            if c.type in ("list_splat", "dictionary_splat"):
                break
            items.append(c)
        if not items:
            return
        argv = [self._program(c) for c in items]
        if meth in ("install", "conda_install"):
            if None in argv:
                return
            argv = ["conda" if meth == "conda_install" else "pip", "install", *argv]
            self.ctx.nested(argv_to_shell(argv), "bash", self.doc, node, None)
            return
        q = f"nox.Session.{meth}"
        if argv[0] is None:
            return  # a program chosen at run time (`session.run(*cmd)`): the session's own business
        if None in argv:
            argv = argv[:argv.index(None)]
        self._leak(argv, node)
        self._argv(argv, node, q, items[:len(argv)])

    def _qa_nox_session(self, obj) -> bool:
        """Whether `obj` names the session of a nox session function: its first parameter, the function decorated
        `@nox.session` (or the parameter annotated `nox.Session`)."""
        if obj is None or obj.type != "identifier":
            return False
        name = self.src(obj)
        up = obj.parent
        while up is not None and up.type != "function_definition":
            up = up.parent
        if up is None:
            return False
        params = up.child_by_field_name("parameters")
        first = next((p for p in params.named_children), None) if params is not None else None
        if first is None or self.src(first).split(":")[0].strip() != name:
            return False
        if first.type == "typed_parameter":
            kind = first.child_by_field_name("type")
            if kind is not None and (self.qualname(kind.named_children[0] if kind.named_children else kind) or "") \
                    in _QA_NOX_TYPES:
                return True
        if up.parent is None or up.parent.type != "decorated_definition":
            return False
        for d in up.parent.named_children:
            if d.type == "decorator" and d.named_children:
                target = d.named_children[0]
                if target.type == "call":
                    target = target.child_by_field_name("function")
                if self.qualname(target) in _QA_NOX_DECORATORS:
                    return True
        return False

    def _row_items(self, seq, row: dict) -> list:
        """The items of an argv list in one row of a loop (agents._loop_rows): the loop's names replaced by the row's
        parts, `*flags` of a row's literal list spread out."""
        out = []
        for c in self._items(seq):
            name = self.src(c.named_children[0]) if c.type == "list_splat" and c.named_children else self.src(c) \
                if c.type == "identifier" else None
            part = row.get(name) if name is not None else None
            if part is None:
                out.append(c)
            elif c.type == "list_splat":
                out += self._items(part) if part.type in ("list", "tuple") else [c]
            else:
                out.append(part)
        return out

    def _items(self, seq) -> list:
        """The items of an argv list, with `*["-c", x]` and `*name` of a literal list spread out."""
        out = []
        for c in seq.named_children:
            inner = c.named_children[0] if c.type == "list_splat" and c.named_children else None
            if inner is not None and inner.type == "identifier" and not self._list_changed(self.src(inner)):
                # (a list declared below the helper that runs it is not read yet: found by its declaration)
                inner = self.lists.get(self.src(inner)) or self.declared(inner, frozenset({"list", "tuple"})) or inner
            if inner is not None and inner.type in ("list", "tuple"):
                out.extend(self._items(inner))
            elif c.type != "comment":
                out.append(c)
        return out

    @staticmethod
    def _splat_first(items: list) -> bool:
        """`["sh", *args]`: arguments unpacked before the shell's script, so they can be `-c CODE`
        (`["bash", "run.sh", *extra]` only passes arguments to a script)."""
        for c in items[1:]:
            if c.type == "list_splat":
                return True
            if c.type != "string" or not (c.text or b"").strip(b"'\"").startswith(b"-"):
                return False
        return False

    def _list_changed(self, name: str) -> bool:
        """Whether the list bound to `name` is reassigned or changed in place."""
        return self.mutable(name) or re.search(rf"\b{re.escape(name)}\s*(?:\.\s*(?:append|extend|insert|__setitem__|"
                                               rf"update|setdefault)\b|\[[^\]]*\]\s*=(?!=)|[+|]=)",
                                               self.doc.data.decode("utf-8", "replace")) is not None

    def _program(self, node) -> str | None:
        """An argv item, with `sys.executable` read as python, `os.environ.get("SHELL")`
        (the user's shell) as sh and `shutil.which("bash")` as bash."""
        if node.type == "attribute" and self.qualname(node) == "sys.executable":
            return "python"
        if node.type == "call" and self.qualname(node.child_by_field_name("function")) == "shutil.which":
            args = self.args(node)
            return self.string(args[0]) if args else None
        if node.type == "boolean_operator" and self.src(node.child_by_field_name("operator")) == "or":
            # `shutil.which("claude") or "claude"`: the program found on PATH, else the name itself; an unknown
            # left side with a literal fallback is read as that fallback (the program this code means to run)
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            a = self._program(left)
            if self._never_returns(right):
                return a  # `shutil.which("npm") or sys.exit("npm not found")`: the other branch ends the program
            b = self._program(right)
            if b is not None and (a is None or a.rsplit("/", 1)[-1] == b.rsplit("/", 1)[-1]):
                return b
            return None
        if node.type == "identifier" and self.lists.get("which " + self.src(node)) is not None:
            return self._program(self.lists["which " + self.src(node)])  # bound once, to that
        if node.type == "identifier" and "which " + self.src(node) in self.lists:
            # bound in more than one place (`npm = shutil.which("npm") or "npm"` in each of two functions): what
            # the function it is used in binds it to, when it does so once
            made = self._scoped_value(node)
            return self._program(made) if made is not None and made.type in ("call", "boolean_operator") else None
        v = self.string(node)
        if v is None and node.type in ("call", "subscript") and "SHELL" in self.src(node) and "environ" in self.src(node):
            return "sh"
        if v is None and node.type in ("identifier", "binary_operator", "call"):
            tail = self.path_tail(node)  # `venv / "bin" / "python"`: python, whichever environment it is in
            found = _BIN_TOOL.search(tail) if tail else None
            return found.group(1) if found is not None else None
        return v

    def _never_returns(self, node) -> bool:
        """`sys.exit(…)`, `exit(…)`, `os._exit(1)`, or a function of this file declared `-> NoReturn`: a call
        that ends the program (or raises), so the value of `x or <it>` is always `x`."""
        if node is None or node.type != "call":
            return False
        fn = node.child_by_field_name("function")
        q = self.qualname(fn)
        if q in _ENDS_PROGRAM:
            return True
        if fn is None or fn.type != "identifier":
            return False
        made = self._declared_function(fn)
        ret = made.child_by_field_name("return_type") if made is not None else None
        return ret is not None and self.src(ret).rsplit(".", 1)[-1] in ("NoReturn", "Never")

    def _declared_function(self, ident):
        """The one `def NAME` of the file for the name `ident` (None when there is none, or more than one)."""
        name = self.src(ident).encode()
        found = None
        for m in re.finditer(rb"\bdef[ \t]+(" + re.escape(name) + rb")\b", self.doc.data):
            if found is not None:
                return None
            found = m.start(1)
        n = self.root.named_descendant_for_byte_range(found, found) if found is not None and self.root else None
        up = n.parent if n is not None else None
        return up if up is not None and up.type == "function_definition" and up.child_by_field_name("name") == n \
            else None

    def _scoped_value(self, ident):
        """The value the name `ident` is given in the function it is used in, when that function gives it one
        value, once, before it (and its nested functions are left aside); None otherwise."""
        scope = ident.parent
        while scope is not None and scope.type != "function_definition":
            scope = scope.parent
        body = scope.child_by_field_name("body") if scope is not None else None
        if body is None:
            return None
        name, found = self.src(ident), []
        stack = [body]
        while stack and len(found) < 2:
            n = stack.pop()
            if n.type == "assignment":
                left = n.child_by_field_name("left")
                if left is not None and left.type == "identifier" and self.src(left) == name:
                    found.append(n.child_by_field_name("right"))
            elif n.type in ("augmented_assignment", "for_statement", "named_expression") and name in self.src(
                    n.child_by_field_name("left") or n.child_by_field_name("name") or n):
                return None
            if n.type not in ("function_definition", "class_definition", "lambda"):
                stack.extend(n.named_children)
        return found[0] if len(found) == 1 and found[0] is not None and found[0].end_byte <= ident.start_byte \
            else None

    def _argv(self, argv: list[str | None], node, q: str, items: list | None = None) -> None:
        if argv and argv[0] is not None and argv[0].rsplit("/", 1)[-1] in _STORE_NAMES:
            self._store_read(argv, node)
        if items and self.written:  # items: the argv's nodes, when it is written out
            self._runs_written([self._path_key(items[i]) for i in launched_operands(argv) if i < len(items)], node, q)
        if not argv or argv[0] is None:
            if items and self.downloads and self._path_key(items[0]) in self.downloads:
                self.block("download-exec", f"`{q}` runs {self.src(items[0])}, downloaded by this code; download, "
                                            "inspect, then run", node)
                return
            self.review("py-subprocess-dynamic", f"`{q}` runs a program chosen at run time", node)
            return
        if argv[0].rsplit("/", 1)[-1] in NET_TOOLS:
            self.uses_net = True  # what the code gathered can go out through curl as well as through requests
            if any(k.startswith("carrier ") for k in self.lists):  # curl -F v=@/tmp/.v, input=tok
                feed = self.kwarg(node, "input") if node.type == "call" else None
                self.carried_sent([*(items or []), *([feed] if feed is not None else [])], node)
                for a in argv[1:]:
                    hit = next((v for k, v in self.lists.items() if k.startswith("carrier ") and a and "/" in k
                                and k[8:] in a), None)
                    if hit is not None:
                        self._carried(hit[0], hit[1], node)
                        break
        if argv[0] in SHELL_NAMES or argv[0].rsplit("/", 1)[-1] in SHELL_NAMES:
            self.shell_io.append(node)  # a shell next to a socket is a reverse shell
            if reads_commands(argv):
                self._reading_shell(node)
        fetched = download_option(argv)
        if fetched is not None:
            from .. import paths

            self.downloads.add(paths.normalize(fetched))  # curl -o F: F is a download from here on
        if argv[0] == "git" and "config" in argv and any((a or "").lower() == "core.hookspath" for a in argv):
            self._hooks_path(argv, node)
        if self.computed_inline_code(argv, node, q):
            return
        if holds(self.doc.data, b"enabled") and self._monitor_off(argv, node):
            return
        if self.downloads:
            from .. import paths

            hit = next((argv[i] for i in run_operands(argv) if argv[i] is not None and
                        paths.normalize(argv[i]) in self.downloads), None)
            if hit is not None:
                self.block("download-exec", f"`{q}` runs {hit}, downloaded by this code; download, inspect, then run",
                           node)
        if argv[0].rsplit("/", 1)[-1] in _LAB_PROGRAMS:
            self._lab_argv(argv, items, node)
        self.ctx.nested(_argv_line(argv), "bash", self.doc, node, None)

    def _lab_argv(self, argv: list, items: list | None, node) -> None:
        """TrueNAS's `midclt call pool.dataset.delete …` (selfhosted_tables), and ZFS driven from the listing it printed:
        `for s in check_output(["zfs", "list", "-t", "snapshot", …]).split(): run(["zfs", "destroy", s])` destroys every
        snapshot listed, `run(["find", ds, …, "-delete"])` for each mountpoint deletes in every dataset. Each is held;
        both in one program (every way back destroyed, then the data) is a wiper's shape, blocked."""
        prog = argv[0].rsplit("/", 1)[-1]
        if prog == "midclt":
            from ..selfhosted_tables import truenas_call

            rest = [a for a in argv[1:] if a is None or not a.startswith("-")]
            if len(rest) > 1 and rest[0] == "call" and rest[1] is not None:
                found = truenas_call(rest[1], self.src(node))
                if found is not None:
                    self.review("irreversible", found, node)
            return
        if not items or len(items) != len(argv):
            return
        listed = next((self._zfs_listing(items[i]) for i in range(1, len(argv)) if argv[i] is None and
                       items[i].type == "identifier"), None)
        if listed is None:
            return
        if prog == "zfs" and "destroy" in argv and "snapshot" in " ".join(a or "" for a in listed):
            key, what = "zfs snapshots", "destroys every snapshot `zfs list` printed"
        elif prog in ("find", "rm") and ("-delete" in argv or prog == "rm") and "mountpoint" in listed:
            key, what = "zfs mountpoints", f"deletes with `{prog}` in every dataset `zfs list` printed"
        else:
            return
        self.lists[key] = node
        other = self.lists.get("zfs mountpoints" if key == "zfs snapshots" else "zfs snapshots")
        if other is not None:
            self.block("destructive-rm", "the code destroys every ZFS snapshot it lists and deletes files in every "
                                         "dataset: no way back is left for what it deletes (a wiper's shape); delete "
                                         "only the snapshots and files the user named, and let the user run it", node)
        elif key == "zfs mountpoints":
            self.review("irreversible", f"the code {what}, with no undo; name the datasets and files the user asked "
                                        "for, and let the user run it", node)

    def _zfs_listing(self, ident) -> list | None:
        """The argv of the `zfs list` whose output the loop binding `ident` goes over (`for s in check_output([…]).split()`,
        also through a name given it); None otherwise."""
        src = self.loop_source(ident)
        for _ in range(6):
            if src is None:
                return None
            if src.type == "identifier":
                src = self.declared(src, frozenset({"call", "attribute"}))
            elif src.type == "attribute" and self.src(src.child_by_field_name("attribute")) == "stdout":
                src = src.child_by_field_name("object")  # run([…], capture_output=True, text=True).stdout
            elif src.type == "call":
                fn = src.child_by_field_name("function")
                if fn is not None and fn.type == "attribute" and \
                        self.src(fn.child_by_field_name("attribute")) in ("split", "splitlines", "strip"):
                    src = fn.child_by_field_name("object")
                    continue
                if self.qualname(fn) not in _SUBPROCESS:
                    return None
                pos = [a for a in self.args(src) if a.type != "keyword_argument"]
                if not pos or pos[0].type not in ("list", "tuple"):
                    return None
                argv = [self.string(c) for c in self._items(pos[0])]
                return argv if argv[:2] == ["zfs", "list"] else None
            else:
                return None
        return None

    def _monitor_off(self, argv: list, node) -> bool:
        """`rules = yaml.safe_load(…); item["enabled"] = False; run(["sudo", "tee", "/etc/falco/…"], input=…)`: a
        security monitor's rules written back with detections switched off (bash/admin.py reads the same written
        from the shell)."""
        words = [a for a in argv if a is not None]
        while words and words[0].rsplit("/", 1)[-1] in ("sudo", "doas"):
            words = words[1:]
        if not words or words[0].rsplit("/", 1)[-1] not in ("tee", "cp", "install", "mv", "dd"):
            return False
        target = next((w for w in words[1:] if w.startswith(_MONITOR_RULES)), None)
        if target is None or not _RULE_OFF.search(self.doc.data.decode("utf-8", "replace")):
            return False
        self.block("anti-forensics", f"the code writes {target} with rules switched off (`enabled` set false): the "
                                     "security monitor stops reporting what they watch for; add rules, and leave "
                                     "turning detections off to a person", node)
        return True

    def _reading_shell(self, call) -> None:
        """Note the name a shell that reads its input is bound to (`p = Popen(["sh"], stdin=PIPE)`)."""
        if call.parent is not None and call.parent.type == "assignment":
            left = call.parent.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                self.reading_shells.add(self.src(left))

    def _feeds_shell(self, obj) -> bool:
        """Whether `obj` (of `obj.communicate(x)` / `obj.stdin.write(x)`) is such a shell."""
        if obj.type == "attribute" and self.src(obj.child_by_field_name("attribute")) == "stdin":
            obj = obj.child_by_field_name("object")
        if obj.type == "call":  # Popen(["sh"], stdin=PIPE).communicate(x): met before the Popen itself
            pos = [a for a in self.args(obj) if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
            return self.qualname(obj.child_by_field_name("function")) in _SUBPROCESS and bool(pos) and \
                pos[0].type in ("list", "tuple") and reads_commands([self._program(c) for c in self._items(pos[0])])
        return obj.type == "identifier" and self.src(obj) in self.reading_shells

    def _env_keys(self, node, depth: int = 0) -> None:
        """Variables set by `env={...}`, `dict(os.environ, K=v)`, `{**os.environ, "K": v}` or `os.environ.update(...)`,
        also through a name given one of those (`env = dict(os.environ, LD_PRELOAD=p); run(argv, env=env)`)."""
        if node is None or depth > 4:
            return
        if node.type == "identifier":
            made = self.given(node, frozenset({"dictionary", "call", "binary_operator"}))
            if made is not None and made.type in ("dictionary", "call", "binary_operator"):
                self._env_keys(made, depth + 1)
        elif node.type == "keyword_argument":
            n = node.child_by_field_name("name")
            if n is not None:
                self._env_value(node, self.src(n), node.child_by_field_name("value"))
        elif node.type == "dictionary":
            for pair in node.named_children:
                k = self.string(pair.child_by_field_name("key")) if pair.type == "pair" else None
                if k:
                    self._env_value(pair, k, pair.child_by_field_name("value"))
        elif node.type == "call" and self.qualname(node.child_by_field_name("function")) == "dict":
            for a in self.args(node):
                self._env_keys(a, depth + 1)
        elif node.type == "binary_operator" and self.src(node.child_by_field_name("operator")) == "|":
            self._env_keys(node.child_by_field_name("left"), depth + 1)  # os.environ | {"K": v}
            self._env_keys(node.child_by_field_name("right"), depth + 1)

    def _env_value(self, node, name: str, value) -> None:
        v = self.string(value) if value is not None else None
        whole: bool | str = v is not None
        if v is None and value is not None and value.type == "binary_operator":
            v = self.string(value.child_by_field_name("left"))  # "/tmp/x:" + os.environ["PATH"]
            if v is None and name in self.src(value.child_by_field_name("left")):
                # os.environ.get("NODE_OPTIONS", "") + " --max-old-space-size=4096": appended to the old value
                v, whole = self.string(value.child_by_field_name("right")), "append"
        elif v is None and value is not None and value.type == "string" and name in self.src(value):
            # f"{os.environ.get('NODE_OPTIONS', '')} --max-old-space-size=4096": the old value and more
            v, whole = "".join(self.src(c) for c in value.children if c.type == "string_content"), "append"
        check_env_value(self.ctx, self.doc, node, name, v, whole)
        if self.downloads and whole is True:
            self._test_tool_loads(node, name, v)

    def _test_tool_loads(self, node, name: str, value: str | None) -> None:
        """`os.environ["AFL_CUSTOM_MUTATOR_LIBRARY"] = "/tmp/m.so"` after `urlretrieve(URL, "/tmp/m.so")`: a file this
        code downloaded is loaded by the test tool the variable speaks to, as in the shell (bash/exec.py)."""
        from .. import paths
        from ..testing_tables import loaded_by_test_tool

        for path, what in loaded_by_test_tool(name, value):
            if paths.normalize(path) in self.downloads:
                self.block("download-exec", f"{path} was downloaded by this code and {what}: code from the network "
                                            "run by the test tool unseen; download, inspect, then run", node)
                return

    def process_sweep(self, call) -> None:
        """`for proc in psutil.process_iter(…): … proc.kill()`, with no test that picks processes out by name,
        command line, port or parent (only the user's own, or all but this one): every process of the user is
        killed (their editor, shell, agent), as `kill -9 -1` does."""
        loop = call.parent
        if loop is None or loop.type not in ("for_statement", "for_in_clause") or \
                loop.child_by_field_name("right") != call:
            return
        left = loop.child_by_field_name("left")
        body = loop.child_by_field_name("body") if loop.type == "for_statement" else loop.parent
        if left is None or left.type != "identifier" or body is None:
            return
        name = re.escape(self.src(left))
        text = self.src(body)
        if not re.search(rf"(?<![\w.]){name}\s*\.\s*(?:kill|terminate|send_signal)\s*\(|"
                         rf"\bkill(?:pg)?\s*\(\s*{name}\b", text):
            return
        tests, conds, stack = [], [], [body]
        while stack:
            n = stack.pop()
            if n.type in ("if_statement", "elif_clause", "while_statement"):
                cond = n.child_by_field_name("condition")
                tests.append(self.src(cond) if cond is not None else "")
                conds.append(cond)
            elif n.type in ("if_clause", "conditional_expression"):
                tests.append(self.src(n))
                conds.append(n)
            stack.extend(n.named_children)
        guard = self._guards_picked([c for c in conds if c is not None])
        if guard is not None:
            self.block("anti-forensics", f"the loop over `{self.src(call)[:40]}` kills {guard}, a security or audit "
                                         "agent of the machine: what happens next goes unrecorded; leave it running "
                                         "and stop only the program you started", call)
            return
        if _PICKS.search(" ".join(tests)):
            return
        self.block("system-disruption", f"the loop over `{self.src(call)[:40]}` kills every process it meets "
                                        "(the user's editor, shell and agent among them), as `kill -9 -1` does; kill "
                                        "only the process you started, picked by its pid, name or command line",
                   call)

    def _guards_picked(self, conds: list) -> str | None:
        """The security or audit agent a kill loop's tests pick out by name: a literal in the test, or in a set,
        list or tuple named there (`HOGS = {"auditd", "falco", …}` then `if p.info["name"] in HOGS`)."""
        stack, seen = list(conds), 0
        while stack and seen < 200:
            n = stack.pop()
            seen += 1
            if n.type == "string":
                v = (self.string(n) or "").lower().removesuffix(".service")
                if v in _SECURITY_AGENTS:
                    return v
                continue
            if n.type == "identifier":
                made = self.declared(n, _NAME_LISTS)
                if made is not None:
                    stack.extend(made.named_children)
                continue
            stack.extend(n.named_children)
        return None


# programs of a home lab read here before the shell rules (_lab_argv)
_LAB_PROGRAMS = frozenset({"midclt", "zfs", "find", "rm"})


def _argv_line(argv: list) -> str:
    """argv_to_shell, with a leading `sudo`'s (or doas') own options and user left unquoted: `sudo -u www-data php occ
    …` reads as the shell rules read it typed (a service user's command), not as `sudo '-u' 'www-data' …`."""
    head = argv[0].rsplit("/", 1)[-1] if argv and argv[0] is not None else None
    if head not in ("sudo", "doas"):
        return argv_to_shell(argv)
    takes = _LAUNCHER_VALUES[head]
    i = 1
    while i < len(argv) and argv[i] is not None and argv[i].startswith("-") and argv[i] != "--":
        i += 2 if argv[i] in takes and i + 1 < len(argv) and argv[i + 1] is not None else 1
    if i >= len(argv) or i == 1:
        return argv_to_shell(argv)
    return " ".join([shlex.quote(argv[0])] + [shlex.quote(a) for a in argv[1:i]] + [argv_to_shell(argv[i:])])


def _tree_delete(text: str) -> bool:
    """Whether a command line (pieces known only at run time as `${ARG}`) deletes such a path recursively
    (`rm -rf ${ARG}`, `sudo rm -r -- /srv/${ARG}`)."""
    for seg in re.split(r"[;&|]+", text):
        words = seg.split()
        if words[:1] == ["sudo"]:
            words = words[1:]
        if words[:1] != ["rm"]:
            continue
        flags = [w for w in words[1:] if w.startswith("-")]
        if any(w == "--recursive" or (not w.startswith("--") and ("r" in w or "R" in w)) for w in flags) and \
                any("${ARG}" in w for w in words[1:] if not w.startswith("-")):
            return True
    return False
