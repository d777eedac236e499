/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fonts.c — font roles, fallback (missing characters, empty
 * outlines, the fallback faces), Latin faces and their scale, optional
 * entries, metrics and shaping, against the Debian fonts the build installs
 * (fonts-noto-cjk, fonts-texgyre, fonts-hanazono, fonts-arphic-uming,
 * fonts-wqy-microhei, fonts-dejavu). */
#include "harness.h"
#include "fonts/fonts.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hb.h>

#define UMING   "/usr/share/fonts/truetype/arphic/uming.ttc"
#define WQY     "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define NOTO_SERIF "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
#define NOTO_SANS  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define TERMES  "/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf"
#define HEROS   "/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyreheros-regular.otf"
#define HANAMIN_B "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"

static int have_fonts(void)
{
    return access(UMING, R_OK) == 0 && access(WQY, R_OK) == 0 && access(NOTO_SERIF, R_OK) == 0 &&
           access(NOTO_SANS, R_OK) == 0 && access(TERMES, R_OK) == 0 && access(HEROS, R_OK) == 0 &&
           access(HANAMIN_B, R_OK) == 0;
}

/* Writes text to a temporary roles file; path into out. */
static int write_conf(const char *text, char *out, size_t outlen)
{
    FILE *fp;
    snprintf(out, outlen, "%s/brief-fonts-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    int fd = mkstemp(out);
    if (fd < 0) return -1;
    fp = fdopen(fd, "w");
    if (!fp) { close(fd); return -1; }
    fputs(text, fp);
    fclose(fp);
    return 0;
}

/* fonts_create of a roles file with the given text; err filled. */
static fonts *fonts_of(const char *text, char *err, size_t errlen, char *conf, size_t conflen)
{
    fonts *f;
    if (write_conf(text, conf, conflen) != 0) return NULL;
    f = fonts_create(conf, err, errlen);
    unlink(conf);
    return f;
}

static const char *face_file(const fonts *f, int face)
{
    unsigned idx;
    const char *p = fonts_face_path(f, face, &idx);
    return p ? p : "";
}

TEST(default_roles_load)
{
    char err[512] = "";
    fonts *f;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_create(NULL, err, sizeof err);
    if (!f) printf("# %s\n", err);
    CHECK(f != NULL);
    CHECK_INT(fonts_role(f, "body"), 0);
    CHECK(fonts_role(f, "heading") > 0);
    CHECK(fonts_role(f, "sans") > 0);
    CHECK(fonts_role(f, "mono") > 0);
    CHECK_INT(fonts_role(f, "nonesuch"), -1);
    CHECK_INT(fonts_role(f, "body.latin"), -1);   /* not a role of its own */
    CHECK_INT(fonts_role(f, "fallback"), -1);
    /* Shared faces are loaded once: Noto Serif/Sans/Sans Mono CJK SC, UMing,
     * WenQuanYi and its Mono face, DejaVu Serif/Sans/Sans Mono, Termes,
     * Heros, HanaMinA/B; the bold variants' Noto Serif/Sans CJK SC Bold,
     * Termes and Heros Bold, the italic ones' Termes and Heros Italic. */
    CHECK_INT(fonts_face_count(f), 19);
    fonts_destroy(f);
}

TEST(body_falls_back_per_character)
{
    char err[512] = "";
    fonts *f = NULL;
    uint32_t g = 0;
    int face;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_create(NULL, err, sizeof err);
    CHECK(f != NULL);
    /* 中: Noto Serif CJK SC (face 2 of the collection), CFF outlines. */
    face = fonts_pick(f, 0, 0x4E2D, &g);
    CHECK_STR(face_file(f, face), NOTO_SERIF);
    CHECK(fonts_face_cff(f, face) != NULL);
    CHECK(g != 0);
    /* ☺ U+263A: in no CJK font, in DejaVu Serif. */
    face = fonts_pick(f, 0, 0x263A, &g);
    CHECK(strstr(face_file(f, face), "DejaVuSerif.ttf") != NULL);
    /* 𠮷 U+20BB7 (Ext. B, in the sample bulletins): Noto has it; 𡉃
     * U+21243 only HanaMinB, the default fallback at the end of the chain. */
    face = fonts_pick(f, 0, 0x20BB7, &g);
    CHECK_STR(face_file(f, face), NOTO_SERIF);
    face = fonts_pick(f, 0, 0x21243, &g);
    CHECK_STR(face_file(f, face), HANAMIN_B);
    CHECK(fonts_face_cff(f, face) == NULL);
    face = fonts_pick(f, fonts_role(f, "mono"), 0x21243, &g);
    CHECK_STR(face_file(f, face), HANAMIN_B);
    CHECK_INT(fonts_pick(f, 0, 0x10FFFD, &g), -1);
    CHECK_INT(fonts_pick(f, 99, 0x4E2D, &g), -1);
    /* heading starts with Noto Sans CJK SC. */
    face = fonts_pick(f, fonts_role(f, "heading"), 0x4E2D, &g);
    CHECK_STR(face_file(f, face), NOTO_SANS);
    fonts_destroy(f);
}

/* Latin letters, digits and their punctuation come from the role's Latin
 * face, scaled so that its capitals stand as tall as the CJK face's own;
 * the middle dot of transcribed names and full-width marks do not. */
TEST(latin_faces_for_letters_and_digits)
{
    char err[512] = "";
    fonts *f = NULL;
    uint32_t g = 0;
    int face, termes, heros;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_create(NULL, err, sizeof err);
    CHECK(f != NULL);
    termes = fonts_pick(f, 0, 'A', &g);
    CHECK_STR(face_file(f, termes), TERMES);
    CHECK_INT(fonts_pick(f, 0, '3', &g), termes);
    CHECK_INT(fonts_pick(f, 0, '%', &g), termes);
    CHECK_INT(fonts_pick(f, 0, ' ', &g), termes);
    CHECK_INT(fonts_pick(f, 0, 0x1CE, &g), termes);      /* ǎ */
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0xB7, &g)), NOTO_SERIF);    /* · */
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0x201C, &g)), NOTO_SERIF);  /* “ */
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0xFF10, &g)), NOTO_SERIF);  /* ０ */
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0x2014, &g)), NOTO_SERIF);  /* — */
    /* Noto Serif CJK's capitals are 0.729 em, Termes's 0.662: 1.10. */
    CHECK_NEAR(fonts_face_scale(f, termes), 1.10, 1e-9);
    CHECK_NEAR(fonts_face_scale(f, fonts_pick(f, 0, 0x4E2D, &g)), 1.0, 1e-9);
    /* Termes's figures are 500 units of 1000: 5.5 pt at 10 pt. */
    fonts_pick(f, 0, '0', &g);
    CHECK_NEAR(fonts_advance_pt(f, termes, g, 10), 5.5, 1e-9);
    heros = fonts_pick(f, fonts_role(f, "heading"), 'A', &g);
    CHECK_STR(face_file(f, heros), HEROS);
    CHECK_NEAR(fonts_face_scale(f, heros), 1.01, 1e-9);  /* 0.733 / 0.729 */
    /* mono has no Latin face: DejaVu Sans Mono, unscaled */
    face = fonts_pick(f, fonts_role(f, "mono"), 'A', &g);
    CHECK(strstr(face_file(f, face), "DejaVuSansMono.ttf") != NULL);
    CHECK_NEAR(fonts_face_scale(f, face), 1.0, 1e-9);
    fonts_destroy(f);

    /* The same Latin face beside two CJK faces: two scales, two faces
     * sharing one font file; and a face named twice in one list once. */
    f = fonts_of("body = Noto Serif CJK SC\nbody.latin = TeX Gyre Termes, TeX Gyre Termes\n"
                 "sans = AR PL UMing CN\nsans.latin = TeX Gyre Termes\nfallback =\n",
                 err, sizeof err, (char[256]){0}, 256);
    if (!f) printf("# %s\n", err);
    CHECK(f != NULL);
    termes = fonts_pick(f, 0, 'A', &g);
    face = fonts_pick(f, fonts_role(f, "sans"), 'A', &g);
    CHECK_STR(face_file(f, face), TERMES);
    CHECK(face != termes);
    CHECK_NEAR(fonts_face_scale(f, termes), 1.10, 1e-9);
    CHECK_NEAR(fonts_face_scale(f, face), 1.02, 1e-9);  /* UMing's capitals: 0.678 em */
    CHECK_INT(fonts_face_count(f), 4);
    fonts_destroy(f);
}

/* A face that maps a character to an empty outline does not draw it: the
 * next face of the chain does. WenQuanYi Micro Hei's ǎ ǒ (TrueType), TeX
 * Gyre Termes's private-use U+EB10 (CFF). Spaces stay where they are. */
TEST(empty_outlines_fall_back)
{
    char conf[256], err[512] = "";
    fonts *f;
    uint32_t g = 0;
    int wqy;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_of("body = WenQuanYi Micro Hei, AR PL UMing CN\nfallback =\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    wqy = fonts_pick(f, 0, 0x4E2D, &g);
    CHECK_STR(face_file(f, wqy), WQY);
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0x1CE, &g)), UMING);   /* ǎ */
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0x1D2, &g)), UMING);   /* ǒ */
    CHECK_INT(fonts_pick(f, 0, ' ', &g), wqy);
    CHECK_INT(fonts_pick(f, 0, 0x3000, &g), wqy);
    CHECK_INT(fonts_pick(f, 0, 0xA0, &g), wqy);
    fonts_destroy(f);
    /* alone, WenQuanYi has nothing to draw ǎ with */
    f = fonts_of("body = WenQuanYi Micro Hei\nfallback =\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    CHECK_INT(fonts_pick(f, 0, 0x1CE, &g), -1);
    fonts_destroy(f);
    f = fonts_of("body = TeX Gyre Termes\nfallback =\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    CHECK_INT(fonts_pick(f, 0, 0xEB10, &g), -1);
    CHECK_INT(fonts_pick(f, 0, 'A', &g), 0);
    CHECK_INT(fonts_pick(f, 0, ' ', &g), 0);
    fonts_destroy(f);
}

/* "fallback" ends every chain; without the line, HanaMinA and HanaMinB do;
 * an empty line means none. */
TEST(fallback_line)
{
    char conf[256], err[512] = "";
    fonts *f;
    uint32_t g = 0;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_of("body = WenQuanYi Micro Hei\nsans = DejaVu Sans\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0x21243, &g)), HANAMIN_B);
    /* sans has no CJK face of its own: the fallback's HanaMinA draws 中 */
    CHECK_STR(fonts_face_family(f, fonts_pick(f, 1, 0x4E2D, &g)), "HanaMinA");
    fonts_destroy(f);
    f = fonts_of("body = WenQuanYi Micro Hei\nsans = DejaVu Sans\nfallback = AR PL UMing CN\n", err, sizeof err,
                 conf, sizeof conf);
    CHECK(f != NULL);
    CHECK_INT(fonts_pick(f, 0, 0x21243, &g), -1);
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0x1CE, &g)), UMING);
    CHECK_STR(face_file(f, fonts_pick(f, 1, 0x4E2D, &g)), UMING);
    fonts_destroy(f);
    f = fonts_of("fallback =\nbody = WenQuanYi Micro Hei\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    CHECK_INT(fonts_pick(f, 0, 0x21243, &g), -1);
    CHECK_INT(fonts_face_count(f), 1);
    fonts_destroy(f);
    f = fonts_of("body = WenQuanYi Micro Hei\nfallback =\nfallback = AR PL UMing CN\n", err, sizeof err, conf,
                 sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, ":3:") != NULL);
}

/* "?" makes a font optional: skipped when not installed (a commercial face
 * an office may or may not have); a role with none installed is an error. */
TEST(optional_fonts)
{
    char conf[256], err[512] = "";
    fonts *f;
    uint32_t g = 0;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_of("body = ?方正小标宋简体, ?/nonexistent/FZXBSJW.ttf, ? AR PL UMing CN\n"
                 "body.latin = ?Times New Roman No Such, TeX Gyre Termes\nfallback =\n",
                 err, sizeof err, conf, sizeof conf);
    if (!f) printf("# %s\n", err);
    CHECK(f != NULL);
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0x4E2D, &g)), UMING);
    CHECK_STR(face_file(f, fonts_pick(f, 0, 'A', &g)), TERMES);
    fonts_destroy(f);
    /* installed optional fonts are used like any other */
    f = fonts_of("body = ?WenQuanYi Micro Hei, AR PL UMing CN\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    CHECK_STR(face_file(f, fonts_pick(f, 0, 0x4E2D, &g)), WQY);
    fonts_destroy(f);
    f = fonts_of("body = AR PL UMing CN\nheading = ?No Such Font A, ?No Such Font B\n", err, sizeof err, conf,
                 sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, conf) != NULL);
    CHECK(strstr(err, ":2:") != NULL);
    CHECK(strstr(err, "heading") != NULL);
}

TEST(latin_line_errors)
{
    char conf[256], err[512] = "";
    fonts *f;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_of("body = AR PL UMing CN\n\ntitle.latin = TeX Gyre Termes\n", err, sizeof err, conf, sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, ":3:") != NULL);
    CHECK(strstr(err, "title") != NULL);
    f = fonts_of("body = AR PL UMing CN\nbody.wide = TeX Gyre Termes\n", err, sizeof err, conf, sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, ":2:") != NULL);
    f = fonts_of("body = AR PL UMing CN\ntitle.bold = TeX Gyre Termes\n", err, sizeof err, conf, sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, "title") != NULL);
    f = fonts_of("body = AR PL UMing CN\nbody.bold = TeX Gyre Termes:heavy\n", err, sizeof err, conf, sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, ":bold") != NULL);
    f = fonts_of("body = AR PL UMing CN\nbody.latin = No Such Latin Face\n", err, sizeof err, conf, sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, ":2:") != NULL);
    CHECK(strstr(err, "No Such Latin Face") != NULL);
    f = fonts_of("body.latin = TeX Gyre Termes\nbody = AR PL UMing CN\nbody.latin = TeX Gyre Heros\n", err,
                 sizeof err, conf, sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, ":3:") != NULL);
}

TEST(bold_and_italic_variants)
{
    char conf[256], err[512] = "";
    fonts *f;
    uint32_t g;
    int body, bold, italic, face;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_of("body = Noto Serif CJK SC\nbody.latin = TeX Gyre Termes\n"
                 "body.bold = Noto Serif CJK SC:bold\nbody.bold.latin = TeX Gyre Termes:bold\n"
                 "body.italic.latin = TeX Gyre Termes:italic\nsans = DejaVu Sans\n",
                 err, sizeof err, conf, sizeof conf);
    if (!f) printf("# %s\n", err);
    CHECK(f != NULL);
    if (!f) return;
    body = fonts_role(f, "body");
    bold = fonts_role_variant(f, body, 1, 0);
    italic = fonts_role_variant(f, body, 0, 1);
    CHECK(bold > 0 && italic > 0 && bold != italic);
    CHECK_INT(fonts_role_base(f, bold), body);
    CHECK_INT(fonts_role_base(f, body), -1);
    CHECK_INT(fonts_role_variant(f, fonts_role(f, "sans"), 1, 1), -1);   /* none: made bold by stroking */
    CHECK_INT(fonts_role_variant(f, bold, 1, 0), -1);                     /* no variant of a variant */
    /* the bold variant's faces are bold, the body's are not */
    face = fonts_pick(f, bold, 0x5DE5, &g);                               /* 工 */
    CHECK(face >= 0 && fonts_face_is_bold(f, face));
    CHECK(strstr(fonts_face_path(f, face, NULL), "Bold") != NULL);
    face = fonts_pick(f, bold, 'A', &g);
    CHECK(face >= 0 && fonts_face_is_bold(f, face) && strstr(fonts_face_path(f, face, NULL), "bold") != NULL);
    CHECK(!fonts_face_is_bold(f, fonts_pick(f, body, 0x5DE5, &g)));
    /* the italic variant has Latin faces only: ideographs from the body */
    face = fonts_pick(f, italic, 'A', &g);
    CHECK(face >= 0 && strstr(fonts_face_path(f, face, NULL), "italic") != NULL);
    CHECK_INT(fonts_pick(f, italic, 0x5DE5, &g), fonts_pick(f, body, 0x5DE5, &g));
    fonts_destroy(f);
}

TEST(metrics_in_points)
{
    char err[512] = "";
    fonts *f = NULL;
    uint32_t g = 0;
    int face;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_create(NULL, err, sizeof err);
    CHECK(f != NULL);
    face = fonts_pick(f, 0, 0x4E2D, &g);
    CHECK_NEAR(fonts_advance_pt(f, face, g, 16), 16.0, 1e-9);
    CHECK_NEAR(fonts_advance_pt(f, face, g, 10.5), 10.5, 1e-9);
    CHECK(fonts_ascender_pt(f, face, 16) > 10);
    CHECK(fonts_ascender_pt(f, face, 16) < 20);
    CHECK(fonts_descender_pt(f, face, 16) < 0);
    CHECK(fonts_descender_pt(f, face, 16) > -8);
    face = fonts_pick(f, fonts_role(f, "heading"), 0x4E2D, &g);
    CHECK_NEAR(fonts_advance_pt(f, face, g, 16), 16.0, 1e-9);
    /* a scaled face's metrics include its scale: Termes beside Noto Serif
     * CJK SC against Termes alone */
    {
        char conf[256];
        fonts *plain = fonts_of("body = TeX Gyre Termes\nfallback =\n", err, sizeof err, conf, sizeof conf);
        int scaled = fonts_pick(f, 0, 'A', &g);
        CHECK(plain != NULL);
        CHECK_NEAR(fonts_ascender_pt(f, scaled, 10), 1.10 * fonts_ascender_pt(plain, 0, 10), 1e-9);
        CHECK_NEAR(fonts_descender_pt(f, scaled, 10), 1.10 * fonts_descender_pt(plain, 0, 10), 1e-9);
        CHECK_NEAR(fonts_advance_pt(f, scaled, g, 10), 1.10 * fonts_advance_pt(plain, 0, g, 10), 1e-9);
        fonts_destroy(plain);
    }
    fonts_destroy(f);
}

TEST(shapes_latin_runs_with_kerning)
{
    char err[512] = "";
    fonts *f = NULL;
    fonts_glyph out[8];
    int face, n;
    uint32_t g;
    double total = 0, plain = 0;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_create(NULL, err, sizeof err);
    CHECK(f != NULL);
    face = fonts_pick(f, fonts_role(f, "sans"), 'A', &g);
    CHECK(face >= 0);
    n = fonts_shape(f, face, "AVAV 2024", 9, 12, out, 8);
    CHECK_INT(n, 9);          /* more than cap: the count, not the stored number */
    CHECK_INT(out[1].cluster, 1);
    CHECK_INT(out[5].cluster, 5);
    n = fonts_shape(f, face, "AV", 2, 12, out, 8);
    CHECK_INT(n, 2);
    total = out[0].x_advance_pt + out[1].x_advance_pt;
    plain = fonts_advance_pt(f, face, out[0].glyph, 12) + fonts_advance_pt(f, face, out[1].glyph, 12);
    CHECK(total > 0);
    CHECK(total <= plain);  /* kerning may only tighten A-V */
    CHECK_INT(fonts_shape(f, 99, "A", 1, 12, out, 8), -1);
    fonts_destroy(f);
}

TEST(unknown_family_names_file_line_and_family)
{
    char conf[256], err[512] = "";
    fonts *f;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    CHECK(write_conf("# test\nbody = AR PL UMing CN\n\nheading = No Such Font Family, AR PL UMing CN\n",
                     conf, sizeof conf) == 0);
    f = fonts_create(conf, err, sizeof err);
    unlink(conf);
    CHECK(f == NULL);
    CHECK(strstr(err, conf) != NULL);
    CHECK(strstr(err, ":4:") != NULL);
    CHECK(strstr(err, "No Such Font Family") != NULL);
}

/* CFF-flavoured OpenType is accepted, from a path too; a file with no
 * outlines is refused by name. */
TEST(cff_fonts_accepted)
{
    char conf[256], err[512] = "";
    fonts *f;
    uint32_t g;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_of("body = " TERMES "\nfallback =\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    CHECK_INT(fonts_pick(f, 0, 'A', &g), 0);
    CHECK(fonts_face_cff(f, 0) != NULL);
    fonts_destroy(f);
    f = fonts_of("body = " NOTO_SANS "#2\nfallback =\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    CHECK(fonts_face_cff(f, 0) != NULL);
    CHECK_STR(fonts_face_path(f, fonts_pick(f, 0, 0x4E2D, &g), NULL), NOTO_SANS);
    fonts_destroy(f);
    /* a file that is not a font at all */
    f = fonts_of("body = /etc/hostname\n", err, sizeof err, conf, sizeof conf);
    CHECK(f == NULL);
    CHECK(strstr(err, "/etc/hostname") != NULL);
    CHECK(strstr(err, ":1:") != NULL);
}

TEST(paths_with_face_index_and_body_required)
{
    char conf[256], err[512] = "";
    fonts *f;
    unsigned idx = 9;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    CHECK(write_conf("sans = " WQY "#1   # the Mono face\nbody = " UMING "\n", conf, sizeof conf) == 0);
    f = fonts_create(conf, err, sizeof err);
    unlink(conf);
    CHECK(f != NULL);
    CHECK_INT(fonts_role(f, "body"), 0);
    CHECK_INT(fonts_role(f, "sans"), 1);
    CHECK_STR(fonts_face_path(f, fonts_pick(f, 1, 0x4E2D, NULL), &idx), WQY);
    CHECK_INT(idx, 1);
    fonts_destroy(f);

    CHECK(write_conf("sans = " WQY "\n", conf, sizeof conf) == 0);
    f = fonts_create(conf, err, sizeof err);
    unlink(conf);
    CHECK(f == NULL);
    CHECK(strstr(err, "body") != NULL);

    CHECK(write_conf("body = " UMING "#7\n", conf, sizeof conf) == 0);
    f = fonts_create(conf, err, sizeof err);
    unlink(conf);
    CHECK(f == NULL);
    CHECK(strstr(err, ":1:") != NULL);

    CHECK(write_conf("body AR PL UMing CN\n", conf, sizeof conf) == 0);
    f = fonts_create(conf, err, sizeof err);
    unlink(conf);
    CHECK(f == NULL);
    CHECK(strstr(err, ":1:") != NULL);
}

TEST(missing_config_and_env_override)
{
    char err[512] = "";
    fonts *f = fonts_create("/nonexistent/roles.conf", err, sizeof err);
    CHECK(f == NULL);
    CHECK(strstr(err, "/nonexistent/roles.conf") != NULL);
    setenv("BRIEF_FONTS", "/nonexistent/env-roles.conf", 1);
    f = fonts_create(NULL, err, sizeof err);
    unsetenv("BRIEF_FONTS");
    CHECK(f == NULL);
    CHECK(strstr(err, "env-roles.conf") != NULL);
    fonts_destroy(NULL);
}

/* Doctor lists the roles and their chains through these getters. */
TEST(roles_and_chains_are_listed)
{
    char err[512] = "", conf[256];
    fonts *f;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    CHECK_INT(write_conf("heading = WenQuanYi Micro Hei\nbody = AR PL UMing CN, WenQuanYi Micro Hei\n"
                         "body.latin = DejaVu Serif\nfallback =\n", conf, sizeof conf), 0);
    f = fonts_create(conf, err, sizeof err);
    unlink(conf);
    CHECK(f != NULL);
    CHECK_INT(fonts_role_count(f), 2);
    CHECK_STR(fonts_role_name(f, 0), "body");
    CHECK_STR(fonts_role_name(f, 1), "heading");
    CHECK(fonts_role_name(f, 2) == NULL);
    CHECK(fonts_role_name(f, -1) == NULL);
    CHECK_STR(face_file(f, fonts_role_face(f, 0, 0)), UMING);
    CHECK_STR(face_file(f, fonts_role_face(f, 0, 1)), WQY);
    CHECK_INT(fonts_role_face(f, 0, 2), -1);
    CHECK_INT(fonts_role_face(f, 1, 0), fonts_role_face(f, 0, 1));
    CHECK_INT(fonts_role_face(f, 5, 0), -1);
    CHECK(strstr(face_file(f, fonts_role_latin_face(f, 0, 0)), "DejaVuSerif.ttf") != NULL);
    CHECK_INT(fonts_role_latin_face(f, 0, 1), -1);
    CHECK_INT(fonts_role_latin_face(f, 1, 0), -1);
    CHECK_INT(fonts_role_latin_face(f, 7, 0), -1);
    fonts_destroy(f);
}

/* What a face answers, to compare before and after: the faces and glyphs
 * of a few characters, an advance, and a checksum of its CFF table. */
static unsigned long face_answers(const fonts *f, int face)
{
    static const uint32_t cps[] = {0x4E2D, 0x6587, 0x3002, 'A', '1', 0x1CE, 0x9F98};
    unsigned long sum = 0;
    unsigned len, i;
    hb_blob_t *cff = hb_face_reference_table(fonts_face_hb(f, face), HB_TAG('C', 'F', 'F', ' '));
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(cff, &len);
    for (i = 0; i < len; i += 4093) sum = sum * 31 + d[i];
    hb_blob_destroy(cff);
    for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        uint32_t g = 0;
        int got = fonts_pick(f, 0, cps[i], &g);
        sum = sum * 31 + (unsigned long)(got + 1) * 65536 + g;
        sum = sum * 31 + (unsigned long)(fonts_advance_pt(f, got >= 0 ? got : 0, g, 12.0) * 1000);
    }
    return sum;
}

/* fonts_make_resident copies the file of each base role's first face
 * (a variant's, a later face's and a small file's stay mapped from the
 * file: fontfile.h, test_fontfile.c) once, and every answer stays the
 * same, in this process and in a child forked afterwards. */
TEST(resident_fonts_same_answers)
{
    char conf[256], err[512] = "";
    fonts *f;
    struct stat st;
    unsigned long before;
    const char *cff_data;
    unsigned len;
    hb_blob_t *cff;
    pid_t pid;
    int status = -1, serif, wqy;
    uint32_t g;
    if (!have_fonts()) { harness_skip("Debian fonts not installed"); return; }
    f = fonts_of("body = Noto Serif CJK SC, WenQuanYi Micro Hei\nbody.bold = Noto Serif CJK SC:bold\n"
                 "heading = TeX Gyre Heros\nfallback =\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    if (!f) return;
    serif = fonts_pick(f, 0, 0x4E2D, &g);
    wqy = fonts_role_face(f, 0, 1);
    CHECK_STR(face_file(f, serif), NOTO_SERIF);
    CHECK_STR(face_file(f, wqy), WQY);
    before = face_answers(f, serif);
    cff = hb_face_reference_table(fonts_face_hb(f, serif), HB_TAG('C', 'F', 'F', ' '));
    cff_data = hb_blob_get_data(cff, &len);
    CHECK(len > 1000000);
    CHECK_INT(stat(NOTO_SERIF, &st), 0);
    /* Noto Serif CJK only: WenQuanYi is not a first face, the bold one is
     * a variant's, TeX Gyre Heros is under a megabyte */
    CHECK_INT(fonts_make_resident(f), st.st_size);
    CHECK_INT(fonts_make_resident(f), 0);   /* once */
    CHECK(hb_blob_get_data(cff, NULL) == cff_data);
    CHECK(face_answers(f, serif) == before);
    pid = fork();
    if (pid == 0) _exit(face_answers(f, serif) == before ? 0 : 1);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    hb_blob_destroy(cff);
    fonts_destroy(f);
    /* a roles file of small faces: nothing to copy */
    f = fonts_of("body = TeX Gyre Termes\nfallback =\n", err, sizeof err, conf, sizeof conf);
    CHECK(f != NULL);
    CHECK_INT(fonts_make_resident(f), 0);
    fonts_destroy(f);
}

int main(void)
{
    RUN(default_roles_load);
    RUN(body_falls_back_per_character);
    RUN(latin_faces_for_letters_and_digits);
    RUN(empty_outlines_fall_back);
    RUN(fallback_line);
    RUN(optional_fonts);
    RUN(latin_line_errors);
    RUN(bold_and_italic_variants);
    RUN(metrics_in_points);
    RUN(shapes_latin_runs_with_kerning);
    RUN(unknown_family_names_file_line_and_family);
    RUN(cff_fonts_accepted);
    RUN(paths_with_face_index_and_body_required);
    RUN(missing_config_and_env_override);
    RUN(roles_and_chains_are_listed);
    RUN(resident_fonts_same_answers);
    return harness_done();
}
