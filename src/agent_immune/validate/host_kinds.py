"""The kinds of host whose name alone says who reads what is sent there, one table each for every area's rules.

- a paste or file-drop service (and ntfy.sh's public topics): whatever is sent stays at an address anyone who learns
  it reads (DROP_SITES, and a domain named as a paste bin: paste_named);
- an out-of-band listener of security testing (interact.sh, Burp Collaborator): what reaches it is logged for
  whoever runs the probe (LISTENERS);
- a request bin, a webhook tester: whoever holds the bin's address reads what arrives, mostly the developer's own
  test events (REQUEST_BINS);
- a tunnel to a developer's machine (ngrok, Cloudflare's quick tunnels, bore's public relay): the webhook under
  development answers there, on the machine of whoever started the tunnel (TUNNELS);
- a free app host, where anyone deploys an app under a name of their choosing in a minute: whose app it is, only its
  name can say (FREE_HOSTS).

How an area weighs each kind is the area's own: scraping_tables.stranger_sink takes all but the free hosts as places
scraped data must not go; erp_tables takes a tunnel for the developer's own machine and a request bin for a tester of
test events, not drop-boxes. The organisation's own instances of such services (`paste.acme.com`, `ntfy.acme.com`)
are none of these.
"""
from __future__ import annotations

import re

# paste and file-drop services; ntfy.sh's topics too: a topic is public, and anyone subscribed to its name (a guessable
# `acme-ci-builds`) reads every message and attachment sent to it
DROP_SITES = ("transfer.sh", "file.io", "0x0.st", "bashupload.com", "paste.ee", "pastebin.com", "hastebin.com",
              "temp.sh", "anonfiles.com", "gofile.io", "paste.rs", "dpaste.com", "dpaste.org", "ix.io", "termbin.com",
              "sprunge.us", "privatebin.net", "rentry.co", "controlc.com", "catbox.moe", "uguu.se", "tmpfiles.org",
              "filebin.net", "oshi.at", "pixeldrain.com", "justpaste.it", "pastes.io", "ghostbin.com", "bpa.st",
              "paste.gg", "ntfy.sh")
# the out-of-band interaction listeners of security testing
LISTENERS = ("interact.sh", "oast.fun", "oast.pro", "oast.live", "oast.site", "oast.me", "burpcollaborator.net")
REQUEST_BINS = ("webhook.site", "requestbin.net", "requestbin.com", "pipedream.net", "hookbin.com", "beeceptor.com",
                "requestcatcher.com", "mockbin.org", "smee.io")
# (bore.pub: bore's public relay, where `bore local 502` goes when no `--to` names another)
TUNNELS = ("ngrok.io", "ngrok-free.app", "ngrok.app", "ngrok-free.dev", "ngrok.dev", "trycloudflare.com", "loca.lt",
           "serveo.net", "localhost.run", "lhr.life", "pinggy.link", "pinggy.io", "devtunnels.ms", "bore.pub")
# (no school's or company's LMS, forge or registry API runs there: secret_owner.Owner.serves reads it too)
FREE_HOSTS = ("herokuapp.com", "onrender.com", "vercel.app", "netlify.app", "fly.dev", "glitch.me", "repl.co",
              "replit.app", "replit.dev", "pages.dev", "workers.dev", "deno.dev", "railway.app", "surge.sh",
              "koyeb.app", "cyclic.app", "pythonanywhere.com", "github.io", "gitlab.io", "web.app", "firebaseapp.com")

# a domain that names itself a paste bin (`pastebin-cdn.io`, `hastebin.skyra.pw`): a drop whoever runs it reads
_PASTE_NAME = re.compile(r"(?:^|[.-])(?:paste|haste|ghost|term|d?paste)bin(?:[.-]|$)")


def under(host: str, names) -> bool:
    """Whether `host` (lower case, no final dot) is one of `names` or a name under one. (Each of the host's few
    suffixes is looked up in `names`, rather than each name tried against the host: a long input asks for every word
    that may be a host.)"""
    if host in names:
        return True
    at = host.find(".")
    while at >= 0:
        if host[at + 1:] in names:
            return True
        at = host.find(".", at + 1)
    return False


def _norm(host: str | None) -> str:
    return host.lower().rstrip(".") if host else ""


def drop_site(host: str | None) -> bool:
    """A paste or file-drop service (DROP_SITES) or a domain named as a paste bin."""
    h = _norm(host)
    return bool(h) and (under(h, DROP_SITES) or paste_named(h))


def paste_named(host: str) -> bool:
    return _PASTE_NAME.search(host) is not None


def listener(host: str | None) -> bool:
    h = _norm(host)
    return bool(h) and under(h, LISTENERS)


def request_bin(host: str | None) -> bool:
    h = _norm(host)
    return bool(h) and under(h, REQUEST_BINS)


def tunnel(host: str | None) -> bool:
    h = _norm(host)
    return bool(h) and under(h, TUNNELS)


def free_host(host: str | None) -> bool:
    h = _norm(host)
    return bool(h) and under(h, FREE_HOSTS)
