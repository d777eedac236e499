/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf8.h — decoding and encoding UTF-8, one code point at a time.
 *
 * Contract: never reads past the length it is given; never allocates but
 * into a caller's sbuf (utf8_sanitize). An
 * invalid or truncated sequence decodes as U+FFFD and consumes one byte, so a
 * caller walking a string always advances. Surrogates and code points above
 * U+10FFFF are invalid. */
#ifndef BRIEF_UTF8_H
#define BRIEF_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util/sbuf.h"

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[0..len) into *cp; returns the bytes consumed
 * (1..4), or 0 when len is 0. *cp is UTF8_REPLACEMENT for invalid input. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* utf8_decode, with the forms of Chinese text inline: ASCII and well-formed
 * three-byte sequences (lead E1-EF but ED: no overlong form, no surrogate);
 * the rest goes to utf8_decode, so the result is always utf8_decode's. For
 * loops over every character of a text (ingest, mentions, the FTS
 * tokenizer), where a call per character was measurable. */
static inline size_t utf8_decode_fast(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len && s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (len >= 3 && s[0] >= 0xE1 && s[0] <= 0xEF && s[0] != 0xED && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return 3;
    }
    return utf8_decode(str, len, cp);
}

/* Writes cp as UTF-8 into out (room for 4 bytes); returns the byte count,
 * 0 for a surrogate or a value above U+10FFFF (nothing is written). */
size_t utf8_encode(uint32_t cp, char out[4]);

/* 1 if s[0..len) is well-formed UTF-8, else 0. */
int utf8_valid(const char *s, size_t len);

/* The offset of the first byte of an ill-formed sequence in s[0..len), or
 * len when it is all well-formed. Fast on Chinese text (ASCII and the
 * common three-byte forms are not decoded). */
size_t utf8_first_invalid(const char *s, size_t len);

/* Appends s[0..len) to out with each invalid byte (as utf8_decode reads
 * it) replaced by U+FFFD, so that out holds well-formed UTF-8: for writers
 * that must not pass bad bytes on (JSON, which Jansson refuses to encode
 * otherwise). The one function here that allocates, through out. Returns
 * how many bytes were replaced, or -1 when out ran out of memory. */
long utf8_sanitize(const char *s, size_t len, sbuf *out);

/* The number of code points in s[0..len) (each invalid byte counts as one). */
size_t utf8_length(const char *s, size_t len);

/* The byte offset of code point number index (0-based) in s[0..len), or len
 * when the string has fewer code points. */
size_t utf8_offset(const char *s, size_t len, size_t index);

#endif
