/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_text.c — the text engine of the layout core (layout_core.h): a
 * text into justified lines: characters to items (glyph, face, advance;
 * Latin runs shaped by HarfBuzz with kerning), break opportunities from
 * linebreak.h, greedy first-fit line breaking with kinsoku push-out and
 * line-end push-in, then justification; and single runs of text for
 * headers, labels and markers. */
#include "layout/layout_doc.h"
#include "layout/hyphenate.h"
#include "layout/linebreak.h"
#include "util/chars.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { IT_CJK, IT_LATIN, IT_SPACE, IT_BOX, IT_EMPTY };
enum { PUNCT_NONE, PUNCT_CLOSING, PUNCT_OPENING };

struct lay_item {
    uint32_t glyph;
    uint32_t cp;            /* the character for ToUnicode (0: rest of a cluster) */
    int32_t face;           /* -1: missing */
    uint32_t cp_start;      /* the code points [cp_start, cp_end) it stands for */
    uint32_t cp_end;
    double width_pt;        /* advance, after grid and punctuation compression */
    double x_off_pt;        /* glyph origin inside the advance */
    double y_off_pt;
    uint32_t run;           /* glyphs of one Latin run share it */
    uint32_t span;          /* lay_placed.span */
    uint8_t kind;
    uint8_t brk;            /* LINEBREAK_* after this item */
    uint8_t punct;          /* full-width compressible punctuation */
    uint8_t half;           /* the next glyph starts half its advance early (pdf_glyph.half) */
};

#define EPS_PT 1e-6

/* Break opportunities of second rank, used only where a line would
 * otherwise be left loose (line_end): inside a URL after / . ? & = - (no
 * hyphen added) and inside a long Latin word at a hyphenation point (a
 * hyphen added at the line's end). Beside linebreak.h's classes in
 * lay_item.brk. */
#define BRK_SOFT   3
#define BRK_HYPHEN 4

/* A justified line is loose when its slack would put more than this many
 * ems into each of its gaps: it is then set flush left at its natural
 * spacing (ragged) instead, since letter-spaced Chinese reads as emphasis
 * (详　情　见), and a second-rank break is taken first where one helps. */
#define LOOSE_EM 0.2

void layout_text_free(layout_doc *doc)
{
    hyphenate_destroy(doc->hyph);
    free(doc->cps);
    free(doc->offs);
    free(doc->brks);
    free(doc->items);
    free(doc->shaped);
    free(doc->shape_cache);
    free(doc->out_glyphs);
}

/* fonts_shape of text[0..len) into doc->shaped (grown as needed), through
 * doc->shape_cache for short runs. Returns the glyph count, -1 on failure
 * (message set). */
static int shape_run(layout_doc *doc, int face, const char *text, size_t len, double size_pt)
{
    lay_shape_entry *e = NULL;
    int got;

    if (len <= LAY_SHAPE_MAX_BYTES) {
        uint32_t h = 2166136261u;   /* FNV-1a over the bytes and the face */
        size_t k;
        if (!doc->shape_cache) {
            doc->shape_cache = malloc(LAY_SHAPE_SLOTS * sizeof *doc->shape_cache);
            if (!doc->shape_cache) return layout_fail(doc, "out of memory");
            for (k = 0; k < LAY_SHAPE_SLOTS; k++) doc->shape_cache[k].face = -1;
        }
        for (k = 0; k < len; k++) h = (h ^ (unsigned char)text[k]) * 16777619u;
        h = (h ^ (uint32_t)face) * 16777619u;
        e = &doc->shape_cache[h & (LAY_SHAPE_SLOTS - 1)];
        if (e->face == face && e->size_pt == size_pt && e->len == len && memcmp(e->text, text, len) == 0) {
            if (VEC_RESERVE(doc->shaped, doc->shaped_cap, e->glyph_count) != 0)
                return layout_fail(doc, "out of memory");
            memcpy(doc->shaped, e->glyphs, e->glyph_count * sizeof *e->glyphs);
            return e->glyph_count;
        }
    }
    for (;;) {
        got = fonts_shape(doc->fonts, face, text, len, size_pt, doc->shaped, doc->shaped_cap);
        if (got < 0) return layout_fail(doc, "shaping failed (face %d)", face);
        if ((size_t)got <= doc->shaped_cap) break;
        if (VEC_RESERVE(doc->shaped, doc->shaped_cap, (size_t)got) != 0)
            return layout_fail(doc, "out of memory");
    }
    if (e && got <= LAY_SHAPE_MAX_GLYPHS) {
        e->face = face;
        e->size_pt = size_pt;
        e->len = (uint8_t)len;
        e->glyph_count = (uint8_t)got;
        memcpy(e->text, text, len);
        memcpy(e->glyphs, doc->shaped, (size_t)got * sizeof *e->glyphs);
    }
    return got;
}

/* fonts_pick and the advance at 1 pt, through the per-role BMP cache. */
static int pick(layout_doc *doc, int role, uint32_t cp, uint32_t *glyph, double *adv_em)
{
    lay_cmap_entry *e;
    if (cp < 0x10000) {
        if ((size_t)role >= doc->cmap_count) {
            size_t n = (size_t)role + 1, i;
            if (VEC_RESERVE(doc->cmaps, doc->cmap_cap, n) != 0) return -2;
            for (i = doc->cmap_count; i < n; i++) doc->cmaps[i] = NULL;
            doc->cmap_count = n;
        }
        lay_cmap_entry **block;
        if (!doc->cmaps[role] && !(doc->cmaps[role] = calloc(1, sizeof **doc->cmaps))) return -2;
        block = &doc->cmaps[role]->block[cp / LAY_CMAP_BLOCK];
        if (!*block && !(*block = calloc(LAY_CMAP_BLOCK, sizeof **block))) return -2;
        e = &(*block)[cp % LAY_CMAP_BLOCK];
        if (e->face_plus2 == 0) {
            uint32_t g = 0;
            int face = fonts_pick(doc->fonts, role, cp, &g);
            e->face_plus2 = face + 2;
            e->glyph = g;
            /* HarfBuzz advances scale linearly with the size (no hinting). */
            e->advance_em = face >= 0 ? (float)(fonts_advance_pt(doc->fonts, face, g, 1000.0) / 1000.0) : 0;
        }
        *glyph = e->glyph;
        *adv_em = e->advance_em;
        return e->face_plus2 - 2;
    } else {
        uint32_t g = 0;
        int face = fonts_pick(doc->fonts, role, cp, &g);
        *glyph = g;
        *adv_em = face >= 0 ? fonts_advance_pt(doc->fonts, face, g, 1000.0) / 1000.0 : 0;
        return face;
    }
}

/* Characters set as shaped runs (Latin letters, digits, ASCII punctuation,
 * Greek, Cyrillic ...): below the General Punctuation block, not a space. */
static int is_run_char(uint32_t cp)
{
    return cp > 0x20 && cp < 0x2000 && cp != 0xA0 && cp != 0xAD;
}

static int ensure_items(layout_doc *doc, size_t need)
{
    return VEC_RESERVE(doc->items, doc->item_cap, need);
}

int layout_text_glyph(layout_doc *doc, int role, uint32_t cp, uint32_t *glyph)
{
    double adv;
    int face = pick(doc, role, cp, glyph, &adv);
    return face < -1 ? -1 : face;
}

const lay_inline *layout_inline_at(const layout_doc *doc, uint32_t i)
{
    return i > 0 && i <= doc->inline_count ? &doc->inlines[i - 1] : NULL;
}

/* Superscripts: 0.6 of the size, their baseline 0.35 em up (the figures
 * of a footnote mark reach about the cap height of the text beside). */
#define SUP_SCALE 0.6
#define SUP_RISE_EM 0.35

/* Records the spans of a text being set as inlines of this run; returns
 * the inline number of the first (spans[k] is first + k), 0 for none, -1
 * when out of memory. */
static long add_inlines(layout_doc *doc, int role, const layout_span *spans, size_t count)
{
    size_t k, first = doc->inline_count + 1;
    if (count == 0) return 0;
    if (VEC_RESERVE(doc->inlines, doc->inline_cap, doc->inline_count + count) != 0)
        return layout_fail(doc, "out of memory");
    for (k = 0; k < count; k++) {
        lay_inline *in = &doc->inlines[doc->inline_count++];
        unsigned f = spans[k].flags;
        int v = (f & (LAYOUT_SPAN_BOLD | LAYOUT_SPAN_ITALIC))
                    ? fonts_role_variant(doc->fonts, role, f & LAYOUT_SPAN_BOLD, f & LAYOUT_SPAN_ITALIC) : -1;
        in->span = &spans[k];
        in->marked = 0;
        in->role = v >= 0 ? v : role;
        in->scale = f & LAYOUT_SPAN_SUPERSCRIPT ? SUP_SCALE : 1.0;
        in->rise_em = f & LAYOUT_SPAN_SUPERSCRIPT ? SUP_RISE_EM : 0;
    }
    return (long)first;
}

static int is_ascii_letter(uint32_t cp)
{
    return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
}

/* A token of printable ASCII that is a URL or an e-mail address. */
static int is_url(const uint32_t *t, size_t n)
{
    size_t k;
    int at = 0, dot = 0;
    if (n >= 4 && (t[0] | 0x20) == 'w' && (t[1] | 0x20) == 'w' && (t[2] | 0x20) == 'w' && t[3] == '.') return 1;
    for (k = 0; k < n; k++) {
        if (k + 2 < n && t[k] == ':' && t[k + 1] == '/' && t[k + 2] == '/') return 1;
        at |= t[k] == '@';
        dot |= at && t[k] == '.';
    }
    return dot;
}

static int is_url_mark(uint32_t cp)
{
    return cp == '/' || cp == '.' || cp == '?' || cp == '&' || cp == '=' || cp == '-';
}

/* The second-rank breaks of the code points doc->cps[0..count) into
 * doc->brks, where linebreak.h allows none: in a URL after a run of
 * / . ? & = - ("https://" | "www." | "cq.gov." | "cn/a?" | "b=1&" ...); in
 * other Latin text after a hyphen between letters, and at the
 * hyphenation points of words of 6 letters or more. */
static void soft_breaks(layout_doc *doc, size_t count)
{
    const uint32_t *c = doc->cps;
    char *brks = doc->brks;
    size_t i = 0, j, k;
    while (i < count) {
        if (!(c[i] > 0x20 && c[i] < 0x7F)) { i++; continue; }
        for (j = i; j < count && c[j] > 0x20 && c[j] < 0x7F; j++) {}
        if (j - i >= 2 && is_url(c + i, j - i)) {
            for (k = i; k + 1 < j; k++)
                if (brks[k] == LINEBREAK_NONE && is_url_mark(c[k]) && !is_url_mark(c[k + 1])) brks[k] = BRK_SOFT;
        } else {
            for (k = i; k < j;) {
                size_t a = k, w;
                char points[64];
                if (!is_ascii_letter(c[k])) {
                    if (c[k] == '-' && k > i && k + 1 < j && is_ascii_letter(c[k - 1]) && is_ascii_letter(c[k + 1])
                        && brks[k] == LINEBREAK_NONE)
                        brks[k] = BRK_SOFT;   /* state-of-the-art */
                    k++;
                    continue;
                }
                while (k < j && is_ascii_letter(c[k])) k++;
                if (k - a < 6 || k - a > 60) continue;
                if (!doc->hyph_tried) {
                    /* the patterns are read once a long word needs them */
                    doc->hyph = hyphenate_create(NULL);
                    doc->hyph_tried = 1;
                }
                if (!doc->hyph) continue;
                {
                    char word[64];
                    for (w = 0; w < k - a; w++) word[w] = (char)c[a + w];
                    if (hyphenate_word(doc->hyph, word, k - a, points) <= 0) continue;
                }
                for (w = 0; w + 1 < k - a; w++)
                    if (points[w] && brks[a + w] == LINEBREAK_NONE) brks[a + w] = BRK_HYPHEN;
            }
        }
        i = j;
    }
}

/* Makes the items of text[0..len) in style, with its spans: returns their
 * count, -1 on failure. doc->cps/offs/brks hold the code points
 * afterwards. */
static ssize_t build_items(layout_doc *doc, const lay_style *st, const char *text, size_t len,
                           const layout_span *spans, size_t span_count)
{
    const layout_style *s = &st->s;
    int base_role = layout_role_of(doc, st), role = base_role;
    size_t count, i, off, n = 0, si = 0;
    uint32_t run = 0, span = 0;
    long first_inline = add_inlines(doc, base_role, spans, span_count);
    double base_size = s->size_pt, size = base_size, grid = s->grid_pitch_pt, rise = 0;

    if (first_inline < 0) return -1;

    /* Room for len + 1 code points (at most one per byte), so that the text
     * is decoded in one pass, not counted first (utf8_length) and then
     * decoded: the scratch arrays are reused from paragraph to paragraph. */
    if (VEC_RESERVE(doc->cps, doc->cp_cap, len + 1) != 0 || VEC_RESERVE(doc->offs, doc->offs_cap, len + 1) != 0
        || VEC_RESERVE(doc->brks, doc->brks_cap, len + 1) != 0)
        return layout_fail(doc, "out of memory");
    for (i = 0, off = 0; off < len; i++) {
        unsigned char c = (unsigned char)text[off];
        doc->offs[i] = off;
        if (c < 0x80) {   /* ASCII inline: Latin runs, digits, spaces */
            doc->cps[i] = c;
            off++;
        } else {
            off += utf8_decode(text + off, len - off, &doc->cps[i]);
        }
    }
    count = i;
    doc->offs[count] = len;
    linebreak_utf32(doc->cps, count, doc->brks);
    soft_breaks(doc, count);
    if (ensure_items(doc, count + 1) != 0) return layout_fail(doc, "out of memory");

    for (i = 0; i < count;) {
        uint32_t cp = doc->cps[i], glyph = 0;
        double adv_em = 0;
        int face;
        lay_item *it;

        if (span_count) {
            /* the span of this character: role, size and rise */
            const lay_inline *in;
            while (si < span_count && spans[si].end <= doc->offs[i]) si++;
            span = si < span_count && spans[si].start <= doc->offs[i] ? (uint32_t)(first_inline + (long)si) : 0;
            in = layout_inline_at(doc, span);
            role = in ? in->role : base_role;
            size = base_size * (in ? in->scale : 1.0);
            rise = in ? in->rise_em * base_size : 0;
        }

        if (cp < 0x20 || cp == 0x200B || cp == 0xAD || cp == 0xFEFF) {
            /* controls, zero-width space, soft hyphen, BOM: no glyph, but a
             * line feed keeps its mandatory break */
            it = &doc->items[n++];
            memset(it, 0, sizeof *it);
            it->kind = cp == '\t' ? IT_SPACE : IT_EMPTY;
            it->span = span;
            if (cp == '\t') it->width_pt = size;
            it->cp_start = (uint32_t)i;
            it->cp_end = (uint32_t)i + 1;
            it->brk = (uint8_t)doc->brks[i];
            it->run = ++run;
            i++;
            continue;
        }
        face = pick(doc, role, cp, &glyph, &adv_em);
        if (face == -2) return layout_fail(doc, "out of memory");

        if (face >= 0 && is_run_char(cp)) {
            /* a Latin run: every following run character of the same face */
            size_t j = i + 1, g, cluster_cp;
            int got;
            /* the run ends where its span does */
            size_t run_end = span_count && si < span_count && span ? spans[si].end
                             : span_count && si < span_count ? spans[si].start : (size_t)-1;
            while (j < count && is_run_char(doc->cps[j]) && doc->offs[j] < run_end) {
                uint32_t g2;
                double a2;
                int f2 = pick(doc, role, doc->cps[j], &g2, &a2);
                if (f2 == -2) return layout_fail(doc, "out of memory");
                if (f2 != face) break;
                j++;
            }
            got = shape_run(doc, face, text + doc->offs[i], doc->offs[j] - doc->offs[i], size);
            if (got < 0) return -1;
            if (ensure_items(doc, n + (size_t)got + (count - i)) != 0) return layout_fail(doc, "out of memory");
            run++;
            cluster_cp = i;
            for (g = 0; g < (size_t)got; g++) {
                const fonts_glyph *fg = &doc->shaped[g];
                size_t start, end, g2;
                /* clusters are byte offsets into the run, non-decreasing (LTR) */
                while (cluster_cp + 1 < j && doc->offs[cluster_cp + 1] - doc->offs[i] <= fg->cluster)
                    cluster_cp++;
                start = cluster_cp;
                for (g2 = g + 1; g2 < (size_t)got && doc->shaped[g2].cluster == fg->cluster; g2++) {}
                end = start + 1;
                if (g2 < (size_t)got)
                    while (end < j && doc->offs[end] - doc->offs[i] < doc->shaped[g2].cluster) end++;
                else
                    end = j;
                it = &doc->items[n++];
                memset(it, 0, sizeof *it);
                it->kind = IT_LATIN;
                it->glyph = fg->glyph;
                it->cp = (g == 0 || doc->shaped[g - 1].cluster != fg->cluster) ? doc->cps[start] : 0;
                it->face = face;
                it->cp_start = (uint32_t)start;
                it->cp_end = (uint32_t)end;
                it->width_pt = fg->x_advance_pt;
                it->x_off_pt = fg->x_offset_pt;
                it->y_off_pt = fg->y_offset_pt + rise;
                it->run = run;
                it->span = span;
                /* inside a cluster no break; else the class after its last character */
                it->brk = g2 > g + 1 ? LINEBREAK_NONE : (uint8_t)doc->brks[end - 1];
            }
            i = j;
            continue;
        }

        it = &doc->items[n++];
        memset(it, 0, sizeof *it);
        it->cp_start = (uint32_t)i;
        it->cp_end = (uint32_t)i + 1;
        it->brk = (uint8_t)doc->brks[i];
        it->run = ++run;
        it->cp = cp;
        it->face = face;
        it->glyph = glyph;
        it->span = span;
        it->y_off_pt = rise;
        if (face < 0) {
            /* no face of the role has it: a box one em wide (or one cell) */
            it->kind = IT_BOX;
            it->width_pt = grid > 0 ? grid : size;
        } else if (cp == ' ' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A)) {
            it->kind = IT_SPACE;
            it->width_pt = adv_em * size;
        } else {
            double adv = adv_em * size;
            it->kind = IT_CJK;
            it->width_pt = adv;
            /* GB/T 9704 grid: a full-width character takes one cell of the
             * pitch, its glyph centred in it. */
            if (grid > 0 && adv_em >= 0.9 && size == base_size) {
                it->width_pt = grid;
                it->x_off_pt = (grid - adv) / 2;
            }
            if (adv_em >= 0.9) {
                if (linebreak_is_closing(cp) && !chars_is(cp, CHARS_ELLIPSIS | CHARS_DASH | CHARS_INTERPUNCT))
                    it->punct = PUNCT_CLOSING;
                else if (linebreak_is_opening(cp))
                    it->punct = PUNCT_OPENING;
            }
        }
        i++;
    }

    /* clreq §3.1.6 (adjacent punctuation): a full-width closing mark before
     * another mark is set half width, its right half (blank in GB fonts,
     * whose closing marks sit on the left) dropped; an opening mark after
     * another opening mark loses its left half. “。”” takes 1.5 em, not 2. */
    for (i = 0; i + 1 < n; i++) {
        lay_item *a = &doc->items[i], *b = &doc->items[i + 1];
        if (a->punct == PUNCT_CLOSING && b->punct != PUNCT_NONE) {
            a->width_pt -= a->width_pt / 2;
            a->half = 1;
        }
        if (b->punct == PUNCT_OPENING && a->punct == PUNCT_OPENING) {
            double half = b->width_pt / 2;
            b->width_pt -= half;
            b->x_off_pt -= half;
            /* b is drawn half an em into a: for a reader of the PDF, a is
             * the half-width one (the same glyphs in the same places). */
            if (fabs(half - a->width_pt / 2) < 0.01) a->half = 1;
        }
    }
    return (ssize_t)n;
}

static int add_placed(layout_doc *doc, const lay_item *it, double x_pt)
{
    lay_placed *p;
    /* A space is drawn as its face's space glyph, not only as a move of
     * the pen: a reader of the PDF (pdftotext) then finds it wherever it
     * is, also where it is narrower than poppler's word-gap threshold
     * (half an em: the spaces of TeX Gyre and Noto are a quarter). A
     * tab and controls have no glyph. */
    if (it->kind == IT_EMPTY || (it->kind == IT_SPACE && (it->face < 0 || it->cp == 0))) return 0;
    if (VEC_RESERVE(doc->placed, doc->placed_cap, doc->placed_count + 1) != 0)
        return layout_fail(doc, "out of memory");
    p = &doc->placed[doc->placed_count++];
    p->glyph = it->glyph;
    p->cp = it->cp;
    p->face = it->kind == IT_BOX ? -1 : it->face;
    p->x_pt = (float)(x_pt + it->x_off_pt);
    p->y_pt = (float)it->y_off_pt;
    p->w_pt = (float)it->width_pt;
    p->span = it->span;
    p->half = it->half;
    return 0;
}

/* Whether the slack of a justified line may go after item k (before k+1):
 * between characters of different runs (every CJK character is its own
 * run) and after a space, never inside a Latin word nor before a space. */
static inline int stretchable(const lay_item *items, size_t k)
{
    if (items[k + 1].kind == IT_SPACE || items[k + 1].kind == IT_EMPTY) return 0;
    if (items[k].kind == IT_EMPTY) return 0;
    return items[k].kind == IT_SPACE || items[k].run != items[k + 1].run;
}

/* Registers the footnote whose mark starts at item k (of the line being
 * emitted, which ends at item last): its mark's text, line and glyph. */
static int note_mark(layout_doc *doc, int b, size_t k, size_t last)
{
    lay_inline *in = &doc->inlines[doc->items[k].span - 1];
    lay_note *note;
    size_t j, n = 0;
    if (VEC_RESERVE(doc->notes, doc->note_cap, doc->note_count + 1) != 0) return layout_fail(doc, "out of memory");
    note = &doc->notes[doc->note_count++];
    memset(note, 0, sizeof *note);
    note->span = in->span;
    note->block = b;
    note->line = doc->line_count;
    note->mark_glyph = doc->placed_count;
    note->mark_role = in->role;
    note->page = -1;
    for (j = k; j <= last && doc->items[j].span == doc->items[k].span; j++) {
        uint32_t cp = doc->items[j].cp;
        if (cp && n + 4 < sizeof note->mark) n += utf8_encode(cp, note->mark + n);
    }
    note->mark[n] = '\0';
    in->marked = 1;
    return 0;
}

/* Places items[s..e] as one line of block b: justification or alignment. */
static int emit_line(layout_doc *doc, int b, const lay_style *st, size_t s, size_t e,
                     double avail_pt, double x_pt, int justify, layout_align align, int line_no,
                     int hyphen)
{
    const lay_item *items = doc->items;
    lay_line *line;
    size_t last = e, k, gaps = 0, letter_gaps = 0;
    double natural = 0, slack, per_gap = 0, x, offset = 0;
    int all_gaps = 0;
    lay_item hy;

    /* trailing spaces hang in the margin, uncounted */
    while (last > s && (items[last].kind == IT_SPACE || items[last].kind == IT_EMPTY)) last--;
    for (k = s; k <= last; k++) natural += items[k].width_pt;
    if (hyphen) {
        /* the hyphen of a word broken at the line's end, in its face */
        const lay_inline *in = layout_inline_at(doc, items[last].span);
        double adv_em = 0;
        int face;
        memset(&hy, 0, sizeof hy);
        face = pick(doc, in ? in->role : layout_role_of(doc, st), '-', &hy.glyph, &adv_em);
        if (face == -2) return layout_fail(doc, "out of memory");
        hy.kind = face >= 0 ? IT_LATIN : IT_EMPTY;
        hy.face = face;
        hy.cp = '-';
        hy.span = items[last].span;
        hy.y_off_pt = items[last].y_off_pt;
        hy.width_pt = adv_em * st->s.size_pt * (in ? in->scale : 1.0);
        natural += hy.width_pt;
    }
    slack = avail_pt - natural;
    if (justify && slack > EPS_PT && last > s) {
        for (k = s; k < last; k++) {
            if (stretchable(items, k)) gaps++;
            if (items[k + 1].kind != IT_EMPTY && items[k].kind != IT_EMPTY) letter_gaps++;
        }
        if (gaps) per_gap = slack / (double)gaps;
        else if (letter_gaps) { per_gap = slack / (double)letter_gaps; all_gaps = 1; }
        /* a loose line is set ragged, never letter-spaced (LOOSE_EM) */
        if (per_gap > LOOSE_EM * st->s.size_pt) {
            per_gap = 0;
            all_gaps = 0;
        }
    } else if (!justify && slack > 0) {
        if (align == LAYOUT_ALIGN_CENTER) offset = slack / 2;
        else if (align == LAYOUT_ALIGN_RIGHT) offset = slack;
    }

    if (VEC_RESERVE(doc->lines, doc->line_cap, doc->line_count + 1) != 0)
        return layout_fail(doc, "out of memory");
    line = &doc->lines[doc->line_count];
    memset(line, 0, sizeof *line);
    line->block = b;
    line->line_in_block = line_no;
    line->style = (int)(st - doc->styles);
    line->page = -1;
    line->x_pt = x_pt + offset;
    line->measure_pt = avail_pt;
    line->pitch_pt = layout_pitch_pt(&st->s);
    line->text_start = doc->offs[items[s].cp_start];
    line->text_end = doc->offs[items[e].cp_end];
    line->glyph_start = doc->placed_count;

    x = 0;
    for (k = s; k <= last; k++) {
        if (k > s && items[k].kind != IT_SPACE && items[k].kind != IT_EMPTY
            && items[k - 1].kind != IT_EMPTY
            && (all_gaps ? 1 : stretchable(items, k - 1)))
            x += per_gap;
        if (items[k].span && doc->inlines[items[k].span - 1].span->note && !doc->inlines[items[k].span - 1].marked
            && note_mark(doc, b, k, last) != 0)
            return -1;
        if (add_placed(doc, &items[k], x) != 0) return -1;
        if (items[k].kind == IT_BOX) line->missing++;
        x += items[k].width_pt;
    }
    if (hyphen) {
        if (add_placed(doc, &hy, x) != 0) return -1;
        x += hy.width_pt;
    }
    line = &doc->lines[doc->line_count];
    line->width_pt = x;
    line->glyph_count = doc->placed_count - line->glyph_start;
    doc->line_count++;
    return 0;
}

/* Where the line that starts at item start ends (inclusive), for avail_pt
 * of room: greedy first fit. *pushed_in: its last item, a closing mark, is
 * to be set half width to fit; *forced: 1 when it ends at a mandatory
 * break, -1 when it had to be broken without an opportunity; *hyphen: it
 * ends inside a word, at a hyphenation point. A second-rank break (a URL's,
 * a hyphenation point) after the last ordinary one is taken when the line
 * ending at the ordinary one would be loose (LOOSE_EM), or there is none:
 * "详情见https://www.cq" | "gov.cn/..." rather than "详　情　见". */
static size_t line_end(const layout_doc *doc, size_t n, size_t start, double avail_pt,
                       double size_pt, int *pushed_in, int *forced, int *hyphen)
{
    double w = 0, w_break = 0;
    size_t i, k, gaps_break = 0;
    ssize_t last_break = -1, last_soft = -1;
    int soft_hyphen = 0;
    *pushed_in = 0;
    *forced = 0;
    *hyphen = 0;
    for (i = start; i < n; i++) {
        const lay_item *it = &doc->items[i];
        w += it->width_pt;
        if (w > avail_pt + EPS_PT && i > start && it->kind != IT_SPACE && it->kind != IT_EMPTY) {
            /* Push-in: a closing mark that overflows by at most half its
             * width is set half width at the line's end. */
            if (it->punct == PUNCT_CLOSING && w - it->width_pt / 2 <= avail_pt + EPS_PT
                && it->brk != LINEBREAK_NONE && it->width_pt > size_pt * 0.6) {
                *pushed_in = 1;
                return i;
            }
            /* Push-out: back to the last opportunity (kinsoku may have moved
             * it a character or two back), or a second-rank one after it
             * when that line would be loose; a run wider than the measure
             * without either is broken where it overflows. */
            /* the gaps of the line up to the ordinary break, counted only
             * here: a soft break after it is rare */
            if (last_soft > last_break && last_break >= (ssize_t)start)
                for (k = start; k < (size_t)last_break; k++) gaps_break += stretchable(doc->items, k);
            if (last_soft > last_break
                && (last_break < (ssize_t)start
                    || (avail_pt - w_break) / (double)(gaps_break ? gaps_break : 1) > LOOSE_EM * size_pt)) {
                *hyphen = soft_hyphen;
                return (size_t)last_soft;
            }
            if (last_break >= (ssize_t)start) return (size_t)last_break;
            *forced = -1;   /* no opportunity: an emergency break */
            return i - 1;
        }
        /* a line feed, or the end of the text */
        if (it->brk == LINEBREAK_MUST) { *forced = i + 1 < n; return i; }
        if (it->brk == LINEBREAK_ALLOW) {
            last_break = (ssize_t)i;
            w_break = it->kind == IT_SPACE ? w - it->width_pt : w;
        } else if ((it->brk == BRK_SOFT || it->brk == BRK_HYPHEN)
                   && w + (it->brk == BRK_HYPHEN ? doc->hyphen_pt : 0) <= avail_pt + EPS_PT) {
            last_soft = (ssize_t)i;
            soft_hyphen = it->brk == BRK_HYPHEN;
        }
    }
    return n - 1;
}

static size_t skip_spaces(const layout_doc *doc, size_t n, size_t i)
{
    while (i < n && doc->items[i].kind == IT_SPACE) i++;
    return i;
}

/* The number of lines items[0..n) take with the given room (a huge number
 * when a line would have to be broken without an opportunity). */
static int count_lines(const layout_doc *doc, size_t n, double first_pt, double rest_pt,
                       double size_pt)
{
    size_t start = 0;
    int lines = 0, pushed, forced, hyphen;
    while (start < n) {
        size_t end = line_end(doc, n, start, lines == 0 ? first_pt : rest_pt, size_pt, &pushed, &forced, &hyphen);
        if (forced < 0) return 1 << 20;
        lines++;
        start = skip_spaces(doc, n, end + 1);
    }
    return lines;
}

/* Whether items [from, to] are a stub for a paragraph's last line: one
 * ideograph and nothing else but punctuation ("成。"), which Chinese
 * typesetting avoids (孤字). */
static int is_stub(const layout_doc *doc, size_t from, size_t to)
{
    size_t k, ideographs = 0;
    for (k = from; k <= to; k++) {
        const lay_item *it = &doc->items[k];
        if (it->kind == IT_LATIN || it->kind == IT_BOX) return 0;
        if (it->kind == IT_CJK && linebreak_is_ideograph(it->cp) && ++ideographs > 1) return 0;
    }
    return ideographs == 1;
}

/* For the line [start, end] of a justified paragraph whose next and last
 * line would be a stub: an earlier end, at the last break opportunity
 * before end, that leaves the last line two characters or more and still
 * one line, and costs this line at most two and a half ems of stretch;
 * else end itself. */
static size_t avoid_stub(const layout_doc *doc, size_t n, size_t start, size_t end, double avail,
                         double break_avail, double size_pt)
{
    size_t next = skip_spaces(doc, n, end + 1), next_end, c, tail_end;
    double w = 0;
    int pushed, forced, hyphen;
    /* A stub is one ideograph and a few marks: most lines end far from it. */
    if (next >= n || n - next > 6) return end;
    next_end = line_end(doc, n, next, break_avail, size_pt, &pushed, &forced, &hyphen);
    if (next_end + 1 < n || forced != 0 || !is_stub(doc, next, n - 1)) return end;
    for (c = end; c > start; c--)
        if (doc->items[c - 1].brk == LINEBREAK_ALLOW) break;
    if (c <= start) return end;
    c--;   /* the new end: a break is allowed after it */
    for (size_t k = start; k <= c; k++) w += doc->items[k].width_pt;
    if (avail - w > 2.5 * size_pt) return end;
    next = skip_spaces(doc, n, c + 1);
    tail_end = line_end(doc, n, next, break_avail, size_pt, &pushed, &forced, &hyphen);
    if (tail_end + 1 < n || forced != 0 || pushed || is_stub(doc, next, n - 1)) return end;
    return c;
}

static int is_cn_numeral(uint32_t cp)
{
    static const uint32_t numerals[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D,
                                        0x5341, 0x767E, 0x96F6, 0x3007, 0x58F9, 0x8D30, 0x53C1};
    size_t k;
    for (k = 0; k < sizeof numerals / sizeof *numerals; k++)
        if (cp == numerals[k]) return 1;
    return 0;
}

static int is_digit_cp(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* The code points a heading's leading number takes, with the spaces after
 * it: "3." "3.2" "一、" "（一）" "(2)" "第三章" and the like; 0 for none. */
static size_t leading_number(const uint32_t *c, size_t n)
{
    size_t k = 0;
    int cn = 0;
    if (n && (c[0] == 0xFF08 || c[0] == '(')) {          /* （一） (2) */
        for (k = 1; k < n && (is_digit_cp(c[k]) || is_cn_numeral(c[k])); k++) {}
        if (k == 1 || k >= n || !(c[k] == 0xFF09 || c[k] == ')')) return 0;
        k++;
    } else if (n && c[0] == 0x7B2C) {                     /* 第三章 第2条 */
        for (k = 1; k < n && (is_digit_cp(c[k]) || is_cn_numeral(c[k])); k++) {}
        if (k == 1 || k >= n || !(c[k] == 0x7AE0 || c[k] == 0x8282 || c[k] == 0x6761 || c[k] == 0x7BC7
                                  || c[k] == 0x90E8 || c[k] == 0x6B3E))
            return 0;
        k++;
    } else {                                              /* 3. 3.2. 一、 */
        while (k < n && (is_digit_cp(c[k]) || (k > 0 && (c[k] == '.' || c[k] == 0xFF0E) && k + 1 < n
                                                && is_digit_cp(c[k + 1]))))
            k++;
        if (k == 0) {
            while (k < n && is_cn_numeral(c[k])) k++;
            cn = 1;
        }
        if (k == 0 || k >= n) return 0;
        if (c[k] == 0x3001 || c[k] == 0xFF0E || (!cn && c[k] == '.')) k++;
        else if (!(c[k] == ' ' || c[k] == 0x3000) || cn) return 0;
    }
    while (k < n && (c[k] == ' ' || c[k] == 0x3000)) k++;
    return k < n ? k : 0;
}

int layout_text_lines(layout_doc *doc, int b, const char *text, const lay_text_spec *spec)
{
    const lay_style *st = &doc->styles[spec->style];
    const layout_style *s = &st->s;
    double left = spec->left_pt, measure = spec->measure_pt, first_indent = spec->first_indent_pt;
    layout_align align = spec->align;
    double break_measure = measure;
    int justify = align == LAYOUT_ALIGN_JUSTIFY;
    size_t start = 0, first_line = doc->line_count;
    ssize_t n;
    int line_no = 0;

    n = build_items(doc, st, text, strlen(text), spec->spans, spec->span_count);
    if (n < 0) return -1;
    if (n == 0) return 0;   /* an empty paragraph takes no line */
    {
        /* the width a hyphen adds at a hyphenation point */
        uint32_t g;
        double adv_em = 0;
        if (pick(doc, layout_role_of(doc, st), '-', &g, &adv_em) == -2) return layout_fail(doc, "out of memory");
        doc->hyphen_pt = adv_em * s->size_pt;
    }

    if (spec->clause_breaks) {
        /* A heading never breaks after its leading number ("3." alone at
         * a line's end): no break inside it nor right after it. */
        size_t lead = leading_number(doc->cps, doc->items[n - 1].cp_end), k;
        for (k = 0; lead && k < (size_t)n && doc->items[k].cp_start < lead; k++)
            if (doc->items[k].brk != LINEBREAK_MUST) doc->items[k].brk = LINEBREAK_NONE;
    }
    if (spec->clause_breaks && count_lines(doc, (size_t)n, measure, measure, s->size_pt) > 1) {
        /* A headline of two clauses with a space between them ("…伟业 贡献
         * …") breaks at the space, not inside a word such as 十八大, when
         * every clause fits on a line. */
        double seg = 0, widest = 0;
        int spaces = 0;
        ssize_t k;
        for (k = 0; k < n; k++) {
            if (doc->items[k].kind == IT_SPACE) { spaces++; seg = 0; continue; }
            seg += doc->items[k].width_pt;
            if (seg > widest) widest = seg;
        }
        if (spaces && widest <= measure + EPS_PT)
            for (k = 0; k < n; k++)
                if (doc->items[k].kind != IT_SPACE && doc->items[k].brk == LINEBREAK_ALLOW
                    && !(k + 1 < n && doc->items[k + 1].kind == IT_SPACE))
                    doc->items[k].brk = LINEBREAK_NONE;
    }
    if (align == LAYOUT_ALIGN_CENTER && !first_indent) {
        /* A centred title of several lines is balanced: broken at the
         * narrowest measure that needs no more lines, so that its last line
         * is not a stub ("……的磅" / "礴力量"). */
        int lines = count_lines(doc, (size_t)n, measure, measure, s->size_pt);
        if (lines > 1 && lines < (1 << 20)) {
            double lo = measure / lines, hi = measure;
            int k;
            for (k = 0; k < 16; k++) {
                double mid = (lo + hi) / 2;
                if (count_lines(doc, (size_t)n, mid, mid, s->size_pt) > lines) lo = mid;
                else hi = mid;
            }
            break_measure = hi;
        }
    }

    while (start < (size_t)n) {
        double avail = measure - (line_no == 0 ? first_indent : 0);
        int pushed_in, forced, hyphen;
        size_t end = line_end(doc, (size_t)n, start, break_measure - (line_no == 0 ? first_indent : 0),
                              s->size_pt, &pushed_in, &forced, &hyphen);
        int last_line = end + 1 >= (size_t)n;
        if ((justify || spec->clause_breaks) && !last_line && forced == 0 && !hyphen) {
            /* a heading too never ends on one character (孤字) */
            size_t earlier = avoid_stub(doc, (size_t)n, start, end, avail, break_measure, s->size_pt);
            if (earlier != end) {
                end = earlier;
                pushed_in = 0;
            }
        }
        if (pushed_in) {
            doc->items[end].width_pt /= 2;
            doc->items[end].half = 1;
        }
        if (emit_line(doc, b, st, start, end, avail, left + (line_no == 0 ? first_indent : 0),
                      justify && !last_line && forced <= 0, align, line_no, hyphen) != 0)
            return -1;
        line_no++;
        start = skip_spaces(doc, (size_t)n, end + 1);
    }
    if (doc->line_count > first_line) doc->lines[doc->line_count - 1].last_in_block = 1;
    return 0;
}

int layout_text_run(layout_doc *doc, int style, const char *utf8, size_t len,
                 size_t *start, size_t *count, double *width_pt)
{
    const lay_style *st = &doc->styles[style];
    ssize_t n = build_items(doc, st, utf8, len, NULL, 0), k;
    double x = 0;
    *start = doc->placed_count;
    *count = 0;
    *width_pt = 0;
    if (n < 0) return -1;
    for (k = 0; k < n; k++) {
        if (add_placed(doc, &doc->items[k], x) != 0) return -1;
        x += doc->items[k].width_pt;
    }
    *count = doc->placed_count - *start;
    *width_pt = x;
    return 0;
}

int layout_text_width(layout_doc *doc, int style, const char *utf8, double *width_pt)
{
    size_t start, count;
    if (layout_text_run(doc, style, utf8, strlen(utf8), &start, &count, width_pt) != 0) return -1;
    doc->placed_count = start;   /* measured only */
    return 0;
}

int layout_text_check(layout_doc *doc, int style, const char *utf8, int block, int page)
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

int layout_text_draw(layout_doc *doc, pdf_doc *pdf, int style, const char *utf8, double x_pt,
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

/* ---- the glyph and line lists ---------------------------------------------- */

lay_placed *layout_glyphs(layout_doc *doc)
{
    return doc->placed;
}

size_t layout_glyph_count(const layout_doc *doc)
{
    return doc->placed_count;
}

void layout_glyph_truncate(layout_doc *doc, size_t count)
{
    if (count < doc->placed_count) doc->placed_count = count;
}

int layout_glyph_append(layout_doc *doc, const lay_placed *glyph)
{
    if (VEC_RESERVE(doc->placed, doc->placed_cap, doc->placed_count + 1) != 0)
        return layout_fail(doc, "out of memory");
    doc->placed[doc->placed_count++] = *glyph;
    return 0;
}

lay_line *layout_lines(layout_doc *doc)
{
    return doc->lines;
}

size_t layout_line_count(const layout_doc *doc)
{
    return doc->line_count;
}

int layout_line_append(layout_doc *doc, const lay_line *line)
{
    if (VEC_RESERVE(doc->lines, doc->line_cap, doc->line_count + 1) != 0)
        return layout_fail(doc, "out of memory");
    doc->lines[doc->line_count] = *line;
    doc->lines[doc->line_count++].page = -1;
    return 0;
}

int layout_line_prepend_run(layout_doc *doc, size_t line, int style, const char *utf8, double dx_pt)
{
    size_t m0, mn, i, j, tail, first_glyph = doc->lines[line].glyph_start;
    double mw;
    lay_placed *tmp;
    if (layout_text_run(doc, style, utf8, strlen(utf8), &m0, &mn, &mw) != 0) return -1;
    if (mn == 0) return 0;
    /* the run's glyphs were appended after the line's (and those of any
     * line after it): moved in front of the line's */
    tmp = malloc(mn * sizeof *tmp);
    if (!tmp) return layout_fail(doc, "out of memory");
    tail = m0 - first_glyph;
    memcpy(tmp, doc->placed + m0, mn * sizeof *tmp);
    memmove(doc->placed + first_glyph + mn, doc->placed + first_glyph, tail * sizeof *tmp);
    for (i = 0; i < mn; i++) {
        tmp[i].x_pt += (float)dx_pt;
        doc->placed[first_glyph + i] = tmp[i];
    }
    free(tmp);
    for (j = line; j < doc->line_count; j++) {
        if (j == line) doc->lines[j].glyph_count += mn;
        else doc->lines[j].glyph_start += mn;
    }
    return 0;
}
