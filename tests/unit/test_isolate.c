/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_isolate.c — a function run in a child under limits: its output and
 * its error come back; a child that sleeps past its time, crashes, says too
 * much or eats memory fails alone, with a message, and the parent goes on. */
#include "harness.h"
#include "os/isolate.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int say(void *ctx, sbuf *out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    sbuf_puts(out, ctx);
    return 0;
}

static int refuse(void *ctx, sbuf *out, char *err, size_t errlen)
{
    (void)ctx; (void)out;
    snprintf(err, errlen, "the file needs a password");
    return 3;
}

static int sleep_long(void *ctx, sbuf *out, char *err, size_t errlen)
{
    (void)ctx; (void)out; (void)err; (void)errlen;
    for (;;) pause();
    return 0;
}

static int crash(void *ctx, sbuf *out, char *err, size_t errlen)
{
    (void)ctx; (void)out; (void)err; (void)errlen;
    raise(SIGSEGV);
    return 0;
}

static int say_much(void *ctx, sbuf *out, char *err, size_t errlen)
{
    (void)ctx; (void)err; (void)errlen;
    for (int i = 0; i < 200000; i++) sbuf_puts(out, "0123456789");
    return 0;
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1   /* RLIMIT_DATA is not applied (confine.h): no memory limit to test */
#endif

#ifndef UNDER_ASAN
/* What a library does when memory runs out: give up (glib aborts). */
static int eat_memory(void *ctx, sbuf *out, char *err, size_t errlen)
{
    (void)ctx; (void)out; (void)err; (void)errlen;
    for (;;) {
        char *p = malloc(1 << 20);
        if (!p) abort();
        memset(p, 1, 1 << 20);
    }
    return 0;
}
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

TEST(output_and_errors_come_back)
{
    isolate_limits lim = {5, 0, 1 << 20};
    sbuf out = SBUF_INIT;
    char err[256] = "";
    sbuf_puts(&out, ">");
    CHECK_INT(isolate_run(say, "重庆工会信息", &lim, &out, err, sizeof err), ISOLATE_OK);
    CHECK_STR(out.data, ">重庆工会信息");
    CHECK_INT(isolate_run(refuse, NULL, &lim, &out, err, sizeof err), 3);
    CHECK_STR(err, "the file needs a password");
    CHECK_STR(out.data, ">重庆工会信息");   /* nothing appended on failure */
    sbuf_free(&out);
}

TEST(time_crash_and_size_limits)
{
    isolate_limits lim = {0.3, 0, 1 << 20};
    sbuf out = SBUF_INIT;
    char err[256];
    double t0 = now();
    CHECK_INT(isolate_run(sleep_long, NULL, &lim, &out, err, sizeof err), ISOLATE_FAILED);
    CHECK(now() - t0 < 3);
    CHECK_STR(err, "the reader took longer than 0 s (the limit for one file)");
    lim.time_s = 5;
    CHECK_INT(isolate_run(crash, NULL, &lim, &out, err, sizeof err), ISOLATE_FAILED);
#ifdef UNDER_ASAN
    CHECK_STR(err, "the reader ended without a result (exit status 1)");   /* ASan reports the SEGV, exits 1 */
#else
    CHECK_STR(err, "the reader crashed (signal 11)");
#endif
    CHECK_INT(isolate_run(say_much, NULL, &lim, &out, err, sizeof err), ISOLATE_FAILED);
    CHECK_STR(err, "the reader's output is over 1 MB (the limit for one file)");
    CHECK_INT(out.len, 0);
    /* and the parent goes on */
    CHECK_INT(isolate_run(say, "ok", &lim, &out, err, sizeof err), ISOLATE_OK);
    CHECK_STR(out.data, "ok");
    sbuf_free(&out);
}

TEST(memory_limit_holds)
{
#ifdef UNDER_ASAN
    harness_skip("RLIMIT_DATA is not applied under AddressSanitizer (its shadow memory counts as data)");
#else
    isolate_limits lim = {20, 64u << 20, 1 << 20};
    sbuf out = SBUF_INIT;
    char err[256];
    CHECK_INT(isolate_run(eat_memory, NULL, &lim, &out, err, sizeof err), ISOLATE_FAILED);
    CHECK_STR(err, "the reader crashed or ran out of memory (signal 6; its limit is 64 MB)");
    sbuf_free(&out);
#endif
}

int main(void)
{
    RUN(output_and_errors_come_back);
    RUN(time_crash_and_size_limits);
    RUN(memory_limit_holds);
    return harness_done();
}
