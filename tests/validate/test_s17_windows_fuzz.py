"""Fuzzing the seventeenth session's readers of Windows code: PowerShell (its own grammar, encoded commands, code on
a here-document), cmd lines and the Windows programs' argument readers must give a verdict for any text, never
raise (a crash was found this way: a native command whose error node held no word)."""
from __future__ import annotations

import base64

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate import Policy, validate

_PIECES = st.sampled_from(["iex", "(", ")", "irm", "'", '"', "$", "`", "{", "}", "[", "]", "|", ";", "&", "-", "+",
                           " ", "\n", "\\", "%", ":", "/", ".", "@", "#", "<", ">", "=", "-EncodedCommand", "AMSI",
                           "http://203.0.113.5/x", "Set-MpPreference", "reg", "add", "HKCU", "schtasks", "/c"])
_CODE = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CODE)
def test_windows_readers_never_raise(code: str) -> None:
    encoded = base64.b64encode(code.encode("utf-16le")).decode()
    for cmd in (f"pwsh -c {code!r}", f"powershell.exe -enc {encoded}", f'cmd.exe /c "{code}"',
                f"pwsh -Command - <<'PS'\n{code}\nPS", f"reg.exe add {code}", f"wsl.exe -u root -e {code}"):
        assert validate(cmd, "bash", policy=Policy()).verdict in ("allow", "review", "block")
