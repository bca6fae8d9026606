"""What Python code sends off the machine: the network modules and methods, the whole
environment sent (exfiltration), public listening addresses.
"""
from __future__ import annotations

import re

from ..common_code import remote_target
from ..secret_owner import owner, secret_name


_NET = ("requests.", "urllib.request.", "urllib2.", "httpx.", "http.client.", "aiohttp.", "socket.", "smtplib.",
        "ftplib.", "urllib3.")
# methods that send their arguments off the machine (with a socket or HTTP module in use)
_SEND = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "send", "sendall", "sendto",
                   "sendmail", "send_message", "storbinary", "upload_file", "put_object"})

# what a name holding a request's payload may have been given (a dict, a call, a string built of parts)
_PAYLOAD_KINDS = frozenset({"dictionary", "call", "subscript", "string", "binary_operator", "list", "tuple",
                            "concatenated_string"})
# where a request's data goes: the body, the query string and uploads (headers and `auth=` authenticate: the
# shell rules allow a token in `Authorization` whatever the host, and so do these)
_PAYLOAD_KEYS = ("json", "data", "params", "content", "files", "body", "fields")
_ENV_READS = frozenset({"os.environ.get", "os.getenv", "os.environ.__getitem__", "os.environ.pop"})


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

    def _env_sent(self, args: list) -> None:
        for a in args:
            if self.mentions_env(a):
                self.env_whole.append(a)
        if args and self.lists and any(k.startswith("carrier ") for k in self.lists):
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
        service (`API_KEY`, `CLIENT_SECRET`) and a host computed or read from the environment are not judged."""
        if url_node is None or not payloads:
            return
        found = self._secret_reads(payloads)
        if not found:
            return
        host = remote_target(self._url_text(url_node))
        if not host:
            return
        for name, read in sorted(found, key=lambda f: f[1].start_byte):
            own = owner(name)
            if own is None or own.owns(host):
                continue
            self.block("exfiltration", f"`{what}` sends {name} to {host}, which is not {own.described(name)}: the "
                                       "secret itself goes to that host; send a token only to its own service, in an "
                                       "Authorization header", read)
            return

    def _secret_reads(self, payloads: list) -> list:
        """(variable name, node) of the secrets of the environment read in the expressions `payloads`, names bound
        to a dict, a string or a read followed (a few levels)."""
        out: list = []
        stack = [(p, 0) for p in payloads if p is not None]
        seen = 0
        while stack and seen < 256:
            n, depth = stack.pop()
            seen += 1
            t = n.type
            if t == "call" or t == "subscript":
                name = self._env_read(n)
                if name is not None:
                    if secret_name(name):
                        out.append((name, n))
                    continue
            elif t == "identifier" and depth < 3:
                made = self.declared(n, _PAYLOAD_KINDS)
                if made is not None:
                    stack.append((made, depth + 1))
                continue
            stack.extend((c, depth) for c in n.named_children)
        return out

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
