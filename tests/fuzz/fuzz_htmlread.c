/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_htmlread.c — libFuzzer target for the HTML reader: the charset of a
 * page (its <meta> prescan, decoding, the fallback to sniffing), libxml2's
 * tree of it walked without recursion into blocks, the scores that find
 * the main text, the headline and the lines, then the parse of those lines
 * (ingest_parse_lines, --explain's records kept). In brief the reader runs
 * in a confined child and its lines come back through linedoc_decode
 * (fuzzed by fuzz_linedoc); here it runs in process, so that a crash of
 * brief's own code on any page shows. An input that starts with
 * "Content-Type: …\n" hands that line to the reader as an HTTP header. A
 * crash, a sanitizer report, a leak or a hang is a bug; an error code is a
 * correct answer.
 *
 * The corpus tests/fuzz/htmlread/ holds the pages of tests/data/html and
 * small broken ones; `make test` replays it. */
#include "fuzz.h"
#include "ingest/htmlread.h"
#include "ingest/ingest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char content_type[256], err[256];
    const char *ct = NULL;
    linedoc *doc = NULL;
    if (size > 14 && memcmp(data, "Content-Type: ", 14) == 0) {
        const uint8_t *nl = memchr(data, '\n', size);
        size_t n = nl ? (size_t)(nl - data) - 14 : 0;
        if (nl && n < sizeof content_type && !memchr(data + 14, '\0', n)) {
            memcpy(content_type, data + 14, n);
            content_type[n] = '\0';
            ct = content_type;
            size -= (size_t)(nl + 1 - data);
            data = nl + 1;
        }
    }
    if (htmlread_extract(data, size, ct, &doc, err, sizeof err) == HTMLREAD_OK) {
        const ingest_line *lines;
        const ingest_doc_hints *hints;
        size_t count;
        linedoc_lines(doc, &lines, &count, &hints);
        fuzz_parse_lines(lines, count, hints, "html");
    }
    linedoc_free(doc);
    return 0;
}
