/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sbuf.h — a growable byte buffer, always NUL-terminated.
 *
 * Contract: an sbuf is a value the caller owns (usually on the stack), set up
 * with SBUF_INIT and released with sbuf_free. Appends return 0 on success and
 * -1 when memory runs out; after a failure the buffer keeps what it had, and
 * sbuf_failed() stays true, so a caller may append many times and check once. */
#ifndef BRIEF_SBUF_H
#define BRIEF_SBUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct sbuf {
    char *data;     /* NUL-terminated; NULL until the first append */
    size_t len;     /* bytes used, not counting the NUL */
    size_t cap;     /* bytes allocated */
    int failed;     /* an append ran out of memory */
} sbuf;

#define SBUF_INIT {NULL, 0, 0, 0}

int sbuf_append(sbuf *b, const char *data, size_t len);
int sbuf_puts(sbuf *b, const char *s);
int sbuf_putc(sbuf *b, char c);
__attribute__((format(printf, 2, 3)))
int sbuf_printf(sbuf *b, const char *fmt, ...);
int sbuf_vprintf(sbuf *b, const char *fmt, va_list ap);
/* Makes room for at least extra more bytes; 0 or -1. */
int sbuf_reserve(sbuf *b, size_t extra);
/* Empties the buffer, keeping its memory. */
void sbuf_clear(sbuf *b);
/* Hands the string to the caller (free() it; never NULL unless out of
 * memory: an empty buffer gives ""); the buffer is left empty. */
char *sbuf_detach(sbuf *b);
void sbuf_free(sbuf *b);
#define sbuf_failed(b) ((b)->failed)

#endif
