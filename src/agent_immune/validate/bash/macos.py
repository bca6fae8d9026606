"""A developer's Mac: the keychain, Gatekeeper, SIP and the privacy database, quarantine flags, AppleScript.

What a Mac infostealer or implant does from a shell, with the Mac's own programs: it reads the keychain (`security
dump-keychain -d`, a browser's storage key), asks the user for their password in a dialog made to look like the
system's (`osascript … display dialog … with hidden answer`), makes itself a login item, a launch agent written with
`plutil`/`defaults`/PlistBuddy or a login hook, turns the system's guards off (Gatekeeper, SIP, the privacy database
that says which application may capture the screen or read every file), strips the quarantine flag off a downloaded
application and opens it, and captures the screen for an upload. Each is judged here; what the Mac's credential
stores are (keychains, browser profiles, Messages, Notes, Mail, password managers) is paths.py's, so every reading,
copying, archiving and sending rule sees them.

The ordinary forms stay allowed: `security find-identity -v -p codesigning`, unlocking and importing into a build
keychain, `spctl --assess`, `csrutil status`, `xattr -l`/`-cr` on the project's own build output, `open` of a URL or
the project, `defaults read/write` of an application's settings, `plutil -lint`, `tccutil reset All <bundle id>` of
the app under development, a plain `display dialog` or `display notification`, `screencapture` alone.
"""
from __future__ import annotations

import re

from .. import paths
from .commands import Cmd, option_value, positionals
from .common import mentions, short_flag
from .words import Word, file_key


# -- the keychain ---------------------------------------------------------------------------------------------------
# keys a browser encrypts its password and cookie stores with (`Chrome Safe Storage`): what an infostealer asks for
# (its service `Chrome Safe Storage`, its account `Chrome`; not a service that only contains such a word: `research`)
_BROWSER_KEY = re.compile(r"(?i)^(?:google )?(?:chrome|chromium|brave|microsoft edge|edge|opera|vivaldi|arc|yandex)"
                          r"(?: browser)?$|safe storage")
# `security export -t TYPE`: the types without a private key in them (the default, `all`, has every key)
_PUBLIC_EXPORTS = frozenset({"certs", "pubKeys"})
_ITEM_OPTS = ("-s", "-a", "-l", "-D", "-c", "-C", "-r", "-j", "-G")
_ITEM_LETTERS = "salDcCrjG"  # (`-wa Chrome`: -w, then -a's value)


def _short_flags(cmd: Cmd) -> set[str]:
    """The letters of every one-dash option word (`-wa` is -w and -a)."""
    out: set[str] = set()
    for v in cmd.values():
        if v and v[0] == "-" and v[1:2] != "-":
            out.update(v[1:])
    return out


# a signing identity's private key exists only in the keychain (Apple's portal gives the certificate again, never the
# key); `delete-keychain` stays allowed: CI makes a build keychain and deletes it again
_KEYCHAIN_LOSS = {"delete-identity": "deletes the signing identity with its private key from the keychain (a new "
                                     "certificate can be made, that key never comes back)"}


def _security(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, frozenset({"-p"}))
    sub = pos[0].value if pos else None
    if sub == "dump-keychain":
        if "d" in _short_flags(cmd):
            a.block("secret-read", "`security dump-keychain -d` prints every password, key and note of the keychain "
                                   "in clear; agents must not touch credentials (ask the user for the one item needed)",
                    cmd.node)
        _note_output(a, cmd, "the keychain's contents (`security dump-keychain`)")
    elif sub in ("find-generic-password", "find-internet-password"):
        flags = _short_flags(cmd)
        items = option_value(cmd.args, *_ITEM_OPTS, cluster=_ITEM_LETTERS)
        if ("w" in flags or "g" in flags) and any(w.value and _BROWSER_KEY.search(w.value) for w in items):
            a.block("secret-read", f"`security {sub}` prints a browser's storage key, which decrypts its saved "
                                   "passwords and cookies; agents must not touch credentials", cmd.node)
    elif sub == "export":
        types = [w.value for w in option_value(cmd.args, "-t")]
        if not types or any(t not in _PUBLIC_EXPORTS for t in types):
            a.review("secret-read", "`security export` writes the keychain's private keys (signing identities) to a "
                                    "file; export only certificates (`-t certs`) or let the user export the identity",
                     cmd.node)
            for w in option_value(cmd.args, "-o"):
                if w.value:
                    _note(a, w.value, "private keys exported from the keychain (`security export`)", cmd.node)
            _note_output(a, cmd, "private keys exported from the keychain (`security export`)")
    elif sub == "authorizationdb" and any(w.value == "write" for w in pos[1:2]):
        a.block("privilege-escalation", "`security authorizationdb write` changes who may do what as an administrator "
                                        "(the system's authorization rules); agents must not change it", cmd.node)
    elif sub == "add-trusted-cert":
        a.review("permission-tamper", "`security add-trusted-cert` makes the system trust a new certificate: whoever "
                                      "holds its key can then intercept every TLS connection; let the user install it",
                 cmd.node)
    elif sub in _KEYCHAIN_LOSS:
        from ..common_code import irreversible_message

        a.review("irreversible", irreversible_message(f"security {sub}", _KEYCHAIN_LOSS[sub], None), cmd.node)


def _note(a, path: str, what: str, node) -> None:
    from .net import note_file

    note_file(a, path, what, node)


def _note_output(a, cmd: Cmd, what: str) -> None:
    """The file a command's standard output is written into (`> /tmp/.kc`), for an upload of it later."""
    out = _stdout_file(a, cmd)
    if out is not None:
        _note(a, out, what, cmd.node)


def _stdout_file(a, cmd: Cmd) -> str | None:
    from .net import _stdout_file as stdout_file

    return stdout_file(a, cmd.redirects)


# -- AppleScript ------------------------------------------------------------------------------------------------------
_LOGIN_ITEM = re.compile(r"(?i)\bmake\s+(?:new\s+)?login\s+item\b|\bloginItems\b[\s\S]*?\.(?:push|make)\s*\(|"
                         r"new\s*:\s*['\"]loginItem['\"]")
_HIDDEN_ANSWER = re.compile(r"(?i)\bwith\s+hidden\s+answer\b|\bhiddenAnswer\s*:\s*true\b")
# `do shell script "…"` (and Terminal's `do script "…"`): the string is a shell command
_SHELL_SCRIPT = re.compile(r'\bdo\s+(?:shell\s+)?script\s+"((?:[^"\\]|\\.)*)"([^\n]*)')
_AS_ESCAPE = re.compile(r"\\(.)")


def _osascript(a, cmd: Cmd) -> None:
    texts = [(w.value, w.node) for w in option_value(cmd.args, "-e") if w.value]
    if not texts and cmd.redirects:
        from .exec import stdin_text

        fed = stdin_text(a, cmd)
        if fed is not None and fed[0]:
            texts.append((fed[0], fed[2] or cmd.node))
    for text, node in texts:
        if _LOGIN_ITEM.search(text):
            a.block("persistence", "`osascript` makes a login item: the program starts every time the user logs in; "
                                   "agents must not install anything that runs later", node)
        for m in _SHELL_SCRIPT.finditer(text):
            command = _AS_ESCAPE.sub(r"\1", m.group(1))
            if "administrator privileges" in m.group(2):
                a.review("privilege-escalation", "`osascript … do shell script … with administrator privileges` "
                                                 f"runs `{command[:60]}` as root after the user types their "
                                                 "password", node)
            if command.strip():
                a.nested(command, "bash", node, None)
    if any(_HIDDEN_ANSWER.search(t) for t, _ in texts):
        say = ("`osascript` asks the user for a password in a dialog made to look like the system's (`display dialog "
               "… with hidden answer`)")
        if _output_kept(a, cmd):
            a.block("secret-read", f"{say} and passes what they type on; that is how credentials are phished. Ask the "
                                   "user in the conversation instead", cmd.node)
        else:
            a.review("secret-read", f"{say}; a password typed there is printed to the agent. Ask the user in the "
                                    "conversation instead", cmd.node)


def _output_kept(a, cmd: Cmd) -> bool:
    """Does what `cmd` prints go anywhere but the terminal: a later stage of a pipeline, a file, a substitution?"""
    if _stdout_file(a, cmd) is not None:
        return True
    for r in cmd.redirects:  # `osascript <<'EOF' | nc …`: the pipe hangs on the here-document
        if r.type == "heredoc_redirect" and any(h.type == "pipeline" for h in r.named_children):
            return True
    node = cmd.node
    while node.parent is not None:
        up = node.parent
        if up.type in ("command_substitution", "process_substitution"):
            return True
        if up.type == "pipeline" and node != [c for c in up.named_children if c.type != "comment"][-1]:
            return True
        if up.type in ("list", "program", "compound_statement", "subshell", "function_definition"):
            return False
        node = up
    return False


# -- Gatekeeper, SIP, the privacy database --------------------------------------------------------------------------
_GATEKEEPER_OFF = frozenset({"--master-disable", "--global-disable"})


def _spctl(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    if _GATEKEEPER_OFF.intersection(vals) or "--disable" in vals and not any(
            v in ("--label", "--rule") or v.startswith("/") or v.endswith(".app") for v in vals) or \
            vals[:2] == ["kext-consent", "disable"]:
        a.block("permission-tamper", "`spctl` turns Gatekeeper off: every downloaded application then runs unchecked; "
                                     "agents must not weaken the system's protections", cmd.node)
    elif "--add" in vals:
        a.review("permission-tamper", "`spctl --add` approves a program for Gatekeeper, which then runs it unchecked; "
                                      "let the user approve it", cmd.node)


def _csrutil(a, cmd: Cmd) -> None:
    if "disable" in cmd.values():
        a.block("permission-tamper", "`csrutil disable` turns System Integrity Protection off (the system's files, "
                                     "kernel extensions and protected processes become writable); agents must not "
                                     "weaken the system's protections", cmd.node)


_AMFI_OFF = re.compile(r"amfi_get_out_of_my_way|cs_enforcement_disable|amfi_allow_any_signature")


def _nvram(a, cmd: Cmd) -> None:
    if any(v and _AMFI_OFF.search(v) for v in cmd.values()):
        a.block("permission-tamper", "`nvram boot-args` turns code signing enforcement off from the next boot; agents "
                                     "must not weaken the system's protections", cmd.node)


def _tccutil(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args)]
    if pos[:1] != ["reset"] or len(pos) > 2:
        return  # `tccutil reset Camera com.acme.App`: the permissions of the app under development
    service = pos[1] if len(pos) > 1 else None
    what = "privacy permission" if service in ("All", None) else f"{service} permission"
    say = (f"`tccutil reset {service or ''}` withdraws every application's {what} (screen recording, full disk "
           "access, camera …); name the app's bundle id (`tccutil reset All com.acme.App`)")
    if service in ("All", None):
        a.block("permission-tamper", say, cmd.node)
    else:
        a.review("permission-tamper", say, cmd.node)


_SQL_WRITE = re.compile(r"(?i)\b(?:insert|update|delete|replace|drop|alter|create)\b|^\s*\.(?:restore|import)\b")


def _sqlite_tcc(a, cmd: Cmd) -> None:
    """`sqlite3 ~/Library/Application\\ Support/com.apple.TCC/TCC.db "INSERT … kTCCServiceScreenCapture …"`: a grant
    written into the privacy database, which only the user's consent in System Settings should make."""
    pos = positionals(cmd.args, frozenset({"-cmd", "-separator", "-nullvalue", "-newline", "-init", "-vfs"}))
    db = pos[0].value if pos else None
    if not db or "TCC" not in db or not paths.TCC_DB.match(paths.normalize(db)):
        return
    texts = [w.value or "" for w in pos[1:]] + [w.value or "" for w in option_value(cmd.args, "-cmd")]
    fed = None
    if cmd.redirects:
        from .exec import stdin_text

        fed = stdin_text(a, cmd)
        texts += [fed[0]] if fed is not None else []
    if not texts and fed is None:  # the SQL comes on its input (`echo "DELETE …" | sqlite3 TCC.db`), unread here
        a.review("permission-tamper", "`sqlite3` runs SQL from its input on the privacy database (TCC.db), which may "
                                      "grant or withdraw what applications may do; give the query as an argument",
                 cmd.node)
    elif any(_SQL_WRITE.search(t) for t in texts) or any(w.value is None for w in pos[1:]):
        a.block("permission-tamper", "`sqlite3` writes the privacy database (TCC.db), granting or withdrawing what "
                                     "applications may do (capture the screen, read every file) behind the user's "
                                     "back; only the user grants those, in System Settings", cmd.node)


# -- settings that start programs or turn protections off -----------------------------------------------------------
# `defaults write DOMAIN KEY …` keys that run a program at login or logout, or list applications opened at login
_START_KEYS = frozenset({"LoginHook", "LogoutHook", "AutoLaunchedApplicationDictionary"})
# ... and keys that turn the quarantine or Gatekeeper off, or let any library load into signed programs (session 32)
_GUARD_KEYS = frozenset({"LSQuarantine", "GKAutoRearm", "EnableAssessment", "DisableLibraryValidation"})


def _defaults(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, frozenset({"-host"}))
    if not pos or pos[0].value not in ("write", "import", "rename", "delete") or len(pos) < 2:
        return
    domain = pos[1].value
    key = pos[2].value if len(pos) > 2 else None
    if key in _START_KEYS and pos[0].value in ("write", "import"):
        a.block("persistence", f"`defaults {pos[0].value} … {key}` makes a program run at every login or logout; "
                               "agents must not install anything that runs later", cmd.node)
    elif key in _GUARD_KEYS and pos[0].value == "write" and not (
            key == "DisableLibraryValidation" and [p.value for p in pos[3:4]] in (["false"], ["NO"], ["no"], ["0"])):
        # (`DisableLibraryValidation -bool false` turns library validation back on)
        a.block("permission-tamper", f"`defaults write … {key}` turns the quarantine of downloads, Gatekeeper or "
                                     "library validation off; agents must not weaken the system's protections",
                cmd.node)
    if domain and domain[:1] in "/~$":  # a plist named by its path: `defaults write ~/Library/LaunchAgents/x …`
        plist = domain if domain.endswith(".plist") else domain + ".plist"
        _judge_plist(a, cmd, Word(pos[1].node, plist, plist))


# the application firewall turned off (session 32)
def _socketfilterfw(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    for i, v in enumerate(vals[:-1]):
        if v == "--setglobalstate" and vals[i + 1] == "off":
            a.block("permission-tamper", "`socketfilterfw --setglobalstate off` turns the Mac's application firewall "
                                         "off: every program may take connections from the network; agents must not "
                                         "weaken the system's protections", cmd.node)
            return


def _plutil(a, cmd: Cmd) -> None:
    vals = cmd.values()
    if not any(v in _PLUTIL_WRITES for v in vals):
        return
    outs = option_value(cmd.args, "-o")
    for w in outs or positionals(cmd.args, _PLUTIL_ARG)[-1:]:
        _judge_plist(a, cmd, w)


# plutil's verbs that write a file (in place, or to `-o FILE`), and the options whose value is not the file
_PLUTIL_WRITES = frozenset({"-create", "-insert", "-replace", "-remove", "-convert", "-append"})
_PLUTIL_ARG = frozenset({"-insert", "-replace", "-remove", "-append", "-convert", "-create", "-o", "-e", "-extract",
                         "-string", "-integer", "-float", "-bool", "-date", "-data", "-xml", "-json", "-dictionary",
                         "-array", "-type", "-r"})


def _plistbuddy(a, cmd: Cmd) -> None:
    writes = any(v and v.split(None, 1)[0].lower() in ("add", "set", "delete", "merge", "import", "clear", "copy")
                 for v in (w.value for w in option_value(cmd.args, "-c")))
    if writes or any(w.value == "-x" for w in cmd.args):
        for w in positionals(cmd.args, frozenset({"-c"}))[-1:]:
            _judge_plist(a, cmd, w)


def _judge_plist(a, cmd: Cmd, w: Word) -> None:
    from .files import judge_write

    judge_write(a, cmd.name, w, f"`{cmd.name}` writes")


# -- quarantine flags and downloaded applications ------------------------------------------------------------------
# where a downloaded application or program lands: the browser's folder, the desktop, temporary folders, a mounted
# disk image
_FETCHED_PLACES = ("~/Downloads/", "~/Desktop/", "/tmp/", "/var/tmp/", "/var/folders/", "/Volumes/")
_QUARANTINE = "com.apple.quarantine"


def _xattr(a, cmd: Cmd) -> None:
    """`xattr -dr com.apple.quarantine ~/Downloads/X.app`: the flag macOS puts on what was downloaded, so that
    Gatekeeper checks it before it first runs, taken off. The file counts as downloaded (it is: the flag says so), and
    opening or running it later in this input is judged as running a download."""
    args = cmd.args
    strips, targets, j = False, [], 0
    while j < len(args):
        v = args[j].value
        if v is not None and v.startswith("-") and v != "-" and not v.startswith("--"):
            letters = v[1:]
            if "c" in letters:
                strips = True  # every attribute, the quarantine flag with them
            if "d" in letters and j + 1 < len(args):
                strips = strips or args[j + 1].value == _QUARANTINE
                j += 1
            elif "w" in letters:
                j += 2
            elif "p" in letters:
                j += 1
        else:
            targets.append(args[j])
        j += 1
    if not strips:
        return
    for w in targets:
        key = file_key(w)
        # (where it is: `cd ~/Downloads && xattr -dr … X.app` names ~/Downloads/X.app)
        where = paths.normalize(a.in_cwd(w.value) or w.value) if w.value else key
        if key is not None and key not in a.downloaded and where and where.startswith(_FETCHED_PLACES):
            a.downloaded[key] = "download"


# what `open` runs rather than shows: an application, an installer package, a script or a program without extension
_RUNNABLE = re.compile(r"(?i)\.(?:app|pkg|mpkg|command|tool|sh|terminal|workflow|scpt|applescript|jar)$|/[^./]+$")
_OPEN_ARG = frozenset({"-a", "-b", "-u", "--env", "--stdin", "--stdout", "--stderr", "-i", "-o", "--arch"})


def _open(a, cmd: Cmd) -> None:
    from . import handed

    handed.as_unknown(a, cmd)  # `open -a Terminal …`: what it is handed, as before it had a handler
    if a.downloaded:
        # (`open -a ~/Downloads/X.app`: the application it starts)
        _runs_download(a, cmd, positionals(cmd.args, _OPEN_ARG, stop_at_end=True) + option_value(cmd.args, "-a"))


def _installer(a, cmd: Cmd) -> None:
    if a.downloaded:
        _runs_download(a, cmd, option_value(cmd.args, "-pkg", "-package"), any_file=True)


def _runs_download(a, cmd: Cmd, words: list[Word], any_file: bool = False) -> None:
    from .exec import CHECKSUM, RELEASE

    for w in words:
        key = file_key(w)
        kind = a.downloaded.get(key) if key is not None else None
        if kind is None or not (any_file or _RUNNABLE.search(key or "")):
            continue
        shown = w.value or w.text
        if kind == "decode":
            a.block("decode-exec", f"`{cmd.name}` runs {shown}, decoded from an encoded payload earlier in this "
                                   "script", w.node)
            return
        source = a.downloaded.vouched.get(key)
        if source == CHECKSUM:
            continue
        if source == RELEASE:
            a.review("download-exec", f"`{cmd.name}` runs {shown}, a code host's release asset with no checksum "
                                      "checked; check it against the hash its project publishes first", w.node)
        else:
            a.block("download-exec", f"`{cmd.name}` runs {shown}, which was downloaded (and perhaps had its quarantine "
                                     "flag taken off, so Gatekeeper never checks it); inspect it first, or let the "
                                     "user open it", w.node)
        return


# -- the screen -------------------------------------------------------------------------------------------------------
_CAPTURE_ARG = frozenset({"-t", "-T", "-R", "-l", "-D", "-V", "-B", "-k"})


def _screencapture(a, cmd: Cmd) -> None:
    """`screencapture -x /tmp/.s.png`: the file holds what is on the user's screen (mail, chats, passwords being
    typed); an upload of it later in this input is exfiltration (net.note_file)."""
    for w in positionals(cmd.args, _CAPTURE_ARG):
        if w.value:
            _note(a, w.value, "a capture of the user's screen (`screencapture`)", cmd.node)


# -- Spotlight: key files found by name --------------------------------------------------------------------------
# what a query names: `kMDItemFSName == '*.p12'`, `kMDItemDisplayName = "*.mobileprovision"`, `-name id_rsa`
_SPOTLIGHT_NAME = re.compile(r"kMDItem(?:FSName|DisplayName)\s*==?\s*['\"]?([^'\"\s)|&]+)")
_KEY_FILES = re.compile(r"(?i)^(?:\*?\.(?:p12|pfx|pem|key|jks|keystore|kdbx|keychain(?:-db)?|mobileprovision|"
                        r"provisionprofile|cer|ovpn)|\*?id_(?:rsa|ed25519|ecdsa|dsa)\*?|\.netrc|\*?credentials\*?)$")


def spotlight_keys(cmd: Cmd) -> str | None:
    """What `mdfind` lists when its query names private keys, certificates and provisioning profiles (`mdfind
    "kMDItemFSName == '*.p12'"`, `mdfind -name id_rsa`), for a pipeline that archives or sends them (net.py);
    None otherwise (`mdfind -onlyin ~/Projects "kMDItemFSName == '*.xcodeproj'"`)."""
    names = [w.value for w in option_value(cmd.args, "-name")]
    for w in positionals(cmd.args, frozenset({"-onlyin", "-name", "-attr", "-s"})):
        names += _SPOTLIGHT_NAME.findall(w.value or "")
    found = [n for n in names if n and _KEY_FILES.match(n)]
    return f"the files named {', '.join(found)} found by Spotlight (keys and signing identities)" if found else None


HANDLERS: dict = {
    "security": [_security], "osascript": [_osascript], "spctl": [_spctl], "csrutil": [_csrutil], "nvram": [_nvram],
    "tccutil": [_tccutil], "sqlite3": [_sqlite_tcc], "defaults": [_defaults], "plutil": [_plutil],
    "PlistBuddy": [_plistbuddy], "xattr": [_xattr], "open": [_open], "installer": [_installer],
    "screencapture": [_screencapture], "socketfilterfw": [_socketfilterfw],
}
_CLEARS = short_flag("c")  # `xattr -c`, `-rc`: every attribute cleared
# fastpath screens (merged in fastpath._merge_screens): name -> check of the command's text
SCREENS: dict = {
    "security": mentions("dump-keychain", "-password", "export", "authorizationdb", "add-trusted-cert", "delete-"),
    "spctl": mentions("disable", "--add"),
    "sqlite3": mentions("TCC"),
    # a plist named by its path, or the keys that start programs or turn protections off
    "defaults": mentions("/", "~", "Hook", "AutoLaunched", "LSQuarantine", "GKAutoRearm", "EnableAssessment",
                         "DisableLibraryValidation"),
    "socketfilterfw": mentions("--setglobalstate"),
    "plutil": mentions("/", "~"),
    "xattr": lambda text: "quarantine" in text or _CLEARS.search(text) is not None,
    # a file earlier marked downloaded: by its quarantine flag taken off, or by a downloader (whose own screen sends
    # the text on whenever a later command may use what it fetched)
    "open": mentions("xattr", "-a", "-b"),
}
