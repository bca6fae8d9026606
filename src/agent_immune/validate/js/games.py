"""Dedicated game servers (RCON, Pterodactyl's API, game platforms' web APIs, Nakama's server runtime, ban lists and
operators), from TypeScript (session 32). The tables are games_tables'.

As python/games.py: an RCON command (`rcon.send("op X")`) that makes a player the same code lets in an operator, a
panel administrator or sub-user made for a free mail or look-alike address (or an administrator with a password the
code writes for an address not the organisation's), a secret of the environment sent to a vendor's look-alike, a ban
list written empty or deleted, server.properties rewritten with online-mode and the whitelist off (read from the
code's literals, less what an edit takes out), the proxy's forwarding secret read by code that calls a host no one
vouches for: blocked; an operator made of a player not known to be new, `ops.json` written by code,
another panel administrator: reviewed. Nakama's runtime: `nk.httpRequest` to a host no one vouches for (a bare public
address, a drop-box, a tunnel, a look-alike), or carrying the runtime's environment (`ctx.env`: every key the server
is configured with) to a host that is not this network's: blocked. Reviewed `irreversible`: `nk.leaderboardDelete`,
`nk.tournamentDelete`, a platform API's destructive call (Steam's `ResetLeaderboard`, PlayFab's
`DeleteMasterPlayerAccount`), a game's saved worlds deleted under Unity's data folder. Allowed: `rcon.send("list")`,
the panel's `/command` with `say`, PlayFab's `GrantItemsToUser`, Nakama's RPCs that read, `nk.httpRequest` to the
organisation's own services.
"""
from __future__ import annotations

import re

from .. import games_tables as gt
from ..per_input import decoded, in_input

_SENDS = frozenset({"fetch", "get", "post", "put", "patch", "delete", "request", "got", "axios"})
_CONSOLE = frozenset({"send", "execute", "command", "run"})
_WRITES = frozenset({"writeFileSync", "writeFile", "outputFileSync", "outputFile", "writeJson", "writeJsonSync"})
_DELETES = frozenset({"rm", "rmSync", "unlink", "unlinkSync", "rmdir", "rmdirSync", "remove", "removeSync"})
_NAMES = _SENDS | _CONSOLE | _WRITES | _DELETES | gt.NAKAMA_DELETES | {"httpRequest"}
_SUBST = re.compile(r"\$\{[^{}]{0,200}\}")
_ENV = re.compile(r"process\.env\.(\w+)|process\.env\[\s*[\"'`](\w+)")
# the runtime's environment whole (`JSON.stringify(ctx.env)`, `{ env: ctx.env }`), not one key of it sent to that
# key's own vendor (`ctx.env["STRIPE_SECRET_KEY"]` to api.stripe.com)
_RUNTIME_ENV = re.compile(r"\b(?:ctx|context)\.env\b(?!\s*+(?:\[|\.|\?\.))")
_RUNTIME_ANY = re.compile(r"\b(?:ctx|context)\.env\b")
_LITERAL = re.compile(r"\"(?:[^\"\\\n]|\\.)*+\"|'(?:[^'\\\n]|\\.)*+'|`[^`$]*+`")
_KEYS = re.compile(r"\bJSON\.stringify\b|\b\w+\s*+:|\b(?:true|false|null|undefined)\b")


def _carries_data(carried: str) -> bool:
    """Whether a request's method, headers and body hold anything but literals (a variable, a call's result)."""
    rest = _KEYS.sub(" ", _LITERAL.sub(" ", carried))
    return re.search(r"[A-Za-z_$]", rest) is not None


_ENV_COPY = re.compile(r"\b(?:const|let|var)\s++(\w+)\s*+=\s*+(?:ctx|context)\.env\s*+(?:;|\n)|"
                       r"\b(?:const|let|var)\s++\{\s*+\.\.\.(\w+)\s*+\}\s*+=\s*+(?:ctx|context)\.env\b")


class Games:
    def visit_games(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not in_input(gt.HINT, self.doc.data):
            return
        if name in gt.NAKAMA_DELETES:
            self.review("irreversible", f"`{self.src(fn)[:60]}` deletes the leaderboard (or tournament) with every "
                                        "player's record on it: there is no undo. Have a person confirm, or export "
                                        "the records first", node)
            return
        if not args:
            return
        if name == "httpRequest":
            self._games_runtime_request(node, args)
        elif name in _SENDS:
            self._games_request(node, args)
        elif name in _CONSOLE and prop is not None and self.src(fn)[:2] not in ("$.", "$`"):
            line = self.string(args[0])
            player = gt.grant_in(line) if line else None
            if player is not None:
                verdict, message = gt.grant_message(f"the RCON command `{line}`", player,
                                                    gt.newcomer(player, decoded(self.doc.data)))
                getattr(self, verdict)("privilege-escalation", message, node)
        elif name in _WRITES:
            self._games_written(node, args)
        else:
            for p in self._games_paths(args[0]):
                if gt.ban_list(p):
                    self.block("permission-tamper", gt.bans_message("the code", p).replace("empties", "deletes"),
                               node)
                    return
                if gt.game_save(p):
                    self.review("irreversible", gt.saves_message("the code", p), node)
                    return

    def _games_url(self, node) -> str | None:
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "identifier":
            made = self.declared(node, frozenset({"string", "template_string"}))
            if made is None:
                return None
            node = made
            v = self.string(node)
            if v is not None:
                return v
        if node.type == "template_string":
            return _SUBST.sub("\x00", self.src(node)[1:-1])
        return None

    def _games_paths(self, node) -> list[str]:
        url = self._games_url(node)
        if url is not None:
            return [url]
        return self.run_paths(node) or []

    def _games_request(self, node, args: list) -> None:
        url = self._games_url(args[0])
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

        host = url_host(url.replace("\x00", "x"))
        if gt.impostor(host) is None:
            return
        from ..secret_owner import secret_name

        secret = next((a or b for a, b in _ENV.findall(call) if secret_name(a or b)), None)
        if secret is not None:
            self.block("exfiltration", f"the request sends ${secret} to {gt.outsider_host(host)}: the credential goes "
                                       "to whoever holds that domain; sign in only at the vendor's own hosts", node)

    def _games_runtime_request(self, node, args: list) -> None:
        """Nakama's `nk.httpRequest(url, method, headers, body)`."""
        url = self._games_url(args[0])
        if not url or "//" not in url:
            return
        from ..hosts import loopback, url_host
        from ..secret_owner import own_network

        host = url_host(url.replace("\x00", "x"))
        who = gt.stranger_url(url.replace("\x00", "x"))
        carried = " ".join(self.src(a) for a in args[1:])
        copies = [a or b for a, b in _ENV_COPY.findall(decoded(self.doc.data))]
        # (a webhook told a fixed message, "season 12 started", carries nothing of the server's)
        if who is not None and (_RUNTIME_ANY.search(carried) is not None or _carries_data(carried)):
            self.block("exfiltration", f"the game server's runtime module sends a request to {who}: what it carries "
                                       "(the runtime's context, players' data) leaves the organisation; call only the "
                                       "organisation's own services", node)
            return
        whole = _RUNTIME_ENV.search(carried) is not None or any(
            re.search(r"(?<![\w.])" + re.escape(c) + r"\b(?!\s*+(?:\[|\.|\?\.))", carried) for c in copies)
        if whole and host and not loopback(host) and not own_network(host):
            self.block("exfiltration", f"the game server's runtime module sends `ctx.env` (every key and password the "
                                       f"server is configured with) to {host}; send only what the service needs",
                       node)

    def _games_written(self, node, args: list) -> None:
        paths = self._games_paths(args[0])
        if not paths:
            return
        path = paths[0]
        # (a string written whole is games_tables.judge_config's, through common_code.judge_written; fs-extra's
        # `writeJson(path, [])` writes a value)
        content = self.src(args[1]).replace(" ", "") if len(args) > 1 and self.string(args[1]) is None else None
        if path.endswith("server.properties") and len(args) > 1:
            text = decoded(self.doc.data)
            if gt.project_path(path, text):
                return
            literal = self.string(args[1])
            found = gt.properties_finding(literal if literal is not None else gt.code_properties(text), text)
            if found is not None:
                getattr(self, found[0])("permission-tamper", f"the code rewrites {path}: {found[1]}", node)
            return
        if gt.ban_list(path) and content in ("[]", "{}"):
            self.block("permission-tamper", gt.bans_message("the code", path), node)
        elif path.endswith("ops.json"):
            self.review("privilege-escalation", f"the code rewrites {path}, the server's operators (every command of "
                                                "its console): a person should confirm who is made one", node)
