/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_ingest.c — libFuzzer target for the bulletin reader: any bytes, in
 * any encoding, through ingest_parse (auto-detected, then forced UTF-8 and
 * GB18030) and every article through mentions_extract, the path brief
 * ingest takes with a file nobody checked. A crash, a sanitizer report, a
 * leak or a hang is a bug; an error code is a correct answer.
 *
 * Built with clang -fsanitize=fuzzer by `make fuzz`, and without libFuzzer
 * by `make fuzz-replay` (tests/fuzz/replay.c supplies main), which replays
 * tests/fuzz/ingest/ in `make test`. The rules come from data/mentions
 * ($BRIEF_MENTIONS overrides), loaded once: a fuzz target's only global. */
#include "ingest/ingest.h"
#include "ingest/mentions.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static mentions_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[512];
    const char *dir = getenv("BRIEF_MENTIONS");
    (void)argc; (void)argv;
    rules = mentions_rules_load(dir && *dir ? dir : "data/mentions", err, sizeof err);
    if (!rules) {
        fprintf(stderr, "fuzz_ingest: %s (run from the repository root)\n", err);
        exit(2);
    }
    return 0;
}

static void parse_one(const uint8_t *data, size_t size, ingest_encoding enc)
{
    ingest_options opt = {.encoding = enc, .date = NULL, .filename = "fuzz-2023-10-09.txt", .skip_sha256 = 0};
    ingest_bulletin *b = NULL;
    char err[256];
    size_t i, j;

    if (ingest_parse(data, size, &opt, &b, err, sizeof err) != INGEST_OK) {
        if (b) abort();   /* the contract: *out NULL on any error */
        return;
    }
    for (i = 0; i < b->article_count; i++) {
        const ingest_article *a = &b->articles[i];
        mention *list = NULL;
        size_t count = 0;
        if (!a->title) abort();
        for (j = 0; j < a->paragraph_count; j++) {
            if (mentions_extract(rules, a->title, a->paragraphs[j], &list, &count) == 0)
                mentions_free(list, count);
        }
        if (mentions_extract(rules, a->title, NULL, &list, &count) == 0)
            mentions_free(list, count);
    }
    ingest_bulletin_destroy(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse_one(data, size, INGEST_ENCODING_AUTO);
    parse_one(data, size, INGEST_ENCODING_UTF8);
    parse_one(data, size, INGEST_ENCODING_GB18030);
    return 0;
}
