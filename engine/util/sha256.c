/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sha256.c — SHA-256 through libcrypto's EVP, the library opened on first
 * use (see sha256.h). */
#include "util/sha256.h"
#include "util/dynlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Headers only: the functions are typed from them (__typeof__) and looked
 * up in the library when something is hashed. */
#include <openssl/evp.h>

#ifndef SHA256_CRYPTO_SONAME
#define SHA256_CRYPTO_SONAME "libcrypto.so.3"   /* Debian 12's libssl3 */
#endif

#define CRYPTO_API(X) \
    X(EVP_sha256) \
    X(EVP_Digest) \
    X(EVP_MD_CTX_new) \
    X(EVP_MD_CTX_free) \
    X(EVP_DigestInit_ex) \
    X(EVP_DigestUpdate) \
    X(EVP_DigestFinal_ex) \

DYNLIB_API(crypto_api, CRYPTO_API, crypto_open, SHA256_CRYPTO_SONAME, "libssl3", "hashing")

int sha256_load(char *err, size_t errlen)
{
    crypto_api api;
    return crypto_open(&api, err, errlen);
}

struct sha256_ctx {
    crypto_api api;
    EVP_MD_CTX *md;
    int failed;      /* an update failed: final reports it */
};

static void to_hex(const unsigned char *digest, char *hex)
{
    static const char digits[] = "0123456789abcdef";   /* snprintf per byte cost 2 % of an ingest */
    for (size_t i = 0; i < SHA256_DIGEST_LEN; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0x0F];
    }
    hex[SHA256_HEX_LEN] = '\0';
}

sha256_ctx *sha256_create(char *err, size_t errlen)
{
    sha256_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        if (errlen) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (crypto_open(&ctx->api, err, errlen) != 0) {
        free(ctx);
        return NULL;
    }
    ctx->md = ctx->api.EVP_MD_CTX_new();
    if (!ctx->md || ctx->api.EVP_DigestInit_ex(ctx->md, ctx->api.EVP_sha256(), NULL) != 1) {
        if (errlen) snprintf(err, errlen, "hashing: libcrypto cannot start a SHA-256 (out of memory?)");
        sha256_destroy(ctx);
        return NULL;
    }
    return ctx;
}

void sha256_update(sha256_ctx *ctx, const void *data, size_t len)
{
    if (len && ctx->api.EVP_DigestUpdate(ctx->md, data, len) != 1) ctx->failed = 1;
}

int sha256_final(sha256_ctx *ctx, unsigned char digest[SHA256_DIGEST_LEN])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (ctx->failed || ctx->api.EVP_DigestFinal_ex(ctx->md, md, &len) != 1 || len != SHA256_DIGEST_LEN) {
        ctx->failed = 1;
        return -1;
    }
    memcpy(digest, md, SHA256_DIGEST_LEN);
    return 0;
}

int sha256_final_hex(sha256_ctx *ctx, char hex[SHA256_HEX_LEN + 1])
{
    unsigned char digest[SHA256_DIGEST_LEN];
    hex[0] = '\0';
    if (sha256_final(ctx, digest) != 0) return -1;
    to_hex(digest, hex);
    return 0;
}

void sha256_destroy(sha256_ctx *ctx)
{
    if (!ctx) return;
    if (ctx->md) ctx->api.EVP_MD_CTX_free(ctx->md);
    free(ctx);
}

int sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1], char *err, size_t errlen)
{
    crypto_api api;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    hex[0] = '\0';
    if (crypto_open(&api, err, errlen) != 0) return -1;
    /* EVP_Digest in one call: a file's bytes are hashed whole. */
    if (!api.EVP_Digest(data ? data : "", len, md, &mdlen, api.EVP_sha256(), NULL) || mdlen != SHA256_DIGEST_LEN) {
        if (errlen) snprintf(err, errlen, "hashing: libcrypto failed (out of memory?)");
        return -1;
    }
    to_hex(md, hex);
    return 0;
}
