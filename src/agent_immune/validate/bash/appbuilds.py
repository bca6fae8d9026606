"""STUB (helper V, session 14): JVM, .NET, Ruby, PHP, Elixir and mobile builds. Replace this docstring."""
from __future__ import annotations

# the build files' paths, for the shell screens (bash/written.CODE_TARGET takes it in); matches nothing yet
TARGET = r"(?!)"


def build_file(path: str) -> bool:
    """Is `path` a build file of these ecosystems whose code a build tool runs (bash/written.py asks)?"""
    return False


def judge_build_file(a, path: str, text: str, node) -> None:
    """Judge `text` written into the build file at `path` (bash/written.py calls this)."""


HANDLERS: dict = {}
SCREENS: dict = {}
