/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_docxread.c — libFuzzer target for the Word reader's own code: the
 * walk over word/document.xml, word/styles.xml and docProps/core.xml that
 * libxml2's streaming reader hands it (styles and their chains, runs,
 * breaks, tracked changes, tables in tables, text boxes in paragraphs,
 * hints), then the bytes that cross from the child (linedoc_encode,
 * linedoc_decode) and the parse of the lines (ingest_parse_lines, with
 * --explain's records kept). libzip and libxml2 are fuzzed by their own
 * projects; here they only hand over the XML, in this process. An input is
 * document.xml, optionally followed by a NUL and styles.xml, and another NUL
 * and core.xml. A crash, a sanitizer report, a leak or a hang is a bug; an
 * error code is a correct answer.
 *
 * The corpus tests/fuzz/docxread/ holds the parts of the fixtures of
 * tests/data/docx and of test_docxread's cases; `make test` replays it. */
#include "fuzz.h"
#include "ingest/docxread.h"
#include "ingest/ingest.h"
#include "ingest/linedoc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *part[3] = {(const char *)data, NULL, NULL};
    size_t len[3] = {size, 0, 0};
    for (int k = 0; k < 2; k++) {
        const char *nul = memchr(part[k], '\0', len[k]);
        if (!nul) break;
        part[k + 1] = nul + 1;
        len[k + 1] = len[k] - (size_t)(nul + 1 - part[k]);
        len[k] = (size_t)(nul - part[k]);
    }
    linedoc *doc = NULL, *back = NULL;
    char err[256];
    if (docxread_parse_xml(part[0], len[0], part[1], len[1], part[2], len[2], &doc, err, sizeof err) != DOCXREAD_OK)
        return 0;
    sbuf enc = SBUF_INIT;
    if (linedoc_encode(doc, &enc) == 0 && linedoc_decode((const unsigned char *)enc.data, enc.len, &back, err,
                                                         sizeof err) == 0) {
        const ingest_line *lines;
        const ingest_doc_hints *hints;
        size_t count;
        linedoc_lines(back, &lines, &count, &hints);
        fuzz_parse_lines(lines, count, hints, "docx");
    }
    sbuf_free(&enc);
    linedoc_free(back);
    linedoc_free(doc);
    return 0;
}
