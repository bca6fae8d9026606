"""The JavaScript script runtimes' own command lines: zx, and Deno's (and Bun's) installs and compiled programs.

- `zx https://…/setup.mjs` (also `npx zx URL`, `bunx zx URL`, `bun x zx URL`: commands.resolve unwraps the runner)
  runs a script fetched from the network unseen: blocked (download-exec), as `deno run -A https://…` and `node
  --import https://…` are (exec._remote_script), whatever the host. `zx --eval CODE` is judged as the TypeScript it
  is, and a local `zx scripts/release.mjs` stays allowed.
- `deno install -g -n git https://…/git.ts` puts a command named like a system tool (git, ssh, sudo, ls …: the
  names paths.py guards in ~/.local/bin) in ~/.deno/bin, early on the user's PATH: every later `git` runs that
  script. Blocked as persistence, as `cp x ~/.local/bin/git` is; the name is the `-n`/`--name` option's or, without
  it, the one Deno takes from the script's file name (`git.ts` -> git). Installing a tool under its own name
  (`deno install -g -n serve jsr:@std/http/file-server`) and `deno install` of the project's dependencies stay
  allowed.
- `deno compile --output /usr/local/bin/git wrapper.ts` (also `-o`, `--output=`) and `bun build --compile --outfile
  /usr/local/bin/sudo shim.ts` write a program under a system tool's name into a directory on the PATH: every later
  `git` runs it. Blocked as persistence, as `deno install -n git` is. A binary under a name of its own, or one built
  into the project (`--output dist/app`, `./bin/git`), stays allowed.

(`bunx`/`bun x` of a typosquat is hooks._npx's; a download piped into `deno run -` is the pipeline checks'.)
"""
from __future__ import annotations

import re

from .. import paths
from .commands import Cmd, option_value, positionals
from .common import mentions

_BY_ADDRESS = re.compile(r"^(?:https?|ftp|data):", re.IGNORECASE)
# zx's options that take a value (`--shell=/bin/zsh`, `--prefix 'set -e;'`); -e/--eval is its inline code
_ZX_ARG = frozenset({"--shell", "--prefix", "--postfix", "--cwd", "--env", "--ext", "--registry", "--eval", "-e"})
# deno install's options that take a value in the next word
_DENO_INSTALL_ARG = frozenset({"-n", "--name", "--root", "-c", "--config", "--import-map", "--lock", "--cert",
                               "--location", "--seed", "--v8-flags", "--inspect", "--env-file", "--entrypoint"})
# the file names Deno does not take a command's name from (it takes the folder's: `…/serve/mod.ts` -> serve)
_GENERIC_STEMS = frozenset({"main", "mod", "index", "cli"})
# the last folder of a directory on the PATH (/usr/local/bin, ~/.local/bin, /usr/sbin, ~/.deno/bin)
_BIN_DIRS = frozenset({"bin", "sbin"})


def _zx(a, cmd: Cmd) -> None:
    for code in option_value(cmd.args, "-e", "--eval"):
        if code.value is not None:
            a.nested(code.value, "typescript", code.node, None)
    pos = positionals(cmd.args, _ZX_ARG)
    script = pos[0] if pos else None
    if script is not None and script.value is not None and _BY_ADDRESS.match(script.value):
        a.block("download-exec", f"`zx` runs {script.value[:80]} straight from the network; download it, inspect "
                                 "it, then run the file", script.node)


def _installed_name(spec: str) -> str | None:
    """The command name `deno install` gives a script when no `--name` is given: its file's stem, or its folder's
    for a generic file name (`mod.ts`); None for a package specifier it names otherwise (`npm:`, `jsr:`)."""
    if spec.startswith(("npm:", "jsr:")):
        return None
    parts = [p for p in spec.split("?", 1)[0].split("/") if p]
    if not parts:
        return None
    stem = parts[-1].split(".", 1)[0]
    if stem in _GENERIC_STEMS and len(parts) > 1:
        stem = parts[-2].split("@", 1)[0]
    return stem or None


def _shadowing_binary(a, what: str, out) -> None:
    """A program written to `out` (a compiler's output option): a system tool's name in a bin directory outside
    the project (`/usr/local/bin/git`, `~/.local/bin/sudo`) shadows that tool for every later command."""
    target = paths.normalize(out.value or "")
    folder, _, name = target.rpartition("/")
    if not folder or folder[0] not in "/~" or folder.rsplit("/", 1)[-1] not in _BIN_DIRS:
        return  # a project's own dist/ or ./bin/: nothing on the PATH changes
    if paths.PERSISTENCE in paths.kinds("~/.local/bin/" + name):
        a.block("persistence", f"`{what}` writes a program named `{name}` into {folder}, on the PATH, so every later "
                               f"`{name}` runs it instead of the system's; build it under a name of its own or into "
                               "the project", out.node)


def _deno(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _DENO_INSTALL_ARG)
    if pos and pos[0].value == "compile":
        for out in option_value(cmd.args, "-o", "--output"):
            _shadowing_binary(a, "deno compile", out)
        return
    if not pos or pos[0].value != "install" or len(pos) < 2:
        return  # `deno install` alone installs the project's dependencies
    named = option_value(cmd.args, "-n", "--name")
    name = named[-1].value if named else _installed_name(pos[1].value or "")
    if name and paths.PERSISTENCE in paths.kinds("~/.local/bin/" + name):
        a.block("persistence", f"`deno install` puts a command named `{name}` on the PATH (~/.deno/bin), so every "
                               f"later `{name}` runs {pos[1].value or 'that script'} instead of the system's; install "
                               "it under a name of its own", (named[-1] if named else pos[1]).node)


def _bun(a, cmd: Cmd) -> None:
    if any(w.value == "--compile" for w in cmd.args) and any(w.value == "build" for w in cmd.args[:3]):
        for out in option_value(cmd.args, "--outfile"):
            _shadowing_binary(a, "bun build --compile", out)


HANDLERS: dict = {"zx": [_zx], "deno": [_deno], "bun": [_bun]}
# zx is judged only when it runs a script by its address or inline code; deno only for `install` and `compile`, bun
# only for a compiled build
SCREENS: dict = {"zx": mentions("http", "ftp:", "data:", "-e", "--eval"), "deno": mentions("install", "compile"),
                 "bun": mentions("--compile")}
