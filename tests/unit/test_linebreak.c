/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_linebreak.c — UAX #14 plus the Chinese rules: every prohibited mark at
 * each line edge, Latin runs, numbers, URLs, and a few UAX #14 cases. */
#include "harness.h"
#include "layout/linebreak.h"
#include "util/utf8.h"

#include <stdlib.h>

/* The text with "|" inserted after every code point where a line may break
 * (the final mandatory break is not shown, other mandatory ones are "!"). */
static const char *marked(const char *text)
{
    static char out[1024];
    char brks[256];
    size_t len = strlen(text), off = 0, o = 0, i = 0;
    ssize_t n = linebreak_utf8(text, len, brks, sizeof brks);
    if (n < 0 || (size_t)n > sizeof brks) return "(error)";
    while (off < len) {
        uint32_t cp;
        size_t k = utf8_decode(text + off, len - off, &cp);
        memcpy(out + o, text + off, k);
        o += k;
        off += k;
        if (i + 1 < (size_t)n && brks[i] == LINEBREAK_ALLOW) out[o++] = '|';
        if (i + 1 < (size_t)n && brks[i] == LINEBREAK_MUST) out[o++] = '!';
        i++;
    }
    out[o] = '\0';
    return out;
}

static const char *const closing_marks[] = {
    ",", "。", "、", ";", ":", "?", "!", ")", "」", "』", "”", "’", "》", "〉", "】", "〕",
    "…", "—", ",", ".", ";", ":", "?", "!", ")",
};
static const char *const opening_marks[] = {
    "“", "‘", "(", "「", "『", "《", "〈", "【", "〔", "(",
};

TEST(ideographs_break_everywhere)
{
    CHECK_STR(marked("工会工作"), "工|会|工|作");
}

TEST(no_line_starts_with_closing_punctuation)
{
    size_t i;
    for (i = 0; i < sizeof closing_marks / sizeof closing_marks[0]; i++) {
        char text[64], want[64];
        snprintf(text, sizeof text, "职工%s会议", closing_marks[i]);
        /* no break between 工 and the mark; a line may end after it */
        snprintf(want, sizeof want, "职|工%s|会|议", closing_marks[i]);
        if (strcmp(marked(text), want) != 0)
            printf("    mark %s: got %s\n", closing_marks[i], marked(text));
        CHECK_STR(marked(text), want);
    }
}

TEST(no_line_ends_with_opening_punctuation)
{
    size_t i;
    for (i = 0; i < sizeof opening_marks / sizeof opening_marks[0]; i++) {
        char text[64], want[64];
        snprintf(text, sizeof text, "职工%s会议", opening_marks[i]);
        /* a line may end before the mark, never after it */
        snprintf(want, sizeof want, "职|工|%s会|议", opening_marks[i]);
        if (strcmp(marked(text), want) != 0)
            printf("    mark %s: got %s\n", opening_marks[i], marked(text));
        CHECK_STR(marked(text), want);
    }
}

TEST(adjacent_punctuation_stays_together)
{
    /* 。” closes twice: no break between them; “ after 。 may begin a line */
    CHECK_STR(marked("说。”他"), "说。”|他");
    CHECK_STR(marked("了。“好"), "了。|“好");
    CHECK_STR(marked("等——是"), "等——|是");
    CHECK_STR(marked("等……。是"), "等……。|是");
    CHECK_STR(marked("“《工会法》”规定"), "“《工|会|法》”|规|定");
}

TEST(latin_words_are_never_split)
{
    CHECK_STR(marked("使用Unicode标准"), "使|用|Unicode|标|准");
    CHECK_STR(marked("Hello world"), "Hello |world");
    CHECK_STR(marked("high-speed rail"), "high-speed |rail");
    CHECK_STR(marked("GB/T 15834规定"), "GB/T 15834规|定");
}

TEST(numbers_are_never_split)
{
    CHECK_STR(marked("2023年10月"), "2023年|10月");
    CHECK_STR(marked("打造“33618”现代"), "打|造|“33618”|现|代");
    CHECK_STR(marked("ISO 9001认证"), "ISO 9001认|证");
    CHECK_STR(marked("增长12.5%以上"), "增|长|12.5%|以|上");
    CHECK_STR(marked("电话023-63652000"), "电|话|023-63652000");
}

TEST(urls_are_never_split)
{
    CHECK_STR(marked("见https://www.acftu.org/a-b/c.html?x=1。"),
              "见|https://www.acftu.org/a-b/c.html?x=1。");
}

TEST(uax14_cases)
{
    /* LineBreakTest-style: LB6/LB5 line feeds are mandatory, LB7 × SP,
     * LB18 SP ÷, LB13 × CL, LB14 OP SP* ×, LB28 AL × AL */
    CHECK_STR(marked("中\n文"), "中\n!文");
    CHECK_STR(marked("a b c"), "a |b |c");
    CHECK_STR(marked("ab  cd"), "ab  |cd");
    CHECK_STR(marked("x (y) z"), "x |(y) |z");
    CHECK_STR(marked("一、二"), "一、|二");
}

TEST(beyond_the_bmp)
{
    char brks[8];
    /* 𡉃 (U+21243) is an ideograph: breaks on both sides, one class */
    CHECK(linebreak_is_ideograph(0x21243));
    CHECK_STR(marked("在𡉃村"), "在|𡉃|村");
    CHECK_INT(linebreak_utf8("𡉃", strlen("𡉃"), brks, sizeof brks), 1);
    CHECK_INT(brks[0], LINEBREAK_MUST);
}

TEST(utf8_counts_and_capacity)
{
    char brks[2] = {9, 9};
    /* an invalid byte is one code point, like utf8_length */
    CHECK_INT(linebreak_utf8("a\xff" "b", 3, brks, 0), 3);
    CHECK_INT(brks[0], 9);
    CHECK_INT(linebreak_utf8("中文字", strlen("中文字"), brks, 2), 3);
    CHECK_INT(brks[0], LINEBREAK_ALLOW);
    CHECK_INT(linebreak_utf8("", 0, brks, 2), 0);
}

TEST(utf32_last_is_mandatory)
{
    uint32_t text[] = {0x5DE5, 0x4F1A};
    char brks[2];
    linebreak_utf32(text, 2, brks);
    CHECK_INT(brks[0], LINEBREAK_ALLOW);
    CHECK_INT(brks[1], LINEBREAK_MUST);
}

/* libunibreak itself, declared here rather than through its header
 * <linebreak.h>, whose name our engine/layout/linebreak.h shares. */
void set_linebreaks_utf32(const unsigned int *s, size_t len, const char *lang, char *brks);

/* linebreak_utf32 passes each run of ideographs to libunibreak as one
 * character (for speed): on text none of the Chinese or Latin rules apply
 * to, its breaks must be libunibreak's on the whole text, whatever comes
 * before or after the runs (spaces, line feeds, CR, combining marks, Hangul,
 * glue, zero-width space, hyphens, non-ASCII letters and digits). */
TEST(ideograph_runs_break_as_libunibreak_says)
{
    static const uint32_t alphabet[] = {
        0x5DE5, 0x4F1A, 0x4E00, 0x9FA5, 0x3400, 0x4DB5, 0xF900, 0x20021, 0x2A6D6,
        0x20, 0x20, 0x3000, 0x0A, 0x0D, 0x0301, 0x00E9, 0xAC00, 0x00A0, 0x200B,
        0x2010, 0x0661, 0x30FC, 0x00AD,
    };
    const size_t kinds = sizeof alphabet / sizeof alphabet[0];
    uint32_t text[48];
    char got[48], want[48];
    unsigned seed = 12345, bad = 0;
    int round;
    for (round = 0; round < 3000; round++) {
        size_t n, i;
        seed = seed * 1103515245u + 12345u;
        n = 1 + (seed >> 16) % 47;
        for (i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* ideographs half the time, in runs */
            text[i] = (seed >> 16) % 2 ? alphabet[(seed >> 20) % 9] : alphabet[(seed >> 20) % kinds];
        }
        linebreak_utf32(text, n, got);
        set_linebreaks_utf32(text, n, "zh", want);
        if (memcmp(got, want, n) != 0 && bad++ < 3) {
            printf("    round %d differs at:", round);
            for (i = 0; i < n; i++)
                if (got[i] != want[i]) printf(" %zu (U+%04X: %d, not %d)", i, text[i], got[i], want[i]);
            printf("\n");
        }
    }
    CHECK_INT(bad, 0);
}

/* Found by tests/fuzz/fuzz_layout.c: libunibreak 1.1 aborts on U+FFFF and
 * on any regional indicator (flag halves) next to another character. */
TEST(inputs_that_abort_libunibreak)
{
    uint32_t ffff[] = {0x5DE5, 0xFFFF, 0x4F1A, 0xFFFF};
    uint32_t flag_after_mark[] = {'e', 0x0301, 0x1F1E8, 0x1F1F3, 0x200D, 0x1F1E8, 0x1F1F3, 0x4F1A};
    char brks[8];
    linebreak_utf32(ffff, 4, brks);
    CHECK_INT(brks[0], LINEBREAK_ALLOW);
    CHECK_INT(brks[1], LINEBREAK_ALLOW);
    CHECK_INT(brks[3], LINEBREAK_MUST);
    linebreak_utf32(flag_after_mark, 8, brks);
    CHECK_INT(brks[2], LINEBREAK_NONE);   /* the flag's two halves hold together */
    CHECK_INT(brks[5], LINEBREAK_NONE);
    CHECK_INT(brks[7], LINEBREAK_MUST);
    CHECK_INT(linebreak_utf8("\xef\xbf\xbf\xef\xbf\xbf", 6, brks, sizeof brks), 2);
    CHECK_INT(brks[1], LINEBREAK_MUST);
}

int main(void)
{
    RUN(ideographs_break_everywhere);
    RUN(no_line_starts_with_closing_punctuation);
    RUN(no_line_ends_with_opening_punctuation);
    RUN(adjacent_punctuation_stays_together);
    RUN(latin_words_are_never_split);
    RUN(numbers_are_never_split);
    RUN(urls_are_never_split);
    RUN(uax14_cases);
    RUN(beyond_the_bmp);
    RUN(utf8_counts_and_capacity);
    RUN(utf32_last_is_mandatory);
    RUN(ideograph_runs_break_as_libunibreak_says);
    RUN(inputs_that_abort_libunibreak);
    return harness_done();
}
