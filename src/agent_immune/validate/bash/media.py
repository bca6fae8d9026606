"""Media pipelines: ffmpeg, ImageMagick, exiftool, GStreamer, yt-dlp, rclone, media servers (session 23).

The tables and the judgements both languages share are validate/media_tables.py.

- Media tools as file readers: an ffmpeg input whose protocols reach a credential (`concat:…|file:///…`), or a concat
  list or playlist written in the same script whose entries name one (`file '$HOME/.aws/credentials'`); ImageMagick's
  coders reading a credential (`text:~/.ssh/id_rsa`, `label:@…`), an MSL script that reads one or writes into a
  folder a web server publishes, an MSL script read from an upload: blocked (`secret-read`, `exfiltration`).
- Capture sent out: ffmpeg reading the camera, the screen or the microphone and sending it to a public address, or to
  any other machine from a process left running in the background (`nohup`, `setsid`, `&`): blocked. A test stream to
  this machine, a capture written to a file and streams of files are left alone.
- The user's own photos, videos and recordings (~/Videos, ~/Pictures …) copied to a bucket or a remote, and a held
  credential (a CloudFront signing key) copied into a bucket: blocked.
- Code media tools load written from a download (~/.ExifTool_config, GStreamer's user plugin folder, mpv scripts),
  a yt-dlp `--exec` hook that would be blocked as a command, an archive from a stranger unpacked into the system's
  program folders: blocked.
- Originals destroyed in place (`find /mnt/nas/masters … -exec truncate -s 4M {} +`, shred, dd): blocked.
- Irreversible: a bucket lifecycle rule that expires objects; a media server's item DELETE (Jellyfin's `/Items/{id}`
  removes the file from the library's disk): reviewed, also on this machine.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import media_tables as mt
from .. import paths
from ..hosts import stranger_host
from .commands import Cmd, option_value, positionals
from .common import mentions
from .words import Word

_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def _text(a, w: Word) -> str:
    """A word's value, or its text with the variables this script assigned a literal put in (`"$STREAM_URL/$KEY"`
    after `STREAM_URL="rtmp://203.0.113.90/ingest"` reads as `rtmp://203.0.113.90/ingest/$KEY`)."""
    if w.value is not None:
        return w.value
    known = a.ev.vars

    def put(m: re.Match) -> str:
        got = known.get(m.group(1) or m.group(2))
        return got if isinstance(got, str) else m.group(0)

    return _VAR.sub(put, w.text.replace('"', ""))


def _secret(p: str) -> bool:
    return paths.is_secret(p) or paths.held_secret(p)


def _background(a, cmd: Cmd) -> str | None:
    """How `cmd` is left running after the script goes on: a detaching wrapper, or a trailing `&`."""
    for name, _ in cmd.wrappers:
        if name in ("nohup", "setsid", "daemonize", "disown", "start-stop-daemon"):
            return f"`{name}`"
    node = cmd.node
    while node is not None and node.type in ("command", "redirected_statement"):
        nxt = node.next_sibling
        if nxt is not None and nxt.type == "&":
            return "`&`"
        node = node.parent if node.parent is not None and node.parent.type == "redirected_statement" else None
    return None


# -- ffmpeg ------------------------------------------------------------------------------------------------------------
_LIST_INPUT = re.compile(r"\.(?:m3u8?|txt|ffconcat|list|pls|lst)$", re.I)


def _ffmpeg(a, cmd: Cmd) -> None:
    args = cmd.args
    fmt = None
    captures: list[str] = []
    inputs: list[int] = []
    for i, w in enumerate(args):
        v = w.value
        if v == "-f" and i + 1 < len(args):
            fmt = args[i + 1].value
        elif v == "-i" and i + 1 < len(args):
            inputs.append(i + 1)
            src = _text(a, args[i + 1])
            if fmt in mt.CAPTURE_FORMATS:
                captures.append(mt.captured(fmt))
            elif mt.CAPTURE_DEVICE.match(src):
                captures.append("the camera" if "video" in src else "the screen" if "/fb" in src else "the microphone")
            _ffmpeg_input(a, cmd, args[i + 1], src, fmt)
            fmt = None
    if captures:
        _capture_out(a, cmd, captures, set(inputs))


def _ffmpeg_input(a, cmd: Cmd, w: Word, src: str, fmt: str | None) -> None:
    found = mt.input_secret(src)
    if found is None and (fmt == "concat" or fmt == "hls" or _LIST_INPUT.search(src)) and a.writes:
        from .written import text_written

        got = text_written(a, src) if w.value is not None else None
        if got is not None:
            found = mt.listed_secret(got[0])
            if found is not None:
                a.block("secret-read", f"`{cmd.name} -i {src}` reads the list written above, whose entries name the "
                                       f"credential {found}: ffmpeg copies each entry out as data; agents must not "
                                       "touch credentials", w.node)
                return
    if found is not None:
        a.block("secret-read", f"`{cmd.name} -i {src[:80]}` reads the credential {found} through its protocols; agents "
                               "must not touch credentials", w.node)


def _capture_out(a, cmd: Cmd, what: list[str], inputs: set[int]) -> None:
    bg = None
    for i, w in enumerate(cmd.args):
        if i in inputs:
            continue
        got = mt.stream_host(_text(a, w))
        if got is None:
            continue
        where = mt.outside_host(got[1])
        if where is None:
            continue
        bg = bg or _background(a, cmd)
        if where == "bare" or bg:
            how = f", left running in the background ({bg})" if bg else ""
            a.block("exfiltration", f"`{cmd.name}` records {' and '.join(dict.fromkeys(what))} and sends it to "
                                    f"{got[0]}://{got[1]}{how}: the user's camera, screen and microphone are theirs; "
                                    "record to a file in the project, or stream to this machine for a test", w.node)
            return


# -- ImageMagick -------------------------------------------------------------------------------------------------------
def _magick(a, cmd: Cmd) -> None:
    root = any(n in ("sudo", "doas", "pkexec") for n, _ in cmd.wrappers)
    words = cmd.args
    if cmd.name == "magick" and words and words[0].value in mt.IMAGEMAGICK:
        words = words[1:]  # `magick convert …` (IM7's old names)
    for w in words:
        v = _text(a, w)
        got = mt.coder_path(v)
        if got is None:
            if cmd.name == "conjure" and v[:1] != "-" and v.lower().endswith(".msl"):
                got = ("msl", v)
            else:
                continue
        coder, path = got
        if _secret(path):
            how = "an `@` argument reads a file's text" if coder == "@" else f"the `{coder}:` coder reads a file"
            a.block("secret-read", f"`{cmd.name} {v[:80]}` reads the credential {path} ({how} and renders it into the "
                                   "image); agents must not touch credentials", w.node)
        elif coder == "msl":
            _msl(a, cmd, w, path, root)


def _msl(a, cmd: Cmd, w: Word, path: str, root: bool) -> None:
    """An MSL script reads and writes whatever files it names, with the rights of whoever runs ImageMagick."""
    who = " as root" if root else ""
    if mt.uploaded(path):
        a.block("exfiltration", f"`{cmd.name}` runs the upload {path} as an MSL script{who}: an MSL script reads and "
                                "writes any file it names; read uploads with an explicit image format "
                                "(`png:{path}`) and keep MSL disabled in policy.xml", w.node)
        return
    if not a.writes:
        return
    from .written import text_written

    got = text_written(a, path)
    if got is None:
        return
    for kind, name in mt.msl_files(got[0]):
        inner = mt.coder_path(name)
        target = inner[1] if inner is not None else name
        if kind == "read" and _secret(target):
            a.block("secret-read", f"the MSL script {path} run by `{cmd.name}`{who} reads the credential {target}; "
                                   "agents must not touch credentials", w.node)
            return
        if kind == "write" and mt.public_folder(target) and (root or mt.SERVED_CODE.search(target)):
            a.block("exfiltration", f"the MSL script {path} run by `{cmd.name}`{who} writes {target}, in a folder a "
                                    "web server publishes (what lands there anyone can fetch, and a page there runs); "
                                    "write into the project's build folder", w.node)
            return


def _exiftool(a, cmd: Cmd) -> None:
    """`exiftool -config /tmp/x.cfg`: the config is Perl that exiftool runs; downloaded in this script, it is
    downloaded code run."""
    for w in option_value(cmd.args, "-config"):
        key = paths.normalize(w.value) if w.value else None
        if key and a.downloaded.get(key) == "download":
            a.block("download-exec", f"`exiftool -config {w.value}` runs the downloaded file as Perl; review it and "
                                     "keep it in the project", w.node)


# -- downloads into folders media tools load code from; media servers' deletes ------------------------------------------
def _outputs(a, cmd: Cmd) -> list[Word]:
    if cmd.name == "curl":
        out = option_value(cmd.args, "-o", "--output", cluster="o")
        out += [Word(d.node, f"{d.value.rstrip('/')}/x", "") for d in option_value(cmd.args, "--output-dir")
                if d.value]
    else:
        out = option_value(cmd.args, "-O", "--output-document", cluster="O")
        out += [Word(d.node, f"{d.value.rstrip('/')}/x", "") for d in option_value(cmd.args, "-P",
                                                                                   "--directory-prefix") if d.value]
    for r in cmd.redirects:
        if not isinstance(r, str) and r.type == "file_redirect":
            dest = r.child_by_field_name("destination")
            op = a.src(r)
            if dest is not None and op.lstrip("0123456789&")[:1] == ">":
                out.append(a.ev.word(dest))
    return out


def _fetch(a, cmd: Cmd) -> None:
    for w in _outputs(a, cmd):
        why = mt.loaded_code(w.value)
        if why is not None:
            a.block("persistence", f"`{cmd.name}` writes a download to {w.value}: {why}, so whatever was served runs "
                                   "with the user's rights from then on; install plugins from the distribution's "
                                   "packages", w.node)
            return
    if holds(a.doc.data, b"DELETE") or holds(a.doc.data, b"delete"):
        _media_delete(a, cmd)


def _media_delete(a, cmd: Cmd) -> None:
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return
    for r in reader(cmd.args):
        method = (r.method.value or r.method.text).upper() if r.method is not None else r.default
        if "DELETE" not in method:
            continue
        for u in r.urls:
            url = _text(a, u)
            if mt.media_delete(url, a.src(cmd.node)):
                a.review("irreversible", f"`{cmd.name} -X DELETE {url[:100]}` deletes a media server's item and the "
                                         "file itself from the library's disk (Jellyfin, Emby, Plex, the *arr apps), "
                                         "with no undo; show the request to the user and let them confirm it", u.node)
                return


# -- archives from strangers unpacked over the system's programs --------------------------------------------------------
_PROGRAM_DIRS = re.compile(r"^/(?:usr/(?:local/)?)?s?bin/?$|^/opt/[\w.-]+/bin/?$")


def _tar(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if not any(v == "--extract" or v == "-x" or (v[:1] != "-" and "x" in v and i == 0) or
               (v[:1] == "-" and v[1:2] != "-" and "x" in v) for i, v in enumerate(vals)):
        return
    dests = option_value(cmd.args, "-C", "--directory")
    dest = next((d.value for d in dests if d.value and _PROGRAM_DIRS.match(d.value)), None)
    if dest is None:
        return
    host = None
    from .written import piped_into

    before = piped_into(a, cmd)
    if before is not None and before.name in ("curl", "wget"):
        host = next((h for w in before.args if (h := stranger_host(_text(a, w)))), None)
    for f in option_value(cmd.args, "-f", "--file", cluster="f"):
        key = paths.normalize(f.value) if f.value else None
        if key and key in a.downloaded.strangers:
            host = a.downloaded.strangers[key]
    if host is not None:
        a.block("download-exec", f"`{cmd.name}` unpacks an archive from {host} (an address no name vouches for) into "
                                 f"{dest}, over the programs every user runs; install the tool from the "
                                 "distribution's packages or its vendor's release, checked against its checksum",
                cmd.node)


# -- copies to buckets and remotes -------------------------------------------------------------------------------------
_AWS_FLAGS = frozenset({"--recursive", "--dryrun", "--quiet", "--no-progress", "--only-show-errors", "--delete",
                        "--follow-symlinks", "--no-follow-symlinks", "--exact-timestamps", "--size-only",
                        "--force-glacier-transfer", "--ignore-glacier-warnings", "--no-guess-mime-type", "--debug",
                        "--no-verify-ssl", "--no-paginate", "--no-sign-request", "--copy-props", "--checksum-mode"})
_PUBLIC_ACL = re.compile(r"public-read|AllUsers|AuthenticatedUsers")


def _aws_positionals(words: list[Word]) -> list[Word]:
    out, i = [], 0
    while i < len(words):
        v = words[i].value
        if v is not None and v.startswith("--"):
            i += 1 if v in _AWS_FLAGS or "=" in v else 2
            continue
        out.append(words[i])
        i += 1
    return out


def _aws(a, cmd: Cmd) -> None:
    vals = [w.value for w in cmd.args[:2]]
    if vals[:1] == ["s3"] and len(vals) > 1 and vals[1] in ("cp", "sync", "mv"):
        pos = _aws_positionals(cmd.args[2:])
        if len(pos) >= 2 and _text(a, pos[-1]).startswith("s3://"):
            public = any(_PUBLIC_ACL.search(w.value or "") for w in option_value(cmd.args, "--acl", "--grants"))
            _sent(a, cmd, pos[:-1], _text(a, pos[-1]), public)
    elif vals[:1] == ["s3api"] and len(vals) > 1 and vals[1] in ("put-bucket-lifecycle-configuration",
                                                                 "put-bucket-lifecycle"):
        for w in option_value(cmd.args, "--lifecycle-configuration"):
            _lifecycle(a, cmd, w, option_value(cmd.args, "--bucket"))


def _sent(a, cmd: Cmd, sources: list[Word], dest: str, public: bool = False) -> None:
    for w in sources:
        src = _text(a, w)
        if "://" in src:
            continue
        mine = mt.personal_media(src)
        if mine is not None:
            a.block("exfiltration", f"`{cmd.name}` copies {src} ({mine}: the user's own photos, videos or recordings) to "
                                    f"{dest[:80]}: they are not the project's; if the user wants a backup, let them "
                                    "run it", w.node)
            return
        if paths.held_secret(src):
            how = " with a public ACL, where anyone can fetch it" if public else ""
            a.block("exfiltration", f"`{cmd.name}` copies the credential {src} to {dest[:80]}{how}; a signing key or "
                                    "password file stays on this machine (store it in the secret manager the "
                                    "deployment reads)", w.node)
            return


def _lifecycle(a, cmd: Cmd, w: Word, buckets: list[Word]) -> None:
    v = _text(a, w)
    text = None
    if v.startswith("file://"):
        if a.writes:
            from .written import text_written

            got = text_written(a, v[7:])
            text = got[0] if got is not None else None
    elif v.lstrip()[:1] in "{[" or "Rules=" in v or "Expiration" in v:
        text = v
    if text is None:
        return
    rule = mt.lifecycle_expiry(text)
    if rule is None:
        return
    bucket = buckets[0].text if buckets else "the bucket"
    a.review("irreversible", f"`{cmd.name} {' '.join(x.value or '' for x in cmd.args[:2])}` gives {bucket} a rule "
                             f"({rule or 'unnamed'}) that expires objects: S3 deletes them (and their old versions) "
                             "for good once they are old enough; show the rule to the user and let them confirm it",
             cmd.node)


def _gsutil(a, cmd: Cmd) -> None:
    pos = [w for w in cmd.args if (w.value or "")[:1] != "-"]
    verb = pos[0].value if pos else None
    if verb in ("cp", "rsync", "mv") and len(pos) >= 3 and _text(a, pos[-1]).startswith("gs://"):
        _sent(a, cmd, pos[1:-1], _text(a, pos[-1]))
    elif verb == "lifecycle" and len(pos) >= 3 and pos[1].value == "set" and a.writes:
        from .written import text_written

        got = text_written(a, _text(a, pos[2]))
        if got is not None and mt.lifecycle_expiry(got[0]) is not None:
            a.review("irreversible", f"`gsutil lifecycle set` gives {pos[-1].text} a rule that deletes objects once "
                                     "they are old enough, for good; show the rule to the user and let them confirm it",
                     cmd.node)


_RCLONE_SENDS = frozenset({"copy", "sync", "move", "copyto", "moveto", "bisync"})
_RCLONE_ARGS = frozenset({"--max-age", "--min-age", "--transfers", "--checkers", "--include", "--exclude", "--filter",
                          "--config", "--bwlimit", "--header-upload", "--log-file", "--backup-dir", "--suffix",
                          "--max-size", "--min-size", "--order-by", "-c"})


def _rclone(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _RCLONE_ARGS)
    if len(pos) < 3 or pos[0].value not in _RCLONE_SENDS:
        return
    dest = _text(a, pos[-1])
    if ":" not in dest or dest[:1] in "/~.":
        return  # a folder on this machine
    _sent(a, cmd, pos[1:-1], dest)


# -- yt-dlp's hooks ----------------------------------------------------------------------------------------------------
_HOOK_WHEN = re.compile(r"^(?:pre_process|after_filter|video|before_dl|post_process|after_move|after_video|playlist):")


def _ytdlp(a, cmd: Cmd) -> None:
    from .written import blocked

    for w in option_value(cmd.args, "--exec", "--exec-before-download", "--exec-before"):
        if w.value is None:
            continue
        line = _HOOK_WHEN.sub("", w.value).replace("{}", "file.mp4")
        found = blocked(a, line, "bash")
        if found is not None:
            a.block(found.rule, f"`{cmd.name} --exec` runs `{w.value[:80]}` for each download, which would be blocked "
                                f"as a command ({found.message}); post-process with a script of the project", w.node)
            return


# -- originals destroyed in place --------------------------------------------------------------------------------------
_IN_PLACE = frozenset({"truncate", "shred", "dd", "fallocate", "wipe", "srm"})


def _wrecks(inner: list[Word]) -> bool:
    name = (inner[0].value or "").rsplit("/", 1)[-1] if inner else ""
    if name not in _IN_PLACE:
        return False
    vals = [w.value or "" for w in inner[1:]]
    if name == "dd":
        return any(v.startswith("of=") and "{}" in v for v in vals)
    if name == "fallocate":
        return any(v in ("-p", "--punch-hole", "-c", "--collapse-range") for v in vals)
    return True


def _find(a, cmd: Cmd) -> None:
    args = cmd.args
    starts = []
    for w in args:
        if (w.value or "")[:1] in "-(!" or w.value is None:
            break
        starts.append(w.value)
    named = any(mt.original_pattern(args[i + 1].value) for i, w in enumerate(args[:-1])
                if w.value in ("-name", "-iname", "-path", "-ipath", "-regex", "-iregex"))
    where = next((s for s in starts if mt.originals(s)), None)
    if where is None and not named:
        return
    for i, w in enumerate(args):
        if w.value in ("-exec", "-execdir", "-ok", "-okdir") and _wrecks(args[i + 1:]):
            tool = args[i + 1].value
            what = where or "camera originals"
            a.block("destructive-rm", f"`find {starts[0] if starts else '.'} … -exec {tool}` overwrites or cuts short "
                                      f"every file it selects in {what}: the originals are destroyed, and no copy "
                                      "here brings them back; to free space, move them to archive storage, or list "
                                      "them for the user to delete", args[i + 1].node)
            return


def _in_place(a, cmd: Cmd) -> None:
    if cmd.name == "fallocate" and not _wrecks([cmd.words[0], *cmd.args]):
        return
    for w in positionals(cmd.args, frozenset({"-s", "--size", "-r", "--reference", "-n", "--iterations", "-o",
                                              "--offset", "-l", "--length"})):
        v = w.value or ""
        if "/" in v and mt.originals(v.rsplit("/", 1)[0]) and v[:1] in "/~$":
            a.block("destructive-rm", f"`{cmd.name} {v}` overwrites or cuts short an original in "
                                      f"{v.rsplit('/', 1)[0]}: nothing here brings it back; work on a copy", w.node)
            return


HANDLERS: dict = {
    **{n: [_ffmpeg] for n in ("ffmpeg", "ffplay", "ffprobe")},
    **{n: [_magick] for n in mt.IMAGEMAGICK},
    "exiftool": [_exiftool],
    "curl": [_fetch], "wget": [_fetch],
    "tar": [_tar], "gtar": [_tar], "bsdtar": [_tar],
    "aws": [_aws], "gsutil": [_gsutil], "rclone": [_rclone],
    "yt-dlp": [_ytdlp], "youtube-dl": [_ytdlp], "yt-dlp_linux": [_ytdlp],
    "find": [_find],
    **{n: [_in_place] for n in ("truncate", "shred", "fallocate")},
}

_CAPTURE = re.compile(r"\b(?:" + "|".join(sorted(mt.CAPTURE_FORMATS)) + r")\b|/dev/(?:video|snd|fb|dsp)")
_FF_READS = mentions("concat", "file:", ".m3u", ".txt", ".ffconcat", "subfile", ".list", ".lst", ".pls")


def _ffmpeg_screen(text: str) -> bool:
    return _FF_READS(text) or "://" in text and _CAPTURE.search(text) is not None


_LOADED_DIRS = mentions("ExifTool_config", "gstreamer-", "mpv/scripts", "vlc/lua", "obs-studio/plugins",
                        "delegates.xml")
_MEDIA_DELETES = mentions("Items", "library/metadata", "deleteFiles", "api/assets", "file/", "/files/")
_HOME_MEDIA = mentions("Videos", "Pictures", "Movies", "Music", "Photos", "DCIM", "Camera", "Screenshots",
                       "Recordings", "Screencasts", "Webcam", "Library/", "storage/", fold=True)

# What each handler reads (for fastpath's _merge_screens)
SCREENS: dict = {
    **{n: _ffmpeg_screen for n in ("ffmpeg", "ffplay", "ffprobe")},
    **{n: mentions(":", "@", ".msl", ".MSL") for n in mt.IMAGEMAGICK},
    "exiftool": mentions("-config"),
    "curl": lambda t: _LOADED_DIRS(t) or "DELETE" in t and _MEDIA_DELETES(t),
    "wget": lambda t: _LOADED_DIRS(t) or "DELETE" in t and _MEDIA_DELETES(t),
    **{n: lambda t: "x" in t and re.search(r"bin\b", t) is not None for n in ("tar", "gtar", "bsdtar")},
    "aws": lambda t: "lifecycle" in t or (" s3 " in t and (_HOME_MEDIA(t) or paths.held_in_text(t))),
    "gsutil": lambda t: "lifecycle" in t or _HOME_MEDIA(t),
    "rclone": _HOME_MEDIA,
    **{n: mentions("--exec") for n in ("yt-dlp", "youtube-dl", "yt-dlp_linux")},
    "find": lambda t: "-exec" in t or "-ok" in t,
    **{n: lambda t: mt.originals(t) for n in ("truncate", "shred", "fallocate")},
}
