/* SPDX-License-Identifier: GPL-3.0-or-later */
/* isolate.h — runs one function on a stranger's file in a child process of
 * its own, under limits, and hands back what it wrote: a reader built on a
 * large C library (poppler) that a hostile file crashes, hangs or fills
 * with memory then fails alone, and the run goes on with the next file.
 *
 * The child: no core file, stdin and stdout closed, stderr sent to
 * /dev/null (a library's own complaints are not brief's messages), then
 * confined with confine.h (RLIMIT_DATA at the memory limit; Landlock:
 * reading only the system's folders, writing nothing; seccomp: no program,
 * no socket, no new process), then the function. Its output comes back
 * through a pipe. The parent waits at most the time limit, reads at most
 * the output limit, and ends the child (SIGKILL) past either.
 *
 * Where the kernel lacks Landlock or seccomp the limits and the process
 * boundary still hold. No globals; the child never returns from
 * isolate_run. */
#ifndef BRIEF_ISOLATE_H
#define BRIEF_ISOLATE_H

#include <stddef.h>

#include "util/sbuf.h"

typedef struct isolate_limits {
    double time_s;             /* wall time of the child, > 0 */
    size_t data_bytes;         /* its RLIMIT_DATA; 0: unchanged */
    size_t output_bytes;       /* the most it may hand back */
} isolate_limits;

/* The work done in the child: appends its result to out and returns 0, or
 * returns a code > 0 with a message in err (handed back as is). */
typedef int (*isolate_fn)(void *ctx, sbuf *out, char *err, size_t errlen);

/* Result codes of isolate_run besides the function's own (> 0). */
#define ISOLATE_OK      0
#define ISOLATE_FAILED -1   /* the child crashed, ran out of time or memory, or could not start: err says */

/* Runs fn(ctx, ...) in a child. On ISOLATE_OK, out holds what it wrote
 * (appended); on the function's code, err its message; on ISOLATE_FAILED,
 * err says what happened ("took longer than 20 s", "crashed (signal 11)",
 * "ran out of memory (limit 1024 MB)"). */
int isolate_run(isolate_fn fn, void *ctx, const isolate_limits *limits, sbuf *out, char *err, size_t errlen);

#endif
