/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_toc.c — the table of contents as a kind of block (layout.h): a
 * line per heading of the document (a block with an outline level) up to
 * a depth, its title, dot leaders and its page number. The pages are the
 * run before's (LAYOUT_KIND_NEEDS_PAGES): every entry takes the same
 * lines whatever its number, so the second run paginates as the first. */
#include "layout/layout_core.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct toc_data {
    int max_level;
} toc_data;

/* A line of the table of contents: glyphs [g0, g_end). */
static int toc_line_add(layout_doc *doc, int b, int line_no, double measure, size_t g0, size_t g_end)
{
    const lay_block *blk = layout_block_at(doc, b);
    const layout_style *s = layout_style_at(doc, blk->style);
    lay_line line;
    memset(&line, 0, sizeof line);
    line.block = b;
    line.line_in_block = line_no;
    line.style = blk->style;
    line.x_pt = s->left_indent_chars * s->size_pt;
    line.measure_pt = measure;
    line.width_pt = measure;
    line.pitch_pt = layout_pitch_pt(s);
    line.glyph_start = g0;
    line.glyph_count = g_end - g0;
    return layout_line_append(doc, &line);
}

/* Whether a line may not start with code point cp (clreq: closing marks
 * and the pause marks ，。、；：？！ stay at the end of the line before). */
static int toc_no_line_start(uint32_t cp)
{
    static const char *const closing = "，。、；：？！）》」』】〕〉”’,.;:?!)]";
    char buf[5];
    size_t n = utf8_encode(cp, buf);
    buf[n] = '\0';
    return n > 0 && strstr(closing, buf) != NULL;
}

/* Whether a space comes before glyph i: a space glyph, or a gap wider
 * than the full-width advance of the glyph before (a tab). */
static int toc_space_before(const lay_placed *pl, size_t i, double size_pt)
{
    return pl[i - 1].cp == ' ' || pl[i - 1].cp == 0x3000 || pl[i].x_pt - pl[i - 1].x_pt > 1.15 * size_pt;
}

/* One entry per heading, title, dot leaders, page. A title too long for
 * the room its page number leaves wraps: the lines before the last hold
 * only title, the last ends in leaders and the page. Every line may start
 * a page. */
static int toc_measure(layout_doc *doc, int b)
{
    lay_block *blk = layout_block_at(doc, b);
    const toc_data *toc = blk->data;
    int style = blk->style;
    const layout_style *s = layout_style_at(doc, style);
    double measure = layout_measure_pt(doc) - s->left_indent_chars * s->size_pt;
    size_t h, first_line = layout_line_count(doc), n;
    int line_no = 0;

    blk->space_before_pt = s->space_before_pt;
    blk->space_after_pt = s->space_after_pt;
    blk->keep_with_next = s->keep_with_next;
    for (h = 0; h < layout_block_count(doc); h++) {
        const lay_block *hd = layout_block_at(doc, (int)h);
        char num[24];
        size_t t0, tn, n0, nn, d0, dn, g, i;
        double tw, nw, dw, indent, x, limit, left, title_end;
        lay_placed *pl;
        if (hd->outline_level <= 0 || hd->outline_level > toc->max_level) continue;
        indent = (hd->outline_level - 1) * 2 * s->size_pt;
        snprintf(num, sizeof num, "%d", hd->page >= 0 ? hd->page + 1 : 0);
        if (layout_text_run(doc, style, hd->text, strlen(hd->text), &t0, &tn, &tw) != 0) return -1;
        pl = layout_glyphs(doc);
        for (i = 0; i < tn; i++) pl[t0 + i].x_pt += (float)indent;
        if (layout_text_run(doc, style, num, strlen(num), &n0, &nn, &nw) != 0) return -1;
        pl = layout_glyphs(doc);
        /* the title ends before the page number and an em (for at least one
         * leader dot's gap); continuation lines are indented two characters */
        limit = measure - nw - s->size_pt;
        left = indent;
        title_end = indent + tw;
        g = t0;
        for (;;) {
            size_t cut = g, end = t0 + tn;
            double shift;
            /* the first glyph that ends past the limit starts the next line */
            for (i = g; i < end; i++) {
                double right = i + 1 < end ? pl[i + 1].x_pt : title_end;
                if (right > limit + 0.01) { cut = i; break; }
            }
            if (cut == g) break;                          /* the rest fits */
            /* a title of two clauses breaks at the space between them when
             * that fills at least a quarter of the line */
            for (i = cut; i > g + 1; i--)
                if (toc_space_before(pl, i, s->size_pt) && pl[i].x_pt - left >= (limit - left) / 4) {
                    cut = i;
                    break;
                }
            while (cut > g + 1 && toc_no_line_start(pl[cut].cp)) cut--;
            while (cut > g + 1 && pl[cut].cp < 0x80 && isalnum((int)pl[cut].cp)
                   && pl[cut - 1].cp < 0x80 && isalnum((int)pl[cut - 1].cp))
                cut--;                                    /* not inside a Latin word or number */
            /* glyphs [g, cut) are this line's (the page number, placed
             * after the title, is not) */
            if (toc_line_add(doc, b, line_no++, measure, g, cut) != 0) return -1;
            left = indent + 2 * s->size_pt;
            shift = pl[cut].x_pt - left;
            for (i = cut; i < end; i++) pl[i].x_pt -= (float)shift;
            title_end -= shift;
            g = cut;
        }
        if (layout_text_run(doc, style, ".", 1, &d0, &dn, &dw) != 0) return -1;
        pl = layout_glyphs(doc);
        /* the last line: title at the indent, page number flush right,
         * leaders between */
        {
            float num_shift = (float)(measure - nw);
            for (i = 0; i < nn; i++) pl[n0 + i].x_pt += num_shift;
            if (dn == 1 && dw > 0) {
                lay_placed dot = pl[d0];
                double from = title_end + s->size_pt / 2, to = measure - nw - s->size_pt / 2;
                int count = 0;
                layout_glyph_truncate(doc, d0);   /* drop the measuring dot */
                for (x = to - dw; x >= from && count < 2000; x -= dw * 1.6, count++) {
                    dot.x_pt = (float)x;
                    if (layout_glyph_append(doc, &dot) != 0) return -1;
                }
            } else {
                layout_glyph_truncate(doc, d0);
            }
        }
        if (toc_line_add(doc, b, line_no++, measure, g, layout_glyph_count(doc)) != 0) return -1;
    }
    n = layout_line_count(doc) - first_line;
    for (h = 0; h < n; h++)
        if (layout_vlist_line(doc, b, first_line + h, 1) != 0) return -1;
    return 0;
}

static const layout_block_kind toc_kind = {
    "table of contents", LAYOUT_KIND_NEEDS_PAGES, toc_measure, NULL, NULL, NULL
};

int layout_toc_add(layout_doc *doc, int style, int max_level)
{
    lay_block *b;
    toc_data *toc;
    if (!doc) return -1;
    if (max_level < 1)
        return layout_block_fail(doc, (int)layout_block_count(doc), "toc level must be >= 1");
    if (!(b = layout_block_new(doc, &toc_kind, style, NULL, 0))) return -1;
    if (!(toc = malloc(sizeof *toc))) return layout_block_abandon(doc, 0);
    toc->max_level = max_level;
    b->data = toc;
    return layout_block_commit(doc);
}
