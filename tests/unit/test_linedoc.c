/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_linedoc.c — a reader's lines carried as bytes: every field comes back
 * as it went, and bytes that a reader did not write (cut, changed, lying
 * about a length) are refused, never read past. */
#include "harness.h"
#include "ingest/linedoc.h"

#include <stdlib.h>
#include <string.h>

static linedoc *sample(void)
{
    linedoc *d = linedoc_new();
    ingest_line a = {"渝工简报", 12, 1, 0, 1, 2.0f, 1, 0, 1, 0.1f, NULL, 0};
    ingest_line blank = {"", 0, 2, 0, 0, 0, 0, 0, 0, -1, NULL, 0};
    ingest_line b = {"第3页", 7, 3, 1, -1, 0.8f, 0, 1, 2, 0.95f, "html-nav", 1};
    if (!d || linedoc_add(d, &a) || linedoc_add(d, &blank) || linedoc_add(d, &b)) return NULL;
    ingest_doc_hints h = {"标题", NULL, "2023-10-24", "https://example.org/a", NULL};
    if (linedoc_set_hints(d, &h)) return NULL;
    return d;
}

TEST(round_trip_keeps_every_field)
{
    linedoc *d = sample(), *back = NULL;
    sbuf b = SBUF_INIT;
    char err[128];
    CHECK(d != NULL);
    CHECK_INT(linedoc_encode(d, &b), 0);
    CHECK_INT(linedoc_decode((const unsigned char *)b.data, b.len, &back, err, sizeof err), 0);
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    linedoc_lines(back, &l, &n, &h);
    CHECK_INT(n, 3);
    CHECK(l[0].len == 12 && memcmp(l[0].text, "渝工简报", 12) == 0);
    CHECK_INT(l[0].heading_level, 1);
    CHECK_NEAR(l[0].font_size_rel, 2.0, 1e-6);
    CHECK_INT(l[0].bold, 1);
    CHECK(l[0].furniture == NULL);
    CHECK_INT(l[1].len, 0);
    CHECK_INT(l[2].lineno, 3);
    CHECK_INT(l[2].page_break_before, 1);
    CHECK_INT(l[2].heading_level, -1);
    CHECK_INT(l[2].is_caption, 1);
    CHECK_INT(l[2].page, 2);
    CHECK_STR(l[2].furniture, "html-nav");
    CHECK_INT(l[2].block_end, 1);
    CHECK_INT(l[0].block_end, 0);
    CHECK_STR(h->title, "标题");
    CHECK(h->author == NULL && h->source == NULL);
    CHECK_STR(h->url, "https://example.org/a");
    sbuf_free(&b);
    linedoc_free(d);
    linedoc_free(back);
}

TEST(lines_stay_right_as_the_arena_grows)
{
    linedoc *d = linedoc_new();
    char text[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(text, sizeof text, "line %d", i);
        ingest_line l = {text, (size_t)n, (size_t)i + 1, 0, 0, 0, 0, 0, 0, -1, i % 7 ? NULL : "rule", 0};
        CHECK_INT(linedoc_add(d, &l), 0);
    }
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    linedoc_lines(d, &l, &n, &h);
    CHECK_INT(n, 5000);
    CHECK(l[4999].len == 9 && memcmp(l[4999].text, "line 4999", 9) == 0);
    CHECK_STR(l[4998].furniture, "rule");   /* 4998 = 7 * 714 */
    CHECK(l[4997].furniture == NULL);
    linedoc_free(d);
}

TEST(every_cut_and_every_changed_byte_is_safe)
{
    linedoc *d = sample(), *back = NULL;
    sbuf b = SBUF_INIT;
    char err[128];
    CHECK_INT(linedoc_encode(d, &b), 0);
    for (size_t cut = 0; cut < b.len; cut++) {
        CHECK_INT(linedoc_decode((const unsigned char *)b.data, cut, &back, err, sizeof err), -1);
        CHECK(back == NULL);
        CHECK_STR(err, "malformed reader output");
    }
    unsigned char *copy = malloc(b.len);
    for (size_t i = 0; i < b.len; i++) {   /* decoded or refused; ASan watches the reads */
        memcpy(copy, b.data, b.len);
        copy[i] ^= 0xFF;
        if (linedoc_decode(copy, b.len, &back, err, sizeof err) == 0) linedoc_free(back);
    }
    free(copy);
    sbuf_free(&b);
    linedoc_free(d);
}

TEST(a_line_with_a_newline_or_bad_utf8_is_refused)
{
    linedoc *d = linedoc_new(), *back = NULL;
    sbuf b = SBUF_INIT;
    char err[128];
    ingest_line l = {"a\nb", 3, 1, 0, 0, 0, 0, 0, 0, -1, NULL, 0};
    CHECK_INT(linedoc_add(d, &l), 0);
    CHECK_INT(linedoc_encode(d, &b), 0);
    CHECK_INT(linedoc_decode((const unsigned char *)b.data, b.len, &back, err, sizeof err), -1);
    sbuf_free(&b);
    linedoc_free(d);
    d = linedoc_new();
    ingest_line bad = {"\xE6\xB8", 2, 1, 0, 0, 0, 0, 0, 0, -1, NULL, 0};
    CHECK_INT(linedoc_add(d, &bad), 0);
    CHECK_INT(linedoc_encode(d, &b), 0);
    CHECK_INT(linedoc_decode((const unsigned char *)b.data, b.len, &back, err, sizeof err), -1);
    sbuf_free(&b);
    linedoc_free(d);
}

TEST(a_long_hint_is_cut_at_a_character)
{
    linedoc *d = linedoc_new();
    size_t n = LINEDOC_MAX_HINT_BYTES + 10;
    char *title = malloc(n + 1);
    for (size_t i = 0; i + 3 <= n; i += 3) memcpy(title + i, "字", 3);
    title[n - n % 3] = '\0';
    ingest_doc_hints h = {title, NULL, NULL, NULL, NULL};
    CHECK_INT(linedoc_set_hints(d, &h), 0);
    const ingest_line *l;
    const ingest_doc_hints *got;
    size_t count;
    linedoc_lines(d, &l, &count, &got);
    CHECK(strlen(got->title) <= LINEDOC_MAX_HINT_BYTES);
    CHECK_INT(strlen(got->title) % 3, 0);
    free(title);
    linedoc_free(d);
}

int main(void)
{
    RUN(round_trip_keeps_every_field);
    RUN(lines_stay_right_as_the_arena_grows);
    RUN(every_cut_and_every_changed_byte_is_safe);
    RUN(a_line_with_a_newline_or_bad_utf8_is_refused);
    RUN(a_long_hint_is_cut_at_a_character);
    return harness_done();
}
