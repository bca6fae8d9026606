"""What runs: command names, interpreters, eval/source, downloads and decoded payloads
run, and the many programs that run another program for you."""
from __future__ import annotations

import re
from fnmatch import fnmatchcase

from .. import paths
from ..testing_tables import TEST_TOOL_LOADS, loaded_by_test_tool
from .commands import INTERPRETERS, RUNS_FILES, SHELLS, Cmd, base_name, has_flag, option_value, positionals
from .sed import runs_commands, writes_to
from .files import find_deletes_history, find_lists_history, find_starts, written_file
from .common import (AWKS, DOWNLOADERS, LANG_OF, NET_SENDERS, inline_code, is_safe_tool, plain_http, reads_stdin,
                     script_arg, ssh_positionals, verbatim_offset)
from .words import ARG_WORDS, COMPUTED, Word, file_key, static_print

DECOMPRESSORS = frozenset({"gunzip", "zcat", "bzcat", "xzcat", "unxz", "unzstd", "zstdcat", "lz4cat", "bunzip2",
                           "uncompress", "unlzma", "lzcat", "brotli", "unpigz"})
COMPRESSORS = frozenset({"gzip", "pigz", "bzip2", "xz", "zstd", "lz4", "lzma", "lzip", "pbzip2"})

# perl/ruby/php/lua code has no grammar here; these tokens mean it runs or reaches out (and a piped `open`, which
# _script_danger reads: `open(my $fh, "|-", "sh")`)
_SCRIPT_DANGER = re.compile(
    r"\b(?:system|exec|spawn|popen|passthru|shell_exec|proc_open|pcntl_exec|fork|eval|socket|fsockopen|"
    r"IO::Socket|TCPSocket|UNIXSocket|Socket|open3|Open3|syscall|qx|IO\.popen|Kernel\.exec|%x|unlink|rmtree|"
    r"remove_tree|rmdir|os\.remove|FileUtils\.(?:rm_rf|rm_f|remove_dir|remove_entry(?:_secure)?)|FileUtils\.rm_r|"
    r"File\.delete|os\.execute|io\.popen|LoadLibrary|dlopen|chmod|chown)\b|`|\|\s*['\"]?\s*$"
)
_QUOTE_PIPE = re.compile(r"['\"]\s*\|")


def _script_danger(text: str) -> str | None:
    """What _SCRIPT_DANGER finds first, or, before it, an `open` whose arguments (up to the next `)`) have a quote
    followed by a `|`: from the `open` to the last such quote and pipe (`open(my $fh, "|-", …)`). Every `open` before
    the same `)` shares that last pipe: it is looked for once, so that a run of `open`s with no `)` is read once, not
    from each."""
    m = _SCRIPT_DANGER.search(text)
    stop = (m.start() if m else len(text)) + 3  # an `open` wins only before it (at the same place the tokens do)
    end = -1
    last = None
    at = text.find("open", 0, stop)
    while at >= 0:
        if at >= end:  # past the `)` the last one read: where this one's arguments end, and their last pipe
            end = text.find(")", at + 4)
            end = len(text) if end < 0 else end
            last = None
            for last in _QUOTE_PIPE.finditer(text, at + 4, end):
                pass
        if last is not None:
            return text[at:last.end()]
        at = text.find("open", at + 4, stop)
    return m.group(0) if m else None


_PRINT_ESC = re.compile(r"\\(?:x[0-9A-Fa-f]|[0-7]{1,3}|u[0-9A-Fa-f])")
_AWK_INET = re.compile(r"/inet[46]?/(?:tcp|udp)/")
_AWK_EXEC = re.compile(r"\bsystem\s*\(|\|\s*getline|\|&|\bprint[f]?\b[^;}]*\|\s*[\"\w]|\bprint[f]?\b[^;}]*>\s*\"?/")


def _has_eol_flag(v: str) -> bool:
    return v.startswith("-") and not v.startswith("--")


# -- command names ------------------------------------------------------------------
def check_name(a, cmd: Cmd) -> None:
    if not cmd.words:
        return
    w = cmd.words[0]
    if w.value is None:
        if w.text in ARG_WORDS:
            if a.fn_depth:
                return  # the function's arguments: its calls are judged as the commands they run
            if a.own_args():
                # the script's own arguments (a container's entrypoint `exec "$@"`): what its caller runs, judged
                # when that command is; a `set -- …` of the script in their place is judged at the end (judge_args)
                a.arg_calls.append(cmd)
                return
        if _sdk_tool(a, w):
            return
        if _users_program(a, w):
            return
        kind = content_kind(a.substituted([w])) if w.substitutions else None
        what = {"download": "downloaded", "decode": "decoded"}.get(kind or "", "computed")
        a.block("nonliteral-command",
                f"the command name is {what} at run time ({_short(w.text)}); write the literal command name", w.node)
        return
    if w.obfuscated == COMPUTED:
        # `$(echo curl)`: known here, but only through a substitution; still judged for what it runs
        a.block("nonliteral-command", f"the command name is computed at run time ({_short(a.src(w.node))} gives "
                                      f"{_short(w.value)}); write the literal command name", w.node)
        return
    if w.glob:
        a.block("obfuscated-command",
                f"the command name {_short(w.value)} is a glob or brace pattern; write the literal path", w.node)
        return
    if w.obfuscated:
        raw = a.src(w.node)
        if raw.startswith("\\") and "\\" not in raw[1:] and "'" not in raw and '"' not in raw:
            return  # `\rm`: the usual way to bypass an alias, not obfuscation
        if " " in (w.value or "") and "/" in (w.value or "") and _SPACED_PATH.match(raw):
            return  # `"/mnt/c/Program Files/Git/cmd/git.exe"`, `/mnt/c/Program\ Files/…`: the only ways to write it
        a.block("obfuscated-command",
                f"the command name is hidden with quotes, escapes or ANSI-C quoting ({_short(raw)} runs "
                f"{_short(w.value)}); write it literally", w.node)


# the user's own choice of program, kept in the environment for tools to start (`git commit`, `crontab -e`, `less`):
# `$EDITOR migrations/…/up.sql`, `${VISUAL:-vi} notes.md`, with a plain default at most
_USERS_PROGRAM = re.compile(r'"?\$(?:(EDITOR|VISUAL|PAGER|GIT_EDITOR)|\{(EDITOR|VISUAL|PAGER|GIT_EDITOR)'
                            r'(?::?-[\w./-]*)?\})"?')


def _users_program(a, w: Word) -> bool:
    """`$EDITOR FILE`: the program the user set to edit (or page) files, from the environment the input started with.
    Not when this input sets, reads or declares the variable anywhere (`EDITOR='curl …|sh'; $EDITOR x`): then its value
    is this input's own and is judged as any computed name."""
    m = _USERS_PROGRAM.fullmatch(w.text)
    if m is None:
        return False
    name = (m.group(1) or m.group(2)).encode()
    return re.search(rb"(?<![\w${])" + name + rb"(?!\w)", a.doc.data) is None


# a path with spaces, quoted whole or with only its spaces and parentheses escaped
_SPACED_PATH = re.compile(r"""^"[^"\\$`]*"$|^'[^']*'$|^(?:[^\\'"$`]|\\[ ()])+$""")


# SDK roots the user's environment names, and the programs each installs: `"$VCPKG_ROOT/vcpkg" install` is how
# vcpkg's own documentation runs it (a root this input assigns, or another program under it, stays computed)
_SDK_TOOLS = {
    "VCPKG_ROOT": frozenset({"vcpkg"}),
    "ANDROID_HOME": frozenset({"sdkmanager", "avdmanager", "adb", "emulator", "aapt2", "apksigner", "zipalign", "d8",
                               "lint"}),
    "JAVA_HOME": frozenset({"java", "javac", "jar", "keytool", "jlink", "jpackage", "javadoc", "jshell", "jcmd",
                            "jstack", "jmap"}),
    "GOROOT": frozenset({"go", "gofmt"}), "CARGO_HOME": frozenset({"cargo", "rustc", "rustup", "rustfmt", "clippy-driver"}),
    "FLUTTER_ROOT": frozenset({"flutter", "dart"}), "DOTNET_ROOT": frozenset({"dotnet"}),
    "EMSDK": frozenset({"emcc", "em++", "emcmake", "emconfigure", "emmake"}),
    "CONDA_PREFIX": frozenset({"python", "python3", "pip", "conda", "mamba"}),
    # Qt's install prefix (QTDIR, Qt6_DIR as its CMake config names it): the deployment tools desktop builds run
    "QTDIR": frozenset({"qmake", "qmake6", "macdeployqt", "windeployqt", "androiddeployqt", "qt-cmake", "lupdate",
                        "lrelease", "moc", "rcc", "uic", "qmlformat", "qmllint"}),
}
_SDK_TOOLS["ANDROID_SDK_ROOT"] = _SDK_TOOLS["ANDROID_HOME"]
# game engines' install folders as CI scripts name them (session 32): the editor run headless for a build
_SDK_TOOLS["UNITY_PATH"] = frozenset({"Unity"})
_SDK_TOOLS["UE_ROOT"] = frozenset({"UnrealEditor", "UnrealEditor-Cmd", "RunUAT.sh"})
_SDK_PATH = re.compile(r'^"?\$\{?([A-Z_]+)\}?((?:/[\w.+-]+)*)/([\w.+-]+)"?$')


def _sdk_tool(a, w: Word, text: str | None = None, depth: int = 0) -> bool:
    """`"$ANDROID_HOME/build-tools/34.0.0/zipalign"`: a program the SDK the environment names installs. Also through
    one name this input gives such a folder once (`BT="$ANDROID_HOME/build-tools/34.0.0"; "$BT/zipalign"`)."""
    m = _SDK_PATH.match(text or w.text)
    if m is None or w.substitutions or "/.." in m.group(2):
        return False
    from .net import assignments_before

    given = assignments_before(a, w.node, m.group(1))
    tools = _SDK_TOOLS.get(m.group(1))
    if tools is not None:
        return m.group(3) in tools and not given
    if depth or len(given) != 1 or given[0].type != "variable_assignment":
        return False
    value = given[0].child_by_field_name("value")
    folder = a.src(value).strip('"') if value is not None else ""
    return "$(" not in folder and "`" not in folder and _sdk_tool(a, w, f'"{folder}{m.group(2)}/{m.group(3)}"', 1)


def _short(s: str | None, n: int = 60) -> str:
    s = s or ""
    return "`" + (s if len(s) <= n else s[:n] + "...") + "`"


# -- what flows into an interpreter ---------------------------------------------------
def is_decoder(c: Cmd) -> bool:
    n, vals = c.name, [v for v in c.values() if v]
    if n in ("base64", "base32", "basenc", "base58"):
        return any(v in ("-d", "--decode", "-D") or (_has_eol_flag(v) and "d" in v) for v in vals)
    if n == "xxd":
        return any(_has_eol_flag(v) and "r" in v for v in vals)
    if n == "openssl":
        return any(v in ("enc", "base64", "-d", "-a", "-base64", "aes-256-cbc") for v in vals)
    if n in ("gpg", "gpg2"):  # a decrypted payload hides its code as well as an encoded one
        return any(v in ("-d", "--decrypt") or (_has_eol_flag(v) and "d" in v) for v in vals)
    if n in ("uudecode", "rev", "tr", "iconv", "recode", "rot13") or n in DECOMPRESSORS:
        return True
    if n in COMPRESSORS:
        return any(v in ("-d", "--decompress", "--uncompress") or (_has_eol_flag(v) and "d" in v) for v in vals)
    if n == "printf":
        return any(_PRINT_ESC.search(v) for v in vals) or any(w.value is None for w in c.args)
    if n == "echo":
        return any(v.startswith("-") and "e" in v for v in vals) and any("\\" in v for v in vals)
    return False


def is_generator(c: Cmd) -> bool:
    """A program whose output is code it computed (python -c, perl -e, awk, sed ...)."""
    if c.name in AWKS or c.name in ("sed", "perl", "ruby", "php", "node", "python", "pypy", "xxd", "od", "dd"):
        return True
    return inline_code(c)[1]


_BROWSERS = frozenset({"lynx", "w3m", "links", "links2", "elinks"})


def fetches(c: Cmd) -> bool:
    """The command prints what it fetched from another machine: downloaders, and the fetching verbs
    of text browsers, `gh`, cloud storage clients and a container running a downloader."""
    if c.name in DOWNLOADERS:
        return True
    vals = [v or "" for v in c.values()]
    if c.name == "openssl":
        return "s_client" in vals
    if c.name in _BROWSERS:
        return any(v in ("-source", "-dump", "--source", "--dump") or "://" in v for v in vals)
    if c.name == "gh":
        return vals[:1] == ["api"] or vals[:2] in (["gist", "view"], ["release", "download"])
    if c.name in ("rclone", "gsutil"):
        return vals[:1] == ["cat"]
    if c.name == "aws":
        return vals[:2] == ["s3", "cp"] and "-" in vals[2:]
    if c.name in ("docker", "podman", "nerdctl"):
        return "run" in vals and any(base_name(v) in DOWNLOADERS for v in vals)
    return False


# Installed tools whose output is the shell set-up their authors wrote for this use, `eval "$(direnv hook bash)"`
# and `source <(kubectl completion bash)`: running that output trusts the tool exactly as running the tool does.
# (name, the words that must follow it); any plain-named tool's `completion SHELL` too.
_SHELL_SETUP = {
    "direnv": ("hook",), "pyenv": ("init",), "rbenv": ("init",), "nodenv": ("init",), "goenv": ("init",),
    "jenv": ("init",), "plenv": ("init",), "starship": ("init",), "zoxide": ("init",), "fnm": ("env",),
    "mise": ("activate",), "rtx": ("activate",), "conda": ("shell.bash", "hook"), "brew": ("shellenv",),
    "opam": ("env",), "ssh-agent": ("-s",), "keychain": ("--eval",), "luarocks": ("path",), "dircolors": (),
    "minikube": ("docker-env",), "pdm": ("venv", "activate"), "thefuck": ("--alias",),
    "register-python-argcomplete": (), "atuin": ("init",), "fzf": ("--bash",), "mcfly": ("init",),
    "phpenv": ("init",), "docker-machine": ("env",), "poetry": ("env", "activate"),
    "uv": ("generate-shell-completion",),
}
# other set-up commands of the same tools (pyenv-virtualenv's README: `eval "$(pyenv virtualenv-init -)"`)
_SHELL_SETUP_ALSO = {"pyenv": ("virtualenv-init",)}
# global options some of these tools take before the verb (`minikube -p dev docker-env`), with their values
_SETUP_OPTIONS = {"minikube": frozenset({"-p", "--profile"})}
# the Cloud SDK's local emulators (`eval "$(gcloud beta emulators pubsub env-init)"`, their documented use): the
# output sets the variables that point the client libraries at the emulator on this machine
_GCLOUD_EMULATORS = frozenset({"pubsub", "datastore", "bigtable", "firestore", "spanner"})
# where package managers and installers put these tools (`eval "$(/opt/homebrew/bin/brew shellenv)"` is the line
# Homebrew's installer tells you to add); a path elsewhere (/tmp, a download) is a program this input may have made
_SETUP_DIRS = frozenset({"/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin", "/home/linuxbrew/.linuxbrew/bin",
                         "/opt/local/bin", "/opt/conda/bin", "/snap/bin", "~/.linuxbrew/bin", "~/.local/bin",
                         "~/.cargo/bin", "~/.pyenv/bin", "~/.rbenv/bin", "~/miniconda3/bin", "~/anaconda3/bin",
                         "~/miniforge3/bin", "~/mambaforge/bin", "~/.nodenv/bin", "~/.goenv/bin"})
_COMPLETION = frozenset({"completion", "completions", "--completion", "--completions", "complete"})
_SHELL_NAMES = frozenset({"bash", "zsh", "sh", "fish", "-", "--bash", "--zsh", "-s", "--shell", "--path"})


# `direnv export bash`: the environment of the folder's `.envrc` (allowed with `direnv allow`, as its hook loads it), as
# shell code for that shell only (`direnv export json` prints data, not code)
_SHELL_EXPORTS = {"direnv": frozenset({"bash", "zsh", "fish", "tcsh", "elvish"})}


def _shell_setup(c: Cmd) -> bool:
    """A tool printing its own shell set-up (see _SHELL_SETUP), every word literal and a plain name."""
    if c.redirects or c.wrappers or c.assigns or any(w.value is None for w in c.words) or not c.words:
        return False
    head = c.words[0].value or "/"
    if "/" in head and paths.normalize(head).rpartition("/")[0] not in _SETUP_DIRS:
        return False
    args = [w.value for w in c.args]
    skip = _SETUP_OPTIONS.get(c.name)
    while skip and args and args[0] is not None and args[0].partition("=")[0] in skip:
        args = args[1:] if "=" in args[0] else args[2:]
    shells = _SHELL_EXPORTS.get(c.name)
    if shells is not None and args[:1] == ["export"]:
        return len(args) == 2 and args[1] in shells
    if c.name == "gcloud":
        args = args[1:] if args[:1] in (["beta"], ["alpha"]) else args
        return args[:1] == ["emulators"] and args[1:2] != [] and args[1] in _GCLOUD_EMULATORS and \
            args[2:3] == ["env-init"] and all(v.startswith("-") for v in args[3:])  # type: ignore[union-attr]
    want = _SHELL_SETUP.get(c.name)
    if want is not None:
        also = _SHELL_SETUP_ALSO.get(c.name)
        if also is not None and tuple(args[:len(also)]) == also:
            want = also
        return tuple(args[:len(want)]) == want and all(v in _SHELL_NAMES or v.isidentifier() or v.startswith("-")
                                                       for v in args[len(want):])  # type: ignore[union-attr]
    return bool(args) and args[0] in _COMPLETION and len(args) <= 3 and all(v in _SHELL_NAMES for v in args[1:])


def content_kind(cmds: list[Cmd]) -> str:
    if cmds and all(_shell_setup(c) for c in cmds):
        return "setup"
    kinds = set()
    for c in cmds:
        if fetches(c):
            kinds.add("download")
        elif not c.words or c.words[0].value is None:
            kinds.add("dynamic")
        elif is_decoder(c):
            kinds.add("decode")
        elif is_generator(c):
            kinds.add("generated")
        elif c.name == "echo" or c.name == "printf":
            if any(w.value is None for w in c.args):
                kinds.add("dynamic")
    for k in ("download", "decode", "generated", "dynamic"):
        if k in kinds:
            return k
    return "local"


def feed(a, kind: str, node, sink: str, how: str) -> None:
    """Report code that reaches an interpreter from somewhere other than the literal text."""
    if kind == "download":
        a.block("download-exec", f"downloaded content is {how} {sink}; download to a file, inspect it, then run it", node)
    elif kind in ("decode", "generated"):
        what = "decoded or transformed" if kind == "decode" else "generated by another program"
        a.block("decode-exec", f"code {what} is {how} {sink}; run the plain code instead", node)
    elif kind == "dynamic":
        a.block("dynamic-exec", f"code held in a variable or computed at run time is {how} {sink}; write the code literally", node)
    elif kind != "setup":
        a.review("dynamic-exec", f"the output of another command is {how} {sink}", node)


def feed_word(a, w: Word, sink: str, how: str) -> None:
    cmds = a.substituted([w])
    feed(a, _setup_kind(a, cmds) if cmds else "dynamic", w.node, sink, how)


def _setup_kind(a, cmds: list[Cmd]) -> str:
    """content_kind(), but a set-up tool named by its path is not trusted when an earlier command of this input
    named that path (`cp /tmp/x ~/.local/bin/mise; eval "$(~/.local/bin/mise activate bash)"`): it may have put
    another program there."""
    kind = content_kind(cmds)
    if kind != "setup":
        return kind
    heads = {paths.normalize(c.words[0].value) for c in cmds if "/" in (c.words[0].value or "")}
    own = {c.node for c in cmds}
    for doc, c in a.ctx.commands if heads else ():
        if doc is not a.doc or c.node in own:
            continue
        named = [w.value for w in c.words if w.value] if c.name not in _LOOKS else []
        if c.redirects:
            named.append(written_file(a, c.redirects) or "")
        if any(paths.normalize(v) in heads for v in named if v):
            return "local"
    return kind


# commands that only look at a file (`[ -x /opt/homebrew/bin/brew ] && eval "$(/opt/homebrew/bin/brew shellenv)"`)
_LOOKS = frozenset({"test", "[", "[[", "ls", "stat", "file", "which", "command", "type", "readlink", "realpath"})


def static_output(a, cmds: list[Cmd]) -> tuple[str, Word | None, object | None] | None:
    """(text, word, node) when upstream is a single echo/printf/cat of literal text."""
    if len(cmds) != 1:
        return None
    c = cmds[0]
    if c.name == "echo" and all(w.value is not None for w in c.args):
        args = [w for w in c.args if not (w.value.startswith("-") and set(w.value[1:]) <= set("neE"))]
        if any(w.value.startswith("-") and "e" in w.value for w in c.args):
            return None
        text = " ".join(w.value for w in args)
        return text, (args[0] if len(args) == 1 else None), c.node
    if c.name == "printf" and len(c.args) == 1 and c.args[0].value is not None:
        v = c.args[0].value
        if "%" in v or _PRINT_ESC.search(v):
            return None
        return v.replace("\\n", "\n"), None, c.node
    if c.name == "cat" and not c.args:
        return stdin_text(a, c)
    return None


def stdin_text(a, c: Cmd) -> tuple[str, Word | None, object | None] | None:
    for r in c.redirects:
        if r.type == "heredoc_redirect":
            for h in r.children:
                if h.type == "heredoc_body":
                    return a.src(h), None, h
            return "", None, r
        if r.type == "herestring_redirect":
            for h in r.named_children:
                w = a.ev.word(h)
                if w.value is not None:
                    return w.value + "\n", w, h
    return None


def _sink_label(c: Cmd) -> str:
    return f"`{c.name}`" if c.name else "an interpreter"


def judge_text(a, text: str, lang: str | None, node, offset: int | None, word: Word | None = None) -> None:
    if lang == "powershell":
        from ..windows.pwsh import judge_code  # the grammar is loaded only when PowerShell code is judged

        judge_code(a, text, node)
        return
    if lang is not None:
        a.nested(text, lang, node, offset)
        return
    danger = _script_danger(text)
    if danger is not None:
        a.block("inline-exec", f"inline script code calls `{danger.strip()}`, which runs programs, opens "
                               "sockets or deletes files; write a script file the sandbox can run", node)
    secret = paths.secret_in_text(text)
    if secret:
        a.block("secret-read", f"inline code reads the secret {secret}", node)


# programs whose stdin is read as their own language, with a way out to the shell: name -> a
# function judging the literal text piped into them (escapes.py fills it: `echo '\\! rm -rf ~' | mysql`)
FED_TEXT: dict = {}


def chain_fed(name: str, fn) -> None:
    """Text piped into `name` is read by `fn` too, besides what another module reads there (escapes.py's shell
    escapes of the SQL clients, infra's deletes, brokers' replication)."""
    prev = FED_TEXT.get(name)
    FED_TEXT[name] = fn if prev is None else (lambda a, cmd, text, node: (prev(a, cmd, text, node),
                                                                         fn(a, cmd, text, node)))


def _wide_starts(starts: list[Word]) -> list[Word]:
    """The starts of a `find` that reach beyond the project: the home, `/`, a system tree."""
    return [s for s in starts if s.value is not None and (
        paths.kinds(s.value) & {paths.SYSTEM, paths.HOME} or paths.normalize(s.value) in ("/", "~", "/home", "/root"))]


# (the scan stops at the next `read`, whose own try finds what this one would: a run of them is read once)
_READ_VAR = re.compile(r"\bread\b(?:(?!\bread\b)[^;\n])*?\s([A-Za-z_]\w*)\s*(?:;|$|\n)")


def _deletes_entry(c: Cmd, var: str) -> bool:
    """Does `c` delete what `$var` names, or a tree found from it (`rm -rf "$(dirname "$g")"`,
    `find "$g" -type f -exec shred -u {} +`)?"""
    if not any(re.search(rf"\$\{{?{var}\b", w.text) for w in c.args):
        return False
    if c.name in _DELETES:
        return True
    vals = [w.value for w in c.args]
    return c.name == "find" and ("-delete" in vals or any(
        v in ("-exec", "-execdir", "-ok") and j + 1 < len(vals) and (vals[j + 1] or "").rsplit("/", 1)[-1] in _DELETES
        for j, v in enumerate(vals)))


def _loop_over_find(a, stages: list[list[Cmd]], node) -> None:
    """`find ~ -name .git -print0 | while read -r -d '' g; do find "$(dirname "$g")" -exec shred -u {} +; done`:
    each entry a `find` of the home or system lists handed to a loop that deletes it (or the tree around it),
    as `find ~ … -exec rm` would."""
    parts = [s for s in node.named_children if s.type != "comment"]
    if len(parts) != len(stages):
        return
    for i in range(1, len(stages)):
        if parts[i].type != "while_statement":
            continue
        cond = parts[i].child_by_field_name("condition")
        m = _READ_VAR.search(a.src(cond) if cond is not None else "")
        if m is None:
            continue
        wide = next((w for s in stages[:i] for c in s if c.name == "find" for w in _wide_starts(find_starts(c.args)[0])),
                    None)
        hit = next((c for c in stages[i] if _deletes_entry(c, m.group(1))), None) if wide is not None else None
        if hit is not None:
            a.block("destructive-rm", f"the loop deletes each entry `find {wide.value}` lists (`{hit.name}` of "
                                      f"${m.group(1)}): files across the home or system destroyed; work on project "
                                      "files", hit.node)
            return


def _scripts_piped(a, stages: list[list[Cmd]], node) -> None:
    """`sh /tmp/.r | sh /tmp/.s` with both written earlier in this input (`echo 'cat ~/.aws/credentials' >
    /tmp/.r`): the pipeline judged with each script's text in its place, so what the pieces do together
    (read a secret | send it) is seen, as it would be written in one line."""
    parts = [p for p in node.named_children if p.type != "comment"]
    if len(parts) != len(stages):
        return
    from .written import text_written  # written.py imports this module

    texts, swapped = [], False
    for part, stage in zip(parts, stages):
        own = next((c for c in stage if c.node == part), None)
        script = script_arg(own) if own is not None and own.name in SHELLS else None
        got = text_written(a, script.value) if script is not None and script.value else None
        if got is not None and got[0].strip():
            texts.append("{ " + got[0].strip() + "\n}")
            swapped = True
        else:
            texts.append(a.src(part))
    if swapped:
        a.nested(" | ".join(texts), "bash", node, None)


def check_pipeline(a, stages: list[list[Cmd]], node) -> None:
    if len(stages) > 1 and any(c.name == "find" for c in stages[0]):
        _loop_over_find(a, stages, node)
    if len(stages) > 1 and any(c.name in SHELLS for s in stages for c in s) and node.type == "pipeline":
        _scripts_piped(a, stages, node)
    for i in range(1, len(stages)):
        for sink in stages[i]:
            n = sink.name
            if n in FED_TEXT:
                static = static_output(a, [c for s in stages[:i] for c in s])
                if static is not None:
                    FED_TEXT[n](a, sink, static[0], static[2] or sink.node)
                continue
            if n == "tee" or n == "sponge":
                if n == "tee":
                    _note_tee(a, sink, stages[:i])
                if len(stages[i - 1]) == 1:
                    from .written import piped  # written.py reads this module's stdin_text

                    piped(a, sink, stages[i - 1][0])
                continue
            if n in _UNPACKERS:
                note_unpacked(a, sink, [c for s in stages[:i] for c in s])
                continue
            if n in CHECKSUMMERS:
                note_checked(a, sink, stages[i - 1], [c for s in stages[:i] for c in s])
                continue
            if n == "gpg" or n == "gpg2":
                from .keyrings import note_piped

                note_piped(a, sink, [c for s in stages[:i] for c in s])
            if not sink.wrappers and (n not in SHELLS and n not in INTERPRETERS or n in AWKS) and n != "source" \
                    and n != ".":
                continue  # neither of the checks below applies (reads_stdin would say no)
            if sink.wrappers and _is_xargs(sink):
                upstream = [c for s in stages[:i] for c in s]
                for c in upstream:
                    if c.name == "find":  # `find ~ … | xargs rm -rf` is `find ~ … -exec rm -rf {} +`
                        _find_exec_scope(a, sink, find_starts(c.args)[0], sink.words[0] if sink.words else c.words[0])
                        if sink.name in _DELETES:
                            find_lists_history(a, c, _recursive(sink), sink.node, sink.name in _SHREDS)
                static = static_output(a, upstream)
                if static is not None:
                    xargs_input(a, sink, static[0], static[2] or sink.node)
                elif sink.name in SHELLS or sink.name in INTERPRETERS:
                    # `curl ... | xargs sh -c`: the piped text becomes the interpreter's arguments or code
                    kind = content_kind(upstream)
                    if kind in ("download", "decode"):
                        feed(a, kind, node, _sink_label(sink), "piped through xargs into")
                continue
            if not reads_stdin(sink) and not _pwsh_stdin(sink):
                continue
            upstream = [c for s in stages[:i] for c in s]
            static = static_output(a, upstream)
            lang = _lang(sink.name)
            if static is not None:
                text, word, snode = static
                off = verbatim_offset(a, word) if word is not None else (0 if snode is not None and snode.type == "heredoc_body" else None)
                judge_text(a, text, lang if sink.name not in ("source", ".") else "bash", snode or sink.node, off)
                continue
            feed(a, content_kind(upstream), node, _sink_label(sink), "piped into")


def xargs_input(a, cmd: Cmd, text: str, node) -> None:
    """`xargs cat <<< ~/.ssh/id_rsa`, `echo 'curl ...|sh' | xargs -I% sh -c %`: with literal
    input, the command xargs runs is known; judge it with its arguments filled in."""
    if not cmd.words or not text.strip():
        return
    opts = cmd.xargs_opts or []
    found = option_value(opts, "-I", "--replace")
    rep = (found[-1].value or "{}") if found else "{}" if any(w.value in ("-i", "--replace") for w in opts) else None
    if rep is None:
        items = text.split()[:64]
        a.judge_words(cmd.words + [Word(node, x, x) for x in items], cmd.node)
        return
    for line in [x for x in text.splitlines() if x.strip()][:16]:
        a.judge_words([Word(w.node, w.value.replace(rep, line), w.value.replace(rep, line)) if w.value and rep in w.value
                       else w for w in cmd.words], cmd.node)


def _is_xargs(cmd: Cmd) -> bool:
    return any(n == "xargs" for n, _ in cmd.wrappers)


def _note_tee(a, tee: Cmd, upstream: list[list[Cmd]]) -> None:
    """`curl ... | tee f`, `base64 -d x | tee f`: f holds downloaded or decoded content, so a
    later `bash f` is judged like the pipe into bash would be."""
    kind = content_kind([c for s in upstream for c in s])
    if kind in ("download", "decode"):
        for w in positionals(tee.args):
            if w.value and w.value != "/dev/null":
                a.downloaded[paths.normalize(w.value)] = kind


_ARGV = {"python": re.compile(r"\bsys\.argv\[(\d)\]"), "typescript": re.compile(r"\bprocess\.argv\[(\d)\]")}


def _with_argv(code: str, lang: str | None, argv: list[str | None]) -> str:
    """`python3 - "$HOME/.claude/settings.json" <<'EOF' … p = sys.argv[1] …`, `python3 -c '…sys.argv[1]…' ~`:
    the script's arguments, when the command line gives them literally, put in place of `sys.argv[N]` (or
    Node's `process.argv[N]`), so the code is judged with the paths it opens (a settings file edited, a key
    read, a folder deleted) rather than with names it only learns at run time."""
    pattern = _ARGV.get(lang or "")
    if pattern is None or "argv[" not in code:
        return code
    return pattern.sub(lambda m: repr(argv[int(m.group(1))]) if int(m.group(1)) < len(argv) and
                       argv[int(m.group(1))] is not None else m.group(0), code)


def _inline_argv(cmd: Cmd, code: Word) -> list[str | None]:
    """What `sys.argv` / `process.argv` hold for inline code: `python -c CODE a b` gives ['-c', 'a', 'b'] and
    `node -e CODE a b` gives [node, 'a', 'b'], so index N is the Nth word after the code either way."""
    rest = cmd.args[cmd.args.index(code) + 1:] if code in cmd.args else []
    return [None] + [w.value for w in rest]


def check_stdin_code(a, cmd: Cmd) -> None:
    """`python3 - <<'EOF' ... EOF`, `bash <<< "..."`: judge the code fed on stdin."""
    if not cmd.redirects:
        return
    if cmd.wrappers and _is_xargs(cmd):
        found = stdin_text(a, cmd)
        if found is not None:
            xargs_input(a, cmd, found[0], found[2])
        return
    if not reads_stdin(cmd) and not _pwsh_stdin(cmd):
        return
    lang = _lang(cmd.name) or ("bash" if cmd.name in ("source", ".") else None)
    for r in cmd.redirects:
        if r.type == "heredoc_redirect":
            for h in r.children:
                if h.type == "heredoc_body":
                    text = a.src(h)
                    args = [w.value for w in cmd.args]
                    code = _with_argv(text, lang, args[args.index("-"):]) if lang == "python" and "-" in args \
                        else text
                    if lang in _ENV_READ and "$" in code and any(k.type != "heredoc_content" for k in h.named_children):
                        code = _secrets_filled(code, lang)
                    judge_text(a, code, lang, h, 0 if code is text else None)
        elif r.type == "herestring_redirect":
            for h in r.named_children:
                w = a.ev.word(h)
                if w.value is not None:
                    judge_text(a, w.value, lang, h, verbatim_offset(a, w))
                else:
                    feed_word(a, w, _sink_label(cmd), "fed into")
        elif r.type == "file_redirect" and any(c.type == "<&" for c in r.children):
            kind = _fd_source(a, r)
            if kind and kind.startswith(_FD_HEREDOC):  # `exec 3<<'EOF' … EOF` then `bash <&3`: the here-document
                start, end = map(int, kind[len(_FD_HEREDOC):].split(":"))
                judge_text(a, a.doc.data[start:end].decode("utf-8", "replace"), lang, r, None)
            elif kind == "network":
                a.block("reverse-shell", f"{_sink_label(cmd)} reads its commands from a network connection opened "
                                         "earlier (reverse shell); agents must not wire shells to sockets", r)
            elif kind:
                feed(a, kind, r, _sink_label(cmd), "fed (through a file descriptor) into")
        elif r.type == "file_redirect" and any(c.type == "<" for c in r.children):
            # `sh < <(curl ...)`, `. /dev/stdin < "$(...)"`: stdin from a substitution
            for d in r.children_by_field_name("destination")[:1]:
                w = a.ev.word(d)
                if w.substitutions:
                    feed_word(a, w, _sink_label(cmd), "fed into")


def heredoc_backquotes(a, redirect, body) -> None:
    """`cat > /dev/null <<EOF⏎`rm -rf ~`⏎EOF`: bash runs the backquoted commands of a here-document whose delimiter
    is not quoted, as it runs `$(…)` there, but the grammar leaves them plain text. Each is judged as the bash it
    is (a backslash before a backquote, a dollar sign or a backslash keeps it as text, as bash reads the body)."""
    start = next((k for k in redirect.children if k.type == "heredoc_start"), None)
    data = a.doc.data
    if start is None or any(q in data[start.start_byte:start.end_byte] for q in (b"'", b'"', b"\\")):
        return  # (a quoted delimiter: the body is text)
    found = []
    i, end = body.start_byte, body.end_byte
    while i < end:
        c = data[i]
        if c == 0x5C:
            i += 2
            continue
        if c == 0x60:
            close = i + 1
            while close < end and data[close] != 0x60:
                close += 2 if data[close] == 0x5C else 1
            if close >= end:
                break  # (unclosed: bash reports an error and runs nothing)
            found.append((i + 1, close))
            i = close
        i += 1
    if len(found) > _MANY_BACKQUOTES:  # one judgement of them all (each its own would cost a parse), spans at the body
        a.nested("\n".join(data[s:e].decode("utf-8", "replace") for s, e in found), "bash", body, None)
        return
    for s, e in found:
        line = data.rfind(b"\n", body.start_byte, s) + 1 or body.start_byte
        rows = data.count(b"\n", body.start_byte, s)
        col = len(data[line:s].decode("utf-8", "replace"))  # (characters, as spans count them)
        a.nested(data[s:e].decode("utf-8", "replace"), "bash", body, col, rows)


_MANY_BACKQUOTES = 64


# how code reads a variable of its environment, per language
_ENV_READ = {"python": 'os.environ["{}"]', "javascript": "process.env.{}", "typescript": "process.env.{}"}
# a whole string literal that is one shell expansion: `"$AWS_SECRET_ACCESS_KEY"`, `'${GITHUB_TOKEN}'`
_WHOLE_EXPANSION = re.compile(r"""(["'`])\$(\{?)([A-Za-z_]\w*)(\}?)\1""")


def _secrets_filled(code: str, lang: str) -> str:
    """`python3 - <<EOF` (an expanded here-document) with `data="$AWS_SECRET_ACCESS_KEY"` in it: the shell writes the
    secret into the code before the interpreter reads it, so the code holds the secret itself. Such a literal is read
    as the environment read it stands for (`os.environ["AWS_SECRET_ACCESS_KEY"]`), which the code's own rules follow to
    where it is sent."""
    from .net import _SECRET_VAR

    def fill(m: re.Match) -> str:
        if (m.group(2) == "{") != (m.group(4) == "}") or not _SECRET_VAR.fullmatch(m.group(3)):
            return m.group(0)
        return _ENV_READ[lang].format(m.group(3))

    return _WHOLE_EXPANSION.sub(fill, code)


_NETWORK = frozenset({"nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "socat", "telnet", "openssl"})
_FD_REF = re.compile(r"^\$\{(\w+)\[0\]\}$|^(\d+)$")


def note_fds(a, cmd: Cmd) -> None:
    """Remember what an open file descriptor carries: `exec 3< <(curl ...)`, `coproc nc host
    port` (its output is read through ${COPROC[0]}), so `bash <&3` is judged by its source."""
    if cmd.wrappers and any(n == "coproc" for n, _ in cmd.wrappers):
        kind = "network" if cmd.name in _NETWORK else content_kind([cmd])
        if kind != "local":
            a.fds["COPROC"] = kind
    if cmd.name != "exec" or len(cmd.words) != 1:
        return
    for r in cmd.redirects:
        fd = next((c for c in r.children if c.type == "file_descriptor"), None)
        if fd is not None and r.type == "heredoc_redirect":
            body = next((c for c in r.named_children if c.type == "heredoc_body"), None)
            if body is not None:
                a.fds[a.src(fd)] = f"{_FD_HEREDOC}{body.start_byte}:{body.end_byte}"
            continue
        if fd is None or r.type != "file_redirect" or not any(c.type in ("<", "<>") for c in r.children):
            continue
        for d in r.children_by_field_name("destination")[:1]:
            w = a.ev.word(d)
            cmds = a.substituted([w])
            kind = ("network" if any(c.name in _NETWORK for c in cmds) else content_kind(cmds)) if cmds else \
                a.downloaded.get(paths.normalize(w.value)) if w.value is not None else None
            if kind and kind != "local":
                a.fds[a.src(fd)] = kind


_FD_HEREDOC = "heredoc:"  # a.fds: a descriptor opened on a here-document (its body's bytes follow)


def _fd_source(a, r) -> str | None:
    """What the descriptor duplicated by a `<&N` redirect carries, if this script opened it."""
    if not a.fds:
        return None
    for d in r.children_by_field_name("destination")[:1]:
        m = _FD_REF.match(a.src(d).strip('"'))
        if m:
            return a.fds.get(m.group(1) or m.group(2))
    return None


UNPACKED = "\0unpacked"  # a.downloaded key: a downloaded archive was unpacked here
_UNPACKERS = frozenset({"tar", "gtar", "bsdtar", "unzip", "7z", "cpio"})
RELEASE = "release"  # Downloads.vouched: a versioned release asset of a project on a code host
CHECKSUM = "checksum"  # Downloads.vouched: checked against a hash written in the script


class Downloads(dict):
    """What the script downloaded or decoded (file key -> "download" / "decode"), and, in `vouched`, which
    downloads are more than that: a code host's versioned release asset (RELEASE: run unchecked, it is reviewed
    rather than blocked) or checked against a literal checksum (CHECKSUM: run or unpacked as the project's own).
    Every write of a key forgets what was known of the file before: the command writing it now vouches for it
    (`source`, set while a release fetch is judged) or nothing does. `strangers` keeps the address of each file
    fetched from where no name vouches for it (a bare public address, plain HTTP from another machine). `marks`
    keeps the keys that are no file (a folder unpacked or cloned into, starting with NUL): every command asks for
    those, and a script of 1,500 `ssh … > f` would otherwise have them looked for among 1,500 files each time."""

    __slots__ = ("vouched", "source", "strangers", "marks")

    def __init__(self) -> None:
        super().__init__()
        self.vouched: dict[str, str] = {}
        self.source: str | None = None
        self.strangers: dict[str, str] = {}
        self.marks: dict[str, None] = {}  # (insertion-ordered, as the dict's own keys are)

    def __setitem__(self, key: str, kind: str) -> None:
        super().__setitem__(key, kind)
        if key[:1] == "\0":
            self.marks[key] = None
        self.strangers.pop(key, None)
        if self.source is not None and kind == "download":
            self.vouched[key] = self.source
        elif self.vouched:
            self.vouched.pop(key, None)


# the fetchers whose addresses tell which files are a release's assets (files.py records what they write)
RELEASE_FETCHERS = frozenset({"curl", "wget"})
# `https://<code host>/<owner>/<repo>/releases/download/<tag>/<asset>` and GitLab's release links: what a project
# published under a version, which its users download the same (not `releases/latest/…`, which moves)
_RELEASE_URL = re.compile(r"https://(?:github\.com/[\w.-]+/[\w.-]+/releases/download/[^/?#\s]+/|"
                          r"gitlab\.com/(?:[\w.-]+/)+-/releases/[^/?#\s]+/downloads/)[^?#\s]+")


def release_fetch(cmd: Cmd) -> str | None:
    """RELEASE when every address `cmd` (curl, wget) fetches is a code host's versioned release asset."""
    from .net import http_requests  # (its readers' module, api_calls, imports this one)

    if option_value(cmd.args, "-i", "--input-file", "-K", "--config"):
        return None  # addresses read from a file
    urls = [u for r in http_requests(cmd.name)(cmd.args) for u in r.urls]
    if not urls or any(w.value is None or not _RELEASE_URL.fullmatch(w.value) for w in urls):
        return None
    return RELEASE


def _release_piped(cmds: list[Cmd]) -> bool:
    """Is every fetch among `cmds` (the stages before an unpacker) a release asset's?"""
    got = [c for c in cmds if fetches(c)]
    return bool(got) and all(c.name in RELEASE_FETCHERS and release_fetch(c) for c in got)


# hex digests of SHA-256, SHA-384, SHA-512 / BLAKE2b: `sha256sum -c` lines `HASH  FILE` (GNU) or
# `SHA256 (FILE) = HASH` (BSD)
_SUM_LINE = re.compile(r"^\s*(?:\\?([0-9A-Fa-f]{64}|[0-9A-Fa-f]{96}|[0-9A-Fa-f]{128}) [ *](.+?)|"
                       r"[A-Z0-9-]+ \((.+)\) = ([0-9A-Fa-f]{64}|[0-9A-Fa-f]{96}|[0-9A-Fa-f]{128}))\s*$")
CHECKSUMMERS = frozenset({"sha256sum", "sha384sum", "sha512sum", "b2sum", "shasum", "gsha256sum", "rhash"})
_SUM_ARG = frozenset({"-a", "--algorithm", "-l", "--length"})


def _checks(cmd: Cmd) -> bool:
    return any(v in ("-c", "--check") or (v or "")[:1] == "-" and (v or "")[1:2] != "-" and "c" in (v or "")
               and not (v or "").startswith(("-a", "-l")) for v in cmd.values())


def note_checked(a, cmd: Cmd, upstream: list[Cmd] | None = None, before: list[Cmd] | None = None) -> None:
    """`echo "<sha256>  x.tar.xz" | sha256sum -c -`, `sha256sum -c SHA256SUMS` of a list this script wrote with
    literal hashes (also `<<<`, `<(echo …)`, `shasum -a 256 -c`), or `echo "${TOOL_SHA256}  x.tar.xz"` with a hash
    the user's environment gives (a variable this input does not set): each file the list names has the content
    its author pinned, so a download of it is no longer unknown code. A list the script did not write itself (one
    downloaded beside the asset) proves nothing of an arbitrary download: whoever swaps the one swaps the other.
    Of a code host's versioned release asset, the list its project publishes read straight from the release
    (`curl …/releases/download/v1/checksums.txt | grep linux | sha256sum -c -`, `sha256sum -c <(curl …)`) is the
    check a person would make by hand, so the release's assets count as checked. (A list saved beside the asset
    first, `sha256sum -c checksums.txt`, still does not: test_s15_lead holds that decision.)"""
    if not a.downloaded or not _checks(cmd):
        return
    texts: list[str] = []
    if upstream is not None:
        got = _literal_text(upstream) or _env_pinned(a, upstream)
        if got is not None:
            texts.append(got)
        elif _release_piped(before or upstream):
            _release_checked(a)
    got_in = stdin_text(a, cmd) if cmd.redirects else None
    if got_in is not None and (got_in[1] is not None or "$" not in got_in[0] and "`" not in got_in[0]):
        texts.append(got_in[0])  # `<<< "HASH  FILE"`, or a heredoc with nothing expanded in it
    for w in positionals(cmd.args, _SUM_ARG):
        if w.value is None and w.substitutions and "<(" in w.text:
            inner = a.substituted([w])
            got = _literal_text(inner)
            if got is not None:
                texts.append(got)
            elif _release_piped(inner):
                _release_checked(a)  # `sha256sum -c <(curl -fsSL …/releases/download/v1/SHA256SUMS | grep x)`
        elif w.value and w.value != "-":
            from .written import text_written  # written.py imports this module

            written = text_written(a, w.value)
            if written is not None:
                texts.append(written[0])
            elif _project_list(a, w.value):
                # `sha256sum -c ci/actionlint.sha256`: hashes committed with the project; which files the list names
                # the text does not say, so only a versioned release asset (reviewed when run unchecked) is taken as
                # checked by it
                for key, how in list(a.downloaded.vouched.items()):
                    if how == RELEASE and a.downloaded.get(key) == "download":
                        a.downloaded.vouched[key] = CHECKSUM
    for text in texts:
        for line in text.splitlines():
            m = _SUM_LINE.match(line)
            name = (m.group(2) or m.group(3)) if m else None
            if name:
                for key in {paths.normalize(name), paths.normalize(a.in_cwd(name) or name)}:
                    if a.downloaded.get(key) == "download":
                        a.downloaded.vouched[key] = CHECKSUM


def _release_checked(a) -> None:
    """Every release asset this script downloaded is checked against the list its project published."""
    for key, how in list(a.downloaded.vouched.items()):
        if how == RELEASE and a.downloaded.get(key) == "download":
            a.downloaded.vouched[key] = CHECKSUM


_ENV_SUM = re.compile(r"^\$\{?([A-Za-z_]\w*)\}? +\*?(\S+)$")
_NAME_VAR = re.compile(r"\$\{?([A-Za-z_]\w*)\}?")


def _env_pinned(a, cmds: list[Cmd]) -> str | None:
    """`echo "${GECKODRIVER_SHA256}  geckodriver-v${VER}-linux64.tar.gz"`: a checksum line whose hash is a variable
    of the user's environment (this input never sets it) and whose file name is known here; the line with a stand-in
    hash, else None."""
    if len(cmds) != 1 or cmds[0].name != "echo" or cmds[0].wrappers or len(cmds[0].args) != 1:
        return None
    m = _ENV_SUM.match(cmds[0].args[0].text.strip("\"'").strip())
    if m is None or m.group(1) in a.ev.vars:
        return None
    known = a.ev.vars
    name = _NAME_VAR.sub(lambda v: known.get(v.group(1)) or "\0", m.group(2))
    return None if "\0" in name or "$" in name else f"{'0' * 64}  {name}"


def _project_list(a, path: str) -> bool:
    """Is `path` a checksum list of the project's own: inside the working tree, and neither downloaded nor written
    by this input (a list fetched beside the asset proves nothing)?"""
    if path.startswith(("/", "~", "$", "-")) or ".." in path.split("/"):
        return False
    key = paths.normalize(path)
    return key not in a.downloaded and paths.normalize(a.in_cwd(path) or path) not in a.downloaded


def _literal_text(cmds: list[Cmd]) -> str | None:
    """What a lone `echo`/`printf` of literal words prints."""
    if len(cmds) != 1 or cmds[0].name not in ("echo", "printf") or cmds[0].wrappers:
        return None
    vals = [w.value for w in cmds[0].words]
    return static_print(vals) if None not in vals else None  # type: ignore[arg-type]


def note_unpacked(a, cmd: Cmd, upstream: list[Cmd] | None = None) -> None:
    """`curl ... | tar xz`, `tar xzf x.tgz` of a file downloaded earlier: the unpacked files
    are downloaded code too (which ones the text does not say)."""
    if cmd.name not in _UNPACKERS or upstream is None and not a.downloaded:
        return
    vals = [w.value or "" for w in cmd.args]
    if cmd.name != "unzip" and not any(v == "-x" or v == "--extract" or (v[:1] != "-" or len(v) > 1) and
                                       "x" in v.lstrip("-") and not v.startswith("--") for v in vals[:1]) \
            and "-x" not in vals and "--extract" not in vals and not (
                cmd.name != "7z" and any(v[:1] == "-" and v[1:2] != "-" and "x" in v for v in vals)):
        return
    from_download = upstream is not None and content_kind(upstream) == "download"
    archives = option_value(cmd.args, "-f", "--file", cluster="f") if cmd.name != "unzip" else \
        positionals(cmd.args, frozenset({"-d", "-x", "-P"}))[:1]
    if vals and vals[0][:1] != "-" and "f" in vals[0] and len(cmd.args) > 1:
        archives.append(cmd.args[1])  # old-style `tar xzf FILE`
    # what vouches for each downloaded archive unpacked here (None: nothing)
    sources = [a.downloaded.vouched.get(key) for w in archives
               if (key := file_key(w)) is not None and a.downloaded.get(key) == "download"]
    if from_download:
        sources.append(RELEASE if _release_piped(upstream or []) else None)
    sources = [x for x in sources if x != CHECKSUM]  # its content is the one the script pinned
    if sources:
        source = RELEASE if all(x == RELEASE for x in sources) else None
        _mark_unpacked(a, UNPACKED, source)
        # where it was unpacked (`tar -C DIR`, `unzip -d DIR`, `7z x -oDIR`): a program run from under that folder
        # is the archive's
        dests = option_value(cmd.args, "-C", "--directory", cluster="C") if cmd.name in ("tar", "gtar", "bsdtar") \
            else option_value(cmd.args, "-d") if cmd.name == "unzip" else []
        dests += [Word(w.node, w.value[2:], w.text[2:]) for w in cmd.args if cmd.name == "7z" and
                  (w.value or "").startswith("-o") and len(w.value or "") > 2]
        for w in dests:
            key = file_key(w)
            if key is not None and key.rstrip("/"):
                _mark_unpacked(a, _UNPACKED_IN + key.rstrip("/") + "/", source)


def _mark_unpacked(a, key: str, source: str | None) -> None:
    """Files unpacked from a download are there; a release's only while nothing else was unpacked at `key`."""
    plain = key in a.downloaded and key not in a.downloaded.vouched
    a.downloaded[key] = "download"
    if source is not None and not plain:
        a.downloaded.vouched[key] = source


_UNPACKED_IN = UNPACKED + ":"  # a.downloaded key prefix: a downloaded archive was unpacked into this folder
CLONED_IN = "\0cloned:"  # a.downloaded key prefix: a repository named by a public address was cloned into this folder
_CLONE_ARG = frozenset({"-b", "--branch", "-o", "--origin", "-u", "--upload-pack", "--depth", "--reference",
                        "--reference-if-able", "--separate-git-dir", "-c", "--config", "--template", "-j", "--jobs",
                        "--filter", "--shallow-since", "--shallow-exclude", "--server-option", "--bundle-uri"})


def _clone_from_address(a, rest: list[Word]) -> None:
    """`git clone https://198.51.100.3/tools/helper /tmp/.mh`: a repository served from a bare public address is code
    no name vouches for, as a download from there is; a program later run from its folder is judged as a downloaded
    one (a clone from a code host or the organisation's own named server stays ordinary)."""
    from ..hosts import url_host
    from .net import public_ip

    pos = positionals(rest, _CLONE_ARG)
    if not pos or pos[0].value is None:
        return
    url = pos[0].value
    host = url_host(url) if "://" in url else url.split("@", 1)[-1].split(":", 1)[0] if ":" in url else None
    if not host or not public_ip(host):
        return
    if len(pos) > 1:
        dest = file_key(pos[1])
    else:
        dest = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        dest = a.in_cwd(dest) or dest
    if dest and dest.rstrip("/"):
        a.downloaded[CLONED_IN + paths.normalize(dest).rstrip("/") + "/"] = "download"


def _cloned_run(a, targets: list[Word]) -> bool:
    for w in targets:
        v = w.value
        if v is None:
            continue
        key = paths.normalize(a.in_cwd(v) or v)
        into = next((k for k in a.downloaded.marks if k.startswith(CLONED_IN) and key.startswith(k[len(CLONED_IN):])),
                    None)
        if into is not None:
            a.block("download-exec", f"{_short(v)} runs a file of the repository cloned into "
                                     f"{into[len(CLONED_IN):].rstrip('/')} from a bare address earlier in this script, "
                                     "code no name vouches for; inspect it first, and clone from the project's code "
                                     "host", w.node)
            return True
    return False


# the variables every JVM (or the build tool's, Spark's) reads its options from: a `-javaagent:` there is loaded into
# each java started after it
_JVM_OPTION_VARS = frozenset({"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS", "MAVEN_OPTS",
                              "GRADLE_OPTS", "SBT_OPTS", "SPARK_SUBMIT_OPTS", "SPARK_DAEMON_JAVA_OPTS", "HADOOP_OPTS",
                              "KAFKA_OPTS", "CATALINA_OPTS", "ANT_OPTS", "JVM_OPTS"})
_AGENT_IN = re.compile(r"-(?:javaagent|agentpath):([^=\s\"']+)")


def _agents_in_env(cmd: Cmd) -> list[tuple[Word, str]]:
    """The agent files of `JAVA_TOOL_OPTIONS=-javaagent:F cmd`, `export JAVA_TOOL_OPTIONS="-javaagent:F"`, and the
    files test tools' variables load (testing_tables.TEST_TOOL_LOADS), each with what loads it."""
    pairs = [(n, w.value) for n, w in cmd.assigns]
    if cmd.name in ("export", "declare", "typeset", "env", "setenv"):
        pairs += [tuple(w.value.split("=", 1)) for w in cmd.args if w.value and "=" in w.value]
    node = cmd.node
    out = [(Word(node, m.group(1), m.group(1)), "is loaded as a Java agent into every JVM started with these options "
            "(an agent rewrites any class it likes)") for n, v in pairs if n in _JVM_OPTION_VARS and v
           for m in _AGENT_IN.finditer(v)]
    return out + _qa_loaded(pairs, node)


def _qa_loaded(pairs, node) -> list[tuple[Word, str]]:
    """The files the test tools' variables among `pairs` (name, value) load, each with what loads it."""
    return [(Word(node, path, path), what) for n, v in pairs for path, what in loaded_by_test_tool(n, v)]


def check_downloaded_run(a, cmd: Cmd) -> None:
    if not a.downloaded:
        return
    if cmd.assigns or cmd.name in ("export", "declare", "typeset", "env", "setenv"):
        for w, what in _agents_in_env(cmd):
            key = file_key(w)
            if key is not None and a.downloaded.get(key) != "download":
                key = paths.normalize(a.in_cwd(w.value) or w.value) if w.value else None
            if key is not None and a.downloaded.get(key) == "download" and a.downloaded.vouched.get(key) != CHECKSUM:
                _unchecked_run(a, a.downloaded.vouched.get(key), w.node, f"{_short(w.value)} was downloaded earlier "
                               f"in this script and {what}")
                return
    if not cmd.words:
        return
    # `export AFL_CUSTOM_MUTATOR_LIBRARY=/tmp/m.so` then `afl-fuzz …`: the variable set earlier in the script is in
    # the environment of every program run after it
    set_before = [(n, a.ev.vars.get(n)) for n in TEST_TOOL_LOADS if a.ev.vars.get(n)]
    for w, what in _qa_loaded(set_before, cmd.node) if set_before else ():
        key = paths.normalize(a.in_cwd(w.value) or w.value)
        if a.downloaded.get(key) == "download" and a.downloaded.vouched.get(key) != CHECKSUM:
            _unchecked_run(a, a.downloaded.vouched.get(key), cmd.node, f"{_short(w.value)} was downloaded earlier "
                           f"in this script and {what}, which `{cmd.name}` runs with")
            return
        into = next((k for k in a.downloaded.marks if k.startswith(_UNPACKED_IN) and key.startswith(k[len(_UNPACKED_IN):])),
                    None)
        if into is not None:
            _unchecked_run(a, a.downloaded.vouched.get(into), cmd.node, f"{_short(w.value)} was unpacked into "
                           f"{into[len(_UNPACKED_IN):]} from an archive downloaded earlier in this script and {what}, "
                           f"which `{cmd.name}` runs with")
            return
    # a name without a `/` is looked up on PATH, not in the working directory: `curl URL -o curl; curl …`
    # runs the installed curl (a PATH with `.` in it is env-hijack, blocked on its own)
    targets = [cmd.words[0]] if "/" in (cmd.words[0].value or "/") else []
    if cmd.name in SHELLS or cmd.name in INTERPRETERS or cmd.name in ("source", "."):
        s = script_arg(cmd) if cmd.name not in ("source", ".") else (cmd.args[0] if cmd.args else None)
        if s is not None:
            targets.append(s)
        if cmd.name in ("python", "pypy", "ipython"):
            targets += notebooks_run(cmd)
    elif cmd.name in NOTEBOOK_RUNNERS:
        targets += notebooks_run(cmd)
    elif cmd.name in PROGRAM_RUNNERS:
        targets += program_files(cmd)
    vouched = a.downloaded.vouched
    if any(k.startswith(CLONED_IN) for k in a.downloaded.marks) and _cloned_run(a, targets):
        return
    if UNPACKED in a.downloaded:
        for w in targets:
            v = w.value or ""
            if "/" in v and not v.startswith(("/", "~", "$")):
                _unchecked_run(a, vouched.get(UNPACKED), w.node, f"{_short(v)} runs a file unpacked from an archive "
                               "downloaded earlier in this script")
                return
        for w in targets:
            key = file_key(w)
            into = next((k for k in a.downloaded.marks if k.startswith(_UNPACKED_IN) and key and
                         key.startswith(k[len(_UNPACKED_IN):])), None)
            if into is not None:
                _unchecked_run(a, vouched.get(into), w.node, f"{_short(w.value or w.text)} runs a file unpacked into "
                               f"{into[len(_UNPACKED_IN):]} from an archive downloaded earlier in this script")
                return
    for w in targets:
        key = file_key(w)
        kind = a.downloaded.get(key) if key is not None else None
        shown = _short(w.value if w.value is not None else w.text)
        if kind == "download":
            if vouched.get(key) != CHECKSUM:  # type: ignore[arg-type]
                _unchecked_run(a, vouched.get(key), w.node,  # type: ignore[arg-type]
                               f"{shown} was downloaded earlier in this script and is now run")
        elif kind == "decode":
            a.block("decode-exec", f"{shown} was decoded from an encoded payload earlier in this script "
                                   "and is now run", w.node)


# -- runtimes and build tools that run a program file they are given (session 14) ---------------------------------
# `java -jar F`, `java -cp F Main`, `java -javaagent:F …`, `dotnet F.dll`, `dotnet exec F`, `mix run F`, `gradle -I F`
# (an init script is Groovy code run before the build), `mvn -f F` (a POM's plugins run): a file downloaded, or
# unpacked from a download, earlier in the input and run by one of these is downloaded code run
_JAVA_ARG = frozenset({"-cp", "-classpath", "--class-path", "-p", "--module-path", "--add-modules", "-m", "--module",
                       "--upgrade-module-path", "--source", "-d", "--describe-module", "--add-opens", "--add-exports",
                       "--add-reads", "--patch-module", "--limit-modules", "--enable-native-access"})
_JAVA_AGENT = re.compile(r"^-(?:javaagent|agentpath):([^=]+)")
_DOTNET_BUILDS = frozenset({"build", "run", "test", "msbuild", "publish", "pack"})
_GRADLE_FILES = ("-I", "--init-script", "-b", "--build-file", "-c", "--settings-file", "-p", "--project-dir")
_SCRIPT_RUNNERS = frozenset({"kotlin", "kotlinc", "groovy", "scala", "jbang", "elixir", "escript", "iex", "jshell",
                             "dotnet-script"})
# Spark's launchers: the application file, `--jars`, and an agent in `--driver-java-options` or a `--conf
# spark.{driver,executor}.extraJavaOptions=-javaagent:F` (loaded into the driver and every executor)
_SPARK = frozenset({"spark-submit", "spark-shell", "pyspark", "spark-sql", "spark-class"})
_SPARK_ARG = frozenset({"--master", "--deploy-mode", "--class", "--name", "--jars", "--packages", "--exclude-packages",
                        "--repositories", "--py-files", "--files", "--archives", "--conf", "-c", "--properties-file",
                        "--driver-memory", "--driver-java-options", "--driver-library-path", "--driver-class-path",
                        "--executor-memory", "--proxy-user", "--driver-cores", "--total-executor-cores",
                        "--executor-cores", "--num-executors", "--principal", "--keytab", "--queue"})
# (session 28) test and load-test runners: the test files they import and run (a pytest file or conftest is Python
# run as you; a locust file, a k6 script, a JMeter plan's JSR223 samplers, a Postman collection's scripts, a jest or
# mocha test are code): option -> files, and the extensions a positional file of theirs ends with
_QA_RUNNERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pytest": ((), (".py",)), "py.test": ((), (".py",)), "locust": (("-f", "--locustfile"), ()),
    "k6": ((), (".js", ".ts", ".mjs", ".cjs")), "jmeter": (("-t", "--testfile"), ()),
    "newman": ((), (".json",)), "artillery": ((), (".yml", ".yaml", ".json", ".js", ".ts")),
    "jest": ((), (".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx")), "mocha": ((), (".js", ".ts", ".mjs", ".cjs")),
    "vitest": ((), (".js", ".ts", ".mjs", ".jsx", ".tsx")), "behave": ((), (".py",)),
}
PROGRAM_RUNNERS = frozenset({"java", "javaw", "dotnet", "mix", "gradle", "gradlew", "mvn", "mvnw", "ant"}) | \
    _SCRIPT_RUNNERS | _SPARK | frozenset(_QA_RUNNERS)


def program_files(cmd: Cmd) -> list[Word]:
    """The program files the runtime or build tool `cmd` runs (see PROGRAM_RUNNERS)."""
    name, args = cmd.name, cmd.args
    if name in ("java", "javaw"):
        out = option_value(args, "-jar")
        for w in option_value(args, "-cp", "-classpath", "--class-path", "-p", "--module-path"):
            out += [Word(w.node, part, part) for part in (w.value or "").split(":") if part]
        out += [Word(w.node, m.group(1), m.group(1)) for w in args if (m := _JAVA_AGENT.match(w.value or ""))]
        if not option_value(args, "-jar"):  # `java Tool.java`: a source file compiled and run
            pos = positionals(args, _JAVA_ARG | {"-jar"})
            out += [w for w in pos[:1] if (w.value or "").endswith((".java", ".jar"))]
        return out
    if name in _SPARK:
        out = [Word(w.node, m.group(1), m.group(1)) for w in option_value(args, "--conf", "-c", "--driver-java-options")
               for m in _AGENT_IN.finditer(w.value or "")]
        out += [Word(w.node, part, part) for w in option_value(args, "--jars", "--driver-class-path")
                for part in (w.value or "").split(",") if part and ":" not in part]
        return out + positionals(args, _SPARK_ARG)[:1]
    if name == "dotnet":
        pos = positionals(args, frozenset({"-c", "--configuration", "-f", "--framework", "-r", "--runtime", "-o",
                                           "--output", "--project", "-v", "--verbosity", "--launch-profile"}))
        if not pos:
            return []
        verb = pos[0].value or ""
        if verb == "exec":
            return pos[1:2]
        if verb in _DOTNET_BUILDS:
            return option_value(args, "--project") + [w for w in pos[1:2] if "/" in (w.value or w.text)]
        return pos[:1] if verb.endswith((".dll", ".exe")) or "/" in verb else []
    if name == "mix":
        pos = positionals(args, frozenset({"-e", "--eval", "-r", "--require", "-p", "--parallel-require"}))
        return pos[1:2] if pos and pos[0].value == "run" else []
    if name in ("gradle", "gradlew"):
        return option_value(args, *_GRADLE_FILES)
    if name in ("mvn", "mvnw"):
        return option_value(args, "-f", "--file")
    if name == "ant":
        return option_value(args, "-f", "-file", "-buildfile")
    if name in _QA_RUNNERS:
        opts, exts = _QA_RUNNERS[name]
        out = [Word(w.node, part, part) for w in option_value(args, *opts) if opts
               for part in (w.value or "").split(",") if part]
        return out + [w for w in args if exts and (w.value or "").endswith(exts) and not (w.value or "").startswith("-")]
    pos = positionals(args, frozenset({"-cp", "-classpath", "-e", "-r"}))
    return pos[:1]


# programs that run the code cells of a notebook they are given (`jupyter nbconvert --execute x.ipynb`, `papermill
# in.ipynb out.ipynb`): name -> the subcommands that run it (None: any; nbconvert only with --execute)
NOTEBOOK_RUNNERS: dict[str, frozenset | None] = {
    "jupyter": frozenset({"nbconvert", "execute", "run"}), "jupyter-nbconvert": None, "jupyter-execute": None,
    "jupyter-run": None, "papermill": None, "runipy": None, "treon": None, "jupytext": None, "quarto": None,
    "nbclient": None}
# `python -m MODULE …` of the same programs
_NOTEBOOK_MODULES = frozenset({"nbconvert", "jupyter", "papermill", "nbclient", "jupyter_client", "runipy", "treon"})
_NEEDS_EXECUTE = frozenset({"nbconvert", "jupyter-nbconvert", "jupytext", "quarto"})  # they run cells on --execute


def notebooks_run(cmd: Cmd) -> list[Word]:
    """The operands of a notebook runner that it runs the cells of (a downloaded one among them is downloaded
    code run, as `curl -o x.sh URL && bash x.sh` is)."""
    words = cmd.args
    name = cmd.name
    if name in ("python", "pypy", "ipython"):
        mods = [w.value for w in option_value(words, "-m")]
        if not mods or mods[0] not in _NOTEBOOK_MODULES:
            return [] if name != "ipython" else [w for w in positionals(words) if (w.value or "").endswith(".ipynb")]
        name = mods[0]
        words = words[next(j for j, w in enumerate(words) if w.value and w.value.startswith("-m")) + 1:]
        words = words[1:] if words and words[0].value == mods[0] else words
    subs = NOTEBOOK_RUNNERS.get(name)
    pos = positionals(words)
    if subs is not None:
        if not pos or pos[0].value not in subs:
            return []
        name, pos = pos[0].value or "", pos[1:]
    if name in _NEEDS_EXECUTE and not any(
            w.value == "--execute" or (w.value or "").startswith("--execute=") for w in words):
        return []
    return pos


_SHEBANG_LANG = re.compile(r"#!\s*\S*?(?:env\s+(?:-\S+\s+)*)?(?:\S*/)?(python|node|bash|sh|zsh|dash|ksh|perl|ruby)")


def check_written_run(a, cmd: Cmd) -> None:
    """`cat > /tmp/.u <<'EOF' … EOF; chmod +x /tmp/.u && /tmp/.u` (or `bash /tmp/.u`, `. /tmp/.u`, `sh < /tmp/.u`):
    a file this input wrote with literal text and then runs is judged as that text run here."""
    if not cmd.words:
        return
    runs: list[tuple[Word, str | None]] = []
    head = cmd.words[0]
    if head.value is not None and "/" in head.value:
        runs.append((head, "shebang"))
    name = cmd.name
    if name in RUNS_FILES:
        lang = LANG_OF.get(name, "bash" if name in ("source", ".") else None)
        s = script_arg(cmd) if name not in ("source", ".") else (cmd.args[0] if cmd.args else None)
        if s is not None and s.value is not None:
            runs.append((s, lang))
        elif s is None and cmd.redirects and reads_stdin(cmd):
            for r in cmd.redirects:  # `sh < /tmp/.u`
                if r.type == "file_redirect" and any(c.type == "<" for c in r.children):
                    for d in r.children_by_field_name("destination")[:1]:
                        w = a.ev.word(d)
                        if w.value is not None:
                            runs.append((w, lang))
    if not runs:
        return
    from .written import text_written  # written.py imports this module

    for w, lang in runs:
        got = text_written(a, w.value)  # type: ignore[arg-type]
        if got is None or not got[0].strip():
            continue
        text = got[0]
        if lang == "shebang":
            m = _SHEBANG_LANG.match(text)
            who = m.group(1) if m else "sh"
            lang = "python" if who == "python" else "typescript" if who == "node" else None if who in (
                "perl", "ruby") else "bash"
        if lang is None:
            judge_text(a, text, None, w.node, None)
        else:
            _judge_run(a, text, lang, w)
        return


def _judge_run(a, text: str, lang: str, w: Word) -> None:
    from .handed import alone  # handed.py reads the fastpath, which imports this module's names

    for r in alone(a, text, lang):
        if r.rule not in ("malformed", "parse-timeout"):
            a.ctx.add(r.rule, r.verdict, f"{_short(w.value)}, written above with the text it now holds, is run here: "
                                         f"{r.message}", a.doc, w.node)


def _unchecked_run(a, source: str | None, node, what: str) -> None:
    if source == RELEASE:
        a.review("download-exec", f"{what}: a code host's versioned release asset, with no checksum checked; check "
                                  "it against the hash its project publishes (`echo '<sha256>  FILE' | sha256sum -c -`) "
                                  "before unpacking or running it", node)
    else:
        a.block("download-exec", f"{what}; inspect it first, or check it against a literal checksum "
                                 "(`echo '<sha256>  FILE' | sha256sum -c -`) before running it", node)


# -- interpreters ----------------------------------------------------------------------
_BY_ADDRESS = re.compile(r"^(?:https?|ftp|data):", re.IGNORECASE)
# node options whose value is a module loaded before the script (`--import https://…`, `-r data:…`)
_PRELOADS = frozenset({"-r", "--require", "--import", "--loader", "--experimental-loader"})
# inline code of a language with no grammar here that runs code read from an address: R's `source(url)` and
# `source_url`, julia's `include(download(url))`, ruby's `eval(URI.open(url).read)`, perl's `eval get(url)`,
# php's `include "http://…"` / `eval(file_get_contents(url))`, lua's `load(http.request(url))`
_RUNS_FETCHED = re.compile(
    r"\b(?:source|sys\.source|source_url|source_gist|include|require|require_once|include_once|dofile|loadfile|"
    r"eval|instance_eval|load|loadstring|do)\s*\(?\s*(?:[\w.:$]+\s*\(\s*)*['\"](?:https?|ftp)://", re.IGNORECASE)
_UNPARSED = frozenset({"Rscript", "julia", "ruby", "irb", "perl", "php", "lua", "luajit"})
# ... and the same reached in steps (session 14): an address decoded from a base64 literal or held in a variable
# (`$u=base64_decode("aHR0…"); … file_get_contents($u)`), or fetched into a file the code then includes, requires or
# loads (`file_put_contents("/tmp/l.php", file_get_contents($u)); include "/tmp/l.php";`)
_B64_CALL = re.compile(r"(?:\bbase64_decode|\bBase64\.(?:strict_|urlsafe_)?decode64|\bdecode_base64|"
                       r"\bMIME::Base64::decode(?:_base64)?|\batob|\bBase\.decode64!?|\bgetDecoder\(\)\.decode|"
                       r"\bBase64\.decode|\bb64decode)\s*\(\s*(['\"])([A-Za-z0-9+/=_-]{8,})\1[^)\n]{0,40}\)|"
                       # Groovy's `"…".decodeBase64()` (and Kotlin's `"…".decodeBase64Bytes()`)
                       r"(['\"])([A-Za-z0-9+/=_-]{8,})\3\s*\.decodeBase64\w*\(\)")
# (no newline after the start: the last newline of a run is a start too; `\s*` re-read the whole run from each)
_LITERAL_VAR = re.compile(r"(?:^|[;{\n(])[^\S\n]*+(?:my\s+|local\s+)?(\$?[A-Za-z_]\w*)\s*=\s*(['\"])([^'\"\n]*)\2")
_FETCHES = re.compile(r"\b(?:file_get_contents|fopen|readfile|copy|curl_init|fsockopen|URI\.open|open|"
                      r"Net::HTTP\.get\w*|URI\.parse|HTTParty\.get|getstore|get|download\.file|url|"
                      r"http\.request)\s*\(?\s*(['\"])(?:https?|ftp)://", re.IGNORECASE)
_WRITES_FILE = re.compile(r"\b(?:file_put_contents|File\.write|File\.open|IO\.copy_stream\([^,]+,|copy\([^,]+,|"
                          r"getstore\([^,]+,|download\.file\([^,]+,|writeFile)\s*\(?\s*(['\"])([^'\"]+)\1")
_RUNS_FILE = re.compile(r"\b(?:include|include_once|require|require_once|require_relative|load|dofile|loadfile|"
                        r"source|do|eval\s*\(?\s*File\.read)\s*\(?\s*(['\"])([^'\"]+)\1")


def decoded_literals(code: str) -> str:
    """`base64_decode("aHR0…")` (and Ruby's, Perl's, JavaScript's, Elixir's, Java's and Groovy's decoders) replaced by
    the quoted text it decodes to, when that is printable text (also for build files: bash/ecosystems.py)."""
    if "ecode" not in code and "atob" not in code:
        return code
    import base64
    import binascii

    def one(m: re.Match) -> str:
        raw = m.group(2) or m.group(4)
        try:
            text = base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_" if "-" in raw or "_" in raw else None
                                    ).decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return m.group(0)
        return '"' + text + '"' if text.isprintable() and '"' not in text else m.group(0)

    return _B64_CALL.sub(one, code)


def _with_literals(code: str) -> str:
    """Each variable assigned one literal string (`$u = "https://…";`, `u = '…'`) replaced, where it is used later,
    by that string in quotes (a name assigned twice is left as it is)."""
    found: dict[str, str | None] = {}
    for m in _LITERAL_VAR.finditer(code):
        found[m.group(1)] = None if m.group(1) in found else m.group(3)
    values = {name: value for name, value in found.items() if value}
    if not values:
        return code
    return _NAME_USE.sub(lambda m: '"' + values[m.group(1)] + '"' if m.group(1) in values else m.group(0), code)


# a name where it is used (not where it is assigned: `u = …`, though `u == …` is a use)
_NAME_USE = re.compile(r"(?<![\w$])(\$?[A-Za-z_]\w*)(?!\w)(?!\s*=(?!=))")


def fetched_and_run(code: str) -> bool:
    """Does inline code of a language with no grammar here run code it fetches from an address, in steps (see
    _B64_CALL)? Read once the literals it decodes and the variables it assigns are put in place."""
    if "(" not in code:
        return False
    text = _with_literals(decoded_literals(code))
    if _RUNS_FETCHED.search(text):
        return True
    if not _FETCHES.search(text):
        return False
    written = {m.group(2) for m in _WRITES_FILE.finditer(text)}
    return any(m.group(2) in written for m in _RUNS_FILE.finditer(text))


def _remote_script(a, cmd: Cmd) -> bool:
    """`deno run -A https://…/install.ts`, `bun https://…`, `node --import https://…/x.mjs app.js`: an interpreter
    given code by its address, fetched and run unseen. Package specifiers (`npm:`, `jsr:`) are the registries'."""
    vals = [w.value for w in cmd.args]
    for j, w in enumerate(cmd.args):
        v = vals[j]
        if v is None:
            continue
        opt, eq, attached = v.partition("=")
        loaded = attached if eq and opt in _PRELOADS else (
            vals[j + 1] if v in _PRELOADS and j + 1 < len(vals) else None)
        if loaded and _BY_ADDRESS.match(loaded):
            a.block("download-exec", f"`{cmd.name} {v}` loads code from {_short(loaded)} before it runs; download "
                                     "it, inspect it, then run the file", w.node)
            return True
    s = script_arg(cmd)
    if s is not None and s.value == "run" and cmd.name in ("deno", "bun"):
        rest = cmd.args[cmd.args.index(s) + 1:]
        s = next((w for w in rest if not (w.value or "").startswith("-")), None)
    if s is not None and s.value is not None and _BY_ADDRESS.match(s.value):
        a.block("download-exec", f"`{cmd.name}` runs {_short(s.value)} straight from the network; download it, "
                                 "inspect it, then run the file", s.node)
        return True
    return False


_PWSH = frozenset({"pwsh", "powershell"})
_PWSH_MARK = "AGENTIMMUNEARG"  # windows/pwsh.py's stand-in for a value the shell fills in


def _lang(name: str) -> str | None:
    return "powershell" if name in _PWSH else LANG_OF.get(name)


def _pwsh_stdin(cmd: Cmd) -> bool:
    """`pwsh -Command -`: PowerShell runs what comes on stdin, as `bash` alone does."""
    if cmd.name not in _PWSH:
        return False
    code, has = inline_code(cmd)
    # tree-sitter-bash drops a lone `-` just before `<<` (`pwsh -Command - <<'PS'` reads as `pwsh -Command`), and
    # `-Command` with nothing after it has no other meaning: both read the heredoc as the code
    return has and (code is None or code.value == "-")


def _pwsh_line(a, cmd: Cmd, code: Word) -> bool:
    """PowerShell's inline code judged in its own grammar (windows/pwsh.py); False leaves a value computed at run
    time to the rules for computed code."""
    from ..windows.pwsh import judge_line

    rest = cmd.args[cmd.args.index(code) + 1:] if code in cmd.args else []
    # words after the code are code too; one the shell leaves unknown is left out (as before), one holding only
    # PowerShell's `$env:X` (unquoted, the shell's reading aside) is kept
    after = [w.value if w.value is not None else _pwsh_marked(a, w) for w in rest]
    after = [v for v in after if v is not None and _PWSH_MARK not in v] if None not in after else []
    return judge_line(a, cmd, code, _pwsh_marked(a, code) if code.value is None else None, after)


def _pwsh_env(a, p) -> bool:
    """`pwsh -c $env:USERPROFILE` unquoted: PowerShell's `$env:` that the shell would take as its own (unset) `$env`;
    read as PowerShell's, what it was written for, unless the script sets a shell variable `env`."""
    nxt = p.next_sibling
    return a.src(p) == "$env" and nxt is not None and nxt.start_byte == p.end_byte and \
        a.ev.src_range(nxt.start_byte, nxt.start_byte + 1) == ":" and "env" not in a.ev.vars


def _pwsh_marked(a, w: Word) -> str | None:
    """`pwsh -c "…ParseFile('$f')…"`: the code with each shell variable in it replaced by a stand-in, so a loop's
    file name inside a PowerShell string leaves the rest of the code readable; None when a command substitution or
    anything but plain quoting and variables makes up the word."""
    if any(not _PATH_ONLY.fullmatch(a.src(x)) for x in w.substitutions):
        return None
    n = w.node
    parts = n.named_children if n.type == "concatenation" else [n]
    out: list[str] = []
    for p in parts:
        if p.type == "raw_string":
            out.append(a.src(p)[1:-1])
        elif p.type in ("simple_expansion", "expansion"):
            out.append("$env" if _pwsh_env(a, p) else _PWSH_MARK)
        elif p.type == "word":
            out.append(re.sub(r"\\(.)", r"\1", a.src(p)))
        elif p.type == "string":
            at = p.start_byte + 1
            for c in p.named_children:
                if c.type == "string_content":
                    continue
                if c.type not in ("simple_expansion", "expansion") and not (
                        c.type == "command_substitution" and _PATH_ONLY.fullmatch(a.src(c))):
                    return None
                out.append(_DQ_UNESC.sub(r"\1", a.ev.src_range(at, c.start_byte)) + _PWSH_MARK)
                at = c.end_byte
            out.append(_DQ_UNESC.sub(r"\1", a.ev.src_range(at, p.end_byte - 1)))
        else:
            return None
    return "".join(out)


# `$(wslpath -w .)`, `$(pwd)`: a substitution that only names a literal path; inside a PowerShell string it is a path
# like a variable's (`Set-Location '$(wslpath -w .)'`), not code
_PATH_ONLY = re.compile(r"\$\(\s*(?:wslpath(?:\s+-[wmua])*\s+(?:'[^']*'|\"[^\"$`]*\"|[\w./~-]+)|pwd(?:\s+-[LP])?)\s*\)")
_DQ_UNESC = re.compile(r'\\([$`"\\\n])')


# variables whose value is data the system or the batch scheduler sets, never code: the user's and the host's names,
# the scratch and work folders of a cluster, a job's ids and sizes (`sbatch --wrap "python train.py --data
# /scratch/$USER"`, `bash -c "… --task $SLURM_ARRAY_TASK_ID"`)
_DATA_VARS = re.compile(r"USER|LOGNAME|HOSTNAME|HOST|UID|SCRATCH|WORK|TMPDIR|PROJECT|"
                        r"(?:SLURM|PBS|SGE|LSB|FLUX|COBALT)_[A-Z0-9_]+|OMP_NUM_THREADS|CUDA_VISIBLE_DEVICES")
_VAR_USE = re.compile(r"\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))")
_PLAIN_ITEM = re.compile(r"[\w.,:/+=@%-]+")
_MAX_ITEMS = 8


def _with_stand_ins(a, code: Word) -> list[str] | None:
    """The code a word holds when its only unknown parts are plain variables of data (_DATA_VARS, given a plain
    stand-in) or the variable of an enclosing `for` over a few plain literal items (each item in turn: `for i in 1
    2 3; do sbatch --wrap "python train.py --seed $i"; done`); None otherwise. The other parts are the literal code,
    judged as written; a plain word put where the variable was cannot change how the shell reads it."""
    if code.substitutions or "$" not in code.text or not code.text.isascii():
        return None
    known: dict[str, str | None] = dict(a.ev.vars)
    loop_name, items = None, [""]
    for m in _VAR_USE.finditer(code.text):
        name = m.group(1) or m.group(2)
        if known.get(name) is not None:
            continue
        if _DATA_VARS.fullmatch(name):
            known[name] = name.lower()
            continue
        found = _loop_items(a, code.node, name) if loop_name in (None, name) else None
        if found is None:
            return None
        loop_name, items = name, found
    from .words import Evaluator

    texts = []
    for item in items:
        ev = Evaluator(a.doc.data, {**known, **({loop_name: item} if loop_name else {})})
        ev.arrays = a.ev.arrays
        value = ev.word(code.node).value
        if value is None:
            return None
        texts.append(value)
    return list(dict.fromkeys(texts))


def _loop_items(a, node, name: str) -> list[str] | None:
    """The items of the `for name in …` loop around `node`, when they are a few plain literal words."""
    up = node.parent
    while up is not None and not (up.type == "for_statement" and (var := up.child_by_field_name("variable"))
                                  is not None and a.src(var) == name):
        up = up.parent
    if up is None:
        return None
    words = [a.ev.word(v) for v in up.children_by_field_name("value")]
    if not words or len(words) > _MAX_ITEMS or any(w.value is None or not _PLAIN_ITEM.fullmatch(w.value)
                                                   for w in words):
        return None
    return [w.value for w in words]  # type: ignore[misc]


def _interpreter(a, cmd: Cmd) -> None:
    code, has = inline_code(cmd)
    lang = LANG_OF.get(cmd.name)
    if not has and cmd.name in ("deno", "bun", "node", "nodejs") and _remote_script(a, cmd):
        return
    if has:
        if code is None:
            return
        if cmd.name in _PWSH and _pwsh_line(a, cmd, code):
            return
        if code.value is None:
            texts = _with_stand_ins(a, code)
            if texts is None:
                feed_word(a, code, _sink_label(cmd), "run by")
            for text in texts or ():
                judge_text(a, _with_argv(text, lang, _inline_argv(cmd, code)), lang, code.node, None)
        elif lang is None and cmd.name in _UNPARSED and (_RUNS_FETCHED.search(code.value) or
                                                        fetched_and_run(code.value)):
            a.block("download-exec", f"`{cmd.name}` runs code it reads from a network address; download it, "
                                     "inspect it, then run the file", code.node)
        else:
            text = _with_argv(code.value, lang, _inline_argv(cmd, code))
            judge_text(a, text, lang, code.node, verbatim_offset(a, code) if text is code.value else None)
        return
    s = script_arg(cmd)
    if s is not None and s.value is None and s.substitutions:
        feed_word(a, s, _sink_label(cmd), "run by")


# compilers and runners that take a program file: `runghc <(curl …)` runs what the address serves, as
# `python <(curl …)` does (the interpreters proper are judged by _interpreter)
_SOURCE_RUNNERS = frozenset({"runghc", "runhaskell", "ghci", "stack", "cabal", "scala", "scala-cli", "kotlinc",
                             "kotlin", "groovy", "elixir", "escript", "swift", "ocaml", "sbcl", "bb", "jbang",
                             "crystal", "nim", "clojure", "dotnet-script", "lein", "amm"})


def _runs_substituted(a, cmd: Cmd) -> None:
    """A program file given as `<(curl …)` / `<(base64 -d …)`: downloaded or decoded code, run."""
    for w in cmd.args:
        if w.value is None and w.substitutions and "<(" in w.text:
            cmds = a.substituted([w])
            kind = content_kind(cmds) if cmds else None
            if kind in ("download", "decode"):
                feed(a, kind, w.node, f"`{cmd.name}`", "run by")
                return


def _eval(a, cmd: Cmd) -> None:
    if not cmd.args:
        return
    if all(w.value is not None for w in cmd.args):
        if len(cmd.args) == 1:
            w = cmd.args[0]
            a.nested(w.value, "bash", w.node, verbatim_offset(a, w))
        else:
            a.nested(" ".join(w.value for w in cmd.args), "bash", cmd.node, None)
        return
    dyn = [w for w in cmd.args if w.value is None]
    cmds = a.substituted(dyn)
    feed(a, _setup_kind(a, cmds) if cmds else "dynamic", dyn[0].node, "`eval`", "run by")


def _source(a, cmd: Cmd) -> None:
    if not cmd.args:
        return
    w = cmd.args[0]
    if w.value is None and w.substitutions:
        feed_word(a, w, f"`{cmd.name}`", "run by")


def _later_code(a, cmd: Cmd) -> None:
    """`alias x='...'`, `trap '...' EXIT`: the string is shell code that runs later."""
    if cmd.name == "alias":
        for w in cmd.args:
            if w.value is not None and "=" in w.value:
                a.nested(w.value.split("=", 1)[1], "bash", w.node, None)
    elif cmd.args and cmd.args[0].value not in (None, "-l", "-p"):
        w = cmd.args[0]
        a.nested(w.value, "bash", w.node, verbatim_offset(a, w))
    elif cmd.args and cmd.args[0].value is None:
        feed_word(a, cmd.args[0], "`trap`", "installed as a handler by")


def _awk(a, cmd: Cmd) -> None:
    if option_value(cmd.args, "-f", "--file"):
        return
    prog = positionals(cmd.args, frozenset({"-v", "-F", "--assign", "--field-separator", "-i", "--include"}))
    if not prog:
        return
    p = prog[0]
    if p.value is None:
        feed_word(a, p, f"`{cmd.name}`", "run by")
        return
    if _AWK_INET.search(p.value):
        a.block("inline-exec", "the awk program opens a network connection (gawk `/inet/`); agents must not open "
                               "raw sockets", p.node)
    m = _AWK_EXEC.search(p.value)
    if m:
        a.block("inline-exec", f"the awk program runs commands ({_short(m.group(0))}); use a plain pipeline", p.node)


# -- programs that run other programs ----------------------------------------------------
_FIND_EXEC = ("-exec", "-execdir", "-ok", "-okdir")
_SECRET_NAMES = ("id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", ".netrc", "credentials", "shadow", ".git-credentials",
                 ".pypirc", "hosts.yml", "kubeconfig", ".npmrc", "wallet.dat")


def _find(a, cmd: Cmd) -> None:
    args = cmd.args
    starts, at = find_starts(args)
    i = at
    while i < len(args):
        v = args[i].value
        if v in _FIND_EXEC:
            j = i + 1
            while j < len(args) and args[j].value not in (";", "+", "\\;"):
                j += 1
            sub = args[i + 1:j]
            wide = next((s.value for s in starts if s.value and paths.kinds(s.value)), None)
            if wide is not None:
                # `find /var/log -exec sh -c ': > {}' \;`: `{}` is a file under the start path
                there = wide.rstrip("/") + "/x"
                sub = [Word(w.node, w.value.replace("{}", there), w.value.replace("{}", there))
                       if w.value and "{}" in w.value else w for w in sub]
            if sub:
                inner = a.judge_words(sub, cmd.node)
                _find_exec_scope(a, inner, starts, sub[0])
                if inner.name in _DELETES:
                    find_deletes_history(a, args[at:], starts, i - at, _recursive(inner), sub[0].node,
                                         inner.name in _SHREDS)
            i = j + 1
            continue
        if v in ("-name", "-iname", "-path", "-wholename") and i + 1 < len(args):
            pat = args[i + 1].value or ""
            if pat and any(fnmatchcase(n, pat) for n in _SECRET_NAMES) and not pat.endswith(".pub") and \
                    not (pat.startswith(".*") and all(_narrow_start(s.value) for s in starts or ())):
                a.block("secret-read", f"`find {v} {pat}` hunts for credential files", args[i + 1].node)
        if v == "-delete":
            find_deletes_history(a, args[at:], starts, i - at, False, args[i].node)
            for s in starts or []:
                k = paths.kinds(s.value or "")
                where = paths.normalize(s.value or "")
                if not k and _KEPT_DATA.search(where):
                    a.review("irreversible", f"`find {s.value} … -delete` deletes from {s.value}, an archive or "
                                             "backups kept outside the project: what goes is not made again; a person "
                                             "should confirm what is kept", s.node)
                    continue
                if not k & {paths.SYSTEM, paths.HOME, paths.SECRET, paths.PERSISTENCE} or \
                        k == {paths.SYSTEM} and paths.DISPOSABLE.match(where):
                    continue
                # (a service's data under /var, old files only: a retention rule; old logs a week and more, not the
                # recent ones an intruder would wipe; never /etc, /usr, the home)
                days = _older_than(args[at:]) if where.startswith("/var/") and k <= {paths.SYSTEM, paths.LOG} else None
                if days is not None and paths.LOG in k and days < 7:
                    days = None
                if days is not None and paths.LOG not in k and _APP_SCRATCH.search(where):
                    continue  # an application's own temp or cache folder emptied of old files: its upkeep
                if days is not None:
                    a.review("irreversible", f"`find {s.value} … -delete` deletes the files there older than "
                                             f"{days:g} day{'s' if days != 1 else ''}: a retention rule on the "
                                             "system's or a service's data (old logs, backups, uploads); a person "
                                             "should confirm what is kept", s.node)
                    continue
                a.block("destructive-rm", f"`find {s.value} ... -delete` deletes system or home files", s.node)
        if v in ("-fprint", "-fprintf", "-fls", "-fprint0") and i + 1 < len(args):
            t = args[i + 1].value or ""
            if paths.kinds(t) & {paths.PERSISTENCE, paths.SYSTEM}:
                a.block("persistence", f"`find {v}` writes to {t}", args[i + 1].node)
        i += 1


# an application's own scratch under a system folder (`/var/moodledata/temp`, `/var/lib/app/cache`, `/var/www/x/tmp`):
# what it makes again on demand
_APP_SCRATCH = re.compile(r"^/(?:var|srv|opt)/(?:[^/]+/)*?(?:tmp|temp|cache|caches|localcache|trashdir|sessions?)"
                          r"(?:/|$)")
# a folder outside the project kept as a record (`/srv/scans/archive`, `/mnt/nas/backups/db`): its files are the copies
_KEPT_DATA = re.compile(r"^/(?:[^/]+/)*?(?:archives?|backups?|retention|snapshots?)(?:/|$)", re.I)
_AGE_TESTS = {"-mtime": 1.0, "-atime": 1.0, "-ctime": 1.0, "-mmin": 1 / 1440, "-amin": 1 / 1440, "-cmin": 1 / 1440}


def _older_than(expr: list[Word]) -> float | None:
    """The age in days below which a find's expression keeps every file (`-mtime +30`: 31 days, as find counts whole
    days), when it is one plain conjunction of tests with an age test of at least a day; None otherwise (no age
    test, a `-newer`/`-mtime -N` that selects recent files, an `-o` that may select others)."""
    ages = []
    for w1, w2 in zip(expr, expr[1:]):
        if w1.value in ("-o", "-or", "!", "-not", "-newer", "-newermt", "-anewer", "-cnewer"):
            return None
        unit = _AGE_TESTS.get(w1.value or "")
        if unit is not None:
            n = w2.value or ""
            if not (n[:1] == "+" and n[1:].isascii() and n[1:].isdigit()):  # (`+²` is a digit to isdigit)
                return None  # `-mtime -7`, `-mtime 3`: the recent files
            ages.append((int(n[1:]) + (1 if unit == 1.0 else 0)) * unit)
    days = max(ages, default=0.0)
    return days if days >= 1 else None


def _narrow_start(start: str | None) -> bool:
    """A start of `find` too deep and specific for any hidden file (`-name '.*'`) to be a hunt: an absolute folder
    three deep or a home folder two deep that holds no credentials (`/etc/systemd/system`, `~/.config/systemd/user`,
    looked through for hidden unit files). The project (`.`), the home, `/`, `/etc/ssh`, `~/.config` and unknown
    starts are wide; a credential's own name (`-name id_rsa`) is a hunt from anywhere."""
    if not start or "$" in start or "*" in start:
        return False
    p = paths.normalize(start).rstrip("/")
    depth = len(p[2:].split("/")) if p.startswith("~/") else len(p[1:].split("/")) - 1 if p.startswith("/") else 0
    return depth >= 2 and not paths.kinds(p) & {paths.SECRET} and not paths.credential_folder(p)


_DESTRUCTIVE = frozenset({"rm", "shred", "unlink", "truncate", "wipe", "srm", "dd", "mv"})
_DELETES = frozenset({"rm", "shred", "unlink", "wipe", "srm"})  # what each entry `find` selects is then gone
_SHREDS = frozenset({"shred", "wipe", "srm"})  # ... with its content overwritten first


def _recursive(rm: Cmd) -> bool:
    """Does this delete take directories with their contents (`rm -r`, `wipe -r`, `srm -r`)?"""
    return rm.name in ("rm", "wipe", "srm") and has_flag(rm.args, "rR", ("--recursive",))


def _find_exec_scope(a, inner: Cmd, starts: list[Word], node_word: Word) -> None:
    """`find / -exec shred {} +`, `find ~ -exec curl -F f=@{} ...`: harmless tools turned on everything."""
    wide = _wide_starts(starts)
    if not wide:
        return
    where = wide[0].value
    if inner.name in _DESTRUCTIVE:
        a.block("destructive-rm", f"`find {where} -exec {inner.name}` destroys files across the system or home",
                node_word.node)
    elif inner.name in ("chmod", "chown", "chgrp", "chattr"):
        from .files import service_tree_perm

        if service_tree_perm(a, inner, wide):
            return  # root handing a service its own folder, entry by entry: files._perm reviews each
        a.block("permission-tamper", f"`find {where} -exec {inner.name}` changes permissions across the system or home",
                node_word.node)
    elif inner.name in NET_SENDERS:
        a.block("exfiltration", f"`find {where} -exec {inner.name}` sends files from the system or home over the "
                                "network", node_word.node)


_HUNT_WORDS = re.compile(r"(?i)private key|password|passwd|secret|api[_-]?key|access[_-]?key|token|credential")


def _grep(a, cmd: Cmd) -> None:
    """Recursive searches of the whole home or file system (or of home for secrets)."""
    recursive = cmd.name in ("rg", "ag", "ack") or any(
        (w.value or "").startswith("-") and not (w.value or "").startswith("--") and ("r" in w.value or "R" in w.value)
        or w.value in ("--recursive", "--dereference-recursive") for w in cmd.args)
    if not recursive:
        return
    pos = [w for w in cmd.args if w.value is not None and not w.value.startswith("-")]
    hunting = any(_HUNT_WORDS.search(w.value or "") for w in pos[:1])
    for w in pos[1:] if cmd.name not in ("rg", "ag", "ack") or len(pos) > 1 else []:
        n = paths.normalize(w.value)
        if n in ("/", "~", "/home", "/root") or (hunting and (n.startswith(("~", "/home", "/root", "/etc")))):
            a.block("secret-read", f"`{cmd.name}` searches {w.value} wholesale"
                                   f"{' for secrets' if hunting else ''}; search inside the project", w.node)


# `submodule.<name>.update = !COMMAND`: `git submodule update` runs COMMAND in place of a checkout (kept apart from
# _GIT_KEY until the shortcut's git screen, fastpath._GIT_KEY_HEADS, sends `submodule.` keys on)
_SUBMODULE_UPDATE = re.compile(r"^submodule\..+\.update$")
_GIT_KEY = re.compile(
    r"^(core\.(pager|sshcommand|fsmonitor|hookspath|editor|gitproxy|askpass|alternaterefscommand)|"
    r"sequence\.editor|diff\.external|diff\..+\.(textconv|command)|merge\..+\.driver|"
    r"filter\..+\.(clean|smudge|process)|credential\.helper|credential\..+\.helper|protocol\..*allow|"
    r"uploadpack\.packobjectshook|alias\..+|pager\..+|gpg\.program|gpg\..+\.program|remote\..+\.(uploadpack|receivepack)|"
    r"init\.templatedir|web\.browser|browser\..+\.(cmd|path)|interactive\.difffilter|include\.path|includeif\..+\.path|"
    r"difftool\..+\.cmd|mergetool\..+\.cmd|sendemail\..+|core\.worktree|receive\.procreceiverefs|ssh\.variant)$"
)
# programs projects install as git filter, diff and merge drivers
_GIT_DRIVERS = frozenset({"git-lfs", "git-crypt", "nbstripout", "git-annex", "git-media"})
_GIT_GLOBAL_ARG = frozenset({"-C", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env"})


def _git_key_bad(key: str, value: str | None) -> str | None:
    k = key.lower()
    if k[:10] == "submodule." and _SUBMODULE_UPDATE.match(k):
        if value is not None and not value.lstrip().startswith("!"):
            return None  # checkout, rebase, merge, none
        from .hooks import project_driver  # (hooks.py imports this module)

        if value is not None and project_driver(value.lstrip()[1:]):
            return None  # `!./tools/sync-proto.sh`: the project's own script, which its history shows
        return "a command `git submodule update` runs in place of a checkout"
    if not _GIT_KEY.match(k):
        return None
    if k.startswith("alias."):
        return "an alias that runs a shell command" if value is None or value.lstrip().startswith("!") else None
    if k == "core.fsmonitor" and value in ("true", "false"):
        return None
    if k.startswith(("pager.",)) and value in ("true", "false"):
        return None
    if k in ("include.path",) or k.startswith("includeif."):
        # a git config file of the user's own (`~/.gitconfig.local`, `~/.config/git/work`) is ordinary
        v = paths.normalize(value or "")
        if v.startswith(("~/.config/git/", "~/.gitconfig")) and "/../" not in v:
            return None
    if k == "core.hookspath" and value and not value.startswith(("/", "~", "$")) and ".." not in value.split("/"):
        return None  # the project's own hook directory (`.githooks`, `.husky`): its files are judged as written
    if k in ("core.hookspath", "init.templatedir", "include.path") or k.startswith("includeif."):
        return "a hooks/template/include path (code that runs on later git commands)"
    if k.startswith(("filter.", "diff.", "merge.")) and value and value.split(None, 1)[0] in _GIT_DRIVERS:
        return None  # `filter.lfs.clean 'git-lfs clean -- %f'`: the usual drivers
    if k.startswith(("filter.", "diff.", "merge.")) and value:
        from .hooks import project_driver  # (hooks.py imports this module)

        if project_driver(value):
            return None  # `diff.fixture.textconv 'python3 tools/dump_fixture.py'`: the project's own script, which
            # its diffs show (a script this input writes there is judged as written)
    if k.startswith("protocol.") and value not in ("always",) and value is not None:
        return None
    if value is not None and is_safe_tool(value):
        return None
    return "a program git runs"


def _git(a, cmd: Cmd) -> None:
    args = cmd.args
    i = 0
    while i < len(args):
        w = args[i]
        v = w.value
        if v is None or not v.startswith("-"):
            break
        if v == "-c" and i + 1 < len(args):
            kv = args[i + 1]
            key, _, val = (kv.value or kv.text).partition("=")
            why = _git_key_bad(key, val if kv.value is not None else None)
            if why:
                a.block("wrapper-exec", f"`git -c {key}=...` sets {why}; drop the -c option", kv.node)
            i += 2
            continue
        if v.startswith(("--exec-path=", "--upload-pack", "--receive-pack")):
            a.block("wrapper-exec", f"`git {v.split('=')[0]}` points git at other programs", w.node)
        i += 2 if v in _GIT_GLOBAL_ARG else 1
    if i >= len(args):
        return
    sub, rest = args[i].value, args[i + 1:]
    for w in rest:
        v = w.value or w.text
        if v.startswith(("ext::", "fd::")) or "::ext::" in v:
            a.block("wrapper-exec", "the `ext::` transport runs an arbitrary command", w.node)
        if sub in ("clone", "fetch", "pull", "push", "ls-remote", "archive") and (
                v.startswith(("--upload-pack", "--receive-pack", "--exec=")) or (sub == "clone" and v == "-u")):
            a.block("wrapper-exec", f"`git {sub} {v.split('=')[0]}` runs another program", w.node)
    if sub == "config":
        pos = positionals(rest, frozenset({"--file", "-f", "--blob", "--type", "--default", "--comment"}))
        if not any((x.value or "") in ("--get", "--get-all", "--list", "-l", "--get-regexp", "--unset", "--unset-all",
                                        "--show-origin", "--name-only") for x in rest) and pos:
            key = pos[0].value or ""
            val = pos[1].value if len(pos) > 1 else None
            low = key.lower()
            if low.startswith("url.") and low.endswith(("insteadof", "pushinsteadof")) and plain_http(key[4:]):
                a.block("persistence", f"`git config {key}` sends later clones and fetches to {key[4:].rsplit('.', 1)[0]} "
                                       "over plain HTTP; keep the remotes as they are", pos[0].node)
            elif len(pos) > 1:
                _code_host_rewrite(a, pos[0], pos[1])
            if len(pos) > 1 or key.lower().startswith("alias."):
                why = _git_key_bad(key, val)
                if why and (len(pos) > 1):
                    a.block("persistence", f"`git config {key}` stores {why} in the git config; it would run on later git commands", pos[0].node)
    elif sub == "push":
        _push_to_address(a, rest)
    elif sub == "clone":
        _clone_from_address(a, rest)
    elif sub == "credential" and rest and rest[0].value == "fill":
        a.block("secret-read", "`git credential fill` prints the stored password or token; let git use it itself",
                cmd.node)
    elif sub == "submodule" and rest and rest[0].value == "foreach":
        code = [w for w in rest[1:] if not (w.value or "").startswith("--")]
        _judge_shell_words(a, code, cmd)
    elif sub == "rebase":
        for w in option_value(rest, "-x", "--exec"):
            _judge_shell_words(a, [w], cmd)
    elif sub == "bisect" and rest and rest[0].value == "run" and len(rest) > 1:
        a.judge_words(rest[1:], cmd.node)
    elif sub == "filter-branch":
        for j, w in enumerate(rest):
            if (w.value or "").endswith("-filter") and j + 1 < len(rest):
                _judge_shell_words(a, [rest[j + 1]], cmd)
    elif sub == "send-email":
        # command lines it runs, and an --smtp-server that is a path: a sendmail-like program it runs
        for w in option_value(rest, "--sendmail-cmd", "--to-cmd", "--cc-cmd", "--header-cmd"):
            _judge_shell_words(a, [w], cmd)
        for w in option_value(rest, "--smtp-server"):
            if (w.value or "/").startswith("/"):
                _judge_shell_words(a, [w], cmd)
    elif sub in ("difftool", "mergetool", "grep"):
        for w in option_value(rest, "-x", "--extcmd", "-O", "--open-files-in-pager"):
            if not is_safe_tool(w.value):
                a.block("wrapper-exec", f"`git {sub}` is told to run {_short(w.value or w.text)}", w.node)


# code hosts whose repositories projects clone, fetch and take submodules and dependencies from
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
_INSTEAD_OF = re.compile(r"(?i)url\.(.+)\.(?:push)?insteadof")
_SCP_HOST = re.compile(r"^(?:[^@/:\s]+@)?([^@/:\s]+):")


def _code_host_rewrite(a, key: Word, prefix: Word) -> None:
    """`git config --global url."https://git.example.com/mirror/".insteadOf https://github.com/`: every later
    clone, fetch and submodule of the code host's repositories (a dependency's too) then comes from the other
    host, whose owner serves whatever code they like. The common idioms stay: another way to reach the same host
    (`url."git@github.com:".insteadOf https://github.com/`) and a token for it (`url."https://${T}@github.com/"`)."""
    m = _INSTEAD_OF.fullmatch(key.value if key.value is not None else key.text.replace('"', "").replace("'", ""))
    old = _git_host(prefix.value) if prefix.value is not None else None
    if m is None or old is None:
        return
    home = next((h for h in _CODE_HOSTS if old == h or old.endswith("." + h)), None)
    new = _git_host(m.group(1))
    if home is None or new is not None and "$" not in new and (new == home or new.endswith("." + home)):
        return
    other = _short(m.group(1) if new is None or "$" in new else new)
    if m.group(0).lower().endswith("pushinsteadof"):
        what = f"sends every later push to {home} to {other} instead: the code goes to whoever runs that host"
    else:
        what = f"makes every later clone, fetch and submodule of {home} come from {other} instead: whoever runs " \
               "that host serves the code"
    a.block("persistence", f"`git config {m.group(0)}` {what}; use the other host's address where it is meant, "
                           "not a rewrite of every address", key.node)


def _git_host(url: str) -> str | None:
    """The host of a git remote address: `https://[user@]host[:port]/…`, `ssh://git@host/…`, `git@host:owner/repo`."""
    if "://" in url:
        from ..hosts import url_host

        return url_host(url)
    m = _SCP_HOST.match(url)
    return m.group(1).lower() if m else None


_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|[^/:@\s]+@[^/:\s]+:)")
_PUSH_ARG = frozenset({"--repo", "-o", "--push-option", "--receive-pack", "--exec", "--signed", "--recurse-submodules"})
# a refspec naming every branch (`refs/heads/*:refs/heads/*`, `+refs/*:refs/*`): `--all` spelled out
WHOLE_REFSPEC = re.compile(r"^\+?(?:refs/heads/\*|refs/\*|\*)(?::|$)")


def _push_to_address(a, rest: list[Word]) -> None:
    """`git push --mirror https://host/r.git`: the repository sent to an address typed on the command
    line, not to a configured remote; every branch of it with --mirror/--all."""
    pos = positionals(rest, _PUSH_ARG)
    repo = pos[0] if pos else next(iter(option_value(rest, "--repo")), None)
    if repo is None or not _ADDRESS.match(repo.value or repo.text):
        return
    every = next((v for v in (w.value for w in rest) if v in ("--mirror", "--all", "--branches", "--tags")), None) \
        or next((w.value for w in pos[1:] if WHOLE_REFSPEC.match(w.value or "")), None)
    say = f"`git push` sends the repository to {_short(repo.value or repo.text)}, an address rather than a " \
          "configured remote; add it with `git remote add` after checking it is the user's"
    if every:
        a.block("exfiltration", say + f" ({every}: every branch)", repo.node)
    else:
        a.review("exfiltration", say, repo.node)


_REMOTE = re.compile(r"^(?:[a-z]+://|[^/:\s]+:(?!//))")


def note_fetched(a, cmd: Cmd) -> None:
    """`scp host:x.sh /tmp/x.sh`, `rsync host::pub/x .`, `tftp host -c get x.sh`: a file copied from
    another machine is a download; running it later in the script is judged as one."""
    if cmd.name == "tftp":
        vals = cmd.values()
        if "get" not in vals:
            return
        rest = [v for v in vals[vals.index("get") + 1:] if v]
        if rest:
            local = rest[1] if len(rest) > 1 else rest[0].rsplit("/", 1)[-1]
            a.downloaded[paths.normalize(local)] = "download"
        return
    pos = [w.value for w in cmd.args if w.value and not w.value.startswith("-")]
    if len(pos) < 2 or _REMOTE.match(pos[-1]) or not any(_REMOTE.match(v) for v in pos[:-1]):
        return
    dest = pos[-1]
    a.downloaded[paths.normalize(dest)] = "download"
    for v in pos[:-1]:
        name = v.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        if name:
            a.downloaded[paths.normalize(dest.rstrip("/") + "/" + name)] = "download"


def _judge_shell_words(a, words: list[Word], cmd: Cmd) -> None:
    if not words:
        return
    if all(w.value is not None for w in words):
        if len(words) == 1:
            a.nested(words[0].value, "bash", words[0].node, verbatim_offset(a, words[0]))
        else:
            a.nested(" ".join(w.value for w in words), "bash", cmd.node, None)
    elif len(words) == 1 and (text := _with_formatted(a, words[0])) is not None:
        a.nested(text, "bash", words[0].node, None)
    else:
        feed_word(a, next(w for w in words if w.value is None), "a shell", "run by")


# what a variable holds when it was assigned a stamp or an id (`RELEASE=$(date +%Y%m%d%H%M%S)`, `SHA=$(git rev-parse
# --short HEAD)`) or a plain word: data, never shell syntax, wherever it lands in the text
_STAMP = re.compile(r"""^"?(?:\$\((?:date(?: -u)?(?: \+['"]?[%\w:.+-]+['"]?)?|git rev-parse(?: --short(?:=\d+)?)? HEAD|"""
                    r"""git describe(?: --\w+(?:=\w+)?)*|id -[ugn]|nproc|uname -[rmn]|hostname(?: -s)?|whoami)\)|"""
                    r"""[\w.:+-]+)"?$""")
_VAR_USE = re.compile(r"\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))")
_INLINE_STAMP = re.compile(r"\$\((?:date(?: -u)?(?: \+[%\w:.+-]+)?|git rev-parse(?: --short(?:=\d+)?)? HEAD|"
                           r"hostname(?: -s)?|whoami)\)")


def _with_formatted(a, w: Word) -> str | None:
    """`ssh host "ln -sfn /srv/releases/$RELEASE /srv/current"` with RELEASE a stamp assigned earlier: the text the
    local shell hands over, each such variable put in as a word; None when any part is other code or unknown (a
    variable assigned anything else, a substitution, an escape)."""

    def shown(stamp: str) -> str:
        # what the stamp prints, as the far shell reads it: `date +FORMAT` prints the format's own characters
        # (`date +etc` prints `etc`, `date +/` a slash, `%n` a new line), only its conversions are data
        d = re.match(r"""\$\(date(?: -u)? \+['"]?(.*?)['"]?\)$""", stamp)
        if d is None:
            return "v0"
        return re.sub(r"%[-_0^#]?\d*:{0,3}(.)", lambda c: {"n": "\n", "t": "\t", "%": "%"}.get(c.group(1), "0"),
                      d.group(1))

    t = a.src(w.node)
    if w.substitutions:  # (session 28) `ssh rtr "/export file=backup-$(date +%F)"`: a stamp made here, in place
        t = _INLINE_STAMP.sub(lambda m: shown(m.group(0)), t)
        if "$(" in t or "`" in t:
            return None
    if len(t) < 2 or t[0] != '"' or t[-1] != '"' or any(c in t[1:-1] for c in '"`\\'):
        return None
    from .net import _assigned_values

    def value(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        assigned = _assigned_values(a, w.node, name)
        if not assigned or not all(_STAMP.match(v) for v in assigned):
            raise LookupError(name)
        # (`X=$(date +shadow)` holds `shadow`; values that differ stand in as one word only when none is a word of
        # its own: ids, numbers, stamps)
        texts = {shown(v.strip('"')) if v.strip('"').startswith("$(") else v.strip('"') for v in assigned}
        if len(texts) == 1:
            return texts.pop()
        if all(re.fullmatch(r"v?[\d.:+-]*", s) for s in texts):
            return "v0"
        raise LookupError(name)

    try:
        return _VAR_USE.sub(value, t[1:-1]) if "$(" not in t else None
    except LookupError:
        return None


_SED_VAR = re.compile(r"\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*|[0-9])")
# what is left of a script once its `s` commands are taken out: addresses (a variable among them) and a command
# that only prints, deletes or moves text (`${START},${END}p`, `${N}d`)
_SED_ADDR_VAR = r"(?:\d+|\$|\x00|/[^/\n]*/)"
# (only fullmatched; `(?<!\s)` keeps a search from retrying inside a run of spaces)
_SED_REST = re.compile(rf"(?<!\s)\s*+{_SED_ADDR_VAR}(?:\s*+,\s*+{_SED_ADDR_VAR})?\s*+!?\s*+[pdPDnNgGhHxq=]\s*+")


def _opaque_sed(text: str) -> str | None:
    """A sed script whose only unknown parts are variables (`sed "s|$PWD/||"`, `sed -n "${A},${B}p"`), with each
    variable an opaque word, when they stand only in an `s` command's pattern or replacement or in an address;
    None otherwise (`sed "s/a/b/;$CMD"`: a variable as a whole command, which could be `e …`)."""
    s = _SED_VAR.sub("\x00", text)
    if "$(" in s or "`" in s:
        return None
    rest = _SED_S.sub(";", s)
    if "\x00" in rest and not all(_SED_REST.fullmatch(piece) for piece in re.split(r"[;\n]", rest) if "\x00" in piece):
        return None
    return s


# an `s` command anywhere in a script with variables (_opaque_sed tells where they stand)
_SED_S = re.compile(r"s(.)(?:\\.|(?!\1).)*?\1(?:\\.|(?!\1).)*?\1([a-zA-Z0-9]*)")


def _sed(a, cmd: Cmd) -> None:
    scripts = option_value(cmd.args, "-e", "--expression")
    if not scripts and not option_value(cmd.args, "-f", "--file"):
        pos = positionals(cmd.args, frozenset({"-l", "--line-length", "-i"}) - {"-i"})
        scripts = pos[:1]
    for w in scripts:
        s = w.value
        if s is None and not w.substitutions and _SED_VAR.search(w.text):
            s = _opaque_sed(w.text)
        if s is None:
            feed_word(a, w, "`sed`", "used as the script of")
            continue
        if runs_commands(s):
            a.block("wrapper-exec", "the sed script uses the `e` command or flag, which runs shell commands", w.node)
        for target in writes_to(s):
            if paths.kinds(target) & {paths.PERSISTENCE, paths.SYSTEM}:
                a.block("persistence", f"the sed script writes to {target}", w.node)


_TAR_EXEC = ("--to-command", "--checkpoint-action", "--use-compress-program", "--info-script", "--new-volume-script",
             "--rsh-command", "--rmt-command")


def _tar(a, cmd: Cmd) -> None:
    for j, w in enumerate(cmd.args):
        v = w.value or w.text
        key, eq, val = v.partition("=")
        if key in _TAR_EXEC:
            value = val if eq else (cmd.args[j + 1].value if j + 1 < len(cmd.args) else None)
            if key == "--checkpoint-action" and value is not None and not value.startswith(("exec", "sh")):
                continue
            if key == "--use-compress-program" and value is not None and base_name(value.split()[0] if value.split() else "") in COMPRESSORS | {"unpigz", "zstdmt"} and is_safe_tool(value):
                continue
            a.block("wrapper-exec", f"`tar {key}` runs another program", w.node)
        elif v in ("-I", "-F") and j + 1 < len(cmd.args):
            value = cmd.args[j + 1].value
            if v == "-I" and value and base_name(value.split()[0]) in COMPRESSORS and is_safe_tool(value):
                continue
            a.block("wrapper-exec", f"`tar {v}` runs another program", w.node)


def _rsync(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-e", "--rsh"):
        if not is_safe_tool(w.value) or base_name((w.value or "x").split()[0]) not in ("ssh", "rsh"):
            a.block("wrapper-exec", f"`rsync -e {_short(w.value or w.text)}` runs another program as the remote shell", w.node)
    for w in option_value(cmd.args, "--rsync-path"):
        if not is_safe_tool(w.value) and (w.value or "").split()[-1:] != ["rsync"]:
            a.block("wrapper-exec", "`rsync --rsync-path` runs another program on the remote side", w.node)


_SSH_OPT = re.compile(r"^\s*(proxycommand|localcommand|permitlocalcommand|knownhostscommand|match)\b", re.I)




def _ssh(a, cmd: Cmd) -> None:
    if cmd.name == "ssh":
        # `ssh host 'curl ... | sh'`: the remote command is shell code, judged like local code
        pos = ssh_positionals(cmd.args)
        if len(pos) > 1:
            _judge_shell_words(a, pos[1:], cmd)
        if pos and cmd.redirects and (len(pos) == 1 or remote_shell_reads_stdin([w.value for w in pos[1:]])):
            # `ssh host <<'EOF' … EOF`, `ssh host 'sudo bash -s' <<EOF`: the remote shell runs the here-document
            fed = stdin_text(a, cmd)
            if fed is not None and fed[2] is not None and fed[0].strip():
                judge_text(a, fed[0], "bash", fed[2], verbatim_offset(a, fed[1]) if fed[1] is not None else 0)
    for w in option_value(cmd.args, "-o"):
        v = w.value or w.text
        if _SSH_OPT.match(v) and not re.match(r"(?i)\s*permitlocalcommand\s*[= ]\s*no", v):
            a.block("wrapper-exec", f"`{cmd.name} -o {v.split('=')[0]}` runs a local command", w.node)
    if cmd.name in ("scp", "sftp"):
        for w in option_value(cmd.args, "-S", "-D"):
            if not is_safe_tool(w.value):
                a.block("wrapper-exec", f"`{cmd.name} -S` runs another program instead of ssh", w.node)


_SUDO_FLAGS = frozenset({"-i", "-s", "-E", "-H", "-n", "-S", "--login", "--preserve-env"})


def remote_shell_reads_stdin(values: list[str | None]) -> bool:
    """Is ssh's remote command a shell reading its commands from standard input (`bash -s`, `sudo bash`, `sh -s --
    arg`)? The words may also come as one (`'sudo bash -s'`)."""
    if any(v is None for v in values):
        return False
    words = [w for v in values for w in v.split()]  # type: ignore[union-attr]
    if words[:1] == ["sudo"]:
        words = words[1:]
        while words and (words[0] in _SUDO_FLAGS or words[0] == "-u" and len(words) > 1):
            words = words[2:] if words[0] == "-u" else words[1:]
    if not words or base_name(words[0]) not in SHELLS:
        return False
    rest = words[1:]
    return "-c" not in rest and (not rest or "-s" in rest or all(w.startswith("-") for w in rest))


def _option_exec(flags: tuple[str, ...], what: str):
    def check(a, cmd: Cmd) -> None:
        for w in option_value(cmd.args, *flags):
            if not is_safe_tool(w.value):
                a.block("wrapper-exec", f"`{cmd.name} {flags[0]}` makes {cmd.name} run {what} "
                                        f"{_short(w.value or w.text)}", w.node)
    return check


_VIM_CMD = re.compile(r"(^|[|:\s])!|\bsystem\s*\(|\b(?:sh|shell|terminal|py3?|python3?|lua|perl|ruby)\b")
# `:lua CODE`, `:python3 CODE` …: one command whose whole argument is code of that language (`lua print(vim.o.sw)`
# only reads a setting); the code is judged, not the command refused
# (only fullmatched; `(?<!\s)` keeps a search from retrying inside a run of spaces)
_VIM_SCRIPT = re.compile(r"(?<!\s)\s*+:?\s*+(lua|py3?|python3?|perl|ruby)\s+(.+)", re.S)
# Neovim's own ways for Lua to start a program or run an Ex command (which can be `!cmd`)
_NVIM_RUNS = re.compile(r"\bvim\.(?:fn\.(?:system|systemlist|jobstart|termopen)|system|cmd|api\.nvim_command|"
                        r"api\.nvim_exec2?|uv\.spawn|loop\.spawn)\b|\bvim\.fn\[")


def _vim(a, cmd: Cmd) -> None:
    for j, w in enumerate(cmd.args):
        v = w.value or ""
        cmdtext = None
        if v in ("-c", "--cmd") and j + 1 < len(cmd.args):
            cmdtext = cmd.args[j + 1].value or cmd.args[j + 1].text
        elif v.startswith("+") and len(v) > 1:
            cmdtext = v[1:]
        if not cmdtext or not _VIM_CMD.search(cmdtext):
            continue
        m = _VIM_SCRIPT.fullmatch(cmdtext) if "|" not in cmdtext and "\n" not in cmdtext else None
        if m is None:
            a.block("wrapper-exec", f"`{cmd.name}` is told to run a shell or script command ({_short(cmdtext)})", w.node)
        elif m.group(1).startswith("py"):
            a.nested(m.group(2), "python", w.node, None)
        elif _NVIM_RUNS.search(m.group(2)):
            a.block("wrapper-exec", f"`{cmd.name}` is told to run Lua that starts programs ({_short(cmdtext)})", w.node)
        else:
            judge_text(a, m.group(2), None, w.node, None)


# 3D, compositing and game-engine suites with a Python inside, told on the command line what to run: `blender -b
# scene.blend --python-expr "…"` runs it as the suite's own Python, as `python -c` would (session 20)
_SUITE_CODE = {"blender": ("--python-expr",), "mayapy": ("-c",), "hython": ("-c",), "pvpython": ("-c",),
               "pvbatch": ("-c",)}
_SUITE_FILE = frozenset({"--python", "-P"})  # blender's script file
_UNREAL = frozenset({"UnrealEditor", "UnrealEditor-Cmd", "UE4Editor", "UE4Editor-Cmd", "UE5Editor", "UE5Editor-Cmd"})
_UNREAL_CODE = re.compile(r"^-(?:ExecutePythonScript|script)=(.+)$", re.I | re.S)


def _suite_python(a, cmd: Cmd) -> None:
    """The Python a suite is handed: code (`--python-expr`, `-c`, Unreal's `-ExecutePythonScript="…"`, GIMP's
    `-b` under `--batch-interpreter python-fu-eval`) judged as Python run here; a script file this input wrote, or
    one it downloads (`--python <(curl …)`), as what it holds."""
    from .written import text_written  # written.py imports this module

    args = cmd.args
    flags = _SUITE_CODE.get(cmd.name, ())
    if cmd.name in ("gimp", "gimp-console") and any("python" in (w.value or "")
                                                    for w in option_value(args, "--batch-interpreter")):
        flags = ("-b", "--batch")
    for j, w in enumerate(args):
        v = w.value or ""
        code = args[j + 1] if v in flags and j + 1 < len(args) else None
        if cmd.name in _UNREAL and (m := _UNREAL_CODE.match(v)) is not None:
            text = m.group(1).strip().strip("'\"")
            if not re.match(r"^\S+\.py\b", text):  # a script's path (and its arguments) is a file, not code
                judge_text(a, text, "python", w.node, None)
            continue
        if code is not None:
            if code.value is None:
                marked = _python_marked(a, code)
                if marked is None:
                    feed_word(a, code, f"`{cmd.name} {v}`", "run by")
                else:
                    judge_text(a, marked, "python", code.node, None)
            else:
                judge_text(a, code.value, "python", code.node, verbatim_offset(a, code))
        elif v in _SUITE_FILE and cmd.name == "blender" and j + 1 < len(args):
            f = args[j + 1]
            if f.value is None and f.substitutions and "<(" in f.text:
                _runs_substituted(a, Cmd(cmd.node, [cmd.words[0], f], cmd.name))
            elif f.value is not None and a.writes and (got := text_written(a, f.value)) is not None:
                _judge_run(a, got[0], "python", f)


_VAR_MARK = "\0"


def _python_marked(a, w: Word) -> str | None:
    """`blender -b "$f" --python-expr "…export_scene.fbx(filepath='$out')"`: a loop's file name inside a Python string
    literal is data. The code with each such shell variable read as a value known at run time (`'' + _shell_value +
    ''`: where it reaches a shell or `exec`, it is still computed code); None when a variable stands outside a string
    literal (it is code then) or a command substitution makes up the word."""
    if w.substitutions or w.node.type != "string":
        return None
    at, out = w.node.start_byte + 1, []
    for c in w.node.named_children:
        if c.type == "string_content":
            continue
        if c.type not in ("simple_expansion", "expansion"):
            return None
        out.append(_DQ_UNESC.sub(r"\1", a.ev.src_range(at, c.start_byte)) + _VAR_MARK)
        at = c.end_byte
    out.append(_DQ_UNESC.sub(r"\1", a.ev.src_range(at, w.node.end_byte - 1)))
    text, quote, escaped, done = "".join(out), None, False, []
    for ch in text:
        if ch == _VAR_MARK:
            if quote is None:
                return None
            done.append(f"{quote} + _shell_value + {quote}")
            continue
        done.append(ch)
        if escaped:
            escaped = False
        elif quote is not None and ch == "\\":
            escaped = True
        elif ch in "'\"" and (quote is None or ch == quote):
            quote = ch if quote is None else None
    return "".join(done)


def _gdb(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-ex", "--ex", "-eval-command", "--eval-command"):
        v = (w.value or w.text).strip()
        if v.startswith(("!", "shell", "python", "pi ", "call system", "call (int)system", "pipe", "|")):
            a.block("wrapper-exec", f"`gdb -ex {_short(v)}` runs a shell or script command", w.node)


def _hunts_keys(pattern: str, regex: bool) -> bool:
    """Does a file-name search pattern match a credential file's name (public keys aside)? A
    pattern without wildcards must name one whole (`id_rsa`), not a piece (`id_`)."""
    if not pattern or pattern.endswith(".pub"):
        return False
    wild = re.search(r"[][*?^$.+(){}|\\]" if regex else r"[][*?]", pattern.replace(".", "") if regex else pattern)
    for n in _SECRET_NAMES:
        try:
            if not wild:
                if n in pattern:
                    return True
            elif re.search(pattern, n) if regex else fnmatchcase(n, pattern):
                return True
        except re.error:
            return False
    return False


def _locate(a, cmd: Cmd) -> None:
    """`locate id_rsa`, `fd -H id_ed25519 / -x cat`: searches for key files, and fd's -x command."""
    regex = cmd.name in ("fd", "fdfind") or any(w.value in ("-r", "--regex", "--regexp") for w in cmd.args)
    pos = positionals(cmd.args, frozenset({"-e", "--extension", "-t", "--type", "-d", "--max-depth", "-E", "--exclude",
                                           "-x", "--exec", "-X", "--exec-batch", "-j", "--threads", "-S", "--size",
                                           "-l", "--limit", "-n", "-d", "--database"}))
    if pos and pos[0].value and _hunts_keys(pos[0].value, regex):
        a.block("secret-read", f"`{cmd.name} {pos[0].value}` hunts for credential files", pos[0].node)
    for flag in ("-x", "--exec", "-X", "--exec-batch"):
        for j, w in enumerate(cmd.args):
            if w.value == flag and j + 1 < len(cmd.args):
                a.judge_words(cmd.args[j + 1:], cmd.node)
                return


def _zip(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-TT", "--unzip-command"):
        a.block("wrapper-exec", "`zip -TT` runs another program to test the archive", w.node)


# git's credential helpers run as programs (`git-credential-manager.exe get`, as WSL reaches Git for Windows'): `get`
# prints the stored password or token, as `git credential fill` does
_CREDENTIAL_HELPERS = ("manager", "manager-core", "store", "cache", "libsecret", "osxkeychain", "wincred",
                       "gnome-keyring", "oauth")


def _credential_helper(a, cmd: Cmd) -> None:
    if "get" in [w.value for w in positionals(cmd.args)][:1]:
        a.block("secret-read", f"`{cmd.name} get` prints the stored password or token; let git use it itself", cmd.node)


HANDLERS = {
    **{s: [_interpreter] for s in SHELLS},
    **{s: [_interpreter] for s in INTERPRETERS if s not in AWKS},
    **{s: [_awk] for s in AWKS},
    "eval": [_eval],
    "alias": [_later_code],
    "trap": [_later_code],
    "source": [_source],
    ".": [_source],
    "find": [_find],
    "git": [_git],
    **{f"git-credential-{h}": [_credential_helper] for h in _CREDENTIAL_HELPERS},
    "sed": [_sed],
    "gsed": [_sed],
    "exec": [note_fds],
    "tar": [_tar, note_unpacked],
    "gtar": [_tar, note_unpacked],
    "bsdtar": [_tar, note_unpacked],
    "rsync": [_rsync],
    "ssh": [_ssh],
    "scp": [_ssh],
    "sftp": [_ssh],
    "man": [_option_exec(("-P", "--pager", "-H", "--html"), "the pager")],
    "rg": [_option_exec(("--pre",), "a preprocessor"), _grep],
    "sort": [_option_exec(("--compress-program",), "a compressor")],
    "tcpdump": [_option_exec(("-z",), "a post-rotate command")],
    "zip": [_zip],
    **{n: [_locate] for n in ("locate", "plocate", "mlocate", "fd", "fdfind")},
    **{n: [note_unpacked] for n in ("unzip", "7z", "cpio")},
    "vim": [_vim], "vi": [_vim], "nvim": [_vim], "ex": [_vim], "view": [_vim],
    "gdb": [_gdb],
    **{n: [_suite_python] for n in (*_SUITE_CODE, *_UNREAL, "gimp", "gimp-console")},
    "grep": [_grep], "egrep": [_grep], "fgrep": [_grep], "ag": [_grep], "ack": [_grep],
    **{n: [_runs_substituted] for n in _SOURCE_RUNNERS},
}
for _n in ("scp", "rsync", "sftp", "tftp"):
    HANDLERS.setdefault(_n, []).append(note_fetched)
for _n in CHECKSUMMERS:
    HANDLERS.setdefault(_n, []).append(note_checked)


# -- values bash evaluates once more: arithmetic, prompts -------------------------------------------------------------
# A command substitution in literal text (`$((` is arithmetic, not a command)
_CODE_IN_VALUE = re.compile(r"\$\((?!\()|`")
_MAX_CODE_VALUES = 8  # values with a substitution kept per variable (`x='a[$(…)]'` assigned in several branches)
_ARITH_TESTS = frozenset({"-eq", "-ne", "-lt", "-le", "-gt", "-ge"})
_ARITH_NAME = re.compile(r"(?<![\w$#])[A-Za-z_]\w*")
_MAX_ARITH_DEPTH = 4  # a name whose value names another (`y=x; (( y ))`), followed this far


def note_code_value(a, name: str, value: str) -> None:
    """`x='a[$(curl … | sh)]'`: literal text holding a command substitution, which runs wherever bash evaluates
    the value once more (check_arith)."""
    if _CODE_IN_VALUE.search(value):
        held = a.code_values.setdefault(name, [])
        if len(held) < _MAX_CODE_VALUES and value not in held:
            held.append(value)


def note_tainted(a, name: str, w: Word) -> None:
    """`x=$(curl -s URL)`: a variable holding what a server sent (or a decoder printed) as it came, which runs
    a command where bash evaluates it as arithmetic with an array subscript in it (check_arith)."""
    kind = _raw_output(a, w.substitutions)
    if kind is not None:
        a.tainted[name] = kind


def note_read(a, cmd: Cmd, names: list[str]) -> None:
    """`read n < <(curl -s URL)`, `read n <<< "$(curl …)"`, `curl -s URL | while read n`: what `read` assigns is
    a server's text too."""
    kind = None
    for r in cmd.redirects:
        if r.type == "herestring_redirect" or r.type == "file_redirect" and any(c.type == "<" for c in r.children):
            for d in r.named_children[-1:]:
                w = a.ev.word(d)
                kind = kind or (_raw_output(a, w.substitutions) if w.substitutions else None)
    if kind is None:
        kind = _piped_from(a, cmd.node)
    if kind is not None:
        for name in names:
            a.tainted[name] = kind


_STAGE_STOP = frozenset({"program", "function_definition", "command_substitution", "process_substitution"})


def _piped_from(a, node) -> str | None:
    """The kind (_raw_kind) of what the stage before the one holding `node` prints, when `node` is in a
    pipeline's later stage (`curl … | while read n; do …; done`)."""
    while node.parent is not None and node.parent.type not in _STAGE_STOP:
        up = node.parent
        if up.type == "pipeline":
            stages = [c for c in up.named_children if c.type != "comment"]
            i = next((j for j, c in enumerate(stages) if c == node), 0)
            if i == 0:
                return None
            before = stages[i - 1]
            if before.type == "redirected_statement":
                before = before.child_by_field_name("body") or before
            return _raw_kind([c for d, c in a.ctx.commands if d is a.doc and c.node == before][-1:])
        node = up
    return None


def _raw_kind(cmds: list[Cmd]) -> str | None:
    """'download' when the last of `cmds` prints a fetched body, 'decode' when it decodes; None otherwise (a
    filter such as `jq .count` in between, or a fetch whose body goes to a file: `curl -o /dev/null -w '%{…}'`)."""
    if not cmds:
        return None
    last = cmds[-1]
    if fetches(last) and _body_out(last):
        return "download"
    if is_decoder(last) and last.name not in ("tr", "rev", "printf", "echo"):
        return "decode"
    return None


def _body_out(c: Cmd) -> bool:
    """Does the downloader `c` print what it fetched (rather than save it to a file)?"""
    if c.name == "curl":
        return not option_value(c.args, "-o", "--output", cluster="o") and not has_flag(c.args, "O", ("--remote-name",
                                                                                                        "--remote-name-all"))
    if c.name == "wget":
        return any(w.value in ("-", "/dev/stdout") for w in option_value(c.args, "-O", "--output-document", cluster="O"))
    return True


def _raw_output(a, substitutions) -> str | None:
    """The kind (_raw_kind) of what the last command of one of these substitutions prints."""
    for s in substitutions:
        kids = [k for k in s.named_children if k.type != "comment"]
        if not kids:
            continue
        last = kids[-1]
        if last.type == "pipeline" and last.named_children:
            last = last.named_children[-1]
        if last.type == "redirected_statement":
            last = last.child_by_field_name("body") or last
        kind = _raw_kind([c for c in a.subst.get(s.start_byte, ()) if c.node == last])
        if kind is not None:
            return kind
    return None


def check_arith(a, root) -> None:
    """Values bash evaluates once more. An arithmetic context (`(( x ))`, `$(( x ))`, `let x`, `[[ $v -eq 0 ]]`,
    `declare -i n=x`, an array subscript `${a[x]}`) reads a variable's value as an expression, and an array
    subscript in that (`a[$(cmd)]`) runs its command substitution; `${x@P}` expands x's value as a prompt, which
    runs the substitutions in it. The command such a value holds is judged as run there; a value that came from a
    download (or a decoder) is blocked, its text unknown."""
    stack = [root]
    while stack:
        n = stack.pop()
        t = n.type
        if t == "arithmetic_expansion" or t == "c_style_for_statement" or \
                t == "compound_statement" and n.child_count and n.children[0].type == "((":
            _arith_region(a, n, n)
        elif t == "binary_expression" and any(c.type == "test_operator" and a.src(c) in _ARITH_TESTS
                                               for c in n.children) and _in_double_brackets(n):
            _arith_region(a, n, n)
        elif t == "subscript" and n.named_child_count > 1:
            _arith_region(a, n.named_children[-1], n)
        elif t == "expansion" and n.child_count == 5 and n.children[2].type == "@" and n.children[3].type == "P":
            _prompt(a, a.src(n.children[1]), n)
        elif t == "command" and a.src(n.children[0]) == "let":
            _arith_region(a, n, n)
        elif t == "declaration_command" and any(c.type == "word" and a.src(c).startswith("-") and "i" in a.src(c)
                                                for c in n.named_children):
            for c in n.named_children:
                if c.type == "variable_assignment" and c.child_by_field_name("value") is not None:
                    _arith_region(a, c.child_by_field_name("value"), c)
        stack.extend(n.children)


def _in_double_brackets(node) -> bool:
    """Is `node` inside `[[ … ]]` (whose `-eq` evaluates its operands as arithmetic; `[ … ]`'s does not)?"""
    up = node.parent
    while up is not None and up.type in ("binary_expression", "unary_expression", "parenthesized_expression"):
        up = up.parent
    return up is not None and up.type == "test_command" and up.child_count > 0 and up.children[0].type == "[["


def _arith_region(a, region, node) -> None:
    names: list[str] = []
    substs = []
    stack = [region]
    while stack:
        n = stack.pop()
        if n.type == "variable_name":
            names.append(a.src(n))
        elif n.type in ("word", "string_content", "raw_string"):
            names += _ARITH_NAME.findall(a.src(n))
        elif n.type == "command_substitution":
            substs.append(n)
        elif n.type != "process_substitution":
            stack.extend(n.children)
    kind = _raw_output(a, substs) if substs else None
    if kind is not None:  # `(( $(curl -s URL) > 0 ))`: the server's text, evaluated
        _tainted(a, None, kind, node)
    seen: set[str] = set()
    for name in names:
        if name not in seen and name != "let":
            _arith_name(a, name, node, seen, 0)


def _arith_name(a, name: str, node, seen: set[str], depth: int) -> None:
    seen.add(name)
    for value in a.code_values.get(name, ()):
        _judge_value(a, name, value, node, "is evaluated as arithmetic here, and a subscript in its value runs a "
                                           "command")
    kind = a.tainted.get(name)
    if kind is not None:
        _tainted(a, name, kind, node)
    value = a.ev.vars.get(name)
    if value and depth < _MAX_ARITH_DEPTH:
        for other in _ARITH_NAME.findall(value):
            if other not in seen:
                _arith_name(a, other, node, seen, depth + 1)


def _tainted(a, name: str | None, kind: str, node) -> None:
    held = "a download's output" if kind == "download" else "decoded text"
    what = f"`{name}` holds {held}" if name else f"the command substitution prints {held}"
    a.block("download-exec" if kind == "download" else "decode-exec",
            f"{what}, evaluated as arithmetic here, where an array subscript in it (`a[$(…)]`) runs a command; check "
            "that it is a number first (`[[ $n =~ ^[0-9]+$ ]]`)", node)


def _prompt(a, name: str, node) -> None:
    """`${x@P}`: x's value expanded as a prompt runs the command substitutions in it."""
    values = a.code_values.get(name)
    if values:
        for value in values:
            _judge_value(a, name, value, node, "is expanded as a prompt here (`@P`), which runs the commands in it")
    elif name in a.ev.vars and a.ev.vars[name] is None:
        # (a name this input never set, `${PS1@P}`, is the user's environment, which their own shell expands too)
        kind = a.tainted.get(name, "dynamic")
        a.block("download-exec" if kind == "download" else "decode-exec" if kind == "decode" else "dynamic-exec",
                f"`${{{name}@P}}` expands a value not known here as a prompt, which runs any command substitution in "
                "it; print the value itself", node)


def _judge_value(a, name: str, value: str, node, how: str) -> None:
    from .handed import alone, _NOT_A_FINDING  # handed.py reads the fastpath, which imports this module's names

    for r in alone(a, ": " + value):
        if r.rule not in _NOT_A_FINDING or r.rule == "nesting-too-deep":
            a.ctx.add(r.rule, r.verdict, f"`{name}` {how}: {r.message}", a.doc, node)
