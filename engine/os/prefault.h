/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prefault.h — a forked child takes its own copy of the parent's heap pages
 * in one call, not one fault at a time.
 *
 * After fork, parent and child share their heap pages until one writes:
 * every page the child writes is then a copy-on-write fault (a trap into
 * the kernel, the page copied, the TLB entry flushed). A batch job wrote
 * about 300 of the parent's heap pages, the memory malloc reused, and on
 * the virtual machines brief is measured on each such fault costs several
 * microseconds. The parent records where its heap's resident pages are
 * (prefault_plan_heap, once, before the first fork); each child copies
 * them all at once (prefault_apply: MADV_POPULATE_WRITE, Linux 5.14), a
 * few hundred more pages than it would have written, but without a trap
 * for each (bench/README.md: 2.5 % less CPU a weekly brief).
 *
 * Contract: the heap is glibc's main arena (brief sets one arena and keeps
 * large blocks in it: cli/main.c); under another allocator (a sanitizer's)
 * or an older kernel nothing is done and nothing changes but the speed.
 * Plans are plain data, copied by fork. No globals. */
#ifndef BRIEF_PREFAULT_H
#define BRIEF_PREFAULT_H

#include <stddef.h>
#include <stdint.h>

#define PREFAULT_MAX_RUNS 32

typedef struct prefault_plan {
    uintptr_t lo[PREFAULT_MAX_RUNS], hi[PREFAULT_MAX_RUNS];   /* runs of resident pages */
    int runs;
    size_t bytes;              /* in all */
} prefault_plan;

/* Fills *plan with the runs of the heap's pages resident now (mincore),
 * the largest PREFAULT_MAX_RUNS of them. Returns their bytes (0: an empty
 * plan). */
size_t prefault_plan_heap(prefault_plan *plan);

/* In a child after fork: makes the plan's pages its own now. Returns the
 * bytes it took (0 when the kernel cannot: the pages then come one fault
 * at a time, as without it). */
size_t prefault_apply(const prefault_plan *plan);

#endif
