/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_linedoc.c — libFuzzer target for what a structured reader's child
 * hands back to brief (linedoc_decode, which must refuse anything
 * linedoc_encode did not write) and the parse of the lines it holds
 * (ingest_parse_lines, with --explain's records kept): hints, headings,
 * captions and furniture rules as odd as the bytes make them. The readers'
 * libraries (libxml2, libzip) run in their child under limits
 * (os/isolate.h). A crash, a sanitizer report, a leak or a hang is a bug;
 * an error code is a correct answer.
 *
 * The corpus tests/fuzz/linedoc/ holds encoded documents written by
 * tests/tools/linedoc_corpus.py; `make test` replays it. */
#include "fuzz.h"
#include "ingest/ingest.h"
#include "ingest/linedoc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    linedoc *doc = NULL;
    const ingest_line *lines;
    const ingest_doc_hints *hints;
    size_t count;
    char err[256];
    if (linedoc_decode(data, size, &doc, err, sizeof err) != 0) return 0;
    linedoc_lines(doc, &lines, &count, &hints);
    fuzz_parse_lines(lines, count, hints, "html");
    linedoc_free(doc);
    return 0;
}
