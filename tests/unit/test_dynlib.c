/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_dynlib.c — a library opened with its functions found, and the two
 * failures a user meets (the package not installed, a library without a
 * function) each a sentence naming what to install or what is missing. */
#include "harness.h"
#include "util/dynlib.h"

#include <stdlib.h>
#include <string.h>

typedef struct libc_api {
    __typeof__(&strlen) strlen;
    __typeof__(&abs) abs;
} libc_api;

TEST(opens_and_fills_every_slot)
{
    libc_api api = {0};
    char err[256] = "";
    const dynlib_symbol symbols[] = {{"strlen", (void **)&api.strlen}, {"abs", (void **)&api.abs}};
    void *lib = dynlib_open("libc.so.6", "libc6", "testing", symbols, 2, err, sizeof err);
    CHECK(lib != NULL);
    CHECK_INT(api.strlen("brief"), 5);
    CHECK_INT(api.abs(-3), 3);
}

TEST(a_missing_library_names_its_package)
{
    void *slot = NULL;
    char err[256] = "";
    const dynlib_symbol symbols[] = {{"anything", &slot}};
    CHECK(dynlib_open("libbrief-not-there.so.9", "libbrief-not-there9", "reading PDF", symbols, 1, err,
                      sizeof err) == NULL);
    CHECK(strstr(err, "reading PDF needs libbrief-not-there.so.9 (Debian libbrief-not-there9)") == err);
    CHECK(slot == NULL);
}

TEST(a_missing_function_is_named)
{
    void *a = NULL, *b = NULL;
    char err[256] = "";
    const dynlib_symbol symbols[] = {{"strlen", &a}, {"brief_no_such_function", &b}};
    CHECK(dynlib_open("libc.so.6", "libc6", "reading HTML", symbols, 2, err, sizeof err) == NULL);
    CHECK_STR(err, "reading HTML: libc.so.6 has no brief_no_such_function");
}

int main(void)
{
    RUN(opens_and_fills_every_slot);
    RUN(a_missing_library_names_its_package);
    RUN(a_missing_function_is_named);
    return harness_done();
}
