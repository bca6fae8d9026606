"""Media pipelines: ffmpeg, ImageMagick, exiftool, GStreamer, yt-dlp, rclone, media servers (session 23)."""
from __future__ import annotations

# command name -> [fn(a, cmd)]
HANDLERS: dict = {}
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {}
