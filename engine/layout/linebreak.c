/* SPDX-License-Identifier: GPL-3.0-or-later */
/* linebreak.c — UAX #14 from libunibreak, then the Chinese rules of clreq and
 * GB/T 15834 (kinsoku) and the never-split rules for Latin runs on top. */
#include "layout/linebreak.h"
#include "util/chars.h"
#include "util/utf8.h"

/* Angle brackets: the system's libunibreak header, not our
 * engine/layout/linebreak.h (included above by its path below engine/). */
#include <linebreak.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(LINEBREAK_MUST == LINEBREAK_MUSTBREAK, "libunibreak values");
_Static_assert(LINEBREAK_ALLOW == LINEBREAK_ALLOWBREAK, "libunibreak values");
_Static_assert(LINEBREAK_NONE == LINEBREAK_NOBREAK, "libunibreak values");
_Static_assert(sizeof(utf32_t) == sizeof(uint32_t), "libunibreak utf32_t");

/* init_linebreak() builds libunibreak's second-level lookup index (without it
 * every CJK lookup is a long search); it writes a static table, so once. */
static pthread_once_t linebreak_once = PTHREAD_ONCE_INIT;
static void linebreak_init_once(void) { init_linebreak(); }

/* GB/T 15834-2011 §5 / clreq §3.1.7: the marks that never begin a line:
 * closing quotes, brackets and book-title marks, pauses, stops, the full
 * stop, ellipses, dashes, middle dots and %; full width and the half-width
 * forms text copied out of PDFs has (classes of util/chars.h). */
int linebreak_is_closing(uint32_t cp)
{
    return chars_is(cp, CHARS_CLOSING | CHARS_PAUSE | CHARS_ENUM_COMMA | CHARS_STOP | CHARS_PERIOD |
                            CHARS_ELLIPSIS | CHARS_DASH | CHARS_INTERPUNCT | CHARS_PERCENT);
}

/* clreq §3.1.7: the marks that never end a line: opening quotes, brackets
 * and book-title marks. */
int linebreak_is_opening(uint32_t cp)
{
    return chars_is(cp, CHARS_OPENING);
}

int linebreak_is_ideograph(uint32_t cp)
{
    return chars_is(cp, CHARS_IDEOGRAPH);
}

static int is_ascii_graphic(uint32_t cp) { return cp > 0x20 && cp < 0x7F; }
static int is_ascii_letter(uint32_t cp) { return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'; }
static int is_digit(uint32_t cp) { return chars_is(cp, CHARS_DIGIT); } /* and full-width */

/* Regional indicators (U+1F1E6..U+1F1FF), the halves of a flag emoji. */
static int is_regional_indicator(uint32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

/* Class ID in libunibreak 1.1's table (linebreakdata.c: 3250..4DBF,
 * 4E00..A014, F900..FAFF, 20000..3FFFD), as in every UAX #14 revision. */
static int is_class_id_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* libunibreak 1.1 (Debian 12) aborts the process on two inputs, both found
 * by tests/fuzz/fuzz_layout.c: U+FFFF, which its UTF-32 reader takes for
 * the end of the text (assertion posLast == posCur - 1), and any regional
 * indicator next to another character (its class RI postdates the library's
 * pair table: assertion lbc <= LBP_JT). So U+FFFF goes to it as U+FFFD and
 * each regional indicator as U+4E00 (class ID: a break is allowed on either
 * side, as UAX #14 LB30a allows around a whole flag); the two halves of each
 * flag are held together afterwards (LB30a). */
static uint32_t unibreak_safe_cp(uint32_t cp)
{
    return cp == 0xFFFF ? 0xFFFD : is_regional_indicator(cp) ? 0x4E00 : cp;
}

/* UAX #14 through libunibreak, fast for Chinese. libunibreak 1.1 finds each
 * character's class by linear search (about 500 instructions a character:
 * a third of the time of laying out a paragraph). But a break is always
 * allowed between two ideographs (LB31; ID ID is a direct break in its pair
 * table), and after a run of them its state is the state after one, so each
 * run is passed to it as its last ideograph alone and the breaks inside the
 * run are filled in. tests/unit/test_linebreak.c checks the result against
 * libunibreak on the whole text. Returns -1 when out of memory. */
static int uax14_runs_collapsed(const uint32_t *text, size_t count, char *brks)
{
    uint32_t *kept = malloc(count * sizeof *kept);
    size_t *at = malloc(count * sizeof *at), i, j, n = 0, ri_run = 0;
    char *kept_brks = malloc(count);

    if (!kept || !at || !kept_brks) {
        free(kept);
        free(at);
        free(kept_brks);
        return -1;
    }
    for (i = 0; i < count; i++) {
        if (i + 1 < count && is_class_id_han(text[i]) && is_class_id_han(text[i + 1])) continue;
        kept[n] = unibreak_safe_cp(text[i]);
        at[n++] = i;
    }
    set_linebreaks_utf32((const utf32_t *)kept, n, "zh", kept_brks);
    for (i = 0, j = 0; i < count; i++)
        brks[i] = j < n && at[j] == i ? kept_brks[j++] : LINEBREAK_ALLOW;
    free(kept);
    free(at);
    free(kept_brks);
    for (i = 0; i + 1 < count; i++) {
        ri_run = is_regional_indicator(text[i]) ? ri_run + 1 : 0;
        if (ri_run % 2 == 1 && is_regional_indicator(text[i + 1])) brks[i] = LINEBREAK_NOBREAK;
    }
    return 0;
}

void linebreak_utf32(const uint32_t *text, size_t count, char *brks)
{
    size_t i;

    if (count == 0) return;
    pthread_once(&linebreak_once, linebreak_init_once);
    if (uax14_runs_collapsed(text, count, brks) != 0) {
        /* Out of memory for the copy: breaks everywhere, which lays the text
         * out (badly) rather than failing a function that cannot fail. */
        memset(brks, LINEBREAK_ALLOWBREAK, count - 1);
        brks[count - 1] = LINEBREAK_MUSTBREAK;
        return;
    }

    for (i = 0; i + 1 < count; i++) {
        uint32_t here = text[i], next = text[i + 1];
        if (brks[i] != LINEBREAK_ALLOW) continue;      /* mandatory breaks stay */
        if (linebreak_is_closing(next)            /* no line starts with closing punctuation */
            || linebreak_is_opening(here)         /* no line ends with opening punctuation */
            || (is_ascii_graphic(here) && is_ascii_graphic(next)) /* words, numbers, URLs */
            || (is_digit(here) && linebreak_is_ideograph(next))  /* "2023年": number + unit */
            || (here == ' ' && i > 0 && is_ascii_letter(text[i - 1]) && is_digit(next)))
            /* ^ "ISO 9001", "GB/T 15834": a designation stays on one line */
            brks[i] = LINEBREAK_NONE;
    }
}

ssize_t linebreak_utf8(const char *text, size_t len, char *brks, size_t cap)
{
    size_t count = utf8_length(text, len), i, off;
    uint32_t *cps;
    char *all;

    if (count == 0) return 0;
    cps = malloc(count * sizeof *cps);
    all = malloc(count);
    if (!cps || !all) {
        free(cps);
        free(all);
        return -1;
    }
    for (i = 0, off = 0; i < count; i++)
        off += utf8_decode(text + off, len - off, &cps[i]);
    linebreak_utf32(cps, count, all);
    for (i = 0; i < count && i < cap; i++) brks[i] = all[i];
    free(cps);
    free(all);
    return (ssize_t)count;
}
