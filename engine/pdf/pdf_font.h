/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_font.h — internal to the pdf module: one face of the fonts set cut
 * down with hb-subset and embedded as a PDF Type 0 / CIDFontType2 font.
 *
 * The font objects are built with libharu's object layer (hpdf_objects.h)
 * rather than through HPDF_LoadTTFontFromFile, which cannot be made to embed
 * a subset, reads composite-glyph component ids as signed 16-bit, maps
 * characters beyond the BMP to spaces and writes a ToUnicode CMap poppler
 * rejects. Here the CIDs are the subset's renumbered glyph ids (CIDToGIDMap
 * /Identity, Encoding /Identity-H), followed by half-width copies of
 * compressed punctuation when there are any, and the ToUnicode CMap is ours. */
#ifndef BRIEF_PDF_FONT_H
#define BRIEF_PDF_FONT_H

#include <stddef.h>
#include <stdint.h>

#include <hb.h>
#include <hpdf.h>

#include "fonts/fonts.h"
#include "pdf/pdf_flate.h"

typedef struct pdf_font pdf_font;

/* Glyph ids a document may draw: Identity-H codes are two bytes. */
#define PDF_FONT_GLYPHS 0x10000

/* Subsets face of fonts to the glyph ids in used (the face's own ids; .notdef
 * is added), and adds FontFile2, FontDescriptor, CIDFont, ToUnicode and the
 * Type 0 font to hpdf, their streams compressed with flate. halves (NULL:
 * none) holds the glyph ids of used that are also drawn at half their
 * advance: each gets a second CID after the subset's, the same glyph with
 * half the width in /W (then /CIDToGIDMap is a stream). codepoints maps an
 * old glyph id to the character it was drawn for (missing: no ToUnicode
 * entry). Returns NULL with a message in err on failure. Free with
 * pdf_font_destroy (NULL: no-op); the PDF objects belong to hpdf. */
pdf_font *pdf_font_embed(HPDF_Doc hpdf, pdf_flate *flate, const fonts *f, int face, const hb_set_t *used,
                         const hb_set_t *halves, const hb_map_t *codepoints, char *err, size_t errlen);
void pdf_font_destroy(pdf_font *pf);

/* The Type 0 font dictionary, for page resources (transfer none). */
HPDF_Dict pdf_font_dict(const pdf_font *pf);

/* The CID (new glyph id) of a glyph id of the original face; 0 when the
 * glyph was not in the used set. */
uint32_t pdf_font_cid(const pdf_font *pf, uint32_t old_glyph);

/* The CID of the half-width copy of a glyph id of the original face; 0 when
 * it has none (not in halves, or no room for copies). */
uint32_t pdf_font_half_cid(const pdf_font *pf, uint32_t old_glyph);

/* The advance of a CID as written in the font's /W array, in thousandths
 * of the font size. */
double pdf_font_width(const pdf_font *pf, uint32_t cid);

#endif
