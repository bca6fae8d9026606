"""A signing key fetched from the network, then made a trusted signer.

`curl -fsSL https://keys.example/release.asc | gpg --import` is how install guides add a project's key, and gpg
calls what an imported key signs "unknown trust" until someone vouches for the key. An input that imports a
downloaded key and then vouches for it itself — ultimate owner trust (`--import-ownertrust`, `--edit-key K trust`,
`--trusted-key K`) or a certification with the user's own key (`--lsign-key`, `--sign-key`, `--quick-sign-key`) —
makes whatever that key signs pass `gpg --verify`, `git verify-tag` and every release check built on them: the
signature checks then vouch for whoever serves that URL (block). The import alone is allowed, and so is trust
given in an input that downloaded no key (CI importing its own signing key from a secret).

Also here, secrets deleted where nothing keeps a copy (rule `irreversible`, review): `gpg --delete-secret-keys`
(a private key: what was encrypted to it can no longer be read, and nothing it signed can be signed again under it),
1Password's `op item|document delete` (without `--archive`, which keeps the item in the vault's archive) and
`op vault delete`, Bitwarden's `bw delete item --permanent` and its deletes with no trash (a folder, an attachment,
an organisation's collection). `bw delete item` without `--permanent` moves the item to the trash, from which `bw
restore item` brings it back: allowed, as `cargo yank` (undone by `--undo`) is. A keyring under a temporary home
(`--homedir /tmp/…`, `GNUPGHOME=/tmp/…`: a test's or a CI job's throwaway keys) is not the user's.
"""
from __future__ import annotations

from .. import paths
from .commands import Cmd, option_value, positionals
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


_DELETE_SECRET = frozenset({"--delete-secret-keys", "--delete-secret-key", "--delete-secret-and-public-keys",
                            "--delete-secret-and-public-key"})
_THROWAWAY = ("/tmp/", "/var/tmp/", "$RUNNER_TEMP", "${RUNNER_TEMP}")


def _deletes_secret_key(a, cmd: Cmd, vals: list) -> bool:
    """`gpg --batch --yes --delete-secret-keys FPR`: a private key deleted, with no copy this input made."""
    how = next((v for v in vals if v in _DELETE_SECRET), None)
    if how is None:
        return False
    homes = [w.text.strip("\"'") for w in option_value(cmd.args, "--homedir")] + \
        [w.text.strip("\"'") for name, w in cmd.assigns if name == "GNUPGHOME"]
    if homes and all(h.startswith(_THROWAWAY) for h in homes):
        return True  # a throwaway keyring (a test's, a CI job's)
    a.review("irreversible", f"`{cmd.name} {how}` deletes the private key from the keyring: whatever was encrypted to "
                             "it can no longer be read, and nothing can be signed with it again; nothing brings it "
                             "back. Export a backup first (`gpg --export-secret-keys --armor KEY`, kept offline) and "
                             "let the user delete the key", cmd.node)
    return True


def _gpg(a, cmd: Cmd) -> None:
    vals = [w.value for w in cmd.args]
    if _deletes_secret_key(a, cmd, vals):
        return
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


# -- password managers' deletes with no way back -----------------------------------------------------------
_OP_VALUE = frozenset({"--vault", "--account", "--session", "--config", "--format", "--encoding"})
_BW_NO_TRASH = frozenset({"folder", "attachment", "org-collection"})


def _op(a, cmd: Cmd) -> None:
    """`op item delete ITEM` (1Password CLI 2): the item is gone for good unless `--archive` moves it to the vault's
    archive; `op document delete` alike; `op vault delete` takes every item of the vault with it."""
    pos = [w.value for w in positionals(cmd.args, _OP_VALUE)]
    if len(pos) < 2 or pos[1] not in ("delete", "rm", "remove"):
        return
    vals = cmd.values()
    if pos[0] in ("item", "document") and "--archive" not in vals:
        a.review("irreversible", f"`op {pos[0]} {pos[1]}` deletes the {pos[0]} from 1Password for good (its fields, "
                                 "passwords and history); `--archive` moves it to the vault's archive instead, where "
                                 "it can be restored: use that, or let the user delete it", cmd.node)
    elif pos[0] == "vault":
        a.review("irreversible", f"`op vault {pos[1]}` deletes the vault with every item in it, with no undo; let the "
                                 "user do it, after an export", cmd.node)


def _bw(a, cmd: Cmd) -> None:
    """`bw delete item ID --permanent`, and `bw delete folder|attachment|org-collection ID`, which have no trash."""
    pos = [w.value for w in positionals(cmd.args, frozenset({"--session", "--organizationid"}))]
    if len(pos) < 2 or pos[0] != "delete":
        return
    permanent = any(v in ("-p", "--permanent") for v in cmd.values())
    if pos[1] in _BW_NO_TRASH or pos[1] == "item" and permanent:
        shown = f"bw delete {pos[1]}" + (" --permanent" if permanent else "")
        a.review("irreversible", f"`{shown}` deletes it from the "
                                 "Bitwarden vault for good (no trash to restore it from); `bw delete item` without "
                                 "`--permanent` moves an item to the trash (`bw restore item` brings it back); let "
                                 "the user delete it for good", cmd.node)


HANDLERS: dict = {"gpg": [_gpg], "gpg2": [_gpg], "op": [_op], "bw": [_bw]}
# fastpath screens (merged in fastpath._merge_screens): a trust or certification step, a secret key deleted; the
# password managers' deletes
_TRUST_SCREEN = lambda text: "trust" in text or "sign-key" in text or "delete-secret" in text  # noqa: E731
_DELETE_SCREEN = lambda text: "delete" in text or " rm " in text or "remove" in text  # noqa: E731
SCREENS: dict = {"gpg": _TRUST_SCREEN, "gpg2": _TRUST_SCREEN, "op": _DELETE_SCREEN, "bw": _DELETE_SCREEN}
