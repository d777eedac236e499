/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_pack.h — internal to the pdf module: the PDF libharu wrote, rewritten
 * with its small objects in compressed object streams and a compressed
 * cross-reference stream (PDF 32000-1 7.5.7 and 7.5.8).
 *
 * libharu 2.3 writes every object as plain text and a cross-reference table
 * of 20 bytes an object: for a 150-page bulletin some 100 KB of page,
 * font, outline and length dictionaries, a fifth of the file. Packed, the
 * same objects take a few KB. Nothing is drawn differently: the objects keep
 * their numbers and their bytes, streams (page content, fonts, images) are
 * copied as they are, and the catalogue, the information dictionary and the
 * document ID stay the trailer's. The header becomes %PDF-1.5, the first
 * version with object streams.
 *
 * Contract: pdf_pack reads only the form libharu writes (one classic
 * cross-reference table, generation 0, no encryption, no incremental
 * update); anything else is left alone (returns 1) and the caller writes
 * its input unchanged. Never reads outside in[0..len). */
#ifndef BRIEF_PDF_PACK_H
#define BRIEF_PDF_PACK_H

#include <stddef.h>

#include "pdf/pdf_flate.h"
#include "util/sbuf.h"

/* Appends the packed form of the PDF in[0..len) to out, compressing with
 * z. Returns 0 when packed; 1 when the input is not of the form above (out
 * unchanged); -1 when memory runs out (out may hold part of a file). */
int pdf_pack(const unsigned char *in, size_t len, pdf_flate *z, sbuf *out);

#endif
