"""A signing key fetched from the network, then made a trusted signer.

`curl -fsSL https://keys.example/release.asc | gpg --import` is how install guides add a project's key, and gpg
calls what an imported key signs "unknown trust" until someone vouches for the key. An input that imports a
downloaded key and then vouches for it itself — ultimate owner trust (`--import-ownertrust`, `--edit-key K trust`,
`--trusted-key K`) or a certification with the user's own key (`--lsign-key`, `--sign-key`, `--quick-sign-key`) —
makes whatever that key signs pass `gpg --verify`, `git verify-tag` and every release check built on them: the
signature checks then vouch for whoever serves that URL (block). The import alone is allowed, and so is trust
given in an input that downloaded no key (CI importing its own signing key from a secret).
"""
from __future__ import annotations

from .. import paths
from .commands import Cmd, positionals
from .words import file_key

# the public keyring stands for "a key this input downloaded was imported": `a.downloaded` holds it as it holds
# any file whose content came from the network
_KEYRING = paths.normalize("~/.gnupg/pubring.kbx")
_GPG = frozenset({"gpg", "gpg2"})
# gpg options that take a value (a key id, a file or a home folder), so that their value is no file to import
_WITH_VALUE = frozenset({"--homedir", "--keyring", "--keyserver", "--default-key", "-u", "--local-user", "-r",
                         "--recipient", "--trust-model", "--status-fd", "--command-fd", "--passphrase-fd",
                         "--pinentry-mode", "--import-options", "--export-options", "-o", "--output"})
_CERTIFY = frozenset({"--lsign-key", "--sign-key", "--quick-sign-key", "--quick-lsign-key", "--tsign-key"})


def note_piped(a, cmd: Cmd, upstream: list[Cmd]) -> None:
    """`curl … | gpg --import`: the key gpg reads on its input came from the network."""
    from .exec import content_kind

    if "--import" in (w.value for w in cmd.args) and content_kind(upstream) == "download":
        a.downloaded[_KEYRING] = "download"


def _gpg(a, cmd: Cmd) -> None:
    vals = [w.value for w in cmd.args]
    if "--import" in vals:
        if a.downloaded and any(a.downloaded.get(key) == "download" for w in positionals(cmd.args, _WITH_VALUE)
                                if (key := file_key(w)) is not None):
            a.downloaded[_KEYRING] = "download"
        return
    if a.downloaded.get(_KEYRING) != "download":
        return
    how = next((v for v in vals if v in _CERTIFY or v in ("--import-ownertrust", "--trusted-key")), None)
    if how is None and "--edit-key" in vals and ("trust" in vals or "--command-fd" in vals or "--command-file" in vals):
        how = "--edit-key … trust"
    if how is not None:
        a.block("download-exec", f"`{cmd.name} {how}` vouches for a key this input downloaded: whatever that key "
                                 "signs then passes signature checks (gpg --verify, git verify-tag, release "
                                 "checks), so they vouch for whoever serves its URL; import the key and compare "
                                 "its fingerprint with one the project publishes, and let a person trust it",
                cmd.node)


HANDLERS: dict = {"gpg": [_gpg], "gpg2": [_gpg]}
# fastpath screens (merged in fastpath._merge_screens): only a trust or certification step can be judged here
_TRUST_SCREEN = lambda text: "trust" in text or "sign-key" in text  # noqa: E731
SCREENS: dict = {"gpg": _TRUST_SCREEN, "gpg2": _TRUST_SCREEN}
