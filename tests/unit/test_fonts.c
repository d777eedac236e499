/* test_fonts.c — font roles, fallback, metrics and shaping against the
 * Debian fonts the build installs (fonts-arphic-uming, fonts-wqy-microhei,
 * fonts-dejavu). */
#include "harness.h"
#include "fonts/fonts.h"

#include <stdlib.h>
#include <unistd.h>

#define UMING "/usr/share/fonts/truetype/arphic/uming.ttc"
#define WQY   "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

static int have_fonts(void)
{
    return access(UMING, R_OK) == 0 && access(WQY, R_OK) == 0;
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
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    f = fonts_create(NULL, err, sizeof err);
    if (!f) printf("# %s\n", err);
    CHECK(f != NULL);
    CHECK_INT(fonts_role(f, "body"), 0);
    CHECK(fonts_role(f, "heading") > 0);
    CHECK(fonts_role(f, "sans") > 0);
    CHECK(fonts_role(f, "mono") > 0);
    CHECK_INT(fonts_role(f, "nonesuch"), -1);
    /* Shared faces are loaded once: UMing, WQY, WQY Mono, DejaVu Serif/Sans/Mono. */
    CHECK_INT(fonts_face_count(f), 6);
    fonts_destroy(f);
}

TEST(body_falls_back_per_character)
{
    char err[512] = "";
    fonts *f = NULL;
    uint32_t g = 0;
    int face;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    f = fonts_create(NULL, err, sizeof err);
    CHECK(f != NULL);
    /* 中: UMing, the first of body's chain. */
    face = fonts_pick(f, 0, 0x4E2D, &g);
    CHECK_STR(face_file(f, face), UMING);
    CHECK(g != 0);
    /* ㄱ U+3131 (Hangul letter): not in UMing, in WenQuanYi Micro Hei. */
    face = fonts_pick(f, 0, 0x3131, &g);
    CHECK_STR(face_file(f, face), WQY);
    CHECK_STR(fonts_face_family(f, face), "WenQuanYi Micro Hei");
    /* ☺ U+263A: in neither CJK font, in DejaVu Serif. */
    face = fonts_pick(f, 0, 0x263A, &g);
    CHECK(strstr(face_file(f, face), "DejaVuSerif.ttf") != NULL);
    /* 𠀡 U+20021 (CJK Ext. B): UMing has it. 𡉃 U+21243 is in no Debian
     * font installed here: -1, the caller draws a box. */
    face = fonts_pick(f, 0, 0x20021, &g);
    CHECK_STR(face_file(f, face), UMING);
    CHECK_INT(fonts_pick(f, 0, 0x21243, &g), -1);
    CHECK_INT(fonts_pick(f, 0, 0x10FFFD, &g), -1);
    CHECK_INT(fonts_pick(f, 99, 0x4E2D, &g), -1);
    /* heading starts with WenQuanYi. */
    face = fonts_pick(f, fonts_role(f, "heading"), 0x4E2D, &g);
    CHECK_STR(face_file(f, face), WQY);
    fonts_destroy(f);
}

TEST(metrics_in_points)
{
    char err[512] = "";
    fonts *f = NULL;
    uint32_t g = 0;
    int face;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
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
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
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
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
    CHECK(write_conf("# test\nbody = AR PL UMing CN\n\nheading = No Such Font Family, AR PL UMing CN\n",
                     conf, sizeof conf) == 0);
    f = fonts_create(conf, err, sizeof err);
    unlink(conf);
    CHECK(f == NULL);
    CHECK(strstr(err, conf) != NULL);
    CHECK(strstr(err, ":4:") != NULL);
    CHECK(strstr(err, "No Such Font Family") != NULL);
}

TEST(cff_fonts_are_refused_by_name)
{
    const char *otf = "/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf";
    char conf[256], text[512], err[512] = "";
    fonts *f;
    if (access(otf, R_OK) != 0) { harness_skip("no CFF font to try"); return; }
    snprintf(text, sizeof text, "body = %s\n", otf);
    CHECK(write_conf(text, conf, sizeof conf) == 0);
    f = fonts_create(conf, err, sizeof err);
    unlink(conf);
    CHECK(f == NULL);
    CHECK(strstr(err, otf) != NULL);
    CHECK(strstr(err, "glyf") != NULL);
}

TEST(paths_with_face_index_and_body_required)
{
    char conf[256], err[512] = "";
    fonts *f;
    unsigned idx = 9;
    if (!have_fonts()) { harness_skip("Debian CJK fonts not installed"); return; }
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
    CHECK_INT(write_conf("heading = WenQuanYi Micro Hei\nbody = AR PL UMing CN, WenQuanYi Micro Hei\n",
                         conf, sizeof conf), 0);
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
    fonts_destroy(f);
}

int main(void)
{
    RUN(default_roles_load);
    RUN(body_falls_back_per_character);
    RUN(metrics_in_points);
    RUN(shapes_latin_runs_with_kerning);
    RUN(unknown_family_names_file_line_and_family);
    RUN(cff_fonts_are_refused_by_name);
    RUN(paths_with_face_index_and_body_required);
    RUN(missing_config_and_env_override);
    RUN(roles_and_chains_are_listed);
    return harness_done();
}
