/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_imgfile.c — an image file read once and checked before libharu
 * embeds it (see pdf_imgfile.h). */
#include "pdf/pdf_imgfile.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>

#include "util/paths.h"

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

/* ---- reading the file ---- */

static int read_all(const char *path, size_t limit, unsigned char **data, size_t *size, char *why, size_t whylen)
{
    struct stat sb;
    unsigned char *buf;
    size_t got;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        snprintf(why, whylen, "%s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(why, whylen, "not a regular file");
        close(fd);
        return -1;
    }
    if (limit && (size_t)sb.st_size > limit) {
        snprintf(why, whylen, "the file (%lld bytes) is larger than the memory limit allows", (long long)sb.st_size);
        close(fd);
        return -1;
    }
    buf = malloc(sb.st_size > 0 ? (size_t)sb.st_size : 1);
    if (!buf) {
        snprintf(why, whylen, "out of memory");
        close(fd);
        return -1;
    }
    got = paths_read_full(fd, buf, (size_t)sb.st_size);   /* shorter than fstat said: what there is */
    close(fd);
    *data = buf;
    *size = got;
    return 0;
}

/* ---- PNG ---- */

typedef struct png_source {
    const unsigned char *data;
    size_t size, pos;
    jmp_buf jump;
    char message[200];
} png_source;

static void png_fail(png_structp png, png_const_charp msg)
{
    png_source *src = png_get_error_ptr(png);
    snprintf(src->message, sizeof src->message, "%s", msg ? msg : "error");
    longjmp(src->jump, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;   /* libharu ignores warnings too */
}

static void png_read_memory(png_structp png, png_bytep out, png_size_t len)
{
    png_source *src = png_get_io_ptr(png);
    if (len > src->size - src->pos) png_error(png, "the file ends before the image does");
    memcpy(out, src->data + src->pos, len);
    src->pos += len;
}

/* Decodes the whole PNG once, as libharu will (16-bit samples stripped to
 * 8), one row at a time. */
static int check_png(pdf_imgfile *f, size_t limit, char *why, size_t whylen)
{
    png_source src;
    png_structp png;
    png_infop info = NULL;      /* both set before setjmp, never after */
    unsigned char *volatile row = NULL;
    volatile int rc = -1;

    memset(&src, 0, sizeof src);
    src.data = f->data;
    src.size = f->size;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_fail, png_warn);
    if (png) info = png_create_info_struct(png);
    if (!png || !info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    if (setjmp(src.jump)) {
        snprintf(why, whylen, "not a readable PNG: %s", src.message);
        goto done;
    }
    png_set_read_fn(png, &src, png_read_memory);
    png_set_user_limits(png, PDF_IMGFILE_MAX_SIDE, PDF_IMGFILE_MAX_SIDE);
    png_read_info(png, info);
    {
        png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
        int color = png_get_color_type(png, info);
        size_t rowbytes, mask;
        int passes, pass;
        png_uint_32 y;

        if (png_get_bit_depth(png, info) == 16) png_set_strip_16(png);
        passes = png_set_interlace_handling(png);
        png_read_update_info(png, info);
        rowbytes = png_get_rowbytes(png, info);
        /* libharu keeps the rows, and an alpha mask (an alpha channel, or a
         * palette with transparency), in memory streams it then compresses. */
        mask = (color & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS) ? (size_t)w * h : 0;
        f->width_px = (int)w;
        f->height_px = (int)h;
        f->decoded_bytes = rowbytes * h + mask;
        if (limit && f->decoded_bytes > limit / 2) {
            snprintf(why, whylen, "a PNG of %u x %u pixels takes %zu MB decoded, more than the memory limit allows",
                     (unsigned)w, (unsigned)h, (f->decoded_bytes * 2) >> 20);
            goto done;
        }
        row = malloc(rowbytes ? rowbytes : 1);
        if (!row) png_error(png, "out of memory");
        for (pass = 0; pass < passes; pass++)
            for (y = 0; y < h; y++) png_read_row(png, row, NULL);
    }
    rc = 0;
done:
    free(row);
    png_destroy_read_struct(&png, &info, NULL);
    return rc;
}

/* ---- JPEG ---- */

/* The frame header (SOFn, ITU T.81 B.2.2; C4, C8 and CC are not frame
 * headers): its size, read within the file's bytes only. */
static int check_jpeg(pdf_imgfile *f, char *why, size_t whylen)
{
    const unsigned char *b = f->data;
    size_t pos = 2;

    while (pos + 4 <= f->size) {
        int m, len;
        if (b[pos] != 0xFF) break;
        m = b[pos + 1];
        if (m == 0xFF) { pos++; continue; }                 /* fill byte */
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) { pos += 2; continue; }
        len = b[pos + 2] << 8 | b[pos + 3];
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (pos + 9 > f->size) break;
            f->height_px = b[pos + 5] << 8 | b[pos + 6];
            f->width_px = b[pos + 7] << 8 | b[pos + 8];
            if (f->width_px <= 0 || f->height_px <= 0 || f->width_px > PDF_IMGFILE_MAX_SIDE ||
                f->height_px > PDF_IMGFILE_MAX_SIDE) {
                snprintf(why, whylen, "a JPEG of %d x %d pixels is out of range (1 to %d a side)", f->width_px,
                         f->height_px, PDF_IMGFILE_MAX_SIDE);
                return -1;
            }
            f->decoded_bytes = f->size;                     /* embedded as it is (DCTDecode) */
            return 0;
        }
        if (m == 0xD9 || m == 0xDA || len < 2) break;       /* no frame header before the data */
        pos += 2 + (size_t)len;
    }
    snprintf(why, whylen, "not a JPEG with a readable size");
    return -1;
}

int pdf_imgfile_read(const char *path, size_t limit_bytes, pdf_imgfile *out, char *why, size_t whylen)
{
    int rc;
    memset(out, 0, sizeof *out);
    if (read_all(path, limit_bytes, &out->data, &out->size, why, whylen) != 0) return -1;
    if (out->size >= sizeof png_signature && memcmp(out->data, png_signature, sizeof png_signature) == 0) {
        out->png = 1;
        rc = check_png(out, limit_bytes, why, whylen);
    } else if (out->size >= 4 && out->data[0] == 0xFF && out->data[1] == 0xD8) {
        rc = check_jpeg(out, why, whylen);
    } else {
        snprintf(why, whylen, "not a PNG or JPEG image");
        rc = -1;
    }
    if (rc != 0) pdf_imgfile_free(out);
    return rc;
}

void pdf_imgfile_free(pdf_imgfile *f)
{
    if (!f) return;
    free(f->data);
    memset(f, 0, sizeof *f);
}
