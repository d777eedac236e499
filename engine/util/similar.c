/* SPDX-License-Identifier: GPL-3.0-or-later */
/* similar.c — trigram sets, Jaccard, containment and bottom-k sketches
 * (see similar.h). */
#include "util/similar.h"

#include <stdlib.h>
#include <string.h>

#include "util/chars.h"
#include "util/utf8.h"
#include "util/vec.h"

/* The characters that make a text: letters, digits, ideographs (and kana,
 * Hangul); everything else (white space, GB/T 15834 marks, symbols) is left
 * out of the trigrams. */
#define SIMILAR_KEPT (CHARS_DIGIT | CHARS_LATIN | CHARS_IDEOGRAPH | CHARS_KANA | CHARS_HANGUL)

/* Sorts the keys (LSD radix sort, eight bits a pass, passes where every key
 * has the same byte skipped: linear, where qsort's comparisons were most of
 * the time of a comparison) and removes repeats. -1 out of memory. */
static int set_normalize(similar_set *set)
{
    size_t i, n = 0, count[256];
    uint64_t *tmp;
    if (set->count < 2) return 0;
    tmp = malloc(set->count * sizeof *tmp);
    if (!tmp) return -1;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        memset(count, 0, sizeof count);
        for (i = 0; i < set->count; i++) count[(set->keys[i] >> shift) & 0xff]++;
        if (count[(set->keys[0] >> shift) & 0xff] == set->count) continue;
        for (size_t b = 0, at = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (i = 0; i < set->count; i++) tmp[count[(set->keys[i] >> shift) & 0xff]++] = set->keys[i];
        memcpy(set->keys, tmp, set->count * sizeof *tmp);
    }
    free(tmp);
    for (i = 0; i < set->count; i++)
        if (n == 0 || set->keys[n - 1] != set->keys[i]) set->keys[n++] = set->keys[i];
    set->count = n;
    return 0;
}

static inline uint32_t next_kept(const char *text, size_t len, size_t *pos);

/* The shingles of text one after the other: *key receives each, returns 0
 * at the end. A window of n code points slides over the kept characters;
 * three or fewer fit exactly in the key (21 bits each), more are hashed: a
 * polynomial hash modulo 2^64 rolled one character at a time (Karp and
 * Rabin), then mixed (a collision in 2^63 is no concern at these sizes). */
typedef struct shingler {
    const char *text;
    size_t len, pos, seen;
    unsigned n, at;                  /* the ring's next place */
    uint64_t hash, drop;         /* the window's hash; SHINGLE_BASE^(n-1) */
    uint32_t ring[SIMILAR_MAX_CHARS];
} shingler;

#define SHINGLE_BASE 0x100000001b3ull   /* odd: FNV's prime */

static uint64_t mix(uint64_t x);

static inline int shingle_next(shingler *sh, uint64_t *key)
{
    uint32_t cp;
    while ((cp = next_kept(sh->text, sh->len, &sh->pos)) != 0) {
        unsigned at = sh->at;
        sh->at = at + 1 == sh->n ? 0 : at + 1;
        if (sh->n <= 3) {
            sh->hash = (sh->hash << 21 | cp) & ((1ull << (21 * sh->n)) - 1);
        } else {
            if (sh->seen >= sh->n) sh->hash -= sh->ring[at] * sh->drop;
            sh->hash = sh->hash * SHINGLE_BASE + cp;
        }
        sh->ring[at] = cp;
        if (++sh->seen < sh->n) continue;
        /* the rolling hash's high bits are well spread by one multiply */
        *key = sh->n <= 3 ? sh->hash : (sh->hash * 0x9e3779b97f4a7c15ull) >> 1;
        return 1;
    }
    return 0;
}

static void shingler_init(shingler *sh, const char *text, size_t len, unsigned n)
{
    memset(sh, 0, sizeof *sh);
    sh->text = text;
    sh->len = len;
    sh->n = n < 1 ? 1 : n > SIMILAR_MAX_CHARS ? SIMILAR_MAX_CHARS : n;
    sh->drop = 1;
    for (unsigned i = 1; i < sh->n; i++) sh->drop *= SHINGLE_BASE;
}

int similar_set_add(similar_set *set, const char *text, size_t len, unsigned n)
{
    shingler sh;
    uint64_t key;
    /* At most one shingle per byte: reserve once. */
    if (VEC_RESERVE(set->keys, set->cap, set->count + len + 1) != 0) return -1;
    shingler_init(&sh, text, len, n);
    while (shingle_next(&sh, &key)) set->keys[set->count++] = key;
    return set_normalize(set);
}

int similar_set_of(similar_set *set, const char *text, size_t len, unsigned n)
{
    set->count = 0;
    return similar_set_add(set, text, len, n);
}

void similar_set_free(similar_set *set)
{
    if (!set) return;
    free(set->keys);
    set->keys = NULL;
    set->count = set->cap = 0;
}

size_t similar_common(const similar_set *a, const similar_set *b)
{
    size_t i = 0, j = 0, n = 0;
    while (i < a->count && j < b->count) {
        if (a->keys[i] < b->keys[j]) i++;
        else if (a->keys[i] > b->keys[j]) j++;
        else { n++; i++; j++; }
    }
    return n;
}

double similar_jaccard(const similar_set *a, const similar_set *b)
{
    size_t common = similar_common(a, b), all = a->count + b->count - common;
    return all ? (double)common / (double)all : 0.0;
}

double similar_containment(const similar_set *a, const similar_set *b)
{
    size_t least = a->count < b->count ? a->count : b->count;
    return least ? (double)similar_common(a, b) / (double)least : 0.0;
}

/* SplitMix64's finalizer (Steele, Lea and Flood, 2014): a fixed bijection
 * of 64-bit values whose order looks random, so that the smallest values
 * of a set are a random sample of it, the same sample in every text. The
 * top bit is cleared: the store keeps them as SQLite's signed integers. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x >> 1;
}

/* Inserts h into out[0..*n), ascending, at most k, once. */
static void bottom_insert(int64_t *out, size_t *n, size_t k, int64_t h)
{
    size_t j;
    if (*n == k && h >= out[k - 1]) return;
    for (j = 0; j < *n; j++)
        if (out[j] == h) return;
    j = *n < k ? (*n)++ : k - 1;
    /* Insertion into a sorted array of at most k: k is a handful. */
    while (j > 0 && out[j - 1] > h) {
        out[j] = out[j - 1];
        j--;
    }
    out[j] = h;
}

size_t similar_sketch(const similar_set *set, int64_t *out, size_t k)
{
    size_t n = 0;
    if (k == 0) return 0;
    for (size_t i = 0; i < set->count; i++) bottom_insert(out, &n, k, (int64_t)mix(set->keys[i]));
    return n;
}

/* The next kept character of text[*pos..len), ASCII folded to lower case,
 * or 0 at the end. */
static inline uint32_t next_kept(const char *text, size_t len, size_t *pos)
{
    uint32_t cp;
    while (*pos < len) {
        const unsigned char *p = (const unsigned char *)text + *pos;
        /* The common case first: an ideograph of U+4E00..U+9FFF, three
         * bytes E4..E9 (chars.h's inline range), kept. */
        if (p[0] >= 0xE4 && p[0] <= 0xE9 && len - *pos >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            *pos += 3;
            return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        }
        /* ASCII: letters and digits kept (letters folded), the rest not;
         * the CJK space and marks U+3000..U+3004, U+3008..U+301F (、。
         * 「」《》【】 …: E3 80 80-84, 88-9F) not: no table search. (〇 々
         * and the rest of the block go to the table.) */
        if (p[0] < 0x80) {
            (*pos)++;
            if ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') return p[0] | 0x20;
            if (p[0] >= '0' && p[0] <= '9') return p[0];
            continue;
        }
        if (p[0] == 0xE3 && len - *pos >= 3 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x84) ||
                                                                 (p[2] >= 0x88 && p[2] <= 0x9F))) {
            *pos += 3;
            continue;
        }
        size_t step = utf8_decode_fast(text + *pos, len - *pos, &cp);
        *pos += step ? step : 1;
        if (!chars_is(cp, SIMILAR_KEPT)) continue;
        if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
        return cp & 0x1fffff;
    }
    return 0;
}

size_t similar_sketch_text(const char *text, size_t len, unsigned n, int64_t *out, size_t k)
{
    shingler sh;
    uint64_t key;
    size_t count = 0;
    if (k == 0) return 0;
    shingler_init(&sh, text, len, n);
    if (sh.n <= 3) {
        while (shingle_next(&sh, &key)) bottom_insert(out, &count, k, (int64_t)mix(key));
        return count;
    }
    /* The loop of every article stored: shingle_next's rolling hash kept in
     * registers, ideographs decoded inline (the same values). */
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    uint64_t hash = 0, drop = sh.drop;
    uint32_t ring[SIMILAR_MAX_CHARS];
    unsigned at = 0, seen = 0;
    while (p < end) {
        uint32_t cp;
        if (p[0] >= 0xE4 && p[0] <= 0xE9 && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            p += 3;
        } else {
            size_t pos = (size_t)(p - (const unsigned char *)text);
            cp = next_kept(text, len, &pos);
            p = (const unsigned char *)text + pos;
            if (!cp) break;
        }
        if (seen >= sh.n) hash -= ring[at] * drop;
        hash = hash * SHINGLE_BASE + cp;
        ring[at] = cp;
        at = at + 1 == sh.n ? 0 : at + 1;
        if (++seen < sh.n) continue;
        key = (hash * 0x9e3779b97f4a7c15ull) >> 1;
        int64_t h = (int64_t)mix(key);
        if (count == k && h >= out[k - 1]) continue;
        bottom_insert(out, &count, k, h);
    }
    return count;
}

int64_t similar_title_key(const char *text, size_t len)
{
    /* FNV-1a over the kept code points, then mixed. */
    uint64_t h = 0xcbf29ce484222325ull;
    size_t pos = 0, seen = 0;
    uint32_t cp;
    while ((cp = next_kept(text, len, &pos)) != 0) {
        h = (h ^ cp) * 0x100000001b3ull;
        seen++;
    }
    if (!seen) return 0;
    int64_t key = (int64_t)mix(h);
    return key ? key : 1;
}
