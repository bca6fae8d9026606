"""Server-side web frameworks (Rails, Laravel, Django, Flask/FastAPI, Phoenix, Spring Boot, NestJS/Express/Next.js) and their job queues, from the shell (session 28).

- a framework's command that prints its secrets (`rails credentials:show`, `artisan config:show`, `manage.py
  diffsettings`, `manage.py dumpdata auth.user`, console code reading them: `rails runner 'puts ENV.to_h'`, `artisan
  tinker --execute='echo config("app.key")'`, `mix run -e 'IO.puts(…secret_key_base)'`) piped or substituted into a
  program that sends: blocked (`exfiltration`), as ecosystems._SECRET_PRINTERS are;
- `manage.py shell -c CODE` (and `django-admin shell -c`): the code judged as Python;
- an administrator made in production (`createsuperuser --noinput` with the production settings, `artisan tinker
  --env=production --execute="User::forceCreate([… 'is_admin' => true])"`, `rails runner -e production
  'User.create!(admin: true, …)'`): blocked (`privilege-escalation`) when the command gives the password, held
  otherwise;
- a queue emptied for good: `celery purge` on a broker that is not this machine's, `artisan queue:flush`,
  `queue:clear`, `horizon:clear` in production: reviewed `irreversible`;
- a PHP file downloaded into a folder the web server serves (`curl … -o public/status.php`): blocked from a bare
  address or over plain HTTP (a web shell's usual way in), held from other hosts;
- text appended or inserted into the project's code by `sed` (`/re/a TEXT`, `/re/i TEXT`): judged as an edit adding
  that text (source_patch.judge: a sender by a login's body, a backdoor key);
- a composer.json script hook set with jq (`.scripts["post-autoload-dump"] += ["curl … | sh"]`): the command judged as
  the script composer runs on every install.
"""
from __future__ import annotations

import re

from .. import frameworks_fw as fw
from .. import source_patch
from ..hosts import loopback, stranger_host, url_host
from .commands import Cmd, option_value
from .common import NET_SENDERS, feeders

_PY = ("python", "pypy", "ipython")


def _vals(cmd: Cmd) -> list[str]:
    return [v or "" for v in cmd.values()]


def _manage(cmd: Cmd) -> list[str] | None:
    """The words after `manage.py` (or `django-admin`), or None when the command is neither."""
    vals = _vals(cmd)
    if cmd.name == "django-admin":
        return vals
    if cmd.name in _PY and vals and vals[0].rsplit("/", 1)[-1] == "manage.py":
        return vals[1:]
    return None


def _artisan(cmd: Cmd) -> list[str] | None:
    vals = _vals(cmd)
    if cmd.name == "php" and vals and vals[0].rsplit("/", 1)[-1] == "artisan":
        return vals[1:]
    return None


def _code_of(words: list[str], *opts: str) -> str | None:
    """The value of one of `opts` (`--execute CODE`, `--execute=CODE`, `-e CODE`, `-c CODE`)."""
    for i, v in enumerate(words):
        if v in opts and i + 1 < len(words):
            return words[i + 1]
        key, eq, val = v.partition("=")
        if eq and key in opts and key.startswith("--"):
            return val
    return None


# -- what prints a secret ---------------------------------------------------------------------------------------------
_USER_TABLES = re.compile(r"(?i)^(?:auth|auth\.user|users?|accounts?|\w+\.user|\w+\.users|\w+\.profile|"
                          r"sessions?|\w+\.session|authtoken|\w+\.token|oauth\w*|socialaccount|otp\w*)$")


def printed(cmd: Cmd) -> str | None:
    """What of the framework's secrets `cmd` prints (for the message), or None."""
    vals = _vals(cmd)
    if cmd.name == "rails" or cmd.name == "rake":
        if any(v in ("credentials:show", "encrypted:show") or v.startswith("credentials:show") for v in vals):
            return "`rails credentials:show` (the decrypted credentials)"
        if vals and vals[0] in ("runner", "r"):
            code = next((v for v in vals[1:] if not v.startswith("-") and v not in ("production", "staging")), "")
            if fw.CONSOLE_SECRET.search(code):
                return "`rails runner` code reading the app's credentials or environment"
        return None
    art = _artisan(cmd)
    if art is not None:
        if art and art[0] == "config:show":
            return f"`artisan config:show {' '.join(art[1:2])}` (the app key, database and mail passwords)"
        if art and art[0] == "env:decrypt" and "--show" in art:
            return "`artisan env:decrypt` (the decrypted environment file)"
        if art and art[0] == "tinker":
            code = _code_of(art, "--execute") or ""
            if fw.CONSOLE_SECRET.search(code):
                return "`artisan tinker` code reading the app's key, passwords or environment"
        return None
    if cmd.name == "mix" and vals[:1] == ["run"] or cmd.name == "mix" and vals[:1] == ["eval"] or \
            cmd.name in ("elixir", "iex"):
        code = _code_of(vals, "-e", "--eval") if vals[:1] == ["run"] or cmd.name != "mix" else \
            (vals[1] if len(vals) > 1 else "")
        if code and fw.CONSOLE_SECRET.search(code):
            return "Elixir code reading the app's secret key base or environment"
        return None
    m = _manage(cmd)
    if m is not None and m:
        if m[0] == "diffsettings":
            return "`manage.py diffsettings` (every setting: the secret key, the database's password)"
        if m[0] == "dumpdata":
            labels = [v for v in m[1:] if not v.startswith("-")]
            if not labels or any(_USER_TABLES.match(v) for v in labels):
                return "`manage.py dumpdata` of the accounts (their password hashes, emails, sessions)"
        if m[0] == "shell":
            code = _code_of(m, "-c", "--command") or ""
            if fw.settings_secret_rx({"settings", "s"}).search(code) or re.search(r"\bSECRET_KEY\b|DATABASES", code):
                return "`manage.py shell` code reading the settings' secrets"
    return None


_PRINTERS = frozenset({"rails", "rake", "php", "mix", "elixir", "iex", "django-admin", *_PY})


def _sent(a, cmd: Cmd) -> None:
    """`bin/rails credentials:show | curl --data-binary @- …`, `curl -d "k=$(php artisan config:show app)" …`: a
    sender fed by an earlier stage of its pipeline, or by a substitution among its own words, that prints the
    framework's secrets."""
    for c in feeders(a, cmd, _PRINTERS):
        what = printed(c)
        if what is not None:
            a.block("exfiltration", f"{what} prints the application's secrets, and `{cmd.name}` sends them off the "
                                    "machine; never send them anywhere", c.node)
            return


# -- consoles: code judged as code, administrators made ---------------------------------------------------------------
def _production(a, cmd: Cmd) -> str | None:
    from .migrations import _shared

    return _shared(a, cmd, ("--env", "-e", "--environment", "--settings"), ())


def _literal_password(cmd: Cmd) -> bool:
    return any("PASSWORD" in n and w.value for n, w in cmd.assigns)


def _django(a, cmd: Cmd) -> None:
    m = _manage(cmd)
    if not m:
        return
    if m[0] == "shell":
        code = _code_of(m, "-c", "--command")
        if code:
            a.nested(code, "python", cmd.node, None)
    elif m[0] == "createsuperuser":
        where = _production(a, cmd)
        if where is None:
            return
        if "--noinput" in m or "--no-input" in m:
            # without DJANGO_SUPERUSER_PASSWORD the account gets an unusable password: no way in anyone holds, so
            # only a password given (on the command, or exported earlier in the script) makes it one
            given = _literal_password(cmd) or a.ev.vars.get("DJANGO_SUPERUSER_PASSWORD")
            how = a.block if given else a.review
            how("privilege-escalation", f"`manage.py createsuperuser` with {where} makes an administrator of the "
                                        "production site with a password this command sets: a way in no one "
                                        "granted. Ask the user to create the account", cmd.node)


def _console_admin(a, cmd: Cmd, code: str, what: str) -> None:
    if not code or not fw.console_admin(code):
        return
    where = _production(a, cmd)
    if where is None:
        return
    how = a.block if re.search(r"(?i)passw|bcrypt|Hash::make", code) else a.review
    how("privilege-escalation", f"{what} with {where} makes or promotes an administrator of the production site "
                                "(with a password it sets): a way in no one granted. Ask the user to create the "
                                "account", cmd.node)


def _php(a, cmd: Cmd) -> None:
    art = _artisan(cmd)
    if not art:
        return
    if art[0] == "tinker":
        _console_admin(a, cmd, _code_of(art, "--execute") or "", "`artisan tinker`")
    elif art[0] in _QUEUE_WIPES:
        where = _production(a, cmd)
        if where is not None:
            a.review("irreversible", f"`artisan {art[0]}` with {where} {_QUEUE_WIPES[art[0]]} of the production "
                                     "queue: there is no undo. Have a person confirm, or retry or prune the jobs "
                                     "instead", cmd.node)


_QUEUE_WIPES = {"queue:flush": "deletes every failed job (and what it would have done)",
                "queue:clear": "deletes every job waiting", "horizon:clear": "deletes every job waiting",
                "horizon:forget": "forgets failed jobs"}


def _rails(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if vals[:1] in (["runner"], ["r"]):
        code = next((v for v in vals[1:] if not v.startswith("-") and v not in ("production", "staging")), "")
        _console_admin(a, cmd, code, "`rails runner`")


def _celery(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if "purge" not in vals:
        return
    brokers = [w.value for n, w in cmd.assigns if n.endswith("BROKER_URL")]
    brokers += [w.value for w in option_value(cmd.args, "-b", "--broker")]
    for b in brokers:
        host = url_host(b) if b and "://" in b else None
        if b and host is not None and "$" not in host and loopback(host):
            return
    if not brokers and not any(n.endswith("BROKER_URL") for n in a.ev.vars):
        return  # the project's own broker, as its configuration names it (a local one in development)
    a.review("irreversible", "`celery purge` deletes every task waiting on the broker it is given (not this "
                             "machine's): they never run and there is no undo. Have a person confirm", cmd.node)


# -- a PHP file downloaded where the web server serves it -------------------------------------------------------------
_SERVED = re.compile(r"(?:^|/)(?:public|public_html|htdocs|www|web|wwwroot|wp-content|html)/|^/(?:var|srv)/www/")
_PHP_FILE = re.compile(r"(?i)\.(?:php[3-8]?|phtml|phar|pht)$")


def _downloaded_php(a, cmd: Cmd) -> None:
    outs = [w.value for w in option_value(cmd.args, "-o", "--output", "-O", "--output-document", cluster="oO")]
    outs = [o for o in outs if o and _PHP_FILE.search(o) and _SERVED.search(o)]
    if not outs:
        return
    urls = [v for v in _vals(cmd) if "://" in v]
    if not urls:
        return
    if any(stranger_host(u) for u in urls):
        a.block("persistence", f"`{cmd.name}` saves what {urls[0][:60]} serves (a bare address or plain HTTP) as "
                               f"{outs[0]}, a PHP file the web server runs for anyone who asks for its URL: how web "
                               "shells are planted. Add code to the project through its repository", cmd.node)
    else:
        a.review("persistence", f"`{cmd.name}` saves a downloaded file as {outs[0]}, a PHP file the web server runs "
                                "for anyone who asks for its URL; a person should confirm it is the tool it claims "
                                "to be", cmd.node)


# -- text sed appends to the project's code ---------------------------------------------------------------------------
# `/re/a TEXT`, `$a TEXT`, `3i\` + text: sed's append and insert commands (GNU's one-line form)
# (the blanks before the address are the line's own: `\s*` read every blank line after each line start)
_SED_ADD = re.compile(r"(?:^|[;\n])[^\S\n]*+(?:/(?:\\.|[^/\\])*/|\$|\d+)\s*[ai]\\?\s?([^\n]+)")


def _sed_added(a, cmd: Cmd) -> None:
    from .sed import edited_files

    files = edited_files(cmd, source_patch.CODE_FILE)
    if not files:
        return
    data = a.doc.data.decode("utf-8", "replace")
    for w in cmd.args:
        v = w.value or ""
        if v.startswith("-") or v in files:
            continue
        for m in _SED_ADD.finditer(v):
            found = source_patch.judge(None, m.group(1).replace("\\n", "\n"), files[0], data)
            if found is not None:
                a.block(*source_patch.message(found, f"`{cmd.name} -i`"), cmd.node)
                return


# -- composer's script hooks set with jq ------------------------------------------------------------------------------
_JQ_STRING = re.compile(r'"((?:\\.|[^"\\])*)"')


def _composer_scripts(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if not any(v.rsplit("/", 1)[-1] == "composer.json" for v in vals):
        return
    filt = next((v for v in vals if "scripts" in v and not v.startswith("-")), None)
    if filt is None:
        return
    from .written import blocked

    for m in _JQ_STRING.finditer(filt):
        text = m.group(1).replace('\\"', '"')
        if " " not in text:
            continue  # a key (`post-autoload-dump`), not a command
        found = blocked(a, text, "bash")
        if found is not None:
            a.block(found.rule, f"`{cmd.name}` sets a script of composer.json to `{text[:80]}`, which would be blocked "
                                f"({found.message}); composer runs it on every install and autoload dump", cmd.node)
            return


HANDLERS: dict = {
    **{n: [_sent] for n in NET_SENDERS},
    **{n: [_django] for n in (*_PY, "django-admin")},
    "php": [_php], "rails": [_rails], "celery": [_celery],
    "sed": [_sed_added], "gsed": [_sed_added], "jq": [_composer_scripts], "gojq": [_composer_scripts],
}
for _n in ("curl", "wget"):
    HANDLERS[_n].append(_downloaded_php)

# the words each handler reads (quotes and backslashes removed), for the shortcut (bash/fastpath.py)
_PRINTER_WORDS = re.compile(r"credentials:show|encrypted:show|config:show|env:decrypt|tinker|diffsettings|dumpdata|"
                            r"manage\.py\s+shell|(?:rails|bin/rails)\s+(?:runner|r)\b|mix\s+(?:run|eval)|\belixir\b|"
                            r"\biex\b")
_SENT = lambda text: _PRINTER_WORDS.search(text) is not None  # noqa: E731
SCREENS: dict = {
    **{n: _SENT for n in NET_SENDERS},
    **{n: (lambda text: "manage.py" in text and ("shell" in text or "createsuperuser" in text)) for n in _PY},
    "django-admin": lambda text: "shell" in text or "createsuperuser" in text,
    "php": lambda text: "artisan" in text and ("tinker" in text or "queue:" in text or "horizon:" in text),
    "rails": lambda text: "runner" in text or " r " in text,
    "celery": lambda text: "purge" in text,
    "sed": lambda text: _SED_ADD.search(text) is not None, "gsed": lambda text: _SED_ADD.search(text) is not None,
    "jq": lambda text: "composer.json" in text, "gojq": lambda text: "composer.json" in text,
}
for _n in ("curl", "wget"):
    SCREENS[_n] = lambda text: _SENT(text) or re.search(r"(?i)\.ph(?:p[3-8]?|tml|ar|t)\b", text) is not None
