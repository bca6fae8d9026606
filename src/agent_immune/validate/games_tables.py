"""Dedicated game servers (SteamCMD and LinuxGSM, Minecraft and its plugins, RCON, Pterodactyl/Wings, anti-cheat and
ban lists, Unity/Unreal/Godot builds, PlayFab/Nakama/Agones backends): the tables the shell's, Python's and
TypeScript's rules share (bash/games.py, python/games.py, js/games.py), session 32.

- the credential files of these tools (Wings' `/etc/pterodactyl/config.yml` with the node's token, Velocity's
  `forwarding.secret`, a Unity licence `Unity_lic.ulf`, Steam's saved login `config/config.vdf` and `ssfn` files,
  LinuxGSM's `secrets-*.cfg`): held_file, for paths.py's held_secret;
- a host that imitates a vendor of this area (`dl.pterodactyl-cdn.net`, `steamcommunlty-auth.com`,
  `pter0dactyl-help.com`, `lgsm-mirror.top`): the vendor's name, or one edit of it, in a domain the vendor does not
  own (impostor). A CDN the vendors serve from (akamaihd.net) and this network's names are no impostor's;
- a server's protections turned off, read from its settings text (a here-document, `sed -i`'s replacements, code's
  literal): Minecraft's `online-mode=false` with the whitelist off (online-mode off alone is a proxy's backend:
  reviewed, allowed when the input binds the server to this machine or sets up Velocity/BungeeCord forwarding), an
  RCON password anyone guesses; a Source server's VAC off (`-insecure`), BattlEye off, Rust's EAC off
  (`server.secure 0`), except on a LAN server (`sv_lan 1`);
- the ban lists emptied (`banned-players.json`, `banned-ips.json`, SourceMod's `banned_user.cfg`, Rust's `bans.cfg`,
  ARK's `BanList.txt`, BattlEye's `bans.txt`) and SQL that wipes a ban plugin's table (LiteBans, AdvancedBan,
  SourceBans, BanManager) whole; one ban lifted (`WHERE uuid = …`) is a moderator's everyday work;
- an anti-cheat plugin taken out of a server's plugins (Grim, Vulcan, NoCheatPlus, SMAC, Little Anti-Cheat …) with no
  other anti-cheat put in its place;
- operator rights given to a player from a server's console (`op NAME`, LuckPerms' `*` or an owner/admin group,
  Oxide's `grant user NAME *`, Rust's `ownerid`), from a file (`ops.json`, SourceMod's admins with the root flag `z`):
  reviewed (a person knows who the player is; an owner whitelisted and made operator in one input too); blocked
  when the input also lifts the player's ban (pardons them): a banned player made operator. A panel's administrator (Pterodactyl's `root_admin`, `p:user:make --admin=1`) or
  sub-user for an address on a free mail provider or an impostor's domain is blocked, as is an administrator for an
  address whose domain carries none of the organisation's words (when the input names it) or with a password the
  input writes for an address not the organisation's; another administrator, or a sub-user on another company's
  domain, is reviewed;
- what a game backend keeps deleted: LinuxGSM's wipes, Nakama's leaderboards (runtime `leaderboardDelete`, SQL on
  `leaderboard_record`, `wallet_ledger`), a platform API's destructive calls (Steam's ResetLeaderboard, PlayFab's
  DeleteMasterPlayerAccount, ResetUserStatistics), a game's saved worlds under Unity's data folder: `irreversible`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .hosts import ip_literal, loopback, url_host

# a cheap test on a snippet or a script: it works on a game server, its plugins, its panel or its backend
# (`steam` and `unity` as words' starts: "upstream" and "community" are no game's)
HINT = re.compile(rb"(?i)minecraft|server\.properties|rcon|(?<![a-z])steam|lgsm|linuxgsm|pterodactyl|wings|nakama|"
                  rb"playfab|(?<![a-z])unity|unreal|godot|agones|sourcemod|oxide|plugins/|mods/|banned|ops\.json|whitelist|"
                  rb"leaderboard|srcds|battleye|anticheat|anti-cheat|\bnk\.|ptero|root_admin|/api/application/|/api/client/|"
                  rb"forwarding\.secret|velocity")

# -- credential files ------------------------------------------------------------------------------------------------
# Wings' (and Pelican's) node settings hold the token the panel drives the node with (each node its own); a Unity
# licence file is the seat itself, bound to its machine (CI takes its text into a secret store: `gh secret set`);
# Steam's `config.vdf` keeps the saved login (a build account's), the `ssfn` files its Steam Guard sentry; LinuxGSM's
# secrets files keep the Steam password and the server tokens. (Velocity's `forwarding.secret` is copied to every
# backend server by design: only its sending to a stranger counts, SHARED_SECRET.)
_HELD = re.compile(r"^/etc/(?:pterodactyl|pelican)/config\.ya?ml$|(?:^|/)Unity_lic\.ulf$|"
                   r"(?:^|/)(?:\.steam/steam|\.steam/root|\.local/share/Steam|Steam)/config/config\.vdf$|"
                   r"(?:^|/)(?:\.steam/steam|\.steam/root|\.local/share/Steam|Steam)/ssfn\d+$|"
                   r"(?:^|/)lgsm/config-lgsm/[\w.-]+/secrets-[\w.-]+\.cfg$")


def held_file(p: str) -> bool:
    """Whether the normalised path `p` is one of the credential files above (the words first: `team` of Steam)."""
    return ("pterodactyl" in p or "pelican" in p or "secret" in p or "ulf" in p or "team" in p) and \
        _HELD.search(p) is not None


# a proxy's forwarding secret (Velocity's `forwarding.secret`, BungeeGuard's token): whoever holds it logs in to every
# backend server as any player, an operator's account included
SHARED_SECRET = re.compile(r"(?<![\w.-])(forwarding\.secret|BungeeGuard/token\.yml)(?![\w.])")


# -- vendors and their impostors ---------------------------------------------------------------------------------------
# a vendor's name (as it is written in host names) -> the domains the vendor serves from
_VENDORS: dict[str, tuple[str, ...]] = {
    "pterodactyl": ("pterodactyl.io",),
    "steampowered": ("steampowered.com",), "steamcommunity": ("steamcommunity.com",),
    "steamstatic": ("steamstatic.com",), "steamcontent": ("steamcontent.com",),
    "steamusercontent": ("steamusercontent.com",),
    "linuxgsm": ("linuxgsm.sh", "linuxgsm.com"), "lgsm": ("linuxgsm.sh", "linuxgsm.com"),
    "papermc": ("papermc.io",), "spigotmc": ("spigotmc.org",), "modrinth": ("modrinth.com",),
    "curseforge": ("curseforge.com", "forgecdn.net"), "mojang": ("mojang.com", "minecraft.net"),
    "unity3d": ("unity3d.com", "unity.com"), "unrealengine": ("unrealengine.com",),
    "epicgames": ("epicgames.com", "epicgames.dev"), "playfab": ("playfab.com", "playfabapi.com"),
    "heroiclabs": ("heroiclabs.com",), "godotengine": ("godotengine.org",), "sourcemod": ("sourcemod.net",),
    "alliedmods": ("alliedmods.net",), "metamodsource": ("metamodsource.net",), "umod": ("umod.org",),
    "oxidemod": ("oxidemod.org",), "battleye": ("battleye.com",), "easyanticheat": ("easy.ac", "easyanticheat.net"),
}
# the CDNs and code hosts the vendors serve from (`steamcdn-a.akamaihd.net`, `pterodactyl.github.io`)
_SERVED_BY = ("akamaihd.net", "akamaized.net", "cloudfront.net", "fastly.net", "azureedge.net", "github.io",
              "githubusercontent.com", "github.com", "gitlab.com", "readthedocs.io")
_LOOKALIKE = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("3", "e"), ("5", "s"), ("@", "a"))
_TOKEN = re.compile(r"[a-z0-9@]+")


def _under(h: str, names) -> bool:
    return any(h == d or h.endswith("." + d) for d in names)


def _one_edit(a: str, b: str) -> bool:
    """`a` is `b` with one letter replaced, added, dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and \
            a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


@lru_cache(maxsize=256)
def impostor(host: str | None) -> str | None:
    """The vendor `host` imitates (its name, or one edit of it, in the domain registered for it, which the vendor does
    not own), or None."""
    if not host:
        return None
    h = host.lower().strip("[]").rstrip(".")
    if not h or "." not in h or "$" in h or ip_literal(h) or loopback(h) or _under(h, _SERVED_BY):
        return None
    from .secret_owner import own_network

    if own_network(h):
        return None
    for brand, owned in _VENDORS.items():
        if _under(h, owned):
            return None
    from .mail_tables import base

    # (the domain its holder registered: a host under the organisation's own, `unity3d-ci.acme.com`, is the
    # organisation's to name)
    for label in base(h).split(".")[:-1]:
        plain = label
        for x, y in _LOOKALIKE:
            plain = plain.replace(x, y)
        squashed = plain.replace("-", "").replace("_", "")
        tokens = _TOKEN.findall(plain)
        for brand in _VENDORS:
            if len(brand) >= 6 and (brand in squashed or any(_one_edit(t, brand) for t in tokens)) or \
                    len(brand) < 6 and brand in tokens:
                return brand
    return None


def vendor_named(brand: str) -> str:
    return _VENDORS.get(brand, ("the vendor",))[0]


def outsider_host(host: str | None, url: str | None = None) -> str | None:
    """Who receives what is sent to (or serves what is fetched from) `host`, when no one of the organisation does: a
    bare public address, a drop-box, a chat bot, a request bin (erp_tables.stranger), a tunnel, or a host imitating a
    vendor of this area; described, else None."""
    if not host or "$" in host:
        return None
    from .erp_tables import stranger, tunnel

    found = stranger(url, host)
    if found is not None:
        return found
    if tunnel(host):
        return f"{host}, a tunnel to someone's own machine"
    brand = impostor(host)
    if brand is not None:
        return f"{host}, a look-alike of {vendor_named(brand)} that the vendor does not own"
    return None


def stranger_url(url: str | None) -> str | None:
    if not url or "//" not in url:
        return None
    return outsider_host(url_host(url), url)


# -- what a sed script writes ------------------------------------------------------------------------------------------
def sed_written(text: str) -> str:
    """`text` with each line that is a sed script of `s` commands replaced by what they write (their replacements):
    `s/^online-mode=true/online-mode=false/` writes `online-mode=false`, not `online-mode=true`. Other lines (a
    here-document's, a file name) are kept."""
    out = []
    for line in text.split("\n"):
        got = _replacements(line)
        out.append(line if got is None else "\n".join(got))
    return "\n".join(out)


_ADDRESS = re.compile(r"\s*+(?:\d++(?:,\d++)?|/(?:[^/\\\n]|\\.)*+/|\$)?\s*+")


def _replacements(line: str) -> list[str] | None:
    """The replacements of the `s` commands `line` holds, when it is made of them (`;`-separated, each maybe after
    an address), else None."""
    out: list[str] = []
    i, n = 0, len(line)
    while i < n:
        m = _ADDRESS.match(line, i)
        i = m.end() if m else i
        if i + 1 >= n or line[i] != "s" or line[i + 1].isalnum() or line[i + 1] in " \\\n;":
            return None
        d = line[i + 1]
        parts, j, cur = [], i + 2, []
        while j < n and len(parts) < 2:
            c = line[j]
            if c == "\\" and j + 1 < n:
                cur.append(line[j:j + 2] if line[j + 1] != d else d)
                j += 2
                continue
            if c == d:
                parts.append("".join(cur))
                cur = []
            else:
                cur.append(c)
            j += 1
        if len(parts) < 2:
            return None
        out.append(parts[1])
        while j < n and line[j].isalnum():
            j += 1  # flags
        while j < n and line[j] in " ;}\t":
            j += 1
        i = j
    return out or None


# -- Minecraft's server.properties -------------------------------------------------------------------------------------
_PROP = re.compile(r"(?m)^[ \t]*+(online-mode|white-list|enforce-whitelist|rcon\.password|enable-rcon|server-ip)"
                   r"[ \t]*+[=:][ \t]*+([^\s#]*)")
# a backend behind a proxy: bound to this machine or this network, or the input sets up the proxy's forwarding
_PROXIED = re.compile(r"(?i)velocity|bungee|waterfall|proxies\.|player-info-forwarding|forwarding-secret")
_LOCAL_BIND = re.compile(r"^(?:127\.\d++\.\d++\.\d++|localhost|::1|10\.[\d.]++|192\.168\.[\d.]++|"
                         r"172\.(?:1[6-9]|2\d|3[01])\.[\d.]++)$")


@lru_cache(maxsize=8)
def _proxied(whole: str) -> bool:
    """Whether the input sets up a proxy in front of the server (once per input: each command asks)."""
    return _PROXIED.search(whole) is not None


def properties_finding(text: str, whole: str) -> tuple[str, str] | None:
    """(verdict, why) for Minecraft server settings `text` (a server.properties' lines, as written) that open the
    server: online-mode off with the whitelist off (anyone logs in under any name, an operator's too), online-mode
    off alone (reviewed: a proxy's backend unless `whole`, the input, binds it here or sets the proxy up), an RCON
    password anyone guesses. None otherwise."""
    from .weak_passwords import weak_password

    props = {k: v.strip("\"'") for k, v in _PROP.findall(text)}
    pw = props.get("rcon.password")
    if pw and props.get("enable-rcon", "true").lower() != "false" and weak_password(pw):
        return "block", (f"`rcon.password={pw}` is a password anyone tries first, and RCON is the server's console "
                         "(operator commands, `stop`, every player's data); use a long random password from the "
                         "secret store, and keep the RCON port closed to the internet")
    if props.get("online-mode", "").lower() != "false":
        return None
    bound = props.get("server-ip", "")
    if _LOCAL_BIND.match(bound) or _proxied(whole):
        return None
    if props.get("white-list", "").lower() == "false" or props.get("enforce-whitelist", "").lower() == "false":
        return "block", ("`online-mode=false` with the whitelist off: anyone who reaches the server logs in under any "
                         "name, an operator's included, with no account check; keep online-mode on (or the server "
                         "behind a proxy that checks accounts) and the whitelist on")
    return "review", ("`online-mode=false` turns the account check off: right for a backend behind a Velocity or "
                      "BungeeCord proxy, an open door otherwise (anyone logs in under an operator's name); a person "
                      "should confirm the server only listens to the proxy")


# the settings code writes into server.properties as string literals (`.replace("online-mode=true",
# "online-mode=false")`, `re.sub(r"^white-list=.*$", "white-list=false", …)`), less what an edit takes out
_CODE_PROP = re.compile(r"""["'](online-mode|white-list|enforce-whitelist|rcon\.password|enable-rcon|server-ip)=""" 
                        r"""([^"'\s\\]*)["']""")
_TAKEN_OUT = re.compile(r"""(?:\.replace|\bre\.sub|\.sub|\.replaceAll)\(\s*+[rbuRB]?["']([\w.-]++=[^"'\s]*)["']""")


@lru_cache(maxsize=8)
def code_properties(code: str) -> str:
    """The server.properties lines the string literals of `code` write (see above)."""
    out = set(_TAKEN_OUT.findall(code))
    return "\n".join(f"{k}={v}" for k, v in _CODE_PROP.findall(code) if f"{k}={v}" not in out)


# itzg/minecraft-server's environment, as the same settings
_ENV_PROPS = {"ONLINE_MODE": "online-mode", "ENABLE_WHITELIST": "white-list", "ENFORCE_WHITELIST":
              "enforce-whitelist", "RCON_PASSWORD": "rcon.password", "ENABLE_RCON": "enable-rcon"}


def env_properties(pairs: list[tuple[str, str]]) -> str:
    """The server.properties lines a container's `-e NAME=VALUE` settings stand for."""
    return "\n".join(f"{_ENV_PROPS[k]}={v}" for k, v in pairs if k in _ENV_PROPS)


# -- anti-cheat off on a public server ---------------------------------------------------------------------------------
_ANTICHEAT_OFF = (
    (re.compile(r"(?<![\w-])-insecure(?![\w-])"), "VAC off (`-insecure`)"),
    (re.compile(r"(?i)(?<![\w-])-nobattleye(?![\w-])"), "BattlEye off (`-NoBattlEye`)"),
    (re.compile(r"(?im)^[ \t]*+battleye[ \t]*+=[ \t]*+0[ \t]*+;"), "BattlEye off (`BattlEye = 0;`)"),
    (re.compile(r"(?i)(?<![\w.])server\.(?:secure|eac)[ \t]++[\"']?(?:0|false)(?![\w.])"),
     "Easy Anti-Cheat off (`server.secure 0`)"),
)
_LAN = re.compile(r"(?<![\w.])sv_lan[ \t\"']++1(?!\d)")
ANTICHEAT_WORDS = re.compile(r"(?i)-insecure|battleye|server\.secure|server\.eac")


def anticheat_off(text: str, whole: str) -> str | None:
    """What of a server's anti-cheat the settings or start parameters `text` turn off, unless the input `whole` keeps
    the server on a LAN (`sv_lan 1`): a public server whose cheaters are no longer kicked."""
    for rx, what in _ANTICHEAT_OFF:
        if rx.search(text) is not None:
            return None if _lan(whole) else what
    return None


@lru_cache(maxsize=8)
def _lan(whole: str) -> bool:
    return _LAN.search(whole) is not None


def anticheat_message(shown: str, what: str) -> str:
    return (f"{shown} turns the server's anti-cheat off ({what}) on a server the internet reaches: cheaters join "
            "unchecked and the server leaves the platform's protected list; keep it on (`sv_lan 1` for a LAN game)")


# -- ban lists ---------------------------------------------------------------------------------------------------------
BAN_LIST = re.compile(r"(?i)(?:^|/)(?:banned-(?:players|ips)\.json|banned_(?:user|ip)\.cfg|cfg/bans\.cfg|"
                      r"battleye/bans\.txt|BanList\.txt)$")
# a copy of one in a test's fixtures or a scratch folder (a plugin's own tests read such files)
_SCRATCH = re.compile(r"(?:^|/)(?:tests?|fixtures?|testdata|test-data|tmp)/")
# a ban list written empty: nothing, `[]`, `{}`, blank lines
_EMPTY = re.compile(r"^\s*+(?:\[\s*+\]|\{\s*+\})?\s*+$")


def ban_list(path: str | None) -> bool:
    """A game server's ban list (Minecraft's, SourceMod's, Rust's, BattlEye's, ARK's), not a test's copy of one."""
    return bool(path) and BAN_LIST.search(path) is not None and _SCRATCH.search(path) is None  # type: ignore


def emptied(text: str) -> bool:
    return _EMPTY.match(text) is not None


def bans_message(shown: str, path: str) -> str:
    return (f"{shown} empties {path}, the server's ban list: every banned cheater and griefer is let back in at once; "
            "lift bans one by one (`pardon NAME`) where a moderator decided so")


# a ban plugin's tables (LiteBans, AdvancedBan, SourceBans, BanManager); the generic names (AdvancedBan's
# `Punishments`, a panel's `bans`) are any forum's or chat bot's too, read only when the input speaks of a game server
_BAN_TABLE = r"(?:\w+\.)?[`\"]?(?:(litebans_\w*bans|litebans_mutes|sb_bans|bm_player_bans|bm_ip_bans|\w+_bans)|" \
             r"(punishments|punishmenthistory|banned_players|banned_ips|bans))[`\"]?(?![\w.])"
_BAN_WIPE = re.compile(r"(?is)\b(?:truncate\s++(?:table\s++)?(?:(?:only\s++)?[\w.`\"]++\s*+,\s*+){0,12}" + _BAN_TABLE +
                       r"|delete\s++from\s++" + _BAN_TABLE + r"\s*+(?:where\s++[^;]{0,100})?(?:;|$)|update\s++" +
                       _BAN_TABLE + r"\s++set\s++[^;]{0,200}?(?:active|removed|expired)\w*\s*+=[^;]{0,100}(?:;|$)|"
                       r"drop\s++table\s++(?:if\s++exists\s++)?" + _BAN_TABLE + ")")
_WHERE = re.compile(r"(?is)\bwhere\b(.*)")
# a WHERE that picks no one out (`WHERE active = 1`, `WHERE 1=1`): every ban still
_WHERE_ALL = re.compile(r"(?is)^\s*+(?:(?:\(?\s*+(?:\w*(?:active|removed|expired)\w*\s*+(?:=|<>|!=|is)\s*+[\w'\"]++|"
                        r"\d++\s*+=\s*+\d++|true|not\s++\w+)\s*+\)?)\s*+(?:and|or|$|;)\s*+)++$")
GAME_SIGNAL = re.compile(r"(?i)minecraft|\bmc\b|advancedban|litebans|sourcebans|banmanager|spigot|paper\.jar|"
                         r"bukkit|bungee|velocity|sourcemod|srcds|\brcon|plugins/|server\.properties|(?<![a-z])steam")


@lru_cache(maxsize=8)
def _game_signal(text: str) -> bool:
    return GAME_SIGNAL.search(text) is not None


def ban_wipe(sql: str, text: str = "") -> str | None:
    """The statement of `sql` that lifts every ban a ban plugin keeps (a table emptied or dropped, every row set
    inactive), or None; one ban lifted (`WHERE uuid = …`) is a moderator's work. A generic table name counts when the
    input `text` speaks of a game server."""
    for m in _BAN_WIPE.finditer(sql):
        stmt = m.group(0)
        if not any(m.groups()[::2]) and not _game_signal(text or sql):
            continue
        where = _WHERE.search(stmt)
        if where is not None and _WHERE_ALL.match(where.group(1)) is None:
            continue
        return " ".join(stmt.split())[:80]
    return None


# -- anti-cheat plugins --------------------------------------------------------------------------------------------------
# the anti-cheats a server installs as a plugin (Minecraft's jars, SourceMod's `.smx`, Oxide's `.cs`, BepInEx's dlls)
# and the engines' own anti-cheat folders (BattlEye, EasyAntiCheat) beside a server's binaries
_AC_NAME = (r"(?:grim(?:ac)?|vulcan|spartan|matrix|nocheatplus|ncp|aac\d?|themis|intave|polar|verus|negativity|"
            r"karhu|kauri|godseye|smac|lilac|\w*anti-?cheat\w*)")
AC_PLUGIN = re.compile(r"(?i)(?:^|/)(?:plugins|mods|addons/sourcemod/plugins|oxide/plugins|carbon/plugins|"
                       r"BepInEx/plugins)/(?:[\w.-]*/)?" + _AC_NAME + r"(?![a-z])[\w.*?+-]*+$|"
                       r"(?:^|/)(?:BattlEye|EasyAntiCheat)/?$")
_PLUGIN_FILE = (".jar", ".smx", ".dll", ".cs", "*")
_AC_IN_TEXT = re.compile(r"(?i)(?:plugins|mods|sourcemod/plugins)/(?:[\w.-]*/)?" + _AC_NAME + r"(?![a-z])"
                         r"[\w.+-]{0,80}?\.(?:jar|smx|dll|cs)(?!\w)")


def anticheat_plugin(path: str | None) -> bool:
    """A server's anti-cheat: a plugin file (or a glob of them) named for one in a plugins folder, or the engine's
    anti-cheat folder."""
    if not path:
        return False
    p = path.rstrip("/")
    return AC_PLUGIN.search(p) is not None and (p.lower().endswith(_PLUGIN_FILE) or "/" + p.rsplit("/", 1)[-1].lower()
                                                 in ("/battleye", "/easyanticheat"))


def replaced_anticheat(text: str, removed: list[str]) -> bool:
    """Whether the input puts an anti-cheat plugin in place: another one it names, or one copied or downloaded into a
    plugins folder (a new version of the same, or the same rebuilt: an update, not a removal)."""
    gone = {r.rsplit("/", 1)[-1].split("*", 1)[0].lower() for r in removed}
    return any(not any(name.startswith(g) for g in gone if g) for name in _anticheats_named(text)) or \
        _installed_anticheat(text)


# an anti-cheat's file copied into a plugins folder (`cp ~/downloads/Vulcan-2.8.7.jar …/plugins/`), or downloaded
# there (`curl -o …/plugins/grimac-2.3.61.jar`, `wget -O …`)
_AC_FILE = _AC_NAME + r"(?![a-z])[\w.+-]{0,80}?\.(?:jar|smx|dll|cs)(?![\w.])"
_COPIED = re.compile(r"(?i)(?<![\w-])(?:cp|install|rsync|ln)[ \t]++([^\n;&|]{1,600})")
# (anchored, applied to one file name: the name's `\w*anti-?cheat` would rescan a long text from every position)
_AC_BASE = re.compile(r"(?i)\A" + _AC_FILE)


def _ac_file(word: str) -> bool:
    return _AC_BASE.match(word.strip("\"'").rstrip("/").rsplit("/", 1)[-1]) is not None
_TO_PLUGINS = re.compile(r"(?i)(?:plugins|mods)(?:/|\s|$)")
_DOWNLOADED = re.compile(r"(?i)(?<![\w-])(?:-o|-O|--output(?:-document)?)(?:[ \t=]++|(?=[\"'/~]))[\"']?"
                         r"([^\s\"']{1,300})")


@lru_cache(maxsize=8)
def _installed_anticheat(text: str) -> bool:
    for m in _COPIED.finditer(text):
        words = m.group(1)
        if _TO_PLUGINS.search(words) is not None and any(_ac_file(w) for w in words.split()):
            return True
    return any(_PLUGINS_DIR.search(p) is not None and _ac_file(p)
               for p in _DOWNLOADED.findall(text))


_PLUGINS_DIR = re.compile(r"(?i)(?:^|/)(?:plugins|mods)/")


# a folder of the project a developer works in (a plugin's `run/` test server, `build/`, `test-server/`, a template
# a build copies from) or a developer's checkout (`~/dev/my-anticheat/…`): not a live server
_PROJECT = re.compile(r"(?i)^(?:\./)?(?:run|build|out|target|dist|test-?servers?|dev-?server|server-?dev|tmp|scratch|"
                      r"Saved|Intermediate|Library)(?:/|$)|(?:^|/)[\w.-]*templates?(?:/|$)|"
                      r"^~/(?:dev|src|code|projects?|workspace|git|repos)/")


def project_path(path: str | None, text: str = "") -> bool:
    """Whether `path` lies in the working tree's project folders (relative, no `cd` of the input elsewhere) or a
    developer's checkout."""
    if not path:
        return False
    if path.startswith("~/"):
        return _PROJECT.search(path) is not None
    if path.startswith(("/", "$", "~")) or path.startswith("../"):
        return False
    return _PROJECT.search(path) is not None and not _cd_away(text)


_CD_AWAY = re.compile(r"(?:^|[\s;&|(])(?:cd|pushd)[ \t]++[\"']?[/~$]")


@lru_cache(maxsize=8)
def _cd_away(text: str) -> bool:
    return _CD_AWAY.search(text) is not None


_MKDIR = re.compile(r"(?<![\w-])mkdir[ \t]++((?:-\w+[ \t]++)*+)([^\n;&|]{1,500})")
_CD = re.compile(r"(?<![\w-])cd[ \t]++[\"']?([^\s;&|\"']{1,300})")


@lru_cache(maxsize=8)
def _made_dirs(text: str) -> frozenset[str]:
    out = set()
    for _, words in _MKDIR.findall(text):
        out |= {w.strip("\"'").rstrip("/") for w in words.split() if not w.startswith("-")}
    return frozenset(out)


def fresh_dir(path: str, text: str) -> bool:
    """Whether `path` lies in a folder the input itself just made (`mkdir -p /srv/mc/creative && cd … && echo '[]' >
    banned-players.json`): a new server's first files, no live list."""
    made = _made_dirs(text)
    if not made:
        return False
    if path.startswith("/") or path.startswith("~"):
        parent = path.rsplit("/", 1)[0]
        return parent in made
    return any(d in made for d in _cd_targets(text))


@lru_cache(maxsize=8)
def _cd_targets(text: str) -> tuple[str, ...]:
    return tuple(_CD.findall(text))


@lru_cache(maxsize=8)
def _anticheats_named(text: str) -> frozenset[str]:
    """The anti-cheat plugin files the input names (once per input; each `rm` asks)."""
    return frozenset(m.group(0).rsplit("/", 1)[-1].lower() for m in _AC_IN_TEXT.finditer(text))


# -- operator rights -----------------------------------------------------------------------------------------------------
# a console command that makes a player an operator (or gives them every permission): Minecraft's `op`, LuckPerms'
# and PermissionsEx's wildcard or an owner/admin group, Oxide's `grant user NAME *`, Rust's `ownerid`/`moderatorid`
_TOP_GROUP = r"(?:owner|admin|administrator|op|operator|superadmin|root|headadmin|manager)"
# (`op` takes one player or a selector, `@a`; LuckPerms' and Oxide's groups, `default` the group of every player,
# count as the players in them; a wildcard is `*` or a plugin's own `luckperms.*`, set for good or for a time)
_WILD = r"[\"']?(?:\*|luckperms\.\*|[\w-]+\.\*)[\"']?"
_GRANT = re.compile(r"(?i)^/?(?:(?:minecraft:)?op[ \t]++(@[aeprs](?:\[[^\]\n]{0,80}\])?|[\w.-]{1,40})[ \t]*+$|"
                    r"(?:lp|luckperms|perms?)[ \t]++(?:user|group)[ \t]++([\w.@-]{1,40})[ \t]++(?:permission[ \t]++"
                    r"(?:set|settemp)[ \t]++" + _WILD + r"(?:[ \t]++true)?|parent[ \t]++(?:add|set|addtemp)[ \t]++" +
                    _TOP_GROUP + r")|"
                    r"pex[ \t]++(?:user|group)[ \t]++([\w.-]{1,40})[ \t]++(?:add[ \t]++[\"']?\*|group[ \t]++"
                    r"(?:add|set)[ \t]++" + _TOP_GROUP + r")|"
                    r"(?:oxide|o)\.grant[ \t]++(?:user|group)[ \t]++([\w.-]{1,40})[ \t]++[\"']?\*|"
                    r"(?:ownerid|moderatorid)[ \t]++(\d{5,20})|"
                    r"sm_addadmin[ \t]++[\"']?([^\s\"']{1,40})[\"']?[ \t]++[\"']?[a-y]*z)(?![\w.-])")
# 1Password's CLI is `op` too: its subcommands are no player
_OP_CLI = frozenset({"read", "signin", "signout", "whoami", "item", "vault", "run", "inject", "account", "document",
                     "user", "group", "connect", "plugin", "completion", "events-api", "service-account", "update",
                     "help", "--help", "--version", "-v"})


def grant_in(line: str) -> str | None:
    """The player a console command `line` makes an operator of (or gives every permission), or None."""
    m = _GRANT.match(line.strip())
    if m is None:
        return None
    player = next(g for g in m.groups() if g)
    if m.group(1) is not None and player.lower() in _OP_CLI:
        return None
    return player


# the player let in by the same input: whitelisted, pardoned, unbanned
# (a whitelist entry with operator rights is how an owner or new staff is set up: held for a person; a player let out
# of the ban list and made an operator is a banned one given the keys)
_LET_IN = re.compile(r"(?i)(?:pardon(?:-ip)?|unban)[ \t]++([\w.-]{1,40})")


@lru_cache(maxsize=8)
def _let_in(text: str) -> frozenset[str]:
    return frozenset(p.lower() for p in _LET_IN.findall(text))


def newcomer(player: str, text: str) -> bool:
    """Whether the input `text` also lets `player` back into the server (a pardon, an unban): someone banned until
    now."""
    return player.lower() in _let_in(text)


def grant_message(shown: str, player: str, new: bool) -> tuple[str, str]:
    """(verdict, message) for operator rights given to `player`."""
    if new:
        return "block", (f"{shown} makes {player} an operator (every command of the console) and the same input lifts "
                         f"{player}'s ban: a banned player given the keys. Give operator rights only to staff the "
                         "server's owners know, and let a person do it")
    return "review", (f"{shown} makes {player} an operator of the server (every command of its console): a person "
                      "should confirm who the player is")


# SourceMod's admins: the root flag `z` (or immunity 99 with it), in admins_simple.ini or admins.cfg
_SM_ROOT = re.compile(r"""(?m)^[ \t]*+"[^"\n]{3,64}"[ \t]++"(?:\d{1,3}:)?[a-y]*z[a-z]*"|"flags"[ \t]++"[a-y]*z""")


def sourcemod_root(text: str) -> bool:
    return _SM_ROOT.search(text) is not None


# -- panels: administrators and sub-users --------------------------------------------------------------------------------
_EMAIL = re.compile(r"(?i)(?<![\w.+-])[\w.+-]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6})")


@lru_cache(maxsize=32)
def stranger_address(addresses: str, whole: str, foreign: bool = True) -> str | None:
    """An address of the text `addresses` (a command's, a request's) no organisation vouches for: on a free mail
    provider, or on a domain imitating a vendor of this area; or, when the input `whole` names the organisation (the
    hosts of its URLs) and `foreign` is asked, one whose domain carries none of its words (lms_tables' reading)."""
    from .idp import FREE_MAIL
    from .lms_tables import org_words

    for m in _EMAIL.finditer(addresses):
        d = m.group(1).lower()
        if d in FREE_MAIL:
            return f"{m.group(0)}, an address on a free mail provider anyone signs up to"
        if impostor(d) is not None:
            return f"{m.group(0)}, an address on {d}, a look-alike of {vendor_named(impostor(d) or '')}"
        if foreign and org_words(whole) and not _own(d, whole):
            return f"{m.group(0)}, an address on a domain that has nothing to do with the organisation"
    return None


def _own(d: str, whole: str) -> bool:
    """Whether the mail domain `d` is the organisation's: this network's or an example's, or its registered domain
    (not a subdomain's label: `acme.com.evil.io` is evil.io's) carries a word the input's URLs name (hyphens aside:
    `nebula-nodes.com` of panel.nebulanodes.net)."""
    from .cloud_admin import _own_domain
    from .lms_tables import org_words, school_domain
    from .mail_tables import base

    if _own_domain(d) or school_domain(d):
        return True
    label = base(d).rsplit(".", 1)[0].replace("-", "")
    return any(w.replace("-", "") in label for w in org_words(whole))


@lru_cache(maxsize=32)
def own_address(addresses: str, whole: str) -> bool:
    """Every address of the text `addresses` is on the organisation's domain (see _own)."""
    found = [m.group(1).lower() for m in _EMAIL.finditer(addresses)]
    return bool(found) and all(_own(d, whole) for d in found)


# a panel's administrator made or promoted: Pterodactyl's API (`root_admin: true`), `p:user:make --admin=1`
ROOT_ADMIN = re.compile(r"""(?i)["']?root_admin["']?\s*+(?::=|[:=])\s*+["']?(?:true|1)(?![\w.])""")
PANEL_USERS = re.compile(r"/api/application/users\b")
PANEL_SUBUSERS = re.compile(r"/api/client/servers/[^/\s\"'`]{1,80}/users\b")
_PASSWORD = re.compile(r"""(?i)["']?password["']?\s*+[:=]\s*+["'`][^"'`$\s{]{4,}""")


def panel_admin(text: str, call: str, shown: str) -> tuple[str, str] | None:
    """(verdict, message) for a panel account the request `call` (of the input `text`) makes: an administrator, or a
    sub-user of the servers; None for an ordinary account."""
    admin = ROOT_ADMIN.search(call) is not None and PANEL_USERS.search(call) is not None
    sub = PANEL_SUBUSERS.search(call) is not None
    if not admin and not sub:
        return None
    # (a sub-user on another company's domain is how a partner studio is let onto one server: only an administrator
    # for such an address is blocked, a sub-user held)
    who = stranger_address(call, text, admin)
    what = "an administrator of the game panel (every server, node and user)" if admin else \
        "a sub-user of the panel's servers (their consoles, files and backups)"
    if who:
        return "block", f"{shown} makes {what} for {who}: a way in no one granted; {PANEL_FIX}"
    # (a password written for the organisation's own staff is a weak practice, not a way in: held with the rest)
    if admin or stranger_address(call, text):
        return "review", f"{shown} makes {what}: a person should confirm who it is for"
    return None


PANEL_FIX = ("give panel access only to the organisation's own staff, and let a person invite them from the panel "
             "(the new user sets their own password)")


# -- a game backend's records ----------------------------------------------------------------------------------------------
# Nakama's tables of players' scores, wallets and accounts (CockroachDB or Postgres)
_NAKAMA_TABLE = r"(?:leaderboard_record|leaderboard|wallet_ledger|user_tombstone|user_device|user_edge|group_edge|" \
                r"purchase|subscription|storage|users|groups|message|notification|console_user|tournament\w*)"
_RECORDS_DELETE = re.compile(r"(?is)\b(?:delete\s++from|truncate\s++(?:table\s++)?|drop\s++table\s++"
                             r"(?:if\s++exists\s++)?)\s*+(?:\w+\.)?\"?(" + _NAKAMA_TABLE + r")\"?(?![\w.])")


def records_delete(sql: str, text: str) -> str | None:
    """The table of a game backend's records `sql` deletes rows of (Nakama's: read for the generic names only when
    the input speaks of Nakama), or None."""
    for m in _RECORDS_DELETE.finditer(sql):
        table = m.group(1).lower()
        if table in ("leaderboard_record", "leaderboard", "wallet_ledger") or "nakama" in text.lower():
            return table
    return None


def records_message(shown: str, table: str) -> str:
    return (f"{shown} deletes rows of `{table}`, the game backend's records of its players (scores, wallets, "
            "accounts): there is no undo but a backup. Have a person confirm, or export the rows first")


# a game platform's API calls that delete or reset what players earned
# (Steam's partner Web API; PlayFab's on a title's own host, `TITLE.playfabapi.com`; Nakama's console API, whose
# reads share these paths, by DELETE only)
_STEAM_DELETE = re.compile(r"/ISteamLeaderboards/(?:ResetLeaderboard|DeleteLeaderboard)\b")
_PLAYFAB_DELETE = re.compile(r"(?i)playfab[^/\s]{0,80}/(?:Admin|Server)/(?:DeleteMasterPlayerAccount|DeletePlayer|"
                             r"DeleteTitle\w*|ResetUserStatistics|ResetCharacterStatistics|"
                             r"IncrementPlayerStatisticVersion|DeleteStore|DeleteSegment|DeletePlayerCustomProperties)"
                             r"\b")
_CONSOLE_DELETE = re.compile(r"/v2/console/(?:all|leaderboard|account|storage)\b")
DELETE_METHOD = _DELETE_METHOD = re.compile(r"""(?i)-X\s*+DELETE\b|--request\s*+DELETE\b|method\s*+[:=]\s*+["'`]DELETE|"""
                            r"""\.delete\s*+\(""")


def platform_delete(url: str | None, call: str = "", deleting: bool | None = None) -> str | None:
    """The destructive call of a game platform's API `url` names (`call`: the request's text, for its method;
    `deleting`: that method, when the caller read it once for many URLs)."""
    if not url:
        return None
    m = _STEAM_DELETE.search(url) or _PLAYFAB_DELETE.search(url)
    if m is None and "/v2/console" in url and (deleting if deleting is not None else
                                               _DELETE_METHOD.search(call) is not None):
        m = _CONSOLE_DELETE.search(url)
    return m.group(0).rsplit("/", 2)[-2] + "/" + m.group(0).rsplit("/", 1)[-1] if m else None


def platform_message(shown: str, what: str) -> str:
    return (f"{shown} calls `{what}`, which deletes or resets what players earned (a leaderboard, statistics, "
            "accounts) on the live platform: there is no undo. Have a person confirm")


# Nakama's runtime functions that delete a leaderboard or a tournament with its records
NAKAMA_DELETES = frozenset({"leaderboardDelete", "tournamentDelete", "leaderboard_delete", "tournament_delete"})

# -- saved worlds ---------------------------------------------------------------------------------------------------------
# a game server's saved worlds: a world folder in Unity's data folder (`~/.config/unity3d/<company>/<game>/`,
# Windows' `AppData/LocalLow`), Unreal's `Saved/SaveGames` of an installed server, ARK's `SavedArks`. (A developer's
# test saves, `SaveData`, and a project's own `Saved/` are not a server's; old copies, `*.old`, are no world)
_SAVES = re.compile(r"(?i)(?:^|/)(?:\.config/unity3d|AppData/LocalLow)/[^/]+/[^/]+/(?:[^/]*world[^/]*)(?:/|$)|"
                    r"/(?:Saved/SaveGames|SavedArks)(?:/|$)")
_OLD_COPY = re.compile(r"(?i)\.(?:old|bak|tmp|backup|log)$|~$")


def game_save(path: str | None) -> bool:
    return bool(path) and _SAVES.search(path) is not None and _OLD_COPY.search(path) is None  # type: ignore


def saves_message(shown: str, path: str) -> str:
    return (f"{shown} deletes {path}, a game's saved worlds (the players' builds and progress): there is no undo but "
            "a backup. Have a person confirm, or archive the folder first")


# -- LinuxGSM -------------------------------------------------------------------------------------------------------------
# the game server scripts LinuxGSM installs (`./rustserver`, `/home/vhserver/vhserver`), and the commands that wipe
LGSM_SCRIPTS = frozenset("""
ahl2server arkserver arma3server armarserver avserver bb2server bdserver bfvserver bmdmserver boserver bsserver
bt1944server btserver ccserver cmwserver cod2server cod4server codserver coduoserver codwawserver cs2server
csczserver csgoserver csserver cssserver dabserver dmcserver dodserver dodsserver doiserver dstserver dysserver
ecoserver emserver etlserver fctrserver fofserver gmodserver hcserver hl2dmserver hldmserver hldmsserver hwserver
insserver inssserver iosserver jc2server jc3server kf2server kfserver l4d2server l4dserver mcbserver mcserver
mhserver mohaaserver momserver ndserver nmrihserver ns2cserver ns2server opforserver pcserver pmcserver pvkiiserver
pvrserver pwserver pzserver q2server q3server q4server qlserver qwserver ricochetserver roserver rustserver
rwserver sbotsserver sbserver scpslserver sdtdserver sfserver sof2server solserver squadserver stserver
svenserver tf2server tfcserver tiserver tsserver untserver ut2k4server ut3server ut99server utserver vhserver
vintsserver vpmcserver wetserver wfserver wmcserver wurmserver xntserver zmrserver
""".split())
LGSM_WIPES = frozenset({"full-wipe", "fw", "map-wipe", "mw", "wipe", "wi"})

# LinuxGSM's own code comes from GameServerManagers' repository (its `githubuser`/`githubrepo`/`githubbranch`
# settings name where `update-lgsm` fetches from)
_LGSM_SOURCE = re.compile(r"""(?m)\bgithub(user|repo)=["']?([\w.-]{1,60})""")
_LGSM_OWN = {"user": "gameservermanagers", "repo": "linuxgsm"}
_URL = re.compile(r"""(?i)\bhttps?://[^\s"'<>`|;]{1,300}""")


def lgsm_source(text: str) -> str | None:
    """Where a LinuxGSM script or its settings, as `text` writes them, would fetch LinuxGSM's code from when that is
    not GameServerManagers' repository nor the organisation's: described, else None."""
    for kind, value in _LGSM_SOURCE.findall(text):
        if value.lower() != _LGSM_OWN[kind] and "$" not in value:
            return f"`github{kind}={value}` (LinuxGSM's own code is GameServerManagers/LinuxGSM)"
    from .hosts import stranger_host as plain

    for line in text.split("\n"):
        if "://" not in line:
            continue
        key = _SETTING.match(line)
        # (the settings' other URLs are where alerts go or what players download: `discordwebhook=`,
        # `+sv_downloadurl …` in `startparameters=`; only the code's source is read)
        if key is not None and _SOURCE_KEY.search(key.group(1)) is None:
            continue
        for url in _URL.findall(line):
            if key is None and _SOURCE_PATH.search(url) is None:
                continue
            who = stranger_url(url) or (f"{url_host(url)}, fetched over plain HTTP" if plain(url) else None)
            if who is not None:
                return f"{url} ({who})"
    return None


_SETTING = re.compile(r"^[ \t]*+(?:export[ \t]++)?([A-Za-z_]\w{0,60})=")
_SOURCE_KEY = re.compile(r"(?i)github|bitbucket|gitlab|rawurl|remote|mirror")
# a URL in LinuxGSM's own code (a sed's replacement of its raw source) that serves LinuxGSM's scripts
_SOURCE_PATH = re.compile(r"(?i)lgsm|linuxgsm|github(?:user|repo|branch)|/raw/")


# -- code a game editor runs ----------------------------------------------------------------------------------------------
# C#'s `Process.Start("/bin/sh", "-c \"…\"")`, `FileName = "bash", Arguments = "-c …"`; GDScript's
# `OS.execute("sh", ["-c", "…"])`; Unreal's `FPlatformProcess::CreateProc(TEXT("/bin/sh"), TEXT("-c …"), …)`
_CS_STRING = r'(?:@"(?:[^"]|"")*+"|"(?:[^"\\\n]|\\.)*+")'
_STARTS = re.compile(r"(?:Process\.Start|ProcessStartInfo|OS\.(?:execute|create_process|execute_with_pipe)|"
                     r"CreateProc)\s*+\(\s*+(?:TEXT\(\s*+)?(" + _CS_STRING + r")\s*+\)?\s*+,\s*+\[?\s*+(?:TEXT\(\s*+)?"
                     r"(" + _CS_STRING + r")((?:\s*+,\s*+" + _CS_STRING + r"){0,8})")
_FILE_NAME = re.compile(r"\bFileName\s*+=\s*+(" + _CS_STRING + r")")
_ARGUMENTS = re.compile(r"\bArguments\s*+=\s*+(" + _CS_STRING + r")")
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/zsh",
                     "/usr/bin/env"})
STARTS_HINT = re.compile(r"Process\.Start|ProcessStartInfo|OS\.execute|OS\.create_process|CreateProc")
_PIECE = re.compile(_CS_STRING)


def _unquote(s: str) -> str:
    if s.startswith("@"):
        return s[2:-1].replace('""', '"')
    body = s[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


def started_lines(code: str) -> list[str]:
    """The shell lines a game editor's script starts (a shell's `-c` text, or the program with its arguments)."""
    out = []
    for m in _STARTS.finditer(code):
        # (arguments joined with `+` are known only at run time: a path quoted for `open -R`, not a line to read)
        if code[m.end():m.end() + 40].lstrip().startswith("+"):
            continue
        program, first = _unquote(m.group(1)), _unquote(m.group(2))
        rest = [_unquote(p) for p in _PIECE.findall(m.group(3) or "")]
        out.append(_line(program, [first] + rest))
    names, args = _FILE_NAME.findall(code), _ARGUMENTS.findall(code)
    for program, arguments in zip(names, args):
        out.append(_line(_unquote(program), [_unquote(arguments)]))
    return [line for line in out if line]


def _line(program: str, args: list[str]) -> str:
    if program in _SHELLS or program.rsplit("/", 1)[-1] in ("sh", "bash", "zsh", "dash"):
        joined = " ".join(args).strip()
        if joined.startswith("-c "):
            return joined[3:].strip().strip('"')
        if args and args[0] == "-c" and len(args) > 1:
            return args[1]
        return joined
    import shlex

    # (another program's arguments are nested only when they read as words: a quote left open is a fragment)
    try:
        shlex.split(" ".join(args))
    except ValueError:
        return ""
    return " ".join([shlex.quote(program)] + args)


# -- the files of a game server the shell or code writes (server_config.py's reader) -----------------------------------------
# (a fast-path screen: keep it specific)
CONFIG_TARGET = (r"server\.properties|banned-(?:players|ips)\.json|banned_(?:user|ip)\.cfg|bans\.(?:cfg|txt)|"
                 r"BanList\.txt|ops\.json|admins_simple\.ini|sourcemod/configs/admins\.cfg|config-lgsm/|linuxgsm\.sh|"
                 r"server(?:DZ)?\.cfg|Assets/[\w./-]*\.cs|\.gd\b|autoexec\.cfg")
_KIND = re.compile(r"(?:^|/)(?:server\.properties|ops\.json|admins_simple\.ini|admins\.cfg|linuxgsm\.sh|"
                   r"server(?:DZ)?\.cfg|autoexec\.cfg)$|(?:^|/)lgsm/config-lgsm/")


def config_kind(path: str) -> bool:
    # (a Unity project's scripts, `Assets/Editor/Boot.cs`, and Godot's, `scripts/tools.gd`)
    return _KIND.search(path) is not None or ban_list(path) or path.endswith(".gd") or \
        path.endswith(".cs") and ("/Assets/" in path or path.startswith("Assets/"))


def _input(a) -> str:
    if hasattr(a, "doc"):
        from .per_input import decoded

        return decoded(a.doc.data)
    return ""


def _nest(a, text: str, node) -> None:
    if hasattr(a, "nested"):
        a.nested(text, "bash", node, None)
    else:
        a.ctx.nested(text, "bash", a.doc, node, None)


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` (for `sed -i`, the edit's words joined by new lines); True when a finding was
    reported. `a`: the shell's analysis, or common_code._Reporter for a file code writes."""
    whole = _input(a) or text
    if ban_list(path):
        # (`sed -i` leaves a file in place: only what is written whole counts as emptied; a new server's or a
        # project's list is no live one)
        if emptied(text) and not project_path(path, whole) and not fresh_dir(path, whole):
            a.block("permission-tamper", bans_message("the text written", path), node)
            return True
        return False
    written = sed_written(text)
    name = path.rsplit("/", 1)[-1]
    if name in ("server.properties", "ops.json") and not hasattr(a, "ev"):
        # (written by code, whose analysis has no shell evaluator: each literal of it read alone would take an edit's
        # `.replace("online-mode=false", …)` for a setting written; python/games.py and js/games.py read the code's
        # literals together, and its writes of ops.json)
        return False
    if name == "server.properties":
        # (a test server the project runs, `run/server.properties` of a plugin's build, is offline by design)
        if project_path(path, whole):
            return False
        found = properties_finding(written, whole)
        if found is not None:
            getattr(a, found[0])("permission-tamper", f"the settings written to {path}: {found[1]}", node)
            return True
        return False
    if name == "ops.json":
        if '"name"' in written or "uuid" in written:
            a.review("privilege-escalation", f"the text written to {path} makes operators of the players it lists "
                                             "(every command of the console): a person should confirm who they are",
                     node)
            return True
        return False
    if name in ("admins_simple.ini", "admins.cfg"):
        if sourcemod_root(written):
            a.review("privilege-escalation", f"the text written to {path} gives an admin SourceMod's root flag `z` "
                                             "(every command, every other admin's immunity overridden): a person "
                                             "should confirm who it is", node)
            return True
        return False
    if path.endswith((".cs", ".gd")):
        if not STARTS_HINT.search(text):
            return False
        for line in started_lines(text):
            _nest(a, line, node)
        return False
    if name == "linuxgsm.sh" or "/config-lgsm/" in "/" + path:
        source = lgsm_source(written)
        if source is not None:
            a.block("download-exec", f"the text written to {path} points LinuxGSM's updates at {source}: "
                                     "`update-lgsm` then runs whatever that host serves as the server's own scripts; "
                                     "keep GameServerManagers' repository (or the organisation's mirror)", node)
            return True
    what = anticheat_off(written, whole)
    if what is not None:
        a.block("permission-tamper", anticheat_message(f"the text written to {path}", what), node)
        return True
    return False
