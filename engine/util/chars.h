/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chars.h — the classes of the characters of Chinese text, in one table:
 * the punctuation marks of GB/T 15834-2011 (标点符号用法) and clreq
 * (W3C, Requirements for Chinese Text Layout), white space, digits, letters
 * and ideographs. In the manner of SQLite's sqlite3CtypeMap (global.c)
 * behind sqlite3Isspace and Lua's luai_ctype_: one table, and every reader
 * of text asks it (ingest, mentions, text, linebreak), so that a mark is
 * never a closing quote to one module and not to the next.
 *
 * A class is a property of the character (what it is), not a rule (what a
 * module does with it): rules are unions of classes, written where they
 * are applied (linebreak.c: the marks that never begin a line) or below
 * when several modules share them (CHARS_CLOSING). Each class names its
 * source in chars.c.
 *
 * Contract: pure functions of a code point, no allocation, no globals but
 * the constant table. Code points outside Unicode have no class. */
#ifndef BRIEF_CHARS_H
#define BRIEF_CHARS_H

#include <stdint.h>

/* The classes, one bit each. */
#define CHARS_SPACE          0x0001u  /* white space, the ideographic space, BOM / zero width space */
#define CHARS_STOP           0x0002u  /* 。？！ ?!: ends a sentence (句号, 问号, 叹号) */
#define CHARS_PERIOD         0x0004u  /* . ．: the Latin full stop, also a decimal point */
#define CHARS_ELLIPSIS       0x0008u  /* … ⋯ (省略号) */
#define CHARS_PAUSE          0x0010u  /* ，；： ,;: a pause inside a sentence (逗号, 分号, 冒号) */
#define CHARS_ENUM_COMMA     0x0020u  /* 、 between the items of a list (顿号) */
#define CHARS_OPEN_QUOTE     0x0040u  /* “ ‘ 「 『 ﹁ ﹃ (引号, opening) */
#define CHARS_CLOSE_QUOTE    0x0080u  /* ” ’ 」 』 ﹂ ﹄ (引号, closing) */
#define CHARS_STRAIGHT_QUOTE 0x0100u  /* " ': opening or closing by where they stand */
#define CHARS_OPEN_BRACKET   0x0200u  /* （ ( 【 〔 〖 〘 ［ [ ｛ { (括号, opening) */
#define CHARS_CLOSE_BRACKET  0x0400u  /* ） ) 】 〕 〗 〙 ］ ] ｝ } (括号, closing) */
#define CHARS_OPEN_TITLE     0x0800u  /* 《 〈 (书名号, opening) */
#define CHARS_CLOSE_TITLE    0x1000u  /* 》 〉 (书名号, closing) */
#define CHARS_DASH           0x2000u  /* — (破折号, one half of ——) */
#define CHARS_INTERPUNCT     0x4000u  /* · ・ (间隔号) */
#define CHARS_PERCENT        0x8000u  /* % ％ */
#define CHARS_DIGIT          0x10000u /* 0-9 and full-width ０-９ */
#define CHARS_LATIN          0x20000u /* Latin letters: ASCII, Latin-1 and Extended-A/B, full-width */
#define CHARS_IDEOGRAPH      0x40000u /* CJK Unified Ideographs, Extension A, B.. (planes 2-3), Compatibility */
#define CHARS_KANA           0x80000u /* Hiragana, Katakana */
#define CHARS_HANGUL         0x100000u /* Hangul syllables */
#define CHARS_CONTROL        0x200000u /* not printed, changes what is around it: C0, DEL, C1, the
                                           bidirectional and format controls, the line and paragraph
                                           separators, the tags (a log line must show none) */

/* Rules several modules share. */
#define CHARS_OPENING (CHARS_OPEN_QUOTE | CHARS_OPEN_BRACKET | CHARS_OPEN_TITLE)
#define CHARS_CLOSING (CHARS_CLOSE_QUOTE | CHARS_CLOSE_BRACKET | CHARS_CLOSE_TITLE)

/* The classes of cp (0: none). Hot: ASCII and the CJK Unified Ideographs
 * block are answered without a search. */
uint32_t chars_classes_slow(uint32_t cp);
static inline uint32_t chars_classes(uint32_t cp)
{
    if (cp >= 0x4E00 && cp <= 0x9FFF) return CHARS_IDEOGRAPH;
    return chars_classes_slow(cp);
}

/* 1 when cp is in any of the classes of mask. */
static inline int chars_is(uint32_t cp, uint32_t mask)
{
    return (chars_classes(cp) & mask) != 0;
}

/* The value of a decimal digit (0-9, ０-９), or -1. */
static inline int chars_digit_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
    return -1;
}

/* The value of a Chinese numeral: 〇 零 0, 一 … 九 1-9, 十 10, 百 100;
 * else -1 (廿, 卅, 元 and the look-alikes of 〇 are a date's, in dates.c). */
static inline int chars_cn_numeral_value(uint32_t cp)
{
    switch (cp) {
    case 0x3007: case 0x96F6: return 0;   /* 〇 零 */
    case 0x4E00: return 1;                /* 一 */
    case 0x4E8C: return 2;                /* 二 */
    case 0x4E09: return 3;                /* 三 */
    case 0x56DB: return 4;                /* 四 */
    case 0x4E94: return 5;                /* 五 */
    case 0x516D: return 6;                /* 六 */
    case 0x4E03: return 7;                /* 七 */
    case 0x516B: return 8;                /* 八 */
    case 0x4E5D: return 9;                /* 九 */
    case 0x5341: return 10;               /* 十 */
    case 0x767E: return 100;              /* 百 */
    }
    return -1;
}

/* 一 to 十: the numerals that count headings, list items and ordinals. */
static inline int chars_is_cn_one_to_ten(uint32_t cp)
{
    int v = chars_cn_numeral_value(cp);
    return v >= 1 && v <= 10;
}

#endif
