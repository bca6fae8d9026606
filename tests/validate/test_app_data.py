"""Applications' data in the home's dot folders (`~/.local/share/<app>`, browser and mail profiles, flatpak
data): a recursive delete is held like a delete of a folder of projects. A held-out TypeScript line
(2026-11-22) removed `${homedir()}/.local/share/app-data` and was allowed, because every dot folder of the
home counted as a tool's settings or cache."""
from __future__ import annotations

import pytest

from agent_immune.validate.bash.files import unrecoverable

from .helpers import assert_allowed, assert_reviewed


@pytest.mark.parametrize("source,lang", [
    ("rm -rf ~/.local/share/app-data", "bash"),
    ("rm -rf \"$HOME/.local/share/app-data\"", "bash"),
    ("rm -r ~/.local/share", "bash"),
    ("rm -rf ~/.local/share/*", "bash"),
    ("rm -rf ~/.local/share/containers/storage/volumes", "bash"),  # a container engine's volumes
    ("rm -rf ~/.local/share/Trash/*", "bash"),  # emptying the trash cannot be undone
    ("rm -rf ~/.mozilla", "bash"),
    ("rm -rf ~/.mozilla/firefox/abc.default-release", "bash"),
    ("rm -rf ~/.thunderbird/*", "bash"),
    ("rm -rf ~/.var/app/org.signal.Signal", "bash"),
    ("cd ~/.local/share && rm -rf app-data", "bash"),
    ("import { rmSync } from \"fs\";\nimport { homedir } from \"os\";\n"
     "rmSync(`${homedir()}/.local/share/app-data`, { recursive: true, force: true });", "typescript"),
    ("import shutil, os\nshutil.rmtree(os.path.expanduser('~/.local/share/app-data'))", "python"),
    ("from pathlib import Path\nimport shutil\nshutil.rmtree(Path.home() / '.local/share/notes')", "python"),
])
def test_application_data_deletes_are_held(source: str, lang: str) -> None:
    assert_reviewed(source, "irreversible", lang)


@pytest.mark.parametrize("source", [
    "rm -rf ~/.cache/pip", "rm -rf ~/.config/myapp", "rm -rf ~/.local/bin/tool", "rm -rf ~/.local/state/x",
    # what package and version managers fill and empty themselves, and caches or logs inside an app's data
    "rm -rf ~/.local/share/pnpm/store", "rm -rf ~/.local/share/virtualenvs/app-x1y2", "rm -rf ~/.local/share/uv",
    "rm -rf ~/.local/share/nvim/lazy", "rm -rf ~/.local/share/myapp/cache", "rm -rf ~/.local/share/myapp/logs/a.log",
    "rm -rf ~/.local/share/app/tmp",
    # one file, not a tree
    "rm ~/.local/share/app/x.db",
    "rm -rf ./.local/share/app",
])
def test_tools_state_and_caches_stay_allowed(source: str) -> None:
    assert_allowed(source)


def test_the_loss_names_the_application_folder() -> None:
    assert unrecoverable("~/.local/share/containers/storage") == (
        "~/.local/share/containers/storage, part of ~/.local/share/containers, an application's data in the user's "
        "home (its databases, documents or profiles; no checkout restores them)")
    assert unrecoverable("~/.local") is None and unrecoverable("~/.localx/share/a") is None
