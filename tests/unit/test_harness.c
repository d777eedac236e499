/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_harness.c — the harness of the unit tests itself: a test that
 * checks nothing fails, one that skips or checks does not. The inner tests
 * run with stdout sent to /dev/null (their PASS/FAIL lines are not this
 * driver's) and the harness's counts are restored after each. */
#include "harness.h"

#include <fcntl.h>
#include <unistd.h>

TEST(checks_nothing) {}
TEST(checks_once) { CHECK(1 + 1 == 2); }
TEST(skips_without_a_check) { harness_skip("no fonts"); }
TEST(fails_a_check) { CHECK_INT(1, 2); }

/* Runs fn as a test of its own, quietly; returns 1 when it failed. */
static int inner_fails(void (*fn)(void))
{
    harness_state saved = harness_g;
    int out, null, failed;
    fflush(stdout);
    out = dup(1);
    null = open("/dev/null", O_WRONLY);
    if (out < 0 || null < 0) return -1;
    dup2(null, 1);
    harness_run("inner", fn);
    fflush(stdout);
    dup2(out, 1);
    close(out);
    close(null);
    failed = harness_g.failed_tests - saved.failed_tests;
    harness_g = saved;
    return failed;
}

TEST(a_test_that_checks_nothing_fails)
{
    CHECK_INT(inner_fails(test_checks_nothing), 1);
}

TEST(a_test_that_checks_passes)
{
    CHECK_INT(inner_fails(test_checks_once), 0);
}

TEST(a_test_that_skips_does_not_fail)
{
    CHECK_INT(inner_fails(test_skips_without_a_check), 0);
}

TEST(a_failed_check_fails)
{
    CHECK_INT(inner_fails(test_fails_a_check), 1);
}

int main(void)
{
    RUN(a_test_that_checks_nothing_fails);
    RUN(a_test_that_checks_passes);
    RUN(a_test_that_skips_does_not_fail);
    RUN(a_failed_check_fails);
    return harness_done();
}
