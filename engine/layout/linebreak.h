/* SPDX-License-Identifier: GPL-3.0-or-later */
/* linebreak.h — where a line of Chinese (and mixed Latin) text may break.
 *
 * Unicode UAX #14 through libunibreak 1.1 (Debian 12: UAX #14 Revision 30,
 * Unicode 6.2.0, language "zh" so that “ ” ‘ ’ are opening and closing
 * quotes), with the Chinese rules of clreq (W3C "Requirements for Chinese
 * Text Layout") and GB/T 15834-2011 on top:
 *   - no line starts with closing punctuation  ,。、;:?!)」』”’》〉】〕…—
 *     nor their half-width forms , . ; : ? ! )  (and ] } 〗 〙 ﹂ ﹄ %);
 *   - no line ends with opening punctuation  “‘(「『《〈【〔 (and ( [ { 〖 〘);
 *   - Latin words, numbers, codes and URLs are never split: no break between
 *     two printable ASCII characters ("33618", "GB/T", "https://a.b/c"), none
 *     at a single space between a Latin letter and a digit ("ISO 9001"), and
 *     none between a number and the ideograph after it ("2023年", "5万");
 *   - everywhere else UAX #14 decides, which allows a break between any two
 *     CJK ideographs (class ID).
 *
 * Contract: pure functions over caller-owned buffers, no globals of our own
 * (libunibreak's lookup index is initialised once, thread-safely). brks[i]
 * says whether a line may break AFTER code point i; the last entry is always
 * LINEBREAK_MUST (end of text). */
#ifndef BRIEF_LINEBREAK_H
#define BRIEF_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The values are libunibreak's LINEBREAK_MUSTBREAK/ALLOWBREAK/NOBREAK. */
#define LINEBREAK_MUST  0   /* a mandatory break (line feed, paragraph end) */
#define LINEBREAK_ALLOW 1   /* a line may break here */
#define LINEBREAK_NONE  2   /* a line must not break here */

/* Writes count break classes into brks (caller-owned, count bytes) for the
 * code points text[0..count). count 0 writes nothing. */
void linebreak_utf32(const uint32_t *text, size_t count, char *brks);

/* The same for UTF-8 text[0..len): one class per code point as utf8.h
 * decodes them (an invalid byte is one U+FFFD). Writes at most cap classes
 * and returns the number of code points (call again with more room when it
 * is larger than cap), or -1 when out of memory. */
ssize_t linebreak_utf8(const char *text, size_t len, char *brks, size_t cap);

/* Punctuation that may not begin a line (closing) or end one (opening), as
 * listed above; the layout also compresses full-width ones to half width. */
int linebreak_is_closing(uint32_t cp);
int linebreak_is_opening(uint32_t cp);

/* A CJK ideograph (Unified Ideographs, Extension A and beyond the BMP,
 * Compatibility Ideographs): UAX #14 class ID among the Han characters. */
int linebreak_is_ideograph(uint32_t cp);

#endif
