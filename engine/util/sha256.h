/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sha256.h — SHA-256 through OpenSSL's libcrypto, opened when something is
 * first hashed (util/dynlib.h), not linked: ingest hashes each file it
 * stores and batch its jobs' inputs, but linked, libcrypto cost every
 * brief process (typeset, run, search …) its loading at start-up (issue 18,
 * bench/README.md). OpenSSL's EVP is kept, not a SHA-256 of our own: it
 * uses the CPU's SHA instructions, and ingest's speed rests on them.
 *
 * Contract: no globals, as the readers keep it: each context (and each
 * sha256_hex call) opens the library and looks its functions up into a
 * table of its own; once loaded, opening again costs a lookup of the
 * soname, and the handle is never closed (dynlib.h). A failure to load
 * is one sentence in err: "hashing needs libcrypto.so.3 (Debian libssl3):
 * …". Nothing of OpenSSL shows in this header. */
#ifndef BRIEF_SHA256_H
#define BRIEF_SHA256_H

#include <stddef.h>

#define SHA256_DIGEST_LEN 32   /* bytes of a digest */
#define SHA256_HEX_LEN    64   /* its lowercase hex, without the NUL */

/* Opens libcrypto as hashing does, for `brief doctor`: 0, or -1 with err
 * set. */
int sha256_load(char *err, size_t errlen);

/* An incremental hash (opaque). */
typedef struct sha256_ctx sha256_ctx;

/* A context ready for sha256_update; NULL with err set (errlen bytes, may
 * be 0) when libcrypto cannot be loaded or memory runs out. The caller
 * frees it with sha256_destroy. */
sha256_ctx *sha256_create(char *err, size_t errlen);

/* Adds data[0..len) (data may be NULL when len is 0). A failure inside
 * OpenSSL is kept on the context and reported by sha256_final. */
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);

/* The digest of everything added, into digest (SHA256_DIGEST_LEN bytes the
 * caller owns); 0, or -1 when OpenSSL failed. The context is spent:
 * destroy it after. */
int sha256_final(sha256_ctx *ctx, unsigned char digest[SHA256_DIGEST_LEN]);

/* The same as lowercase hex into hex (SHA256_HEX_LEN + 1 bytes, NUL
 * ended; "" on failure). */
int sha256_final_hex(sha256_ctx *ctx, char hex[SHA256_HEX_LEN + 1]);

/* Frees ctx; NULL is a no-op. */
void sha256_destroy(sha256_ctx *ctx);

/* The hex SHA-256 of data[0..len) in one call (data may be NULL when len is
 * 0): 0, or -1 with hex "" and err set. */
int sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1], char *err, size_t errlen);

#endif
