/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vec.h — the one growable array of brief: room for more elements of a
 * typed array that its owner keeps as a pointer and a capacity.
 *
 *     line *lines = NULL; size_t count = 0, cap = 0;
 *     if (VEC_RESERVE(lines, cap, count + 1) != 0) return fail("out of memory");
 *     lines[count++] = l;
 *
 * or, for a new structure, the array, its count and capacity together:
 *
 *     VEC_OF(double) v = VEC_INIT;
 *     if (VEC_PUSH(&v, 2.5) != 0) ...;
 *     VEC_FREE(&v);
 *
 * Contract: the capacity at least doubles when the array grows (a push is
 * amortised O(1)); growing moves the array with realloc, so pointers into
 * it are invalid afterwards. Out of memory, or a size in bytes that does not
 * fit in size_t, returns -1 and leaves the array and its capacity as they
 * were (still the owner's to free): a failure is reported, never ignored
 * (the macros are warn_unused_result through vec_reserve). Elements past
 * the count are uninitialised. The owner frees the array with free(). */
#ifndef BRIEF_VEC_H
#define BRIEF_VEC_H

#include <stddef.h>
#include <stdlib.h>

/* The growing step of vec_reserve (out of line). */
__attribute__((warn_unused_result))
int vec_grow(void *array_ptr, size_t *cap, size_t need, size_t elem_size);

/* Makes room for at least need elements of elem_size bytes in the array
 * whose address (a T ** passed as void *) is array_ptr and whose capacity
 * in elements is *cap: grown to the larger of need and twice *cap (at
 * least 8). Returns 0 (nothing moves when need <= *cap, the inline path of
 * every push), or -1 with the array and *cap untouched. elem_size > 0. */
__attribute__((warn_unused_result))
static inline int vec_reserve(void *array_ptr, size_t *cap, size_t need, size_t elem_size)
{
    return need <= *cap ? 0 : vec_grow(array_ptr, cap, need, elem_size);
}

/* vec_reserve for a typed pointer variable arr and its capacity variable
 * cap (lvalues): VEC_RESERVE(doc->lines, doc->line_cap, n + 1). */
#define VEC_RESERVE(arr, cap, need) vec_reserve(&(arr), &(cap), (need), sizeof *(arr))

/* An array with its count and capacity, zero-initialised by VEC_INIT. */
#define VEC_OF(T) struct { T *items; size_t count, cap; }
#define VEC_INIT {NULL, 0, 0}
/* Appends x; 0, or -1 out of memory (nothing appended). */
#define VEC_PUSH(v, x) \
    (VEC_RESERVE((v)->items, (v)->cap, (v)->count + 1) != 0 ? -1 : ((v)->items[(v)->count++] = (x), 0))
/* Frees the array and empties v (NULL is not accepted). */
#define VEC_FREE(v) (free((v)->items), (v)->items = NULL, (v)->count = (v)->cap = 0)

#endif
