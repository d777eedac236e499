/* test_utf8.c — the UTF-8 decoder and encoder. */
#include "harness.h"
#include "utf8.h"

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

int main(void)
{
    RUN(decodes_ascii_cjk_and_astral);
    RUN(invalid_bytes_consume_one);
    RUN(encode_round_trips);
    return harness_done();
}
