/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mentions.h — what an article mentions: places, organisations and quoted
 * terms, counted, for the mentions table and the weekly statistics.
 *
 * Contract: the lists and patterns come from plain-text data files that users
 * extend without rebuilding (data/mentions/, see docs/mentions.md); the module
 * does no I/O besides loading them, keeps no globals, and is re-entrant once
 * loaded. Kinds are "place" (Chongqing's 38 districts and counties),
 * "org" (names ending in 工会 or 总工会, with the district they belong to) and
 * "term" (text inside Chinese quotation marks “…”). A place inside a longer
 * name still counts once per mention. */
#ifndef BRIEF_MENTIONS_H
#define BRIEF_MENTIONS_H

#include <stddef.h>

#include "util/fold.h"

typedef struct mentions_rules mentions_rules;

typedef struct mention {
    const char *kind;   /* "place", "org" or "term" (static string) */
    char *value;        /* UTF-8; a term without its quotation marks */
    char *district;     /* for "org": the district it belongs to, else NULL */
    int count;          /* occurrences in the article, >= 1 */
} mention;

/* Loads the rules from directory dir (places.txt, orgs.txt, terms.txt...).
 * Returns NULL with a message naming the file and line in err on failure;
 * free with mentions_rules_destroy (NULL is a no-op). */
mentions_rules *mentions_rules_load(const char *dir, char *err, size_t errlen);
void mentions_rules_destroy(mentions_rules *rules);

/* Finds the mentions in an article's title and body (either may be NULL).
 * On success returns 0 and an array in *out (*count entries, one per distinct
 * kind+value, in order of first appearance) that the caller frees with
 * mentions_free; returns -1 when memory runs out (*out NULL). */
int mentions_extract(const mentions_rules *rules, const char *title, const char *body,
                     mention **out, size_t *count);

/* Regions (orgs.txt: "region NAME WORD...", "alias SHORT FULL REGION"): an
 * alias of a region holds in the bulletins of that region only. */
#define MENTIONS_ANY_REGION (-2)   /* every alias holds (mentions_extract) */
#define MENTIONS_NO_REGION  (-1)   /* no region's aliases hold */

/* The region of a text (a bulletin's articles together): the first region
 * of orgs.txt one of whose words it holds, else MENTIONS_NO_REGION. */
int mentions_region_find(const mentions_rules *rules, const char *text, size_t len);

/* The region called name, else MENTIONS_NO_REGION. */
int mentions_region_named(const mentions_rules *rules, const char *name);
/* The name of region i, or "" out of range. */
const char *mentions_region_name(const mentions_rules *rules, int region);

/* A region called name with no words of its own (a profile's: its
 * bulletins are of it because the profile says so), or the one already
 * called so. Its aliases come first, then those of parent (an index, or -1
 * for none: a profile for a Chongqing source inherits 重庆's). Returns its
 * index, or -1 (memory, a parent out of range). */
int mentions_rules_add_region(mentions_rules *rules, const char *name, int parent);

/* Adds the alias SHORT → FULL, holding in region (an index of
 * mentions_rules_add_region or mentions_region_named) or everywhere (-1);
 * folded like the rules when they were. 0, or -1 (bad arguments, memory). */
int mentions_rules_add_alias(mentions_rules *rules, const char *shortname, const char *full, int region);

/* mentions_extract for a bulletin of region (an index, MENTIONS_NO_REGION or
 * MENTIONS_ANY_REGION). */
int mentions_extract_in(const mentions_rules *rules, int region, const char *title, const char *body,
                        mention **out, size_t *count);

/* Folds the words of the rules to simplified script (util/fold.h), for text
 * folded the same way: traditional names then match (重慶市總工會 is found
 * as 重庆市总工会) and every value is in simplified script. */
void mentions_rules_fold(mentions_rules *rules, const fold_map *map);
void mentions_free(mention *list, size_t count);

#endif
