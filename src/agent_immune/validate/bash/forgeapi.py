"""Forges' and registries' administration APIs called from the shell (`curl` to GitLab, Gitea/Forgejo, Nexus, Harbor,
Artifactory) (session 23)."""
from __future__ import annotations

# command name -> [fn(a, cmd)]
HANDLERS: dict = {}
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {}
