"""Self-hosted forges and package/artifact registries administered from code (GitLab, Gitea, Nexus, Harbor, Artifactory, Verdaccio), from Python (session 23)."""
from __future__ import annotations


class Forges:
    def visit_forges(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        return
