/* layout_page.c — the page builder: the vertical list the kinds of block
 * contribute (layout_core.h) broken into pages (keep-with-next, the breaks
 * each piece allows, space dropped at a page's top), every line and box
 * told where it went; then drawing every page through pdf.h with its
 * header/footer and outline entries. */
#include "layout/layout_doc.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM_PT LAYOUT_MM_PT
#define EPS_PT 1e-6

/* The baseline of a line in its box: the ideographic em box spans -0.12 em
 * to +0.88 em around the baseline (OpenType ideo/idtp of CJK fonts), so
 * centring it in a box of the line pitch puts the baseline 0.38 em below
 * the box's middle. */
#define EM_BOX_MIDDLE 0.38

/* Reports a missing character once per document, naming where it is. */
int layout_warn_missing(layout_doc *doc, uint32_t cp, int block, int page, const char *role)
{
    size_t i;
    char u8[5] = {0};
    char where[160], msg[400];
    const char *origin;
    for (i = 0; i < doc->warned_count; i++)
        if (doc->warned[i] == cp) return 0;
    if (VEC_RESERVE(doc->warned, doc->warned_cap, doc->warned_count + 1) != 0
        || VEC_RESERVE(doc->warnings, doc->warning_cap, doc->warning_count + 1) != 0)
        return layout_fail(doc, "out of memory");
    doc->warned[doc->warned_count++] = cp;
    utf8_encode(cp, u8);
    origin = doc->blocks[block].origin;
    snprintf(where, sizeof where, "block %d%s%s%s", block + 1, origin ? " (" : "", origin ? origin : "",
             origin ? ")" : "");
    if (page >= 0)
        snprintf(msg, sizeof msg, "%s, page %d: U+%04X '%s' is in no font of role %s; drawn as a box",
                 where, page + 1, (unsigned)cp, u8, role);
    else
        snprintf(msg, sizeof msg, "%s: U+%04X '%s' is in no font of role %s; drawn as a box",
                 where, (unsigned)cp, u8, role);
    doc->warnings[doc->warning_count] = malloc(strlen(msg) + 1);
    if (!doc->warnings[doc->warning_count]) return layout_fail(doc, "out of memory");
    strcpy(doc->warnings[doc->warning_count++], msg);
    return 0;
}

/* ---- the vertical list ---------------------------------------------------- */

void layout_vlist_reset(layout_doc *doc)
{
    doc->vlist_count = 0;
    doc->vl_pending_pt = 0;
    doc->vl_keep = 0;
    doc->vl_forced = 0;
    doc->vl_block = -1;
}

/* Appends a piece of block b; the first of its block takes the pending
 * glue and the block's space before, may start a page unless the block
 * before keeps with it, and starts one after a page break. */
static int vlist_add(layout_doc *doc, int b, double height_pt, int line, int ok_before, double repeat_pt,
                     size_t ref)
{
    lay_vbox *v;
    int first = b != doc->vl_block;
    if (VEC_RESERVE(doc->vlist, doc->vlist_cap, doc->vlist_count + 1) != 0)
        return layout_fail(doc, "out of memory");
    v = &doc->vlist[doc->vlist_count++];
    memset(v, 0, sizeof *v);
    v->height_pt = height_pt;
    v->glue_pt = first ? doc->vl_pending_pt + doc->blocks[b].space_before_pt : 0;
    v->block = b;
    v->line = line;
    v->ok_before = first ? !doc->vl_keep : ok_before;
    v->forced_before = first && doc->vl_forced;
    v->ref = ref;
    v->repeat_pt = repeat_pt;
    doc->vl_block = b;
    return 0;
}

int layout_vlist_line(layout_doc *doc, int b, size_t line, int ok_before)
{
    return vlist_add(doc, b, doc->lines[line].pitch_pt, (int)line, ok_before, 0, 0);
}

int layout_vlist_box(layout_doc *doc, int b, double height_pt, int ok_before, double repeat_pt, size_t ref)
{
    return vlist_add(doc, b, height_pt, -1, ok_before, repeat_pt, ref);
}

void layout_vlist_space(layout_doc *doc, double height_pt)
{
    doc->vl_pending_pt += height_pt;
}

void layout_vlist_page_break(layout_doc *doc)
{
    doc->vl_forced = 1;
    doc->vl_pending_pt = 0;
}

void layout_vlist_block_end(layout_doc *doc, int b)
{
    if (doc->vl_block != b) return;   /* no piece: nothing passes on */
    doc->vl_pending_pt = doc->blocks[b].space_after_pt;
    doc->vl_keep = doc->blocks[b].keep_with_next;
    doc->vl_forced = 0;
}

/* ---- the page builder -------------------------------------------------------- */

int layout_paginate(layout_doc *doc)
{
    double avail = layout_text_height_pt(doc);
    double top_y = (doc->setup.height_mm - doc->setup.margin_top_mm) * MM_PT;
    double left_x = doc->setup.margin_left_mm * MM_PT;
    lay_vbox *v = doc->vlist;
    size_t nv = doc->vlist_count, i, b;
    double used = 0;
    int page = 0;
    size_t s = 0;

    for (b = 0; b < doc->block_count; b++) doc->blocks[b].page = doc->blocks[b].last_page = -1;

    for (i = 0; i < nv;) {
        double glue = i == s ? 0 : v[i].glue_pt;
        if (v[i].forced_before && i > s) {
            page++; s = i; used = 0;
            continue;
        }
        if (i > s && used + glue + v[i].height_pt > avail + EPS_PT) {
            size_t brk = i;
            while (brk > s && !v[brk].ok_before) brk--;
            if (brk == s) brk = i;   /* nothing allowed on this page: break here */
            page++; s = brk; used = 0; i = brk;
            continue;
        }
        /* a table continued on a new page: its header row again first */
        v[i].repeated = i == s && v[i].repeat_pt > 0;
        if (v[i].repeated) used = v[i].repeat_pt;
        v[i].page = page;
        v[i].top_pt = used + glue;
        used += glue + v[i].height_pt;
        i++;
    }
    doc->page_count = nv ? page + 1 : 1;   /* an empty document is one blank page */

    for (i = 0; i < nv; i++) {
        lay_block *blk = &doc->blocks[v[i].block];
        double y = top_y - v[i].top_pt;
        if (blk->page < 0) {
            blk->page = v[i].page;
            blk->top_pt = y;
        }
        blk->last_page = v[i].page;
        if (v[i].line >= 0) {
            lay_line *l = &doc->lines[v[i].line];
            double size = doc->styles[l->style].s.size_pt;
            l->page = v[i].page;
            l->baseline_pt = layout_baseline_pt(y, l->pitch_pt, size);
            l->x_pt += left_x;
        } else if (blk->kind->place(doc, v[i].block, v[i].ref, v[i].page, left_x, y, v[i].repeated) != 0) {
            return -1;
        }
    }

    /* each missing character once, where it first occurs */
    for (i = 0; i < doc->line_count; i++) {
        const lay_line *l = &doc->lines[i];
        size_t g;
        if (!l->missing) continue;
        for (g = l->glyph_start; g < l->glyph_start + l->glyph_count; g++)
            if (doc->placed[g].face < 0
                && layout_warn_missing(doc, doc->placed[g].cp, l->block, l->page,
                                doc->styles[l->style].role_name) != 0)
                return -1;
    }
    return 0;
}

double layout_baseline_pt(double top_y_pt, double pitch_pt, double size_pt)
{
    return top_y_pt - pitch_pt / 2 - EM_BOX_MIDDLE * size_pt;
}

/* ---- drawing ------------------------------------------------------------ */

/* Draws placed glyphs [start, start+count) at (x_pt, y_pt) in style: one
 * pdf_glyphs call per run of one face; a missing character is a stroked box. */
int layout_draw_glyphs(layout_doc *doc, pdf_doc *pdf, int style, size_t start, size_t count,
                    double x_pt, double y_pt)
{
    const layout_style *s = &doc->styles[style].s;
    size_t g = start, end = start + count;
    while (g < end) {
        const lay_placed *p = &doc->placed[g];
        size_t run = g, k;
        if (p->face < 0) {
            /* the box: the glyph's em square, inset so neighbours stay apart */
            double w = p->box_w_pt;
            if (pdf_rect(pdf, x_pt + p->x_pt + 0.1 * w, y_pt - 0.1 * s->size_pt, 0.8 * w,
                         0.85 * s->size_pt, 0, 0.6, s->color) != 0)
                return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
            g++;
            continue;
        }
        while (run < end && doc->placed[run].face == p->face) run++;
        if (VEC_RESERVE(doc->out_glyphs, doc->out_cap, run - g) != 0)
            return layout_fail(doc, "out of memory");
        for (k = g; k < run; k++) {
            pdf_glyph *o = &doc->out_glyphs[k - g];
            o->glyph = doc->placed[k].glyph;
            o->codepoint = doc->placed[k].cp;
            o->x_pt = doc->placed[k].x_pt;
            o->y_pt = doc->placed[k].y_pt;
            o->half = doc->placed[k].half;
        }
        if (pdf_glyphs(pdf, p->face, s->size_pt, s->color, x_pt, y_pt, doc->out_glyphs, run - g) != 0)
            return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
        g = run;
    }
    return 0;
}

int layout_page_text(layout_page *page, double x_pt, double y_pt, layout_align align,
                     int style, const char *utf8)
{
    layout_doc *doc;
    if (!page || !utf8) return -1;
    doc = page->doc;
    if (style < 0 || (size_t)style >= doc->style_count)
        return layout_fail(doc, "page %d: no style %d", page->index + 1, style);
    return layout_text_draw(doc, page->pdf, style, utf8, x_pt, y_pt, align);
}

void layout_page_box(const layout_page *page, double *width_pt, double *height_pt,
                     double *text_left_pt, double *text_right_pt,
                     double *text_top_pt, double *text_bottom_pt)
{
    const layout_page_setup *s = &page->doc->setup;
    if (width_pt) *width_pt = s->width_mm * MM_PT;
    if (height_pt) *height_pt = s->height_mm * MM_PT;
    if (text_left_pt) *text_left_pt = s->margin_left_mm * MM_PT;
    if (text_right_pt) *text_right_pt = (s->width_mm - s->margin_right_mm) * MM_PT;
    if (text_top_pt) *text_top_pt = (s->height_mm - s->margin_top_mm) * MM_PT;
    if (text_bottom_pt) *text_bottom_pt = s->margin_bottom_mm * MM_PT;
}

int layout_page_line(layout_page *page, double x1_pt, double y1_pt, double x2_pt,
                     double y2_pt, double width_pt, pdf_color color)
{
    if (!page) return -1;
    if (pdf_line(page->pdf, x1_pt, y1_pt, x2_pt, y2_pt, width_pt, color) != 0)
        return layout_fail(page->doc, "pdf: %s", pdf_doc_errmsg(page->pdf));
    return 0;
}

/* The built-in footer: "- N -" centred on the footer line (GB/T 9704 §7.5
 * sets page numbers as "— N —"; a hyphen keeps it in every font). */
static int page_number_footer(layout_page *page, int number, int count, void *user)
{
    char text[32];
    double w;
    (void)count; (void)user;
    layout_page_box(page, &w, NULL, NULL, NULL, NULL, NULL);
    snprintf(text, sizeof text, "- %d -", number);
    return layout_page_text(page, w / 2, page->doc->setup.footer_mm * MM_PT, LAYOUT_ALIGN_CENTER,
                            layout_style_find(page->doc, "footer"), text);
}

/* Asks every block on page p to draw layer: the blocks from *first (the
 * first whose last page is not before p, moved on here) to the last whose
 * first page is not after p. Blocks with pieces come in page order. */
static int draw_layer(layout_doc *doc, pdf_doc *pdf, int p, layout_layer layer, size_t *first)
{
    size_t b;
    while (*first < doc->block_count
           && (doc->blocks[*first].page < 0 || doc->blocks[*first].last_page < p))
        (*first)++;
    for (b = *first; b < doc->block_count; b++) {
        const lay_block *blk = &doc->blocks[b];
        if (blk->page < 0) continue;
        if (blk->page > p) break;
        if (blk->kind->draw && blk->kind->draw(doc, (int)b, pdf, p, layer) != 0) return -1;
    }
    return 0;
}

int layout_render_pages(layout_doc *doc, pdf_doc *pdf)
{
    double w = doc->setup.width_mm * MM_PT, h = doc->setup.height_mm * MM_PT;
    size_t li = 0, b = 0, first = 0;
    int p, outline[10], level;
    layout_page_fn fn = doc->page_numbers ? page_number_footer : doc->page_fn;

    for (level = 0; level < 10; level++) outline[level] = -1;
    for (p = 0; p < doc->page_count; p++) {
        layout_page page = {doc, pdf, p};
        if (pdf_page_add(pdf, w, h) < 0) return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
        if (draw_layer(doc, pdf, p, LAYOUT_LAYER_UNDER, &first) != 0) return -1;
        for (; li < doc->line_count && doc->lines[li].page == p; li++) {
            const lay_line *l = &doc->lines[li];
            if (layout_draw_glyphs(doc, pdf, l->style, l->glyph_start, l->glyph_count, l->x_pt,
                            l->baseline_pt) != 0)
                return -1;
        }
        if (draw_layer(doc, pdf, p, LAYOUT_LAYER_RULES, &first) != 0
            || draw_layer(doc, pdf, p, LAYOUT_LAYER_OVER, &first) != 0)
            return -1;
        for (; b < doc->block_count && (doc->blocks[b].page < 0 || doc->blocks[b].page <= p); b++) {
            const lay_block *blk = &doc->blocks[b];
            int parent = -1, id, k;
            if (blk->outline_level <= 0 || blk->page < 0) continue;
            /* under the last heading of a smaller level */
            for (k = blk->outline_level - 1; k >= 1 && parent < 0; k--) parent = outline[k < 10 ? k : 9];
            id = pdf_outline_add(pdf, parent, blk->text, blk->page, blk->top_pt);
            if (id < 0) return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
            level = blk->outline_level < 10 ? blk->outline_level : 9;
            outline[level] = id;
            for (k = level + 1; k < 10; k++) outline[k] = -1;
        }
        if (fn && fn(&page, p + 1, doc->page_count, doc->page_user) != 0)
            return doc->errmsg[0] ? -1 : layout_fail(doc, "page %d: the page callback failed", p + 1);
    }
    return 0;
}
