/* fold.c — the traditional-to-simplified map, built from OpenCC, and the
 * table look-up that applies it (contract in fold.h). */
#include "util/fold.h"
#include "util/utf8.h"

#include <opencc/opencc.h>
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
#define RANGE_A_SIZE  (RANGE_A_LAST - RANGE_A_FIRST + 1)
#define RANGE_B_SIZE  (RANGE_B_LAST - RANGE_B_FIRST + 1)
#define TABLE_SIZE    (RANGE_A_SIZE + RANGE_B_SIZE)

struct fold_map {
    uint16_t to[TABLE_SIZE];   /* the simplified code point, or 0 for "itself" */
    size_t size;               /* entries that are not 0 */
};

static long slot(uint32_t cp)
{
    if (cp >= RANGE_A_FIRST && cp <= RANGE_A_LAST) return (long)(cp - RANGE_A_FIRST);
    if (cp >= RANGE_B_FIRST && cp <= RANGE_B_LAST) return (long)(RANGE_A_SIZE + cp - RANGE_B_FIRST);
    return -1;
}

static uint32_t cp_of_slot(size_t i)
{
    return i < RANGE_A_SIZE ? RANGE_A_FIRST + (uint32_t)i : RANGE_B_FIRST + (uint32_t)(i - RANGE_A_SIZE);
}

fold_map *fold_map_load(char *err, size_t errlen)
{
    opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (cc == (opencc_t)-1) {
        if (errlen)
            snprintf(err, errlen, "cannot load OpenCC's %s (%s): is libopencc-data installed?",
                     OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP, opencc_error());
        return NULL;
    }
    fold_map *m = calloc(1, sizeof *m);
    /* Every character on a line of its own, so that no phrase rule joins
     * two of them: one conversion for all, about 30 ms. */
    char *in = malloc((size_t)TABLE_SIZE * 4 + 1);
    if (!m || !in) {
        free(m);
        free(in);
        opencc_close(cc);
        if (errlen) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    size_t n = 0, i;
    for (i = 0; i < TABLE_SIZE; i++) {
        n += utf8_encode(cp_of_slot(i), in + n);
        in[n++] = '\n';
    }
    in[n] = '\0';
    char *out = opencc_convert_utf8(cc, in, n);
    opencc_close(cc);
    free(in);
    if (!out) {
        free(m);
        if (errlen) snprintf(err, errlen, "OpenCC could not convert: %s", opencc_error());
        return NULL;
    }
    /* Line i of the output is what character i became. */
    const char *p = out;
    for (i = 0; i < TABLE_SIZE && *p; i++) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        uint32_t to;
        if (len == 3 && utf8_decode(p, len, &to) == 3 && to != cp_of_slot(i) && to >= 0x800 && to <= 0xFFFF &&
            to != UTF8_REPLACEMENT) {
            m->to[i] = (uint16_t)to;
            m->size++;
        }
        if (!e) break;
        p = e + 1;
    }
    opencc_convert_utf8_free(out);
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
    while (i < len) {
        unsigned char c = u[i];
        /* Three-byte characters from U+3400 (lead E3) to U+FAFF (lead EF):
         * the only ones the table covers. */
        if (c >= 0xE3 && c <= 0xEF && c != 0xED && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
            long k = map ? slot(cp) : -1;
            if (k >= 0 && map->to[k]) {
                uint32_t to = map->to[k];
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
