/* pdf_flate.c — Flate compression of PDF streams with one reused zlib
 * state, written into libharu streams marked /Filter /FlateDecode (see
 * pdf_flate.h for why libharu's own deflate is bypassed). */
#include "pdf_flate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

struct pdf_flate {
    z_stream zs;
    unsigned char out[16384];  /* compressed bytes on their way to libharu */
};

pdf_flate *pdf_flate_create(int level)
{
    pdf_flate *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    /* zlib's default window (32 KB) and memLevel 8: a page's content is a
     * few kilobytes, but font programs are hundreds. */
    if (deflateInit2(&z->zs, level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        return NULL;
    }
    return z;
}

void pdf_flate_destroy(pdf_flate *z)
{
    if (!z) return;
    deflateEnd(&z->zs);
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

int pdf_flate_put(pdf_flate *z, HPDF_Dict stream_dict, const void *data, size_t len)
{
    int rc;

    if (!stream_dict || !stream_dict->stream) return -1;
    stream_dict->filter = HPDF_STREAM_FILTER_NONE;
    /* An empty stream stays empty and unfiltered (no Flate data to decode). */
    if (len == 0) return 0;
    if (len > UINT_MAX / 2 || deflateReset(&z->zs) != Z_OK) return -1;
    z->zs.next_in = (Bytef *)data;   /* zlib's API is not const-correct */
    z->zs.avail_in = (uInt)len;
    /* Through a small buffer: one the size of a font program would cost a
     * page fault for every 4 KB of it. */
    do {
        z->zs.next_out = z->out;
        z->zs.avail_out = sizeof z->out;
        rc = deflate(&z->zs, Z_FINISH);
        if (rc != Z_OK && rc != Z_STREAM_END) return -1;
        if (HPDF_Stream_Write(stream_dict->stream, z->out, (HPDF_UINT)(sizeof z->out - z->zs.avail_out)) != HPDF_OK)
            return -1;
    } while (rc != Z_STREAM_END);
    stream_dict->write_fn = flate_filter_write;
    return 0;
}
