/* test_textcodec.c — raw bytes to UTF-8: the BOMs, UTF-8 or GB18030 found
 * without one, UTF-16 and binary refused, and every error naming its line
 * (LF, CRLF and a lone CR each end one). */
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

TEST(binary_and_utf16_refused)
{
    CHECK_STR(D("ab\0cd", TEXTCODEC_AUTO), "error 1: line 1: NUL byte at offset 2: binary data, not text");
    CHECK_STR(D("a\nb\x01", TEXTCODEC_AUTO),
              "error 1: line 2: control character 0x01 at offset 3: binary data, not text");
    CHECK_STR(D("\xFF\xFE" "a\0", TEXTCODEC_AUTO),
              "error 1: line 1: UTF-16 text (byte-order mark FF FE) is not supported; save it as UTF-8");
    CHECK_STR(D("\xFE\xFF\0a", TEXTCODEC_AUTO),
              "error 1: line 1: UTF-16 text (byte-order mark FE FF) is not supported; save it as UTF-8");
    /* Tab, vertical tab, form feed and the line ends are text. */
    CHECK_STR(D("a\tb\vc\fd\r\n", TEXTCODEC_AUTO), "utf-8:a\tb\vc\fd\r\n");
    CHECK(strncmp(D("a\x7F", TEXTCODEC_AUTO), "error 1: ", 9) == 0);
}

int main(void)
{
    RUN(utf8_with_and_without_a_bom);
    RUN(gb18030_found_when_utf8_fails);
    RUN(errors_name_their_line);
    RUN(binary_and_utf16_refused);
    return harness_done();
}
