"""Git driven from code, spelled as the command line it runs and judged by the shell's git rules
(bash/history.py): a force push, `reset --hard`, `clean -fdx` through a library lose the same work as
through `git`.

- GitPython (Python, module `git`): `repo.git.push("--force", …)` and any `repo.git.<command>(…)` (keyword
  options as the library passes them: `force=True` is `--force`, `f=True` is `-f`), `remote.push(refspec,
  force=True)`, `repo.head.reset(commit, working_tree=True)` (`reset --hard`), `repo.git.execute([...])`.
- simple-git (JavaScript): `git.push(remote, branch, ["--force"])` (options as an array or an object of
  `{"--force": null}`), `git.reset("hard")` / `git.reset(["--hard", …])` / `ResetMode.HARD`,
  `git.clean("f", ["-d", "-x"])` / `CleanOptions.FORCE`, `git.raw([...])`.
- isomorphic-git (JavaScript): `git.push({ …, force: true })`, `git.push({ …, delete: true })`.
The library must be imported by the code; a word known only at run time is left out of the line.
"""
from __future__ import annotations

import shlex

PY_METHODS = frozenset({"push", "reset", "execute"})
JS_METHODS = frozenset({"push", "reset", "clean", "raw"})
JS_MODULES = ("simple-git", "isomorphic-git")
_RESET_MODES = {"hard": "--hard", "HARD": "--hard", "merge": "--merge", "MERGE": "--merge", "keep": "--keep"}
_CLEAN_MODES = {"FORCE": "-f", "RECURSIVE": "-d", "IGNORED_INCLUDED": "-x", "IGNORED_ONLY": "-X", "DRY_RUN": "-n"}


def line(sub: str, words: list[str | None]) -> str:
    return shlex.join(["git", sub, *(w for w in words if w)])


def option(name: str, value) -> str | None:
    """A keyword argument of GitPython as the option it passes (`force=True` → `--force`, `f=True` → `-f`,
    `m="x"` → `-mx`, `message="x"` → `--message=x`); None for False/None."""
    if value is False or value is None:
        return None
    dashed = name.replace("_", "-")
    flag = f"-{dashed}" if len(name) == 1 else f"--{dashed}"
    return flag if value is True else (flag + value if len(name) == 1 else f"{flag}={value}")


def reset_mode(text: str | None) -> str | None:
    """simple-git's reset mode: `"hard"`, `ResetMode.HARD`; None for anything else."""
    if text is None:
        return None
    return _RESET_MODES.get(text.rsplit(".", 1)[-1])


def clean_mode(text: str | None) -> list[str]:
    """simple-git's clean mode: `"f"`, `"fdx"`, `CleanOptions.FORCE`."""
    if not text:
        return []
    if text.startswith("CleanOptions."):
        flag = _CLEAN_MODES.get(text.rsplit(".", 1)[-1])
        return [flag] if flag else []
    return ["-" + text.lstrip("-")] if text.replace("-", "").isalpha() else []
