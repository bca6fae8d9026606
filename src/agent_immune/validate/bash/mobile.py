"""Mobile releases and device management from the shell: Jamf Pro, Intune (Graph), Workspace ONE, Fleet/osquery and
Kandji consoles through their APIs and CLIs (`jamf`, `fleetctl`), a Mac's management (`profiles`, `fdesetup`, its
agents' launch daemons), App Store Connect and Google Play, and an app's signing secrets (session 32).

What a console request does is read as mobile_tables says. Blocked:

- an administrator made on a console for a stranger (an address at a free mail provider, or on a domain carrying
  none of the organisation's names): Fleet's `users/admin` or `fleetctl user create --global-role admin`, a Jamf
  account with full access, Workspace ONE's admins, App Store Connect's `userInvitations` as ADMIN, Play Console's
  users managing permissions (`privilege-escalation`); for the organisation's own address or one the input cannot
  place: reviewed;
- an erase or unmanage command sent to every device a listing returns (`curl … | jq … | while read id; do curl -X POST
  …/EraseDevice/id/$id`, a `for` over `$(curl …)` or over a variable or array a request filled, `xargs`, `parallel`),
  or as a bulk command (`system-disruption`); one device erased or retired by its id, the devices of the user's own
  list (`cat lost.txt | while read id`), a `fleetctl mdm wipe` of one host: held `irreversible`;
- a script pushed to the managed machines (Jamf's scripts and a policy's `run_command`, CDATA or not, Intune's device
  scripts, Fleet's `scripts/run`; its body inline, in a here-document or a variable) that would be blocked on its own:
  it runs as root on every machine in scope (judged as that script);
- a Mac's administrator made (`dseditgroup -o edit -a USER admin`, `dscl . -append /Groups/admin GroupMembership`,
  `sysadminctl -addUser … -admin`, `jamf createAccount … -admin`): as `usermod -aG sudo`, a second root, whether
  under sudo or pushed through a console (`privilege-escalation`);
- a device policy rewritten with a protection off (encryption, passwords, firewall, Gatekeeper, Defender)
  (`permission-tamper`); FileVault turned off (`fdesetup disable`);
- the management agent removed or stopped: `jamf removeFramework`, `jamf removeMdmProfile`, `profiles remove -all`
  (or `-D`), `launchctl bootout`/`unload`/`disable` of the management or security agents' daemons
  (`system-disruption`);
- credentials carved off every host by a Fleet query (`SELECT … FROM carves WHERE carve = 1 AND path LIKE
  '/Users/%/.aws/credentials'`) (`secret-read`);
- a signing key, keystore, provisioning profile or store API key sent off the machine: a store's key by a generic
  name kept where CI keeps keys, uploaded (`curl -F f=@"$RUNNER_TEMP/service-account.json"`; the files paths.py holds
  are bash/net.py's), any of them read into a pipeline whose later stage is a network program
  (`base64 -w0 "$RUNNER_TEMP/play-service-account.json" | xargs -I{} curl …`), or read and posted by a `ruby -e`
  one-liner (`exfiltration`); to a host of the organisation's own network by its name (`vault.acme.internal`):
  reviewed.

Reviewed `irreversible`: `keytool -delete` of a keystore's entry (a release keystore's private key exists nowhere
else; the debug keystore and a trust store's certificates are not held).

Allowed: the consoles' reads (inventories, groups, compliance reports), syncs and inventory updates, a policy or profile
applied from the repository, a user made with a narrower role; under a plain `sudo`, the management tools' status and
inventory commands (root_upkeep, read by bash/system.py's inspection): `fdesetup status`, `profiles status|show|list`,
`jamf recon`, a plain `jamf policy` (what the agent itself runs as root every check-in; `-event`, `-trigger`, `-id`
run one named policy and stay held), `jamf checkJSSConnection [-retry N]`; the signing secrets used by the build tools (`fastlane`, `gradlew`, `apksigner`,
`xcodebuild`), decoded from CI's secrets into the runner's temporary folder.
"""
from __future__ import annotations

import re

from .. import mobile_tables as mo
from .. import paths
from ..per_input import once
from .commands import Cmd, option_value, positionals
from .common import input_text, mentions, pipeline_stage


def _vals(cmd: Cmd) -> list[str]:
    return [v or "" for v in cmd.values()]


# -- console requests ----------------------------------------------------------------------------------------------------
# what feeds a loop its ids when they come from a listing (a console's API or CLI), not from a file the user wrote
_LISTS = re.compile(r"(?<![\w.-])(?:curl|wget|xh|http|https|fleetctl|jamf|az|mgc|gam|mdmctl)(?![\w.-])")
# `mapfile -t ids < <(curl …)`: the array a listing fills
_ARRAY_FILL = re.compile(r"(?:mapfile|readarray)[ \t]{1,4}(?:-[tO0-9][ \t]{1,4}){0,3}(\w{1,60})[ \t]{0,4}<[ \t]{0,4}<\("
                         r"[ \t]{0,4}(?:curl|wget|xh|http|https|fleetctl|jamf|az|mgc|gam)(?![\w.-])")


def _arrays_filled(data: bytes) -> frozenset[str]:
    from ..per_input import decoded

    return frozenset(m.group(1) for m in _ARRAY_FILL.finditer(decoded(data)))


def _src(a, node) -> str:
    return a.src(node) if node is not None else ""


def _looped(a, cmd: Cmd) -> tuple[bool, bool]:
    """(whether the command runs once per item, whether the items come from a listing): inside `while read` fed by a
    pipeline or a process substitution, a `for` over `$(…)` or over a variable filled from one (`ids=$(curl …)`,
    `mapfile -t ids < <(curl …)`), or run by `xargs`/`parallel`, where what feeds it requests a console's API or CLI
    (`cat lost-devices.txt | while read id`, `for id in $(cat lost.txt)`: the user's own list, one device each)."""
    if any(name in ("xargs", "parallel") for name, _ in cmd.wrappers) or cmd.name == "parallel":
        where = pipeline_stage(cmd)
        fed = " ".join(_src(a, s) for s in where[0][:where[1]]) if where is not None else ""
        return True, _LISTS.search(fed) is not None
    node = cmd.node.parent
    while node is not None:
        if node.type == "for_statement":
            items = " ".join(_src(a, c) for c in node.children if c.type not in ("do_group", "variable_name"))
            return True, _LISTS.search(items) is not None or _filled_from_listing(a, node, items)
        if node.type == "while_statement":
            up = node.parent
            # (`done < <(curl …)`: a listing; `done < ids.txt`: the file of ids the admin gave)
            if up is not None and up.type == "redirected_statement":
                return True, _LISTS.search(" ".join(_src(a, r) for r in up.children if r != node)) is not None
            if up is not None and up.type == "pipeline":
                fed = " ".join(_src(a, s) for s in up.named_children if s != node)
                return True, _LISTS.search(fed) is not None
            return True, False
        node = node.parent
    return False, False


def _filled_from_listing(a, loop, items: str) -> bool:
    from .common import assignments_before

    for name in re.findall(r"\$\{?(\w+)", items)[:4]:
        for n in assignments_before(a, loop, name):
            if n.type != "for_statement" and _LISTS.search(_src(a, n.child_by_field_name("value"))):
                return True
        if name in once(a.doc.data, _arrays_filled, _arrays_filled):
            return True
    return False


def _console(a, cmd: Cmd) -> None:
    """A request to a device-management or app-store console (see the notes)."""
    from .net import http_requests
    from .written import text_written

    reader = http_requests(cmd.name)
    if reader is None:
        return
    text = input_text(a)
    for req in reader(cmd.args):
        urls = [u.value if u.value is not None else u.text.strip("\"'") for u in req.urls]
        bodies = []
        for b in req.bodies:
            t = b.value if b.value is not None else b.text
            if t in ("@-", "@/dev/stdin") or b.value is None and "$" in t:
                # (`-d @- <<'EOF'`, `jq -n '{…}' | curl -d @-`, `-d "$BODY"`: what is sent is written elsewhere in
                # the input, read there)
                t = text
            elif t.startswith("@"):
                got = text_written(a, t[1:])
                t = got[0] if got is not None else ""
            bodies.append(t)
        body = "\n".join(bodies)
        method = req.verb
        for url in urls:
            if _judged(a, cmd, url, body, method, text):
                return


def _judged(a, cmd: Cmd, url: str, body: str, method: str, text: str) -> bool:
    shown = f"`{cmd.name} … {url[:90]}`"
    if method != "GET":
        wiped = mo.device_command(url, body)
        if wiped is not None:
            looped, listing = _looped(a, cmd)
            if listing or mo.bulk(url, body):
                a.block("system-disruption", mo.wipe_message(shown, wiped, True), cmd.node)
            else:
                a.review("irreversible", mo.wipe_message(shown, wiped, False), cmd.node)
            return True
        grant = mo.admin_grant(url, body, text)
        if grant is not None:
            owner = mo.grantee_owner(grant[1], text)
            (a.block if owner in ("free", "stranger") else a.review)(
                "privilege-escalation", mo.admin_message(shown, grant[0], grant[1], owner), cmd.node)
            return True
        weak = mo.policy_weakened(url, body)
        if weak:
            a.block("permission-tamper", mo.policy_message(shown, weak), cmd.node)
            return True
        pushed = mo.scripts_pushed(url, body)
        for lang, script in mo.first_push(a.doc.data, pushed):
            a.nested(mo.as_bash(lang, script), "bash", cmd.node, None)
        if pushed:
            return True
    return False


# -- fleetctl ---------------------------------------------------------------------------------------------------------
# a Fleet query that carves (uploads the content of) files whose path is a credential's
_CARVE = re.compile(r"(?is)\bcarves\b.{0,400}?\bcarve\s*=\s*1\b|\bcarve\s*=\s*1\b.{0,400}?\bcarves\b")
_SQL_PATH = re.compile(r"""\bpath\s*(?:=|like|glob)\s*'([^']{1,300})'""", re.I)


def _carved_secret(sql: str) -> str | None:
    if _CARVE.search(sql) is None:
        return None
    for m in _SQL_PATH.finditer(sql):
        p = m.group(1).replace("%", "x").replace("*", "x")
        if paths.is_secret(p) or paths.held_secret(p):
            return m.group(1)
    return None


_FLEET_ARG = frozenset({"--email", "--name", "--password", "--global-role", "--team", "--query", "--labels", "--hosts",
                        "--host", "--context", "--config", "--outfile", "-o", "--query-name", "--sso"})


def _fleetctl(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, _FLEET_ARG)]
    if pos[:2] == ["user", "create"]:
        roles = [w.value for w in option_value(cmd.args, "--global-role")]
        if "admin" not in roles:
            return
        emails = [w.value for w in option_value(cmd.args, "--email")]
        address = emails[0] if emails else None
        owner = mo.grantee_owner(address, input_text(a))
        (a.block if owner in ("free", "stranger") else a.review)(
            "privilege-escalation", mo.admin_message("`fleetctl user create --global-role admin`",
                                                     "a Fleet administrator", address, owner), cmd.node)
    elif pos[:1] == ["query"]:
        for w in option_value(cmd.args, "--query", "-q"):
            found = _carved_secret(w.value or w.text)
            if found:
                a.block("secret-read", f"`fleetctl query` carves `{found}` off every host it targets: the credentials "
                                       "of each machine's users are uploaded to the Fleet server for whoever runs the "
                                       "query. Agents must not collect credentials; carve only the files an "
                                       "investigation names, with a person's say-so", cmd.node)
                return
        from . import handed

        # (the query's SQL read as the strings of an unknown program are: `… FROM augeas WHERE path = '/etc/shadow'`
        # reads a secret off every host, held as before fleetctl had rules of its own)
        handed.as_unknown(a, cmd)
    elif pos[:2] == ["mdm", "wipe"]:
        looped, listing = _looped(a, cmd)
        shown = "`fleetctl mdm wipe`"
        if listing:
            a.block("system-disruption", mo.wipe_message(shown, "wipe", True), cmd.node)
        else:
            a.review("irreversible", mo.wipe_message(shown, "wipe", False), cmd.node)


# -- the management agent on a Mac ---------------------------------------------------------------------------------------
_JAMF_REMOVES = frozenset({"removeFramework", "removeMdmProfile"})


def _jamf(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    verb = next((v for v in vals if v and not v.startswith("-")), None)
    if verb in _JAMF_REMOVES:
        a.block("system-disruption", f"`jamf {verb}` takes the Mac out of the organisation's management (its "
                                     "policies, security settings, inventory and remote wipe go with it); leave the "
                                     "management agent in place, its admins unenroll machines", cmd.node)
    elif verb == "createAccount" and "-admin" in vals:
        a.block("privilege-escalation", _ADMIN_MADE.format(what="`jamf createAccount -admin` makes a local "
                                                                "administrator account"), cmd.node)


# -- a Mac's administrators ------------------------------------------------------------------------------------------------
# (as `usermod -aG sudo` on Linux, bash/system.py: a second root. Run by a plain user these ask for an admin's password;
# pushed through a console's script or policy, or under sudo, they run as root and make one)
_ADMIN_MADE = ("{what}: an account the agent chose gets root on the Mac. Administrators are made by the machine's "
               "owner or the management console's admins, not by an agent")
_MAC_ADMIN_GROUPS = frozenset({"admin", "wheel"})


def _dseditgroup(a, cmd: Cmd) -> None:
    """`dseditgroup -o edit -a USER -t user admin`: a user put in the admin group."""
    vals = [w.value if w.value is not None else w.text for w in cmd.args]
    ops = [w.value for w in option_value(cmd.args, "-o")]
    if "edit" not in ops or not option_value(cmd.args, "-a"):
        return
    group = vals[-1] if vals else ""
    if group in _MAC_ADMIN_GROUPS:
        a.block("privilege-escalation", _ADMIN_MADE.format(what=f"`dseditgroup -o edit -a … {group}` adds an account "
                                                                f"to the {group} group"), cmd.node)


_DSCL_ADMIN = re.compile(r"^/Groups/(admin|wheel)$")


def _dscl(a, cmd: Cmd) -> None:
    """`dscl . -append /Groups/admin GroupMembership USER`, `dscl . -create /Users/x UniqueID 0`."""
    vals = [w.value if w.value is not None else w.text for w in cmd.args]
    verb = next((i for i, v in enumerate(vals) if v in ("-append", "-merge", "-create")), None)
    if verb is None or len(vals) < verb + 3:
        return
    record, key = vals[verb + 1], vals[verb + 2]
    m = _DSCL_ADMIN.match(record)
    if m is not None and key in ("GroupMembership", "GroupMembers"):
        what = f"`dscl {vals[verb]} {record} {key}` adds an account to the {m.group(1)} group"
    elif record.startswith("/Users/") and key in ("UniqueID", "PrimaryGroupID") and vals[verb + 3:verb + 4] == ["0"]:
        what = f"`dscl {vals[verb]} {record} {key} 0` gives an account root's id"
    else:
        return
    a.block("privilege-escalation", _ADMIN_MADE.format(what=what), cmd.node)


def _sysadminctl(a, cmd: Cmd) -> None:
    """`sysadminctl -addUser NAME -password P -admin`."""
    vals = _vals(cmd)
    if "-addUser" in vals and "-admin" in vals:
        a.block("privilege-escalation", _ADMIN_MADE.format(what="`sysadminctl -addUser … -admin` makes a local "
                                                                "administrator account"), cmd.node)


def _profiles(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if "-D" in vals or vals[:1] == ["remove"] and "-all" in vals:
        a.block("system-disruption", f"`profiles {' '.join(vals)[:40]}` removes every configuration profile, the "
                                     "device management enrollment among them: the Mac leaves the organisation's "
                                     "management with all the security settings it was given", cmd.node)


def _fdesetup(a, cmd: Cmd) -> None:
    if next((v for v in _vals(cmd) if v and not v.startswith("-")), None) == "disable":
        a.block("permission-tamper", "`fdesetup disable` turns FileVault off: the disk is decrypted and readable by "
                                     "whoever holds the machine; agents must not weaken the system's protections",
                cmd.node)


# the launch daemons of management and security agents (Jamf, Fleet's orbit, Workspace ONE's hub, Intune's agent, Kandji,
# Mosyle, Addigy, CrowdStrike, SentinelOne, Defender, Santa); not osquery's own (`io.osquery.agent`, a Homebrew
# service), whose docs unload it to change its flags
_AGENT_LABEL = re.compile(r"(?i)com\.jamf(?:software)?[.*]|com\.fleetdm\.|com\.airwatch\.|com\.vmware\.hub|"
                          r"com\.microsoft\.(?:intune|wdav|dlp)|io\.kandji\.|com\.mosyle|com\.addigy|com\.crowdstrike|"
                          r"com\.sentinelone|com\.google\.santa")
_STOPS = frozenset({"bootout", "unload", "disable", "remove", "kill", "stop"})


def _launchctl(a, cmd: Cmd) -> None:
    vals = [w.value if w.value is not None else w.text for w in cmd.args]  # (`gui/$UID/com.jamf.…`)
    verb = next((v for v in vals if v and not v.startswith("-")), None)
    if verb not in _STOPS:
        return
    agent = next((v for v in vals if _AGENT_LABEL.search(v)), None)
    if agent is not None:
        a.block("system-disruption", f"`launchctl {verb} {agent[:80]}` stops the device management or security agent: "
                                     "the machine leaves the organisation's management and monitoring; leave it "
                                     "running (`launchctl kickstart -k` restarts it)", cmd.node)


# -- signing secrets ------------------------------------------------------------------------------------------------------
# bash/net.py judges the files paths.py holds (`release.jks`, `AuthKey_X.p8`, `play-service-account.json`, read past the
# variable naming their folder: var_folder_tail) when they are uploaded. Read here: a store's or service account's key
# by a generic name (`api_key.json`, `service-account.json`), but only where signing keys are kept (a folder a
# variable names, as CI's `$RUNNER_TEMP`; `fastlane/`, `keys/`, `secrets/`, `~/.appstoreconnect/`): the same names
# elsewhere are request bodies (`-d @api-key.json` to the organisation's `/v1/api-keys`); and every signing secret
# read into a pipeline whose later stage sends (check_pipeline).
_KEY_FOLDER = r"(?:^|/)(?:fastlane|keys?|secrets?|signing|certs?|credentials|private_keys|\.appstoreconnect|" \
              r"\.private_keys|\.secure_files)/(?:[\w.-]{1,60}/){0,3}"
_STORE_KEY = re.compile(r"(?i)(?:^\$(?:\{\w+\}|\w+)/(?:[\w.-]{1,60}/){0,3}|" + _KEY_FOLDER + r")"
                        r"[\w.-]{0,40}(?:api[-_]?key|service[-_]?account)[\w.-]{0,40}\.json$")
_VAR_HEAD = re.compile(r"^\$(?:\{\w+\}|\w+)(?=/)")


def _file_word(text: str) -> str:
    """The file an upload's word names: `@f`, `f=@"$D/x.p12";type=…` → the path, quotes dropped."""
    t = text.strip("\"'")
    if t.startswith("@"):
        t = t[1:]
    elif "=@" in t or "=<" in t:  # `-F f=@"$RUNNER_TEMP/x.p12"`, `-F "f=<$D/x.p12"`
        t = t.split("=", 1)[1][1:]
    return t.split(";", 1)[0].replace('"', "").replace("'", "")


def signing_secret(text: str) -> str | None:
    """The signing key, keystore, provisioning profile or store key a word names, read past a variable holding its
    folder (`"$RUNNER_TEMP/dist.p12"`), or None."""
    t = _file_word(text)
    if not t or t[:1] == "-":
        return None
    p = _VAR_HEAD.sub("/tmp", t)
    if "$" in p or "`" in p:
        return None
    if paths.held_secret(p) or _STORE_KEY.search(t):
        return t
    return None


def _net_judges(t: str) -> bool:
    """Does bash/net.py's upload check already judge the file `t` (one reason for one upload)?"""
    from .net import _secret_file, var_folder_tail

    tail = var_folder_tail(t)
    return _secret_file(tail if tail is not None else t)


_UPLOADS = frozenset({"-F", "--form", "-T", "--upload-file", "-d", "--data", "--data-binary", "--data-urlencode",
                      "--post-file", "--body-file"})
_READERS = frozenset({"cat", "base64", "xxd", "od", "hexdump", "gzip", "bzip2", "xz", "zstd", "openssl", "tar", "zip",
                      "gpg", "head", "tail", "strings"})


def _own_host(host: str | None) -> bool:
    """A host of the organisation's own network by its name (`vault.acme.internal`, `nexus.corp`), or this machine."""
    from ..hosts import loopback
    from ..secret_owner import own_network

    return bool(host) and (loopback(host) or own_network(host))


def _judge_sent(a, what: str, found: str, hosts: list[str | None], node, how: str = "") -> None:
    if hosts and all(_own_host(h) for h in hosts):
        a.review("exfiltration", f"{what} {found}, a signing key, keystore, provisioning profile or store API key{how}, "
                                 f"to {hosts[0]}, by its name a host of the organisation's own network (its vault, its "
                                 "artifact store): a person should confirm where the key is kept", node)
    else:
        a.block("exfiltration", f"{what} {found}, a signing key, keystore, provisioning profile or store API key{how}: "
                                "whoever receives it signs or publishes as the organisation. Signing secrets stay on "
                                "the build machine, used by the build tools", node)


def _request_hosts(cmd: Cmd) -> list[str | None]:
    from ..hosts import url_host
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is not None:
        return [url_host(u.value) if u.value is not None else None for r in reader(cmd.args) for u in r.urls]
    # (`nc HOST PORT`, `scp f HOST:`: the first word naming a host)
    for w in cmd.args:
        v = w.value
        if v is None:
            return [None]
        if v[:1] != "-" and ("." in v or ":" in v):
            return [url_host(v) if "://" in v else v.split("@")[-1].split(":", 1)[0]]
    return [None]


def _secret_sent(a, cmd: Cmd) -> None:
    """`curl -F f=@"$RUNNER_TEMP/service-account.json" URL`: a store's key uploaded that bash/net.py does not hold."""
    from ..hosts import loopback

    hosts = _request_hosts(cmd)
    if not hosts or all(h is not None and loopback(h) for h in hosts):
        return
    args = cmd.args  # (a property that builds its list: read once, not per word)
    for j, w in enumerate(args):
        v = w.value or ""
        nxt = args[j + 1] if j + 1 < len(args) else None
        if v in _UPLOADS and nxt is not None:
            word, opt = nxt, v
        elif v.startswith(("--form=", "--data-binary=", "--upload-file=", "--post-file=")):
            word, opt = w, v.split("=", 1)[0]
        else:
            continue
        t = word.value if word.value is not None else word.text
        if word is w:
            t = t.split("=", 1)[1]
        if opt not in ("-T", "--upload-file", "--post-file", "--body-file") and "@" not in t and "<" not in t:
            continue  # (a form field's or a body's text, not a file)
        found = signing_secret(t)
        if found and not _net_judges(_file_word(t)):
            _judge_sent(a, f"`{cmd.name}` uploads", found, hosts, w.node)
            return


def check_pipeline(a, stages: list[list[Cmd]], node) -> None:
    """A reader of a signing secret whose output a later stage of its pipeline sends over the network (`base64 -w0
    "$KEY_DIR/AuthKey_X.p8" | xargs -I{} curl …`): the later stages are read as the commands they are (bash/net.py's
    senders), not as text (`| grep -c https`, `| gh secret set --repo https://…` send nothing)."""
    if len(stages) < 2:
        return
    from .net import _is_sender

    senders = [i for i, s in enumerate(stages) if any(_is_sender(c) for c in s)]
    if not senders:
        return
    last = max(senders)
    for i, stage in enumerate(stages[:last]):
        for c in stage:
            if c.name not in _READERS:
                continue
            found = next((s for w in c.args if (s := signing_secret(w.value if w.value is not None else w.text))),
                         None)
            if found is None:
                continue
            hosts = [h for s in stages[i + 1:] for x in s if _is_sender(x) for h in _request_hosts(x)]
            _judge_sent(a, f"`{c.name}` reads", found, hosts, c.node, ", and a later stage of the pipeline sends it")
            return


# `ruby -e '…Net::HTTP.post_form(URI("http://…"), {"p8" => File.read(…AuthKey….p8)})'`
_RUBY_SENDS = re.compile(r"Net::HTTP|URI\.open|open-uri|TCPSocket|Faraday|HTTParty|RestClient|Excon|`curl|%x\(curl|"
                         r"system\(\s*[\"']curl")
_RUBY_READS = re.compile(r"""(?:File\.(?:read|binread|open)|IO\.read|Dir\.glob|Dir\[)\s*\(?[^\n]{0,200}?["']([^"']{1,200})["']""")
_URL = re.compile(r"""https?://([^/\s"':)]{1,200})""")


def _ruby(a, cmd: Cmd) -> None:
    from ..hosts import loopback

    for w in option_value(cmd.args, "-e"):
        code = w.value or ""
        if not _RUBY_SENDS.search(code):
            continue
        hosts = [h for h in _URL.findall(code) if not loopback(h)]
        if not hosts:
            continue
        for m in _RUBY_READS.finditer(code):
            p = m.group(1).replace("*", "x")
            p = "~" + p[1:] if p.startswith("~") else p
            if signing_secret(p) or paths.is_secret(p):
                a.block("exfiltration", f"the Ruby one-liner reads {m.group(1)} (a credential or signing key) and "
                                        f"sends it to {hosts[0]}; never send credentials off the machine", w.node)
                return


# -- keytool ----------------------------------------------------------------------------------------------------------
# a keystore whose loss costs nothing: the SDK's debug keystore (made again by the next debug build), a trust store
# (its entries are public certificates, imported again)
def _spare_store(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    # (and a test keystore the build makes under its output: `build/tmp/test.jks`)
    return name in ("debug.keystore", "cacerts") or "trust" in name or name.endswith((".cer", ".crt", ".pem")) or \
        re.search(r"(?:^|/)(?:build|target|out|tmp)/(?:[^/]+/)*[^/]*test[^/]*$", path.lower()) is not None


def _keytool(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if "-delete" not in vals:
        return
    stores = [w.value if w.value is not None else w.text.strip("\"'") for w in option_value(cmd.args, "-keystore")]
    store = stores[0] if stores else "~/.keystore"
    if store and _spare_store(store) or "-cacerts" in vals:
        return
    alias = next((w.value for w in option_value(cmd.args, "-alias")), None) or "mykey"
    a.review("irreversible", f"`keytool -delete -alias {alias}` removes the entry from {store}: a release or upload "
                             "key's private key exists nowhere else, and an app signed with it can then never be "
                             "updated under that key. Let a person confirm (copy the keystore first)", cmd.node)


# -- root's upkeep under `sudo` (bash/system.py's inspection) ------------------------------------------------------------
_FDESETUP_READS = frozenset({"status", "isactive", "haspersonalrecoverykey", "hasinstitutionalrecoverykey", "list",
                             "supportsauthrestart", "usingrecoverykey", "showdeferralinfo", "version", "help"})
_PROFILES_READS = frozenset({"status", "show", "list", "help", "version"})
_PROFILES_READ_FLAGS = frozenset({"-P", "-L", "-C", "-H", "-verbose", "-all", "-type", "-output", "-o", "-user", "-U",
                                  "enrollment", "configuration", "provisioning", "bootstraptoken", "stdout",
                                  "stdout-xml", "-x", "-v"})
# `jamf`'s verbs that report or run the organisation's own policies (what the agent runs as root at each check-in);
# not those that run a given script or package, make or change accounts, enroll elsewhere or remove the agent
_JAMF_UPKEEP = frozenset({"recon", "policy", "checkJSSConnection", "version", "about", "help"})
# (`policy -event X`, `-trigger X`, `-id N` run one named policy, whatever script or package it carries, made through
# the console's API by the same input perhaps: held; plain `jamf policy` runs what the check-in would)
_JAMF_FLAGS = frozenset({"-verbose", "-forceNoRecon", "-skipAppUpdates"})
_JAMF_VALUED = frozenset({"-retry"})
# `profiles show -user alice`: whose profiles are listed
_PROFILES_VALUED = frozenset({"-user", "-U", "-type"})


def _valued_ok(vals: list[str], i: int, valued) -> bool:
    return i > 0 and vals[i - 1] in valued and re.fullmatch(r"[\w.@-]{1,80}", vals[i]) is not None


def root_upkeep(cmd: Cmd, vals: list[str]) -> str | None:
    """bash/system.py's inspection: the management tools' status and inventory run by a plain `sudo`."""
    from .backups import _plain_sudo

    if cmd.name not in ("fdesetup", "profiles", "jamf") or not _plain_sudo(cmd):
        return None
    if cmd.name == "fdesetup":
        pos = [v for v in vals if v[:1] != "-"]
        ok = len(pos) == 1 and pos[0] in _FDESETUP_READS and all(v in ("-extended", "-verbose") for v in vals
                                                                    if v[:1] == "-")
    elif cmd.name == "profiles":
        pos = [v for i, v in enumerate(vals) if v[:1] != "-" and not _valued_ok(vals, i, _PROFILES_VALUED)]
        ok = bool(pos[:1] and pos[0] in _PROFILES_READS or not pos and any(v in ("-P", "-L", "-C") for v in vals)) and \
            all(v in _PROFILES_READ_FLAGS or v in _PROFILES_READS or _valued_ok(vals, i, _PROFILES_VALUED)
                for i, v in enumerate(vals))
    else:
        pos = [v for i, v in enumerate(vals) if v[:1] != "-" and not _valued_ok(vals, i, _JAMF_VALUED)]
        ok = len(pos) == 1 and pos[0] in _JAMF_UPKEEP and all(
            v == pos[0] or v in _JAMF_FLAGS or v in _JAMF_VALUED and pos[0] == "checkJSSConnection" or
            _valued_ok(vals, i, _JAMF_VALUED) for i, v in enumerate(vals))
    return f"`{cmd.name}`'s status and inventory" if ok else None


HANDLERS: dict = {
    **{n: [_console, _secret_sent] for n in ("curl", "http", "https", "xh", "wget")},
    "fleetctl": [_fleetctl], "jamf": [_jamf], "profiles": [_profiles], "fdesetup": [_fdesetup],
    "launchctl": [_launchctl], "keytool": [_keytool], "ruby": [_ruby],
    "dseditgroup": [_dseditgroup], "dscl": [_dscl], "sysadminctl": [_sysadminctl],
}

_CONSOLE = ("JSSResource", "/API/mdm/", "/API/system/admins", "/fleet/", "deviceManagement", "managedDevices",
            "userInvitations", "androidpublisher", "roleAssignments", "directoryRoles", "/mdm/commands", "mobile-devices",
            "computer-inventory", "computers-inventory", "/action/erase", "/v1/users/")
# a word naming a signing secret (paths.held_secret's signing files, a store key's JSON)
_SECRET_HINT = re.compile(r"(?i)\.(?:jks|keystore|p8|p12|pfx|mobileprovision|provisionprofile|keytab)\b|"
                          r"service[-_]?account|api[-_]?key|asc[-_]?key|adminsdk|play[-_]?(?:store|console|publisher)|"
                          r"\.properties\b|\.android\b")


def _secret_hint(text: str) -> bool:
    return _SECRET_HINT.search(text) is not None


_CONSOLE_SCREEN = mentions(*_CONSOLE)
SCREENS: dict = {
    **{n: (lambda text: _CONSOLE_SCREEN(text) or _secret_hint(text)) for n in ("curl", "http", "https", "xh", "wget")},
    "fleetctl": mentions("admin", "carve", "wipe", "query"), "jamf": mentions("remove", "-admin"),
    "dseditgroup": mentions("-a"), "dscl": mentions("/Groups/", "/Users/"), "sysadminctl": mentions("-admin"),
    "profiles": mentions("-D", "-all"), "fdesetup": mentions("disable"),
    "launchctl": lambda text: _AGENT_LABEL.search(text) is not None, "keytool": mentions("-delete"),
    "ruby": lambda text: _RUBY_SENDS.search(text) is not None,
    **{n: _secret_hint for n in _READERS},
}
