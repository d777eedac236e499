/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fold.h — simplified and traditional Chinese as one text, for what search
 * and the mention matcher see: every traditional character (工會, 臺灣, 來源)
 * folded to its simplified form (工会, 台湾, 来源), one character for one,
 * so that a folded text has exactly the length, in bytes and in characters,
 * of the text it came from and a position in one is the same position in
 * the other (highlights point at the original characters).
 *
 * The map comes from OpenCC (Debian libopencc-data's t2s.json): at build
 * time, engine/util/gen/fold_table.c converts every CJK ideograph of the Basic
 * Multilingual Plane (U+3400-U+9FFF, U+F900-U+FAFF) through it one character
 * at a time and keeps the conversions that give one other character of the
 * same UTF-8 length (about 3,000 of them); OpenCC's phrase rules, which may
 * turn one character into two, are thereby left out: folding is for
 * matching, not for display. Folding itself is a table look-up per
 * character.
 *
 * Contract: a map is immutable once built and may be shared between threads;
 * no globals. Folding never allocates. */
#ifndef BRIEF_FOLD_H
#define BRIEF_FOLD_H

#include <stddef.h>
#include <stdint.h>

typedef struct fold_map fold_map;

/* Builds the map (about 60 KB, from the pairs compiled in). Returns NULL
 * with a message in err (errlen bytes) when memory runs out; the caller
 * frees the map with fold_map_destroy (NULL is a no-op). */
fold_map *fold_map_load(char *err, size_t errlen);
void fold_map_destroy(fold_map *map);

/* The simplified form of code point cp (cp itself when it has none). */
uint32_t fold_cp(const fold_map *map, uint32_t cp);

/* Writes the folded form of s[0..len) into out, which has room for len
 * bytes (a NUL is not added); out may be s itself. Returns 1 when any
 * character changed, else 0. Invalid UTF-8 is copied as it is. */
int fold_text(const fold_map *map, const char *s, size_t len, char *out);

/* How many characters the map folds (for tests and `brief doctor`). */
size_t fold_map_size(const fold_map *map);

#endif
