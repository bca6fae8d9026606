"""Windows' own programs, run from WSL (`reg.exe`, `schtasks.exe`, `cmd.exe /c …`, `wsl.exe --unregister`).

WSL runs any Windows program by its file name, and commands.base_name reads `REG.EXE` as `reg`, so the handlers here
are keyed by the bare lower-case names. What an implant or a ransomware script does with them, and what the rules
say:

- `cmd /c LINE` runs a cmd.exe command line: it is cut at `&`, `&&`, `||`, `|` (outside double quotes, `^` escaping)
  and judged as the same commands given to bash, `%VAR%` read as an unknown value and `C:\\…` kept as one word;
- the registry: a program made to start at every logon or in place of another (Run keys, Winlogon, Image File
  Execution Options, `ms-settings` for the fodhelper UAC bypass), Defender or UAC turned off by policy, Remote Desktop
  opened, and the SAM/SYSTEM/SECURITY hives saved (the local password hashes) are blocked; `reg query` is allowed;
- scheduled tasks are judged as crontab is: `schtasks /create` is blocked, `/query` allowed;
- the firewall turned off or opened for Remote Desktop, event logs cleared, shadow copies and backups deleted, boot
  recovery turned off, an administrator account added, Defender's signatures removed: blocked;
- the living-off-the-land downloaders and runners (`certutil -urlcache`, `regsvr32 /i:http…`, `mshta http…`,
  `rundll32 javascript:`, `bitsadmin /transfer`) fetching a program: blocked;
- what cannot be undone is reviewed `irreversible`: `wsl --unregister` (the distro's whole file system),
  `wsl --uninstall`, `robocopy /MIR` or `/PURGE` into a folder outside the project, `dism /disable-feature`,
  `winget uninstall`.

Ordinary WSL work stays allowed: `wsl -l -v`, `wsl --shutdown`, `wsl --export` (a backup), `wsl -d X -- CMD` (the
command is judged), `cmd.exe /c echo %USERPROFILE%`, `cmd.exe /c start "" URL`, `reg query`, `winget install/list`,
`netsh interface portproxy add v4tov4 listenaddress=127.0.0.1 …` (the documented WSL port forward), `schtasks /query`.
"""
from __future__ import annotations

import re
import shlex

from .commands import Cmd

# -- cmd.exe command lines ------------------------------------------------------------------------------------------
_CMD_RUN = frozenset({"/c", "/k", "/r"})
_CMD_VAR = re.compile(r"%([^%\s]+)%|%~?[0-9a-zA-Z*]+")  # `%TEMP%`, and a batch file's `%1`, `%*`, `%~dp0`
_CMD_SPECIAL = frozenset("&|<>()@^")


def _cmd_line(cmd: Cmd, a=None) -> str | None:
    """The command line `cmd /c …` runs, as cmd.exe reads it (its outer quotes taken off the way cmd takes them
    off); None when there is no `/c`, or a part of it is not known."""
    vals = _values(a, cmd) if a is not None else cmd.values()
    for i, v in enumerate(vals):
        if v is None:
            return None
        low = v.lower()
        if low in _CMD_RUN or low[:2] in _CMD_RUN and low[2:3] in ('"', ""):
            rest = vals[i + 1:]
            if low[2:]:
                rest = [v[2:]] + rest  # `/c"dir"`
            if any(r is None for r in rest):
                return None
            return _strip_outer(" ".join(rest))  # type: ignore[arg-type]
        if not low.startswith("/"):
            return None  # `cmd foo`: not a command line cmd.exe runs
    return None


def _strip_outer(line: str) -> str:
    """cmd /c's rule for a line that starts with a quote: kept when it has exactly two quotes with no special
    character between them (`"C:\\Program Files\\x.exe" -a`), else the first and the last quote go."""
    s = line.strip()
    if not s.startswith('"'):
        return s
    if s.count('"') == 2 and not (_CMD_SPECIAL & set(s[1:s.index('"', 1)])):
        return s
    last = s.rfind('"')
    return s[1:last] + s[last + 1:] if last > 0 else s[1:]


def _cmd_split(line: str) -> list[tuple[str, list[tuple[str, bool]]]]:
    """The commands of a cmd.exe line: (the operator before it, its words as (text, was quoted))."""
    out: list[tuple[str, list[tuple[str, bool]]]] = []
    words: list[tuple[str, bool]] = []
    cur, quoted, inq, op = [], False, False, ""
    i, n, depth = 0, len(line), 0

    def end_word() -> None:
        nonlocal cur, quoted
        if cur or quoted:
            words.append(("".join(cur), quoted))
        cur, quoted = [], False

    while i < n:
        c = line[i]
        if c == '"':
            inq, quoted = not inq, True
        elif inq:
            cur.append(c)
        elif c == "^" and i + 1 < n:
            i += 1
            cur.append(line[i])
        elif c in "&|":
            end_word()
            two = line[i:i + 2]
            sep = two if two in ("&&", "||") else c
            i += len(sep) - 1
            out.append((op, words))
            words, op = [], sep
        elif c in "<>":
            fd = cur.pop() if cur in (["1"], ["2"]) else ""
            end_word()
            two = line[i:i + 2]
            redir = two if two in (">>", ">&") else c
            i += len(redir) - 1
            if redir == ">&" and i + 1 < n:  # `2>&1`
                i += 1
                redir += line[i]
            words.append((fd + redir, False))
        elif c in " \t\r\n,;=" and not (c in ",;=" and cur):
            end_word()
        elif c == "(" and not cur:
            depth += 1  # `(a & b) | c`: grouping
        elif c == ")" and depth:
            end_word()
            depth -= 1
        else:
            cur.append(c)
        i += 1
    end_word()
    out.append((op, words))
    return [(o, w) for o, w in out if w]


def _bash_word(text: str, program: bool) -> str:
    """A cmd word as a bash word: `%VAR%` becomes an unknown `${VAR}`; a program's `C:\\…\\x.exe` keeps its file name
    readable (`C:/…/x.exe`, for commands.base_name)."""
    if program:
        text = text.replace("\\", "/")
    if "%" not in text or not _CMD_VAR.search(text):
        return f"'{text}'" if text in _RESERVED else shlex.quote(text)
    parts, last = [], 0
    for m in _CMD_VAR.finditer(text):
        parts.append(_dq(text[last:m.start()]))
        name = m.group(1) or ""
        parts.append("${" + (name if re.fullmatch(r"[A-Za-z_]\w*", name) else "CMDARG") + "}")
        last = m.end()
    parts.append(_dq(text[last:]))
    return '"' + "".join(parts) + '"'


_RESERVED = frozenset({"if", "then", "else", "elif", "fi", "for", "do", "done", "while", "until", "case", "esac",
                       "function", "select", "time", "in", "{", "}", "!", "[[", "]]", "coproc"})


def _dq(s: str) -> str:
    return re.sub(r'([\\"$`])', r"\\\1", s)


_START_OPTS = frozenset({"/d", "/node", "/affinity"})  # `start` options that take a value


def _unstart(words: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """`start ["title"] [/b /min /wait …] PROGRAM ARGS`: the program it starts."""
    if not words or words[0][0].lower() != "start":
        return words
    rest = words[1:]
    if rest and rest[0][1] and len(rest) > 1:
        rest = rest[1:]  # the window title
    while rest and rest[0][0].startswith("/") and not rest[0][1]:
        rest = rest[2:] if rest[0][0].lower() in _START_OPTS else rest[1:]
    return rest


def cmd_to_bash(line: str) -> str:
    """A cmd.exe command line as the bash text that runs the same commands (`&` runs one after another: `;`)."""
    out: list[str] = []
    for op, first in _cmd_split(line):
        for k, words in enumerate(_unif(first)):
            text = _one(_unstart(words))
            if text:
                if out:
                    out.append({"&": ";"}.get(op, op) if k == 0 else ";")
                out.append(text)
    return " ".join(out)


def _one(words: list[tuple[str, bool]]) -> str | None:
    """The bash for one cmd command."""
    words, redirs = _redirects(words)
    if not words:
        return None
    return " ".join((_builtin(words) or [_bash_word(w, j == 0) for j, (w, _) in enumerate(words)]) + redirs)


_COMPARE = frozenset({"==", "equ", "neq", "lss", "leq", "gtr", "geq"})


def _unif(words: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    """`if [not] exist X CMD [else CMD]`, `for %i in (…) do CMD`: the commands they may run."""
    low = [w.lower() if not q else "" for w, q in words]
    if low[:1] == ["for"] and "do" in low:
        return _unif(words[low.index("do") + 1:])
    if low[:1] != ["if"]:
        return [words]
    i = 1
    while i < len(low) and low[i] in ("/i", "not"):
        i += 1
    if i < len(low) and low[i] in ("exist", "defined", "errorlevel", "cmdextversion"):
        i += 2
    elif i + 1 < len(low) and low[i + 1] in _COMPARE:
        i += 3
    else:
        i += 1  # `a==b`
    rest = words[i:]
    cut = next((j for j, (w, q) in enumerate(rest) if not q and w.lower() == "else"), None)
    if cut is None:
        return _unif(rest) if rest else []
    return [c for part in (rest[:cut], rest[cut + 1:]) if part for c in _unif(part)]


_REDIR = re.compile(r"^[12]?(?:>>?|<)$")


def _redirects(words: list[tuple[str, bool]]) -> tuple[list[tuple[str, bool]], list[str]]:
    """A command's words without its redirects, and those as bash's (`> C:\\x` writes /mnt/c/x, `nul` is
    /dev/null)."""
    if not any(not q and (w[:1] in "<>" or w[1:2] in "<>") for w, q in words):
        return words, []
    kept, redirs, i = [], [], 0
    while i < len(words):
        w, q = words[i]
        if not q and (w.endswith(">&1") or w.endswith(">&2")):
            redirs.append(w)
        elif not q and _REDIR.match(w) and i + 1 < len(words):
            dest = words[i + 1][0]
            dest = "/dev/null" if dest.lower() == "nul" else _wsl_path(_PLACE.sub(_place, dest)) or dest
            redirs.append(w + " " + _bash_word(dest, False))
            i += 1
        else:
            kept.append((w, q))
        i += 1
    return kept, redirs


def _builtin(words: list[tuple[str, bool]]) -> list[str] | None:
    """cmd's own deleting and printing commands as bash's, their `C:\\…` paths as WSL's (`rd /s /q C:\\x` is
    `rm -rf /mnt/c/x`, `type F` is `cat F`), so the file rules judge them; None for any other command."""
    name = words[0][0].lower()
    if name not in ("rd", "rmdir", "del", "erase", "type"):
        return None
    flags = {w.lower() for w, q in words[1:] if w.startswith("/") and not q}
    files = [_wsl_path(_PLACE.sub(_place, w)) or w for w, q in words[1:] if q or not w.startswith("/")]
    if name == "type":
        head = ["cat"]
    elif name in ("rd", "rmdir"):
        head = ["rm", "-rf"] if "/s" in flags else ["rmdir"]
    else:
        head = ["rm", "-rf" if "/s" in flags else "-f"]
    return head + [_bash_word(f, False) for f in files]


def cmd_text(cmd: Cmd) -> str | None:
    """What `cmd /c LINE` runs, as bash text (for rules that read what a command prints, e.g. bash/net.py)."""
    line = _cmd_line(cmd)
    return cmd_to_bash(line) if line else None


def _cmd(a, cmd: Cmd) -> None:
    line = _cmd_line(cmd, a)
    if line:
        text = cmd_to_bash(line)
        if text:
            a.nested(text, "bash", cmd.node, None)


# -- paths ------------------------------------------------------------------------------------------------------------
_DRIVE = re.compile(r"^([A-Za-z]):[\\/]")


def _wsl_path(p: str) -> str | None:
    """`C:\\Users\\Public\\s.hiv` as WSL sees it (`/mnt/c/Users/Public/s.hiv`); None for another form."""
    m = _DRIVE.match(p)
    return None if m is None else "/mnt/" + m.group(1).lower() + "/" + p[3:].replace("\\", "/")


# the folders cmd's variables name, as WSL reaches them (the user's name is not known: a stand-in takes its place)
_PLACES = {"userprofile": "C:\\Users\\WINUSER", "appdata": "C:\\Users\\WINUSER\\AppData\\Roaming",
           "localappdata": "C:\\Users\\WINUSER\\AppData\\Local",
           "temp": "C:\\Users\\WINUSER\\AppData\\Local\\Temp", "tmp": "C:\\Users\\WINUSER\\AppData\\Local\\Temp",
           "programdata": "C:\\ProgramData", "allusersprofile": "C:\\ProgramData", "systemroot": "C:\\Windows",
           "windir": "C:\\Windows", "programfiles": "C:\\Program Files", "public": "C:\\Users\\Public",
           "systemdrive": "C:", "homedrive": "C:"}
_PLACE = re.compile(r"%(\w+)%")


def _place(m: re.Match) -> str:
    return _PLACES.get(m.group(1).lower(), m.group(0))


def _outside_project(p: str) -> bool:
    """A Windows path that is not under the working tree: a drive, a UNC share, a variable's folder."""
    return bool(_DRIVE.match(p)) or p.startswith(("\\", "/", "%", "$", "~"))


def _values(a, cmd: Cmd) -> list[str | None]:
    """The arguments, a Windows path's backslashes kept: unquoted in bash, `HKLM\\SAM` reaches the program as
    `HKLMSAM`, which fails, but says what was meant (the same text from cmd.exe or PowerShell keeps them)."""
    out: list[str | None] = []
    for w in cmd.args:
        v = w.value
        if v is not None and "\\" not in v and w.obfuscated:
            src = a.src(w.node)
            plain = src.replace("'", "").replace('"', "")
            if "\\" in src and plain.replace("\\", "") == v:
                v = plain.replace("\\\\", "\\")
        out.append(v)
    return out


def _opts(a, cmd: Cmd) -> list[str]:
    return [(v or "").lower() for v in _values(a, cmd)]


def _opt_value(vals: list[str], *names: str) -> str | None:
    """`/v NAME` or `/v:NAME` (vals lower-cased)."""
    for i, v in enumerate(vals):
        for n in names:
            if v == n and i + 1 < len(vals):
                return vals[i + 1]
            if v.startswith(n + ":") or v.startswith(n + "="):
                return v[len(n) + 1:]
    return None


# -- the registry -----------------------------------------------------------------------------------------------------
_HIVES = (("hkey_local_machine", "hklm"), ("hkey_current_user", "hkcu"), ("hkey_classes_root", "hkcr"),
          ("hkey_users", "hku"), ("registry::", ""))
# keys whose values Windows runs: at logon, in place of another program, with every cmd.exe
_RUN_KEY = re.compile(r"\\currentversion\\(?:run|runonce|runonceex|runservices|runservicesonce)(?:\\|$)|"
                      r"\\policies\\explorer\\run(?:\\|$)|\\explorer\\(?:user )?shell folders(?:\\|$)|"
                      r"\\command processor(?:\\|$)|\\windows nt\\currentversion\\windows(?:\\|$)|"
                      r"\\silentprocessexit\\|\\control\\session manager(?:\\|$)|\\services\\[^\\]+$|"
                      r"\\currentversion\\shellserviceobjectdelayload|\\active setup\\installed components\\|"
                      r"^hkcu\\environment$|\\control\\print\\monitors\\|\\netsh(?:\\|$)")
_RUN_VALUES = {  # key pattern -> the values that matter under it (None: any)
    "winlogon": frozenset({"shell", "userinit", "notify", "taskman", "appsetup"}),
    "image file execution options": frozenset({"debugger", "globalflag"}),
    "\\control\\lsa": frozenset({"security packages", "notification packages", "authentication packages"}),
}
# a program Windows starts in place of a UAC prompt (fodhelper, computerdefaults, sdclt, eventvwr)
_UAC_BYPASS = re.compile(r"\\classes\\(?:ms-settings|mscfile|exefile|folder|launcher\.systemsettings|"
                         r"apppathsystemsettings)\\shell\\open\\command")
# a COM class's server: every program that creates the class (explorer, Office, the shell) loads the DLL or starts the
# program named here; a per-user key wins over the machine's, so a user can hijack a system class without rights
_COM_SERVER = re.compile(r"(?:\\classes\\|^hkcr\\)(?:wow6432node\\)?clsid\\[^\\]+\\(?:inprocserver32|localserver32|"
                         r"inprochandler32|treatas|scriptleturl)(?:\\|$)")
_SECRET_HIVES = re.compile(r"^hklm\\(?:sam|system|security)\\?$")
_DEFENDER = re.compile(r"\\(?:policies\\)?microsoft\\windows defender(?:\\|$)")
_UAC_OFF = {"enablelua": "0", "consentpromptbehavioradmin": "0", "localaccounttokenfilterpolicy": "1",
            "filteradministratortoken": "0", "promptonsecuredesktop": "0"}


def _key(v: str) -> str:
    k = v.strip().strip('"').lower().replace("/", "\\")
    if k.startswith("\\\\"):  # `\\HOST\HKLM\…`: another machine's registry
        k = k[2:].split("\\", 1)[-1]
    for long, short in _HIVES:
        if k.startswith(long):
            k = short + k[len(long):]
    return re.sub(r"^(hk\w+):", r"\1", k).rstrip("\\")


def _reg(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    pos = [v for v in vals if not v.startswith("/")]
    if not pos:
        return
    sub = pos[0]
    key = _key(pos[1]) if len(pos) > 1 else ""
    if sub in ("query", "compare") or not key:
        return
    if sub in ("save", "export"):
        if _SECRET_HIVES.match(key):
            a.block("secret-read", f"`reg {sub} {key.upper()}` copies the {key[5:].upper()} hive: with SYSTEM it gives "
                                   "the local accounts' password hashes and cached secrets; agents must not touch "
                                   "credentials", cmd.node)
            raw = [v for v in _values(a, cmd) if v and not v.startswith("/")]
            if len(raw) > 2:
                from .net import note_file

                dest = _wsl_path(raw[2]) or raw[2]
                note_file(a, dest, f"the {key[5:].upper()} registry hive (`reg {sub}`)", cmd.node)
        return
    if sub == "add":
        name = _opt_value(vals, "/v") or ("" if "/ve" in vals else None)
        data = _opt_value(vals, "/d")
        _reg_set(a, cmd, key, name, data)
    elif sub == "delete" and key.startswith("hkcu") and ("/va" in vals or _opt_value(vals, "/v") is None and
                                                         "/ve" not in vals):
        a.review("irreversible", f"`reg delete {key.upper()}` deletes the key with every value and subkey under it, "
                                 "with no undo (the registry has no recycle bin); `reg export` it to a file first, or "
                                 "let the user delete it", cmd.node)
    elif sub in ("import", "restore", "load", "copy", "delete", "unload"):
        if key.startswith(("hklm", "hku", "hkcr")) or sub in ("import", "restore", "load"):
            a.review("system-write", f"`reg {sub}` changes the machine's registry (settings every user and service "
                                     "reads); let the user make this change", cmd.node)


def _reg_set(a, cmd: Cmd, key: str, name: str | None, data: str | None) -> None:
    """A registry value set (`reg add`; also what other tools set): blocked where Windows runs it or a guard goes."""
    say = f"`{key.upper()}`" + (f" value `{name}`" if name else "")
    if _UAC_BYPASS.search(key):
        a.block("privilege-escalation", f"setting {say} makes an auto-elevating Windows program (fodhelper, sdclt, "
                                        "eventvwr) run a command as administrator without a UAC prompt", cmd.node)
        return
    if _COM_SERVER.search(key):
        a.block("persistence", f"setting {say} registers the program a COM class loads: every process that uses the "
                               "class (explorer at each logon) then runs that DLL or program, a known hijack; agents "
                               "must not install anything that runs later (register a COM server of the project with "
                               "its installer, run by the user)", cmd.node)
        return
    if _RUN_KEY.search(key) or any(k in key and (name is None or name in names) for k, names in _RUN_VALUES.items()):
        a.block("persistence", f"setting {say} makes Windows run a program at every logon or in place of another one; "
                               "agents must not install anything that runs later", cmd.node)
        return
    if _DEFENDER.search(key):
        if name is None or name.startswith("disable") or "exclusion" in key or data in ("1", "0x1") and "disable" in \
                (name or ""):
            a.block("permission-tamper", f"setting {say} turns Microsoft Defender's protection off or exempts files "
                                         "from it; agents must not weaken the antivirus", cmd.node)
            return
    if key.endswith("\\terminal server") and name == "fdenytsconnections" and data in ("0", "0x0"):
        a.block("system-disruption", "`fDenyTSConnections 0` opens Remote Desktop: anyone with a password can log on to "
                                     "this machine from the network", cmd.node)
        return
    if name in _UAC_OFF and data is not None and data.removeprefix("0x") == _UAC_OFF[name] and "\\policies\\system" \
            in key:
        a.block("privilege-escalation", f"setting {say} to {data} turns User Account Control off (administrators' "
                                        "programs run elevated without asking)", cmd.node)
        return
    if "\\wdigest" in key and name == "uselogoncredential":
        a.block("secret-read", "`WDigest UseLogonCredential` makes Windows keep every logged-on user's password in "
                               "clear in memory; agents must not touch credentials", cmd.node)
        return
    if key.startswith(("hklm", "hku", "hkcr")):
        a.review("system-write", f"`reg add` changes {say} in the machine's registry (settings every user and service "
                                 "reads); let the user make this change", cmd.node)


# -- scheduled tasks, services ------------------------------------------------------------------------------------------
def _schtasks(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if "/create" in vals or "/change" in vals and any(v in vals for v in ("/tr", "/enable", "/ru", "/xml")):
        a.block("persistence", "`schtasks` creates or changes a scheduled task: Windows runs its command later, again "
                               "and again; agents must not schedule code (show the user the command to run)", cmd.node)
        raw = _values(a, cmd)
        for i, v in enumerate(raw[:-1]):
            if (v or "").lower() == "/tr" and raw[i + 1]:
                text = cmd_to_bash(_strip_outer(raw[i + 1]))  # type: ignore[arg-type]
                if text:
                    a.nested(text, "bash", cmd.node, None)
    elif "/delete" in vals:
        a.review("system-write", "`schtasks /delete` removes a scheduled task this input did not create; let the user "
                                 "remove it", cmd.node)


def _sc(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    pos = [v for v in vals if not v.startswith("\\\\")]
    if not pos:
        return
    sub = pos[0]
    if sub in ("create", "config") and any(v.startswith("binpath=") or v == "binpath=" for v in vals):
        a.block("persistence", "`sc create/config binPath=` installs a Windows service: its program runs at every boot "
                               "as SYSTEM; agents must not install anything that runs later", cmd.node)
    elif sub in ("stop", "delete", "config") and len(pos) > 1 and pos[1] in _GUARDS:
        a.block("permission-tamper", f"`sc {sub} {pos[1]}` stops or disables a Windows security service (Defender, "
                                     "the event log, the firewall)", cmd.node)


_GUARDS = frozenset({"windefend", "wdnissvc", "sense", "wscsvc", "eventlog", "mpssvc", "securityhealthservice",
                     "wdfilter", "wdboot"})


# -- networking -------------------------------------------------------------------------------------------------------
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _netsh(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    text = " ".join(vals)
    if ("advfirewall" in vals and "state" in vals and "off" in vals) or \
            ("firewall" in vals and "opmode" in vals and ("disable" in vals or "mode=disable" in vals)) or \
            "opmode=disable" in vals:
        a.block("system-disruption", "`netsh` turns the Windows firewall off: every port of the machine is open to the "
                                     "network", cmd.node)
    elif "firewall" in vals and ("remote desktop" in text or "3389" in text) and \
            any(v in vals for v in ("enable=yes", "action=allow")):
        a.block("system-disruption", "`netsh` opens the firewall for Remote Desktop: the machine accepts logons from "
                                     "the network", cmd.node)
    elif "firewall" in vals and "add" in vals and "action=allow" in vals and "dir=out" not in vals:
        a.review("system-disruption", "`netsh advfirewall firewall add rule … action=allow` lets connections from the "
                                      "network in; let the user open the port", cmd.node)
    elif "wlan" in vals and "key=clear" in vals:
        a.block("secret-read", "`netsh wlan … key=clear` prints or exports the saved Wi-Fi passwords in clear; agents "
                               "must not touch credentials", cmd.node)
    elif "portproxy" in vals and "add" in vals:
        listen = _opt_value(vals, "listenaddress")
        if listen is None or listen.strip('"') not in _LOOPBACK:
            a.review("system-disruption", "`netsh interface portproxy add` without `listenaddress=127.0.0.1` forwards "
                                          "the port from every network the machine is on; listen on 127.0.0.1, or "
                                          "let the user expose it", cmd.node)


# -- accounts, logs, backups, boot ----------------------------------------------------------------------------------
_SAMBA_USER = frozenset({"add", "delete", "info", "list", "rename", "set"})  # Samba's `net user add NAME`


def _net(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if not vals:
        return
    sub = vals[0]
    if sub == "user" and ("/add" in vals or "/active:yes" in vals or
                          len([v for v in vals[1:] if not v.startswith("/")]) >= 2 and vals[1] not in _SAMBA_USER):
        a.block("privilege-escalation", "`net user` creates, enables or sets the password of a Windows account: a way "
                                        "back into the machine; agents must not manage accounts", cmd.node)
    elif sub == "localgroup" and "/add" in vals:
        a.block("privilege-escalation", "`net localgroup … /add` puts an account in a local group (administrators, "
                                        "Remote Desktop Users); agents must not grant rights", cmd.node)
    elif sub == "stop" and len(vals) > 1 and vals[1].strip('"') in _GUARDS | {"windows defender antivirus service"}:
        a.block("permission-tamper", f"`net stop {vals[1]}` stops a Windows security service", cmd.node)


def _wevtutil(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if vals and vals[0] in ("cl", "clear-log"):
        a.block("anti-forensics", "`wevtutil cl` clears a Windows event log: the record of what happened on the "
                                  "machine; agents must not delete logs", cmd.node)
    elif vals and vals[0] in ("sl", "set-log") and any(v in ("/e:false", "/enabled:false") for v in vals):
        a.block("anti-forensics", "`wevtutil sl … /e:false` turns a Windows event log off", cmd.node)


def _fsutil(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if "usn" in vals and "deletejournal" in vals:
        a.block("anti-forensics", "`fsutil usn deletejournal` deletes the file system's change journal", cmd.node)


_SHADOWS = "deletes the Volume Shadow Copies (Windows' restore points), the usual first step of ransomware; agents " \
           "must not delete backups"


def _vssadmin(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if vals and (vals[0] == "delete" or vals[0] == "resize" and "shadowstorage" in vals):
        a.block("system-disruption", f"`vssadmin {vals[0]}` {_SHADOWS}", cmd.node)


def _wmic(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if "shadowcopy" in vals and "delete" in vals:
        a.block("system-disruption", f"`wmic shadowcopy delete` {_SHADOWS}", cmd.node)
        return
    raw = _values(a, cmd)
    low = vals
    for i in range(len(low) - 2):
        if low[i] == "call" and low[i + 1] == "create" and "process" in low[:i] and raw[i + 2]:
            text = cmd_to_bash(_strip_outer(raw[i + 2]))  # type: ignore[arg-type]
            if text:
                a.nested(text, "bash", cmd.node, None)
            if any(v.startswith("/node:") for v in low):
                a.review("wrapper-exec", "`wmic /node:… process call create` runs a command on another machine",
                         cmd.node)


def _bcdedit(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    text = " ".join(vals)
    if "recoveryenabled" in vals and "no" in vals or "ignoreallfailures" in vals:
        a.block("system-disruption", "`bcdedit` turns Windows' boot recovery off, so a damaged system cannot be "
                                     "repaired; agents must not change the boot configuration", cmd.node)
    elif any(k in vals for k in ("testsigning", "nointegritychecks")) and "on" in vals:
        a.block("permission-tamper", "`bcdedit` turns driver signature checks off: any kernel driver loads", cmd.node)
    elif any(v in vals for v in ("/set", "/deletevalue", "/delete", "/import", "/default", "/bootsequence")):
        a.review("system-disruption", f"`bcdedit {text[:40]}` changes how Windows boots; let the user make this "
                                      "change", cmd.node)


def _wbadmin(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if vals and vals[0] == "delete":
        a.block("system-disruption", "`wbadmin delete` deletes Windows backups (the catalog, system state or whole "
                                     "backups); agents must not delete backups", cmd.node)


# -- downloaders and runners --------------------------------------------------------------------------------------------
_URL = re.compile(r"(?i)^(?:https?|ftp)://|^\\\\[\w.-]+\\")
_RUNNABLE = re.compile(r"(?i)\.(?:exe|dll|scr|com|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|hta|sct|msi|lnk|cpl|jar)$")


def _certutil(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    raw = [v or "" for v in _values(a, cmd)]
    urls = [v for v in raw if _URL.match(v)]
    if urls and any(v in vals for v in ("-urlcache", "/urlcache", "-verifyctl", "/verifyctl", "-f", "/f", "-split")):
        files = [v for v in raw if not v.startswith(("-", "/")) and v not in urls]
        if not files or any(_RUNNABLE.search(f) or "%" in f or "$" in f for f in files) or "-split" in vals:
            a.block("download-exec", f"`certutil -urlcache` downloads {urls[0][:60]}: Windows' certificate tool used to "
                                     "fetch a program past the usual download checks; download with curl, inspect "
                                     "the file, then let the user run it", cmd.node)
        else:
            a.review("download-exec", f"`certutil -urlcache` downloads {urls[0][:60]}; download with curl instead",
                     cmd.node)
    elif any(v in vals for v in ("-decode", "/decode", "-decodehex", "/decodehex")):
        files = [v for v in raw if not v.startswith(("-", "/"))]
        if len(files) > 1 and _RUNNABLE.search(files[1]):
            a.block("decode-exec", f"`certutil -decode` writes a program ({files[1][-40:]}) out of encoded text: how a "
                                   "dropper hides an executable; run the plain program instead", cmd.node)


def _bitsadmin(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    raw = [v or "" for v in _values(a, cmd)]
    if "/setnotifycmdline" in vals:
        a.block("persistence", "`bitsadmin /SetNotifyCmdLine` makes the BITS service run a command when a job ends, "
                               "even after a reboot", cmd.node)
    elif any(_URL.match(v) for v in raw) and any(_RUNNABLE.search(v) for v in raw):
        a.block("download-exec", "`bitsadmin /transfer` downloads a program in the background; download with curl, "
                                 "inspect the file, then let the user run it", cmd.node)


def _regsvr32(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    for v in vals:
        if v.startswith(("/i:", "-i:")) and (_URL.match(v[3:].strip('"')) or "scrobj" in " ".join(vals)):
            a.block("download-exec", "`regsvr32 /i:URL scrobj.dll` fetches a scriptlet and runs it (a way around "
                                     "application allow-lists); agents must not run remote code", cmd.node)
            return


def _mshta(a, cmd: Cmd) -> None:
    raw = [v or "" for v in _values(a, cmd)]
    if any(_URL.match(v) or v.lower().startswith(("javascript:", "vbscript:", "about:")) for v in raw):
        a.block("download-exec", "`mshta` runs an HTML application's script from the network or the command line; "
                                 "agents must not run remote code", cmd.node)
    elif raw:
        a.review("wrapper-exec", "`mshta` runs an HTML application (its scripts have the user's full rights); let the "
                                 "user open it", cmd.node)


def _rundll32(a, cmd: Cmd) -> None:
    text = " ".join(v or "" for v in _values(a, cmd)).lower()
    if "javascript:" in text or "vbscript:" in text:
        a.block("download-exec", "`rundll32 javascript:…` runs script through mshtml, a known way to fetch and run "
                                 "code; agents must not run remote code", cmd.node)
    elif "comsvcs" in text and "minidump" in text:
        a.block("secret-read", "`rundll32 comsvcs.dll MiniDump` dumps a process's memory (LSASS: every logged-on "
                               "user's credentials); agents must not touch credentials", cmd.node)


def _mpcmdrun(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if any(v in ("-removedefinitions", "/removedefinitions", "-disableservice") for v in vals):
        a.block("permission-tamper", "`MpCmdRun -RemoveDefinitions` deletes Microsoft Defender's signatures, so "
                                     "nothing is detected; agents must not weaken the antivirus", cmd.node)


# -- WSL itself, packages, features, mirroring ----------------------------------------------------------------------
_WSL_ARG = frozenset({"-d", "--distribution", "-u", "--user", "--cd", "--shell-type", "--distribution-id"})
_WSL_GONE = {"--unregister": "`wsl --unregister` deletes the distribution and its whole file system (every file, "
                             "home folder and database in it), with no undo; `wsl --export NAME FILE.tar` first, "
                             "then let the user unregister it",
             "--uninstall": "`wsl --uninstall` removes WSL from Windows; let the user do it"}


def _wsl(a, cmd: Cmd) -> None:
    raw = cmd.values()
    i, user = 0, None
    while i < len(raw):
        v = raw[i]
        if v is None:
            return
        low = v.lower()
        if low in _WSL_GONE:
            a.review("irreversible", _WSL_GONE[low], cmd.node)
            return
        if low in _WSL_ARG:
            if low in ("-u", "--user") and i + 1 < len(raw):
                user = raw[i + 1]
            i += 2
            continue
        if low in ("-e", "--exec", "--"):
            i += 1
            break
        if low.startswith("-"):
            if low in ("--system",):
                i += 1
                continue
            return  # `--list`, `--shutdown`, `--export`, `--install`, `--manage`…: WSL's own management
        break
    root = user in ("root", "0")
    words = cmd.args[i:]
    if not words:
        if root:  # `wsl -u root`, `wsl -u root <<EOF`: a root shell, reading what it is given
            a.block("privilege-escalation", "`wsl -u root` opens a root shell in the distribution (sudo without a "
                                            "password); run the specific command instead", cmd.node)
        return
    # a word known only at run time (`"echo '$USER …'"`) is judged as written; as root the command is judged as
    # under sudo: root's read-only queries allowed, its changes reviewed, what sudo would block blocked
    text = " ".join(shlex.quote(w.value) if w.value is not None else a.src(w.node) for w in words)
    a.nested(("sudo " if root else "") + text, "bash", cmd.node, None)


def _winget(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if vals and vals[0] in ("uninstall", "remove", "rm"):
        a.review("irreversible", "`winget uninstall` removes a Windows application, and with it often its data "
                                 "(Docker Desktop takes its images and volumes); let the user uninstall it", cmd.node)


def _choco(a, cmd: Cmd) -> None:
    """Chocolatey and Scoop, Windows' package managers: an uninstall removes the program machine-wide (`choco
    --remove-dependencies` also what else needed its dependencies; `scoop uninstall -p` its kept data)."""
    vals = _opts(a, cmd)
    if vals and vals[0] in ("uninstall", "remove", "rm"):
        a.review("irreversible", f"`{cmd.name} uninstall` removes Windows programs (and with them often their data and "
                                 "what depended on them); let the user uninstall them", cmd.node)


def _dism(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if any(v in ("/disable-feature", "/remove-package", "/remove-capability", "/remove-provisionedappxpackage")
           for v in vals):
        a.review("irreversible", "`dism` removes a Windows feature or package (turning off the WSL feature takes every "
                                 "distribution with it); let the user make this change", cmd.node)


# `"$(wslpath -w ./publish)"`: a folder of the project, named the way a Windows program needs it
_WSLPATH_W = re.compile(r"""^"?\$\(\s*wslpath\s+-[wm]\s+(["']?)([^"'$`()\s]+)\1\s*\)"?$""")


def _deploy_folder(dest: str) -> bool:
    """A folder deep enough to be one site's or one app's (`C:\\inetpub\\wwwroot`, `C:\\dev\\sites\\acme-web`,
    `%USERPROFILE%\\source\\repos\\site`), not a drive, Windows, the programs, a profile or a folder of it that holds
    many things (Documents, source\\repos)."""
    parts = [p for p in dest.replace("/", "\\").split("\\") if p]
    if not parts or dest.startswith("\\\\"):  # a share: another machine's folder
        return False
    head = parts[0].lower()
    if _DRIVE.match(dest):
        parts = parts[1:]
        head = parts[0].lower() if parts else ""
        if head in ("windows", "programdata") or head.startswith("program files"):
            return False
        if head == "users":
            return len(parts) >= 5  # Users, NAME, and three folders below the profile
        return len(parts) >= 2
    if head in ("%userprofile%", "%homepath%", "%onedrive%"):
        return len(parts) >= 4
    if head in ("%systemroot%", "%windir%", "%programfiles%", "%programdata%", "%programfiles(x86)%"):
        return False
    return head.startswith("%") and len(parts) >= 3


def _robocopy(a, cmd: Cmd) -> None:
    vals = _opts(a, cmd)
    if not any(v in ("/mir", "/purge") for v in vals):
        return
    words = [w for w, v in zip(cmd.args, _values(a, cmd)) if v is None or not v.startswith("/")]
    pos = [v for v in _values(a, cmd) if v is None or not v.startswith("/")]
    dest = pos[1] if len(pos) > 1 else None
    if dest is not None and not _outside_project(dest):
        return
    # the project's own output mirrored into a folder of its own (a site, a deployment folder): a deploy, as
    # `rsync --delete ./dist/ DEST` is; a mirror from elsewhere (an empty folder) or over a top folder is held
    src = pos[0] if pos else None
    if src is None and words:
        m = _WSLPATH_W.match(a.src(words[0].node))
        src = m.group(2) if m else None
    own = src is not None and not _outside_project(src) and not src.startswith("..")
    if own and dest is not None and _deploy_folder(dest):
        return
    a.review("irreversible", f"`robocopy /MIR` (or `/PURGE`) deletes every file of {dest or 'the destination'} "
                             "that the source does not have, with no undo; copy without /MIR, or let the user "
                             "run it", cmd.node)


HANDLERS = {
    "cmd": [_cmd],
    "reg": [_reg],
    "schtasks": [_schtasks],
    "sc": [_sc],
    "netsh": [_netsh],
    "net": [_net],
    "net1": [_net],
    "wevtutil": [_wevtutil],
    "fsutil": [_fsutil],
    "vssadmin": [_vssadmin],
    "wmic": [_wmic],
    "bcdedit": [_bcdedit],
    "wbadmin": [_wbadmin],
    "certutil": [_certutil],
    "bitsadmin": [_bitsadmin],
    "regsvr32": [_regsvr32],
    "mshta": [_mshta],
    "rundll32": [_rundll32],
    "mpcmdrun": [_mpcmdrun],
    "wsl": [_wsl],
    "winget": [_winget],
    "choco": [_choco],
    "scoop": [_choco],
    "scoop.cmd": [_choco],
    "dism": [_dism],
    "robocopy": [_robocopy],
}
