"""Developer environments from Python: dev containers, Codespaces, Gitpod, Coder, Nix, direnv, version managers (asdf, mise, volta, pyenv, nvm), dotfiles managers, tmux, tunnels, mkcert, Vagrant (session 24).

- mkcert's CA key (its folder asked of `mkcert -CAROOT`) read and sent: blocked (devenv_tables.ca_key_sent);
- the user's ssh agent socket (`SSH_AUTH_SOCK`) connected to by a script that also connects to (or listens for) a
  peer off this machine: blocked, the agent relayed signs in as the user wherever its keys open;
- files code writes (nix.conf, Volta's hooks, mise's, a dev container's) are judged by devenv_tables through
  common_code.judge_written.
"""
from __future__ import annotations

from ..per_input import holds
from .. import devenv_tables as dt

_NAMES = frozenset({"connect", "check_output", "run", "getoutput", "check_call", "Popen", "call", "getstatusoutput"})


class Devenv:
    def visit_devenv(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name == "connect":
            if holds(data, b"SSH_AUTH_SOCK") and pos and "SSH_AUTH_SOCK" in self.src(pos[0]):
                self._devenv_agent_relay(node)
        elif holds(data, b"-CAROOT") and holds(data, b"rootCA-key") and pos and "-CAROOT" in self.src(pos[0]):
            text = data.decode("utf-8", "replace")
            if dt.ca_key_sent(text, shell=False):
                self.block("exfiltration", dt.CA_KEY_MESSAGE, node)

    def _devenv_agent_relay(self, node) -> None:
        peer = dt.outside_peer(self.doc.data.decode("utf-8", "replace"))
        if peer is not None:
            self.block("exfiltration", f"the script connects to the ssh agent (`SSH_AUTH_SOCK`) and to {peer}: the "
                                       "agent relayed there signs in as the user on every server its keys open; "
                                       "forward the agent only with `ssh -A` to a host the user chose", node)
