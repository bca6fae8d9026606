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

import re

from .. import paths
from .commands import Cmd, option_value, positionals
from .words import file_key

# the public keyring stands for "a key this input downloaded was imported": `a.downloaded` holds it as it holds
# any file whose content came from the network
_KEYRING = paths.normalize("~/.gnupg/pubring.kbx")
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


# -- Vault: keys and mounts deleted through its generic `vault delete PATH`; its audit devices switched off -------
# `vault delete` sends a DELETE to any path; what it loses depends on the path (the secrets engines' API). Paths
# whose DELETE can be undone (`secret/data/x`: the latest version, `vault kv undelete` brings it back) or whose loss is
# configuration the user writes again (a role, a policy) are left alone.
_VAULT_LOSSES = (
    (re.compile(r"^sys/mounts/."), "unmounts the secrets engine and deletes every secret stored under it"),
    (re.compile(r"^sys/namespaces/."), "deletes the namespace with every secret, policy and auth method in it"),
    (re.compile(r"^sys/auth/."), "deletes the auth method with its roles and revokes every token it issued"),
    (re.compile(r"^[^/]+(?:/.+)?/metadata/."), "deletes every version of the secret with its metadata (`vault kv "
                                                "undelete` cannot bring any back)"),
    # transit, gcpkms, keymgmt, ssh: the key itself; what it encrypted can no longer be decrypted, what it signed no
    # longer verified
    (re.compile(r"^[^/]+(?:/.+)?/keys?/[^/]+/?$"), "deletes the key itself: whatever was encrypted with it can no "
                                                 "longer be decrypted, and its signatures no longer verified"),
    (re.compile(r"^[^/]+(?:/.+)?/(?:root|issuer/[^/]+)/?$"), "deletes the certificate authority with its private "
                                                            "key: nothing can be issued under it again"),
    # a path of the usual key/value mounts without KV version 2's `data/`: version 1 (which `secret/` was before Vault
    # 0.10, and `-version=1` mounts are) keeps no versions, so the secret is gone; on version 2 the same DELETE finds
    # no handler and loses nothing
    (re.compile(r"^(?:secrets?|kv|kv-?v?1)/(?!data/|metadata/|config/?$)."),
     "deletes the secret for good if the mount is KV version 1, which keeps no versions to restore"),
)
_VAULT_AUDIT = re.compile(r"^sys/audit/.")
_AUDIT_FIX = ("leave the audit devices on (they are what shows who read which secret); if one must change, let the "
              "user do it")


def _vault_path(v: str) -> str:
    """A `vault delete` path as the API names it: without a leading `/` or `v1/` (`/v1/sys/audit/file`)."""
    v = v.lstrip("/")
    return v[3:] if v.startswith("v1/") else v


def _vault(a, cmd: Cmd) -> None:
    """`vault audit disable file/` (anti-forensics, block); `vault delete transit/keys/K` and the other paths of
    _VAULT_LOSSES (irreversible, review); `vault delete sys/audit/file` is the audit disable through the API."""
    from .datastores import _VAULT_ARG

    # (an option given a value known at run time, `-address=$VAULT_ADDR`, is still an option)
    pos = [w for w in positionals(cmd.args, _VAULT_ARG, stop_at_end=True) if not w.text.startswith("-")]
    vals = [w.value for w in pos[:3]]
    if vals[:2] == ["audit", "disable"]:
        shown = "vault audit disable" + (f" {vals[2]}" if len(vals) > 2 and vals[2] else "")
        a.block("anti-forensics", f"`{shown}` turns off a Vault audit device, so later reads of secrets leave no "
                                  "record; " + _AUDIT_FIX, cmd.node)
        return
    if vals[:1] != ["delete"] or len(vals) < 2 or not vals[1]:
        return
    path = _vault_path(vals[1])
    if _VAULT_AUDIT.match(path):
        a.block("anti-forensics", f"`vault delete {vals[1]}` removes a Vault audit device, so later reads of secrets "
                                  "leave no record; " + _AUDIT_FIX, cmd.node)
        return
    lost = next((lost for rx, lost in _VAULT_LOSSES if rx.match(path)), None)
    if lost is not None:
        a.review("irreversible", f"`vault delete {vals[1]}` {lost}, with no undo; back up what it holds where the "
                                 "engine allows it and let the user run it", cmd.node)


# -- other secret stores' deletes ---------------------------------------------------------------------------
# Doppler and Infisical keep no trash: a secret deleted is gone from every environment that read it (the projects,
# configs and environments take all their secrets with them). (tool, command path) -> what it loses.
_STORE_DELETES: dict[str, dict[tuple[str, ...], str]] = {
    "doppler": {**dict.fromkeys((("secrets", "delete"), ("secrets", "rm"), ("secret", "delete")),
                                "deletes the secrets from the config"),
                **dict.fromkeys((("configs", "delete"), ("config", "delete")), "deletes the config with every secret "
                                                                                 "in it"),
                **dict.fromkeys((("environments", "delete"), ("environment", "delete"), ("enclave", "environments",
                                                                                         "delete")),
                                "deletes the environment with its configs and their secrets"),
                **dict.fromkeys((("projects", "delete"), ("project", "delete"), ("enclave", "projects", "delete")),
                                "deletes the project with every config and secret in it")},
    "infisical": {**dict.fromkeys((("secrets", "delete"), ("secret", "delete")),
                                  "deletes the secrets from the environment")},
}
_STORE_ARG = frozenset({"--project", "-p", "--config", "-c", "--token", "--scope", "--env", "--path", "--projectId",
                        "--environment", "-e", "--api-host", "--configuration-file", "--type"})


def _store_delete(a, cmd: Cmd) -> None:
    """`doppler secrets delete A B --project api --config prd --yes`, `infisical secrets delete A --env prod`."""
    pos = tuple(w.value for w in positionals(cmd.args, _STORE_ARG)[:3])
    table = _STORE_DELETES[cmd.name]
    path = pos[:3] if pos[:3] in table else pos[:2]
    lost = table.get(path)  # type: ignore[arg-type]
    if lost is not None:
        a.review("irreversible", f"`{cmd.name} {' '.join(path)}` {lost}, with no trash or undo; save the values first "
                                 f"({_SAVE[cmd.name]}) and let the user delete them", cmd.node)


_SAVE = {"doppler": "`doppler secrets download --no-file`, kept offline", "infisical": "`infisical export`, kept offline"}


# -- the password store pushed to a repository this input named --------------------------------------------
# `pass git …` (and gopass's) runs git in the store, a git repository of every password (encrypted to the user's key,
# but with every entry's name, and crackable offline by whoever holds the key or its passphrase later). A push to the
# remote the store already has is its backup; a push to a URL, or to a remote this same input added, hands the whole
# store to that repository's owner.
_PASS_STORES = frozenset({"pass", "gopass"})
_STORE_OPT = frozenset({"--store", "-s"})
_GIT_PUSH_ARG = frozenset({"--repo", "--receive-pack", "--exec", "-o", "--push-option", "--signed"})
# `user@host:` read from the first `@` after the first character (any later one would do as well): one pass
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|[^/\s:][^/\s:@]*+@[^/\s:]++:|file:|/|\.{1,2}/|~)")


def _store_git_words(cmd: Cmd) -> list[str | None] | None:
    """The git words of `pass git …` / `gopass git …` (None when `cmd` does not run git in the store)."""
    pos = positionals(cmd.args, _STORE_OPT)
    if not pos or pos[0].value != "git":
        return None
    i = cmd.args.index(pos[0])
    return [w.value for w in cmd.args[i + 1:]]


def _remotes_named(a, cmd: Cmd) -> dict[str, str]:
    """Remote name -> URL for each remote of the store that this input added or pointed elsewhere before `cmd`
    (`pass git remote add NAME URL`, `remote set-url NAME URL`, `config remote.NAME.url URL`)."""
    out: dict[str, str] = {}
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name not in _PASS_STORES or c.node.start_byte >= cmd.node.start_byte:
            continue
        words = [v for v in (_store_git_words(c) or []) if v is not None and not v.startswith("-")]
        if words[:2] == ["remote", "add"] and len(words) >= 4 or words[:2] == ["remote", "set-url"] and \
                len(words) >= 4:
            out[words[2]] = words[3]
        elif words[:1] == ["config"] and len(words) >= 3 and words[1].startswith("remote.") and \
                words[1].endswith(".url"):
            out[words[1][7:-4]] = words[2]
    return out


def _store_push(a, cmd: Cmd) -> None:
    """`pass git remote add mirror https://…/store.git && pass git push -f mirror HEAD:main`, `pass git push URL`:
    the whole password store sent to a repository this input chose (exfiltration, block)."""
    words = _store_git_words(cmd)
    if not words or words[0] != "push":
        return
    push = [w for w in cmd.args[len(cmd.args) - len(words) + 1:]]
    repo = [w.value for w in option_value(push, "--repo")]
    target = repo[0] if repo else next(iter(w.value for w in positionals(push, _GIT_PUSH_ARG)), None)
    if target is None:
        return  # the store's own upstream, or a remote named at run time (judged where it is named)
    url = target if _URLISH.match(target) else _remotes_named(a, cmd).get(target)
    if url is not None:
        a.block("exfiltration", f"`{cmd.name} git push {target}` sends the whole password store (every entry, "
                                f"encrypted, and every entry's name) to {url}, a repository this command line "
                                "chose; push only to the store's own remote, and let the user add remotes", cmd.node)


HANDLERS: dict = {"gpg": [_gpg], "gpg2": [_gpg], "op": [_op], "bw": [_bw], "vault": [_vault],
                  "doppler": [_store_delete], "infisical": [_store_delete], "pass": [_store_push],
                  "gopass": [_store_push]}
# fastpath screens (merged in fastpath._merge_screens): a trust or certification step, a secret key deleted; the
# password managers' deletes
_TRUST_SCREEN = lambda text: "trust" in text or "sign-key" in text or "delete-secret" in text  # noqa: E731
_DELETE_SCREEN = lambda text: "delete" in text or " rm " in text or "remove" in text  # noqa: E731
_VAULT_SCREEN = lambda text: "delete" in text or "audit" in text  # noqa: E731
SCREENS: dict = {"gpg": _TRUST_SCREEN, "gpg2": _TRUST_SCREEN, "op": _DELETE_SCREEN, "bw": _DELETE_SCREEN,
                 "vault": _VAULT_SCREEN, "doppler": _DELETE_SCREEN, "infisical": _DELETE_SCREEN,
                 **dict.fromkeys(_PASS_STORES, lambda text: "push" in text)}
