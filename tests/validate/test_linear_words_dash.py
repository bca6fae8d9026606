"""Patterns whose name's run stops at the next name (or whose name is looked for ahead) decide as before on the edge
cases: a later name in the run, a name that is not followed by what its own try needs, a trailing newline."""
from agent_immune.validate import cloud_admin, paths
from agent_immune.validate.bash import appbuilds, desktop, identity, written
from agent_immune.validate.bash.fastpath import _CODE_TARGET, _CODE_TARGET_B


def test_feed_hint_and_installer_names_repeated():
    for rx in (appbuilds._FEED_HINT, desktop._INSTALLER):
        assert rx.search("latest-beta-mac.yml")
        assert rx.search("beta-latest_x.yaml")
        assert rx.search("xlatestlatest.yml")
        assert not rx.search("latest-beta-mac.json")
        assert not rx.search("latest-beta.ymx")
    assert appbuilds._FEED_HINT.search("cp next-next-x.yml s3://b/")
    assert desktop._INSTALLER.search("dist/STABLE-Beta-win.YML")
    assert not desktop._INSTALLER.search("latest-beta.yml.bak")


def test_app_feed_appcast():
    assert appbuilds._FEED.search("/tmp/my-appcast.appcast-beta.xml")
    assert appbuilds._FEED.search("appcast.xml\n")
    assert not appbuilds._FEED.search("appcast/feed.xml")
    assert not appbuilds._FEED.search("appcast-appcast-.json")
    assert not appbuilds._FEED.search("my appcast.xml")


def test_cloud_admin_feed_channel_runs():
    feed = cloud_admin.FEED
    assert feed.search("latest-latest.yml")
    assert feed.search("latest-latest-.yml")  # the second name's own try fails; the first's reads on
    assert feed.search("latest-foolatestx.yml")  # `latestx` is no channel name: the first's run reads past it
    assert feed.search("beta-nightly-mac.yaml")
    assert not feed.search("latest-.yml")
    assert not feed.search("latest-x.ymlx")
    assert feed.search("appcast-appcast-x.xml")
    assert not feed.search("appcast-appcast-x.xmlx")


def test_trust_file_names():
    rx = identity._TRUST_FILE
    assert rx.search("/srv/auth/jwks-jwks.json")
    assert rx.search("keys/x-IdP-idp.pem")
    assert rx.search("saml-saml.XML\n")
    assert rx.search("signing-key.pub")
    assert not rx.search("sso/idp.pem.bak")
    assert not rx.search("jwks/keys")
    assert not rx.search("sa.xml")
    assert not rx.search("my idp.pem")


def test_private_key_file_names():
    rx = paths._PRIVATE_KEY_FILE
    assert rx.search("/etc/ssl/server-key-key.pem")
    assert rx.search("certs/PRIVATE key.PEM")
    assert rx.search("certs/x-priv.pem\n")
    assert not rx.search("key/cert.pem")
    assert not rx.search("certs/key-cert.pem.txt")
    assert rx.search("deploy_ed25519") and rx.search("tls/server.key")


def test_requirements_target():
    for rx in (written.CODE_TARGET, _CODE_TARGET):
        assert rx.search("tee requirements-requirements-dev.txt")
        assert rx.search("requirements.requirements.in")
        assert not rx.search("requirements-requirements-.json")
    assert _CODE_TARGET_B.search(b"cat > requirements/requirements-dev.txt")
