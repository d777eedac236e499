/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fold.c — traditional script folded to simplified (engine/util/fold.c):
 * the same length, the characters that change and those that do not, bad
 * bytes, and the table against OpenCC itself, character by character. */
#include "harness.h"
#include "util/fold.h"
#include "util/utf8.h"

#include <opencc/opencc.h>
#include <stdlib.h>
#include <string.h>

static const char *folded(const fold_map *m, const char *s)
{
    static char buf[512];
    size_t n = strlen(s);
    fold_text(m, s, n, buf);
    buf[n] = '\0';
    return buf;
}

TEST(folds_and_keeps_lengths)
{
    char err[128];
    fold_map *m = fold_map_load(err, sizeof err);
    CHECK(m != NULL);
    CHECK(fold_map_size(m) > 2000);
    CHECK_STR(folded(m, "重慶市總工會"), "重庆市总工会");
    CHECK_STR(folded(m, "來源:臺灣勞工"), "来源:台湾劳工");
    CHECK_STR(folded(m, "工会 abc 123 “五型工会”"), "工会 abc 123 “五型工会”");   /* simplified stays */
    CHECK_STR(folded(m, "𠮷林"), "𠮷林");                                     /* outside the BMP: as it is */
    CHECK_INT(fold_text(m, "工会", strlen("工会"), (char[8]){0}), 0);
    char b[8] = "\xE6\x9C\x83";   /* 會, folded in place */
    CHECK_INT(fold_text(m, b, 3, b), 1);
    CHECK(memcmp(b, "\xE4\xBC\x9A", 3) == 0);   /* 会 */
    /* invalid and truncated UTF-8 pass through */
    CHECK_STR(folded(m, "\xE6\x9C"), "\xE6\x9C");
    CHECK_STR(folded(m, "\xFF\xE6\x9C\x83"), "\xFF\xE4\xBC\x9A");
    CHECK_INT(fold_cp(m, 0x6703), 0x4F1A);   /* 會 → 会 */
    CHECK_INT(fold_cp(m, 'A'), 'A');
    fold_map_destroy(m);
    fold_map_destroy(NULL);
}

/* The table is OpenCC's t2s: every character of the folded ranges converted
 * alone gives the table's answer (or stays when OpenCC gives more than one
 * character or one of another length). */
TEST(table_is_opencc)
{
    char err[128];
    fold_map *m = fold_map_load(err, sizeof err);
    opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (cc == (opencc_t)-1) { fold_map_destroy(m); harness_skip("OpenCC's t2s.json is not installed"); return; }
    size_t checked = 0;
    for (uint32_t cp = 0x4E00; cp <= 0x9FFF; cp += 7) {
        char in[4], out[8];
        size_t n = utf8_encode(cp, in);
        size_t k = opencc_convert_utf8_to_buffer(cc, in, n, out);
        uint32_t want = cp, got;
        if (k == 3 && utf8_decode(out, k, &got) == 3) want = got;
        if (fold_cp(m, cp) != want) printf("  U+%04X: %04X, OpenCC %04X\n", cp, fold_cp(m, cp), want);
        CHECK_INT(fold_cp(m, cp), want);
        checked++;
    }
    CHECK(checked > 2900);
    opencc_close(cc);
    fold_map_destroy(m);
}

int main(void)
{
    RUN(folds_and_keeps_lengths);
    RUN(table_is_opencc);
    return harness_done();
}
