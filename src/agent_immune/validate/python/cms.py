"""Content sites and CMSs administered from Python: WordPress (wp-cli, REST), Drupal (drush), Ghost, Strapi, Directus, Contentful, Sanity, Netlify/Vercel/Cloudflare Pages (session 24)."""
from __future__ import annotations


class Cms:
    def visit_cms(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        return
