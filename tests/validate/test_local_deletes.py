"""bash/files.py: local deletes beyond the project's directory — its parent's whole content, the project itself
named by `$PWD`, folders beside it, folders of the home, lists made by `find` and deleted by another command,
and `shred` of files this input did not write."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate.bash import files

from .helpers import assert_allowed, assert_blocked, assert_held, assert_reviewed
from .test_bash_files import gnu_find_listing
from .test_fastpath_equivalence import assert_same


# -- the whole parent, or the project itself: blocked like `rm -rf ..` ---------------------------------------
@pytest.mark.parametrize("text", [
    "rm -rf ../*", "rm -rf ../.[!.]* ../*", "rm -rf ../.*", "rm -rf ../..?*", "rm -rf ../../*", "rm -fr -- ../*",
    "rm -r -f '..'/*", "rm -Rf ..//*", "sudo rm -rf ../*", "rm --recursive ../*",
    'rm -rf "$PWD/.."', 'rm -rf "$(pwd)/.."', "rm -rf $(pwd)/..", 'rm -rf $(dirname "$PWD")', "rm -rf $(dirname $PWD)",
    'rm -rf "$(dirname "$(pwd)")"', 'rm -rf "${PWD%/*}"', "rm -rf `dirname $PWD`",
    'rm -rf "$PWD"', "rm -rf $PWD", 'rm -rf "${PWD}"', 'rm -rf "$(pwd)"', "rm -rf `pwd`", "rm -rf $(pwd -P)",
    "cd ..; rm -rf *", "cd .. && rm -rf ./* ./.[!.]*", "cd src && rm -rf ../../*", 'p=..; rm -rf "$p"/*',
    "find .. -maxdepth 0 -exec rm -rf {} +", "bash -c 'rm -rf \"$(pwd)\"'", "pushd .. && rm -rf *",
    "cd /work/app && rm -rf ../*", "cd ~/code/app && rm -rf ../*", "rm -rf ../{x,*}", "rm -rf $'..'/*", 'rm -rf ".""."/*', "rm -rf .\\./*", "rm -rf ..\\\n/*",
])
def test_the_parent_or_the_project_is_blocked(text: str) -> None:
    assert_blocked(text, "destructive-rm")
    assert_same(text)


# -- a folder beside the project, or two deep in the home: reviewed -----------------------------------------
@pytest.mark.parametrize("text", [
    "rm -rf ../other-repo", "rm -rf '../api-server'", "rm -r ../docs-site", "rm -rf ../../other/project",
    "rm -rf ../x/src", "rm -rf ../old-*", "rm -rf ../{api,web}", 'rm -rf "$PWD/../other"', "sudo rm -rf ../legacy",
    "cd .. && rm -rf myapp", "cd ../ && rm -rf legacy-app", "cd .. ; cd .. && rm -rf client", "cd src && rm -rf ../../x",
    "pushd .. && rm -rf old-site && popd", "(cd .. && rm -rf payments)", "cd ..; (rm -rf x)", 'd=../lib; rm -rf "$d"',
    "rm -rf ~/projects/app", "rm -rf ~/Documents/notes", 'rm -rf "$HOME/work/client"', "rm -Rf ${HOME}/src/site",
    "rm -rf /home/dev/code/shop-api", "rm -rf ~/code/myapp/*", "/bin/rm -rf ~/work/acme", "rm -rf /root/code/x",
    "cd ~/code && rm -rf app", "cd ~/code/app && rm -rf ../other", 'cd ~/src/github.com/o/r && rm -rf "$PWD"',
    "srm -r ../notes", "wipe -rf ../notes", "cd /work/app && rm -rf ../other", "cd ~ && rm -rf ../bob", 'rm -rf ~/"projects"/app', "rm -rf $HOME/'Documents'/notes",
    'eval "rm -rf ../other"', "echo ../other | xargs rm -rf", "timeout 5 rm -rf ../x", "xargs rm -rf <<< ../other",
])
def test_a_folder_outside_the_project_is_reviewed(text: str) -> None:
    assert_held(text, "irreversible")
    assert_same(text)


@pytest.mark.parametrize("text", [
    # build outputs, caches and dependency folders beside the project or in the home are made again
    "rm -rf ../build", "rm -rf ../repo/build", "rm -rf ../myapp-build", "rm -rf ../tmp-build-*", "rm -rf ../node_modules",
    "rm -rf ../web/dist ../api/target", "rm -rf ../*.egg-info", "rm -rf ../cmake-build-release", "rm -rf ../x/node_modules/y",
    "cmake -S . -B ../build && rm -rf ../build", "cd .. && rm -rf build-debug",
    "rm -rf ~/.cache/pip", "rm -rf ~/proj/node_modules", "rm -rf ~/code/app/build", "rm -rf ~/go/pkg", "rm -rf ~/tmp/x",
    "rm -rf ~/Library/Caches/pip", "rm -rf ~/code/app/.venv", "rm -rf ~/.venvs/old", "rm -rf ~/x/__pycache__",
    # deeper home paths may be inside the project, named by its absolute path
    "rm -rf ~/code/app/src/generated", "rm -rf /home/u/code/app/docs/_site", "cd ~/code/app && rm -rf src/gen",
    # a folder in a home folder that is not where projects or collections live is more likely part of a project
    "rm -rf ~/proj/old", "cd ~/myapp && rm -rf legacy", "rm -rf ~/Library/Preferences/x", "rm -rf ~/myapp/docs",
    # the working directory's own folders, named by `$PWD`, and `cd`s that do not stay
    'rm -rf "$PWD/build"', 'rm -rf "$(pwd)/dist"', "rm -rf $(pwd)/out", 'DIR=$(cd .. && pwd); rm -rf build',
    "cd build && rm -rf ../dist", "(cd .. && ls); rm -rf out", "pushd .. && popd && rm -rf dist",
    "cd .. && cd - && rm -rf out", 'cd /tmp/x && rm -rf "$PWD"', "cd /tmp/x && rm -rf ../y", "cd .. && ls",
    "cd /work/app && rm -rf ../build", "cd /work/app/src && rm -rf ../dist", 'cd "$D" && rm -rf ../x',
    "cd /work/app && rm -rf old",
    # files, not folders
    "rm ../notes.txt", "rm -f ../*.log", "rmdir ../empty", "unlink ../link",
    # reading beside the project
    "ls ../other-repo", "du -sh ../other-repo", "git -C ../other-repo status", "cp -r ../other-repo/src vendor/",
])
def test_look_alikes_stay_allowed(text: str) -> None:
    assert_allowed(text)
    assert_same(text)


def test_rm_of_pwd_content_is_the_working_directory() -> None:
    assert_reviewed('rm -rf "$PWD"/*', "rm-dynamic-target")
    assert_reviewed('rm -rf "$PWD"/* x', "rm-dynamic-target")


# -- find: lists deleted by another command, and deletes beyond the project ---------------------------------
@pytest.mark.parametrize("text", [
    "find . -name .git -exec echo {} \\; | xargs rm -rf", "find . -name .git -printf '%p\\n' | xargs rm -rf",
    "find . -name .git -printf '%P\\0' | xargs -0 rm -rf", "find . -type d -name .git -exec printf '%s\\n' {} + | xargs rm -r",
    "find . -name .git -print0 | xargs -0 rm -rf", "rm -rf $(find . -name .git -printf '%p ')",
    "find .. -maxdepth 1 -type d -name 'old-*' -exec rm -rf {} +", "find .. -maxdepth 1 -name 'feature-*' | xargs rm -rf",
    "find .. -mindepth 1 -maxdepth 1 -type d ! -name myapp -exec rm -rf {} +", "find ../archive -type f -delete",
    "find ~/projects -maxdepth 1 -type d -mtime +90 -exec rm -rf {} +", "find .. -name '*.c' -delete",
    "find ~/projects -mindepth 1 -maxdepth 1 -name 'app*' -exec rm -rf {} \\;", "cd .. && find . -name 'x*' -exec rm -rf {} +",
    "rm -rf $(find .. -maxdepth 1 -name 'tmp-site*' -o -name 'site*')", "find .. -path '../data/*' -exec rm -rf {} +",
])
def test_find_deletes_beyond_the_project_are_held(text: str) -> None:
    assert_held(text, "irreversible")
    assert_same(text)


@pytest.mark.parametrize("text", [
    "find . -name '*.pyc' -exec rm {} +", "find . -name node_modules -prune -exec rm -rf {} +",
    "find .. -name '*.pyc' -delete", "find .. -name node_modules -type d -prune -exec rm -rf {} +",
    "find ../repo -name __pycache__ -exec rm -rf {} +", "find ~/code -name .pytest_cache -exec rm -rf {} +",
    "find .. -maxdepth 1 -type d -name 'old-*'", "find . -name '*.orig' -exec echo {} \\; | xargs rm -f",
    "find . -name .git -prune -o -type f -printf '%p\\n' | grep -v vendor", "find . -name .git -printf '%s\\n' | xargs rm -f",
    "find .. -type d -empty -delete", "find ~/.cache -type f -atime +30 -delete", "find /tmp -name 'x*' -exec rm -rf {} +",
    "find . -name .git -exec echo found \\; | xargs rm -rf", "find ../x -name '*.log' -delete",
    "find .. -path '../*/node_modules' -exec rm -rf {} +",
])
def test_find_look_alikes_stay_allowed(text: str) -> None:
    assert_allowed(text)
    assert_same(text)


# The expression read against GNU find itself for starts beyond the project: in a parent holding this project, two
# folders beside it with their sources, and build outputs and caches, find runs each expression with its delete
# swapped for a listing from the project's directory; the rule must hold exactly when that listing reaches a folder
# beside the project (for `rm -r`) or a file of one (for any delete). A file lying in the parent itself (`todo.txt`)
# is one file, as `rm ../todo.txt` is.
_OUTSIDE_EXPRESSIONS = [
    "-maxdepth 1 -type d -name 'old-*'", "-name node_modules -prune", "-name '*.pyc'", "-type f", "-name '*.c'",
    "-maxdepth 1 -name build", "-mindepth 1 -maxdepth 1 -type d ! -name app", "-path '../old-*'", "-name __pycache__",
    "-empty", "-maxdepth 0", "-type f -name '*.md'", "-name 'b*'", "-mindepth 2 -type d -name src", "-name '*.log'",
    "-maxdepth 1 -type d \\( -name build -o -name node_modules \\)", "-type d -name 'old-*' -o -name '*.pyc'",
    "-mindepth 3 -type f", "-iname 'OLD-*'", "-not -name '*.pyc' -type f",
]
_TREE_DIRS = ("app/.git/refs", "app/src", "other/src", "old-x", "backend/src", "node_modules/m", "build/o",
              "other/build", "other/__pycache__")
_TREE_FILES = ("app/src/a.c", "other/src/main.c", "old-x/notes.md", "backend/src/b.c", "node_modules/m/i.js",
               "build/o/x.o", "other/build/y.o", "other/__pycache__/z.pyc", "other/r.log", "other/old-notes.txt",
               "todo.txt")
# what no checkout of this project restores: the folders beside it, and the sources in them
_LOST_DIRS = frozenset({"..", "../other", "../old-x", "../backend", "../other/src", "../backend/src"})
_LOST_FILES = frozenset({"../other/src/main.c", "../old-x/notes.md", "../backend/src/b.c", "../other/old-notes.txt"})


@pytest.mark.skipif(shutil.which("find") is None, reason="find is not installed")
@pytest.mark.parametrize("expr", _OUTSIDE_EXPRESSIONS)
@pytest.mark.parametrize("delete", ["-exec rm -rf {} +", "-exec rm -f {} +", "-delete", "| xargs rm -rf"])
def test_find_beyond_the_project_read_as_gnu_find_reads_it(tmp_path, expr: str, delete: str) -> None:
    out = gnu_find_listing(tmp_path, _TREE_DIRS, _TREE_FILES, "app", "..", expr, delete)
    lost = any(p in _LOST_FILES or "-r" in delete and p in _LOST_DIRS for p in out)
    text = f"find .. {expr} {delete}"
    if lost:
        assert_held(text, "irreversible" if "-maxdepth 0" not in expr else "destructive-rm")
    else:
        assert_allowed(text)
    assert_same(text)


# -- shred: the content is overwritten first, so nothing restores it -----------------------------------------
@pytest.mark.parametrize("text", [
    "shred -u $(find . -name '*.db')", "find . -name '*.sqlite' -exec shred -u {} +", "shred -u data/app.db",
    "shred -n 5 -z -u prod.sqlite3", "find . -type f -name '*.pem' -exec shred -u {} \\;", "find . -name '*.db' | xargs shred -u",
    "cd data && shred -u *.sqlite", "shred notes.md", "srm secrets.json", "shred -u ~/projects/app/db.sqlite3",
    "echo x > a.db; shred -u b.db", "shred -u `find . -name '*.key'`", "shred -u ./x.db",
    "find . -path './data/*' -exec shred -u {} +",
])
def test_shred_of_files_this_input_did_not_write_is_reviewed(text: str) -> None:
    assert_held(text, "irreversible")
    assert_same(text)


@pytest.mark.parametrize("text", [
    "shred -u /tmp/key.pem", "openssl genrsa -out /tmp/key.pem 2048 && shred -u /tmp/key.pem",
    "openssl genrsa -out key.pem 2048 && shred -u key.pem", "echo secret > /tmp/t && shred -u /tmp/t",
    "printf 'k' > token.txt && shred -u token.txt", "cp .env .env.bak && shred -u .env.bak", 'shred -u "$tmpfile"',
    "find . -type f -name '*.log' -exec shred -u {} +", "shred -u build/app.o", "curl -o dl.bin https://x.example/a && shred -u dl.bin",
    "cd /tmp/w && shred -u key", "find /tmp/w -type f -exec shred -u {} +", "find . -name '*.pyc' | xargs shred -u",
    "shred -u /dev/null", "cat list.txt | xargs shred -u", "find . -path './build/*' -exec shred -u {} +",
])
def test_shred_look_alikes_stay_allowed(text: str) -> None:
    assert_allowed(text)
    assert_same(text)


def test_shred_of_system_paths_stays_blocked() -> None:
    assert_blocked("shred -u ~/.ssh/id_rsa", "destructive-rm")
    assert_blocked("shred /dev/sda", "disk-wipe")
    assert_blocked("find / -type f -exec shred -u {} \\;", "destructive-rm")


# -- the pieces --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,path", [
    ('"$PWD/.."', "./.."), ("$(pwd)", "."), ('$(dirname "$PWD")', ".."), ("`pwd`/x", "./x"), ('"${PWD%/*}"', ".."),
    ("$(pwd -P)/..", "./.."), ('"$PWD/$X"', None), ("$PWDX", None), ("$HOME", None), ('"$(pwd)"/"$x"', None),
])
def test_pwd_path(text: str, path: str | None) -> None:
    assert files.pwd_path(text) == path


@pytest.mark.parametrize("n,rule", [
    ("..", "destructive-rm"), ("../*", "destructive-rm"), ("../../.[!.]*", "destructive-rm"), ("../x", "irreversible"),
    ("../x/src", "irreversible"), ("../x/build", None), ("../build-*", None), ("../*/node_modules", None),
    ("x", None), ("../{a,*}", "destructive-rm"), ("../{build,x}", "irreversible"),
])
def test_outside_loss(n: str, rule: str | None) -> None:
    found = files.outside_loss(n)
    assert (found[0] if found else None) == rule


@pytest.mark.parametrize("name,made", [
    ("node_modules", True), ("Build", True), ("cmake-build-debug", True), ("x.egg-info", True), ("tmp-build-*", True),
    ("a.pyc", True), ("src", False), ("old-x", False), ("notes.md", False), ("app.db", False), ("builder", False),
])
def test_regenerable(name: str, made: bool) -> None:
    assert files.regenerable(name) is made


_PIECES = ["rm -rf", "rm", "cd ..", "cd", "pushd ..", "popd", "&&", ";", "(", ")", "..", "../", "../*", "../x",
           "../build", "x", "*", "./*", '"$PWD"', "$(pwd)", "`pwd`", '"$PWD/.."', '$(dirname "$PWD")', "~/a/b",
           "~/a/b/c", "~/a/node_modules", "~/.cache/x", "/tmp/x", "find ..", "find .", "-name", "'old-*'", "-exec",
           "{}", "+", "\\;", "-delete", "|", "xargs", "shred -u", "-maxdepth", "1", "-type", "d", "f", "-printf",
           "'%p\\n'", "echo"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=9))
def test_random_local_deletes_agree_with_the_shortcut(words: list[str]) -> None:
    assert_same(" ".join(words))
