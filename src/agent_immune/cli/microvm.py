"""`agent-immune microvm build|status`: the microVM guest image and the backend that would run."""
from __future__ import annotations

import argparse
import sys

from .common import add_format, write_json

HELP = "build and inspect the microVM guest image"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = sub.add_parser("build", help="build the guest kernel and initramfs (cached in the data home)")
    build.add_argument("--force", action="store_true", help="rebuild even if the cached image matches")
    add_format(build, ("text", "json"), "text")
    status = sub.add_parser("status", help="is the image built, its hash, which backend would run")
    add_format(status, ("text", "json"), "text")


def run(args: argparse.Namespace) -> int:
    from ..sandbox.microvm import image

    if args.action == "build":
        log = (lambda msg: None) if args.format == "json" else (lambda msg: print(msg, file=sys.stderr))
        built = image.build(force=args.force, log=log)
        info = _image_info(built, image.images_dir())
        if args.format == "json":
            write_json(info)
        else:
            print(f"image {built.id}\n  kernel     {built.kernel}\n  initramfs  {built.initramfs}")
        return 0
    return _status(args)


def _image_info(img: object, root: object) -> dict[str, object]:
    from pathlib import Path

    from ..sandbox.microvm import image

    assert isinstance(img, image.Image)
    return {
        **img.to_dict(),
        "dir": str(root),
        "kernel_sha256": image.sha256_file(Path(img.kernel)),
        "initramfs_sha256": image.sha256_file(Path(img.initramfs)),
    }


def _status(args: argparse.Namespace) -> int:
    from ..sandbox.microvm import image, select_backend

    root = image.images_dir()
    built = image.find_image(root)
    backend = select_backend(image=built)
    info: dict[str, object] = {
        "built": built is not None,
        "image": _image_info(built, root) if built else {"id": image.expected_image(root).id, "dir": str(root)},
        "backend": backend.name,
        "accelerator": backend.accel,
        "result_backend": backend.label,
        "reason": backend.reason,
    }
    if args.format == "json":
        write_json(info)
    else:
        state = "built" if built else "not built (run `agent-immune microvm build`)"
        print(f"image      {info['image']['id']}: {state}")  # type: ignore[index]
        if built:
            print(f"kernel     {built.kernel}\ninitramfs  {built.initramfs}")
        print(f"backend    {backend.label} ({backend.reason})")
    return 0
