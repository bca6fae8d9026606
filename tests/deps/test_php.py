"""composer.lock extraction: conformance corpus, version form, groups, bad input."""
from __future__ import annotations

import json

import pytest

from agent_immune.deps.php import DRUPAL_ECOSYSTEM, composer_lock
from agent_immune.errors import InputError

from .conformance import assert_conformance, run_conformance

KNOWN_DIFFERENCES: dict[str, str] = {}


def test_composer_lock_conformance(tmp_path):
    assert_conformance(run_conformance("composerlock", composer_lock, tmp_path), KNOWN_DIFFERENCES)


def test_v_prefix_groups_lines_commit_and_drupal(tmp_path):
    sha = "4c115873c86ad5bd0ac6d962db70ca53bf8fb874"
    lock = {
        "packages": [
            {"name": "symfony/http-kernel", "version": "v5.4.20", "source": {"type": "git", "reference": sha}},
            {"name": "drupal/token", "version": "1.13.0", "dist": {"reference": "8.x-1.13"}, "extra": {"drupal": {"version": "8.x-1.13"}}},
        ],
        "packages-dev": [{"name": "phpunit/phpunit", "version": "9.6.3"}],
    }
    p = tmp_path / "composer.lock"
    p.write_text(json.dumps(lock, indent=4))
    got = {x.name: x for x in composer_lock(p)}
    k = got["symfony/http-kernel"]
    assert (k.version, k.commit, k.line, k.groups, k.ecosystem) == ("5.4.20", sha, 4, (), "Packagist")
    assert (got["drupal/token"].commit, got["drupal/token"].ecosystem) == (None, DRUPAL_ECOSYSTEM)
    assert got["phpunit/phpunit"].groups == ("dev",)


@pytest.mark.parametrize("text, line", [
    ("{\n  \"packages\": [\n}", 3),
    ("[]", 1),
    ('{"packages": {}}', None),
    ('{"packages": [{"name": "a/b"}]}', None),
    ('{"packages": [["a/b", "1.0"]]}', None),
])
def test_bad_input(tmp_path, text, line):
    p = tmp_path / "composer.lock"
    p.write_text(text)
    with pytest.raises(InputError) as err:
        composer_lock(p)
    assert (err.value.path, err.value.line) == (str(p), line)
