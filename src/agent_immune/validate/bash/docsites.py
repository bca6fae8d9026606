"""Documentation and static sites from the shell (session 29): their hosting, CDN, search and code-host settings
changed through an API, and secrets copied into what a site publishes.

Blocked (what each request does is docsites_tables'):
- a CDN zone's protections turned off (`curl -X PATCH …/zones/Z/settings/ssl -d '{"value":"off"}'`, also in a loop
  over `ssl:off security_level:essentially_off` items);
- a hosting team's owner or administrator invited at a personal mail address (`POST …/teams/T/members` with
  `"role": "OWNER"` for a free mail provider's address);
- a repository's secret scanning or push protection turned off (`curl -X PATCH …/repos/o/r` with
  `security_and_analysis`; `gh api` is bash/history.py's);
- a CDN rule forwarding a login path to a look-alike of the organisation's host (Cloudflare page rules), and search
  records linking to one (Algolia's batch API);
- an environment file or a credential copied into a folder a site generator publishes as it is (`cp .env.production
  static/env.txt`, also by `rsync`: Hugo's and Docusaurus' `static/`, `public/`, MkDocs' `site/`, Jekyll's `_site/`;
  a build's `build/`, `dist/`, `out/` and MkDocs' `docs/` only where the same input builds or deploys a site):
  anyone can fetch it from the deployed site.
- a repository whose name says it holds internal documents (`internal-handbook`, `confidential-roadmap`) made
  public (`gh repo edit … --visibility public`, a `PATCH repos/o/r` with `"private": false`). Any other visibility
  change stays reviewed (bash/history.py); a bucket opened to anyone is bash/infra.py's `_s3_public`.

Allowed: the same requests tightening a setting, inviting at the organisation's own domain (or to a GitHub
organisation, whose accounts are people's own), or reading; copying an example environment file (`.env.example`) or
ordinary files into those folders; an environment file copied into a server's own build output.
"""
from __future__ import annotations

import re

from .. import docsites_tables as dt
from .. import paths
from .commands import Cmd, option_value, positionals
from .common import input_text, mentions

_SENDERS = ("curl", "wget", "http", "https", "xh", "xhs", "curlie")
_WRITES = frozenset({"POST", "PUT", "PATCH"})


# -- API requests ---------------------------------------------------------------------------------------------------
def _request(a, cmd: Cmd) -> None:
    from .api_calls import _READERS, _url_text
    from .forgeapi import _body

    reader = _READERS.get(cmd.name)
    if reader is None:
        return
    text = None
    for req in reader(cmd.args):
        if req.method is None:
            method = req.default
        else:  # (`-X "$M"`: its text, which names no method)
            method = (req.method.value or req.method.text.strip("'\"")).upper()
        if method not in _WRITES:
            continue
        body = None
        for url in req.urls:
            u = _url_text(a, url).replace('"', "").replace("'", "")
            if body is None:
                body = _body(a, cmd, cmd.name, req)
                text = input_text(a)
            found = judge_request(u, method, body, text)
            if found is not None:
                a.block(found[0], f"`{cmd.name} -X {method} {u[:80]}` {found[1]}", url.node)
                return


def judge_request(url: str, method: str, body: str, text: str) -> tuple[str, str] | None:
    """(rule, why) for a sending request to `url` with `body` (see the module's notes); shared with python/docsites.py
    and js/docsites.py."""
    if method.upper() not in _WRITES:
        return None
    path = url.split("?", 1)[0]
    why = dt.zone_protection_off(path, body, text)
    if why:
        return "permission-tamper", why
    why = dt.owner_invited(url, body)
    if why:
        return "privilege-escalation", why
    if "/repos/" in path or path.lstrip("/").startswith("repos/"):
        why = dt.scanning_off(body)
        if why:
            return "permission-tamper", why
        repo = re.search(r"(?:^|/)repos/([^/\s?#]+/[^/\s?#]+)/?$", path)
        if repo and method.upper() == "PATCH" and dt.internal_name(repo.group(1)) and dt.repo_made_public(body):
            return "exfiltration", dt.internal_published("repository", repo.group(1), "private set to false")
    if "/pagerules" in path or "/rulesets" in path:
        why = _forwarded_login(body, text)
        if why:
            return "exfiltration", why
    if "/indexes/" in path or "/objects" in path or "/documents" in path:
        why = dt.poisoned_records(body, text)
        if why:
            return "exfiltration", why
    return None


_FORWARD = re.compile(r"""forwarding_url|["']?target_url["']?""")
_MATCHED = re.compile(r"""["']?value["']?\s*[:=]\s*\\?["']([^"'\\\s]+)""")
_FORWARD_URL = re.compile(r"""["']?url["']?\s*[:=]\s*\\?["'](https?://[^"'\\\s]+)""")


def _forwarded_login(body: str, text: str) -> str | None:
    """A CDN rule (Cloudflare's page rule `forwarding_url`) whose matched URL is a login path and whose target is a
    look-alike of the organisation's host."""
    from ..hosts import url_host

    if _FORWARD.search(body) is None:
        return None
    sources = [m.group(1) for m in _MATCHED.finditer(body) if dt.LOGIN_PATH.search(m.group(1).split("/", 1)[-1]
                                                                                      if "/" in m.group(1) else "")]
    for m in _FORWARD_URL.finditer(body):
        host = url_host(m.group(1))
        for s in sources:
            why = dt.login_sent("/" + s.split("/", 1)[1], host, False, text) if host else None
            if why:
                return f"adds a rule that {why}"
    return None


# -- gh repo edit ----------------------------------------------------------------------------------------------------
# (a repository's secret scanning turned off through `gh api` is bash/history.py's `_repo_access`)
def _gh(a, cmd: Cmd) -> None:
    """`gh repo edit o/internal-handbook --visibility public`: blocked where the name says it holds internal
    documents; any other visibility change stays reviewed (bash/history.py)."""
    pos = positionals(cmd.args, _GH_EDIT_VALUE)
    if [w.value for w in pos[:2]] != ["repo", "edit"]:
        return
    repo = next((w.value for w in pos[2:3]), None)
    shown = [w.value for w in option_value(cmd.args, "--visibility")]
    if repo and "public" in shown and dt.internal_name(repo):
        a.block("exfiltration", f"`gh repo edit` {dt.internal_published('repository', repo, '--visibility public')}",
                cmd.node)


_GH_EDIT_VALUE = frozenset({"--visibility", "-d", "--description", "-h", "--homepage", "--default-branch",
                            "--add-topic", "--remove-topic", "--template", "--allow-forking", "-R", "--repo"})


# -- secrets copied into what a site publishes ------------------------------------------------------------------------
# the folders a site generator or a web server publishes as they are (Hugo's and Docusaurus' `static/`, `public/`,
# Jekyll's `_site/`, MkDocs' `site/`, a host's document root)
PUBLISHED = re.compile(r"(?:^|/)(?:static|public|site|_site|public_html|htdocs)(?:/|$)")
# a build's output and MkDocs' sources: as often a server's own build (`cp .env dist/ && node dist/main.js`), so judged
# only where the same input builds or deploys a site
BUILT = re.compile(r"(?:^|/)(?:build|dist|out|docs)(?:/|$)")
_SITE_BUILD = re.compile(r"\b(?:hugo|mkdocs|jekyll|docusaurus|eleventy|gatsby|hexo|zola|sphinx-build|mike\s+deploy|"
                         r"netlify\s+deploy|vercel|wrangler\s+pages|gh-pages|surge|firebase\s+deploy|"
                         r"astro\s+build|vitepress\s+build)\b")
_COPY_VALUE = frozenset({"-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g",
                         "--group", "--backup", "--context", "--reflink", "--sparse", "--preserve"})
_RSYNC_VALUE = frozenset({"-e", "--rsh", "--exclude", "--include", "--exclude-from", "--include-from", "--filter",
                          "-f", "--chmod", "--chown", "--files-from", "--rsync-path", "--log-file", "-T",
                          "--temp-dir", "--partial-dir", "--backup-dir", "--suffix", "--timeout", "--bwlimit", "-B",
                          "--block-size", "--port", "--password-file", "--compare-dest", "--copy-dest", "--link-dest"})
# `.env*`, `.env.prod*`: a pattern that takes the environment files with it
_DOTENV_GLOB = re.compile(r"(?:^|/)\.env(?:\.[\w.-]*)?\*$")


def secret_published(src: str, dst: str, text: str = "") -> str | None:
    """Why copying `src` to `dst` publishes a secret, or None; `text`, the whole input, says whether a build's output
    folder is a site's."""
    dst = dst.strip("'\"")
    if not src or not dst:
        return None
    if PUBLISHED.search(dst) is None and (BUILT.search(dst) is None or _SITE_BUILD.search(text[:200_000]) is None):
        return None
    src = src.strip("'\"")
    if not (paths.dotenv_file(src) or paths.is_secret(src) or _DOTENV_GLOB.search(src)):
        return None
    return (f"copies {src}, a file of secrets, to {dst}, a folder the site publishes as it is: every key in it can "
            "be fetched from the deployed site by anyone; give the build the values it needs through the host's "
            "environment settings, and publish only names that are meant to be public")


def _copied(a, cmd: Cmd) -> None:
    pos = [w for w in positionals(cmd.args, _RSYNC_VALUE if cmd.name == "rsync" else _COPY_VALUE)
           if w.value != "--"]
    target = option_value(cmd.args, "-t", "--target-directory") if cmd.name != "rsync" else []
    if target:
        dst, srcs = target[-1], pos
    elif len(pos) >= 2:
        dst, srcs = pos[-1], pos[:-1]
    else:
        return
    # (`"$SITE_DIR/static/env.txt"`: the folder is named even where the variable is not known)
    where = dst.value if dst.value is not None else dst.text
    if not where:
        return
    text = input_text(a)
    for s in srcs:
        src = s.value or s.text or ""
        # (rsync mostly deploys a built site: judged, as screened, only for an environment file or a home secret)
        if cmd.name == "rsync" and ".env" not in src and paths.SECRET_HINT.search(src) is None:
            continue
        why = secret_published(src, where, text)
        if why:
            a.block("exfiltration", f"`{cmd.name}` {why}", s.node)
            return


_COPIERS = ("cp", "mv", "install", "ln", "rsync")
HANDLERS: dict = {**{n: [_request] for n in _SENDERS}, "gh": [_gh], **{n: [_copied] for n in _COPIERS}}

# The words each handler reads (quotes and backslashes removed), for the shortcut (bash/fastpath.py)
_API = mentions("/settings", "/members", "/invit", "secret_scanning", "forwarding_url", "/indexes/", "/objects",
                "/documents", "/repos/")
# (any word naming one of the published folders: which source is a secret, paths.is_secret decides)
_PUBLISHED_WORD = re.compile(r"(?<![\w.-])(?:static|public|site|_site|build|dist|out|docs|public_html|htdocs)"
                             r"(?:/|\s|$)")
SCREENS: dict = {**{n: _API for n in _SENDERS}, "gh": mentions("--visibility"),
                 **{n: (lambda text: _PUBLISHED_WORD.search(text) is not None) for n in _COPIERS if n != "rsync"},
                 "rsync": lambda text: _PUBLISHED_WORD.search(text) is not None and (
                     ".env" in text or paths.SECRET_HINT.search(text) is not None)}
