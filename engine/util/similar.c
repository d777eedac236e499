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

static int cmp_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return a < b ? -1 : a > b;
}

/* Sorts the keys and removes repeats. */
static void set_normalize(similar_set *set)
{
    size_t i, n = 0;
    if (set->count < 2) return;
    qsort(set->keys, set->count, sizeof set->keys[0], cmp_u64);
    for (i = 0; i < set->count; i++)
        if (n == 0 || set->keys[n - 1] != set->keys[i]) set->keys[n++] = set->keys[i];
    set->count = n;
}

static uint32_t next_kept(const char *text, size_t len, size_t *pos);

/* The shingles of text one after the other: *key receives each, returns 0
 * at the end. A window of up to SIMILAR_MAX_CHARS code points slides over
 * the kept characters; three or fewer fit exactly in the key (21 bits
 * each), more are hashed (FNV-1a over the code points, then mixed: a
 * collision in 2^63 is no concern at these sizes). */
typedef struct shingler {
    const char *text;
    size_t len, pos, seen;
    unsigned n;
    uint32_t window[SIMILAR_MAX_CHARS];
} shingler;

static uint64_t mix(uint64_t x);

static int shingle_next(shingler *sh, uint64_t *key)
{
    uint32_t cp;
    while ((cp = next_kept(sh->text, sh->len, &sh->pos)) != 0) {
        memmove(sh->window, sh->window + 1, (sh->n - 1) * sizeof sh->window[0]);
        sh->window[sh->n - 1] = cp;
        if (++sh->seen < sh->n) continue;
        if (sh->n <= 3) {
            uint64_t k = 0;
            for (unsigned i = 0; i < sh->n; i++) k = k << 21 | sh->window[i];
            *key = k;
        } else {
            uint64_t h = 0xcbf29ce484222325ull;
            for (unsigned i = 0; i < sh->n; i++) h = (h ^ sh->window[i]) * 0x100000001b3ull;
            *key = mix(h);
        }
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
}

int similar_set_add(similar_set *set, const char *text, size_t len, unsigned n)
{
    shingler sh;
    uint64_t key;
    /* At most one shingle per byte: reserve once. */
    if (VEC_RESERVE(set->keys, set->cap, set->count + len + 1) != 0) return -1;
    shingler_init(&sh, text, len, n);
    while (shingle_next(&sh, &key)) set->keys[set->count++] = key;
    set_normalize(set);
    return 0;
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
static uint32_t next_kept(const char *text, size_t len, size_t *pos)
{
    uint32_t cp;
    while (*pos < len) {
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
    while (shingle_next(&sh, &key)) bottom_insert(out, &count, k, (int64_t)mix(key));
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
