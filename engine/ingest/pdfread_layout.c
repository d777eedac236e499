/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdfread_layout.c — a PDF's text lines, with their boxes and sizes, into
 * the lines the bulletin parser reads (pdfread.h, step 2): page furniture
 * by its repeated place, columns, headlines, paragraphs. Pure: no poppler,
 * no I/O. The rules and their figures are in docs/ingest.md, "PDF". */
#include "ingest/ingest_internal.h"
#include "ingest/pdfread_private.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The margins where running heads, footers and page numbers stand: the
 * top and bottom 12 % of a page (A4's 25 mm margins are 8.5 %; brief
 * typeset's page number sits at 95 %, ReportLab's running head at 4 %). */
#define BAND_SHARE 0.12f
/* Two places on two pages are the same place within this (points). */
#define SAME_PLACE_PT 3.0f
/* Sizes within this share are one size (a Latin run scaled to the CJK). */
#define SAME_SIZE_SHARE 0.08f
/* A headline is set this much larger than the body, at least. */
#define HEADLINE_SHARE 1.12f
/* A paragraph's first line starts this far in from its column (in ems of
 * its size), and not farther (farther: a centred or right-set line). */
#define INDENT_MIN_EM 0.6f
#define INDENT_MAX_EM 4.5f
/* A line ends short of its column's right edge by more than this (ems):
 * the last line of its paragraph. */
#define SHORT_EM 1.2f
/* Vertical space between paragraphs: a line pitch this much larger than
 * the usual pitch of its size. */
#define GAP_SHARE 1.35f
/* Columns nest at most this deep (a band of two columns in a column). */
#define MAX_COLUMN_DEPTH 4

typedef struct lay {
    const pdf_tline *t;
    const char *s;             /* text */
    int furniture;             /* 0, or where: 1 top band, 2 bottom band */
    const char *rule;          /* the furniture rule */
    size_t leaf;               /* the column (of its page) it was read in */
    size_t order;              /* its place in reading order */
} lay;

typedef struct size_stat {
    int key;                   /* size in half points */
    double weight;
    double pitch[16];          /* line pitches seen (half points, as keys) */
    size_t pitch_count[16], npitch;
} size_stat;

typedef struct layout {
    pdfread_doc *doc;
    lay *l;
    size_t n;
    size_stat sizes[64];
    size_t nsizes;
    float body;                /* the body's font size */
    size_t nleaves;
    float *leaf_left, *leaf_right;
    size_t capleaf;
    int indents;               /* the document indents its paragraphs' first lines */
} layout;

static int size_key(float size) { return (int)lroundf(size * 2); }

static size_stat *stat_of(layout *y, float size, int add)
{
    int key = size_key(size);
    for (size_t i = 0; i < y->nsizes; i++)
        if (y->sizes[i].key == key) return &y->sizes[i];
    if (!add || y->nsizes == sizeof y->sizes / sizeof y->sizes[0]) return NULL;
    size_stat *s = &y->sizes[y->nsizes++];
    memset(s, 0, sizeof *s);
    s->key = key;
    return s;
}

static int same_size(float a, float b)
{
    float m = a > b ? a : b;
    return fabsf(a - b) <= SAME_SIZE_SHARE * m;
}

/* The body's size: the size most characters are set in. */
static void find_body(layout *y)
{
    size_t best = 0;
    for (size_t i = 0; i < y->n; i++) {
        size_stat *s = stat_of(y, y->l[i].t->size, 1);
        if (s) s->weight += (double)y->l[i].t->len;
    }
    for (size_t i = 1; i < y->nsizes; i++)
        if (y->sizes[i].weight > y->sizes[best].weight) best = i;
    y->body = y->nsizes ? (float)y->sizes[best].key / 2 : 10;
}

/* ---- furniture: the same line at the same place on several pages ----------- */

/* The text with each run of digits as one '#' and blanks left out, hashed:
 * "第 3 页" and "第 12 页", "- 9 -" and "- 10 -" are one. */
static uint64_t masked_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') continue;
        if (c >= '0' && c <= '9') {
            while (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9') i++;
            c = '#';
        }
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

typedef struct place {
    uint64_t hash;
    long ybucket;
    size_t pages;              /* pages it was seen on */
    size_t last_page;
    int used;
} place;

static size_t place_slot(place *t, size_t cap, uint64_t hash, long yb, int *found)
{
    size_t h = (size_t)((hash ^ (uint64_t)yb * 0x9E3779B97F4A7C15ull) & (cap - 1));
    while (t[h].used && !(t[h].hash == hash && t[h].ybucket == yb)) h = (h + 1) & (cap - 1);
    *found = t[h].used;
    return h;
}

static int band_of(const layout *y, const pdf_tline *t)
{
    float h = y->doc->pages[t->page].height;
    if (t->y1 <= h * BAND_SHARE) return 1;
    if (t->y0 >= h * (1 - BAND_SHARE)) return 2;
    return 0;
}

/* Marks running heads, footers and page numbers: a line in a page's top
 * or bottom band whose text (digits aside) stands at the same height on
 * two pages or more; on one page, a page number's shape in the band; a
 * line above a later page's body, smaller than the body. */
static int find_furniture(layout *y)
{
    size_t nband = 0, i;
    for (i = 0; i < y->n; i++) nband += band_of(y, y->l[i].t) != 0;
    if (!nband) return 0;
    size_t cap = 16;
    while (cap < nband * 4) cap *= 2;
    place *t = calloc(cap, sizeof *t);
    size_t *slot = malloc(y->n * sizeof *slot);
    float *body_top = malloc(y->doc->npages * sizeof *body_top);   /* per page: the top of its body text */
    if (!t || !slot || !body_top) { free(t); free(slot); free(body_top); return -1; }
    for (i = 0; i < y->doc->npages; i++) body_top[i] = INFINITY;
    for (i = 0; i < y->n; i++) {
        const pdf_tline *l = y->l[i].t;
        if (same_size(l->size, y->body) && l->y0 < body_top[l->page]) body_top[l->page] = l->y0;
    }
    /* Count the pages of each (text, height); a height is a bucket of
     * SAME_PLACE_PT, its neighbours looked up too. */
    for (i = 0; i < y->n; i++) {
        const pdf_tline *l = y->l[i].t;
        slot[i] = (size_t)-1;
        if (!band_of(y, l)) continue;
        uint64_t hash = masked_hash(y->l[i].s, l->len);
        long yb = lroundf((l->y0 + l->y1) / 2 / SAME_PLACE_PT);
        int found;
        size_t s = place_slot(t, cap, hash, yb, &found);
        if (!found) { t[s].used = 1; t[s].hash = hash; t[s].ybucket = yb; t[s].last_page = (size_t)-1; }
        if (t[s].last_page != l->page) { t[s].pages++; t[s].last_page = l->page; }
        slot[i] = s;
    }
    for (i = 0; i < y->n; i++) {
        if (slot[i] == (size_t)-1) continue;
        const pdf_tline *l = y->l[i].t;
        size_t pages = t[slot[i]].pages;
        for (int d = -1; d <= 1; d += 2) {
            int found;
            size_t s = place_slot(t, cap, t[slot[i]].hash, t[slot[i]].ybucket + d, &found);
            if (found) pages += t[s].pages;
        }
        int band = band_of(y, l), number = lines_is_page_number(y->l[i].s, l->len);
        const char *rule = NULL;
        if (pages >= 2) rule = number ? "pdf-page-number" : band == 1 ? "pdf-running-head" : "pdf-running-foot";
        else if (number) rule = "pdf-page-number";
        else if (band == 1 && l->page > 0 && l->size < 0.95f * y->body && l->y1 <= body_top[l->page])
            rule = "pdf-running-head";   /* over the page's body: a running head seen once (a two-page bulletin) */
        if (rule) {
            y->l[i].furniture = band;
            y->l[i].rule = rule;
        }
    }
    free(t);
    free(slot);
    free(body_top);
    return 0;
}

/* ---- reading order: columns ------------------------------------------------ */

static int by_y(const void *a, const void *b)
{
    const lay *x = *(lay *const *)a, *z = *(lay *const *)b;
    if (x->t->y0 != z->t->y0) return x->t->y0 < z->t->y0 ? -1 : 1;
    if (x->t->x0 != z->t->x0) return x->t->x0 < z->t->x0 ? -1 : 1;
    return x < z ? -1 : x > z ? 1 : 0;
}

/* Where a gutter runs between columns of v[0..n), or NAN: the x, in the
 * middle three fifths of their width, that the fewest lines cross, when
 * those are at most a quarter of the lines and three lines or more stand
 * wholly on each side, together half the lines at least. */
static float find_gutter(lay **v, size_t n)
{
    if (n < 6) return NAN;
    float left = INFINITY, right = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (v[i]->t->x0 < left) left = v[i]->t->x0;
        if (v[i]->t->x1 > right) right = v[i]->t->x1;
    }
    float w = right - left;
    if (!(w > 20)) return NAN;
    enum { BINS = 200 };
    int cover[BINS + 1];
    memset(cover, 0, sizeof cover);
    for (size_t i = 0; i < n; i++) {
        int a = (int)floorf((v[i]->t->x0 - left) / w * BINS), b = (int)ceilf((v[i]->t->x1 - left) / w * BINS);
        if (a < 0) a = 0;
        if (b > BINS) b = BINS;
        for (int k = a; k < b; k++) cover[k]++;
    }
    int lo = BINS / 5, hi = BINS - BINS / 5, best = lo;
    for (int k = lo; k < hi; k++) if (cover[k] < cover[best]) best = k;
    if ((size_t)cover[best] * 4 > n) return NAN;
    int a = best, b = best;
    while (a > lo && cover[a - 1] == cover[best]) a--;
    while (b + 1 < hi && cover[b + 1] == cover[best]) b++;
    float gx = left + w * ((float)(a + b + 1) / 2) / BINS;
    size_t nl = 0, nr = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i]->t->x1 <= gx) nl++;
        else if (v[i]->t->x0 >= gx) nr++;
    }
    if (nl < 3 || nr < 3 || (nl + nr) * 2 < n) return NAN;
    return gx;
}

/* Puts v[0..n) (sorted by height) in reading order, column by column:
 * bands between the lines that cross the gutter, each band's left column
 * before its right one. Each column is a leaf of its own. */
static int order_lines(layout *y, lay **v, size_t n, size_t *order, int depth)
{
    float gx = depth < MAX_COLUMN_DEPTH ? find_gutter(v, n) : NAN;
    if (isnan(gx)) {
        if (VEC_RESERVE(y->leaf_left, y->capleaf, y->nleaves + 1) != 0) return -1;
        size_t leaf = y->nleaves++;
        for (size_t i = 0; i < n; i++) {
            v[i]->leaf = leaf;
            v[i]->order = (*order)++;
        }
        return 0;
    }
    lay **side = malloc((n ? n : 1) * sizeof *side);
    if (!side) return -1;
    size_t i = 0;
    while (i < n) {
        if (v[i]->t->x1 > gx && v[i]->t->x0 < gx) {   /* across the gutter: a band of its own */
            if (order_lines(y, v + i, 1, order, MAX_COLUMN_DEPTH) != 0) { free(side); return -1; }
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !(v[j]->t->x1 > gx && v[j]->t->x0 < gx)) j++;
        for (int right = 0; right <= 1; right++) {
            size_t m = 0;
            for (size_t k = i; k < j; k++)
                if ((v[k]->t->x0 >= gx) == right) side[m++] = v[k];
            if (m && order_lines(y, side, m, order, depth + 1) != 0) { free(side); return -1; }
        }
        i = j;
    }
    free(side);
    return 0;
}

static int read_order(layout *y)
{
    lay **v = malloc((y->n ? y->n : 1) * sizeof *v);
    size_t order = 0, i = 0;
    if (!v) return -1;
    while (i < y->n) {
        size_t page = y->l[i].t->page, m = 0, j = i;
        for (; j < y->n && y->l[j].t->page == page; j++)
            if (!y->l[j].furniture) v[m++] = &y->l[j];
        qsort(v, m, sizeof *v, by_y);
        if (order_lines(y, v, m, &order, 0) != 0) { free(v); return -1; }
        i = j;
    }
    free(v);
    return 0;
}

/* ---- columns' edges, line pitches ------------------------------------------------ */

/* The most common value of xs[0..n), to half a point; of two as common,
 * the outer one (dir -1: the smaller; 1: the larger, a column's right
 * edge). The first 64 lines of a column tell its edges. */
static float mode_of(const float *xs, size_t n, int dir)
{
    float best = xs[0];
    size_t best_count = 0;
    if (n > 64) n = 64;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        for (size_t k = 0; k < n; k++) c += fabsf(xs[k] - xs[i]) <= 0.5f;
        if (c > best_count || (c == best_count && (xs[i] - best) * (float)dir > 0)) {
            best_count = c;
            best = xs[i];
        }
    }
    return best;
}

/* The smallest of xs[0..n) that two lines share (to half a point): a
 * column's left edge, where indented first lines and a line's outdented
 * opening quote are not; else fallback. */
static float shared_min(const float *xs, size_t n, float fallback)
{
    float best = INFINITY;
    for (size_t i = 0; i < n && i < 256; i++) {
        if (xs[i] >= best) continue;
        for (size_t k = 0; k < n && k < 256; k++)
            if (k != i && fabsf(xs[k] - xs[i]) <= 0.5f) { best = xs[i]; break; }
    }
    return isfinite(best) ? best : fallback;
}

/* The left and right edges of each column, from the lines of the body's
 * size in it (by_order[0..n): the text in reading order). */
static int leaf_edges(layout *y, lay **by_order, size_t n)
{
    y->leaf_right = malloc((y->nleaves ? y->nleaves : 1) * sizeof *y->leaf_right);
    float *xs = malloc((n ? n : 1) * sizeof *xs), *xe = malloc((n ? n : 1) * sizeof *xe);
    if (!y->leaf_right || !xs || !xe) { free(xs); free(xe); return -1; }
    size_t i = 0;
    while (i < n) {
        size_t leaf = by_order[i]->leaf, j = i, m = 0;
        float lo = INFINITY, hi = -INFINITY;
        for (; j < n && by_order[j]->leaf == leaf; j++) {
            const pdf_tline *t = by_order[j]->t;
            if (t->x0 < lo) lo = t->x0;
            if (t->x1 > hi) hi = t->x1;
            if (same_size(t->size, y->body)) { xs[m] = t->x0; xe[m] = t->x1; m++; }
        }
        y->leaf_left[leaf] = m >= 2 ? shared_min(xs, m, lo) : lo;
        y->leaf_right[leaf] = m >= 3 ? mode_of(xe, m, 1) : hi;
        if (y->leaf_left[leaf] > lo + 4 * y->body) y->leaf_left[leaf] = lo;
        i = j;
    }
    free(xs);
    free(xe);
    return 0;
}

static void add_pitch(size_stat *s, float pitch)
{
    int key = (int)lroundf(pitch * 2);
    size_t i;
    for (i = 0; i < s->npitch && (int)s->pitch[i] != key; i++) {}
    if (i == s->npitch) {
        if (s->npitch == 16) return;
        s->pitch[s->npitch] = key;
        s->pitch_count[s->npitch++] = 0;
    }
    s->pitch_count[i]++;
}

/* The usual distance from one line's top to the next in a paragraph of
 * this size: the most common, else 1.2 times the size. */
static float usual_pitch(layout *y, float size)
{
    size_stat *s = stat_of(y, size, 0);
    size_t best = 0;
    if (!s || !s->npitch) return 1.2f * size;
    for (size_t i = 1; i < s->npitch; i++) if (s->pitch_count[i] > s->pitch_count[best]) best = i;
    return (float)s->pitch[best] / 2;
}

/* ---- paragraphs ----------------------------------------------------------------- */

static int is_indented(const layout *y, const lay *l)
{
    float in = l->t->x0 - y->leaf_left[l->leaf];
    return in >= INDENT_MIN_EM * l->t->size && in <= INDENT_MAX_EM * l->t->size;
}

static int is_short(const layout *y, const lay *l)
{
    return l->t->x1 < y->leaf_right[l->leaf] - SHORT_EM * l->t->size;
}

static int ends_sentence(const lay *l)
{
    size_t end = l->t->len, at;
    uint32_t cp = lines_last_cp(l->s, end, &at);
    while (end > 0 && lines_is_closer(cp)) { end = at; cp = lines_last_cp(l->s, end, &at); }
    return end > 0 && lines_is_final(cp);
}

/* Whether l, indented, goes on from p rather than starting a paragraph:
 * the lines of a list item set with a hanging indent (p starts the item,
 * l stands right of its bullet or number: "• <MIME>/XMLnamespaces … pairs
 * to" / "MIME types)"), or the lines after the first of a paragraph set in
 * from the column as a whole (a quotation, a list's later lines), at p's
 * own indent. */
static int continues_indent(const lay *p, const lay *l, int p_first)
{
    if (p->leaf != l->leaf) return 0;
    float em = l->t->size;
    if (p_first && l->t->x0 > p->t->x0 + 0.3f * em && roles_starts_list(p->s, p->t->len)) return 1;
    return !p_first && fabsf(l->t->x0 - p->t->x0) <= 0.3f * em;
}

/* Whether line l starts a paragraph after line p (the one before it in
 * reading order); first_of_para: p is the first line of its paragraph. */
static int starts_paragraph(layout *y, const lay *p, const lay *l, int first_of_para)
{
    const pdf_tline *a = p->t, *b = l->t;
    int heading = a->size >= HEADLINE_SHARE * y->body;
    if (!same_size(a->size, b->size) || a->bold != b->bold) return 1;
    if (p->leaf == l->leaf) {
        float pitch = b->y0 - a->y0;
        if (pitch < 0.5f * b->size) return 1;                  /* beside it: a table's cells */
        if (pitch > GAP_SHARE * usual_pitch(y, a->size)) return 1;
        if (heading) return 0;                                 /* a headline wraps, centred or not */
    } else if (heading) {
        return 1;
    }
    if (is_indented(y, l) && !continues_indent(p, l, first_of_para)) return 1;
    if (is_short(y, p)) return 1;
    /* Across a column or page break, where no space shows: without
     * indents, a paragraph that ended its sentence at the break ended. */
    if (p->leaf != l->leaf && !y->indents && ends_sentence(p)) return 1;
    return 0;
}

/* Whether a headline's line p, followed by l, ended where its text had a
 * word space: it stops more than BREAK_SPACE_EM short of its column with
 * ideographs on both sides of the break, so the producer chose to break
 * there rather than being made to ("重庆市总工会部署四季度重点工作" /
 * "全力冲刺全年目标任务" of a text whose title had a space between them;
 * a line that ran to the measure breaks anywhere: "…中国工会十八" / "大精神…",
 * and so do lines balanced to one width: "…宣传贯" / "彻中国…", 15 and 15). */
#define BREAK_SPACE_EM 2.0f
#define BALANCED_EM 1.5f
static int broke_at_space(const layout *y, const lay *p, const lay *l)
{
    size_t at;
    uint32_t c;
    if (p->t->size < HEADLINE_SHARE * y->body || p->leaf != l->leaf) return 0;
    float measure = y->leaf_right[p->leaf] - y->leaf_left[p->leaf];
    float wp = p->t->x1 - p->t->x0, wl = l->t->x1 - l->t->x0;
    if (wp > measure - BREAK_SPACE_EM * p->t->size) return 0;
    /* lines of one width: a producer that balances a title's lines breaks it anywhere */
    if (fabsf(wp - wl) <= BALANCED_EM * p->t->size) return 0;
    if (!lines_is_cjk(lines_last_cp(p->s, p->t->len, &at))) return 0;
    utf8_decode(l->s, l->t->len, &c);
    return lines_is_cjk(c);
}

typedef struct para {
    size_t first, last;        /* indices into the reading-order array */
    size_t page;
    size_t key;                /* sort key: page, then furniture above / text / furniture below, order */
    size_t off, len;           /* its text in doc->out */
} para;

static int by_key(const void *a, const void *b)
{
    const para *x = a, *z = b;
    return x->key < z->key ? -1 : x->key > z->key;
}

static int by_order(const void *a, const void *b)
{
    const lay *x = *(lay *const *)a, *z = *(lay *const *)b;
    int fx = x->furniture != 0, fz = z->furniture != 0;
    if (fx != fz) return fx - fz;
    return x->order < z->order ? -1 : x->order > z->order;
}

int pdfread_layout(pdfread_doc *doc)
{
    layout y;
    lay **v = NULL;
    para *ps = NULL;
    size_t nps = 0, i;
    int rc = -1;

    memset(&y, 0, sizeof y);
    y.doc = doc;
    y.n = doc->ntl;
    y.l = calloc(y.n ? y.n : 1, sizeof *y.l);
    v = malloc((y.n ? y.n : 1) * sizeof *v);
    ps = malloc((y.n ? y.n : 1) * sizeof *ps);
    if (!y.l || !v || !ps) goto done;
    for (i = 0; i < y.n; i++) {
        y.l[i].t = &doc->tl[i];
        y.l[i].s = doc->text.data + doc->tl[i].off;
    }
    find_body(&y);
    if (find_furniture(&y) != 0 || read_order(&y) != 0) goto done;
    for (i = 0; i < y.n; i++) v[i] = &y.l[i];
    qsort(v, y.n, sizeof *v, by_order);
    size_t ncontent = 0;
    while (ncontent < y.n && !v[ncontent]->furniture) ncontent++;
    if (leaf_edges(&y, v, ncontent) != 0) goto done;
    /* pitches of each size, between lines of one column */
    for (i = 1; i < ncontent; i++) {
        const pdf_tline *a = v[i - 1]->t, *b = v[i]->t;
        /* a pitch past twice the size is space between paragraphs, not leading */
        if (v[i - 1]->leaf == v[i]->leaf && same_size(a->size, b->size) && b->y0 - a->y0 >= 0.9f * a->size &&
            b->y0 - a->y0 <= 2.0f * a->size) {
            size_stat *s = stat_of(&y, a->size, 1);
            if (s) add_pitch(s, b->y0 - a->y0);
        }
    }
    size_t indented = 0;
    for (i = 0; i < ncontent; i++)
        if (same_size(v[i]->t->size, y.body) && is_indented(&y, v[i]) && !is_short(&y, v[i])) indented++;
    y.indents = indented >= 2;

    /* Paragraphs of the text, then each furniture line alone. */
    for (i = 0; i < y.n; i++) {
        if (i < ncontent && i > 0 && !starts_paragraph(&y, v[i - 1], v[i], ps[nps - 1].first == i - 1)) {
            ps[nps - 1].last = i;
            continue;
        }
        para *p = &ps[nps++];
        p->first = p->last = i;
        p->page = v[i]->t->page;
        size_t where = !v[i]->furniture ? 1 : v[i]->furniture == 1 ? 0 : 2;
        p->key = (p->page * 3 + where) * (y.n + 1) + v[i]->order;
    }
    qsort(ps, nps, sizeof *ps, by_key);
    sbuf one = SBUF_INIT;   /* a paragraph's lines joined (the join looks at what came before) */
    for (i = 0; i < nps; i++) {
        sbuf_clear(&one);
        for (size_t k = ps[i].first; k <= ps[i].last; k++) {
            if (k > ps[i].first && broke_at_space(&y, v[k - 1], v[k])) sbuf_putc(&one, ' ');
            assemble_join_text(&one, v[k]->s, v[k]->t->len);
        }
        ps[i].off = doc->out.len;
        ps[i].len = one.len;
        if (one.len) sbuf_append(&doc->out, one.data, one.len);
    }
    int failed = sbuf_failed(&one);
    sbuf_free(&one);
    if (failed || sbuf_failed(&doc->out)) goto done;

    /* Headline levels: the larger sizes, largest first. */
    float levels[6];
    size_t nlevels = 0;
    for (i = 0; i < nps; i++) {
        float s = v[ps[i].first]->t->size;
        if (s < HEADLINE_SHARE * y.body || v[ps[i].first]->furniture) continue;
        size_t k;
        for (k = 0; k < nlevels && !same_size(levels[k], s); k++) {}
        if (k == nlevels && nlevels < 6) levels[nlevels++] = s;
    }
    for (size_t a = 1; a < nlevels; a++)
        for (size_t b = a; b > 0 && levels[b] > levels[b - 1]; b--) {
            float t = levels[b]; levels[b] = levels[b - 1]; levels[b - 1] = t;
        }

    doc->lines = calloc(nps * 2 + 1, sizeof *doc->lines);
    if (!doc->lines) goto done;
    size_t last_page = (size_t)-1;
    for (i = 0; i < nps; i++) {
        const lay *f = v[ps[i].first];
        ingest_line *l;
        if (i) {
            l = &doc->lines[doc->nlines++];
            l->text = doc->out.data + ps[i].off;
            l->len = 0;
            l->lineno = doc->nlines;
            l->page_y = -1;
        }
        l = &doc->lines[doc->nlines++];
        l->text = doc->out.data + ps[i].off;
        l->len = ps[i].len;
        l->lineno = doc->nlines;
        l->page_break_before = i > 0 && ps[i].page != last_page;
        last_page = ps[i].page;
        l->font_size_rel = f->t->size / y.body;
        l->bold = f->t->bold;
        l->page = (int)f->t->page + 1;
        l->page_y = f->t->y0 / doc->pages[f->t->page].height;
        if (l->page_y < 0) l->page_y = 0;
        if (l->page_y > 1) l->page_y = 1;
        l->furniture = f->rule;
        if (!f->furniture && f->t->size >= HEADLINE_SHARE * y.body) {
            for (size_t k = 0; k < nlevels; k++)
                if (same_size(levels[k], f->t->size)) l->heading_level = (int)k + 1;
        } else if (!f->furniture && ps[i].last > ps[i].first) {
            l->heading_level = -1;   /* a paragraph of several lines is no headline */
        }
    }
    doc->hints.title = doc->title;
    doc->hints.published = doc->created[0] ? doc->created : NULL;
    rc = 0;
done:
    free(y.l);
    free(y.leaf_left);
    free(y.leaf_right);
    free(v);
    free(ps);
    return rc;
}
