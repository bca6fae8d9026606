"""Behaviour kept when bash patterns that read on from each of their own words were made linear (a run of `curl`,
`find`, `open`, `iex`, `tests/`, … with no end in sight was read to the end again from every one of them).

Each reader below gives what the old pattern gave, on the edge cases the comparison with it turned up: the first of
several words sharing one end, a word inside another (`hostipcluster-admin`), the blanks a `find` gives back
(`find  -delete`), the 120-character reach of `iex`, the last test folder of a path."""
from __future__ import annotations

from agent_immune.validate.bash.cloud import _helm_power
from agent_immune.validate.bash.datastores import _COPY_OUT
from agent_immune.validate.bash.exec import _script_danger
from agent_immune.validate.bash.fastpath import _for_jobs
from agent_immune.validate.bash.files import _fetch_run
from agent_immune.validate.bash.homelab import _HA_CONFIG
from agent_immune.validate.bash.infra import _TEST_MANIFEST, _find_delete, remote_find_delete
from agent_immune.validate.bash.written import _FETCH_LINE


# -- cloud._helm_power: `(?i)(?:privileged|…|hostpath)[^=,]*=\s*(?:true|/)|cluster-admin` --------------------------
def test_helm_power_takes_the_first_word_of_a_setting_to_its_value() -> None:
    assert _helm_power("privileged x hostpid=true") == "privileged x hostpid=true"
    assert _helm_power("hostpid hostpid=true") == "hostpid hostpid=true"
    assert _helm_power("securityContext.PRIVILEGED=TRUE") == "PRIVILEGED=TRUE"
    assert _helm_power("a.hostPath.path= /var,b=1") == "hostPath.path= /"
    assert _helm_power("hostpath=/,cluster-admin") == "hostpath=/"


def test_helm_power_without_a_true_value() -> None:
    assert _helm_power("privileged privileged") is None
    assert _helm_power("hostNetwork=false,x=true") is None  # (the `,` ends the setting)
    assert _helm_power("") is None


def test_helm_power_cluster_admin_counts_anywhere() -> None:
    assert _helm_power("x=true cluster-admin") == "cluster-admin"
    assert _helm_power("hostpid, cluster-admin=true") == "cluster-admin=true"
    # `hostipc` and `cluster-admin` share the `c`: the second word is still found
    assert _helm_power("hostipcluster-admin") == "cluster-admin"


# -- datastores._COPY_OUT ------------------------------------------------------------------------------------------
def test_copy_out_across_a_later_copy() -> None:
    assert _COPY_OUT.search("\\copy users TO STDOUT")
    assert _COPY_OUT.search("copy a copy b to stdout")
    assert _COPY_OUT.search("xcopy t to stdout")
    assert _COPY_OUT.search("copy to  stdout x")
    assert not _COPY_OUT.search("copy a; to stdout")
    assert not _COPY_OUT.search("copy tostdout")
    assert not _COPY_OUT.search("copy " * 50)


# -- exec._script_danger: the tokens, or `open\s*\(?[^)]*['"]\s*\|` -----------------------------------------------
def test_script_danger_piped_open_up_to_its_last_pipe() -> None:
    assert _script_danger('open(my $fh, "|-", "sh")') == 'open(my $fh, "|'
    assert _script_danger('open open open "|') == 'open open open "|'
    assert _script_danger('x = 1; open F, "a" |') == 'open F, "a" |'
    assert _script_danger('open(F, "a") . open(G, "|x")') == 'open(G, "|'


def test_script_danger_open_stops_at_its_parenthesis() -> None:
    assert _script_danger('open(x) "| y') is None
    assert _script_danger("open " * 50) is None


def test_script_danger_tokens_first_where_both_start() -> None:
    assert _script_danger('popen"|') == "popen"
    assert _script_danger('open3 "|') == "open3"
    assert _script_danger("print `id`") == "`"
    assert _script_danger('system("x"); open F, "|x"') == "system"


# -- fastpath._for_jobs ---------------------------------------------------------------------------------------------
def test_for_jobs_needs_a_lone_ampersand_after_a_for() -> None:
    assert _for_jobs(b"for i in 1 2; do x & done")
    assert _for_jobs(b"(for x in y; do z & done)")
    assert _for_jobs(b"`for x` &")
    assert _for_jobs(b"for\\\nx &")
    assert not _for_jobs(b"a & for x in y; do z; done")  # (the `&` comes before)
    assert not _for_jobs(b"for x && y")
    assert not _for_jobs(b"for x; do y &> /dev/null; done")
    assert not _for_jobs(b"for x; do y >&2; done")
    assert not _for_jobs(b"xfor x & y")
    assert not _for_jobs(b"forforfor &")


# -- files._fetch_run -----------------------------------------------------------------------------------------------
def test_fetch_run_iex_reaches_120_characters_of_its_line() -> None:
    assert _fetch_run("iex " + "x" * 118 + " iwr") == "iex " + "x" * 118 + " iwr"
    assert _fetch_run("iex " + "x" * 119 + " iwr") is None
    assert _fetch_run("iex\ncurl x") is None
    assert _fetch_run("iex (new-object net.webclient)") == "iex (new-object net.webclient"


def test_fetch_run_starts_at_the_first_iex_that_reaches_a_download() -> None:
    far = "iex x iex " + "y" * 110 + " curl"
    assert _fetch_run(far) == far  # the first `iex` reaches the `curl`, past the second
    assert _fetch_run("curl x | iex y iwr") == "iex y iwr"


def test_fetch_run_other_forms() -> None:
    assert _fetch_run("iwr x | iex") == "iwr x | iex"
    assert _fetch_run("curl -s x | sh") == "curl -s x | sh"
    assert _fetch_run("iex " * 50) is None


# -- homelab._HA_CONFIG ----------------------------------------------------------------------------------------------
def test_ha_config_names() -> None:
    assert _HA_CONFIG.search(" hass/hass/configuration.yaml")
    assert _HA_CONFIG.search(" /config/automations.yaml")
    assert _HA_CONFIG.search(" my-hass-box/x/scripts.yml")
    assert _HA_CONFIG.search(" x/hass/packages/net.yaml")
    assert not _HA_CONFIG.search(" hass'/configuration.yaml")
    assert not _HA_CONFIG.search(" hass/a b/c.yaml")
    assert not _HA_CONFIG.search(" hass.yaml")
    assert not _HA_CONFIG.search(" hass/configuration.yamlx")
    assert not _HA_CONFIG.search(" /srv/hass")


# -- infra._find_delete and remote_find_delete -----------------------------------------------------------------------
def test_find_delete_spans() -> None:
    assert _find_delete("find a find -delete") == ("find a find -delete", "a find")
    assert _find_delete("find x find y -exec /bin/rm {} ;") == ("find x find y -exec /bin/rm", "x find y")
    assert _find_delete("find a; find /tmp -delete") == (" find /tmp -delete", "/tmp")
    assert _find_delete("sudo -u root find /srv -name '*.log' -delete") == \
        (" find /srv -name '*.log' -delete", "/srv -name '*.log'")
    assert _find_delete("(find /var/log -mtime +7 -execdir rm {} +)") == \
        ("(find /var/log -mtime +7 -execdir rm", "/var/log -mtime +7")


def test_find_delete_blanks_after_find() -> None:
    assert _find_delete("find -delete") is None  # (one blank: it is the `find`'s own)
    assert _find_delete("find  -delete") == ("find  -delete", "")
    assert _find_delete("find  -delete -delete") == ("find  -delete -delete", "-delete")
    assert _find_delete("sudo -x;find find -delete") == (";find find -delete", "find")
    assert _find_delete("find find find") is None


def test_remote_find_delete() -> None:
    assert remote_find_delete("find /srv/data -name '*.bak' -delete") == "find /srv/data -name '*.bak' -delete"
    assert remote_find_delete("find /tmp -name '*.tar.gz' -delete") is None
    assert remote_find_delete("find " * 50) is None


# -- infra._TEST_MANIFEST --------------------------------------------------------------------------------------------
def test_test_manifest_the_last_test_folder_counts() -> None:
    assert _TEST_MANIFEST.match("tests/../tests/x.yaml")
    assert _TEST_MANIFEST.match("tests/tests/tests/m.yaml")
    assert _TEST_MANIFEST.match("./config/samples/a.yaml")
    assert _TEST_MANIFEST.match("x/tests//y.yaml")
    assert _TEST_MANIFEST.match("test/x.yaml")
    assert not _TEST_MANIFEST.match("tests/x/../y.yaml")
    assert not _TEST_MANIFEST.match("a//tests/x.yaml")
    assert not _TEST_MANIFEST.match("/tests/x.yaml")
    assert not _TEST_MANIFEST.match("tests/x.yaml!")
    assert not _TEST_MANIFEST.match("tests/a b.yaml")
    assert not _TEST_MANIFEST.match("deploy/m.yaml")


# -- written._FETCH_LINE ---------------------------------------------------------------------------------------------
def _fetched(text: str) -> str | None:
    m = _FETCH_LINE.search(text)
    return m.group(1) if m else None


def test_fetch_line_address_after_the_last_word_that_has_one() -> None:
    assert _fetched("curl -o x https://a.example/x && fetch https://b.example/y") == "https://b.example/y"
    assert _fetched("curl curl x https://a.example/b fetch") == "https://a.example/b"
    assert _fetched("wget http://a.example/1 http://a.example/2") == "http://a.example/1"
    assert _fetched("fetch x.fetch https://c.example/") == "https://c.example/"
    assert _fetched("echo\ncurl -L ftp://h.example/f.bin") == "ftp://h.example/f.bin"
    assert _fetched("x https://a.example curl") is None
    assert _fetched("curl\nhttps://a.example") is None
