"""Tables and judgements shared by the shell and code rules (session 23); and the configuration files of
media tools and workers (ImageMagick policy.xml, watch-folder workers' hooks) written from the shell, judged through server_config.py.

Media tools read more than media: ffmpeg follows the entries of a concat list or an HLS playlist wherever they point
(`file '$HOME/.aws/credentials'`, `concat:…|file:///…`) and copies them out as data; ImageMagick's coders read a file
as text (`text:`, `@file`) and its MSL scripts read and write any path. Capture devices (a camera, the screen, the
microphone) are the user's, and so are the folders of their own photos and recordings: none of that belongs to a
project, so sent to another machine it is exfiltration.
"""
from __future__ import annotations

import json
import re

from . import paths
from .hosts import ip_literal, loopback, public_ip, url_host

# -- capture devices -------------------------------------------------------------------------------------------------
# ffmpeg's input formats that read the camera, the screen or the microphone (`-f FMT -i …`)
CAPTURE_FORMATS = frozenset({"v4l2", "video4linux2", "x11grab", "xcbgrab", "kmsgrab", "fbdev", "avfoundation",
                             "gdigrab", "dshow", "vfwcap", "pulse", "alsa", "jack", "oss", "sndio", "openal",
                             "pipewire", "pipewiregrab", "wasapi"})
# the devices themselves, named as inputs (`-i /dev/video0`)
CAPTURE_DEVICE = re.compile(r"^/dev/(?:video\d+|snd/\w+|dsp\d*|fb\d+)$")
_CAPTURE_WHAT = {"v4l2": "the camera", "video4linux2": "the camera", "x11grab": "the screen", "xcbgrab": "the screen",
                 "kmsgrab": "the screen", "fbdev": "the screen", "gdigrab": "the screen", "avfoundation":
                 "the camera or screen", "dshow": "the camera or microphone", "vfwcap": "the camera",
                 "pipewiregrab": "the screen"}


def captured(fmt: str) -> str:
    """What the capture format `fmt` records, for messages."""
    return _CAPTURE_WHAT.get(fmt, "the microphone")


# output protocols that send a stream to another machine
STREAM_SCHEMES = frozenset({"rtmp", "rtmps", "rtmpt", "rtmpe", "rtmpte", "rtmpts", "srt", "udp", "tcp", "rtp", "rtsp",
                            "rtsps", "icecast", "tls", "zmq", "sftp", "ftp", "rist", "http", "https"})


def stream_host(url: str) -> tuple[str, str] | None:
    """(scheme, host) of a network output `url` (`rtmp://198.51.100.7/live/k`, `udp://[::1]:1234`), or None for a
    file or another kind of output."""
    scheme, sep, _ = url.partition("://")
    if not sep or scheme.lower() not in STREAM_SCHEMES:
        return None
    host = url_host(url)
    return (scheme.lower(), host) if host else None


def outside_host(host: str) -> str | None:
    """'bare' for a public address, 'named' for another machine's name, None for this machine and its network."""
    h = host.split(":")[0].strip("[]") if host.count(":") <= 1 or host.startswith("[") else host
    if ip_literal(h):
        return "bare" if public_ip(h) else None
    if loopback(h) or "." not in h or h.endswith((".local", ".lan", ".internal", ".home.arpa", ".localhost")):
        return None
    return "named"


# -- the user's own media ------------------------------------------------------------------------------------------
# the home's folders of the user's own photos, videos, music and recordings (paths.normalize gives `~/…` for $HOME,
# /home/<user>, /Users/<user>, the Windows profile)
_PERSONAL = re.compile(r"^~/(?:Videos|Pictures|Movies|Music|Desktop|Photos|DCIM|Camera Roll|Screenshots|Recordings|"
                       r"Screencasts|Webcam|Camera|OneDrive/Pictures|Dropbox/Camera Uploads|"
                       r"Library/(?:Mobile Documents|Photos|Messages)|storage/dcim|storage/pictures)(?:/|$)", re.I)


def personal_media(path: str | None) -> str | None:
    """`~/Videos/Recordings`, `$HOME/Pictures`: the folder of the user's own media that `path` is (or is in)."""
    if not path or path[:1] not in "~$/":
        return None
    p = paths.normalize(path.rstrip("/") or path)
    m = _PERSONAL.match(p + "/")
    return m.group(0).rstrip("/") if m else None


# -- originals ---------------------------------------------------------------------------------------------------------
# a folder of a production's originals (camera files, masters) by its name, and camera-original formats by extension
_ORIGINALS_DIR = re.compile(r"(?:^|/)(?:masters?|originals?|camera[-_ ]?originals|ocf|rushes|footage|raw[-_ ]?footage|"
                            r"source[-_ ]?media|archive[-_ ]?masters)(?:/|$)", re.I)
_ORIGINAL_EXT = re.compile(r"\.(?:mxf|braw|r3d|ari|arx|crm|cine|dng|cr2|cr3|nef|arw|raf|orf|rw2|prores)$", re.I)


def originals(path: str | None) -> bool:
    """A folder (or a file in one) of a production's originals: `/mnt/nas/masters`, `footage/day2`."""
    return bool(path) and _ORIGINALS_DIR.search(path.rstrip("/") + "/") is not None


def original_pattern(pattern: str | None) -> bool:
    """A name pattern of camera originals (`*.braw`, `*.MXF`)."""
    return bool(pattern) and _ORIGINAL_EXT.search(pattern.rstrip("*")) is not None


# -- code media tools load from the user's folders -------------------------------------------------------------------
# exiftool runs `~/.ExifTool_config` (Perl) at every start; GStreamer loads every library in its user plugin folder
# (and in those GST_PLUGIN_PATH names) into any program that uses it; mpv runs the scripts of its scripts folder;
# OBS loads its user plugins; VLC its Lua extensions; ImageMagick reads delegates.xml (the commands it runs for a
# format) from its user folder
_LOADED = (
    (re.compile(r"(?:^|/)\.ExifTool_config$|(?:^|/)\.config/ExifTool/ExifTool_config$"),
     "exiftool runs that file (Perl) at every start"),
    (re.compile(r"(?:^|/)(?:\.local/share|\.gstreamer-[\d.]+|\.config)/gstreamer-[\d.]+/plugins(?:/|$)|"
                r"^(?:/usr(?:/local)?/lib(?:64)?(?:/[\w-]+)?)/gstreamer-[\d.]+/"),
     "GStreamer loads every library there into each program that plays or encodes media"),
    (re.compile(r"(?:^|/)\.config/mpv/scripts/|(?:^|/)\.local/share/vlc/lua/|(?:^|/)\.config/obs-studio/plugins/"),
     "the player (or OBS) loads the code there at every start"),
    (re.compile(r"(?:^|/)\.(?:config/ImageMagick|magick)/delegates\.xml$"),
     "ImageMagick runs the commands that file names for each format it converts"),
)


def loaded_code(path: str | None) -> str | None:
    """Why code written to `path` runs later (a media tool's plugin folder or code-bearing settings), or None."""
    if not path:
        return None
    p = paths.normalize(path)
    for rx, why in _LOADED:
        if rx.search(p):
            return why
    return None


# -- ImageMagick -------------------------------------------------------------------------------------------------------
IMAGEMAGICK = frozenset({"convert", "magick", "mogrify", "montage", "composite", "identify", "compare", "conjure",
                         "stream", "animate", "display", "import"})
# `coder:path` (`text:/etc/passwd`, `msl:x.msl`, `label:@file`), `@file` (a file of file names, or of text)
_CODER = re.compile(r"^([A-Za-z0-9]{2,12}):(@?)(.+)$")
# coders that read a file's bytes as text or a script
TEXT_CODERS = frozenset({"text", "txt", "label", "caption", "pango", "msl", "mvg", "svg", "msvg", "ephemeral"})


def coder_path(value: str) -> tuple[str, str] | None:
    """(coder, path) an ImageMagick argument reads: `text:/x` -> (text, /x), `label:@/x` -> (label, /x),
    `@/x` -> (@, /x). None for plain files, sizes, geometry and URLs."""
    if value.startswith("@") and len(value) > 1:
        return "@", value[1:]
    m = _CODER.match(value)
    if m is None or m.group(3).startswith("//"):
        return None
    coder = m.group(1).lower()
    if m.group(2) or coder in TEXT_CODERS:
        return coder, m.group(3)
    return None


_MSL_FILE = re.compile(r"""<(read|write)\b[^>]*?\bfilename\s*=\s*["']([^"']+)["']""", re.I)


def msl_files(text: str) -> list[tuple[str, str]]:
    """(read|write, path) of an MSL script's `<read filename=…>` and `<write filename=…>` elements."""
    return [(m.group(1).lower(), m.group(2)) for m in _MSL_FILE.finditer(text)]


# a folder a web server publishes (what is written there anyone can fetch)
_PUBLIC = re.compile(r"^/(?:var/www|srv/www|usr/share/nginx|var/lib/nginx)/|(?:^|/)(?:public_html|public|htdocs|"
                     r"wwwroot|static|uploads|media/public)(?:/|$)")


# a page a web server runs rather than serves
SERVED_CODE = re.compile(r"\.(?:php\d?|phtml|phar|jsp|jspx|aspx?|cgi|pl|shtml)$|(?:^|/)\.htaccess$", re.I)


def public_folder(path: str) -> bool:
    return _PUBLIC.search(path) is not None


# files that came in from users (an upload), which an MSL script must never be read from
_UPLOADED = re.compile(r"(?:^|/)(?:uploads?|incoming|user[-_]?(?:content|uploads|files)|inbox|submissions)/", re.I)


def uploaded(path: str) -> bool:
    return _UPLOADED.search(path) is not None


# -- ffmpeg's lists of inputs ------------------------------------------------------------------------------------------
# (a line's own blanks only: `^\s*` read every blank line after each line start)
_LIST_ENTRY = re.compile(r"""^[^\S\n]*+file\s+(?:'([^']*)'|"([^"]*)"|(\S+))""", re.M)


def listed_secret(text: str) -> str | None:
    """The credential an ffmpeg concat list or playlist names among its entries (`file '$HOME/.aws/credentials'`,
    `concat:http://…|file:///home/u/.ssh/id_rsa`), or None."""
    for m in _LIST_ENTRY.finditer(text):
        p = m.group(1) or m.group(2) or m.group(3) or ""
        if paths.is_secret(p) or paths.held_secret(p):
            return p
    for line in text.splitlines()[:400]:
        if line.startswith("#") or "/" not in line:
            continue
        for part in re.split(r"[|\s]", line.replace("concat:", "")):
            p = part.removeprefix("file:").removeprefix("//")
            if p[:1] in "~$/" and (paths.is_secret(p) or paths.held_secret(p)):
                return p
    found = paths.secret_in_text(text)
    return found


def input_secret(value: str) -> str | None:
    """A credential an ffmpeg input URL reads through its protocols (`concat:a.ts|file:/home/u/.aws/credentials`,
    `file:~/.ssh/id_rsa`, `subfile,,start,0,end,0,,:/etc/shadow`)."""
    if ":" not in value:
        return None
    body = value.split(":", 1)[1] if value.split(":", 1)[0] in ("concat", "subfile", "cache", "crypto", "async") or \
        value.startswith("subfile,") else value
    for part in body.split("|"):
        p = part.removeprefix("file:").removeprefix("//")
        if p[:1] in "~$/" and (paths.is_secret(p) or paths.held_secret(p)):
            return p
    return None


# -- media servers' item deletes ---------------------------------------------------------------------------------------
# a DELETE that removes the media file itself from the server's disk: Jellyfin's and Emby's items, Plex's metadata
# items (with "allow media deletion" on), Sonarr/Radarr/Lidarr with deleteFiles, Immich's assets. Their paths are
# common words of other APIs (`/items/3`), so the request must also name the media server (its token header, its
# port, its name)
_MEDIA_DELETE = re.compile(r"/(?:emby/|jellyfin/)?Items/[^/?#\s]+/?(?:[?#]|$)|/(?:emby/|jellyfin/)?Items/?\?[^#\s]*\bids=|"
                           r"/library/metadata/[^/?#\s]+/?(?:[?#]|$)|"
                           r"/api/v[13]/(?:series|movie|artist|author)/[^/?#\s]+\?[^#\s]*deleteFiles=true|"
                           r"/api/v[13]/(?:episodefile|moviefile|trackfile|bookfile)/[^/?#\s]+/?(?:[?#]|$)|"
                           r"/api/assets/?(?:[?#]|$)")
MEDIA_SERVER = re.compile(r"X-Emby-Token|X-MediaBrowser-Token|X-Emby-Authorization|jellyfin|emby|:8096\b|:8920\b|"
                          r"X-Plex-Token|plex|:32400\b|deleteFiles=true|X-Api-Key.{0,80}/api/v3/|sonarr|radarr|lidarr|"
                          r"readarr|:8989\b|:7878\b|:8686\b|immich|:2283\b", re.I)


def media_delete(url: str, said: str = "") -> bool:
    """Whether a DELETE of `url` removes media files from a media server's disk (`/Items/{id}` of Jellyfin); `said`
    is the rest of the request (its headers), which with the URL must name the media server."""
    path = url.split("://", 1)[-1]
    path = path[path.find("/"):] if "/" in path else ""
    return bool(path) and _MEDIA_DELETE.search(path) is not None and MEDIA_SERVER.search(url + " " + said) is not None


# -- object storage lifecycle rules ------------------------------------------------------------------------------------
# the text fallback, for code's dict and object literals and the CLI's shorthand: `Expiration` with a day count or
# date (not `ExpiredObjectDeleteMarker` alone, which removes markers over versions already gone), noncurrent versions
# expired, a GCS `Delete` action
_EXPIRES = re.compile(r"""["']?Expiration["']?\s*[:=]\s*\{[^{}]*\b(?:Days|Date)\b|"""
                      r"""["']?NoncurrentVersionExpiration["']?\s*[:=]\s*\{[^{}]*\bNoncurrentDays\b|"""
                      r"""["']type["']\s*:\s*["']Delete["']""")


def lifecycle_expiry(text: str) -> str | None:
    """The first rule of an S3 (or GCS) lifecycle configuration that deletes objects (Expiration, noncurrent
    version expiration, a GCS `Delete` action): its ID or prefix, or '' when unnamed; None when no rule expires
    anything (aborting incomplete multipart uploads, transitions to another storage class)."""
    try:
        data = json.loads(text)
    except ValueError:
        return "" if _EXPIRES.search(text) else None
    rules = data.get("Rules") or data.get("rules") or data.get("rule") or \
        (data.get("lifecycle") or {}).get("rule") or [data] if isinstance(data, dict) else []
    for r in rules if isinstance(rules, list) else []:
        if not isinstance(r, dict) or str(r.get("Status", "Enabled")) == "Disabled":
            continue
        action = r.get("action") if isinstance(r.get("action"), dict) else {}
        expiry = r.get("Expiration")
        if isinstance(expiry, dict) and set(expiry) <= {"ExpiredObjectDeleteMarker"}:
            expiry = None
        if expiry or r.get("NoncurrentVersionExpiration") or action.get("type") == "Delete":
            prefix = (r.get("Filter") or {}).get("Prefix") if isinstance(r.get("Filter"), dict) else r.get("Prefix")
            return str(r.get("ID") or (f"prefix {prefix!r}" if prefix is not None else "every object"))
    return None


def lifecycle_loss(rule: str) -> str:
    """What the rule `lifecycle_expiry` found loses, for a message."""
    return (f"adds a lifecycle rule ({rule or 'unnamed'}) that expires objects: the store deletes them, or their "
            "previous versions (the undo of an overwrite), for good once they are old enough")


# -- configuration files judged when written ---------------------------------------------------------------------------
# (searched, for its truth only: each name's run stops at the next name, whose own try reads the same rest, so that
# `watch-watch-…` is read once)
_NAMES = r"watch|worker|transcod|encod|ingest"
CONFIG_TARGET = (r"ImageMagick(?:(?!ImageMagick)[-\w.])*+/policy\.xml|"
                 rf"(?:{_NAMES})(?:(?!{_NAMES})[\w-])*+/[\w.-]*\.(?:conf|ini|toml|ya?ml|cfg)\b|"
                 r"(?:watch(?:(?!watch)[\w-])*+|worker|transcoder|encoder)\.(?:conf|ini|toml|ya?ml|cfg)\b")
_POLICY = re.compile(r"(?:^|/)ImageMagick[-\w.]*/policy\.xml$")
_WORKER = re.compile(CONFIG_TARGET.split("|", 1)[1])


def config_kind(path: str) -> bool:
    """Whether `path` is a configuration file this area judges the written text of."""
    return bool(_POLICY.search(path) or _WORKER.search(path))


# coders whose policy guards against reading or running files (the ImageTragick family), and the domains that guard
# the rest: a policy without them lets an upload read any file (`text:`, `msl:`) or run a delegate's command
_RISKY_CODERS = re.compile(r"\b(?:MSL|MVG|TEXT|URL|EPHEMERAL|HTTPS?|SHOW|WIN|PLT|\*)\b", re.I)
_GUARD_DOMAIN = re.compile(r'domain=\\?"(?:coder|path|delegate|module)\\?"')
_SED_DELETE = re.compile(r"^\s*/([^/]*)/\s*d\s*$")


def _policy_dropped(path: str, text: str) -> str | None:
    """What an edit or a rewrite of ImageMagick's policy.xml takes away: its guard lines deleted, a risky coder's
    `rights="none"` turned into read or write, or the system's policy rewritten with no `rights="none"` left (a user's
    own policy.xml adds to the system's, so only the system's counts)."""
    if not text.startswith("-"):  # the whole file's text (an edit's is its words, options first)
        if path.startswith(("/etc/", "/usr/", "/opt/")) and 'rights="none"' not in text.replace('\\"', '"'):
            return "writes a policy that forbids nothing"
        return None
    for part in re.split(r"[;\n]", text):
        m = _SED_DELETE.match(part)
        if m and (_GUARD_DOMAIN.search(m.group(1)) or "policy " in m.group(1) or "<policy" in m.group(1) or
                  m.group(1) in ("", ".*", "rights", 'rights="none"')):
            return f"deletes the policy lines that match /{m.group(1)}/"
    t = text.replace('\\"', '"')
    for m in re.finditer(r"s(.)(.*?)\1(.*?)\1", t):
        old, new = m.group(2), m.group(3)
        if 'rights="none"' in old and "none" not in new and ("pattern" not in old or _RISKY_CODERS.search(old)):
            return f"turns `{old[:60]}` into `{new[:60]}`"
        if "<policy " in old and "<policy " not in new and ("domain" in old and "coder" in old or ".*" in old):
            return "removes its policy lines"
    return None


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to the configuration file `path` (a here-document, `tee`, `echo`, a redirect, or the
    expression of a `sed -i`/`perl -pi` edit of it); True when a finding was reported."""
    if _POLICY.search(path):
        what = _policy_dropped(path, text)
        if what is None:
            return False
        a.block("system-write", f"the edit of {path} {what}: ImageMagick's security policy is what stops an image "
                                "from reading files (`text:`, `msl:`) or running commands (ImageTragick); keep it, and "
                                "allow only the one format the work needs (`pattern=\"PDF\"`)", node)
        return True
    return _worker_hook(a, path, text, node)


# the key is the whole word holding a hook-like name, the value the rest of the line up to its last non-blank (a blank
# value only at the end of the text: its last blank, as before); each piece read once, so long lines stay linear
_HOOK_LINE = re.compile(r"""^[^\S\n]*+["']?((?=[\w.-]*?(?:hook|exec|command|cmd|run|script|on_[\w-]+|after|before|"""
                        r"""post|pre))[\w.-]++)["']?\s*+[=:]\s*(\S(?:.*\S)?|[^\S\n])\s*$""", re.I | re.M)


def _worker_hook(a, path: str, text: str, node) -> bool:
    """`on_complete = sh -c "curl … | sh"` in a watch-folder worker's settings: the worker runs the hook for every
    file it processes, so a hook that would be blocked as a command is blocked here."""
    from .bash.written import blocked

    for m in _HOOK_LINE.finditer(text):
        value = m.group(2)
        if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if not re.search(r"[\s|;&$]", value):
            continue
        found = blocked(a, value, "bash")
        if found is not None:
            a.block(found.rule, f"the hook `{m.group(1)}` written to {path} would be blocked as a command "
                                f"({found.message}); the worker runs it for every file it processes: keep the hook to "
                                "the project's own scripts", node)
            return True
    return False
