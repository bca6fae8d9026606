"""What a path means to an attacker: secrets, persistence hooks, system and device paths.

Shared by every language's rules, so `cat ~/.aws/credentials`, `open(os.path.expanduser(
"~/.aws/credentials"))` and `fs.readFileSync(os.homedir() + "/.aws/credentials")` meet the
same list. Paths are normalised first: `$HOME`, `${HOME}`, `/root` and `/home/<user>` all
become `~`, repeated and `./` segments collapse.
"""
from __future__ import annotations

import re
from fnmatch import translate
from functools import lru_cache

SECRET = "secret"
PERSISTENCE = "persistence"
SYSTEM = "system"
DEVICE = "device"
LOG = "log"
HOME = "home"
# a folder an application keeps its credential stores in (a browser's profiles, a password manager's vault, the
# keychains, Messages, Mail): always also SECRET, as reading, archiving or sending it takes every secret in it;
# deleting it is the loss of an application's data (files.py holds it for review, as other application data)
STORE = "store"
# the folders anyone may write (paths as normalize gives them: a Mac's /private/tmp is /tmp)
SCRATCH = ("/tmp/", "/var/tmp/", "/dev/shm/")

_SECRET = (
    "~/.ssh", "~/.ssh/*", "~/.aws", "~/.aws/*", "~/.netrc", "~/.config/gh", "~/.config/gh/*",
    "~/.docker/config.json", "~/.kube/config", "~/.kube", "~/.gnupg", "~/.gnupg/*",
    "~/.git-credentials", "~/.pypirc", "~/.npmrc", "~/.config/gcloud", "~/.config/gcloud/*",
    "~/.azure", "~/.azure/*", "~/.vault-token", "~/.password-store", "~/.password-store/*",
    "~/.*_history", "~/.config/hub", "~/.cargo/credentials*", "~/.gem/credentials",
    "~/.config/goreleaser/*_token",  # GoReleaser's GitHub/GitLab/Gitea tokens
    "/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/sudoers", "/etc/sudoers.d/*",
    # (Debian's daily copies of the account files)
    "/var/backups/shadow.bak", "/var/backups/gshadow.bak", "/var/backups/passwd.bak",
    "/etc/ssl/private/*", "/proc/*/environ", "/var/run/secrets/*", "/run/secrets/*",
    "/etc/ssh/ssh_host_*_key",
    # browser cookie and password stores, desktop keyrings, more tools' tokens
    "~/.mozilla/*/cookies.sqlite", "~/.mozilla/*/logins.json", "~/.mozilla/*/key[34].db", "~/.config/*/Login Data",
    "~/.config/*/Cookies", "~/.local/share/keyrings", "~/.local/share/keyrings/*", "~/.terraform.d/credentials*",
    "~/.config/rclone/rclone.conf", "~/.pgpass", "~/.my.cnf", "~/.local/share/fish/fish_history",
    # GAM's OAuth tokens, client secret and service account key (a Google Workspace administrator's) (session 31)
    "~/.gam/oauth2*", "~/.gam/client_secrets*", "~/.gam/*.json",
    # ... beside the program (legacy GAM, GAMADV-XTD3 and GAM7 unpacked into ~/bin) and in the GAMCFGDIR its docs suggest
    "~/bin/gam*/oauth2*", "~/bin/gam*/client_secrets*", "~/bin/gam*/oauth2service.json", "~/GAMConfig/oauth2*",
    "~/GAMConfig/client_secrets*", "~/GAMConfig/*.json",
    # cryptocurrency wallets (what the 2025 npm and extension stealers went for), by their own folders
    "~/.config/Exodus", "~/.config/Exodus/*", "~/Library/Application Support/Exodus", "~/Library/Application Support/Exodus/*",
    "~/.electrum", "~/.electrum/*", "~/.bitcoin/wallet*", "~/.bitcoin/wallets", "~/.bitcoin/wallets/*",
    "~/.ethereum/keystore", "~/.ethereum/keystore/*", "~/.config/atomic", "~/.config/atomic/*",
    "~/.config/*/Local Extension Settings/*", "~/.solana/id.json", "~/.config/solana/id.json",
    # package registries' and build tools' tokens and feed passwords, kept in clear by their CLIs (session 10)
    "~/.nuget/NuGet/NuGet.Config", "~/.config/NuGet/NuGet.Config", "~/.hex/hex.config", "~/.mix/hex.config",
    "~/.cache/huggingface/token", "~/.cache/huggingface/stored_tokens", "~/.huggingface/token",
    "~/.pulumi/credentials.json", "~/.composer/auth.json", "~/.config/composer/auth.json",
    "~/.local/share/gem/credentials", "~/.m2/settings-security.xml", "~/.ivy2/.credentials", "~/.sbt/credentials",
    "~/.sbt/*/credentials*", "~/.pub-cache/credentials.json", "~/.config/dart/pub-credentials.json",
    "~/.config/pypoetry/auth.toml", "~/.jfrog/jfrog-cli.conf*", "~/.databrickscfg", "~/.kaggle/kaggle.json",
    "~/.config/containers/auth.json", "~/.config/helm/repositories.yaml", "~/.circleci/cli.yml",
    "~/.config/glab-cli/config.yml", "~/.config/doctl/config.yaml", "~/.fly/config.yml",
    # the key adb signs in to every phone with (whoever holds it gets the same shell on each one the user trusted)
    # and fastlane's Apple ID session (session 14)
    "~/.android/adbkey", "~/.fastlane/spaceship/*/cookie",
    # sops's age keys: the one file that decrypts every secret the project keeps encrypted in its repository (session 16)
    "~/.config/sops/age", "~/.config/sops/age/*", "~/Library/Application Support/sops/age/*",
    # the hosting CLIs' login tokens and Conan's remote passwords, kept in clear (session 17)
    "~/.config/netlify/config.json", "~/.netlify/config.json", "~/.local/share/com.vercel.cli/auth.json",
    "~/.config/com.vercel.cli/auth.json", "~/Library/Application Support/com.vercel.cli/auth.json",
    "~/.config/configstore/firebase-tools.json", "~/.config/.wrangler/config/*", "~/.wrangler/config/*",
    "~/.conan2/credentials.json", "~/.conan2/.conan.db", "~/.conan/.conan.db", "~/.conan/credentials.json",
    # the coding agents' own logins (session 18): Codex's API key and ChatGPT tokens, Claude Code's OAuth tokens (Linux),
    # Gemini CLI's, opencode's, Copilot's OAuth tokens, the OpenAI CLI's key (their MCP tables: _HELD_FILES)
    "~/.codex/auth.json", "~/.claude/.credentials.json", "~/.gemini/oauth_creds.json", "~/.config/openai/auth.json",
    "~/.local/share/opencode/auth.json", "~/.config/github-copilot/hosts.json", "~/.config/github-copilot/apps.json",
    # another process's memory holds its secrets in clear (a CI runner's masked values, an agent's tokens)
    "/proc/*/mem",
    # a cluster's and a grid's credentials (session 19): Kerberos ticket caches (whoever holds one is the user on every
    # kerberized service until it expires; `klist`/`kinit` find it themselves), X.509 grid proxies (a certificate and
    # its private key), Globus's CLI and SDK tokens and grid certificates, and the running Jupyter servers' files,
    # which carry each server's token (a kernel's file: its signing key)
    "/tmp/krb5cc*", "/var/tmp/krb5cc*", "/run/user/*/krb5cc*", "/run/user/*/krb5cc/*", "/tmp/x509up_u*",
    "/etc/krb5.keytab", "~/.globus", "~/.globus/*", "~/.globus.cfg", "~/.globus-native-apps.cfg",
    "~/.globus_compute/*", "~/.local/share/jupyter/runtime/jpserver-*", "~/.local/share/jupyter/runtime/nbserver-*",
    "~/Library/Jupyter/runtime/jpserver-*", "~/Library/Jupyter/runtime/nbserver-*",
    "~/.local/share/jupyter/runtime/kernel-*.json", "~/Library/Jupyter/runtime/kernel-*.json",
    # tools' login files kept in clear (session 20): Perforce's tickets (each one is the user on that server until it
    # expires; `p4 tickets` prints them), itch.io's butler API key, the Stripe CLI's live and test keys, PlatformIO's
    # account tokens, Steam Guard's sentry files (a login's proof of a trusted machine)
    "~/.p4tickets", "~/p4tickets.txt", "~/.config/itch/butler_creds", "~/Library/Application Support/itch/butler_creds",
    # (session 28) NATS: the CLI's contexts (each holds a server's user credentials or the path of its creds file) and
    # nsc's key store (every operator's, account's and user's nkey seed), and their seed and creds files anywhere in the
    # home
    "~/.config/nats/context", "~/.config/nats/context/*", "~/.local/share/nats/nsc/keys",
    "~/.local/share/nats/nsc/keys/*", "~/.nkeys", "~/.nkeys/*", "~/*.nk", "~/*.creds",
    "~/.config/stripe/config.toml", "~/.platformio/appstate.json", "~/.steam/steam/ssfn*", "~/.steam/root/ssfn*",
    "~/.local/share/Steam/ssfn*", "~/Library/Application Support/Steam/ssfn*",
    # a Mac's credential stores (session 13): browsers' password, cookie and form stores wherever an application keeps
    # them (Chrome, Brave, Edge, Arc, Chromium and Electron apps under Application Support), Safari's cookies,
    # Thunderbird's passwords, KeePass vaults
    "~/Library/Application Support/*/Login Data", "~/Library/Application Support/*/Login Data For Account",
    "~/Library/Application Support/*/Cookies", "~/Library/Application Support/*/Web Data",
    "~/Library/Application Support/*/logins.json", "~/Library/Application Support/*/key[34].db",
    "~/Library/Application Support/*/cookies.sqlite", "~/Library/Cookies/*.binarycookies",
    "~/Library/Containers/com.apple.Safari/Data/Library/Cookies/*", "~/Library/*/Cookies.binarycookies",
    "~/.config/*/Web Data", "~/.config/*/Login Data For Account", "~/.thunderbird/*/logins.json",
    "~/.thunderbird/*/key[34].db", "~/Library/Thunderbird/Profiles/*/logins.json",
    "~/Library/Thunderbird/Profiles/*/key[34].db", "~/*.kdbx",
    # Electron apps' `Local Storage` on Linux and a Mac (Discord's and Slack's session tokens), as under AppData
    "~/.config/*/Local Storage/leveldb", "~/.config/*/Local Storage/leveldb/*",
    "~/Library/Application Support/*/Local Storage/leveldb", "~/Library/Application Support/*/Local Storage/leveldb/*",
    "~/.var/app/*/config/*/Local Storage/leveldb", "~/.var/app/*/config/*/Local Storage/leveldb/*",
    "~/.config/*/Local Storage", "~/Library/Application Support/*/Local Storage",
    # Signal Desktop: its `config.json` holds the key of the messages' database beside it
    "~/.config/Signal", "~/.config/Signal/*", "~/Library/Application Support/Signal",
    "~/Library/Application Support/Signal/*",
    # the repository's and the user's Codespaces secrets, as the codespace receives them
    "/workspaces/.codespaces/shared/.env-secrets", "/workspaces/.codespaces/shared/.env",
    "/workspaces/.codespaces/shared/user-secrets-envs.json",
)
# Folders of credential stores (kind STORE, and SECRET): the folder and everything in it
_STORE_ROOTS = (
    # the keychains: every saved password, key and certificate of the user (and the system's)
    "~/Library/Keychains", "/Library/Keychains",
    # browsers' profile folders: passwords, cookies (signed-in sessions), form data, the key that decrypts them
    "~/Library/Application Support/Google/Chrome", "~/Library/Application Support/Google/Chrome Beta",
    "~/Library/Application Support/Google/Chrome Canary", "~/Library/Application Support/Google/Chrome Dev",
    "~/Library/Application Support/Chromium", "~/Library/Application Support/BraveSoftware",
    "~/Library/Application Support/Microsoft Edge", "~/Library/Application Support/Microsoft Edge Beta",
    "~/Library/Application Support/Microsoft Edge Dev", "~/Library/Application Support/Arc/User Data",
    "~/Library/Application Support/Vivaldi", "~/Library/Application Support/com.operasoftware.Opera",
    "~/Library/Application Support/Firefox/Profiles", "~/Library/Application Support/zen/Profiles",
    "~/Library/Safari", "~/Library/Cookies", "~/Library/Containers/com.apple.Safari/Data/Library/Cookies",
    "~/.config/google-chrome", "~/.config/google-chrome-beta", "~/.config/google-chrome-unstable",
    "~/.config/chromium", "~/.config/BraveSoftware", "~/.config/microsoft-edge", "~/.config/microsoft-edge-beta",
    "~/.config/microsoft-edge-dev", "~/.config/vivaldi", "~/.config/opera", "~/.mozilla/firefox",
    "~/snap/firefox/common/.mozilla/firefox", "~/snap/chromium/common/chromium",
    "~/.var/app/org.mozilla.firefox/.mozilla/firefox", "~/.var/app/com.google.Chrome/config/google-chrome",
    # messages (one-time codes), notes and mail
    "~/Library/Messages", "~/Library/Group Containers/group.com.apple.notes", "~/Library/Mail",
    "~/Library/Containers/com.apple.mail/Data/Library/Mail",
    # password managers' vaults and their desktop apps' data
    "~/Library/Group Containers/2BUA8C4S2C.com.1password", "~/Library/Group Containers/2BUA8C4S2C.com.agilebits",
    "~/Library/Containers/com.1password.1password", "~/Library/Containers/com.agilebits.onepassword*",
    "~/Library/Application Support/1Password", "~/.config/1Password", "~/Library/Application Support/Bitwarden",
    "~/Library/Containers/com.bitwarden.desktop", "~/.config/Bitwarden", "~/.config/Bitwarden CLI",
)
_STORE = _STORE_ROOTS + tuple(r + "/*" for r in _STORE_ROOTS)
_STORE_RX = re.compile("|".join(translate(p) for p in _STORE))  # (one match for them all)
_SECRET_FILES = _SECRET

# A Windows user's profile seen from WSL (`/mnt/c/Users/<name>`, `C:\Users\<name>`: normalize makes it `~`, so its
# `.ssh`, `.aws`, `.azure`, `.kube`, `.docker`, `.git-credentials` meet the lists above) keeps its applications' data
# under AppData, where the stealers go: Chromium browsers' and Electron apps' password, cookie and form stores and the
# `Local State` holding the key that decrypts them, Firefox's and Thunderbird's logins, apps' `Local Storage` (Slack's
# and Discord's session tokens), wallets, and Windows' own DPAPI master keys and credential files. Windows matches
# names without regard to case, so these lists are matched so too (`.../appdata/local/google/chrome/...`).
_WIN_SECRET = (
    "~/AppData/*/Login Data", "~/AppData/*/Login Data For Account", "~/AppData/*/Cookies", "~/AppData/*/Web Data",
    "~/AppData/*/Local State", "~/AppData/*/logins.json", "~/AppData/*/key[34].db", "~/AppData/*/cookies.sqlite",
    "~/AppData/*/signons.sqlite", "~/AppData/*/Local Storage/leveldb", "~/AppData/*/Local Storage/leveldb/*",
    "~/AppData/*/Local Extension Settings/*", "~/AppData/Roaming/GitHub CLI/hosts.yml", "~/AppData/Roaming/gcloud",
    "~/AppData/Roaming/gcloud/*", "~/AppData/Roaming/NuGet/NuGet.Config", "~/AppData/Roaming/rclone/rclone.conf",
    "~/AppData/Roaming/FileZilla/sitemanager.xml", "~/AppData/Roaming/FileZilla/recentservers.xml",
    "~/AppData/Roaming/Electrum/wallets", "~/AppData/Roaming/Electrum/wallets/*", "~/AppData/Roaming/Bitcoin/wallet*",
    "~/AppData/Roaming/Ethereum/keystore", "~/AppData/Roaming/Ethereum/keystore/*", "~/AppData/Roaming/pypirc",
    "~/AppData/Roaming/Telegram Desktop/tdata", "~/AppData/Roaming/Telegram Desktop/tdata/*",
    "~/AppData/Roaming/itch/butler_creds", "~/AppData/Roaming/stripe/config.toml",
    # a vault anywhere on a Windows drive, the OpenSSH server's host keys
    "/mnt/?/*.kdbx", "/mnt/?/ProgramData/ssh/ssh_host_*_key",
)
_WIN_STORE_ROOTS = (
    # whole browser folders (their names have no blank, so a scan that splits at blanks still meets `.../Chrome/User`)
    "~/AppData/Local/Google/Chrome*", "~/AppData/Local/Microsoft/Edge", "~/AppData/Local/Microsoft/Edge Beta",
    "~/AppData/Local/Microsoft/Edge Dev", "~/AppData/Local/Microsoft/Edge SxS", "~/AppData/Local/BraveSoftware",
    "~/AppData/Local/Chromium", "~/AppData/Local/Vivaldi", "~/AppData/Roaming/Opera Software",
    "~/AppData/Roaming/Mozilla/Firefox", "~/AppData/Roaming/Thunderbird", "~/AppData/Roaming/Exodus",
    # password managers, and Windows' credential files and the DPAPI master keys that decrypt every stored secret
    "~/AppData/Roaming/Bitwarden", "~/AppData/Local/1Password", "~/AppData/Roaming/Microsoft/Credentials",
    "~/AppData/Local/Microsoft/Credentials", "~/AppData/Roaming/Microsoft/Protect", "~/AppData/Local/Microsoft/Vault",
    "~/AppData/Roaming/Microsoft/Vault",
)
_WIN_STORE = _WIN_STORE_ROOTS + tuple(r + "/*" for r in _WIN_STORE_ROOTS)
_SECRET = _SECRET_FILES + _STORE + _WIN_SECRET + _WIN_STORE  # (the fastpath's path scan reads this list, blanks and all)
# Public halves and host lists are not secrets; reading them is ordinary.
# ssh's own configuration names hosts, users and which key file to use, never a key (session 16): read as a start-up
# file is read (it stays PERSISTENCE, and a held secret: sent off the machine it is still exfiltration)
_SSH_CONFIG = ("~/.ssh/config", "~/.ssh/config.d", "~/.ssh/config.d/*")
# A browser's NativeMessagingHosts folder holds the manifests that name which program an extension may start (the
# project's own host is registered there as Chrome's documentation says, session 21): no credential, though it sits in
# the profile's folder
_NATIVE_HOSTS = ("~/.config/*/NativeMessagingHosts", "~/.config/*/NativeMessagingHosts/*",
                 "~/Library/Application Support/*/NativeMessagingHosts",
                 "~/Library/Application Support/*/NativeMessagingHosts/*")
# (a pod's service-account folder: only `token` is a credential; its namespace name and the cluster's CA certificate
# are what every pod is given to find and trust the API server)
_NOT_SECRET = ("~/.ssh/*.pub", "~/.ssh/known_hosts*", "~/.globus/usercert.pem", "~/.globus/certificates",
               "~/.globus/certificates/*", "/var/run/secrets/kubernetes.io/serviceaccount/namespace",
               "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", "/run/secrets/kubernetes.io/serviceaccount/namespace",
               "/run/secrets/kubernetes.io/serviceaccount/ca.crt") + _SSH_CONFIG + _NATIVE_HOSTS

_PERSISTENCE = (
    "~/.bashrc", "~/.bash_profile", "~/.bash_login", "~/.bash_logout", "~/.profile", "~/.zshrc",
    "~/.zshenv", "~/.zprofile", "~/.zlogin", "~/.config/fish/*", "~/.ssh/authorized_keys*",
    # (session 30) a service account's home outside /home (`/opt/odoo`, `/var/lib/postgresql`, `/srv/git`): a key
    # there logs in as the service, with its data and its database (a test's home under /tmp is no one's)
    "/var/lib/*/.ssh/authorized_keys*", "/opt/*/.ssh/authorized_keys*", "/srv/*/.ssh/authorized_keys*",
    "~/.ssh/config", "~/.ssh/config.d/*", "~/.ssh/rc", "~/.ssh/environment", "/etc/profile", "/etc/profile.d/*",
    "/etc/bash.bashrc", "/etc/bashrc", "/etc/zsh/*", "/etc/environment", "/etc/cron*",
    "/etc/cron*/*", "/var/spool/cron/*", "/var/spool/cron", "/etc/systemd/*", "~/.config/systemd/*",
    "/lib/systemd/*", "/usr/lib/systemd/*", "/etc/init.d/*", "/etc/rc.local", "/etc/ld.so.preload",
    "/etc/ld.so.conf*", "/etc/sudoers*", "/etc/passwd", "/etc/shadow", "/etc/group", "/etc/hosts",
    "/etc/resolv.conf", "~/.config/autostart/*", ".git/hooks/*", "*/.git/hooks/*", ".git/hooks",
    ".git/config", "*/.git/config", "~/.gitconfig", "~/.config/git/config", "~/.npmrc",
    "~/.pip/pip.conf", "~/.config/pip/pip.conf", "/etc/pip.conf", "~/.vimrc", "~/.inputrc",
    "~/Library/LaunchAgents/*", "/Library/LaunchDaemons/*", "/Library/LaunchAgents/*", "/etc/apt/sources.list*",
    "/etc/security/*", "/etc/pam.d/*", "~/.pam_environment", "/etc/modules-load.d/*",
    "/etc/udev/rules.d/*", "/etc/xdg/autostart/*",
    # the desktop's launchers: their `Exec=` runs whenever the user opens the app (`--load-extension=` slipped into
    # Chrome's, session 17)
    "~/.local/share/applications/*.desktop",
    # more files a shell, X session, terminal multiplexer, debugger or Python start-up reads and runs
    "~/.bash_aliases", "~/.zlogout", "~/.xprofile", "~/.xinitrc", "~/.xsession", "~/.xsessionrc", "~/.tmux.conf",
    "~/.config/tmux/tmux.conf", "~/.config/environment.d/*", "~/.ipython/*/startup/*", "~/.gdbinit",
    "~/.config/nvim/*", "~/.local/lib/python*/site-packages/*.pth",
    "~/.local/lib/python*/site-packages/sitecustomize.py", "~/.local/lib/python*/site-packages/usercustomize.py",
    # the guard's own configuration: its [mouth] section decides what agent-immune blocks
    "~/.autonomic", "~/.autonomic/*",
    # start-up files of language shells, REPLs, notebooks, debuggers and build tools: code each runs on its own
    # every time it starts (session 10: `~/.iex.exs`, `~/.Rprofile`, a Gradle init script, Jupyter's config)
    "~/.iex.exs", "~/.Rprofile", "~/.Renviron", "~/.irbrc", "~/.config/irb/irbrc", "~/.pryrc", "~/.ghci",
    "~/.ghc/ghci.conf", "~/.julia/config/startup.jl", "~/.psqlrc", "~/.sqliterc", "~/.lldbinit", "~/.erlang",
    "~/.config/erlang/*", "~/.gradle/init.d/*", "~/.gradle/init.gradle", "~/.gradle/init.gradle.kts",
    "~/.jupyter/jupyter_*config.py", "~/.jupyter/jupyter_*config.json", "~/.jupyter/custom/custom.js",
    "~/.ipython/*/ipython_config.py", "~/.ipython/*/ipython_kernel_config.py",
    "~/.emacs", "~/.emacs.d/init.el", "~/.config/emacs/init.el", "~/.sbt/*/global.sbt", "~/.sbt/*/plugins/*",
    "~/.perldb", "~/.ocamlinit",
    # a Mac's own start-up places (session 13): system-wide shell files, login and logout hooks, login items,
    # the old startup items, authorization plugins, the periodic scripts
    "/etc/zshrc", "/etc/zprofile", "/etc/zshenv", "/etc/zlogin", "~/Library/Preferences/com.apple.loginwindow.plist",
    "/Library/Preferences/com.apple.loginwindow.plist", "/var/root/Library/Preferences/com.apple.loginwindow.plist",
    "~/Library/Application Support/com.apple.backgroundtaskmanagementagent/*", "/Library/StartupItems/*",
    "/Library/Security/SecurityAgentPlugins/*", "/etc/periodic/*", "/usr/local/etc/periodic/*",
    # the code of an installed editor extension (session 21): the editor runs its entry point (`package.json`'s
    # `main`, `out/extension.js`) with the user's rights at every start, in every window. The folder of one
    # (`~/.vscode/extensions/acme.lint-1.0.0`: unpacked, linked to the project being developed, removed) is not.
    *(f"{root}/extensions/*/{tail}" for root in ("~/.vscode", "~/.vscode-insiders", "~/.vscode-oss",
                                                  "~/.vscode-server", "~/.cursor", "~/.windsurf")
      for tail in ("package.json", "*.js", "*.cjs", "*.mjs", "*.node")),
)

# Windows' own start-up places, written from WSL: the Startup folders (every file there runs at logon), PowerShell's
# profiles (run by every session; Documents may live in OneDrive, or be `~/.config/powershell` on Linux), WindowsApps
# (on the user's PATH: a `git.cmd` dropped there stands in for git), the OpenSSH server's administrators' keys and
# configuration, and the hosts file
_WIN_PERSISTENCE = (
    "~/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/*",
    "/mnt/?/ProgramData/Microsoft/Windows/Start Menu/Programs/Startup/*",
    "~/Documents/*PowerShell/*profile.ps1", "~/OneDrive*/*PowerShell/*profile.ps1", "~/.config/powershell/*profile.ps1",
    "/mnt/?/Windows/System32/WindowsPowerShell/v1.0/*profile.ps1", "/mnt/?/Program Files/PowerShell/*/*profile.ps1",
    "~/AppData/Local/Microsoft/WindowsApps/*", "/mnt/?/ProgramData/ssh/administrators_authorized_keys",
    "/mnt/?/ProgramData/ssh/sshd_config", "/mnt/?/Windows/System32/drivers/etc/hosts",
)
# settings files a program reads at every start to choose what it runs or exposes, edited like any settings file
# (a font, a theme: ordinary) but judged by what the edit puts in (bash/files.py): Windows Terminal's (`commandline`
# of a profile runs in every new tab; packaged, preview or unpackaged) and Docker Desktop's (the engine's API on TCP
# without TLS, root for whoever reaches it; on Windows, a Mac and Linux)
_RUN_SETTINGS = (
    ("terminal", "~/AppData/Local/Packages/Microsoft.WindowsTerminal*/LocalState/settings.json"),
    ("terminal", "~/AppData/Local/Microsoft/Windows Terminal/settings.json"),
    ("docker", "~/AppData/Roaming/Docker/settings*.json"),
    ("docker", "~/Library/Group Containers/group.com.docker/settings*.json"),
    ("docker", "~/.docker/desktop/settings*.json"),
)
_RUN_SETTINGS_RX = tuple((name, re.compile(translate(pattern), re.IGNORECASE)) for name, pattern in _RUN_SETTINGS)


def run_settings(path: str) -> str | None:
    """"terminal" or "docker" when `path` is such a settings file (see _RUN_SETTINGS), else None."""
    if "settings" not in path.lower():
        return None
    p = normalize(path)
    return next((name for name, rx in _RUN_SETTINGS_RX if rx.match(p)), None)


# a Windows drive's root, the folder of every profile, Windows' own and the programs' folders (as /, /home, /usr)
_WIN_SYSTEM = re.compile(r"/mnt/[a-z](?:/users|/windows(?:/.*)?|/program files(?: \(x86\))?(?:/.*)?)?", re.IGNORECASE)
# the heads every Windows pattern starts with, lower-cased (most paths are under none: one test spares the matching)
_WIN_HEADS = ("~/appdata/", "~/documents/", "~/onedrive", "~/.config/powershell/", "/mnt/")

_SYSTEM_TOP = {
    "/", "/bin", "/sbin", "/usr", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/boot", "/var",
    "/sys", "/proc", "/dev", "/root", "/home", "/opt", "/srv", "/snap", "/mnt", "/media", "/run",
    # a Mac's (/private holds its /etc, /var and /tmp)
    "/System", "/Library", "/Applications", "/Users", "/Volumes", "/private", "/cores",
}
_SYSTEM_TREES = ("/bin/", "/sbin/", "/usr/", "/lib/", "/lib64/", "/lib32/", "/etc/", "/boot/",
                 "/sys/", "/proc/", "/var/lib/", "/var/", "/snap/", "/System/")
# the privacy database (which application may capture the screen, read every file, use the camera): a write to it
# grants or revokes those permissions behind the user's back
TCC_DB = re.compile(r"^~?/Library/Application Support/com\.apple\.TCC/TCC\.db$")

# scratch space under the system trees: /var/tmp, a Mac's per-user temporary folders ($TMPDIR), /usr/local
_NOT_SYSTEM = ("/var/tmp/", "/usr/local/", "/var/folders/")
# what a system tree keeps only to save work: the package managers' downloads and lists, and an application's own
# cache folder under /var/cache (the FHS lets any of it be deleted without loss: `find /var/cache/tilestache -mtime
# +14 -delete`). Deleting there is upkeep; /var/cache itself, debconf's answers and ldconfig's stay system paths.
DISPOSABLE = re.compile(r"^/var/(?:lib/apt/lists|cache/(?!debconf(?:/|$)|ldconfig(?:/|$))[^/*?\[]+)(?:/.*)?$")
# the first characters every _STORE pattern starts with (most paths are not under one: one prefix test spares them
# the pattern matching)
_STORE_HEADS = ("~/Library/", "/Library/Keychains", "~/.config/", "~/.mozilla/", "~/snap/", "~/.var/")

_DEVICE = ("/dev/sd*", "/dev/nvme*", "/dev/hd*", "/dev/vd*", "/dev/xvd*", "/dev/mmcblk*",
           "/dev/disk/*", "/dev/disk*", "/dev/mapper/*", "/dev/md*", "/dev/loop*", "/dev/dm-*",
           "/dev/mem", "/dev/kmem", "/dev/port", "/dev/root", "/dev/rdisk*", "/dev/sr*")
HARMLESS_DEV = {"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty", "/dev/zero",
                "/dev/urandom", "/dev/random", "/dev/full"}

_LOG = ("/var/log", "/var/log/*", "~/.*_history", "/var/run/utmp", "/var/log/wtmp", "/root/.*_history",
        "~/.local/share/fish/fish_history")
# commands a program planted in ~/.local/bin or ~/bin (early on PATH) would stand in for
_SHADOWED = frozenset({"sudo", "su", "doas", "git", "ssh", "scp", "sh", "bash", "zsh", "python", "python3", "pip",
                       "pip3", "node", "npm", "npx", "curl", "wget", "ls", "cat", "cp", "mv", "rm", "make", "gpg",
                       "docker", "kubectl", "passwd", "env", "id", "ps", "kill", "grep", "find", "tar", "which",
                       "gcc", "cc", "go", "cargo", "java", "ruby", "perl"})
# the home's folders that tools' installers put on PATH (pipx, cargo, go, npm's prefix, deno, bun, dotnet tools, krew
# …): a line of a shell's start-up file that adds one of them is what those installers ask for (bash/files.py allows
# it), so a program planted there under a system command's name is judged as one in ~/.local/bin is
PATH_TOOL_DIRS = frozenset({
    "~/.local/bin", "~/bin", "~/.cargo/bin", "~/go/bin", "~/.go/bin", "~/.npm-global/bin", "~/.npm-packages/bin",
    "~/.yarn/bin", "~/.deno/bin", "~/.bun/bin", "~/.poetry/bin", "~/.volta/bin", "~/.dotnet/tools", "~/.krew/bin",
    "~/.foundry/bin", "~/.local/share/pnpm", "~/.pub-cache/bin", "~/.composer/vendor/bin",
    "~/.config/composer/vendor/bin", "~/.ghcup/bin", "~/.cabal/bin", "~/.elan/bin", "~/.juliaup/bin", "~/.nimble/bin",
    "~/.pulumi/bin", "~/.fly/bin", "~/.rd/bin", "~/.tfenv/bin", "~/.linkerd2/bin", "~/.istioctl/bin",
    "~/.wasmtime/bin", "~/.pyenv/bin", "~/.rbenv/bin", "~/.nodenv/bin", "~/.local/go/bin", "~/flutter/bin",
    "~/.local/share/JetBrains/Toolbox/scripts"})
_TOOL_DIR_HEADS = tuple(d + "/" for d in PATH_TOOL_DIRS)
# a private key's file name: reading `$DIR/id_rsa` reads a key whatever DIR turns out to be
KEY_FILE = re.compile(r"/(?:id_rsa|id_ed25519|id_ecdsa|id_dsa|id_ed25519_sk|id_ecdsa_sk)$")

# git ships its hooks as `NAME.sample` and runs only `NAME`: a sample is documentation
_SAMPLE_HOOK = re.compile(r"(?:^|/)\.git/hooks/[^/]+\.sample$")
# a Mac's homes are /Users/<name> (/Users/Shared is every user's); a Windows user's profile seen from WSL is
# /mnt/<drive>/Users/<name> (Public, Default and All Users are every user's), which WSL users name $WINHOME or
# $USERPROFILE (shared into WSL with WSLENV)
_HOME_PREFIX = re.compile(r"^(?:\$\{?(?:HOME|WINHOME|WIN_HOME|USERPROFILE)\}?|/root|/home/[^/]+|/Users/(?!Shared(?:/|$))[^/]+|"
                          r"/mnt/[A-Za-z]/[Uu]sers/(?!(?i:public|default|default user|all users)(?:/|$))[^/]+|"
                          r"~[A-Za-z0-9_.-]*)(?=/|$)")
# a path as Windows programs name it: `\\wsl.localhost\Ubuntu\home\dev` (`\\wsl$\...`) is the distro's /home/dev,
# `C:\Users\dana` or `C:/Users/dana` is /mnt/c/Users/dana
_WSL_SHARE = re.compile(r"^[\\/]{2}wsl(?:\.localhost|\$)[\\/][^\\/]+(?=[\\/]|$)", re.IGNORECASE)
_DRIVE = re.compile(r"^([A-Za-z]):(?=[\\/])")
# a Mac's /etc, /var and /tmp are links into /private
_PRIVATE = re.compile(r"^/private(?=/(?:etc|var|tmp)(?:/|$))")


# the Windows profile's folder computed at run time in WSL, `$(wslpath "$(cmd.exe /c 'echo %USERPROFILE%')")` or
# `$(wslpath -u "$(powershell.exe -c '$env:USERPROFILE')")`: the home, whatever the user's name (two levels of
# substitution deep; its quotes already dropped)
_PROFILE_SUBST = re.compile(r"^\$\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")
_PROFILE_NAMES = re.compile(r"%USERPROFILE%|\$env:USERPROFILE|%HOMEDRIVE%%HOMEPATH%|\bwslvar\s+USERPROFILE\b",
                            re.IGNORECASE)


def windows_profile(text: str) -> str:
    """`text` with a leading run-time computation of the Windows profile's folder (see _PROFILE_SUBST) as `~`."""
    if text[:2] != "$(" or "wslpath" not in text:
        return text
    m = _PROFILE_SUBST.match(text)
    if m is None or "wslpath" not in m.group(0) or not _PROFILE_NAMES.search(m.group(0)):
        return text
    return "~" + text[m.end():]


# the Windows profile's folders WSL code asks cmd.exe or PowerShell for, then converts with wslpath
_WINDOWS_FOLDER = re.compile(r"(?i)%(USERPROFILE|LOCALAPPDATA|APPDATA)%|\$env:(USERPROFILE|LOCALAPPDATA|APPDATA)\b")
_WINDOWS_FOLDERS = {"userprofile": "~", "localappdata": "~/AppData/Local", "appdata": "~/AppData/Roaming"}


def windows_folder(text: str) -> str | None:
    """The home path of the one Windows profile folder a program's text asks for and converts with wslpath
    (`execSync("wslpath -u \"$(cmd.exe /c 'echo %LOCALAPPDATA%')\"")` is ~/AppData/Local); None otherwise."""
    if "wslpath" not in text:
        return None
    found = {(m.group(1) or m.group(2)).lower() for m in _WINDOWS_FOLDER.finditer(text)}
    return _WINDOWS_FOLDERS[found.pop()] if len(found) == 1 else None


@lru_cache(maxsize=4096)
def join(base: str, part: str) -> str:
    """`os.path.join`, `Path /` and `path.resolve` of two path texts: an absolute or home part starts again, as
    those do (`os.path.join("build", os.path.expanduser("~"))` is the home, not a folder of the project)."""
    if part[:1] in ("/", "~") or not base:
        return part
    return base.rstrip("/") + "/" + part


def join_all(parts: list[str]) -> str:
    """`join` over every part, left to right."""
    out = parts[0]
    for part in parts[1:]:
        out = join(out, part)
    return out


def relative(v: str) -> str | None:
    """A literal path part that stays under where it is joined: not absolute, not the home, not a URL, no `..`."""
    if v[:1] in ("/", "~", "$") or v.startswith("file:") or v == ".." or v.startswith("../") or "/../" in v or \
            v.endswith("/.."):
        return None
    return v


def under(base: str | None, *parts: str | None) -> str | None:
    """`base` with the relative `parts` joined under it; None when one is not known or leaves it."""
    if base is None:
        return None
    out = base
    for p in parts:
        if p is None or relative(p) is None:
            return None
        out = p if out == "." else out.rstrip("/") + "/" + p if p else out
    return out


def normalize(path: str) -> str:
    # only the blanks that split words in the shell: str.strip() would also take control characters such as
    # \x1d off (differential fuzzing: `rm \x1d/x/*` read as the root-level glob `/x/*`)
    p = path.strip(" \t\n\r")
    if "\\" in p or p[1:2] == ":" or p[:5] == "//wsl":
        p = _windows_form(p)
    p = _HOME_PREFIX.sub("~", p)
    if p.startswith("/private/"):
        p = _PRIVATE.sub("", p)
    if "//" in p:
        p = re.sub(r"/{2,}", "/", p)
    while "/./" in p:
        p = p.replace("/./", "/")
    if "/.." in p:
        p = _collapse_up(p)
    if p.startswith("./") and len(p) > 2:
        p = p[2:]
    while len(p) > 1 and p.endswith("/."):
        p = p[:-2] or "/"
    if len(p) > 1 and p.endswith("/") and not p.endswith("./"):
        p = p.rstrip("/") or "/"
    return p


def _windows_form(p: str) -> str:
    """A path as a Windows program names it, as WSL sees it (other texts unchanged)."""
    if (m := _WSL_SHARE.match(p)) is not None:
        return "/" + p[m.end():].replace("\\", "/").lstrip("/")
    if (m := _DRIVE.match(p)) is not None:
        return f"/mnt/{m.group(1).lower()}" + p[2:].replace("\\", "/")
    return p


def _collapse_up(p: str) -> str:
    """`~/.ssh/../.ssh/id_rsa` is `~/.ssh/id_rsa`, `~/x/..` is `~`: a `..` cancels the name
    before it (not `~`, the root or another `..`, whose parent the text does not name)."""
    out: list[str] = []
    for seg in p.split("/"):
        if seg == ".." and out and out[-1] not in ("..", "~", "", "."):
            out.pop()
        else:
            out.append(seg)
    if out == [""]:
        return "/"
    return "/".join(out) or "."


class _Globs:
    """A list of shell patterns matched as one regular expression: every path a command names is tested against
    each list, and one compiled alternation is several times cheaper than a `fnmatchcase` per pattern."""

    __slots__ = ("_rx",)

    def __init__(self, patterns: tuple[str, ...], flags: int = 0) -> None:
        self._rx = re.compile("|".join(f"(?:{translate(p)})" for p in patterns), flags) if patterns else None

    def __call__(self, path: str) -> bool:
        return self._rx is not None and self._rx.match(path) is not None


_BRACE = re.compile(r"\{([^{}]*,[^{}]*)\}")


_BRACE_WORDS = 256


def _brace_alternatives(path: str) -> list[str]:
    """The words bash makes of `path` by brace expansion (`~/{.ssh,x}/id_rsa` is
    `~/.ssh/id_rsa ~/x/id_rsa`), innermost groups first.

    Lists multiply (`~/{a,b}{c,d}...` is 2^n words), so at most _BRACE_WORDS whole words are
    made; past that, every alternative of every group is still read once, with the other
    groups at their first alternative. A combination beyond the first words can hide there,
    but the work stays bounded (expanding it all took seconds at 14 groups)."""
    out = [path]
    while True:
        grown, changed = [], False
        for p in out:
            m = _BRACE.search(p)
            if m is None:
                grown.append(p)
                continue
            changed = True
            grown += [p[:m.start()] + alt + p[m.end():] for alt in m.group(1).split(",")]
        if not changed:
            return grown
        if len(grown) > _BRACE_WORDS:
            break
        out = grown
    words = [_first_alternatives(w) for w in grown[:_BRACE_WORDS]]
    for m in _BRACE.finditer(path):
        for alt in m.group(1).split(","):
            words.append(_first_alternatives(path[:m.start()] + alt + path[m.end():]))
    return words


def _first_alternatives(path: str) -> str:
    """`path` with every brace list replaced by its first alternative."""
    while (m := _BRACE.search(path)) is not None:
        path = path[:m.start()] + m.group(1).split(",", 1)[0] + path[m.end():]
    return path


@lru_cache(maxsize=4096)
def kinds(path: str) -> frozenset[str]:
    """Every category `path` falls into (empty for ordinary project paths). A word with
    a brace list counts as every word it expands to."""
    if "{" in path and "," in path and _BRACE.search(path):
        found: set[str] = set()
        for alt in _brace_alternatives(path):
            found |= _plain_kinds(alt)
        return frozenset(found)
    return _plain_kinds(path)


_IS_SECRET_FILE, _IS_NOT_SECRET, _IS_PERSISTENCE, _IS_DEVICE, _IS_LOG = (
    _Globs(_SECRET_FILES), _Globs(_NOT_SECRET), _Globs(_PERSISTENCE), _Globs(_DEVICE), _Globs(_LOG))
_IS_WIN_SECRET, _IS_WIN_STORE, _IS_WIN_PERSISTENCE = (
    _Globs(_WIN_SECRET, re.IGNORECASE), _Globs(_WIN_STORE, re.IGNORECASE), _Globs(_WIN_PERSISTENCE, re.IGNORECASE))


def _windows_kinds(p: str, out: set[str]) -> None:
    """Add the Windows kinds of the normalised path `p` (one under _WIN_HEADS) to `out`."""
    secret = _IS_WIN_SECRET(p)
    if secret or _IS_WIN_STORE(p):
        out.add(SECRET)
        if not secret:
            out.add(STORE)
    if p[:5] == "/mnt/" and _WIN_SYSTEM.fullmatch(p):
        out.add(SYSTEM)
    if _IS_WIN_PERSISTENCE(p) or _IS_WIN_PERSISTENCE(p + "/x"):
        out.add(PERSISTENCE)  # (p + "/x": the folder itself, `cp x "$STARTUP/"`)


def _plain_kinds(path: str) -> frozenset[str]:
    """kinds() of a word without brace lists (a list that did not expand, `{a}`, stays literal)."""
    p = normalize(path)
    if not p or not (p[0] in "~/." or "/.git/" in p):
        return frozenset()
    out = set()
    secret = _IS_SECRET_FILE(p)
    # a store's folder, or a file in it that is not a credential file by its own name
    store = not secret and p.startswith(_STORE_HEADS) and _STORE_RX.match(p) is not None
    if (secret or store) and not _IS_NOT_SECRET(p):
        out.add(SECRET)
        if store:
            out.add(STORE)
    if (_IS_PERSISTENCE(p) or _IS_PERSISTENCE(p + "/x")) and not _SAMPLE_HOOK.search(p):
        out.add(PERSISTENCE)  # (p + "/x": a hook directory itself, cp x ~/.config/autostart/)
    if p in _SYSTEM_TOP or (p.startswith(_SYSTEM_TREES) and p not in HARMLESS_DEV
                            and not p.startswith(_NOT_SYSTEM)) or "TCC" in p and TCC_DB.match(p):
        out.add(SYSTEM)
    if p.startswith("/dev/") and _IS_DEVICE(p):
        out.add(DEVICE)
    if _IS_LOG(p):
        out.add(LOG)
    if p in ("~", "~/*", "~/.*", "~/.[!.]*"):
        out.add(HOME)
    if p.startswith(_TOOL_DIR_HEADS) and p.rsplit("/", 1)[-1] in _SHADOWED:
        out.add(PERSISTENCE)  # `cp x ~/.local/bin/git`: every later `git` runs it
    if p[:14].lower().startswith(_WIN_HEADS):
        _windows_kinds(p, out)
    return frozenset(out)


# -- credentials kept beside ordinary settings, and a project's signing material (session 14) -----------------------
# Gradle's and Maven's user settings hold repository and signing passwords beside the JVM and mirror settings an agent
# reads every day (`grep org.gradle ~/.gradle/gradle.properties`); a release keystore, its `key.properties`, an App
# Store Connect key and the provisioning profiles are read by the project's own release build (`./gradlew
# assembleRelease`, `fastlane`). Reading one here is ordinary; sending one off the machine is the theft (bash/net.py
# judges them as a project's `.env`). The same for a tool's folder that holds a credential file (`~/.android`,
# `~/.gem`, `~/.nuget`): archived and uploaded, the credential goes with it.
_HELD_FILES = ("~/.gradle/gradle.properties", "~/.m2/settings.xml", "~/Library/MobileDevice/Provisioning Profiles",
               "~/Library/MobileDevice/Provisioning Profiles/*", "~/.appstoreconnect/private_keys/*",
               "~/.private_keys/*", "~/private_keys/*") + _SSH_CONFIG + (
    # the coding agents' user-level MCP tables (session 18): their servers' `env` hold the tokens the servers call
    # GitHub, Slack, databases with (`~/.claude.json` also an API key login's key), and adding a server to one is
    # ordinary work, so they are read and edited here but never sent. A project's own `.mcp.json` is the project's
    # file, read, edited and pushed as any (its tokens belong in the environment, not in the repository).
    "~/.claude.json", "~/.claude.json.backup", "~/.cursor/mcp.json", "~/.codeium/windsurf/mcp_config.json",
    "~/.config/Claude/claude_desktop_config.json", "~/Library/Application Support/Claude/claude_desktop_config.json",
    "~/AppData/Roaming/Claude/claude_desktop_config.json",
    # the warehouses' clients keep their connections' passwords beside their settings: dbt's profiles, SnowSQL's and
    # the Snowflake CLI's connections (read to check a target every day, `dbt debug` reads them itself)
    "~/.dbt/profiles.yml", "~/.snowsql/config", "~/.snowflake/connections.toml", "~/.snowflake/config.toml",
    # Steam's client settings: its login cache (`config.vdf`'s cached tokens, `loginusers.vdf`) beside the library
    # folders and download settings a game developer reads (session 20); Perforce's per-user settings (P4PASSWD)
    "~/.steam/steam/config/*", "~/.steam/root/config/*", "~/.local/share/Steam/config/*",
    "~/Library/Application Support/Steam/config/*", "~/.p4enviro",
    # VS Code's (and its forks': Insiders, VSCodium, Cursor, Windsurf) state database: every extension's globalState
    # beside the signed-in accounts' sessions and the `secret://` entries of the SecretStorage API (session 21). An
    # extension's author queries its own keys there (`SELECT key, length(value) … LIKE 'acme.%'`); sent off the
    # machine it is every extension's tokens.
    "~/.config/*/User/globalStorage/state.vscdb*", "~/Library/Application Support/*/User/globalStorage/state.vscdb*",
    "~/AppData/Roaming/*/User/globalStorage/state.vscdb*", "~/.vscode-server/data/User/globalStorage/state.vscdb*")
# services' own secret stores, read and copied by their administration every day (a backup before an upgrade, a query
# of the dashboards table, the settings grepped) and never sent anywhere: Grafana's database (users' password hashes,
# API keys, data sources' credentials) and settings (`secret_key` that decrypts those, the admin password), a
# cluster's admin kubeconfig, the GitLab runner's tokens (session 18)
_HELD_SYSTEM = ("/var/lib/grafana/grafana.db", "/etc/grafana/grafana.ini", "/etc/kubernetes/admin.conf",
                "/etc/kubernetes/super-admin.conf", "/etc/rancher/k3s/k3s.yaml", "/etc/gitlab-runner/config.toml")
# a device's own secrets, read by its administration (`sudo cat` of a connection to check its settings, a backup of
# the identity before reflashing) and never sent (session 20): saved Wi-Fi and VPN passwords (NetworkManager's
# connections, wpa_supplicant's and iwd's networks, WireGuard's private keys, IPsec and PPP secrets), and Mender's
# device identity (the key the device authenticates to the update server with)
_HELD_SYSTEM_GLOBS = _Globs((
    "/etc/NetworkManager/system-connections", "/etc/NetworkManager/system-connections/*", "/etc/wpa_supplicant",
    "/etc/wpa_supplicant/*.conf", "/etc/wpa_supplicant.conf", "/var/lib/iwd", "/var/lib/iwd/*.psk",
    "/var/lib/iwd/*.8021x", "/etc/wireguard", "/etc/wireguard/*", "/etc/ipsec.secrets",
    "/etc/ppp/chap-secrets", "/etc/ppp/pap-secrets", "/var/lib/mender", "/var/lib/mender/*"))
# a web shop's or a CMS's settings file holding its database password and its encryption key beside the code (Magento's
# `app/etc/env.php`, WordPress's `wp-config.php`): the application's `.env` by another name. Nextcloud's and ownCloud's
# `config/config.php` holds the database password, `secret` and `passwordsalt` the same way (session 22), and Drupal's
# `sites/<site>/settings.php` its database password and hash salt
_APP_SECRET_FILE = re.compile(r"(?:^|/)(?:app/etc/env\.php|wp-config\.php|sites/[\w.-]+/settings(?:\.local)?\.php|"
                              r"(?:nextcloud|owncloud)[^/]*/config/config\.php)$|"
                              r"^/var/www/html/config/config\.php$")
# A self-hosted service's own credential stores (session 22), read and backed up by its administrator every day (`cat
# secrets.yaml` to check an entry, `cp acme.json acme.json.bak` before an upgrade) and never sent anywhere: Home
# Assistant's `secrets.yaml` and its `.storage` token and login stores (every long-lived token, the users' password
# hashes, the integrations' credentials), acme.sh's saved DNS-provider API keys (`account.conf`, each domain's
# `.conf`), Traefik's `acme.json` (every issued certificate's private key), certbot's DNS plugin credentials
# (`~/.secrets/*.ini`, `/etc/letsencrypt/*.ini`), Let's Encrypt's live and archived keys and accounts as folders (the
# key files themselves are _PRIVATE_KEY_FILE's), Proxmox's private folder, Tailscale's and Headscale's node keys,
# cloudflared's tunnel credentials, restic's repository passwords and keys, Vaultwarden's database. (A Home Assistant
# folder's name is read up to the next `homeassistant` / `hass` in it, whose own try finds the same file.)
_SERVICE_SECRET = re.compile(
    r"(?:^|/)\.storage/(?:auth|auth_provider\.[\w.]+|core\.config_entries|cloud|application_credentials|http\.auth|"
    r"onboarding)$|"
    r"(?:^/config|^~/\.homeassistant|home-?assistant(?:(?!home-?assistant)[^/])*+|hass(?:(?!hass)[\w.-])*+|/esphome)"
    r"(?:/[^/]+)?/secrets\.ya?ml$|"
    r"(?:^|/)\.?acme\.sh/(?:account\.conf|[^/]+/[^/]+\.conf|ca/.+)$|(?:^|/)acme\.json$|"
    r"^~/\.secrets(?:/.+)?$|^/etc/letsencrypt(?:/(?:live|archive)(?:/[^/]+)?|/accounts(?:/.*)?|/keys(?:/.*)?|"
    r"/[^/]+\.ini)?$|^/etc/pve/priv(?:/.*)?$|^/var/lib/(?:tailscale|headscale)(?:/.*)?$|"
    r"^(?:~|/etc|/root)/\.?cloudflared/(?:[^/]+\.json|cert\.pem)$|"
    r"^/etc/restic/(?:[^/]*(?:pass|key|secret|token)[^/]*|[^/]+\.env)$|"
    r"(?:^|/)(?:vaultwarden|vw-data|bitwarden_rs)(?:/data)?/db\.sqlite3(?:-wal|-shm)?$")
# The credential stores of a team's mail, forge, registry and media servers (session 23), read by their administrators
# (`sudo postmap`, a backup before an upgrade) and never sent anywhere: DKIM signing keys (whoever holds one signs mail
# as the domain), Postfix's relay password maps and Dovecot's user and master-user files; GitLab's secrets file (it
# decrypts every CI variable and 2FA seed), its first root password and `gitlab.rb`; Gitea/Forgejo's `app.ini` (its
# SECRET_KEY and INTERNAL_TOKEN) and database; an htpasswd file (a registry's or Verdaccio's users); Nexus's first admin
# password; Plex's Preferences.xml (the account token) and Jellyfin's database; CloudFront's signing key pairs;
# Google OAuth client secrets and the tokens saved beside them; a browser test's saved login (Playwright's storage
# state: the session cookies of the account it logged in)
_SERVER_SECRET = re.compile(
    r"^/etc/opendkim/(?:keys/)?.*\.private$|^/etc/(?:opendkim|dkim|rspamd|exim4?)/.*(?:dkim|keys?)/[^/]+\.(?:private|key|pem)$|"
    r"^/etc/postfix/[^/]*(?:passwd|password|secret)[^/]*$|^/etc/dovecot/(?:[^/]*(?:users|passwd|master)[^/]*)$|"
    r"^/etc/gitlab/(?:gitlab-secrets\.json|initial_root_password|gitlab\.rb)$|"
    r"(?:^|/)gitea/(?:conf/|custom/conf/)?app\.ini$|^/etc/(?:gitea|forgejo)/app\.ini$|(?:^|/)(?:gitea|forgejo)\.db$|"
    r"(?:^|/)\.?htpasswd$|(?:^|/)(?:nexus-data|sonatype-work/nexus3)/admin\.password$|"
    r"/Plex Media Server/Preferences\.xml$|^/var/lib/jellyfin/data/(?:jellyfin|library)\.db$|"
    r"(?:^|/)(?:\.cloudfront/)?pk-APK[A-Z0-9]+\.pem$|"
    r"(?:^|/)(?:client_secrets?(?:_[\w.-]+)?|(?:youtube|google|gmail|gdrive|drive|calendar)[\w-]*_?(?:token|credentials))\.json$|"
    r"(?:^|/)(?:playwright/)?\.auth/[^/]+\.json$|(?:^|/)storage-?[sS]tate[\w.-]*\.json$|"
    # (session 24) the Salesforce CLIs' org logins (each org's access and refresh token), a connected app's JWT key
    # and consumer secret kept in the project, the Snap Store login exported for CI
    r"^~/\.(?:sfdx|sf)(?:/.*)?$|(?:^|/)[^/]*connected_?app[^/]*\.(?:properties|json|key|pem)$|"
    r"^~/\.config/snapcraft/[^/]+\.cfg$")
# OpenVPN's keys and the settings that carry them, by WireGuard's reasoning (_HELD_SYSTEM_GLOBS): a server's or a
# client's `.conf` under /etc/openvpn and any `.ovpn` profile hold the private key, the tls-auth/tls-crypt key and the
# CA inline (`<key>…</key>`) or beside them; an `auth-user-pass` file holds a login; easy-rsa's `pki/private` the CA's
# and every issued key; the Access Server's databases its keys. Read, checked and backed up by the VPN's
# administration (`sudo cat server.conf`, `easyrsa build-client-full`), never sent; their backups (`server.conf.bak`)
# too. (A `.key` file is _PRIVATE_KEY_FILE's wherever it is; certificates, `dh.pem`, `crl.pem`, the status log are
# public.)
_VPN_SECRET = re.compile(
    r"^/etc/openvpn(?:/(?:server|client|keys|easy-?rsa(?:/pki(?:/private)?)?|pki(?:/private)?))?$|"
    r"^/etc/openvpn/(?:[^/]++/)*+(?:[^/]*\.conf(?:[.~][\w~-]*+)?|[^/]*?(?:pass|auth|cred|secret|login)[^/]*+)$|"
    r"[^/]\.ovpn(?:[.~][\w~-]*+)?$|(?:^|/)pki/private(?:/[^/]++)?$|(?:^|/)easy-?rsa[^/]*+/pki$|"
    r"^/usr/local/openvpn_as/etc/db(?:/[^/]++)?$", re.IGNORECASE)
# signing keys and their passwords by name: Java keystores, PKCS#8/#12 keys, Apple's profiles, the properties files
# Android's signing configs read (the well-known debug keystore, whose password is "android", is no secret); a
# service's Kerberos keytab (its long-term key: `kinit -kt svc.keytab` logs in as the service anywhere)
_SIGNING_FILE = re.compile(r"(?:^|/)(?:[^/]+\.(?:jks|keystore|p8|p12|pfx|mobileprovision|provisionprofile|keytab)|"
                           r"(?:key|keystore|signing|release-signing|upload-keystore)\.properties)$", re.IGNORECASE)
_NOT_SIGNING = re.compile(r"(?:^|/)debug\.keystore$")
# a private key file by its name (session 17b: `curl -F key=@keys/fw_signing_ed25519.pem`): a `.key`, a PEM whose name
# says it holds a key (`privkey.pem`, `server-key.pem`, `fw_signing_ed25519.pem`), an ssh key pair's private half
# (`id_rsa`, `deploy_ed25519`). A certificate (`cert.pem`, `fullchain.pem`, `ca.crt`) and a `.pub` are public.
# (the key word is looked for ahead and the name then read once to its `.pem`: `key-key-…` is not reread from each;
# no key word overlaps `.pem`)
_PRIVATE_KEY_FILE = re.compile(r"(?:^|/)(?:[^/]+\.key|(?=[^/]*?(?:key|priv|private|signing))[^/]*\.pem|"
                               r"(?:id|[^/]+)_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:\.pem)?)$", re.IGNORECASE)
_NOT_PRIVATE_KEY = re.compile(r"(?:^|/)[^/]*(?:pub|public)[^/]*$", re.IGNORECASE)
# a .pem in a folder of keys is one whatever its name (`keys/*.pem`, `jwt/signing.pem`), unless it says it is a
# public key or a certificate
_KEY_FOLDER_PEM = re.compile(r"(?:^|/)(?:keys|private|secrets|jwt)/[^/]+\.pem$", re.IGNORECASE)
_NOT_KEY_PEM = re.compile(r"(?:^|/)[^/]*(?:pub|public|cert|chain|(?<![a-z])ca(?![a-z]))[^/]*$", re.IGNORECASE)
# a cloud service account's key file by its name (`prod-sa-key.json`, `service-account-key.json`), and the JSON
# files of a scheduler's or a mounted secrets folder (`/opt/airflow/secrets/`, a mounted `/var/secrets/`): the project's
# jobs read them (GOOGLE_APPLICATION_CREDENTIALS), sending one is handing over the account
_SERVICE_KEY_FILE = re.compile(r"(?:^|/)(?:[^/]*service[-_]?account[^/]*(?:key|cred)|(?:[^/]*[-_.])?sa[-_]?(?:key|cred)|"
                               # (session 32) the app stores' and Firebase's keys: Google Play's service account for
                               # fastlane supply, App Store Connect's API key as JSON, a Firebase Admin SDK key
                               r"[^/]*play[-_](?:store[-_])?(?:service[-_]?account|api[-_]?key|credentials?)|"
                               r"[^/]*(?:asc|app[-_]?store[-_]?connect)[-_]?api[-_]?key|[^/]*firebase-adminsdk)"
                               r"[^/]*\.json$|^/(?:opt|var|run|etc|srv)/(?:[^/]+/)*secrets/(?:[^/]+/)?[^/]+\.json$",
                               re.IGNORECASE)
# a folder kept for the signing material (`.ci/signing/`, `keystores/`, `private_keys/`): copied whole, its keys go too
_SIGNING_FOLDER = re.compile(r"(?:^|/)\.?(?:signing(?:[-_](?:keys?|certs?|material))?|keystores?|private[-_]?keys)/?$",
                             re.IGNORECASE)
# folders that hold many tools' files, not one tool's credentials: sent whole they are a migration, judged elsewhere
_CONTAINERS = frozenset({"~", "~/.config", "~/.local", "~/.local/share", "~/.cache", "~/Library",
                         "~/Library/Application Support", "~/Library/Containers", "~/Library/Group Containers",
                         "~/Library/MobileDevice", "~/.var", "~/.var/app", "~/snap"})
_GLOB_CHARS = re.compile(r"[*?\[]")


def _credential_folders() -> frozenset[str]:
    """The home folders above each credential file pattern, up to the first pattern character (`~/.gem` for
    `~/.gem/credentials`, `~/.nuget` and `~/.nuget/NuGet` for NuGet's config), the shared containers left out."""
    out: set[str] = set()
    for pattern in _SECRET_FILES + _HELD_FILES:
        if not pattern.startswith("~/"):
            continue
        parts = pattern.split("/")
        for k in range(2, len(parts)):
            if _GLOB_CHARS.search(parts[k - 1]):
                break
            out.add("/".join(parts[:k]))
    return frozenset(out - _CONTAINERS)


_CREDENTIAL_FOLDERS = _credential_folders()
_IS_HELD = _Globs(_HELD_FILES)


@lru_cache(maxsize=1024)
def held_secret(path: str) -> bool:
    """A credential file read here every day but never sent anywhere (see _HELD_FILES): a build tool's settings with
    its passwords, a signing key or its password file."""
    p = normalize(path)
    if _SIGNING_FILE.search(p):
        return not _NOT_SIGNING.search(p)
    if _PRIVATE_KEY_FILE.search(p):
        return not _NOT_PRIVATE_KEY.search(p)
    if _KEY_FOLDER_PEM.search(p):
        return not _NOT_KEY_PEM.search(p)
    if p.endswith((".json", ".JSON")) and _SERVICE_KEY_FILE.search(p) or _SIGNING_FOLDER.search(p):
        return True
    if p.endswith(".php") and _APP_SECRET_FILE.search(p):
        return True
    if _SERVICE_SECRET.search(p) or _SERVER_SECRET.search(p):
        return True
    if ("vpn" in p or "pki" in p or "VPN" in p) and _VPN_SECRET.search(p):
        return True
    from .industrial_tables import held_file  # (session 30: SROS2 keystores, OPC UA keys, Node-RED's credentials)

    if held_file(p):
        return True
    from .erp_tables import held_file as erp_file  # (session 30: Odoo's and ERPNext's settings, integrations' tokens)

    if erp_file(p):
        return True
    from .geo_tables import held_file as geo_file  # (session 30: GeoServer's security folder, QGIS's logins)

    if geo_file(p):
        return True
    from .lms_tables import held_file as lms_file  # (session 31: Moodle's config.php, Canvas's and Tutor's settings)

    if lms_file(p):
        return True
    from .hpc_tables import held_file as hpc_file  # (session 31: slurmdbd.conf, Slurm's JWT key, PBS's server_priv)

    if hpc_file(p):
        return True
    from .streaming_tables import held_file as streaming_file  # (session 32: OBS stream keys, DRM keys, Wowza, Icecast)

    if streaming_file(p):
        return True
    from .games_tables import held_file as games_file  # (session 32: Wings' config.yml, Unity's licence, Steam's login)

    if games_file(p):
        return True
    return p[:2] == "~/" and _IS_HELD(p) or p[:5] in ("/var/", "/etc/") and (p in _HELD_SYSTEM or _HELD_SYSTEM_GLOBS(p))


def held_in_text(text: str) -> bool:
    """Whether a word of the command text `text` (quotes removed) names a held credential file (held_secret), for the
    screens of the programs that copy files to another machine."""
    return any(held_secret(t.split(":", 1)[0]) for t in text.split() if t[:1] != "-" and ("/" in t or "." in t))


# a project's environment file (its secrets: read by the app, sent nowhere), not its template
_DOTENV = re.compile(r"(?:^|/)\.env(?:\.(?!example$|sample$|template$|dist$|defaults$|schema$)[\w.-]+)?$")


def dotenv_file(path: str) -> bool:
    """`.env`, `config/.env.production`: a project's environment file, not `.env.example` and the like."""
    return _DOTENV.search(path) is not None


def credential_folder(path: str) -> bool:
    """A tool's folder in the home that holds its credential files (`~/.android`, `~/.gem`, `~/.m2`)."""
    return path[:1] in "~$/" and normalize(path).rstrip("/") in _CREDENTIAL_FOLDERS


def is_secret(path: str) -> bool:
    return SECRET in kinds(path)


def is_persistence(path: str) -> bool:
    return PERSISTENCE in kinds(path)


SECRET_HINT = re.compile(
    r"(?:~|\$\{?HOME\}?|/root|/home/[^/\s'\"]+)/\.(?:ssh/(?!known_hosts|config(?:\.d/[\w.@-]*)?(?![\w./])|"
    r"[^\s'\"]*\.pub)|aws|netrc|config/gh|"
    r"docker/config\.json|kube/config|gnupg|git-credentials|pypirc|npmrc|config/gcloud|azure|vault-token|config/sops/age)"
    r"|/etc/(?:g?shadow|sudoers)|/proc/[^/\s]+/environ"
)


_VAR_WORD = re.compile(r"^[\"']?\$(?:\{(\w+)\}|(\w+))[\"']?$")


def secret_var_file(text: str) -> str | None:
    """`"$GOOGLE_APPLICATION_CREDENTIALS"`, `${DB_PASSWORD_FILE}`: a word that is only a variable whose value is the
    path of a credential file (secret_owner.secret_file_var), named as `$NAME`; None otherwise. Its value is not known
    here, what it names is."""
    if "$" not in text:
        return None
    m = _VAR_WORD.match(text.strip())
    if m is None:
        return None
    from .secret_owner import secret_file_var

    name = m.group(1) or m.group(2)
    return f"${name}" if secret_file_var(name) else None


def secret_in_text(text: str) -> str | None:
    """A secret path mentioned anywhere in free text (inline code of languages we do not parse)."""
    m = SECRET_HINT.search(text)
    return m.group(0) if m else None
