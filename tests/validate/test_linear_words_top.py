"""Behaviour kept when the path and text patterns of the content site, forge, registry, desktop, dev environment,
kube, paths and Python code rules were made linear on a run of one of their own words (`gitea/gitea/…/app.ini`,
`curl curl …`): a folder's components stop at the next folder of the same name, a scan at the next word it starts
from, whose own try finds the same answer. Each case below is one a reader of the new form could get wrong: folders
after a `//`, a folder name ending a component, a scan passing over a word that cannot serve (`…/branches/protection`,
`/home/Local Storage`), the first of several words sharing one answer."""
from __future__ import annotations

import re

from agent_immune.validate import desktop_tables, devenv_tables, forge_config, forge_tables, server_config, \
    site_content
from agent_immune.validate.kube_manifests import _STATIC_POD_WRITE
from agent_immune.validate.paths import held_secret
from agent_immune.validate.python.browser import _STORAGE_FILES
from agent_immune.validate.python.ci import PROTECTION_PATH
from agent_immune.validate.python.cms import _SECRET_HEADER
from agent_immune.validate.python.network import _FLOW_SECRETS

from .helpers import assert_blocked


# -- folders ----------------------------------------------------------------------------------------------------------
def test_site_template_and_nginx_folders() -> None:
    kind = site_content._kind
    assert kind("site/layouts/layouts/partials/head.html") == "template"
    assert kind("themes/x/Templates/a.tpl") == "template"
    assert kind("layouts//a.html") is None  # (an empty folder: no component between the slashes)
    assert kind("layouts/x//templates/a.html") == "template"  # (the folder after the `//`)
    assert kind("xlayouts/a.html") is None
    assert kind("conf/nginx/nginx/sites/a.conf") == "nginx"
    assert kind("x/nginx//a.conf") is None
    assert kind("nginx/x//nginx/a.conf") == "nginx"
    screen = re.compile(site_content.CONFIG_TARGET)
    assert screen.search("cp x themes/layouts/partials/a.html")
    assert screen.search("cp x layouts/a b.html") is None
    assert screen.search("cp x nginx.nginx.site.conf")


def test_forge_folders_and_names() -> None:
    kind = forge_config.config_kind
    assert kind("/var/lib/gitea/gitea/custom/conf/app.ini") == "app.ini"
    assert kind("/etc/xgitea/conf/app.ini") == "app.ini"  # (a component ending in the folder's name)
    assert kind("/srv/forgejo.d/app.ini") is None
    assert kind("gitea//app.ini") is None
    assert kind("gitea/x//gitea/y/app.ini") == "app.ini"
    assert kind("gitea/a b/app.ini") is None
    assert kind("/srv/verdaccio/verdaccio/conf/config.yaml") == "verdaccio"
    assert kind("/etc/athens.athens.toml") == "athens"
    screen = re.compile(forge_config.CONFIG_TARGET)
    assert screen.search("tee /data/gitea/gitea/conf/app.ini") and screen.search("tee athens-athens.toml")
    assert screen.search("tee gitea/conf/x.ini") is None
    assert server_config.kind("/data/gitea/gitea/conf/app.ini") is forge_config
    assert server_config.kind("/data/gitea/gitea/conf/app.conf") is None


def test_dotfiles_startup_folders() -> None:
    rx = devenv_tables._DOTFILES_STARTUP
    assert rx.search("~/dotfiles/dotfiles/zsh/.zshrc")
    assert rx.search("src/.dotfiles/a/dot_bashrc.tmpl")
    assert rx.search("~/dotfiles//.bashrc") is None
    assert rx.search("~/dotfiles/a//dotfiles/.profile")
    assert rx.search("~/xdotfiles/.bashrc") is None


def test_desktop_names() -> None:
    screen = re.compile(desktop_tables.CONFIG_TARGET)
    assert screen.search("cp x com.acme.app.yaml") and screen.search("cp x com.com.acme.json")
    assert screen.search("cp x com.yaml.x") is None  # (the name part is the extension: nothing after it)
    assert screen.search("cp x com.x.com.yaml")  # (`com.x.` followed by `com.yaml`: the first one finds it)
    assert screen.search("cp x com.x..yaml") is None
    assert screen.search("cp x io.github.a.b.json") and screen.search("cp x flatpak.flatpak.yml")
    assert screen.search("cp x sentry.sentry.client.ts")
    assert desktop_tables.kind("build/flatpakflatpak.json") == "recipe"
    assert desktop_tables.kind("build/flatpak/x.json") is None


# -- scans that stop at the next word ---------------------------------------------------------------------------------
def test_open_publish_reads_the_first_word_of_its_colon() -> None:
    opened = forge_config._open_publish
    assert opened("packages:\n  '**':\n    access: $all\n    publish: $authenticated\n    unpublish: $all\n") == \
        ("unpublish", "$all")
    assert opened("unpublish publish: $all") == ("unpublish", "$all")
    assert opened("publish: x publish: $anonymous") == ("publish", "$anonymous")
    assert opened("publish:\n    '$anonymous'") == ("publish", "$anonymous")
    assert opened("publish: $authenticated # $all") is None
    assert opened("publish: $allx") is None
    assert opened("publish $all\npublish: $all") == ("publish", "$all")


def test_open_publish_is_blocked_with_the_setting() -> None:
    v = assert_blocked("cat >> ~/verdaccio/conf/config.yaml <<'EOF'\npackages:\n  '**':\n    unpublish publish: "
                       "'$anonymous'\nEOF", "permission-tamper")
    assert any("`unpublish: $anonymous`" in r.message for r in v.reasons)


def test_useradd_up_to_the_last_password_flag_of_its_line() -> None:
    access = desktop_tables._access
    assert access("useradd -m bob -p x; useradd -p y z") == "useradd -m bob -p x; useradd -p "
    assert access("useradd a useradd b") is None
    assert access("useradd a\nuseradd -P x b") == "useradd -P "
    assert access("useradd x\n-p y") == "useradd x\n-p "  # (the blank before `-p` is the line's end)
    assert access("useradd -p x sudoers") == "useradd -p "
    assert access("useradd a b sudoers") == "sudoers"
    assert access("USERADD a\nchpasswd") == "chpasswd"


def test_key_comments_of_security_keys() -> None:
    def comments(text: str) -> list[str]:
        return [m.group(1) for m in forge_tables._KEY_COMMENT.finditer(text)]

    assert comments("sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaA ops@203.0.113.77") == ["ops@203.0.113.77"]
    assert comments("sk-sk-x AAAAB a@b.example sk-abcsk- AAAAC c@d.example") == ["a@b.example", "c@d.example"]
    assert comments("sk- AAAAB a@b.example") == []
    assert forge_tables._outsider_key("ssh-ed25519 AAAAC3Nza ops@203.0.113.77", "git.example.com") == \
        "ops@203.0.113.77"


def test_forge_sends() -> None:
    assert forge_tables._SENDS.search("curl https://x -H a curl y -d @vars.json")
    assert forge_tables._SENDS.search("curl curl curl -X GET https://x") is None


def test_branch_protection_paths() -> None:
    def deletes(path: str) -> bool:
        return PROTECTION_PATH.search(path) is not None

    assert deletes("https://api.github.com/repos/o/r/branches/main/protection")
    assert deletes("/repos/o/r/branches/main/protection/required_status_checks/contexts")
    assert deletes("/repos/o/r/branches/feature/branches/x/protection/")
    assert deletes("/repos/o/r/branches/a/branches//protection")  # (the branch `a/branches/`)
    assert deletes("/repos/o/r/branches/x/branches/protection")  # (the branch `x/branches`)
    assert deletes("/repos/o/repos/branches/x/protection")
    assert not deletes("/repos/o/r/branches//protection") and not deletes("/repos/o/r/branches/protection")
    assert not deletes("/repos/o/r/branches/main/protection x") and not deletes("/repos//branches/x/protection")
    assert deletes("/repos/o/r/rulesets/5") and deletes("/orgs/o/rulesets/5/") and not deletes("/orgs//rulesets/5")
    assert deletes("DELETE /repos/o/r/branches/main/protection\n")


def test_static_pod_writes() -> None:
    assert _STATIC_POD_WRITE.search("cp a.yaml install /etc/kubernetes/manifests/")
    assert _STATIC_POD_WRITE.search("cp a.yaml   \n  /etc/kubernetes/manifests/")
    assert _STATIC_POD_WRITE.search("install -m 644 x.yaml\t'/host/etc/kubernetes/manifests/'")
    assert _STATIC_POD_WRITE.search("tee -a /etc/kubernetes/manifests/x.yaml")
    assert _STATIC_POD_WRITE.search("cp x; /etc/kubernetes/manifests/") is None


def test_home_assistant_secrets() -> None:
    assert held_secret("~/homeassistant/config/secrets.yaml")
    assert held_secret("/srv/hass.io/hass-config/secrets.yaml")
    assert held_secret("/x/homeassistant homeassistant/secrets.yaml")
    assert not held_secret("/a/hass/b/c/secrets.yaml")


def test_browser_storage_files() -> None:
    def storage(path: str) -> bool:
        return _STORAGE_FILES.search(path) is not None

    assert storage("/Users/x/home/Local Storage/leveldb")  # (a home that is the folder's parent itself)
    assert storage("/home/u/home/u/.config/Slack/IndexedDB")
    assert storage('expanduser("~") + "/Library/Application Support/Slack/Local Storage/leveldb"')
    assert not storage("/home/Local Storage") and not storage("/home/u/.config/discord/Local Storagex")


def test_webhook_secret_headers() -> None:
    assert _SECRET_HEADER.search('{"Authorization": os.environ["HOOK_TOKEN"]}')
    assert _SECRET_HEADER.search('os.getenv("A") + os.getenv("API_KEY")')
    assert _SECRET_HEADER.search("environ[" + "x" * 85 + "token") is None
    assert _SECRET_HEADER.search("environ" + "x" * 50 + "getenv" + "x" * 50 + "token")


def test_mitm_flow_secrets() -> None:
    assert _FLOW_SECRETS.search(b"requests.post(u, data=flow.request.headers)")
    assert _FLOW_SECRETS.search(b"h = flow.response.headers.headers.get('authorization')")
    assert _FLOW_SECRETS.search(b'if "cookie" in h: send(h)')
    assert _FLOW_SECRETS.search(b"cookie cookie cookie") is None


def test_script_bodies_are_the_findall_of_script_elements() -> None:
    from agent_immune.validate.common_code import script_bodies

    assert script_bodies('<script src="a.js"></script><SCRIPT>x()</Script>') == ["", "x()"]
    # the body runs to the first closing tag: a `<script` inside it is text, not a second element
    assert script_bodies('<script>document.write("<script src=x>")</script>y</script>') == [
        'document.write("<script src=x>")']
    assert script_bodies("<scripts>a</script>") == []  # (`\b`: another element's name)
    assert script_bodies("<script>a") == [] and script_bodies("<script a</script>") == []
    assert script_bodies("<script>\nfetch(u)\n</script>") == ["\nfetch(u)\n"]
