/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sbuf.c — growable byte buffer. */
#include "util/sbuf.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sbuf_reserve(sbuf *b, size_t extra)
{
    size_t need;

    if (b->failed) return -1;
    if (extra > (size_t)-1 / 2 - b->len) { b->failed = 1; return -1; }
    need = b->len + extra + 1;
    /* 64 bytes at least: most strings built here are short lines */
    if (VEC_RESERVE(b->data, b->cap, need > 64 ? need : 64) != 0) { b->failed = 1; return -1; }
    return 0;
}

int sbuf_append(sbuf *b, const char *data, size_t len)
{
    if (sbuf_reserve(b, len) != 0) return -1;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int sbuf_puts(sbuf *b, const char *s) { return sbuf_append(b, s, strlen(s)); }
int sbuf_putc(sbuf *b, char c) { return sbuf_append(b, &c, 1); }

int sbuf_vprintf(sbuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || sbuf_reserve(b, (size_t)n) != 0) return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int sbuf_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = sbuf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void sbuf_clear(sbuf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

char *sbuf_detach(sbuf *b)
{
    char *s = b->data;
    if (!s) s = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
    return s;
}

void sbuf_free(sbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
