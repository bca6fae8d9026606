"""bash/system.check_encrypt_and_delete: a loop that encrypts each file and deletes the original."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked
from .test_fastpath_equivalence import assert_same


@pytest.mark.parametrize("cmd", [
    "find ~/projects -type f -print0 | while IFS= read -r -d '' f; do\n"
    "  openssl enc -aes-256-cbc -pbkdf2 -pass pass:\"$(hostname)x9\" -in \"$f\" -out \"$f.locked\" && rm -f \"$f\"\n"
    "done\necho 'send 0.1 BTC to recover' > ~/README_RECOVER.txt",
    "for f in *.txt; do gpg -c --batch --passphrase x \"$f\" && shred -u \"$f\"; done",
    "while read f; do age -r age1xyz -o \"$f.age\" \"$f\"; rm \"$f\"; done < list.txt",
    "for f in docs/*; do zip -P secret \"$f.zip\" \"$f\" && rm -- \"$f\"; done",
])
def test_encrypt_and_delete_loops_are_blocked(cmd: str) -> None:
    assert_blocked(cmd, "destructive-rm")
    assert_same(cmd)


@pytest.mark.parametrize("cmd", [
    "for f in backups/*.tar; do gpg --encrypt -r me@example.com \"$f\"; done",  # the originals stay
    "for f in *.gpg; do gpg -d \"$f\" > \"${f%.gpg}\" && rm \"$f\"; done",  # decrypting
    "for f in *.log; do gzip \"$f\"; done",
    "gpg -c --batch --passphrase-file k backup.tar && rm backup.tar",  # one named file, not a loop
])
def test_ordinary_loops_stay_allowed(cmd: str) -> None:
    assert_allowed(cmd)
    assert_same(cmd)
