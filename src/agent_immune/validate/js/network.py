"""What TypeScript code sends off the machine: socket modules, HTTP clients, send methods and
the whole environment handed to them (exfiltration).
"""
from __future__ import annotations

import re


_NET_MODS = frozenset({"net", "node:net", "tls", "node:tls", "dgram", "node:dgram"})
_HTTP = re.compile(r"\b(fetch|axios|request|got|https?\.(?:request|get)|XMLHttpRequest|sendBeacon)\b|"
                   r"\brequire\(\s*[\x27\x22\x60](?:node:)?https?[\x27\x22\x60]\s*\)\.(?:request|get)$")
# methods that send their arguments over a connection opened elsewhere (`req.end(body)`, `sock.write(x)`)
_SEND = frozenset({"end", "write", "send", "post", "put", "patch", "sendBeacon", "emit"})
_ENV_OBJECTS = re.compile(r"process\.env|Deno\.env\.toObject|Bun\.env")


class Network:
    """Whether an expression holds the whole environment."""

    def mentions_env(self, node) -> bool:
        """Whether `node` holds the whole environment (`process.env`, `{...process.env}`, a name
        assigned from it), not one variable of it (`process.env.HOME`)."""
        txt = self.src(node)
        if "env" in txt and any(m.end() == len(txt) or txt[m.end()] not in ".[" for m in _ENV_OBJECTS.finditer(txt)):
            return True
        return bool(self.env_names) and any(re.search(rf"(?<![\w.$]){re.escape(n)}\b(?!\s*[.\[])", txt)
                                            for n in self.env_names if n in txt)
