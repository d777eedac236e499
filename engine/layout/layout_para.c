/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_para.c — the kinds of block that are text: headings, paragraphs
 * and list items (layout.h), set as lines by the text engine
 * (layout_core.h) with their style's indents, kept to the page's rules:
 * a heading's lines never part, a paragraph leaves no single line at a
 * page's foot or head. */
#include "layout/layout_core.h"

#include <stdlib.h>
#include <string.h>

enum text_kind { TEXT_HEADING, TEXT_PARA, TEXT_LIST };

/* Lines of block b and its pieces. A heading's first line has no indent
 * and its lines stay together; a list item's marker (the block's data) is
 * set in the left indent before its first line. */
static int text_measure(layout_doc *doc, int b, enum text_kind kind)
{
    lay_block *blk = layout_block_at(doc, b);
    const layout_style *s = layout_style_at(doc, blk->style);
    /* "characters" of indents are full-width cells: the grid pitch if any */
    double cell = s->grid_pitch_pt > 0 ? s->grid_pitch_pt : s->size_pt;
    lay_text_spec spec;
    size_t first_line = layout_line_count(doc), i, n;
    const char *marker = blk->data;

    blk->space_before_pt = s->space_before_pt;
    blk->space_after_pt = s->space_after_pt;
    blk->keep_with_next = s->keep_with_next;
    spec.style = blk->style;
    spec.left_pt = s->left_indent_chars * cell;
    spec.measure_pt = layout_measure_pt(doc) - spec.left_pt;
    spec.first_indent_pt = kind == TEXT_HEADING ? 0 : s->indent_chars * cell;
    spec.align = s->align;
    spec.clause_breaks = kind == TEXT_HEADING;
    spec.spans = blk->spans;
    spec.span_count = blk->span_count;
    if (layout_text_lines(doc, b, blk->text, &spec) != 0) return -1;
    n = layout_line_count(doc) - first_line;
    if (kind == TEXT_LIST && marker && *marker && n > 0
        && layout_line_prepend_run(doc, first_line, blk->style, marker,
                                   -(spec.left_pt + spec.first_indent_pt)) != 0)
        return -1;
    for (i = 0; i < n; i++) {
        /* two lines at least at a page's foot (no orphan) and at the next
         * page's head (no widow); a heading never parts */
        int ok = kind == TEXT_HEADING ? 0 : i >= 2 && n - i >= 2;
        if (layout_vlist_line(doc, b, first_line + i, ok) != 0) return -1;
    }
    return 0;
}

static int heading_measure(layout_doc *doc, int b) { return text_measure(doc, b, TEXT_HEADING); }
static int para_measure(layout_doc *doc, int b) { return text_measure(doc, b, TEXT_PARA); }
static int list_measure(layout_doc *doc, int b) { return text_measure(doc, b, TEXT_LIST); }

static const layout_block_kind heading_kind = {"heading", 0, heading_measure, NULL, NULL, NULL};
static const layout_block_kind para_kind = {"paragraph", 0, para_measure, NULL, NULL, NULL};
static const layout_block_kind list_kind = {"list item", 0, list_measure, NULL, NULL, NULL};

static int add_text_block(layout_doc *doc, const layout_block_kind *kind, int style, const char *utf8,
                          const char *marker, int level)
{
    lay_block *b;
    if (!utf8) return layout_block_fail(doc, (int)layout_block_count(doc), "no text");
    b = layout_block_new(doc, kind, style, utf8, marker ? strlen(marker) : 0);
    if (!b) return -1;
    b->outline_level = level;
    if (marker && !(b->data = layout_strdup(marker))) return layout_block_abandon(doc, 0);
    return layout_block_commit(doc);
}

int layout_heading_add(layout_doc *doc, int style, int level, const char *utf8)
{
    if (!doc) return -1;
    if (level < 1 || level > 9)
        return layout_block_fail(doc, (int)layout_block_count(doc), "heading level %d not in 1..9", level);
    return add_text_block(doc, &heading_kind, style, utf8, NULL, level);
}

int layout_para_add(layout_doc *doc, int style, const char *utf8)
{
    if (!doc) return -1;
    return add_text_block(doc, &para_kind, style, utf8, NULL, 0);
}

int layout_list_item_add(layout_doc *doc, int style, const char *marker_utf8, const char *utf8)
{
    if (!doc) return -1;
    return add_text_block(doc, &list_kind, style, utf8, marker_utf8 ? marker_utf8 : "", 0);
}
