/* layout_page.c — the lines of a laid-out document onto pages (keep-with-
 * next, widows and orphans, space dropped at a page's top), then drawing
 * every page through pdf.h with its header/footer and outline entries. */
#include "layout/layout_internal.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM_PT (72.0 / 25.4)
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
    char msg[200];
    for (i = 0; i < doc->warned_count; i++)
        if (doc->warned[i] == cp) return 0;
    if (layout_grow((void **)&doc->warned, &doc->warned_cap, doc->warned_count + 1, sizeof *doc->warned)
        || layout_grow((void **)&doc->warnings, &doc->warning_cap, doc->warning_count + 1,
                    sizeof *doc->warnings))
        return layout_fail(doc, "out of memory");
    doc->warned[doc->warned_count++] = cp;
    utf8_encode(cp, u8);
    if (page >= 0)
        snprintf(msg, sizeof msg, "block %d, page %d: U+%04X '%s' is in no font of role %s; drawn as a box",
                 block, page + 1, (unsigned)cp, u8, role);
    else
        snprintf(msg, sizeof msg, "block %d: U+%04X '%s' is in no font of role %s; drawn as a box",
                 block, (unsigned)cp, u8, role);
    doc->warnings[doc->warning_count] = malloc(strlen(msg) + 1);
    if (!doc->warnings[doc->warning_count]) return layout_fail(doc, "out of memory");
    strcpy(doc->warnings[doc->warning_count++], msg);
    return 0;
}

typedef struct vbox {
    double height_pt;
    double glue_pt;        /* space above it, dropped at a page's top */
    int block;
    int line;              /* index in doc->lines, or -1 for a rule */
    int ok_before;         /* a page may break before it */
    int forced_before;     /* a page must break before it */
    int page;
    double top_pt;         /* from the top of the text area */
    int ext;               /* a piece of a table, chart or image */
    size_t piece;
    double repeat_pt;      /* lay_piece.repeat_pt */
    int repeated;          /* it starts a page under a repeated header */
} vbox;

static int text_block(int kind)
{
    return kind == LAY_HEADING || kind == LAY_PARA || kind == LAY_LIST || kind == LAY_TOC;
}

int layout_paginate(layout_doc *doc)
{
    double avail = (doc->setup.height_mm - doc->setup.margin_top_mm - doc->setup.margin_bottom_mm) * MM_PT;
    double top_y = (doc->setup.height_mm - doc->setup.margin_top_mm) * MM_PT;
    double left_x = doc->setup.margin_left_mm * MM_PT;
    vbox *v = NULL;
    size_t nv = 0, cap = 0, i, b;
    double pending = 0, used = 0;
    int prev_keep = 0, forced = 0, page = 0;
    size_t s = 0;

    for (b = 0; b < doc->block_count; b++) {
        lay_block *blk = &doc->blocks[b];
        const layout_style *st = &doc->styles[blk->style].s;
        blk->page = -1;
        if (blk->kind == LAY_PAGE_BREAK) { forced = 1; pending = 0; continue; }
        if (blk->kind == LAY_SPACE) { pending += blk->space_before_pt; continue; }
        if (blk->kind == LAY_RULE) {
            if (layout_grow((void **)&v, &cap, nv + 1, sizeof *v)) goto nomem;
            v[nv] = (vbox){blk->rule_width_pt, pending + blk->space_before_pt, (int)b, -1,
                           !prev_keep, forced, 0, 0, 0, 0, 0, 0};
            nv++;
            pending = blk->space_after_pt;
            prev_keep = 0;
            forced = 0;
            continue;
        }
        if (layout_ext_is(blk->kind)) {
            const lay_piece *pc;
            size_t k, n = layout_ext_pieces(doc, (int)b, &pc);
            if (n == 0) continue;
            for (k = 0; k < n; k++) {
                if (layout_grow((void **)&v, &cap, nv + 1, sizeof *v)) goto nomem;
                v[nv] = (vbox){pc[k].height_pt, k == 0 ? pending + blk->space_before_pt : 0, (int)b, -1,
                               k == 0 ? !prev_keep : pc[k].ok_before, k == 0 && forced, 0, 0,
                               1, k, pc[k].repeat_pt, 0};
                nv++;
            }
            pending = blk->space_after_pt;
            prev_keep = 0;
            forced = 0;
            continue;
        }
        if (!text_block(blk->kind) || blk->line_count == 0) continue;
        for (i = 0; i < blk->line_count; i++) {
            size_t n = blk->line_count;
            int ok;
            if (i == 0) ok = !prev_keep;
            else if (blk->kind == LAY_TOC) ok = 1;
            else if (blk->kind == LAY_HEADING) ok = 0;
            /* two lines at least at a page's foot (no orphan) and at the next
             * page's head (no widow) */
            else ok = i >= 2 && n - i >= 2;
            if (layout_grow((void **)&v, &cap, nv + 1, sizeof *v)) goto nomem;
            v[nv] = (vbox){doc->lines[blk->first_line + i].pitch_pt,
                           i == 0 ? pending + st->space_before_pt : 0, (int)b,
                           (int)(blk->first_line + i), ok, i == 0 && forced, 0, 0, 0, 0, 0, 0};
            nv++;
        }
        pending = st->space_after_pt;
        prev_keep = st->keep_with_next;
        forced = 0;
    }

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
        if (v[i].ext) {
            if (layout_ext_place(doc, v[i].block, v[i].piece, v[i].page, left_x, y, v[i].repeated) != 0) {
                free(v);
                return -1;
            }
        } else if (v[i].line >= 0) {
            lay_line *l = &doc->lines[v[i].line];
            double size = doc->styles[l->style].s.size_pt;
            l->page = v[i].page;
            l->baseline_pt = layout_baseline_pt(y, l->pitch_pt, size);
            l->x_pt += left_x;
        } else {
            lay_rule *r;
            if (layout_grow((void **)&doc->rules, &doc->rule_cap, doc->rule_count + 1, sizeof *doc->rules))
                goto nomem;
            r = &doc->rules[doc->rule_count++];
            r->page = v[i].page;
            r->x1_pt = left_x;
            r->x2_pt = left_x + layout_measure_pt(doc);
            r->y_pt = y - v[i].height_pt / 2;
            r->width_pt = blk->rule_width_pt;
            r->color = blk->color;
        }
    }
    free(v);

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
nomem:
    free(v);
    return layout_fail(doc, "out of memory");
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
        if (layout_grow((void **)&doc->out_glyphs, &doc->out_cap, run - g, sizeof *doc->out_glyphs))
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
    size_t start, count;
    double width;
    int rc;
    if (!page || !utf8) return -1;
    doc = page->doc;
    if (style < 0 || (size_t)style >= doc->style_count)
        return layout_fail(doc, "page %d: no style %d", page->index + 1, style);
    if (layout_text_run(doc, style, utf8, strlen(utf8), &start, &count, &width) != 0) return -1;
    if (align == LAYOUT_ALIGN_CENTER) x_pt -= width / 2;
    else if (align == LAYOUT_ALIGN_RIGHT) x_pt -= width;
    rc = layout_draw_glyphs(doc, page->pdf, style, start, count, x_pt, y_pt);
    doc->placed_count = start;   /* the run was only for this call */
    return rc;
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

int layout_render_pages(layout_doc *doc, pdf_doc *pdf)
{
    double w = doc->setup.width_mm * MM_PT, h = doc->setup.height_mm * MM_PT;
    size_t li = 0, ri = 0, b = 0;
    int p, outline[10], level;
    layout_page_fn fn = doc->page_numbers ? page_number_footer : doc->page_fn;

    for (level = 0; level < 10; level++) outline[level] = -1;
    for (p = 0; p < doc->page_count; p++) {
        layout_page page = {doc, pdf, p};
        if (pdf_page_add(pdf, w, h) < 0) return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
        if (layout_ext_draw(doc, pdf, p, 0) != 0) return -1;
        for (; li < doc->line_count && doc->lines[li].page == p; li++) {
            const lay_line *l = &doc->lines[li];
            if (layout_draw_glyphs(doc, pdf, l->style, l->glyph_start, l->glyph_count, l->x_pt,
                            l->baseline_pt) != 0)
                return -1;
        }
        for (; ri < doc->rule_count && doc->rules[ri].page == p; ri++) {
            const lay_rule *r = &doc->rules[ri];
            if (pdf_line(pdf, r->x1_pt, r->y_pt, r->x2_pt, r->y_pt, r->width_pt, r->color) != 0)
                return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
        }
        if (layout_ext_draw(doc, pdf, p, 1) != 0) return -1;
        for (; b < doc->block_count && (doc->blocks[b].page < 0 || doc->blocks[b].page <= p); b++) {
            const lay_block *blk = &doc->blocks[b];
            int parent = -1, id, k;
            if (blk->kind != LAY_HEADING || blk->page < 0) continue;
            /* under the last heading of a smaller level */
            for (k = blk->level - 1; k >= 1 && parent < 0; k--) parent = outline[k < 10 ? k : 9];
            id = pdf_outline_add(pdf, parent, blk->text, blk->page, blk->top_pt);
            if (id < 0) return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
            level = blk->level < 10 ? blk->level : 9;
            outline[level] = id;
            for (k = level + 1; k < 10; k++) outline[k] = -1;
        }
        if (fn && fn(&page, p + 1, doc->page_count, doc->page_user) != 0)
            return doc->errmsg[0] ? -1 : layout_fail(doc, "page %d: the page callback failed", p + 1);
    }
    return 0;
}
