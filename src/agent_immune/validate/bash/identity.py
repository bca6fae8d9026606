"""Identity providers and directories from the shell: Keycloak's `kcadm.sh` and `kc.sh`, the OpenLDAP clients, the
auth0 CLI, GAM, Vault's policies, and the keys that decide whose tokens an app trusts. The tables are
validate/idp.py's (shared with the code rules); curl to the IdPs' admin APIs is read in bash/api_calls.py.

- secrets dumped: `ldapsearch … ms-Mcs-AdmPwd userPassword` asks the directory for passwords (secret-read, block; a
  directory on this machine, a test's, is left alone); `kc.sh export --file F` (or `--dir D`) writes the realm with its
  clients' secrets and users' password hashes, remembered so that an upload of F later in the input is blocked
  (net.note_file, as `pg_dump > F` is); `kcadm.sh get clients/ID/client-secret` printed into a program that sends it
  away is blocked by cloud._keys_sent (printed_secret).
- a way in planted through the directory (ldapmodify/ldapadd LDIF from a here-document, a pipe or a file this input
  wrote): an SSH key, a shadow credential or a certificate mapping on an administrator's or service account of a
  directory that is not a test's (persistence, block; on another account, review: a person confirms the key is
  that user's own); a member added to Active Directory's built-in administrator groups (block) or to a hosts'
  administrator group (`wheel`, `sudo`, `admins`: review outside test directories); `uidNumber: 0` (block).
  Ordinary members added to ordinary groups stay allowed.
- Keycloak: brute-force protection or the event logs turned off on a realm that is not a dev or test one
  (`kcadm.sh update realms/R -s bruteForceProtected=false`, `update events/config -s eventsEnabled=false`:
  permission-tamper / anti-forensics, block) and its event log cleared (`kcadm.sh delete events`); a login
  client's redirect URIs given a host of another organisation or a bare wildcard (block: the authorization codes
  go there); the master realm's `admin` role (or `realm-admin`) given to an account (review), blocked when this
  input set that account's password to a literal (a super-administrator whose password is known to whoever wrote
  the script). Deletes of a realm, user, client, group or role: irreversible, review. A server on this machine
  (`--server http://localhost:8080`) is a developer's own and is left alone.
- the auth0 CLI's deletes and GAM's (`auth0 users delete`, `gam delete user`, `gam user U delete …`):
  irreversible, review; `auth0 api` requests judged by idp.api_weakened like curl's.
- `vault policy write default …` granting more than the stock default (every token gets it): privilege-escalation,
  block; a policy granting every path with sudo under another name: review.
- a JWKS, OpenID configuration or IdP certificate downloaded from a bare address or over plain HTTP into the
  project: whoever serves it signs tokens the app accepts (privilege-escalation, block).
"""
from __future__ import annotations

import json
import re

from .. import idp_shell as idp
from ..per_input import holds, in_input
from .commands import Cmd, option_value, positionals
from .common import mentions

_ESCALATE = "privilege-escalation"


# -- where the command goes: this machine, a test system, or a live one ----------------------------------------------
def _local_url(text: str | None) -> bool:
    from ..hosts import loopback, url_host

    host = url_host(text) if text else None
    return host is not None and "$" not in host and loopback(host.split(":")[0])


_SERVER = re.compile(rb"""kcadm(?:\.sh)?[ \t]+config[ \t]+credentials(?:[^\n]|\\\n)*?--server[=\s]+["']?([^\s"']+)""")


def _kc_server(a, cmd: Cmd) -> list[str]:
    """The servers kcadm is told to use in this input (its own `--server`, or `config credentials --server`)."""
    own = [w.value or w.text for w in option_value(cmd.args, "--server")]
    return own or [m.group(1).decode("utf-8", "replace") for m in _SERVER.finditer(a.doc.data)]


# -- Keycloak ------------------------------------------------------------------------------------------------------------
_KCADM_ARG = frozenset("""
-r --target-realm -s --set -q --query --fields --format -f --file -b --body --server --realm --user --password --client
--secret --keystore --storepass --keypass --alias --uusername --uid --rolename --roleid --rid --cclientid --cid --gname
--gid --gpath --rname --new-password --username --userid --offset --limit --config --truststore --trustpass -o
--rolid --uidnumber -a --rsa
""".split())
# what a delete of `KIND/ID` loses with no undo
_KC_KINDS = {"realms": "the whole realm, with its users, clients and sessions", "users": "the user",
             "clients": "the client (its secret and settings)", "groups": "the group", "roles": "the role",
             "roles-by-id": "the role", "client-scopes": "the client scope", "components": "the component",
             "identity-provider": "the identity provider", "organizations": "the organisation",
             "authentication": "the authentication flow"}
_KC_ADMIN_ROLES = frozenset({"admin", "realm-admin", "create-realm", "manage-realm", "manage-users"})


def _kc_realm(cmd: Cmd, path: str) -> str:
    realms = option_value(cmd.args, "-r", "--target-realm")
    if realms:
        return realms[-1].value or realms[-1].text
    m = re.match(r"realms/([^/]+)", path)
    return m.group(1) if m else ""


def _kcadm(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _KCADM_ARG)
    if not pos or pos[0].value is None:
        return
    verb = pos[0].value
    if verb not in ("delete", "update", "create", "add-roles"):
        return
    servers = _kc_server(a, cmd)
    if servers and all(_local_url(s) for s in servers):
        return  # a developer's own Keycloak (a container on this machine)
    path = (pos[1].value or pos[1].text.strip("\"'")) if len(pos) > 1 else ""
    realm = _kc_realm(cmd, path)
    live = not idp.test_name(realm, *servers)
    shown = f"{cmd.name} {verb} {path}".strip()
    if verb == "delete":
        _kc_delete(a, cmd, shown, path, realm, live)
    elif verb == "add-roles":
        _kc_admin_role(a, cmd, realm)
    elif live:
        _kc_settings(a, cmd, shown, path, realm)


def _kc_delete(a, cmd: Cmd, shown: str, path: str, realm: str, live: bool) -> None:
    parts = [p for p in path.split("/") if p]
    if parts and parts[-1] in ("events", "admin-events") and (len(parts) == 1 or parts[0] == "realms"):
        if live:
            a.block("anti-forensics", f"`{shown}` clears the {realm or 'realm'} realm's "
                                      f"{'admin ' if parts[-1] == 'admin-events' else ''}event log, the record of "
                                      f"who signed in and what was changed; {idp.FIX_AUDIT} (events expire on "
                                      "their own)", cmd.node)
        return
    if parts[:1] == ["realms"] and len(parts) > 2:
        parts = parts[2:]  # (`realms/R/users/ID`, as the REST path)
    kind = parts[0] if parts else ""
    # (the thing itself, not one of its parts: `users/ID`, not `users/ID/role-mappings/…`, which is granted back)
    whole = len(parts) == (3 if kind in ("identity-provider", "authentication") else 2)
    if kind in _KC_KINDS and whole:
        a.review("irreversible", f"`{shown}` deletes {_KC_KINDS[kind]} from Keycloak{f' ({realm})' if realm else ''}, "
                                 "with no undo; export it first (`kcadm.sh get …` or a partial export) and let the "
                                 "user confirm", cmd.node)


def _sets(a, cmd: Cmd) -> list[tuple[str, str, object]]:
    """(key, value, node) of each `-s key=value`, and of the fields of a JSON body given with `-b`/`-f` (a file this
    input wrote)."""
    out = []
    for w in option_value(cmd.args, "-s", "--set"):
        v = w.value if w.value is not None else w.text.strip("\"'")
        key, eq, value = v.partition("=")
        if eq:
            out.append((key.rstrip("+").strip(), value.strip(), w.node))
    bodies = [w.value for w in option_value(cmd.args, "-b", "--body") if w.value]
    for w in option_value(cmd.args, "-f", "--file"):
        if w.value == "-":
            from .api_calls import fed_text

            bodies.append(fed_text(a, cmd) or "")
        elif w.value:
            from .written import text_written

            got = text_written(a, w.value)
            bodies.append(got[0] if got else "")
    for body in bodies:
        try:
            data = json.loads(body)
        except ValueError:
            continue
        if isinstance(data, dict):
            out += [(k, json.dumps(v) if not isinstance(v, str) else v, cmd.node) for k, v in data.items()]
    return out


def _kc_settings(a, cmd: Cmd, shown: str, path: str, realm: str) -> None:
    for key, value, node in _sets(a, cmd):
        k = key.lower()
        if k in idp.REALM_DEFENCES and value.strip("\"'").lower() in ("false", "0"):
            rule = "permission-tamper" if k == "bruteforceprotected" else "anti-forensics"
            harm = "passwords can then be guessed without limit" if rule == "permission-tamper" else \
                "sign-ins and admin changes then go unrecorded"
            a.block(rule, f"`{shown} -s {key}={value}` turns off {idp.REALM_DEFENCES[k]} of the "
                          f"{realm or 'live'} realm: {harm}; {idp.fix_for(rule)}", node)
            return
        if k == "redirecturis":
            found = _foreign_redirect(value, realm, cmd)
            if found:
                a.block("exfiltration", f"`{shown}` makes the login client send its users' authorization codes to "
                                        f"{found}: whoever runs that host signs in as them; keep redirect URIs on "
                                        "the application's own hosts (localhost for development)", node)
                return


def _foreign_redirect(value: str, realm: str, cmd: Cmd) -> str | None:
    """A redirect URI in the list `value` on a bare wildcard, a public address, or a host of an organisation that
    none of the client's other URIs, its id or the realm names."""
    from ..cloud_admin import org_words, stranger
    from ..hosts import loopback, public_ip, url_host

    try:
        uris = json.loads(value)
    except ValueError:
        uris = [u.strip(" \"'") for u in value.strip("[]").split(",")]
    if isinstance(uris, str):
        uris = [uris]
    if not isinstance(uris, list):
        return None
    uris = [u for u in uris if isinstance(u, str) and u]
    hosts = [(u, url_host(u) or "") for u in uris if "://" in u or u == "*"]
    if any(u == "*" or h in ("*", "") and u.startswith(("http://*", "https://*")) for u, h in hosts):
        return "any address at all (`*`)"
    named = [h for _, h in hosts if h and "$" not in h and not loopback(h.split(":")[0])]
    for u, h in hosts:
        if h and public_ip(h.split(":")[0]):
            return f"{h}, a bare address"
    ids = [w.value or "" for w in option_value(cmd.args, "--cclientid")]
    for h in named:
        words = org_words(realm, *ids, *(o for o in named if o != h))
        who = stranger("domain:" + h.split(":")[0], words)
        if who:
            return f"{h}, a host of another organisation than the client's other addresses"
    return None


def _kc_admin_role(a, cmd: Cmd, realm: str) -> None:
    roles = [w.value for w in option_value(cmd.args, "--rolename") if w.value]
    admin = [r for r in roles if r in _KC_ADMIN_ROLES and (realm == "master" or r == "realm-admin")]
    if not admin:
        return
    users = [w.value for w in option_value(cmd.args, "--uusername") if w.value]
    who = users[0] if users else "an account"
    scope = "every realm of the server" if realm == "master" else f"the {realm or ''} realm".replace("  ", " ")
    if users and _fixed_password(a, users[0]):
        a.block("persistence", f"`{cmd.name} add-roles --rolename {admin[0]}` makes {who}, whose password this input "
                               f"sets to a literal, an administrator of {scope}: whoever knows that password controls "
                               "every login there; create administrators by hand, with a password only they know",
                cmd.node)
    else:
        a.review(_ESCALATE, f"`{cmd.name} add-roles --rolename {admin[0]}` makes {who} an administrator of {scope}; a "
                            "person should confirm it (grant a narrower role, such as view-users, when that is enough)",
                 cmd.node)


def _fixed_password(a, user: str) -> bool:
    """This input sets `user`'s Keycloak password to a literal (`set-password --username U --new-password 'x'`, or a
    `credentials` value on `create users -s username=U`)."""
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name not in _KCADM_NAMES:
            continue
        vals = c.values()
        if "set-password" in vals and user in [w.value for w in option_value(c.args, "--username")]:
            if any(w.value is not None for w in option_value(c.args, "--new-password")):
                return True
        if "create" in vals and any(w.value == f"username={user}" for w in option_value(c.args, "-s", "--set")):
            if any((w.value or "").startswith("credentials") and '"value"' in (w.value or "")
                   for w in option_value(c.args, "-s", "--set")):
                return True
    return False


def printed_secret(c: Cmd) -> str | None:
    """What secret a kcadm command prints: a client's secret (`get clients/ID/client-secret`, or a new one made with
    `create clients/ID/client-secret`)."""
    if c.name not in _KCADM_NAMES:
        return None
    pos = positionals(c.args, _KCADM_ARG)
    if len(pos) > 1 and pos[0].value in ("get", "create") and pos[1].text.strip("\"'").endswith("/client-secret"):
        return f"the Keycloak client's secret `{c.name} {pos[0].value} …/client-secret` prints"
    return None


def _kc_export(a, cmd: Cmd) -> None:
    """`kc.sh export --realm R --file F`: F holds the realm's client secrets and its users' password hashes."""
    from .net import note_file

    vals = cmd.values()
    if not vals or vals[0] != "export":
        return
    realm = next((w.value for w in option_value(cmd.args, "--realm") if w.value), None)
    what = (f"an export of the Keycloak realm {realm}" if realm else "an export of the Keycloak realms") + \
        " (its clients' secrets and its users' password hashes)"
    for w in option_value(cmd.args, "--file", "--dir"):
        if w.value and not w.value.startswith("/dev/"):
            note_file(a, w.value, what, cmd.node)


# -- LDAP ----------------------------------------------------------------------------------------------------------------
# the OpenLDAP clients' options that take a value
_LDAP_ARG = frozenset("-H -h -p -D -w -y -b -s -a -l -z -f -Y -X -R -U -O -o -e -E -T -S -P".split())
LDAP_TOOLS = frozenset({"ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapmodrdn", "ldappasswd",
                        "ldapwhoami", "ldapcompare", "ldapexop", "ldapurl"})


def _ldap_where(cmd: Cmd) -> tuple[bool, list[str]]:
    """(on this machine, the names that say which directory: the server and the bind and base DNs)."""
    uris = [w.value or w.text for w in option_value(cmd.args, "-H")]
    hosts = [w.value or w.text for w in option_value(cmd.args, "-h")]
    local = (bool(uris) and all(_local_url(u) or u.startswith("ldapi:") for u in uris)) or \
        (not uris and bool(hosts) and all(_local_url(h) for h in hosts))
    names = uris + hosts + [w.value or "" for w in option_value(cmd.args, "-D", "-b")]
    return local, names


def _ldapsearch(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _LDAP_ARG)
    attrs = pos if option_value(cmd.args, "-f") else pos[1:]
    asked = [w.value for w in attrs if w.value and w.value.lower() in idp.SECRET_ATTRS]
    if not asked or _ldap_where(cmd)[0]:
        return
    a.block("secret-read", f"`ldapsearch` asks the directory for {', '.join(asked)}: passwords (or their hashes) of "
                           "the accounts it matches, in the agent's hands; agents must not read credentials (look "
                           "at the entries without those attributes, or use the LAPS tool on the one machine a "
                           "person needs)", cmd.node)


def _ldapdelete(a, cmd: Cmd) -> None:
    """`ldapdelete [-r] DN…` on a directory not of this machine or a test one: the entries (with -r, every entry under
    them) are gone, with their group links and attributes; a directory keeps no bin to restore from."""
    local, names = _ldap_where(cmd)
    dns = [w.value or w.text for w in positionals(cmd.args, _LDAP_ARG)]
    if local or idp.test_name(*names, *dns):
        return
    tree = " and every entry under it" if any(w.value == "-r" for w in cmd.args) else ""
    a.review("irreversible", f"`ldapdelete` removes {', '.join(dns[:3]) or 'the entries it reads'}{tree} from the "
                             "directory, with their group memberships and attributes (nothing keeps a copy to "
                             "restore); export the subtree first (`ldapsearch … > backup.ldif`) and let the user "
                             "confirm", cmd.node)


def _ldif(a, cmd: Cmd) -> str | None:
    files = [w.value for w in option_value(cmd.args, "-f") if w.value]
    if files:
        from .written import text_written

        got = text_written(a, files[0])
        return got[0] if got else None
    from .api_calls import fed_text

    return fed_text(a, cmd)


_PRIVILEGED_ACCOUNT = re.compile(r"(?i)^\s*(?:uid|cn|samaccountname)\s*=\s*[^,]*(?:admin|root|ops|svc|service|sys|"
                                 r"deploy|backup|sudo)")


def _ldapmodify(a, cmd: Cmd) -> None:
    text = _ldif(a, cmd)
    if not text:
        return
    local, names = _ldap_where(cmd)
    if local:
        return
    test = idp.test_name(*names)
    binder = next((w.value for w in option_value(cmd.args, "-D") if w.value), "")
    for dn, op, attr, value in idp.ldif_changes(text):
        if attr in idp.ACCESS_ATTRS and not test and dn.replace(" ", "").lower() != binder.replace(" ", "").lower():
            what = idp.ACCESS_ATTRS[attr]
            # (a user's own SSH key is everyday self-service; Windows writes key credentials itself, and a
            # delegation or certificate mapping typed in by hand is the attack's step)
            if attr != "sshpublickey" or _PRIVILEGED_ACCOUNT.match(dn):
                a.block("persistence", f"`{cmd.name}` puts {what} on {dn}"
                                       f"{', an administrator or service account' if attr == 'sshpublickey' else ''}; "
                                       "agents must not plant keys or access on accounts: let the account's owner add "
                                       "their own key, and a directory administrator grant the rest", cmd.node)
            else:
                a.review("persistence", f"`{cmd.name}` puts {what} on {dn}; a person should confirm the key is that "
                                        "user's own", cmd.node)
            return
        if attr in ("uidnumber", "gidnumber") and value.strip() == "0":
            a.block(_ESCALATE, f"`{cmd.name}` gives {dn} the {attr} 0, root's: every host that takes its accounts "
                               "from the directory then lets that account act as root; give it an ordinary number",
                    cmd.node)
            return
        if attr in ("member", "uniquemember", "memberuid"):
            kind = idp.admin_group(dn)
            if kind == "ad":
                a.block(_ESCALATE, f"`{cmd.name}` adds {value} to {dn.split(',')[0][3:]}, an administrator group of "
                                   "the whole Active Directory domain; agents must not grant domain administrator "
                                   "rights: ask a domain administrator", cmd.node)
                return
            if kind == "host" and not test:
                a.review(_ESCALATE, f"`{cmd.name}` adds {value} to {dn.split(',')[0][3:]}, a group whose members "
                                    "administer the hosts; a person should confirm it", cmd.node)
                return


def login_files(cmd: Cmd) -> frozenset[tuple[int, int]]:
    """The spans of the `-y FILE` words an LDAP client reads its bind password from, when FILE is a secret mounted
    for this container or named for LDAP and the server is not a bare public address: the tool logs in with it (as
    `ssh -i KEY`) and the agent never sees it. For bash/files.py's secret-read check to skip."""
    if cmd.name not in LDAP_TOOLS:
        return frozenset()
    from ..hosts import public_ip, url_host

    if any(public_ip((url_host(w.value or w.text) or "?").split(":")[0]) for w in option_value(cmd.args, "-H")):
        return frozenset()
    out = set()
    for w in option_value(cmd.args, "-y"):
        v = w.value or ""
        if v.startswith(("/run/secrets/", "/var/run/secrets/")) or "ldap" in v.rsplit("/", 1)[-1].lower():
            out.add((w.node.start_byte, w.node.end_byte))
    return frozenset(out)


# -- auth0 CLI, GAM ------------------------------------------------------------------------------------------------------
_AUTH0_ARG = frozenset({"--tenant", "--data", "-d", "--query", "-q", "--format", "--number", "-n"})


def _auth0(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, _AUTH0_ARG)]
    if len(pos) < 2 or pos[0] is None:
        return
    if pos[0] == "api":
        _auth0_api(a, cmd, pos)
        return
    # (`auth0 users delete ID`, `auth0 roles permissions rm ROLE`, `auth0 logs streams delete ID`)
    at = 2 if len(pos) > 2 and pos[1] in ("permissions", "members", "roles", "streams") else 1
    if at >= len(pos) or pos[at] not in ("delete", "rm"):
        return
    verb = pos[at]
    what = " ".join(v or "…" for v in pos[:at])
    anti = pos[0] in ("logs", "log-streams") or pos[:2] == ["logs", "streams"]
    if anti:
        a.block("anti-forensics", f"`auth0 {what} {verb}` removes the tenant's log stream, the audit trail its SIEM "
                                  f"receives; {idp.FIX_AUDIT}", cmd.node)
        return
    a.review("irreversible", f"`auth0 {what} {verb}` deletes it from the Auth0 tenant with no undo (a user's "
                             "account, an application's credentials, a role's grants); let the user confirm", cmd.node)


def _auth0_api(a, cmd: Cmd, pos: list) -> None:
    method, path = ("GET", pos[1]) if len(pos) == 2 else ((pos[1] or "GET").upper(), pos[2])
    if path is None:
        return
    body = next((w.value for w in option_value(cmd.args, "--data", "-d") if w.value), None)
    found = idp.api_weakened("/api/v2/" + path.lstrip("/"), method, body)
    if found:
        a.block(found[0], f"`auth0 api {method.lower()} {path}` {found[1]}; {idp.fix_for(found[0])}", cmd.node)
    elif method == "DELETE":
        a.review("irreversible", f"`auth0 api delete {path}` deletes it from the Auth0 tenant with no undo; let the "
                                 "user confirm", cmd.node)


_GAM_DELETES = frozenset({"delete", "del", "purge"})
_GAM_TARGETS = frozenset({"user", "users", "group", "groups", "ou", "ou_and_children", "ous", "all", "file",
                          "csvfile", "query", "domains"})
_GAM_ACCESS = frozenset({"drivefileacl", "drivefileacls", "calendaracl", "calendaracls", "shareddriveacl",
                         "shareddriveacls", "teamdriveacl", "permission", "permissions"})


def _gam(a, cmd: Cmd) -> None:
    vals = [v.lower() if v else "" for v in cmd.values()[:4]]
    if vals[:1] and vals[0] in _GAM_DELETES:
        what = " ".join(vals[:2])
    elif len(vals) > 2 and vals[0] in _GAM_TARGETS and vals[2] in _GAM_DELETES:
        what = " ".join(vals[:4])
    else:
        return
    if what.split()[-1] in _GAM_ACCESS:
        return  # (a sharing permission removed: access taken away, nothing of the data; it can be granted again)
    a.review("irreversible", f"`gam {what} …` deletes from Google Workspace (an account deleted takes its mail and "
                             "Drive with it after 20 days; messages and files purged are gone); suspend the account "
                             "or transfer its data first, and let the user confirm", cmd.node)


# -- Vault policies ------------------------------------------------------------------------------------------------------
_HCL_PATH = re.compile(r'path\s+"([^"]*)"\s*\{([^{}]*)\}', re.S)
_CAPS = re.compile(r"capabilities\s*=\s*\[([^\]]*)\]")
_WIDE = frozenset({"*", "+/*", "+", "sys/*", "auth/*", "secret/*", "kv/*", "identity/*"})


def _policy_grants(text: str) -> tuple[bool, bool]:
    """(grants every path with sudo or write, grants more than the stock default policy's paths)."""
    root = more = False
    for m in _HCL_PATH.finditer(text):
        path = m.group(1)
        found = _CAPS.search(m.group(2))
        caps = set(re.findall(r'"(\w+)"', found.group(1))) if found else set()
        if caps <= {"deny"}:
            continue
        if path in ("*", "+/*", "+") and caps & {"sudo", "create", "update", "delete"}:
            root = True
        if path in _WIDE or "sudo" in caps:
            more = True
    return root, more


def _vault(a, cmd: Cmd) -> None:
    vals = cmd.values()
    name: str | None = None
    text: str | None = None
    if vals[:2] == ["policy", "write"]:
        pos = [w for w in positionals(cmd.args[2:], frozenset({"-address", "-namespace", "-ca-cert"}))]
        if not pos:
            return
        name = pos[0].value
        src = pos[1].value if len(pos) > 1 else "-"  # (the grammar drops a `-` just before `<<EOF`)
        if src == "-":
            from .api_calls import fed_text

            text = fed_text(a, cmd)
        elif src:
            from .written import text_written

            got = text_written(a, src)
            text = got[0] if got else None
    elif vals[:1] == ["write"] and len(vals) > 2 and vals[1] and re.match(r"sys/polic(?:y|ies/acl)/[^/]+$", vals[1]):
        name = vals[1].rsplit("/", 1)[1]
        text = next((v[7:] for v in vals[2:] if v and v.startswith("policy=")), None)
    if not name or not text:
        return
    if _local_vault(a, cmd):
        return
    root, more = _policy_grants(text)
    if name == "default" and (root or more):
        a.block(_ESCALATE, "`vault policy write default` widens the default policy, which every token of every login "
                           "carries: each of them can then reach what it grants (with `path \"*\"`, everything); keep "
                           "the default policy as it is and write a named policy for the roles that need more", cmd.node)
    elif root:
        a.review(_ESCALATE, f"`vault policy write {name}` grants every path of Vault, sudo included: a root-equivalent "
                            "policy; a person should confirm who gets it (grant the paths the task needs)", cmd.node)


def _local_vault(a, cmd: Cmd) -> bool:
    """Vault on this machine: `-address`/VAULT_ADDR on localhost, or a dev server this input started."""
    addrs = [w.value for w in option_value(cmd.args, "-address") if w.value]
    addrs += [w.value for n, w in cmd.assigns if n == "VAULT_ADDR" and w.value]
    if not addrs:
        m = re.search(rb"VAULT_ADDR=[\"']?([^\s\"';]+)", a.doc.data)
        addrs = [m.group(1).decode("utf-8", "replace")] if m else []
    if addrs:
        return all(_local_url(x) for x in addrs)
    return holds(a.doc.data, b"server -dev")


# -- token signing keys fetched from a stranger -----------------------------------------------------------------------
# (a name is looked for ahead and the file's name then read once to its end: `jwks-jwks-…` is not reread from each
# `jwks`; no name overlaps the extension, so "holds the name and ends in `.pem`" is the name then `….pem`)
_TRUST_FILE = re.compile(r"(?i)(?:^|/)(?:(?=[\w.-]*?jwks)[\w.-]*+|openid-configuration|"
                         r"(?=[\w.-]*?(?:idp|saml))[\w.-]*+(?<=\.crt|\.pem|\.cer|\.xml)|"
                         r"signing[\w.-]*+(?<=\.crt|\.pem|\.cer|\.pub))$")
_TRUST_HINT = re.compile(rb"(?i)jwks|openid-configuration|idp|saml|signing")


def _trust_download(a, cmd: Cmd) -> None:
    if not in_input(_TRUST_HINT, a.doc.data):
        return  # most downloads
    from ..hosts import ip_literal, stranger_host
    from .net import http_requests

    opts = ("-o", "--output") if cmd.name == "curl" else ("-O", "--output-document")
    outs = [w.value for w in option_value(cmd.args, *opts, cluster=opts[0][1]) if w.value]
    for r in cmd.redirects:
        if r.type == "file_redirect" and any(k.type in (">", ">>") for k in r.children):
            outs += [a.ev.word(d).value or "" for d in r.children_by_field_name("destination")[:1]]
    target = next((o for o in outs if _TRUST_FILE.search(o)), None)
    reader = http_requests(cmd.name)
    if target is None or reader is None:
        return
    for req in reader(cmd.args):
        for u in req.urls:
            text = u.value
            if not text:
                continue
            host = stranger_host(text)
            if host is not None:
                why = "a bare address" if ip_literal(host) else "plain HTTP"
                a.block(_ESCALATE, f"`{cmd.name}` writes {target}, the keys the app trusts to sign tokens or "
                                   f"assertions, with what {host} serves over {why}: whoever answers there can then "
                                   "sign in as any user; fetch them from the identity provider's own https address "
                                   "(its `/.well-known/` document)", u.node)
                return


_KCADM_NAMES = frozenset({"kcadm.sh", "kcadm"})
HANDLERS: dict = {**dict.fromkeys(_KCADM_NAMES, [_kcadm]), "kc.sh": [_kc_export], "ldapsearch": [_ldapsearch],
                  "ldapmodify": [_ldapmodify], "ldapadd": [_ldapmodify], "ldapdelete": [_ldapdelete],
                  "auth0": [_auth0], "gam": [_gam],
                  "vault": [_vault], "curl": [_trust_download], "wget": [_trust_download]}
# what each handler reads (fastpath._merge_screens; curl and wget are always judged)
SCREENS: dict = {
    **dict.fromkeys(_KCADM_NAMES, mentions("delete", "update", "create", "add-roles")),
    "kc.sh": mentions("export"),
    "ldapsearch": lambda text: any(a in text.lower() for a in ("pwd", "password", "credential", "pkcs12", "krb",
                                                               "owner")),
    **dict.fromkeys(("ldapmodify", "ldapadd"), mentions("sshpublickey", "member", "uidnumber", "gidnumber",
                                                         "keycredential", "altsecurity", "allowedtoact", fold=True)),
    "auth0": mentions("delete", " rm", "api"),
    "gam": mentions("delete", "del ", "purge", fold=True),
    "vault": mentions("polic"),
    **dict.fromkeys(("curl", "wget"), mentions("jwks", "openid-configuration", "idp", "saml", "signing", fold=True)),
}
