/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hyphenate.c — hyphenation points of Latin words through libhyphen
 * (hyphenate.h). */
#include "layout/hyphenate.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

struct hyphenate {
    HyphenDict *dict;
};

hyphenate *hyphenate_create(const char *path)
{
    hyphenate *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->dict = hnj_hyphen_load(path ? path : HYPHENATE_DEFAULT_DICT);
    if (!h->dict) {
        free(h);
        return NULL;
    }
    return h;
}

void hyphenate_destroy(hyphenate *h)
{
    if (!h) return;
    hnj_hyphen_free(h->dict);
    free(h);
}

int hyphenate_word(const hyphenate *h, const char *word, size_t len, char *points)
{
    char lower[64], hyphens[64 + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL, n = 0;
    size_t i;
    memset(points, 0, len);
    if (!h || len < 5 || len > 60) return 0;
    for (i = 0; i < len; i++) {
        char c = word[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return 0;
        lower[i] = (char)(c | 0x20);   /* the patterns are lower case */
    }
    lower[len] = '\0';
    if (hnj_hyphen_hyphenate3(h->dict, lower, (int)len, hyphens, NULL, &rep, &pos, &cut, 2, 3, 2, 2) != 0) {
        free(rep);
        free(pos);
        free(cut);
        return -1;
    }
    /* English patterns are standard ones: no replacements (rep) expected;
     * if a dictionary has some, its points are not used */
    if (rep) {
        for (i = 0; i < len; i++) free(rep[i]);
        free(rep);
        free(pos);
        free(cut);
        return 0;
    }
    for (i = 0; i + 1 < len; i++)
        if (hyphens[i] & 1) {
            points[i] = 1;
            n++;
        }
    return n;
}
