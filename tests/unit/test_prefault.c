/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_prefault.c — a forked child takes the parent's resident heap pages
 * at once (os/prefault.h): afterwards its writes to them fault no more,
 * where a child without it faults once a page; and the bytes are the
 * parent's. */
#include "harness.h"
#include "os/prefault.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define BLOCKS 1024
#define BLOCK 4000   /* under glibc's mmap threshold: from the heap */

static long minor_faults(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

/* In a child: writes a byte into every block, after taking the plan's
 * pages when apply; exits 0 when the faults were as expected (few with the
 * plan, one a page or so without) and the bytes the parent's. */
static int child_writes(char **blocks, const prefault_plan *plan, int apply)
{
    pid_t pid = fork();
    int status = -1;
    if (pid == 0) {
        long before, faults;
        int i, same = 1;
        if (apply && prefault_apply(plan) < plan->bytes) _exit(2);
        before = minor_faults();
        for (i = 0; i < BLOCKS; i++) {
            same &= blocks[i][0] == (char)(i & 0x7F) && blocks[i][BLOCK - 1] == (char)(i & 0x7F);
            blocks[i][BLOCK / 2] = 1;
        }
        faults = minor_faults() - before;
        if (!same) _exit(3);
        _exit(apply ? (faults < BLOCKS / 16 ? 0 : 4) : (faults > BLOCKS / 2 ? 0 : 5));
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

TEST(child_takes_the_heap_at_once)
{
    static char *blocks[BLOCKS];
    prefault_plan plan;
    int i;
    for (i = 0; i < BLOCKS; i++) {
        blocks[i] = malloc(BLOCK);
        CHECK(blocks[i] != NULL);
        if (!blocks[i]) return;
        memset(blocks[i], i & 0x7F, BLOCK);
    }
    if (prefault_plan_heap(&plan) == 0) {
        harness_skip("no glibc heap to read (a sanitizer's allocator)");
    } else {
        CHECK(plan.bytes >= (size_t)BLOCKS * BLOCK);
        CHECK(plan.runs >= 1 && plan.runs <= PREFAULT_MAX_RUNS);
        CHECK_INT(child_writes(blocks, &plan, 0), 0);   /* without: a fault a page */
        CHECK_INT(child_writes(blocks, &plan, 1), 0);   /* with: none to speak of */
    }
    for (i = 0; i < BLOCKS; i++) free(blocks[i]);
}

TEST(empty_plan_does_nothing)
{
    prefault_plan plan;
    memset(&plan, 0, sizeof plan);
    CHECK_INT(prefault_apply(&plan), 0);
    /* a run that is not mapped: refused by the kernel, nothing taken */
    plan.runs = 1;
    plan.lo[0] = 4096;
    plan.hi[0] = 8192;
    plan.bytes = 4096;
    CHECK_INT(prefault_apply(&plan), 0);
}

int main(void)
{
    RUN(child_takes_the_heap_at_once);
    RUN(empty_plan_does_nothing);
    return harness_done();
}
