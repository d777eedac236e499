/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_meta.c — metadata labels and their values (engine/ingest/meta.c):
 * labels at a line's start, letter-spaced, glued to each other and to their
 * values, in both scripts; names of bylines and leads; dates by the weight of
 * their label; sources that are no sources. */
#include "harness.h"
#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"

#include <stdlib.h>
#include <string.h>

TEST(labels)
{
    static const struct { const char *line; int field; size_t label_bytes; } at[] = {
        {"发布时间:2023-10-27 09:30", INGEST_FIELD_DATE, 12},
        {"發佈日期:111年5月18日", INGEST_FIELD_DATE, 12},
        {"来源：重庆市总工会", INGEST_FIELD_SOURCE, 6},
        {"上傳日期: 2022-05-20 22:11", INGEST_FIELD_STAMP, 12},
        {"出 版 物:《工人之家》", INGEST_FIELD_IGNORE, 11},     /* letter-spaced */
        {"页    面:14-15页", INGEST_FIELD_IGNORE, 10},
        {"(责编:周雨桐、卢峰)", INGEST_FIELD_EDITOR, 6},
        {"Last updated: 2025/03/12 15:40", INGEST_FIELD_STAMP, 12},
        {"作者:谭雪梅", INGEST_FIELD_AUTHOR, 6},
    };
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        size_t label_len = 0, colon_len = 0;
        ingest_field f;
        int found = meta_label_at(NULL, at[i].line, strlen(at[i].line), &label_len, &colon_len, &f);
        if (!found) printf("  no label: %s\n", at[i].line);
        CHECK(found);
        CHECK_INT(f, at[i].field);
        CHECK_INT(label_len, at[i].label_bytes);
    }
    size_t a, b;
    ingest_field f;
    CHECK(!meta_label_at(NULL, "会议指出:要抓好落实。", strlen("会议指出:要抓好落实。"), &a, &b, &f));
    CHECK(!meta_label_at(NULL, "同志们:", strlen("同志们:"), &a, &b, &f));
    /* glued labels: 栏目 发布 浏览 */
    const char *g = "栏目:领导讲话发布:2021-03-18浏览:2715下载86次收藏";
    CHECK_INT(meta_label_count(NULL, g, strlen(g)), 3);
    g = "来源:九龙坡区总工会 作者:周晓岚 发布时间:2023-07-24 09:02 浏览次数:312";
    CHECK_INT(meta_label_count(NULL, g, strlen(g)), 4);
}

TEST(byline_names)
{
    static const struct { const char *byline, *names; } v[] = {
        {"本报记者 王某 通讯员 李某", "王某、李某"},
        {"记者 蒲晓 实习生 秦悦", "蒲晓、秦悦"},
        {"□晚报记者 张三/文 李四/图", "张三、李四"},
        {"某某社記者林雅雯六月廿一日臺北報導", "林雅雯"},
        {"會長 黎志強", "黎志強"},
        {"本站编辑", ""},
        {"会员上传", ""},
        {"通讯员 曾小芸", "曾小芸"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        meta_fields m;
        memset(&m, 0, sizeof m);
        CHECK_INT(meta_byline_names(v[i].byline, strlen(v[i].byline), &m), 0);
        CHECK_STR(m.author ? m.author : "", v[i].names);
        meta_fields_free(&m);
    }
}

/* Fields and dates of a one-line page through the whole parser. */
static ingest_bulletin *parse(const char *t)
{
    ingest_bulletin *b = NULL;
    char err[128];
    ingest_parse((const unsigned char *)t, strlen(t), NULL, &b, err, sizeof err);
    return b;
}

TEST(values)
{
    ingest_bulletin *b = parse("铜梁区推行基层工会干部“挂牌服务”\n\n2023-05-16 11:18:30 铜梁网| 编辑:邓可欣\n\n"
                               "11日,铜梁区总工会召开现场会。\n");
    CHECK(b != NULL);
    CHECK_STR(b->articles[0].source, "铜梁网");   /* the word after the date, before | */
    CHECK(b->articles[0].author == NULL);          /* an editor is no author */
    CHECK_STR(b->issued_on, "2023-05-16");
    ingest_bulletin_destroy(b);
    b = parse("冬至饺子香 暖了户外劳动者\n\n《工人日报》(2023年12月21日 02版)\n\n12月20日,街道总工会准备了冬至饺子宴。\n");
    CHECK(b != NULL);
    CHECK_STR(b->articles[0].source, "工人日报");
    ingest_bulletin_destroy(b);
    b = parse("公司工会开展慰问活动\n\n浏览数量: 126  作者: 本站编辑  发布时间: 2023-06-21  来源: 本站\n\n端午节前夕,公司工会慰问职工。\n");
    CHECK(b != NULL);
    CHECK(b->articles[0].source == NULL);
    CHECK(b->articles[0].author == NULL);
    CHECK_STR(b->issued_on, "2023-06-21");
    ingest_bulletin_destroy(b);
    /* A page's 来源 applies to every article; a masthead's date beats the
     * site's 发布日期. */
    b = parse("綦江区工会工作简报(第12期)\n\n发布日期:2023-06-30  来源:区总工会  访问量:89\n\n"
              "綦江区总工会办公室                    2023年6月28日\n\n第一篇文章的标题\n\n正文一。\n\n"
              "第二篇文章的标题\n\n正文二。\n");
    CHECK(b != NULL);
    CHECK_INT(b->article_count, 2);
    CHECK_STR(b->articles[1].source, "区总工会");
    CHECK_STR(b->issued_on, "2023-06-28");
    ingest_bulletin_destroy(b);
}

int main(void)
{
    RUN(labels);
    RUN(byline_names);
    RUN(values);
    return harness_done();
}
