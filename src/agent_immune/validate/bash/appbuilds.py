"""JVM, .NET, Ruby, PHP, Elixir and mobile builds: where their packages come from, the build files their tools run,
the phone on the other end of `adb`, and the App Store's one-way switches (helper V, session 14).

The held-out batch of the fourteenth session did its harm with each ecosystem's everyday commands:

- Package sources replaced: `gem sources --add URL`, `bundle config set --global mirror.all URL`, `composer config -g
  repo.packagist composer URL`, `dotnet nuget add source URL`, `nuget sources add -Source URL`, `pod repo add`, `mix
  hex.repo add`, and the one-off `--source` of an install or restore. Judged by the project's index policy as pip's and
  npm's are (tools.check_index_replaced, tools.known_index_host): over plain HTTP blocked, to an HTTPS host that is
  neither a registry product's nor the user's own network held for review, the defaults and the user's own allowed.
  A source address decoded from an encoded literal at run time is blocked: nothing in the text says where it points.
  (The same settings written into their files, `~/.m2/settings.xml`, `NuGet.Config`, `.gemrc`, `.bundle/config`, are
  read by ecosystems.package_source.)
- Build files whose code the tools run: fastlane's `Fastfile` (and its `Appfile`, `Matchfile` …), CocoaPods' `Podfile`
  and `*.podspec`, `Dangerfile`, `Guardfile`, `Capfile`, `Vagrantfile`: Ruby, with no grammar here. The shell strings
  they hand to a shell (`sh("…")`, `system("…")`, backquotes, `%x(…)`) and the literals they decode
  (`Base64.decode64("…")`) are judged as shell commands (ecosystems.commands_in); one that would be blocked on its
  own blocks the write (bash/written.py calls judge_build_file). A `jq` edit that puts a command into a
  `composer.json` script is judged the same way.
- `adb`: data read off the phone (its messages, contacts and call log through `content query`, an app's private files
  through `run-as`, the shared storage under /sdcard) is the user's, and piped or uploaded off the machine it is
  exfiltrated (bash/net.py reads device_data as a leak source; `adb pull`/`adb backup` files are noted for an upload
  later). `adb uninstall` (and `pm uninstall`, `pm clear`) on a real device loses the app's data there: reviewed; on an
  emulator it is the daily reinstall.
- The Gradle and Maven wrappers (session 19): `./gradlew` runs `gradle/wrapper/gradle-wrapper.jar` (`./mvnw`,
  `.mvn/wrapper/maven-wrapper.jar`), so that jar downloaded earlier in the input and not checked against a literal
  checksum is downloaded code run; the distribution the wrapper fetches (`distributionUrl` of its properties, written
  or edited) is a package source: Gradle's and Maven's own hosts are the defaults, another HTTPS host is held for
  review as a mirror, plain HTTP blocked.
- App Store Connect: a build expired through the API (`PATCH /v1/builds/ID` with `"expired": true`) can never be
  un-expired: reviewed as irreversible.
"""
from __future__ import annotations

import json
import re

from ..per_input import holds, in_input
from .. import paths
from .commands import Cmd, option_value, positionals
from .common import mentions, pipeline_stage, plain_http
from .words import Word

# -- package sources set by command -------------------------------------------------------------------------------
_SPLITS = frozenset({"simple_expansion", "expansion"})


def _as_split(cmd: Cmd) -> Cmd:
    """`b='nuget add source'; dotnet $b URL`: bash splits an unquoted expansion's known value at blanks into words
    (the walk splits only a command's name so)."""
    if not any(w.node.type in _SPLITS and w.value and len(w.value.split()) > 1 for w in cmd.args):
        return cmd
    words = cmd.words[:1]
    for w in cmd.args:
        split = w.node.type in _SPLITS and w.value and len(w.value.split()) > 1
        words += [Word(w.node, x, x) for x in w.value.split()] if split else [w]  # type: ignore[union-attr]
    return Cmd(cmd.node, words, cmd.name, assigns=cmd.assigns, redirects=cmd.redirects)


_CODE_HOST_KINDS = frozenset({"vcs", "git", "github", "gitlab", "bitbucket"})  # composer repositories that are code


def _source(a, how: str, w: Word, later: bool, code: bool = False, shown: str | None = None) -> None:
    """Judge the package source `w` given by `how`: plain HTTP blocked, a host no rule knows reviewed (tools' policy),
    an address decoded at run time blocked; `later` when it is kept for every later install; `code` when the source is
    a repository of code (a code host's is the user's to read); `shown` says what set it, in place of the command."""
    from .tools import _code_host, _remote, check_index_replaced

    v = w.value
    if v is None:
        decoded = _decoded_var(a, w)
        if decoded:
            a.block("download-exec", f"`{how}` takes packages from an address built from ${decoded}, which was decoded "
                                     "from an encoded literal at run time: nothing here says where the packages, and "
                                     "their install scripts, come from; write the source's address literally", w.node)
        return
    if plain_http(v):
        rule = "persistence" if later else "download-exec"
        a.block(rule, f"{shown or f'`{how} {v[:100]}`'} makes {'every later install' if later else 'this install'} "
                      "fetch packages over plain HTTP, where whoever sits on the path can swap them, and their "
                      "install scripts run; use an HTTPS source", w.node)
        return
    host = _remote(v)
    if host and not (code and _code_host(host)):
        check_index_replaced(a, how, [w], later=later, shown=shown)


_VAR = re.compile(r"\$\{?([A-Za-z_]\w*)")


def _decoded_var(a, w: Word) -> str | None:
    """The name of a variable in `w` that holds a decoder's output (`h=$(echo … | base64 -d)`)."""
    return next((n for n in _VAR.findall(w.text) if a.tainted.get(n) == "decode"), None)


_GEM_ARG = frozenset({"-s", "--source", "-a", "--add", "-r", "--remove", "-v", "--version", "-i", "--install-dir",
                      "-n", "--bindir", "-p", "--http-proxy", "--platform"})


def _gem(a, cmd: Cmd) -> None:
    """`gem sources --add URL` (kept in ~/.gemrc for every later install), `gem install x --clear-sources -s URL`."""
    cmd = _as_split(cmd)
    pos = positionals(cmd.args, _GEM_ARG)
    verb = pos[0].value if pos else None
    if verb == "sources":
        for w in option_value(cmd.args, "-a", "--add"):
            _source(a, "gem sources --add", w, later=True)
            return
    elif verb in ("install", "i", "update", "fetch"):
        for w in option_value(cmd.args, "-s", "--source"):
            if not plain_http(w.value):  # (over plain HTTP: tools._gem_cargo)
                _source(a, f"gem {verb} --source", w, later=False)
                return


def _bundle(a, cmd: Cmd) -> None:
    """`bundle config set --global mirror.all URL` (also `mirror.<source URL>`, the old `bundle config KEY VALUE`)."""
    cmd = _as_split(cmd)
    pos = positionals(cmd.args)
    if not pos or pos[0].value != "config":
        return
    rest = pos[1:]
    if rest and rest[0].value == "set":
        rest = rest[1:]
    if len(rest) < 2 or not (rest[0].value or "").lower().startswith("mirror."):
        return
    _source(a, f"bundle config {rest[0].value}", rest[1], later=True)


_COMPOSER_ARG = frozenset({"-d", "--working-dir", "-f", "--file"})
_COMPOSER_REPO = re.compile(r"^(?:repo|repos|repositories)\.[^.\s]+$")


def _composer(a, cmd: Cmd) -> None:
    """`composer config -g repo.packagist composer URL`, `composer config repositories.x vcs URL`, a repository given
    as JSON (`repositories.x '{"type": "composer", "url": "…"}'`). `path` and `artifact` repositories are this
    machine's folders; a `vcs` repository on a code host is code the user can read."""
    cmd = _as_split(cmd)
    pos = positionals(cmd.args, _COMPOSER_ARG)
    if len(pos) < 3 or pos[0].value != "config" or not _COMPOSER_REPO.match(pos[1].value or ""):
        return
    how = f"composer config {pos[1].value}"
    kind, values = pos[2].value or "", pos[3:]
    if kind.startswith("{"):
        try:
            spec = json.loads(kind)
        except ValueError:
            return
        if not isinstance(spec, dict) or not isinstance(spec.get("url"), str):
            return
        kind, values = str(spec.get("type", "")), [Word(pos[2].node, spec["url"], spec["url"])]
    if kind in ("path", "artifact", "package") or not values:
        return
    # (kept in composer.json, or with -g in the home's config.json: every later install either way)
    _source(a, how, values[0], later=True, code=kind in _CODE_HOST_KINDS)


_NUGET_ARG = frozenset({"-n", "--name", "-u", "--username", "-p", "--password", "--valid-authentication-types",
                        "--configfile", "-s", "--source", "--protocol-version"})


# the dotnet verbs whose `-s`/`--source` is a NuGet source (`dotnet test -s` names a run-settings file)
_DOTNET_SOURCED = frozenset({"restore", "add", "build", "tool", "new", "publish", "pack"})


def _dotnet(a, cmd: Cmd) -> None:
    """`dotnet nuget add source URL -n feed`, `dotnet nuget update source feed -s URL` (kept in NuGet.Config), and the
    one-off `dotnet restore -s URL`, `dotnet add package x -s URL`, `dotnet tool install x --add-source URL`."""
    cmd = _as_split(cmd)
    pos = positionals(cmd.args, _NUGET_ARG)
    vals = [w.value for w in pos[:3]]
    if vals[:3] == ["nuget", "add", "source"]:
        for w in pos[3:4]:
            _source(a, "dotnet nuget add source", w, later=True)
        return
    if vals[:3] == ["nuget", "update", "source"]:
        for w in option_value(cmd.args, "-s", "--source"):
            _source(a, "dotnet nuget update source", w, later=True)
        return
    if vals[:1] and vals[0] in _DOTNET_SOURCED:
        for w in option_value(cmd.args, "-s", "--source", "--add-source"):
            _source(a, f"dotnet {vals[0]} --source", w, later=False)
            return


def _nuget(a, cmd: Cmd) -> None:
    """`nuget sources add -Name feed -Source URL` (nuget.exe's options are read in any case), `nuget install x -Source
    URL`."""
    cmd = _as_split(cmd)
    lowered = [Word(w.node, (w.value or "").lower() if (w.value or "").startswith("-") else w.value, w.text)
               for w in cmd.args]
    pos = positionals(lowered, frozenset({"-name", "-source", "-username", "-password", "-configfile", "-version",
                                          "-outputdirectory", "-o"}))
    verb = [(w.value or "").lower() for w in pos[:2]]
    later = verb[:1] == ["sources"] and verb[1:2] in (["add"], ["update"])
    if later or verb[:1] in (["install"], ["restore"], ["update"]):
        for w in option_value(lowered, "-source"):
            _source(a, f"nuget {' '.join(verb) if later else verb[0]} -Source", w, later=later)
            return


def _pod(a, cmd: Cmd) -> None:
    """`pod repo add acme URL` (a spec repository every later `pod install` reads), `pod repo add-cdn name URL`."""
    cmd = _as_split(cmd)
    pos = positionals(cmd.args)
    if [w.value for w in pos[:2]] in (["repo", "add"], ["repo", "add-cdn"]) and len(pos) > 3:
        _source(a, f"pod repo {pos[1].value} {pos[2].value}", pos[3], later=True, code=pos[1].value == "add")


def _mix(a, cmd: Cmd) -> None:
    """`mix hex.repo add acme URL`, `mix hex.repo set acme --url URL` (a Hex repository kept for every later `mix
    deps.get`)."""
    cmd = _as_split(cmd)
    pos = positionals(cmd.args, frozenset({"--public-key", "--auth-key", "--fetch-public-key", "--url"}))
    if [w.value for w in pos[:2]] == ["hex.repo", "add"] and len(pos) > 3:
        _source(a, f"mix hex.repo add {pos[2].value}", pos[3], later=True)
    elif [w.value for w in pos[:2]] == ["hex.repo", "set"]:
        for w in option_value(cmd.args, "--url"):
            _source(a, "mix hex.repo set --url", w, later=True)


# -- build files these tools run ----------------------------------------------------------------------------------
# fastlane's files, CocoaPods', danger's, guard's, capistrano's, vagrant's: Ruby the tool evaluates when it starts
# (the build files of ecosystems.BUILD_TARGET are that module's; the screens take this pattern in through
# written.CODE_TARGET)
# ... and the JVM options a Gradle daemon or Maven starts with (`org.gradle.jvmargs` in gradle.properties, the home's
# for every project; a project's `.mvn/jvm.config`): an agent or a crash command there loads code into every build
TARGET = (r"(?:Fast|App|Match|Plugin|Gym|Scan|Snap|Deliver|Precheck|Screengrab|Pod|Danger|Guard|Cap|Vagrant)file\b|"
          r"\.podspec\b|gradle\.properties\b|\.mvn/jvm\.config\b")
_BUILD_FILE = re.compile(r"(?:^|/)(?:(?:Fast|App|Match|Plugin|Gym|Scan|Snap|Deliver|Precheck|Screengrab|Pod|Danger|"
                         r"Guard|Cap|Vagrant)file|[^/]+\.podspec|gradle\.properties|\.mvn/jvm\.config)$")
_JVM_OPTIONS_FILE = re.compile(r"(?:^|/)(?:gradle\.properties|\.mvn/jvm\.config)$")
# the lines of those files that are JVM options (in gradle.properties, the daemon's and the Kotlin daemon's)
_JVM_ARGS_LINE = re.compile(r"^[^\S\n]*+(?:org\.gradle\.jvmargs|kotlin\.daemon\.jvmargs)\s*+[=:](.*)$",
                            re.M)
_RUNS = {"Podfile": "`pod install` evaluates it", "Dangerfile": "`danger` evaluates it",
         "Guardfile": "`guard` evaluates it", "Capfile": "`cap` evaluates it", "Vagrantfile": "`vagrant` evaluates it"}
_STAGING_EXT = (".tmp", ".temp", ".new", ".part")
# `source "https://…"` lines: the spec or gem source every later install reads
_SOURCE_LINE = re.compile(r"""^[^\S\n]*+source\s*+\(?+\s*+["']([^"']++)["']""", re.M)


def _real_name(path: str) -> str:
    for ext in _STAGING_EXT:  # `… > Fastfile.tmp && mv Fastfile.tmp Fastfile`: judged by its real name
        if path.endswith(ext):
            return path[:-len(ext)]
    return path


def build_file(path: str) -> bool:
    """Is `path` a build file of these ecosystems whose code a build tool runs (bash/written.py asks)?"""
    return _BUILD_FILE.search(_real_name(path)) is not None


def judge_build_file(a, path: str, text: str, node) -> None:
    """Judge `text` written into the build file at `path` (bash/written.py calls this): each shell command it holds
    (also behind a decoded literal) as that command, and a Podfile's spec sources by the index policy."""
    from .ecosystems import commands_in
    from .written import blocked

    if _JVM_OPTIONS_FILE.search(_real_name(path)):
        _jvm_options(a, path, text, node)
        return
    name = _real_name(path).rsplit("/", 1)[-1]
    why = _RUNS.get(name, "`pod` evaluates it" if name.endswith(".podspec") else "`fastlane` evaluates it")
    for command, _ in commands_in("ruby", text):
        found = blocked(a, ruby_env(command), "bash")
        if found is not None:
            a.block(found.rule, f"the build file {path} written here holds the command `{command[:80]}`, which would "
                                f"be blocked ({found.message}); {why}: write lanes and steps that pass on their own",
                    node)
            return
    if name == "Podfile":
        sources_written(a, path, text, node, code=True)


# Ruby's interpolation of the environment into a shell string (session 32): `sh("curl -F 'e=#{ENV.to_h}' …")` hands
# the shell every variable's value, `#{ENV["TOKEN"]}` one; read as `$(env)` and `$TOKEN`, the quotes around them
# closed so that the shell line judged expands them as Ruby did
_RUBY_ENV = re.compile(r"""#\{\s*+ENV\s*+(?:\[\s*+["'](\w++)["']\s*+\]|\.fetch\(\s*+["'](\w++)["'][^{}]{0,80}?\))?+"""
                       r"""([^{}]{0,200}?)\}""")


def ruby_env(command: str) -> str:
    """`command` with each `#{ENV…}` interpolation written as the shell expansion of what it gives."""
    if "ENV" not in command:
        return command
    out, last, quote = [], 0, None
    for m in _RUBY_ENV.finditer(command):
        for ch in command[last:m.start()]:  # (the quoting the interpolation sits in)
            if ch in "'\"" and quote in (None, ch):
                quote = None if quote == ch else ch
        name = m.group(1) or m.group(2)
        shown = f"${{{name}}}" if name and not m.group(3).strip() else "$(env)"
        out.append(command[last:m.start()] + ("'\"" + shown + "\"'" if quote == "'" else shown if quote == '"'
                                              else '"' + shown + '"'))
        last = m.end()
    return "".join(out) + command[last:]


def _jvm_options(a, path: str, text: str, node) -> None:
    """`org.gradle.jvmargs=-Xmx4g -javaagent:/tmp/.a.jar` written to gradle.properties, `-agentpath:…` to
    `.mvn/jvm.config`: as JAVA_TOOL_OPTIONS with the same option is (system.check_assigns)."""
    from .system import _JVM_LOADS

    lines = [m.group(1) for m in _JVM_ARGS_LINE.finditer(text)] if path.endswith("properties") else [text]
    for line in lines:
        m = _JVM_LOADS.search(line)
        if m:
            a.block("env-hijack", f"{path} is written with the JVM option `{m.group(0)}…`: the build's JVM loads that "
                                  "code (or runs that program) on every build; keep only heap and property options",
                    node)
            return


def sources_written(a, path: str, text: str, node, code: bool = False) -> bool:
    """A Podfile's spec sources (code: a code host's spec repository is the user's to read) and a Gemfile's gem sources
    (ecosystems.py calls this), each judged as the source every later install of the project reads."""
    for m in _SOURCE_LINE.finditer(text):
        url = m.group(1)
        before = len(a.ctx.reasons)
        _source(a, "source", Word(node, url, url), later=True, code=code,
                shown=f"`source '{url[:100]}'`, written to {path},")
        if len(a.ctx.reasons) > before:
            return True
    return False


# -- `jq` edits that put a command into composer.json's scripts -------------------------------------------------------
_JQS = frozenset({"jq", "gojq", "yq"})
_JSON_STRING = re.compile(r'"((?:\\.|[^"\\])*)"')
_JQ_ARG_OPTS = frozenset({"--arg", "--argjson"})


def _jq(a, cmd: Cmd) -> None:
    """`jq '.scripts["post-install-cmd"] += ["curl … | sh"]' composer.json > c.tmp && mv c.tmp composer.json`: each
    string the filter writes under `scripts` runs on the next `composer install`, on every machine that installs."""
    from .ecosystems import composer_shell
    from .files import written_file
    from .written import blocked

    vals = [w.value or "" for w in cmd.args]
    manifest = next((v for v in vals if v.rsplit("/", 1)[-1] == "composer.json"), None)
    if manifest is None or not any("scripts" in v for v in vals):
        return
    out = written_file(a, cmd.redirects) if cmd.redirects else None
    piped = (pipeline_stage(cmd) or ([], -1))
    if not (out and out != "/dev/null" or "-i" in vals or "--inplace" in vals or 0 <= piped[1] < len(piped[0]) - 1):
        return  # a filter that only prints the file edits nothing
    texts: list[tuple[str, object]] = []
    for i, w in enumerate(cmd.args):
        if w.value is None:
            continue
        if i >= 2 and cmd.args[i - 2].value in _JQ_ARG_OPTS:
            texts.append((w.value, w.node))  # `--arg c "curl …"`: a value the filter may place
        elif "scripts" in w.value and not w.value.startswith("-"):
            for m in _JSON_STRING.finditer(w.value):
                try:
                    texts.append((json.loads('"' + m.group(1) + '"'), w.node))
                except ValueError:
                    continue
    for text, node in texts:
        if " " in text.strip() and composer_shell(text):
            found = blocked(a, text, "bash")
            if found is not None:
                a.block(found.rule, f"`{cmd.name}` puts `{text[:80]}` into a script of {manifest}, which would be "
                                    f"blocked ({found.message}); composer runs it on install, on every machine that "
                                    "installs the project", node)
                return


# -- the build wrappers: the jar they run, the distribution they fetch (session 19) ---------------------------------
_WRAPPER_JAR = {"gradlew": "gradle/wrapper/gradle-wrapper.jar", "mvnw": ".mvn/wrapper/maven-wrapper.jar"}
WRAPPER_PROPERTIES = re.compile(r"(?:^|/)(?:gradle/wrapper/gradle-wrapper|\.mvn/wrapper/maven-wrapper)\.properties$")
_WRAPPER_URL = re.compile(r"^[^\S\n]*+(distributionUrl|wrapperUrl)\s*+[=:]\s*+(\S+)", re.M)
# the hosts the wrappers fetch from by default (Maven's central is a known index already)
_WRAPPER_HOSTS = frozenset({"services.gradle.org", "downloads.gradle.org", "downloads.gradle-dn.com"})


def _wrapper_run(a, cmd: Cmd) -> None:
    """`curl -sLo gradle/wrapper/gradle-wrapper.jar https://…; ./gradlew --version`: the wrapper script runs that
    jar, so it is the downloaded file run (bash/exec.py's rule for `java -jar`)."""
    from .exec import CHECKSUM, _unchecked_run
    from ..paths import normalize

    if not a.downloaded or not cmd.words or cmd.words[0].value is None:
        return
    head = cmd.words[0].value
    folder = head[:-len(cmd.name)] if head.endswith(cmd.name) else ""
    key = normalize(folder + _WRAPPER_JAR[cmd.name])
    where = a.in_cwd(key) if hasattr(a, "in_cwd") else None
    for k in (key, normalize(where) if where else None):
        if k and a.downloaded.get(k) == "download" and a.downloaded.vouched.get(k) != CHECKSUM:
            _unchecked_run(a, a.downloaded.vouched.get(k), cmd.node,
                           f"`{head}` runs {_WRAPPER_JAR[cmd.name]}, which was downloaded earlier in this script "
                           "(the wrapper's jar is the program the wrapper script starts)")
            return


# the wrapper's checksum line deleted (`sed -i '/distributionSha256Sum/d'`, `grep -v distributionSha256Sum`, emptied)
_SUM_DROPPED = re.compile(rb"/\^?distributionSha256Sum[^/\n]*/\s*d|grep\s+-v\s+\S*distributionSha256Sum|"
                          rb"s([#/|,])\^?distributionSha256Sum[^#/|,\n]*\1\1")


def wrapper_properties(a, path: str, text: str, node) -> bool:
    """`distributionUrl=https\\://gradle-dist.example.dev/gradle-8.7-bin.zip` written to the wrapper's properties (or
    put there by `sed -i`): every later `./gradlew` downloads and runs that distribution. Judged as a package source."""
    for m in _WRAPPER_URL.finditer(text):
        url = m.group(2).replace("\\:", ":").replace("\\=", "=")
        host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower() if "://" in url else ""
        if host in _WRAPPER_HOSTS:
            continue
        if host and not plain_http(url) and in_input(_SUM_DROPPED, a.doc.data):
            a.block("download-exec", f"`{m.group(1)}={url[:100]}`, written to {path}, has every later `./gradlew` "
                                     f"download and run the build tool from {host}, and this input also deletes "
                                     "`distributionSha256Sum`, the check that would catch a swapped download; keep "
                                     "the checksum (`./gradlew wrapper --gradle-distribution-sha256-sum …` sets it)",
                    node)
            return True
        before = len(a.ctx.reasons)
        _source(a, m.group(1), Word(node, url, url), later=True,
                shown=f"`{m.group(1)}={url[:100]}`, written to {path},")
        if len(a.ctx.reasons) > before:
            return True
    return False


# -- an Xcode run-script phase added by code (the xcodeproj gem) (session 19) -------------------------------------
# `ph = target.new_shell_script_build_phase("…"); ph.shell_script = "…"; project.save`: Xcode runs the phase's script
# at every build of the target, on every machine that builds it, with the signing keys at hand
_PHASE_SCRIPT = re.compile(r"""\bshell_script\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|%[qQ]?[{(\[]([^})\]]*)[})\]]|"""
                           r"""<<[~-]?['"]?(\w+)['"]?[^\n]*\n(.*?)\n\s*\4\b)""", re.S)
_RUBY_ESCAPE = re.compile(r"\\(.)")


def _xcode_phase(a, cmd: Cmd) -> None:
    """`ruby -e 'require "xcodeproj"; …; ph.shell_script = "…"; p.save'`: the phase's script judged as the command it
    is (one that would be blocked blocks the edit)."""
    from .written import blocked

    for w in option_value(cmd.args, "-e"):
        code = w.value or ""
        if "shell_script" not in code:
            continue
        for m in _PHASE_SCRIPT.finditer(code):
            script = m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else \
                m.group(3) if m.group(3) is not None else m.group(5) or ""
            if m.group(1) is not None:
                script = _RUBY_ESCAPE.sub(lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)), script)
            found = blocked(a, script, "bash") if script.strip() else None
            if found is not None:
                a.block(found.rule, f"the Xcode build phase this adds runs `{script[:80]}`, which would be blocked "
                                    f"({found.message}); Xcode runs a run-script phase at every build of the target, "
                                    "on every machine that builds it", w.node)
                return


# -- adb: the phone on the other end ------------------------------------------------------------------------------
_ADB_ARG = frozenset({"-s", "-t", "-H", "-P", "-L"})
# what is the user's on a phone: messages, contacts, the call log, the calendar, browsing, media and downloads (the
# content providers), an app's private files (`run-as`), the shared and private storage
_PHONE_DATA = re.compile(r"content://(?:sms|mms|mms-sms|call_log|contacts|com\.android\.contacts|icc|telephony|"
                         r"com\.android\.calendar|calendar|browser|user_dictionary|media|downloads)\b|"
                         r"(?:^|[\s'\"=:])(?:/sdcard|/storage|/mnt/sdcard|/data/(?:data|user|user_de|media|system_ce|"
                         r"misc|system))(?:/|\b)|(?:^|[\s;&|])run-as\s")
_EMULATOR = re.compile(r"^emulator-\d+$")


def _adb_parts(cmd: Cmd) -> tuple[list[Word], str | None, bool]:
    """(the adb command's words from its verb on, the serial it names (None: none, or one known only at run time),
    whether `-d` picks the USB device)."""
    args = cmd.args
    serial = next((w.value for name, w in cmd.assigns if name == "ANDROID_SERIAL"), None)
    usb = False
    i = 0
    while i < len(args):
        v = args[i].value
        if v is None or not v.startswith("-"):
            break
        if v in _ADB_ARG:
            if v == "-s" and i + 1 < len(args):
                serial = args[i + 1].value  # (known only at run time: read as no choice made here)
            i += 2
            continue
        usb = usb or v == "-d"
        i += 1
    return args[i:], serial, usb


def device_data(cmd: Cmd) -> str | None:
    """What of the phone's user `adb shell …` / `adb exec-out …` prints (bash/net.py: a leak source), or None."""
    words, _, _ = _adb_parts(cmd)
    if not words or words[0].value not in ("shell", "exec-out"):
        return None
    remote = " ".join(w.value if w.value is not None else w.text for w in words[1:])
    m = _PHONE_DATA.search(remote)
    if m is None:
        return None
    what = m.group(0).strip(" '\"=:;&|")
    return f"the phone's data (`adb {words[0].value} … {what}`)"


# what removes an app's data on the device: `adb uninstall`, and in its shell `pm uninstall`, `pm clear`, `cmd package
# uninstall` (-> the words before the options and the package)
_REMOVES = {("uninstall",): 1, ("shell", "pm", "uninstall"): 3, ("shell", "pm", "clear"): 3,
            ("shell", "cmd", "package", "uninstall"): 4}


def _adb(a, cmd: Cmd) -> None:
    """`adb -d uninstall PKG`, `adb -s SERIAL shell pm clear PKG`: an app's data removed from a phone (review); `adb
    pull`/`adb backup` of the phone's files, noted for an upload later."""
    cmd = _as_split(cmd)
    words, serial, usb = _adb_parts(cmd)
    if not words:
        return
    verb = words[0].value
    if verb in ("pull", "backup"):
        _pulled(a, cmd, verb, words[1:])
        return
    vals = [w.value for w in words]
    n = next((k for key, k in _REMOVES.items() if tuple(vals[:k]) == key), None)
    if n is None or "-k" in vals[n:]:
        return  # `-k` keeps the app's data and cache
    rest = vals[n:]
    device = "the USB-connected device (`-d`)" if usb else \
        f"the device {serial}" if serial is not None and not _EMULATOR.match(serial) else None
    if device is None:
        return  # an emulator, or the one device attached: the daily reinstall of the app being built
    pkg = next((v for v in rest if v and not v.startswith("-") and "." in v), "the app")
    a.review("irreversible", f"`adb {' '.join(w.value or w.text for w in words)[:80]}` removes {pkg} and its data "
                             f"from {device}, a phone rather than an emulator: the user's data in that app is gone "
                             "with no undo; keep it with `-k`, or let the user run it", cmd.node)


def _pulled(a, cmd: Cmd, verb: str, rest: list[Word]) -> None:
    """`adb pull /sdcard/DCIM /tmp/p`, `adb backup -f /tmp/b.ab -all`: files off the phone, for an upload later."""
    from .net import note_file

    if verb == "backup":
        out = option_value(rest, "-f")
        path = out[0].value if out else "backup.ab"
        if path:
            note_file(a, path, "the phone's app data (`adb backup`)", cmd.node)
        return
    pos = [w for w in rest if not (w.value or "-").startswith("-")]
    if len(pos) < 1 or not any(_PHONE_DATA.search(" " + (w.value or "")) for w in pos[:max(1, len(pos) - 1)]):
        return
    base = (pos[0].value or "").rstrip("/").rsplit("/", 1)[-1]
    dest = pos[-1].value if len(pos) > 1 else base
    if dest in (".", "./") or dest and dest.endswith("/"):  # into a folder: the file keeps its name there
        dest = dest.rstrip("/") + "/" + base if dest not in (".", "./") else base
    if dest:
        note_file(a, dest, f"files off the phone (`adb pull {pos[0].value or pos[0].text}`)", cmd.node)


# -- App Store Connect: one-way switches --------------------------------------------------------------------------
_ASC_HOST = "api.appstoreconnect.apple.com"
_EXPIRED = re.compile(r'"expired"\s*:\s*true')


def _app_store(a, cmd: Cmd) -> None:
    """`curl -X PATCH https://api.appstoreconnect.apple.com/v1/builds/ID -d '{"data": {…"attributes": {"expired":
    true}}}'`: an expired build can never be made testable or submittable again."""
    from .net import http_requests
    from .written import text_written

    if not holds(a.doc.data, b"expired"):
        return  # every other request (the body, or the file this input wrote it to, would spell it)
    reader = http_requests(cmd.name)
    if reader is None:
        return
    for req in reader(cmd.args):
        method = (req.method.value or "").upper() if req.method is not None else req.default
        if method != "PATCH":
            continue
        url = next((u for u in req.urls if _ASC_HOST in (u.value or u.text) and "/builds/" in (u.value or u.text)),
                   None)
        if url is None:
            continue
        for body in req.bodies:
            text = body.value if body.value is not None else body.text
            if text.startswith("@"):
                got = text_written(a, text[1:])
                text = got[0] if got is not None else ""
            if _EXPIRED.search(text):
                a.review("irreversible", "the request expires an App Store Connect build (`\"expired\": true`): an "
                                         "expired build can never be tested or submitted again; let the user do it "
                                         "in App Store Connect", body.node)
                return


# -- an app's update feed uploaded where installed copies read it (session 21) -----------------------------------------
# electron-updater's feeds (`latest.yml`, `latest-mac.yml`, `latest-linux.yml`, a channel's `beta-mac.yml` …) and
# Sparkle's appcast: every installed copy of the app reads the feed and downloads and runs the build it names
# (an appcast's name is looked for ahead, then read once to its `.xml`: `appcast-appcast-…` is not reread from each)
_FEED = re.compile(r"(?:^|/)(?:latest|beta|alpha|stable|next)(?:-(?:mac|linux|linux-arm64|linux-arm|win))?\.ya?ml$|"
                   r"(?:^|/)(?=[\w.-]*?appcast)[\w.-]*\.xml$")
# (an enclosure's scan stops at the next `<`: an XML attribute holds no `<`)
_FEED_URL = re.compile(r"""^[^\S\n]*+(?:-\s*+)?+(?:url|path)\s*+:\s*+["']?+((?:https?|ftp)://[^\s"']+)|"""
                       r"""<enclosure\b[^<>]*?\burl\s*+=\s*+["']((?:https?|ftp)://[^"']+)""", re.M)
_BUCKET = re.compile(r"^(?:s3|gs)://([^/]+)")
# (a name's run stops at the next name, whose own try reads the same rest: `beta-beta-…` is read once)
_FEED_HINT = re.compile(r"(?:latest|beta|alpha|stable|next)(?:(?!latest|beta|alpha|stable|next)[\w-])*+\.ya?ml|appcast")
_UPLOAD_VERBS = {"aws": ("s3", ("cp", "mv", "sync")), "gsutil": (None, ("cp", "mv", "rsync")),
                 "gcloud": ("storage", ("cp", "mv", "rsync"))}


def _feed_uploaded(a, cmd: Cmd) -> None:
    """`aws s3 cp /tmp/latest-mac.yml s3://acme-desktop-updates/stable/latest-mac.yml` of a feed this input wrote
    that names a build on a host of no part of the bucket's name: every installed copy of the app downloads and runs
    that build at its next update check. A feed naming its builds by file name (electron-builder's own) or on the
    project's host stays allowed; one the input did not write is not read."""
    from ..hosts import url_host
    from .written import _file_text

    spec = _UPLOAD_VERBS.get(cmd.name)
    pos = [w.value for w in positionals(cmd.args) if w.value is not None]
    if spec is None or len(pos) < 3:
        return
    group, verbs = spec
    if group is not None:
        if pos[0] != group:
            return
        pos = pos[1:]
    if pos[0] not in verbs:
        return
    at = next((i for i, v in enumerate(pos) if i and _BUCKET.match(v)), None)  # (an option's value may follow)
    dest = _BUCKET.match(pos[at]) if at is not None else None
    if dest is None:
        return
    words = {w for w in re.split(r"[^a-z0-9]+", dest.group(1).lower()) if len(w) >= 3}
    for src in pos[1:at]:
        if not _FEED.search(src):
            continue
        text = _file_text(a, src)
        for m in _FEED_URL.finditer(text or ""):
            url = m.group(1) or m.group(2)
            host = (url_host(url) or "").lower()
            if host and not words & set(re.split(r"[^a-z0-9]+", host)):
                a.block("download-exec", f"`{cmd.name}` uploads the update feed {src} to {pos[at]}, and the feed, "
                                         f"written above, names a build at {host}: every installed copy of the app "
                                         "downloads and runs it at its next update check; publish feeds with the "
                                         "release tooling (electron-builder's `--publish`), naming builds by file name",
                        cmd.node)
                return


HANDLERS: dict = {
    "aws": [_feed_uploaded], "gsutil": [_feed_uploaded], "gcloud": [_feed_uploaded],
    "gem": [_gem], "bundle": [_bundle], "bundler": [_bundle], "composer": [_composer], "dotnet": [_dotnet],
    "nuget": [_nuget], "pod": [_pod], "mix": [_mix], "adb": [_adb], "gradlew": [_wrapper_run], "mvnw": [_wrapper_run],
    "ruby": [_xcode_phase],
    **{n: [_jq] for n in _JQS},
    **{n: [_app_store] for n in ("curl", "http", "https", "xh")},
}

def _names_credential_folder(text: str) -> bool:
    return "~" in text and any(paths.credential_folder(t) for t in text.split() if t[:1] == "~")


# fastpath (merged with the other modules' screens of a name): the words each handler reads
_SIGNING_HINT = re.compile(r"(?i)\.(?:jks|keystore|p8|p12|pfx|mobileprovision|provisionprofile|keytab)\b|\.properties\b|"
                           r"settings\.xml|adbkey|\.android\b|Provisioning")
SCREENS: dict = {
    "gem": mentions("source"), "bundle": mentions("mirror", fold=True), "bundler": mentions("mirror", fold=True),
    "composer": mentions("repo"), "dotnet": mentions("source"), "nuget": mentions("source", fold=True),
    "pod": mentions("repo"), "mix": mentions("hex.repo"),
    "adb": mentions("uninstall", "clear", "pull", "backup", "package"),
    # _wrapper_run: the wrapper's jar downloaded earlier in the input (its download sends the input on by itself)
    **{n: (lambda text: False) for n in ("gradlew", "mvnw")},
    "ruby": mentions("shell_script"),
    **{n: (lambda text: "composer.json" in text and "scripts" in text) for n in _JQS},
    **{n: mentions("expired") for n in ("curl", "http", "https", "xh")},
    # _feed_uploaded: an update feed's name (the feed itself was written by the same input)
    **{n: (lambda text: _FEED_HINT.search(text) is not None) for n in _UPLOAD_VERBS},
    # net._copies_env_out: a signing key or its password file, a tool's credential folder or any other held credential
    # file (paths.held_secret: a signing folder, a service account's key, Magento's env.php, Steam's login cache, an
    # MCP table) copied to another machine
    **{n: (lambda text: _SIGNING_HINT.search(text) is not None or _names_credential_folder(text) or
           paths.held_in_text(text)) for n in ("scp", "rsync", "sftp")},
}
