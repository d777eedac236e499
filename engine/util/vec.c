/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vec.c — the growable array of vec.h. */
#include "util/vec.h"

#include <stdint.h>
#include <string.h>

int vec_grow(void *array_ptr, size_t *cap, size_t need, size_t elem_size)
{
    void *old, *grown;
    size_t n;

    if (need <= *cap) return 0;
    if (elem_size == 0 || need > SIZE_MAX / elem_size) return -1;
    n = *cap <= SIZE_MAX / 2 / elem_size ? *cap * 2 : need;
    if (n < 8) n = 8;
    if (n < need || n > SIZE_MAX / elem_size) n = need;
    /* The caller's pointer is a T *, read and written as bytes: a T * and
     * a void * have the same representation on every target brief builds
     * for, and memcpy keeps this clear of the aliasing rules. */
    memcpy(&old, array_ptr, sizeof old);
    grown = realloc(old, n * elem_size);
    if (!grown) return -1;
    memcpy(array_ptr, &grown, sizeof grown);
    *cap = n;
    return 0;
}
