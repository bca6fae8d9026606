/* agent-immune guest runner: runs one command inside the guest's root and reports how
 * it ended. The init script cannot do this itself: a shell reports 128+N for both
 * "exit 137" and "killed by SIGKILL", and busybox `time` misreports peak memory.
 *
 * usage: ai-run ROOT CWD STATUSFILE MIN_AVAILABLE_KB [NAME=VALUE ...] -- ARGV...
 * STATUSFILE receives "exit <code|->\nsignal <n|->\nmaxrss_kb <n>\nearly_oom <0|1>\n".
 *
 * Memory: without swap, a guest running out of memory does not reach the kernel's OOM
 * killer quickly: it first evicts the page cache of the programs themselves, which
 * live on 9p, and re-reads them forever (thrashing). So, like earlyoom, the runner
 * kills the command's whole session when MemAvailable falls below MIN_AVAILABLE_KB
 * (0 disables this and leaves it to the kernel), and reports it as early_oom.
 * Built statically at image build time (see image.py); stdout/stderr are inherited.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static long mem_available_kb(void) {
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

static void protect_self(void) {
    /* The watcher must keep running when memory is short: never swapped out or chosen. */
    mlockall(MCL_CURRENT | MCL_FUTURE);
    FILE *f = fopen("/proc/self/oom_score_adj", "w");
    if (f) {
        fputs("-1000", f);
        fclose(f);
    }
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: ai-run ROOT CWD STATUSFILE MIN_AVAILABLE_KB [NAME=VALUE ...] -- ARGV...\n");
        return 2;
    }
    const char *root = argv[1], *cwd = argv[2], *status_path = argv[3];
    long min_available_kb = atol(argv[4]);
    int sep = 5;
    while (sep < argc && strcmp(argv[sep], "--") != 0)
        sep++;
    if (sep >= argc - 1) {
        fprintf(stderr, "ai-run: no command after --\n");
        return 2;
    }
    /* The command's environment is exactly the NAME=VALUE list: nothing of init's leaks. */
    int nenv = sep - 5;
    char **env = calloc((size_t)nenv + 1, sizeof(char *));
    for (int i = 0; i < nenv; i++)
        env[i] = argv[5 + i];

    /* SIGCHLD is blocked and waited for, so the exit is seen at once, not at the next tick. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("ai-run: fork");
        return 2;
    }
    if (pid == 0) {
        sigprocmask(SIG_UNBLOCK, &chld, NULL);
        setsid();
        if (chroot(root) != 0 || chdir(cwd) != 0) {
            fprintf(stderr, "ai-run: cannot enter %s%s: %s\n", root, cwd, strerror(errno));
            _exit(126);
        }
        environ = env; /* execvp searches the command's own PATH */
        execvp(argv[sep + 1], &argv[sep + 1]);
        fprintf(stderr, "ai-run: %s: %s\n", argv[sep + 1], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    protect_self();
    int st = 0, early_oom = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    const struct timespec tick = {0, 20 * 1000 * 1000};
    for (;;) {
        pid_t got = wait4(pid, &st, WNOHANG, &ru);
        if (got == pid)
            break;
        if (got < 0 && errno != EINTR) {
            perror("ai-run: wait4");
            return 2;
        }
        if (!early_oom && min_available_kb > 0) {
            long avail = mem_available_kb();
            if (avail >= 0 && avail < min_available_kb) {
                early_oom = 1;
                kill(-pid, SIGKILL);
                kill(pid, SIGKILL);
            }
        }
        sigtimedwait(&chld, NULL, &tick);
    }
    FILE *out = fopen(status_path, "w");
    if (!out) {
        perror("ai-run: status file");
        return 2;
    }
    if (WIFEXITED(st))
        fprintf(out, "exit %d\nsignal -\n", WEXITSTATUS(st));
    else
        fprintf(out, "exit -\nsignal %d\n", WTERMSIG(st));
    fprintf(out, "maxrss_kb %ld\nearly_oom %d\n", ru.ru_maxrss, early_oom);
    fclose(out);
    return 0;
}
