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

Session 27:
- the whole environment (`env`, `printenv`, `set` with no argument) or a file of secrets (`cat .env.production`,
  `tee … < .env`) written into one of those folders, by a redirect or through programs that pass it on whole
  (`| sort`, `| base64`, `| tee F`);
- a skimmer edited into a built site's pages through `find public -name '*.html' -exec sed -i …` or
  `find _site … | xargs sed -i …` (judged as docsites_tables reads a page);
- a team's member raised to owner in an input that invites a personal address (an invitation with a small role
  first), Cloudflare's administrator roles given by id, search records pushed through Algolia's REST batch (its
  index named in the path), a GitHub Pages site of an internal repository made public;
- reviewed: a search service's key minted with every right on every index (`POST /1/keys {"acl": ["*"]}`).

Session 27's mend: `export -p`, `declare -x`/`-p`, a group's redirect (`(env) > F`, `{ env; } > F`), `env X=1` and
`env -u X`, `jq -n env`, inline Python, Node or Ruby printing the environment, a named secret (`printenv
GITHUB_TOKEN`, `echo "$AWS_SECRET_ACCESS_KEY"`); programs passing it on whole (`gzip`, `strings`, `xxd`, `head`, an
awk program with no pattern, a sed script adding a prefix, `jq -R .`, grep with a pattern every line matches, `dd
if= of=`); pages edited through `for f in site/*.html`, `grep -rl … | xargs`, `ls … | xargs` and `fd -x`; `gh api`
requests judged as curl's are (a Pages site of an internal repository made public).

Allowed: the same requests tightening a setting, inviting at the organisation's own domain (or to a GitHub
organisation, whose accounts are people's own), or reading; copying an example environment file (`.env.example`) or
ordinary files into those folders; an environment file copied into a server's own build output or into a monorepo's
`site` package (`apps/site/.env`); a named variable (`printenv NODE_ENV`), a filtered environment (`env | grep
^PUBLIC_`, `awk -F= '{print $1}'`), a count or `env -i` published; ordinary edits of built pages; a promotion alone,
or of a member the user names from outside (`$JANE_ID`); a key restricted to named indexes.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import docsites_tables as dt
from .. import paths
from ..per_input import once
from .commands import Cmd, option_value, positionals
from .common import AWKS, input_text, mentions

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
            found = held_request(u, method, body)
            if found is not None:
                a.review(found[0], f"`{cmd.name} -X {method} {u[:80]}` {found[1]}", url.node)
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
    why = dt.owner_invited(url, body) or dt.promoted_after_invite(url, body, text)
    if why:
        return "privilege-escalation", why
    if "/repos/" in path or path.lstrip("/").startswith("repos/"):
        why = dt.scanning_off(body)
        if why:
            return "permission-tamper", why
        repo = re.search(r"(?:^|/)repos/([^/\s?#]+/[^/\s?#]+)/?$", path)
        if repo and method.upper() == "PATCH" and dt.internal_name(repo.group(1)) and dt.repo_made_public(body):
            return "exfiltration", dt.internal_published("repository", repo.group(1), "private set to false")
        # (GitHub Pages of a private repository, made visible to anyone: `PUT repos/o/r/pages {"public": true}`)
        pages = re.search(r"(?:^|/)repos/([^/\s?#]+/[^/\s?#]+)/pages/?$", path)
        if pages and dt.internal_name(pages.group(1)) and _PAGES_PUBLIC.search(body):
            return "exfiltration", dt.internal_published("Pages site of the repository", pages.group(1),
                                                         "public set to true")
    if "/pagerules" in path or "/rulesets" in path:
        why = _forwarded_login(body, text)
        if why:
            return "exfiltration", why
    if "/indexes/" in path or "/objects" in path or "/documents" in path:
        index = re.search(r"/indexes/([\w.-]+)", path)
        why = dt.poisoned_records(body, text, index.group(1) if index and index.group(1) != "*" else "")
        if why:
            return "exfiltration", why
    return None


_PAGES_PUBLIC = re.compile(r"""["']?public["']?\s*[:=]\s*(?:true|True)\b""")


def held_request(url: str, method: str, body: str) -> tuple[str, str] | None:
    """(rule, why) for a sending request a person should confirm (a search service's key minted with every right);
    shared as judge_request is."""
    if method.upper() != "POST":
        return None
    why = dt.key_minted(url, body)
    return ("privilege-escalation", why) if why else None


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
    documents; any other visibility change stays reviewed (bash/history.py). `gh api` requests to the same
    endpoints are judged as curl's are (`gh api -X PUT repos/o/internal-handbook/pages -F public=true`)."""
    if cmd.args and cmd.args[0].value == "api":
        _gh_api(a, cmd)
        return
    pos = positionals(cmd.args, _GH_EDIT_VALUE)
    if [w.value for w in pos[:2]] != ["repo", "edit"]:
        return
    repo = next((w.value for w in pos[2:3]), None)
    shown = [w.value for w in option_value(cmd.args, "--visibility")]
    if repo and "public" in shown and dt.internal_name(repo):
        a.block("exfiltration", f"`gh repo edit` {dt.internal_published('repository', repo, '--visibility public')}",
                cmd.node)


def _gh_api(a, cmd: Cmd) -> None:
    """`gh api [-X M] repos/o/r/pages -F public=true`, or with the body given by `--input`: its fields read as the
    JSON body they make (gh sends a POST when fields are given and no method is)."""
    from .api_calls import _file, fed_text
    from .ci import _GH_VALUE_OPTS, _template

    endpoints = positionals(cmd.args[1:], _GH_VALUE_OPTS)
    if not endpoints:
        return
    fields = [_template(a, w) for w in option_value(cmd.args, "-f", "-F", "--field", "--raw-field")]
    given = [w.value for w in option_value(cmd.args, "-X", "--method")]
    method = (given[-1] or "").upper() if given else "POST" if fields else "GET"
    body = "\n".join(f'"{k}": {v}' for k, _, v in (f.strip("\"'").partition("=") for f in fields[:64]))
    source = next((w.value for w in option_value(cmd.args, "--input")), None)
    if source is not None:
        body += "\n" + ((fed_text(a, cmd) if source == "-" else _file(a, source)) or "")
    found = judge_request(_template(a, endpoints[0]), method, body, input_text(a))
    if found is not None:
        a.block(found[0], f"`gh api -X {method} {endpoints[0].value or ''}` {found[1]}", endpoints[0].node)


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
# a page about the environment (`docs/.env.md`), not one of its files
_DOCUMENT = re.compile(r"(?i)\.(?:md|mdx|markdown|rst|adoc|html?)$")
# `.env*`, `.env.prod*`: a pattern that takes the environment files with it
_DOTENV_GLOB = re.compile(r"(?:^|/)\.env(?:\.[\w.-]*)?\*$")


# `site` names a monorepo's package as often as MkDocs' output (`apps/site/`): an environment file put at its top
# (`apps/site/.env`) is that package's configuration, unless the input builds or deploys a site
_PACKAGE_DOTENV = re.compile(r"(?:^|/)site/\.env[\w.-]*$")


def published(dst: str, text: str = "") -> bool:
    """Is `dst` in a folder a site publishes as it is? `text`, the whole input, says whether a build's output folder
    (or a `site/` package's environment file) is a site's."""
    import posixpath

    dst = dst.strip().strip("'\"")
    if ".." in dst:  # (`public/../.env` is the project's own)
        dst = posixpath.normpath(dst)
    built = None
    if PUBLISHED.search(dst) is not None:
        if _PACKAGE_DOTENV.search(dst) is None or not paths.dotenv_file(dst):
            return True
        built = once(text, _site_built, _site_built)
    if BUILT.search(dst) is None and built is None:
        return False
    return built if built is not None else once(text, _site_built, _site_built)


def _site_built(text: str) -> bool:
    """Whether the input builds or deploys a site (asked once per input: a TypeScript file asks at every write)."""
    return _SITE_BUILD.search(text[:200_000]) is not None


def secret_published(src: str, dst: str, text: str = "") -> str | None:
    """Why copying `src` to `dst` publishes a secret, or None; `text`, the whole input, says whether a build's output
    folder is a site's."""
    dst = dst.strip("'\"")
    if not src or not dst or not published(dst, text):
        return None
    src = src.strip("'\"")
    if not (paths.dotenv_file(src) or paths.is_secret(src) or _DOTENV_GLOB.search(src)) or _DOCUMENT.search(src):
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


# -- the environment or a file of secrets written into what a site publishes (session 27) ------------------------------
# programs that pass what they read on whole (sorted, encoded, compressed, dumped, cut to a count of lines, copied to
# a file): the secrets reach their output
_PASS_ON = frozenset({"sort", "uniq", "cat", "tee", "tac", "base64", "gzip", "bzip2", "xz", "zstd", "column", "nl",
                      "xxd", "od", "hexdump", "strings", "head", "tail", "rev", "fold", "expand", "openssl"})
# programs that pass it on whole with some programs: an awk program with no pattern, a sed script adding a prefix or a
# suffix to each line, jq reading raw lines as they are, grep with a pattern every line matches (`.`, `=`) or leaving
# out only comments and blank lines
_AWK_WHOLE = re.compile(r"^\s*(?:1|\{\s*print(?:\s+\$0)?\s*;?\s*\})\s*$")
_SED_WHOLE = re.compile(r"^(?:s(.)[\^$]\1(?:(?!\1).)*\1[gI]*)?$")
_GREP_WHOLE = re.compile(r"^(?:\.|=|\^|\$|\.\*|\^\.\*|\^\.|)$")
_GREP_DROPPED = re.compile(r"^\^(?:\$|#|\\s\*#|\[\[:space:\]\]\*#)$")
_GREP = frozenset({"grep", "egrep", "fgrep", "rg"})
_JQ = frozenset({"jq", "gojq", "jaq"})
# programs reading a file of secrets named as an argument (and the conditional ones above)
_READERS = frozenset({"cat", "tac", "head", "tail", "base64", "sort", "gzip", "bzip2", "xz", "zstd", "strings", "xxd",
                      "od", "hexdump", "nl"}) | AWKS | {"sed"} | _GREP
# a shell's builtins that print every variable (`export -p`, `declare -x`, `declare -p`, `set`)
_SHELL_LISTS = frozenset({"export", "declare", "typeset", "set"})
# inline code printing the whole environment (`python -c 'print(dict(os.environ))'`, `node -p 'JSON.stringify(
# process.env)'`, `ruby -e 'puts ENV.to_h'`)
_PRINTS_ENV = re.compile(r"\bprint\s*+\(\s*+(?:json\.dumps\s*+\(\s*+)?(?:dict\s*+\(\s*+)?os\.environ\s*+\)|"
                         r"\bconsole\.log\s*+\(\s*+(?:JSON\.stringify\s*+\(\s*+)?process\.env\s*+[,)]|"
                         r"^\s*+(?:JSON\.stringify\s*+\(\s*+)?process\.env\s*+\)?\s*+;?\s*+$|"
                         r"\b(?:puts|p|pp|print)\s*+\(?\s*+ENV(?:\.to_h|\.inspect|\.to_a)?\s*+\)?\s*+;?\s*+$")
_INTERPRETERS = frozenset({"python", "python3", "node", "nodejs", "deno", "bun", "ruby"})


def _word_value(a, node) -> str | None:
    w = a.ev.word(node)
    return w.value if w.value is not None else w.text or None


def _redirect_targets(a, redirects) -> list[str]:
    """The files the `>`/`>>` redirects among `redirects` (syntax nodes) write."""
    out = []
    for r in redirects:
        if r.type == "file_redirect" and any(c.type in (">", ">>", ">|", "&>", "&>>") for c in r.children):
            out += [v for d in r.children_by_field_name("destination")[:1] if (v := _word_value(a, d))]
    return out


def _grouped(a, node) -> list[str]:
    """The files a group holding `node` (`(env) > F`, `{ env; } > F`) sends its output to."""
    out: list[str] = []
    up = node.parent
    for _ in range(4):
        if up is None or up.type not in ("subshell", "compound_statement", "list", "redirected_statement"):
            break
        if up.type == "redirected_statement":
            out += _redirect_targets(a, up.children)
        up = up.parent
    return out


def _passes(a, name: str | None, words: list) -> bool:
    """Does the program `name`, given `words` (its arguments' values), pass what it reads on whole?"""
    if name in _PASS_ON:
        return True
    program = [w for w in words if w is not None and not w.startswith("-")]
    if name in AWKS:
        return bool(program) and "-f" not in words and _AWK_WHOLE.match(program[0]) is not None
    if name == "sed":
        script = program[0] if program and "-e" not in words and "-f" not in words else None
        return "-n" not in words and script is not None and _SED_WHOLE.match(script) is not None
    if name in _JQ:
        return any(w.startswith("-") and not w.startswith("--") and "R" in w or w == "--raw-input"
                   for w in words if w) and program[:1] == ["."]
    if name in _GREP:
        if any(w in ("-c", "-l", "-L", "-q", "--count", "-o") for w in words if w) or not program:
            return False
        inverted = any(w and w.startswith("-") and not w.startswith("--") and "v" in w for w in words)
        return _GREP_DROPPED.match(program[0]) is not None if inverted else _GREP_WHOLE.match(program[0]) is not None
    return False


def _outputs(a, cmd: Cmd) -> list[str]:
    """The files `cmd`'s output is written to: its own redirects, a group's around it, then along a pipeline of
    programs that pass it on whole, each `tee`'s files and the last stage's redirects (which the grammar hangs on the
    whole pipeline)."""
    from .common import pipeline_stage

    out = _redirect_targets(a, cmd.redirects) + _grouped(a, cmd.node)
    where = pipeline_stage(cmd)
    if where is None:
        return out
    stages, i = where
    for stage in stages[i + 1:]:
        command = stage.named_children[0] if stage.type == "redirected_statement" and stage.named_children else stage
        name_node = command.child_by_field_name("name") if command.type == "command" else None
        name = a.src(name_node).rsplit("/", 1)[-1] if name_node is not None else None
        words = [_word_value(a, n) for n in command.children_by_field_name("argument")] if name else []
        if not _passes(a, name, words):
            return out  # (a filter: `env | grep ^PUBLIC_` keeps only what it selects)
        if name == "tee":
            out += [v for v in words if v and not v.startswith("-")]
        if stage.type == "redirected_statement":
            out += _redirect_targets(a, stage.children)
    pipe = stages[-1].parent
    if pipe is not None and pipe.parent is not None and pipe.parent.type == "redirected_statement":
        out += _redirect_targets(a, pipe.parent.children)
        out += _grouped(a, pipe.parent)
    return out


def _stdin_file(a, cmd: Cmd) -> str | None:
    """The file a `<` redirect gives `cmd` as its input."""
    for r in cmd.redirects:
        if r.type == "file_redirect" and any(c.type == "<" for c in r.children):
            for d in r.children_by_field_name("destination")[:1]:
                return _word_value(a, d)
    return None


def _prints_env(cmd: Cmd) -> bool:
    """Does `cmd` print the whole environment: `env`, `printenv`, `set`, `export -p`, `declare -x` with no name
    (`env X=1` and `env -u X` print the rest too; `env -i` prints nothing of it), `jq -n env`, inline code printing
    it?"""
    vals = [w.value for w in cmd.args]
    if cmd.name in _SHELL_LISTS:
        return not (cmd.name == "set" and cmd.args) and all(v and v.startswith("-") and "f" not in v.lower()
                                                            for v in vals)
    if cmd.name == "printenv":
        return all(v and v.startswith("-") for v in vals)
    if cmd.name == "env":
        rest = positionals(cmd.args, frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}))
        return not any(v in ("-i", "-", "--ignore-environment") for v in vals) and \
            all(w.value and "=" in w.value for w in rest)
    if cmd.name in _JQ:
        program = [v for v in vals if v and not v.startswith("-")]
        return any(v and v.startswith("-") and not v.startswith("--") and "n" in v or v == "--null-input"
                   for v in vals) and program[:1] in (["env"], ["$ENV"], ["env|."], ["$ENV|."])
    if cmd.name in _INTERPRETERS:
        from .common import inline_code

        code, _ = inline_code(cmd)
        if code is None and cmd.name in ("node", "nodejs") and vals[:1] in (["-p"], ["--print"]) and len(vals) > 1:
            code = cmd.args[1]
        return code is not None and code.value is not None and _PRINTS_ENV.search(code.value[:2000]) is not None
    return False


def _env_published(a, cmd: Cmd) -> None:
    """`env > public/env.txt`, `printenv | sort > static/env.txt`, `export -p > site/vars.txt`: the whole
    environment (every key and token the shell holds) written into a folder the site publishes. A named variable
    (`printenv NODE_ENV`) or a filter (`env | grep ^PUBLIC_`) is not the whole environment; a named secret
    (`printenv GITHUB_TOKEN`) is one of its secrets."""
    secret = _named_secret(cmd)
    if secret is None and not _prints_env(cmd):
        return
    text = input_text(a)
    for dst in _outputs(a, cmd):
        if published(dst, text):
            what = f"the secret {secret}" if secret else "the whole environment, every key and token the shell holds,"
            a.block("exfiltration", f"`{cmd.name}` writes {what} to {dst}, a folder the site publishes as it is: "
                                    "anyone can fetch it from the deployed site; publish only values meant to be "
                                    "public", cmd.node)
            return


def _named_secret(cmd: Cmd) -> str | None:
    """The variable named as a secret (`GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`) `cmd` prints: `printenv NAME`,
    `echo "$NAME"`, `printf '%s' "$NAME"`."""
    from .net import _SECRET_VAR

    if cmd.name == "printenv":
        return next((w.value for w in cmd.args if w.value and _SECRET_VAR.fullmatch(w.value)), None)
    if cmd.name in ("echo", "printf"):
        for w in cmd.args[:8]:
            if w.value is None and "$" in w.text:
                m = _SECRET_VAR.search(w.text)
                if m is not None and re.search(r"\$\{?" + re.escape(m.group(0)) + r"\b", w.text):
                    return m.group(0)
    return None


def _secret_file_args(cmd: Cmd) -> list[str]:
    """The files `cmd` reads and passes on whole: its positionals (after an awk program, a sed script or a grep
    pattern that passes every line), `dd`'s `if=`."""
    if cmd.name == "dd":
        return [w.value[3:] for w in cmd.args if w.value and w.value.startswith("if=")]
    if cmd.name not in _READERS or not _passes(None, cmd.name, [w.value for w in cmd.args]):
        return []
    pos = [w.value for w in positionals(cmd.args, frozenset({"-F", "-v", "-n", "-c", "-e", "-f"}))
           if w.value is not None] if cmd.name not in _PASS_ON else [w.value for w in positionals(cmd.args) if w.value]
    return pos[1:] if cmd.name in AWKS or cmd.name == "sed" or cmd.name in _GREP else pos


def _file_published(a, cmd: Cmd) -> None:
    """`cat .env.production > static/env.txt`, `tee public/env.txt < .env`, `gzip -c .env > public/x.gz`, `dd
    if=.env of=public/x.txt`: a file of secrets read into a folder the site publishes (as `cp` does it)."""
    given = _stdin_file(a, cmd)
    srcs = [s for s in _secret_file_args(cmd) + [given or ""] if s and (paths.dotenv_file(s) or paths.is_secret(s) or
                                                                       paths.SECRET_HINT.search(s))]
    if not srcs:
        return
    text = input_text(a)
    outs = _outputs(a, cmd)
    if cmd.name == "tee":
        outs += [w.value for w in positionals(cmd.args) if w.value]
    if cmd.name == "dd":
        outs += [w.value[3:] for w in cmd.args if w.value and w.value.startswith("of=")]
    for dst in outs:
        for src in srcs:
            why = secret_published(src, dst, text)
            if why:
                a.block("exfiltration", f"`{cmd.name}` {why}", cmd.node)
                return


# -- a skimmer edited into a built site's pages (session 27) -----------------------------------------------------------
_IN_PLACE = ("sed", "gsed", "perl")


def _edits_in_place(words) -> bool:
    from .commands import has_flag

    return bool(words) and (words[0].value or "").rsplit("/", 1)[-1] in _IN_PLACE and \
        has_flag(words[1:], "i", ("--in-place",))


def _pages_edited(a, words, starts, node) -> None:
    """An in-place edit (`sed -i 's|</head>|<script>…</head>|'`) of the pages under `starts` (the folders a listing
    reads: find's start folders, a glob's): its words judged as text written into a page there (docsites_tables: a
    skimmer is blocked)."""
    text = "\n".join(w.value for w in words if w.value)
    if "<" not in text:
        return
    for where in dict.fromkeys(starts):
        where = (where or "").rstrip("/")
        if where and dt.judge_config(a, f"{where}/index.html", text, node):
            return


def _folder(path: str | None) -> str | None:
    """The folder a listing's path or glob names (`site/*.html` -> site, `_site` -> _site)."""
    if not path or path.startswith("-"):
        return None
    head = re.split(r"[*?\[{]", path, maxsplit=1)[0]
    if head != path:
        head = head.rsplit("/", 1)[0] if "/" in head else "."
    return head or None


def _find_edit(a, cmd: Cmd) -> None:
    """`find public -name '*.html' -exec sed -i 's|</head>|<script>…</head>|' {} +`, and fd's `-x`/`-X`."""
    from .files import find_starts

    args = cmd.args
    if cmd.name == "find":
        found, at = find_starts(args)
        starts = [w.value for w in found]
        opens = ("-exec", "-execdir", "-ok", "-okdir")
    else:  # fd PATTERN [PATH…] -x CMD: the folders after the pattern
        at = 0
        cut = next((i for i, w in enumerate(args) if w.value in _FD_EXEC), len(args))
        listed = [w.value for w in positionals(args[:cut], _FD_VALUE)]
        starts = listed[1:] or ["."]
        opens = _FD_EXEC
    for i in range(at, len(args)):
        if args[i].value in opens:
            j = next((k for k in range(i + 1, len(args)) if args[k].value in (";", "+", "\\;")), len(args))
            if _edits_in_place(args[i + 1:j]):
                _pages_edited(a, args[i + 1:j], starts, cmd.node)
                return


_FD_EXEC = ("-x", "--exec", "-X", "--exec-batch")
_FD_VALUE = frozenset({"-e", "--extension", "-t", "--type", "-E", "--exclude", "-d", "--max-depth", "--min-depth",
                       "-S", "--size", "--changed-within", "--changed-before", "-o", "--owner", "-j", "--threads",
                       "--base-directory", "--search-path", "-c", "--color"})
# the listings that feed pages to `xargs sed -i`: their folders
_LISTERS = ("find", "grep", "egrep", "rg", "ls", "fd", "fdfind")


def _xargs_edit(a, cmd: Cmd) -> None:
    """`find _site -name '*.html' | xargs sed -i 's|</head>|<script>…</head>|'` (also fed by `grep -rl`, `ls`,
    `fd`), and a loop over pages (`for f in site/*.html; do sed -i '…' "$f"; done`)."""
    from .commands import has_flag
    from .common import feeders
    from .files import find_starts

    if not has_flag(cmd.args, "i", ("--in-place",)):
        return
    if cmd.xargs_opts is None:
        _loop_edit(a, cmd)
        return
    for f in feeders(a, cmd, _LISTERS)[:1]:
        if f.name == "find":
            starts = [w.value for w in find_starts(f.args)[0]]
        else:
            listed = [w.value for w in positionals(f.args, _FD_VALUE if f.name in ("fd", "fdfind") else frozenset(
                {"-e", "-f", "--include", "--exclude", "-m", "-A", "-B", "-C", "-g", "--glob", "-t", "--type"}))]
            starts = [_folder(p) for p in (listed if f.name == "ls" else listed[1:])]
        _pages_edited(a, cmd.args, starts, cmd.node)


_LOOP_VAR = re.compile(r"^\$\{?(\w+)\}?$")


def _loop_edit(a, cmd: Cmd) -> None:
    """`sed -i '…' "$f"` in a `for f in site/*.html` (or `$(find site …)`) loop: the pages the loop names."""
    names = {m.group(1) for w in cmd.args if w.value is None and (m := _LOOP_VAR.match(w.text.strip('"')))}
    up = cmd.node.parent
    for _ in range(8):
        if up is None or not names:
            return
        if up.type == "for_statement":
            var = up.child_by_field_name("variable")
            if var is not None and a.src(var) in names:
                starts = []
                for v in up.children_by_field_name("value")[:8]:
                    text = a.src(v).strip("\"'")
                    found = re.search(r"\b(?:find|fd|ls)\s+([\w./-]+)", text) if text.startswith(("$(", "`")) else None
                    starts.append(found.group(1) if found else _folder(text))
                _pages_edited(a, cmd.args, starts, cmd.node)
                return
        up = up.parent


_COPIERS = ("cp", "mv", "install", "ln", "rsync")
_PRINTERS = ("env", "printenv", *_SHELL_LISTS, *_JQ, *_INTERPRETERS, "echo", "printf")
HANDLERS: dict = {**{n: [_request] for n in _SENDERS}, "gh": [_gh], **{n: [_copied] for n in _COPIERS},
                  **{n: [_env_published] for n in _PRINTERS},
                  **{n: [_file_published] for n in (*_READERS, "tee", "dd")},
                  **{n: [_find_edit] for n in ("find", "fd", "fdfind")}, **{n: [_xargs_edit] for n in _IN_PLACE}}
HANDLERS["sed"] = [_xargs_edit, _file_published]

# The words each handler reads (quotes and backslashes removed), for the shortcut (bash/fastpath.py)
_API = mentions("/settings", "/members", "/invit", "secret_scanning", "forwarding_url", "/indexes/", "/objects",
                "/documents", "/repos/", "/keys")
# (any word naming one of the published folders: which source is a secret, paths.is_secret decides)
_PUBLISHED_WORD = re.compile(r"(?<![\w.-])(?:static|public|site|_site|build|dist|out|docs|public_html|htdocs)"
                             r"(?:/|\s|$)")
_WRITES_OUT = re.compile(r">|(?<![\w.-])tee(?![\w.-])|(?<![\w.-])of=")
# what inline code names when it prints the environment (Python's, Node's, Ruby's)
_ENV_WORD = re.compile(r"environ|process\.env|\bENV\b")


# (the fast path asks a name's screen of the whole input's text once per command of that name: kept per text)
@lru_cache(maxsize=8)
def _published_word(text: str) -> bool:
    return _PUBLISHED_WORD.search(text) is not None


@lru_cache(maxsize=8)
def _dumped(text: str) -> bool:
    return _WRITES_OUT.search(text) is not None and _published_word(text)


@lru_cache(maxsize=8)
def _secret_echoed(text: str) -> bool:
    from .net import _SECRET_VAR

    return "$" in text and _dumped(text) and _SECRET_VAR.search(text) is not None


@lru_cache(maxsize=8)
def _env_code_dumped(text: str) -> bool:
    return _ENV_WORD.search(text) is not None and _dumped(text)


SCREENS: dict = {**{n: _API for n in _SENDERS}, "gh": mentions("--visibility", "/pages"),
                 **{n: _published_word for n in _COPIERS if n != "rsync"},
                 "rsync": lambda text: (".env" in text or paths.SECRET_HINT.search(text) is not None) and
                 _published_word(text),
                 **{n: _dumped for n in ("env", "printenv", *_SHELL_LISTS, *_JQ)},
                 **{n: _env_code_dumped for n in _INTERPRETERS},
                 **{n: _secret_echoed for n in ("echo", "printf")},
                 # (a file of secrets read into a published folder: which file is one, paths.is_secret decides)
                 **{n: _dumped for n in (*_READERS, "tee", "dd")},
                 # (a page's markup edited in: `<` begins every tag)
                 "find": lambda text: ("-exec" in text or "-ok" in text) and "<" in text and
                 any(n in text for n in _IN_PLACE),
                 **{n: (lambda text: ("-x" in text or "-X" in text or "--exec" in text) and "<" in text and
                        any(n in text for n in _IN_PLACE)) for n in ("fd", "fdfind")},
                 **{n: (lambda text: "<" in text) for n in _IN_PLACE}}
SCREENS["sed"] = lambda text: "<" in text or _dumped(text)
