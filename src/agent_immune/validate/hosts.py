"""Where a URL points, for every language's rules: its host, and whether that host is this machine.

A request to this machine is an agent exercising the service it is building; the same request to
any other host reaches state that lives elsewhere.
"""
from __future__ import annotations

import ipaddress
import re

# scheme://[userinfo@]host[:port]; a bracketed IPv6 literal keeps its brackets out of the host
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)")
# ... and the names a container reaches the machine it runs on by (Docker Desktop, Podman): an agent in a dev
# container exercising the service it runs there
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback",
                          "host.docker.internal", "host.containers.internal"})


def _maybe_ip(h: str) -> bool:
    """A cheap test before ipaddress (whose failure on a name costs an exception): an IPv4 address starts with a
    digit, an IPv6 one holds a colon."""
    return bool(h) and (h[0].isdigit() or ":" in h)


def url_host(url: str) -> str | None:
    """The host of `url` (lower case, IPv6 without brackets), or None when it has no `//` authority.

    A URL without a scheme (`example.com/x`, as curl takes it) is read as `http://` + it."""
    u = url.strip()
    if "://" not in u and not u.startswith("//"):
        u = "//" + u
    m = _URL.match(u)
    if m is None:
        return None
    host = m.group(1).strip("[]").lower().rstrip(".")
    return host or None


def loopback(host: str) -> bool:
    """Is `host` this machine: `localhost` (and `*.localhost`, RFC 6761), 127.0.0.0/8, ::1, the
    unspecified address 0.0.0.0 / :: that clients connect to as this machine, or the machine a container
    runs on (`host.docker.internal`, `host.containers.internal`)?"""
    h = host.lower().rstrip(".")
    if h in _LOCAL_NAMES or h.endswith(".localhost"):
        return True
    if not _maybe_ip(h):
        return False
    try:
        ip = ipaddress.ip_address(h)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified or (ip.version == 6 and ip.ipv4_mapped is not None
                                                   and ip.ipv4_mapped.is_loopback)


# the documentation ranges (RFC 5737, RFC 3849): stand-ins for public addresses in examples and the rules' tests
_DOC_NETS = tuple(ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                                    "2001:db8::/32"))


def ip_literal(host: str) -> bool:
    """Is `host` written as an IP address (`10.0.4.2`, `[fd00::4]`) rather than a name?"""
    if not _maybe_ip(host.strip("[]")):
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def public_ip(host: str) -> bool:
    """`host` is written as a public IP address: no inventory, ssh config entry or name of the user's vouches for
    it (private, loopback and link-local addresses are this network's)."""
    h = host.strip().strip("[]").rsplit("@", 1)[-1]
    if not _maybe_ip(h):
        return False
    try:
        ip = ipaddress.ip_address(h)
    except ValueError:
        return False
    return ip.is_global or any(ip in n for n in _DOC_NETS)


def stranger_host(url: str | None) -> str | None:
    """The host of a download no name vouches for, or None: a bare public address (any scheme), or plain HTTP from
    another machine with a DNS name, where anyone on the path can swap what is served. This machine, this
    network's own addresses and one-label intranet names (`http://nexus/`) are the user's."""
    if not url or "//" not in url:
        return None
    host = url_host(url)
    if host is None or "$" in host:
        return None
    if ip_literal(host):
        return host if public_ip(host) else None
    if url[:7].lower() == "http://" and "." in host and not loopback(host):
        return host
    return None


_LOCAL_PART = re.compile(r"[\w.+-]++")


def addresses(start: re.Pattern, at: re.Pattern, text: str):
    """The `user@domain` addresses a search tried at every character finds in `text`, as (address, domain).
    `start` (a local part, `at` after it) starts only where a run of local-part characters starts, so that a run
    with no `@` is read once; where an address ends inside such a run (`a@b.com.x@c.com`), the rest of the run and
    `at` (`@(domain)`) give the next one, as the search would."""
    pos = 0
    while (m := start.search(text, pos)) is not None:
        yield m.group(0), m.group(1)
        pos = m.end()
        while (local := _LOCAL_PART.match(text, pos)) and (m := at.match(text, local.end())):
            yield text[pos:m.end()], m.group(1)
            pos = m.end()
