/* SPDX-License-Identifier: GPL-3.0-or-later */
/* roles.c — what each line of a bulletin is: page furniture, masthead,
 * metadata, kicker, headline, subtitle, caption, credit, byline, list item,
 * paragraph text or signature, each with the name of the rule that decided
 * it. First from the line's own words (the vocabulary of the pages in
 * tests/data/shapes/README.md: breadcrumbs, navigation, share buttons,
 * copyright lines, metadata labels …), then from where it stands: the
 * title is the headline nearest the body, not the first line; furniture
 * and mastheads above it are never titles; captions, credits, bylines and
 * footers never join a paragraph. See ingest_internal.h and docs/ingest.md. */
#include "ingest/ingest_internal.h"
#include "util/chars.h"
#include "util/sbuf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Header lines (issue, issuer, date) sit among the first few segments. */
#define HEADER_MAX_SEGMENTS 8
/* Lines of navigation are short: 關於我們, 打工仔女權益. */
#define NAV_ITEM_MAX_CPS 8
/* Photo captions without a photographer (会议现场) are short labels. */
#define CAPTION_LABEL_MAX_CPS 20
/* A caption is a sentence or two at most. */
#define CAPTION_MAX_CPS 150
/* One that is known only by its end (…黄文斌 摄) is shorter. */
#define CAPTION_ENDS_MAX_CPS 80
/* The 版记 of a 简报 (报:/送:/发:/共印N份) is among its last lines. */
/* A list of related headlines under its header is this long at most. */
#define RELATED_LIST_MAX_LINES 30
/* Section headings inside one article are short: 评价标准企业定. */
#define SECTION_HEADING_MAX_CPS 20
#define BANJI_LAST_LINES 10

/* ---- small string tests ------------------------------------------------------ */

/* Byte by byte, out at the first difference: the rules try dozens of words
 * on every line, and most differ at their first character (strlen and
 * memcmp for each were a tenth of parsing a bulletin). */
static int starts_with(const char *s, size_t len, const char *w)
{
    size_t i;
    for (i = 0; w[i]; i++)
        if (i >= len || s[i] != w[i]) return 0;
    return 1;
}

static int ends_with(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    return len >= n && memcmp(s + len - n, w, n) == 0;
}

static int contains(const char *s, size_t len, const char *w)
{
    return memmem(s, len, w, strlen(w)) != NULL;
}

static int any_prefix(const char *s, size_t len, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) if (starts_with(s, len, words[i])) return 1;
    return 0;
}

static int any_suffix(const char *s, size_t len, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) if (ends_with(s, len, words[i])) return 1;
    return 0;
}

static int any_infix(const char *s, size_t len, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) if (contains(s, len, words[i])) return 1;
    return 0;
}

#define COUNT(a) (sizeof (a) / sizeof (a)[0])


/* Decorations around a button or link: ► ▶ > » · • 【 】 [ ] ( ) 《 》 and blanks. */
static int is_decoration(uint32_t c)
{
    return c == '.' || c == 0x25BA || c == 0x25B6 || c == '>' || c == 0xBB || c == 0xB7 || c == 0x2022 || c == 0x3010 ||
           c == 0x3011 || c == '[' || c == ']' || c == '(' || c == ')' || c == 0xFF08 || c == 0xFF09 ||
           lines_is_blank(c);
}

/* s without the decorations at either end. */
static void strip_decorations(const char **s, size_t *len)
{
    uint32_t c;
    size_t n, at;
    while (*len && (n = utf8_decode(*s, *len, &c)) && is_decoration(c)) { *s += n; *len -= n; }
    while (*len && (c = lines_last_cp(*s, *len, &at), is_decoration(c))) *len = at;
}

/* A copy of s without the blanks between its characters: "中 工 网 版 权 所 有"
 * → "中工网版权所有". Into buf (cap bytes); returns the length. */
static size_t compact(const char *s, size_t len, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len; ) {
        uint32_t c;
        size_t n = utf8_decode(s + i, len - i, &c);
        if (!lines_is_blank(c)) {
            if (o + n >= cap) break;
            memcpy(buf + o, s + i, n);
            o += n;
        }
        i += n;
    }
    return o;
}

/* Letter-spaced: most of its ideographs followed by a blank. */
static int letter_spaced(const char *s, size_t len, size_t *tokens, int *single_only)
{
    size_t cjk = 0, spaced = 0, tok = 0, tok_len = 0;
    int singles = 1;
    for (size_t i = 0; i < len; ) {
        uint32_t c, d = 0;
        size_t n = utf8_decode(s + i, len - i, &c);
        if (i + n < len) utf8_decode(s + i + n, len - i - n, &d);
        if (!lines_is_blank(c)) {
            tok_len++;
            if (lines_is_cjk(c)) { cjk++; if (lines_is_blank(d)) spaced++; }
        } else if (tok_len) {
            tok++;
            if (tok_len > 1) singles = 0;
            tok_len = 0;
        }
        i += n;
    }
    if (tok_len) { tok++; if (tok_len > 1) singles = 0; }
    *tokens = tok;
    *single_only = singles;
    return cjk >= 4 && spaced * 10 >= cjk * 6;
}

/* ---- the vocabulary of page furniture --------------------------------------------- */

/* Whole lines (decorations aside) that are buttons, links or labels of a page. */
/* A word with its length, known at compile time. */
typedef struct word_len {
    const char *s;
    size_t len;
} word_len;
#define W(x) {x, sizeof(x) - 1}

static const word_len ui_words[] = {
    W("首页"), W("首頁"), W("主页"), W("主頁"), W("网站首页"), W("網站首頁"), W("返回"), W("返回首页"), W("返回首頁"), W("返回顶部"),
    W("返回頂部"), W("回到顶部"), W("回到頂部"), W("顶部"), W("頂部"), W("回顶部"), W("TOP"), W("Top"), W("top"),
    W("Back to Top"), W("上一页"), W("下一页"), W("上一頁"), W("下一頁"), W("打印"), W("列印"), W("打印本页"), W("打印此页"), W("关闭"),
    W("關閉"), W("关闭窗口"), W("關閉窗口"), W("关闭本页"), W("收藏"), W("加入收藏"), W("保存"), W("全文浏览"), W("我要留言"), W("推荐朋友"),
    W("推荐给朋友"), W("纠错"), W("我要纠错"), W("Share"), W("分享"), W("分享文章"), W("首圖"), W("首图"), W("\xC3\x97"),
    W("\xE2\x9C\x95"), W(">"), W(">>"), W("<"), W("更多"), W("查看详情"), W("查看詳情"), W("查看更多"), W("阅读原文"), W("閱讀原文"),
    W("请先登录"), W("請先登入"), W("登录"), W("登錄"), W("注册"), W("註冊"), W("登入"), W("搜索"), W("搜尋"), W("等待处理"), W("正在加载"),
    W("正在加载……"), W("正在載入"), W("加载中"), W("载入中"), W("載入中"), W("Loading"), W("跳過導覽列"), W("跳过导航"), W("跳至主要内容"),
    W("跳到主要內容"), W(":::"), W("本版导读"), W("本版導讀"), W("小字号"), W("中字号"), W("大字号"), W("扫码关注"), W("掃碼關注"), W("扫一扫"),
    W("掃一掃"), W("微信"), W("微博"), W("QQ空间"), W("手机版"), W("手機版"), W("电脑版"), W("電腦版"), W("评论"), W("評論"), W("点赞"),
    W("举报"), W("舉報"), W("回上一頁"), W("回上页"), W("回上一页"), W("返回列表"), W("回列表"), W("回首頁"), W("回首页"), W("网站地图"),
    W("網站地圖"), W("无障碍"), W("無障礙"), W("繁體"), W("简体"), W("繁体"), W("簡體"), W("联系我们"), W("聯絡我們"), W("关于我们"),
    W("關於我們"), W("电脑桌面"), W("顶部"), W("全文"), W("大"), W("中"), W("小")};

static const char *const breadcrumb_words[] = {
    "当前位置", "當前位置", "您的位置", "你的位置", "您当前的位置", "您當前的位置", "你现在的位置", "您现在的位置",
    "你現在的位置", "現在位置", "现在位置", "所在位置", "目前位置", "当前页面"};
static const char *const home_words[] = {"首页", "首頁", "主页", "主頁", "网站首页", "網站首頁", "Home ", "HOME "};
static const char *const today_words[] = {"今天是", "今日是", "今天:", "今天："};
static const char *const prevnext_words[] = {
    "上一篇", "下一篇", "上篇", "下篇", "上一条", "下一条", "上一則", "下一則", "上一條", "下一條", "前一篇",
    "後一篇", "后一篇"};
static const char *const share_words[] = {"分享到", "分享至", "分享文章", "分享:", "分享：", "转发到"};
/* Headers of a list of other headlines: what follows them is a list too. */
static const char *const related_words[] = {
    "相关新闻", "相關新聞", "相关文章", "相關文章", "相关推荐", "相關推薦", "相关阅读", "相關閱讀", "推荐阅读",
    "推薦閱讀", "热点关注", "熱點關注", "最新新闻", "最新新聞", "延伸阅读", "延伸閱讀", "猜你喜欢", "热门推荐",
    "热门文章", "熱門文章", "精彩推荐", "相关链接", "相關連結", "更多新闻", "更多新聞", "相关报道", "相關報導",
    "热门新闻", "熱門新聞", "最新文章", "往期回顾", "推荐新闻"};
static const char *const fontsize_words[] = {"字号", "字號", "字级", "字級", "字体", "字體", "文字缩放", "文字縮放",
                                             "小字号", "大字号", "【字号", "[字号", "【字體", "A+"};
static const char *const copyright_prefix[] = {"版权所有", "版權所有", "Copyright", "copyright", "COPYRIGHT",
                                               "\xC2\xA9", "版权声明", "版權聲明"};
static const char *const copyright_infix[] = {
    "ICP备", "ICP證", "ICP证", "icp备", "公网安备", "網安備", "All Rights Reserved", "all rights reserved",
    "ALL RIGHTS RESERVED", "版权所有", "版權所有", "Copyright \xC2\xA9", "违法和不良信息举报", "不良信息举报",
    "未经书面授权", "未經書面授權", "禁止转载", "禁止轉載"};
static const char *const sitelink_words[] = {
    "技术支持", "技術支援", "技术支撑", "网站地图", "網站地圖", "联系我们", "聯絡我們", "免责声明", "免責聲明",
    "网站声明", "隐私政策", "關於本站", "主办单位", "承办单位", "運營維護", "运维单位"};
static const char *const contact_words[] = {"地址:", "地址：", "電話:", "电话:", "电话：", "傳真:", "传真:", "邮编",
                                            "郵遞區號", "E-mail", "Email", "邮箱:", "投稿邮箱", "投稿郵箱", "联系电话",
                                            "聯絡電話", "服务热线"};
static const char *const notice_words[] = {"转载请注明", "轉載請註明", "当前时间", "當前時間", "本站声明", "浏览本网",
                                           "瀏覽本網", "建议将电脑", "建議將電腦", "建议使用", "建議使用"};
static const char *const login_words[] = {"请先登录", "請先登入", "请登录", "請登入", "登录后", "會員登入"};
static const char *const promo_words[] = {"下载客户端", "下載客戶端", "关注公众号", "關注公眾號", "扫码", "掃碼",
                                          "扫一扫", "打开APP", "下载APP", "下載APP", "打開APP", "长按识别",
                                          "长按二维码", "客户端"};
static const char *const docsite_words[] = {"添加", "电脑桌面", "桌面快捷", "安装后", "安裝後", "下载本文", "下載本文",
                                            "[下载", "【下载", "本文地址", "文章地址"};
static const char *const link_words[] = {"查看详情", "查看詳情", "查看原文", "阅读原文", "閱讀原文", "点击查看",
                                         "點擊查看", "点击进入", "详细内容", "更多>>"};
static const char *const top_words[] = {"回上一頁", "回上页", "返回列表", "回首頁", "Back to Top", "回公告快訊列表",
                                        "返回顶部", "回到顶部"};
static const char *const loading_words[] = {"等待处理", "正在加载", "正在載入", "加载中", "载入中", "載入中", "Loading"};
static const char *const weather_words[] = {"晴", "云", "雲", "阴", "陰", "雨", "雪", "霾", "空气", "空氣", "AQI", "风",
                                            "風"};
/* The 版记 at the foot of a 简报: who it goes to, how many were printed. */
static const char *const banji_words[] = {"报:", "报：", "送:", "送：", "发:", "发：", "抄送:", "抄送：", "抄报:",
                                          "抄报：", "报送:", "报送：", "分送:", "分送：", "主送:", "主送："};
/* Masthead words of a bulletin's header (docs/ingest.md 5). */
static const char *const masthead_words[] = {"主办", "编印", "内部资料", "內部資料", "数字报纸", "數字報紙", "数字报",
                                             "电子报", "電子報"};

/* The footer rules: from the first line one of them gave after the body,
 * every line to the end is footer. */
static int is_footer_rule(const char *rule)
{
    static const char *const rules[] = {"share", "related", "prev-next", "copyright", "buttons", "top", "link",
                                        "site-links", "contact", "site-notice", "login", "promo", "breadcrumb",
                                        "editor", "url", "banji"};
    for (size_t i = 0; i < COUNT(rules); i++) if (strcmp(rule, rules[i]) == 0) return 1;
    return 0;
}

/* Every blank-separated token of the line is a button or link word
 * (decorations aside): "回上一頁 TOP", "【打印】 【关闭】", "[保存] [ ] [打印]". */
static int only_ui_words(const char *s, size_t len, size_t *ntokens)
{
    size_t pos = 0, tokens = 0;
    while (pos < len) {
        uint32_t c;
        size_t n;
        while (pos < len && (n = utf8_decode(s + pos, len - pos, &c)) && lines_is_blank(c)) pos += n;
        if (pos >= len) break;
        size_t start = pos;
        /* a token ends at a blank, or after a closing bracket */
        while (pos < len) {
            n = utf8_decode(s + pos, len - pos, &c);
            if (lines_is_blank(c)) break;
            pos += n;
            if (c == 0x3011 || c == ']') break;
        }
        const char *t = s + start;
        size_t tl = pos - start;
        strip_decorations(&t, &tl);
        tokens++;
        if (!tl) continue;   /* "[ ]" */
        size_t k;
        for (k = 0; k < COUNT(ui_words); k++)
            if (ui_words[k].len == tl && memcmp(ui_words[k].s, t, tl) == 0) break;
        if (k == COUNT(ui_words)) return 0;
    }
    *ntokens = tokens;
    return tokens > 0;
}

/* Separators of a breadcrumb: > ＞ » › and >>. */
static size_t breadcrumb_separators(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; ) {
        uint32_t c;
        size_t k = utf8_decode(s + i, len - i, &c);
        if (c == '>' || c == 0xFF1E || c == 0xBB || c == 0x203A) {
            n++;
            while (i + k < len && (s[i + k] == '>')) k++;   /* >> */
        }
        i += k;
    }
    return n;
}

/* A bar of navigation: items separated by | (two or more), each short; or
 * four or more words of at most six ideographs separated by blanks. */
static int is_nav_bar(const pline *l)
{
    if (contains(l->s, l->len, "记者") || contains(l->s, l->len, "記者") || contains(l->s, l->len, "通讯员") ||
        contains(l->s, l->len, "通訊員") || contains(l->s, l->len, "摄") || contains(l->s, l->len, "攝"))
        return 0;   /* a byline or a photographer's line */
    size_t bars = 0, items = 0, item_cps = 0, longest = 0, cur = 0;
    for (size_t i = 0; i < l->len; ) {
        uint32_t c;
        size_t n = utf8_decode(l->s + i, l->len - i, &c);
        if (c == '|' || c == 0xFF5C) {
            bars++;
            if (cur) { items++; item_cps += cur; if (cur > longest) longest = cur; }
            cur = 0;
        } else if (!lines_is_blank(c)) {
            cur++;
        }
        i += n;
    }
    if (cur) { items++; item_cps += cur; if (cur > longest) longest = cur; }
    if (bars >= 2 && items >= 3 && longest <= 16 && item_cps <= items * 10) return 1;
    if (l->punct) return 0;
    size_t tokens = 0, tok = 0;
    for (size_t i = 0; i < l->len; ) {
        uint32_t c;
        size_t n = utf8_decode(l->s + i, l->len - i, &c);
        if (lines_is_blank(c)) {
            if (tok) { tokens++; tok = 0; }
        } else {
            if (!lines_is_cjk(c) || ++tok > 6) return 0;
        }
        i += n;
    }
    if (tok) tokens++;
    return tokens >= 4;
}

static int has_digit(const pline *l)
{
    for (size_t i = 0; i < l->len; ) {
        uint32_t c;
        size_t n = utf8_decode(l->s + i, l->len - i, &c);
        if (lines_digit_value(c) >= 0) return 1;
        i += n;
    }
    return 0;
}

static void set_role(pline *l, int role, const char *rule)
{
    if (l->pinned) return;
    l->role = (unsigned char)role;
    l->rule = rule;
}

/* A line that is only an image's file name, as a page without its picture
 * leaves it in the copy: 微信图片_20210121100611.png, IMG_0412.JPG. */
static int is_image_file_name(const char *t, size_t tl)
{
    static const char *const exts[] = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"};
    if (tl > 120 || memchr(t, ' ', tl)) return 0;
    for (size_t i = 0; i < COUNT(exts); i++) {
        size_t el = strlen(exts[i]);
        if (tl > el && strncasecmp(t + tl - el, exts[i], el) == 0) return 1;
    }
    return 0;
}

/* The furniture rule a line's words give, or NULL. */
static const char *furniture_rule(const char *s, size_t len)
{
    const char *t = s;
    size_t tl = len, tokens;
    strip_decorations(&t, &tl);
    if (any_prefix(t, tl, breadcrumb_words, COUNT(breadcrumb_words))) return "breadcrumb";
    if (any_prefix(t, tl, today_words, COUNT(today_words))) return "today-stamp";
    if (any_prefix(t, tl, prevnext_words, COUNT(prevnext_words))) return "prev-next";
    if (any_prefix(t, tl, share_words, COUNT(share_words))) return "share";
    if (any_prefix(t, tl, related_words, COUNT(related_words)) && tl <= 24) return "related";
    if (any_prefix(t, tl, fontsize_words, COUNT(fontsize_words))) return "font-size";
    if (any_prefix(t, tl, copyright_prefix, COUNT(copyright_prefix)) ||
        any_infix(s, len, copyright_infix, COUNT(copyright_infix)))
        return "copyright";
    if (any_prefix(t, tl, sitelink_words, COUNT(sitelink_words))) return "site-links";
    if (any_prefix(t, tl, contact_words, COUNT(contact_words))) return "contact";
    if (any_prefix(t, tl, notice_words, COUNT(notice_words)) || contains(s, len, "分辨率")) return "site-notice";
    if (any_prefix(t, tl, login_words, COUNT(login_words))) return "login";
    if (any_prefix(t, tl, link_words, COUNT(link_words))) return "link";
    if (any_prefix(t, tl, top_words, COUNT(top_words))) return "top";
    if (any_prefix(t, tl, loading_words, COUNT(loading_words))) return "loading";
    if (is_image_file_name(t, tl)) return "image-file";
    if (tl <= 60 && any_prefix(t, tl, promo_words, COUNT(promo_words))) return "promo";
    if (tl <= 60 && ends_with(t, tl, "客户端")) return "promo";
    if (tl <= 60 && any_prefix(t, tl, docsite_words, COUNT(docsite_words)) &&
        (contains(t, tl, "桌面") || contains(t, tl, "下载") || contains(t, tl, "下載") || contains(t, tl, "地址")))
        return "doc-site";
    if (only_ui_words(s, len, &tokens)) return tokens > 1 ? "buttons" : "ui";
    return NULL;
}

/* ---- line rules ---------------------------------------------------------------------- */

/* The page of a digital edition: "00002版:工会", "02版", "第三版". */
static int is_edition_page(const pline *l)
{
    size_t pos = 0, digits = 0;
    uint32_t c = 0;
    if (l->cps > 16 || l->final) return 0;
    if (starts_with(l->s, l->len, "第")) {
        pos = 3;
        while (pos < l->len) {
            size_t n = utf8_decode(l->s + pos, l->len - pos, &c);
            if (lines_digit_value(c) < 0 && !chars_is_cn_one_to_ten(c)) break;
            pos += n;
            digits++;
        }
    } else {
        while (pos < l->len) {
            size_t n = utf8_decode(l->s + pos, l->len - pos, &c);
            if (lines_digit_value(c) < 0) break;
            pos += n;
            digits++;
        }
    }
    return digits > 0 && digits <= 5 && c == 0x7248;   /* 版 */
}

/* The date at the end of a title of a list template: "勞團赴勞動部陳情 要求落實輪班間隔 2018-06-21".
 * Cut off; a metadata date. */
static int title_date(parser *p, size_t i)
{
    pline *l = &p->lines[i];
    dates_match m;
    if (!dates_find(l->s, l->len, 0, 0, &m) || m.end != l->len || m.start < 2 || l->s[m.start - 1] != ' ' ||
        l->s[m.start - 2] == ' ' || m.hour >= 0)
        return 0;
    uint32_t c;
    utf8_decode(l->s + m.start, l->len - m.start, &c);
    if (lines_digit_value(c) < 0 || !(contains(l->s + m.start, m.end - m.start, "-") ||
                                      contains(l->s + m.start, m.end - m.start, "/") ||
                                      contains(l->s + m.start, m.end - m.start, ".")))
        return 0;
    dates_match other;
    if (dates_find(l->s, m.start, 0, DATES_FIND_MONTH, &other)) return 0;
    pline cut = *l;
    cut.len = m.start - 1;
    lines_measure(&cut);
    if (!cut.headlike || cut.cps < 6) return 0;
    static const char *const org_ends[] = {"办公室", "总工会", "工会", "编", "宣传部", "委员会"};
    for (size_t k = 0; k < COUNT(org_ends); k++) if (ends_with(cut.s, cut.len, org_ends[k])) return 0;
    if (datefind_add(p, &m, DATE_METADATA, 1, i) < 0) return -1;
    *l = cut;
    l->rule = "title-date";
    return 1;
}

/* A list's date stamp glued before a title: "[ 2023/04/10 ] 112年3月大事紀要". Cut off; a stamp. */
static int list_stamp(parser *p, size_t i)
{
    pline *l = &p->lines[i];
    dates_match m;
    if (l->first_cp != '[' && l->first_cp != 0x3010) return 0;
    if (!dates_find(l->s, l->len, 0, 0, &m)) return 0;
    size_t k = m.end;
    while (k < l->len && l->s[k] == ' ') k++;
    size_t open = l->first_cp == '[' ? 1 : 3;
    for (size_t j = open; j < m.start; j++) if (l->s[j] != ' ') return 0;
    if (l->first_cp == '[' ? (k >= l->len || l->s[k] != ']') : !starts_with(l->s + k, l->len - k, "\xE3\x80\x91"))
        return 0;
    k += l->first_cp == '[' ? 1 : 3;
    while (k < l->len && l->s[k] == ' ') k++;
    if (k >= l->len) return 0;
    if (datefind_add(p, &m, DATE_STAMP, 0, i) < 0) return -1;
    l->s += k;
    l->len -= k;
    lines_measure(l);
    l->rule = "list-stamp";
    return 1;
}

/* A metadata line by its shape: labels (one at its start, or two anywhere),
 * a date with a clock time, two dates, a date with a weekday and a name. */
static const char *meta_rule(const parser *p, const pline *l, int *role)
{
    size_t label_len, colon_len;
    ingest_field field;
    *role = INGEST_ROLE_META;
    if (l->len > 600) return NULL;
    if (meta_label_at(p, l->s, l->len, &label_len, &colon_len, &field)) {
        static const char *const names[] = {"meta-label", "meta-date", "meta-stamp", "meta-source", "meta-author",
                                            "editor", "url"};
        /* a sentence that starts with "时间:" is still a sentence */
        if (l->final && l->cps > 60 && meta_label_count(p, l->s, l->len) < 2) return NULL;
        const char *lab = l->s + (l->first_cp == 0x3010 || l->first_cp == '[' || l->first_cp == '(' ||
                                  l->first_cp == 0xFF08 ? (l->first_cp < 0x80 ? 1 : 3) : 0);
        if (starts_with(lab, l->len, "主办") || starts_with(lab, l->len, "编印") || starts_with(lab, l->len, "承办") ||
            starts_with(lab, l->len, "主辦")) {
            *role = INGEST_ROLE_MASTHEAD;
            return "masthead-label";
        }
        return names[field];
    }
    if (l->final && l->cps > 40) return NULL;
    if (l->colons && meta_label_count(p, l->s, l->len) >= 2) return "meta-labels";
    dates_match d, e;
    if (!dates_find(l->s, l->len, 0, 0, &d)) return NULL;
    if (l->final) return NULL;
    if (d.hour >= 0 && l->cps <= 60) return "meta-date-time";
    if (dates_find(l->s, l->len, d.end, 0, &e) && l->cps <= 80) return "meta-dates";
    /* 《工人日报》(2023年12月21日 02版): an e-paper's source and page */
    if (contains(l->s, l->len, "\xE3\x80\x8A") && contains(l->s, l->len, "版") && l->cps <= 40) return "epaper-source";
    if (l->colons && meta_label_count(p, l->s, l->len) >= 1 && l->cps <= 80) return "meta-date-label";
    return NULL;
}

/* The first line of the last `lines` non-blank lines. */
static size_t tail_start(const parser *p, size_t lines)
{
    size_t seen = 0, k;
    for (k = p->nlines; k-- > 0; )
        if (!p->lines[k].blank && ++seen >= lines) return k;
    return 0;
}

void roles_lines(parser *p)
{
    size_t i, tail = tail_start(p, BANJI_LAST_LINES);
    char buf[512];
    for (i = 0; i < p->nlines; i++) {
        pline *l = &p->lines[i];
        if (l->role != INGEST_ROLE_TEXT || l->pinned) continue;
        /* Most lines of a bulletin are sentences: none of the rules below
         * is for a long one that ends a sentence and holds no colon. */
        if (l->final && !l->bracketed && l->cps > 60 && !l->colons) continue;
        const char *rule;
        int role;
        if (list_stamp(p, i) < 0 || title_date(p, i) < 0) continue;   /* out of memory: leave it */
        if ((rule = meta_rule(p, l, &role)) != NULL) {
            set_role(l, role, rule);
            continue;
        }
        if ((rule = furniture_rule(l->s, l->len)) != NULL) {
            set_role(l, INGEST_ROLE_FURNITURE, rule);
            continue;
        }
        if (is_edition_page(l)) {
            set_role(l, INGEST_ROLE_MASTHEAD, "edition-page");
            continue;
        }
        /* A bracketed editor's line, a URL alone. */
        if (l->len > 8 && (starts_with(l->s, l->len, "http://") || starts_with(l->s, l->len, "https://") ||
                           starts_with(l->s, l->len, "www.")) && !contains(l->s, l->len, " ")) {
            set_role(l, INGEST_ROLE_META, "url");
            continue;
        }
        size_t tokens;
        int singles;
        int blanks = memchr(l->s, ' ', l->len) || contains(l->s, l->len, "\xE3\x80\x80");
        if (blanks && letter_spaced(l->s, l->len, &tokens, &singles)) {
            size_t n = compact(l->s, l->len, buf, sizeof buf);
            if ((rule = furniture_rule(buf, n)) != NULL) { set_role(l, INGEST_ROLE_FURNITURE, rule); continue; }
            if (singles && tokens >= 4 && !l->colons) { set_role(l, INGEST_ROLE_FURNITURE, "table-header"); continue; }
        }
        if (l->cps <= 40 && !l->final && (contains(l->s, l->len, "℃") || contains(l->s, l->len, "°C")) &&
            any_infix(l->s, l->len, weather_words, COUNT(weather_words))) {
            set_role(l, INGEST_ROLE_FURNITURE, "weather");
            continue;
        }
        int gt = memchr(l->s, '>', l->len) || contains(l->s, l->len, "\xEF\xBC\x9E") ||
                 contains(l->s, l->len, "\xC2\xBB") || contains(l->s, l->len, "\xE2\x80\xBA");   /* ＞ » › */
        if (gt && !l->final && l->cps <= 80 && breadcrumb_separators(l->s, l->len) &&
            (any_prefix(l->s, l->len, home_words, COUNT(home_words)) || breadcrumb_separators(l->s, l->len) >= 2 ||
             l->cps <= 24) && (!l->punct || l->colons == l->punct)) {
            set_role(l, INGEST_ROLE_FURNITURE, "breadcrumb");
            continue;
        }
        if (starts_with(l->s, l->len, "Home ") && !l->final) {
            set_role(l, INGEST_ROLE_FURNITURE, "breadcrumb");
            continue;
        }
        if ((blanks || memchr(l->s, '|', l->len) || contains(l->s, l->len, "\xEF\xBD\x9C")) && is_nav_bar(l)) {
            set_role(l, INGEST_ROLE_FURNITURE, "nav");
            continue;
        }
        if ((l->first_cp == 0x2022 || l->first_cp == 0xB7) && l->cps <= NAV_ITEM_MAX_CPS) {
            set_role(l, INGEST_ROLE_FURNITURE, "nav");
            continue;
        }
        /* The 版记 at the foot of a 简报. */
        if (i >= tail &&
            (any_prefix(l->s, l->len, banji_words, COUNT(banji_words)) || contains(l->s, l->len, "共印") ||
             (ends_with(l->s, l->len, "印发") && has_digit(l)))) {
            set_role(l, INGEST_ROLE_FURNITURE, "banji");
            continue;
        }
    }
    /* After a "related" header, the headlines listed under it. */
    for (i = 0; i < p->nlines; i++) {
        if (p->lines[i].role != INGEST_ROLE_FURNITURE || strcmp(p->lines[i].rule, "related") != 0) continue;
        for (size_t k = i + 1; k < p->nlines && k <= i + RELATED_LIST_MAX_LINES; k++) {
            pline *l = &p->lines[k];
            if (l->blank) break;
            if (l->role == INGEST_ROLE_FURNITURE) continue;
            if (l->role != INGEST_ROLE_TEXT || !(l->headlike || l->cps <= 40) || l->final) break;
            set_role(l, INGEST_ROLE_FURNITURE, "related-list");
        }
    }
    /* Navigation one item a line, before any sentence: three or more short
     * lines without digits in one block. */
    for (i = 0; i < p->nlines; i++) {
        const pline *l = &p->lines[i];
        if (l->role == INGEST_ROLE_TEXT && (l->final || l->punct)) break;
        if (l->blank) continue;
        size_t k = i, items = 0;
        while (k < p->nlines && !p->lines[k].blank) {
            const pline *m = &p->lines[k];
            if (m->role == INGEST_ROLE_TEXT) {
                if (!m->headlike || m->cps > NAV_ITEM_MAX_CPS || has_digit(m)) break;
                items++;
            }
            k++;
        }
        if (items >= 3 && (k == p->nlines || p->lines[k].blank || p->lines[k].role != INGEST_ROLE_TEXT)) {
            for (size_t j = i; j < k; j++)
                if (p->lines[j].role == INGEST_ROLE_TEXT) set_role(&p->lines[j], INGEST_ROLE_FURNITURE, "nav-list");
        }
        i = k;
    }
}

/* The footer: after the last sentence of the body, from the first line a
 * footer rule gave (share, related, copyright, an editor's line …) to the
 * end, every line that is not metadata is furniture; so is a site's blurb
 * (a sentence with ! right above the footer). */
void roles_footer(parser *p)
{
    size_t last = (size_t)-1, i;
    for (i = p->nlines; i-- > 0; ) {
        const pline *l = &p->lines[i];
        if (l->role == INGEST_ROLE_TEXT && ((l->final && l->cps >= 15) || l->cps > 60)) { last = i; break; }
    }
    if (last == (size_t)-1) return;
    size_t start = (size_t)-1;
    for (i = last + 1; i < p->nlines; i++) {
        const pline *l = &p->lines[i];
        if ((l->role == INGEST_ROLE_FURNITURE || l->role == INGEST_ROLE_META) && is_footer_rule(l->rule)) {
            start = i;
            break;
        }
    }
    if (start == (size_t)-1) return;
    for (i = start; i < p->nlines; i++)
        if (p->lines[i].role == INGEST_ROLE_TEXT) set_role(&p->lines[i], INGEST_ROLE_FURNITURE, "footer");
    pline *blurb = &p->lines[last];
    if (last + 1 == start && (blurb->last_cp == '!' || blurb->last_cp == 0xFF01))
        set_role(blurb, INGEST_ROLE_FURNITURE, "site-blurb");
}

/* ---- segments --------------------------------------------------------------------------- */

static const char *const byline_starts[] = {
    "本报记者", "本報記者", "本刊记者", "本刊記者", "特约记者", "特約記者", "记者", "記者", "本报通讯员", "通讯员",
    "通訊員", "实习生", "實習生", "文/", "文／", "撰文", "作者 ", "\xE2\x96\xA1"};   /* □ */
static const char *const byline_ends[] = {"报道", "報導", "报导", "報道", "电", "電"};
static const char *const caption_ends[] = {"摄", "攝", "摄影", "攝影", "供图", "供圖", "提供"};
static const char *const caption_starts[] = {"图为", "圖為", "图片为", "圖片為", "上图", "下图", "图:", "圖:", "图：",
                                             "圖：", "(图", "（图", "(圖", "（圖", "\xE2\x96\xB2"};   /* ▲ */
static const char *const speech_ends[] = {"讲话", "講話", "致辞", "致辭", "致词", "致詞", "发言", "發言",
                                          "讲话稿", "主持词", "主持詞", "工作报告", "工作報告", "讲话提纲"};
static const char *const dashes[] = {"——", "──", "—", "--", "－－"};
/* Common surnames (simplified and traditional), for a name alone on a line
 * (a speaker) and a bare credit after the last sentence (…。黄一鸣). */
static const char surnames[] =
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾"
    "萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒"
    "孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊"
    "葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀"
    "梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時"
    "穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應"
    "臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池乌烏宣封";

static int is_surname(uint32_t c)
{
    char u[4];
    size_t n = utf8_encode(c, u);
    return n && memmem(surnames, sizeof surnames - 1, u, n) != NULL;
}

/* A person's name alone: 2 to 4 ideographs led by a common surname, or a
 * role word and a name ("會長 黎志強"). */
static int is_name_line(const char *s, size_t len)
{
    const char *sp = memchr(s, ' ', len);
    if (!sp) {
        const char *u = memmem(s, len, "\xE3\x80\x80", 3);
        sp = u;
    }
    if (sp) {
        size_t head = (size_t)(sp - s), rest = len - head;
        const char *r = sp;
        while (rest && (*r == ' ' || (rest >= 3 && !memcmp(r, "\xE3\x80\x80", 3)))) {
            size_t n = *r == ' ' ? 1 : 3;
            r += n;
            rest -= n;
        }
        size_t hc = utf8_length(s, head);
        if (hc < 2 || hc > 5) return 0;
        s = r;
        len = rest;
    }
    size_t n = 0, pos = 0;
    uint32_t c, first = 0;
    while (pos < len) {
        pos += utf8_decode(s + pos, len - pos, &c);
        if (!lines_is_cjk(c)) return 0;
        if (!n) first = c;
        n++;
    }
    return n >= 2 && n <= 4 && is_surname(first);
}

static int segment_lines_headlike(const parser *p, const segment *g)
{
    int punct = 0, letter = 0, colons = 0;
    for (size_t k = g->first; k <= g->last; k++) {
        const pline *l = &p->lines[p->content[k]];
        punct += l->punct;
        colons += l->colons;
        letter |= l->letter;
    }
    const pline *tail = &p->lines[p->content[g->last]];
    const pline *head = &p->lines[p->content[g->first]];
    /* a structured reader's headline or wrapped paragraph (lines.c) */
    if (g->first == g->last && head->in && head->in->heading_level) return head->headlike;
    return g->cps <= HEADLINE_MAX_CPS && letter && !tail->final && !tail->dangling &&
           !(g->first == g->last && tail->bracketed) && (punct == 0 || (punct == 1 && colons == 1 && head->headlike));
}

/* GB/T 9704 numbering and list bullets: "一、", "(一)", "(一)", "1.", "1、",
 * "1)", "△". A digit and a dot followed by a digit is a number (1.8万). */
int roles_starts_list(const char *s, size_t len)
{
    uint32_t cp[6];
    size_t n = 0, pos = 0, i = 0;
    while (pos < len && n < 6) pos += utf8_decode(s + pos, len - pos, &cp[n++]);
    if (n && (cp[0] == 0x25B3 || cp[0] == 0x25CF || cp[0] == 0x25A0 || cp[0] == 0x25C6 || cp[0] == 0x2022))
        return 1;
    int paren = n > 0 && (cp[0] == '(' || cp[0] == 0xFF08);
    if (paren) i++;
    size_t d0 = i;
    int is_cn = 0;
    while (i < n && i - d0 < 3) {
        int c = chars_is_cn_one_to_ten(cp[i]);
        if (!c && lines_digit_value(cp[i]) < 0) break;
        is_cn |= c;
        i++;
    }
    if (i == d0 || i >= n) return 0;
    if (paren) return cp[i] == ')' || cp[i] == 0xFF09;
    if (cp[i] == 0x3001) return 1;
    if (!is_cn && (cp[i] == '.' || cp[i] == 0xFF0E)) return !(i + 1 < n && lines_digit_value(cp[i + 1]) >= 0);
    if (!is_cn && cp[i] == ')') return 1;
    return 0;
}

int roles_ends_caption(const char *s, size_t len)
{
    static const char *const shot[] = {"摄", "攝", "摄影", "攝影"};
    size_t at, end = len, start = 0, i;
    uint32_t c = 0;
    int bracketed = 0;
    while (end && lines_is_closer(c = lines_last_cp(s, end, &at))) {
        bracketed |= c == ')' || c == 0xFF09 || c == 0x3011;
        end = at;
    }
    if (!any_suffix(s, end, caption_ends, COUNT(caption_ends))) return 0;
    if (bracketed) return 1;   /* (圖/記者陳怡君攝), (圖/某產業工會提供) */
    /* The tail after the last sentence (or after the last blank, □ or /)
     * is the photographer or the provider: a name, no comma. A clause that
     * ends a cut sentence ("…区总工会将为职工提供", "组织职工拍摄") is none. */
    int marked = 0;
    for (i = 0; i < end; ) {
        uint32_t d;
        size_t n = utf8_decode(s + i, end - i, &d);
        if (lines_is_final(d)) { start = i + n; marked = 1; }
        else if (d == ' ' || d == 0x3000 || d == 0x25A1 || d == '/' || d == 0xFF0F) marked = 1;
        i += n;
    }
    size_t tail_chars = 0;
    for (i = start; i < end; ) {
        uint32_t d;
        size_t n = utf8_decode(s + i, end - i, &d);
        if (d == ',' || d == 0xFF0C || d == 0x3001 || d == ';' || d == 0xFF1B) return 0;
        tail_chars++;
        i += n;
    }
    if (any_suffix(s, end, shot, COUNT(shot))) return marked || tail_chars <= 6;
    return marked && tail_chars <= 16;
}

static int seg_text_starts(const parser *p, const segment *g, const char *const *words, size_t n)
{
    const pline *l = &p->lines[p->content[g->first]];
    return any_prefix(l->s, l->len, words, n);
}

/* The last line's text of a segment, closers after it not counted. */
static int seg_text_ends(const parser *p, const segment *g, const char *const *words, size_t n)
{
    const pline *l = &p->lines[p->content[g->last]];
    size_t len = l->len, at;
    while (len && lines_is_closer(lines_last_cp(l->s, len, &at))) len = at;
    for (size_t i = 0; i < n; i++) if (ends_with(l->s, len, words[i])) return 1;
    return 0;
}

static int is_date_alone(const pline *l)
{
    dates_match m;
    if (l->cps > 24 || !dates_find(l->s, l->len, 0, 0, &m)) return 0;
    const char *s = l->s;
    size_t a = m.start, b = l->len - m.end;
    /* brackets around it: (2019年8月19日) */
    if (a == 1 && (s[0] == '(')) a = 0;
    if (a == 3 && (!memcmp(s, "\xEF\xBC\x88", 3) || !memcmp(s, "\xE3\x80\x90", 3))) a = 0;
    if (b == 1 && s[l->len - 1] == ')') b = 0;
    if (b == 3 && (!memcmp(s + l->len - 3, "\xEF\xBC\x89", 3) || !memcmp(s + l->len - 3, "\xE3\x80\x91", 3))) b = 0;
    return a == 0 && b == 0;
}

static int meta_after(const parser *p, size_t a);
static void cut_photo(parser *p, segment *g);

static void segment_kinds(parser *p)
{
    int body_seen = 0;
    for (size_t i = 0; i < p->nsegs; i++) {
        segment *g = &p->segs[i];
        const pline *head = &p->lines[p->content[g->first]];
        int headlike = segment_lines_headlike(p, g);
        g->headlike = (unsigned char)headlike;
        g->kind = headlike ? SEG_HEADLINE : SEG_TEXT;
        /* A headline that ends with 。 (P29: a site that writes its titles as
         * sentences): a short sentence above the article's metadata, before
         * any body text. */
        if (!headlike && !body_seen && g->final && g->cps <= HEADLINE_MAX_CPS && meta_after(p, i) &&
            i + 1 < p->nsegs && !segment_lines_headlike(p, &p->segs[i + 1])) {
            g->kind = SEG_HEADLINE;
            continue;
        }
        if (!headlike) body_seen = 1;
        if (head->in && head->in->is_caption) { g->kind = SEG_CAPTION; continue; }
        if (g->first == g->last && is_date_alone(head)) { g->kind = SEG_DATE; continue; }
        /* A caption ends with its photographer, or starts like one; a long
         * paragraph that ends with a photographer's credit ("…。□罗丹 摄")
         * is a paragraph, its credit cut off later. */
        if (g->cps <= CAPTION_MAX_CPS && !g->colon_end &&
            ((g->cps <= CAPTION_ENDS_MAX_CPS && roles_ends_caption(p->lines[p->content[g->last]].s,
                                                                  p->lines[p->content[g->last]].len)) ||
             seg_text_starts(p, g, caption_starts, COUNT(caption_starts)))) {
            g->kind = SEG_CAPTION;
            continue;
        }
        if (roles_starts_list(head->s, head->len)) { g->kind = SEG_LIST; continue; }
        if (!headlike) {
            cut_photo(p, g);
            continue;
        }
        if (g->cps <= 30 && seg_text_starts(p, g, byline_starts, COUNT(byline_starts))) { g->kind = SEG_BYLINE; continue; }
        /* the paper first, the reporter inside, the report word last: 經濟日報／ 記者某某/台中即時報導,
         * 中央社記者某某台北18日電 */
        if (g->first == g->last && g->cps <= 40 && seg_text_ends(p, g, byline_ends, COUNT(byline_ends)) &&
            (contains(head->s, head->len, "记者") || contains(head->s, head->len, "記者"))) {
            g->kind = SEG_BYLINE;
            continue;
        }
        if (seg_text_starts(p, g, dashes, COUNT(dashes))) { g->kind = SEG_DASH; continue; }
        if (seg_text_ends(p, g, speech_ends, COUNT(speech_ends)) && g->cps >= 6 &&
            (contains(head->s, head->len, "上的") || starts_with(head->s, head->len, "在"))) {
            g->kind = SEG_SPEECH;
            continue;
        }
        if (g->first == g->last && is_name_line(head->s, head->len)) g->kind = SEG_NAME;
    }
}

/* What stands between segment a's end and segment b's start: 3 a masthead
 * line, 2 a metadata line, 1 other furniture (not a page's: page numbers
 * and running heads are the page's, not the article's), 0 nothing. */
static int separator(const parser *p, size_t a, size_t b)
{
    size_t from = p->content[p->segs[a].last] + 1, to = p->content[p->segs[b].first];
    int sep = 0;
    for (size_t k = from; k < to; k++) {
        const pline *l = &p->lines[k];
        int s = l->role == INGEST_ROLE_MASTHEAD ? 3 : l->role == INGEST_ROLE_META ? 2 :
                (l->role == INGEST_ROLE_FURNITURE && strcmp(l->rule, "page-number") &&
                 strcmp(l->rule, "running-head") && strcmp(l->rule, "watermark")) ? 1 : 0;
        if (s > sep) sep = s;
    }
    return sep;
}

/* A metadata line right after segment a, before the next segment (or the
 * end). */
static int meta_after(const parser *p, size_t a)
{
    size_t from = p->content[p->segs[a].last] + 1;
    size_t to = a + 1 < p->nsegs ? p->content[p->segs[a + 1].first] : p->nlines;
    for (size_t k = from; k < to; k++) {
        const pline *l = &p->lines[k];
        if (l->role != INGEST_ROLE_META || !strcmp(l->rule, "url") || !strcmp(l->rule, "editor")) continue;
        /* a lone page label ("分享到:", "點閱次數:236") is not an article's metadata */
        dates_match d;
        if (!strcmp(l->rule, "meta-label") && meta_label_count(p, l->s, l->len) <= 1 &&
            !dates_find(l->s, l->len, 0, 0, &d))
            continue;
        return 1;
    }
    return 0;
}

/* Whether segment a is followed at once by a reporter's byline (經濟日報／
 * 記者某某/台中即時報導): the line above a byline is the article's title, as
 * the line above its metadata is, however many headlines of other stories
 * a page lists higher up. */
static int byline_after(const parser *p, size_t a)
{
    return a + 1 < p->nsegs && p->segs[a + 1].kind == SEG_BYLINE;
}

static void seg_role(segment *g, int role, const char *rule)
{
    g->role = (unsigned char)role;
    g->rule = rule;
}

static int seg_same_text(const parser *p, const segment *a, const segment *b)
{
    char *x = assemble_segment_string(p, a), *y = assemble_segment_string(p, b);
    int same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* A short headline-like line that names a site or an organisation: never a
 * title when another headline follows. */
static int looks_like_site(const parser *p, const segment *g)
{
    static const char *const ends[] = {"网", "網", "人民政府", "融媒体中心", "融媒體中心", "总工会", "總工會", "日报",
                                       "日報", "报社", "報社", "在线", "在線", "频道", "頻道", "新闻", "新聞"};
    const pline *l = &p->lines[p->content[g->first]];
    return g->first == g->last && l->cps <= 14 && !contains(l->s, l->len, " ") &&
           seg_text_ends(p, g, ends, COUNT(ends));
}

/* Decides the roles of a run of headline-like segments [a, b) that comes
 * before body text (or the end), given whether an article is open. */
static void heading_run(parser *p, size_t a, size_t b, int have_article, int at_end)
{
    size_t k;
    /* A run at the end with an article open: its closing lines (a notice's
     * issuer and date), paragraphs (docs/ingest.md 4.4). */
    if (at_end && have_article) {
        for (k = a; k < b; k++) {
            segment *g = &p->segs[k];
            if (g->kind == SEG_BYLINE) seg_role(g, INGEST_ROLE_BYLINE, "byline");
            else if (g->kind == SEG_CAPTION) seg_role(g, INGEST_ROLE_CAPTION, "caption");
            else seg_role(g, INGEST_ROLE_SIGNATURE, g->kind == SEG_DATE ? "signature-date" : "signature");
        }
        return;
    }
    /* Inside the text, a run up to a short date line closes the article
     * before; the rest opens the next one. */
    if (have_article) {
        size_t close = a;
        for (k = a; k + 1 < b; k++)
            if (p->segs[k].kind == SEG_DATE && p->segs[k].cps <= 16) close = k + 1;
        for (k = a; k < close; k++) {
            segment *g = &p->segs[k];
            seg_role(g, INGEST_ROLE_SIGNATURE, g->kind == SEG_DATE ? "signature-date" : "signature");
        }
        a = close;
    }
    /* Candidates for the title; the others take their own roles. */
    size_t cand[64], nc = 0, speech = (size_t)-1, title = (size_t)-1, sub = (size_t)-1;
    int speech_seen = 0;
    for (k = a; k < b; k++) {
        segment *g = &p->segs[k];
        switch (g->kind) {
        case SEG_CAPTION: seg_role(g, INGEST_ROLE_CAPTION, "caption"); break;
        case SEG_BYLINE: seg_role(g, INGEST_ROLE_BYLINE, "byline"); break;
        case SEG_DATE:
            if (speech_seen) seg_role(g, INGEST_ROLE_DATELINE, "speech-date");
            else if (nc) seg_role(g, INGEST_ROLE_META, "date-under-title");
            else seg_role(g, INGEST_ROLE_MASTHEAD, "date-above-title");
            break;
        case SEG_NAME:
            if (speech_seen) { seg_role(g, INGEST_ROLE_BYLINE, "speaker"); break; }
            /* fall through */
        default:
            if (g->kind == SEG_SPEECH && speech == (size_t)-1) { speech = nc; speech_seen = 1; }
            if (nc < COUNT(cand)) cand[nc++] = k;
            else seg_role(g, INGEST_ROLE_TEXT, "text");
        }
    }
    if (!nc) return;
    /* At the top, what stands above a masthead or furniture line is the
     * page's, not the article's. */
    size_t first = 0;
    if (!have_article)
        for (k = 1; k < nc; k++)
            if (separator(p, cand[k - 1], cand[k]) & 1) first = k;   /* masthead (3) or furniture (1) */
    for (k = 0; k < first; k++) seg_role(&p->segs[cand[k]], INGEST_ROLE_FURNITURE, "above-masthead");
    const ingest_profile *pr = p->opt->profile;
    if (speech != (size_t)-1 && speech >= first) {
        title = speech;
        for (k = first; k < title; k++) seg_role(&p->segs[cand[k]], INGEST_ROLE_FURNITURE, "speech-banner");
    } else if (pr && pr->title_first) {
        title = first;
    } else {
        /* The last candidate a metadata line follows: the title, and its
         * subtitle when it is led by a dash. */
        for (k = first; k < nc; k++)
            if (meta_after(p, cand[k]) || byline_after(p, cand[k])) { title = k; break; }
        if (title != (size_t)-1 && p->segs[cand[title]].kind == SEG_DASH && title > first) {
            sub = title;
            title--;
        }
        if (title == (size_t)-1) {
            /* No metadata: a dash marks the subtitle, and the line above it the title. */
            for (k = first + 1; k < nc; k++)
                if (p->segs[cand[k]].kind == SEG_DASH) { sub = k; title = k - 1; break; }
        }
        if (title == (size_t)-1) {
            /* Section words (≤ 4 characters) and site names above another
             * headline are not titles; then the first is the title and the
             * second its subtitle (docs/ingest.md 4.2). */
            title = first;
            while (title + 1 < nc) {
                const segment *g = &p->segs[cand[title]], *h = &p->segs[cand[title + 1]];
                int adjacent = p->content[h->first] == p->content[g->last] + 1;
                int section = g->cps <= 4 && (adjacent || h->cps >= 3 * g->cps);
                if (!section && !looks_like_site(p, g)) break;
                seg_role(&p->segs[cand[title]], INGEST_ROLE_FURNITURE, section ? "section-word" : "site-name");
                title++;
            }
            if (title + 1 < nc && separator(p, cand[title], cand[title + 1]) == 0) sub = title + 1;
        }
    }
    /* Above the title: a kicker right over it, furniture higher up. */
    for (k = first; k < title; k++) {
        segment *g = &p->segs[cand[k]];
        if (g->role == INGEST_ROLE_FURNITURE) continue;
        if (k + 1 == title && separator(p, cand[k], cand[title]) == 0) seg_role(g, INGEST_ROLE_KICKER, "kicker");
        else seg_role(g, INGEST_ROLE_FURNITURE, "above-title");
    }
    seg_role(&p->segs[cand[title]], INGEST_ROLE_HEADLINE, speech == title ? "speech-title" : "headline");
    if (sub != (size_t)-1 && sub < nc) {
        segment *g = &p->segs[cand[sub]];
        seg_role(g, INGEST_ROLE_SUBTITLE, g->kind == SEG_DASH ? "subtitle-dash" : "subtitle");
    }
    /* Below: the title again (a document site prints it twice), a dashed
     * subtitle, short captions after the title's metadata; the rest are the
     * article's first paragraphs. */
    int after_meta = meta_after(p, cand[title]);
    for (k = title + 1; k < nc; k++) {
        segment *g = &p->segs[cand[k]];
        if (k == sub) { after_meta |= meta_after(p, cand[k]); continue; }
        if (seg_same_text(p, g, &p->segs[cand[title]])) seg_role(g, INGEST_ROLE_FURNITURE, "title-repeated");
        else if (g->kind == SEG_DASH && sub == (size_t)-1) { seg_role(g, INGEST_ROLE_SUBTITLE, "subtitle-dash"); sub = k; }
        else if (after_meta && g->cps <= CAPTION_LABEL_MAX_CPS && g->kind != SEG_SPEECH)
            seg_role(g, INGEST_ROLE_CAPTION, "caption-label");
        else seg_role(g, INGEST_ROLE_TEXT, "heading-paragraph");
        after_meta |= meta_after(p, cand[k]);
    }
}


/* The bulletin's header: the first few short segments up to the last one
 * that carries a date, an issue number or a masthead word (docs/ingest.md 5). */
/* Whether a header line carries a date, an issue number (第42期, 第四十二期,
 * 总第123期) or a masthead word (主办, 编印, 内部资料, 数字报纸, …简报). */
static int header_words(const char *t, size_t len)
{
    dates_match m;
    if (dates_find(t, len, 0, 0, &m) || any_infix(t, len, masthead_words, COUNT(masthead_words)) ||
        ends_with(t, len, "简报") || ends_with(t, len, "簡報"))
        return 1;
    for (const char *q = strstr(t, "第"); q; q = strstr(q + 3, "第")) {
        const char *e = q + 3;
        size_t count = 0;
        while (*e && count < 8) {
            uint32_t c;
            size_t n = utf8_decode(e, strlen(e), &c);
            if (c == 0x671F) { if (count) return 1; break; }   /* 期 */
            if (!(lines_digit_value(c) >= 0 || c == ' ' || chars_cn_numeral_value(c) >= 0)) break;
            e += n;
            count++;
        }
    }
    return 0;
}

/* The bulletin's header: the first few short segments up to the last one
 * with a header word (docs/ingest.md 5); a header stands above a title. One
 * that body text follows at once held the title: a web page's "title /
 * 2022-01-11 / 来源:…" is a title over its date line, not a masthead. */
static size_t header_segments(parser *p)
{
    size_t end = 0, i;
    unsigned char words[HEADER_MAX_SEGMENTS] = {0};
    for (i = 0; i < p->nsegs && i < HEADER_MAX_SEGMENTS && p->segs[i].cps <= HEADLINE_MAX_CPS; i++) {
        segment *g = &p->segs[i];
        const pline *head = &p->lines[p->content[g->first]];
        int punct = 0;
        for (size_t k = g->first; k <= g->last; k++) punct |= p->lines[p->content[k]].punct;
        if (!segment_lines_headlike(p, g) && (g->final || punct) && !head->colons) break;
        char *t = assemble_segment_string(p, g);
        if (!t) return end;
        words[i] = (unsigned char)header_words(t, strlen(t));
        if (words[i]) end = i + 1;
        free(t);
    }
    if (end && (end == p->nsegs || !segment_lines_headlike(p, &p->segs[end]))) {
        static const char *const names[] = {"信息", "动态", "動態", "快讯", "快訊", "会讯", "會訊", "通讯", "通訊"};
        for (i = end; i-- > 0; ) {
            const pline *l = &p->lines[p->content[p->segs[i].first]];
            if (!words[i] && segment_lines_headlike(p, &p->segs[i]) && !any_suffix(l->s, l->len, names, COUNT(names)))
                return i;
        }
    }
    return end;
}

/* …。□罗丹 摄 (P54), …。王建國 攝: a photographer's credit glued after the
 * last sentence of a paragraph is a caption of its own, cut off it. */
static void cut_photo(parser *p, segment *g)
{
    pline *l = &p->lines[p->content[g->last]];
    const char *s = l->s;
    size_t len = l->len, pos = len, chars = 0, st;
    static const char *const shot[] = {"摄", "攝", "摄影", "攝影"};
    /* only a photographer's: a name (2 to 8 ideographs, blanks and □
     * aside) before 摄; "…为职工提供" is a sentence the page cut */
    if (!any_suffix(s, len, shot, COUNT(shot))) return;
    while (pos > 0 && chars <= 12) {
        uint32_t c = lines_last_cp(s, pos, &st);
        if (lines_is_final(c) || lines_is_closer(c)) break;
        if (!lines_is_cjk(c) && !lines_is_blank(c) && c != 0x25A1 && c != '/' && c != 0xFF0F) return;
        pos = st;
        if (lines_is_cjk(c)) chars++;
    }
    if (pos > 0 && chars >= 3 && chars <= 12 && pos < len) {
        g->photo = s + pos;
        g->photo_len = len - pos;
        l->len = pos;
        lines_measure(l);
        l->rule = "text (photo credit cut off)";
        g->final = l->final;
    }
}

/* The credit after the last sentence of an article's last paragraph:
 * "…。(陈晓峰)", "…。(特约记者 江川)", "…。黄一鸣". Cut off the line. */
static void cut_credit(parser *p, segment *g)
{
    pline *l = &p->lines[p->content[g->last]];
    size_t at, len = l->len;
    uint32_t last = lines_last_cp(l->s, len, &at);
    const char *s = l->s;
    if (last == ')' || last == 0xFF09) {
        /* find the matching opener */
        size_t open = (size_t)-1;
        for (size_t i = at; i-- > 0; ) {
            if (s[i] == '(') { open = i; break; }
            if (i >= 2 && !memcmp(s + i - 2, "\xEF\xBC\x88", 3)) { open = i - 2; break; }
        }
        if (open == (size_t)-1 || open == 0) return;
        size_t before;
        uint32_t pc = lines_last_cp(s, open, &before);
        if (!lines_is_final(pc) && !lines_is_closer(pc)) return;
        size_t in_start = open + (s[open] == '(' ? 1 : 3), in_len = at - in_start;
        if (!in_len || utf8_length(s + in_start, in_len) > 20) return;
        for (size_t i = in_start; i < at; ) {
            uint32_t c;
            size_t n = utf8_decode(s + i, at - i, &c);
            if (lines_is_sentence_punct(c) || lines_digit_value(c) >= 0) return;
            i += n;
        }
        static const char *const not_credits[] = {"完", "待续", "未完待续", "图", "圖", "略"};
        for (size_t i = 0; i < COUNT(not_credits); i++)
            if (in_len == strlen(not_credits[i]) && !memcmp(s + in_start, not_credits[i], in_len)) return;
        g->credit = s + in_start;
        g->credit_len = in_len;
        l->len = open;
        lines_measure(l);
        l->rule = "text (credit cut off)";
        g->final = l->final;
        return;
    }
    /* …。黄一鸣: a name of 2 to 4 ideographs after the last sentence, and
     * …。記者張明報道: a reporter's name with 报道. */
    size_t end = len, chars = 0, pos = len;
    static const char *const reported[] = {"报道", "報道", "報導", "报导"};
    for (size_t k = 0; k < COUNT(reported); k++)
        if (ends_with(s, len, reported[k])) {
            size_t cut = len - strlen(reported[k]), q = cut, n = 0, st;
            while (q > 0 && n <= 8) {
                uint32_t c = lines_last_cp(s, q, &st);
                if (lines_is_final(c) || lines_is_closer(c)) break;
                if (!lines_is_cjk(c)) return;
                q = st;
                n++;
            }
            if (q > 0 && n >= 2 && n <= 8) {
                g->credit = s + q;
                g->credit_len = len - q;
                l->len = q;
                lines_measure(l);
                l->rule = "text (credit cut off)";
                g->final = l->final;
            }
            return;
        }
    while (pos > 0 && chars <= 4) {
        size_t st;
        uint32_t c = lines_last_cp(s, pos, &st);
        if (lines_is_final(c) || lines_is_closer(c)) break;
        if (!lines_is_cjk(c)) return;
        pos = st;
        chars++;
    }
    if (chars < 2 || chars > 4 || pos == 0) return;
    uint32_t fc;
    utf8_decode(s + pos, end - pos, &fc);
    if (!is_surname(fc)) return;
    size_t st;
    uint32_t pc = lines_last_cp(s, pos, &st);
    if (!lines_is_final(pc) && !lines_is_closer(pc)) return;
    g->credit = s + pos;
    g->credit_len = end - pos;
    l->len = pos;
    lines_measure(l);
    l->rule = "text (credit cut off)";
    g->final = l->final;
}

/* A segment that is a credit alone: "(陈晓峰)", "(某公司工会)". */
static int credit_alone(const parser *p, const segment *g)
{
    const pline *l = &p->lines[p->content[g->first]];
    if (g->first != g->last || !l->bracketed || l->cps > 24) return 0;
    for (size_t i = 0; i < l->len; ) {
        uint32_t c;
        size_t n = utf8_decode(l->s + i, l->len - i, &c);
        if (lines_is_sentence_punct(c) || lines_is_final(c)) return 0;
        i += n;
    }
    return !contains(l->s, l->len, "完") && !contains(l->s, l->len, "待续");
}

void roles_segments(parser *p)
{
    size_t i, k;
    segment_kinds(p);
    size_t header_end = header_segments(p);
    for (i = 0; i < header_end; i++) seg_role(&p->segs[i], INGEST_ROLE_MASTHEAD, "masthead");
    /* A page of one article: a digital edition's page, or a web page whose
     * article has metadata of its own; not a 简报 with an issue number. On
     * it, short headings after the body are its section headings. */
    int one_article = 0, several = 0;
    for (i = 0; i < p->nlines; i++) {
        const pline *l = &p->lines[i];
        if (l->role == INGEST_ROLE_MASTHEAD && (!strcmp(l->rule, "edition-page") || contains(l->s, l->len, "数字报") ||
                                                contains(l->s, l->len, "數字報")))
            one_article = 1;
    }
    for (i = 0; i < header_end; i++) {
        char *t = assemble_segment_string(p, &p->segs[i]);
        if (t && header_words(t, strlen(t)) && !contains(t, strlen(t), "数字报") && strstr(t, "第")) several = 1;
        free(t);
    }
    int have_article = 0, unfinished = 0, open_role = INGEST_ROLE_TEXT;
    for (i = header_end; i < p->nsegs; ) {
        segment *g = &p->segs[i];
        if (unfinished) {
            /* A paragraph that stops mid-sentence goes on in the next segment,
             * whatever that looks like: a page or column break cut it. */
            seg_role(g, open_role, "continued");
            unfinished = !g->final && !g->colon_end && !g->complete && !g->whole;
            i++;
            continue;
        }
        int heading = g->kind == SEG_HEADLINE || g->kind == SEG_DASH || g->kind == SEG_SPEECH ||
                      g->kind == SEG_DATE || g->kind == SEG_BYLINE || g->kind == SEG_NAME ||
                      (g->kind == SEG_CAPTION && !have_article);
        if (heading) {
            for (k = i; k < p->nsegs; k++) {
                const segment *h = &p->segs[k];
                if (!(h->kind == SEG_HEADLINE || h->kind == SEG_DASH || h->kind == SEG_SPEECH || h->kind == SEG_DATE ||
                      h->kind == SEG_BYLINE || h->kind == SEG_NAME || h->kind == SEG_CAPTION))
                    break;
            }
            int sections = have_article && one_article && !several && k < p->nsegs;
            for (size_t j = i; sections && j < k; j++)
                if (p->segs[j].kind != SEG_HEADLINE || p->segs[j].cps > SECTION_HEADING_MAX_CPS) sections = 0;
            if (sections) {
                for (size_t j = i; j < k; j++) seg_role(&p->segs[j], INGEST_ROLE_TEXT, "section-heading");
                i = k;
                continue;
            }
            heading_run(p, i, k, have_article, k == p->nsegs);
            for (size_t j = i; j < k; j++)
                if (p->segs[j].role == INGEST_ROLE_HEADLINE) {
                    if (!have_article && meta_after(p, j)) one_article = 1;   /* the article's own metadata */
                    have_article = 1;
                }
            i = k;
            continue;
        }
        if (g->kind == SEG_CAPTION) seg_role(g, INGEST_ROLE_CAPTION, "caption");
        else if (g->kind == SEG_LIST) {
            seg_role(g, INGEST_ROLE_LIST_ITEM, "list-item");
            /* a numbered heading stands alone; an item the wrap cut goes on */
            unfinished = !g->final && !g->colon_end && g->cut;
            open_role = INGEST_ROLE_LIST_ITEM;
        }
        else if (have_article && credit_alone(p, g) && (i + 1 == p->nsegs || p->segs[i + 1].kind != SEG_TEXT))
            seg_role(g, INGEST_ROLE_CREDIT, "credit-alone");
        else {
            seg_role(g, INGEST_ROLE_TEXT, g->colon_end ? "salutation" : g->complete ? "heading-line" : "text");
            unfinished = !g->final && !g->colon_end && !g->complete && !g->whole;
            open_role = INGEST_ROLE_TEXT;
        }
        if (!have_article && g->role != INGEST_ROLE_CAPTION) have_article = 1;   /* body before any title */
        i++;
    }
    /* Credits after the last sentence of each article. */
    for (i = 0; i < p->nsegs; i++) {
        segment *g = &p->segs[i];
        if (g->role != INGEST_ROLE_TEXT) continue;
        size_t next = i + 1;
        while (next < p->nsegs && (p->segs[next].role == INGEST_ROLE_CAPTION || p->segs[next].role == INGEST_ROLE_FURNITURE))
            next++;
        if (next == p->nsegs || p->segs[next].role == INGEST_ROLE_HEADLINE || p->segs[next].role == INGEST_ROLE_KICKER ||
            p->segs[next].role == INGEST_ROLE_CREDIT)
            cut_credit(p, g);
    }
    /* The roles of the lines are their segment's. */
    for (i = 0; i < p->nsegs; i++) {
        segment *g = &p->segs[i];
        for (k = g->first; k <= g->last; k++) set_role(&p->lines[p->content[k]], g->role, g->rule);
    }
}

int roles_profile(parser *p, int (*fn)(void *, ingest_line_role *, size_t, char *, size_t), void *ctx,
                  char *err, size_t errlen)
{
    ingest_line_role *v = malloc((p->nlines ? p->nlines : 1) * sizeof *v);
    if (!v) {
        if (errlen) snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < p->nlines; i++) {
        v[i].text = p->lines[i].s;
        v[i].len = p->lines[i].len;
        v[i].lineno = p->lines[i].lineno;
        v[i].role = p->lines[i].role;
        v[i].rule = p->lines[i].rule;
        v[i].date = NULL;
        v[i].date_len = 0;
    }
    int rc = fn(ctx, v, p->nlines, err, errlen);
    if (rc == 0) {
        for (size_t i = 0; i < p->nlines; i++) {
            pline *l = &p->lines[i];
            dates_match m;
            if (v[i].date && dates_find(v[i].date, v[i].date_len, 0, DATES_FIND_MONTH | DATES_FIND_ROC_DOT, &m) &&
                datefind_add(p, &m, DATE_PROFILE, 0, i) < 0) {
                rc = -1;
                if (errlen) snprintf(err, errlen, "out of memory");
                break;
            }
            if (v[i].role < 0 || v[i].role >= INGEST_ROLE_COUNT || l->blank) continue;
            if (v[i].role == l->role && v[i].rule == l->rule) continue;
            l->role = (unsigned char)v[i].role;
            l->rule = v[i].rule ? v[i].rule : "profile";
            l->pinned = 1;
        }
    }
    free(v);
    return rc;
}
