/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_pdfread.c — the PDF reader: the fixtures of tests/data/pdf read with
 * poppler (ReportLab's two columns, running heads and page numbers; the
 * refusals: truncated, malformed, password, no copying, a scan), the
 * geometry on lines built here (furniture by repeated place, columns,
 * indents, vertical space, headlines that wrap, paragraphs across a page
 * break), and the encoding between processes, whole and cut anywhere. */
#include "harness.h"
#include "ingest/pdfread.h"
#include "ingest/pdfread_private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a fixture; the code, and the message in err. */
static int extract_file(const char *path, pdfread_doc **doc, char *err, size_t errlen)
{
    size_t len;
    unsigned char *data = harness_slurp(path, &len);
    int rc = data ? pdfread_extract(data, len, doc, err, errlen) : -1;
    free(data);
    return rc;
}

/* The index of the first line holding needle, or -1. */
static long find_line(const ingest_line *lines, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++)
        if (lines[i].len && memmem(lines[i].text, lines[i].len, needle, strlen(needle))) return (long)i;
    return -1;
}

TEST(recognised_by_its_header)
{
    CHECK(pdfread_is_pdf((const unsigned char *)"%PDF-1.7\n", 9));
    CHECK(pdfread_is_pdf((const unsigned char *)"junk\r\n%PDF-1.4", 15));   /* junk before: Acrobat reads it */
    CHECK(!pdfread_is_pdf((const unsigned char *)"%PDF", 4));
    CHECK(!pdfread_is_pdf((const unsigned char *)"重庆工会信息\n", 19));
    char late[2000];
    memset(late, ' ', sizeof late);
    memcpy(late + 1500, "%PDF-1.4", 8);
    CHECK(!pdfread_is_pdf((const unsigned char *)late, sizeof late));
}

TEST(reportlab_two_columns_read_column_by_column)
{
    pdfread_doc *doc = NULL;
    const ingest_line *l;
    const ingest_doc_hints *hints;
    size_t n;
    char err[256];
    CHECK_INT(extract_file("tests/data/pdf/reportlab_2col.pdf", &doc, err, sizeof err), PDFREAD_OK);
    CHECK_INT(pdfread_page_count(doc), 2);
    CHECK_INT(pdfread_lines(doc, &l, &n, &hints), PDFREAD_OK);
    /* the masthead, largest, is level 1; the headlines, wrapped over three
     * lines of their column, one line each at level 2 */
    long m = find_line(l, n, "重庆工会信息");
    CHECK(m >= 0 && l[m].heading_level == 1 && !l[m].furniture);
    long h1 = find_line(l, n, "沙坪坝区总工会启动“春风送岗”职工服务月活动");
    CHECK(h1 >= 0 && l[h1].heading_level == 2 && l[h1].font_size_rel > 1.3f);
    /* the left column's last paragraph, then the right column's first */
    long a = find_line(l, n, "区总工会有关负责人介绍"), b = find_line(l, n, "参加活动的职工普遍反映");
    CHECK(a > h1 && b > a);
    CHECK(l[a].heading_level == -1);
    /* a paragraph the page break cut (体 / 验饮水) is one line; the page's
     * running head and number are furniture by their place */
    long j = find_line(l, n, "体验饮水");
    CHECK(j > b);
    CHECK(l[j].page == 1);
    long p1 = find_line(l, n, "第 1 页"), p2 = find_line(l, n, "第 2 页"), rh = find_line(l, n, "2024年第6期");
    CHECK(p1 >= 0 && p2 > p1 && rh >= 0);
    CHECK_STR(l[p1].furniture, "pdf-page-number");
    CHECK_STR(l[p2].furniture, "pdf-page-number");
    /* the masthead's issue line is no running head; page 2's is */
    CHECK(!l[rh].furniture);
    long rh2 = find_line(l + rh + 1, n - (size_t)rh - 1, "2024年第6期");
    CHECK(rh2 >= 0);
    CHECK_STR(l[rh + 1 + rh2].furniture, "pdf-running-head");
    CHECK_INT(l[rh + 1 + rh2].page, 2);
    /* the left column of page 2 before its right one */
    CHECK(find_line(l, n, "江津区总工会开展一线职工技能比武") < find_line(l, n, "经过一天的比拼"));
    /* blank lines between paragraphs */
    CHECK(n > 2 && l[1].len == 0);
    CHECK(hints->title == NULL);
    pdfread_doc_destroy(doc);
}

TEST(spaced_paragraphs_info_as_weak_hints)
{
    pdfread_doc *doc = NULL;
    const ingest_line *l;
    const ingest_doc_hints *hints;
    size_t n;
    char err[256];
    CHECK_INT(extract_file("tests/data/pdf/reportlab_spaced.pdf", &doc, err, sizeof err), PDFREAD_OK);
    CHECK_INT(pdfread_lines(doc, &l, &n, &hints), PDFREAD_OK);
    CHECK_STR(hints->title, "重庆工会信息 2024年第6期");
    CHECK_STR(hints->published, "2000-01-01");   /* ReportLab's reproducible date */
    /* no indent: each paragraph by the space above it, four in article 1 */
    long a = find_line(l, n, "3月上旬"), b = find_line(l, n, "区总工会有关负责人介绍");
    CHECK(a >= 0 && b == a + 2);
    CHECK(find_line(l, n, "下一步，沙坪坝区总工会") == b + 4);
    long f = find_line(l, n, "- 2 -");
    CHECK(f >= 0);
    CHECK_STR(l[f].furniture, "pdf-page-number");
    pdfread_doc_destroy(doc);
}

TEST(refusals_say_why)
{
    pdfread_doc *doc = (pdfread_doc *)1;
    char err[256];
    CHECK_INT(extract_file("tests/data/pdf/scanned.pdf", &doc, err, sizeof err), PDFREAD_NO_TEXT);
    CHECK(doc == NULL);
    CHECK_STR(err, "no text layer (1 page, no text on it: a scan?); brief does no OCR");
    CHECK_INT(extract_file("tests/data/pdf/locked_password.pdf", &doc, err, sizeof err), PDFREAD_LOCKED);
    CHECK(strstr(err, "needs a password") != NULL);
    CHECK_INT(extract_file("tests/data/pdf/locked_nocopy.pdf", &doc, err, sizeof err), PDFREAD_LOCKED);
    CHECK(strstr(err, "forbid copying") != NULL);
    CHECK_INT(extract_file("tests/data/pdf/tiny.pdf", &doc, err, sizeof err), PDFREAD_OK);
    pdfread_doc_destroy(doc);

    size_t len;
    unsigned char *data = harness_slurp("tests/data/pdf/tiny.pdf", &len);
    CHECK(data != NULL);
    /* cut anywhere: refused, never read in part */
    for (size_t cut = 0; cut < len - 8; cut += 97) {
        int rc = pdfread_extract(data, cut, &doc, err, sizeof err);
        CHECK(rc == PDFREAD_DAMAGED || rc == PDFREAD_NOT_PDF);
        CHECK(doc == NULL);
    }
    CHECK_INT(pdfread_extract(data, len / 2, &doc, err, sizeof err), PDFREAD_DAMAGED);
    CHECK_STR(err, "truncated PDF (no %%EOF at its end): download or copy it again");
    /* the header and the end kept, the middle broken */
    memset(data + 20, 'x', len - 60);
    CHECK_INT(pdfread_extract(data, len, &doc, err, sizeof err), PDFREAD_DAMAGED);
    CHECK(strncmp(err, "malformed PDF", 13) == 0);
    free(data);
    CHECK_INT(pdfread_extract((const unsigned char *)"hello", 5, &doc, err, sizeof err), PDFREAD_NOT_PDF);
}

/* ---- geometry on lines made here ------------------------------------------------ */

static void add(pdfread_doc *d, size_t page, float x0, float y0, float x1, float size, const char *text)
{
    pdf_tline t;
    memset(&t, 0, sizeof t);
    t.page = page;
    t.x0 = x0;
    t.y0 = y0;
    t.x1 = x1;
    t.y1 = y0 + size * 1.2f;
    t.size = size;
    pdfread_doc_add(d, &t, text, strlen(text));
}

static pdfread_doc *pages(size_t n)
{
    pdfread_doc *d = pdfread_doc_new();
    d->pages = calloc(n, sizeof *d->pages);
    d->npages = n;
    for (size_t i = 0; i < n; i++) { d->pages[i].width = 595; d->pages[i].height = 842; }
    return d;
}

/* The non-blank lines joined with '|'. */
static const char *joined(pdfread_doc *d)
{
    static char out[4096];
    const ingest_line *l;
    size_t n, pos = 0;
    out[0] = '\0';
    if (pdfread_lines(d, &l, &n, NULL) != PDFREAD_OK) return "(no memory)";
    for (size_t i = 0; i < n; i++) {
        if (!l[i].len) continue;
        pos += (size_t)snprintf(out + pos, sizeof out - pos, "%s%s%.*s", pos ? "|" : "", l[i].furniture ? "F:" : "",
                                (int)l[i].len, l[i].text);
        if (pos >= sizeof out) break;
    }
    return out;
}

TEST(indents_wraps_and_a_page_break)
{
    pdfread_doc *d = pages(2);
    add(d, 0, 100, 60, 495, 18, "大标题第一行");          /* a headline wrapped on two lines */
    add(d, 0, 150, 84, 445, 18, "大标题第二行");
    add(d, 0, 94, 130, 500, 12, "　甲段第一行");           /* indented first line */
    add(d, 0, 70, 150, 500, 12, "甲段第二行");
    add(d, 0, 70, 170, 200, 12, "甲段完。");               /* short: the paragraph ends */
    add(d, 0, 94, 190, 500, 12, "乙段第一行");
    add(d, 0, 70, 210, 500, 12, "乙段到页底");             /* full at the foot of page 1 */
    add(d, 0, 290, 800, 305, 10, "- 1 -");
    add(d, 1, 70, 60, 500, 12, "乙段在下页接着");          /* not indented: goes on */
    add(d, 1, 70, 80, 300, 12, "乙段完。");
    add(d, 1, 94, 100, 500, 12, "丙段开头");
    add(d, 1, 70, 120, 200, 12, "丙段完。");
    add(d, 1, 290, 800, 305, 10, "- 2 -");
    CHECK_STR(joined(d), "大标题第一行大标题第二行|　甲段第一行甲段第二行甲段完。|乙段第一行乙段到页底乙段在下页接着乙段完。|"
                         "F:- 1 -|丙段开头丙段完。|F:- 2 -");
    pdfread_doc_destroy(d);

    /* the same with the next page's first line indented: a new paragraph */
    d = pages(2);
    add(d, 0, 94, 130, 500, 12, "甲段第一行");
    add(d, 0, 70, 150, 500, 12, "甲段到页底。");
    add(d, 0, 94, 170, 500, 12, "乙段第一行");
    add(d, 0, 70, 190, 300, 12, "乙段完。");
    add(d, 1, 94, 60, 500, 12, "丙段在新页");
    add(d, 1, 70, 80, 300, 12, "丙段完。");
    CHECK_STR(joined(d), "甲段第一行甲段到页底。|乙段第一行乙段完。|丙段在新页丙段完。");
    pdfread_doc_destroy(d);
}

TEST(hanging_indents_of_a_list)
{
    /* "一、" at the column's edge, its later lines set in under its text */
    pdfread_doc *d = pages(1);
    add(d, 0, 94, 100, 500, 12, "工会要做好以下工作:");
    add(d, 0, 70, 120, 200, 12, "请各单位认真落实。");
    add(d, 0, 70, 140, 500, 12, "一、加强组织领导，明确责任分工，");
    add(d, 0, 94, 160, 500, 12, "确保各项任务落到实处，");
    add(d, 0, 94, 180, 300, 12, "按时报送进展。");
    add(d, 0, 70, 200, 500, 12, "二、强化督促检查，及时通报情况，");
    add(d, 0, 94, 220, 300, 12, "推动问题整改。");
    CHECK_STR(joined(d), "工会要做好以下工作:请各单位认真落实。|一、加强组织领导，明确责任分工，确保各项任务落到实处，按时报送进展。|"
                         "二、强化督促检查，及时通报情况，推动问题整改。");
    pdfread_doc_destroy(d);
}

TEST(space_between_paragraphs_without_indents)
{
    pdfread_doc *d = pages(2);
    add(d, 0, 70, 100, 500, 12, "一段第一行");
    add(d, 0, 70, 120, 500, 12, "一段第二行");
    add(d, 0, 70, 140, 500, 12, "一段完。");               /* full width, then space */
    add(d, 0, 70, 175, 500, 12, "二段第一行");
    add(d, 0, 70, 195, 500, 12, "二段结束于页底。");       /* ends a sentence at the break */
    add(d, 1, 70, 60, 500, 12, "三段在新页");
    add(d, 1, 70, 80, 500, 12, "三段第二行");
    add(d, 1, 70, 100, 500, 12, "三段被页");
    add(d, 1, 70, 120, 500, 12, "三段续");
    CHECK_STR(joined(d), "一段第一行一段第二行一段完。|二段第一行二段结束于页底。|三段在新页三段第二行三段被页三段续");
    pdfread_doc_destroy(d);
}

TEST(columns_and_a_headline_across_them)
{
    pdfread_doc *d = pages(1);
    add(d, 0, 150, 60, 445, 20, "横跨两栏的标题");
    /* poppler's order: the two columns' lines interleaved by height */
    for (int i = 0; i < 6; i++) {
        char left[64], right[64];
        snprintf(left, sizeof left, "左栏第%d行%s", i + 1, i == 5 ? "。" : "");
        snprintf(right, sizeof right, "右栏第%d行%s", i + 1, i == 5 ? "。" : "");
        add(d, 0, i == 0 ? 94 : 70, 100 + 20 * (float)i, 290, 12, left);
        add(d, 0, i == 0 ? 330 : 306, 100 + 20 * (float)i, 525, 12, right);
    }
    CHECK_STR(joined(d), "横跨两栏的标题|左栏第1行左栏第2行左栏第3行左栏第4行左栏第5行左栏第6行。|"
                         "右栏第1行右栏第2行右栏第3行右栏第4行右栏第5行右栏第6行。");
    pdfread_doc_destroy(d);
}

TEST(furniture_by_place_not_by_shape_alone)
{
    pdfread_doc *d = pages(3);
    for (size_t p = 0; p < 3; p++) {
        char num[16];
        add(d, p, 70, 30, 200, 9, "某某工会简报");              /* the same head on every page */
        add(d, p, 94, 100, 500, 12, "正文第一行");
        add(d, p, 70, 120, 300, 12, "正文完。");
        add(d, p, 94, 140, 130, 12, "12");                      /* a number in the body: text */
        snprintf(num, sizeof num, "%zu", 8 + p * 1);             /* 8, 9, 10: digits change width */
        add(d, p, 500, 805, 515, 10, num);
    }
    const char *j = joined(d);
    CHECK(strstr(j, "F:某某工会简报|正文第一行正文完。|12|F:8|F:某某工会简报") != NULL);
    CHECK(strstr(j, "F:10") != NULL);
    const ingest_line *l;
    size_t n;
    pdfread_lines(d, &l, &n, NULL);
    long h = find_line(l, n, "某某工会简报");
    CHECK_STR(l[h].furniture, "pdf-running-head");
    pdfread_doc_destroy(d);

    /* a short line repeated inside the text block is no running head */
    d = pages(2);
    for (size_t p = 0; p < 2; p++) {
        add(d, p, 94, 300, 500, 12, "正文第一行");
        add(d, p, 70, 320, 300, 12, "小标题");
    }
    CHECK(strstr(joined(d), "小标题") != NULL);
    CHECK(strstr(joined(d), "F:") == NULL);
    pdfread_doc_destroy(d);
}

/* The articles the parser makes of d: "title|paragraphs" for each. */
static const char *parsed(pdfread_doc *d)
{
    static char out[2048];
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n, pos = 0;
    ingest_bulletin *b = NULL;
    char err[256];
    out[0] = '\0';
    if (pdfread_lines(d, &l, &n, &h) != PDFREAD_OK || ingest_parse_lines(l, n, h, "pdf", NULL, NULL, &b, err, sizeof err))
        return "(error)";
    for (size_t i = 0; i < b->article_count; i++)
        pos += (size_t)snprintf(out + pos, sizeof out - pos, "%s%s|%zu", i ? " / " : "", b->articles[i].title,
                                b->articles[i].paragraph_count);
    ingest_bulletin_destroy(b);
    return out;
}

TEST(a_headline_by_its_size_though_punctuated)
{
    /* a title with a comma and an exclamation: not headline-like by its
     * words, a headline by its size */
    pdfread_doc *d = pages(1);
    add(d, 0, 100, 60, 495, 18, "凝心聚力，建功新时代！");
    add(d, 0, 94, 100, 500, 12, "近日，某区总工会召开全委会议，部署下半年工作。会议强调要抓好");
    add(d, 0, 70, 120, 300, 12, "各项重点任务的落实。");
    add(d, 0, 100, 160, 495, 18, "第二篇文章的标题");
    add(d, 0, 94, 200, 500, 12, "会议指出，各级工会要切实履行维权服务基本职责，为职工办实事");
    add(d, 0, 70, 220, 300, 12, "解难事。");
    CHECK_STR(parsed(d), "凝心聚力，建功新时代！|1 / 第二篇文章的标题|1");
    pdfread_doc_destroy(d);
}

/* ---- the encoding between processes ------------------------------------------------ */

TEST(encoding_round_trip_and_every_cut_refused)
{
    pdfread_doc *doc = NULL, *back = NULL;
    char err[256];
    sbuf enc = SBUF_INIT, again = SBUF_INIT;
    CHECK_INT(extract_file("tests/data/pdf/reportlab_spaced.pdf", &doc, err, sizeof err), PDFREAD_OK);
    CHECK_INT(pdfread_encode(doc, &enc), 0);
    CHECK_INT(pdfread_decode((const unsigned char *)enc.data, enc.len, &back, err, sizeof err), PDFREAD_OK);
    CHECK_INT(pdfread_encode(back, &again), 0);
    CHECK(again.len == enc.len && memcmp(again.data, enc.data, enc.len) == 0);
    pdfread_doc_destroy(back);
    for (size_t cut = 0; cut < enc.len; cut += cut < 200 ? 1 : 331) {
        back = (pdfread_doc *)1;
        CHECK_INT(pdfread_decode((const unsigned char *)enc.data, cut, &back, err, sizeof err), PDFREAD_DAMAGED);
        CHECK(back == NULL);
    }
    CHECK_STR(err, "malformed reader output");
    /* a page index past the pages, a NaN, a newline inside a line */
    unsigned char *bad = malloc(enc.len);
    size_t first_line = 8 + 4 + 8 * pdfread_page_count(doc) + 4;
    uint32_t big = 99;
    memcpy(bad, enc.data, enc.len);
    memcpy(bad + first_line, &big, 4);
    CHECK_INT(pdfread_decode(bad, enc.len, &back, err, sizeof err), PDFREAD_DAMAGED);
    float nan = __builtin_nanf("");
    memcpy(bad, enc.data, enc.len);
    memcpy(bad + first_line + 4, &nan, 4);
    CHECK_INT(pdfread_decode(bad, enc.len, &back, err, sizeof err), PDFREAD_DAMAGED);
    memcpy(bad, enc.data, enc.len);
    bad[first_line + 4 + 5 * 4 + 8] = '\n';
    CHECK_INT(pdfread_decode(bad, enc.len, &back, err, sizeof err), PDFREAD_DAMAGED);
    free(bad);
    sbuf_free(&enc);
    sbuf_free(&again);
    pdfread_doc_destroy(doc);
}

int main(void)
{
    RUN(recognised_by_its_header);
    RUN(reportlab_two_columns_read_column_by_column);
    RUN(spaced_paragraphs_info_as_weak_hints);
    RUN(refusals_say_why);
    RUN(indents_wraps_and_a_page_break);
    RUN(hanging_indents_of_a_list);
    RUN(space_between_paragraphs_without_indents);
    RUN(columns_and_a_headline_across_them);
    RUN(furniture_by_place_not_by_shape_alone);
    RUN(a_headline_by_its_size_though_punctuated);
    RUN(encoding_round_trip_and_every_cut_refused);
    return harness_done();
}
