"""A conservative shortcut for plain commands (`git status`, `make test`, `ls -la | wc -l`).

The bash rules can only fire on (a) structure no shortcut covers — functions, while loops, `unset`, ANSI-C strings,
declarations other than plain assignments, assignments of sensitive variables or of
variables expanded later; (b) a command name that is not a plain word, or that some
rule or wrapper knows (for a few common ones, e.g. `git`, `rm`, `curl`, only together
with the arguments their rules look at); or (c) an argument naming a sensitive path or
a device. One tree-sitter query (run in C) finds (a) and every command name, also inside
substitutions; a scan of the path-like words, with quotes removed, covers (c). When none
is present, no rule could report anything and the full walk is skipped. Anything
unusual falls through to the full analysis.
"""
from __future__ import annotations

import re
import threading
from fnmatch import fnmatchcase
from functools import lru_cache

import tree_sitter as ts

from .. import paths
from .commands import INTERPRETERS, PRIVILEGE, RUNS_FILES, SHELLS, WRAPPERS, base_name
from .common import (DOWNLOADERS, NET_SENDERS, SAFE_TOOLS, SHORT_CLUSTER, WORD_END, WORD_START, Screen, joined,
                     mentions)
from .files import spares_history, unrecoverable

_QUERY = """
[(function_definition) (while_statement) (unset_command) (ansi_c_string) (c_style_for_statement)] @slow
(declaration_command) @decl
(variable_assignment name: (variable_name) @var)
(command_name) @name
[(raw_string) (string) (translated_string)] @str
"""
_UNQUOTE = str.maketrans("", "", "'\"\\")
_BASES: dict[bytes, str] = {}  # plain command name (source bytes) -> base name, for names seen before
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_./+-]+")
# a whole word with a `/` or `~` (tried from a word's start only, so a word is read once)
_PATHY = re.compile(r"(?<![^\s|&;<>()'\"`$])[^\s|&;<>()'\"`$]*[/~][^\s|&;<>()'\"`$]*", re.ASCII)


_INTERESTING: frozenset[str] = frozenset()


def _interesting() -> frozenset[str]:
    """Every command name some rule knows (built on first use: it needs the rule tables)."""
    global _INTERESTING
    from ..rules_bash import HANDLERS

    known = WRAPPERS | SHELLS | INTERPRETERS | DOWNLOADERS | NET_SENDERS | PRIVILEGE | {
        "eval", "source", ".", "exec", "yes", "mkfifo", "mknod", "busybox", "read", "mapfile", "readarray"}
    _merge_screens(HANDLERS, known)
    _INTERESTING = frozenset(HANDLERS) | known | {n for n, check in _CONDITIONAL.items() if check is not _never}
    _ALWAYS_JUDGED.update(n.encode() for n in _INTERESTING if n not in _CONDITIONAL)
    return _INTERESTING


_ALWAYS_JUDGED: set[bytes] = set()
# a source on a cluster's shared file system and a destination at an IP address (net._copies_env_out)
_SHARED_TO_ADDRESS = re.compile(r"(?:^|\s)/(?:projects?|lustre|gpfs|beegfs|fsx|nobackup|global|scratch|cluster)/"
                                r"[^\n]*(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]):").search


def _code_target() -> tuple[re.Pattern, re.Pattern]:
    """written.check's targets, and (as bytes, for any `>`) those and ecosystems.check_write's (build files and
    package-source settings: `cat > build.rs <<EOF`, `echo '<mirror>' > ~/.m2/settings.xml`)."""
    from .ecosystems import WRITE_TARGET
    from .written import CODE_TARGET

    # (`.wslconfig`: its `kernel=` boots whatever it names; `known_hosts`: a `@cert-authority *` line trusts a CA for
    # every host; both judged by files.py as written; `.forward`: where the user's mail goes, admin.py)
    from ..directory_tables import WRITE_TARGET as DIRECTORY_TARGET  # (session 29: Tomcat's users, sssd, JSP pages)

    from ..erp_tables import WRITE_TARGET as ERP_TARGET  # (session 30: Odoo's settings)

    from ..secops_tables import WRITE_TARGET as SECOPS_TARGET  # (session 29: scanners' ignore files)

    code = re.compile(f"{CODE_TARGET.pattern}|\\.wslconfig|known_hosts|\\.forward|{DIRECTORY_TARGET}|{ERP_TARGET}|"
                      f"{SECOPS_TARGET}")
    return code, re.compile(f"{code.pattern}|{WRITE_TARGET.pattern}".encode())


_CODE_TARGET, _CODE_TARGET_B = _code_target()  # names (as source bytes) whose rules run whatever the arguments


# Argument checks run as one regex search over the command text with quotes removed.
# %B / %E: the start / end of a shell word.
_B = WORD_START
_E = WORD_END


_GROUP = re.compile(r"\(\?:([^()\[\]]*)\)")  # a non-capturing group with no group or class inside


def _whole_alternative(text: str, m: re.Match) -> bool:
    """Is the group `m` one whole top-level alternative of `text` (so its brackets can go)?"""
    i, j = m.start(), m.end()
    before = i == 0 or (text[i - 1] == "|" and (i < 2 or text[i - 2] != "\\"))
    return before and (j == len(text) or text[j] == "|")


class _Screened:
    """A pattern searched in two steps: first without its word-boundary assertions (a search
    that matches whenever the exact one does, and runs several times faster because the
    look-behind at every position is gone), then, only on a hit, the exact pattern."""

    __slots__ = ("loose", "exact")

    def __init__(self, pattern: str) -> None:
        loose = pattern.replace("%B", "").replace("%E", "")
        # `a|(?:b|c)` is `a|b|c`; the flat form lets the regex engine skip ahead to the
        # possible first characters instead of trying every alternative at every position
        self.loose = re.compile(_GROUP.sub(lambda m: m.group(1) if _whole_alternative(loose, m) else m.group(0), loose),
                                re.ASCII)
        self.exact = re.compile(pattern.replace("%B", _B).replace("%E", _E), re.ASCII)

    def search(self, text: str) -> re.Match | None:
        return self.exact.search(text) if self.loose.search(text) else None


def _rx(pattern: str) -> _Screened:
    return _Screened(pattern)


_GIT = _rx(r"%B(?:--exec|--upload-pack|--receive-pack|--config-env|ext::|fd::)|"
           r"%B(?:rebase|bisect|filter-branch|credential|send-email)%E")
# `git grep/difftool/mergetool` run another program only through these options (exec._git
# reads them with option_value: the exact option, `--opt=VAL` or `-xVAL`)
_GIT_TOOL = _rx(r"%B(?:-x|--extcmd|-O|--open-files-in-pager)")
_GIT_U = _rx(r"%B-u%E")
# `git config KEY VALUE` and `git -c KEY=VALUE` are judged only for the keys of exec._GIT_KEY
# (the rule lower-cases the key): none of their first segments in the text, no such key
_GIT_KEY_HEADS = tuple(h + tail for h in (
    "core", "sequence", "diff", "merge", "filter", "credential", "protocol", "uploadpack", "alias", "pager", "gpg",
    "remote", "init", "web", "browser", "interactive", "include", "difftool", "mergetool", "sendemail", "receive",
    "ssh", "url", "submodule") for tail in ("", "if"))
# a run of letters just before a `.` (found from its start only: a search for the heads
# themselves, case-insensitive, tried every alternative at every position and cost 10+ us)
_DOTTED_RUN = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?=\.)")


def _git_key_head(text: str) -> bool:
    return any(run.lower().endswith(_GIT_KEY_HEADS) for run in _DOTTED_RUN.findall(text))


# files._rm blocks an absolute or home path for its kinds, `/`, `/*`, `~`, `~/*`, `~/.*` or a
# root-level glob (the path scan in plain() fails on all of those), and reviews a `.git`, a whole home
# folder or a mounted volume (files.unrecoverable), which have no kind. Every `.git` is sent on, and
# every word that normalises to the working directory (`./.`, `.//*`) or that unrecoverable() itself
# holds (a folder two deep in the home too), or with a brace list to expand. Every `..` is sent on (the parent, a
# folder beside the project, a `cd ..` before a relative path: files._rm_beside), and every `$` or backquote
# (`"$PWD"`, `$(pwd)/..`, `` `pwd` ``: files.pwd_path)
_RM_TEXT = _rx(r"\.\.|\.git|%B(?:\$|--no-preserve)|%B\.\*%E|%B\./\.\*%E")
_RM_WORD = re.compile(r"(?<![^\s|&;<>()])[^\s|&;<>()]*[~/.*][^\s|&;<>()]*", re.ASCII)
_WORKING_DIR = frozenset({"*", ".", "./", "./*"})
# an absolute word with a glob anywhere after it: with its quotes gone, `"/op t"/*` reads as two words here,
# while files._rm sees one root-level glob
_ROOT_THEN_GLOB = re.compile(r"(?<![^\s|&;<>()])/[^\n]*[*?\[]", re.ASCII)


def _rm(text: str) -> bool:
    # (a backquote: `rm -rf \`pwd\``, files.pwd_path; `..` also covers a `cd ..` before a relative path)
    return bool(_RM_TEXT.search(text)) or "`" in text or _ROOT_THEN_GLOB.search(text) is not None or any(
        "{" in w or (n := paths.normalize(w)) in _WORKING_DIR or unrecoverable(n) for w in _RM_WORD.findall(text))
_FIND = _rx(r"%B(?:-exec|-execdir|-ok|-okdir|-fprint|-fprint0|-fprintf|-fls|id_rsa|id_ed25519|id_ecdsa|"
            r"id_dsa|\.netrc|credentials|shadow|\.git-credentials|\.pypirc|hosts\.yml|kubeconfig|\.npmrc|wallet\.dat)%E")
_FIND_SECRETS = ("id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", ".netrc", "credentials", "shadow", ".git-credentials",
                 ".pypirc", "hosts.yml", "kubeconfig", ".npmrc", "wallet.dat")
# a separator means a later command may run what was downloaded; a newline that starts a
# comment line (`\n#`: a comment, or text inside a string) separates nothing
_DOWNLOAD = _rx(r"[|;&$`<>]|\n(?!#)|=@|%B(?:-d|--data|-F|--form|-T|--upload|--post|--body|-K|--config|@)")
# `-c`/`-e` in a cluster, `--eval`/`--print` (node, bun, ts-node) and `deno eval` run inline code
# (a one-dash word is a flag cluster to its end for the interpreter checks: `sh -a-c CODE`)
_INTERPRETER = _rx(r"[|<$`]|%B-%E|%B" + SHORT_CLUSTER + r"[ceEprs]|%B--(?:eval|print)|%Beval%E")
# files.check_args reads names after `-C DIR` from DIR: only a home, absolute or variable DIR
# can make them credentials (a relative DIR after a `cd` is sent on by the cd check)
_TAR = _rx(r"%B(?:--to-command|--checkpoint-action|--use-compress-program|--info-script|--new-volume-script|"
           r"--rsh-command|--rmt-command|-I|-F|--remove-files|(?:-C|--directory)(?:=|[ \t]*)[~/$])")
_WIDE_PATH = _rx(r"%B(?:/|~)")
_WRITES_OUT = _rx(r"[>|]|%B-o|%B--out|%B-out")
_KILL = _rx(r"%B-?1%E")
# `cd`/`pushd` home, to an absolute or variable path, or with no argument: the rules then
# read later relative paths from there (`cd ~; cat .ssh/id_rsa`)
_CD = _rx(r"%B(?:cd|pushd)(?:[ \t]*(?:$|[;&|)\n])|[ \t]+(?:~|/|\$))")
_CHMOD = _rx(r"%B[ugoa+=-][^\s|&;<>()`$]*s|%B[2-7][0-7]{3}%E")


_BARE_IP = re.compile(r"[@/]\d{1,3}(?:\.\d{1,3}){3}\b")


def _git(text: str) -> bool:
    if _GIT.search(text) or ("clone" in text and (_GIT_U.search(text) or _BARE_IP.search(text))) or \
            _GIT_TOOL.search(text):
        return True  # (exec.py: a clone from a bare public address is downloaded code)
    # `git submodule` runs code only through `foreach`
    # (newlines dropped: a line continuation inside a key leaves one in the text, not in the word)
    return ("config" in text or "-c" in text) and _git_key_head(text.replace("\n", "")) or "daemon" in text or \
        "foreach" in text or "push" in text and ("://" in text or "@" in text)  # exec._push_to_address


def _disguise(text: str) -> bool:
    from .escapes import RUNS_CODE

    return "/" in text and any(base_name(t) in RUNS_CODE for t in _TOKEN.findall(text) if "/" in t)


_FIND_OPERATORS = frozenset({"-o", "-or", "!", "-not", ",", "(", ")"})
_BLANKS = re.compile(r"\s+", re.ASCII)  # what the grammar splits words on (`str.split()` also splits at `\x1d`)


def _find_delete_spares_history(text: str) -> bool:
    """files.find_deletes_history evaluates the expression of a find that deletes what it selects, for entries
    of the repository's `.git`; with one find whose tests are all joined by `and`, one `-name` that none of
    those entries has (`find . -name '*.pyc' -delete`) means none is selected. (A pattern the clean text splits
    at a quoted blank matches no such entry, and neither do its parts.)"""
    words = _BLANKS.split(text)
    if words.count("find") != 1 or not _FIND_OPERATORS.isdisjoint(words):
        return False
    # only the tests before the delete decide what it deletes (`find -delete -name x` deletes everything first)
    before = words[:words.index("-delete")] if "-delete" in words else words
    if "-empty" in before:
        return True  # an empty entry loses nothing
    starts = []
    target = False
    for w in words[words.index("find") + 1:]:
        if target:  # `find > log -delete`: the redirect's target
            target = False
            continue
        if w.startswith(("-", "(", "!")):
            break
        if "<" in w or ">" in w:
            target = w.endswith(("<", ">"))  # a redirect (`find >log`), not a start: the starts may stay empty
            continue
        starts.append(w)
    if starts and not any(c in w for w in starts for c in "$.~/`"):
        return True  # from inside the project (`find build …`), no repository's own `.git` is reached
    if ".." in text or any(w[:1] in "~/$`" for w in starts):
        return False  # files.find_deletes_outside: files of a folder beside the project or in the home
    return spares_history([p for w, p in zip(before, before[1:]) if w == "-name" or w == "-iname"])


def _fetch_then(text: str) -> bool:
    return ":" in text and any(op in text for op in (";", "&", "|", "\n"))


def _fetch(text: str) -> bool:
    # host._metadata: the cloud metadata addresses
    return bool(_DOWNLOAD.search(text)) or "169.254." in text or "fd00:ec2" in text or "metadata" in text


def _find(text: str) -> bool:
    # `-exec`/`-ok` anywhere, not only as a word: the grammar reads `'g'\-exec` as two words (bash: one)
    if _FIND.search(text) or "-exec" in text or "-ok" in text or "xargs" in text or \
            "-delete" in text and not _find_delete_spares_history(text):
        return True
    # `-name 'id_*'`: a pattern that matches a credential file name
    return any(fnmatchcase(n, t) for t in text.split() if "*" in t or "?" in t or "[" in t for n in _FIND_SECRETS)


def _options(*prefixes: str, sends: bool = False):
    rx = _rx(r"%B(?:" + "|".join(re.escape(p) for p in prefixes) + ")" + (r"|[|$`<]" if sends else ""))
    # a network sender in a pipeline or fed a substitution may be exfiltrating, hence `sends`
    return lambda text: bool(rx.search(text))


_RUN = _rx(r"%Brun%E")


def _code_part(text: str) -> str:
    """The text without its trailing comment lines (`make\n# run 7`). A line is only taken for
    a comment when it has no quote, backslash or expansion that could make it part of a string."""
    while "\n" in text:
        head, _, last = text.rpartition("\n")
        if not last.lstrip().startswith("#") or any(c in last for c in "'\"\\$`"):
            break
        text = head
    return text


def _vital(text: str) -> bool:
    from .system import _VITAL

    return any(v in text for v in _VITAL)


def _never(text: str) -> bool:
    return False


_RG_PRE = _options("--pre")


# system._container: only these options (and mounts) give a container the host
_CONTAINER = mentions("-v", "--volume", "--mount", "--privileged", "--pid", "--net", "--ipc", "--userns",
                      "--cap-add", "--security-opt")
# system._systemctl: the verbs it blocks or reviews
_SYSTEMCTL = mentions("enable", "link", "edit", "set-default", "preset", "add-wants", "add-requires",
                      "set-environment", "import-environment", "poweroff", "reboot", "halt", "kexec", "suspend",
                      "hibernate", "rescue", "emergency", "isolate", "mask", "stop", "kill", "disable", "start",
                      "daemon-", "reload")

# a `for` word and a lone `&` (not `&&`, `>&`, `&>`) after it: a superset of the loops check_spawn_loop reads. The
# `&` is looked for once, after the first `for` (a later one has fewer after it): a run of `for`s is read once. Each
# pattern starts with its literal, which the engine finds fast; the lookbehinds then check the character before.
_FOR_WORD = re.compile(rb"for(?<![^\s;&|(`]for)[\s\\]")
_LONE_AMP = re.compile(rb"&(?<![&>]&)(?![&>])")


def _for_jobs(data: bytes) -> bool:
    return (loop := _FOR_WORD.search(data)) is not None and _LONE_AMP.search(data, loop.end()) is not None


_PIP_WORDS = ("config", "http:", "--index", "-i", "--extra-index", "-f", "--find-links")
_PIP = mentions(*_PIP_WORDS)
# words.Evaluator reads the output of a substitution that runs echo or printf
_ECHO_E = _rx(r"%B-[nE]*e")


def _decodes_out(text: str) -> bool:
    # the clean text has lost its backslashes, so any printf (and `echo -e`, or a computed word) writing out is sent on
    return (">" in text or "|" in text) and ("printf" in text or "$" in text or "`" in text or
                                             _ECHO_E.search(text) is not None)


_SORT = _options("--compress")


def _computed_target(text: str) -> bool:
    """files.judge_write beyond the path scan: `/dev/$d`, `"$SITE"/x.pth`, a target computed by a substitution."""
    return "$" in text or "`" in text or ".pth" in text or "customize" in text


_PRINT_SUBST = re.compile(r"(?:\$\(|`)\s*(?:[^\s|&;<>()`$]*/)?(?:echo|printf)(?![\w.-])", re.ASCII)
_SCP = _options("-o", "-S", "-D", sends=True)
_RSYNC = _options("-e", "--rsh", "--rsync-path", "-o", "-S", sends=True)
# ... and tools._npm_flags: settings given as flags (`--script-shell=…`, `--node-options=…`)
_NPM_WORDS = mentions("set", "exec", "dlx", "-c", "--call", "http:", "shell", "--node-options", "--editor",
                      "--browser", "--viewer", "--git=", "--onload-script", "--init-module", "--init.module")
_MAKE_OPTS = _options("--eval", "-E", "-f", "--file", "--makefile")
_X_WORD = _rx(r"%Bx%E")

# Names whose rules need specific arguments; when those are absent the name is harmless.
_CONDITIONAL = {
    "git": _git, "rm": _rm, "rmdir": _rm, "tar": _TAR.search,
    "chmod": _CHMOD.search, "find": _find, "curl": _fetch, "wget": _fetch,
    # system._kill also reads `$(pgrep NAME)` / `$(pidof NAME)`
    "kill": lambda text: bool(_KILL.search(text)) or ("pgrep" in text or "pidof" in text) and _vital(text),
    "cd": _CD.search, "pushd": _CD.search,
    "sort": lambda text: _SORT(text) or "-o" in text and _computed_target(text),
    "rg": lambda text: _WIDE_PATH.search(text) or _RG_PRE(text),
    **{n: _WIDE_PATH.search for n in ("grep", "egrep", "fgrep", "ag", "ack")},
    "install": lambda text: bool(_CHMOD.search(text)) or _disguise(text),
    # escapes._disguise: a shell or interpreter given by its path, copied or linked under another name
    "ln": _disguise, "cp": _disguise,
    **{n: _CONTAINER for n in ("docker", "podman", "nerdctl")},
    "systemctl": _SYSTEMCTL, "journalctl": mentions("--vacuum", "--rotate", "--flush"),
    "set": mentions("+o"),  # system._set: only `set +o history`
    # the words evaluator reads what `$(echo X)` / `$(printf %s X)` print, and `printf -v` assigns
    # ... and exec.is_decoder: escapes (or a computed format) decoded into a file or a pipe a later command may run
    # (differential fuzzing: `printf %b '\x63…' > /tmp/.r; sh /tmp/.r`)
    "echo": lambda text: bool(_PRINT_SUBST.search(text)) or _decodes_out(text),
    "printf": lambda text: bool(_PRINT_SUBST.search(text)) or "-v" in text or _decodes_out(text),
    # decoders are harmless unless their output is written somewhere a later command may run it
    # host._openssl: `rand N`; net._uploads: a substitution among the arguments
    "openssl": lambda text: bool(_WRITES_OUT.search(text)) or "rand" in text or "$" in text or "`" in text,
    **{n: _WRITES_OUT.search for n in ("base64", "base32", "basenc", "xxd", "uudecode", "rev", "tr", "gpg", "gpg2",
                                       "gunzip", "zcat", "bzcat", "xzcat", "unxz", "unzstd", "gzip", "bzip2", "xz",
                                       "zstd")},
    # net._copies_env_out: a `.env` file among the sources, or a cluster's shared storage sent to an address
    # ... and exec.note_fetched: a file copied from another machine, which a later command may run
    "scp": lambda text: _SCP(text) or ".env" in text or _fetch_then(text) or _SHARED_TO_ADDRESS(text),
    "rsync": lambda text: _RSYNC(text) or ".env" in text or _fetch_then(text) or _SHARED_TO_ADDRESS(text),
    **{n: _INTERPRETER.search for n in ("ruby", "bash", "sh", "zsh", "dash")},
    # ... and exec's remote scripts: a URL as the script or a loader (`deno run -A https://…`, `node --import=URL`)
    **{n: lambda text: bool(_INTERPRETER.search(text)) or "http" in text or "ftp:" in text or "data:" in text
       for n in ("node", "nodejs", "deno", "bun")},
    # tools._file_server also looks for `-m http.server` and `-m pip`
    "python": lambda text: bool(_INTERPRETER.search(text)) or "http.server" in text and (
        "-d" in text or "--directory" in text) or "pip" in text and _PIP(text),
    # tools._make: a makefile from stdin or --eval; tools._npm / tools._pip: `set` verbs and config
    # ... and hooks._make: SHELL= and the program variables (CC=, RM= …)
    "make": lambda text: bool(_MAKE_OPTS(text)) or "=" in text,
    # ... and commands.py runs what follows `npm exec`, `npm x`, `pnpm dlx`, `-c`
    **dict.fromkeys(("npm", "pnpm", "yarn"), lambda text: _NPM_WORDS(text) or bool(_X_WORD.search(text))),
    "pip": _PIP,
    # files.write_targets: the paths pytest writes or empties (a home or system path also fails the path scan)
    **dict.fromkeys(("pytest", "py.test"), _options("--basetemp", "--junitxml", "--junit-xml", "--result-log",
                                                    "--resultlog")),
    # tools._sqlite: dot-commands that run or write, commands given by -cmd or on stdin
    "sqlite3": mentions(".sh", ".sy", ".ou", ".on", ".lo", ".ex", "-cmd", "<"),
    # tools._go: only `go env -w`
    "go": mentions("env"),
    # commands.py runners: only their running subcommand runs another program
    **dict.fromkeys(("poetry", "pipenv", "pdm", "hatch", "rye", "uv", "conda", "mamba", "micromamba", "pipx"),
                    lambda text: bool(_RUN.search(_code_part(text)))),
    # hooks._pipx / hooks._uv: a plain-HTTP source
    "pipx": lambda text: bool(_RUN.search(_code_part(text))) or "http:" in text,
    **{n: _rx(r"%Bexec%E").search for n in ("bundle", "rbenv", "pyenv", "asdf", "direnv")},
    "mise": _rx(r"%B(?:exec|x)%E").search, "perf": _rx(r"%B(?:stat|record|trace)%E").search,
    **{n: _DOWNLOAD.search for n in ("dig", "nslookup", "drill", "kdig", "host")},
    # system._network_down, system._clock, files._kubectl, files.endless_source: the words they act on
    "ip": mentions("down", "del", "flush"), "ifconfig": mentions("down"),
    "nmcli": mentions("off", "down", "disconnect", "delete"), "date": _options("-s", "--set"),
    "timedatectl": mentions("set-time", "set-ntp"), "kubectl": mentions("--raw", "--all"), "seq": mentions("inf"),
    "shopt": mentions("history"),
    **{n: _never for n in ("mv", "touch", "mkdir", "unzip")},
    # written.check: literal text written into a file a tool runs (conftest.py, .envrc, package.json …)
    "tee": lambda text: bool(_CODE_TARGET.search(text)),
    # files.write_targets: a home or system file written fails the path scan; what is left is a target computed
    # at run time (a device, a site directory)
    **dict.fromkeys(("uniq", "patch", "iconv", "shuf", "sd", "sponge"), _computed_target),
    # escapes.py: code given by these options or on stdin; host._dmesg: the clearing options
    "cmake": mentions("-P"), "emacs": mentions("eval"),
    **dict.fromkeys(("mysql", "mariadb", "psql"), mentions("!", "system", "<")),
    # host._dmesg: a `c` or `C` in a short option cluster, --clear, --read-clear (a plain `dmesg`,
    # `dmesg -T`, `dmesg --level=err` have none)
    "dmesg": lambda text: "c" in text or "C" in text,
    # tools._gem_cargo: a plain-HTTP source
    **dict.fromkeys(("gem", "composer"), mentions("http:")),
    "cargo": mentions("http:", "--config"),  # hooks._cargo: a runner or wrapper given by --config
    # hooks.py: the options and verbs its checks read
    **dict.fromkeys(("apt", "apt-get", "aptitude"), mentions("-o", "--option")),
    "less": mentions("+"), "tox": mentions("-x", "--override"), "pre-commit": mentions("try-repo"),
    "run-parts": mentions("--regex"), "code-server": mentions("none"), "dockerd": mentions("tcp:"),
    **dict.fromkeys(("jupyter", "jupyter-notebook", "jupyter-lab"), mentions("token", "password", "--no-auth")),
    "loginctl": mentions("terminate", "kill", "poweroff", "reboot", "halt", "suspend", "hibernate", "lock",
                            "linger"),  # files._loginctl: enable-linger
    # net._uploads: a substitution in the payload
    **dict.fromkeys(("ping", "ping6", "traceroute"), mentions("$", "`")),
}


def _either(a, b):
    return lambda text: a(text) or b(text)


def _merge_screens(handlers: dict, known: frozenset[str]) -> None:
    """Take in the screens modules keep beside their handlers (SCREENS: name -> check, the same
    contract as the table above). A name both sides screen is sent on when either check says so.
    A name this table leaves always judged keeps that unless every handler of it is the screening
    module's own: its screen cannot speak for another module's rules (`php -r` is an interpreter
    first, whatever infra.py reads in `php artisan`), or every module with a handler of it screens it too."""
    from . import admin, agents, api_calls, appbuilds, chain, ci, cloud, containers, datastores, ecosystems, history, \
        infra, jsruntimes, keyrings, macos, migrations, shops, system, toolchains, tools, written
    from . import dns, forgeapi, forges, homelab, identity, mail, media, patches, scraping
    from . import cms, crm, desktop, devenv, records
    from . import brokers, frameworks, serverless
    from . import backups, directory, docsites, warehouses
    from . import geo
    from . import industrial
    from . import telecom
    from . import erp
    from . import office
    from . import routers
    from . import lms
    from . import hpc
    from . import streaming
    from . import mobile
    from . import secops
    from . import games

    screens: dict[str, dict[str, object]] = {}  # name -> screening module -> check
    for mod in (history, infra, agents, written, api_calls, ecosystems, tools, datastores, ci, system, toolchains, cloud,
                macos, keyrings, appbuilds, migrations, containers, jsruntimes, admin, shops, chain, identity, homelab,
                patches, mail, dns, forges, forgeapi, media, scraping, cms, crm, records, desktop, devenv,
                serverless, brokers, frameworks, warehouses, docsites, directory, backups, geo, industrial, telecom,
                erp, office, routers, lms, hpc, streaming, mobile, secops, games):
        for name, check in getattr(mod, "SCREENS", {}).items():
            screens.setdefault(name, {})[mod.__name__] = check
    for name, by in screens.items():
        old = _CONDITIONAL.get(name)
        # (the modules' `mentions` screens as one search, the others after it)
        found = [c for c in by.values() if isinstance(c, Screen)]
        merged = joined(found) if found else None
        for check in by.values():
            if not isinstance(check, Screen):
                merged = check if merged is None else _either(merged, check)
        if old is None:
            if name in known or any(f.__module__ not in by for f in handlers.get(name, ())):
                continue
            _CONDITIONAL[name] = merged
        else:
            _CONDITIONAL[name] = merged if old is _never else _either(old, merged)
    _CONDITIONAL_BYTES.update((n.encode(), c) for n, c in _CONDITIONAL.items() if c is not _never)


# names some rule knows to be harmless whatever their arguments (their strings are not commands)
_HARMLESS_KNOWN = frozenset(n for n, check in _CONDITIONAL.items() if check is _never) | SAFE_TOOLS

# the same checks keyed by the name as source bytes, for the screen on the first word (filled
# with the merged screens by _interesting(), which runs before any screen is read)
_CONDITIONAL_BYTES: dict = {}


@lru_cache(maxsize=1)
def _query() -> ts.Query:
    from ..parse import _language

    return ts.Query(_language("bash"), _QUERY)


_local = threading.local()


def _cursor() -> ts.QueryCursor:
    """This thread's query cursor (cursors hold match state)."""
    cur = getattr(_local, "cursor", None)
    if cur is None:
        cur = _local.cursor = ts.QueryCursor(_query())
    return cur


def head_screen(data: bytes) -> tuple[bool, str | None, object]:
    """A screen on the first word that can only send a command to the full analysis, never
    past it: (sent on, the clean text if built, the argument check already run on it and
    found clean). It sends on a name some rule always looks at, or one whose argument check
    (below) fails on this text: the full screen would say no anyway."""
    if not _INTERESTING:
        _interesting()  # fills _ALWAYS_JUDGED
    head = data.split(None, 1)
    if head:
        first = head[0]
        if first in _ALWAYS_JUDGED:
            return True, None, None
        check = _CONDITIONAL_BYTES.get(first)
        if check is not None:
            clean = _clean(data)
            return bool(check(clean)), clean, check
    return False, None, None


def plain(root, data: bytes, head: tuple[bool, str | None, object] | None = None) -> bool:
    """True when nothing in this command can trigger a rule (so it is allowed as is).
    `head` is head_screen(data) when the caller already has it."""
    sent, clean, passed = head or head_screen(data)
    if sent:
        return False
    try:
        cur = _local.cursor
    except AttributeError:
        cur = _cursor()
    if b"`" in data and b"<<" in data:
        return False  # exec.heredoc_backquotes: a here-document's backquotes run, the grammar leaves them text
    gt = data.find(b">")
    if gt >= 0 and _CODE_TARGET_B.search(data, gt):
        return False  # written.check: `printf '…' > conftest.py`, `cat > .envrc <<EOF` (a target follows a `>`)
    if gt >= 0 and b"mirroring" in data:
        return False  # infra.traefik_mirror, for `cat > dynamic/m.yml <<EOF` (tee's screen has the word)
    caps = cur.captures(root)
    if "slow" in caps:
        return False
    if b"&" in data and _for_jobs(data):
        return False  # system.check_spawn_loop: a for loop (perhaps) that starts background jobs
    for d in caps.get("decl", ()):
        if any(c.type != "variable_assignment" for c in d.named_children):
            return False  # `declare -p`, `export -f`: let the full rules see them
    if "var" in caps:
        if b"$" in data or b"`" in data:
            return False  # a variable set here may be expanded below (x=.ssh; cat ~/$x/id_rsa)
        for v in caps["var"]:
            if _risky_var(data[v.start_byte:v.end_byte].decode("utf-8", "replace"), data):
                return False
    return _names_plain((data[n.start_byte:n.end_byte] for n in caps.get("name", ())), data, clean, passed,
                        caps.get("str", ()))


def known_runners() -> frozenset[str]:
    """Command names some rule judges (the harmless ones left out): an argument of a program no rule
    knows that is one of these may start a command it runs (bash/handed.py)."""
    return _INTERESTING or _interesting()


def known_names() -> frozenset[str]:
    """Every command name some rule knows, the harmless ones (`cp`, `tee`, pagers) included."""
    return (_INTERESTING or _interesting()) | _HARMLESS_KNOWN


# a redirect's target, and the words after a `tee`
_WRITE_TARGET = re.compile(rb"""(?:>>?|>\||&>>?)[ \t]*([^\s;&|<>()'"]+|'[^']*'|"[^"]*")""")
_TEE_ARGS = re.compile(rb"(?<![\w.-])tee((?:[ \t]+[^\s;&|<>()]+)+)")


def _runs_written(data: bytes) -> bool:
    """Is a file this text writes (`> F`, `tee F`) named again after the write (`sh F`, `./F`)?"""
    for m in _WRITE_TARGET.finditer(data):
        t = m.group(1).strip(b"'\"").removeprefix(b"./")
        if t and t[:1] != b"&" and t != b"/dev/null" and data.find(t, m.end()) >= 0:
            return True
    for m in _TEE_ARGS.finditer(data):
        for t in m.group(1).split():
            t = t.strip(b"'\"").removeprefix(b"./")
            if t[:1] != b"-" and t != b"/dev/null" and data.find(t, m.end()) >= 0:
                return True
    return False
# a quoted string that bash/handed.py could find blocked as a command: one holding an operator,
# redirection, expansion, escape or newline, or whose first word is a path, a glob or a name
# some rule judges (path-like words anywhere are left to the path scan below)
_COMMANDISH = re.compile(rb"[|;&<>$`(\\\n]")
_TOKEN = re.compile(r"[^\s|&;<>()`$'\"]+", re.ASCII)
_ODD_FIRST = re.compile(rb"[/*?\[{]")


def _handed(strings, data: bytes) -> bool:
    for s in strings:
        if not isinstance(s, bytes):  # a string node: its text without the quotes (only those:
            raw = data[s.start_byte:s.end_byte]  # `'$x'` holds a `$`, as the simple screen reads it)
            s = raw[2:-1] if raw[:2] == b"$'" else raw[1:-1]
        if _COMMANDISH.search(s):
            return True
        first = s.split(None, 1)[:1]
        # (an assignment first, `"LD_PRELOAD=x ls"`, is a command too: its variable may be an env-hijack)
        if first and (_ODD_FIRST.search(first[0]) or b"=" in first[0] or
                      base_name(first[0].decode("utf-8", "replace")) in _INTERESTING):
            return True
    return False


def _names_plain(names, data: bytes, clean: str | None, passed, strings) -> bool:
    """The part of plain() that reads no tree: no command name (`names`, as source bytes)
    with a rule whose arguments are in the text, no quoted string (`strings`: string nodes,
    or the contents as bytes) handed to a program no rule knows that could be a command, and
    no path-like word a rule reads. `clean` is the cleaned text if already built, `passed`
    an argument check already run on it that found nothing."""
    interesting = _INTERESTING or _interesting()
    passed = {passed}
    unknown = False  # a program no rule knows: bash/handed.py judges its quoted arguments
    # exec.check_written_run: a file this text writes (a redirect, `tee`) and then runs by its path or with an
    # interpreter is judged as the text written to it
    writes = None if b">" in data or b"tee" in data else False
    for raw in names:
        # names are looked up as source bytes: most commands repeat a few dozen names
        base = _BASES.get(raw)
        if base is None:
            name = raw.decode("utf-8", "replace")
            if not _PLAIN_NAME.fullmatch(name):
                return False
            base = base_name(name)
            if len(_BASES) < 4096:
                _BASES[raw] = base
        if writes is not False and (b"/" in raw or base in RUNS_FILES):
            if writes is None:
                writes = _runs_written(data)
            if writes:
                return False
        if base in interesting:
            check = _CONDITIONAL.get(base)
            if check is None:
                return False
            if check in passed:
                continue  # `git add . && git commit`: the same check on the same text
            if clean is None:
                clean = _clean(data)
            if check(clean):
                return False
            # every check that found nothing is kept: two names taking turns (`curl … && mv …` x 1,500) would
            # otherwise search the whole text again on every line
            passed.add(check)
        elif base not in _HARMLESS_KNOWN:
            unknown = True
    if unknown:
        if strings and _handed(strings, data):
            return False
        # bash/handed.py reads the arguments of such a program from any name a rule knows on
        if clean is None:
            clean = _clean(data)
        tokens = _TOKEN.findall(clean)[1:]
        if not interesting.isdisjoint(tokens) or any(
                base_name(t) in interesting for t in tokens if "/" in t or t[-1:].isdigit() or t[-1:] == "."):
            return False
    # `$HOME` becomes `~` in the clean text, so it counts as a path character here
    if b"/" in data or b"~" in data or b"HOME" in data:
        if clean is None:
            clean = _clean(data)
        for raw in _PATHY.findall(clean):
            risky = _PATH_RISK.get(raw)
            if risky is None:
                risky = _path_risky(raw)
                if len(_PATH_RISK) < 4096:
                    _PATH_RISK[raw] = risky
            if risky:
                return False
    return True


# Simple text: words joined by `&&`, `||`, `|`, `;` and newlines, with comments. A word is
# made of plain characters, single-quoted strings and double-quoted strings with no `$`,
# backquote or backslash; outside quotes there is no expansion, redirection, glob bracket,
# brace or `#` (so a `#` after a blank starts a comment), and every command needs a word
# before the next operator. The grammar reads such text one way only: each segment between
# operators is a simple command whose first word is its name.
# tests/validate/test_fastpath_simple.py checks that reading against the grammar.
# (no control character in a string or a comment: the grammar rejects a NUL there, and a CR
# is nobody's)
_QUOTED = rb"""'[^'\x00-\x08\x0b-\x1f\x7f]*+'|"[^"$`\\\x00-\x08\x0b-\x1f\x7f]*+\""""
# possessive throughout: each part can be read one way only, so text that is not simple
# fails in one pass instead of backtracking through every split of its words
_WORD = rb"(?:[A-Za-z0-9_./:=@%%+,~*-]|%s)++" % _QUOTED
_SIMPLE_CMD = rb"%s(?:[ \t]++%s)*+" % (_WORD, _WORD)
_SIMPLE_LINE = rb"[ \t]*+(?:%s(?:[ \t]*+(?:&&|\|\||\||;)[ \t]*+%s)*+[ \t]*+;?+)?+(?:(?<![^ \t\n])#[^\n\x00-\x08\x0b-\x1f\x7f]*+)?+" % (
    _SIMPLE_CMD, _SIMPLE_CMD)
_SIMPLE = re.compile(rb"%s(?:\n%s)*+" % (_SIMPLE_LINE, _SIMPLE_LINE))
# In simple text: a command's first word (group 1; group 2 is a quote it runs into, which no
# plain name has), else a quoted string or a comment, skipped whole so that no operator or `#`
# inside one is taken for structure.
_NAME = re.compile(rb"""(?:^|&&|\|\||[|;\n])[ \t]*+([^\s;&|#'"]*+)(['"]?)|'([^']*+)'|"([^"]*+)"|#[^\n]*+""")
# names space-joined, each a plain word: the grammar reads others otherwise (`--opt=v` is an
# assignment to it; `a@`, `a%`, `a+:` are syntax errors), and no plain() answers for them anyway
_PLAIN_NAMES = re.compile(rb"[A-Za-z0-9_./+ -]*")
_TEST_OPERATOR = re.compile(rb"(?<![^ \t\n;&|])=[=~](?![^ \t\n;&|])")
# first words the grammar reads as structure (keywords, declarations, unset), not as a name
_STRUCTURE = frozenset(w.encode() for w in (
    "if", "then", "elif", "else", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in",
    "function", "time", "coproc", "declare", "typeset", "export", "readonly", "local", "unset", "unsetenv", "let"))


def simple(data: bytes) -> bool | None:
    """plain()'s answer for simple text (see _SIMPLE), without parsing it; None for any other
    text, which must be parsed (False also when the first word alone sends it on)."""
    return screen(data)[0]


def screen(data: bytes) -> tuple[bool | None, tuple[bool, str | None, object]]:
    """(True: allow, False: the full analysis must judge it, None: parse it and ask plain()),
    with the head_screen() plain() then takes. Most of an agent's commands (`git status`,
    `make test`, `git commit -m "..."`) are simple, and their parse would cost more than
    their judgement."""
    head = head_screen(data)
    if head[0]:
        return False, head
    parts = _simple_parts(data)
    if parts is None:
        return None, head
    names, strings = parts
    if not _ALWAYS_JUDGED.isdisjoint(names):
        return False, head  # before any argument check: a name the rules always judge decides it
    return _names_plain(names, data, head[1], head[2], strings), head


def simple_names(data: bytes) -> list[bytes] | None:
    """The command names of simple text, in order, as the grammar reads them; None for text
    that is not simple or has a command name the grammar may read otherwise."""
    parts = _simple_parts(data)
    return parts[0] if parts is not None else None


def _simple_parts(data: bytes) -> tuple[list[bytes], list[bytes]] | None:
    """(command names, contents of the quoted strings) of simple text; None as simple_names."""
    if not _SIMPLE.fullmatch(data):
        return None
    names = []
    strings = []
    for name, quote, single, double in _NAME.findall(data):
        if quote:
            return None  # a quoted name is never plain, and the grammar may take `if''` for a keyword
        if name:
            names.append(name)
        elif single or double:
            strings.append(single or double)
    # the grammar's other quirks: keywords and declarations, names not plain, `==` and `=~` words
    # (a lone `-` as a name vanishes from the grammar's tree: `- PATH=.` is read as an assignment)
    if not _STRUCTURE.isdisjoint(names) or b"-" in names or not _PLAIN_NAMES.fullmatch(b" ".join(names)) or (
            b"=" in data and _TEST_OPERATOR.search(data)):
        return None
    return names, strings


# `${HOME:?}`, `${HOME:-x}`: the words evaluator reads a set variable's value through these
_HOME_DEFAULT = re.compile(r"\$\{HOME:?[-?=][^}]*\}")
# `$HOME`, `${HOME}`, but not `$HOMEDIR`, another variable, which may be empty (differential fuzzing:
# `rm -rf "$HOMEDop$HOMEDeskt/"` lost its `$` and its review)
_HOME_VAR = re.compile(r"\$\{(?:HOME|WINHOME|WIN_HOME|USERPROFILE)\}|\$(?:HOME|WINHOME|WIN_HOME|USERPROFILE)(?![A-Za-z0-9_])")
_FALLBACK = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^{}]*)\}")
_PATH_RISK: dict[str, bool] = {}  # path-like word -> _path_risky(word), for words seen before


# secret patterns with a blank (`~/.config/*/Login Data`): the text scan splits at the blank,
# so the part before it is enough to send a command on
_SPACED = tuple(p.split(" ", 1)[0] for p in paths._SECRET if " " in p)


def _path_risky(raw: str) -> bool:
    # the word, a `--opt=PATH` / `@PATH` tail, a `-oPATH` attached value, a `file://PATH` URL
    # and the `SRC` of `SRC:DST` (files._path_word reads the same parts)
    tail = raw.split("=", 1)[-1].lstrip("@").removeprefix("file://")
    for tok in {raw, tail, raw[2:] if raw[:1] == "-" else raw, tail.split(":", 1)[0], raw.split(":", 1)[0]}:
        if tok.startswith("/dev/") or paths.kinds(tok) or (
                tok[:1] in "/~$" and ("*" in tok or "?" in tok or "[" in tok or "{" in tok or "}" in tok)):
            return True
        if _SPACED and tok[:1] == "~" and any(fnmatchcase(paths.normalize(tok), p) for p in _SPACED):
            return True
        if paths.KEY_FILE.search(tok):  # `cat "$D/id_rsa"`: a key file under a computed directory
            return True
    return False


def _clean(data: bytes) -> str:
    """The text as the argument checks read it: quotes and backslashes only delimit or
    escape, so they are dropped (`~/.ss''h` reads as `~/.ssh`), and `$HOME` is `~`."""
    text = data.decode("utf-8", "replace")
    clean = text.translate(_UNQUOTE) if ("'" in text or '"' in text or "\\" in text) else text
    if "HOME" in clean or "PROFILE" in clean:  # (WSL's `$WINHOME`, `$USERPROFILE`: the Windows profile, paths.py)
        clean = _HOME_DEFAULT.sub("~", _HOME_VAR.sub("~", clean))
    if "${" in clean and (found := _FALLBACK.findall(clean)):
        # `${KEY:-~/.ssh/id_rsa}`: the words evaluator reads a name the input never set as its fallback;
        # the fallbacks are scanned as words of their own too
        clean += "\n" + " ".join(found)
    return clean


def _risky_var(name: str, data: bytes) -> bool:
    from .system import _HIJACK, _HISTORY, _INDEX_VARS, _NPM_PROGRAM_ENV, _PROGRAM_VARS, JVM_OPTS, LIB_PATHS
    from .toolchains import build_var

    if name in LIB_PATHS:  # system.check_assigns: only world-writable entries (`PYTHONPATH=src` is fine)
        return any(d in _clean(data) for d in ("/tmp", "/dev/shm", "/var/tmp"))
    return name in _HIJACK or name in _PROGRAM_VARS or name in _HISTORY or name in JVM_OPTS or \
        name in ("PATH", "NODE_OPTIONS", "AGENT_IMMUNE_CONFIG") or name.lower() in _NPM_PROGRAM_ENV or \
        bool(_INDEX_VARS.match(name)) or build_var(name) or \
        name.startswith(("GIT_", "BASH_FUNC_", "LD_", "DYLD_"))
