"""Every rule id, its verdict and what it catches (the docs table is generated from this)."""
from __future__ import annotations

from .verdict import BLOCK, REVIEW

RULES: dict[str, tuple[str, str]] = {
    "malformed": (BLOCK, "the input does not parse (ERROR or MISSING node); regenerate it"),
    "nesting-too-deep": (BLOCK, "code nested more than 8 levels deep (sh -c inside eval inside ...); past 256 "
                                "strings judged as commands in one input, each further one is held as this"),
    "parse-timeout": (BLOCK, "input the grammar cannot parse within the time limit (its error recovery blows up "
                             "on some malformed shell text); nothing was judged"),
    "judge-timeout": (BLOCK, "long input (2 kB or more) not judged within the time limit (5 s, the parse "
                             "included); nothing was decided, so nothing runs"),
    "download-exec": (BLOCK, "downloaded content piped or substituted into an interpreter, a downloaded file run or "
                             "imported (also a file code wrote from a download), packages run or indexes set over "
                             "plain HTTP (npx/uvx/pipx URL, PIP_INDEX_URL, npm_config_registry ...), a misspelled "
                             "popular package installed (typosquat); review: a code host's versioned release asset "
                             "run without a literal checksum, an archive from a host that is not a code host, an "
                             "extra index over HTTPS, the index or registry replaced by (or --trusted-host for) a host "
                             "that is neither a registry product's nor on the user's own network"),
    "decode-exec": (BLOCK, "base64/xxd/openssl/rev/tr/gzip/printf-escaped or generated code run by an interpreter, "
                           "or a file code wrote from computed content, then ran or imported"),
    "dynamic-exec": (BLOCK, "eval/source/sh -c/trap of a variable or computed string (review when it is the output "
                            "of a known local command); alias and trap bodies are re-parsed and judged"),
    "nonliteral-command": (BLOCK, "the command name is a variable, a substitution or another run-time value"),
    "obfuscated-command": (BLOCK, "the command name uses quotes, backslashes, ANSI-C quoting, globs or braces"),
    "inline-exec": (BLOCK, "perl/ruby/php/lua/awk inline code that runs programs, opens sockets or deletes files"),
    "wrapper-exec": (BLOCK, "a program told to run another program: find -exec of a bad command, git -c core.pager "
                            "etc., sed e, tar --to-command, rsync -e, ssh -o ProxyCommand, man -P, rg --pre, "
                            "sort --compress-program, zip -TT, vim -c '!...'"),
    "command-string": (REVIEW, "a program no rule knows is handed a quoted string that would be blocked as a command "
                               "on its own (`gosu root sh -c 'reboot'`, `pm2 start 'curl … | sh'`); also such a "
                               "command a cloud CLI runs on another machine (`gcloud compute ssh --command`, "
                               "`heroku run`)"),
    "wrapped-command": (REVIEW, "a program no rule knows is given, from a command name on, arguments that would be "
                                "blocked as a command on their own (`eatmydata rm -rf ~/`, "
                                "`cgexec -g cpu:/ sh -c \"$(curl …)\"`)"),
    "reverse-shell": (BLOCK, "/dev/tcp redirects, nc -e, socat exec:, shells piped to and from the network, mkfifo "
                             "relays; ssh -R forwards (and ngrok/bore/chisel tunnels) exposing this machine's sshd or "
                             "listening on every interface of the other side"),
    "exfiltration": (BLOCK, "the environment, history, credentials or .env files sent to a network program (also "
                            "a container's or another machine's environment); a database dump or the project's "
                            "whole source piped to another host; a capture, core dump or database export written to "
                            "a file and that file uploaded; a secret variable in a request's URL or body for a host "
                            "that is not its service (also from code); file servers started on the home, / or a "
                            "credential directory; card fields a web page or a checkout handler reads sent to a host "
                            "that is not a card processor; a table of customers, a broker's messages or the "
                            "environment in an error report sent off; a flash dump or an unredacted scanner report "
                            "uploaded"),
    "phishing": (BLOCK, "mail sent in bulk (a loop over a staff or customer list, a recipients list; swaks, sendmail, "
                        "smtplib, nodemailer, the sending services' APIs) whose text asks the reader to sign in, verify, "
                        "reset a password, pay or give bank details at a link whose host is not the sender's own and "
                        "no well-known sign-in or payment service"),
    "env-hijack": (BLOCK, "LD_PRELOAD, LD_LIBRARY_PATH, BASH_ENV, PROMPT_COMMAND, IFS (other than blanks only, "
                          "`IFS=$'\\n\\t'`, or the separator of one `read`), PATH with relative or /tmp "
                          "entries, PAGER/EDITOR/GIT_SSH_COMMAND naming an unknown program, GIT_CONFIG_* ..., also set in "
                          "environment copies in code; AGENT_IMMUNE_CONFIG"),
    "destructive-rm": (BLOCK, "rm/shred/find -delete of /, ~, $HOME, .., root-level globs, system, credential or "
                              "start-up files; --no-preserve-root"),
    "rm-dynamic-target": (REVIEW, "rm -r of `$VAR/`, `$VAR/*` (empty variable = /) or of the whole working directory"),
    "disk-wipe": (BLOCK, "dd/redirects/shred onto block devices, mkfs, wipefs, partitioning, blkdiscard"),
    "system-write": (BLOCK, "writes (redirects, tee, cp, mv, dd, sed -i ...) into system paths or the home root"),
    "permission-tamper": (BLOCK, "chmod/chown/chgrp/chattr/setfacl on system, home, credential or start-up paths"),
    "privilege-escalation": (BLOCK, "root shells (sudo -i/-s, su, sudo bash), setuid bits, account changes, container "
                                    "escapes (docker run --privileged / -v /:/host / the docker socket, nsenter, "
                                    "the Docker Engine API asked for the same), a webhook's signature check skipped "
                                    "for a value written in the code (a backdoor), a shop administrator for a "
                                    "stranger's domain; "
                                    "review for sudo/doas/pkexec running one command (not read-only inspection: "
                                    "iptables -L, nft list, ufw status, journalctl, tcpdump -i lo, ss, dmesg)"),
    "persistence": (BLOCK, "writes to shell rc files, ~/.ssh/authorized_keys, cron, systemd, /etc/profile.d, "
                           ".git/hooks (except a project file linked or copied there), .git/config (git config of "
                           "hooks/pagers/aliases), at, launchctl, systemd-run "
                           "timers, user-site .pth/sitecustomize (also at computed site-packages paths), ~/.local/bin "
                           "over system commands, npm/pip/go/git settings and .npmrc lines that run programs or fetch "
                           "over plain HTTP, git url.*.insteadOf sending a code host's URLs to another host, Redis "
                           "CONFIG SET dir/dbfilename aimed at cron, ssh or a web root, the guard's own configuration "
                           "(~/.autonomic)"),
    "secret-read": (BLOCK, "reads of ~/.ssh keys, ~/.aws, ~/.netrc, ~/.config/gh, ~/.docker/config.json, "
                           "~/.kube/config, /etc/shadow, /proc/*/environ (also /proc/$pid/mem), strace/gdb/gcore/"
                           "py-spy of ssh-agent, gpg-agent, git's credential daemon, browsers, the user's shells and "
                           "other credential holders ..."),
    "anti-forensics": (BLOCK, "history -c, unset HISTFILE, HISTFILE=/dev/null, set +o history, deleting or "
                              "truncating logs, journalctl --vacuum"),
    "resource-exhaustion": (BLOCK, "fork bombs, endless loops that spawn or append, yes/cat /dev/zero into files, "
                                   "dd/fallocate of 10 GiB or more"),
    "system-disruption": (BLOCK, "kill -9 -1, shutdown/reboot, iptables -F, sysctl -w, modprobe, swapoff; review "
                                 "for systemctl start/stop, mount"),
    "irreversible": (REVIEW, "deletes or overwrites what lives outside the working tree and has no undo: cloud "
                             "resources, infrastructure (terraform destroy), databases, cluster objects, container "
                             "volumes, remote repositories, branches and releases, published packages, whatever an "
                             "HTTP DELETE to another host names (curl -X DELETE https://api…); discards uncommitted "
                             "work (git reset --hard, git clean -f, git checkout -- .); deletes the repository's history "
                             "(rm -rf .git), a whole home folder, applications' data in the home or a mounted volume; "
                             "secret stores, registries' images, search and vector indexes, model hubs (vault, crane, "
                             "hf …); in Python/TypeScript the same through libraries: SQL that drops or empties tables "
                             "through any driver, ORM and store wipes, cloud, cluster, code-host, search and "
                             "vector-store deletes through SDKs, a loop deleting every item of an unfiltered listing, "
                             "HTTP DELETE through HTTP clients (not for in-memory or temporary databases, one-object "
                             "deletes or this machine)"),
    "unguarded-agent": (BLOCK, "another coding agent started with its approvals or sandbox turned off "
                               "(--dangerously-skip-permissions, --yolo, --trust-all-tools ..., or an agent SDK's "
                               "bypassPermissions / danger-full-access), or its settings written or edited so that "
                               "later sessions are (also an editor's workspace trust or extension signature check "
                               "turned off in VS Code's settings): what it runs would pass no check"),
    "policy-deny": (BLOCK, "a command matched a deny pattern of the [mouth] config"),
    "policy-unlisted": (REVIEW, "with [mouth] unlisted = \"review\" or \"block\": a command that runs (also in "
                                "substitutions, pipelines, wrapped or embedded code) matches no allow pattern; "
                                "the verdict is the one `unlisted` names"),
    "py-shell-exec": (BLOCK, "os.system/os.popen/subprocess with shell=True of a non-literal string (literal strings "
                             "are judged by the shell rules), sh -c of computed code (also behind env/nice/sudo), "
                             "*args/**kwargs into them, os.system handed on as a value (map, Thread, atexit, partial)"),
    "py-process-spawn": (BLOCK, "os.exec*/os.spawn*/pty.spawn/os.posix_spawn, also handed on as a value"),
    "py-dynamic-code": (BLOCK, "eval/exec/compile of non-literal code (also under another name or as a value), "
                               "python -c/node -e of computed code, runpy, zipimport, loading a module from a "
                               "computed path, debugpy listening on a public address"),
    "py-dynamic-import": (BLOCK, "__import__/importlib.import_module/getattr of computed names (not a module "
                                 "inside a literal package prefix, nor getattr on an ordinary module), globals()/vars()/"
                                 "__dict__ lookups, a risky module's whole namespace (vars(os), inspect.getmembers), "
                                 "operator.attrgetter/methodcaller reaching os.system & co, "
                                 "__builtins__/__subclasses__/__globals__ tricks"),
    "py-unsafe-deserialize": (BLOCK, "pickle/cPickle/dill/marshal/shelve loads, yaml.load/load_all without a safe "
                                     "loader, numpy.load(allow_pickle=True), torch.load(weights_only=False) (not a "
                                     "project's own file named by a relative path and not downloaded by the code)"),
    "py-ctypes": (BLOCK, "ctypes / cffi: calling native code directly (not a named library other than libc and the "
                         "loader)"),
    "py-subprocess-dynamic": (REVIEW, "subprocess/os.exec argv that is not a literal list"),
    "js-shell-exec": (BLOCK, "child_process exec/execSync or spawn with shell:true of a non-literal string (literal "
                             "strings are judged by the shell rules), also via shelljs, execa, Bun/Deno spawn, "
                             "zx/Bun $ templates, exec.call/bind/promisify, exec handed on as a value, computed "
                             "input or stdin written to a shell"),
    "js-dynamic-code": (BLOCK, "eval, new Function, Function(), setTimeout/setInterval with a string, vm.runIn*, "
                               "eval as a value ((0, eval), .then(eval)), the Function constructor of a function "
                               "literal, node -e / fork execArgv of computed code, the inspector opened to others"),
    "js-dynamic-require": (BLOCK, "require/import of a computed or remote specifier, process.binding, "
                                  "process.dlopen, .mainModule, x.constructor.constructor, computed access to globals, "
                                  "patches of the module loader"),
    "js-subprocess-dynamic": (REVIEW, "child_process spawn/execFile whose argv is not literal"),
}
UNDISABLEABLE = frozenset({"malformed", "policy-deny", "policy-unlisted", "nesting-too-deep", "parse-timeout",
                           "judge-timeout"})
