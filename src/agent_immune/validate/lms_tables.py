"""Learning-management systems (Moodle, Canvas, Open edX and Tutor, Brightspace, Blackboard, LTI 1.3 tools and
platforms, gradebooks and rosters): the tables the shell's, Python's and TypeScript's rules share (bash/lms.py,
python/lms.py, js/lms.py), session 31.

- the credential files of these systems (Moodle's `config.php` with `$CFG->dbpass` and the password salt, also at a
  web server's document root where its images put it, Canvas's `config/database.yml` and `security.yml`, Open edX's
  `lms.yml` / `lms.auth.json`, Tutor's `config.yml` in its root with every service's password): read here, never sent
  (paths.py's held_secret asks held_file);
- whose a host is (whose): blocked, a host no one vouches for in any case (a bare public address, erp_tables'
  drop-boxes, request bins and chat bots, a tunnel to someone's machine, a free app host whose name carries none of the
  organisation's words); reviewed, a named domain no other host of the input shares (brokers_tables.outsider) once the
  input names the organisation; the school's own (an education domain: `.edu`, `.ac.uk`; this network; a host carrying
  the organisation's words, `acme` of acme.instructure.com or learn.acme.com), its LMS vendors', and the services
  schools keep records with or teach with (a warehouse, mail, Zoom, Piazza, CodeGrade) are no outsider's;
- a learning platform's credential (`MOODLE_WS_TOKEN`, `CANVAS_TOKEN`, `EDX_CLIENT_SECRET`: secret_owner reads whose it
  is) sent in a request to a host that is not the school's (token_sent): blocked to a host no one vouches for, or to a
  host nothing ties to the school when the input calls the school's own platform elsewhere; reviewed to a lone host
  nothing ties to the school (a school's own Moodle on a domain of its own looks the same);
- what the people of a school are read from (an LMS API's users, enrolments, grades and submissions; Moodle's web
  service functions of the same) and the files they are exported to (a OneRoster zip, a gradebook CSV, a course
  backup `.mbz`);
- a site's protections turned off (Moodle's settings: `forcelogin`, `passwordpolicy`, `lockoutthreshold`, the log
  stores, the hosts its HTTP client refuses, the paths of the programs it runs), whichever way they are set (`cfg.php`,
  `moosh config-set`, SQL on `mdl_config`);
- grades written by hand in the database (a grade set to the item's maximum, a hand override stamped by SQL),
  plagiarism reports cleared (a similarity score set to 0), the site's log rows deleted for a user or whole, an LTI
  trust pointed at an outsider (the key set a launch's signature is checked against, the login or token endpoint;
  only a host no one vouches for counts here, as a tool's vendor is a stranger to the input too; from code, and from
  the shell's writes of a file that names LTI, lti_written): the school's records falsified or its sign-in handed
  over;
- a production settings file's protections turned off (every Host header accepted and HTTP served, a site behind a
  load balancer's setup: reviewed), a verifying function made to return the token decoded (directly, through a
  name it assigned, or PyJWT's `verify_signature: False`; a header read for its `kid` is no verification);
- Moodle's settings forced in its `config.php` (`$CFG->forcelogin = false;`), as server_config's second reader of
  files written from the shell or from code (judge_also);
- reviewed: one student's grade written as a number in the database, a role assignment written by SQL, one student
  given full marks through Canvas's API;
- the academic records SQL deletes (grades, submissions, attempts, enrolments, completions, plagiarism reports; log
  rows by their age, not picked by person) and Moodle's web service delete functions: reviewed `irreversible`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .hosts import ip_literal, loopback, public_ip, url_host

# a cheap test on a snippet or a script: it works on an LMS, its gradebook or its roster
HINT = re.compile(rb"(?i)moodle|moosh|canvas|instructure|edx|tutor|brightspace|d2l|blackboard|schoology|\blti|"
                  rb"oneroster|roster|gradebook|grade|enrol|\bmdl_|wsfunction|plagiarism|turnitin|similarity")

# -- credential files ------------------------------------------------------------------------------------------------
# Moodle's settings beside its code (the database password, `passwordsaltmain`); Canvas's settings files (the database
# password, the `encryption_key` every stored token is sealed with, Redis's and Vault's addresses with their
# credentials); Open edX's settings (`SECRET_KEY`, the database and OAuth secrets) as the old releases' JSON and the
# current YAML; Tutor's `config.yml` (every service's password: MYSQL_ROOT_PASSWORD, the OAuth2 secrets) in its root
# (`~/.local/share/tutor/`, `tutor-main/`: not a `tutorials/` site's); the `config.php` at a web server's document
# root, where Moodle's official and Docker images put it (any PHP application's there holds its database password)
_HELD = re.compile(
    r"(?:^|/)moodle[\w.-]*/config\.php$|^/(?:var/www|srv/www|srv/http|usr/share/nginx|bitnami)/(?:[\w.-]+/)?"
    r"config\.php$|"
    r"(?:^|/)canvas[\w.-]*/config/(?:database|security|redis|domain|dynamic_settings|vault_contents|outgoing_mail|"
    r"consul|cache_store|file_store)\.yml$|"
    r"(?:^|/)(?:lms|cms|studio)\.(?:auth|env)\.(?:json|ya?ml)$|^/openedx/config/(?:lms|cms|studio)\.ya?ml$|"
    r"(?:^|/)edx/etc/(?:lms|cms|studio)\.ya?ml$|(?:^|/)tutor(?:-[\w.-]+)?/config\.ya?ml$")


def held_file(p: str) -> bool:
    """Whether the normalised path `p` is one of the credential files above."""
    return ("moodle" in p or "canvas" in p or "tutor" in p or "edx" in p or "lms" in p or "cms" in p or
            "studio" in p or "config.php" in p) and _HELD.search(p) is not None


# -- whose a host is ---------------------------------------------------------------------------------------------------
# the LMS vendors' and the standard's own hosts (a hosted Canvas's sign-in and key set, Moodle's plugin directory)
LMS_SERVICES = frozenset("""
instructure.com canvaslms.com inscloudgate.net instructuremedia.com canvas-user-content.com moodle.org moodle.com
moodle.net moodlecloud.com brightspace.com d2l.com desire2learn.com blackboard.com blackboardopen.com bbcollab.com
schoology.com edx.org openedx.org overhang.io sakailms.org imsglobal.org 1edtech.org turnitin.com turnitinuk.com
h5p.org h5p.com kaltura.com panopto.com gradescope.com
""".split())
# where an LMS's plugins and releases come from: the directory, the code hosts and their release files
PLUGIN_HOSTS = frozenset({"moodle.org", "download.moodle.org", "github.com", "codeload.github.com",
                          "objects.githubusercontent.com", "gitlab.com", "bitbucket.org", "packagist.org",
                          "overhang.io"})  # (and the Python index's hosts: hosts.registry_domain)
def plugin_host(h: str) -> bool:
    """Whether `h` is where an LMS's plugins and releases come from (PLUGIN_HOSTS, the Python index)."""
    from .hosts import registry_domain

    return under(h, PLUGIN_HOSTS) or registry_domain(h)


# a hosted LMS's tenant: `acme` of acme.instructure.com, acme.brightspace.com, acme.moodlecloud.com
_TENANT = re.compile(r"^([a-z0-9][a-z0-9-]{1,40})\.(?:instructure|brightspace|blackboard|moodlecloud|schoology|"
                     r"desire2learn|d2l)\.com$")
# hosts anyone can deploy an app to in a minute: whose app it is, its name says or nothing does (also read by
# secret_owner.Owner.serves: no one runs a school's or a company's LMS, forge or registry API there)
from .host_kinds import FREE_HOSTS  # noqa: E402  (ngrok.dev is host_kinds' tunnel: stranger() says so)
# services a school teaches with: enrolling a class in its video meetings, its class forum, its code grading or its
# reading annotation is everyday teaching work, not the roster leaving the school
TEACHING_SERVICES = frozenset("""
zoom.us zoom.com webex.com piazza.com codegrade.com edstem.org perusall.com hypothes.is tophat.com packback.co
kahoot.com kahoot.it mentimeter.com padlet.com wooclap.com vocareum.com zybooks.com
""".split())
# domains a registry gives only to schools and universities (`.edu`, `.ac.uk`, `.edu.au`, `.k12.ca.us`, `.sch.uk`):
# whoever holds one is a school. A Canvas tenant's name is often not its school's domain (bostoncollege of bc.edu)
_SCHOOL_DOMAIN = re.compile(r"\.(?:edu|k12\.[a-z]{2}\.us|(?:ac|edu|sch|school|k12)\.[a-z]{2})$")
# the words of a host that are an LMS's or a role's, not an organisation's (`learn` of learn.acme.com)
_LMS_WORDS = frozenset({"learn", "learning", "lms", "moodle", "canvas", "edx", "openedx", "studio", "courses",
                        "course", "lti", "sso", "login", "auth", "portal", "elearning", "classroom", "school",
                        "campus", "students", "student", "staff", "www", "api", "app", "cdn", "files"})
# a host named as a learning platform (learn.acme.com, moodle.northwood.org, canvas.uni-x.de, lms-staging.acme.io)
_LMS_HOST_WORD = re.compile(r"moodle|canvas|lms|learn|edx|brightspace|d2l|blackboard|sakai|schoology|course|"
                            r"classroom|campus|school|academy|training|totara")
_URL_HOST = re.compile(r"(?i)\bhttps?://(?:[^/\s\"'@<>`]{0,200}@)?([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,})")


def under(h: str, names) -> bool:
    return any(h == d or h.endswith("." + d) for d in names)


def free_host(host: str | None) -> bool:
    return bool(host) and under(host.lower().rstrip("."), FREE_HOSTS)  # type: ignore[union-attr]


def school_domain(host: str) -> bool:
    """A host under a domain only schools are given (`.edu`, `.ac.uk`, `.k12.ca.us`)."""
    return _SCHOOL_DOMAIN.search(host.lower().rstrip(".")) is not None


def lms_named(host: str) -> bool:
    """A host whose name says it is a learning platform (`learn.acme.com`, `moodle.northwood.org`)."""
    return _LMS_HOST_WORD.search(host.lower().rsplit(".", 1)[0]) is not None


@lru_cache(maxsize=32)
def url_hosts(text: str) -> tuple[str, ...]:
    """The first hosts the input's URLs name (the organisation is named among them; a bound keeps each question
    about a host of a long input as cheap as one of a short one)."""
    out: dict[str, None] = {}
    for m in _URL_HOST.finditer(text):
        out[m.group(1).lower().rstrip(".")] = None
        if len(out) >= 64:
            break
    return tuple(out)


@lru_cache(maxsize=8)
def _hosts_read(text: str) -> tuple[tuple[str, frozenset[str], bool], ...]:
    """(host, the organisation's words it gives, whether it is the school's platform) for each host url_hosts reads:
    once per input, for every question asked of its hosts."""
    from .cloud_admin import org_words as words_of
    from .mail_tables import PROVIDERS

    out = []
    for h in url_hosts(text):
        if ip_literal(h) or stranger(None, h) is not None:
            continue
        m = _TENANT.match(h)
        if m is not None:
            out.append((h, frozenset(words_of(m.group(1))), True))
            continue
        vendor = under(h, LMS_SERVICES) or plugin_host(h)
        if vendor or under(h, PROVIDERS) or under(h, FREE_HOSTS):
            out.append((h, frozenset(), False))
            continue
        out.append((h, frozenset(words_of(*h.split(".")[:-1])), lms_named(h) or school_domain(h)))
    return tuple(out)


def org_words(text: str, skip: str = "") -> set[str]:
    """The organisation's words the input's URLs give (`acme` of acme.instructure.com and of learn.acme.com), the host
    `skip` (the one being judged) and the vendors', drop-boxes' and free app hosts' own names left out."""
    out: set[str] = set()
    for h, words, _ in _hosts_read(text):
        if h != skip:
            out |= words
    return out - _LMS_WORDS


@lru_cache(maxsize=1)
def _kept_with() -> frozenset[str]:
    """The services an organisation keeps, syncs or announces its records with (a warehouse, a cloud's storage, mail
    and chat providers: records_tables'), the alerting services a job notifies, and the services a school teaches
    with."""
    from .brokers_tables import ALERTING
    from .records_tables import _KEPT_WITH

    return _KEPT_WITH | ALERTING | TEACHING_SERVICES


def stranger(url: str | None, host: str) -> str | None:
    """Who receives what is sent to `host` (of `url`) when no one of any organisation does (erp_tables' drop-boxes,
    request bins, chat bots and bare public addresses, and a tunnel to someone's own machine), described; None
    otherwise."""
    from .erp_tables import stranger as erp_stranger, tunnel

    found = erp_stranger(url, host)
    if found is not None:
        return found
    return f"{host}, a tunnel to someone's own machine" if tunnel(host) else None


def _host(host: str | None) -> str | None:
    """`host` as judged (lower case, no brackets or final dot), or None when it is known only at run time."""
    if not host:
        return None
    h = host.lower().strip("[]").rstrip(".")
    return None if not h or any(c in h for c in "${}`(\x00") else h


def whose(host: str | None, text: str, url: str | None = None) -> tuple[str, str] | None:
    """Who receives what the input `text` sends to `host` (of `url`, when known), when that is not the school:
    ("block", who) for a host no one vouches for in any case (a bare public address, a drop-box, a request bin, a chat
    bot, a tunnel, a free app host named for no one of the organisation); ("review", who) for a named domain no other
    host of the input shares (brokers_tables.outsider) that is neither the school's (an education domain, this
    network, a name carrying the organisation's words), its LMS vendor's, nor a service schools keep or teach with.
    None otherwise. A person tells the school's own second domain (its SIS's vendor, its warehouse) from a
    stranger's."""
    h = _host(host)
    if h is None or loopback(h):
        return None
    if ip_literal(h):
        return ("block", f"{h}, a bare address no name of the organisation vouches for") if public_ip(h) else None
    found = stranger(url, h)
    if found is not None:
        return "block", found
    from .mail_tables import PROVIDERS
    from .secret_owner import own_network

    if own_network(h) or school_domain(h) or under(h, LMS_SERVICES) or under(h, PROVIDERS) or \
            plugin_host(h) or under(h, _kept_with()):
        return None
    words = org_words(text, h)
    labels = h.split(".")[:-1]
    if any(w in label for label in labels for w in words):
        return None
    if free_host(h):
        return "block", f"{h}, a free app host anyone can deploy to under any name"
    from .brokers_tables import outsider as named_elsewhere

    if words and named_elsewhere(h, text):
        return "review", (f"{h}, a domain no other host of the input shares and none of the organisation's names "
                          f"({', '.join(sorted(words)[:3])}) is part of")
    return None


def outsider(host: str | None, text: str, url: str | None = None) -> str | None:
    """Who receives what is sent to `host`, described, when no one vouches for that host in any case (whose's
    "block"): an LTI tool's or an OAuth client's vendor is a stranger to the input, but not an outsider."""
    found = whose(host, text, url)
    return found[1] if found is not None and found[0] == "block" else None


def outsider_url(url: str | None, text: str) -> str | None:
    if not url or "//" not in url:
        return None
    return outsider(url_host(url), text, url)


def whose_url(url: str | None, text: str) -> tuple[str, str] | None:
    if not url or "//" not in url:
        return None
    return whose(url_host(url), text, url)


# -- a learning platform's credential sent ----------------------------------------------------------------------------
# the platforms a secret can be named for (secret_owner.owner's service of `MOODLE_WS_TOKEN`, `ACME_CANVAS_TOKEN`)
LMS_SECRET_SERVICES = frozenset({"moodle", "canvas", "edx", "openedx", "brightspace", "d2l", "blackboard",
                                 "schoology", "sakai", "lti"})
# a variable named for one of them (the word whole, after the start or a `_`: not `TUTORMATCH_API_TOKEN`)
_LMS_SECRET_NAME = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z0-9]{1,20}_){0,3}(?:MOODLE|CANVAS|EDX|OPENEDX|BRIGHTSPACE|"
                              r"D2L|BLACKBOARD|SCHOOLOGY|SAKAI|LTI)_[A-Z0-9_]{1,60}")
LMS_SECRET_B = re.compile(rb"(?:MOODLE|CANVAS|EDX|OPENEDX|BRIGHTSPACE|D2L|BLACKBOARD|SCHOOLOGY|SAKAI|LTI)_")


def lms_secret(name: str) -> bool:
    """Whether the variable `name` holds a learning platform's credential (secret_owner's reading of the name)."""
    from .secret_owner import owner, secret_name

    if not secret_name(name):
        return False
    own = owner(name)
    return own is not None and own.service in LMS_SECRET_SERVICES


def lms_secrets(text: str) -> list[str]:
    """The learning platforms' credentials `text` names (`os.environ["MOODLE_WS_TOKEN"]`,
    `process.env.CANVAS_TOKEN`)."""
    return list(dict.fromkeys(n for m in _LMS_SECRET_NAME.finditer(text[:65536])
                              if lms_secret(n := m.group(0).rstrip("_"))))


def _school_lms(text: str, skip: str) -> str | None:
    """A host of the input, other than `skip`, that is the school's learning platform: a vendor's tenant
    (acme.instructure.com), a host named as one (learn.acme.com), or an education domain."""
    return next((h for h, _, school in _hosts_read(text) if school and h != skip), None)


def token_sent(url: str | None, host: str | None, text: str) -> tuple[str, str] | None:
    """(verdict, who) for a learning platform's credential sent to `host` (of `url`): blocked to a host no one vouches
    for (whose's "block"), or to a host nothing ties to the school when the input calls the school's own platform
    elsewhere; reviewed to a lone named host nothing ties to the school (its own LMS on a domain of its own looks the
    same); None for the school's hosts: its LMS vendor's, this network, an education domain, a host carrying the
    organisation's words, or, alone, a host named as a learning platform (`moodle.northwood.org`)."""
    h = _host(host)
    if h is None or loopback(h):
        return None
    found = whose(h, text, url)
    if found is not None and found[0] == "block":
        return found
    from .secret_owner import own_network

    if ip_literal(h) or own_network(h) or under(h, LMS_SERVICES) or school_domain(h):
        return None
    # (the organisation's words as its platform's hosts give them: two hosts of a stranger's domain name each other)
    words = {w for o, ws, school in _hosts_read(text) if school and o != h for w in ws} - _LMS_WORDS
    if any(w in label for label in h.split(".")[:-1] for w in words):
        return None
    # (the school's own platform named beside it: a second host carrying none of its names is someone else's, a
    # platform's name in it or not)
    lms = _school_lms(text, h)
    if lms is not None:
        return "block", f"{h}, not {lms}, the school's platform this input calls"
    if lms_named(h):
        return None
    return "review", (f"{h}, a host nothing in the input ties to the school (neither its platform's vendor, an "
                      "education domain, this network, a host named as a learning platform nor a name of the "
                      "organisation)")


def token_message(shown: str, name: str, verdict: str, who: str) -> str:
    if verdict == "block":
        return (f"{shown} sends {name} to {who}: the platform's credential itself goes there (every course, user and "
                "grade it reaches); send a token only to the platform's own host")
    return (f"{shown} sends {name} to {who}: a person should confirm it is the school's own platform before its "
            "credential goes there")


# -- what reads the school's people ------------------------------------------------------------------------------------
# an LMS API's lists of people and their records: Canvas's users, enrolments, students, submissions and gradebook
# history; Moodle's web service functions of users, enrolled users and grades; Open edX's accounts, enrolments and
# grades; Brightspace's users, class lists and grades; Blackboard's users; OneRoster's users and results; an LTI
# tool's membership service (the path's segments bounded: each `/` of a long path starts a bounded read)
_PEOPLE_LISTS = r"(?:users|enrollments|students|submissions|gradebook_history|logins|page_views|admins|search_users)\b"
# (Canvas: a list under an account, a course, a section, an assignment or a quiz, also from a base the code holds in a
# variable, `f"{BASE}/courses/77/users"`, `"$B/courses/77/users"`: how most scripts write it; its GraphQL users and
# enrolments)
PEOPLE_API = re.compile(
    r"(?i)/api/v1/(?:(?:accounts|courses|sections|users|assignments|quizzes)/[\w:.%-]{1,64}/){1,3}" + _PEOPLE_LISTS +
    r"|(?:\}|\$\{?\w{1,40}\}?)/(?:(?:accounts|courses|sections|assignments|quizzes)/[\w:.%{}$-]{1,64}/){1,3}" +
    _PEOPLE_LISTS + r"|\b(?:users|enrollments)Connection\b|"
    r"wsfunction[\"']?\s{0,3}[=:,]\s{0,3}[\"']?(?:core_user_get_users\w{0,20}|core_enrol_get_enrolled_users\w{0,30}|"
    r"gradereport_\w{1,40}|"
    r"mod_assign_get_(?:submissions|grades)|core_grades_\w{1,40}|core_user_search_identity)|"
    r"/api/(?:user/v1/accounts|enrollment/v1/enrollments?|grades/v1/)|/api/bulk_enroll/|"
    r"/d2l/api/(?:lp|le)/[\d.]{1,10}/(?:users|enrollments|\d{1,12}/(?:classlist|grades))|"
    r"/learn/api/public/v\d/(?:users|courses/[^/\s\"']{1,64}/users)|"
    r"/ims/oneroster/[\w.]{1,12}/(?:users|students|teachers|enrollments|results)|names_and_roles|"
    r"/bindings/\d{1,12}/memberships\b")
# what names a person in what such code sends on (an address, a student number, a login)
PERSONAL = re.compile(r"(?i)\b(?:email|sis_user_id|sis_id|login_id|primary_email|userfullname|username|phone|sisId|"
                      r"loginId)|include\[\]=email")
# the host of the URL a match is part of: from the last `://` before it, with nothing between that ends a URL
_HOST_AT = re.compile(r"[A-Za-z0-9.-]{1,253}")
_URL_ENDS = re.compile(r"[\s\"'`]")


def _host_before(text: str, at: int) -> str | None:
    scheme = text.rfind("://", max(0, at - 300), at)
    if scheme < 0 or _URL_ENDS.search(text, scheme, at) is not None:
        return None
    host = _HOST_AT.match(text, scheme + 3)
    return host.group(0).lower() if host is not None else None


@lru_cache(maxsize=8)
def _people_reads(text: str) -> tuple[tuple[str, str | None], ...]:
    """(what, host) of the people reads `text` makes (the host of the URL each is part of, None when a variable
    gives it); the first 32, once per input."""
    out = []
    for m in PEOPLE_API.finditer(text):
        out.append((m.group(0), _host_before(text, m.start())))
        if len(out) >= 32:
            break
    return tuple(out)


def people_read(text: str, skip_host: str | None = None) -> str | None:
    """What of the school's people `text` reads from an LMS's API (for a message), or None; a read of a URL at
    `skip_host` (where the code sends: `requests.post("https://www.codegrade.com/api/v1/courses/5/users/", …)` makes
    a user there, it reads no one) does not count."""
    skip = skip_host.lower() if skip_host else None
    for what, host in _people_reads(text):
        if skip is None or host != skip:
            return f"the people the LMS's API lists (`{what.lstrip('/')[:60]}`: names, addresses, student numbers)"
    return None


# an export of the school's records: a OneRoster or SIS zip, a gradebook or roster file, a course backup (a Moodle
# `.mbz` holds the course's users, their submissions and grades), a Common Cartridge export
_RECORDS_NAME = re.compile(r"(?i)(?:^|[_.-])(?:oneroster|rosters?|gradebooks?|grades|enrol+ments?|students|learners|"
                           r"transcripts?|sis|submissions|attendance|classlists?)(?=[_.-]|$)")
_RECORDS_EXT = re.compile(r"(?i)\.(?:csv|tsv|zip|json|jsonl|xlsx?|xml)(?:\.(?:gz|zip|gpg))?$")


def records_file(path: str | None) -> bool:
    if not path:
        return False
    name = path.rsplit("/", 1)[-1]
    if name.lower().endswith(".mbz"):
        return True
    ext = _RECORDS_EXT.search(name)
    return ext is not None and _RECORDS_NAME.search(name, 0, ext.start()) is not None


# -- a site's protections turned off -----------------------------------------------------------------------------------
def _int(v: str) -> int | None:
    v = v.strip().strip("'\"")
    # (ASCII digits only: `²` is a digit to isdigit, and int() refuses it)
    return int(v) if v.isascii() and v.isdigit() and len(v) < 10 else None


def _off(v: str) -> bool:
    return v.strip().strip("'\"").lower() in ("0", "", "false", "no", "off")


def _on(v: str) -> bool:
    return v.strip().strip("'\"").lower() in ("1", "true", "yes", "on")


_RUN_PLACE = re.compile(r"^(?:/tmp/|/var/tmp/|/dev/shm/)|[;|&`]|\$\(")
# Moodle's settings that keep the site closed (name -> (the value that opens it, what it then does, the rule)); a
# plugin's by `component/name`
SETTINGS = {
    "forcelogin": (_off, "anyone on the internet then reads the site's courses, forums and profiles without logging in",
                   "permission-tamper"),
    "forceloginforprofiles": (_off, "anyone then reads every user's profile without logging in", "permission-tamper"),
    "forceloginforprofileimage": (_off, "anyone then sees every user's picture without logging in",
                                  "permission-tamper"),
    "guestloginbutton": (_on, "the guest login button is shown: anyone enters every course that lets guests in",
                         "permission-tamper"),
    "autologinguests": (_on, "every visitor is logged in as a guest without asking", "permission-tamper"),
    "opentowebcrawlers": (_on, "search engines are let in as guests: what guests see gets indexed",
                          "permission-tamper"),
    "opentogoogle": (_on, "search engines are let in as guests: what guests see gets indexed", "permission-tamper"),
    "passwordpolicy": (_off, "any password is accepted, `1` and `password` too", "permission-tamper"),
    "minpasswordlength": (lambda v: (_int(v) or 0) < 8,
                          "passwords far shorter than the policy's are accepted", "permission-tamper"),
    "lockoutthreshold": (_off, "no account is ever locked after failed logins: passwords can be guessed without end",
                         "permission-tamper"),
    "cookiesecure": (_off, "the session cookie is also sent over plain HTTP, where anyone on the path reads it",
                     "permission-tamper"),
    "cookiehttponly": (_off, "scripts on the site's pages can read the session cookie", "permission-tamper"),
    "curlsecurityblockedhosts": (lambda v: not v.strip().strip("'\""),
                                 "the site's HTTP client then fetches the internal network and the cloud's metadata "
                                 "address for anyone who gives it a URL", "permission-tamper"),
    "tool_mfa/enabled": (_off, "multi-factor login is turned off for every account", "permission-tamper"),
    "tool_log/enabled_stores": (lambda v: "logstore_standard" not in v and "logstore_database" not in v,
                                "the site stops writing its logs: what is done after it leaves no trace",
                                "anti-forensics"),
    "logstore_standard/loglifetime": (lambda v: 0 < (_int(v) or 0) < 30,
                                      "the next cron run deletes every log entry older than that: what was done "
                                      "before it leaves no trace", "anti-forensics"),
    "loglifetime": (lambda v: 0 < (_int(v) or 0) < 30,
                    "the next cron run deletes every log entry older than that", "anti-forensics"),
}
# the paths of the programs Moodle runs (Ghostscript, du, the converter): set to a scratch file or a command line, the
# site runs it as the web server on the next page that needs the program
_RUN_PATHS = re.compile(r"^(?:pathto\w+|aspellpath|pathtodot)$")


def setting_finding(name: str, value: str | None, component: str | None = None) -> tuple[str, str] | None:
    """(rule, what it does) for Moodle's setting `name` (of `component`) set to `value`; None when it stays closed."""
    if value is None:
        return None
    name = name.strip().strip("'\"").lower()
    comp = (component or "").strip().strip("'\"").lower()
    entry = SETTINGS.get(f"{comp}/{name}" if comp and comp != "core" else name)
    if entry is None and comp:
        entry = SETTINGS.get(f"{comp}/{name}")
    if entry is not None and entry[0](value):
        return entry[2], entry[1]
    if _RUN_PATHS.match(name) and _RUN_PLACE.search(value.strip().strip("'\"")):
        return "persistence", (f"the site then runs {value.strip()[:60]} as the web server each time a page needs that "
                               "program")
    return None


# `forcelogin 0`, `forcelogin=0`, `"forcelogin", "0"`: a setting beside its value in a loop's items or a table the
# input walks (the names searched as one alternation, each read once)
_PAIR = re.compile(r"(?i)\b(" + "|".join(sorted({k.rpartition("/")[2] for k in SETTINGS}, key=len, reverse=True)) +
                   r")\b[\"']?[ \t]{0,4}[=:, \t][ \t]{0,4}[\"']?([\w.-]{0,40})")


@lru_cache(maxsize=8)
def settings_in(text: str) -> tuple[tuple[str, str, str], ...]:
    """(name, rule, what) of each setting `text` pairs with a value that opens it (read when the command sets a name
    known only at run time, `cfg.php --name=$1 --set=$2` in a loop over `"forcelogin 0"`)."""
    out = []
    for m in _PAIR.finditer(text):
        name, value = m.group(1).lower(), m.group(2)
        for key in (name, *(k for k in SETTINGS if k.endswith("/" + name))):
            entry = SETTINGS.get(key)
            if entry is not None and entry[0](value) and (value or key == "tool_log/enabled_stores"):
                out.append((name, entry[2], entry[1]))
                break
    return tuple(out)


# SQL that sets a setting: `UPDATE mdl_config SET value = '0' WHERE name = 'forcelogin'` (and a plugin's row of
# `mdl_config_plugins`, `plugin = 'tool_log'`); the value quoted or not, the rows by one name or a list of them
_CONFIG_SQL = re.compile(r"(?is)\bupdate\s+[`\"]?\w{0,20}?config(_plugins)?[`\"]?\s+set\s+[`\"]?value[`\"]?\s*=\s*"
                         r"(?:'([^'\n]{0,200})'|(-?\d{1,12}|true|false)\b)?")
_SQL_NAME = re.compile(r"(?i)\bname[`\"]?\s*(?:=\s*'(\w{1,60})'|in\s*\(([^()]{1,600})\))")
_SQL_PLUGIN = re.compile(r"(?i)\bplugin[`\"]?\s*=\s*'(\w{1,60})'")
_QUOTED = re.compile(r"'(\w{1,60})'")


def _statements(sql: str) -> list[str]:
    return [s for s in sql[:65536].split(";") if s.strip()]


def config_sql(sql: str) -> tuple[str, str, str] | None:
    """(setting, rule, what) for SQL that sets one of the settings above to a value that opens the site."""
    if "config" not in sql.lower():
        return None
    for s in _statements(sql):
        m = _CONFIG_SQL.search(s)
        if m is None:
            continue
        found_name = _SQL_NAME.search(s, m.end())
        if found_name is None:
            continue
        names = [found_name.group(1)] if found_name.group(1) else _QUOTED.findall(found_name.group(2))
        if any(n.lower() == "siteadmins" for n in names):
            return "siteadmins", "privilege-escalation", "the list of site administrators is rewritten"
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value is None:
            continue
        plugin = _SQL_PLUGIN.search(s, m.end()) if m.group(1) else None
        for name in names:
            found = setting_finding(name, value, plugin.group(1) if plugin else None)
            if found is not None:
                return name, found[0], found[1]
    return None


def setting_name(name: str) -> bool:
    """Whether `name` is one of the settings above (or a path of a program Moodle runs)."""
    n = name.lower()
    return n in SETTINGS or any(k.endswith("/" + n) for k in SETTINGS) or _RUN_PATHS.match(n) is not None


def setting_of(names, value: str | None) -> tuple[str, str, str] | None:
    """(setting, rule, what) for the first of the setting `names` (a loop's items, `for s in forcelogin
    passwordpolicy; do cfg.php --name=$s --set=0`) that `value` opens."""
    for name in names:
        found = setting_finding(name, value)
        if found is not None:
            return name, found[0], found[1]
    return None


# a setting forced in Moodle's config.php (`$CFG->forcelogin = false;`): it overrides the database and the admin
# screens, the most direct way to open the site
_CFG_LINE = re.compile(r"\$CFG->(\w{1,60})[ \t]*+=[ \t]*+([^;\n]{0,200});")


def config_php(text: str) -> tuple[str, str, str] | None:
    """(setting, rule, what) for the first `$CFG->setting = value;` line of `text` that opens the site."""
    if "$CFG" not in text:
        return None
    for m in _CFG_LINE.finditer(text[:65536]):
        found = setting_finding(m.group(1), m.group(2))
        if found is not None:
            return m.group(1), found[0], found[1]
    return None


# -- grades and plagiarism reports written by hand ---------------------------------------------------------------------
# (`UPDATE t [alias] [JOIN … ON …] SET`: a join is the natural way to reach the item's maximum)
_GRADE_UPDATE = re.compile(r"(?is)\bupdate\s+[`\"]?(\w{0,40}?(?:grade|score|submission|attempt|result)\w{0,40})[`\"]?"
                           r"\b[^;]{0,300}?\bset\s+")
_GRADE_COL = r"(?:finalgrade|rawgrade|grade|score|sumgrades|posted_grade|final_score|current_score|entered_score|" \
             r"points|points_earned|mark|marks)"
_TO_MAX = re.compile(r"(?i)\b" + _GRADE_COL + r"[`\"]?\s*=\s*(?:\w{1,30}\.)?[`\"]?(\w{0,30}(?:grademax|"
                     r"points_?possible|"
                     r"max_?grade|max_?score|max_?points|scoremaximum|maxmark|max_?mark|pointspossible)\w{0,10})\b")
_OVERRIDE = re.compile(r"(?i)\b(?:overridden|locked)[`\"]?\s*=\s*(?!0\b|'0'|null\b|false\b)")
_SET_GRADE = re.compile(r"(?i)\b" + _GRADE_COL + r"[`\"]?\s*=")
# a number written as the grade, for one student the statement names (`SET sumgrades=10 WHERE userid=57`)
_LITERAL_GRADE = re.compile(r"(?i)\b" + _GRADE_COL + r"[`\"]?\s*=\s*'?\d{1,6}(?:\.\d{1,5})?'?(?![\w.])")
# (read after the WHERE: `s.lower().find("where")`)
_ONE_STUDENT = re.compile(r"(?i)\b(?:userid|user_id|student_id|studentid)[`\"]?\s*=\s*'?\d")
_PLAGIARISM_UPDATE = re.compile(r"(?is)\bupdate\s+[`\"]?(\w{0,40}?(?:plagiarism|turnitin|originality|similarity|urkund|"
                                r"ouriginal|copyleaks|unicheck|vericite)\w{0,40})[`\"]?\b[^;]{0,300}?\bset\s+")
_SCORE_ZERO = re.compile(r"(?i)\b(?:similarity_?score|similarity|originality_?score|overall_?match\w{0,20}|"
                         r"report_?score|score|percent\w{0,10})[`\"]?\s*=\s*'?0+(?:\.0+)?'?(?![\w.])")


def grade_sql(sql: str) -> tuple[str, str, str] | None:
    """(verdict, rule, what it does) for SQL that writes grades by hand (to the item's maximum, or stamped
    overridden: blocked; a number for one student: reviewed, it may be the teacher's correction) or clears a
    plagiarism report; None otherwise."""
    low = sql.lower()
    if "update" not in low:
        return None
    held = None
    for s in _statements(sql):
        m = _PLAGIARISM_UPDATE.search(s)
        if m is not None and _SCORE_ZERO.search(s, m.end()):
            return "block", "anti-forensics", (f"sets the similarity score of `{m.group(1)}` to 0: the plagiarism "
                                               "reports teachers read then show the submissions as original")
        m = _GRADE_UPDATE.search(s)
        if m is None:
            continue
        top = _TO_MAX.search(s, m.end())
        if top is not None:
            return "block", "system-write", (f"sets grades in `{m.group(1)}` to `{top.group(1)}`, the item's maximum, "
                                             "straight in the database: full marks nobody gave, with none of the "
                                             "gradebook's history")
        if _OVERRIDE.search(s, m.end()) and _SET_GRADE.search(s, m.end()):
            return "block", "system-write", (f"writes grades in `{m.group(1)}` and stamps them overridden straight in "
                                             "the database: a grade nobody gave, locked against the gradebook's own "
                                             "recalculation")
        where = s.lower().find("where", m.end())
        if held is None and where > 0 and _LITERAL_GRADE.search(s, m.end(), where) and _ONE_STUDENT.search(s, where):
            held = "review", "system-write", (f"writes a grade of the student it names in `{m.group(1)}` straight in "
                                              "the database, past the gradebook and its history: a person should "
                                              "confirm it is the teacher's correction")
    return held


# an administrator or a role granted in the database: Moodle's role assignments (the manager role at the system
# context is every course's), Canvas's account administrators
_ROLE_SQL = re.compile(r"(?is)\b(?:insert\s+(?:ignore\s+)?into|replace\s+into|update)\s+[`\"]?(?:\w{1,40}\.)?"
                       r"(\w{0,20}?(?:role_assignments|account_users))\b")


def role_sql(sql: str) -> str | None:
    """The table of roles SQL writes a row of, or None."""
    low = sql.lower()
    if "role_assignments" not in low and "account_users" not in low:
        return None
    m = _ROLE_SQL.search(sql[:65536])
    return m.group(1) if m is not None else None


# a grade an API is sent that is the assignment's maximum (`"submission[posted_grade]": str(a["points_possible"])`):
# the maximum's name first, then the grade's key in the few characters before it (a search for the key first ran
# from every `grade` of a long text)
_MAX_WORD = re.compile(r"(?i)\b(?:points_?possible|grademax|max_?points|score_?maximum)\b")
_GRADE_BEFORE = re.compile(r"(?i)(?:posted_grade|scoreGiven|score_given|\bgrade\b|\bscore\b)\W{1,8}[^,\n}]{0,40}$")
# full marks written as such (`posted_grade=100%`): one student's grade, which may well be the teacher's
_FULL_MARKS = re.compile(r"(?i)posted_grade\]?\W{1,4}100%")
# a student named by a literal in the request's target (`sis_user_id:S1002299`, `/users/4411/`, `userId: "5521"`)
_LITERAL_STUDENT = re.compile(r"(?i)submissions/(?:sis_user_id:[\w-]{2,40}|\d{1,12})\b|sis_user_id:[\w-]{2,40}")


def api_grade_max(text: str) -> bool:
    for i, m in enumerate(_MAX_WORD.finditer(text)):
        if i >= 64:
            break
        if _GRADE_BEFORE.search(text, max(0, m.start() - 60), m.start()) is not None:
            return True
    return False


def full_marks(text: str) -> bool:
    return _FULL_MARKS.search(text) is not None


def literal_student(text: str) -> bool:
    return _LITERAL_STUDENT.search(text) is not None


# -- LTI trust -------------------------------------------------------------------------------------------------------
# the settings of an LTI 1.3 registration that say whose keys sign its messages and where its logins go: a tool's
# public key set in Moodle (`publickeyset`), a platform's key set and endpoints in a tool's configuration (PyLTI1p3's
# `key_set_url`, `auth_login_url`, `auth_token_url`; ltijs's `authenticationEndpoint`, `accesstokenEndpoint`,
# `authConfig.key`)
LTI_KEYS = re.compile(r"(?i)publickeyset|public_?key_?set(?:_?url)?|key_?set_?url|keyset_?url|jwks_?(?:url|uri|"
                      r"endpoint)|public_?jwk_?url|auth_?login_?url|auth_?token_?url|oidc_?initiation_?url|"
                      r"initiatelogin|access_?token_?(?:url|endpoint)|authentication_?endpoint|redirectionuris")
# (in code and configuration files: a platform's settings as a tool keeps them. A tool's own description, Canvas's
# `oidc_initiation_url` and `public_jwk_url` in its developer key JSON, names the tool's own endpoints: a tool under
# development answers behind a tunnel, as every LTI tutorial has it)
_LTI_PAIR = re.compile(r"(?i)[\"'`]?(publickeyset|public_?key_?set(?:_?url)?|key_?set_?url|keyset_?url|"
                       r"jwks_?(?:url|uri|endpoint)|auth_?login_?url|auth_?token_?url|"
                       r"access_?token_?(?:url|endpoint)|authentication_?endpoint|key)"
                       r"[\"'`]?\s*[:=]\s*[\"'`]?"
                       r"(https?://[^\s\"'`]{1,300})")
_LTI_TABLE = re.compile(r"(?is)\b(?:update|insert\s+into|replace\s+into)\s+[`\"]?(\w{0,40}?lti\w{0,40})[`\"]?")
_SQL_URL = re.compile(r"(?i)'(https?://[^'\s]{1,300})'")


def _lti_pairs(settings: str, text: str) -> tuple[str, str] | None:
    """(setting, outsider) for the first trust setting of `settings` at an outsider's host, judged against the whole
    input `text`."""
    for m in _LTI_PAIR.finditer(settings):
        key = m.group(1)
        if key.lower() == "key" and "JWK_SET" not in settings.upper():
            continue  # (ltijs's `authConfig: { method: "JWK_SET", key: URL }` only)
        who = outsider_url(m.group(2), text)
        if who is not None:
            return key, who
    return None


@lru_cache(maxsize=8)
def lti_outsider(text: str) -> tuple[str, str] | None:
    """(setting, outsider) for code or a configuration that points an LTI registration's key set or endpoint at an
    outsider's host; None otherwise."""
    if "lti" not in text.lower() and LTI_KEYS.search(text) is None:
        return None
    return _lti_pairs(text, text)


# what says a file written from the shell is an LTI tool's or platform's settings (its path or its text: `lti.json`,
# `LTI_KEY_SET_URL=`, PyLTI1p3's `key_set_url`, Moodle's `publickeyset`); an identity provider's `jwks_uri` alone is
# any service's sign-in, which a developer points at a tunnel of their own
_LTI_FILE = re.compile(r"(?i)(?<![a-z])lti|pylti|publickeyset|key_?set_?url")


def lti_written(written: str, path: str, text: str) -> tuple[str, str] | None:
    """(setting, outsider) for the text `written` into the file `path` from the shell when it is an LTI registration
    whose key set or login endpoint is at an outsider's host (the input `text` says whose hosts are the school's)."""
    written = written[:65536]
    if _LTI_FILE.search(path) is None and _LTI_FILE.search(written) is None:
        return None
    return _lti_pairs(written, text)


def lti_message(shown: str, key: str, who: str) -> str:
    return (f"{shown} an LTI registration whose `{key}` is at {who}: launches signed with that host's keys are then "
            "trusted as any user, an instructor or an administrator. Register platforms and tools with their vendor's "
            "or the organisation's own URLs")


def lti_sql(sql: str, text: str) -> tuple[str, str] | None:
    """(setting, outsider) for SQL that writes an LTI registration's row with an outsider's URL in a trust setting."""
    if "lti" not in sql.lower():
        return None
    for s in _statements(sql):
        m = _LTI_TABLE.search(s)
        if m is None:
            continue
        key = LTI_KEYS.search(s)
        if key is None and "baseurl" not in s.lower() and "toolurl" not in s.lower():
            continue
        for u in _SQL_URL.finditer(s):
            who = outsider_url(u.group(1), text)
            if who is not None:
                return (key.group(0) if key else m.group(1)), who
    return None


# -- academic records deleted ------------------------------------------------------------------------------------------
# MySQL's multi-table form names the rows' aliases before FROM (`DELETE l FROM mdl_logstore_standard_log l WHERE …`,
# `DELETE s FROM mdl_assign_submission s JOIN …`)
_DELETE_ALIASES = r"(?:\w{1,30}(?:\s*,\s*\w{1,30}){0,3}\s+)?"
_RECORD_TABLES = (r"\w{0,30}?(?:grade_grades(?:_history)?|grade_items|grade_entries|grades|gradebook\w{0,20}|"
                  r"assign_submission|assign_grades|submissions?|quiz_attempts|quiz_grades|question_attempts|"
                  r"user_enrolments|enrollments?|enrolments?|course_completions|course_modules_completion|"
                  r"transcripts?|attendance\w{0,20}|scores|results|\w{0,20}plagiarism\w{0,30}|"
                  r"\w{0,20}turnitin\w{0,30})")
_RECORDS_DELETE = re.compile(r"(?is)\b(?:delete\s+" + _DELETE_ALIASES + r"from|truncate(?:\s+table)?)\s+(?:only\s+)?"
                             r"[`\"]?(?:\w{1,40}\.)?(" + _RECORD_TABLES + r")[`\"]?(?![\w.])")


# the site's logs: Moodle's standard log store (and the legacy `mdl_log`), Canvas's page views and auditors
_LOG_DELETE = re.compile(r"(?is)\b(?:delete\s+" + _DELETE_ALIASES + r"from|truncate(?:\s+table)?)\s+[`\"]?"
                         r"(?:\w{1,40}\.)?(\w{0,20}?(?:logstore_\w{1,30}|_log|page_views|auditor_\w{1,40}))[`\"]?"
                         r"(?![\w.])([^;]{0,400})")
_BY_AGE = re.compile(r"(?i)\b(?:timecreated|time|created_at|created)\s*<")
# a row of the log picked by who did it or whom it concerns: with an age beside it, still a person's trace removed
_BY_PERSON = re.compile(r"(?i)\b(?:userid|relateduserid|realuserid|user_id|username|ip|ip_address|pseudonym_id|"
                        r"actor_id|real_user_id)\b")


def log_delete(sql: str) -> tuple[str, bool] | None:
    """(table, whole) for SQL that deletes the site's log rows: `whole` when it picks what to delete otherwise than by
    age (a user's rows, every row): what was done leaves no trace. None when it deletes none."""
    low = sql.lower()
    if "log" not in low and "page_views" not in low and "auditor" not in low:
        return None
    m = _LOG_DELETE.search(sql[:65536])
    if m is None:
        return None
    where = m.group(2)
    return m.group(1), _BY_AGE.search(where) is None or _BY_PERSON.search(where) is not None


def records_delete(sql: str) -> str | None:
    """The academic records table SQL deletes rows of (or empties), or None."""
    low = sql.lower()
    if "delete" not in low and "truncate" not in low:
        return None
    m = _RECORDS_DELETE.search(sql[:65536])
    return m.group(1) if m else None


# Moodle's web service functions that delete courses, users, categories, cohorts or activities with what they hold
WS_DELETE = re.compile(r"(?:core_course_delete_courses|core_user_delete_users|core_cohort_delete_cohorts|"
                       r"core_course_delete_categories|core_course_delete_modules|core_group_delete_groups|"
                       r"core_grades_\w{0,30}delete\w{0,30}|mod_\w{1,30}_delete_\w{1,40})")


def ws_delete_message(shown: str, fn: str) -> str:
    return (f"{shown} calls Moodle's `{fn}`, which deletes what it names with all it holds (its users' submissions, "
            "grades and files): there is no undo but a backup. Have a person confirm, or back it up first")


def log_message(shown: str, table: str) -> str:
    return (f"{shown} deletes rows of `{table}`, the site's log, chosen otherwise than by their age: what was done "
            "(and by whom) leaves no trace. Leave the logs to the site's retention settings")


def log_age_message(shown: str, table: str) -> str:
    return (f"{shown} deletes rows of `{table}`, the site's log, by their age: what was done before then leaves no "
            "trace, and there is no undo. Have a person confirm, or leave it to the site's log retention setting")


def deleted_message(shown: str, table: str) -> str:
    return (f"{shown} deletes rows of `{table}`, the school's academic records (grades, submissions, attempts, "
            "enrolments): there is no undo but a backup, and the gradebook's history goes with them. Have a person "
            "confirm, or export the rows first")


# -- administrators ----------------------------------------------------------------------------------------------------
# Canvas's account administrators; a user made with a password (`pseudonym[password]`, `"password"` in the body)
CANVAS_ADMINS = re.compile(r"(?i)/api/v1/accounts/[^/\s\"'`]{1,64}/admins\b")
# a Canvas course deleted by its update (`PUT /api/v1/courses/1187` with `event=delete`, or `course[event]=delete`)
CANVAS_COURSE = re.compile(r"(?i)/api/v1/courses/[^/\s\"'`?]{1,64}(?:[?\s\"'`]|$)")
COURSE_DELETED = re.compile(r"(?i)\bevent\]?[\"']?\s*[=:]\s*[\"']?delete\b")
CANVAS_USERS = re.compile(r"(?i)/api/v1/accounts/[^/\s\"'`]{1,64}/users\b")
_PASSWORD_GIVEN = re.compile(r"(?i)pseudonym\]?\[?password\]?\W{1,6}[^\s$\"'`{]|\bpassword\]?[\"'`]?\s*[:=]\s*[\"'`]"
                             r"[^\"'`$\s{]{4,}")
_EMAIL = re.compile(r"(?i)(?<![\w.+-])[\w.+-]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6})")


@lru_cache(maxsize=8)
def password_given(text: str) -> bool:
    return _PASSWORD_GIVEN.search(text) is not None


@lru_cache(maxsize=8)
def stranger_address(text: str, skip: str = "") -> str | None:
    """An address `text` names on a domain that carries none of the organisation's words (the organisation named by
    the input's URLs), or None."""
    from .cloud_admin import _own_domain

    words = org_words(text)
    if not words:
        return None
    for m in _EMAIL.finditer(text):
        d = m.group(1).lower()
        if d == skip or _own_domain(d) or d.endswith(".invalid"):
            continue
        if not any(w in d.rsplit(".", 1)[0] for w in words):
            return m.group(0)
    return None


def own_address(address: str, text: str) -> bool:
    """Whether `address` is on a domain of the school: an education domain, a name reserved for this network or for
    examples, or one carrying a word of the organisation the input's URLs name."""
    from .cloud_admin import _own_domain

    d = address.rpartition("@")[2].lower().strip(".>\"' ")
    if not d or "." not in d:
        return False
    if school_domain(d) or _own_domain(d):
        return True
    return any(w in d.rsplit(".", 1)[0] for w in org_words(text))


ADMIN_FIX = ("make administrators only of the school's own staff, and let a person do it in the site's own screens "
             "(the new administrator sets their own password)")


# an administrator granted: Canvas's account admins, Moodle's manager role at the system context (role 1, context 1)
# or its site administrators' list, a Django/Open edX superuser flag
_ADMIN_GRANT = re.compile(r"(?i)/api/v1/accounts/[^/\s\"'`]{1,64}/admins\b|core_role_assign_roles|\bsiteadmins\b|"
                          r"\brole_assignments\b|"
                          r"\bis_superuser\W{1,6}(?:True|true|1)\b")
# an account made by the same code with a password it writes: Moodle's `core_user_create_users` with
# `users[0][password]`, Canvas's `pseudonym[password]`, moosh's `user-create --password`
_MADE = re.compile(r"(?i)core_user_create_users|/api/v1/accounts/[^/\s\"'`]{1,64}/users\b|user-create\b|"
                   r"create_?user\b|createuser\b")


@lru_cache(maxsize=8)
def admin_made(text: str) -> str | None:
    """Why the code's administrator is a way in no one granted: made with a password it writes, or for a stranger's
    address; None when it grants none, or the account is not known to be either."""
    if _ADMIN_GRANT.search(text) is None or _MADE.search(text) is None:
        return None
    stranger = stranger_address(text)
    if stranger:
        return f"for {stranger}, an address on a domain that has nothing to do with the organisation"
    if password_given(text):
        return "for an account the code makes with a password it writes (known only to whoever wrote it)"
    return None


def admin_message(shown: str, why: str) -> str:
    return (f"{shown} makes an administrator of the learning platform {why}: a way into every course, user and grade "
            f"no one granted; {ADMIN_FIX}")


# -- a web application's production settings opened ----------------------------------------------------------------
# Django's settings for production turned into a development site's: the debug pages on (they print the settings and
# the code), every Host header accepted, cross-site requests from anywhere with credentials, the CSRF check taken out,
# cookies over plain HTTP
# (`settings/production.py`, `settings_prod.py`, `prod/settings.py`, an override beside them: `settings/prod_eu.py`;
# not any module named `production_like.py`)
PROD_SETTINGS = re.compile(r"(?i)(?:^|/)(?:settings[/_.-]?)?prod(?:uction)?\.py$|(?:^|/)settings[/_.-]prod(?:uction)?_"
                           r"\w{1,20}\.py$|(?:^|/)prod(?:uction)?/settings\.py$")
# (what is turned off, and whether that alone is blocked: every Host header accepted and HTTP served are how a site
# behind a load balancer that checks the host and ends TLS is set up, reviewed)
_WEAKENED = (
    (re.compile(r"\bDEBUG\s*=\s*True\b"), "DEBUG on (every error page prints the settings and the code)", True),
    (re.compile(r"""\bALLOWED_HOSTS\s*=\s*\[\s*\\?["']\*\\?["']\s*\]"""), "ALLOWED_HOSTS = ['*']", False),
    (re.compile(r"\bCORS_(?:ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL)\s*=\s*True\b"), "cross-origin requests from anywhere",
     True),
    (re.compile(r"\b(?:SESSION|CSRF)_COOKIE_SECURE\s*=\s*False\b"), "the session cookie over plain HTTP", True),
    (re.compile(r"\bSECURE_SSL_REDIRECT\s*=\s*False\b"), "plain HTTP served", False),
    (re.compile(r"""CsrfViewMiddleware["']?,?["']?\s*,\s*(?:""|'')"""), "the CSRF middleware taken out", True),
)


# the text an edit replaces (`.replace("DEBUG = True", …)`, `re.sub(r"DEBUG\s*=\s*True", …)`): what it takes out,
# not what it writes
_REPLACED = re.compile(r"""(?:\.replace|\bre\.sub|\.sub)\(\s*[rbuRB]?("(?:[^"\\\n]|\\.){0,300}"|"""
                       r"""'(?:[^'\\\n]|\\.){0,300}')\s*,""")


@lru_cache(maxsize=8)
def settings_weakened(text: str) -> tuple[list[str], bool]:
    """(what of the protections above `text`, code that writes a production settings file, turns off; whether any of
    it is blocked alone)."""
    text = text.replace("\\n", "\n")  # (a line of a string literal in the code: `"…\\nDEBUG = True\\n"`)
    csrf = _WEAKENED[-1][0].search(text) is not None
    written = _REPLACED.sub(lambda m: m.group(0).replace(m.group(1), '""'), text)
    found = [(what, strong) for rx, what, strong in _WEAKENED[:-1] if rx.search(written)] + \
        ([_WEAKENED[-1][1:]] if csrf else [])
    return [what for what, _ in found], any(strong for _, strong in found)


# -- a check made to pass: a token decoded, not verified -------------------------------------------------------------
# a function whose name says it verifies (`verifyLaunch`, `validate_id_token`, `authenticate`) whose first return is
# a decode that checks no signature: jose's `decodeJwt`, jwt-decode's `jwtDecode`, jsonwebtoken's `jwt.decode`, python-
# jose's `get_unverified_claims`
_GUARD_DEF = re.compile(r"(?:\bdef|\bfunction\*?|\b(?:const|let|var))\s+(\w{0,40}(?:[Vv]erif|[Vv]alidat|[Aa]uthenticat|"
                        r"[Cc]heck_?[Ss]ig|[Cc]heck_?[Tt]oken)\w{0,40})\b")
# the first return: a call (`decodeJwt<JWTPayload>(t)`, its type arguments too) or a name an earlier line assigned
_FIRST_RETURN = re.compile(r"\breturn\b[ \t]*+(?:await\s+)?((?:\w+\.)?\w+)[ \t]*+(?:<[^<>()\n]{0,80}>[ \t]*)?(\()?")
# a call that verifies (a comment that says it will, `// TODO verify`, is none)
_VERIFY_CALL = re.compile(r"(?:\bjwtVerify|\bverify\w*|\.verify)\s*\(")
_COMMENT = re.compile(r"(?m)(?://|#)[^\n]*")
_UNVERIFIED_JS = frozenset({"decodeJwt", "jwtDecode", "jwt_decode", "jwt.decode", "jsonwebtoken.decode",
                            "jose.decodeJwt"})
# (python-jose's claims read unverified; PyJWT's `jwt.decode(…, options={"verify_signature": False})` below. A header
# read for its `kid`, `get_unverified_header`, verifies nothing and claims nothing)
_UNVERIFIED_PY = frozenset({"jwt.get_unverified_claims", "get_unverified_claims", "jws.get_unverified_claims"})
_NO_SIGNATURE = re.compile(r"""verify_signature["']?\s*:\s*False|\bverify\s*=\s*False""")


# where the next function or declaration starts: the guard's own body ends there at the latest
_NEXT_DEF = re.compile(r"\b(?:function|def|class)\b")
# an arrow function whose body is one expression (`const verifyLaunch = async (t: string) => decodeJwt(t);`)
_ARROW = re.compile(r"(?<!\s)\s*+=\s*+(?:async\s+)?(?:\([^()]{0,200}\)|\w+)\s*(?::[^=\n]{0,80})?=>\s*(?:await\s+)?"
                    r"((?:\w+\.)?\w+)\s*(?:<[^<>()\n]{0,80}>\s*)?\(")


_COMPUTED = re.compile(r"\s*+(?:[.\[*/%+<>=!&|?-]|\bif\b|\band\b|\bor\b)")


def _whole(call: str) -> bool:
    """Whether the call whose text starts `call` (at its name) is what is returned, not a part of an expression
    (`jwtDecode<{ exp: number }>(t).exp * 1000 > Date.now()` returns whether the token is still valid)."""
    at = call.find("(")
    depth = 0
    for i in range(at, min(len(call), at + 300)) if at >= 0 else ():
        depth += {"(": 1, ")": -1}.get(call[i], 0)
        if depth == 0:
            return _COMPUTED.match(call, i + 1) is None
    return True


def _unverified(name: str, call: str, lang: str) -> bool:
    """Whether the call of `name` (its text from the name on, `call`) decodes a token without checking it, and is
    returned as it is."""
    if lang != "python":
        return name in _UNVERIFIED_JS and _whole(call)
    return (name in _UNVERIFIED_PY or name in ("jwt.decode", "decode") and
            _NO_SIGNATURE.search(call, 0, 300) is not None) and _whole(call)


def unverified_guard(code: str, lang: str) -> str | None:
    """The function of `code` whose name says it verifies and whose first return is an unverified decode (directly,
    or a name the function gave it: `const claims = decodeJwt(t); return claims;`), or None."""
    code = code[:65536]
    for m in _GUARD_DEF.finditer(code):
        arrow = _ARROW.match(code, m.end())
        if arrow is not None:
            if _unverified(arrow.group(1), code[arrow.start(1):arrow.start(1) + 400], lang):
                return m.group(1)
            continue
        nxt = _NEXT_DEF.search(code, m.end(), m.end() + 600)
        window = code[m.end():nxt.start() if nxt is not None else m.end() + 600]
        r = _FIRST_RETURN.search(window)
        if r is None or _VERIFY_CALL.search(_COMMENT.sub("", window[:r.start()])) is not None:
            continue
        if r.group(2):
            name, at = r.group(1), r.start(1)
        else:  # `return claims`: what the function assigned it
            given = re.search(r"\b" + re.escape(r.group(1)) + r"\s*(?::[^=\n]{0,60})?=(?![=>])\s*(?:await\s+)?"
                              r"((?:\w+\.)?\w+)\s*(?:<[^<>()\n]{0,80}>\s*)?\(", window[:r.start()])
            if given is None:
                continue
            name, at = given.group(1), given.start(1)
        if _unverified(name, window[at:at + 400], lang):
            return m.group(1)
    return None


def guard_message(shown: str, name: str, path: str | None) -> str:
    where = f" in {path}" if path else ""
    return (f"{shown} writes `{name}`{where} to return the token decoded, its signature never checked: anyone can then "
            "forge a launch or a login as any user, an instructor or an administrator. Verify the token against the "
            "platform's key set (`jwtVerify` with its JWKS), or ask the user")


# -- requests from code ----------------------------------------------------------------------------------------------
# a variable given a learning platform's credential (`tok = os.environ["MOODLE_TOKEN"]`, `const H = { Authorization:
# \`Bearer ${process.env.CANVAS_TOKEN}\` }`): a call that names the variable sends the credential
_ASSIGNED = re.compile(r"(?m)^[ \t]*+(?:(?:const|let|var|export)[ \t]++)?([A-Za-z_]\w{0,40})[ \t]*+(?::[^=\n]{0,60})?"
                       r"=(?![=>])([^\n]{0,300})")


@lru_cache(maxsize=8)
def _secret_aliases(text: str) -> tuple[tuple[re.Pattern, str], ...]:
    """(a pattern of the variable, the credential) for each variable the snippet gives a platform's credential."""
    if _LMS_SECRET_NAME.search(text) is None:
        return ()
    out = {}
    for m in _ASSIGNED.finditer(text[:65536]):
        names = lms_secrets(m.group(2))
        if names and m.group(1) not in names:
            out[m.group(1)] = names[0]
        if len(out) >= 16:
            break
    return tuple((re.compile(r"(?<![\w.$])" + re.escape(v) + r"\b"), n) for v, n in out.items())


def sent_secret(call: str, text: str) -> str | None:
    """The platform's credential a call (its text `call`, of the snippet `text`) carries, by its name or through a
    variable given it."""
    call = call[:20000]
    names = lms_secrets(call)
    if names:
        return names[0]
    return next((n for rx, n in _secret_aliases(text) if rx.search(call)), None)


@lru_cache(maxsize=8)
def _personal(text: str) -> bool:
    """Whether the snippet names people's addresses or numbers (asked once per snippet: every request of it asks)."""
    return PERSONAL.search(text) is not None


def request_finding(url: str | None, call: str, text: str) -> tuple[str, str, str] | None:
    """(verdict, rule, message) for a request from code to `url` (its call's text `call`, the whole snippet `text`):
    the platform's credential sent to a host that is not the school's (token_sent), the school's people sent to an
    outsider (whose: blocked, or reviewed for a named domain foreign to the input), a grade posted as the maximum for
    a student the code names, a developer key for an outsider, an administrator made for someone; None otherwise."""
    if not url:
        return None
    host = url_host(url) if "//" in url else None
    secret = sent_secret(call, text) if host else None
    if secret is not None:
        found = token_sent(url, host, text)
        if found is not None:
            return found[0], "exfiltration", token_message("the code", secret, *found)
    read = people_read(text, host) if host and _personal(text) else None
    who = whose(host, text, url) if read is not None else None
    # (to a named domain, only a request that itself carries people's addresses or numbers: a count posted to a
    # workflow hook sends no one)
    if who is not None and who[0] == "review" and PERSONAL.search(call[:20000]) is None:
        who = None
    if who is not None:
        end = ("the school's people leave its systems. Keep exports in the organisation's own storage, and let the "
               "user decide where they go") if who[0] == "block" else \
            "a person should confirm it is the school's own service or one it contracts"
        return who[0], "exfiltration", f"the code reads {read} and sends them to {who[1]}: {end}"
    if "/submissions/" in url and literal_student(url) and api_grade_max(call):
        return "block", "system-write", ("the code posts the assignment's full marks as the grade of the student it "
                                         "names: a grade nobody gave. Grades are the teacher's to enter")
    if "developer_keys" in url and "redirect" in call:
        for m in re.finditer(r"https?://[^\s\"'`&]{1,300}", call[:20000]):
            who_key = outsider_url(m.group(0), text) if m.group(0) != url else None
            if who_key is not None:
                return "block", "privilege-escalation", (
                    f"the code makes a Canvas developer key that redirects to {who_key}: every user who authorises it "
                    "hands that host a token for their account. Create developer keys only for the organisation's own "
                    "tools")
    return None


# -- files written (server_config.py's second reader: the shell's here-documents, `tee`, `>>` and `sed -i`, and code's
# literal writes) -----------------------------------------------------------------------------------------------------
_GUARD_HINT = re.compile(r"decodeJwt|jwtDecode|jwt_decode|\.decode\s*\(|get_unverified_claims")
_CODE_LANG = re.compile(r"\.(?:(py)|[cm]?[jt]sx?)$")


def judge_also(a, path: str, text: str, node) -> bool:
    """A Moodle site opened through its `config.php` (`$CFG->forcelogin = false;`), or a code file written with a
    verifying function that returns the token decoded (`cat > src/lti/verify.ts <<'EOF'`): blocked."""
    if path.endswith("config.php"):
        found = config_php(text)
        if found is not None:
            a.block(found[1], f"the text written to {path} forces Moodle's `{found[0]}` in its config.php, over the "
                              f"database and the admin screens: {found[2]}. Leave the site's security settings to its "
                              "administrators", node)
            return True
        return False
    lang = _CODE_LANG.search(path)
    if lang is None or _GUARD_HINT.search(text) is None:
        return False
    guard = unverified_guard(text.replace("\\n", "\n"), "python" if lang.group(1) else "typescript")
    if guard is None:
        return False
    a.block("privilege-escalation", guard_message("the text written", guard, path), node)
    return True
