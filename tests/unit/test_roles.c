/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_roles.c — the role of each line and the rule that gave it
 * (engine/ingest/roles.c), rule by rule, on small texts in the shapes of
 * tests/data/shapes/README.md; and a profile's callbacks changing roles. */
#include "harness.h"
#include "ingest/ingest.h"

#include <stdlib.h>
#include <string.h>

static ingest_bulletin *explain(const char *text, int *rc)
{
    ingest_options o;
    char err[256];
    ingest_bulletin *b = NULL;
    memset(&o, 0, sizeof o);
    o.keep_lines = 1;
    *rc = ingest_parse((const unsigned char *)text, strlen(text), &o, &b, err, sizeof err);
    return b;
}

/* The role and rule of the line whose text starts with prefix. */
static const ingest_line_result *line_of(const ingest_bulletin *b, const char *prefix)
{
    for (size_t i = 0; b && i < b->line_count; i++)
        if (strncmp(b->lines[i].text, prefix, strlen(prefix)) == 0) return &b->lines[i];
    return NULL;
}

/* "role/rule" of the line starting with prefix, or "none". */
static const char *what(const ingest_bulletin *b, const char *prefix)
{
    static char buf[128];
    const ingest_line_result *l = line_of(b, prefix);
    if (!l) return "none";
    snprintf(buf, sizeof buf, "%s/%s", ingest_role_name(l->role), l->rule ? l->rule : "");
    return buf;
}

#define BODY "区总工会召开会议,部署下一阶段的重点工作,各部门负责人参加会议。\n"

/* A picture's file name left in the copy where the picture was (a real page
 * of 2021 kept 微信图片_….png after its body): furniture, not a paragraph. */
TEST(image_file_name_is_furniture)
{
    int rc;
    ingest_bulletin *b = explain("区总工会召开上半年工作总结会\n"
                               "发布时间:2023-07-24 09:02\n\n" BODY
                               "\n微信图片_20230724093512.png\n\nIMG 0412.JPG\n\nDSC_0412.JPG\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "微信图片"), "furniture/image-file");
    CHECK_STR(what(b, "DSC_0412"), "furniture/image-file");
    CHECK(strcmp(what(b, "IMG 0412"), "furniture/image-file") != 0);   /* a blank: a caption may end so */
    ingest_bulletin_destroy(b);
}

TEST(furniture_above_the_title)
{
    int rc;
    ingest_bulletin *b = explain("今天是2023年11月6日 星期一\n"
                                 "重庆 多云 14℃~19℃ 空气质量:良\n"
                                 "正在加载……\n"
                                 "跳過導覽列.\n"
                                 "首页 | 工会新闻 | 基层动态 | 职工服务\n"
                                 "当前位置:首页 > 工会新闻\n"
                                 "首页＞工作动态＞区县工会\n"
                                 "网站首页 工会要闻 区县动态 劳模工匠 维权服务\n"
                                 "字级: 大 中 小\n"
                                 "\n"
                                 "区总工会召开上半年工作总结会\n"
                                 "发布时间:2023-07-24 09:02\n\n" BODY, &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "今天是"), "furniture/today-stamp");
    CHECK_STR(what(b, "重庆 多云"), "furniture/weather");
    CHECK_STR(what(b, "正在加载"), "furniture/loading");
    CHECK_STR(what(b, "跳過導覽列"), "furniture/ui");
    CHECK_STR(what(b, "首页 |"), "furniture/nav");
    CHECK_STR(what(b, "当前位置"), "furniture/breadcrumb");
    CHECK_STR(what(b, "首页＞"), "furniture/breadcrumb");
    CHECK_STR(what(b, "网站首页 工会要闻"), "furniture/nav");
    CHECK_STR(what(b, "字级"), "meta/meta-label");   /* 字级: is a page label */
    CHECK_STR(what(b, "区总工会召开上半年"), "headline/headline");
    CHECK_STR(what(b, "发布时间"), "meta/meta-date");
    CHECK_STR(b->issued_on, "2023-07-24");
    CHECK_STR(b->date_source, "metadata");
    ingest_bulletin_destroy(b);
}

TEST(navigation_one_item_a_line_and_related_lists)
{
    int rc;
    ingest_bulletin *b = explain("關於我們\n打工仔女權益\n參政為勞工\n會員專區\n搜尋\n\n"
                                 "飲食業工會要求完善颱風下工作安排\n\n" BODY "\n"
                                 "相关新闻\n万州区总工会召开座谈会\n区总工会开展“送法进企业”活动\n\n"
                                 "© 2023 万州区总工会 版权所有\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "關於我們"), "furniture/ui");
    CHECK_STR(what(b, "打工仔女權益"), "furniture/nav-list");
    CHECK_STR(what(b, "參政為勞工"), "furniture/nav-list");
    CHECK_STR(what(b, "飲食業"), "headline/headline");
    CHECK_STR(what(b, "相关新闻"), "furniture/related");
    CHECK_STR(what(b, "万州区总工会召开座谈会"), "furniture/related-list");
    CHECK_STR(what(b, "©"), "furniture/copyright");
    CHECK_INT(b->article_count, 1);
    CHECK_INT(b->articles[0].paragraph_count, 1);
    ingest_bulletin_destroy(b);
    /* Three short lines that are a masthead (a date, an issue) are not navigation. */
    b = explain("工会信息\n第5期\n2023年10月27日\n\n标题一二三四\n\n" BODY, &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "工会信息"), "masthead/masthead");
    CHECK_STR(b->issued_on, "2023-10-27");
    ingest_bulletin_destroy(b);
}

TEST(footer_after_the_body)
{
    int rc;
    ingest_bulletin *b = explain("区总工会召开上半年工作总结会\n\n" BODY "\n"
                                 "上一篇:九龙坡区举办职工职业技能大赛\n"
                                 "分享到:\n"
                                 "【打印】【关闭】\n"
                                 "全总简介\n"
                                 "[保存]     [全文浏览]      [ ]      [打印]     [关闭]     [我要留言]     [返回首页]\n"
                                 "中 工 网 版 权 所 有 ,未 经 书 面 授 权 禁 止 使 用\n"
                                 "https://www.example.org.cn/news/2023/0612/1234.html\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "上一篇"), "furniture/prev-next");
    CHECK_STR(what(b, "分享到"), "meta/meta-label");
    CHECK_STR(what(b, "【打印】"), "furniture/buttons");
    CHECK_STR(what(b, "全总简介"), "furniture/footer");
    CHECK_STR(what(b, "[保存]"), "furniture/buttons");
    CHECK_STR(what(b, "中 工 网"), "furniture/copyright");
    CHECK_STR(what(b, "https://"), "meta/url");
    CHECK_STR(b->url, "https://www.example.org.cn/news/2023/0612/1234.html");
    CHECK_INT(b->articles[0].paragraph_count, 1);
    ingest_bulletin_destroy(b);
    /* A site's blurb right above the footer. */
    b = explain("澎湖縣職業工會聯合健行\n\n" BODY "\n某某日報提供在地新聞與縣政新聞!\nHome 時事新聞 澎湖縣職業工會聯合健行\n",
                &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "某某日報"), "furniture/site-blurb");
    CHECK_STR(what(b, "Home"), "furniture/breadcrumb");
    ingest_bulletin_destroy(b);
}

TEST(the_title_nearest_the_body)
{
    int rc;
    /* kicker / title / dashed subtitle / metadata / short captions / body */
    ingest_bulletin *b = explain("构建川渝工会协作新机制\n\n共同书写新时代工会宣传工作新篇章\n\n"
                                 "——川渝两地工会宣传工作交流会在重庆召开\n\n"
                                 "版次:004    作者:    来源:    2023年05月25日\n\n会议现场\n\n两地代表交流发言\n\n" BODY, &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "构建"), "kicker/kicker");
    CHECK_STR(what(b, "共同书写"), "headline/headline");
    CHECK_STR(what(b, "——川渝"), "subtitle/subtitle-dash");
    CHECK_STR(what(b, "会议现场"), "caption/caption-label");
    CHECK_INT(b->articles[0].caption_count, 2);
    CHECK(b->articles[0].source == NULL);   /* an empty 来源: and a date are no source */
    ingest_bulletin_destroy(b);
    /* A site name and a section word above the title are not titles. */
    b = explain("铜梁区融媒体中心\n首页 > 新闻 > 民生\n\n铜梁区总工会为环卫工人送去防寒物资\n\n来源:铜梁区融媒体中心\n\n" BODY,
                &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "铜梁区融媒体中心"), "furniture/above-masthead");
    CHECK_STR(b->articles[0].title, "铜梁区总工会为环卫工人送去防寒物资");
    CHECK_STR(b->articles[0].source, "铜梁区融媒体中心");
    ingest_bulletin_destroy(b);
    b = explain("大事紀\n[ 2023/04/10 ] 112年3月大事紀要\n\n3月2日　本會理事長拜會市政府勞工局,交換意見。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "大事紀"), "furniture/section-word");
    CHECK_STR(what(b, "112年3月"), "headline/headline");
    CHECK_STR(b->issued_on, "2023-03-01");
    CHECK_STR(b->date_precision, "month");
    CHECK_STR(b->date_source, "headline");
    ingest_bulletin_destroy(b);
    /* A title written as a sentence, above its metadata. */
    b = explain("Logo\n勞工新聞\n本會協助貨運司機爭取合理休息時間,並與業者達成三項共識。\n• Start date:2024-03-15\n" BODY, &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->articles[0].title, "本會協助貨運司機爭取合理休息時間,並與業者達成三項共識。");
    CHECK_STR(b->issued_on, "2024-03-15");
    ingest_bulletin_destroy(b);
    /* The date appended to a title by a list template is cut off it. */
    b = explain("勞團赴勞動部陳情 要求落實輪班間隔 2018-06-21\n" BODY, &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->articles[0].title, "勞團赴勞動部陳情 要求落實輪班間隔");
    CHECK_STR(what(b, "勞團"), "headline/headline");
    CHECK_STR(b->issued_on, "2018-06-21");
    ingest_bulletin_destroy(b);
    /* A title over its date line is no masthead. */
    b = explain("佛山市总工会:为新业态劳动者建“暖心驿站”\n\n2022-01-11\n\n来源:香港商报网\n\n" BODY, &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->articles[0].title, "佛山市总工会:为新业态劳动者建“暖心驿站”");
    CHECK_STR(what(b, "2022-01-11"), "meta/date-under-title");
    CHECK_STR(b->issued_on, "2022-01-11");
    ingest_bulletin_destroy(b);
}

TEST(speeches)
{
    int rc;
    ingest_bulletin *b = explain("凝心聚力 建功新时代\n\n在全区工会工作会议上的讲话\n\n(2019年8月19日)\n\n陈立伟\n\n同志们:\n\n"
                                 "这次会议的主要任务是,总结上半年全区工会工作。\n\n一、提高站位,切实增强责任感\n\n"
                                 "上半年,全区各级工会围绕中心工作,各项工作取得了新进展。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 1);
    CHECK_STR(what(b, "凝心聚力"), "furniture/speech-banner");
    CHECK_STR(what(b, "在全区"), "headline/speech-title");
    CHECK_STR(what(b, "(2019年"), "dateline/speech-date");
    CHECK_STR(what(b, "陈立伟"), "byline/speaker");
    CHECK_STR(what(b, "同志们"), "text/salutation");
    CHECK_STR(what(b, "一、"), "list-item/list-item");
    CHECK_INT(b->articles[0].paragraph_count, 4);
    CHECK_STR(b->articles[0].author, "陈立伟");
    CHECK_STR(b->issued_on, "2019-08-19");
    CHECK_STR(b->date_source, "dateline");
    ingest_bulletin_destroy(b);
    /* Headings of web copy led by an ordinal stand alone. */
    b = explain("在区总工会全委会议上的讲话\n同志们:\n第一件事,把职工的思想工作做到车间班组里去\n"
                "不要只在会议室里开会,要把大家的劲头鼓起来。\n第二件事,把技能提升这篇文章做实\n"
                "围绕全区几个重点产业,让技术好的职工有奔头。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 5);
    CHECK_STR(b->articles[0].paragraphs[1], "第一件事,把职工的思想工作做到车间班组里去");
    ingest_bulletin_destroy(b);
}

TEST(captions_credits_bylines)
{
    int rc;
    ingest_bulletin *b = explain("涪陵区总工会举办职工篮球联赛\n\n"
                                 "2023年10月16日 10:20  来源:涪陵区总工会\n\n"
                                 "本报讯(记者 韩旭 通讯员 李明)10月14日,职工篮球联赛开赛。\n\n"
                                 "两支代表队在首场比赛中激烈拼抢 黄文斌 摄\n\n"
                                 "首场比赛由两支代表队对阵,比分交替领先。\n\n"
                                 "图为开幕式上运动员代表宣誓。涪陵区总工会供图\n\n"
                                 "▲參加演練的會員合影。(圖/某產業工會提供)\n\n"
                                 "本次联赛赛期持续至11月上旬。(陈晓峰)\n\n"
                                 "(责编:刘思源、何静)\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "2023年10月16日"), "meta/meta-date-time");
    CHECK_STR(what(b, "两支代表队"), "caption/caption");
    CHECK_STR(what(b, "图为"), "caption/caption");
    CHECK_STR(what(b, "▲"), "caption/caption");
    CHECK_STR(what(b, "(责编"), "meta/editor");
    const ingest_article *a = &b->articles[0];
    CHECK_INT(a->caption_count, 3);
    CHECK_INT(a->paragraph_count, 3);
    CHECK_STR(a->paragraphs[2], "本次联赛赛期持续至11月上旬。");
    CHECK_STR(a->credit, "陈晓峰");
    CHECK_STR(a->author, "韩旭、李明");
    CHECK_STR(a->source, "涪陵区总工会");
    CHECK_STR(b->issued_on, "2023-10-16");
    ingest_bulletin_destroy(b);
    /* A bare name after the last sentence; a byline line; a credit alone. */
    b = explain("夜校课堂开进物流园\n\n本刊记者 孙立群\n\n下了班能学点真本事,心里踏实。黄一鸣\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "本刊记者"), "byline/byline");
    CHECK_STR(b->articles[0].author, "孙立群");
    CHECK_STR(b->articles[0].credit, "黄一鸣");
    CHECK_STR(b->articles[0].paragraphs[0], "下了班能学点真本事,心里踏实。");
    ingest_bulletin_destroy(b);
    b = explain("工会开展慰问\n\n近日,工会走访慰问了一线职工。\n\n(某公司工会)\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "(某公司"), "credit/credit-alone");
    CHECK_STR(b->articles[0].credit, "某公司工会");
    CHECK_INT(b->articles[0].paragraph_count, 1);
    ingest_bulletin_destroy(b);
    /* A photographer's credit glued to a long paragraph is cut off it as a
     * caption; a reporter's name with 報道 is the credit. */
    b = explain("市總工會慰問抗洪一線職工\n\n"
                "近日,市總工會負責人帶隊前往抗洪一線,看望慰問堅守崗位的職工,送去慰問物資,並詳細了解職工的工作和生活情況,"
                "叮囑大家注意安全、勞逸結合,確保防汛工作和職工健康兩不誤。□羅丹 攝\n\n"
                "市總工會表示,將持續關注一線職工的工作條件。記者張明報道\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_INT(b->articles[0].caption_count, 1);
    CHECK_STR(b->articles[0].captions[0], "□羅丹 攝");
    CHECK_STR(b->articles[0].credit, "記者張明報道");
    CHECK_STR(b->articles[0].paragraphs[1], "市總工會表示,將持續關注一線職工的工作條件。");
    ingest_bulletin_destroy(b);
    /* Web copy: a title with a colon is a title; a caption line ends its segment. */
    b = explain("市總工會:開展送清涼 關愛一線職工\n7月15日,市總工會組織慰問組深入建築工地,送去防暑藥品。\n"
                "慰問現場。王建國 攝\n市總工會負責人表示,將持續關注戶外勞動者。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->articles[0].title, "市總工會:開展送清涼 關愛一線職工");
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_INT(b->articles[0].caption_count, 1);
    ingest_bulletin_destroy(b);
    /* A sentence the page cut after 提供 or 拍摄 is no caption: it goes on. */
    b = explain("标题\n\n会议指出,区总工会将为职工提供\n\n免费体检服务。\n\n另一段,区总工会组织职工拍摄\n\n微电影十部。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].caption_count, 0);
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_STR(b->articles[0].paragraphs[0], "会议指出,区总工会将为职工提供免费体检服务。");
    ingest_bulletin_destroy(b);
    /* "(完)" is no credit. */
    b = explain("标题\n\n正文最后一句。(完)\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK(b->articles[0].credit == NULL);
    ingest_bulletin_destroy(b);
}

TEST(mastheads_editions_and_banji)
{
    int rc;
    ingest_bulletin *b = explain("巴渝职工报 数字报纸\n\n00002版:工会\n\n夜校课堂开进物流园\n\n" BODY "\n"
                                 "评价标准企业定\n\n" BODY "\n"
                                 "巴渝职工报 工会 00002 夜校课堂开进物流园 2023-07-14 2 2023年07月14日 星期五\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "巴渝职工报 数字报纸"), "masthead/masthead");
    CHECK_STR(what(b, "00002版"), "masthead/edition-page");
    CHECK_STR(what(b, "评价标准"), "text/section-heading");
    CHECK_STR(what(b, "巴渝职工报 工会"), "meta/meta-dates");
    CHECK_INT(b->article_count, 1);
    CHECK_STR(b->issued_on, "2023-07-14");
    ingest_bulletin_destroy(b);
    b = explain("涪陵区工会工作简报\n\n第15期\n\n涪陵区总工会办公室编     2023年9月15日\n\n"
                "区总工会召开产业工人队伍建设改革推进会\n\n" BODY "\n"
                "报:市总工会,区委办公室\n送:区人大常委会办公室\n发:各镇街总工会\n"
                "涪陵区总工会办公室      2023年9月15日印发\n(共印120份)\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(what(b, "第15期"), "masthead/masthead");
    CHECK_STR(what(b, "报:"), "furniture/banji");
    CHECK_STR(what(b, "发:"), "furniture/banji");
    CHECK_STR(what(b, "涪陵区总工会办公室      2023"), "furniture/banji");
    CHECK_STR(what(b, "(共印"), "furniture/banji");
    CHECK_INT(b->articles[0].paragraph_count, 1);
    CHECK_STR(b->issued_on, "2023-09-15");
    ingest_bulletin_destroy(b);
}

TEST(dates_that_are_not_the_bulletins)
{
    int rc;
    /* relative and yearless dates give none */
    ingest_bulletin *b = explain("工会送去防寒物资\n\n昨日,工会送去物资。16日起延长开放时间。今日(9月4日)召开记者会。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK(b->issued_on == NULL);
    ingest_bulletin_destroy(b);
    /* the headline's month beats a later 发布时间 */
    b = explain("渝北区总工会二〇二三年一月大事记\n\n发布时间:2024年01月23日\n  4日,区总工会召开学习会。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "2023-01-01");
    CHECK_STR(b->date_precision, "month");
    ingest_bulletin_destroy(b);
    /* the article's 發佈日期 beats the upload stamp */
    b = explain("本會召開會員代表大會\n\n發佈日期:111年5月18日\n\n" BODY "\n上傳日期: 2022-05-20 22:11\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "2022-05-18");
    CHECK_STR(what(b, "上傳日期"), "meta/meta-stamp");
    ingest_bulletin_destroy(b);
    /* a stamp when nothing better exists */
    b = explain("某會動態\n\n" BODY "\n更新时间:2023-08-03 10:05\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "2023-08-03");
    CHECK_STR(b->date_source, "stamp");
    ingest_bulletin_destroy(b);
    /* a date with only a weekday at the top is a stamp (a cached today-stamp) */
    b = explain("2024年7月25日 星期四\n當前位置: 生活頻道 詳情\n\n某會舉辦活動\n\n發佈時間:2024-06-03 10:00\n\n" BODY, &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "2024-06-03");
    CHECK_STR(b->date_source, "metadata");
    ingest_bulletin_destroy(b);
    /* the periodical's 民國 year and month */
    b = explain("全員大會通過團體協約草案\n\n【本刊訊 86.01】本會於元月十二日召開臨時會員大會。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "1997-01-01");
    CHECK_STR(b->date_precision, "month");
    CHECK_STR(b->date_source, "dateline");
    ingest_bulletin_destroy(b);
}

/* A profile's callbacks: lines() sees the line rules' roles, hook() the
 * final ones; what they set is kept. */
static int mark_blurb(void *ctx, ingest_line_role *lines, size_t n, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    (*(int *)ctx)++;
    for (size_t i = 0; i < n; i++)
        if (lines[i].len >= 6 && memcmp(lines[i].text, "站务", 6) == 0) {
            lines[i].role = INGEST_ROLE_FURNITURE;
            lines[i].rule = "profile:test";
        }
    return 0;
}

static int fail_hook(void *ctx, ingest_line_role *lines, size_t n, char *err, size_t errlen)
{
    (void)ctx; (void)lines; (void)n;
    snprintf(err, errlen, "test.lua:3: no");
    return -1;
}

/* points at a date the parser would not take (a line of furniture) */
static int point_date(void *ctx, ingest_line_role *lines, size_t n, char *err, size_t errlen)
{
    (void)ctx; (void)err; (void)errlen;
    for (size_t i = 0; i < n; i++)
        if (lines[i].len > 9 && memcmp(lines[i].text, "稿号", 6) == 0) {
            lines[i].date = lines[i].text + 6;
            lines[i].date_len = lines[i].len - 6;
        }
    return 0;
}

static void count_end(void *ctx)
{
    (*(int *)ctx) += 100;
}

static int choose_test(void *ctx, const ingest_line *lines, size_t n, const ingest_profile **out, char *err,
                       size_t errlen)
{
    (void)err; (void)errlen;
    *out = n > 0 && lines[0].len >= 6 && memcmp(lines[0].text, "标题", 6) == 0 ? ctx : NULL;
    return 0;
}

static int choose_fail(void *ctx, const ingest_line *lines, size_t n, const ingest_profile **out, char *err,
                       size_t errlen)
{
    (void)ctx; (void)lines; (void)n; (void)out;
    snprintf(err, errlen, "match.lua:1: bad pattern");
    return -1;
}

TEST(profile_callbacks)
{
    int calls = 0, rc;
    ingest_profile pr;
    memset(&pr, 0, sizeof pr);
    pr.name = "test";
    pr.ctx = &calls;
    pr.lines = mark_blurb;
    ingest_options o;
    memset(&o, 0, sizeof o);
    o.keep_lines = 1;
    o.profile = &pr;
    const char *t = "标题\n\n站务通知:本站今晚维护。\n\n" BODY;
    ingest_bulletin *b = NULL;
    char err[128];
    rc = ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(calls, 1);
    CHECK_STR(what(b, "站务"), "furniture/profile:test");
    CHECK_INT(b->articles[0].paragraph_count, 1);
    ingest_bulletin_destroy(b);
    pr.hook = fail_hook;
    rc = ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_PROFILE);
    CHECK(b == NULL);
    CHECK_STR(err, "test.lua:3: no");
    /* profile labels: a label the built-in list lacks */
    static const ingest_label labels[] = {{"稿件日期", INGEST_FIELD_DATE}, {"供稿人", INGEST_FIELD_AUTHOR}};
    ingest_profile lp;
    memset(&lp, 0, sizeof lp);
    lp.labels = labels;
    lp.label_count = 2;
    o.profile = &lp;
    t = "标题一二三\n稿件日期:2023-03-03 供稿人:张晓明\n" BODY;
    rc = ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "2023-03-03");
    CHECK_STR(b->articles[0].author, "张晓明");
    ingest_bulletin_destroy(b);
    /* a date the profile points at wins over the metadata's; end() once per parse */
    calls = 0;
    pr.hook = NULL;
    pr.lines = point_date;
    pr.end = count_end;
    o.profile = &pr;
    t = "标题一二三\n发布时间:2023-03-03\n稿号 2023年10月 第5期\n" BODY;
    rc = ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "2023-10-01");
    CHECK_STR(b->date_precision, "month");
    CHECK_STR(b->date_source, "profile");
    CHECK_STR(b->profile, "test");
    CHECK_INT(calls, 100);
    ingest_bulletin_destroy(b);
    pr.hook = fail_hook;
    rc = ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_PROFILE);
    CHECK_INT(calls, 200);
    pr.hook = NULL;
    /* a chooser picks the profile from the first lines, or none */
    ingest_chooser ch = {&pr, choose_test};
    o.profile = NULL;
    o.chooser = &ch;
    rc = ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->profile, "test");
    CHECK_STR(b->date_source, "profile");
    ingest_bulletin_destroy(b);
    t = "另一个标题\n发布时间:2023-03-03\n稿号 2023年10月 第5期\n" BODY;
    rc = ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK(b->profile == NULL);
    CHECK_STR(b->issued_on, "2023-03-03");
    ingest_bulletin_destroy(b);
    ch.choose = choose_fail;
    rc = ingest_parse((const unsigned char *)t, strlen(t), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_PROFILE);
    CHECK_STR(err, "match.lua:1: bad pattern");
}

int main(void)
{
    RUN(image_file_name_is_furniture);
    RUN(furniture_above_the_title);
    RUN(navigation_one_item_a_line_and_related_lists);
    RUN(footer_after_the_body);
    RUN(the_title_nearest_the_body);
    RUN(speeches);
    RUN(captions_credits_bylines);
    RUN(mastheads_editions_and_banji);
    RUN(dates_that_are_not_the_bulletins);
    RUN(profile_callbacks);
    return harness_done();
}
