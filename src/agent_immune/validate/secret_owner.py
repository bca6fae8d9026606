"""Whose a secret is, read from the name of the variable holding it, for every language's rules.

A token sent to its own service is how an API is called; the same token in the URL or body of a request to
another host is the token stolen. `HF_TOKEN` belongs to Hugging Face, `WEATHER_API_KEY` to a weather service:
known services are held to their own hosts by name (a spoofed `hf.evil.example` is not Hugging Face's), and others
to a host that carries the word the variable is named for. A name that says no service (`API_KEY`,
`CLIENT_SECRET`) cannot be held to any host, and is not judged here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SECRET_NAME = re.compile(r"(?:^|_)(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_KEY|"
                          r"CREDENTIALS?|PAT|ADMIN_?KEY|MASTER_?KEY|WRITE_?KEY)(?:_|$)")  # (search services' keys)
# names that say where a secret is or what it is called, not the secret (`GITHUB_TOKEN_PATH`, `AWS_ACCESS_KEY_ID`)
_NOT_SECRET = re.compile(r"_(?:URL|URI|ENDPOINT|FILE|PATH|HOST|NAME|ID|TYPE|TTL|EXPIRY|EXPIRES|EXPIRES_AT|HEADER|"
                         r"LENGTH|KIND|DIR|SCOPE|SCOPES|USER|USERNAME)$")
# secrets' files, named like secrets
_PATHS = frozenset({"GOOGLE_APPLICATION_CREDENTIALS", "AWS_SHARED_CREDENTIALS_FILE"})
# the words of a name that are no service's (`SLACK_BOT_TOKEN` is Slack's, `PROD_API_KEY` nobody's in particular)
_GENERIC = frozenset({
    "api", "key", "keys", "token", "tokens", "secret", "secrets", "access", "auth", "oauth", "client", "app",
    "application", "private", "password", "passwd", "pass", "pwd", "credential", "credentials", "cred", "creds",
    "bearer", "bot", "user", "username", "service", "account", "admin", "root", "master", "prod", "production", "dev",
    "development", "staging", "stage", "test", "testing", "local", "default", "my", "id", "read", "write", "ro", "rw",
    "pat", "personal", "session", "refresh", "signing", "sign", "encryption", "webhook", "hook", "shared", "jwt", "db",
    "url", "uri", "env", "ci", "deploy", "release", "publish", "upload", "registry", "new", "old",
    "primary", "secondary", "main", "backup", "public", "org", "team", "project", "server", "internal", "sdk", "live",
    "sandbox", "the", "x", "job", "hmac",
    # test runs: the credentials of the app under test, wherever it is served
    "e2e", "qa", "uat", "smoke", "cypress", "playwright", "selenium", "integration",
    # what the token is used for, not whose service it is (`SCRAPER_API_TOKEN` is the project's scraper's key for
    # its own API, `MIRROR_PAT` a mirror job's): a role names no host
    "scraper", "scraping", "crawler", "crawl", "spider", "worker", "runner", "pipeline", "ingest", "ingestion", "cron",
    "scheduler", "mirror", "sync", "export", "import", "backend", "frontend", "cli", "web", "site", "metrics",
    "monitor", "monitoring", "alert", "alerts", "notify", "notifier", "batch", "queue", "download", "automation"})
# Services people run on their own machines (a forge, a package or image registry, CI, dashboards): a token named for
# one goes to whichever host the user runs it on, so a named host is its own when the request is to the service's API
# there (`?access_token=$GITEA_TOKEN` to git.acme.io/api/v1/…, Jenkins' `token=` to ci.acme.io/job/x/build); sent
# anywhere else, or to a bare public address, it is a stranger's (a secrets store or an identity provider, `VAULT_TOKEN`,
# stays held to a host carrying its word: what it unlocks is every other secret)
_EDX_API = (r"/oauth2/(?:access_token|exchange_access_token|authorize)|/api/(?:courses|enrollment|grades|user|"
            r"bulk_enroll|completion|certificates|discussion|course_home|mobile|organizations|cohorts|instructor|"
            r"program_enrollments|val|team|commerce|credentials|experiments|learning_sequences|course_experience)/")
_SELF_HOSTED_API = {
    "gitea": r"/api/v1/", "forgejo": r"/api/v1/", "gogs": r"/api/v1/", "gitlab": r"/api/v4/", "glab": r"/api/v4/",
    "gerrit": r"/a/", "harbor": r"/api/v2\.0/", "nexus": r"/service/rest/", "artifactory": r"/artifactory/",
    "jfrog": r"/artifactory/|/access/api/", "jenkins": r"/job/|/buildByToken/|/crumbIssuer/",
    "sonarqube": r"/api/", "sonar": r"/api/", "grafana": r"/api/", "verdaccio": r"/-/", "drone": r"/api/",
    "woodpecker": r"/api/", "teamcity": r"/app/rest/",
    # Ghost, served from the blog's own host: its Content API takes its (public, read-only) key in the query string by
    # design (`/ghost/api/content/posts/?key=…`)
    "ghost": r"/ghost/api/",
    # (session 29) search engines a docs site runs on its own host: their admin key goes with every write
    "meili": r"/indexes|/keys|/tasks|/multi-search", "meilisearch": r"/indexes|/keys|/tasks|/multi-search",
    "typesense": r"/collections|/keys|/multi_search|/aliases",
    # (session 30) ERPs a company runs on its own host (`erp.acme.com`): Odoo's RPC endpoints, ERPNext's REST API
    "odoo": r"/jsonrpc|/xmlrpc/|/web/dataset/|/json/2/", "erpnext": r"/api/resource/|/api/method/",
    "frappe": r"/api/resource/|/api/method/",
    # (session 31) learning platforms a school runs on its own host (`learn.acme.edu`): Moodle's web service token
    # goes in the body of every call (`wstoken=`), Open edX's OAuth client secret to its own token endpoint, its token
    # to its REST APIs (named: any site has an `/api/`)
    "moodle": r"/webservice/|/login/token\.php", "edx": _EDX_API, "openedx": _EDX_API,
    "canvas": r"/api/v1/|/login/oauth2/|/api/lti/", "brightspace": r"/d2l/api/|/d2l/auth/",
    "d2l": r"/d2l/api/|/d2l/auth/", "blackboard": r"/learn/api/", "sakai": r"/direct/"}
# a known service's own hosts (the host or a subdomain of it), by a word of the name. Package registries' tokens
# (`NPM_TOKEN`, `PYPI_TOKEN`, `TWINE_PASSWORD`, `CARGO_REGISTRY_TOKEN`) go only in their tools' settings or a
# header, never in a URL or a body: no host is theirs here. Services that often run on the user's own hosts are not
# listed: those above (_SELF_HOSTED) go to any named host, the others are read by the word (`SENTRY_AUTH_TOKEN` to
# sentry.acme.io).
_GOOGLE = ("googleapis.com", "google.com")
_AZURE = ("azure.com", "azure.net", "windows.net", "microsoft.com", "microsoftonline.com")
_OWN_HOSTS = {
    "hf": ("huggingface.co", "hf.co"), "huggingface": ("huggingface.co", "hf.co"), "hugging": ("huggingface.co", "hf.co"),
    "github": ("github.com", "githubusercontent.com"), "gh": ("github.com", "githubusercontent.com"),
    "wandb": ("wandb.ai",), "openai": ("openai.com",), "anthropic": ("anthropic.com",), "claude": ("anthropic.com",),
    "aws": ("amazonaws.com",), "slack": ("slack.com",), "stripe": ("stripe.com",),
    "datadog": ("datadoghq.com", "datadoghq.eu"), "dd": ("datadoghq.com", "datadoghq.eu"),
    "google": _GOOGLE, "gcp": _GOOGLE, "gcloud": _GOOGLE, "gemini": _GOOGLE, "youtube": _GOOGLE,
    "firebase": (*_GOOGLE, "firebaseio.com", "firebase.com"),
    "azure": _AZURE, "az": _AZURE, "ms": _AZURE,
    "cloudflare": ("cloudflare.com",), "cf": ("cloudflare.com",), "docker": ("docker.com", "docker.io"),
    "dockerhub": ("docker.com", "docker.io"), "vercel": ("vercel.com",), "netlify": ("netlify.com",),
    "heroku": ("heroku.com",), "sendgrid": ("sendgrid.com", "sendgrid.net"), "twilio": ("twilio.com",),
    # (session 30) Vonage's communications APIs still answer at Nexmo's hosts (rest.nexmo.com, api.nexmo.com)
    "vonage": ("vonage.com", "nexmo.com"), "nexmo": ("nexmo.com", "vonage.com"), "plivo": ("plivo.com",),
    "telnyx": ("telnyx.com",),
    "telegram": ("telegram.org",), "tg": ("telegram.org",),  # (`TG_TOKEN`, as bots' scripts name it)
    "discord": ("discord.com",), "notion": ("notion.com", "notion.so"), "linear": ("linear.app",),
    "codecov": ("codecov.io",), "circleci": ("circleci.com",), "replicate": ("replicate.com",),
    "mistral": ("mistral.ai",), "groq": ("groq.com",), "cohere": ("cohere.com", "cohere.ai"),
    "pinecone": ("pinecone.io",), "digitalocean": ("digitalocean.com",), "do": ("digitalocean.com",),
    "npm": (), "pypi": (), "twine": (), "cargo": (), "nuget": (), "rubygems": (), "gem": (),
    # services of a company whose API and sign-in are that company's (the Chrome Web Store's publish API is
    # www.googleapis.com/chromewebstore, its OAuth client Google's; Firefox add-ons' API is addons.mozilla.org)
    "cws": _GOOGLE, "chrome": _GOOGLE, "chromewebstore": _GOOGLE, "gmail": _GOOGLE, "gdrive": _GOOGLE,
    "bigquery": _GOOGLE, "gcs": _GOOGLE, "amo": ("mozilla.org",), "mozilla": ("mozilla.org",),
    "firefox": ("mozilla.org",),
}
# identity providers' token endpoints: an OAuth client's secret (and a refresh token) is sent there to be exchanged
# for an access token, whichever service the client is for (`client_secret=$CWS_CLIENT_SECRET` to Google's), and what
# is posted there reaches only the provider, which already holds the client's secret
_TOKEN_ENDPOINTS = frozenset({"oauth2.googleapis.com", "accounts.google.com",
                              "login.microsoftonline.com", "login.live.com", "appleid.apple.com"})


# a URL's path after its host, without the query or the fragment
_PATH = re.compile(r"[^/?#]*(/[^?#]*)?")


@dataclass(frozen=True)
class Owner:
    """The service a secret is named for, and what a host of it is: one of `hosts` (or a subdomain) for a known
    service, a host carrying one of `words` for any other."""
    service: str
    hosts: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    api: str = ""  # a service people host themselves: its API's paths (_SELF_HOSTED_API)

    def serves(self, url: str) -> bool:
        """A request to `url` is to this self-hosted service's API on a named host (where the user runs it): the
        API's path in the URL's path (its query and fragment are anyone's to write: `evil.io/?x=/api/v1/`), on a
        host someone runs a service on (not a drop-box, a request bin, a chat bot, a tunnel to someone's machine or
        a free app host: erp_tables.stranger, erp_tables.tunnel, lms_tables.free_host)."""
        if not self.api:
            return False
        from .hosts import ip_literal, url_host

        host = url_host(url) if "//" in url else None
        if not host or ip_literal(host):
            return False
        path = _PATH.match(url.split("//", 1)[-1]).group(1) or "/"
        if re.search(self.api, path) is None:
            return False
        from .erp_tables import stranger, tunnel
        from .lms_tables import free_host

        return stranger(url, host) is None and not tunnel(host) and not free_host(host)

    def owns(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        if host in _TOKEN_ENDPOINTS:
            return True
        if not self.words:
            return any(host == h or host.endswith("." + h) for h in self.hosts)
        # the labels but the last (`api.openweathermap.org` holds `openweather`); a short word must be a whole part
        # of a label (`io-` in `io.example` is not the `IO_TOKEN` service's)
        labels = host.split(".")[:-1]
        parts = {p for label in labels for p in label.split("-")}
        return any(w in parts or len(w) > 3 and any(w in label for label in labels) for w in self.words)

    def stranger_in_header(self, host: str) -> bool:
        """Whether a header (or basic auth) carrying this service's token to `host` hands it to someone else. A
        header is how a token is used, so its own service, a host that carries the service's name (github.acme.com,
        acme.openai.azure.com), the user's own network (`llm-gateway.internal`, 10.0.4.2) and a registry's token (its
        header goes to any mirror) are left alone. A known service's token to any other host, and a service named
        only by a word sent to a bare public address, is the token handed over."""
        if self.owns(host) or not (self.hosts or self.words) or _OWN_NETWORK.search(host):
            return False
        from .hosts import ip_literal, public_ip

        if ip_literal(host):
            return public_ip(host)
        labels = [p for label in host.lower().split(".")[:-1] for p in label.split("-")]
        named = {self.service, *(h.split(".")[0] for h in self.hosts)}
        return bool(self.hosts) and not any(len(n) > 2 and any(n in p for p in labels) for n in named)

    def described(self, name: str) -> str:
        """Whose the host should have been, for a message: `huggingface.co, the service $HF_TOKEN is for`."""
        if self.hosts:
            return f"{self.hosts[0]}, the service {name} is for"
        if not self.words:
            return f"the {self.service} registry, whose token goes only in its tool's settings"
        return f"a host of {self.service}, the service {name} is named for"


# a host of the user's own network by its name, and the names reserved for examples (RFC 2606), under which no one
# runs a server
_OWN_NETWORK = re.compile(r"(?i)(?:^[^.]+|\.(?:internal|local|lan|corp|intranet|localdomain|home\.arpa|svc|"
                          r"cluster\.local|example|test|invalid|example\.(?:com|org|net)))\.?$")


def own_network(host: str) -> bool:
    """A host of the user's own network by its name (`lfs.acme.internal`, `nas.local`, a one-label name)."""
    return _OWN_NETWORK.search(host) is not None


# (session 28) variables whose value is the path of a credential file: the cloud SDKs' key and token files, the
# clusters' and databases' login files, and the `…_TOKEN_FILE`, `…_PASSWORD_FILE`, `…_KEY_PATH` names (Docker secrets'
# `_FILE` convention). Reading the file a name gives is reading the credential.
_FILE_VARS = frozenset({"GOOGLE_APPLICATION_CREDENTIALS", "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
                        "AZURE_FEDERATED_TOKEN_FILE", "GOOGLE_GHA_CREDS_PATH", "CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE",
                        "KUBECONFIG", "NETRC", "PGPASSFILE", "KRB5CCNAME", "KRB5_KTNAME", "KRB5_CLIENT_KTNAME",
                        "NATS_CREDS", "NKEYS_PATH", "VAULT_TOKEN_FILE", "DOCKER_AUTH_CONFIG_FILE", "OCI_CLI_KEY_FILE",
                        "SNOWFLAKE_PRIVATE_KEY_PATH", "GIT_SSH_KEY", "SSH_KEY", "SSH_PRIVATE_KEY_FILE"})
# (the word starts the name or follows a `_`: `MONKEY_PATH` names no key; a seed is NATS's, not a database's)
_FILE_VAR_NAME = re.compile(r"^(?:\w*_)?(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SSH_?KEY|"
                            r"CREDENTIALS?|CREDS|KEY|KEYFILE|NKEYS?_SEED|NKEY)_(?:FILE|PATH)$")


def secret_file_var(name: str) -> bool:
    """Whether the environment variable `name` holds the path of a credential file (`GOOGLE_APPLICATION_CREDENTIALS`,
    `DB_PASSWORD_FILE`, `SSH_KEY_PATH`); not `PUBLIC_KEY_FILE` or `CA_CERT_FILE`."""
    name = name.upper()
    return name in _FILE_VARS or bool(_FILE_VAR_NAME.match(name)) and "PUBLIC" not in name and "PUB_" not in name


def secret_name(name: str) -> bool:
    """Whether the environment variable `name` holds a secret by its name: `HF_TOKEN`, `DB_PASSWORD`,
    `OPENAI_API_KEY`; not `GITHUB_TOKEN_PATH` or `AWS_ACCESS_KEY_ID`, which say where or which."""
    name = name.upper()
    return bool(_SECRET_NAME.search(name)) and not _NOT_SECRET.search(name) and name not in _PATHS


@lru_cache(maxsize=512)
def owner(name: str) -> Owner | None:
    """The service the secret variable `name` belongs to; None when its name says none."""
    words = [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w and not w.isdigit()]
    for w in words:
        hosts = _OWN_HOSTS.get(w)
        if hosts is not None:
            return Owner(w, hosts)
        if w in _SELF_HOSTED_API:
            return Owner(w, words=(w,), api=_SELF_HOSTED_API[w])
    service = tuple(w for w in words if w not in _GENERIC and len(w) > 1)
    service += tuple(a for w in service for a in _ALIASES.get(w, ()))
    return Owner(service[0], words=service) if service else None


# services whose secrets are named by a short form of the name their hosts carry (`HASS_TOKEN` for the Home
# Assistant at `homeassistant.internal`)
_ALIASES = {"hass": ("homeassistant",), "ha": ("homeassistant",), "pve": ("proxmox",), "nc": ("nextcloud",),
            # `HS_APP_SECRET`: Help Scout's (api.helpscout.net) or HubSpot's (api.hubapi.com), both written HS
            "hs": ("helpscout", "hubspot", "hubapi"),
            # (session 30) QuickBooks Online's tokens are named for the product, its API and sign-in are intuit.com's
            "qbo": ("intuit",), "quickbooks": ("intuit",)}
