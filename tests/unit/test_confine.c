/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_confine.c — the kernel's walls around a sandboxed run: each test
 * forks a child that confines itself as `brief run` does, then tries what
 * a script that reached native code would (run a program, open a socket,
 * write or read outside its folders, signal or trace another process), and
 * reports each outcome on a pipe. The parent, never confined, checks them.
 * Landlock checks are skipped (SKIP) on a kernel without Landlock, seccomp
 * ones on a kernel without seccomp filters. */
#include "harness.h"
#include "os/confine.h"
#include "os/fspolicy.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_confine.XXXXXX";
static char in_dir[300], out_dir[300], other_dir[300];
static int landlock_abi, seccomp_ok;

/* The outcome of each attempt in the child: one byte per attempt, '1' when
 * the call succeeded. */
enum {
    TRY_EXEC, TRY_SOCKET, TRY_FORK, TRY_PTRACE, TRY_KILL_PARENT, TRY_CHMOD, TRY_WRITE_OUT, TRY_WRITE_OTHER,
    TRY_WRITE_IN, TRY_READ_IN, TRY_READ_OTHER, TRY_READ_ENVIRON, TRY_READ_PASSWD, TRY_MKDIR_OUT, TRY_SYMLINK_OUT,
    TRY_RENAME_OUT, TRY_BIG_FILE, TRY_BIG_MALLOC, TRY_SIGNAL_SELF, TRY_COUNT
};

static int write_file(const char *dir, const char *name, size_t bytes)
{
    char path[400];
    int fd, ok;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return 0;
    ok = 1;
    while (bytes > 0 && ok) {
        char block[4096];
        size_t n = bytes < sizeof block ? bytes : sizeof block;
        memset(block, 'x', n);
        ok = write(fd, block, n) == (ssize_t)n;
        bytes -= n;
    }
    close(fd);
    return ok;
}

static int read_file(const char *path)
{
    char b[16];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int ok = fd >= 0 && read(fd, b, sizeof b) >= 0;
    if (fd >= 0) close(fd);
    return ok;
}

static void on_usr1(int sig)
{
    (void)sig;
}

/* Runs in the child: confines, tries everything, writes the outcomes. */
static void child(int fd)
{
    char result[TRY_COUNT], note[512], err[512], path[400];
    fspolicy *p = fspolicy_create();
    confine_limits limits = {(size_t)256 << 20, 1 << 20};
    pid_t pid;
    int s;

    memset(result, '0', sizeof result);
    if (!p || fspolicy_allow_read(p, in_dir, err, sizeof err) != 0 ||
        fspolicy_set_output_dir(p, out_dir, err, sizeof err) != 0 ||
        confine_apply(p, &limits, note, sizeof note, err, sizeof err) != 0) {
        dprintf(fd, "E%s", err);
        _exit(1);
    }
    /* Without seccomp these would work, and replace or stop this child
     * (seccomp_refuses is then skipped). */
    if (seccomp_ok) {
        char *const argv[] = {"/bin/true", NULL};
        char *const envp[] = {NULL};
        result[TRY_EXEC] = execve("/bin/true", argv, envp) == 0 ? '1' : '0';   /* returns only on failure */
        result[TRY_PTRACE] = ptrace(PTRACE_ATTACH, getppid(), NULL, NULL) == 0 ? '1' : '0';
    }
    s = socket(AF_INET, SOCK_STREAM, 0);
    result[TRY_SOCKET] = s >= 0 ? '1' : '0';
    if (s >= 0) close(s);
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s >= 0) {
        result[TRY_SOCKET] = '1';
        close(s);
    }
    pid = fork();
    if (pid == 0) _exit(0);
    if (pid > 0) {
        result[TRY_FORK] = '1';
        waitpid(pid, NULL, 0);
    }
    result[TRY_KILL_PARENT] = kill(getppid(), 0) == 0 ? '1' : '0';
    snprintf(path, sizeof path, "%s/readable.txt", in_dir);
    if (seccomp_ok) result[TRY_CHMOD] = chmod(path, 0777) == 0 ? '1' : '0';
    result[TRY_WRITE_OUT] = write_file(out_dir, "report.pdf", 100) ? '1' : '0';
    result[TRY_WRITE_OTHER] = write_file(other_dir, "evil.txt", 10) ? '1' : '0';
    result[TRY_WRITE_IN] = write_file(in_dir, "evil.txt", 10) ? '1' : '0';
    result[TRY_READ_IN] = read_file(path) ? '1' : '0';
    snprintf(path, sizeof path, "%s/secret.txt", other_dir);
    result[TRY_READ_OTHER] = read_file(path) ? '1' : '0';
    result[TRY_READ_ENVIRON] = read_file("/proc/self/environ") ? '1' : '0';
    result[TRY_READ_PASSWD] = read_file("/etc/passwd") ? '1' : '0';
    snprintf(path, sizeof path, "%s/sub", out_dir);
    result[TRY_MKDIR_OUT] = mkdir(path, 0755) == 0 ? '1' : '0';
    snprintf(path, sizeof path, "%s/link", out_dir);
    result[TRY_SYMLINK_OUT] = symlink("/etc/passwd", path) == 0 ? '1' : '0';
    {
        char to[400];
        snprintf(path, sizeof path, "%s/report.pdf", out_dir);
        snprintf(to, sizeof to, "%s/final.pdf", out_dir);
        result[TRY_RENAME_OUT] = rename(path, to) == 0 ? '1' : '0';
    }
    result[TRY_BIG_FILE] = write_file(out_dir, "big.bin", 2 << 20) ? '1' : '0';
    {
        void *big = malloc((size_t)512 << 20);
        if (big) memset(big, 1, (size_t)512 << 20);
        result[TRY_BIG_MALLOC] = big ? '1' : '0';
        free(big);
    }
    signal(SIGUSR1, on_usr1);
    result[TRY_SIGNAL_SELF] = raise(SIGUSR1) == 0 ? '1' : '0';
    if (write(fd, result, sizeof result) != (ssize_t)sizeof result) _exit(1);
    fspolicy_destroy(p);
    _exit(0);
}

/* Runs child() in a fork; its outcomes into result. 0, or -1 (message printed). */
static int run_child(char result[TRY_COUNT])
{
    int fds[2], status;
    ssize_t got;
    char buf[600];
    pid_t pid;
    if (pipe(fds) != 0) return -1;
    pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        close(fds[0]);
        child(fds[1]);
    }
    close(fds[1]);
    got = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    waitpid(pid, &status, 0);
    if (got != TRY_COUNT || buf[0] == 'E') {
        buf[got > 0 ? got : 0] = '\0';
        printf("# child: %s (status %d)\n", buf, status);
        return -1;
    }
    memcpy(result, buf, TRY_COUNT);
    return 0;
}

TEST(seccomp_refuses)
{
    char r[TRY_COUNT];
    if (!seccomp_ok) { harness_skip("no seccomp filters in this kernel"); return; }
    CHECK(run_child(r) == 0);
    CHECK(r[TRY_EXEC] == '0');
    CHECK(r[TRY_SOCKET] == '0');
    CHECK(r[TRY_FORK] == '0');
    CHECK(r[TRY_PTRACE] == '0');
    CHECK(r[TRY_KILL_PARENT] == '0');
    CHECK(r[TRY_CHMOD] == '0');
    CHECK(r[TRY_SIGNAL_SELF] == '1');     /* raise() still works */
}

TEST(landlock_confines_files)
{
    char r[TRY_COUNT];
    if (landlock_abi == 0) { harness_skip("no Landlock in this kernel"); return; }
    CHECK(run_child(r) == 0);
    CHECK(r[TRY_WRITE_OUT] == '1');
    CHECK(r[TRY_RENAME_OUT] == '1');
    CHECK(r[TRY_READ_IN] == '1');
    CHECK(r[TRY_WRITE_OTHER] == '0');
    CHECK(r[TRY_WRITE_IN] == '0');
    CHECK(r[TRY_READ_OTHER] == '0');
    CHECK(r[TRY_READ_ENVIRON] == '0');
    CHECK(r[TRY_READ_PASSWD] == '0');
    CHECK(r[TRY_MKDIR_OUT] == '0');
    CHECK(r[TRY_SYMLINK_OUT] == '0');
}

TEST(limits_hold)
{
    char r[TRY_COUNT];
    CHECK(run_child(r) == 0);
    CHECK(r[TRY_BIG_FILE] == '0');       /* RLIMIT_FSIZE 1 MB: EFBIG, not SIGXFSZ */
#ifndef __SANITIZE_ADDRESS__
    CHECK(r[TRY_BIG_MALLOC] == '0');     /* RLIMIT_DATA 256 MB */
#endif
}

TEST(nothing_escaped)
{
    struct stat sb;
    char path[400];
    snprintf(path, sizeof path, "%s/evil.txt", other_dir);
    CHECK(landlock_abi == 0 || stat(path, &sb) != 0);
    snprintf(path, sizeof path, "%s/readable.txt", in_dir);
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0644);
}

TEST(probe_reports)
{
    /* This machine's kernel (Linux 6.x with Landlock) is what CI runs on;
     * the probe must at least agree with itself. */
    int abi, sc;
    confine_probe(&abi, &sc);
    CHECK_INT(abi, landlock_abi);
    CHECK_INT(sc, seccomp_ok);
    printf("# Landlock ABI %d, seccomp %s\n", abi, sc ? "yes" : "no");
}

int main(void)
{
    char path[400];
    if (!mkdtemp(tmpdir)) return 1;
    snprintf(in_dir, sizeof in_dir, "%s/in", tmpdir);
    snprintf(out_dir, sizeof out_dir, "%s/out", tmpdir);
    snprintf(other_dir, sizeof other_dir, "%s/other", tmpdir);
    if (mkdir(in_dir, 0755) || mkdir(out_dir, 0755) || mkdir(other_dir, 0755)) return 1;
    snprintf(path, sizeof path, "%s/readable.txt", in_dir);
    if (!write_file(in_dir, "readable.txt", 10) || chmod(path, 0644) != 0) return 1;
    if (!write_file(other_dir, "secret.txt", 10)) return 1;
    confine_probe(&landlock_abi, &seccomp_ok);

    RUN(seccomp_refuses);
    RUN(landlock_confines_files);
    RUN(limits_hold);
    RUN(nothing_escaped);
    RUN(probe_reports);

    {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
        if (system(cmd) != 0) return 1;
    }
    return harness_done();
}
