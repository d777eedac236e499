/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_pdfread.c — libFuzzer target for the PDF reader's side that runs in
 * brief's own process: the decoding of what the confined poppler child
 * hands back (pdfread_decode, which must refuse anything pdfread_encode
 * did not write), the geometry that turns its lines into paragraphs
 * (pdfread_lines: furniture, columns, paragraphs; boxes, sizes and pages as
 * odd as the bytes make them), and the parse of those lines
 * (ingest_parse_lines, --explain's records kept). Poppler itself runs in
 * its child under limits (os/isolate.h) and is fuzzed by its own project.
 * A crash, a sanitizer report, a leak or a hang is a bug; an error code is
 * a correct answer.
 *
 * The corpus tests/fuzz/pdfread/ holds the encodings of the PDFs of
 * tests/data/pdf and of brief typeset's samples; `make test` replays it. */
#include "fuzz.h"
#include "ingest/ingest.h"
#include "ingest/pdfread.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pdfread_doc *doc = NULL;
    const ingest_line *lines;
    const ingest_doc_hints *hints;
    size_t count;
    char err[256];
    if (pdfread_decode(data, size, &doc, err, sizeof err) != PDFREAD_OK) return 0;
    if (pdfread_lines(doc, &lines, &count, &hints) == PDFREAD_OK) fuzz_parse_lines(lines, count, hints, "pdf");
    pdfread_doc_destroy(doc);
    return 0;
}
