"""python/agents.py: the Codex Python SDK (openai-codex 0.163.0) started without its sandbox (`unguarded-agent`)."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked

_HEAD = "from openai_codex import Codex, CodexConfig, Sandbox, ApprovalMode\n"


@pytest.mark.parametrize("code", [
    "with Codex() as codex:\n    t = codex.thread_start(sandbox=Sandbox.full_access)\n    t.run('fix the tests')",
    "codex = Codex()\nthread = codex.thread_start()\nthread.run('go', sandbox=Sandbox.full_access)",
    "codex = Codex()\ncodex.thread_resume('t1', sandbox=Sandbox.full_access)",
    "codex = Codex()\ncodex.thread_fork('t1', sandbox=Sandbox.full_access)",
    "t = Codex().thread_start()\nh = t.turn('go', sandbox=Sandbox.full_access)",
    "mode = Sandbox.full_access\nCodex().thread_start(sandbox=mode)",
    "Codex().thread_start(sandbox=Sandbox('full-access'))",
    "Codex().thread_start(config={'sandbox_mode': 'danger-full-access'})",
    "Codex(CodexConfig(config_overrides=('sandbox_mode=\"danger-full-access\"',)))",
    "Codex(CodexConfig(config_overrides=['sandbox_mode = danger-full-access']))",
    "Codex(CodexConfig(launch_args_override=('codex', 'app-server', '--dangerously-bypass-approvals-and-sandbox')))",
    "Codex(CodexConfig(launch_args_override=('codex', '--sandbox', 'danger-full-access', 'app-server')))",
    # the same reading as `codex …` in the shell (agent_flags)
    "Codex(CodexConfig(launch_args_override=['codex', 'app-server', '--yolo']))",
    "Codex(CodexConfig(launch_args_override=('codex', '--sandbox=danger-full-access', 'app-server')))",
    "Codex(CodexConfig(launch_args_override=('codex', '-sdanger-full-access', 'app-server')))",
    "Codex(CodexConfig(launch_args_override=('codex', '-c', 'sandbox_mode=\"danger-full-access\"', 'app-server')))",
    "async def main():\n    async with AsyncCodex() as codex:\n        t = await codex.thread_start(sandbox=Sandbox.full_access)",
])
def test_codex_without_its_sandbox_is_blocked(code: str) -> None:
    assert_blocked(_HEAD + "from openai_codex import AsyncCodex\n" + code, "unguarded-agent", lang="python")


def test_codex_module_imported_whole() -> None:
    assert_blocked("import openai_codex as oc\noc.Codex().thread_start(sandbox=oc.Sandbox.full_access)",
                   "unguarded-agent", lang="python")


@pytest.mark.parametrize("code", [
    _HEAD + "with Codex() as codex:\n    t = codex.thread_start(sandbox=Sandbox.workspace_write)\n    t.run('x')",
    _HEAD + "Codex().thread_start(sandbox=Sandbox.read_only)",
    _HEAD + "Codex().thread_start(approval_mode=ApprovalMode.deny_all)",  # the sandbox stays
    _HEAD + "Codex().thread_start(config={'sandbox_mode': 'workspace-write'})",
    _HEAD + "Codex(CodexConfig(config_overrides=('model=\"gpt-5\"',)))",
    _HEAD + "Codex(CodexConfig(launch_args_override=('codex', '--sandbox', 'workspace-write', 'app-server')))",
    _HEAD + "Codex(CodexConfig(launch_args_override=['codex', 'app-server', '--yolo=false']))",
    _HEAD + "Codex(CodexConfig(launch_args_override=[CODEX_BIN, 'app-server']))",  # a word known only at run time
    # the same words, not the SDK's
    "class Sandbox:\n    full_access = 1\nrunner.run(sandbox=Sandbox.full_access)",
    "settings = {'sandbox_mode': 'danger-full-access'}\nprint(settings)",
])
def test_codex_with_its_sandbox_stays_allowed(code: str) -> None:
    assert_allowed(code, lang="python")
