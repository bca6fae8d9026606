"""Live streaming and video delivery: what the shell, Python and TypeScript rules of the area share (session 32).

A stream key is the password of a live channel (whoever holds it broadcasts as the organisation), a DRM provider's
signing key and a CDN's URL-signing key are what keep paid video paid. They are read here every day (an encoder
profile checked, a URL signed) and sent nowhere: which files hold them is `held_file` (for paths.held_secret to ask,
as it asks the other areas' tables). Code that reads a CDN signing key's file is judged as any code reading a private
key: whether the key goes only into the signer is a data flow the rules do not follow, and a word of the signer's
name (a comment is enough) cannot vouch for every key the code reads. A media server's settings are read as text written to them (server_config,
through `judge_config`): its control API opened to anyone, its authentication turned off, an administrator added
whose password the agent wrote, or its publishers' logins checked by an outsider's URL. The organisation's own servers
and its platforms' ingests (YouTube, Twitch, IVS) are not outsiders; restreaming to them stays allowed (bash/media.py
judges capture sent out).
"""
from __future__ import annotations

import re

from .hosts import public_ip, url_host
from .per_input import decoded, in_input, once

# -- files that hold a stream key or a DRM key -------------------------------------------------------------------------
# OBS keeps each profile's stream key in its service.json (on every system, paths.normalize gives `~/…`); the DRM
# providers' signing keys and IVs (Widevine), PlayReady's and FairPlay's keys in a folder of their name; Wowza's plain
# password files; Icecast's settings with its source and admin passwords
# (a folder's components stop at the next DRM folder, whose own try reads the same rest: `drm/drm/…` is read once)
_DRM = r"(?:widevine|playready|fairplay|drm|speke)"
_HELD = re.compile(r"^~/(?:\.config|Library/Application Support|AppData/Roaming)/obs-studio/basic/profiles/[^/]+/"
                   r"service\.json$|"
                   rf"(?:^|/){_DRM}(?:[-_][\w-]*)?/(?:(?!{_DRM})[^/]++/)*"
                   r"(?:(?:[^/]*[-_.])?(?:keys?|ivs?|ask|secrets?|credentials?|passwords?)(?:[-_.][^/]*)?|"
                   r"[^/]+\.(?:pfx|pem|p12))$|"
                   r"(?:^|/)WowzaStreamingEngine[\w.-]*/conf/(?:admin|publish)\.password$|"
                   r"^/etc/icecast2?/icecast\.xml$|^/etc/icecast\.xml$", re.I)
# (a key's id, a public certificate or a player's licence-server settings are not the key, and neither is the code of
# a DRM service: `widevine-proxy/src/credentials.py` reads its keys, it does not hold them)
_NOT_HELD = re.compile(r"(?:key[-_]?ids?|kid|\.pub|public|cert|\.crt|\.md|\.txt\.example)[^/]*$|"
                       r"\.(?:py|pyi|js|mjs|cjs|ts|tsx|jsx|go|rs|java|kt|rb|php|cs|c|cc|cpp|h|hpp|swift|sh|"
                       r"html|css|lock|ya?ml\.example)$", re.I)


def held_file(path: str) -> bool:
    """A file of the area's keys, read here every day but never sent (see the module's docstring); `path` is already
    normalised by paths.held_secret."""
    return _HELD.search(path) is not None and _NOT_HELD.search(path.rsplit("/", 1)[-1]) is None


# -- stream keys read in bulk ------------------------------------------------------------------------------------------
# every channel's key read one by one after listing them (IVS), or a listing that carries each key (Mux's live streams)
_KEY_READS = re.compile(rb"\b(?:GetStreamKeyCommand|get_stream_key|getStreamKey|BatchGetStreamKeyCommand|"
                        rb"batch_get_stream_key|batchGetStreamKey)\b")
_KEY_LISTS = re.compile(rb"\b(?:ListStreamKeysCommand|list_stream_keys|listStreamKeys|BatchGetStreamKeyCommand|"
                        rb"batch_get_stream_key|batchGetStreamKey)\b")
_MUX_LISTS = re.compile(rb"\bliveStreams\.list\b|\blist_live_streams\b|/video/v1/live-streams\b")


def keys_gathered(data: bytes) -> str | None:
    """What code does that gathers many stream keys, or None."""
    if in_input(_KEY_READS, data) and in_input(_KEY_LISTS, data):
        return "reads the stream key of every channel (IVS)"
    if in_input(_MUX_LISTS, data) and in_input(_STREAM_KEY, data):
        return "lists the live streams with their stream keys (Mux)"
    return None


_STREAM_KEY = re.compile(rb"stream_key")


def outsider_host(host: str, data: bytes) -> bool:
    """A public address, or brokers_tables.outsider of `host` in the input `data`: asked once per input and host (a
    script of many requests to one host would otherwise search the whole input at each)."""
    found = once(data, outsider_host, _fresh)
    if host not in found:
        found[host] = public_ip(host) or _outsider(host, decoded(data))
    return found[host]


# the stream platforms' own APIs (a key sent back to the platform that issued it)
_PLATFORMS = ("mux.com", "amazonaws.com", "live-video.net", "api.video", "cloudflarestream.com")


def keys_destination(host: str, data: bytes) -> str | None:
    """'block' for a stranger's host (see `stranger`), 'review' for another host named once in the input (the
    organisation's encoder API and a stranger's server look alike), None for the platforms' own APIs, hosts the input
    names more than once and this machine's network."""
    from . import host_kinds

    if stranger(host):
        return "block"
    if host_kinds.under(host, _PLATFORMS):
        return None
    return "review" if outsider_host(host, data) else None


def _fresh(_data) -> dict:
    return {}


def keys_message(what: str, call: str, host: str, verdict: str = "block") -> str:
    said = f"the code {what} and `{call}` sends them to {host}: whoever holds a stream key broadcasts on that channel"
    if verdict == "block":
        return said + " as the organisation; keep keys in the platform and its secret store"
    return said + "; a person should confirm the host is the organisation's encoder or restream service"


# -- CloudFront: the signed-URL requirement taken off ------------------------------------------------------------------
# a cache behaviour's trusted key groups (or signers) set to disabled by an edit of the configuration read back (a jq
# filter, an assignment in code: `.TrustedKeyGroups={"Enabled":false`, `["TrustedSigners"]["Enabled"] = False`); a
# whole configuration that has them off (`"TrustedKeyGroups": {"Enabled": false`) is a public site's, as most are.
# Each try starts at the name and reads a bounded stretch
SIGNING_OFF = re.compile(r"""\bTrusted(?:KeyGroups|Signers)\b["'\]]*+(?:\s*+\|?=\s*+\{[^{}]{0,160}?|"""
                         r"""\s*+(?:\.|\[\s*+["']))["']?Enabled["'\]]*+\s*+\|?[:=]\s*+(?:false|False)\b""")
SIGNING_OFF_BYTES = re.compile(SIGNING_OFF.pattern.encode())
SIGNING_MESSAGE = ("turns off the distribution's trusted key groups (signed URLs and cookies): every private or paid "
                   "video it serves can then be fetched by anyone with its address; keep them on, and sign URLs for "
                   "the viewers who may watch")


# -- media servers' settings -------------------------------------------------------------------------------------------
_MEDIAMTX = re.compile(r"(?:^|/)(?:mediamtx|rtsp-simple-server)\.ya?ml$")
_SRS = re.compile(r"(?:^|/)srs[\w.-]*\.conf$|(?:^|/)srs/conf/[\w.-]+\.conf$")
_WOWZA_ADMIN = re.compile(r"(?:^|/)WowzaStreamingEngine[\w.-]*/conf/admin\.password$")
CONFIG_TARGET = (r"(?:mediamtx|rtsp-simple-server)\.ya?ml\b|srs[\w.-]*\.conf\b|srs/conf/[\w.-]+\.conf\b|"
                 r"WowzaStreamingEngine[\w.-]*/conf/admin\.password\b")


def config_kind(path: str) -> bool:
    return bool(_MEDIAMTX.search(path) or _SRS.search(path) or _WOWZA_ADMIN.search(path))


# mediamtx's internal users: each entry from its `user` key to the next one
_USER_KEY = re.compile(r"""["']?\buser["']?\s*+:\s*+["']?([\w$.@-]*)""")
# (metrics and playback only read counters and recordings: what the API does is what anyone must not get)
_CONTROL = re.compile(r"""["']?\baction["']?\s*+:\s*+["']?(api|pprof)\b""")
_IPS = re.compile(r"""["']?\bips["']?\s*+:\s*+(\[[^\]\n]*\]|[^\n]*)""")
_ANY_IPS = re.compile(r"^\[\s*\]$|0\.0\.0\.0/0|::/0")
_AUTH_URL = re.compile(r"""["']?\bauthHTTPAddress["']?\s*+[:=]\s*+["']?([^\s"',}]+)""")
# SRS: the HTTP API's authentication turned off (`auth off`, `auth { enabled off; }`)
# (a sed replacement writes `\1auth off;`: the name may follow a group reference)
_SRS_AUTH_OFF = re.compile(r"(?<![A-Za-z_])auth\s++off\b|(?<![A-Za-z_])auth\s*+\{[^{}]{0,200}?\benabled\s++off\b")
# Wowza's admin.password: `user password [group]` lines
_WOWZA_LINE = re.compile(r"(?m)^[^\S\n]*+([A-Za-z0-9_.@-]++)[^\S\n]++(\S++)")


def _mediamtx(text: str) -> str | None:
    users = list(_USER_KEY.finditer(text))
    for i, m in enumerate(users):
        if m.group(1) != "any":
            continue
        end = users[i + 1].start() if i + 1 < len(users) else min(len(text), m.end() + 1200)
        entry = text[m.end():end]
        control = _CONTROL.search(entry)
        if control is None:
            continue
        ips = _IPS.search(entry)
        if ips is None or _ANY_IPS.search(ips.group(1).strip()):
            return (f"gives the user `any` (no password) from every address the `{control.group(1)}` permission: "
                    "anyone who reaches the server lists, kicks and reconfigures its streams, reading their keys")
    m = _AUTH_URL.search(text)
    if m is not None:
        host = url_host(m.group(1))
        if host and stranger(host):
            return (f"sends every publisher's and viewer's login (user, password, token) to {host} to be checked, and "
                    "lets that host decide who broadcasts")
    return None


def stranger(host: str) -> bool:
    """A host no one vouches for: a bare public address, a tunnel, a paste or drop site, a request bin, a listener, a
    (A name met once in the input is not enough: an organisation's auth backend, its encoder API and a
    platform's API are named once too.)"""
    from . import host_kinds

    # (a free app host is where many organisations run their own backends)
    return bool(public_ip(host)) or host_kinds.tunnel(host) or host_kinds.drop_site(host) or \
        host_kinds.request_bin(host) or host_kinds.listener(host) or host_kinds.paste_named(host)


def _outsider(host: str, text: str) -> bool:
    from .brokers_tables import outsider

    return outsider(host, text)


def _literal(word: str) -> bool:
    return "$" not in word and "`" not in word and word not in ("-", "*")


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to a media server's settings `path` (a here-document, `tee`, `echo`, a redirect, or the
    expression of a `sed -i`/`yq -i` edit of it); True when a finding was reported."""
    found = config_finding(path, text)
    if found is None:
        return False
    a.block(found[0], found[1], node)
    return True


def _srs_written(text: str) -> str:
    """What an edit writes to SRS's settings: a sed substitution's replacement (`s/auth off;/auth on;/` turns it on),
    the lines without their comments (`# auth off by default`)."""
    out = []
    for line in text.splitlines():
        if line[:1] == "s" and len(line) > 3 and not line[1].isalnum() and not line[1].isspace():
            parts = re.split(r"(?<!\\)" + re.escape(line[1]), line[2:])
            if len(parts) >= 2:
                line = parts[1]
        out.append(line.split("#", 1)[0])
    return "\n".join(out)


def config_finding(path: str, text: str) -> tuple[str, str] | None:
    """(rule, message) for what `text` written to `path` opens, or None."""
    if _MEDIAMTX.search(path):
        what = _mediamtx(text)
        if what is not None:
            return ("permission-tamper", f"the edit of {path} {what}; keep the API to the addresses and users "
                                         "that run the server")
    elif _SRS.search(path):
        if _SRS_AUTH_OFF.search(_srs_written(text)):
            return ("permission-tamper", f"the edit of {path} turns the HTTP API's authentication off: anyone who "
                                         "reaches it lists, kicks and reconfigures the streams; keep it on")
    elif _WOWZA_ADMIN.search(path):
        for m in _WOWZA_LINE.finditer(text):
            user, password = m.group(1), m.group(2)
            if user.startswith("#") or not _literal(password) or user in ("echo", "printf", "tee"):
                continue
            return ("privilege-escalation", f"the write to {path} adds the administrator `{user}` with a password "
                                            "written on the line: a login of the streaming engine's manager the agent "
                                            "knows; let the user create administrators")
    return None
