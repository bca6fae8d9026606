"""Environment scrubbing: secret-looking variables never reach the command unless passed.

A name is secret-looking when one of its words (split on "_") is a secret word, or it
ends with one (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, PGPASSWORD, NPM_AUTHTOKEN). Variables
given with --env (Policy.env) are kept even when they look secret: the user chose them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

SECRET_WORDS = (
    "KEY", "KEYS", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASS", "CREDENTIAL",
    "CREDENTIALS", "AUTH", "COOKIE", "PRIVATE", "APIKEY", "SIGNATURE", "DSN",
)
_SECRET = re.compile(
    r"(^|_)(" + "|".join(SECRET_WORDS) + r")(_|$)|(APIKEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$",
    re.IGNORECASE,
)
# Plain configuration that merely contains a secret word.
_SAFE = frozenset({"PWD", "OLDPWD", "SSH_AUTH_SOCK_DISABLED", "KEYTIMEOUT", "GPG_TTY"})
# Variables that would redirect the command into host resources the sandbox hides.
_HOST_HANDLES = frozenset({"SSH_AUTH_SOCK", "GPG_AGENT_INFO", "DBUS_SESSION_BUS_ADDRESS",
                           "XDG_RUNTIME_DIR", "DOCKER_HOST", "KUBECONFIG"})


@lru_cache(maxsize=4096)   # the same few dozen names come back on every run
def looks_secret(name: str) -> bool:
    if name in _SAFE:
        return False
    return name in _HOST_HANDLES or bool(_SECRET.search(name))


def scrub(environ: Mapping[str, str], passed: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], list[str]]:
    """(environment for the command, names dropped)."""
    env = {k: v for k, v in environ.items() if not looks_secret(k)}
    dropped = sorted(k for k in environ if k not in env)
    env.update(dict(passed))
    return env, dropped
