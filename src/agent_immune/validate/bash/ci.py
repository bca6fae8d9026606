"""What CI runners and agent platforms expose to a step: tokens, the files later steps read, workflows (helper A, session 10).

- The runner's own tokens sent anywhere but to the runner's services (rule `exfiltration`): the OIDC request
  token (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`, not the OIDC token it returns, which is made for a third party),
  the cache and artifact token (`ACTIONS_RUNTIME_TOKEN`), GitLab's `CI_JOB_TOKEN`, and the checkout token `actions/checkout` leaves in
  git's `http.<url>.extraheader`. Each has exactly one place it is meant for, and the runner hands that place
  over in a variable (`$ACTIONS_ID_TOKEN_REQUEST_URL`, `$ACTIONS_CACHE_URL`, `$ACTIONS_RESULTS_URL`,
  `$CI_API_V4_URL` …): a request to such a variable's URL (or, for `CI_JOB_TOKEN`, to a GitLab API path
  `/api/v4/`) is the ordinary use; the same token in a request to any other host is what the 2025 workflow
  compromises sent out. `$GITHUB_TOKEN` is not read here: API calls to a named host are its everyday use.
- Lines appended to `$GITHUB_ENV` / `$GITHUB_PATH` (rule `env-hijack`): the runner sets them for every later
  step of the job, so `BASH_ENV=/tmp/x` there runs a planted script in each of them; they are judged as the
  assignments they become (`NAME=value`, `NAME<<EOF` blocks, a `$GITHUB_PATH` line as a `PATH` entry).
- `gh api -X PUT repos/$r/contents/.github/workflows/…` (rule `persistence`): a workflow written through the
  API, in a loop (or `xargs`), into repositories named at run time, the way the 2025 worms pushed their workflow
  into every repository `gh repo list` printed. One repository's workflow stays allowed.
- `gh release upload TAG FILE --clobber` of a file this script downloaded (rule `download-exec`): the release
  the project's users download and run is replaced by someone else's binary.
- A secret scanner (`trufflehog`, `gitleaks`, `noseyparker`, `detect-secrets`) run over the home, `/` or a
  credential folder (rule `secret-read`): it prints every credential it finds there, the harvesting step of the
  2025 npm and Nx compromises; scanning the project stays allowed.
"""
from __future__ import annotations

import re

from .. import paths
from ..._lazyre import LazyRegex
from .commands import Cmd, has_flag, option_value, positionals
from .words import Word

# a path the shell screens look for (bash/written.CODE_TARGET takes it in)
TARGET = r"GITHUB_ENV|GITHUB_PATH"
_ENV_FILE = LazyRegex(r"""^["']?\$\{?(GITHUB_ENV|GITHUB_PATH)\}?["']?$""")
_ENV_LINE = LazyRegex(r"^([A-Za-z_]\w*)=(.*)$")
_ENV_BLOCK = LazyRegex(r"^([A-Za-z_]\w*)<<(\S+)$")

_TOKENS = LazyRegex(r"\$\{?(ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_RUNTIME_TOKEN|CI_JOB_TOKEN)\b")
# the URLs the runner gives for its own services: where its tokens are meant to go
_OWN_SERVICE = LazyRegex(r"""^["']?\$\{?(?:ACTIONS_[A-Z_]*URL|CI_API_V4_URL|CI_API_GRAPHQL_URL|CI_SERVER_URL|"""
                          r"""CI_SERVER_HOST|CI_REGISTRY|CI_PROJECT_URL|GITHUB_API_URL|GITHUB_SERVER_URL)\b""")
_GITLAB_API = LazyRegex(r"/api/v4/")
_VAR = LazyRegex(r"\$\{?([A-Za-z_]\w*)")
# curl's and wget's options that take a value which is not where the request goes
_VALUE_OPTS = frozenset({"-H", "--header", "-d", "--data", "--data-raw", "--data-binary", "--data-urlencode",
                         "--data-ascii", "-F", "--form", "--form-string", "-u", "--user", "-o", "--output", "-X",
                         "--request", "-A", "--user-agent", "-e", "--referer", "-b", "--cookie", "-c", "--cookie-jar",
                         "-T", "--upload-file", "-m", "--max-time", "--connect-timeout", "-w", "--write-out",
                         "--retry", "-K", "--config", "--cacert", "--cert", "--key", "-E", "--json", "-O",
                         "--output-document", "--post-data", "--post-file", "--body-data", "--body-file", "--method",
                         "-U"})
# ... except the letters the two spell as flags: curl's `-O` (keep the remote name), wget's `-c` (continue), `-E`
# (adjust the extension), `-b` (background)
_FLAGS = {"curl": frozenset({"-O"}), "wget": frozenset({"-c", "-E", "-b"})}
_SENDERS = ("curl", "wget", "http", "https", "xh")


def env_file(a, cmd: Cmd, source: Cmd | None = None) -> None:
    """`echo "BASH_ENV=/tmp/.be" >> $GITHUB_ENV`, `printf 'PATH…' | tee -a "$GITHUB_PATH"`: judged as the
    assignments the runner makes for every later step (called for commands with redirects, and for a `tee`
    with what is piped into it, `source`)."""
    which = _env_target(a, cmd)
    if which is None:
        return
    from . import system
    from .written import content

    got = content(a, source or cmd)
    if got is None:
        return
    text, node = got
    found: list[tuple[str, Word]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if which == "GITHUB_PATH":
            if line:
                found.append(("PATH", Word(node, line + ":$PATH", line + ":$PATH")))
            continue
        block = _ENV_BLOCK.match(line)
        if block:  # NAME<<DELIM, the value's lines, DELIM
            end = next((j for j in range(i, len(lines)) if lines[j].strip() == block.group(2)), len(lines))
            value = "\n".join(lines[i:end])
            found.append((block.group(1), Word(node, value, value)))
            i = end + 1
        elif m := _ENV_LINE.match(line):
            found.append((m.group(1), Word(node, m.group(2), m.group(2))))
    if found:
        system.check_assigns(a, found, node)


def _env_target(a, cmd: Cmd) -> str | None:
    """"GITHUB_ENV" or "GITHUB_PATH" when `cmd` appends to (or writes) that file."""
    texts = [w.text for w in positionals(cmd.args) if w.value is None] if cmd.name == "tee" else []
    for r in cmd.redirects:
        if r.type == "file_redirect" and any(c.type in (">", ">>", ">|") for c in r.children):
            texts += [a.src(d) for d in r.children_by_field_name("destination")[:1]]
    for t in texts:
        m = _ENV_FILE.match(t)
        if m:
            return m.group(1)
    return None


def _destinations(args: list[Word], flags: frozenset = frozenset()) -> list[Word]:
    """The words a request goes to: not options, nor the values of those in _VALUE_OPTS but not in `flags` (also
    after a cluster of short flags, `-sH HEADER`)."""
    opts = _VALUE_OPTS - flags if flags else _VALUE_OPTS
    out, skip = [], False
    for w in args:
        v = w.value
        if skip:
            skip = False
        elif v is not None and v.startswith("--"):
            skip = v in opts
        elif v is not None and v.startswith("-") and len(v) > 1:
            skip = "-" + v[-1] in opts
        else:
            out.append(w)
    return out


def _sends_token(a, cmd: Cmd) -> None:
    data = a.doc.data
    if b"_TOKEN" not in data and b"xtraheader" not in data:
        return  # every token read below is named so: most requests pay two byte searches
    args = cmd.args
    dests = _destinations(args, _FLAGS.get(cmd.name, frozenset())) + option_value(args, "--url")
    if not dests or all(_OWN_SERVICE.match(d.text) for d in dests):
        return
    for w in args:
        if _OWN_SERVICE.match(w.text):
            continue  # a URL of the runner's own (a token in its query string goes where it is meant to)
        token = _token_in(a, w)
        if token is None or token == "CI_JOB_TOKEN" and all(_GITLAB_API.search(d.value or d.text) for d in dests):
            continue
        a.block("exfiltration", f"`{cmd.name}` sends {_SHOWN.get(token, token)} to "
                                f"{(dests[0].value or dests[0].text)[:60]}, not to the runner's own service it is "
                                "meant for; never send CI credentials anywhere else", w.node)
        return


_SHOWN = {"extraheader": "the checkout token git keeps in `http.*.extraheader`"}


def _token_in(a, w: Word) -> str | None:
    """Which CI token the word `w` holds: a token variable, a substitution that reads one, or a variable this
    script assigned from such a substitution."""
    m = _TOKENS.search(w.text)
    if m:
        return m.group(1)
    if "$" not in w.text or b"xtraheader" not in a.doc.data:  # the one source read below: most requests pay nothing
        return None
    if w.substitutions:
        found = _source(a.substituted([w]))
        if found:
            return found
    for name in dict.fromkeys(_VAR.findall(w.text)):  # in the word's order (a set's follows the hash seed)
        for m in re.finditer(rb"(?<![\w$])" + name.encode() + rb"=\"?(?=\$\(|`)", a.doc.data):
            inner = a.subst.get(m.end())
            found = _source(inner) if inner else None
            if found:
                return found
    return None


def _source(cmds: list[Cmd]) -> str | None:
    """What CI token the commands of a substitution print: the checkout token read from git's configuration. (The
    OIDC token a request returns is not one: it is made to be sent to another party, the cloud or Vault that trusts
    it, named by a literal host.)"""
    for c in cmds:
        vals = [w.value or w.text for w in c.args]
        if c.name == "git" and vals[:1] == ["config"] and any("extraheader" in v.lower() for v in vals):
            return "extraheader"
        if c.name in ("cat", "grep", "sed", "awk") and any("extraheader" in v.lower() for v in vals):
            return "extraheader"
    return None


_METHOD_WRITE = frozenset({"PUT", "POST", "PATCH"})
_WORKFLOW_API = LazyRegex(r"^/?repos/(.+?)/contents/\.(?:github|gitea|forgejo)/workflows/|"
                           r"^/?projects/[^/]+/repository/files/\.gitlab-ci\.yml")
_GH_VALUE_OPTS = frozenset({"-X", "--method", "-f", "-F", "--field", "--raw-field", "-H", "--header", "-q", "--jq",
                            "-t", "--template", "--input", "--hostname", "-p", "--preview", "--cache"})


def _gh(a, cmd: Cmd) -> None:
    vals = cmd.values()
    if vals[:1] == ["api"]:
        _workflow_api(a, cmd)
    elif vals[:2] == ["release", "upload"] and has_flag(cmd.args, "", ("--clobber",)) and a.downloaded:
        for w in positionals(cmd.args[2:], frozenset({"-R", "--repo"}))[1:]:
            where = (w.value or "").split("#", 1)[0]  # `FILE#label`
            if where and a.downloaded.get(paths.normalize(a.in_cwd(where) or where)) == "download":
                a.block("download-exec", f"`gh release upload --clobber` replaces a release asset with {where}, which "
                                         "this script downloaded: the project's users would download and run someone "
                                         "else's binary; publish what the project's own build made", w.node)
                return


def _workflow_api(a, cmd: Cmd) -> None:
    """`gh api -X PUT repos/$r/contents/.github/workflows/x.yml …` (glab's `projects/$p/repository/files/.gitlab-ci.yml`)."""
    methods = {(w.value or "").upper() for w in option_value(cmd.args, "-X", "--method")}
    endpoints = positionals(cmd.args[1:], _GH_VALUE_OPTS)
    if not methods & _METHOD_WRITE or not endpoints:
        return
    ep = endpoints[0]
    m = _WORKFLOW_API.match(ep.value or ep.text.strip("'\""))
    repo = ep.text.split("/contents/", 1)[0].split("/repository/", 1)[0]
    if m and (cmd.xargs_opts is not None or ep.value is None and "$" in repo and _in_loop(cmd.node)):
        a.block("persistence", f"`{cmd.name} api` writes a CI workflow into a repository named only at run time "
                               f"(`{ep.text[:80]}`): a loop over a listing pushes code that runs with each repository's "
                               "secrets into every one of them; change one named repository's workflow, in a "
                               "reviewed pull request", ep.node)


def _in_loop(node) -> bool:
    while node is not None:
        if node.type in ("for_statement", "while_statement", "c_style_for_statement"):
            return True
        node = node.parent
    return False


_SCANNERS = {"trufflehog": ("filesystem",), "gitleaks": ("detect", "dir", "directory"),
             "noseyparker": ("scan",), "detect-secrets": ("scan",)}
_SCANNER_PATH_OPTS = ("--source", "-s", "--path")


def _scanner(a, cmd: Cmd) -> None:
    """A secret scanner run over the home, `/` or a credential folder: it prints every credential there."""
    vals = cmd.values()
    if not vals or vals[0] not in _SCANNERS[cmd.name]:
        return
    targets = positionals(cmd.args[1:], frozenset(_SCANNER_PATH_OPTS) | {"-c", "--config", "-r", "--report-path",
                                                                            "--datastore", "-o", "--output"})
    targets += option_value(cmd.args, *_SCANNER_PATH_OPTS)
    for w in targets:
        v = w.value
        if v is None:
            continue
        v = paths.normalize(v).rstrip("/") or "/"
        if v in ("~", "/", "/home", "/root", "/Users") or paths.is_secret(v):
            a.block("secret-read", f"`{cmd.name}` scans {w.value} for credentials and prints every one it finds; "
                                   "scan the project (`.`), never the home or a credential folder", w.node)
            return


HANDLERS: dict = {**{n: [_sends_token] for n in _SENDERS}, "gh": [_gh], "glab": [_gh],
                  **{n: [_scanner] for n in _SCANNERS}}
# fastpath screens (merged through agents.SCREENS): curl and wget keep their own screen beside this one
SCREENS: dict = dict.fromkeys(("curl", "wget"), lambda text: "_TOKEN" in text or "extraheader" in text.lower())
