"""Legacy enterprise systems from the shell (session 29): directories (OpenLDAP's slapcat and cn=config, Active
Directory from Linux: samba-tool, the impacket tools), Oracle's sqlplus and RMAN, IBM MQ (runmqsc, dltmqm, the sample
browsers), Java application servers (Tomcat's manager and users file, WildFly's add-user and CLI, WebSphere's
wsadmin, JSP pages) and the login settings of sssd and Shibboleth. The texts are read by directory_tables.py;
bash/identity.py keeps the LDAP clients' other rules (secret attributes asked for, keys planted, admin groups).

Blocked:
- the directory's or the domain's secrets taken: `impacket-secretsdump` (DCSync), `GetUserSPNs -request` /
  `GetNPUsers` (Kerberos hashes to crack; by their names, their paths or run by the interpreter), NetExec's
  (CrackMapExec's) `--ntds`/`--sam`/`--lsa` and credential modules, `slapcat` (every entry with its password hash) or
  an MQ queue's messages (`amqsbcg`, `amqsget`, `dmpmqmsg`) piped, or written to a file (`-l`, `-f`, `>`), and sent
  to an outsider's host; a WLST script decrypting the WebLogic domain's stored passwords and printing them;
- access opened: an `olcAccess` rule giving everyone write, `dSHeuristics` allowing anonymous reads, account flags
  that skip pre-authentication or passwords (`userAccountControl`), cn=config's `olcAllows: update_anon` or
  `bind_anon_dn`, a channel run as `mqm` or every client mapped to it, CHLAUTH or CONNAUTH switched off (MQSC read
  with its `+`/`-` continuation lines joined and its synonyms, `ALT CHL`, spelled out), WebSphere's global or
  application security disabled (Jython, Jacl, the wizard, `securityoff`, `AdminConfig.modify` of the Security
  object or a name bound to it; another object's `enabled`, single sign-on's, is not it), WildFly's management
  interface bound to every address or its login undefined (with `--command`, fed, or in a `--file` this input wrote),
  the domain's password policy weakened (`--complexity=off`, `--store-plaintext=on`, a minimum under 7);
  sssd's `access_provider = permit` or GPO access control disabled, Shibboleth's signature checks removed; Tomcat's
  manager given a user with a password written on the line, or its RemoteAddrValve removed;
- an administrator made with a password the agent wrote: `samba-tool user create U 'literal'` (or `net rpc user
  add`) then added to Domain Admins, an administrator's password set to a literal (`samba-tool user setpassword
  Administrator`, `net rpc user password`, `net rpc|ads password`; the administrator by name, by the conventions of
  a second account, `adm-jdoe`, `jdoe_admin`, or added to an administrator group by this input: `bradm` or
  `sysadmin` is an ordinary user's name), `add-user.sh -p 'literal'` (or `add-user.sh USER 'literal'`) in the
  management realm, an Oracle user created `IDENTIFIED BY` a literal and granted DBA;
- code planted in the server: a JSP that runs what a request carries (a web shell), a WAR fetched from a bare
  address or a drop service into a deployments folder (`-o`, `wget -P`, `curl --output-dir -O`, `> webapps/x.war`,
  `cd webapps && curl -O`, or fetched and then moved, copied, linked or rsynced there, or copied into a container's
  with `docker cp`/`kubectl cp`), handed to the manager's `deploy?war=` (or `-G -d war=`, `jar:URL!/`) or to
  WildFly's `deploy --url` or `content=[{url=…}]`;
- Oracle's audit trail switched off (`NOAUDIT ALL`, `audit_trail=NONE`), its password hashes read (`sys.user$`): fed
  to sqlplus, in a script this input wrote (`sqlplus @F`, `rman cmdfile=F`, `@F` in the SQL fed), through a shell
  or another user's login (`su - oracle -c 'sqlplus …' <<EOF`), or to a container's (`docker exec -i oracle sqlplus
  … <<EOF`, `oc rsh mq-0 runmqsc QM1 <<EOF`).

Held (`irreversible`): a schema or tablespace dropped, RMAN's `DELETE … BACKUP|ARCHIVELOG|OBSOLETE`, an MQ queue
cleared or deleted, a queue manager deleted (`dltmqm`), AD users or computers deleted with samba-tool. Held for a
person besides: members added to the domain's administrator groups, named clients mapped to `mqm`, WildFly started
with `-bmanagement 0.0.0.0` (as a container image does), a WAR from an unknown host over plain HTTP, `olcDisallows`
deleted.

Allowed: root's read-only checks (`slapcat -l` to a file in scratch space or a backups folder, never printed nor run
with `-f`/`-F`; `adcli info|testjoin`, `samba-tool dbcheck` with known options only, `sssctl` status, `net ads
testjoin`, `kinit -k` with its cache in /tmp or /run), a WAR from a vendor's HTTPS host, `kinit -kt`/`klist -k` with a keytab (used, not printed), ordinary
MQSC, SQL and LDIF changes.
"""
from __future__ import annotations

import re
import threading
from urllib.parse import unquote

from .. import directory_tables as dt
from .. import paths
from ..hosts import public_ip
from ..per_input import decoded, holds, in_input
from .commands import Cmd, has_flag, option_value, positionals
from .common import NET_SENDERS, input_text, mentions, pipeline_stage


def _report(a, found: list, where: str, node) -> None:
    """Hand the findings of a directory_tables judge to the analysis (each block; the first review)."""
    for verdict, rule, message in found:
        if verdict == "block":
            a.block(rule, f"{where}: {message}", node)
            return
    for verdict, rule, message in found:
        a.review(rule, f"{where}: {message}", node)
        return


def _fed(a, cmd: Cmd) -> tuple[str, object] | None:
    """What reaches `cmd`'s input: api_calls.fed_text, else the words of an `echo`/`printf` piped into it as
    written (`printf 'ALTER QMGR CHLAUTH(DISABLED) CONNAUTH(\\x27\\x27)\\n' | runmqsc QM`: an escape the
    evaluator does not render still leaves the commands readable)."""
    from .api_calls import fed_text
    from .common import feeders

    text = fed_text(a, cmd)
    if text:
        return text, cmd.node
    for c in feeders(a, cmd):
        if c.name in ("echo", "printf"):
            return " ".join(w.value or w.text for w in c.args).replace("\\n", "\n"), cmd.node
    return None


# -- Oracle -------------------------------------------------------------------------------------------------------------
def _script_written(a, path: str, ext: str) -> str | None:
    """The text this input wrote to the script `path` (sqlplus adds `.sql` to a name without an extension)."""
    from .written import text_written

    got = text_written(a, path)
    if got is None and "." not in path.rsplit("/", 1)[-1]:
        got = text_written(a, path + ext)
    return got[0] if got else None


def _sqlplus(a, cmd: Cmd) -> None:
    _sql_run(a, cmd.name, _fed(a, cmd), [w.value or "" for w in cmd.args], cmd.node)


# a script the SQL fed to sqlplus runs in turn (`@/tmp/x.sql`, `@@x`, `START /tmp/x`)
_CALLED = re.compile(r"(?im)^[ \t]*(?:@@?|sta(?:rt)?[ \t]+)([^\s;]{1,300})")


def _sql_run(a, name: str, fed, vals: list[str], node) -> None:
    """What sqlplus (`name`) runs: the SQL `fed` to it, the script its words name (`sqlplus / as sysdba
    @/tmp/h.sql`) and those the fed SQL calls, each script read when this input wrote it."""
    if fed is not None:
        _report(a, dt.oracle_sql(fed[0]), f"the SQL fed to `{name}`", fed[1])
    scripts = [v[1:] for v in vals if v[:1] == "@" and len(v) > 1][:1]  # (the words after it are its arguments)
    if fed is not None:
        scripts += _CALLED.findall(fed[0])[:20]
    for path in scripts:
        text = _script_written(a, path.lstrip("@"), ".sql")
        if text:
            _report(a, dt.oracle_sql(text), f"the SQL script `{name}` runs ({path})", node)


def _rman(a, cmd: Cmd) -> None:
    _rman_run(a, _fed(a, cmd), [w.value or "" for w in cmd.args], cmd.node)


def _rman_run(a, fed, vals: list[str], node) -> None:
    texts = [fed[0]] if fed else []
    texts += [v[4:] for v in vals if v[:4].lower() == "cmd="]  # `rman target / cmd=…`
    # `rman target / cmdfile=/tmp/x.rman` (or `cmdfile /tmp/x`, `@/tmp/x`): the command file this input wrote
    for j, v in enumerate(vals):
        low = v.lower()
        path = v[8:] if low.startswith("cmdfile=") else vals[j + 1] if low == "cmdfile" and j + 1 < len(vals) else \
            v[1:] if v[:1] == "@" else ""
        text = _script_written(a, path.strip("'\""), ".rcv") if path else None
        if text:
            texts.append(text)
    for t in texts:
        _report(a, dt.rman(t), "`rman`", node)


# what a container's `exec` runs of the above is judged as if run here, its here-document or pipe reaching it
# (`docker exec -i oracle sqlplus -s / as sysdba <<EOF … EOF`, `kubectl exec -i db-0 -- rman target / <<EOF`, `oc rsh
# mq-0 runmqsc QM1 <<EOF`), also through a shell or another user's login (`bash -c 'sqlplus …'`, `su - oracle -c …`)
_INSIDE = frozenset({"sqlplus", "rman", "runmqsc"})
_SHELLS = frozenset({"bash", "sh", "ksh", "zsh", "dash"})


def _inside(a, cmd: Cmd) -> None:
    from .infra import _KUBE_ARG, _RUN_ARG, _after, _argv_after, _path, run_inside

    words = None
    if cmd.name == "oc" and _path(cmd.args, _KUBE_ARG, 1) == ["rsh"]:  # (`oc rsh POD CMD…` runs CMD in the pod)
        words = _argv_after(_after(cmd.args, "rsh"), _RUN_ARG)
    inner = run_inside(cmd, words)
    if inner is None:
        _container_copy(a, cmd)
    elif inner.name in _INSIDE:
        for fn in HANDLERS.get(inner.name, ()):
            fn(a, inner)
    elif inner.name in _SHELLS:
        _client_string(a, inner)


# the client a shell's command string runs, and the rest of its words
# (at a command's place: first, after `;`, `&&`, a pipe or `exec`; `echo rman` runs no rman)
_CLIENT_IN_STRING = re.compile(r"(?:^|[;&|(\n])[ \t]*(?:(?:exec|time|nohup|sudo(?:[ \t]+-u[ \t]+[\w.-]+)?)[ \t]+)?"
                               r"(?:[\w./${}-]*/)?(sqlplus|rman|runmqsc)(?![\w.-])([^;&|\n]{0,400})")


def _client_string(a, cmd: Cmd) -> None:
    """`su - oracle -c 'sqlplus -s / as sysdba' <<EOF`, `bash -c 'runmqsc QM1' <<EOF`: the client the command string
    runs, given what is fed to the shell."""
    # (`bash -c STR`, `bash -lc STR`: the first operand after the options; `su … -c STR` comes as `sh -c STR`)
    vals = [w.value or "" for w in cmd.args]
    k = next((j for j, v in enumerate(vals) if v[:1] == "-" and v[1:2] != "-" and "c" in v), None)
    strings = [next((v for v in vals[k + 1:] if v[:1] != "-"), "")] if k is not None else []
    m = _CLIENT_IN_STRING.search(strings[0]) if strings else None
    if m is None:
        return
    fed = _fed(a, cmd)
    vals = m.group(2).split()
    if m.group(1) == "sqlplus":
        _sql_run(a, "sqlplus", fed, vals, cmd.node)
    elif m.group(1) == "rman":
        _rman_run(a, fed, vals, cmd.node)
    elif fed is not None:
        _report(a, dt.mqsc(fed[0]), "the MQSC commands `runmqsc` runs", fed[1])


# -- IBM MQ -------------------------------------------------------------------------------------------------------------
def _runmqsc(a, cmd: Cmd) -> None:
    fed = _fed(a, cmd)
    if fed is None:
        from .written import text_written

        files = [w.value for w in option_value(cmd.args, "-f") if w.value]
        got = text_written(a, files[0]) if files else None
        fed = (got[0], cmd.node) if got else None
    if fed is not None:
        _report(a, dt.mqsc(fed[0]), "the MQSC commands `runmqsc` runs", fed[1])


def _dltmqm(a, cmd: Cmd) -> None:
    qm = [w.value or w.text for w in positionals(cmd.args, frozenset({"-w"}))]
    a.review("irreversible", f"`dltmqm {' '.join(qm)}` deletes the queue manager with every queue, message and log "
                             "it holds, with no undo; back up its definitions (`dmpmqcfg`) and let the user run it",
             cmd.node)


# -- secrets or messages fed to a program that sends them off ------------------------------------------------------------
_MQ_READERS = frozenset({"amqsbcg", "amqsbcgc", "amqsget", "amqsgetc", "dmpmqmsg", "amqsbrowse"})


# an application server's own configuration folder: its users' password hashes, keystores and the key that decrypts
# its stored passwords
_SERVER_CONFIG = re.compile(r"/standalone/configuration/?$|/domain/configuration/?$|/tomcat[\w.-]*/conf/?$|"
                            r"/user_projects/domains/[^/]+/?(?:security|config)?/?$|/config/cells/?$")


def _fed_secret(c: Cmd) -> str | None:
    name = c.name.rsplit("/", 1)[-1]
    if name in ("tar", "zip", "7z", "cpio") and any(_SERVER_CONFIG.search(w.value or "") for w in c.args):
        return f"`{name}` packs an application server's configuration (its users' password hashes and keystores)"
    if name == "slapcat":
        return "`slapcat` prints every entry of the directory with its password hash"
    if name in _MQ_READERS:
        return f"`{name}` prints the messages of the queue"
    return None


def _mq_dump(a, cmd: Cmd) -> None:
    """The file an MQ reader fills with the queue's messages (`dmpmqmsg -i Q -f FILE`, `amqsbcg Q QM > FILE`),
    noted so that sending it off later in the input is exfiltration. (`dmpmqmsg -o Q -f FILE` loads the file.)"""
    opts: tuple[str, ...] = ()
    if cmd.name == "dmpmqmsg":
        if option_value(cmd.args, "-o") and not option_value(cmd.args, "-i", "-I"):
            return
        opts = ("-f",)
    for out in _outputs(a, cmd, opts):
        if out.lower() != "stdout":
            from .net import note_file

            note_file(a, out, f"the messages of an MQ queue (`{cmd.name}`)", cmd.node, prefix=True)


# the programs _fed_secret knows, as they appear in a pipeline's text (a cheap test before the feeders are looked up)
_FEED_NAMES = re.compile(r"slapcat|amqs|dmpmqmsg|\b(?:tar|zip|7z|cpio)\b")
_EXPORT_BYTES = re.compile(rb"\bexp(?:dp)?\b")  # (a Data Pump or classic export somewhere in the input)


def _sent(a, cmd: Cmd) -> None:
    from .brokers import _feeders, destinations
    from .net import _is_sender, _sends_off

    # (the cheap tests first: most senders of most inputs have no export made before them and no feeder named in
    # their pipeline, and whose hosts they name is then never asked)
    exported = in_input(_EXPORT_BYTES, a.doc.data)
    where = pipeline_stage(cmd)
    before = "\n".join([a.src(cmd.node)] + [a.src(s) for s in (where[0][:where[1]] if where else [])])
    fed = _FEED_NAMES.search(before) is not None
    if not (exported or fed) or not _is_sender(cmd) or not _sends_off(cmd):
        return
    from .. import brokers_tables as bt

    text = decoded(a.doc.data)
    hosts = destinations(cmd)
    far = [h for h in hosts if h != "?" and (public_ip(h) or bt.outsider(h, text))]
    if far and exported and (dump := _dump_sent(a, cmd)):
        a.block("exfiltration", f"`{cmd.name}` sends {dump} to {far[0]}, a host outside the organisation's network; "
                                "keep database exports in the organisation's storage", cmd.node)
        return
    if not fed:
        return
    for c in _feeders(a, cmd):
        what = _fed_secret(c)
        # slapcat's copy to the organisation's own backup host is the nightly job; to a host known only at run time
        # it may go anywhere
        if what and (far or c.name.rsplit("/", 1)[-1] == "slapcat" and "?" in hosts):
            a.block("exfiltration", f"{what}, and `{cmd.name}` sends it off the machine"
                                    f"{' to ' + far[0] if far else ''}; keep the directory's and the queues' data "
                                    "in the organisation's network", cmd.node)
            return


_SLOTS = threading.local()  # per thread, the input being judged: what each reader found in its commands so far


def _per_input(a, key: str, read) -> list:
    """What `read(command)` finds in each command of this input, each command read once (a list of 2,500
    `addmembers` would otherwise read every command again for each). Kept per thread, for the input being judged."""
    commands = a.ctx.commands
    slot = getattr(_SLOTS, key, None)
    if slot is None or slot[0] is not commands or slot[1] is not a.doc:
        slot = [commands, a.doc, 0, []]
        setattr(_SLOTS, key, slot)
    for doc, c in commands[slot[2]:]:
        if doc is a.doc:
            slot[3].extend(read(c))
    slot[2] = len(commands)
    return slot[3]


def _exports(c: Cmd) -> list[tuple[int, str]]:
    if c.name not in ("expdp", "exp"):
        return []
    return [(c.node.start_byte, m.group(1).rsplit("/", 1)[-1]) for w in c.args
            if (m := re.match(r"(?i)(?:dumpfile|file)=(?:\w+:)?([^,\s]+)", w.value or ""))]


def _dump_sent(a, cmd: Cmd) -> str | None:
    """The Data Pump export (`expdp … dumpfile=F`) this input made, when `cmd` names F (in whatever folder the
    directory object points at)."""
    names = {name for at, name in _per_input(a, "exports", _exports) if at < cmd.node.start_byte}
    if not names:
        return None
    for w in cmd.args:
        v = (w.value or "").lstrip("@")
        if v.rsplit("/", 1)[-1] in names:
            return f"the database export {v.rsplit('/', 1)[-1]} (`expdp`)"
    return None


# -- Active Directory from Linux ----------------------------------------------------------------------------------------
_AD_ADMIN_GROUPS = frozenset({"domain admins", "enterprise admins", "schema admins", "administrators",
                              "account operators", "backup operators", "server operators", "dnsadmins",
                              "group policy creator owners", "key admins", "enterprise key admins"})
_SAMBA_ARG = frozenset({"-H", "--URL", "-U", "--username", "--password", "-W", "--workgroup", "-s", "--configfile",
                        "--realm", "--ipaddress", "-k", "--kerberos", "--use-kerberos", "--description",
                        "--given-name", "--surname", "--mail-address", "--userou", "--computerou", "--groupou",
                        "--random-password", "--newpassword", "--filter", "--attributes", "-d", "--debuglevel"})


def _samba_pos(cmd: Cmd) -> list[str | None]:
    return [w.value for w in positionals(cmd.args, _SAMBA_ARG - {"--random-password"})]


def _samba_created(a, user: str) -> bool:
    """Whether this input runs `samba-tool user create|add USER 'literal'` (a password written on the line)."""
    return user in _samba_accounts(a)


def _samba_accounts(a) -> set[str]:
    """The accounts this input creates with a literal password."""
    return set(_per_input(a, "accounts", _samba_created_by))


def _samba_created_by(c: Cmd) -> list[str]:
    if c.name == "net":  # `net rpc user add svc 'S3cret!' -U admin`
        pos = positionals(c.args, _NET_ARG)
        if len(pos) > 4 and [w.value for w in pos[:3]] == ["rpc", "user", "add"] and _literal(pos[4]) and pos[3].value:
            return [pos[3].value]
        return []
    if c.name != "samba-tool":
        return []
    pos = positionals(c.args, _SAMBA_ARG - {"--random-password"})
    if len(pos) > 3 and [w.value for w in pos[:2]] in (["user", "create"], ["user", "add"]) and pos[3].value and \
            "$" not in pos[3].text and pos[2].value:
        return [pos[2].value]
    return []


def _literal(w) -> bool:
    """A password written on the line (not a variable, a prompt or a file)."""
    return bool(w.value) and "$" not in w.text and "`" not in w.text


# the domain's own administrator accounts (and krbtgt, whose key signs every ticket), and the conventions that mark
# a person's second, administrative account (`adm-jdoe`, `jdoe_admin`, `jdoe.adm2`); a name that merely ends in the
# letters (`bradm`, `sysadmin`, `webadmin`) is an ordinary user's
_AD_ADMIN_USER = re.compile(r"(?i)^(?:administrator|admin|root|krbtgt)$|^adm(?:in)?[-_.]\w|[-_.]adm(?:in)?\d*$")
# the domain's password policy weakened: complexity off, passwords kept reversibly, a minimum shorter than the
# default (7)
_POLICY_OFF = {"--complexity": lambda v: v.lower() in ("off", "no", "false", "0"),
               "--store-plaintext": lambda v: v.lower() in ("on", "yes", "true", "1"),
               "--min-pwd-length": lambda v: v.isdigit() and int(v) < 7}


def _account(user: str) -> str:
    """The account's own name: `CORP\\Administrator` and `Administrator@corp.lan` are Administrator."""
    return user.rsplit("\\", 1)[-1].split("@", 1)[0]


def _admin_account(a, user: str) -> bool:
    """An administrator of the domain by its name (_AD_ADMIN_USER), or an account this input adds to one of the
    domain's administrator groups."""
    name = _account(user)
    return _AD_ADMIN_USER.search(name) is not None or name.lower() in _per_input(a, "admins", _admins_added_by)


def _admins_added_by(c: Cmd) -> list[str]:
    """The accounts `c` adds to one of the domain's administrator groups (lower case)."""
    found = _group_add(c)
    if found is None or found[0].lower() not in _AD_ADMIN_GROUPS:
        return []
    return [_account(m).lower() for m in found[1]]


def _admin_password(a, cmd: Cmd, user: str, pw) -> None:
    """`samba-tool user setpassword Administrator --newpassword='…'`, `net rpc user password Administrator '…'`."""
    if pw is not None and _literal(pw) and _admin_account(a, user):
        a.block("privilege-escalation", f"`{cmd.name}` sets the password of the domain account {user} to one "
                                        "written on the line: a domain administrator's login the agent knows; let a "
                                        "domain administrator reset it", cmd.node)


def _password_policy(a, cmd: Cmd) -> None:
    """`samba-tool domain passwordsettings set --complexity=off --min-pwd-length=0`."""
    vals = [w.value or "" for w in cmd.args]
    for j, v in enumerate(vals):
        key, eq, val = v.partition("=")
        test = _POLICY_OFF.get(key)
        if test is None:
            continue
        val = val if eq else vals[j + 1] if j + 1 < len(vals) else ""
        if test(val):
            a.block("permission-tamper", f"`samba-tool domain passwordsettings set {key}={val}` weakens the "
                                         "password policy of every account of the domain (guessable or "
                                         "recoverable passwords); leave the policy to the domain's administrators",
                    cmd.node)
            return


def _samba_tool(a, cmd: Cmd) -> None:
    pos = _samba_pos(cmd)
    if len(pos) < 2:
        return
    kind, verb = pos[0], pos[1]
    if kind == "group" and verb in ("addmembers", "add-members") and len(pos) > 3:
        _admin_members(a, cmd, pos[2] or "", [m for p in pos[3:] for m in (p or "").split(",") if m])
    elif kind == "user" and verb == "setpassword":
        # the account named, or picked by `--filter=(sAMAccountName=Administrator)`
        users = [pos[2]] if len(pos) > 2 and pos[2] else []
        users += [m.group(1) for w in option_value(cmd.args, "--filter") if (m := _FILTER_NAME.search(w.value or ""))]
        pw = option_value(cmd.args, "--newpassword")
        for user in users:
            _admin_password(a, cmd, user, pw[0] if pw else None)
    elif (kind, verb) == ("domain", "passwordsettings") and pos[2:3] == ["set"]:
        _password_policy(a, cmd)
    elif verb == "delete" and kind in ("user", "computer", "group", "ou", "contact"):
        a.review("irreversible", f"`samba-tool {kind} delete` removes the {kind} from the domain with its SID and "
                                 "group links (a new one with the same name is another account); disable it first "
                                 "and let the user confirm the delete", cmd.node)


_FILTER_NAME = re.compile(r"(?i)\b(?:samaccountname|userprincipalname|cn)=([^()&|!*\s]{1,200})")
_NET_ARG = frozenset({"-U", "--user", "-S", "--server", "-W", "--workgroup", "-I", "--ipaddress", "-p", "--port",
                      "-s", "--configfile", "-d", "--debuglevel", "-n", "--netbiosname", "-A", "--authentication-file",
                      "-t", "--timeout", "-C", "--comment"})


def _group_add(c: Cmd) -> tuple[str, list[str]] | None:
    """(group, members) of `samba-tool group addmembers G M[,M]`, `net rpc group addmem G M…`, `net sam addmem G M`
    (net takes its verbs in any case: `ADDMEM`)."""
    if c.name == "samba-tool":
        pos = _samba_pos(c)
        if pos[:2] in (["group", "addmembers"], ["group", "add-members"]) and len(pos) > 3:
            return pos[2] or "", [m for p in pos[3:] for m in (p or "").split(",") if m]
        return None
    if c.name != "net":
        return None
    pos = [w.value for w in positionals(c.args, _NET_ARG)]
    verbs = [(v or "").lower() for v in pos[:3]]
    if verbs == ["rpc", "group", "addmem"] and len(pos) > 4:
        return pos[3] or "", [m for m in pos[4:] if m]
    if verbs[:2] == ["sam", "addmem"] and len(pos) > 3:
        return pos[2] or "", [m for m in pos[3:] if m]
    return None


def _net(a, cmd: Cmd) -> None:
    """Samba's `net rpc group addmem "Domain Admins" svc` (and `net sam addmem`), `net rpc user password
    Administrator '…'` (and its aliases `net rpc password`, `net ads password`): as samba-tool's."""
    found = _group_add(cmd)
    if found is not None:
        _admin_members(a, cmd, *found)
        return
    words = positionals(cmd.args, _NET_ARG)
    verbs = [(w.value or "").lower() for w in words[:3]]
    # the account, then the new password (asked for when left out)
    at = 3 if verbs == ["rpc", "user", "password"] else 2 if verbs[:2] in (["rpc", "password"],
                                                                          ["ads", "password"]) else 0
    if at and len(words) > at and words[at].value:
        _admin_password(a, cmd, words[at].value, words[at + 1] if len(words) > at + 1 else None)


def _admin_members(a, cmd: Cmd, group: str, members: list[str]) -> None:
    """Members added to one of the domain's administrator groups: blocked for an account this input created with a
    password written on the line (a login the agent knows), held otherwise."""
    if group.lower() not in _AD_ADMIN_GROUPS:
        return
    said = f"`{cmd.name} … \"{group}\"`"
    if any(_samba_created(a, m) for m in members):
        a.block("privilege-escalation", f"{said} makes an account this input created with a password written on the "
                                        "line an administrator of the whole domain: a login the agent knows; ask a "
                                        "domain administrator", cmd.node)
    else:
        a.review("privilege-escalation", f"{said} makes {' '.join(members)} administrators of the domain; a person "
                                         "should confirm it", cmd.node)


_IMPACKET_DUMP = re.compile(r"(?i)^(?:impacket-)?(secretsdump|getuserspns|getnpusers|gettgt|dcsync|lsadump)"
                            r"(?:\.py)?$")


def _impacket(a, cmd: Cmd) -> None:
    m = _IMPACKET_DUMP.match(cmd.name.rsplit("/", 1)[-1])
    if m is None:
        return
    tool = m.group(1).lower()
    if tool in ("getuserspns",) and not any(w.value in ("-request", "-request-user", "-outputfile")
                                            for w in cmd.args):
        return  # lists the accounts with SPNs; asks for no ticket
    for w in option_value(cmd.args, "-outputfile"):
        if w.value:
            from .net import note_file

            note_file(a, w.value, "the domain's password hashes", cmd.node, prefix=True)
    what = {"secretsdump": "copies the password hashes of the domain's accounts (DCSync, or the SAM and LSA "
                           "secrets)",
            "getuserspns": "asks for service tickets whose encryption is the service accounts' passwords, to crack "
                           "offline (Kerberoasting)",
            "getnpusers": "asks for the hashes of accounts without pre-authentication, to crack offline"}.get(
        tool, "takes the domain's credentials")
    a.block("secret-read", f"`{cmd.name}` {what}: credentials of the domain in the agent's hands; agents must not "
                           "collect credentials", cmd.node)


def _impacket_script(a, cmd: Cmd) -> None:
    """`python3 /opt/impacket/examples/GetUserSPNs.py -request …`: the script judged as if run by its name."""
    skip = False
    for k, w in enumerate(cmd.args):
        v = w.value or ""
        if skip:
            skip = False
            continue
        if v[:1] == "-":
            if v in ("-c", "-m"):
                return  # (code or a module, not a script file)
            skip = v in ("-W", "-X", "-Q")  # (the interpreter's options that take a value: `-W ignore`)
            continue
        if _IMPACKET_DUMP.match(v.rsplit("/", 1)[-1]):
            _impacket(a, Cmd(cmd.node, cmd.args[k:], v.rsplit("/", 1)[-1]))
        return


# NetExec's (CrackMapExec's) options and modules that take the credentials of the machines it reaches: the domain's
# database (`--ntds`), the SAM and LSA secrets, DPAPI's, gMSA passwords, Kerberos hashes to crack, LSASS (`--laps`
# logs in with the LAPS password, which the `laps` module prints; `--wcc` only checks the configuration)
_NXC_DUMPS = ("--ntds", "--sam", "--lsa", "--dpapi", "--gmsa", "--kerberoasting", "--asreproast", "--sccm")
_NXC_MODULES = frozenset({"lsassy", "nanodump", "mimikatz", "handlekatz", "procdump", "ntdsutil", "masky", "keepass_trigger",
                          "keepass_discover", "wifi", "veeam", "mremoteng", "putty", "winscp", "teams_localdb",
                          "rdcman", "gpp_password", "gpp_autologin", "laps", "msol", "backup_operator", "dpapi_hash"})


def _nxc(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    found = next((v.split("=", 1)[0] for v in vals if v[:2] == "--" and len(v.split("=", 1)[0]) >= 5 and
                  any(o.startswith(v.split("=", 1)[0]) for o in _NXC_DUMPS)), None)  # (argparse takes a prefix)
    if found is None:
        # (`-M lsassy`, `-Mlsassy`, `--module=lsassy`, several modules at once)
        mods = [m.lower() for w in option_value(cmd.args, "-M", "--module") for m in (w.value or "").split(",")]
        found = next((f"-M {m}" for m in mods if m in _NXC_MODULES), None)
    if found is not None:
        a.block("secret-read", f"`{cmd.name} {found}` dumps the credentials of the machines it reaches (password "
                               "hashes, stored secrets): the domain's credentials in the agent's hands; agents must "
                               "not collect credentials", cmd.node)


# -- LDAP servers' own configuration -----------------------------------------------------------------------------------
def _ldap_config(a, cmd: Cmd) -> None:
    from .. import idp_shell as idp
    from .identity import _ldif

    text = _ldif(a, cmd)
    if not text:
        return
    found = dt.ldif_config(idp.ldif_changes(text)) or dt.disallows_removed(text)
    if found is not None:
        _report(a, [found], f"`{cmd.name}`", cmd.node)


# -- Java application servers ----------------------------------------------------------------------------------------
def _add_user(a, cmd: Cmd) -> None:
    """WildFly's `add-user.sh -u U -p 'literal'`: without `-a` the user goes to the management realm, an
    administrator of the server."""
    if has_flag(cmd.args, "a", ("--application",)):
        groups = ",".join(w.value or "" for w in option_value(cmd.args, "-g", "--group")).lower()
        if not re.search(r"superuser|administrator|admin", groups):
            return
    pw = option_value(cmd.args, "-p", "--password")
    if not pw:  # `add-user.sh admin 'Adm1n!pass'`: the user and the password as the two operands
        pos = positionals(cmd.args, _ADD_USER_ARG)
        pw = pos[1:2] if len(pos) == 2 else []
    if pw and "$" not in pw[0].text and pw[0].value:
        a.block("privilege-escalation", f"`{cmd.name}` adds an administrator of the application server with a "
                                        "password written on the line: a login the agent knows; let the user "
                                        "create administrators", cmd.node)


_ADD_USER_ARG = frozenset({"-u", "--user", "-p", "--password", "-g", "--group", "-r", "--realm", "-sc", "-dc", "-up",
                           "--user-properties", "-gp", "--group-properties"})
_MGMT_OPEN = re.compile(r"/interface=management:write-attribute\(\s*name=inet-address\s*,\s*value=0\.0\.0\.0|"
                        r"(?i:jboss\.bind\.address\.management=0\.0\.0\.0)")


# the management interface's login taken away (its security realm or authentication factory undefined)
_MGMT_AUTH_OFF = re.compile(r"management-interface=(?:http|native)-interface/?:(?:undefine-attribute\(\s*name=|"
                            r"write-attribute\(\s*name=(?=[\w-]+\s*,\s*value=undefined\b))(?:security-realm|"
                            r"http-authentication-factory|sasl-authentication-factory)\b")
# `deploy --url=URL` (the server fetches it) or `deploy FILE`
_CLI_DEPLOY = re.compile(r"(?:^|[\s;'\"=])deploy[ \t]+([^\n;'\"]{1,400})")


_CLI_CONTENT_URL = re.compile(r"\bcontent\s*=\s*\[\s*\{[^}\n]{0,200}?\burl\s*=>?\s*[\"']?([^\"'}\s,]{1,400})")


def _jboss_cli(a, cmd: Cmd) -> None:
    """WildFly's CLI: its commands given with `--command(s)=`, fed on its input or in the file `--file=F` this
    input wrote, read alike."""
    text = " ".join(w.value or w.text for w in cmd.args)
    fed = _fed(a, cmd)
    if fed:
        text += "\n" + fed[0]
    for w in option_value(cmd.args, "--file"):
        got = _script_written(a, w.value, ".cli") if w.value else None
        if got:
            text += "\n" + got
    if _MGMT_OPEN.search(text):
        a.block("permission-tamper", f"`{cmd.name}` binds the server's management interface to every address: the "
                                     "administration console is reachable from any network; keep it on the "
                                     "management network", cmd.node)
    elif _MGMT_AUTH_OFF.search(text):
        a.block("permission-tamper", f"`{cmd.name}` takes the login off the server's management interface: whoever "
                                     "reaches it administers the server (and deploys code); keep its security realm",
                cmd.node)
    # `/deployment=x.war:add(content=[{url=URL}])`: the server fetches the content
    for m in _CLI_CONTENT_URL.finditer(text):
        if _deploy_source(a, cmd, m.group(1), "has the server deploy"):
            return
    for m in _CLI_DEPLOY.finditer(text):
        words = m.group(1).split()
        url = next((w.split("=", 1)[1] if "=" in w else words[j + 1] if j + 1 < len(words) else ""
                    for j, w in enumerate(words) if w.split("=", 1)[0] == "--url"), None)
        if url is not None:
            if _deploy_source(a, cmd, url, "has the server deploy"):
                return
        else:
            local = next((w for w in words if not w.startswith("-")), "")
            if _stranger_file(a, cmd, local, "has the server deploy"):
                return


# (Jython `AdminTask.setGlobalSecurity('[-enabled false]')` or its list form `(['-enabled', 'false'])`, Jacl
# `$AdminTask setGlobalSecurity {-enabled false}`, the wizard's `-adminSecurityEnabled false`, and the `securityoff`
# procedure of securityProcs.jacl)
_OFF = r"['\"]?[\s,]{1,8}['\"]?false\b"
_SECURITY_OFF = re.compile(r"(?i)setGlobalSecurity[\s(\[{'\"]{0,12}-enabled" + _OFF + "|"
                           r"setAdminActiveSecuritySettings[^\n]{0,300}?-(?:enableGlobalSecurity|appSecurityEnabled)" +
                           _OFF + r"|applyWizardSettings[^\n]{0,400}?-adminSecurityEnabled" + _OFF +
                           r"|appSecurityEnabled['\"]?\s*,\s*['\"]?false|(?<![\w.$-])securityoff\b")
# the Security object and the names bound to it: Jython `sec = AdminConfig.getid('/Security:/')` (or `.list('Security')`),
# Jacl `set sec [$AdminConfig getid /Security:/]`
_SECURITY_GET = r"AdminConfig\s*\.?\s*(?:getid|list)\s*\(?\s*['\"]?(?:/Security:/?|Security)['\"]?"
_SECURITY_BOUND = re.compile(r"(?<![\w$.])(?:set[ \t]+([A-Za-z_]\w{0,60})[ \t]+\[[ \t]*\$|([A-Za-z_]\w{0,60})"
                             r"[ \t]*=[ \t]*)" + _SECURITY_GET)
# `AdminConfig.modify(OBJ, ATTRS)` / `$AdminConfig modify OBJ ATTRS`: the object and the rest of the line
_MODIFY = re.compile(r"AdminConfig\s*\.\s*modify\s*\(\s*([^,\n]{1,200}?)\s*,([^\n]{0,300})|"
                     r"\$AdminConfig[ \t]+modify[ \t]+(\$\w+|\[[^\]\n]{1,200}\])[ \t]+([^\n]{0,300})")
_ENABLED_OFF = re.compile(r"(?i)['\"{\[]\s*['\"]?(?:enabled|appEnabled)['\"]?[\s,]+['\"]?false\b")
_LIST_BOUND = r"(?<![\w$.]){}[ \t]*=(?!=)[ \t]*([^\n]{{0,300}})"


def _security_off(text: str) -> bool:
    """WebSphere's global (or application) security switched off by a wsadmin script: the setting's own commands, or
    `modify` of the Security object (a name bound to it, or the lookup itself) with `enabled` false; the attributes
    may be a name bound to a list on its own line. Another object's `enabled` (single sign-on, a trust association,
    the web container) is not the global switch."""
    if _SECURITY_OFF.search(text):
        return True
    if "odify" not in text or "Security" not in text:
        return False
    bound = {m.group(1) or m.group(2) for m in _SECURITY_BOUND.finditer(text)}
    for m in _MODIFY.finditer(text):
        obj, attrs = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        obj = obj.strip().lstrip("$")
        if obj not in bound and not re.search(_SECURITY_GET, obj):
            continue
        if _ENABLED_OFF.search(attrs):
            return True
        name = re.match(r"\s*([A-Za-z_]\w{0,60})\s*\)", attrs)  # `modify(sec, attrs)`
        if name and any(_ENABLED_OFF.search(v.group(1))
                        for v in re.finditer(_LIST_BOUND.format(re.escape(name.group(1))), text)):
            return True
    return False


def _wsadmin(a, cmd: Cmd) -> None:
    """wsadmin's commands: `-c`, fed on its input, or the `-f` script this input wrote."""
    text = " ".join(w.value or w.text for w in cmd.args)
    fed = _fed(a, cmd)
    if fed:
        text += "\n" + fed[0]
    for w in option_value(cmd.args, "-f"):
        got = _script_written(a, w.value, ".py") if w.value else None
        if got:
            text += "\n" + got
    if _security_off(text):
        a.block("permission-tamper", "`wsadmin` switches WebSphere's global security off: the consoles and every "
                                     "application run without logins; change the one setting the user names",
                cmd.node)


# the management interface bound to every address when the server starts (`-bmanagement 0.0.0.0`, its system
# property): held, as a container's image starts it so behind its own port mapping
_BIND_ALL = re.compile(r"^(?:-bmanagement[= ]?|-Djboss\.bind\.address\.management=)(?:0\.0\.0\.0|::|\[::\])$")


def _wildfly_start(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    for j, v in enumerate(vals):
        if _BIND_ALL.match(v) or v == "-bmanagement" and j + 1 < len(vals) and _BIND_ALL.match(v + " " + vals[j + 1]):
            a.review("permission-tamper", f"`{cmd.name}` starts the server with its management interface on every "
                                          "address: the administration console (which deploys code) answers any "
                                          "network; a person should confirm it", cmd.node)
            return


def _wlst(a, cmd: Cmd) -> None:
    """`wlst.sh /tmp/d.py`, `java weblogic.WLST /tmp/d.py`, or a script fed on its input: a WLST script (Jython,
    read as text) that decrypts the domain's stored passwords (directory_tables.wls_decrypt)."""
    args = cmd.args
    if cmd.name == "java":
        k = next((j for j, w in enumerate(args) if w.value == "weblogic.WLST"), None)
        if k is None:
            return
        args = args[k + 1:]
    texts = []
    fed = _fed(a, cmd)
    if fed:
        texts.append(fed[0])
    for w in positionals(args, frozenset({"-loadProperties", "-i"})) + option_value(args, "-i"):
        if w.value and w.value.endswith((".py", ".jy")):
            got = _script_written(a, w.value, ".py")
            if got:
                texts.append(got)
    found = next((f for t in texts if (f := dt.wls_decrypt(t)) is not None), None)
    if found is not None:
        _report(a, [found], f"`{cmd.name}` runs a WLST script", cmd.node)


def _deploy_url(a, cmd: Cmd) -> None:
    """`curl …/manager/text/deploy?path=/x&war=http://198.51.100.7/x.war`: Tomcat fetches and runs the WAR."""
    from ..hosts import url_host
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None or _DEPLOY_HINT.search(a.src(cmd.node)) is None:
        return  # (most requests name no deploy, no archive and no deploy folder: nothing below reads them)
    for r in reader(cmd.args):
        for u in r.urls:
            url = u.value or ""
            if "/deploy" not in url:
                continue
            # `?war=URL` in the address, or as a form field (`curl -G …/deploy -d war=URL`); `jar:URL!/` is the same
            # archive
            wars = [m.group(1) for m in _WAR_PARAM.finditer(url.split("?", 1)[1] if "?" in url else "")]
            wars += [m.group(1) for w in option_value(cmd.args, *_CURL_DATA) for m in _WAR_PARAM.finditer(w.value or "")]
            for war in wars:
                war = unquote(war)
                war = war[4:] if war[:4].lower() == "jar:" else war
                if host := _outsider(a, url_host(war)):
                    a.block("download-exec", f"`{cmd.name}` has the application server deploy a WAR from {host}, "
                                             "outside the organisation's network: its code runs in the server; deploy "
                                             "builds of the project", cmd.node)
                    return
    _war_fetched(a, cmd)


_WAR_PARAM = re.compile(r"(?:^|&)war=([^&#\s]+)")
_CURL_DATA = ("-d", "--data", "--data-urlencode", "--data-raw", "--data-ascii", "--url-query")


# (what the two readers below need to find on the command's line)
_DEPLOY_HINT = re.compile(r"deploy|webapps|dropins|\.(?:war|ear|jar|jspx?)\b")
_DEPLOY_FOLDER = re.compile(r"/(?:deployments|webapps|autodeploy|dropins|hotdeploy)/")
_DEPLOY_EXT = re.compile(r"\.(?:war|ear|jar|jspx?)$")


def _deployed(path: str) -> bool:
    """A file an application server deploys: a WAR, EAR, JAR or page anywhere under its deployments folder."""
    return _DEPLOY_EXT.search(path) is not None and _DEPLOY_FOLDER.search(path) is not None


def _saved_as(a, cmd: Cmd, url: str, cwd: bool = True) -> list[str]:
    """Where `cmd` (curl, wget) saves what `url` serves: its `-o`/`-O FILE`, or the address's own name in the folder
    `wget -P DIR` or `curl --output-dir DIR -O` names, or its output redirect's file when it prints it (`curl URL >
    F`, `wget -qO- URL > F`); a relative name in the folder an earlier `cd` went to (with `cwd`)."""
    if cmd.name == "curl":
        outs = [w.value for w in option_value(cmd.args, "-o", "--output", cluster="o") if w.value]
        remote = has_flag(cmd.args, "O", ("--remote-name", "--remote-name-all"))
        dirs = [w.value for w in option_value(cmd.args, "--output-dir") if w.value]
        printed = not outs and not remote
    else:
        outs = [w.value for w in option_value(cmd.args, "-O", "--output-document", cluster="O") if w.value]
        remote = not outs
        dirs = [w.value for w in option_value(cmd.args, "-P", "--directory-prefix", cluster="P") if w.value]
        printed = "-" in outs
    if remote:
        name = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        if name:
            outs += [f"{d.rstrip('/')}/{name}" for d in dirs] or [name]
    if printed and a is not None:  # `curl -L URL > webapps/ROOT.war`, `wget -qO- URL > …`
        from .files import written_file

        outs.append(written_file(a, cmd.redirects) or "")
    # (`cd /opt/tomcat/webapps; curl … -o ROOT.war`: a relative name is in the folder an earlier `cd` went to)
    return [cwd and a and a.in_cwd(o) or o for o in outs if o and o != "-"]


def _deploy_source(a, cmd: Cmd, url: str, how: str, into: str = "") -> bool:
    """What a server is given to deploy from `url`: blocked from a bare address or a drop service, held from an unknown
    host over plain HTTP (anyone on the way may swap it); a vendor's release over HTTPS (Jenkins' WAR, a JDBC driver
    from Maven Central, a forge's release) is the documented install. True when reported."""
    from ..hosts import url_host
    from ..scraping_tables import stranger_sink

    named = url_host(url)
    far = stranger_sink(named)
    # (the cheap tests first: a vendor's HTTPS release is none of these, and whose hosts the input names is then
    # never asked)
    if not (far or url[:7].lower() == "http://") or (host := _outsider(a, named)) is None:
        return False
    where = f" into {into}" if into else ""
    if far:
        a.block("download-exec", f"`{cmd.name}` {how} what {host} serves{where}: its code runs in the application "
                                 "server; deploy builds of the project", cmd.node)
    elif url.lower().startswith("http://"):
        a.review("download-exec", f"`{cmd.name}` {how} what {host} serves over plain HTTP{where}: its code runs in the "
                                  "application server; a person should confirm the source", cmd.node)
    else:
        return False
    return True


def _fetches(a, c: Cmd) -> list[tuple[int, str, str]]:
    """(where, file, address) of each file a curl or wget saves under its own name, `-o`'s or its output redirect's
    (for _stranger_file; a relative name as written: the folder the analysis is in now may be a later one)."""
    if c.name not in ("curl", "wget"):
        return []
    from .net import http_requests

    reader = http_requests(c.name)
    out = []
    for r in reader(c.args) if reader else ():
        for u in r.urls:
            if u.value and "//" in u.value:
                out += [(c.node.start_byte, paths.normalize(f), u.value) for f in _saved_as(a, c, u.value, cwd=False)]
    return out


def _outsider(a, host: str | None) -> str | None:
    """`host` when it is an outsider's (brokers_tables.outsider), asked once per host and input (the answers kept per
    thread for the input being judged only)."""
    from .. import brokers_tables as bt

    slot = getattr(_SLOTS, "outsiders", None)
    if slot is None or slot[0] is not a.doc:
        slot = _SLOTS.outsiders = (a.doc, {})
    if host not in slot[1]:
        slot[1][host] = host if bt.outsider(host, input_text(a)) else None
    return slot[1][host]


def _stranger_file(a, cmd: Cmd, path: str, how: str, into: str = "") -> bool:
    """The file `path`, fetched earlier in this input (by curl or wget, or from where no name vouches for it:
    exec.Downloads.strangers), given to a server to deploy (_deploy_source). True when reported."""
    if not path:
        return False
    keys = {paths.normalize(path), paths.normalize(a.in_cwd(path) or path)}
    url = next((a.downloaded.strangers[k] for k in keys if k in a.downloaded.strangers), None)
    if url is None and (holds(a.doc.data, b"curl") or holds(a.doc.data, b"wget")):
        url = next((u for at, f, u in reversed(_per_input(a, "fetches", lambda c: _fetches(a, c)))
                    if f in keys and at < cmd.node.start_byte), None)
    return url is not None and _deploy_source(a, cmd, url, how, into)


def _war_fetched(a, cmd: Cmd) -> None:
    """`curl http://198.51.100.23/x.war -o /opt/wildfly/standalone/deployments/x.war` (or `wget -P webapps/ URL`):
    the server deploys what was fetched (_deploy_source)."""
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return
    for r in reader(cmd.args):
        for u in r.urls:
            url = u.value or ""
            target = next((o for o in _saved_as(a, cmd, url) if _deployed(o)), None)
            if target is not None and _deploy_source(a, cmd, url, "puts", target):
                return


def _war_moved(a, cmd: Cmd) -> None:
    """`curl -o /tmp/a.war http://203.0.113.5/a.war && mv /tmp/a.war /opt/tomcat/webapps/`: a file fetched earlier
    from where no name vouches for it moved into a deployments folder."""
    from .files import copy_sources, write_targets

    for w in write_targets(cmd):
        at = w.value or ""
        # (`rsync a.war app1:/opt/tomcat/webapps/`: the folder on that server; `cd webapps && mv /tmp/a.war .`)
        at = at.split(":", 1)[1] if cmd.name == "rsync" and re.match(r"[\w.@-]+:", at) else a.in_cwd(at) or at
        _moved_into(a, cmd, [src.value or "" for src in copy_sources(cmd, w)], at)


def _moved_into(a, cmd: Cmd, sources: list[str], at: str) -> None:
    """Files fetched earlier from where no name vouches for them (_stranger_file) put into the folder or file `at`."""
    for path in sources:
        name = path.rstrip("/").rsplit("/", 1)[-1]
        dest = at if _DEPLOY_EXT.search(at) else f"{at.rstrip('/')}/{name}"
        if _deployed(dest) and _stranger_file(a, cmd, path, f"puts {path}, holding", dest):
            return


def _container_copy(a, cmd: Cmd) -> None:
    """`docker cp /tmp/a.war tomcat:/usr/local/tomcat/webapps/` (`kubectl cp … pod:/path`): into the container's
    deployments folder."""
    from .infra import _DOCKER_ARG, _KUBE_ARG, _path

    kube = cmd.name in ("kubectl", "oc")
    if _path(cmd.args, _KUBE_ARG if kube else _DOCKER_ARG, 1) != ["cp"]:
        return
    pos = [w.value or "" for w in positionals(cmd.args, frozenset({"-c", "--container", "-n", "--namespace"}))]
    pos = pos[pos.index("cp") + 1:] if "cp" in pos else []
    if len(pos) == 2 and ":" in pos[1] and ":" not in pos[0]:
        _moved_into(a, cmd, [pos[0]], pos[1].split(":", 1)[1])


def _jsp_written(a, cmd: Cmd) -> None:
    """`cat > webapps/ROOT/x.jsp <<EOF … Runtime.getRuntime().exec(request.getParameter…)`: a web shell."""
    from .exec import stdin_text

    fed = stdin_text(a, cmd)
    if fed is not None and dt.jsp_shell(fed[0]):
        a.block("persistence", f"`{cmd.name}` writes a JSP page that runs the commands a request carries: a web "
                               "shell on the application server; agents must not plant remote access", cmd.node)


# -- settings files written: called by admin.judge_write -----------------------------------------------------------
_SSSD_OPEN = re.compile(r"(?i)\baccess_provider\s*=\s*permit\b|\bad_gpo_access_control\s*=\s*(?:disabled|permissive)\b|"
                        r"\bsimple_allow_users\s*=\s*\*|\bldap_access_order\s*=\s*expire\b")


_SED_DELETES = re.compile(r"(?m)(?:^|;)[ \t]*/([^/\n]{1,300})/[ \t]*d\b")  # `/RemoteAddrValve/d` among other commands


def _sed_edit(cmd: Cmd, script: str) -> tuple[str, str, list[tuple[str, str]]]:
    """What a `sed -i` script writes (its replacements and added lines), what it removes (the lines it deletes, and
    the patterns a substitution replaces by nothing), and its substitutions: the pattern side names what is there
    now, not what the file says after the edit (`s/signing="false"/signing="true"/` turns signing on)."""
    from .admin import _deletes_lines
    from .sed import line_edits, substitutions

    subs = substitutions(cmd)
    added = "\n".join([r for _, r in subs] + [t for _, t in line_edits([script])])
    removed = "\n".join([_deletes_lines(cmd) or ""] + [p for p, r in subs if not r.strip()] +
                        _SED_DELETES.findall(script))
    return added, removed, subs


def config_write(a, cmd: Cmd, w, value: str) -> bool:
    """A login or deployment setting of the servers above weakened in what `cmd` writes to `value`; True when
    blocked here."""
    from .admin import _sed_script, written_text

    if not dt.judged_write(value):
        return False
    low = value.lower()
    script = _sed_script(cmd) if cmd.name in ("sed", "gsed") else None
    subs: list[tuple[str, str]] = []
    if script is not None:
        text, removed, subs = _sed_edit(cmd, script)
    else:
        text, removed = written_text(a, cmd, w), ""
    found = None
    if low.endswith("tomcat-users.xml") and text and (m := dt.tomcat_admin(text)):
        found = ("privilege-escalation", f"`{m}` adds an administrator of Tomcat's manager with a password written "
                                         "on the line (the manager deploys code): a login the agent knows; let the "
                                         "user create administrators")
    elif low.endswith("/context.xml") and (dt.valve_removed(removed) or any(dt.valve_edit_opens(p, r) for p, r in subs)):
        found = ("permission-tamper", "the RemoteAddrValve that keeps the manager application to this machine is "
                                      "removed or opened to every address: the manager (which deploys code) answers "
                                      "every network; keep it")
    elif "sssd" in low and text and (m := _SSSD_OPEN.search(text)):
        found = ("permission-tamper", f"`{m.group(0)}` lets every account of the directory log in to this machine "
                                      "(the access rules and group policies no longer apply); keep the access "
                                      "control on")
    elif low.endswith("shibboleth2.xml") and (text and dt.SAML_OFF.search(text) or "signature" in removed.lower()):
        found = ("permission-tamper", "Shibboleth's signature checks on metadata or assertions are removed: anyone "
                                      "can then present assertions the service accepts; keep them")
    elif low.endswith((".jsp", ".jspx")) and text and dt.jsp_shell(text):
        found = ("persistence", "a JSP page that runs the commands a request carries: a web shell on the "
                                "application server; agents must not plant remote access")
    if found is None:
        return False
    a.block(found[0], f"`{cmd.name}` writes {value}: {found[1]}", w.node)
    return True


# -- keytabs: used, not printed ------------------------------------------------------------------------------------------
def keytab_words(cmd: Cmd) -> frozenset[tuple[int, int]]:
    """The spans of the keytab words `kinit -k -t KT` logs in with and `klist -k KT` lists (principals and key
    types, not the keys: `-K` prints those): the tool uses the file as `ssh -i` does its key. For bash/files.py's
    secret-read check to skip."""
    if cmd.name not in ("kinit", "klist"):
        return frozenset()
    if cmd.name == "klist" and (not has_flag(cmd.args, "k") or has_flag(cmd.args, "K")):
        return frozenset()
    if cmd.name == "kinit" and not has_flag(cmd.args, "k", ("--use-keytab",)):  # (Heimdal's long form)
        return frozenset()
    out = set()
    for w in cmd.args:
        if (w.value or "").endswith(".keytab") or (w.value or "").startswith("FILE:"):
            out.add((w.node.start_byte, w.node.end_byte))
    return frozenset(out)


HANDLERS: dict = {
    "sqlplus": [_sqlplus], "rman": [_rman], "runmqsc": [_runmqsc], "dltmqm": [_dltmqm],
    **{n: [_sent] for n in NET_SENDERS},
    "samba-tool": [_samba_tool],
    **dict.fromkeys(("impacket-secretsdump", "secretsdump.py", "impacket-GetUserSPNs", "GetUserSPNs.py",
                     "impacket-GetNPUsers", "GetNPUsers.py"), [_impacket]),
    **dict.fromkeys(("ldapmodify", "ldapadd"), [_ldap_config]),
    **dict.fromkeys(("add-user.sh", "add-user"), [_add_user]),
    **dict.fromkeys(("jboss-cli.sh", "jboss-cli"), [_jboss_cli]),
    **dict.fromkeys(("wsadmin.sh", "wsadmin"), [_wsadmin]),
    **dict.fromkeys(("cat", "tee"), [_jsp_written]),
}
for _n in ("curl", "wget"):
    HANDLERS[_n] = [*HANDLERS.get(_n, []), _deploy_url]
HANDLERS.update({
    "net": [_net], **dict.fromkeys(("nxc", "netexec", "crackmapexec", "cme"), [_nxc]),
    **dict.fromkeys(("python", "python3", "python2"), [_impacket_script]),
    **dict.fromkeys(("standalone.sh", "domain.sh"), [_wildfly_start]),
    **dict.fromkeys(("wlst.sh", "wlst", "java"), [_wlst]),
    **dict.fromkeys(("mv", "cp", "install", "ln", "rsync"), [_war_moved]),
    **dict.fromkeys(("docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc"), [_inside]),
    **dict.fromkeys(("sh", "bash", "ksh", "zsh", "dash"), [_client_string]),
})
# the words each handler reads (bash/fastpath.py)
_DEPLOY_WORDS = ("/deployments", "webapps", "autodeploy", "dropins", "hotdeploy")
_DEPLOY_FOLDERS = mentions(*_DEPLOY_WORDS)
_FEEDS = mentions("slapcat", "expdp", "exp ", "configuration", "conf", "user_projects", "cells",
                  *sorted(_MQ_READERS))
SCREENS: dict = {
    "sqlplus": mentions("drop", "grant", "audit", "user$", "link$", "spare4", "password", fold=True),
    "rman": mentions("delete", "drop", fold=True),
    "runmqsc": mentions("clear", "delete", "chlauth", "connauth", "mcauser", "chckclnt", fold=True),
    "dltmqm": lambda text: True,
    **{n: _FEEDS for n in NET_SENDERS},
    "samba-tool": mentions("addmembers", "add-members", "delete", "setpassword", "passwordsettings"),
    "net": mentions("addmem", "password", fold=True),
    **dict.fromkeys(("nxc", "netexec", "crackmapexec", "cme"), mentions(*_NXC_DUMPS, "-M", "--module")),
    # (a script of the impacket examples run by the interpreter)
    **dict.fromkeys(("python", "python3", "python2"), mentions("secretsdump", "getuserspns", "getnpusers", "gettgt",
                                                               "dcsync", "lsadump", fold=True)),
    **dict.fromkeys(("standalone.sh", "domain.sh"), mentions("management")),
    **dict.fromkeys(("wlst.sh", "wlst", "java"), mentions("ecrypt")),
    **dict.fromkeys(("mv", "cp", "install", "ln", "rsync"), _DEPLOY_FOLDERS),
    # (`su - oracle -c 'sqlplus …' <<EOF`, read as `sh -c` run by another user)
    **dict.fromkeys(("sh", "bash", "ksh", "zsh", "dash"), mentions(*sorted(_INSIDE))),
    # (a container's `exec` of the clients above, a file copied into its deployments folder)
    **dict.fromkeys(("docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc"),
                    mentions(*sorted(_INSIDE), *_DEPLOY_WORDS)),
    **dict.fromkeys(("impacket-secretsdump", "secretsdump.py", "impacket-GetUserSPNs", "GetUserSPNs.py",
                     "impacket-GetNPUsers", "GetNPUsers.py"), lambda text: True),
    **dict.fromkeys(("ldapmodify", "ldapadd"), mentions("olcaccess", "dsheuristics", "useraccountcontrol",
                                                         "olcrootpw", "olcsecurity", "olcallows", "olcdisallows",
                                                         fold=True)),
    # (a literal password: given with -p, or as the second operand, which a quote or a character no user name holds
    # may mark; any add-user line with two operands or more is read)
    **dict.fromkeys(("add-user.sh", "add-user"), lambda text: True),
    **dict.fromkeys(("jboss-cli.sh", "jboss-cli"), mentions("0.0.0.0", "management-interface", "--file", "deploy")),
    **dict.fromkeys(("wsadmin.sh", "wsadmin"), mentions("-f", "ecurity", "false")),
    **dict.fromkeys(("cat", "tee"), mentions("<%")),
}
for _n in ("curl", "wget"):
    SCREENS[_n] = (lambda old, new: lambda text: old(text) or new(text))(
        SCREENS.get(_n, lambda text: False), mentions("war=", ".war", ".ear", ".jar", ".jsp"))


# -- root's read-only checks of the directory's clients (admin.ROOT_QUERIES, read by system.inspection) ---------------
# Each test reads the words as the tool does and passes only the forms that read or write a copy where no system file
# lives: an option outside the known ones, a verb that changes something, or an operand too many keeps the review.
def _getopt(vals: list[str], flags: str, valued: str, long: dict[str, str] | None = None) -> dict | None:
    """The options of a getopt-style command line (`-kt KT`, `-lFILE`, `--keytab=KT` through `long`, which maps a long
    option to its letter: `=` for one that takes no value is given as the letter followed by `!`), with "" for the
    operands; None when a word is an option the tool's reads do not take."""
    out: dict[str, list[str]] = {"": []}
    j = 0
    while j < len(vals):
        v = vals[j]
        j += 1
        if v == "--":
            out[""] += vals[j:]
            break
        if v[:2] == "--":
            key, eq, tail = v.partition("=")
            letter = (long or {}).get(key)
            if letter is None:
                return None
            if letter.endswith("!"):
                out.setdefault(letter[0], []).append("")
            elif eq:
                out.setdefault(letter, []).append(tail)
            elif j < len(vals):
                out.setdefault(letter, []).append(vals[j])
                j += 1
            else:
                return None
            continue
        if v[:1] != "-" or v == "-":
            out[""].append(v)
            continue
        for k in range(1, len(v)):
            ch = v[k]
            if ch in valued:
                if v[k + 1:]:
                    out.setdefault(ch, []).append(v[k + 1:])
                elif j < len(vals):
                    out.setdefault(ch, []).append(vals[j])
                    j += 1
                else:
                    return None
                break
            if ch not in flags:
                return None
            out.setdefault(ch, []).append("")
    return out


# where root's copy of the directory may go: scratch space or a backups folder, never a file the system reads
_COPY_FOLDER = re.compile(r"^(?:/tmp/|/var/tmp/|/var/backups/|/backups?/|/(?:srv|data|mnt|opt|u0\d)/(?:[^/]+/)*"
                          r"[^/]*backup[^/]*/)")


def _copy_target(path: str) -> bool:
    n = paths.normalize(path)
    return bool(_COPY_FOLDER.match(n)) and ".." not in n.split("/") and "$" not in n


def _slapcat_reads(vals: list[str], pos: list[str]) -> bool:
    """`slapcat -n 1 -l /var/backups/ldap/x.ldif`: the directory copied into a backups folder. Printed instead (every
    password hash in the agent's hands), written over a system file (`-l /etc/passwd`) or run with a configuration
    the input may have written (`-f`, `-F`: `moduleload` runs code as root), it keeps the review."""
    opts = _getopt(vals, "cgvq", "abdfFHlnos")
    if opts is None or opts[""] or "f" in opts or "F" in opts:
        return False
    out = opts.get("l", [])
    return len(out) == 1 and _copy_target(out[0])


# samba-tool's reads, by their verbs (the most operands each takes) and the options they may carry; samba-tool's
# option parser takes any unambiguous prefix of a long option (`--fi` is `--fix`), so a prefix is read as the option
# it may stand for: only whole known options pass
_SAMBA_READS = {("dbcheck",): 1, ("domain", "info"): 1, ("domain", "level", "show"): 0, ("drs", "showrepl"): 1,
                ("fsmo", "show"): 0, ("user", "list"): 0, ("group", "list"): 0, ("computer", "list"): 0,
                ("user", "show"): 1, ("group", "listmembers"): 1, ("testparm",): 0}
_SAMBA_READ_OPTS = frozenset({"--cross-ncs", "--scope", "-v", "--verbose", "-q", "--quiet", "--json", "--full-dn",
                              "--suppress-prompt", "-k", "--kerberos", "--use-kerberos"}) | \
    frozenset({"-H", "--URL", "-U", "--username", "-W", "--workgroup", "-s", "--configfile", "--realm", "-d",
               "--debuglevel", "--server"})
_SAMBA_VALUED = frozenset({"-H", "--URL", "-U", "--username", "-W", "--workgroup", "-s", "--configfile", "--realm",
                           "-d", "--debuglevel", "--server", "--scope"})
_NET_READS = {("ads", "testjoin"): 0, ("ads", "info"): 0, ("ads", "status"): 0, ("ads", "lookup"): 0,
              ("rpc", "testjoin"): 0, ("ads", "workgroup"): 0}
_NET_READ_OPTS = frozenset({"-k", "--kerberos", "-P", "--machine-pass", "-U", "--user", "-S", "--server", "-W",
                            "--workgroup", "-d", "--debuglevel", "-s", "--configfile"})
_NET_VALUED = frozenset({"-U", "--user", "-S", "--server", "-W", "--workgroup", "-d", "--debuglevel", "-s",
                         "--configfile"})


def _verbs(*ok: str, bare: bool = True):
    """system._verbs (one-word verbs), imported when first asked (system.py imports files.py, which imports admin.py,
    which reads this table as it loads)."""
    def test(vals: list[str], pos: list[str]) -> bool:
        from .system import _verbs as verbs

        return verbs(*ok, bare=bare)(vals, pos)
    return test


def _verb_reads(table: dict, known: frozenset, valued: frozenset):
    """A test for a tool whose verb is several words (`samba-tool domain level show`): the operands left once the
    options and their values are set apart start with a verb of `table`, with at most its count of operands after
    it, and every option is in `known`."""
    def test(vals: list[str], pos: list[str]) -> bool:
        ops: list[str] = []
        j = 0
        while j < len(vals):
            v = vals[j]
            j += 1
            if v[:1] != "-":
                ops.append(v)
                continue
            key = v.split("=", 1)[0]
            if key not in known:
                return False
            if key in valued and "=" not in v:
                j += 1
        for size in (3, 2, 1):
            most = table.get(tuple(ops[:size]))
            if most is not None and len(ops) >= size:
                return len(ops) - size <= most
        return False
    return test


def _keytab_login(vals: list[str], pos: list[str]) -> bool:
    """`kinit -kt /etc/krb5.keytab host/web03`: root logs the machine in with its keytab. A credential cache written
    by root outside /tmp and /run (`-c /etc/cron.d/x`) or an armour or certificate read from a file keeps the
    review."""
    opts = _getopt(vals, "fpFPn45aAVkiRvCE", "rlscStTXI", {"--use-keytab": "k!", "--keytab": "t", "--cache": "c"})
    if opts is None or "k" not in opts or "T" in opts or "X" in opts or len(opts[""]) > 1:
        return False
    return all(_ticket_cache(c) for c in opts.get("c", []))


def _ticket_cache(spec: str) -> bool:
    kind, colon, path = spec.partition(":")
    if not colon:
        kind, path = "FILE", spec
    n = paths.normalize(path)
    return kind.upper() == "FILE" and n.startswith(("/tmp/", "/run/")) and ".." not in n.split("/")


ROOT_QUERIES: dict = {
    "slapcat": _slapcat_reads,
    "adcli": _verbs("info", "testjoin", "show-computer", "show-user", "show-group", bare=False),
    "samba-tool": _verb_reads(_SAMBA_READS, _SAMBA_READ_OPTS, _SAMBA_VALUED),
    "sssctl": _verbs("domain-list", "domain-status", "user-checks", "config-check", "user-show", "group-show",
                     "netgroup-show", "analyze", bare=False),
    "net": _verb_reads(_NET_READS, _NET_READ_OPTS, _NET_VALUED),
    "realm": _verbs("list", "discover"),
    "kinit": _keytab_login,
    "klist": lambda vals, pos: not any(v[:1] == "-" and v[1:2] != "-" and "K" in v for v in vals),
}


def _outputs(a, cmd: Cmd, opts: tuple[str, ...]) -> list[str]:
    """The files that end up holding what `cmd` prints or writes: its output option (`opts`), its output redirected,
    and what the later stages of its pipeline write (`| gzip > d.gz`, `| tee d.ldif`)."""
    from .files import written_file

    outs = [w.value for w in option_value(cmd.args, *opts) if w.value] if opts else []
    outs.append(written_file(a, cmd.redirects))
    where = pipeline_stage(cmd)
    if where is not None:  # (read from the tree: the later stages are not yet among the commands seen)
        pipe = where[0][0].parent
        if pipe.parent is not None and pipe.parent.type == "redirected_statement":
            outs.append(written_file(a, pipe.parent.children_by_field_name("redirect")))
        for stage in where[0][where[1] + 1:]:
            body = stage
            if stage.type == "redirected_statement":
                outs.append(written_file(a, stage.children_by_field_name("redirect")))
                body = (stage.children_by_field_name("body") or [stage])[0]
            if body.type == "command" and (name := body.child_by_field_name("name")) is not None and \
                    a.src(name).rsplit("/", 1)[-1] == "tee":
                outs += [a.ev.word(n).value for n in body.children_by_field_name("argument")
                         if not a.src(n).startswith("-")]
    return [o for o in outs if o and not o.startswith("/dev/")]


def _slapcat(a, cmd: Cmd) -> None:
    """slapcat's copy of the directory (its `-l FILE`, a redirect, a later stage's file), noted (a name it is later
    renamed to by a compressor, `d.ldif.gz`, included), so an upload of it later in the input is exfiltration."""
    from .net import note_file

    for out in _outputs(a, cmd, ("-l",)):
        note_file(a, out, "a copy of the directory with every password hash (`slapcat`)", cmd.node, prefix=True)


HANDLERS["slapcat"] = [_slapcat]
SCREENS["slapcat"] = lambda text: True  # (every run prints or writes the whole directory)
for _n in _MQ_READERS:
    HANDLERS[_n] = [_mq_dump]
    SCREENS[_n] = lambda text: True  # (every run prints or writes the queue's messages)
