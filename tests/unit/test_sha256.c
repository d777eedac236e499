/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sha256.c — SHA-256 through libcrypto opened on first use: not
 * loaded before something is hashed (issue 18), then the known vectors of
 * FIPS 180-2 ("", "abc", a million "a"), the last fed in uneven pieces, and
 * the one-shot and incremental forms agreeing. */
#include "harness.h"
#include "util/sha256.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#ifndef SHA256_CRYPTO_SONAME
#define SHA256_CRYPTO_SONAME "libcrypto.so.3"
#endif

static const char empty_hex[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char abc_hex[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char million_a_hex[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

/* Runs first: nothing before it has hashed. */
TEST(libcrypto_is_not_loaded_until_something_is_hashed)
{
    char hex[SHA256_HEX_LEN + 1], err[256] = "";
    CHECK(dlopen(SHA256_CRYPTO_SONAME, RTLD_NOW | RTLD_NOLOAD) == NULL);
    CHECK_INT(sha256_hex("abc", 3, hex, err, sizeof err), 0);
    CHECK(dlopen(SHA256_CRYPTO_SONAME, RTLD_NOW | RTLD_NOLOAD) != NULL);
}

TEST(one_shot_known_vectors)
{
    char hex[SHA256_HEX_LEN + 1], err[256] = "";
    CHECK_INT(sha256_hex("", 0, hex, err, sizeof err), 0);
    CHECK_STR(hex, empty_hex);
    CHECK_INT(sha256_hex(NULL, 0, hex, err, sizeof err), 0);
    CHECK_STR(hex, empty_hex);
    CHECK_INT(sha256_hex("abc", 3, hex, err, sizeof err), 0);
    CHECK_STR(hex, abc_hex);
}

TEST(incremental_known_vectors)
{
    char hex[SHA256_HEX_LEN + 1], err[256] = "";
    sha256_ctx *ctx = sha256_create(err, sizeof err);
    CHECK(ctx != NULL);
    CHECK_INT(sha256_final_hex(ctx, hex), 0);
    CHECK_STR(hex, empty_hex);
    sha256_destroy(ctx);

    ctx = sha256_create(err, sizeof err);
    CHECK(ctx != NULL);
    sha256_update(ctx, "a", 1);
    sha256_update(ctx, NULL, 0);
    sha256_update(ctx, "bc", 2);
    unsigned char digest[SHA256_DIGEST_LEN];
    CHECK_INT(sha256_final(ctx, digest), 0);
    CHECK_INT(digest[0], 0xba);
    CHECK_INT(digest[31], 0xad);
    sha256_destroy(ctx);
    sha256_destroy(NULL);
}

/* A million "a" fed in pieces that straddle the 64-byte blocks. */
TEST(a_long_input_in_pieces)
{
    const size_t total = 1000000;
    char *a = malloc(total);
    char hex[SHA256_HEX_LEN + 1], err[256] = "";
    CHECK(a != NULL);
    memset(a, 'a', total);
    sha256_ctx *ctx = sha256_create(err, sizeof err);
    CHECK(ctx != NULL);
    static const size_t pieces[] = {1, 63, 64, 65, 127, 1000, 4096, 55, 56, 57};
    size_t off = 0;
    for (size_t i = 0; off < total; i++) {
        size_t n = pieces[i % (sizeof pieces / sizeof pieces[0])];
        if (n > total - off) n = total - off;
        sha256_update(ctx, a + off, n);
        off += n;
    }
    CHECK_INT(sha256_final_hex(ctx, hex), 0);
    CHECK_STR(hex, million_a_hex);
    sha256_destroy(ctx);
    CHECK_INT(sha256_hex(a, total, hex, err, sizeof err), 0);
    CHECK_STR(hex, million_a_hex);
    free(a);
}

int main(void)
{
    RUN(libcrypto_is_not_loaded_until_something_is_hashed);
    RUN(one_shot_known_vectors);
    RUN(incremental_known_vectors);
    RUN(a_long_input_in_pieces);
    return harness_done();
}
