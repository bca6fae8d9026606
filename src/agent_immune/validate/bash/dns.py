"""DNS: BIND, PowerDNS, CoreDNS, nsupdate, Route 53, Cloudflare, Cloud DNS, registrars (session 23)."""
from __future__ import annotations

# command name -> [fn(a, cmd)]
HANDLERS: dict = {}
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {}
