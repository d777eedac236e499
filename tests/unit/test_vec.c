/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_vec.c — the growable array: growth, contents kept, failures that
 * leave the array as it was. */
#include "harness.h"
#include "util/vec.h"

#include <stdint.h>

/* Under AddressSanitizer a request it cannot serve returns NULL, as glibc's
 * malloc does, instead of ending the process: the failure path is tested. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

TEST(reserve_grows_and_keeps_the_elements)
{
    int *a = NULL;
    size_t cap = 0, i, caps = 0, last_cap = 0;
    for (i = 0; i < 1000; i++) {
        CHECK_INT(VEC_RESERVE(a, cap, i + 1), 0);
        CHECK(cap >= i + 1);
        if (cap != last_cap) {
            /* at least doubling: few moves for many pushes */
            if (last_cap) CHECK(cap >= 2 * last_cap);
            last_cap = cap;
            caps++;
        }
        a[i] = (int)i * 3;
    }
    for (i = 0; i < 1000; i++) CHECK_INT(a[i], (int)i * 3);
    CHECK(caps <= 8);              /* 8, 16, ..., 1024 */
    free(a);
}

TEST(reserve_within_the_capacity_moves_nothing)
{
    double *a = NULL, *before;
    size_t cap = 0;
    CHECK_INT(VEC_RESERVE(a, cap, 5), 0);
    CHECK_INT(cap, 8);             /* the smallest array */
    before = a;
    CHECK_INT(VEC_RESERVE(a, cap, 8), 0);
    CHECK(a == before);
    CHECK_INT(cap, 8);
    CHECK_INT(VEC_RESERVE(a, cap, 0), 0);
    CHECK_INT(VEC_RESERVE(a, cap, 100), 0);   /* past twice the capacity: exactly what is needed */
    CHECK_INT(cap, 100);
    free(a);
}

TEST(size_overflow_fails_and_keeps_the_array)
{
    uint64_t *a = NULL, *before;
    size_t cap = 0;
    CHECK_INT(VEC_RESERVE(a, cap, 3), 0);
    a[0] = 42;
    before = a;
    CHECK_INT(VEC_RESERVE(a, cap, SIZE_MAX / 4), -1);      /* bytes do not fit in size_t */
    CHECK(a == before);
    CHECK_INT(cap, 8);
    CHECK_INT(a[0], 42);
    free(a);
}

TEST(out_of_memory_fails_and_keeps_the_array)
{
    char *a = NULL, *before;
    size_t cap = 0;
    CHECK_INT(VEC_RESERVE(a, cap, 10), 0);
    memcpy(a, "kept", 5);
    before = a;
    /* more than any malloc serves (glibc refuses sizes over PTRDIFF_MAX) */
    CHECK_INT(VEC_RESERVE(a, cap, SIZE_MAX / 2 + 1), -1);
    CHECK(a == before);
    CHECK_INT(cap, 10);            /* 10 > 8: exactly what was asked */
    CHECK_STR(a, "kept");
    free(a);
}

TEST(push_appends_and_free_empties)
{
    VEC_OF(short) v = VEC_INIT;
    int i;
    for (i = 0; i < 100; i++) CHECK_INT(VEC_PUSH(&v, (short)(i - 50)), 0);
    CHECK_INT(v.count, 100);
    CHECK(v.cap >= 100);
    for (i = 0; i < 100; i++) CHECK_INT(v.items[i], i - 50);
    VEC_FREE(&v);
    CHECK(v.items == NULL);
    CHECK_INT(v.count, 0);
    CHECK_INT(v.cap, 0);
}

TEST(push_that_cannot_grow_appends_nothing)
{
    VEC_OF(double) v = VEC_INIT;
    CHECK_INT(VEC_PUSH(&v, 1.5), 0);
    /* a count whose next element's bytes do not fit in size_t */
    v.count = SIZE_MAX / sizeof(double);
    CHECK_INT(VEC_PUSH(&v, 2.5), -1);
    CHECK_INT(v.count, SIZE_MAX / sizeof(double));
    CHECK_INT(v.cap, 8);
    CHECK_NEAR(v.items[0], 1.5, 0);
    VEC_FREE(&v);
}

int main(void)
{
    RUN(reserve_grows_and_keeps_the_elements);
    RUN(reserve_within_the_capacity_moves_nothing);
    RUN(size_overflow_fails_and_keeps_the_array);
    RUN(out_of_memory_fails_and_keeps_the_array);
    RUN(push_appends_and_free_empties);
    RUN(push_that_cannot_grow_appends_nothing);
    return harness_done();
}
