"""Behaviour decided when bash/appbuilds.py's _FEED_URL was made linear: a Sparkle enclosure's scan for `url=` stops at
the next `<` (it stopped only at `>`, so many `<enclosure` with no `>` were each read to the end). An XML attribute
holds no `<`: a well-formed appcast reads as before; a `<` inside the tag ends it."""
from __future__ import annotations

from agent_immune.validate.bash.appbuilds import _FEED_URL


def _urls(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in _FEED_URL.finditer(text)]


def test_enclosures_of_a_well_formed_appcast_are_read() -> None:
    feed = ('<item><title>2.1</title>\n<enclosure sparkle:version="2.1" length="10" type="application/octet-stream"\n'
            '  url="https://198.51.100.7/Acme-2.1.zip" sparkle:edSignature="x"/></item>\n'
            "<item><enclosure url='https://releases.acme.example.com/Acme-2.0.zip'/></item>")
    assert _urls(feed) == ["https://198.51.100.7/Acme-2.1.zip", "https://releases.acme.example.com/Acme-2.0.zip"]


def test_a_lt_sign_ends_the_enclosure_tag() -> None:
    assert _urls('<enclosure title="a<b" url="https://198.51.100.7/a.zip"/>') == []
    assert _urls('<enclosure <enclosure url="https://198.51.100.7/a.zip"/>') == ["https://198.51.100.7/a.zip"]


def test_yaml_feed_lines_after_blank_lines() -> None:
    assert _urls("version: 2.1.0\n\n\n  - url: https://198.51.100.7/Acme-2.1.0.dmg\npath: 'ftp://h.example/a.zip'") == \
        ["https://198.51.100.7/Acme-2.1.0.dmg", "ftp://h.example/a.zip"]
