/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_roles.c — libFuzzer target for the line classifier (roles.c with
 * lines.c, meta.c, assemble.c and datefind.c behind ingest_parse): any bytes,
 * with --explain's line records kept, and a profile whose two callbacks give
 * lines roles drawn from the input itself (any role, out of range ones too),
 * as a hostile profile could. A crash, a sanitizer report, a leak or a hang
 * is a bug; an error code is a correct answer.
 *
 * Built with clang -fsanitize=fuzzer by `make fuzz`, and without libFuzzer by
 * `make fuzz-replay` (tests/fuzz/replay.c supplies main), which replays
 * tests/fuzz/roles/ in `make test`. */
#include "ingest/ingest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    return 0;
}

typedef struct chooser {
    const uint8_t *data;
    size_t size, at;
} chooser;

/* Sets the role of every line whose first byte, mixed with the input, says
 * so; the role may be anything from -3 to INGEST_ROLE_COUNT + 2. */
static int scramble(void *ctx, ingest_line_role *lines, size_t n, char *err, size_t errlen)
{
    chooser *c = ctx;
    (void)err; (void)errlen;
    for (size_t i = 0; i < n && c->size; i++) {
        uint8_t b = c->data[c->at++ % c->size];
        if (b % 5) continue;
        lines[i].role = (int)(b % (INGEST_ROLE_COUNT + 6)) - 3;
        lines[i].rule = (b & 1) ? "fuzz" : NULL;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chooser c = {data, size, 0};
    ingest_profile pr;
    ingest_options o;
    memset(&pr, 0, sizeof pr);
    memset(&o, 0, sizeof o);
    o.keep_lines = 1;
    o.filename = "fuzz-2023-10-09.txt";
    for (int pass = 0; pass < 2; pass++) {
        ingest_bulletin *b = NULL;
        char err[256];
        o.profile = pass ? &pr : NULL;
        pr.lines = scramble;
        pr.hook = scramble;
        pr.ctx = &c;
        if (ingest_parse(data, size, &o, &b, err, sizeof err) != INGEST_OK) {
            if (b) abort();
            continue;
        }
        for (size_t i = 0; i < b->article_count; i++)
            if (!b->articles[i].title) abort();
        for (size_t i = 0; i < b->line_count; i++)
            if (!b->lines[i].text || !ingest_role_name(b->lines[i].role)) abort();
        if (b->issued_on && strlen(b->issued_on) != 10) abort();
        ingest_bulletin_destroy(b);
    }
    return 0;
}
