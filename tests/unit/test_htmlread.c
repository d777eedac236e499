/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_htmlread.c — the HTML reader: which bytes are a page, the charset
 * (HTTP header, <meta>, sniffing, a declaration the bytes contradict), the
 * fixtures of tests/data/html read into lines (headline, heading levels,
 * captions, the metadata line kept, furniture gone, hints), pages of
 * several stories, and the refusals (nesting past libxml2's limit, no
 * text). The structure each fixture is stored with is e2e/shapes.sh's. */
#include "harness.h"
#include "ingest/htmlread.h"
#include "util/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U(s) (const unsigned char *)(s), strlen(s)

static int extract_file(const char *path, const char *content_type, linedoc **doc, char *err, size_t errlen)
{
    size_t len;
    unsigned char *data = harness_slurp(path, &len);
    int rc = data ? htmlread_extract(data, len, content_type, doc, err, errlen) : -1;
    free(data);
    return rc;
}

/* The index of the first line that is exactly text, or -1. */
static long line_is(const ingest_line *lines, size_t n, const char *text)
{
    for (size_t i = 0; i < n; i++)
        if (lines[i].len == strlen(text) && memcmp(lines[i].text, text, lines[i].len) == 0) return (long)i;
    return -1;
}

/* The index of the first line holding needle, or -1. */
static long line_has(const ingest_line *lines, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++)
        if (lines[i].len && memmem(lines[i].text, lines[i].len, needle, strlen(needle))) return (long)i;
    return -1;
}

TEST(recognised_by_its_markup)
{
    CHECK(htmlread_is_html(U("<!DOCTYPE html>\n<html><body>x</body></html>")));
    CHECK(htmlread_is_html(U("\xEF\xBB\xBF  <html lang=\"zh\">")));
    CHECK(htmlread_is_html(U("<!-- saved from url=(0040) -->\r\n<HTML><HEAD>")));
    CHECK(htmlread_is_html(U("<meta charset=gbk><title>t</title>")));
    CHECK(!htmlread_is_html(U("区总工会召开会议\n<html> later")));      /* text first: a text file */
    CHECK(!htmlread_is_html(U("<p>no document element, a fragment</p>")));
    CHECK(!htmlread_is_html(U("<htmlx>")));
    CHECK(!htmlread_is_html(U("<!-- never closed <html>")));
    CHECK(!htmlread_is_html(U("")));
}

TEST(charset_header_then_meta_then_sniffed)
{
    textcodec_encoding e;
    CHECK_STR(htmlread_charset(U("<meta charset=\"gbk\">"), NULL, &e), "meta");
    CHECK_INT(e, TEXTCODEC_GB18030);
    CHECK_STR(htmlread_charset(U("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"), NULL, &e),
              "meta");
    CHECK_INT(e, TEXTCODEC_GB18030);
    CHECK_STR(htmlread_charset(U("<META CHARSET='Big5'>"), NULL, &e), "meta");
    CHECK_INT(e, TEXTCODEC_BIG5);
    /* the header wins over the page */
    CHECK_STR(htmlread_charset(U("<meta charset=big5>"), "text/html; charset=\"GBK\"", &e), "http");
    CHECK_INT(e, TEXTCODEC_GB18030);
    /* a header without charset: the page's */
    CHECK_STR(htmlread_charset(U("<meta charset=utf-8>"), "text/html", &e), "meta");
    CHECK_INT(e, TEXTCODEC_UTF8);
    /* a byte-order mark before all */
    CHECK_STR(htmlread_charset(U("\xEF\xBB\xBF<meta charset=gbk>"), "text/html; charset=big5", &e), "bom");
    CHECK_INT(e, TEXTCODEC_AUTO);
    /* a label textcodec does not read: sniffed */
    CHECK_STR(htmlread_charset(U("<meta charset=iso-8859-1>"), NULL, &e), "sniffed");
    CHECK_INT(e, TEXTCODEC_AUTO);
    CHECK_STR(htmlread_charset(U("<html><body>"), NULL, &e), "sniffed");
}

TEST(gbk_page_with_captions_and_share_bar)
{
    linedoc *doc = NULL;
    char err[256] = "";
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    int rc = extract_file("tests/data/html/gov_cms_gbk_publishdate.html", NULL, &doc, err, sizeof err);
    CHECK_INT(rc, HTMLREAD_OK);
    if (rc != HTMLREAD_OK) return;
    linedoc_lines(doc, &l, &n, &h);
    CHECK(n > 0 && l[0].heading_level == 1);
    CHECK(line_is(l, n, "南川区总工会召开“安康杯”竞赛推进会") == 0);
    long meta = line_has(l, n, "发布时间：2023-10-27");
    CHECK(meta > 0);
    long cap = line_is(l, n, "推进会现场。区总工会供图");
    CHECK(cap > 0 && l[cap].is_caption);
    CHECK(line_has(l, n, "10月25日") > meta);
    /* furniture gone: top bar, nav, breadcrumb, share bar, pager, footer */
    static const char *const gone[] = {"设为首页", "政务公开", "您当前的位置", "分享到", "上一篇", "打印本页",
                                       "版权所有", "document.write"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) CHECK(line_has(l, n, gone[i]) < 0);
    /* blank lines between blocks, none at the ends */
    CHECK(n > 2 && l[1].len == 0 && l[n - 1].len > 0);
    CHECK(h && h->published && strncmp(h->published, "2023-10-27", 10) == 0);   /* PubDate comes first */
    CHECK(h && h->source && strcmp(h->source, "南川区总工会") == 0);
    CHECK(h && h->title && strcmp(h->title, "南川区总工会召开“安康杯”竞赛推进会") == 0);
    linedoc_free(doc);
}

TEST(og_meta_time_and_figcaption)
{
    linedoc *doc = NULL;
    char err[256] = "";
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    CHECK_INT(extract_file("tests/data/html/news_og_time_iframe.html", NULL, &doc, err, sizeof err), HTMLREAD_OK);
    if (!doc) return;
    linedoc_lines(doc, &l, &n, &h);
    CHECK(line_is(l, n, "璧山区千余名职工参加“技能强区”岗位练兵") == 0);
    long cap = line_has(l, n, "本报通讯员 许敏 摄");
    CHECK(cap > 0 && l[cap].is_caption);
    /* spans on separate lines of the markup stay apart */
    CHECK(line_has(l, n, "来源：工人日报 作者：郑可") > 0);
    CHECK(line_has(l, n, "视频：") < 0);          /* a player's title */
    CHECK(line_has(l, n, "相关阅读") < 0);        /* <aside> */
    CHECK(line_has(l, n, "某某职工网") < 0);      /* <header>, <footer> */
    CHECK(h && h->published && strncmp(h->published, "2023-12-21", 10) == 0);
    linedoc_free(doc);
}

TEST(charset_from_the_header_alone)
{
    /* GBK bytes with no <meta>: the HTTP header says what they are */
    char gbk[512];
    size_t n;
    /* GBK of 职工 is D6 B0 B9 A4, of ， A3 AC, of 。 A1 A3 */
    static const unsigned char head[] = "<html><body><h1>\xD6\xB0\xB9\xA4</h1><div><p>"
                                        "\xD6\xB0\xB9\xA4\xD6\xB0\xB9\xA4\xD6\xB0\xB9\xA4\xD6\xB0\xB9\xA4"
                                        "\xD6\xB0\xB9\xA4\xD6\xB0\xB9\xA4\xA3\xAC\xD6\xB0\xB9\xA4\xA1\xA3"
                                        "</p></div></body></html>";
    memcpy(gbk, head, sizeof head - 1);
    n = sizeof head - 1;
    linedoc *doc = NULL;
    char err[256] = "";
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t count;
    CHECK_INT(htmlread_extract((const unsigned char *)gbk, n, "text/html; charset=gbk", &doc, err, sizeof err),
              HTMLREAD_OK);
    if (!doc) return;
    linedoc_lines(doc, &l, &count, &h);
    CHECK(line_is(l, count, "职工") == 0);
    CHECK(line_has(l, count, "职工职工职工，职工。") > 0);
    linedoc_free(doc);
}

TEST(declared_charset_contradicted_is_sniffed)
{
    /* says gb2312, is UTF-8 (a template copied between sites) */
    static const char page[] = "<html><head><meta charset=gb2312><title>标题</title></head><body><h1>标题</h1>"
                               "<div><p>区总工会开展职工技能培训，全区三百名职工参加。</p></div></body></html>";
    linedoc *doc = NULL;
    char err[256] = "";
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    CHECK_INT(htmlread_extract(U(page), NULL, &doc, err, sizeof err), HTMLREAD_OK);
    if (!doc) return;
    linedoc_lines(doc, &l, &n, &h);
    CHECK(line_has(l, n, "区总工会开展职工技能培训") > 0);
    linedoc_free(doc);
}

TEST(title_from_title_element_without_site)
{
    static const char page[] = "<html><head><title>区总工会举办读书会_工会动态_某区总工会</title></head><body>"
                               "<div class=\"nav\"><a href=\"/\">首页</a></div>"
                               "<div class=\"main\"><p>11月5日，区总工会举办职工读书会，四十名职工分享读书体会。</p>"
                               "<p>读书会由区职工书屋承办，今年已举办六期。</p></div></body></html>";
    linedoc *doc = NULL;
    char err[256] = "";
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    CHECK_INT(htmlread_extract(U(page), NULL, &doc, err, sizeof err), HTMLREAD_OK);
    if (!doc) return;
    linedoc_lines(doc, &l, &n, &h);
    /* no headline in the body: the <title> without column and site */
    CHECK(n > 0 && l[0].heading_level == 1 && line_is(l, n, "区总工会举办读书会") == 0);
    CHECK(line_has(l, n, "首页") < 0);
    linedoc_free(doc);
}

TEST(several_stories_keep_their_headings)
{
    linedoc *doc = NULL;
    char err[256] = "";
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    CHECK_INT(extract_file("tests/data/html/jianbao_three_stories.html", NULL, &doc, err, sizeof err), HTMLREAD_OK);
    if (!doc) return;
    linedoc_lines(doc, &l, &n, &h);
    long a = line_is(l, n, "区总工会开展职工法律知识进企业活动"), b = line_is(l, n, "新就业形态劳动者服务站点增至16个"),
         c = line_is(l, n, "区职工文化艺术节落下帷幕");
    CHECK(a > 0 && b > a && c > b);
    CHECK(a > 0 && l[a].heading_level == 3 && l[b].heading_level == 3 && l[c].heading_level == 3);
    CHECK(line_has(l, n, "最新简报") < 0 && line_has(l, n, "第20期") < 0);
    CHECK(h && h->url && strcmp(h->url, "https://www.example.org.cn/jb/2023/1120/21.html") == 0);
    linedoc_free(doc);

    doc = NULL;
    CHECK_INT(extract_file("tests/data/html/index_page_articles.html", NULL, &doc, err, sizeof err), HTMLREAD_OK);
    if (!doc) return;
    linedoc_lines(doc, &l, &n, &h);
    /* three sibling <article>s: all three, not only the best */
    CHECK(line_has(l, n, "劳模工匠事迹报告会") >= 0 && line_has(l, n, "冬季送温暖") > 0 &&
          line_has(l, n, "市供电公司代表队") > 0);
    CHECK(line_has(l, n, "下一页") < 0 && line_has(l, n, "热点专题") < 0);
    linedoc_free(doc);
}

TEST(side_column_of_prose_stays_out)
{
    /* beside the story, in the same element, a side column of three
     * paragraphs of prose (a union's blurb): another kind of element, a
     * third of the story's score, not the story */
    sbuf page = SBUF_INIT;
    sbuf_puts(&page, "<html><head><title>区总工会慰问环卫职工_工会动态</title></head><body>"
                     "<div class=\"main\"><h1>区总工会慰问环卫职工</h1><div class=\"text\">");
    for (int i = 1; i <= 8; i++)
        sbuf_printf(&page, "<p>第%d段，区总工会走访慰问一线环卫职工，送去棉衣、手套和慰问金，并在站点设立爱心驿站，"
                           "方便户外劳动者饮水、休息和加热饭菜。</p>", i);
    sbuf_puts(&page, "</div><div class=\"right\">");
    for (int i = 1; i <= 3; i++)
        sbuf_printf(&page, "<p>简介%d：区总工会是全区职工自愿结合的工人阶级群众组织，现有基层工会一千余个，"
                           "会员十二万人，维护职工权益、服务职工群众。</p>", i);
    sbuf_puts(&page, "</div></div></body></html>");
    linedoc *doc = NULL;
    char err[256] = "";
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    CHECK(!sbuf_failed(&page));
    CHECK_INT(htmlread_extract((const unsigned char *)page.data, page.len, NULL, &doc, err, sizeof err), HTMLREAD_OK);
    sbuf_free(&page);
    if (!doc) return;
    linedoc_lines(doc, &l, &n, &h);
    CHECK(line_is(l, n, "区总工会慰问环卫职工") == 0);
    CHECK(line_has(l, n, "第8段") > 0);
    CHECK(line_has(l, n, "自愿结合") < 0);
    linedoc_free(doc);
}

TEST(whitespace_entities_and_spaces)
{
    static const char page[] = "<html><body><h1>标题&nbsp;一</h1><div>"
                               "<p>&nbsp;&nbsp;\xE3\x80\x80\xE3\x80\x80区总工会\n    开展活动&amp;比赛，"
                               "职工参加&lt;踊跃&gt;。</p>"
                               "<p><strong>一、加强组织领导</strong></p>"
                               "<p>第一行<br>第二行<br/>第三行，还有文字。</p></div></body></html>";
    linedoc *doc = NULL;
    char err[256] = "";
    const ingest_line *l;
    const ingest_doc_hints *h;
    size_t n;
    CHECK_INT(htmlread_extract(U(page), NULL, &doc, err, sizeof err), HTMLREAD_OK);
    if (!doc) return;
    linedoc_lines(doc, &l, &n, &h);
    CHECK(line_is(l, n, "标题 一") == 0);
    /* indent dropped, a line break between two characters is no space */
    CHECK(line_is(l, n, "区总工会开展活动&比赛，职工参加<踊跃>。") > 0);
    long bold = line_is(l, n, "一、加强组织领导");
    CHECK(bold > 0 && l[bold].bold);
    /* <br> ends a line */
    CHECK(line_is(l, n, "第一行") > 0 && line_is(l, n, "第二行") > 0);
    linedoc_free(doc);
}

TEST(refusals)
{
    linedoc *doc = NULL;
    char err[256] = "";
    /* nested past libxml2's 256: the rest would be lost */
    size_t depth = 100000, cap = depth * 11 + 200, len = 0;
    char *deep = malloc(cap);
    if (!deep) return;
    len += (size_t)sprintf(deep, "<html><body>");
    for (size_t i = 0; i < depth; i++) memcpy(deep + len, "<div>", 5), len += 5;
    len += (size_t)sprintf(deep + len, "<p>深处的文字，很长的一段正文。</p>");
    for (size_t i = 0; i < depth; i++) memcpy(deep + len, "</div>", 6), len += 6;
    CHECK_INT(htmlread_extract((const unsigned char *)deep, len, NULL, &doc, err, sizeof err), HTMLREAD_DAMAGED);
    CHECK(doc == NULL && strstr(err, "nested more than 256 deep"));
    free(deep);

    CHECK_INT(htmlread_extract(U("<html><body><nav><a href=/>首页</a></nav><script>var x='职工活动很好，很多';</script>"
                                 "<footer>版权所有</footer></body></html>"), NULL, &doc, err, sizeof err),
              HTMLREAD_NO_TEXT);
    CHECK(doc == NULL && strstr(err, "no text"));
    CHECK_INT(htmlread_extract(U("just text, not a page"), NULL, &doc, err, sizeof err), HTMLREAD_NOT_HTML);
    CHECK_INT(htmlread_extract(U("<html><body>\x01\x02</body></html>"), NULL, &doc, err, sizeof err),
              HTMLREAD_UNDECODABLE);
}

int main(void)
{
    RUN(recognised_by_its_markup);
    RUN(charset_header_then_meta_then_sniffed);
    RUN(gbk_page_with_captions_and_share_bar);
    RUN(og_meta_time_and_figcaption);
    RUN(charset_from_the_header_alone);
    RUN(declared_charset_contradicted_is_sniffed);
    RUN(title_from_title_element_without_site);
    RUN(several_stories_keep_their_headings);
    RUN(side_column_of_prose_stays_out);
    RUN(whitespace_entities_and_spaces);
    RUN(refusals);
    return harness_done();
}
