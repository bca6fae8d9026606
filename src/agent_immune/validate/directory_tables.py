"""Legacy enterprise systems' command languages, read as text (session 29): Oracle SQL and RMAN, IBM MQ's MQSC, the
LDIF changes an OpenLDAP or Active Directory server takes for its own configuration, JSP pages and Java application
servers' user files. Shared by bash/directory.py (what `sqlplus`, `rman`, `runmqsc`, `ldapmodify` are fed) and the
Python and TypeScript hooks (the same statements handed to a driver or a REST API).

Each judge returns findings (verdict, rule, message); the callers word where the text came from. What each finds and
what stays allowed is said at the judge.
"""
from __future__ import annotations

import re
from functools import lru_cache

Finding = tuple[str, str, str]  # ("block" | "review", rule, message)

# the settings files bash/directory.py's config_write judges when written (a here-document, `echo >`, `tee`, `sed -i`):
# Tomcat's users and each context's valves, sssd's access rules, Shibboleth's, and JSP pages; bash/fastpath.py sends a
# write to any of them to the full analysis
WRITE_TARGET = r"tomcat-users\.xml|/sssd\.conf|/sssd/conf\.d/|shibboleth2\.xml|/context\.xml|\.jspx?\b"
_WRITTEN = re.compile(r"(?i)(?:" + WRITE_TARGET + r")$|/sssd/conf\.d/")


def judged_write(path: str) -> bool:
    """Whether `path` is one of the files above."""
    return _WRITTEN.search(path) is not None


# -- Oracle SQL ----------------------------------------------------------------------------------------------------
# comments and quoted literals go before a statement is read (`select 'DROP USER x' from dual` drops nothing); a
# double-quoted part is an identifier or a password, kept as a word
_ORA_NOISE = re.compile(r"--[^\n]*|/\*.*?(?:\*/|\Z)|'(?:[^']|'')*(?:'|\Z)", re.S)
_DROP_USER = re.compile(r"(?i)\bdrop\s+user\s+(\S+)\s+cascade\b")
_DROP_TABLESPACE = re.compile(r"(?i)\bdrop\s+tablespace\s+(\S+)\s+including\s+contents\b")
_DROP_PDB = re.compile(r"(?i)\bdrop\s+pluggable\s+database\s+(\S+)[^;]{0,200}?\bincluding\s+datafiles\b")
_CREATE_USER = re.compile(r"(?i)\bcreate\s+user\s+(\"?[\w$#]+\"?)\s+identified\s+by\s+(\S+)")
_ADMIN_PASSWORD = re.compile(r"(?i)\balter\s+user\s+\"?(sys|system|sysman|dbsnmp)\"?\s+identified\s+by\s+(\S+)")
# the roles and privileges that make an account the database's administrator
_GRANT = re.compile(r"(?i)\bgrant\s([^;]{0,200}?)\bto\s+(\"?[\w$#]+\"?)")
_ADMIN_ROLE = re.compile(r"(?i)\b(?:dba|sysdba|sysoper|sysbackup|sysdg|syskm|imp_full_database|exp_full_database|"
                         r"datapump_imp_full_database|all\s+privileges|grant\s+any\s+\w+|alter\s+user|"
                         r"become\s+user)\b")
_IMMEDIATE = re.compile(r"(?i)\bexecute\s+immediate\s+'((?:[^']|''){0,2000})'")
# the audit settings, whose values are quoted literals (`audit_trail='NONE'`)
_AUDIT_PARAM = re.compile(r"(?i)\baudit_trail\s*=\s*['\"]?none\b|\baudit_sys_operations\s*=\s*['\"]?false\b")
_AUDIT_OFF = re.compile(r"(?i)\bnoaudit\s+(?:all|policy|session|\w+_policy)\b|\baudit_trail\s*=\s*['\"]?none\b|"
                        r"\baudit_sys_operations\s*=\s*['\"]?false\b|"
                        r"\bdbms_audit_mgmt\s*\.\s*clean_audit_trail\b[^;]{0,400}?\buse_last_arch_timestamp\s*=>\s*false\b|"
                        r"\btruncate\s+table\s+(?:sys\s*\.\s*)?aud\$|"
                        r"\bdelete\s+from\s+(?:sys\s*\.\s*)?(?:aud\$|fga_log\$|unified_audit_trail)(?!\w)")
# Oracle's documented purge of archived audit records (`use_last_arch_timestamp` defaults to TRUE): held, not blocked
_AUDIT_CLEAN = re.compile(r"(?i)\bdbms_audit_mgmt\s*\.\s*clean_audit_trail\b")
# the tables and views that hold every account's password hash
_HASHES = re.compile(r"(?i)\bfrom\s+(?:sys\s*\.\s*)?(?:user\$|link\$)(?!\w)")
_DBA_USERS = re.compile(r"(?i)\bfrom\s+(?:sys\s*\.\s*)?dba_users\b")
_SELECT = re.compile(r"(?i)\bselect\b")
_PASSWORD_COLUMN = re.compile(r"(?i)\b(?:password|spare4)\b")


def _hashes_read(text: str) -> bool:
    """`FROM sys.user$`, or a `SELECT` of dba_users' password columns (read in the statement before each `FROM
    dba_users`, a bounded window: each place is looked at once)."""
    if _HASHES.search(text):
        return True
    for m in _DBA_USERS.finditer(text):
        head = text[max(0, m.start() - 600):m.start()].rsplit(";", 1)[-1]
        if (sel := _SELECT.search(head)) is not None and _PASSWORD_COLUMN.search(head, sel.end()):
            return True
    return False


def _bare(name: str) -> str:
    return name.strip('"').rstrip(";")


def oracle_sql(text: str) -> list[Finding]:
    """Statements an Oracle session runs that lose a schema or tablespace (review), make an administrator whose
    password this text chose, switch the audit trail off or read the password hashes (block). A `GRANT DBA` to an
    account created elsewhere is held; ordinary users, grants and queries pass."""
    out: list[Finding] = []
    if not re.search(r"(?i)drop|grant|audit|aud\$|fga_log|user\\?\$|link\\?\$|spare4|password|identified", text):
        return out
    text = text.replace("\\$", "$")  # (an unquoted here-document keeps `user\$` as written)
    # a statement run from a literal (`EXECUTE IMMEDIATE 'GRANT DBA TO x'`) is read as the statement it is
    code = _ORA_NOISE.sub(" ", text) + "\n" + "\n".join(m.group(1).replace("''", "'")
                                                      for m in _IMMEDIATE.finditer(text))
    if (m := _AUDIT_PARAM.search(text)) is not None:
        code += "\n" + m.group(0)
    if (m := _AUDIT_OFF.search(code)) is not None:
        out.append(("block", "anti-forensics", f"`{' '.join(m.group(0).split())}` switches off or empties the "
                                               "database's audit trail, the record of who did what in it; leave "
                                               "auditing to the security team"))
    if _hashes_read(text):
        out.append(("block", "secret-read", "the query reads the password hashes of the database's accounts "
                                            "(`sys.user$`, `dba_users` passwords): credentials in the agent's hands; "
                                            "look at accounts without their password columns"))
    elif _AUDIT_CLEAN.search(code) is not None:
        out.append(("review", "anti-forensics", "`DBMS_AUDIT_MGMT.CLEAN_AUDIT_TRAIL` purges audit records (those "
                                                "archived before the last archive timestamp); a person should "
                                                "confirm the audit housekeeping"))
    created = {_bare(m.group(1)).lower(): m.group(2) for m in _CREATE_USER.finditer(code)}
    if not created:  # (the password is a quoted literal, which _ORA_NOISE keeps only when double-quoted)
        created = {_bare(m.group(1)).lower(): m.group(2) for m in _CREATE_USER.finditer(text)}
    for m in _GRANT.finditer(code):
        if _ADMIN_ROLE.search(m.group(1)) is None:
            continue
        who = _bare(m.group(2)).lower()
        what = " ".join(m.group(1).split())
        pw = created.get(who)
        if pw is not None and not pw.lstrip('"').startswith(("&", ":", "$", "?")):
            out.append(("block", "privilege-escalation", f"the session creates {who} with a password written in the "
                                                         f"text and grants it {what}: a database administrator whose "
                                                         "password the agent knows; let a DBA create administrators"))
        elif who not in ("public",):
            out.append(("review", "privilege-escalation", f"`GRANT {what} TO {who}` makes {who} an administrator of "
                                                          "the database; a person should confirm it"))
        else:
            out.append(("block", "privilege-escalation", f"`GRANT {what} TO PUBLIC` makes every account of the "
                                                         "database its administrator"))
        break
    if (m := _ADMIN_PASSWORD.search(text)) is not None and not m.group(2).lstrip('"').startswith(("&", ":", "$", "?")):
        out.append(("block", "privilege-escalation", f"`ALTER USER {m.group(1)} IDENTIFIED BY …` sets the password of "
                                                     "the database's own administrator to one written in the text: a "
                                                     "login the agent knows; let a DBA change it"))
    for rx, what in ((_DROP_USER, "drops the schema {} with every table and row it owns"),
                     (_DROP_TABLESPACE, "drops the tablespace {} with its datafiles and every segment in them"),
                     (_DROP_PDB, "drops the pluggable database {} with its datafiles")):
        if (m := rx.search(code)) is not None:
            out.append(("review", "irreversible", what.format(_bare(m.group(1))) + ", with no undo short of a "
                                                  "restore; take an export (`expdp`) or a backup first and let the "
                                                  "user run it"))
            break
    return out


# -- RMAN ------------------------------------------------------------------------------------------------------------
# `DELETE [NOPROMPT|FORCE] BACKUP…|ARCHIVELOG…|OBSOLETE|COPY…|BACKUPSET…`: backup pieces and logs removed from disk and
# tape (`DELETE EXPIRED` only drops the records of pieces already gone, `CROSSCHECK`/`LIST`/`REPORT` read)
_RMAN_DELETE = re.compile(r"(?im)(?:^|[;{])[ \t]*delete\s+(?:(?:noprompt|force)\s+)*(backup\w*|archivelog|copy|"
                          r"datafilecopy|controlfilecopy|backuppiece)\b")
# `DELETE OBSOLETE` removes what the retention policy no longer needs (the nightly job's last step); with the policy
# cut down in the same session (`REDUNDANCY 1`, a window of a day) or given inline, it removes every older backup
_RMAN_OBSOLETE = re.compile(r"(?im)(?:^|[;{])[ \t]*delete\s+(?:(?:noprompt|force)\s+)*obsolete\b")
_RMAN_POLICY = re.compile(r"(?i)\bconfigure\s+retention\s+policy\s+to\s+(?:redundancy\s+1\b|recovery\s+window\s+of\s+"
                          r"[01]\s+days?\b|none\b)|\bobsolete\s+(?:redundancy\s+1\b|recovery\s+window\s+of\s+[01]\s+"
                          r"days?\b)")
# `… ARCHIVELOG ALL BACKED UP 2 TIMES TO DEVICE TYPE SBT`: only the logs already copied that often
_BACKED_UP = re.compile(r"(?i)(?<![ \t])[ \t]+(?:(?:all|until\s+time\s+'[^'\n]{0,80}'|from\s+\w+\s+\S+)[ \t]+)?"
                        r"backed\s+up\s+[1-9]\d*\s+times\b")
_RMAN_DROP = re.compile(r"(?im)^[ \t]*drop\s+database\b")


def rman(text: str) -> list[Finding]:
    if (m := _RMAN_DROP.search(text)) is not None:
        return [("review", "irreversible", "`DROP DATABASE` in RMAN deletes the database's datafiles, control files "
                                           "and logs; let the user run it")]
    m = _RMAN_DELETE.search(text)
    while m is not None and m.group(1).lower() == "archivelog" and _BACKED_UP.match(text, m.end()):
        m = _RMAN_DELETE.search(text, m.end())  # (removes only logs already on backup media: as DELETE OBSOLETE)
    if m is None and _RMAN_OBSOLETE.search(text) and _RMAN_POLICY.search(text):
        m = _RMAN_OBSOLETE.search(text)
    if m is not None:
        said = " ".join(m.group(0).strip(";{ \t\n").split()).upper()
        return [("review", "irreversible", f"RMAN's `{said}` removes backups or archived "
                                           "logs from disk and tape, with no undo: every restore point older than "
                                           "what is kept is gone; `LIST`/`REPORT OBSOLETE` first and let the user "
                                           "run it")]
    return []


# -- IBM MQ (MQSC) -----------------------------------------------------------------------------------------------------
_MQ_CLEAR = re.compile(r"(?i)\b(clear\s+qlocal|delete\s+q(?:local|model|alias|remote)|delete\s+qmgr|"
                       r"clear\s+topicstr)\s*\(\s*'?([^)'\s]*)")
_MQ_CHLAUTH_OFF = re.compile(r"(?i)\balter\s+qmgr\b[^\n]{0,300}?\b(chlauth\s*\(\s*disabled\s*\)|connauth\s*\(\s*'\s*'\s*\)|"
                             r"connauth\s*\(\s*\)|chckclnt\s*\(\s*none\s*\))")
_MQ_REFRESH_OFF = re.compile(r"(?i)\balter\s+authinfo\b[^\n]{0,300}?\bchckclnt\s*\(\s*(?:none|optional)\s*\)")
# a client channel whose connections all run as the queue manager's administrator (or root)
_MQ_MCAUSER = re.compile(r"(?i)\b(?:alter|define)\s+channel\b[^\n]{0,300}?\bmcauser\s*\(\s*'?(mqm|root|administrator|"
                         r"musr_mqadmin)'?\s*\)")
# the default rule that keeps administrators out of client channels replaced, or a channel mapped for every address
# to the user the client claims
_MQ_BLOCKUSER = re.compile(r"(?i)\bset\s+chlauth\s*\(\s*'?\*'?\s*\)[^\n]{0,300}?\btype\s*\(\s*blockuser\s*\)[^\n]{0,300}")
_MQ_USERLIST = re.compile(r"(?i)\buserlist\s*\(([^)]{0,300})\)")
_MQ_REMOVE = re.compile(r"(?i)\baction\s*\(\s*remove(?:all)?\s*\)")


def _blockuser_lifted(text: str):
    """`SET CHLAUTH('*') TYPE(BLOCKUSER)` whose user list leaves out `*MQADMIN`, or that removes the rule."""
    for m in _MQ_BLOCKUSER.finditer(text):
        users = _MQ_USERLIST.search(m.group(0))
        names = {u.strip(" '\"").lower() for u in users.group(1).split(",")} if users else set()
        if _MQ_REMOVE.search(m.group(0)) or users and "*mqadmin" not in names:
            return m
    return None


_MQ_ADDRESSMAP = re.compile(r"(?i)\bset\s+chlauth\b[^\n]{0,300}?\btype\s*\(\s*addressmap\s*\)[^\n]{0,300}?"
                            r"\baddress\s*\(\s*'?\*'?\s*\)[^\n]{0,300}?\busersrc\s*\(\s*channel\s*\)")


def mqsc(text: str) -> list[Finding]:
    """MQSC commands: the channel security switched off, a client channel run as `mqm`, the default block of
    administrators lifted, every address let in as the user it claims (block); a queue cleared or deleted, a queue
    manager deleted (review). `DISPLAY`, `DEFINE QLOCAL`, ordinary `SET CHLAUTH` rules pass."""
    out: list[Finding] = []
    if (m := _MQ_CHLAUTH_OFF.search(text) or _MQ_REFRESH_OFF.search(text)) is not None:
        out.append(("block", "permission-tamper", f"`{' '.join(m.group(0).split())[:80]}` switches off the queue "
                                                  "manager's channel authentication or password checks: any client "
                                                  "that reaches the listener gets in; change one rule the user names"))
    elif (m := _MQ_MCAUSER.search(text)) is not None:
        out.append(("block", "privilege-escalation", f"a channel given `MCAUSER('{m.group(1)}')`: every client that "
                                                     "connects through it acts as the queue manager's administrator; "
                                                     "run channels as a low-privileged user"))
    elif (m := _blockuser_lifted(text) or _MQ_ADDRESSMAP.search(text)) is not None:
        out.append(("block", "permission-tamper", f"`{' '.join(m.group(0).split())[:90]}` lifts the rule that keeps "
                                                  "administrators off client channels (or lets every address in as "
                                                  "the user it claims): the queue manager is open to remote "
                                                  "administration; keep the default CHLAUTH rules"))
    if (m := _MQ_CLEAR.search(text)) is not None:
        verb = " ".join(m.group(1).upper().split())
        out.append(("review", "irreversible", f"`{verb}({m.group(2)})` throws away the messages on it (persistent "
                                              "ones too), with no undo; browse or copy them first (`dmpmqmsg`) and "
                                              "let the user run it"))
    return out


# -- LDIF: a directory server's own configuration ------------------------------------------------------------------
# an `olcAccess` (or `access to`) rule giving write or manage to everyone, anonymous or every authenticated user
_OLC_OPEN = re.compile(r"(?i)\bby\s+(?:\*|anonymous|users)\s+(?:write|manage|\+[wxm]+|=[wxm]+)")


def ldif_config(changes: list[tuple[str, str, str, str]]) -> Finding | None:
    """Changes to a directory's access rules or account flags (from idp.ldif_changes: dn, op, attr, value)."""
    for dn, op, attr, value in changes:
        if attr == "olcaccess" and _OLC_OPEN.search(value):
            return ("block", "permission-tamper", f"`olcAccess: {value.strip()[:60]}` lets everyone (or anyone "
                                                  "signed in) write the directory: passwords, groups and keys of "
                                                  "every account; grant write to the administrators' group only")
        if attr == "dsheuristics" and len(value.strip()) >= 7 and value.strip()[6] == "2":
            return ("block", "permission-tamper", "`dSHeuristics` with 2 in its seventh place lets anonymous binds "
                                                  "read and search Active Directory; leave it unset")
        if attr == "useraccountcontrol" and value.strip().isdigit():
            flags = int(value.strip())
            for bit, what in ((0x400000, "no Kerberos pre-authentication (its hash can be asked for by anyone: "
                                         "AS-REP roasting)"),
                              (0x80000, "unconstrained delegation (it keeps the tickets of everyone who signs in "
                                        "to it)"),
                              (0x20, "no password required")):
                if flags & bit and not (bit == 0x80000 and flags & 0x2000):  # (every DC's own account)
                    return ("block", "permission-tamper", f"`userAccountControl: {flags}` gives "
                                                          f"{dn.split(',')[0]} {what}; set the flags the account "
                                                          "needs and nothing more")
        if attr == "olcrootpw" or (attr == "olcsecurity" and re.search(r"(?i)\b(?:ssf|tls)\s*=\s*0\b", value)):
            return ("review", "permission-tamper", f"`{attr}` changes how the directory's administrator signs in; a "
                                                   "person should confirm it")
    return None


# -- Java application servers ----------------------------------------------------------------------------------------
# a JSP that runs what a request names: a web shell
_JSP_EXEC = re.compile(r"Runtime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(|new\s+ProcessBuilder\s*\(|"
                       r"ScriptEngineManager\s*\(")
_JSP_REQUEST = re.compile(r"request\s*\.\s*get(?:Parameter|Header|InputStream|Reader)\s*\(")


def jsp_shell(text: str) -> bool:
    """A JSP page whose code runs a program with what the request carries: a request read inside the call's
    arguments, or a variable assigned from one (`String c = request.getParameter("c"); … exec(c)`)."""
    if "<%" not in text and "jsp:scriptlet" not in text or _JSP_REQUEST.search(text) is None:
        return False
    for m in _JSP_EXEC.finditer(text):
        args = text[m.end():m.end() + 300].split(";", 1)[0]
        if _JSP_REQUEST.search(args) or any(re.search(r"\b" + re.escape(name) + r"\s*=\s*request\s*\.", text)
                                            for name in set(_IDENT.findall(args)) - _JAVA_WORDS):
            return True
    return False


_IDENT = re.compile(r"\b[A-Za-z_]\w{0,60}")
_JAVA_WORDS = frozenset({"new", "String", "request", "getParameter", "getHeader", "split", "trim", "toString"})


# an administrator of the server's management consoles, written into a users file
_ADMIN_ROLES = re.compile(r"(?i)\broles\s*=\s*\"[^\"]*\b(?:manager-gui|manager-script|manager-jmx|admin-gui|"
                          r"admin-script|manager)\b")
_USER_PASSWORD = re.compile(r"(?i)<user\b[^>]{0,300}?\bpassword\s*=\s*\"([^\"$]+)\"")


def tomcat_admin(text: str) -> str | None:
    """A `<user … password="literal" roles="manager-gui…">` line: an administrator of the Tomcat manager whose
    password the text chose."""
    for m in _USER_PASSWORD.finditer(text):
        line = text[max(0, text.rfind("<user", 0, m.end())):m.end() + 200]
        end = line.find(">")
        if _ADMIN_ROLES.search(line[:end + 1] if end >= 0 else line):
            return m.group(0)[:60]
    return None


_VALVE = re.compile(r"RemoteAddrValve|RemoteCIDRValve|RemoteHostValve")
# a valve's allow list opened to every address
_ALLOW_ALL = re.compile(r"""(?i)\ballow\s*=\s*["']\^?(?:\.\*|\.\+|\*|\d+\.\d+\.\d+\.\d+/0)\$?["']""")
# a signature check switched off, as SAML settings spell it (Shibboleth's `signing="false"`, passport-saml's and
# node-saml's options)
SAML_OFF = re.compile(r"(?i)\b(?:signing|wantAssertionsSigned|wantAuthnResponseSigned|validateSignature|"
                      r"requireSignedAssertions|wantAssertionSigned|signatureRequired)[\"']?\]?\s*[:=]\s*[\"']?false\b")
_CODE_EDIT = re.compile(r"""\.replace\(\s*r?(["'])([^\n]{0,400}?)\1\s*,\s*r?(["'])([^\n]{0,400}?)\3|"""
                        r"""\bsub\(\s*r?(["'])([^\n]{0,400}?)\5\s*,\s*r?(["'])([^\n]{0,400}?)\7""")


def valve_edit_opens(old: str, new: str) -> bool:
    """An edit of a context file replacing `old` by `new` that removes (or comments out) the valve keeping the
    manager to this machine, or opens its allow list to every address."""
    return bool(_VALVE.search(old)) and (not _VALVE.search(new) or "<!--" in new) or bool(_ALLOW_ALL.search(new))


def valve_dropped_by_code(text: str) -> bool:
    """A script's `.replace(OLD, NEW)` or `re.sub(OLD, NEW, …)` that removes the valve or opens it (adding a subnet to
    its allow list keeps it)."""
    for m in _CODE_EDIT.finditer(text):
        old, new = (m.group(2), m.group(4)) if m.group(1) else (m.group(6), m.group(8))
        if valve_edit_opens(old, new):
            return True
    return False


def valve_removed(text: str) -> bool:
    """A `sed '/RemoteAddrValve/d'` or a substitution removing the valve that keeps the manager app local."""
    return _VALVE.search(text) is not None


# -- what a whole script holds, read once per input (the hooks run at every call of a long script) -------------------
_IPV4 = re.compile(r"""["'`](\d{1,3}(?:\.\d{1,3}){3})["'`]""")


@lru_cache(maxsize=8)
def bare_ips(text: str) -> tuple[str, ...]:
    """The quoted IPv4 addresses a script names."""
    return tuple(_IPV4.findall(text))


@lru_cache(maxsize=8)
def script_sql_block(text: str) -> Finding | None:
    """The first blocking finding of oracle_sql over a whole script, each quoted statement read as a line: the user an
    earlier statement created with a password (`CREATE USER x IDENTIFIED BY "…"`) and granted DBA later."""
    return next((f for f in oracle_sql(text.replace("'", "\n")) if f[0] == "block"), None)


@lru_cache(maxsize=8)
def written_finding(text: str) -> tuple[str, str] | None:
    """(rule, what) for a script that writes a JSP web shell or a Tomcat manager user with a literal password."""
    if "<%" in text and jsp_shell(text):
        return "persistence", "a JSP page that runs the commands a request carries: a web shell"
    if "tomcat-users" in text and (m := tomcat_admin(text)):
        return "privilege-escalation", f"`{m}` into Tomcat's users file: an administrator of the manager"
    return None
