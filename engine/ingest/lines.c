/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lines.c — text into lines, and what each line is made of: trimmed text,
 * length, indent, punctuation, whether it ends a sentence or looks like a
 * headline; then the furniture that shows by repetition or by shape alone:
 * page numbers, running heads, a document site's watermark
 * (ingest_internal.h; rules with their examples in docs/ingest.md). */
#include "ingest/ingest_internal.h"
#include "util/chars.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

/* A running head is a short line: a bulletin's name, an issue, a date. */
#define RUNNING_HEAD_MAX_CPS 40
/* Distinct watermarks cut off other lines, at most. */
#define MAX_WATERMARKS 4

/* ---- characters ---------------------------------------------------------- */

/* The rules of the parser over util/chars.h's classes (one table of
 * character classes for all of brief). */

int lines_is_sentence_punct(uint32_t cp) { return chars_is(cp, CHARS_PAUSE | CHARS_STOP); }

/* Sentence-final marks: 。!?… and the Latin full stop (full-width too). */
int lines_is_final(uint32_t cp) { return chars_is(cp, CHARS_STOP | CHARS_ELLIPSIS | CHARS_PERIOD); }

/* Closing quotes and brackets may follow the final mark: 。” 。) */
int lines_is_closer(uint32_t cp) { return chars_is(cp, CHARS_CLOSING | CHARS_STRAIGHT_QUOTE); }

int lines_is_opener(uint32_t cp) { return chars_is(cp, CHARS_OPEN_BRACKET); }

/* Marks after which a sentence always goes on: 、,,;;::“「《( */
static int is_dangling(uint32_t cp) { return chars_is(cp, CHARS_PAUSE | CHARS_ENUM_COMMA | CHARS_OPENING); }

int lines_is_cjk(uint32_t cp) { return chars_is(cp, CHARS_IDEOGRAPH); }

static int is_letter(uint32_t cp) { return chars_is(cp, CHARS_LATIN | CHARS_IDEOGRAPH | CHARS_KANA | CHARS_HANGUL); }

int lines_digit_value(uint32_t cp) { return chars_digit_value(cp); }

/* A blank inside a line: a space, a tab, the ideographic space, a no-break
 * space (and the zero-width ones). */
int lines_is_blank(uint32_t cp) { return cp != '\n' && cp != '\r' && chars_is(cp, CHARS_SPACE); }

static int is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\r' || c == '\n';
}

uint32_t lines_last_cp(const char *s, size_t len, size_t *start)
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

/* ---- splitting ------------------------------------------------------------- */

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

int lines_split(const char *text, size_t len, ingest_line **out, size_t *count)
{
    size_t pos = 0, n = 0, cap = 0, lineno = 1;
    ingest_line *v = NULL;
    int page = 0;
    *out = NULL;
    *count = 0;
    while (pos < len) {
        size_t end = pos;
        /* U+2028 and U+2029 (line and paragraph separators) come from web
         * pages. One test per byte for the rest: below 0x0E or E2. */
        while (end < len) {
            unsigned char c = (unsigned char)text[end];
            if (c < 0x0E ? (c == '\n' || c == '\r' || c == '\f')
                         : (c == 0xE2 && end + 2 < len && (unsigned char)text[end + 1] == 0x80 &&
                            ((unsigned char)text[end + 2] == 0xA8 || (unsigned char)text[end + 2] == 0xA9)))
                break;
            end++;
        }
        int ff = end < len && text[end] == '\f';
        int empty = 1;
        for (size_t k = pos; k < end; ) {
            size_t bl = blank_at(text + k, end - k);
            if (!bl) { empty = 0; break; }
            k += bl;
        }
        /* "\f— 2 —": the piece before the form feed is nothing, not a blank line. */
        if (!(empty && (ff || (pos > 0 && text[pos - 1] == '\f')))) {
            if (VEC_RESERVE(v, cap, n + 1) != 0) { free(v); return -1; }
            ingest_line *l = &v[n++];
            memset(l, 0, sizeof *l);
            l->text = text + pos;
            l->len = end - pos;
            l->lineno = lineno;
            l->page_break_before = page && !empty;
            l->page_y = -1;
            if (!empty) page = 0;
        }
        if (ff) page = 1;
        /* Lines are counted as textcodec counts them: LF, CRLF, a lone CR
         * (and here U+2028/2029); a form feed does not end a counted line. */
        if (end < len && text[end] != '\f') lineno++;
        if (end < len && text[end] == '\r' && end + 1 < len && text[end + 1] == '\n') end++;
        else if (end < len && (unsigned char)text[end] == 0xE2) end += 2;
        pos = end + 1;
    }
    *out = v;
    *count = n;
    return 0;
}

/* ---- one line's features ----------------------------------------------------- */

void lines_measure(pline *l)
{
    size_t pos = 0, end, npunct = 0;
    uint32_t cp, first = 0;
    l->cps = 0;
    l->punct = l->colons = l->letter = l->final = l->dangling = l->colon_end = l->bracketed = 0;
    l->headlike = 0;
    while (pos < l->len) {
        pos += utf8_decode_fast(l->s + pos, l->len - pos, &cp);
        if (!l->cps) first = cp;
        l->cps++;
        if (lines_is_sentence_punct(cp)) {
            npunct++;
            if (cp == ':' || cp == 0xFF1A) l->colons++;
        }
        if (!l->letter && is_letter(cp)) l->letter = 1;
    }
    l->punct = npunct > 0;
    l->blank = l->len == 0;
    l->first_cp = first;
    if (!l->len) { l->last_cp = 0; return; }
    end = l->len;
    cp = lines_last_cp(l->s, end, &pos);
    l->last_cp = cp;
    l->dangling = (unsigned char)is_dangling(cp);
    l->colon_end = cp == ':' || cp == 0xFF1A;
    if (lines_is_opener(first) && (cp == 0xFF09 || cp == ')' || cp == 0x3011 || cp == 0x3015 || cp == 0x3017 ||
                                   cp == 0xFF3D || cp == ']'))
        l->bracketed = 1;
    while (end > 0 && lines_is_closer(cp)) { end = pos; cp = lines_last_cp(l->s, end, &pos); }
    l->final = end > 0 && lines_is_final(cp);
    if (l->bracketed) l->final = 1;   /* "(完)", "(本报记者 王某)": a note that stands alone */
    /* Headline-like: short, a letter, no sentence punctuation, except one
     * colon inside ("长寿区:基层工会组织突破1200个", a title's "X:Y"). */
    l->headlike = l->cps <= HEADLINE_MAX_CPS && l->letter && !l->final && !l->dangling && !l->bracketed &&
                  (npunct == 0 || (npunct == 1 && l->colons == 1));
    /* What a structured reader saw decides over the words: a line set as a
     * headline (a PDF's larger size, <h1>) is headline-like with a comma or
     * an exclamation inside, up to twice the usual length, but not when it
     * ends with a full stop; a paragraph it saw wrap over several lines
     * (heading_level -1) never is. */
    if (l->in && l->in->heading_level > 0 && l->letter && l->cps <= 2 * HEADLINE_MAX_CPS && !l->dangling &&
        cp != 0x3002 && cp != '.' && cp != 0xFF0E)
        l->headlike = 1;
    else if (l->in && l->in->heading_level < 0)
        l->headlike = 0;
}

int lines_load(parser *p, const ingest_line *in, size_t count)
{
    p->lines = calloc(count ? count : 1, sizeof *p->lines);
    if (!p->lines) return -1;
    p->caplines = count;
    for (size_t i = 0; i < count; i++) {
        pline *l = &p->lines[i];
        const char *s = in[i].text ? in[i].text : "";
        size_t len = in[i].text ? in[i].len : 0, lead = 0, b, spaces = 0;
        while ((b = blank_at(s + lead, len - lead)) != 0) {
            if (s[lead] == '\t' || b == 3 || b == 2) l->indented = 1;   /* tab, U+3000, NBSP */
            if (s[lead] == ' ') spaces++;
            lead += b;
        }
        if (spaces >= 2) l->indented = 1;
        s += lead;
        len -= lead;
        while ((b = blank_before(s, len)) != 0) len -= b;
        l->s = s;
        l->len = len;
        l->in = &in[i];
        l->lineno = in[i].lineno;
        l->page_before = (unsigned char)(in[i].page_break_before != 0);
        l->seg = -1;
        lines_measure(l);
        l->role = l->blank ? INGEST_ROLE_BLANK : INGEST_ROLE_TEXT;
        l->rule = l->blank ? "blank" : "text";
        if (!l->blank && in[i].furniture) {   /* a reader saw it at a page's furniture place */
            l->role = INGEST_ROLE_FURNITURE;
            l->rule = in[i].furniture;
        }
    }
    p->nlines = count;
    return 0;
}

/* ---- page numbers ----------------------------------------------------------------- */

int lines_is_page_number(const char *s, size_t len)
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
                    (c) == 0xFF0D || (c) == '~' || (c) == 0xFF5E || (c) == 0x2212 || (c) == 0xB7 || (c) == 0x30FB)
#define DIGITS(max) do { size_t d0 = i; while (i < n && lines_digit_value(cps[i]) >= 0) i++; \
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
    if (cps[0] == '/') {                    /* "/ 1": a page counter left by a viewer */
        i = 1; DIGITS(4);
        return i == n;
    }
    size_t dashes_before = 0, dashes_after = 0;
    /* — 3 —, - 3 -, ·14· (a periodical's middle dots) */
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

/* ---- running heads and watermarks --------------------------------------------- */

static int headlike_text(const pline *l)
{
    return l->role == INGEST_ROLE_TEXT && l->headlike && !l->colons;
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

static int same_masked(const pline *a, const pline *b)
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
    while (i-- > 0) if (!p->lines[i].blank) return i;
    return (size_t)-1;
}

static size_t next_nonblank(const parser *p, size_t i)
{
    for (i++; i < p->nlines; i++) if (!p->lines[i].blank) return i;
    return (size_t)-1;
}

/* Whether occurrence i of a repeated short line sits where furniture sits:
 * next to a page break or page number, inside a paragraph that is still open,
 * or first in the text above another headline-like line (the masthead). */
static int in_furniture_position(const parser *p, size_t i)
{
    const pline *L = p->lines;
    size_t prev = prev_nonblank(p, i), next = next_nonblank(p, i);
    if (L[i].page_before) return 1;
    if (prev != (size_t)-1 && L[prev].role == INGEST_ROLE_FURNITURE && lines_is_page_number(L[prev].s, L[prev].len))
        return 1;
    if (next != (size_t)-1 && ((L[next].role == INGEST_ROLE_FURNITURE && lines_is_page_number(L[next].s, L[next].len)) ||
                               L[next].page_before))
        return 1;
    while (prev != (size_t)-1 && L[prev].role != INGEST_ROLE_TEXT) prev = prev_nonblank(p, prev);
    while (next != (size_t)-1 && L[next].role != INGEST_ROLE_TEXT) next = next_nonblank(p, next);
    if (prev != (size_t)-1 && !headlike_text(&L[prev]) && !L[prev].final) return 1;
    /* At the top of the text, over the header or the first title. Not
     * elsewhere: a title over its subtitle stands the same way. */
    if (prev == (size_t)-1 && (next == (size_t)-1 || headlike_text(&L[next]))) return 1;
    return 0;
}

/* A web address in s: "www.", "http", or a dot before com/cn/net/org. */
static int has_web_address(const char *s, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++) {
        if ((memcmp(s + i, "www.", 4) == 0) || (i + 4 <= len && memcmp(s + i, "http", 4) == 0)) return 1;
        if (s[i] == '.' && (memcmp(s + i + 1, "com", 3) == 0 || memcmp(s + i + 1, "net", 3) == 0 ||
                            memcmp(s + i + 1, "org", 3) == 0 || (s[i + 1] == 'c' && s[i + 2] == 'n')))
            return 1;
    }
    return 0;
}

/* A short line that appears two or more times identically, but for its
 * digits, is a running head (the bulletin's name atop each page) wherever
 * it stands in a furniture position; an occurrence that opens an article of
 * its own is kept. A repeated line with a web address is a document site's
 * watermark wherever it stands, and is cut off the start or the end of the
 * lines it is glued to ("公文范文网—全网资源每日更新 www.example.com在区总工会…"). */
static int running_heads(parser *p, size_t *dropped)
{
    size_t ncand = 0, i;
    for (i = 0; i < p->nlines; i++)
        if (headlike_text(&p->lines[i]) && p->lines[i].cps <= RUNNING_HEAD_MAX_CPS) ncand++;
    if (ncand < 2) return 0;
    size_t cap = 16;
    while (cap < ncand * 2) cap *= 2;
    size_t *slot_line = malloc(cap * sizeof *slot_line);   /* first line with this text */
    size_t *slot_count = calloc(cap, sizeof *slot_count);
    size_t *line_slot = malloc(p->nlines * sizeof *line_slot);
    unsigned char *drop = calloc(p->nlines ? p->nlines : 1, 1);
    if (!slot_line || !slot_count || !line_slot || !drop) {
        free(slot_line); free(slot_count); free(line_slot); free(drop);
        return -1;
    }
    for (i = 0; i < p->nlines; i++) {
        pline *l = &p->lines[i];
        line_slot[i] = (size_t)-1;
        if (!headlike_text(l) || l->cps > RUNNING_HEAD_MAX_CPS) continue;
        size_t h = (size_t)hash_masked(l->s, l->len) & (cap - 1);
        while (slot_count[h]) {
            pline *o = &p->lines[slot_line[h]];
            if (same_masked(o, l)) break;
            h = (h + 1) & (cap - 1);
        }
        if (!slot_count[h]) slot_line[h] = i;
        slot_count[h]++;
        line_slot[i] = h;
    }
    /* Decide on the positions first, then drop, so that one dropped head
     * does not change how its neighbour looks. */
    for (i = 0; i < p->nlines; i++) {
        if (line_slot[i] == (size_t)-1 || slot_count[line_slot[i]] < 2) continue;
        const pline *first = &p->lines[slot_line[line_slot[i]]];
        if (has_web_address(first->s, first->len)) drop[i] = 2;
        else if (in_furniture_position(p, i)) drop[i] = 1;
    }
    for (i = 0; i < p->nlines; i++) {
        if (!drop[i]) continue;
        p->lines[i].role = INGEST_ROLE_FURNITURE;
        p->lines[i].rule = drop[i] == 2 ? "watermark" : "running-head";
        (*dropped)++;
    }
    /* A watermark glued to another line is cut off it; a page has one
     * watermark or two, and a text made of thousands is no reason to look
     * at every line for each (bounded: the parse stays linear). */
    size_t marks = 0;
    for (i = 0; i < p->nlines && marks < MAX_WATERMARKS; i++) {
        if (drop[i] != 2 || slot_line[line_slot[i]] != i) continue;
        marks++;
        const pline *w = &p->lines[i];
        for (size_t k = 0; k < p->nlines; k++) {
            pline *l = &p->lines[k];
            if (l->role != INGEST_ROLE_TEXT || l->len <= w->len) continue;
            if (memcmp(l->s, w->s, w->len) == 0) {
                l->s += w->len;
                l->len -= w->len;
            } else if (memcmp(l->s + l->len - w->len, w->s, w->len) == 0) {
                l->len -= w->len;
            } else {
                continue;
            }
            while (l->len && (l->s[0] == ' ')) { l->s++; l->len--; }
            while (l->len && l->s[l->len - 1] == ' ') l->len--;
            lines_measure(l);
            l->rule = "text (watermark cut off)";
        }
    }
    free(drop);
    free(slot_line);
    free(slot_count);
    free(line_slot);
    return 0;
}

void lines_page_numbers(parser *p, size_t *dropped)
{
    for (size_t i = 0; i < p->nlines; i++) {
        pline *l = &p->lines[i];
        if (l->role == INGEST_ROLE_TEXT && l->cps <= 24 && lines_is_page_number(l->s, l->len)) {
            l->role = INGEST_ROLE_FURNITURE;
            l->rule = "page-number";
            (*dropped)++;
        }
    }
}

int lines_running_heads(parser *p, size_t *dropped)
{
    return running_heads(p, dropped);
}
