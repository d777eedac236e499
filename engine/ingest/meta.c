/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meta.c — the fields of metadata lines: labels (发布时间:, 來源:, 作者:,
 * 上傳日期: …, in simplified and traditional script, letter-spaced or glued
 * to each other), the dates they carry and how much each date counts, the
 * source, the author, the page address; and the names of bylines and leads
 * (本报讯(记者 韩旭)). See ingest_internal.h and docs/ingest.md. */
#include "ingest/ingest_internal.h"
#include "util/chars.h"
#include "util/sbuf.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

/* The built-in labels, from the pages of tests/data/shapes/README.md. */
static const ingest_label builtin_labels[] = {
    /* the article's date */
    {"发布时间", INGEST_FIELD_DATE}, {"发布日期", INGEST_FIELD_DATE}, {"發布時間", INGEST_FIELD_DATE},
    {"發布日期", INGEST_FIELD_DATE}, {"發佈時間", INGEST_FIELD_DATE}, {"發佈日期", INGEST_FIELD_DATE},
    {"发布于", INGEST_FIELD_DATE}, {"發布于", INGEST_FIELD_DATE}, {"發佈於", INGEST_FIELD_DATE},
    {"發布於", INGEST_FIELD_DATE}, {"发表时间", INGEST_FIELD_DATE}, {"發表時間", INGEST_FIELD_DATE},
    {"发表日期", INGEST_FIELD_DATE}, {"出版日期", INGEST_FIELD_DATE}, {"网络出版时间", INGEST_FIELD_DATE},
    {"網路出版時間", INGEST_FIELD_DATE}, {"本期开刊时间", INGEST_FIELD_DATE}, {"刊发日期", INGEST_FIELD_DATE},
    {"发文日期", INGEST_FIELD_DATE}, {"發文日期", INGEST_FIELD_DATE}, {"成文日期", INGEST_FIELD_DATE},
    {"印发日期", INGEST_FIELD_DATE}, {"公布日期", INGEST_FIELD_DATE}, {"公告日期", INGEST_FIELD_DATE},
    {"新闻日期", INGEST_FIELD_DATE}, {"发稿时间", INGEST_FIELD_DATE}, {"时间", INGEST_FIELD_DATE},
    {"時間", INGEST_FIELD_DATE}, {"日期", INGEST_FIELD_DATE}, {"Date", INGEST_FIELD_DATE},
    {"Start date", INGEST_FIELD_DATE},
    /* a site's stamps: upload, entry, update; a document site's bare 发布 */
    {"发布", INGEST_FIELD_STAMP}, {"發布", INGEST_FIELD_STAMP}, {"發佈", INGEST_FIELD_STAMP},
    {"上传日期", INGEST_FIELD_STAMP}, {"上傳日期", INGEST_FIELD_STAMP}, {"上传时间", INGEST_FIELD_STAMP},
    {"上傳時間", INGEST_FIELD_STAMP}, {"录入时间", INGEST_FIELD_STAMP}, {"錄入時間", INGEST_FIELD_STAMP},
    {"更新时间", INGEST_FIELD_STAMP}, {"更新時間", INGEST_FIELD_STAMP}, {"更新日期", INGEST_FIELD_STAMP},
    {"修改时间", INGEST_FIELD_STAMP}, {"修改時間", INGEST_FIELD_STAMP}, {"最后更新", INGEST_FIELD_STAMP},
    {"最後更新", INGEST_FIELD_STAMP}, {"入库时间", INGEST_FIELD_STAMP}, {"采集时间", INGEST_FIELD_STAMP},
    {"Last updated", INGEST_FIELD_STAMP}, {"Last Updated", INGEST_FIELD_STAMP}, {"Updated", INGEST_FIELD_STAMP},
    {"Posted", INGEST_FIELD_STAMP},
    /* source */
    {"来源", INGEST_FIELD_SOURCE}, {"來源", INGEST_FIELD_SOURCE}, {"信息来源", INGEST_FIELD_SOURCE},
    {"資訊來源", INGEST_FIELD_SOURCE}, {"資料來源", INGEST_FIELD_SOURCE}, {"文章来源", INGEST_FIELD_SOURCE},
    {"文章來源", INGEST_FIELD_SOURCE}, {"稿件来源", INGEST_FIELD_SOURCE}, {"新闻来源", INGEST_FIELD_SOURCE},
    {"新聞來源", INGEST_FIELD_SOURCE}, {"出处", INGEST_FIELD_SOURCE}, {"出處", INGEST_FIELD_SOURCE},
    {"稿源", INGEST_FIELD_SOURCE}, {"Source", INGEST_FIELD_SOURCE},
    /* author */
    {"作者", INGEST_FIELD_AUTHOR}, {"新闻作者", INGEST_FIELD_AUTHOR}, {"新聞作者", INGEST_FIELD_AUTHOR},
    {"撰稿", INGEST_FIELD_AUTHOR}, {"撰稿人", INGEST_FIELD_AUTHOR}, {"撰文", INGEST_FIELD_AUTHOR},
    {"记者", INGEST_FIELD_AUTHOR}, {"記者", INGEST_FIELD_AUTHOR}, {"通讯员", INGEST_FIELD_AUTHOR},
    {"通訊員", INGEST_FIELD_AUTHOR}, {"Author", INGEST_FIELD_AUTHOR},
    /* editors: not authors */
    {"编辑", INGEST_FIELD_EDITOR}, {"編輯", INGEST_FIELD_EDITOR}, {"责任编辑", INGEST_FIELD_EDITOR},
    {"責任編輯", INGEST_FIELD_EDITOR}, {"责编", INGEST_FIELD_EDITOR}, {"責編", INGEST_FIELD_EDITOR},
    {"审核", INGEST_FIELD_EDITOR}, {"審核", INGEST_FIELD_EDITOR}, {"审校", INGEST_FIELD_EDITOR},
    {"校对", INGEST_FIELD_EDITOR}, {"校對", INGEST_FIELD_EDITOR}, {"签发", INGEST_FIELD_EDITOR},
    {"簽發", INGEST_FIELD_EDITOR}, {"网络编辑", INGEST_FIELD_EDITOR}, {"录入", INGEST_FIELD_EDITOR},
    {"錄入", INGEST_FIELD_EDITOR}, {"发布者", INGEST_FIELD_EDITOR}, {"發布者", INGEST_FIELD_EDITOR},
    {"发布人", INGEST_FIELD_EDITOR}, {"编审", INGEST_FIELD_EDITOR}, {"值班编辑", INGEST_FIELD_EDITOR},
    /* the page's address */
    {"网址", INGEST_FIELD_URL}, {"網址", INGEST_FIELD_URL}, {"原文地址", INGEST_FIELD_URL},
    {"原文链接", INGEST_FIELD_URL}, {"原文連結", INGEST_FIELD_URL}, {"原文网址", INGEST_FIELD_URL},
    {"原文網址", INGEST_FIELD_URL}, {"URL", INGEST_FIELD_URL},
    /* page labels: counters, sections, font size, edition pages */
    {"浏览次数", INGEST_FIELD_IGNORE}, {"浏览量", INGEST_FIELD_IGNORE}, {"浏览", INGEST_FIELD_IGNORE},
    {"瀏覽", INGEST_FIELD_IGNORE}, {"瀏覽次數", INGEST_FIELD_IGNORE}, {"阅读", INGEST_FIELD_IGNORE},
    {"閱讀", INGEST_FIELD_IGNORE}, {"阅读数", INGEST_FIELD_IGNORE}, {"阅读量", INGEST_FIELD_IGNORE},
    {"阅读次数", INGEST_FIELD_IGNORE}, {"閱讀次數", INGEST_FIELD_IGNORE}, {"点击", INGEST_FIELD_IGNORE},
    {"點擊", INGEST_FIELD_IGNORE}, {"点击数", INGEST_FIELD_IGNORE}, {"点击量", INGEST_FIELD_IGNORE},
    {"點擊量", INGEST_FIELD_IGNORE}, {"点击率", INGEST_FIELD_IGNORE}, {"点阅次数", INGEST_FIELD_IGNORE},
    {"點閱次數", INGEST_FIELD_IGNORE}, {"人气", INGEST_FIELD_IGNORE}, {"人氣", INGEST_FIELD_IGNORE},
    {"访问量", INGEST_FIELD_IGNORE}, {"訪問量", INGEST_FIELD_IGNORE}, {"访问次数", INGEST_FIELD_IGNORE},
    {"浏览数量", INGEST_FIELD_IGNORE}, {"下载", INGEST_FIELD_IGNORE}, {"下載", INGEST_FIELD_IGNORE},
    {"Views", INGEST_FIELD_IGNORE}, {"栏目", INGEST_FIELD_IGNORE}, {"欄目", INGEST_FIELD_IGNORE},
    {"所属栏目", INGEST_FIELD_IGNORE}, {"主题", INGEST_FIELD_IGNORE}, {"主題", INGEST_FIELD_IGNORE},
    {"建议标签", INGEST_FIELD_IGNORE}, {"建議標籤", INGEST_FIELD_IGNORE}, {"标签", INGEST_FIELD_IGNORE},
    {"標籤", INGEST_FIELD_IGNORE}, {"关键词", INGEST_FIELD_IGNORE}, {"關鍵詞", INGEST_FIELD_IGNORE},
    {"关键字", INGEST_FIELD_IGNORE}, {"分类", INGEST_FIELD_IGNORE}, {"分類", INGEST_FIELD_IGNORE},
    {"文章分类", INGEST_FIELD_IGNORE}, {"文章分類", INGEST_FIELD_IGNORE}, {"类别", INGEST_FIELD_IGNORE},
    {"類別", INGEST_FIELD_IGNORE}, {"版次", INGEST_FIELD_IGNORE}, {"版面", INGEST_FIELD_IGNORE},
    {"版名", INGEST_FIELD_IGNORE}, {"期号", INGEST_FIELD_IGNORE}, {"期號", INGEST_FIELD_IGNORE},
    {"年卷期", INGEST_FIELD_IGNORE}, {"页面", INGEST_FIELD_IGNORE}, {"頁面", INGEST_FIELD_IGNORE},
    {"页码", INGEST_FIELD_IGNORE}, {"頁碼", INGEST_FIELD_IGNORE}, {"字号", INGEST_FIELD_IGNORE},
    {"字號", INGEST_FIELD_IGNORE}, {"字级", INGEST_FIELD_IGNORE}, {"字級", INGEST_FIELD_IGNORE},
    {"字体", INGEST_FIELD_IGNORE}, {"字體", INGEST_FIELD_IGNORE}, {"文字缩放", INGEST_FIELD_IGNORE},
    {"文字縮放", INGEST_FIELD_IGNORE}, {"出版物", INGEST_FIELD_IGNORE}, {"分享到", INGEST_FIELD_IGNORE},
    {"索引号", INGEST_FIELD_IGNORE}, {"文号", INGEST_FIELD_IGNORE}, {"文號", INGEST_FIELD_IGNORE},
    {"发布机构", INGEST_FIELD_IGNORE}, {"發布機構", INGEST_FIELD_IGNORE}, {"发文机关", INGEST_FIELD_IGNORE},
    {"主办", INGEST_FIELD_IGNORE}, {"主辦", INGEST_FIELD_IGNORE}, {"承办", INGEST_FIELD_IGNORE},
    {"编印", INGEST_FIELD_IGNORE}, {"主编", INGEST_FIELD_IGNORE}, {"摘要", INGEST_FIELD_IGNORE},
    {"内容提要", INGEST_FIELD_IGNORE}, {"內容提要", INGEST_FIELD_IGNORE},
};

#define NLABELS (sizeof builtin_labels / sizeof builtin_labels[0])


/* Whether s[0..end) ends with label, blanks inside the text allowed
 * between its characters ("出 版 物", "页    面"); *start gets where it
 * begins. ASCII letters match either case. */
static int ends_with_label(const char *s, size_t end, const char *label, size_t *start)
{
    size_t li = strlen(label), si = end;
    while (li > 0) {
        if (si == 0) return 0;
        /* blanks of the text between the label's characters (not where the
         * label has one itself: "Last updated") */
        if (li < strlen(label) && label[li - 1] != ' ') {
            while (si > 0 && (s[si - 1] == ' ' || s[si - 1] == '\t')) si--;
            while (si >= 3 && memcmp(s + si - 3, "\xE3\x80\x80", 3) == 0) si -= 3;
        }
        if (si == 0) return 0;
        char a = s[si - 1], b = label[li - 1];
        if (a != b && !((a | 0x20) == (b | 0x20) && (b | 0x20) >= 'a' && (b | 0x20) <= 'z')) return 0;
        si--;
        li--;
    }
    /* A label starts a word: not in the middle of a Latin word. */
    if (si > 0 && ((s[si - 1] | 0x20) >= 'a' && (s[si - 1] | 0x20) <= 'z') &&
        ((label[0] | 0x20) >= 'a' && (label[0] | 0x20) <= 'z'))
        return 0;
    *start = si;
    return 1;
}

/* The label that ends right before byte colon (blanks allowed between), the
 * longest, the profile's first. 1 and *field, *start set; else 0. */
static int label_before(const parser *p, const char *s, size_t colon, ingest_field *field, size_t *start)
{
    size_t end = colon, best = (size_t)-1, k;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    const ingest_profile *pr = p && p->opt ? p->opt->profile : NULL;
    for (k = 0; pr && k < pr->label_count; k++) {
        size_t st;
        if (pr->labels[k].label && *pr->labels[k].label && ends_with_label(s, end, pr->labels[k].label, &st) &&
            (best == (size_t)-1 || st < best)) {
            best = st;
            *field = pr->labels[k].field;
        }
    }
    if (best != (size_t)-1) { *start = best; return 1; }
    for (k = 0; k < NLABELS; k++) {
        size_t st;
        if (ends_with_label(s, end, builtin_labels[k].label, &st) && (best == (size_t)-1 || st < best)) {
            best = st;
            *field = builtin_labels[k].field;
        }
    }
    if (best == (size_t)-1) return 0;
    *start = best;
    return 1;
}

/* The next colon (ASCII or full-width) at or after pos: its offset and
 * byte length, or len. */
static size_t next_colon(const char *s, size_t len, size_t pos, size_t *clen)
{
    for (size_t i = pos; i < len; i++) {
        if (s[i] == ':') { *clen = 1; return i; }
        if (i + 3 <= len && memcmp(s + i, "\xEF\xBC\x9A", 3) == 0) { *clen = 3; return i; }
    }
    *clen = 0;
    return len;
}

/* Openers a label line may start with: 【 [ ( （ • and blanks. */
static size_t skip_openers(const char *s, size_t len)
{
    size_t pos = 0;
    for (;;) {
        uint32_t c;
        size_t n = pos < len ? utf8_decode(s + pos, len - pos, &c) : 0;
        if (!n || !(c == 0x3010 || c == '[' || c == '(' || c == 0xFF08 || c == 0x2022 || lines_is_blank(c))) break;
        pos += n;
    }
    return pos;
}

int meta_label_at(const parser *p, const char *s, size_t len, size_t *label_len, size_t *colon_len,
                  ingest_field *field)
{
    size_t pos = skip_openers(s, len), clen;
    size_t colon = next_colon(s, len, pos, &clen);
    if (colon == len || colon - pos > 40) return 0;
    size_t start;
    if (!label_before(p, s, colon, field, &start) || start != pos) return 0;
    *label_len = colon - pos;
    *colon_len = clen;
    return 1;
}

size_t meta_label_count(const parser *p, const char *s, size_t len)
{
    size_t pos = 0, clen, n = 0;
    for (;;) {
        size_t colon = next_colon(s, len, pos, &clen);
        if (colon == len) return n;
        ingest_field f;
        size_t st;
        if (label_before(p, s, colon, &f, &st)) n++;
        pos = colon + clen;
    }
}

/* ---- names ------------------------------------------------------------------- */

/* Role words of bylines and speaker lines: a token ending in one is a role,
 * not a name ("本报记者", "晚报记者", "某某社記者", "會長"). */
static const char *const role_suffixes[] = {
    "记者", "記者", "通讯员", "通訊員", "实习生", "實習生", "摄影", "攝影", "作者", "撰文", "编辑", "編輯",
    "会长", "會長", "理事长", "理事長", "主席", "书记", "書記", "局长", "局長", "部长", "部長", "主任",
    "社长", "社長", "总经理", "總經理", "秘书长", "秘書長", "处长", "處長", "厅长", "廳長", "市长", "市長",
    "区长", "區長", "县长", "縣長", "董事长", "董事長", "供稿", "整理", "报道", "報導", "报导"};

static int ends_with(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    return len >= n && memcmp(s + len - n, w, n) == 0;
}

/* Words a name is not: "本站", a site's placeholder, "会员上传". */
static int not_a_name(const char *s, size_t len)
{
    static const char *const words[] = {"本站", "本网", "本網", "本报", "本報", "网络", "網路", "佚名", "管理员",
                                        "會員上傳", "会员上传", "编辑部", "編輯部", "本刊", "admin"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (len >= strlen(words[i]) && memcmp(s, words[i], strlen(words[i])) == 0) return 1;
    return 0;
}

/* Appends name s[0..len) to m->author (joined by 、), once. */
static int add_name(meta_fields *m, const char *s, size_t len)
{
    if (m->author) {
        const char *p = m->author;
        size_t alen = strlen(p);
        for (size_t i = 0; i + len <= alen; i++)
            if (memcmp(p + i, s, len) == 0 && (i + len == alen || p[i + len] == '\xE3')) return 0;
    }
    sbuf b = SBUF_INIT;
    if (m->author) { sbuf_puts(&b, m->author); sbuf_puts(&b, "、"); }
    sbuf_append(&b, s, len);
    if (sbuf_failed(&b)) { sbuf_free(&b); return -1; }
    free(m->author);
    m->author = sbuf_detach(&b);
    return 0;
}

/* One token of a byline: a role word's suffix and "/文" cut off; added when
 * what remains is a name of 2 to 4 ideographs. A token that is a role word
 * followed by the name ("记者林雅雯六月廿一日臺北報導") gives the name: up to
 * four ideographs, stopping before a date. */
static int byline_token(const char *s, size_t len, meta_fields *m)
{
    size_t i;
    /* "A/文", "B/图": the role after a slash */
    for (i = 0; i < len; i++)
        if (s[i] == '/') { len = i; break; }
    if (len >= 3 && memcmp(s + len - 3, "\xEF\xBC\x8F", 3) == 0) len -= 3;   /* ／ */
    /* a role word inside, the name after it: 记者林雅雯…, 本报通讯员罗丹 */
    int named = 0;
    for (size_t pos = 0; pos < len && !named; ) {
        uint32_t c;
        size_t n = utf8_decode(s + pos, len - pos, &c);
        for (i = 0; i < sizeof role_suffixes / sizeof role_suffixes[0]; i++)
            if (ends_with(s, pos + n, role_suffixes[i]) && pos + n < len) {
                s += pos + n;
                len -= pos + n;
                named = 1;
                break;
            }
        pos += n;
    }
    for (i = 0; i < sizeof role_suffixes / sizeof role_suffixes[0]; i++)
        if (ends_with(s, len, role_suffixes[i]) && !named) return 0;   /* the role alone */
    /* the paper or agency before the reporter (經濟日報／ 記者…, 中央社), not a name */
    if (!named && (ends_with(s, len, "报") || ends_with(s, len, "報") || ends_with(s, len, "社"))) return 0;
    /* up to four ideographs, stopping before a date or a digit */
    size_t pos = 0, chars = 0;
    while (pos < len && chars < 4) {
        uint32_t c, c2 = 0, c3 = 0;
        size_t n = utf8_decode(s + pos, len - pos, &c);
        if (!lines_is_cjk(c)) break;
        if (pos + n < len) {
            size_t n2 = utf8_decode(s + pos + n, len - pos - n, &c2);
            if (pos + n + n2 < len) utf8_decode(s + pos + n + n2, len - pos - n - n2, &c3);
        }
        /* 六月, 十二月, 廿一日: a date starts here */
        int cn = chars_is_cn_one_to_ten(c) || c == 0x5EFF || c == 0x5143;   /* or 廿, 元 */
        if (cn && (c2 == 0x6708 || c3 == 0x6708 || c2 == 0x65E5 || c3 == 0x65E5 || c2 == 0x5341)) break;
        pos += n;
        chars++;
    }
    if (chars < 2) return 0;
    if (not_a_name(s, pos)) return 0;
    return add_name(m, s, pos);
}

int meta_byline_names(const char *s, size_t len, meta_fields *m)
{
    size_t pos = 0;
    while (pos < len) {
        size_t start = pos;
        while (pos < len) {
            uint32_t c;
            size_t n = utf8_decode(s + pos, len - pos, &c);
            if (lines_is_blank(c) || c == 0x3001 || c == ',' || c == 0xFF0C || c == 0x25A1 || c == ';') break;
            pos += n;
        }
        if (pos > start && byline_token(s + start, pos - start, m) < 0) return -1;
        while (pos < len) {
            uint32_t c;
            size_t n = utf8_decode(s + pos, len - pos, &c);
            if (!(lines_is_blank(c) || c == 0x3001 || c == ',' || c == 0xFF0C || c == 0x25A1 || c == ';')) break;
            pos += n;
        }
    }
    return 0;
}

/* ---- values --------------------------------------------------------------------- */

/* The value after a label: from pos to the next label, or to a separator
 * (two blanks, |, 【, [, a tab), trimmed. */
static void value_span(const parser *p, const char *s, size_t len, size_t pos, size_t *vs, size_t *ve)
{
    size_t end = len, clen, c = pos;
    /* the next label's start */
    for (;;) {
        size_t colon = next_colon(s, len, c, &clen);
        if (colon == len) break;
        ingest_field f;
        size_t st;
        if (label_before(p, s, colon, &f, &st) && st >= pos) { end = st; break; }
        c = colon + clen;
    }
    while (pos < end && (s[pos] == ' ' || s[pos] == '\t' || memcmp(s + pos, "\xE3\x80\x80", 3) == 0))
        pos += s[pos] == ' ' || s[pos] == '\t' ? 1 : 3;
    for (size_t i = pos; i < end; ) {
        uint32_t ch;
        size_t n = utf8_decode(s + i, end - i, &ch);
        if (ch == '|' || ch == 0xFF5C || ch == 0x3010 || ch == '[' || ch == '\t' || ch == 0x3000 ||
            (ch == ' ' && i + 1 < end && s[i + 1] == ' ')) {
            end = i;
            break;
        }
        i += n;
    }
    while (end > pos && (s[end - 1] == ' ' || s[end - 1] == ']' || s[end - 1] == ')')) end--;
    *vs = pos;
    *ve = end;
}

static int set_once(char **dst, const char *s, size_t len)
{
    if (*dst || !len) return 0;
    /* 《工人日报》 → 工人日报 */
    if (len >= 6 && memcmp(s, "\xE3\x80\x8A", 3) == 0 && memcmp(s + len - 3, "\xE3\x80\x8B", 3) == 0) {
        s += 3;
        len -= 6;
    }
    dates_match d;
    if (!len || not_a_name(s, len) || dates_find(s, len, 0, DATES_FIND_MONTH, &d)) return 0;
    *dst = malloc(len + 1);
    if (!*dst) return -1;
    memcpy(*dst, s, len);
    (*dst)[len] = '\0';
    return 0;
}

/* Every date of s[from..to) as a candidate of the given rank. */
static int add_dates(parser *p, const char *s, size_t from, size_t to, int rank, int sub, size_t line,
                     unsigned flags)
{
    dates_match m;
    size_t pos = from;
    while (pos < to && dates_find(s, to, pos, flags, &m)) {
        if (datefind_add(p, &m, rank, sub, line) < 0) return -1;
        pos = m.end;
    }
    return 0;
}

/* Whether s is a date and a weekday and nothing else. */
static int only_weekday(const char *s, size_t len, const dates_match *d)
{
    static const char *const days[] = {"星期", "週", "周", "礼拜", "禮拜"};
    size_t pos = 0;
    int weekday = 0;
    while (pos < len) {
        if (pos == d->start) { pos = d->end; continue; }
        uint32_t c;
        size_t n = utf8_decode(s + pos, len - pos, &c);
        if (lines_is_blank(c) || c == ',' || c == 0xFF0C) { pos += n; continue; }
        size_t k;
        for (k = 0; k < sizeof days / sizeof days[0]; k++)
            if (len - pos >= strlen(days[k]) && memcmp(s + pos, days[k], strlen(days[k])) == 0) break;
        if (k == sizeof days / sizeof days[0]) return 0;
        pos += strlen(days[k]);
        if (pos < len) pos += utf8_decode(s + pos, len - pos, &c);   /* 一 … 日 */
        weekday = 1;
    }
    return weekday;
}

int meta_read_line(parser *p, size_t i, meta_fields *m, int before_title)
{
    const pline *l = &p->lines[i];
    const char *s = l->s;
    size_t len = l->len, pos = 0, clen;
    int labelled_date = 0, any_label = 0;
    if (l->role == INGEST_ROLE_BYLINE) return meta_byline_names(s, len, m);
    /* Labels and their values. */
    while (pos < len) {
        size_t colon = next_colon(s, len, pos, &clen);
        if (colon == len) break;
        ingest_field f;
        size_t st, vs, ve;
        if (label_before(p, s, colon, &f, &st)) {
            any_label = 1;
            value_span(p, s, len, colon + clen, &vs, &ve);
            switch (f) {
            case INGEST_FIELD_DATE:
                labelled_date = 1;
                /* before the first title: a page's 发布时间, after a masthead */
                if (add_dates(p, s, vs, ve, DATE_METADATA, before_title ? 3 : 2, i, 0) < 0) return -1;
                break;
            case INGEST_FIELD_STAMP:
                labelled_date = 1;
                if (add_dates(p, s, vs, ve, DATE_STAMP, 0, i, 0) < 0) return -1;
                break;
            case INGEST_FIELD_SOURCE:
                if (set_once(&m->source, s + vs, ve - vs) < 0) return -1;
                break;
            case INGEST_FIELD_AUTHOR:
                if (meta_byline_names(s + vs, ve - vs, m) < 0) return -1;
                break;
            case INGEST_FIELD_URL:
                if (set_once(&m->url, s + vs, ve - vs) < 0) return -1;
                break;
            default:
                break;
            }
        }
        pos = colon + clen;
    }
    /* Unlabelled dates: a date line under a title, a masthead, an
     * e-paper's 《工人日报》(2023年12月21日 02版). */
    if (!labelled_date) {
        dates_match d;
        if (dates_find(s, len, 0, 0, &d)) {
            int sub = l->role == INGEST_ROLE_MASTHEAD ? 0 : 1;
            /* A date with only a weekday (2024年7月25日 星期四) names no paper
             * or issuer: a today-stamp a cache kept, older than the article
             * perhaps (P76), so a stamp. */
            int rank = only_weekday(s, len, &d) ? DATE_STAMP : DATE_METADATA;
            if (add_dates(p, s, 0, len, rank, sub, i, 0) < 0) return -1;
            /* "2023-05-16 11:18:30 铜梁网| 编辑:…": the word after the date and
             * before | is the source. */
            size_t a = d.end;
            while (a < len && s[a] == ' ') a++;
            size_t b = a;
            while (b < len && s[b] != '|' && s[b] != ' ' && s[b] != ':' &&
                   !(b + 3 <= len && !memcmp(s + b, "\xEF\xBD\x9C", 3)))
                b++;
            if (b < len && b > a && (s[b] == '|' || !memcmp(s + b, "\xEF\xBD\x9C", 3)))
                if (set_once(&m->source, s + a, b - a) < 0) return -1;
            /* 《PAPER》(date NN版) */
            const char *o = memmem(s, len, "\xE3\x80\x8A", 3), *c = o ? memmem(o, len - (size_t)(o - s), "\xE3\x80\x8B", 3) : NULL;
            if (o && c && memmem(s, len, "\xE7\x89\x88", 3))   /* 版 */
                if (set_once(&m->source, o + 3, (size_t)(c - o) - 3) < 0) return -1;
        }
    }
    (void)any_label;
    /* A URL alone on its line: the page's address. */
    if (!any_label && (len > 8 && (memcmp(s, "http://", 7) == 0 || memcmp(s, "https://", 8) == 0)))
        if (set_once(&m->url, s, len) < 0) return -1;
    return 0;
}

void meta_fields_free(meta_fields *m)
{
    free(m->author);
    free(m->source);
    free(m->url);
    memset(m, 0, sizeof *m);
}
