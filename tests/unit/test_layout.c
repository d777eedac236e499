/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_layout.c — the typesetter: justified widths, kinsoku at line edges,
 * the GB/T 9704 grid, punctuation compression, pagination (keep-with-next,
 * widows, orphans), missing glyphs and font fallback, lists, a table of
 * contents and the page callback. Fonts: the Debian ones, through a roles
 * file the test writes (SKIP when they are not installed). */
#include "harness.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "layout/linebreak.h"
#include "pdf/pdf.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <unistd.h>

static fonts *test_fonts;

/* A paragraph of the seed bulletin's kind: CJK with full-width punctuation,
 * quotes, numbers and a Latin word. */
static const char *const para_text =
    "市总工会干部职工表示,要深入学习贯彻习近平总书记重要讲话精神,深刻理解把握党对工人阶级和工会工作的"
    "新指示新要求,以“忠诚党的事业、竭诚服务职工”为己任,以增强政治性、先进性、群众性为主线,持续加强"
    "职工思想政治引领,推进产业工人队伍建设改革。围绕市委“一号工程”、打造“33618”现代制造业集群体系"
    "等战略,2023年10月通过ISO 9001认证,网址https://www.cqgh.org/news/2023.html,努力建设“五型工会”,"
    "把广大职工群众紧密团结在党的周围。“习近平总书记指出,工会作为职工利益的代表者和维护者。”他说。";

static const char *const cjk_text =
    "重庆市劳动模范重庆天泰铝业有限公司综合车间主任王春全重庆市劳动模范国网重庆南川供电公司韦斌重庆市劳动"
    "模范重庆首键药用包装材料有限公司总工程师唐光文等人备受鼓舞他们表示将认真学习贯彻习近平总书记重要讲话精神";

static layout_doc *new_doc(const char *page)
{
    layout_page_setup setup;
    char err[256];
    layout_doc *doc;
    layout_page_setup_named(page ? page : "A4", &setup);
    doc = layout_doc_create(test_fonts, &setup, err, sizeof err);
    if (!doc) printf("    layout_doc_create: %s\n", err);
    return doc;
}

static uint32_t first_cp(const char *s, size_t start, size_t end)
{
    uint32_t cp = 0;
    if (end > start) utf8_decode(s + start, end - start, &cp);
    return cp;
}

static uint32_t last_cp(const char *s, size_t start, size_t end)
{
    uint32_t cp = 0;
    size_t k = end;
    if (end <= start) return 0;
    do k--; while (k > start && ((unsigned char)s[k] & 0xC0) == 0x80);
    utf8_decode(s + k, end - k, &cp);
    return cp;
}

TEST(justified_lines_fill_the_measure)
{
    layout_doc *doc;
    layout_line_info li;
    size_t i, n, checked = 0;
    int body;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    body = layout_style_find(doc, "body");
    CHECK(layout_para_add(doc, body, para_text) == 0);
    CHECK(layout_para_add(doc, body, cjk_text) == 1);
    CHECK(layout_doc_run(doc) == 0);
    n = layout_doc_line_count(doc);
    CHECK(n > 6);
    for (i = 0; i < n; i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        CHECK(li.measure_pt > 300);
        if (li.last_in_block) {
            CHECK(li.width_pt < li.measure_pt + 0.01);
            continue;
        }
        if (fabs(li.width_pt - li.measure_pt) > 0.01)
            printf("    line %zu (block %d): width %.4f, measure %.4f\n", i, li.block, li.width_pt, li.measure_pt);
        CHECK_NEAR(li.width_pt, li.measure_pt, 0.01);
        checked++;
    }
    CHECK(checked >= 5);
    /* the first line of a paragraph is indented two full-width characters */
    CHECK(layout_doc_line(doc, 0, &li) == 0);
    CHECK(layout_doc_line(doc, 1, &li) == 0);
    {
        layout_line_info first;
        CHECK(layout_doc_line(doc, 0, &first) == 0);
        CHECK_NEAR(first.x_pt - li.x_pt, 24.0, 0.01);
        CHECK_NEAR(first.measure_pt, li.measure_pt - 24.0, 0.01);
    }
    layout_doc_destroy(doc);
}

/* Whether line li of text may be ragged (docs/typesetting.md: a loose line
 * is set flush left, never letter-spaced): only where a Latin run (a URL,
 * a number) starts or ends it, or starts the next line: the run that could
 * not be broken, or that leaves the line few gaps to stretch. */
static int may_be_ragged(const char *text, const layout_line_info *li)
{
    uint32_t a = first_cp(text, li->text_start, li->text_end), z = last_cp(text, li->text_start, li->text_end);
    unsigned char next = (unsigned char)text[li->text_end];
    return (a > 0x20 && a < 0x7F) || (z > 0x20 && z < 0x7F) || (next > 0x20 && next < 0x7F);
}

TEST(no_line_starts_with_closing_or_ends_with_opening)
{
    layout_doc *doc;
    layout_line_info li;
    size_t i, n;
    int body, width;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    /* many measures, so that every mark meets a line edge somewhere */
    for (width = 0; width < 24; width++) {
        layout_page_setup setup;
        layout_page_setup_named("A4", &setup);
        setup.margin_right_mm = 25 + width * 2.3;
        doc = layout_doc_create(test_fonts, &setup, NULL, 0);
        CHECK(doc != NULL);
        body = layout_style_find(doc, "body");
        CHECK(layout_para_add(doc, body, para_text) == 0);
        CHECK(layout_doc_run(doc) == 0);
        n = layout_doc_line_count(doc);
        for (i = 0; i < n; i++) {
            uint32_t a, z;
            CHECK(layout_doc_line(doc, i, &li) == 0);
            a = first_cp(para_text, li.text_start, li.text_end);
            z = last_cp(para_text, li.text_start, li.text_end);
            if (li.line_in_block > 0 && linebreak_is_closing(a))
                printf("    width %d line %zu starts with U+%04X\n", width, i, (unsigned)a);
            CHECK(li.line_in_block == 0 || !linebreak_is_closing(a));
            CHECK(li.last_in_block || !linebreak_is_opening(z));
            if (!li.last_in_block && !may_be_ragged(para_text, &li)) CHECK_NEAR(li.width_pt, li.measure_pt, 0.01);
            CHECK(li.width_pt <= li.measure_pt + 0.01);
        }
        /* the lines cover the text without gaps: numbers and URLs intact */
        CHECK(layout_doc_line(doc, n - 1, &li) == 0);
        CHECK_INT(li.text_end, strlen(para_text));
        for (i = 0; i < n; i++) {
            CHECK(layout_doc_line(doc, i, &li) == 0);
            CHECK(strncmp(para_text + li.text_start, "3618", 4) != 0);
            CHECK(strncmp(para_text + li.text_start, "9001", 4) != 0);
            CHECK(strncmp(para_text + li.text_start, "年", 3) != 0 || li.text_start < 3
                  || para_text[li.text_start - 1] < '0' || para_text[li.text_start - 1] > '9');
        }
        layout_doc_destroy(doc);
    }
}

TEST(grid_mode_sets_28_characters_a_line)
{
    layout_doc *doc;
    layout_page_setup setup;
    layout_style s;
    layout_line_info li;
    size_t i, n;
    int body;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    layout_page_setup_gbt9704(&setup);
    doc = layout_doc_create(test_fonts, &setup, NULL, 0);
    CHECK(doc != NULL);
    layout_style_init(&s);
    s.size_pt = 16;
    s.grid_pitch_pt = 156.0 / 28 * 72 / 25.4;
    s.line_pitch_pt = 28.95;
    body = layout_style_set(doc, "grid", &s);
    CHECK(body >= 0);
    CHECK_NEAR(s.grid_pitch_pt, 15.79, 0.01);
    CHECK(layout_para_add(doc, body, cjk_text) == 0);
    CHECK(layout_para_add(doc, body, para_text) == 1);
    CHECK(layout_doc_run(doc) == 0);
    n = layout_doc_line_count(doc);
    for (i = 0; i < n; i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        CHECK_NEAR(li.measure_pt, 156.0 * 72 / 25.4, 0.01);
        if (li.block == 0 && !li.last_in_block)
            CHECK_INT(utf8_length(cjk_text + li.text_start, li.text_end - li.text_start), 28);
        if (!li.last_in_block && (li.block == 0 || !may_be_ragged(para_text, &li)))
            CHECK_NEAR(li.width_pt, li.measure_pt, 0.01);
        CHECK(li.width_pt <= li.measure_pt + 0.01);
        if (i > 0) {
            layout_line_info prev;
            CHECK(layout_doc_line(doc, i - 1, &prev) == 0);
            if (prev.page == li.page) CHECK_NEAR(prev.baseline_pt - li.baseline_pt, 28.95, 0.001);
        }
    }
    layout_doc_destroy(doc);
}

/* GB/T 9704-2012 §5.2.2: 22 lines of 28 characters fill the 156 × 225 mm
 * text area; the same rule for brief typeset --grid (layout_styles_bulletin)
 * and brief.doc's grid (layout_doc_set_grid). */
TEST(gbt9704_grid_fills_the_text_area_with_22_lines_of_28)
{
    layout_doc *doc;
    layout_page_setup setup;
    layout_style s;
    layout_line_info li;
    double grid, pitch, top;
    size_t i, n, on_first = 0;
    char text[4096];
    int body;
    layout_page_setup_gbt9704(&setup);
    layout_grid_pitches(&setup, 28, 22, &grid, &pitch);
    CHECK_NEAR(grid, 156.0 / 28 * 72 / 25.4, 1e-9);          /* 15.79 pt */
    CHECK_NEAR(pitch, 225.0 / 22 * 72 / 25.4, 1e-9);         /* 28.99 pt, not the templates' 28.95 */
    CHECK_NEAR(28 * grid, 156 * 72 / 25.4, 1e-9);
    CHECK_NEAR(22 * pitch, 225 * 72 / 25.4, 1e-9);
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    doc = layout_doc_create(test_fonts, &setup, NULL, 0);
    CHECK(doc != NULL);
    CHECK_INT(layout_styles_bulletin(doc, 12, 1), 0);
    body = layout_style_find(doc, "body");
    CHECK_INT(layout_style_get(doc, body, &s), 0);
    CHECK_NEAR(s.size_pt, 16, 0);                            /* 三号 */
    CHECK_NEAR(s.grid_pitch_pt, grid, 0);
    CHECK_NEAR(s.line_pitch_pt, pitch, 0);
    CHECK_INT(layout_style_get(doc, layout_style_find(doc, "list"), &s), 0);
    CHECK_NEAR(s.line_pitch_pt, pitch, 0);
    CHECK_INT(layout_style_get(doc, layout_style_find(doc, "heading1"), &s), 0);
    CHECK_NEAR(s.size_pt, 22, 0);                            /* 二号 */
    /* 30 lines of text: 22 on the first page, the first line's box at the
     * area's top and the 22nd's at its foot */
    text[0] = '\0';
    for (i = 0; i < 30 * 28 / 14; i++) strcat(text, "市总工会开展职工技能竞赛活动。");
    CHECK(layout_para_add(doc, body, text) == 0);
    CHECK_INT(layout_doc_run(doc), 0);
    n = layout_doc_line_count(doc);
    top = (297 - 37) * 72 / 25.4;
    for (i = 0; i < n; i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        if (li.page != 0) continue;
        on_first++;
        /* the baseline of line k (0-based): its box's middle, 0.38 em below */
        CHECK_NEAR(li.baseline_pt, top - ((double)i + 0.5) * pitch - 0.38 * 16, 1e-6);
    }
    CHECK_INT(on_first, 22);
    CHECK_INT(layout_doc_page_count(doc), 2);
    CHECK_INT(layout_doc_set_grid(doc, 0, 22), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "1 to 200") != NULL);
    layout_doc_destroy(doc);
}

TEST(adjacent_punctuation_is_compressed)
{
    layout_doc *doc;
    layout_style s;
    layout_line_info li;
    int st;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    layout_style_init(&s);
    s.align = LAYOUT_ALIGN_LEFT;
    st = layout_style_set(doc, "plain", &s);
    /* 。 before 」 is set half width: 中。」 = 2.5 em; 」 alone stays 1 em */
    CHECK(layout_para_add(doc, st, "中。」") == 0);
    CHECK(layout_para_add(doc, st, "中」") == 1);
    CHECK(layout_para_add(doc, st, "「「中") == 2);
    CHECK(layout_doc_run(doc) == 0);
    CHECK(layout_doc_line(doc, 0, &li) == 0);
    CHECK_NEAR(li.width_pt, 2.5 * 12, 0.01);
    CHECK(layout_doc_line(doc, 1, &li) == 0);
    CHECK_NEAR(li.width_pt, 2 * 12, 0.01);
    CHECK(layout_doc_line(doc, 2, &li) == 0);
    CHECK_NEAR(li.width_pt, 2.5 * 12, 0.01);
    layout_doc_destroy(doc);
}

/* Every page constraint over the laid-out lines of doc. */
static int check_pagination(layout_doc *doc, int *heading_blocks, size_t nheadings)
{
    size_t i, n = layout_doc_line_count(doc), h;
    for (h = 0; h < nheadings; h++) {
        /* a heading is never the last thing on its page: the next block's
         * first two lines (or all of it) are on the heading's page */
        int hb = heading_blocks[h], last_page = -1, follow = 0, follow_total = 0;
        for (i = 0; i < n; i++) {
            layout_line_info li;
            layout_doc_line(doc, i, &li);
            if (li.block == hb) last_page = li.page;
            if (li.block == hb + 1) {
                follow_total++;
                if (li.page == last_page) follow++;
            }
        }
        if (follow_total && follow < (follow_total < 2 ? follow_total : 2)) {
            printf("    heading block %d stranded on page %d\n", hb, last_page + 1);
            return 0;
        }
    }
    for (i = 0; i < n; i++) {
        /* every piece of a paragraph on a page has 2 lines at least */
        layout_line_info li, other;
        size_t j, piece = 0, total = 0;
        layout_doc_line(doc, i, &li);
        for (j = 0; j < n; j++) {
            layout_doc_line(doc, j, &other);
            if (other.block != li.block) continue;
            total++;
            if (other.page == li.page) piece++;
        }
        if (total >= 2 && piece < 2) {
            printf("    block %d: one line alone on page %d (of %zu lines)\n", li.block, li.page + 1, total);
            return 0;
        }
    }
    return 1;
}

TEST(pagination_keeps_headings_and_avoids_widows_and_orphans)
{
    int filler;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    /* slide the heading and the paragraphs over the page foot one line at a
     * time, so that every case meets it */
    for (filler = 0; filler < 44; filler++) {
        layout_doc *doc = new_doc("A5");
        int body, head, k, headings[8];
        size_t nh = 0;
        CHECK(doc != NULL);
        body = layout_style_find(doc, "body");
        head = layout_style_find(doc, "heading2");
        for (k = 0; k < filler; k++) CHECK(layout_para_add(doc, body, "短段落。") >= 0);
        headings[nh++] = layout_heading_add(doc, head, 1, "小标题一");
        CHECK(layout_para_add(doc, body, cjk_text) >= 0);
        CHECK(layout_para_add(doc, body, para_text) >= 0);
        headings[nh++] = layout_heading_add(doc, head, 1, "小标题二");
        CHECK(layout_para_add(doc, body, "一行的段落。") >= 0);
        headings[nh++] = layout_heading_add(doc, head, 1, "小标题三");
        CHECK(layout_para_add(doc, body, para_text) >= 0);
        CHECK(layout_doc_run(doc) == 0);
        CHECK(layout_doc_page_count(doc) >= 2);
        if (!check_pagination(doc, headings, nh)) printf("    with %d filler lines\n", filler);
        CHECK(check_pagination(doc, headings, nh));
        layout_doc_destroy(doc);
    }
}

TEST(missing_glyph_is_a_box_and_one_warning)
{
    layout_doc *doc;
    layout_line_info li;
    uint32_t glyph;
    int body;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    /* 𱍐 U+31350: CJK Extension H (Unicode 15, 2022), newer than every
     * font the build installs (HanaMinB, the fallback, has 𡉃 U+21243) */
    if (fonts_pick(test_fonts, 0, 0x31350, &glyph) >= 0) {
        harness_skip("an installed font has U+31350");
        return;
    }
    CHECK((doc = new_doc("A4")) != NULL);
    body = layout_style_find(doc, "body");
    CHECK(layout_para_add(doc, body, "第一段。") == 0);
    CHECK(layout_para_add(doc, body, "在𱍐村\xef\xbc\x8c又见𱍐。") == 1);
    CHECK(layout_doc_run(doc) == 0);
    CHECK_INT(layout_doc_warning_count(doc), 1);
    CHECK(strstr(layout_doc_warning(doc, 0), "U+31350") != NULL);
    CHECK(strstr(layout_doc_warning(doc, 0), "block 2, page 1") != NULL);
    CHECK(strstr(layout_doc_warning(doc, 0), "page 1") != NULL);
    CHECK(layout_doc_line(doc, 1, &li) == 0);
    CHECK_INT(li.missing, 2);
    /* a box takes one em: the line is 8 full-width characters of 12 pt */
    CHECK_NEAR(li.width_pt, 8 * 12.0, 0.01);
    layout_doc_destroy(doc);
}

TEST(fallback_to_the_second_font_of_the_chain)
{
    layout_doc *doc;
    layout_line_info li;
    uint32_t glyph;
    int body;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    /* Hangul: not in AR PL UMing (first of body), in WenQuanYi (second) */
    if (fonts_pick(test_fonts, 0, 0xD55C, &glyph) != 1) {
        harness_skip("U+D55C is not exactly in the second font");
        return;
    }
    CHECK((doc = new_doc("A4")) != NULL);
    body = layout_style_find(doc, "body");
    CHECK(layout_para_add(doc, body, "韩文한국어。") == 0);
    CHECK(layout_doc_run(doc) == 0);
    CHECK_INT(layout_doc_warning_count(doc), 0);
    CHECK(layout_doc_line(doc, 0, &li) == 0);
    CHECK_INT(li.missing, 0);
    CHECK(li.width_pt > 5 * 12.0);
    layout_doc_destroy(doc);
}

TEST(centred_titles_are_balanced)
{
    layout_doc *doc;
    layout_line_info a, b;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A5")) != NULL);
    /* 22 characters of 18 pt on a 108 mm measure (17 fit): 11 + 11, not 17 + 5 */
    CHECK(layout_heading_add(doc, layout_style_find(doc, "heading1"), 1,
                             "为强国建设民族复兴伟业贡献工人阶级的磅礴力量") == 0);
    CHECK(layout_doc_run(doc) == 0);
    CHECK_INT(layout_doc_line_count(doc), 2);
    CHECK(layout_doc_line(doc, 0, &a) == 0);
    CHECK(layout_doc_line(doc, 1, &b) == 0);
    CHECK_NEAR(a.width_pt, 11 * 18.0, 0.01);
    CHECK_NEAR(b.width_pt, 11 * 18.0, 0.01);
    /* centred: the same margin on both sides */
    CHECK_NEAR(a.x_pt - 20 * 72 / 25.4, (a.measure_pt - a.width_pt) / 2, 0.01);
    layout_doc_destroy(doc);
}

/* The width of run shaped by HarfBuzz in the face role draws 'A' with. */
static double shaped_width_pt(const char *role, const char *run, double size_pt)
{
    fonts_glyph g[32];
    double w = 0;
    int face = fonts_pick(test_fonts, fonts_role(test_fonts, role), 'A', NULL), n, k;
    n = fonts_shape(test_fonts, face, run, strlen(run), size_pt, g, 32);
    for (k = 0; k < n && k < 32; k++) w += g[k].x_advance_pt;
    return n > 0 ? w : -1;
}

/* Short Latin runs are shaped once and then taken from a cache keyed by
 * bytes, face and size: the same run at 12 and 24 pt, and in another face,
 * must still measure what HarfBuzz gives for each. */
TEST(repeated_latin_runs_measure_as_shaped)
{
    layout_doc *doc;
    layout_style s;
    layout_line_info li;
    const char *run = "AV2023";
    double w[3];
    int st[3], k, i;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    w[0] = shaped_width_pt("body", run, 12);
    w[1] = shaped_width_pt("body", run, 24);
    w[2] = shaped_width_pt("heading", run, 24);
    CHECK(w[0] > 0 && w[2] > 0);
    CHECK(w[2] - w[1] > 0.1 || w[1] - w[2] > 0.1);   /* two faces, two widths */
    CHECK((doc = new_doc("A4")) != NULL);
    layout_style_init(&s);
    s.align = LAYOUT_ALIGN_LEFT;
    st[0] = layout_style_set(doc, "p12", &s);
    s.size_pt = 24;
    st[1] = layout_style_set(doc, "p24", &s);
    s.font_role = "heading";
    st[2] = layout_style_set(doc, "h24", &s);
    for (i = 0; i < 9; i++) CHECK(layout_para_add(doc, st[i % 3], run) == i);
    CHECK(layout_doc_run(doc) == 0);
    CHECK_INT(layout_doc_line_count(doc), 9);
    for (i = 0; i < 9; i++) {
        k = i % 3;
        CHECK(layout_doc_line(doc, i, &li) == 0);
        CHECK_NEAR(li.width_pt, w[k], 0.01);
    }
    layout_doc_destroy(doc);
}

TEST(no_line_is_wider_than_the_measure)
{
    layout_doc *doc;
    layout_style s;
    layout_line_info li;
    char text[200] = "";
    int st, k, fit;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    layout_style_init(&s);
    s.align = LAYOUT_ALIGN_LEFT;
    st = layout_style_set(doc, "plain", &s);
    /* one character more than a line holds: the last one on a line of its own */
    fit = (int)((210 - 50) * 72 / 25.4 / 12);
    for (k = 0; k <= fit; k++) strcat(text, "工");
    CHECK(layout_para_add(doc, st, text) == 0);
    CHECK(layout_doc_run(doc) == 0);
    CHECK_INT(layout_doc_line_count(doc), 2);
    CHECK(layout_doc_line(doc, 0, &li) == 0);
    CHECK_NEAR(li.width_pt, fit * 12.0, 0.01);
    CHECK(layout_doc_line(doc, 1, &li) == 0);
    CHECK_NEAR(li.width_pt, 12.0, 0.01);
    layout_doc_destroy(doc);
}

TEST(random_text_lays_out_whole)
{
    /* Deterministic pseudo-random paragraphs of CJK, punctuation, Latin,
     * digits, spaces, line feeds, tabs and invalid bytes: every byte lands
     * in exactly one line, in order, and no line is wider than its measure
     * (a single character wider than a measure cannot occur here). */
    static const char *const pieces[] = {
        "工", "会", "职", "。", ",", "、", "“", "”", "《", "》", "(", ")", "……", "——",
        "a", "Word", " ", "  ", "2023", "年", ",", ".", "\n", "\t", "\xff", "𡉃", "한",
        "https://x.org/p", "ISO 9001", "。”", "!", "?",
    };
    unsigned seed = 12345;
    int round;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    for (round = 0; round < 40; round++) {
        layout_doc *doc = new_doc(round % 2 ? "A5" : "A4");
        char text[4096];
        size_t len = 0, i, n, expect = 0;
        int pieces_n = 5 + round * 7, k, body;
        CHECK(doc != NULL);
        body = layout_style_find(doc, round % 3 ? "body" : "heading2");
        for (k = 0; k < pieces_n; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            if (len + strlen(p) + 1 >= sizeof text) break;
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
        }
        text[len] = '\0';
        CHECK(layout_para_add(doc, body, text) == 0);
        CHECK(layout_doc_run(doc) == 0);
        n = layout_doc_line_count(doc);
        for (i = 0; i < n; i++) {
            layout_line_info li;
            CHECK(layout_doc_line(doc, i, &li) == 0);
            /* lines follow each other; only spaces and tabs between them */
            while (expect < li.text_start && (text[expect] == ' ' || text[expect] == '\t')) expect++;
            if (li.text_start != expect) printf("    round %d: byte %zu is 0x%02x\n", round, expect, (unsigned char)text[expect]);
            CHECK_INT(li.text_start, expect);
            CHECK(li.text_end > li.text_start);
            CHECK(li.width_pt <= li.measure_pt + 0.01);
            expect = li.text_end;
        }
        while (expect < len && (text[expect] == ' ' || text[expect] == '\t')) expect++;
        CHECK_INT(expect, len);
        layout_doc_destroy(doc);
    }
}

TEST(golden_line_breaks)
{
    /* para_text in "body" on A4 with the Debian fonts: a golden record of
     * where the lines break (2-character indent, the URL, "ISO 9001",
     * "2023年", quotes kept with their words). A change here is a change
     * of the typesetting: look at the PDF, then update the record. */
    static const char *const golden[] = {
        "市总工会干部职工表示,要深入学习贯彻习近平总书记重要讲话精神,深刻理解把",
        "握党对工人阶级和工会工作的新指示新要求,以“忠诚党的事业、竭诚服务职工”为己",
        "任,以增强政治性、先进性、群众性为主线,持续加强职工思想政治引领,推进产业工人",
        "队伍建设改革。围绕市委“一号工程”、打造“33618”现代制造业集群体系等战",
        "略,2023年10月通过ISO 9001认证,网址https://www.cqgh.org/news/2023.html,努力",
        "建设“五型工会”,把广大职工群众紧密团结在党的周围。“习近平总书记指出,工会作",
        "为职工利益的代表者和维护者。”他说。",
    };
    layout_doc *doc;
    size_t i;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    CHECK(layout_para_add(doc, layout_style_find(doc, "body"), para_text) == 0);
    CHECK(layout_doc_run(doc) == 0);
    CHECK_INT(layout_doc_line_count(doc), sizeof golden / sizeof golden[0]);
    for (i = 0; i < sizeof golden / sizeof golden[0]; i++) {
        layout_line_info li;
        char got[512];
        CHECK(layout_doc_line(doc, i, &li) == 0);
        CHECK(li.text_end - li.text_start < sizeof got);
        memcpy(got, para_text + li.text_start, li.text_end - li.text_start);
        got[li.text_end - li.text_start] = '\0';
        CHECK_STR(got, golden[i]);
    }
    layout_doc_destroy(doc);
}

/* A paragraph whose greedy breaking leaves one character on its last line
 * ("……确保年底前全面完" / "成。") pulls a second one down (孤字); the line
 * that gives it up is still justified to the measure. */
TEST(last_line_is_never_one_character)
{
    static const char *const text =
        "会议通报,截至9月底,全市工会重点办理的“十件实事”整体进度达到82%,其中新建改建“工会驿站”"
        "126个、发放职工医疗互助保障金1.37亿元、开展职业技能培训4.6万人次。各区县总工会、市级产业"
        "工会按照时间节点倒排工期,确保年底前全面完成。";
    layout_doc *doc;
    layout_line_info li;
    size_t i, n, ideographs = 0, k;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    CHECK(layout_para_add(doc, layout_style_find(doc, "body"), text) == 0);
    CHECK(layout_doc_run(doc) == 0);
    n = layout_doc_line_count(doc);
    CHECK(n >= 2);
    for (i = 0; i + 1 < n; i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        CHECK_NEAR(li.width_pt, li.measure_pt, 0.01);
    }
    CHECK(layout_doc_line(doc, n - 1, &li) == 0);
    CHECK(li.last_in_block);
    for (k = li.text_start; k < li.text_end; ) {
        uint32_t cp;
        k += utf8_decode(text + k, li.text_end - k, &cp);
        if (linebreak_is_ideograph(cp)) ideographs++;
    }
    if (ideographs < 2) printf("    last line: %.*s\n", (int)(li.text_end - li.text_start), text + li.text_start);
    CHECK(ideographs >= 2);
    layout_doc_destroy(doc);
}

typedef struct callback_log {
    int calls, last_number, count, failed;
} callback_log;

static int on_page(layout_page *page, int number, int count, void *user)
{
    callback_log *log = user;
    char text[32];
    double w;
    log->calls++;
    log->last_number = number;
    log->count = count;
    layout_page_box(page, &w, NULL, NULL, NULL, NULL, NULL);
    snprintf(text, sizeof text, "第%d页 共%d页", number, count);
    if (layout_page_text(page, w / 2, 30, LAYOUT_ALIGN_CENTER, 0, text) != 0) log->failed++;
    return 0;
}

TEST(lists_toc_rules_and_page_callback)
{
    layout_doc *doc;
    pdf_doc *pdf;
    callback_log log = {0, 0, 0, 0};
    layout_line_info li;
    int body, list, k, toc_block, h1;
    size_t i, toc_lines = 0;
    char path[] = "/tmp/brief-test-layout-XXXXXX";
    int fd;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A5")) != NULL);
    body = layout_style_find(doc, "body");
    list = layout_style_find(doc, "list");
    h1 = layout_style_find(doc, "heading1");
    toc_block = layout_toc_add(doc, layout_style_find(doc, "toc"), 2);
    CHECK(toc_block == 0);
    CHECK(layout_page_break_add(doc) == 1);
    for (k = 0; k < 4; k++) {
        char title[32];
        snprintf(title, sizeof title, "第%d部分", k + 1);
        CHECK(layout_heading_add(doc, h1, 1, title) >= 0);
        CHECK(layout_list_item_add(doc, list, "1.", cjk_text) >= 0);
        CHECK(layout_list_item_add(doc, list, "2.", "短的一项。") >= 0);
        CHECK(layout_rule_add(doc, 0.5, (pdf_color){0.8, 0, 0}, 6, 6) >= 0);
        CHECK(layout_space_add(doc, 12) >= 0);
        CHECK(layout_para_add(doc, body, para_text) >= 0);
    }
    layout_doc_set_page_fn(doc, on_page, &log);
    CHECK(layout_doc_run(doc) == 0);
    for (i = 0; i < layout_doc_line_count(doc); i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        if (li.block == toc_block) toc_lines++;
        CHECK(li.block == toc_block ? li.page == 0 : li.page >= 1);
    }
    CHECK_INT(toc_lines, 4);
    CHECK(layout_doc_block_page(doc, 2) == 1);
    pdf = pdf_doc_create(test_fonts, NULL, 0);
    CHECK(pdf != NULL);
    CHECK(layout_doc_render(doc, pdf) == 0);
    CHECK_INT(log.calls, layout_doc_page_count(doc));
    CHECK_INT(log.count, layout_doc_page_count(doc));
    CHECK_INT(log.last_number, layout_doc_page_count(doc));
    CHECK_INT(log.failed, 0);
    CHECK_INT(pdf_page_count(pdf), layout_doc_page_count(doc));
    fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK(pdf_doc_save(pdf, path) == 0);
    unlink(path);
    pdf_doc_destroy(pdf);
    layout_doc_destroy(doc);
}

/* A title longer than the room its page number leaves wraps onto a
 * second line of the entry; no title glyph reaches the number's column. */
TEST(toc_wraps_a_long_title)
{
    layout_doc *doc;
    layout_line_info li;
    int toc_block, h1;
    size_t i, entry_lines = 0;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc(NULL)) != NULL);
    h1 = layout_style_find(doc, "heading1");
    toc_block = layout_toc_add(doc, layout_style_find(doc, "toc"), 1);
    CHECK(layout_heading_add(doc, h1, 1, "短标题") >= 0);
    CHECK(layout_heading_add(doc, h1, 1,
          "重庆工会聚焦一号工程在成渝地区双城经济圈建设中建功立业重庆工会聚焦一号工程在成渝地区双城经济圈建设中建功立业") >= 0);
    CHECK(layout_doc_run(doc) == 0);
    for (i = 0; i < layout_doc_line_count(doc); i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        if (li.block == toc_block) entry_lines++;
    }
    /* one line for the short title, more than one for the long one */
    CHECK(entry_lines >= 3);
    layout_doc_destroy(doc);
}

TEST(bad_input_is_refused)
{
    layout_doc *doc;
    layout_page_setup setup;
    layout_style s;
    char err[128] = "";
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK(layout_page_setup_named("B7", &setup) == -1);
    CHECK(layout_page_setup_named("a4", &setup) == 0);
    setup.margin_left_mm = 190;
    CHECK(layout_doc_create(test_fonts, &setup, err, sizeof err) == NULL);
    CHECK(strstr(err, "text area") != NULL);
    CHECK((doc = new_doc(NULL)) != NULL);
    CHECK(layout_para_add(doc, 99, "x") == -1);
    CHECK(strstr(layout_doc_errmsg(doc), "style") != NULL);
    CHECK(layout_heading_add(doc, 0, 0, "x") == -1);
    layout_style_init(&s);
    s.size_pt = -3;
    CHECK(layout_style_set(doc, "bad", &s) == -1);
    /* invalid UTF-8 and empty text still lay out */
    CHECK(layout_para_add(doc, 0, "a\xff\xfe b") == 0);
    CHECK(layout_para_add(doc, 0, "") == 1);
    CHECK(layout_doc_run(doc) == 0);
    CHECK_INT(layout_doc_page_count(doc), 1);
    layout_doc_destroy(doc);
    layout_doc_destroy(NULL);
}

/* docs/limits.md: a 100,000-character paragraph lays out whole; a block
 * over LAYOUT_MAX_BLOCK_BYTES or a document over LAYOUT_MAX_DOC_BYTES is
 * refused with a message naming the block and the limit. */
TEST(limits_at_the_edge)
{
    layout_doc *doc;
    size_t n = strlen(cjk_text), chars = utf8_length(cjk_text, n), reps = 100000 / chars + 1, k;
    char *big;
    int body;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc(NULL)) != NULL);
    if (!doc) return;
    body = layout_style_find(doc, "body");
    big = malloc(LAYOUT_MAX_BLOCK_BYTES + 2);
    CHECK(big != NULL);
    if (!big) { layout_doc_destroy(doc); return; }
    for (k = 0; k < reps; k++) memcpy(big + k * n, cjk_text, n);
    big[reps * n] = '\0';
    CHECK(utf8_length(big, reps * n) >= 100000);
    CHECK_INT(layout_para_add(doc, body, big), 0);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK(layout_doc_page_count(doc) > 50);
    CHECK(layout_doc_line_count(doc) > 2000);
    memset(big, 'x', LAYOUT_MAX_BLOCK_BYTES + 1);
    big[LAYOUT_MAX_BLOCK_BYTES + 1] = '\0';
    CHECK_INT(layout_para_add(doc, body, big), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "block 2: its text of 4.0 MB is over the limit of 4 MB") != NULL);
    big[LAYOUT_MAX_BLOCK_BYTES] = '\0';
    for (k = 0; k < 3; k++) CHECK_INT(layout_para_add(doc, body, big), (int)k + 1);
    CHECK_INT(layout_para_add(doc, body, big), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "document's text would be over the limit of 16 MB") != NULL);
    free(big);
    layout_doc_destroy(doc);
}

/* The text of laid-out line i of doc, into out. */
static const char *line_text(layout_doc *doc, size_t i, char *out, size_t cap)
{
    layout_line_info li;
    const char *t;
    size_t n;
    out[0] = '\0';
    if (layout_doc_line(doc, i, &li) != 0) return out;
    t = layout_doc_block_text(doc, li.block);
    n = li.text_end - li.text_start;
    if (n >= cap) n = cap - 1;
    memcpy(out, t + li.text_start, n);
    out[n] = '\0';
    return out;
}

TEST(urls_break_and_no_line_is_letter_spaced)
{
    layout_doc *doc;
    layout_line_info li;
    char text[512];
    size_t i, n;
    int body, list;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    body = layout_style_find(doc, "body");
    list = layout_style_find(doc, "list");
    /* before: "详　　情　　见" alone on a justified line, the URL below */
    CHECK(layout_para_add(doc, body, "详情见https://www.cqgh.org/news/2023/10/27/detail-of-the-meeting.html?id=12345"
                                     "&from=weekly&lang=zh-CN，欢迎转发。") == 0);
    CHECK(layout_list_item_add(doc, list, "1.", "项目 https://github.com/example/brief-reporting-engine/blob/main/"
                                             "docs/typesetting.md 已公开") == 1);
    CHECK(layout_para_add(doc, body, "电话023-12345678901234567890123456789012345678901234567890123456789。") == 2);
    CHECK(layout_doc_run(doc) == 0);
    n = layout_doc_line_count(doc);
    /* the first line starts the URL and breaks it after one of / . ? & = - */
    line_text(doc, 0, text, sizeof text);
    CHECK(strncmp(text, "详情见https://", strlen("详情见https://")) == 0);
    CHECK(strchr("/.?&=-", text[strlen(text) - 1]) != NULL);
    line_text(doc, 1, text, sizeof text);
    CHECK(text[0] != '/' && text[0] != '.');
    for (i = 0; i < n; i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        /* no line is wider than its measure */
        CHECK(li.width_pt <= li.measure_pt + 0.01);
    }
    /* the list item's first line holds more than its first word */
    for (i = 0; i < n; i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        if (li.block == 1 && li.line_in_block == 0) {
            line_text(doc, i, text, sizeof text);
            CHECK(strstr(text, "https://github.com/") != NULL);
        }
        /* the digits, not a URL, are never broken: their line is ragged */
        if (li.block == 2 && li.line_in_block == 0) CHECK(li.width_pt < li.measure_pt - 12);
    }
    layout_doc_destroy(doc);
}

TEST(long_latin_words_hyphenate)
{
    layout_doc *doc;
    layout_line_info li;
    char text[512];
    size_t i, n, hyphenated = 0;
    int body;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    if (access("/usr/share/hyphen/hyph_en_US.dic", R_OK) != 0) { harness_skip("hyphen-en-us not installed"); return; }
    CHECK((doc = new_doc("A5")) != NULL);
    body = layout_style_find(doc, "body");
    CHECK(layout_para_add(doc, body, "The internationalization of standardization organizations requires "
                                     "extraordinarily comprehensive documentation; incomprehensibilities "
                                     "notwithstanding, the characterization of responsibilities continues "
                                     "uninterruptedly.") == 0);
    CHECK(layout_doc_run(doc) == 0);
    n = layout_doc_line_count(doc);
    for (i = 0; i + 1 < n; i++) {
        size_t len;
        CHECK(layout_doc_line(doc, i, &li) == 0);
        line_text(doc, i, text, sizeof text);
        len = strlen(text);
        /* a line that ends inside a word: a letter, and a letter after it */
        if (len && isalpha((unsigned char)text[len - 1])
            && isalpha((unsigned char)layout_doc_block_text(doc, 0)[li.text_end]))
            hyphenated++;
        CHECK(li.width_pt <= li.measure_pt + 0.01);
    }
    CHECK(hyphenated >= 1);
    layout_doc_destroy(doc);
}

TEST(headings_keep_their_leading_number)
{
    static const char *const heads[] = {
        /* the rest fits a line and the whole does not: a break after the
         * number's space was the clause break of a headline */
        "3. 重庆市总工会召开全市工会系统深入学习贯彻二十大精神的专题会议",
        "一、重庆市总工会召开全市工会系统深入学习贯彻二十大精神专题会议",
        "（二） 重庆市总工会召开全市工会系统深入学习贯彻二十大精神专题会议",
    };
    static const size_t lead[] = {3, 6, 10};   /* bytes of the number and its delimiter */
    layout_doc *doc;
    layout_line_info li;
    char text[512];
    size_t i, h;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    /* heading2: 15 pt, left: the 30 characters after the number fill a line */
    for (h = 0; h < 3; h++) CHECK(layout_heading_add(doc, layout_style_find(doc, "heading2"), 2, heads[h]) == (int)h);
    CHECK(layout_doc_run(doc) == 0);
    for (i = 0; i < layout_doc_line_count(doc); i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        if (li.line_in_block != 0) continue;
        line_text(doc, i, text, sizeof text);
        /* the first line holds the number and more than it */
        CHECK(strlen(text) > lead[li.block] + 3);
        CHECK(!li.last_in_block);   /* each is two lines: a break was needed */
    }
    layout_doc_destroy(doc);
}

TEST(remaining_space_on_the_last_page)
{
    layout_doc *doc;
    double full, left, after;
    int page, body, i;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    body = layout_style_find(doc, "body");
    CHECK_INT(layout_doc_remaining(doc, &full, &page), 0);
    CHECK_NEAR(full, (297.0 - 50) * 72 / 25.4, 1e-6);
    CHECK_INT(page, 0);
    CHECK(layout_para_add(doc, body, "第一段") >= 0);
    CHECK_INT(layout_doc_remaining(doc, &left, &page), 0);
    CHECK_NEAR(left, full - 1.6 * 12, 1e-6);          /* one line of 12 pt at 1.6 */
    for (i = 0; i < 60; i++) CHECK(layout_para_add(doc, body, "市总工会召开全体会议，部署下一阶段重点工作。") >= 0);
    CHECK_INT(layout_doc_remaining(doc, &left, &page), 0);
    CHECK_INT(page, layout_doc_page_count(doc) - 1);
    CHECK(page >= 1 && left >= 0 && left < full);
    /* a later block does not move what is placed: one more line takes
     * exactly its own room */
    CHECK(layout_para_add(doc, body, "再一段") >= 0);
    CHECK_INT(layout_doc_remaining(doc, &after, &page), 0);
    CHECK_NEAR(after, left - 1.6 * 12, 1e-6);
    CHECK(layout_page_break_add(doc) >= 0);
    CHECK_INT(layout_doc_remaining(doc, &after, &i), 0);
    CHECK_INT(i, page + 1);
    CHECK_NEAR(after, full, 1e-6);
    layout_doc_destroy(doc);
}

TEST(footnotes_at_the_foot_of_their_page)
{
    layout_doc *doc;
    layout_line_info li;
    layout_span note = {0};
    const char *text = "市总工会召开全体会议，部署下一阶段重点工作。“一号工程”\xE2\x91\xA0各区县工会要结合实际抓好落实。";
    double lowest_text[8] = {0}, highest_note[8], notes[8] = {0};
    size_t i;
    int body, p, b;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A5")) != NULL);
    body = layout_style_find(doc, "body");
    note.start = strstr(text, "\xE2\x91\xA0") - text;
    note.end = note.start + 3;
    note.flags = LAYOUT_SPAN_SUPERSCRIPT;
    note.note = "指重庆市委确定的“一号工程”，即推动成渝地区双城经济圈建设，这条注释较长，会折成两行排在页脚。";
    for (i = 0; i < 14; i++) {
        b = layout_para_add(doc, body, text);
        CHECK(b >= 0 && layout_block_set_spans(doc, b, &note, 1) == 0);
    }
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK(layout_doc_page_count(doc) >= 2 && layout_doc_page_count(doc) <= 8);
    for (p = 0; p < 8; p++) highest_note[p] = 1e9;
    for (i = 0; i < layout_doc_line_count(doc); i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        CHECK(li.page >= 0 && li.page < 8);
        if (li.page < 0 || li.page >= 8) continue;
        if (li.note) {
            notes[li.page]++;
            if (li.baseline_pt < highest_note[li.page]) highest_note[li.page] = li.baseline_pt;
            /* inside the text area: above the bottom margin (20 mm on A5) */
            CHECK(li.baseline_pt > 20 * 72 / 25.4);
        } else if (lowest_text[li.page] == 0 || li.baseline_pt < lowest_text[li.page]) {
            lowest_text[li.page] = li.baseline_pt;
        }
    }
    /* every page with text has its notes (two lines each), below its text */
    for (p = 0; p < layout_doc_page_count(doc); p++) {
        CHECK(notes[p] >= 2);
        CHECK(highest_note[p] < lowest_text[p]);
    }
    layout_doc_destroy(doc);

    /* more than 20 notes numbered per page on one page fail, naming why */
    CHECK((doc = new_doc("A4")) != NULL);
    note.note = "注";
    note.start = 0;
    note.end = 3;
    for (i = 0; i < 22; i++) {
        b = layout_para_add(doc, body, "\xE2\x91\xA0");
        CHECK(b >= 0 && layout_block_set_spans(doc, b, &note, 1) == 0);
    }
    CHECK_INT(layout_doc_run(doc), -1);
    CHECK(strstr(layout_doc_errmsg(doc), "more than 20 footnotes") != NULL);
    CHECK_INT(layout_doc_set_footnotes(doc, body, 0), -1);   /* too late: notes exist */
    layout_doc_destroy(doc);
}

TEST(first_page_has_its_own_text_area)
{
    layout_doc *doc;
    layout_line_info li;
    double top0 = 0, top1 = 0, mm = 72 / 25.4;
    size_t i;
    int body, k;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    body = layout_style_find(doc, "body");
    CHECK_INT(layout_doc_set_first_page(doc, 80, -1), 0);
    CHECK_INT(layout_doc_set_first_page(doc, 200, 100), -1);   /* no text area left */
    for (k = 0; k < 60; k++) CHECK(layout_para_add(doc, body, "市总工会召开全体会议，部署下一阶段重点工作。") >= 0);
    CHECK_INT(layout_doc_run(doc), 0);
    for (i = 0; i < layout_doc_line_count(doc); i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        if (li.page == 0 && li.baseline_pt > top0) top0 = li.baseline_pt;
        if (li.page == 1 && li.baseline_pt > top1) top1 = li.baseline_pt;
    }
    /* the first line of page 1 is 55 mm lower than that of page 2 (80 mm
     * of top margin against 25 mm) */
    CHECK_NEAR(top1 - top0, 55 * mm, 0.01);
    layout_doc_destroy(doc);
}

TEST(columns_fill_and_balance)
{
    layout_doc *doc;
    layout_line_info li;
    double measure = 160 * 72 / 25.4, colw = (measure - 6 * 72 / 25.4) / 2, left = 25 * 72 / 25.4;
    double low[2] = {1e9, 1e9}, high[2] = {0, 0};
    size_t i, in_col[2] = {0, 0};
    int body, k, first, last;
    if (!test_fonts) { harness_skip("fonts not installed"); return; }
    CHECK((doc = new_doc("A4")) != NULL);
    body = layout_style_find(doc, "body");
    CHECK(layout_para_add(doc, body, "通栏正文。") == 0);
    CHECK(layout_columns_add(doc, 2, 6) == 1);
    CHECK(layout_columns_add(doc, 7, 6) == -1);
    first = 2;
    for (k = 0; k < 9; k++) CHECK(layout_para_add(doc, body, "分栏正文：市总工会召开全体会议，部署下一阶段重点工作。") >= 0);
    last = first + 8;
    CHECK(layout_columns_add(doc, 1, 0) == last + 1);
    CHECK(layout_para_add(doc, body, "通栏结尾。") == last + 2);
    CHECK_INT(layout_doc_run(doc), 0);
    CHECK_INT(layout_doc_page_count(doc), 1);
    for (i = 0; i < layout_doc_line_count(doc); i++) {
        int c;
        CHECK(layout_doc_line(doc, i, &li) == 0);
        if (li.block < first || li.block > last) {
            CHECK_NEAR(li.measure_pt + (li.line_in_block == 0 ? 24 : 0), measure, 0.01);
            continue;
        }
        /* a column's width, in the left or the right column */
        CHECK_NEAR(li.measure_pt + (li.line_in_block == 0 ? 24 : 0), colw, 0.01);
        c = li.x_pt > left + colw ? 1 : 0;
        in_col[c]++;
        if (li.baseline_pt < low[c]) low[c] = li.baseline_pt;
        if (li.baseline_pt > high[c]) high[c] = li.baseline_pt;
    }
    /* both columns used, from the same top, balanced to within a paragraph */
    CHECK(in_col[0] > 0 && in_col[1] > 0);
    CHECK_NEAR(high[0], high[1], 0.01);
    CHECK(fabs(low[0] - low[1]) <= 3 * 1.6 * 12 + 0.01);
    /* the full-width paragraph after the section is below both columns */
    for (i = 0; i < layout_doc_line_count(doc); i++) {
        CHECK(layout_doc_line(doc, i, &li) == 0);
        if (li.block == last + 2) CHECK(li.baseline_pt < low[0] && li.baseline_pt < low[1]);
    }
    layout_doc_destroy(doc);
}

int main(void)
{
    char conf[] = "/tmp/brief-test-roles-XXXXXX";
    char err[512];
    int fd = mkstemp(conf);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f) {
        /* the first font lacks Hangul, which the second has; no font has 𱍐 */
        fputs("body = AR PL UMing CN, WenQuanYi Micro Hei\n"
              "heading = WenQuanYi Micro Hei, AR PL UMing CN\n", f);
        fclose(f);
        test_fonts = fonts_create(conf, err, sizeof err);
        if (!test_fonts) printf("# fonts: %s\n", err);
        unlink(conf);
    }
    RUN(justified_lines_fill_the_measure);
    RUN(no_line_starts_with_closing_or_ends_with_opening);
    RUN(grid_mode_sets_28_characters_a_line);
    RUN(gbt9704_grid_fills_the_text_area_with_22_lines_of_28);
    RUN(adjacent_punctuation_is_compressed);
    RUN(pagination_keeps_headings_and_avoids_widows_and_orphans);
    RUN(missing_glyph_is_a_box_and_one_warning);
    RUN(fallback_to_the_second_font_of_the_chain);
    RUN(no_line_is_wider_than_the_measure);
    RUN(repeated_latin_runs_measure_as_shaped);
    RUN(random_text_lays_out_whole);
    RUN(golden_line_breaks);
    RUN(last_line_is_never_one_character);
    RUN(centred_titles_are_balanced);
    RUN(lists_toc_rules_and_page_callback);
    RUN(toc_wraps_a_long_title);
    RUN(bad_input_is_refused);
    RUN(limits_at_the_edge);
    RUN(urls_break_and_no_line_is_letter_spaced);
    RUN(long_latin_words_hyphenate);
    RUN(headings_keep_their_leading_number);
    RUN(remaining_space_on_the_last_page);
    RUN(footnotes_at_the_foot_of_their_page);
    RUN(first_page_has_its_own_text_area);
    RUN(columns_fill_and_balance);
    fonts_destroy(test_fonts);
    return harness_done();
}
