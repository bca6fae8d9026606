"""Media pipelines from code (ffmpeg, OpenCV, screen and camera capture, media storage and streaming services), from Python (session 23)."""
from __future__ import annotations


class Media:
    def visit_media(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        return
