/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parallel.c — the calling thread and one helper taking tasks in turn
 * (see parallel.h). */
#include "util/parallel.h"

#include <sched.h>

/* Takes and runs tasks until none is left. */
static void run_tasks(parallel *p)
{
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->count) return;
        p->task(p->ctx, i);
    }
}

static void *helper_main(void *arg)
{
    run_tasks(arg);
    return NULL;
}

int parallel_cpus(void)
{
    cpu_set_t set;
    int n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    return n > 0 ? n : 1;
}

void parallel_start(parallel *p, parallel_task task, void *ctx, size_t count, int helper)
{
    pthread_attr_t attr;

    p->task = task;
    p->ctx = ctx;
    p->count = count;
    atomic_init(&p->next, 0);
    p->started = 0;
    if (!helper || count == 0 || parallel_cpus() < 2 || pthread_attr_init(&attr) != 0) return;
    if (pthread_attr_setstacksize(&attr, (size_t)2 << 20) == 0 &&
        pthread_create(&p->helper, &attr, helper_main, p) == 0)
        p->started = 1;
    pthread_attr_destroy(&attr);
}

void parallel_finish(parallel *p)
{
    run_tasks(p);
    if (p->started) pthread_join(p->helper, NULL);
    p->started = 0;
}
