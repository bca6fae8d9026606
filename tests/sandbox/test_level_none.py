"""Level `none`: a plain subprocess with limits and the same audit; it isolates nothing."""
from __future__ import annotations

import os
import signal

from .conftest import ROOT_ONLY, py, run, run_cgroups, sh

pytestmark = ROOT_ONLY


def test_runs_and_passes_exit_status(workdir):
    r = sh("echo out; echo err >&2; exit 7", workdir=str(workdir), level="none")
    assert (r.stdout, r.stderr, r.exit_code, r.status) == (b"out\n", b"err\n", 7, "failed")
    assert r.shell_status == 7 and r.level == "none" and r.backend == "subprocess"


def test_signal_becomes_128_plus_n(workdir):
    r = sh("kill -TERM $$", workdir=str(workdir), level="none")
    assert r.signal == signal.SIGTERM and r.status == "killed" and r.shell_status == 143


def test_isolates_nothing(host_dir, workdir):
    """Documented: level none can write anywhere the caller can."""
    target = host_dir / "written-by-level-none"
    r = sh(f"echo hi > {target}", workdir=str(workdir), level="none")
    assert r.status == "ok" and target.read_text() == "hi\n"


def test_own_session_and_process_group(workdir):
    r = py("import os; print(os.getsid(0), os.getpgid(0), os.getpid())", workdir=str(workdir), level="none")
    sid, pgid, pid = map(int, r.stdout.split())
    assert sid == pgid == pid != os.getsid(0)


def test_environment_is_scrubbed(monkeypatch, workdir):
    monkeypatch.setenv("OPENAI_API_KEY", "PLANTED")
    monkeypatch.setenv("NPM_TOKEN", "PLANTED")
    r = run(["env"], workdir=str(workdir), level="none", env={"NPM_TOKEN": "chosen"})
    assert b"PLANTED" not in r.stdout and b"NPM_TOKEN=chosen" in r.stdout


def test_default_workdir_is_temporary_and_removed():
    r = sh("pwd; touch here", level="none")
    wd = r.stdout.decode().strip()
    assert wd.startswith("/tmp/agent-immune-") and not os.path.exists(wd)


def test_output_reaches_the_sinks_while_the_command_runs(workdir):
    """The command waits for a file the stdout sink creates on its first line: only a
    live relay lets it finish before the timeout."""
    flag = workdir / "seen"

    def sink(chunk: bytes) -> None:
        if b"first" in chunk:
            flag.touch()

    r = run(["/bin/sh", "-c", "echo first; for i in $(seq 100); do [ -e seen ] && { echo live; exit 0; }; "
             "sleep 0.05; done; echo not-live"], workdir=str(workdir), level="none", stdout_sink=sink)
    assert r.stdout == b"first\nlive\n"


def test_memory_limit_and_cleanup(workdir):
    r = py("x = b'\\x01' * (256 * 1024 * 1024)", workdir=str(workdir), level="none", memory="64M",
           memory_early_stop=False)
    assert r.status == "oom" and r.oom_killed
    assert not run_cgroups()


def test_command_not_found_is_an_input_error(workdir):
    import pytest

    from agent_immune.errors import InputError

    with pytest.raises(InputError, match="command not found"):
        run(["no-such-command-xyz"], workdir=str(workdir), level="none")
    assert not run_cgroups()
