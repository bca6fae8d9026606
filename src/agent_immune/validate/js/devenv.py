"""Developer environments from TypeScript: dev containers, Codespaces, Gitpod, Coder, Nix, direnv, version managers (asdf, mise, volta, pyenv, nvm), dotfiles managers, tmux, tunnels, mkcert, Vagrant (session 24)."""
from __future__ import annotations


class Devenv:
    def visit_devenv(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        return
