"""Commands run inside containers, judged on the host paths they reach.

`docker run -v "$HOME":/h alpine sh -c 'rm -rf /h/*'` deletes the home: the container's /h is the host's ~.
What a container runs is read as a command (its entrypoint and arguments, `sh -c` strings, a here-document
fed to its shell, a Dockerfile's ENTRYPOINT/CMD for an image this input built, a compose service's
`command:`, a devcontainer's lifecycle commands) with each mounted path written as the host path it is, and
judged by the ordinary rules. It is judged twice: with the host paths, and with each mount a scratch
folder. What only the first finds is done to this machine (a home wiped, a git hook planted, the docker
credentials posted); what both find stays the container's business (`rm -rf /var/lib/apt/lists/*`), except
what no container holds in: a reverse shell reaches out from it as from here, a fork bomb or a disk filler
takes the kernel and disk it shares, and code of unknown content (`curl … | sh`) runs on the host's files
when the container has them mounted writable or holds the host's namespaces. Data piped into a container's
stdin (`env | docker run -i curlimages/curl --data-binary @- URL`) is read as piped into what it runs; rm of a
named volume's data is held as `irreversible` like `docker volume rm`. Images sent through a pipe to another
machine (`docker save … | ssh host 'cat > …'`) are exfiltration.
"""
from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field

from ..._lazyre import LazyRegex
from .. import paths
from .commands import SHELLS, Cmd, base_name, option_value, positionals
from .common import mentions, pipeline_stage, ssh_positionals
from .words import ARG_WORDS, Word

TOOLS = frozenset({"docker", "podman", "nerdctl", "docker-compose", "podman-compose"})
_COMPOSE_TOOLS = frozenset({"docker-compose", "podman-compose"})
# options before the subcommand that take a value (the CLI's and compose's: `docker -H x`, `compose -f F -p P`)
_GLOBAL_ARG = frozenset({"-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "--tlscacert",
                         "--tlscert", "--tlskey", "-f", "--file", "-p", "--project-name", "--project-directory",
                         "--env-file", "--profile", "--ansi", "--progress", "--parallel", "--url", "--connection",
                         "--root", "--runroot", "--storage-driver", "--namespace", "-n", "--address", "--cgroup-manager",
                         "--events-backend", "--runtime", "--tmpdir", "--identity", "--module"})
_GROUPS = frozenset({"compose", "container", "image", "buildx", "builder"})  # `docker container run`, `buildx build`
# options of run/create/exec (and compose run/exec) that take a value
RUN_VALUE = frozenset({
    "--add-host", "--annotation", "--attach", "--blkio-weight", "--blkio-weight-device", "--cap-add", "--cap-drop",
    "--cgroup-parent", "--cgroupns", "--cidfile", "--cpu-period", "--cpu-quota", "--cpu-rt-period", "--cpu-rt-runtime",
    "--cpu-shares", "--cpus", "--cpuset-cpus", "--cpuset-mems", "--device", "--device-cgroup-rule", "--device-read-bps",
    "--device-read-iops", "--device-write-bps", "--device-write-iops", "--dns", "--dns-option", "--dns-search",
    "--domainname", "--entrypoint", "--env", "--env-file", "--expose", "--gpus", "--group-add", "--health-cmd",
    "--health-interval", "--health-retries", "--health-start-period", "--health-timeout", "--hostname", "--ip",
    "--ip6", "--ipc", "--isolation", "--kernel-memory", "--label", "--label-file", "--link", "--link-local-ip",
    "--log-driver", "--log-opt", "--mac-address", "--memory", "--memory-reservation", "--memory-swap",
    "--memory-swappiness", "--mount", "--name", "--network", "--net", "--network-alias", "--net-alias",
    "--oom-score-adj", "--pid", "--pids-limit", "--platform", "--publish", "--pull", "--restart", "--runtime",
    "--security-opt", "--shm-size", "--stop-signal", "--stop-timeout", "--storage-opt", "--sysctl", "--tmpfs",
    "--ulimit", "--user", "--userns", "--uts", "--volume", "--volume-driver", "--volumes-from", "--workdir",
    "--detach-keys", "--index", "--pod", "--secret", "--arch", "--os", "--variant", "--authfile", "--creds",
    "--cgroups", "--requires", "--sdnotify", "--timezone", "--umask", "--uidmap", "--gidmap", "--pidfile",
    "--preserve-fds", "--passwd-entry", "--hooks-dir", "--init-path", "--chrootdirs", "--decryption-key",
    "--image-volume", "--personality", "--cert-dir", "--subuidname", "--subgidname", "--conmon-pidfile"})
# short options of those that take a value (`-v SRC:DST`, `-w DIR`, `-e K=V`, `-c 512` the CPU shares)
_SHORT_VALUE = frozenset("acehlmpuvw")
_HOST_MODES = frozenset({"--pid", "--network", "--net", "--ipc", "--uts", "--userns", "--cgroupns"})
_HOST_CAPS = frozenset({"ALL", "SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "CAP_SYS_ADMIN", "CAP_SYS_PTRACE",
                        "CAP_SYS_MODULE", "DAC_READ_SEARCH"})
SOCKETS = frozenset({"/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock",
                     "/var/run/podman/podman.sock", "/run/containerd/containerd.sock"})
# where Docker keeps a named volume's data on the host (what `rm` in the container deletes)
_VOLUME_DATA = "/var/lib/docker/volumes/{}/_data"
_VOLUME_NAME = LazyRegex(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_SCRATCH = "/tmp/ctr{}"  # a mount read as a folder nobody cares about, for the container's own view


@dataclass(slots=True)
class Mount:
    target: str  # where the container sees it
    host: str | None  # the host path as the rules read it (`~`, `.`, `/etc/docker`); None: a volume or unknown
    volume: str | None = None  # a named volume's name
    read_only: bool = False

    def seen_as(self) -> str | None:
        """The path the container's view of this mount is read as: the host's, or the volume's data."""
        if self.volume is not None:
            return _VOLUME_DATA.format(self.volume)
        return self.host


@dataclass(slots=True)
class Run:
    """What a `docker run`/`exec` (or a compose service, a devcontainer) runs and what it is given of the host."""
    tool: str  # how the message names it: `docker run`, `podman exec`, `docker compose run`
    image: Word | None = None
    argv: list[Word] = field(default_factory=list)  # the words after the image (the command, or the entrypoint's args)
    entry: list[Word] | None = None  # `--entrypoint`
    mounts: list[Mount] = field(default_factory=list)
    workdir: str | None = None
    stdin: bool = False  # -i: the pipe or here-document before it reaches what it runs
    kept: bool = False  # detached or restarted: what it runs keeps running
    host_ns: list[str] = field(default_factory=list)  # the host's namespaces or powers it is given
    env: bool = False  # host variables handed in (-e, --env-file)
    unknown: bool = False  # an option or the image computed at run time: the rest is not read


# -- the subcommand ------------------------------------------------------------------------------------
def command_path(cmd: Cmd) -> tuple[list[str], int]:
    """The subcommand words (`["compose", "run"]`, `["container", "run"]`, `["save"]`) and the index in
    cmd.args after the last of them."""
    args = cmd.args
    path = ["compose"] if cmd.name in _COMPOSE_TOOLS else []
    i = 0
    while i < len(args) and len(path) < 3:
        v = args[i].value
        if v is None:
            break
        i += 1
        if v[:1] == "-":
            if v in _GLOBAL_ARG:
                i += 1
            continue
        path.append(v)
        if v not in _GROUPS:
            break
    return path, i


def _verb(path: list[str]) -> str | None:
    rest = [p for p in path if p not in _GROUPS]
    return rest[0] if rest else None


# -- the options of run / create / exec ---------------------------------------------------------------
def read_run(args: list[Word], tool: str, exec_: bool = False) -> Run:
    """The options, image (or container) and command of `docker run …` from the words after the verb."""
    run = Run(tool)
    i = 0
    while i < len(args):
        w = args[i]
        text = w.value if w.value is not None else w.text
        if text[:1] != "-" or text == "-":
            break
        if text == "--":
            i += 1
            break
        i += 1
        if text.startswith("--"):
            name, eq, val = text.partition("=")
            if eq:
                _option(run, name, Word(w.node, val if w.value is not None else None, val))
            elif name in RUN_VALUE and i < len(args):
                _option(run, name, args[i])
                i += 1
            else:
                _option(run, name, None)
            continue
        letters = text[1:]
        for k, ch in enumerate(letters):
            if ch in _SHORT_VALUE:
                tail = letters[k + 1:]
                if tail:
                    _option(run, "-" + ch, Word(w.node, tail if w.value is not None else None, tail))
                elif i < len(args):
                    _option(run, "-" + ch, args[i])
                    i += 1
                break
            _option(run, "-" + ch, None)
    if i < len(args):
        run.image = args[i]
        run.argv = args[i + 1:]
        if args[i].value is None and not exec_:
            run.unknown = True
    return run


def _option(run: Run, name: str, w: Word | None) -> None:
    v = None if w is None else w.value if w.value is not None else w.text
    if name in ("-v", "--volume", "--mount"):
        m = mount_of(w, long=name == "--mount") if w is not None else None
        if m is not None:
            run.mounts.append(m)
    elif name in ("-w", "--workdir"):
        run.workdir = v
    elif name == "--entrypoint" and w is not None:
        run.entry = [w] if v else []
    elif name in ("-i", "--interactive"):
        run.stdin = True
    elif name in ("-d", "--detach") or name == "--restart" and v not in (None, "no"):
        run.kept = True
    elif name == "--privileged":
        run.host_ns.append("--privileged")
    elif name in _HOST_MODES and v == "host":
        run.host_ns.append(f"{name}=host")
    elif name == "--cap-add" and v is not None and v.upper() in _HOST_CAPS:
        run.host_ns.append(f"--cap-add={v}")
    elif name == "--env-file" or name in ("-e", "--env") and v is not None and ("=" not in v or "$" in v):
        run.env = True  # this machine's variables handed in (`-e TOKEN`, `-e K=$TOKEN`, an env file)


def mount_of(w: Word, long: bool = False) -> Mount | None:
    """A `-v SRC:DST[:ro]` or `--mount type=bind,source=SRC,target=DST` as the host path it hands in."""
    known = w.value is not None
    spec = w.value if known else w.text.strip("\"'")
    if long:
        opts = dict(kv.partition("=")[::2] for kv in spec.split(","))
        kind = opts.get("type", "volume")
        src = opts.get("source") or opts.get("src") or ""
        dst = opts.get("target") or opts.get("dst") or opts.get("destination") or ""
        ro = "readonly" in opts or "ro" in opts and opts["ro"] != "false"
        if kind not in ("bind", "volume") or not dst:
            return None
        if kind == "volume":
            return Mount(dst, None, src if _VOLUME_NAME.fullmatch(src) else None, ro) if src else None
        return Mount(dst, host_path(src), None, ro)
    parts = spec.split(":")
    if len(parts) < 2 or not parts[0]:
        return None  # an anonymous volume: the container's own
    src, dst = parts[0], parts[1]
    ro = len(parts) > 2 and "ro" in parts[2].split(",")
    if not dst.startswith("/"):
        return None
    if _VOLUME_NAME.fullmatch(src) and src not in (".", ".."):
        return Mount(dst, None, src, ro)
    return Mount(dst, host_path(src), None, ro)


_HOME_VAR = LazyRegex(r"^(?:\$HOME|\$\{HOME\}|/(?:home|Users)/(?:\$\{?(?:USER|LOGNAME)\}?|\$\(whoami\)|`whoami`))(?=/|$)")
_PWD_VAR = LazyRegex(r"^(?:\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`|\$\(git rev-parse --show-toplevel\))(?=/|$)")


def host_path(src: str) -> str | None:
    """A mount's source as the host path the rules read (`$HOME/.docker` -> `~/.docker`, `$(pwd)` -> `.`);
    None when it is computed at run time."""
    src = _HOME_VAR.sub("~", src)
    src = _PWD_VAR.sub(".", src)
    if "$" in src or "`" in src:
        return None
    if src == ".":
        return "."
    p = paths.normalize(src)
    return p or None


def _scratch(path: str) -> bool:
    return path.startswith(paths.SCRATCH) or path in ("/tmp", "/var/tmp", "/dev/shm")


def _reach(run: Run) -> str | None:
    """What of the host a container is given that lets code in it act on this machine, or None."""
    if run.tool.endswith(" exec"):  # (as `ssh host CMD` is judged: a running service's container holds its data and
        return "the data and secrets of a running service (entered with `exec`)"  # secrets)
    if run.host_ns:
        return f"`{run.host_ns[0]}`"
    for m in run.mounts:
        if m.volume is not None:
            continue
        if m.host is None:
            return f"a host folder (computed at run time) mounted at {m.target}"
        if m.host in SOCKETS:
            return f"the Docker socket mounted at {m.target}"
        if not m.read_only and not _scratch(m.host):
            return f"the host's {m.host} mounted writable at {m.target}"
    return None


# -- what it runs ---------------------------------------------------------------------------------------
# images whose entrypoint is the tool they are named for: their arguments are that tool's
_TOOL_IMAGES = {"curlimages/curl": "curl", "alpine/curl": "curl", "appropriate/curl": "curl",
                "byrnedo/alpine-curl": "curl", "alpine/socat": "socat", "subfuzion/netcat": "nc", "alpine/git": "git",
                "amazon/aws-cli": "aws", "minio/mc": "mc", "rclone/rclone": "rclone", "bitnami/kubectl": "kubectl",
                "mwendler/wget": "wget", "alpine/httpie": "http"}


def repo(image: str) -> str:
    """`ghcr.io/acme/app:1.2@sha256:…` -> `acme/app`, `docker.io/library/alpine` -> `alpine`."""
    image = image.split("@", 1)[0]
    head, _, tail = image.rpartition("/")
    name = (head + "/" if head else "") + tail.split(":", 1)[0]
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        name = rest
    return name.removeprefix("library/")


def _text(a, w: Word) -> str:
    """A word as the command in the container gets it: its value, a literal decoded at run time, or its text."""
    if w.value is not None:
        return w.value
    from .written import decoded

    got = decoded(a, w)
    return got if got is not None else w.text


def _inner(a, run: Run) -> list[str]:
    """The argv the container runs: the entrypoint given, an image this input built (its Dockerfile's
    ENTRYPOINT/CMD), a tool image's tool, else the words after the image."""
    if run.unknown:
        return []
    if any(w.text in ARG_WORDS for w in run.argv):
        return []  # a wrapper's arguments (`"$@"` in a function): its calls say what runs
    argv = [_text(a, w) for w in run.argv]
    if run.entry is not None:
        return ([_text(a, run.entry[0])] if run.entry else []) + argv
    image = run.image.value if run.image is not None else None
    if not image:
        return argv
    built = _built_here(a, image)
    if built is not None:
        entry, default, shell_form = built
        return entry if shell_form else entry + (argv or default)
    tool = _TOOL_IMAGES.get(repo(image))
    if tool:
        return [tool, *argv]
    return argv if not run.argv or run.argv[0].value is not None or argv[0] != run.argv[0].text else []


def script_of(argv: list[str]) -> str:
    """The command line an argv (a pod's `command` + `args`, a plugin's) runs: a shell's `-c` string (`sh -ec '…'`,
    `/bin/bash -c '…' name`) as the script it is, other words quoted."""
    if len(argv) >= 3 and base_name(argv[0]) in SHELLS:
        for k in (1, 2):
            if k + 1 < len(argv) and argv[k][:1] == "-" and argv[k][1:].isalpha() and argv[k].endswith("c"):
                return argv[k + 1]
    return _script(argv)


def _script(words: list[str]) -> str:
    """The command line of an argv: a shell's `-c` string as the script it is, other words quoted."""
    if len(words) == 3 and base_name(words[0]) in SHELLS and words[1][:1] == "-" and words[1].endswith("c"):
        return words[2]
    return " ".join(_quote(x) for x in words)


_PLAIN_WORD = LazyRegex(r"[\w@%+=:,./~-]+")
_DOUBLE_SAFE = LazyRegex(r'[^"$`\\!]*')


def _quote(word: str) -> str:
    """A word as the shell would read it back, in the plainest quoting (glued quotes read as obfuscation)."""
    if _PLAIN_WORD.fullmatch(word):
        return word
    if "'" not in word:
        return f"'{word}'"
    if _DOUBLE_SAFE.fullmatch(word):
        return f'"{word}"'
    return shlex.quote(word)


# -- Dockerfiles: what `docker run IMAGE` runs for an image this input built -------------------------------
_BUILDERS = frozenset({"docker", "podman", "nerdctl", "buildah"})
_DF_LINE = LazyRegex(r"^[ \t]*(FROM|ENTRYPOINT|CMD)[ \t]+(.*)$", re.I)


def _built_here(a, image: str) -> tuple[list[str], list[str], bool] | None:
    """(ENTRYPOINT, CMD, shell-form entrypoint) of `image` when a build of this input tagged it from a Dockerfile
    it wrote; None otherwise."""
    want = _tag_key(image)
    for doc, c in reversed(a.ctx.commands):
        if doc is not a.doc or c.name not in _BUILDERS:
            continue
        path, i = command_path(c)
        if _verb(path) not in ("build", "bud"):
            continue
        rest = c.args[i:]
        if not any(w.value and _tag_key(w.value) == want for w in option_value(rest, "-t", "--tag")):
            continue
        text = _dockerfile_text(a, c, rest)
        return image_command(text) if text is not None else None
    return None


def _tag_key(image: str) -> str:
    return image[:-len(":latest")] if image.endswith(":latest") else image


def _dockerfile_text(a, build: Cmd, rest: list[Word]) -> str | None:
    from .exec import stdin_text
    from .written import dockerfile_path, text_written

    where = dockerfile_path(rest)
    if not where:
        return None
    got = stdin_text(a, build) if where in ("-", "/dev/stdin") else text_written(a, where)
    if got is None and where.endswith("/Dockerfile"):
        got = text_written(a, where[:-len("Dockerfile")] + "Containerfile")
    return got[0] if got is not None else None


def image_command(text: str) -> tuple[list[str], list[str], bool]:
    """(ENTRYPOINT, CMD, whether the entrypoint is in shell form) of a Dockerfile's last stage (a stage built
    `FROM` an earlier one starts with that one's)."""
    stages: dict[str, tuple[list[str], list[str], bool]] = {}
    alias = None
    entry: list[str] = []
    default: list[str] = []
    shell_form = False
    for line in _joined(text):
        m = _DF_LINE.match(line)
        if m is None:
            continue
        word, body = m.group(1).upper(), m.group(2).strip()
        if word == "FROM":
            if alias:
                stages[alias] = (entry, default, shell_form)
            parts = [p for p in body.split() if not p.startswith("--")]
            entry, default, shell_form = stages.get(parts[0].lower() if parts else "", ([], [], False))
            alias = parts[2].lower() if len(parts) >= 3 and parts[1].lower() == "as" else None
            continue
        argv, shell = _instruction_argv(body)
        if word == "ENTRYPOINT":
            entry, shell_form, default = argv, shell, []  # a new entrypoint resets the CMD
        else:
            default = argv
    return entry, default, shell_form


def _joined(text: str) -> list[str]:
    """The Dockerfile's instructions, continuation lines joined."""
    out, cur = [], ""
    for line in text.splitlines():
        if cur and line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            cur += line.rstrip()[:-1] + " "
            continue
        out.append(cur + line)
        cur = ""
    if cur:
        out.append(cur)
    return out


def _instruction_argv(body: str) -> tuple[list[str], bool]:
    """ENTRYPOINT/CMD's argv: the exec form's JSON list, or the shell form as `/bin/sh -c BODY`."""
    if body.startswith("["):
        try:
            argv = json.loads(body)
            if isinstance(argv, list) and all(isinstance(x, str) for x in argv):
                return argv, False
        except ValueError:
            pass
    return ["/bin/sh", "-c", body], True


# -- judging what it runs ----------------------------------------------------------------------------------
# found whatever the container: a shell handed to another machine, a fork bomb or a disk filled (the kernel, the
# process table and the disk are the host's)
ALWAYS = frozenset({"reverse-shell", "resource-exhaustion"})
# code of unknown content run: confined to the container unless it is given the host's files or namespaces
_CONTAINED = frozenset({"download-exec", "decode-exec", "dynamic-exec", "nonliteral-command", "obfuscated-command",
                        "inline-exec"})
# what deleting a named volume's data is reported as (other writes to a volume are its own business)
_WIPES = frozenset({"destructive-rm", "rm-dynamic-target", "irreversible", "disk-wipe"})
_NOT_FINDINGS = frozenset({"malformed", "parse-timeout", "nesting-too-deep"})
_VOLUMES_KEPT = ("a build or a pull cannot bring back what a volume held; back it up first (`docker run --rm -v "
                 "VOLUME:/data -v \"$PWD\":/backup alpine tar czf /backup/v.tgz -C /data .`) and let the user run it")


def judge_run(a, run: Run, cmd: Cmd, words: list[str] | None = None) -> None:
    """Judge what `run` runs, its mounts read as the host paths they are (the module docstring says how)."""
    words = _inner(a, run) if words is None else words
    script = _script(words) if words else None
    upstream = _upstream(a, cmd) if run.stdin else None
    if words and run.stdin and base_name(words[0]) in SHELLS and len(words) == 1:
        from .exec import stdin_text

        fed = stdin_text(a, cmd)  # `docker run -i … sh <<'EOF'`: the here-document is its script
        if fed is not None:
            script = fed[0]
    if not script:
        return
    entered = _enters_host(run, words)
    if entered:
        script = _script(_after_nsenter(words)) or script  # its own options read as the command's otherwise
    host_map, own_map = _maps(run)
    host = _host_view(run, script, upstream, host_map)
    from .handed import alone

    found = alone(a, host.text)
    if not found:
        return
    own = _own_text(run, script, host_map, own_map)
    own_keys = {(r.rule, r.message) for r in (found if own == host.text else alone(a, own))}
    reach = _reach(run)
    shown = f"`{run.tool}` runs `{_short(script)}`"
    done: set[str] = set()
    for r in found:
        if r.rule in _NOT_FINDINGS or r.rule in done or r.verdict not in ("block", "review"):
            continue
        touched = host.touched(r.span)
        if (r.rule, r.message) not in own_keys and not touched:
            touched = _changed_by(r.message, host_map, upstream)
        why = _why(r, run, shown, touched, entered, reach, upstream) or _service_leak(r, run, shown, script)
        if why is None:
            continue
        rule, verdict, message = why
        done.add(r.rule)
        (a.block if verdict == "block" else a.review)(rule, message, cmd.node)


def _why(r, run: Run, shown: str, touched: list[Mount], entered: bool, reach: str | None,
         upstream: str | None) -> tuple[str, str, str] | None:
    """(rule, verdict, message) of a finding about what a container runs (`touched`: the mounts, or None for the
    pipe, whose host side it is about), or None when it is the container's own business."""
    if entered:
        return r.rule, r.verdict, (f"{shown} with the host's processes (`--pid=host`): `nsenter -t 1` runs it in this "
                                   f"machine's namespaces, as if here: {r.message}")
    if r.rule in ALWAYS:
        kept = (", and it is kept running (detached or restarted)" if run.kept else "")
        what = "reaches the network as this machine does" if r.rule == "reverse-shell" else \
            "shares this machine's kernel, process table and disk"
        return r.rule, r.verdict, f"{shown}: {r.message}; a container {what}{kept}"
    binds = [m for m in touched if m is not None and m.volume is None]
    if touched and not binds and None not in touched:
        volume = touched[0]
        if r.rule not in _WIPES:
            return None
        return "irreversible", "review", (f"{shown}, which deletes what the named volume {volume.volume} (at "
                                          f"{volume.target}) holds, with no undo; {_VOLUMES_KEPT}")
    if touched:
        fed = " with this input's pipe as its stdin" if None in touched else ""
        where = " where " + ", ".join(f"{m.target} is the host's {_shown_host(m.host)}" for m in _unique(binds)[:3]) \
            if binds else ""
        return r.rule, r.verdict, (f"{shown} in a container{fed}{where}: {r.message}; what it does there it does to "
                                   "this machine")
    if r.rule == "exfiltration" and run.env:
        return r.rule, r.verdict, f"{shown} with variables of this machine handed in (-e/--env-file): {r.message}"
    if r.rule in _CONTAINED and reach is not None:
        return r.rule, r.verdict, (f"{shown} in a container with {reach}: {r.message}; code of unknown content there "
                                   "acts on this machine")
    return None


def _service_leak(r, run: Run, shown: str, script: str) -> tuple[str, str, str] | None:
    """Data sent to a host outside the cluster and this network from a running service's container (`kubectl exec`,
    `docker exec`): its data and secrets are there, as on a machine reached with ssh. (The pod's own token sent to
    the API server inside the cluster is not.)"""
    if r.rule != "exfiltration" or not run.tool.endswith(" exec"):
        return None
    from ..kube_manifests import names_outside

    host = names_outside(script)
    if host is None:
        return None
    return r.rule, r.verdict, (f"{shown} in a running service's container, whose data and secrets are there, and sends "
                               f"to {host}: {r.message}")


def _changed_by(message: str, table, upstream: str | None) -> list:
    """What made a finding differ between the views: the mounts whose host path its message names, else the pipe
    from this machine, else every mount the script's paths were mapped through."""
    named = [m for _, seen, m in table if seen not in (".", "/") and seen in message]
    return named or ([None] if upstream else [m for _, _, m in table])


def _unique(mounts: list[Mount]) -> list[Mount]:
    out: list[Mount] = []
    for m in mounts:
        if all(m is not o for o in out):
            out.append(m)
    return out


def _shown_host(host: str | None) -> str:
    return "project (the working directory)" if host == "." else host or "folder"


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


# a path-like token of a command line: an absolute one (a mount's target is looked for at its start), or a relative
# one that names a file (`.git/hooks/x`, `./build`, `src/app.py`), read in the working directory
_TOKEN = LazyRegex(r"(?P<abs>(?<![\w.~$/-])/[^\s'\"`;|&<>(){}=,:*?\[\]\\]*)|"
                    r"(?P<rel>(?<![^\s'\"=<>(;|&@])(?:[.*][^\s'\"`;|&<>(){}]*|[\w-][\w.-]*/[^\s'\"`;|&<>(){}]*))")


_SEPARATORS = (";", "\n", "|", "&")


class _View:
    """A command line as one side sees it (the host, or the container with scratch folders for its mounts), and
    where in it a mount's path was written in (start, end, the mount; None for the pipe from this machine)."""
    __slots__ = ("text", "marks", "wd")

    def __init__(self) -> None:
        self.text = ""
        self.marks: list[tuple[int, int, Mount | None]] = []
        self.wd: Mount | None = None  # the mount the working directory is in

    def add(self, text: str, marks=(), whole: Mount | None | bool = False) -> None:
        base = len(self.text)
        self.marks += [(base + s, base + e, m) for s, e, m in marks]
        if whole is not False:
            self.marks.append((base, base + len(text), whole))  # type: ignore[arg-type]
        self.text += text

    def touched(self, span) -> list:
        """The mounts (None: the pipe) whose paths the text a finding points at holds."""
        if not self.marks:
            return []
        starts = [0] + [k + 1 for k, ch in enumerate(self.text) if ch == "\n"]
        if span.start_row >= len(starts) or span.end_row >= len(starts):
            return []
        s, e = starts[span.start_row] + span.start_col, starts[span.end_row] + span.end_col
        # the simple command it points into (a rule may point at one word of it: `git -C /src config core.hooksPath`)
        s = max(self.text.rfind(sep, 0, s) for sep in _SEPARATORS) + 1
        e = min((k for k in (self.text.find(sep, e) for sep in _SEPARATORS) if k >= 0), default=len(self.text))
        got = [m for ms, me, m in self.marks if ms < e and s < me]
        if not got and self.wd is not None and not any(
                t.group("abs") for t in _TOKEN.finditer(self.text, s, e)):
            got = [self.wd]  # `git clean -fdx`, `rm -rf *` in the mounted folder: no path, the folder it is in
        return got


def _host_view(run: Run, script: str, upstream: str | None, table) -> _View:
    """The script as the host sees it: mounted paths written as the host's, relative ones under a working directory
    in a mount too, the pipe of this input before it."""
    host = _View()
    wd, marks = _workdir(run, table)
    if wd is not None:
        host.add(f"cd {_quote(wd)} && ", [(3, 3 + len(_quote(wd)), marks[0][2])])
        host.wd = marks[0][2]
    if upstream:
        host.add(upstream + " | ", whole=None)
    host.add(*_rewrite(script, table, wd))
    return host


def _own_text(run: Run, script: str, host_table, own_table) -> str:
    """The script as the container alone sees it: each mount a scratch folder."""
    if _workdir(run, host_table)[0] is None:
        return _rewrite(script, own_table)[0]
    wd = _workdir(run, own_table)[0] or ""
    return f"cd {_quote(wd)} && " + _rewrite(script, own_table, wd)[0]


def _workdir(run: Run, table) -> tuple[str | None, list]:
    """The working directory as `table` writes it, when it is inside a mount (relative paths there are the host's)."""
    wd = run.workdir
    if not wd or not wd.startswith("/"):
        return None, []
    got, marks = _rewrite(wd, table)
    return (got, marks) if marks else (None, [])


def _maps(run: Run) -> tuple[list[tuple[str, str, Mount]], list[tuple[str, str, Mount]]]:
    """(target, host path, mount) and (target, scratch folder, mount) for each mount whose host side is known,
    longest target first (a volume mounted inside a bind mount is its own)."""
    host, own = [], []
    for k, m in enumerate(sorted(run.mounts, key=lambda m: -len(m.target))):
        seen = m.seen_as()
        target = m.target.rstrip("/")
        if seen is None or not target:
            continue
        host.append((target, seen, m))
        own.append((target, _SCRATCH.format(k), m))
    return host, own


def _rewrite(text: str, table, wd: str | None = None) -> tuple[str, list[tuple[int, int, Mount | None]]]:
    """`text` with each path under a mount's target written as the path `table` gives it (and, with `wd`, each
    relative path under that working directory), and where those paths now are."""
    if not table or "/" not in text and wd is None:
        return text, []
    out: list[str] = []
    marks: list[tuple[int, int, Mount | None]] = []
    length = last = 0
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        new, mount = None, None
        if m.group("abs") is not None:
            for target, to, mount in table:
                if tok == target or tok.startswith(target + "/"):
                    rest = tok[len(target):]
                    new = to if not rest else rest if to == "/" else to.rstrip("/") + rest
                    break
        elif wd is not None and "://" not in tok and not tok.startswith("-"):
            new = tok if wd == "." else f"{wd.rstrip('/')}/{tok}"
            mount = next((t[2] for t in table if wd == t[1] or wd.startswith(t[1].rstrip("/") + "/")), None)
        if new is None:
            continue
        piece = text[last:m.start()]
        out.append(piece)
        length += len(piece)
        out.append(new)
        marks.append((length, length + len(new), mount))
        length += len(new)
        last = m.end()
    out.append(text[last:])
    return "".join(out), marks


def _upstream(a, cmd: Cmd) -> str | None:
    """The pipeline stages before a container's command (what it reads on stdin), as source text."""
    found = pipeline_stage(cmd)
    if found is None or found[1] == 0:
        return None
    stages, k = found
    return " | ".join(a.src(s) for s in stages[:k])


_NSENTER_VALUE = frozenset({"-t", "--target", "-S", "--setuid", "-G", "--setgid", "--env"})


def _after_nsenter(words: list[str]) -> list[str]:
    """What `nsenter [options] [--] CMD …` runs."""
    i = 1
    while i < len(words) and words[i][:1] == "-":
        i += 2 if words[i] in _NSENTER_VALUE else 1
        if words[i - 1] == "--":
            break
    return words[i:]


def _enters_host(run: Run, words: list[str]) -> bool:
    """`docker run --pid=host --privileged … nsenter -t 1 …`: the command runs in the host's namespaces."""
    if not words or base_name(words[0]) != "nsenter" or not any(h.startswith("--pid") for h in run.host_ns):
        return False
    for k, w in enumerate(words[1:], 1):
        if w in ("-t", "--target") and k + 1 < len(words) and words[k + 1] == "1" or w in ("-t1", "--target=1"):
            return True
    return False


# -- the handlers ----------------------------------------------------------------------------------------
def _container(a, cmd: Cmd) -> None:
    if _set_args(a, cmd):
        return
    path, i = command_path(cmd)
    verb = _verb(path)
    rest = cmd.args[i:]
    compose = "compose" in path
    if verb in ("save", "export") and not compose:
        _images_sent(a, cmd, verb, rest)
    elif verb == "cp" and not compose:
        _node_secrets_copied(a, cmd, rest)
    elif compose and verb in ("up", "run", "create"):
        _compose(a, cmd, verb, rest, i)
    elif verb in ("run", "create", "exec"):
        tool = f"{cmd.name}{' compose' if compose and cmd.name not in _COMPOSE_TOOLS else ''} {verb}"
        run = read_run(rest, tool, exec_=verb == "exec" or compose)
        if compose:
            run.stdin = True  # compose passes its stdin on (-T only turns the terminal off)
        if verb == "exec" or compose:
            run.image = None  # a container or a service, not an image
        judge_run(a, run, cmd)
        if verb == "exec" and not compose:
            _node_changed(a, cmd, run)


# -- a cluster's node that is a container (kind, k3d, minikube's docker driver) ---------------------------------------
def _node_secrets_copied(a, cmd: Cmd, rest: list[Word]) -> None:
    """`docker cp kind-control-plane:/etc/kubernetes/pki /tmp/.pki`: the cluster's CA and signing keys (or its admin
    kubeconfig) copied out of its node; the copy is noted, so that sending it anywhere is blocked (net.note_file)."""
    from ..kube_code import node_secrets
    from .net import note_file

    vals = [w.value for w in rest]
    what = node_secrets([cmd.name, "cp", *vals])
    pos = [v for v in vals if v and not v.startswith("-")]
    if what and len(pos) == 2 and ":" not in pos[1].split("/", 1)[0]:
        note_file(a, pos[1], f"a copy of the cluster's control-plane secrets ({pos[0].split(':', 1)[1]}, taken out "
                             "of its node)", cmd.node)


def _node_changed(a, cmd: Cmd, run: Run) -> None:
    """`docker exec kind-control-plane sed -i … /etc/kubernetes/manifests/kube-apiserver.yaml`, a static pod written
    there: the node's control plane changed from inside its container (kube_manifests.node_change)."""
    if not any("/etc/kubernetes" in w.text or "kubelet" in w.text for w in run.argv):
        return
    from ..kube_manifests import node_change

    words = _inner(a, run)
    script = script_of(words) if words else ""
    found = node_change(script) if script else None
    if found is not None:
        a.block(found[0], f"`{run.tool}` runs `{_short(script)}` on a node of the cluster (a kind or k3d node is a "
                          f"container), which {found[1]}; change the cluster through its API and its configuration, "
                          "or let the user do it", cmd.node)


def _kube_debug(a, cmd: Cmd) -> None:
    """`kubectl debug node/NAME -it --image=… -- CMD`: CMD runs as root on that node (its processes and network, its
    root filesystem at /host), judged as a command there: stealing the node's cloud credentials from the metadata
    service, a static pod dropped, data sent off."""
    from .cloud import _KUBE_ARG

    pos = positionals(cmd.args, _KUBE_ARG | {"--profile", "--target", "-c", "--container"}, stop_at_end=True)
    vals = [w.value for w in pos[:2]]
    if vals[:1] != ["debug"] or len(vals) < 2 or not (vals[1] or "").startswith(("node/", "nodes/")):
        return
    end = next((i for i, w in enumerate(cmd.args) if w.value == "--"), None)
    words = [_text(a, w) for w in cmd.args[end + 1:]] if end is not None else []
    if words[:2] == ["chroot", "/host"]:
        words = words[2:]
    script = script_of(words) if words else ""
    if not script:
        return
    node = vals[1].split("/", 1)[1]
    shown = f"`{cmd.name} debug node/{node}` runs `{_short(script)}` as root on the node {node}"
    from ..kube_manifests import node_change

    found = node_change(script)
    if found is not None:
        a.block(found[0], f"{shown}, which {found[1]}; change the cluster through its API, or let the user do it",
                cmd.node)
        return
    from .handed import alone

    done: set[str] = set()
    for r in alone(a, _HOST_ROOT.sub(r"\1/", script)):
        if r.verdict in ("block", "review") and r.rule not in done and r.rule not in _NOT_FINDINGS | {
                "nonliteral-command", "obfuscated-command"}:
            done.add(r.rule)
            (a.block if r.verdict == "block" else a.review)(
                r.rule, f"{shown} (its processes, network and files, with the node's cloud identity): {r.message}",
                cmd.node)


_HOST_ROOT = LazyRegex(r"(^|[\s'\"=:])/host/")


def _set_args(a, cmd: Cmd) -> bool:
    """`set -- run --privileged alpine; docker "$@" …`: the command judged with each word list `set --` gave."""
    if not a.argv or not any(w.text in ARG_WORDS for w in cmd.args) or not a.own_args():
        return False
    k = next(j for j, w in enumerate(cmd.words) if w.text in ARG_WORDS)
    for words in a.argv:
        if words and not any(w.text in ARG_WORDS for w in words):
            a.judge_words(cmd.words[:k] + words + cmd.words[k + 1:], cmd.node)
    return True


def _run_synthetic(a, values: list[str], node) -> None:
    """Judge the `docker run` a compose service or a devcontainer amounts to, by every rule of `docker`."""
    from ..rules_bash import HANDLERS

    words = [Word(node, v, v) for v in values]
    synthetic = Cmd(node, words, "docker")
    for fn in HANDLERS.get("docker", ()):
        fn(a, synthetic)


# -- images sent to another machine ------------------------------------------------------------------------
# stages an image archive passes through unchanged in kind (compressed, encrypted, counted)
_FILTERS = frozenset({"gzip", "pigz", "xz", "zstd", "bzip2", "pbzip2", "lz4", "lzma", "brotli", "pv", "cat", "base64",
                      "gpg", "age", "openssl", "tee", "buffer", "mbuffer", "split"})
_SENDERS = frozenset({"nc", "ncat", "netcat", "socat", "telnet", "curl", "wget", "http", "https", "xh", "ftp", "tftp",
                      "nc.traditional", "nc.openbsd"})
_REMOTE_SHELLS = frozenset({"ssh", "rsh", "autossh"})
# the other side loads the images into its own engine: a deployment, not a copy kept there
_LOADS = LazyRegex(r"(?:^|[\s;&|])(?:sudo\s+)?(?:docker|podman|nerdctl)\s+(?:image\s+)?load\b|\bctr\b.*\bimport\b")
_CLIMB = frozenset({"do_group", "for_statement", "while_statement", "compound_statement", "subshell", "list",
                    "if_statement", "elif_clause", "else_clause", "case_item", "case_statement"})
_STDOUT_TO_FILE = LazyRegex(r"^(?:1?>>?|&>>?|>\|)")


def _images_sent(a, cmd: Cmd, verb: str, rest: list[Word]) -> None:
    """`docker save IMAGES | gzip | ssh host 'cat > …'`: the images (the code and whatever secrets were built into
    them) sent to another machine; `-o FILE`, a local file or a remote `docker load` are not."""
    if option_value(rest, "-o", "--output"):
        return
    stages = _downstream(a, cmd)
    if not stages:
        return
    dest = _destination(a, stages)
    if dest is None:
        return
    names = " ".join(w.value if w.value is not None else w.text for w in positionals(rest)) or "the images"
    a.block("exfiltration", f"`{cmd.name} {verb} {_short(names, 60)}` is piped to {dest}: the images (the project's "
                            "code and whatever was built into them) leave the machine; keep them here "
                            f"(`{cmd.name} {verb} -o FILE`) and let the user copy them", cmd.node)


def _downstream(a, cmd: Cmd) -> list | None:
    """The pipeline stages after the one `cmd` writes its output into (also from a loop or a group piped on)."""
    node = cmd.node
    while True:
        parent = node.parent
        if parent is None:
            return None
        if parent.type == "redirected_statement":
            if any(c.type == "file_redirect" and _STDOUT_TO_FILE.match(a.src(c).lstrip()) for c in parent.children):
                return None
        elif parent.type == "pipeline":
            stages = [c for c in parent.named_children if c.type != "comment"]
            k = next((j for j, c in enumerate(stages) if c == node), len(stages) - 1)
            if k < len(stages) - 1:
                return stages[k + 1:]
        elif parent.type not in _CLIMB:
            return None
        node = parent


def _destination(a, stages: list) -> str | None:
    """What takes the piped images at the end of `stages`: another machine (described), or None (a local file, a
    program of this machine, a remote `docker load`)."""
    for stage in stages:
        try:
            words = shlex.split(a.src(stage), comments=False)
        except ValueError:
            return None
        while words and (words[0] in ("sudo", "doas", "command", "exec", "nice", "timeout") or "=" in words[0]):
            words = words[2:] if words[0] == "timeout" else words[1:]
        if not words:
            return None
        name = base_name(words[0])
        if name in _FILTERS:
            continue
        if name in _SENDERS:
            return f"`{name}`, to another machine"
        if name in _REMOTE_SHELLS:
            pos = ssh_positionals([Word(None, w, w) for w in words[1:]])
            remote = " ".join(w.value or "" for w in pos[1:])
            if _LOADS.search(remote):
                return None
            host = pos[0].value if pos else "another machine"
            return f"`{name} {host}`" + (f" (`{_short(remote, 40)}` there)" if remote else "")
        return None
    return None


# -- compose files written by this input ---------------------------------------------------------------------
# (compose reads the override file beside the project's file by itself, with no -f)
_COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "compose.override.yaml",
                  "compose.override.yml", "docker-compose.override.yml", "docker-compose.override.yaml")
_UP_VALUE = frozenset({"--scale", "-t", "--timeout", "--wait-timeout", "--exit-code-from", "--pull", "--attach",
                       "--no-attach", "--profile"})
_MAX_SERVICES = 16
_MAX_FILE = 65536  # a compose file or devcontainer.json longer than this is not read


def _compose(a, cmd: Cmd, verb: str, rest: list[Word], i: int) -> None:
    """`docker compose -f F up` / `run SERVICE` of a compose file this input wrote: each service read as the
    `docker run` it is (privileged, pid/network_mode host, volumes, its command and entrypoint)."""
    named = option_value(cmd.args[:i], "-f", "--file")
    if any(w.value is None for w in named):
        return
    files = [w.value for w in named] or list(_COMPOSE_NAMES)
    data = None
    for f in files:
        data = _compose_data(a, f, cmd)  # type: ignore[arg-type]
        if data is not None:
            break
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        if verb == "run":  # no file of this input: what the command line itself runs
            run = read_run(rest, f"{cmd.name} compose run", exec_=True)
            run.image, run.stdin = None, True
            judge_run(a, run, cmd)
        return
    if verb == "run":
        run = read_run(rest, "", exec_=True)
        svc = services.get(run.image.value if run.image is not None else None)
        if isinstance(svc, dict):
            extra = [w.value if w.value is not None else w.text for w in rest[:len(rest) - len(run.argv) - 1]]
            args = [w.value if w.value is not None else w.text for w in run.argv]
            _run_synthetic(a, _service_run(a, svc, cmd, extra, args), cmd.node)
        return
    wanted = [w.value for w in positionals(rest, _UP_VALUE)]
    for name, svc in list(services.items())[:_MAX_SERVICES]:
        if isinstance(svc, dict) and (not wanted or name in wanted):
            _run_synthetic(a, _service_run(a, svc, cmd), cmd.node)


def _compose_data(a, path: str, cmd: Cmd):
    """The parsed compose file `path` as this input wrote it (literal text, or what a jq/yq filter put there)."""
    from .written import text_written

    got = text_written(a, path)
    text = got[0] if got is not None else _filter_written(a, path)
    if text is None or len(text) > _MAX_FILE:
        return None
    text = _interpolate(a, text, cmd)
    import yaml

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, RecursionError):
        return None  # not YAML, or nested past what a compose file holds


_STRENV = LazyRegex(r"\b(?:strenv|env)\(\s*([A-Za-z_]\w*)\s*\)|\$ENV\.([A-Za-z_]\w*)")


def _filter_written(a, path: str) -> str | None:
    """What `yq -n '.services.s.image="…"' > F` (or jq) of this input wrote to `path`: the filter's literal values,
    an environment variable it reads (`strenv(P)`) as its value here."""
    from .files import written_file
    from .written import _where, jq_content

    where = _where(a, path)
    for doc, c in reversed(a.ctx.commands):
        if doc is not a.doc or c.name not in ("yq", "jq", "gojq") or not c.redirects:
            continue
        out = written_file(a, c.redirects)
        if not out or _where(a, out) != where:
            continue
        words = [_env_read(a, w, c) for w in c.words]
        return jq_content(a, Cmd(c.node, words, c.name))
    return None


def _env_read(a, w: Word, c: Cmd) -> Word:
    """A filter word with `strenv(P)` / `env(P)` / `$ENV.P` as the string the variable holds where it runs."""
    if not w.value or "env" not in w.value.lower():
        return w
    value = _STRENV.sub(lambda m: json.dumps(_variable(a, m.group(1) or m.group(2), c) or ""), w.value)
    return Word(w.node, value, value)


def _variable(a, name: str, cmd: Cmd) -> str | None:
    """A variable's value where `cmd` runs: assigned on the command (`P=$(…) yq …`), earlier, or decoded there."""
    from .written import decoded

    for n, w in reversed(cmd.assigns):
        if n == name:
            return w.value if w.value is not None else decoded(a, w)
    value = a.ev.vars.get(name)
    if value is not None:
        return value
    return decoded(a, Word(cmd.node, None, "$" + name))


_COMPOSE_VAR = LazyRegex(r"\$\$|\$\{([A-Za-z_]\w*)(?:[:?+-][^}]*)?\}|\$([A-Za-z_]\w*)")


def _interpolate(a, text: str, cmd: Cmd) -> str:
    """Compose's `${VAR}` / `$VAR` read with the values this input gives them (a decoded payload among them)."""
    if "$" not in text:
        return text

    def one(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$$"
        value = _variable(a, m.group(1) or m.group(2), cmd)
        return value if value is not None else m.group(0)

    return _COMPOSE_VAR.sub(one, text)


_NAMESPACES = (("pid", "--pid"), ("network_mode", "--network"), ("ipc", "--ipc"), ("userns_mode", "--userns"),
               ("uts", "--uts"), ("cgroup", "--cgroupns"))


def _service_run(a, svc: dict, cmd: Cmd, extra: list[str] | None = None, args: list[str] | None = None) -> list[str]:
    """The `docker run` argv a compose service amounts to (with `compose run`'s own options and command)."""
    out = ["docker", "run"]
    if svc.get("privileged") is True:
        out.append("--privileged")
    for key, flag in _NAMESPACES:
        if svc.get(key) == "host":
            out.append(f"{flag}=host")
    for key, flag in (("cap_add", "--cap-add"), ("security_opt", "--security-opt"), ("devices", "--device")):
        out += [f"{flag}={v}" for v in _strings(svc.get(key))]
    for vol in svc.get("volumes") or ():
        if isinstance(vol, str):
            out += ["-v", vol]
        elif isinstance(vol, dict) and vol.get("target"):
            spec = f"type={vol.get('type', 'volume')},source={vol.get('source', '')},target={vol['target']}"
            out += ["--mount", spec + (",readonly" if vol.get("read_only") else "")]
    if svc.get("restart") not in (None, "no"):
        out.append(f"--restart={svc['restart']}")
    if isinstance(svc.get("working_dir"), str):
        out += ["-w", svc["working_dir"]]
    out += extra or []
    entry, command = _argv_value(svc.get("entrypoint")), _argv_value(svc.get("command"))
    if args:
        command = args
    if entry is None and command is None and svc.get("build") is not None:
        built = _built_file(a, svc["build"])
        if built is not None:
            entry, default, shell_form = built
            command = [] if shell_form else default
    image = svc.get("image") if isinstance(svc.get("image"), str) else "compose-service"
    if entry:
        return out + ["--entrypoint", entry[0], image, *entry[1:], *(command or [])]
    return out + [image, *(command or [])]


def _strings(v) -> list[str]:
    return [x for x in v if isinstance(x, str)] if isinstance(v, list) else []


def _argv_value(v) -> list[str] | None:
    """A compose `command:`/`entrypoint:` as an argv (a string is split as a shell would)."""
    if isinstance(v, list):
        return [str(x) for x in v]
    if isinstance(v, str):
        try:
            return shlex.split(v)
        except ValueError:
            return None
    return None


def _built_file(a, build) -> tuple[list[str], list[str], bool] | None:
    """ENTRYPOINT/CMD of the Dockerfile a service's `build:` names, when this input wrote it."""
    from .written import text_written

    context, name = (build, "Dockerfile") if isinstance(build, str) else \
        (build.get("context", "."), build.get("dockerfile", "Dockerfile")) if isinstance(build, dict) else (None, None)
    if not isinstance(context, str) or not isinstance(name, str):
        return None
    got = text_written(a, name if name.startswith("/") else f"{context.rstrip('/')}/{name}")
    return image_command(got[0]) if got is not None else None


# -- devcontainers ----------------------------------------------------------------------------------------------
_DEVCONTAINER_VERBS = frozenset({"up", "build", "run-user-commands", "set-up"})
_LIFECYCLE = ("onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand")
_DEVCONTAINER_VAR = LazyRegex(r"\$\{(localEnv|containerEnv|localWorkspaceFolder|localWorkspaceFolderBasename|"
                               r"containerWorkspaceFolder|containerWorkspaceFolderBasename|devcontainerId)"
                               r"(?::([A-Za-z_]\w*))?(?::[^}]*)?\}")


def _devcontainer(a, cmd: Cmd) -> None:
    """`devcontainer up` of a devcontainer.json this input wrote: its mounts and `runArgs` as `docker run`'s, its
    lifecycle commands as what that container runs, its `initializeCommand` as a command of this machine."""
    verb = next((w.value for w in cmd.args if w.value and not w.value.startswith("-")), None)
    if verb not in _DEVCONTAINER_VERBS:
        return
    folder = next((w.value for w in option_value(cmd.args, "--workspace-folder")), ".") or "."
    config = next((w.value for w in option_value(cmd.args, "--config")), None)
    from .written import text_written

    got = None
    for where in ([config] if config else [f"{folder}/.devcontainer/devcontainer.json", f"{folder}/.devcontainer.json"]):
        got = text_written(a, where) if where else None
        if got is not None:
            break
    spec = _jsonc(got[0]) if got is not None and len(got[0]) <= _MAX_FILE else None
    if not isinstance(spec, dict):
        return
    base = "workspace" if folder in (".", "./") else folder.rstrip("/").rsplit("/", 1)[-1]
    inside = spec.get("workspaceFolder") if isinstance(spec.get("workspaceFolder"), str) else f"/workspaces/{base}"
    spec = _devcontainer_vars(spec, folder, base, inside)
    init = spec.get("initializeCommand")
    for line in _lifecycle(init):
        a.nested(line if isinstance(line, str) else " ".join(shlex.quote(x) for x in line), "bash", cmd.node, None)
    run = ["docker", "run", *_strings(spec.get("runArgs"))]
    if spec.get("privileged") is True:
        run.append("--privileged")
    run += [f"--cap-add={c}" for c in _strings(spec.get("capAdd"))]
    run += [f"--security-opt={c}" for c in _strings(spec.get("securityOpt"))]
    mounts = [m if isinstance(m, str) else ",".join(f"{k}={v}" for k, v in m.items()) for m in spec.get("mounts") or ()
              if isinstance(m, (str, dict))]
    workspace = spec.get("workspaceMount") if isinstance(spec.get("workspaceMount"), str) else \
        f"type=bind,source={folder},target={inside}"
    for m in [workspace, *mounts]:
        run += ["--mount", m]
    run += ["-w", inside, spec.get("image") if isinstance(spec.get("image"), str) else "devcontainer"]
    commands = [c for key in _LIFECYCLE for c in _lifecycle(spec.get(key))][:_MAX_SERVICES]
    for c in commands or [[]]:
        _run_synthetic(a, run + (["sh", "-c", c] if isinstance(c, str) else c), cmd.node)


def _lifecycle(v) -> list:
    """A lifecycle command's forms: a shell string, an argv, or an object of either run in parallel."""
    if isinstance(v, str):
        return [v]
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return [v]
    if isinstance(v, dict):
        return [x for val in v.values() for x in _lifecycle(val)]
    return []


def _devcontainer_vars(spec, folder: str, base: str, inside: str):
    def one(m: re.Match) -> str:
        kind, name = m.group(1), m.group(2)
        if kind == "localEnv":
            return "~" if name == "HOME" else f"${name}"
        if kind == "containerEnv":
            return f"${name}"
        return {"localWorkspaceFolder": folder, "localWorkspaceFolderBasename": base,
                "containerWorkspaceFolder": inside}.get(kind, base)

    if isinstance(spec, str):
        return _DEVCONTAINER_VAR.sub(one, spec)
    if isinstance(spec, list):
        return [_devcontainer_vars(x, folder, base, inside) for x in spec]
    if isinstance(spec, dict):
        return {k: _devcontainer_vars(v, folder, base, inside) for k, v in spec.items()}
    return spec


def _jsonc(text: str):
    """JSON with comments and trailing commas (devcontainer.json's dialect), or None."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            i = text.find("*/", i + 2)
            i = n if i < 0 else i + 2
        else:
            out.append(ch)
            i += 1
    try:
        return json.loads(re.sub(r",(\s*[}\]])", r"\1", "".join(out)))
    except (ValueError, RecursionError):
        return None


# -- the Docker socket handed to a scanner -----------------------------------------------------------------------
# image scanners and inspectors that read images through the Docker socket, and the subcommands that only do
# that (None: the first argument is the image): a short list, every other image with the socket is a takeover
_SCANNERS: dict[str, frozenset | None] = {
    "aquasec/trivy": frozenset({"image", "i"}), "anchore/grype": None, "anchore/syft": None,
    "wagoodman/dive": None, "goodwithtech/dockle": None}


def socket_scanner(cmd: Cmd) -> bool:
    """`docker run -v /var/run/docker.sock:/var/run/docker.sock aquasec/trivy image app:dev`: a well-known scanner
    reading an image; no other host path, privilege or entrypoint of its own."""
    path, i = command_path(cmd)
    if _verb(path) not in ("run", "create") or "compose" in path:
        return False
    run = read_run(cmd.args[i:], "")
    if run.image is None or run.image.value is None or run.entry is not None or run.host_ns or run.unknown:
        return False
    name = repo(run.image.value)
    if name not in _SCANNERS:
        return False
    verbs = _SCANNERS[name]
    first = next((w.value for w in run.argv if not (w.value or "-").startswith("-")), None)
    if verbs is not None and first not in verbs or first is None or first in ("sh", "bash"):
        return False
    return all(m.host in SOCKETS or m.volume is not None or m.host is not None and m.host.startswith(
        ("~/.cache/", "./", ".")) for m in run.mounts)


# -- the Docker socket handed to a container manager ----------------------------------------------------------------
# images that exist to manage this host's containers through its socket, as published by their makers (an image of
# that name from another registry is someone else's). Watchtower with `--run-once` (`-R`) pulls the named containers'
# new images and recreates them once, as `docker compose pull && docker compose up -d` would; a manager left running
# (Watchtower as a service, Portainer, a proxy reading labels) keeps control of every container: a person looks.
_HUB = ("", "docker.io", "index.docker.io")
_SOCKET_MANAGERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("portainer/portainer-ce", "portainer/portainer-ee", "portainer/agent", "traefik",
                     "nginxproxy/nginx-proxy", "jwilder/nginx-proxy", "nginxproxy/docker-gen", "amir20/dozzle"), _HUB),
    **dict.fromkeys(("containrrr/watchtower", "tecnativa/docker-socket-proxy"), _HUB + ("ghcr.io",)),
    "cadvisor/cadvisor": ("gcr.io",)}
_RUN_ONCE = {"containrrr/watchtower": frozenset({"--run-once", "-R"})}
# host files such a manager is commonly given beside the socket, read-only: the clock
_MANAGER_MOUNTS = frozenset({"/etc/localtime", "/etc/timezone"})


def _registry(image: str) -> str:
    first, _, rest = image.split("@", 1)[0].partition("/")
    return first.lower() if rest and ("." in first or ":" in first or first == "localhost") else ""


def socket_manager(cmd: Cmd) -> str | None:
    """`docker run --rm -v /var/run/docker.sock:/var/run/docker.sock containrrr/watchtower --run-once app`: "once"
    for a well-known manager run once, "kept" for one left managing the host's containers, None for any other run
    (another image or registry, an entrypoint, a shell, a host namespace, another host folder)."""
    path, i = command_path(cmd)
    if _verb(path) not in ("run", "create") or "compose" in path:
        return None
    run = read_run(cmd.args[i:], "")
    if run.image is None or run.image.value is None or run.entry is not None or run.host_ns or run.unknown:
        return None
    name = repo(run.image.value)
    if _registry(run.image.value) not in _SOCKET_MANAGERS.get(name, ()):
        return None
    argv = [w.value for w in run.argv]
    if None in argv or any(base_name(v) in SHELLS or v.startswith("/") for v in argv):  # type: ignore[union-attr]
        return None
    if not all(m.host in SOCKETS or m.volume is not None or m.host is not None and (
            m.host in _MANAGER_MOUNTS and m.read_only or not m.host.startswith(("/", "~", "..", "."))) for m in run.mounts):
        return None
    once = _RUN_ONCE.get(name, frozenset())
    return "once" if any(v in once for v in argv) and not run.kept else "kept"


# official images of a cloud or cluster CLI (entrypoint: the tool) -> the credential folders that tool reads: handing
# them in is running the CLI as the user would run it here (`docker run -v ~/.kube:/.kube bitnami/kubectl get pods`)
_CLI_CREDENTIALS = {
    "bitnami/kubectl": ("~/.kube",), "rancher/kubectl": ("~/.kube",), "alpine/k8s": ("~/.kube",),
    "alpine/helm": ("~/.kube", "~/.config/helm"), "amazon/aws-cli": ("~/.aws",), "aws-cli/aws-cli": ("~/.aws",),
    "google.com/cloudsdktool/cloud-sdk": ("~/.config/gcloud",), "google/cloud-sdk": ("~/.config/gcloud",),
    "google.com/cloudsdktool/google-cloud-cli": ("~/.config/gcloud",), "azure-cli": ("~/.azure",)}


def tool_run(cmd: Cmd) -> tuple[str, list[str]] | None:
    """(the tool, its arguments) of `docker run … bitnami/kubectl get secret x -o yaml`: a tool image run with its
    own entrypoint, which prints what the tool prints; None for any other command."""
    if cmd.name not in TOOLS:
        return None
    path, i = command_path(cmd)
    if _verb(path) not in ("run", "create") or "compose" in path:
        return None
    run = read_run(cmd.args[i:], "")
    if run.image is None or run.image.value is None or run.entry is not None or run.unknown:
        return None
    tool = _TOOL_IMAGES.get(repo(run.image.value))
    return (tool, [w.value for w in run.argv if w.value is not None]) if tool else None


def tool_credentials(cmd: Cmd) -> frozenset[str]:
    """The `-v` words of `docker run … IMAGE ARGS` that hand a cloud or cluster CLI's official image the credential
    folder of that CLI, when the run adds nothing else: no entrypoint, shell, host namespace or other host folder
    than the project's. Empty for any other run."""
    path, i = command_path(cmd)
    if _verb(path) not in ("run", "create") or "compose" in path:
        return frozenset()
    run = read_run(cmd.args[i:], "")
    if run.image is None or run.image.value is None or run.entry is not None or run.host_ns or run.unknown:
        return frozenset()
    folders = _CLI_CREDENTIALS.get(repo(run.image.value))
    first = next((w.value for w in run.argv if not (w.value or "-").startswith("-")), None)
    if folders is None or first is None or base_name(first) in SHELLS:
        return frozenset()
    given = {m.host for m in run.mounts if m.volume is None}
    if not all(h is not None and (h in folders or h.startswith(tuple(f + "/" for f in folders)) or
                                  not h.startswith(("/", "~", ".."))) for h in given):  # (or the project's)
        return frozenset()
    return frozenset(v for w in option_value(cmd.args[i:], "-v", "--volume") if (v := w.value) is not None)


def _kube_exec(a, cmd: Cmd) -> None:
    """`kubectl exec pod -- sh -c '…'`: a running pod's container, judged as `docker exec` is (and `ssh host CMD`)."""
    from .infra import container_argv

    words = container_argv(cmd)
    if words:
        run = Run(tool=f"{cmd.name} exec", argv=words, stdin=any(w.value in ("-i", "--stdin", "-it", "-ti")
                                                                      for w in cmd.args))
        judge_run(a, run, cmd, [_text(a, w) for w in words])


def _buildah(a, cmd: Cmd) -> None:
    """`buildah run CTR -- CMD`: a build's working container, given nothing of the host but what `-v`/`--mount` hand
    in (as a Dockerfile's RUN is): judged as `docker run` is, the container named (often `$ctr`) in place of an image."""
    path, i = command_path(cmd)
    if _verb(path) != "run":
        return
    run = read_run(cmd.args[i:], "buildah run", exec_=True)
    if run.argv and run.argv[0].value == "--":
        run.argv = run.argv[1:]
    run.image = None
    judge_run(a, run, cmd)


HANDLERS = {**dict.fromkeys(TOOLS, [_container]), "devcontainer": [_devcontainer],
            "kubectl": [_kube_exec, _kube_debug], "oc": [_kube_exec, _kube_debug], "buildah": [_buildah]}

# fastpath: a container command is read only when what it runs could say something: a shell, a network tool, a
# variable, a pipe, a mount, an entrypoint, a file this input wrote (a Dockerfile, a compose file), an image sent
_VERBS = mentions(words=("run", "exec", "create", "up", "save", "export"))
_INNER = LazyRegex(r"(?<![\w.-])(?:sh|bash|dash|zsh|ash|ksh|busybox|nc|ncat|netcat|socat|telnet|nsenter|chroot|dd|"
                    r"fallocate|yes|curl|wget|python[\d.]*|perl|ruby|php|node|env|printenv)(?![\w-])|/dev/|[$`|<]|"
                    r"--entrypoint|--mount|--volume|-v|services|[Dd]ockerfile|[Cc]ontainerfile|build|FROM|"
                    r"curlimages|socat|netcat")
SCREENS: dict = {**dict.fromkeys(TOOLS, lambda text: _VERBS(text) and _INNER.search(text) is not None or
                                   "/etc/kubernetes" in text or "kubelet" in text),
                 "devcontainer": mentions(words=tuple(_DEVCONTAINER_VERBS)),
                 "buildah": lambda text: "run" in text and _INNER.search(text) is not None,
                 **dict.fromkeys(("kubectl", "oc"), lambda text: ("exec" in text or "debug" in text) and
                                 _INNER.search(text) is not None)}
