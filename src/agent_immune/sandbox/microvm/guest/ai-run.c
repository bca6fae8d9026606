/* agent-immune guest runner: runs one command inside the guest's root and reports how
 * it ended. The init script cannot do this itself: a shell reports 128+N for both
 * "exit 137" and "killed by SIGKILL", and busybox `time` misreports peak memory.
 *
 * usage: ai-run ROOT CWD STATUSFILE [NAME=VALUE ...] -- ARGV...
 * STATUSFILE receives "exit <code|->\nsignal <n|->\nmaxrss_kb <n>\n".
 * Built statically at image build time (see image.py); stdout/stderr are inherited.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: ai-run ROOT CWD STATUSFILE [NAME=VALUE ...] -- ARGV...\n");
        return 2;
    }
    const char *root = argv[1], *cwd = argv[2], *status_path = argv[3];
    int sep = 4;
    while (sep < argc && strcmp(argv[sep], "--") != 0)
        sep++;
    if (sep >= argc - 1) {
        fprintf(stderr, "ai-run: no command after --\n");
        return 2;
    }
    /* The command's environment is exactly the NAME=VALUE list: nothing of init's leaks. */
    int nenv = sep - 4;
    char **env = calloc((size_t)nenv + 1, sizeof(char *));
    for (int i = 0; i < nenv; i++)
        env[i] = argv[4 + i];

    pid_t pid = fork();
    if (pid < 0) {
        perror("ai-run: fork");
        return 2;
    }
    if (pid == 0) {
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
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &st, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("ai-run: wait4");
            return 2;
        }
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
    fprintf(out, "maxrss_kb %ld\n", ru.ru_maxrss);
    fclose(out);
    return 0;
}
