/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_imgfile.h — reads a PNG or JPEG file for a document and checks it
 * before libharu sees it.
 *
 * libharu hands PNGs to libpng with an error handler that returns, which
 * libpng answers with abort(): a PNG whose header lies (more rows than its
 * data holds, a bad CRC) ended the whole process, and no pcall could catch
 * it. And libharu decodes a PNG whole into memory: a 30000 x 30000 header
 * asked for gigabytes. So, before libharu:
 *  - the file is read once into memory (at most limit_bytes), and the
 *    document embeds those bytes (HPDF_Load*FromMem): what was checked is
 *    what is embedded, whatever happens to the file later;
 *  - a PNG is decoded once by libpng here, row by row into one row's
 *    buffer, with an error handler that returns to the caller (setjmp), so
 *    that every error libpng would raise in libharu is raised here first
 *    and becomes a message;
 *  - the pixel size is checked against PDF_IMGFILE_MAX_SIDE, and what
 *    libharu will hold decoded (rows and alpha mask, twice for the stream
 *    it compresses) against limit_bytes;
 *  - a JPEG (which libharu embeds without decoding) must have a frame
 *    header (SOFn) within the file, with its size in range.
 * Files shorter than a header are refused without reading past their end.
 * No globals. */
#ifndef BRIEF_PDF_IMGFILE_H
#define BRIEF_PDF_IMGFILE_H

#include <stddef.h>

/* The widest or tallest image accepted, in pixels: 20000 px is 1.7 m at
 * 300 dpi, beyond any page brief sets. */
#define PDF_IMGFILE_MAX_SIDE 20000

typedef struct pdf_imgfile {
    unsigned char *data;          /* the file's bytes (owned) */
    size_t size;
    int png;                      /* 1: PNG, 0: JPEG */
    int width_px, height_px;
    size_t decoded_bytes;         /* what libharu holds of it decoded (PNG), or size (JPEG) */
} pdf_imgfile;

/* Reads and checks path (see above). On 0, *out holds the file (free with
 * pdf_imgfile_free); on -1, *out is empty and why (whylen bytes) says what
 * is wrong, without the path. limit_bytes 0: no memory limit but the side. */
int pdf_imgfile_read(const char *path, size_t limit_bytes, pdf_imgfile *out, char *why, size_t whylen);
void pdf_imgfile_free(pdf_imgfile *f);

#endif
