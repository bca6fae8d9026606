"""Dedicated game servers from the shell: RCON clients (mcrcon, rcon-cli, gorcon's `rcon`) and what is typed into a
server's console (`screen -X stuff`, `tmux send-keys`), LinuxGSM's scripts, Source/Rust/ARK/DayZ server binaries,
Pterodactyl's `php artisan p:…` and its API, game platforms' web APIs, tunnels and Kubernetes services in front of a
server's admin ports, SQL on a game backend's or a ban plugin's tables; the same programs run in a container
(`docker exec mc rcon-cli …`) judged as here (session 32). A server's files written by a here-document, `tee`, a
redirect or `sed -i` (server.properties, the ban lists, ops.json, SourceMod's admins, LinuxGSM's settings, a Unity
editor script) are games_tables.judge_config's, through server_config.py.

Blocked:
- operator rights given to a player the same input pardons (`mcrcon … "pardon X" "op X"`); reviewed otherwise (an
  owner whitelisted and made operator in one input too) (`op`, LuckPerms' `*` or owner group, Oxide's `grant user X *`, Rust's `ownerid`);
- a game panel's administrator or sub-user made for an address on a free mail provider or an impostor's domain
  (`php artisan p:user:make --admin=1 --email=…`, `POST /api/application/users` with `root_admin`), or an
  administrator with a password the command writes for an address not the organisation's; other administrators:
  reviewed;
- a game server started with its anti-cheat off on a public server (`srcds_run … -insecure`, `-NoBattlEye`,
  `+server.secure 0`; `+sv_lan 1` keeps it a LAN game), a Minecraft container started with online-mode and the
  whitelist off or a guessable RCON password (`-e ONLINE_MODE=FALSE -e ENFORCE_WHITELIST=FALSE`; online-mode off
  alone: reviewed);
- a ban list deleted or emptied (`rm banned-players.json`, `truncate -s0 banned-ips.json`), a ban plugin's table wiped
  by SQL (LiteBans, AdvancedBan, SourceBans, BanManager; one ban lifted `WHERE uuid = …` stays allowed), an anti-cheat
  plugin deleted from the plugins folder with none put in its place;
- a plugin or mod downloaded into a server's plugins folder from a host no one vouches for (a bare public address, a
  paste or drop site, a tunnel, a vendor's look-alike): the server loads it with full rights at its next start (Oxide
  at once); over plain HTTP from a named host: reviewed;
- a request to a host imitating a vendor of this area (`steamcommunlty-auth.com`, `dl.pterodactyl-cdn.net`) that
  carries a secret of the environment, or a program downloaded from there into a folder of programs or a server's
  plugins (a download to read, `curl -o /tmp/installer.sh https://pterodactyl-installer.se`, stays allowed);
- the proxy's forwarding secret (Velocity's `forwarding.secret`) sent to a host no one vouches for (a chat bot, a
  drop-box, a bare public address): copied to the organisation's own backends, as Velocity's setup does, it is not;
- a miner started in a container (`docker run … metal3d/xmrig xmrig -o pool…`: miners.py's names of the program or
  the image);
- an admin port (Nakama's console 7351, Minecraft's RCON 25575, Rust's RCON 28016) offered by a tunnel
  (`ngrok tcp 25575`) or by a Kubernetes service opened to the internet (`kubectl patch svc … LoadBalancer`,
  `kubectl expose … --type=LoadBalancer --port=7351`, a Service manifest fed to `kubectl apply -f -`); opened to every
  address by the firewall (`ufw allow 25575/tcp`): reviewed.
Reviewed `irreversible`: LinuxGSM's wipes (`./rustserver full-wipe`, `map-wipe`), SQL that deletes a game backend's
records (Nakama's `leaderboard_record`, `wallet_ledger`, its accounts), a platform API's destructive calls (Steam's
`ResetLeaderboard`, PlayFab's `DeleteMasterPlayerAccount`, `ResetUserStatistics`), a game's saved worlds deleted
under Unity's data folder (`~/.config/unity3d/<company>/<game>/worlds_local`).

Allowed: the same tools' everyday work: `mcrcon … list`, `whitelist add` for the players a loop names, `say`, `save-all`;
SourceMod admins without the root flag; online-mode off on a backend bound to this machine or behind a proxy the input
sets up; a plugin from Modrinth, PaperMC, SpigotMC or the organisation's CI; LinuxGSM's `update`, `backup`, `details`;
a map or world rotated by `find -mtime`.
"""
from __future__ import annotations

import re

from .. import games_tables as gt
from .. import miners
from .commands import Cmd, option_value, positionals
from .common import input_text, mentions

RULE = "irreversible"


def _vals(cmd: Cmd) -> list[str]:
    return [v or "" for v in cmd.values()]


# -- a server's console ------------------------------------------------------------------------------------------------
_MCRCON_ARG = frozenset({"-H", "-P", "-p", "-w"})
_RCON_CLI_ARG = frozenset({"--host", "--port", "--password", "--config"})
_GORCON_ARG = frozenset({"-a", "--address", "-p", "--password", "-t", "--type", "-c", "--config", "-e", "--env",
                         "-l", "--log", "-T", "--timeout"})


def _console_lines(cmd: Cmd) -> list[str] | None:
    """The console commands an RCON client sends (None: not one)."""
    if cmd.name == "mcrcon":
        return [w.value for w in positionals(cmd.args, _MCRCON_ARG) if w.value]
    if cmd.name == "rcon-cli":  # (itzg's: its words are one command)
        words = [w.value or "" for w in positionals(cmd.args, _RCON_CLI_ARG)]
        return [" ".join(words)] if words else []
    if cmd.name == "rcon":
        return [w.value for w in positionals(cmd.args, _GORCON_ARG) if w.value]
    return None


def _console(a, node, shown: str, lines: list[str]) -> None:
    text = input_text(a)
    for line in lines:
        for part in line.replace("\r", "\n").split("\n"):
            player = gt.grant_in(part)
            if player is not None:
                verdict, message = gt.grant_message(shown, player, gt.newcomer(player, text))
                getattr(a, verdict)("privilege-escalation", message, node)
                return


def _rcon(a, cmd: Cmd) -> None:
    lines = _console_lines(cmd)
    if lines:
        _console(a, cmd.node, f"`{cmd.name}`", lines)


def _typed(a, cmd: Cmd) -> None:
    """`screen -S mc -X stuff "op X\\r"`, `tmux send-keys -t mc "op X" Enter`: typed into a server's console (the
    command resolves them to `sh -c` of the text typed, as a shell in the window would run it)."""
    if not any(name in ("screen", "tmux") for name, _ in cmd.wrappers):
        return
    code = next((w.value for w in option_value(cmd.args, "-c") if w.value), None)
    if code:
        _console(a, cmd.node, f"what `{cmd.wrappers[-1][0]}` types into the console", [code])


# -- Pterodactyl's artisan commands ------------------------------------------------------------------------------------
def _artisan(a, cmd: Cmd) -> None:
    pos = [w.value or "" for w in positionals(cmd.args, frozenset({"-d", "-c"}))]
    if pos[:2] != ["artisan", "p:user:make"]:
        return
    admin = next((w.value for w in option_value(cmd.args, "--admin")), None)
    if admin not in ("1", "true", "yes"):
        return
    email = next((w.value for w in option_value(cmd.args, "--email")), None) or ""
    password = option_value(cmd.args, "--password")
    text = input_text(a)
    who = gt.stranger_address(email, text) if email else None
    shown = "`php artisan p:user:make --admin=1`"
    what = "makes an administrator of the game panel (every server, node and user)"
    if who:
        a.block("privilege-escalation", f"{shown} {what} for {who}: a way in no one granted; {gt.PANEL_FIX}", cmd.node)
    elif password and password[0].value and "$" not in password[0].text and not gt.own_address(email, text):
        # (staff of the organisation's own are made so too, when the input names none of its hosts)
        a.review("privilege-escalation", f"{shown} {what} with a password the command writes: a person should "
                                         f"confirm who it is for; {gt.PANEL_FIX}", cmd.node)
    else:
        a.review("privilege-escalation", f"{shown} {what}: a person should confirm who it is for", cmd.node)


# -- requests ------------------------------------------------------------------------------------------------------------
_BODY_OPTS = ("-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--json", "-F", "--form")
_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
# a folder of programs, or a server's plugins or mods (loaded with the server's rights at its next start)
_PROGRAMS = re.compile(r"^(?:/usr(?:/local)?/s?bin|/s?bin|/opt/[^/]+/bin|~/\.local/bin|~/bin)/")
_PLUGINS = re.compile(r"(?:^|/)(?:plugins|mods|oxide/plugins|carbon/plugins|addons/sourcemod/plugins|addons/metamod|"
                      r"BepInEx/plugins|csgo/addons|game/csgo/addons)(?:/|$)")
_CONSOLE_BODY = re.compile(r"""["']command["']\s*+:\s*+["']([^"'\n]{1,200})""")


def _request(a, cmd: Cmd) -> None:
    # (a URL known only at run time in part, `"https://h/v?p=${PASS}"`, keeps its host)
    urls = [(w.value if w.value is not None else w.text.strip("\"'")) for w in cmd.args
            if "://" in (w.value if w.value is not None else w.text)]
    if not urls:
        return
    text = input_text(a)
    call = " ".join(w.value if w.value is not None else w.text for w in cmd.args)
    bodies = [w.value or w.text for w in option_value(cmd.args, *_BODY_OPTS)]
    shown = f"`{cmd.name}`"
    # (read once: a command with thousands of URLs asks for each)
    deleting = gt.DELETE_METHOD.search(call) is not None
    for url in urls:
        found = gt.panel_admin(text, url + " " + " ".join(bodies), shown) if bodies else None
        if found is not None:
            getattr(a, found[0])("privilege-escalation", found[1], cmd.node)
            return
        deleted = gt.platform_delete(url, call, deleting)
        if deleted is not None:
            a.review(RULE, gt.platform_message(shown, deleted), cmd.node)
            return
        if url.rstrip("/").endswith("/command"):
            lines = [m for b in bodies for m in _CONSOLE_BODY.findall(b)]
            if lines:
                _console(a, cmd.node, f"{shown} (the panel's console)", lines)
                return
    shared = gt.SHARED_SECRET.search(call)
    if shared is not None:
        who = next((w for w in map(gt.stranger_url, urls) if w), None)
        if who is not None:
            a.block("exfiltration", f"{shown} sends {shared.group(1)}, the proxy's forwarding secret, to {who}: whoever "
                                    "holds it logs in to every backend server as any player, operators included; "
                                    "keep it on the proxy and its backends", cmd.node)
            return
    written = [w.value for w in _outputs(cmd) if w.value]
    for url in urls:
        from ..hosts import stranger_host as plain_http, url_host

        host = url_host(url)
        brand = gt.impostor(host)
        who = gt.stranger_url(url)
        plugin = next((p for p in written if _PLUGINS.search(p)), None)
        if plugin is not None and who is not None:
            a.block("download-exec", f"{shown} puts {plugin} in the server's plugins from {who}: the server loads it "
                                     "with its own rights at the next start; install plugins from the project's own "
                                     "pages (Modrinth, Hangar, SpigotMC, uMod) or the organisation's builds", cmd.node)
            return
        if brand is None:
            if plugin is not None and plain_http(url) is not None:
                a.review("download-exec", f"{shown} puts {plugin} in the server's plugins over plain HTTP from {host}: "
                                          "anyone on the way can swap it; a person should confirm the source",
                         cmd.node)
                return
            continue
        secrets = [n for n in _VAR.findall(call) if _secret(n)]
        if secrets:
            a.block("exfiltration", f"{shown} sends ${secrets[0]} to {who}: the credential goes to whoever holds that "
                                    "domain; sign in only at the vendor's own hosts", cmd.node)
            return
        program = next((p for p in written if _PROGRAMS.match(p) or _PLUGINS.search(p)), None)
        if program is not None:
            a.block("download-exec", f"{shown} installs {program} from {who}: whatever that host serves runs as the "
                                     f"vendor's program; download it from {gt.vendor_named(brand)} or its code host",
                    cmd.node)
            return


def _secret(name: str) -> bool:
    from ..secret_owner import secret_name

    return secret_name(name)


def _outputs(cmd: Cmd):
    from .files import write_targets

    out = list(write_targets(cmd))
    if cmd.name == "wget":
        out += option_value(cmd.args, "-P", "--directory-prefix", cluster="P")
    elif cmd.name == "curl":
        out += option_value(cmd.args, "--output-dir")
    return out


# -- files deleted -------------------------------------------------------------------------------------------------------
def _rm(a, cmd: Cmd) -> None:
    targets = [w.value for w in positionals(cmd.args) if w.value]
    text = input_text(a)
    for t in targets:
        if gt.ban_list(t) and not gt.project_path(t, text) and not gt.fresh_dir(t, text):
            a.block("permission-tamper", gt.bans_message(f"`{cmd.name}`", t).replace("empties", "deletes"), cmd.node)
            return
    # (a developer's own anti-cheat in the project's test server, `run/plugins/`, is no server's)
    removed = [t for t in targets if gt.anticheat_plugin(t) and not gt.project_path(t, text)]
    if removed and not gt.replaced_anticheat(text, removed):
        a.block("permission-tamper", f"`{cmd.name}` deletes {removed[0]}, the server's anti-cheat, and nothing takes "
                                     "its place: cheaters play unchecked from the next start; replace an anti-cheat "
                                     "only with another one", cmd.node)
        return
    saves = next((t for t in targets if gt.game_save(t) and not gt.project_path(t, text)), None)
    if saves is not None:
        a.review(RULE, gt.saves_message(f"`{cmd.name}`", saves), cmd.node)


def _truncate(a, cmd: Cmd) -> None:
    size = next((w.value for w in option_value(cmd.args, "-s", "--size")), None)
    if size not in ("0", "-0", "0K", "0k"):
        return
    for w in positionals(cmd.args, frozenset({"-s", "--size", "-r", "--reference"})):
        if w.value and gt.ban_list(w.value):
            a.block("permission-tamper", gt.bans_message("`truncate -s 0`", w.value), cmd.node)
            return


# -- server programs -----------------------------------------------------------------------------------------------------
def _lgsm(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if vals[:1] and vals[0] in gt.LGSM_WIPES:
        a.review(RULE, f"`{cmd.name} {vals[0]}` wipes the server's map (a full wipe also every player's blueprints and "
                       "progress): there is no undo but a backup. Have a person confirm, or run "
                       f"`{cmd.name} backup` first", cmd.node)


def _started(a, cmd: Cmd) -> None:
    """A Source, Rust or ARK server started with its anti-cheat off."""
    line = " ".join(_vals(cmd))
    what = gt.anticheat_off(line, input_text(a))
    if what is not None:
        a.block("permission-tamper", gt.anticheat_message(f"`{cmd.name}`", what), cmd.node)


# -- tunnels and services in front of admin ports ------------------------------------------------------------------------
ADMIN_PORTS = {"7351": "Nakama's console", "25575": "Minecraft's RCON", "28016": "Rust's RCON"}


def _tunnel(a, cmd: Cmd) -> None:
    from .tunnels import offered, port as port_of

    for t in offered(cmd).targets:
        port = port_of(t)
        if port in ADMIN_PORTS:
            a.block("exfiltration", f"`{cmd.name}` offers port {port} ({ADMIN_PORTS[port]}) on a public address: "
                                    "anyone who guesses or steals its password runs the server's admin commands; "
                                    "reach admin ports through the organisation's VPN or an SSH tunnel", cmd.node)
            return


_PORT_IN_JSON = re.compile(r'"(?:port|targetPort|nodePort)"\s*+:\s*+"?(\d{2,5})')
_RANGES = re.compile(r'"loadBalancerSourceRanges"\s*+:\s*+\[([^\]]*)\]')


def _kubectl(a, cmd: Cmd) -> None:
    from .infra import run_inside

    inner = run_inside(cmd)
    if inner is not None:
        _inside(a, inner)
        return
    pos = [w.value or "" for w in positionals(cmd.args, frozenset({"-n", "--namespace", "-p", "--patch", "--type",
                                                                   "--port", "--target-port", "--context", "-f"}))]
    if pos[:1] == ["patch"] and pos[1:2] and pos[1] in ("svc", "service", "services") or \
            pos[:1] == ["patch"] and pos[1:2] and pos[1].startswith(("svc/", "service/")):
        body = " ".join(w.value or "" for w in option_value(cmd.args, "-p", "--patch"))
        if '"LoadBalancer"' not in body and '"NodePort"' not in body:
            return
        ranges = _RANGES.search(body)
        if ranges is not None and "0.0.0.0/0" not in ranges.group(1) and "::/0" not in ranges.group(1):
            return
        node_port = '"LoadBalancer"' not in body
        ports = _PORT_IN_JSON.findall(body)
    elif pos[:1] in (["apply"], ["create"]):
        from .exec import stdin_text

        fed = stdin_text(a, cmd)
        found = _exposed_manifest(fed[0]) if fed is not None else None
        if found is not None:
            a.block("exfiltration", f"`{cmd.name} {pos[0]}` makes a Service that puts port {found} "
                                    f"({ADMIN_PORTS[found]}) on an address the internet reaches: its admin API then "
                                    "answers anyone who has or guesses the password; keep it on the cluster's network "
                                    "(`kubectl port-forward` to use it)", cmd.node)
        return
    elif pos[:1] == ["expose"]:
        kind = next((w.value for w in option_value(cmd.args, "--type")), None)
        if kind not in ("LoadBalancer", "NodePort"):
            return
        node_port = kind == "NodePort"
        ports = [w.value or "" for w in option_value(cmd.args, "--port", "--target-port")]
    else:
        return
    port = next((p for p in ports if p in ADMIN_PORTS), None)
    if port is not None and node_port:
        # (a NodePort answers on the nodes' addresses, often the cluster's private network only)
        a.review("exfiltration", f"`{cmd.name} {pos[0]}` puts port {port} ({ADMIN_PORTS[port]}) on every node's "
                                 "address (a NodePort): if the nodes face the internet, its admin API answers anyone "
                                 "who has or guesses the password; a person should confirm (`kubectl port-forward` "
                                 "to use it)", cmd.node)
    elif port is not None:
        a.block("exfiltration", f"`{cmd.name} {pos[0]}` puts port {port} ({ADMIN_PORTS[port]}) on an address the "
                                "internet reaches: its admin API then answers anyone who has or guesses the "
                                "password; keep it on the cluster's network (`kubectl port-forward` to use it)",
                cmd.node)


_MANIFEST_PORT = re.compile(r"(?m)^[ \t-]*+(?:port|targetPort|nodePort):[ \t]*+[\"']?(\d{2,5})")
_MANIFEST_OPEN = re.compile(r"(?m)^[ \t]*+type:[ \t]*+[\"']?(?:LoadBalancer|NodePort)\b")
_MANIFEST_RANGES = re.compile(r"(?m)^[ \t]*+loadBalancerSourceRanges:")


def _exposed_manifest(text: str) -> str | None:
    """The admin port a Service of the YAML `text` opens to the internet (a LoadBalancer or NodePort with no source
    ranges, or with 0.0.0.0/0), else None."""
    if _MANIFEST_OPEN.search(text) is None or \
            _MANIFEST_RANGES.search(text) is not None and "0.0.0.0/0" not in text and "::/0" not in text:
        return None
    return next((p for p in _MANIFEST_PORT.findall(text) if p in ADMIN_PORTS), None)


def _firewall(a, cmd: Cmd) -> None:
    """`ufw allow 25575/tcp`, `iptables -A INPUT -p tcp --dport 25575 -j ACCEPT`: an admin port opened to every
    address (a rule with a source, `ufw allow from 10.0.0.0/8 to any port 25575`, keeps it to the network it names)."""
    vals = _vals(cmd)
    if cmd.name == "ufw":
        # (`ufw delete allow 25575/tcp` closes what was opened)
        if "allow" not in vals or "from" in vals or "delete" in vals[:vals.index("allow")]:
            return
        ports = [v.split("/", 1)[0] for v in vals[vals.index("allow") + 1:]]
    else:
        if "ACCEPT" not in vals or any(v in ("-s", "--source", "--src-range") for v in vals):
            return
        if any(v in ("-D", "--delete") for v in vals):
            return
        ports = [w.value or "" for w in option_value(cmd.args, "--dport", "--destination-port", "--dports")]
    port = next((p for p in ports if p in ADMIN_PORTS), None)
    if port is not None:
        a.review("permission-tamper", f"`{cmd.name}` opens port {port} ({ADMIN_PORTS[port]}) to every address: its "
                                      "password is then all that stands between the internet and the server's admin "
                                      "commands; a person should confirm (allow only the admins' network: `ufw allow "
                                      f"from 10.0.0.0/8 to any port {port}`)", cmd.node)


def _container(a, cmd: Cmd) -> None:
    """A command run in a container (`docker exec mc rcon-cli op X`), and a Minecraft container's settings given as
    its environment (`docker run -e ONLINE_MODE=FALSE …`)."""
    from .infra import run_inside

    inner = run_inside(cmd)
    if inner is not None:
        _inside(a, inner)
    if _miner(a, cmd):
        return
    pairs = []
    for w in option_value(cmd.args, "-e", "--env"):
        k, eq, v = (w.value or "").partition("=")
        if eq:
            pairs.append((k, v))
    if not _rcon_published(cmd, pairs):
        # (a password only the container's own network reaches: a test server's, `RCON_PASSWORD=testing`)
        pairs = [(k, v) for k, v in pairs if k != "RCON_PASSWORD"]
    props = gt.env_properties(pairs)
    if props:
        found = gt.properties_finding(props, input_text(a))
        if found is not None:
            getattr(a, found[0])("permission-tamper", f"the container's settings: {found[1]}", cmd.node)


def _rcon_published(cmd: Cmd, pairs: list[tuple[str, str]]) -> bool:
    """Whether the container offers its RCON port outside (`-p 25575:25575`, `--network host`, `-P`)."""
    port = next((v for k, v in pairs if k == "RCON_PORT"), "25575")
    for w in option_value(cmd.args, "-p", "--publish", "--expose"):
        if port in (w.value or "").replace("/", ":").split(":"):
            return True
    vals = _vals(cmd)
    return "-P" in vals or "--publish-all" in vals or "--network=host" in vals or "--net=host" in vals or \
        any(w.value == "host" for w in option_value(cmd.args, "--network", "--net"))


def _miner(a, cmd: Cmd) -> bool:
    """A miner started in a container (`docker run -d --name steam-cache-warmer metal3d/xmrig xmrig -o pool…`): the
    program or the image named as one of miners.py's (miners.py reads the programs the shell runs, not a
    container's)."""
    vals = [w.value for w in positionals(cmd.args, frozenset({"--name", "-e", "--env", "-v", "--volume", "-p",
                                                               "--publish", "--cpus", "--restart", "-w", "--network",
                                                               "--entrypoint", "-u", "--user", "-m", "--memory"}))]
    if not vals or vals[0] not in ("run", "create", "container"):
        return False
    for v in vals[1:]:
        base = (v or "").rsplit("/", 1)[-1].split("@", 1)[0].split(":", 1)[0].lower()
        if base in miners.NAMES:
            miners.check_command(a, Cmd(cmd.node, cmd.words, base))
            return True
    return False


def _inside(a, inner: Cmd) -> None:
    for fn in HANDLERS.get(inner.name, ()):
        if fn not in (_container, _kubectl):
            fn(a, inner)


# -- SQL -------------------------------------------------------------------------------------------------------------------
def _sql(a, cmd: Cmd) -> None:
    from .datastores import _client_sql
    from .infra import _local_sql

    texts = _client_sql(a, cmd)
    if not texts:
        return
    text = input_text(a)
    for sql, node in texts:
        wipe = gt.ban_wipe(sql, text)
        if wipe is not None:
            a.block("permission-tamper", f"`{cmd.name}` runs `{wipe}`: every ban the server's ban plugin keeps is "
                                         "lifted at once, and banned cheaters and griefers come back; lift bans one by "
                                         "one where a moderator decided so", node)
            return
    if _local_sql(a, cmd):
        return
    for sql, node in texts:
        table = gt.records_delete(sql, text)
        if table is not None:
            a.review(RULE, gt.records_message(f"`{cmd.name}`", table), node)
            return


HANDLERS: dict = {
    "mcrcon": [_rcon], "rcon-cli": [_rcon], "rcon": [_rcon],
    "sh": [_typed],
    "php": [_artisan],
    **{n: [_request] for n in ("curl", "wget", "http", "https", "xh")},
    "rm": [_rm], "truncate": [_truncate],
    **{n: [_lgsm] for n in gt.LGSM_SCRIPTS},
    **{n: [_started] for n in ("srcds_run", "srcds_linux", "cs2", "RustDedicated", "DayZServer",
                               "ShooterGameServer", "arma3server_x64")},
    **{n: [_tunnel] for n in ("ngrok", "bore", "cloudflared", "lt", "localtunnel", "frpc")},
    **{n: [_kubectl] for n in ("kubectl", "oc")},
    **{n: [_firewall] for n in ("ufw", "iptables", "ip6tables")},
    **{n: [_container] for n in ("docker", "podman", "nerdctl")},
    **{n: [_sql] for n in ("psql", "mysql", "mariadb", "cockroach")},
}

# the words each handler reads (quotes and backslashes removed), for the shortcut (bash/fastpath.py)
_GRANT_WORDS = ("op ", "lp ", "luckperms", "perm", "pex ", "grant", "ownerid", "moderatorid", "sm_addadmin")
_CONSOLE_SCREEN = mentions(*_GRANT_WORDS, fold=True)
_AC_WORDS = re.compile(r"(?i)banned|bans\.|banlist|ban\.txt|plugins/|mods/|battleye|easyanticheat|unity3d|"
                       r"LocalLow|SaveGames|SavedArks")
_REQUEST_SCREEN = re.compile(r"(?i)root_admin|/api/application/users|/api/client/servers/|ISteamLeaderboards|"
                             r"/Admin/|/Server/|/v2/console|plugins/|mods/|forwarding\.secret|BungeeGuard")
_URL_HOST = re.compile(r"(?i)\bhttps?://(?:[^/\s@\"']{0,200}@)?([a-z0-9.-]{1,253})")


def _request_screen(text: str) -> bool:
    """The words _request reads, or a URL whose host imitates a vendor of this area."""
    return _REQUEST_SCREEN.search(text) is not None or any(gt.impostor(h) for h in _URL_HOST.findall(text))
_SQL_SCREEN = re.compile(r"(?i)ban|punish|leaderboard|wallet_ledger|nakama")
_MINERS = mentions(*miners.NAMES, fold=True)
SCREENS: dict = {
    "mcrcon": _CONSOLE_SCREEN, "rcon-cli": _CONSOLE_SCREEN, "rcon": _CONSOLE_SCREEN,
    "sh": lambda text: ("stuff" in text or "send" in text) and _CONSOLE_SCREEN(text),
    "php": mentions("p:user:make"),
    **{n: _request_screen for n in ("curl", "wget", "http", "https", "xh")},
    "rm": lambda text: _AC_WORDS.search(text) is not None,
    "truncate": mentions("ban", fold=True),
    **{n: mentions(*sorted(gt.LGSM_WIPES), fold=True) for n in gt.LGSM_SCRIPTS},
    **{n: (lambda text: gt.ANTICHEAT_WORDS.search(text) is not None) for n in ("srcds_run", "srcds_linux", "cs2",
                                                                                "RustDedicated", "DayZServer",
                                                                                "ShooterGameServer",
                                                                                "arma3server_x64")},
    **{n: mentions(*ADMIN_PORTS) for n in ("ngrok", "bore", "cloudflared", "lt", "localtunnel", "frpc")},
    **{n: mentions(*ADMIN_PORTS) for n in ("ufw", "iptables", "ip6tables")},
    **{n: (lambda text: ("LoadBalancer" in text or "NodePort" in text) and any(p in text for p in ADMIN_PORTS) or
           "exec" in text and (_CONSOLE_SCREEN(text) or _SQL_SCREEN.search(text) is not None))
       for n in ("kubectl", "oc")},
    **{n: (lambda text: "ONLINE_MODE" in text or "RCON_PASSWORD" in text or _MINERS(text) or
           "exec" in text and (_CONSOLE_SCREEN(text) or _SQL_SCREEN.search(text) is not None))
       for n in ("docker", "podman", "nerdctl")},
    **{n: (lambda text: _SQL_SCREEN.search(text) is not None) for n in ("psql", "mysql", "mariadb", "cockroach")},
}
