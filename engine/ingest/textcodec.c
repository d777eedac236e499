/* SPDX-License-Identifier: GPL-3.0-or-later */
/* textcodec.c — binary check, encoding detection and decoding to UTF-8
 * (glibc iconv for GB18030, Big5, Big5-HKSCS and UTF-16). See textcodec.h. */
#include "ingest/textcodec.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

size_t textcodec_line_of(const unsigned char *bytes, size_t len, size_t pos)
{
    size_t line = 1, i;
    if (pos > len) pos = len;
    for (i = 0; i < pos; i++) {
        if (bytes[i] == '\n') line++;
        else if (bytes[i] == '\r' && !(i + 1 < len && bytes[i + 1] == '\n')) line++;
    }
    return line;
}

/* Offset of the first control byte that no text file holds, or len. In both
 * UTF-8 and GB18030 every byte below 0x30 is a character of its own (GB18030
 * trail bytes are 0x30-0x39 and 0x40-0xFE), so the raw bytes can be checked
 * before decoding. */
static size_t first_control_byte(const unsigned char *b, size_t len)
{
    /* Eight bytes at a time: a word in which no byte is below 0x20 or
     * equal to 0x7F is passed at once (hasless and haszero from "Bit
     * Twiddling Hacks": a flag may be false, never missing); a flagged word
     * (a line end, mostly) is read byte by byte. The byte loop alone was
     * 1.3 % of `brief ingest`. */
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0, end;
    while (i < len) {
        if (len - i >= 8) {
            uint64_t w, del;
            memcpy(&w, b + i, 8);
            del = w ^ (ones * 0x7F);
            if (!((((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) & highs)) {
                i += 8;
                continue;
            }
        }
        end = len - i >= 8 ? i + 8 : len;
        for (; i < end; i++) {
            unsigned char c = b[i];
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') || c == 0x7F)
                return i;
        }
    }
    return len;
}

/* Offset of the first byte of an ill-formed UTF-8 sequence, or len. */
static size_t first_invalid_utf8(const unsigned char *b, size_t len)
{
    return utf8_first_invalid((const char *)b, len);
}

static int copy_utf8(const unsigned char *b, size_t len, char **out, size_t *outlen)
{
    char *s = malloc(len + 1);
    if (!s) return TEXTCODEC_NOMEM;
    if (len) memcpy(s, b, len);
    s[len] = '\0';
    *out = s;
    *outlen = len;
    return TEXTCODEC_OK;
}

/* bytes[0..len) → UTF-8 through iconv (from: an iconv name; shown: the name in
 * messages). A 2-byte character becomes at most 3 bytes of UTF-8 and a
 * 4-byte one at most 4, so 1.5 × len + 8 nearly always suffices; E2BIG grows
 * the buffer anyway. by_output: name the line from the text decoded so far
 * (UTF-16, whose line ends are not single bytes). */
static int decode_iconv(const char *from, const char *shown, const unsigned char *b, size_t len, int by_output,
                        char **out, size_t *outlen, char *err, size_t errlen)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        SET_ERR("this system's iconv cannot read %s", shown);
        return TEXTCODEC_INVALID;
    }
    /* cap counts the byte kept for the NUL; GB18030 takes 2 bytes for a
     * character UTF-8 writes in 3 */
    size_t cap = 0, used = 0;
    char *buf = NULL;
    if (VEC_RESERVE(buf, cap, len / 2 * 3 + 9) != 0) { iconv_close(cd); return TEXTCODEC_NOMEM; }
    char *in = (char *)b;
    size_t inleft = len;
    while (inleft > 0) {
        char *o = buf + used;
        size_t oleft = cap - 1 - used;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        used = (size_t)(o - buf);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            if (VEC_RESERVE(buf, cap, cap + 1) != 0) { free(buf); iconv_close(cd); return TEXTCODEC_NOMEM; }
            continue;
        }
        /* EILSEQ: an invalid sequence; EINVAL: one cut off by the end. */
        size_t pos = (size_t)((const unsigned char *)in - b);
        SET_ERR("line %zu: %s %s byte sequence (byte 0x%02X at offset %zu)",
                by_output ? textcodec_line_of((const unsigned char *)buf, used, used)
                          : textcodec_line_of(b, len, pos),
                errno == EINVAL ? "truncated" : "invalid", shown, b[pos], pos);
        free(buf);
        iconv_close(cd);
        return TEXTCODEC_INVALID;
    }
    iconv_close(cd);
    buf[used] = '\0';
    *out = buf;
    *outlen = used;
    return TEXTCODEC_OK;
}

/* How plausible the bytes are as GBK and as Big5: the share of their
 * double-byte characters that fall where each encoding keeps its common
 * characters. GB2312 puts the 3,755 most frequent hanzi in rows B0-D7 (its
 * level 1) and punctuation and full-width forms in rows A1-A3; Big5 puts
 * symbols in A140-A3BF and its 5,401 frequent hanzi in A440-C67E. Chinese
 * text in the right encoding lands there nearly always (above 90 %); read in
 * the wrong one, about half of it does (Big5's trail bytes 40-7E are GBK's
 * rare extension characters; GB2312's rows D8-F7 are Big5's less frequent
 * ones). Byte pairs that are not a character of the encoding count as
 * misses, so do GB18030's four-byte sequences read as Big5. Shares in
 * thousandths; 0 without double-byte characters. */
static void plausibility(const unsigned char *b, size_t len, unsigned *gb, unsigned *big5)
{
    size_t i, total = 0, gb_common = 0, big5_common = 0;
    for (i = 0; i < len; ) {   /* as GBK / GB18030 */
        unsigned char c = b[i];
        if (c < 0x80) { i++; continue; }
        total++;
        if (i + 1 >= len) break;
        unsigned char t = b[i + 1];
        if (t >= 0x30 && t <= 0x39) { i += 4; continue; }   /* a four-byte GB18030 character: rare */
        if (t >= 0xA1 && t <= 0xFE && ((c >= 0xB0 && c <= 0xD7) || (c >= 0xA1 && c <= 0xA3))) gb_common++;
        i += 2;
    }
    size_t big5_total = 0;
    for (i = 0; i < len; ) {   /* as Big5 */
        unsigned char c = b[i];
        if (c < 0x80) { i++; continue; }
        big5_total++;
        if (i + 1 >= len) break;
        unsigned t = b[i + 1], code = (unsigned)c << 8 | t;
        int trail = (t >= 0x40 && t <= 0x7E) || (t >= 0xA1 && t <= 0xFE);
        if (trail && ((code >= 0xA140 && code <= 0xA3BF) || (code >= 0xA440 && code <= 0xC67E))) big5_common++;
        i += trail ? 2 : 1;
    }
    *gb = total ? (unsigned)(gb_common * 1000 / total) : 0;
    *big5 = big5_total ? (unsigned)(big5_common * 1000 / big5_total) : 0;
}

int textcodec_from_name(const char *name, textcodec_encoding *out)
{
    static const struct { const char *name; textcodec_encoding enc; } names[] = {
        {"auto", TEXTCODEC_AUTO}, {"utf-8", TEXTCODEC_UTF8}, {"utf8", TEXTCODEC_UTF8},
        {"gb18030", TEXTCODEC_GB18030}, {"gbk", TEXTCODEC_GB18030}, {"gb2312", TEXTCODEC_GB18030},
        {"big5", TEXTCODEC_BIG5}, {"big5-hkscs", TEXTCODEC_BIG5_HKSCS}, {"big5hkscs", TEXTCODEC_BIG5_HKSCS},
        {"utf-16", TEXTCODEC_UTF16}, {"utf16", TEXTCODEC_UTF16}, {"utf-16le", TEXTCODEC_UTF16},
        {"utf-16be", TEXTCODEC_UTF16},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].enc;
            return 0;
        }
    return -1;
}

/* The control character check on decoded (or ASCII-compatible) bytes:
 * TEXTCODEC_BINARY with the message, else TEXTCODEC_OK. */
static int check_controls(const unsigned char *b, size_t len, char *err, size_t errlen)
{
    size_t ctl = first_control_byte(b, len);
    if (ctl == len) return TEXTCODEC_OK;
    if (b[ctl] == 0)
        SET_ERR("line %zu: NUL byte at offset %zu: binary data, not text", textcodec_line_of(b, len, ctl), ctl);
    else
        SET_ERR("line %zu: control character 0x%02X at offset %zu: binary data, not text",
                textcodec_line_of(b, len, ctl), b[ctl], ctl);
    return TEXTCODEC_BINARY;
}

/* UTF-16 → UTF-8: the BOM (FF FE or FE FF) decides the byte order, else
 * little-endian (what Windows writes); then the decoded text is checked for
 * control characters (a UTF-16 file holds NUL bytes by nature). */
static int decode_utf16(const unsigned char *b, size_t len, char **out, size_t *outlen, const char **name,
                        char *err, size_t errlen)
{
    int be = len >= 2 && b[0] == 0xFE && b[1] == 0xFF;
    size_t skip = len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || be) ? 2 : 0;
    int rc = decode_iconv(be ? "UTF-16BE" : "UTF-16LE", be ? "UTF-16BE" : "UTF-16LE", b + skip, len - skip, 1,
                          out, outlen, err, errlen);
    if (rc != TEXTCODEC_OK) return rc;
    /* A BOM written twice, or U+FEFF encoded inside: dropped like UTF-8's. */
    if (*outlen >= 3 && memcmp(*out, "\xEF\xBB\xBF", 3) == 0) {
        memmove(*out, *out + 3, *outlen - 2);
        *outlen -= 3;
    }
    rc = check_controls((const unsigned char *)*out, *outlen, err, errlen);
    if (rc != TEXTCODEC_OK) {
        free(*out);
        *out = NULL;
        *outlen = 0;
        return rc;
    }
    *name = be ? "utf-16be" : "utf-16le";
    return TEXTCODEC_OK;
}

int textcodec_decode(const unsigned char *bytes, size_t len, textcodec_encoding encoding,
                     char **out, size_t *outlen, const char **name, char *err, size_t errlen)
{
    static const unsigned char bom_utf8[] = {0xEF, 0xBB, 0xBF};
    static const unsigned char bom_gb18030[] = {0x84, 0x31, 0x95, 0x33};
    *out = NULL;
    *outlen = 0;
    *name = NULL;

    int utf16_bom = len >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
    if (encoding == TEXTCODEC_UTF16 || (encoding == TEXTCODEC_AUTO && utf16_bom))
        return decode_utf16(bytes, len, out, outlen, name, err, errlen);
    /* In UTF-8, GB18030 and Big5 every byte below 0x30 is a character of
     * its own (their trail bytes are 0x30 and above), so the raw bytes can be
     * checked before decoding. */
    int rc = check_controls(bytes, len, err, errlen);
    if (rc != TEXTCODEC_OK) return rc;

    int has_utf8_bom = len >= 3 && memcmp(bytes, bom_utf8, 3) == 0;
    int has_gb_bom = len >= 4 && memcmp(bytes, bom_gb18030, 4) == 0;
    /* Auto without a BOM reads the whole text as UTF-8 once: when that
     * succeeds it is not checked a second time below (a pass over every
     * byte, 1.3 % of `brief ingest`). */
    int checked_utf8 = 0;
    if (encoding == TEXTCODEC_AUTO) {
        if (has_utf8_bom) encoding = TEXTCODEC_UTF8;
        else if (has_gb_bom) encoding = TEXTCODEC_GB18030;
        else if (first_invalid_utf8(bytes, len) == len) encoding = TEXTCODEC_UTF8, checked_utf8 = 1;
        else {
            unsigned gb, big5;
            plausibility(bytes, len, &gb, &big5);
            if (big5 > gb) {
                /* Big5, or Big5-HKSCS when plain Big5 refuses a character;
                 * a text neither reads is GB18030's to judge. */
                rc = decode_iconv("BIG5", "Big5", bytes, len, 0, out, outlen, NULL, 0);
                if (rc == TEXTCODEC_OK) { *name = "big5"; return rc; }
                if (rc == TEXTCODEC_NOMEM) return rc;
                rc = decode_iconv("BIG5-HKSCS", "Big5-HKSCS", bytes, len, 0, out, outlen, NULL, 0);
                if (rc == TEXTCODEC_OK) { *name = "big5-hkscs"; return rc; }
                if (rc == TEXTCODEC_NOMEM) return rc;
            }
            encoding = TEXTCODEC_GB18030;
        }
    }
    if (encoding == TEXTCODEC_UTF8) {
        size_t skip = has_utf8_bom ? 3 : 0;
        size_t bad = checked_utf8 ? len : first_invalid_utf8(bytes + skip, len - skip);
        if (bad < len - skip) {
            SET_ERR("line %zu: invalid UTF-8 byte sequence (byte 0x%02X at offset %zu)",
                    textcodec_line_of(bytes, len, bad + skip), bytes[bad + skip], bad + skip);
            return TEXTCODEC_INVALID;
        }
        *name = "utf-8";
        return copy_utf8(bytes + skip, len - skip, out, outlen);
    }
    if (encoding == TEXTCODEC_BIG5 || encoding == TEXTCODEC_BIG5_HKSCS) {
        int hk = encoding == TEXTCODEC_BIG5_HKSCS;
        rc = decode_iconv(hk ? "BIG5-HKSCS" : "BIG5", hk ? "Big5-HKSCS" : "Big5", bytes, len, 0, out, outlen,
                          err, errlen);
        if (rc == TEXTCODEC_OK) *name = hk ? "big5-hkscs" : "big5";
        return rc;
    }
    size_t skip = has_gb_bom ? 4 : 0;
    rc = decode_iconv("GB18030", "GB18030", bytes + skip, len - skip, 0, out, outlen, err, errlen);
    if (rc == TEXTCODEC_OK) *name = "gb18030";
    return rc;
}
