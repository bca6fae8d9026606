"""Windows paths as the rules know them: PowerShell runs on the Windows side, whose files WSL sees under /mnt/c and
whose Linux files Windows sees under \\\\wsl.localhost\\<distro>. The user's profile folder is their home."""
from __future__ import annotations

import re

HOME = "~"
# the folders a PowerShell variable names, as WSL reaches them
_PLACES = {
    "userprofile": HOME, "home": HOME, "homepath": HOME, "appdata": HOME + "/AppData/Roaming",
    "localappdata": HOME + "/AppData/Local", "temp": HOME + "/AppData/Local/Temp", "tmp": HOME + "/AppData/Local/Temp",
    "programdata": "/mnt/c/ProgramData", "allusersprofile": "/mnt/c/ProgramData", "systemroot": "/mnt/c/Windows",
    "windir": "/mnt/c/Windows", "programfiles": "/mnt/c/Program Files", "public": "/mnt/c/Users/Public",
    "systemdrive": "/mnt/c",
}
_VAR = re.compile(r"\$\{?(?:env:)?(\w+)\}?", re.IGNORECASE)
_UNC_WSL = re.compile(r"^[\\/]{1,2}(?:wsl\.localhost|wsl\$)[\\/][^\\/]+", re.IGNORECASE)
_DRIVE = re.compile(r"^([A-Za-z]):(?=[\\/]|$)")


def to_wsl(text: str) -> str | None:
    """`$env:USERPROFILE\\Downloads\\*` -> `~/Downloads/*`, `C:\\x` -> `/mnt/c/x`,
    `\\\\wsl.localhost\\Ubuntu\\home\\dev\\.env` -> `/home/dev/.env`; None for a path with an unknown variable or a
    provider path (`HKCU:\\…`, `Env:`)."""
    t = text.strip()
    if t.startswith("~"):
        t = "$HOME" + t[1:]
    unknown = False

    def place(m: re.Match) -> str:
        nonlocal unknown
        got = _PLACES.get(m.group(1).lower())
        if got is None:
            unknown = True
            return m.group(0)
        return got

    t = _VAR.sub(place, t)
    if unknown:
        return None
    m = _UNC_WSL.match(t)
    if m:
        t = t[m.end():] or "/"
    t = t.replace("\\", "/")
    d = _DRIVE.match(t)
    if d:
        t = "/mnt/" + d.group(1).lower() + t[2:]
    elif re.match(r"^[A-Za-z]{2,}:", t):
        return None  # HKCU:, Env:, Cert:
    return t


def sh_word(value: str | None) -> str:
    """One argument as a shell word, a leading `~/` left unquoted so the home is still the home."""
    import shlex

    if value is None:
        return "ARG"
    if value == "~" or value.startswith("~/"):
        return "~" + ("/" + shlex.quote(value[2:]) if len(value) > 2 else "")
    return shlex.quote(value)
