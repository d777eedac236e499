/* SPDX-License-Identifier: GPL-3.0-or-later */
/* similar.h — how much of one text is in another: the measure behind
 * corrected re-sends and reprints (issue 19, docs/ingest.md section 17).
 *
 * A text (already folded to simplified script by the caller: fold.h) is
 * reduced to its set of shingles: every run of n consecutive characters
 * over its letters, digits and ideographs only (white space, punctuation
 * and symbols are skipped, so that a re-typed comma, a full-width space or
 * a line broken elsewhere changes nothing; ASCII case folded). Trigrams
 * (n = 3) are kept exactly (three code points of 21 bits in one 64-bit
 * key); longer runs by a 64-bit hash. Two sets give the Jaccard similarity
 * |A∩B| / |A∪B| (a re-send: the same text with small edits) and the
 * containment |A∩B| / min(|A|, |B|) (a reprint: one text shortened, or with
 * a lead of its own, inside the other). Short shingles forgive edits; long
 * ones are not shared by texts that only use the same phrases.
 *
 * For finding candidates through an index without comparing all pairs,
 * similar_sketch gives the k smallest values of a mixing hash of the set
 * (a bottom-k MinHash sketch): two texts share one of them with a
 * probability that grows with their overlap (docs/ingest.md has the
 * figures).
 *
 * Contract: pure functions, no globals, no I/O; the set is a buffer the
 * caller owns (similar_set, freed with similar_set_free). Knows nothing of
 * the store or of SQLite. */
#ifndef BRIEF_SIMILAR_H
#define BRIEF_SIMILAR_H

#include <stddef.h>
#include <stdint.h>

/* A set of trigrams: keys[0..count) ascending, no repeats. */
typedef struct similar_set {
    uint64_t *keys;
    size_t count, cap;
} similar_set;

#define SIMILAR_SET_INIT {NULL, 0, 0}

/* The longest shingle, in characters. */
#define SIMILAR_MAX_CHARS 16

/* Replaces the content of set with the shingles of n characters (1 to
 * SIMILAR_MAX_CHARS) of text[0..len) (UTF-8, invalid bytes read as U+FFFD
 * and skipped). A text with fewer than n letters, digits or ideographs
 * gives the empty set. Returns 0, or -1 when memory runs out (set then
 * empty). */
int similar_set_of(similar_set *set, const char *text, size_t len, unsigned n);

/* Adds the shingles of text[0..len) to those already in set (the text is
 * read on its own: no shingle spans the two). 0, or -1 out of memory. */
int similar_set_add(similar_set *set, const char *text, size_t len, unsigned n);

/* Frees the keys; the set may be used again. NULL is a no-op. */
void similar_set_free(similar_set *set);

/* |a ∩ b|. */
size_t similar_common(const similar_set *a, const similar_set *b);

/* Jaccard similarity |a∩b| / |a∪b| in [0, 1]; two empty sets give 0. */
double similar_jaccard(const similar_set *a, const similar_set *b);

/* Containment |a∩b| / min(|a|, |b|) in [0, 1]: 1 when the smaller is
 * inside the larger. An empty set gives 0. */
double similar_containment(const similar_set *a, const similar_set *b);

/* The k smallest values of the set's keys under a fixed mixing hash (the
 * same in every process and build), ascending, into out[0..k); returns how
 * many were written (fewer than k when the set is smaller). */
size_t similar_sketch(const similar_set *set, int64_t *out, size_t k);

/* The same k values as similar_sketch(similar_set_of(text, n)), in one
 * pass over text without building the set (for every article stored: no
 * sort, no allocation). Returns how many were written. */
size_t similar_sketch_text(const char *text, size_t len, unsigned n, int64_t *out, size_t k);

/* A key of a title: a hash of its letters, digits and ideographs in order
 * (white space and punctuation left out, ASCII case folded), in
 * [1, 2^63): equal titles give equal keys; 0 for a title without one. */
int64_t similar_title_key(const char *text, size_t len);

#endif
