/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cff.c — the CFF reader and rebuilder (fonts/cff.h) on the Debian
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

/* The rebuilt table reads back CID-keyed, named as asked, with every
 * glyph's charstring as it was and the copies after them. */
static void check_rebuild(const unsigned char *t, size_t len, int *ok)
{
    char err[256];
    cff_font *c = cff_open(t, len, err, sizeof err), *r = NULL;
    sbuf out = SBUF_INIT;
    uint32_t copies[3];
    unsigned n, g;
    *ok = 0;
    if (!c) { printf("# open: %s\n", err); return; }
    n = cff_glyph_count(c);
    copies[0] = n - 1;
    copies[1] = 1;
    copies[2] = n - 1;
    sbuf_puts(&out, "kept");   /* appends after what is there */
    if (cff_rebuild(c, "ABCDEF+Test-Regular", copies, 3, NULL, &out, err, sizeof err) != 0) {
        printf("# rebuild: %s\n", err);
        goto done;
    }
    if (memcmp(out.data, "kept", 4) != 0) goto done;
    r = cff_open((const unsigned char *)out.data + 4, out.len - 4, err, sizeof err);
    if (!r) { printf("# reopen: %s\n", err); goto done; }
    if (!cff_is_cid_keyed(r) || cff_glyph_count(r) != n + 3) goto done;
    if (!memmem(out.data, 64, "ABCDEF+Test-Regular", 19)) goto done;
    for (g = 0; g < n + 3; g++) {
        size_t la, lb;
        unsigned src = g < n ? g : copies[g - n];
        const unsigned char *a = cff_charstring(c, src, &la), *b = cff_charstring(r, g, &lb);
        if (!a || !b || la != lb || memcmp(a, b, la) != 0) { printf("# glyph %u differs\n", g); goto done; }
        if (cff_glyph_draws(c, src) != cff_glyph_draws(r, g)) { printf("# glyph %u draws differently\n", g); goto done; }
    }
    *ok = 1;
done:
    cff_close(r);
    cff_close(c);
    sbuf_free(&out);
}

TEST(rebuilds_cid_keyed_subset_and_name_keyed_font)
{
    size_t len = 0;
    unsigned char *t;
    int ok;
    if (!have_fonts()) { harness_skip("fonts-noto-cjk or fonts-texgyre not installed"); return; }
    t = noto_subset(&len);
    CHECK(t != NULL);
    check_rebuild(t, len, &ok);
    free(t);
    CHECK(ok);
    t = cff_table(TERMES, 0, NULL, NULL, &len);
    CHECK(t != NULL);
    check_rebuild(t, len, &ok);
    free(t);
    CHECK(ok);
}

/* CIDs given by the caller (pdf_font.c's codes): the charset becomes
 * format 0 listing them after .notdef, the charstrings stay in glyph
 * order; .notdef must be CID 0, and a refusal leaves the buffer as it was. */
TEST(rebuild_with_cids_writes_them_in_the_charset)
{
    size_t len = 0, k, plain_len;
    unsigned char *t, *want;
    char err[256];
    cff_font *c, *r;
    sbuf plain = SBUF_INIT, out = SBUF_INIT;
    uint16_t *cids;
    unsigned n, g;
    if (!have_fonts()) { harness_skip("fonts-noto-cjk or fonts-texgyre not installed"); return; }
    t = noto_subset(&len);
    CHECK(t != NULL);
    c = t ? cff_open(t, len, err, sizeof err) : NULL;
    CHECK(c != NULL);
    if (!c) { free(t); return; }
    n = cff_glyph_count(c);
    cids = malloc(n * sizeof *cids);
    want = malloc(2 * (size_t)n);
    for (g = 0; g < n; g++) cids[g] = g == 0 ? 0 : (uint16_t)(0xC000 + 7 * g);
    for (g = 1, k = 0; g < n; g++) {
        want[k++] = (unsigned char)(cids[g] >> 8);
        want[k++] = (unsigned char)(cids[g] & 0xFF);
    }
    CHECK_INT(cff_rebuild(c, NULL, NULL, 0, NULL, &plain, err, sizeof err), 0);
    CHECK_INT(cff_rebuild(c, NULL, NULL, 0, cids, &out, err, sizeof err), 0);
    plain_len = plain.len;
    /* format 0 (1 + 2 bytes a glyph) for format 2's one range (5 bytes) */
    CHECK_INT(out.len, plain_len - 5 + 1 + 2 * (n - 1));
    CHECK(memmem(out.data, out.len, want, 2 * (size_t)(n - 1)) != NULL);
    r = cff_open((const unsigned char *)out.data, out.len, err, sizeof err);
    CHECK(r != NULL);
    for (g = 0; r && g < n; g++) {
        size_t la, lb;
        const unsigned char *a = cff_charstring(c, g, &la), *b = cff_charstring(r, g, &lb);
        CHECK(a && b && la == lb && memcmp(a, b, la) == 0);
    }
    cff_close(r);
    cids[0] = 5;   /* .notdef not CID 0 */
    sbuf_free(&out);
    out = (sbuf)SBUF_INIT;
    CHECK_INT(cff_rebuild(c, NULL, NULL, 0, cids, &out, err, sizeof err), -1);
    CHECK_INT(out.len, 0);
    CHECK(strstr(err, ".notdef") != NULL);
    sbuf_free(&plain);
    sbuf_free(&out);
    free(cids);
    free(want);
    cff_close(c);
    free(t);
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
                if (cff_rebuild(c, NULL, &copy, 1, NULL, &out, err, sizeof err) != 0) CHECK(out.len == 0);
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
    RUN(rebuilds_cid_keyed_subset_and_name_keyed_font);
    RUN(rebuild_with_cids_writes_them_in_the_charset);
    RUN(malformed_tables_fail_cleanly);
    RUN(refuses_cff2_and_nonsense);
    return harness_done();
}
