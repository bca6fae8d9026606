"""Self-hosted forges and package/artifact registries administered from code (GitLab, Gitea, Nexus, Harbor, Artifactory, Verdaccio), from TypeScript and JavaScript (session 23)."""
from __future__ import annotations


class Forges:
    def visit_forges(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        return
