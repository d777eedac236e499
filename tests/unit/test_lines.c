/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_lines.c — text into lines and what each line is made of
 * (engine/ingest/lines.c): line ends and numbers, form feeds, trimming and
 * indents, sentence ends, headline-likeness, page numbers, running heads and
 * a watermark cut off the line it is glued to. */
#include "harness.h"
#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"

#include <stdlib.h>
#include <string.h>

TEST(split_line_ends_and_numbers)
{
    const char *t = "a\r\nb\rc\n\f— 2 —\nd\xE2\x80\xA8" "e\n\n";
    ingest_line *v;
    size_t n;
    CHECK_INT(lines_split(t, strlen(t), &v, &n), 0);
    /* a, b, c, — 2 —, d, e, "" (the blank line) */
    CHECK_INT(n, 7);
    CHECK(v[0].len == 1 && v[0].text[0] == 'a' && v[0].lineno == 1);
    CHECK(v[1].text[0] == 'b' && v[1].lineno == 2);
    CHECK(v[2].text[0] == 'c' && v[2].lineno == 3);
    CHECK_INT(v[3].page_break_before, 1);      /* after the form feed */
    CHECK_INT(v[3].lineno, 4);
    CHECK(v[4].text[0] == 'd' && v[4].lineno == 5);
    CHECK(v[5].text[0] == 'e' && v[5].lineno == 6);   /* U+2028 ends a line */
    CHECK_INT(v[6].len, 0);
    free(v);
    CHECK_INT(lines_split("", 0, &v, &n), 0);
    CHECK_INT(n, 0);
    free(v);
}

static pline measured(const char *s)
{
    pline l;
    memset(&l, 0, sizeof l);
    l.s = s;
    l.len = strlen(s);
    lines_measure(&l);
    return l;
}

TEST(measure_sentence_ends_and_headlines)
{
    pline l = measured("会议要求,各级工会要“学起来、讲起来”。");
    CHECK(l.final && !l.headlike && l.punct);
    l = measured("九龙坡区总工会走访慰问一线环卫职工");
    CHECK(l.headlike && !l.final);
    CHECK_INT(l.cps, 17);
    l = measured("长寿区:基层工会组织突破1200个");   /* one colon inside: a title's X:Y */
    CHECK(l.headlike && l.colons == 1);
    l = measured("同志们:");
    CHECK(!l.headlike && l.colon_end && l.dangling);
    l = measured("黔江区、涪陵区、");
    CHECK(l.dangling && !l.headlike);
    l = measured("(完)");
    CHECK(l.bracketed && l.final && !l.headlike);
    l = measured("栏目:领导讲话发布:2021-03-18浏览:2715");
    CHECK(!l.headlike && l.colons == 3);
}

TEST(page_numbers)
{
    static const char *yes[] = {"— 3 —", "- 3 -", "-3-", "3", "第3页", "第 3 页 共 12 页", "3/12", "Page 3",
                                "page 3 of 12", "－ １ －", "·14·", "/ 1", "－3－"};
    static const char *no[] = {"2023", "第3期", "3个", "共3人", "·工会·", "Page", "3/"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!lines_is_page_number(yes[i], strlen(yes[i]))) printf("  not: %s\n", yes[i]);
        CHECK(lines_is_page_number(yes[i], strlen(yes[i])));
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        if (lines_is_page_number(no[i], strlen(no[i]))) printf("  is: %s\n", no[i]);
        CHECK(!lines_is_page_number(no[i], strlen(no[i])));
    }
}

TEST(running_heads_and_watermarks)
{
    ingest_options o;
    memset(&o, 0, sizeof o);
    o.keep_lines = 1;
    const char *t = "重庆工会信息\n\n第一篇的标题\n\n第一段,跨页\n\f重庆工会信息\n继续写完。\n";
    ingest_bulletin *b = NULL;
    char err[128];
    CHECK_INT(ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err), INGEST_OK);
    CHECK_STR(b->lines[0].rule, "running-head");
    CHECK_STR(b->articles[0].paragraphs[0], "第一段,跨页继续写完。");
    ingest_bulletin_destroy(b);
    /* A repeated line with a web address: a watermark, wherever it stands,
     * and cut off the line it is glued to. */
    t = "范文网—资源每日更新 www.example.com在区总工会全委会议上的讲话\n同志们:\n"
        "刚才,会议审议了报告,我都同意。\n范文网—资源每日更新 www.example.com\n"
        "希望大家多下基层。\n范文网—资源每日更新 www.example.com\n最后一句话。\n";
    CHECK_INT(ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err), INGEST_OK);
    CHECK_STR(b->articles[0].title, "在区总工会全委会议上的讲话");
    CHECK_STR(b->lines[3].rule, "watermark");
    CHECK_STR(b->lines[5].rule, "watermark");
    CHECK_INT(b->articles[0].paragraph_count, 4);
    ingest_bulletin_destroy(b);
}

int main(void)
{
    RUN(split_line_ends_and_numbers);
    RUN(measure_sentence_ends_and_headlines);
    RUN(page_numbers);
    RUN(running_heads_and_watermarks);
    return harness_done();
}
