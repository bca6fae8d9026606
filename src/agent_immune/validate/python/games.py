"""Dedicated game servers (RCON, Pterodactyl's API, game platforms' web APIs, ban lists and operators, a game's saved
worlds), from Python (session 32). The tables are games_tables'.

Blocked:
- a console command sent over RCON (`MCRcon(…).command("op X")`, LuckPerms' `*` or owner group, Oxide's `grant user X
  *`) that makes a player the same script lets in (whitelists or pardons) an operator; reviewed for a player not known
  to be new;
- a Pterodactyl administrator (`POST /api/application/users` with `root_admin`) or sub-user (`POST
  /api/client/servers/ID/users`) made for an address on a free mail provider or a vendor's look-alike domain, an
  administrator with a password the code writes for an address not the organisation's; other administrators
  reviewed;
- a request to a host imitating a vendor of this area (`steamcommunlty-auth.com`) carrying a secret of the environment;
- a ban list written empty (`Path(".../banned-players.json").write_text("[]")`, `json.dump([], f)` into it) or
  deleted, a ban plugin's table wiped by SQL;
- server.properties rewritten with online-mode and the whitelist off or a guessable RCON password, read from the
  literals the code writes (`.replace("online-mode=true", "online-mode=false")`; what an edit takes out is not
  written; online-mode off alone: reviewed);
- a script that reads the proxy's forwarding secret (Velocity's `forwarding.secret`) sending a request to a host no
  one vouches for (a chat webhook, a drop-box, a bare public address).
Reviewed: `ops.json` written by code (who is made operator, a person confirms); `irreversible`: a platform API's
destructive call (Steam's `ResetLeaderboard`, PlayFab's `DeleteMasterPlayerAccount`, `ResetUserStatistics`), SQL run
at once that deletes a game backend's records (Nakama's `leaderboard_record`, `wallet_ledger`), a game's saved worlds
deleted under Unity's data folder (`shutil.rmtree(worlds / "backups")` of `~/.config/unity3d/…/worlds_local`).
Allowed: RCON's `list`, `say`, `whitelist add`; the panel's own API read or driven (`/resources`, `/power`, `/command`
with `say`); PlayFab's server calls that grant items or update statistics; Steam's `GetPlayerBans`; crash reports and
logs rotated.
"""
from __future__ import annotations

import re

from .. import games_tables as gt
from ..per_input import decoded, in_input

_SENDS = frozenset({"get", "post", "put", "patch", "delete", "request", "urlopen", "Request"})
_CONSOLE = frozenset({"command", "run", "send", "send_cmd", "send_command"})
_SQL = frozenset({"execute", "executemany", "executescript"})
_WRITES = frozenset({"write_text", "write", "dump"})
_DELETES = frozenset({"shutil.rmtree", "os.remove", "os.unlink", "os.rmdir", "send2trash.send2trash"})
_NAMES = _SENDS | _CONSOLE | _SQL | _WRITES | {"unlink", "rmtree", "remove"}
# (`subprocess.run("op read …")` runs a program, 1Password's `op` among them: no console's command)
_PROCESSES = frozenset({"subprocess", "os", "asyncio", "sh", "plumbum", "invoke", "fabric", "pexpect"})
# code that puts a player into ops.json (a list built up, an entry written), not one that takes players out of it
_OPS_ADDED = re.compile(r"""\.(?:append|insert|extend)\(|\+=|["'](?:uuid|level)["']\s*+:""")
_VAR = re.compile(r"""os\.environ\[\s*["'](\w+)["']\s*\]|os\.(?:environ\.get|getenv)\(\s*["'](\w+)["']""")


class Games:
    def visit_games(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES or not in_input(gt.HINT, self.doc.data):
            return
        if name in _SENDS and pos:
            self._games_request(name, node, pos)
        elif name in _CONSOLE and pos and fn is not None and fn.type == "attribute" and \
                (q or "").split(".", 1)[0] not in _PROCESSES:
            line = self.string(pos[0])
            player = gt.grant_in(line) if line else None
            if player is not None:
                verdict, message = gt.grant_message(f"the RCON command `{line}`", player,
                                                    gt.newcomer(player, decoded(self.doc.data)))
                getattr(self, verdict)("privilege-escalation", message, node)
        elif name in _SQL and pos:
            sql = self.string(pos[0])
            if sql:
                self._games_sql(sql, node)
        elif name in _WRITES:
            self._games_written(fn, name, node, pos)
        else:
            self._games_deleted(q, fn, name, node, pos)

    def _games_request(self, name: str, node, pos: list) -> None:
        arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
        url = self._url_text(arg)
        if not url:
            return
        text = decoded(self.doc.data)
        call = self.src(node)
        found = gt.panel_admin(text, url + " " + call, "the request")
        if found is not None:
            getattr(self, found[0])("privilege-escalation", found[1], node)
            return
        deleted = gt.platform_delete(url, call)
        if deleted is not None:
            self.review("irreversible", gt.platform_message("the request", deleted), node)
            return
        shared = gt.SHARED_SECRET.search(text)
        who = gt.stranger_url(url.replace("\x00", "x").replace("\x01", "x")) if shared is not None else None
        if who is not None:
            self.block("exfiltration", f"the code reads {shared.group(1)}, the proxy's forwarding secret, and sends a "
                                       f"request to {who}: whoever holds the secret logs in to every backend server as "
                                       "any player; keep it on the proxy and its backends", node)
            return
        from ..hosts import url_host

        host = url_host(url.replace("\x00", "x").replace("\x01", "x"))
        brand = gt.impostor(host)
        if brand is None:
            return
        from ..secret_owner import secret_name

        names = [a or b for a, b in _VAR.findall(call)]
        secret = next((n for n in names if secret_name(n)), None)
        if secret is not None:
            self.block("exfiltration", f"the request sends ${secret} to {gt.outsider_host(host)}: the credential goes "
                                       "to whoever holds that domain; sign in only at the vendor's own hosts", node)

    def _games_sql(self, sql: str, node) -> None:
        wipe = gt.ban_wipe(sql, decoded(self.doc.data))
        if wipe is not None:
            self.block("permission-tamper", f"the SQL `{wipe}` lifts every ban the server's ban plugin keeps: banned "
                                            "cheaters and griefers come back; lift bans one by one where a moderator "
                                            "decided so", node)
            return
        table = gt.records_delete(sql, decoded(self.doc.data))
        if table is not None and not self._games_in_function(node) and b":memory:" not in self.doc.data:
            self.review("irreversible", gt.records_message("the script's SQL", table), node)

    def _games_in_function(self, node) -> bool:
        up = node.parent
        while up is not None:
            if up.type in ("function_definition", "lambda"):
                return True
            up = up.parent
        return False

    def _games_path(self, target) -> str | None:
        if target is None:
            return None
        paths = self.run_paths(target)
        if paths:
            return paths[0]
        if target.type == "call":
            args = self.args(target)
            if args:
                got = self.run_paths(args[0])
                return got[0] if got else None
        return None

    def _games_written(self, fn, name: str, node, pos: list) -> None:
        """A ban list dumped empty, `ops.json` written (text written whole is games_tables.judge_config's, through
        common_code.judge_written)."""
        if name == "dump":
            # `json.dump([], open(".../banned-players.json", "w"))`, `json.dump([], f)` with `f` opened so
            path = self._games_path(pos[1]) if len(pos) > 1 else None
            if path and gt.ban_list(path) and self.src(pos[0]).replace(" ", "") in ("[]", "{}"):
                self.block("permission-tamper", gt.bans_message("the code", path), node)
                return
        else:
            target = fn.child_by_field_name("object") if fn is not None and fn.type == "attribute" else None
            path = self._games_path(target)
        literal = bool(pos) and self.string(pos[0]) is not None
        if path and path.endswith("server.properties"):
            text = decoded(self.doc.data)
            if gt.project_path(path, text):
                return
            found = gt.properties_finding(self.string(pos[0]) if literal else gt.code_properties(text), text)
            if found is not None:
                getattr(self, found[0])("permission-tamper", f"the code rewrites {path}: {found[1]}", node)
            return
        if path and path.endswith("ops.json") and _OPS_ADDED.search(decoded(self.doc.data)) is not None:
            self.review("privilege-escalation", f"the code rewrites {path}, the server's operators (every command of "
                                                "its console): a person should confirm who is made one", node)

    def _games_deleted(self, q: str | None, fn, name: str, node, pos: list) -> None:
        """A ban list or a game's saved worlds deleted."""
        if q in _DELETES and pos:
            paths = self.run_paths(pos[0]) or []
        elif name == "unlink" and fn is not None and fn.type == "attribute":
            paths = self.run_paths(fn.child_by_field_name("object")) or []
        else:
            return
        for p in paths:
            if gt.ban_list(p) and not gt.project_path(p, decoded(self.doc.data)):
                self.block("permission-tamper", gt.bans_message("the code", p).replace("empties", "deletes"), node)
                return
            if gt.game_save(p) and not gt.project_path(p):
                self.review("irreversible", gt.saves_message("the code", p), node)
                return
