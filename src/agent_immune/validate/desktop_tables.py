"""A desktop application's build and update configuration (session 24): electron-builder and Forge settings, Tauri's
configuration, an app's Info.plist, installer scripts and package maintainer scripts, Flatpak and Snap manifests.

Written from the shell (here-document, `tee`, `echo`, a redirect, `sed -i`), through server_config.py; written from
Python or TypeScript (a literal, or text the code builds), through common_code.judge_written. The shell's `jq`, `yq`
and PlistBuddy edits and Python's plistlib reach the same readers through bash/desktop.py and python/desktop.py.

- Update settings (electron-builder's `publish`, `app-update.yml`, Tauri's `plugins.updater`, Sparkle's `SUFeedURL`
  and `SUPublicEDKey`): every installed copy of the app downloads and runs what the feed names. A feed at a bare
  public address or over plain HTTP is blocked; an edit that replaces the updater's public key together with its feed
  hands the next update to whoever holds the new key: blocked; the key replaced alone is reviewed (a rotation a person
  confirms); a feed moved to a host that shares no name with the one it replaces is reviewed.
- Package maintainer scripts (Debian `postinst`/`preinst`/`postrm`/`prerm`, RPM scriptlets, NSIS `Exec` lines): root
  (or the installer, elevated) runs them on every machine that installs the package, so a line that would be blocked
  on its own blocks the write.
- Build recipes that fetch the app's sources (Flatpak and Snap manifests): a source at a bare public address or over
  plain HTTP is blocked: what the store builds and ships is whatever that machine serves.
- The crash reporter's settings (a `sentry.*` file): a DSN repointed from Sentry to a host that is not a Sentry is
  reviewed, and blocked when screenshots or personal data are switched on with it (every user's screen and crash
  state sent to that host).
"""
from __future__ import annotations

import re

from .hosts import loopback, public_ip, stranger_host, url_host

# the paths this module reads, as a regex source searched in a command's text (a fast-path screen: keep it specific).
# A name's scan stops at the next `flatpak` / `sentry.`, whose own try finds the same end, a reverse-DNS name's at the
# next one sure to find it too (`com.x.` with neither `x` nor what follows its dot the extension): read once
_APP_ID = r"\b(?:com|org|io\.github)\.(?!(?:ya?ml|json)\b)[\w-]+\.(?!\.?(?:ya?ml|json)\b)"
CONFIG_TARGET = (r"electron-builder\.(?:ya?ml|json[5]?|toml)|app-update\.yml|tauri\.conf\.json5?|Tauri\.toml|"
                 r"Info\.plist|debian/(?:pre|post)(?:inst|rm)\b|\.nsi\b|\.nsh\b|\.spec(?![\w.])|"
                 r"flatpak(?:(?!flatpak)[\w.-])*\.(?:ya?ml|json)|"
                 r"\b(?:com|org|io\.github)\.[\w-]+\.(?:(?!" + _APP_ID + r")[\w.-])+\.(?:ya?ml|json)\b|"
                 r"snapcraft\.ya?ml|"
                 r"\bsentry\.(?:(?!\bsentry\.)[\w.-])*(?:ts|js|mjs|cjs)\b")

_UPDATER = re.compile(r"(?:^|/)(?:electron-builder\.(?:ya?ml|json5?|toml)|app-update\.yml|dev-app-update\.yml|"
                      r"tauri\.conf\.json5?|Tauri\.toml|Info\.plist)$")
_MAINTAINER = re.compile(r"(?:^|/)debian/(?:[\w.+-]+\.)?(?:pre|post)(?:inst|rm)$|\.(?:nsi|nsh)$|(?:^|/)[\w.+-]+\.spec$")
_RECIPE = re.compile(r"(?:^|/)(?:(?:com|org|io\.github)\.[\w-]+\.[\w.-]+\.(?:ya?ml|json)|snapcraft\.ya?ml|"
                     r"(?=[\w.-]*?flatpak)[\w.-]*\.(?:ya?ml|json))$")  # (the first `flatpak` of the name: read once)
_SENTRY = re.compile(r"(?:^|/)sentry\.[\w.-]*(?:ts|js|mjs|cjs)$")

_URL = re.compile(r"""(?:https?|ftp)://[^\s"'`<>)\]},#]+""")
# a key an updater checks its downloads against: Tauri's `pubkey`, Sparkle's `SUPublicEDKey` (and the older DSA key)
_KEY = re.compile(r"(?i)\bpubkey\b|SUPublicEDKey|SUPublicDSAKey|publicKey")
_FEED = re.compile(r"(?i)endpoints|SUFeedURL|\bpublish\b|\burl\b|\bfeed")
_LITERAL_KEY = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")
_DSN = re.compile(r"https?://[\w.-]+@([\w.-]+)(?::\d+)?/\d+")
_EXPOSE = re.compile(r"attachScreenshot\s*[:=]\s*true|sendDefaultPii\s*[:=]\s*true|attachViewHierarchy\s*[:=]\s*true")


def config_kind(path: str) -> bool:
    """Whether `path` is a file this module judges the written text of."""
    return kind(path) is not None


def kind(path: str) -> str | None:
    p = path.strip().strip("'\"")
    if _UPDATER.search(p):
        return "updater"
    if _MAINTAINER.search(p):
        return "maintainer"
    if _RECIPE.search(p):
        return "recipe"
    if _SENTRY.search(p):
        return "sentry"
    return None


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` (for a `sed -i` edit, the edit's words joined by new lines); True when a finding
    was reported. `a` is the shell's analysis or, when the writer is code, common_code._Reporter (`ctx`, `doc`,
    `block(rule, message, node)`, `review(rule, message, node)`)."""
    what = kind(path)
    edit = _sed_words(path, text)
    if what == "updater":
        return update_settings(a, path, text, node, edit=edit)
    if what == "recipe":
        return _recipe(a, path, text, node)
    if what == "sentry":
        return _sentry(a, path, text, node)
    if what == "maintainer" and not edit:
        return _maintainer(a, path, text, node)
    return False


def _sed_words(path: str, text: str) -> bool:
    """A `sed -i` edit's words (they hold the file's own name on a line of their own), not the file's text."""
    p = path.strip()
    return any(line.strip().strip("'\"") == p for line in text.splitlines()[-8:])


def stranger(url: str) -> str | None:
    """The host of `url` when no name vouches for it (hosts.stranger_host: a bare public address, or plain HTTP to
    another machine by a DNS name), a name of the local network (`.local`, `.internal`, `.lan`) left aside."""
    host = stranger_host(url)
    return None if host is None or host.endswith((".local", ".internal", ".lan")) else host


def _words(host: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", host.lower()) if len(w) >= 3} - {"com", "org", "net", "www", "cdn",
                                                                                 "app", "dev", "example"}


def update_settings(a, path: str, text: str, node, *, edit: bool) -> bool:
    """The updater's feed and key in `text` (a file written whole, or an edit's words when `edit`)."""
    urls = _URL.findall(text) if edit else _feed_urls(text)
    for u in urls:
        host = stranger(u)
        if host is not None:
            a.block("download-exec", f"the update feed in {path} is set to {u[:80]} ({host}: "
                                     f"{'a bare address' if public_ip(host) else 'plain HTTP'}): every installed copy "
                                     "of the app downloads and runs what it serves at its next update check; keep the "
                                     "feed on the project's own HTTPS release host", node)
            return True
    if not edit:
        return False
    key = _KEY.search(text) is not None
    feed = bool(urls) and _FEED.search(text) is not None
    if key and feed:
        a.block("download-exec", f"the edit of {path} replaces the updater's public key together with its feed "
                                 f"({url_host(urls[-1]) or urls[-1][:60]}): whoever holds the new key can ship an "
                                 "update every installed copy runs; a key rotation goes through the release owner, "
                                 "with the feed unchanged", node)
        return True
    if key and _LITERAL_KEY.search(text):
        a.review("download-exec", f"the edit of {path} replaces the updater's public key: from the next release on, "
                                  "updates signed with the new key are trusted; a person should confirm the rotation",
                 node)
        return True
    if len(urls) >= 2:
        old, new = url_host(urls[0]) or "", url_host(urls[-1]) or ""
        if old and new and old != new and not _words(old) & _words(new) and not loopback(new):
            a.review("download-exec", f"the edit of {path} moves the update feed from {old} to {new}, which shares "
                                      "no name with it: every installed copy would take its updates from there; a "
                                      "person should confirm the new host is the project's", node)
            return True
    return False


def _feed_urls(text: str) -> list[str]:
    """The addresses a whole settings file gives its updater: those shortly after a feed's key (a plist's DTD address
    and a homepage are not)."""
    out: list[str] = []
    for m in _FEED.finditer(text):
        out += _URL.findall(text[m.end():m.end() + 240].split("\n\n", 1)[0])[:4]
    return out


def _recipe(a, path: str, text: str, node) -> bool:
    for u in _URL.findall(text):
        host = stranger(u)
        if host is not None and public_ip(host):  # (plain HTTP: the recipe's checksum still holds the file)
            a.block("download-exec", f"the build recipe {path} takes the app's source from {u[:80]} ({host}: "
                                     "a bare address): the store builds and "
                                     "ships to every user whatever that machine serves; point sources at the "
                                     "project's release on its own HTTPS host", node)
            return True
    return False


def _sentry(a, path: str, text: str, node) -> bool:
    hosts = [m.group(1).lower() for m in _DSN.finditer(text)]
    new = hosts[-1] if hosts else None
    if new is None or "sentry" in new or loopback(new):
        return False
    doc = getattr(getattr(a, "doc", None), "data", b"")
    exposed = _EXPOSE.search(text) or _EXPOSE.search(doc.decode("utf-8", "replace") if doc else "")
    if exposed:
        a.block("exfiltration", f"the crash reporter's DSN in {path} is pointed at {new}, which is not a Sentry, with "
                                f"`{exposed.group(0)}`: every user's crash reports and screen go to that host; keep "
                                "the DSN the project's Sentry gave it", node)
    else:
        a.review("exfiltration", f"the crash reporter's DSN in {path} is pointed at {new}, which is not a Sentry: "
                                 "every user's crash reports would go there; a person should confirm it is the "
                                 "project's own self-hosted Sentry", node)
    return True


# NSIS: the commands an installer section runs (`Exec`, `ExecWait`, `nsExec::Exec`, `ExecShell "open"`)
# (blanks, not `\s`, around the words: `^\s*` ran from every line start over all the blank lines after it)
_NSIS_EXEC = re.compile(r"""(?im)^[ \t]*(?:nsExec::Exec(?:ToLog|ToStack)?|ExecWait|Exec|"""
                        r"""ExecShell(?:Wait)?[ \t]+"[^"\n]*")[ \t]+(?:/TIMEOUT=\d+[ \t]+)?(['"`])(.+)\1[ \t\r]*(?:\w+[ \t\r]*)?$""")
_NSIS_VAR = re.compile(r"\$\{?(\w+)\}?")
_RPM_SCRIPTLET = re.compile(r"(?m)^%(?:pre|post|preun|postun|pretrans|posttrans|triggerin|triggerun)\b[^\n]*\n"
                            r"((?:(?!%\w).*\n?)*)")


# what an install script does as part of installing (a setuid sandbox, a service enabled, a symlink on PATH, the
# package's own apt source, a system account) is blocked when an agent does it, but is the package's business there:
# in such a script only these count
_HARMFUL = frozenset({"exfiltration", "download-exec", "reverse-shell", "secret-read", "decode-exec",
                      "obfuscated-command", "dynamic-exec", "nonliteral-command", "anti-forensics", "disk-wipe",
                      "destructive-rm", "env-hijack", "inline-exec", "wrapper-exec"})
# ... and a system finding that hands the machine's access or its protection to someone else (read by _access:
# `useradd` counts with a `-p` later on its line, group 1 marks it)
_ACCESS = re.compile(r"(?i)authorized_keys|sudoers|NOPASSWD|ld\.so\.preload|/etc/pam\.d|chpasswd|\bpasswd\b|"
                     r"(useradd)|MpPreference|spctl|SmartScreen|Defender|setenforce|ufw\s+disable|iptables\s+-F")
_PASSWORD_FLAG = re.compile(r"(?i)(?=\s-p\s)")


def _access(command: str) -> str | None:
    """What _ACCESS finds first in `command`, `useradd` as `useradd[^\\n]*\\s-p\\s` in its place would find it (up to
    the last `-p` of its line, whose blank before may be the line's end). The first `useradd` of a line reads the
    line once: the later ones of the line would find the same `-p`, or none."""
    pos, line_end = 0, -1
    while (m := _ACCESS.search(command, pos)) is not None:
        if m.group(1) is None:
            return m.group(0)
        if m.start() >= line_end:
            line_end = command.find("\n", m.start())
            line_end = len(command) if line_end < 0 else line_end
            flags = [f.start() for f in _PASSWORD_FLAG.finditer(command, m.end(), line_end + 4)]
            if flags:
                return command[m.start():flags[-1] + 4]
        pos = m.start() + 1
    return None


def _maintainer(a, path: str, text: str, node) -> bool:
    """A command of a package's install script that would be blocked on its own for what it does to others blocks
    the write (see _HARMFUL)."""
    from .bash.handed import alone

    if path.endswith((".nsi", ".nsh")):
        # (`$INSTDIR`, `${PRODUCT}`: NSIS's own variables, known to the installer, not a shell's)
        parts = [(_NSIS_VAR.sub(r"NSIS_\1", m.group(2)), "the installer runs it, usually elevated, on every machine "
                  "that installs the app") for m in _NSIS_EXEC.finditer(text)]
    elif path.endswith(".spec"):
        parts = [(m.group(1), "rpm runs it as root on every machine that installs the package")
                 for m in _RPM_SCRIPTLET.finditer(text)]
    else:
        parts = [(text, "dpkg runs it as root on every machine that installs the package")]
    for command, why in parts[:16]:
        if not command.strip():
            continue
        access = _access(command)
        reasons = [r for r in alone(a, command, "bash") if r.verdict == "block"]
        found = next((r for r in reasons if r.rule in _HARMFUL), None) or (reasons[0] if reasons and access else None)
        if found is not None:
            shown = access if access and found.rule not in _HARMFUL else command.strip()[:80]
            a.block(found.rule, f"the install script {path} written here holds `{shown}`, which would be blocked "
                                f"({found.message}); {why}: keep install scripts to what the package itself needs",
                    node)
            return True
    return False
