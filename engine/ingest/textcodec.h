/* textcodec.h — the raw bytes of a text file to UTF-8: binary detection,
 * encoding detection (BOM, else valid UTF-8, else GB18030) and decoding.
 *
 * Contract: pure and re-entrant (its own iconv descriptor per call, no
 * globals); never reads past len. Errors name the 1-based input line where
 * the offending byte sits ("line 12: invalid GB18030 byte sequence"). Lines
 * end at LF, CRLF or a lone CR, the way the parser counts them. */
#ifndef BRIEF_TEXTCODEC_H
#define BRIEF_TEXTCODEC_H

#include <stddef.h>

typedef enum textcodec_encoding {
    TEXTCODEC_AUTO = 0,   /* BOM, else valid UTF-8, else GB18030 */
    TEXTCODEC_UTF8,
    TEXTCODEC_GB18030     /* GBK and GB2312 are subsets of it */
} textcodec_encoding;

/* Result codes of textcodec_decode. */
#define TEXTCODEC_OK      0
#define TEXTCODEC_BINARY  1   /* a NUL or control byte, or UTF-16: not text */
#define TEXTCODEC_INVALID 2   /* invalid in the encoding asked for or detected */
#define TEXTCODEC_NOMEM   3

/* The 1-based line of byte offset pos in bytes[0..len). */
size_t textcodec_line_of(const unsigned char *bytes, size_t len, size_t pos);

/* Decodes bytes[0..len) into a fresh NUL-terminated UTF-8 string *out
 * (*outlen bytes, caller frees; a leading BOM is dropped) and sets *name to
 * "utf-8" or "gb18030" (static). Bytes 0x00-0x08, 0x0E-0x1F and 0x7F make
 * the input binary; TAB, LF, VT, FF and CR are text. On failure *out is NULL
 * and err (errlen bytes, may be 0) holds the message with its line. */
int textcodec_decode(const unsigned char *bytes, size_t len, textcodec_encoding encoding,
                     char **out, size_t *outlen, const char **name, char *err, size_t errlen);

#endif
