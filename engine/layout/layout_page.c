/* SPDX-License-Identifier: GPL-3.0-or-later */
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
    /* the script line that made the block first, as compilers and Lua
     * name a place: "report.lua:40: block 12, page 3: ..." */
    origin = doc->blocks[block].origin;
    snprintf(where, sizeof where, "%s%sblock %d", origin ? origin : "", origin ? ": " : "", block + 1);
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
    doc->vl_cols = 1;
    doc->vl_gap_pt = 0;
    doc->measure_now_pt = 0;
}

void layout_vlist_columns(layout_doc *doc, int count, double gap_pt)
{
    double measure;
    doc->measure_now_pt = 0;
    measure = layout_measure_pt(doc);
    doc->vl_cols = count > 1 ? count : 1;
    doc->vl_gap_pt = count > 1 ? gap_pt : 0;
    if (count > 1) doc->measure_now_pt = (measure - (count - 1) * gap_pt) / count;
}

/* Footnotes: the short rule above them, a quarter of the measure (as
 * Chinese books set 页下注), in the middle of this much space above the
 * first note of a page. */
#define NOTE_RULE_SPACE_PT 12.0
#define NOTE_RULE_SHARE 0.25
#define NOTE_MAX_PER_PAGE 20   /* ① .. ⑳ (U+2460 .. U+2473) */

/* The lines of footnote n: its mark, an en space, its text, in the notes'
 * style across the measure. */
static int note_measure(layout_doc *doc, lay_note *n)
{
    lay_text_spec spec;
    int style = doc->note_style >= 0 ? doc->note_style : layout_style_find(doc, "footnote");
    size_t first = doc->line_count, i, len;
    char *text;
    int rc;
    if (style < 0) style = 0;
    memset(&spec, 0, sizeof spec);
    spec.style = style;
    spec.measure_pt = layout_measure_pt(doc);
    spec.align = LAYOUT_ALIGN_JUSTIFY;
    len = strlen(n->mark) + 3 + strlen(n->span->note) + 1;
    if (!(text = malloc(len))) return layout_fail(doc, "out of memory");
    snprintf(text, len, "%s\xE2\x80\x82%s", n->mark, n->span->note);
    rc = layout_text_lines(doc, n->block, text, &spec);
    free(text);
    if (rc != 0) return -1;
    n->first_line = first;
    n->line_count = doc->line_count - first;
    n->height_pt = 0;
    for (i = first; i < doc->line_count; i++) {
        doc->lines[i].note = 1;
        n->height_pt += doc->lines[i].pitch_pt;
    }
    /* a note is set whole on its mark's page: it may take half of one */
    if (n->height_pt > layout_text_height_pt(doc) / 2)
        return layout_block_fail(doc, n->block, "a footnote of %zu lines is taller than half a page", n->line_count);
    return 0;
}

/* The footnotes marked on lines up to line (a box: every one marked so
 * far) go with piece v: measured, their height kept on it. */
static int notes_attach(layout_doc *doc, size_t vi, int line)
{
    while (doc->notes_attached < doc->note_count
           && (line < 0 || doc->notes[doc->notes_attached].line <= (size_t)line)) {
        lay_note *n = &doc->notes[doc->notes_attached];
        lay_vbox *v = &doc->vlist[vi];
        if (v->note_count == 0) v->note_first = doc->notes_attached;
        if (note_measure(doc, n) != 0) return -1;
        v = &doc->vlist[vi];
        v->note_count++;
        v->note_pt += n->height_pt;
        doc->notes_attached++;
    }
    return 0;
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
    v->cols = doc->vl_cols;
    v->col_gap_pt = doc->vl_gap_pt;
    doc->vl_block = b;
    return doc->notes_attached < doc->note_count ? notes_attach(doc, doc->vlist_count - 1, line) : 0;
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
    if (doc->blocks[b].keep_together) {
        /* no break before any piece of the block but its first */
        size_t i = doc->vlist_count;
        while (i > 0 && doc->vlist[i - 1].block == b) i--;
        for (i++; i < doc->vlist_count; i++) doc->vlist[i].ok_before = 0;
    }
    doc->vl_pending_pt = doc->blocks[b].space_after_pt;
    doc->vl_keep = doc->blocks[b].keep_with_next;
    doc->vl_forced = 0;
}

/* ---- the page builder -------------------------------------------------------- */

/* The footnotes of every page at its foot, in the order of their marks,
 * numbered from 1 on each page; with numbers per page, each mark's glyph
 * (and the note's own) becomes that number's circled form. */
static int place_notes(layout_doc *doc)
{
    double top, bottom, left = doc->setup.margin_left_mm * MM_PT;
    size_t i, j, k;
    for (i = 0; i < doc->vlist_count; i++)
        for (k = 0; k < doc->vlist[i].note_count; k++) doc->notes[doc->vlist[i].note_first + k].page = doc->vlist[i].page;
    for (i = 0; i < doc->note_count;) {
        int page = doc->notes[i].page, number = 0;
        double total = 0, y;
        for (j = i; j < doc->note_count && doc->notes[j].page == page; j++) total += doc->notes[j].height_pt;
        if (page < 0) {   /* a mark whose line went on no page */
            i = j;
            continue;
        }
        layout_page_area(doc, page, &top, &bottom);
        y = bottom + total;   /* the top of the notes' area */
        for (k = i; k < j; k++) {
            lay_note *n = &doc->notes[k];
            size_t l;
            n->number = ++number;
            if (doc->notes_per_page) {
                uint32_t cp, g;
                int face;
                if (number > NOTE_MAX_PER_PAGE)
                    return layout_block_fail(doc, n->block, "page %d has more than %d footnotes numbered per page "
                                             "(number them through the document)", page + 1, NOTE_MAX_PER_PAGE);
                cp = 0x2460 + (uint32_t)number - 1;   /* ① .. ⑳ */
                face = layout_text_glyph(doc, n->mark_role, cp, &g);
                if (face >= 0 && face == doc->placed[n->mark_glyph].face) {
                    doc->placed[n->mark_glyph].glyph = g;
                    doc->placed[n->mark_glyph].cp = cp;
                }
                if (n->line_count) {
                    lay_placed *p = &doc->placed[doc->lines[n->first_line].glyph_start];
                    face = layout_text_glyph(doc, layout_role_of(doc, &doc->styles[doc->lines[n->first_line].style]),
                                             cp, &g);
                    if (face >= 0 && face == p->face) {
                        p->glyph = g;
                        p->cp = cp;
                    }
                }
            }
            for (l = n->first_line; l < n->first_line + n->line_count; l++) {
                lay_line *ln = &doc->lines[l];
                ln->page = page;
                ln->x_pt += left;
                ln->baseline_pt = layout_baseline_pt(y, ln->pitch_pt, doc->styles[ln->style].s.size_pt);
                y -= ln->pitch_pt;
            }
        }
        i = j;
    }
    return 0;
}

/* Greedy fill of pieces [from, to) into cols columns at most height_pt
 * tall, a column breaking at the last piece before the overflow that
 * allows a break (as the page builder does); 1 when they fit (and, when
 * apply, their column and top, from sec_top_pt), else 0. */
static int columns_fill(lay_vbox *v, size_t from, size_t to, int cols, double height_pt, double sec_top_pt,
                        int apply, double *tallest_pt)
{
    double y = 0;
    int col = 0;
    size_t k, start = from;
    *tallest_pt = 0;
    for (k = from; k < to;) {
        double glue = k > start ? v[k].glue_pt : 0;
        if (k > start && y + glue + v[k].height_pt > height_pt + EPS_PT) {
            size_t brk = k;
            while (brk > start && !v[brk].ok_before) brk--;
            if (brk == start || ++col >= cols) return 0;
            k = start = brk;
            y = 0;
            continue;
        }
        if (apply) {
            v[k].col = col;
            v[k].top_pt = sec_top_pt + y + glue;
        }
        y += glue + v[k].height_pt;
        if (y > *tallest_pt) *tallest_pt = y;
        k++;
    }
    return 1;
}

/* The end of a multi-column section on its last page: pieces [from, to)
 * spread over the columns as evenly as their breaks allow (the least
 * height in which they fit, found by bisection); the section's height
 * returned. Left as filled when no better spread exists. */
static double columns_balance(lay_vbox *v, size_t from, size_t to, int cols, double sec_top_pt, double room_pt)
{
    double lo = 0, hi = room_pt, total = 0, tallest, filled = 0;
    size_t k;
    int step;
    for (k = from; k < to; k++) {
        total += v[k].glue_pt + v[k].height_pt;
        if (v[k].height_pt > lo) lo = v[k].height_pt;
        if (v[k].top_pt + v[k].height_pt - sec_top_pt > filled) filled = v[k].top_pt + v[k].height_pt - sec_top_pt;
    }
    if (from >= to) return 0;
    if (total / cols > lo) lo = total / cols;
    if (!columns_fill(v, from, to, cols, hi, sec_top_pt, 0, &tallest)) return filled;
    for (step = 0; step < 30 && hi - lo > 0.5; step++) {
        double mid = (lo + hi) / 2;
        if (columns_fill(v, from, to, cols, mid, sec_top_pt, 0, &tallest)) hi = mid;
        else lo = mid;
    }
    columns_fill(v, from, to, cols, hi, sec_top_pt, 1, &tallest);
    return tallest;
}

int layout_paginate(layout_doc *doc)
{
    double top_y, bottom_y, avail;
    double left_x = doc->setup.margin_left_mm * MM_PT, measure;
    lay_vbox *v = doc->vlist;
    size_t nv = doc->vlist_count, i, b;
    double used = 0, notes = 0, sec_top = 0;
    int page = 0, cols = 1, col = 0;
    size_t s = 0, sec_first = 0;

    doc->measure_now_pt = 0;
    measure = layout_measure_pt(doc);
    for (b = 0; b < doc->block_count; b++) doc->blocks[b].page = doc->blocks[b].last_page = -1;
    layout_page_area(doc, 0, &top_y, &bottom_y);
    avail = top_y - bottom_y;

    for (i = 0; i <= nv;) {
        double glue, its_notes;
        /* a section of columns ends (or another starts): its part on this
         * page balanced, what follows below its tallest column */
        if (i == nv || v[i].cols != cols) {
            if (cols > 1 && i > sec_first) {
                /* from the first piece's top: its space before stays */
                double base = v[sec_first].top_pt;
                used = base + columns_balance(v, sec_first, i, cols, base, avail - base);
            }
            if (i == nv) break;
            cols = v[i].cols;
            col = 0;
            sec_top = used;
            sec_first = i;
        }
        glue = i == s || (cols > 1 && used <= sec_top && col > 0) ? 0 : v[i].glue_pt;
        /* a piece's footnotes go on its page, below a rule */
        its_notes = v[i].note_pt > 0 ? v[i].note_pt + (notes > 0 ? 0 : NOTE_RULE_SPACE_PT) : 0;
        if (v[i].forced_before && i > s) {
            page++; s = i; used = 0; notes = 0; col = 0; sec_top = 0; sec_first = i;
            layout_page_area(doc, page, &top_y, &bottom_y);
            avail = top_y - bottom_y;
            continue;
        }
        if (i > s && used + glue + v[i].height_pt + notes + its_notes > avail + EPS_PT) {
            size_t brk = i;
            while (brk > s && !v[brk].ok_before) brk--;
            if (brk == s) brk = i;   /* nothing allowed here: break here */
            if (cols > 1 && brk < sec_first) cols = 1;   /* back before the section: it starts anew */
            i = brk;
            s = brk;
            if (cols > 1 && col + 1 < cols) {
                col++;                /* the next column, from the section's top */
                used = sec_top;
            } else {
                page++; used = 0; notes = 0; col = 0; sec_top = 0; sec_first = brk;
                layout_page_area(doc, page, &top_y, &bottom_y);
                avail = top_y - bottom_y;
            }
            continue;
        }
        notes += its_notes;
        /* a table continued on a new page (or column): its header row again first */
        v[i].repeated = i == s && v[i].repeat_pt > 0;
        if (v[i].repeated) used += v[i].repeat_pt;
        v[i].page = page;
        v[i].col = cols > 1 ? col : 0;
        v[i].top_pt = used + glue;
        used += glue + v[i].height_pt;
        i++;
    }
    doc->page_count = nv ? page + 1 : 1;   /* an empty document is one blank page */

    for (i = 0; i < nv; i++) {
        lay_block *blk = &doc->blocks[v[i].block];
        double y, x = left_x;
        layout_page_area(doc, v[i].page, &top_y, &bottom_y);
        y = top_y - v[i].top_pt;
        doc->measure_now_pt = 0;
        if (v[i].cols > 1) {
            /* a column's width while its pieces are placed */
            doc->measure_now_pt = (measure - (v[i].cols - 1) * v[i].col_gap_pt) / v[i].cols;
            x += v[i].col * (doc->measure_now_pt + v[i].col_gap_pt);
        }
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
            l->x_pt += x;
        } else if (blk->kind->place(doc, v[i].block, v[i].ref, v[i].page, x, y, v[i].repeated) != 0) {
            doc->measure_now_pt = 0;
            return -1;
        }
    }
    doc->measure_now_pt = 0;

    if (place_notes(doc) != 0) return -1;

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

/* Fake bold: the outlines stroked with a line of this many ems in the
 * text's colour, thickening every stem by as much (a regular face's stems
 * are about 0.07 em, a bold one's 0.11). */
#define FAKE_BOLD_EM 0.035
/* Underline: its top this far below the baseline, this thick (ems): below
 * the ideographic em box's bottom (-0.12 em), clear of descenders. */
#define UNDERLINE_DROP_EM 0.15
#define UNDERLINE_EM 0.05

/* The spans' decorations on glyphs [start, end) at (x_pt, y_pt): under the
 * text (layer 0) the highlights, over it (layer 1) underlines and links,
 * one rectangle per run of glyphs of one span, from the first glyph's
 * origin to the last one's advance. */
static int draw_decorations(layout_doc *doc, pdf_doc *pdf, const layout_style *s, size_t start, size_t end,
                            double x_pt, double y_pt, int layer)
{
    size_t g = start;
    while (g < end) {
        const lay_placed *p = &doc->placed[g];
        const lay_inline *in = layout_inline_at(doc, p->span);
        const layout_span *sp;
        size_t last = g;
        double x0, x1, size;
        if (!in) { g++; continue; }
        while (last + 1 < end && doc->placed[last + 1].span == p->span) last++;
        sp = in->span;
        size = s->size_pt;
        x0 = x_pt + p->x_pt;
        x1 = x_pt + doc->placed[last].x_pt + doc->placed[last].w_pt;
        if (layer == 0 && (sp->flags & LAYOUT_SPAN_HIGHLIGHT)
            && pdf_rect(pdf, x0, y_pt - 0.2 * size, x1 - x0, 1.1 * size, 1, 0, sp->highlight) != 0)
            return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
        if (layer == 1 && (sp->flags & LAYOUT_SPAN_UNDERLINE)
            && pdf_rect(pdf, x0, y_pt - (UNDERLINE_DROP_EM + UNDERLINE_EM) * size, x1 - x0, UNDERLINE_EM * size, 1, 0,
                        sp->flags & LAYOUT_SPAN_COLOR ? sp->color : s->color) != 0)
            return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
        if (layer == 1 && sp->link) {
            int page = -1, target = -1;
            double top = 0;
            if (sp->link[0] == '#') {
                target = layout_block_find_id(doc, sp->link + 1);
                if (target < 0 || doc->blocks[target].page < 0)
                    return layout_fail(doc, "a link to '%s' whose target is not on any page", sp->link);
                page = doc->blocks[target].page;
                top = doc->blocks[target].top_pt;
            }
            if (pdf_link(pdf, x0, y_pt - 0.25 * size, x1 - x0, 1.2 * size, target >= 0 ? NULL : sp->link, page,
                         top) != 0)
                return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
        }
        g = last + 1;
    }
    return 0;
}

/* Draws placed glyphs [start, start+count) at (x_pt, y_pt) in style: one
 * pdf_glyphs call per run of one face and one span; a missing character
 * is a stroked box; the spans' highlights under the glyphs, their
 * underlines and links over them. */
int layout_draw_glyphs(layout_doc *doc, pdf_doc *pdf, int style, size_t start, size_t count,
                    double x_pt, double y_pt)
{
    const layout_style *s = &doc->styles[style].s;
    size_t g = start, end = start + count;
    int spans = 0;
    for (g = start; g < end && !spans; g++) spans = doc->placed[g].span != 0;
    if (spans && draw_decorations(doc, pdf, s, start, end, x_pt, y_pt, 0) != 0) return -1;
    g = start;
    while (g < end) {
        const lay_placed *p = &doc->placed[g];
        const lay_inline *in = layout_inline_at(doc, p->span);
        pdf_color color = in && (in->span->flags & LAYOUT_SPAN_COLOR) ? in->span->color : s->color;
        double size = s->size_pt * (in ? in->scale : 1.0), stroke = 0;
        size_t run = g, k;
        if (p->face < 0) {
            /* the box: the glyph's em square, inset so neighbours stay apart */
            double w = p->w_pt;
            if (pdf_rect(pdf, x_pt + p->x_pt + 0.1 * w, y_pt - 0.1 * s->size_pt, 0.8 * w,
                         0.85 * s->size_pt, 0, 0.6, color) != 0)
                return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
            g++;
            continue;
        }
        while (run < end && doc->placed[run].face == p->face && doc->placed[run].span == p->span) run++;
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
        /* bold text whose face is not bold (no bold variant, or a
         * character only the regular faces have) is stroked */
        if (in && (in->span->flags & LAYOUT_SPAN_BOLD) && !fonts_face_is_bold(doc->fonts, p->face))
            stroke = FAKE_BOLD_EM * size;
        if (pdf_glyphs_stroked(pdf, p->face, size, color, stroke, x_pt, y_pt, doc->out_glyphs, run - g) != 0)
            return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
        g = run;
    }
    if (spans && draw_decorations(doc, pdf, s, start, end, x_pt, y_pt, 1) != 0) return -1;
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
    {
        double top, bottom;
        layout_page_area(page->doc, page->index, &top, &bottom);
        if (text_top_pt) *text_top_pt = top;
        if (text_bottom_pt) *text_bottom_pt = bottom;
    }
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
    /* en spaces (U+2002, half an em): a reader of the PDF finds them (a
     * line of single characters whose gaps are all a quarter em reads as
     * one word to poppler, "-1-") */
    snprintf(text, sizeof text, "-\xE2\x80\x82%d\xE2\x80\x82-", number);
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

/* The rule above page p's footnotes (notes from *next on; moved past
 * them). */
static int draw_note_rule(layout_doc *doc, pdf_doc *pdf, int p, size_t *next)
{
    double total = 0, y, x = doc->setup.margin_left_mm * MM_PT, top, bottom;
    static const pdf_color black = {0, 0, 0};
    while (*next < doc->note_count && doc->notes[*next].page < p) (*next)++;
    while (*next < doc->note_count && doc->notes[*next].page == p) total += doc->notes[(*next)++].height_pt;
    if (total <= 0) return 0;
    layout_page_area(doc, p, &top, &bottom);
    y = bottom + total + NOTE_RULE_SPACE_PT / 2;
    if (pdf_line(pdf, x, y, x + NOTE_RULE_SHARE * layout_measure_pt(doc), y, 0.5, black) != 0)
        return layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
    return 0;
}

int layout_render_pages(layout_doc *doc, pdf_doc *pdf)
{
    double w = doc->setup.width_mm * MM_PT, h = doc->setup.height_mm * MM_PT;
    size_t li = 0, b = 0, first = 0, note = 0, *order = NULL, *at = NULL, k;
    int p, outline[10], level, rc = -1;
    layout_page_fn fn = doc->page_numbers ? page_number_footer : doc->page_fn;

    /* the lines of each page in their order (footnotes' lines come after
     * their paragraph's, whatever their page): a counting sort by page */
    order = malloc((doc->line_count ? doc->line_count : 1) * sizeof *order);
    at = calloc((size_t)doc->page_count + 2, sizeof *at);
    if (!order || !at) {
        free(order);
        free(at);
        return layout_fail(doc, "out of memory");
    }
    for (k = 0; k < doc->line_count; k++)
        if (doc->lines[k].page >= 0 && doc->lines[k].page < doc->page_count) at[doc->lines[k].page + 1]++;
    for (p = 0; p < doc->page_count; p++) at[p + 1] += at[p];
    for (k = 0; k < doc->line_count; k++)
        if (doc->lines[k].page >= 0 && doc->lines[k].page < doc->page_count) order[at[doc->lines[k].page]++] = k;
    /* at[p] is now the end of page p's lines, and the start of page p + 1's */
    for (level = 0; level < 10; level++) outline[level] = -1;
    for (p = 0; p < doc->page_count; p++) {
        layout_page page = {doc, pdf, p};
        if (pdf_page_add(pdf, w, h) < 0) {
            layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
            goto out;
        }
        if (draw_layer(doc, pdf, p, LAYOUT_LAYER_UNDER, &first) != 0) goto out;
        for (; li < at[p]; li++) {
            const lay_line *l = &doc->lines[order[li]];
            if (layout_draw_glyphs(doc, pdf, l->style, l->glyph_start, l->glyph_count, l->x_pt,
                            l->baseline_pt) != 0)
                goto out;
        }
        if (draw_note_rule(doc, pdf, p, &note) != 0) goto out;
        if (draw_layer(doc, pdf, p, LAYOUT_LAYER_RULES, &first) != 0
            || draw_layer(doc, pdf, p, LAYOUT_LAYER_OVER, &first) != 0)
            goto out;
        for (; b < doc->block_count && (doc->blocks[b].page < 0 || doc->blocks[b].page <= p); b++) {
            const lay_block *blk = &doc->blocks[b];
            int parent = -1, id, k;
            if (blk->outline_level <= 0 || blk->page < 0) continue;
            /* under the last heading of a smaller level */
            for (k = blk->outline_level - 1; k >= 1 && parent < 0; k--) parent = outline[k < 10 ? k : 9];
            id = pdf_outline_add(pdf, parent, blk->text, blk->page, blk->top_pt);
            if (id < 0) {
                layout_fail(doc, "pdf: %s", pdf_doc_errmsg(pdf));
                goto out;
            }
            level = blk->outline_level < 10 ? blk->outline_level : 9;
            outline[level] = id;
            for (k = level + 1; k < 10; k++) outline[k] = -1;
        }
        if (fn && fn(&page, p + 1, doc->page_count, doc->page_user) != 0) {
            if (!doc->errmsg[0]) layout_fail(doc, "page %d: the page callback failed", p + 1);
            goto out;
        }
    }
    rc = 0;
out:
    free(order);
    free(at);
    return rc;
}
