/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c — brief's entry point: dispatches to a command of engine/cli/cli_*.c. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* BRIEF_COMMIT: `git describe --always --dirty` of the checkout it was
 * built in, "" elsewhere (build/gen/brief_commit.h, from the Makefile). */
#include "brief_commit.h"

#ifndef BRIEF_VERSION
#define BRIEF_VERSION "dev"
#endif

typedef struct cli_command {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *summary;
} cli_command;

static const cli_command cli_commands[] = {
    {"ingest",  cli_ingest,  "read bulletin text files into the database"},
    {"bulletins", cli_bulletins, "list the stored bulletins and what to review"},
    {"show",    cli_show,    "print one bulletin as stored, with the rule behind each decision"},
    {"set",     cli_set,     "correct a bulletin's date, source, or an article's title"},
    {"join",    cli_join,    "make an article and the next one article"},
    {"split",   cli_split,   "cut an article in two at a paragraph"},
    {"delete",  cli_delete,  "delete bulletins (recorded; ingest --restore undoes it)"},
    {"search",  cli_search,  "full-text search over the stored articles"},
    {"sql",     cli_sql,     "run a read-only SQL query"},
    {"typeset", cli_typeset, "set a bulletin text file as a PDF (layout debug path)"},
    {"run",     cli_run,     "run a Lua report script"},
    {"batch",   cli_batch,   "run the jobs of a manifest, for schedulers"},
    {"runs",    cli_runs,    "list the recorded batch job runs"},
    {"doctor",  cli_doctor,  "check fonts, data files, the database and the batch lock"},
};

static void usage(FILE *to)
{
    size_t i;
    fprintf(to,
        "usage: brief COMMAND [OPTIONS] [ARGS]\n"
        "       brief --help | --version\n\n"
        "brief turns Chinese news bulletins into PDF briefings (简报).\n\n"
        "Commands:\n");
    for (i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
        fprintf(to, "  %-9s  %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(to, "\nRun 'brief COMMAND --help' for a command's options.\n"
                "The database is --db PATH, else $BRIEF_DB, else ./brief.db.\n");
}

/* Memory for a short-lived process that touches tens of MB once.
 *
 * Every 4 KB page touched for the first time is a page fault; on the
 * virtual machines brief runs on (and measured here) a fault costs 10-15 us,
 * so a 200-page `brief typeset` spent a third of its CPU time in 5,300 of
 * them (bench/README.md). Three process-wide malloc settings, made once
 * before any command runs:
 *  - blocks up to 32 MB come from the heap rather than from a fresh mmap
 *    each (glibc's default above 128 KB), and freed memory is kept, so a
 *    growing array or a freed buffer reuses pages already touched;
 *  - the heap grows 64 MB at a time (address space only: nothing is touched
 *    until used), and that first stretch is marked MADV_HUGEPAGE, so with
 *    transparent huge pages in "madvise" mode (Debian's default) it is
 *    faulted in 2 MB at a time: 5,300 faults become about 1,100 and the
 *    200-page run takes about half the CPU time.
 * Where huge pages are off, or under valgrind (which has its own malloc),
 * the calls change nothing and fail harmlessly. Peak RSS grows by at most
 * the unused part of the last 2 MB page. */
static void *volatile heap_gap; /* volatile: a store never read would be dropped, and the malloc with it */

static void memory_setup(void)
{
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t from, to;
    char *start;
    void *probe;

    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
    /* One arena for every thread: the helper that subsets fonts while the
     * pages are written (util/parallel.h) then allocates from the same
     * huge pages, not from a fresh 64 MB arena faulted in 4 KB at a time
     * (250 faults, 3 ms, for a long document). */
    mallopt(M_ARENA_MAX, 1);
    /* A request larger than what the heap has free makes it grow now, by
     * the request plus the pad; the grown stretch is what gets advised. */
    start = sbrk(0);
    probe = malloc((size_t)1 << 20);
    from = ((uintptr_t)start + huge - 1) & ~(huge - 1);
    to = (uintptr_t)sbrk(0) & ~(huge - 1);
    if (probe && start != (void *)-1 && to > from)
        (void)madvise((void *)from, to - from, MADV_HUGEPAGE);
    free(probe);
    /* The stretch of heap below the first 2 MB boundary cannot be a huge
     * page, and the first blocks asked for (the input file, its decoded
     * text: a megabyte for a long document) would land there and fault in
     * 4 KB at a time: it is taken once and never used, so that what
     * follows starts on the boundary. Address space only: the block is
     * never touched beyond malloc's header (kept in heap_gap, the one
     * static of main.c, so that leak checkers see it reachable). */
    if (probe && start != (void *)-1 && to > from && from - (uintptr_t)start > 4096)
        heap_gap = malloc(from - (uintptr_t)start - 4096);
}

int main(int argc, char **argv)
{
    size_t i;

    memory_setup();

    /* Numbers are printed and parsed in the C locale whatever the user's is. */
    setlocale(LC_ALL, "C");
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        if (*BRIEF_COMMIT) printf("brief %s (%s)\n", BRIEF_VERSION, BRIEF_COMMIT);
        else printf("brief %s\n", BRIEF_VERSION);
        return CLI_OK;
    }
    for (i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
        if (strcmp(argv[1], cli_commands[i].name) == 0)
            return cli_commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "brief: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
