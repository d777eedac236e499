/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prefault.c — the parent's resident heap pages taken by a child at once
 * (prefault.h). */
#include "os/prefault.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14 */
#endif

/* Adds the run [lo, hi) to plan, keeping the largest runs. */
static void add_run(prefault_plan *plan, uintptr_t lo, uintptr_t hi)
{
    int i, smallest = 0;
    if (plan->runs < PREFAULT_MAX_RUNS) {
        plan->lo[plan->runs] = lo;
        plan->hi[plan->runs++] = hi;
        return;
    }
    for (i = 1; i < plan->runs; i++)
        if (plan->hi[i] - plan->lo[i] < plan->hi[smallest] - plan->lo[smallest]) smallest = i;
    if (hi - lo > plan->hi[smallest] - plan->lo[smallest]) {
        plan->lo[smallest] = lo;
        plan->hi[smallest] = hi;
    }
}

size_t prefault_plan_heap(prefault_plan *plan)
{
    struct mallinfo2 mi = mallinfo2();
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), end = (uintptr_t)sbrk(0), start, run = 0;
    unsigned char *vec;
    size_t pages, i;
    int in = 0;

    memset(plan, 0, sizeof *plan);
    /* the main arena is the stretch below the program break */
    if (end == (uintptr_t)-1 || mi.arena == 0 || mi.arena > end || page == 0 || page == (uintptr_t)-1) return 0;
    start = (end - mi.arena + page - 1) & ~(page - 1);
    end &= ~(page - 1);
    if (end <= start) return 0;
    pages = (size_t)((end - start) / page);
    vec = malloc(pages);
    if (!vec) return 0;
    if (mincore((void *)start, (size_t)(end - start), vec) != 0) {
        free(vec);
        return 0;
    }
    for (i = 0; i <= pages; i++) {
        int resident = i < pages && (vec[i] & 1);
        if (resident && !in) run = start + i * page;
        if (!resident && in) add_run(plan, run, start + i * page);
        in = resident;
    }
    free(vec);
    for (i = 0; i < (size_t)plan->runs; i++) plan->bytes += plan->hi[i] - plan->lo[i];
    return plan->bytes;
}

size_t prefault_apply(const prefault_plan *plan)
{
    size_t bytes = 0;
    int i;
    for (i = 0; i < plan->runs; i++)
        if (madvise((void *)plan->lo[i], plan->hi[i] - plan->lo[i], MADV_POPULATE_WRITE) == 0)
            bytes += plan->hi[i] - plan->lo[i];
    return bytes;
}
