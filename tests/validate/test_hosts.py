import pytest
from hypothesis import given, settings, strategies as st

from agent_immune.validate.hosts import loopback, url_host


@pytest.mark.parametrize("url,host", [
    ("https://api.github.com/repos/x", "api.github.com"),
    ("http://localhost:8000/a", "localhost"),
    ("http://[::1]:80/", "::1"),
    ("127.0.0.1:9200/_all", "127.0.0.1"),  # curl reads a URL without a scheme as http
    ("https://u:p@h.example:443/x", "h.example"),
    ("HTTPS://API.Example.COM./x", "api.example.com"),
    ("https://h.example?q=//other", "h.example"),
    ("file:///etc/passwd", None),
])
def test_url_host(url, host):
    assert url_host(url) == host


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.1.2.3", "::1",
                                  "0.0.0.0", "::", "::ffff:127.0.0.1", "localhost.", "host.docker.internal",
                                  "HOST.CONTAINERS.INTERNAL"])
def test_loopback(host):
    assert loopback(host)


@pytest.mark.parametrize("host", ["api.github.com", "10.0.0.1", "192.168.1.10", "localhost.evil.example",
                                  "127.0.0.1.nip.io", "$es_host", "", "::ffff:10.0.0.1",
                                  "host.docker.internal.evil.example", "docker.internal"])
def test_not_loopback(host):
    assert not loopback(host)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_never_raises(text):
    host = url_host(text)
    assert host is None or isinstance(host, str)
    loopback(text)
