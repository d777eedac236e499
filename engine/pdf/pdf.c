/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf.c — records a document's pages in memory and writes them through
 * libharu at save time: fonts subset and embedded (pdf_font.c), page content,
 * images, outline, document info, atomic save. */
#include "pdf/pdf.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include "util/parallel.h"
#include "util/paths.h"
#include "pdf/pdf_flate.h"
#include "pdf/pdf_font.h"
#include "pdf/pdf_imgfile.h"
#include "pdf/pdf_pack.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/vec.h"

/* libdeflate levels (pdf_flate.c). Page content, most of a long
 * document's bytes: level 6 gives 5 % less than level 1 for about 2 ms more
 * on 150 pages (the seed x 50's pages of one- and two-byte codes, best of
 * 15: 261.6 KB at level 1 in 1.5 ms, 248.5 KB at level 6 in 3.4 ms, 246.5
 * KB at level 9 in 11.7 ms), and the pages are compressed on two threads
 * (doc_build). Font programs (with their CMaps), the same few hundred KB
 * for a document of any length and most of a short one's bytes:
 * - CFF at level 1, libdeflate's fastest. Charstrings hardly compress:
 *   Noto Serif CJK's 137.6 KB for the seed go to 111.9 KB at level 1 and
 *   110.2 KB at level 6, while a weekly brief took a tenth more
 *   instructions at level 6 (87.1 M against 78.5 M, callgrind) to be 1.6 %
 *   smaller (175,936 bytes against 178,680). In brief batch, where the jobs
 *   fill the CPUs and have no helper thread, that tenth is throughput
 *   (bench/README.md).
 * - TrueType at level 6: glyf data halves, and level 6 takes 5 % more off
 *   it than level 1 (AR PL UMing's 303.8 KB for the seed: 141.1 KB against
 *   149.1 KB). */
#define PDF_FLATE_PAGE_LEVEL 6
#define PDF_FLATE_CFF_LEVEL 1
#define PDF_FLATE_TRUETYPE_LEVEL 6

#ifndef BRIEF_VERSION
#define BRIEF_VERSION "0.0.0"
#endif

typedef enum op_kind { OP_GLYPHS, OP_LINE, OP_RECT, OP_POLYGON, OP_PIE, OP_IMAGE } op_kind;

typedef struct pdf_op {
    op_kind kind;
    pdf_color color;
    int face;            /* OP_GLYPHS */
    double size_pt;      /* OP_GLYPHS */
    double v[6];         /* coordinates, sizes, angles: per kind, see the drawing calls */
    int fill, closed;
    size_t count;        /* glyphs or points */
    size_t first;        /* OP_GLYPHS: index of the first glyph in doc->glyphs */
    double *xy;          /* OP_POLYGON, owned */
    int image;           /* OP_IMAGE: index into doc->images */
} pdf_op;

/* A glyph as recorded: its id (checked to fit two bytes) and its position
 * relative to the run's origin in float (within 1/10000 pt on a page, and
 * the layout's own positions are floats): half a pdf_glyph, for a document
 * of 200 pages holds some 300,000 of them, and each 4 KB of memory touched
 * for the first time costs a page fault. */
typedef struct rec_glyph {
    float x_pt, y_pt;
    uint16_t glyph;
    uint16_t half;       /* pdf_glyph.half (in what was padding) */
} rec_glyph;

/* The CID a recorded glyph is drawn with in face pf: its glyph's, or the
 * half-width copy's when the layout set it at half width. */
static uint32_t glyph_cid(const pdf_font *pf, const rec_glyph *g)
{
    uint32_t half = g->half ? pdf_font_half_cid(pf, g->glyph) : 0;
    return half ? half : pdf_font_cid(pf, g->glyph);
}

typedef struct pdf_link_rec {
    double rect[4];      /* x, y, w, h */
    char *uri;           /* percent-encoded; NULL: a link inside the document */
    int page;
    double y_pt;
} pdf_link_rec;

typedef struct pdf_page {
    double width_pt, height_pt;
    pdf_op *ops;
    size_t count, cap;
    pdf_link_rec *links;
    size_t link_count, link_cap;
} pdf_page;

typedef struct pdf_outline {
    int parent;
    char *title;
    int page;
    double y_pt;
} pdf_outline;

typedef struct pdf_image_file {
    char *path;
    pdf_imgfile file;    /* the bytes read and checked once, embedded as they are */
    HPDF_Image loaded;   /* at save time only */
} pdf_image_file;

/* Glyph ids are checked to fit Identity-H's two-byte codes. */
#define FACE_GLYPHS PDF_FONT_GLYPHS
/* Glyphs a face draws, for its subset and ToUnicode. Bitmaps, tested for
 * every glyph drawn (a HarfBuzz set and map cost a hash lookup each), and
 * the map, set once a glyph, for the first character drawn with it. */
typedef struct face_use {
    hb_map_t *chars;                       /* NULL until the face is drawn */
    uint64_t used[FACE_GLYPHS / 64];       /* bit g: glyph g is drawn */
    uint64_t has_char[FACE_GLYPHS / 64];   /* bit g: glyph g is in chars */
    uint64_t half[FACE_GLYPHS / 64];       /* bit g: glyph g is drawn at half width */
} face_use;

struct pdf_doc {
    const fonts *fonts;
    char errmsg[1024];
    char *info[5];         /* indexed by pdf_info_key */
    int has_date;
    time_t date;
    pdf_page *pages;
    int page_count;
    size_t page_cap;
    rec_glyph *glyphs;     /* the glyphs of every run, in drawing order */
    size_t glyph_count, glyph_cap;
    pdf_outline *outlines;
    int outline_count;
    size_t outline_cap;
    pdf_image_file *images;
    int image_count;
    size_t image_cap;
    size_t image_limit_bytes;   /* pdf_doc_set_image_limit; 0: none but the size */
    int no_helper;              /* pdf_doc_set_helper_thread(doc, 0) */
    face_use *use;
    int face_count;
    /* Save-time state. */
    HPDF_Doc hpdf;
    int hpdf_failed;
    HPDF_STATUS hpdf_code;  /* the first error libharu reported */
};

static const char *const info_names[] = {"Title", "Author", "Subject", "Keywords", "Creator"};

__attribute__((format(printf, 2, 3)))
static int fail(pdf_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(doc->errmsg, sizeof doc->errmsg, fmt, ap);
    va_end(ap);
    return -1;
}

/* What libharu's commonest error codes (hpdf_error.h) mean. */
static const char *hpdf_describe(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "file read/write error";
    case HPDF_FILE_OPEN_ERROR: return "cannot open the file";
    case HPDF_INVALID_IMAGE: return "invalid image";
    case HPDF_INVALID_JPEG_DATA: return "invalid JPEG data";
    case HPDF_UNSUPPORTED_JPEG_FORMAT: return "unsupported JPEG format (progressive or CMYK?)";
    case HPDF_INVALID_PNG_IMAGE: return "invalid PNG image";
    case HPDF_LIBPNG_ERROR: return "libpng cannot read the PNG";
    case HPDF_PAGE_INVALID_SIZE: return "page size out of range";
    case HPDF_PAGE_OUT_OF_RANGE: return "value out of range";
    case HPDF_REAL_OUT_OF_RANGE: return "number out of range";
    case HPDF_STRING_OUT_OF_RANGE: return "string too long";
    default: return "libharu error";
    }
}

/* ---------------------------------------------------------------- records */

pdf_doc *pdf_doc_create(const fonts *fonts, char *err, size_t errlen)
{
    pdf_doc *doc;
    if (!fonts) {
        snprintf(err, errlen, "pdf_doc_create: no fonts");
        return NULL;
    }
    doc = calloc(1, sizeof *doc);
    if (doc) {
        doc->face_count = fonts_face_count(fonts);
        doc->use = calloc(doc->face_count > 0 ? (size_t)doc->face_count : 1, sizeof *doc->use);
    }
    if (!doc || !doc->use) {
        free(doc);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    doc->fonts = fonts;
    return doc;
}

static void page_free(pdf_page *p)
{
    size_t i;
    for (i = 0; i < p->count; i++) free(p->ops[i].xy);
    free(p->ops);
    for (i = 0; i < p->link_count; i++) free(p->links[i].uri);
    free(p->links);
}

void pdf_doc_destroy(pdf_doc *doc)
{
    int i;
    if (!doc) return;
    for (i = 0; i < 5; i++) free(doc->info[i]);
    for (i = 0; i < doc->page_count; i++) page_free(&doc->pages[i]);
    free(doc->pages);
    for (i = 0; i < doc->outline_count; i++) free(doc->outlines[i].title);
    free(doc->outlines);
    for (i = 0; i < doc->image_count; i++) {
        free(doc->images[i].path);
        pdf_imgfile_free(&doc->images[i].file);
    }
    free(doc->images);
    free(doc->glyphs);
    for (i = 0; i < doc->face_count; i++) hb_map_destroy(doc->use[i].chars);
    free(doc->use);
    free(doc);
}

const char *pdf_doc_errmsg(const pdf_doc *doc)
{
    return doc->errmsg;
}

int pdf_doc_set_info(pdf_doc *doc, pdf_info_key key, const char *utf8)
{
    char *copy;
    if ((int)key < 0 || (int)key >= 5) return fail(doc, "pdf_doc_set_info: unknown key %d", (int)key);
    if (!utf8 || !utf8_valid(utf8, strlen(utf8)))
        return fail(doc, "pdf_doc_set_info: %s is not valid UTF-8", info_names[key]);
    copy = strdup(utf8);
    if (!copy) return fail(doc, "out of memory");
    free(doc->info[key]);
    doc->info[key] = copy;
    return 0;
}

int pdf_doc_set_date(pdf_doc *doc, time_t when)
{
    doc->has_date = 1;
    doc->date = when;
    return 0;
}

int pdf_page_add(pdf_doc *doc, double width_pt, double height_pt)
{
    /* libharu's limits (HPDF_MIN_PAGE_SIZE 3, HPDF_MAX_PAGE_SIZE 14400). */
    if (!(width_pt >= 3 && width_pt <= 14400 && height_pt >= 3 && height_pt <= 14400))
        return fail(doc, "page size %.1f x %.1f pt out of range (3..14400)", width_pt, height_pt);
    if (VEC_RESERVE(doc->pages, doc->page_cap, (size_t)doc->page_count + 1) != 0)
        return fail(doc, "out of memory");
    memset(&doc->pages[doc->page_count], 0, sizeof *doc->pages);
    doc->pages[doc->page_count].width_pt = width_pt;
    doc->pages[doc->page_count].height_pt = height_pt;
    return doc->page_count++;
}

int pdf_page_count(const pdf_doc *doc)
{
    return doc->page_count;
}

/* A new op on the last page, zeroed; NULL (message set) without a page. */
static pdf_op *op_add(pdf_doc *doc, op_kind kind, pdf_color color)
{
    pdf_page *p;
    if (doc->page_count == 0) {
        fail(doc, "drawing before the first pdf_page_add");
        return NULL;
    }
    p = &doc->pages[doc->page_count - 1];
    if (VEC_RESERVE(p->ops, p->cap, p->count + 1) != 0) {
        fail(doc, "out of memory");
        return NULL;
    }
    memset(&p->ops[p->count], 0, sizeof p->ops[0]);
    p->ops[p->count].kind = kind;
    p->ops[p->count].color = color;
    return &p->ops[p->count++];
}

static int finite_all(const double *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!isfinite(v[i]) || fabs(v[i]) > 1e6) return 0;
    return 1;
}

int pdf_glyphs(pdf_doc *doc, int face, double size_pt, pdf_color color,
               double x_pt, double y_pt, const pdf_glyph *glyphs, size_t count)
{
    return pdf_glyphs_stroked(doc, face, size_pt, color, 0, x_pt, y_pt, glyphs, count);
}

int pdf_glyphs_stroked(pdf_doc *doc, int face, double size_pt, pdf_color color, double stroke_pt,
                       double x_pt, double y_pt, const pdf_glyph *glyphs, size_t count)
{
    face_use *u;
    pdf_op *op;
    rec_glyph *copy;
    double xy[2] = {x_pt, y_pt};
    size_t i;

    if (face < 0 || face >= doc->face_count) return fail(doc, "pdf_glyphs: no font face %d", face);
    /* libharu's HPDF_MAX_FONTSIZE is 300 (the Tf it would write). */
    if (!(size_pt > 0 && size_pt <= 300)) return fail(doc, "pdf_glyphs: font size %g out of range", size_pt);
    /* A Latin face matched to its CJK face is drawn at its scale (fonts.h);
     * the glyph positions already include it. */
    size_pt *= fonts_face_scale(doc->fonts, face);
    if (!finite_all(xy, 2)) return fail(doc, "pdf_glyphs: position out of range");
    if (!(stroke_pt >= 0 && stroke_pt < 100)) return fail(doc, "pdf_glyphs: stroke %g out of range", stroke_pt);
    if (count == 0) return 0;
    for (i = 0; i < count; i++) {
        double g[2] = {glyphs[i].x_pt, glyphs[i].y_pt};
        if (!finite_all(g, 2) || glyphs[i].glyph >= FACE_GLYPHS)
            return fail(doc, "pdf_glyphs: glyph %zu out of range", i);
    }
    u = &doc->use[face];
    if (!u->chars) u->chars = hb_map_create();
    /* One pool for the whole document: no allocation per run. */
    if (!hb_map_allocation_successful(u->chars) || count > SIZE_MAX / sizeof *doc->glyphs - doc->glyph_count ||
        VEC_RESERVE(doc->glyphs, doc->glyph_cap, doc->glyph_count + count) != 0)
        return fail(doc, "out of memory");
    op = op_add(doc, OP_GLYPHS, color);
    if (!op) return -1;
    copy = doc->glyphs + doc->glyph_count;
    for (i = 0; i < count; i++) {
        uint32_t g = glyphs[i].glyph, w = g / 64;
        uint64_t bit = (uint64_t)1 << (g % 64);
        u->used[w] |= bit;
        if (glyphs[i].codepoint && !(u->has_char[w] & bit)) {
            u->has_char[w] |= bit;
            hb_map_set(u->chars, g, glyphs[i].codepoint);
        }
        copy[i].glyph = (uint16_t)g;
        copy[i].half = glyphs[i].half != 0;
        if (copy[i].half) u->half[w] |= bit;
        copy[i].x_pt = (float)glyphs[i].x_pt;
        copy[i].y_pt = (float)glyphs[i].y_pt;
    }
    if (!hb_map_allocation_successful(u->chars)) return fail(doc, "out of memory");
    op->face = face;
    op->size_pt = size_pt;
    op->v[0] = x_pt;
    op->v[1] = y_pt;
    op->v[2] = stroke_pt;
    op->first = doc->glyph_count;
    op->count = count;
    doc->glyph_count += count;
    return 0;
}

int pdf_line(pdf_doc *doc, double x1_pt, double y1_pt, double x2_pt, double y2_pt,
             double width_pt, pdf_color color)
{
    double v[5] = {x1_pt, y1_pt, x2_pt, y2_pt, width_pt};
    pdf_op *op;
    if (!finite_all(v, 5) || width_pt < 0) return fail(doc, "pdf_line: coordinates out of range");
    op = op_add(doc, OP_LINE, color);
    if (!op) return -1;
    memcpy(op->v, v, sizeof v);
    return 0;
}

int pdf_rect(pdf_doc *doc, double x_pt, double y_pt, double w_pt, double h_pt,
             int fill, double width_pt, pdf_color color)
{
    double v[5] = {x_pt, y_pt, w_pt, h_pt, width_pt};
    pdf_op *op;
    if (!finite_all(v, 5) || width_pt < 0) return fail(doc, "pdf_rect: coordinates out of range");
    op = op_add(doc, OP_RECT, color);
    if (!op) return -1;
    memcpy(op->v, v, sizeof v);
    op->fill = fill != 0;
    return 0;
}

int pdf_polygon(pdf_doc *doc, const double *xy, size_t count, int closed, int fill,
                double width_pt, pdf_color color)
{
    pdf_op *op;
    double *copy;
    if (count < 2) return fail(doc, "pdf_polygon: needs at least 2 points, got %zu", count);
    if (!finite_all(xy, 2 * count) || !(width_pt >= 0) || !isfinite(width_pt))
        return fail(doc, "pdf_polygon: coordinates out of range");
    copy = malloc(2 * count * sizeof *copy);
    if (!copy) return fail(doc, "out of memory");
    memcpy(copy, xy, 2 * count * sizeof *copy);
    op = op_add(doc, OP_POLYGON, color);
    if (!op) {
        free(copy);
        return -1;
    }
    op->xy = copy;
    op->count = count;
    op->closed = closed != 0;
    op->fill = fill != 0;
    op->v[0] = width_pt;
    return 0;
}

int pdf_pie_slice(pdf_doc *doc, double cx_pt, double cy_pt, double radius_pt,
                  double from_deg, double to_deg, pdf_color color)
{
    double v[5] = {cx_pt, cy_pt, radius_pt, from_deg, to_deg};
    pdf_op *op;
    if (!finite_all(v, 5) || radius_pt < 0) return fail(doc, "pdf_pie_slice: arguments out of range");
    op = op_add(doc, OP_PIE, color);
    if (!op) return -1;
    memcpy(op->v, v, sizeof v);
    return 0;
}

int pdf_link(pdf_doc *doc, double x_pt, double y_pt, double w_pt, double h_pt, const char *uri,
             int page, double y_dest_pt)
{
    static const char hex[] = "0123456789ABCDEF";
    double v[5] = {x_pt, y_pt, w_pt, h_pt, y_dest_pt};
    pdf_page *p;
    pdf_link_rec *l;
    if (doc->page_count == 0) return fail(doc, "pdf_link: no page");
    if (!finite_all(v, 5) || w_pt < 0 || h_pt < 0) return fail(doc, "pdf_link: rectangle out of range");
    if (!uri && page < 0) return fail(doc, "pdf_link: no page %d", page);
    p = &doc->pages[doc->page_count - 1];
    if (VEC_RESERVE(p->links, p->link_cap, p->link_count + 1) != 0) return fail(doc, "out of memory");
    l = &p->links[p->link_count];
    memset(l, 0, sizeof *l);
    memcpy(l->rect, v, sizeof l->rect);
    l->page = page;
    l->y_pt = y_dest_pt;
    if (uri) {
        size_t n = strlen(uri), i, k = 0;
        if (n > 8192) return fail(doc, "pdf_link: URI longer than 8192 bytes");
        l->uri = malloc(3 * n + 1);
        if (!l->uri) return fail(doc, "out of memory");
        for (i = 0; i < n; i++) {
            unsigned char c = (unsigned char)uri[i];
            /* RFC 3986 2.1: what is not printable ASCII is percent-encoded
             * (UTF-8 bytes, spaces, controls); the reserved characters stay */
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^'
                || c == '`' || c == '{' || c == '|' || c == '}') {
                l->uri[k++] = '%';
                l->uri[k++] = hex[c >> 4];
                l->uri[k++] = hex[c & 15];
            } else {
                l->uri[k++] = (char)c;
            }
        }
        l->uri[k] = '\0';
    }
    p->link_count++;
    return 0;
}

void pdf_doc_set_image_limit(pdf_doc *doc, size_t bytes)
{
    doc->image_limit_bytes = bytes;
}

void pdf_doc_set_helper_thread(pdf_doc *doc, int allowed)
{
    doc->no_helper = !allowed;
}

/* The image record of path (probed once), or -1 with a message. */
static int image_find(pdf_doc *doc, const char *path)
{
    char why[256];
    pdf_image_file *im;
    pdf_imgfile file;
    int i;

    for (i = 0; i < doc->image_count; i++)
        if (strcmp(doc->images[i].path, path) == 0) return i;
    if (pdf_imgfile_read(path, doc->image_limit_bytes, &file, why, sizeof why) != 0)
        return fail(doc, "%s: %s", path, why);
    if (VEC_RESERVE(doc->images, doc->image_cap, (size_t)doc->image_count + 1) != 0) {
        pdf_imgfile_free(&file);
        return fail(doc, "out of memory");
    }
    im = &doc->images[doc->image_count];
    memset(im, 0, sizeof *im);
    im->path = strdup(path);
    if (!im->path) {
        pdf_imgfile_free(&file);
        return fail(doc, "out of memory");
    }
    im->file = file;
    return doc->image_count++;
}

int pdf_image(pdf_doc *doc, const char *path, double x_pt, double y_pt, double w_pt, double h_pt)
{
    double v[4] = {x_pt, y_pt, w_pt, h_pt};
    pdf_op *op;
    int im;
    if (!path) return fail(doc, "pdf_image: no path");
    if (!finite_all(v, 4)) return fail(doc, "%s: image box out of range", path);
    im = image_find(doc, path);
    if (im < 0) return -1;
    op = op_add(doc, OP_IMAGE, (pdf_color){0, 0, 0});
    if (!op) return -1;
    memcpy(op->v, v, sizeof v);
    op->image = im;
    return 0;
}

int pdf_image_size(pdf_doc *doc, const char *path, int *width_px, int *height_px)
{
    int im;
    if (!path) return fail(doc, "pdf_image_size: no path");
    im = image_find(doc, path);
    if (im < 0) return -1;
    *width_px = doc->images[im].file.width_px;
    *height_px = doc->images[im].file.height_px;
    return 0;
}

int pdf_outline_add(pdf_doc *doc, int parent, const char *title_utf8, int page, double y_pt)
{
    pdf_outline *o;
    if (parent < -1 || parent >= doc->outline_count)
        return fail(doc, "pdf_outline_add: no outline entry %d", parent);
    if (page < 0 || page >= doc->page_count)
        return fail(doc, "pdf_outline_add: no page %d", page);
    if (!title_utf8 || !utf8_valid(title_utf8, strlen(title_utf8)))
        return fail(doc, "pdf_outline_add: title is not valid UTF-8");
    if (!isfinite(y_pt)) return fail(doc, "pdf_outline_add: y out of range");
    if (VEC_RESERVE(doc->outlines, doc->outline_cap, (size_t)doc->outline_count + 1) != 0)
        return fail(doc, "out of memory");
    o = &doc->outlines[doc->outline_count];
    o->title = strdup(title_utf8);
    if (!o->title) return fail(doc, "out of memory");
    o->parent = parent;
    o->page = page;
    o->y_pt = y_pt;
    return doc->outline_count++;
}

/* ---------------------------------------------------------------- writing */

/* Numbers in content streams: fixed point with at most `decimals` digits,
 * trailing zeros dropped. Formatted here rather than with printf, whose %f
 * follows the locale's decimal point and which, called for every number of
 * a long document, took a third of the time of setting it. */
static void put_num(sbuf *b, double v, int decimals)
{
    static const long long scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    long long s = scale[decimals], n = llround(v * (double)s), ip, fp;
    char digits[32], *p = digits + sizeof digits;   /* filled from the end */
    int neg = n < 0, i = decimals;

    if (neg) n = -n;
    ip = n / s;
    fp = n % s;
    if (fp) {
        for (; fp % 10 == 0; i--) fp /= 10;          /* trailing zeros */
        for (; i > 0; i--, fp /= 10) *--p = (char)('0' + fp % 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (neg) *--p = '-';
    sbuf_append(b, p, (size_t)(digits + sizeof digits - p));
}

/* " OP\n" after the operands */
static void put_op(sbuf *b, const char *op)
{
    sbuf_putc(b, ' ');
    sbuf_puts(b, op);
    sbuf_putc(b, '\n');
}

static void put_point(sbuf *b, double x, double y, const char *op)
{
    put_num(b, x, 3);
    sbuf_putc(b, ' ');
    put_num(b, y, 3);
    put_op(b, op);
}

static void put_color(sbuf *b, pdf_color c, const char *op)
{
    put_num(b, c.r, 3);
    sbuf_putc(b, ' ');
    put_num(b, c.g, 3);
    sbuf_putc(b, ' ');
    put_num(b, c.b, 3);
    put_op(b, op);
}

static void put_stroke_style(sbuf *b, double width_pt, pdf_color c)
{
    put_num(b, width_pt, 3);
    put_op(b, "w");
    put_color(b, c, "RG");
}

/* The code of a CID (pdf_font_set_codes: one byte or two) inside a
 * literal string (PDF 32000-1 7.3.4.2): raw bytes, fewer for zlib to
 * compress than a hex string's. The delimiters and the backslash are
 * escaped, and CR too, which a reader would take for an end of line. */
static void put_code(sbuf *b, const pdf_font *pf, uint32_t cid)
{
    unsigned char code[2];
    char out[4];
    size_t n = 0;
    unsigned i, len = pdf_font_code(pf, cid, code);
    for (i = 0; i < len; i++) {
        if (pdf_font_escaped_byte(code[i])) out[n++] = '\\';
        out[n++] = code[i] == '\r' ? 'r' : (char)code[i];
    }
    sbuf_append(b, out, n);
}

/* State of the content of the page being written; one per page (a task of
 * save_task), which reads the document and the fonts and writes nothing
 * else. */
typedef struct emit {
    pdf_doc *doc;
    pdf_font **fonts;      /* per face, NULL for unused faces */
    sbuf out;              /* the page's content, until the page ends */
    uint32_t *cid;         /* per glyph of the run being written */
    double *adv_pt;        /* its advance in the embedded font */
    double *gap;           /* per glyph of a stretch, see emit_glyphs */
    size_t run_cap;        /* entries of cid, adv_pt and gap */
    const char *const *font_name;   /* the page's resource name of each face (page_resources) */
    const char *const *image_name;  /* of each image it draws, in order */
    size_t images;         /* of those, drawn so far */
    int oom;               /* out of memory writing the page */
    int in_text;           /* inside BT ... ET */
    double line_x, line_y; /* text line matrix origin (Td accumulates) */
    int pen_known;         /* pen_x: where the reader's pen is after the last string */
    double pen_x;          /* on the baseline line_y */
    int font_face;         /* current Tf, -1 none */
    double font_size;
    double char_space;     /* current Tc */
    double stroke_pt;      /* current text stroke (2 Tr and its w), 0: fill only (0 Tr) */
    int fill_known;
    pdf_color fill;        /* current non-stroking colour when fill_known */
} emit;

static int same_color(pdf_color a, pdf_color b)
{
    return fabs(a.r - b.r) < 5e-4 && fabs(a.g - b.g) < 5e-4 && fabs(a.b - b.b) < 5e-4;
}

static void set_fill(emit *e, pdf_color c)
{
    if (e->fill_known && same_color(e->fill, c)) return;
    put_color(&e->out, c, "rg");
    e->fill = c;
    e->fill_known = 1;
}

static void text_end(emit *e)
{
    if (!e->in_text) return;
    sbuf_puts(&e->out, "ET\n");
    e->in_text = 0;
}

/* The most frequent gap between glyph advances and positions, when it is
 * shared by at least half of the gaps: a justified CJK line spreads its
 * slack evenly, and one Tc then replaces a TJ number per glyph. */
static double common_gap(const double *gap, size_t n)
{
    size_t i, j, best_count = 0;
    double best = 0;
    for (i = 0; i < n && best_count * 2 < n; i++) {
        size_t c = 0;
        for (j = i; j < n; j++)
            if (fabs(gap[j] - gap[i]) < 1e-4) c++;
        if (c > best_count) {
            best_count = c;
            best = gap[i];
        }
    }
    return (n >= 2 && best_count * 2 >= n && fabs(best) >= 1e-4) ? best : 0;
}

/* Room for n glyphs in the run scratch arrays. */
static int run_reserve(emit *e, size_t n)
{
    uint32_t *cid;
    double *adv, *gap;
    if (n <= e->run_cap) return 0;
    cid = realloc(e->cid, n * sizeof *cid);
    if (cid) e->cid = cid;
    adv = cid ? realloc(e->adv_pt, n * sizeof *adv) : NULL;
    if (adv) e->adv_pt = adv;
    gap = adv ? realloc(e->gap, n * sizeof *gap) : NULL;
    if (!gap) {
        e->oom = 1;
        return -1;
    }
    e->gap = gap;
    e->run_cap = n;
    return 0;
}

/* One text run: the glyphs of one face and size, grouped into stretches on
 * one baseline; each stretch is one Td and one Tj/TJ whose numbers (in
 * thousandths of the font size, PDF 32000-1 9.4.3) correct the fonts'
 * advances to the positions the layout chose. */
static int emit_glyphs(emit *e, const pdf_op *op)
{
    const pdf_font *pf = e->fonts[op->face];
    const rec_glyph *g = e->doc->glyphs + op->first;
    double *gap;
    size_t i = 0, j, k;

    if (run_reserve(e, op->count) != 0) return -1;
    gap = e->gap;
    for (k = 0; k < op->count; k++) {
        e->cid[k] = glyph_cid(pf, &g[k]);
        e->adv_pt[k] = pdf_font_width(pf, e->cid[k]) * op->size_pt / 1000;
    }
    if (!e->in_text) {
        sbuf_puts(&e->out, "BT\n");
        e->in_text = 1;
        e->line_x = e->line_y = 0;
        e->pen_known = 0;
    }
    set_fill(e, op->color);
    if (op->v[2] != e->stroke_pt) {
        /* fake bold: filled and stroked in the fill's colour */
        if (op->v[2] > 0) {
            put_stroke_style(&e->out, op->v[2], op->color);
            sbuf_puts(&e->out, "2 Tr\n");
        } else {
            sbuf_puts(&e->out, "0 Tr\n");
        }
        e->stroke_pt = op->v[2];
    }
    if (e->font_face != op->face || e->font_size != op->size_pt) {
        sbuf_putc(&e->out, '/');
        sbuf_puts(&e->out, e->font_name[op->face]);
        sbuf_putc(&e->out, ' ');
        put_num(&e->out, op->size_pt, 3);
        put_op(&e->out, "Tf");
        e->font_face = op->face;
        e->font_size = op->size_pt;
    }
    while (i < op->count) {
        double x0 = op->v[0] + g[i].x_pt, y0 = op->v[1] + g[i].y_pt, tc, dx, dy, pen, lead;
        int tj = 0;
        /* The stretch: glyphs i..j-1 on the baseline of glyph i. */
        for (j = i + 1; j < op->count && fabs(g[j].y_pt - g[i].y_pt) < 1e-6; j++) {}
        for (k = i; k + 1 < j; k++) gap[k - i] = (g[k + 1].x_pt - g[k].x_pt) - e->adv_pt[k];
        tc = round(common_gap(gap, j - i - 1) * 1e6) / 1e6; /* as written */
        /* One glyph alone has no gap to share: the Tc in force stays (the
         * pen's position after it is corrected where the next string
         * starts); nor is Tc rewritten for a difference of rounding, which
         * the TJ numbers below take up before a glyph moves 0.0005 pt. */
        if (j - i < 2 || fabs(tc - e->char_space) < 1e-5) tc = e->char_space;
        if (tc != e->char_space) {
            put_num(&e->out, tc, 6);
            put_op(&e->out, "Tc");
            e->char_space = tc;
        } else {
            tc = e->char_space;
        }
        /* A run that goes on where the last string left the pen, on its
         * baseline (a Latin run inside a CJK line, the CJK text after it),
         * needs no Td: at most a TJ number before its first glyph. */
        lead = 0;
        if (e->pen_known && fabs(y0 - e->line_y) < 0.0005 && fabs(x0 - e->pen_x) < 0.5 * op->size_pt) {
            pen = e->pen_x;
            if (fabs(x0 - pen) >= 0.0005) {
                lead = round(-(x0 - pen) * 1000 / op->size_pt * 100) / 100;
                pen -= lead * op->size_pt / 1000;
                tj = lead != 0;
            }
        } else {
            /* Td moves are rounded as written and accumulated as written,
             * so rounding never drifts down a page. */
            dx = round((x0 - e->line_x) * 1e3) / 1e3;
            dy = round((y0 - e->line_y) * 1e3) / 1e3;
            put_point(&e->out, dx, dy, "Td");
            e->line_x += dx;
            e->line_y += dy;
            pen = e->line_x;
        }
        /* TJ numbers, rounded to 0.01 as written, with the rounding carried
         * to the next glyph (pen is where the reader puts the next glyph),
         * so a line never drifts and no glyph gets a number for rounding
         * alone. gap[] becomes the number after each glyph, 0 for none. */
        for (k = i; k + 1 < j; k++) {
            double want = op->v[0] + g[k + 1].x_pt, adj;
            pen += e->adv_pt[k] + tc;
            /* Within 0.0005 pt (1/144000 in) the glyph is where it should be. */
            adj = fabs(want - pen) < 0.0005 ? 0 : round(-(want - pen) * 1000 / op->size_pt * 100) / 100;
            if (adj != 0) {
                tj = 1;
                pen -= adj * op->size_pt / 1000;
            }
            gap[k - i] = adj;
        }
        if (tj) {
            sbuf_putc(&e->out, '[');
            if (lead != 0) put_num(&e->out, lead, 2);
            sbuf_putc(&e->out, '(');
        } else {
            sbuf_putc(&e->out, '(');
        }
        for (k = i; k < j; k++) {
            put_code(&e->out, pf, e->cid[k]);
            if (k + 1 < j && gap[k - i] != 0) {
                sbuf_putc(&e->out, ')');
                put_num(&e->out, gap[k - i], 2);
                sbuf_putc(&e->out, '(');
            }
        }
        sbuf_puts(&e->out, tj ? ")] TJ\n" : ") Tj\n");
        e->pen_x = pen + e->adv_pt[j - 1] + tc;   /* Tc follows the last glyph too */
        e->pen_known = 1;
        i = j;
    }
    return 0;
}

/* An image: its XObject (loaded once per save) in the page's resources,
 * drawn into the box by the image space's unit square (PDF 32000-1 8.9.4). */
static int emit_image(emit *e, const pdf_op *op)
{
    const char *name = e->image_name[e->images++];
    sbuf *b = &e->out;
    sbuf_puts(b, "q\n");
    put_num(b, op->v[2], 3);
    sbuf_puts(b, " 0 0 ");
    put_num(b, op->v[3], 3);
    sbuf_putc(b, ' ');
    put_point(b, op->v[0], op->v[1], "cm");
    sbuf_putc(b, '/');
    sbuf_puts(b, name);
    sbuf_puts(b, " Do\nQ\n");
    return 0;
}

/* A point at angle_deg clockwise from twelve o'clock on the circle. */
static void circle_point(double cx, double cy, double r, double angle_deg, double *x, double *y)
{
    double a = angle_deg * M_PI / 180;
    *x = cx + r * sin(a);
    *y = cy + r * cos(a);
}

/* The arc from from_deg to to_deg (at most 90 degrees apart) as one cubic
 * Bézier from the current point: control points along the tangents at
 * 4/3 tan(θ/4) of the radius, the usual approximation (error < 0.03 % of r). */
static void put_arc(sbuf *b, double cx, double cy, double r, double from_deg, double to_deg)
{
    double k = 4.0 / 3.0 * tan((to_deg - from_deg) * M_PI / 180 / 4) * r;
    double a1 = from_deg * M_PI / 180, a2 = to_deg * M_PI / 180, x0, y0, x3, y3;
    circle_point(cx, cy, r, from_deg, &x0, &y0);
    circle_point(cx, cy, r, to_deg, &x3, &y3);
    /* The tangent of a clockwise angle a is (cos a, -sin a). */
    put_num(b, x0 + k * cos(a1), 3);
    sbuf_putc(b, ' ');
    put_num(b, y0 - k * sin(a1), 3);
    sbuf_putc(b, ' ');
    put_num(b, x3 - k * cos(a2), 3);
    sbuf_putc(b, ' ');
    put_num(b, y3 + k * sin(a2), 3);
    sbuf_putc(b, ' ');
    put_point(b, x3, y3, "c");
}

static int emit_pie(emit *e, const pdf_op *op)
{
    double cx = op->v[0], cy = op->v[1], r = op->v[2], from = op->v[3], to = op->v[4], x, y;
    sbuf *b = &e->out;
    if (r <= 0 || fabs(to - from) < 1e-9) return 0;
    set_fill(e, op->color);
    if (fabs(to - from) >= 360) {
        from = 0;
        to = 360;
        circle_point(cx, cy, r, from, &x, &y);
        put_point(b, x, y, "m");
    } else {
        /* From the centre to the arc's start, along the arc, and back. */
        put_point(b, cx, cy, "m");
        circle_point(cx, cy, r, from, &x, &y);
        put_point(b, x, y, "l");
    }
    while (fabs(to - from) > 1e-9) {
        double step = to > from ? fmin(90, to - from) : fmax(-90, to - from);
        put_arc(b, cx, cy, r, from, from + step);
        from += step;
    }
    sbuf_puts(b, "h\nf\n");
    return 0;
}

static int emit_op(emit *e, const pdf_op *op)
{
    sbuf *b = &e->out;
    size_t i;

    if (op->kind == OP_GLYPHS) return emit_glyphs(e, op);
    text_end(e);
    switch (op->kind) {
    case OP_LINE:
        put_stroke_style(b, op->v[4], op->color);
        put_point(b, op->v[0], op->v[1], "m");
        put_point(b, op->v[2], op->v[3], "l");
        sbuf_puts(b, "S\n");
        return 0;
    case OP_RECT:
        if (op->fill) set_fill(e, op->color);
        else put_stroke_style(b, op->v[4], op->color);
        put_num(b, op->v[0], 3);
        sbuf_putc(b, ' ');
        put_num(b, op->v[1], 3);
        sbuf_putc(b, ' ');
        put_point(b, op->v[2], op->v[3], "re");
        sbuf_puts(b, op->fill ? "f\n" : "S\n");
        return 0;
    case OP_POLYGON:
        if (op->fill) set_fill(e, op->color);
        else put_stroke_style(b, op->v[0], op->color);
        for (i = 0; i < op->count; i++) put_point(b, op->xy[2 * i], op->xy[2 * i + 1], i ? "l" : "m");
        if (op->closed) sbuf_puts(b, "h\n");
        sbuf_puts(b, op->fill ? "f\n" : "S\n");
        return 0;
    case OP_PIE:
        return emit_pie(e, op);
    case OP_IMAGE:
        return emit_image(e, op);
    case OP_GLYPHS:
        break;
    }
    return 0;
}

/* A page's libharu object, and the names in its resources of the faces
 * and images its content draws (font_name: per face, NULL for a face it
 * does not draw; image_name: per image drawn, in order), added in the order
 * the content first uses them, so that its resource dictionaries come out
 * as when they were added while writing it. On this thread: libharu is not
 * thread-safe, and page_write then needs it no more. */
static int page_resources(pdf_doc *doc, pdf_font **fonts, const pdf_page *p, HPDF_Page *page_out,
                          const char **font_name, const char **image_name)
{
    HPDF_Page page = HPDF_AddPage(doc->hpdf);
    size_t i, images = 0;

    if (!page || HPDF_Page_SetWidth(page, (HPDF_REAL)p->width_pt) != HPDF_OK ||
        HPDF_Page_SetHeight(page, (HPDF_REAL)p->height_pt) != HPDF_OK)
        return fail(doc, "libharu: cannot add a page");
    *page_out = page;
    for (i = 0; i < p->count; i++) {
        const pdf_op *op = &p->ops[i];
        if (op->kind == OP_GLYPHS && !font_name[op->face]) {
            if (!fonts[op->face]) return fail(doc, "internal: face %d was not embedded", op->face);
            font_name[op->face] = HPDF_Page_GetLocalFontName(page, pdf_font_dict(fonts[op->face]));
            if (!font_name[op->face]) return fail(doc, "libharu: cannot add the font to the page resources");
        } else if (op->kind == OP_IMAGE) {
            pdf_image_file *im = &doc->images[op->image];
            if (!im->loaded) {
                im->loaded = im->file.png
                                 ? HPDF_LoadPngImageFromMem(doc->hpdf, im->file.data, (HPDF_UINT)im->file.size)
                                 : HPDF_LoadJpegImageFromMem(doc->hpdf, im->file.data, (HPDF_UINT)im->file.size);
                if (!im->loaded)
                    return fail(doc, "%s: cannot load this image: %s", im->path,
                                doc->hpdf_failed ? hpdf_describe(doc->hpdf_code) : "libharu error");
            }
            image_name[images] = HPDF_Page_GetXObjectName(page, im->loaded);
            if (!image_name[images++]) return fail(doc, "%s: libharu cannot draw this image", im->path);
        }
    }
    return 0;
}

/* A page's content into e->out, from the state a page starts in; on any
 * thread (it reads the document and the fonts' codes, and writes e alone).
 * 0, or -1 out of memory. */
static int page_write(emit *e, const pdf_page *p)
{
    size_t i;
    e->in_text = 0;
    e->font_face = -1;
    e->font_size = 0;
    e->char_space = 0;
    e->stroke_pt = 0;
    e->images = 0;
    /* The initial graphics state (PDF 32000-1 8.4.1): black fill, Tc 0, Tr 0. */
    e->fill_known = 1;
    e->fill = (pdf_color){0, 0, 0};
    sbuf_clear(&e->out);
    for (i = 0; i < p->count; i++)
        if (emit_op(e, &p->ops[i]) != 0) return -1;
    text_end(e);
    return e->out.failed || e->oom ? -1 : 0;
}

/* A PDF text string (PDF 32000-1 7.9.2.2): ASCII as a literal string,
 * anything else UTF-16BE with a byte-order mark, as a hex string. */
static void *text_string(pdf_doc *doc, const char *utf8)
{
    size_t len = strlen(utf8), i, n = 2;
    unsigned char *buf;
    void *obj;
    int ascii = 1;

    for (i = 0; i < len; i++)
        if ((unsigned char)utf8[i] >= 0x80 || (unsigned char)utf8[i] < 0x20) ascii = 0;
    if (ascii) return HPDF_String_New(doc->hpdf->mmgr, utf8, NULL);
    buf = malloc(2 + 4 * len);
    if (!buf) return NULL;
    buf[0] = 0xFE;
    buf[1] = 0xFF;
    for (i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(utf8 + i, len - i, &cp);
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            buf[n++] = (unsigned char)(hi >> 8);
            buf[n++] = (unsigned char)hi;
            buf[n++] = (unsigned char)(lo >> 8);
            buf[n++] = (unsigned char)lo;
        } else {
            buf[n++] = (unsigned char)(cp >> 8);
            buf[n++] = (unsigned char)cp;
        }
    }
    obj = HPDF_Binary_New(doc->hpdf->mmgr, buf, (HPDF_UINT)n);
    free(buf);
    return obj;
}

static int info_write(pdf_doc *doc)
{
    static const HPDF_InfoType types[] = {HPDF_INFO_TITLE, HPDF_INFO_AUTHOR, HPDF_INFO_SUBJECT,
                                         HPDF_INFO_KEYWORDS, HPDF_INFO_CREATOR};
    int i;

    if (HPDF_SetInfoAttr(doc->hpdf, HPDF_INFO_PRODUCER, "brief " BRIEF_VERSION) != HPDF_OK)
        return fail(doc, "libharu: cannot set the document info");
    for (i = 0; i < 5; i++) {
        if (!doc->info[i]) continue;
        /* Set through libharu first, so the Info dictionary exists, then
         * replace the value by a proper text string. */
        if (HPDF_SetInfoAttr(doc->hpdf, types[i], "-") != HPDF_OK || !doc->hpdf->info ||
            HPDF_Dict_Add(doc->hpdf->info, info_names[i], text_string(doc, doc->info[i])) != HPDF_OK)
            return fail(doc, "libharu: cannot set the document's %s", info_names[i]);
    }
    if (doc->has_date) {
        struct tm tm;
        HPDF_Date d;
        if (!gmtime_r(&doc->date, &tm)) return fail(doc, "document date out of range");
        memset(&d, 0, sizeof d);
        d.year = tm.tm_year + 1900;
        d.month = tm.tm_mon + 1;
        d.day = tm.tm_mday;
        d.hour = tm.tm_hour;
        d.minutes = tm.tm_min;
        d.seconds = tm.tm_sec;
        d.ind = 'Z';
        if (HPDF_SetInfoDateAttr(doc->hpdf, HPDF_INFO_CREATION_DATE, d) != HPDF_OK ||
            HPDF_SetInfoDateAttr(doc->hpdf, HPDF_INFO_MOD_DATE, d) != HPDF_OK)
            return fail(doc, "libharu: cannot set the document dates");
    }
    return 0;
}

/* [page /XYZ 0 top null]: the page at height top, keeping the reader's
 * zoom, which HPDF_Destination_SetXYZ in 2.3.0 cannot say (it needs
 * 0.08..32). NULL on failure. */
static HPDF_Destination xyz_destination(pdf_doc *doc, HPDF_Page page, double top)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (!dst) return NULL;
    HPDF_Array_Clear(dst);
    if (top < 0) top = 0;
    if (HPDF_Array_Add(dst, page) != HPDF_OK || HPDF_Array_AddName(dst, "XYZ") != HPDF_OK ||
        HPDF_Array_AddNumber(dst, 0) != HPDF_OK || HPDF_Array_AddReal(dst, (HPDF_REAL)top) != HPDF_OK ||
        HPDF_Array_Add(dst, HPDF_Null_New(doc->hpdf->mmgr)) != HPDF_OK)
        return NULL;
    return dst;
}

/* The links of every page: /Link annotations without a border, a /URI
 * action or a destination in the document. */
static int links_write(pdf_doc *doc, HPDF_Page *pages)
{
    int i;
    size_t k;
    for (i = 0; i < doc->page_count; i++) {
        const pdf_page *p = &doc->pages[i];
        for (k = 0; k < p->link_count; k++) {
            const pdf_link_rec *l = &p->links[k];
            HPDF_Rect r = {(HPDF_REAL)l->rect[0], (HPDF_REAL)l->rect[1], (HPDF_REAL)(l->rect[0] + l->rect[2]),
                           (HPDF_REAL)(l->rect[1] + l->rect[3])};
            HPDF_Annotation a;
            if (l->uri) {
                a = HPDF_Page_CreateURILinkAnnot(pages[i], r, l->uri);
            } else {
                HPDF_Destination dst;
                if (l->page >= doc->page_count)
                    return fail(doc, "a link on page %d goes to page %d of %d", i + 1, l->page + 1, doc->page_count);
                dst = xyz_destination(doc, pages[l->page], l->y_pt);
                a = dst ? HPDF_Page_CreateLinkAnnot(pages[i], r, dst) : NULL;
            }
            if (!a || HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0) != HPDF_OK)
                return fail(doc, "libharu: cannot add a link on page %d", i + 1);
        }
    }
    return 0;
}

static int outline_write(pdf_doc *doc, HPDF_Page *pages)
{
    HPDF_Outline *made;
    int i, rc = 0;

    if (doc->outline_count == 0) return 0;
    made = calloc((size_t)doc->outline_count, sizeof *made);
    if (!made) return fail(doc, "out of memory");
    for (i = 0; rc == 0 && i < doc->outline_count; i++) {
        const pdf_outline *o = &doc->outlines[i];
        HPDF_Outline parent = o->parent >= 0 ? made[o->parent] : NULL;
        HPDF_Destination dst;
        HPDF_Outline ol = HPDF_CreateOutline(doc->hpdf, parent, "-", NULL);
        double top = o->y_pt;
        if (!ol || HPDF_Dict_Add(ol, "Title", text_string(doc, o->title)) != HPDF_OK ||
            HPDF_Outline_SetOpened(ol, HPDF_TRUE) != HPDF_OK) {
            rc = fail(doc, "libharu: cannot add outline entry \"%s\"", o->title);
            break;
        }
        dst = xyz_destination(doc, pages[o->page], top);
        if (!dst || HPDF_Outline_SetDestination(ol, dst) != HPDF_OK) {
            rc = fail(doc, "libharu: cannot set an outline destination");
            break;
        }
        made[i] = ol;
    }
    free(made);
    if (rc == 0 && HPDF_SetPageMode(doc->hpdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK)
        rc = fail(doc, "libharu: cannot show the outline");
    return rc;
}

/* libharu 2.3 calls this and then carries on (no longjmp): the first error
 * is kept, and every call's status is checked as well. */
static void hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    pdf_doc *doc = user_data;
    if (doc->hpdf_failed) return;
    doc->hpdf_failed = 1;
    doc->hpdf_code = error_no;
    snprintf(doc->errmsg, sizeof doc->errmsg, "%s (libharu error 0x%04X, detail %u)",
             hpdf_describe(error_no), (unsigned)error_no, (unsigned)detail_no);
}

/* The glyphs of a bitmap (face_use.used or .half), as a set for
 * pdf_font_plan. */
static hb_set_t *bitmap_glyphs(const uint64_t *bits)
{
    hb_set_t *glyphs = hb_set_create();
    uint32_t w, b;
    for (w = 0; w < FACE_GLYPHS / 64; w++)
        for (b = 0; b < 64 && bits[w] >> b; b++)
            if (bits[w] >> b & 1) hb_set_add(glyphs, 64 * w + b);
    return glyphs;
}

/* Counts how often each CID of each face is drawn and gives the faces
 * their character codes by it (pdf_font_set_codes). 0, or -1 out of
 * memory. */
static int set_codes(pdf_doc *doc, pdf_font **fonts)
{
    uint32_t **uses = calloc(doc->face_count > 0 ? (size_t)doc->face_count : 1, sizeof *uses);
    int i, p, rc = uses ? 0 : -1;
    size_t o, k;

    for (i = 0; rc == 0 && i < doc->face_count; i++)
        if (fonts[i] && !(uses[i] = calloc(pdf_font_cid_count(fonts[i]) + 1, sizeof **uses))) rc = -1;
    for (p = 0; rc == 0 && p < doc->page_count; p++) {
        for (o = 0; o < doc->pages[p].count; o++) {
            const pdf_op *op = &doc->pages[p].ops[o];
            const pdf_font *pf = op->kind == OP_GLYPHS ? fonts[op->face] : NULL;
            const rec_glyph *g = pf ? doc->glyphs + op->first : NULL;
            for (k = 0; pf && k < op->count; k++) uses[op->face][glyph_cid(pf, &g[k])]++;
        }
    }
    for (i = 0; rc == 0 && i < doc->face_count; i++)
        if (fonts[i]) rc = pdf_font_set_codes(fonts[i], uses[i]);
    for (i = 0; uses && i < doc->face_count; i++) free(uses[i]);
    free(uses);
    return rc;
}

/* The work of a save shared by the tasks of parallel.h (util/parallel.h)
 * between this thread and a helper: first the faces' subsets (task t <
 * font_tasks prepares face font[t].face, the largest first:
 * pdf_font_weight), then the pages' content (task font_tasks + i writes
 * page i's), each with its own compressor or emit state; then, as a second
 * round, the content compressed, a share of the pages a task. */
typedef struct font_task {
    int face;
    int failed;
    char err[512];
} font_task;

typedef struct page_content {
    sbuf raw;               /* the content as written */
    unsigned char *z;       /* compressed (owned); NULL until then */
    size_t zlen;
    int failed;             /* out of memory writing it */
} page_content;

typedef struct save_work {
    pdf_doc *doc;
    pdf_font **fonts;          /* per face */
    font_task *font;
    size_t font_tasks;
    page_content *page;
    int count;                 /* pages */
    const char **font_name;    /* page i's face f: font_name[i * face_count + f] (page_resources) */
    const char **image_name;   /* page i's images from image_name[image_first[i]] */
    size_t *image_first;
    size_t shares;             /* of the compression round */
    atomic_int failed;         /* a compression share (read after parallel_finish) */
} save_work;

static void save_task(void *ctx, size_t task)
{
    save_work *w = ctx;
    if (task < w->font_tasks) {
        font_task *t = &w->font[task];
        pdf_flate *flate = pdf_flate_create(fonts_face_cff(w->doc->fonts, t->face) ? PDF_FLATE_CFF_LEVEL
                                                                                   : PDF_FLATE_TRUETYPE_LEVEL);
        if (!flate) {
            snprintf(t->err, sizeof t->err, "out of memory");
            t->failed = 1;
            return;
        }
        t->failed = pdf_font_prepare(w->fonts[t->face], flate, t->err, sizeof t->err) != 0;
        pdf_flate_destroy(flate);
    } else {
        size_t i = task - w->font_tasks;
        emit e;
        memset(&e, 0, sizeof e);
        e.doc = w->doc;
        e.fonts = w->fonts;
        e.font_name = w->font_name + i * (size_t)w->doc->face_count;
        e.image_name = w->image_name + w->image_first[i];
        w->page[i].failed = page_write(&e, &w->doc->pages[i]) != 0;
        w->page[i].raw = e.out;
        free(e.cid);
        free(e.adv_pt);
        free(e.gap);
    }
}

static void page_compress_task(void *ctx, size_t share)
{
    save_work *w = ctx;
    pdf_flate *flate = pdf_flate_create(PDF_FLATE_PAGE_LEVEL);
    int i;
    for (i = (int)(share * (size_t)w->count / w->shares); flate && i < (int)((share + 1) * (size_t)w->count / w->shares); i++) {
        page_content *pc = &w->page[i];
        if (pc->raw.len > 0 && pdf_flate_copy(flate, pc->raw.data, pc->raw.len, &pc->z, &pc->zlen) != 0) break;
    }
    if (!flate || i < (int)((share + 1) * (size_t)w->count / w->shares)) atomic_store(&w->failed, 1);
    pdf_flate_destroy(flate);
}

/* Builds the document in libharu. The faces' subsets are planned first
 * (their CIDs and widths, which the pages need) and the pages' objects and
 * resources made (page_resources), on this thread; then the subsets and
 * the pages' content are written by this thread and a helper (save_task,
 * parallel.h), the content is compressed on both, and the fonts' objects
 * are added last, in face order. */
static int doc_build(pdf_doc *doc, pdf_font **fonts, HPDF_Page *pages)
{
    char err[1024];
    save_work w;
    parallel par;
    size_t tasks = 0, t, u, images = 0, k;
    int i, rc = 0;

    /* Images; the streams written here set their filter themselves. */
    if (HPDF_SetCompressionMode(doc->hpdf, HPDF_COMP_ALL) != HPDF_OK)
        return fail(doc, "libharu: cannot enable compression");
    memset(&w, 0, sizeof w);
    w.doc = doc;
    w.fonts = fonts;
    w.count = doc->page_count;
    w.font = calloc(doc->face_count > 0 ? (size_t)doc->face_count : 1, sizeof *w.font);
    w.page = calloc((size_t)doc->page_count, sizeof *w.page);
    w.font_name = calloc((size_t)doc->page_count * (size_t)(doc->face_count > 0 ? doc->face_count : 1),
                         sizeof *w.font_name);
    /* where each page's image names start: the images drawn before it */
    w.image_first = calloc((size_t)doc->page_count + 1, sizeof *w.image_first);
    for (i = 0; w.image_first && i < doc->page_count; i++) {
        w.image_first[i + 1] = w.image_first[i];
        for (k = 0; k < doc->pages[i].count; k++) w.image_first[i + 1] += doc->pages[i].ops[k].kind == OP_IMAGE;
    }
    images = w.image_first ? w.image_first[doc->page_count] : 0;
    w.image_name = calloc(images ? images : 1, sizeof *w.image_name);
    if (!w.font || !w.page || !w.font_name || !w.image_first || !w.image_name) rc = fail(doc, "out of memory");
    for (i = 0; rc == 0 && i < doc->face_count; i++) {
        hb_set_t *glyphs, *halves;
        if (!doc->use[i].chars) continue;
        glyphs = bitmap_glyphs(doc->use[i].used);
        halves = bitmap_glyphs(doc->use[i].half);
        if (!hb_set_allocation_successful(glyphs) || !hb_set_allocation_successful(halves))
            rc = fail(doc, "out of memory");
        else fonts[i] = pdf_font_plan(doc->fonts, i, glyphs, halves, doc->use[i].chars, err, sizeof err);
        hb_set_destroy(glyphs);
        hb_set_destroy(halves);
        if (rc == 0 && (!fonts[i] || pdf_font_begin(fonts[i], doc->hpdf, err, sizeof err) != 0))
            rc = fail(doc, "%s", err);
        if (rc != 0) break;
        /* in order of weight, largest first (a stable insertion) */
        for (t = tasks; t > 0 && pdf_font_weight(fonts[w.font[t - 1].face]) < pdf_font_weight(fonts[i]); t--)
            w.font[t].face = w.font[t - 1].face;
        w.font[t].face = i;
        tasks++;
    }
    w.font_tasks = tasks;
    if (rc == 0 && set_codes(doc, fonts) != 0) rc = fail(doc, "out of memory");
    /* the pages' objects and resources here, in page order (libharu) */
    for (i = 0; rc == 0 && i < doc->page_count; i++)
        rc = page_resources(doc, fonts, &doc->pages[i], &pages[i], w.font_name + (size_t)i * (size_t)doc->face_count,
                            w.image_name + w.image_first[i]);
    if (rc == 0) {
        /* the subsets and the pages' content on both threads, then the
         * content compressed on both */
        parallel_start(&par, save_task, &w, tasks + (size_t)doc->page_count, !doc->no_helper);
        parallel_finish(&par);
        for (i = 0; rc == 0 && i < doc->page_count; i++)
            if (w.page[i].failed) rc = fail(doc, "out of memory");
    }
    if (rc == 0) {
        w.shares = doc->page_count < 2 || doc->no_helper ? 1 : 2;   /* one for each thread */
        atomic_init(&w.failed, 0);
        parallel_start(&par, page_compress_task, &w, w.shares, !doc->no_helper);
        parallel_finish(&par);
        if (atomic_load(&w.failed)) rc = fail(doc, "out of memory");
    }
    for (i = 0; w.page && i < doc->page_count; i++) {
        if (rc == 0 && pdf_flate_put_compressed(((HPDF_PageAttr)pages[i]->attr)->contents, w.page[i].z,
                                                w.page[i].zlen) != 0)
            rc = fail(doc, "libharu: cannot write page content");
        sbuf_free(&w.page[i].raw);
        free(w.page[i].z);
    }
    /* the faces' objects in face order, whichever thread prepared them */
    for (i = 0; rc == 0 && i < doc->face_count; i++) {
        if (!fonts[i]) continue;
        for (u = 0; u < tasks && w.font[u].face != i; u++) {}
        if (w.font[u].failed) rc = fail(doc, "%s", w.font[u].err);
        else if (pdf_font_finish(fonts[i], doc->hpdf, err, sizeof err) != 0) rc = fail(doc, "%s", err);
    }
    free(w.font);
    free(w.page);
    free(w.font_name);
    free(w.image_name);
    free(w.image_first);
    if (rc != 0) return -1;
    if (outline_write(doc, pages) != 0 || links_write(doc, pages) != 0) return -1;
    return info_write(doc);
}

/* Writes the document libharu wrote into its memory stream to fd, its
 * small objects packed into object streams (pdf_pack.h). 0, or -1 with
 * errno set. */
static int write_stream(pdf_doc *doc, pdf_flate *flate, int fd)
{
    sbuf raw = SBUF_INIT, packed = SBUF_INIT;
    int rc = 0, pk;
    HPDF_ResetStream(doc->hpdf);
    for (;;) {
        unsigned char buf[65536];
        HPDF_UINT32 n = sizeof buf;
        HPDF_STATUS st = HPDF_ReadFromStream(doc->hpdf, buf, &n);
        if (st != HPDF_OK && st != HPDF_STREAM_EOF) {
            errno = EIO;
            rc = -1;
            break;
        }
        if (sbuf_append(&raw, (const char *)buf, n) != 0) {
            errno = ENOMEM;
            rc = -1;
            break;
        }
        if (st == HPDF_STREAM_EOF) break;
    }
    if (rc == 0) {
        pk = pdf_pack((const unsigned char *)raw.data, raw.len, flate, &packed);
        if (pk < 0) {
            errno = ENOMEM;
            rc = -1;
        } else if (pk == 0) {
            rc = paths_write_full(fd, packed.data, packed.len);
        } else {
            rc = paths_write_full(fd, raw.data, raw.len);
        }
    }
    sbuf_free(&raw);
    sbuf_free(&packed);
    return rc;
}

/* Builds the document and writes it into fd (name for messages), or
 * into a temporary file beside name when fd is -1, then fsynced and
 * renamed into place (paths_commit_atomic). 0, or -1 with a message. */
static int save(pdf_doc *doc, int fd, const char *name)
{
    char tmp[PATH_MAX], err[1024];
    pdf_font **fonts;
    pdf_flate *page_flate;
    HPDF_Page *pages;
    int own = fd < 0, i, rc = -1;

    if (!name) return fail(doc, "pdf_doc_save: no path");
    if (doc->page_count == 0) return fail(doc, "%s: the document has no pages", name);
    fonts = calloc(doc->face_count > 0 ? (size_t)doc->face_count : 1, sizeof *fonts);
    pages = calloc((size_t)doc->page_count, sizeof *pages);
    doc->hpdf_failed = 0;
    doc->hpdf_code = HPDF_OK;
    doc->errmsg[0] = '\0';
    page_flate = pdf_flate_create(PDF_FLATE_PAGE_LEVEL);
    doc->hpdf = fonts && pages && page_flate ? HPDF_New(hpdf_error, doc) : NULL;
    if (!doc->hpdf) {
        free(fonts);
        free(pages);
        pdf_flate_destroy(page_flate);
        return fail(doc, "out of memory");
    }
    for (i = 0; i < doc->image_count; i++) doc->images[i].loaded = NULL;
    if (doc_build(doc, fonts, pages) == 0 && !doc->hpdf_failed) {
        if (own) fd = paths_temp_beside(name, tmp, sizeof tmp, err, sizeof err);
        if (fd < 0) {
            fail(doc, "%s", err);
        } else if (HPDF_SaveToStream(doc->hpdf) != HPDF_OK || doc->hpdf_failed) {
            char msg[sizeof doc->errmsg];
            snprintf(msg, sizeof msg, "%s", doc->hpdf_failed ? doc->errmsg : "libharu cannot write the document");
            fail(doc, "%s: %s", name, msg);
            if (own) {
                close(fd);
                paths_temp_discard(tmp);
            }
        } else if (write_stream(doc, page_flate, fd) != 0) {
            /* Every write(2) checked here, where libharu's own file writer
             * ignored a failing fclose: a full disk or a file size limit
             * met in its last buffer gave a truncated PDF that was then
             * renamed into place. */
            fail(doc, "%s: cannot write the PDF: %s", name, strerror(errno));
            if (own) {
                close(fd);
                paths_temp_discard(tmp);
            }
        } else if (own && paths_commit_atomic(fd, tmp, name, err, sizeof err) != 0) {
            fail(doc, "%s", err);
        } else {
            rc = 0;
        }
    } else if (doc->hpdf_failed && !strstr(doc->errmsg, name)) {
        char msg[sizeof doc->errmsg];
        snprintf(msg, sizeof msg, "%s", doc->errmsg);
        fail(doc, "%s: %s", name, msg);
    }
    for (i = 0; i < doc->face_count; i++) pdf_font_destroy(fonts[i]);
    for (i = 0; i < doc->image_count; i++) doc->images[i].loaded = NULL;
    HPDF_Free(doc->hpdf);
    doc->hpdf = NULL;
    pdf_flate_destroy(page_flate);
    free(fonts);
    free(pages);
    return rc;
}

int pdf_doc_save(pdf_doc *doc, const char *path)
{
    return save(doc, -1, path);
}

int pdf_doc_save_fd(pdf_doc *doc, int fd, const char *name)
{
    if (fd < 0) return fail(doc, "%s: pdf_doc_save_fd: no file", name ? name : "(unnamed)");
    return save(doc, fd, name);
}
