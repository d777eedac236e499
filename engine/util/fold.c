/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fold.c — the traditional-to-simplified map and the table look-up that
 * applies it (contract in fold.h). The pairs come from OpenCC at build time
 * (engine/util/gen/fold_table.c writes build/gen/fold_table.h). */
#include "util/fold.h"
#include "util/utf8.h"

#include "fold_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ranges folded: CJK Unified Ideographs Extension A and the main block
 * (U+3400-U+9FFF), and the compatibility ideographs (U+F900-U+FAFF), all of
 * three bytes in UTF-8. */
#define RANGE_A_FIRST 0x3400u
#define RANGE_A_LAST  0x9FFFu
#define RANGE_B_FIRST 0xF900u
#define RANGE_B_LAST  0xFAFFu

/* Indexed by the code point itself, every one of the Basic Multilingual
 * Plane (128 KB): one look-up per character, no range test. */
struct fold_map {
    uint16_t to[0x10000];      /* the simplified code point, or 0 for "itself" */
    size_t size;               /* entries that are not 0 */
};

static long slot(uint32_t cp)
{
    if ((cp >= RANGE_A_FIRST && cp <= RANGE_A_LAST) || (cp >= RANGE_B_FIRST && cp <= RANGE_B_LAST)) return (long)cp;
    return -1;
}

fold_map *fold_map_load(char *err, size_t errlen)
{
    fold_map *m = calloc(1, sizeof *m);
    if (!m) {
        if (errlen) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < sizeof fold_pairs / sizeof fold_pairs[0]; i++) {
        long k = slot(fold_pairs[i][0]);
        if (k < 0) continue;
        m->to[k] = fold_pairs[i][1];
        m->size++;
    }
    return m;
}

void fold_map_destroy(fold_map *map)
{
    free(map);
}

size_t fold_map_size(const fold_map *map)
{
    return map ? map->size : 0;
}

uint32_t fold_cp(const fold_map *map, uint32_t cp)
{
    long i = map ? slot(cp) : -1;
    return i >= 0 && map->to[i] ? map->to[i] : cp;
}

int fold_text(const fold_map *map, const char *s, size_t len, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char *o = (unsigned char *)out;
    int changed = 0;
    size_t i = 0;
    if (!map) {
        if (o != u) memmove(o, u, len);
        return 0;
    }
    while (i < len) {
        unsigned char c = u[i];
        /* Three-byte characters from U+3400 (lead E3) to U+FAFF (lead EF):
         * the only ones the table maps; it maps nothing else, so a
         * well-formed three-byte sequence is looked up without a range test. */
        if (c >= 0xE3 && c <= 0xEF && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
            uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
            uint32_t to = map->to[cp];
            if (to) {
                o[i] = (unsigned char)(0xE0 | (to >> 12));
                o[i + 1] = (unsigned char)(0x80 | ((to >> 6) & 0x3F));
                o[i + 2] = (unsigned char)(0x80 | (to & 0x3F));
                changed = 1;
            } else if (o != u) {
                o[i] = c;
                o[i + 1] = u[i + 1];
                o[i + 2] = u[i + 2];
            }
            i += 3;
            continue;
        }
        if (o != u) o[i] = c;
        i++;
    }
    return changed;
}
