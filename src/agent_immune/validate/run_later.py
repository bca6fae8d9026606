"""Project files whose commands a tool runs later on its own: one reading for text the shell writes
(bash/written.py) and text Python or TypeScript code writes (common_code).

- `.vscode/tasks.json`: a task with `"runOptions": {"runOn": "folderOpen"}` runs when the folder is
  opened in VS Code (and the editors built from it), with no click: the way the 2025 fake job-interview
  repositories started their malware.
- `.devcontainer/devcontainer.json` (also `.devcontainer.json`): `initializeCommand` runs on the host
  when the folder is opened in a container, the other lifecycle commands (`onCreateCommand`,
  `postCreateCommand`, `postStartCommand` …) in the container each time it is made or started.
- `.pre-commit-config.yaml`: a `repo: local` hook's `entry` runs at every `git commit` once the hooks
  are installed; so does a remote repository's hook given an `entry` of its own in the config (the config's
  keys override the hook repository's manifest: `language: system` with `entry: bash -c '…'` runs that line,
  whatever the repository holds). A fragment appended to the file (`cat >> .pre-commit-config.yaml`, items of
  `repos:` or of a repository's `hooks:`) is read as the items it adds.
- VS Code's keybindings (`keybindings.json` of the user folder of VS Code and the editors built from it): a key
  bound to `workbench.action.terminal.sendSequence` types its `text` into the terminal each time the key is
  pressed (bound to ctrl+s, at every save), a carriage return and all: the text is run as a command line.
- CI definitions: a GitHub Actions workflow (`.github/workflows/*.yml`, also Forgejo's and Gitea's
  folders) and a composite action (`action.yml`) have their steps' `run:` scripts run by the runner at
  the next push, with the repository's secrets at hand; `.gitlab-ci.yml` its jobs' `script`,
  `before_script` and `after_script` lines. An expression `${{ … }}` is pasted into the script before
  it runs: `${{ secrets.NAME }}` is read as `$NAME` (so a secret's name means what the same variable
  means to the rules), `${{ toJSON(secrets) }}` (every secret at once) as `$(env)` (inside single quotes
  too: the runner pastes the value before the shell reads quotes), anything else as a variable no rule
  reads. A variable of the workflow's, the job's or the step's `env:` given every secret at once is
  assigned `$(env)` before the step's script.
Other tasks and hooks run only when a person asks for them, and stay unread.
"""
from __future__ import annotations

import json
import re
import shlex

from .._lazyre import LazyRegex

_TASKS = re.compile(r"(?:^|/)\.vscode/tasks\.json$")
_DEVCONTAINER = re.compile(r"(?:^|/)(?:\.devcontainer/(?:[^/]+/)?devcontainer\.json|\.devcontainer\.json)$")
_PRE_COMMIT = re.compile(r"(?:^|/)\.pre-commit-config\.ya?ml$")
# the user folder of VS Code and the editors built from it (its profiles have their own keybindings)
_KEYBINDINGS = re.compile(r"(?:^|/)(?:Code|Code - Insiders|Code - OSS|VSCodium|Cursor|Windsurf)/User/"
                          r"(?:profiles/[^/]+/)?keybindings\.json$")
_WORKFLOW = LazyRegex(r"(?:^|/)\.(?:github|forgejo|gitea)/workflows/[^/]+\.ya?ml$|(?:^|/)action\.ya?ml$")
_GITLAB = LazyRegex(r"(?:^|/)\.gitlab-ci\.ya?ml$")
# a path the shell screens look for (bash/written.CODE_TARGET takes it in)
TARGET = (r"\.vscode/tasks\.json|devcontainer\.json|\.pre-commit-config\.ya?ml|/workflows/|action\.ya?ml|"
          r"\.gitlab-ci\.ya?ml|/User/(?:profiles/[^/]+/)?keybindings\.json")
_LIFECYCLE = ("initializeCommand", "onCreateCommand", "updateContentCommand", "postCreateCommand",
              "postStartCommand", "postAttachCommand")
_CAP = 64  # commands read from one file


def kind(path: str) -> str | None:
    """"vscode-tasks", "devcontainer", "pre-commit", "workflow", "gitlab-ci" or "vscode-keybindings" for such a
    file, else None."""
    return "vscode-tasks" if _TASKS.search(path) else "devcontainer" if _DEVCONTAINER.search(path) else \
        "pre-commit" if _PRE_COMMIT.search(path) else "workflow" if _WORKFLOW.search(path) else \
        "gitlab-ci" if _GITLAB.search(path) else "vscode-keybindings" if _KEYBINDINGS.search(path) else None


# the kinds whose files are JSON (with comments): what a `jq` edit of one puts in is read as such a file
JSON_KINDS = frozenset({"vscode-tasks", "devcontainer", "vscode-keybindings"})


def commands(path: str, text: str) -> list[tuple[str, str]]:
    """(shell command, when it runs) for each command the file at `path` has run without anyone asking;
    empty when it is no such file or does not parse (the tool would refuse it too)."""
    which = kind(path)
    if which == "pre-commit":
        return _pre_commit(text)
    if which in ("workflow", "gitlab-ci"):
        return _ci(which, text)
    if which is None:
        return []
    data = _jsonc(text)
    if not isinstance(data, dict) and not (which == "vscode-keybindings" and isinstance(data, list)):
        return []
    if which == "vscode-tasks":
        return _tasks(data)
    if which == "vscode-keybindings":
        return _keybindings(data)
    out = []
    for key in _LIFECYCLE:
        where = "on the host, when the folder is opened in a container" if key == "initializeCommand" else \
            "in the container each time it is created or started"
        out += [(c, f"`{key}` runs it {where}") for c in _lifecycle(data.get(key))]
    return out[:_CAP]


def _jsonc(text: str):
    """JSON with comments and trailing commas, as VS Code reads its files; None when it does not parse."""
    from ..jsonc import jsonc_to_json

    try:
        return json.loads(jsonc_to_json(text))
    except (ValueError, RecursionError):
        return None


def _argv(command, args) -> str | None:
    if not isinstance(command, str) or not command.strip():
        return None
    extra = [a for a in args if isinstance(a, str)] if isinstance(args, list) else []
    return " ".join([command] + [shlex.quote(a) for a in extra])


def _tasks(data: dict) -> list[tuple[str, str]]:
    tasks = data.get("tasks")
    out = []
    for t in tasks if isinstance(tasks, list) else []:
        opts = t.get("runOptions") if isinstance(t, dict) else None
        if isinstance(opts, dict) and opts.get("runOn") == "folderOpen":
            # a platform's own command replaces the task's there (`"linux": {"command": …}`)
            for form in [t] + [t[p] for p in ("linux", "osx", "windows") if isinstance(t.get(p), dict)]:
                cmd = _argv(form.get("command"), form.get("args"))
                if cmd is not None:
                    out.append((cmd, "VS Code runs the task when the folder is opened (`runOn: folderOpen`)"))
    return out[:_CAP]


_SEND = "workbench.action.terminal.sendSequence"


def _keybindings(data) -> list[tuple[str, str]]:
    """The text each key bound to `sendSequence` types into the terminal (also one of the commands of a
    `runCommands` binding): its carriage returns and newlines end command lines, as the shell reads them."""
    out: list[str] = []
    stack, seen = [data], 0
    while stack and seen < 4096 and len(out) < _CAP:
        node = stack.pop()
        seen += 1
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            args = node.get("args")
            if node.get("command") == _SEND and isinstance(args, dict) and isinstance(args.get("text"), str):
                text = args["text"].replace("\r\n", "\n").replace("\r", "\n")
                if text.strip():
                    out.append(text)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return [(t, "VS Code types it into the terminal, and the shell runs it, each time the key is pressed "
                "(`sendSequence`)") for t in out]


def _lifecycle(value) -> list[str]:
    """A lifecycle command: a shell string, an argv list, or an object of named commands of either form."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        argv = [a for a in value if isinstance(a, str)]
        return [shlex.join(argv)] if argv else []
    if isinstance(value, dict):
        return [c for v in value.values() for c in _lifecycle(v) if not isinstance(v, dict)]
    return []


def _pre_commit(text: str) -> list[tuple[str, str]]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return []
    repos = data.get("repos") if isinstance(data, dict) else None
    if isinstance(data, list):
        # a fragment appended to the file: items of `repos:` (`- repo: local`), or of the last repository's `hooks:`
        repos = [x for x in data if isinstance(x, dict) and "repo" in x]
        loose = [x for x in data if isinstance(x, dict) and "repo" not in x and "entry" in x]
        if loose:
            repos.append({"repo": "local", "hooks": loose})
    out = []
    for repo in repos if isinstance(repos, list) else []:
        if not isinstance(repo, dict) or not isinstance(repo.get("hooks"), list):
            continue
        local = repo.get("repo") == "local"
        for hook in repo["hooks"]:
            if not isinstance(hook, dict) or hook.get("language") in ("pygrep", "fail"):
                continue  # a pattern to search for, or a message: not a command
            if not local and "entry" not in hook:
                continue  # a hook repository's own hook: fetched and installed like a package
            if (cmd := _argv(hook.get("entry"), hook.get("args"))) is not None:
                out.append((cmd, "pre-commit runs the local hook's `entry` at every `git commit`" if local else
                            "pre-commit runs the `entry` the config gives the hook (it overrides the hook "
                            "repository's own) at every `git commit`"))
    return out[:_CAP]


# `${{ expr }}` in a workflow's script: pasted in as text before the shell reads it
_EXPR = LazyRegex(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)
_ALL_SECRETS = LazyRegex(r"(?i)^to_?json\(\s*(?:secrets|env|vars)\s*\)$|^(?:secrets|env)$")
_ONE_SECRET = LazyRegex(r"^secrets\.([A-Za-z_]\w*)$|^secrets\[\s*'([A-Za-z_]\w*)'\s*\]$")
_GITLAB_SCRIPTS = ("before_script", "script", "after_script")


def _expression(expr: str) -> str | None:
    """The shell text an expression stands for, None for one no rule reads."""
    if _ALL_SECRETS.match(expr):
        return "$(env)"  # every secret (or the whole environment) at once, as `env` prints it
    one = _ONE_SECRET.match(expr)
    return f"${{{one.group(1) or one.group(2)}}}" if one else None


def _single_quoted(text: str, start: int, end: int, quote: str | None) -> tuple[bool, str | None]:
    """Whether `text[end]` is inside single quotes, reading from `start` with the quote `quote` open there (a
    plain reading of the shell's quotes: backslashes outside single quotes, no heredocs); and the quote open at
    `end`."""
    i = start
    while i < end:
        ch = text[i]
        if quote == "'":
            if ch == "'":
                quote = None
        elif ch == "\\":
            i += 1
        elif quote == '"':
            if ch == '"':
                quote = None
        elif ch in "'\"":
            quote = ch
        i += 1
    return quote == "'", quote


def workflow_script(text: str) -> str:
    """A workflow step's script as the runner's shell receives it: each `${{ … }}` pasted in (see the
    module's docstring). The runner pastes the expression's value as text, before any quoting is read, so
    `echo '${{ toJSON(secrets) }}'` prints every secret as `echo "$(env)"` does: inside single quotes the
    reading closes the quotes around its stand-in."""
    if "${{" not in text:
        return text
    out, pos, quote = [], 0, None
    for m in _EXPR.finditer(text):
        single, quote = _single_quoted(text, pos, m.start(), quote)
        shell = _expression(m.group(1))
        out.append(text[pos:m.start()])
        out.append("${GHA_EXPRESSION}" if shell is None else f"'\"{shell}\"'" if single else shell)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _env_prelude(*envs) -> str:
    """`env:` maps (the workflow's, the job's, the step's) as the assignments the runner makes before a step's
    script: only the variables given every secret at once (`S: ${{ toJSON(secrets) }}`), which no step needs
    whole; one secret under a name of its own keeps meaning what that name means."""
    lines = []
    for env in envs:
        for name, value in env.items() if isinstance(env, dict) else ():
            if isinstance(name, str) and re.fullmatch(r"[A-Za-z_]\w*", name) and isinstance(value, str) and \
                    "${{" in value and any(_ALL_SECRETS.match(m.group(1)) for m in _EXPR.finditer(value)):
                lines.append(f'{name}="$(env)"\n')
    return "".join(lines)


def _yaml(text: str):
    import yaml

    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def _ci(which: str, text: str) -> list[tuple[str, str]]:
    data = _yaml(text)
    if not isinstance(data, dict):
        return []
    out: list[tuple[str, str]] = []
    if which == "workflow":
        when = "the CI runner runs the step at the next push, with the repository's secrets at hand"
        jobs = data.get("jobs")
        runs = data.get("runs")  # a composite action's steps
        groups = [j for j in jobs.values() if isinstance(j, dict)] if isinstance(jobs, dict) else []
        groups += [runs] if isinstance(runs, dict) else []
        for job in groups:
            steps = job.get("steps")
            for step in steps if isinstance(steps, list) else []:
                run = step.get("run") if isinstance(step, dict) else None
                if isinstance(run, str) and run.strip():
                    out.append((_env_prelude(data.get("env"), job.get("env"), step.get("env")) +
                                workflow_script(run), when))
    else:
        when = "the GitLab runner runs the job's script at the next push, with the project's CI variables at hand"
        for key, job in data.items():
            if key in _GITLAB_SCRIPTS:  # the top-level default
                job = {key: job}
            if isinstance(job, dict):
                for name in _GITLAB_SCRIPTS:
                    out += [(line, when) for line in _lines(job.get(name))]
    return out[:_CAP]


def _lines(value) -> list[str]:
    """A GitLab script: a string, or a list of strings and of lists (YAML anchors nest them)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [x for v in value for x in _lines(v)]
    return []
