"""Build toolchains and where they fetch from (helper P, session 13).

A build runs more programs than the one named on the command line: the compiler, the linker, a compiler wrapper,
the dynamic loader of the binary it produced, and every module or crate it fetches. The thirteenth held-out batch
swapped each of them for a file of its own while the command line stayed `cargo build` or `go build`:

- Go's module proxy replaced with a host no rule knows while the checksum database is turned off (`GOPROXY=… 
  GOSUMDB=off`, `GONOSUMDB='*'`, `GOINSECURE`, `GOFLAGS=-insecure`, as prefixes, `env`, `export` or `go env -w`):
  that proxy can then serve any code under any module's name, and nothing checks it against what was published
  (block). The proxy replaced alone is allowed: the checksum database still checks what it serves.
- The compiler, linker or wrapper pointed at a file this input downloaded, or one in /tmp, /dev/shm, /var/tmp or a
  hidden folder of the home (`RUSTFLAGS="-C linker=/tmp/x"`, `CC=/tmp/cc make`, `RUSTC_WRAPPER`,
  `CARGO_TARGET_…_LINKER`, `cargo --config 'target.….linker=…'`, `make CC=…`): the build runs it on every
  compile unit (block). `CC=clang`, `CC="zig cc -target …"`, `RUSTC_WRAPPER=sccache` are ordinary.
- `patchelf --set-interpreter`/`--set-rpath`/`--add-needed` with such a file: every run of the binary loads it
  (block); `$ORIGIN`-relative paths are how relocatable builds are made (allowed).
- `brew tap user/repo https://host/…` on a host that is not a code host: a tap is a git repository of Ruby formulae,
  which brew runs as it installs (review, as a Brewfile's `tap` line is in ecosystems.py).
- A monorepo build's remote cache pointed at a host of no rule's (`TURBO_API=…`/`turbo --api`, Nx's self-hosted
  cache server; session 18): the build restores its outputs from there (what it serves runs as the build's own
  output) and uploads every task's outputs there. Held for review, as an unknown package index is; with the team's
  token given in the same input (`TURBO_TOKEN=$(cat …)`, `--token`) it is blocked: the tool sends the token to that
  host with every request, as npm's `//host/:_authToken=${NPM_TOKEN}` does. Vercel's and Nx Cloud's own hosts and the
  user's network stay allowed.

The build files that configure the same things (`.cargo/config.toml`, `.yarnrc.yml`, a Brewfile) are read where
their writes are (ecosystems.package_source), with the helpers below.
"""
from __future__ import annotations

import base64
import binascii
import re

from .. import paths
from .commands import Cmd, option_value, positionals
from .common import mentions
from .words import Word, file_key

# -- where a program is taken from --------------------------------------------------------------------------
# hidden folders of the home that installers use for the tools they install (a download into one is still caught
# by the download check)
_TOOL_HOMES = ("~/.cargo/bin/", "~/.local/bin/", "~/.rustup/", "~/.nix-profile/", "~/.asdf/", "~/.volta/",
               "~/.pyenv/", "~/.sdkman/", "~/.linuxbrew/", "~/.bun/bin/", "~/.deno/bin/", "~/.go/bin/",
               "~/.local/share/mise/", "~/.proto/")


def planted(a, value: str | None, text: str) -> str | None:
    """Why the program or library path a word names is not the machine's or the project's own: "downloaded earlier
    in this input", "in /tmp …", "in a hidden folder of the home"; None when it is neither. `text` (the word as
    written) is read when its value is not known: `$l` after `curl -o $l …`."""
    if value is None:
        key = text.strip("'\"")
        return "downloaded earlier in this input" if key.startswith("$") and a.downloaded.get(key) == "download" \
            else None
    if "/" not in value or value.startswith("$ORIGIN"):
        return None  # a bare name is looked up on PATH (or the loader's path), not in the working folder
    n = paths.normalize(value)
    if a.downloaded:
        key = file_key(Word(None, value, value))
        if key is not None and a.downloaded.get(key) == "download" or \
                a.downloaded.get(paths.normalize(a.in_cwd(value) or value)) == "download":
            return "downloaded earlier in this input"
    scratch = next((d for d in paths.SCRATCH if (n + "/").startswith(d)), None)
    if scratch:
        return f"in {scratch.rstrip('/')}, a folder anyone can write"
    if n.startswith("~/.") and not n.startswith(_TOOL_HOMES):
        return "in a hidden folder of the home"
    return None


def _tokens(value: str | None, text: str) -> list[tuple[str | None, str]]:
    """(value, text) of each blank-separated word of a program setting (`ccache /tmp/cc`, `zig cc -target x`)."""
    if value is not None:
        return [(t, t) for t in value.split() if not t.startswith("-")]
    return [(None, t) for t in text.split() if not t.startswith("-")]


# -- compilers, linkers and wrappers named by the environment -----------------------------------------------
PROGRAM_VARS = frozenset({"CC", "CXX", "LD", "AR", "CPP", "AS", "FC", "RANLIB", "NM", "STRIP", "OBJCOPY", "HOSTCC",
                          "HOSTCXX", "HOST_CC", "HOST_CXX", "TARGET_CC", "TARGET_CXX", "TARGET_AR", "RUSTC",
                          "RUSTDOC", "RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER", "CARGO_BUILD_RUSTC",
                          "CARGO_BUILD_RUSTC_WRAPPER", "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER", "CARGO_BUILD_RUSTDOC",
                          "CMAKE_C_COMPILER", "CMAKE_CXX_COMPILER", "CMAKE_LINKER", "CGO_CC", "CGO_CXX"})
# cargo's per-target linker and runner, cc-rs's per-target compilers (`CC_x86_64_unknown_linux_gnu`)
_TARGET_PROGRAM = re.compile(r"^CARGO_TARGET_\w+_(?:LINKER|RUNNER)$|^(?:CC|CXX|AR)_(?:x86_64|i[3-6]86|aarch64|arm|"
                             r"thumb|riscv|wasm|powerpc|s390x|mips|loongarch)[\w-]*$")
FLAG_VARS = frozenset({"RUSTFLAGS", "CARGO_BUILD_RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "RUSTDOCFLAGS", "CFLAGS",
                       "CXXFLAGS", "LDFLAGS", "CGO_LDFLAGS", "CGO_CFLAGS"})
# flags naming a program or plug-in the compiler runs: rustc's `-C linker=X` (`-Clinker=X`), its link-arg
# `-fuse-ld=X`, gcc/clang's `-fuse-ld=X`, `-B DIR` (where it looks for `ld`, `as`), `-fplugin=X`
_FLAG_PROGRAM = re.compile(r"(?:^|[\s\x1f])-C\s*(?:linker|link-arg=-fuse-ld|link-arg=-B)=?(\S+)|"
                           r"(?:^|[\s\x1f,])-(?:fuse-ld=|fplugin=|B\s*)(\S+)")


def build_var(name: str) -> bool:
    """Is `name` a variable that names a program of the build, or flags that can (cheap: system.check_assigns asks
    for every assignment)?"""
    return name in PROGRAM_VARS or name in FLAG_VARS or name[:6] == "CARGO_" and bool(_TARGET_PROGRAM.match(name)) \
        or name[:3] in ("CC_", "CXX", "AR_") and bool(_TARGET_PROGRAM.match(name))


def judge_build_var(a, name: str, w: Word) -> None:
    """`RUSTFLAGS="-C linker=/tmp/.ld"`, `CC=/tmp/cc-fast make`, `RUSTC_WRAPPER=~/.cache/rw/wrap cargo build`."""
    if name in FLAG_VARS:
        text = w.value if w.value is not None else w.text
        words = [(m.group(1) or m.group(2)).strip("'\"") for m in _FLAG_PROGRAM.finditer(text)]
        found = [(x if w.value is not None or "$" not in x else None, x) for x in words]
    else:
        found = _tokens(w.value, w.text)
    for value, text in found:
        why = planted(a, value, text)
        if why:
            a.block("download-exec", f"{name}={(w.value if w.value is not None else w.text)[:80]!r} makes the build "
                                     f"run {value or text} as its compiler, linker or wrapper, a file {why}: it runs "
                                     "on every unit the build compiles and can change what it produces; use the "
                                     "toolchain's own programs (or ones the project builds)", w.node)
            return


def _make(a, cmd: Cmd) -> None:
    """`make CC=/tmp/cc-fast`: make's command-line variables override the makefile's."""
    for w in cmd.args:
        key, eq, value = (w.value or w.text).partition("=")
        if eq and (key in PROGRAM_VARS or key in FLAG_VARS):
            judge_build_var(a, key, Word(w.node, value if w.value is not None else None, value))


_CARGO_PROGRAM_KEY = re.compile(r"(?:^|\.)(?:linker|rustc-wrapper|rustc-workspace-wrapper|rustc|rustdoc|runner)\s*$")


def _cargo(a, cmd: Cmd) -> None:
    """`cargo --config 'target.x86_64-unknown-linux-gnu.linker="/tmp/.ld"' build`, `cargo rustc -- -C linker=…`."""
    if cmd.args and cmd.args[0].value == "owner":
        _registry_change(a, cmd)
        return
    for w in option_value(cmd.args, "--config"):
        key, eq, value = (w.value or "").partition("=")
        if eq and _CARGO_PROGRAM_KEY.search(key):
            judge_config_program(a, f"`cargo --config {key.strip()}`", value, w.node)
            return
    if any(w.value == "--" for w in cmd.args):
        rest = cmd.args[[w.value for w in cmd.args].index("--") + 1:]
        flags = " ".join(w.value if w.value is not None else w.text for w in rest)
        if "linker" in flags or "fuse-ld" in flags:
            judge_build_var(a, "RUSTFLAGS", Word(cmd.node, flags, flags))


def judge_config_program(a, what: str, raw: str, node) -> bool:
    """A program a build configuration names (`rustc-wrapper = "…"`, `linker = "…"`, a runner's array)."""
    raw = raw.strip()
    items = [t.strip().strip("'\"") for t in raw.strip("[]").split(",")] if raw[:1] == "[" else [raw.strip("'\"")]
    for item in items[:8]:
        for value, _ in _tokens(item, item):
            why = planted(a, value, value)
            if why:
                a.block("download-exec", f"{what} makes cargo run {value}, a file {why}, for every build: it "
                                         "compiles or links each crate and can change what it produces; use the "
                                         "toolchain's own programs", node)
                return True
    return False


# -- what the project published, changed for everyone ----------------------------------------------------------
# `cargo owner --remove alice crate` takes a maintainer's publishing right away (she must accept a new invitation to
# get it back); `conan remove 'pkg/*' -r remote -c` deletes every version from the shared remote, with no undo. A
# person says whether it is meant (rule `irreversible`, as npm unpublish). `cargo yank` stays allowed, as
# history.py's policy has it: `cargo yank --undo` takes it back, and lockfiles keep resolving the version.
def _registry_change(a, cmd: Cmd) -> None:
    vals = [w.value for w in cmd.args]
    if cmd.name == "cargo" and vals[0] == "owner" and any(v in ("--remove", "-r") or (v or "").startswith("--remove=")
                                                             for v in vals):
        a.review("irreversible", "`cargo owner --remove` takes a maintainer's right to publish the crate away (they "
                                 "must accept a new invitation to get it back); a person should confirm", cmd.node)


def _conan(a, cmd: Cmd) -> None:
    vals = [w.value for w in cmd.args]
    if not vals or vals[0] not in ("remove", "rm"):
        return
    remote = [w.value for w in option_value(cmd.args, "-r", "--remote")]
    if not remote or "--dry-run" in vals:
        return  # the local cache: the packages are downloaded again when needed
    a.review("irreversible", f"`conan remove` deletes packages from the shared remote `{remote[0] or '…'}`: every "
                             "project that depends on them stops resolving, and nothing restores them; a person "
                             "should confirm (`--dry-run` lists what would go)", cmd.node)


# -- Go: the module proxy and the checksum database ---------------------------------------------------------------
GO_VARS = frozenset({"GOPROXY", "GOSUMDB", "GONOSUMDB", "GONOSUMCHECK", "GOINSECURE", "GOFLAGS", "GOPRIVATE",
                     "GONOPROXY"})
# base64 text decoded by a substitution (`$(echo aHR0… | base64 -d)`, `$(base64 -d <<< aHR0…)`)
_B64 = re.compile(r"echo\s+(?:-n\s+)?['\"]?([A-Za-z0-9+/]{8,}={0,2})['\"]?\s*\|\s*base64\s+(?:-d|--decode|-D)\b|"
                  r"base64\s+(?:-d|--decode|-D)\s*<<<\s*['\"]?([A-Za-z0-9+/]{8,}={0,2})")
_COMPUTED = "\0computed"


def _go_value(w: Word) -> str | None:
    """A Go setting's value: as the evaluator gives it, a literal decoded by a substitution, `_COMPUTED` for another
    substitution's output (a host nobody wrote down), None for a plain variable's unknown value."""
    if w.value is not None:
        return w.value
    m = _B64.search(w.text)
    if m:
        try:
            out = base64.b64decode(m.group(1) or m.group(2), validate=True).decode("ascii").strip()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            out = ""
        if out.isprintable() and out:
            return out
    return _COMPUTED if w.substitutions else None


def _go_written(a) -> dict[str, Word]:
    """The settings earlier `go env -w` commands of this input stored (later go commands read them)."""
    out: dict[str, Word] = {}
    for doc, c in a.ctx.commands:
        if doc is a.doc and c.name == "go" and c.args and c.args[0].value == "env" and any(
                w.value == "-w" for w in c.args):
            out.update(_pairs(c.args[1:]))
    return out


def _pairs(args: list[Word]) -> dict[str, Word]:
    out: dict[str, Word] = {}
    for w in args:
        key, eq, value = (w.value if w.value is not None else w.text).partition("=")
        if eq and key in GO_VARS:
            out[key] = Word(w.node, value if w.value is not None else None, value, substitutions=w.substitutions)
    return out


def judge_go(a, given: dict[str, Word], how: str) -> None:
    """The Go settings `given` here (assignments, `go env -w` pairs), with those already in force (exported earlier,
    stored by `go env -w`): a proxy on a host no rule knows with the checksum check off is blocked. The proxy alone
    is not: the checksum database still checks every public module it serves against what was published (unlike
    pip's and npm's indexes, which nothing checks), so a company proxy stays allowed (session 12's tests)."""
    flags = given.get("GOFLAGS")
    if flags is not None and _go_tool_flags(a, flags.value if flags.value is not None else flags.text, how, flags.node):
        return
    proxy = given.get("GOPROXY")
    if proxy is None and not any(n in given for n in ("GOSUMDB", "GONOSUMDB", "GONOSUMCHECK", "GOINSECURE",
                                                      "GOFLAGS", "GOPRIVATE")):
        return
    settings: dict[str, Word] = _go_written(a)
    for name in GO_VARS:
        v = a.ev.vars.get(name)
        if isinstance(v, str):
            settings[name] = Word(None, v, v)
    settings.update(given)
    proxy_word = settings.get("GOPROXY")
    host = _foreign_proxy(_go_value(proxy_word)) if proxy_word is not None else None
    if host is None:
        return
    off = _sums_off(settings)
    if off:
        shown = "a computed address" if host == _COMPUTED else host
        a.block("download-exec", f"{how} makes go fetch modules from {shown} with {off}: that proxy can serve any code "
                                 "under any module's name and nothing checks it against what was published; the "
                                 "build runs it (init functions, tests, go generate). Keep the checksum database on "
                                 "(GOSUMDB) and the configured proxy", (proxy or next(iter(given.values()))).node)


def _foreign_proxy(value: str | None) -> str | None:
    """The first proxy of a GOPROXY list (`https://a,direct`, `https://a|https://b`) on a host no rule knows."""
    from ..hosts import url_host
    from .tools import known_index_host

    if value is None:
        return None
    if value == _COMPUTED:
        return _COMPUTED
    for entry in re.split(r"[,|]", value):
        entry = entry.strip()
        if not entry or entry in ("direct", "off") or entry.startswith("file://"):
            continue
        host = url_host(entry if "://" in entry else "https://" + entry)
        if host and not known_index_host(host):
            return host
    return None


def _sums_off(settings: dict[str, Word]) -> str | None:
    """What in `settings` turns the checksum check off for every module ("GOSUMDB=off" …), if anything does."""
    def val(name: str) -> str:
        w = settings.get(name)
        return (w.value if w.value is not None else "") if w is not None else ""

    if val("GOSUMDB").strip() == "off":
        return "GOSUMDB=off"
    for name in ("GONOSUMDB", "GOPRIVATE", "GOINSECURE"):
        if any(p.strip() in ("*", "*/*", "*.*") for p in val(name).split(",")) or name == "GOINSECURE" and val(name):
            return f"{name}={val(name)}"
    if val("GONOSUMCHECK").strip() not in ("", "0"):
        return f"GONOSUMCHECK={val('GONOSUMCHECK')}"
    if "-insecure" in val("GOFLAGS").split():
        return "GOFLAGS=-insecure"
    return None


def go_assigns(a, assigns: list[tuple[str, Word]]) -> None:
    """Assignments (prefixes, `env X=…`, `export`) among which a Go setting is (system.check_assigns)."""
    given = {n: w for n, w in assigns if n in GO_VARS}
    if given:
        judge_go(a, given, "`" + " ".join(f"{n}={(w.value if w.value is not None else w.text)[:60]}"
                                          for n, w in given.items()) + "`")


# go's flags that name a program it runs: `-toolexec` before every compile and link tool, `-exec` for the binaries
# `go run`/`go test` build
_GO_RUN_FLAG = re.compile(r"(?:^|\s)--?(toolexec|exec)(?:=|\s+)(['\"]?)([^\s'\"]+)\2")


def _go_tool_flags(a, flags: str, how: str, node) -> bool:
    """`GOFLAGS=-toolexec=/tmp/.gtx`, `go build -toolexec /tmp/x`: go runs that program around every compiler and
    linker call (it sees and can change all the code built). One downloaded, or in a scratch or hidden folder, is
    blocked; a tool the machine has (`-toolexec=\"go-cover …\"`) is not."""
    for m in _GO_RUN_FLAG.finditer(flags):
        program = m.group(3)
        why = planted(a, program, program)
        if why:
            a.block("download-exec", f"{how} makes go run {program}, a file {why}, "
                                     f"{'around every compile and link' if m.group(1) == 'toolexec' else 'in place of every binary it builds'}"
                                     ": it sees and can change everything built; drop the flag, or use a tool the "
                                     "toolchain installs", node)
            return True
    return False


def _go(a, cmd: Cmd) -> None:
    """`go env -w GOPROXY=https://… GOSUMDB=off`: stored for every later go command of the user. Turning the
    checksum database off there (`GOSUMDB=off`, `GONOSUMDB=*`, `GOINSECURE=*`, `GOFLAGS=-insecure`) is the protection
    off for every module of every later build, whatever proxy serves it: blocked. For one command (a prefix) it stays
    judged with the proxy (judge_go)."""
    if cmd.args and cmd.args[0].value == "env" and any(w.value == "-w" for w in cmd.args):
        given = _pairs(cmd.args[1:])
        if not given:
            return
        how = "`go env -w " + " ".join(f"{n}={w.text[:60]}" for n, w in given.items()) + "`"
        off = _sums_off(given)
        if off and off.startswith("GOINSECURE=") and "*" not in off:
            off = None  # plain-HTTP fetches from the named hosts (a company server); judged with the proxy below
        if off:
            a.block("download-exec", f"{how} turns the checksum database off ({off}) for every later go command of "
                                     "the user: a module (a fork under a known module's name, a proxy's copy) is then "
                                     "built unchecked against what was published; leave GOSUMDB on and list the "
                                     "team's private module paths in GOPRIVATE", next(iter(given.values())).node)
            return
        judge_go(a, given, how)
    elif cmd.args and cmd.args[0].value in ("build", "run", "test", "install", "vet", "generate"):
        text = " ".join(w.value if w.value is not None else w.text for w in cmd.args[1:])
        if "exec" in text:
            _go_tool_flags(a, text, f"`go {cmd.args[0].value} …`", cmd.node)


# -- patchelf: the loader and the libraries a binary loads ------------------------------------------------------
_PATCHELF_PATHS = ("--set-interpreter", "--set-rpath", "--add-rpath", "--add-needed", "--replace-needed")


def _patchelf(a, cmd: Cmd) -> None:
    """`patchelf --set-interpreter /tmp/ld.so bin/x`, `--set-rpath /tmp/.rt`: every run of the binary loads it."""
    for opt in _PATCHELF_PATHS:
        for w in option_value(cmd.args, opt):
            values = [(None, w.text)] if w.value is None else [(p, p) for p in w.value.split(":") if p]
            if opt == "--replace-needed":  # OLD NEW: NEW is the word after OLD
                j = cmd.args.index(w) + 1 if w in cmd.args else len(cmd.args)
                nxt = cmd.args[j] if j < len(cmd.args) else None
                values = [(nxt.value, nxt.text)] if nxt is not None else []
            for value, text in values:
                why = planted(a, value, text)
                if why:
                    a.block("download-exec", f"`patchelf {opt} {value or text}` makes the binary load what is there, "
                                             f"{why}, every time it runs; point it at the system's loader and libraries, or "
                                             "`$ORIGIN`-relative ones the project ships", w.node)
                    return


# -- Homebrew taps ---------------------------------------------------------------------------------------------
def _brew(a, cmd: Cmd) -> None:
    """`brew tap acme/tools https://git.example.com/acme/homebrew-tools`: a repository of formulae brew runs."""
    pos = positionals(cmd.args)
    if len(pos) >= 3 and pos[0].value == "tap":
        url = pos[2].value
        judge_tap(a, f"`brew tap {pos[1].value or pos[1].text} {(url or '')[:100]}`", url, pos[2].node)


def judge_tap(a, what: str, url: str | None, node) -> bool:
    """A tap's address on a host that is neither a code host nor the user's own network: held for review."""
    from .tools import _code_host, _remote, known_index_host

    host = _remote(url or "") if url else None
    if host is None and url and url.startswith(("git@", "http://")):
        from ..hosts import url_host

        host = url_host(url if "://" in url else "ssh://" + url.replace(":", "/", 1))
    if not host or _code_host(host) or known_index_host(host):
        return False
    a.review("download-exec", f"{what} adds a tap from {host}: a tap is a git repository "
                              "of Ruby formulae that brew runs as it installs them, taken from a host that is not a "
                              "code host; tap by name (user/repo) or have the user confirm this source", node)
    return True


# -- a monorepo build's remote cache ----------------------------------------------------------------------------
# tool -> (the variables and options naming the cache's address, those giving its token, the vendor's own domains)
_REMOTE_CACHES = {
    "turbo": (("TURBO_API", "--api"), ("TURBO_TOKEN", "--token"), ("vercel.com", "vercel.app")),
    "nx": (("NX_SELF_HOSTED_REMOTE_CACHE_SERVER", "NX_CLOUD_API"),
           ("NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN", "NX_CLOUD_ACCESS_TOKEN", "NX_CLOUD_AUTH_TOKEN"), ("nx.app",)),
}


def _setting(a, cmd: Cmd, names: tuple[str, ...]) -> tuple[str, str | None, object] | None:
    """(name, value, node) of the first of `names` this command is given: an option (`--api=URL`, `--api URL`), a
    prefix assignment, or a variable this input assigned or exported earlier (value None when not known here)."""
    for name in names:
        if name.startswith("-"):
            for w in option_value(cmd.args, name):
                return name, w.value, w.node
        else:
            for n, w in cmd.assigns:
                if n == name:
                    return name, w.value, w.node
            if name in a.ev.vars:
                return name, a.ev.vars[name], cmd.node
    return None


def _remote_cache(a, cmd: Cmd) -> None:
    from ..hosts import url_host
    from .tools import _allow_hint, known_index_host

    api_names, token_names, own = _REMOTE_CACHES[cmd.name]
    api = _setting(a, cmd, api_names)
    if api is None or not api[1]:
        return
    host = url_host(api[1])
    if not host or known_index_host(host) or any(host == d or host.endswith("." + d) for d in own):
        return
    token = _setting(a, cmd, token_names)
    where = f"`{api[0]}{'=' if not api[0].startswith('-') else ' '}{api[1][:80]}` points {cmd.name}'s remote cache at {host}"
    if token is not None:
        a.block("exfiltration", f"{where} and gives it the team's token ({token[0]}): {cmd.name} sends the token there "
                                "with every request, and uploads every task's outputs; keep the cache on the vendor's "
                                f"own host or the organisation's, and never hand a token to an unknown host", api[2])
    else:
        a.review("download-exec", f"{where}: the build restores its outputs from there (what it serves runs as the "
                                  "build's own) and uploads every task's outputs to it; keep the configured cache, or, "
                                  f"{_allow_hint(host)}", api[2])


HANDLERS: dict = {"make": [_make], "gmake": [_make], "cargo": [_cargo], "go": [_go], "patchelf": [_patchelf],
                  "brew": [_brew], "conan": [_conan], **{n: [_remote_cache] for n in _REMOTE_CACHES}}
# fastpath screens (merged in fastpath._merge_screens): name -> check of the command's text. A build variable
# assigned anywhere in the text (`CC=/tmp/x make`, `export RUSTC_WRAPPER=…; cargo build`), or the words each
# handler reads
_BUILD_ASSIGN = re.compile(r"(?:^|[\s;&|(])(?:CC|CXX|LD|AR|CPP|AS|FC|NM|STRIP|OBJCOPY|RANLIB|HOSTCC|HOSTCXX|"
                           r"(?:HOST|TARGET)_\w+|RUSTC\w*|RUSTDOC|CARGO_\w+|CMAKE_\w+|CGO_\w+|(?:CC|CXX|AR)_\w+|"
                           r"\w*FLAGS)=")
_BUILD_SCREEN = _BUILD_ASSIGN.search
SCREENS: dict = {
    "make": _BUILD_SCREEN, "gmake": _BUILD_SCREEN, "cmake": _BUILD_SCREEN,
    "cargo": lambda text: _BUILD_SCREEN(text) is not None or "--config" in text or "linker" in text or
    "fuse-ld" in text or "owner" in text,
    "conan": lambda text: "remove" in text or "rm" in text,
    "go": lambda text: _BUILD_SCREEN(text) is not None or _GO_SCREEN(text),
    "brew": lambda text: "tap" in text and ("://" in text or "@" in text),
    # _remote_cache: an address given to the cache, as an option or a variable assigned anywhere in the text
    "turbo": mentions("TURBO_API", "--api"),
    "nx": mentions("NX_SELF_HOSTED_REMOTE_CACHE_SERVER", "NX_CLOUD_API"),
}
_GO_SCREEN = mentions("GOPROXY", "GOSUMDB", "GONOSUM", "GOINSECURE", "GOFLAGS", "GOPRIVATE", "toolexec", "-exec")
