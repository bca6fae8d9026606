"""What a broker's or a search cluster's management request does, read from its body (JSON from the shell, a dict
literal from Python or TypeScript): shared by bash/brokers.py, python/brokers.py and js/brokers.py (session 28).

Whose host: the validator knows none of the organisation's domains, so it reads them as mail_tables does. A host
named by an IP address outside this network, or by a domain no other host of the same input shares, is an
outsider's; this network's names (`connect.internal`, one-label names), example domains and the cloud providers' own
hosts are not. A stream of the organisation's data pointed at an outsider (a Connect sink, a Watcher webhook, a
snapshot repository, a push subscription, a shovel) is how a broker is quietly mirrored to someone else.
"""
from __future__ import annotations

import re

from . import paths
from .hosts import url_host

_HOST_IN_TEXT = re.compile(r"(?i)\b(?:https?|wss?|amqps?|nats|kafka|redis|rediss|tls|tcp)://(?:[^/\s\"'@<>]*@)?"
                           r"([A-Za-z0-9.-]+\.[A-Za-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})")


# a host named without a scheme (`redis-cli -h redis.acme.com`, `user@mq.acme.com`, `--bootstrap-server k1.acme.com:9092`)
_HOST_WORD = re.compile(r"(?i)(?<![\w.-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?=[:/\s\"']|$)")


# the clouds' own hosts for the organisation's services (a Pub/Sub push to Cloud Run, an SNS subscription to an API
# Gateway or a Lambda function URL): whose service it is, a person decides when the project is set up
_CLOUD_APPS = frozenset({"run.app", "cloudfunctions.net", "appspot.com", "web.app", "firebaseapp.com", "on.aws",
                         "azurewebsites.net", "azure-api.net", "amazonaws.com", "googleapis.com"})
# ... and the alerting services a watch or a subscription notifies
ALERTING = frozenset({"hooks.slack.com", "events.pagerduty.com", "api.opsgenie.com", "api.eu.opsgenie.com",
                      "outlook.office.com"})


def outsider(host: str | None, text: str) -> bool:
    """Is `host` an outsider's, the input `text` naming the organisation's own hosts? (hosts.named_alone: the input's
    hosts read once, in lower case, so that `https://Sink.Evil-Corp.COM/x` is not taken for another host of the
    organisation's beside its own lower-case reading)"""
    from .hosts import named_alone

    return named_alone(host, text)


def outsider_url(url: str | None, text: str) -> str | None:
    """The host of `url` when it is an outsider's (see outsider), else None."""
    if not url or "//" not in url:
        return None
    host = url_host(url)
    return host if outsider(host, text) else None


# -- the bodies of management requests -------------------------------------------------------------------------------
# `"key": "value"` in JSON or a Python/TypeScript dict literal (`'key': 'value'`, `key: "value"`)
_PAIR = r"""["']?{key}["']?\s*[:=]\s*["']([^"'\n]*)["']"""


def _values(body: str, key: str) -> list[str]:
    return re.findall(_PAIR.format(key=key), body)


# a connector's settings that name where it sends (an HTTP sink's `http.api.url`, a webhook's `url`, an Elasticsearch
# or S3-compatible sink's `connection.url`/`store.url`, an MQTT/AMQP server's URI)
_CONNECT_URL = re.compile(r"""["']([\w.-]*(?:url|uri|urls|endpoint|server\.uri|hosts?))["']\s*:\s*["']([^"'\n]+)["']""",
                          re.I)
_CONNECT_FILE = re.compile(r"""["'](file|files|file\.path|input\.path|topics?\.dir|fs\.uris?)["']\s*:\s*"""
                           r"""["']([^"'\n]+)["']""")


def connector_finding(body: str, text: str) -> str | None:
    """What a Kafka Connect connector's configuration does that is an attack: a sink that sends the topics to an
    outsider's URL, a file source that reads a credential file into a topic."""
    if "connector.class" not in body:
        return None
    for key, value in _CONNECT_URL.findall(body):
        for one in value.split(","):
            host = outsider_url(one.strip(), text)
            if host:
                return (f"the connector's `{key}` sends every record of its topics to {host}, a host outside the "
                        "organisation's network; point sinks at the organisation's own services")
    if re.search(r"(?i)FileStream|SpoolDir|FilePulse|file\.FileStreamSource", body):
        for key, value in _CONNECT_FILE.findall(body):
            for one in value.split(","):
                p = one.strip()
                if p and (paths.is_secret(p) or paths.held_secret(p) or paths.secret_in_text(p)):
                    return (f"the connector's `{key}` reads the credential file {p} into a topic, where every "
                            "consumer can read it; never read credentials into a broker")
    return None


def watch_finding(body: str, text: str) -> str | None:
    """An Elasticsearch Watcher (or Kibana alert) whose webhook action posts to an outsider's host."""
    if "webhook" not in body and "http" not in body:
        return None
    for key in ("host", "url"):
        for value in _values(body, key):
            host = outsider_url(value, text) if "//" in value else value if outsider(value, text) else None
            if host:
                return (f"the watch's webhook action posts what its search finds to {host}, a host outside the "
                        "organisation's network, on every run; send alerts to the organisation's own services")
    return None


def repository_finding(body: str, text: str) -> str | None:
    """A snapshot repository at an outsider's endpoint or URL: every snapshot of the cluster goes there."""
    if "settings" not in body:
        return None
    for key in ("endpoint", "url", "uri"):
        for value in _values(body, key):
            host = outsider_url(value, text) if "//" in value else value.split(":")[0] \
                if outsider(value.split(":")[0], text) else None
            if host:
                return (f"the snapshot repository's `{key}` is {host}, storage outside the organisation's: every "
                        "snapshot taken into it copies the cluster's indices there; use the organisation's own "
                        "bucket")
    return None


# (a list's items stop at the next `[`: read to the `]` from each opener, a run of them made the search quadratic)
_ALL = re.compile(r"""["']?(users|backend_roles|hosts|and_backend_roles)["']?\s*[:=]\s*\[[^\][]*["']\*["']""")
_ADMIN_ROLE = re.compile(r"(?i)rolesmapping/(all_access|security_manager|admin|manage_snapshots)\b")


def rolesmapping_finding(path: str, body: str) -> str | None:
    """OpenSearch's security plugin mapping every user (`"users": ["*"]`) to all_access: access control gone."""
    m = _ADMIN_ROLE.search(path)
    if m and _ALL.search(body):
        return (f"mapping `*` to the `{m.group(1)}` role gives every user (anyone who can reach the cluster) full "
                "rights on it, which turns its access control off; map the role to the named users who need it")
    return None


_SUPER = re.compile(r"""(?i)["']?roles["']?\s*[:=]\s*\[[^\][]*["'](superuser|all_access|administrator|admin)["']""")


def superuser_role(body: str) -> str | None:
    m = _SUPER.search(body)
    return m.group(1) if m else None


# (both anywhere in the text, in either order: searched apart, each once; `Writer.*?enabled` read to the end again
# from each mention of the writer)
_VELOCITY_WRITER = re.compile(r"(?i)VelocityResponseWriter")
_VELOCITY_LOADER = re.compile(r"(?i)(?:params|solr)\.resource\.loader\.enabled[\"']?\s*:\s*[\"']?true")
# (each template's scan stops at the next template, tried in its turn)
_TEMPLATE_EXEC = re.compile(r"(?i)v\.template[\w.]*=(?:(?!v\.template[\w.]*=).)*?(?:java\.lang\.Runtime|getRuntime|ProcessBuilder|\.exec\()")


def solr_finding(text: str) -> str | None:
    """Solr's Velocity response writer with templates taken from the request (CVE-2019-17558): remote code."""
    if _VELOCITY_WRITER.search(text) and _VELOCITY_LOADER.search(text):
        return ("enabling Solr's Velocity response writer with `params.resource.loader.enabled` lets any request "
                "carry a template that runs programs on the server; leave it off")
    if _TEMPLATE_EXEC.search(text):
        return "the Velocity template in the request runs a program on the Solr server"
    return None


# management paths that create a credential and answer with it
KEY_MINT = re.compile(r"/_security/api_key\b|/_security/(?:service|oauth2)/|/_plugins/_security/api/(?:internalusers|"
                      r"authtoken)|/keys/?(?:$|\?)|/_security/user/[^/?]+/_password")


# -- from code: what a script read or made that it then sends ------------------------------------------------------
CODE_MARKERS = re.compile(rb"put_user|putUser|createKey|create_key|create_api_key|createApiKey|grant_api_key|"
                          rb"GetRecords|get_records|scan_iter|scanStream|\.scan\(|\.keys\(|\.mget\(")
_CODE_READS = (
    (re.compile(r"(?:put_user|putUser)\s*\((?:[^()]|\([^()]*\))*?roles?[\"']?\s*[:=]\s*\[[^\]]*[\"']superuser[\"']"),
     "a superuser it creates (with its password)"),
    (re.compile(r"\b(?:createKey|create_key|create_api_key|createApiKey|grant_api_key)\s*\(|"
                r"\.keys\(\)\s*\.\s*create\s*\("), "an API key it creates"),
    (re.compile(r"\bGetRecordsCommand\b|\.get_records\s*\("), "the records of the stream it reads"),
    (None, "the Redis keys it reads"),
)
# a Redis key listing, then a read of the keys after it (in code that uses Redis: a DynamoDB `table.scan()` or
# `re.Scanner.scan` lists no keys; an HTTP client's `.get(` reads none)
_REDIS = re.compile(r"(?i)redis")
_KEY_LISTING = re.compile(r"\.scan\s*\(|scan_iter\s*\(|scanStream\s*\(|\.keys\s*\(\s*[\"'][^\"']*\*")
_KEY_READ = re.compile(r"(?<!requests)(?<!httpx)(?<!session)(?<!axios)\.(?:get|hgetall|mget|hGetAll|dump)\s*\(")
_SEND_URL = re.compile(r"""^\s*(?:f|`|["'])?["']?(https?://[^\s"'`/$?{]+)""")


def code_leak(doc: str) -> str | None:
    """What a script reads from a broker or cluster, or creates there, that must not leave it (see _CODE_READS)."""
    for pattern, what in _CODE_READS:
        if pattern is None:
            listing = _KEY_LISTING.search(doc) if _REDIS.search(doc) else None
            if listing is not None and _KEY_READ.search(doc, listing.end()):
                return what
        elif pattern.search(doc):
            return what
    return None


def sent_to(first_arg: str, doc: str) -> str | None:
    """The outsider's host a request's first argument (a literal URL, an f-string, a template) names, else None."""
    m = _SEND_URL.match(first_arg)
    return outsider_url(m.group(1), doc) if m else None


PUSH_ENDPOINT = re.compile(r"""["']?(?:push_endpoint|pushEndpoint)["']?\s*[:=]\s*f?["'`]([^"'`]+)""")


def leak_finding(first_arg: str, doc: str) -> str | None:
    """A request (its first argument's text) to an outsider from code that also mints a key, makes a superuser or
    reads a stream's records (code_leak): the message, or None."""
    host = sent_to(first_arg, doc)
    what = code_leak(doc) if host else None
    return (f"the script sends to {host}, a host outside the organisation's network, and holds {what}; keep "
            "credentials and the cluster's data inside it") if what else None


def push_finding(call: str, doc: str) -> str | None:
    """A Pub/Sub subscription made by code (`call` its text) that pushes to an outsider's endpoint: the message, or
    None."""
    for url in PUSH_ENDPOINT.findall(call):
        host = outsider_url(url, doc)
        if host:
            return (f"the subscription pushes every message of the topic to {host}, outside the organisation's "
                    "network; push only to the organisation's own services")
    return None
