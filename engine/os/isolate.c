/* SPDX-License-Identifier: GPL-3.0-or-later */
/* isolate.c — a function run in a child process under limits (isolate.h). */
#include "os/isolate.h"
#include "os/confine.h"
#include "os/fspolicy.h"
#include "util/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The child: confined, runs fn, writes a header (int32 code, uint32
 * length) and the output or message; never returns. */
__attribute__((noreturn))
static void child(int fd, isolate_fn fn, void *ctx, const isolate_limits *limits)
{
    char err[512] = "", note[256];
    sbuf out = SBUF_INIT;
    int32_t code;
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
    }
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_IGN);   /* the parent decides about a Ctrl-C; the child ends with it */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    fspolicy *policy = fspolicy_create();
    confine_limits cl = {limits->data_bytes, 0};
    int confined = policy && confine_apply(policy, &cl, note, sizeof note, err, sizeof err) == 0;
    fspolicy_destroy(policy);   /* the kernel holds the rules now */
    if (!confined) {
        code = -1;
        if (!err[0]) snprintf(err, sizeof err, "out of memory");
    } else {
        code = fn(ctx, &out, err, sizeof err);
        if (code == 0 && sbuf_failed(&out)) { code = -1; snprintf(err, sizeof err, "out of memory"); }
    }
    const char *data = code == 0 ? (out.data ? out.data : "") : err;
    uint32_t len = (uint32_t)(code == 0 ? out.len : strlen(err));
    if (paths_write_full(fd, &code, sizeof code) == 0 && paths_write_full(fd, &len, sizeof len) == 0) paths_write_full(fd, data, len);
    sbuf_free(&out);
    _exit(0);
}

int isolate_run(isolate_fn fn, void *ctx, const isolate_limits *limits, sbuf *out, char *err, size_t errlen)
{
    int fds[2];
    unsigned char head[8];
    size_t got = 0, want = sizeof head, start = out->len;
    int32_t code = 0;
    uint32_t len = 0;
    int status = 0, timed_out = 0, too_big = 0, short_read = 0;

    if (pipe2(fds, O_CLOEXEC) != 0) {
        SET_ERR("cannot start the reader: %s", strerror(errno));
        return ISOLATE_FAILED;
    }
    fflush(NULL);   /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        SET_ERR("cannot start the reader: %s", strerror(errno));
        return ISOLATE_FAILED;
    }
    if (pid == 0) {
        close(fds[0]);
        child(fds[1], fn, ctx, limits);
    }
    close(fds[1]);
    double deadline = now_s() + limits->time_s;
    /* The header, then the body it announces. */
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0) { timed_out = 1; break; }
        struct pollfd p = {fds[0], POLLIN, 0};
        int r = poll(&p, 1, (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR) continue;
        if (r == 0) continue;
        if (r < 0) { short_read = 1; break; }
        unsigned char buf[65536];
        size_t room = got < sizeof head ? sizeof head - got : want - got;
        if (room > sizeof buf) room = sizeof buf;
        ssize_t n = read(fds[0], buf, room);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { short_read = got < want; break; }
        if (got < sizeof head) {
            memcpy(head + got, buf, (size_t)n);
        } else if (code == 0) {
            sbuf_append(out, (const char *)buf, (size_t)n);
        } else if (got - sizeof head + (size_t)n < (size_t)errlen) {
            memcpy(err + (got - sizeof head), buf, (size_t)n);
            err[got - sizeof head + (size_t)n] = '\0';
        }
        got += (size_t)n;
        if (got == sizeof head) {
            memcpy(&code, head, 4);
            memcpy(&len, head + 4, 4);
            if (code == 0 && len > limits->output_bytes) { too_big = 1; break; }
            if (code != 0 && errlen) err[0] = '\0';
            want = sizeof head + len;
        }
        if (got >= sizeof head && got == want) break;
    }
    close(fds[0]);
    if (timed_out || too_big) kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (timed_out) {
        SET_ERR("the reader took longer than %.0f s (the limit for one file)", limits->time_s);
        out->len = start;
        return ISOLATE_FAILED;
    }
    if (too_big) {
        SET_ERR("the reader's output is over %zu MB (the limit for one file)", limits->output_bytes >> 20);
        out->len = start;
        return ISOLATE_FAILED;
    }
    if (short_read || got < sizeof head || got != want || sbuf_failed(out)) {
        out->len = start;
        if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGABRT || WTERMSIG(status) == SIGSEGV) && limits->data_bytes)
            SET_ERR("the reader crashed or ran out of memory (signal %d; its limit is %zu MB)", WTERMSIG(status),
                    limits->data_bytes >> 20);
        else if (WIFSIGNALED(status))
            SET_ERR("the reader crashed (signal %d)", WTERMSIG(status));
        else if (sbuf_failed(out))
            SET_ERR("out of memory");
        else
            SET_ERR("the reader ended without a result (exit status %d)", WEXITSTATUS(status));
        return ISOLATE_FAILED;
    }
    if (code < 0) {
        out->len = start;
        if (!err[0]) SET_ERR("the reader failed");
        return ISOLATE_FAILED;
    }
    if (code > 0) out->len = start;
    return code;
}
