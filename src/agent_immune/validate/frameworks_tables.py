"""A web application's own configuration and code that runs on every request or boot (session 28): framework
settings files, initializers, routes, dependency managers' script hooks.

Written from the shell (here-document, `tee`, `echo`, a redirect, `sed -i`), through server_config.py; written from
Python or TypeScript, through common_code.judge_written.

- a production environment file (`.env.production`, `.env.prod`): a broker's, cache's, database's or mail server's
  address set to a bare public address (`CELERY_BROKER_URL=redis://203.0.113.9:6379/0`): blocked, every task, cached
  page or mail then goes to whoever answers there; the mail relay (`MAIL_HOST`, `EMAIL_HOST`, `SMTP_HOST`) set
  to a host whose name is only mail words (`smtp.mailbox-relay.net`): blocked (it poses as a relay; password resets
  go through it); to a host no rule knows: held for a person (it may be the company's own relay); a sending service
  (SendGrid, Mailgun, SES …) or a host of the user's own network stays allowed;
- Spring Boot's settings (`application*.yml`, `application*.properties`): Spring Security's auto-configuration
  excluded in a production profile, or every actuator endpoint exposed with the environment's values shown: blocked
  (anyone who reaches the service reads its secrets and heap); every endpoint exposed alone in production: held;
- Rails' code that runs on boot or on every request (initializers, environments, routes, controllers; Python and
  TypeScript files are judged as the code they are, and edits of them by source_patch): judged as an edit adding that
  code (source_patch.judge: a sender next to the environment or credentials, a route running
  commands, a backdoor key, a master password, code fetched from another host and run).
"""
from __future__ import annotations

import re

from . import source_patch

# the paths this module reads, as a regex source searched in a command's text (a fast-path screen: keep it specific)
CONFIG_TARGET = (r"\.env(?:\.[\w-]+)?\b|application(?:-[\w-]+)?\.(?:ya?ml|properties)\b|"
                 r"config/(?:initializers|environments)/|config/(?:application|routes|puma)\.rb\b|"
                 r"app/(?:controllers|middleware)/")

_ENV_FILE = re.compile(r"(?:^|/)\.env(?:\.[\w-]+)?$")
_PROD_FILE = re.compile(r"(?i)prod")
_SPRING = re.compile(r"(?:^|/)application(?:-[\w-]+)?\.(?:ya?ml|properties)$")
# (Ruby's: Python, TypeScript and shell files written are judged as the code they are, common_code.judge_written)
_CODE = re.compile(r"(?:^|/)(?:config/(?:initializers|environments)/[^/]+\.rb|config/(?:application|routes|puma)\.rb|"
                   r"app/(?:controllers|middleware)/(?:[^/]+/)*[^/]+\.rb)$")


def config_kind(path: str) -> bool:
    """Whether `path` is a file this module judges the written text of."""
    p = path.strip().strip("'\"")
    return bool(_ENV_FILE.search(p) or _SPRING.search(p) or _CODE.search(p))


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` (for a `sed -i` edit, the edit's words joined by new lines); True when a finding
    was reported. `a` has only `block(rule, message, node)` and `review(rule, message, node)` when the writer is code."""
    p = path.strip().strip("'\"")
    if _ENV_FILE.search(p):
        return _env_file(a, p, text, node)
    if _SPRING.search(p):
        return _spring(a, p, text, node)
    if _CODE.search(p):
        found = source_patch.judge(None, text, p, text)
        if found is not None:
            a.block(*source_patch.message(found, "what is written"), node)
            return True
    return False


# -- environment files ------------------------------------------------------------------------------------------------
# a setting's name and value, on a line of the file or in a sed edit's replacement (`s|^X=.*|X=value|`)
_SETTING = re.compile(r"(?m)(?:^|[|/#;\s])(?:export\s+)?([A-Z][A-Z0-9_]*)=[\x27\x22]?([^\s\x27\x22|#]*)")
# settings whose value is where the app sends its data: queues, caches, databases, mail, object stores
_DATA_URL = re.compile(r"(?:BROKER|REDIS|CACHE|DATABASE|DB|QUEUE|AMQP|RABBITMQ|MONGO|ELASTIC\w*|MEMCACHE\w*|"
                       r"S3|STORAGE|MAIL|SMTP|EMAIL|SENTRY|LOG\w*)_?(?:URL|URI|DSN|HOST|ENDPOINT|SERVER)S?$|^DSN$")
_MAIL_HOST = re.compile(r"^(?:MAIL|SMTP|EMAIL)_?(?:HOST|SERVER|RELAY)$")
# words a mail relay's name is made of when it names no owner (`mailbox-relay.net`, `smtp-relay-mail.io`)
_MAIL_WORDS = frozenset("""
mail mails mailer mailbox mailboxes email emails smtp smtps relay relays mx post postal send sender sending outbound
inbound delivery deliver transport gateway secure safe fast pro cloud net box msg message messages notify notice
""".split())


def _bare(value: str) -> str | None:
    from .hosts import ip_literal, public_ip, url_host

    host = url_host(value) if "://" in value else value.split("/", 1)[0].split(":", 1)[0].strip("[]")
    return host if host and ip_literal(host) and public_ip(host) else None


def _posing_relay(host: str) -> bool:
    from .site_content import _registrable

    words = [w for w in re.split(r"[-_\d]+", _registrable(host)) if w]
    return bool(words) and all(w in _MAIL_WORDS for w in words)


def _known_relay(host: str) -> bool:
    from . import mail_tables
    from .hosts import loopback
    from .secret_owner import own_network

    return loopback(host) or own_network(host) or "." not in host or mail_tables.base(host) in mail_tables.PROVIDERS


def _env_file(a, path: str, text: str, node) -> bool:
    # (a development or server's own `.env` pointed at an address is the usual self-hosted setup, held where root
    # writes it; the production file is the one every deploy reads)
    if "=" not in text or not _PROD_FILE.search(path.rsplit("/", 1)[-1]):
        return False
    for m in _SETTING.finditer(text):
        key, value = m.group(1), m.group(2)
        if not value or "$" in value or not _DATA_URL.search(key):
            continue
        bare = _bare(value)
        if bare is not None:
            a.block("exfiltration", f"{path} sets {key} to {bare}, a bare public address: the app then sends its "
                                    "tasks, cached data, mail or records to whoever answers there. Point it at the "
                                    "service's own name, or ask the user", node)
            return True
        if _MAIL_HOST.match(key) and _PROD_FILE.search(path):
            host = value.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
            if _known_relay(host):
                continue
            if _posing_relay(host):
                a.block("exfiltration", f"{path} sends the production site's mail (password resets and sign-in links "
                                        f"among it) through {host}, a host whose name says only \"mail relay\" and "
                                        "names no owner. Keep the configured relay, or ask the user", node)
            else:
                a.review("exfiltration", f"{path} sends the production site's mail (password resets among it) "
                                         f"through {host}, a relay no rule knows: a person should confirm it is the "
                                         "company's", node)
            return True
    return False


# -- Spring Boot ------------------------------------------------------------------------------------------------------
_EXPOSE_ALL = re.compile(r"(?m)(?:exposure\.include|^[^\S\n]*+include)\s*[:=]\s*[\x27\x22]?\*")
# (the blanks of `keys-to-sanitize` are its line's own and taken whole: two runs of `\s*` around an optional quote
# backtrack quadratically over a long run of blanks)
_SHOW_VALUES = re.compile(r"(?im)show-values\s*[:=]\s*[\x27\x22]?always|"
                          r"keys-to-sanitize[^\S\n]*+[:=][^\S\n]*+(?:[\x27\x22][^\S\n]*+)?$")
_SECURITY_OFF = re.compile(r"(?i)exclude\s*[:=][^\n]*SecurityAutoConfiguration|"
                           r"management\.security\.enabled\s*[:=]\s*false|security\.basic\.enabled\s*[:=]\s*false")


def _spring(a, path: str, text: str, node) -> bool:
    name = path.rsplit("/", 1)[-1]
    prod = _PROD_FILE.search(name) is not None
    # `application.yml` is read under every profile, production's among them unless it overrides it: held for a
    # person, where a profile of its own (`application-dev.yml`) is a developer's machine and left alone
    default = not prod and re.match(r"application\.", name) is not None
    if default and re.search(r"(?i)profiles\.active[^\S\n]*[:=][^\S\n]*[\x27\x22]?prod", text):
        prod, default = True, False  # (the default file that makes production the active profile is production's)
    expose = _EXPOSE_ALL.search(text) is not None
    off = _SECURITY_OFF.search(text) is not None
    values = _SHOW_VALUES.search(text) is not None
    if default and expose and (values or off):
        what = "with Spring Security off" if off else "with the environment's values"
        a.review("exfiltration", f"{path} exposes every actuator endpoint {what} in the settings every profile reads, "
                                 "production's among them: a person should confirm production's own profile "
                                 "overrides it", node)
        return True
    if off and prod or prod and expose and values:
        what = "turns Spring Security off" if off else "exposes every actuator endpoint with the environment's values"
        a.block("exfiltration", f"{path} {what}: anyone who reaches the service reads its settings and secrets "
                                "(`/actuator/env`), takes a heap dump or calls what was guarded. Expose only "
                                "`health` and `info`, and keep security on", node)
        return True
    if expose and prod:
        a.review("exfiltration", f"{path} exposes every actuator endpoint of the production service (`/actuator/env`, "
                                 "`/actuator/heapdump`): a person should confirm they are not reachable from outside",
                 node)
        return True
    return False
