/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.c — character-based UTF-8 helpers (see text.h). */
#include "util/text.h"

#include "util/chars.h"
#include "util/utf8.h"

#include <string.h>

int text_is_space(uint32_t cp)
{
    return chars_is(cp, CHARS_SPACE);
}

void text_sub(const char *s, size_t len, long i, long j, size_t *off, size_t *n)
{
    long count = (long)utf8_length(s, len);
    size_t a, b;

    /* The rules of string.sub (lstrlib.c posrelatI / getendpos), in
     * characters. */
    if (i < 0) i = (-i > count) ? 1 : count + i + 1;
    else if (i == 0) i = 1;
    if (j < 0) j = count + j + 1;
    else if (j > count) j = count;
    if (i > j) {
        *off = 0;
        *n = 0;
        return;
    }
    a = utf8_offset(s, len, (size_t)(i - 1));
    b = utf8_offset(s, len, (size_t)j);
    *off = a;
    *n = b - a;
}

size_t text_trim(const char *s, size_t len, size_t *off)
{
    size_t start = 0, end = len, k;
    uint32_t cp;

    while (start < len) {
        k = utf8_decode(s + start, len - start, &cp);
        if (!text_is_space(cp)) break;
        start += k;
    }
    /* Walk forward, remembering where the last non-space ended: UTF-8
     * cannot be decoded backwards without care for invalid bytes. */
    end = start;
    for (k = start; k < len;) {
        size_t step = utf8_decode(s + k, len - k, &cp);
        k += step;
        if (!text_is_space(cp)) end = k;
    }
    *off = start;
    return end - start;
}

static int is_sentence_end(uint32_t cp)
{
    /* 。！？ and their ASCII forms; the full stop is not one, it is the
     * decimal point of 3.5亿元 (CHARS_PERIOD). */
    return chars_is(cp, CHARS_STOP);
}

static int is_closing(uint32_t cp)
{
    /* Closing quotes and brackets that belong to the sentence they end
     * (clreq: closing punctuation never starts a line or a sentence). */
    return chars_is(cp, CHARS_CLOSING | CHARS_STRAIGHT_QUOTE);
}

size_t text_first_sentence(const char *s, size_t len)
{
    size_t k = 0, step;
    uint32_t cp;

    while (k < len) {
        step = utf8_decode(s + k, len - k, &cp);
        if (cp == '\n' || cp == '\r') {
            /* A line break ends the sentence unless nothing came before it. */
            size_t off;
            if (text_trim(s, k, &off) > 0) return k;
        }
        k += step;
        if (is_sentence_end(cp)) {
            while (k < len) {
                step = utf8_decode(s + k, len - k, &cp);
                if (!is_sentence_end(cp) && !is_closing(cp)) break;
                k += step;
            }
            return k;
        }
    }
    return len;
}

int text_summary(const char *s, size_t len, size_t max_chars, sbuf *out)
{
    size_t off, n, used = 0, fit = 0;

    n = text_trim(s, len, &off);
    s += off;
    len = n;
    if (max_chars == 0) return sbuf_append(out, "", 0);
    if (utf8_length(s, len) <= max_chars) return sbuf_append(out, s, len);
    while (used < len) {
        size_t sentence = text_first_sentence(s + used, len - used);
        size_t end = used + sentence, toff;
        size_t tlen = text_trim(s, end, &toff);
        if (sentence == 0 || utf8_length(s, toff + tlen) > max_chars) break;
        fit = toff + tlen;
        used = end;
    }
    if (fit > 0) return sbuf_append(out, s, fit);
    /* Not even one sentence fits: cut, leaving room for the ellipsis. */
    n = utf8_offset(s, len, max_chars - 1);
    n = text_trim(s, n, &off);
    if (sbuf_append(out, s, off + n) != 0) return -1;
    return sbuf_puts(out, "…");
}

int text_next_paragraph(const char *s, size_t len, size_t *pos, size_t *off, size_t *n)
{
    while (*pos < len) {
        size_t start = *pos, end = start, toff, tlen;
        while (end < len && s[end] != '\n') end++;
        *pos = end < len ? end + 1 : len;
        tlen = text_trim(s + start, end - start, &toff);
        if (tlen > 0) {
            *off = start + toff;
            *n = tlen;
            return 1;
        }
    }
    return 0;
}

/* ---- the nearest name ------------------------------------------------------ */

#define NEAREST_MAX 64   /* code points compared */

/* The code points of s, at most NEAREST_MAX; their count. */
static size_t code_points(const char *s, uint32_t *out)
{
    size_t len = strlen(s), off = 0, n = 0;
    while (off < len && n < NEAREST_MAX) off += utf8_decode(s + off, len - off, &out[n++]);
    return n;
}

/* The optimal string alignment distance (Damerau-Levenshtein without
 * editing a substring twice) of a[0..n) and b[0..m). */
static size_t edit_distance(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
    size_t d[NEAREST_MAX + 1][NEAREST_MAX + 1], i, j;
    for (i = 0; i <= n; i++) d[i][0] = i;
    for (j = 0; j <= m; j++) d[0][j] = j;
    for (i = 1; i <= n; i++)
        for (j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *text_nearest(const char *word, const char *const *names)
{
    uint32_t w[NEAREST_MAX], c[NEAREST_MAX];
    size_t n = code_points(word, w), best = (size_t)-1, limit = n <= 4 ? 1 : 2;
    const char *found = NULL;
    for (; *names; names++) {
        size_t m = code_points(*names, c), d = edit_distance(w, n, c, m);
        if (d <= limit && d < best) {
            best = d;
            found = *names;
        }
    }
    return found;
}

int text_next_sentence(const char *s, size_t len, size_t *pos, size_t *off, size_t *n)
{
    while (*pos < len) {
        size_t start, k, m;
        m = text_trim(s + *pos, len - *pos, &k);
        if (m == 0) {
            *pos = len;
            return 0;
        }
        start = *pos + k;
        m = text_first_sentence(s + start, len - start);
        *pos = start + m;
        m = text_trim(s + start, m, &k);
        if (m > 0) {
            *off = start + k;
            *n = m;
            return 1;
        }
        /* a line break alone: text_first_sentence stopped before it */
        if (*pos < len) (*pos)++;
    }
    return 0;
}

/* A character of Chinese text beside which ASCII punctuation is set
 * full-width: ideographs (with Extension A and beyond the BMP), CJK
 * symbols and punctuation, kana, and the full-width forms. */
static int is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x303F) || (cp >= 0x3040 && cp <= 0x30FF) ||
           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x201C || cp == 0x201D || cp == 0x2018 ||
           cp == 0x2019 || cp == 0x2014 || cp == 0x2026;
}

int text_fullwidth(const char *s, size_t len, sbuf *out)
{
    static const char marks[] = ",;:?!()";
    static const char *const full[] = {"\xEF\xBC\x8C", "\xEF\xBC\x9B", "\xEF\xBC\x9A", "\xEF\xBC\x9F",
                                       "\xEF\xBC\x81", "\xEF\xBC\x88", "\xEF\xBC\x89"};
    uint32_t prev = 0;
    size_t k = 0;
    while (k < len) {
        uint32_t cp, next = 0;
        size_t step = utf8_decode(s + k, len - k, &cp);
        const char *m = cp < 0x80 && cp ? strchr(marks, (int)cp) : NULL;
        if (m && k + step < len) utf8_decode(s + k + step, len - k - step, &next);
        if (m && (is_cjk(prev) || is_cjk(next))) sbuf_puts(out, full[m - marks]);
        else sbuf_append(out, s + k, step);
        prev = cp;
        k += step;
    }
    return out->failed ? -1 : 0;
}

int text_is_control(uint32_t cp)
{
    return chars_is(cp, CHARS_CONTROL);
}

int text_append_printable(sbuf *out, const char *s, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + pos, len - pos, &cp);
        /* utf8_decode reads an invalid byte as U+FFFD, one byte long. */
        int invalid = cp == 0xFFFD && !(n == 3 && (unsigned char)s[pos] == 0xEF);
        if (invalid || text_is_control(cp)) sbuf_putc(out, '?');
        else sbuf_append(out, s + pos, n);
        pos += n;
    }
    return sbuf_failed(out) ? -1 : 0;
}
