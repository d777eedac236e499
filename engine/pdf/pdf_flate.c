/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_flate.c — Flate compression of PDF streams with libdeflate, written
 * into libharu streams marked /Filter /FlateDecode (see pdf_flate.h for why
 * libharu's own deflate is bypassed).
 *
 * libdeflate compresses a whole buffer at once, which is what every stream
 * here is (a page's content, a font program, a ToUnicode CMap), and at the
 * same size does it in about a third of zlib's time (bench/README.md). Its
 * output is the zlib format FlateDecode reads. */
#include "pdf/pdf_flate.h"

#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

struct pdf_flate {
    struct libdeflate_compressor *c;
    unsigned char *out;    /* reused for every stream: grown, never shrunk */
    size_t cap;
};

pdf_flate *pdf_flate_create(int level)
{
    pdf_flate *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    z->c = libdeflate_alloc_compressor(level);
    if (!z->c) {
        free(z);
        return NULL;
    }
    return z;
}

void pdf_flate_destroy(pdf_flate *z)
{
    if (!z) return;
    libdeflate_free_compressor(z->c);
    free(z->out);
    free(z);
}

/* The dictionary's OnWrite hook, called by HPDF_Dict_Write after the
 * entries: the /Filter libharu would have written for a stream it deflated
 * itself (it drops "Filter" from a dictionary whose filter is NONE). */
static HPDF_STATUS flate_filter_write(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

int pdf_flate_bytes(pdf_flate *z, const void *data, size_t len, const unsigned char **out, size_t *outlen)
{
    size_t bound = libdeflate_zlib_compress_bound(z->c, len), n;
    if (bound > z->cap) {
        unsigned char *grown = realloc(z->out, bound);
        if (!grown) return -1;
        z->out = grown;
        z->cap = bound;
    }
    n = libdeflate_zlib_compress(z->c, data, len, z->out, z->cap);
    if (n == 0) return -1;
    *out = z->out;
    *outlen = n;
    return 0;
}

int pdf_flate_put_compressed(HPDF_Dict stream_dict, const void *deflated, size_t len)
{
    if (!stream_dict || !stream_dict->stream || len > (size_t)(HPDF_UINT)-1) return -1;
    stream_dict->filter = HPDF_STREAM_FILTER_NONE;
    /* An empty stream stays empty and unfiltered (no Flate data to decode). */
    if (len == 0) return 0;
    if (HPDF_Stream_Write(stream_dict->stream, deflated, (HPDF_UINT)len) != HPDF_OK) return -1;
    stream_dict->write_fn = flate_filter_write;
    return 0;
}

int pdf_flate_copy(pdf_flate *z, const void *data, size_t len, unsigned char **out, size_t *outlen)
{
    const unsigned char *bytes;
    *out = NULL;
    if (pdf_flate_bytes(z, data, len, &bytes, outlen) != 0 || !(*out = malloc(*outlen))) return -1;
    memcpy(*out, bytes, *outlen);
    return 0;
}
