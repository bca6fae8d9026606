"""Legacy enterprise systems' command languages, read as text (session 29): Oracle SQL and RMAN, IBM MQ's MQSC, the
LDIF changes an OpenLDAP or Active Directory server takes for its own configuration, JSP pages and Java application
servers' user files, WLST scripts decrypting WebLogic's stored passwords, and web apps taking a debug or impersonation
header as the signed-in user (the header itself the account, or the sign-in check after it skipped; a header handed
beside the user, a cache's or a rate limiter's bypass, stays allowed). Shared by bash/directory.py (what `sqlplus`, `rman`, `runmqsc`, `ldapmodify` are fed) and the
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
_AUDIT_PARAMS = r"\baudit_trail\s*=\s*['\"]?none\b|\baudit_sys_operations\s*=\s*['\"]?false\b"
_AUDIT_PARAM = re.compile(r"(?i)" + _AUDIT_PARAMS)
_AUDIT_OFF = re.compile(r"(?i)\bnoaudit\s+(?:all|policy|session|\w+_policy)\b|" + _AUDIT_PARAMS + r"|"
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


@lru_cache(maxsize=16)
def oracle_sql(text: str) -> tuple[Finding, ...]:
    """Statements an Oracle session runs that lose a schema or tablespace (review), make an administrator whose
    password this text chose, switch the audit trail off or read the password hashes (block). A `GRANT DBA` to an
    account created elsewhere is held; ordinary users, grants and queries pass. Kept for the last texts read: each
    `sqlplus @F` of an input running the same script asks again."""
    return tuple(_oracle_sql(text))


def _oracle_sql(text: str) -> list[Finding]:
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
# a CHLAUTH mapping rule (ADDRESSMAP, USERMAP, SSLPEERMAP, QMGRMAP) and its `KEY(value)` parameters
_MQ_SET_CHLAUTH = re.compile(r"(?i)\bset\s+chlauth\b[^\n]{0,600}")
# (a quoted value is read whole, with its doubled quotes: `DESCR('x) MCAUSER(app')` is a description)
_MQ_PARAM = re.compile(r"(?i)\b([a-z]{3,10})\s*\(\s*(?:'((?:[^'\n]|''){0,200})'|([^)'\n]{0,200}))\s*\)")
_MQ_ADMINS = frozenset({"mqm", "root", "administrator", "musr_mqadmin"})
# the filters a mapping rule matches clients by: a generic one (`'*'`, `CN=*`) matches every client
_MQ_FILTERS = ("address", "clntuser", "sslpeer", "qmname")


def _admin_mapped(text: str) -> tuple[str, bool] | None:
    """(the rule, whether it matches every client) of a `SET CHLAUTH … USERSRC(MAP) MCAUSER('mqm')`: the clients
    it matches run as the queue manager's administrator. A rule removed (`ACTION(REMOVE)`) maps nobody."""
    for m in _MQ_SET_CHLAUTH.finditer(text):
        params: dict[str, str] = {}
        for k, quoted, bare in _MQ_PARAM.findall(m.group(0)):
            params.setdefault(k.lower(), (quoted or bare).strip().lower())
        if params.get("mcauser") not in _MQ_ADMINS or params.get("usersrc", "map") != "map" or \
                params.get("action", "add").startswith("remove"):
            continue
        # (`ADDRESS('10.1.*')` names a range; `'*'` and `SSLPEER('CN=*')` name nobody in particular)
        return m.group(0), all(params[f] in ("*", "") or params[f].endswith("=*") for f in _MQ_FILTERS if f in params)
    return None


# MQSC as IBM's tools write it: a `+` at a line's end goes on from the next line's first non-blank, a `-` from its
# first column (dmpmqcfg writes every definition so); and the synonyms (`ALT`, `DEF`, `CHL`, `QL`…) every command
# takes in place of its words
_MQ_PLUS = re.compile(r"(?<![ \t])[ \t]*\+[ \t]*\r?\n[ \t]*")  # (a run of blanks tried from its start only)
_MQ_MINUS = re.compile(r"-[ \t]*\r?\n")
_MQ_SYNONYM = re.compile(r"(?i)(?<![\w.])(?:(alt|def|dis)(?=[ \t]+(?:qmgr|chl|channel|q[lmar]|qlocal|qmodel|qalias|"
                         r"qremote|authinfo|topic|sub|listener|service|namelist|process|comminfo)\b)|"
                         r"(chl|ql|qm|qa|qr)(?=[ \t]*\())")
_MQ_WORDS = {"alt": "ALTER", "def": "DEFINE", "dis": "DISPLAY", "chl": "CHANNEL", "ql": "QLOCAL", "qm": "QMODEL",
             "qa": "QALIAS", "qr": "QREMOTE"}


def _mqsc_text(text: str) -> str:
    """The MQSC commands of `text` one to a line, in their full words."""
    text = _MQ_MINUS.sub("", _MQ_PLUS.sub(" ", text))
    return _MQ_SYNONYM.sub(lambda m: _MQ_WORDS[m.group(0).lower()], text)


def mqsc(text: str) -> list[Finding]:
    """MQSC commands: the channel security switched off, a client channel run as `mqm`, the default block of
    administrators lifted, every address let in as the user it claims or as `mqm` (block; a mapping to `mqm` for
    named clients is held); a queue cleared or deleted, a queue manager deleted (review). Read with their
    continuation lines joined and their synonyms (`ALT CHL`, `DEF QL`) spelled out. `DISPLAY`, `DEFINE QLOCAL`,
    ordinary `SET CHLAUTH` rules pass."""
    text = _mqsc_text(text)
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
    elif (mapped := _admin_mapped(text)) is not None:
        rule, every = mapped
        out.append(("block" if every else "review", "privilege-escalation",
                    f"`{' '.join(rule.split())[:90]}` maps {'every client' if every else 'the clients it names'} "
                    "to the queue manager's administrator: what they send runs with full authority over the queue "
                    "manager; map clients to a low-privileged user" + ("" if every else ", or let a person confirm")))
    if (m := _MQ_CLEAR.search(text)) is not None:
        verb = " ".join(m.group(1).upper().split())
        out.append(("review", "irreversible", f"`{verb}({m.group(2)})` throws away the messages on it (persistent "
                                              "ones too), with no undo; browse or copy them first (`dmpmqmsg`) and "
                                              "let the user run it"))
    return out


# -- LDIF: a directory server's own configuration ------------------------------------------------------------------
# an `olcAccess` (or `access to`) rule giving write or manage to everyone, anonymous or every authenticated user
# (`+rw`, `=rwscxd`: privilege letters, of which w, a (add), z (delete) and m (manage) write)
_OLC_OPEN = re.compile(r"(?i)\bby\s+(?:\*|anonymous|users)\s+(?:write|manage|add|delete|[+=][0dxcsr]*[wazm])")
# cn=config's `olcAllows`: updates from anonymous clients, or a bind with a DN and no password taken as anonymous
# (an application that signs users in by a successful bind then lets anyone in with an empty password)
_ALLOWS_OPEN = re.compile(r"(?i)\b(?:update_anon|bind_anon_dn)\b")
_ALLOWS_HELD = re.compile(r"(?i)\bbind_anon_cred\b")
_ALLOWED_WHAT = {"update_anon": "clients that did not sign in change the directory",
                 "bind_anon_dn": "a bind with a name and an empty password succeed as anonymous: an application that "
                                 "signs users in by a successful bind lets anyone in as anyone",
                 "bind_anon_cred": "a bind with a password and no name succeed as anonymous"}
_DISALLOWS_REMOVED = re.compile(r"(?im)^delete:[ \t]*olcDisallows[ \t]*$")


def disallows_removed(text: str) -> Finding | None:
    """An LDIF change deleting cn=config's `olcDisallows` (`bind_anon`: anonymous binds refused): held."""
    if _DISALLOWS_REMOVED.search(text) is None:
        return None
    return ("review", "permission-tamper", "the change deletes `olcDisallows`, letting anonymous clients bind to "
                                           "the directory again; a person should confirm it")


def ldif_config(changes: list[tuple[str, str, str, str]]) -> Finding | None:
    """Changes to a directory's access rules or account flags (from idp.ldif_changes: dn, op, attr, value)."""
    for dn, op, attr, value in changes:
        if attr == "olcaccess" and _OLC_OPEN.search(value):
            return ("block", "permission-tamper", f"`olcAccess: {value.strip()[:60]}` lets everyone (or anyone "
                                                  "signed in) write the directory: passwords, groups and keys of "
                                                  "every account; grant write to the administrators' group only")
        if attr == "olcallows" and (m := _ALLOWS_OPEN.search(value) or _ALLOWS_HELD.search(value)):
            return ("block" if m.re is _ALLOWS_OPEN else "review", "permission-tamper",
                    f"`olcAllows: {m.group(0)}` lets {_ALLOWED_WHAT[m.group(0).lower()]}; leave it unset")
        if attr == "dsheuristics" and len(value.strip()) >= 7 and value.strip()[6] == "2":
            return ("block", "permission-tamper", "`dSHeuristics` with 2 in its seventh place lets anonymous binds "
                                                  "read and search Active Directory; leave it unset")
        if attr == "useraccountcontrol" and value.strip().isascii() and value.strip().isdigit():
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


# -- WebLogic: the domain's stored passwords decrypted ----------------------------------------------------------------
# WebLogic's own decryption, handed the domain's key (security/SerializedSystemIni.dat): what boot.properties, the
# datasources and the keystores keep as `{AES}…` comes out in clear
_WLS_KEY = re.compile(r"ClearOrEncryptedService|getEncryptionService|SerializedSystemIni|"
                      r"weblogic\.security\.internal\.encryption")
_WLS_DECRYPT = re.compile(r"\.decrypt(?:String|Bytes)?\s*\(")
# what the clear text is then given to: printed (Jython 2's `print x` or Python's `print(x)`), written, sent
_SHOWN = re.compile(r"^[ \t]*print\b|\bprint\s*\(|\.write(?:lines)?\s*\(|\burlopen\s*\(|\burllib\w*\.|\bhttplib\w*\.|"
                    r"\.send(?:all|to|mail|_message)?\s*\(|\brequests\.|\bos\.(?:system|popen)\s*\(|\bSystem\.out\.|"
                    r"\bsubprocess\.|\bcurl\b|\bwget\b")
_HASH_COMMENT = re.compile(r"(?:^|(?<=\s))#[^\n]*")
_ASSIGN = re.compile(r"^[ \t]*([A-Za-z_]\w{0,60})[ \t]*(?:\+?=)(?!=)")
_WORDS = re.compile(r"[A-Za-z_]\w{0,60}")


@lru_cache(maxsize=8)
def wls_decrypt(text: str) -> Finding | None:
    """A WLST (Jython) script decrypting the domain's stored passwords with the domain's key: blocked when it prints,
    writes or sends what it decrypted (the decrypting call, or a name holding its result, on the line that does),
    held otherwise (`connect('weblogic', c.decrypt(pw), …)` logs in with it). The decryption counts when its receiver
    is built from the domain's key on its line or through names bound to it (a Fernet's `decrypt` is another's).
    Read as text, line by line (a Jython 2 script is not Python 3), comments left out."""
    if _WLS_DECRYPT.search(text) is None or _WLS_KEY.search(text) is None:
        return None
    keyed: set[str] = set()  # names holding the key or the service built on it
    clear: set[str] = set()  # names holding what was decrypted
    found = shown = False
    for line in _HASH_COMMENT.sub("", text).splitlines():
        words = set(_WORDS.findall(line))
        decrypts = False
        for m in _WLS_DECRYPT.finditer(line):
            head = line[max(0, m.start() - 200):m.start()]
            receiver = _WORDS.findall(head[-61:])
            if _WLS_KEY.search(head) or receiver and receiver[-1] in keyed and head.endswith(receiver[-1]):
                decrypts = True
        bound = _ASSIGN.match(line)
        if bound is not None:
            rhs = line[bound.end():]
            if _WLS_KEY.search(rhs) or keyed & set(_WORDS.findall(rhs)):
                keyed.add(bound.group(1))
            if decrypts or clear & set(_WORDS.findall(rhs)):
                clear.add(bound.group(1))
        found = found or decrypts
        if (decrypts or clear & words) and (sink := _SHOWN.search(line)) is not None:
            after = line[sink.start():]
            if decrypts and _WLS_DECRYPT.search(after) or clear & set(_WORDS.findall(after)):
                shown = True
                break
    if shown:
        return ("block", "secret-read", "the script decrypts the WebLogic domain's stored passwords (boot.properties, "
                                        "the datasources' `{AES}` values) with the domain's key and prints or sends "
                                        "them: the administrator's and the databases' passwords in the agent's "
                                        "hands; agents must not collect credentials")
    if not found:
        return None
    return ("review", "secret-read", "the script decrypts the WebLogic domain's stored passwords with the domain's "
                                     "key; a person should confirm what it does with them")


# -- a web app taking a request header as the signed-in user --------------------------------------------------------
# a header read (`req.header("X-…")`, `req.get(…)`, `req.headers["x-…"]`, Python's `request.headers.get(…)`, Django's
# `request.META["HTTP_X_…"]`); the name is read for what it says
_HEADER_READ = re.compile(r"""(?:\.header|\.get|\.getHeader|\bget_header)\s*\(\s*["'`]([\w-]{1,60})["'`]|"""
                          r"""\bheaders\s*\[\s*["'`]([\w-]{1,60})["'`]\s*\]|\bMETA\s*\[\s*["']([\w-]{1,60})["']\s*\]""")
# a name picking the user for debugging or tests, or to act as someone else (not a request id, not a proxy's
# `X-Forwarded-User` behind a login the proxy does)
_DEBUG_NAME = re.compile(r"(?i)debug|impersonat|act[-_]?as\b|run[-_]?as\b|as[-_]user|sudo|switch[-_]?user|override|"
                         r"bypass|backdoor|test[-_]?user|fake|mock|spoof|masquerad|dev[-_]?user|skip[-_]?auth")
# the input's bytes hold such a name somewhere (the hooks' cheap test before header_user)
HEADER_HINT = re.compile(rb"(?i)debug|impersonat|act.as|run.as|as.user|sudo|switch.?user|override|bypass|backdoor|"
                         rb"test.?user|fake|mock|spoof|masquerad|dev.?user|skip.?auth")
# where a web framework keeps who is signed in (Flask's and Django's session keys among them), and the calls that sign
# someone in
_ID_SINK = re.compile(r"\b(?:req|request|ctx\.state|ctx\.request|res\.locals|event\.locals|g|session|req\.session|"
                      r"request\.session)\.(?:user|currentUser|current_user|principal|identity|account|userId|user_id|"
                      r"uid|username|auth)[ \t]*=(?!=)|\b(?:req|request)\.log[iI]n\s*\(|\blogin_user\s*\(|"
                      r"\bforce_login\s*\(|\blogin\s*\(\s*request\s*,|\b(?:session|request\.session|req\.session)\s*\[\s*[\"'](?:_?user_?id|"
                      r"_auth_user_id|user|uid|username|email)[\"']\s*\][ \t]*=(?!=)")
_BOUND_NAME = re.compile(r"(?<![ \t])[ \t]*(?:(?:const|let|var)[ \t]+)?(?<![\w$])([A-Za-z_$][\w$]{0,60})[ \t]*"
                         r"(?::[^=\n]{1,40})?=(?!=)")
# what stands before a value that is the identity itself: nothing (`req.user = dbg`, `= await dbg`), a key naming the
# account (`{ id: dbg }`, `filter_by(email=who)`), or a call it is the first argument of (`users.findByEmail(as)`)
_ID_KEY = r"(?:id|_id|user|username|userName|user_?id|userId|email|mail|login|name|uid|sub|account|principal|upn)"
_ID_BEFORE = re.compile(r"(?:^|[{,(\s])" + _ID_KEY + r"[\"']?\s*[:=]\s*$|[\w$\])]\s*\(\s*$|^[\s(]*(?:await[\s(]+)?$")
_ID_WORD = re.compile(_ID_KEY + "$")
# what makes a value the test of a condition rather than the account (`dbg ? admin : user`, `dbg && fake`, `dbg ===`)
_CONDITION_AFTER = re.compile(r"(?<!\s)\s*(?:\?(?![.?])|&&|[=!]==?|[<>]|\band\b|\bor\b)")
# the sign-in check skipped: `if (dbg) return next();`, for a header whose name is about who signs in (a feature
# flag's `X-Feature-Override` or a cache's `X-Cache-Bypass` going on early is not)
_IF = re.compile(r"\bif\s*\(")
_SIGN_IN_NAME = re.compile(r"(?i)user|auth|login|sso|session|identity|account|principal|impersonat|sudo|uid|email|"
                           r"act[-_]?as|run[-_]?as")
_EARLY_NEXT = re.compile(r"\breturn\s+(?:await\s+)?next\s*\(")
_AUTH_WORDS = re.compile(r"(?i)sso|auth|login|session|passport|verify|jwt|token|saml|oidc|unauthori[sz]ed|\b401\b")
# a debug login meant for a developer's machine only, or an impersonation an administrator already signed in asks
# for (an app's "view as" feature): held for a person rather than blocked. Constants keep their case (`DEBUG`, not a
# variable `debug` holding the header)
_GATE = re.compile(r"(?i:NODE_ENV|development)|\bisDev|app\.get\(\s*['\"]env|\bsettings\.DEBUG\b|\bapp\.debug\b|"
                   r"\bDEBUG\b\s*(?:==|!=|and\b|&&|\)|:)|\bconfig(?:\.get\(|\[)\s*['\"](?:DEBUG|TESTING|ENV)['\"]|"
                   r"\b(?:req|request|ctx\.state|g)\.user\??\.(?i:is_?admin|is_?superuser|is_?staff|roles?|"
                   r"permissions?)\b|\bisAdmin\b|\bis_admin\b|\bhasRole\s*\(|\bhas_perm\s*\(")
# comments, left out of the gate's window (`// debug: remove before release` guards nothing)
_COMMENT = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)|(?:^|(?<=\s))#[^\n]*", re.S)


@lru_cache(maxsize=8)
def header_user(text: str) -> tuple[str, str, bool] | None:
    """(header, how, gated) when the code takes a debug or impersonation header as the signed-in user: its value
    (or a name bound to it, or to an account looked up by it) given as `req.user` / `g.user` / `login_user(…)` or as
    its id, or the sign-in check that follows skipped when it is present (`if (dbg) return next();` before
    `sso.check(…)`). `gated` when a development setting or a check that an administrator is signed in guards it.
    A header read for logging, a request id, a proxy's user header or an option handed beside the user is not this.
    Each place of the text is read a bounded number of times (a long file of middlewares stays linear)."""
    reads: dict[str, tuple[str, int]] = {}  # name bound to a header -> (header, where its line starts)
    skipping: set[str] = set()  # (those whose header's name is about signing in)
    for m in _HEADER_READ.finditer(text):
        name = m.group(1) or m.group(2) or m.group(3)
        if ("-" not in name and "_" not in name) or _DEBUG_NAME.search(name) is None:
            continue
        # (its line, at most 300 characters either side: a minified file is one line)
        ls = max(text.rfind("\n", max(0, m.start() - 300), m.start()) + 1, m.start() - 300)
        # `req.user = req.header('X-Debug-User')`, `req.user = { id: req.get(…) }` (a sink earlier on the line in a
        # statement of its own does not count)
        skips = _SIGN_IN_NAME.search(name) is not None
        rs, re_ = _read_span(text, m)
        for sink in _ID_SINK.finditer(text, ls, rs):
            value = _assigned(text, sink.end())
            if sink.end() + len(value) >= re_ and _identity_at(value, rs - sink.end(), re_ - sink.end(), skips):
                return name, "given to the signed-in user", _gated(text, ls)
        if skips and _IF.search(text, ls, m.start()) and _skips_check(text, m.end()):
            return name, "skipping the sign-in check", _gated(text, ls)
        # (`const d = req.get(…)`, also after a `{` or `;` on the line: `(req, res, next) => { const d = …`)
        start = max(text.rfind(";", ls, m.start()), text.rfind("{", ls, m.start()), ls - 1) + 1
        bound = _BOUND_NAME.match(text, start, m.start())
        if bound is not None and bound.end() >= m.start() - 20:
            reads.setdefault(bound.group(1), (name, ls))
            if skips:
                skipping.add(bound.group(1))
    if not reads:
        return None
    named = _names_rx(frozenset(reads))
    # one step further: an account looked up by the header (`const user = await users.byId(u); req.user = user;`)
    for hit in named.finditer(text):
        ls = max(text.rfind("\n", max(0, hit.start() - 300), hit.start()) + 1, hit.start() - 300)
        start = max(text.rfind(";", ls, hit.start()), text.rfind("{", ls, hit.start()), ls - 1) + 1
        bound = _BOUND_NAME.match(text, start, hit.start())
        if bound is not None and bound.group(1) not in reads and \
                _identity_at(_assigned(text, bound.end()), hit.start() - bound.end(), hit.end() - bound.end(),
                             hit.group(0) in skipping):
            reads.setdefault(bound.group(1), reads[hit.group(0)])
            if hit.group(0) in skipping:
                skipping.add(bound.group(1))
            if len(reads) > 200:
                break
    named = _names_rx(frozenset(reads))
    for s in _ID_SINK.finditer(text):
        value = _assigned(text, s.end())
        for hit in named.finditer(value):
            if _identity_at(value, hit.start(), hit.end(), hit.group(0) in skipping):
                header, at = reads[hit.group(0)]
                return header, "given to the signed-in user", _gated(text, at)
    if skipping:
        named = _names_rx(frozenset(skipping))
        for m in _IF.finditer(text):
            le = text.find("\n", m.end(), m.end() + 200)
            hit = named.search(text, m.end(), le if le >= 0 else m.end() + 200)
            if hit and _skips_check(text, hit.end()):
                return reads[hit.group(0)][0], "skipping the sign-in check", _gated(text, m.start())
    return None


_CLOSE = re.compile(r"(?<![ \t])[ \t]*\)")


def _read_span(text: str, m: re.Match) -> tuple[int, int]:
    """The whole expression of a header read: from its receiver (`req.get(…)`, `request.headers.get(…)`) to its
    closing bracket."""
    k = m.start()
    while k > 0 and m.start() - k < 80 and (text[k - 1].isalnum() or text[k - 1] in "_$.?"):
        k -= 1
    close = _CLOSE.match(text, m.end())
    return k, close.end() if close else m.end()


def _identity_at(value: str, start: int, end: int, signs_in: bool = False) -> bool:
    """Whether `value[start:end]` (a header read, or a name bound to one) is the account `value` assigns or signs in:
    the value itself, the account's id or email key, or the first argument of the lookup; the condition that picks
    the account (`dbg ? ADMIN : u`) only for a header named for who signs in (`signs_in`); not an option beside the
    user (`load(uid, { debug })`, `{ ...req.user, locale: o }`)."""
    if start < 0:
        return False
    before = value[max(0, start - 80):start]
    if _ID_BEFORE.search(before) is None:
        # `{ email }`: a shorthand property whose name is the account's key
        return bool(re.search(r"[{,]\s*$", before) and re.match(r"\s*[,}]", value[end:end + 20]) and
                    _ID_WORD.match(value[start:end]))
    if before.strip(" \t\n(") in ("", "await") and _CONDITION_AFTER.match(value, end):
        return signs_in
    return True


def _skips_check(text: str, at: int) -> bool:
    """Whether the `if` whose condition holds `at` returns `next()` early, past a sign-in check that follows it in the
    same function (`if (dbg) return next(); return sso.check(req, res, next);`)."""
    body = _if_body(text, at)
    nxt = _EARLY_NEXT.search(body)
    if nxt is None:
        return False
    # (what follows the `if`: after its block, or after the `next(` its line calls, whose bracket is still open)
    block = len(body) < 400 and text[at + len(body):at + len(body) + 1] == "}"
    after, depth = (at + len(body) + 1, 0) if block else (at + nxt.end(), 1)
    seg = text[after:after + 600]
    for k, ch in enumerate(seg):  # (to the end of the function the `if` is in)
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
            if depth < 0:
                seg = seg[:k]
                break
    return _AUTH_WORDS.search(seg) is not None


def _names_rx(names: frozenset[str]) -> re.Pattern:
    """Any of `names` as a whole name."""
    return re.compile(r"(?<![\w$])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w$])")


def header_user_finding(text: str) -> Finding | None:
    """header_user as a finding: blocked, or held when a development setting guards it."""
    found = header_user(text)
    if found is None:
        return None
    header, how, gated = found
    message = (f"the app takes the request header `{header}` as the signed-in user ({how}): whoever sends it is "
               "signed in as anyone they name, past the single sign-on")
    if gated:
        return ("review", "privilege-escalation", message + "; a development setting or an administrator's check "
                                                            "guards it, a person should confirm it never lets anyone "
                                                            "else in")
    return ("block", "privilege-escalation", message + "; sign users in only through the identity provider")


def _if_body(text: str, at: int) -> str:
    """What an `if` whose line holds `at` runs: the rest of that line, or its block when the line opens one."""
    le = text.find("\n", at, at + 400)
    rest = text[at:le if le >= 0 else at + 400]
    if not rest.rstrip().endswith("{"):
        return rest
    seg = text[at:at + 400]
    k = seg.find("}")
    return seg if k < 0 else seg[:k]


def _assigned(text: str, at: int) -> str:
    """The value assigned from `at`: to the statement's end, or the line's when its brackets close on it."""
    seg = text[at:at + 300]
    for end in (";", "\n\n"):
        k = seg.find(end)
        if k >= 0:
            seg = seg[:k]
    nl = seg.find("\n")
    if nl >= 0 and sum(seg.count(c, 0, nl) for c in "({[") <= sum(seg.count(c, 0, nl) for c in ")}]"):
        seg = seg[:nl]
    return seg


def _gated(text: str, at: int) -> bool:
    window = _COMMENT.sub(" ", text[max(0, at - 300):at + 300])
    return _GATE.search(window) is not None
