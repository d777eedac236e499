/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_chars.c — the one table of character classes: its ranges are in
 * order and apart, each mark of GB/T 15834 is where the standard puts it,
 * white space is Unicode's White_Space (with ZWSP and BOM), and the rules
 * built on it (linebreak's, ingest's, text's) hold the marks they name. */
#include "harness.h"
#include "util/chars.h"
#include "util/utf8.h"
#include "layout/linebreak.h"
#include "util/text.h"

/* Every character of s (UTF-8) is in one of the classes of mask. */
static int all_in(const char *s, uint32_t mask)
{
    size_t i = 0, len = strlen(s);
    uint32_t cp;
    while (i < len) {
        i += utf8_decode(s + i, len - i, &cp);
        if (!chars_is(cp, mask)) {
            printf("# U+%04X not in 0x%X\n", (unsigned)cp, (unsigned)mask);
            return 0;
        }
    }
    return 1;
}

/* No character of s is in any class of mask. */
static int none_in(const char *s, uint32_t mask)
{
    size_t i = 0, len = strlen(s);
    uint32_t cp;
    while (i < len) {
        i += utf8_decode(s + i, len - i, &cp);
        if (chars_is(cp, mask)) {
            printf("# U+%04X in 0x%X\n", (unsigned)cp, (unsigned)mask);
            return 0;
        }
    }
    return 1;
}

TEST(the_marks_of_gb_t_15834)
{
    CHECK(all_in("。？！?!", CHARS_STOP));
    CHECK(all_in("，；：,;:", CHARS_PAUSE));
    CHECK(all_in("、", CHARS_ENUM_COMMA));
    CHECK(all_in("“‘「『﹁﹃", CHARS_OPEN_QUOTE));
    CHECK(all_in("”’」』﹂﹄", CHARS_CLOSE_QUOTE));
    CHECK(all_in("（(【〔〖〘［[｛{", CHARS_OPEN_BRACKET));
    CHECK(all_in("）)】〕〗〙］]｝}", CHARS_CLOSE_BRACKET));
    CHECK(all_in("《〈", CHARS_OPEN_TITLE));
    CHECK(all_in("》〉", CHARS_CLOSE_TITLE));
    CHECK(all_in("—", CHARS_DASH));
    CHECK(all_in("…⋯", CHARS_ELLIPSIS));
    CHECK(all_in("·・", CHARS_INTERPUNCT));
    CHECK(all_in(".．", CHARS_PERIOD));
    CHECK(all_in("%％", CHARS_PERCENT));
    /* The full stop is not a sentence end (3.5亿元); straight quotes are
     * neither opening nor closing. */
    CHECK(none_in(".．", CHARS_STOP));
    CHECK(none_in("\"'", CHARS_OPENING | CHARS_CLOSING));
    CHECK(all_in("\"'", CHARS_STRAIGHT_QUOTE));
    /* Ideographs, digits and letters are no punctuation. */
    CHECK(none_in("中国工会〇一２Ａa", CHARS_OPENING | CHARS_CLOSING | CHARS_STOP | CHARS_PAUSE | CHARS_SPACE));
}

TEST(white_space)
{
    CHECK(all_in(" \t\n\v\f\r\u00A0\u1680\u2000\u200A\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF", CHARS_SPACE));
    CHECK(none_in("a中\u200C\u200D\u180E_", CHARS_SPACE));
    CHECK(text_is_space(0x3000));
    CHECK(!text_is_space(0x4E00));
}

/* The controls as util/text.c listed them before the table held them. */
static int listed_control(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return 1;
    return cp == 0xAD || cp == 0x61C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
           (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
}

TEST(controls_and_invisible_characters)
{
    uint32_t cp, wrong = 0;
    for (cp = 0; cp <= 0x10FFFF; cp++)
        if (chars_is(cp, CHARS_CONTROL) != listed_control(cp) && !wrong++) printf("# U+%04X\n", (unsigned)cp);
    CHECK_INT(wrong, 0);
    CHECK(text_is_control(0x202E) && text_is_control(0x7F) && text_is_control('\n'));
    /* A character may be white space and a control at once. */
    CHECK(chars_is(0x2028, CHARS_SPACE) && chars_is(0x2028, CHARS_CONTROL));
    CHECK(!text_is_control(0x3000) && !text_is_control(0x4E00));
}

TEST(letters_digits_ideographs)
{
    uint32_t cp;
    CHECK(all_in("中\u3400\u4DBF\u9FFF\uF900\U00020000\U0003134A", CHARS_IDEOGRAPH));
    CHECK(none_in("\u4DC0\u3007", CHARS_IDEOGRAPH));   /* a Yijing hexagram, 〇 (a symbol in Unicode) */
    CHECK(all_in("azAZéÿĀɏＡｚ", CHARS_LATIN));
    CHECK(none_in("×÷", CHARS_LATIN));
    CHECK(all_in("あア", CHARS_KANA));
    CHECK(all_in("가힣", CHARS_HANGUL));
    CHECK(all_in("0123456789０１２３４５６７８９", CHARS_DIGIT));
    /* chars_digit_value knows exactly the digits of the table. */
    for (cp = 0; cp < 0x10000; cp++)
        if ((chars_digit_value(cp) >= 0) != chars_is(cp, CHARS_DIGIT)) {
            printf("# U+%04X\n", (unsigned)cp);
            CHECK(0);
        }
    CHECK_INT(chars_digit_value(0xFF17), 7);
    CHECK_INT(chars_classes(0x110000), 0);
    CHECK_INT(chars_classes(0xFFFD), 0);
}

TEST(line_breaking_rules_use_the_table)
{
    /* clreq §3.1.7: never at the start of a line. */
    CHECK(linebreak_is_closing(0xFF0C) && linebreak_is_closing(0x3002) && linebreak_is_closing(0x3001));
    CHECK(linebreak_is_closing(0x201D) && linebreak_is_closing(0x300B) && linebreak_is_closing(0x3011));
    CHECK(linebreak_is_closing(0x2026) && linebreak_is_closing(0x22EF) && linebreak_is_closing(0x2014));
    CHECK(linebreak_is_closing('%') && linebreak_is_closing(0x00B7) && linebreak_is_closing('.'));
    CHECK(!linebreak_is_closing('"') && !linebreak_is_closing(0x201C) && !linebreak_is_closing(0x4E00));
    /* ... and never at its end. */
    CHECK(linebreak_is_opening(0x201C) && linebreak_is_opening(0x300A) && linebreak_is_opening(0xFF08));
    CHECK(linebreak_is_opening(0x3008) && linebreak_is_opening('('));
    CHECK(!linebreak_is_opening(0x201D) && !linebreak_is_opening('"'));
    CHECK(linebreak_is_ideograph(0x4E2D) && !linebreak_is_ideograph(0x3002));
}

TEST(chinese_numerals)
{
    const char *s = "〇零一二三四五六七八九十百";
    const int want[] = {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100};
    size_t pos = 0, i = 0, len = strlen(s);
    while (pos < len) {
        uint32_t cp;
        pos += utf8_decode(s + pos, len - pos, &cp);
        CHECK_INT(chars_cn_numeral_value(cp), want[i]);
        CHECK_INT(chars_is_cn_one_to_ten(cp), want[i] >= 1 && want[i] <= 10);
        i++;
    }
    CHECK_INT(i, 13);
    /* 廿, 千, ○ (a circle, not 〇), the digit 1, 壹 (banker's one): not counted here */
    const uint32_t other[] = {0x5EFF, 0x5343, 0x25CB, '1', 0x58F9};
    for (size_t k = 0; k < sizeof other / sizeof other[0]; k++) CHECK_INT(chars_cn_numeral_value(other[k]), -1);
}

int main(void)
{
    RUN(the_marks_of_gb_t_15834);
    RUN(white_space);
    RUN(controls_and_invisible_characters);
    RUN(letters_digits_ideographs);
    RUN(line_breaking_rules_use_the_table);
    RUN(chinese_numerals);
    return harness_done();
}
