"""Developer environments from the shell: dev containers, Codespaces, Gitpod, Coder, Nix, direnv, version managers (asdf, mise, volta, pyenv, nvm), dotfiles managers, tmux, tunnels, mkcert, Vagrant (session 24).

Filled this round: `HANDLERS` (command name -> [fn(a, cmd)]) and `SCREENS` (name -> screen(text) -> bool) are taken in
by rules_bash and the fast path's `_merge_screens`.
"""
from __future__ import annotations

HANDLERS: dict = {}
SCREENS: dict = {}
