"""Media pipelines from code (ffmpeg, OpenCV, screen and camera capture, media storage and streaming services), from TypeScript and JavaScript (session 23)."""
from __future__ import annotations


class Media:
    def visit_media(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        return
