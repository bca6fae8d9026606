"""What a tunnel client offers on a public address, read once for every rule that judges it.

`ngrok tcp 5432`, `bore local 502 --to bore.pub`, `cloudflared tunnel --url tcp://plc:102`, `lt --port 1880`, `frpc tcp
-s relay:7000 -l 502`: each puts a port of this machine (or of a host it reaches) on an address anyone can open. The
rules differ in which ports matter (remote login in bash/net.py, databases in bash/geo.py, controllers in
bash/industrial.py); how each client names the port, its relay and whether only HTTP goes through is read here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .commands import Cmd, option_value, positionals

# the options of each client that take a value (their values are not the port)
_ARGS = {
    "ngrok": frozenset({"--authtoken", "--log", "--log-format", "--log-level", "--region", "--config", "--remote-addr",
                        "--url", "--domain", "--basic-auth", "--oauth", "--hostname", "--subdomain",
                        "--traffic-policy-file", "--label", "--proxy-proto", "--cidr-allow", "--cidr-deny",
                        "--metadata", "--description", "--pooling-enabled"}),
    "bore": frozenset({"--to", "-t", "--local-host", "-l", "--port", "-p", "--secret", "-s"}),
}
NAMES = frozenset({"ngrok", "bore", "cloudflared", "lt", "localtunnel", "frpc"})


@dataclass(frozen=True)
class Offered:
    """What a tunnel command offers: `kind`, ngrok's protocol (`tcp`, `tls`, `http`) or bore's `local` (empty for
    the others); `targets`, each a port, `host:port` or URL as written; `relay`, the server the tunnel goes through
    when the command names it (bore's `--to`, frp's `-s`); `web`, whether only HTTP goes through."""
    kind: str
    targets: tuple[str, ...]
    relay: str | None
    web: bool


def offered(cmd: Cmd) -> Offered:
    name = cmd.name
    if name in _ARGS:
        pos = [w.value or "" for w in positionals(cmd.args, _ARGS[name], stop_at_end=True)]
        kind = pos[0] if pos else ""
        if name == "ngrok":
            return Offered(kind, tuple(pos[1:2]) if kind in ("tcp", "tls", "http") else (), None, kind == "http")
        relay = next((w.value for w in option_value(cmd.args, "--to", "-t") if w.value), None)
        return Offered(kind, tuple(pos[1:2]) if kind == "local" else (), relay or "bore.pub", False)
    if name == "cloudflared":
        targets = tuple(w.value or "" for w in option_value(cmd.args, "--url"))
        return Offered("", targets, None, bool(targets) and all(t.lower().startswith(("http://", "https://"))
                                                                 for t in targets))
    if name == "frpc":  # `frpc tcp -s relay:7000 -l 502 -r 6502`: frp's relay serves the port on its own address
        server = next((w.value for w in option_value(cmd.args, "-s", "--server_addr", "--server-addr")), None) or ""
        host = server.rsplit(":", 1)[0] if server.count(":") == 1 else server
        return Offered("", tuple(w.value or "" for w in option_value(cmd.args, "-l", "--local_port", "--local-port")),
                       host or None, False)
    # localtunnel (`lt`, `npx localtunnel`): HTTP only
    return Offered("", tuple(w.value or "" for w in option_value(cmd.args, "--port", "-p")), None, True)


def port(target: str) -> str:
    """The port a target names (`5432`, `10.0.0.4:502`, `tcp://plc:102/` -> 102)."""
    return target.rstrip("/").rsplit(":", 1)[-1]
