/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_text.c — characters, trimming, sentences, summaries, paragraphs. */
#include "harness.h"
#include "util/text.h"
#include "util/utf8.h"

#include <stdlib.h>

static char got[512];

static const char *sub(const char *s, long i, long j)
{
    size_t off, n;
    text_sub(s, strlen(s), i, j, &off, &n);
    snprintf(got, sizeof got, "%.*s", (int)n, s + off);
    return got;
}

static const char *trim(const char *s)
{
    size_t off, n = text_trim(s, strlen(s), &off);
    snprintf(got, sizeof got, "%.*s", (int)n, s + off);
    return got;
}

static const char *first(const char *s)
{
    size_t n = text_first_sentence(s, strlen(s));
    snprintf(got, sizeof got, "%.*s", (int)n, s);
    return got;
}

static const char *summary(const char *s, size_t max)
{
    sbuf b = SBUF_INIT;
    if (text_summary(s, strlen(s), max, &b) != 0) return "(oom)";
    snprintf(got, sizeof got, "%s", b.data ? b.data : "");
    sbuf_free(&b);
    return got;
}

TEST(sub_by_characters)
{
    CHECK_STR(sub("重庆市总工会", 1, 2), "重庆");
    CHECK_STR(sub("重庆市总工会", 3, -1), "市总工会");
    CHECK_STR(sub("重庆市总工会", -3, -1), "总工会");
    CHECK_STR(sub("重庆市总工会", -100, 2), "重庆");
    CHECK_STR(sub("重庆市总工会", 5, 100), "工会");
    CHECK_STR(sub("重庆市总工会", 4, 3), "");
    CHECK_STR(sub("", 1, -1), "");
    CHECK_STR(sub("a重b", 2, 2), "重");
}

TEST(trim_full_width_spaces)
{
    CHECK_STR(trim("\u3000\u3000职工之家 \n"), "职工之家");
    CHECK_STR(trim(" \t "), "");
    CHECK_STR(trim("\xEF\xBB\xBF标题"), "标题");
    CHECK_STR(trim("a b"), "a b");
}

TEST(first_sentence_keeps_closing_quotes)
{
    CHECK_STR(first("他说：“要真抓实干。”大家鼓掌。"), "他说：“要真抓实干。”");
    CHECK_STR(first("真的吗？！当然。"), "真的吗？！");
    CHECK_STR(first("增长3.5%。其次"), "增长3.5%。");
    CHECK_STR(first("没有句号的标题"), "没有句号的标题");
    CHECK_STR(first("第一段\n第二段。"), "第一段");
    CHECK_STR(first("Done! Next"), "Done!");
}

TEST(summary_at_sentence_boundary)
{
    const char *t = "工会举办培训。共有三百人参加。会上还表彰了先进个人和集体。";
    CHECK_STR(summary(t, 100), t);
    CHECK_STR(summary(t, 15), "工会举办培训。共有三百人参加。");
    CHECK_STR(summary(t, 14), "工会举办培训。");
    CHECK_STR(summary(t, 5), "工会举办…");
    CHECK_STR(summary("  短句。  ", 3), "短句。");
    CHECK_STR(summary(t, 0), "");
    CHECK_STR(summary("第一段。\n第二段很长很长很长。", 6), "第一段。");
}

TEST(paragraphs)
{
    const char *s = "\u3000\u3000第一段。\r\n\n  \n第二段\n";
    size_t pos = 0, off, n;
    CHECK(text_next_paragraph(s, strlen(s), &pos, &off, &n) == 1);
    CHECK(n == strlen("第一段。") && memcmp(s + off, "第一段。", n) == 0);
    CHECK(text_next_paragraph(s, strlen(s), &pos, &off, &n) == 1);
    CHECK(n == strlen("第二段") && memcmp(s + off, "第二段", n) == 0);
    CHECK(text_next_paragraph(s, strlen(s), &pos, &off, &n) == 0);
    pos = 0;
    CHECK(text_next_paragraph("", 0, &pos, &off, &n) == 0);
}

/* Random bytes (valid UTF-8 mixed with invalid): nothing reads out of
 * bounds (ASan watches) and the documented invariants hold. */
TEST(random_input_invariants)
{
    static const char *const pieces[] = {"。", "！", "？", "”", "\n", "\u3000", " ", "工", "会", "a", "\xE5",
                                         "\xFF", "\r\n", "!", "\"", "\xE3\x80"};
    unsigned seed = 12345;
    int round;
    for (round = 0; round < 2000; round++) {
        char buf[256];
        size_t len = 0, off, n, pos = 0, max;
        sbuf b = SBUF_INIT;
        int k, parts;
        seed = seed * 1103515245u + 12345u;
        parts = (int)(seed >> 16) % 24;
        for (k = 0; k < parts; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            if (len + strlen(p) >= sizeof buf) break;
            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        /* Not NUL-terminated on purpose: the functions take (s, len). */
        char *s = malloc(len ? len : 1);
        memcpy(s, buf, len);
        text_sub(s, len, (long)(seed % 7) - 3, (long)(seed % 11) - 5, &off, &n);
        CHECK(off + n <= len);
        n = text_trim(s, len, &off);
        CHECK(off + n <= len);
        CHECK(text_first_sentence(s, len) <= len);
        max = (seed >> 8) % 12;
        CHECK(text_summary(s, len, max, &b) == 0);
        CHECK(utf8_length(b.data ? b.data : "", b.len) <= max);
        sbuf_free(&b);
        while (text_next_paragraph(s, len, &pos, &off, &n)) CHECK(off + n <= len && n > 0);
        free(s);
    }
}

TEST(nearest_name_for_a_typo)
{
    static const char *const known[] = {"font", "size", "color", "align", "space_before", "space_after",
                                        "keep_with_next", NULL};
    static const char *const han[] = {"标题", "正文", NULL};
    CHECK_STR(text_nearest("szie", known), "size");            /* two neighbours swapped: 1 */
    CHECK_STR(text_nearest("colour", known), "color");         /* one inserted: 1 */
    CHECK_STR(text_nearest("spacebefore", known), "space_before");
    CHECK_STR(text_nearest("keep_with_nxt", known), "keep_with_next");
    CHECK_STR(text_nearest("aling", known), "align");
    CHECK_STR(text_nearest("space_befor", known), "space_before");   /* the closer of two */
    CHECK(text_nearest("zzzz", known) == NULL);                /* nothing near */
    CHECK(text_nearest("sz", known) == NULL);                  /* short words: one edit at most */
    CHECK(text_nearest("fnto", known) == NULL);                /* two edits on four characters */
    CHECK_STR(text_nearest("fonts", known), "font");
    CHECK_STR(text_nearest("正问", han), "正文");              /* counted in characters, not bytes */
    CHECK(text_nearest("", known) == NULL);
    {
        char long_word[200];
        memset(long_word, 'x', sizeof long_word - 1);
        long_word[sizeof long_word - 1] = '\0';
        CHECK(text_nearest(long_word, known) == NULL);          /* compared on its first 64 */
    }
}

static void fullwidth_is(const char *in, const char *want)
{
    sbuf out = SBUF_INIT;
    CHECK_INT(text_fullwidth(in, strlen(in), &out), 0);
    CHECK_STR(out.data ? out.data : "", want);
    sbuf_free(&out);
}

TEST(fullwidth_punctuation_beside_cjk)
{
    fullwidth_is("11月8日,重庆市", "11月8日，重庆市");
    fullwidth_is("公司(CQ)有;好!吗?是:", "公司（CQ）有；好！吗？是：");
    fullwidth_is("10:30, ISO 9001, APP (v2)", "10:30, ISO 9001, APP (v2)");
    fullwidth_is("3.5亿元.www.cq.cn", "3.5亿元.www.cq.cn");
    fullwidth_is("“好”,他说", "“好”，他说");
    fullwidth_is(",开头与结尾,", "，开头与结尾，");
    fullwidth_is("", "");
}

TEST(sentences_in_order)
{
    const char *s = "  他说：“要真抓实干。”大家鼓掌。\n\n第二行没有句号\n最后！？ 结束";
    const char *want[] = {"他说：“要真抓实干。”", "大家鼓掌。", "第二行没有句号", "最后！？", "结束"};
    size_t pos = 0, off, n, k = 0;
    while (text_next_sentence(s, strlen(s), &pos, &off, &n)) {
        CHECK(k < 5);
        if (k < 5) CHECK(n == strlen(want[k]) && memcmp(s + off, want[k], n) == 0);
        k++;
    }
    CHECK_INT(k, 5);
    pos = 0;
    CHECK_INT(text_next_sentence(" \n\u3000", 5, &pos, &off, &n), 0);
}

int main(void)
{
    RUN(sub_by_characters);
    RUN(trim_full_width_spaces);
    RUN(first_sentence_keeps_closing_quotes);
    RUN(summary_at_sentence_boundary);
    RUN(paragraphs);
    RUN(random_input_invariants);
    RUN(nearest_name_for_a_typo);
    RUN(fullwidth_punctuation_beside_cjk);
    RUN(sentences_in_order);
    return harness_done();
}
