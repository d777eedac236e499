/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_layout_core.c — the interface between the layout's core and its
 * kinds of block (layout_core.h), driven by a kind written here, as a new
 * one (columns, footnotes) would be: the page builder's rules (glue
 * dropped at a page's top, a piece that does not fit goes whole to the
 * next page, keep-with-next, forced breaks, breaks a kind forbids, a
 * header repeated above a continued piece), place told where each piece
 * went, draw called in its three layers on exactly the pages of the block,
 * destroy once, and messages that count blocks from 1 and name their
 * origin. No fonts are needed: the test kind has no text. */
#include "harness.h"
#include "layout/layout_core.h"

#include <stdlib.h>
#include <string.h>

#define MM_PT (72.0 / 25.4)
#define TEXT_H ((297.0 - 50.0) * MM_PT)   /* A4 with 25 mm margins */
#define TOP_Y ((297.0 - 25.0) * MM_PT)

/* A stack of pieces, each height_pt tall. */
typedef struct stack {
    size_t pieces;
    double height_pt, before_pt, after_pt, repeat_pt;
    int keep, forbid_breaks, fail;
    /* what the core told it */
    int page[16], repeated[16];
    double top[16], x[16];
    int draws[3][8];           /* per layer, per page */
} stack;

static int destroyed;

static int stack_measure(layout_doc *doc, int b)
{
    lay_block *blk = layout_block_at(doc, b);
    stack *s = blk->data;
    size_t i;
    if (s->fail) return layout_block_fail(doc, b, "cannot stack %zu pieces", s->pieces);
    blk->space_before_pt = s->before_pt;
    blk->space_after_pt = s->after_pt;
    blk->keep_with_next = s->keep;
    for (i = 0; i < s->pieces; i++)
        if (layout_vlist_box(doc, b, s->height_pt, !s->forbid_breaks, s->repeat_pt, i) != 0) return -1;
    return 0;
}

static int stack_place(layout_doc *doc, int b, size_t ref, int page, double x_pt, double top_y_pt, int repeated)
{
    stack *s = layout_block_at(doc, b)->data;
    s->page[ref] = page;
    s->top[ref] = top_y_pt;
    s->x[ref] = x_pt;
    s->repeated[ref] = repeated;
    return 0;
}

static int stack_draw(layout_doc *doc, int b, pdf_doc *pdf, int page, layout_layer layer)
{
    stack *s = layout_block_at(doc, b)->data;
    (void)pdf;
    if (page < 8) s->draws[layer][page]++;
    return 0;
}

static void stack_destroy(void *data)
{
    destroyed++;
    free(data);
}

static const layout_block_kind stack_kind = {"stack", 0, stack_measure, stack_place, stack_draw, stack_destroy};

/* Adds a stack (the document owns it); returns its block number, *out the
 * stack to read back. */
static int stack_add(layout_doc *doc, size_t pieces, double height_pt, stack **out)
{
    lay_block *b = layout_block_new(doc, &stack_kind, 0, NULL, 0);
    stack *s;
    if (!b) return -1;
    if (!(s = calloc(1, sizeof *s))) return layout_block_abandon(doc, 0);
    s->pieces = pieces;
    s->height_pt = height_pt;
    b->data = s;
    *out = s;
    return layout_block_commit(doc);
}

/* A document with no fonts of its own: the test kind draws no text. The
 * fonts set is only borrowed, never read, so any non-NULL pointer does. */
static layout_doc *new_doc(void)
{
    static int fake_fonts;
    return layout_doc_create((const fonts *)&fake_fonts, NULL, NULL, 0);
}

TEST(a_piece_that_does_not_fit_goes_whole_to_the_next_page)
{
    layout_doc *doc = new_doc();
    stack *a, *b;
    CHECK(doc);
    CHECK_INT(stack_add(doc, 1, TEXT_H - 100, &a), 0);
    CHECK_INT(stack_add(doc, 1, 150, &b), 1);
    b->before_pt = 30;
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_page_count(doc), 2);
    CHECK_INT(a->page[0], 0);
    CHECK_NEAR(a->top[0], TOP_Y, 1e-9);
    CHECK_INT(b->page[0], 1);
    CHECK_NEAR(b->top[0], TOP_Y, 1e-9);              /* its space before dropped at the top */
    CHECK_NEAR(b->x[0], 25 * MM_PT, 1e-9);
    CHECK_INT(layout_doc_block_page(doc, 1), 1);
    layout_doc_destroy(doc);
}

TEST(glue_between_blocks_is_the_space_after_and_before)
{
    layout_doc *doc = new_doc();
    stack *a, *b;
    CHECK(doc);
    CHECK_INT(stack_add(doc, 1, 100, &a), 0);
    a->after_pt = 12;
    CHECK_INT(layout_space_add(doc, 5), 1);           /* a kind of the library between */
    CHECK_INT(stack_add(doc, 1, 100, &b), 2);
    b->before_pt = 7;
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_NEAR(b->top[0], TOP_Y - 100 - 12 - 5 - 7, 1e-9);
    layout_doc_destroy(doc);
}

TEST(keep_with_next_moves_the_block_before_along)
{
    layout_doc *doc = new_doc();
    stack *a, *b, *c;
    CHECK(doc);
    CHECK_INT(stack_add(doc, 1, TEXT_H - 300, &a), 0);
    CHECK_INT(stack_add(doc, 1, 100, &b), 1);
    b->keep = 1;                                       /* a caption kept with its figure */
    CHECK_INT(stack_add(doc, 1, 250, &c), 2);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(a->page[0], 0);
    CHECK_INT(b->page[0], 1);
    CHECK_INT(c->page[0], 1);
    CHECK_NEAR(b->top[0], TOP_Y, 1e-9);
    layout_doc_destroy(doc);
}

TEST(a_page_break_starts_the_next_block_on_a_new_page)
{
    layout_doc *doc = new_doc();
    stack *a, *b;
    CHECK(doc);
    CHECK_INT(stack_add(doc, 1, 10, &a), 0);
    CHECK_INT(layout_page_break_add(doc), 1);
    CHECK_INT(layout_space_add(doc, 40), 2);          /* dropped: the page starts there */
    CHECK_INT(stack_add(doc, 1, 10, &b), 3);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_page_count(doc), 2);
    CHECK_INT(b->page[0], 1);
    CHECK_NEAR(b->top[0], TOP_Y, 1e-9);
    layout_doc_destroy(doc);
}

TEST(pieces_break_where_the_kind_allows_and_repeat_a_header)
{
    layout_doc *doc = new_doc();
    stack *a, *s;
    size_t i;
    CHECK(doc);
    CHECK_INT(stack_add(doc, 1, TEXT_H - 250, &a), 0);
    CHECK_INT(stack_add(doc, 10, 100, &s), 1);        /* 1,000 pt: over two pages */
    s->repeat_pt = 20;
    CHECK_INT(layout_doc_run(doc), 0);
    /* two on the first page; six under the header on the second (20 +
     * 600 of 700 pt); two on the third */
    for (i = 0; i < 10; i++) {
        CHECK_INT(s->page[i], i < 2 ? 0 : i < 8 ? 1 : 2);
        CHECK_INT(s->repeated[i], i == 2 || i == 8);   /* those that start a page */
    }
    CHECK_NEAR(s->top[2], TOP_Y - 20, 1e-9);           /* below the repeated header */
    CHECK_NEAR(s->top[3], TOP_Y - 120, 1e-9);
    layout_doc_destroy(doc);

    /* pieces that may not part go to the next page together */
    doc = new_doc();
    CHECK(doc);
    CHECK_INT(stack_add(doc, 1, TEXT_H - 250, &a), 0);
    CHECK_INT(stack_add(doc, 3, 100, &s), 1);
    s->forbid_breaks = 1;
    CHECK_INT(layout_doc_run(doc), 0);
    for (i = 0; i < 3; i++) CHECK_INT(s->page[i], 1);
    layout_doc_destroy(doc);
}

TEST(draw_is_called_per_layer_on_the_pages_of_the_block_only)
{
    fonts *f;
    layout_doc *doc;
    pdf_doc *pdf;
    stack *a, *b, *c;
    char err[256];
    int p, layer;
    /* drawing needs a pdf_doc, which needs the fonts */
    if (!(f = fonts_create(NULL, err, sizeof err))) { harness_skip("fonts not installed"); return; }
    doc = layout_doc_create(f, NULL, err, sizeof err);
    pdf = pdf_doc_create(f, err, sizeof err);
    CHECK(doc && pdf);
    CHECK_INT(stack_add(doc, 1, TEXT_H, &a), 0);          /* page 1 */
    CHECK_INT(stack_add(doc, 12, 100, &b), 1);            /* pages 2 and 3 */
    CHECK_INT(stack_add(doc, 1, TEXT_H, &c), 2);          /* page 4 */
    CHECK_INT(layout_doc_render(doc, pdf), 0);
    CHECK_INT(layout_doc_page_count(doc), 4);
    for (layer = 0; layer < 3; layer++)
        for (p = 0; p < 4; p++) {
            CHECK_INT(a->draws[layer][p], p == 0);
            CHECK_INT(b->draws[layer][p], p == 1 || p == 2);
            CHECK_INT(c->draws[layer][p], p == 3);
        }
    pdf_doc_destroy(pdf);
    layout_doc_destroy(doc);
    fonts_destroy(f);
}

TEST(blocks_are_destroyed_once_and_messages_count_from_1)
{
    layout_doc *doc = new_doc();
    stack *a, *b;
    destroyed = 0;
    CHECK(doc);
    CHECK_INT(stack_add(doc, 1, 10, &a), 0);
    CHECK_INT(stack_add(doc, 1, 10, &b), 1);
    CHECK_INT(layout_block_set_origin(doc, 1, "report.lua:12"), 0);
    CHECK_INT(layout_block_set_origin(doc, 2, "x"), -1);   /* no such block */
    b->fail = 1;
    CHECK_INT(layout_doc_run(doc), -1);
    CHECK_STR(layout_doc_errmsg(doc), "block 2 (report.lua:12): cannot stack 1 pieces");
    CHECK_INT(layout_block_new(doc, &stack_kind, 99, NULL, 0) == NULL, 1);
    CHECK_STR(layout_doc_errmsg(doc), "block 3: no style 99");
    layout_doc_destroy(doc);
    CHECK_INT(destroyed, 2);
}

int main(void)
{
    RUN(a_piece_that_does_not_fit_goes_whole_to_the_next_page);
    RUN(glue_between_blocks_is_the_space_after_and_before);
    RUN(keep_with_next_moves_the_block_before_along);
    RUN(a_page_break_starts_the_next_block_on_a_new_page);
    RUN(pieces_break_where_the_kind_allows_and_repeat_a_header);
    RUN(draw_is_called_per_layer_on_the_pages_of_the_block_only);
    RUN(blocks_are_destroyed_once_and_messages_count_from_1);
    return harness_done();
}
