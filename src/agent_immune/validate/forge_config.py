"""Tables and judgements shared by the shell and code rules (session 23); and the configuration files of
forges and registries (gitlab.rb, Gitea app.ini, Gerrit replication.config, Verdaccio config.yaml, Athens, registry config) written from the shell, judged through server_config.py.

A forge's or a registry's configuration is read by a daemon every developer of the team depends on, so a line written
into it acts for all of them at once:
- Verdaccio's `config.yaml`: `publish:`/`unpublish: $all` (or `$anonymous`) lets anyone replace or remove any package
  (blocked); an uplink `url:` at a bare public address or over plain HTTP serves every package the team installs
  (blocked), one on a named host no rule knows is held as an unknown index is.
- Athens (`/etc/default/athens`, its TOML): an upstream proxy no rule knows with the checksum database turned off for
  every module, as toolchains.judge_go reads GOPROXY with GOSUMDB=off (blocked).
- Gerrit's `replication.config`: a remote at a bare public address gets every project pushed to it (blocked).
- Gitea's `app.ini`: `INSTALL_LOCK = false` reopens the installer, whoever opens the site chooses the administrator.
- A runner's `config.toml`: the forge it takes jobs from (the same judgement as `gitlab-runner register`).
- A server-side git hook (`pre-receive`, `post-receive`, `update` … and their `.d/` folders, GitLab's
  `custom_hooks/`): it runs at every push; one that would be blocked as a command, that ships the whole repository
  to a host outside the user's network, or that sends each push to a bare address is blocked.
"""
from __future__ import annotations

import re

from .hosts import ip_literal, loopback, public_ip, stranger_host, url_host
from .secret_owner import own_network

# a `gitea/` or `forgejo/` folder and the folders under it, the components stopping at one that itself ends in
# `gitea/` or `forgejo/` (that one's own try reads the same rest: a path of them is read once)
_FORGE_FOLDER = r"(?:gitea|forgejo)/(?:(?![\w.-]*?(?:gitea|forgejo)/)[\w.-]++/)*"
# a regular expression (source text) that finds this area's configuration files' paths in a command (a screen: it is
# taken into bash/written.CODE_TARGET, which the fast path searches commands for). A name's scan stops at the next
# `verdaccio` / `athens`, and a folder's components at the next one ending in `gitea/` or `forgejo/`, whose own try
# finds the same file: a run of them is read once
CONFIG_TARGET = (r"verdaccio(?:(?!verdaccio)[\w./-])*/config\.ya?ml|/etc/default/athens\b|"
                 r"athens(?:(?!athens)[\w.-])*\.toml|replication\.config|" + _FORGE_FOLDER + r"app\.ini|"
                 r"gitlab-runner/config\.toml|custom_hooks/|"
                 r"hooks/(?:pre-receive|post-receive|update|post-update|proc-receive|push-to-checkout)\b")

_VERDACCIO = re.compile(r"verdaccio(?:(?!verdaccio)[\w./-])*/config\.ya?ml$")  # (from the last `verdaccio`: read once)
_ATHENS = re.compile(r"(?:^|/)etc/default/athens$|athens(?:(?!athens)[\w.-])*\.toml$")  # (see CONFIG_TARGET)
_REPLICATION = re.compile(r"(?:^|/)replication\.config$")
_APP_INI = re.compile(_FORGE_FOLDER + r"app\.ini$")
_RUNNER_TOML = re.compile(r"gitlab-runner/config\.toml$")
# hooks only the receiving side of a push runs (a server's bare repository), alone or as a file of their `.d` folder
SERVER_HOOK = re.compile(r"(?:^|/)(?:custom_hooks/|hooks/)(?:pre-receive|post-receive|update|post-update|proc-receive|"
                         r"push-to-checkout)(?:\.d/[^/]+)?$|(?:^|/)custom_hooks/[^/]+\.d/[^/]+$")


def config_kind(path: str) -> str | None:
    """Which of this area's configuration files `path` is, or None."""
    for kind, rx in (("verdaccio", _VERDACCIO), ("athens", _ATHENS), ("replication", _REPLICATION),
                     ("app.ini", _APP_INI), ("runner", _RUNNER_TOML), ("hook", SERVER_HOOK)):
        if rx.search(path):
            return kind
    return None


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to the configuration file `path` (a here-document, `tee`, `echo`, a redirect, or the
    expression of a `sed -i`/`perl -pi` edit of it); True when a finding was reported."""
    kind = config_kind(path)
    view = with_edits(text)
    before = len(a.ctx.reasons)
    if kind == "verdaccio":
        _verdaccio(a, path, view, node)
    elif kind == "athens":
        _athens(a, path, view, node)
    elif kind == "replication":
        _replication(a, path, view, node)
    elif kind == "app.ini":
        _app_ini(a, path, view, node)
    elif kind == "runner":
        m = _TOML_URL.search(view)
        if m:
            ex = _TOML_EXECUTOR.search(view)
            runner_forge(a, f"the runner configuration {path}", m.group(1), host_level_executor(ex.group(1) if ex else ""),
                         node)
    elif kind == "hook":
        judge_hook(a, path, text, node)
    return len(a.ctx.reasons) > before


def with_edits(text: str) -> str:
    """`text` and, for an in-place edit's words, what each substitution puts in, its back-references filled with the
    groups of its pattern (`s/(publish|unpublish): .*/\\1: $all/` puts in `(publish|unpublish): $all`)."""
    from .bash.sed import SUBST, plain

    if "s" not in text:
        return text
    extra = []
    for m in SUBST.finditer(text):
        pattern, repl = plain(m.group(2)), plain(m.group(3))
        groups = _groups(pattern)
        extra.append(re.sub(r"\\(\d)", lambda g: groups[int(g.group(1)) - 1] if 0 < int(g.group(1)) <= len(groups)
                            else "", repl))
    return text + ("\n" + "\n".join(extra) if extra else "")


def _groups(pattern: str) -> list[str]:
    """The capture groups of a sed pattern, as written, in order (`\\(` in a basic expression, `(` in -E)."""
    out, stack, i = [], [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            if pattern[i + 1] == "(":
                stack.append(i)
            elif pattern[i + 1] == ")" and stack:
                out.append((stack.pop(), pattern[:i + 2]))
            i += 2
            continue
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            out.append((stack.pop(), pattern[:i + 1]))
        i += 1
    return [whole[start:] for start, whole in sorted(out)]


# -- hosts: the team's, a well-known service's, or a stranger's --------------------------------------------------------
# registries images are ordinarily copied from (official images, vendors' registries, the clouds' registries)
_PUBLIC_REGISTRIES = ("docker.io", "ghcr.io", "quay.io", "gcr.io", "registry.k8s.io", "mcr.microsoft.com",
                      "public.ecr.aws", "registry.gitlab.com", "nvcr.io", "cgr.dev", "registry.redhat.io",
                      "registry.access.redhat.com", "docker.elastic.co", "container-registry.oracle.com",
                      "registry.suse.com", "lscr.io", "pkg.dev", "azurecr.io", "amazonaws.com", "jfrog.io",
                      "docker.com", "gitea.com", "codeberg.org", "registry.opensuse.org", "icr.io", "ocir.io")
# forges a team's runner ordinarily takes jobs from when they are not self-hosted
_PUBLIC_FORGES = ("gitlab.com", "github.com", "codeberg.org", "gitea.com", "code.forgejo.org", "next.forgejo.org")
# words of a registry's or forge's name that say what it is, not whose it is
_PLAIN_WORDS = frozenset({"registry", "registries", "docker", "harbor", "mirror", "mirrors", "hub", "images", "image",
                          "containers", "container", "cr", "oci", "quay", "nexus", "artifactory", "git", "gitlab",
                          "gitea", "forgejo", "forge", "code", "repo", "repos", "repository", "pkg", "pkgs", "npm",
                          "pypi", "maven", "cdn", "dev", "io", "com", "net", "org", "www"})


def _under(host: str, names: tuple[str, ...]) -> bool:
    return any(host == n or host.endswith("." + n) for n in names)


def public_registry(host: str) -> bool:
    return _under(host, _PUBLIC_REGISTRIES)


def public_forge(host: str) -> bool:
    return _under(host, _PUBLIC_FORGES)


def users_network(host: str) -> bool:
    """A host of the user's own network: this machine, a private address, a one-label or private-use name
    (`nexus`, `git.acme.internal`, `*.example.com`)."""
    from .bash.tools import _private_network

    h = host.lower().strip("[]")
    return loopback(h) or _private_network(h) or (not ip_literal(h) and own_network(h))


def site(host: str) -> str:
    """The registrable part of a name (`harbor.acme.io` -> `acme.io`, `cr.acme.co.uk` -> `acme.co.uk`)."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "ac", "gov", "edu"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def name_words(*names: str) -> set[str]:
    """The words of names that can say whose a host is (`registry.acme-corp.io` -> acme, corp)."""
    from .cloud_admin import org_words

    return {w for w in org_words(*names) if w not in _PLAIN_WORDS}


def related(host: str, others: list[str]) -> bool:
    """Does `host` share its registrable name, or a word of it that says whose it is, with one of `others`?"""
    if ip_literal(host):
        return any(host == o for o in others)
    mine = site(host)
    words = name_words(mine.split(".", 1)[0])
    return any(not ip_literal(o) and (site(o) == mine or words & name_words(o)) for o in others if o)


# a URL written anywhere in an input, and a `/dev/tcp/HOST/PORT` redirect
# (tried once per run of scheme characters, from its start: group 1 is the URL, from the run's first letter that
# starts a word; group 2 a /dev/tcp redirect)
_ANY_URL = re.compile(r"""(?<![a-z0-9+.-])(?=[a-z0-9+.-]*+://[^\s'"`<>|;&)])[a-z0-9+.-]*?"""
                      r"""\b([a-z][a-z0-9+.-]*+://[^\s'"`<>|;&)]++)|(/dev/(?:tcp|udp)/[^/\s'"]++)""")


def stranger_in(data: bytes | str) -> str | None:
    """The first host of `data` no name vouches for (a bare public address, plain HTTP to a named host elsewhere), or
    None."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    if "//" not in text and "/dev/" not in text:
        return None
    for m in _ANY_URL.finditer(text):
        u = m.group(1) or m.group(2)
        if u.startswith("/dev/"):
            host = u.split("/")[3]
            if public_ip(host):
                return host
            continue
        found = stranger_host(u)
        if found:
            return found
    return None


# -- runners: the forge a machine takes jobs from ------------------------------------------------------------------
_HOST_EXECUTORS = frozenset({"shell", "ssh", "custom", "parallels", "virtualbox", "instance"})
_TOML_URL = re.compile(r"""(?m)^[^\S\n]*+url\s*+=\s*+["']([^"']++)["']""")
_TOML_EXECUTOR = re.compile(r"""(?m)^[^\S\n]*+executor\s*+=\s*+["']([^"']++)["']""")


def host_level_executor(executor: str) -> bool:
    return executor.strip().lower() in _HOST_EXECUTORS


def runner_forge(a, shown: str, url: str, on_host: bool, node) -> None:
    """A runner of this machine registered to the forge at `url`: the forge sends it jobs, which run here. A forge of
    the user's network or a public forge is ordinary; at a bare public address (or over plain HTTP) it is blocked, and
    so is one on a name no rule knows when its jobs run on the host itself (a shell executor, a `:host` label);
    other unknown forges are held for a person."""
    if not url or "$" in url or "`" in url:
        return
    host = url_host(url if "://" in url else "https://" + url)
    if not host or users_network(host) or public_forge(host):
        return
    far = stranger_host(url if "://" in url else "https://" + url)
    if far or on_host:
        a.block("persistence", f"{shown} registers this machine as a runner of {far or host}, a forge that is not "
                               "on the user's network"
                               + (", with jobs run on the host itself" if on_host else "")
                               + ": whoever controls that forge runs any command here, now and at every later "
                                 "job. Register runners only with the organisation's own forge; if this one is, "
                                 "let the user register it", node)
    else:
        a.review("persistence", f"{shown} registers this machine as a runner of {host}, a forge no rule knows: "
                                "its jobs run here. A person should confirm it is the organisation's forge", node)


# -- Verdaccio -------------------------------------------------------------------------------------------------------
# `publish: $all` (or `unpublish:`, `$anonymous`): read by _open_publish, as `\b((?:un)?publish)\b[^\n:]*:\s*["']?`
# `[^\n#]*?(\$(?:all|anonymous))\b` searched finds it
_PUBLISH_WORD = re.compile(r"\b((?:un)?publish)\b")
_TO_COLON = re.compile(r"[^\n:]*+")
_BLANKS = re.compile(r"\s*+")
_VALUE_END = re.compile(r"[\n#]")
_OPEN_WORD = re.compile(r"\$(?:all|anonymous)\b")
_YAML_URL = re.compile(r"""(?m)^[^\S\n]*+url\s*+:\s*+["']?([^\s"'#]++)""")


def _open_publish(text: str) -> tuple[str, str] | None:
    """(`publish` or `unpublish`, `$all` or `$anonymous`) of the first `publish: $all` of `text`, as the search of
    the pattern above finds them. Each part is read once: the words before the same colon share its value (the first
    of them is the one found), and a value read without an open one ends at its line's end or `#`, where every later
    value starting before it ends too."""
    pos, dead = 0, -1
    while (word := _PUBLISH_WORD.search(text, pos)) is not None:
        colon = _TO_COLON.match(text, word.end()).end()
        if colon == len(text) or text[colon] != ":":
            pos = colon  # (no colon on the line: neither this word nor the next ones before the line's end)
            continue
        start = _BLANKS.match(text, colon + 1).end()
        if start >= dead:
            end = _VALUE_END.search(text, start)
            end = end.start() if end is not None else len(text)
            value = _OPEN_WORD.search(text, start, end)  # (the value up to its line's end or `#`, an opening quote too)
            if value is not None:
                return word.group(1), value.group(0)
            dead = end
        pos = colon + 1
    return None


def _verdaccio(a, path: str, text: str, node) -> None:
    m = _open_publish(text)
    if m:
        a.block("permission-tamper", f"the text written to {path} sets `{m[0]}: {m[1]}` for packages of "
                                     "the team's registry: anyone, without an account of the team, can publish over "
                                     "or remove any package every developer installs. Keep publishing to "
                                     "`$authenticated` or a named group", node)
        return
    for m in _YAML_URL.finditer(text):
        url = m.group(1)
        host = url_host(url)
        if not host or "$" in url:
            continue
        from .bash.tools import _allow_hint, known_index_host

        if known_index_host(host) or users_network(host):
            continue
        far = stranger_host(url)
        if far:
            a.block("download-exec", f"the text written to {path} points the team's registry's uplink at {url}, a "
                                     "bare address or plain HTTP: every package the team installs through it comes "
                                     "from there and its install scripts run on each machine. Keep the uplink on "
                                     "the public registry or the organisation's own mirror", node)
        else:
            a.review("download-exec", f"the text written to {path} points the team's registry's uplink at {host}: "
                                      "every package the team installs through it comes from there and its install "
                                      f"scripts run on each machine; keep the configured uplink, or, {_allow_hint(host)}",
                     node)
        return


# -- Athens (a Go module proxy) ----------------------------------------------------------------------------------------
# its settings as environment variables and as TOML keys -> the go setting each stands for
_ATHENS_KEYS = {"ATHENS_GLOBAL_ENDPOINT": "GOPROXY", "GlobalEndpoint": "GOPROXY",
                "ATHENS_GONOSUM_PATTERNS": "GONOSUMDB", "NoSumPatterns": "GONOSUMDB",
                "GOPROXY": "GOPROXY", "GONOSUMDB": "GONOSUMDB", "GOSUMDB": "GOSUMDB", "GONOSUMCHECK": "GONOSUMCHECK",
                "GOINSECURE": "GOINSECURE", "GOPRIVATE": "GOPRIVATE", "GOFLAGS": "GOFLAGS"}
_ATHENS_LINE = re.compile(r"""(?m)(?:^|[\s"',\[])(ATHENS_GLOBAL_ENDPOINT|GlobalEndpoint|ATHENS_GONOSUM_PATTERNS|"""
                          r"""NoSumPatterns|GOPROXY|GONOSUMDB|GOSUMDB|GONOSUMCHECK|GOINSECURE|GOPRIVATE|GOFLAGS)"""
                          r"""\s*=\s*(\[[^\]\n]*\]|"[^"\n]*"|'[^'\n]*'|[^\s"',\]]*)""")


# Go's own module proxies (Athens's default upstream among them)
_GO_PROXIES = frozenset({"proxy.golang.org", "goproxy.io", "goproxy.cn"})


def athens_settings(text: str) -> dict[str, str]:
    """The go settings an Athens configuration `text` gives (`ATHENS_GLOBAL_ENDPOINT=…` is GOPROXY)."""
    out: dict[str, str] = {}
    for m in _ATHENS_LINE.finditer(text):
        value = m.group(2).strip()
        if value.startswith("["):
            value = ",".join(v.strip().strip("\"'") for v in value[1:-1].split(",") if v.strip())
        out[_ATHENS_KEYS[m.group(1)]] = value.strip("\"'")
    return out


def athens_finding(settings: dict[str, str]) -> tuple[str, str] | None:
    """(upstream host, what turns the checksums off) when an Athens proxy takes modules from a host no rule knows with
    the checksum database off for every module; None otherwise."""
    from .bash.toolchains import _foreign_proxy, _sums_off
    from .bash.words import Word

    proxies = ",".join(p for p in re.split(r"[,|]", settings.get("GOPROXY") or "")
                       if url_host(p if "://" in p else "https://" + p) not in _GO_PROXIES)
    host = _foreign_proxy(proxies)
    if host is None:
        return None
    off = _sums_off({k: Word(None, v, v) for k, v in settings.items()})
    return (host, off) if off else None


def athens_message(shown: str, host: str, off: str) -> str:
    return (f"{shown} makes the team's Athens proxy fetch modules from {host} with {off}: that upstream can serve any "
            "code under any module's name, nothing checks it against what was published, and every developer's and "
            "CI's build runs it. Keep the checksum database on and the configured upstream")


def _athens(a, path: str, text: str, node) -> None:
    found = athens_finding(athens_settings(text))
    if found:
        a.block("download-exec", athens_message(f"the text written to {path}", *found), node)


# -- Gerrit replication ------------------------------------------------------------------------------------------------
_REMOTE_URL = re.compile(r"""(?m)^[^\S\n]*+url\s*+=\s*+["']?([^\s"']++)""")
_SCP_HOST = re.compile(r"^(?:[^@/]+@)?(\[[^\]]+\]|[^:/]+):")


def remote_host(url: str) -> str | None:
    """The host of a git remote (`ssh://git@h:2222/x`, `git@h:x.git`, `https://h/x`)."""
    if "://" in url:
        return url_host(url)
    m = _SCP_HOST.match(url)
    return m.group(1).strip("[]").lower() if m else None


def replication_far(text: str) -> str | None:
    """The first replication remote of `text` at a bare public address (or over plain HTTP), or None."""
    for m in _REMOTE_URL.finditer(text):
        url = m.group(1)
        host = remote_host(url)
        if host and (public_ip(host) or stranger_host(url)):
            return url
    return None


def replication_message(shown: str, url: str) -> str:
    return (f"{shown} adds the replication remote {url}, at a bare public address: Gerrit pushes every project "
            "(with `mirror`, every branch and tag) there from now on. Replicate only to the organisation's own "
            "mirrors, by name")


def _replication(a, path: str, text: str, node) -> None:
    url = replication_far(text)
    if url:
        a.block("exfiltration", replication_message(f"the text written to {path}", url), node)


# -- Gitea / Forgejo app.ini -------------------------------------------------------------------------------------------
_INSTALL_OPEN = re.compile(r"(?mi)^[^\S\n]*+INSTALL_LOCK\s*+=\s*+false\b")


def _app_ini(a, path: str, text: str, node) -> None:
    if _INSTALL_OPEN.search(text):
        a.block("permission-tamper", f"the text written to {path} sets `INSTALL_LOCK = false`: the web installer "
                                     "opens again, and whoever reaches the site first chooses the database and the "
                                     "administrator account. Leave INSTALL_LOCK on", node)


# -- server-side git hooks ---------------------------------------------------------------------------------------------
# a git command that writes out the whole repository (every ref, or a bundle/archive/export of it)
# (a scan stops at the next `git` / `tar` / `push` of its line, which reads on as well: each line is read once)
_REPO_OUT = re.compile(r"\bgit\b(?:(?!\bgit\b)[^\n|;&])*?\b(?:bundle\s+create|archive|fast-export|"
                       r"push(?:[^\S\n]++(?:(?!\bpush\s)[^\n|;&])*?|[^\S\n]*+\n\s*+[^\n|;&]*?)--(?:mirror|all))\b|"
                       r"\btar\b(?:(?!\btar\b)[^\n|;&])*?(?:\$\{?GIT_DIR|\.git\b)")
_SENDERS = re.compile(r"\b(?:curl|wget|nc|ncat|socat|scp|rsync|sftp|ftp|aws\s+s3|rclone|gsutil|git\s+push)\b")


def judge_hook(a, path: str, text: str, node) -> bool:
    """A server-side hook (it runs at every push, as the forge's user, with the repository at hand): one that would
    be blocked as a command, one that ships the whole repository to a host outside the user's network, or one that
    sends to a bare public address is blocked. True when blocked."""
    from .bash.handed import blocked

    found = blocked(a, text)
    if found is not None:
        a.block("persistence", f"the text written to {path} is a server-side git hook, run at every push, that "
                               f"would be blocked here ({found.rule}: {found.message[:140]}); do not plant hooks in "
                               "the forge's repositories", node)
        return True
    hosts = [h for h in (url_host(m.group(1)) for m in _ANY_URL.finditer(text) if m.group(1)) if h]
    outside = next((h for h in hosts if not users_network(h) and not public_forge(h)), None)
    if _REPO_OUT.search(text) and _SENDERS.search(text) and outside:
        a.block("exfiltration", f"the text written to {path} is a server-side git hook that sends the whole "
                                f"repository to {outside} at every push: the code leaves the organisation as it is "
                                "written. Mirror repositories only through the forge's own mirror settings, to the "
                                "organisation's hosts", node)
        return True
    far = stranger_in(text)
    if far and _SENDERS.search(text):
        a.block("exfiltration", f"the text written to {path} is a server-side git hook that sends to {far}, a bare "
                                "address or plain HTTP, at every push; do not plant hooks in the forge's "
                                "repositories", node)
        return True
    return False
