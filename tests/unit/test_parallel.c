/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_parallel.c — tasks shared between the caller and one helper: each
 * runs once, results are visible after parallel_finish, and with one CPU
 * allowed everything runs on the caller. */
#include "harness.h"
#include "util/parallel.h"

#include <sched.h>
#include <stdatomic.h>
#include <string.h>

typedef struct tally {
    atomic_int runs[64];
    pthread_t thread[64];
    long sum[64];
} tally;

static void count_task(void *ctx, size_t i)
{
    tally *t = ctx;
    long s = 0, k;
    for (k = 0; k < 20000 * (long)(i % 5 + 1); k++) s += k % 7;   /* some work, uneven */
    t->sum[i] = s;
    t->thread[i] = pthread_self();
    atomic_fetch_add(&t->runs[i], 1);
}

TEST(every_task_runs_once_and_its_result_is_seen)
{
    static tally t;
    parallel p;
    size_t i;
    int round;
    for (round = 0; round < 20; round++) {
        memset(&t, 0, sizeof t);
        parallel_start(&p, count_task, &t, 64, 1);
        parallel_finish(&p);
        for (i = 0; i < 64; i++) {
            long want = 0, k;
            for (k = 0; k < 20000 * (long)(i % 5 + 1); k++) want += k % 7;
            CHECK_INT(atomic_load(&t.runs[i]), 1);
            CHECK(t.sum[i] == want);
        }
    }
}

TEST(no_tasks_is_fine_and_a_pool_can_be_started_again)
{
    static tally t;
    parallel p;
    memset(&t, 0, sizeof t);
    parallel_start(&p, count_task, &t, 0, 1);
    parallel_finish(&p);
    CHECK_INT(atomic_load(&t.runs[0]), 0);
    parallel_start(&p, count_task, &t, 1, 1);
    parallel_finish(&p);
    CHECK_INT(atomic_load(&t.runs[0]), 1);
}

/* 16 tasks started with helper as given: none started, each run once,
 * every one on the calling thread. */
static void check_all_on_the_caller(int helper)
{
    static tally t;
    parallel p;
    size_t i;
    memset(&t, 0, sizeof t);
    parallel_start(&p, count_task, &t, 16, helper);
    CHECK_INT(p.started, 0);
    parallel_finish(&p);
    for (i = 0; i < 16; i++) {
        CHECK_INT(atomic_load(&t.runs[i]), 1);
        CHECK(pthread_equal(t.thread[i], pthread_self()));
    }
}

TEST(one_cpu_runs_every_task_on_the_caller)
{
    cpu_set_t old, one;
    size_t i;
    CHECK_INT(sched_getaffinity(0, sizeof old, &old), 0);
    CPU_ZERO(&one);
    for (i = 0; i < CPU_SETSIZE && !CPU_ISSET(i, &old); i++) {}
    CPU_SET(i, &one);
    CHECK_INT(sched_setaffinity(0, sizeof one, &one), 0);
    check_all_on_the_caller(1);
    CHECK_INT(sched_setaffinity(0, sizeof old, &old), 0);
}

TEST(no_helper_asked_runs_every_task_on_the_caller)
{
    check_all_on_the_caller(0);
}

int main(void)
{
    RUN(every_task_runs_once_and_its_result_is_seen);
    RUN(no_tasks_is_fine_and_a_pool_can_be_started_again);
    RUN(one_cpu_runs_every_task_on_the_caller);
    RUN(no_helper_asked_runs_every_task_on_the_caller);
    return harness_done();
}
