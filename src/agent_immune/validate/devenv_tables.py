"""A developer environment's configuration (session 24): Nix's settings, version managers' settings and hooks, a dev
container's settings, a dotfiles manager's files.

Written from the shell (here-document, `tee`, `echo`, a redirect, `sed -i`), through server_config.py; written from
Python or TypeScript (a literal, or text the code builds), through common_code.judge_written.

Where a toolchain comes from is judged as a package index is (bash/tools.check_index_replaced): the tool's own
download host, a forge (an asdf or mise plugin's usual home), a hosted cache service (`*.cachix.org`) or a host of
the user's own network is ordinary; a host no rule knows is held for a person (it may be the company's mirror); a bare
public address or plain HTTP (anyone on the path serves the binaries), or an unknown source with the checks that
would catch a swapped download turned off (Nix's `require-sigs = false`, pyenv's `…_SKIP_CHECKSUM`), is blocked.

Nix: `substituters`/`extra-substituters` name where built store paths come from, `trusted-public-keys` whose signatures
are taken, `require-sigs = false` takes unsigned paths from any substituter; `post-build-hook` runs a program as the
daemon (root) after every build. Volta's `hooks.json` (`distro`/`index`/`latest` templates) and mise's `[hooks]`
(run on entering the folder, on install) are judged the same way. A dev container's `runArgs`/`mounts` and lifecycle
commands are judged as the `docker run` they amount to (bash/containers.py), `--privileged` left aside (Docker in
Docker needs it). A shell start-up file kept in a dotfiles folder (linked into the home by stow, yadm, chezmoi) that
shadows `sudo`/`su`/`ssh`/`passwd` with a function or alias that reads the password and sends it is blocked.
"""
from __future__ import annotations

import hashlib
import re
import shlex

from .hosts import ip_literal, loopback, public_ip, stranger_host, url_host

# -- where toolchains come from -------------------------------------------------------------------------------------
# The toolchains' own download hosts (and their subdomains): Nix's binary cache, Node's and io.js's dist, Python's
# and Ruby's source releases, the Cachix service's caches (`<name>.cachix.org`, each signed by its own key). Kept as
# the first 32 hex digits of each host name's SHA-256, as tools._DEFAULT_INDEXES keeps the package indexes.
_TOOL_HOSTS = frozenset({"c8240c041976fa3c163c526df1079fbe", "d05c9ca803b9119b61f294f3133831ec",
                         "ceb4ca2cdc0001b440455df845c18fc1", "19d6c619b09020178b7398a47b76e3d5",
                         "9a78bf631645027c5120813c8355bda8", "28a379ce9d84a2b7ca7f27c96faba8cc"})
# where asdf and mise plugins (and the version managers themselves) are kept
_FORGES = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "git.sr.ht", "githubusercontent.com")
# folders tools print on request, named here for the evaluators of the shell and of code (a key file below one is
# read by its name): mkcert's CA (`$(mkcert -CAROOT)/rootCA-key.pem` signs certificates this machine trusts)
KNOWN_FOLDERS = {("mkcert", "-CAROOT"): "~/.local/share/mkcert"}


def _tool_host(host: str) -> bool:
    parts = host.split(".")
    return any(hashlib.sha256(".".join(parts[k:]).encode()).hexdigest()[:32] in _TOOL_HOSTS
               for k in range(max(0, len(parts) - 3), len(parts) - 1))


def known_source(host: str) -> bool:
    """A toolchain's own host, a forge, a package index any rule knows, or a host of the user's own network."""
    from .bash.tools import known_index_host

    return loopback(host) or _tool_host(host) or any(host == f or host.endswith("." + f) for f in _FORGES) or \
        known_index_host(host)


def source_finding(url: str, what: str, checks_off: str | None = None) -> tuple[str, str, str] | None:
    """What `what` (`nvm install` with NVM_NODEJS_ORG_MIRROR=…) fetching from `url` amounts to: (verdict, rule,
    message), or None when the source is ordinary. `checks_off` names the setting that turns the download's check
    off, if the same command gives one."""
    if not url or "://" not in url or "$" in url.split("://", 1)[1].split("/", 1)[0]:
        return None
    host = url_host(url)
    if host is None:
        return None
    stranger = stranger_host(url)
    if stranger is not None:
        how = "a bare address" if ip_literal(host) else "plain HTTP"
        return ("block", "download-exec", f"{what} takes its binaries from {url[:80]}, over {how}: whoever answers "
                                          "there (or sits on the path) serves the code that then runs as you; keep "
                                          "the tool's own download host, or an HTTPS mirror of your company")
    if known_source(host):
        return None
    if checks_off:
        return ("block", "download-exec", f"{what} takes its binaries from {host}, a host no rule knows, with "
                                          f"{checks_off}: nothing checks that what it serves is the real release; "
                                          "keep the checks on and the tool's own download host")
    return ("review", "download-exec", f"{what} takes its binaries (or the scripts that install them) from {host} "
                                       "instead of the tool's own host, and they run as you; keep the default, or, if "
                                       f"{host} is your company's mirror, allow it in the policy's [mouth] section")


# -- Nix's settings ---------------------------------------------------------------------------------------------------
_NIX_SOURCES = frozenset({"substituters", "extra-substituters", "trusted-substituters", "extra-trusted-substituters"})
_NIX_KEYS = frozenset({"trusted-public-keys", "extra-trusted-public-keys"})
_FALSE = frozenset({"false", "0", "no"})


def nix_finding(settings: list[tuple[str, str]], where: str) -> tuple[str, str, str] | None:
    """Judge Nix settings given together (a nix.conf's lines, a command's `--option K V` pairs, NIX_CONFIG):
    a cache no rule knows with signatures off, or at a bare address or over plain HTTP, is blocked; one whose key is
    trusted is held; signatures off alone is held; a post-build hook is judged by what it runs (left to the caller)."""
    sigs_off = any(k == "require-sigs" and v.strip().lower() in _FALSE for k, v in settings)
    urls = [u for k, v in settings if k in _NIX_SOURCES for u in v.split()]
    keyed = {u.split(":", 1)[0].rsplit("-", 1)[0] for k, v in settings if k in _NIX_KEYS for u in v.split()}
    for url in urls:
        host = url_host(url) or ""
        if not host or loopback(host) or url.startswith(("file://", "/", "daemon", "local")):
            continue
        found = source_finding(url, f"Nix ({where}, substituter {url[:60]})",
                               "`require-sigs = false`" if sigs_off else None)
        if found is not None and found[0] == "block":
            return found
        if found is not None and (host in keyed or sigs_off):
            return ("review", "download-exec", f"Nix ({where}) trusts the binary cache {host}, which no rule knows: "
                                               "every store path it signs is installed as built; keep the caches the "
                                               "project documents, or, if it is your company's cache, allow it in the "
                                               "policy's [mouth] section")
    if sigs_off:
        return ("review", "download-exec", f"Nix ({where}) with `require-sigs = false` installs unsigned store paths "
                                           "from any cache it is given; leave signature checks on and trust the "
                                           "cache's key (`extra-trusted-public-keys`) instead")
    return None


# (blanks, not `\s`, and the value's end trimmed after: `^\s*` ran from every line start over all the blank lines
# after it, and a lazy value before `\s*$` rescanned a long run of spaces from each of its characters)
_NIX_LINE = re.compile(r"^[ \t]*([\w-]+)[ \t]*=[ \t]*(.*)$", re.M)


# the same settings anywhere in a script that writes them piece by piece (`f.write("require-sigs = false\\n")`)
_NIX_PIECE = re.compile(r"(?<![\w-])(require-sigs|(?:extra-)?(?:trusted-)?substituters|(?:extra-)?trusted-public-keys)"
                        r"\s*=\s*([^\n\"'`]*)")


def nix_settings(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2).strip()) for m in _NIX_LINE.finditer(text)]


def _nix_written(a, text: str) -> list[tuple[str, str]]:
    """The settings written to a nix.conf: `text`, and those the same input writes beside it in other pieces."""
    settings = nix_settings(text)
    doc = getattr(a, "doc", None)
    data = doc.data.decode("utf-8", "replace") if doc is not None and len(doc.data) < 65536 else ""
    if "nix.conf" in data:
        settings += [(m.group(1), m.group(2)) for m in _NIX_PIECE.finditer(data.replace("\\n", "\n"))]
    return settings


# -- shell start-up files in a dotfiles folder ----------------------------------------------------------------------
# (the folders under `dotfiles/` stop at the next `dotfiles/`, whose own try reads the same rest: read once)
_DOTFILES_STARTUP = re.compile(r"(?:^|/)\.?dotfiles/(?:(?!\.?dotfiles/)[^/]++/)*(?:\.|dot_)(?:bashrc|bash_profile|"
                               r"bash_aliases|bash_login|profile|zshrc|zshenv|zprofile|zlogin|kshrc)"
                               r"(?:\.local|\.tmpl)?$")
# a function or alias named for a program that asks for a password
_SHADOW = re.compile(r"(?m)(?:^|[;&{(\s])(?:function\s+)?(sudo|su|doas|ssh|passwd|kinit|gpg|pass|op|bw)\s*\(\s*\)|"
                     r"\balias\s+(sudo|su|doas|ssh|passwd)=")
_SILENT_READ = re.compile(r"\bread\s+(?:-\w*s\w*\b|[^;\n|]{0,200}\s-s\b)|stty\s+-echo|\bsystemd-ask-password\b")
_SENDS = re.compile(r"\b(?:curl|wget|nc|ncat|netcat|socat|telnet|ssh|scp|mail|sendmail|openssl\s+s_client)\b|/dev/(?:tcp|udp)/")


def _password_capture(text: str) -> str | None:
    m = _SHADOW.search(text)
    if m is None or _SILENT_READ.search(text) is None or _SENDS.search(text[m.start():]) is None:
        return None
    return m.group(1) or m.group(2)


# -- mise ------------------------------------------------------------------------------------------------------------
_MISE = re.compile(r"(?:^|/)(?:\.?mise(?:\.[\w-]+)?\.toml|\.config/mise/config(?:\.[\w-]+)?\.toml|\.rtx\.toml)$")
_MISE_HOOK = re.compile(r"""(?m)^[ \t]*(enter|leave|cd|preinstall|postinstall)[ \t]*=[ \t]*"""
                        r"""(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|\[([^\]]*)\])""")
_HOOKS_TABLE = re.compile(r"(?m)^[ \t]*\[hooks\][ \t\r]*$")

# -- Volta -------------------------------------------------------------------------------------------------------------
_VOLTA = re.compile(r"(?:^|/)\.volta/hooks\.json$")
_URLS = re.compile(r"""https?://[^\s"'<>{}]+(?:\{\{[^}]*\}\}[^\s"'<>{}]*)*""")

# -- dev containers --------------------------------------------------------------------------------------------------
_DEVCONTAINER = re.compile(r"(?:^|/)(?:\.devcontainer/(?:[^/]+/)?devcontainer\.json|\.devcontainer\.json)$")
_NIX_CONF = re.compile(r"(?:^|/)(?:nix/nix\.conf|nix\.conf)$")

# the paths this module reads, as a regex source searched in a command's text (a fast-path screen: keep it specific)
CONFIG_TARGET = (r"nix\.conf|\.volta/hooks\.json|mise(?:\.[\w-]+)?\.toml|mise/config|\.rtx\.toml|devcontainer\.json|"
                 r"dotfiles/")


def config_kind(path: str) -> bool:
    """Whether `path` is a file this module judges the written text of."""
    return bool(_NIX_CONF.search(path) or _VOLTA.search(path) or _MISE.search(path) or _DEVCONTAINER.search(path)
                or _DOTFILES_STARTUP.search(path))


def _nest(a, text: str, node) -> None:
    """Judge `text` as a shell command run later, from the shell's analysis or from code's reporter alike."""
    if hasattr(a, "nested"):
        a.nested(text, "bash", node, None)
    else:
        a.ctx.nested(text, "bash", a.doc, node, None)


def _report(a, found, node) -> bool:
    if found is None:
        return False
    getattr(a, found[0])(found[1], found[2], node)
    return True


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` (for a `sed -i` edit, the edit's words joined by new lines); True when a finding
    was reported. `a` is the shell's analysis or, when the writer is code, common_code._Reporter (`ctx`, `doc`,
    `block(rule, message, node)`, `review(rule, message, node)`)."""
    if _NIX_CONF.search(path):
        return _report(a, nix_finding(_nix_written(a, text), path), node)
    if _VOLTA.search(path):
        for url in _URLS.findall(text):
            if _report(a, source_finding(url, f"Volta ({path})"), node):
                return True
        return False
    if _MISE.search(path):
        return _mise(a, path, text, node)
    if _DEVCONTAINER.search(path):
        spec = _loads(text)
        return isinstance(spec, dict) and devcontainer(a, spec, path, node)
    if _DOTFILES_STARTUP.search(path):
        name = _password_capture(text)
        if name is not None:
            a.block("exfiltration", f"{path} (a dotfiles start-up file, linked into the home) defines `{name}` "
                                        "to read the password typed for it and send it off the machine; do not "
                                        "wrap programs that ask for passwords", node)
            return True
    return False


def _mise(a, path: str, text: str, node) -> bool:
    """mise's `[hooks]`: `enter` runs each time a shell enters the folder, the install hooks on each install."""
    if _HOOKS_TABLE.search(text) is None and "hooks." not in text:
        return False
    for m in _MISE_HOOK.finditer(text):
        if m.group(4) is not None:
            cmds = [c for c in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(4))]
        else:
            cmds = [m.group(2) if m.group(2) is not None else m.group(3)]
        for c in cmds:
            _nest(a, c.replace('\\"', '"').replace("\\\\", "\\"), node)
    return False


def _loads(text: str):
    from .bash.containers import _jsonc

    return _jsonc(text)


_LIFECYCLE = ("initializeCommand", "onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand",
              "postAttachCommand")


def devcontainer(a, spec: dict, where: str, node) -> bool:
    """A dev container's settings (whole, or the keys an edit sets): its lifecycle commands judged as run in the
    `docker run` its `runArgs` and `mounts` amount to, so a path under a mount of the host's `/` is the host's.
    `--privileged` is left aside (Docker in Docker needs it); `initializeCommand` runs on this machine."""
    args = [x for x in _list(spec.get("runArgs")) if isinstance(x, str) and x not in ("--privileged",
                                                                                     "--privileged=true")]
    mounts = [m if isinstance(m, str) else ",".join(f"{k}={v}" for k, v in m.items())
              for m in _list(spec.get("mounts")) if isinstance(m, (str, dict))]
    run = ["docker", "run", *args, *(x for m in mounts for x in ("--mount", m))]
    image = spec.get("image") if isinstance(spec.get("image"), str) else "devcontainer"
    for key in _LIFECYCLE:
        for c in _commands(spec.get(key)):
            line = c if isinstance(c, str) else shlex.join(c)
            _nest(a, line if key == "initializeCommand" else shlex.join(run + [image, "sh", "-c", line]), node)
    if len(run) > 2 and not any(spec.get(k) for k in _LIFECYCLE):
        _nest(a, shlex.join(run + [image]), node)
    return False


def _list(v) -> list:
    """A setting that should be a list, as one (`"runArgs": true` in a broken or hostile file is none)."""
    return v if isinstance(v, list) else []


def _commands(v) -> list:
    if isinstance(v, str):
        return [v]
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return [v]
    if isinstance(v, dict):
        return [x for val in v.values() for x in _commands(val)]
    return []


# -- mkcert's CA key sent off the machine ------------------------------------------------------------------------------
# The key is held (paths._PRIVATE_KEY_FILE: `rootCA-key.pem`): read here, never sent. Its folder is what `mkcert -CAROOT`
# prints, so the path is computed at run time and the senders' path checks see no name; the input that asks mkcert
# for the folder, names the key file and sends something is read as sending it.
_CAROOT = re.compile(r"mkcert[\"',\s]+-CAROOT")
_CA_KEY = re.compile(r"rootCA-key\.pem")
_SHELL_SENDERS = re.compile(r"(?:^|[\s;&|(`])(?:scp|rsync|curl|wget|nc|ncat|netcat|socat|sftp|ftp|rclone|croc|"
                            r"wormhole|aws|gsutil|azcopy|mail|mutt|sendmail|ssh|http|xh)\s")
_CODE_SENDERS = re.compile(r"""["'](?:https?|ftp)://|\.(?:post|put|patch|sendall|send|upload_file|upload_fileobj|"""
                           r"""storbinary)\(|create_connection\(|\bfetch\(|axios|["'](?:scp|rsync|curl|sftp)["']""")


# (`user@host:` read from the start of its word only: from every character of a long word, each scanned to its end)
_HOSTS_NAMED = re.compile(r"""(?:https?|ftp|wss?)://\[?([^/\s"'`:\]]+)|(?<![\w.-])[\w.-]+@([\w.-]+):|"""
                          r"""(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.])""")


def ca_key_sent(text: str, shell: bool) -> bool:
    """Does the input `text` ask mkcert where its CA is, name the CA's private key and send something to a host off
    this machine and its network?"""
    return _CAROOT.search(text) is not None and _CA_KEY.search(text) is not None and \
        (_SHELL_SENDERS if shell else _CODE_SENDERS).search(text) is not None and \
        any(outside(h) for m in _HOSTS_NAMED.finditer(text) for h in m.groups() if h)


CA_KEY_MESSAGE = ("the input sends mkcert's CA private key (`$(mkcert -CAROOT)/rootCA-key.pem`) off the machine: whoever "
                  "holds it issues certificates this machine (and its browsers) trusts for any site; keep it here, "
                  "and give another machine its own CA (`mkcert -install` there)")


# -- an ssh agent relayed -------------------------------------------------------------------------------------------------
_CONNECT_TO = re.compile(r"""(?:create_connection|connect|connect_ex|createConnection|\.bind|\.listen)\(\s*+\(?\s*+\{?\s*+"""
                         r"""(?:host\s*:\s*+)?["']([^"']*)["']""")


def outside(host: str) -> bool:
    """A host off this machine and the user's own network, by how it is written (a private, shared or link-local
    address is the network's own; a name starting with digits, `10.evil.io`, is a name)."""
    from .secret_owner import own_network

    return bool(host) and ("." in host or ":" in host) and not (
        loopback(host) or ip_literal(host) and not public_ip(host) or own_network(host) or host.startswith("-"))


def outside_peer(text: str) -> str | None:
    """A network peer the code connects to (or listens for, on every address) that is not this machine or its
    network, by the literal the code names it with."""
    for m in _CONNECT_TO.finditer(text):
        host = m.group(1)
        if host in ("", "0.0.0.0", "::") and ("bind" in m.group(0) or "listen" in m.group(0)):
            return "every address (a listener)"
        if "/" not in host and outside(host):
            return host
    return None
