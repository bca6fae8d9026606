"""Where a URL points, for every language's rules: its host, and whether that host is this machine.

A request to this machine is an agent exercising the service it is building; the same request to
any other host reaches state that lives elsewhere.
"""
from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

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


# a part of an IPv4 address as inet_aton reads it: hexadecimal, octal (a leading 0) or decimal
_V4_PART = re.compile(r"0x[0-9a-f]+|\d+")


def canonical_host(host: str | None) -> str | None:
    """`host` (lower case, no brackets or final dot) with an IP address written another way put in its usual form:
    IPv4 as glibc's resolver and curl also take it, one number (`134744072`), hexadecimal or octal parts
    (`0x08080808`, `0310.0250.0.1`), fewer than four parts (`10.1`), IPv4-mapped IPv6 (`::ffff:203.0.113.7`); IPv6
    compressed (`fd00:ec2:0::254` is `fd00:ec2::254`). A name stays as it is."""
    if not host:
        return host
    h = host.strip("[]").lower().rstrip(".")
    if ":" in h:
        try:
            ip6 = ipaddress.IPv6Address(h)
        except ValueError:
            return h
        return str(ip6.ipv4_mapped) if ip6.ipv4_mapped is not None else str(ip6)
    if not h[:1].isdigit() or len(h) > 64:
        return h
    parts = h.split(".")
    if len(parts) > 4 or not all(_V4_PART.fullmatch(p) for p in parts):
        return h
    try:
        nums = [int(p, 16) if p[:2] == "0x" else int(p, 8) if len(p) > 1 and p[0] == "0" else int(p) for p in parts]
    except ValueError:  # (`09`: no octal digit; `²`: a digit int() does not read)
        return h
    # (the last part fills the bytes the parts before it leave: `10.1` is 10.0.0.1)
    value, room = 0, 4
    for n in nums[:-1]:
        if n > 255:
            return h
        value, room = value * 256 + n, room - 1
    if nums[-1] >= 256 ** room:
        return h
    return str(ipaddress.IPv4Address(value * 256 ** room + nums[-1]))


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


# the public package registries' domains (the Python index and its file host, the npm registry, Debian's archive) as
# the first 32 hex digits of the SHA-256 of each: this repository's files name no public package registry's host
# (bash/tools.py keeps the default indexes the same way)
_REGISTRY_DOMAINS = frozenset({"75adac515f0bd3db64beb3cdd657340f", "8743857e3ea00fd1c64bbc68b8af2419",
                               "8b5bb5eb9d758455b8635855cf8aaf05", "a4aa2ac280bb8d1a0ce7a1be5a7bfb10"})


def registry_domain(host: str | None) -> bool:
    """Whether `host` is one of the public package registries' domains above or a name under one."""
    import hashlib

    h = (host or "").lower().rstrip(".")
    while h:
        if hashlib.sha256(h.encode()).hexdigest()[:32] in _REGISTRY_DOMAINS:
            return True
        h = h.partition(".")[2]
    return False


def named_alone(host: str | None, text: str) -> bool:
    """brokers_tables.outsider with the input's hosts read once per input, in lower case as the host is: `host` is an
    outsider's unless another host name of the input `text` shares its registrable domain (not a provider's, whose
    hosts anyone has), or it is this machine's, this network's, an example's, a cloud app's, an alerting service's.
    (brokers_tables.outsider reads the input again at each question, each place the host is named: a script naming
    one host on 1,500 lines took 4.5 s; and it misses the host's own naming written in capitals, `Tiles.Evil.COM`,
    taking it for another host of the organisation's.)"""
    if not host:
        return False
    from . import brokers_tables as bt
    from . import mail_tables as mt
    from .host_kinds import under

    h = host.lower().strip("[]").rstrip(".")
    if not h or "$" in h or "{" in h or loopback(h) or h in bt.ALERTING:
        return False
    if under(h, bt._CLOUD_APPS):
        return False
    b = mt.base(h)
    own = {b} if b not in mt.PROVIDERS and any(h not in other for other in _hosts_by_base(text).get(b, ())) else set()
    return mt.outside(h, own)


@lru_cache(maxsize=8)
def _hosts_by_base(text: str) -> dict[str, frozenset[str]]:
    """registrable domain -> the host names `text` names under it, in lower case (brokers_tables' reading: in URLs,
    and as host words)."""
    from . import brokers_tables as bt
    from . import mail_tables as mt

    out: dict[str, set[str]] = {}
    for h in [h for h in bt._HOST_IN_TEXT.findall(text) if not h[:1].isdigit()] + bt._HOST_WORD.findall(text):
        out.setdefault(mt.base(h), set()).add(h.lower())
    return {b: frozenset(hs) for b, hs in out.items()}


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
