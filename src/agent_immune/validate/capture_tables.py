"""Media from code (session 23): the tables python/media.py and js/media.py share.

- what captures the webcam, the screen or the microphone (OpenCV on a device, mss, PIL.ImageGrab, pyautogui,
  sounddevice, PyAudio; screenshot-desktop, node-webcam, the microphone modules), and ffmpeg's argv reading a
  capture device (`-f x11grab`, `-f v4l2 -i /dev/video0`, `-f pulse -i default`) with a network output;
- the user's personal media folders (~/Videos, ~/Pictures, ~/Movies, ~/Music, ~/Desktop, a phone's DCIM);
- S3: whether a bucket copied into is one the code names nowhere as the organisation's, and whether a lifecycle
  rule expires objects (a delete that runs later, with no undo);
- Mux's asset deletes, YouTube's deletes that lose content.
"""
from __future__ import annotations

import re

from . import media_tables as mt
from .hosts import loopback, url_host

# a cheap test on a snippet's bytes before any capture is looked for
CAPTURE_HINT = re.compile(rb"VideoCapture|ImageGrab|pyautogui|pyscreenshot|\bmss\b|sounddevice|pyaudio|PyAudio|"
                          rb"screenshot-desktop|node-webcam|record-lpcm16|naudiodon|[\"']mic[\"']|desktopCapturer|"
                          rb"x11grab|gdigrab|kmsgrab|avfoundation|dshow|v4l2|video4linux2|/dev/video|[\"']pulse[\"']|"
                          rb"[\"']alsa[\"']")

# Python calls whose value is a capture -> what they capture (mss's object grabs the screen; a PyAudio stream opened
# with `input=True` is read as a capture where it is opened)
PY_CAPTURES = {"PIL.ImageGrab.grab": "the screen", "ImageGrab.grab": "the screen", "PIL.ImageGrab.grabclipboard":
               "the clipboard", "pyautogui.screenshot": "the screen", "pyscreenshot.grab": "the screen",
               "pyscreeze.screenshot": "the screen", "mss.mss": "the screen", "mss.mss.mss": "the screen",
               "mss.MSS": "the screen", "sounddevice.rec": "the microphone", "sounddevice.InputStream":
               "the microphone", "sounddevice.RawInputStream": "the microphone", "soundcard.default_microphone":
               "the microphone", "speech_recognition.Microphone": "the microphone"}
# OpenCV's capture: a device when given a number or a /dev/video path (a file or stream URL is a video read)
PY_DEVICE_CAPTURE = frozenset({"cv2.VideoCapture", "cv.VideoCapture"})
# TypeScript/JavaScript modules whose calls capture -> what they capture
JS_CAPTURE_MODULES = {"screenshot-desktop": "the screen", "node-webcam": "the webcam", "node-record-lpcm16":
                      "the microphone", "mic": "the microphone", "naudiodon": "the microphone"}

# a network output of ffmpeg (also inside a tee muxer's list `[f=flv]rtmp://…|[f=mp4]out.mp4`)
_NET_OUTPUT = re.compile(r"(?:^|[|\]])((?:rtmps?|rtsp|srt|udp|tcp|icecast|rtp|tls|https?|ftp|sftp|zmq|rist)://[^|\s]+)",
                         re.I)
CAPTURE_PROGRAMS = frozenset({"ffmpeg", "ffmpeg.exe", "avconv"})


def ffmpeg_capture(argv: list) -> tuple[str, str] | None:
    """(what it captures, the host it sends to) of an ffmpeg argv that reads a capture device and writes to a network
    URL whose host is not this machine; None otherwise (a file read, a capture saved or streamed locally, an output
    not known)."""
    if not argv or (argv[0] or "").rsplit("/", 1)[-1] not in CAPTURE_PROGRAMS:
        return None
    what, fmt, inputs = None, None, set()
    for i, a in enumerate(argv[1:], 1):
        prev = argv[i - 1]
        if prev == "-f":
            fmt = a
        elif prev == "-i":
            inputs.add(i)
            dev = mt.captured(fmt) if fmt in mt.CAPTURE_FORMATS else None
            if dev is None and a is not None and a.startswith("/dev/video"):
                dev = "the camera"
            what = what or dev
            fmt = None
    if what is None:
        return None
    for i, a in enumerate(argv[1:], 1):
        if a is None or i in inputs:
            continue
        for m in _NET_OUTPUT.finditer(a):
            host = url_host(m.group(1))
            if host and not loopback(host):
                return what, host
    return None


# a cheap test for the user's own media folders (media_tables.personal_media says which path is one)
PERSONAL_HINT = re.compile(rb"Videos|Pictures|Movies|Music|Desktop|Photos|DCIM|Screenshots|Camera Roll|Recordings")


def personal_folder(path: str | None) -> str | None:
    """`path` when it is the user's personal media folder or a folder inside one (media_tables.personal_media), else
    None: one file (`~/Pictures/me.jpg`, an avatar uploaded) is not the folder walked and sent."""
    if not path or len(path) > 300:
        return None
    p = path.replace("\\", "/").rstrip("*").rstrip("/")
    return path if "." not in p.rsplit("/", 1)[-1] and mt.personal_media(p) else None


# -- S3 -----------------------------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[a-z]{3,}")


def _tokens(bucket: str) -> set[str]:
    return set(_TOKEN.findall(bucket.lower()))


def foreign_bucket(dest: str | None, sources: list) -> bool:
    """Whether the bucket `dest` (written out) shares no word with any bucket `sources` the code reads from: a bucket
    named nowhere else as the organisation's (`archive-xfer-88213` beside `acme-media-masters`); a copy within one
    bucket, or into `acme-media-archive`, is the organisation's own."""
    if not dest or not sources or "/" in dest or "$" in dest or "\x00" in dest:
        return False
    mine = _tokens(dest)
    return all(s and s != dest and not (mine & _tokens(s)) for s in sources)


def copy_source_bucket(text: str | None) -> str | None:
    """The bucket of an S3 CopySource (`acme-media-masters/${key}`, `/bucket/key`): the part before the first `/`."""
    if not text:
        return None
    head = text.lstrip("/").split("/", 1)[0]
    return head if re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,62}", head) else None


# -- services ----------------------------------------------------------------------------------------------------
MUX_PY_DELETES = {"delete_asset": "deletes the Mux asset: its video, renditions and playback IDs are gone",
                  "delete_live_stream": "deletes the Mux live stream with its stream key and playback IDs"}
# (member chain of the call, as written after the client) -> what it loses
MUX_JS_DELETES = {"video.assets.delete": MUX_PY_DELETES["delete_asset"],
                  "video.liveStreams.delete": MUX_PY_DELETES["delete_live_stream"],
                  "Video.Assets.del": MUX_PY_DELETES["delete_asset"],
                  "Video.LiveStreams.del": MUX_PY_DELETES["delete_live_stream"]}
# YouTube Data API resources whose delete loses content for good
YOUTUBE_DELETES = {"videos": "deletes the YouTube video with its views, comments and links to it",
                   "playlists": "deletes the YouTube playlist",
                   "channelSections": "deletes the YouTube channel section",
                   "captions": "deletes the YouTube caption track"}


def capture_message(what: str, captured: str, host: str) -> str:
    return (f"`{what}` sends what the code captures from {captured} to {host}, a machine that is not this one: a "
            "recording of the user made without their knowing; keep captures on this machine (a local preview, a file "
            "in the project, a stream to localhost), and let the user choose where to publish them")
