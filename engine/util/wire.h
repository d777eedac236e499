/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wire.h — numbers and byte strings written to and read from a buffer,
 * for what a reader's child process hands back to brief (pdfread.h,
 * linedoc.h). Both ends are the same brief on the same machine: native
 * byte order and floats.
 *
 * Contract: the writers append to an sbuf (its failure flag says when
 * memory ran out). The reader never reads past its end: a read that would,
 * or a float that is not finite or not within its bounds, sets r->bad and
 * returns 0 (NULL for bytes); callers check r->bad once after a group of
 * reads. No globals. */
#ifndef BRIEF_WIRE_H
#define BRIEF_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "util/sbuf.h"

typedef struct wire_reader {
    const unsigned char *p;   /* the next byte (borrowed) */
    size_t left;              /* bytes left */
    int bad;                  /* set by a read that failed */
} wire_reader;

void wire_put_u32(sbuf *b, uint32_t v);
void wire_put_f32(sbuf *b, float v);

uint32_t wire_get_u32(wire_reader *r);
/* A float, finite and within [lo, hi]. */
float wire_get_f32(wire_reader *r, float lo, float hi);
/* n bytes, borrowed from the input. */
const unsigned char *wire_get_bytes(wire_reader *r, size_t n);

#endif
