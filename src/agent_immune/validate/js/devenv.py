"""Developer environments from TypeScript: dev containers, Codespaces, Gitpod, Coder, Nix, direnv, version managers (asdf, mise, volta, pyenv, nvm), dotfiles managers, tmux, tunnels, mkcert, Vagrant (session 24).

- a codespace deleted through Octokit (`codespaces.deleteFromOrganization`, `deleteForAuthenticatedUser`, the same
  `DELETE …/codespaces/…` through `octokit.request`): reviewed `irreversible` (its unpushed work goes with it);
- mkcert's CA key (its folder asked of `mkcert -CAROOT`) read and sent, the ssh agent socket joined to a peer off
  this machine: blocked (devenv_tables);
- files code writes (nix.conf, Volta's hooks, mise's, a dev container's) are judged by devenv_tables through
  common_code.judge_written.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .. import devenv_tables as dt

_CODESPACE_DELETES = frozenset({"deleteFromOrganization", "deleteForAuthenticatedUser"})
_RUNS = frozenset({"execSync", "exec", "execFileSync", "execFile", "spawnSync", "spawn", "$", "execa", "execaSync"})
_NAMES = _CODESPACE_DELETES | _RUNS | {"request", "connect", "createConnection"}
_DELETE_ROUTE = re.compile(r"""^\s*["'`]DELETE\s+/(?:orgs/[^"'`\s]+/members/[^"'`\s]+|user)/codespaces/""")


class Devenv:
    def visit_devenv(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _CODESPACE_DELETES:
            if ".codespaces." in self.src(fn):
                self._devenv_codespace_lost(fn, node)
        elif name == "request":
            if args and holds(data, b"/codespaces/") and _DELETE_ROUTE.match(self.src(args[0])):
                self._devenv_codespace_lost(fn, node)
        elif name in ("connect", "createConnection"):
            if holds(data, b"SSH_AUTH_SOCK") and args and "SSH_AUTH_SOCK" in self.src(args[0]):
                peer = dt.outside_peer(data.decode("utf-8", "replace"))
                if peer is not None:
                    self.block("exfiltration", f"the script connects to the ssh agent (`SSH_AUTH_SOCK`) and to {peer}: "
                                               "the agent relayed there signs in as the user on every server its keys "
                                               "open; forward the agent only with `ssh -A` to a host the user chose",
                               node)
        elif holds(data, b"-CAROOT") and holds(data, b"rootCA-key") and args and "-CAROOT" in self.src(args[0]):
            if dt.ca_key_sent(data.decode("utf-8", "replace"), shell=False):
                self.block("exfiltration", dt.CA_KEY_MESSAGE, node)

    def _devenv_codespace_lost(self, fn, node) -> None:
        self.review("irreversible", f"`{self.src(fn)}` deletes the codespace in GitHub with whatever work in it was "
                                    "never pushed; it lives outside the project and has no undo: have a person "
                                    "confirm it (list them first, and let their owners push)", node)
