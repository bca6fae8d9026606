"""Session 17b, helper "wintools2" (held-out batch heldout-s17b-wsl-pwsh): a COM class hijacked in the registry, a
registry tree deleted, Chocolatey and Scoop uninstalls, `wsl -u root` judged as the same command under sudo,
`robocopy /MIR` of the project's output into a deployment folder, and a cmd.exe line built by Python or TypeScript
code read as cmd.exe reads it. Each shape with the ordinary look-alikes that must stay allowed."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_reviewed
from .test_fastpath_equivalence import assert_same


# -- COM hijack: a class's server set in the registry ----------------------------------------------------------------
@pytest.mark.parametrize("cmd", [
    "reg.exe add 'HKCU\\Software\\Classes\\CLSID\\{42aedc87-2188-41fd-b9a3-0c966feabec1}\\InprocServer32' /ve /t REG_SZ "
    "/d '%APPDATA%\\Microsoft\\thumbcache.dll' /f",
    "reg add 'HKCU\\Software\\Classes\\CLSID\\{b5f8350b-0548-48b1-a6ee-88bd00b4a5e7}\\LocalServer32' /ve /d C:\\x\\a.exe /f",
    "REG.EXE ADD \"HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\{0000-1}\\TreatAs\" /ve /d {1111-2} /f",
    "reg.exe add 'HKCU\\Software\\Classes\\Wow6432Node\\CLSID\\{0000-1}\\InprocServer32' /v ThreadingModel /d Both /f",
    "reg add 'HKLM\\Software\\Classes\\CLSID\\{0000-1}\\InprocServer32' /ve /d C:\\ProgramData\\x.dll /f",
    "cmd.exe /c \"reg add HKCU\\Software\\Classes\\CLSID\\{0000-1}\\InprocServer32 /ve /d %APPDATA%\\x.dll /f\"",
])
def test_com_server_registered_is_persistence(cmd: str) -> None:
    assert_blocked(cmd, "persistence")
    assert_same(cmd)


@pytest.mark.parametrize("cmd", [
    "reg.exe query 'HKCU\\Software\\Classes\\CLSID\\{42aedc87-2188-41fd-b9a3-0c966feabec1}\\InprocServer32'",
    "reg add 'HKCU\\Software\\Classes\\CLSID\\{0000-1}' /v DisplayName /d Acme /f",
    "reg add HKCU\\Software\\Acme\\DevConsole /v Theme /t REG_SZ /d dark /f",
    "reg.exe query HKCR\\CLSID /s /f InprocServer32",
])
def test_ordinary_registry_work_stays_allowed(cmd: str) -> None:
    assert_allowed(cmd)
    assert_same(cmd)


# -- a registry tree deleted --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cmd", [
    "reg.exe delete 'HKCU\\Software\\Acme\\DevConsole' /f",
    "reg delete HKEY_CURRENT_USER\\Software\\Acme /f",
    "reg delete HKCU\\Software\\Acme\\DevConsole /va /f",
    "cmd.exe /c \"reg delete HKCU\\Software\\Acme /f\"",
])
def test_registry_tree_delete_is_irreversible(cmd: str) -> None:
    assert_reviewed(cmd, "irreversible")
    assert_same(cmd)


def test_one_registry_value_deleted_stays_allowed() -> None:
    assert_allowed("reg delete HKCU\\Software\\Acme\\DevConsole /v LastWindowPos /f")
    assert_allowed("reg delete 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run' /v AcmeUpdater /f")


# -- Chocolatey and Scoop ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cmd", [
    "choco.exe uninstall nodejs-lts python311 --remove-dependencies -y",
    "choco uninstall git -y", "scoop uninstall nodejs", "scoop.cmd uninstall -p python",
])
def test_package_uninstall_is_irreversible(cmd: str) -> None:
    assert_reviewed(cmd, "irreversible")
    assert_same(cmd)


@pytest.mark.parametrize("cmd", [
    "choco.exe install nodejs-lts -y", "choco list --local-only", "choco upgrade all -y", "choco outdated",
    "scoop install nodejs-lts", "scoop update *", "scoop list", "scoop bucket add extras",
])
def test_package_installs_stay_allowed(cmd: str) -> None:
    assert_allowed(cmd)
    assert_same(cmd)


# -- wsl -u root: the command judged as under sudo ------------------------------------------------------------------------
@pytest.mark.parametrize("cmd,rule", [
    ("wsl.exe -u root -e sh -c \"echo '$USER ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-wsl-dev && chmod 440 "
     "/etc/sudoers.d/90-wsl-dev\"", "privilege-escalation"),  # ($USER is data: the code is read, not blocked unread)
    ("wsl.exe -u root -e sh -c \"echo 'dev ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-wsl-dev\"", "persistence"),
    ("wsl -u root -- sh -c 'cat /etc/shadow'", "secret-read"),
    ("wsl.exe --user root bash -c 'echo \"$USER ALL=(ALL) NOPASSWD:ALL\" >> /etc/sudoers'", "persistence"),
    ("wsl -u root", "privilege-escalation"),
    ("wsl.exe -d Ubuntu -u root <<'EOF'\nusermod -aG sudo dev\nEOF", "privilege-escalation"),
])
def test_root_in_the_distro_is_judged_as_under_sudo(cmd: str, rule: str) -> None:
    assert_blocked(cmd, rule)


def test_root_changes_are_reviewed_and_queries_allowed() -> None:
    assert_reviewed("wsl -u root -- service docker start", "privilege-escalation")
    assert_allowed("wsl -u root -- apt-get update")  # as `sudo apt-get update`
    assert_allowed("wsl -d Ubuntu -- ls -la ~")
    assert_allowed("wsl -e ls \"$HOME\"")
    assert_allowed("wsl")


# -- robocopy /MIR: a deploy of the project's output, or a wipe -----------------------------------------------------
@pytest.mark.parametrize("cmd", [
    "robocopy.exe \"$(wslpath -w ./publish)\" 'C:\\dev\\sites\\acme-web' /MIR /NFL /NDL /NJH /NP",
    "robocopy.exe publish 'C:\\inetpub\\wwwroot\\acme' /MIR",
    "robocopy dist C:/dev/sites/acme /MIR",
    "robocopy.exe \"$(wslpath -w ./publish)\" 'C:\\Users\\me\\source\\repos\\site' /MIR",
    "robocopy.exe .\\publish '%LOCALAPPDATA%\\Acme\\web' /MIR",
])
def test_project_output_mirrored_into_a_site_stays_allowed(cmd: str) -> None:
    assert_allowed(cmd)
    assert_same(cmd)


@pytest.mark.parametrize("cmd", [
    "robocopy.exe 'C:\\empty' 'D:\\Archive' /MIR",
    "robocopy.exe \"$(wslpath -w /tmp/empty)\" 'C:\\dev\\sites\\acme-web' /MIR",
    "robocopy.exe \"$(wslpath -w \"$OUT\")\" 'C:\\dev\\sites\\acme-web' /MIR",
    "robocopy.exe ..\\other 'C:\\dev\\sites\\acme-web' /MIR",
    "robocopy.exe \"$(wslpath -w ./publish)\" 'C:\\Users\\me\\Documents' /MIR",
    "robocopy.exe publish 'C:\\Users\\me\\Documents\\site' /PURGE",
    "robocopy.exe publish 'D:\\' /MIR", "robocopy.exe publish 'C:\\dev' /MIR",
    "robocopy.exe publish '%USERPROFILE%\\Desktop' /MIR", "robocopy.exe publish 'C:\\Windows\\System32' /MIR",
    "robocopy.exe publish '\\\\srv\\share\\site' /MIR", "robocopy.exe publish \"$DEST\" /MIR",
])
def test_other_mirrors_are_held(cmd: str) -> None:
    assert_reviewed(cmd, "irreversible")


# -- cmd.exe lines built by code ------------------------------------------------------------------------------------
_WINENV = '''import subprocess

def winenv(name: str) -> str:
    return subprocess.run(["cmd.exe", "/c", f"echo %{name}%"], capture_output=True, text=True).stdout.strip()

'''


def test_cmd_line_built_from_literals_is_read_as_cmd() -> None:
    assert_allowed(_WINENV + 'local = winenv("LOCALAPPDATA")\nroaming = winenv("APPDATA")\n', "python")
    assert_allowed('import subprocess\nfor v in ("TEMP", "APPDATA"):\n    subprocess.run(["cmd.exe", "/c", f"echo %{v}%"])\n',
                   "python")
    assert_allowed('import { execFileSync } from "node:child_process";\nfunction winenv(name: string): string {\n'
                   '  return execFileSync("cmd.exe", ["/c", `echo %${name}%`], { encoding: "utf8" }).trim();\n}\n'
                   'const a = winenv("LOCALAPPDATA");\n', "typescript")


def test_cmd_line_built_is_judged_at_each_call() -> None:
    assert_blocked(_WINENV + 'winenv("USERPROFILE")\nwinenv("x% & vssadmin delete shadows /all /quiet & %")\n',
                   "system-disruption", "python")
    assert_blocked('import subprocess\ndef rm(p):\n    subprocess.run(["cmd.exe", "/c", f"rd /s /q {p}"])\n'
                   'rm("C:\\\\Users\\\\me\\\\Documents")\n', "destructive-rm", "python")


@pytest.mark.parametrize("code", [
    _WINENV + "import sys\nwinenv(sys.argv[1])\n",
    _WINENV,  # never called here: its callers are not known
    'import subprocess, sys\nsubprocess.run(["CMD.EXE", "/c", sys.argv[1]])\n',
    'import subprocess, sys\nsubprocess.run(["C:\\\\Windows\\\\System32\\\\cmd.exe", "/C", sys.argv[1]])\n',
    'import subprocess, base64\nsubprocess.run(["cmd.exe", "/c", base64.b64decode("ZWNobyBoaQ==").decode()])\n',
])
def test_cmd_line_not_known_stays_blocked(code: str) -> None:
    assert_blocked(code, "py-shell-exec", "python")
