/* layout_blocks.c — the dispatch between the typesetter (layout.c,
 * layout_page.c) and the blocks that are not text: tables, charts and
 * images (layout_ext.h), and what they share. */
#include "layout/layout_ext.h"

#include <stdlib.h>
#include <string.h>

char *layout_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

int layout_ext_is(int kind)
{
    return kind == LAY_TABLE || kind == LAY_CHART || kind == LAY_IMAGE;
}

lay_block *layout_ext_block_new(layout_doc *doc, int kind, int style)
{
    lay_block *b = layout_block_new(doc, kind, style);
    if (!b) return NULL;
    if (!(b->ext = calloc(1, sizeof *b->ext))) {
        layout_fail(doc, "out of memory");
        return NULL;
    }
    return b;
}

int layout_ext_piece_add(layout_doc *doc, lay_ext *ext, double height_pt, int ok_before, double repeat_pt)
{
    if (layout_grow((void **)&ext->pieces, &ext->piece_cap, ext->piece_count + 1, sizeof *ext->pieces))
        return layout_fail(doc, "out of memory");
    ext->pieces[ext->piece_count++] = (lay_piece){height_pt, ok_before, repeat_pt};
    return 0;
}

const lay_ext *layout_ext_of(const layout_doc *doc, int block, int kind)
{
    if (!doc || !doc->laid_out || block < 0 || (size_t)block >= doc->block_count) return NULL;
    if (doc->blocks[block].kind != kind) return NULL;
    return doc->blocks[block].ext;
}

int layout_ext_lines(layout_doc *doc, int b)
{
    lay_block *blk = &doc->blocks[b];
    blk->ext->piece_count = 0;
    switch (blk->kind) {
    case LAY_TABLE: return layout_table_lines(doc, b);
    case LAY_CHART: return layout_chart_lines(doc, b);
    case LAY_IMAGE: return layout_image_lines(doc, b);
    default: return 0;
    }
}

size_t layout_ext_pieces(const layout_doc *doc, int b, const lay_piece **pieces)
{
    const lay_ext *e = doc->blocks[b].ext;
    *pieces = e ? e->pieces : NULL;
    return e ? e->piece_count : 0;
}

int layout_ext_place(layout_doc *doc, int b, size_t piece, int page, double x_pt, double top_y_pt,
                  int repeated)
{
    switch (doc->blocks[b].kind) {
    case LAY_TABLE: return layout_table_place(doc, b, piece, page, x_pt, top_y_pt, repeated);
    case LAY_CHART: return layout_chart_place(doc, b, page, x_pt, top_y_pt);
    case LAY_IMAGE: return layout_image_place(doc, b, page, x_pt, top_y_pt);
    default: return 0;
    }
}

int layout_ext_draw(layout_doc *doc, pdf_doc *pdf, int page, int layer)
{
    size_t b;
    for (b = 0; b < doc->block_count; b++) {
        const lay_block *blk = &doc->blocks[b];
        int rc = 0;
        if (!blk->ext) continue;
        if (blk->kind == LAY_TABLE) rc = layout_table_draw(doc, pdf, (int)b, page, layer);
        else if (layer == 1 && blk->kind == LAY_CHART) rc = layout_chart_draw(doc, pdf, (int)b, page);
        else if (layer == 1 && blk->kind == LAY_IMAGE) rc = layout_image_draw(doc, pdf, (int)b, page);
        if (rc != 0) return -1;
    }
    return 0;
}

void layout_ext_free(lay_ext *ext)
{
    if (!ext) return;
    free(ext->pieces);
    layout_table_free(ext->table);
    layout_chart_free(ext->chart);
    layout_image_free(ext->image);
    free(ext);
}

int layout_ext_text_width(layout_doc *doc, int style, const char *utf8, double *width_pt)
{
    size_t start, count;
    if (layout_text_run(doc, style, utf8, strlen(utf8), &start, &count, width_pt) != 0) return -1;
    doc->placed_count = start;   /* measured only */
    return 0;
}

int layout_ext_text_check(layout_doc *doc, int style, const char *utf8, int block, int page)
{
    size_t start, count, g;
    double width;
    int rc = 0;
    if (layout_text_run(doc, style, utf8, strlen(utf8), &start, &count, &width) != 0) return -1;
    for (g = start; g < start + count && rc == 0; g++)
        if (doc->placed[g].face < 0)
            rc = layout_warn_missing(doc, doc->placed[g].cp, block, page, doc->styles[style].role_name);
    doc->placed_count = start;
    return rc;
}

int layout_ext_text(layout_doc *doc, pdf_doc *pdf, int style, const char *utf8, double x_pt,
                 double y_pt, layout_align align)
{
    size_t start, count;
    double width;
    int rc;
    if (layout_text_run(doc, style, utf8, strlen(utf8), &start, &count, &width) != 0) return -1;
    if (align == LAYOUT_ALIGN_CENTER) x_pt -= width / 2;
    else if (align == LAYOUT_ALIGN_RIGHT) x_pt -= width;
    rc = layout_draw_glyphs(doc, pdf, style, start, count, x_pt, y_pt);
    doc->placed_count = start;   /* the run was only for this call */
    return rc;
}
