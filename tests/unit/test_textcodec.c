/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_textcodec.c — raw bytes to UTF-8: the BOMs, UTF-8, GB18030 or Big5
 * found without one (Big5 told from GBK by the more plausible text), Big5-
 * HKSCS and UTF-16 read, binary refused, the names --encoding takes, and
 * every error naming its line (LF, CRLF and a lone CR each end one). */
#include "harness.h"
#include "ingest/textcodec.h"

#include <stdlib.h>

/* Decodes s[0..len); "utf-8:TEXT", "gb18030:TEXT" or "error N: message". */
static const char *decode(const char *s, size_t len, textcodec_encoding enc)
{
    static char result[512];
    char err[256], *out = NULL;
    size_t outlen = 0;
    const char *name = NULL;
    int rc = textcodec_decode((const unsigned char *)s, len, enc, &out, &outlen, &name, err, sizeof err);
    if (rc != TEXTCODEC_OK) snprintf(result, sizeof result, "error %d: %s", rc, err);
    else snprintf(result, sizeof result, "%s:%.*s", name, (int)outlen, out);
    free(out);
    return result;
}

#define D(lit, enc) decode(lit, sizeof lit - 1, enc)

TEST(utf8_with_and_without_a_bom)
{
    CHECK_STR(D("中文\n", TEXTCODEC_AUTO), "utf-8:中文\n");
    CHECK_STR(D("\xEF\xBB\xBF中文", TEXTCODEC_AUTO), "utf-8:中文");
    CHECK_STR(D("\xEF\xBB\xBF中文", TEXTCODEC_UTF8), "utf-8:中文");
    CHECK_STR(D("", TEXTCODEC_AUTO), "utf-8:");
    /* U+FFFD written in the file is a character, not an error. */
    CHECK_STR(D("a\xEF\xBF\xBD" "b", TEXTCODEC_AUTO), "utf-8:a\xEF\xBF\xBD" "b");
}

TEST(gb18030_found_when_utf8_fails)
{
    /* 中文 in GBK (a subset of GB18030), then a four-byte GB18030 form. */
    CHECK_STR(D("\xD6\xD0\xCE\xC4\n", TEXTCODEC_AUTO), "gb18030:中文\n");
    CHECK_STR(D("\x84\x31\x95\x33\xD6\xD0", TEXTCODEC_AUTO), "gb18030:中");   /* GB18030's BOM */
    CHECK_STR(D("\x81\x30\x81\x30", TEXTCODEC_GB18030), "gb18030:\xC2\x80");
    CHECK_STR(D("\xD6\xD0", TEXTCODEC_GB18030), "gb18030:中");
}

TEST(errors_name_their_line)
{
    /* Forced UTF-8 on GBK bytes, on line 3 (CRLF, then a lone CR). */
    CHECK_STR(D("a\r\nb\r\xD6\xD0", TEXTCODEC_UTF8),
              "error 2: line 3: invalid UTF-8 byte sequence (byte 0xD6 at offset 5)");
    /* A GB18030 lead byte with no trail, on line 2. */
    CHECK(strncmp(D("\xD6\xD0\n\x81", TEXTCODEC_AUTO), "error 2: line 2: ", 17) == 0);
    CHECK_INT(textcodec_line_of((const unsigned char *)"a\nb\r\nc\rd", 8, 7), 4);
    CHECK_INT(textcodec_line_of((const unsigned char *)"abc", 3, 0), 1);
}

/* 工會新聞 (traditional) in Big5, and the same characters' GBK bytes. */
TEST(big5_told_from_gbk)
{
    CHECK_STR(D("\xA4\x75\xB7\x7C\xB7\x73\xBB\x44\n", TEXTCODEC_AUTO), "big5:工會新聞\n");
    CHECK_STR(D("\xB9\xA4\x95\xFE\xD0\xC2\xC2\x84\n", TEXTCODEC_AUTO), "gb18030:工會新聞\n");
    CHECK_STR(D("\xA4\x75\xB7\x7C", TEXTCODEC_BIG5), "big5:工會");
    /* a character of HKSCS only (𨋢, U+282E2) makes it Big5-HKSCS */
    CHECK_STR(D("\x9D\xF2\xA4\x75", TEXTCODEC_AUTO), "big5-hkscs:\xF0\xA8\x8B\xA2工");
    /* forced Big5 on bytes that are not: an error with its line */
    CHECK(strncmp(D("\xA4\x75\n\xF9\x20", TEXTCODEC_BIG5), "error 2: line 2: invalid Big5 byte sequence", 43) == 0);
}

TEST(names_of_encodings)
{
    static const struct { const char *name; textcodec_encoding want; } ok[] = {
        {"auto", TEXTCODEC_AUTO}, {"UTF-8", TEXTCODEC_UTF8}, {"utf8", TEXTCODEC_UTF8},
        {"gb18030", TEXTCODEC_GB18030}, {"GBK", TEXTCODEC_GB18030}, {"gb2312", TEXTCODEC_GB18030},
        {"big5", TEXTCODEC_BIG5}, {"Big5-HKSCS", TEXTCODEC_BIG5_HKSCS}, {"utf-16", TEXTCODEC_UTF16},
        {"utf-16le", TEXTCODEC_UTF16}};
    textcodec_encoding e;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        CHECK_INT(textcodec_from_name(ok[i].name, &e), 0);
        CHECK_INT(e, ok[i].want);
    }
    CHECK_INT(textcodec_from_name("latin1", &e), -1);
}

TEST(binary_refused_utf16_read)
{
    CHECK_STR(D("ab\0cd", TEXTCODEC_AUTO), "error 1: line 1: NUL byte at offset 2: binary data, not text");
    CHECK_STR(D("a\nb\x01", TEXTCODEC_AUTO),
              "error 1: line 2: control character 0x01 at offset 3: binary data, not text");
    /* UTF-16 with its byte-order mark, little- and big-endian, a surrogate pair */
    CHECK_STR(D("\xFF\xFE" "a\0-N\n\0", TEXTCODEC_AUTO), "utf-16le:a中\n");
    CHECK_STR(D("\xFE\xFF\0aN-\0\n", TEXTCODEC_AUTO), "utf-16be:a中\n");
    CHECK_STR(D("\xFF\xFE\x60\xD8\xE2\xDE", TEXTCODEC_AUTO), "utf-16le:\xF0\xA8\x8B\xA2");
    /* a lone surrogate is invalid; a control character is found after decoding */
    CHECK(strncmp(D("\xFF\xFE\x60\xD8" "a\0", TEXTCODEC_AUTO), "error 2: line 1: ", 17) == 0);
    CHECK(strncmp(D("\xFF\xFE" "a\0\n\0\x07\0", TEXTCODEC_AUTO), "error 1: line 2: control character 0x07 ", 40) == 0);
    /* Tab, vertical tab, form feed and the line ends are text. */
    CHECK_STR(D("a\tb\vc\fd\r\n", TEXTCODEC_AUTO), "utf-8:a\tb\vc\fd\r\n");
    CHECK(strncmp(D("a\x7F", TEXTCODEC_AUTO), "error 1: ", 9) == 0);
}

int main(void)
{
    RUN(utf8_with_and_without_a_bom);
    RUN(gb18030_found_when_utf8_fails);
    RUN(errors_name_their_line);
    RUN(big5_told_from_gbk);
    RUN(names_of_encodings);
    RUN(binary_refused_utf16_read);
    return harness_done();
}
