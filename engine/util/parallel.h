/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parallel.h — a few independent tasks shared between the calling thread
 * and one helper thread, for the costly parts of one command that need not
 * wait for each other (the font subsets of a PDF while its pages are
 * written: pdf.c).
 *
 *     parallel p;
 *     parallel_start(&p, task, ctx, count, 1);   // the helper starts on task 0
 *     ... the caller's own work ...
 *     parallel_finish(&p);                    // the caller takes what is left, then waits
 *
 * Contract: task(ctx, i) runs exactly once for each i in 0..count-1, tasks
 * taken in index order (put the longest first), each on whichever thread
 * takes it; a task writes its results where no other task does (its own
 * slot of ctx) and reports failure there too. After parallel_finish every
 * task has run and its writes are visible to the caller. One helper, not
 * more: brief's machines have two cores and a batch already keeps both
 * busy with jobs. No helper is started when the caller says so (helper 0:
 * a process that runs beside others keeping every CPU busy, brief batch's
 * jobs), when the process may run on one CPU only, when count is 0, or when
 * the thread cannot be created (a sandbox, memory): parallel_finish then
 * runs every task on the caller, so the
 * results never depend on threads, only the time. The helper's stack is
 * 2 MiB (tasks keep their data on the heap). No globals. */
#ifndef BRIEF_PARALLEL_H
#define BRIEF_PARALLEL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

typedef void (*parallel_task)(void *ctx, size_t index);

typedef struct parallel {
    parallel_task task;
    void *ctx;
    size_t count;
    atomic_size_t next;   /* the first task no thread has taken */
    pthread_t helper;
    int started;          /* 1: helper is running or to be joined */
} parallel;

/* Sets p up and, when helper is 1, starts the helper, which runs tasks
 * until none is left; helper 0: no thread, parallel_finish runs them all. */
void parallel_start(parallel *p, parallel_task task, void *ctx, size_t count, int helper);

/* The CPUs this process may run on (its affinity mask), at least 1. */
int parallel_cpus(void);

/* Runs the tasks no thread has taken yet on the caller, then waits for the
 * helper. p may be started again afterwards. */
void parallel_finish(parallel *p);

#endif
