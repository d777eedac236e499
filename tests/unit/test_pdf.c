/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_pdf.c — the pdf module: documents of seed text laid out naively,
 * graphics, images, outline, info, determinism, atomic save, errors; fonts
 * with CFF outlines (the default roles: Noto CJK, TeX Gyre) and TrueType
 * ones (AR PL UMing, WenQuanYi Micro Hei).
 *
 * With BRIEF_PDF_OUT=dir set, the seed document is also written to
 * dir/seed.pdf (the default fonts) and dir/seed-truetype.pdf, each with its
 * .boxes file (one line per drawn character: page, pixel box at 150 dpi,
 * expected ink 1/0, code point) for tests/e2e/pdf.sh, which reads them
 * back with qpdf, pdffonts, pdftotext and pdftoppm. */
#include "harness.h"
#include "fonts/fonts.h"
#include "pdf/pdf.h"
#include "pdf/pdf_font.h"
#include "pdf/pdf_pack.h"
#include "util/utf8.h"

#include <hb.h>
#include <hb-subset.h>
#include <libdeflate.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_W 595.276  /* A4, PDF points */
#define PAGE_H 841.89
#define MARGIN 72.0
#define BOX_DPI 150.0

static const char *seed_path(void)
{
    static const char *const candidates[] = {
        "../shared/seeds/000_2f3945eb508711e7.txt",
        "/work/shared/seeds/000_2f3945eb508711e7.txt",
    };
    size_t i;
    for (i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (access(candidates[i], R_OK) == 0) return candidates[i];
    return NULL;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

/* A saved PDF's bytes with the objects of its object streams (pdf_pack.h)
 * appended as text, inflated, so that a test finds a dictionary's entries
 * as libharu wrote them wherever the object went. Takes and returns a
 * malloc'd buffer (NULL in, NULL out). */
static char *with_object_streams(char *data, size_t *len)
{
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    size_t n = data ? *len : 0, at = 0, end = n;   /* objects are looked for in the file's own bytes */
    const char *hit;
    while (d && data && at < end && (hit = memmem(data + at, end - at, "/Type /ObjStm", 13)) != NULL) {
        size_t obj = (size_t)(hit - data), packed, got = 0, cap = 1 << 20, s;
        const char *length = memmem(data + obj, end - obj, "/Length ", 8);
        const char *stream = memmem(data + obj, end - obj, "stream\n", 7);
        char *grown;
        if (!length || !stream) break;
        packed = strtoul(length + 8, NULL, 10);
        s = (size_t)(stream - data) + 7;
        if (s + packed > end) break;
        grown = realloc(data, n + cap);
        if (!grown) break;
        data = grown;
        if (libdeflate_zlib_decompress(d, data + s, packed, data + n, cap, &got) != LIBDEFLATE_SUCCESS) break;
        n += got;
        at = s + packed;
    }
    libdeflate_free_decompressor(d);
    if (data) *len = n;
    return data;
}


static char tmpdir_path[256];

static const char *tmp_dir(void)
{
    if (!tmpdir_path[0]) {
        snprintf(tmpdir_path, sizeof tmpdir_path, "%s/brief-pdf-XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(tmpdir_path)) tmpdir_path[0] = '\0';
    }
    return tmpdir_path;
}

static void tmp_file(char *out, size_t outlen, const char *name)
{
    snprintf(out, outlen, "%s/%s", tmp_dir(), name);
}

/* ------------------------------------------------------------------ naive layout */

typedef struct layout {
    const fonts *f;
    pdf_doc *doc;
    int role;
    double size_pt, leading_pt;
    double x, y;            /* pen */
    FILE *boxes;            /* may be NULL */
    int missing;            /* characters no face has */
    /* the current line, before it is drawn */
    struct { int face; uint32_t glyph, cp; double adv; } line[256];
    int line_len;
} layout;

static void box_write(layout *L, double x0, double y0, double x1, double y1, int ink, uint32_t cp)
{
    double k = BOX_DPI / 72.0;
    if (!L->boxes) return;
    /* pixel rows grow downwards from the page's top */
    fprintf(L->boxes, "%d %d %d %d %d %d U+%04X\n", pdf_page_count(L->doc) - 1,
            (int)(x0 * k), (int)((PAGE_H - y1) * k), (int)(x1 * k + 0.999), (int)((PAGE_H - y0) * k + 0.999),
            ink, cp);
}

/* Draws the pending line, justified when full: the slack is spread evenly
 * between the characters, as a justified CJK line does. */
static int line_flush(layout *L, int justify)
{
    pdf_glyph run[256];
    double width = 0, extra = 0, x;
    int i, start, n;

    if (L->line_len == 0) return 0;
    if (L->y < MARGIN) {
        if (pdf_page_add(L->doc, PAGE_W, PAGE_H) < 0) return -1;
        L->y = PAGE_H - MARGIN - L->size_pt;
        /* Margins that must stay blank: the checker's own control. */
        box_write(L, 10, 10, 60, 60, 0, 0);
        box_write(L, PAGE_W - 60, PAGE_H - 60, PAGE_W - 10, PAGE_H - 10, 0, 0);
    }
    for (i = 0; i < L->line_len; i++) width += L->line[i].adv;
    if (justify && L->line_len > 1) extra = (PAGE_W - 2 * MARGIN - width) / (L->line_len - 1);
    x = MARGIN;
    for (start = 0; start < L->line_len; start = i) {
        double run_x = x;
        for (i = start, n = 0; i < L->line_len && L->line[i].face == L->line[start].face; i++, n++) {
            run[n].glyph = L->line[i].glyph;
            run[n].codepoint = L->line[i].cp;
            run[n].x_pt = x - run_x;
            run[n].y_pt = 0;
            run[n].half = 0;
            /* Ink is expected inside the character's em box; U+3000 and
             * spaces have none. */
            box_write(L, x, L->y - 0.12 * L->size_pt, x + L->line[i].adv, L->y + 0.88 * L->size_pt,
                      !(L->line[i].cp == 0x3000 || L->line[i].cp == ' '), L->line[i].cp);
            x += L->line[i].adv + extra;
        }
        if (pdf_glyphs(L->doc, L->line[start].face, L->size_pt, (pdf_color){0, 0, 0}, run_x, L->y, run,
                       (size_t)n) != 0)
            return -1;
    }
    L->line_len = 0;
    L->y -= L->leading_pt;
    return 0;
}

/* Lays out UTF-8 text: one paragraph per line of input, blank lines
 * skipped, characters no face has counted and left out. */
static int layout_text(layout *L, const char *text, size_t len)
{
    size_t i = 0;
    double width = 0;

    while (i < len) {
        uint32_t cp, glyph = 0;
        int face;
        i += utf8_decode(text + i, len - i, &cp);
        if (cp == '\n' || cp == '\r') {
            if (line_flush(L, 0) != 0) return -1;
            width = 0;
            continue;
        }
        face = fonts_pick(L->f, L->role, cp, &glyph);
        if (face < 0) {
            L->missing++;
            continue;
        }
        double adv = fonts_advance_pt(L->f, face, glyph, L->size_pt);
        if (width + adv > PAGE_W - 2 * MARGIN || L->line_len == 256) {
            if (line_flush(L, 1) != 0) return -1;
            width = 0;
        }
        L->line[L->line_len].face = face;
        L->line[L->line_len].glyph = glyph;
        L->line[L->line_len].cp = cp;
        L->line[L->line_len].adv = adv;
        L->line_len++;
        width += adv;
    }
    return line_flush(L, 0);
}

/* One line of 一 with gaps between them, recorded as boxes that must stay
 * blank, so a TJ number or Tc the reader did not apply (or applied wrongly)
 * puts ink where none may be. Uneven gaps become TJ numbers, even ones
 * (uniform) one Tc. */
static int spaced_line(layout *L, int uniform)
{
    static const double uneven_pt[] = {6, 14, 9, 24, 7.5, 18, 11, 30, 6.25};
    static const double even_pt[] = {10, 10, 10, 10, 10, 10, 10, 10, 10};
    const double *gaps_pt = uniform ? even_pt : uneven_pt;
    pdf_glyph run[10];
    uint32_t glyph;
    double x = 0, adv;
    int face = fonts_pick(L->f, L->role, 0x4E00, &glyph), k;
    if (face < 0) return -1;
    adv = fonts_advance_pt(L->f, face, glyph, L->size_pt);
    for (k = 0; k < 10; k++) {
        run[k] = (pdf_glyph){glyph, 0x4E00, x, 0, 0};
        box_write(L, MARGIN + x, L->y - 0.12 * L->size_pt, MARGIN + x + adv, L->y + 0.88 * L->size_pt, 1, 0x4E00);
        if (k < 9) {
            box_write(L, MARGIN + x + adv, L->y - 0.12 * L->size_pt, MARGIN + x + adv + gaps_pt[k],
                      L->y + 0.88 * L->size_pt, 0, 0x20);
            x += adv + gaps_pt[k];
        }
    }
    if (pdf_glyphs(L->doc, face, L->size_pt, (pdf_color){0, 0, 0}, MARGIN, L->y, run, 10) != 0) return -1;
    L->y -= L->leading_pt;
    return 0;
}

static fonts *load_fonts(void)
{
    char err[512];
    fonts *f = fonts_create(NULL, err, sizeof err);
    if (!f) printf("# fonts: %s\n", err);
    return f;
}

/* TrueType roles: body in AR PL UMing, sans in WenQuanYi Micro Hei (whose
 * composite glyphs use components above glyph id 32767). */
static fonts *load_truetype_fonts(void)
{
    static const char conf_text[] = "body = AR PL UMing CN, WenQuanYi Micro Hei\n"
                                    "sans = WenQuanYi Micro Hei, AR PL UMing CN\n";
    char conf[512], err[512];
    fonts *f = NULL;
    FILE *fp;
    tmp_file(conf, sizeof conf, "truetype.conf");
    fp = fopen(conf, "w");
    if (!fp) return NULL;
    fputs(conf_text, fp);
    fclose(fp);
    f = fonts_create(conf, err, sizeof err);
    if (!f) printf("# fonts: %s\n", err);
    unlink(conf);
    return f;
}

/* The fonts of the default roles (fonts/roles.conf) and the TrueType ones. */
static int have_fonts(void)
{
    return access("/usr/share/fonts/truetype/arphic/uming.ttc", R_OK) == 0 &&
           access("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", R_OK) == 0 &&
           access("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", R_OK) == 0 &&
           access("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", R_OK) == 0 &&
           access("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", R_OK) == 0 &&
           access("/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf", R_OK) == 0;
}

/* The seed in body and again in sans, plus a line with characters beyond
 * the BMP (𠀡, and 𠮷 and 𡉃, which only the fallback faces have with the
 * TrueType roles) and pinyin (ǎ ǒ, empty outlines in WenQuanYi Micro Hei). */
static pdf_doc *seed_doc(const fonts *f, const char *seed, size_t seed_len, FILE *boxes, int *missing)
{
    static const char extra[] = "\n超出基本平面的字：𠀡（U+20021）、谭𠮷林、𡉃；拼音hǎo duō。\n";
    char err[256];
    layout L;
    pdf_doc *doc = pdf_doc_create(f, err, sizeof err);
    if (!doc) return NULL;
    memset(&L, 0, sizeof L);
    L.f = f;
    L.doc = doc;
    L.size_pt = 12;
    L.leading_pt = 20;
    L.y = -1; /* forces the first page */
    L.boxes = boxes;
    L.role = fonts_role(f, "body");
    if (layout_text(&L, seed, seed_len) != 0 || layout_text(&L, extra, strlen(extra)) != 0 ||
        spaced_line(&L, 0) != 0 || spaced_line(&L, 1) != 0)
        goto fail;
    if (pdf_outline_add(doc, -1, "正文（明体）", 0, PAGE_H - MARGIN) < 0) goto fail;
    int sans_page = pdf_page_count(doc);
    L.y = -1;
    L.role = fonts_role(f, "sans");
    if (layout_text(&L, seed, seed_len) != 0 || layout_text(&L, extra, strlen(extra)) != 0) goto fail;
    int top = pdf_outline_add(doc, -1, "正文（黑体）", sans_page, PAGE_H - MARGIN);
    if (top < 0 || pdf_outline_add(doc, top, "第二页 𠀡", sans_page + 1, 400) < 0) goto fail;
    pdf_doc_set_info(doc, PDF_INFO_TITLE, "重庆工会简报 第1期");
    pdf_doc_set_info(doc, PDF_INFO_AUTHOR, "重庆市总工会");
    pdf_doc_set_info(doc, PDF_INFO_SUBJECT, "Seed test");
    pdf_doc_set_info(doc, PDF_INFO_KEYWORDS, "工会, 职工");
    pdf_doc_set_info(doc, PDF_INFO_CREATOR, "test_pdf");
    pdf_doc_set_date(doc, 1700000000);
    *missing = L.missing;
    return doc;
fail:
    printf("# seed_doc: %s\n", pdf_doc_errmsg(doc));
    pdf_doc_destroy(doc);
    return NULL;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

TEST(seed_document_saves_deterministically)
{
    char a[512], b[512], *da, *db;
    size_t la = 0, lb = 0, seed_len;
    const char *seed = seed_path();
    char *text;
    fonts *f;
    pdf_doc *doc;
    int missing = 0;

    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    if (!seed) { harness_skip("seed bulletin not present"); return; }
    text = read_file(seed, &seed_len);
    CHECK(text != NULL);
    f = load_fonts();
    CHECK(f != NULL);
    doc = seed_doc(f, text, seed_len, NULL, &missing);
    CHECK(doc != NULL);
    CHECK_INT(missing, 0);
    CHECK(pdf_page_count(doc) >= 4);
    tmp_file(a, sizeof a, "a.pdf");
    tmp_file(b, sizeof b, "b.pdf");
    if (pdf_doc_save(doc, a) != 0) printf("# %s\n", pdf_doc_errmsg(doc));
    CHECK(pdf_doc_save(doc, a) == 0);
    CHECK(pdf_doc_save(doc, b) == 0);   /* a document saves twice */
    pdf_doc_destroy(doc);
    /* On one thread (the subsets and the pages' content are tasks of
     * util/parallel.h, on two threads by default): the same bytes. */
    doc = seed_doc(f, text, seed_len, NULL, &missing);
    CHECK(doc != NULL);
    pdf_doc_set_helper_thread(doc, 0);
    CHECK(pdf_doc_save(doc, b) == 0);
    pdf_doc_destroy(doc);
    da = read_file(a, &la);
    db = read_file(b, &lb);
    CHECK(da && db);
    da = with_object_streams(da, &la);
    db = with_object_streams(db, &lb);
    CHECK(la > 1000);
    CHECK(memcmp(da, "%PDF-1.5\n", 9) == 0);
    /* the small objects packed (pdf_pack.h): no classic table left */
    CHECK(memmem(da, la, "/Type /ObjStm", 13) != NULL);
    CHECK(memmem(da, la, "/Type /XRef", 11) != NULL);
    CHECK(memmem(da, la, "\nxref\n", 6) == NULL && memmem(da, la, "trailer", 7) == NULL);
    CHECK_INT(la, lb);
    CHECK(memcmp(da, db, la) == 0);
    CHECK(memmem(da, la, "/Producer (brief ", 17) != NULL);
    CHECK(memmem(da, la, "D:20231114221320Z", 17) != NULL);
    free(da);
    free(db);
    /* Size: fonts subset; the whole document well under libharu's
     * ~300 KB for a full face. */
    printf("# seed.pdf: %ld bytes, %s\n", file_size(a), a);
    CHECK(file_size(a) < 400000);
    free(text);
    fonts_destroy(f);
    unlink(a);
    unlink(b);
}

/* A PNG written by hand: 8-bit RGB, stored (uncompressed) deflate blocks. */
static uint32_t crc32_of(const unsigned char *p, size_t n, uint32_t c)
{
    size_t i;
    int k;
    c = ~c;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
    }
    return ~c;
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8); p[3] = (unsigned char)v;
}

static void png_chunk(FILE *fp, const char *type, const unsigned char *data, size_t n)
{
    unsigned char hdr[8], crc[4];
    be32(hdr, (uint32_t)n);
    memcpy(hdr + 4, type, 4);
    fwrite(hdr, 1, 8, fp);
    if (n) fwrite(data, 1, n, fp);
    be32(crc, n ? crc32_of(data, n, crc32_of((const unsigned char *)type, 4, 0)) : crc32_of((const unsigned char *)type, 4, 0));
    fwrite(crc, 1, 4, fp);
}

static int png_write(const char *path, int w, int h)
{
    unsigned char ihdr[13], *raw, *z;
    size_t rawlen = (size_t)h * (1 + 3 * (size_t)w), zlen, i;
    uint32_t a = 1, b = 0;
    FILE *fp = fopen(path, "wb");
    int x, y;
    if (!fp || rawlen > 65535) { if (fp) fclose(fp); return -1; }
    raw = malloc(rawlen);
    z = malloc(rawlen + 11);
    for (y = 0; y < h; y++) {
        unsigned char *row = raw + (size_t)y * (1 + 3 * (size_t)w);
        row[0] = 0;
        for (x = 0; x < w; x++) {
            row[1 + 3 * x] = (unsigned char)(255 * x / (w - 1));
            row[2 + 3 * x] = 64;
            row[3 + 3 * x] = (unsigned char)(255 - 255 * y / (h - 1));
        }
    }
    for (i = 0; i < rawlen; i++) { a = (a + raw[i]) % 65521; b = (b + a) % 65521; }
    z[0] = 0x78; z[1] = 0x01;                     /* zlib header, no compression */
    z[2] = 1;                                     /* final stored block */
    z[3] = (unsigned char)rawlen; z[4] = (unsigned char)(rawlen >> 8);
    z[5] = (unsigned char)~rawlen; z[6] = (unsigned char)(~rawlen >> 8);
    memcpy(z + 7, raw, rawlen);
    be32(z + 7 + rawlen, (b << 16) | a);
    zlen = rawlen + 11;
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, fp);
    be32(ihdr, (uint32_t)w); be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
    png_chunk(fp, "IHDR", ihdr, 13);
    png_chunk(fp, "IDAT", z, zlen);
    png_chunk(fp, "IEND", NULL, 0);
    free(raw);
    free(z);
    return fclose(fp);
}

TEST(graphics_images_and_errors)
{
    char png[512], bad[512], out[512], err[256], *data;
    size_t len;
    fonts *f;
    pdf_doc *doc;
    int w = 0, h = 0, jpeg = 0;
    double tri[] = {100, 100, 200, 100, 150, 180};
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    f = load_fonts();
    CHECK(f != NULL);
    doc = pdf_doc_create(f, err, sizeof err);
    CHECK(doc != NULL);
    tmp_file(png, sizeof png, "gradient.png");
    tmp_file(bad, sizeof bad, "bad.png");
    tmp_file(out, sizeof out, "graphics.pdf");
    CHECK(png_write(png, 64, 32) == 0);
    FILE *fp = fopen(bad, "wb");
    CHECK(fp != NULL);
    fputs("not an image", fp);
    fclose(fp);

    CHECK_INT(pdf_line(doc, 0, 0, 10, 10, 1, (pdf_color){0, 0, 0}), -1); /* no page yet */
    CHECK(strstr(pdf_doc_errmsg(doc), "page") != NULL);
    CHECK_INT(pdf_doc_save(doc, out), -1);                               /* nothing to save */
    CHECK_INT(pdf_page_add(doc, PAGE_W, PAGE_H), 0);
    CHECK_INT(pdf_page_add(doc, 1, PAGE_H), -1);
    CHECK_INT(pdf_image_size(doc, png, &w, &h), 0);
    CHECK_INT(w, 64);
    CHECK_INT(h, 32);
    CHECK_INT(pdf_image(doc, bad, 0, 0, 10, 10), -1);
    CHECK(strstr(pdf_doc_errmsg(doc), bad) != NULL);
    CHECK_INT(pdf_image(doc, "/nonexistent/x.jpg", 0, 0, 10, 10), -1);
    CHECK(strstr(pdf_doc_errmsg(doc), "/nonexistent/x.jpg") != NULL);
    CHECK_INT(pdf_glyphs(doc, 99, 12, (pdf_color){0, 0, 0}, 0, 0, NULL, 0), -1);
    CHECK_INT(pdf_outline_add(doc, 5, "x", 0, 0), -1);
    CHECK_INT(pdf_outline_add(doc, -1, "x", 3, 0), -1);

    CHECK_INT(pdf_line(doc, 72, 770, 523, 770, 2, (pdf_color){0.8, 0, 0}), 0);
    CHECK_INT(pdf_rect(doc, 72, 600, 200, 100, 1, 0, (pdf_color){0.2, 0.4, 0.8}), 0);
    CHECK_INT(pdf_rect(doc, 300, 600, 200, 100, 0, 3, (pdf_color){0, 0.5, 0}), 0);
    CHECK_INT(pdf_polygon(doc, tri, 3, 1, 1, 0, (pdf_color){1, 0.6, 0}), 0);
    CHECK_INT(pdf_polygon(doc, tri, 1, 1, 1, 0, (pdf_color){1, 0.6, 0}), -1);
    CHECK_INT(pdf_pie_slice(doc, 400, 300, 80, 0, 120, (pdf_color){0.9, 0.1, 0.1}), 0);
    CHECK_INT(pdf_pie_slice(doc, 400, 300, 80, 120, 300, (pdf_color){0.1, 0.6, 0.1}), 0);
    CHECK_INT(pdf_pie_slice(doc, 400, 300, 80, 300, 360, (pdf_color){0.1, 0.1, 0.9}), 0);
    CHECK_INT(pdf_pie_slice(doc, 150, 300, 40, 0, 360, (pdf_color){0.5, 0.5, 0.5}), 0);
    CHECK_INT(pdf_image(doc, png, 72, 420, 128, 64), 0);
    CHECK_INT(pdf_image(doc, png, 250, 420, 64, 32), 0);   /* same file: one XObject */
    /* A JPEG fixture (pdftoppm -jpeg of this page, 100 x 141 px). */
    if (access("tests/data/pdf/shapes.jpg", R_OK) == 0) {
        CHECK_INT(pdf_image_size(doc, "tests/data/pdf/shapes.jpg", &w, &h), 0);
        CHECK_INT(w, 100);
        CHECK_INT(h, 141);
        CHECK_INT(pdf_image(doc, "tests/data/pdf/shapes.jpg", 350, 400, 100, 141), 0);
        jpeg = 1;
    }
    CHECK_INT(pdf_outline_add(doc, -1, "Charts", 0, 700), 0);
    CHECK_INT(pdf_doc_save(doc, out), 0);
    data = read_file(out, &len);
    CHECK(data != NULL);
    CHECK(len < 20000);
    /* one image object for the two draws of the PNG (the file is binary:
     * memmem, not strstr) */
    {
        size_t n = 0;
        const char *p = data, *end = data + len;
        while ((p = memmem(p, (size_t)(end - p), "/Subtype /Image", 15)) != NULL) { n++; p++; }
        CHECK_INT(n, 1 + jpeg);
    }
    free(data);
    if (getenv("BRIEF_PDF_OUT")) {
        char keep[512];
        snprintf(keep, sizeof keep, "%s/graphics.pdf", getenv("BRIEF_PDF_OUT"));
        CHECK(pdf_doc_save(doc, keep) == 0);
    }
    /* A second page drawing both images again: on one thread as on two,
     * the same bytes (the resources are named before the pages' content
     * is written, which a helper thread may do). */
    CHECK_INT(pdf_page_add(doc, PAGE_W, PAGE_H), 1);
    if (jpeg) CHECK_INT(pdf_image(doc, "tests/data/pdf/shapes.jpg", 72, 600, 100, 141), 0);
    CHECK_INT(pdf_image(doc, png, 72, 420, 128, 64), 0);
    CHECK_INT(pdf_line(doc, 72, 400, 523, 400, 1, (pdf_color){0, 0, 0}), 0);
    CHECK_INT(pdf_doc_save(doc, out), 0);
    data = read_file(out, &len);
    pdf_doc_set_helper_thread(doc, 0);
    CHECK_INT(pdf_doc_save(doc, out), 0);
    {
        size_t len1 = 0;
        char *one = read_file(out, &len1);
        CHECK(data && one && len1 == len && memcmp(data, one, len) == 0);
        free(one);
    }
    free(data);
    pdf_doc_destroy(doc);
    fonts_destroy(f);
    unlink(png);
    unlink(bad);
    unlink(out);
}

/* A file of the form libharu writes, built by hand: catalogue, pages, a
 * page, its content stream with an indirect length, a classic table. */
static size_t classic_pdf(char *out, size_t cap)
{
    static const char *const objs[] = {
        "<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
        "<<\n/Type /Pages\n/Kids [ 3 0 R ]\n/Count 1\n>>",
        "<<\n/Type /Page\n/MediaBox [ 0 0 100 100 ]\n/Contents 4 0 R\n/Parent 2 0 R\n>>",
        "<<\n/Length 5 0 R\n>>\nstream\n0 0 m 100 100 l S\nendstream",
        "17",
        "<<\n/Producer (brief \\(test\\) endobj)\n>>",
    };
    size_t off[7], n, i;
    n = (size_t)snprintf(out, cap, "%%PDF-1.3\n%%\xb7\xbe\xad\xaa\n");
    for (i = 0; i < 6; i++) {
        off[i] = n;
        n += (size_t)snprintf(out + n, cap - n, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    off[6] = n;
    n += (size_t)snprintf(out + n, cap - n, "xref\n0 7\n0000000000 65535 f\r\n");
    for (i = 0; i < 6; i++) n += (size_t)snprintf(out + n, cap - n, "%010zu 00000 n\r\n", off[i]);
    n += (size_t)snprintf(out + n, cap - n, "trailer\n<<\n/Root 1 0 R\n/Info 6 0 R\n/Size 7\n>>\nstartxref\n%zu\n%%%%EOF\n",
                          off[6]);
    return n;
}

/* pdf_pack: what it writes is read back whole by qpdf and drawn by
 * poppler as the classic file is; what is not libharu's form (cut short,
 * edited byte by byte, encrypted, updated) is left alone, never read
 * beyond its end (the ASan build checks). */
TEST(packing_reads_only_libharus_form)
{
    char in[4096], mutated[4096], path[512], cmd[1200];
    size_t len = classic_pdf(in, sizeof in), cut, i, k;
    static const char bytes[] = {'0', '9', ' ', '\n', '/', '>', (char)0xFF, '\0'};
    sbuf out = SBUF_INIT;
    pdf_flate *z = pdf_flate_create(1);
    FILE *fp;
    CHECK(z != NULL);
    if (!z) return;
    CHECK_INT(pdf_pack((const unsigned char *)in, len, z, &out), 0);
    CHECK(out.len > 0 && memcmp(out.data, "%PDF-1.5\n", 9) == 0);
    CHECK(memmem(out.data, out.len, "0 0 m 100 100 l S", 17) != NULL);   /* the stream as it was */
    tmp_file(path, sizeof path, "packed.pdf");
    fp = fopen(path, "wb");
    CHECK(fp && fwrite(out.data, 1, out.len, fp) == out.len);
    if (fp) fclose(fp);
    if (system("command -v qpdf >/dev/null 2>&1") == 0) {
        snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
        CHECK_INT(system(cmd), 0);
        snprintf(cmd, sizeof cmd, "qpdf --show-object=6 '%s' | grep -q 'brief \\\\(test\\\\) endobj'", path);
        CHECK_INT(system(cmd), 0);
    }
    /* cut short anywhere, and every byte changed to a few others */
    for (cut = 0; cut < len; cut++) {
        sbuf_clear(&out);
        CHECK(pdf_pack((const unsigned char *)in, cut, z, &out) != -1);
    }
    for (i = 0; i < len; i++)
        for (k = 0; k < sizeof bytes; k++) {
            memcpy(mutated, in, len);
            mutated[i] = bytes[k];
            sbuf_clear(&out);
            CHECK(pdf_pack((const unsigned char *)mutated, len, z, &out) != -1);
        }
    /* encrypted or updated: left alone, out untouched */
    memcpy(mutated, in, len);
    memcpy(strstr(mutated, "/Size 7"), "/Prev 7", 7);
    sbuf_clear(&out);
    CHECK_INT(pdf_pack((const unsigned char *)mutated, len, z, &out), 1);
    CHECK_INT(out.len, 0);
    memcpy(mutated, in, len);
    memcpy(strstr(mutated, "/Info 6 0 R"), "/Encrypt 6", 10);
    CHECK_INT(pdf_pack((const unsigned char *)mutated, len, z, &out), 1);
    sbuf_free(&out);
    pdf_flate_destroy(z);
    unlink(path);
}

/* A document of one page with 中 on it (NULL on failure). */
static pdf_doc *one_glyph_doc(fonts *f)
{
    char err[256];
    pdf_glyph g = {0, 0x4E2D, 0, 0, 0};
    int face = fonts_pick(f, 0, 0x4E2D, &g.glyph);
    pdf_doc *doc = pdf_doc_create(f, err, sizeof err);
    if (doc && (pdf_page_add(doc, PAGE_W, PAGE_H) != 0 ||
                pdf_glyphs(doc, face, 12, (pdf_color){0, 0, 0}, 72, 700, &g, 1) != 0)) {
        pdf_doc_destroy(doc);
        doc = NULL;
    }
    return doc;
}

TEST(failed_save_leaves_old_file)
{
    char out[512], *data;
    size_t len;
    fonts *f;
    pdf_doc *doc;
    int rc;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    f = load_fonts();
    CHECK(f != NULL);
    tmp_file(out, sizeof out, "keep.pdf");
    FILE *fp = fopen(out, "wb");
    CHECK(fp != NULL);
    fputs("old contents", fp);
    fclose(fp);
    doc = one_glyph_doc(f);
    CHECK(doc != NULL);
    /* A directory that does not exist: the error names the path. */
    CHECK_INT(pdf_doc_save(doc, "/nonexistent/dir/out.pdf"), -1);
    CHECK(strstr(pdf_doc_errmsg(doc), "/nonexistent/dir/out.pdf") != NULL);
    /* An image is read when it is drawn: one that vanishes before the save
     * is embedded all the same, from the bytes checked then. */
    char png[512];
    tmp_file(png, sizeof png, "vanishing.png");
    CHECK(png_write(png, 8, 8) == 0);
    CHECK_INT(pdf_image(doc, png, 72, 72, 8, 8), 0);
    unlink(png);
    /* A save that fails half-way (the file size limit, as a full disk or
     * brief's output budget would): the old file stays as it was, and no
     * temporary is left. */
    struct rlimit before, small = {300, 0};
    getrlimit(RLIMIT_FSIZE, &before);
    small.rlim_max = before.rlim_max;
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &small);
    rc = pdf_doc_save(doc, out);
    setrlimit(RLIMIT_FSIZE, &before);
    CHECK_INT(rc, -1);
    printf("# %s\n", pdf_doc_errmsg(doc));
    CHECK(strstr(pdf_doc_errmsg(doc), "File too large") != NULL);
    data = read_file(out, &len);
    CHECK(data != NULL);
    CHECK_STR(data, "old contents");
    free(data);
    pdf_doc_destroy(doc);
    fonts_destroy(f);
    unlink(out);
    CHECK(rmdir(tmp_dir()) == 0);   /* nothing else left behind */
    tmpdir_path[0] = '\0';
}

/* pdf_doc_save_fd writes into a file the caller opened: the same bytes as
 * pdf_doc_save's, no temporary beside it, the file left to the caller; a
 * write that fails (the file size limit) says so and names the file. */
TEST(save_into_an_open_file)
{
    char a[512], b[512], *da, *db;
    size_t la = 0, lb = 0;
    fonts *f;
    pdf_doc *doc;
    int fd;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    f = load_fonts();
    CHECK(f != NULL);
    doc = one_glyph_doc(f);
    CHECK(doc != NULL);
    if (!doc) { fonts_destroy(f); return; }
    tmp_file(a, sizeof a, "by-path.pdf");
    tmp_file(b, sizeof b, "by-fd.pdf");
    CHECK_INT(pdf_doc_save(doc, a), 0);
    fd = open(b, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_INT(pdf_doc_save_fd(doc, fd, b), 0);
    CHECK_INT(close(fd), 0);
    da = read_file(a, &la);
    db = read_file(b, &lb);
    CHECK(da && db && la == lb && memcmp(da, db, la) == 0);
    free(da);
    free(db);
    CHECK_INT(pdf_doc_save_fd(doc, -1, b), -1);
    CHECK(strstr(pdf_doc_errmsg(doc), b) != NULL);
    {
        struct rlimit before, small = {300, 0};
        int rc;
        getrlimit(RLIMIT_FSIZE, &before);
        small.rlim_max = before.rlim_max;
        signal(SIGXFSZ, SIG_IGN);
        fd = open(b, O_WRONLY | O_TRUNC);
        CHECK(fd >= 0);
        setrlimit(RLIMIT_FSIZE, &small);
        rc = pdf_doc_save_fd(doc, fd, b);
        setrlimit(RLIMIT_FSIZE, &before);
        close(fd);
        CHECK_INT(rc, -1);
        CHECK(strstr(pdf_doc_errmsg(doc), "File too large") != NULL);
        CHECK(strstr(pdf_doc_errmsg(doc), b) != NULL);
    }
    unlink(a);
    unlink(b);
    pdf_doc_destroy(doc);
    fonts_destroy(f);
}

/* Saves one line, 。 then ” at half an em, with 。 marked half or not;
 * returns the file's bytes (free them) and their length. */
static char *save_pair(fonts *f, int half, size_t *len)
{
    char out[512], err[256], *data = NULL;
    pdf_glyph g[2] = {{0, 0x3002, 0, 0, 0}, {0, 0x201D, 6, 0, 0}};
    pdf_doc *doc = pdf_doc_create(f, err, sizeof err);
    int face = fonts_pick(f, 0, 0x3002, &g[0].glyph);
    g[0].half = half;
    if (!doc || fonts_pick(f, 0, 0x201D, &g[1].glyph) != face || pdf_page_add(doc, PAGE_W, PAGE_H) != 0 ||
        pdf_glyphs(doc, face, 12, (pdf_color){0, 0, 0}, 72, 700, g, 2) != 0)
        goto done;
    tmp_file(out, sizeof out, half ? "half.pdf" : "full.pdf");
    if (pdf_doc_save(doc, out) == 0) data = with_object_streams(read_file(out, len), len);
    unlink(out);
done:
    pdf_doc_destroy(doc);
    return data;
}

/* A mark the layout set at half width gets a CID of its own, the same glyph
 * at half the width in /W, so that readers see where it ends. TrueType:
 * through the CIDToGIDMap stream (every TrueType font has one: its CIDs
 * are character codes, pdf_font.h). CFF: the program itself carries a copy
 * of the glyph (fonts/cff.h), and a CIDFontType0 has no CIDToGIDMap at
 * all. */
TEST(half_width_marks_get_a_half_width_cid)
{
    size_t len_half = 0, len_full = 0, len_cff = 0;
    char *half, *full, *cff, *w;
    fonts *f;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    f = load_truetype_fonts();
    CHECK(f != NULL);
    int full_identity, half_identity, half_map, half_width, cff_width, cff_map, cff_program;
    half = save_pair(f, 1, &len_half);
    full = save_pair(f, 0, &len_full);
    fonts_destroy(f);
    f = load_fonts();
    CHECK(f != NULL);
    cff = save_pair(f, 1, &len_cff);
    fonts_destroy(f);
    full_identity = full && memmem(full, len_full, "/CIDToGIDMap /Identity", 22) != NULL;
    half_identity = half && memmem(half, len_half, "/CIDToGIDMap /Identity", 22) != NULL;
    half_map = half && memmem(half, len_half, "/CIDToGIDMap ", 13) != NULL;
    /* 。 is 1000 wide in UMing and Noto Serif CJK SC: its copy is 500. The
     * codes (and CIDs) go by how often each glyph is drawn: the copy, drawn
     * once like ”, gets the code after .notdef's and ”'s (libharu writes
     * "/W [ 2 [ 500 ] ]": ” is 1000 wide too). */
    w = half ? memmem(half, len_half, "\n/W [", 5) : NULL;   /* the font's, not the cross-reference stream's */
    half_width = w && memmem(w, 60, " 2 [ 500 ]", 10) != NULL;
    if (!half_width && w) printf("# %.60s\n", w);
    w = cff ? memmem(cff, len_cff, "\n/W [", 5) : NULL;
    cff_width = w && memmem(w, 60, " 2 [ 500 ] ]", 12) != NULL;
    if (!cff_width && w) printf("# %.60s\n", w);
    cff_map = cff && memmem(cff, len_cff, "/CIDToGIDMap", 12) != NULL;
    cff_program = cff && memmem(cff, len_cff, "/Subtype /CIDFontType0C", 23) != NULL &&
                  memmem(cff, len_cff, "/Subtype /CIDFontType0\n", 23) != NULL &&
                  memmem(cff, len_cff, "/FontFile3 ", 11) != NULL;
    free(half);
    free(full);
    free(cff);
    CHECK(!full_identity);
    CHECK(!half_identity);
    CHECK(half_map);
    CHECK(half_width);
    CHECK(cff_program);
    CHECK(!cff_map);
    CHECK(cff_width);
}

/* Character codes (pdf_font_set_codes): the most drawn glyphs get one
 * byte, never a byte a literal string escapes; every code distinct; with
 * more glyphs than 188 one-byte and 64 x 256 two-byte codes hold, the
 * two-byte range grows down; .notdef keeps code (and CID) 0. */
TEST(codes_one_byte_for_the_most_drawn)
{
    static const unsigned sizes[] = {3, 200, 20000};
    char err[256];
    fonts *f;
    size_t k;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    f = load_fonts();
    CHECK(f != NULL);
    for (k = 0; f && k < sizeof sizes / sizeof sizes[0]; k++) {
        hb_set_t *used = hb_set_create();
        hb_map_t *chars = hb_map_create();
        pdf_font *pf;
        uint32_t *uses;
        unsigned char *seen = calloc(0x10000, 1), c[2];
        unsigned n, cid, two = 0, lead = 0x100, last_one = 0, dup = 0, escaped = 0;
        hb_set_add_range(used, 1, sizes[k]);
        pf = pdf_font_plan(f, 0, used, NULL, chars, err, sizeof err);
        CHECK(pf != NULL);
        if (!pf) { printf("# %s\n", err); hb_set_destroy(used); hb_map_destroy(chars); free(seen); continue; }
        n = pdf_font_cid_count(pf);
        CHECK(n >= sizes[k]);
        uses = calloc(n, sizeof *uses);
        for (cid = 0; cid < n; cid++) uses[cid] = cid % 7 == 3 ? 1000 + cid : cid % 5;   /* some drawn often */
        CHECK_INT(pdf_font_set_codes(pf, uses), 0);
        CHECK_INT(pdf_font_code(pf, 0, c), 1);                  /* .notdef */
        CHECK_INT(c[0], 0);
        for (cid = 0; cid < n; cid++) {
            unsigned len = pdf_font_code(pf, cid, c), code = len == 2 ? (unsigned)c[0] << 8 | c[1] : c[0];
            if (seen[code]++) dup++;
            if (len == 1) {
                if (c[0] == '(' || c[0] == ')' || c[0] == '\\' || c[0] == '\r') escaped++;
                if (c[0] > last_one) last_one = c[0];
            } else {
                two++;
                if (c[0] < lead) lead = c[0];
                if (cid % 7 == 3) CHECK(sizes[k] > 16000);   /* the often drawn have one byte while they fit */
            }
        }
        CHECK_INT(dup, 0);
        CHECK_INT(escaped, 0);
        if (two) CHECK(last_one < lead);
        if (sizes[k] == 3) CHECK_INT(two, 0);
        if (sizes[k] == 200) CHECK_INT(lead, 0xC0);
        if (sizes[k] == 20000) CHECK(lead < 0xC0);
        free(uses);
        free(seen);
        pdf_font_destroy(pf);
        hb_set_destroy(used);
        hb_map_destroy(chars);
    }
    fonts_destroy(f);
}

/* The WenQuanYi pages of the seed document exercise what libharu 2.3.0
 * gets wrong: the glyphs of the seed's characters are composites whose
 * components have glyph ids above 32767. */
TEST(wqy_seed_glyphs_use_components_above_32767)
{
    const char *seed = seed_path();
    char *text;
    size_t len, i = 0;
    fonts *f;
    hb_subset_input_t *input;
    hb_subset_plan_t *plan;
    const hb_map_t *new_to_old;
    unsigned n, high = 0, k;
    int face = -1;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    if (!seed) { harness_skip("seed bulletin not present"); return; }
    text = read_file(seed, &len);
    CHECK(text != NULL);
    input = hb_subset_input_create_or_fail();
    f = load_truetype_fonts();
    CHECK(f != NULL);
    while (i < len) {
        uint32_t cp, g;
        i += utf8_decode(text + i, len - i, &cp);
        int fc = fonts_pick(f, fonts_role(f, "sans"), cp, &g);
        if (fc >= 0 && strstr(fonts_face_path(f, fc, NULL), "wqy")) {
            face = fc;
            hb_set_add(hb_subset_input_glyph_set(input), g);
        }
    }
    CHECK(face >= 0);
    plan = hb_subset_plan_create_or_fail(fonts_face_hb(f, face), input);
    CHECK(plan != NULL);
    new_to_old = hb_subset_plan_new_to_old_glyph_mapping(plan);
    n = hb_map_get_population(new_to_old);
    for (k = 0; k < n; k++)
        if (hb_map_get(new_to_old, k) > 32767) high++;
    printf("# wqy-microhei: %u glyphs for the seed, %u of them above gid 32767\n", n, high);
    CHECK(high > 100);
    CHECK(n < 32768);   /* renumbered, every id fits a signed 16-bit reader */
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(input);
    fonts_destroy(f);
    free(text);
}

/* Writes dir/NAME.pdf and dir/NAME.boxes: the seed document in fonts f. */
static int write_seed(const char *dir, const char *name, fonts *f, const char *text, size_t len)
{
    char path[512], boxes_path[512];
    FILE *boxes;
    pdf_doc *doc;
    int missing = 0, rc;
    snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
    snprintf(boxes_path, sizeof boxes_path, "%s/%s.boxes", dir, name);
    boxes = fopen(boxes_path, "w");
    if (!boxes) return -1;
    doc = seed_doc(f, text, len, boxes, &missing);
    fclose(boxes);
    rc = doc && missing == 0 && pdf_doc_save(doc, path) == 0 ? 0 : -1;
    if (doc && rc != 0) printf("# %s: %d missing; %s\n", name, missing, pdf_doc_errmsg(doc));
    pdf_doc_destroy(doc);
    return rc;
}

/* For tests/e2e/pdf.sh: the seed document and its character boxes, in the
 * default (CFF) fonts and in the TrueType ones. */
TEST(writes_seed_for_e2e)
{
    const char *dir = getenv("BRIEF_PDF_OUT"), *seed = seed_path();
    char *text;
    size_t seed_len;
    fonts *f;
    if (!dir) return;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    if (!seed) { harness_skip("seed bulletin not present"); return; }
    text = read_file(seed, &seed_len);
    CHECK(text != NULL);
    f = load_fonts();
    CHECK(f != NULL);
    CHECK(write_seed(dir, "seed", f, text, seed_len) == 0);
    fonts_destroy(f);
    f = load_truetype_fonts();
    CHECK(f != NULL);
    CHECK(write_seed(dir, "seed-truetype", f, text, seed_len) == 0);
    fonts_destroy(f);
    free(text);
}

int main(void)
{
    RUN(seed_document_saves_deterministically);
    RUN(graphics_images_and_errors);
    RUN(packing_reads_only_libharus_form);
    RUN(failed_save_leaves_old_file);
    RUN(save_into_an_open_file);
    RUN(half_width_marks_get_a_half_width_cid);
    RUN(codes_one_byte_for_the_most_drawn);
    RUN(wqy_seed_glyphs_use_components_above_32767);
    if (getenv("BRIEF_PDF_OUT")) RUN(writes_seed_for_e2e);
    return harness_done();
}
