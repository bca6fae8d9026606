"""git_libs.py: git driven from code (GitPython, simple-git, isomorphic-git) judged as the git command line."""
from __future__ import annotations

import pytest

from agent_immune.validate import git_libs

from .helpers import assert_allowed, judge

HELD = [
    ('from git import Repo\nrepo = Repo(".")\nrepo.git.reset("--hard", "HEAD~3")\nrepo.remote("origin").push(refspec="HEAD:refs/heads/main", force=True)', 'python'),
    ("import git\nr = git.Repo('.')\nr.git.push('--force', 'origin', 'main')", 'python'),
    ("import git\nr = git.Repo('.')\nr.git.push('origin', 'main', force=True)", 'python'),
    ("import git\nr = git.Repo('.')\nr.git.clean('-fdx')", 'python'),
    ("import git\nr = git.Repo('.')\nr.head.reset('HEAD~2', index=True, working_tree=True)", 'python'),
    ("import git\nr = git.Repo('.')\nr.git.execute(['git', 'push', '--force', 'origin', 'main'])", 'python'),
    ('import simpleGit from "simple-git";\nconst git = simpleGit();\nawait git.push("origin", "main", ["--force"]);', 'typescript'),
    ('import git from "isomorphic-git";\nimport http from "isomorphic-git/http/node";\nimport fs from "node:fs";\nawait git.push({ fs, http, dir: ".", remote: "origin", ref: "release", force: true });', 'typescript'),
    ("import { simpleGit, ResetMode } from 'simple-git';\nawait simpleGit().reset(ResetMode.HARD, ['HEAD~2']);", 'typescript'),
    ("const git = require('simple-git')();\ngit.reset('hard');", 'typescript'),
    ("import simpleGit from 'simple-git';\nawait simpleGit().clean('f', ['-d', '-x']);", 'typescript'),
    ("import simpleGit from 'simple-git';\nawait simpleGit().raw(['push', '--force', 'origin', 'main']);", 'typescript'),
    ("import simpleGit from 'simple-git';\nawait simpleGit().push('origin', 'main', { '--force': null });", 'typescript'),
]

ALLOWED = [
    ("from git import Repo\nrepo = Repo('.')\nrepo.git.add(A=True)\nrepo.index.commit('wip')\nrepo.remote('origin').push()", 'python'),
    ("from git import Repo\nrepo = Repo('.')\nrepo.git.reset('--soft', 'HEAD~1')\nprint(repo.git.status())", 'python'),
    ('import requests\nrequests.Session().push = 1\nx = [1]\nx.push(2)', 'python'),
    ('import simpleGit from "simple-git";\nconst git = simpleGit();\nawait git.add(\'.\');\nawait git.commit(\'wip\');\nawait git.push(\'origin\', \'feature\');', 'typescript'),
    ("import git from 'isomorphic-git';\nimport fs from 'node:fs';\nawait git.push({ fs, dir: '.', remote: 'origin', ref: 'main' });", 'typescript'),
    ('const xs = [];\nxs.push(1);\nconsole.log(xs);', 'typescript'),
    ("import simpleGit from 'simple-git';\nawait simpleGit().reset(['--soft', 'HEAD~1']);", 'typescript'),
]


@pytest.mark.parametrize("code,lang", HELD)
def test_history_lost_through_a_library_is_held(code: str, lang: str) -> None:
    v = judge(code, lang)
    assert v.verdict == "review" and {r.rule for r in v.reasons} == {"irreversible"}, (code, v)


@pytest.mark.parametrize("code,lang", ALLOWED)
def test_ordinary_library_use_stays_allowed(code: str, lang: str) -> None:
    assert_allowed(code, lang)


@pytest.mark.parametrize("name,value,want", [
    ("force", True, "--force"), ("f", True, "-f"), ("force", False, None), ("m", "x", "-mx"),
    ("message", "a b", "--message=a b"), ("set_upstream", True, "--set-upstream"),
])
def test_keyword_options(name: str, value, want) -> None:
    assert git_libs.option(name, value) == want


def test_modes() -> None:
    assert git_libs.reset_mode("ResetMode.HARD") == "--hard" and git_libs.reset_mode("soft") is None
    assert git_libs.clean_mode("CleanOptions.FORCE") == ["-f"] and git_libs.clean_mode("fdx") == ["-fdx"]
    assert git_libs.line("push", ["--force", None, "origin"]) == "git push --force origin"
