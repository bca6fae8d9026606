"""Live streaming and video delivery from the shell: IVS, MediaLive, CloudFront, mediamtx, SRS, Wowza, tunnels that
publish a local server (session 32). bash/media.py judges the media tools themselves (ffmpeg's inputs, capture sent
out, originals destroyed); the tables both languages share are validate/streaming_tables.py.

Blocked:
- a CloudFront distribution updated after an edit that turns its trusted key groups (or signers) off: signed URLs no
  longer needed, so paid and private video is open to anyone with its address (`jq '….TrustedKeyGroups={"Enabled":
  false…}' > dc.json && aws cloudfront update-distribution … file://dc.json`);
- mediamtx's settings edited by `yq -i` to give anyone its control API or to have an outsider check its logins
  (sed, tee and here-documents reach streaming_tables through server_config);
- a tunnel's public address (ngrok's agent API on port 4040, a quick tunnel's log) piped into an upload to an
  outsider: the address is the way into this machine's port;
- the answer of an authenticated request for keys or secrets (a DRM key server's content keys, a secret store)
  piped into an upload to a bare public address; other authenticated answers sent there are held for a person.
Held for a person: a bucket copied into a bucket whose name shares nothing with it, with `--acl
bucket-owner-full-control` (the ACL that hands each object to the destination bucket's owner: another account, which
may be the organisation's logging or DR account as well as a stranger's).
A SQLite database copied by `.backup FILE` (`.save`, `VACUUM INTO`) is remembered as a dump is, for an upload of the
copy later (bash/net.py's note_file: a media server's users and API keys live in such a database).

Left alone: restreams to the platforms' ingests and to the organisation's own servers, CloudFront updates that leave
the key groups as they are (a whole configuration whose key groups are off is a public site's), copies between the
organisation's buckets, mediamtx's default settings (`user: any` may publish and read; its API only from this
machine), tunnel addresses posted to a chat webhook, authenticated answers piped into local filters.
"""
from __future__ import annotations

import re

from .. import host_kinds
from .. import streaming_tables as st
from ..hosts import loopback, public_ip, url_host
from ..per_input import in_input
from .commands import Cmd, option_value, positionals
from .common import commands_in, mentions, pipeline_stage

# -- aws ---------------------------------------------------------------------------------------------------------------
# the options that take a value, global (`aws --profile prod s3 …`) and of the copies (the rest are flags, such as
# `--force-glacier-transfer`, `--sse` alone)
_AWS_ARG = frozenset({"--profile", "--region", "--output", "--endpoint-url", "--query", "--ca-bundle", "--color",
                      "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format", "--acl", "--grants",
                      "--storage-class", "--sse-kms-key-id", "--sse-c", "--sse-c-key", "--sse-c-copy-source",
                      "--sse-c-copy-source-key", "--expected-size", "--exclude", "--include", "--content-type",
                      "--cache-control", "--content-disposition", "--content-encoding", "--content-language",
                      "--expires", "--metadata", "--metadata-directive", "--website-redirect", "--source-region",
                      "--page-size", "--request-payer", "--checksum-algorithm", "--copy-props",
                      "--copy-source", "--bucket", "--key", "--id", "--if-match", "--distribution-config",
                      "--url", "--key-pair-id", "--private-key", "--date-less-than", "--date-greater-than",
                      "--ip-address"})


def _op(cmd: Cmd) -> list:
    return [w.value for w in positionals(cmd.args, _AWS_ARG)[:2]]


def _aws(a, cmd: Cmd) -> None:
    vals = _op(cmd)
    if vals == ["cloudfront", "update-distribution"]:
        if in_input(st.SIGNING_OFF_BYTES, a.doc.data):
            a.block("exfiltration", f"`aws cloudfront update-distribution` {st.SIGNING_MESSAGE}", cmd.node)
    elif vals[:1] == ["s3"] and len(vals) > 1 and vals[1] in ("cp", "sync", "mv"):
        pos = [w.value or "" for w in positionals(cmd.args, _AWS_ARG)[2:]]
        if len(pos) == 2 and all(p.startswith("s3://") for p in pos):
            _s3_handed_over(a, cmd, *(p[5:].split("/", 1)[0] for p in pos))
    elif vals == ["s3api", "copy-object"]:
        from .. import capture_tables as ct

        source = ct.copy_source_bucket(next((w.value for w in option_value(cmd.args, "--copy-source")), None))
        dest = next((w.value for w in option_value(cmd.args, "--bucket")), None)
        if source and dest:
            _s3_handed_over(a, cmd, source, dest)


def _s3_handed_over(a, cmd: Cmd, source: str, dest: str) -> None:
    acl = [w.value for w in option_value(cmd.args, "--acl")] + \
        [(w.value or "")[6:] for w in cmd.args if (w.value or "").startswith("--acl=")]
    if "bucket-owner-full-control" not in acl:
        return
    from .. import capture_tables as ct

    # (a bucket's name does not say whose it is: a central logging account's or a DR region's bucket is named as
    # freely as a stranger's; the ACL is what hands the objects over, so a person says whose the bucket is)
    if ct.foreign_bucket(dest, [source]):
        a.review("exfiltration", f"`aws {' '.join(_op(cmd))}` copies "
                                 f"s3://{source} into s3://{dest}, a bucket whose name shares nothing with it, handing "
                                 "each object to that bucket's owner (`--acl bucket-owner-full-control`: another "
                                 "account); a person should confirm the bucket is the organisation's", cmd.node)


def signing_key_words(cmd: Cmd) -> set[tuple[int, int]]:
    """The (start, end) bytes of the private key `aws cloudfront sign --private-key file://KEY` signs a URL with:
    the CLI reads it to sign on this machine and prints only the signed URL, as `ssh -i KEY` logs in with a key (for
    files.check_args, which reads every other word of the command as a file it may print)."""
    if cmd.name != "aws" or _op(cmd) != ["cloudfront", "sign"]:
        return set()
    out = set()
    for w in cmd.args[2:]:
        if (w.value or "").startswith("--private-key="):
            out.add((w.node.start_byte, w.node.end_byte))
    for w in option_value(cmd.args, "--private-key"):
        out.add((w.node.start_byte, w.node.end_byte))
    return out


# -- mediamtx edited with yq -------------------------------------------------------------------------------------------
def _yq(a, cmd: Cmd) -> None:
    vals = [w.value or "" for w in cmd.args]
    if not any(v in ("-i", "--inplace") or v.startswith("--inplace=") or (v[:1] == "-" and v[1:2] != "-" and "i" in v)
               for v in vals):
        return
    target = next((v for v in reversed(vals) if st.config_kind(v)), None)
    if target is None:
        return
    found = st.config_finding(target, "\n".join(v for v in vals if v != target))
    if found is not None:
        a.block(found[0], found[1], cmd.node)


# -- a SQLite database copied to a file --------------------------------------------------------------------------------
_VACUUM_INTO = re.compile(r"(?i)\bvacuum\s++(?:\w+\s++)?into\s++'([^'\n]+)'")


def _copied_to(script: str) -> str | None:
    """The file a sqlite3 script copies the whole database into: `.backup ?DB? FILE` (`.save`, `.clone`), `VACUUM
    INTO 'FILE'`."""
    for line in script.splitlines()[:64]:
        for part in line.split(";"):
            words = part.split()
            if words and words[0] in (".backup", ".save", ".clone"):
                rest = [w.strip("'\"") for w in words[1:] if not w.startswith("--")]
                out = rest[1] if len(rest) > 1 else rest[0] if rest else None
                if out and out != "-":
                    return out
    m = _VACUUM_INTO.search(script)
    return m.group(1) if m is not None else None


def _sqlite(a, cmd: Cmd) -> None:
    pos = [w.value for w in cmd.args if w.value and not w.value.startswith("-")]
    for v in pos[1:]:
        out = _copied_to(v)
        if out is not None:
            from .net import note_file

            note_file(a, out, f"a copy of the database {pos[0]} (`sqlite3 .backup`)", cmd.node)
            return


# -- what an upload reads on its input ---------------------------------------------------------------------------------
_STDIN_BODY = re.compile(r"^@-$|=@-$|^-$")


def _stdin_upload(cmd: Cmd) -> bool:
    if cmd.name == "curl":
        bodies = option_value(cmd.args, "-d", "--data", "--data-binary", "--data-raw", "--data-urlencode", "--json",
                              "-T", "--upload-file", "-F", "--form")
        return any(_STDIN_BODY.search(w.value or "") for w in bodies)
    return any(w.value in ("--post-file=/dev/stdin", "--body-file=/dev/stdin", "--body-file=-") for w in cmd.args)


def _urls(cmd: Cmd) -> list[str]:
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return []
    return [u.value for r in reader(cmd.args) for u in r.urls if u.value]


def _earlier(a, cmd: Cmd) -> list[Cmd]:
    """The commands of the pipeline stages before `cmd`'s."""
    found = pipeline_stage(cmd)
    if found is None or found[1] == 0:
        return []
    stages, at = found
    return commands_in(a, [(s.start_byte, s.end_byte) for s in stages[:at]])


# ngrok's agent API (its tunnels and their public URLs), and the quick tunnels' public hosts as a log shows them
_TUNNEL_API = re.compile(r"^(?:https?://)?(?:localhost|127\.0\.0\.1|\[::1\])(?::4040)/api/tunnels\b")
_TUNNEL_HOSTS = re.compile("|".join(re.escape(h) for h in host_kinds.TUNNELS))


def _tunnel_address(a, c: Cmd) -> str | None:
    if c.name in ("curl", "wget", "http", "xh"):
        if any(_TUNNEL_API.match(u) for u in _urls(c)):
            return "ngrok's agent API (its tunnels' public addresses)"
        return None
    if any(_TUNNEL_HOSTS.search((v or "").replace("\\", "")) for v in c.values()):
        return "the tunnel's public address in its log"
    return None


_KEYS_PATH = re.compile(r"(?i)/(?:[\w-]*[-_])?(?:keys?|secrets?|tokens?|credentials?|passwords?|stream[-_]?keys?|"
                        r"content[-_]?keys?|licen[cs]es?|keyring|live[-_]?streams?|live[-_]?inputs?)(?:[/?#.]|$)|"
                        r"/v1/secret/")
_AUTH_HEADER = re.compile(r"(?i)^\s*(?:authorization|proxy-authorization|x-api-key|api-key|x-auth-token|"
                          r"private-token|x-[\w-]*(?:token|key|secret))\s*:")
_AUTH_QUERY = re.compile(r"(?i)[?&](?:token|access_token|api_key|apikey|key|x-plex-token|auth)=")


def _authenticated(c: Cmd) -> bool:
    if c.name != "curl" and c.name != "wget":
        return False
    if c.name == "curl" and option_value(c.args, "-u", "--user", "--oauth2-bearer", "-E", "--cert"):
        return True
    headers = option_value(c.args, "-H", "--header") if c.name == "curl" else option_value(c.args, "--header")
    if any(_AUTH_HEADER.search((w.value or w.text).strip("\"'")) for w in headers) or any(
            _AUTH_HEADER.search(w.text[9:].strip("\"'")) for w in c.args
            if w.value is None and w.text.startswith("--header=")):
        return True  # (`--header="X-Api-Key: $K"` is known only at run time, its name is not)
    return any(_AUTH_QUERY.search(u) for u in _urls(c)) or \
        any((w.value or "").startswith(("--password", "--http-password")) for w in c.args)


def _relay(a, cmd: Cmd) -> None:
    if not _stdin_upload(cmd):
        return
    dests = [h for u in _urls(cmd) if (h := url_host(u)) and not loopback(h)]
    if not dests:
        return
    for c in _earlier(a, cmd):
        what = _tunnel_address(a, c)
        host = next((h for h in dests if st.outsider_host(h, a.doc.data)), None) if what is not None else None
        if host is not None:
            said = f"`{cmd.name}` sends {what} to {host}: whoever gets that address reaches this machine's port " \
                   "through the tunnel"
            if public_ip(host) or _drop(host):
                a.block("exfiltration", said + ", and what is sent there is read by whoever holds that address or "
                                               "runs that machine; share a tunnel only with the people the user names",
                        cmd.node)
            else:  # (a webhook registered with a provider is what a tunnel is for)
                a.review("exfiltration", said + "; a person should confirm it is a webhook registered with a service "
                                                "the user chose", cmd.node)
            return
        if not _authenticated(c):
            continue
        bare = next((h for h in dests if public_ip(h)), None)
        if bare is None:
            continue
        src = next((u for u in _urls(c)), "")
        if url_host(src) in dests:
            continue
        if _KEYS_PATH.search("/" + src.split("://", 1)[-1].partition("/")[2]):
            a.block("exfiltration", f"`{cmd.name}` uploads to {bare}, a bare public address, what `{c.name}` fetched "
                                    f"from {src[:90]} with the organisation's credentials: keys or secrets leave for "
                                    "a machine no name vouches for; keep them in the key server", cmd.node)
        else:
            a.review("exfiltration", f"`{cmd.name}` uploads to {bare}, a bare public address, what `{c.name}` fetched "
                                     f"from {src[:90]} with the organisation's credentials; a person should confirm "
                                     "the address is the organisation's", cmd.node)
        return


HANDLERS: dict = {
    "aws": [_aws],
    "yq": [_yq],
    "sqlite3": [_sqlite],
    "curl": [_relay], "wget": [_relay],
}

_UPLOADS_STDIN = re.compile(r"@-|-T\s*+-(?!\w)|--upload-file\s++-(?!\w)|/dev/stdin|--body-file=-")

# What each handler reads (for fastpath's _merge_screens)
SCREENS: dict = {
    "aws": mentions("TrustedKeyGroups", "TrustedSigners", "bucket-owner-full-control"),
    "yq": mentions("mediamtx", "rtsp-simple-server"),
    "sqlite3": mentions(".backup", ".save", ".clone", "vacuum", fold=True),
    "curl": lambda t: _UPLOADS_STDIN.search(t) is not None,
    "wget": lambda t: _UPLOADS_STDIN.search(t) is not None,
}


def _drop(host: str) -> bool:
    """A host whose kind says anyone reads what arrives: a paste or drop site, a request bin, a security test's
    listener, a free app host."""
    return host_kinds.drop_site(host) or host_kinds.request_bin(host) or host_kinds.listener(host) or \
        host_kinds.free_host(host) or host_kinds.paste_named(host)
