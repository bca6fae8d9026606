"""Unified diffs (what an LLM or `git diff` produces), parsed and applied in memory.

The scan of a patch needs the files as they are now and as they would be after the
patch, without touching the working tree. `apply_patch(text, repo)` returns both for
every file the patch touches.

Accepted: `git diff` (with or without a/ b/ prefixes, new and deleted files, renames,
mode changes) and `diff -u` / `diff -ruN` output. Refused with a clear message: binary
patches, paths outside the repository, hunks that do not apply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import InputError

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_GIT_HEADER = re.compile(r"^diff --git (\S+) (\S+)$")
# How far from its stated line a hunk may have moved (as `patch` does with offsets).
_MAX_OFFSET = 200


@dataclass
class Hunk:
    old_start: int
    old_len: int
    new_start: int
    new_len: int
    lines: list[str] = field(default_factory=list)  # each starts with ' ', '-' or '+'
    line_no: int = 0  # line of the @@ header in the patch, for messages
    old_eol_missing: bool = False
    new_eol_missing: bool = False


@dataclass
class FilePatch:
    old_path: str | None  # None for a new file
    new_path: str | None  # None for a deleted file
    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False
    header_line: int = 0

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""


@dataclass(frozen=True)
class FileChange:
    """One file the patch touches: its text before (None if new) and after (None if deleted)."""

    path: str
    old_path: str | None
    before: str | None
    after: str | None


def _strip_tab(path: str) -> str:
    # `diff -u` appends "\t<timestamp>" after the name.
    return path.split("\t", 1)[0].strip()


def _clean(path: str, prefix: str | None, patch_name: str, line: int) -> str | None:
    path = _strip_tab(path)
    if path == "/dev/null":
        return None
    if path.startswith('"') and path.endswith('"'):
        path = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
    if prefix and path.startswith(prefix):
        path = path[len(prefix):]
    p = PurePosixPath(path)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise InputError(f"refusing a patch to a file outside the repository: {path}", path=patch_name, line=line)
    return str(p)


def _prefixes(old: str, new: str) -> tuple[str | None, str | None]:
    """git's a/ b/ prefixes when both sides use them (diff -u of two trees uses others)."""
    old, new = _strip_tab(old), _strip_tab(new)
    if (old.startswith("a/") or old == "/dev/null") and (new.startswith("b/") or new == "/dev/null"):
        return "a/", "b/"
    return None, None


def parse_patch(text: str, name: str = "<patch>") -> list[FilePatch]:
    lines = text.splitlines()
    files: list[FilePatch] = []
    cur: FilePatch | None = None
    git_old = git_new = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _GIT_HEADER.match(line)
        if m:
            git_old, git_new = m.group(1), m.group(2)
            pa, pb = _prefixes(git_old, git_new)
            cur = FilePatch(_clean(git_old, pa, name, i + 1), _clean(git_new, pb, name, i + 1), header_line=i + 1)
            files.append(cur)
            i += 1
            continue
        if cur is not None and not cur.hunks:
            if line.startswith("new file mode"):
                cur.old_path = None
            elif line.startswith("deleted file mode"):
                cur.new_path = None
            elif line.startswith("rename from "):
                cur.old_path = _clean(line[len("rename from "):], None, name, i + 1)
            elif line.startswith("rename to "):
                cur.new_path = _clean(line[len("rename to "):], None, name, i + 1)
            elif line.startswith("GIT binary patch") or (line.startswith("Binary files ") and line.endswith(" differ")):
                cur.binary = True
        if line.startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ "):
            old_raw, new_raw = line[4:], lines[i + 1][4:]
            pa, pb = _prefixes(old_raw, new_raw)
            old, new = _clean(old_raw, pa, name, i + 1), _clean(new_raw, pb, name, i + 2)
            if cur is None or cur.hunks or (git_old is None):
                cur = FilePatch(old, new, header_line=i + 1)
                files.append(cur)
            else:
                cur.old_path, cur.new_path = old, new
            git_old = None
            i += 2
            continue
        hm = _HUNK.match(line)
        if hm:
            if cur is None:
                raise InputError("hunk without a file header", path=name, line=i + 1)
            hunk = Hunk(int(hm.group(1)), int(hm.group(2) or 1), int(hm.group(3)), int(hm.group(4) or 1), line_no=i + 1)
            i += 1
            old_left, new_left = hunk.old_len, hunk.new_len
            while i < len(lines) and (old_left > 0 or new_left > 0):
                body = lines[i]
                tag = body[:1] if body else " "
                if tag == "\\":
                    i += 1
                    continue
                if tag not in " -+":
                    raise InputError(f"hunk is shorter than its header says ({hunk.old_len} old / {hunk.new_len} new lines)",
                                     path=name, line=hunk.line_no)
                hunk.lines.append(body if body else " ")
                if tag in " -":
                    old_left -= 1
                if tag in " +":
                    new_left -= 1
                i += 1
            if old_left or new_left:
                raise InputError("hunk is truncated", path=name, line=hunk.line_no)
            # "\ No newline at end of file" applies to the line just before it.
            if i < len(lines) and lines[i].startswith("\\"):
                last = hunk.lines[-1][:1] if hunk.lines else " "
                if last == "-":
                    hunk.old_eol_missing = True
                elif last == "+":
                    hunk.new_eol_missing = True
                else:
                    hunk.old_eol_missing = hunk.new_eol_missing = True
                i += 1
            cur.hunks.append(hunk)
            continue
        i += 1
    if not files:
        raise InputError("no file changes found: not a unified diff", path=name)
    return files


def _apply(fp: FilePatch, before: str | None, name: str) -> str:
    src = (before or "").splitlines()
    out: list[str] = []
    pos = 0  # next unconsumed line of src
    eol_missing = before is not None and before != "" and not before.endswith("\n")
    for n, hunk in enumerate(fp.hunks, 1):
        old = [l[1:] for l in hunk.lines if l[0] in " -"]
        new = [l[1:] for l in hunk.lines if l[0] in " +"]
        want = max(hunk.old_start - 1, 0) if hunk.old_len else hunk.old_start
        at = None
        for delta in range(_MAX_OFFSET + 1):
            for cand in ((want + delta,) if delta == 0 else (want + delta, want - delta)):
                if cand >= pos and src[cand:cand + len(old)] == old:
                    at = cand
                    break
            if at is not None:
                break
        if at is None:
            raise InputError(f"hunk #{n} (line {hunk.line_no} of the patch) does not apply to {fp.old_path or fp.path}",
                             path=name, line=hunk.line_no)
        out.extend(src[pos:at])
        out.extend(new)
        pos = at + len(old)
        if hunk.new_eol_missing:
            eol_missing = True
        elif hunk.old_eol_missing:
            eol_missing = False
    out.extend(src[pos:])
    if not out:
        return ""
    return "\n".join(out) + ("" if eol_missing else "\n")


def apply_patch(text: str, repo: Path, name: str = "<patch>") -> list[FileChange]:
    """Every touched file's content before and after the patch, read from `repo`."""
    changes = []
    repo = Path(repo)
    for fp in parse_patch(text, name):
        if fp.binary:
            raise InputError(f"binary patch for {fp.path} cannot be scanned", path=name, line=fp.header_line)
        before = None
        if fp.old_path is not None:
            src = repo / fp.old_path
            try:
                if not src.resolve().is_relative_to(repo.resolve()):
                    raise InputError(f"refusing a patch to a file outside the repository: {fp.old_path}", path=name, line=fp.header_line)
                before = src.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise InputError(f"patch modifies {fp.old_path}, which does not exist in {repo}", path=name, line=fp.header_line) from None
            except UnicodeDecodeError:
                raise InputError(f"{fp.old_path} is not UTF-8 text", path=name, line=fp.header_line) from None
            except OSError as exc:
                raise InputError(f"cannot read {fp.old_path}: {exc.strerror}", path=name, line=fp.header_line) from None
        elif (repo / fp.path).exists():
            raise InputError(f"patch creates {fp.path}, which already exists in {repo}", path=name, line=fp.header_line)
        after = None if fp.new_path is None else _apply(fp, before, name)
        if fp.new_path is None and fp.hunks:
            _apply(fp, before, name)  # a deletion must still match what is there
        changes.append(FileChange(fp.path, fp.old_path, before, after))
    return changes
