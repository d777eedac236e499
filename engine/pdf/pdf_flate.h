/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_flate.h — internal to the pdf module: stream data Flate-compressed
 * here and handed to libharu as already filtered.
 *
 * libharu 2.3 deflates every stream itself at zlib's default level
 * (deflateInit with Z_DEFAULT_COMPRESSION in HPDF_Stream_WriteToStream),
 * which was a quarter of the time of setting a long document. Compressing
 * here lets the pdf module choose the compressor (libdeflate) and its level,
 * and reuse one compressor and one output buffer for every stream of a
 * save. */
#ifndef BRIEF_PDF_FLATE_H
#define BRIEF_PDF_FLATE_H

#include <stddef.h>

#include <hpdf.h>
#include <hpdf_objects.h>

typedef struct pdf_flate pdf_flate;

/* A compressor at libdeflate's level (1 fastest .. 12 smallest). NULL when
 * out of memory or level is out of range. Free with pdf_flate_destroy
 * (NULL: no-op). */
pdf_flate *pdf_flate_create(int level);
void pdf_flate_destroy(pdf_flate *z);

/* Writes bytes already compressed (pdf_flate_copy; len 0: an empty,
 * unfiltered stream) into the stream of stream_dict (an
 * HPDF_DictStream_New object, or a page's contents, whose stream must be
 * empty), which is then written with /Filter /FlateDecode and no filter of
 * libharu's. Needs no compressor: the bytes may have been made on another
 * thread. Returns 0, or -1 when libharu fails. */
int pdf_flate_put_compressed(HPDF_Dict stream_dict, const void *deflated, size_t len);

/* Compresses data[0..len) (len > 0) into a block of its own: *out (the
 * caller frees it) and *outlen. Returns 0, or -1 when memory runs out
 * (*out NULL). */
int pdf_flate_copy(pdf_flate *z, const void *data, size_t len, unsigned char **out, size_t *outlen);

/* Compresses data[0..len) (len > 0) into the compressor's own buffer:
 * *out (transfer none: valid until the next call on z) and its length.
 * Returns 0, or -1 when memory runs out. */
int pdf_flate_bytes(pdf_flate *z, const void *data, size_t len, const unsigned char **out, size_t *outlen);

#endif
