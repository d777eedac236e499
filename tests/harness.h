/* SPDX-License-Identifier: GPL-3.0-or-later */
/* harness.h — the header-only harness of brief's C unit tests.
 *
 * A driver is one file, tests/unit/test_MODULE.c:
 *
 *     #include "harness.h"
 *     TEST(joins_broken_lines) { CHECK(x == 1); CHECK_STR(a, "b"); }
 *     int main(void) { RUN(joins_broken_lines); return harness_done(); }
 *
 * Each test prints one line "PASS name" or "FAIL name: file:line: what", which
 * tests/run.sh counts; a failed CHECK ends that test, not the driver.
 * harness_skip("why") inside a test prints "SKIP name: why". A test that
 * neither checks anything nor skips fails ("made no check"): a test that
 * cannot fail proves nothing. */
#ifndef BRIEF_TEST_HARNESS_H
#define BRIEF_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef struct harness_state {
    int failed_checks;  /* in the running test */
    int checks;         /* CHECKs made by the running test */
    int skipped;        /* the running test skipped itself */
    int passed_tests;
    int failed_tests;
    const char *name;
} harness_state;

static harness_state harness_g; /* one driver, one process: test-only state */

#define TEST(name) static void test_##name(void)

#define RUN(name) harness_run(#name, test_##name)

#define CHECK(cond) do { harness_g.checks++; if (!(cond)) { \
    harness_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); return; } } while (0)

#define CHECK_INT(got, want) do { long long g_ = (long long)(got), w_ = (long long)(want); harness_g.checks++; \
    if (g_ != w_) { harness_fail(__FILE__, __LINE__, "%s == %lld, want %lld", #got, g_, w_); return; } } while (0)

#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); harness_g.checks++; \
    if (!g_ || !w_ || strcmp(g_, w_) != 0) { harness_fail(__FILE__, __LINE__, "%s == \"%s\", want \"%s\"", \
        #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); return; } } while (0)

#define CHECK_NEAR(got, want, tol) do { double g_ = (got), w_ = (want); harness_g.checks++; \
    if (fabs(g_ - w_) > (tol)) { harness_fail(__FILE__, __LINE__, "%s == %.4f, want %.4f", #got, g_, w_); return; } } while (0)

__attribute__((format(printf, 3, 4)))
static inline void harness_fail(const char *file, int line, const char *fmt, ...);

#include <stdarg.h>
static inline void harness_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    harness_g.failed_checks++;
    printf("FAIL %s: %s:%d: ", harness_g.name, file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

static inline void harness_skip(const char *why)
{
    harness_g.skipped = 1;
    printf("SKIP %s: %s\n", harness_g.name, why);
}

static inline void harness_run(const char *name, void (*fn)(void))
{
    harness_g.name = name;
    harness_g.failed_checks = 0;
    harness_g.checks = 0;
    harness_g.skipped = 0;
    fn();
    if (!harness_g.failed_checks && !harness_g.skipped && harness_g.checks == 0)
        harness_fail(__FILE__, __LINE__, "made no check");
    if (harness_g.failed_checks) {
        harness_g.failed_tests++;
    } else if (!harness_g.skipped) {
        harness_g.passed_tests++;
        printf("PASS %s\n", name);
    }
    fflush(stdout);
}

/* The whole file at path, NUL-terminated past its *len bytes (free it),
 * or NULL with *len 0 when it cannot be read: test data of the drivers. */
static inline unsigned char *harness_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long n;
    *len = 0;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)n + 1)) != NULL && fread(data, 1, (size_t)n, f) == (size_t)n) {
        data[n] = 0;
        *len = (size_t)n;
    }
    fclose(f);
    return data;
}

static inline int harness_done(void)
{
    return harness_g.failed_tests ? 1 : 0;
}

#endif
