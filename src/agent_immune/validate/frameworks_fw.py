"""Tables the shell, Python and TypeScript rules about web frameworks share (session 28): what says a command or a
script works on production, which of a framework's settings are its secrets, which console code prints them."""
from __future__ import annotations

import re

from .common_code import remote_target

# a command or script pointed at production: Django's settings module, Rails', Laravel's, Phoenix's, Node's
# environment, Spring's profile (`config.settings.production`, `--env=production`, `RAILS_ENV=production`,
# `MIX_ENV=prod`, `--settings=shop.settings_prod`, `-Dspring.profiles.active=prod`)
PRODUCTION_SETTINGS = re.compile(r"(?i)(?:DJANGO_SETTINGS_MODULE|--settings)\W{1,3}[\w.]*\bprod\w*|"
                                 r"settings[._]prod\w*|"
                                 r"\b(?:RAILS_ENV|RACK_ENV|APP_ENV|MIX_ENV|NODE_ENV|FLASK_ENV|--env|-e)\W{1,3}prod\w*|"
                                 r"profiles\.active\W{1,3}prod\w*")
# the environment a command says it runs in, when it says so: the test one's database is thrown away and rebuilt
TEST_ENV = re.compile(r"\b(?:RAILS_ENV|RACK_ENV|APP_ENV|MIX_ENV)=[\x27\x22]?test\b|--env(?:=|\s+)test\b|"
                      r"DJANGO_SETTINGS_MODULE=[\w.]*\btest")

# the framework's own secrets, read off its settings object (`settings.SECRET_KEY`, `s.DATABASES`); a service's
# token kept in the settings (`settings.STRIPE_API_KEY`) goes to its service every day, and is left to the rules
# that know whose it is
_SECRET_SETTINGS = (r"(?:SECRET_KEY\w*|DATABASES|CACHES|\w*PASSWORD\w*|SIGNING_KEY|DATABASE_URL|CELERY_BROKER_URL|"
                    r"BROKER_URL)")


def settings_secret_rx(aliases: set[str]) -> re.Pattern:
    """A read of a secret setting off one of the names the settings object goes by."""
    names = "|".join(re.escape(a) for a in sorted(aliases)[:8])
    return re.compile(r"\b(?:" + names + r")\s*\.\s*" + _SECRET_SETTINGS + r"\b|\bgetattr\s*\(\s*(?:" + names +
                      r")\s*,\s*[\x27\x22]" + _SECRET_SETTINGS + r"[\x27\x22]")


_URL = re.compile(r"""(?:https?|wss?|ftp)://[^\s\x27\x22`)<>]+""")


def remote_in(text: str) -> str | None:
    """The first host off this machine a URL written in `text` names."""
    for m in _URL.finditer(text):
        host = remote_target(m.group(0))
        if host:
            return host
    return None


# code run in a framework's console that reads its secrets: Rails' credentials and environment, Laravel's config
# and environment, Phoenix's application environment, Django's settings (`rails runner 'puts Rails.application
# .credentials.config'`, `artisan tinker --execute='echo config("app.key")'`, `mix run -e 'IO.puts(Application
# .get_env(:shop, ShopWeb.Endpoint)[:secret_key_base])'`)
CONSOLE_SECRET = re.compile(r"(?i)credentials|secret_key_base|master_key|\bsecrets\b|\bENV\b|getenv|\$_ENV|\$_SERVER|"
                            r"\benv\s*\(|System\.get_env|Application\.get_env|get_all_env|"
                            r"config\s*\(\s*[\x27\x22](?:app\.key|database|mail|services|queue|redis|cache|"
                            r"broadcasting|filesystems|session|auth)|"
                            r"SECRET_KEY|DATABASES|passw|secret|api_?key|token|private_key|dsn\b")
# code run in a console that makes an administrator (`User::forceCreate([... 'is_admin' => true])`,
# `User.create!(admin: true, …)`, `User.objects.create_superuser(…)`)
_ADMIN_VERB = re.compile(r"(?i)(?:create|forceCreate|make|new|update|save|firstOrCreate|updateOrCreate|"
                         r"find_or_create_by|create_superuser|set_password|assignRole|add_role)\b")
_ADMIN_WORD = re.compile(r"(?i)admin|superuser|is_staff|role\W{1,6}(?:admin|owner|root)|password")
_ADMIN_ALONE = re.compile(r"(?i)create_superuser|assignRole\s*\(\s*[\x27\x22](?:admin|super)")


def console_admin(code: str) -> bool:
    """Does console code make or change an account with administrator rights or a password (`User::forceCreate([…
    'is_admin'=>true])`, `User.create!(admin: true)`, `u.set_password(…)`)? A verb, then an administrator's word
    before the statement's `;`. Only the first verb of a statement is tried (a later one's end is later, the words after
    it fewer), each statement's words searched once: a run of verbs read to the `;` from each made it quadratic."""
    if _ADMIN_ALONE.search(code):
        return True
    done = -1
    for v in _ADMIN_VERB.finditer(code):
        end = code.find(";", v.end())
        end = len(code) if end == -1 else end
        if end == done:
            continue
        done = end
        m = _ADMIN_WORD.search(code, v.end(), end + 16)  # (`role;'admin`: a word may run past the `;` it starts before)
        if m is not None and m.start() < end:
            return True
    return False
