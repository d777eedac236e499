/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_docxread.c — the Word reader: OOXML written here by hand read into
 * lines with their hints (styles by id and by name, English and Chinese,
 * outline levels, bold and size against the body, runs, breaks, tracked
 * changes, tables, text boxes read once, core.xml's hints), and the
 * fixtures of tests/data/docx (made by tests/tools/make_docx.py): a sample
 * bulletin, the Chinese-named one with a table, and the refusals (not
 * Word, truncated, encrypted, a DTD, a legacy .doc). libzip and libxml2
 * are opened at run time: without them each test skips. */
#include "harness.h"
#include "ingest/docxread.h"
#include "ingest/linedoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define DOC(body) "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS \
    " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>" body "</w:body></w:document>"
#define P(style, text) "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
#define PLAIN(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"

/* Normal at 10.5 pt over 10 pt defaults; Word's English names and ids, the
 * Chinese names under localised ids, a style of the user's based on a
 * heading, a caption. */
static const char STYLES[] =
    "<?xml version=\"1.0\"?><w:styles " W_NS ">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"20\"/></w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "<w:rPr><w:sz w:val=\"21\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:rPr><w:b/><w:sz w:val=\"44\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
    "<w:rPr><w:rPrChange><w:rPr><w:sz w:val=\"99\"/></w:rPr></w:rPrChange></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"a3\"><w:name w:val=\"标题\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"a5\"><w:name w:val=\"副标题\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"3\"><w:name w:val=\"标题 3\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name w:val=\"Bulletin head\"/><w:basedOn w:val=\"3\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Outline\"><w:name w:val=\"Mine 2\"/>"
    "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Loop1\"><w:name w:val=\"x\"/><w:basedOn w:val=\"Loop2\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Loop2\"><w:name w:val=\"y\"/><w:basedOn w:val=\"Loop1\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"Strong\"><w:name w:val=\"Strong\"/><w:rPr><w:b/></w:rPr></w:style>"
    "</w:styles>";

typedef struct got {
    linedoc *doc;
    const ingest_line *lines;
    size_t count;
    const ingest_doc_hints *hints;
    char err[256];
    int rc;
} got;

static int parse(got *g, const char *document, const char *styles, const char *core)
{
    memset(g, 0, sizeof *g);
    g->rc = docxread_parse_xml(document, strlen(document), styles, styles ? strlen(styles) : 0, core,
                               core ? strlen(core) : 0, &g->doc, g->err, sizeof g->err);
    if (g->rc == DOCXREAD_NO_READER) {
        harness_skip(g->err);
        return -1;
    }
    if (g->doc) linedoc_lines(g->doc, &g->lines, &g->count, &g->hints);
    return 0;
}

/* The k-th line with text (blank lines between paragraphs skipped). */
static const ingest_line *text_line(const got *g, size_t k)
{
    for (size_t i = 0; i < g->count; i++)
        if (g->lines[i].len && k-- == 0) return &g->lines[i];
    return NULL;
}

static int line_is(const ingest_line *l, const char *text)
{
    return l && l->len == strlen(text) && memcmp(l->text, text, l->len) == 0;
}

TEST(styles_by_id_and_name_give_heading_levels)
{
    got g;
    if (parse(&g, DOC(P("Title", "标题一") P("Subtitle", "副题") P("Heading2", "二级") P("a3", "中文标题")
                          P("a5", "中文副标题") P("3", "三级") P("Mine", "自定") P("Outline", "大纲")
                          P("Loop1", "循环") P("Caption", "图为现场") P("Normal", "正文。") P("Nosuch", "未知样式。")
                          "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>段落大纲</w:t></w:r></w:p>"),
              STYLES, NULL) != 0)
        return;
    CHECK_INT(g.rc, DOCXREAD_OK);
    static const struct { const char *text; int level; } want[] = {
        {"标题一", 1}, {"副题", 2}, {"二级", 2}, {"中文标题", 1}, {"中文副标题", 2}, {"三级", 3}, {"自定", 3},
        {"大纲", 2}, {"循环", 0}, {"图为现场", 0}, {"正文。", 0}, {"未知样式。", 0}, {"段落大纲", 1}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const ingest_line *l = text_line(&g, i);
        CHECK(line_is(l, want[i].text));
        CHECK_INT(l->heading_level, want[i].level);
        CHECK_INT(l->lineno, i + 1);
    }
    CHECK_INT(text_line(&g, 9)->is_caption, 1);
    /* a blank line after each paragraph */
    CHECK_INT(g.count, 2 * (sizeof want / sizeof want[0]));
    CHECK_INT(g.lines[1].len, 0);
    linedoc_free(g.doc);
}

TEST(bold_and_size_against_the_body)
{
    got g;
    if (parse(&g, DOC("<w:p><w:r><w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr><w:t>大号粗体</w:t></w:r></w:p>"
                      "<w:p><w:r><w:rPr><w:sz w:val=\"24\"/></w:rPr><w:t>稍大</w:t></w:r></w:p>"
                      "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>只是粗体</w:t></w:r></w:p>"
                      "<w:p><w:r><w:rPr><w:rStyle w:val=\"Strong\"/></w:rPr><w:t>字符样式</w:t></w:r></w:p>"
                      "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>半</w:t></w:r><w:r><w:t>粗体的句子。</w:t></w:r></w:p>"
                      "<w:p><w:r><w:rPr><w:b w:val=\"0\"/></w:rPr><w:t>不粗。</w:t></w:r></w:p>"
                      "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:rPr><w:b w:val=\"false\"/></w:rPr>"
                      "<w:t>标题样式</w:t></w:r></w:p>"),
              STYLES, NULL) != 0)
        return;
    CHECK_INT(g.rc, DOCXREAD_OK);
    const ingest_line *l = text_line(&g, 0);
    CHECK_NEAR(l->font_size_rel, 32.0 / 21, 0.001);
    CHECK_INT(l->bold, 1);
    CHECK_INT(l->heading_level, 1);
    l = text_line(&g, 1);
    CHECK_NEAR(l->font_size_rel, 24.0 / 21, 0.001);
    CHECK_INT(l->heading_level, 2);
    l = text_line(&g, 2);
    CHECK_NEAR(l->font_size_rel, 1, 0.001);
    CHECK_INT(l->bold, 1);
    CHECK_INT(l->heading_level, 3);
    CHECK_INT(text_line(&g, 3)->bold, 1);           /* bold through its character style */
    CHECK_INT(text_line(&g, 4)->bold, 0);           /* one character of six */
    CHECK_INT(text_line(&g, 4)->heading_level, 0);
    CHECK_INT(text_line(&g, 5)->bold, 0);
    l = text_line(&g, 6);                           /* the style's size; its bold turned off by the run */
    CHECK_NEAR(l->font_size_rel, 44.0 / 21, 0.001);
    CHECK_INT(l->bold, 0);
    CHECK_INT(l->heading_level, 1);
    linedoc_free(g.doc);
    /* a document whose body is bold: bold tells no heading */
    if (parse(&g, DOC("<w:p><w:r><w:t>全文粗体</w:t></w:r></w:p>"),
              "<w:styles " W_NS "><w:docDefaults><w:rPrDefault><w:rPr><w:b/></w:rPr></w:rPrDefault></w:docDefaults>"
              "</w:styles>", NULL)) return;
    CHECK_INT(text_line(&g, 0)->bold, 1);
    CHECK_INT(text_line(&g, 0)->heading_level, 0);
    linedoc_free(g.doc);
    /* without styles.xml: 10 pt, Word's default */
    if (parse(&g, DOC("<w:p><w:r><w:rPr><w:sz w:val=\"30\"/></w:rPr><w:t>十五磅</w:t></w:r></w:p>"), NULL, NULL)) return;
    CHECK_NEAR(text_line(&g, 0)->font_size_rel, 1.5, 0.001);
    linedoc_free(g.doc);
}

TEST(runs_breaks_and_tracked_changes)
{
    got g;
    if (parse(&g, DOC("<w:p><w:r><w:t xml:space=\"preserve\">甲 </w:t><w:tab/><w:t>乙</w:t></w:r>"
                      "<w:del w:id=\"1\"><w:r><w:delText>删去</w:delText><w:t>也删去</w:t></w:r></w:del>"
                      "<w:ins w:id=\"2\"><w:r><w:t>插入</w:t></w:r></w:ins>"
                      "<w:moveFrom w:id=\"3\"><w:r><w:t>移走</w:t></w:r></w:moveFrom>"
                      "<w:moveTo w:id=\"4\"><w:r><w:t>移来</w:t></w:r></w:moveTo>"
                      "<w:r><w:instrText>PAGE</w:instrText><w:t>。</w:t></w:r></w:p>"
                      "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t>"
                      "<w:br w:type=\"page\"/><w:t>新页</w:t></w:r></w:p>"
                      "<w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p>"
                      "<w:p><w:pPr><w:pageBreakBefore/><w:tabs><w:tab w:val=\"left\" w:pos=\"100\"/></w:tabs></w:pPr>"
                      "<w:r><w:t>分页</w:t><w:noBreakHyphen/><w:t>之后&#10;同一行</w:t></w:r></w:p>"),
              NULL, NULL) != 0)
        return;
    CHECK_INT(g.rc, DOCXREAD_OK);
    CHECK(line_is(text_line(&g, 0), "甲  乙插入移来。"));
    CHECK(line_is(text_line(&g, 1), "第一行"));
    CHECK(line_is(text_line(&g, 2), "第二行"));
    CHECK(line_is(text_line(&g, 3), "第三行"));
    CHECK(line_is(text_line(&g, 4), "新页"));
    CHECK_INT(text_line(&g, 4)->page_break_before, 1);
    CHECK_INT(text_line(&g, 3)->page_break_before, 0);
    /* the lines of one paragraph are one block: no blank between them */
    CHECK_INT(g.lines[2].len > 0, 1);
    CHECK(line_is(text_line(&g, 5), "分页-之后 同一行"));
    CHECK_INT(text_line(&g, 5)->page_break_before, 1);
    CHECK_INT(text_line(&g, 5)->lineno, 5);   /* the empty paragraphs counted, not given */
    CHECK(text_line(&g, 6) == NULL);
    linedoc_free(g.doc);
}

TEST(tables_a_row_a_line_and_layout_tables_as_paragraphs)
{
    got g;
    if (parse(&g, DOC(PLAIN("表前。")
                      "<w:tbl><w:tr><w:tc>" PLAIN("项目") "</w:tc><w:tc>" PLAIN("数量") "</w:tc></w:tr>"
                      "<w:tr><w:tc>" PLAIN("走访") PLAIN("企业") "</w:tc><w:tc>"
                      "<w:tbl><w:tr><w:tc>" PLAIN("内") "</w:tc><w:tc>" PLAIN("表") "</w:tc></w:tr></w:tbl>"
                      "</w:tc></w:tr><w:tr/></w:tbl>"
                      "<w:tbl><w:tr><w:tc>" P("Title", "排版用的表格") PLAIN("正文一段。") "</w:tc></w:tr></w:tbl>"
                      PLAIN("表后。")),
              STYLES, NULL) != 0)
        return;
    CHECK_INT(g.rc, DOCXREAD_OK);
    CHECK(line_is(text_line(&g, 0), "表前。"));
    CHECK(line_is(text_line(&g, 1), "项目 数量"));
    CHECK_INT(text_line(&g, 1)->heading_level, -1);
    CHECK(line_is(text_line(&g, 2), "走访 企业 内 表"));
    /* a table of one column lays a page out: its paragraphs as they are */
    CHECK(line_is(text_line(&g, 3), "排版用的表格"));
    CHECK_INT(text_line(&g, 3)->heading_level, 1);
    CHECK(line_is(text_line(&g, 4), "正文一段。"));
    CHECK(line_is(text_line(&g, 5), "表后。"));
    CHECK(text_line(&g, 6) == NULL);
    linedoc_free(g.doc);
}

TEST(a_text_box_is_read_once)
{
    got g;
    if (parse(&g, DOC("<w:p><w:r><w:t>正文。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
                      "<w:drawing><w:txbxContent>" PLAIN("框中文字。") "</w:txbxContent></w:drawing></mc:Choice>"
                      "<mc:Fallback><w:pict><w:txbxContent>" PLAIN("框中文字。") "</w:txbxContent></w:pict>"
                      "</mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>接着。</w:t></w:r></w:p>"),
              NULL, NULL) != 0)
        return;
    CHECK_INT(g.rc, DOCXREAD_OK);
    /* the box's paragraph ends first, then the one that holds it */
    CHECK(line_is(text_line(&g, 0), "框中文字。"));
    CHECK(line_is(text_line(&g, 1), "正文。接着。"));
    CHECK(text_line(&g, 2) == NULL);
    linedoc_free(g.doc);
}

TEST(core_title_and_created_are_hints)
{
    got g;
    if (parse(&g, DOC(PLAIN("正文。")), NULL,
              "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
              "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
              "xmlns:dcterms=\"http://purl.org/dc/terms/\"><dc:title>工会简报 第3期</dc:title>"
              "<dcterms:created>2024-03-14T08:00:00Z</dcterms:created></cp:coreProperties>") != 0)
        return;
    CHECK_INT(g.rc, DOCXREAD_OK);
    CHECK_STR(g.hints->title, "工会简报 第3期");
    CHECK_STR(g.hints->published, "2024-03-14");
    linedoc_free(g.doc);
    /* an empty document: no line, for the parser to call empty */
    if (parse(&g, DOC("<w:p/>"), NULL, NULL) != 0) return;
    CHECK_INT(g.rc, DOCXREAD_OK);
    CHECK_INT(g.count, 0);
    CHECK(g.hints->title == NULL);
    linedoc_free(g.doc);
}

TEST(hostile_xml_is_refused)
{
    got g;
    /* an external entity: refused before libxml2 reads it, in any part */
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                      "<w:document " W_NS "><w:body>" PLAIN("&x;") "</w:body></w:document>";
    if (parse(&g, xxe, NULL, NULL) != 0) return;
    CHECK_INT(g.rc, DOCXREAD_DAMAGED);
    CHECK(g.doc == NULL);
    CHECK_STR(g.err, "word/document.xml declares a DTD (Word writes none; its entities are not read)");
    parse(&g, DOC(PLAIN("正文。")), xxe, NULL);
    CHECK_INT(g.rc, DOCXREAD_DAMAGED);
    CHECK(strstr(g.err, "word/styles.xml declares a DTD") == g.err);
    /* in UTF-16 too */
    static const char utf16[] = "<\0?\0x\0m\0l\0 \0?\0>\0<\0!\0D\0O\0C\0T\0Y\0P\0E\0 \0x\0>\0";
    g.rc = docxread_parse_xml(utf16, sizeof utf16 - 1, NULL, 0, NULL, 0, &g.doc, g.err, sizeof g.err);
    CHECK_INT(g.rc, DOCXREAD_DAMAGED);
    /* nested past libxml2's limit of 256: an error, no recursion of ours */
    size_t depth = 100000, n = 0;
    char *deep = malloc(depth * 24 + 512);
    CHECK(deep != NULL);
    n += (size_t)sprintf(deep, "<w:document " W_NS "><w:body>");
    for (size_t i = 0; i < depth; i++) n += (size_t)sprintf(deep + n, "<w:sdt>");
    strcpy(deep + n, "</w:body></w:document>");
    parse(&g, deep, NULL, NULL);
    free(deep);
    CHECK_INT(g.rc, DOCXREAD_DAMAGED);
    CHECK(strstr(g.err, "elements nested more than 256 deep") != NULL);
    /* malformed: the line of the error */
    parse(&g, "<w:document " W_NS ">\n<w:body>\n<w:p></w:r>", NULL, NULL);
    CHECK_INT(g.rc, DOCXREAD_DAMAGED);
    CHECK(strstr(g.err, "malformed XML in word/document.xml (line 3: ") == g.err);
}

static int extract(const char *path, got *g)
{
    size_t len;
    unsigned char *data = harness_slurp(path, &len);
    memset(g, 0, sizeof *g);
    if (!data) {
        snprintf(g->err, sizeof g->err, "cannot read %s", path);
        return g->rc = -1;
    }
    g->rc = docxread_extract(data, len, &g->doc, g->err, sizeof g->err);
    free(data);
    if (g->rc == DOCXREAD_NO_READER) harness_skip(g->err);
    if (g->doc) linedoc_lines(g->doc, &g->lines, &g->count, &g->hints);
    return g->rc;
}

TEST(fixtures_read)
{
    got g;
    if (extract("tests/data/docx/2023-10-13_jiulongpo.docx", &g) == DOCXREAD_NO_READER) return;
    CHECK_INT(docxread_load(g.err, sizeof g.err), DOCXREAD_OK);   /* again: a lookup */
    CHECK_INT(g.rc, DOCXREAD_OK);
    CHECK(line_is(text_line(&g, 0), "九龙坡区总工会 助力企业打造现代制造业产业工人队伍"));
    CHECK_INT(text_line(&g, 0)->heading_level, 1);           /* Title */
    CHECK_INT(text_line(&g, 1)->heading_level, 2);           /* Subtitle */
    CHECK_INT(text_line(&g, 2)->heading_level, 0);           /* Normal */
    CHECK_NEAR(text_line(&g, 2)->font_size_rel, 1, 0.001);
    CHECK_STR(g.hints->published, "2023-10-13");
    CHECK_STR(g.hints->title, "九龙坡区工会简讯");
    linedoc_free(g.doc);
    CHECK_INT(extract("tests/data/docx/chinese.docx", &g), DOCXREAD_OK);
    CHECK(line_is(text_line(&g, 0), "渝北区工会工作简报"));
    CHECK_INT(text_line(&g, 0)->heading_level, 1);           /* 标题 */
    CHECK(line_is(text_line(&g, 4), "——参赛职工超过八百人"));
    CHECK_INT(text_line(&g, 4)->heading_level, 2);           /* 副标题 */
    CHECK(line_is(text_line(&g, 6), "比赛采取理论考试与实际操作相结合的方式,各项目前三名由区总工会颁发证书,"
                                    "成绩优异者按程序申报技术能手。"));
    CHECK(line_is(text_line(&g, 9), "项目 数量 备注"));
    CHECK(line_is(text_line(&g, 10), "走访企业 36家 覆盖三个园区"));
    linedoc_free(g.doc);
    /* what crosses from the child decodes to the same lines */
    CHECK_INT(extract("tests/data/docx/chinese.docx", &g), DOCXREAD_OK);
    sbuf enc = SBUF_INIT;
    linedoc *back = NULL;
    CHECK_INT(linedoc_encode(g.doc, &enc), 0);
    CHECK_INT(linedoc_decode((const unsigned char *)enc.data, enc.len, &back, g.err, sizeof g.err), 0);
    const ingest_line *lines;
    size_t count;
    const ingest_doc_hints *hints;
    linedoc_lines(back, &lines, &count, &hints);
    CHECK_INT(count, g.count);
    CHECK_INT(lines[0].heading_level, 1);
    CHECK_STR(hints->published, "2024-03-14");
    sbuf_free(&enc);
    linedoc_free(back);
    linedoc_free(g.doc);
}

TEST(refusals_say_why)
{
    got g;
    if (extract("tests/data/docx/notword.docx", &g) == DOCXREAD_NO_READER) return;
    CHECK_INT(g.rc, DOCXREAD_NOT_DOCX);
    CHECK_STR(g.err, "a zip archive, not a Word document (no word/document.xml in it)");
    CHECK(g.doc == NULL);
    CHECK_INT(extract("tests/data/docx/truncated.docx", &g), DOCXREAD_DAMAGED);
    CHECK(strstr(g.err, "truncated or damaged zip archive") == g.err);
    CHECK_INT(extract("tests/data/docx/encrypted.docx", &g), DOCXREAD_LOCKED);
    CHECK(strstr(g.err, "encrypted") != NULL);
    CHECK_INT(extract("tests/data/docx/xxe.docx", &g), DOCXREAD_DAMAGED);
    CHECK(strstr(g.err, "declares a DTD") != NULL);
    CHECK(strstr(g.err, "root:") == NULL);
    CHECK_INT(extract("tests/data/docx/laughs.docx", &g), DOCXREAD_DAMAGED);
    /* the legacy formats, by their bytes */
    size_t len;
    unsigned char *doc = harness_slurp("tests/data/docx/legacy.doc", &len);
    CHECK(doc != NULL);
    CHECK_INT(docxread_is_legacy(doc, len), 1);
    CHECK_INT(docxread_is_zip(doc, len), 0);
    CHECK_INT(docxread_legacy(doc, len, g.err, sizeof g.err), DOCXREAD_LEGACY);
    CHECK_STR(g.err, "a Word 97-2003 (.doc) or WPS file: save it as .docx and ingest that");
    CHECK_INT(docxread_extract(doc, len, &g.doc, g.err, sizeof g.err), DOCXREAD_NOT_DOCX);
    free(doc);
    static const unsigned char locked[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    CHECK_INT(docxread_legacy(locked, sizeof locked - 1, g.err, sizeof g.err), DOCXREAD_LOCKED);
    CHECK(strstr(g.err, "a password-protected Word document: save a copy without a password") == g.err);
    CHECK_INT(docxread_is_zip((const unsigned char *)"PK\3\4", 4), 1);
    CHECK_INT(docxread_is_zip((const unsigned char *)"PK\5\6", 4), 1);
    CHECK_INT(docxread_is_zip((const unsigned char *)"PK\1\2", 4), 0);
    CHECK_INT(docxread_is_zip((const unsigned char *)"PK", 2), 0);
}

int main(void)
{
    RUN(styles_by_id_and_name_give_heading_levels);
    RUN(bold_and_size_against_the_body);
    RUN(runs_breaks_and_tracked_changes);
    RUN(tables_a_row_a_line_and_layout_tables_as_paragraphs);
    RUN(a_text_box_is_read_once);
    RUN(core_title_and_created_are_hints);
    RUN(hostile_xml_is_refused);
    RUN(fixtures_read);
    RUN(refusals_say_why);
    return harness_done();
}
