/* utf8.h — decoding and encoding UTF-8, one code point at a time.
 *
 * Contract: never reads past the length it is given; never allocates. An
 * invalid or truncated sequence decodes as U+FFFD and consumes one byte, so a
 * caller walking a string always advances. Surrogates and code points above
 * U+10FFFF are invalid. */
#ifndef BRIEF_UTF8_H
#define BRIEF_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[0..len) into *cp; returns the bytes consumed
 * (1..4), or 0 when len is 0. *cp is UTF8_REPLACEMENT for invalid input. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Writes cp as UTF-8 into out (room for 4 bytes); returns the byte count,
 * 0 for a surrogate or a value above U+10FFFF (nothing is written). */
size_t utf8_encode(uint32_t cp, char out[4]);

/* 1 if s[0..len) is well-formed UTF-8, else 0. */
int utf8_valid(const char *s, size_t len);

/* The number of code points in s[0..len) (each invalid byte counts as one). */
size_t utf8_length(const char *s, size_t len);

/* The byte offset of code point number index (0-based) in s[0..len), or len
 * when the string has fewer code points. */
size_t utf8_offset(const char *s, size_t len, size_t index);

#endif
