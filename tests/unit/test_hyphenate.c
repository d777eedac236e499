/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_hyphenate.c — hyphenation points from the US English patterns. */
#include "harness.h"

#include <string.h>
#include <unistd.h>

#include "layout/hyphenate.h"

/* The word with '-' at its points, into out. */
static void show(const hyphenate *h, const char *word, char *out)
{
    char points[64];
    size_t i, n = strlen(word), k = 0;
    hyphenate_word(h, word, n, points);
    for (i = 0; i < n; i++) {
        out[k++] = word[i];
        if (points[i]) out[k++] = '-';
    }
    out[k] = '\0';
}

TEST(english_words)
{
    hyphenate *h;
    char out[128], points[64];
    if (access(HYPHENATE_DEFAULT_DICT, R_OK) != 0) { harness_skip("hyphen-en-us not installed"); return; }
    h = hyphenate_create(NULL);
    CHECK(h != NULL);
    show(h, "hyphenation", out);
    CHECK_STR(out, "hy-phen-ation");
    show(h, "Internationalization", out);
    CHECK(strchr(out, '-') != NULL);
    CHECK(out[0] == 'I' && strstr(out, "In-") == out);   /* the case of the word kept */
    /* two letters at least before a point, three after */
    show(h, "documentation", out);
    CHECK(strncmp(out, "d-", 2) != 0 && strstr(out, "-on") == NULL);
    /* short words, long ones and not-words get none */
    CHECK_INT(hyphenate_word(h, "word", 4, points), 0);
    CHECK_INT(hyphenate_word(h, "abc1defghi", 10, points), 0);
    CHECK_INT(hyphenate_word(h, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 63, points), 0);
    hyphenate_destroy(h);
    hyphenate_destroy(NULL);
}

TEST(missing_dictionary_is_no_hyphenation)
{
    CHECK(hyphenate_create("/nonexistent/hyph_xx.dic") == NULL);
    CHECK_INT(hyphenate_word(NULL, "hyphenation", 11, (char[16]){0}), 0);
}

int main(void)
{
    RUN(english_words);
    RUN(missing_dictionary_is_no_hyphenation);
    return harness_done();
}
