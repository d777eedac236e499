/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hyphenate.h — where a Latin word may be hyphenated, from the patterns of
 * a hyphenation dictionary read with libhyphen (Debian libhyphen0: the
 * ALTLinux library of LibreOffice, TeX's pattern algorithm of Liang; the
 * US English patterns of Debian hyphen-en-us, /usr/share/hyphen).
 *
 * The layout breaks a long word at these points only when the line before
 * would otherwise be left loose (docs/typesetting.md); Chinese text never
 * needs it.
 *
 * Contract: a hyphenator owns its dictionary, read once at create; it is
 * read-only afterwards. Words are ASCII letters; the caller owns the
 * output buffer. No globals. */
#ifndef BRIEF_HYPHENATE_H
#define BRIEF_HYPHENATE_H

#include <stddef.h>

typedef struct hyphenate hyphenate;

/* The dictionary at path (NULL: the US English one Debian installs,
 * HYPHENATE_DEFAULT_DICT). NULL when it cannot be read (hyphenation is
 * then off: no error, a word is set whole). Free with hyphenate_destroy
 * (NULL is a no-op). */
#define HYPHENATE_DEFAULT_DICT "/usr/share/hyphen/hyph_en_US.dic"
hyphenate *hyphenate_create(const char *path);
void hyphenate_destroy(hyphenate *h);

/* Writes into points[0 .. len-1] (caller-owned, len bytes) 1 where word
 * (len ASCII letters, either case) may break after that letter with a
 * hyphen, else 0; at least two letters stay before a break and three after
 * it (TeX's \lefthyphenmin and \righthyphenmin for English). Words shorter
 * than 5 letters, longer than 60, or not all letters get no points.
 * Returns the number of points, -1 when out of memory. */
int hyphenate_word(const hyphenate *h, const char *word, size_t len, char *points);

#endif
