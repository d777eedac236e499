/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdfread.c — a PDF's text lines through poppler's GLib API, and their
 * encoding between processes (pdfread.h). The geometry is pdfread_layout.c's. */
#include "ingest/pdfread.h"
#include "ingest/pdfread_private.h"
#include "util/dynlib.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/wire.h"

#include <math.h>
#include <poppler.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

/* A gap poppler turned into a space is a word space only when it is wider
 * than this share of the font size: justification spreads CJK glyphs by
 * 0.03-0.07 em (measured on brief typeset's pages), a word space is 0.25 em
 * and more (the title "…伟业 贡献…" of the seed: 0.28 em). */
#define WORD_SPACE_EM 0.15

/* PDF's largest page, 200 inches (ISO 32000-1, annex C): no box or size
 * of a line reaches past it (a box may stick out of its page: a glyph's
 * overhang, a page's offset MediaBox). */
#define PAGE_MAX_PT 14400.0f

int pdfread_is_pdf(const unsigned char *bytes, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    return n >= 5 && memmem(bytes, n, "%PDF-", 5) != NULL;
}

pdfread_doc *pdfread_doc_new(void)
{
    pdfread_doc *doc = calloc(1, sizeof *doc);
    return doc;   /* zeroed: the sbufs are SBUF_INIT */
}

void pdfread_doc_destroy(pdfread_doc *doc)
{
    if (!doc) return;
    free(doc->pages);
    free(doc->tl);
    sbuf_free(&doc->text);
    sbuf_free(&doc->out);
    free(doc->title);
    free(doc->lines);
    free(doc);
}

size_t pdfread_page_count(const pdfread_doc *doc)
{
    return doc ? doc->npages : 0;
}

int pdfread_doc_add(pdfread_doc *doc, const pdf_tline *line, const char *text, size_t len)
{
    if (VEC_RESERVE(doc->tl, doc->captl, doc->ntl + 1) != 0) return -1;
    pdf_tline *t = &doc->tl[doc->ntl];
    *t = *line;
    t->off = doc->text.len;
    t->len = len;
    if (sbuf_append(&doc->text, text, len) != 0) return -1;
    doc->ntl++;
    return 0;
}

/* ---- poppler, loaded when a PDF is read ------------------------------------- */

/* poppler-glib and the C++ poppler, cairo and GObject under it are about
 * 70 libraries: linked into brief they cost every process 20-40 ms to load
 * (bench/README.md), though only a PDF needs them. So the reader opens
 * them itself, in the reading process (the child of os/isolate), and every
 * other command starts without them. The names are checked against
 * <poppler.h> at compile time (__typeof__), and each is looked up whole. */
#ifndef PDFREAD_POPPLER_SONAME
#define PDFREAD_POPPLER_SONAME "libpoppler-glib.so.8"   /* Debian 12's libpoppler-glib8 */
#endif

#define POPPLER_API(X) \
    X(poppler_document_new_from_bytes) \
    X(poppler_document_get_permissions) \
    X(poppler_document_get_n_pages) \
    X(poppler_document_get_page) \
    X(poppler_page_get_size) \
    X(poppler_page_get_text) \
    X(poppler_page_get_text_layout) \
    X(poppler_page_get_text_attributes) \
    X(poppler_page_free_text_attributes) \
    X(poppler_document_get_title) \
    X(poppler_document_get_creation_date) \
    X(poppler_error_quark) \
    X(g_bytes_new_static) \
    X(g_bytes_unref) \
    X(g_error_free) \
    X(g_object_unref) \
    X(g_free) \
    X(g_utf8_strlen) \

/* poppler_open opens poppler-glib and finds each function: 0, or -1 with
 * err set. */
DYNLIB_API(poppler_api, POPPLER_API, poppler_open, PDFREAD_POPPLER_SONAME, "libpoppler-glib8", "reading PDF")

/* ---- poppler ---------------------------------------------------------------- */

/* A face is bold when its name says so: "NotoSansCJKsc-Bold",
 * "SimHei,Bold", "Helvetica-BoldOblique", "FZXiaoBiaoSong-B05S" is not
 * (a weight the name does not spell is not guessed). */
static int bold_font(const char *name)
{
    static const char *const words[] = {"bold", "black", "heavy", "semibold", "demibold", "extrabold"};
    if (!name) return 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(name, words[i])) return 1;
    return 0;
}

/* A glyph's box, scaled (a page larger than PDF's largest is shrunk to
 * it), is finite and within reach of a page (pdfread_decode's bounds: what
 * the child hands back must pass them). */
static int rect_ok(PopplerRectangle *r, double scale)
{
    r->x1 *= scale;
    r->y1 *= scale;
    r->x2 *= scale;
    r->y2 *= scale;
    return isfinite(r->x1) && isfinite(r->y1) && isfinite(r->x2) && isfinite(r->y2) && r->x1 >= -PAGE_MAX_PT &&
           r->y1 >= -PAGE_MAX_PT && r->x2 <= 2 * PAGE_MAX_PT && r->y2 <= 2 * PAGE_MAX_PT && r->x1 <= r->x2 &&
           r->y1 <= r->y2;
}

typedef struct char_style {
    float size;
    unsigned char bold;
} char_style;

/* The lines of one page's text (poppler's reading order: the layout step
 * orders columns itself) into doc. */
static int page_lines(pdfread_doc *doc, size_t page, double scale, const char *text, PopplerRectangle *rects,
                      guint nrects, const char_style *style, size_t nchars, sbuf *line, char *err, size_t errlen)
{
    const char *s = text;
    size_t k = 0;   /* character index of s */
    while (*s) {
        const char *e = strchr(s, '\n');
        if (!e) e = s + strlen(s);
        pdf_tline t;
        float sizes[8];
        size_t counts[8], nsizes = 0, bold = 0, glyphs = 0;
        memset(&t, 0, sizeof t);
        t.page = page;
        t.x0 = t.y0 = INFINITY;
        t.x1 = t.y1 = -INFINITY;
        sbuf_clear(line);
        size_t first = k, n;
        for (const char *c = s; c < e; c += n, k++) {
            uint32_t cp;
            n = utf8_decode(c, (size_t)(e - c), &cp);
            if (k >= nrects || k >= nchars) continue;
            PopplerRectangle *r = &rects[k];
            /* control characters a font's map gave, and glyphs off any page
             * (hidden, or a box poppler could not place), are no text */
            if (cp < 0x20 || cp == 0x7F || !rect_ok(r, scale)) continue;
            if (cp == ' ' || cp == '\t') {
                /* A justification gap is no space; a word space stays. */
                double em = style[k].size > 0 ? style[k].size * scale : 10;
                if (k > first && (r->x2 - r->x1) < WORD_SPACE_EM * em) continue;
                if (line->len && line->data[line->len - 1] != ' ') sbuf_putc(line, ' ');
                continue;
            }
            sbuf_append(line, c, n);
            if (r->x1 < t.x0) t.x0 = (float)r->x1;
            if (r->y1 < t.y0) t.y0 = (float)r->y1;
            if (r->x2 > t.x1) t.x1 = (float)r->x2;
            if (r->y2 > t.y1) t.y1 = (float)r->y2;
            glyphs++;
            bold += style[k].bold;
            /* the most common size of the line's glyphs (a Latin run may be scaled) */
            float size = (float)(style[k].size * scale);
            size_t j;
            for (j = 0; j < nsizes && fabsf(sizes[j] - size) > 0.05f; j++) {}
            if (j == nsizes && nsizes < 8) { sizes[nsizes] = size; counts[nsizes++] = 0; }
            if (j < nsizes) counts[j]++;
        }
        if (*e) { s = e + 1; k++; } else s = e;
        while (line->len && line->data[line->len - 1] == ' ') line->len--;
        if (sbuf_failed(line)) return -1;
        if (!glyphs || !line->len || !isfinite(t.x0) || !isfinite(t.y0)) continue;
        size_t best = 0;
        for (size_t j = 1; j < nsizes; j++) if (counts[j] > counts[best]) best = j;
        t.size = nsizes ? sizes[best] : 0;
        if (!(t.size >= 0.5f) || t.size > 2000) t.size = t.y1 - t.y0;
        if (!(t.size >= 0.5f)) t.size = 0.5f;
        if (t.size > PAGE_MAX_PT) t.size = PAGE_MAX_PT;
        t.bold = bold * 2 > glyphs;
        if (doc->ntl >= PDFREAD_MAX_LINES || doc->text.len + line->len > PDFREAD_MAX_TEXT_BYTES) {
            SET_ERR("too much text (over %u lines or %u MB, the limits for one bulletin)", PDFREAD_MAX_LINES,
                    PDFREAD_MAX_TEXT_BYTES >> 20);
            return PDFREAD_TOO_LARGE;
        }
        const char *body = line->data;
        size_t len = line->len;
        while (len && *body == ' ') { body++; len--; }
        if (pdfread_doc_add(doc, &t, body, len) != 0) return -1;
    }
    return 0;
}

/* The font size and weight of each character of a page's text. */
static char_style *page_styles(const poppler_api *api, PopplerPage *pg, size_t nchars)
{
    char_style *style = calloc(nchars ? nchars : 1, sizeof *style);
    if (!style) return NULL;
    GList *attrs = api->poppler_page_get_text_attributes(pg);
    for (GList *l = attrs; l; l = l->next) {
        const PopplerTextAttributes *a = l->data;
        if (a->start_index < 0) continue;
        unsigned char b = (unsigned char)bold_font(a->font_name);
        for (size_t i = (size_t)a->start_index; i <= (size_t)(a->end_index < 0 ? 0 : a->end_index) && i < nchars; i++) {
            style[i].size = (float)a->font_size;
            style[i].bold = b;
        }
    }
    api->poppler_page_free_text_attributes(attrs);
    return style;
}

static int has_eof_marker(const unsigned char *bytes, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    return memmem(bytes + len - n, n, "%%EOF", 5) != NULL;
}

static int extract(poppler_api pp, const unsigned char *bytes, size_t len, pdfread_doc **out, char *err, size_t errlen)
{
    GError *gerr = NULL;
    PopplerDocument *pd;
    pdfread_doc *doc;
    sbuf line = SBUF_INIT;
    int rc = PDFREAD_OK;
    size_t glyphs = 0;

    *out = NULL;
    if (!bytes || !pdfread_is_pdf(bytes, len)) {
        SET_ERR("not a PDF (no %%PDF- header)");
        return PDFREAD_NOT_PDF;
    }
    /* poppler rebuilds a file cut short from what is left; a bulletin cut
     * short is not one, and the user should know it was. */
    if (!has_eof_marker(bytes, len)) {
        SET_ERR("truncated PDF (no %%%%EOF at its end): download or copy it again");
        return PDFREAD_DAMAGED;
    }
    GBytes *gb = pp.g_bytes_new_static(bytes, len);
    pd = pp.poppler_document_new_from_bytes(gb, NULL, &gerr);
    pp.g_bytes_unref(gb);
    if (!pd) {
        int locked = gerr && gerr->domain == pp.poppler_error_quark() && gerr->code == POPPLER_ERROR_ENCRYPTED;
        if (locked) SET_ERR("the PDF needs a password to open (encrypted): save a copy without one");
        else SET_ERR("malformed PDF: %s", gerr && gerr->message ? gerr->message : "poppler cannot read it");
        if (gerr) pp.g_error_free(gerr);
        return locked ? PDFREAD_LOCKED : PDFREAD_DAMAGED;
    }
    if (!(pp.poppler_document_get_permissions(pd) & POPPLER_PERMISSIONS_OK_TO_COPY)) {
        SET_ERR("the PDF is encrypted and its permissions forbid copying its text");
        pp.g_object_unref(pd);
        return PDFREAD_LOCKED;
    }
    int npages = pp.poppler_document_get_n_pages(pd);
    if (npages <= 0) {
        SET_ERR("malformed PDF: no page");
        pp.g_object_unref(pd);
        return PDFREAD_DAMAGED;
    }
    if (npages > PDFREAD_MAX_PAGES) {
        SET_ERR("%d pages (over %d, the limit for one bulletin)", npages, PDFREAD_MAX_PAGES);
        pp.g_object_unref(pd);
        return PDFREAD_TOO_LARGE;
    }
    doc = pdfread_doc_new();
    if (!doc || !(doc->pages = calloc((size_t)npages, sizeof *doc->pages))) goto nomem;
    doc->npages = (size_t)npages;
    for (int p = 0; p < npages && rc == PDFREAD_OK; p++) {
        PopplerPage *pg = pp.poppler_document_get_page(pd, p);
        if (!pg) continue;
        double w = 0, h = 0;
        pp.poppler_page_get_size(pg, &w, &h);
        if (!isfinite(w) || w < 1) w = 1;
        if (!isfinite(h) || h < 1) h = 1;
        double scale = w > PAGE_MAX_PT || h > PAGE_MAX_PT ? PAGE_MAX_PT / (w > h ? w : h) : 1;
        doc->pages[p].width = (float)(w * scale);
        doc->pages[p].height = (float)(h * scale);
        char *text = pp.poppler_page_get_text(pg);
        PopplerRectangle *rects = NULL;
        guint nrects = 0;
        if (text && *text && pp.poppler_page_get_text_layout(pg, &rects, &nrects)) {
            size_t nchars = (size_t)pp.g_utf8_strlen(text, -1);
            char_style *style = page_styles(&pp, pg, nchars);
            if (!style) rc = PDFREAD_NOMEM;
            else {
                size_t before = doc->ntl;
                int r = page_lines(doc, (size_t)p, scale, text, rects, nrects, style, nchars, &line, err, errlen);
                if (r < 0) rc = PDFREAD_NOMEM;
                else if (r > 0) rc = r;
                for (size_t i = before; i < doc->ntl; i++) glyphs += doc->tl[i].len;
            }
            free(style);
        }
        pp.g_free(rects);
        pp.g_free(text);
        pp.g_object_unref(pg);
    }
    if (rc == PDFREAD_NOMEM) goto nomem;
    if (rc != PDFREAD_OK) goto fail;
    if (!glyphs) {
        SET_ERR("no text layer (%d page%s, no text on %s: a scan?); brief does no OCR", npages, npages == 1 ? "" : "s",
                npages == 1 ? "it" : "any");
        rc = PDFREAD_NO_TEXT;
        goto fail;
    }
    gchar *title = pp.poppler_document_get_title(pd);
    if (title && *title && utf8_valid(title, strlen(title))) {
        doc->title = strdup(title);
        if (!doc->title) { pp.g_free(title); goto nomem; }
    }
    pp.g_free(title);
    time_t created = pp.poppler_document_get_creation_date(pd);
    struct tm tm;
    if (created > 0 && gmtime_r(&created, &tm)) strftime(doc->created, sizeof doc->created, "%Y-%m-%d", &tm);
    pp.g_object_unref(pd);
    sbuf_free(&line);
    *out = doc;
    return PDFREAD_OK;
nomem:
    SET_ERR("out of memory");
    rc = PDFREAD_NOMEM;
fail:
    pp.g_object_unref(pd);
    sbuf_free(&line);
    pdfread_doc_destroy(doc);
    return rc;
}

int pdfread_load(char *err, size_t errlen)
{
    poppler_api pp;
    return poppler_open(&pp, err, errlen) == 0 ? PDFREAD_OK : PDFREAD_NO_READER;
}

int pdfread_extract(const unsigned char *bytes, size_t len, pdfread_doc **out, char *err, size_t errlen)
{
    poppler_api pp;
    *out = NULL;
    if (!bytes || !pdfread_is_pdf(bytes, len)) {
        SET_ERR("not a PDF (no %%PDF- header)");
        return PDFREAD_NOT_PDF;
    }
    if (poppler_open(&pp, err, errlen) != 0) return PDFREAD_NO_READER;
    return extract(pp, bytes, len, out, err, errlen);
}

/* ---- encoding between processes --------------------------------------------------- */

/* Native byte order and floats: both ends are the same brief on the same
 * machine. A magic and a version guard against anything else. */
static const char MAGIC[8] = {'B', 'R', 'P', 'D', 'F', '1', 0, 0};


int pdfread_encode(const pdfread_doc *doc, sbuf *out)
{
    sbuf_append(out, MAGIC, sizeof MAGIC);
    wire_put_u32(out, (uint32_t)doc->npages);
    for (size_t i = 0; i < doc->npages; i++) {
        wire_put_f32(out, doc->pages[i].width);
        wire_put_f32(out, doc->pages[i].height);
    }
    wire_put_u32(out, (uint32_t)doc->ntl);
    for (size_t i = 0; i < doc->ntl; i++) {
        const pdf_tline *t = &doc->tl[i];
        wire_put_u32(out, (uint32_t)t->page);
        wire_put_f32(out, t->x0);
        wire_put_f32(out, t->y0);
        wire_put_f32(out, t->x1);
        wire_put_f32(out, t->y1);
        wire_put_f32(out, t->size);
        wire_put_u32(out, t->bold);
        wire_put_u32(out, (uint32_t)t->len);
        sbuf_append(out, doc->text.data + t->off, t->len);
    }
    size_t tl = doc->title ? strlen(doc->title) : 0;
    wire_put_u32(out, (uint32_t)tl);
    if (tl) sbuf_append(out, doc->title, tl);
    wire_put_u32(out, (uint32_t)strlen(doc->created));
    sbuf_append(out, doc->created, strlen(doc->created));
    return sbuf_failed(out) ? -1 : 0;
}

int pdfread_decode(const unsigned char *bytes, size_t len, pdfread_doc **out, char *err, size_t errlen)
{
    wire_reader r = {bytes, len, 0};
    pdfread_doc *doc;
    *out = NULL;
    if (!bytes || len < sizeof MAGIC || memcmp(bytes, MAGIC, sizeof MAGIC) != 0) goto bad;
    wire_get_bytes(&r, sizeof MAGIC);
    doc = pdfread_doc_new();
    if (!doc) goto nomem;
    uint32_t np = wire_get_u32(&r);
    if (r.bad || np == 0 || np > PDFREAD_MAX_PAGES || (size_t)np * 8 > r.left) goto bad_doc;
    doc->pages = calloc(np, sizeof *doc->pages);
    if (!doc->pages) goto nomem_doc;
    doc->npages = np;
    for (uint32_t i = 0; i < np; i++) {
        doc->pages[i].width = wire_get_f32(&r, 1, PAGE_MAX_PT);
        doc->pages[i].height = wire_get_f32(&r, 1, PAGE_MAX_PT);
    }
    uint32_t nl = wire_get_u32(&r);
    if (r.bad || nl > PDFREAD_MAX_LINES) goto bad_doc;
    for (uint32_t i = 0; i < nl; i++) {
        pdf_tline t;
        memset(&t, 0, sizeof t);
        t.page = wire_get_u32(&r);
        /* a box may reach past its page a little (a glyph's overhang), not far */
        t.x0 = wire_get_f32(&r, -PAGE_MAX_PT, 2 * PAGE_MAX_PT);
        t.y0 = wire_get_f32(&r, -PAGE_MAX_PT, 2 * PAGE_MAX_PT);
        t.x1 = wire_get_f32(&r, -PAGE_MAX_PT, 2 * PAGE_MAX_PT);
        t.y1 = wire_get_f32(&r, -PAGE_MAX_PT, 2 * PAGE_MAX_PT);
        t.size = wire_get_f32(&r, 0.01f, PAGE_MAX_PT);
        uint32_t bold = wire_get_u32(&r), tlen = wire_get_u32(&r);
        if (r.bad || t.page >= np || bold > 1 || t.x1 < t.x0 || t.y1 < t.y0 || tlen == 0 || tlen > r.left ||
            doc->text.len + tlen > PDFREAD_MAX_TEXT_BYTES)
            goto bad_doc;
        t.bold = (unsigned char)bold;
        const char *text = (const char *)wire_get_bytes(&r, tlen);
        if (!utf8_valid(text, tlen) || memchr(text, '\n', tlen) || memchr(text, '\0', tlen)) goto bad_doc;
        if (pdfread_doc_add(doc, &t, text, tlen) != 0) goto nomem_doc;
    }
    uint32_t tl = wire_get_u32(&r);
    if (r.bad || tl > r.left || tl > 65536) goto bad_doc;
    if (tl) {
        const char *title = (const char *)wire_get_bytes(&r, tl);
        if (!utf8_valid(title, tl) || memchr(title, '\0', tl)) goto bad_doc;
        doc->title = strndup(title, tl);
        if (!doc->title) goto nomem_doc;
    }
    uint32_t cl = wire_get_u32(&r);
    if (r.bad || (cl != 0 && cl != 10) || cl != r.left) goto bad_doc;
    if (cl) {
        memcpy(doc->created, wire_get_bytes(&r, cl), cl);
        doc->created[cl] = '\0';
        for (int i = 0; i < 10; i++)
            if ((i == 4 || i == 7) ? doc->created[i] != '-' : (doc->created[i] < '0' || doc->created[i] > '9'))
                goto bad_doc;
    }
    *out = doc;
    return PDFREAD_OK;
bad_doc:
    pdfread_doc_destroy(doc);
bad:
    SET_ERR("malformed reader output");
    return PDFREAD_DAMAGED;
nomem_doc:
    pdfread_doc_destroy(doc);
nomem:
    SET_ERR("out of memory");
    return PDFREAD_NOMEM;
}

int pdfread_lines(pdfread_doc *doc, const ingest_line **lines, size_t *count, const ingest_doc_hints **hints)
{
    if (!doc->decided) {
        if (pdfread_layout(doc) != 0) return PDFREAD_NOMEM;
        doc->decided = 1;
    }
    *lines = doc->lines;
    *count = doc->nlines;
    if (hints) *hints = &doc->hints;
    return PDFREAD_OK;
}
