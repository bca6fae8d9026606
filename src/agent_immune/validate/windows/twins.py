"""PowerShell cmdlets that have a command-line twin the shell rules already judge: the registry cmdlets are
`reg.exe add/delete`, the firewall cmdlets `netsh advfirewall`, the Az and AWS Tools cmdlets that grant roles or make
keys `az role assignment create` / `aws iam …`. Handing the twin over keeps one judgement per action, whichever
tool the agent reaches for."""
from __future__ import annotations

import re

from .winpaths import sh_word

_HIVE = re.compile(r"^(?:registry::)?(hklm|hkcu|hkcr|hku|hkcc|hkey_local_machine|hkey_current_user|hkey_classes_root|"
                   r"hkey_users)(?::)?(?=\\|/|$)", re.IGNORECASE)
_TYPES = {"dword": "REG_DWORD", "string": "REG_SZ", "expandstring": "REG_EXPAND_SZ", "qword": "REG_QWORD",
          "binary": "REG_BINARY", "multistring": "REG_MULTI_SZ"}


def _val(arg) -> str | None:
    return None if arg in (None, True) else arg.value


def reg_key(text: str | None) -> str | None:
    """`HKLM:\\System\\X` -> `HKLM\\System\\X` (reg.exe's spelling); None for a path that is not the registry."""
    if not text:
        return None
    m = _HIVE.match(text.strip())
    if m is None:
        return None
    hive = m.group(1).upper()
    hive = {"HKEY_LOCAL_MACHINE": "HKLM", "HKEY_CURRENT_USER": "HKCU", "HKEY_CLASSES_ROOT": "HKCR",
            "HKEY_USERS": "HKU"}.get(hive, hive)
    return hive + text.strip()[m.end():].replace("/", "\\")


def _positional(c, name: str, at: int, least: int = 1):
    got = c.param(name, least)
    if got is not None:
        return got
    return c.args[at] if len(c.args) > at else None


def shell_line(c) -> str | None:
    """The twin command line of `c`, or None."""
    fn = _TWINS.get(c.name)
    return fn(c) if fn is not None else None


def _reg_set(c) -> str | None:
    key = reg_key(_val(_positional(c, "path", 0)) or _val(c.param("literalpath", 1)))
    name = _val(_positional(c, "name", 1, 2))
    if key is None or name is None:
        return None
    value = c.param("value", 1) or (c.args[2] if c.name == "set-itemproperty" and len(c.args) > 2 else None)
    data = _val(value)
    kind = _val(c.param("propertytype", 1) or c.param("type", 1))
    t = _TYPES.get((kind or "").lower()) or ("REG_DWORD" if data is not None and re.fullmatch(r"-?\d+|0x[0-9a-f]+",
                                                                                                data, re.I)
                                           else "REG_SZ")
    line = f"reg.exe add {sh_word(key)} /v {sh_word(name)} /t {t}"
    return line + (f" /d {sh_word(data)}" if data is not None else " /d ARG") + " /f"


def _reg_new_key(c) -> str | None:
    key = reg_key(_val(_positional(c, "path", 0)))
    return f"reg.exe add {sh_word(key)} /f" if key else None


def _reg_remove(c) -> str | None:
    key = reg_key(_val(_positional(c, "path", 0)) or _val(c.param("literalpath", 1)))
    if key is None:
        return None
    if c.name == "remove-itemproperty":
        name = _val(_positional(c, "name", 1, 2))
        return f"reg.exe delete {sh_word(key)} /v {sh_word(name)} /f" if name else None
    return f"reg.exe delete {sh_word(key)} /f"


def _firewall_enable(c) -> str | None:
    for param, field in (("displaygroup", "group"), ("displayname", "name"), ("name", "name")):
        v = _val(c.param(param, len(param)))
        if v:
            return f"netsh advfirewall firewall set rule {field}={sh_word(v)} new enable=Yes"
    return None


def _firewall_new(c) -> str | None:
    if (_val(c.param("action", 1)) or "allow").lower() != "allow":
        return None
    name = _val(c.param("displayname", 2)) or _val(c.param("name", 2)) or "rule"
    direction = "out" if (_val(c.param("direction", 3)) or "inbound").lower().startswith("out") else "in"
    parts = [f"netsh advfirewall firewall add rule name={sh_word(name)} dir={direction} action=allow"]
    for param, field in (("protocol", "protocol"), ("localport", "localport"), ("remoteaddress", "remoteip"),
                         ("program", "program")):
        v = c.param(param, len(param))
        if v not in (None, True):
            parts.append(f"{field}={sh_word(','.join(v.items) if v.value is not None else 'ARG')}")
    return " ".join(parts)


def _az_role(c) -> str | None:
    who = next((_val(c.param(p, len(p))) for p in ("objectid", "signinname", "serviceprincipalname",
                                                     "applicationid") if _val(c.param(p, len(p)))), None)
    role = _val(c.param("roledefinitionname", 15)) or _val(c.param("roledefinitionid", 15))
    if role is None:
        return None
    line = f"az role assignment create --assignee {sh_word(who or 'ARG')} --role {sh_word(role)}"
    scope = _val(c.param("scope", 2))
    if scope:
        line += f" --scope {sh_word(scope)}"
    return line


def _aws_attach(kind: str):
    def line(c) -> str | None:
        who = _val(c.param(kind + "name", len(kind) + 1))
        arn = _val(c.param("policyarn", 2))
        if not arn:
            return None
        return f"aws iam attach-{kind}-policy --{kind}-name {sh_word(who or 'ARG')} --policy-arn {sh_word(arn)}"
    return line


def _aws_trust(c) -> str | None:
    role = _val(c.param("rolename", 2))
    doc = _val(c.param("policydocument", 2))
    if not doc:
        return None
    op = "update-assume-role-policy --policy-document" if c.name == "update-iamassumerolepolicy" else \
        "create-role --assume-role-policy-document"
    return f"aws iam {op.split(' ')[0]} --role-name {sh_word(role or 'ARG')} {op.split(' ')[1]} {sh_word(doc)}"


_TWINS = {
    "set-itemproperty": _reg_set, "new-itemproperty": _reg_set, "new-item": _reg_new_key,
    "remove-itemproperty": _reg_remove, "remove-item": _reg_remove,
    "enable-netfirewallrule": _firewall_enable, "set-netfirewallrule": None, "new-netfirewallrule": _firewall_new,
    "new-azroleassignment": _az_role,
    "register-iamuserpolicy": _aws_attach("user"), "register-iamrolepolicy": _aws_attach("role"),
    "register-iamgrouppolicy": _aws_attach("group"),
    "update-iamassumerolepolicy": _aws_trust, "new-iamrole": _aws_trust,
}
_TWINS = {k: v for k, v in _TWINS.items() if v is not None}
