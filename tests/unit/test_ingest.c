/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_ingest.c — the bulletin parser: the seed bulletin's true structure,
 * the same bulletin re-encoded, re-wrapped and paginated, and small synthetic
 * bulletins for each rule of docs/ingest.md. */
#include "harness.h"
#include "ingest/ingest.h"
#include "util/sbuf.h"
#include "util/utf8.h"

#include <hpdf.h>
#include <iconv.h>
#include <stdlib.h>
#include <unistd.h>

#define SEED "../shared/seeds/000_2f3945eb508711e7.txt"
/* Where the machine keeps it, for a checkout that is not beside ../shared. */
#define SEED_ALT "/work/shared/seeds/000_2f3945eb508711e7.txt"

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    sbuf b = SBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sbuf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return (unsigned char *)sbuf_detach(&b);
}

static ingest_bulletin *parse_opts(const char *text, size_t len, const ingest_options *o, int *rc,
                                   char *err, size_t errlen)
{
    ingest_bulletin *b = NULL;
    *rc = ingest_parse((const unsigned char *)text, len, o, &b, err, errlen);
    return b;
}

static ingest_bulletin *parse(const char *text, int *rc)
{
    char err[256];
    return parse_opts(text, strlen(text), NULL, rc, err, sizeof err);
}

static size_t total_paragraphs(const ingest_bulletin *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->article_count; i++) n += b->articles[i].paragraph_count;
    return n;
}

/* 1 when two parses have the same articles, titles and paragraphs. */
static int same_structure(const ingest_bulletin *a, const ingest_bulletin *b)
{
    if (a->article_count != b->article_count) return 0;
    for (size_t i = 0; i < a->article_count; i++) {
        const ingest_article *x = &a->articles[i], *y = &b->articles[i];
        if (strcmp(x->title, y->title) != 0) { printf("  title %zu: %s | %s\n", i, x->title, y->title); return 0; }
        if (!x->subtitle != !y->subtitle || (x->subtitle && strcmp(x->subtitle, y->subtitle) != 0)) return 0;
        if (x->paragraph_count != y->paragraph_count) {
            printf("  article %zu: %zu vs %zu paragraphs\n", i, x->paragraph_count, y->paragraph_count);
            return 0;
        }
        for (size_t k = 0; k < x->paragraph_count; k++)
            if (strcmp(x->paragraphs[k], y->paragraphs[k]) != 0) {
                printf("  article %zu paragraph %zu differs:\n  %s\n  %s\n", i, k, x->paragraphs[k], y->paragraphs[k]);
                return 0;
            }
    }
    return 1;
}

static ingest_bulletin *parse_seed(unsigned char **raw, size_t *len)
{
    int rc;
    char err[256];
    *raw = read_file(SEED, len);
    if (!*raw) *raw = read_file(SEED_ALT, len);
    if (!*raw) return NULL;
    ingest_bulletin *b = parse_opts((const char *)*raw, *len, NULL, &rc, err, sizeof err);
    if (rc != INGEST_OK) printf("  seed: %s\n", err);
    return b;
}

/* ---- the seed ----------------------------------------------------------- */

TEST(seed_structure)
{
    unsigned char *raw;
    size_t len;
    ingest_bulletin *b = parse_seed(&raw, &len);
    if (!raw) { harness_skip("seed bulletin " SEED " not found"); return; }
    free(raw);
    CHECK(b != NULL);
    CHECK_INT(b->article_count, 3);
    CHECK_STR(b->encoding, "utf-8");
    CHECK_STR(b->articles[0].title, "为强国建设民族复兴伟业 贡献工人阶级的磅礴力量");
    CHECK_STR(b->articles[0].subtitle, "习近平总书记重要讲话精神在重庆广大职工和工会干部中引起热烈反响");
    CHECK_STR(b->articles[1].title,
              "重庆市总工会召开专题会议传达学习贯彻中国工会十八大精神 奋力推动重庆工运事业和工会工作高质量发展");
    CHECK(b->articles[1].subtitle == NULL);
    CHECK_STR(b->articles[2].title, "全市各级工会传达学习贯彻中国工会十八大精神 努力开创新时代工会工作新局面");
    CHECK(b->articles[2].subtitle == NULL);
    CHECK_INT(b->articles[0].paragraph_count, 7);
    CHECK_INT(b->articles[1].paragraph_count, 5);
    CHECK_INT(b->articles[2].paragraph_count, 5);
    CHECK_INT(total_paragraphs(b), 17);
    CHECK_INT(b->joined_breaks, 5);
    CHECK_INT(b->furniture_lines, 0);
    /* The mid-word break "…吴应明表示,作" / "为一名基层工会主席…" (half-width comma). */
    CHECK(strstr(b->articles[0].paragraphs[4], "重庆正阳新材料有限公司工会主席吴应明表示,作为一名基层工会主席,") ==
          b->articles[0].paragraphs[4]);
    /* The list of districts broken after "开州区、" goes on with "城口县等地". */
    CHECK(strstr(b->articles[0].paragraphs[2], "永川区、开州区、城口县等地总工会认真学习") != NULL);
    CHECK(strstr(b->articles[1].paragraphs[1], "学习落实中国工会十八大报告、章程等重要文件") != NULL);
    CHECK(strstr(b->articles[2].paragraphs[2], "学习宣传和贯彻落实工作。会议要求") != NULL);
    CHECK(strstr(b->articles[2].paragraphs[3], "不断增强工会宣传的实效性和影响力,为打造") != NULL);
    CHECK(b->issued_on == NULL);
    CHECK(b->date_source == NULL);
    CHECK_INT(strlen(b->sha256), 64);
    ingest_bulletin_destroy(b);
}

static char *to_gb18030(const unsigned char *s, size_t len, size_t *outlen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = len * 2 + 16;
    char *out = malloc(cap), *o = out, *in = (char *)s;
    size_t inleft = len, oleft = cap;
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    iconv_close(cd);
    if (r == (size_t)-1) { free(out); return NULL; }
    *outlen = cap - oleft;
    return out;
}

TEST(seed_in_gb18030_bom_and_crlf)
{
    unsigned char *raw;
    size_t len, gblen;
    ingest_bulletin *plain = parse_seed(&raw, &len);
    if (!raw) { harness_skip("seed bulletin " SEED " not found"); return; }
    int rc;
    char err[256];

    char *gb = to_gb18030(raw, len, &gblen);
    CHECK(gb != NULL);
    CHECK(gblen != len);
    ingest_bulletin *b = parse_opts(gb, gblen, NULL, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->encoding, "gb18030");
    CHECK(same_structure(plain, b));
    ingest_bulletin_destroy(b);
    /* Forcing UTF-8 on GB18030 bytes is an error at the first line with text. */
    ingest_options o = {.encoding = INGEST_ENCODING_UTF8, .date = NULL, .filename = NULL, .skip_sha256 = 0};
    b = parse_opts(gb, gblen, &o, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_UNDECODABLE);
    CHECK(b == NULL);
    CHECK(strstr(err, "line 5:") == err);
    free(gb);

    sbuf t = SBUF_INIT;
    sbuf_append(&t, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < len; i++) {
        if (raw[i] == '\n') sbuf_puts(&t, "\r\n");
        else sbuf_putc(&t, (char)raw[i]);
    }
    b = parse_opts(t.data, t.len, NULL, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->encoding, "utf-8");
    CHECK(same_structure(plain, b));
    CHECK(strcmp(b->articles[0].title, plain->articles[0].title) == 0);   /* no BOM left in it */
    ingest_bulletin_destroy(b);
    /* Copied from a web page: one paragraph a line, no blank lines. */
    sbuf_clear(&t);
    for (size_t i = 0; i < len; i++)
        if (!(raw[i] == '\n' && (i == 0 || raw[i - 1] == '\n'))) sbuf_putc(&t, (char)raw[i]);
    b = parse_opts(t.data, t.len, NULL, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK(!strstr(t.data, "\n\n"));
    CHECK(same_structure(plain, b));
    CHECK_INT(b->joined_breaks, 5);
    ingest_bulletin_destroy(b);
    /* Web pages' line and paragraph separators. */
    b = parse("标题\xE2\x80\xA9\xE2\x80\xA9第一段。\xE2\x80\xA8第二段。", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_STR(b->articles[0].paragraphs[1], "第二段。");
    ingest_bulletin_destroy(b);
    /* Old Mac line ends: CR alone. */
    for (size_t i = 0; i < t.len; i++) if (t.data[i] == '\n') t.data[i] = '\r';
    b = parse_opts(t.data, t.len, NULL, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK(same_structure(plain, b));
    ingest_bulletin_destroy(b);
    sbuf_free(&t);
    free(raw);
    ingest_bulletin_destroy(plain);
}

/* Re-prints the seed as pdftotext would: 30 characters a line, a page number
 * "— N —" and the running head every 20 printed lines, the running head on
 * the first page too. blank_lines keeps a blank line between blocks; without
 * it, paragraph starts are indented with two U+3000 instead. */
static void rewrap(const unsigned char *raw, size_t len, int blank_lines, sbuf *out, size_t *furniture)
{
    const char *s = (const char *)raw;
    size_t pos = 0, printed = 0, page = 1;
    *furniture = 1;
    sbuf_puts(out, "重庆工会信息\n");
    if (blank_lines) sbuf_puts(out, "\n");
    while (pos < len) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        size_t linelen = end - pos, cps = utf8_length(s + pos, linelen), done = 0;
        int headline = cps < 50 && !memchr(s + pos, ',', linelen) && !strstr(s + pos, "。");
        if (linelen) {
            while (done < cps) {
                size_t a = utf8_offset(s + pos, linelen, done), b = utf8_offset(s + pos, linelen, done + 30);
                if (!blank_lines && done == 0 && !headline) sbuf_puts(out, "　　");
                sbuf_append(out, s + pos + a, b - a);
                sbuf_putc(out, '\n');
                done += 30;
                if (++printed % 20 == 0) {
                    sbuf_printf(out, "— %zu —\n重庆工会信息\n", page++);
                    *furniture += 2;
                }
            }
            if (blank_lines) sbuf_putc(out, '\n');
        }
        pos = end + 1;
    }
}

TEST(seed_hard_wrapped_with_page_numbers_and_running_head)
{
    unsigned char *raw;
    size_t len, furniture;
    ingest_bulletin *plain = parse_seed(&raw, &len);
    if (!raw) { harness_skip("seed bulletin " SEED " not found"); return; }
    for (int blank_lines = 1; blank_lines >= 0; blank_lines--) {
        sbuf t = SBUF_INIT;
        int rc;
        char err[256];
        rewrap(raw, len, blank_lines, &t, &furniture);
        ingest_bulletin *b = parse_opts(t.data, t.len, NULL, &rc, err, sizeof err);
        sbuf_free(&t);
        if (rc != INGEST_OK) printf("  %s\n", err);
        CHECK_INT(rc, INGEST_OK);
        int same = same_structure(plain, b);
        size_t got = b->furniture_lines;
        ingest_bulletin_destroy(b);
        if (!same) printf("  (blank_lines=%d)\n", blank_lines);
        CHECK(same);
        CHECK_INT(got, furniture);
    }
    free(raw);
    ingest_bulletin_destroy(plain);
}

/* ---- the seed printed to PDF and read back with pdftotext ---------------- */

typedef struct printer {
    HPDF_Doc pdf;
    HPDF_Page page;
    HPDF_Font font;
    float y_pt;
    int page_no;
} printer;

static void printer_error(HPDF_STATUS status, HPDF_STATUS detail, void *data)
{
    (void)detail;
    *(HPDF_STATUS *)data = status;
}

static void printer_text(printer *pr, const char *text, float x_pt, float y_pt, float size_pt)
{
    HPDF_Page_BeginText(pr->page);
    HPDF_Page_SetFontAndSize(pr->page, pr->font, size_pt);
    HPDF_Page_TextOut(pr->page, x_pt, y_pt, text);
    HPDF_Page_EndText(pr->page);
}

/* Page furniture as a printed bulletin has it: the running head on top,
 * "— N —" centred at the foot. */
static void printer_page(printer *pr)
{
    char foot[32];
    if (pr->page) {
        snprintf(foot, sizeof foot, "— %d —", pr->page_no);
        printer_text(pr, foot, 280, 40, 10);
    }
    if (!pr->pdf) return;
    pr->page = HPDF_AddPage(pr->pdf);
    HPDF_Page_SetSize(pr->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    pr->page_no++;
    printer_text(pr, "重庆工会信息", 267, 800, 10);
    pr->y_pt = 760;
}

/* One printed line of chars characters of s at size_pt, centred or not. */
static void printer_line(printer *pr, const char *s, size_t bytes, size_t chars, float x_pt, float size_pt,
                         int centred)
{
    char buf[512];
    if (pr->y_pt < 80) printer_page(pr);
    if (centred) x_pt = (595 - (float)chars * size_pt) / 2;
    snprintf(buf, sizeof buf, "%.*s", (int)bytes, s);
    printer_text(pr, buf, x_pt, pr->y_pt, size_pt);
    pr->y_pt -= size_pt * 1.7f;
}

/* Sets the seed as a printed bulletin: headlines centred at 18 pt, 24
 * characters a line, a gap after them; body at 14 pt, 28 characters a
 * line, each paragraph indented by two. Returns 0 or -1. */
static int print_seed(const unsigned char *raw, size_t len, const char *font_path, const char *pdf_path)
{
    HPDF_STATUS status = 0;
    printer pr = {HPDF_New(printer_error, &status), NULL, NULL, 0, 0};
    if (!pr.pdf) return -1;
    HPDF_UseUTFEncodings(pr.pdf);
    HPDF_SetCurrentEncoder(pr.pdf, "UTF-8");
    const char *name = HPDF_LoadTTFontFromFile2(pr.pdf, font_path, 0, HPDF_FALSE);
    pr.font = name ? HPDF_GetFont(pr.pdf, name, "UTF-8") : NULL;
    if (!pr.font) { HPDF_Free(pr.pdf); return -1; }
    printer_page(&pr);
    const char *s = (const char *)raw;
    for (size_t pos = 0; pos < len; ) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len, linelen = end - pos, cps = utf8_length(s + pos, linelen);
        int headline = cps < 50 && !memchr(s + pos, ',', linelen) && !strstr(s + pos, "。");
        size_t per_line = headline ? 24 : 28, done = 0;
        while (done < cps) {
            size_t take = (!headline && done == 0) ? per_line - 2 : per_line;
            size_t a = utf8_offset(s + pos, linelen, done), b = utf8_offset(s + pos, linelen, done + take);
            size_t n = utf8_length(s + pos + a, b - a);
            printer_line(&pr, s + pos + a, b - a, n, (!headline && done == 0) ? 60 + 28 : 60,
                         headline ? 18 : 14, headline);
            done += take;
        }
        if (cps && headline) pr.y_pt -= 14;
        pos = end + 1;
    }
    printer_page(&pr);
    HPDF_STATUS saved = HPDF_SaveToFile(pr.pdf, pdf_path);
    HPDF_Free(pr.pdf);
    return saved == HPDF_OK && status == 0 ? 0 : -1;
}

static ingest_bulletin *parse_pdftotext(const char *pdf_path, const char *flags)
{
    char cmd[1024], out[64] = "/tmp/brief-ingest-txt-XXXXXX", err[256];
    int fd = mkstemp(out);
    if (fd < 0) return NULL;
    close(fd);
    snprintf(cmd, sizeof cmd, "pdftotext %s '%s' '%s' 2>/dev/null", flags, pdf_path, out);
    int rc = system(cmd);
    size_t len = 0;
    unsigned char *text = rc == 0 ? read_file(out, &len) : NULL;
    unlink(out);
    if (!text) return NULL;
    ingest_bulletin *b = parse_opts((const char *)text, len, NULL, &rc, err, sizeof err);
    if (rc != INGEST_OK) printf("  pdftotext %s: %s\n", flags, err);
    free(text);
    return b;
}

TEST(seed_printed_to_pdf_and_extracted_with_pdftotext)
{
    static const char *fonts[] = {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                                  "/usr/share/fonts/truetype/arphic/uming.ttc"};
    const char *font = NULL;
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0] && !font; i++)
        if (access(fonts[i], R_OK) == 0) font = fonts[i];
    if (!font) { harness_skip("no CJK TrueType collection (fonts-wqy-microhei)"); return; }
    if (system("command -v pdftotext >/dev/null 2>&1") != 0) { harness_skip("pdftotext not installed"); return; }
    unsigned char *raw;
    size_t len;
    ingest_bulletin *plain = parse_seed(&raw, &len);
    if (!raw) { harness_skip("seed bulletin " SEED " not found"); return; }
    char pdf[64] = "/tmp/brief-ingest-pdf-XXXXXX";
    int fd = mkstemp(pdf);
    CHECK(fd >= 0);
    close(fd);
    int printed = print_seed(raw, len, font, pdf);
    free(raw);
    ingest_bulletin *layout = printed == 0 ? parse_pdftotext(pdf, "-layout") : NULL;
    ingest_bulletin *flow = printed == 0 ? parse_pdftotext(pdf, "") : NULL;
    unlink(pdf);
    CHECK_INT(printed, 0);
    CHECK(layout != NULL && flow != NULL);
    /* -layout keeps the indents; plain pdftotext drops them, and a
     * paragraph start shows as a line two characters short. Either way
     * the very same bulletin comes back. */
    int same_layout = same_structure(plain, layout);
    int same_flow = same_structure(plain, flow);
    size_t furniture_layout = layout->furniture_lines, flow_furniture = flow->furniture_lines;
    ingest_bulletin_destroy(layout);
    ingest_bulletin_destroy(flow);
    ingest_bulletin_destroy(plain);
    CHECK(same_layout);
    CHECK(same_flow);
    CHECK(furniture_layout >= 6);   /* a page number and a running head on each of 3+ pages */
    CHECK(flow_furniture >= 6);
}

/* ---- synthetic bulletins ------------------------------------------------- */

TEST(headline_subtitle_and_broken_paragraph)
{
    int rc;
    ingest_bulletin *b = parse(
        "\n\n学习贯彻会议精神 推动工作落实\n\n"
        "区总工会召开专题会议部署学习宣传工作\n\n"
        "会议指出,要把学习宣传贯彻工作作为当前的重要任务,切实抓\n\n"
        "好落实。\n\n"
        "会议要求,各级工会要“学起来、讲起来”。\n\n"
        "第二篇文章的标题\n\n"
        "正文第一段。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 2);
    CHECK_STR(b->articles[0].title, "学习贯彻会议精神 推动工作落实");
    CHECK_STR(b->articles[0].subtitle, "区总工会召开专题会议部署学习宣传工作");
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_STR(b->articles[0].paragraphs[0], "会议指出,要把学习宣传贯彻工作作为当前的重要任务,切实抓好落实。");
    CHECK_STR(b->articles[0].paragraphs[1], "会议要求,各级工会要“学起来、讲起来”。");
    CHECK_STR(b->articles[1].title, "第二篇文章的标题");
    CHECK(b->articles[1].subtitle == NULL);
    CHECK_INT(b->joined_breaks, 1);
    ingest_bulletin_destroy(b);
}

TEST(unfinished_paragraph_is_not_followed_by_a_headline)
{
    int rc;
    /* "为一名基层工会主席" looks like a headline but goes on with the sentence
     * above, and, unfinished itself, runs on into the next block. */
    ingest_bulletin *b = parse("标题\n\n吴应明表示,作\n\n为一名基层工会主席\n\n将始终不忘初心。\n\n第二段。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 1);
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_STR(b->articles[0].paragraphs[0], "吴应明表示,作为一名基层工会主席将始终不忘初心。");
    CHECK_STR(b->articles[0].paragraphs[1], "第二段。");
    CHECK_INT(b->joined_breaks, 2);
    ingest_bulletin_destroy(b);
}

TEST(numbered_section_headings_stay_in_their_article)
{
    int rc;
    ingest_bulletin *b = parse("关于加强工会工作的意见\n\n各单位要认真落实。\n\n一、提高政治站位\n\n"
                               "要深刻认识重大意义。\n\n(二)加强组织领导\n\n3. 狠抓工作落实\n\n要按照要求抓好落实。\n\n"
                               "第二篇文章\n\n正文。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 2);
    CHECK_INT(b->articles[0].paragraph_count, 6);
    CHECK(b->articles[0].subtitle == NULL);
    CHECK_STR(b->articles[0].paragraphs[1], "一、提高政治站位");
    CHECK_STR(b->articles[0].paragraphs[3], "(二)加强组织领导");
    CHECK_STR(b->articles[0].paragraphs[4], "3. 狠抓工作落实");
    CHECK_STR(b->articles[1].title, "第二篇文章");
    ingest_bulletin_destroy(b);
    /* A byline under the title is neither its subtitle nor a paragraph:
     * it names the authors (tests/data/shapes/README.md, "Author"). */
    b = parse("标题\n\n本报记者 王某 通讯员 李某\n\n正文。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 1);
    CHECK(b->articles[0].subtitle == NULL);
    CHECK_INT(b->articles[0].paragraph_count, 1);
    CHECK_STR(b->articles[0].paragraphs[0], "正文。");
    CHECK_STR(b->articles[0].author, "王某、李某");
    ingest_bulletin_destroy(b);
}

TEST(hard_wrap_latin_joins_with_a_space)
{
    int rc;
    ingest_bulletin *b = parse(
        "Weekly union news\n\n"
        "The federation held a meeting on the new\n"
        "rules for delivery riders and agreed that\n"
        "2023 targets stay. Members welcomed the well-\n"
        "known plan for 33618 clusters.\n"
        "  A second paragraph starts with an indent\n"
        "and ends here.\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 1);
    CHECK_STR(b->articles[0].title, "Weekly union news");
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_STR(b->articles[0].paragraphs[0],
              "The federation held a meeting on the new rules for delivery riders and agreed that "
              "2023 targets stay. Members welcomed the well-known plan for 33618 clusters.");
    CHECK_STR(b->articles[0].paragraphs[1], "A second paragraph starts with an indent and ends here.");
    ingest_bulletin_destroy(b);
    /* A number cut by the wrap inside Chinese text is one number again;
     * a Latin word between Chinese and a space keeps its space. */
    b = parse("标题\n\n近日重庆市总工会六届四次主席办公会暨2023年第2\n5次党组扩大会议召开同步发布的还有ABB\nrobot计划。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->articles[0].paragraphs[0], "近日重庆市总工会六届四次主席办公会暨2023年第25次党组扩大会议召开同步发布的还有ABB robot计划。");
    ingest_bulletin_destroy(b);
}

TEST(hard_wrap_without_blank_lines)
{
    int rc;
    /* pdftotext: one printed line per line, paragraphs end on a short line. */
    ingest_bulletin *b = parse(
        "工会动态\n"
        "会议指出要深入学习贯彻中国工会十八大精神把思想\n"
        "和行动统一到党中央决策部署上来切实增强做好新时\n"
        "代工会工作的责任感。\n"
        "会议要求各级工会干部要当好领头羊主动学带头讲作\n"
        "表率带动一线职工学习。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 1);
    CHECK_STR(b->articles[0].title, "工会动态");
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_STR(b->articles[0].paragraphs[0],
              "会议指出要深入学习贯彻中国工会十八大精神把思想和行动统一到党中央决策部署上来切实增强做好新时代工会工作的责任感。");
    CHECK_STR(b->articles[0].paragraphs[1], "会议要求各级工会干部要当好领头羊主动学带头讲作表率带动一线职工学习。");
    ingest_bulletin_destroy(b);
    /* The extractor dropped the paragraph indents: first lines are two
     * characters short, with no punctuation, and are not headlines. */
    b = parse("工会动态\n"
              "会议指出要深入学习贯彻中国工会十八大精神\n"
              "和行动统一到党中央决策部署上来切实增强做好新\n"
              "时代工会工作的责任感牢记职工群众的期盼和重托\n"
              "不忘初心牢记使命坚定不移听党话跟党走奋力开创\n"
              "新局面。\n"
              "会议要求各级工会干部要当好领头羊主动学习\n"
              "带头讲作表率带动一线职工学习抓好各项工作落实\n"
              "落细各项工作确保取得实效努力开创工会工作新局\n"
              "面。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 1);
    CHECK(b->articles[0].subtitle == NULL);
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK(strstr(b->articles[0].paragraphs[0], "会议指出要深入学习贯彻中国工会十八大精神和行动") == b->articles[0].paragraphs[0]);
    CHECK(strstr(b->articles[0].paragraphs[1], "会议要求各级工会干部要当好领头羊主动学习带头讲") == b->articles[0].paragraphs[1]);
    ingest_bulletin_destroy(b);
    /* ... and when a paragraph's last line is full, the next one's first
     * line, two characters short, still shows where it starts. */
    b = parse("工会动态\n"
              "会议指出要深入学习贯彻中国工会十八大精神\n"
              "和行动统一到党中央决策部署上来切实增强做好新\n"
              "时代工会工作的责任感牢记职工群众的期盼和重托\n"
              "不忘初心牢记使命坚定不移听党话跟党走再创佳。\n"
              "会议要求各级工会干部要当好领头羊主动学习\n"
              "带头讲作表率带动一线职工学习抓好各项工作落实\n"
              "落细各项工作确保取得实效努力开创工会工作新局\n"
              "面。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK(strstr(b->articles[0].paragraphs[1], "会议要求") == b->articles[0].paragraphs[1]);
    ingest_bulletin_destroy(b);
}

TEST(page_furniture_is_dropped_and_does_not_break_paragraphs)
{
    static const char *page_numbers[] = {"— 3 —", "- 3 -", "-3-", "第3页", "第 3 页 共 12 页", "3", "Page 3",
                                         "－ 3 －", "page 3 of 12"};
    for (size_t i = 0; i < sizeof page_numbers / sizeof page_numbers[0]; i++) {
        sbuf t = SBUF_INIT;
        int rc;
        sbuf_printf(&t, "标题\n\n第一段的前半句,还没有说\n\n%s\n\n完。第二句。\n", page_numbers[i]);
        ingest_bulletin *b = parse(t.data, &rc);
        sbuf_free(&t);
        CHECK_INT(rc, INGEST_OK);
        CHECK_INT(b->furniture_lines, 1);
        CHECK_INT(b->articles[0].paragraph_count, 1);
        CHECK_STR(b->articles[0].paragraphs[0], "第一段的前半句,还没有说完。第二句。");
        ingest_bulletin_destroy(b);
    }
    /* Not page numbers: a year alone, a sentence with a number. */
    int rc;
    ingest_bulletin *b = parse("标题\n\n2023\n\n共有3个单位参加。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->furniture_lines, 0);
    ingest_bulletin_destroy(b);
}

TEST(form_feeds_and_running_heads)
{
    int rc;
    /* pdftotext: a form feed starts each page; the bulletin name heads each. */
    ingest_bulletin *b = parse(
        "重庆工会信息\n\n第一篇\n\n第一段,跨页\n\n\f重庆工会信息\n\n继续写完。\n\n"
        "第二篇\n\n内容。\n\f重庆工会信息\n\n第三篇\n\n内容。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->furniture_lines, 3);
    CHECK_INT(b->article_count, 3);
    CHECK_STR(b->articles[0].title, "第一篇");
    CHECK_STR(b->articles[0].paragraphs[0], "第一段,跨页继续写完。");
    CHECK_STR(b->articles[1].title, "第二篇");
    CHECK_STR(b->articles[2].title, "第三篇");
    ingest_bulletin_destroy(b);
    /* A running head that carries the page number. */
    b = parse("重庆工会信息　1\n\n第一篇\n\n第一段,跨页\n\f重庆工会信息　2\n继续写完。\n\f重庆工会信息　3\n\n第二篇\n\n内容。\n",
              &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->furniture_lines, 3);
    CHECK_INT(b->article_count, 2);
    CHECK_STR(b->articles[0].paragraphs[0], "第一段,跨页继续写完。");
    ingest_bulletin_destroy(b);
    /* A heading used twice, each time over a body of its own, is kept. */
    b = parse("工作动态\n\n第一条消息。\n\n工作动态\n\n第二条消息。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->furniture_lines, 0);
    CHECK_INT(b->article_count, 2);
    ingest_bulletin_destroy(b);
}

TEST(web_page_furniture)
{
    int rc;
    ingest_bulletin *b = parse("重庆市总工会召开专题会议\n"
                               "发布时间:2023-10-27 09:30:00  来源:重庆市总工会  浏览次数:123\n"
                               "【字号:大 中 小】\n\n"
                               "近日,重庆市总工会召开专题会议。\n\n会议强调,要抓好落实。\n\n"
                               "(编辑:张三)\n\n【打印】 【关闭】\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 1);
    CHECK_STR(b->articles[0].title, "重庆市总工会召开专题会议");
    CHECK(b->articles[0].subtitle == NULL);
    /* An editor's line is metadata, not a paragraph, nor the author. */
    CHECK_INT(b->articles[0].paragraph_count, 2);
    CHECK_STR(b->articles[0].paragraphs[0], "近日,重庆市总工会召开专题会议。");
    CHECK_STR(b->articles[0].paragraphs[1], "会议强调,要抓好落实。");
    CHECK(b->articles[0].author == NULL);
    CHECK_STR(b->articles[0].source, "重庆市总工会");
    CHECK_INT(b->furniture_lines, 4);
    CHECK_STR(b->issued_on, "2023-10-27");
    CHECK_STR(b->date_source, "metadata");
    ingest_bulletin_destroy(b);
}

TEST(header_lines_and_dates)
{
    static const char *headers[] = {"2023年10月27日", "重庆市总工会  2023年10月27日", "第42期 2023年10月27日",
                                    "重庆工会信息\n第四十二期\n重庆市总工会办公室      2023年10月27日",
                                    "重庆市总工会办公室  二〇二三年十月二十七日", "2023-10-27"};
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        sbuf t = SBUF_INIT;
        int rc;
        sbuf_printf(&t, "%s\n\n标题一\n\n副标题\n\n正文。\n", headers[i]);
        ingest_bulletin *b = parse(t.data, &rc);
        sbuf_free(&t);
        CHECK_INT(rc, INGEST_OK);
        CHECK_INT(b->article_count, 1);
        CHECK_STR(b->articles[0].title, "标题一");
        CHECK_STR(b->articles[0].subtitle, "副标题");
        CHECK_STR(b->issued_on, "2023-10-27");
        CHECK_STR(b->date_source, "metadata");
        ingest_bulletin_destroy(b);
    }
    /* Labelled header lines, as web pages print them. */
    int rc;
    ingest_bulletin *h = parse("主办:重庆市总工会\n发布时间:2023-10-27 09:30\n\n标题一\n\n正文。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(h->article_count, 1);
    CHECK_STR(h->articles[0].title, "标题一");
    CHECK_INT(h->articles[0].paragraph_count, 1);
    CHECK_STR(h->issued_on, "2023-10-27");
    ingest_bulletin_destroy(h);
    /* A dated first sentence is the text, not a header. */
    h = parse("2023年10月27日,市总工会召开会议\n\n会议强调要抓好落实。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK(h->issued_on == NULL);
    CHECK_INT(h->articles[0].paragraph_count, 1);
    CHECK_STR(h->articles[0].paragraphs[0], "2023年10月27日,市总工会召开会议会议强调要抓好落实。");
    ingest_bulletin_destroy(h);
    /* A date in the body is not the bulletin's date. */
    ingest_bulletin *b = parse("标题\n\n会议于2023年10月9日召开。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK(b->issued_on == NULL);
    CHECK(b->date_source == NULL);
    ingest_bulletin_destroy(b);
}

TEST(date_from_option_filename_text)
{
    /* The file name gives the date of a text that has none (docs/ingest.md 5:
     * the text's own date comes first, the file name after any of it). */
    const char *text = "标题\n\n正文。\n";
    const char *dated = "2023年10月27日\n\n标题\n\n正文。\n";
    static const char *names[] = {"in/2023-11-03.txt", "bulletin_2023_11_03.txt", "20231103-weekly.txt",
                                  "/x/2020-01-01/jb-2023.11.03.txt"};
    int rc;
    char err[256];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ingest_options o = {.encoding = INGEST_ENCODING_AUTO, .filename = names[i]};
        ingest_bulletin *b = parse_opts(text, strlen(text), &o, &rc, err, sizeof err);
        CHECK_INT(rc, INGEST_OK);
        CHECK_STR(b->issued_on, "2023-11-03");
        CHECK_STR(b->date_source, "filename");
        ingest_bulletin_destroy(b);
        b = parse_opts(dated, strlen(dated), &o, &rc, err, sizeof err);
        CHECK_INT(rc, INGEST_OK);
        CHECK_STR(b->issued_on, "2023-10-27");
        CHECK_STR(b->date_source, "metadata");
        ingest_bulletin_destroy(b);
    }
    ingest_options o = {.encoding = INGEST_ENCODING_AUTO, .date = "2024-02-29", .filename = "2023-11-03.txt"};
    ingest_bulletin *b = parse_opts(dated, strlen(dated), &o, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "2024-02-29");
    CHECK_STR(b->date_source, "option");
    ingest_bulletin_destroy(b);
    /* A file name without a valid date gives none. */
    ingest_options o2 = {.encoding = INGEST_ENCODING_AUTO, .filename = "report-20231399.txt"};
    b = parse_opts(text, strlen(text), &o2, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK(b->issued_on == NULL);
    CHECK(b->date_source == NULL);
    ingest_bulletin_destroy(b);
}

TEST(bad_date_option)
{
    static const char *bad[] = {"2023-13-01", "2023-02-29", "2023-1-5", "27/10/2023", "", "2023-10-27x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ingest_options o = {.encoding = INGEST_ENCODING_AUTO, .date = bad[i], .filename = NULL, .skip_sha256 = 0};
        ingest_bulletin *b = (ingest_bulletin *)1;
        char err[256] = "";
        int rc = ingest_parse((const unsigned char *)"标题\n\n正文。\n", strlen("标题\n\n正文。\n"), &o, &b, err,
                              sizeof err);
        CHECK_INT(rc, INGEST_BAD_DATE);
        CHECK(b == NULL);
        CHECK(strstr(err, bad[i]) != NULL);
        CHECK(strstr(err, "YYYY-MM-DD") != NULL);
    }
}

TEST(binary_undecodable_and_empty_inputs)
{
    ingest_bulletin *b = (ingest_bulletin *)1;
    char err[256];
    int rc = ingest_parse((const unsigned char *)"标题\n\n正文\0。\n", 17, NULL, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_BINARY);
    CHECK(b == NULL);
    CHECK(strstr(err, "line 3: NUL byte") == err);
    rc = ingest_parse((const unsigned char *)"a\r\nb\r\n\x07", 7, NULL, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_BINARY);
    CHECK(strstr(err, "line 3: control character 0x07") == err);
    /* UTF-16 is read (its NUL bytes are no binary), and checked after decoding. */
    rc = ingest_parse((const unsigned char *)"\xFF\xFEh\0i\0\n\0\x07\0", 10, NULL, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_BINARY);
    CHECK(strstr(err, "line 2: control character 0x07") == err);

    /* GBK text with a broken byte on line 4: detected as GB18030, then refused. */
    const char *gb = "\xB1\xEA\xCC\xE2\n\n\xD5\xFD\xCE\xC4\xA1\xA3\n\xD5\xFD\x80\xFF\n";
    rc = ingest_parse((const unsigned char *)gb, strlen(gb), NULL, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_UNDECODABLE);
    CHECK(strstr(err, "line 4: invalid GB18030 byte sequence") == err);
    /* Valid GBK parses ("标题" / "正文。"). */
    rc = ingest_parse((const unsigned char *)gb, 12, NULL, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->encoding, "gb18030");
    CHECK_STR(b->articles[0].title, "标题");
    CHECK_STR(b->articles[0].paragraphs[0], "正文。");
    ingest_bulletin_destroy(b);
    /* Cut in the middle of a character at the very end. */
    rc = ingest_parse((const unsigned char *)gb, 11, NULL, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_UNDECODABLE);
    CHECK(strstr(err, "line 3: truncated GB18030") == err);
    /* Asked for UTF-8, given a stray byte on line 2. */
    ingest_options o = {.encoding = INGEST_ENCODING_UTF8, .date = NULL, .filename = NULL, .skip_sha256 = 0};
    rc = ingest_parse((const unsigned char *)"标题\n正文\xE4。\n", 14, &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_UNDECODABLE);
    CHECK(strstr(err, "line 2: invalid UTF-8") == err);

    static const char *empty[] = {"", "\n\n  \r\n\xE3\x80\x80\n", "\xEF\xBB\xBF", "— 1 —\n\n- 2 -\n\f3\n"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        rc = ingest_parse((const unsigned char *)empty[i], strlen(empty[i]), NULL, &b, err, sizeof err);
        CHECK_INT(rc, INGEST_EMPTY);
        CHECK(b == NULL);
        CHECK(strstr(err, "no text") == err);
    }
    rc = ingest_parse((const unsigned char *)"只有标题\n", 13, NULL, &b, err, 0);   /* errlen 0: no message */
    CHECK_INT(rc, INGEST_EMPTY);
}

TEST(body_without_headline_and_trailing_signature)
{
    int rc;
    ingest_bulletin *b = parse("各单位:现将有关事项通知如下。\n\n一是加强领导。\n\n重庆市总工会办公室\n\n2023年10月27日\n",
                               &rc);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->article_count, 1);
    CHECK_STR(b->articles[0].title, "各单位");
    CHECK_INT(b->articles[0].paragraph_count, 4);
    CHECK_STR(b->articles[0].paragraphs[3], "2023年10月27日");
    ingest_bulletin_destroy(b);
}

TEST(sha256_of_raw_bytes)
{
    int rc;
    ingest_bulletin *b = parse("标题\n\n正文。\n", &rc);
    CHECK_INT(rc, INGEST_OK);
    /* printf '标题\n\n正文。\n' | sha256sum */
    CHECK_STR(b->sha256, "73ba235fb72ee54c4519b0b1a6bad19ce09e3a13f23e3e3122b34cbb00054b3d");
    ingest_bulletin_destroy(b);
}

TEST(skip_sha256_leaves_it_empty)
{
    int rc;
    ingest_options o = {.encoding = INGEST_ENCODING_AUTO, .date = NULL, .filename = NULL, .skip_sha256 = 1};
    ingest_bulletin *b = parse_opts("标题\n\n正文。\n", strlen("标题\n\n正文。\n"), &o, &rc, NULL, 0);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->sha256, "");
    CHECK_INT(b->article_count, 1);
    ingest_bulletin_destroy(b);
}

TEST(arbitrary_bytes_do_not_crash)
{
    /* A cheap stand-in for the fuzzer: pseudo-random bytes drawn from the
     * characters the parser cares about. */
    static const char *pieces[] = {"\n", "\r", "\r\n", "\f", " ", "　", "。", ",", "、", "“", "”", "— 3 —",
                                   "标题", "正文", "2023年10月27日", "第3页", "a", "1", "(", ")", "\xE4",
                                   "\xB1\xEA", "\xFF"};
    unsigned state = 12345;
    for (int round = 0; round < 300; round++) {
        sbuf t = SBUF_INIT;
        int pieces_n = (int)(state % 200);
        for (int i = 0; i < pieces_n; i++) {
            state = state * 1103515245u + 12345u;
            sbuf_puts(&t, pieces[(state >> 16) % (sizeof pieces / sizeof pieces[0])]);
        }
        ingest_bulletin *b = NULL;
        char err[128];
        int rc = ingest_parse((const unsigned char *)(t.data ? t.data : ""), t.len, NULL, &b, err, sizeof err);
        CHECK(rc == INGEST_OK ? b != NULL : b == NULL);
        if (b) {
            for (size_t i = 0; i < b->article_count; i++) CHECK(b->articles[i].title != NULL);
        }
        ingest_bulletin_destroy(b);
        sbuf_free(&t);
        state = state * 1103515245u + 12345u;
    }
}

int main(void)
{
    RUN(seed_structure);
    RUN(seed_in_gb18030_bom_and_crlf);
    RUN(seed_hard_wrapped_with_page_numbers_and_running_head);
    RUN(seed_printed_to_pdf_and_extracted_with_pdftotext);
    RUN(headline_subtitle_and_broken_paragraph);
    RUN(unfinished_paragraph_is_not_followed_by_a_headline);
    RUN(numbered_section_headings_stay_in_their_article);
    RUN(hard_wrap_latin_joins_with_a_space);
    RUN(hard_wrap_without_blank_lines);
    RUN(page_furniture_is_dropped_and_does_not_break_paragraphs);
    RUN(form_feeds_and_running_heads);
    RUN(web_page_furniture);
    RUN(header_lines_and_dates);
    RUN(date_from_option_filename_text);
    RUN(bad_date_option);
    RUN(binary_undecodable_and_empty_inputs);
    RUN(body_without_headline_and_trailing_signature);
    RUN(sha256_of_raw_bytes);
    RUN(skip_sha256_leaves_it_empty);
    RUN(arbitrary_bytes_do_not_crash);
    ingest_bulletin_destroy(NULL);
    return harness_done();
}
