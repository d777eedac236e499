/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf8.c — UTF-8 decoding and encoding (RFC 3629). */
#include "util/utf8.h"

size_t utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t c, min;
    size_t n, i;

    if (len == 0) return 0;
    c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    /* Chinese text first (this function was a tenth of the instructions of
     * `brief typeset`): three bytes whose lead byte rules out both overlong
     * forms (E0) and surrogates (ED), so only the continuations to check. */
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && len >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        *cp = (c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return 3;
    }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; c &= 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; c &= 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; c &= 0x07; min = 0x10000; }
    else { *cp = UTF8_REPLACEMENT; return 1; }
    if (len < n) { *cp = UTF8_REPLACEMENT; return 1; }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = UTF8_REPLACEMENT; return 1; }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = UTF8_REPLACEMENT;
        return 1;
    }
    *cp = c;
    return n;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF) return 0;
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_first_invalid(const char *str, size_t len)
{
    const unsigned char *b = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n;
        /* ASCII, and a lead E1..EC or EE..EF with two continuation bytes
         * (every such sequence is well formed), skipped without decoding:
         * the bulk of a bulletin. */
        if (b[i] < 0x80) { i++; continue; }
        if (b[i] >= 0xE1 && b[i] <= 0xEF && b[i] != 0xED && len - i >= 3 && (b[i + 1] & 0xC0) == 0x80 &&
            (b[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        n = utf8_decode(str + i, len - i, &cp);
        /* A literal U+FFFD is three bytes; a replacement for bad input is one. */
        if (cp == UTF8_REPLACEMENT && n == 1) return i;
        i += n;
    }
    return len;
}

int utf8_valid(const char *s, size_t len)
{
    return utf8_first_invalid(s, len) == len;
}

long utf8_sanitize(const char *s, size_t len, sbuf *out)
{
    size_t i = 0, run = 0, n;
    long replaced = 0;
    uint32_t cp;
    while (i < len) {
        n = utf8_decode_fast(s + i, len - i, &cp);
        if (cp == UTF8_REPLACEMENT && n == 1) {
            /* Copy the good run before the bad byte, then U+FFFD. */
            sbuf_append(out, s + run, i - run);
            sbuf_puts(out, "\xEF\xBF\xBD");
            replaced++;
            run = i + 1;
        }
        i += n;
    }
    sbuf_append(out, s + run, len - run);
    return sbuf_failed(out) ? -1 : replaced;
}

size_t utf8_length(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, count = 0;
    uint32_t cp;
    while (i < len) {
        unsigned c = s[i];
        /* ASCII and the well-formed three-byte forms utf8_decode accepts
         * first (E1-EF but ED, two continuations) are counted here without
         * decoding: the store counts every paragraph's characters, and the
         * call per character was 2.5 % of `brief ingest` (bench/README.md). */
        if (c < 0x80) {
            i++;
        } else if (c >= 0xE1 && c <= 0xEF && c != 0xED && len - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
                   (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
        } else {
            i += utf8_decode(str + i, len - i, &cp);
        }
        count++;
    }
    return count;
}

size_t utf8_offset(const char *s, size_t len, size_t index)
{
    size_t i = 0;
    uint32_t cp;
    while (i < len && index > 0) {
        i += utf8_decode(s + i, len - i, &cp);
        index--;
    }
    return i;
}
