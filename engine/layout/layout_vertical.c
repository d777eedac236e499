/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_vertical.c — the kinds of block that are only vertical material
 * (layout.h): a rule across the measure, vertical space (glue, dropped at
 * a page's top) and a page break. */
#include "layout/layout_core.h"

#include <stdlib.h>

/* ---- rules ----------------------------------------------------------------- */

typedef struct rule_data {
    double width_pt;
    pdf_color color;
    /* where the last run put it */
    int page;
    double x1_pt, x2_pt, y_pt;
} rule_data;

/* One piece as tall as the rule is thick, in the middle of its space. */
static int rule_measure(layout_doc *doc, int b)
{
    const rule_data *r = layout_block_at(doc, b)->data;
    return layout_vlist_box(doc, b, r->width_pt, 1, 0, 0);
}

static int rule_place(layout_doc *doc, int b, size_t ref, int page, double x_pt, double top_y_pt,
                      int repeated)
{
    rule_data *r = layout_block_at(doc, b)->data;
    (void)ref; (void)repeated;
    r->page = page;
    r->x1_pt = x_pt;
    r->x2_pt = x_pt + layout_measure_pt(doc);
    r->y_pt = top_y_pt - r->width_pt / 2;
    return 0;
}

static int rule_draw(layout_doc *doc, int b, pdf_doc *pdf, int page, layout_layer layer)
{
    const rule_data *r = layout_block_at(doc, b)->data;
    if (layer != LAYOUT_LAYER_RULES || r->page != page) return 0;
    if (pdf_line(pdf, r->x1_pt, r->y_pt, r->x2_pt, r->y_pt, r->width_pt, r->color) != 0)
        return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
    return 0;
}

static const layout_block_kind rule_kind = {"rule", 0, rule_measure, rule_place, rule_draw, NULL};

int layout_rule_add(layout_doc *doc, double width_pt, pdf_color color,
                    double space_before_pt, double space_after_pt)
{
    lay_block *b;
    rule_data *r;
    if (!doc) return -1;
    if (!(width_pt > 0) || space_before_pt < 0 || space_after_pt < 0)
        return layout_block_fail(doc, (int)layout_block_count(doc), "rule width must be > 0 and spaces >= 0");
    if (!(b = layout_block_new(doc, &rule_kind, 0, NULL, 0))) return -1;
    if (!(r = calloc(1, sizeof *r))) return layout_block_abandon(doc, 0);
    r->width_pt = width_pt;
    r->color = color;
    r->page = -1;
    b->data = r;
    b->space_before_pt = space_before_pt;
    b->space_after_pt = space_after_pt;
    return layout_block_commit(doc);
}

/* ---- space and page breaks ---------------------------------------------------- */

typedef struct space_data {
    double height_pt;
} space_data;

static int space_measure(layout_doc *doc, int b)
{
    const space_data *sp = layout_block_at(doc, b)->data;
    layout_vlist_space(doc, sp->height_pt);
    return 0;
}

static const layout_block_kind space_kind = {"space", 0, space_measure, NULL, NULL, NULL};

int layout_space_add(layout_doc *doc, double height_pt)
{
    lay_block *b;
    space_data *sp;
    if (!doc) return -1;
    if (!(height_pt >= 0)) return layout_block_fail(doc, (int)layout_block_count(doc), "negative space");
    if (!(b = layout_block_new(doc, &space_kind, 0, NULL, 0))) return -1;
    if (!(sp = malloc(sizeof *sp))) return layout_block_abandon(doc, 0);
    sp->height_pt = height_pt;
    b->data = sp;
    return layout_block_commit(doc);
}

/* ---- multi-column sections -------------------------------------------------- */

typedef struct columns_data {
    int count;
    double gap_pt;
} columns_data;

static int columns_measure(layout_doc *doc, int b)
{
    const columns_data *c = layout_block_at(doc, b)->data;
    layout_vlist_columns(doc, 1, 0);   /* a column's width from the measure */
    if (c->count > 1 && (layout_measure_pt(doc) - (c->count - 1) * c->gap_pt) / c->count < 20 * LAYOUT_MM_PT)
        return layout_block_fail(doc, b, "%d columns %.1f mm apart leave columns under 20 mm wide", c->count,
                                 c->gap_pt / LAYOUT_MM_PT);
    layout_vlist_columns(doc, c->count, c->gap_pt);
    return 0;
}

static const layout_block_kind columns_kind = {"columns", 0, columns_measure, NULL, NULL, NULL};

int layout_columns_add(layout_doc *doc, int count, double gap_mm)
{
    lay_block *b;
    columns_data *c;
    if (!doc) return -1;
    if (count < 1 || count > 6 || !(gap_mm >= 0 && gap_mm < 100))
        return layout_block_fail(doc, (int)layout_block_count(doc), "columns: 1 to 6, a gap of 0 to 100 mm expected");
    if (!(b = layout_block_new(doc, &columns_kind, 0, NULL, 0))) return -1;
    if (!(c = malloc(sizeof *c))) return layout_block_abandon(doc, 0);
    c->count = count;
    c->gap_pt = gap_mm * LAYOUT_MM_PT;
    b->data = c;
    return layout_block_commit(doc);
}

static int page_break_measure(layout_doc *doc, int b)
{
    (void)b;
    layout_vlist_page_break(doc);
    return 0;
}

static const layout_block_kind page_break_kind = {"page break", 0, page_break_measure, NULL, NULL, NULL};

int layout_page_break_add(layout_doc *doc)
{
    if (!doc) return -1;
    if (!layout_block_new(doc, &page_break_kind, 0, NULL, 0)) return -1;
    return layout_block_commit(doc);
}
