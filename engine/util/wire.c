/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wire.c — see wire.h. */
#include "util/wire.h"

#include <math.h>
#include <string.h>

void wire_put_u32(sbuf *b, uint32_t v) { sbuf_append(b, (const char *)&v, 4); }
void wire_put_f32(sbuf *b, float v) { sbuf_append(b, (const char *)&v, 4); }

uint32_t wire_get_u32(wire_reader *r)
{
    uint32_t v = 0;
    if (r->left < 4) { r->bad = 1; return 0; }
    memcpy(&v, r->p, 4);
    r->p += 4;
    r->left -= 4;
    return v;
}

float wire_get_f32(wire_reader *r, float lo, float hi)
{
    float v = 0;
    if (r->left < 4) { r->bad = 1; return 0; }
    memcpy(&v, r->p, 4);
    r->p += 4;
    r->left -= 4;
    if (!isfinite(v) || v < lo || v > hi) { r->bad = 1; return 0; }
    return v;
}

const unsigned char *wire_get_bytes(wire_reader *r, size_t n)
{
    if (r->left < n) { r->bad = 1; return NULL; }
    const unsigned char *p = r->p;
    r->p += n;
    r->left -= n;
    return p;
}
