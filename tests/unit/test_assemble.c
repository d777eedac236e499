/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_assemble.c — segments and articles (engine/ingest/assemble.c):
 * printed lines against web copy, a title and subtitle that are two short
 * lines, list items that go on across a page, a colon line that stands
 * alone, an unfinished paragraph across a break, and a profile's roles
 * splitting a segment. */
#include "harness.h"
#include "ingest/ingest.h"

#include <stdlib.h>
#include <string.h>

static ingest_bulletin *parse(const char *t, int *rc)
{
    ingest_bulletin *b = NULL;
    char err[128];
    *rc = ingest_parse((const unsigned char *)t, strlen(t), NULL, &b, err, sizeof err);
    return b;
}

TEST(printed_lines_and_web_copy)
{
    int rc;
    /* Web copy: one paragraph a line, lengths all over the place; the
     * headings stand alone. */
    ingest_bulletin *b = parse("讲话\n同志们:\n刚才,会议审议了常委会工作报告,大家讨论得很充分,我都同意。\n"
                               "第一件事,把职工的思想工作做到车间班组里去\n不要只在会议室里开会。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 4);
    ingest_bulletin_destroy(b);
    /* A cut sentence of web copy goes on ("…表示,作" / "为一名…"). */
    b = parse("标题\n吴应明表示,作\n为一名基层工会主席,将始终不忘初心。\n第二段。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_STR(b->articles[0].paragraphs[0], "吴应明表示,作为一名基层工会主席,将始终不忘初心。");
    ingest_bulletin_destroy(b);
}

TEST(title_and_subtitle_in_one_block_of_a_printed_page)
{
    int rc;
    /* The page's lines are 20 characters wide: the two short lines above
     * the body are a title and its subtitle, not one wrapped title. */
    ingest_bulletin *b = parse(
        "多家企业工会开展知识竞赛\n——参赛职工超过1200人\n\n"
        "　　全区15家规模以上工业企业工会相继开\n展安全生产知识竞赛以班组为单位组队参\n赛参赛职工超过一千二百人经过两轮角逐\n"
        "评出一等奖三名二等奖六名三等奖十名。\n"
        "　　竞赛题目涵盖安全生产法律法规岗位操\n作规程和应急处置常识采取笔试和现场抢\n答相结合的方式进行让职工在实操中掌握\n"
        "防护技能提升安全意识取得了良好效果。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->articles[0].title, "多家企业工会开展知识竞赛");
    CHECK_STR(b->articles[0].subtitle, "——参赛职工超过1200人");
    CHECK_INT(b->articles[0].paragraph_count, 2);
    ingest_bulletin_destroy(b);
}

TEST(list_items_across_a_page)
{
    int rc;
    ingest_bulletin *b = parse(
        "基层动态\n\n"
        "△南坪街道总工会组织辖区非公企业工会主席开展集中培训,围绕\n"
        "工会经费使用和集体协商要点进行讲解,并现场解答了问题。\n"
        "△某汽车零部件企业工会与企业方签订年度工资专项集体合同,约定\n\n"
        "— 1 —\n\f"
        "一线生产岗位工资增幅不低于6%,并明确了夜班津贴的标准。\n"
        "△区总工会职工法律援助工作站本月受理职工法律咨询67件。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 3);
    CHECK(strstr(b->articles[0].paragraphs[1], "约定一线生产岗位") != NULL);
    ingest_bulletin_destroy(b);
    /* A numbered heading that ends on a letter stands alone. */
    b = parse("关于开展活动的通知\n\n一、助学对象\n\n在档困难职工家庭中的学生。\n\n二、助学标准\n\n本科学生每人5000元。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 4);
    ingest_bulletin_destroy(b);
}

TEST(colon_lines_stand_alone)
{
    int rc;
    ingest_bulletin *b = parse("关于开展活动的通知\n\n各区县(自治县)总工会,市级产业工会:\n\n为帮助困难职工家庭子女顺利入学,现将有关事项通知如下。\n",
                               &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 2);
    ingest_bulletin_destroy(b);
}

/* A profile that makes one line of a wrapped paragraph a caption: the
 * paragraph is split around it, and the caption kept apart. */
static int caption_line(void *ctx, ingest_line_role *lines, size_t n, char *err, size_t errlen)
{
    (void)ctx; (void)err; (void)errlen;
    for (size_t i = 0; i < n; i++)
        if (lines[i].len >= 6 && memcmp(lines[i].text, "图片", 6) == 0) {
            lines[i].role = INGEST_ROLE_CAPTION;
            lines[i].rule = "profile";
        }
    return 0;
}

TEST(profile_roles_split_segments)
{
    ingest_profile pr;
    ingest_options o;
    memset(&pr, 0, sizeof pr);
    memset(&o, 0, sizeof o);
    pr.hook = caption_line;
    o.profile = &pr;
    const char *t = "标题\n\n第一句话还没有说完,\n图片:会议现场\n接着说完。\n";
    ingest_bulletin *b = NULL;
    char err[128];
    CHECK_INT(ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err), INGEST_OK);
    CHECK_INT(b->articles[0].caption_count, 1);
    CHECK_STR(b->articles[0].captions[0], "图片:会议现场");
    CHECK_INT(b->articles[0].paragraph_count, 1);
    CHECK_STR(b->articles[0].paragraphs[0], "第一句话还没有说完,接着说完。");
    ingest_bulletin_destroy(b);
}

int main(void)
{
    RUN(printed_lines_and_web_copy);
    RUN(title_and_subtitle_in_one_block_of_a_printed_page);
    RUN(list_items_across_a_page);
    RUN(colon_lines_stand_alone);
    RUN(profile_roles_split_segments);
    return harness_done();
}
