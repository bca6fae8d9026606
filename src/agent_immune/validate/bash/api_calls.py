"""Remote resources deleted through an HTTP management API: `curl -X DELETE https://api.github.com/repos/o/r`,
`http DELETE api.heroku.com/apps/x`, `wget --method=DELETE …`. Rule `irreversible` (review), as for the
CLIs of the same services (bash/infra.py, bash/history.py): the request loses the same thing.

Each tool's command line is read as that tool reads it (checked against curl 7.88, GNU Wget 1.21 and
HTTPie 3.2): curl's `-X`/`--request` (also clustered, `-sXDELETE`; the last one wins; `--next` starts
a request of its own; `-X=DELETE` sends the method `=DELETE`), URLs as operands or `--url`; wget's
`--method` (and its prefixes, `-e method=…`; wget upper-cases it); HTTPie's and xh's optional METHOD
before the URL (upper-cased too) and their `:port/path` shorthand for localhost; curlie reads both.
What is held, on a host that is not this machine (hosts.loopback) or is only known at run time:
- a DELETE (in any case: some servers fold it, and the intent is the same);
- Elasticsearch/OpenSearch `_delete_by_query`, whatever the method: every document the query matches;
- a GraphQL mutation whose field starts with `delete` in the request body (as `gh api graphql` is held);
- a request with a sending method to an endpoint named for deleting (`/api/chat.delete`, `/points/delete`,
  `…/queues/q:purge`, `/indexes/x/clear`: endpoints.deleting_endpoint), the method as the tool picks it
  when none is given: curl POSTs a body (`-d`, `--json`, `-F`) unless `-G` makes it a GET query, PUTs
  `-T` and HEADs `-I`; wget POSTs `--post-data`; HTTPie and xh POST data items (`a=b`, `a:=1`), not
  query items (`a==b`). A GET is held only with a query string to an RPC-style method (`files.delete?file=F1`);
- a body that asks for a delete (endpoints.deleting_body: a JSON-RPC `method`, a batch's DELETE sub-request or
  `deleteObject` action, `_bulk` delete lines), also read from a file an earlier command of the same input wrote
  (`-d @q.json`, `--data-binary @f`, `--json @f`, `-T f`, wget's `--post-file`, HTTPie's `@f`, `a:=@f`) or from
  standard input (`-d @-`, `-T -`, HTTPie fed by a pipe, `<`, a here-document); a file it did not write is not read.
A request to this machine is an agent exercising the service it is building, and stays allowed.
"""
from __future__ import annotations

import json
import re
from typing import NamedTuple

from ..endpoints import created_here, deleting_body, deleting_endpoint, mentions_verb
from ..warehouses_tables import session_end
from ..office_tables import access_revoked
from .commands import Cmd
from .common import mentions, pipeline_stage
from .words import Word

RULE = "irreversible"
# Vault's API for its audit devices: a DELETE there is `vault audit disable`
_VAULT_AUDIT = re.compile(r"/v1/sys/audit/[^/?#\s]")


class Request(NamedTuple):
    """One request a command line makes: the word that set its method (None: the tool's default), its URLs,
    the words of its body, the method the tool picks when none is set (what the options make it), and whether
    the body is sent as a query string (curl -G). (Immutable; a named tuple costs less to define at start-up
    than a dataclass.)"""

    method: Word | None
    urls: tuple[Word, ...]
    bodies: tuple[Word, ...]
    default: str = "GET"
    query: bool = False
    kinds: tuple[str, ...] = ()  # the option (or HTTPie item) each body word was given with

    @property
    def verb(self) -> str:
        """The method, upper-cased: the one set, or the tool's default when none is set or it is known only at run
        time."""
        return ((self.method.value if self.method is not None else None) or self.default).upper()


# -- curl -------------------------------------------------------------------------------------------
# the options that take a value (`curl --help all` of 7.88, and later releases' additions), so that the
# value is not read as a URL
_CURL_LONG_ARG = frozenset((
    "abstract-unix-socket alt-svc aws-sigv4 cacert capath cert cert-type ciphers config connect-timeout connect-to "
    "continue-at cookie cookie-jar create-file-mode crlfile curves data data-ascii data-binary data-raw "
    "data-urlencode delegation dns-interface dns-ipv4-addr dns-ipv6-addr dns-servers doh-url dump-header egd-file "
    "engine etag-compare etag-save expect100-timeout form form-string ftp-account ftp-alternative-to-user "
    "ftp-method ftp-port ftp-ssl-ccc-mode happy-eyeballs-timeout-ms header hostpubmd5 hostpubsha256 hsts "
    "interface json keepalive-time key key-type krb libcurl limit-rate local-port login-options mail-auth "
    "mail-from mail-rcpt max-filesize max-redirs max-time netrc-file noproxy oauth2-bearer output output-dir "
    "parallel-max pass pinnedpubkey preproxy proto proto-default proto-redir proxy proxy-cacert proxy-capath "
    "proxy-cert proxy-cert-type proxy-ciphers proxy-crlfile proxy-header proxy-key proxy-key-type proxy-pass "
    "proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers proxy-tlsauthtype proxy-tlspassword proxy-tlsuser "
    "proxy-user proxy1.0 pubkey quote random-file range rate referer request request-target resolve retry "
    "retry-delay retry-max-time sasl-authzid service-name socks4 socks4a socks5 socks5-gssapi-service "
    "socks5-hostname speed-limit speed-time stderr telnet-option tftp-blksize time-cond tls-max tls13-ciphers "
    "tlsauthtype tlspassword tlsuser trace trace-ascii unix-socket upload-file url url-query user user-agent "
    "write-out variable ipfs-gateway trace-config ip-tos vlan-priority ech ssl-sessions knownhosts upload-flags "
    "sigalgs").split())
_CURL_SHORT_ARG = {"E": "cert", "K": "config", "C": "continue-at", "b": "cookie", "c": "cookie-jar", "d": "data",
                   "D": "dump-header", "F": "form", "P": "ftp-port", "H": "header", "m": "max-time", "o": "output",
                   "x": "proxy", "U": "proxy-user", "Q": "quote", "r": "range", "e": "referer", "X": "request",
                   "Y": "speed-limit", "y": "speed-time", "t": "telnet-option", "z": "time-cond",
                   "T": "upload-file", "u": "user", "A": "user-agent", "w": "write-out"}
_CURL_BODY = frozenset({"data", "data-ascii", "data-binary", "data-raw", "data-urlencode", "json", "form",
                        "form-string"})


_COMPUTED_LONG = re.compile(r"""^["']?--([a-z][a-z0-9-]*)=(.*)$""", re.S)


def _items(args: list[Word], long_arg: frozenset[str], short_arg: dict[str, str], *, equals: bool,
           long_name=None) -> list[tuple[str, Word | None]]:
    """A command line as a getopt-style parser reads it, in order: (long option name, its value word or None)
    for each option, ("", word) for each operand. A computed word is taken for an operand (a URL whose target
    is then unknown); `-sSLXDELETE` is flags, then one that takes the rest of the word (or the next word)."""
    out: list[tuple[str, Word | None]] = []
    i, end = 0, False
    while i < len(args):
        w = args[i]
        v = w.value
        i += 1
        if v is None and equals and not end and (m := _COMPUTED_LONG.match(w.text)) is not None:
            # `--header="X-Token: $T"`: an option whose value is computed, not an operand
            out.append((long_name(m.group(1)) if long_name else m.group(1), Word(w.node, None, m.group(2))))
        elif end or v is None or v[:1] != "-" or v == "-":
            out.append(("", w))
        elif v == "--":
            end = True
        elif v[:2] == "--":
            key, eq, tail = v[2:].partition("=")
            if eq and not equals:
                continue  # curl has no `--name=value`: it rejects such a word and sends nothing
            name = long_name(key) if long_name else key
            if eq:
                out.append((name, Word(w.node, tail, tail)))
            elif name in long_arg:
                out.append((name, args[i] if i < len(args) else None))
                i += 1
            else:
                out.append((name, None))
        else:
            for k in range(1, len(v)):
                c = v[k]
                if c not in short_arg:
                    out.append((c, None))
                    continue
                if k + 1 < len(v):
                    out.append((short_arg[c], Word(w.node, v[k + 1:], v[k + 1:])))
                else:
                    out.append((short_arg[c], args[i] if i < len(args) else None))
                    i += 1
                break
    return out


def _read_once(reader):
    """Two dozen rules read the requests of the same curl, wget or HTTPie command line, one after the other: the
    last command line's requests are kept, known by its words themselves (each rule gets its own slice of them)."""
    last: list = [[], (), []]

    def read(args: list[Word], *extra) -> list[Request]:
        before = last[0]
        if last[1] != extra or len(before) != len(args) or any(a is not b for a, b in zip(before, args)):
            last[:] = [args, extra, reader(args, *extra)]
        return list(last[2])

    read.__name__, read.__doc__ = reader.__name__, reader.__doc__
    return read


@_read_once
def curl_requests(args: list[Word]) -> list[Request]:
    """The requests of a curl command line (`--next` starts another); none for `--help`, `--version`."""
    out: list[Request] = []
    method: Word | None = None
    urls: list[Word] = []
    bodies: list[tuple[str, Word]] = []
    get = head = upload = False
    for name, val in _items(args, _CURL_LONG_ARG, _CURL_SHORT_ARG, equals=False):
        if name in ("help", "manual", "version", "h", "V", "M"):
            return []
        if name in ("next", ":"):
            if urls:  # `--next` before any URL starts nothing: the options carry on, as curl does
                out.append(_curl_request(method, urls, bodies, get, head, upload))
                method, urls, bodies, get, head, upload = None, [], [], False, False, False
        elif name in ("get", "G"):
            get = True
        elif name in ("head", "I"):
            head = True
        elif val is None:
            continue
        elif name == "upload-file":
            upload = True
            bodies.append((name, val))
        elif name == "request":
            method = val
        elif name in ("", "url"):
            urls.append(val)
        elif name in _CURL_BODY:
            bodies.append((name, val))
    if urls:
        out.append(_curl_request(method, urls, bodies, get, head, upload))
    return out


def _curl_request(method: Word | None, urls: list[Word], bodies: list[tuple[str, Word]], get: bool, head: bool,
                  upload: bool) -> Request:
    """The method curl picks without `-X`: HEAD for `-I`, GET for `-G` (the body goes into the query), PUT for
    `-T` (its file is the body), POST for a body, else GET."""
    data = any(k != "upload-file" for k, _ in bodies)
    default = "HEAD" if head else "GET" if get else "PUT" if upload else "POST" if data else "GET"
    return Request(method, tuple(urls), tuple(w for _, w in bodies), default, get and data, tuple(k for k, _ in bodies))


# -- wget -------------------------------------------------------------------------------------------
_WGET_LONG_ARG = frozenset((
    "execute output-file append-output report-speed input-file base config rejected-log tries "
    "retry-on-http-error output-document start-pos progress timeout dns-timeout connect-timeout read-timeout wait "
    "waitretry quota bind-address limit-rate restrict-file-names prefer-family user password use-askpass "
    "local-encoding remote-encoding directory-prefix cut-dirs http-user http-password default-page header "
    "compression proxy-user proxy-password referer user-agent load-cookies save-cookies post-data post-file method "
    "body-data body-file secure-protocol certificate certificate-type private-key private-key-type ca-certificate "
    "ca-directory crl-file pinnedpubkey ciphers ftp-user ftp-password warc-file warc-header warc-max-size "
    "warc-dedup warc-tempdir level backups accept reject accept-regex reject-regex regex-type domains "
    "exclude-domains follow-tags ignore-tags include-directories exclude-directories").split())
_WGET_SHORT_ARG = {c: c for c in "oaiBtOTwQPUlARDIX"} | {"e": "execute"}
# wget takes any unambiguous prefix of a long option (`--meth=DELETE`, `--me=DELETE`): the shortest prefix
# of each option read here that no other wget option shares
_WGET_PREFIX = {"method": "me", "execute": "exe", "body-data": "body-d", "post-data": "post-d", "post-file": "post-f",
                "body-file": "body-f"}
# a `.wgetrc` command given with -e: `wget -e method=DELETE URL`
_WGETRC_METHOD = re.compile(r"(?i)^\s*method\s*=\s*(\S*)\s*$")


def _wget_long(key: str) -> str:
    return next((full for full, least in _WGET_PREFIX.items() if key.startswith(least) and full.startswith(key)),
                key)


@_read_once
def wget_requests(args: list[Word]) -> list[Request]:
    method: Word | None = None
    urls: list[Word] = []
    bodies: list[Word] = []
    kinds: list[str] = []
    post = False
    for name, val in _items(args, _WGET_LONG_ARG, _WGET_SHORT_ARG, equals=True, long_name=_wget_long):
        if name in ("help", "version", "h", "V"):
            return []
        if val is None:
            continue
        if name == "":
            urls.append(val)
        elif name == "method":
            method = val
        elif name == "execute" and val.value is not None:
            m = _WGETRC_METHOD.match(val.value)
            if m:
                method = Word(val.node, m.group(1), val.text)
        elif name in ("body-data", "post-data", "body-file", "post-file"):
            bodies.append(val)
            kinds.append(name)
        post = post or name in ("post-data", "post-file")
    return [Request(method, tuple(urls), tuple(bodies), "POST" if post else "GET", False, tuple(kinds))] if urls else []


# -- HTTPie, xh, curlie: `[METHOD] URL [ITEM …]` -----------------------------------------------------
_HTTPIE_LONG_ARG = frozenset((
    "auth auth-type bearer session session-read-only output print history-print pretty style format-options "
    "response-charset response-mime verify cert cert-key cert-key-pass ssl ciphers proxy timeout max-redirects "
    "default-scheme boundary raw max-headers http-version resolve interface unix-socket").split())
_HTTPIE_SHORT_ARG = {"a": "auth", "A": "auth-type", "o": "output", "p": "print", "P": "history-print",
                     "s": "style"}
_METHOD_WORD = re.compile(r"\A[A-Za-z]++$")  # (matched at 0)
# a request item's separator, the earliest one (HTTPie's KeyValueArgType): `==` query, `:` header, the rest data
# (matched at 0; the run stops at the first unescaped `=`, `:` or `@`, as the lazy `*?` did)
_ITEM_SEP = re.compile(r"\A(?:\\.|[^\\=:@])*+(==|:=@|=@|:=|@|=|:)")
_DATA_SEPS = frozenset({":=@", "=@", ":=", "@", "="})


@_read_once
def httpie_requests(args: list[Word], curl_options: bool = False) -> list[Request]:
    """HTTPie (`http`, `https`) and xh (`xh`, `xhs`): options anywhere, and the operands `[METHOD] URL
    [ITEM …]`, whose first is the method when it is all letters and another operand follows. curlie takes
    curl's options (`-X` too) with the same operands. `--offline` only prints the request."""
    items = _items(args, _CURL_LONG_ARG, _CURL_SHORT_ARG, equals=False) if curl_options else \
        _items(args, _HTTPIE_LONG_ARG, _HTTPIE_SHORT_ARG, equals=True)
    if any(name in ("offline", "help", "version") for name, _ in items):
        return []
    operands = [w for name, w in items if name == "" and w is not None]
    method = next((w for name, w in reversed(items) if name == "request"), None) if curl_options else None
    if not operands:
        return []
    first = operands[0]
    if len(operands) > 1 and first.value is not None and _METHOD_WORD.match(first.value):
        method, operands = first, operands[1:]
    seps = [m.group(1) if m else "" for w in operands[1:] for m in [_ITEM_SEP.match(w.value or w.text)]]
    data = any(s in _DATA_SEPS for s in seps) or any(name in _CURL_BODY if curl_options else name == "raw"
                                                     for name, _ in items)
    return [Request(method, (operands[0],), tuple(operands[1:]), "POST" if data else "GET", "==" in seps)]


_READERS = {"curl": curl_requests, "wget": wget_requests, "curlie": lambda args: httpie_requests(args, True),
            **dict.fromkeys(("http", "https", "xh", "xhs"), httpie_requests)}


# -- where a request goes ---------------------------------------------------------------------------
_SHORTHAND = re.compile(r"^:\d*(?:[/?#]|$)")  # HTTPie/xh `:3000/items`, `:/x`: localhost


def remote(w: Word, shorthand: bool = False) -> str | None:
    """Where the URL `w` points when that is not this machine: its host, or `"?"` when the host is only
    known at run time (`https://$ES_HOST/logs`, `"$URL"`); None for this machine or no network URL."""
    from ..hosts import loopback, url_host  # (here: its ipaddress import is not paid at start-up)

    text = w.value
    if text is None:
        text = w.text.replace('"', "").replace("'", "")
        if not text:
            return "?"  # the URLs `xargs` appends
    if shorthand and _SHORTHAND.match(text):
        return None
    host = url_host(text)
    if host is None:
        # no authority: `file:///x`, or a word that is all variable (`$URL`): unknown when computed
        return "?" if w.value is None else None
    if any(c in host for c in "$`({}") and (w.value is None or "{}" in host):
        return "?"  # a variable, or the place `xargs -I{}` / `find -exec` puts a word read at run time
    return None if loopback(host) else host


def _shown(tool: str, req: Request, url: Word) -> str:
    where = (url.value if url.value is not None else url.text) or "URL…"
    where = where if len(where) <= 80 else where[:77] + "…"
    method = (req.method.value or req.method.text).upper() if req.method is not None else ""
    if tool == "curl":
        return f"curl -X {method} {where}" if method else f"curl {where}"
    if tool == "wget":
        return f"wget --method={method} {where}" if method else f"wget {where}"
    return f"{tool} {method} {where}" if method else f"{tool} {where}"


def _check(a, cmd: Cmd) -> None:
    tool = cmd.name
    args = cmd.args
    if cmd.xargs_opts is not None and not any((w.value or "-I").startswith(("-I", "-i", "--replace"))
                                              for w in cmd.xargs_opts):
        args = [*args, Word(cmd.node, None, "")]  # `… | xargs curl -X DELETE`: xargs appends the URLs it reads
    requests = _READERS[tool](args)
    fed = tool in _STDIN_BODY and _fed(cmd) and not any(w.value in ("--ignore-stdin", "-I") for w in args)
    if fed:  # `echo '{…}' | http URL`: HTTPie and xh send what comes on standard input as the body, with a POST
        requests = [r._replace(default="POST") if r.default == "GET" else r for r in requests]
    for req in requests:
        if any(_AGENT_REGISTER.search(u.value or u.text) for u in req.urls):
            _agent_check(a, cmd, tool, req, fed)
        if req.bodies and any(_SHOP_API.search(u.value or u.text) for u in req.urls):
            _shop_request(a, tool, req)
        if any(_MAIL_RULES.search(u.value or u.text) for u in req.urls):
            _mail_rule(a, tool, req)
        if any(IDP_API.search(u.value or u.text) for u in req.urls) and _idp_request(a, tool, req):
            continue
        far = [(u, host) for u in req.urls for host in [remote(u, tool != "curl" and tool != "wget")] if host]
        if not far:
            continue
        # the URL that deletes by query, if one does, else the first that is not this machine
        url, host = next(((u, h) for u, h in far if "_delete_by_query" in (u.value or u.text)), far[0])
        where = "a host known only at run time" if host == "?" else host
        method = (req.method.value or "").upper() if req.method is not None else None
        sent = req.default if method is None else method
        name = None
        if method != "DELETE" and "_delete_by_query" not in (url.value or url.text):
            for u, h in far:
                if _upload_into(tool, req, u):
                    continue
                name = _endpoint(u, sent, req.query)
                if name:
                    url, host = u, h
                    break
        if name:
            where = "a host known only at run time" if host == "?" else host
            a.review(RULE, f"`{_shown(tool, req, url)}` calls `{name}` on {where}, an endpoint that deletes what the "
                           "request names (messages, files, vectors, a collection, an index's records …) with no "
                           "undo; show the request to the user and let them run it", url.node)
        elif method == "DELETE" and _VAULT_AUDIT.search(url.value or url.text):
            a.block("anti-forensics", f"`{_shown(tool, req, url)}` removes a Vault audit device on {where}, so later "
                                      "reads of secrets leave no record (`vault audit disable` through the API); leave "
                                      "the audit devices on", url.node)
        elif method == "DELETE" and not created_here(a.doc.data.decode("utf-8", "replace"), url.text) and \
                not session_end(url.value or url.text) and not access_revoked(url.value or url.text):
            # (not a temporary object the same input made with a POST to the parent: a Play edit, an upload session)
            a.review(RULE, f"`{_shown(tool, req, url)}` deletes what the URL names on {where} (a repository, an "
                           "index, an app, a bucket …), with no undo; show the request to the user and let them "
                           "run it (a GET of the same URL shows what would go)", url.node)
        elif "_delete_by_query" in (url.value or url.text):
            a.review(RULE, f"`{_shown(tool, req, url)}` deletes every document the query matches in the index on "
                           f"{where} (a match_all query: all of them), with no undo; count them first with "
                           "`_count` and the same query, snapshot the index, and let the user run it", url.node)
        elif req.bodies or fed:
            found = _body_delete(a, cmd, tool, req, sent, url, fed)
            if found is None:
                continue
            what, node = found
            if what is None:
                a.review(RULE, f"`{_shown(tool, req, url)}` sends a GraphQL mutation that deletes on {where}, with "
                               "no undo; show the request to the user and let them run it", node)
            else:
                a.review(RULE, f"`{_shown(tool, req, url)}` sends a body that asks {where} to delete ({what}): the "
                               "service deletes what it names, with no undo; show the request to the user and let "
                               "them run it", node)


# -- a mailbox's mail forwarded through its provider's API -------------------------------------------------------
# Gmail's `settings/forwardingAddresses`, `settings/filters` and `settings/autoForwarding`, Microsoft Graph's
# `mailFolders/…/messageRules`: a rule that sends mail to another address. One that also hides what it sends (taken out
# of the inbox, trashed, marked read) or picks the mail that unlocks accounts (password, verification, invoice) is how
# a mailbox is quietly emptied into someone else's (exfiltration, block); any other forward is a change a person
# confirms (review). Reading the settings (GET) is allowed.
_MAIL_RULES = re.compile(r"/gmail/v1/users/[^/]+/settings/(forwardingAddresses|filters|autoForwarding)\b|"
                         r"/(?:v1\.0|beta)/(?:me|users/[^/]+)/mailFolders/[^/]+/messageRules\b")
_FORWARDS = re.compile(r'(?i)"(?:forward|forwardTo|redirectTo|forwardAsAttachmentTo)"\s*:')
_HIDES = re.compile(r'(?i)"removeLabelIds"\s*:\s*\[[^\]]*"(?:INBOX|UNREAD)"|"addLabelIds"\s*:\s*\[[^\]]*"(?:TRASH|SPAM)"|'
                    r'"(?:delete|markAsRead|permanentDelete|stopProcessingRules)"\s*:\s*true|'
                    r'"moveToFolder"\s*:\s*"(?:deleteditems|archive|junkemail|rss\w*)"|'
                    r'"disposition"\s*:\s*"(?:trash|archive|markRead)"')
_UNLOCKS = re.compile(r"(?i)\b(?:password|passcode|verification|verify|2fa|mfa|one-time|otp|security code|reset|"
                      r"invoice|payment|wire|bank)\b")


def _mail_rule(a, tool: str, req: Request) -> None:
    method = (req.method.value or "").upper() if req.method is not None else req.default
    if method not in ("POST", "PUT", "PATCH"):
        return
    body = "\n".join(w.value if w.value is not None else w.text for w in req.bodies)
    url = next(u for u in req.urls if _MAIL_RULES.search(u.value or u.text))
    m = _MAIL_RULES.search(url.value or url.text)
    kind = m.group(1) if m and m.group(1) else "messageRules"
    if kind in ("filters", "messageRules") and not _FORWARDS.search(body):
        return  # a label, a folder, a category: the mail stays in the mailbox
    if kind == "autoForwarding" and not re.search(r'(?i)"enabled"\s*:\s*true', body):
        return
    hides = _HIDES.search(body)
    picks = _UNLOCKS.search(body) if kind != "forwardingAddresses" else None
    if hides or picks:
        why = f"and hides what it sends (`{hides.group(0)[:40]}`)" if hides else \
            f"for the mail that unlocks accounts (`{picks.group(0)}`)"  # type: ignore[union-attr]
        a.block("exfiltration", f"`{tool}` sets a mail rule through the provider's API ({kind}) that forwards the "
                                f"user's mail to another address {why}: that mailbox's messages, password resets and "
                                "sign-in codes among them, go to whoever holds it; agents must not forward the user's "
                                "mail", url.node)
    else:
        a.review("exfiltration", f"`{tool}` sets up forwarding of the user's mail through the provider's API ({kind}); "
                                 "a person should confirm the address is the user's own", url.node)


# -- an identity provider's defences turned off through its admin API (validate/idp_shell.py) ----------------------
# `curl -X POST "$ORG/api/v1/policies/$pid/lifecycle/deactivate"` (Okta), `PATCH /api/v2/attack-protection/…`
# (Auth0), `PUT /admin/realms/R` with `bruteForceProtected: false` (Keycloak), Entra ID's security defaults: MFA,
# brute-force protection, a sign-on policy or the audit log stream turned off. A test org or tenant (named so, or an
# Okta preview org) and this machine are left alone.
IDP_API = re.compile(r"/api/v[12]/|/admin/realms/|/policies/identitySecurity|/conditionalAccess/")
_VAR_REF = re.compile(r"\$\{?([A-Za-z_]\w*)\}?")


def _url_text(a, w: Word) -> str:
    """The URL with the variables this input assigned a literal put in (`ORG="https://acme.okta.com"`)."""
    if w.value is not None:
        return w.value
    from .net import assignments_before

    def value(m: re.Match) -> str:
        for n in assignments_before(a, w.node, m.group(1)):
            v = n.child_by_field_name("value") if n.type == "variable_assignment" else None
            if v is not None:
                text = a.src(v).strip("\"'")
                if "$" not in text and "`" not in text:
                    return text
        return m.group(0)

    return _VAR_REF.sub(value, w.text.replace('"', "").replace("'", ""))


def _idp_request(a, tool: str, req: Request) -> bool:
    from .. import idp_shell

    method = (req.method.value or "").upper() if req.method is not None else req.default
    body = "&".join(w.value if w.value is not None else w.text for w in req.bodies) if req.bodies else None
    for url in req.urls:
        text = _url_text(a, url)
        found = idp_shell.api_weakened(text, method, body)
        if found is None or remote(Word(url.node, text, text)) is None:
            continue
        host = remote(Word(url.node, text, text)) or ""
        if idp_shell.test_name(host):
            continue
        rule, what = found
        a.block(rule, f"`{_shown(tool, req, url)}` {what}; {idp_shell.fix_for(rule)}", url.node)
        return True
    return False


# -- a shop's admin and payment APIs (validate/shops.py) ------------------------------------------------------------
# Stripe's payout destinations of connected accounts, Shopify's storefront script tags, WordPress's users
_SHOP_API = re.compile(r"/v1/accounts/|script_tags|/graphql|wp/v2/users")


def _shop_request(a, tool: str, req: Request) -> None:
    from .. import shops

    method = (req.method.value or "").upper() if req.method is not None else req.default
    body = "&".join(w.value if w.value is not None else w.text for w in req.bodies)
    for url in req.urls:
        text = url.value if url.value is not None else url.text
        host = remote(url)
        if host is None:
            continue  # this machine: an agent exercising the service it builds
        acct = shops.payout_request(text, method, body)
        why = shops.payout_finding(_shown(tool, req, url), a.doc.data.decode("utf-8", "replace"), body, acct) \
            if acct is not None else None
        if why is not None:
            a.block("exfiltration", why, url.node)
            return
        found = shops.request_finding(_shown(tool, req, url), text, method, body, _org(host))
        if found is not None:
            (a.block if found[0] == "block" else a.review)(found[1], found[2], url.node)
            return


def _org(host: str) -> set[str]:
    from ..cloud_admin import org_words

    return org_words(host) if host != "?" else set()


# -- a phone number's messages sent to another webhook -------------------------------------------------------------
# `twilio phone-numbers:update NUMBER --sms-url URL`: every SMS and call to that number (sign-in codes among them) is
# then handed to URL. A URL on this machine is the CLI's own development set-up (it opens a tunnel to it): allowed.
# Another host is where a live number's messages go from now on: a person confirms it is the project's (review); a
# bare public address is no named host of anyone's service (block).
_HOOK_OPTS = ("--sms-url", "--voice-url", "--sms-fallback-url", "--voice-fallback-url", "--status-callback")


def _twilio(a, cmd: Cmd) -> None:
    from ..hosts import ip_literal
    from .admin import near_address
    from .commands import option_value
    from .handed import as_unknown

    as_unknown(a, cmd)
    vals = [w.value for w in cmd.args]
    if not vals or vals[0] not in ("phone-numbers:update", "api:core:incoming-phone-numbers:update"):
        return
    for w in option_value(cmd.args, *_HOOK_OPTS):
        host = remote(w)
        if host is None:
            continue
        number = next((x.value or x.text for x in cmd.args[1:2]), "the number")
        if host != "?" and ip_literal(host) and not near_address(host):
            a.block("exfiltration", f"`twilio {vals[0]}` hands every SMS and call to {number} (sign-in codes among "
                                    f"them) to {host}, a bare address rather than a named host of the project; point "
                                    "the number at the project's own webhook", w.node)
        else:
            a.review("exfiltration", f"`twilio {vals[0]}` hands every SMS and call to {number} (sign-in codes among "
                                     f"them) to {w.value or w.text}; a person should confirm it is the project's own "
                                     "webhook", w.node)
        return


# -- commands a service agent runs on its own: a consul check's `Args` / `Script` ---------------------------------
# `curl -X PUT localhost:8500/v1/agent/service/register -d '{"Check": {"Args": ["sh", "-c", "…"], …}}'`: the agent
# runs the check's command every interval, as a service of this machine (local addresses too: the agent is here)
_AGENT_REGISTER = re.compile(r"/v1/(?:agent/(?:service|check)/register|catalog/register)\b")
_HCL_ARGS = re.compile(r'\b(?:args|Args)\s*[=:]\s*\[([^\]]*)\]|\b(?:script|Script)\s*[=:]\s*"((?:[^"\\]|\\.)*)"')
_HCL_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def agent_commands(text: str) -> list[str]:
    """The shell commands a consul service or check definition (JSON, or HCL as `consul services register` reads
    it) makes the agent run: each `Args` list as the command it is, each `Script` as written."""
    from ..common_code import argv_to_shell

    try:
        data = json.loads(text)
    except ValueError:
        data = None
    out: list[str] = []
    if data is not None:
        todo = [data]
        while todo and len(out) < 16:
            item = todo.pop()
            if isinstance(item, list):
                todo += item
            elif isinstance(item, dict):
                for key, value in item.items():
                    if key.lower() == "args" and isinstance(value, list) and value and \
                            all(isinstance(v, str) for v in value):
                        out.append(argv_to_shell(value))
                    elif key.lower() == "script" and isinstance(value, str):
                        out.append(value)
                    else:
                        todo.append(value)
        return out
    for m in _HCL_ARGS.finditer(text):
        if m.group(1) is not None:
            argv = [_unquote(s) for s in _HCL_STRING.findall(m.group(1))]
            if argv:
                out.append(argv_to_shell(argv))
        else:
            out.append(_unquote(m.group(2)))
    return out[:16]


def _unquote(s: str) -> str:
    """The value of an HCL string's inside (its escapes are JSON's)."""
    try:
        return json.loads('"' + s + '"')
    except ValueError:
        return s


def _agent_check(a, cmd: Cmd, tool: str, req: Request, fed: bool) -> None:
    kinds = req.kinds or ("",) * len(req.bodies)
    texts: list[tuple[str, object]] = []
    for kind, w in zip(kinds, req.bodies):
        v = w.value
        if v is None:
            continue
        if tool == "curl" and (v[:1] == "@" or kind == "upload-file"):
            path = v[1:] if v[:1] == "@" else v
            v = fed_text(a, cmd) if path in ("-", ".") else _file(a, path)
        elif tool == "wget" and kind in _WGET_FILES:
            v = _file(a, v)
        if v is not None:
            texts.append((v, w.node))
    if fed:
        v = fed_text(a, cmd)
        if v is not None:
            texts.append((v, cmd.node))
    for text, node in texts:
        for command in agent_commands(text):
            a.nested(command, "bash", node, None)


def _consul(a, cmd: Cmd) -> None:
    """`consul services register svc.hcl` (or `.json`) of a definition this script wrote: its checks' commands."""
    from .written import text_written

    vals = cmd.values()
    if vals[:2] != ["services", "register"]:
        return
    for w in cmd.args[2:]:
        if w.value and not w.value.startswith("-"):
            got = text_written(a, w.value)
            if got is not None:
                for command in agent_commands(got[0]):
                    a.nested(command, "bash", got[1], None)


_STDIN_BODY = frozenset({"http", "https", "xh", "xhs"})
_CURL_FILES = frozenset({"data", "data-ascii", "data-binary", "json", "upload-file"})  # `@file` (-T: always a file)
_WGET_FILES = frozenset({"body-file", "post-file"})


def _body_delete(a, cmd: Cmd, tool: str, req: Request, sent: str, url: Word,
                 fed: bool) -> tuple[str | None, object] | None:
    """(what the body asks to delete, or None for a GraphQL delete mutation; the node to show) when a body the
    request sends deletes: given inline, in a file an earlier command of this script wrote (`-d @q.json`), or on
    standard input (`-d @-`, `-T -`, HTTPie fed by a pipe or a here-document). A file the script did not write is
    not read. curl's `-d @file` drops the file's newlines (`--data-binary` and `--json` keep them), which an
    Elasticsearch `_bulk` needs after its last line. `fed`: HTTPie or xh sends its standard input."""
    parts: list[tuple[str, object]] = []  # (text as sent, node)
    joined: list[str] = []  # curl's data options, sent as one body joined with `&`
    kinds = req.kinds or ("",) * len(req.bodies)
    for kind, w in zip(kinds, req.bodies):
        v = w.value
        text: str | None = v if v is not None else _unexpanded(w.text)
        if v is not None and (tool == "curl" and kind in _CURL_FILES and (v[:1] == "@" or kind == "upload-file") or
                              tool == "wget" and kind in _WGET_FILES):
            path = v[1:] if v[:1] == "@" and kind != "upload-file" and tool == "curl" else v
            text = fed_text(a, cmd) if path in ("-", ".") and tool == "curl" else _file(a, path)
            if text is not None and kind in ("data", "data-ascii"):
                text = text.replace("\r", "").replace("\n", "")
        elif v is not None and tool not in ("curl", "wget") and ("@" in v):
            m = _ITEM_SEP.match(v)  # HTTPie: `@file` is the raw body, `a=@f` / `a:=@f` embed the file in the JSON
            if m is not None and (m.group(1) in ("=@", ":=@") or m.group(1) == "@" and m.end() == 1):
                text = _file(a, v[m.end():])
        if text is None:
            continue
        if tool == "curl" and kind != "upload-file":
            joined.append(text)
        else:
            parts.append((text, w.node))
    if joined:
        parts.append(("&".join(joined), req.bodies[0].node))
    if fed:
        text = fed_text(a, cmd)
        if text is not None:
            parts.append((text, cmd.node))
    from .history import GRAPHQL_DELETE  # (history.py's pattern, read there)

    target = url.value if url.value is not None else _unexpanded(url.text)
    for text, node in parts:
        if GRAPHQL_DELETE.search(text):
            return None, node
        if sent not in ("GET", "HEAD"):
            what = deleting_body(text, target)
            if what is not None:
                return what, node
    return None


def _file(a, path: str) -> str | None:
    from .written import text_written

    got = text_written(a, path) if path else None
    return got[0] if got is not None else None


def request_body(a, cmd: Cmd, r: Request) -> str:
    """The words of a request's body joined by new lines, with the text fed to the command when a body is read from
    its standard input (`-d @-`, `--data-binary -`)."""
    bodies = [w.value if w.value is not None else w.text for w in r.bodies]
    if any(b in ("@-", "-") for b in bodies):
        bodies.append(fed_text(a, cmd) or "")
    return "\n".join(bodies)


def fed_text(a, cmd: Cmd) -> str | None:
    """The literal text that reaches the command's standard input: a here-document or here-string, a file this
    script wrote (`< q.json`), or what a single `echo` / `printf` / `cat <<EOF` before it in the pipeline prints."""
    from .exec import static_output, stdin_text

    fed = stdin_text(a, cmd)
    if fed is not None:
        return fed[0]
    for r in cmd.redirects:
        if r.type == "file_redirect" and r.children and r.children[0].type == "<":
            for d in r.children_by_field_name("destination")[:1]:
                path = a.ev.word(d).value
                return _file(a, path) if path else None
    stage = _upstream(cmd)
    if stage is None:
        return None
    for doc, c in reversed(a.ctx.commands):
        if doc is a.doc and (c.node == stage or c.node.parent == stage):
            out = static_output(a, [c])
            if out is None:
                return None
            return out[0] + "\n" if c.name == "echo" and not (c.args and c.args[0].value == "-n") else out[0]
    return None


def _fed(cmd: Cmd) -> bool:
    """Does data reach the command's standard input: a pipe into it, `<`, `<<<` or a here-document?"""
    for r in cmd.redirects:
        if r.type in ("heredoc_redirect", "herestring_redirect") or r.type == "file_redirect" and \
                r.children and r.children[0].type == "<":
            return True
    return _upstream(cmd) is not None


def _upstream(cmd: Cmd):
    """The pipeline stage before `cmd`'s, or None (after `cat <<EOF | curl …`, the command the here-document is given
    to: common.pipeline_stage starts such a pipeline with it)."""
    where = pipeline_stage(cmd)
    return where[0][where[1] - 1] if where is not None and where[1] > 0 else None


# an expansion the shell leaves empty when unset: `chat.del${x}ete` is read as `chat.delete` (the host, read
# by remote(), is not taken from this text)
# (a `${` with no `}` after it is matched once, to the end, where only its `$NAME`s go: no scan from each later `${`)
_EXPANSION = re.compile(r"\$(?:\{[^}]*\}|\w+)|(\$\{[^}]*+)")
_VARIABLE = re.compile(r"\$\w+")


def _unexpanded(text: str) -> str:
    return _EXPANSION.sub(lambda m: "" if m.group(1) is None else _VARIABLE.sub("", m.group(1)), text)


def _upload_into(tool: str, req: Request, url: Word) -> bool:
    """`curl -T /tmp/r.rdb https://host/drop/`: a file uploaded into a folder (curl adds the file's name to a URL
    ending in `/`), whatever the folder is called: the path names where the file goes, not an action."""
    text = url.value if url.value is not None else url.text.strip("'\"")
    return tool == "curl" and text.split("?", 1)[0].endswith("/") and any(
        k == "upload-file" and (w.value or "-") not in ("-", ".") for k, w in zip(req.kinds, req.bodies))


def _endpoint(url: Word, method: str, query: bool) -> str | None:
    text = url.value if url.value is not None else \
        _unexpanded(url.text.replace('"', "").replace("'", ""))
    return deleting_endpoint(text + "?" if query else text, method)


HANDLERS: dict = {n: [_check] for n in _READERS}
HANDLERS["consul"] = [_consul]
HANDLERS["twilio"] = [_twilio]


# What _check reads: a DELETE (any case), `_delete_by_query` and `delete…` mutations all spell "delete", and
# the endpoints that delete spell one of the words endpoints.mentions_verb looks for (it includes "delete").
# curl and wget keep fastpath's own screen beside this one; http, https and xh are always judged there.
# A body that deletes names one of those words too, spelled out in the same input when a file the script wrote
# holds it (`cat > q.json <<EOF`) or a pipe feeds it; JSON's `\u0064elete` is sent on by its `u00`.
# ... and _agent_check reads a service or check registered with a local agent (consul's `/v1/agent/…/register`).
SCREENS: dict = dict.fromkeys(_READERS, lambda text: mentions_verb(text) or "u00" in text or "register" in text or
                              "/settings/" in text or "messageRules" in text)
SCREENS["twilio"] = mentions("update")
_CURL_SCREEN = SCREENS["curl"]
for _n in _READERS:  # ... and _shop_request: payouts, script tags, WordPress users
    SCREENS[_n] = lambda text: _CURL_SCREEN(text) or "/v1/accounts/" in text or "script_tag" in text or \
        "wp/v2/users" in text or "scriptTag" in text or _IDP_SCREEN(text)
# ... and _idp_request: an identity provider's admin API
_IDP_SCREEN = mentions("/api/v1/", "/api/v2/", "/admin/realms/", "identitySecurity", "conditionalAccess")
