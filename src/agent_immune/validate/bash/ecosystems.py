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
the secret sent (exfiltration), as `gh auth token | curl …` is; and `go run`/`go install` of a module fetched
with its checksum check turned off (`GONOSUMDB=*`, `GOSUMDB=off`, `GOINSECURE=*`, `GOFLAGS=-insecure`).
"""
from __future__ import annotations

import json
import re

from .commands import Cmd, option_value, positionals
from .common import NET_SENDERS, mentions
from .words import Word

# -- build files a build tool runs on its own ---------------------------------------------------------------
# file names (the screens read this: a write whose target matches is sent to the full analysis)
BUILD_TARGET = re.compile(r"build\.rs\b|[Rr]akefile|\.rake\b|Gemfile|\.gemspec\b|\.gradle(?:\.kts)?\b|mix\.exs\b|"
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
_MSBUILD_EXEC = re.compile(r"""<Exec\b[^>]*?\bCommand\s*=\s*(["'])(.*?)\1""", re.S | re.I)
_XML_ENTITIES = (("&quot;", '"'), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_GO_GENERATE = re.compile(r"^[ \t]*//go:generate[ \t]+(.+)$", re.M)
_GO_ALIAS = re.compile(r"^\s*-command\s+\S+\s+")
_MAX_STRINGS = 48  # literals judged per file: a bound on the work, far above what a build script's commands hold


def build_kind(path: str) -> str | None:
    """How the build file at `path` is run: a language of _CODE_KINDS, "go", "composer" or None."""
    for ext in _STAGING_EXT:  # `… > build.rs.tmp && mv build.rs.tmp build.rs`: judged by its real name
        if path.endswith(ext):
            path = path[:-len(ext)]
    if path.endswith(".go"):
        return "go"
    if path.rsplit("/", 1)[-1] == "composer.json":
        return "composer"
    return next((kind for kind, rx in _CODE_KINDS if rx.search(path)), None)


def commands_in(kind: str, text: str) -> list[tuple[str, str]]:
    """(command, what runs it) for each shell command the build file of `kind` holding `text` may run."""
    if kind == "go":  # `-command NAME CMD…` defines NAME as CMD for later directives: CMD is what runs
        return [(_GO_ALIAS.sub("", m.group(1)).strip(), "`go generate` runs it")
                for m in _GO_GENERATE.finditer(text)][:_MAX_STRINGS]
    if kind == "composer":
        return [(c, "composer runs it on install or `composer run-script`") for c in _composer_scripts(text)]
    why = _RUNS[kind]
    out: list[tuple[str, str]] = []
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
    for m in _STRING.finditer(text):
        raw = next((g for g in (m.group(1), m.group(3)) if g is not None), None)
        if raw is None:
            quoted = next((g for g in m.group(4, 5, 6, 7, 8, 9) if g is not None), "")
            raw = _ESCAPE.sub(lambda e: _ESCAPES.get(e.group(1), e.group(1)), quoted)
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

    kind = build_kind(path)
    if kind is None:
        return False
    for command, why in commands_in(kind, text):
        found = blocked(a, command, "bash")
        if found is not None:
            a.block(found.rule, f"the build file {path} written here holds the command `{command[:80]}`, which "
                                f"would be blocked ({found.message}); {why}: write build steps that pass on their "
                                "own", node)
            return True
    if kind in _JVM_KINDS or kind == "ruby":
        if remote_code(a, path, kind, text, node):
            return True
    if kind == "ruby" and path.rsplit("/", 1)[-1] in ("Gemfile", "gems.rb", "Gemfile.tmp"):
        from .appbuilds import sources_written

        return sources_written(a, path, text, node)
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
        if build_kind(path) and judge_build_file(a, path, *got) or _SOURCE_FILE.search(path) and \
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
_NUGET_VALUE = re.compile(r"""<add\b[^>]*?\bvalue\s*=\s*["']([^"']+)["']""", re.I)
_NUGET_ADD = re.compile(r"""<add\b[^>]*?\bkey\s*=\s*["']([^"']*)["'][^>]*?\bvalue\s*=\s*["']([^"']+)["']""", re.I)
_URL = re.compile(r"http://[^\s\"'<>\]\[,]+")
# `.gemrc`'s `:sources:` list (and a `--source URL` on its `gem:` line); `.bundle/config`'s mirrors
_GEMRC_SOURCE = re.compile(r"^\s*-\s*[\"']?(https?://[^\s\"']+)|--source[ =]([^\s\"']+)", re.M)
_BUNDLE_MIRROR = re.compile(r"""^\s*BUNDLE_MIRROR__[\w]+\s*:\s*["']?([^\s"']+)""", re.M | re.I)
# bun's registries (`registry = "…"`, `registry = { url = "…" }`, a scope's `"@org" = "…"`): every quoted address of a
# bunfig is one; a .condarc's channels, `channel_alias` and `default_channels` (its proxies, `http:`/`https:` keys of
# `proxy_servers`, are not package sources)
_QUOTED_URL = re.compile(r"""["'](https?://[^"'\s]+)["']""")
_CONDA_URL = re.compile(r"""^(?!\s*https?\s*:)[^#\n]*?(https?://[^\s"'#]+)""", re.M)
# (and, for the screens only, Python's start-up files, which files.startup_file judges: `echo 'import os;…' >
# .venv/lib/python3.12/site-packages/x.pth` names no path the shortcut's path scan knows)
WRITE_TARGET = re.compile(BUILD_TARGET.pattern + r"|settings\.xml|pom\.xml|bunfig\.toml|\.condarc|"
                          r"[Nn]u[Gg]et\.[Cc]onfig|\.yarnrc|\.cargo/config|\.gemrc|Brewfile|\.pth\b|(?:site|user)customize|"
                          r"\.bundle/config")


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
_YARN_REGISTRY = re.compile(r"^\s*npmRegistryServer\s*:\s*[\"']?([^\"'\s#]+)", re.M)
_YARN_TOKEN = re.compile(r"^\s*(npmAuthToken|npmAuthIdent)\s*:\s*(.+)$", re.M)
_YARN_UNSAFE = re.compile(r"^\s*unsafeHttpWhitelist\s*:(.*(?:\n\s+-.*)*)", re.M)


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
_BREW_TAP = re.compile(r"""^\s*tap\s*\(?\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']""", re.M)


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
_TOOL_RUNS = {"cargo": ("rust",), "go": ("go",), "composer": ("composer",), "cmake": ("cmake",)}
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
        if path and BUILD_TARGET.search(path) and build_kind(path) in kinds:
            got = _written_text(a, c)
            if got is not None and judge_build_file(a, path, *got):
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
            ("ssm", "get-parameters", "--with-decryption"), ("ssm", "get-parameters-by-path", "--with-decryption")),
    "gcloud": (("secrets", "versions", "access"),),
    "az": (("keyvault", "secret", "show"), ("keyvault", "secret", "download")),
    "op": (("inject",),),
    "bw": (("get",),), "lpass": (("show",),),
    "terraform": (("output", "-json"), ("output", "-raw")),
    "npm": (("token", "create"),),
}


def secret_printed(cmd: Cmd) -> str | None:
    """`vault token create` when `cmd` prints a secret its tool keeps, else None."""
    ways = _SECRET_PRINTERS.get(cmd.name)
    if not ways:
        return None
    vals = {v.split("=", 1)[0] for v in cmd.values() if v}
    for words in ways:
        if all(w in vals for w in words):
            return f"`{cmd.name} {' '.join(words)}`"
    return None


def _sends_secret_output(a, cmd: Cmd) -> None:
    """`vault token create | jq -r .auth.client_token | curl -d @- …`, `curl -d "t=$(hf auth token)" …`: a network
    program fed by an earlier stage of its pipeline, or by a substitution among its own words, that prints a secret
    its tool keeps. (Read from the sender's side: several printers' names are screened by other modules.)"""
    from .common import pipeline_stage

    if cmd.name == "openssl" and "s_client" not in cmd.values():
        return  # `openssl enc` encrypts what it reads: the stage after it is the one that may send
    where = pipeline_stage(cmd)
    before = where[0][:where[1]] if where is not None else []
    start, end = cmd.node.start_byte, cmd.node.end_byte
    for doc, c in reversed(a.ctx.commands):
        if doc is not a.doc or c.name not in _SECRET_PRINTERS:
            continue
        n = c.node
        inside = start <= n.start_byte and n.end_byte <= end and n != cmd.node
        if inside or any(s.start_byte <= n.start_byte and n.end_byte <= s.end_byte for s in before):
            what = secret_printed(c)
            if what is not None:
                a.block("exfiltration", f"{what} prints a secret, and `{cmd.name}` sends it off the machine; never "
                                        "send credentials anywhere", c.node)
                return


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


HANDLERS: dict = {n: [_runs_build_file] for n in _TOOL_RUNS}
for _n in ("tee", "echo", "printf"):
    HANDLERS[_n] = [check_write]
for _n in ("conda", "mamba", "micromamba", "bun"):
    HANDLERS[_n] = [_package_source_flags]
for _n in NET_SENDERS:
    HANDLERS.setdefault(_n, []).append(_sends_secret_output)
HANDLERS["composer"].append(_composer)
HANDLERS["go"].append(_go)

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


SCREENS: dict = {
    **{n: _WRITE for n in ("echo", "printf", "cargo", "cmake")},
    "tee": lambda text: WRITE_TARGET.search(text) is not None,
    **{n: mentions("http:", "https:") for n in ("conda", "mamba", "micromamba", "bun")},
    **{n: _secret_fed for n in NET_SENDERS},
    "composer": lambda text: "scripts." in text or _WRITE(text),
    "go": lambda text: _WRITE(text) or _GO_SUMS(text),
}
