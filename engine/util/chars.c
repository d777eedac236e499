/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chars.c — the character classes of chars.h, written once.
 *
 * Sources, cited per entry below:
 *   GB/T 15834-2011 标点符号用法, §4: the seventeen marks, 句号 (§4.1) to
 *     分隔号 (§4.17);
 *   W3C clreq, Requirements for Chinese Text Layout (§3.1.7 the marks that
 *     never begin or end a line; §3.1.6 adjacent marks);
 *   Unicode 15.0: PropList.txt White_Space, Blocks.txt (the ideograph,
 *     kana and Hangul blocks), UAX #14 classes OP / CL / QU / PO / NS / IN.
 * Characters outside both tables have no class. */
#include "util/chars.h"

#include <stddef.h>

/* ASCII, by code: every class an ASCII character has. */
static const uint32_t ascii[128] = {
    /* White_Space: TAB, LF, VT, FF, CR, SPACE */
    ['\t'] = CHARS_SPACE, ['\n'] = CHARS_SPACE, ['\v'] = CHARS_SPACE, ['\f'] = CHARS_SPACE,
    ['\r'] = CHARS_SPACE, [' '] = CHARS_SPACE,
    /* Sentence ends and pauses in their half-width forms, as text copied out
     * of PDFs and web pages carries them (GB/T 15834 §4.1-4.7). */
    ['!'] = CHARS_STOP, ['?'] = CHARS_STOP,
    ['.'] = CHARS_PERIOD,
    [','] = CHARS_PAUSE, [';'] = CHARS_PAUSE, [':'] = CHARS_PAUSE,
    /* UAX #14 QU: the straight quotes do not say which side they close. */
    ['"'] = CHARS_STRAIGHT_QUOTE, ['\''] = CHARS_STRAIGHT_QUOTE,
    /* UAX #14 OP / CL. */
    ['('] = CHARS_OPEN_BRACKET, ['['] = CHARS_OPEN_BRACKET, ['{'] = CHARS_OPEN_BRACKET,
    [')'] = CHARS_CLOSE_BRACKET, [']'] = CHARS_CLOSE_BRACKET, ['}'] = CHARS_CLOSE_BRACKET,
    /* UAX #14 PO: follows its number, never begins a line. */
    ['%'] = CHARS_PERCENT,
    ['0'] = CHARS_DIGIT, ['1'] = CHARS_DIGIT, ['2'] = CHARS_DIGIT, ['3'] = CHARS_DIGIT,
    ['4'] = CHARS_DIGIT, ['5'] = CHARS_DIGIT, ['6'] = CHARS_DIGIT, ['7'] = CHARS_DIGIT,
    ['8'] = CHARS_DIGIT, ['9'] = CHARS_DIGIT,
    ['A'] = CHARS_LATIN, ['B'] = CHARS_LATIN, ['C'] = CHARS_LATIN, ['D'] = CHARS_LATIN, ['E'] = CHARS_LATIN,
    ['F'] = CHARS_LATIN, ['G'] = CHARS_LATIN, ['H'] = CHARS_LATIN, ['I'] = CHARS_LATIN, ['J'] = CHARS_LATIN,
    ['K'] = CHARS_LATIN, ['L'] = CHARS_LATIN, ['M'] = CHARS_LATIN, ['N'] = CHARS_LATIN, ['O'] = CHARS_LATIN,
    ['P'] = CHARS_LATIN, ['Q'] = CHARS_LATIN, ['R'] = CHARS_LATIN, ['S'] = CHARS_LATIN, ['T'] = CHARS_LATIN,
    ['U'] = CHARS_LATIN, ['V'] = CHARS_LATIN, ['W'] = CHARS_LATIN, ['X'] = CHARS_LATIN, ['Y'] = CHARS_LATIN,
    ['Z'] = CHARS_LATIN,
    ['a'] = CHARS_LATIN, ['b'] = CHARS_LATIN, ['c'] = CHARS_LATIN, ['d'] = CHARS_LATIN, ['e'] = CHARS_LATIN,
    ['f'] = CHARS_LATIN, ['g'] = CHARS_LATIN, ['h'] = CHARS_LATIN, ['i'] = CHARS_LATIN, ['j'] = CHARS_LATIN,
    ['k'] = CHARS_LATIN, ['l'] = CHARS_LATIN, ['m'] = CHARS_LATIN, ['n'] = CHARS_LATIN, ['o'] = CHARS_LATIN,
    ['p'] = CHARS_LATIN, ['q'] = CHARS_LATIN, ['r'] = CHARS_LATIN, ['s'] = CHARS_LATIN, ['t'] = CHARS_LATIN,
    ['u'] = CHARS_LATIN, ['v'] = CHARS_LATIN, ['w'] = CHARS_LATIN, ['x'] = CHARS_LATIN, ['y'] = CHARS_LATIN,
    ['z'] = CHARS_LATIN,
};

/* Above ASCII: ranges in code point order, none overlapping. */
typedef struct chars_range {
    uint32_t from, to;
    uint32_t classes;
} chars_range;

static const chars_range ranges[] = {
    {0x0080, 0x009F, CHARS_CONTROL},            /* C1 controls (General_Category Cc) */
    {0x00A0, 0x00A0, CHARS_SPACE},              /* NO-BREAK SPACE (White_Space) */
    {0x00AD, 0x00AD, CHARS_CONTROL},            /* SOFT HYPHEN (Cf): invisible */
    {0x00B7, 0x00B7, CHARS_INTERPUNCT},         /* · MIDDLE DOT: 间隔号, GB/T 15834 §4.14 */
    {0x00C0, 0x00D6, CHARS_LATIN},              /* Latin-1 letters (× U+00D7 is not one) */
    {0x00D8, 0x00F6, CHARS_LATIN},              /* (÷ U+00F7 is not one) */
    {0x00F8, 0x024F, CHARS_LATIN},              /* Latin-1, Latin Extended-A and -B */
    {0x061C, 0x061C, CHARS_CONTROL},            /* ARABIC LETTER MARK (Cf, Bidi_Control) */
    {0x1680, 0x1680, CHARS_SPACE},              /* OGHAM SPACE MARK (White_Space) */
    {0x180E, 0x180E, CHARS_CONTROL},            /* MONGOLIAN VOWEL SEPARATOR (Cf) */
    {0x2000, 0x200A, CHARS_SPACE},              /* EN QUAD .. HAIR SPACE (White_Space) */
    {0x200B, 0x200B, CHARS_SPACE | CHARS_CONTROL}, /* ZERO WIDTH SPACE: not White_Space, trimmed as one; Cf */
    {0x200C, 0x200F, CHARS_CONTROL},            /* ZWNJ, ZWJ, LRM, RLM (Cf; the marks Bidi_Control) */
    {0x2014, 0x2014, CHARS_DASH},               /* — EM DASH: 破折号 ——, GB/T 15834 §4.10 */
    {0x2018, 0x2018, CHARS_OPEN_QUOTE},         /* ‘ 引号, GB/T 15834 §4.8 */
    {0x2019, 0x2019, CHARS_CLOSE_QUOTE},        /* ’ */
    {0x201C, 0x201C, CHARS_OPEN_QUOTE},         /* “ */
    {0x201D, 0x201D, CHARS_CLOSE_QUOTE},        /* ” */
    {0x2026, 0x2026, CHARS_ELLIPSIS},           /* … 省略号 ……, GB/T 15834 §4.11 */
    {0x2028, 0x2029, CHARS_SPACE | CHARS_CONTROL}, /* LINE / PARAGRAPH SEPARATOR (White_Space; Zl, Zp) */
    {0x202A, 0x202E, CHARS_CONTROL},            /* LRE .. RLO: Bidi_Control (U+202E turns a line around) */
    {0x202F, 0x202F, CHARS_SPACE},              /* NARROW NO-BREAK SPACE (White_Space) */
    {0x205F, 0x205F, CHARS_SPACE},              /* MEDIUM MATHEMATICAL SPACE (White_Space) */
    {0x2060, 0x206F, CHARS_CONTROL},            /* WORD JOINER .. isolates (Bidi_Control) .. NOMINAL DIGIT SHAPES (Cf) */
    {0x22EF, 0x22EF, CHARS_ELLIPSIS},           /* ⋯ MIDLINE HORIZONTAL ELLIPSIS, typed for …… */
    {0x3000, 0x3000, CHARS_SPACE},              /* IDEOGRAPHIC SPACE (White_Space): the indent of paragraphs */
    {0x3001, 0x3001, CHARS_ENUM_COMMA},         /* 、 顿号, GB/T 15834 §4.5 */
    {0x3002, 0x3002, CHARS_STOP},               /* 。 句号, §4.1 */
    {0x3008, 0x3008, CHARS_OPEN_TITLE},         /* 〈 书名号, §4.15 */
    {0x3009, 0x3009, CHARS_CLOSE_TITLE},        /* 〉 */
    {0x300A, 0x300A, CHARS_OPEN_TITLE},         /* 《 */
    {0x300B, 0x300B, CHARS_CLOSE_TITLE},        /* 》 */
    {0x300C, 0x300C, CHARS_OPEN_QUOTE},         /* 「 引号 (the form of vertical and traditional text) */
    {0x300D, 0x300D, CHARS_CLOSE_QUOTE},        /* 」 */
    {0x300E, 0x300E, CHARS_OPEN_QUOTE},         /* 『 */
    {0x300F, 0x300F, CHARS_CLOSE_QUOTE},        /* 』 */
    {0x3010, 0x3010, CHARS_OPEN_BRACKET},       /* 【 括号, §4.9 (方头括号) */
    {0x3011, 0x3011, CHARS_CLOSE_BRACKET},      /* 】 */
    {0x3014, 0x3014, CHARS_OPEN_BRACKET},       /* 〔 (六角括号) */
    {0x3015, 0x3015, CHARS_CLOSE_BRACKET},      /* 〕 */
    {0x3016, 0x3016, CHARS_OPEN_BRACKET},       /* 〖 (空心方头括号) */
    {0x3017, 0x3017, CHARS_CLOSE_BRACKET},      /* 〗 */
    {0x3018, 0x3018, CHARS_OPEN_BRACKET},       /* 〘 */
    {0x3019, 0x3019, CHARS_CLOSE_BRACKET},      /* 〙 */
    {0x3040, 0x30FA, CHARS_KANA},               /* Hiragana, Katakana (Blocks.txt) */
    {0x30FB, 0x30FB, CHARS_INTERPUNCT},         /* ・ KATAKANA MIDDLE DOT, the 间隔号 of Japanese fonts */
    {0x30FC, 0x30FF, CHARS_KANA},
    {0x3400, 0x4DBF, CHARS_IDEOGRAPH},          /* CJK Unified Ideographs Extension A */
    {0x4E00, 0x9FFF, CHARS_IDEOGRAPH},          /* CJK Unified Ideographs (chars.h answers it inline) */
    {0xAC00, 0xD7AF, CHARS_HANGUL},             /* Hangul Syllables */
    {0xF900, 0xFAFF, CHARS_IDEOGRAPH},          /* CJK Compatibility Ideographs */
    {0xFE41, 0xFE41, CHARS_OPEN_QUOTE},         /* ﹁ vertical 「 (CJK Compatibility Forms) */
    {0xFE42, 0xFE42, CHARS_CLOSE_QUOTE},        /* ﹂ */
    {0xFE43, 0xFE43, CHARS_OPEN_QUOTE},         /* ﹃ vertical 『 */
    {0xFE44, 0xFE44, CHARS_CLOSE_QUOTE},        /* ﹄ */
    {0xFEFF, 0xFEFF, CHARS_SPACE | CHARS_CONTROL}, /* ZERO WIDTH NO-BREAK SPACE (a BOM inside text; Cf) */
    {0xFF01, 0xFF01, CHARS_STOP},               /* ！ 叹号, §4.3 */
    {0xFF05, 0xFF05, CHARS_PERCENT},            /* ％ */
    {0xFF08, 0xFF08, CHARS_OPEN_BRACKET},       /* （ 括号, §4.9 */
    {0xFF09, 0xFF09, CHARS_CLOSE_BRACKET},      /* ） */
    {0xFF0C, 0xFF0C, CHARS_PAUSE},              /* ， 逗号, §4.4 */
    {0xFF0E, 0xFF0E, CHARS_PERIOD},             /* ． FULLWIDTH FULL STOP: numbering, decimals */
    {0xFF10, 0xFF19, CHARS_DIGIT},              /* ０-９ */
    {0xFF1A, 0xFF1A, CHARS_PAUSE},              /* ： 冒号, §4.7 */
    {0xFF1B, 0xFF1B, CHARS_PAUSE},              /* ； 分号, §4.6 */
    {0xFF1F, 0xFF1F, CHARS_STOP},               /* ？ 问号, §4.2 */
    {0xFF21, 0xFF3A, CHARS_LATIN},              /* Ａ-Ｚ */
    {0xFF3B, 0xFF3B, CHARS_OPEN_BRACKET},       /* ［ */
    {0xFF3D, 0xFF3D, CHARS_CLOSE_BRACKET},      /* ］ */
    {0xFF41, 0xFF5A, CHARS_LATIN},              /* ａ-ｚ */
    {0xFF5B, 0xFF5B, CHARS_OPEN_BRACKET},       /* ｛ */
    {0xFF5D, 0xFF5D, CHARS_CLOSE_BRACKET},      /* ｝ */
    {0xFFF9, 0xFFFB, CHARS_CONTROL},            /* INTERLINEAR ANNOTATION ANCHOR .. TERMINATOR (Cf) */
    {0x20000, 0x3FFFF, CHARS_IDEOGRAPH},        /* Extensions B.. (planes 2 and 3) */
    {0xE0000, 0xE007F, CHARS_CONTROL},          /* Tags (Cf) */
};

uint32_t chars_classes_slow(uint32_t cp)
{
    size_t lo = 0, hi = sizeof ranges / sizeof ranges[0];
    /* ASCII: the table, and the C0 controls and DEL (General_Category Cc). */
    if (cp < 0x80) return ascii[cp] | (cp < 0x20 || cp == 0x7F ? CHARS_CONTROL : 0);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < ranges[mid].from) hi = mid;
        else if (cp > ranges[mid].to) lo = mid + 1;
        else return ranges[mid].classes;
    }
    return 0;
}
