/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.h — UTF-8 text helpers for report scripts: character-based
 * substrings, trimming (Chinese full-width spaces included), sentences,
 * summaries and paragraphs.
 *
 * Contract: works on byte ranges (s, len) that need not be NUL-terminated;
 * counts in code points (an invalid byte counts as one, as in utf8.h);
 * never reads past len; allocates only in text_summary (into the caller's
 * sbuf). No globals. */
#ifndef BRIEF_TEXT_H
#define BRIEF_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/sbuf.h"

/* 1 when cp is white space to trim: ASCII space and controls \t\n\v\f\r,
 * U+00A0, U+1680, U+2000..U+200B, U+2028/2029, U+202F, U+205F, U+3000
 * (ideographic space, the indent of Chinese paragraphs) and U+FEFF. */
int text_is_space(uint32_t cp);

/* 1 when cp is not printed but changes how the text around it shows: the
 * C0 and C1 controls and DEL, the bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A..U+202E, U+2066..U+2069), the zero-width and other format
 * characters (U+00AD, U+180E, U+200B..U+200D, U+2060..U+2065, U+206A..
 * U+206F, U+FEFF, U+FFF9..U+FFFB), the line and paragraph separators
 * (U+2028, U+2029) and the tags (U+E0000..U+E007F). A name shown in a log
 * (a batch job's) must hold none: U+202E would turn the line around. */
int text_is_control(uint32_t cp);

/* Appends s[0..len) to out with every control of text_is_control and
 * every byte that is not UTF-8 replaced by "?": text from a script or a
 * manifest, made safe to print on one log line. 0, or -1 out of memory. */
int text_append_printable(sbuf *out, const char *s, size_t len);

/* The characters from i to j inclusive, 1-based; negative indices count from
 * the end (-1 is the last character), as string.sub does with bytes.
 * Writes the byte offset into *off and byte count into *n (0 when empty). */
void text_sub(const char *s, size_t len, long i, long j, size_t *off, size_t *n);

/* s without leading and trailing white space: its byte offset into *off,
 * its byte count is returned. */
size_t text_trim(const char *s, size_t len, size_t *off);

/* The byte length of the first sentence of s (leading white space
 * included; trim first): up to and including the first sentence end
 * 。！？!? (a run of them, e.g. ！？), and the closing quotes and brackets
 * right after it (”’"'」』）)】》〉), so 他说：“好。”ends after ”. A line
 * break also ends a sentence (not included). The whole of s when it has
 * no end. */
size_t text_first_sentence(const char *s, size_t len);

/* Appends to out a summary of s of at most max_chars characters: the
 * longest run of whole sentences from the start (s trimmed) that fits;
 * when even the first sentence is longer, its first max_chars - 1
 * characters and "…". Line breaks inside the summary are kept. Returns 0,
 * or -1 when memory ran out. max_chars 0 gives "". */
int text_summary(const char *s, size_t len, size_t max_chars, sbuf *out);

/* Paragraph iterator: lines separated by '\n' ("\r\n" too), each trimmed,
 * empty ones skipped. Start with *pos = 0; each call stores the next
 * paragraph's byte offset and length and returns 1, or returns 0 at the
 * end. */
int text_next_paragraph(const char *s, size_t len, size_t *pos, size_t *off, size_t *n);

/* The name of names (a NULL-terminated list) a mistyped word most likely
 * meant, for "did you mean" in messages: the closest by edit distance in
 * code points (Damerau's: a swap of two neighbours counts one, so "szie"
 * is one from "size"), at most 1 for words of up to 4 characters and 2 for
 * longer ones; on a tie the first in the list; NULL when none is that close.
 * Words of over 64 characters are compared on their first 64. */
const char *text_nearest(const char *word, const char *const *names);

/* Sentence iterator: the sentences of s in order, each as
 * text_first_sentence finds it (up to 。！？!? and the closing marks after
 * it, or a line break), trimmed, empty ones skipped. Start with *pos = 0;
 * each call stores the next sentence's byte offset and length and returns
 * 1, or returns 0 at the end. */
int text_next_sentence(const char *s, size_t len, size_t *pos, size_t *off, size_t *n);

/* Appends to out s with the ASCII punctuation of text copied from web
 * pages and PDFs made full-width where it touches a CJK character (an
 * ideograph, a CJK mark or a full-width form) on either side, as Chinese
 * text sets it: , ; : ? ! ( ) become ，；：？！（）. "11月8日,重庆市" gives
 * "11月8日，重庆市", "公司(CQ)有" "公司（CQ）有"; between ASCII characters
 * (10:30, "ISO 9001, APP", 3.5) nothing changes, and the full stop never
 * does (a decimal point, a URL). Returns 0, or -1 when memory ran out. */
int text_fullwidth(const char *s, size_t len, sbuf *out);

#endif
