"""What TypeScript code runs as a process: child_process and the packages like it (execa,
shelljs, zx, Bun, Deno), their argv, shell option and the environment a child is given.
Commands are handed to the bash rules.
"""
from __future__ import annotations

import re
import shlex
from contextlib import ExitStack, contextmanager

from .. import paths
from ..common_code import NET_TOOLS, SHELL_NAMES, argv_to_shell, check_env_value, reads_commands
from ..python.processes import launched_operands
from .runtimes import _shell_word
from .strings import _unescape


_SHELL_EXEC = frozenset({"exec", "execSync"})
_ARGV_EXEC = frozenset({"spawn", "spawnSync", "execFile", "execFileSync", "fork"})
# packages whose calls run a command line or an argv like child_process does: (module, member) -> the
# child_process function with the same meaning
_RUNNERS = {("shelljs", "exec"): "exec", ("execa", "execaCommand"): "exec", ("execa", "execaCommandSync"): "exec",
            ("execa", "command"): "exec", ("execa", "commandSync"): "exec", ("execa", ""): "execFile",
            ("execa", "execa"): "execFile", ("execa", "execaSync"): "execFile", ("cross-spawn", ""): "spawn",
            ("cross-spawn", "sync"): "spawnSync", ("Bun", "spawn"): "argv", ("Bun", "spawnSync"): "argv",
            ("Deno", "run"): "argv"}


# the CI platforms' variables whose values the platform or the base repository sets (a commit, a run, the branch a
# pull request targets, the workspace), never a contributor's text: a line that names one is judged with it as `"$X"`
_CI_VALUES = frozenset({"GITHUB_BASE_REF", "GITHUB_SHA", "GITHUB_RUN_ID", "GITHUB_RUN_NUMBER", "GITHUB_RUN_ATTEMPT",
                        "GITHUB_REPOSITORY", "GITHUB_WORKSPACE", "GITHUB_EVENT_NAME", "GITHUB_SERVER_URL",
                        "GITHUB_EVENT_PATH", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY", "RUNNER_TEMP",
                        "RUNNER_OS", "CI_COMMIT_SHA", "CI_COMMIT_BEFORE_SHA", "CI_DEFAULT_BRANCH", "CI_PIPELINE_ID",
                        "CI_PROJECT_DIR", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_MERGE_REQUEST_DIFF_BASE_SHA",
                        "BUILDKITE_COMMIT", "CIRCLE_SHA1", "BITBUCKET_COMMIT"})
_CI_KINDS = frozenset({"ternary_expression", "template_string", "string", "member_expression", "subscript_expression",
                       "binary_expression", "parenthesized_expression"})


# a command line that unpacks what it downloads (`curl … | tar -xz -C DIR`), and the steps of a line
_UNPACK_LINE = re.compile(r"\b(?:tar|bsdtar|unzip)\b")
_LINE_STEPS = re.compile(r"&&|\|\||;|\n")


# programs that install a package file onto this machine or a device, and the subcommands or options that do
# (an APK's code runs on the phone, a .deb's or a wheel's install scripts here)
_INSTALLERS = {"adb": ("install", "install-multiple"), "dpkg": ("-i", "--install"), "apt": ("install",),
               "apt-get": ("install",), "rpm": ("-i", "-U", "-ivh", "-Uvh"), "pip": ("install",), "pip3": ("install",),
               "npm": ("install", "i"), "ideviceinstaller": ("-i", "--install"), "xcrun": ("install",)}


def _installed(argv: list) -> list[int]:
    """Indices of the package files an installer of _INSTALLERS is given (`adb install -r -g /tmp/x.apk`)."""
    ways = _INSTALLERS.get((argv[0] or "").rsplit("/", 1)[-1]) if argv else None
    if not ways:
        return []
    at = next((i for i, a in enumerate(argv) if a in ways), None)
    return [] if at is None else [i for i in range(at + 1, len(argv)) if argv[i] and argv[i][:1] != "-"]


def _unpack_target(argv: list[str]) -> str | None:
    """The folder `tar -xz -C DIR` (also `--directory=DIR`, `bsdtar`) or `unzip -d DIR` unpacks its input into."""
    if not argv or argv[0].rsplit("/", 1)[-1] not in ("tar", "bsdtar", "unzip"):
        return None
    flag = "-d" if argv[0].endswith("unzip") else "-C"
    for i, a in enumerate(argv):
        if a in (flag, "--directory") and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--directory="):
            return a.split("=", 1)[1]
    return None


# calls that find a program on PATH by its name (the `which` package, shelljs)
_WHICH = frozenset({"which", "which.sync", "which.default", "which.default.sync", "shelljs.which", "shell.which"})
_FOUND = frozenset({"call_expression", "await_expression", "binary_expression"})  # values that name a program found
_CHOICES = frozenset({"ternary_expression", "parenthesized_expression"})
_CALLBACK_LOOPS = frozenset({"forEach", "map", "flatMap", "filter", "some", "every", "find"})


class Processes:
    """Command lines, argv arrays and the options of children."""

    # what `alternatives` (common_code) reads: a helper's parameters, a loop over a constant array
    FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                           "generator_function_declaration", "generator_function", "function"})
    FOR_LOOP = "for_in_statement"
    JOINS = frozenset({"call_expression", "binary_expression", "template_string"})  # path.join(profile, f), `${d}/${f}`
    SPLATS = frozenset({"spread_element"})
    REBIND = (r"(?<![\w$.])NAME\s*[-+*/|&?%]{0,3}=(?![=>])|\b(?:const|let|var)\s+NAME\b|(?:\+\+|--)NAME\b|"
              r"(?<![\w$.])NAME\s*(?:\.\s*(?:push|unshift|splice|pop|shift)\s*\(|\[[^\]]*\]\s*=(?!=)|\+\+|--)")

    def _runs_written_line(self, line: str, node, what: str) -> None:
        """A command line running a file this code wrote, also through a launcher (`nohup /tmp/.w &`,
        `sudo ./x`, `timeout 60 ./x`): the launcher runs the file all the same."""
        for segment in _LINE_STEPS.split(line.replace("&", ";")):
            try:
                argv = shlex.split(segment)
            except ValueError:
                continue
            self._runs_written([paths.normalize(argv[i]) for i in launched_operands(argv) if i < len(argv)],
                               node, what)

    def parameters(self, func) -> dict | None:
        """name -> (position, default) of a function's parameters."""
        single = func.child_by_field_name("parameter")  # `s => run(s)`
        if single is not None:
            return {self.src(single): (0, None)} if single.type == "identifier" else {}
        params = func.child_by_field_name("parameters")
        if params is None:
            return None
        out: dict = {}
        for i, c in enumerate(c for c in params.named_children if c.type in ("required_parameter", "optional_parameter")):
            pat = c.child_by_field_name("pattern")
            if pat is not None and pat.type == "rest_pattern" and pat.named_children:
                out[self.src(pat.named_children[0])] = (-2, None)
            elif pat is not None and pat.type == "identifier":
                out[self.src(pat)] = (i, c.child_by_field_name("value"))
        return out

    def function_name(self, func) -> str | None:
        name = func.child_by_field_name("name")
        if name is not None:
            return self.src(name)
        up = func.parent
        if up is None:
            return None
        key = up.child_by_field_name({"variable_declarator": "name", "assignment_expression": "left", "pair": "key",
                                      "public_field_definition": "name"}.get(up.type, "")) if up.type in (
            "variable_declarator", "assignment_expression", "pair", "public_field_definition") else None
        if key is not None and key.type == "member_expression":  # this.run = (cmd) => …
            key = key.child_by_field_name("property")
        return self.src(key) if key is not None and key.type in ("identifier", "property_identifier") else None

    def _names_function(self, n, func) -> bool:
        up = n.parent
        if up is not None and up.type == "member_expression":
            up = up.parent
        return up is not None and func.parent == up

    def call_sites(self, func) -> list[list] | None:
        """The calls of a helper (common_code), and the items of a constant array a callback is handed to
        (`steps.forEach((s) => runStep(s))`: one call per item)."""
        if self.function_name(func) is not None:
            return super().call_sites(func)
        holder = func.parent
        call = holder.parent if holder is not None and holder.type == "arguments" else None
        fn = call.child_by_field_name("function") if call is not None else None
        if fn is None or fn.type != "member_expression" or self.args(call)[:1] != [func] or \
                self.src(fn.child_by_field_name("property")) not in _CALLBACK_LOOPS:
            return None
        arr = self._array(fn.child_by_field_name("object"))
        items = [c for c in arr.named_children if c.type != "comment"] if arr is not None else None
        return None if items is None or any(c.type == "spread_element" for c in items) else [[c] for c in items]

    def loop_name(self, loop) -> str | None:
        left = loop.child_by_field_name("left")
        return self.src(left) if left is not None and left.type == "identifier" and any(
            c.type == "of" for c in loop.children) else None

    def loop_items(self, loop) -> list | None:
        seq = loop.child_by_field_name("right")
        arr = self._array(seq) if seq is not None else None
        if arr is None and seq is not None and seq.type == "identifier" and not self._array_changed(self.src(seq)):
            arr = self.declared(seq, frozenset({"array"}))  # declared below the helper that runs each item
        items = [c for c in arr.named_children if c.type != "comment"] if arr is not None else None
        return None if items is None or any(c.type == "spread_element" for c in items) else items

    def known_name(self, node) -> bool:
        return self._program(node) is not None or self._array(node) is not None

    def _child_process(self, member: str, node, args: list, what: str = "", depth: int = 0) -> None:
        if not args:
            return
        names = [a for a in args[:2] if a.type == "identifier" and not self.known_name(a)]
        rows = self.alternatives(names) if names and depth < 4 else None
        if rows:  # `function run(cmd, args) { spawn(cmd, args) }`, `for (const s of steps) exec(s)`: each run
            for row in rows:
                given = [row.get(self.src(a), a) if a.type == "identifier" else a for a in args[:2]]
                self._child_process(member, node, given + args[2:], what, depth + 1)
            return
        pairs = self._destructured_arms(args[0], args[1] if len(args) > 1 else None) if depth < 4 else None
        if pairs is not None:  # const [cmd, argv] = wsl ? ["cmd.exe", [...]] : ["xdg-open", [url]]; spawn(cmd, argv)
            for prog, argv in pairs:
                self._child_process(member, node, [prog, argv if argv is not None else args[1], *args[2:]]
                                    if len(args) > 1 else [prog], what, depth + 1)
            return
        arms = self._arms(args[0]) if depth < 4 else None
        if arms is not None:  # spawn(win ? "cmd.exe" : "/bin/bash", …): each program it may start
            for arm in arms:
                self._child_process(member, node, [arm, *args[1:]], what, depth + 1)
            return
        what = what or f"child_process.{member}"
        opts = next((a for a in args[1:] if a.type == "object"), None)
        shell_on = opts is not None and re.search(r"\bshell\s*:\s*(?!false\b)", self.src(opts)) is not None
        first = args[0]
        shell_prog = self._field(opts, "shell") if opts is not None else None
        if shell_prog is not None and self.string(shell_prog) is not None:
            # `{shell: "/usr/bin/npm"}` runs that program with the command line: a command of its own
            self.ctx.nested(shlex.quote(self.string(shell_prog)), "bash", self.doc, shell_prog, None)
        cmd = self.string(first)
        feed = self._field(opts, "input") if opts is not None else None
        head = (cmd or "").split()[:1]
        if feed is not None and head and self.string(feed) is None:
            prog = head[0].rsplit("/", 1)[-1]
            if prog in SHELL_NAMES or prog in ("node", "python", "python3", "perl", "ruby", "php"):
                self.block("js-shell-exec", f"`{what}` feeds data computed at run time to `{head[0]}` as code", node)
            elif prog in NET_TOOLS and self.mentions_env(feed):
                self.block("exfiltration", f"`{what}` feeds the whole environment to `{head[0]}`; never send secrets "
                                           "off the machine", node)
        if member in _SHELL_EXEC or (member in _ARGV_EXEC and shell_on):
            if cmd is None and first.type == "template_string" and self.mentions_env(first):
                # execSync(`curl -d ${data} https://…`) with `data` made from process.env
                prog = self.src(first).lstrip("`").split(maxsplit=1)[:1]
                if prog and prog[0].rsplit("/", 1)[-1] in NET_TOOLS:
                    self.block("exfiltration", f"`{what}` hands the whole environment to `{prog[0]}`; never send "
                                               "secrets off the machine", node)
                    return
            rows = self._template_rows(first) if cmd is None and first.type == "template_string" and depth < 4 \
                else None
            if rows and all(rows):  # for (const s of scripts) execaCommand(`npm run ${s}`): each command it runs
                for row in rows:
                    with self._bound_names(row):
                        self._child_process(member, node, args, what, depth + 1)
                return
            lines = self._template_choices(first) if cmd is None and first.type == "template_string" else None
            if lines:  # execSync(`cargo build ${release ? "--release" : ""}`): each line it may run
                for line in lines:
                    self.command_line(line, node, what)
                    self.hooks_path_line(line, node)
                    self._unpacked_hooks(line, node)
                    self.ctx.nested(line, "bash", self.doc, first, None)
                return
            if cmd is None:
                self.block("js-shell-exec", f"`{what}` runs a shell command built at run time; use "
                                            "execFile/spawn with a literal argv array", node)
                return
            extra = args[1] if len(args) > 1 and args[1].type == "array" else None
            if extra is not None:
                vals = [self.string(c) for c in extra.named_children]
                cmd = cmd + " " + " ".join(v if v is not None else "ARG" for v in vals)
            self.command_line(cmd, node, what)
            self.hooks_path_line(cmd, node)
            self._unpacked_hooks(cmd, node)
            self.ctx.nested(cmd, "bash", self.doc, first, None)
            return
        if member in _ARGV_EXEC:
            sites = self._rest_sites(first, args[1]) if len(args) > 1 and depth < 4 else None
            if sites is not None:  # `const git = (...a) => execFileSync("git", a)`: the argv of each call of it
                for prog, items in sites:
                    self._argv_exec(member, node, [prog], opts, what, given=items)
                return
            rows = self._loop_rows(node, args[:2]) if first.type == "identifier" and self._program(first) is None \
                else None
            for operands, parts in rows or [(args[:2], {})]:  # each literal row a loop over a constant table runs
                self._argv_exec(member, node, operands, opts, what, parts)

    def _template_choices(self, tpl) -> list[str] | None:
        """The command lines a template may be when each of its substitutions is a literal or a `? :` between literals
        (`${profile === "release" ? "--release" : ""}`): every choice is a literal command, judged as written. None
        when a part is computed otherwise, or the choices are many."""
        lines = [""]
        for c in tpl.named_children:
            if c.type != "template_substitution":
                text = self.src(c) if c.type == "string_fragment" else _unescape(self.src(c))
                lines = [x + text for x in lines]
                continue
            inner = c.named_children[0] if c.named_children else None
            options = self._literal_arms(inner) if inner is not None else None
            if options is None and inner is not None and lines != [""] and (var := self._env_var(inner)) is not None:
                # `npx vercel pull --token=${token}`, token being process.env.VERCEL_TOKEN: a credential is an opaque
                # word, never shell syntax, so the line is `… --token="$VERCEL_TOKEN"` (never the program's name);
                # any other variable's text is parsed by the shell as it is (`${process.env.FLAGS}`) and stays computed
                options = [f'"${{{var}}}"']
            if options is None and inner is not None and lines != [""]:
                options = self._ci_arms(inner)
            if options is None or len(lines) * len(options) > 16:
                return None
            lines = [x + o for x in lines for o in options]
        return lines

    def _ci_arms(self, node, depth: int = 0) -> list[str] | None:
        """The words a value made of literals and the CI platform's own variables may be (`const base =
        process.env.GITHUB_BASE_REF ? `origin/${process.env.GITHUB_BASE_REF}` : "origin/main"`): each variable as
        `"$NAME"`. Those variables hold what the platform or the base repository set (a commit, a run's number, the
        target branch), never text a contributor writes (GITHUB_HEAD_REF, a commit message: not listed); None when a
        part is anything else."""
        if node is None or depth > 4:
            return None
        v = self.string(node)
        if v is not None:
            return [v]
        t = node.type
        if t == "parenthesized_expression" and node.named_children:
            return self._ci_arms(node.named_children[0], depth + 1)
        if t == "identifier":
            made = self.declared(node, _CI_KINDS)
            return self._ci_arms(made, depth + 1) if made is not None else None
        if t == "ternary_expression":
            out: list[str] = []
            for arm in (node.child_by_field_name("consequence"), node.child_by_field_name("alternative")):
                got = self._ci_arms(arm, depth + 1)
                if got is None:
                    return None
                out += got
            return out if len(out) <= 8 else None
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) in ("??", "||"):
            left = self._ci_arms(node.child_by_field_name("left"), depth + 1)
            right = self._ci_arms(node.child_by_field_name("right"), depth + 1)
            return left + right if left is not None and right is not None and len(left) + len(right) <= 8 else None
        if t == "template_string":
            words = [""]
            for c in node.named_children:
                if c.type != "template_substitution":
                    words = [w + (self.src(c) if c.type == "string_fragment" else _unescape(self.src(c))) for w in words]
                    continue
                got = self._ci_arms(c.named_children[0], depth + 1) if c.named_children else None
                if got is None or len(words) * len(got) > 8:
                    return None
                words = [w + g for w in words for g in got]
            return words
        if t in ("member_expression", "subscript_expression"):
            read = self._env_read(node)
            if read and len(read) == 1 and read[0][0] == "var" and read[0][1] in _CI_VALUES:
                return [f'"${{{read[0][1]}}}"']
        return None

    def _env_var(self, node) -> str | None:
        """The name of the one secret environment variable `node` reads (`process.env.X_TOKEN`, or a const given
        it), else None."""
        if node.type == "identifier":
            node = self.declared(node, frozenset({"member_expression", "subscript_expression"}))
            if node is None:
                return None
        read = self._env_read(node) if node.type in ("member_expression", "subscript_expression") else None
        if not read or len(read) != 1 or read[0][0] != "var" or not re.fullmatch(r"[A-Za-z_]\w*", read[0][1] or ""):
            return None
        from ..secret_owner import secret_name

        return read[0][1] if secret_name(read[0][1]) else None

    def _literal_arms(self, node, depth: int = 0) -> list[str] | None:
        v = self.string(node)
        if v is not None:
            return [v]
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node.type != "ternary_expression" or depth > 3:
            return None
        out: list[str] = []
        for arm in (node.child_by_field_name("consequence"), node.child_by_field_name("alternative")):
            got = self._literal_arms(arm, depth + 1) if arm is not None else None
            if got is None:
                return None
            out += got
        return out

    def _destructured_arms(self, first, second) -> list | None:
        """`const [cmd, args] = wsl ? ["cmd.exe", ["/c", "start", url]] : ["xdg-open", [url]]`, then `spawn(cmd,
        args)`: the program and the argv of each arm of the `? :` (nested ones too), when every arm is an array whose
        item at the program's place names one; None otherwise."""
        if first.type != "identifier":
            return None
        name = self.src(first)
        while second is not None and second.type in ("as_expression", "satisfies_expression", "non_null_expression",
                                                      "parenthesized_expression") and second.named_children:
            second = second.named_children[0]
        other = self.src(second) if second is not None and second.type == "identifier" else None
        stack, seen, decl = [self.root], 0, None
        while stack and seen < 65536:
            n = stack.pop()
            seen += 1
            if n.type == "variable_declarator":
                left = n.child_by_field_name("name")
                if left is not None and left.type == "array_pattern" and name in [
                        self.src(c) for c in left.named_children if c.type == "identifier"]:
                    if decl is not None:
                        return None  # bound twice: not one choice
                    decl = n
            stack.extend(n.named_children)
        if decl is None:
            return None
        slots = [self.src(c) if c.type == "identifier" else None for c in decl.child_by_field_name("name").named_children]
        at, at_argv = slots.index(name), slots.index(other) if other in slots else None
        value = decl.child_by_field_name("value")
        arms: list = []

        def collect(v, depth: int) -> bool:
            while v is not None and v.type == "parenthesized_expression" and v.named_children:
                v = v.named_children[0]
            if v is None or depth > 4:
                return False
            if v.type == "ternary_expression":
                return collect(v.child_by_field_name("consequence"), depth + 1) and \
                    collect(v.child_by_field_name("alternative"), depth + 1)
            items = [c for c in v.named_children if c.type != "comment"] if v.type == "array" else []
            if len(items) <= at or any(c.type == "spread_element" for c in items) or self._program(items[at]) is None:
                return False
            arms.append((items[at], items[at_argv] if at_argv is not None and at_argv < len(items) else None))
            return len(arms) <= 8

        return arms if value is not None and value.type in ("ternary_expression", "parenthesized_expression") and \
            collect(value, 0) else None

    def _arms(self, node, depth: int = 0) -> list | None:
        """The two arms of a `? :` (also one a name is bound to) choosing a program or a command line, when each
        names one: `process.platform === "win32" ? "npm.cmd" : "npm"`; None otherwise."""
        if depth > 4:
            return None
        if node.type == "identifier" and not self.known_name(node):
            node = self.given(node, _CHOICES) or node
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node.type != "ternary_expression":
            return None
        arms = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
        return arms if all(a is not None and (self._program(a) is not None or self._arms(a, depth + 1)) for a in arms) else None

    def _rest_sites(self, first, argv) -> list | None:
        """A wrapper's argv taken from its rest parameter (`const git = (...args) => execFileSync("git", args)`, also
        spread into an array: `["-C", dir, ...args]`): for each call of the wrapper (`git("push", "--force")`), the
        program (from the call too when it is a parameter before the rest) and the argv's nodes; None when the argv
        is not such a parameter, or the wrapper is used otherwise than called by name."""
        before: list = []
        after: list = []
        rest = argv
        if argv.type == "array":
            kids = [c for c in argv.named_children if c.type != "comment"]
            spreads = [i for i, c in enumerate(kids) if c.type == "spread_element"]
            if len(spreads) != 1 or not kids[spreads[0]].named_children:
                return None
            rest = kids[spreads[0]].named_children[0]
            before, after = kids[:spreads[0]], kids[spreads[0] + 1:]
        if rest.type != "identifier":
            return None
        found = self._binding_scope(rest)
        if found is None or found[1].get(self.src(rest), (None,))[0] != -2:
            return None
        func, params = found
        body = func.child_by_field_name("body")
        names = [self.src(rest)] + [self.src(first)] * (first.type == "identifier" and self.src(first) in params)
        if body is None or self._rebinds(self.src(body), names):
            return None
        declared = func.child_by_field_name("parameters")
        plain = [c for c in declared.named_children if c.type in ("required_parameter", "optional_parameter")] \
            if declared is not None else []
        at = next((i for i, c in enumerate(plain) if c.child_by_field_name("pattern") is not None and
                   c.child_by_field_name("pattern").type == "rest_pattern"), None)
        calls = self.call_sites(func) if at is not None else None
        if not calls or len(calls) > self._ROWS_CAP:
            return None
        out = []
        for call in calls:
            call = [a for a in call if a.type != "comment"]
            prog = first
            if first.type == "identifier" and self.src(first) in params:
                pos = params[self.src(first)][0]
                if not 0 <= pos < len(call) or any(a.type == "spread_element" for a in call[:pos + 1]):
                    return None
                prog = call[pos]
            out.append((prog, before + call[at:] + after))
        return out

    def _loop_rows(self, call, operands: list) -> list | None:
        """`for (const [file, args] of steps) execa(file, args)` with `steps` a constant table: the nodes each
        row gives the operands, so every row is judged as the command it is, each with the row's parts by the loop's
        names (for `[...flags, prompt]`); None when not such a loop."""
        loop = call.parent
        while loop is not None and loop.type != "for_in_statement":
            loop = loop.parent
        if loop is None or not any(c.type == "of" for c in loop.children):
            return None
        left, right = loop.child_by_field_name("left"), loop.child_by_field_name("right")
        table = self._array(right) if right is not None else None
        if left is None or table is None:
            return None
        names = [self.src(left)] if left.type == "identifier" else \
            [self.src(c) if c.type == "identifier" else "" for c in left.named_children] \
            if left.type == "array_pattern" else None
        if names is None:
            return None
        where = [names.index(self.src(o)) if o.type == "identifier" and self.src(o) in names else -1
                 for o in operands]
        if where[0] < 0:
            return None
        rows = []
        for item in table.named_children:
            if left.type == "identifier":
                rows.append(([item if i == 0 else o for i, o in zip(where, operands)], {names[0]: item}))
                continue
            parts = item.named_children if item.type == "array" else []
            if any(i >= len(parts) for i in where):
                return None
            rows.append(([parts[i] if i >= 0 else o for i, o in zip(where, operands)],
                         {n: p for n, p in zip(names, parts) if n}))
        return rows

    def _argv_exec(self, member: str, node, args: list, opts, what: str, row: dict | None = None,
                   given: list | None = None) -> None:
        """spawn/execFile/fork and their kin: a program and its argument array (row: a loop's names for the parts of
        the table row this run takes, see _loop_rows; given: the argument nodes themselves, see _rest_sites)."""
        first = args[0]
        argv: list[str | None] = [self._program(first)]
        items = [first]
        arr = self._array(args[1]) if len(args) > 1 else None
        if given is not None:
            argv += [self._word(c) if c.type != "spread_element" else None for c in given]
            items += given
        elif arr is not None:
            spread = self._spread(arr, row or {})
            argv += [self._word(c) if c.type != "spread_element" else None for c in spread]
            items += spread
        elif len(args) > 1 and args[1].type != "object" and self._is_shell(argv[0]):
            self.review("js-subprocess-dynamic", f"`{what}` starts a shell with arguments chosen at run time",
                        node)
        if member == "fork":
            pre = ["node", *self._exec_argv(opts)]
            argv, items = pre + argv, [None] * len(pre) + items
        self._run_argv(argv, node, what, items)

    def _spread(self, arr, row: dict) -> list:
        """An array's items with `...flags` of a constant array put in place (`[...flags, prompt]`)."""
        out = []
        for c in arr.named_children:
            inner = c.named_children[0] if c.type == "spread_element" and c.named_children else None
            if inner is not None and inner.type == "identifier" and self.src(inner) in row:
                inner = row[self.src(inner)]  # a loop's name for this row's part
            inner = self._array(inner) if inner is not None else None
            out += inner.named_children if inner is not None and inner != arr else [c]
        return out

    def _array(self, node):
        """An argv array: written in place, or a `const` name bound to one."""
        if node.type == "array":
            return node
        if node.type == "identifier" and self.src(node) in self.arrays and not self._array_changed(self.src(node)):
            return self.arrays[self.src(node)]
        return None

    def _array_changed(self, name: str) -> bool:
        return self.mutable(name) or re.search(rf"(?<![\w$.]){re.escape(name)}\s*(?:\.\s*(?:push|unshift|splice|"
                                               rf"concat)\b|\[[^\]]*\]\s*=)", self.doc.data.decode("utf-8", "replace")) is not None

    @staticmethod
    def _is_shell(prog: str | None) -> bool:
        return prog is not None and (prog in SHELL_NAMES or prog.rsplit("/", 1)[-1] in SHELL_NAMES)

    def _program(self, node) -> str | None:
        """A program name, with node's own path (`process.execPath`, `process.argv[0]`) read as
        `node` and `Deno.execPath()` as `deno`."""
        if node.type == "member_expression" and self.qualname(node) in ("process.execPath", "process.argv0"):
            return "node"
        if node.type == "subscript_expression" and self.src(node).replace(" ", "") == "process.argv[0]":
            return "node"
        if node.type == "call_expression" and self.qualname(node.child_by_field_name("function")) == "Deno.execPath":
            return "deno"
        if node.type in ("member_expression", "binary_expression") and "process.env.SHELL" in self.src(node):
            return "sh"  # the user's shell
        v = self.string(node)
        if v is None and node.type == "identifier":
            made = self.declared(node, _FOUND)  # const npm = which.sync("npm")
            found = self._found_program(made) if made is not None else None
            return found if found is not None else self._word(node)  # const bin = String.fromCharCode(47, …)
        return v if v is not None else self._found_program(node) or self._word(node)

    def _word(self, node) -> str | None:
        """An argv item's value: a literal, or what the code decodes from its literals (`atob("…")`,
        `String.fromCharCode(45, 99)`), which hides a command only from a reader."""
        return self.decoded(node)

    def _found_program(self, node) -> str | None:
        """`which.sync("npm")`, `await which("npm")`: the program looked up on PATH, named by its argument;
        `which.sync("npm", { nothrow: true }) ?? "npm"`: that, else the name itself."""
        if node.type in ("await_expression", "parenthesized_expression") and node.named_children:
            node = node.named_children[0]
        if node.type == "call_expression" and self.qualname(node.child_by_field_name("function")) in _WHICH:
            args = self.args(node)
            return self.string(args[0]) if args else None
        if node.type == "binary_expression" and self.src(node.child_by_field_name("operator")) in ("||", "??"):
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            a, b = self._found_program(left), self.string(right)
            if b is not None and (a is None or a.rsplit("/", 1)[-1] == b.rsplit("/", 1)[-1]):
                return b
        return None

    def _exec_argv(self, opts) -> list[str | None]:
        """fork's `execArgv` option: node flags put before the module (`["--eval", code]`)."""
        if opts is None:
            return []
        for pair in opts.named_children:
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            value = pair.child_by_field_name("value") if key is not None else None
            if key is not None and self.src(key).strip("'\"") == "execArgv" and value is not None:
                if value.type != "array":
                    return ["--eval", None]  # flags chosen at run time: assume the worst
                return [self.string(c) for c in value.named_children]
        return []

    def _run_argv(self, argv: list[str | None], node, what: str, items: list | None = None,
                  rows: bool = True) -> None:
        if rows and items and None in argv and len(items) == len(argv):
            runs = self._rows_of(items)
            if runs and all(runs):  # for (const tag of [...]) new Deno.Command("git", { args: [..., `:refs/tags/${tag}`] })
                for run in runs[:self._ROWS_CAP]:
                    with self._bound_names(run):
                        again = [a if a is not None or it is None else self._word(it) for a, it in zip(argv, items)]
                    self._run_argv(again, node, what, items, rows=False)
                return
        if items and self.written:  # items: the argv's nodes (None where the argv has no node)
            self._runs_written([self._path_key(items[i]) for i in launched_operands(argv)
                                if i < len(items) and items[i] is not None], node, what)
            for i in _installed(argv):
                if i < len(items) and items[i] is not None:
                    self.installs_download(self._path_key(items[i]), node, what)
        if not argv or argv[0] is None:
            self.review("js-subprocess-dynamic", f"`{what}` runs a program chosen at run time", node)
            return
        if argv[0] in SHELL_NAMES or argv[0].rsplit("/", 1)[-1] in SHELL_NAMES:
            self.shells.append(node)
            self.reading_shells |= reads_commands(argv)
        if self.computed_inline_code(argv, node, what):
            return
        self.argv_line(argv, node, what)
        self.hooks_path(argv, node)
        self.ctx.nested(self._sent_line(argv, items) or argv_to_shell(argv), "bash", self.doc, node, None)

    def _sent_line(self, argv: list[str | None], items: list | None) -> str | None:
        """The command line of a network tool's argv (`execa("curl", ["-H", `X-Debug: ${tok}`, url])`) with the
        token a program printed, or a secret variable, written where it goes (`"X-Debug: $(gh auth token)"`), so the
        shell rules judge whether it leaves for a host that is not its service's; None when no item carries one."""
        if not items or len(items) != len(argv) or None not in argv[1:] or \
                (argv[0] or "").rsplit("/", 1)[-1] not in NET_TOOLS:
            return None
        words = [self.sent_word(it) if a is None and it is not None else None for a, it in zip(argv, items)]
        if not any(words[1:]):
            return None
        return " ".join([shlex.quote(argv[0] or "ARG")] + [
            w if w is not None else "'" + (a if a is not None else "ARG").replace("'", "'\\''") + "'"
            for a, w in zip(argv[1:], words[1:])])

    def _argv_call(self, q: str, node, args: list) -> None:
        """Bun.spawn(["sh", "-c", x]), Bun.spawn({cmd: [...]}), Deno.run({cmd: [...]})."""
        first = args[0] if args else None
        opts = None
        if first is not None and first.type == "object":
            opts = first
            first = self._field(first, "cmd")
        elif len(args) > 1 and args[1].type == "object":
            opts = args[1]
        if opts is not None:
            self._options(opts, q)
        first = self._array(first) if first is not None else None
        if first is None:
            self.review("js-subprocess-dynamic", f"`{q}` runs a program chosen at run time", node)
            return
        items = first.named_children
        argv = [self._program(items[0]) if items else None] + [self._word(c) for c in items[1:]]
        stdin = self._field(opts, "stdin") if opts is not None else None
        if stdin is not None and self._is_shell(argv[0]) and self.string(stdin) is None and \
                self.src(stdin) not in ("null", "undefined") and len(argv) == 1:
            # Bun.spawn({ cmd: ["bash"], stdin: new Response(script) }): the shell reads its commands from there
            self.block("js-shell-exec", f"`{q}` feeds a shell commands built at run time on its input; run a literal "
                                        "argv instead", node)
        self._run_argv(argv, node, q, list(items))

    def _field(self, obj, name: str):
        for pair in obj.named_children:
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            if key is not None and self.src(key).strip("'\"") == name:
                return pair.child_by_field_name("value")
        return None

    def _options(self, opts, what: str) -> None:
        """The `env` of spawn/exec options: LD_PRELOAD, NODE_OPTIONS ... set for the child."""
        env = self._field(opts, "env")
        if env is not None:
            self._env_keys(env)

    def _env_keys(self, obj) -> None:
        if obj is not None and obj.type == "call_expression" and \
                self.qualname(obj.child_by_field_name("function")) == "Object.assign":
            for a in self.args(obj):  # env: Object.assign({}, process.env, { NODE_OPTIONS: ... })
                self._env_keys(a)
            return
        if obj is None or obj.type != "object":
            return
        for pair in obj.named_children:
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            if key is not None:
                name = self.string(key) if key.type == "string" else self.src(key)
                if name:
                    self._env_value(pair, name, pair.child_by_field_name("value"))

    def _env_value(self, node, name: str, value, whole: bool | str = True) -> None:
        v = self.string(value)
        whole = whole if v is not None else False
        if v is None and value is not None and value.type == "binary_expression":
            v = self.string(value.child_by_field_name("left"))  # "/tmp/x:" + process.env.PATH
            if v is None and name in self.src(value.child_by_field_name("left")):
                # (process.env.NODE_OPTIONS || "") + " --max-old-space-size=4096": appended to the old value
                v, whole = self.string(value.child_by_field_name("right")), "append"
        elif v is None and value is not None and value.type == "template_string" and name in self.src(value):
            # `${process.env.NODE_OPTIONS ?? ""} --enable-source-maps`: the old value and more
            v, whole = "".join(_unescape(self.src(c)) for c in value.named_children
                               if c.type != "template_substitution"), "append"
        check_env_value(self.ctx, self.doc, node, name, v, whole)

    def _shell_template(self, what: str, tpl) -> None:
        """A shell tag's template (zx, Bun, dax, execa `$`; js/runtimes.py): its literal text is a shell command line
        and each substitution one quoted argument. A name a loop or a helper's calls give its values (`for (const b
        of stale) await $`git push origin --delete ${b}``) is judged with each of them."""
        lines: dict[str, None] = {}
        for row in self._template_rows(tpl) or [{}]:
            with self._bound_names(row):
                line = self._template_line(what, tpl)
            if line is not None:
                lines[line] = None
        for line in list(lines)[:self._ROWS_CAP]:
            self.command_line(line, tpl, what)
            self.hooks_path_line(line, tpl)
            self._unpacked_hooks(line, tpl)
            self.ctx.nested(line, "bash", self.doc, tpl, None)

    def _template_line(self, what: str, tpl) -> str | None:
        """The command line a shell tag runs, values known only at run time as variables named after what holds
        them (runtimes._shell_word); None when its program is such a value (blocked here)."""
        parts = []
        for c in tpl.named_children:
            if c.type != "template_substitution":
                parts.append(self.src(c) if c.type == "string_fragment" else _unescape(self.src(c)))
                continue
            inner = c.named_children[0] if c.named_children else None
            v = self.string(inner)
            if v is None and inner is not None and inner.type in ("identifier", "call_expression"):
                v = self.decoded(inner)  # const s = atob("…"); $`sh -c ${s}`
            items = self._array(inner) if v is None and inner is not None else None
            if v is None and "".join(parts).rstrip(" \t")[-1:] in ("", ";", "|", "&", "\n", "("):
                # $`${cmd}`: the program itself is chosen at run time
                self.block("js-shell-exec", f"`{what}` runs a program named by a value computed at run time; write "
                                            "the program name literally", tpl)
                return None
            if items is not None:  # ${["a", "b"]}: one quoted argument each
                parts.append(" ".join(_shell_word(self.string(x), x, self) for x in items.named_children))
            else:
                parts.append(_shell_word(v, inner, self))
        return "".join(parts)

    def _template_rows(self, tpl) -> list[dict[str, str]] | None:
        """For each run, the string values of the template's names not known here that a loop over a literal list
        or a helper's calls give them (common_code.alternatives); None when there are none."""
        return self._rows_of([tpl])

    def row_strings(self, node) -> list[str] | None:
        """The value `node` (a template or a name) has in each run of the loop over a literal list, or each call of
        the helper, that gives its names their values (`for (const d of ["dist", ""]) rmSync(`${home}/${d}`)`);
        None when no such name is in it or a run's value is not known."""
        rows = self._rows_of([node]) if node.type in ("template_string", "identifier") else None
        if not rows:
            return None
        out = []
        for row in rows:
            with self._bound_names(row):
                v = self.string(node)
            if v is None:
                return None
            out.append(v)
        return out

    def _rows_of(self, nodes: list) -> list[dict[str, str]] | None:
        """`_template_rows` for the names of several values (an argv's items: plain names and templates' names)."""
        names = []
        for n in nodes:
            if n is None:
                continue
            if n.type == "identifier" and self.string(n) is None:
                names.append(n)
            elif n.type == "template_string":
                names += [c.named_children[0] for c in n.named_children if c.type == "template_substitution" and
                          c.named_children and c.named_children[0].type == "identifier" and
                          self.string(c.named_children[0]) is None]
        rows = self.alternatives(names) if names else None
        if not rows:
            return None
        out = []
        for row in rows:
            known = {k: v for k, n in row.items() if n is not None and (v := self.string(n)) is not None}
            out.append(known)
        return out

    _unpacked: list | None = None  # (folder, node) of each download the code's command lines unpack

    def _unpacked_hooks(self, line: str, node) -> None:
        """`curl -fsSL URL | tar -xz -C .githooks-shared`, one of the code's command lines: a download unpacked into
        a folder. That folder made git's hooks directory (core.hooksPath), before or after, runs what the download
        holds at every later commit or checkout: blocked as a hook written from downloaded content is."""
        if "|" in line and _UNPACK_LINE.search(line):
            for segment in _LINE_STEPS.split(line):
                stages = segment.split("|")
                for before, after in zip(stages, stages[1:]):
                    try:
                        head, argv = shlex.split(before)[:1], shlex.split(after)
                    except ValueError:
                        continue
                    where = _unpack_target(argv) if head and head[0].rsplit("/", 1)[-1] in NET_TOOLS else None
                    if where is not None:
                        if self._unpacked is None:
                            self._unpacked = []
                        self._unpacked.append((paths.normalize(where), node))
        for where, at in self._unpacked or ():
            if any(h == where or h.startswith(where + "/") for h in self.hook_dirs):
                self.block("persistence", f"a downloaded archive is unpacked into {where}, which the code makes git's "
                                          "hooks directory (core.hooksPath): git runs what it holds at every later "
                                          "commit or checkout; check the hooks into the project instead", at)
                self._unpacked = []
                return

    @contextmanager
    def _bound_names(self, row: dict[str, str]):
        """The names of `row` read as its values for a while (as a loop's name is: common_code._loop_name)."""
        with ExitStack() as stack:
            for name, value in row.items():
                key = stack.enter_context(self._loop_name(name))
                self.consts[key] = value
            yield
