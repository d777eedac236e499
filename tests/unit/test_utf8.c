/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_utf8.c — the UTF-8 decoder and encoder. */
#include "harness.h"
#include "util/utf8.h"

TEST(decodes_ascii_cjk_and_astral)
{
    const char *s = "a中𡉃";
    uint32_t cp;
    CHECK_INT(utf8_decode(s, 1, &cp), 1); CHECK_INT(cp, 'a');
    CHECK_INT(utf8_decode(s + 1, 3, &cp), 3); CHECK_INT(cp, 0x4E2D);
    CHECK_INT(utf8_decode(s + 4, 4, &cp), 4); CHECK_INT(cp, 0x21243);
    CHECK_INT(utf8_length(s, strlen(s)), 3);
    CHECK_INT(utf8_offset(s, strlen(s), 2), 4);
}

TEST(invalid_bytes_consume_one)
{
    uint32_t cp;
    CHECK_INT(utf8_decode("\xE4\xB8", 2, &cp), 1); CHECK_INT(cp, UTF8_REPLACEMENT);
    CHECK_INT(utf8_decode("\xC0\x80", 2, &cp), 1); CHECK_INT(cp, UTF8_REPLACEMENT);
    CHECK_INT(utf8_decode("\xED\xA0\x80", 3, &cp), 1); CHECK_INT(cp, UTF8_REPLACEMENT);
    CHECK(!utf8_valid("ab\xFF", 3));
    CHECK(utf8_valid("\xEF\xBF\xBD", 3));
}

TEST(sanitize_replaces_each_bad_byte)
{
    sbuf b = SBUF_INIT;
    CHECK_INT(utf8_sanitize("a\xE4\xB8z", 4, &b), 2);   /* a truncated 中: two bytes, two U+FFFD */
    CHECK_STR(b.data, "a\xEF\xBF\xBD\xEF\xBF\xBDz");
    CHECK(utf8_valid(b.data, b.len));
    sbuf_clear(&b);
    CHECK_INT(utf8_sanitize("中文\xEF\xBF\xBD", 9, &b), 0);   /* valid text, a literal U+FFFD too */
    CHECK_STR(b.data, "中文\xEF\xBF\xBD");
    sbuf_clear(&b);
    CHECK_INT(utf8_sanitize("a\0b\xFF", 4, &b), 1);   /* NUL is a character; length, not strlen */
    CHECK_INT(b.len, 6);
    CHECK(memcmp(b.data, "a\0b\xEF\xBF\xBD", 6) == 0);
    sbuf_clear(&b);
    CHECK_INT(utf8_sanitize("", 0, &b), 0);
    CHECK_INT(b.len, 0);
    sbuf_free(&b);
}

TEST(encode_round_trips)
{
    char out[4];
    uint32_t cps[] = {0x41, 0x3A9, 0x3002, 0x21243, 0x10FFFF}, cp;
    size_t i, n;
    for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        n = utf8_encode(cps[i], out);
        CHECK(n > 0);
        CHECK_INT(utf8_decode(out, n, &cp), n);
        CHECK_INT(cp, cps[i]);
    }
    CHECK_INT(utf8_encode(0xD800, out), 0);
    CHECK_INT(utf8_encode(0x110000, out), 0);
}

/* RFC 3629's table 4 (well-formed three-byte sequences), spelt out. */
static int well_formed3(unsigned a, unsigned b, unsigned c)
{
    unsigned lo = 0x80, hi = 0xBF;
    if (a < 0xE0 || a > 0xEF || (c & 0xC0) != 0x80) return 0;
    if (a == 0xE0) lo = 0xA0;     /* no overlong forms */
    if (a == 0xED) hi = 0x9F;     /* no surrogates */
    return b >= lo && b <= hi;
}

/* Every lead byte E0..EF with every pair of following bytes: three bytes
 * and the code point when well formed, else U+FFFD for one byte. */
TEST(every_three_byte_sequence)
{
    unsigned a, b, c, bad = 0;
    for (a = 0xE0; a <= 0xEF; a++)
        for (b = 0; b <= 0xFF; b++)
            for (c = 0; c <= 0xFF; c++) {
                char s[3] = {(char)a, (char)b, (char)c};
                uint32_t cp = 0;
                size_t n = utf8_decode(s, 3, &cp);
                int ok = well_formed3(a, b, c);
                uint32_t want = (a & 0x0F) << 12 | (b & 0x3F) << 6 | (c & 0x3F);
                if (ok ? (n != 3 || cp != want) : (n != 1 || cp != UTF8_REPLACEMENT)) bad++;
            }
    CHECK_INT(bad, 0);
    {
        uint32_t cp = 0;
        CHECK_INT(utf8_decode("\xE4\xB8", 2, &cp), 1);   /* cut short */
        CHECK_INT(cp, UTF8_REPLACEMENT);
    }
}

int main(void)
{
    RUN(decodes_ascii_cjk_and_astral);
    RUN(invalid_bytes_consume_one);
    RUN(sanitize_replaces_each_bad_byte);
    RUN(encode_round_trips);
    RUN(every_three_byte_sequence);
    return harness_done();
}
