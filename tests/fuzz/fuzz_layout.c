/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_layout.c — libFuzzer target for the typesetter: arbitrary bytes as
 * paragraphs (any Unicode line-break class, combining marks, characters
 * beyond the BMP, invalid UTF-8) laid out, rendered into a pdf_doc and
 * saved, the path of brief typeset and brief.doc.
 *
 * Input: byte 0 chooses the setup (bits 0-1 alignment, bit 2 the GB/T 9704
 * grid, bit 3 A5 instead of A4, bit 4 a table of contents, bit 5 save the
 * PDF, bit 6 a first-line indent of 40 characters, bit 7 repeat the first
 * paragraph to 100,000 characters, rendered but not saved: subsetting and
 * compressing 70 pages under ASan and libFuzzer takes the fuzzer's whole
 * timeout on a loaded machine, and saving is fuzzed by the shorter
 * inputs); the rest is split at '\n' into blocks,
 * each fourth a heading and each fifth a list item. The fonts come from
 * $BRIEF_FONTS or fonts/roles.conf, loaded once (a fuzz target's only
 * global). Built and replayed as fuzz_ingest.c says. */
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "pdf/pdf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static fonts *fuzz_fonts;
static char out_dir[64], out_path[80];

static void remove_out(void)
{
    unlink(out_path);
    rmdir(out_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[512];
    const char *conf = getenv("BRIEF_FONTS");
    (void)argc; (void)argv;
    fuzz_fonts = fonts_create(conf && *conf ? conf : "fonts/roles.conf", err, sizeof err);
    if (!fuzz_fonts) {
        fprintf(stderr, "fuzz_layout: %s (run from the repository root)\n", err);
        exit(2);
    }
    snprintf(out_dir, sizeof out_dir, "/tmp/brief-fuzz-layout-XXXXXX");
    if (!mkdtemp(out_dir)) {
        perror("fuzz_layout: mkdtemp");
        exit(2);
    }
    snprintf(out_path, sizeof out_path, "%s/out.pdf", out_dir);
    atexit(remove_out);
    return 0;
}

/* The 100,000-character paragraph of bit 7: the text repeated. */
#define LONG_PARA_CHARS 100000

/* Spans over the text, cut at byte positions its own bytes choose (so
 * also inside a character): each with flags, a link (to the web or to
 * block 1's id) or a footnote, as the bytes say. */
static void add_spans(layout_doc *doc, int b, const char *text)
{
    layout_span spans[4];
    size_t len = strlen(text), k, at = 0, n = 0;
    for (k = 0; k < 4 && at + 1 < len; k++) {
        unsigned char c = (unsigned char)text[k % len];
        size_t start = at + c % 7, end = start + 1 + c % 11;
        if (end > len || start >= end) break;
        memset(&spans[n], 0, sizeof spans[n]);
        spans[n].start = start;
        spans[n].end = end;
        spans[n].flags = c & 0x3F;
        spans[n].color = (pdf_color){0.8, 0, 0};
        spans[n].highlight = (pdf_color){1, 1, 0.6};
        if (c & 0x40) spans[n].link = c & 1 ? "#b1" : "https://example.org/a?b=1";
        if ((c & 0x80) && b > 1) spans[n].note = text;
        n++;
        at = end;
    }
    layout_block_set_spans(doc, b, spans, n);
}

static void add_block(layout_doc *doc, int n, const char *text, const int styles[3])
{
    int b;
    if (n % 4 == 3)
        b = layout_heading_add(doc, styles[1], 1 + n % 3, text);
    else if (n % 5 == 4)
        b = layout_list_item_add(doc, styles[2], n % 2 ? "•" : "12.", text);
    else
        b = layout_para_add(doc, styles[0], text);
    if (b == 0) layout_block_set_id(doc, b, "b1");
    if (b >= 0 && n % 3 == 1) add_spans(doc, b, text);
    if (b >= 0 && n % 7 == 6) layout_block_set_keep(doc, b, 1, 1);
    if (n == 8) layout_columns_add(doc, 2, 6);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    layout_page_setup setup;
    layout_style st;
    layout_doc *doc;
    pdf_doc *pdf = NULL;
    char err[256], *text, *p;
    int flags, styles[3], n = 0;

    if (size < 1) return 0;
    flags = data[0];
    text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';

    if (flags & 8) layout_page_setup_named("A5", &setup);
    else if (flags & 4) layout_page_setup_gbt9704(&setup);
    else layout_page_setup_named("A4", &setup);
    doc = layout_doc_create(fuzz_fonts, &setup, err, sizeof err);
    if (!doc) { free(text); return 0; }
    layout_doc_set_page_numbers(doc);
    layout_style_init(&st);
    st.align = (layout_align)(flags & 3);
    st.indent_chars = flags & 64 ? 40 : 2;
    if (flags & 4) st.grid_pitch_pt = 15.79;
    styles[0] = layout_style_set(doc, "fuzz", &st);
    styles[1] = layout_style_find(doc, "heading2");
    styles[2] = layout_style_find(doc, "list");
    if (flags & 16) layout_toc_add(doc, layout_style_find(doc, "toc"), 2);

    for (p = text; ; n++) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        if (n == 0 && (flags & 128) && *p) {
            size_t len = strlen(p), reps = LONG_PARA_CHARS / (len < 1 ? 1 : len) + 1, k;
            char *big = malloc(len * reps + 1);
            if (big) {
                for (k = 0; k < reps; k++) memcpy(big + k * len, p, len);
                big[len * reps] = '\0';
                layout_para_add(doc, styles[0], big);
                free(big);
            }
        } else {
            add_block(doc, n, p, styles);
        }
        if (!nl) break;
        p = nl + 1;
    }
    if (layout_doc_run(doc) == 0) {
        pdf = pdf_doc_create(fuzz_fonts, err, sizeof err);
        if (pdf && pdf_doc_set_date(pdf, 0) == 0 && layout_doc_render(doc, pdf) == 0 && (flags & 32) && !(flags & 128))
            pdf_doc_save(pdf, out_path);
    }
    pdf_doc_destroy(pdf);
    layout_doc_destroy(doc);
    free(text);
    return 0;
}
