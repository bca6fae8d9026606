"""Self-hosted forges and registries: GitLab, Gitea/Forgejo, Gerrit, runners, Verdaccio, devpi, Harbor, Nexus, Artifactory, Athens, crane/skopeo/oras (session 23)."""
from __future__ import annotations

# command name -> [fn(a, cmd)]
HANDLERS: dict = {}
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {}
