"""What PowerShell code does to the Windows machine: its protections turned off (Defender, AMSI, the firewall, the
event logs), code set to start by itself (Run keys, scheduled tasks, WMI subscriptions, the profile, the Startup
folder), UAC bypassed through a per-user class key, the credential stores read, and what cannot be undone."""
from __future__ import annotations

import re

_AMSI = re.compile(r"amsiutils|amsiinitfailed|amsiscanbuffer|amsicontext|amsi\.dll", re.IGNORECASE)
# Set-MpPreference's switches that turn a protection off, with their short aliases (drtm, dbm, dioavp, …)
_MP_OFF = re.compile(r"disable\w*|d(?:rtm|bm|ioavp|scrptsc|baf|archsc|emsc|insc|rsc|snf|pua|cpsc|bi|rdsc|intr|ips)$")
_RUN_KEYS = re.compile(r"\\currentversion\\(?:run|runonce|runservices|runservicesonce|policies\\explorer\\run)\b|"
                       r"\\winlogon\b|image file execution options|\\environment\b.*userinitmprlogonscript|"
                       r"\\explorer\\shell folders|\\active setup\\installed components", re.IGNORECASE)
# the per-user class keys auto-elevating programs (fodhelper, computerdefaults, eventvwr, sdclt) read their command from
_UAC_KEYS = re.compile(r"\\software\\classes\\(?:ms-settings|mscfile|exefile|folder|launcher\.systemsettings|"
                       r"appx\w+)\\shell\\(?:open|runas)\\command", re.IGNORECASE)
_DEFENDER_POLICY = re.compile(r"\\policies\\microsoft\\windows defender", re.IGNORECASE)
_REG_WRITES = frozenset({"new-itemproperty", "set-itemproperty", "new-item", "set-item", "copy-itemproperty",
                         "rename-itemproperty"})
_FILE_WRITES = frozenset({"set-content", "add-content", "out-file", "new-item", "copy-item", "move-item",
                          "tee-object"})
_WMI_PERSIST = re.compile(r"__eventfilter|commandlineeventconsumer|activescripteventconsumer|"
                          r"__filtertoconsumerbinding", re.IGNORECASE)
_PROFILE = re.compile(r"\$profile\b|(?:windows)?powershell[\\/][\w.]*profile\.ps1|\\start menu\\programs\\startup|"
                      r"/start menu/programs/startup|shell:startup|getfolderpath\(\s*['\"]?startup", re.IGNORECASE)
_IRREVERSIBLE = {
    "clear-recyclebin": "empties the Recycle Bin, the only copy of what was deleted",
    "disable-windowsoptionalfeature": "turns a Windows feature off (and may remove what depends on it: WSL, Hyper-V "
                                      "and their machines)",
    "uninstall-windowsfeature": "removes a Windows feature", "remove-windowsfeature": "removes a Windows feature",
    "uninstall-package": "uninstalls a program with its data", "remove-appxpackage": "uninstalls an app with its data",
    "remove-localuser": "deletes a local account", "remove-aduser": "deletes a directory account",
    "remove-vm": "deletes a virtual machine", "remove-s3bucket": "deletes an S3 bucket",
    "remove-ec2instance": "terminates a cloud machine",
}
_CLOUD_REMOVE = re.compile(r"remove-(?:az|azurerm|azuread|mg|gcs|s3|ec2|rds|ddb|iam)\w*")
_DISK = frozenset({"format-volume", "clear-disk", "initialize-disk", "remove-partition", "set-disk"})
_LOGS = frozenset({"clear-eventlog", "remove-eventlog", "limit-eventlog"})


def check(j) -> None:
    low = j.low
    if _AMSI.search(j.code):
        j.block("system-disruption", "PowerShell code switches AMSI off, so antivirus cannot see the scripts it runs "
                                     "next; leave the machine's protections on")
    if "passwordvault" in low and ("retrieveall" in low or "retrievepassword" in low or "findallby" in low):
        j.block("secret-read", "PowerShell reads the passwords saved in the Windows Credential Locker; agents must "
                               "not touch credentials")
    if re.search(r"protecteddata\]?\s*::\s*unprotect|\bunprotect-cmsmessage|cryptunprotectdata", low):
        j.block("secret-read", "PowerShell decrypts data protected by the user's Windows login (DPAPI: browser and "
                               "app keys, saved passwords); agents must not touch credentials")
    if _WMI_PERSIST.search(j.code) and re.search(r"set-wmiinstance|new-ciminstance|\[wmiclass\]|\.put\(\)|swmi|ncim",
                                                 low):
        j.block("persistence", "PowerShell registers a permanent WMI event subscription, which runs a command by "
                               "itself; do not install triggers that start code")
    for c in j.cmds:
        _one(j, c)
    _redirects(j)


def _one(j, c) -> None:
    name = c.name
    if name in ("set-mppreference", "add-mppreference"):
        off = [p for p, v in c.params if p.startswith("exclusion") or (_MP_OFF.match(p) and not _false(v))]
        if off:
            j.block("system-disruption", f"`{c.raw}` turns Microsoft Defender off or exempts files from it "
                                         f"(-{off[0]}); leave the machine's protections on")
        return
    if name == "set-netfirewallprofile" and any(p.startswith("enabled") and _false(v, off=True) for p, v in c.params):
        j.block("system-disruption", "`Set-NetFirewallProfile -Enabled False` turns the Windows firewall off; leave "
                                     "the machine's protections on")
        return
    if name in ("stop-service", "set-service", "remove-service") and re.search(r"windefend|wdnissvc|sense|mpssvc",
                                                                                j.src(c.node), re.IGNORECASE):
        j.block("system-disruption", f"`{c.raw}` stops Defender or the firewall; leave the machine's protections on")
        return
    if name in _REG_WRITES:
        where = j.src(c.node)
        if _UAC_KEYS.search(where):
            j.block("privilege-escalation", "PowerShell writes the per-user class key an auto-elevating program "
                                            "(fodhelper, computerdefaults, eventvwr) reads its command from: a UAC "
                                            "bypass that runs code as administrator")
            return
        if _RUN_KEYS.search(where):
            j.block("persistence", f"`{c.raw}` writes a registry key Windows starts programs from at logon; do not "
                                   "install code that starts by itself")
            return
        if _DEFENDER_POLICY.search(where):
            j.block("system-disruption", "PowerShell writes Defender's policy keys (turning it off); leave the "
                                         "machine's protections on")
            return
    if name in ("register-scheduledtask", "new-scheduledtask", "new-scheduledtasktrigger", "set-scheduledtask",
                "register-scheduledjob", "new-jobtrigger"):
        j.block("persistence", f"`{c.raw}` registers a scheduled task, a program that starts by itself later; run the "
                               "command now instead")
        return
    if name == "new-scheduledtaskaction":
        exe = c.param("execute", 1)
        argument = c.param("argument", 1)
        if exe not in (None, True) and exe.value:
            tail = argument.value if argument not in (None, True) and argument.value else ""
            j.nested_shell(" ".join([_quote(exe.value), tail]).strip())
        return
    if name in _FILE_WRITES and _PROFILE.search(j.src(c.node)):
        j.block("persistence", f"`{c.raw}` writes the PowerShell profile or the Startup folder, which run at every "
                               "session or logon; do not install code that starts by itself")
        return
    if name in _DISK:
        j.block("disk-wipe", f"`{c.raw}` erases a whole disk or volume; nothing brings it back")
        return
    if name in _LOGS or (name == "wevtutil" and any(getattr(w, "value", None) in ("cl", "clear-log") for w in c.words)):
        j.block("anti-forensics", f"`{c.raw}` clears Windows event logs, hiding what happened")
        return
    why = _IRREVERSIBLE.get(name)
    if why is None and _CLOUD_REMOVE.fullmatch(name):
        why = "deletes cloud resources (a resource group takes everything in it), with no undo"
    if why is not None:
        j.review("irreversible", f"`{c.raw}` {why}; let the user do it, or confirm it is meant")


def _redirects(j) -> None:
    for m in re.finditer(r">>?\s*(\S+)", j.code):
        if _PROFILE.search(m.group(1)):
            j.block("persistence", "PowerShell writes the PowerShell profile or the Startup folder, which run at "
                                   "every session or logon; do not install code that starts by itself")
            return


def _false(v, off: bool = False) -> bool:
    if v is None or v is True:
        return False
    t = v.text.strip().lower()
    return t in ("$false", "0", "false", "'false'") or (off and t in ("no",))


def _quote(v: str) -> str:
    import shlex

    return shlex.quote(v)
