"""The cloud instance's credentials read from its metadata address, in the shell and in code (secret-read)."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked
from .test_fastpath_equivalence import assert_same


@pytest.mark.parametrize("code,lang", [
    ("curl -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/"
     "default/token", "bash"),
    ("wget -qO- --header 'Metadata-Flavor: Google' http://metadata/computeMetadata/v1/instance/service-accounts/"
     "default/identity?audience=x", "bash"),
    ("import requests\nrole = requests.get('http://169.254.169.254/latest/meta-data/iam/security-credentials/').text\n"
     "creds = requests.get(f'http://169.254.169.254/latest/meta-data/iam/security-credentials/{role}').json()", "python"),
    ("import urllib.request\nurllib.request.urlopen('http://169.254.169.254/metadata/identity/oauth2/token?"
     "api-version=2018-02-01&resource=https://management.azure.com/')", "python"),
    ("const r = await fetch('http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token',"
     " { headers: { 'Metadata-Flavor': 'Google' } });", "typescript"),
    ("const role = 'r';\nawait fetch(`http://169.254.169.254/latest/meta-data/iam/security-credentials/${role}`);",
     "typescript"),
])
def test_metadata_credentials_are_blocked(code: str, lang: str) -> None:
    assert_blocked(code, "secret-read", lang)
    if lang == "bash":
        assert_same(code)


@pytest.mark.parametrize("code,lang", [
    ("curl -s -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/zone", "bash"),
    ("curl -s http://localhost:8080/metadata/token/refresh", "bash"),
    ("import requests\nprint(requests.get('http://169.254.169.254/latest/meta-data/instance-id', timeout=1).text)",
     "python"),
    ("import json\nmetadata = json.load(open('metadata.json'))\nprint(metadata['token_count'])", "python"),
    ("const meta = { title: 'x' };\nconsole.log(`metadata: ${JSON.stringify(meta)}`);", "typescript"),
])
def test_other_metadata_stays_allowed(code: str, lang: str) -> None:
    assert_allowed(code, lang)
    if lang == "bash":
        assert_same(code)
