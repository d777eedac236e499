/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cff.c — the CFF reader and subsetter (fonts/cff.h) on the Debian
 * fonts the build installs: Noto Serif CJK (CID-keyed, several FDs, local
 * and global subroutines) and TeX Gyre Termes (name-keyed); malformed
 * tables (every truncation, random byte changes) must fail cleanly, never
 * read out of bounds (the ASan build of this driver checks). */
#include "harness.h"
#include "fonts/cff.h"

#include <hb.h>
#include <hb-subset.h>
#include <stdlib.h>
#include <unistd.h>

#define NOTO_SERIF "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
#define TERMES "/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf"

/* A copy of face's CFF table (free it), its length in *len; NULL if none. */
static unsigned char *table_copy(hb_face_t *face, size_t *len)
{
    hb_blob_t *table = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    unsigned n;
    const char *data = hb_blob_get_data(table, &n);
    unsigned char *copy = NULL;
    if (n && (copy = malloc(n)) != NULL) {
        memcpy(copy, data, n);
        *len = n;
    }
    hb_blob_destroy(table);
    return copy;
}

/* The CFF table of a font file's face, copied (free it), and the glyph of
 * each code point in cps (0-terminated) into glyphs. */
static unsigned char *cff_table(const char *path, unsigned index, const uint32_t *cps, uint32_t *glyphs,
                                size_t *len)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    hb_face_t *face;
    hb_font_t *font;
    unsigned n;
    unsigned char *copy;
    if (!blob) return NULL;
    face = hb_face_create(blob, index);
    font = hb_font_create(face);
    for (n = 0; cps && cps[n]; n++) {
        hb_codepoint_t g = 0;
        hb_font_get_nominal_glyph(font, cps[n], &g);
        glyphs[n] = g;
    }
    copy = table_copy(face, len);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return copy;
}

/* A subset of Noto Serif CJK SC made by hb-subset, as the pdf module makes
 * them: its CFF table (free it). */
static unsigned char *noto_subset(size_t *len)
{
    static const uint32_t cps[] = {0x4E2D, 0x6587, 0x3002, 0x201D, 0x20BB7, 'A', ' ', 0};
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(NOTO_SERIF);
    hb_face_t *face, *sub;
    hb_font_t *font;
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    unsigned char *copy = NULL;
    unsigned i;
    if (!blob || !input) return NULL;
    face = hb_face_create(blob, 2);
    font = hb_font_create(face);
    for (i = 0; cps[i]; i++) {
        hb_codepoint_t g;
        if (hb_font_get_nominal_glyph(font, cps[i], &g)) hb_set_add(hb_subset_input_glyph_set(input), g);
    }
    hb_set_add(hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG), HB_TAG('G', 'S', 'U', 'B'));
    sub = hb_subset_or_fail(face, input);
    if (sub) {
        copy = table_copy(sub, len);
        hb_face_destroy(sub);
    }
    hb_subset_input_destroy(input);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return copy;
}

static int have_fonts(void)
{
    return access(NOTO_SERIF, R_OK) == 0 && access(TERMES, R_OK) == 0;
}

TEST(reads_cid_keyed_noto)
{
    uint32_t cps[] = {0x4E2D, ' ', 0x3000, 0x20BB7, 0}, g[4];
    size_t len = 0;
    unsigned char *t;
    char err[256];
    cff_font *c;
    if (!have_fonts()) { harness_skip("fonts-noto-cjk or fonts-texgyre not installed"); return; }
    t = cff_table(NOTO_SERIF, 2, cps, g, &len);
    CHECK(t != NULL);
    c = cff_open(t, len, err, sizeof err);
    if (!c) printf("# %s\n", err);
    CHECK(c != NULL);
    CHECK_INT(cff_glyph_count(c), 65535);
    CHECK(cff_is_cid_keyed(c));
    CHECK_INT(cff_glyph_draws(c, g[0]), 1);      /* 中 */
    CHECK_INT(cff_glyph_draws(c, g[1]), 0);      /* space */
    CHECK_INT(cff_glyph_draws(c, g[2]), 0);      /* ideographic space */
    CHECK_INT(cff_glyph_draws(c, g[3]), 1);      /* 𠮷 */
    CHECK_INT(cff_glyph_draws(c, 65535), -1);
    cff_close(c);
    free(t);
}

TEST(reads_name_keyed_termes)
{
    uint32_t cps[] = {'A', ' ', 0xEB10, 0x1CE, 0}, g[4];
    size_t len = 0;
    unsigned char *t;
    char err[256];
    cff_font *c;
    if (!have_fonts()) { harness_skip("fonts-noto-cjk or fonts-texgyre not installed"); return; }
    t = cff_table(TERMES, 0, cps, g, &len);
    CHECK(t != NULL);
    c = cff_open(t, len, err, sizeof err);
    CHECK(c != NULL);
    CHECK(!cff_is_cid_keyed(c));
    CHECK_INT(cff_glyph_draws(c, g[0]), 1);
    CHECK_INT(cff_glyph_draws(c, g[1]), 0);
    CHECK_INT(cff_glyph_draws(c, g[2]), 0);      /* a private-use glyph with no outline */
    CHECK_INT(cff_glyph_draws(c, g[3]), 1);      /* ǎ */
    cff_close(c);
    free(t);
}

/* A glyph's outline as HarfBuzz draws it, as text: M, L, Q, C and Z with
 * their points. */
static void pen_move(hb_draw_funcs_t *d, void *b, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)d, (void)st, (void)u;
    sbuf_printf(b, "M%g,%g ", x, y);
}
static void pen_line(hb_draw_funcs_t *d, void *b, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)d, (void)st, (void)u;
    sbuf_printf(b, "L%g,%g ", x, y);
}
static void pen_quad(hb_draw_funcs_t *d, void *b, hb_draw_state_t *st, float cx, float cy, float x, float y,
                     void *u)
{
    (void)d, (void)st, (void)u;
    sbuf_printf(b, "Q%g,%g,%g,%g ", cx, cy, x, y);
}
static void pen_cubic(hb_draw_funcs_t *d, void *b, hb_draw_state_t *st, float c1x, float c1y, float c2x,
                      float c2y, float x, float y, void *u)
{
    (void)d, (void)st, (void)u;
    sbuf_printf(b, "C%g,%g,%g,%g,%g,%g ", c1x, c1y, c2x, c2y, x, y);
}
static void pen_close(hb_draw_funcs_t *d, void *b, hb_draw_state_t *st, void *u)
{
    (void)d, (void)st, (void)u;
    sbuf_puts(b, "Z ");
}

static void outline(hb_font_t *font, unsigned glyph, sbuf *out)
{
    static hb_draw_funcs_t *pen;
    if (!pen) {
        pen = hb_draw_funcs_create();
        hb_draw_funcs_set_move_to_func(pen, pen_move, NULL, NULL);
        hb_draw_funcs_set_line_to_func(pen, pen_line, NULL, NULL);
        hb_draw_funcs_set_quadratic_to_func(pen, pen_quad, NULL, NULL);
        hb_draw_funcs_set_cubic_to_func(pen, pen_cubic, NULL, NULL);
        hb_draw_funcs_set_close_path_func(pen, pen_close, NULL, NULL);
        hb_draw_funcs_make_immutable(pen);
    }
    sbuf_clear(out);
    hb_font_get_glyph_shape(font, glyph, pen, out);
}

/* A face whose only table is the CFF table data (the subset), as
 * HarfBuzz reads it, with the units and glyph count given. */
static hb_blob_t *only_cff(hb_face_t *face, hb_tag_t tag, void *blob)
{
    (void)face;
    return tag == HB_TAG('C', 'F', 'F', ' ') ? hb_blob_reference(blob) : hb_blob_get_empty();
}

static hb_face_t *cff_face(const char *data, size_t len, unsigned upem, unsigned glyphs)
{
    hb_blob_t *blob = hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create_for_tables(only_cff, blob, (hb_destroy_func_t)hb_blob_destroy);
    hb_face_set_upem(face, upem);
    hb_face_set_glyph_count(face, glyphs);
    return face;
}

/* cff_subset of the font file's face to glyphs[0..n), then copies of
 * glyphs 1 and n-1: the result reads back CID-keyed and named as asked,
 * and each of its glyphs draws, point for point, what the font's glyph
 * drew (HarfBuzz draws both); *bytes is its size. */
static void check_subset(const char *path, unsigned index, const uint32_t *glyphs, size_t n, size_t *bytes,
                         int *ok)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    hb_face_t *face = hb_face_create(blob, index), *sub = NULL;
    hb_font_t *font = hb_font_create(face), *subfont = NULL;
    size_t len = 0, i;
    unsigned char *t = table_copy(face, &len);
    char err[256];
    cff_font *c = t ? cff_open(t, len, err, sizeof err) : NULL, *r = NULL;
    sbuf out = SBUF_INIT, a = SBUF_INIT, b = SBUF_INIT;
    uint32_t copies[2] = {1, (uint32_t)n - 1};
    unsigned drawn = 0;

    *ok = 0;
    if (!c) { printf("# open failed\n"); goto done; }
    sbuf_puts(&out, "kept");   /* appends after what is there */
    if (cff_subset(c, glyphs, n, copies, 2, NULL, "ABCDEF+Test-Regular", &out, err, sizeof err) != 0) {
        printf("# subset: %s\n", err);
        goto done;
    }
    *bytes = out.len - 4;
    if (memcmp(out.data, "kept", 4) != 0) goto done;
    r = cff_open((const unsigned char *)out.data + 4, out.len - 4, err, sizeof err);
    if (!r) { printf("# reopen: %s\n", err); goto done; }
    if (!cff_is_cid_keyed(r) || cff_glyph_count(r) != n + 2) { printf("# not CID-keyed or wrong count\n"); goto done; }
    if (!memmem(out.data, 64, "ABCDEF+Test-Regular", 19)) goto done;
    sub = cff_face(out.data + 4, out.len - 4, hb_face_get_upem(face), (unsigned)n + 2);
    subfont = hb_font_create(sub);
    for (i = 0; i < n + 2; i++) {
        unsigned src = glyphs[i < n ? i : copies[i - n]];
        outline(font, src, &a);
        outline(subfont, (unsigned)i, &b);
        if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)) {
            printf("# glyph %u (subset %zu) draws differently:\n# %.200s\n# %.200s\n", src, i, a.data ? a.data : "",
                   b.data ? b.data : "");
            goto done;
        }
        if (cff_glyph_draws(c, src) != cff_glyph_draws(r, (unsigned)i)) goto done;
        drawn += a.len > 0;
    }
    printf("# %s: %zu glyphs, %u with outlines, %zu bytes\n", path, n, drawn, *bytes);
    *ok = drawn > n / 2;
done:
    hb_font_destroy(subfont);
    hb_face_destroy(sub);
    cff_close(r);
    cff_close(c);
    free(t);
    sbuf_free(&out);
    sbuf_free(&a);
    sbuf_free(&b);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
}

/* Noto Serif CJK SC (CID-keyed: 19 FDs, local and global subroutines,
 * hint masks): every 61st glyph, and the glyphs of a line of text; TeX
 * Gyre Termes (name-keyed, glyph names in its String INDEX): every glyph. */
TEST(subset_draws_what_the_font_drew)
{
    uint32_t *glyphs = malloc(65536 * sizeof *glyphs), text[] = {0x4E2D, 0x6587, 0x3002, 0x201C, 0x20BB7, 'A',
                                                                 '9', 0x3042, 0xAC00, 0xFF0C, 0};
    uint32_t tg[11];
    size_t n = 0, bytes_all = 0, bytes_few = 0;
    unsigned g, i, count;
    int ok;
    if (!have_fonts()) { harness_skip("fonts-noto-cjk or fonts-texgyre not installed"); free(glyphs); return; }
    {
        size_t len;
        free(cff_table(NOTO_SERIF, 2, text, tg, &len));
    }
    glyphs[n++] = 0;
    for (g = 1; g < 65535; g += 61) glyphs[n++] = g;
    check_subset(NOTO_SERIF, 2, glyphs, n, &bytes_all, &ok);
    CHECK(ok);
    /* the text's glyphs, in the order of their ids, as pdf_font.c asks */
    n = 0;
    glyphs[n++] = 0;
    for (g = 1; g < 65535; g++)
        for (i = 0; text[i]; i++)
            if (tg[i] == g) { glyphs[n++] = g; break; }
    check_subset(NOTO_SERIF, 2, glyphs, n, &bytes_few, &ok);
    CHECK(ok);
    CHECK_INT(n, 11);
    CHECK(bytes_few < 12000);   /* the subroutines and FDs of the rest are gone */
    {
        size_t len;
        unsigned char *t = cff_table(TERMES, 0, NULL, NULL, &len);
        char err[256];
        cff_font *c = t ? cff_open(t, len, err, sizeof err) : NULL;
        count = c ? cff_glyph_count(c) : 0;
        cff_close(c);
        free(t);
    }
    for (n = 0; n < count; n++) glyphs[n] = (uint32_t)n;
    check_subset(TERMES, 0, glyphs, n, &bytes_all, &ok);
    CHECK(ok);
    free(glyphs);
}

/* CIDs given by the caller (pdf_font.c's codes): the charset becomes
 * format 0 listing them after .notdef; .notdef must be CID 0, and a
 * refusal leaves the buffer as it was. */
TEST(subset_with_cids_writes_them_in_the_charset)
{
    uint32_t glyphs[40];
    uint16_t cids[40];
    unsigned char want[78];
    size_t len = 0, k, n = 40;
    unsigned char *t;
    char err[256];
    cff_font *c, *r, *p;
    sbuf plain = SBUF_INIT, out = SBUF_INIT;
    unsigned g;
    if (!have_fonts()) { harness_skip("fonts-noto-cjk or fonts-texgyre not installed"); return; }
    t = cff_table(NOTO_SERIF, 2, NULL, NULL, &len);
    c = t ? cff_open(t, len, err, sizeof err) : NULL;
    CHECK(c != NULL);
    if (!c) { free(t); return; }
    for (g = 0; g < n; g++) {
        glyphs[g] = g * 1000;
        cids[g] = g == 0 ? 0 : (uint16_t)(0xC000 + 7 * g);
    }
    for (g = 1, k = 0; g < n; g++) {
        want[k++] = (unsigned char)(cids[g] >> 8);
        want[k++] = (unsigned char)(cids[g] & 0xFF);
    }
    CHECK_INT(cff_subset(c, glyphs, n, NULL, 0, NULL, NULL, &plain, err, sizeof err), 0);
    CHECK_INT(cff_subset(c, glyphs, n, NULL, 0, cids, NULL, &out, err, sizeof err), 0);
    /* format 0 (1 + 2 bytes a glyph) for format 2's one range (5 bytes) */
    CHECK_INT(out.len, plain.len - 5 + 1 + 2 * (n - 1));
    CHECK(memmem(out.data, out.len, want, 2 * (n - 1)) != NULL);
    r = cff_open((const unsigned char *)out.data, out.len, err, sizeof err);
    p = cff_open((const unsigned char *)plain.data, plain.len, err, sizeof err);
    CHECK(r != NULL && p != NULL);
    for (g = 0; r && p && g < n; g++) {   /* the same charstrings */
        size_t la, lb;
        const unsigned char *a = cff_charstring(p, g, &la), *b = cff_charstring(r, g, &lb);
        CHECK(a && b && la == lb && memcmp(a, b, la) == 0);
    }
    cff_close(p);
    cff_close(r);
    cids[0] = 5;   /* .notdef not CID 0 */
    sbuf_clear(&out);
    CHECK_INT(cff_subset(c, glyphs, n, NULL, 0, cids, NULL, &out, err, sizeof err), -1);
    CHECK_INT(out.len, 0);
    CHECK(strstr(err, ".notdef") != NULL);
    glyphs[0] = 7;   /* .notdef not first */
    CHECK_INT(cff_subset(c, glyphs, n, NULL, 0, NULL, NULL, &out, err, sizeof err), -1);
    CHECK_INT(out.len, 0);
    sbuf_free(&plain);
    sbuf_free(&out);
    cff_close(c);
    free(t);
}

/* A five-byte DICT integer at p. */
static void int5(unsigned char *p, long v)
{
    p[0] = 29;
    p[1] = (unsigned char)(v >> 24);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 8);
    p[4] = (unsigned char)v;
}

/* A name-keyed CFF table made by hand into t: .notdef (endchar) and glyph
 * 1 (cs), with one local subroutine subr (NULL: no Subrs); its length. */
static size_t tiny_cff(const unsigned char *cs, size_t cs_len, const unsigned char *subr, size_t subr_len,
                       unsigned char *t)
{
    static const unsigned char head[] = {1, 0, 4, 1, 0, 1, 1, 1, 2, 'T', 0, 1, 1, 1, 18};
    size_t p = sizeof head, priv_at = 43 + cs_len, priv_len = subr ? 6 : 0;
    memcpy(t, head, p);
    int5(t + p, 36);                    /* Top DICT: CharStrings at 36 */
    t[p + 5] = 17;
    int5(t + p + 6, (long)priv_len);    /* Private (size, offset) */
    int5(t + p + 11, (long)priv_at);
    t[p + 16] = 18;
    p += 17;
    memcpy(t + p, "\0\0\0\0", 4);       /* String and Global Subr INDEXes: empty */
    p += 4;
    t[p++] = 0;                         /* CharStrings: two glyphs */
    t[p++] = 2;
    t[p++] = 1;
    t[p++] = 1;
    t[p++] = 2;
    t[p++] = (unsigned char)(2 + cs_len);
    t[p++] = 14;
    memcpy(t + p, cs, cs_len);
    p += cs_len;
    if (subr) {
        int5(t + p, 6);                 /* Subrs right after the Private DICT */
        t[p + 5] = 19;
        p += 6;
        t[p++] = 0;
        t[p++] = 1;
        t[p++] = 1;
        t[p++] = 1;
        t[p++] = (unsigned char)(1 + subr_len);
        memcpy(t + p, subr, subr_len);
        p += subr_len;
    }
    return p;
}

/* The subset of glyph 1 of tiny_cff(cs, subr): its charstring in out
 * (for comparison), or the error. */
static int tiny_subset(const unsigned char *cs, size_t cs_len, const unsigned char *subr, size_t subr_len,
                       sbuf *glyph, char *err, size_t errlen)
{
    unsigned char t[256];
    size_t len = tiny_cff(cs, cs_len, subr, subr_len, t);
    cff_font *c = cff_open(t, len, err, errlen), *r;
    uint32_t glyphs[2] = {0, 1};
    sbuf out = SBUF_INIT;
    int rc = -1;
    if (!c) return -1;
    if (cff_subset(c, glyphs, 2, NULL, 0, NULL, NULL, &out, err, errlen) == 0 &&
        (r = cff_open((const unsigned char *)out.data, out.len, err, errlen)) != NULL) {
        size_t n;
        const unsigned char *s = cff_charstring(r, 1, &n);
        sbuf_clear(glyph);
        sbuf_append(glyph, (const char *)s, n);
        cff_close(r);
        rc = 0;
    }
    sbuf_free(&out);
    cff_close(c);
    return rc;
}

/* The flattening, byte for byte: a width before a stem hint moves to the
 * first moveto, hints and hint masks go, a subroutine's code replaces its
 * call (its operand gone, the operands before it kept), the flexes stay;
 * charstring arithmetic is refused. */
TEST(subset_flattens_charstrings_exactly)
{
    /* 50 (width) 10 20 hstem hintmask 0x80 | 10 20 rmoveto | 5 6 -107 callsubr | endchar;
     * subr 0: 7 8 rlineto return */
    static const unsigned char cs[] = {189, 149, 159, 1, 19, 0x80, 149, 159, 21, 144, 145, 32, 10, 14};
    static const unsigned char subr[] = {146, 147, 5, 11};
    static const unsigned char want[] = {189, 149, 159, 21, 144, 145, 146, 147, 5, 14};
    /* 10 20 rmoveto 1 2 hflex-args... : 1 2 3 4 5 6 7 hflex endchar */
    static const unsigned char flex[] = {149, 159, 21, 140, 141, 142, 143, 144, 145, 146, 12, 34, 14};
    /* 10 20 rmoveto 1 2 add 3 rlineto endchar */
    static const unsigned char arith[] = {149, 159, 21, 140, 141, 12, 10, 142, 5, 14};
    /* a subroutine that ends the glyph: 10 20 rmoveto -107 callsubr; subr: 1 1 rlineto endchar */
    static const unsigned char ends[] = {149, 159, 21, 32, 10};
    static const unsigned char ends_subr[] = {140, 140, 5, 14};
    static const unsigned char ends_want[] = {149, 159, 21, 140, 140, 5, 14};
    sbuf g = SBUF_INIT;
    char err[256];

    CHECK_INT(tiny_subset(cs, sizeof cs, subr, sizeof subr, &g, err, sizeof err), 0);
    CHECK(g.len == sizeof want && memcmp(g.data, want, sizeof want) == 0);
    CHECK_INT(tiny_subset(flex, sizeof flex, NULL, 0, &g, err, sizeof err), 0);
    CHECK(g.len == sizeof flex && memcmp(g.data, flex, sizeof flex) == 0);
    CHECK_INT(tiny_subset(ends, sizeof ends, ends_subr, sizeof ends_subr, &g, err, sizeof err), 0);
    CHECK(g.len == sizeof ends_want && memcmp(g.data, ends_want, sizeof ends_want) == 0);
    CHECK_INT(tiny_subset(arith, sizeof arith, NULL, 0, &g, err, sizeof err), -1);
    CHECK(strstr(err, "arithmetic") != NULL);
    sbuf_free(&g);
}

/* Every prefix of a table, and the table with bytes changed at random:
 * open fails with a message or succeeds, and whatever opens can be scanned
 * and rebuilt without reading outside the table. */
TEST(malformed_tables_fail_cleanly)
{
    size_t len = 0, cut, i;
    unsigned char *t, *buf;
    unsigned seed = 12345, opened = 0, trial;
    if (!have_fonts()) { harness_skip("fonts-noto-cjk or fonts-texgyre not installed"); return; }
    t = noto_subset(&len);
    CHECK(t != NULL);
    buf = malloc(len);
    CHECK(buf != NULL);
    for (trial = 0; trial < 2 * (unsigned)len + 3000; trial++) {
        char err[256] = "";
        cff_font *c;
        size_t n = len;
        if (trial < len) {
            n = cut = trial;   /* a prefix, copied so ASan sees its end */
            memcpy(buf, t, cut);
        } else {
            memcpy(buf, t, len);
            for (i = 0; i < 1 + trial % 4; i++) {
                seed = seed * 1103515245u + 12345u;
                buf[(seed >> 8) % len] = (unsigned char)(seed >> 20);
            }
        }
        {
            unsigned char *exact = malloc(n ? n : 1);
            memcpy(exact, buf, n);
            c = cff_open(exact, n, err, sizeof err);
            if (!c && !err[0]) { free(exact); CHECK(!"no message"); }
            if (c) {
                sbuf out = SBUF_INIT;
                uint32_t copy = 0;
                unsigned g;
                opened++;
                for (g = 0; g < cff_glyph_count(c); g++) cff_glyph_draws(c, g);
                uint32_t all[64];
                for (g = 0; g < cff_glyph_count(c) && g < 64; g++) all[g] = g;
                if (cff_subset(c, all, g, &copy, 1, NULL, NULL, &out, err, sizeof err) != 0) CHECK(out.len == 0);
                sbuf_free(&out);
                cff_close(c);
            }
            free(exact);
        }
    }
    printf("# %zu-byte table: %u of %u damaged copies still open\n", len, opened, 2 * (unsigned)len + 3000);
    CHECK_INT(cff_open(t, 0, (char[64]){0}, 64) == NULL, 1);
    free(buf);
    free(t);
}

TEST(refuses_cff2_and_nonsense)
{
    static const unsigned char cff2[] = {2, 0, 5, 0, 0, 0, 0, 0};
    static const unsigned char junk[] = "not a font at all";
    char err[256];
    CHECK(cff_open(cff2, sizeof cff2, err, sizeof err) == NULL);
    CHECK(strstr(err, "CFF2") != NULL);
    CHECK(cff_open(junk, sizeof junk, err, sizeof err) == NULL);
    CHECK(strstr(err, "CFF") != NULL);
    cff_close(NULL);
}

int main(void)
{
    RUN(reads_cid_keyed_noto);
    RUN(reads_name_keyed_termes);
    RUN(subset_draws_what_the_font_drew);
    RUN(subset_with_cids_writes_them_in_the_charset);
    RUN(subset_flattens_charstrings_exactly);
    RUN(malformed_tables_fail_cleanly);
    RUN(refuses_cff2_and_nonsense);
    return harness_done();
}
