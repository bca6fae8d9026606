"""Passwords anyone tries first, for the rules that judge a password written into a server's settings: Odoo's master
password (erp_tables.odoo_master), a SIP account's secret, FreeSWITCH's default and voicemail passwords, an event
socket's password (telecom_tables.config_finding), GeoServer's administrator and keystore passwords.

One list for every area because the guessers are the same: SIP scanners (SIPVicious's svcrack), the database
manager's brute-forcers and a person at a login page all start from the same cracking lists. A value is weak when
it is
1. shorter than eight characters: below the minimum NIST SP 800-63B sets for any memorised secret;
2. digits alone, up to twelve of them (extension numbers, PINs, dates; a twenty-digit random number is no guess);
3. one word of at most twelve letters, written as words are (`admin`, `Summer`, `ADMIN`), with at most one separator,
   up to four digits and one closing symbol, `!` repeated too (`Admin@123`, `odoo@2024`, `Summer2024!`, `relay123`);
4. a shipped default or a usual word (FreeSWITCH's `ClueCon`, `password`, `admin`, `changeme`, the products' own
   names) once its closing digits and symbols are taken off and its leetspeak undone (`P@ssw0rd123!`, `4dm1n`,
   `Cl3uC0n`), or a walk along the keyboard (`1q2w3e4r`).

Not weak: an empty value (a template's blank, judged by the rest of the settings), a value filled in later (`$VAR`,
`${…}`, `{{ … }}`, a backquoted command), eight or more random characters (`Tq7vK2pZ`, a carrier-issued trunk
password), a long passphrase (`correcthorsebatterystaple`), and any longer value that is not one of the shapes above
(`Xk3v9-long-random`, `9fK2mQ7xZp4tL1wR`).
"""
from __future__ import annotations

import re

MIN_LENGTH = 8

# 2. and 3.: digits alone; a word (lower-case, capitalised or upper-case: a random mix of cases is no word) with one
# separator, a few digits and a closing symbol (or `!!`)
_SHAPE = re.compile(r"\d{1,12}|(?:[A-Za-z][a-z]{0,11}|[A-Z]{1,12})[-@#._+*&$%~]?\d{0,4}(?:[?@#$%^&*.]|!{1,3})?")
# what people close a word with (`admin@123!`, `Password1!!`)
_CLOSING = re.compile(r"[\d\W_]+$")
# leetspeak undone
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t",
                       "+": "t"})
# the shipped defaults, the products' own names and the usual words of every cracking list's head
_WORDS = frozenset({
    "password", "passwort", "passwd", "pass", "passw", "secret", "admin", "administrator", "changeme", "default",
    "test", "tester", "testing", "guest", "letmein", "qwerty", "welcome", "root", "toor", "master", "manager",
    "support", "user", "login", "iloveyou", "monkey", "dragon", "sunshine", "princess", "football", "trustno",
    "superuser", "sysadmin", "operator", "service", "demo", "temp", "system",
    # the products' own names and defaults: Odoo, Asterisk/FreePBX, FreeSWITCH, GeoServer
    "odoo", "openerp", "voip", "sip", "asterisk", "freepbx", "freeswitch", "cluecon", "geoserver",
})
# the keyboard's walks, compared as written (their digits are the walk, not a closing)
_WALKS = frozenset({"1q2w3e4r", "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4", "q1w2e3r4t5", "1qaz2wsx", "1qaz2wsx3edc",
                    "zaq12wsx", "qazwsx", "qazwsxedc", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm",
                    "qwe123", "123qwe", "qwer1234", "1234qwer", "abc123", "a1b2c3d4", "asdf1234", "1234asdf"})
# a value filled in when the settings are made or read: `$SIP_SECRET`, `${…}`, `{{ … }}`, `$(…)`, a backquoted
# command (a `$` inside a value, `Pa$$w0rd`, is the character itself)
_LATER = re.compile(r"^\$[A-Za-z_]|\$[{(]|\{\{|\{%|`")
_VOWELS = str.maketrans("", "", "aeiouy")


def _skeleton(word: str) -> str:
    """A word's consonants: a leetspeak spelling with a vowel misplaced (`Cl3uC0n`) keeps them."""
    return word.translate(_VOWELS)


_SKELETONS = frozenset(s for s in map(_skeleton, _WORDS) if len(s) >= 3)


def _usual_word(v: str) -> bool:
    low = v.lower()
    if low in _WALKS or low.rstrip("!?.#*") in _WALKS:
        return True
    word = _CLOSING.sub("", low) or low
    plain = word.translate(_LEET).replace("-", "").replace("_", "").replace(".", "")
    if not plain.isalpha() or not plain.isascii():
        return False
    return plain in _WORDS or _skeleton(plain) in _SKELETONS


def weak_password(value: str) -> bool:
    """Is `value` (as written after `=`, quotes and blanks around it allowed) a password anyone would try first (see
    the module's notes)?"""
    v = value.strip().strip("\"'")
    if not v or _LATER.search(v):
        return False
    if len(v) < MIN_LENGTH:
        return True
    if len(v) > 40:  # (longer than any shape above: a passphrase or a key)
        return False
    return _SHAPE.fullmatch(v) is not None or _usual_word(v)
