"""What Python code sends off the machine: the network modules and methods, the whole
environment sent (exfiltration), public listening addresses.
"""
from __future__ import annotations

import re


_NET = ("requests.", "urllib.request.", "urllib2.", "httpx.", "http.client.", "aiohttp.", "socket.", "smtplib.",
        "ftplib.", "urllib3.")
# methods that send their arguments off the machine (with a socket or HTTP module in use)
_SEND = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "send", "sendall", "sendto",
                   "sendmail", "send_message", "storbinary", "upload_file", "put_object"})


class Network:
    """Network use and the whole environment handed to it."""

    def mentions_env(self, node) -> bool:
        """Whether `node` holds the whole environment (`os.environ`, `dict(os.environ)`, a name
        assigned from it), not just one variable of it (`os.environ["X"]`, `.get`)."""
        txt = self.src(node)
        if "environ" not in txt and len(self.env_names) == 1 and "os.environ" not in self.alias.values():
            return False
        names = [n for n in self.env_names if n in txt] or [al for al, target in self.alias.items()
                                                           if target == "os.environ" and al in txt]
        return any(re.search(rf"(?<![\w.]){re.escape(n)}\b(?!\s*\[|\.(?:get|setdefault|pop)\b)", txt)
                   for n in names if n in txt)

    def _env_sent(self, args: list) -> None:
        for a in args:
            if self.mentions_env(a):
                self.env_whole.append(a)

    def _public_host(self, node) -> bool:
        """A `(host, port)` tuple whose host is not loopback."""
        if node.type != "tuple" or not node.named_children:
            return False
        host = self.string(node.named_children[0])
        return host is not None and host not in ("127.0.0.1", "localhost", "::1")
