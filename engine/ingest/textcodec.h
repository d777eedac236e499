/* SPDX-License-Identifier: GPL-3.0-or-later */
/* textcodec.h — the raw bytes of a text file to UTF-8: binary detection,
 * encoding detection and decoding.
 *
 * Encodings: UTF-8, GB18030 (which reads GBK and GB2312, its subsets),
 * Big5, Big5-HKSCS (Big5 with the Hong Kong characters) and UTF-16 (LE or
 * BE). Auto-detection: a byte-order mark decides (UTF-8, UTF-16 LE/BE,
 * GB18030); else text that is valid UTF-8 is UTF-8; else the bytes are
 * read both as GBK and as Big5, and the reading in which more characters
 * fall in the common-character ranges of its encoding wins (the rule, and
 * when it can be wrong, is in docs/ingest.md); a Big5 reading that iconv
 * refuses is tried as Big5-HKSCS, then given up for GB18030.
 *
 * Contract: pure and re-entrant (its own iconv descriptor per call, no
 * globals); never reads past len. Errors name the 1-based input line where
 * the offending byte sits ("line 12: invalid GB18030 byte sequence"). Lines
 * end at LF, CRLF or a lone CR, the way the parser counts them. */
#ifndef BRIEF_TEXTCODEC_H
#define BRIEF_TEXTCODEC_H

#include <stddef.h>

typedef enum textcodec_encoding {
    TEXTCODEC_AUTO = 0,     /* BOM, else valid UTF-8, else GB18030 or Big5 by plausibility */
    TEXTCODEC_UTF8,
    TEXTCODEC_GB18030,      /* GBK and GB2312 are subsets of it */
    TEXTCODEC_BIG5,
    TEXTCODEC_BIG5_HKSCS,
    TEXTCODEC_UTF16         /* LE or BE by its BOM, LE without one */
} textcodec_encoding;

/* Result codes of textcodec_decode. */
#define TEXTCODEC_OK      0
#define TEXTCODEC_BINARY  1   /* a NUL or control byte: not text */
#define TEXTCODEC_INVALID 2   /* invalid in the encoding asked for or detected */
#define TEXTCODEC_NOMEM   3

/* The encoding a user names (--encoding): auto, utf-8 (utf8), gb18030 (gbk,
 * gb2312), big5, big5-hkscs, utf-16 (utf16, utf-16le, utf-16be: the BOM
 * decides when there is one), in any case. Returns 0 and sets *out, or -1. */
int textcodec_from_name(const char *name, textcodec_encoding *out);

/* The 1-based line of byte offset pos in bytes[0..len). */
size_t textcodec_line_of(const unsigned char *bytes, size_t len, size_t pos);

/* Decodes bytes[0..len) into a fresh NUL-terminated UTF-8 string *out
 * (*outlen bytes, caller frees; a leading BOM is dropped) and sets *name to
 * the encoding read: "utf-8", "gb18030", "big5", "big5-hkscs", "utf-16le" or
 * "utf-16be" (static). Characters U+0000-U+0008, U+000E-U+001F and U+007F
 * make the input binary; TAB, LF, VT, FF and CR are text. On failure *out is
 * NULL and err (errlen bytes, may be 0) holds the message with its line. */
int textcodec_decode(const unsigned char *bytes, size_t len, textcodec_encoding encoding,
                     char **out, size_t *outlen, const char **name, char *err, size_t errlen);

#endif
