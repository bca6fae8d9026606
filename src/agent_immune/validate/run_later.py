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
  assigned `$(env)` before the step's script. `${{ github.token }}` is `$GITHUB_TOKEN`. A fragment appended to
  a workflow (`cat >> .github/workflows/ci.yml`: jobs under `jobs:`, one job's body, or a list of steps) is read
  as the steps it adds.
- A secret whose name says no service the rules know (`secrets.PROD_DEPLOY_TOKEN`, a Jenkins credential
  `prod-deploy-token`) keeps its own name in the script, assigned `${CI_SECRET_<NAME>}` before it when the
  script makes requests: bash/ci.py holds such a secret, in a request's URL or body, to a host that carries a
  word of its name (the project named the secret for where it goes).
- "Pwn requests": a workflow run for other people's pull requests with the base repository's secrets
  (`pull_request_target`, `workflow_run`, `issue_comment`) that checks out the pull request's own code
  (`ref: ${{ github.event.pull_request.head.sha }}`, `.head.ref`, `head.repo.full_name`, `gh pr checkout`,
  `refs/pull/N/merge`) and then runs it (`npm install`, `make`, `./scripts/x.sh`, a local action) with secrets
  or a token that can write (`permissions: write-all`, or none given: the repository's default). It is read as
  the command `untrusted-pull-request-code TRIGGER REF RUN HOLDINGS`, which bash/ci.py blocks: anyone who
  opens a pull request runs code with them. Read-only permissions and no secrets stay allowed, as does a
  `pull_request_target` workflow that never checks out the head (labelling with actions).
- Other CI systems' definitions: a `Jenkinsfile`'s `sh` steps (a `withCredentials` binding's variables, and
  `credentials('id')` in `environment {}`, are secrets as above), `.drone.yml` / Woodpecker's `commands`,
  Buildkite's `command(s)`, CircleCI's `run`, Bitbucket Pipelines' `script`, Azure Pipelines' `script` /
  `bash`, Travis CI's lifecycle scripts: each line run by the CI runner at the next push.
- Bazel's rc files (`.bazelrc`, `user.bazelrc`, `tools/x.bazelrc`): an option whose value is a command bazel runs
  itself, `--workspace_status_command` at every build, `--run_under` before each `bazel run`/`bazel test` target
  (session 18: `build --workspace_status_command="sh -c 'env | curl -d @- …'"` appended before `bazel build`).
- A program in a project's tool folder (`node_modules/.bin/`, a virtualenv's `bin/`): the project's scripts
  and later CI steps (`npm test`, `npx jest`, a cached `node_modules` restored) run whatever is written there in
  place of the tool, so a script written there is read as the code it is (by its `#!` line).
- Session 19, the build and pipeline tools' own hooks, run by the tool's everyday command with no one asking:
  GoReleaser's `before:`/`after:` hooks and each build's `hooks: pre/post` (`goreleaser release`); Nextflow's
  `beforeScript`/`afterScript` (in `nextflow.config` or the user's `~/.nextflow/config`, before and after every task of
  every pipeline); a Snakefile's `onstart:`/`onsuccess:`/`onerror:` handlers and rules' `shell:` commands (`shell("…")`
  calls and `shell:` strings); an environment-modules file (Lmod's `.lua` `execute{cmd="…"}`, Tcl's `system`/`exec`/
  `puts stdout`), run in the shell of every user who loads the module; an Apptainer/Singularity definition's sections
  (`%setup` on the host at build, `%post` in the image at build, `%runscript`/`%startscript`/`%test` when it runs).
- Session 20, the embedded and security tools' run files: a BitBake recipe, append or class (`.bb`, `.bbappend`,
  `.bbclass`: its shell tasks run on this machine at `bitbake`, `${D}${sysconfdir}/…` read as the image's `/etc/…`, its
  Python functions and `${@…}` expressions as Python); a `platformio.ini` (a `!command` value run at every build for
  its output, `upload_command`, and the `extra_scripts` SCons runs as Python in every build); a nuclei template's
  `code:` requests (`nuclei -code` runs their `source` here, with the engine they name).
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
_JENKINS = LazyRegex(r"(?:^|/)(?:[\w.-]+\.)?Jenkinsfile(?:\.[\w.-]+)?$|(?:^|/)[\w.-]+\.jenkinsfile$")
# the other CI systems whose definitions are YAML: kind -> pattern
_OTHER_CI = {
    "drone": LazyRegex(r"(?:^|/)\.drone\.ya?ml$|(?:^|/)\.woodpecker(?:\.ya?ml|/[^/]+\.ya?ml)$"),
    "buildkite": LazyRegex(r"(?:^|/)\.buildkite/[^/]+\.ya?ml$|(?:^|/)buildkite\.ya?ml$"),
    "circleci": LazyRegex(r"(?:^|/)\.circleci/config\.ya?ml$"),
    "bitbucket": LazyRegex(r"(?:^|/)bitbucket-pipelines\.ya?ml$"),
    "azure": LazyRegex(r"(?:^|/)\.?azure-pipelines(?:\.ya?ml|/[^/]+\.ya?ml)$"),
    "travis": LazyRegex(r"(?:^|/)\.travis\.ya?ml$"),
}
# a project's tool folders, whose programs its scripts and later CI steps run by name
_TOOL_BIN = LazyRegex(r"(?:^|/)node_modules/\.bin/[^/]+$|(?:^|/)\.?venv/bin/[^/]+$")
_BAZELRC = LazyRegex(r"(?:^|/)(?:[\w.-]*\.)?bazelrc$")
# the build and pipeline tools' hook files (session 19)
_GORELEASER = LazyRegex(r"(?:^|/)\.?goreleaser(?:\.[\w-]+)?\.ya?ml$")
_NEXTFLOW = LazyRegex(r"(?:^|/)(?:nextflow\.config|\.nextflow/config)$")
_SNAKEFILE = LazyRegex(r"(?:^|/)(?:Snakefile|snakefile|[^/]+\.smk)$")
_MODULEFILE = LazyRegex(r"(?:^|/)(?:modulefiles|lmod)/(?:[^/]+/)*[^/]+$")
_APPTAINER = LazyRegex(r"(?:^|/)(?:[^/]+\.def|Singularity(?:\.[\w.-]+)?|Apptainer(?:\.[\w.-]+)?)$")
# the embedded and security tools' own run files (session 20)
_BITBAKE = LazyRegex(r"(?:^|/)[^/]+\.(?:bb|bbappend|bbclass)$")
_PLATFORMIO = LazyRegex(r"(?:^|/)platformio\.ini$")
_NUCLEI = LazyRegex(r"(?:^|/)[^/]*nuclei[^/]*/(?:[^/]+/)*[^/]+\.ya?ml$")
# the infrastructure tools' own hooks (session 21)
_TERRAGRUNT = LazyRegex(r"(?:^|/)(?:terragrunt(?:\.stack)?|root)\.hcl$")
_ATLANTIS = LazyRegex(r"(?:^|/)atlantis\.ya?ml$")
_PACKER = LazyRegex(r"\.pkr\.hcl$")
# Ansible's plugins that run inside `ansible-playbook` on this machine (a play's modules run on the hosts): the
# folders a project keeps them in (next to the playbook, or named by ansible.cfg) and a collection's plugins/
_ANSIBLE_PLUGIN = LazyRegex(r"(?:^|/)(?:(?:callback|action|lookup|filter|connection|inventory|vars|strategy|cache|become|"
                            r"test)_plugins|plugins/(?:callback|action|lookup|filter|connection|inventory|vars|"
                            r"strategy|cache|become|test))/[^/]+\.py$")
# a path the shell screens look for (bash/written.CODE_TARGET takes it in)
TARGET = (r"\.vscode/tasks\.json|devcontainer\.json|\.pre-commit-config\.ya?ml|/workflows/|action\.ya?ml|"
          r"\.gitlab-ci\.ya?ml|/User/(?:profiles/[^/]+/)?keybindings\.json|[Jj]enkinsfile|\.drone\.ya?ml|"
          r"\.woodpecker|\.buildkite/|buildkite\.ya?ml|\.circleci/|bitbucket-pipelines|azure-pipelines|"
          r"\.travis\.ya?ml|node_modules/\.bin/|venv/bin/|bazelrc|goreleaser[\w.-]*\.ya?ml|nextflow\.config|"
          r"\.nextflow/config|[Ss]nakefile|\.smk\b|"
          r"modulefiles/|lmod/|\.def\b|Singularity|Apptainer|\.bb(?:append|class)?\b|platformio\.ini|nuclei[^/\s]*/|"
          r"terragrunt[\w.]*\.hcl|root\.hcl|atlantis\.ya?ml|\.pkr\.hcl|_plugins/|plugins/(?:callback|action|lookup|filter|"
          r"connection|inventory|vars|strategy|cache|become|test)/")
_LIFECYCLE = ("initializeCommand", "onCreateCommand", "updateContentCommand", "postCreateCommand",
              "postStartCommand", "postAttachCommand")
_CAP = 64  # commands read from one file


def kind(path: str) -> str | None:
    """"vscode-tasks", "devcontainer", "pre-commit", "workflow", "gitlab-ci", "vscode-keybindings", "jenkins",
    one of _OTHER_CI's kinds, "tool-bin" or "bazelrc" for such a file, else None."""
    if "bazelrc" in path and _BAZELRC.search(path):
        return "bazelrc"
    hook = _hook_file(path)
    if hook is not None:
        return hook
    found = "vscode-tasks" if _TASKS.search(path) else "devcontainer" if _DEVCONTAINER.search(path) else \
        "pre-commit" if _PRE_COMMIT.search(path) else "workflow" if _WORKFLOW.search(path) else \
        "gitlab-ci" if _GITLAB.search(path) else "vscode-keybindings" if _KEYBINDINGS.search(path) else None
    if found is not None or not _MAYBE_MORE.search(path):
        return found
    if _JENKINS.search(path):
        return "jenkins"
    if _TOOL_BIN.search(path):
        return "tool-bin"
    return next((k for k, rx in _OTHER_CI.items() if rx.search(path)), None)


def _hook_file(path: str) -> str | None:
    """"goreleaser", "nextflow", "snakemake", "modulefile" or "apptainer" for such a file (session 19)."""
    if "goreleaser" in path and _GORELEASER.search(path):
        return "goreleaser"
    if "nextflow" in path and _NEXTFLOW.search(path):
        return "nextflow"
    if ("nakefile" in path or ".smk" in path) and _SNAKEFILE.search(path):
        return "snakemake"
    if ("modulefiles/" in path or "lmod/" in path) and _MODULEFILE.search(path) and \
            not path.endswith((".py", ".js", ".ts", ".sh", ".json", ".md", ".txt", ".yml", ".yaml")):
        return "modulefile"
    if (".def" in path or "Singularity" in path or "Apptainer" in path) and _APPTAINER.search(path):
        return "apptainer"
    if ".bb" in path and _BITBAKE.search(path):
        return "bitbake"
    if "platformio.ini" in path and _PLATFORMIO.search(path):
        return "platformio"
    if "nuclei" in path and _NUCLEI.search(path):
        return "nuclei"
    if path.endswith(".hcl"):
        return "terragrunt" if _TERRAGRUNT.search(path) else "packer" if _PACKER.search(path) else None
    if "atlantis" in path and _ATLANTIS.search(path):
        return "atlantis"
    if "plugins/" in path and _ANSIBLE_PLUGIN.search(path):
        return "ansible-plugin"
    return None


_MAYBE_MORE = LazyRegex(r"(?i)jenkinsfile|drone|woodpecker|buildkite|circleci|bitbucket|azure|travis|bin/")


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
    if which == "jenkins":
        return _jenkins(text)
    if which in _OTHER_CI:
        return _other_ci(which, text)
    if which == "tool-bin":
        return _tool_program(text)
    if which == "bazelrc":
        return _bazelrc(text)
    if which in _HOOK_READERS:
        return _HOOK_READERS[which](text)
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


def _dicts(roots: list, skip=frozenset()):
    """The objects of parsed JSON/YAML documents, each before what it holds (at most 4096 values visited); what
    stands under a key in `skip` is not entered."""
    stack, seen = list(reversed(roots)), 0
    while stack and seen < 4096:
        node = stack.pop()
        seen += 1
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            yield node
            stack.extend(v for k, v in node.items() if k not in skip and isinstance(v, (dict, list)))


def _keybindings(data) -> list[tuple[str, str]]:
    """The text each key bound to `sendSequence` types into the terminal (also one of the commands of a
    `runCommands` binding): its carriage returns and newlines end command lines, as the shell reads them."""
    out: list[str] = []
    for node in _dicts([data]):
        if len(out) >= _CAP:
            break
        args = node.get("args")
        if node.get("command") == _SEND and isinstance(args, dict) and isinstance(args.get("text"), str):
            text = args["text"].replace("\r\n", "\n").replace("\r", "\n")
            if text.strip():
                out.append(text)
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
    data = _yaml(text)
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
    if expr == "github.token":
        return "${GITHUB_TOKEN}"  # the job's token, the same as `secrets.GITHUB_TOKEN`
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
    if which == "workflow" and isinstance(data, list):
        data = {"steps": data}  # a fragment appended to a job's steps
    if not isinstance(data, dict):
        return []
    out: list[tuple[str, str]] = []
    if which == "workflow":
        when = "the CI runner runs the step at the next push, with the repository's secrets at hand"
        groups = _jobs(data)
        pwn = _pwn_request(data, groups)
        if pwn is not None:
            out.append(pwn)
        injected = _script_injection(data, groups)
        if injected is not None:
            out.append(injected)
        for job in groups:
            steps = job.get("steps")
            for step in steps if isinstance(steps, list) else []:
                run = step.get("run") if isinstance(step, dict) else None
                if isinstance(run, str) and run.strip():
                    envs = (data.get("env"), job.get("env"), step.get("env"))
                    out.append((_env_prelude(*envs) + _secret_prelude(run, *envs) + workflow_script(run), when))
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


def _jobs(data: dict) -> list[dict]:
    """A workflow's jobs (a composite action's `runs` counts as one); for a fragment appended to a workflow, the
    jobs it adds under `jobs:` (`name: {runs-on, steps}`), or itself when it is one job's body (`steps:`)."""
    jobs = data.get("jobs")
    if isinstance(jobs, dict):
        groups = [j for j in jobs.values() if isinstance(j, dict)]
    elif isinstance(data.get("steps"), list):
        groups = [data]
    else:
        groups = [v for v in data.values() if isinstance(v, dict) and isinstance(v.get("steps"), list)]
    runs = data.get("runs")  # a composite action's steps
    return groups + ([runs] if isinstance(runs, dict) else [])


# -- secrets the rules cannot place by name ------------------------------------------------------------------
# the programs a script sends requests with: a secret prelude is added only to a script that names one
_SENDS = LazyRegex(r"\b(?:curl|wget|http|https|xh|xhs|curlie)\b")
_ONE_SECRET_EXPR = LazyRegex(r"^\$\{\{\s*secrets\.([A-Za-z_]\w*)\s*\}\}$|"
                             r"^\$\{\{\s*secrets\[\s*'([A-Za-z_]\w*)'\s*\]\s*\}\}$")
SECRET_PREFIX = "CI_SECRET_"


def secret_var(name: str) -> str:
    """The variable a CI secret (or Jenkins credential) named `name` stands for in a script (see bash/ci.py)."""
    return SECRET_PREFIX + re.sub(r"\W", "_", name).upper()


def _unplaced(name: str) -> bool:
    """Is the secret `name` one the rules cannot hold to a service by its name (no service word they know)?"""
    from .secret_owner import owner

    return name != "GITHUB_TOKEN" and owner(name) is None


def _secret_prelude(script: str, *envs) -> str:
    """`NAME="${CI_SECRET_X}"` for each variable of the `env:` maps given one secret, and each secret the script
    names itself, whose name says no service the rules know; only for a script that makes requests."""
    if not _SENDS.search(script):
        return ""
    lines = []
    for env in envs:
        for name, value in env.items() if isinstance(env, dict) else ():
            m = _ONE_SECRET_EXPR.match(value.strip()) if isinstance(value, str) and isinstance(name, str) else None
            secret = (m.group(1) or m.group(2)) if m else None
            if secret and re.fullmatch(r"[A-Za-z_]\w*", name) and _unplaced(secret):
                lines.append(f'{name}="${{{secret_var(secret)}}}"\n')
    for m in _EXPR.finditer(script):
        one = _ONE_SECRET.match(m.group(1))
        secret = (one.group(1) or one.group(2)) if one else None
        if secret and _unplaced(secret):
            lines.append(f'{secret}="${{{secret_var(secret)}}}"\n')
    return "".join(dict.fromkeys(lines))


# -- pull request code run with the base repository's secrets ("pwn requests") --------------------------------
# the triggers that run for other people's pull requests (or after them) with the base repository's secrets
_UNTRUSTED_TRIGGERS = ("pull_request_target", "workflow_run", "issue_comment")
# an expression naming the pull request's own code: its head commit, branch or repository, its number (for
# `refs/pull/N/merge`, `gh pr checkout N`), the head of the run that triggered a `workflow_run`
_HEAD_EXPR = LazyRegex(r"\$\{\{[^}]*?\b(?:github\.event\.pull_request\.(?:head\b|number\b|merge_commit_sha\b)|"
                       r"github\.head_ref\b|github\.event\.workflow_run\.(?:head_|pull_requests)|"
                       r"github\.event\.(?:issue\.)?number\b)")
_FETCH_HEAD = LazyRegex(r"\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|switch|pull|clone|worktree)\b[^\n]*"
                        r"(?:\$\{\{|refs/pull/|\bpull/)")
_CHECKOUT_ACTION = LazyRegex(r"^actions/checkout@|^actions/checkout$")
# a script line's start that runs the code in the working tree: a file of it, a build or install that runs the
# project's own scripts, manifests and build files
_RUNS_CODE = LazyRegex(
    r"(?m)(?:^|&&|\|\||;|\|)\s*(?:(?:sudo|env|time|[A-Za-z_]\w*=\S*)\s+)*"
    r"(?:(?:\.{1,2}/)?[\w.-]+/[\w./-]*|\./[\w.-]+|"
    r"(?:bash|sh|zsh|python3?|node|ruby|perl|pwsh|deno|bun)\s+(?!-)[\w.-]*[/.][\w./-]*|"
    r"(?:npm|pnpm|yarn|npx|bun|make|gmake|cmake|cargo|go|mvn|gradle|ant|tox|nox|pytest|poetry|pipenv|pdm|hatch|"
    r"uv|bundle|rake|composer|dotnet|just|task|mix|sbt|lerna|nx|turbo|pre-commit|pip3?|python3?\s+-m\s+pip|"
    r"python3?\s+setup\.py|docker\s+(?:build|compose)|docker-compose)\b)")
_WRITES = frozenset({"write", "write-all"})


def _triggers(data: dict) -> set[str]:
    on = data.get("on", data.get(True))  # (YAML 1.1 reads a bare `on:` key as true)
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return {x for x in on if isinstance(x, str)}
    return {k for k in on if isinstance(k, str)} if isinstance(on, dict) else set()


def _head_checkout(step) -> str | None:
    """The expression (or command) by which a step checks out the pull request's own code, else None."""
    if not isinstance(step, dict):
        return None
    uses, run = step.get("uses"), step.get("run")
    if isinstance(uses, str) and _CHECKOUT_ACTION.match(uses.strip()):
        given = step.get("with")
        for key in ("ref", "repository"):
            value = given.get(key) if isinstance(given, dict) else None
            if isinstance(value, str) and (_HEAD_EXPR.search(value) or "refs/pull/" in value):
                return f"{key}: {value.strip()}"
    if isinstance(run, str):
        for line in run.splitlines():
            if _FETCH_HEAD.search(line) and (_HEAD_EXPR.search(line) or "gh " in line or "pull/" in line):
                return line.strip()
    return None


def _runs_checkout(step) -> str | None:
    """What a step runs of the working tree's code: a local action (`uses: ./…`) or a script line that runs a
    file, a build or an install; None when it runs none."""
    if not isinstance(step, dict):
        return None
    uses, run = step.get("uses"), step.get("run")
    if isinstance(uses, str) and uses.strip().startswith("./"):
        return f"uses: {uses.strip()}"
    if isinstance(run, str) and _RUNS_CODE.search(run):
        return next((ln.strip() for ln in run.splitlines() if _RUNS_CODE.search(ln)), run.strip())
    return None


def _permissions(value) -> str | None:
    """"write" when the permissions given let the token write, "read" when they are all read or none, None when
    none are given (the repository's default, which may be write)."""
    if value is None:
        return None
    if isinstance(value, str):
        return "write" if value.strip() in _WRITES else "read"
    if isinstance(value, dict):
        return "write" if any(isinstance(v, str) and v.strip() in _WRITES for v in value.values()) else "read"
    return "read"


_SECRET_REFS = LazyRegex(r"\bsecrets\.([A-Za-z_]\w*)|\bsecrets\[\s*\\?['\"]([A-Za-z_]\w*)")


def _secrets_named(*parts) -> list[str]:
    """The secrets the parts of a workflow name (`secrets.X`, `secrets['X']`, every secret at once)."""
    names: list[str] = []
    for part in parts:
        if part is None:
            continue
        text = json.dumps(part, default=str)
        for m in _EXPR.finditer(text):
            expr = m.group(1)
            names += [a or b for a, b in _SECRET_REFS.findall(expr)]
            if _ALL_SECRETS.match(expr):
                names.append("(every secret)")
    return list(dict.fromkeys(names))


PWN_COMMAND = "untrusted-pull-request-code"


def _pwn_request(data: dict, jobs: list[dict]) -> tuple[str, str] | None:
    """The command standing for a pwn request (see the module's docstring), or None."""
    trigger = next((t for t in _UNTRUSTED_TRIGGERS if t in _triggers(data)), None)
    if trigger is None:
        return None
    for job in jobs:
        steps = job.get("steps")
        if not isinstance(steps, list):
            continue
        ref = None
        for step in steps:
            if ref is None:
                ref = _head_checkout(step)
                if ref is None:
                    continue
            ran = _runs_checkout(step)
            if ran is None:
                continue
            perms = _permissions(job.get("permissions", data.get("permissions")))
            # (the job's own token is what `permissions:` says it is)
            secrets = [x for x in _secrets_named(data.get("env"), job) if x != "GITHUB_TOKEN"]
            if perms == "read" and not secrets:
                break  # a read-only token and no secrets: nothing of the repository's is handed over
            held = []
            if secrets:
                held.append("the secrets " + ", ".join(secrets[:6]))
            held.append("a token that can write to the repository" if perms == "write" else
                        "the repository's default token (it can write unless the repository's settings say "
                        "otherwise; `permissions:` sets none here), which the checkout leaves in .git/config"
                        if perms is None else "a read-only token")
            command = " ".join(shlex.quote(x[:200]) for x in (PWN_COMMAND, trigger, ref, ran, " and ".join(held)))
            return command, (f"the CI runner runs it whenever anyone opens or updates a pull request (`{trigger}` runs "
                             "with the base repository's secrets)")
    return None


# -- script injection: text anyone can write, pasted into a step's script ---------------------------------------
INJECTION_COMMAND = "untrusted-event-text"
# the events whose text strangers write (an issue, a comment, a fork's pull request or branch), in a workflow run
# with the base repository's token and secrets; a plain `pull_request` from a fork runs with neither
_TEXT_TRIGGERS = ("issues", "issue_comment", "pull_request_target", "discussion", "discussion_comment",
                  "pull_request_review", "pull_request_review_comment", "workflow_run", "gollum")
# the fields of those events their authors choose (GitHub Security Lab's list of untrusted inputs)
_UNTRUSTED_FIELD = LazyRegex(
    r"\bgithub\.head_ref\b|\bgithub\.event\.(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.(?:ref|label|"
    r"repo\.default_branch))|comment\.body|review(?:_comment)?\.body|discussion\.(?:title|body)|"
    r"pages\b[^}]*?\.page_name|(?:workflow_run\.)?head_commit\.(?:message|author\.(?:email|name))|"
    r"commits\b[^}]*?\.(?:message|author\.(?:email|name))|workflow_run\.head_branch)\b")
_GITHUB_SCRIPT = LazyRegex(r"^actions/github-script(?:@|$)")


def _script_injection(data: dict, jobs: list[dict]) -> tuple[str, str] | None:
    """A step of a workflow run for strangers' events whose script (`run:`, or actions/github-script's `script:`)
    pastes in a field they write (`${{ github.event.issue.title }}`): the runner pastes the text before the shell
    (or JavaScript) reads it, so a title like `"; curl … | sh #` runs. Read as the command `untrusted-event-text
    TRIGGER EXPRESSION LINE`, which bash/ci.py blocks (`download-exec`: text from the network run as code); the same field passed through `env:` and read as "$TITLE"
    is only data."""
    trigger = next((t for t in _TEXT_TRIGGERS if t in _triggers(data)), None)
    if trigger is None:
        return None
    for job in jobs:
        steps = job.get("steps")
        for step in steps if isinstance(steps, list) else ():
            if not isinstance(step, dict):
                continue
            script, uses = step.get("run"), step.get("uses")
            if not isinstance(script, str) and isinstance(uses, str) and _GITHUB_SCRIPT.match(uses.strip()):
                given = step.get("with")
                script = given.get("script") if isinstance(given, dict) else None
            if not isinstance(script, str) or "${{" not in script:
                continue
            for m in _EXPR.finditer(script):
                if _UNTRUSTED_FIELD.search(m.group(1)):
                    start, end = script.rfind("\n", 0, m.start()) + 1, script.find("\n", m.end())
                    line = script[start:end if end >= 0 else len(script)].strip()
                    command = " ".join(shlex.quote(x[:200]) for x in (INJECTION_COMMAND, trigger, m.group(0), line))
                    return command, (f"the CI runner runs it whenever anyone triggers `{trigger}` (with the base "
                                     "repository's token and secrets)")
    return None


# -- Jenkins ---------------------------------------------------------------------------------------------------
# `sh 'cmd'`, `sh "cmd"`, `sh '''…'''`, `sh(script: '…', returnStdout: true)`, `sh label: 'x', script: '…'`
_JENKINS_SH = LazyRegex(r"\b(?:sh|bash)\b\s*(?:\(\s*)?(?:(?:[A-Za-z]+\s*:\s*(?:'[^'\n]*'|\"[^\"\n]*\"|[\w.]+)\s*,\s*)*"
                        r"script\s*:\s*)?('''|\"\"\"|'|\")")
_JENKINS_BINDING = LazyRegex(r"\b(?:string|usernamePassword|usernameColonPassword|file|sshUserPrivateKey|certificate|"
                             r"[A-Za-z]+Credentials?|[A-Za-z]+Binding)\s*\(([^()]*)\)")
_JENKINS_ID = LazyRegex(r"\bcredentialsId\s*:\s*(['\"])([^'\"]+)\1")
_JENKINS_VARS = LazyRegex(r"\b(?:variable|passwordVariable|passphraseVariable)\s*:\s*(['\"])([A-Za-z_]\w*)\1")
_JENKINS_ENV = LazyRegex(r"\b([A-Za-z_]\w*)\s*=\s*credentials\s*\(\s*(['\"])([^'\"]+)\2\s*\)")
_GSTRING_ENV = LazyRegex(r"\$\{\s*env\.([A-Za-z_]\w*)\s*\}")


def _groovy_string(text: str, start: int, quote: str) -> str | None:
    """The value of the Groovy string literal whose opening `quote` ends at `start`; None when it never closes."""
    out, i = [], start
    while i < len(text):
        if text.startswith(quote, i):
            value = "".join(out)
            return _GSTRING_ENV.sub(r"${\1}", value) if quote[0] == '"' else value
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            # (a backslash before a line's end continues the line)
            out.append(nxt if nxt in "'\"\\$" else "\n" if nxt == "n" else "\t" if nxt == "t" else
                       "" if nxt == "\n" else ch + nxt)
            i += 2
            continue
        if len(quote) == 1 and ch == "\n":
            return None
        out.append(ch)
        i += 1
    return None


def _jenkins(text: str) -> list[tuple[str, str]]:
    """A Jenkinsfile's `sh` steps, each preceded by the credentials it names assigned their secret variables."""
    creds: dict[str, str] = {}  # variable -> credential id
    for m in _JENKINS_BINDING.finditer(text):
        ident = _JENKINS_ID.search(m.group(1))
        if ident:
            for v in _JENKINS_VARS.finditer(m.group(1)):
                creds[v.group(2)] = ident.group(2)
    for m in _JENKINS_ENV.finditer(text):  # `T = credentials('id')`: also T_PSW, the password of a pair
        creds[m.group(1)] = creds[m.group(1) + "_PSW"] = m.group(3)
    when = "Jenkins runs the `sh` step when the pipeline runs (a multibranch job: at the next push)"
    out: list[tuple[str, str]] = []
    for m in _JENKINS_SH.finditer(text):
        script = _groovy_string(text, m.end(), m.group(1))
        if script is None or not script.strip():
            continue
        used = [v for v in creds if re.search(r"\$\{?" + v + r"\b", script)]
        prelude = "".join(f'{v}="${{{secret_var(creds[v])}}}"\n' for v in used) if _SENDS.search(script) else ""
        out.append((prelude + script, when + (", with the credentials `withCredentials` binds" if used else "")))
        if len(out) >= _CAP:
            break
    return out


# -- other CI systems' YAML: the keys whose values are command lines ---------------------------------------------
_TRAVIS_KEYS = ("before_install", "install", "before_script", "script", "after_success", "after_failure",
                "after_script", "before_deploy", "after_deploy", "before_cache")
_COMMAND_KEYS = {"drone": ("commands",), "buildkite": ("command", "commands"), "circleci": ("run",),
                 "bitbucket": ("script", "after-script"), "azure": ("script", "bash"), "travis": _TRAVIS_KEYS}
_OTHER_WHEN = {
    "drone": "the Drone (or Woodpecker) runner runs the step's commands at the next push",
    "buildkite": "the Buildkite agent runs the step's command at the next build",
    "circleci": "CircleCI runs the step at the next push, with the project's environment variables and contexts",
    "bitbucket": "Bitbucket Pipelines runs the step's script at the next push, with the repository's variables",
    "azure": "Azure Pipelines runs the step at the next push, with the pipeline's variables",
    "travis": "Travis CI runs the script at the next push, with the repository's variables"}


def _other_ci(which: str, text: str) -> list[tuple[str, str]]:
    import yaml

    try:
        docs = list(yaml.safe_load_all(text))  # Drone keeps one pipeline per document
    except (yaml.YAMLError, RecursionError, ValueError):
        return []
    keys = _COMMAND_KEYS[which]
    when = _OTHER_WHEN[which]
    if which == "drone":
        return _drone(docs, when)
    out: list[str] = []
    for node in _dicts(docs, keys):
        if len(out) >= _CAP:
            break
        for key, value in node.items():
            if key in keys:
                if isinstance(value, dict) and which == "circleci":
                    value = value.get("command")  # `run: {name: …, command: …}`
                out += _lines(value)
    return [(c, when) for c in out[:_CAP]]


# the host folders a CI step mounts to reach the machine itself (its root, configuration, accounts, programs, devices,
# the docker daemon); a cache or workspace folder mounted is the step's own business, and keeps its container path
_HOST_PLACE = LazyRegex(r"^/(?:$|(?:etc|root|home|Users|boot|usr|bin|sbin|lib\w*|opt|proc|sys|dev|run|var/run|"
                        r"var/spool|var/lib/docker|var/log)(?:/|$))")


def _drone(docs: list, when: str) -> list[tuple[str, str]]:
    """Drone's and Woodpecker's pipelines: each step's `commands`, with the host folders the step mounts written
    as the host paths they are (`volumes:` naming a pipeline volume of `host: {path: /}`, or Woodpecker's
    `/:/host`), so that `echo KEY >> /host/root/.ssh/authorized_keys` reads as the host file it writes (only for
    the machine's own folders, _HOST_PLACE)."""
    out: list[tuple[str, str]] = []
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        hosts = {}
        for vol in doc.get("volumes") or ():
            host = vol.get("host") if isinstance(vol, dict) else None
            if isinstance(host, dict) and isinstance(host.get("path"), str) and isinstance(vol.get("name"), str):
                hosts[vol["name"]] = host["path"]
        steps = doc.get("steps") or doc.get("pipeline")
        steps = list(steps.values()) if isinstance(steps, dict) else steps if isinstance(steps, list) else []
        for step in steps + [x for x in doc.get("services") or () if isinstance(x, dict)]:
            if not isinstance(step, dict):
                continue
            mounts = []  # (path in the container, host path)
            for vol in step.get("volumes") or ():
                if isinstance(vol, dict) and vol.get("name") in hosts and isinstance(vol.get("path"), str):
                    mounts.append((vol["path"], hosts[vol["name"]]))
                elif isinstance(vol, str) and vol.count(":") in (1, 2) and vol.startswith("/"):
                    host, inside = vol.split(":")[:2]
                    mounts.append((inside, host))
            mounted = [(c, h) for c, h in mounts if c.startswith("/") and c.rstrip("/") and _HOST_PLACE.match(h)]
            for line in _lines(step.get("commands")):
                for inside, host in mounted:
                    at = r"(?<![\w./:-])" + re.escape(inside.rstrip("/"))
                    # `/host/root` -> `/root` (for `/` mounted at `/host`), a lone `/host` -> `/`
                    line = re.sub(at + r"(?=/)", host.rstrip("/").replace("\\", "\\\\"), line)
                    line = re.sub(at + r"(?=[\s'\";|&)]|$)", host.replace("\\", "\\\\"), line)
                out.append((line, when + (" (with the host's " + ", ".join(h for _, h in mounted) + " mounted)"
                                          if mounted else "")))
                if len(out) >= _CAP:
                    return out
    return out


# -- a program written into a project's tool folder -------------------------------------------------------------
_INTERPRETER_LINE = LazyRegex(r"#!\s*\S*?(?:env\s+(?:-\S+\s+)*)?(?:\S*/)?(python|node|bash|sh|zsh|dash|deno|bun)")


def _tool_program(text: str) -> list[tuple[str, str]]:
    """A program written into `node_modules/.bin/` or a virtualenv's `bin/`, as the command that runs it."""
    when = ("the project's scripts and later CI steps (`npm test`, `npx`, the virtualenv's commands, a cached "
            "`node_modules` restored) run it in place of the tool of that name")
    if not text.strip():
        return []
    m = _INTERPRETER_LINE.match(text)
    who = m.group(1) if m else "sh"
    body = text.split("\n", 1)[1] if text.startswith("#!") and "\n" in text else "" if text.startswith("#!") else text
    if not body.strip():
        return []
    if who == "python":
        return [(f"python3 -c {shlex.quote(body)}", when)]
    if who in ("node", "deno", "bun"):
        return [(f"node -e {shlex.quote(body)}", when)]
    return [(text, when)]


# -- bazel's rc files: options whose value is a command bazel runs -----------------------------------------------------
_BAZEL_RUNS = {"workspace_status_command": "bazel runs it at every build (`bazel build`, `bazel test` …)",
               "run_under": "bazel runs each `bazel run` and `bazel test` target under it"}


def _bazelrc(text: str) -> list[tuple[str, str]]:
    """`build --workspace_status_command="sh -c '…'"`, `test --run_under='…'`: each line is a command name (and
    `:config`) followed by options, tokenised as the shell does."""
    out = []
    for line in text.splitlines()[:512]:
        line = line.strip()
        if not line or line[0] == "#" or "_command" not in line and "run_under" not in line:
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        for i, w in enumerate(words[1:], 1):
            name, eq, value = w.lstrip("-").partition("=")
            if name not in _BAZEL_RUNS or not w.startswith("--"):
                continue
            if not eq:
                value = words[i + 1] if i + 1 < len(words) else ""
            if value.strip():
                out.append((value, f"`--{name}` in a bazelrc: {_BAZEL_RUNS[name]}"))
    return out[:_CAP]


# -- the build and pipeline tools' own hooks (session 19) -----------------------------------------------------------
def _goreleaser(text: str) -> list[tuple[str, str]]:
    """`before: hooks: [...]`, `after: hooks: [...]` and each build's `hooks: {pre: …, post: …}`: a hook is a command
    line, or `{cmd: …}`; goreleaser runs them on this machine at `goreleaser release` / `build`, its tokens at hand."""
    data = _yaml(text)
    if not isinstance(data, dict):
        return []
    when = "goreleaser runs it on this machine at every `goreleaser release` (and `build`), with its tokens at hand"
    hooks: list = []
    for key in ("before", "after"):
        part = data.get(key)
        if isinstance(part, dict):
            hooks += _listed(part.get("hooks"))
    builds = data.get("builds")
    for build in builds if isinstance(builds, list) else []:
        if isinstance(build, dict) and isinstance(build.get("hooks"), dict):
            for key in ("pre", "post"):
                hooks += _listed(build["hooks"].get(key))
    out = []
    for h in hooks:
        cmd = h.get("cmd") if isinstance(h, dict) else h
        if isinstance(cmd, str) and cmd.strip():
            out.append((cmd, when))
    return out[:_CAP]


def _listed(value) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


_NF_HOOK = LazyRegex(r"""\b(beforeScript|afterScript)\s*=\s*(?:'''(.*?)'''|\"\"\"(.*?)\"\"\"|'((?:[^'\\\n]|\\.)*)'|"""
                     r'''"((?:[^"\\\n]|\\.)*)")''', re.S)
_ESCAPED = LazyRegex(r"\\(.)")


def _nextflow(text: str) -> list[tuple[str, str]]:
    """`process { beforeScript = 'curl … | bash' }` (also `process.beforeScript = …`, `afterScript`): Nextflow runs it
    in the task's shell before (after) every task of every pipeline the config applies to."""
    out = []
    for m in _NF_HOOK.finditer(text):
        raw = next((g for g in m.group(2, 3, 4, 5) if g is not None), "")
        if m.group(4) is not None or m.group(5) is not None:
            raw = _ESCAPED.sub(r"\1", raw)
        if raw.strip():
            out.append((raw, f"Nextflow runs `{m.group(1)}` around every task of every pipeline run with this config"))
        if len(out) >= _CAP:
            break
    return out


_PY_STRING = r"""[rRfFbBuU]{0,2}(?:\"\"\"(.*?)\"\"\"|'''(.*?)'''|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')"""
_SMK_SHELL_CALL = LazyRegex(r"\bshell\s*\(\s*" + _PY_STRING, re.S)
_SMK_SHELL_KEY = LazyRegex(r"^[ \t]+shell\s*:\s*(?:\\?\n[ \t]*)?" + _PY_STRING, re.S | re.M)
_SMK_PLACEHOLDER = LazyRegex(r"(?<!\{)\{([A-Za-z_][\w.]*)(?:\[[^\]{}]*\])?(?::[^{}]*)?\}(?!\})")


def _snakemake(text: str) -> list[tuple[str, str]]:
    """`shell("…")` (in `onstart:`, `onsuccess:`, `onerror:` handlers and `run:` blocks) and a rule's `shell:` string:
    snakemake runs each in bash on this machine (a rule's, each time the rule runs; a handler's, at every run). Its
    `{input}`-style placeholders are read as variables the shell does not know."""
    out = []
    for rx, when in ((_SMK_SHELL_CALL, "snakemake runs it in bash at every run that reaches it (an `onstart:` "
                                       "handler's at the start of every run, `-n` dry runs included)"),
                     (_SMK_SHELL_KEY, "snakemake runs the rule's `shell:` command each time the rule runs")):
        for m in rx.finditer(text):
            raw = next((g for g in m.groups() if g is not None), "")
            raw = _SMK_PLACEHOLDER.sub(lambda w: "${SMK_" + re.sub(r"\W", "_", w.group(1)).upper() + "}", raw)
            raw = raw.replace("{{", "{").replace("}}", "}")
            if raw.strip():
                out.append((raw, when))
            if len(out) >= _CAP:
                return out
    return out


_LMOD_EXECUTE = LazyRegex(r"""\bexecute\s*\(?\s*\{\s*cmd\s*=\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|"""
                          r"""\[(=*)\[(.*?)\]\3\])""", re.S)
_TCL_RUNS = LazyRegex(r"""^[ \t]*(?:system|exec|puts[ \t]+stdout)[ \t]+(?:"((?:[^"\\\n]|\\.)*)"|\{([^{}\n]*)\}|(.+?))"""
                      r"""[ \t]*$""", re.M)


def _modulefile(text: str) -> list[tuple[str, str]]:
    """An environment-modules file: Lmod's `execute{cmd="…", modeA={"load"}}` and Tcl's `system …`, `exec …` and
    `puts stdout "…"` (text the user's shell evaluates): run in the shell of every user who loads the module."""
    when = "every user who loads the module (`module load`) runs it in their own shell"
    out = []
    for m in _LMOD_EXECUTE.finditer(text):
        raw = m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(4)
        raw = _ESCAPED.sub(r"\1", raw or "")
        if raw.strip():
            out.append((raw, when))
    if not out and "execute" not in text:  # Tcl
        for m in _TCL_RUNS.finditer(text):
            raw = next((g for g in m.groups() if g is not None), "")
            if raw.strip():
                out.append((_ESCAPED.sub(r"\1", raw), when))
            if len(out) >= _CAP:
                break
    return out[:_CAP]


_DEF_SECTION = LazyRegex(r"^%(\w+)[^\n]*\n", re.M)
# section -> when it runs (the sections that are not commands, `%files`, `%labels`, `%help`, are not read)
APPTAINER_RUNS = {"setup": "`apptainer build` runs `%setup` on the host, before the image exists",
                  "post": "`apptainer build` runs `%post` in the image as it is built",
                  "test": "`apptainer build` (and `apptainer test`) runs `%test` in the image",
                  "environment": "every run of the image sources `%environment`, as you, with your home folder mounted",
                  "runscript": "`apptainer run` runs `%runscript`, as you, with your home folder mounted",
                  "startscript": "`apptainer instance start` runs `%startscript`, as you, with your home folder "
                                 "mounted"}


def section_names(text: str) -> list[str]:
    """The names of the command sections `_apptainer` reads, in the order it gives their scripts."""
    heads = list(_DEF_SECTION.finditer(text))
    out = []
    for i, m in enumerate(heads):
        body = text[m.end():heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        if m.group(1).lower() in APPTAINER_RUNS and body.strip():
            out.append(m.group(1).lower())
    return out[:_CAP]


def _apptainer(text: str) -> list[tuple[str, str]]:
    """The command sections of an Apptainer/Singularity definition file, each as one script."""
    if "%" not in text:
        return []
    heads = list(_DEF_SECTION.finditer(text))
    out = []
    for i, m in enumerate(heads):
        name = m.group(1).lower()
        body = text[m.end():heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        if name in APPTAINER_RUNS and body.strip():
            out.append((body, APPTAINER_RUNS[name]))
    return out[:_CAP]


# -- the embedded and security tools' run files (session 20) ----------------------------------------------------------
# BitBake's variables for the image's folders, as the paths they stand for under the recipe's install folder `${D}`
# (`${D}${sysconfdir}/profile.d/x.sh` is the image's /etc/profile.d/x.sh): what a task writes there is read as the
# file it is in the image (a boot or login script is judged as the code it holds). The build's own folders are
# relative folders of the build.
_BB_DIRS = {"sysconfdir": "/etc", "bindir": "/usr/bin", "sbindir": "/usr/sbin", "libdir": "/usr/lib",
            "libexecdir": "/usr/libexec", "datadir": "/usr/share", "includedir": "/usr/include", "prefix": "/usr",
            "exec_prefix": "/usr", "base_bindir": "/bin", "base_sbindir": "/sbin", "base_libdir": "/lib",
            "nonarch_base_libdir": "/lib", "nonarch_libdir": "/usr/lib", "localstatedir": "/var",
            "servicedir": "/srv", "docdir": "/usr/share/doc", "mandir": "/usr/share/man", "systemd_unitdir": "/lib/systemd",
            "systemd_system_unitdir": "/lib/systemd/system", "systemd_user_unitdir": "/usr/lib/systemd/user",
            "ROOT_HOME": "/root", "D": "image", "PKGD": "package", "IMAGE_ROOTFS": "image", "WORKDIR": "work",
            "S": "work/src", "B": "work/build", "UNPACKDIR": "work/sources", "T": "work/temp"}
_BB_VAR = LazyRegex(r"\$\{(\w+)\}")
_BB_INLINE = LazyRegex(r"\$\{@([^{}\n]*)\}")
# `do_install:append() {`, `python do_x () {`, `fakeroot do_y() {`, `pkg_postinst_ontarget:${PN}() {`, `python () {`
_BB_FUNCTION = LazyRegex(r"^((?:(?:python|fakeroot)[ \t]+)*)([\w${}.:+-]*)[ \t]*\([ \t]*\)[ \t]*\{[ \t]*$", re.M)
_BB_DEF = LazyRegex(r"^def[ \t]+\w+[ \t]*\([^)]*\)[ \t]*:[ \t]*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)+)", re.M)


def _bb_paths(body: str) -> str:
    return _BB_VAR.sub(lambda m: _BB_DIRS.get(m.group(1), m.group(0)), body)


def _bitbake(text: str) -> list[tuple[str, str]]:
    """A BitBake recipe, append or class (`.bb`, `.bbappend`, `.bbclass`): its shell functions (`do_install:append()
    { … }`) run on this machine as `bitbake` builds the recipe, and what they install under `${D}` ships in every image
    built from it; its Python functions (`python do_x() { … }`, `def f(d):`, `python __anonymous() { … }`) and inline
    `${@…}` expressions run in bitbake itself, the anonymous ones and the expressions as it parses the recipe."""
    import textwrap

    when = ("`bitbake` runs it on this machine as it builds the recipe, and what it installs under `${D}` ships in "
            "every image built from the layer")
    out = []
    for m in _BB_FUNCTION.finditer(text):
        end = text.find("\n}", m.end())
        body = text[m.end():end if end >= 0 else len(text)].strip("\n")
        if not body.strip():
            continue
        if "python" in m.group(1):
            out.append((f"python3 -c {shlex.quote(textwrap.dedent(body))}", when))
        else:
            out.append((_bb_paths(textwrap.dedent(body)), when))
        if len(out) >= _CAP:
            return out
    for m in _BB_DEF.finditer(text):
        out.append((f"python3 -c {shlex.quote(textwrap.dedent(m.group(1)))}", when))
    for m in _BB_INLINE.finditer(text):
        out.append((f"python3 -c {shlex.quote(m.group(1))}", "`bitbake` evaluates it as it parses the recipe"))
    return out[:_CAP]


_PIO_LIST = LazyRegex(r"[\n,]")


def _platformio_options(text: str) -> list[tuple[str, str]]:
    """(option, value) of every setting of a `platformio.ini` (every section; a fragment with no section header is
    read as `[env]`'s)."""
    import configparser

    parser = configparser.RawConfigParser(strict=False, allow_no_value=True, inline_comment_prefixes=(";",))
    try:
        try:
            parser.read_string(text)
        except configparser.MissingSectionHeaderError:
            parser = configparser.RawConfigParser(strict=False, allow_no_value=True, inline_comment_prefixes=(";",))
            parser.read_string("[env]\n" + text)
    except configparser.Error:
        return []
    return [(k, v) for name in parser.sections()[:64] for k, v in parser.items(name) if v]


def platformio_scripts(text: str) -> list[str]:
    """The `extra_scripts` a `platformio.ini` names (`pre:tools/x.py`, `post:…`): SCons runs each as Python in the
    build itself at every `pio run`, from the project's folder."""
    out = []
    for key, value in _platformio_options(text):
        if key == "extra_scripts":
            for item in _PIO_LIST.split(value):
                item = item.strip()
                if item.startswith(("pre:", "post:")):
                    item = item.split(":", 1)[1].strip()
                if item and item not in out:
                    out.append(item)
    return out[:_CAP]


def _platformio(text: str) -> list[tuple[str, str]]:
    """A `platformio.ini`: a value starting with `!` (`build_flags = !python flags.py`) is a command PlatformIO runs
    at every build for its output; `upload_command` runs at every upload; each `extra_scripts` entry runs as Python
    in the build (its text, when this input wrote it, is read where the write is)."""
    out = []
    for key, value in _platformio_options(text):
        for item in value.splitlines():
            item = item.strip()
            if item.startswith("!") and item[1:].strip():
                out.append((item[1:].strip(), f"PlatformIO runs it at every build (`pio run`) to compute `{key}`"))
        if key == "upload_command":
            out.append((value.strip(), "PlatformIO runs it at every upload (`pio run -t upload`)"))
    for script in platformio_scripts(text):
        out.append((f"python3 {shlex.quote(script)}", "PlatformIO runs it in the build at every `pio run`"))
    return out[:_CAP]


_NUCLEI_PY = frozenset({"py", "python", "python3"})
_NUCLEI_PWSH = frozenset({"powershell", "pwsh", "powershell.exe", "pwsh.exe"})


def nuclei_code(text: str) -> list[tuple[str, str]]:
    """A nuclei template's `code:` requests (`engine: [sh]`, `source: |`): `nuclei -code` runs each `source` on this
    machine with the first engine it names, whatever target the scan is pointed at."""
    if "code" not in text or "source" not in text:
        return []
    data = _yaml(text)
    if not isinstance(data, dict):
        return []
    when = "`nuclei -code` runs a code template's `source` on this machine, with the engine it names, at every scan"
    out = []
    for item in _listed(data.get("code"))[:_CAP]:
        if not isinstance(item, dict) or not isinstance(item.get("source"), str) or not item["source"].strip():
            continue
        engines = [str(e).strip().lower() for e in _listed(item.get("engine"))]
        engine = engines[0].rsplit("/", 1)[-1] if engines else "sh"
        source = item["source"]
        if engine in _NUCLEI_PY:
            out.append((f"python3 -c {shlex.quote(source)}", when))
        elif engine in _NUCLEI_PWSH:
            out.append((f"pwsh -NoProfile -Command {shlex.quote(source)}", when))
        elif engine in ("node", "nodejs"):
            out.append((f"node -e {shlex.quote(source)}", when))
        else:  # sh, bash, zsh, and an engine no rule reads as its own language
            out.append((source, when))
    return out


# -- the infrastructure tools' own hooks (session 21) ---------------------------------------------------------------
_TG_HOOK = LazyRegex(r"\b(before_hook|after_hook|error_hook)\s+\"[^\"]*\"\s*\{")
_TG_EXECUTE = LazyRegex(r"\bexecute\s*=\s*\[")


def _hcl_block_end(text: str, start: int) -> int:
    """The end of the `{…}` block whose body begins at `start` (braces in strings are rare enough in hooks)."""
    depth, end = 1, start
    while end < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        end += 1
    return end


def _terragrunt(text: str) -> list[tuple[str, str]]:
    """`before_hook "x" { commands = ["plan"] execute = ["bash", "-c", "…"] }` (also `after_hook`, `error_hook`):
    terragrunt runs the hook's `execute` on this machine around the terraform commands it lists, with the cloud
    credentials of the run at hand."""
    import shlex

    from .bash.written import _hcl_list

    out = []
    for m in _TG_HOOK.finditer(text):
        end = _hcl_block_end(text, m.end())
        ex = _TG_EXECUTE.search(text, m.end(), end)
        argv = _hcl_list(text, ex.end()) if ex is not None else []
        if argv:
            out.append((shlex.join(argv), f"terragrunt runs this `{m.group(1)}` on this machine around its terraform "
                                          "commands, with their cloud credentials at hand"))
    return out[:_CAP]


_ATLANTIS_STAGES = ("plan", "apply", "import", "state_rm", "policy_check")


def _atlantis(text: str) -> list[tuple[str, str]]:
    """A repository's `atlantis.yaml`: each workflow's `run` steps (a command line, or `{command: …}`), `multienv` and
    `env: {command: …}` steps run on the Atlantis server at every plan or apply of a pull request, with the
    server's cloud credentials in their environment."""
    data = _yaml(text)
    flows = data.get("workflows") if isinstance(data, dict) else None
    out = []
    for flow in flows.values() if isinstance(flows, dict) else []:
        for stage in _ATLANTIS_STAGES:
            part = flow.get(stage) if isinstance(flow, dict) else None
            steps = part.get("steps") if isinstance(part, dict) else None
            for step in steps if isinstance(steps, list) else []:
                if not isinstance(step, dict):
                    continue
                for key in ("run", "multienv", "env"):
                    value = step.get(key)
                    cmd = value.get("command") if isinstance(value, dict) else value if key != "env" else None
                    if isinstance(cmd, str) and cmd.strip():
                        out.append((cmd, f"Atlantis runs this `{stage}` step on its server at every {stage} of a pull "
                                         "request, with the server's cloud credentials in its environment"))
    return out[:_CAP]


_PK_PROVISIONER = LazyRegex(r"\bprovisioner\s+\"(shell-local|shell|windows-shell|powershell)\"\s*\{")
_PK_ATTR = LazyRegex(r"\b(inline|command|execute_command)\s*=\s*")
PACKER_LOCAL = "`packer build` runs this `shell-local` provisioner on this machine"
PACKER_IMAGE = "`packer build` runs this provisioner in the machine the image is made from"


def packer_commands(text: str) -> list[tuple[str, str]]:
    """A Packer template's provisioners: `shell-local` (`inline` lines, `command`) runs on this machine at `packer
    build`; `shell` (and Windows' shells) in the machine the image is made from, so what it leaves there is in every
    machine made from the image. `when` is PACKER_LOCAL or PACKER_IMAGE."""
    from .bash.written import _hcl_list, _hcl_value

    out = []
    for m in _PK_PROVISIONER.finditer(text):
        end = _hcl_block_end(text, m.end())
        when = PACKER_LOCAL if m.group(1) == "shell-local" else PACKER_IMAGE
        for attr in _PK_ATTR.finditer(text, m.end(), end):
            if attr.group(1) == "inline" and text[attr.end():attr.end() + 1] == "[":
                lines = _hcl_list(text, attr.end() + 1)
                if lines:
                    out.append(("\n".join(lines), when))
            elif attr.group(1) == "command":
                value = _hcl_value(text, attr.end())
                if value:
                    out.append((value, when))
    return out[:_CAP]


def _packer(text: str) -> list[tuple[str, str]]:
    return packer_commands(text)


# ansible-playbook loads a plugin of these folders as Python on this machine, inside the run that has every host's
# variables (vault secrets decrypted) at hand; ANSIBLE_VARS_SENT, with the address, says one sends them out
ANSIBLE_VARS_SENT = "ansible-plugin-sends-vars"
_ANSIBLE_VARS = LazyRegex(r"\b(?:get_vars|hostvars|_?variable_manager|get_variable_manager|extra_vars|_vars_cache|"
                          r"VaultLib|vault_secrets?|get_host_vars|get_group_vars)\b")
_PY_SENDS = LazyRegex(r"\b(?:urlopen|Request|requests\.(?:post|put|get|request)|httpx\.(?:post|put|get|request)|"
                      r"http\.client|HTTPS?Connection|socket\.|urllib3|smtplib|send)\b")
_ADDRESS_LITERAL = LazyRegex(r"""["']((?:https?|ftp)://[^"'\s]+)["']""")


def _ansible_plugin(text: str) -> list[tuple[str, str]]:
    """The plugin's code as the Python it is, and, when it reads the run's variables and sends to an address written
    in it, the ANSIBLE_VARS_SENT reading of that (`vm.get_vars(host=h)` of every host, then `urlopen(URL, …)`)."""
    import shlex

    when = "ansible-playbook loads it from the plugin folder and runs it on this machine at every run"
    out = [(f"python3 -c {shlex.quote(text)}", when)] if text.strip() else []
    url = _ADDRESS_LITERAL.search(text) if _ANSIBLE_VARS.search(text) and _PY_SENDS.search(text) else None
    if url is not None:
        out.insert(0, (f"{ANSIBLE_VARS_SENT} {shlex.quote(url.group(1))}", when))
    return out


_HOOK_READERS = {"goreleaser": _goreleaser, "nextflow": _nextflow, "snakemake": _snakemake,
                 "modulefile": _modulefile, "apptainer": _apptainer, "bitbake": _bitbake, "platformio": _platformio,
                 "nuclei": nuclei_code, "terragrunt": _terragrunt, "atlantis": _atlantis, "packer": _packer,
                 "ansible-plugin": _ansible_plugin}
