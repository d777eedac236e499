/* ingest.c — the bulletin text parser (contract in ingest.h, rules with their
 * examples in docs/ingest.md). Decoded text → lines → page furniture dropped
 * → blocks (runs of lines between blank lines) → segments (one paragraph or
 * headline each, hard wraps undone) → articles. Every pass is linear. */
#include "ingest/ingest.h"
#include "util/chars.h"
#include "util/dates.h"
#include "util/sbuf.h"
#include "ingest/textcodec.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

/* A headline is at most this many code points: the seed's longest is 48. */
#define HEADLINE_MAX_CPS 60
/* A running head is a short line: a bulletin's name, an issue, a date. */
#define RUNNING_HEAD_MAX_CPS 40
/* Lines longer than this are whole paragraphs, not printed lines. */
#define WRAP_MAX_CPS 100
/* Header lines (issue, issuer, date) sit among the first few segments. */
#define HEADER_MAX_SEGMENTS 8

/* LINE_META: a web page's furniture ("发布时间:… 来源:…", "【打印】【关闭】"). */
enum line_kind { LINE_BLANK, LINE_TEXT, LINE_PAGENUM, LINE_HEAD, LINE_META };

typedef struct line {
    const char *s;            /* trimmed text, inside the decoded buffer */
    size_t len;               /* bytes */
    size_t cps;               /* code points */
    unsigned char kind;       /* enum line_kind */
    unsigned char indented;   /* began with U+3000, a tab or two spaces */
    unsigned char page_before;/* a form feed came just before it */
    unsigned char punct;      /* holds sentence punctuation ,,。;;::??!! */
    unsigned char letter;     /* holds a CJK ideograph, kana, hangul or letter */
    unsigned char final;      /* ends a sentence (。!?… before closers) */
    unsigned char dangling;   /* ends with 、 or another mid-sentence mark */
    unsigned char bracketed;  /* wholly inside brackets: "(完)" */
} line;

typedef struct segment {
    size_t first, last;       /* indices into the content-line array */
    size_t cps;
    unsigned char headline;   /* headline-like */
    unsigned char final;
    unsigned char numbered;   /* starts like a section heading: 一、 (二) 3. */
    unsigned char byline;     /* starts like a byline: 本报记者, 通讯员, 来源 */
} segment;

typedef struct parser {
    line *lines;
    size_t nlines, caplines;
    size_t *content;          /* indices of LINE_TEXT lines, in order */
    unsigned char *brk;       /* per content line: a blank line, page break or furniture came before it */
    unsigned char *block_start;
    size_t ncontent;
    segment *segs;
    size_t nsegs, capsegs;
    ingest_bulletin *b;
    size_t capart;
} parser;

/* ---- characters ---------------------------------------------------------- */

/* The rules of this parser over the classes of util/chars.h. */

/* A line holding a pause or a sentence end is prose, not a heading (a
 * heading may trail off with an ellipsis: it is not counted). */
static int is_sentence_punct(uint32_t cp) { return chars_is(cp, CHARS_PAUSE | CHARS_STOP); }

/* Sentence-final marks: 。!?… and the Latin full stop (full-width too). */
static int is_final(uint32_t cp) { return chars_is(cp, CHARS_STOP | CHARS_ELLIPSIS | CHARS_PERIOD); }

/* Closing quotes and brackets may follow the final mark: 。” 。) */
static int is_closer(uint32_t cp) { return chars_is(cp, CHARS_CLOSING | CHARS_STRAIGHT_QUOTE); }

static int is_opener(uint32_t cp) { return chars_is(cp, CHARS_OPEN_BRACKET); }

/* Marks after which a sentence always goes on: 、,,;;:: and every
 * opening mark. */
static int is_dangling(uint32_t cp) { return chars_is(cp, CHARS_PAUSE | CHARS_ENUM_COMMA | CHARS_OPENING); }

static int is_letter(uint32_t cp)
{
    return chars_is(cp, CHARS_LATIN | CHARS_IDEOGRAPH | CHARS_KANA | CHARS_HANGUL);
}

#define digit_value chars_digit_value

static int is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\r' || c == '\n';
}

/* The code point that ends s[0..len) and where it starts. */
static uint32_t last_cp(const char *s, size_t len, size_t *start)
{
    size_t i = len;
    uint32_t cp;
    if (!len) { *start = 0; return 0; }
    i--;
    while (i > 0 && len - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    utf8_decode(s + i, len - i, &cp);
    *start = i;
    return cp;
}

/* ---- splitting and classifying lines -------------------------------------- */

/* Leading or trailing blanks of a line: ASCII spaces, U+3000 (the full-width
 * space of a paragraph indent "　　"), U+00A0 and a stray U+FEFF. Returns the
 * byte length of the blank at s, or 0. */
static size_t blank_at(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 1 && is_space_byte(u[0])) return 1;
    if (len >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return 3;
    if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0) return 2;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return 3;
    return 0;
}

static size_t blank_before(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 1 && is_space_byte(u[len - 1])) return 1;
    if (len >= 3 && u[len - 3] == 0xE3 && u[len - 2] == 0x80 && u[len - 1] == 0x80) return 3;
    if (len >= 2 && u[len - 2] == 0xC2 && u[len - 1] == 0xA0) return 2;
    if (len >= 3 && u[len - 3] == 0xEF && u[len - 2] == 0xBB && u[len - 1] == 0xBF) return 3;
    return 0;
}

/* Page numbers as PDFs print them: "— 3 —", "- 3 -", "-3-", "3", "第3页",
 * "第 3 页 共 12 页", "3/12", "Page 3", "Page 3 of 12". */
static int is_page_number(const char *s, size_t len)
{
    uint32_t cps[48];
    size_t n = 0, i = 0, pos = 0;
    while (pos < len) {
        uint32_t cp;
        if (n == sizeof cps / sizeof cps[0]) return 0;
        pos += utf8_decode(s + pos, len - pos, &cp);
        if (cp == ' ' || cp == '\t' || cp == 0x3000) continue;
        cps[n++] = cp;
    }
    if (n == 0) return 0;
#define IS_DASH(c) ((c) == '-' || (c) == 0x2014 || (c) == 0x2013 || (c) == 0x2015 || (c) == 0x2500 || \
                    (c) == 0xFF0D || (c) == '~' || (c) == 0xFF5E || (c) == 0x2212)
#define DIGITS(max) do { size_t d0 = i; while (i < n && digit_value(cps[i]) >= 0) i++; \
                         if (i == d0 || i - d0 > (max)) return 0; } while (0)
    if (cps[0] == 0x7B2C) {                 /* 第 3 页 [共 12 页] */
        i = 1; DIGITS(4);
        if (i >= n || cps[i] != 0x9875) return 0;
        i++;
        if (i < n && (cps[i] == '/' || cps[i] == ',' || cps[i] == 0xFF0C)) i++;
        if (i == n) return 1;
        if (cps[i] != 0x5171) return 0;    /* 共 */
        i++; DIGITS(4);
        return i + 1 == n && cps[i] == 0x9875;
    }
    if ((cps[0] | 0x20) == 'p') {           /* Page 3 [of 12] */
        static const char word[] = "page";
        for (i = 0; i < 4; i++) if (i >= n || (cps[i] | 0x20) != (uint32_t)word[i]) return 0;
        DIGITS(4);
        if (i == n) return 1;
        if (i + 2 < n && (cps[i] | 0x20) == 'o' && (cps[i + 1] | 0x20) == 'f') { i += 2; DIGITS(4); }
        return i == n;
    }
    size_t dashes_before = 0, dashes_after = 0;
    while (i < n && IS_DASH(cps[i])) { i++; dashes_before++; }
    size_t d0 = i;
    DIGITS(4);
    size_t ndigits = i - d0;
    if (i < n && cps[i] == '/') { i++; DIGITS(4); return i == n && !dashes_before; }   /* 3/12 */
    while (i < n && IS_DASH(cps[i])) { i++; dashes_after++; }
    if (i != n) return 0;
    /* A bare number is a page number only when short: "2023" may be content. */
    return dashes_before || dashes_after || ndigits <= 3;
#undef DIGITS
#undef IS_DASH
}

/* The furniture a web page puts around an article, copied with it: the
 * labels of its metadata line ("发布时间:2023-10-27 来源:重庆市总工会",
 * "[字号:大 中 小]") and its buttons ("【打印】【关闭】"). */
static const char *const web_labels[] = {
    "发布时间", "发布日期", "发布者", "来源", "信息来源", "文章来源", "作者", "编辑", "责任编辑", "审核",
    "浏览次数", "浏览量", "点击数", "点击量", "阅读数", "阅读量", "字号", "字体", "分享到"};
static const char *const web_buttons[] = {"打印", "关闭", "关闭窗口", "打印本页", "返回顶部", "收藏", "打印此页"};

static size_t skip_bracket(const char *s, size_t len, int open)
{
    if (open && len >= 3 && memcmp(s, "\xE3\x80\x90", 3) == 0) return 3;   /* 【 */
    if (!open && len >= 3 && memcmp(s, "\xE3\x80\x91", 3) == 0) return 3;  /* 】 */
    if (len >= 1 && s[0] == (open ? '[' : ']')) return 1;
    return 0;
}

static int is_web_meta(const char *s, size_t len)
{
    size_t pos = skip_bracket(s, len, 1), i;
    for (i = 0; i < sizeof web_labels / sizeof web_labels[0]; i++) {
        size_t n = strlen(web_labels[i]);
        if (len - pos > n && memcmp(s + pos, web_labels[i], n) == 0 &&
            (s[pos + n] == ':' || (len - pos - n >= 3 && memcmp(s + pos + n, "\xEF\xBC\x9A", 3) == 0)))   /* : or : */
            return 1;
    }
    /* Only buttons: 【打印】【关闭】, [打印本页] [关闭窗口] */
    int buttons = 0;
    pos = 0;
    while (pos < len) {
        while (pos < len && s[pos] == ' ') pos++;
        if (pos == len) break;
        size_t b = skip_bracket(s + pos, len - pos, 1);
        if (!b) return 0;
        pos += b;
        for (i = 0; i < sizeof web_buttons / sizeof web_buttons[0]; i++) {
            size_t n = strlen(web_buttons[i]);
            if (len - pos >= n && memcmp(s + pos, web_buttons[i], n) == 0 && skip_bracket(s + pos + n, len - pos - n, 0))
                break;
        }
        if (i == sizeof web_buttons / sizeof web_buttons[0]) return 0;
        pos += strlen(web_buttons[i]);
        pos += skip_bracket(s + pos, len - pos, 0);
        buttons++;
    }
    return buttons > 0;
}

static void line_classify(line *l)
{
    size_t pos = 0, end;
    uint32_t cp, first = 0;
    l->cps = 0;
    while (pos < l->len) {
        pos += utf8_decode_fast(l->s + pos, l->len - pos, &cp);
        if (!l->cps) first = cp;
        l->cps++;
        if (is_sentence_punct(cp)) l->punct = 1;
        if (!l->letter && is_letter(cp)) l->letter = 1;
    }
    if (!l->len) { l->kind = LINE_BLANK; return; }
    if (is_page_number(l->s, l->len)) { l->kind = LINE_PAGENUM; return; }
    if (is_web_meta(l->s, l->len)) { l->kind = LINE_META; return; }
    l->kind = LINE_TEXT;
    /* Sentence-final: 。 ! ? … possibly followed by closing quotes/brackets. */
    end = l->len;
    cp = last_cp(l->s, end, &pos);
    l->dangling = is_dangling(cp);
    if (is_opener(first) && chars_is(cp, CHARS_CLOSE_BRACKET)) l->bracketed = 1;
    while (end > 0 && is_closer(cp)) { end = pos; cp = last_cp(l->s, end, &pos); }
    l->final = end > 0 && is_final(cp);
    if (l->bracketed) l->final = 1;   /* "(完)", "(本报记者 王某)": a note that stands alone */
}

static int lines_push(parser *p, const char *s, size_t len, int page_before)
{
    if (VEC_RESERVE(p->lines, p->caplines, p->nlines + 1) != 0) return -1;
    line *l = &p->lines[p->nlines++];
    memset(l, 0, sizeof *l);
    size_t lead = 0, b, spaces = 0;
    while ((b = blank_at(s + lead, len - lead)) != 0) {
        if (s[lead] == '\t' || b == 3 || b == 2) l->indented = 1;   /* tab, U+3000, NBSP */
        if (s[lead] == ' ') spaces++;
        lead += b;
    }
    if (spaces >= 2) l->indented = 1;
    s += lead; len -= lead;
    while ((b = blank_before(s, len)) != 0) len -= b;
    l->s = s;
    l->len = len;
    l->page_before = (unsigned char)page_before;
    line_classify(l);
    return 0;
}

/* Splits at LF, CRLF, a lone CR, U+2028 or U+2029; a form feed (pdftotext's page separator)
 * also ends a line but makes no blank line of its own: it marks the next
 * line as the first of a page. */
static int split_lines(parser *p, const char *text, size_t len)
{
    size_t pos = 0;
    int page = 0;
    while (pos < len) {
        size_t end = pos;
        /* U+2028 and U+2029 (line and paragraph separators) come from web pages. */
        while (end < len && text[end] != '\n' && text[end] != '\r' && text[end] != '\f' &&
               !((unsigned char)text[end] == 0xE2 && end + 2 < len && (unsigned char)text[end + 1] == 0x80 &&
                 ((unsigned char)text[end + 2] == 0xA8 || (unsigned char)text[end + 2] == 0xA9)))
            end++;
        int ff = end < len && text[end] == '\f';
        int empty = 1;
        for (size_t k = pos; k < end; ) {
            size_t bl = blank_at(text + k, end - k);
            if (!bl) { empty = 0; break; }
            k += bl;
        }
        /* "\f— 2 —": the piece before the form feed is nothing, not a blank line. */
        if (!(empty && (ff || (pos > 0 && text[pos - 1] == '\f')))) {
            if (lines_push(p, text + pos, end - pos, page && !empty) < 0) return -1;
            if (!empty) page = 0;
        }
        if (ff) page = 1;
        if (end < len && text[end] == '\r' && end + 1 < len && text[end + 1] == '\n') end++;
        else if (end < len && (unsigned char)text[end] == 0xE2) end += 2;
        pos = end + 1;
    }
    return 0;
}

/* ---- running heads --------------------------------------------------------- */

static int line_headline_like(const line *l)
{
    return l->kind == LINE_TEXT && l->cps <= HEADLINE_MAX_CPS && !l->punct && l->letter &&
           !l->final && !l->dangling && !l->bracketed;
}

/* Running heads are compared with their ASCII digits masked, so that
 * "重庆工会信息 第3页" and "重庆工会信息 第4页" are the same head. */
static uint64_t hash_masked(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        h ^= (c >= '0' && c <= '9') ? '0' : c;
        h *= 1099511628211ull;
    }
    return h;
}

static int same_masked(const line *a, const line *b)
{
    if (a->len != b->len) return 0;
    for (size_t i = 0; i < a->len; i++) {
        unsigned char x = (unsigned char)a->s[i], y = (unsigned char)b->s[i];
        if (x != y && !(x >= '0' && x <= '9' && y >= '0' && y <= '9')) return 0;
    }
    return 1;
}

static size_t prev_nonblank(const parser *p, size_t i)
{
    while (i-- > 0) if (p->lines[i].kind != LINE_BLANK) return i;
    return (size_t)-1;
}

static size_t next_nonblank(const parser *p, size_t i)
{
    for (i++; i < p->nlines; i++) if (p->lines[i].kind != LINE_BLANK) return i;
    return (size_t)-1;
}

/* Whether occurrence i of a repeated short line sits where furniture sits:
 * next to a page break or page number, inside a paragraph that is still open,
 * or first in the text above another headline-like line (the masthead). */
static int in_furniture_position(const parser *p, size_t i)
{
    const line *L = p->lines;
    size_t prev = prev_nonblank(p, i), next = next_nonblank(p, i);
    if (L[i].page_before) return 1;
    if (prev != (size_t)-1 && L[prev].kind == LINE_PAGENUM) return 1;
    if (next != (size_t)-1 && (L[next].kind == LINE_PAGENUM || L[next].page_before)) return 1;
    while (prev != (size_t)-1 && L[prev].kind != LINE_TEXT) prev = prev_nonblank(p, prev);
    while (next != (size_t)-1 && L[next].kind != LINE_TEXT) next = next_nonblank(p, next);
    if (prev != (size_t)-1 && !line_headline_like(&L[prev]) && !L[prev].final) return 1;
    /* At the top of the text, over the header or the first title. Not
     * elsewhere: a title over its subtitle stands the same way. */
    if (prev == (size_t)-1 && (next == (size_t)-1 || line_headline_like(&L[next]))) return 1;
    return 0;
}

/* A short line that appears two or more times identically, but for its
 * digits, is a running head (the bulletin's name atop each page) wherever
 * it stands in a furniture position; an occurrence that opens an article of
 * its own is kept. */
static int drop_running_heads(parser *p, size_t *dropped)
{
    size_t ncand = 0, i;
    for (i = 0; i < p->nlines; i++)
        if (line_headline_like(&p->lines[i]) && p->lines[i].cps <= RUNNING_HEAD_MAX_CPS) ncand++;
    if (ncand < 2) return 0;
    size_t cap = 16;
    while (cap < ncand * 2) cap *= 2;
    size_t *slot_line = malloc(cap * sizeof *slot_line);   /* first line with this text */
    size_t *slot_count = calloc(cap, sizeof *slot_count);
    size_t *line_slot = malloc(p->nlines * sizeof *line_slot);
    if (!slot_line || !slot_count || !line_slot) {
        free(slot_line); free(slot_count); free(line_slot);
        return -1;
    }
    for (i = 0; i < p->nlines; i++) {
        line *l = &p->lines[i];
        line_slot[i] = (size_t)-1;
        if (!line_headline_like(l) || l->cps > RUNNING_HEAD_MAX_CPS) continue;
        size_t h = (size_t)hash_masked(l->s, l->len) & (cap - 1);
        while (slot_count[h]) {
            line *o = &p->lines[slot_line[h]];
            if (same_masked(o, l)) break;
            h = (h + 1) & (cap - 1);
        }
        if (!slot_count[h]) slot_line[h] = i;
        slot_count[h]++;
        line_slot[i] = h;
    }
    /* Decide on the positions first, then drop, so that one dropped head
     * does not change how its neighbour looks. */
    unsigned char *drop = calloc(p->nlines ? p->nlines : 1, 1);
    if (!drop) { free(slot_line); free(slot_count); free(line_slot); return -1; }
    for (i = 0; i < p->nlines; i++)
        if (line_slot[i] != (size_t)-1 && slot_count[line_slot[i]] >= 2 && in_furniture_position(p, i))
            drop[i] = 1;
    for (i = 0; i < p->nlines; i++)
        if (drop[i]) { p->lines[i].kind = LINE_HEAD; (*dropped)++; }
    free(drop);
    free(slot_line);
    free(slot_count);
    free(line_slot);
    return 0;
}

/* ---- blocks and segments ------------------------------------------------------ */

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static int is_cn_digit(uint32_t cp)
{
    static const uint32_t digits[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
                                      0x4E5D, 0x5341};   /* 一二三四五六七八九十 */
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++) if (digits[i] == cp) return 1;
    return 0;
}

/* A section heading inside an article starts with an enumerator, the way
 * GB/T 9704 numbers levels: "一、", "(一)", "(一)", "1.", "1、". */
static int starts_numbered(const char *s, size_t len)
{
    uint32_t cp[6];
    size_t n = 0, pos = 0, i = 0;
    while (pos < len && n < 6) pos += utf8_decode(s + pos, len - pos, &cp[n++]);
    int paren = n > 0 && (cp[0] == '(' || cp[0] == 0xFF08);
    if (paren) i++;
    size_t d0 = i;
    int cn = 0;
    while (i < n && i - d0 < 3 && (is_cn_digit(cp[i]) || digit_value(cp[i]) >= 0)) cn |= is_cn_digit(cp[i++]);
    if (i == d0 || i >= n) return 0;
    if (paren) return cp[i] == ')' || cp[i] == 0xFF09;
    return cp[i] == 0x3001 || (!cn && (cp[i] == '.' || cp[i] == 0xFF0E));
}

/* A byline under a title ("本报记者 王某 通讯员 李某") is not a subtitle. */
static int starts_byline(const char *s, size_t len)
{
    static const char *const words[] = {"本报记者", "记者", "本报通讯员", "通讯员", "本报讯", "文/", "文 /",
                                        "图/", "作者", "来源", "编辑", "责任编辑", "供稿", "撰稿", "摄影"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);
        if (len >= n && memcmp(s, words[i], n) == 0) return 1;
    }
    return 0;
}

static int segs_push(parser *p, size_t first, size_t last)
{
    if (VEC_RESERVE(p->segs, p->capsegs, p->nsegs + 1) != 0) return -1;
    segment *g = &p->segs[p->nsegs++];
    g->first = first;
    g->last = last;
    g->cps = 0;
    int punct = 0, letter = 0;
    for (size_t k = first; k <= last; k++) {
        const line *l = &p->lines[p->content[k]];
        g->cps += l->cps;
        punct |= l->punct;
        letter |= l->letter;
    }
    const line *tail = &p->lines[p->content[last]];
    g->final = tail->final;
    g->headline = g->cps <= HEADLINE_MAX_CPS && !punct && letter && !tail->final && !tail->dangling &&
                  !(first == last && tail->bracketed);
    const line *head = &p->lines[p->content[first]];
    g->numbered = (unsigned char)(g->headline && starts_numbered(head->s, head->len));
    g->byline = (unsigned char)(g->headline && starts_byline(head->s, head->len));
    return 0;
}

/* Cuts block content[a..b) into segments, undoing hard wraps. In a block of
 * printed lines (as pdftotext gives them) a line ends its paragraph when the
 * next one is indented, or when it is clearly shorter than the block's usual
 * line and either ends a sentence or ends a headline. Justified Chinese
 * lines are all the same length, so "clearly shorter" is "shorter than the
 * most common length"; ragged (Latin) lines must be under 80% of it. A block
 * whose lines are whole paragraphs (web copy) has every line "short". */
static int segment_block(parser *p, size_t a, size_t b, size_t *scratch)
{
    size_t n = b - a, k;
    if (n == 1) return segs_push(p, a, a);
    size_t indented = 0, finals = 0;
    for (k = 0; k < n; k++) {
        const line *l = &p->lines[p->content[a + k]];
        scratch[k] = l->cps;
        indented += l->indented;
        finals += l->final;
    }
    qsort(scratch, n, sizeof *scratch, cmp_size);
    size_t mode = scratch[0], mode_count = 0, run = 0;
    for (k = 0; k < n; k++) {
        run = (k > 0 && scratch[k] == scratch[k - 1]) ? run + 1 : 1;
        if (run >= mode_count) { mode_count = run; mode = scratch[k]; }   /* ties: the longer */
    }
    int justified = mode_count * 2 >= n;
    size_t usual = justified ? mode : scratch[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1];
    int wrapped = usual <= WRAP_MAX_CPS && finals * 10 < n * 7;
    int indent_marks = indented > 0 && indented < n;
    size_t start = a, seg_cps = 0;
    int seg_punct = 0;
    for (k = a; k < b; k++) {
        const line *l = &p->lines[p->content[k]];
        seg_cps += l->cps;
        seg_punct |= l->punct;
        int is_short = !wrapped || (justified ? l->cps < usual : l->cps * 5 < usual * 4);
        /* A headline ends on a line shorter than a paragraph's first line,
         * which may have lost its two-character indent ("　　") to the
         * text extractor. */
        int is_short_headline = !wrapped || (justified ? l->cps + 2 < usual : l->cps * 5 < usual * 4);
        int headline_so_far = seg_cps <= HEADLINE_MAX_CPS && !seg_punct && !l->final && !l->dangling;
        /* A full line that ends a sentence, before a line two characters
         * short that does not: the next paragraph's first line, its indent
         * "　　" (GB/T 9704: two characters) dropped by the extractor. */
        const line *next = k + 1 < b ? &p->lines[p->content[k + 1]] : NULL;
        int lost_indent = wrapped && justified && l->final && next && next->cps + 2 == usual && !next->final;
        int end = k + 1 == b || lost_indent ||
                  (indent_marks && p->lines[p->content[k + 1]].indented) ||
                  (is_short && l->final) || (is_short_headline && headline_so_far) ||
                  (!wrapped && p->lines[p->content[k + 1]].indented);
        if (!wrapped && k + 1 < b) p->brk[k + 1] = 1;   /* a line break mid-sentence is a break */
        if (end) {
            if (segs_push(p, start, k) < 0) return -1;
            start = k + 1;
            seg_cps = 0;
            seg_punct = 0;
        }
    }
    return 0;
}

static int build_segments(parser *p, size_t *furniture)
{
    size_t i, k;
    p->content = malloc((p->nlines ? p->nlines : 1) * sizeof *p->content);
    p->brk = calloc(p->nlines ? p->nlines : 1, 1);
    p->block_start = calloc(p->nlines ? p->nlines : 1, 1);
    if (!p->content || !p->brk || !p->block_start) return -1;
    int blank = 1, brk = 0;
    for (i = 0; i < p->nlines; i++) {
        line *l = &p->lines[i];
        if (l->kind == LINE_BLANK) { blank = 1; brk = 1; continue; }
        if (l->kind == LINE_PAGENUM || l->kind == LINE_HEAD || l->kind == LINE_META) {
            if (l->kind != LINE_HEAD) (*furniture)++;   /* heads were counted when found */
            brk = 1;
            continue;
        }
        if (l->page_before) brk = 1;
        p->block_start[p->ncontent] = (unsigned char)blank;
        p->brk[p->ncontent] = (unsigned char)(brk && p->ncontent > 0);
        p->content[p->ncontent++] = i;
        blank = 0;
        brk = 0;
    }
    size_t *scratch = malloc((p->ncontent ? p->ncontent : 1) * sizeof *scratch);
    if (!scratch) return -1;
    for (i = 0; i < p->ncontent; i = k) {
        for (k = i + 1; k < p->ncontent && !p->block_start[k]; k++) {}
        if (segment_block(p, i, k, scratch) < 0) { free(scratch); return -1; }
    }
    free(scratch);
    return 0;
}

/* ---- text of segments ------------------------------------------------------- */

static int is_ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Joins a line onto text: Chinese joins without a space, two Latin words or
 * numbers with one ("hard-" "wrapped" stays "hard-wrapped"). A number
 * wedged between Chinese on both sides is one number cut by the wrap
 * ("暨2023年第2" "5次党组" → "第25次"), and joins without one. */
static void join_text(sbuf *out, const char *s, size_t len)
{
    if (out->len && len && is_ascii_alnum(out->data[out->len - 1]) && is_ascii_alnum(s[0])) {
        size_t a = out->len, b = 0;
        while (a > 0 && out->data[a - 1] >= '0' && out->data[a - 1] <= '9') a--;
        while (b < len && s[b] >= '0' && s[b] <= '9') b++;
        size_t at;
        uint32_t before = a > 0 ? last_cp(out->data, a, &at) : 0, after = 0;
        if (b < len) utf8_decode(s + b, len - b, &after);
        int cjk_before = before >= 0x2E80, cjk_after = after >= 0x2E80;   /* CJK radicals onwards */
        if (!(cjk_before && cjk_after)) sbuf_putc(out, ' ');
    }
    sbuf_append(out, s, len);
}

static void segment_text(const parser *p, const segment *g, sbuf *out, size_t *joins)
{
    for (size_t k = g->first; k <= g->last; k++) {
        const line *l = &p->lines[p->content[k]];
        if (k > g->first && p->brk[k] && joins) (*joins)++;
        join_text(out, l->s, l->len);
    }
}

static char *segment_string(const parser *p, const segment *g)
{
    sbuf b = SBUF_INIT;
    segment_text(p, g, &b, NULL);
    if (sbuf_failed(&b)) { sbuf_free(&b); return NULL; }
    return sbuf_detach(&b);
}

/* ---- dates ------------------------------------------------------------------ */

/* A calendar date a bulletin can carry: 1900 to 2099 (other numbers that
 * look like dates are not its date). */
static int valid_ymd(int y, int m, int d)
{
    return y >= 1900 && y <= 2099 && dates_valid(y, m, d);
}

/* 〇零一二三四五六七八九 → 0-9, else -1. */
static int cn_digit_value(uint32_t cp)
{
    static const uint32_t digits[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
                                      0x516B, 0x4E5D};
    if (cp == 0x96F6 || cp == 0x25CB || cp == 0x039F || cp == 'O') return 0;   /* 零, and the look-alikes of 〇 */
    for (int i = 0; i < 10; i++) if (digits[i] == cp) return i;
    return -1;
}

/* A number from 1 to 39 in Chinese numerals at cps[*k]: 九, 十, 十二, 二十七,
 * 三十一. Advances *k; -1 when there is none. */
static int cn_small_number(const uint32_t *cps, size_t n, size_t *k)
{
    size_t i = *k;
    int tens = 0, units = 0;
    if (i < n && cn_digit_value(cps[i]) > 0 && i + 1 < n && cps[i + 1] == 0x5341) {   /* 二十… */
        tens = cn_digit_value(cps[i]);
        i += 2;
    } else if (i < n && cps[i] == 0x5341) {   /* 十… */
        tens = 1;
        i++;
    }
    if (i < n && cn_digit_value(cps[i]) > 0) units = cn_digit_value(cps[i++]);
    if (i == *k || tens > 3) return -1;
    *k = i;
    return tens * 10 + units;
}

/* Finds the first date in s[0..len): 2023年10月27日, 2023-10-27, 2023_10_27,
 * 2023.10.27, 2023/10/27, 二〇二三年十月二十七日, and with compact set
 * 20231027. ASCII or full-width digits. Writes "YYYY-MM-DD" into out[11]; 1 if found. */
static int find_date(const char *s, size_t len, int compact, char out[11])
{
    uint32_t cps[256];
    size_t n = 0, pos = 0, i;
    int num[3], f;
    while (pos < len && n < sizeof cps / sizeof cps[0]) pos += utf8_decode(s + pos, len - pos, &cps[n++]);
    for (i = 0; i + 4 <= n; i++) {
        if (i > 0 && digit_value(cps[i - 1]) >= 0) continue;
        size_t k = i;
        num[0] = num[1] = num[2] = 0;
        while (k < n && k - i < 4 && digit_value(cps[k]) >= 0) num[0] = num[0] * 10 + digit_value(cps[k++]);
        if (k - i != 4) continue;
        if (compact && k + 4 <= n && digit_value(cps[k]) >= 0) {
            size_t j = k;
            while (j < n && j - k < 4 && digit_value(cps[j]) >= 0) j++;
            if (j - k == 4 && !(j < n && digit_value(cps[j]) >= 0)) {
                num[1] = digit_value(cps[k]) * 10 + digit_value(cps[k + 1]);
                num[2] = digit_value(cps[k + 2]) * 10 + digit_value(cps[k + 3]);
                if (valid_ymd(num[0], num[1], num[2])) goto found;
            }
            continue;
        }
        if (k >= n) continue;
        uint32_t sep = cps[k];
        int cjk = sep == 0x5E74;   /* 年 */
        if (!cjk && sep != '-' && sep != '_' && sep != '.' && sep != '/') continue;
        k++;
        for (f = 1; f <= 2; f++) {
            size_t d0 = k;
            while (k < n && k - d0 < 2 && digit_value(cps[k]) >= 0) num[f] = num[f] * 10 + digit_value(cps[k++]);
            if (k == d0 || (k < n && digit_value(cps[k]) >= 0)) break;
            if (f == 1) {
                if (k >= n || cps[k] != (cjk ? 0x6708u : sep)) break;   /* 月 or the same separator */
                k++;
            }
        }
        if (f <= 2) continue;
        if (valid_ymd(num[0], num[1], num[2])) goto found;
    }
    /* Dates in Chinese numerals, as older official documents print them:
     * 二〇二三年十月二十七日. */
    for (i = 0; i + 4 < n; i++) {
        size_t k = i;
        num[0] = 0;
        while (k < n && k - i < 4 && cn_digit_value(cps[k]) >= 0) num[0] = num[0] * 10 + cn_digit_value(cps[k++]);
        if (k - i != 4 || (i > 0 && cn_digit_value(cps[i - 1]) >= 0) || k >= n || cps[k] != 0x5E74) continue;
        k++;
        num[1] = cn_small_number(cps, n, &k);
        if (num[1] < 0 || k >= n || cps[k] != 0x6708) continue;   /* 月 */
        k++;
        num[2] = cn_small_number(cps, n, &k);
        if (num[2] < 0 || k >= n || (cps[k] != 0x65E5 && cps[k] != 0x53F7)) continue;   /* 日 or 号 */
        if (valid_ymd(num[0], num[1], num[2])) goto found;
    }
    return 0;
found:
    out[0] = (char)('0' + num[0] / 1000); out[1] = (char)('0' + num[0] / 100 % 10);
    out[2] = (char)('0' + num[0] / 10 % 10); out[3] = (char)('0' + num[0] % 10);
    out[4] = '-'; out[5] = (char)('0' + num[1] / 10); out[6] = (char)('0' + num[1] % 10);
    out[7] = '-'; out[8] = (char)('0' + num[2] / 10); out[9] = (char)('0' + num[2] % 10);
    out[10] = '\0';
    return 1;
}

static int is_cn_numeral(uint32_t cp)
{
    static const uint32_t digits[] = {0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                      0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E};   /* 〇零一二三四五六七八九十百 */
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++) if (digits[i] == cp) return 1;
    return 0;
}

/* A header line of a bulletin: its date, its issue ("第42期", "总第123期")
 * or who prints it ("主办", "编印", "内部资料"). */
static int is_header_line(const char *s, size_t len)
{
    char date[11];
    if (find_date(s, len, 0, date)) return 1;
    if (strstr(s, "\xE4\xB8\xBB\xE5\x8A\x9E") || strstr(s, "\xE7\xBC\x96\xE5\x8D\xB0") ||   /* 主办 编印 */
        strstr(s, "\xE5\x86\x85\xE9\x83\xA8\xE8\xB5\x84\xE6\x96\x99"))                        /* 内部资料 */
        return 1;
    /* 第 … 期 with digits or Chinese numerals between: 第42期, 第四十二期. */
    size_t pos = 0;
    while (pos < len) {
        uint32_t cp;
        pos += utf8_decode(s + pos, len - pos, &cp);
        if (cp != 0x7B2C) continue;   /* 第 */
        size_t k = pos, count = 0;
        while (k < len && count < 8) {
            k += utf8_decode(s + k, len - k, &cp);
            if (cp == 0x671F) { if (count) return 1; break; }   /* 期 */
            if (!(digit_value(cp) >= 0 || cp == ' ' || is_cn_numeral(cp))) break;
            count++;
        }
    }
    return 0;
}

static int has_sentence_punct(const char *s)
{
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        uint32_t cp;
        pos += utf8_decode_fast(s + pos, len - pos, &cp);
        if (is_sentence_punct(cp)) return 1;
    }
    return 0;
}

/* "主办:", "编印:", "发布时间:", "日期:", "来源:" (either colon): the labels
 * of a bulletin's or a web page's header. */
static int is_header_label(const char *s)
{
    static const char *const labels[] = {"主办", "编印", "承办", "发布时间", "发布日期", "日期", "时间", "来源",
                                         "期号"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t n = strlen(labels[i]);
        if (strncmp(s, labels[i], n) == 0 &&
            (s[n] == ':' || strncmp(s + n, "\xEF\xBC\x9A", 3) == 0 || s[n] == ' '))   /* : or : */
            return 1;
    }
    return 0;
}

/* ---- articles ----------------------------------------------------------------- */

static ingest_article *article_new(parser *p)
{
    ingest_bulletin *b = p->b;
    if (VEC_RESERVE(b->articles, p->capart, b->article_count + 1) != 0) return NULL;
    ingest_article *a = &b->articles[b->article_count++];
    memset(a, 0, sizeof *a);
    return a;
}

static int article_add_para(ingest_article *a, size_t *cap, char *text)
{
    if (VEC_RESERVE(a->paragraphs, *cap, a->paragraph_count + 1) != 0) return -1;
    a->paragraphs[a->paragraph_count++] = text;
    return 0;
}

/* The title of an article that has no headline: its first clause, at most
 * 30 characters ("本周要闻", if nothing else). */
static char *derived_title(const char *para)
{
    size_t pos = 0, len = strlen(para), cps = 0;
    uint32_t cp;
    while (pos < len && cps < 30) {
        size_t n = utf8_decode(para + pos, len - pos, &cp);
        if (is_sentence_punct(cp) || is_final(cp)) break;
        pos += n;
        cps++;
    }
    char *t = malloc(pos + 1);
    if (!t) return NULL;
    memcpy(t, para, pos);
    t[pos] = '\0';
    return t;
}

static int assemble(parser *p, size_t first_seg)
{
    ingest_bulletin *b = p->b;
    ingest_article *art = NULL;
    size_t paracap = 0, i = first_seg, j, k;
    sbuf para = SBUF_INIT;
    int open = 0;          /* para holds a paragraph not yet stored */
    int unfinished = 0;    /* ... and it does not end a sentence */

#define FLUSH() do { if (open) { char *t_ = sbuf_detach(&para); \
        if (!t_ || article_add_para(art, &paracap, t_) < 0) { free(t_); goto nomem; } open = 0; } } while (0)
#define NEW_ARTICLE() do { FLUSH(); art = article_new(p); if (!art) goto nomem; paracap = 0; } while (0)

    while (i < p->nsegs) {
        segment *g = &p->segs[i];
        if (open && unfinished) {
            /* A paragraph that stops mid-sentence goes on in the next block
             * (a page or column break), even when that looks like a headline. */
            b->joined_breaks++;
            segment_text(p, g, &para, &b->joined_breaks);
            if (sbuf_failed(&para)) goto nomem;
            unfinished = !g->final;
            i++;
            continue;
        }
        if (g->headline && !(art && (g->numbered || g->byline))) {
            for (j = i + 1; j < p->nsegs && p->segs[j].headline && !p->segs[j].numbered && !p->segs[j].byline; j++) {}
            FLUSH();
            size_t start = i;
            if (art) {
                /* A signature that ends with a date ("重庆市总工会" "2023年10月27日")
                 * closes the article before; it does not open the next one. */
                for (k = i; k + 1 < j; k++) {
                    char *t = segment_string(p, &p->segs[k]);
                    char date[11];
                    if (!t) goto nomem;
                    int dated = find_date(t, strlen(t), 0, date) && p->segs[k].cps <= 16;
                    free(t);
                    if (dated) start = k + 1;
                }
                if (j == p->nsegs) start = j;   /* trailing lines with nothing after */
                for (k = i; k < start; k++) {
                    char *t = segment_string(p, &p->segs[k]);
                    if (!t || article_add_para(art, &paracap, t) < 0) { free(t); goto nomem; }
                }
            }
            if (start < j) {
                NEW_ARTICLE();
                art->title = segment_string(p, &p->segs[start]);
                if (!art->title) goto nomem;
                if (start + 1 < j) {
                    art->subtitle = segment_string(p, &p->segs[start + 1]);
                    if (!art->subtitle) goto nomem;
                }
                for (k = start + 2; k < j; k++) {
                    char *t = segment_string(p, &p->segs[k]);
                    if (!t || article_add_para(art, &paracap, t) < 0) { free(t); goto nomem; }
                }
            }
            i = j;
            continue;
        }
        FLUSH();
        if (!art) {
            /* Body text before any headline: an article titled by its first clause. */
            char *t = segment_string(p, g);
            if (!t) goto nomem;
            NEW_ARTICLE();
            art->title = derived_title(t);
            free(t);
            if (!art->title) goto nomem;
        }
        segment_text(p, g, &para, &b->joined_breaks);
        if (sbuf_failed(&para)) goto nomem;
        open = 1;
        /* A section heading ("一、提高政治站位") or a byline is a paragraph of its own. */
        unfinished = !g->final && !g->headline;
        i++;
    }
    FLUSH();
    sbuf_free(&para);
    return 0;
nomem:
    sbuf_free(&para);
    return -1;
#undef FLUSH
#undef NEW_ARTICLE
}

/* ---- the entry points ----------------------------------------------------------- */

void ingest_bulletin_destroy(ingest_bulletin *bulletin)
{
    if (!bulletin) return;
    for (size_t i = 0; i < bulletin->article_count; i++) {
        ingest_article *a = &bulletin->articles[i];
        free(a->title);
        free(a->subtitle);
        for (size_t k = 0; k < a->paragraph_count; k++) free(a->paragraphs[k]);
        free(a->paragraphs);
    }
    free(bulletin->articles);
    free(bulletin->issued_on);
    free(bulletin);
}

static void parser_free(parser *p)
{
    free(p->lines);
    free(p->content);
    free(p->brk);
    free(p->block_start);
    free(p->segs);
}

static int parse_option_date(const char *s, char out[11])
{
    long day;
    int y, m, d;
    if (dates_parse(s, &day) != 0) return 0;
    dates_civil(day, &y, &m, &d);
    if (!valid_ymd(y, m, d)) return 0;
    dates_format(day, out);
    return 1;
}

int ingest_parse(const unsigned char *bytes, size_t len, const ingest_options *options,
                 ingest_bulletin **out, char *err, size_t errlen)
{
    ingest_options none = {INGEST_ENCODING_AUTO, NULL, NULL, 0};
    parser p;
    char date[11] = "";
    const char *date_source = NULL;
    char *text = NULL;
    size_t textlen = 0, i;
    int rc;

    *out = NULL;
    if (!options) options = &none;
    if (!bytes) len = 0;
    if (options->date) {
        if (!parse_option_date(options->date, date)) {
            SET_ERR("bad date \"%s\": expected a calendar date YYYY-MM-DD", options->date);
            return INGEST_BAD_DATE;
        }
        date_source = "option";
    } else if (options->filename) {
        const char *base = strrchr(options->filename, '/');
        base = base ? base + 1 : options->filename;
        if (find_date(base, strlen(base), 1, date)) date_source = "filename";
    }

    textcodec_encoding enc = options->encoding == INGEST_ENCODING_UTF8 ? TEXTCODEC_UTF8 :
                             options->encoding == INGEST_ENCODING_GB18030 ? TEXTCODEC_GB18030 : TEXTCODEC_AUTO;
    const char *enc_name = NULL;
    rc = textcodec_decode(bytes ? bytes : (const unsigned char *)"", len, enc, &text, &textlen, &enc_name,
                          err, errlen);
    if (rc == TEXTCODEC_BINARY) return INGEST_BINARY;
    if (rc == TEXTCODEC_INVALID) return INGEST_UNDECODABLE;
    if (rc != TEXTCODEC_OK) { SET_ERR("out of memory"); return INGEST_NOMEM; }

    memset(&p, 0, sizeof p);
    p.b = calloc(1, sizeof *p.b);
    if (!p.b) goto nomem;
    p.b->encoding = enc_name;
    if (!options->skip_sha256) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int mdlen = 0;
        if (!EVP_Digest(bytes ? bytes : (const unsigned char *)"", len, md, &mdlen, EVP_sha256(), NULL) ||
            mdlen != 32)
            goto nomem;
        static const char hex[] = "0123456789abcdef";   /* snprintf per byte cost 2 % of an ingest */
        for (i = 0; i < 32; i++) {
            p.b->sha256[2 * i] = hex[md[i] >> 4];
            p.b->sha256[2 * i + 1] = hex[md[i] & 0x0F];
        }
        p.b->sha256[64] = '\0';
    }

    if (split_lines(&p, text, textlen) < 0) goto nomem;
    size_t heads = 0;
    if (drop_running_heads(&p, &heads) < 0) goto nomem;
    p.b->furniture_lines = heads;
    if (build_segments(&p, &p.b->furniture_lines) < 0) goto nomem;
    if (p.nsegs == 0) {
        SET_ERR(p.nlines && p.b->furniture_lines ? "no text besides page numbers and running heads" : "no text");
        rc = INGEST_EMPTY;
        goto fail;
    }

    /* The header: the first few short segments up to the last one that
     * carries a date, an issue number or a masthead; none is an article.
     * A header line is a label ("主办:重庆市总工会") or has no sentence
     * punctuation; a sentence ("2023年10月27日,市总工会召开会议") ends the
     * search. */
    size_t header_end = 0;
    for (i = 0; i < p.nsegs && i < HEADER_MAX_SEGMENTS && p.segs[i].cps <= HEADLINE_MAX_CPS; i++) {
        char *t = segment_string(&p, &p.segs[i]);
        if (!t) goto nomem;
        if (!p.segs[i].headline && !is_header_label(t) && (p.segs[i].final || has_sentence_punct(t))) {
            free(t);
            break;
        }
        if (is_header_line(t, strlen(t))) {
            header_end = i + 1;
            if (!date_source && find_date(t, strlen(t), 0, date)) date_source = "text";
        }
        free(t);
    }
    /* Else the publication date of a web page ("发布时间:2023-10-27 09:30"). */
    for (i = 0; !date_source && i < p.nlines; i++)
        if (p.lines[i].kind == LINE_META && find_date(p.lines[i].s, p.lines[i].len, 0, date)) date_source = "text";
    if (assemble(&p, header_end) < 0) goto nomem;
    size_t paragraphs = 0;
    for (i = 0; i < p.b->article_count; i++) paragraphs += p.b->articles[i].paragraph_count;
    if (paragraphs == 0) {
        SET_ERR(p.b->article_count ? "no article: only headline-like lines, no paragraph" : "no article in the text");
        rc = INGEST_EMPTY;
        goto fail;
    }
    if (date_source) {
        p.b->issued_on = strdup(date);
        if (!p.b->issued_on) goto nomem;
        p.b->date_source = date_source;
    }
    parser_free(&p);
    free(text);
    *out = p.b;
    return INGEST_OK;
nomem:
    SET_ERR("out of memory");
    rc = INGEST_NOMEM;
fail:
    ingest_bulletin_destroy(p.b);
    parser_free(&p);
    free(text);
    return rc;
}
