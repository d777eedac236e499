/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz.h — what the fuzz targets share: libFuzzer's entry points, and the
 * parse that ends the readers' targets (their lines handed to
 * ingest_parse_lines with --explain's records kept, as brief ingest does).
 *
 * LLVMFuzzerInitialize is optional: libFuzzer and replay.c call it only when
 * a target defines it (a weak symbol), so a target with nothing to set up
 * leaves it out. Header only, for tests/fuzz/fuzz_*.c. */
#ifndef BRIEF_FUZZ_H
#define BRIEF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ingest/ingest.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses a reader's lines as brief ingest would (kind: "pdf", "html",
 * "docx"); whatever comes out is freed. */
static inline void fuzz_parse_lines(const ingest_line *lines, size_t count, const ingest_doc_hints *hints,
                                    const char *kind)
{
    ingest_options o;
    ingest_bulletin *b = NULL;
    char err[256];
    memset(&o, 0, sizeof o);
    o.keep_lines = 1;
    if (ingest_parse_lines(lines, count, hints, kind, NULL, &o, &b, err, sizeof err) == INGEST_OK)
        ingest_bulletin_destroy(b);
}

#endif
